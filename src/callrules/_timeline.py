"""A milestone as a call file writes it, read in the call's zone and checked at load.

A milestone is written as a local date-time (``2026-06-01T17:00:00``), a date
(``2026-07-01``), a month (``"2026-06"``) or a table ``{at = …, fold = 0|1}`` saying which
reading of a local time that a DST change repeats or skips is meant. Every milestone, and
its end, must be an instant the calendar can hold in every zone (the years 1 to 9999 seen
from UTC): a milestone at the calendar's very edge is refused when the call is loaded,
never later when an instant is compared with it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from callrules._time import FRACTION_DIGITS, Milestone, fraction_refused, localize, on_earth
from callrules.exceptions import ArgumentError, DefinitionError, TimeError

__all__ = ["checked_milestone", "read_milestone"]

_MONTH = re.compile(r"^\d{4}-\d{2}$")
#: A milestone written as text: a date, or a date and a time of day (seconds and their
#: fraction optional) with an offset or not, as the docs say; not the other writings
#: ``fromisoformat`` reads (an ISO week ``2026-W23``, ``20260601``, an hour alone
#: ``2026-06-01T17``), which ``--at`` refuses too. ``t`` and ``z`` as RFC 3339 allows; a
#: fraction of more than ``FRACTION_DIGITS`` digits is read to be refused in words.
_WRITTEN = re.compile(r"\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.(?P<fraction>\d+))?)?"
                      r"(?:[Zz]|[+-]\d{2}:\d{2})?)?", re.ASCII)
#: What a milestone needs around it: an offset either way (±1 day) still in the calendar.
_MARGIN = timedelta(days=2)


def read_milestone(name: str, raw: object, zone: ZoneInfo, *, source: str,
                   loc: tuple[str | int, ...]) -> Milestone:
    """The milestone ``raw`` (as a call file writes it) in ``zone``; DefinitionError if it
    is not one, or lies too close to the calendar's edge."""
    return checked_milestone(_read(name, raw, zone, source, loc), source=source, loc=loc)


def checked_milestone(milestone: Milestone, *, source: str, loc: tuple[str | int, ...]
                      ) -> Milestone:
    """``milestone`` if it and its end can be seen in any zone; ``bad_milestone`` if not."""
    try:
        for instant in (milestone.start, milestone.end):
            utc = instant.astimezone(UTC)
            utc - _MARGIN, utc + _MARGIN  # shown in any zone, compared with any
    except (OverflowError, ValueError):  # (Python's own words, "date value out of range",
        raise DefinitionError(  # are not the author's)
            f"{milestone.start.isoformat()} is too close to the edge of the calendar (years "
            "1 to 9999): a milestone, and the month or day it names, must stay inside it by "
            "more than a day, whatever the zone it is seen from", code="bad_milestone",
            source=source, loc=loc) from None
    return milestone


def _read(name: str, raw: object, zone: ZoneInfo, source: str, loc: tuple[str | int, ...]
          ) -> Milestone:
    fold = None
    if isinstance(raw, Mapping):
        if set(raw) - {"at", "fold"} or "at" not in raw or raw.get("fold", 0) not in (0, 1) \
                or isinstance(raw.get("fold"), bool):
            raise DefinitionError("a milestone table holds 'at' and optionally 'fold' (0 or 1)",
                                  code="bad_milestone", source=source, loc=loc)
        fold = raw.get("fold")
        raw = raw["at"]
    try:
        if isinstance(raw, str):
            if _MONTH.match(raw):
                return Milestone(name, localize(datetime(int(raw[:4]), int(raw[5:]), 1), zone,
                                                fold=fold), "month")
            written = _WRITTEN.fullmatch(raw)
            if not written:
                raise ValueError(f"{raw[:40]!r} is not written as a date (2026-07-01), a month "
                                 "(2026-06) or a date and time (2026-06-01T17:00:00)")
            if len(written["fraction"] or "") > FRACTION_DIGITS:
                raise ValueError(fraction_refused(raw))
            raw = raw[:10] + raw[10:].upper()  # t and z, as RFC 3339 allows
            if raw.endswith("-00:00"):
                raise ValueError(f"{raw[:40]!r}: -00:00 says that the local offset is unknown "
                                 "(RFC 3339): write the offset, or none for the call's zone")
            raw = date.fromisoformat(raw) if len(raw) == 10 else datetime.fromisoformat(raw)
        if isinstance(raw, datetime):
            if raw.tzinfo is None:
                return Milestone(name, localize(raw, zone, fold=fold, what=name), "instant")
            if not on_earth(raw):
                raise ValueError(f"no place has the offset of {raw.isoformat()} (offsets run "
                                 "from -12:00 to +14:00)")
            return Milestone(name, raw.astimezone(zone), "instant")
        if isinstance(raw, date):
            return Milestone(name, localize(datetime(raw.year, raw.month, raw.day), zone,
                                            fold=fold), "day")
    except ArgumentError as exc:
        if exc.code != "date_out_of_calendar":
            raise DefinitionError(f"not a date or time: {exc}", code="bad_milestone",
                                  source=source, loc=loc) from None
        raise DefinitionError(  # a month or a day whose end is past 9999-12-31
            f"{str(raw)[:40]} is too close to the edge of the calendar (years 1 to 9999): a "
            "milestone, and the month or day it names, must stay inside it by more than a day, "
            "whatever the zone it is seen from", code="bad_milestone", source=source,
            loc=loc) from None
    except TimeError as exc:
        raise DefinitionError(str(exc), code=exc.code, source=source, loc=loc,
                              hint="fold = 0 reads the earlier offset, fold = 1 the later"
                              ) from None
    except (ValueError, OverflowError) as exc:
        raise DefinitionError(f"not a date or time: {exc}", code="bad_milestone",
                              source=source, loc=loc) from None
    raise DefinitionError(
        "a milestone is a local date-time (2026-06-01T17:00:00), a date (2026-07-01), a "
        "month (\"2026-06\") or a table {at = …, fold = 0|1}", code="bad_milestone",
        source=source, loc=loc)
