"""A call's values over time: each parameter's and milestone's dated values, read once, and
the one routine that says which of them are in force at an instant.

As in OpenFisca, a value with a history keeps all its dated values in one structure
(:class:`Dated`); every value and every ``from`` is read and checked when the call is
loaded, so that an evaluation never meets a value it cannot read. Which values stand at an
instant is then a lookup: the instants at which some value changes, sorted once, cut time
into spans, and every instant of a span sees the same version of the call
(:meth:`Values.span_at`, a bisection); the entry of each history in force in a span is
found by bisection too (:meth:`Values.key_at`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from callrules._definitions import LIMITS, CallFile
from callrules._i18n import format_instant, long_date, month_year
from callrules._in_words import InWords
from callrules._parameters import Parameter, named_set, parse_parameter
from callrules._recurrence import moved_milestone, moved_parameter
from callrules._time import Milestone, Precision, out_of_order, shown_as_it_is
from callrules._timeline import read_milestone
from callrules.exceptions import DefinitionError, bare_number_words

__all__ = ["Dated", "Values", "check_editions", "read_values"]

_T = TypeVar("_T")
Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Dated(Generic[_T]):
    """A named value and its history: ``values[i]`` is in force from ``starts[i]`` (UTC,
    increasing) until the next start; the first value also before any start. A value
    without a history has one value and no start."""

    section: str
    name: str
    values: tuple[_T, ...]
    starts: tuple[datetime, ...] = ()
    labels: tuple[str, ...] = ()
    #: Each entry's label by language, where the call gives one per language
    #: (``label = { fr = "avenant 1", en = "amendment 1" }``); ``labels`` holds its first.
    texts: tuple[tuple[tuple[str, str], ...] | None, ...] = ()

    def index_at(self, instant: datetime | None) -> int:
        """The entry in force at ``instant`` (an aware UTC instant; None: the latest)."""
        if instant is None:
            return len(self.values) - 1
        return max(0, bisect_right(self.starts, instant) - 1)


@dataclass(frozen=True, slots=True)
class Version:
    """The values of one version of a call: its timeline, parameters and amendments."""

    timeline: Mapping[str, Milestone]
    parameters: Mapping[str, Parameter]
    amendments: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Values:
    """Every dated value of one edition of a call, and the instants at which one changes."""

    timeline: tuple[Dated[Milestone], ...]
    parameters: tuple[Dated[Parameter], ...]
    changes: tuple[datetime, ...]

    @property
    def all(self) -> tuple[Dated[Milestone] | Dated[Parameter], ...]:
        """Every dated value: the milestones, then the parameters."""
        return (*self.timeline, *self.parameters)

    @property
    def dated(self) -> bool:
        """True when some value has a history."""
        return any(d.starts for d in self.all)

    def span_at(self, instant: datetime) -> int:
        """Which span between two changes ``instant`` (aware, UTC) falls in."""
        return bisect_right(self.changes, instant)

    def key_at(self, instant: datetime | None) -> tuple[int, ...]:
        """The entry of every value in force at ``instant`` (UTC; None: the latest)."""
        return tuple(d.index_at(instant) for d in self.all)

    def version(self, key: tuple[int, ...]) -> Version:
        """The values that ``key`` (from :meth:`key_at`) selects."""
        split = len(self.timeline)
        timeline = {d.name: d.values[i] for d, i in zip(self.timeline, key[:split], strict=True)}
        parameters = {d.name: d.values[i]
                      for d, i in zip(self.parameters, key[split:], strict=True)}
        amendments = tuple(f"{d.section}.{d.name}: {d.labels[i]}"
                           for d, i in zip(self.all, key, strict=True) if i > 0)
        return Version(MappingProxyType(timeline), MappingProxyType(parameters), amendments)


def read_values(definition: CallFile, zone: ZoneInfo, *, source: str, edition: int = 0,
                budget: list[int] | None = None,
                parsed: dict[Loc, Parameter] | None = None,
                named_sets: Callable[[str], frozenset[str]] = named_set) -> Values:
    """Read and check every milestone and parameter of ``definition``, with every entry of
    every history, as edition ``edition`` has them; ``budget`` holds how many more history
    entries may be read (shared by the editions of a recurring call, checked together);
    ``parsed``, the parameters of the file already parsed, by their place in it (an edition
    moves dates and year parameters, never a table's rows: each is parsed once per file,
    whatever the editions); ``named_sets``, where a ``{set = "name"}`` is looked up (the
    platform's registered sets, or the values a pickled call was loaded with)."""
    recurrence = definition.recurrence
    years = tuple(recurrence.year_parameters) if recurrence is not None else ()

    def milestone(name: str, raw: object, loc: Loc) -> Milestone:
        read = read_milestone(name, raw, zone, source=source, loc=loc)
        return moved_milestone(read, edition, source=source, loc=loc)

    def parameter(name: str, raw: object, loc: Loc) -> Parameter:
        read = None if parsed is None else parsed.get(loc)
        if read is None:
            try:
                read = parse_parameter(name, raw, named_sets)
            except ValueError as exc:  # a table says where in it (TableSyntaxError.loc)
                raise DefinitionError(str(exc), code="bad_parameter", source=source,
                                      loc=loc + getattr(exc, "loc", ()),
                                      words=bare_number_words(raw)) from None
            if parsed is not None:
                parsed[loc] = read
        return moved_parameter(read, edition, years, source=source, loc=loc)

    budget = [LIMITS["history_entries"]] if budget is None else budget
    languages = tuple(definition.languages)
    timeline = tuple(_dated("timeline", name, raw, milestone, milestone, budget, source,
                            languages) for name, raw in definition.timeline.items())
    _in_order(timeline, source)
    parameters = tuple(_dated("parameters", name, raw, parameter, milestone, budget, source,
                              languages) for name, raw in definition.parameters.items())
    changes = sorted({s for d in (*timeline, *parameters) for s in d.starts})  # type: ignore[attr-defined]
    return Values(timeline, parameters, tuple(changes))


#: What each pair of milestones out of order is, in words (the earlier one, then the later).
_OUT_OF_ORDER = {
    ("opening", "deadline"): "the call opens after its deadline: it would never be open",
    ("deadline", "results"): "the results come before the deadline",
    ("opening", "results"): "the results come before the call opens",
}


def _in_order(timeline: tuple[Dated[Milestone], ...], source: str) -> None:
    """``bad_timeline`` unless every version of the timeline (each set of the entries of its
    histories in force together) has its opening, deadline and results in order: a call
    that loads is, at every instant, upcoming, open, under evaluation, decided, in turn."""
    known = [d for d in timeline if d.name in ("opening", "deadline", "results")]
    instants = sorted({s for d in known for s in d.starts})
    keys = {tuple(d.index_at(s) for d in known) for s in instants} | {(0,) * len(known)}
    for key in sorted(keys):
        version = {d.name: d.values[i] for d, i in zip(known, key, strict=True)}
        wrong = out_of_order(version)
        if wrong is None:
            continue
        first, then = (version[name] for name in wrong)
        where = {d.name: (d, i) for d, i in zip(known, key, strict=True)}
        dated, index = next((where[n] for n in reversed(wrong) if where[n][0].starts),
                            where[wrong[1]])
        loc: Loc = ("timeline", dated.name) + (("history", index) if dated.starts else ())
        shown = {"first": _MilestoneInWords(first), "then": _MilestoneInWords(then)}
        when = f" (in the version in force from {dated.labels[index]})" if dated.starts else ""
        raise DefinitionError(
            f"{_OUT_OF_ORDER[wrong]}{when}: {wrong[0]} {shown['first']}, {wrong[1]} "
            f"{shown['then']}", code="bad_timeline", source=source, loc=loc,
            hint="a call opens by its deadline, and publishes its results once it has closed",
            words=("timeline_" + "_".join(wrong), shown))


def _shown(milestone: Milestone) -> str:
    """A milestone's start as every language reads it, with its offset from UTC."""
    start = shown_as_it_is(milestone.start, milestone.precision)  # (a day: its date)
    if milestone.precision == "month":
        return f"{start:%Y-%m}"
    if milestone.precision == "day":
        return f"{start:%Y-%m-%d}"
    offset = f"{start:%z}"
    return f"{start:%Y-%m-%d %H:%M} UTC{offset[:3]}:{offset[3:5]}"


class _MilestoneInWords(InWords):
    """A milestone's start, said in its reader's words (« mai 2026 », « 1er juin 2026,
    17:00 (heure de Paris) ») and written as :func:`_shown` says it."""

    __slots__ = ("milestone",)
    milestone: Milestone

    def __new__(cls, milestone: Milestone) -> _MilestoneInWords:
        made = super().__new__(cls, _shown(milestone))
        made.milestone = milestone
        return made

    def __reduce__(self) -> tuple[type[_MilestoneInWords], tuple[Milestone]]:
        return (type(self), (self.milestone,))  # (an error is pickled by Dask's workers)

    def said(self, locale: str | None) -> str:
        start = self.milestone.start
        if self.milestone.precision == "month":
            return month_year(start, locale)
        if self.milestone.precision == "day":
            return long_date(start.date(), locale)
        return format_instant(start, locale, start.tzinfo)


def _dated(section: str, name: str, raw: object, parse: Callable[[str, object, Loc], _T],
           milestone: Callable[[str, object, Loc], Milestone], budget: list[int], source: str,
           languages: Sequence[str]) -> Dated[_T]:
    """A value as written, or every entry of ``{history = [{from, value, label?}, …]}``;
    a label given per language has every one of ``languages`` (the call's)."""
    loc: Loc = (section, name)
    if not (isinstance(raw, Mapping) and set(raw) == {"history"}):
        return Dated(section, name, (parse(name, raw, loc),))
    loc += ("history",)
    history = raw["history"]
    if not isinstance(history, list) or not 1 <= len(history) <= LIMITS["history"]:
        raise DefinitionError(f"history is a list of 1 to {LIMITS['history']} "
                              "{from = …, value = …} tables", code="bad_history",
                              source=source, loc=loc)
    budget[0] -= len(history)
    if budget[0] < 0:
        raise DefinitionError(f"more than {LIMITS['history_entries']} history entries in "
                              "the call", code="too_many_history_entries", source=source,
                              loc=loc)
    values: list[_T] = []
    starts: list[datetime] = []
    labels: list[str] = []
    texts: list[tuple[tuple[str, str], ...] | None] = []
    written: list[tuple[datetime, Precision]] = []  # each entry's 'from', in the call's
    # zone, and whether it is an instant, a day or a month
    for index, entry in enumerate(history):
        here = loc + (index,)
        if not isinstance(entry, Mapping) or not {"from", "value"} <= set(entry) or set(
                entry) - {"from", "value", "label"}:
            raise DefinitionError("each entry holds 'from' (when the value takes effect), "
                                  "'value', and optionally 'label'", code="bad_history",
                                  source=source, loc=here)
        when = milestone(name, entry["from"], here + ("from",))
        local = when.start
        start = local.astimezone(UTC)
        if starts and start <= starts[-1]:
            raise DefinitionError(
                f"history entries must be in order of 'from': this one takes effect at "
                f"{_existing(local, when.precision)}, not after the one before "
                f"({_existing(*written[-1])})",
                code="bad_history", source=source, loc=here + ("from",))
        written.append((local, when.precision))
        label, by_language = _history_label(entry.get("label"), here + ("label",), source,
                                            languages)
        value = parse(name, entry["value"], here + ("value",))
        if values and not _same_kind(value, values[0]):
            raise DefinitionError(
                "every value of a history is of one kind (the same kind of parameter, the "
                "same currency, sets of the same kind of items)", code="bad_history",
                source=source, loc=here + ("value",))
        values.append(value)
        starts.append(start)
        labels.append(label if label is not None
                      else shown_as_it_is(local, when.precision).isoformat())
        texts.append(by_language)
    return Dated(section, name, tuple(values), tuple(starts), tuple(labels), tuple(texts))


def _existing(local: datetime, precision: Precision) -> str:
    """An entry's instant as its zone's clocks show it (:func:`shown_as_it_is`), saying so
    when it was written as a time they skip: ``2026-03-29T01:30:00+01:00 (written
    2026-03-29T02:30:00, a time that does not exist in Europe/Paris: the clocks skip it)``;
    a day or a month as written."""
    shown = shown_as_it_is(local, precision)
    if shown.replace(tzinfo=None) == local.replace(tzinfo=None):
        return shown.isoformat()
    return (f"{shown.isoformat()} (written {local.replace(tzinfo=None).isoformat()}, a time "
            f"that does not exist in {getattr(local.tzinfo, 'key', local.tzinfo)}: the "
            "clocks skip it)")


def _history_label(label: object, loc: Loc, source: str, languages: Sequence[str]
                   ) -> tuple[str | None, tuple[tuple[str, str], ...] | None]:
    """An entry's optional ``label``: one text, or a text per language (``{ fr = "avenant
    1", en = "amendment 1" }``), as the call's other texts: each of 1 to 200 characters, and
    in every language of the call (``missing_translation``, else a reader of the language
    left out would read another's words). Returns the label as one text (the first
    language's) and the (language, text) pairs."""
    if label is None:
        return None, None
    if isinstance(label, str) and 0 < len(label) <= 200:
        return label, None
    if isinstance(label, Mapping) and label and len(label) <= 50 and all(
            isinstance(k, str) and 0 < len(k) <= 35 and isinstance(v, str)
            and 0 < len(v) <= 200 for k, v in label.items()):
        texts = tuple((str(k), str(v)) for k, v in label.items())
        missing = [lang for lang in languages if lang not in label]
        if missing:
            raise DefinitionError(
                f"no {', '.join(missing)} label, though the call declares languages "
                f"{', '.join(languages)}", code="missing_translation", source=source, loc=loc,
                hint="add a label in every language of the call")
        return texts[0][1], texts
    raise DefinitionError("a label is a text of 1 to 200 characters, or a text per language "
                          "({ fr = …, en = … })", code="bad_history", source=source, loc=loc)


def _same_kind(one: object, other: object) -> bool:
    """Whether two values of a history are alike in all that the rules' types depend on:
    then every version of the call type-checks as the one compiled at load does."""
    if not isinstance(one, Parameter) or not isinstance(other, Parameter):
        return True  # milestones: any precision compares with the same fields
    if one.kind != other.kind:
        return False
    if one.kind == "money":
        return bool(one.value.currency == other.value.currency)
    if one.kind == "table":
        return bool(one.value.same_shape(other.value))
    if one.kind == "set":
        kinds = {type(v) for v in one.value} | {type(v) for v in other.value}
        return len(kinds) <= 1
    return True


def check_editions(definition: CallFile, zone: ZoneInfo, first_year: int, *, source: str,
                   parsed: dict[Loc, Parameter] | None = None,
                   named_sets: Callable[[str], frozenset[str]] = named_set) -> None:
    """Read and check every later edition of a recurring call as :func:`read_values` reads
    the file's own (each ``from`` moved by whole years still in order, each timeline in
    order, every milestone in the calendar), so that a call that loads loads in every
    edition; the error names the edition. The history entries of all the editions count
    together against ``LIMITS['history_entries']`` (the work is that of one call with as
    many entries)."""
    recurrence = definition.recurrence
    if recurrence is None or recurrence.count < 2:
        return
    budget = [LIMITS["history_entries"]]
    for edition in range(recurrence.count):
        try:
            read_values(definition, zone, source=source, edition=edition, budget=budget,
                        parsed=parsed, named_sets=named_sets)
        except DefinitionError as exc:
            year = first_year + edition
            if exc.code == "too_many_history_entries":
                raise DefinitionError(
                    f"more than {LIMITS['history_entries']} history entries in the "
                    f"{recurrence.count} editions of the call together (the entries of each "
                    "history count once per edition)", code=exc.code, source=source,
                    loc=("recurrence", "count")) from None
            raise DefinitionError(
                f"in the edition of {year} (edition {edition + 1} of {recurrence.count}), "
                f"which moves every date by {edition} year{'' if edition == 1 else 's'}: "
                f"{exc.message}",
                code=exc.code, source=source, loc=exc.loc, hint=exc.hint, words=exc.words
            ) from None
