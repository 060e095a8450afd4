"""JSON text read strictly: exact decimals, and no key given twice in one object.

JSON leaves a key written twice in one object undefined (RFC 8259, section 4): Python's
``json`` and pydantic keep the last value, other readers the first. An application
``{"category": "researcher", "category": "technician"}`` would then be eligible here and
not on a platform that reads the first, and a decision record ``{"input": {…forged…},
"input": {…}}`` would replay as "the same verdict" here while an auditor reads the forged
one. So a key given twice, at any depth, is refused wherever callrules reads JSON text
(``duplicate_key``, at the place of the second key), as CSV refuses two columns for one
field: no value silently wins.

The check is made by the parse that reads an application's text before its model does (to
measure its shape): jiter, pydantic's own JSON parser (in Rust), finds a repeated key as it
reads, at a cost of a few microseconds a record; only a text that has one is read again, by
the standard library, to say where.
"""

from __future__ import annotations

import json
import re
from typing import Any

import jiter

from callrules._collector import paused
from callrules._json_numbers import decimal_number, whole_number
from callrules._json_scan import read_levels
from callrules._reading import PAD_TEXT
from callrules._replies import unquoted
from callrules.exceptions import InputProblem

__all__ = ["LAYOUT_CLASS", "RepeatedKeyError", "blanks_as_spaces", "json_values",
           "read_json", "repeated_key", "unpadded_document"]

#: The padding a document may start with: NUL aside (a NUL before a record is damage to the
#: readers of batches, a problem there, and so here).
_PAD_BEFORE = PAD_TEXT.replace("\x00", "")
#: The bytes a document's text may start and end with that are no padding but JSON's own.
_PLAIN_ENDS = frozenset(b'{}[]" \t\r\n')
def _ranges(chars: str) -> list[tuple[int, int]]:
    """The code points of ``chars`` as runs (a regular expression's class of ranges is
    searched in a step a character; of single characters, in a step a member)."""
    runs: list[tuple[int, int]] = []
    for code in sorted(map(ord, chars)):
        if runs and runs[-1][1] == code - 1:
            runs[-1] = (runs[-1][0], code)
        else:
            runs.append((code, code))
    return runs


#: Padding that a person sees as a blank or does not see, read as a space where JSON text
#: has blanks (between its tokens): the padding but JSON's blanks and the controls that are
#: damage or a file's end inside a text (NUL, EOT, Ctrl-Z, DEL, RS), as the readers of
#: batches read a document (``_sources._blanks_as_spaces``).
_LAYOUT = "".join(c for c in PAD_TEXT if c not in " \t\r\n\x00\x04\x1a\x7f\x1e")
_LAYOUT_CLASS = "[" + "".join(
    re.escape(chr(first)) + ("-" + re.escape(chr(last)) if last > first else "")
    for first, last in _ranges(_LAYOUT)) + "]"
#: The same, as a regular expression's class (a line holding only such characters and
#: blanks is blank to a reader).
LAYOUT_CLASS = _LAYOUT_CLASS
_LAYOUT_RE = re.compile(_LAYOUT_CLASS)
_ASCII_LAYOUT_TEXT = [c for c in _LAYOUT if c.isascii()]
_ASCII_LAYOUT_BYTES = [c.encode() for c in _ASCII_LAYOUT_TEXT]
_LAYOUT_BYTES = re.compile(b"|".join(re.escape(c.encode()) for c in _LAYOUT))
#: A JSON string (to the end of the text if never closed), or a run of such characters.
_STRING_OR_LAYOUT = re.compile(r'"(?:[^"\\]|\\.)*+"?|' + _LAYOUT_CLASS + "++", re.S)


def unpadded_document(text: str | bytes | bytearray) -> str | bytes | bytearray:
    """One JSON document's text without the padding around it (:data:`PAD_TEXT`: a NUL
    after it, a C string's terminator; a no-break space or U+2028 pasted from a web page; a
    record separator before it, RFC 7464's; no NUL before it), as the readers of batches
    read a file of one document: the same application judged whichever way it is given
    (the command line, a batch, the service's one application, ``evaluate(call, text)``).
    Padding before it is
    turned into spaces (its line ends kept), so a problem's line and column stay where they
    were written; bytes that are not UTF-8 are left as they are (the reader says so).
    Such characters inside it, between its tokens: :func:`blanks_as_spaces`. A document
    quoted as a mail reply quotes (``> `` before each line, nested or not) is read without
    its quote marks, as those readers read it (:mod:`callrules._replies`), its lines where
    they were."""
    if isinstance(text, (bytes, bytearray)):
        if not text or (text[0] in _PLAIN_ENDS and text[-1] in _PLAIN_ENDS):
            return text
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            return text
    if text.lstrip(PAD_TEXT)[:1] == ">":  # (quoted: the readers' rule decides)
        text = b"".join(unquoted(iter((text.encode("utf-8", "surrogatepass"),)))).decode(
            "utf-8", "surrogatepass")
    body = text.rstrip(PAD_TEXT)
    start = len(body) - len(body.lstrip(_PAD_BEFORE))
    if start and body[:start].strip(" \t\r\n"):
        body = "".join(c if c in "\t\r\n" else " " for c in body[:start]) + body[start:]
    return body


