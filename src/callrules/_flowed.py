"""JSON Lines a mail client sent as format=flowed (RFC 3676): each long line wrapped at its
blanks, every line of a record but its last ending with a blank (a soft break).

Read as written, a record was its pieces: each a problem (127 results for 4 under a title
line), or, read as JSON over lines, the records after a damaged one merged into it (a record
that lost its last ``}`` took the next: 3 results for 4; 400 such records, one), and its
strings, wrapped at their blanks, held line ends: no record judged. A text one of whose
first lines starts with ``{``, is left open (no JSON value whole), at least :data:`_WIDTH`
bytes wide and ends with a blank, its next line a piece of it (at its first column, not
starting with the record's brace and first key), the lines above it (records short enough
to be one line, any number of them, and at most :data:`_TEXT_LINES` others: a title, a
reply's attribution, a mail's greeting) not indented (as a pretty-printed document's are),
is read joined again from that line on, as the mail reader shows it: a line ending with a
blank is joined to the next (its line end moved after the line that ends the record, so
that each record keeps the number of the line it starts on, as labels tell). Each record
is one line again, read as JSON Lines are: a damaged one one problem in its place, the
others judged. The text is read once, a line at a time (a line held until its end, within
the record limit): the lines before the first record wrapped are given as they come.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain

from callrules._json_lines import is_json
from callrules._json_scan import follow
from callrules._reading import BOM, MAX_RECORD_BYTES
from callrules._reading import NON_BLANK as _NON_BLANK

__all__ = ["unflowed", "wrapped_at"]

#: The least width of a record's first line taken to be wrapped at a blank.
_WIDTH = 20
#: The most lines of text (a title, a reply's attribution, a mail's greeting; not records
#: whole on their line) above the first record wrapped looked past.
_TEXT_LINES = 30
#: The widest a record's first line is taken to be wrapped at: mail clients wrap at 72 to 78
#: (RFC 3676 asks for 78 at most), editors and ``fmt`` at up to 120 or so. Not RFC 5322's 998:
#: a line break typed over a character after a blank, near a long record's middle, left two
#: lines of about 1000 that passed for a wrap, joined without the character ("Chile" read
#: "hile").
_LONGEST = 200


def unflowed(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """``pieces`` (text in UTF-8), joined again at their soft breaks from the first record's
    line on when they are JSON Lines sent as format=flowed (see the module); else as they
    are."""
    held = bytearray()
    texts = 0
    start = 0  # (where the line being looked at starts in ``held``)
    given = False  # (whether a line was given: a byte-order mark starts only the first)
    for piece in pieces:
        held += piece
        while (end := held.find(b"\n", start)) != -1:
            last = end - 1 if end > start and held[end - 1] == 0x0D else end
            if last > start and held[start] == 0x7B and held[last - 1] == 0x7D:
                start = end + 1  # (a record whole on its line, as most are: looked past)
                continue
            line = bytes(held[start:end]).removesuffix(b"\r")
            bare = line if given or start else line.removeprefix(BOM)
            if not bare.strip(b" \t\r\f\v\x00"):
                start = end + 1
                continue
            if b"\r" in bare:  # (a carriage return alone inside: old Mac line ends, the
                # line feed a cell's or a string's, never a mail's line: no format=flowed)
                yield bytes(held)
                yield from pieces
                return
            if bare.startswith(b"{") and _flowed(bare) and (head := _HEAD.match(bare)) and \
                    _continued(held, end, pieces, head.group()):
                if start:
                    yield bytes(held[:start])
                yield from _joined(bytes(held[start:]), pieces, head.group())
                return
            texts += not (bare.startswith(b"{") and bare.endswith(b"}"))  # (a record short
            # enough to stay one line is no text above: any number of them are looked past)
            if texts > _TEXT_LINES or bare[:1] in (b" ", b"\t"):
                yield bytes(held)
                yield from pieces
                return
            start = end + 1
        if start:  # (lines of text given: a worker's waits for no next line)
            yield bytes(held[:start])
            del held[:start]
            start, given = 0, True
        if len(held) > MAX_RECORD_BYTES:
            break
    if held:
        yield bytes(held)
    yield from pieces


def _continued(held: bytearray, end: int, pieces: Iterator[bytes], head: bytes) -> bool:
    """Whether the next non-blank line after the line ending at ``end`` in ``held`` starts
    at its first column and not as a record does (``head``): a record's next piece, not the
    next record after one cut at a blank; pieces read into ``held`` to see it, within the
    record limit. Each byte is looked at once: a run of blank lines, however long, is
    searched past as it comes, not again from its start for each piece read."""
    looked = end + 1  # (where the search goes on from: what is before was looked at)
    at = -1  # (where the next non-blank line starts, once found)
    while len(held) <= MAX_RECORD_BYTES:
        if at == -1 and (found := _NON_BLANK.search(held, looked)) is not None:
            at = looked = found.start()
        if at != -1 and (stop := held.find(b"\n", looked)) != -1:
            return held[at - 1] == 0x0A and not held.startswith(head, at) and _piece(
                bytes(held[held.rfind(b"\n", 0, end) + 1:end]).removesuffix(b"\r"),
                bytes(held[at:stop]).removesuffix(b"\r"))
        looked = len(held)
        if (more := next(pieces, None)) is None:
            if at == -1:
                return False
            return held[at - 1] == 0x0A and not held.startswith(head, at) and _piece(
                bytes(held[held.rfind(b"\n", 0, end) + 1:end]).removesuffix(b"\r"),
                bytes(held[at:]).removesuffix(b"\r"))
        held += more
    return False


def _piece(first: bytes, second: bytes) -> bool:
    """Whether ``second`` may be the piece after ``first``, a line ending with a blank: a
    line wrapped there (:func:`wrapped_at`), and not a record whole on its own line (a value
    of JSON from its brace to its own, :func:`_alone`) unless it is one only a wrap at one
    width could have left there (a damaged record's last piece, an object inside it). A
    record whole on its line after a line broken at a blank (left open, as cut in a number
    or after a key) is the next record, not a piece of that line: before, joined to it,
    lost (5 lines, 4 results; 556 of 4,992 files of such lines, 60 now: a record
    short enough to be a piece, after a line ending where a value may follow)."""
    return wrapped_at(first, second) and (not _alone(second) or _inside(first, second))


def _inside(first: bytes, second: bytes) -> bool:
    """Whether ``second``, a record whole on its line, may be a value inside the record
    ``first`` leaves open: ``first`` ends where JSON takes a value (after a key's colon, an
    opening bracket or a comma; not in a number, nor after a string) and a wrap at one width
    could have left the two lines (:func:`_fits`)."""
    return first.rstrip(b" \t")[-1:] in (b":", b"[", b",") and _fits(first, second)


def _alone(line: bytes) -> bool:
    """Whether ``line`` (its line end off) is a record whole on its line: an object of
    JSON, from its brace to its own, blanks after it or not."""
    line = line.rstrip(b" \t")
    return line.startswith(b"{") and line.endswith(b"}") and is_json(line)


def wrapped_at(first: bytes, second: bytes) -> bool:
    """Whether ``second`` may be the line after ``first`` in a text wrapped at its blanks at
    one width (the first line's, at most :data:`_LONGEST`): no wider than the first and its
    first word, which did not fit on the first line. A line break typed into a record after
    a blank leaves a first line of any width and the rest of the record, most often wider:
    not joined, the record is one problem (before, joined, read without the character the
    line break was typed over). A second line starting with a bracket is joined whatever the
    widths: after a blank, that bracket is JSON's own (``"lines": [``), the line end typed
    between them, no character over it."""
    return second[:1] in (b"[", b"{") or _fits(first, second)


def _fits(first: bytes, second: bytes) -> bool:
    """Whether the widths of ``first`` and ``second`` are those of a text wrapped at its
    blanks at one width, the first line's (:func:`wrapped_at`), whatever they start with."""
    word = len(second.split(b" ", 1)[0])
    return len(first) <= _LONGEST and len(second) <= len(first) + word + 1


def _flowed(line: bytes) -> bool:
    """Whether ``line`` (a record's first line, its line end off) is one wrapped at a blank
    by format=flowed: wide enough, ending with a blank, no JSON value whole."""
    return len(line) >= _WIDTH and line.endswith(b" ") and not is_json(line)


def _joined(first: bytes, pieces: Iterator[bytes], head: bytes | None) -> Iterator[bytes]:
    """``first`` then ``pieces``, each line ending with a blank joined to the next (its line
    end moved after the next line not ending with one), but for a line starting as the
    first record did (``head``: its brace and first key) after a line leaving no bracket
    open but the record's own, or a record's first line leaving a string open: a record's
    start (after one cut at a blank), not a piece of one (a quote lost makes the strings
    after it read as what is between them: past the first line, no string is told open),
    or a record whole on its line that is no value inside the record (:func:`_inside`):
    each a record's start, its line a soft break of none (a blank after its ``}``).
    Past the record limit in one line, the rest is given as it is."""
    held = bytearray(first)
    moved = bytearray()  # (the line ends taken off, given after the record's last line)
    depth, quoted, soft = 0, False, False  # (the joined line's brackets open, its string
    joined, last = 0, b""  # open; whether the last line ended with a blank; the lines
    # joined; the last line)
    for more in chain([b""], pieces):
        held += more
        out = bytearray()
        pos = 0
        while (end := held.find(b"\n", pos)) != -1:
            stop = end - 1 if end > pos and held[end - 1] == 0x0D else end
            line = bytes(held[pos:stop])
            alone = line[:1] == b"{" and _alone(line)
            piece = alone and soft and _inside(last, line)
            if soft and ((head is not None and line.startswith(head) and (
                    (quoted and joined == 1) or (not quoted and depth <= 1))) or (
                    alone and not piece)):
                out += moved  # (the line before ended a record cut at a blank)
                moved.clear()
                depth, quoted, joined = 0, False, 0
            last = line
            if line.endswith(b" ") and (not alone or piece):
                depth, quoted = follow(line, depth, quoted)
                out += line
                moved += held[stop:end + 1]
                soft, joined = True, joined + 1
            else:
                out += held[pos:end + 1]
                out += moved
                moved.clear()
                depth, quoted, soft, joined = 0, False, False, 0
            pos = end + 1
        del held[:pos]
        if len(held) > MAX_RECORD_BYTES:
            yield bytes(out + moved + held)
            yield from pieces
            return
        if out:
            yield bytes(out)
    if held or moved:
        yield bytes(held + moved)


#: A record's start: its brace and first key.
_HEAD = re.compile(rb'\{[ \t]*"(?:[^"\\]|\\.)*+"[ \t]*:')
