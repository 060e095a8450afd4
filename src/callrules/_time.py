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

import re
import unicodedata
from calendar import monthrange
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from enum import StrEnum
from functools import cache
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from callrules._in_words import ExactInWords, MonthInWords
from callrules._invisible import is_blank
from callrules._messages import IMPOSSIBLE
from callrules.exceptions import (
    ArgumentError,
    TimeError,
    argument_words,
    as_text,
    blank_words,
    given_words,
)

__all__ = [
    "FRACTION_DIGITS", "Milestone", "Phase", "Precision", "ZoneSuggestion", "calendar_moved",
    "fraction_refused", "get_zone", "in_utc", "is_place", "limit_occurrence", "localize",
    "occurrences", "on_earth", "out_of_order", "parse_instant", "phase_at", "read_forward",
    "require_aware", "require_instant", "shown_as_it_is", "stay_length", "suggest_zone",
    "time_left", "typed_zone",
]

Precision = Literal["instant", "day", "month"]


def get_zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``, or :class:`TimeError` naming it."""
    try:
        if not isinstance(name, str) or not name or ".." in name or name.startswith("/"):
            raise ValueError
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise TimeError(f"{name!r} is not an IANA time zone (e.g. 'Europe/Paris')",
                        code="unknown_zone",
                        words=("zone_unknown", {"zone": _shown(name, read=True)})
                        if isinstance(name, str)
                        else argument_words(None, name, "kind_zone")) from None


#: Zone names that are not the zone of a place: fixed offsets (``Etc/GMT+5``, which POSIX
#: reads as five hours *behind* UTC) and copies of the database under other names.
NOT_PLACES = ("Etc/", "posix/", "right/", "SystemV/")
#: The names of UTC accepted as a zone: ``UTC`` and tzdata's canonical ``Etc/UTC`` (its
#: other names, ``Zulu``, ``GMT0``, ``Etc/Universal``…, are legacy aliases).
UTC_NAMES = ("UTC", "Etc/UTC")


def is_place(name: str) -> bool:
    """Whether the zone name ``name`` is accepted wherever callrules takes a zone (a call's
    ``timezone``, ``--zone``, an instant followed by a zone, the service's ``zone`` and
    ``now``): the zone of a place (``Region/City``) or UTC, never a fixed offset
    (``Etc/GMT+5``), a rule of its own (``EST5EDT``) or a copy (``posix/…``)."""
    return name in UTC_NAMES or ("/" in name and not name.startswith(NOT_PLACES))


def reader_zone(name: str) -> ZoneInfo:
    """The IANA zone of a place (:func:`is_place`), as a reader, a call or an instant names
    it; :class:`TimeError` for an unknown name (``unknown_zone``) or a zone that is no place
    (``zone_not_a_place``: ``Etc/GMT+5``, ``posixrules``), whose names read wrongly in
    messages ("GMT+5 time" for UTC−5)."""
    zone = get_zone(name)
    if not is_place(name):
        raise TimeError(f"{name!r} is a fixed offset or a legacy zone, not the zone of a place "
                        "(e.g. 'America/Bogota', or UTC)", code="zone_not_a_place",
                        words=("zone_not_a_place", {"zone": _shown(name, read=True)}))
    return zone


#: Blanks dropped around an instant or a zone typed (a shell variable's or a copied cell's
#: space, a no-break space, a tab; a final line end too): anything else is read.
_AROUND = " \t\u00a0\u202f\u3000"
#: The blanks an instant or a zone typed is read across (:data:`_AROUND` trimmed, a blank
#: between its parts): spaces, the exception to the blanks refused in them.
_SPACES = "Zs"


def trimmed(text: str) -> str:
    """``text`` without the blanks around it (:data:`_AROUND`) nor one final line end."""
    text = text.strip(_AROUND)
    return text.removesuffix("\n").removesuffix("\r").strip(_AROUND)


def has_control(text: str) -> bool:
    r"""Whether ``text`` holds a blank (:func:`callrules._invisible.is_blank`) but a space
    (:data:`_SPACES`): a control, a line or paragraph separator, an invisible format
    character, or another character drawn as nothing (a variation selector, the combining
    grapheme joiner, a Hangul filler, the blank braille pattern): never a blank an instant
    or a zone is read across, never a part of one.

    >>> has_control("2026-06-01\r10:00"), has_control("2026-06-01 10:00 Europe/Paris")
    (True, False)
    >>> has_control("2026-06-01 10:00 Europe/Paris\ufe0f"), has_control("2026-06-01\u2800")
    (True, True)
    """
    return any(is_blank(c) and unicodedata.category(c) != _SPACES for c in text)


def typed_zone(text: str) -> str:
    """A zone name as a person or a program sends it, without the blanks around it (a shell
    variable's or a copied cell's space, a no-break space, a tab, a line end), as
    :func:`parse_instant` reads the zone an instant ends with: the one reading of
    ``Europe/Paris `` by ``--zone`` and by the service's ``zone``, never "“Europe/Paris” is
    not a time zone … such as Europe/Paris". Whether it names a zone is for
    :func:`reader_zone` to say (a control character or a line separator at its ends is
    kept, and refused there, quoted in words)."""
    return trimmed(text)


def require_aware(value: datetime, argument: str, *, what: str | None = None) -> datetime:
    """``value`` if it is an aware datetime; otherwise :class:`TimeError` naming
    ``argument`` (the argument's name as the code spells it; ``what``: how its English text
    names it instead, ``Report(now)``)."""
    what = argument if what is None else what
    if not isinstance(value, datetime):
        raise TimeError(f"{what}: expected an aware datetime, not {type(value).__name__}",
                        code="not_a_datetime", words=argument_words(argument, value, datetime))
    try:  # a zone whose offset raises (pandas.NaT, an offset of 30 hours) has none to read
        offset = None if value.tzinfo is None else value.utcoffset()
    except Exception:  # (the caller's zone, whatever it raises, is refused)
        offset = None
    if offset is None:
        try:
            shown = value.isoformat()
        except Exception:  # (the same zone, asked again to be written)
            shown = type(value).__name__
        raise TimeError(f"{what}: {shown} has no time zone; give an offset "
                        "(e.g. +02:00) or a zone", code="naive_datetime",
                        words=argument_words(argument, value, datetime))
    return value


def require_instant(value: datetime, what: str) -> datetime:
    """``value`` if it is an aware datetime whose offset an instant :func:`parse_instant`
    reads (``--at``, the service's ``now``) can have; :class:`TimeError` otherwise, in words:

    - an offset with a fraction of a second (a ``tzinfo`` of a microsecond): no clock's, and
      a decision record could not give it back (Python reads such an offset without it);
    - a fixed offset (a :class:`datetime.timezone`, what a typed ``+02:00`` gives) that is
      not in whole minutes or that no place uses (:data:`OFFSETS_ON_EARTH`): one that
      ``parse_instant`` refuses typed. A zone's offset (a :class:`~zoneinfo.ZoneInfo`) is
      taken as ``parse_instant`` takes it, the seconds of a local mean time of an old date
      included.

    The instant an application is judged at is written in its decision record, which gives
    it back to judge the application again: what is taken here replays the same."""
    require_aware(value, what)
    offset = value.utcoffset()
    assert offset is not None
    fixed = isinstance(value.tzinfo, timezone)
    if not offset % timedelta(seconds=1) and not (fixed and (
            offset % timedelta(minutes=1) or not on_earth(value))):
        return value
    sign, rest = ("-" if offset < timedelta(0) else "+"), abs(offset)
    hours, rest = divmod(rest, timedelta(hours=1))
    minutes, rest = divmod(rest, timedelta(minutes=1))
    shown = f"{sign}{hours:02d}:{minutes:02d}"
    said = {"text": value.isoformat(), "offset": shown}
    if rest:
        shown += f":{rest.seconds:02d}" + (f".{rest.microseconds:06d}"
                                          if rest.microseconds else "")
        raise TimeError(f"{what}: {value.isoformat()} has the offset {shown}, not a whole "
                        "number of minutes: give the instant with an offset in hours and "
                        "minutes (such as +02:00) or in UTC", code="bad_instant",
                        words=("instant_offset_seconds", {**said, "offset": shown}))
    raise TimeError(f"{what}: {value.isoformat()}: no place has the offset {shown}",
                    code="bad_instant", words=("instant_offset_nowhere", said))


def in_utc(value: datetime, what: str) -> datetime:
    """The aware ``value`` in UTC; :class:`TimeError` if it is not one, or if it lies
    outside the calendar once seen from UTC (0001-01-01 00:00 at +05:00)."""
    try:
        return require_aware(value, what).astimezone(UTC)
    except OverflowError:
        raise TimeError(f"{what}: {value.isoformat()} is outside the calendar in UTC",
                        code="bad_instant") from None


def _timeline(timeline: Mapping[str, Milestone]) -> Mapping[str, Milestone]:
    """``timeline`` if it maps names to milestones; :class:`TimeError` otherwise."""
    if not isinstance(timeline, Mapping) or not all(
            isinstance(m, Milestone) for m in timeline.values()):
        raise TimeError("a timeline maps names to milestones (a call's timeline)",
                        code="bad_timeline",
                        words=argument_words("timeline", timeline, "kind_timeline"))
    return timeline


def occurrences(local: datetime, zone: tzinfo) -> tuple[datetime, ...]:
    """The instants at which the clocks of ``zone`` show the naive wall-clock time
    ``local``, in order, each aware in ``zone`` (``fold`` set as the instant has it): one for
    a time shown once; two for a time they repeat (the clocks going back: the first, then
    the second, ``fold = 1``); none for a time they skip (the clocks going forward: see
    :func:`read_forward`). The one reading of a wall-clock time that :func:`localize`,
    :func:`calendar_moved` and :func:`limit_occurrence` share.

    >>> from zoneinfo import ZoneInfo
    >>> paris = ZoneInfo("Europe/Paris")
    >>> [t.isoformat() for t in occurrences(datetime(2026, 10, 25, 2, 30), paris)]
    ['2026-10-25T02:30:00+02:00', '2026-10-25T02:30:00+01:00']
    >>> occurrences(datetime(2026, 3, 29, 2, 30), paris)
    ()
    """
    return _clocks_show(local, zone)[0]


def _clocks_show(local: datetime, zone: tzinfo) -> tuple[tuple[datetime, ...], datetime | None]:
    """:func:`occurrences` of ``local`` in ``zone``, and for a time the clocks skip (none),
    the instant they then show (:func:`read_forward`, read once), else None."""
    as_written = local.replace(tzinfo=zone, fold=0)
    if as_written.utcoffset() == local.replace(tzinfo=zone, fold=1).utcoffset():
        return (as_written,), None  # shown once: as written, never converted (within a day
        # of the calendar's edge, seen in UTC it would leave the calendar: said where it is)
    try:
        first = read_forward(local, zone)
        if first.replace(tzinfo=None) != local:
            return (), first  # skipped: read with the offset before the change, shown later
        second = local.replace(tzinfo=zone, fold=1).astimezone(UTC).astimezone(zone)
    except OverflowError:  # a change of the clocks within a day of the calendar's edge
        shown = local.isoformat(sep=" ")
        raise TimeError(f"{shown} in {getattr(zone, 'key', zone)} is outside the calendar "
                        "in UTC", code="bad_instant",
                        words=("instant_outside_calendar", {"text": shown})) from None
    return ((first,) if first.utcoffset() == second.utcoffset() else (first, second)), None


def shown_as_it_is(instant: datetime, precision: Precision = "instant") -> datetime:
    """``instant`` as the clocks of its own zone show it, through UTC: the same instant, but
    never a wall-clock time they skip. :func:`localize` keeps a time written in a gap as
    written (``fold`` choosing its offset); whatever shows an instant to a person shows it
    so (02:30 on 29 March 2026 in Paris with ``fold = 1`` is 01:30 UTC+01:00). The start of
    a day or a month (``precision``) is its date as written, kept as held: the midnight
    Santiago skips on 6 September 2026 starts the 6th, never the 5th at 23:00.

    >>> paris = get_zone("Europe/Paris")
    >>> shown_as_it_is(localize(datetime(2026, 3, 29, 2, 30), paris, fold=1)).isoformat()
    '2026-03-29T01:30:00+01:00'
    >>> shown_as_it_is(localize(datetime(2026, 6, 1, 17), paris)).isoformat()
    '2026-06-01T17:00:00+02:00'
    >>> santiago = get_zone("America/Santiago")
    >>> shown_as_it_is(localize(datetime(2026, 9, 6), santiago, fold=1), "day").isoformat()
    '2026-09-06T00:00:00-03:00'
    """
    if instant.tzinfo is None or precision != "instant":
        return instant
    try:
        return instant.astimezone(UTC).astimezone(instant.tzinfo)
    except (OverflowError, ValueError):  # (at the calendar's edge: as held)
        return instant


def read_forward(local: datetime, zone: tzinfo) -> datetime:
    """The naive wall-clock time ``local`` read in ``zone`` with the offset in force before
    a change (``fold = 0``), as the clocks of ``zone`` then show it: its first occurrence, or
    for a time they skip, the instant they show an hour later (02:30 on 29 March 2026 in
    Paris is 03:30, 01:30 UTC)."""
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC).astimezone(zone)


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
    shown = occurrences(local, zone)
    if len(shown) != 1 and fold is None:
        if not shown:
            raise TimeError(
                f"{what}: {local.isoformat()} does not exist in {zone.key} (the clocks skip "
                "it); write another time, or set fold = 0 (read it with the offset before the "
                "change) or fold = 1 (after)", code="nonexistent_local_time")
        raise TimeError(
            f"{what}: {local.isoformat()} happens twice in {zone.key} (the clocks go back); "
            "set fold = 0 for the first, fold = 1 for the second", code="ambiguous_local_time")
    return local.replace(tzinfo=zone, fold=1 if fold == 1 else 0)  # (as written: a time
    # skipped keeps its wall-clock time, read with the offset ``fold`` says)


@dataclass(frozen=True, slots=True)
class Milestone:
    """A named moment of a call: an instant, or a whole day or month, in the call's zone.

    ``until`` is the end of a run of whole days longer than one (precision ``day``): what a
    month becomes once moved by days ("October + 15 days" runs from 16 October to 15
    November). Without it, a day ends at its next midnight and a month at the next month's
    first."""

    name: str
    start: datetime
    precision: Precision = "instant"
    until: datetime | None = None

    def __post_init__(self) -> None:
        ArgumentError.check(self.name, str, "name: a milestone's name, as text,", argument="name")
        if not isinstance(self.start, datetime) or self.start.utcoffset() is None:
            raise ArgumentError(f"start: an aware datetime (with its zone) was expected, not "
                                f"{_kind(self.start)}",
                                words=argument_words("start", self.start, datetime))
        if self.precision not in ("instant", "day", "month"):
            raise ArgumentError(f"precision: instant, day or month was expected, not "
                                f"{self.precision!r:.40}")
        if self.until is not None and (
                self.precision != "day" or not isinstance(self.until, datetime)
                or self.until.utcoffset() is None or self.until <= self.start):
            raise ArgumentError("until: the end of a run of whole days (precision day), an "
                                "aware datetime after start, was expected")
        try:
            self.end.astimezone(UTC)
        except (OverflowError, ValueError):
            raise ArgumentError(f"start: the {self.precision} of {self.start.isoformat()} "
                                "ends outside the calendar (years 1 to 9999)",
                                code="date_out_of_calendar") from None

    @property
    def end(self) -> datetime:
        """The first instant after the milestone (equal to ``start`` for an instant)."""
        if self.precision == "instant":
            return self.start
        if self.until is not None:
            return self.until
        zone = self.start.tzinfo
        day = self.start.date()
        if self.precision == "day":
            nxt = day + timedelta(days=1)
        else:
            nxt = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        return datetime.combine(nxt, time(0), tzinfo=zone)

    def shifted(self, *, years: int = 0, months: int = 0, days: int = 0) -> Milestone:
        """The milestone moved by a calendar offset, in the call's own zone ("12 months
        before the deadline"): the same period, moved. An instant moves to an instant, a day
        to a day (a month later than 31 January is 28 February, the month being shorter), a
        month by whole months to a month; a month moved by days is the run of days from its
        first day moved to its end moved ("October + 15 days": 16 October to 15 November;
        "October - 15 days": 16 September to 16 October), never cut at a month's end.

        The wall-clock time is kept (:func:`calendar_moved`): a time the clocks skip (02:30
        on 29 March 2026 in Paris) is the instant the clocks then show an hour later
        (03:30), so the limit is shown as it happens; a time they repeat is the occurrence
        the milestone was in (``fold = 1``: the second, as a recurring call's later editions
        keep it), its first otherwise, shown with its offset (``format_instant``); a rule
        compared with it takes the occurrence its comparison means
        (:func:`limit_occurrence`)."""
        from dateutil.relativedelta import relativedelta

        for what, value in (("years", years), ("months", months), ("days", days)):
            _offset(value, what)  # before any arithmetic: a huge number costs nothing
        zone = self.start.tzinfo
        assert zone is not None  # checked aware when made
        offset = relativedelta(years=years, months=months, days=days)
        label = self.name + "".join(f"{v:+d}{k[0]}" for k, v in (
            ("years", years), ("months", months), ("days", days)) if v)
        try:
            start = calendar_moved(self.start, zone, years=years, months=months, days=days)
            if self.precision == "month" and days:  # a month moved by days: a run of days
                until = datetime.combine(self.end.date() + offset, time(0), tzinfo=zone)
                return Milestone(label, start, "day", until)
            if self.until is not None:  # a run of days moved again: its end moved too
                until = datetime.combine(self.until.date() + offset, time(0), tzinfo=zone)
                return Milestone(label, start, "day", until)
            return Milestone(label, start, self.precision)
        except (OverflowError, ValueError, ArgumentError):
            raise ArgumentError(
                f"moved by {years} years, {months} months and {days} days, the milestone "
                f"{self.name!r:.80} leaves the calendar (years 1 to 9999)",
                code="date_out_of_calendar") from None

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


def calendar_moved(instant: datetime, zone: tzinfo, *, years: int = 0, months: int = 0,
                   days: int = 0) -> datetime:
    """``instant`` moved by a calendar offset in ``zone`` (the call's zone), as a milestone
    is (:meth:`Milestone.shifted`) and as a rule's ``shift`` of an instant is: the instant is
    read as a wall-clock time of ``zone``, moved by whole years, months and days (a month
    later than 31 January is 28 February), and read back in ``zone`` keeping that wall-clock
    time, whatever offset the instant was written with. A day is thus a calendar day, 23 or
    25 hours across a daylight-saving change, never 24 hours. A wall-clock time the clocks
    skip is the instant they then show an hour later; one they repeat is the occurrence the
    instant was in (the second if it was the second of a time repeated, as a milestone
    written ``fold = 1`` is in a recurring call's later editions), its first otherwise.
    OverflowError or ValueError outside the calendar (years 1 to 9999).

    >>> from zoneinfo import ZoneInfo
    >>> paris = ZoneInfo("Europe/Paris")
    >>> calendar_moved(datetime(2026, 10, 24, 10, 0, tzinfo=UTC), paris, days=1).isoformat()
    '2026-10-25T12:00:00+01:00'
    >>> second = datetime(2026, 10, 25, 2, 20, tzinfo=paris, fold=1)  # 01:20 UTC
    >>> calendar_moved(second, paris, years=11).isoformat()  # 2037: 25 October again
    '2037-10-25T02:20:00+01:00'
    """
    from dateutil.relativedelta import relativedelta

    read = instant.astimezone(zone)
    local = read.replace(tzinfo=None) + relativedelta(years=years, months=months, days=days)
    shown, later = _clocks_show(local, zone)
    if later is not None:  # skipped: the instant the clocks then show
        return later
    return shown[-1] if read.fold else shown[0]  # (the second, if repeated again)


def limit_occurrence(instant: datetime, cmp: str) -> datetime:
    """The instant a limit means, moved to the wall-clock time of ``instant`` that the
    clocks of its zone may show twice, when a value is compared with it by ``cmp``: the
    limit a shift of the other side would give (``shift(x, d) <= y`` is ``x <= y moved by
    -d``), read in the applicant's favour. ``<=`` is met until the clocks show that time for
    the last time (its later occurrence); ``<`` until they reach it for the last time from
    an earlier time (its later occurrence, but the earlier when it is the first time they
    repeat: after the first 02:00 of a night they go back, they show no time before 02:00
    again); ``>=`` and ``>`` from the first time they show it. A time shown once is
    itself.

    >>> from zoneinfo import ZoneInfo
    >>> paris = ZoneInfo("Europe/Paris")
    >>> first = datetime(2026, 10, 25, 2, 0, tzinfo=paris)  # 00:00 UTC; again at 01:00 UTC
    >>> [limit_occurrence(first, cmp).isoformat() for cmp in ("<=", "<", ">=")]
    ['2026-10-25T02:00:00+01:00', '2026-10-25T02:00:00+02:00', '2026-10-25T02:00:00+02:00']
    >>> limit_occurrence(first.replace(minute=30), "<").isoformat()
    '2026-10-25T02:30:00+01:00'
    """
    zone = instant.tzinfo
    assert zone is not None  # (a milestone's instant: aware)
    local = instant.replace(tzinfo=None)
    shown, later = _clocks_show(local, zone)
    if later is not None:
        return later  # skipped: read an hour later
    first, second = shown[0], shown[-1]
    if len(shown) == 1 or cmp in (">=", ">"):
        return first  # shown once, or a lower limit
    # the instant before the second (in UTC: arithmetic in a zone is by its clocks)
    before = (second.astimezone(UTC) - timedelta(microseconds=1)).astimezone(zone)
    return second if cmp == "<=" or before.replace(tzinfo=None) < local else first


#: The most a milestone is moved, in years, months or days, either way: the bound of a call
#: file's offsets (``{ milestone = "deadline", days = … }``), for the API too.
MAX_OFFSET = 1000


def _offset(value: object, what: str) -> int:
    """``value`` if it is a whole number (not a truth value) of at most :data:`MAX_OFFSET`
    either way; ArgumentError naming ``what`` otherwise, before any arithmetic."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArgumentError(f"{what}: a whole number from -{MAX_OFFSET} to {MAX_OFFSET} was "
                            f"expected, not {_kind(value)}", code="bad_offset",
                            words=_offset_words(value, what))
    if not -MAX_OFFSET <= value <= MAX_OFFSET:
        shown = str(value) if abs(value) < 10 ** 12 else "a larger number"
        raise ArgumentError(f"{what}: a whole number from -{MAX_OFFSET} to {MAX_OFFSET} was "
                            f"expected, not {shown}", code="bad_offset",
                            words=_offset_words(value, what))
    return value


def _offset_words(value: object, what: str) -> tuple[str, Mapping[str, str]]:
    """The words of an offset refused: ``what`` (the argument), its range, what was given."""
    if value is None:
        return argument_words(what, value, "kind_whole")
    return ("argument_whole_between", {"argument": what, "least": ExactInWords(-MAX_OFFSET),
                                       "most": ExactInWords(MAX_OFFSET),
                                       "given": given_words(value)})


def _kind(value: object) -> str:
    """What ``value`` is, for an error: its type (never its text, which may be huge)."""
    return type(value).__name__


def stay_length(arrival: date, departure: date,
                count: Literal["nights", "days", "months", "years"]) -> int:
    """Length from ``arrival`` to ``departure``: nights (the difference in days), calendar
    days counted inclusively, or complete months or years (python-dateutil's relativedelta).

    Leap days: relativedelta clips to the end of the month, so a year from 29 February is
    complete on 28 February of the next year (2024-02-29 → 2025-02-28 is one year, and
    2024-02-29 → 2025-02-27 is 11 months and 29 days).

    >>> stay_length(date(2026, 9, 14), date(2026, 9, 21), "nights")
    7
    >>> stay_length(date(2026, 9, 14), date(2026, 9, 21), "days")
    8
    >>> stay_length(date(2024, 2, 29), date(2025, 2, 28), "years")
    1
    >>> stay_length(date(2024, 2, 29), date(2025, 2, 27), "months")
    11
    >>> stay_length(date(2019, 6, 30), date(2026, 6, 1), "years")
    6
    """
    if count in ("months", "years"):
        if departure < arrival:  # (what relativedelta says of a reversed span)
            from dateutil.relativedelta import relativedelta

            span = relativedelta(departure, arrival)
            return span.years if count == "years" else span.years * 12 + span.months
        months = _complete_months(arrival, departure)
        return months // 12 if count == "years" else months
    nights = (departure - arrival).days
    return nights + 1 if count == "days" else nights


def _complete_months(arrival: date, departure: date) -> int:
    """The complete months from ``arrival`` to ``departure`` (not before it), as
    relativedelta counts them: the most months that, added to ``arrival`` with its day
    clipped to the month's last, stay on or before ``departure`` (from 31 January, a month
    ends on 28 or 29 February). Worked out in a few operations on integers, not by building
    a relativedelta (about 10 µs): a filter counting months for each pair of visitors
    (issue 16) asks it a million times."""
    months = (departure.year - arrival.year) * 12 + departure.month - arrival.month
    # ``arrival`` moved by ``months`` is in ``departure``'s month: past it only by its day
    if arrival.day > departure.day and min(arrival.day, monthrange(
            departure.year, departure.month)[1]) > departure.day:
        months -= 1
    return months


class Phase(StrEnum):
    """Where a call stands at an instant."""

    UPCOMING = "upcoming"
    OPEN = "open"
    UNDER_EVALUATION = "under_evaluation"
    CLOSED = "closed"
    DECIDED = "decided"


def phase_at(timeline: Mapping[str, Milestone], now: datetime) -> Phase:
    """The phase of a call with ``timeline`` at ``now`` (aware; never read from a clock).

    The well-known milestones are ``opening``, ``deadline`` and ``results``: before the
    opening the call is upcoming; from it until the deadline (inclusive, as submissions are
    judged) it is open; then under evaluation until the results, and decided from them. A call
    without ``results`` is simply closed after its deadline.
    """
    # compared in UTC: two datetimes with the same ZoneInfo compare by wall clock, which is
    # wrong within the hour a DST change repeats
    now = in_utc(now, "now")
    timeline = _timeline(timeline)
    opening, deadline, results = (timeline.get(k) for k in ("opening", "deadline", "results"))
    if opening is not None and now < opening.start:
        return Phase.UPCOMING
    if deadline is not None and (now <= deadline.start if deadline.precision == "instant"
                                 else now < deadline.end):
        return Phase.OPEN
    if deadline is None:
        return Phase.OPEN
    if results is None:
        return Phase.CLOSED
    return Phase.DECIDED if now >= results.start else Phase.UNDER_EVALUATION


def out_of_order(timeline: Mapping[str, Milestone]) -> tuple[str, str] | None:
    """The first two of the well-known milestones that :func:`phase_at` would read in the
    wrong order (the later one first), or None: the call opens by its deadline (so that it
    is open at some instant) and its results come once it has closed (so that the phases at
    successive instants are upcoming, open, under evaluation or closed, decided, in that
    order)."""
    opening, deadline, results = (timeline.get(k) for k in ("opening", "deadline", "results"))
    opens = None if opening is None else opening.start.astimezone(UTC)
    decided = None if results is None else results.start.astimezone(UTC)
    closes = None
    if deadline is not None:  # open up to an instant deadline, or until a day's end
        closes = (deadline.start if deadline.precision == "instant" else deadline.end
                  ).astimezone(UTC)
    pairs = (("opening", "deadline", opens, closes, deadline is not None
              and deadline.precision != "instant"),
             ("deadline", "results", closes, decided, False),
             ("opening", "results", opens, decided, False))
    for first, then, earlier, later, strict in pairs:
        if earlier is not None and later is not None and (
                later <= earlier if strict else later < earlier):
            return first, then
    return None


def time_left(timeline: Mapping[str, Milestone], now: datetime
              ) -> tuple[Milestone, timedelta] | None:
    """The next milestone ahead of ``now`` and how long until it comes, in real elapsed time;
    None if none is ahead.

    A milestone comes when :func:`phase_at` reads it: each at its start ("opening", "results",
    the first day of an evaluation month), but the deadline at its end, since the call is open
    until then: a day or month deadline is ahead until the end of its day or month, the time
    left running to that end ("the call closes in 30 minutes" on its last evening, never the
    results weeks away); one given to the instant is ahead at that very instant, with no
    time left (submissions at the deadline are in time)."""
    now = in_utc(now, "now")  # UTC: real elapsed time across DST
    ahead: list[tuple[datetime, Milestone]] = []
    for name, milestone in _timeline(timeline).items():
        comes = milestone.end.astimezone(UTC) if name == "deadline" else \
            milestone.start.astimezone(UTC)  # open until its day's or month's end
        if comes > now or (name == "deadline" and milestone.precision == "instant"
                           and comes == now):
            ahead.append((comes, milestone))
    if not ahead:
        return None
    comes, milestone = min(ahead, key=lambda pair: (pair[0], pair[1].start))
    return milestone, comes - now


@dataclass(frozen=True, slots=True)
class ZoneSuggestion:
    """A zone proposed for a place, with the other zones the country uses and why."""

    zone: str
    candidates: tuple[str, ...]
    reason: str

    @property
    def certain(self) -> bool:
        """True when the place has a single zone, or its subdivision named one."""
        return self.reason in ("only zone", "subdivision")


@cache
def _zone_table() -> dict[str, list[tuple[str, str]]]:
    """Country code -> [(zone, comment)], from the tz database's zone.tab (tzdata)."""
    from importlib import resources

    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    table: dict[str, list[tuple[str, str]]] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        table.setdefault(parts[0], []).append((parts[2], parts[3] if len(parts) > 3 else ""))
    return table


def suggest_zone(country: str, subdivision: str | None = None) -> ZoneSuggestion:
    """Propose the IANA zone of a place from its ISO 3166 country and subdivision codes.

    Brazil, Chile, Ecuador… have several zones: a subdivision (``BR-AM``) that the tz
    database names picks one; otherwise the country's principal zone is proposed, and
    ``candidates`` lists them all, so an interface can ask.

    >>> suggest_zone("BR", "BR-SP").zone, suggest_zone("BR", "BR-AM").zone
    ('America/Sao_Paulo', 'America/Manaus')
    >>> suggestion = suggest_zone("EC")
    >>> suggestion.zone, suggestion.candidates, suggestion.certain
    ('America/Guayaquil', ('America/Guayaquil', 'Pacific/Galapagos'), False)
    """
    for name, value, kind in (("country", country, "kind_country"),
                              ("subdivision", subdivision, "kind_subdivision")):
        if not isinstance(value, str) and (name == "country" or value is not None):
            raise TimeError("a place is an ISO 3166 country code and, optionally, a subdivision "
                            "code (\"BR\", \"BR-AM\")", code="unknown_zone",
                            words=argument_words(name, value, kind))
    if not country.strip():  # (empty: said so, never quoted as a country that has no zone)
        raise TimeError(f"no time zone is known for country {country!r}", code="unknown_zone",
                        words=blank_words("country", country, "kind_country"))
    zones = _zone_table().get(country.upper())
    if not zones:
        raise TimeError(f"no time zone is known for country {country!r}", code="unknown_zone",
                        words=("zone_no_country", {"country": country[:40]}))
    candidates = tuple(z for z, _ in zones)
    if len(zones) == 1:
        return ZoneSuggestion(zones[0][0], candidates, "only zone")
    if subdivision:
        code = subdivision.split("-", 1)[-1].upper()
        name = _fold(_subdivision_name(subdivision))
        for zone, comment in zones:
            if re.search(rf"\b{re.escape(code)}\b", comment):
                return ZoneSuggestion(zone, candidates, "subdivision")
            places = {_fold(part.split(" (")[0]) for part in comment.split(", ")}
            if name and name in places:
                return ZoneSuggestion(zone, candidates, "subdivision")
    principal = next((z for z, c in zones if "most" in c.lower() or c.startswith(
        ("Brazil (southeast", "mainland"))), None)
    return ZoneSuggestion(principal or zones[0][0], candidates, "principal zone")


def _fold(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c)).casefold().strip()


def _subdivision_name(code: str) -> str:
    import pycountry

    try:
        found = pycountry.subdivisions.get(code=code)  # type: ignore[no-untyped-call]
    except (LookupError, ValueError):
        return ""
    return str(found.name) if found is not None else ""


#: An instant as ISO 8601 writes it (the extended format, as the docs do): a full date, ``T``
#: or a space, hours and minutes, seconds and a fraction if wanted, then an offset or ``Z``
#: if there is no zone after it (``t`` and ``z`` too, as RFC 3339 allows; a fraction of more
#: than :data:`FRACTION_DIGITS` digits is read to be refused in words, never cut). Nothing
#: else is read: ``01/06/2026`` (day or month first?), ``Friday …`` (which may not be that
#: day), ``… 10`` (ten what?) are refused, never guessed.
_ISO_INSTANT = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})[Tt ](?P<hour>\d{2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?"
    r"(?P<offset>[Zz]|[+-]\d{2}(?::?\d{2})?)?", re.ASCII)
#: A time of day alone (``10:00 Europe/Paris``): said to have no date.
_TIME_ONLY = re.compile(r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?", re.ASCII)
#: A day written alone, as an instant's date is (``2026-06-02``).
_DAY_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
#: An instant's hour written with one digit (``2026-06-02T9:00``): the day, then the hour.
_ONE_DIGIT_HOUR = re.compile(r"(\d{4}-\d{2}-\d{2}[Tt ])(\d:\d{2})", re.ASCII)


def _is_day(text: str) -> bool:
    """Whether ``text`` (``YYYY-MM-DD``) is a day of the calendar."""
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _refuse_near_miss(text: str, words: list[str], said: dict[str, str],
                      zone: ZoneInfo | None) -> None:
    """Refuse an instant that misses ISO 8601 by one thing a person can be told plainly: a
    day given without its time (``2026-06-02``), an hour written with one digit
    (``2026-06-02T9:00+02:00``, which reads once its hour has two). Each had been told that
    it "could be read more than one way" (att80 A4), which neither can. An hour of one digit
    with something else wrong is told that other thing (``9:00:00.1234567``: its fraction),
    in the words its mended text gets, quoting the text as typed (att81 F4). Returns for any
    other text (the general refusal follows)."""
    if words and _DAY_ONLY.fullmatch(words[0]) and _is_day(words[0]) and (
            len(words) == 1 or (len(words) == 2 and not any(c.isdigit() for c in words[1]))):
        zone = zone or _example_zone(words[1] if len(words) == 2 else "")
        raise TimeError(f"{text!r} gives a day without its time", code="bad_instant",
                        words=("instant_no_time", {**said, "day": words[0],
                                                   "zone": zone.key,
                                                   "example": _example(words[0], zone)}))
    spaced = " ".join(text.split())  # (blanks as the words are read: two are one)
    padded = _ONE_DIGIT_HOUR.sub(r"\g<1>0\g<2>", spaced)
    if padded != spaced:
        try:
            parse_instant(padded)
        except TimeError as exc:  # (more is wrong than the hour: that is said, of the text
            if exc.words is None or exc.words[0] == "instant_not_iso":  # as typed; or the
                return  # general refusal says how to write an instant whole)
            raise TimeError(str(exc).replace(repr(padded), repr(text)), code=exc.code,
                            words=(exc.words[0], {**exc.words[1], **said})) from None
        raise TimeError(f"{text!r} writes the hour with one digit", code="bad_instant",
                        words=("instant_one_digit_hour", {**said, "written": _shown(padded)}))


def _example_zone(word: str) -> ZoneInfo:
    """The zone a day given without its time is shown an example in: the one typed after
    it (``2026-06-02 America/Santiago``) where it is one, else Paris's."""
    try:
        return reader_zone(_zone_spelt(word) or word)  # (``america/santiago`` too)
    except TimeError:
        return ZoneInfo("Europe/Paris")


def _example(day: str, zone: ZoneInfo) -> str:
    """``day`` at 17:00 in ``zone`` written as an instant is read (``…T17:00:00-04:00``); in
    UTC where the zone's offset that day has seconds, which no instant is written with (Paris
    before 11 March 1911: +00:09:21, att81 F3)."""
    at = datetime.combine(date.fromisoformat(day), time(17), zone)
    offset = at.utcoffset()
    if offset is None or offset.seconds % 60 or offset.microseconds:
        at = datetime.combine(date.fromisoformat(day), time(17), UTC)
    return at.isoformat()


#: The most digits of a fraction of a second an instant is read with (microseconds: Python's
#: datetime). RFC 3339 allows more; a time with more is refused, saying so, never rounded or
#: cut (a deadline at 17:00:00.0000001 is not 17:00:00), wherever an instant is written: the
#: command line's ``--at``, the service's ``now``, a call's milestones, an application.
FRACTION_DIGITS = 6
def fraction_refused(written: str) -> str:
    """Why an instant written with more than ``FRACTION_DIGITS`` digits of a second is
    refused: it is read to the microsecond, and never rounded or cut."""
    return (f"{written[:40]!r} gives the seconds with more than {FRACTION_DIGITS} digits after "
            "the point: an instant is read to the microsecond, and is never rounded or cut")


#: What names UTC after the date and time, whatever its case: ``UTC``, and ISO 8601's ``Z``.
_UTC_WORDS = ("UTC", "Z")


def _zone_spelt(name: str) -> str | None:
    """The zone of a place whose name is ``name`` but for its case (``europe/paris``)."""
    from zoneinfo import available_timezones

    folded = name.casefold()
    return next((zone for zone in sorted(available_timezones())
                 if zone.casefold() == folded and is_place(zone)), None)


def _zone_of_city(name: str) -> str | None:
    """The one zone of a place whose city part is ``name`` but for its case and its
    underscores (``Paris`` → Europe/Paris, ``sao paulo`` is not one word), if one only."""
    from zoneinfo import available_timezones

    folded = name.casefold()
    found = {zone for zone in available_timezones() if is_place(zone)
             and zone.rsplit("/", 1)[-1].casefold() == folded}
    return found.pop() if len(found) == 1 else None


def _shown(text: object, *, read: bool = False) -> str:
    """What a person typed, as a message quotes it: at most 100 characters, blanks around
    dropped, runs of spaces one; every other character kept, for the message to name each
    invisible one in words (:func:`callrules._i18n.visible`: a line break inside is said,
    never shown as a space nor printed raw). ``read``: ``text`` is a name as read
    (:func:`typed_zone` took its final line end away), so only the spaces around it are
    dropped: a second line end is what made it no zone, named, never taken away again to
    quote ``Asia/Tokyo`` as refused."""
    text = as_text(text)
    shown = re.sub(" {2,}", " ", text.strip(_AROUND) if read else trimmed(text))
    return shown if len(shown) <= 100 else shown[:99] + "…"


def _in_calendar(value: datetime, typed: str) -> datetime:
    """``value`` if it can be seen in UTC (0001 to 9999), else the typed problem."""
    try:
        value.astimezone(UTC)
    except OverflowError:
        raise TimeError(f"{typed!r} is outside the calendar in UTC", code="bad_instant",
                        words=("instant_outside_calendar", {"text": _shown(typed)})) from None
    return value


#: The offsets that places on Earth use (from Baker Island's -12:00 to Kiribati's +14:00),
#: in minutes: RFC 3339 and Python read any offset up to 23:59, which no clock shows.
OFFSETS_ON_EARTH = (-12 * 60, 14 * 60)


def on_earth(value: datetime) -> bool:
    """Whether the offset of ``value`` (aware) is one that places on Earth use."""
    offset = value.utcoffset()
    lowest, highest = OFFSETS_ON_EARTH
    return offset is not None and \
        timedelta(minutes=lowest) <= offset <= timedelta(minutes=highest)


def _real_offset(offset: str | None, said: dict[str, str]) -> None:
    """Refuse an offset as typed (``+02:00``, ``+0200``, ``+02``, ``Z``) that names no
    offset: ``-00:00`` (RFC 3339: UTC, but the local offset is unknown, so no local time
    is told), or one no place on Earth uses (:data:`OFFSETS_ON_EARTH`)."""
    if offset is None or offset.upper() == "Z":
        return
    digits = offset[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:] or 0)
    if offset[0] == "-" and minutes == 0:
        raise TimeError(f"{said['text']!r}: -00:00 is an unknown local offset (RFC 3339)",
                        code="bad_instant", words=("instant_unknown_offset", said))
    lowest, highest = OFFSETS_ON_EARTH
    if not lowest <= (-minutes if offset[0] == "-" else minutes) <= highest:
        raise TimeError(f"{said['text']!r}: no place has the offset {offset}",
                        code="bad_instant",
                        words=("instant_offset_nowhere", {**said, "offset": offset}))


#: A date in ISO 8601's order, then perhaps a time of day (the form a date or an instant
#: is read in), whatever its numbers: ``2026-02-30``, ``2026-06-01T24:00``.
_WRITTEN_MOMENT = re.compile(
    r"(?P<date>(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2}))"
    r"(?:[Tt ](?P<time>(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?))?")


def impossible(written: str, *, timed: bool = True
               ) -> tuple[str, dict[str, str]] | None:
    """Why ``written``, a date (``timed`` False: nothing after it) or an instant in ISO
    8601's order, names no day or no time of day: the key of its words
    (:data:`callrules._messages.IMPOSSIBLE`) and their values, the first wrong part as
    written (its month, its day, its hour, its minute, its second, in that order); None if
    each exists, or if it is not written so (its form is then the problem). The one reason
    an application's reader, ``--at``, the service's ``now`` and :func:`parse_instant` say.

    >>> impossible("2026-02-29T10:00:00Z")
    ('date_no_day', {'value': '2026-02-29', 'month': 'February 2026', 'days': '28'})
    >>> impossible("2026-06-30T23:59:60Z")
    ('time_no_second', {'value': '23:59:60'})
    >>> impossible("2026-02-29T10:00:00Z", timed=False) is None
    True
    >>> impossible("2028-02-29", timed=False), impossible("2028-02-29T23:59:59Z")
    (None, None)
    >>> impossible("2026-06-01T10:615"), impossible("2026-06-01 24:00 tomorrow")
    (None, None)
    """
    found = _WRITTEN_MOMENT.match(written)
    if found is None or (found.end() != len(written) and (
            not timed or found["time"] is None or _ISO_INSTANT.fullmatch(written) is None)):
        return None  # (an instant judged only when written whole in its form: ``10:615``,
    # ``24:00 tomorrow`` are malformed, their form the problem, never cut to ``10:61``)
    year, month, day = int(found["year"]), int(found["month"]), int(found["day"])
    if year == 0:  # (outside the calendar: said so where it is read)
        return None
    if not 1 <= month <= 12:
        return "date_no_month", {"value": found["date"], "month": found["month"]}
    days = monthrange(year, month)[1]
    if not 1 <= day <= days:
        return "date_no_day", {"value": found["date"], "month": MonthInWords(year, month),
                               "days": ExactInWords(days)}
    if found["time"] is None:
        return None
    for part, highest in (("hour", 23), ("minute", 59), ("second", 59)):
        if int(found[part] or 0) > highest:
            return f"time_no_{part}", {"value": found["time"]}
    return None


def _impossible_error(written: str, text: str) -> TimeError | None:
    """The error for an instant typed (``text``, ``written`` without its zone) whose day or
    time of day does not exist (:func:`impossible`), its English text the sentence English
    readers are told."""
    reason = impossible(written)
    if reason is None:
        return None
    key, values = reason
    return TimeError(f"{text!r}: {IMPOSSIBLE[key] % values}",
                     code="bad_instant", words=reason)


def parse_instant(text: str) -> datetime:
    """An aware instant from what a person types, in ISO 8601 only: a full date, ``T`` or a
    space, ``HH:MM`` (seconds and a fraction if wanted), then an offset (``+02:00``,
    ``+0200``, ``+02``) or ``Z``, or after a space the IANA zone of a place or UTC
    (``2026-06-01 16:59 Europe/Paris``, ``2026-06-01 14:59 UTC``; ``Z`` and ``utc`` are UTC
    too). Anything else is refused (``bad_instant``), never guessed: a day and month in
    either order (``01/06/2026``), a month's or a weekday's name, a two-digit year, an hour
    without minutes. A missing zone is an error; a local time that a DST change skips or
    repeats is refused, and so are an abbreviation (``CET``, ``GMT``: the letters say
    neither the place nor the offset in summer), a zone that is no place's
    (:func:`is_place`) and an instant outside the calendar once seen from UTC (every instant
    is compared in UTC).

    >>> parse_instant("2026-06-01 16:59 Europe/Paris").isoformat()
    '2026-06-01T16:59:00+02:00'
    >>> parse_instant("2026-06-01T14:59:00Z").isoformat()
    '2026-06-01T14:59:00+00:00'
    """
    if not isinstance(text, str):  # (a dict, a number: said by its kind, never its repr)
        raise TimeError(f"text: a date and time written as text was expected, not "
                        f"{type(text).__name__}", code="bad_instant",
                        words=argument_words("text", text, "kind_text"))
    if not text.strip() or len(text) > 100:
        raise TimeError(f"{text[:100]!r} is not a date and time", code="bad_instant",
                        words=("instant_not_a_date", {"text": _shown(text)}))
    if has_control(trimmed(text)):  # (a carriage return, U+2028, NEL, a vertical tab:
        # never read as a blank between the parts, the whole text quoted in words)
        raise TimeError(f"{text!r} holds a control character, a line break or a character "
                        "drawn as nothing",
                        code="bad_instant", words=("instant_control_character",
                                                   {"text": _shown(text)}))
    typed = text
    words = text.strip().split()
    said = {"text": _shown(typed)}
    zone = None
    last = words[-1] if len(words) > 1 else ""
    dated = _ISO_INSTANT.fullmatch(before := " ".join(words[:-1])) is not None or (
        _TIME_ONLY.fullmatch(before) is not None)  # (else the date is the problem, quoted
    # whole: ``\x00 a`` is no date, not "a" an abbreviation)
    if last.upper() in _UTC_WORDS:
        zone = reader_zone("UTC")
    elif "/" in last and dated:
        try:
            zone = reader_zone(last)  # one rule for zones: a place's, or UTC
        except TimeError as exc:
            exc.words = ("instant_unknown_zone", {"zone": _shown(last)})
            spelt = _zone_spelt(last)
            if spelt is not None and exc.code == "unknown_zone":
                exc.words = ("instant_zone_spelling", {"zone": _shown(last), "name": spelt})
            raise
    elif re.fullmatch(r"[A-Za-z]+\s*[+-]\s*\d.*", last):
        raise TimeError(f"{last!r}: a zone name with a sign (UTC+2, GMT-3) is ambiguous "
                        "(POSIX reverses the sign): write the offset as +02:00",
                        code="bad_instant", words=("instant_signed_zone", said))
    elif dated and last.isascii() and last.isalpha() and (
            (last.isupper() and 2 <= len(last) <= 5) or (last.islower() and len(last) <= 4)):
        raise TimeError(f"{last!r} is an abbreviation, and abbreviations are ambiguous: use "
                        "an IANA zone such as Europe/Paris, or an offset",
                        code="zone_abbreviation",
                        words=("instant_abbreviation", {"zone": _shown(last)}))
    if zone is not None:
        words = words[:-1]
    written = " ".join(words)
    found = _ISO_INSTANT.fullmatch(written)
    if found is None:
        if _TIME_ONLY.fullmatch(written):  # never filled from today's date
            raise TimeError(f"{text!r} has no full date: write it, e.g. 2026-06-01 16:59",
                            code="bad_instant", words=("instant_no_full_date", said))
        if zone is None and re.fullmatch(r"[^\W\d][\w+-]*", last) \
                and _ISO_INSTANT.fullmatch(" ".join(words[:-1])):
            # a date and time written right, then a word that is no zone: the zone is wrong
            try:  # (a zone of the database that is no place's, CST6CDT: as reader_zone says)
                reader_zone(last)
                code = "unknown_zone"
            except TimeError as exc:
                code = exc.code
            city = _zone_of_city(last) if code == "unknown_zone" else None
            raise TimeError(f"{last!r} is not a time zone", code=code,
                            words=("instant_city_zone", {"zone": _shown(last), "name": city})
                            if city is not None else
                            ("instant_unknown_zone", {"zone": _shown(last)}))
        _refuse_near_miss(text, words, said, zone)
        raise TimeError(f"{text!r} is not a date and time in ISO 8601: write it as "
                        "2026-06-01T17:00:00+02:00, or 2026-06-01 17:00 Europe/Paris",
                        code="bad_instant", words=("instant_not_iso", said))
    fraction = found["fraction"] or ""
    if len(fraction) > FRACTION_DIGITS:
        raise TimeError(f"{text!r}: {len(fraction)} digits after the seconds' point, at most "
                        f"{FRACTION_DIGITS} (microseconds) are read", code="bad_instant",
                        words=("instant_fraction_digits", {**said, "digits": str(len(fraction))}))
    offset = found["offset"]
    _real_offset(offset, said)
    if offset is not None and offset.upper() == "Z":
        offset = "+00:00"
    elif offset is not None and len(offset) == 3:
        offset += ":00"
    elif offset is not None and ":" not in offset:
        offset = f"{offset[:3]}:{offset[3:]}"
    if (error := _impossible_error(written, text)) is not None:  # 2026-02-29, 24:00, 23:59:60
        raise error
    try:
        parsed = datetime.fromisoformat(
            f"{found['date']}T{found['hour']}:{found['minute']}:{found['second'] or '00'}"
            f".{fraction.ljust(6, '0')}{offset or ''}")
    except ValueError:  # (year 0000: Python's own words are never said)
        raise TimeError(f"{text!r} is not a date and time", code="bad_instant",
                        words=("instant_not_a_date", said)) from None
    if parsed.tzinfo is not None:
        if zone is not None:
            raise TimeError(f"{text!r} gives both an offset and a zone", code="bad_instant",
                            words=("instant_offset_and_zone", said))
        return _in_calendar(parsed, typed)
    if zone is None:
        raise TimeError(f"{text!r} has no time zone: add an offset (+02:00) or a zone name "
                        "(Europe/Paris)", code="naive_datetime", words=("instant_no_zone", said))
    try:
        return _in_calendar(localize(parsed, zone, what=text), typed)
    except TimeError as exc:  # said for a person typing a time, not for a call file
        if exc.code not in ("nonexistent_local_time", "ambiguous_local_time"):
            raise
        happens = "does not exist" if exc.code == "nonexistent_local_time" else "happens twice"
        raise TimeError(f"{text!r}: this local time {happens} in {zone.key} (a daylight-saving "
                        "change); give it with its offset instead, e.g. "
                        f"{parsed.date().isoformat()}T{parsed.time().isoformat()}+01:00",
                        code=exc.code, words=(
                            "instant_skipped" if exc.code == "nonexistent_local_time"
                            else "instant_repeated", {**said, "zone": zone.key})) from None
