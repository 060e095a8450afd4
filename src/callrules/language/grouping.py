"""The index of a list of the whole application filtered by ``field == $var.path`` (or
``!=``) and tests of the item alone: built once per application, read by each outer item.

Such a filter is a conjunction (``all``), judged item by item as written: a test that fails
decides (the item is left out, whatever the others), one that cannot be judged leaves the
item unknown unless another fails (:data:`~callrules.language.form.UNJUDGEABLE`), and so does
a figure beyond the bound of every value or a date out of the calendar
(:class:`~callrules._money.TooLargeError`, located at its item): whatever the order of the
tests or of the items (session 40: a figure too large was raised where it was met, before an
item that matched or a test that failed). The index gives exactly what that reading gives
for each outer item, without running the filter once per outer item:

- the tests written *before* the key's comparison are judged on every item, since every
  outer item judges them: an item one of them leaves out is out for everyone;
- the key is read next: an item without one never matches, and neither does any item for an
  outer item without one (a filter is a question: a comparison with a value missing on
  either side does not hold);
- the tests written *after* it are judged on the items with a key, and their outcome is kept
  under that key: an item that cannot be judged (in any test), or whose figure is too
  large, only matters to the outer items it passes the comparison with (:meth:`Index.items`,
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
that cannot be judged or raises). It is told as one block (:class:`Replayed`): the events
every outer item is told alike, each once, worked out once an index (those of the tests
before the key; for ``!=``, those and the first time of each event of the tests after it,
whatever its key), cut at the item that decides, less what the outer item is not told (the
events first met on its own key's items, told where it meets them instead), with its own
(those of its key's items, for ``==``). What reads a trace reads each event's first time,
and a finding lists at most 30 conversions and how many more: so a block is read in as many
steps as the events new to its reader, up to 30 of a kind (:func:`told_once`), their number
worked out from the blocks' marks (:func:`events_of`, :func:`first_events` read the rest).
10,000 lines in reais told event by event to 1,000 visitors were ten million events.
The generated decision
of ``exists`` first gathers the keys in one pass with the tests joined by ``and``, which is
the answer whenever no test of any item raises (:func:`keys_or_index`); the index is built
only when one does.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from heapq import merge
from typing import Any

from callrules._money import TooLargeError
from callrules.exceptions import MissingExchangeRateError, NoRateError
from callrules.language.form import TRACE, UNDECIDED

__all__ = ["Index", "Replayed", "as_block", "build_index", "event_mark", "events_of", "exists_in",
           "first_events", "keys_or_index", "told_once"]

#: A test of one item, called with the item and an environment: whether it holds (raising
#: what cannot be judged, or a figure too large, as a node's ``holds`` does).
Test = Callable[[Any, Any], bool]
#: (position in the list, what was met there): an item, or the error it raised.
Entry = tuple[int, Any]
#: What a test traced: (position of its item, first and past-last place in the index's
#: ``traced``).
Span = tuple[int, int, int]
#: What tells a traced event from another (:func:`event_mark`): its kind, and its entry.
Mark = tuple[str, str]
#: Where an event was traced: its place in an index's ``traced``, and its place in the block
#: replayed there (0 for an event of its own).
Place = tuple[int, int]
#: An event as an index tells it: (place, position of its item, mark, event).
Entry4 = tuple[Place, int, Mark, Any]
#: An item of a key waiting for the tests after the key (:meth:`Index.walk`): its position,
#: the item, and what its tests before the key could not judge (None: nothing).
#: What leaves an item's filter undecided: a rate missing, a figure too large (placed).
Unknown = MissingExchangeRateError | NoRateError | TooLargeError
Pending = tuple[int, Any, Unknown | None]
#: Where the events an outer item's own tests traced go in its block, after the events
#: traced at the same place by the index (:meth:`Index.walk`): beyond any block's length.
_OWN = 10 ** 12


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
    filter cannot be judged (or meets a figure too large)."""

    kept: list[Entry] = field(default_factory=list)
    unknown: Entry | None = None
    #: Built for tests after the key that read the outer item (:meth:`Index.walk`): every
    #: item of the key the tests before it do not leave out, with what could not be judged
    #: of it there (None: nothing).
    pending: list[Pending] = field(default_factory=list)


