"""Time: milestones in the call's zone, DST gaps, phases, and zones proposed for places."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules._time import Phase, get_zone, localize, phase_at, suggest_zone, time_left

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
        assert "1 juin 2026, 17:00 (heure de Paris), soit 1 juin 2026, 12:00 (heure de São " \
               "Paulo)" in message
        assert "30 minutes de retard" in message
