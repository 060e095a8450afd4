"""A batch quoted in a mail reply: ``> `` before each line, under the client's line naming
who wrote it (``On Mon, Jun 1, 2026 at 10:00 AM Ana <a@b> wrote:``, ``Le … a écrit :``).

Read as written, each quoted line was no record: the attribution line, holding commas, was
taken for a CSV header (590 results for 4, a short row a line of JSON), or each line of JSON
Lines one problem, and a file, standard input and the service read it three ways. A text
whose first non-blank line is quoted, or is such an attribution line (ending with a colon,
no bracket) with a quoted line next, is read without the quote marks at the start of its
lines (``>``, ``> ``, nested ``> >``): the batch as it was sent, its lines where they were
(the labels unchanged), the attribution line a stray line above it (one problem). Lines
after the first are not waited for when the first is quoted (a worker writing one record a
line waits for no second).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain

from callrules._reading import BOM, MAX_RECORD_BYTES

__all__ = ["unquoted"]

#: The quote marks at a line's start (a reply of a reply: nested), each with its blank.
_MARKS = re.compile(rb"(?:>[ \t]?)+")
#: A line naming who wrote what is quoted under it: text ending with a colon (``wrote:``,
#: ``a écrit :``), no bracket nor brace (no JSON), not too long to be one.
_ATTRIBUTION = re.compile(rb"[^\[\]{}\n]{1,300}:[ \t\r]*")
#: The longest first line of an attribution wrapped over two.
_LONGEST = 300
_NON_BLANK = re.compile(rb"[^ \t\r\n]")
_BRACKET = re.compile(rb"[\[\]{}]")
#: Blanks and byte-order marks before a text's first byte that is neither.
_FIRST = re.compile(rb"(?:[ \t\r\n]|\xef\xbb\xbf)*")


def unquoted(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """``pieces`` (text in UTF-8), without the quote marks at the start of its lines when it
    is quoted as a mail reply quotes (see the module); else as they are."""
    head = bytearray()
    blank_to = looked = 0  # (each byte looked at once: blank lines by the thousand cost
    for piece in pieces:  # the time of reading them, never its square)
        head += piece
        blank_to = _FIRST.match(head, blank_to).end()  # type: ignore[union-attr]
        if blank_to < len(head):
            if head[blank_to] == ord(">") or _BRACKET.search(head, max(
                    blank_to, looked)) or head.find(b"\n", max(blank_to, looked)) != -1:
                break  # (quoted; JSON, an array's line not waited for; the first line whole)
            looked = len(head)
        if len(head) > MAX_RECORD_BYTES:
            break
    if (at := _first(head)) is None:
        return chain([bytes(head)], pieces)
    if head[at] != ord(">"):
        end = head.find(b"\n", at)
        if end == -1 or _BRACKET.search(head, at, end):
            return chain([bytes(head)], pieces)
        if not _ATTRIBUTION.fullmatch(bytes(head[at:end])):  # over two lines (the client
            second = _read(head, end, pieces, whole=True)  # wrapped it)?
            if second is None or end - at > _LONGEST or not _ATTRIBUTION.fullmatch(
                    bytes(head[second[0]:second[1]])):
                return chain([bytes(head)], pieces)
            end = second[1]
        quoted = _read(head, end, pieces, whole=False)
        if quoted is None or head[quoted[0]] != ord(">"):
            return chain([bytes(head)], pieces)
    return _stripped(chain([bytes(head)], pieces))


def _read(head: bytearray, start: int, pieces: Iterator[bytes], whole: bool
          ) -> tuple[int, int] | None:
    """The first non-blank line after ``start`` in ``head`` (:func:`_line`), pieces read
    into ``head`` as needed, within the record limit; None if there is none."""
    looked = start + 1  # (before it: blanks, or the start of a line not whole yet)
    while (found := _line(head, looked, whole)) is None and len(
            head) <= MAX_RECORD_BYTES and (more := next(pieces, None)) is not None:
        blank = _NON_BLANK.search(head, looked)
        looked = blank.start() if blank is not None else len(head)
        head += more
    return found if found is not None else _line(head, looked, whole=False)


def _first(head: bytearray) -> int | None:
    """Where the first byte of ``head`` that is neither blank nor a byte-order mark is;
    None if there is none yet."""
    at = _FIRST.match(head)
    return at.end() if at is not None and at.end() < len(head) else None


def _line(head: bytearray, start: int, whole: bool = True) -> tuple[int, int] | None:
    """Where the first non-blank line at or after ``start`` starts and ends (its line end
    read, when ``whole``) in ``head``; None if it is not read yet."""
    found = _NON_BLANK.search(head, start)
    if found is None:
        return None
    end = head.find(b"\n", found.start())
    if end == -1 and whole:
        return None
    return found.start(), end if end != -1 else len(head)


def _stripped(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """``pieces`` without the quote marks at the start of each line."""
    at_start = True
    for piece in pieces:
        out = bytearray()
        pos = 0
        while pos < len(piece):
            if at_start:
                at_start = False
                while piece.startswith(BOM, pos):  # (files joined: kept, as read)
                    out += BOM
                    pos += len(BOM)
                marks = _MARKS.match(piece, pos)
                pos = marks.end() if marks is not None else pos
                continue
            end = piece.find(b"\n", pos)
            if end == -1:
                out += piece[pos:]
                break
            out += piece[pos:end + 1]
            pos = end + 1
            at_start = True
        if out:
            yield bytes(out)
