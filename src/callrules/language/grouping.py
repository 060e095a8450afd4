"""The index of a list of the whole application filtered by ``field == $var.path`` (or
``!=``) and tests of the item alone: built once per application, read by each outer item.

Such a filter is a conjunction (``all``), judged item by item as written: a test that fails
decides (the item is left out, whatever the others), one that cannot be judged leaves the
item unknown unless another fails (:data:`~callrules.language.form.UNJUDGEABLE`), and a figure
beyond the bound of every value (:class:`~callrules._money.TooLargeError`) is raised where it
is met. The index gives exactly what that reading gives for each outer item, without running
the filter once per outer item:

- the tests written *before* the key's comparison are judged on every item, since every
  outer item judges them: an item one of them leaves out is out for everyone, and a figure
  too large there is raised for everyone (nothing after it is read);
- the key is read next: an item without one never matches;
- the tests written *after* it are judged on the items with a key, and their outcome is kept
  under that key: an item that cannot be judged, or whose figure is too large, only matters
  to the outer items it passes the comparison with (:meth:`Index.items`,
  :meth:`Index.exists`).

So an amount in a currency without an exchange rate leaves unjudged only the outer items the
line belongs to, never the others, and never when another test of the filter leaves the line
out — as the same filter read item by item, without the index, says.

What the tests trace while the index is built (the conversions and rate lookups an
explanation names, :data:`~callrules.language.form.TRACE`) is kept with the item that traced
it, never told to the outer item whose reading built the index, and told again to each outer
item that reads the list, as the filter read item by item traces it for that outer item: the
tests before the key of every item read, those after it of the items the comparison matches,
in the list's order, up to the item that decides (the first match of ``exists``, the first
that cannot be judged or raises). What every outer item is told alike (the tests before the
key) is told without its repetitions (an event met again, :func:`event_mark`): what reads a
trace reads each event's first time, and 10,000 lines in reais told to 1,000 visitors would
be ten million events. The generated decision
of ``exists`` first gathers the keys in one pass with the tests joined by ``and``, which is
the answer whenever no test of any item raises (:func:`keys_or_index`); the index is built
only when one does.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from callrules._money import TooLargeError
from callrules.exceptions import MissingExchangeRateError, NoRateError
from callrules.language.form import TRACE, UNJUDGEABLE

__all__ = ["Index", "build_index", "event_mark", "exists_in", "keys_or_index"]

#: A test of one item, called with the item and an environment: whether it holds (raising
#: what cannot be judged, or a figure too large, as a node's ``holds`` does).
Test = Callable[[Any, Any], bool]
#: (position in the list, what was met there): an item, or the error it raised.
Entry = tuple[int, Any]
#: What a test traced: (position of its item, first and past-last place in the index's
#: ``traced``).
Span = tuple[int, int, int]


@dataclass(slots=True)
class _Firsts:
    """The first entry met, and the first met with another key: for any key, the first entry
    whose key is another (``!=``), without a walk per outer item."""

    first: tuple[int, Any, Any] | None = None
    other: tuple[int, Any, Any] | None = None

    def add(self, position: int, key: Any, what: Any) -> None:
        if self.first is None:
            self.first = (position, key, what)
        elif self.other is None and key != self.first[1]:
            self.other = (position, key, what)

    def other_than(self, key: Any) -> Entry | None:
        """The first entry whose key is not ``key`` (any key, if ``key`` is None)."""
        for found in (self.first, self.other):
            if found is not None and (key is None or found[1] != key):
                return found[0], found[2]
        return None


@dataclass(slots=True)
class _Group:
    """The items of one key: those the filter keeps, in the list's order, and the first whose
    filter cannot be judged or raises a figure too large."""

    kept: list[Entry] = field(default_factory=list)
    unknown: Entry | None = None
    raised: Entry | None = None


@dataclass(slots=True)
class Index:
    """A list read once: its items by key, as a filter judges them (module docstring)."""

    groups: dict[Any, _Group] = field(default_factory=dict)
    #: Every item kept (with a key), in the list's order: what a missing outer value reads.
    kept: list[Entry] = field(default_factory=list)
    #: The first item whose tests before the key raised a figure too large: raised for
    #: every outer item (nothing after it was read).
    stop: Entry | None = None
    firsts_kept: _Firsts = field(default_factory=_Firsts)
    firsts_unknown: _Firsts = field(default_factory=_Firsts)
    firsts_raised: _Firsts = field(default_factory=_Firsts)
    #: Whether some item cannot be judged or raised (else every lookup is a dict's).
    troubled: bool = False
    #: What the items' tests traced while the list was read, in the order met (module
    #: docstring): told again to each outer item, as the filter read item by item tells it.
    traced: list[tuple[str, Any]] = field(default_factory=list)
    #: Where the tests written before the key traced (every outer item reads them).
    traced_before: list[Span] = field(default_factory=list)
    #: Where the tests written after it traced, with the item's key: by key, and all of them.
    traced_after: dict[Any, list[Span]] = field(default_factory=dict)
    traced_after_keyed: list[tuple[Any, Span]] = field(default_factory=list)
    #: What the tests before the key traced, each event once (its first time): worked out
    #: when first told, as (position, place in ``traced``, event).
    _told_before: list[tuple[int, int, Any]] | None = None
    #: The same, as the positions and the events apart.
    _before_events: tuple[list[int], list[Any]] = field(default_factory=lambda: ([], []))
    #: What the tests after it traced, each event the first time and the first time with
    #: another key (what an outer item of any key reads of other keys' items), with the key.
    _told_after: list[tuple[Any, tuple[str, str], int, int, Any]] | None = None

    def _first(self, what: str, target: Any, cmp: str) -> Entry | None:
        """The first item kept (``what``: or unknown, or raising) whose key the comparison
        ``key cmp target`` matches; a missing target matches every key."""
        if cmp == "==" and target is not None:
            group = self.groups.get(target)
            if group is None:
                return None
            if what == "kept":
                return group.kept[0] if group.kept else None
            found: Entry | None = getattr(group, what)
            return found
        firsts: _Firsts = getattr(self, "firsts_" + what)
        return firsts.other_than(target)

    def _earliest(self, *entries: Entry | None) -> Entry | None:
        met = [e for e in entries if e is not None]
        return min(met, key=lambda e: e[0]) if met else None

    def replay(self, target: Any, cmp: str, trace: list[Any] | None,
               until: int | None = None) -> None:
        """Add to ``trace`` what the filter read item by item traces for an outer item whose
        key is ``target`` (``key cmp target``), up to the item at ``until`` included: the
        tests before the key of every item, those after it of the items it matches, in the
        list's order."""
        if trace is None or not self.traced:
            return
        if cmp == "==" and target is not None:
            after = self.traced_after.get(target, [])
            traced = self.traced
            told = [(position, at, traced[at]) for position, start, end in after
                    for at in range(start, end)]
        else:  # another key than the target's (any key, if the target is missing): each
            # event the first time, as the list of every key's is told
            seen: set[tuple[str, str]] = set()
            told = []
            for key, mark, position, at, event in self._after_once():
                if (target is None or key != target) and mark not in seen:
                    seen.add(mark)
                    told.append((position, at, event))
        if self.traced_before:  # the same for every outer item: told once each (what
            # reads a trace reads each event's first time: :func:`event_mark`)
            before = self._before_once()
            if not told:  # (in one step: 10,000 lines for each of 1,000 visitors)
                positions, events = self._before_events
                trace.extend(events if until is None else
                             events[:bisect_right(positions, until)])
                return
            told = sorted(before + told, key=lambda e: e[1])
        for position, _, event in told:
            if until is not None and position > until:
                break
            trace.append(event)

    def _after_once(self) -> list[tuple[Any, tuple[str, str], int, int, Any]]:
        """What the tests after the key traced, each event the first time it is met, and the
        first time it is met with another key than that time's: all that an outer item of
        any key reads of the items of the other keys, each event the first time."""
        if self._told_after is None:
            firsts: dict[tuple[str, str], Any] = {}
            others: set[tuple[str, str]] = set()
            self._told_after = []
            for key, (position, start, end) in self.traced_after_keyed:
                for at in range(start, end):
                    event = self.traced[at]
                    mark = event_mark(event)
                    event = _Told(event, mark)
                    if mark not in firsts:
                        firsts[mark] = key
                    elif mark in others or firsts[mark] == key:
                        continue
                    else:
                        others.add(mark)
                    self._told_after.append((key, mark, position, at, event))
        return self._told_after

    def _before_once(self) -> list[tuple[int, int, Any]]:
        """What the tests before the key traced, each event the first time only."""
        if self._told_before is None:
            seen: set[tuple[str, str]] = set()
            self._told_before = []
            for position, start, end in self.traced_before:
                for at in range(start, end):
                    mark = event_mark(self.traced[at])
                    if mark not in seen:
                        seen.add(mark)
                        self._told_before.append((position, at,
                                                  _Told(self.traced[at], mark)))
            self._before_events = ([position for position, _, _ in self._told_before],
                                   [event for _, _, event in self._told_before])
        return self._told_before

    def check(self, target: Any, cmp: str, trace: list[Any] | None = None) -> None:
        """Raise what the first item of the target's that cannot be judged (or whose figure is
        too large) raised, as a ``count``, ``sum``, ``min`` or ``max`` filtered item by item
        does: any such item leaves the figure unjudged. What the items read up to it traced
        is told to ``trace`` (:meth:`replay`)."""
        if not self.troubled:
            if trace is not None and self.traced:  # (else nothing to tell: no call)
                self.replay(target, cmp, trace)
            return
        trouble = self._earliest(self.stop, self._first("raised", target, cmp),
                                 self._first("unknown", target, cmp))
        self.replay(target, cmp, trace, None if trouble is None else trouble[0])
        if trouble is not None:
            raise trouble[1]

    def items(self, target: Any, trace: list[Any] | None = None) -> list[Entry]:
        """The items ``key == target`` keeps, in the list's order (every item with a key if
        the target is missing); raising and tracing as :meth:`check` does."""
        self.check(target, "==", trace)
        if target is None:
            return self.kept
        group = self.groups.get(target)
        return [] if group is None else group.kept

    def exists(self, target: Any, cmp: str, trace: list[Any] | None = None) -> bool:
        """Whether some item matches (``key cmp target``), as ``exists`` reads the list in
        order: an item that matches decides, unless a figure too large was met before it; an
        item that cannot be judged leaves the answer unknown (raised) if none matches. What
        the items read up to the one that decides traced is told to ``trace``."""
        if not self.troubled and (trace is None or not self.traced):
            # a group is made for an item kept only
            if cmp == "==" and target is not None:
                return target in self.groups
            return self.firsts_kept.other_than(target) is not None
        kept = self._first("kept", target, cmp)
        first_raised = self._earliest(self.stop, self._first("raised", target, cmp))
        if first_raised is not None and (kept is None or first_raised[0] < kept[0]):
            self.replay(target, cmp, trace, first_raised[0])
            raise first_raised[1]
        if kept is not None:
            self.replay(target, cmp, trace, kept[0])
            return True
        self.replay(target, cmp, trace)
        unknown = self._first("unknown", target, cmp)
        if unknown is not None:
            raise unknown[1]
        return False

    def _traced(self, position: int, start: int, key: Any = None, after: bool = False
                ) -> None:
        """Keep where the item at ``position`` traced, from ``start`` on."""
        end = len(self.traced)
        if not after:
            self.traced_before.append((position, start, end))
            return
        self.traced_after.setdefault(key, []).append((position, start, end))
        self.traced_after_keyed.append((key, (position, start, end)))


