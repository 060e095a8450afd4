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
three lines or more of that width start it. The line ends taken off are given after the
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
_DECODER = json.JSONDecoder()
_SPACES = re.compile("[ \t\r\n]*")
_BLANKS = re.compile(b"[ \t]*")


def uncut(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """``pieces`` (text in UTF-8), their first lines joined again when they are one JSON
    text cut at a fixed width (see the module); else as they are."""
    held = bytearray()
    ended = False
    while (width := _cut_width(held, ended)) is False:
        more = next(pieces, None)
        if more is None:
            ended = True
        else:
            held += more
    if not isinstance(width, tuple) or width == (0, 0):
        if held:
            yield bytes(held)
        yield from pieces
        return
    yield from _joined(bytes(held), pieces, width)


def _measures(line: bytes) -> tuple[int, int]:
    """The width of ``line`` (its line end off) in bytes and in characters."""
    return len(line), len(line) - sum(1 for byte in line if byte & 0xC0 == 0x80)


def _same(line: bytes, width: tuple[int, int]) -> bool:
    found = _measures(line)
    return found[0] == width[0] or found[1] == width[1]


def _cut_width(held: bytearray, ended: bool) -> tuple[int, int] | bool:
    """The width of the first line of ``held`` (bytes, characters) when the text is one cut
    at it; ``(0, 0)`` when it is not; False when more must be read to tell (``ended``: all
    is read)."""
    start = _BLANKS.match(held)
    assert start is not None  # (it matches the empty text too)
    if start.end() < len(held) and held[start.end()] not in b"[{":
        return (0, 0)
    if (end := held.find(b"\n")) == -1:
        return (0, 0) if ended or len(held) > MAX_RECORD_BYTES else False
    first = bytes(held[:end]).removesuffix(b"\r")
    width = _measures(first)
    if width[0] < _WIDTH or _whole(first):
        return (0, 0)
    lines = bytes(held).split(b"\n")
    if not ended:
        lines.pop()  # (the last line not ended yet)
    elif not lines[-1]:
        lines.pop()
    count = 1
    for line in lines[1:]:
        count += 1
        if not _same(line.removesuffix(b"\r"), width):
            break
    else:
        if not ended:
            if len(held) > MAX_RECORD_BYTES:
                return width if count >= _LINES else (0, 0)
            return False
    joined = b"".join(line.removesuffix(b"\r") for line in lines[:count])
    return width if count >= 2 and _whole(joined) else (0, 0)


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
    held = bytearray(first)
    moved = bytearray()
    while True:
        end = held.find(b"\n")
        if end == -1:
            more = next(pieces, None)
            if more is None:
                break
            held += more
            continue
        bare = bytes(held[:end]).removesuffix(b"\r")
        if _same(bare, width):
            yield bare
            moved += held[len(bare):end + 1]
            del held[:end + 1]
            continue
        yield bytes(held[:end + 1]) + bytes(moved)
        del held[:end + 1]
        if held:
            yield bytes(held)
        yield from pieces
        return
    if held:
        yield bytes(held)
    if moved:
        yield b"\n" + bytes(moved)