@dataclass(slots=True)
class Index:
    """A list read once: its items by key, as a filter judges them (module docstring)."""

    groups: dict[Any, _Group] = field(default_factory=dict)
    firsts_kept: _Firsts = field(default_factory=_Firsts)
    firsts_unknown: _Firsts = field(default_factory=_Firsts)
    #: Whether some item cannot be judged (else every lookup is a dict's).
    troubled: bool = False
    #: What the items' tests traced while the list was read, in the order met (module
    #: docstring): told again to each outer item, as the filter read item by item tells it.
    traced: list[Any] = field(default_factory=list)
    #: Where the tests written before the key traced (every outer item reads them).
    traced_before: list[Span] = field(default_factory=list)
    #: Where the tests written after it traced, with the item's key: by key, and all of them.
    traced_after: dict[Any, list[Span]] = field(default_factory=dict)
    traced_after_keyed: list[tuple[Any, Span]] = field(default_factory=list)
    #: What the tests before the key traced, each event once (its first time): worked out
    #: when first told, as (place in ``traced``, position, mark, event).
    _told_before: list[Entry4] | None = None
    _before_by_mark: dict[Mark, Entry4] | None = None
    #: What the tests after it traced: each event's first time, with its key, and its first
    #: time with another key (:meth:`_after_once`).
    _firsts_after: dict[Mark, tuple[Any, Entry4]] | None = None
    _seconds_after: dict[Mark, Entry4] | None = None
    #: The events told alike (:meth:`_shared`), and the marks first met on each key's items.
    _shared_before: _Shared | None = None
    _shared_all: _Shared | None = None
    _owned_first: dict[Any, list[Mark]] = field(default_factory=dict)
    #: The positions of the items whose tests before the key traced (``traced_before``'s).
    _before_positions: list[int] | None = None

    def walk(self, target: Any, after: Sequence[Test], env: Any,
             located: Callable[[TooLargeError, int], TooLargeError], first: bool
             ) -> tuple[list[Entry], Entry | None]:
        """The items of key ``target`` (none if it is missing) that the
        tests written after the key, which read the outer item (``env`` binds it), keep,
        judged for this outer item alone on its own group (the list was indexed without
        them, :func:`build_index` with ``pending``), as the filter read item by item judges
        them: in the list's order, a test that fails decides, what cannot be judged or is
        too large (here, or in the tests before the key) leaves the item unknown (a figure
        too large placed by ``located``). ``first``: an ``exists``, which stops at the first
        item kept; else an aggregate, which stops at the first item that cannot be judged.
        The items kept, and the item that decides (its error), if any: the first kept
        (an ``exists``), else the first unknown. What the tests traced, those before the
        key of every item read and those after it of this group's, is told to ``env``'s
        trace in the list's order, up to the item that decides, as one block (:class:`Replayed`)."""
        entries = [] if target is None else (
            group.pending if (group := self.groups.get(target)) is not None else [])
        trace = env.get(TRACE)
        own: list[Any] = []
        local = env if trace is None else {**env, TRACE: own}
        spans: list[Span] = []
        kept: list[Entry] = []
        unknown: Entry | None = None
        for position, element, before in entries:
            start = len(own)
            passed, later = _judged(after, element, local)
            if len(own) > start:
                spans.append((position, start, len(own)))
            if not passed:
                continue
            why = before or _placed(later, position, located)
            if why is not None:
                if unknown is None:
                    unknown = (position, why)
                if not first:
                    break
                continue
            kept.append((position, element))
            if first:
                break
        decided = (kept[0] if first and kept else None) or (None if first else unknown)
        if first and decided is None and unknown is not None:
            decided = unknown  # no item kept, and one cannot be judged: raised, all read
            until = None
        else:
            until = None if decided is None else decided[0]
        if trace is not None:
            self._replay_own(trace, own, spans, until)
        return kept, decided

    def _replay_own(self, trace: list[Any], own: list[Any], spans: list[Span],
                    until: int | None) -> None:
        """Tell ``trace`` what the tests before the key of every item traced and what an
        outer item's own tests (after the key) traced on its group's items (``own``, at
        ``spans``), up to the item at ``until`` included, in the list's order: one block."""
        shared = self._shared(before_only=True)
        stop = len(shared.entries) if until is None else bisect_right(shared.positions, until)
        if self._before_positions is None:
            self._before_positions = [span[0] for span in self.traced_before]
        extra: list[Entry4] = []
        sub = _OWN
        for position, start, end in spans:
            if until is not None and position > until:
                break
            # after the events the tests before the key traced on this item and before
            at = bisect_right(self._before_positions, position)
            base = self.traced_before[at - 1][2] - 1 if at else -1
            for event in own[start:end]:
                for mark, told in _unwrapped(event):
                    extra.append(((base, sub), position, mark, told))
                    sub += 1
        if stop or extra:
            trace.append(Replayed(shared, stop, frozenset(), extra))

    def _first(self, what: str, target: Any, cmp: str) -> Entry | None:
        """The first item kept (``what``: or unknown, or raising) whose key the comparison
        ``key cmp target`` matches; a missing target matches no key."""
        if cmp == "==" or target is None:
            group = self.groups.get(target)
            if group is None:
                return None
            if what == "kept":
                return group.kept[0] if group.kept else None
            found: Entry | None = getattr(group, what)
            return found
        firsts: _Firsts = getattr(self, "firsts_" + what)
        return firsts.other_than(target)

    def replay(self, target: Any, cmp: str, trace: list[Any] | None,
               until: int | None = None) -> None:
        """Add to ``trace`` what the filter read item by item traces for an outer item whose
        key is ``target`` (``key cmp target``), up to the item at ``until`` included: the
        tests before the key of every item, those after it of the items it matches, in the
        list's order. Told as one :class:`Replayed` block (what every reader of a trace
        reads: each event's first time), in as many steps as the outer item's own events."""
        if trace is None or not self.traced:
            return
        if cmp == "==" or target is None:  # a missing target: no item's tests after the key
            shared = self._shared(before_only=True)
            drop: frozenset[Mark] = frozenset()
            extra = self._group_entries(target)
        else:  # another key than the target's
            shared = self._shared(before_only=False)
            drop, extra = self._others(target)
        stop = len(shared.entries) if until is None else bisect_right(shared.positions, until)
        if until is not None:
            extra = [entry for entry in extra if entry[1] <= until]
        if stop or extra:
            trace.append(Replayed(shared, stop, drop, extra))

    def _events_at(self, at: int) -> list[tuple[Place, Mark, Any]]:
        """The events traced at ``at`` (those of a block replayed there, one by one), with
        their marks and places."""
        return [((at, sub), mark, told) for sub, (mark, told)
                in enumerate(_unwrapped(self.traced[at]))]

    def _before_once(self) -> list[Entry4]:
        """What the tests before the key traced, each event the first time only."""
        if self._told_before is None:
            seen: set[Mark] = set()
            self._told_before = []
            for position, start, end in self.traced_before:
                for at in range(start, end):
                    for place, mark, event in self._events_at(at):
                        if mark not in seen:
                            seen.add(mark)
                            self._told_before.append((place, position, mark, event))
        return self._told_before

    def _after_once(self) -> None:
        """What the tests after the key traced: each event the first time it is met, with
        its key, and the first time it is met with another key than that one's (what an
        outer item of that key reads of the items of the other keys, each event once)."""
        if self._firsts_after is not None:
            return
        firsts: dict[Mark, tuple[Any, Entry4]] = {}
        seconds: dict[Mark, Entry4] = {}
        for key, (position, start, end) in self.traced_after_keyed:
            for at in range(start, end):
                for place, mark, event in self._events_at(at):
                    first = firsts.get(mark)
                    if first is None:
                        firsts[mark] = (key, (place, position, mark, event))
                    elif mark not in seconds and first[0] != key:
                        seconds[mark] = (place, position, mark, event)
        self._firsts_after = firsts
        self._seconds_after = seconds

    def _shared(self, before_only: bool) -> _Shared:
        """The events every outer item is told alike, each once, in the order met: those of
        the tests before the key (``before_only``), or those and each event of the tests
        after it at its first time, whatever its key."""
        if before_only:
            if self._shared_before is None:
                self._shared_before = _Shared(self._before_once())
            return self._shared_before
        if self._shared_all is None:
            self._after_once()
            assert self._firsts_after is not None
            earliest: dict[Mark, Entry4] = {entry[2]: entry for entry in self._before_once()}
            owned: dict[Any, list[Mark]] = {}
            for mark, (key, entry) in self._firsts_after.items():
                met = earliest.get(mark)
                if met is None or entry[0] < met[0]:
                    earliest[mark] = entry
                    owned.setdefault(key, []).append(mark)
            self._shared_all = _Shared(sorted(earliest.values(), key=lambda e: e[0]))
            self._owned_first = owned
        return self._shared_all

    def _others(self, target: Any) -> tuple[frozenset[Mark], list[Entry4]]:
        """What an outer item of key ``target`` is not told of the shared events (``!=``):
        those first met on an item of its own key, and where it meets them instead (the
        tests before the key, or an item of another key), in the order met."""
        if target is None:
            return frozenset(), []
        marks = self._owned_first.get(target, ())
        if not marks:
            return frozenset(), []
        before = self._before_marks()
        assert self._seconds_after is not None
        instead = []
        for mark in marks:
            met = [e for e in (before.get(mark), self._seconds_after.get(mark))
                   if e is not None]
            if met:
                instead.append(min(met, key=lambda e: e[0]))
        instead.sort(key=lambda e: e[0])
        return frozenset(marks), instead

    def _before_marks(self) -> dict[Mark, Entry4]:
        if self._before_by_mark is None:
            self._before_by_mark = {entry[2]: entry for entry in self._before_once()}
        return self._before_by_mark

    def _group_entries(self, target: Any) -> list[Entry4]:
        """What the tests after the key traced on the items of key ``target``, in order."""
        return [entry for position, start, end in self.traced_after.get(target, ())
                for at in range(start, end)
                for entry in ((place, position, mark, event)
                              for place, mark, event in self._events_at(at))]

    def check(self, target: Any, cmp: str, trace: list[Any] | None = None) -> None:
        """Raise what the first item of the target's that cannot be judged (or whose figure is
        too large) raised, as a ``count``, ``sum``, ``min`` or ``max`` filtered item by item
        does: any such item leaves the figure unjudged. What the items read up to it traced
        is told to ``trace`` (:meth:`replay`)."""
        if not self.troubled:
            if trace is not None and self.traced:  # (else nothing to tell: no call)
                self.replay(target, cmp, trace)
            return
        trouble = self._first("unknown", target, cmp)
        self.replay(target, cmp, trace, None if trouble is None else trouble[0])
        if trouble is not None:
            raise trouble[1]

    def items(self, target: Any, trace: list[Any] | None = None) -> list[Entry]:
        """The items ``key == target`` keeps, in the list's order (none if the target is
        missing); raising and tracing as :meth:`check` does."""
        self.check(target, "==", trace)
        group = self.groups.get(target)
        return [] if group is None else group.kept

    def exists(self, target: Any, cmp: str, trace: list[Any] | None = None) -> bool:
        """Whether some item matches (``key cmp target``), as ``exists`` reads the list in
        order: an item that matches decides, wherever it is; an item that cannot be judged
        (or whose figure is too large) leaves the answer unknown (raised) if none matches. What
        the items read up to the one that decides traced is told to ``trace``."""
        if not self.troubled and (trace is None or not self.traced):
            # a group is made for an item kept only
            if cmp == "==" or target is None:
                return target in self.groups
            return self.firsts_kept.other_than(target) is not None
        kept = self._first("kept", target, cmp)
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


