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