def event_mark(event: tuple[str, Any]) -> tuple[str, str]:
    """What tells a traced event from another (an explanation tells each once, the first
    time it is met: :func:`~callrules.language.expressions.trace_context`)."""
    if type(event) is _Told:
        return event.mark
    what, entry = event
    return what, repr(sorted(entry.items()))


class _Told(tuple[str, Any]):
    """A traced event an index tells to every outer item, with its :func:`event_mark`
    worked out once (not once for each outer item that reads it)."""

    mark: tuple[str, str]

    def __new__(cls, event: tuple[str, Any], mark: tuple[str, str]) -> _Told:
        told = super().__new__(cls, event)
        told.mark = mark
        return told


def _judged(tests: Sequence[Test], element: Any, env: Any
            ) -> tuple[bool, MissingExchangeRateError | NoRateError | None]:
    """Whether no test of ``tests`` fails on ``element`` (as ``all`` judges: one that fails
    decides), and the first that could not be judged; a figure too large is raised."""
    unknown = None
    for test in tests:
        try:
            if not test(element, env):
                return False, unknown
        except UNJUDGEABLE as error:
            unknown = unknown or error
    return True, unknown


def _passes(tests: Sequence[Test], quick: Test | None, element: Any, env: Any,
            traced: list[tuple[str, Any]]
            ) -> tuple[bool, MissingExchangeRateError | NoRateError | None]:
    """:func:`_judged`, the one test ``quick`` (when ``tests`` hold only it) called as it
    is first: only if it cannot be judged is it judged again, saying why (what it traced the
    first time forgotten: ``traced``, the list it traces into)."""
    if quick is None:
        return _judged(tests, element, env)
    start = len(traced)
    try:
        return bool(quick(element, env)), None
    except UNJUDGEABLE:
        del traced[start:]
        return _judged(tests, element, env)