class _Shared:
    """Events told alike to many outer items, each once (its first time), in the order met:
    with the place of each event's mark, and the places of each kind's events, so that an
    outer item's block (:class:`Replayed`) is read in the steps its reader needs."""

    __slots__ = ("common", "entries", "kinds", "positions", "rank")

    def __init__(self, entries: list[Entry4]) -> None:
        #: How many events of a kind this and another index's shared events both tell, up
        #: to given places: worked out once for each such pair.
        self.common: dict[tuple[_Shared, int, int, str], int] = {}
        self.entries = entries
        self.positions = [entry[1] for entry in entries]
        self.rank = {entry[2]: at for at, entry in enumerate(entries)}
        self.kinds: dict[str, list[int]] = {}
        for at, entry in enumerate(entries):
            self.kinds.setdefault(entry[2][0], []).append(at)


class Replayed:
    """What an index tells one outer item, as one block of its trace: the shared events up
    to ``stop`` (those of ``drop`` left out), and the outer item's own (``extra``), in the
    order met. A reader of a trace reads each event's first time (:func:`told_once`,
    :func:`events_of`, :func:`first_events`), so the block is never unwrapped event by
    event: an outer item costs its own events, not the list's."""

    __slots__ = ("drop", "extra", "extra_marks", "shared", "stop")

    def __init__(self, shared: _Shared, stop: int, drop: frozenset[Mark],
                 extra: list[Entry4]) -> None:
        self.shared = shared
        self.stop = stop
        self.drop = drop
        self.extra = extra
        self.extra_marks = frozenset(entry[2] for entry in extra)

    def _in_shared(self, mark: Mark) -> bool:
        at = self.shared.rank.get(mark)
        return at is not None and at < self.stop and mark not in self.drop

    def has(self, mark: Mark) -> bool:
        """Whether the block tells the event of ``mark``."""
        return mark in self.extra_marks or self._in_shared(mark)

    def same(self, other: Replayed) -> bool:
        return (self.shared is other.shared and self.stop == other.stop
                and self.drop == other.drop and self.extra == other.extra)

    def count(self, kind: str) -> int:
        """How many different events of ``kind`` the block tells."""
        shared = self.shared
        places = shared.kinds.get(kind, ())
        count = bisect_left(places, self.stop)
        count -= sum(1 for mark in self.drop if mark[0] == kind
                     and shared.rank[mark] < self.stop)
        count += sum(1 for mark in self.extra_marks if mark[0] == kind
                     and not self._in_shared(mark))
        return count

    def marks(self, kind: str) -> set[Mark]:
        """The marks of the events of ``kind`` the block tells (as many steps as events)."""
        entries = self.shared.entries
        found = {entries[at][2] for at in self.shared.kinds.get(kind, ())
                 if at < self.stop} - self.drop
        found.update(mark for mark in self.extra_marks if mark[0] == kind)
        return found

    def events(self, kind: str | None = None) -> Iterator[tuple[Mark, Any]]:
        """The events the block tells (of ``kind`` only, if given), each once, in order."""
        entries = self.shared.entries
        if kind is None:
            shared: Iterable[Entry4] = entries[:self.stop]
        else:
            places = self.shared.kinds.get(kind, [])
            shared = (entries[at] for at in places[:bisect_left(places, self.stop)])
        drop = self.drop
        own = (e for e in self.extra if kind is None or e[2][0] == kind)
        told: set[Mark] = set()
        for _, _, mark, event in merge((e for e in shared if e[2] not in drop), own,
                                       key=lambda e: e[0]):
            if mark not in told:
                told.add(mark)
                yield mark, event


