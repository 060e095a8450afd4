"""Times at the edges: zones, instants near the calendar's ends, phases and suggestions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules._html import batch_html
from callrules._i18n import phrase
from callrules._text import item_text
from callrules._time import (
    Milestone,
    Phase,
    calendar_moved,
    get_zone,
    limit_occurrence,
    localize,
    occurrences,
    parse_instant,
    phase_at,
    suggest_zone,
)
from callrules.exceptions import TimeError
from tests.conftest import ROOT, eligible_dict
from tests.helpers import code_tokens
from tests.laws import settings
from tests.test_definitions import minimal_call

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 6, 2, 8, tzinfo=UTC)
CNRS_FILE = ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml"


class TestTimeEdges:
    @pytest.mark.parametrize("name", ["", "../etc/passwd", "/usr/share/zoneinfo/UTC", 3,
                                      "Europe/Nowhere"])
    def test_only_iana_names_are_zones(self, name: Any) -> None:
        """No path tricks, no empty name, no number: TimeError unknown_zone."""
        with pytest.raises(callrules.TimeError) as info:
            get_zone(name)
        assert info.value.code == "unknown_zone"
        assert str(info.value) == f"{name!r} is not an IANA time zone (e.g. 'Europe/Paris')"

    def test_localize_refuses_a_time_that_already_has_an_offset(self) -> None:
        """Only naive local times are localized."""
        with pytest.raises(callrules.TimeError) as info:
            localize(datetime(2026, 6, 1, tzinfo=UTC), PARIS, what="deadline")
        assert info.value.code == "unexpected_offset"
        assert str(info.value).startswith("deadline: ")

    def test_an_instant_milestone_ends_where_it_starts(self) -> None:
        """An instant has no length: one day, the day it is on."""
        milestone = Milestone("deadline", datetime(2026, 6, 1, 17, tzinfo=PARIS))
        assert milestone.end == milestone.start
        assert milestone.first_day == milestone.last_day == date(2026, 6, 1)

    def test_a_month_milestone_spans_to_the_next_month_even_in_december(self) -> None:
        """December ends at the first midnight of January of the next year."""
        december = Milestone("m", datetime(2026, 12, 1, tzinfo=PARIS), "month")
        assert december.end == datetime(2027, 1, 1, tzinfo=PARIS)
        assert december.last_day == date(2026, 12, 31)

    def test_a_shift_onto_a_repeated_hour_takes_its_first_occurrence(self) -> None:
        """24 Oct 02:30 + 1 day is 25 Oct 02:30, which happens twice: the first, at +02:00."""
        shifted = Milestone("m", localize(datetime(2026, 10, 24, 2, 30), PARIS)).shifted(days=1)
        assert shifted.start.utcoffset() == timedelta(hours=2)
        assert shifted.start.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
        assert shifted.name == "m+1d"

    def test_a_shift_of_the_second_occurrence_elsewhere_is_plain(self) -> None:
        """From the second 02:30 of 25 Oct, +1 month is 25 Nov 02:30 at +01:00."""
        second = localize(datetime(2026, 10, 25, 2, 30), PARIS, fold=1)
        shifted = Milestone("m", second).shifted(months=1, years=-1)
        assert shifted.start.astimezone(UTC) == datetime(2025, 11, 25, 1, 30, tzinfo=UTC)
        assert shifted.name == "m-1y+1m"

    def test_a_shift_into_the_spring_gap_reads_with_the_earlier_offset(self) -> None:
        """28 Mar 02:30 + 1 day does not exist in Paris; it is read at +01:00."""
        shifted = Milestone("m", localize(datetime(2026, 3, 28, 2, 30), PARIS)).shifted(days=1)
        assert shifted.start.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)

    def test_a_call_without_a_deadline_stays_open_once_opened(self) -> None:
        """Upcoming before its opening, open for ever after."""
        opening = Milestone("opening", datetime(2026, 4, 21, tzinfo=PARIS))
        timeline = {"opening": opening}
        assert phase_at(timeline, opening.start - timedelta(seconds=1)) is Phase.UPCOMING
        assert phase_at(timeline, opening.start) is Phase.OPEN
        assert phase_at(timeline, datetime(2099, 1, 1, tzinfo=UTC)) is Phase.OPEN

    def test_a_call_without_results_is_closed_after_a_whole_day_deadline(self) -> None:
        """A day deadline is open through that whole day, closed from the next midnight."""
        deadline = Milestone("deadline", datetime(2026, 6, 1, tzinfo=PARIS), "day")
        timeline = {"deadline": deadline}
        assert phase_at(timeline, datetime(2026, 6, 1, 23, 59, 59, tzinfo=PARIS)) is Phase.OPEN
        assert phase_at(timeline, datetime(2026, 6, 2, tzinfo=PARIS)) is Phase.CLOSED

    def test_a_country_without_a_zone_is_an_error(self) -> None:
        """"XX" has no zone in the tz database."""
        with pytest.raises(callrules.TimeError, match="no time zone is known for country 'XX'"):
            suggest_zone("XX")

    def test_an_unnamed_subdivision_falls_back_to_the_principal_zone(self) -> None:
        """BR-XX names no zone: São Paulo is proposed, as uncertain, among all of Brazil's."""
        suggestion = suggest_zone("BR", "BR-XX")
        assert suggestion.zone == "America/Sao_Paulo"
        assert suggestion.reason == "principal zone" and not suggestion.certain
        assert "America/Manaus" in suggestion.candidates

    @pytest.mark.parametrize("text", ["", "   ", "2026-06-01T17:00:00+02:00" + " " * 80, 3])
    def test_empty_long_or_non_text_instants_are_refused(self, text: Any) -> None:
        """Nothing to read, more than 100 characters, or not text: bad_instant."""
        with pytest.raises(callrules.TimeError) as info:
            parse_instant(text)
        assert info.value.code == "bad_instant"

    def test_an_offset_and_a_zone_together_are_refused(self) -> None:
        """Which would win? Neither: give one."""
        with pytest.raises(callrules.TimeError, match="gives both an offset and a zone"):
            parse_instant("2026-06-01T16:59:00+02:00 Europe/Paris")

    def test_utc_may_follow_a_local_time(self) -> None:
        """"UTC" is the one abbreviation accepted: it is a zone."""
        assert parse_instant("2026-06-01 15:00 UTC") == datetime(2026, 6, 1, 15, tzinfo=UTC)


