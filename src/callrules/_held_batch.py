"""The batch a replay was given last, held for the next record of the same batch.

Records of one batch replayed one after another (:func:`callrules.replay` with ``batch=``,
``callrules replay --batch``) read their batch and check it once: the batch is held as the
very object given (a list or tuple, item for item the same objects; an iterator, such as a
generator, which holds nothing when read again) with its applications as read, and one
check of it for each of the last versions of a call it was checked against (up to
:data:`CHECKS`, the oldest let go first: records alternating across an amendment check it
once a version, never once a switch, rpmend72). The batches given last are held, the one
given longest ago let go first, while they take at most :data:`MEMORY` (64 MiB) together,
the last one given whatever its size (the batch being replayed: its records read and check
it once, however large): what is held is bounded by memory, never by the batches' count
(batches replayed at once, by threads or interleaved, each read and checked once while they
fit: rplmend75, att81 F2, one batch held a process made each switch read and check the
other again, quadratic; rpl76, four held, five batches in turn were again; rplmend76, 64
held, 65 were), nor by the applications' count (att85 F1: 200,000 applications, whatever
their size, held 12 MB a batch of one application of 10,000 budget lines, 8,000 such
batches allowed). A batch is weighed once, when it is held (never at each replay): the
applications the module alone holds (read from an iterator, or parsed from a record's text
given in a list or tuple) by their size (:func:`weight_of`: a walk of their dictionaries,
lists and texts, each counted once in the batch, stopped past the bound); an application
of a list or tuple given as the caller's own object (a mapping, a text) not at all, the
caller keeping it alive whether held or not (look77h F2: 20 kept batches of one
application of 10,000 budget lines, each read again at each round, CPU +30 %, the memory
the same; heldmend77); :data:`PLACE_BYTES` an application and :data:`BATCH_BYTES` for its
readings, and each check held its own weight (about 620 bytes a batch finding). Only beyond
that memory (batches replayed in turn whose own readings take more than 64 MiB together: a
batch of one application the caller gave takes about 2.3 KB; one of a record's text, about
14 KB) is a batch replayed in turn with others read and checked again for each record;
batches replayed one after the other never are. A batch held keeps alive the list or tuple
given (its items' ids are known again only while they are theirs: 8 bytes an application)
and the applications read from it (its index finds them again, and tells one changed in
place); a batch the caller let go, which nothing can give again, is let go at the next
sweep of the batches held (on CPython, told by its reference count; elsewhere, it stays
within the bound until others push it out), when a batch is held and those held since the
last sweep weigh :data:`SWEEP_BYTES` (128 bytes) for each batch held: at once for a batch
of a large application, or beside a few others; otherwise after at most an eighth as many
batches as are held (a batch weighs 1 KiB at least; a tenth for batches of one mapping).
Holding a batch so counts a few references on average, however many are held (att88 F4:
each batch held counted them all, 3.7 ms a batch at 40,000 held, quadratic).
Held under a lock (never held while a batch is read: an iterator is read by one thread
alone, under a lock of its own), replaced whole and looked up by the very object (in
constant time, however many are held): two threads replaying two batches only read or
check one again, never answer for the other.
The batch is known again by the very list or tuple and its very items, never by their
values: an application changed in place, or a list edited in place item for item alike, is
not seen; to be read again, a batch is given anew (a new list). (Comparing values would run
the caller's code, copy the batch whole and check it again at each replay: rpmend72.)
A list given again is told by its items' ids, taken again at each replay (about 1.4 ms a
record at 20,000 applications, 25 ms at 200,000: look76r F6), since a list can be edited in
place between two records and no cheaper look sees every edit; a tuple, which cannot be,
is told by its identity alone: give a long batch as a tuple.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from callrules._sourced import Sourced

__all__ = ["checked_once", "forget_readings", "held_check", "held_index", "held_inputs",
           "hold_check"]


@dataclass
class _HeldBatch:
    """A batch given (``given``, its items' ids ``items``), its applications as read
    (``inputs``), what they and the batch's readings take (``weight``, bytes: see
    :func:`weight_of`), its checks by key (``checked``: the last :data:`CHECKS`) and what
    they take (``checks``, bytes, by key)."""

    given: Any
    items: tuple[int, ...]
    inputs: tuple[Any, ...]
    weight: int
    checked: dict[Hashable, Any] = field(default_factory=dict)
    checks: dict[Hashable, int] = field(default_factory=dict)
    index: Any = None


#: How many checks of the batch held are kept, one a version of a call (the last ones).
CHECKS = 8
#: The memory the batches held take together at most, in bytes (64 MiB): the applications
#: the module alone holds (:func:`weight_of`: read from an iterator, or from a record's text;
#: never the caller's own objects of a list or tuple given), their readings
#: (:data:`PLACE_BYTES` an application, :data:`BATCH_BYTES` a batch) and their checks
#: (their own weight, said when held); those given longest ago let go first; the one given
#: last apart (held whatever its size: the batch being replayed, its records read and
#: checked once). Before session 57, 200,000
#: applications, whatever their size (att85 F1: batches of one application of 10,000 budget
#: lines held 12 MB each, 8,000 allowed; 8,000 batches of one ordinary application, 136 MB).
MEMORY = 64 * 2**20
#: What a batch held takes beside its applications, their places and its checks (its entry,
#: the list given, its index's own objects). Measured (session 57): a batch of one ordinary
#: application (12.2 KB) held takes 2.0 KB beside it, its check 0.9 KB of them.
BATCH_BYTES = 1_024
#: What each application of a batch held takes beside itself: its place in the applications
#: as read and in the ids of the list given (an integer), and in the batch's index (its id's
#: entry, its digests as given and as the last forms read it). Measured (session 57): 158
#: bytes an application of its own id in the index, 17 a JSON text; 48 more in the tuples.
PLACE_BYTES = 256
#: What a check of a batch held weighs when its own weight is not said (:func:`hold_check`).
CHECK_BYTES = 1_024
#: The bytes counted for an object of the caller's that :func:`weight_of` does not walk (an
#: object of its own class, a mapping of its own: its size is not asked, which would run its
#: code).
OBJECT_BYTES = 256

_lock = threading.Lock()
#: The last batches given, by the id of the very object given (kept in it), the one given
#: longest ago first: found in constant time however many are held.
_held: dict[int, _HeldBatch] = {}
#: The same batches by the id of their applications as read (the very tuple, kept in them):
#: those read as one same tuple (two empty batches, both read as ``()``), the one given last
#: last, which the checks asked for those applications are booked to (heldmend77).
_by_inputs: dict[int, list[_HeldBatch]] = {}
#: What the batches held take together, in bytes (:data:`MEMORY`).
_weight = [0]
#: The iterators being read, each by one thread (its lock), by their id: the iterator kept
#: with it, so that its id is no other object's meanwhile.
_gates: dict[int, tuple[Any, threading.Lock]] = {}
#: What is being worked out for a batch held (its index, a check), by the batch's
#: applications and the key: one thread works it out, the others wait for it (rpl75: each of
#: the threads replaying a batch's first records checked and read the whole batch).
_building: dict[tuple[int, Hashable], tuple[Any, threading.Lock]] = {}


def held_inputs(batch: Iterable[Any],
                read: Callable[[Iterable[Any]], tuple[Any, ...]]) -> tuple[Any, ...]:
    """The applications of ``batch`` as ``read`` reads them: read once for a list or tuple
    given again (item for item the same objects) and for an iterator given again (look71y:
    a generator was spent after the first record); another iterable, read each time. A
    tuple given again is told by its identity alone (its items cannot change), a list by
    its items too: for a tuple, finding the batch held costs nothing however long it is."""
    once = not isinstance(batch, (list, tuple)) and isinstance(batch, Iterator)
    if not once and not isinstance(batch, (list, tuple)):
        return read(batch)
    items = () if once or isinstance(batch, tuple) else tuple(map(id, batch))
    with _lock:
        found = _found(batch, items)
        if found is not None:
            return found
        gate = _gates.setdefault(id(batch), (batch, threading.Lock()))[1] if once else None
    if gate is None:  # (a list or tuple: read outside the lock, its items' own code run)
        return _hold(batch, items, read(batch))
    # (an iterator: read by one thread alone, the others given what it read; never under
    # the lock, which every other batch needs meanwhile, nor while the caller's code runs)
    with gate:
        with _lock:
            found = _found(batch, items)
        if found is not None:
            return found
        try:
            return _hold(batch, items, read(batch))
        finally:
            with _lock:
                if _gates.get(id(batch), (None, None))[1] is gate:
                    del _gates[id(batch)]


def _found(batch: Any, items: tuple[int, ...]) -> tuple[Any, ...] | None:
    """The applications held for ``batch`` given again (under the lock), if any."""
    held = _held.get(id(batch))
    if held is not None and held.given is batch and held.items == items:
        _held[id(batch)] = _held.pop(id(batch))  # (given again: the last let go)
        _own(held)
        return held.inputs
    return None


def _hold(batch: Any, items: tuple[int, ...], inputs: tuple[Any, ...]) -> tuple[Any, ...]:
    """Hold ``inputs``, read from ``batch``, beside the batches held (in place of the one
    of that very object, if any), weighed once (outside the lock, up to :data:`MEMORY`: the
    applications the module alone holds by :func:`weight_of`, one ``seen`` for the batch, the
    caller's own by their places alone); those given longest ago let go while the batches
    held take more than :data:`MEMORY`; those no one else holds let go at a sweep
    (:func:`_let_go_unreachable`, once the batches held since it last ran weigh
    :data:`SWEEP_BYTES` for each batch held)."""
    weight, seen = BATCH_BYTES + PLACE_BYTES * len(inputs), set[int]()
    given = (list.__iter__(batch) if isinstance(batch, list) else tuple.__iter__(batch)
             if isinstance(batch, tuple) else None)
    for one in inputs:  # (past the bound, the rest unweighed: held only while it is the last)
        if weight > MEMORY:
            break
        item = next(given, None) if given is not None else None
        if given is None or (one is not item and _a_text(item)):  # (the module's own: read
            weight += weight_of(one, MEMORY - weight, seen)  # from an iterator, or parsed
            # from a record's text; an application of the list or tuple given is the
            # caller's, kept alive by it whether held or not: look77h F2, heldmend77)
    with _lock:
        _let_go(id(batch))
        _swept[0] += weight
        if _swept[0] >= SWEEP_BYTES * len(_held):  # (amortised: att88 F4)
            _swept[0] = 0
            _let_go_unreachable()
        held = _held[id(batch)] = _HeldBatch(batch, items, inputs, weight)
        _own(held)
        _weight[0] += weight
        _within()
    return inputs


def _a_text(item: Any) -> bool:
    """Whether ``item``, given in a list or tuple, is a text (a record's, read into an
    application the module alone holds), a :class:`~callrules._sourced.Sourced` one too."""
    if issubclass(type(item), Sourced):  # (its type as read: no code of the caller's run)
        item = item.data
    return issubclass(type(item), (str, bytes, bytearray))


#: How many references to an object given the batch held of it alone makes (``getrefcount``
#: counting its own argument too); None: the count unknown (another Python than CPython).
_OWN_REFERENCES = 2
_references: Callable[[Any], int] | None = getattr(sys, "getrefcount", None)
#: The bytes the batches held since the last sweep (:func:`_let_go_unreachable`) weigh
#: together, for each batch held, that bring the next sweep: a sweep asks the count of each
#: batch held, so holding a batch asks at most one count for each 128 bytes it weighs, on
#: average (at least 8 a batch: a batch weighs :data:`BATCH_BYTES` at least), however many
#: are held (att88 F4: a sweep at each batch held, 3.7 ms a batch at 40,000 held, the cost
#: of holding them all quadratic); a batch let go by the caller is let go at the next
#: sweep (meanwhile, within :data:`MEMORY`: the bound counts it as any other); the batches
#: held since the last sweep weigh at most 128 bytes for each batch held beside the last
#: one given, an eighth of :data:`MEMORY` (a batch held weighs 1 KiB at least).
SWEEP_BYTES = 128
#: What the batches held since the last sweep weigh together, in bytes (:data:`SWEEP_BYTES`).
_swept = [0]


def _let_go_unreachable() -> None:
    """Let go the batches held that no one else holds (under the lock): the list, tuple or
    iterator given, let go by the caller, can never be given again, so what is held of it
    serves no replay (att85 F1: batches of one large application, each let go after its
    replay, were all kept). Run when the batches held since it last ran weigh
    :data:`SWEEP_BYTES` for each batch held (never at each one: att88 F4). A count too low
    (a Python that borrows references) lets one go that is given again: read again, never
    another batch's."""
    if _references is None:
        return
    count = _references
    for key in [key for key, held in _held.items() if count(held.given) <= _OWN_REFERENCES]:
        _let_go(key)


def _within() -> None:
    """Let go the batches given longest ago while those held take more than :data:`MEMORY`,
    the one given last apart (under the lock)."""
    while len(_held) > 1 and _weight[0] > MEMORY:
        _let_go(next(iter(_held)))


def _let_go(key: int) -> None:
    """Let go the batch held under ``key``, if any (under the lock)."""
    held = _held.pop(key, None)
    if held is not None:
        _weight[0] -= held.weight + sum(held.checks.values())
        alike = _by_inputs.get(id(held.inputs), [])
        if held in alike:
            alike[:] = [one for one in alike if one is not held]
            if not alike:
                del _by_inputs[id(held.inputs)]


def _own(held: _HeldBatch) -> None:
    """Make ``held``, given last, the batch its applications as read name (under the lock):
    the checks then asked for them are booked to it, never to another batch read as the
    same tuple (look77h F1: two empty batches, both ``()``, the check of one booked to the
    other, and the wrong one let go)."""
    alike = [one for one in _by_inputs.get(id(held.inputs), []) if one is not held]
    _by_inputs[id(held.inputs)] = [*alike, held]


#: The kinds :func:`weight_of` asks the size of (the library's own code: never the caller's).
_SIZED = frozenset((str, bytes, bytearray, int, float, bool, Decimal, type(None)))


def weight_of(application: Any, most: int, seen: set[int] | None = None) -> int:
    """About the bytes an application given takes in memory (its objects: dictionaries,
    lists, tuples, texts, numbers, each container counted once, in the application and in
    those weighed before it with the same ``seen`` (a batch's: heldmend77), its keys apart,
    which are mostly texts shared by the applications read from one file), up to a little
    more than ``most`` (past it, its weight no longer matters: the walk stops, inside a
    container too, the item that passed it counted last). A :class:`~callrules._sourced.Sourced`
    record counts as its data; any other object of the caller's counts
    :data:`OBJECT_BYTES`, its own code never run: each object is told by its type as read
    (never ``isinstance``, which asks a proxy its ``__class__``: reread77 F2, a proxy's
    ``ValueError`` out of a replay). Worked out once for a batch held (never at each
    replay), in about the time ``json.loads`` takes to read the application (measured,
    session 57: 0.2 ms an application of the bundled examples, 0.2 s one of 10,000 budget
    lines, against 24 ms and 2.6 s to replay its record in a batch of one).

    >>> weight_of("x" * 1_000, 10**6) > 1_000
    True
    >>> weight_of({"lines": [{"label": "x" * 1_000}] * 3}, 10**6) < 2 * 1_000
    True
    """
    left, size = [application], 0
    seen = set() if seen is None else seen
    push, mark = left.append, seen.add
    try:
        while left and size <= most:
            one = left.pop()
            kind = type(one)
            if kind in _SIZED:
                size += sys.getsizeof(one)
                continue
            if not issubclass(kind, (dict, list, tuple)) or issubclass(kind, Sourced):
                size += OBJECT_BYTES
                if issubclass(kind, Sourced):
                    push(one.data)
                continue
            if id(one) in seen:
                continue
            mark(id(one))
            size += sys.getsizeof(one) if kind in (dict, list, tuple) else OBJECT_BYTES
            for item in (dict.values(one) if issubclass(kind, dict)  # (their own kind's code
                         else list.__iter__(one) if issubclass(kind, list)  # alone)
                         else tuple.__iter__(one)):
                if type(item) in _SIZED:  # (a text, a number: counted at once)
                    size += sys.getsizeof(item)
                    if size > most:  # (past the bound: look77h F4, a flat list of 5M
                        break  # numbers walked whole)
                else:
                    push(item)
    except RuntimeError:  # (a dictionary changed in place by another thread meanwhile, the
        # walk's only error, as it runs no code of the caller's: reread77 F2)
        return most + 1  # (weighed as too large, held only while it is the last given)
    return size


def _held_for(inputs: tuple[Any, ...]) -> _HeldBatch | None:
    """The batch held whose applications were read as ``inputs`` (under the lock)."""
    alike = _by_inputs.get(id(inputs))
    return alike[-1] if alike and alike[-1].inputs is inputs else None


def held_check(inputs: tuple[Any, ...], key: Hashable) -> Any | None:
    """The check held for the batch read as ``inputs`` (the very tuple) under ``key``."""
    with _lock:
        held = _held_for(inputs)
        return None if held is None else held.checked.get(key)


def hold_check(inputs: tuple[Any, ...], key: Hashable, checked: Any,
               weight: int = CHECK_BYTES) -> None:
    """Hold ``checked``, which takes ``weight`` bytes, for the batch read as ``inputs`` under
    ``key``, beside the checks held under other keys (the last :data:`CHECKS`), counted
    with the batch against :data:`MEMORY` (the batches given longest ago let go for it);
    nothing when that batch is no longer held."""
    with _lock:
        held = _held_for(inputs)
        if held is not None:
            held.checked.pop(key, None)
            _weight[0] -= held.checks.pop(key, 0)
            held.checked[key], held.checks[key] = checked, weight
            _weight[0] += weight
            while len(held.checked) > CHECKS:  # (the oldest let go)
                oldest = next(iter(held.checked))
                del held.checked[oldest]
                _weight[0] -= held.checks.pop(oldest)
            _within()


def _once(inputs: tuple[Any, ...], key: Hashable, held: Callable[[], Any],
          build: Callable[[], Any], hold: Callable[[Any], None]) -> Any:
    """``held()`` if it is not None, else ``build()`` held by ``hold``: by one thread for
    the batch read as ``inputs`` and ``key``, the others asking meanwhile waiting for it and
    given what it built (built outside the lock that every batch needs)."""
    found = held()
    if found is not None:
        return found
    with _lock:
        gate = _building.setdefault((id(inputs), key), (inputs, threading.Lock()))[1]
    try:
        with gate:
            found = held()
            if found is None:
                found = build()
                hold(found)
            return found
    finally:
        with _lock:
            if _building.get((id(inputs), key), (None, None))[1] is gate:
                del _building[id(inputs), key]


def checked_once(inputs: tuple[Any, ...], key: Hashable, check: Callable[[], Any],
                 weigh: Callable[[Any], int] = lambda _: CHECK_BYTES) -> Any:
    """The check held for the batch read as ``inputs`` under ``key``, else ``check()``, held
    (:func:`hold_check`, taking ``weigh(check)`` bytes): by one thread, the others replaying
    meanwhile waiting for it."""
    return _once(inputs, ("check", key), lambda: held_check(inputs, key), check,
                 lambda checked: hold_check(inputs, key, checked, weigh(checked)))


def forget_readings(inputs: tuple[Any, ...]) -> None:
    """Let go the index and the checks held for the batch read as ``inputs`` (one of its
    applications was found changed in place since): the next ask reads and checks it again,
    as it is now (its applications are held as the very objects given)."""
    with _lock:
        held = _held_for(inputs)
        if held is not None:
            held.index = None
            held.checked.clear()
            _weight[0] -= sum(held.checks.values())
            held.checks.clear()


def held_index(inputs: tuple[Any, ...], build: Callable[[tuple[Any, ...]], Any]) -> Any:
    """``build(inputs)``, worked out once for the batch read as ``inputs`` while it is held
    (an index of its applications, so that each record of the batch finds its own in
    constant time, never by reading the whole batch again); built outside the lock, by one
    thread, the others waiting for it."""
    def held() -> Any:
        with _lock:
            one = _held_for(inputs)
            return None if one is None else one.index

    def hold(index: Any) -> None:
        with _lock:
            one = _held_for(inputs)
            if one is not None:
                one.index = index

    return _once(inputs, "index", held, lambda: build(inputs), hold)