def _common(one: Replayed, other: Replayed, kind: str) -> int:
    """How many events of ``kind`` two blocks both tell: the shared events' once for each
    pair of indexes and places, then the blocks' own (in as many steps as they have)."""
    a, b = one.shared, other.shared
    key = (b, one.stop, other.stop, kind)
    count = a.common.get(key)
    if count is None:
        mine, theirs = a.kinds.get(kind, []), b.kinds.get(kind, [])
        mine, theirs = mine[:bisect_left(mine, one.stop)], theirs[:bisect_left(theirs,
                                                                                other.stop)]
        if len(mine) <= len(theirs):  # the smaller read, the other's places looked up
            places, entries, ranks, stop = mine, a.entries, b.rank, other.stop
        else:
            places, entries, ranks, stop = theirs, b.entries, a.rank, one.stop
        count = sum(1 for at in places if ranks.get(entries[at][2], stop) < stop)
        a.common[key] = count
    # less what either leaves out, then what either tells of its own
    both = one._in_shared, other._in_shared
    count -= sum(1 for mark in one.drop if mark[0] == kind and a.rank[mark] < one.stop
                 and mark in b.rank and b.rank[mark] < other.stop)
    count -= sum(1 for mark in other.drop if mark[0] == kind and mark not in one.drop
                 and b.rank[mark] < other.stop and mark in a.rank
                 and a.rank[mark] < one.stop)
    count += sum(1 for mark in one.extra_marks if mark[0] == kind
                 and not both[0](mark) and other.has(mark))
    count += sum(1 for mark in other.extra_marks if mark[0] == kind
                 and not both[1](mark) and both[0](mark))
    return count


