"""A batch's index: where a decision record's application is in the batch it is replayed
against (:func:`places_in`), each application read once for all the records of the batch.

The index of a batch held (:mod:`callrules._held_batch`) holds, for each application, the
first 64 bits of its digest, as given and as each of the last calls' forms read it (the
values as the library compares them, :func:`_as_compared`: any spelling read alike, one
digest), in arrays of a few bytes an application; every place found is read again and
compared whole, so two applications of one short digest cost a read, never a wrong place;
an application changed in place since it was read is seen (:class:`ChangedInPlace`) when
the record's is not found. Replaying each record of a batch is linear in the batch, never
quadratic (att78; rpl75: 307.5 → 17.2 bytes an application). Moved from
:mod:`callrules._record` (rpl76), behaviour unchanged.
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from contextlib import suppress
from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel

from callrules._call import Call
from callrules._held_batch import held_index
from callrules._json_numbers import number_text
from callrules._money import Money
from callrules._seal import digest
from callrules._sourced import Sourced
from callrules.exceptions import InputError

__all__ = ["ChangedInPlace", "as_given", "given_digest", "places_in", "read_digest",
           "recorded_digest"]


def as_given(item: Any) -> Any:
    """An application of a batch as given: a :class:`~callrules._sourced.Sourced` record's data."""
    return item.data if isinstance(item, Sourced) else item


class ChangedInPlace(Exception):
    """An application of a batch held is no longer what its readings held say (changed in
    place since they were made): the batch is to be read again."""


def places_in(call: Call, inputs: tuple[Any, ...], data: Mapping[str, Any],
              input_digest: str, *, key: str, look_again: bool = True,
              read_alike: bool = False) -> list[int]:
    """Where the record's application is in ``inputs``: each place whose input is the
    record's as given (told by the application's id first), else as the call's form reads
    it; none, an empty list (``read_alike``: each place read alike, whatever the places
    given as the record's: a record's copies counted as its writer counted them, session
    58). Only the places of the record's id are read for each record,
    found in the batch's index (:class:`_BatchIndex`, built once while the batch is held);
    those of no id and those that are no mapping (a JSON text, as ``callrules replay
    --batch`` reads a file of JSON Lines) are each read by the call's form once, into an
    index by their digest as read: replaying each record of a batch is linear in the
    batch, never quadratic (att78: each record read the whole batch of texts again).
    None found (``look_again``): the places that could be the record's and may have changed
    in place since they were read (a mapping, not a text) are read again, and one changed
    raises :class:`ChangedInPlace` (its readings held are stale: an application changed
    and put back was never found again, look74b)."""
    index: _BatchIndex = held_index(inputs, _indexed)
    own = data.get("id")
    try:
        named = index.by_id.get(own, [])
    except TypeError:  # (an id no mapping key can be: no application's)
        named = []
    short = _short(input_digest)
    # (each place found by a digest held is read again before it is used: an application
    # changed in place since is never taken for the record's, rpbmend74)
    places = [at for at in named if index.given(inputs, at) == short
              and given_digest(inputs[at]) == input_digest]
    if places and not read_alike:
        return places
    # (another application, by its id, passed over: those of the record's id, of none, and
    # the inputs that are no mapping, in the batch's order, each as the form reads it: any
    # spelling it reads alike, rpl75)
    read = index.read_by(key)  # (``call``'s digest: its form's readings)
    reading = read_digest(call, data)
    short = _short(reading)
    found = {at for at in named if read.digest(call, inputs, at) == short}
    found.update(read.loose(call, inputs, index.loose, short))
    places = [at for at in sorted(found)
              if reading is not None and read.reading(call, inputs[at]) == reading]
    if not places and look_again and any(
            index.stale(inputs, at) or read.stale(call, inputs, at)
            for at in [*named, *index.loose] if _may_change(inputs[at])):
        raise ChangedInPlace
    return places


def _may_change(given: Any) -> bool:
    """Whether the application ``given`` may be changed in place (a mapping, a list: not a
    text, which cannot)."""
    return not isinstance(as_given(given), (str, bytes))


def given_digest(given: Any) -> str | None:
    """The digest of the application ``given`` as given (None: it has none)."""
    try:
        return digest(as_given(given))
    except (TypeError, ValueError, RecursionError):
        return None


def read_digest(call: Call, given: Any) -> str | None:
    """The digest of the application ``given`` as ``call``'s form reads it (None: refused):
    its values as the library compares them (:func:`_as_compared`: an amount by its value,
    ``250.0`` as ``250.00``; an instant by the instant, whatever its offset), so that any
    spelling of it the library reads alike has one (rpl75: a batch whose amounts or
    instants were written otherwise did not hold the record's application)."""
    try:
        return _read_of(call, as_given(given))
    except (InputError, TypeError, ValueError, RecursionError):
        return None


