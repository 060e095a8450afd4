"""Time: aware instants only, milestones in a call's own zone, and stay arithmetic.

A milestone is an interval of time in the call's zone: an *instant* (17:00:00 on 1 June,
Paris time) is an interval of length zero; a *day* ("1 July") runs from its midnight to the
next; a *month* ("évaluation : juin") from its first midnight to the next month's. Comparing
an instant with a milestone then has one meaning: "at or before the 1 July" includes the
whole of that day, "before the 1 July" excludes it.

Local times written in a call file are read in the call's zone; one that does not exist
(skipped by a DST change) or exists twice (repeated by one) is refused unless the file says
which reading it means (``fold``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from callrules.exceptions import TimeError

__all__ = ["Milestone", "Precision", "get_zone", "localize", "require_aware", "stay_length"]

Precision = Literal["instant", "day", "month"]


def get_zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``, or :class:`TimeError` naming it."""
    try:
        if not isinstance(name, str) or not name or ".." in name or name.startswith("/"):
            raise ValueError
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise TimeError(f"{name!r} is not an IANA time zone (e.g. 'Europe/Paris')",
                        code="unknown_zone") from None


def require_aware(value: datetime, what: str) -> datetime:
    """``value`` if it is aware; otherwise :class:`TimeError` naming ``what``."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise TimeError(f"{what}: {value.isoformat()} has no time zone; give an offset "
                        "(e.g. +02:00) or a zone", code="naive_datetime")
    return value


def localize(local: datetime, zone: ZoneInfo, *, fold: int | None = None,
             what: str = "time") -> datetime:
    """Attach ``zone`` to the naive ``local``, refusing gaps and overlaps unless ``fold`` says.

    >>> paris = get_zone("Europe/Paris")
    >>> localize(datetime(2026, 6, 1, 17), paris).astimezone(UTC).isoformat()
    '2026-06-01T15:00:00+00:00'
    >>> localize(datetime(2026, 3, 29, 2, 30), paris)
    Traceback (most recent call last):
    ...
    callrules.exceptions.TimeError: time: 2026-03-29T02:30:00 does not exist in Europe/Paris ...
    """
    if local.tzinfo is not None:
        raise TimeError(f"{what}: expected a local time without offset", code="unexpected_offset")
    first = local.replace(tzinfo=zone, fold=0)
    second = local.replace(tzinfo=zone, fold=1)
    off0, off1 = first.utcoffset(), second.utcoffset()
    if off0 != off1 and fold is None:
        back0 = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        if back0 != local:
            raise TimeError(
                f"{what}: {local.isoformat()} does not exist in {zone.key} (the clocks skip "
                "it); write another time, or set fold = 0 (read it with the offset before the "
                "change) or fold = 1 (after)", code="nonexistent_local_time")
        raise TimeError(
            f"{what}: {local.isoformat()} happens twice in {zone.key} (the clocks go back); "
            "set fold = 0 for the first, fold = 1 for the second", code="ambiguous_local_time")
    return second if fold == 1 else first


@dataclass(frozen=True, slots=True)
class Milestone:
    """A named moment of a call: an instant, or a whole day or month, in the call's zone."""

    name: str
    start: datetime
    precision: Precision = "instant"

    @property
    def end(self) -> datetime:
        """The first instant after the milestone (equal to ``start`` for an instant)."""
        if self.precision == "instant":
            return self.start
        zone = self.start.tzinfo
        day = self.start.date()
        if self.precision == "day":
            nxt = day + timedelta(days=1)
        else:
            nxt = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        return datetime.combine(nxt, time(0), tzinfo=zone)

    @property
    def first_day(self) -> date:
        """The first calendar day (in the call's zone) the milestone touches."""
        return self.start.date()

    @property
    def last_day(self) -> date:
        """The last calendar day (in the call's zone) the milestone touches."""
        if self.precision == "instant":
            return self.start.date()
        return (self.end - timedelta(days=1)).date()


def stay_length(arrival: date, departure: date, count: Literal["nights", "days"]) -> int:
    """Length of a stay: nights (departure − arrival), or calendar days counted inclusively.

    >>> stay_length(date(2026, 9, 14), date(2026, 9, 21), "nights")
    7
    >>> stay_length(date(2026, 9, 14), date(2026, 9, 21), "days")
    8
    """
    nights = (departure - arrival).days
    return nights + 1 if count == "days" else nights
