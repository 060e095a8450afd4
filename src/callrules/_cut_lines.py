"""JSON text cut into lines of one width, as SQL clients and tools give a long value: SQL
Server Management Studio's ``FOR JSON`` rows of 2033 characters, ``sqlcmd -w``, SQL*Plus's
``LINESIZE``, ``fold -w 80``.

Read as written, each line of such a text is a piece of a value, no value whole: read as
JSON Lines (``--input-format jsonl``, the service's ``application/jsonl``) each line was a
record, more results than applications and whole applications refused; read as JSON, the
applications whose text a line end cut inside a string were refused. So a text whose first
line starts with ``[`` or ``{``, at least :data:`_WIDTH` characters wide, is no JSON value
alone, and whose next lines have its width (in characters, or in bytes as ``fold`` cuts)
but the last, shorter, is read joined again when the lines joined are JSON whole (one value,
or values one after the other) where the first alone is not; past the record limit, when
three lines or more of that width start it. Two lines of the width at least are asked for
(one for SQL Server Management Studio's 2033 characters): a line break typed into a record,
over one of its characters, leaves one line of any width and a last one, and joining those
judged the record without the character (an amount of 1180.00 read as 180.00); it stays one
problem. The line ends taken off are given after the
last line, so that what follows keeps its line numbers (blank lines hold no record). Any
other text is read as it is. The text is read once; what is held before a decision is
bounded by the record limit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from callrules._reading import MAX_RECORD_BYTES

__all__ = ["uncut"]

#: The least width of a line taken to be cut at a fixed width (``fold``'s is 80).
_WIDTH = 64
#: How many lines of one width, at least, make a cut text past the record limit.
_LINES = 3
#: How many lines of one width, at least, before the last, make a cut text; widths a client
#: is known to cut at (SQL Server Management Studio's ``FOR JSON`` rows), one.
_LEAST = 2
_KNOWN = frozenset({2033})
_DECODER = json.JSONDecoder()
_SPACES = re.compile("[ \t\r\n]*")
_BLANKS = re.compile(b"[ \t]*")


def uncut(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """``pieces`` (text in UTF-8), their first lines joined again when they are one JSON
    text cut at a fixed width (see the module); else as they are."""
    held = bytearray()
    look = _Look()
    for piece in pieces:
        held += piece
        if look.decided(held, False):
            break
    else:
        look.decided(held, True)
    if look.width is None:
        if held:
            yield bytes(held)
        yield from pieces
        return
    yield from _joined(bytes(held), pieces, look.width)


class _Look:
    """What the first lines read tell, read once as they come: ``width`` (bytes,
    characters) when they are one JSON text cut at it, else None."""

    def __init__(self) -> None:
        self.width: tuple[int, int] | None = None
        self.candidate = (0, 0)  # (the first line's width, until the lines after it tell)
        self.pos = 0  # (where the next line to look at starts)
        self.count = 0  # (the lines of that width so far)

    def decided(self, held: bytearray, ended: bool) -> bool:
        """Whether what ``held`` shows decides (``ended``: all is read, it does)."""
        if not self.count:
            start = _BLANKS.match(held)
            assert start is not None  # (it matches the empty text too)
            if start.end() < len(held) and held[start.end()] not in b"[{":
                return True
            if (end := held.find(b"\n")) == -1:
                return ended or len(held) > MAX_RECORD_BYTES
            first = bytes(held[:end]).removesuffix(b"\r")
            width = _measures(first)
            if width[0] < _WIDTH or _whole(first):
                return True
            self.candidate, self.pos, self.count = width, end + 1, 1
        while (end := held.find(b"\n", self.pos)) != -1 or (ended and self.pos < len(held)):
            stop = end if end != -1 else len(held)
            if not _same(bytes(held[self.pos:stop]).removesuffix(b"\r"), self.candidate):
                return self.last(held, stop)
            self.count += 1
            self.pos = stop + 1
        if ended:
            return self.last(held, len(held))
        if len(held) > MAX_RECORD_BYTES:
            self.width = self.candidate if self.count >= _LINES else None
            return True
        return False

    def last(self, held: bytearray, stop: int) -> bool:
        """Decide on the lines up to ``stop``, the last of the text cut (its last line)."""
        joined = re.sub(rb"\r?\n", b"", bytes(held[:stop]))
        least = 1 if self.candidate[1] in _KNOWN else _LEAST
        if self.count >= least and self.count + (stop > self.pos) > least and _whole(joined):
            self.width = self.candidate
        return True


def _measures(line: bytes) -> tuple[int, int]:
    """The width of ``line`` (its line end off) in bytes and in characters."""
    return len(line), len(line) - sum(1 for byte in line if byte & 0xC0 == 0x80)


def _same(line: bytes, width: tuple[int, int]) -> bool:
    found = _measures(line)
    return found[0] == width[0] or found[1] == width[1]


def _whole(text: bytes) -> bool:
    """Whether ``text`` is JSON whole: one value, or values one after the other."""
    try:
        string = text.decode("utf-8")
    except UnicodeDecodeError:
        return False
    pos = 0
    try:
        while (pos := _SPACES.match(string, pos).end()) < len(string):  # type: ignore[union-attr]
            _, pos = _DECODER.raw_decode(string, pos)
    except (ValueError, RecursionError):
        return False
    return True


def _joined(first: bytes, pieces: Iterator[bytes], width: tuple[int, int]) -> Iterator[bytes]:
    """``first`` then ``pieces``, the line ends of their lines of ``width`` taken off up to
    the first line of another width (the cut text's last), given after it; the rest as it
    is."""
    held = first
    moved = bytearray()
    pos = 0
    while True:
        end = held.find(b"\n", pos)
        if end == -1:
            more = next(pieces, None)
            held = held[pos:] + more if more is not None else held[pos:]
            pos = 0
            if more is None:
                break
            continue
        bare = held[pos:end].removesuffix(b"\r")
        if _same(bare, width):
            yield bare
            moved += held[pos + len(bare):end + 1]
            pos = end + 1
            continue
        yield held[pos:end + 1] + bytes(moved)
        if end + 1 < len(held):
            yield held[end + 1:]
        yield from pieces
        return
    if held:
        yield held
    if moved:
        yield b"\n" + bytes(moved)