def _read_of(call: Call, value: Any) -> str | None:
    """:func:`read_digest` of an application already taken as given (``value``)."""
    try:
        return digest(_as_compared(call.parse(value)))
    except (InputError, TypeError, ValueError, RecursionError):
        return None


def recorded_digest(call: Call, given: Any) -> str | None:
    """The digest of the application ``given`` as a decision record holds its input (its
    ``input_digest``: read by ``call``'s form, written back as JSON, each value as written,
    an instant with its offset), None where it is refused: the record's own input, told
    from a copy written otherwise (rplmend78: a copy of the same instant at another offset,
    found at a record's place in a batch given in another order, was taken for its own)."""
    try:
        return digest(call.parse(as_given(given)).model_dump(mode="json"))
    except (InputError, TypeError, ValueError, RecursionError):
        return None


def _as_compared(value: Any) -> Any:
    """An application as the form reads it (its model, walked: its fields' values) as JSON,
    each value as the library compares it: an amount and a decimal by their value
    (``250.0`` as ``250.00``), an aware instant in UTC, a set sorted, any other value as
    its text."""
    if isinstance(value, BaseModel):
        return {name: _as_compared(getattr(value, name)) for name in type(value).model_fields
                } | {str(name): _as_compared(item)
                     for name, item in (value.model_extra or {}).items()}
    if isinstance(value, Mapping):
        return {str(key): _as_compared(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_compared(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_as_compared(item) for item in value), key=repr)
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, Money):
        return {"money": number_text(value.amount), "currency": value.currency}
    if isinstance(value, Decimal):
        return {"decimal": number_text(value)}
    if isinstance(value, datetime):
        return {"instant": value.astimezone(UTC).isoformat() if value.tzinfo else
                value.isoformat()}
    if isinstance(value, Enum):
        return _as_compared(value.value)
    return {type(value).__name__: str(value)}


#: How many forms' readings of a batch held are kept (the last calls replayed against it).
_FORMS = 8
#: In a batch's readings, a place not read yet, and one with no digest (refused).
_UNREAD, _NONE = -(1 << 63), -(1 << 63) + 1


def _short(said: str | None) -> int:
    """A digest (``sha256:`` and 64 hexadecimal digits) as its first 64 bits, a signed
    integer (:data:`_NONE` for none): what a batch's readings hold of each application, 8
    bytes, to find its places; each place found is read again and compared whole (two
    applications of one short digest cost a read more, never a wrong place)."""
    if said is None:
        return _NONE
    key = int(said[7:23], 16) - (1 << 63)
    return key + 2 if key in (_UNREAD, _NONE) else key


def _unread(size: int) -> array[int]:
    """An array of ``size`` short digests, none read yet."""
    return array("q", [_UNREAD]) * size


#: How many applications' texts a batch's readings by one form hold (:meth:`_ReadBy.reading`,
#: about 200 bytes each: two digests as text).
_READINGS = 4096


