"""Messages in French and English: complete catalogs, and values formatted for the reader."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st

import callrules
from callrules._i18n import format_duration, format_instant, negotiate
from callrules._messages import (
    CODES,
    FIELD_TITLES,
    INPUT_CODES,
    MODEL_TEXTS,
    PHRASES,
    SCHEMA_PHRASES,
)
from tests.conftest import ROOT
from tests.test_definitions import cnrs_applications

LOCALE = ROOT / "src" / "callrules" / "locale"


def catalog(lang: str, kind: str = "po") -> object:
    path = LOCALE / lang / "LC_MESSAGES" / f"callrules.{kind}"
    with path.open("rb") as handle:
        return read_po(handle, locale=lang) if kind == "po" else read_mo(handle)


class TestCatalogs:
    @pytest.mark.parametrize("lang", ["fr", "en"])
    def test_every_code_and_phrase_has_a_non_fuzzy_translation(self, lang: str) -> None:
        """Each template of the library is translated, and none is fuzzy."""
        po = catalog(lang)
        for msgid in [*CODES.values(), *PHRASES.values(), *INPUT_CODES.values(),
                      *FIELD_TITLES.values(), *SCHEMA_PHRASES.values(),
                      *(t for pair in MODEL_TEXTS.values() for t in pair)]:
            message = po.get(msgid)  # type: ignore[attr-defined]
            assert message is not None and message.string, msgid
            assert not message.fuzzy, msgid

    @pytest.mark.parametrize("lang", ["fr", "en"])
    def test_babel_finds_no_placeholder_problem(self, lang: str) -> None:
        """``Catalog.check()`` reports nothing (every %(name)s kept in translation)."""
        po = catalog(lang)
        assert list(po.check()) == []  # type: ignore[attr-defined]

    @pytest.mark.parametrize("lang", ["fr", "en"])
    def test_the_shipped_mo_matches_its_po(self, lang: str) -> None:
        """The compiled catalog holds exactly the translations of the source catalog."""
        po, mo = catalog(lang), catalog(lang, "mo")
        assert {m.id: m.string for m in po if m.id} == {  # type: ignore[attr-defined]
            m.id: m.string for m in mo if m.id}  # type: ignore[attr-defined]

    def test_the_template_lists_every_message(self) -> None:
        """callrules.pot is up to date with the code's templates."""
        with (LOCALE / "callrules.pot").open("rb") as handle:
            pot = read_po(handle)
        schema_words = {t for pair in MODEL_TEXTS.values() for t in pair}
        assert {m.id for m in pot if m.id} == set(CODES.values()) | set(PHRASES.values()) | set(
            INPUT_CODES.values()) | set(FIELD_TITLES.values()) | set(
            SCHEMA_PHRASES.values()) | schema_words


class TestLocales:
    @pytest.mark.parametrize(("given", "expected"), [
        ("fr", "fr"), ("fr-CA", "fr"), ("fr_FR", "fr"), ("FR", "fr"), ("en-GB", "en"),
        ("pt-BR", "en"), ("zz", "en"), ("", "en"), ("fr_FR.UTF-8", "fr")])
    def test_locales_resolve_to_a_language_the_library_speaks(self, given: str,
                                                               expected: str) -> None:
        """Regional variants resolve to their language; unknown ones fall back to English."""
        assert negotiate(given) == expected

    def test_the_fallback_can_be_chosen(self) -> None:
        """A Brazilian portal may prefer French over English for Portuguese readers."""
        assert negotiate("pt-BR", fallback="fr") == "fr"


class TestFormatting:
    def test_the_deadline_reads_naturally_in_both_languages(self) -> None:
        """17:00 Paris, with the zone named, in each language's own style."""
        deadline = datetime(2026, 6, 1, 17, tzinfo=ZoneInfo("Europe/Paris"))
        assert format_instant(deadline, "fr") == "1er juin 2026, 17:00 (heure de Paris)"
        assert format_instant(deadline, "en") == "June 1, 2026, 5:00\u202fPM (Paris time)"

    def test_an_instant_can_be_shown_in_the_readers_zone(self) -> None:
        """The same instant is noon in São Paulo."""
        deadline = datetime(2026, 6, 1, 17, tzinfo=ZoneInfo("Europe/Paris"))
        shown = format_instant(deadline, "fr", ZoneInfo("America/Sao_Paulo"))
        assert shown == "1er juin 2026, 12:00 (heure de São Paulo)"

    @pytest.mark.parametrize(("delta", "en", "fr"), [
        (timedelta(milliseconds=1), "1 millisecond", "1\xa0milliseconde"),
        (timedelta(minutes=30), "30 minutes", "30 minutes"),
        (timedelta(days=1, hours=2, minutes=3), "1 day and 2 hours",
         "1\xa0jour et 2\xa0heures")])
    def test_durations_are_exact_and_short(self, delta: timedelta, en: str, fr: str) -> None:
        """At most two units, never rounded to zero."""
        assert format_duration(delta, "en") == en
        assert format_duration(delta, "fr") == fr

    def test_money_is_formatted_for_the_reader(self, call: callrules.Call,
                                               app: dict[str, object]) -> None:
        """3 100,00 € in French, €3,100.00 in English."""
        app["budget"] = {"lines": [{"category": "transport", "beneficiary": "v1",
                                    "amount": {"amount": "3200", "currency": "EUR"}}]}
        (finding,) = callrules.evaluate(call, app).errors
        assert finding.message("fr") == ("Le total est de 3\u202f200,00\xa0€, soit 100,00\xa0€ "
                                         "au-dessus du plafond de 3\u202f100,00\xa0€.")
        assert finding.message("en") == ("The total is €3,200.00, €100.00 above the cap of "
                                         "€3,100.00.")


