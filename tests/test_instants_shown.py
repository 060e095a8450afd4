"""Every instant shown to a person exists in its zone: a call's time written in a gap of its
zone's clocks (02:30 on the last Sunday of March in Paris, with ``fold`` saying which offset
reads it) is held as written, but shown, in words or as ISO text, as the instant it is; an
instant round-trips through UTC to itself as shown."""

from __future__ import annotations

import copy
import json
import tomllib
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import callrules
from callrules._i18n import format_instant, seen_in
from callrules._text import amended_values
from callrules._time import Milestone, get_zone, localize, occurrences, shown_as_it_is
from callrules._versions import _shown
from callrules.serve._app import _call_answer
from tests.conftest import ROOT
from tests.laws import settings

ZONES = ("Europe/Paris", "America/Santiago", "America/New_York", "Australia/Lord_Howe",
         "America/Asuncion", "Pacific/Chatham")


@cache
def gaps() -> tuple[tuple[str, datetime], ...]:
    """Wall-clock times the clocks of :data:`ZONES` skip, from 2024 to 2030 (each the middle
    of its gap, to the minute)."""
    found = []
    for key in ZONES:
        zone = get_zone(key)
        day = datetime(2024, 1, 1)
        while day.year < 2031:
            after = day + timedelta(days=1)
            if localize(day, zone, fold=0).utcoffset() != localize(after, zone,
                                                                  fold=0).utcoffset():
                minute = day
                while minute < after:
                    if not occurrences(minute, zone):
                        found.append((key, minute + timedelta(minutes=15)))
                        break
                    minute += timedelta(minutes=15)
            day = after
    return tuple(found)


wall_times = st.one_of(
    st.sampled_from(range(10_000)).map(lambda i: gaps()[i % len(gaps())]),
    st.tuples(st.sampled_from(ZONES), st.datetimes(datetime(2000, 1, 1),
                                                   datetime(2040, 1, 1))))


@settings(max_examples=80, deadline=None)
@given(wall_times, st.sampled_from([0, 1]), st.sampled_from(["en", "fr", "es", "pt"]))
@example(("Europe/Paris", datetime(2026, 3, 29, 2, 30)), 1, "en")
def test_an_instant_is_shown_as_it_is_however_it_is_held(
        written: tuple[str, datetime], fold: int, lang: str) -> None:
    """A call's time read in its zone (a time its clocks skip kept as written) is shown as
    the same instant held in UTC is, in words as in ISO text: a time that exists there,
    whose round trip through UTC is itself."""
    key, local = written
    zone = get_zone(key)
    held = localize(local, zone, fold=fold)
    assert format_instant(held, lang, zone) == format_instant(held.astimezone(UTC), lang, zone)
    assert format_instant(held, lang) == format_instant(held.astimezone(UTC), lang, zone)
    shown = shown_as_it_is(held)
    assert shown.astimezone(UTC) == held.astimezone(UTC)  # (the same instant)
    again = shown.astimezone(UTC).astimezone(zone)
    assert (again.replace(tzinfo=None), again.utcoffset()) == (
        shown.replace(tzinfo=None), shown.utcoffset())