def _covered(block: Replayed, kind: str, seen: set[Mark], blocks: list[Replayed]) -> int:
    """How many events of ``kind`` the ``block`` tells that a reader has met already: among
    ``seen`` (a trace's own events) and the ``blocks`` before it. Against one block, counted
    (:func:`_common`); against more, as a set (as many steps as their events)."""
    mine = {mark for mark in seen if mark[0] == kind and block.has(mark)}
    if not blocks:
        return len(mine)
    if len(blocks) == 1:
        other = blocks[0]
        return len(mine) + _common(block, other, kind) - sum(
            1 for mark in mine if other.has(mark))
    covered = mine
    for other in blocks:
        covered |= {mark for mark in block.marks(kind) if other.has(mark)}
    return len(covered)


def told_once(trace: Iterable[Any], kinds: Sequence[str], cap: int
              ) -> dict[str, tuple[list[Any], int]]:
    """The entries of the events of each of ``kinds`` a trace tells, each the first time it
    is met, in order: the first ``cap`` of them, and how many there are (a block of the
    trace read in the steps its events new to the reader take, up to ``cap``)."""
    seen: set[Mark] = set()
    met: set[int] = set()  # the events met already, by identity (the trace holds them)
    blocks: list[Replayed] = []
    kept: dict[str, list[Any]] = {kind: [] for kind in kinds}
    total = dict.fromkeys(kinds, 0)
    for event in trace:
        if type(event) is Replayed:
            for kind in kinds:
                if any(event.same(block) for block in blocks):
                    break
                new = event.count(kind) - _covered(event, kind, seen, blocks)
                found, listed = 0, kept[kind]
                if new and len(listed) < cap:
                    for mark, told in event.events(kind):
                        if mark in seen or any(block.has(mark) for block in blocks):
                            continue
                        listed.append(told[1])
                        found += 1
                        if found == new or len(listed) >= cap:
                            break
                total[kind] += new
            blocks.append(event)
            continue
        if id(event) in met:  # one event traced again (an amount converted once, read
            continue  # by many terms): told already, or found told already
        met.add(id(event))
        mark = event_mark(event)
        if mark in seen or any(block.has(mark) for block in blocks):
            continue
        seen.add(mark)
        what, entry = event
        if what in total:
            total[what] += 1
            if len(kept[what]) < cap:
                kept[what].append(entry)
    return {kind: (kept[kind], total[kind]) for kind in kinds}


