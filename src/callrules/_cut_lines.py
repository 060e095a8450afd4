"""JSON text cut into lines of one width, as SQL clients and tools give a long value: SQL
Server Management Studio's ``FOR JSON`` rows of 2033 characters, ``sqlcmd -w``, SQL*Plus's
``LINESIZE``, ``fold -w 80`` (which cuts each line of JSON Lines on its own), a mail client
wrapping long lines by characters.

Read as written, each line of such a text is a piece of a value, no value whole: read as
JSON Lines (``--input-format jsonl``, the service's ``application/jsonl``) each line was a
record, more results than applications and whole applications refused; read as JSON, the
applications whose text a line end cut inside a string were refused. So a line starting
with ``[`` or ``{`` (after blanks), at least :data:`_WIDTH` characters wide, that is no JSON
value alone, and whose next lines have its width (in characters, or in bytes as ``fold``
cuts) but the last, shorter, is read joined again with them when the lines joined are JSON
whole (one value, or values one after the other) where the first alone is not; past the
record limit, when three lines or more of that width start it. Each record of JSON Lines so
cut is such a text: each is joined, anywhere in the text (below a title, after records short
enough to stay one line). Two lines of the width at least are asked for (one for SQL Server
Management Studio's 2033 characters, or a width another text cut before in the same text
proved by two lines of it at least): a line break typed into a record, over one of its
characters, leaves one line of any width and a last one, and joining those judged the
record without the character (an amount of 1180.00 read as 180.00); it stays one problem.
A whole record just before, as wide as the first line, is no proof: records of one form
are often as wide, and a record damaged so after it was judged without the character
(3180.00 read as 180.00, over the cap, eligible); a record of JSON Lines cut by ``fold``
into one line of the width and a shorter last is then one problem, not joined.
The line ends taken off are given after the last line, so that what follows keeps its line
numbers (blank lines hold no record). Any other text is read as it is, each line given as
soon as it ends (a worker's records wait for no next line); what is held before a decision
is bounded by the record limit. A run of lines stops being read ahead as soon as the lines
joined hold an error no later line mends, or brackets open deeper than :data:`_DEEPEST`
(looked for at 2, 4, 8… lines): it is no text cut at a width, however long (past the record
limit too, as below it), and lines all of one width that each start a damaged record (a
terminal's ``less -S``, ``cut -c``) are read in time linear in their number.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterator
from itertools import chain

from callrules._json_scan import follow
from callrules._reading import MAX_RECORD_BYTES

__all__ = ["uncut", "whole"]

#: The least width of a line taken to be cut at a fixed width (``fold``'s is 80; a mail
#: client's 72 to 78; ``fold -w 60``).
_WIDTH = 40
#: How many lines of one width, at least, make a cut text past the record limit.
_LINES = 3
#: How many lines of one width, at least, before the last, make a cut text; widths a client
#: is known to cut at (SQL Server Management Studio's ``FOR JSON`` rows), one.
_LEAST = 2
_KNOWN = frozenset({2033})
_DECODER = json.JSONDecoder()
_SPACES = re.compile("[ \t\r\n]*")
#: How many characters past an error the decoder may have looked at to find it: the rest of
#: ``-Infinity``, of a ``\\uXXXX`` escape and its pair, of a number (margin kept).
_MENDABLE = 16
#: The bytes a JSON text may end with (``}``, ``]``, a string's quote, a digit, ``true``,
#: ``false``, ``null``, ``NaN``, ``Infinity``).
_VALUE_ENDS = frozenset(bytes([b]) for b in b'}]"0123456789eylN')
#: The most brackets open at a line's end of a text taken to be cut at a width (the records
#: are a few levels deep; lines each starting a record cut just after a colon or an opening
#: bracket would each open one more, and be looked through up to the decoder's depth).
_DEEPEST = 32


def uncut(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """``pieces`` (text in UTF-8), each run of lines that is one JSON text cut at a fixed
    width joined again (see the module); the other lines as they are."""
    return _Uncut().read(pieces)


class _Uncut:
    """The lines of a text read once, each run of lines cut at a width joined."""

    def __init__(self) -> None:
        self.known: set[tuple[int, int]] = set()  # (the widths of texts cut found so far,
        # each proven by lines enough of it)

    def read(self, pieces: Iterator[bytes]) -> Iterator[bytes]:
        lines = _lines(pieces)
        waiting: deque[bytes] = deque()  # (lines read ahead and given back: looked at
        while True:  # again, in order)
            line = waiting.popleft() if waiting else next(lines, None)
            if line is None:
                return
            if not _starts(line) or _whole(_bare(line)):  # (a whole line is no piece: given
                yield line  # at once, never waiting for the next, as a stream needs)
                continue
            width = _measures(_bare(line))
            run = [line]  # (the lines of that width after it, then the last)
            size = len(line)
            decided = before_value = broken = False
            while not decided:
                more = waiting.popleft() if waiting else next(lines, None)
                if more is None:
                    break
                bare = _bare(more)
                if not _same(bare, width) or not more.endswith(b"\n"):
                    run.append(more)
                    decided = True
                elif bare.lstrip(b" \t")[:1] in (b"{", b"[") and _ends_value(run[-1]) \
                        and _whole(_joined_text(run)):
                    waiting.appendleft(more)  # (a text cut at a multiple of the width: its
                    decided = before_value = True  # last line is of the width, the next
                    # starts a value)
                else:
                    run.append(more)
                    size += len(more)
                    if size > MAX_RECORD_BYTES:
                        break
                    if len(run) & (len(run) - 1) == 0 and _hopeless(_joined_text(run)):
                        broken = True  # (looked for at 2, 4, 8… lines: no look-ahead
                        break  # through every later line of the width from each of them)
            if size > MAX_RECORD_BYTES and len(run) >= _LINES:  # (a long array: joined on)
                self.known.add(width)
                yield from self._joined_on(run, chain(waiting, lines), width)
                waiting.clear()
                continue
            if not broken and self._cut(run, width, before_value):
                yield b"".join(_bare(each) for each in run) + run[-1][len(_bare(run[-1])):] \
                    + b"".join(each[len(_bare(each)):] for each in run[:-1])
                continue
            yield line  # (the first line as it is; the others looked at again)
            waiting.extendleft(reversed(run[1:]))

    def _cut(self, run: list[bytes], width: tuple[int, int], before_value: bool) -> bool:
        """Whether ``run`` (a line starting a value, lines of its width, and a last one, or
        none when a value ``before_value`` starts on the next line) is one JSON text cut at
        ``width``. Lines all of the width with no last line, at the end of the text, are
        one more than asked for: a line break typed at a record's middle leaves two."""
        if width[0] < _WIDTH or len(run) < 2:  # (its first line is never whole: a whole
            return False  # one is given at once, in read)
        wide = len(run) - (not _same(_bare(run[-1]), width))  # (the lines of the width)
        least = 1 if width[1] in _KNOWN or any(_same_width(each, width) for each in self.known
                                               ) else _LEAST
        if not (wide >= least and (len(run) > least or before_value)
                and _whole(_joined_text(run))):
            return False
        if wide >= _LEAST:  # (a width proven by lines enough: one line of it will do after)
            self.known.add(width)
        return True

    def _joined_on(self, run: list[bytes], lines: Iterator[bytes], width: tuple[int, int]
                   ) -> Iterator[bytes]:
        """``run`` and the lines after it, joined up to the first of another width (the
        text's last), their line ends given after it."""
        moved = bytearray()
        for line in chain(run, lines):
            bare = _bare(line)
            if _same(bare, width) and line.endswith(b"\n"):
                yield bare
                moved += line[len(bare):]
                continue
            yield line + bytes(moved)
            return
        if moved:
            yield b"\n" + bytes(moved)


