"""A zone named as a reader names it: a place's by its city (« heure de Paris »), UTC and the
fixed offsets by their offset (« (UTC) », never « heure d’UTC », "UTC time")."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callrules._i18n import format_instant, zone_label
from tests.laws import settings
from tests.test_cli import run

LANGS = ("en", "fr", "es", "pt")
#: UTC under its names, and the other zones that are no place's (fixed offsets, aliases).
NO_PLACE = sorted(name for name in zoneinfo.available_timezones()
                  if name.startswith("Etc/") or ("/" not in name and (
                      name.startswith(("UTC", "UCT", "GMT", "Greenwich", "Universal", "Zulu")))))
#: The words of each language for "the time of a place".
PLACE_WORDS = ("time", "heure", "hora", "horário")


class TestZonesThatAreNoPlace:
    @settings(max_examples=100)
    @given(name=st.sampled_from(NO_PLACE), lang=st.sampled_from(LANGS))
    def test_utc_and_fixed_offsets_are_said_by_their_offset(self, name: str, lang: str) -> None:
        """UTC, Etc/UTC, Zulu, GMT: « UTC »; Etc/GMT+5: « UTC−05:00 » (its offset, whose
        sign the name inverts), in every language, with no word for a place's time."""
        zone = ZoneInfo(name)
        label = zone_label(zone, lang)
        offset = datetime(2000, 1, 1, tzinfo=zone).utcoffset()
        assert label == "UTC" if not offset else label.startswith("UTC")
        assert not any(word in label for word in PLACE_WORDS)
        shown = format_instant(datetime(2026, 6, 1, 15, tzinfo=UTC), lang, zone)
        assert shown.endswith(f" ({label})")

    @pytest.mark.parametrize("lang", LANGS)
    def test_show_in_utc_says_utc(self, lang: str) -> None:
        """``show --zone UTC``: the call's milestones « soit … 15:00 (UTC) »."""
        text = run("show", "cnrs-amsud-2026", "--zone", "UTC", "--lang", lang).stdout
        assert "(UTC)" in text
        assert not any(f"{word} d’UTC" in text or f"{word} de UTC" in text or
                       f"UTC {word}" in text for word in PLACE_WORDS)

    def test_a_place_is_still_said_by_its_city(self) -> None:
        """« heure de Paris », "Lima time": the places keep their cities."""
        assert zone_label(ZoneInfo("Europe/Paris"), "fr") == "heure de Paris"
        assert zone_label(ZoneInfo("America/Lima"), "en") == "Lima time"

    @pytest.mark.parametrize("name", ["Pacific/Chatham"])
    def test_a_city_cldr_misspells_is_said_rightly(self, name: str) -> None:
        """« horário de Chatham », not CLDR's Brazilian « Chatnam »."""
        assert zone_label(ZoneInfo(name), "pt") == "horário de Chatham"


class TestInstantsWrittenInUtc:
    @settings(max_examples=100)
    @given(mark=st.sampled_from(["Z", "+00:00", "+0000"]),
           lang=st.sampled_from(LANGS))
    def test_an_instant_written_with_z_or_a_zero_offset_reads_utc(self, mark: str,
                                                                  lang: str) -> None:
        """`--at 2026-06-01T00:00Z`, or a submission instant typed with ``Z`` in an
        application: « (UTC) », as a zone named UTC reads, never « (UTC+00:00) »."""
        text = run("check", "cnrs-amsud-2026", "examples/ineligible.json",
                   "--at", f"2026-06-01T00:00{mark}", "--lang", lang).stdout
        assert "(UTC)" in text and "UTC+00:00" not in text, text
        for typed in (datetime.fromisoformat(f"2026-06-01T00:00{mark}"),
                      datetime(2026, 6, 1, tzinfo=UTC)):
            shown = format_instant(typed, lang)
            assert shown.endswith(" (UTC)"), shown

    @pytest.mark.parametrize("lang", LANGS)
    def test_a_submission_typed_with_z_reads_utc(self, lang: str) -> None:
        """The application's own instant typed with ``Z`` (read by pydantic): « (UTC) »."""
        import json

        import callrules
        from tests.conftest import ROOT

        app = json.loads((ROOT / "examples" / "ineligible.json").read_text("utf-8"))
        app["submitted_at"] = "2026-06-01T20:00:00Z"
        report = callrules.evaluate(callrules.calls.load("cnrs-amsud-2026"), app)
        text = report.render(lang)
        assert "(UTC)" in text and "UTC+00:00" not in text, text
