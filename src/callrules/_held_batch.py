"""The batch a replay was given last, held for the next record of the same batch.

Records of one batch replayed one after another (:func:`callrules.replay` with ``batch=``,
``callrules replay --batch``) read their batch and check it once: the batch is held as the
very object given (a list or tuple, item for item the same objects; an iterator, such as a
generator, which holds nothing when read again) with its applications as read, and one
check of it (the last call, as it stands, only). One batch a process: a batch of another
object replaces it. Held under a lock (never held while a batch is read: an iterator is
read by one thread alone, under a lock of its own), replaced whole and looked up by the
very object: two threads replaying two batches only read or check one again, never answer
for the other.
A list or tuple of applications that can be changed in place (mappings) is held with a
copy of them, compared with them whenever the batch is given again: an application changed
in place between two replays is read and checked again (rpl72: not seen before); one of
texts alone (as the command line reads a file) is told by its identity.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from callrules._sourced import Sourced

__all__ = ["held_check", "held_index", "held_inputs", "hold_check"]


@dataclass
class _Held:
    """A batch given (``given``, its items' ids ``items``), its applications as read
    (``inputs``) and its check by key (``checked``: one)."""

    given: Any
    items: tuple[int, ...]
    inputs: tuple[Any, ...]
    checked: dict[Hashable, Any] = field(default_factory=dict)
    index: Any = None
    #: A copy of the applications as given, compared with them when given again (None: told
    #: by identity, texts alone; or the copy could not be made, never found again).
    copied: Any = None


_lock = threading.Lock()
#: The last batch given (none, or one).
_held: list[_Held] = []
#: The iterators being read, each by one thread (its lock), by their id: the iterator kept
#: with it, so that its id is no other object's meanwhile.
_gates: dict[int, tuple[Any, threading.Lock]] = {}


def held_inputs(batch: Iterable[Any],
                read: Callable[[Iterable[Any]], tuple[Any, ...]]) -> tuple[Any, ...]:
    """The applications of ``batch`` as ``read`` reads them: read once for a list or tuple
    given again (item for item the same objects) and for an iterator given again (look71y:
    a generator was spent after the first record); another iterable, read each time. A
    tuple of texts given again is told by its identity alone (its items cannot change: the
    command line's); a list, or a tuple of mappings, by its items and their values too,
    compared with a copy held (rpl72: a mapping changed in place was not seen)."""
    once = not isinstance(batch, (list, tuple)) and isinstance(batch, Iterator)
    if not once and not isinstance(batch, (list, tuple)):
        return read(batch)
    fixed = once or (isinstance(batch, tuple) and all(map(_fixed, batch)))
    items = () if fixed else tuple(map(id, batch))
    with _lock:
        found = _found(batch, items)
    if found is not None and (fixed or _same(found[1], batch)):
        return found[0]
    with _lock:
        gate = _gates.setdefault(id(batch), (batch, threading.Lock()))[1] if once else None
    if gate is None:  # (a list or tuple: read outside the lock, its items' own code run)
        return _hold(batch, items, read(batch), None if fixed else _copied(batch))
    # (an iterator: read by one thread alone, the others given what it read; never under
    # the lock, which every other batch needs meanwhile, nor while the caller's code runs)
    with gate:
        with _lock:
            found = _found(batch, items)
        if found is not None:
            return found[0]
        try:
            return _hold(batch, items, read(batch), None)
        finally:
            with _lock:
                if _gates.get(id(batch), (None, None))[1] is gate:
                    del _gates[id(batch)]


def _found(batch: Any, items: tuple[int, ...]) -> tuple[tuple[Any, ...], Any] | None:
    """The applications held for ``batch`` given again (under the lock), if any, with the
    copy of them held."""
    for held in _held:
        if held.given is batch and held.items == items:
            return held.inputs, held.copied
    return None


def _fixed(item: Any) -> bool:
    """Whether ``item`` cannot be changed in place: a text (or a record of a file holding
    one)."""
    return isinstance(item.data if isinstance(item, Sourced) else item, (str, bytes))


def _copied(batch: Any) -> Any:
    """A copy of ``batch``'s applications, as deep as they go; None when one cannot be
    copied (a value of the caller's that refuses it: the batch is then read again each
    time)."""
    try:  # (pickled and read back: a deep copy, made in C)
        return pickle.loads(pickle.dumps(list(batch), pickle.HIGHEST_PROTOCOL))
    except (TypeError, AttributeError, ValueError, RecursionError, pickle.PicklingError):
        return None


def _same(copied: Any, batch: Any) -> bool:
    """Whether ``batch`` holds the applications ``copied`` held, unchanged."""
    return copied is not None and bool(copied == list(batch))


def _hold(batch: Any, items: tuple[int, ...], inputs: tuple[Any, ...], copied: Any
          ) -> tuple[Any, ...]:
    """Hold ``inputs``, read from ``batch``, in place of the batch held before."""
    with _lock:
        _held[:] = [_Held(batch, items, inputs, copied=copied)]
    return inputs


def held_check(inputs: tuple[Any, ...], key: Hashable) -> Any | None:
    """The check held for the batch read as ``inputs`` (the very tuple) under ``key``."""
    with _lock:
        for held in _held:
            if held.inputs is inputs:
                return held.checked.get(key)
    return None


def hold_check(inputs: tuple[Any, ...], key: Hashable, checked: Any) -> None:
    """Hold ``checked`` for the batch read as ``inputs`` under ``key`` (in place of the
    check held before); nothing when that batch is no longer held."""
    with _lock:
        for held in _held:
            if held.inputs is inputs:
                held.checked = {key: checked}


def held_index(inputs: tuple[Any, ...], build: Callable[[tuple[Any, ...]], Any]) -> Any:
    """``build(inputs)``, worked out once for the batch read as ``inputs`` while it is held
    (an index of its applications, so that each record of the batch finds its own in
    constant time, never by reading the whole batch again); built outside the lock."""
    with _lock:
        for held in _held:
            if held.inputs is inputs and held.index is not None:
                return held.index
    index = build(inputs)
    with _lock:
        for held in _held:
            if held.inputs is inputs:
                held.index = index
    return index
