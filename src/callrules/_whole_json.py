"""A JSON document whole at the start of a source: read as that document, never in lines.

An array or an envelope (a page) of applications written over several lines is valid JSON
whatever its line layout: one compact application a line, the comma first on the next line
(``[ {…}⏎, {…}⏎]``), a comma alone on its line, blank lines, tabs. Read line by line, as JSON
Lines are, such layouts give lines that are no value alone (``, {…}``, ``{"applications":
[{…},``). So the start of a source is read ahead while it is one JSON value opened by ``[``
or ``{`` (its strings and brackets followed, nothing decoded), within :data:`MAX_RECORD_BYTES`
(the bound of one record, read whole anyway); a value closed on a later line than it opened
that reads as JSON and is a list or an envelope is a document, and the source is read as
JSON (as a ``.json`` file is), whatever its name or the format told.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from itertools import chain

from callrules import _reading
from callrules._json_scan import Scan
from callrules._json_values import enveloped

__all__ = ["whole_document"]

_MARK = b"\xef\xbb\xbf"
#: Blanks and marks before the first value (possessive: no place kept to come back to for
#: each byte; a run of blanks read at C's speed, not a byte at a time).
_LEADING = re.compile(rb"[ \t\r\n]*+(?:\xef\xbb\xbf[ \t\r\n]*+)*+")


def whole_document(pieces: Iterator[bytes], bound: int | None = None, objects: bool = False
                   ) -> tuple[bool, Iterator[bytes]]:
    """Whether the UTF-8 ``pieces`` start with a JSON document over lines (an array, an
    envelope; any object too if ``objects``: JSON said, a line break typed in a compact
    record between two of its values, one of JSON's blanks) read whole within ``bound``
    bytes (:data:`MAX_RECORD_BYTES`), and the pieces again, as they were read."""
    bound = _reading.MAX_RECORD_BYTES if bound is None else bound
    head, read = bytearray(), []
    scan = _Scan()
    for piece in pieces:
        head += piece
        read.append(piece)  # (given back as read: a line, or a part of one, each)
        end = scan.feed(head)
        if end is not None or scan.refused or len(head) > bound:
            break
    else:
        end = None
    rest = chain(read, pieces)
    if end is None or scan.start is None:
        return False, rest
    text = bytes(head[scan.start:end])
    if b"\n" not in text:  # closed on its first line: a line's value
        return False, rest
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return False, rest
    return isinstance(value, list) or (isinstance(value, dict) and (
        objects or enveloped(text.decode("utf-8")))), rest


class _Scan:
    """The start of a text followed as it grows: where its first value (opened by ``[`` or
    ``{`` after blanks and byte-order marks) starts, and where it ends (:class:`Scan`)."""

    def __init__(self) -> None:
        self.start: int | None = None
        self.at = 0
        self.scan: Scan | None = None
        self.refused = False

    def feed(self, head: bytearray) -> int | None:
        """The end of the first value once ``head`` holds it whole, else None."""
        if self.scan is None:
            pos = _LEADING.match(head, self.at).end()  # type: ignore[union-attr]
            self.at = pos
            if pos >= len(head) or (pos + len(_MARK) > len(head) and _MARK.startswith(
                    bytes(head[pos:]))):
                return None  # (blanks so far, or a mark cut)
            if head[pos] not in b"[{":
                self.refused = True
                return None
            self.start, self.scan = pos, Scan(pos)
        return self.scan.end(head)
