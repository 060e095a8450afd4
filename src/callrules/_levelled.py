"""Python's JSON reader asked to read a text only within the library's depth: what a probe
of a text's shape is told (a value, or not) is the same on every Python.

Python's reader gives up on a text nested deeper than its recursion allows, at a depth
that changes by version (994 levels on 3.11, 1,497 on 3.12, 9,998 on 3.13): a probe that
took its :class:`RecursionError` as "not JSON" answered by the running Python between 500
and 9,998 levels. Read here, a text nested past :data:`~callrules._json_scan.READ_LEVELS`
raises :class:`RecursionError` on every Python, whether Python's reader read it, gave up on
it, or found it broken after that depth; a text less deep is read as Python reads it.
"""

from __future__ import annotations

import json
from typing import Any

from callrules._json_scan import READ_LEVELS, nested_past

__all__ = ["loads", "raw_decode"]


def _too_deep() -> RecursionError:
    return RecursionError("nested deeper than JSON is read")


def loads(text: str | bytes | bytearray, **options: Any) -> Any:
    """``json.loads(text, **options)``, :class:`RecursionError` past the library's depth.

    >>> loads("[[1]]"), loads(b'{"a": [2]}')
    ([[1]], {'a': [2]})
    >>> for text in ("[" * 600 + "]" * 600, "[" * 600 + "}"):
    ...     try:
    ...         loads(text)
    ...     except RecursionError:
    ...         print("too deep")
    too deep
    too deep
    """
    try:
        value = json.loads(text, **options)
    except json.JSONDecodeError as exc:  # (broken after the depth: too deep, as it reads)
        if nested_past(exc.doc, READ_LEVELS, 0, exc.pos):
            raise _too_deep() from None
        raise
    if nested_past(text, READ_LEVELS):
        raise _too_deep()
    return value


def raw_decode(decoder: json.JSONDecoder, text: str, start: int = 0) -> tuple[Any, int]:
    """``decoder.raw_decode(text, start)``, :class:`RecursionError` past the library's
    depth (the value read, or the text before the place where it breaks).

    >>> raw_decode(json.JSONDecoder(), "[1] [[2]]")
    ([1], 3)
    >>> try:
    ...     raw_decode(json.JSONDecoder(), "0 " + "[" * 600 + "]" * 600, 2)
    ... except RecursionError:
    ...     print("too deep")
    too deep
    """
    try:
        value, end = decoder.raw_decode(text, start)
    except json.JSONDecodeError as exc:
        if nested_past(text, READ_LEVELS, start, exc.pos):
            raise _too_deep() from None
        raise
    if nested_past(text, READ_LEVELS, start, end):
        raise _too_deep()
    return value, end
