"""JSON Lines: one record a line, each read as soon as its line arrives.

A line's value is a record; an array on a line gives its elements, one record each. A
JSON Lines line holding several whole values (``}{``, RFC 7464 record separators, U+2028 or
NEL between them) gives each. A byte-order mark at the start of a later line (files joined
end to end) is dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

from callrules._evaluate import Sourced
from callrules._json_values import JSON_SPACE, STRICT, Values
from callrules._reading import BOM, ESCAPED, Over, not_utf8, over

__all__ = ["SEPARATORS", "is_json", "joined_values", "jsonl"]

#: Separators between values on one JSON Lines line: RFC 7464's record separator, and line
#: and paragraph separators that some tools write for line ends.
SEPARATORS = "\x1e\u2028\u2029\x85"
_GAP = re.compile(f"[{JSON_SPACE}{SEPARATORS}]*")
_JOINED = re.compile(f"[}}\\]][ \t\r\ufeff{SEPARATORS}]*[{{\\[]")


def is_json(text: bytes) -> bool:
    """Whether ``text`` is one JSON value (RFC 7464 separators around it allowed)."""
    try:
        json.loads(text.decode("utf-8").strip(SEPARATORS))
    except (ValueError, RecursionError):
        return False
    return True


def jsonl(lines: Iterable[bytes | Over], source: str) -> Iterator[Sourced]:
    """The records of JSON Lines: each line's value (each value of a line holding several:
    :func:`joined_values`), an array's elements each (as in a JSON file), labelled with
    the line and the position in the array (``batch.jsonl:3[1]``)."""
    for number, line in enumerate(lines, start=1):
        where = f"{source}:{number}"
        if isinstance(line, Over):  # the last line when endless (its source stops)
            yield over(line, where)
            continue
        assert isinstance(line, bytes)
        line = line.removeprefix(BOM)  # a byte-order mark inside: files joined end to end
        if line.strip(b" \t\r\n\x1e"):
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as exc:  # the values it holds, each bad one alone
                values = joined_values(line.decode("utf-8", "surrogateescape"))
                if len(values) == 1:
                    yield not_utf8(where, exc)
                    continue
                for value in values:
                    if ESCAPED.search(value):
                        yield not_utf8(where)
                    else:
                        yield from _line_value(value, where)
                continue
            for value in joined_values(text):
                yield from _line_value(value, where)


def _line_value(value: str, where: str) -> Iterator[Sourced]:
    """The records of one value of a JSON Lines line: an array gives its elements, each one
    record, read as a JSON file's are (an empty array is one record, reported: a line meant
    something); any other value is one."""
    if value.lstrip(JSON_SPACE + SEPARATORS).startswith("["):
        empty = True
        for item in Values([value.encode("utf-8", "surrogatepass")], where):
            empty = False
            yield item
        if not empty:
            return
    yield Sourced(where, value)


def joined_values(line: str) -> list[str]:
    """The records of one JSON Lines line: each JSON value of a line holding several (files
    joined end to end without a final line break: ``}{``; RFC 7464 record separators;
    ``U+2028``, ``U+2029`` or NEL between them), else the line. Values are split only where
    one ends whole and the next starts with ``{`` or ``[``: a damaged line stays one record
    (its rest, after the last whole value, one record)."""
    if not (_JOINED.search(line) or any(mark in line for mark in SEPARATORS)):
        return [line]  # the usual line: one value (searched by the fastest means)
    values = []
    pos = _between(line, 0)
    while pos < len(line):
        try:
            _, end = STRICT.raw_decode(line, pos)
        except (ValueError, RecursionError):
            break
        values.append(line[pos:end])
        pos = _between(line, end)
        if pos < len(line) and line[pos] not in "{[":
            return [line]  # damage after a whole value (an extra closer): one record
    if not values:
        return [line.strip(SEPARATORS)] if line.strip(SEPARATORS + JSON_SPACE) else []
    if pos < len(line):
        values.append(line[pos:])  # the rest, damaged: one record
    return values


def _between(line: str, pos: int) -> int:
    """Where the space and separators between values at ``pos`` end."""
    found = _GAP.match(line, pos)
    assert found is not None  # it matches the empty text too
    return found.end()
