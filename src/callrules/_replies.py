"""A batch quoted in a mail reply: ``> `` before each line, under the client's line naming
who wrote it (``On Mon, Jun 1, 2026 at 10:00 AM Ana <a@b> wrote:``, ``Le … a écrit :``).

Read as written, each quoted line was no record: the attribution line, holding commas, was
taken for a CSV header (590 results for 4, a short row a line of JSON), or each line of JSON
Lines one problem, and a file, standard input and the service read it three ways. A text
whose first non-blank line is quoted, or is such an attribution line with a quoted line
next, is read without the quote marks at the start of its lines (``>``, ``> ``, nested
``> >``): the batch as it was sent, its lines where they were (the labels unchanged), the
attribution line a stray line above it (one problem). An attribution is text ending with a
colon (or a full-width one), blanks or no-break spaces after it (an HTML mail's ``&nbsp;``),
no brace (brackets: ``[CNRS]``, ``[mailto:…]``), or Outlook's rule above the quoted text. A
reply written on top of the quoted batch (a greeting, a few lines: at most
:data:`_TEXT_LINES`, each a line a person writes, no CSV row) is the text above the
attribution: the text and the attribution are then one stray line where the text starts,
the attribution's (its brackets made round: no JSON's start damaged), the lines after it
blank. Lines after
the first are not waited for when the first is quoted (a worker writing one record a line
waits for no second), nor past a line holding a brace or a CSV file's line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain

from callrules._reading import BOM, MAX_RECORD_BYTES, PAD_TEXT
from callrules._reading import NON_BLANK as _NON_BLANK

__all__ = ["unquoted"]

#: The quote marks at a line's start (a reply of a reply: nested), each with its blank.
_MARKS = re.compile(rb"(?:>[ \t]?)+")
#: A line naming who wrote what is quoted under it: text ending with a colon (``wrote:``,
#: ``a écrit :``, a full-width ``：``), blanks after it (a no-break space: an HTML mail's
#: ``&nbsp;`` as text), no brace (no JSON; brackets: ``[CNRS]``, ``[mailto:…]``), not too
#: long to be one; or a client's rule above the quoted text (``-----Original
#: Message-----``, a line of underscores).
_ATTRIBUTION = re.compile(
    rb"(?:[^{}\n]{1,300}(?::|\xef\xbc\x9a)|[ \t]*(?:-{2,}[^{}\n]{0,60}-{2,}|_{8,}))"
    rb"(?:[ \t\r]|\xc2\xa0|\xe2\x80\xaf|\xe3\x80\x80)*")
#: The longest line of text above the quoted text (an attribution's, a greeting's).
_LONGEST = 300
#: The most lines of text looked at above the quoted text: a greeting and a word or two
#: written above the attribution (a reply written on top), an attribution wrapped.
_TEXT_LINES = 8
#: A line a person writes, not a CSV file's: no tab, each comma or semicolon followed by a
#: blank or ending it (``Hi Ana,``; ``id,call`` is a header: no line after it is waited for).
_PROSE = re.compile(rb"[^\t\n]*")
_TABULAR = re.compile(rb"[,;][^ \t\r\n]")
_BRACKET = re.compile(rb"[\[\]{}]")
_BRACE = re.compile(rb"[{}]")
_ROUND = bytes.maketrans(b"[]", b"()")
#: Blanks and padding before a text's first byte that is neither (a byte-order mark, a
#: no-break or zero-width space, a form feed, NUL…: :data:`~callrules._reading.PAD_TEXT`,
#: what the readers take for padding around a document; possessive runs: a group repeated
#: at each byte kept a place to come back to for each, 114 MB a megabyte).
_FIRST = re.compile(rb"[ \t\r\n]*+(?:(?:" + b"|".join(
    re.escape(c.encode()) for c in PAD_TEXT if c not in " \t\r\n") + rb")[ \t\r\n]*+)*+")


def unquoted(pieces: Iterator[bytes], ahead: bool = True) -> Iterator[bytes]:
    """``pieces`` (text in UTF-8), without the quote marks at the start of its lines when it
    is quoted as a mail reply quotes (see the module); else as they are. Not ``ahead`` (a
    worker reading a pipe: a line waits for one line at most), an attribution is looked for
    on the first line alone (text above it is not looked past), its next line read to see
    it quoted, as a quoted first line holding no bracket has its next line read."""
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
    if head[at] == ord(">") and _alone(head, at, pieces):
        return chain([bytes(head)], pieces)
    if head[at] == ord(">"):  # (the padding before its first quote mark kept, as read)
        return chain([bytes(head[:at])], _stripped(chain([bytes(head[at:])], pieces)))
    end = _attributed(head, at, pieces, _TEXT_LINES if ahead else 1)
    if end is None:
        return chain([bytes(head)], pieces)
    above = bytes(head[at:end])  # (the text and the attribution: the attribution's line
    line = above[above.rfind(b"\n") + 1:].strip()  # where the text starts, the others
    ending = b"\r\n" if b"\r\n" in above else b"\n"  # blank, numbered as they were; its
    head[at:end] = line.translate(_ROUND) + ending * above.count(b"\n")  # brackets round:
    # no JSON's start damaged; the text's commas no CSV cells)
    return _stripped(chain([bytes(head)], pieces))


def _attributed(head: bytearray, at: int, pieces: Iterator[bytes], text_lines: int
                ) -> int | None:
    """Where the attribution line ends (its line end) that the text's first non-blank line,
    at ``at`` in ``head``, or one of the next few lines of text (a reply written above it)
    is, a quoted line next; None if there is none. Pieces are read into ``head`` as needed
    (a line at a time, within the record limit; none after a line holding a brace, nor
    after a line of a CSV file's)."""
    while (end := head.find(b"\n", at)) == -1 and not _BRACE.search(head, at) and len(
            head) <= MAX_RECORD_BYTES and (more := next(pieces, None)) is not None:
        head += more  # (the first line whole: an attribution may hold brackets)
    start = at
    for looked in range(1, text_lines + 1):
        if end == -1 or end - start > _LONGEST or _BRACE.search(head, start, end):
            return None
        line = bytes(head[start:end])
        if _ATTRIBUTION.fullmatch(line):
            quoted = _read(head, end, pieces, whole=False)
            if quoted is not None and head[quoted[0]] == ord(">"):
                return end
        elif not _PROSE.fullmatch(line) or _TABULAR.search(line) or looked == text_lines:
            return None
        following = _read(head, end, pieces, whole=True)
        if following is None or head[following[0]] == ord(">"):
            return None
        start, end = following[0], following[1] if following[1] < len(head) else -1
    return None


def _alone(head: bytearray, at: int, pieces: Iterator[bytes]) -> bool:
    """Whether the quoted first line at ``at`` in ``head``, holding no bracket (no record
    in it: ``>``, ``> Batch``), is quoted alone: the next non-blank line is not (a stray
    line above records, no reply: one problem, never a line made blank). A line holding a
    bracket is not looked past (a worker writing one record a line waits for no second).
    Pieces are read into ``head`` as needed, within the record limit."""
    while (end := head.find(b"\n", at)) == -1 and not _BRACKET.search(head, at) and len(
            head) <= MAX_RECORD_BYTES and (more := next(pieces, None)) is not None:
        head += more  # (the first line whole)
    if end == -1 or _BRACKET.search(head, at, end):
        return False
    following = _read(head, end, pieces, whole=False)
    return following is not None and head[following[0]] != ord(">")


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