class _ReadBy:
    """The applications of a batch as one form reads them (:meth:`Call.parse`), each read
    once: the places of the batch's loose applications (of no id, or no mapping) sorted by
    their short digest as read (:func:`_short`; two arrays, 16 bytes a place), built once,
    and the short digest of each other place read (8 bytes a place, made when one is; those
    of loose places that may change in place too: rpl75, 36 MB for a batch of 100,000
    texts, digests as text in dictionaries, kept for each of 8 calls). Kept by the digest
    of the call (:func:`callrules._record.call_digest`), as the batch's check is: a call
    loaded again for each record reads the batch once too; built by one thread, those
    replaying meanwhile waiting for it (rpl75: each read the whole batch)."""

    def __init__(self, key: str, size: int) -> None:
        self.key = key
        self._size = size
        self._digests: array[int] | None = None
        self._keys: array[int] | None = None
        self._places: array[int] | None = None
        self._readings: dict[str, str | None] = {}  # (each text as given, its reading)
        self._lock = threading.Lock()

    def _held(self) -> array[int]:
        if self._digests is None:
            self._digests = _unread(self._size)
        return self._digests

    def digest(self, call: Call, inputs: tuple[Any, ...], at: int) -> int:
        """The short digest of the application at ``at`` as ``call``'s form reads it
        (:data:`_NONE`: refused), read once."""
        held = self._held()
        if held[at] == _UNREAD:
            held[at] = _short(read_digest(call, inputs[at]))
        return held[at]

    def reading(self, call: Call, given: Any) -> str | None:
        """:func:`read_digest` of the application ``given``, read once for each text of it
        as given (told by :func:`given_digest`: a copy changed in place since is another
        text, read again, never a stale reading): each record of copies of one application
        parses every copy once, not each copy again for each record (rplmend78b: on 300
        copies, 90,000 parses). Up to :data:`_READINGS` texts held, then forgotten."""
        try:
            value = as_given(given)
            mine = digest(value)
        except (InputError, TypeError, ValueError, RecursionError):
            return read_digest(call, given)
        held = self._readings
        if mine not in held:
            if len(held) >= _READINGS:
                held.clear()
            held[mine] = _read_of(call, value)
        return held[mine]

    def stale(self, call: Call, inputs: tuple[Any, ...], at: int) -> bool:
        """Whether the application at ``at``, read before, now reads otherwise."""
        held = _UNREAD if self._digests is None else self._digests[at]
        return held != _UNREAD and held != _short(read_digest(call, inputs[at]))

    def loose(self, call: Call, inputs: tuple[Any, ...], places: Sequence[int],
              short: int) -> list[int]:
        """Of the ``places`` (those of no id, or no mapping), those of short digest
        ``short`` as read."""
        with self._lock:  # (read by one thread: the others wait for its reading)
            if self._keys is None:
                read = [(self.digest(call, inputs, at) if _may_change(inputs[at])
                         else _short(read_digest(call, inputs[at])), at) for at in places]
                read.sort()
                self._keys = array("q", (key for key, _ in read))
                self._places = array("q", (at for _, at in read))
        keys, at_of = self._keys, self._places
        assert at_of is not None
        found = []
        for n in range(bisect_left(keys, short), len(keys)):
            if keys[n] != short:
                break
            found.append(at_of[n])
        return found


class _BatchIndex:
    """A batch's index (:func:`_by_id`: ``by_id``), the places of its applications that any
    record may be at (``loose``: of no id, or no mapping; a range when they all are, as
    JSON texts), the short digest of each application as given (read once, :meth:`given`),
    and the batch as the forms of the last calls replayed against it read it
    (:class:`_ReadBy`, up to :data:`_FORMS`)."""

    def __init__(self, size: int, by_id: dict[Any, list[int]], unnamed: list[int]) -> None:
        self.size = size
        self.by_id = by_id
        loose = sorted({*by_id.get(None, ()), *unnamed})
        self.loose: Sequence[int] = range(size) if len(loose) == size else array("q", loose)
        self._given: array[int] | None = None
        self._reads: list[_ReadBy] = []
        self._lock = threading.Lock()

    def given(self, inputs: tuple[Any, ...], at: int) -> int:
        """The short digest of the application at ``at`` as given (:data:`_NONE`: it has
        none), read once (many applications of one id: each record reads them once, not
        each again)."""
        if self._given is None:
            self._given = _unread(self.size)
        if self._given[at] == _UNREAD:
            self._given[at] = _short(given_digest(inputs[at]))
        return self._given[at]

    def stale(self, inputs: tuple[Any, ...], at: int) -> bool:
        """Whether the application at ``at``, digested before, is now another as given."""
        held = _UNREAD if self._given is None else self._given[at]
        return held != _UNREAD and held != _short(given_digest(inputs[at]))

    def read_by(self, key: str) -> _ReadBy:
        """The batch as the form of the call of digest ``key`` reads it (the last few calls
        kept, by digest)."""
        with self._lock:
            for read in self._reads:
                if read.key == key:
                    return read
            read = _ReadBy(key, self.size)
            self._reads = [*self._reads, read][-_FORMS:]
            return read


def _by_id(inputs: tuple[Any, ...]) -> tuple[dict[Any, list[int]], list[int]]:
    """The places of ``inputs`` by the id of each that is a mapping (its ``id``, None when
    it has none), and the places of those that are not (a JSON text: its id unread); an id
    no dictionary can hold (a list, an object) names no application and is left out."""
    by_id: dict[Any, list[int]] = {}
    unnamed: list[int] = []
    for at, item in enumerate(inputs):
        value = as_given(item)
        if not isinstance(value, Mapping):
            unnamed.append(at)
            continue
        with suppress(TypeError):
            by_id.setdefault(value.get("id"), []).append(at)
    return by_id, unnamed


def _indexed(inputs: tuple[Any, ...]) -> _BatchIndex:
    """The index of the batch read as ``inputs`` (:class:`_BatchIndex`), built once while
    it is held."""
    return _BatchIndex(len(inputs), *_by_id(inputs))