class TestEveryMessageRenders:
    def test_every_finding_of_the_ineligible_example_renders_in_both_languages(
            self, call: callrules.Call) -> None:
        """No placeholder is left unfilled, in French or English."""
        text = (ROOT / "examples" / "ineligible.json").read_text("utf-8")
        report = callrules.evaluate(call, text)
        assert len(report.errors) >= 10
        for finding in report.findings:
            for lang in ("fr", "en"):
                message = finding.message(lang)
                assert "%(" not in message and "?" not in message.replace("?", "", 0)
                assert message.strip()

    def test_a_report_renders_as_text_with_path_then_message(self, call: callrules.Call
                                                            ) -> None:
        """str(report) reads like pydantic: the path on its own line, the message under it."""
        text = (ROOT / "examples" / "ineligible.json").read_text("utf-8")
        lines = str(callrules.evaluate(call, text)).splitlines()
        assert lines[0].endswith("NOT ELIGIBLE")
        index = lines.index("  budget.lines")
        assert lines[index + 1].startswith("    The total is")


def test_locale_folder_is_shipped_inside_the_package() -> None:
    """The catalogs live under src/callrules/locale, so the wheel carries them."""
    assert Path(LOCALE / "fr" / "LC_MESSAGES" / "callrules.mo").is_file()


class TestInputProblemsInTheReadersLanguage:
    def test_bad_input_is_told_in_french_and_in_english(self, call: callrules.Call,
                                                         app: dict[str, object]) -> None:
        """A naive instant, an unknown code and a malformed amount, each in both languages."""
        app["submitted_at"] = "2026-05-28T10:42:00"
        app["language"] = "xx"
        app["budget"] = {"lines": [{"category": "transport", "beneficiary": "v1",
                                    "amount": {"amount": "3,100", "currency": "EUR"}}]}
        with pytest.raises(callrules.InputError) as info:
            callrules.evaluate(call, app)
        french = {p.path: p.message("fr") for p in info.value.problems}
        assert french["submitted_at"].startswith(
            "Une date et une heure avec leur décalage horaire sont attendues ici")
        assert french["language"] == "'xx' n’est pas un code de langue ISO 639-1 (par " \
                                     "exemple 'fr', 'en')"
        assert french["budget.lines[0].amount.amount"].startswith(
            "Un montant est attendu ici, sous forme de texte contenant un nombre décimal simple")
        english = {p.path: p.message("en") for p in info.value.problems}
        assert english["language"] == info.value.problems[1].msg

    def test_every_input_template_has_a_french_translation(self) -> None:
        """The catalog covers every kind of input problem the library names."""
        from callrules._messages import INPUT_CODES

        po = catalog("fr")
        for msgid in INPUT_CODES.values():
            message = po.get(msgid)  # type: ignore[attr-defined]
            assert message is not None and message.string and not message.fuzzy, msgid


class TestMessagesOverGeneratedApplications:
    @settings(max_examples=60)
    @given(cnrs_applications(), st.sampled_from(["fr", "en"]),
           st.sampled_from([None, "America/Sao_Paulo", "Asia/Tokyo"]))
    def test_every_finding_the_code_produces_renders_fully(
            self, data: dict[str, object], lang: str, zone: str | None) -> None:
        """Law: whatever the findings, each message is filled: no placeholder, no '?'."""
        call = callrules.calls.load("cnrs-amsud-2026")
        try:
            report = callrules.evaluate(call, data)
        except callrules.InputError:
            return
        for finding in report.findings:
            message = finding.message(lang, zone=zone)
            assert "%(" not in message and " ? " not in message and not message.endswith("?.")
            assert finding.code in CODES
        assert report.render(lang, zone)
        assert report.html(lang)
