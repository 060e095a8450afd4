"""A file, or a file's path, given where one record was expected: known without reading it,
and refused in the reader's words, by every entry point that reads one application
(:meth:`Call.parse`, :func:`callrules.parse_application`, :func:`callrules.evaluate`, the
planner) and by a batch for each of its items. Here, below the form and the readers, so that
the form (:mod:`callrules._form`) and the readers (:mod:`callrules._sources`) both use it
without importing each other."""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from typing import Any

from callrules._messages import PHRASES
from callrules.exceptions import ArgumentError

__all__ = ["is_kind", "is_open_file", "refuse_a_file"]


def _callable(value: object, name: str) -> bool:
    """Whether ``value`` has a callable attribute ``name``, whatever the object raises for it
    (a property failing, a ``__getattr__`` raising other than AttributeError: not)."""
    try:
        return callable(getattr(value, name, None))
    except Exception:  # (anything of the caller's own: the attribute missing)
        return False


def is_kind(value: object, kinds: type | tuple[type, ...]) -> bool:
    """``isinstance(value, kinds)``, whatever the object raises for it: ``isinstance``
    asks an object that is not of the kind for its ``__class__``, which a lazy proxy's
    may raise (one outside its context): not of the kind, its reading then failing as that
    record's own problem. The one place a record of the caller's is asked its kind so
    (here, and :func:`callrules.distributed`'s paths told from records)."""
    try:
        return isinstance(value, kinds)
    except Exception:  # (anything of the caller's own, as _callable)
        return False


def is_open_file(value: object) -> bool:
    """Whether ``value`` is a file open in Python (``open("apps.json")``, ``sys.stdin``,
    ``io.BytesIO``, a gzip file…), text or binary: what
    :func:`callrules._sources.open_file_records` reads, never its lines taken one a
    record."""
    if is_kind(value, (str, bytes, bytearray, memoryview, Mapping)):
        return False
    return is_kind(value, io.IOBase) or (_callable(value, "readline")
                                       and _callable(value, "read"))


def refuse_a_file(record: Any, *, batch: bool = False) -> None:
    """:class:`ArgumentError` in the reader's words when ``record`` is a file open in Python
    or the path of one (any ``os.PathLike``: a ``Path``, an ``os.DirEntry``): never one
    "an application is a JSON object" problem for a whole file, its records never read."""
    opened = is_open_file(record)
    if not (opened or is_kind(record, os.PathLike)):
        return
    code = ("batch_item_is_a_file" if opened else "batch_item_is_a_path") if batch else (
        "application_is_a_file" if opened else "application_is_a_path")
    said = PHRASES[code]  # (worded by the reader's catalog)
    raise ArgumentError(said[:1].upper() + said[1:], code=code, words=(code, {}))
