"""Time: milestones in the call's zone, DST gaps, phases, and zones proposed for places."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules._cli import main
from callrules._time import (
    Milestone,
    Phase,
    get_zone,
    localize,
    phase_at,
    suggest_zone,
    time_left,
)

PARIS = ZoneInfo("Europe/Paris")


class TestLocalTimes:
    @pytest.mark.parametrize(("zone", "local"), [
        ("Europe/Paris", datetime(2026, 3, 29, 2, 30)),
        ("America/Santiago", datetime(2026, 9, 6, 0, 30)),
        ("America/Asuncion", datetime(2024, 10, 6, 0, 30))])
    def test_a_local_time_skipped_by_a_dst_change_is_refused(self, zone: str,
                                                             local: datetime) -> None:
        """The clocks skip it: it names no instant unless fold says which offset is meant."""
        with pytest.raises(callrules.TimeError) as info:
            localize(local, get_zone(zone))
        assert info.value.code == "nonexistent_local_time"
        assert localize(local, get_zone(zone), fold=0).tzinfo is not None

    def test_a_local_time_repeated_by_a_dst_change_is_refused_unless_fold_says(self) -> None:
        """02:30 on 25 October 2026 happens twice in Paris; fold picks one, an hour apart."""
        local = datetime(2026, 10, 25, 2, 30)
        with pytest.raises(callrules.TimeError) as info:
            localize(local, PARIS)
        assert info.value.code == "ambiguous_local_time"
        first, second = localize(local, PARIS, fold=0), localize(local, PARIS, fold=1)
        assert second - first == timedelta(0) and second.astimezone(UTC) - first.astimezone(
            UTC) == timedelta(hours=1)

    def test_an_unknown_zone_is_a_typed_error(self) -> None:
        """Not an IANA zone: TimeError, not a ZoneInfoNotFoundError."""
        with pytest.raises(callrules.TimeError):
            get_zone("Mars/Olympus_Mons")


class TestPhases:
    def test_the_cnrs_call_goes_through_its_phases(self) -> None:
        """Upcoming, open (deadline inclusive), under evaluation, decided."""
        timeline = callrules.calls.load("cnrs-amsud-2026").timeline
        deadline = datetime(2026, 6, 1, 17, tzinfo=PARIS)
        assert phase_at(timeline, datetime(2026, 4, 20, 23, 59, tzinfo=PARIS)) is Phase.UPCOMING
        assert phase_at(timeline, deadline) is Phase.OPEN
        after = deadline + timedelta(microseconds=1)
        assert phase_at(timeline, after) is Phase.UNDER_EVALUATION
        assert phase_at(timeline, datetime(2026, 7, 1, tzinfo=PARIS)) is Phase.DECIDED

    @given(st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31),
                        timezones=st.timezones()),
           st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=200)))
    def test_phases_never_go_back_in_time(self, now: datetime, later_by: timedelta) -> None:
        """Law: phase_at is monotonic in time, whatever zone ``now`` is written in."""
        timeline = callrules.calls.load("cnrs-amsud-2026").timeline
        order = [Phase.UPCOMING, Phase.OPEN, Phase.UNDER_EVALUATION, Phase.DECIDED]
        assert order.index(phase_at(timeline, now)) <= order.index(
            phase_at(timeline, now + later_by))

    def test_time_left_names_the_next_milestone(self) -> None:
        """Two hours before the deadline, the deadline is next, two hours away."""
        timeline = callrules.calls.load("cnrs-amsud-2026").timeline
        now = datetime(2026, 6, 1, 13, tzinfo=UTC)
        nxt = time_left(timeline, now)
        assert nxt is not None and nxt[0].name == "deadline" and nxt[1] == timedelta(hours=2)
        assert time_left(timeline, datetime(2027, 1, 1, tzinfo=UTC)) is None

    @given(st.datetimes(min_value=datetime(2026, 5, 31), max_value=datetime(2026, 6, 3),
                        timezones=st.just(UTC)) | st.sampled_from([
        datetime(2026, 6, 1, 15, tzinfo=UTC), datetime(2026, 6, 1, 17, tzinfo=PARIS)]),
           st.sampled_from([timedelta(0), timedelta(microseconds=1),
                            -timedelta(microseconds=1)]))
    def test_time_left_agrees_with_the_phase_at_the_deadline(
            self, around: datetime, step: timedelta) -> None:
        """Law: while phase_at says open, time_left never points past the deadline; once it
        says otherwise, never at it. At the deadline instant itself (open, as submissions
        are judged) the deadline is next with nothing left (pass 16 M3: it pointed at the
        evaluation, 29 days away)."""
        timeline = callrules.calls.load("cnrs-amsud-2026").timeline
        deadline = timeline["deadline"]
        now = around + step
        nxt = time_left(timeline, now)
        if phase_at(timeline, now) is Phase.OPEN:
            assert nxt is not None and nxt[0].start <= deadline.start
            assert nxt[1] >= timedelta(0)
        else:
            assert nxt is None or nxt[0].name != "deadline"
        if now == deadline.start:
            assert nxt == (deadline, timedelta(0))

    def test_a_naive_now_is_refused(self) -> None:
        """The clock is passed in, and it must be aware."""
        timeline = callrules.calls.load("cnrs-amsud-2026").timeline
        with pytest.raises(callrules.TimeError):
            phase_at(timeline, datetime(2026, 6, 1))


class TestZones:
    @pytest.mark.parametrize(("country", "subdivision", "zone", "certain"), [
        ("CO", None, "America/Bogota", True), ("PY", None, "America/Asuncion", True),
        ("BR", "BR-SP", "America/Sao_Paulo", True), ("BR", "BR-AM", "America/Manaus", True),
        ("BR", "BR-MS", "America/Campo_Grande", True), ("BR", None, "America/Sao_Paulo", False),
        ("CL", None, "America/Santiago", False), ("EC", None, "America/Guayaquil", False)])
    def test_a_zone_is_proposed_from_country_and_subdivision(
            self, country: str, subdivision: str | None, zone: str, certain: bool) -> None:
        """Several zones: the subdivision picks one, else the principal one is proposed."""
        suggestion = suggest_zone(country, subdivision)
        assert (suggestion.zone, suggestion.certain) == (zone, certain)
        assert zone in suggestion.candidates


class TestReaderZone:
    def test_a_late_submission_shows_the_deadline_in_the_readers_zone_too(
            self, call: callrules.Call, app: dict[str, object]) -> None:
        """17:00 Paris is also given as 12:00 in São Paulo, in French."""
        app["submitted_at"] = "2026-06-01T12:30:00-03:00"
        (finding,) = callrules.evaluate(call, app).errors
        message = finding.message("fr", zone="America/Sao_Paulo")
        assert "1er juin 2026, 17:00 (heure de Paris), soit 1er juin 2026, 12:00 (heure de São " \
               "Paulo)" in message
        assert "30\xa0minutes de retard" in message


def amended_call() -> callrules.Call:
    """The CNRS call with its deadline extended by a week and its cap raised, both on
    25 May 2026 at 10:00 Paris time."""
    source = (Path(callrules.calls.__file__).with_name("cnrs-amsud-2026.toml")
              .read_text("utf-8"))
    source = source.replace(
        "deadline = 2026-06-01T17:00:00",
        'deadline = { history = [{ from = 2026-04-01T00:00:00, value = 2026-06-01T17:00:00 },'
        ' { from = 2026-05-25T10:00:00, value = 2026-06-08T17:00:00, label = "extension" }] }')
    source = source.replace(
        'cap = { amount = "3100.00", currency = "EUR" }',
        'cap = { history = [{ from = 2026-04-01, value = { amount = "3100.00", currency = "EUR" }'
        ' }, { from = 2026-05-25T10:00:00, value = { amount = "3500.00", currency = "EUR" } }] }')
    return callrules.Call.from_text(source, source="amended.toml")


AMENDED_AT = datetime(2026, 5, 25, 10, tzinfo=PARIS)


class TestAmendments:
    @pytest.mark.parametrize(("now", "late", "amended"), [
        (AMENDED_AT - timedelta(microseconds=1), True, False),
        (AMENDED_AT, False, True),
        (AMENDED_AT + timedelta(days=30), False, True)])
    def test_an_extended_deadline_applies_from_the_instant_it_was_published(
            self, app: dict[str, object], now: datetime, late: bool, amended: bool) -> None:
        """Submitted on 5 June: late against the call as it stood before, on time after."""
        app["submitted_at"] = "2026-06-05T10:00:00+02:00"
        report = callrules.evaluate(amended_call(), app, now=now)
        assert ("deadline" in report.failed_clauses) is late
        assert ("timeline.deadline: extension" in report.amendments) is amended
        assert report.to_dict()["call"]["amendments"] == list(report.amendments)

    def test_a_raised_cap_is_read_as_of_the_evaluation(self, app: dict[str, object]) -> None:
        """3,400.00 EUR is over the first cap, within the raised one."""
        app["budget"] = {"lines": [{"category": "transport", "beneficiary": "v1",
                                    "amount": {"amount": "3400.00", "currency": "EUR"}}]}
        call = amended_call()
        before = callrules.evaluate(call, app, now=AMENDED_AT - timedelta(seconds=1))
        after = callrules.evaluate(call, app, now=AMENDED_AT)
        assert "budget-cap" in before.failed_clauses and after.eligible

    def test_without_an_instant_the_call_stands_as_its_file_says_today(self) -> None:
        """Every amendment is in force, and the checklist shows the amended values."""
        call = amended_call()
        assert call.timeline["deadline"].start == datetime(2026, 6, 8, 17, tzinfo=PARIS)
        assert "8 juin 2026, 17:00" in call.checklist("fr")
        earlier = call.at(AMENDED_AT - timedelta(days=1))
        assert "1er juin 2026, 17:00" in earlier.checklist("fr")
        assert call.at(AMENDED_AT - timedelta(days=2)) is earlier  # compiled once per version

    def test_a_history_out_of_order_is_refused(self) -> None:
        """Entries must follow each other in time."""
        source = (Path(callrules.calls.__file__).with_name("cnrs-amsud-2026.toml")
                  .read_text("utf-8")).replace(
            "deadline = 2026-06-01T17:00:00",
            'deadline = { history = [{ from = 2026-05-01, value = 2026-06-01T17:00:00 },'
            ' { from = 2026-04-01, value = 2026-06-08T17:00:00 }] }')
        with pytest.raises(callrules.DefinitionError) as info:
            callrules.Call.from_text(source)
        assert info.value.code == "bad_history"


RECURRING = """\
id = "school-2026"
version = "1"
timezone = "America/Santiago"
currency = "USD"
title = { fr = "École", en = "School" }

