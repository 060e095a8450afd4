"""A milestone moved by days (``{ milestone = "deadline", days = 1 }``) onto a wall-clock
time that a daylight-saving change skips or repeats is read as the docs say: a skipped time
is the instant the clocks then show (02:30 → 03:30); a repeated one is, as a rule's limit,
the occurrence its comparison means (the later for ``<=``, the first for ``>=``: what
shifting the other side gives), shown with its offset; the limit shown is the limit judged,
in every zone with such changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

import callrules
from callrules._i18n import format_instant
from callrules._time import Milestone, limit_occurrence
from tests.conftest import eligible_dict
from tests.laws import settings

ZONES = ("Europe/Paris", "America/Santiago", "America/New_York", "Australia/Lord_Howe",
         "Pacific/Chatham", "America/Havana")
#: Zones whose clocks go back: by an hour, by half an hour (Lord Howe), by two (Troll).
FOLD_ZONES = ("Europe/Paris", "America/Santiago", "Australia/Lord_Howe", "Antarctica/Troll")


@cache
def changes(name: str) -> tuple[tuple[datetime, timedelta, timedelta], ...]:
    """The daylight-saving changes of 2026 in zone ``name``: (UTC instant, offset before,
    offset after), found minute by quarter hour."""
    zone = ZoneInfo(name)
    found = []
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    before = moment.astimezone(zone).utcoffset()
    while moment.year == 2026:
        moment += timedelta(minutes=15)
        after = moment.astimezone(zone).utcoffset()
        if after != before:
            assert before is not None and after is not None
            found.append((moment, before, after))
            before = after
    return tuple(found)


def wall_times() -> st.SearchStrategy[tuple[str, datetime]]:
    """A zone and a wall-clock time (naive) that a change of 2026 skips or repeats."""
    def inside(name: str, index: int, fraction: float) -> tuple[str, datetime]:
        at, before, after = changes(name)[index % len(changes(name))]
        width = abs(after - before)
        start = (at + min(before, after)).replace(tzinfo=None) if after > before else (
            at + after).replace(tzinfo=None)
        return name, start + timedelta(minutes=int(width.total_seconds() // 60 * fraction))
    return st.builds(inside, st.sampled_from(ZONES), st.integers(0, 5),
                     st.floats(0, 0.99))


def _call(zone: str, written: datetime, days: int) -> callrules.Call:
    return callrules.Call.from_dict({
        "id": "t", "version": "1", "languages": ["fr", "en"],
        "title": {"fr": "T", "en": "T"}, "timezone": zone, "currency": "EUR",
        "timeline": {"deadline": written.isoformat()},
        "clauses": [{"id": "c", "title": {"fr": "C", "en": "C"}, "text": {"fr": "C",
                                                                           "en": "C"}}],
        "rules": [{"clause": "c", "check": {
            "op": "compare", "path": "submitted_at", "cmp": "<=",
            "to": {"milestone": "deadline", "days": days}}}]})


def _application(at: datetime) -> dict[str, Any]:
    data = eligible_dict()
    data["call"] = "t"
    data["submitted_at"] = at.isoformat()
    return data


class TestAMilestoneMovedOntoAChange:
    @settings(max_examples=40, deadline=None)
    @given(target=wall_times(), days=st.sampled_from([-3, -2, -1, 1, 2, 3]))
    def test_the_limit_shown_is_the_limit_that_exists(
            self, target: tuple[str, datetime], days: int) -> None:
        """Any wall-clock time a change skips or repeats, reached by moving a written
        milestone by days: the limit is the reading with the offset before the change, its
        wall-clock time one the clocks show, and a repeated time is shown with its
        offset."""
        name, wall = target
        zone = ZoneInfo(name)
        written = Milestone("deadline", (wall - timedelta(days=days)).replace(tzinfo=zone))
        start = written.shifted(days=days).start
        assert start.astimezone(UTC) == wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
        real = start.astimezone(UTC).astimezone(zone)
        assert (start.replace(tzinfo=None), start.utcoffset()) == (
            real.replace(tzinfo=None), real.utcoffset())  # a time the clocks show
        skipped = wall.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(
            tzinfo=None) != wall
        assert (start.replace(tzinfo=None) != wall) == skipped
        for lang in ("fr", "en"):
            shown = format_instant(start, lang)
            assert ("UTC" in shown) == (not skipped), shown

    @pytest.mark.parametrize(("zone", "written", "days"), [
        ("Europe/Paris", datetime(2026, 3, 28, 2, 30), 1),
        ("Europe/Paris", datetime(2026, 10, 26, 2, 30), -1),
        ("America/New_York", datetime(2026, 3, 7, 2, 30), 1),
        ("Australia/Lord_Howe", datetime(2026, 4, 4, 1, 45), 1),
    ])
    def test_a_rule_judges_by_the_limit_it_shows(self, zone: str, written: datetime,
                                                 days: int) -> None:
        """Through a rule: a submission at the limit shown is on time, a minute later it is
        late, and the finding shows that limit (a repeated time: its later occurrence)."""
        call = _call(zone, written, days)
        limit = limit_occurrence(Milestone("deadline", written.replace(
            tzinfo=ZoneInfo(zone))).shifted(days=days).start, "<=")
        now = datetime(2026, 12, 1, tzinfo=UTC)
        on_time = callrules.evaluate(call, _application(limit), now=now)
        late = callrules.evaluate(call, _application(limit.astimezone(UTC) + timedelta(
            minutes=1)), now=now)  # (a minute of UTC: one of the zone is by its clocks)
        assert on_time.eligible and not late.eligible
        assert f"{limit:%H:%M}" in late.findings[0].message("fr")


def _period(zone: str, precision: str, year: int, month: int, day: int) -> Milestone:
    """The day or month milestone written so in a call of zone ``zone``."""
    from callrules._time import localize

    first = datetime(year, month, day if precision == "day" else 1)
    return Milestone("deadline", localize(first, ZoneInfo(zone), fold=0), precision)


#: A day or month milestone, in a zone with or without daylight-saving changes (Santiago's
#: change is at midnight, Lord Howe's by half an hour).
PERIODS = st.builds(_period, st.sampled_from((*ZONES, "UTC", "Asia/Kolkata")),
                    st.sampled_from(("day", "month")), st.integers(1990, 2040),
                    st.integers(1, 12), st.integers(1, 28))
OFFSETS = st.fixed_dictionaries({}, optional={
    "years": st.integers(-3, 3), "months": st.integers(-15, 15),
    "days": st.integers(-400, 400)})


def _call_of(period: Milestone, to: dict[str, Any], cmp: str, computed: bool = False
             ) -> callrules.Call:
    """A call of one rule comparing ``submitted_at`` with the milestone ``period`` moved by
    ``to``; ``computed``: the submission written as an expression (``left``)."""
    side = {"left": {"path": "submitted_at"}} if computed else {"path": "submitted_at"}
    written = (f"{period.start:%Y-%m}" if period.precision == "month"
               else f"{period.start:%Y-%m-%d}")
    return callrules.Call.from_dict({
        "id": "t", "version": "1", "languages": ["en"], "title": {"en": "T"},
        "timezone": str(period.start.tzinfo), "currency": "EUR",
        "timeline": {"deadline": written},
        "clauses": [{"id": "c", "title": {"en": "C"}, "text": {"en": "C"}}],
        "rules": [{"clause": "c", "check": {
            "op": "compare", **side, "cmp": cmp,
            "to": {"milestone": "deadline", **to}}}]})


class TestAPeriodMoved:
    """A day or a month moved by years, months or days is the same period moved: its end
    moved is the original end moved, never the end of the month its moved start falls in
    ("October + 15 days of grace" ends on 15 November, not 31 October: attack 23b F-V2)."""

    @settings(max_examples=300, deadline=None)
    @given(period=PERIODS, offset=OFFSETS)
    def test_its_first_and_last_days_are_the_original_ones_moved(
            self, period: Milestone, offset: dict[str, int]) -> None:
        from dateutil.relativedelta import relativedelta

        moved = period.shifted(**offset)
        step = relativedelta(**offset)
        assert moved.first_day == period.first_day + step
        if period.precision == "month":  # a month's end is the next month's first day
            assert moved.end.date() == period.end.date() + step
            assert moved.precision == ("day" if offset.get("days") else "month")
        else:  # a day moved is a day (31 January + 1 month: 28 February)
            assert moved.last_day == moved.first_day == period.last_day + step
        assert moved.start < moved.end
        assert moved.end.time() == datetime.min.time() or moved.end.utcoffset() != (
            moved.end - timedelta(hours=1)).utcoffset()  # midnight, unless skipped

    @pytest.mark.parametrize(("days", "first", "last"), [
        (15, "2026-10-16", "2026-11-15"), (-15, "2026-09-16", "2026-10-16"),
        (1, "2026-10-02", "2026-11-01"), (-1, "2026-09-30", "2026-10-30"),
        (35, "2026-11-05", "2026-12-05")])
    def test_october_moved_by_days(self, days: int, first: str, last: str) -> None:
        moved = _period("Europe/Paris", "month", 2026, 10, 1).shifted(days=days)
        assert (moved.first_day.isoformat(), moved.last_day.isoformat()) == (first, last)

    @settings(max_examples=60, deadline=None)
    @given(period=PERIODS, unit=st.sampled_from(("days", "months", "years")),
           amount=st.integers(-40, 40), cmp=st.sampled_from(("<=", "<", ">=", ">")),
           near=st.sampled_from(("start", "end")), minutes=st.sampled_from((-1, 0, 1)))
    def test_a_rule_judges_by_the_period_moved_in_every_spelling(
            self, period: Milestone, unit: str, amount: int, cmp: str, near: str,
            minutes: int) -> None:
        """``days = -15`` and ``before = { days = 15 }`` (``after`` for a positive offset),
        beside a field or a computed value (``left``), judge every instant alike, and as the
        moved period says: ``<=`` until its end, ``<`` before its start, ``>=`` from its
        start, ``>`` from its end."""
        try:  # a day whose midnight the clocks skip is written with its fold, not so
            _call_of(period, {}, cmp)
        except callrules.DefinitionError as exc:
            assume(exc.code != "nonexistent_local_time")
            raise
        moved = period.shifted(**{unit: amount})
        direction = "after" if amount >= 0 else "before"
        at = (moved.start if near == "start" else moved.end) + timedelta(minutes=minutes)
        at = at.astimezone(UTC)
        start, end = moved.start.astimezone(UTC), moved.end.astimezone(UTC)
        expected = {"<=": at < end, "<": at < start, ">=": at >= start, ">": at >= end}[cmp]
        now = datetime(2041, 1, 1, tzinfo=UTC)
        for to, computed in (({unit: amount}, False), ({direction: {unit: abs(amount)}}, False),
                             ({unit: amount}, True), ({direction: {unit: abs(amount)}}, True)):
            result = callrules.evaluate(_call_of(period, to, cmp, computed), _application(at),
                                        now=now)
            assert result.eligible == expected, (to, computed, at, result.findings)


def _exists_once(wall: datetime, zone: ZoneInfo) -> bool:
    """Whether the wall-clock time ``wall`` (naive) happens exactly once in ``zone``: the
    clocks neither skip nor repeat it."""
    first, second = (wall.replace(tzinfo=zone, fold=f) for f in (0, 1))
    return first.utcoffset() == second.utcoffset() and first.astimezone(UTC).astimezone(
        zone).replace(tzinfo=None) == wall


@cache
def _one_day_call(zone: str, deadline: datetime, days: int, field_side: bool,
                  cmp: str = "<=") -> callrules.Call:
    """"submitted at least ``days`` days before the deadline", spelt by shifting the
    submission (``field_side``) or the deadline (``cmp`` another comparison)."""
    check = ({"op": "compare", "left": {"shift": {"path": "submitted_at"}, "days": days},
              "cmp": cmp, "to": {"milestone": "deadline"}} if field_side else
             {"op": "compare", "path": "submitted_at", "cmp": cmp,
              "to": {"milestone": "deadline", "days": -days}})
    return callrules.Call.from_dict({
        "id": "t", "version": "1", "languages": ["en"], "title": {"en": "T"},
        "timezone": zone, "currency": "EUR", "timeline": {"deadline": deadline.isoformat()},
        "clauses": [{"id": "c", "title": {"en": "C"}, "text": {"en": "C"}}],
        "rules": [{"clause": "c", "check": check}]})


class TestAnInstantShiftedAsAMilestoneIs:
    """``shift`` of an instant moves it on the calendar of the call's zone, keeping its
    wall-clock time there, as a milestone's offset does: one rule written on either side
    gives one verdict, across a daylight-saving change too (attack 25b F11: the submission
    moved 24 hours, the deadline a calendar day)."""

    @settings(max_examples=40, deadline=None)
    @given(zone=st.sampled_from(ZONES), change=st.integers(0, 5),
           day=st.integers(-3, 3), minute=st.integers(0, 24 * 60 - 1),
           days=st.sampled_from([-7, -2, -1, 1, 2, 7]), near=st.integers(-180, 180),
           written=st.sampled_from(["+00:00", "-03:00", "+02:00", "+09:30"]))
    def test_either_side_shifted_gives_one_verdict(
            self, zone: str, change: int, day: int, minute: int, days: int, near: int,
            written: str) -> None:
        """For a deadline near a change of the zone (at a wall-clock time that happens once,
        as is the time moved back), and a submission near the limit, written with any
        offset: ``submitted_at`` moved by ``days`` is at most the deadline exactly when
        ``submitted_at`` is at most the deadline moved back by ``days``. (A submission
        whose moved wall-clock time the clocks skip is read an hour later, as a milestone
        is: left out here.)"""
        place = ZoneInfo(zone)
        at = changes(zone)[change % len(changes(zone))][0].astimezone(place)
        deadline = datetime.combine(at.date() + timedelta(days=day), datetime.min.time()
                                    ) + timedelta(minutes=minute)
        back = deadline - timedelta(days=days)
        assume(_exists_once(deadline, place) and _exists_once(back, place))
        limit = back.replace(tzinfo=place)
        submitted = (limit + timedelta(minutes=near)).astimezone(
            datetime.fromisoformat(f"2026-01-01T00:00{written}").tzinfo)
        moved = submitted.astimezone(place).replace(tzinfo=None) + timedelta(days=days)
        skipped = moved.replace(tzinfo=place).astimezone(UTC).astimezone(place).replace(
            tzinfo=None) != moved
        assume(not skipped)  # read an hour later, as a milestone is
        now = datetime(2027, 1, 1, tzinfo=UTC)
        application = _application(submitted)
        verdicts = {callrules.evaluate(_one_day_call(zone, deadline, days, side),
                                       application, now=now).eligible
                    for side in (True, False)}
        assert verdicts == {submitted <= limit}

    def test_a_day_is_a_calendar_day_not_24_hours(self) -> None:
        """The day the clocks go back in Paris (25 hours long): submitted at 12:00 (+02:00)
        the day before, one day later is 12:00 the next day (+01:00), after an 11:30
        deadline, whatever offset the submission is written with."""
        call = _one_day_call("Europe/Paris", datetime(2026, 10, 25, 11, 30), 1, True)
        now = datetime(2027, 1, 1, tzinfo=UTC)
        for written in ("2026-10-24T12:00:00+02:00", "2026-10-24T10:00:00Z",
                        "2026-10-24T07:00:00-03:00"):
            application = _application(datetime.fromisoformat(written))
            assert not callrules.evaluate(call, application, now=now).eligible
        on_time = _application(datetime.fromisoformat("2026-10-24T11:30:00+02:00"))
        assert callrules.evaluate(call, on_time, now=now).eligible

    @settings(max_examples=12, deadline=None)
    @given(zone=st.sampled_from(FOLD_ZONES), change=st.integers(0, 3),
           fraction=st.sampled_from((0, 0.25, 0.5, 0.99)), days=st.sampled_from([1, 2, 7]),
           cmp=st.sampled_from(("<=", "<", ">=", ">")))
    @example(zone="Europe/Paris", change=1, fraction=0, days=1, cmp="<=")  # att54 F1
    @example(zone="Europe/Paris", change=1, fraction=0.5, days=1, cmp="<")
    @example(zone="Antarctica/Troll", change=1, fraction=0.25, days=1, cmp="<=")
    def test_a_repeated_time_moved_to_is_the_limit_shifting_the_submission_gives(
            self, zone: str, change: int, fraction: float, days: int, cmp: str) -> None:
        """The deadline moved back by ``days`` onto a wall-clock time the clocks show twice
        (the night they go back), compared by ``cmp``: the limit is the one instant that
        shifting the submission forward gives at the last (``<=``, ``<``) or the first
        (``>=``, ``>``) submission it accepts, so the deadline's side accepts every
        submission before (after) one the submission's side accepts; they differ only for a
        submission between the two occurrences, whose own clock is past the limit's time
        (before it, for ``>=`` and ``>``), that the deadline's side accepts (the docs' third
        case; att54 F1: the second 02:00 on time either way, not 1 hour late). The finding
        shows that limit."""
        place = ZoneInfo(zone)
        folds = [c for c in changes(zone) if c[2] < c[1]]
        at, before, after = folds[change % len(folds)]
        width = before - after
        start = (at + after).replace(tzinfo=None)  # the first wall-clock time repeated
        wall = start + timedelta(minutes=int(width.total_seconds() // 60 * fraction))
        deadline = wall + timedelta(days=days)
        assume(_exists_once(deadline, place))
        first, second = (wall.replace(tzinfo=place, fold=f).astimezone(UTC) for f in (0, 1))
        tick = timedelta(microseconds=1)
        grid = sorted({moment + step for moment in (first, second, at)
                       for step in (-tick, timedelta(0), tick)})
        now = datetime(2027, 1, 1, tzinfo=UTC)
        shifted, moved = ([callrules.evaluate(_one_day_call(zone, deadline, days, side, cmp),
                                              _application(x), now=now) for x in grid]
                          for side in (True, False))
        upper = cmp in ("<=", "<")
        for i, report in enumerate(moved):
            hull = [r.eligible for r in (shifted[i:] if upper else shifted[:i + 1])]
            assert report.eligible == any(hull), (grid[i], cmp)
            if shifted[i].eligible != report.eligible:  # between the two occurrences
                assert first <= grid[i] <= second and report.eligible
            for finding in report.findings:  # the limit said is the limit judged
                limit = finding.ctx["limit"]
                assert isinstance(limit, datetime)
                passes = {"<=": grid[i] <= limit, "<": grid[i] < limit,
                          ">=": grid[i] >= limit, ">": grid[i] > limit}[cmp]
                assert not passes


class TestALaterEditionKeepsTheOccurrenceWritten:
    """A recurring call's milestone, or a history's ``from``, written ``fold = 1`` (the second
    of a time the clocks show twice) is the second occurrence in every later edition whose
    moved wall-clock time is shown twice again, and the one time shown otherwise (att54 F3:
    read as the first, « 40 minutes too late » in 2037)."""

    @pytest.mark.parametrize("zone", FOLD_ZONES)
    def test_every_edition_repeated_again_is_its_second_occurrence(self, zone: str) -> None:
        place = ZoneInfo(zone)
        at, before, after = next(c for c in changes(zone) if c[2] < c[1])
        wall = (at + after).replace(tzinfo=None) + (before - after) / 2
        wall = wall.replace(second=0, microsecond=0)
        call = callrules.Call.from_dict({
            "id": "r-2026", "version": "1", "languages": ["en"], "title": {"en": "R"},
            "timezone": zone, "currency": "EUR",
            "labels": {"milestones": {"closing": {"en": "Closing"}}},
            "recurrence": {"every": "year", "count": 30, "id": "r-{year}"},
            "timeline": {
                "opening": "2026-01-02",
                "deadline": {"at": wall.isoformat(), "fold": 1},
                "closing": {"history": [{"from": "2026-01-01T00:00:00", "value": "2026-12-30"},
                                        {"from": {"at": wall.isoformat(), "fold": 1},
                                         "value": "2026-12-31"}]}},
            "clauses": [{"id": "c", "title": {"en": "C"}, "text": {"en": "C"}}],
            "rules": [{"clause": "c", "check": {"op": "compare", "path": "submitted_at",
                                                "cmp": "<=", "to": {"milestone": "deadline"}}}]})
        repeated = 0
        for edition in call.editions():
            moved = wall.replace(year=int(edition.id[2:]))
            twice = moved.replace(tzinfo=place, fold=0).utcoffset() != moved.replace(
                tzinfo=place, fold=1).utcoffset()
            want = moved.replace(tzinfo=place, fold=int(twice)).astimezone(UTC)
            repeated += twice
            assert edition.timeline["deadline"].start.astimezone(UTC) == want, edition.id
            amended = edition.at(want).timeline["closing"].start.date()
            earlier = edition.at(want - timedelta(microseconds=1)).timeline["closing"]
            assert (amended.day, earlier.start.day) == (31, 30), edition.id
        assert repeated >= 3  # the same day comes back every few years