def build_index(elements: Iterable[Any], key: Callable[[Any], Any], before: Sequence[Test],
                after: Sequence[Test], located: Callable[[TooLargeError, int], TooLargeError],
                env: Any = None) -> Index:
    """The index of ``elements`` by ``key`` (None: the item has no key and never matches),
    judged by the filter's tests written ``before`` and ``after`` the key's comparison (each
    called with the item and ``env``); ``located`` places a figure too large at the item's
    position. What the tests trace is kept with their item, in the index (module
    docstring), never in ``env``'s trace."""
    index = Index()
    traced = index.traced
    if env is not None:  # (the generated decision traces nothing: no environment)
        env = {**env, TRACE: traced}
    groups = index.groups
    kept_all = index.kept
    firsts_kept = index.firsts_kept
    # one test alone is called as it is: only if it cannot be judged is it judged again
    quick_before = before[0] if len(before) == 1 else None
    quick_after = after[0] if len(after) == 1 else None
    unknown: MissingExchangeRateError | NoRateError | None
    later: MissingExchangeRateError | NoRateError | None
    for position, element in enumerate(elements):
        unknown = None
        if before:
            start = len(traced)
            try:
                passed, unknown = _passes(before, quick_before, element, env, traced)
            except TooLargeError as error:  # every outer item meets it: nothing after is read
                index.stop = (position, located(error, position))
                index.troubled = True
                if len(traced) > start:
                    index._traced(position, start)
                break
            if len(traced) > start:
                index._traced(position, start)
            if not passed:
                continue
        value = key(element)
        if value is None:  # an item's missing value never matches
            continue
        if after:
            start = len(traced)
            try:
                passed, later = _passes(after, quick_after, element, env, traced)
            except TooLargeError as error:  # met by the outer items of this key only
                if len(traced) > start:
                    index._traced(position, start, value, True)
                too_large = located(error, position)
                mine = groups.setdefault(value, _Group())
                if mine.raised is None:
                    mine.raised = (position, too_large)
                index.firsts_raised.add(position, value, too_large)
                index.troubled = True
                continue
            if len(traced) > start:
                index._traced(position, start, value, True)
            if not passed:
                continue
            unknown = unknown or later
        group = groups.get(value)
        if group is None:
            group = groups[value] = _Group()
        if unknown is not None:
            if group.unknown is None:
                group.unknown = (position, unknown)
            index.firsts_unknown.add(position, value, unknown)
            index.troubled = True
            continue
        entry = (position, element)
        group.kept.append(entry)
        kept_all.append(entry)
        if firsts_kept.other is None:
            firsts_kept.add(position, value, element)
    return index


def keys_or_index(keys: Callable[[], set[Any]], index: Callable[[], Index]) -> set[Any] | Index:
    """What the generated decision reads an indexed ``exists`` from: the keys of the items
    that pass every test (``keys``: one pass, the tests joined by ``and``, which is the
    filter's answer whenever no test of any item raises, since a test that fails decides),
    else the list indexed as the filter read item by item judges it (``index``)."""
    try:
        return keys()
    except (*UNJUDGEABLE, TooLargeError):
        return index()


def exists_in(found: set[Any] | Index, target: Any, cmp: str) -> bool:
    """Whether some item's key matches ``target`` (``key cmp target``; a missing target
    matches every key), in what :func:`keys_or_index` read."""
    if isinstance(found, Index):
        return found.exists(target, cmp)
    if target is None:
        return bool(found)
    if cmp == "!=":  # some item's key is another than the target's
        return len(found) > (target in found)
    return target in found