def _cap_history(first: str, then: dict[str, Any]) -> dict[str, Any]:
    data = tomllib.loads((ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8"))
    data = copy.deepcopy(data)
    data["parameters"]["cap"] = {"history": [
        {"from": first, "value": {"amount": "3100.00", "currency": "EUR"}},
        {"from": then, "value": {"amount": "3500.00", "currency": "EUR"}}]}
    return data


def _exists(text: str) -> bool:
    """Whether the ISO instant ``text`` is a time that exists in Paris."""
    instant = datetime.fromisoformat(text)
    again = instant.astimezone(UTC).astimezone(get_zone("Europe/Paris"))
    return again.replace(tzinfo=None) == instant.replace(tzinfo=None)


@pytest.mark.parametrize("fold", [0, 1])
def test_a_history_entry_in_a_gap_is_shown_as_the_instant_it_is(fold: int) -> None:
    """An amendment written at 02:30 on 29 March 2026 in Paris (a time the clocks skip) is
    said to take effect at the instant it is (01:30 UTC+01:00 with ``fold = 1``, 03:30
    UTC+02:00 with ``fold = 0``): in the refusal of a history out of order, which says that
    the time written does not exist, and in the amendment's label."""
    gap = {"at": "2026-03-29T02:30:00", "fold": fold}
    if fold == 1:  # 00:30 UTC, before the first entry's 01:00 UTC: refused, as it is
        with pytest.raises(callrules.DefinitionError) as refused:
            callrules.Call.from_dict(_cap_history("2026-03-29T03:00:00", gap))
        said = str(refused.value)
        assert "2026-03-29T01:30:00+01:00" in said
        assert "does not exist in Europe/Paris" in said
        assert "02:30:00+02:00" not in said
    call = callrules.Call.from_dict(_cap_history("2026-01-01T00:00:00", gap))
    (dated,) = [d for d in call._values.all if d.name == "cap"]
    assert all(_exists(label) for label in dated.labels)
    after = datetime(2026, 3, 29, 12, tzinfo=UTC)
    for lang in ("en", "fr"):
        (said,) = amended_values(call, after, lang, call.zone)
        assert "02:30" not in said and "2:30" not in said, said


#: Zones whose clocks have skipped a midnight: the start of that day does not exist there.
MIDNIGHT_ZONES = ("America/Santiago", "America/Asuncion", "America/Havana", "Asia/Beirut",
                  "America/Sao_Paulo")


@cache
def skipped_midnights() -> tuple[tuple[str, date], ...]:
    """The days of :data:`MIDNIGHT_ZONES` from 2000 to 2039 whose midnight their clocks skip."""
    found = []
    for key in MIDNIGHT_ZONES:
        zone = get_zone(key)
        day = date(2000, 1, 1)
        while day.year < 2040:
            midnight = datetime.combine(day, time())
            if not occurrences(midnight, zone):
                found.append((key, day))
            day += timedelta(days=1)
    return tuple(found)


def _month_after(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


@settings(max_examples=40, deadline=None)
@given(st.one_of(st.sampled_from(range(10_000)).map(
           lambda i: skipped_midnights()[i % len(skipped_midnights())]),
       st.tuples(st.sampled_from(MIDNIGHT_ZONES), st.dates(date(2001, 1, 1),
                                                            date(2038, 12, 1)))),
       st.sampled_from([0, 1]), st.sampled_from(["day", "month"]))
@example(("America/Santiago", date(2026, 9, 6)), 1, "day")
def test_a_day_or_a_month_is_shown_as_the_date_written(
        written: tuple[str, date], fold: int, precision: str) -> None:
    """A milestone given as a day or a month (``{ at = 2026-09-06, fold = 1 }`` in Santiago,
    whose clocks skip that midnight) is shown as the date written, wherever it is shown:
    in the refusal of a timeline out of order, in the service's timeline, and in the label
    of an amendment taking effect that day; never as the day before at 23:00."""
    key, day = written
    if precision == "month":
        day = day.replace(day=1)
    zone = get_zone(key)
    as_written = f"{day:%Y-%m}" if precision == "month" else day.isoformat()
    milestone = Milestone("results", localize(datetime.combine(day, time()), zone,
                                              fold=fold), "month" if precision == "month"
                          else "day")
    assert _shown(milestone) == as_written
    at = {"at": as_written, "fold": fold}
    data = _cap_history("2000-01-01T00:00:00", at)
    data["timezone"] = key
    data["timeline"] = {"opening": (day - timedelta(days=60)).isoformat() + "T00:00:00",
                        "deadline": at, "evaluation": f"{_month_after(day):%Y-%m}",
                        "results": _month_after(_month_after(day)).isoformat()}
    call = callrules.Call.from_dict(data)
    (dated,) = [d for d in call._values.all if d.name == "cap"]
    assert dated.labels[1].startswith(day.isoformat()), dated.labels
    answer = json.loads(bytes(_call_answer(call, datetime(2000, 6, 1, tzinfo=UTC), "en",
                                           None, False).body))
    assert answer["timeline"]["deadline"]["start"].startswith(day.isoformat()), answer[
        "timeline"]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(("Asia/Tokyo", "Pacific/Kiritimati", "America/Lima",
                        "Pacific/Pago_Pago", "Europe/Paris")),
       st.one_of(st.datetimes(datetime(1, 1, 1), datetime(1, 1, 2)),
                 st.datetimes(datetime(9999, 12, 30), datetime(9999, 12, 31, 23, 59))))
def test_an_instant_in_its_own_zone_is_seen_there_at_the_calendars_edge(
        zone_key: str, local: datetime) -> None:
    """A value held in its own zone is seen there as held (the one conversion through UTC,
    :func:`shown_as_it_is`, keeps it when UTC is outside the calendar): the first hours of
    the year 1 in Tokyo are never said to be "before the year 1 (Tokyo time)"."""
    zone = get_zone(zone_key)
    held = local.replace(tzinfo=zone)
    seen = seen_in(held, zone)
    assert seen is not None
    assert (seen.replace(tzinfo=None), seen.utcoffset()) == (local, held.utcoffset())