def events_of(trace: Iterable[Any], kind: str) -> Iterator[tuple[str, Any]]:
    """The events of ``kind`` a trace tells, in order (a block's each once)."""
    for event in trace:
        if type(event) is Replayed:
            for _, told in event.events(kind):
                yield told
        elif event[0] == kind:
            yield event


def first_events(trace: Iterable[Any]) -> list[tuple[str, Any]]:
    """Every event a trace tells, each the first time it is met, in order (blocks unwrapped:
    as many steps as events)."""
    seen: set[Mark] = set()
    out = []
    for event in trace:
        told = event.events() if type(event) is Replayed else ((event_mark(event), event),)
        for mark, one in told:
            if mark not in seen:
                seen.add(mark)
                out.append(one)
    return out


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


def as_block(recorded: Iterable[Any]) -> Replayed:
    """``recorded`` (what a term worked out once an evaluation traced) as one block that
    every trace reading the term is told (:class:`Replayed`): its events marked once (each
    its first time, in order), not once for each trace; a reader of a trace reads a block
    in the steps its events new to the reader take (:func:`told_once`). Attack 34: a sum
    of 10,000 lines in ten currencies compared for each of 1,000 visitors, each of its
    9,000 conversions marked again for each visitor's finding (35 s)."""
    entries: list[Entry4] = []
    told: set[Mark] = set()
    for event in recorded:
        for mark, one in _unwrapped(event):
            if mark not in told:
                told.add(mark)
                entries.append(((len(entries), 0), len(entries), mark, one))
    return Replayed(_Shared(entries), len(entries), frozenset(), [])


