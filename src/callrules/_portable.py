"""Value objects that copy and pickle: results a caller keeps (a plan, a selection, their
lines and entries, a call's clauses) hold read-only mappings (``MappingProxyType``), which
neither :mod:`copy` nor :mod:`pickle` can take. :func:`portable` gives a frozen dataclass
the protocol: a shallow copy is the object itself (it is immutable); a deep copy and a
pickle (a process pool, Dask, a cache of results) hold each read-only mapping as a
:class:`ReadOnly`, the library's one read-only dict, read back as the ``MappingProxyType``
it was (an earlier version of the library reads it as a dict).

No global registration: the reducer of the stdlib's ``MappingProxyType`` is left as it is,
only the library's own objects say how they travel.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType
from typing import Any, NoReturn, TypeVar

__all__ = ["ReadOnly", "own_state", "plain", "portable", "read_only"]

T = TypeVar("T", bound=type)


class ReadOnly(dict[Any, Any]):
    """A mapping whose items cannot be changed once it is made: the library's one read-only
    mapping that is a dict (a finding's ``ctx``; what a pickle holds for a
    ``MappingProxyType``). ``json.dumps`` writes it as a dict, it equals a dict of the same
    items, ``dict(m)`` and ``{**m}`` copy it; every write raises :class:`TypeError`, as a
    frozen dataclass's assignment does, ``m.__init__(…)`` too (it is filled when made,
    never after). A copy, a deep copy and a pickle are read-only too; a pickle names it
    with its items only, which an earlier version of the library reads (as its own
    ``ReadOnly``, a dict). (A finding's ``ctx`` edited in a notebook changed the words of
    its message, its batch's rows, HTML and JSON: att62.)"""

    __slots__ = ()

    def __new__(cls, items: Any = (), /) -> ReadOnly:
        made = super().__new__(cls)
        dict.__init__(made, items)  # (filled here, once)
        return made

    def __init__(self, *args: object, **kwargs: object) -> None:
        """Nothing: made whole by ``__new__`` (``m.__init__({…})`` changes nothing)."""

    def _refused(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("this mapping is read-only (a finding's values, ctx, among them): "
                        "change a copy, dict(mapping), and make another finding with "
                        "dataclasses.replace(finding, ctx={...})")

    __setitem__ = __delitem__ = __ior__ = _refused
    update = pop = popitem = setdefault = clear = _refused

    def __reduce__(self) -> tuple[type[ReadOnly], tuple[dict[Any, Any]]]:
        return (ReadOnly, (dict(self),))  # (made whole, never filled)

    def __copy__(self) -> ReadOnly:
        return self  # (it cannot change: a copy is itself)

    def copy(self) -> dict[Any, Any]:
        """A plain dict of the same items, to change (as ``dict(m)``)."""
        return dict(self)


def read_only(mapping: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    """``mapping`` read only: what a pickle of an earlier version of the library names for
    a ``MappingProxyType`` (read back as one)."""
    return MappingProxyType(mapping)


def plain(value: Any) -> Any:
    """``value`` with every read-only mapping it holds (in tuples, lists, dicts and other
    read-only mappings) as a :class:`ReadOnly`, which pickles (read back as the mapping it
    was, :func:`_restore`); other values as they are (they say themselves how they
    pickle)."""
    return _turned(value, MappingProxyType, ReadOnly)


def _turned(value: Any, kind_from: type, make: Any) -> Any:
    """``value`` with each mapping of ``kind_from`` it holds (in tuples, lists, dicts and
    other such mappings) made again by ``make``: :func:`plain` and :func:`_restore`, one
    walk read both ways."""
    kind = type(value)
    if kind is kind_from:
        return make({key: _turned(item, kind_from, make) for key, item in value.items()})
    if kind is tuple:
        return tuple(_turned(item, kind_from, make) for item in value)
    if kind is list:
        return [_turned(item, kind_from, make) for item in value]
    if kind is dict:
        return {key: _turned(item, kind_from, make) for key, item in value.items()}
    return value


def _state(self: Any) -> Any:
    """The state of a frozen dataclass, its read-only mappings as :class:`ReadOnly`."""
    values = [plain(getattr(self, f.name)) for f in dataclasses.fields(self)]
    if hasattr(self, "__dict__"):  # (no slots: the default state, read back by pickle)
        return {f.name: value for f, value in zip(dataclasses.fields(self), values,
                                                  strict=True)} | {
            key: plain(item) for key, item in vars(self).items()
            if key not in {f.name for f in dataclasses.fields(self)}}
    return values


def _restore(value: Any) -> Any:
    """``value`` as it was before :func:`plain`: each :class:`ReadOnly` in it a
    ``MappingProxyType`` again."""
    return _turned(value, ReadOnly, MappingProxyType)


def _set_state(self: Any, state: Any) -> None:
    """A frozen dataclass read back from :func:`_state`, its read-only mappings again."""
    fields = dataclasses.fields(self)
    # a state of fewer values, pickled by a version before the fields past them were added
    # (each with its default: ``ScoreRow.written``), reads back with those defaults
    later = [f.default for f in fields[len(state):]] if not isinstance(state, dict) \
        and all(f.default is not dataclasses.MISSING for f in fields[len(state):]) else []
    items = state.items() if isinstance(state, dict) else zip(
        (f.name for f in fields), [*state, *later], strict=True)
    for name, value in items:
        object.__setattr__(self, name, _restore(value))


def _copy(self: T) -> T:
    return self


def portable(cls: T) -> T:
    """``cls`` (a frozen dataclass, immutable) copying as itself, and deep-copying and
    pickling with its read-only mappings (read-only again in the copy): apply it above
    ``@dataclass``."""
    setattr(cls, "__copy__", _copy)  # noqa: B010
    setattr(cls, "__getstate__", _state)  # noqa: B010  (a method of every class it marks)
    setattr(cls, "__setstate__", _set_state)  # noqa: B010
    return cls


def own_state(cls: T) -> T:
    """``cls`` (a frozen dataclass with slots) pickling and copying by its own state methods,
    kept in its body as ``_own_getstate`` and ``_own_setstate``: the ``dataclass(slots=True)``
    of Python 3.11's early releases (3.11.2, Debian 12's, does; 3.11.7 does not) puts its
    own in place of a frozen class's, and a finding or a report pickled there lost its
    read-only context and read an earlier version's pickle wrongly. Apply it above
    ``@dataclass``."""
    for name in ("getstate", "setstate"):
        own = cls.__dict__.get(f"_own_{name}")
        if own is not None:
            setattr(cls, f"__{name}__", own)
    return cls