def _lines(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """The lines of ``pieces``, each with its line end (the last may have none); a line
    longer than the record limit given in pieces as they come."""
    held = b""
    for piece in pieces:
        held += piece
        start = 0
        while (end := held.find(b"\n", start)) != -1:
            yield held[start:end + 1]
            start = end + 1
        held = held[start:]
        if len(held) > MAX_RECORD_BYTES:
            yield held  # (no line end: no run of lines of one width)
            held = b""
    if held:
        yield held


def _bare(line: bytes) -> bytes:
    """``line`` without its line end."""
    return line.removesuffix(b"\n").removesuffix(b"\r")


def _starts(line: bytes) -> bool:
    """Whether ``line`` may start a text cut at a width: ``[`` or ``{`` first (after
    blanks), wide enough, ended."""
    at = len(line) - len(line.lstrip(b" \t"))
    return len(line) > _WIDTH and line.endswith(b"\n") and line[at:at + 1] in (b"[", b"{")


def _joined_text(run: list[bytes]) -> bytes:
    return b"".join(_bare(line) for line in run)


def _measures(line: bytes) -> tuple[int, int]:
    """The width of ``line`` (its line end off) in bytes and in characters."""
    return len(line), len(line) - sum(1 for byte in line if byte & 0xC0 == 0x80)


def _same(line: bytes, width: tuple[int, int]) -> bool:
    return _same_width(_measures(line), width)


def _same_width(found: tuple[int, int], width: tuple[int, int]) -> bool:
    return found[0] == width[0] or found[1] == width[1]


def whole(text: bytes) -> bool:
    """Whether ``text`` is JSON whole: one value, or values one after the other."""
    return _reads(text) is True


_whole = whole


def _hopeless(text: bytes) -> bool:
    """Whether no longer text starting with ``text`` is a text cut at a width: it holds an
    error that no text after it can mend, or brackets open deeper than :data:`_DEEPEST`."""
    return _reads(text) is None or follow(text)[0] > _DEEPEST  # (a string left open: the
    # brackets up to its quote)


def _reads(text: bytes) -> bool | None:
    """``True`` if ``text`` is JSON whole, ``False`` if not but text after it may make it
    so (it ends inside a value, a string, a number, a literal, a character), ``None`` if it
    holds an error before that: the decoder looks at most :data:`_MENDABLE` characters past
    a place to find an error there, so such an error stays whatever follows."""
    try:
        string = text.decode("utf-8")
    except UnicodeDecodeError as error:
        return False if error.start >= len(text) - 3 else None  # (a character cut)
    pos = 0
    try:
        while (pos := _SPACES.match(string, pos).end()) < len(string):  # type: ignore[union-attr]
            _, pos = _DECODER.raw_decode(string, pos)
    except json.JSONDecodeError as error:
        return False if error.msg.startswith("Unterminated string") or (
            error.pos >= len(string) - _MENDABLE) else None
    except ValueError:  # (a number too long for Python's int: no place said, none sure)
        return False
    except RecursionError:  # (as deep in any longer text)
        return None
    return True


def _ends_value(line: bytes) -> bool:
    """Whether ``line`` (its line end off) may end a JSON value: a text ending otherwise
    is not whole."""
    return _bare(line).rstrip(b" \t")[-1:] in _VALUE_ENDS