class TestShiftedDatesAtTheCalendarsEnds:
    @settings(max_examples=120, deadline=None)
    @given(arrival=st.dates(), stay=st.integers(0, 400), days=st.integers(-1000, 1000),
           years=st.integers(-1000, 1000), cmp=st.sampled_from(["<", "<=", ">", ">=", "==",
                                                               "!="]),
           left=st.booleans(), negated=st.booleans())
    def test_a_date_moved_out_of_the_calendar_is_never_judged_silently(
            self, arrival: date, stay: int, days: int, years: int, cmp: str,
            left: bool, negated: bool) -> None:
        """A rule comparing a date moved by a period (on either side, under `not` or not)
        judges as Python's calendar does where the moved date exists, and where it leaves
        the calendar (after year 9999, before year 1) the record is not judged, the problem
        at that date only (the date on the other side is not moved: it was named too), never
        eligible nor ineligible by default; the problem's context says the move (the date as
        read, the years, months and days), never a figure's bound."""
        departure = min(arrival + timedelta(days=min(stay, (date.max - arrival).days)),
                        date.max)
        moved = {"shift": {"path": "stay.arrival"}, "days": days, "years": years}
        check = ({"op": "compare", "left": moved, "cmp": cmp, "to": {"path": "stay.departure"}}
                 if left else {"op": "compare", "path": "stay.departure", "cmp": cmp,
                               "to": moved})
        if negated:  # under `not` too: never a pass by default
            check = {"op": "not", "rule": check}
        call = callrules.Call.from_dict(minimal_call(
            {"op": "each", "path": "visitors", "rule": check}), source="x.toml")
        app = eligible_dict()
        app["visitors"] = app["visitors"][:1]
        app["visitors"][0]["stay"] = {"arrival": arrival.isoformat(),
                                      "departure": departure.isoformat()}
        try:
            target: date | None = arrival + relativedelta(years=years, days=days)
        except (OverflowError, ValueError):
            target = None
        try:
            report = callrules.evaluate(call, app)
        except callrules.InputError as error:
            assert target is None, error
            assert {p.type for p in error.problems} == {"date_out_of_calendar"}
            assert [p.loc for p in error.problems] == [("visitors", 0, "stay", "arrival")]
            assert error.verdict == "not_judged"
            # its context says the move (the date as read, the period), nothing of a
            # figure's bound (before: the bound's `limit`, 18)
            assert [p.ctx for p in error.problems] == [{
                "date": arrival.isoformat(), "years": str(years), "months": "0",
                "days": str(days)}]
            return
        assert target is not None
        a, b = (target, departure) if left else (departure, target)
        holds = {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b,
                 "!=": a != b}[cmp]
        assert report.eligible is (holds is not negated)

    def test_a_record_whose_date_the_call_moves_out_of_the_calendar_is_not_judged(
            self) -> None:
        """The attacker's call (``days_between[stay.arrival, shift(stay.departure,
        days=1000)]``, departure 31 December 9998): in every language, the record is said
        NOT JUDGED (it reads: it was said UNREADABLE), with one problem, at the departure
        (the arrival is not moved: it was named too), in words saying the rule cannot be
        judged for this application and the date is not at fault, with no code token."""
        moved = {"days_between": [{"path": "stay.arrival"},
                                  {"shift": {"path": "stay.departure"}, "days": 1000}]}
        call = callrules.Call.from_dict(minimal_call({"op": "each", "path": "visitors", "rule": {
            "op": "compare", "left": moved, "cmp": "<=", "to": 5}}), source="x.toml")
        app = eligible_dict()
        app["visitors"] = app["visitors"][:1]
        app["visitors"][0]["stay"] = {"arrival": "9998-12-01", "departure": "9998-12-31"}
        (item,) = callrules.evaluate_many(call, [app])
        assert item.error is not None and item.error.verdict == "not_judged"
        assert [p.loc for p in item.error.problems] == [("visitors", 0, "stay", "departure")]
        said = {lang: item_text(item, lang) for lang in ("en", "fr", "es", "pt")}
        assert len(set(said.values())) == 4
        for lang, text in said.items():
            assert phrase("not_judged", lang) in text and phrase(
                "invalid_input", lang) not in text, text
            assert text.count("\n") == 2 and not code_tokens(text), text
        assert "cannot be judged for this application" in said["en"]
        page = batch_html(callrules.evaluate_many(call, [app, {"id": 1}]), "fr")
        assert phrase("count_not_judged", "fr") in page and page.count("NON JUGÉ") == 1


