"""Messages a person reads: values formatted in each language, messages with gaps, findings
built by platforms, and the checklist's wording."""

from __future__ import annotations

import json
import re
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hypothesis import HealthCheck, example, given
from hypothesis import strategies as st

import callrules
from callrules import _i18n
from callrules import rules as r
from callrules._i18n import format_duration, format_value, negotiate
from callrules._messages import PLURALS
from callrules._phrasing import Phrasing
from callrules._places import field_label
from callrules._report import Finding, Report, Severity
from callrules._text import report_text
from tests.conftest import ROOT, eligible_dict, kept_registries
from tests.helpers import code_tokens
from tests.laws import settings
from tests.test_definitions import minimal_call

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 6, 2, 8, tzinfo=UTC)
#: A plural message of the library's.
MESSAGES_PLURAL = ("application checked", "applications checked")
#: Plural formulas as a catalog's header writes them (C's operators on the count ``n``).
_FORMULAS = st.recursive(
    st.sampled_from(["n", "0", "1", "2", "3", "10", "100"]),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "%", "==", "!=", "<", ">=",
                                          "&&", "||"]), inner).map(
            lambda parts: f"({parts[0]} {parts[1]} {parts[2]})"),
        st.tuples(inner, inner, inner).map(lambda p: f"({p[0]} ? {p[1]} : {p[2]})")),
    max_leaves=8)
CNRS_FILE = ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml"


def finding(code: str, loc: tuple[str | int, ...] = ("host", "role"), value: object = "x",
            **ctx: object) -> Finding:
    """A finding built by hand, as a platform or a test might."""
    return Finding(code, "eligibility", Severity.ERROR, loc, value, ctx)


class TestMessages:
    def test_registering_catalogs_needs_a_folder_and_counts_it_once(
            self, tmp_path: Path, registries: None) -> None:
        """A missing folder is refused; the same folder twice is one entry."""
        with pytest.raises(NotADirectoryError):
            callrules.register_catalogs(tmp_path / "nowhere")
        callrules.register_catalogs(tmp_path)
        callrules.register_catalogs(tmp_path)
        assert _i18n._EXTRA_DIRS.count(tmp_path) == 1

    def test_no_locale_is_the_session_s_and_an_unknown_one_is_refused(self) -> None:
        """None: the session's language; a language the library does not speak: refused,
        never another chosen in its place (tests/test_reader_language.py)."""
        assert negotiate(None) == "en"               # the session's language, by default
        with pytest.raises(callrules.ArgumentError):
            negotiate("de-DE")

    @pytest.mark.parametrize(("value", "lang", "text"), [
        (timedelta(0), "en", "0 seconds"), (timedelta(0), "fr", "0\xa0seconde"),
        (True, "en", "yes"), (False, "fr", "non"), (1.5, "en", "1.5"),
        ({}, "fr", "—"), ({"fr": "bonjour", "en": "hello"}, "fr", "bonjour"),
        ({"es": "hola"}, "fr", "hola"), (frozenset(), "en", "nothing"),
        (frozenset({"b", "a"}), "fr", "a et b"), (None, "fr", "aucun"),
    ])
    def test_context_values_are_formatted_for_the_reader(self, value: object, lang: str,
                                                         text: str) -> None:
        """Zero durations, booleans, texts by language, empty and sorted sets."""
        if isinstance(value, timedelta):
            assert format_duration(value, lang) == text
        assert format_value(value, lang) == text

    def test_a_message_missing_a_value_shows_a_question_mark(self) -> None:
        """A finding built without its context still renders, never raising KeyError."""
        message = finding("too_late", value=date(2026, 6, 2)).message("en")
        assert message == "Host's position: June 2, 2026; limit: ? — ? too late."

    def test_an_unknown_code_reads_as_an_unmet_condition(self) -> None:
        """A platform's own code without a template falls back to the generic message."""
        assert finding("platform_code").message("fr") == \
            callrules.Finding("not_satisfied", "c", Severity.ERROR, (), None).message("fr")

    def test_a_country_finding_without_a_country_code_still_renders(self) -> None:
        """A missing country (None) is shown as "none", not looked up as a territory."""
        message = finding("not_allowed", loc=("institution", "location", "country"),
                          value=None, allowed=frozenset({"BR", "CL"})).message("en")
        assert message == ("Country: none is not among the accepted values (Brazil and "
                           "Chile).")

    def test_a_report_without_its_call_renders_without_clause_titles(self) -> None:
        """The clause id is given; its title needs the call, which a bare report lacks."""
        report = Report("mini", "1", "A-1", (finding("missing"),))
        text = report_text(report, "en")
        assert "Clause: eligibility" in text
        assert ">eligibility</td>" in report.html("en")


#: The library's messages (singular, plural or None), read from its French catalog.
with (ROOT / "src/callrules/locale/fr/LC_MESSAGES/callrules.po").open("rb") as _po:
    MESSAGES = [(m.id if isinstance(m.id, str) else m.id[0],
                 None if isinstance(m.id, str) else m.id[1]) for m in read_po(_po) if m.id]
PLACEHOLDER = re.compile(r"%\((\w+)\)[a-z]")
#: The progress bar's words: all it shows of the count.
PROGRESS = PLURALS["checked"]
#: How a platform's translation may go wrong, and whether registering it is refused.
MISTAKES = {"none": False, "dropped": False, "unknown": True, "lone_percent": True,
            "converted": True}


def translated(message: str, words: str, mistake: str) -> str:
    """A translation of ``message``: ``words``, its placeholders, and ``mistake`` (one
    dropped: never the progress bar's count, which every translation keeps, see
    ``test_a_progress_translation_without_its_count_is_refused``)."""
    names = PLACEHOLDER.findall(message)
    kept = names[1:] if mistake == "dropped" and message not in PROGRESS else names
    text = words.replace("%", "%%") + " " + " ".join(f"%({name})s" for name in kept)
    if mistake == "unknown":
        text += " %(nope)s"
    elif mistake == "lone_percent":
        text += " 100 %"
    elif mistake == "converted" and names:
        text = text.replace(f"%({names[0]})s", f"%({names[0]})d", 1)
    return text


class TestKeysThatAreNoText:
    @pytest.mark.parametrize("key", [1, (1, 2), 2.5, None])
    def test_a_key_that_is_not_text_is_said_in_words(self, key: object) -> None:
        """A record built in Python with a key that is not text (``{1: 2}``) is one problem
        at that key, worded in every language (what JSON keys are), not pydantic's English
        "Keys should be strings" nor a general sentence."""
        record = {**eligible_dict(), key: 2}
        (item,) = callrules.evaluate_many(callrules.calls.load("cnrs-amsud-2026"), [record])
        assert item.error is not None
        (problem,) = item.error.problems
        assert problem.type == "invalid_key"
        for lang in ("fr", "en", "es", "pt"):
            said = problem.message(lang)
            assert "JSON" in said and "should be" not in said, (lang, said)


