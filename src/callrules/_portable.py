"""Value objects that copy and pickle: results a caller keeps (a plan, a selection, their
lines and entries, a call's clauses) hold read-only mappings (``MappingProxyType``), which
neither :mod:`copy` nor :mod:`pickle` can take. :func:`portable` gives a frozen dataclass
the protocol: a shallow copy is the object itself (it is immutable); a deep copy and a
pickle (a process pool, Dask, a cache of results) hold each read-only mapping as the plain
dict it shows, made read-only again when read back.

No global registration: the reducer of the stdlib's ``MappingProxyType`` is left as it is,
only the library's own objects say how they travel.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType
from typing import Any, TypeVar

__all__ = ["ReadOnly", "plain", "portable", "read_only"]

T = TypeVar("T", bound=type)


class ReadOnly(dict[Any, Any]):
    """A read-only mapping as a pickle holds it: read back, a ``MappingProxyType`` again."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, tuple[dict[Any, Any]]]:
        return (read_only, (dict(self),))


def read_only(mapping: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    """``mapping`` read only (a :class:`ReadOnly` read back)."""
    return MappingProxyType(mapping)


def plain(value: Any) -> Any:
    """``value`` with every read-only mapping it holds (in tuples, lists, dicts and other
    read-only mappings) as a :class:`ReadOnly`, which pickles; other values as they are
    (they say themselves how they pickle)."""
    kind = type(value)
    if kind is MappingProxyType:
        return ReadOnly({key: plain(item) for key, item in value.items()})
    if kind is tuple:
        return tuple(plain(item) for item in value)
    if kind is list:
        return [plain(item) for item in value]
    if kind is dict:
        return {key: plain(item) for key, item in value.items()}
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


def _copy(self: T) -> T:
    return self


def portable(cls: T) -> T:
    """``cls`` (a frozen dataclass, immutable) copying as itself, and deep-copying and
    pickling with its read-only mappings (read-only again in the copy): apply it above
    ``@dataclass``."""
    setattr(cls, "__copy__", _copy)  # noqa: B010
    setattr(cls, "__getstate__", _state)  # noqa: B010  (a method of every class it marks)
    return cls