[recurrence]
count = 3
id = "school-{year}"
year_parameters = ["funding_year"]

[timeline]
opening = 2026-02-28T09:00:00
deadline = 2026-04-30T17:00:00

[parameters]
funding_year = 2026

[[clauses]]
id = "deadline"
title = { fr = "Date limite", en = "Deadline" }
text = { fr = "Avant la date limite.", en = "Before the deadline." }

[[rules]]
clause = "deadline"
check = { op = "compare", path = "submitted_at", cmp = "<=", to = { milestone = "deadline" } }

[[rules]]
clause = "deadline"
[rules.check]
op = "each"
path = "visitors"
rule = { op = "within_year", path = "stay.arrival", year = { param = "funding_year" } }
"""


class TestRecurringCalls:
    def test_editions_move_the_timeline_by_whole_years_in_the_calls_zone(self) -> None:
        """2027's deadline is 30 April 2027 at 17:00 Santiago time; its id follows the year."""
        call = callrules.Call.from_text(RECURRING)
        ids = [edition.id for edition in call.editions()]
        assert ids == ["school-2026", "school-2027", "school-2028"]
        later = call.editions()[1]
        santiago = ZoneInfo("America/Santiago")
        assert later.timeline["deadline"].start == datetime(2027, 4, 30, 17, tzinfo=santiago)
        assert later.parameters["funding_year"].value == 2027

    def test_an_edition_judges_by_its_own_dates(self, app: dict[str, object]) -> None:
        """A 2027 application is late for 2026 and on time for the 2027 edition."""
        first, second = callrules.Call.from_text(RECURRING).editions()[:2]
        app["submitted_at"] = "2027-04-30T17:00:00-04:00"
        app["visitors"] = [{**app["visitors"][0], "stay": {  # type: ignore[index]
            "arrival": "2027-09-14", "departure": "2027-09-20"}}]
        assert not callrules.evaluate(first, app).eligible
        assert callrules.evaluate(second, app).eligible

    def test_a_pattern_that_does_not_give_the_files_id_is_refused(self) -> None:
        """The file is its first edition: school-{year} must give school-2026."""
        with pytest.raises(callrules.DefinitionError) as info:
            callrules.Call.from_text(RECURRING.replace('id = "school-{year}"',
                                                       'id = "camp-{year}"'))
        assert info.value.code == "bad_recurrence"

    def test_registered_editions_load_by_id(self, tmp_path: Path, registries: None) -> None:
        """calls.available lists every edition; calls.load finds a later one."""
        from callrules import calls

        (tmp_path / "school-2026.toml").write_text(RECURRING, "utf-8")
        calls.register_folder(tmp_path)
        assert {"school-2026", "school-2027", "school-2028"} <= set(calls.available())
        assert calls.load("school-2028").timeline["opening"].start.year == 2028