def _has_layout(text: str | bytes | bytearray) -> bool:
    """Whether ``text`` holds a character of :data:`_LAYOUT` (ASCII text: one of its five
    controls, each found by a scan in C)."""
    if isinstance(text, str):
        if text.isascii():
            return any(c in text for c in _ASCII_LAYOUT_TEXT)
        return _LAYOUT_RE.search(text) is not None
    if text.isascii():
        return any(c in text for c in _ASCII_LAYOUT_BYTES)
    return _LAYOUT_BYTES.search(text) is not None


def blanks_as_spaces(text: str | bytes | bytearray) -> str | bytes | bytearray:
    """``text`` (one JSON document, :func:`unpadded_document`) with each character outside
    its strings that a reader sees as a blank or does not see (:data:`_LAYOUT`: a no-break,
    ideographic or zero-width space indenting a line, a NEL or U+2028 ending one, a form
    feed: an Outlook, Teams or Confluence paste) read as the space it is, as the readers of
    batches read it (``_sources._blanks_as_spaces``): one character for one, so a
    problem's place stays; the strings are kept as written. ``text`` itself when it holds
    none, or is not UTF-8. Only for a text that is not JSON as it is: JSON text that is
    valid has no such character outside its strings, so no valid text changes."""
    if isinstance(text, (bytes, bytearray)):
        if not _has_layout(text):
            return text
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            return text
    if not _has_layout(text):
        return text
    return _STRING_OR_LAYOUT.sub(
        lambda m: m[0] if m[0][0] == '"' else " " * len(m[0]), text)


_REPEATED = "Detected duplicate key"  # how jiter begins the error it raises for one


class RepeatedKeyError(ValueError):
    """A key given twice in one object of a JSON text; ``problem`` says where."""

    def __init__(self, problem: InputProblem) -> None:
        super().__init__(problem.msg)
        self.problem = problem


def json_values(text: str | bytes | bytearray) -> Any:
    """``text``'s values, as pydantic reads JSON (numbers as int and float); None if it is
    not JSON (whoever reads it next says where); :class:`RepeatedKeyError` if a key is
    given twice in one object."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else bytes(text)
    try:
        # the values read hold no cycle: the collector, run every 700 lists or objects made,
        # would walk every object of the process each time a megabyte of [[[]]] is read
        with paused():
            return jiter.from_json(data, catch_duplicate_keys=True, cache_mode="keys")
    except ValueError as exc:
        if str(exc).startswith(_REPEATED):
            raise RepeatedKeyError(_where(text)) from None
        return None


def repeated_key(text: str | bytes | bytearray) -> InputProblem | None:
    """The ``duplicate_key`` problem of the first key given twice in one object of
    ``text``, at its place; None if none is (or if ``text`` is not JSON at all)."""
    try:
        json_values(text)
    except RepeatedKeyError as exc:
        return exc.problem
    return None


def read_json(text: str | bytes | bytearray) -> Any:
    """JSON text parsed with exact decimals (a number such as 1180.50 becomes a Decimal).

    Text that is not JSON raises ``json.JSONDecodeError`` (bytes that are not UTF-8,
    ``UnicodeDecodeError``), including a number no value holds (``NumberOutOfRange``: an
    integer longer than Python converts, 4300 digits, an exponent past Decimal's limits);
    a key given twice in one object, :class:`RepeatedKeyError`. Text nested deeper than
    JSON is read (:data:`~callrules._json_scan.READ_LEVELS`, whole or up to its damage):
    ``RecursionError``, at that depth on every Python (its reader's own limit changes by
    version).
    """
    try:
        value = json.loads(text, parse_float=decimal_number, parse_int=whole_number)
    except json.JSONDecodeError as exc:  # (nested past it before the damage: said so)
        read_levels(exc.doc[:exc.pos])
        raise
    read_levels(text)
    problem = repeated_key(text)
    if problem is not None:
        raise RepeatedKeyError(problem)
    return value


class _Pairs(list[tuple[str, Any]]):
    """An object's keys and values, in the order written, repeats kept."""


def _where(text: str | bytes | bytearray) -> InputProblem:
    """The problem of the first key of ``text`` given twice in one object (in the order of
    the text), at its place."""
    try:
        tree = json.loads(text, object_pairs_hook=_Pairs, parse_float=str, parse_int=str)
        loc = _first_repeat(tree, ())
    except (ValueError, RecursionError):  # read by jiter, not by json: the whole record
        loc = None
    key = str(loc[-1]) if loc else ""
    return InputProblem(loc or (), "duplicate_key",
                        f"the key {key!r} is given twice in one object: which value counts "
                        "cannot be told, so the record is not read", key or None,
                        {"key": key})


def _first_repeat(value: Any, loc: tuple[str | int, ...]) -> tuple[str | int, ...] | None:
    if isinstance(value, _Pairs):
        seen: set[str] = set()
        for key, item in value:
            if key in seen:
                return (*loc, key)
            seen.add(key)
            if (found := _first_repeat(item, (*loc, key))) is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if (found := _first_repeat(item, (*loc, index))) is not None:
                return found
    return None