#: Zones whose clocks change in every way: at 02:00 or 03:00 (Paris, New York), at midnight
#: (Santiago), by 30 minutes (Lord Howe), by two hours (Troll), back and forth in a month
#: (Casablanca), a whole day skipped (Apia, December 2011).
CHANGING = [ZoneInfo(name) for name in (
    "Europe/Paris", "America/New_York", "America/Santiago", "Australia/Lord_Howe",
    "Antarctica/Troll", "Africa/Casablanca", "Pacific/Apia")]


def _changes(zone: ZoneInfo) -> list[datetime]:
    """The instants (UTC, to the minute) at which the clocks of ``zone`` change, 2010-2013
    and 2025-2027, found day by day then minute by minute."""
    found = []
    for start in (datetime(2010, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC)):
        for day in range(3 * 366):
            low = start + timedelta(days=day)
            high = low + timedelta(days=1)
            if low.astimezone(zone).utcoffset() == high.astimezone(zone).utcoffset():
                continue
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                middle = middle.replace(second=0, microsecond=0)
                if middle.astimezone(zone).utcoffset() == low.astimezone(zone).utcoffset():
                    low = middle
                else:
                    high = middle
            found.append(high)
    return found


CHANGES = [(zone, change) for zone in CHANGING for change in _changes(zone)]


@st.composite
def _wall_times(draw: st.DrawFn) -> tuple[ZoneInfo, datetime]:
    """A zone of :data:`CHANGING` and a wall-clock time around one of its changes."""
    zone, change = draw(st.sampled_from(CHANGES))
    before = draw(st.booleans())
    local = (change - timedelta(seconds=1) if before else change).astimezone(zone)
    moved = timedelta(minutes=draw(st.integers(-150, 150)))
    return zone, local.replace(tzinfo=None, fold=0) + moved


def _utc(value: datetime) -> datetime:
    """``value`` in UTC: instants compared as instants (a zone's own ignore ``fold``)."""
    return value.astimezone(UTC)