def _unwrapped(event: Any) -> list[tuple[Mark, Any]]:
    """A traced event as marked events: those of a block (each once), or itself."""
    if type(event) is Replayed:
        return list(event.events())
    mark = event_mark(event)
    return [(mark, _Told(event, mark))]


def _judged(tests: Sequence[Test], element: Any, env: Any
            ) -> tuple[bool, Unknown | None]:
    """Whether no test of ``tests`` fails on ``element`` (as ``all`` judges: one that fails
    decides), and the first that could not be judged or met a figure too large (placed by
    the caller: :func:`_placed`)."""
    unknown = None
    for test in tests:
        try:
            if not test(element, env):
                return False, unknown
        except UNDECIDED as error:
            unknown = unknown or error
    return True, unknown


def _placed(error: Unknown | None, position: int,
            located: Callable[[TooLargeError, int], TooLargeError]) -> Unknown | None:
    """``error`` (what an item's tests could not judge), a figure too large placed at the
    item at ``position`` (``located``)."""
    if isinstance(error, TooLargeError):
        return located(error, position)
    return error


def _passes(tests: Sequence[Test], quick: Test | None, element: Any, env: Any
            ) -> tuple[bool, Unknown | None]:
    """:func:`_judged`, the one test ``quick`` (when ``tests`` hold only it) called as it
    is: what it cannot judge is what :func:`_judged` would say, without judging the item
    twice (session 40: it was judged again)."""
    if quick is None:
        return _judged(tests, element, env)
    try:
        return bool(quick(element, env)), None
    except UNDECIDED as error:  # what judging it again alone would say: never judged twice
        return True, error


def build_index(elements: Iterable[Any], key: Callable[[Any], Any], before: Sequence[Test],
                after: Sequence[Test], located: Callable[[TooLargeError, int], TooLargeError],
                env: Any = None, pending: bool = False) -> Index:
    """The index of ``elements`` by ``key`` (None: the item has no key and never matches),
    judged by the filter's tests written ``before`` and ``after`` the key's comparison (each
    called with the item and ``env``); ``located`` places a figure too large at the item's
    position. What the tests trace is kept with their item, in the index (module
    docstring), never in ``env``'s trace. ``pending`` (with no test ``after``): every item
    with a key the tests before it do not leave out is kept for the tests after the key
    that read the outer item, judged per outer item (:meth:`Index.walk`)."""
    index = Index()
    traced = index.traced
    if env is not None:  # (the generated decision traces nothing: no environment)
        env = {**env, TRACE: traced}
    groups = index.groups
    firsts_kept = index.firsts_kept
    # one test alone is called as it is: only if it cannot be judged is it judged again
    quick_before = before[0] if len(before) == 1 else None
    quick_after = after[0] if len(after) == 1 else None
    unknown: Unknown | None
    later: Unknown | None
    for position, element in enumerate(elements):
        unknown = None
        if before:
            start = len(traced)
            passed, unknown = _passes(before, quick_before, element, env)
            unknown = _placed(unknown, position, located)
            if len(traced) > start:
                index._traced(position, start)
            if not passed:
                continue
        value = key(element)
        if value is None:  # an item's missing value never matches
            continue
        if pending:
            waiting = (position, element, unknown)
            groups.setdefault(value, _Group()).pending.append(waiting)
            continue
        if after:
            start = len(traced)
            passed, later = _passes(after, quick_after, element, env)
            if len(traced) > start:
                index._traced(position, start, value, True)
            if not passed:
                continue
            unknown = unknown or _placed(later, position, located)
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
    except UNDECIDED:
        return index()


def exists_in(found: set[Any] | Index, target: Any, cmp: str) -> bool:
    """Whether some item's key matches ``target`` (``key cmp target``; a missing target
    matches no key), in what :func:`keys_or_index` read."""
    if isinstance(found, Index):
        return found.exists(target, cmp)
    if target is None:
        return False
    if cmp == "!=":  # some item's key is another than the target's
        return len(found) > (target in found)
    return target in found
