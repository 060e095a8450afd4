"""One rule for zones wherever callrules takes one (a call's ``timezone``, ``--zone``, an
instant followed by a zone, the service's ``zone`` and ``now``): the zone of a place, or
UTC under its two names; never a fixed offset, a rule of its own or a copy of the database."""

from __future__ import annotations

import io
import zoneinfo
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callrules import Call, DefinitionError, TimeError
from callrules._cli import main
from callrules._i18n import format_instant
from callrules._time import is_place, parse_instant, reader_zone
from tests.laws import settings

ALL_ZONES = sorted(zoneinfo.available_timezones())
CALL = """id = "t"
version = "1"
languages = ["en"]
title = {{ en = "T" }}
timezone = "{zone}"
currency = "EUR"
[timeline]
deadline = 2026-06-01T17:00:00
[[clauses]]
id = "c"
title = {{ en = "C" }}
text = {{ en = "C" }}
[[rules]]
clause = "c"
check = {{ op = "present", path = "id" }}
"""


class TestEveryZoneOfTheDatabase:
    def test_an_instant_and_a_reader_follow_one_rule(self) -> None:
        """Every zone of the database is taken as a reader's zone exactly when it is taken
        after an instant, and exactly when it is a place's or UTC; a zone taken words an
        instant in every language, and an instant given with it keeps it."""
        for name in ALL_ZONES:
            taken = is_place(name)
            try:
                reader_zone(name)
            except TimeError as exc:
                assert not taken and exc.code == "zone_not_a_place", name
            else:
                assert taken, name
                for lang in ("fr", "en", "es", "pt"):
                    assert format_instant(datetime(2026, 6, 1, tzinfo=UTC), lang,
                                          zoneinfo.ZoneInfo(name))
            try:
                instant = parse_instant(f"2026-06-01 10:00 {name}")
            except TimeError as exc:
                assert not taken and exc.code in ("zone_not_a_place", "bad_instant",
                                                  "zone_abbreviation"), (name, exc.code)
            else:
                assert taken and getattr(instant.tzinfo, "key", None) == name, name

    @pytest.mark.parametrize("name", ["UTC", "Etc/UTC", "Europe/Paris", "America/Santiago"])
    def test_utc_under_both_names_and_places_are_taken(self, name: str) -> None:
        """UTC, tzdata's canonical Etc/UTC and places are zones everywhere."""
        assert is_place(name)
        Call.from_text(CALL.format(zone=name))
        assert main(["show", "cnrs-amsud-2026", "--zone", name], out=io.StringIO(),
                    err=io.StringIO()) == 0

    @pytest.mark.parametrize("name", ["Etc/GMT+5", "Etc/GMT-14", "Zulu", "GMT0", "EST5EDT",
                                      "Factory", "posix/Europe/Paris", "right/UTC"])
    def test_what_is_no_place_is_refused_everywhere(self, name: str) -> None:
        """A fixed offset, an alias, a rule or a copy is refused as a call's zone, as a
        reader's zone and after an instant (``--at``), each with a code."""
        with pytest.raises(DefinitionError) as caught:
            Call.from_text(CALL.format(zone=name))
        assert caught.value.code == "zone_not_a_place"
        for args in (["show", "cnrs-amsud-2026", "--zone", name],
                     ["check", "cnrs-amsud-2026", "examples/eligible.json", "--at",
                      f"2026-06-01T10:00:00 {name}"]):
            assert main(args, out=io.StringIO(), err=io.StringIO()) == 2

    @settings(max_examples=25, deadline=None)
    @given(name=st.sampled_from(ALL_ZONES))
    def test_a_call_file_follows_the_same_rule(self, name: str) -> None:
        """A call file's zone is taken exactly when a reader's is."""
        try:
            Call.from_text(CALL.format(zone=name))
        except DefinitionError as exc:
            assert not is_place(name) and exc.code == "zone_not_a_place"
        else:
            assert is_place(name)


class TestTheCalendarsEnds:
    @pytest.mark.parametrize("text", ["9999-12-31T23:00:00-01:00", "9999-12-31T23:59:59-14:00",
                                      "9999-12-31 23:00 America/Santiago",
                                      "0001-01-01T00:30:00+01:00",
                                      "0001-01-01 00:05 Europe/Paris"])
    def test_an_instant_past_either_end_in_utc_is_refused(self, text: str) -> None:
        """An instant that has no place in the calendar once seen from UTC (where every
        instant is compared) is refused when it is read, ``bad_instant``."""
        with pytest.raises(TimeError) as caught:
            parse_instant(text)
        assert caught.value.code == "bad_instant"