class TestOneReadingOfAWallClockTime:
    """``localize`` (a call file's time), ``calendar_moved`` (a milestone or a value moved)
    and ``limit_occurrence`` (a moved limit compared) read a wall-clock time alike: shown
    once, twice (its first and second occurrence) or skipped (read an hour later)."""

    @settings(max_examples=300, deadline=None)
    @given(_wall_times())
    def test_the_three_readings_agree(self, zoned: tuple[ZoneInfo, datetime]) -> None:
        zone, local = zoned
        shown = occurrences(local, zone)
        assert len(shown) <= 2
        assert all(t.replace(tzinfo=None) == local for t in shown)
        assert all(_utc(t).astimezone(zone).replace(tzinfo=None) == local for t in shown)
        if len(shown) == 2:
            assert _utc(shown[0]) < _utc(shown[1]) and shown[1].fold == 1
        # a call file's time: refused unless shown once; with ``fold``, that occurrence
        try:
            written = localize(local, zone)
        except TimeError as error:
            assert error.code == ("nonexistent_local_time" if not shown
                                  else "ambiguous_local_time") and len(shown) != 1
        else:
            assert len(shown) == 1 and _utc(written) == _utc(shown[0])
        if len(shown) == 2:
            for fold in (0, 1):
                assert _utc(localize(local, zone, fold=fold)) == _utc(shown[fold])
        # a limit moved there: the occurrence its comparison means, one of them
        limits = {cmp: _utc(limit_occurrence(local.replace(tzinfo=zone), cmp))
                  for cmp in ("<", "<=", ">", ">=")}
        if shown:
            assert limits[">="] == limits[">"] == _utc(shown[0])
            assert limits["<="] == _utc(shown[-1]) and limits["<"] in map(_utc, shown)
        else:  # skipped: the instant the clocks then show, whatever the comparison
            later = limits["<="].astimezone(zone).replace(tzinfo=None)
            assert later > local and len(set(limits.values())) == 1
        # a time moved there (by nothing, or by a day from the day before, shown once
        # then): the first occurrence (the second from a second), or the instant a time
        # skipped is then shown
        for occurrence in shown:
            assert _utc(calendar_moved(occurrence, zone)) == _utc(occurrence)
        yesterday = occurrences(local - timedelta(days=1), zone)
        if len(yesterday) == 1:
            moved = calendar_moved(yesterday[0], zone, days=1)
            assert _utc(moved) == (_utc(shown[0]) if shown else limits["<="])


#: Zones east and west of UTC, with and without changes of the clocks (Kiribati +14:00,
#: Baker Island -12:00, Paris, Santiago, Lord Howe's half hour).
_EDGE_ZONES = ("Pacific/Kiritimati", "Etc/GMT+12", "Europe/Paris", "America/Santiago",
               "Australia/Lord_Howe", "Asia/Kolkata", "America/St_Johns", "UTC")


class TestTheCalendarsEdgeDays:
    """A wall-clock time on the calendar's first or last day (0001-01-01, 9999-12-31) seen
    in UTC may leave the calendar: read as written, and said where it is seen from UTC."""

    def test_every_hour_of_an_edge_day_is_read_as_written(self) -> None:
        """Each hour (and five past) of both days, in zones east and west of UTC, with
        ``fold`` unset, 0 and 1: the time as written, never an error (2,304 readings)."""
        for name in _EDGE_ZONES:
            zone = ZoneInfo(name)
            for day in (datetime(1, 1, 1), datetime(9999, 12, 31)):
                for minutes in [m for hour in range(24) for m in (hour * 60, hour * 60 + 5)]:
                    local = day + timedelta(minutes=minutes)
                    assert occurrences(local, zone) == (local.replace(tzinfo=zone),)
                    for fold in (None, 0, 1):
                        written = localize(local, zone, fold=fold)
                        assert written.replace(tzinfo=None) == local and written.tzinfo is zone

    @pytest.mark.parametrize("text", ["0001-01-01 00:05 Europe/Paris",
                                      "9999-12-31 23:00 America/Santiago"])
    def test_a_typed_time_outside_the_calendar_in_utc_is_said_so(self, text: str) -> None:
        with pytest.raises(TimeError) as info:
            parse_instant(text)
        assert info.value.code == "bad_instant"
        assert info.value.words == ("instant_outside_calendar", {"text": text})
