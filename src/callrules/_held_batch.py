"""The batch a replay was given last, held for the next record of the same batch.

Records of one batch replayed one after another (:func:`callrules.replay` with ``batch=``,
``callrules replay --batch``) read their batch and check it once: the batch is held as the
very object given (a list or tuple, item for item the same objects; an iterator, such as a
generator, which holds nothing when read again) with its applications as read, and one
check of it for each of the last versions of a call it was checked against (up to
:data:`CHECKS`, the oldest let go first: records alternating across an amendment check it
once a version, never once a switch, rpmend72). The batches given last are held, the one
given longest ago let go first, while they weigh at most :data:`APPLICATIONS` together
(each its applications and :data:`BATCH_WEIGHT`), the last one whatever its size: the
applications bound what is held, never the batches' count (batches replayed at once, by
threads or interleaved, each read and checked once however many they are: rplmend75, att81
F2, one batch held a process made each switch read and check the other again, quadratic;
rpl76, four held, five batches in turn were again; rplmend76, 64 held, 65 were). Only
beyond that weight (more than 200,000 applications held together, or 8,000 batches
of one application each) is a batch replayed in turn with others read and checked again
for each record; batches replayed one after the other never are. The memory: a batch's
readings take 17 to 100 bytes an application, its checks a report each; a batch held
weighs about 2 KB beside them (rplmend76: 2,000 batches of one application held 3.8 MB).
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

import threading
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["checked_once", "forget_readings", "held_check", "held_index", "held_inputs",
           "hold_check"]


@dataclass
class _HeldBatch:
    """A batch given (``given``, its items' ids ``items``), its applications as read
    (``inputs``) and its checks by key (``checked``: the last :data:`CHECKS`)."""

    given: Any
    items: tuple[int, ...]
    inputs: tuple[Any, ...]
    checked: dict[Hashable, Any] = field(default_factory=dict)
    index: Any = None


#: How many checks of the batch held are kept, one a version of a call (the last ones).
CHECKS = 8
#: How many applications the batches held hold together at most, each batch counted as its
#: applications and :data:`BATCH_WEIGHT` more; the last batch given apart (held whatever its
#: size, as a batch alone always was). The applications alone bound what is held, never the
#: batches' count (rplmend76, look76r F1: a count of 64 held made the records of 65 batches of
#: 20 replayed in turn read each batch again for each record, 43 reads an application).
APPLICATIONS = 200_000
#: What a batch held weighs beside its applications (its entry, its index and its checks
#: are there however small it is): batches of one application each are held up to
#: ``APPLICATIONS // (1 + BATCH_WEIGHT)`` (8,000) at once. Measured (rplmend76): a batch of
#: one application held takes about 2 KB, an application of a long batch about 90 bytes.
BATCH_WEIGHT = 24

_lock = threading.Lock()
#: The last batches given, by the id of the very object given (kept in it), the one given
#: longest ago first: found in constant time however many are held.
_held: dict[int, _HeldBatch] = {}
#: The same batches by the id of their applications as read (the very tuple, kept in them).
_by_inputs: dict[int, _HeldBatch] = {}
#: What the batches held weigh together (:data:`APPLICATIONS`).
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
        return held.inputs
    return None


def _hold(batch: Any, items: tuple[int, ...], inputs: tuple[Any, ...]) -> tuple[Any, ...]:
    """Hold ``inputs``, read from ``batch``, beside the batches held (in place of the one
    of that very object, if any); those given longest ago let go while the batches held
    weigh more than :data:`APPLICATIONS`."""
    with _lock:
        _let_go(id(batch))
        held = _held[id(batch)] = _HeldBatch(batch, items, inputs)
        _by_inputs[id(inputs)] = held
        _weight[0] += _weigh(held)
        while len(_held) > 1 and _weight[0] > APPLICATIONS:
            _let_go(next(iter(_held)))
    return inputs


def _weigh(held: _HeldBatch) -> int:
    """What ``held`` counts for against :data:`APPLICATIONS`."""
    return len(held.inputs) + BATCH_WEIGHT


def _let_go(key: int) -> None:
    """Let go the batch held under ``key``, if any (under the lock)."""
    held = _held.pop(key, None)
    if held is not None:
        _weight[0] -= _weigh(held)
        if _by_inputs.get(id(held.inputs)) is held:
            del _by_inputs[id(held.inputs)]


def _held_for(inputs: tuple[Any, ...]) -> _HeldBatch | None:
    """The batch held whose applications were read as ``inputs`` (under the lock)."""
    held = _by_inputs.get(id(inputs))
    return held if held is not None and held.inputs is inputs else None


def held_check(inputs: tuple[Any, ...], key: Hashable) -> Any | None:
    """The check held for the batch read as ``inputs`` (the very tuple) under ``key``."""
    with _lock:
        held = _held_for(inputs)
        return None if held is None else held.checked.get(key)


def hold_check(inputs: tuple[Any, ...], key: Hashable, checked: Any) -> None:
    """Hold ``checked`` for the batch read as ``inputs`` under ``key``, beside the checks
    held under other keys (the last :data:`CHECKS`); nothing when that batch is no longer
    held."""
    with _lock:
        held = _held_for(inputs)
        if held is not None:
            held.checked.pop(key, None)
            held.checked[key] = checked
            while len(held.checked) > CHECKS:  # (the oldest let go)
                del held.checked[next(iter(held.checked))]


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


def checked_once(inputs: tuple[Any, ...], key: Hashable, check: Callable[[], Any]) -> Any:
    """The check held for the batch read as ``inputs`` under ``key``, else ``check()``, held
    (:func:`hold_check`): by one thread, the others replaying meanwhile waiting for it."""
    return _once(inputs, ("check", key), lambda: held_check(inputs, key), check,
                 lambda checked: hold_check(inputs, key, checked))


def forget_readings(inputs: tuple[Any, ...]) -> None:
    """Let go the index and the checks held for the batch read as ``inputs`` (one of its
    applications was found changed in place since): the next ask reads and checks it again,
    as it is now (its applications are held as the very objects given)."""
    with _lock:
        held = _held_for(inputs)
        if held is not None:
            held.index = None
            held.checked.clear()


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