class TestPlatformCatalogs:
    @settings(max_examples=12, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(lang=st.sampled_from(["fr", "de"]), words=st.text(max_size=20),
           mistake=st.sampled_from(sorted(MISTAKES)))
    @example(lang="fr", words="%(0)A", mistake="dropped")  # written %%(0)A: text
    def test_a_catalog_is_refused_when_registered_or_speaks(
            self, tmp_path_factory: pytest.TempPathFactory, lang: str, words: str,
            mistake: str) -> None:
        """A platform's catalog (every message translated, with a mistake or none):
        register_catalogs refuses it, naming the file and a message (bad_catalog), and
        registers nothing; or evaluate and every rendering speak it. Never an untyped
        KeyError or ValueError later, in that language (pass 16 F5)."""
        folder = tmp_path_factory.mktemp("catalogs")
        catalog = Catalog(locale=lang)
        for message, many in MESSAGES:
            if many is None:
                catalog.add(message, translated(message, words, mistake))
            else:
                catalog.add((message, many), (translated(message, words, mistake),
                                              translated(many, words, mistake)))
        (folder / lang / "LC_MESSAGES").mkdir(parents=True)
        with (folder / lang / "LC_MESSAGES" / "callrules.mo").open("wb") as handle:
            write_mo(handle, catalog)
        with kept_registries():
            before = callrules.languages()
            try:
                callrules.register_catalogs(folder)
            except callrules.DefinitionError as error:
                # (a NUL splits a compiled translation into plural forms: one of the
                # progress bar's without its count, refused as it must be)
                assert MISTAKES[mistake] or ("\0" in words and "leaves out %(count)s"
                                             in str(error)), str(error)
                assert error.code == "bad_catalog" and "callrules.mo" in str(error)
                if mistake == "converted":  # the placeholder as the translation writes it
                    assert ")d, which the message does not give" in str(error), str(error)
                assert callrules.languages() == before
                return
            assert not MISTAKES[mistake]
            call = callrules.calls.load("cnrs-amsud-2026")
            for name in ("eligible", "ineligible"):
                report = callrules.evaluate(call, json.loads(
                    (ROOT / "examples" / f"{name}.json").read_text()), now=NOW)
                assert report.render(lang) and report.html(lang) and report.to_json(lang)

    @settings(max_examples=60, deadline=None)
    @given(formula=_FORMULAS, forms=st.integers(1, 6))
    @example(formula="n / 0", forms=2)  # att82 F9: ZeroDivisionError at every use
    @example(formula="(1 / n)", forms=2)  # fails for 0 only
    @example(formula="(n + 7)", forms=2)  # a form the catalog does not have
    def test_a_plural_formula_is_refused_when_registered_or_serves_every_count(
            self, formula: str, forms: int) -> None:
        """A platform catalog's plural formula (``Plural-Forms``) that fails for some
        count, or gives a form the catalog does not declare, is refused when registered
        (bad_catalog, naming the file and the formula); one that is accepted gives one of
        its forms for every count, never an untyped error later (att82 F9: ``plural=n / 0``
        registered, a ``ZeroDivisionError`` at every plural message)."""
        catalog = Catalog(locale="de")
        catalog._num_plurals, catalog._plural_expr = forms, formula
        words = tuple(f"form {index}" for index in range(forms))
        catalog.add(MESSAGES_PLURAL, words)
        with tempfile.TemporaryDirectory() as folder, kept_registries():
            (Path(folder) / "de" / "LC_MESSAGES").mkdir(parents=True)
            with (Path(folder) / "de" / "LC_MESSAGES" / "callrules.mo").open("wb") as mo:
                write_mo(mo, catalog)
            try:
                callrules.register_catalogs(folder)
            except callrules.DefinitionError as error:
                assert error.code == "bad_catalog" and "callrules.mo" in str(error)
                assert "plural formula" in str(error)
                assert "de" not in callrules.languages()
                return
            for count in (*range(1200), 10 ** 6, 10 ** 9 + 7, 10 ** 18):
                assert _i18n.translate_plural(MESSAGES_PLURAL, count, "de") in words

    @pytest.mark.parametrize("forms", [
        ("wniosek", "wnioski", "wniosków"),  # (no count in any form)
        ("%(count)s wniosek", "%(count)s wnioski", "wniosków"),  # (one form without it)
        ("%(count)s wniosek", "%(count)s wnioski", "%(count)s wniosków 100%%")])
    def test_a_progress_translation_without_its_count_is_refused(
            self, tmp_path: Path, registries: None, forms: tuple[str, str, str]) -> None:
        """A platform's translation of the progress bar's words that leaves out
        ``%(count)s`` in any of its forms is refused when registered (bad_catalog, saying
        why in words), as ``%(count)d`` is: its bar would never show a count (look76b F4:
        "callrules: wniosków" registered). One that keeps it in every form is registered."""
        catalog = Catalog(locale="pl", domain="callrules")
        catalog.add(PROGRESS, forms)
        (tmp_path / "pl" / "LC_MESSAGES").mkdir(parents=True)
        with (tmp_path / "pl" / "LC_MESSAGES" / "callrules.mo").open("wb") as handle:
            write_mo(handle, catalog)
        if all("%(count)s" in form for form in forms):
            callrules.register_catalogs(tmp_path)
            assert "pl" in callrules.languages()
            return
        with pytest.raises(callrules.DefinitionError) as info:
            callrules.register_catalogs(tmp_path)
        assert info.value.code == "bad_catalog"
        assert "leaves out %(count)s: the progress bar would show no count" in str(info.value)
        assert "pl" not in callrules.languages()

    @pytest.mark.parametrize(("header", "key"), [
        ("nplurals=2", "catalog_plural_forms_incomplete"),  # (no formula)
        ("plural=(n != 1);", "catalog_plural_forms_incomplete"),  # (no number of forms)
        # (the number not ended: gettext finds no formula)
        ("nplurals=2 plural=(n != 1);", "catalog_plural_forms_incomplete"),
        # (no number: accepted before, the forms unknown)
        ("nplurals=x; plural=(n != 1);", "catalog_plural_forms_incomplete"),
        # (the formula not in the second segment, where gettext reads it: look77v)
        ("nplurals=2;x=1;plural=(n!=1)", "catalog_plural_forms_incomplete"),
        ("nplurals=2; plural=", "catalog_plural_forms_incomplete"),  # (an empty formula)
        ("nplurals=2; plural=;", "catalog_plural_forms_incomplete"),
        ("nplurals=2; plural=n+;", "catalog_plural_rule_wrong"),  # (gettext cannot read it)
        ("nplurals=1; plural=5;", "catalog_plural_rule_wrong"),  # (a form beyond those said)
        ("nplurals=0; plural=0;", "catalog_plural_forms_count"),
        ("nplurals=1000; plural=0;", "catalog_plural_forms_count"),
    ])
    def test_plural_forms_without_their_number_or_rule_are_refused_in_words(
            self, tmp_path: Path, registries: None, header: str, key: str) -> None:
        """A catalog whose ``Plural-Forms`` says no number of forms (``nplurals``), a number
        no language has, no formula (``plural=``, read as gettext reads it: in the header's
        second segment), or a formula gettext cannot read or that gives no form declared, is
        refused when registered with the library's words, in the reader's language
        (bad_catalog). Before: refused in gettext's own words, in English whatever the
        reader's language (« list index out of range », « unexpected end of plural form »,
        att85, look77v), or accepted (``nplurals=x``), or said without a number of forms
        (``nplurals=1000``)."""
        catalog = Catalog(locale="de", domain="callrules")
        catalog.add("Hello", "Hallo")
        with (tmp_path / "de.mo").open("wb") as handle:
            write_mo(handle, catalog)
        written = b"nplurals=2; plural=(n != 1);"
        compiled = (tmp_path / "de.mo").read_bytes()
        assert written in compiled and len(header) <= len(written)
        (tmp_path / "de" / "LC_MESSAGES").mkdir(parents=True)
        (tmp_path / "de" / "LC_MESSAGES" / "callrules.mo").write_bytes(  # (as long: the
            compiled.replace(written, header.ljust(len(written)).encode()))  # offsets kept)
        (tmp_path / "de.mo").unlink()
        with pytest.raises(callrules.DefinitionError) as info:
            callrules.register_catalogs(tmp_path)
        assert info.value.code == "bad_catalog"
        assert info.value.words is not None
        assert (info.value.words[0], info.value.words[1]["lang"]) == (key, "de")
        for lang in ("fr", "en", "es", "pt"):
            said = info.value.message_in(lang)
            assert "index" not in said and "unexpected" not in said and "plural" in said, said
            words = re.sub(r"[«“][^»”]*[»”]", "", said)  # (the header's example: quoted)
            assert not code_tokens(words), said
        if key == "catalog_plural_forms_incomplete":
            assert "its header must state both" in info.value.message_in("en")
        assert "de" not in callrules.languages()

    def test_a_catalog_unreadable_but_for_its_plural_forms_is_not_said_a_wrong_formula(
            self, tmp_path: Path, registries: None) -> None:
        """A catalog gettext cannot read for a fault of another header (a ``Content-Type``
        without its ``charset=``), its ``Plural-Forms`` sound, is refused as a catalog that
        cannot be read, never as one with a wrong plural formula: its formula read by gettext
        alone (reread77 4: no ``gettext.c2py`` of ours, whose place a bare refusal would take)."""
        catalog = Catalog(locale="de", domain="callrules")
        catalog.add("Hello", "Hallo")
        (tmp_path / "de" / "LC_MESSAGES").mkdir(parents=True)
        with (tmp_path / "de" / "LC_MESSAGES" / "callrules.mo").open("wb") as handle:
            write_mo(handle, catalog)
        written = tmp_path / "de" / "LC_MESSAGES" / "callrules.mo"
        assert b"charset=utf-8" in written.read_bytes()
        written.write_bytes(written.read_bytes().replace(b"charset=utf-8", b"charsex=utf-8"))
        with pytest.raises(callrules.DefinitionError) as info:
            callrules.register_catalogs(tmp_path)
        assert info.value.code == "bad_catalog"
        assert "that can be read" in str(info.value)
        assert "plural formula" not in str(info.value) and info.value.words is None
        assert "de" not in callrules.languages()

    @pytest.mark.parametrize("folder", ["ру", "中文", "fr_ÇA", "ελ_GR", "ené", "fr+", "de de"])
    def test_a_folder_no_reader_can_ask_for_is_refused_in_words(
            self, tmp_path: Path, registries: None, folder: str) -> None:
        """A catalog folder named otherwise than by ASCII letters and digits (``ру``,
        ``fr_ÇA``), which no ``Accept-Language`` and no ``?lang=`` the page sends can name, is
        refused at registration, in the reader's language, saying to name it by its ISO 639
        code; nothing of the folder is registered. Before, it was registered and said
        ``und`` (two such folders one tag), answered in English (look77v)."""
        catalog = Catalog(locale="de", domain="callrules")
        catalog.add("Hello", "Hallo")
        for name in ("de", folder):
            (tmp_path / name / "LC_MESSAGES").mkdir(parents=True)
            with (tmp_path / name / "LC_MESSAGES" / "callrules.mo").open("wb") as handle:
                write_mo(handle, catalog)
        with pytest.raises(callrules.DefinitionError) as info:
            callrules.register_catalogs(tmp_path)
        assert info.value.code == "bad_catalog"
        assert info.value.words == ("catalog_folder_not_a_locale_name", {"lang": folder})
        for lang in ("fr", "en", "es", "pt"):
            said = info.value.message_in(lang)
            assert "ISO 639" in said and folder in said, said
            words = re.sub(r"[«“][^»”]*[»”]", "", said)  # (the folder's name and examples)
            assert not code_tokens(words), said
        assert "de" not in callrules.languages()

    def test_a_file_that_is_no_catalog_is_refused(self, tmp_path: Path,
                                                   registries: None) -> None:
        (tmp_path / "de" / "LC_MESSAGES").mkdir(parents=True)
        (tmp_path / "de" / "LC_MESSAGES" / "callrules.mo").write_bytes(bytes(range(100)))
        with pytest.raises(callrules.DefinitionError) as info:
            callrules.register_catalogs(tmp_path)
        assert info.value.code == "bad_catalog"
        assert "de" not in callrules.languages()

    def test_the_library_s_own_catalogs_pass_the_check(self) -> None:
        for file in sorted(_i18n.LOCALE_DIR.glob("*/LC_MESSAGES/callrules.mo")):
            _i18n.checked_catalog(file)


class TestChecklistWording:
    def test_every_operator_is_described_from_the_rule(self) -> None:
        """not, exists with and without where, present, a literal set, a literal cap, and a
        days rule with a minimum and no maximum each read as the rule says."""
        rules = [
            r.rule("eligibility", r.not_(r.present("host.unit.kind"))),
            r.rule("eligibility", r.exists("approvals")),
            r.rule("eligibility", r.exists("documents", where=r.compare("kind", "==", "cv"))),
            r.rule("eligibility", r.one_of("host.role", ["engineer", "technician"])),
            r.rule("eligibility", r.total("budget.lines", {"amount": "3100.00",
                                                            "currency": "EUR"}, of="amount")),
            r.rule("eligibility", r.each("visitors", r.days("stay.arrival", "stay.departure",
                                                            min=2))),
            r.rule("eligibility", r.not_in("host.role", r.field("$root.visitors.category"))),
            r.rule("eligibility", r.unique("host.person.email")),
        ]
        call = callrules.Call.from_dict(minimal_call(rules=rules))
        text = call.checklist("en", audience="officers")
        for line in ("Not (kind of host unit: given)", "at least one item in “approvals”",
                     "at least one item of “documents” (kind of document: CV)",
                     "host's position: one of engineer or technician",
                     "total of “budget lines”: at most €3,100.00",
                     "from the date of arrival to the date of departure: at least 2 nights",
                     "host's position: none of the values of “staff category”",
                     "at most one application per host's e-mail address (the earliest "
                     "stands) (checked across all applications)"):
            assert line in text, line

    @pytest.mark.parametrize(("lang", "said"), [
        ("en", ["engineer or technician", "engineer, researcher, or technician"]),
        ("fr", ["ingénieur ou ingénieure, ou technicien ou technicienne",
                "chercheur ou chercheuse, ingénieur ou ingénieure, ou technicien ou "
                "technicienne"]),
        ("es", ["ingeniero o ingeniera, o técnico o técnica",
                "ingeniero o ingeniera, investigador o investigadora, o técnico o técnica"]),
        ("pt", ["engenheiro ou engenheira, ou técnico ou técnica",
                "engenheiro ou engenheira, pesquisador ou pesquisadora, ou técnico ou "
                "técnica"])])
    def test_a_set_of_values_is_a_choice(self, lang: str, said: list[str]) -> None:
        """A field "one of" or "none of" a set reads as a choice among its values, joined by
        « o » / « ou » / "or", never as a list of them all (« una de estas opciones:
        francés y inglés », attacker att48); a comma before the last when a value holds the
        word itself (« ingeniero o ingeniera, o técnico o técnica »)."""
        rules = [r.rule("eligibility", r.one_of("host.role", ["engineer", "technician"])),
                 r.rule("eligibility", r.not_in("host.role",
                                                ["engineer", "researcher", "technician"]))]
        text = callrules.Call.from_dict(minimal_call(rules=rules)).checklist(
            lang, audience="officers")
        for words in said:
            assert words in text, (words, text)

    def test_a_french_choice_is_no_set_to_pick_among(self) -> None:
        """« parmi » wants a plural set joined by « et »; a choice joined by « ou » reads « au
        choix » (« Langue de la candidature : parmi anglais ou français », att50s)."""
        rules = [r.rule("eligibility", r.one_of("host.role", ["engineer", "technician"]))]
        text = callrules.Call.from_dict(minimal_call(rules=rules)).checklist(
            "fr", audience="officers")
        assert "au choix " in text and not re.search(r"parmi [^;\n]* ou ", text), text

    def test_a_zero_minimum_is_not_worth_saying(self) -> None:
        """min = 0 with a maximum reads as "at most" only."""
        call = callrules.Call.from_dict(minimal_call(r.to_dict(r.each("visitors", r.days(
            "stay.arrival", "stay.departure", min=0, max=7)))))
        assert "from the date of arrival to the date of departure: at most 7 nights" in \
            call.checklist("en", audience="officers")


#: A preposition glued to an article that the language writes as one word, or an article
#: before a month, as the composed fr/es/pt sentences must never read (round 25, F8).
GLUED = {
    "fr": re.compile(r"\b(de le|de les|à le|à les|le (janvier|février|mars|avril|mai|juin|juillet"
                     r"|août|septembre|octobre|novembre|décembre))\b|au plus (tard|tôt) la\b"),
    "es": re.compile(r"\b(a el|de el|del (enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
                     r"septiembre|octubre|noviembre|diciembre))\b"),
    "pt": re.compile(r"\b(a a|a o|a os|a as|de o|de a|em o|em a)\b"),
}
#: A milestone moved by an offset, said without its article (round 25, F7).
BARE_OFFSET = {"en": "after submission deadline", "fr": "après date limite",
               "es": "después de fecha límite", "pt": "depois de prazo"}
_MILESTONES = {"deadline": datetime(2026, 6, 1, 17), "evaluation": "2026-06",
               "results": date(2026, 12, 1)}
_SIDES = [{"count": "visitors"}, {"sum": "documents", "of": "pages"},
          {"max": "documents", "of": "pages"}, {"count": "documents"}]


@st.composite
def composed_rules(draw: st.DrawFn) -> dict[str, object]:
    """A rule whose words are composed of pieces: a date field against a milestone (an
    instant, a day or a month), moved or not, by a number or a parameter; or a figure equal
    (or not) to another; under ``not`` or not."""
    if draw(st.booleans()):
        to: dict[str, object] = {"milestone": draw(st.sampled_from(sorted(_MILESTONES)))}
        offset = draw(st.sampled_from([None, 1, -2, {"param": "grace_days"}]))
        if offset is not None:
            to["days"] = offset
        rule: dict[str, object] = {"op": "compare", "path": "submitted_at",
                                   "cmp": draw(st.sampled_from(["<", "<=", ">", ">="])),
                                   "to": to}
    else:
        left, right = draw(st.lists(st.sampled_from(_SIDES), min_size=2, max_size=2,
                                    unique_by=json.dumps))
        rule = {"op": "compare", "left": left, "cmp": draw(st.sampled_from(["==", "!="])),
                "to": right}
    return {"op": "not", "rule": rule} if draw(st.booleans()) else rule


def _composed_call(rule: dict[str, object]) -> callrules.Call:
    data = minimal_call(rule, languages=["fr", "en", "es", "pt"],
                        title={lang: "Appel" for lang in ("fr", "en", "es", "pt")},
                        clauses=[{"id": "eligibility",
                                  "title": {lang: "C" for lang in ("fr", "en", "es", "pt")},
                                  "text": {lang: "T" for lang in ("fr", "en", "es", "pt")}}],
                        timeline={"opening": datetime(2026, 1, 1), **_MILESTONES},
                        parameters={"grace_days": 3})
    return callrules.Call.from_dict(data)


class TestComposedWording:
    """Sentences composed of a template and the phrases put in it read as a programme officer
    writes them: articles and prepositions contracted, a month without article, a moved
    milestone with its article, a parameter by its value (round 25, F7, F8, F9)."""

    @settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
    @given(rule=composed_rules(), lang=st.sampled_from(["en", "fr", "es", "pt"]),
           when=st.sampled_from(["2026-05-30T10:00:00+02:00", "2026-06-15T10:00:00-03:00",
                                 "2026-12-31T23:30:00-03:00"]))
    def test_no_glued_article_nor_code_in_any_language(
            self, rule: dict[str, object], lang: str, when: str) -> None:
        """The officers' reading and every finding of a composed rule: no « le juin »,
        « del junio », « a el », « a a », no bare "after submission deadline", no parameter
        by its identifier, no code token."""
        call = _composed_call(rule)
        app = {**eligible_dict(), "submitted_at": when}
        texts = [call.checklist(lang, audience="officers")]
        texts += [f.message(lang) for f in callrules.evaluate(call, app, now=NOW).errors]
        for text in texts:
            if lang in GLUED:
                assert not GLUED[lang].search(text), text
            assert BARE_OFFSET[lang] not in text, text
            assert "grace days" not in text and code_tokens(text) == [], text

    @pytest.mark.parametrize(("lang", "words"), [
        ("en", "no later than 3 days after the submission deadline (June 1, 2026, 5:00"),
        ("fr", "au plus tard 3 jours après la date limite de dépôt (1er juin 2026, 17:00"),
        ("es", "posterior a 3 días después de la fecha límite de presentación"),
        ("pt", "posterior a 3 dias depois do prazo de submissão")])
    def test_a_negated_rule_says_its_parameters_by_their_values(self, lang: str,
                                                                 words: str) -> None:
        """Under ``not``, a moved milestone keeps its offset and its date, as the officers'
        reading says it (round 25, F9)."""
        call = _composed_call({"op": "not", "rule": {
            "op": "compare", "path": "submitted_at", "cmp": "<=",
            "to": {"milestone": "deadline", "days": {"param": "grace_days"}}}})
        app = {**eligible_dict(), "submitted_at": "2026-05-30T10:00:00+02:00"}
        (found,) = callrules.evaluate(call, app, now=NOW).errors
        assert words in plain(found.message(lang))
        assert words in plain(call.checklist(lang, audience="officers"))

    @pytest.mark.parametrize(("lang", "words"), [
        ("fr", "avant juin 2026"), ("fr", "au plus tôt en juin 2026"),
        ("es", "antes de junio de 2026"), ("es", "a más tardar en junio de 2026"),
        ("pt", "até junho de 2026")])
    def test_a_month_takes_no_article(self, lang: str, words: str) -> None:
        """A field against a month milestone: « avant juin 2026 », not « avant le juin »."""
        cmp = {"avant": "<", "au plus tôt": ">=", "antes": "<"}.get(
            next((k for k in ("avant", "au plus tôt", "antes") if words.startswith(k)), ""),
            "<=")
        call = _composed_call({"op": "compare", "path": "submitted_at", "cmp": cmp,
                               "to": {"milestone": "evaluation"}})
        assert words in plain(call.checklist(lang, audience="officers"))


def plain(text: str) -> str:
    """``text`` with its no-break spaces as spaces."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


class TestANegatedConditionOnAField:
    """``not`` around a condition on one field says what the field holds, or that it was
    left out (a field left out is "other than" any set): before, « titre de la pièce : hors
    permanent » for a title never given, and "none of permanent" for a set of one value
    (attacker 41b)."""

    @settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
    @given(values=st.lists(st.sampled_from(["permanent", "draft", "signed"]), min_size=1,
                           max_size=3, unique=True),
           op=st.sampled_from(["in", "not_in", "=="]),
           title=st.sampled_from([None, "CV of Joana", "permanent", "draft"]),
           lang=st.sampled_from(["en", "fr", "es", "pt"]))
    def test_the_value_or_its_absence_is_said(self, values: list[str], op: str,
                                              title: str | None, lang: str) -> None:
        if op == "==":  # a comparison with one value: as ``in`` that value
            values = values[:1]
        inner = {"op": "compare", "path": "title", "cmp": "==", "to": values[0]} \
            if op == "==" else {"op": op, "path": "title", "set": values}
        rule = {"op": "each", "path": "documents", "rule": {"op": "not", "rule": inner}}
        call = _composed_call(rule)
        app = eligible_dict()
        if title is not None:
            app["documents"][0]["title"] = title
        else:
            app["documents"][0].pop("title", None)
        inside = (title in values) == (op != "not_in") if title is not None else op == "not_in"
        errors = [f for f in callrules.evaluate(call, app, now=NOW).errors
                  if f.loc[:2] == ("documents", 0)]
        assert len(errors) == int(inside)
        for found in errors:
            text = plain(found.message(lang))
            said = {"en": "the value given", "fr": "valeur indiquée", "es": "valor indicado",
                    "pt": "valor indicado"}[lang]
            absent = {"en": "was not given", "fr": "n’a pas été fournie",
                      "es": "no se ha indicado", "pt": "não foi fornecida"}[lang]
            if title is None:
                assert absent in text and said not in text, text
            elif op != "not_in" and len(values) == 1:  # the condition names it: said once
                assert said not in text and text.count(title) == 1, text
            else:
                assert f"{said}: {title}." in text.replace(" :", ":"), text
            if len(values) == 1 and lang == "en":
                assert "none of" not in text and "one of" not in text, text
            assert code_tokens(text) == [], text

    @pytest.mark.parametrize(("lang", "words"), [
        ("en", "title of the document: other than permanent"),
        ("fr", "titre de la pièce : hors permanent"),
        ("en", "title of the document: draft")])
    def test_a_set_of_one_value_is_that_value(self, lang: str, words: str) -> None:
        """The officers' reading of ``in``/``not_in`` a set of one value names the value."""
        op = "in" if words.endswith("draft") else "not_in"
        call = _composed_call({"op": "each", "path": "documents", "rule": {
            "op": op, "path": "title", "set": [words.rsplit(" ", 1)[-1]]}})
        assert words in plain(call.checklist(lang, audience="officers"))


class TestInstantsInTheCallsZone:
    """An instant judged by the call's clocks is said in them too (round 25, F1, F10, F12)."""

    def test_an_instant_outside_the_year_of_the_calls_clocks(self) -> None:
        """31 December at 23:30 in São Paulo is 1 January in Paris: said, not contradicted."""
        call = _composed_call({"op": "within_year", "path": "submitted_at", "year": 2026})
        app = {**eligible_dict(), "submitted_at": "2026-12-31T23:30:00-03:00"}
        (found,) = callrules.evaluate(call, app, now=NOW).errors
        assert "that is January 1, 2027, 3:30 AM (Paris time)" in plain(found.message("en"))
        assert "soit 1er janvier 2027, 03:30 (heure de Paris)" in plain(found.message("fr"))

    @pytest.mark.parametrize("lang", ["en", "fr", "es", "pt"])
    def test_at_the_end_of_a_day_deadline_is_not_late_by_nothing(self, lang: str) -> None:
        """Midnight in Paris at the end of a day deadline: that day over, and the
        instant said in Paris time, never "0 seconds too late"."""
        call = _composed_call({"op": "compare", "path": "submitted_at", "cmp": "<=",
                               "to": {"milestone": "results"}})
        app = {**eligible_dict(), "submitted_at": "2026-12-01T23:00:00Z"}
        (found,) = callrules.evaluate(call, app, now=NOW).errors
        message = plain(found.message(lang))
        assert not re.search(r"\b0\W(seconds?|segundos?)\b", message), message
        assert {"en": "that day had just ended", "fr": "ce jour venait de s’achever",
                "es": "ese día acababa de terminar",
                "pt": "esse dia tinha acabado de terminar"}[lang] in message
        assert {"en": "December 2, 2026, 12:00 AM (Paris time)",
                "fr": "2 décembre 2026, 00:00 (heure de Paris)",
                "es": "2 de diciembre de 2026, 0:00 (hora de París)",
                "pt": "2 de dezembro de 2026, 00:00 (horário de Paris)"}[lang] in message

    def test_a_computed_side_says_the_milestone_once_in_the_calls_zone(self) -> None:
        """A shifted instant against the deadline: the limit is the deadline in Paris time,
        said once, never in UTC nor in brackets within brackets within brackets."""
        call = _composed_call({"op": "compare", "left": {"shift": {"path": "submitted_at"},
                                                         "months": 1},
                               "cmp": "<=", "to": {"milestone": "deadline"}})
        app = {**eligible_dict(), "submitted_at": "2026-05-30T10:00:00+02:00"}
        (found,) = callrules.evaluate(call, app, now=NOW).errors
        message = plain(found.message("en"))
        assert "limit: the submission deadline (June 1, 2026, 5:00 PM (Paris time))" in message
        assert "UTC+00:00" not in message and ")))" not in message


class TestCallTextsInTheReadersLanguage:
    """A reader who asks for a language the call has and the library has no catalog for
    reads the call's own texts in it, the library's sentences in English (round 25, F4)."""

    def _call(self) -> callrules.Call:
        texts = {"de": "Frist", "it": "Scadenza"}
        data = minimal_call({"op": "compare", "path": "submitted_at", "cmp": "<=",
                             "to": {"milestone": "deadline"}}, languages=["de", "it"],
                            title={"de": "Aufruf", "it": "Bando"},
                            clauses=[{"id": "eligibility", "title": texts,
                                      "text": {"de": "Text", "it": "Testo"}}])
        return callrules.Call.from_dict(data)

    @pytest.mark.parametrize(("locale", "title", "clause"), [
        ("it", "Bando", "Scadenza"), ("it-CH", "Bando", "Scadenza"), ("de", "Aufruf", "Frist")])
    def test_the_checklist_and_the_report_agree_with_title_in(
            self, locale: str, title: str, clause: str) -> None:
        """``title_in``, the checklist and the report's text and HTML say the same title; a
        language neither the call nor the library has (``nl``) is refused by each display
        (the title alone, a text of the call's, still falls back to its first language)."""
        call = self._call()
        app = {**eligible_dict(), "submitted_at": "2026-06-02T10:00:00+02:00"}
        report = callrules.evaluate(call, app, now=NOW)
        assert call.title_in(locale) == title
        own = {"Bando": "it", "Aufruf": "de"}[title]  # (marked: the page is in English)
        assert f'<h1><bdi dir="ltr" lang="{own}">{title}</bdi></h1>' in call.checklist(
            locale, format="html")
        assert clause in call.checklist(locale)
        assert f"“{title}”" in report.render(locale) and clause in report.render(locale)
        assert title in report.html(locale)
        assert "Application" in report.render(locale)  # the library's words in English
        assert call.title_in("nl") == "Aufruf"
        for display in (call.checklist, report.render, report.html):
            with pytest.raises(callrules.ArgumentError):
                display("nl")


class TestCallTextsKeepTheirDirection:
    """Every text of a call's own in an HTML checklist is isolated with the direction and
    language it is written in, whatever the page's language: a Hebrew milestone label on a
    French page is drawn right to left, as the call's title and clauses are (att66 F1: 4 of 4
    milestone labels marked left to right, without their language)."""

    @pytest.mark.parametrize("page", ["en", "fr", "es", "pt"])
    @pytest.mark.parametrize("languages", [["he"], ["he", "en"], ["ar", "fr"]])
    def test_every_own_text_is_marked_with_its_language(
            self, page: str, languages: list[str]) -> None:
        first = languages[0]
        texts = {"he": "מועד אחרון להגשה (שלב 2)", "ar": "آخر موعد (المرحلة 2)",
                 "en": "Submission deadline", "fr": "Date limite de dépôt"}

        def own(word: str) -> dict[str, str]:
            return {lang: f"{texts[lang]} {word}" for lang in languages}

        data = minimal_call(languages=languages, title=own("title"),
                            timeline={"deadline": datetime(2026, 6, 1, 17),
                                      "results": datetime(2026, 7, 1)},
                            labels={"milestones": {"deadline": own("deadline"),
                                                   "results": own("results")}},
                            clauses=[{"id": "eligibility", "title": own("clause"),
                                      "text": own("text")}])
        html = callrules.Call.from_dict(data).checklist(page, format="html")
        marks = re.findall(r'<bdi dir="(\w+)"(?: lang="([\w-]+)")?>([^<]*)</bdi>', html)
        assert len(marks) == 5, html  # title, two milestones, a clause's title and text
        for direction, lang, text in marks:
            written = page if page in languages else first
            assert (direction, lang or page) == (
                "rtl" if written in ("he", "ar") else "ltr", written), (text, html)

    @pytest.mark.parametrize("page", ["en", "fr", "es", "pt"])
    @pytest.mark.parametrize("languages", [["he"], ["he", "en"], ["ar", "fr"]])
    def test_a_report_and_a_batch_mark_the_call_s_texts_as_the_checklist_does(
            self, page: str, languages: list[str]) -> None:
        """The call's title in a report's head and the clause titles of its findings and of a
        batch's failures are isolated in the direction and language they are written in, and
        each fragment says its own language, whatever page embeds it (att73 F5: 0 of 30 marked
        where the checklist marked 69 of 69)."""
        texts = {"he": "זכאות", "ar": "الأهلية", "en": "Eligibility", "fr": "Éligibilité"}
        data = minimal_call({"op": "present", "path": "answers.unanswered"},
                            languages=languages,
                            title={lang: f"{texts[lang]} title" for lang in languages},
                            clauses=[{"id": "eligibility",
                                      "title": {lang: texts[lang] for lang in languages},
                                      "text": {lang: texts[lang] for lang in languages}}])
        call = callrules.Call.from_dict(data)
        app = {**eligible_dict(), "submitted_at": "2026-05-28T10:00:00+02:00"}
        report = callrules.evaluate(call, app, now=NOW)
        assert not report.eligible
        written = page if page in languages else languages[0]
        said = {"rtl" if written in ("he", "ar") else "ltr", written}
        for kind, html in (("report", report.html(page)),
                           ("batch", callrules.evaluate_many(call, [app], now=NOW).html(page))):
            assert html.startswith(f'<div class="callrules-{kind}"') and \
                f' lang="{page}" dir="{"rtl" if page in ("he", "ar") else "ltr"}">' in \
                html[:120], html[:120]
            own = re.findall(r'<bdi dir="(\w+)"(?: lang="([\w-]+)")?>([^<]*)</bdi>', html)
            titles = [(d, lang or page) for d, lang, text in own if texts[written] in text]
            assert titles and all(set(t) == said for t in titles), (titles, html)


#: A Spanish word's first sound, as a reader hears it, by how the word begins: « e » for
#: « y » before the sound i (not before a diphthong: « hielo », « hiato »), « u » for « o »
#: before the sound o; the tail drawn after it begins with a consonant.
_SPANISH_SOUNDS = {"i": "e", "I": "e", "í": "e", "hi": "e", "Hi": "e", "hí": "e",
                   "hie": "y", "hia": "y", "ia": "y", "a": "y", "u": "y", "y": "y", "e": "y",
                   "o": "u", "O": "u", "ó": "u", "ho": "u", "Ho": "u", "hó": "u", "hu": "o"}


def _joint(text: str, words: list[str]) -> str:
    """The word that joins the last of ``words`` in ``text``, their list."""
    return text[:len(text) - len(words[-1])].rstrip().rsplit(" ", 1)[-1]


class TestSpanishConjunctions:
    """Spanish writes « e » for « y » before the sound i and « u » for « o » before the sound
    o (« francés e inglés », « técnico o técnica u otro personal técnico »), wherever the
    library joins words or puts a value after one; French and Portuguese never change
    theirs (« et », « ou », « e »)."""

    @settings(max_examples=60)
    @given(head=st.lists(st.sampled_from(["francés", "alemán", "técnico"]), min_size=1,
                         max_size=3),
           start=st.sampled_from(sorted(_SPANISH_SOUNDS)),
           tail=st.from_regex(r"[bcdfglmnrstv][a-zñáéó ]{0,8}", fullmatch=True),
           mark=st.sampled_from(["", "«", "“"]), style=st.sampled_from(["standard", "or"]))
    @example(head=["francés"], start="i", tail="nglés", mark="", style="standard")
    @example(head=["técnico o técnica"], start="o", tail="tro personal técnico", mark="",
             style="or")
    def test_the_last_word_chooses_the_conjunction(self, head: list[str], start: str,
                                                   tail: str, mark: str, style: str) -> None:
        words = [*head, mark + start + tail]
        heard = _SPANISH_SOUNDS[start]
        joint = _joint(_i18n.join_list(words, "es", style), words)
        if style == "or":
            assert joint == ("u" if heard == "u" else "o"), (words, joint)
        else:
            assert joint == ("e" if heard == "e" else "y"), (words, joint)
        for lang in ("fr", "pt", "en"):
            assert _i18n.conjunction("y", words[-1], lang) == "y"
            assert _i18n.conjunction("e", words[-1], "es") == "e"  # (only « y » and « o »)
            said = _i18n.join_list(words, lang, style)
            plain = _i18n.join_list([*head, "x"], lang, style)
            assert said == plain[:-1] + words[-1], (lang, said)

    @pytest.mark.parametrize(("value", "joint"), [
        ("8", "u"), ("80 %", "u"), ("11", "u"), ("11 000", "u"), ("11,5", "u"), ("110", "o"),
        ("1", "o"), ("ocho", "u")])
    def test_a_number_is_heard_as_it_is_said(self, value: str, joint: str) -> None:
        """« siete u ocho », « u once mil », but « o ciento diez »."""
        assert _joint(_i18n.join_list(["7", value], "es", "or"), ["7", value]) == joint

    def test_the_calls_labels_are_joined_as_they_sound(self, call: callrules.Call) -> None:
        """Every Spanish label of the bundled call, joined last after another: « e » or « u »
        exactly where it begins with the sound i or o."""
        labels = {label for label in re.findall(r'es = "([^"]+)"', (
            ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8"))}
        assert any(x.startswith(("i", "o")) for x in labels)
        for label in sorted(labels):
            words = ["alemán", label]
            begins = label.casefold()
            assert _joint(_i18n.join_list(words, "es"), words) == (
                "e" if begins.startswith("i") and begins[1] not in "aeou" else "y"), label
            assert _joint(_i18n.join_list(words, "es", "or"), words) == (
                "u" if begins.startswith(("o", "ho")) else "o"), label

    def test_a_value_after_a_conjunction_of_a_sentence(self) -> None:
        """A value put after a template's « y » (« …por país de origen e Italia (IT) ya
        alcanzó… », « entre … e inicio… »); in French and Portuguese as written."""
        from callrules.selection.render import reason_text
        from callrules.selection.result import Reason

        said = {lang: reason_text(Reason("over_limit_country", {
            "rank": 3, "limit": 1, "key": "IT"}), lang) for lang in ("es", "pt", "fr")}
        assert "origen e Italia (IT)" in said["es"], said
        assert " e Itália (IT)" in said["pt"] and " et Italie (IT)" in said["fr"], said
        assert _i18n.phrase("e_days_between", "es", start="«salida»",
                            end="«inicio»") == "el número de días entre «salida» e «inicio»"
        assert _i18n.phrase("e_days_between", "es", start="«salida»",
                            end="«hielo»") == "el número de días entre «salida» y «hielo»"


def _lab(en: str, fr: str, es: str, pt: str) -> dict[str, str]:
    return {"en": en, "fr": fr, "es": es, "pt": pt}


#: The labels of the dates an end-before-start names, by language.
_DEPARTURE = _lab("date of departure", "date de départ", "fecha de salida", "data de partida")
_ARRIVAL = _lab("date of arrival", "date d’arrivée", "fecha de llegada", "data de chegada")
_BACK = _lab("return date", "date de retour", "fecha de regreso", "data de regresso")
_RETURNS = _lab("return days", "jours de retour", "días de regreso", "dias de regresso")


#: Where an end date before its start is read: start, end, the list the rule walks inside
#: the visitor's (or None), the start's and the end's labels.
_END_BEFORE_START = {
    "own": ("stay.arrival", "stay.departure", None, _ARRIVAL, _DEPARTURE),
    "own named": ("$v.stay.arrival", "fields.back", None, _ARRIVAL, _BACK),
    "named end": ("stay.departure", "$v.fields.back", None, _DEPARTURE, _BACK),
    "outer": ("$v.stay.departure", "$t", "fields.returns", _DEPARTURE, _RETURNS),
}


class TestAnEndBeforeItsStart:
    """An end date before its start names both dates by their fields' labels (« Date of
    departure: …; it is before the date of arrival, … »), never « the start date », in four
    languages, wherever the two fields are read from (the item's own, an outer item's)."""

    @pytest.mark.parametrize("shape", sorted(_END_BEFORE_START))
    def test_both_dates_are_named_by_their_labels(self, shape: str) -> None:
        start, end, inner, start_label, end_label = _END_BEFORE_START[shape]
        days = {"op": "days", "start": start, "end": end, "max": 30}
        rule = {"op": "each", "path": "visitors", "as": "v", "rule": days if inner is None
                else {"op": "each", "path": inner, "as": "t", "rule": days}}
        call = callrules.Call.from_dict(minimal_call(rule, languages=["en", "fr", "es", "pt"], **{
            "title": _lab("Call", "Appel", "Convocatoria", "Chamada"),
            "clauses": [{"id": "eligibility", "title": _lab("E", "E", "E", "E"),
                         "text": _lab("T", "T", "T", "T")}],
            "fields": {"visitors": {"back": {"type": "date", "label": _BACK}, "returns": {
                "type": "date", "list": True, "max_length": 3, "label": _RETURNS}}}}))
        app = eligible_dict()
        for visitor in app["visitors"]:
            visitor["stay"] = {"arrival": "2026-09-24", "departure": "2026-09-20"}
            visitor["fields"] = {"back": "2026-09-10", "returns": ["2026-09-01"]}
        report = callrules.evaluate(call, app, now=NOW)
        found = [f for f in report.findings if f.code == "dates_reversed"]
        assert found, report.findings
        for lang in ("en", "fr", "es", "pt"):
            said = report.message_of(found[0], lang)
            assert said.startswith(end_label[lang][:1].upper() + end_label[lang][1:]), said
            assert start_label[lang] in said and not code_tokens(said), said
            assert not re.search(r"start date|date de début|fecha de inicio|data de início",
                                 said), said


_OPENS = _lab("opening date", "date d’ouverture", "fecha de apertura", "data de abertura")
_CLOSES = _lab("closing date", "date de clôture", "fecha de cierre", "data de encerramento")
#: Each date field by its name here: its label, and where it is written (a visitor's, or
#: the application's own fields).
_DATES = {"arrival": (_ARRIVAL, "stay"), "departure": (_DEPARTURE, "stay"),
          "back": (_BACK, "fields"), "returns": (_RETURNS, "fields"),
          "opens": (_OPENS, "root"), "closes": (_CLOSES, "root")}
#: Where a `days` rule reads its start and its end (the field each is, the path written,
#: the list walked: None at the application, "" in each visitor, else a list of the
#: visitor's), and whether the finding's place is the end's own field (its words then
#: lead with the end's label and name the start's; else the general words).
_END_PLACES = {
    "own": ("arrival", "stay.arrival", "departure", "stay.departure", "", True),
    "own named": ("arrival", "$v.stay.arrival", "back", "fields.back", "", True),
    "named end": ("departure", "stay.departure", "back", "$v.fields.back", "", True),
    "root start": ("closes", "$root.fields.closes", "departure", "stay.departure", "", True),
    "root end": ("arrival", "stay.arrival", "closes", "$root.fields.closes", "", False),
    "root both": ("opens", "$root.fields.opens", "closes", "$root.fields.closes", "", False),
    "application": ("opens", "fields.opens", "closes", "fields.closes", None, True),
    "inner, outer start": ("departure", "$v.stay.departure", "returns", "$t", "r", True),
    "inner, outer named": ("back", "$v.fields.back", "returns", "$t", "r", True),
    "inner, root start": ("closes", "$root.fields.closes", "returns", "$t", "r", True),
    "inner, outer end": ("returns", "$t", "departure", "$v.stay.departure", "r", False),
    "inner, root end": ("returns", "$t", "closes", "$root.fields.closes", "r", False),
    "inner, outer both": ("arrival", "$v.stay.arrival", "departure", "$v.stay.departure",
                          "r", False),
    "inner, root both": ("opens", "$root.fields.opens", "closes", "$root.fields.closes", "r",
                         False),
}


class TestAnEndNamedWhereItIs:
    """The heading of an end before its start is the label of the field whose date it
    shows: where the finding is placed at another field than the end (an end of an outer
    item's or of the application's, read inside a list), the general words, never that
    place's label over the end's date (att52w: « Días de estancia: 20 de septiembre…; es
    anterior al dato «días de estancia» », the end being the visitor's departure). Fourteen
    shapes, four languages."""

    @pytest.mark.parametrize("shape", sorted(_END_PLACES))
    def test_the_heading_names_the_field_of_the_date_after_it(self, shape: str) -> None:
        first, start, last, end, walked, named = _END_PLACES[shape]
        days = {"op": "days", "start": start, "end": end, "max": 300}
        rule = days if walked is None else {"op": "each", "path": "visitors", "as": "v",
                                            "rule": days if not walked else {
                                                "op": "each", "path": "fields.returns",
                                                "as": "t", "rule": days}}
        call = callrules.Call.from_dict(minimal_call(rule, languages=["en", "fr", "es", "pt"], **{
            "title": _lab("Call", "Appel", "Convocatoria", "Chamada"),
            "clauses": [{"id": "eligibility", "title": _lab("E", "E", "E", "E"),
                         "text": _lab("T", "T", "T", "T")}],
            "fields": {"application": {name: {"type": "date", "label": _DATES[name][0]}
                                       for name in ("opens", "closes")},
                       "visitors": {"back": {"type": "date", "label": _BACK}, "returns": {
                           "type": "date", "list": True, "max_length": 3,
                           "label": _RETURNS}}}}))
        app = eligible_dict()
        app["fields"] = {"opens": "2026-09-20", "closes": "2026-09-20"}
        for visitor in app["visitors"]:
            visitor["stay"] = {"arrival": "2026-09-20", "departure": "2026-09-20"}
            visitor["fields"] = {"back": "2026-09-20", "returns": ["2026-09-20"]}
        for name, day in ((first, "2026-09-24"), (last, "2026-09-10")):
            where = _DATES[name][1]
            for holder in ([app] if where == "root" else app["visitors"]):
                part = holder["fields" if where == "root" else where]
                part[name] = [day] if name == "returns" else day
        report = callrules.evaluate(call, app, now=NOW)
        found = [f for f in report.findings if f.code == "dates_reversed"]
        assert found, report.findings
        for lang in ("en", "fr", "es", "pt"):
            said = report.message_of(found[0], lang)
            head = re.match(r"([^:;,]+?)\u202f?: ([^;]+)", said)
            assert (head is not None) is named, said
            if head is not None:  # the end's label, then its date (the 10th), not the start's
                label = _DATES[last][0][lang]
                assert head[1] == label[:1].upper() + label[1:], said
                assert "10" in head[2] and "24" not in head[2], said
                assert _DATES[first][0][lang] in said, said
            assert not code_tokens(said), said


#: How a finding names another field of the application, by language.
_OTHER_QUOTED = {"en": "{}", "fr": "«\u202f{}\u202f»", "es": "«{}»", "pt": "“{}”"}


class TestAnotherFieldNamedAlike:
    """A field compared with another of the application names that other field the same way
    in the checklist (``show``) as in the finding: by its label, quoted in French, Spanish
    and Portuguese (« igual al dato «correo electrónico de la persona anfitriona» »: the
    checklist left it bare), bare in English ("the host's e-mail address")."""

    @pytest.mark.parametrize("cmp", ["==", "!="])
    def test_the_checklist_and_the_finding_quote_it_alike(self, cmp: str) -> None:
        rule = {"op": "compare", "path": "submitter.email", "cmp": cmp,
                "to": {"path": "host.person.email"}}
        call = callrules.Call.from_dict(minimal_call(rule, languages=["en", "fr", "es", "pt"], **{
            "title": _lab("Call", "Appel", "Convocatoria", "Chamada"),
            "clauses": [{"id": "eligibility", "title": _lab("E", "E", "E", "E"),
                         "text": _lab("T", "T", "T", "T")}]}))
        app = eligible_dict()
        app["submitter"]["email"] = (app["host"]["person"]["email"] if cmp == "!="
                                     else "someone.else@cnrs.fr")
        report = callrules.evaluate(call, app, now=NOW)
        assert len(report.findings) == 1, report.findings
        for lang, form in _OTHER_QUOTED.items():
            other = form.format(field_label("host.person.email", lang))
            said = report.message_of(report.findings[0], lang)
            shown = call.checklist(lang, audience="officers")
            assert other in said and other in shown, (other, said, shown)
            assert not code_tokens(said), said


#: A label that holds quotes, as a call may write it, by language (each kind of quote).
_QUOTING_LABELS = [
    _lab("opening “date”", "date « d’ouverture »", "fecha «de apertura»", "data “de abertura”"),
    _lab("“opening” date", "date «d’ouverture»", "«fecha» de apertura", "“data” de abertura"),
    _lab("opening date", "date “d’ouverture”", "fecha “de apertura”", "data ‘de abertura’"),
]
#: The quotes each language puts around a label, and those of the other level.
_QUOTE_LEVELS = {"en": ("“”", "‘’"), "fr": ("«»", "“”"), "es": ("«»", "“”"),
                 "pt": ("“”", "‘’")}


def _nested(text: str, lang: str) -> bool:
    """Whether ``text`` opens a quote of ``lang``'s first level inside another."""
    opening, closing = _QUOTE_LEVELS[lang][0]
    depth = 0
    for char in text:
        depth += (char == opening) - (char == closing)
        if depth > 1:
            return True
    return False


class TestALabelHoldingQuotes:
    """A label that holds quotes, named in quotes (another field compared with, in the
    finding and the checklist; an end before its start), has its own quotes of the other
    level, never quotes inside quotes of one kind (att52w: « igual al dato «fecha «de
    apertura»» », « “data “de abertura”” »)."""

    @pytest.mark.parametrize("which", range(len(_QUOTING_LABELS)))
    @pytest.mark.parametrize("op", ["==", "!=", "days"])
    def test_its_quotes_are_of_the_other_level(self, op: str, which: int) -> None:
        rule = ({"op": "days", "start": "fields.opens", "end": "fields.closes", "max": 30}
                if op == "days" else {"op": "compare", "path": "fields.closes", "cmp": op,
                                      "to": {"path": "fields.opens"}})
        label = _QUOTING_LABELS[which]
        call = callrules.Call.from_dict(minimal_call(rule, languages=["en", "fr", "es", "pt"], **{
            "title": _lab("Call", "Appel", "Convocatoria", "Chamada"),
            "clauses": [{"id": "eligibility", "title": _lab("E", "E", "E", "E"),
                         "text": _lab("T", "T", "T", "T")}],
            "fields": {"application": {"opens": {"type": "date", "label": label},
                                       "closes": {"type": "date", "label": _CLOSES}}}}))
        app = eligible_dict()
        app["fields"] = {"opens": "2026-09-24",
                         "closes": "2026-09-24" if op == "!=" else "2026-09-20"}
        report = callrules.evaluate(call, app, now=NOW)
        found = [f for f in report.findings if f.code != "judged_before_submission"]
        assert len(found) == 1, report.findings
        for lang in ("en", "fr", "es", "pt"):
            said = report.message_of(found[0], lang)
            shown = call.checklist(lang, audience="officers")
            quotes = "".join(_QUOTE_LEVELS[lang])
            words = re.sub(f"[{quotes}\u202f ]+", " ", label[lang]).strip()
            for text in (said, shown):
                assert not _nested(text, lang), text
            assert words in re.sub(f"[{quotes}\u202f ]+", " ", said), said

    @pytest.mark.parametrize("which", range(len(_QUOTING_LABELS)))
    def test_a_count_of_days_quotes_it_only_inside_quotes(self, which: int) -> None:
        """The sides of a count of days outside any filter: French, Spanish and Portuguese
        put each in quotes (session 44: « de la … a la … » assumed a feminine label), so
        its own quotes are of the other level there; English encloses it in none, so it
        reads as typed (never “de apertura” made ‘de apertura’: att55w G1, 2,384 sentences
        of words54), in the checklist that states the rule."""
        label = _QUOTING_LABELS[which]
        call = self._days_call(label)
        for lang in ("en", "fr", "es", "pt"):
            side = label[lang] if lang == "en" else _i18n.inner_quotes(label[lang], lang)
            shown = call.checklist(lang, audience="officers")
            assert side in shown and not _nested(shown, lang), (side, shown)

    def test_a_platform_s_translation_of_a_count_of_days_still_applies(
            self, tmp_path: Path, registries: None) -> None:
        """A platform's catalog that translated the count of days (its English words as
        its key) keeps speaking it: the key never changes with the library's wording
        (docs/how-to/add-a-translation.md; att55w G2: words54 renamed it, and such a
        catalog fell back to the library's French)."""
        catalog = Catalog(locale="fr")
        catalog.add("from the %(start)s to the %(end)s: %(bounds)s",
                    "DU %(start)s AU %(end)s : %(bounds)s")
        (tmp_path / "fr" / "LC_MESSAGES").mkdir(parents=True)
        with (tmp_path / "fr" / "LC_MESSAGES" / "callrules.mo").open("wb") as handle:
            write_mo(handle, catalog)
        callrules.register_catalogs(tmp_path)
        shown = self._days_call(_QUOTING_LABELS[0]).checklist("fr", audience="officers")
        assert "DU " in shown and " AU " in shown, shown

    @staticmethod
    def _days_call(label: dict[str, str]) -> callrules.Call:
        """A call whose one rule counts at most 30 days from a date labelled ``label`` to
        the closing date."""
        return callrules.Call.from_dict(minimal_call(
            {"op": "days", "start": "fields.opens", "end": "fields.closes", "max": 30},
            languages=["en", "fr", "es", "pt"], **{
                "title": _lab("Call", "Appel", "Convocatoria", "Chamada"),
                "clauses": [{"id": "eligibility", "title": _lab("E", "E", "E", "E"),
                             "text": _lab("T", "T", "T", "T")}],
                "fields": {"application": {"opens": {"type": "date", "label": label},
                                           "closes": {"type": "date", "label": _CLOSES}}}}))


_SIGNED = _lab("signature date", "date de signature", "fecha de firma", "data de assinatura")
#: A `days` rule inside ``exists`` (over the whole application's documents) inside ``each
#: visitors as v``: its start and its end, read from the document or from the visitor.
_FILTER_DATES = {
    "outer end": ("fields.signed_on", "$v.stay.departure"),
    "outer start": ("$v.stay.arrival", "fields.signed_on"),
    "outer both": ("$v.stay.arrival", "$v.stay.departure"),
}


def _days_side(words: Phrasing, label: str, items: str | None) -> str:
    """One side of a count of days as a person reads it: the date's label, quoted in French,
    Spanish and Portuguese, which cannot give it its article without knowing its gender
    (« entre « date de signature » et … », « entre «fecha de firma» y … »; « de la día… »
    before session 44), with its quotes of the other level there (never « «fecha «de
    cierre»» »), bare in English (never “de cierre” made ‘de cierre’: att55w G1); an outer
    item's with that item named and its label quoted in every language, as on either side
    of any test (session 44 R6)."""
    if items is not None:
        return words.p("outer_field", field=words.p("e_field", field=label),
                       items=field_label(items, words.lang))
    if words.lang == "en":
        return label
    return words.p("e_field", field=_i18n.inner_quotes(label, words.lang))


#: What a person reads of the first shape, in each language (its whole condition).
_OUTER_END_SAID = {
    "en": "from the signature date to the “date of departure” of the item of “visitors” "
          "checked: at most 300 nights",
    "fr": "entre «\u202fdate de signature\u202f» et «\u202fdate de départ\u202f» de l’élément "
          "vérifié dans «\u202fpersonnes accueillies\u202f»\u202f: au plus 300\u00a0nuits",
    "es": "entre «fecha de firma» y «fecha de salida» del elemento comprobado en "
          "«visitantes»: como máximo 300 noches",
    "pt": "entre “data de assinatura” e “data de partida” do item verificado em “visitantes”: "
          "no máximo 300 noites",
}


def _four_languages(rule: dict[str, object]) -> callrules.Call:
    return callrules.Call.from_dict(minimal_call(rule, languages=["en", "fr", "es", "pt"], **{
        "title": _lab("Call", "Appel", "Convocatoria", "Chamada"),
        "clauses": [{"id": "eligibility", "title": _lab("E", "E", "E", "E"),
                     "text": _lab("T", "T", "T", "T")}],
        "fields": {"documents": {"signed_on": {"type": "date", "label": _SIGNED}}}}))


class TestADateOfAnOuterItemInAFilter:
    """A count of days inside a filter on another list (``exists documents where days
    …``), one of its dates read from the item around it (``$v.stay.departure``): each date
    by its label in the reader's language, the outer item's with that item named, in the
    finding as in the checklist; never the field's key (« a la departure »: att52w R3)."""

    @pytest.mark.parametrize("shape", sorted(_FILTER_DATES))
    def test_each_date_is_named_by_its_label(self, shape: str) -> None:
        start, end = _FILTER_DATES[shape]
        rule = {"op": "each", "path": "visitors", "as": "v", "rule": {
            "op": "exists", "path": "$root.documents", "where": {
                "op": "days", "start": start, "end": end, "max": 300}}}
        call = _four_languages(rule)
        app = eligible_dict()
        for document in app["documents"]:
            document["fields"] = {"signed_on": "2025-01-01"}
        if shape == "outer both":
            app["visitors"][0]["stay"]["departure"] = "2027-12-01"
        report = callrules.evaluate(call, app, now=NOW)
        found = [f for f in report.findings if f.code == "none_matching"]
        assert found, report.findings
        for lang in ("en", "fr", "es", "pt"):
            words = Phrasing(lang)
            said = [report.message_of(f, lang) for f in found]
            shown = call.checklist(lang, audience="officers")
            for path in (start, end):
                label = (_SIGNED[lang] if path.startswith("fields") else field_label(
                    "visitors." + path.removeprefix("$v."), lang))
                side = _days_side(words, label, "visitors" if path.startswith("$v.") else None)
                for text in [*said, shown]:
                    assert side in text, (side, text)
            for text in [*said, shown]:
                assert not code_tokens(text), text
                assert lang == "en" or not re.search(r"\b(departure|arrival)\b", text), text
            if shape == "outer end":
                assert all(_OUTER_END_SAID[lang] in text for text in [*said, shown]), said


class TestTwoItemsOfOneList:
    """A filter on a list that compares each of its items with an item of the same list
    around it (``each documents as e`` → ``exists documents where owner == $e.owner``) tells
    the two apart: the outer one is « the item of “documents” checked », never the
    inner item's own field, which reads as a field equal to itself (« persona…: igual al
    dato «persona…» »: att52w R4), in the finding and the checklist, in four languages."""

    @pytest.mark.parametrize("test", [
        {"op": "compare", "path": "owner", "cmp": "==", "to": {"path": "$e.owner"}},
        {"op": "compare", "path": "owner", "cmp": "!=", "to": {"path": "$e.owner"}},
        {"op": "compare", "path": "pages", "cmp": ">", "to": {"path": "$e.pages"}},
        {"op": "days", "start": "$e.fields.signed_on", "end": "fields.signed_on", "min": 400},
    ], ids=["==", "!=", ">", "days"])
    @pytest.mark.parametrize("named", [False, True], ids=["exists", "exists as d"])
    def test_the_outer_item_is_told_from_the_inner(self, test: dict[str, object],
                                                   named: bool) -> None:
        where = {"op": "all", "rules": [test, {"op": "compare", "path": "pages", "cmp": ">=",
                                               "to": 10_000}]}
        inner: dict[str, object] = {"op": "exists", "path": "$root.documents", "where": where}
        if named:  # (its own variable: its fields read through it are its own)
            inner["as"] = "d"
            test = {**test, **{k: "$d." + str(test[k]) for k in ("path", "end") if k in test}}
            where["rules"] = [test, where["rules"][1]]  # type: ignore[index]
        call = _four_languages({"op": "each", "path": "documents", "as": "e", "rule": inner})
        app = eligible_dict()
        for document in app["documents"]:
            document["fields"] = {"signed_on": "2025-01-01"}
        report = callrules.evaluate(call, app, now=NOW)
        found = [f for f in report.findings if f.code == "none_matching"]
        assert found, report.findings
        field = "fields.signed_on" if test["op"] == "days" else str(
            test["path"]).removeprefix("$d.")
        for lang in ("en", "fr", "es", "pt"):
            words = Phrasing(lang)
            label = (_SIGNED[lang] if test["op"] == "days"
                     else field_label(f"documents.{field}", lang))
            outer = (_days_side(words, label, "documents") if test["op"] == "days" else
                     words.p("outer_field", field=words.p("e_field", field=label),
                             items=field_label("documents", lang)))
            for text in [*(report.message_of(f, lang) for f in found),
                         call.checklist(lang, audience="officers")]:
                assert outer in text, (outer, text)
                assert not code_tokens(text), text

    def test_a_count_of_the_same_list_tells_them_apart(self) -> None:
        """The same inside an expression: the documents counted are those whose owner is
        that of the document checked (« solo los elementos en que persona…: igual al dato
        «persona…» del elemento comprobado en «documentos adjuntos» »)."""
        call = _four_languages({"op": "each", "path": "documents", "as": "e", "rule": {
            "op": "compare", "cmp": ">=", "to": 5, "left": {
                "count": "$root.documents", "where": {"op": "compare", "path": "owner",
                                                      "cmp": "==", "to": {"path": "$e.owner"}}}}})
        report = callrules.evaluate(call, eligible_dict(), now=NOW)
        found = [f for f in report.findings if f.code != "judged_before_submission"]
        assert found, report.findings
        for lang in ("en", "fr", "es", "pt"):
            words = Phrasing(lang)
            outer = words.p("outer_field", field=words.p("e_field", field=field_label(
                "documents.owner", lang)), items=field_label("documents", lang))
            for text in [*(report.message_of(f, lang) for f in found),
                         call.checklist(lang, audience="officers")]:
                assert outer in text, (outer, text)
                assert not code_tokens(text), text


class TestAnOuterFieldInAnyTest:
    """A field of the item around a filter, tested in it by any rule (given, one of, none
    of), is named with that item (« «número» del elemento comprobado en «visitantes»: dato
    indicado »), never as the filtered item's own field (« número: dato indicado »), in the
    finding and the checklist, in four languages."""

    @pytest.mark.parametrize("test", [
        {"op": "present", "path": "$v.person.email"},
        {"op": "in", "path": "$v.category", "set": ["researcher", "engineer"]},
        {"op": "not_in", "path": "$v.category", "set": ["doctoral_student"]},
    ], ids=["present", "in", "not_in"])
    def test_it_is_named_with_its_item(self, test: dict[str, object]) -> None:
        call = _four_languages({"op": "each", "path": "visitors", "as": "v", "rule": {
            "op": "exists", "path": "$root.documents", "where": {"op": "all", "rules": [
                test, {"op": "compare", "path": "pages", "cmp": ">=", "to": 10_000}]}}})
        report = callrules.evaluate(call, eligible_dict(), now=NOW)
        found = [f for f in report.findings if f.code == "none_matching"]
        assert found, report.findings
        field = "visitors." + str(test["path"]).removeprefix("$v.")
        for lang in ("en", "fr", "es", "pt"):
            words = Phrasing(lang)  # (its label quoted, as in any test: session 44 R6)
            outer = words.p("outer_field", field=words.p("e_field", field=field_label(
                field, lang)), items=field_label("visitors", lang))
            for text in [*(report.message_of(f, lang) for f in found),
                         call.checklist(lang, audience="officers")]:
                assert outer in text, (outer, text)
                assert not code_tokens(text), text


_TRIP_DATES = _lab("trip dates", "dates de déplacement", "fechas de viaje", "datas de viagem")


#: The label of the visitors' declared list of other dates, in four languages.
_OTHER_DATES = _lab("other dates", "autres dates", "otras fechas", "outras datas")


def _dated_call(rule: dict[str, Any]) -> callrules.Call:
    """A call in four languages whose visitors declare two lists of dates, ``trip_dates``
    and ``other_dates``, and whose one clause holds ``rule``."""
    return callrules.Call.from_dict(minimal_call(rule, languages=["en", "fr", "es", "pt"], **{
        "title": _lab("Call", "Appel", "Convocatoria", "Chamada"),
        "clauses": [{"id": "eligibility", "title": _lab("E", "E", "E", "E"),
                     "text": _lab("T", "T", "T", "T")}],
        "fields": {"visitors": {
            "trip_dates": {"type": "date", "list": True, "max_length": 5,
                           "label": _TRIP_DATES},
            "other_dates": {"type": "date", "list": True, "max_length": 5,
                            "label": _OTHER_DATES}}}}))


class TestAnItemThatIsADate:
    """An item of a list of dates (a visitor's trip dates) is a date itself: its place says
    it once, as the item (« Personne accueillie 1 (…) — Dates de déplacement 1 »), and neither the
    finding under it nor the officers' reading names it again as a field of itself
    (« Dates de déplacement : 1er janvier 2025… », « …dans « dates de déplacement » :
    dates de déplacement : au moins… »: session 44 G5), in four languages."""

    def test_it_is_said_once_as_the_item(self) -> None:
        rule = {"op": "each", "path": "visitors", "rule": {
            "op": "each", "path": "fields.trip_dates", "as": "t",
            "rule": {"op": "compare", "path": "$t", "cmp": ">=", "to": "2026-01-01"}}}
        call = callrules.Call.from_dict(minimal_call(rule, languages=["en", "fr", "es", "pt"], **{
            "title": _lab("Call", "Appel", "Convocatoria", "Chamada"),
            "clauses": [{"id": "eligibility", "title": _lab("E", "E", "E", "E"),
                         "text": _lab("T", "T", "T", "T")}],
            "fields": {"visitors": {"trip_dates": {
                "type": "date", "list": True, "max_length": 5, "label": _TRIP_DATES}}}}))
        app = eligible_dict()
        app["visitors"][0]["fields"] = {"trip_dates": ["2026-03-01", "2025-01-01"]}
        report = callrules.evaluate(call, app, now=NOW)
        assert [f.loc for f in report.errors] == [("visitors", 0, "fields", "trip_dates", 1)]
        for lang in ("en", "fr", "es", "pt"):
            label = _TRIP_DATES[lang]
            text = report_text(report, lang)
            assert f"{label[:1].upper()}{label[1:]} 2" in text, text  # (its place)
            assert not re.search(f"(?i){label}[\u202f ]?:", text), text
            shown = call.checklist(lang, audience="officers")
            assert Phrasing(lang).p("item_itself") in shown, shown
            assert not re.search(f"(?i):[\u202f ]*{label}[\u202f ]?:", shown), shown
            for said in (text, shown):
                assert not code_tokens(said), said

    @pytest.mark.parametrize(("kind", "items", "test"), [
        ("language", ["fr", "de"], {"cmp": "!=", "to": "de"}),
        ("text", ["ok", "de\u200b"], {"cmp": "==", "to": "ok"}),
        ("boolean", [True, False], {"cmp": "==", "to": True})], ids=["code", "invisible", "no"])
    def test_a_value_never_starts_its_line(self, kind: str, items: list[object],
                                           test: dict[str, object]) -> None:
        """An item of a list of values (a visitor's languages spoken) said by its place
        (« Langues parlées 2 »): the finding under it keeps its label when it would start
        with the value as typed, a code read as a word (« de n’est pas accepté ici »,
        "pt is not…": look60w R-C), a text with an invisible character named in it, yes or
        no (« non ; attendu : oui »: look60v), in four languages."""
        rule = {"op": "each", "path": "visitors", "as": "v", "rule": {
            "op": "each", "path": "fields.langs", "as": "l",
            "rule": {"op": "compare", "path": "$l", **test}}}
        spoken = _lab("languages spoken", "langues parlées", "idiomas hablados",
                      "idiomas falados")
        call = callrules.Call.from_dict(minimal_call(rule, languages=["en", "fr", "es", "pt"], **{
            "title": _lab("Call", "Appel", "Convocatoria", "Chamada"),
            "clauses": [{"id": "eligibility", "title": _lab("E", "E", "E", "E"),
                         "text": _lab("T", "T", "T", "T")}],
            "fields": {"visitors": {"langs": {"type": kind, "list": True,
                                              "max_length": 5, "label": spoken}}}}))
        app = eligible_dict()
        app["visitors"][0]["fields"] = {"langs": items}
        report = callrules.evaluate(call, app, now=NOW)
        assert [f.loc for f in report.errors] == [("visitors", 0, "fields", "langs", 1)]
        for lang in ("en", "fr", "es", "pt"):
            said = [line.strip() for line in report_text(report, lang).splitlines()
                    if line.startswith("    ")]  # (each message, under its place)
            assert said and all(line[:1].isupper() or line[:1] in "«“\"" for line in said), said
            assert any(line.startswith(spoken[lang][:1].upper() + spoken[lang][1:])
                       for line in said), said

    def test_it_is_no_field_in_a_slot_made_for_one(self, tmp_path: Path,
                                                    registries: None) -> None:
        """The item itself (session 44 G5) where a rule puts a field's label: a side of a
        count of days, the other side of an equality (officers' reading and an applicant's
        finding through a filter), with the library's catalogs and with a platform's that
        rewords ``d_days`` quoting its sides as the library's French did: never "from the
        the item", « identique au champ « l’élément » », « entre « l’élément » et … », nor
        a side quoted twice (« entre « « date d’arrivée » » et … »: look58w R1, R2)."""
        def call_of(test: dict[str, object]) -> callrules.Call:
            return callrules.Call.from_dict(minimal_call(
                {"op": "each", "path": "visitors", "as": "v", "rule": test},
                languages=["en", "fr", "es", "pt"], **{
                    "title": _lab("Call", "Appel", "Convocatoria", "Chamada"),
                    "clauses": [{"id": "eligibility", "title": _lab("E", "E", "E", "E"),
                                 "text": _lab("T", "T", "T", "T")}],
                    "fields": {"visitors": {"trip_dates": {
                        "type": "date", "list": True, "max_length": 5,
                        "label": _TRIP_DATES}}}}))
        each = {"op": "each", "path": "$v.fields.trip_dates", "as": "t"}
        days = call_of({**each, "rule": {"op": "days", "start": "$t", "end": "$v.stay.departure",
                                         "max": 3, "count": "days"}})
        equal = call_of({**each, "rule": {"op": "compare", "path": "$v.stay.arrival",
                                          "cmp": "!=", "to": {"path": "$t"}}})
        found = call_of({"op": "exists", "path": "$v.fields.trip_dates", "as": "t", "where": {
            "op": "compare", "path": "$v.stay.arrival", "cmp": "==", "to": {"path": "$t"}}})
        app = eligible_dict()
        app["visitors"][0]["fields"] = {"trip_dates": ["2020-01-01"]}
        report = callrules.evaluate(found, app, now=NOW)
        assert report.errors, report.findings
        french = Catalog(locale="fr", domain="callrules")  # (the library's French until now)
        french.add(_i18n.PHRASES["d_days"], "entre « %(start)s » et « %(end)s » : %(bounds)s")
        spanish = Catalog(locale="es", domain="callrules")
        spanish.add(_i18n.PHRASES["d_days"], "de la %(start)s a la %(end)s: %(bounds)s")
        for lang, catalog in (("fr", french), ("es", spanish)):
            (tmp_path / lang / "LC_MESSAGES").mkdir(parents=True)
            with open(tmp_path / lang / "LC_MESSAGES" / "callrules.mo", "wb") as file:
                write_mo(file, catalog)
        bundled = callrules.Call.from_file(CNRS_FILE)
        for platform in (False, True):
            if platform:
                callrules.register_catalogs(tmp_path)
            for lang in ("en", "fr", "es", "pt"):
                words = Phrasing(lang)
                item = words.p("item_itself")
                texts = [*(c.checklist(lang, audience="officers") for c in (days, equal, found)),
                         report_text(report, lang), bundled.checklist(lang, audience="officers")]
                said = "\n".join(texts)
                assert said.count(words.p("cmp != item")) == 1, texts[1]
                assert said.count(words.p("cmp == item")) == 2, said  # (reading, finding)
                for wrong in ("the the", words.p("e_field", field=item),
                              words.p("cmp == field", field=item)):
                    assert wrong not in said, (wrong, said)
                # nor two articles (« de la el elemento »), with the library's catalogs: a
                # platform's that writes the article of its sides (« de la %(start)s ») is
                # left to say the item as it says any side (look60w R-B)
                assert platform or not re.search(
                    r"\b(?:the|el|la|los|las|lo|o|a|os|as|del|al|do|da|ao|à) (?:the|el|la|o|a) "
                    r"(?:item|elemento)\b", said), said
                # a side's own quotes, inside the quotes of a platform's d_days, of the other
                # level (look60w R-A)
                assert not re.search("«[\u202f ]*«|“[\u202f ]*“|»[\u202f ]*»|”[\u202f ]*”",
                                     said), said
                quotes = "[«“][\u202f ]*" * (1 + platform)  # (a platform's own, once)
                assert not re.search(quotes + item, texts[0]), texts[0]
                assert not code_tokens(said), said


#: For each language, how a platform's catalog may lead into a slot made for a label (an
#: article, a preposition joined to one, an elided article, quotes): the words before the
#: start of a count of days, before its end, and before the value a comparison names.
_LEADS = {
    "fr": ("", "le ", "la ", "l’", "du ", "de la ", "au ", "« ", "la « ", "d’", "lorsqu’",
           "'"),
    "es": ("", "el ", "la ", "del ", "de la ", "al ", "a la ", "«", "la «", "las "),
    "pt": ("", "o ", "a ", "do ", "da ", "de a ", "ao ", "à ", "“", "a “", "com a ", "na ",
           "pelo ")}
#: A preposition and an article a language writes as one word (« de el » is « del », « por
#: o » « pelo »): never left apart before an item's noun.
_UNJOINED = {"fr": r"(de|à) (le|les)", "es": r"(de|a) el",
             "pt": r"(de|em|a|por) (o|a|os|as)"}
#: An item as a platform may word it (its own article, of either gender), and the words of
#: a language that are no article before an item's noun (« au moins un élément »).
_PLATFORM_ITEM = {"fr": ("le point", "le point vérifié dans « %(items)s »"),
                  "es": ("la entrada", "la entrada comprobada en «%(items)s»"),
                  "pt": ("a entrada", "a entrada verificada em “%(items)s”")}
_NOUNS = {"fr": ("élément", "point"), "es": ("elemento", "entrada"), "pt": ("item", "entrada")}
_ARTICLES = {"fr": "le|la|les|l’|du|des|au|aux", "es": "el|la|lo|los|las|del|al",
             "pt": "o|a|os|as|do|da|dos|das|no|na|nos|nas|ao|à|aos|às|pelo|pela"}
_COUNTED = {"un", "une", "chaque", "una", "uno", "cada", "um", "uma"}


class TestAnItemUnderAPlatformsWords:
    """The item itself (a date of a list of dates, or the outer one read in an ``exists``)
    put in a slot a platform's catalog made for a field's label: whatever the catalog writes
    before the slot (an article of either gender, a preposition joined to one, an elided
    article, quotes), and whether it words the item or not, the item keeps the one article
    its own words bring, contracted as the language writes it, and no quotes: never « de la
    el elemento », « entre « l’élément » », « da o item » (look60w R-B), in French, Spanish
    and Portuguese."""

    def test_the_item_keeps_one_article_and_no_quotes(self, tmp_path: Path) -> None:
        from callrules._phrasing import contracted

        each = {"op": "each", "path": "$v.fields.trip_dates", "as": "t"}
        rules = [
            {**each, "rule": {"op": "days", "start": "$t", "end": "$t", "max": 3,
                              "count": "days"}},
            {**each, "rule": {"op": "exists", "path": "$v.fields.other_dates", "as": "u",
                              "where": {"op": "compare", "path": "$u", "cmp": "<",
                                        "to": {"path": "$t"}}}},
            {**each, "rule": {"op": "present", "path": "$t"}}]
        calls = [_dated_call({"op": "each", "path": "visitors", "as": "v", "rule": rule})
                 for rule in rules]
        closing = {"« ": " »", "la « ": " »", "«": "»", "la «": "»", "“": "”", "a “": "”",
                   "'": "'"}
        checked = 0
        for number in range(2 * max(len(leads) for leads in _LEADS.values())):
            worded, lead = divmod(number, 10)
            folder = tmp_path / str(number)
            for lang, leads in _LEADS.items():
                one, other = leads[lead % len(leads)], leads[(lead + 3) % len(leads)]
                catalog = Catalog(locale=lang, domain="callrules")
                catalog.add(_i18n.PHRASES["d_days"], f"{one}%(start)s{closing.get(one, '')} "
                            f"{'à' if lang == 'fr' else 'a'} {other}%(end)s"
                            f"{closing.get(other, '')} : %(bounds)s")
                catalog.add(_i18n.PHRASES["d_compare"], f"{one.capitalize()}%(path)s"
                            f"{closing.get(one, '')} : %(cmp)s {other}%(to)s"
                            f"{closing.get(other, '')}")
                catalog.add(_i18n.PHRASES["d_present"], f"{other}%(path)s"
                            f"{closing.get(other, '')} : oui")
                if worded:
                    catalog.add(_i18n.PHRASES["item_itself"], _PLATFORM_ITEM[lang][0])
                    catalog.add(_i18n.PHRASES["outer_item"], _PLATFORM_ITEM[lang][1])
                (folder / lang / "LC_MESSAGES").mkdir(parents=True)
                with open(folder / lang / "LC_MESSAGES" / "callrules.mo", "wb") as file:
                    write_mo(file, catalog)
            with kept_registries():
                callrules.register_catalogs(folder)
                for lang in _LEADS:
                    said = "\n".join(call.checklist(lang, audience="officers")
                                     for call in calls)
                    articles = _ARTICLES[lang]
                    for found in re.finditer(rf"(?i)(\S+)[ \u00a0\u202f]+(\S+?)[ \u00a0"
                                             rf"\u202f]*({'|'.join(_NOUNS[lang])})\b", said):
                        before, article = found[1].lower(), found[2].lower()
                        if article in _COUNTED or not re.fullmatch(articles, article):
                            continue  # (« au moins un élément », « dans « autres dates »)
                        checked += 1
                        # (Portuguese « a » before is the preposition: « a do item »)
                        assert not re.fullmatch(articles, before.strip("«“")) or (
                            lang, before) == ("pt", "a"), found[0]
                        assert not re.search("[«“]", before), found[0]
                        pair = f"{before} {article}"
                        assert contracted(pair, lang) == pair, found[0]
                        assert not re.fullmatch(_UNJOINED[lang], pair), found[0]
                    assert "« l’" not in said and "«el " not in said and "“o " not in said
                    # (an elided word, or a straight quote, before « l’élément »)
                    assert not re.search(r"[\w']l’(élément|point)", said), said
        assert checked > 200, checked  # (the law read the item where it is said)

    def test_an_outer_item_is_no_field_of_itself(self) -> None:
        """The outer item itself read in a nested ``exists`` (``$u == $t``, ``$t`` an item
        of the trip dates): named as the item of its list, never as the field of that name
        of itself (“the “trip dates” of the item of “trip dates” checked”: look60w), in the
        officers' reading and in the applicant's finding, in four languages."""
        rule = {"op": "each", "path": "visitors", "as": "v", "rule": {
            "op": "each", "path": "$v.fields.trip_dates", "as": "t", "rule": {
                "op": "exists", "path": "$v.fields.other_dates", "as": "u", "where": {
                    "op": "compare", "path": "$u", "cmp": "==", "to": {"path": "$t"}}}}}
        call = _dated_call(rule)
        app = eligible_dict()
        app["visitors"][0]["fields"] = {"trip_dates": ["2026-09-03"],
                                        "other_dates": ["2026-09-10"]}
        report = callrules.evaluate(call, app, now=NOW)
        assert report.errors, report.findings
        for lang in ("en", "fr", "es", "pt"):
            words = Phrasing(lang)
            right = words.p("cmp == outer item", items=_TRIP_DATES[lang])
            for said in (call.checklist(lang, audience="officers"), report_text(report, lang)):
                assert right in said, said
                assert _TRIP_DATES[lang] not in said.split(right)[0].rsplit(":", 2)[-1], said
                assert not code_tokens(said), said


#: Words a label may hold that a sentence's words would join if they were its own (a
#: capitalised preposition and an article: « Plan A el año », « Datas A a partir de 2026 »).
_LABEL_PAIRS = ("A a", "A el", "A o", "A as", "De le", "De la", "De el", "De o", "Em a",
                "Em o", "À le", "À les", "Por o", "Por a", "Del", "Al", "Ao")


class TestALabelAsWritten:
    """A call's label is its authors' words: shown exactly as written in every language,
    whatever a sentence's words around it, with the library's catalogs and with a platform's
    that join a preposition with the item's article (« De la %(path)s », « pelo %(to)s »):
    « Datas A a partir de 2026 » never « datas À partir de 2026 », « Plan A el año » never
    « Plan Al año » (look61w R1). The capitalised joining is done where the item's words are
    put in their slot, never on a label's text."""

    def test_a_label_with_a_capitalised_preposition_is_kept(self, tmp_path: Path) -> None:
        each = {"op": "each", "path": "$v.fields.trip_dates", "as": "t"}
        rule = {"op": "each", "path": "visitors", "as": "v", "rule": {"op": "all", "rules": [
            {**each, "rule": {"op": "exists", "path": "$v.fields.other_dates", "as": "u",
                              "where": {"op": "compare", "path": "$u", "cmp": "==",
                                        "to": {"path": "$t"}}}},
            {**each, "rule": {"op": "days", "start": "$t", "end": "$t", "max": 3,
                              "count": "days"}}]}}
        for lang in ("fr", "es", "pt"):
            catalog = Catalog(locale=lang, domain="callrules")
            catalog.add(_i18n.PHRASES["d_compare"], "De la %(path)s : %(cmp)s pelo %(to)s")
            catalog.add(_i18n.PHRASES["d_is"], "Em a %(path)s : %(to)s")
            catalog.add(_i18n.PHRASES["d_days"], "A a %(start)s e De le %(end)s : %(bounds)s")
            (tmp_path / lang / "LC_MESSAGES").mkdir(parents=True)
            with open(tmp_path / lang / "LC_MESSAGES" / "callrules.mo", "wb") as file:
                write_mo(file, catalog)

        @settings(max_examples=8, deadline=None)
        @given(parts=st.lists(st.tuples(st.sampled_from(_LABEL_PAIRS), st.sampled_from(
            ["partir", "año", "plan", "2026", "Plan", "dates"])), min_size=1, max_size=3),
            other=st.sampled_from(_LABEL_PAIRS))
        def kept(parts: list[tuple[str, str]], other: str) -> None:
            label = " ".join(["zéfiro", *(f"{pair} {word}" for pair, word in parts)])
            trips = f"viagens {other} 2026"
            call = callrules.Call.from_dict(minimal_call(rule, languages=[
                "en", "fr", "es", "pt"], **{
                "title": _lab("Call", "Appel", "Convocatoria", "Chamada"),
                "clauses": [{"id": "eligibility", "title": _lab("E", "E", "E", "E"),
                             "text": _lab("T", "T", "T", "T")}],
                "fields": {"visitors": {
                    "trip_dates": {"type": "date", "list": True, "max_length": 5,
                                   "label": _lab(trips, trips, trips, trips)},
                    "other_dates": {"type": "date", "list": True, "max_length": 5,
                                    "label": _lab(label, label, label, label)}}}}))
            app = eligible_dict()
            app["visitors"][0]["fields"] = {"trip_dates": ["2026-09-03"],
                                            "other_dates": ["2026-09-10"]}
            report = callrules.evaluate(call, app, now=NOW)
            for platform in (False, True):
                with kept_registries():
                    if platform:
                        callrules.register_catalogs(tmp_path)
                    for lang in ("en", "fr", "es", "pt"):
                        said = call.checklist(lang, audience="officers") + report_text(
                            report, lang)
                        assert said.count(label) == said.count("zéfiro") > 0, (lang, said)
                        assert said.count(trips) == said.count("viagens") > 0, (lang, said)

        kept()