class TestReaderZones:
    @pytest.mark.parametrize("zone", ["Etc/GMT+5", "Etc/GMT-14", "posixrules", "EST5EDT",
                                      "posix/Europe/Paris", "right/UTC"])
    def test_a_zone_that_is_no_place_is_refused_for_readers_too(self, zone: str) -> None:
        """"GMT+5 time" for an instant at UTC−5 misleads: a reader's zone is a place, as a
        call's is, in the API (a typed TimeError) and on the command line (exit 2)."""
        call = callrules.calls.load("cnrs-amsud-2026")
        with pytest.raises(callrules.TimeError) as caught:
            call.checklist("en", zone=zone)
        assert caught.value.code in ("zone_not_a_place", "unknown_zone")
        err = io.StringIO()
        assert main(["show", "cnrs-amsud-2026", "--zone", zone], out=io.StringIO(),
                    err=err) == 2
        assert "place" in err.getvalue() or "IANA" in err.getvalue()



def _timeline_with(zone: str, precision: str, year: int, month: int, day: int
                   ) -> dict[str, Milestone]:
    """Opening a month before, a day or month deadline, results the day after it ends."""
    place = get_zone(zone)
    first = datetime(year, month, day if precision == "day" else 1)
    deadline = Milestone("deadline", localize(first, place, fold=0), precision)  # type: ignore[arg-type]
    return {"opening": Milestone("opening", localize(first - timedelta(days=31), place,
                                                     fold=0), "day"),
            "deadline": deadline,
            "results": Milestone("results", localize(datetime.combine(
                deadline.last_day + timedelta(days=1), datetime.min.time()), place, fold=0),
                "day")}


class TestTimeLeftToADayOrMonthDeadline:
    """While a day or month deadline runs, the call is open (phase_at) and the time left is
    to its end, never to the results (attack 23b F-V4: "46 days left" to the results half an
    hour before the call closed)."""

    @given(zone=st.sampled_from(("Europe/Paris", "America/Santiago", "Australia/Lord_Howe",
                                 "UTC", "Asia/Kolkata")),
           precision=st.sampled_from(("day", "month")), year=st.integers(2000, 2040),
           month=st.integers(1, 12), day=st.integers(1, 28),
           share=st.integers(0, 10**9 - 1),
           before=st.timedeltas(timedelta(0), timedelta(days=40)))
    def test_the_time_left_runs_to_the_deadline_s_end(
            self, zone: str, precision: str, year: int, month: int, day: int, share: int,
            before: timedelta) -> None:
        """Law: at any instant from the opening to the deadline's end, time_left names the
        deadline and its figure is the deadline's end less that instant; at its end and
        after, never the deadline."""
        timeline = _timeline_with(zone, precision, year, month, day)
        deadline = timeline["deadline"]
        start, end = deadline.start.astimezone(UTC), deadline.end.astimezone(UTC)
        opening = timeline["opening"].start.astimezone(UTC)
        length = (end - start) // timedelta(microseconds=1)
        into = timedelta(microseconds=length * share // 10**9)
        now = max(opening, start + into - before)
        assert phase_at(timeline, now) is Phase.OPEN
        assert time_left(timeline, now) == (deadline, end - now)
        for after in (end, end + into):
            assert phase_at(timeline, after) is not Phase.OPEN
            found = time_left(timeline, after)
            assert found is None or found[0].name != "deadline"

    def test_half_an_hour_before_a_day_deadline_closes(self) -> None:
        paris = get_zone("Europe/Paris")
        timeline = _timeline_with("Europe/Paris", "day", 2026, 10, 15)
        found = time_left(timeline, datetime(2026, 10, 15, 23, 30, tzinfo=paris))
        assert found == (timeline["deadline"], timedelta(minutes=30))
