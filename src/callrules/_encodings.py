"""Bytes to UTF-8 lines: the encoding of a source, and where its lines end.

A byte-order mark at the start says the encoding (UTF-8: skipped; UTF-16 or
UTF-32, as Excel's "Unicode text" writes: decoded line by line, so a byte lost or added
spoils one line, the next read in step with its newline again; without a mark, UTF-16 and UTF-32 are
known by the NULs of the first four bytes; a UTF-8 file joined after one read as UTF-8
from its first line), a final Ctrl-Z (``0x1A``, DOS end of file) is
dropped, and lines are split on ``\\n`` only (a carriage return is JSON whitespace, and a
CSV cell may hold one when quoted), except in a file whose first line ends with a carriage
return alone (old Mac; in JSON Lines, after a whole value or before a ``{``): its carriage
returns end lines. A line longer than :data:`MAX_RECORD_BYTES` is not kept.
"""

from __future__ import annotations

import codecs
import json
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Generator, Iterable, Iterator
from itertools import chain, takewhile
from typing import Literal

from callrules._csv_rows import SEP_LINE as _SEP_LINE

# What _LineEnds and _transcoded use from other modules is bound under the names it had
# when they were all one module (_sources.py), so that their code reads as it did.
from callrules._csv_rows import csv_cells as _cells
from callrules._csv_rows import csv_separator as _separator
from callrules._csv_rows import in_quote_after as _in_quote_after
from callrules._csv_rows import is_csv_header as _is_header
from callrules._invisible import is_blank
from callrules._json_lines import SEPARATORS as _SEPARATORS
from callrules._json_lines import is_json as _is_json
from callrules._json_lines import joined_values as _joined_values
from callrules._json_scan import LINE_ENDED_REST, follow
from callrules._json_values import JSON_SPACE as _JSON_SPACE
from callrules._reading import BOM, MAX_RECORD_BYTES, MAX_SKIP_BYTES, PIECE, GivenBack, Over
from callrules._reading import ESCAPED as _ESCAPED

__all__ = ["MARKS", "Mark", "decoded", "encoding_of", "lined", "lines", "mac_line_ends",
           "starts_record", "text_lines", "without_dos_eof"]

#: Byte-order marks of the encodings read besides UTF-8 (UTF-32 first: its little-endian
#: mark begins with UTF-16's).
_BOMS = ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"))
#: Every byte-order mark read, UTF-8's with them (UTF-32 before UTF-16).
MARKS = (BOM, *(mark for mark, _ in _BOMS))


class Mark:
    """A source's pieces passed on as they are, watched for UTF-8's byte-order mark at its
    start (in its first bytes however the pieces cut them). Only UTF-8's: ``fold -w``
    counts a UTF-8 text's bytes, its mark among them; a UTF-16 or UTF-32 text is read
    decoded, its mark no part of any line's width (before, any of :data:`MARKS` was taken
    for 3 bytes of the first line: a one-element array that lost a quote, then a CSV
    header 3 wider, 6 problems for a record and a row from a UTF-16 or UTF-32 file).

    >>> mark = Mark(iter([b"\\xef", b"\\xbb\\xbf{"]))
    >>> b"".join(mark), mark.seen()
    (b'\\xef\\xbb\\xbf{', True)
    >>> mark = Mark(iter([b"\\xff\\xfe{\\x00"]))
    >>> list(mark) and mark.seen()
    False
    """

    __slots__ = ("_head", "_pieces")

    def __init__(self, pieces: Iterator[bytes]) -> None:
        self._pieces = pieces
        self._head = b""

    def __iter__(self) -> Iterator[bytes]:
        for piece in self._pieces:
            if len(self._head) < len(BOM):
                self._head += piece[:len(BOM) - len(self._head)]
            yield piece

    def seen(self) -> bool:
        """Whether the text read so far starts with UTF-8's byte-order mark."""
        return self._head.startswith(BOM)


#: UTF-16 and UTF-32 without a mark, by their first four bytes (UTF-16: two), NUL (0) or
#: not (x): the first character is ASCII (what follows it may not be: a mark, a letter).
_UNMARKED = {"000x": "utf-32-be", "x000": "utf-32-le", "0x": "utf-16-be", "x0": "utf-16-le"}
_DOS_EOF = b"\x1a"
_LINE_END = re.compile(rb"[\r\n]")


def _bad_bytes(error: UnicodeError) -> tuple[str, int]:
    """Decoding UTF-16 or UTF-32: bytes that are not text become one lone surrogate, which
    is written back as bytes that are not UTF-8, so the record holding them reads as
    ``not_utf8``."""
    assert isinstance(error, UnicodeDecodeError)
    return "\udcff", error.end


codecs.register_error("callrules.not_text", _bad_bytes)


def decoded(pieces: Iterator[bytes], told: bool = False) -> Iterator[bytes]:
    """UTF-8 bytes: a UTF-8 byte-order mark dropped, UTF-16 or UTF-32 (said by their mark,
    or by their NULs: :func:`encoding_of`) decoded and written again as UTF-8. Text as it
    comes, read line by line as UTF-8 (a UTF-8 line after UTF-16 or UTF-32 text ends it
    only where a UTF-16 line's end would); a source of JSON values that holds UTF-16 or
    UTF-32 text (NULs every other or three bytes in four: :data:`_MAY_BE_WIDE`)
    and no more than :data:`_READ_TWICE` bytes is read a second way too, where a line end
    of one byte or a UTF-8 line after UTF-16 text ends its line (:func:`_read`), and that
    reading is taken if it reads more whole lines and no more other lines
    (:func:`_reads_more`, its lines ended as the reader ends them: by a carriage return
    alone too unless the format is ``told``), or else, that one refused, a second reading
    ending such a line of JSON only after a closing bracket: never fewer records than the
    first. A longer source is read once, and twice from each line in another encoding
    within a window (:func:`_either_way`): no more is held than the window, and a record
    after such a line is lost no more for the source's length alone (nor after one
    shorter than the window that starts in the first 16 KiB and ends past them: the source
    read again from its start then, as within; nor after a longer one, of 9,000
    characters: its window widened to its end, up to :data:`_JUDGED`), but still lost as
    within 16 KiB at times: after two such lines side
    by side ended by a carriage return and a line feed of one byte each. Within 16 KiB, a
    reading by enc64's rules is taken only if it loses no value of the one as before, both
    read both ways where the first bytes leave the encoding in doubt; past 16 KiB, nothing
    is compared with a reading as before, and a window is read by the rules as before:
    lines that are no record every second or third line are read there as before enc64,
    and records between them lost (as they are at any length when ended by a carriage
    return of one byte each): left; in time growing faster than their number still (no
    line's bytes searched again at each piece, :meth:`_LineEnds.line_end`, but each line
    held decoded again from its start: 16,000 such lines in 9 s, 32,000 in 33 s). Text
    before such bytes is given as it comes, and all of a CSV file (its rows are read the
    first way: a line of other text may have as many cells as the header)."""
    pieces = iter(pieces)
    kept: list[bytes] | None = []  # the source's pieces, while it may be read twice
    back: list[bytes] = []  # pieces read ahead, given to the first reading if it goes on
    size, foreign, tail = 0, False, b""
    window = _Window(told)  # (on once the source is too long to be read twice whole)
    late: list[bytes] | None = None  # the pieces, kept on past 16 KiB if they showed such
    # text before, until the first reading's next text (so that text read again as within)

    def watched() -> Iterator[bytes]:
        nonlocal kept, size, foreign, tail, late
        while (piece := back.pop(0) if back else next(pieces, None)) is not None:
            if not foreign and kept is not None:  # (the last bytes before: a piece may
                foreign = _MAY_BE_WIDE.search(tail + piece) is not None  # cut a pattern)
                tail = (tail + piece)[-4:]  # (the longest pattern, less one byte: a
                # line end then UTF-32BE's mark, 00 00 FE FF, five bytes)
            if late is not None:
                late.append(piece)
                size += len(piece)
                late = late if size <= _READ_TWICE + PIECE else None
            if kept is not None and not back:
                kept.append(piece)
                size += len(piece)
                late = kept if foreign and size > _READ_TWICE else None
                kept = kept if size <= _READ_TWICE else None
                window.on = kept is None
            yield piece

    doubts: list[str] = []  # (UTF-32 without a mark, or UTF-8: read both ways)
    reading, given, start = _read(watched(), False, doubts=doubts, window=window), 0, b""
    for text in reading:
        start += text[:_FIRST_KEPT - len(start)]
        if doubts and kept is not None and not given:
            break  # (nothing given yet: both readings are read from the start)
        if foreign and kept is None and late is not None:  # (that text found in the first
            kept = late if _JSON_START.match(start) else None  # 16 KiB, the source longer,
            late = None  # none of it given yet: read again from the start, as within)
        if foreign and kept is not None:
            if _JSON_START.match(start):
                break  # (that text held back: both readings are read from the start)
            if not _JSON_START.match(start + b"\n{"):
                kept = None  # CSV: read once (too little read to tell: given, told later)
        given += len(text)
        yield text
    else:
        return
    while size <= _READ_TWICE and (piece := next(pieces, None)) is not None:
        back.append(piece)
        size += len(piece)
    if size > _READ_TWICE:  # too long to read twice whole: read once, and twice within a
        reading.close()  # window from each line in another encoding (read again from the
        window.on = False  # start, what was given passed over: read as it was)
        yield from _passed(given, _read(chain(kept, back, pieces), False, window=window),
                           window)
        return
    reading.close()
    assert kept is not None
    kept += back
    first = b"".join(_read(iter(kept), False))
    if _JSON_START.match(first[:_FIRST_KEPT]):  # (not ``start``: a doubt stops at the first text)
        seconds: dict[bool, tuple[bytes, int]] = {}
        taken = _taken(kept, first, told, given, now := _NextLines(), seconds)
        before = _taken(kept, first, told, given, _NextLines(records_only=True),
                        {} if now.used else seconds)  # (the reading taken as before enc64:
        if taken != before and _values(before, told, True) - _values(taken, told):  # if the
            taken = before  # one taken now loses a value the reader finds in it, that
        # one: never a record read before lost; the same readings unless a line that
        # opens no record told a line end)
    else:
        taken = before = first
    if doubts and not given:  # (UTF-32 without a mark, or UTF-8: the better of both)
        other = b"".join(_read(iter(kept), False, taken=doubts[0]))
        taken, before = (other if _reads_better(other, one, told) else one
                         for one in (taken, before))
        if taken != before and _values(before, told, True) - _values(taken, told):
            taken = before  # (compared again once both are read both ways: the final one
            # as before, never a value of it lost)
    yield taken[given:]


class _NextLines:
    """Whether, in a reading of a source (:func:`_taken`), a line end of one byte each in
    UTF-16 or UTF-32 text among UTF-8 lines is told, after a whole UTF-8 line, by any line
    in the text's own encoding, a record or not (as since enc64), or only by one opening
    a record (``records_only``: as before), and whether that made a line end told there
    (``used``: a reading as before would differ). Made for one reading, and read after it:
    :func:`_utf8_after` is the only one to write it."""

    def __init__(self, records_only: bool = False) -> None:
        self.records_only = records_only
        self.used = False

    def any_line(self) -> bool:
        """Whether a line that opens no record tells the line end (a line end that a
        reading as before would not have told)."""
        self.used = True
        return not self.records_only


def _taken(kept: list[bytes], first: bytes, told: bool, given: int, next_lines: _NextLines,
           seconds: dict[bool, tuple[bytes, int]]) -> bytes:
    """The reading of ``kept`` taken (:func:`decoded`): the second (:func:`_read`'s
    ``wide``), a line end of one byte ending a line after any character, or, that one
    refused, only after a closing bracket (as before enc63: never fewer records than
    the first), if it reads more (:func:`_reads_more`) and starts with the ``given`` bytes
    of the ``first``; else the first. ``next_lines``: how lines after a whole UTF-8 line
    tell a line end, ``records_only`` read as before enc64 (a line of the second that is
    not whole then only the start of one of the first's); ``seconds``: the readings made
    (by ``bracketed``) and how :func:`_reads_more` took them, given again and kept (each
    made and compared once)."""
    for bracketed in (False, True):
        if (made := seconds.get(bracketed)) is None:
            second = b"".join(_read(iter(kept), True, bracketed=bracketed,
                                    next_lines=next_lines))
            made = seconds[bracketed] = (second, _reads_more(
                second, first, told, None, not bracketed, not next_lines.records_only))
        second, how = made
        if how and (how == _MORE or not next_lines.records_only) and second.startswith(
                first[:given]):
            return second
    return first


#: How many bytes of a source holding UTF-16 or UTF-32 text are read twice, at most
#: (:func:`decoded`).
_READ_TWICE = PIECE // 4
#: What says a source may hold UTF-16 or UTF-32 text (:func:`decoded`): NULs every other
#: byte or three in four, as a JSON value's ASCII brackets and quotes are written there (a
#: NUL alone in UTF-8 text says nothing, nor bytes ``FF FE`` inside a line: Latin-1's
#: "ÿþ"); or a UTF-16 or UTF-32 byte-order mark where :data:`_OTHER_ENCODING` looks for
#: one, after a line end or a record's closing bracket: a line of one character after it
#: (``7``, ``上``; ``FF FE 37 00 0A`` in UTF-16) shows no NULs every other byte, and all the
#: lines after it were lost when the source was not read twice (look72e, enc73).
_MAY_BE_WIDE = re.compile(rb"[^\0]\0[^\0]\0|\0[^\0]\0[^\0]|[^\0]\0\0\0|\0\0\0[^\0]"
                          rb"|[\r\n}\]](?:\xff\xfe|\xfe\xff|\0\0\xfe\xff)")
#: What is in no whole line of a second reading (:func:`_reads_more`): a C0 control other
#: than tab and line ends (a NUL among them), and the noncharacters U+FFFE and U+FFFF (a
#: byte-swapped mark): text read in the wrong byte order holds them.
_NOT_IN_WHOLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _read(pieces: Iterator[bytes], wide: bool, *, doubts: list[str] | None = None,
          taken: str | None = None, window: _Window | None = None, bracketed: bool = False,
          next_lines: _NextLines | None = None) -> Generator[bytes, None, None]:
    """The UTF-8 bytes of ``pieces`` (:func:`decoded`), ``wide``: a line end of one byte each
    in UTF-16 text among UTF-8 lines, and a UTF-8 line after one, end its line too.
    ``doubts``: given the encoding its first bytes alone say when :func:`encoding_of` reads
    UTF-8 (:func:`_in_doubt`), before the first bytes are given; ``taken``: that encoding
    read instead; ``window``: read twice from each line in another encoding, once on
    (:func:`_either_way`); ``bracketed``: ``wide``, a line end of one byte ends a line of
    JSON only after a closing bracket (:func:`_byte_line_end`)."""
    head = b""
    marks = MARKS
    for piece in pieces:  # four bytes, unless two or more came that start no mark and
        head += piece     # hold no NUL (a worker's first line is given as soon as it comes)
        lead = len(head) - len(head.lstrip(b"\0"))  # (NULs first: up to 20 bytes after)
        if (len(head) >= lead + 20 or lead >= _MOST_LEADING) if b"\0" in head[:4] else (
                len(head) >= 4 or (
                len(head) >= 2 and b"\0" not in head
                and not any(mark.startswith(head) for mark in marks))):
            break  # (a NUL in the first four: the characters after the NULs tell)
    lead = len(head) - len(head.lstrip(b"\0"))
    skip, encoding = (lead - lead % 4, taken) if taken else encoding_of(head)
    if doubts is not None and (doubt := _in_doubt(head, encoding)):
        doubts.append(doubt)
    if encoding is None:
        yield from _in_turn(_then_other_encoding(chain([head[skip:]], pieces), wide=wide,
                                                 window=window, bracketed=bracketed,
                                                 next_lines=next_lines))
        return
    yield from _in_turn(_transcoded(chain([head[skip:]], pieces), encoding, True,
                                    wide=wide, window=window, bracketed=bracketed,
                                    next_lines=next_lines))


#: What :func:`_reads_more` answers: the second reading holds no more (``_NOT_MORE``), more
#: as before enc64 (``_MORE``), or more by the rules of enc64 only (``_MORE_BY_ENC64``:
#: taken only where compared with a reading as before, :func:`_taken`).
_NOT_MORE, _MORE, _MORE_BY_ENC64 = 0, 1, 2


def _reads_more(second: bytes, first: bytes, told: bool = False, kind: _Kind | None = None,
                may_part: bool = True, inside: bool = True, windowed: bool = False) -> int:
    """Whether the UTF-8 text ``second`` holds every whole line of its source's kind that
    ``first`` holds (:data:`_NOT_MORE`: no; :data:`_MORE`: yes, as before enc64;
    :data:`_MORE_BY_ENC64`: yes by the rules of enc64 only: ``inside``) (:class:`_Kind`:
    JSON values, CSV rows of the header's cells), and more, and no more lines that are not
    whole (not UTF-8, not a value, not a row; blank ones aside): it loses no record of the
    first and spoils none. A line of the first that is no record may become several
    records in the second (a UTF-16 line ended by a line
    feed of one byte among UTF-8 lines, which the first reading runs into the lines after
    it), and a line of the second that is not whole the start of one of the first's that
    it parts (a line in UTF-16 that is no record, the lines after it run into it by the
    first), unless a carriage return alone parts values in a line of the second; or,
    ``inside`` (else as before enc64), those lines of the second part the first's in
    their order (:func:`_inside`) or are no fewer, none of the first's holding a value
    (:func:`_holds_a_value`), and no value the reader finds in the first's lines is
    missing from the second's (:func:`_values`); ``windowed`` (a window's readings, the
    first's last line read again after it: :func:`_either_way`), no fewer of those lines
    than of the first's they part (none of them runs over the start of a line the next
    window would read). Lines are counted as the reader ends them
    (:func:`_reader_lines`). A line holding a control
    character or a noncharacter (:data:`_NOT_IN_WHOLE`) is not whole, and only JSON
    is read so (a CSV row is any line with as many separators: :func:`decoded` reads twice
    a source of JSON only). ``kind``: the source's, if ``first`` is not from its start;
    ``may_part``: whether a line of the second that is not whole may part one of the first
    (else none may be: as before enc63)."""
    kind = kind or _Kind(first[:_FIRST_KEPT])

    def counted(text: bytes) -> tuple[Counter[bytes], list[bytes]]:
        whole: Counter[bytes] = Counter()
        other: list[bytes] = []  # (in the text's order)
        for parts in _reader_lines(text, told):
            if all(_whole(part, kind, _NOT_IN_WHOLE) for part in parts):
                whole.update(parts)
            else:
                other += (part for part in parts if part.decode("utf-8", "replace").strip())
        return whole, other

    (more, others), (fewer, most) = counted(second), counted(first)
    if not (more.total() > fewer.total() and not fewer - more):
        return _NOT_MORE
    extra, gone = _less(others, most), _less(most, others)
    if extra and (not may_part or any(len(parts) > 1 for parts in _reader_lines(second, told))):
        return _NOT_MORE  # (values parted by a carriage return alone after a line left open:
    # read as one record over lines, not each)
    if _starts_each(extra, gone):
        return _MORE  # (each the start of one of them: as before enc64)
    return _MORE_BY_ENC64 if (inside and (_inside(extra, gone) or (
        (len(extra) >= len(gone) if windowed
         else more.total() + len(others) >= fewer.total() + len(most))
        and not any(map(_holds_a_value, gone)))) and not (
        _values(first, told) - _values(second, told))) else _NOT_MORE  # (no fewer lines,
    # none of the first's it parts holding a record read apart: the second's lines of
    # other text
    # elsewhere, as where a whole UTF-8 line of the second starts the first's line; and
    # every value the reader finds in the first's lines found in the second's: a record
    # after bytes that are not text, read in step by the first only)


def _starts_each(parts: list[bytes], lines: list[bytes]) -> bool:
    """Whether each of ``parts`` is the start of one of ``lines``, one to one."""
    left = sorted(lines)
    for part in sorted(parts):
        at = bisect_left(left, part)
        if at == len(left) or not left[at].startswith(part):
            return False
        del left[at]
    return True


#: A run of bytes that are not text, or of the marks of such bytes (U+DCFF), in a line
#: (:func:`_values`): the reader finds the values between them apart.
_ESCAPED_RUN = re.compile("[\udc80-\udcff]+")


def _values(text: bytes, told: bool, apart: bool = False) -> Counter[str]:
    """The JSON values the reader finds in the lines of the UTF-8 text ``text``, each
    counted: in a line that is not UTF-8, those it holds whole between bytes that are not
    (:func:`~callrules._json_lines.joined_values`, as the reader parts such a line);
    ``apart``: also those between runs of such bytes or their marks (:data:`_ESCAPED_RUN`),
    for the reading as before only: a record it reads there is not lost unseen."""
    found: Counter[str] = Counter()
    for parts in _reader_lines(text, told):
        for part in parts:
            decoded = part.decode("utf-8", "surrogateescape")
            for piece in _ESCAPED_RUN.split(decoded) if apart else [decoded]:
                for value in _joined_values(piece):
                    if not _ESCAPED.search(value) and _is_value(value):
                        found[value.strip(_JSON_SPACE)] += 1
    return found


def _is_value(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def _holds_a_value(line: bytes) -> bool:
    """Whether ``line``, or a part of it a carriage return or a record separator ends,
    is a JSON value in UTF-8 (read as a record though the line is not whole: a control
    character, a noncharacter, a carriage return alone in JSON Lines told so)."""
    for part in re.split(rb"[\r\x1e]", line):
        try:
            json.loads(part.decode("utf-8"))
        except ValueError:  # (UnicodeDecodeError, JSONDecodeError)
            continue
        return True
    return False


def _less(lines: list[bytes], others: list[bytes]) -> list[bytes]:
    """``lines`` in their order, without as many of each as ``others`` holds."""
    count = Counter(others)
    left = []
    for line in lines:
        if count[line] > 0:
            count[line] -= 1
        else:
            left.append(line)
    return left


def _inside(parts: list[bytes], lines: list[bytes]) -> bool:
    """Whether ``parts`` (lines of a second reading, not whole, not in the first) part
    ``lines`` (the first's lines not whole, not in the second), in their order: the first
    of them the start of one of those lines, each next the start of the next line or inside
    the line it follows (a line in UTF-16 that is no record, the UTF-8 lines after it and
    the next such line run into one line by the first reading: that next line's text
    inside it, or read out of step there after UTF-8 text of an odd length). Each line is
    looked at once: linear in their count."""
    at = -1
    for part in parts:
        if at + 1 < len(lines) and lines[at + 1].startswith(part):
            at += 1
        elif at < 0:
            return False
    return True


def _reader_lines(text: bytes, told: bool) -> Iterator[list[bytes]]:
    """The lines of the UTF-8 text ``text`` as the reader ends them, each as the values it
    reads in it: lines end at line feeds, and at a carriage return alone too in a text
    whose first line holds one (old Mac); a carriage return alone inside a line parts
    values the reader reads each if all are whole (a damaged one among them: the whole
    line one problem), unless the format is ``told`` (JSON Lines: the line one value)."""
    mac = not told and b"\r" in text.split(b"\n", 1)[0].removesuffix(b"\r")
    for line in (_ANY_LINE_END if mac else _LINE_FEED).split(text):
        parts = [line] if told else [part for part in line.split(b"\r") if part.strip(b" \t")]
        if parts and any(part.decode("utf-8", "replace").strip() for part in parts):
            yield parts


def _whole(line: bytes, kind: _Kind, not_whole: re.Pattern[str]) -> bool:
    """Whether ``line`` is a whole line of ``kind``: UTF-8, a value or a row, nothing
    ``not_whole`` finds in it."""
    try:
        read = line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return kind.whole(read) and not not_whole.search(read)


def _lines(text: bytes, kind: _Kind, told: bool, not_whole: re.Pattern[str]
           ) -> tuple[Counter[bytes], Counter[bytes]]:
    """The whole lines of the UTF-8 text ``text`` (:func:`_whole`), and the others (blank
    ones aside), each counted: how :func:`_reads_better` compares two readings. Its lines
    are ended by any line end (``told``: by a line feed only, as the reader of JSON Lines
    ends them)."""
    whole: Counter[bytes] = Counter()
    other: Counter[bytes] = Counter()
    for line in (_LINE_FEED if told else _ANY_LINE_END).split(text):
        if not line.decode("utf-8", "replace").strip():
            continue  # (blank lines aside)
        if _whole(line, kind, not_whole):
            whole[line] += 1
        else:
            other[line] += 1
    return whole, other


def _in_doubt(head: bytes, said: str | None) -> str | None:
    """The encoding the first four bytes of ``head`` say alone, UTF-32 without a mark (a
    character then three NULs, or three NULs then one: no NUL byte before them but
    UTF-32 big-endian's own three, and no byte-order mark after NUL bytes), when
    :func:`encoding_of` ``said`` another because the next four do not say it again
    (:func:`_unmarked`): a byte lost or added there in UTF-32 text, or UTF-8 or UTF-16
    text starting with a character and NULs. Which it is, the records tell
    (:func:`_reads_better`), not the bytes."""
    lead = len(head) - len(head.lstrip(b"\0"))
    if any(head.startswith(mark, at) for at in range(lead + 1) for mark in MARKS):
        return None  # (a byte-order mark after NUL bytes says the encoding: no doubt)
    if lead not in (0, 3):
        return None  # (NULs before: padding both readings pass over, not UTF-32's own)
    found = _UNMARKED.get("".join("0" if b == 0 else "x" for b in head[:4]))
    return found if found and "32" in found and found != said and len(head) >= 8 else None


def _reads_better(other: bytes, first: bytes, told: bool = False) -> bool:
    """Whether the UTF-8 text ``other`` (a source read in the encoding its first bytes
    said, :func:`_in_doubt`) is a better reading than ``first`` (read as UTF-8): it holds
    every whole line of ``first`` (:class:`_Kind`, each reading by its own first bytes), no
    more lines that are not (no record spoilt that was not), and more whole lines, or as
    many and fewer characters that are no text (a
    control character, a byte that is not UTF-8): UTF-32 read as UTF-8 is three NULs in
    four bytes, UTF-8 read as UTF-32 code points that are none."""

    def counted(text: bytes) -> tuple[Counter[bytes], int, int]:
        text = text.strip(b"\0")  # (NUL padding, first or last: the reader passes over it)
        whole, others = _lines(text, _Kind(text[:_FIRST_KEPT]), told, _NO_TEXT)
        return whole, others.total(), len(_NO_TEXT.findall(text.decode("utf-8", "replace")))

    (more, many, worse), (fewer, most, bad) = counted(other), counted(first)
    return not fewer - more and many <= most and (more.total() > fewer.total() or (
        more.total() == fewer.total() and worse < bad))


#: What is no text in a reading (:func:`_reads_better`): a C0 control other than tab and
#: line ends, a noncharacter, a byte that is not UTF-8.
_NO_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd\ufffe\uffff]")


#: How many NUL bytes at a source's start are looked past for the text after them.
_MOST_LEADING = 4096
#: How many bytes after a source's leading NULs tell its encoding (:func:`encoding_of`):
#: its mark, the NULs after it, and enough characters to tell UTF-16 from UTF-32.
_LOOKED_AT = _MOST_LEADING + 64
#: A source's leading NUL bytes.
_LEADING_NULS = re.compile(rb"\0*")


def encoding_of(head: bytes) -> tuple[int, str | None]:
    """How many of the first bytes of a source (``head``, 20 after its first NULs) to drop,
    and its encoding (None: UTF-8), by its byte-order mark or by where its NULs fall (RFC
    4627: JSON text starts with an ASCII character). UTF-32's little-endian mark
    (``FF FE 00 00``) is also UTF-16's mark then a NUL character: it is UTF-32 only if
    what follows reads as UTF-32 (code points of characters) or not as UTF-16, and
    UTF-32's big-endian one is also a NUL character of UTF-16 then its mark. NUL
    characters before the text (whole characters of its encoding), and NUL bytes before a
    mark, are dropped.

    >>> encoding_of(b"\\xff\\xfe\\x00\\x00[\\x00\\x00\\x00{\\x00\\x00\\x00")
    (4, 'utf-32-le')
    >>> encoding_of(b"\\xff\\xfe\\x00\\x00[\\x00{\\x00\\x22\\x00i\\x00")
    (4, 'utf-16-le')
    >>> encoding_of(b"\\x00\\x00[\\x00{\\x00\\x22\\x00i\\x00d\\x00")
    (2, 'utf-16-le')
    >>> encoding_of(b"\\x00\\xff\\xfe[\\x00{\\x00"), encoding_of(b'\\x00{"id": 1}')
    ((3, 'utf-16-le'), (0, None))
    >>> encoding_of(b"\\x00" * 3 + b"\\xfe\\xff" + b"\\x00" * 7 + b"{\\x00\\x00\\x00}")
    (9, 'utf-32-be')
    """
    leading = _LEADING_NULS.match(head)  # (a whole body given: its head alone decides, as
    head = head[:(leading.end() if leading else 0) + _LOOKED_AT]  # the command line's first
    # piece does, in time bounded by it)
    if head.startswith(BOM):
        return len(BOM), None
    for mark, encoding in _BOMS:
        if head.startswith(mark) and (len(mark) == 2 or _utf32(
                head[len(mark):], encoding) or not _utf16(head[2:] if encoding.endswith(
                    "le") else head[4:], "utf-16" + encoding[-3:])):  # (UTF-32 a byte off)
            nuls = len(head) - len(mark) - len(head[len(mark):].lstrip(b"\0"))
            return len(mark) + nuls - nuls % (4 if "32" in encoding else 2), encoding
    lead = len(head) - len(head.lstrip(b"\0"))
    if lead and head[lead:].startswith((BOM, *(mark for mark, _ in _BOMS))):
        if lead > 2 and head[lead:].startswith(b"\xfe\xff") and _utf32(
                head[lead + 2:], "utf-32-be"):  # (UTF-32's big-endian mark last, then
            nuls = len(head) - lead - 2 - len(head[lead + 2:].lstrip(b"\0"))  # maybe NUL
            return lead + 2 + nuls - nuls % 4, "utf-32-be"  # characters: dropped too)
        skip, after = encoding_of(head[lead:])  # (NUL bytes before a mark)
        return lead + skip, after
    if lead >= 2:  # (NUL characters before UTF-16 or UTF-32 text: their first whole ones)
        for width in (4, 2):
            start = lead - lead % width
            found = _unmarked(head[start:start + 8])
            if found is not None and ("32" in found) == (width == 4):
                return start, found
    return 0, _unmarked(head[:8])


def _utf16(text: bytes, encoding: str) -> bool:
    """Whether ``text`` (the bytes after UTF-16's mark) reads as UTF-16 text in
    ``encoding``, its NUL characters, marks again (U+FEFF: files joined, a mark written
    twice) and other blanks beyond ASCII (:func:`~callrules._invisible.is_blank`: an
    ideographic space, U+1680…) first passed over: else what UTF-32's mark starts is
    UTF-32 (a byte lost or added after its mark: that line spoilt, not every line).
    Before, UTF-16's mark, a NUL character, then the mark again or such a blank was read
    as UTF-32: 1 result for 3 records.

    >>> _utf16(b"\\x00\\x00\\xff\\xfe[\\x00{\\x00\\x22\\x00i\\x00", "utf-16-le")
    True
    """
    nuls = len(text) - len(text.lstrip(b"\0"))
    start = nuls - nuls % 2
    while start + 2 <= len(text) and (text[start:start + 2] == b"\0\0" or (
            (unit := text[start:start + 2].decode(encoding, "replace")) > "\x7f"
            and is_blank(unit))):
        start += 2
    return _unmarked(text[start:start + 8]) == encoding


def _utf32(text: bytes, encoding: str) -> bool:
    """Whether ``text`` (the first bytes after a mark) may be UTF-32 in ``encoding``: code
    points (not above U+10FFFF, no surrogate, none in the planes no character is in). Its
    length is not asked (a length not in fours is a byte lost or added as often: each way
    in, a stream too, reads the same first bytes alike)."""
    for at in range(0, len(text) - 3, 4):
        unit = text[at:at + 4]
        point = int.from_bytes(unit, "little" if encoding.endswith("le") else "big")
        if point > 0x10FFFF or 0xD800 <= point <= 0xDFFF or 0x40000 <= point < 0xE0000:
            return False  # (planes 4 to 13 hold no character: UTF-16's ASCII, a line end
    return True  # or a tab after a character, reads as one of them)


#: A reader of one encoding's text, which ends by naming the reader of the rest (another
#: encoding's text joined after it), or None.
_Turn = Generator[bytes, None, "_Turn | None"]


def _ahead(read: bytes, pieces: Iterator[bytes]) -> GivenBack[bytes]:
    """``pieces`` with ``read`` (bytes read ahead of them) before them: the one object handed
    from reader to reader at each change of encoding (:class:`GivenBack`)."""
    ahead = pieces if isinstance(pieces, GivenBack) else GivenBack(pieces)
    if read:
        ahead.give_back([read])
    return ahead


def _in_turn(reader: _Turn) -> Iterator[bytes]:
    """The bytes of ``reader``, then of each reader it hands the rest to, one after the
    other, not one inside the other: a text switching between UTF-8 and UTF-16 at every
    line (thousands of times) is read in constant depth, never nested until Python's
    recursion limit."""
    turn: _Turn | None = reader
    while turn is not None:
        turn = yield from turn


def _mark_alone(width: int) -> bytes:
    """What follows a byte-order mark alone on a line of UTF-8 JSON, within the 8 bytes from
    the mark's first that a line is held for (the same bytes however they come; ``width``
    of them after a line end of one byte, one fewer after CR LF): a record's ``{`` or ``[``
    then UTF-8 text, each byte printable ASCII or of a character above it, no ASCII byte
    before a continuation byte, no lead byte before another. Text in the mark's encoding
    whose first character has a byte 0A or 0D next to the mark (UTF-16LE "上" is ``0A 4E``,
    "不" ``0D 4E``; UTF-16BE Gurmukhi ``0A xx``, Malayalam and Sinhala ``0D xx``; UTF-32LE
    any such character, its fourth byte a NUL) reads otherwise there: no bracket (but for
    four rare CJK characters, U+5B0A, U+5B0D, U+7B0A, U+7B0D), a NUL (an ASCII character's,
    a line end's), a 0A or 0D again (the same script), a control or a lone continuation byte
    (a CJK character's). A mark before another line (a CSV row) starts that encoding's text,
    as it always did."""
    def text(count: int) -> bytes:
        return (rb"(?=[{\[][\x20-\x7e\x80-\xbf\xc2-\xf4]{%d})" % (count - 1)
                + rb"(?![\x00-\xff]{0,%d}(?:[\x20-\x7e][\x80-\xbf]|[\xc2-\xf4][^\x80-\xbf]))"
                % (count - 2))
    return rb"(?:\r\n" + text(width - 1) + rb"|[\r\n]" + text(width) + rb")"


#: A line of UTF-16 or UTF-32 text starting in UTF-8 text (files of both joined): its
#: byte-order mark, or four ASCII characters (UTF-16; two in UTF-32) without one, line
#: ends among them but the first (a pretty record's ``[`` or ``{`` alone on its line), the
#: first may be a record separator (``jq --seq``). A mark alone on a line of UTF-8 JSON
#: (:func:`_mark_alone`) starts none: that line is a problem, the lines after it UTF-8.
_OTHER_ENCODING = re.compile(
    # UTF-32BE's mark: its first character's first byte is 00, never a line end's
    rb"(\x00\x00\xfe\xff(?![\r\n])"
    # UTF-32LE's mark: a 0A or 0D after it is its first character's first byte (a NUL its
    # fourth) unless a UTF-8 line follows
    rb"|\xff\xfe\x00\x00(?!" + _mark_alone(3) + rb")"
    # UTF-16BE's mark
    rb"|\xfe\xff(?!" + _mark_alone(5) + rb")"
    # UTF-16LE's mark, never the start of UTF-32LE's (FF FE 00 00), its own line end (0A 00)
    # an empty line
    rb"|\xff\xfe(?!\x00\x00)(?!" + _mark_alone(5) + rb"))"
    # or no mark: ASCII characters (the first maybe a tab or RS), a NUL where each encoding
    # puts it: UTF-32LE, UTF-32BE, UTF-16LE, UTF-16BE
    rb"|(?=[\t\x1e -~]\x00\x00\x00[\t\n\r -~]\x00\x00\x00"
    rb"|\x00\x00\x00[\t\x1e -~]\x00\x00\x00[\t\n\r -~]"
    rb"|[\t\x1e -~]\x00(?:[\t\n\r -~]\x00){3}|\x00[\t\x1e -~](?:\x00[\t\n\r -~]){3})")
#: The same after a line end (searched for as such: the line end found first), a carriage
#: return alone too (old Mac line ends: a UTF-16 file joined after a UTF-8 one ended so).
_OTHER_AFTER_NEWLINE = re.compile(b"[\r\n](?:" + _OTHER_ENCODING.pattern + b")")
#: The same after a record's end (``}`` or ``]``, the last of those in a row) in JSON, no line
#: end between.
_OTHER_AFTER_CLOSE = re.compile(b"[}\\]](?![}\\]])(?:" + _OTHER_ENCODING.pattern + b")")
#: What UTF-16 or UTF-32 text holds, and UTF-8 text never or seldom: a NUL, a mark's byte.
_NOT_UTF8_START = re.compile(b"[\x00\xfe\xff]")
#: How much of the first line is kept to tell it again (a CSV header repeated).
_FIRST_KEPT = 4096
#: A source of JSON values (a record, an array, an RFC 7464 sequence): a UTF-16 or UTF-32
#: file joined after it (PowerShell 5.1's ``>>``) is decoded and read as UTF-8 text is, its
#: records judged as when it comes first (a CSV file's other rows are each a problem); a
#: line of text above the JSON (a title: no bracket, brace or quote) leaves it JSON. (The
#: title starts at its first character that is no blank: the blanks before it are matched
#: one way only, in time linear in their length.)
_JSON_START = re.compile(rb"[ \t\r\n]*(?:[^ \t\r\n{}\[\]\"\x1e][^\n{}\[\]\"\x1e]*\n[ \t\r\n]*)?"
                         rb"[\[{\x1e]")


def _then_other_encoding(pieces: Iterable[bytes], source_first: bytes | None = None,
                         wide: bool = True, window: _Window | None = None,
                         bracketed: bool = False, next_lines: _NextLines | None = None) -> _Turn:
    """UTF-8 pieces, as they come, up to a line in UTF-16 or UTF-32 (a file in one of
    them joined after a UTF-8 one, ``cat a.csv b.csv``, or lines appended in it, Windows
    PowerShell 5.1's ``>>``): from there, that text decoded line by line and read as the
    same text in UTF-8 would be, back to UTF-8 at the first UTF-8 line after it
    (:func:`_transcoded`). The first bytes of a line are held until eight show whether it
    is one. ``source_first``: the first bytes of the source, when UTF-8 text is read again
    after such lines (they tell JSON from CSV, and hold a CSV file's header). ``window``,
    once on: in JSON, such a line is read both ways (:func:`_either_way`); ``bracketed``:
    :func:`_read`'s."""
    first, held, line_start = source_first or b"", b"", True  # held: the bytes after a
    bounds: list[int] = []  # newline, too few; where the pieces joined in ``held`` start:
    pieces = iter(pieces)  # given as they came
    for piece in pieces:
        if source_first is None and len(first) < _FIRST_KEPT and first.count(b"\n") < 2:
            first += piece[:_FIRST_KEPT]
        if held:
            bounds.append(len(held))
        held += piece
        json = _JSON_START.match(first) is not None  # (then after a record's end too)
        found = _NOT_UTF8_START.search(held) and (
            (line_start and _OTHER_ENCODING.match(held)) or _OTHER_AFTER_NEWLINE.search(held))
        if json and found and held[found.start() + (found.re is not _OTHER_ENCODING):][
                :1] in (b"}", b"]"):  # JSON's closing bracket ends the UTF-8 text: no text
            found = None  # in another encoding starts with one
        if json and _NOT_UTF8_START.search(held) and (
                close := _OTHER_AFTER_CLOSE.search(held)) and (
                not found or close.start() < found.start()):
            found = close  # (a file without a final line end, the other appended to it)
        start = found.start() + (found.re is not _OTHER_ENCODING) if found else 0
        if found and len(held) - start >= 8:  # (a mark's first bytes: more may follow)
            mark = found.group(1) or b""
            encoding = next((name for bom, name in _BOMS if bom == mark), None) if mark \
                else _unmarked(held[start:start + 4])
            if encoding is not None:  # (always: a mark or an unmarked start was found)
                yield from _parts(held, bounds, start)  # the other text read as it is (in
                if json and not wide and window is not None and window.on:
                    return _either_way(_ahead(held[start + len(mark):], pieces), encoding,
                                       first, window)
                if wide or json:  # its turn), back to UTF-8 where UTF-8 lines come
                    return _transcoded(_ahead(held[start + len(mark):], pieces), encoding,
                                       True, first if wide else None, wide, window,
                                       bracketed, next_lines)
                header, *after = first.split(b"\n", 2)  # (after Excel's separator line)
                if after and _SEP_LINE.fullmatch(header.rstrip(b"\r").decode("utf-8",
                                                                           "replace")):
                    header = after[0]
                yield from _foreign_lines(_transcoded(
                    _ahead(held[start + len(mark):], pieces), encoding, wide=False),
                    header.rstrip(b"\r"))
                return None
        cut, at_line = _held_from(held, line_start, json)
        if cut is None:
            yield from _parts(held, bounds, len(held))
            held, bounds, line_start = b"", [], False
        elif cut:
            yield from _parts(held, bounds, cut)
            held, line_start = held[cut:], at_line
            bounds = [bound - cut for bound in bounds if bound > cut]
        else:
            line_start = at_line
    yield from _parts(held, bounds, len(held))
    return None


class _Window:
    """Whether a source too long to be read twice whole (:data:`_READ_TWICE`) is read twice
    from each line in another encoding among its UTF-8 lines (:func:`_either_way`), once
    ``on``, and whether its format was ``told`` (how its lines end).

    One object is shared by every generator of a reading (:func:`_read`,
    :func:`_then_other_encoding`, :func:`_transcoded`, the ones they hand over to), and
    those run lazily: ``on`` is read when a line in another encoding is found, so at the
    time the bytes before it have been pulled through, not when the generator was made.
    It is set by whoever sees the bytes go by: :func:`decoded`'s ``watched`` turns it on as
    the first reading passes :data:`_READ_TWICE` bytes (the rest of that reading then reads
    such lines both ways); when the source is then read again from its start, it turns it
    off, and :func:`_passed` keeps it off over the bytes given already (read again as they
    were given) and turns it on after them. Nothing else writes it."""

    def __init__(self, told: bool) -> None:
        self.told = told
        self.on = False  # (set from outside as the bytes go by: see above)


def _passed(count: int, texts: Iterable[bytes], window: _Window) -> Iterator[bytes]:
    """The bytes of ``texts`` after their first ``count`` (given already, read as they were
    then: the ``window`` on only after them)."""
    window.on = not count
    for text in texts:
        if count < len(text):
            yield text[count:]
        count = max(0, count - len(text))
        window.on = not count


def _either_way(pieces: GivenBack[bytes], encoding: str, first: bytes, window: _Window
                ) -> _Turn:
    """Text in ``encoding`` starting among UTF-8 lines of JSON (its mark passed, the
    source's ``first`` bytes), in a source too long to be read twice whole: read the second
    way (:func:`_read`'s ``wide``: a line end of one byte ends a line) until it is back in
    UTF-8 text, within :data:`_READ_TWICE` bytes (its first line to its end within
    :data:`_JUDGED`: a line longer than the window took the records after it, enc73), and
    then :data:`_UTF8_LINES` lines, and the first way over the same bytes; that text is
    read the second way, the rest as UTF-8 lines again (read so from each other line in
    another encoding), if it reads more (:func:`_reads_more`), else as before. Memory and
    what is held back are bounded by the window (the bytes a line is held for); each byte
    is read a few times at most (a second reading ends where the first reading's other
    text would have)."""
    taken: list[bytes] = []  # the bytes read from the text's start
    capped = lined = False  # (lined: the second reading ended a line)
    segment: list[bytes] = []

    def fed() -> Iterator[bytes]:
        nonlocal capped
        size = 0
        while (piece := next(pieces, None)) is not None:
            taken.append(piece)
            size += len(piece)
            yield piece
            if size > (_READ_TWICE if lined else _JUDGED):  # (its first line read to its
                capped = True  # end, up to the bytes a line is held for: a line longer
                return  # than the window, its records after it, read both ways too)

    ahead = GivenBack(fed())
    turn = _transcoded(ahead, encoding, True, first, True)
    while True:
        try:
            segment.append(next(turn))
            lined = lined or b"\n" in segment[-1]
        except StopIteration as stop:  # (None: no UTF-8 text after it, in the window)
            again = stop.value is not None
            break
    tail = b"".join(reversed(ahead.back))  # (from where the UTF-8 text starts again)
    if again and not capped:
        ends, ended = [at for at, byte in enumerate(tail) if byte == 10][:_UTF8_LINES], False
        most = sum(map(len, taken)) + _READ_TWICE
        while len(ends) < _UTF8_LINES and sum(map(len, taken)) <= most:
            if (piece := next(pieces, None)) is None:
                ended = True
                break
            taken.append(piece)
            ends += [len(tail) + at for at, byte in enumerate(piece) if byte == 10]
            tail += piece
        cut = ends[_UTF8_LINES - 1] + 1 if len(ends) >= _UTF8_LINES else len(tail)
        data = b"".join(taken)
        once = b"".join(_in_turn(_transcoded(iter([data[:len(data) - len(tail) + cut]]),
                                             encoding, True, None, False)))
        twice = b"".join(segment) + b"".join(_in_turn(_then_other_encoding(
            iter([tail[:cut]]), first, False)))
        if not ended:  # (its last line, cut by the window: read
            twice = twice[:twice.rstrip(b"\n").rfind(b"\n") + 1]  # again after it)
        if _reads_more(twice, once, window.told, _Kind(first[:_FIRST_KEPT]), inside=False,
                       windowed=True):  # (by enc64's rules only: nothing read as before
            # to compare with, so as before)
            yield from segment
            return _then_other_encoding(_ahead(tail, pieces), first, False, window)
    return _transcoded(_ahead(b"".join(taken), pieces), encoding, True, None, False, window)


def _parts(held: bytes, bounds: list[int], end: int) -> Iterator[bytes]:
    """The bytes of ``held`` up to ``end``, cut where the pieces they were joined from
    start (``bounds``): lines held until they showed what they are are given as they came,
    each alone (a line's padding is told at its end)."""
    start = 0
    for bound in [*(bound for bound in bounds if bound < end), end]:
        if bound > start:
            yield held[start:bound]
        start = bound


def _held_from(held: bytes, line_start: bool, json: bool) -> tuple[int | None, bool]:
    """Where the bytes of ``held`` kept back until more show what they are start (None:
    none are), and whether that is a line's start: fewer than 8 bytes after a newline (or
    from the start, ``line_start``) that may start UTF-16 or UTF-32 text (a byte 0A may be
    one of its characters too); in JSON, a record's end (``}`` or ``]``) such bytes follow
    (a file without its final line end, the other appended to it)."""
    near = max(0, len(held) - 8)
    for at in range(max(0, near - 1), len(held) + 1):
        if (held[at - 1] in (10, 13) if at else line_start) and at >= near \
                and _may_start(held[at:at + 8]):
            return at, True
        if json and held[at:at + 1] in (b"}", b"]") and held[at + 1:at + 2] not in (
                b"}", b"]", b"\r", b"\n") and _may_start(held[at + 1:at + 9]):
            return at, False
    return None, False


def _may_start(head: bytes) -> bool:
    """Whether text whose first bytes are ``head`` (up to 8; fewer: all there is yet) may
    start UTF-16 or UTF-32 text as :data:`_OTHER_ENCODING` tells it: a mark, or ASCII
    characters with NULs where that encoding puts them (so a NUL after a record's end, then
    a line end, ``printf '%s\\0\\n'``, is padding, never held: its line is given whole)."""
    head = head[:8]
    if (head and head[0] not in _FIRST_BYTES) or (
            len(head) > 1 and head[1] and head[0] not in _MARK_BYTES):
        return False  # (told at once: each mark starts with 00, FE or FF, each shape with
        # a NUL or a first character, and a NUL in its first two bytes)
    if any(mark.startswith(head[:len(mark)]) for mark in _MARKS_AFTER):
        return True
    return any(all(byte in allowed for byte, allowed in zip(
        head, shape[:len(head)], strict=True)) for shape in _SHAPES)


#: The byte-order marks :data:`_OTHER_ENCODING` finds.
_MARKS_AFTER = (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00", b"\xfe\xff", b"\xff\xfe")
_FIRST_CHAR = frozenset(b"\t\x1e" + bytes(range(0x20, 0x7f)))
_NEXT_CHAR = frozenset(b"\t\n\r" + bytes(range(0x20, 0x7f)))
_NUL = frozenset(b"\x00")
_MARK_BYTES = frozenset(b"\x00\xfe\xff")
_FIRST_BYTES = _FIRST_CHAR | _MARK_BYTES
#: The first 8 bytes of UTF-16 (little, big endian), UTF-32 (little, big endian) text
#: without a mark, as :data:`_OTHER_ENCODING` tells it: each byte's possible values.
_SHAPES = ((_FIRST_CHAR, _NUL, *(_NEXT_CHAR, _NUL) * 3),
           (_NUL, _FIRST_CHAR, *(_NUL, _NEXT_CHAR) * 3),
           (_FIRST_CHAR, _NUL, _NUL, _NUL, _NEXT_CHAR, _NUL, _NUL, _NUL),
           (_NUL, _NUL, _NUL, _FIRST_CHAR, _NUL, _NUL, _NUL, _NEXT_CHAR))


def _foreign_lines(text: Iterable[bytes], first: bytes) -> Iterator[bytes]:
    """UTF-8 text whose lines are each marked as not text at their start (inside the
    quoted cell a line opens), but for those
    that begin a CSV file after the ``first`` line of one (another file's header, Excel's
    separator line before it) and a repeat of it: at most a header's length of a line is
    held to tell it."""
    csv = _is_header(first, True)
    leading = 2 if csv else 0  # lines that may still be a separator line, then a header
    held: bytes | None = b""  # the start of the current line, while it may be one of them
    most = max(len(first), _FIRST_KEPT) + 2

    def kept(line: bytes) -> bool:
        nonlocal leading
        text = line.rstrip(b"\r")
        if text == first:
            leading = 0
            return True
        if leading and _SEP_LINE.fullmatch(text.decode("utf-8", "replace")):
            leading -= 1
            return True
        if leading and _is_header(text, True):
            leading = 0
            return True
        leading = 0
        return False

    for chunk in text:
        while chunk:
            line, newline, chunk = chunk.partition(b"\n")
            if held is None:  # the rest of a long line (marked) as it comes
                yield line + newline
                held = b"" if newline else None
                continue
            held += line
            if newline:
                yield held + b"\n" if kept(held) else _marked(held, b"\n")
                held = b""
            elif len(held) > most:
                leading = 0
                yield _marked(held, b"")
                held = None
    if held:
        yield held if kept(held) else _marked(held, b"")


def _marked(line: bytes, newline: bytes) -> bytes:
    """``line`` marked as not text: at its start, or inside the quoted cell it opens, and
    after each carriage return alone in it (which ends a CSV row)."""
    quote = line[:1] == b'"'
    mark = "\udcff".encode("utf-8", "surrogatepass")
    return line[:quote] + mark + re.sub(rb"\r(?!\Z)", b"\r" + mark, line[quote:]) + newline


def _unmarked(head: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, by where the first four bytes hold NULs
    (as RFC 4627: text in any of these starts with an ASCII character, ``[``, ``{``, a
    header's letter, and a NUL among the first two bytes of UTF-8 text is no text), but
    for a character, a NUL, then a line end and a character (``[\0\n {``): UTF-8 text
    whose lines each end with a NUL (``printf '%s\0\n'``, a pretty record's ``{`` alone).
    Given eight bytes, the first two characters must both be ASCII, NULs where the encoding
    puts them (RFC 4627 tells by two): one NUL before UTF-8 text (``\0{"id"``, a NUL
    left at a file's start, or three) is no UTF-16 or UTF-32, whose text would be
    read one character out of step, every record but one lost. A byte-order mark right
    after the first character, in the order that character's NUL says (``[`` then
    U+FEFF: files joined, the second's mark after the first's ``[``), is passed over:
    before, ``[\\x00\\xff\\xfe{\\x00`` read as UTF-8, its one record refused (or two given).

    >>> _unmarked(b"[\\x00\\xff\\xfe{\\x00\\x22\\x00")
    'utf-16-le'
    >>> _unmarked(b"\\x00[\\xfe\\xff\\x00{\\x00\\x22")
    'utf-16-be'
    """
    mark = {(False, True): b"\xff\xfe", (True, False): b"\xfe\xff"}.get(
        (head[:1] == b"\0", head[1:2] == b"\0"))
    while mark is not None and head[2:4] == mark:
        head = head[:2] + head[4:]
    nul = "".join("0" if b == 0 else "x" for b in head[:8])
    if len(nul) == 8:
        return (_UNMARKED.get(nul[:4]) if nul[:4] == nul[4:] else None) or (
            _UNMARKED.get(nul[:2]) if nul[:2] == nul[2:4] else None)
    nul = nul[:4]
    if nul == "x0xx" and head[2] in b"\r\n":
        return None
    return _UNMARKED.get(nul) or _UNMARKED.get(nul[:2])


def _transcoded(pieces: Iterable[bytes], encoding: str, first: bool = False,
                among: bytes | None = None, wide: bool = True, window: _Window | None = None,
                bracketed: bool = False, next_lines: _NextLines | None = None) -> _Turn:
    """UTF-16 or UTF-32 bytes as UTF-8, line by line: each line is decoded on its own, in
    step with its start, so a byte lost or added in one line, or in its line end, spoils
    that line alone (read as ``not_utf8``), not the lines after it (:class:`_LineEnds`).
    The ``first`` text of a source: from a line that is UTF-8 text (:func:`_utf8_at`: a
    UTF-8 file joined after it), the rest is read as UTF-8 text is. Text ``among`` UTF-8
    lines (the first bytes of its source, UTF-8): a line end of one byte each (``\\n`` or
    ``\\r\\n``, written apart from a line's UTF-16 text) also ends its line where
    UTF-8 lines, UTF-16 again or the end follow it (:func:`_byte_line_end`); so too in
    the ``first`` text of a source if its first line is a JSON Lines record, after a
    record's closing bracket (a file in UTF-16 of other text is read as it was).
    ``bracketed``: :func:`_read`'s."""
    pieces = iter(pieces)
    ends = _LineEnds(encoding, wide, bracketed, next_lines)
    width = ends.width
    fresh = codecs.getincrementaldecoder(encoding)
    decoder = fresh("callrules.not_text")
    held = b""  # bytes not decoded yet, after the last ``width`` bytes decoded before them
    done = 0  # where the bytes not decoded yet start in ``held``: in step with the line
    closed = _CLOSE_THEN_UTF8[encoding]
    kind: _Kind | Literal[False] | None = (None if among is None else _Kind(among)) if wide \
        else False
    scanned = 0  # where one-byte line ends are looked for from in ``held`` (none before)
    brackets = 0  # where closing brackets are looked for from in ``held`` (none in step
    # in the line before it, past ``done``: each byte of a long line searched once)
    source_head = b""  # (the first bytes of a source: CSV, whose cells a bracket ends not)
    csv: bool | None = None  # whether the source starts as CSV, once its header is read
    for piece in chain(pieces, [None]):
        held += piece or b""
        if first and csv is None and len(source_head) < _FIRST_KEPT:
            source_head += (piece or b"")[:_FIRST_KEPT]
        pending = None  # a one-byte line end not told yet: no byte after it decoded
        while True:
            end = ends.find(held, done, decoder, piece is None)
            if kind is None and first and among is None and (
                    ends.first is not None or len(held) - done >= 8 * width or piece is None):
                kind = _JSON_LINES if _OPENS_RECORD.match((  # a file of JSON Lines, its
                    ends.first or ends.opening(held, done)).lstrip("\ufeff\x1e")) else False
            if kind:  # first line a record: a record's line may end so too (any other file
                scanned = max(scanned, done)  # starting in UTF-16 is read as it was)
                told, scanned = _byte_line_end(
                    held, (scanned, end[0] if end else len(held), done), ends, kind,
                    piece is None)
                if told is not None and told[1] is None:
                    pending = told[0]  # (more bytes show it)
                    break
                if told is not None:  # a UTF-16 line whose line end is one byte each: the
                    text = _finish(decoder, held[done:told[0]], False)  # UTF-8 (or other)
                    text += "\r" if held[told[0]:told[1]] in (b"\r", "\r".encode(encoding)
                                                               ) else "\n"  # text after
                    yield text.encode("utf-8", "surrogatepass")  # it (old Mac's CR kept)
                    return _then_other_encoding(  # (a source starting in UTF-16: JSON
                        _ahead(held[told[1]:], pieces),  # Lines, not its UTF-16 bytes)
                        among if among is not None else _JSON_LINES_FIRST, wide,
                        bracketed=bracketed, next_lines=next_lines)
            if first and csv is None:  # (told once, from its first lines: not at each bracket)
                csv = _csv_start(source_head.decode(encoding, "replace"), among, piece is None
                                 or len(source_head) >= _FIRST_KEPT)
            close = None
            if first and not csv:
                close, brackets = _closed_at(closed, held, (max(brackets, done), done),
                                             width, end[0] if end else len(held))
            if close is not None:
                # (a record's closing bracket: in a CSV file's cell, a bracket is text)
                while (utf8 := _utf8_at(held, close, piece is None, ends.order, wide)
                       ) is None:
                    held += (piece := next(pieces, None)) or b""
                if utf8:  # a UTF-8 file joined after a record's end, no line end between:
                    if text := decoder.decode(held[done:close], True):  # (lines in step to
                        yield text.encode("utf-8", "surrogatepass")  # it): the rest read as
                    return _then_other_encoding(_ahead(held[close:].removeprefix(BOM),  # UTF-8 is
                                                       pieces), wide=wide, window=window,
                                                       bracketed=bracketed,
                                                       next_lines=next_lines)
            if end is None:
                break
            stop, after, damaged = end
            text = _finish(decoder, held[done:stop], damaged)
            if ends.resumed:  # the line goes on, in step again after a byte lost or added
                ends.resumed = False
                if text.endswith("\udcff\r"):  # a return before the bytes out of step
                    text = text[:-1] + "\udcff"  # ends no row: the line goes on
                ends.add(text)
            else:
                ends.ended(text)
                text += "\n"
            yield text.encode("utf-8", "surrogatepass")
            decoder, done, brackets = fresh("callrules.not_text"), after, 0
            if ends.spoiled:  # bytes added before the line: it is not text
                ends.spoiled = False
                ends.add("\udcff")
                yield "\udcff".encode("utf-8", "surrogatepass")
            elif first and text.endswith("\n"):
                while (utf8 := _utf8_at(held, after, piece is None, ends.order)) is None:
                    held += (piece := next(pieces, None)) or b""
                if utf8:  # a UTF-8 file joined after this one: read as UTF-8 (in its turn)
                    return _then_other_encoding(_ahead(held[after:].removeprefix(BOM),
                                                       pieces), wide=wide, window=window,
                                                       bracketed=bracketed,
                                                       next_lines=next_lines)
        if piece is None:
            if tail := _finish(decoder, held[done:], False):
                yield tail.encode("utf-8", "surrogatepass")
            return None
        # held back: what may be a line end (damaged or not), what shows it, a CR before it
        cut = min(len(held) - _HELD_UNITS * width, ends.hold,
                  len(held) if pending is None else pending)
        cut = done + max(0, cut - done) // width * width
        if text := decoder.decode(held[done:cut]).replace("\n", "\udcff"):  # no line end
            ends.add(text)
            yield text.encode("utf-8", "surrogatepass")
        keep = max(0, cut - width)
        held, done, scanned = held[keep:], cut - keep, max(0, scanned - keep)
        brackets = max(0, brackets - keep)
        ends.shifted(keep)
    return None


def _csv_start(head: str, among: bytes | None, whole: bool) -> bool | None:
    """Whether a source whose first text is ``head`` (or whose UTF-8 first bytes are
    ``among``) starts as CSV: its first line (after Excel's separator line) a header, as the
    CSV reader reads one (two cells or more, :func:`_is_header`). None: too little read to
    tell (no line end yet, and not ``whole``). Any other start (JSON, a title, blanks) is
    not CSV."""
    text = among.decode("utf-8", "replace") if among is not None else head
    header, *after = _ANY_TEXT_LINE_END.split(text.lstrip("\ufeff"), 2)  # (a CR alone too)
    if after and _SEP_LINE.fullmatch(header):
        header, *after = after
    return None if not after and not whole and among is None else _is_header(header)


#: A line end in text, old Mac's carriage return alone too (:func:`_csv_start`).
_ANY_TEXT_LINE_END = re.compile("\r\n|\r|\n")


#: A printable ASCII character, a blank, or a record separator (RFC 7464: ``jq --seq``).
_PRINTABLE = re.compile(rb"[\t\r\x1e -~]")
#: In UTF-16 or UTF-32 text, a record's closing bracket (``}`` or ``]``) followed by bytes
#: of no character of JSON's structure there (its next four bytes without a NUL): where a
#: UTF-8 file may start that was joined after it, no line end between (mongoexport's
#: ``--jsonArray`` output ends without one). The position after the bracket: group 1's end.
_CLOSE_THEN_UTF8 = {encoding: re.compile(
    b"(" + b"|".join(re.escape(close.encode(encoding)) for close in "}]") + b")(?=[^\x00]{4})")
    for encoding in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")}


def _closed_at(closed: re.Pattern[bytes], held: bytes, start: tuple[int, int], width: int,
               before: int) -> tuple[int | None, int]:
    """Where, in ``held`` from ``start`` (where to look from, and ``done``: where UTF-16 or
    UTF-32 text is in step, no closing bracket in step between them) to ``before``, the
    bytes after a closing bracket in step start that may be UTF-8 text
    (:data:`_CLOSE_THEN_UTF8`), if any; and where to look from next time (that bracket, or
    the last bytes before ``before``, whose next four bytes may not be read yet)."""
    at, done = start
    stop = before + width + 3  # (a bracket starting before ``before`` and its next four bytes)
    while (found := closed.search(held, at, stop)) is not None and found.start() < before:
        if (found.start() - done) % width == 0:
            return found.end(1), found.start()
        at = found.start() + 1
    return None, max(at, before - width - 3)


def _utf8_at(data: bytes, at: int, final: bool, order: Literal["little", "big"],
             json: bool = False) -> bool | None:
    """Whether the line at ``at`` in UTF-16 or UTF-32 ``data`` (after a newline) is UTF-8
    text (a UTF-8 byte-order mark, or a printable ASCII character, first): to its ``0A``
    byte (within :data:`_JUDGED` bytes), it holds no NUL and reads as UTF-8, and, in
    little-endian ``order``, no NUL follows that byte (as one follows a newline in
    little-endian UTF-16: text of characters whose bytes are all ASCII, never a NUL, is the
    only UTF-16 read so, a line of them to its end; in big-endian UTF-16 a NUL there is the
    high byte of the next line's first character, an ASCII one: UTF-16 switched to after a
    UTF-8 line); in ``json`` (after a record's closing bracket, no line end between), the
    line starts as a JSON value does (``{`` or ``[``) and, ended within those bytes, is one,
    a pretty value's opening brackets, or an array's first element then its comma
    (``mongoexport --jsonArray``): a bracket in a UTF-16 string, its next characters' bytes
    read as UTF-8, is no record's end; None while too few bytes are there to tell
    (``final``: no more)."""
    if b"\0" in data[at:at + 4]:  # (UTF-16 or UTF-32 text of ASCII characters)
        return False
    if len(data) - at < 4 and not final:
        return None
    stop = data.find(b"\n", at, at + _JUDGED)
    if stop == -1 and not final and len(data) - at <= _JUDGED:
        return None
    line = data[at:stop if stop != -1 else at + _JUDGED].removeprefix(BOM)
    after = data[stop + 1:stop + 2] if stop != -1 else b""
    if not _PRINTABLE.match(line) or b"\0" in line or (after == b"\0" and order == "little"):
        return False
    body = line.lstrip(b" \t\x1e").rstrip(b" \t\r")
    if json and (body[:1] not in (b"{", b"[") or (stop != -1 and not (
            not body.strip(b" \t[{") or body.endswith(b",") or _is_json(body)))):
        return False
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as exc:  # (a character cut at the end of what is read)
        return stop == -1 and exc.start >= len(line) - 3
    return True


#: A line end of one byte each, ``\\n``, ``\\r\\n`` or ``\\r`` alone (old Mac): in UTF-16 or
#: UTF-32 text among UTF-8 lines, where a line's text was written in UTF-16, its line end
#: apart in ASCII.
_BYTE_LINE_END = re.compile(rb"\r\n?|\n")
#: How many UTF-8 lines after a one-byte line end are read to tell it (fewer: UTF-16 text
#: again, or the end).
_UTF8_LINES = 2


#: A line end of UTF-8 text: ``\\n``, ``\\r\\n``, or a carriage return alone (old Mac).
_ANY_LINE_END = re.compile(rb"\r\n?|\n")
#: A line end of a source whose format is told (:func:`_reads_more`): a carriage return
#: alone ends no line there.
_LINE_FEED = re.compile(rb"\r?\n")


class _Kind:
    """What a source's lines are, by its first bytes (UTF-8): JSON (JSON Lines), or CSV
    rows of as many cells as its header (after Excel's separator line)."""

    def __init__(self, first: bytes) -> None:
        self.json = _JSON_START.match(first) is not None
        header, *after = _ANY_LINE_END.split(first, 2)  # (old Mac's too: CR alone)
        text = header.decode("utf-8", "replace")
        if after and _SEP_LINE.fullmatch(text):
            text = after[0].decode("utf-8", "replace")
        self.separator = _separator(text)
        self.cells = len(_cells(text, self.separator)[0] or ())

    def may_be(self, line: bytes) -> bool:
        """Whether the UTF-8 ``line`` may be a line of the source's kind (:meth:`whole`), as
        told at once: a JSON line starts with a bracket, a CSV row holds its separators."""
        if self.json:
            return line.removeprefix(BOM).lstrip(b" \t\x1e")[:1] in (b"{", b"[")
        return line.count(self.separator.encode()) >= self.cells - 1

    def whole(self, line: str) -> bool:
        """Whether ``line`` is a line of the source's kind: a JSON object or array in JSON
        Lines, a row of as many cells as the header in CSV (any text if it has fewer than
        two)."""
        line = line.lstrip("\ufeff").rstrip("\r")
        if self.json:
            return line.lstrip(" \t\x1e")[:1] in ("{", "[") and _is_json(line.encode("utf-8"))
        return self.cells < 2 or len(_cells(line, self.separator)[0] or ()) == self.cells


#: The kind of a source of JSON Lines that starts in UTF-16 or UTF-32 (:func:`_transcoded`).
_JSON_LINES_FIRST = b"{"
_JSON_LINES = _Kind(_JSON_LINES_FIRST)


def _byte_line_end(data: bytes, span: tuple[int, int, int], ends: _LineEnds, kind: _Kind,
                   final: bool) -> tuple[tuple[int, int | None] | None, int]:
    """In UTF-16 or UTF-32 ``data`` among UTF-8 lines, the first line end of one byte each
    (:data:`_BYTE_LINE_END`) in ``span`` (from where to look, to the line's end in its own
    encoding or the end of what is read, and where the line starts: in step) that starts
    a character (a carriage return in the text's own encoding then other text: in JSON
    Lines, after a closing bracket), and that UTF-8 lines, text in another encoding again
    or the end follow (:func:`_utf8_after`, the first a whole line: a character U+xx0A in a
    record's string is followed by its other characters): where it starts and where the
    text after it starts (None: not known yet), or None; and where to look from next time.
    Each byte is searched once (the search goes on from the last place), and each place is
    told by the few lines after it: linear in ``data``."""
    at, before, done = span
    width = ends.width
    closes = ("}".encode(ends.encoding), "]".encode(ends.encoding))
    cr = "\r".encode(ends.encoding)
    while (found := _BYTE_LINE_END.search(data, at, before + 2)) is not None \
            and found.start() <= before:
        at = found.start()
        unit = at - (at - done) % width  # (the character the byte is in)
        if data.startswith(cr, unit) and not data.startswith(ends.newline, unit + width) \
                and (not kind.json or (unit >= width and data[unit - width:unit] in closes)):
            # a carriage return alone in the text's own encoding (old Mac line ends), then
            # UTF-8 lines or text in another encoding
            told = _utf8_after(data, unit + width, ends, kind, final, b"\r", True)
            if told is None:
                return (unit, None), unit
            if told:
                return (unit, unit + width), unit
        if (at - done) % width == 0 and (not (ends.bracketed and kind.json) or (
                at >= width and data[at - width:at] in closes)):
            told = _utf8_after(data, found.end(), ends, kind, final, found.group()[-1:])
            if told is None:
                return (at, None), at
            if told:
                return (at, found.end()), at
        at += 1
    return None, max(span[0], min(before, len(data) - 1))


def _other_line_at(data: bytes, at: int, encoding: str | None) -> str | None:
    """The encoding of a line of UTF-16 or UTF-32 text starting at ``at``
    (:data:`_OTHER_ENCODING`), if one does: a byte-order mark, of any of them (a file of the
    other byte order appended too), once or more (files joined, each with its own), then an
    ASCII character; or ASCII characters without one in ``encoding``, the text's own (UTF-16BE
    read a byte out of step looks like UTF-16LE), or in any (None: after a UTF-8 line)."""
    found = _OTHER_ENCODING.match(data, at)
    if found is None:
        return None
    mark = found.group(1) or b""
    if not mark:
        found_in = _unmarked(data[at:at + 8])
        return found_in if encoding in (None, found_in) else None
    other = next(name for bom, name in _BOMS if bom == mark)
    after = found.end()
    while data.startswith(mark, after):  # (linear: each run of marks follows one line end)
        after += len(mark)
    unit = data[after:after + (4 if "32" in other else 2)]
    return other if unit.decode(other, "replace") in _FIRST_CHARS else None


_FIRST_CHARS = frozenset("\t\x1e" + "".join(map(chr, range(0x20, 0x7F))))


def _utf8_after(data: bytes, at: int, ends: _LineEnds, kind: _Kind, final: bool,
                newline: bytes = b"\n", own: bool = False) -> bool | None:
    """Whether the text at ``at``, after a line end of one byte each in UTF-16 or UTF-32
    text, is UTF-8 lines: the end of the text, a line in another encoding again
    (:func:`_other_line_at`), or up to :data:`_UTF8_LINES` lines each printable ASCII
    first, UTF-8 to its ``newline`` (that line end's last byte: 0A, or 0D alone for old
    Mac line ends; ``own``: after a carriage return in the text's own encoding, then other
    text than its own) without a NUL, no NUL after that byte in little-endian
    text (a NUL there is its newline's: UTF-16 text of characters whose bytes hold no
    NUL, "上海" is ``0A 4E 77 6D``), the first a line of the source's kind (a JSON value, a
    row of as many cells as the header); None while too few bytes are there to tell."""
    for line in range(_UTF8_LINES + 1):
        if at >= len(data):
            return True if final else None
        if len(data) - at < 8 and not final:
            return None
        if data[at] == 0 and ends.order == "little" and not line and not own:
            return False  # (a newline of little-endian UTF-16 text, read in step)
        if other := _other_line_at(data, at, None if line or own else ends.encoding):
            if own and not line and other == ends.encoding:
                return False  # (its own text goes on: read as it was)
            if not kind.json or data[at:at + 16 * ends.width].decode(
                    other, "replace").lstrip("\ufeff \t\x1e")[:1] in ("{", "["):
                return True  # (in JSON Lines, right after the line end a record's start:
            # ``]`` then U+0A0D in a string reads as a line end, then a UTF-16 line ``"}``)
            return bool(line) and other == ends.encoding and (
                ends.next_lines is not None and ends.next_lines.any_line())  # (after a
            # whole UTF-8 line, any line in the same encoding, a record or not: lines that
            # are no record every second line; only in a reading compared with the one as
            # before, :func:`_taken`: else as before)
        if line == _UTF8_LINES:
            return True
        stop = data.find(newline, at, at + _JUDGED)
        if stop == -1:
            if data.find(b"\0", at, at + _JUDGED) != -1:
                return False
            if not final:
                return None if len(data) - at < _JUDGED else False
            stop = len(data)
        text = data[at:stop]
        if b"\0" in text or not _PRINTABLE.match(text.removeprefix(BOM)) or (
                not line and not kind.may_be(text)):
            return False
        try:
            utf8 = text.decode("utf-8")
        except UnicodeDecodeError:
            return False
        if not line and not kind.whole(utf8):
            return False
        at = stop + 1
    return True


#: Characters of UTF-16 or UTF-32 text held back undecoded: a line end, damaged or not,
#: the two characters after it that show it, and a carriage return before it.
_HELD_UNITS = 7
#: How much of a line is kept to judge a damaged newline in it, and how far the line after
#: it is read for it (a CSV row): beyond, a newline is not taken to be damaged.
_JUDGED = PIECE * 16
#: How many damaged newlines are judged in one line: past them, the line lost or gained a
#: byte inside and its end is out of step (a line of ASCII text read out of step holds
#: what reads as a damaged newline at each character).
_JUDGED_TRIES = 4


def _end_patterns(encoding: str) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """For UTF-16 or UTF-32 text: a pattern matching where it is a damaged newline, a byte
    of it lost (group 1) or one added inside it (group 2), followed by two ASCII characters
    (not line ends) read in step with what follows it, or by the end of what is read; and
    one matching a newline with a byte added inside it."""
    width = 4 if "32" in encoding else 2
    newline = "\n".encode(encoding)
    zeros = b"\x00" * (width - 1)
    plain = b"[\t -~]"  # not a line end: that would follow a byte added before a newline
    unit = plain + zeros if encoding.endswith("le") else zeros + plain
    lost = b"|".join(sorted({re.escape(newline[:i] + newline[i + 1:]) for i in range(width)}))
    added = b"|".join(re.escape(newline[:i]) + b"." + re.escape(newline[i:])
                      for i in range(1, width))
    follows = b"(?=" + unit * 2 + b"|\\Z)"
    return (re.compile(b"(?s)(" + lost + b")" + follows + b"|(" + added + b")" + follows),
            re.compile(b"(?s)(?:" + added + b")" + follows))


#: How many ASCII characters, not all one, show text read out of step in UTF-16 or UTF-32
#: (each then reads as a character ending in a byte 00: 'a', 'b' as U+6100, U+6200), and
#: how many are read at most to find them.
_IN_STEP = 4
_IN_STEP_MOST = 16
#: How many lines a CSV row after a damaged line end may span, to judge it a row.
_ROW_LINES = 16
#: A newline read out of step in UTF-16 or UTF-32 (U+0A00, unassigned: no text holds it):
#: text that holds it is not read in step with its lines.
_OUT_OF_STEP_NEWLINE = "\u0a00"
#: How a JSON Lines record starts (a pretty-printed document's first line is ``{`` alone).
_OPENS_RECORD = re.compile(r'[ \t]*\{[ \t]*"')
#: How many characters of a line are first read to find where it may end (then twice as
#: many, and so on).
_WINDOW = 256


_END_PATTERNS = {encoding: _end_patterns(encoding) for encoding in
                 ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")}


class _LineEnds:
    """Where the lines of UTF-16 or UTF-32 text end, each line read in step with its start
    (at a whole number of characters from it):

    - at a newline in step (in JSON Lines, bytes that are no character after it are
      skipped: :meth:`after_newline`);
    - at a newline out of step (the line lost or gained a byte) that ASCII text around it
      shows to be one: an ASCII character before it and after it, or two after it (a byte
      lost just before the newline), read in step with it, or the end of the text after
      it; in JSON Lines and CSV, when a line of the file starts after it (a byte 0A added
      inside ASCII text reads as such a newline). Elsewhere such bytes are parts of other
      characters: a newline out of step in whole text needs a character of U+0A00
      (unassigned) before, or in little-endian UTF-16 a Gurmukhi letter before two
      characters ending in a NUL byte;
    - at a damaged newline in step, a byte of it lost or one added inside it, followed by
      two ASCII characters in step with what follows: when the text before it is a whole
      line of the file and so is the line after it (a JSON value, and a value starting; a
      CSV row of as many cells as the first line, and another). A byte lost inside ASCII
      text leaves the same bytes: after a few found not to end the line, the line's end is
      taken to be out of step.

    A line whose end was damaged (bytes that are not text) is not text itself (``not_utf8``);
    the line after it is read in step again.
    """

    def __init__(self, encoding: str, wide: bool = True, bracketed: bool = False,
                 next_lines: _NextLines | None = None) -> None:
        self.encoding = encoding
        self.wide = wide  # UTF-8 lines after a line read too (:func:`decoded`)
        self.bracketed = bracketed  # in JSON, only a line end after a closing bracket
        self.next_lines = next_lines  # (:func:`_utf8_after`)
        self.width = 4 if "32" in encoding else 2
        self.newline = "\n".encode(encoding)
        self.order: Literal["little", "big"] = "little" if encoding.endswith("le") else "big"
        self.damaged, self.added = _END_PATTERNS[encoding]
        self.blanks = (" ".encode(encoding), "\t".encode(encoding))
        self.first: str | None = None  # the first line (a CSV header), once it ended
        self.text: list[str] | None = []  # the line's text decoded so far (None: too long)
        self.head = ""  # its first eight characters (read again at every piece: kept)
        self.size = 0
        self.tries = _JUDGED_TRIES  # damaged newlines still judged in the line
        self.hold = 0  # where decoding stops: before a damaged newline being judged
        self.spoiled = False  # whether the next line starts after bytes added before it
        self.resumed = False  # whether the line goes on after bytes out of step (not its end)
        self.intact: bool | None = None  # whether the CSV row reads whole to its newline in step
        self.unended: tuple[int, int] | None = None  # a line's start, and where a newline
        # is looked for from (none in step before it: :meth:`line_end`)
        self.clear: tuple[int, int] | None = None  # bytes where no newline starts, in step
        # or not (:meth:`line_end`, asked about many lines' starts in one long held text)

    def shifted(self, cut: int) -> None:
        """The data read so far lost its first ``cut`` bytes (where :meth:`line_end`
        looks from moves with them)."""
        if self.unended is not None:
            at, seen = self.unended
            self.unended = (at - cut, seen - cut) if at >= cut else None
        if self.clear is not None:
            start, stop = self.clear
            self.clear = (max(0, start - cut), stop - cut) if stop > cut else None

    def add(self, text: str) -> None:
        """Text of the current line, decoded."""
        if self.text is not None:
            self.text.append(text)
            self.head += text[:8 - len(self.head)]
            self.size += len(text)
            if self.size > _JUDGED:
                self.text = None

    def ended(self, text: str) -> None:
        """The current line ended with ``text``."""
        if self.first is None:
            self.first = "".join(self.text) + text if self.text is not None else ""
        self.text, self.size, self.tries, self.intact = [], 0, _JUDGED_TRIES, None
        self.head = ""

    def find(self, data: bytes, start: int, decoder: codecs.IncrementalDecoder, final: bool
             ) -> tuple[int, int, bool] | None:
        """Where the line that goes on at ``start`` in ``data`` (in step, the ``width`` bytes
        before it kept) ends: where its text stops, where the next line starts, and whether
        its end was damaged; None if no end is read yet."""
        self.hold = len(data)
        width, seen = self.width, start
        for stop in chain(self.places(data, start), [len(data)]):
            at = data.find(self.newline, seen, stop + len(self.newline) - 1)
            while at != -1 and at < stop:  # newlines out of step before it
                if (at - start) % width:
                    ends = self.out_of_step(data, at, final)
                    if ends:  # and a line of the file follows it, or this is no newline
                        ends = self.starts_line(data, at + len(self.newline), final,
                                                self.opening(data, start))
                    if ends is None:
                        self.hold = max(start, at - 2 * width)
                        return None  # what follows is not read yet
                    if ends:
                        return at, at + len(self.newline), False
                at = data.find(self.newline, at + 1, stop + len(self.newline) - 1)
            seen = stop
            if data.startswith(self.newline, stop):
                end = self.after_newline(data, (start, stop), stop + len(self.newline),
                                         decoder, final)
                if end is not False:
                    return end
                continue  # a byte 0A added inside a line, read in step as a newline
            if self.tries and (found := self.damaged.match(data, stop)) is not None:
                if (intact := self.reads_intact(data, start, stop, decoder, final)) is None:
                    self.hold = max(start, stop - width)
                    return None
                if intact:  # the row, read in step to its newline, is whole: no damage
                    continue
                after = found.end()
                if after == len(data) and not final:
                    return None  # what follows is not read yet
                if found.lastindex == 1 and (added := self.added.match(data, stop)) and (
                        data[after:after + width] in self.blanks
                        or (self.record(data, added.end()) and not self.record(data, after))):
                    # a line does not start with a blank, and a JSON Lines record starts with
                    # a brace: an ASCII byte added inside the newline, not a byte of it lost
                    after = added.end()
                elif found.lastindex == 1 and added is not None and not self.json(
                        self.first or ""):  # CSV: the reading after which a row starts
                    rows = [self.row_of_header(data, p, final) for p in (added.end(), after)]
                    if None in rows:
                        self.hold = max(start, stop - width)
                        return None
                    if rows[0] and not rows[1]:
                        after = added.end()
                    # both, the row read after the byte lost starting with one character
                    # twice: that character added inside the newline before a row starting
                    # with it, or the newline's last byte lost before a row starting with it
                    # twice (little-endian); the bytes cannot tell which, so that row is not
                    # text either, never read one way in silence (a row whose first two
                    # characters differ is read after the byte lost: the other reading would
                    # need a byte added that is that row's own first character)
                    self.spoiled = bool(rows[0] and rows[1]) \
                        and data[after:after + width] == data[after + width:after + 2 * width]
                if (whole := self.whole(data, start, stop, after, decoder, final)) is None:
                    self.hold = max(start, stop - width)
                    self.spoiled = False
                    return None
                if whole:
                    return stop, after, True
                self.spoiled = False
                self.tries -= 1  # a byte lost inside the line, its end then out of step
            if stop < len(data):
                if (step := self.in_step_again(data, start, stop, final)) is None:
                    self.hold = max(start, stop - width)
                    return None  # what follows is not read yet
                if step:
                    return self.resume(data, start, *step, final)
        return None

    def in_step_again(self, data: bytes, start: int, at: int, final: bool
                      ) -> tuple[int, int] | Literal[False] | None:
        """Whether the text is out of step from ``at`` (a byte lost or added at or just
        before it): read a byte or more further on, it is ASCII text for at least
        ``_IN_STEP`` characters, not all one (a run of characters that each end in a byte
        00 does not hold text; read in step with their other byte, it does). If so, where
        the bytes out of step start (in step with the line) and where the text goes on in
        step again: the first byte of the ASCII read so (False: it is not; None: not known
        yet)."""
        width = self.width
        if len(data) < at + width * (_IN_STEP_MOST + 1) and not final:
            return None
        for shift in range(1, width):
            units = [data[p:p + width] for p in range(at + shift, at + shift
                                                       + width * _IN_STEP_MOST, width)]
            plain = list(takewhile(self.plain, units))
            if len(plain) >= _IN_STEP and len(set(plain)) > 1:
                again = at + shift
                while again - width > start and data[again - width:again] != self.newline \
                        and self.plain(data[again - width:again]) \
                        and again - width > at - width * _IN_STEP_MOST:
                    again -= width
                return start + (again - start) // width * width, again
        return False

    def resume(self, data: bytes, start: int, lost: int, again: int, final: bool
               ) -> tuple[int, int, bool] | None:
        """The line's text stops at ``lost`` (not text: a byte was lost or added there).
        Where a newline follows (its first byte among the bytes out of step, the other
        lost; or read in step again at ``again``, after a carriage return or not) and a
        line of the file starts after it, the line ends there; else it goes on at ``again``
        (after that newline: a byte 0A added, or a newline inside a CSV cell), read in step
        again (None: not known yet)."""
        width, first = self.width, self.newline[-1:] if self.order == "big" else self.newline[:1]
        at = again + width if data.startswith("\r".encode(self.encoding), again) else again
        after = at + width if data.startswith(self.newline, at) else \
            again if first in data[lost:again] else None
        if after is not None:
            ends = self.starts_line(data, after, final, self.opening(data, start))
            if ends is None:
                self.hold = max(start, lost - width)
                return None
            if ends and lost == start and not self.text and self.first is not None \
                    and not self.json(self.first):
                # a CSV line of nothing but part of a newline, before a row: a byte added
                # before that row (or a blank line's newline that lost a byte), the row's
                # damage, not a row of its own
                self.spoiled = True
                return lost, after, False
            if ends:
                return lost, after, True
            again = after
        cr = "\r".encode(self.encoding)
        if data.startswith(cr, again) and not data.startswith(self.newline, again + width):
            again += width  # a carriage return alone where the text is in step again: among
            # the bytes out of step (a byte 0D added; alone, it would end a CSV row)
        self.resumed = True
        return lost, again, True

    def places(self, data: bytes, start: int) -> Iterator[int]:
        """Where, in step from ``start``, the line may end, in order: at each character whose
        low byte is 00 or 0A, and at the one before it. A newline, whole or damaged (a byte
        of it lost, or one added inside it), reads so in step with the line it ends, or the
        character after it does; the characters of ASCII text never do."""
        width, pos, window, last = self.width, start, _WINDOW, start - self.width
        low = 0 if self.order == "little" else width - 1
        while (end := min(len(data), pos + window * width)) > pos:
            end -= (end - pos) % width  # whole characters
            if end == pos:  # part of a character at the end: it, or the one before it,
                for place in (end - width, end):  # may be a damaged newline
                    if place > last:
                        yield place
                        last = place
                return
            lows = data[pos + low:end:width]
            found = [lows.find(b"\x00"), lows.find(b"\n")]
            while (hit := min((f for f in found if f != -1), default=-1)) != -1:
                for place in (pos + (hit - 1) * width, pos + hit * width):
                    if place > last:
                        yield place
                        last = place
                found = [lows.find(byte, hit + 1) if f == hit else f
                         for f, byte in zip(found, (b"\x00", b"\n"), strict=True)]
            pos, window = end, window * 2

    def out_of_step(self, data: bytes, at: int, final: bool) -> bool | None:
        """Whether the newline out of step at ``at`` ends the line (None: not known yet)."""
        after = at + len(self.newline)
        if len(data) < after + 2 * self.width and not final:
            return None
        before = at >= self.width and self.plain(data[at - self.width:at])
        follows = [self.plain(data[p:p + self.width]) for p in (after, after + self.width)]
        return (before and follows[0]) or all(follows) or (final and len(data) <= after)

    def after_newline(self, data: bytes, line: tuple[int, int], after: int,
                      decoder: codecs.IncrementalDecoder, final: bool
                      ) -> tuple[int, int, bool] | Literal[False] | None:
        """The end of a line at a newline in step, and the next line's start (False: no
        end, None: not known yet). In JSON Lines (its first line an object), bytes that are
        no character after the newline (one to three: a byte added after it, or inside it)
        are skipped when a record starts in step after them; they spoil the line they were
        added to (the next, unless they may be inside the newline). In CSV a row whose
        first byte was lost reads so too: it is not text, rather than read without its first
        letter. Else, before what is no ASCII character, a newline in JSON Lines ends a line
        only after a whole value (a byte 0A added just before the low byte of a big-endian
        character reads as a newline in step), or before UTF-8 lines (:func:`_utf8_at`: a
        file joined after it; the line may have lost a byte, a line of the other byte
        order)."""
        (start, stop), width, rest = line, self.width, len(data) - after
        if rest < 3 * width - 1 and not final:
            return None
        if rest == 0 or self.plain(data[after:after + width]) or int.from_bytes(
                data[after:after + width], self.order) in (0x1A, 0x1E, 0xFEFF):
            return stop, after, False  # (a record separator, a mark where files were
            # joined, a final Ctrl-Z)
        if rest < width:  # part of a character, at the end: a byte added after the last line
            return stop, len(data), True
        if final and rest % width and rest < (_IN_STEP + 2) * width \
                and self.line_end(data, after) == -1:
            # a few characters out of step then the end (no newline in step): a byte 0A
            # added inside this line's last character (big-endian), its end then out of step
            return stop, len(data), True
        first = self.first if self.first is not None else self.line(data, start, stop, decoder)
        if self.json(first) and _is_json(first.encode("utf-8", "surrogatepass")):  # JSON Lines
            for skip in range(1, width):
                if data.startswith(self.newline, after + skip) \
                        and self.opens(data, after + skip + width):
                    # a byte 0A added before the carriage return of a CR LF in big-endian
                    # text reads as a newline in step, the CR and LF then out of step: the
                    # damage of that line's end, the next line read in step after its LF
                    return stop, after + skip + width, True
                if self.plain(data[after + skip:after + skip + width]) \
                        and self.opens(data, after + skip):
                    # added before the next line, or inside the newline: the same bytes
                    # (the byte added is the newline's own next byte), taken to be the next
                    # line's damage, so that the line before, read whole, is read as written
                    self.spoiled = True
                    return stop, after + skip, False
        if (utf8 := self.wide and _utf8_at(data, after, final, self.order)) is None:
            self.hold = max(start, stop - width)  # (nothing decoded past the newline)
            return None
        if utf8:  # UTF-8 lines follow (a file joined): this line ends, whole or damaged
            return stop, after, False
        if self.text is not None and not self.whole_line(self.line(data, start, stop,
                                                                    decoder)):
            return False
        if self.first is not None and not self.json(self.first):  # CSV
            if (step := self.in_step_again(data, after, after, final)) is None:
                self.hold = max(start, stop - width)
                return None
            if step and data.startswith(self.newline, step[1]):  # a newline out of step
                # right after: a byte 0A added inside a character, when a row follows it. In
                # little-endian text, inside the first character of the next line (this
                # line's newline is whole and in step: the bytes of its end were not
                # touched), which is not text; in big-endian text, inside the last character
                # of this line (its low byte 0A, then that character's own byte, read as a
                # newline in step), the next line read as written
                if (row := self.row_of_header(data, step[1] + width, final)) is None:
                    self.hold = max(start, stop - width)
                    return None
                if row:
                    self.spoiled = self.order == "little"
                    return stop, step[1] + width, self.order == "big"
            if step and (row := self.row_of_header(data, step[1], final)) is None:
                self.hold = max(start, stop - width)
                return None
            if step and not row and self.order == "big":
                self.resumed = True  # no row follows: a byte 0A added inside a character
                return stop, step[1], True
            if step and not row:  # in little-endian text a byte 0A added inside a
                # character never reads as a newline in step (its low byte comes first):
                # this line is whole, the next one lost or gained a byte at its start
                self.spoiled = True
                return stop, after, False
        return stop, after, False

    def reads_intact(self, data: bytes, start: int, stop: int,
                     decoder: codecs.IncrementalDecoder, final: bool) -> bool | None:
        """Whether the current line of a CSV file, read in step to its newline (past
        ``stop``), is text (no bytes cut inside a character: a byte lost leaves the rest of
        the file out of step, its end too) and a row of as many cells as the header, and a
        row or the end follows it:
        then what reads as a damaged newline at ``stop`` is text (characters ending in a
        byte 00 read a byte further on: U+2000 as two spaces, U+2C00 as a comma), the
        reading without damage preferred. None if that newline is not read yet."""
        if self.intact is not None or self.first is None or self.json(self.first):
            return bool(self.intact)
        separator, cells = self.header_cells()
        if (end := self.line_end(data, stop)) == -1:
            if not final:
                return None if len(data) - stop < _JUDGED else False
            end = len(data)
        line = "" if self.text is None else self.line(data, start, end, decoder)
        if cells < 2 or "\udcff" in line or len(_cells(line, separator)[0] or ()) != cells:
            self.intact = False
            return False
        after = end + len(self.newline)
        if after < len(data) and (row := self.row(data, after, final, cells, separator)) is None:
            return None
        self.intact = after >= len(data) or bool(row)
        return self.intact

    def whole_line(self, line: str) -> bool:
        """Whether ``line`` is whole, as a line of JSON Lines: a JSON value (the first line
        too, if it opens an object and a key: ``{`` alone on it opens a pretty document);
        True in other files (a CSV cell may hold a newline). A byte-order mark before it (a
        UTF-16 line appended with its own, or two: files joined, each with one) is no part
        of it."""
        marks = "\ufeff" if self.wide else ""
        line = line.lstrip(marks)
        first = line if self.first is None else self.first.lstrip(marks)
        if not line.strip(_JSON_SPACE + _SEPARATORS):
            return True  # a blank line
        if self.first is None and not _OPENS_RECORD.match(first):
            return True  # a first line opening no record (``{`` alone: a pretty document)
        if not first.lstrip(_JSON_SPACE + _SEPARATORS).startswith("{") or (
                self.first is not None and not _is_json(first.encode("utf-8", "surrogatepass"))):
            return True
        return _is_json(line.encode("utf-8", "surrogatepass"))

    def whole(self, data: bytes, start: int, stop: int, after: int,
              decoder: codecs.IncrementalDecoder, final: bool) -> bool | None:
        """Whether the line's text up to ``stop`` is a whole line of the file, and so is
        the line from ``after`` (JSON Lines: it starts a value; CSV: as many cells as the
        first line); None if that line is not read yet."""
        if self.text is None:
            return False
        line = self.line(data, start, stop, decoder)
        if self.json(line if self.first is None else self.first):
            return _is_json(line.encode("utf-8", "surrogatepass")) and (
                after == len(data) or self.opens(data, after))
        if self.first is None:
            return False  # the header of a CSV file: what it holds is not known
        separator, cells = self.header_cells()
        if cells < 2 or len(_cells(line, separator)[0] or ()) != cells:
            return False
        return after == len(data) or self.row(data, after, final, cells, separator)

    def opening(self, data: bytes, start: int) -> str:
        """How the current line starts ("" if it is too long to be kept)."""
        if self.text is None:
            return ""
        text = self.head
        return text or data[start:start + 8 * self.width].decode(self.encoding,
                                                                 "callrules.not_text")

    def starts_line(self, data: bytes, at: int, final: bool, opening: str
                    ) -> bool | None:
        """Whether a line of the file starts at ``at`` (after a newline out of step: a
        byte 0A added inside a line reads as one): in JSON Lines, a whole value (or a blank
        line); in CSV, a row of as many cells as the header; anything in other files, and
        at the end of the text. The first line (``opening``: its first character) is JSON
        Lines if it opens an object. None if that line is not read yet."""
        if at >= len(data):
            return True
        if self.first is None and not _OPENS_RECORD.match(opening):
            return True  # the first line: JSON Lines if it opens an object and a key
        if self.first is None or self.json(self.first):
            if self.first is not None and not _is_json(self.first.encode("utf-8",
                                                                         "surrogatepass")):
                return True  # a JSON document, not JSON Lines
            line = self.following(data, at, final)
            if not isinstance(line, str):
                return line
            values = _joined_values(line)
            return not values or _is_json(values[0].encode("utf-8", "surrogatepass"))
        return self.row_of_header(data, at, final)

    def header_cells(self) -> tuple[str, int]:
        """The separator of a CSV file's first line (its header), and how many cells it has."""
        separator = _separator(self.first or "")
        return separator, len(_cells((self.first or "").rstrip("\r"), separator)[0] or ())

    def row_of_header(self, data: bytes, at: int, final: bool) -> bool | None:
        """Whether the text at ``at`` starts a CSV row of as many cells as the header (True
        if the header has fewer than two; None if it is not read to its end yet)."""
        separator, cells = self.header_cells()
        return True if cells < 2 else self.row(data, at, final, cells, separator)

    def row(self, data: bytes, at: int, final: bool, cells: int, separator: str
            ) -> bool | None:
        """Whether the text at ``at`` starts a CSV row of ``cells`` cells, to its newline
        in step, or to a later one when a quoted cell holds line breaks (up to
        ``_ROW_LINES`` lines); None if it is not read to its end yet."""
        text, quoted = "", False
        for _ in range(_ROW_LINES):
            line = self.following(data, at, final)
            if not isinstance(line, str):
                return line
            if _OUT_OF_STEP_NEWLINE in line:
                return False  # read out of step from ``at``: no row starts there
            text += line
            if not (quoted := _in_quote_after(line, quoted, separator)):
                return len(_cells(text, separator)[0] or ()) == cells
            if (end := self.line_end(data, at)) == -1:
                return False  # the text ends inside the cell
            text, at = text + "\n", end + len(self.newline)
        return False

    def following(self, data: bytes, at: int, final: bool) -> str | bool | None:
        """The text of the line at ``at``, to its newline in step (without a final carriage
        return); None if it is not read to its end yet, False if it is too long to judge."""
        if (end := self.line_end(data, at)) == -1:
            if not final:
                return None if len(data) - at < _JUDGED else False
            end = len(data)
        return data[at:end].decode(self.encoding, "callrules.not_text").rstrip("\r")

    def line_end(self, data: bytes, at: int) -> int:
        """Where the line at ``at`` ends: its newline in step (-1 if none is read yet). The
        bytes read past that line's start without one are not searched again when more
        come (a line held long, read again at each piece)."""
        seen = self.unended[1] if self.unended is not None and self.unended[0] == at else at
        clear = seen
        if self.clear is not None and self.clear[0] <= seen <= self.clear[1]:
            clear, seen = self.clear[0], self.clear[1]  # (no newline there: searched once
        end, last = data.find(self.newline, seen), -1  # for all the lines starting in it)
        while end != -1 and (end - at) % self.width:
            end, last = data.find(self.newline, end + 1), end
        if end == -1:
            self.unended = (at, max(seen, len(data) - len(self.newline) + 1))
            self.clear = (clear if last == -1 else last + 1, self.unended[1])
        return end

    def line(self, data: bytes, start: int, stop: int, decoder: codecs.IncrementalDecoder
             ) -> str:
        """The current line's text up to ``stop`` (without a final carriage return)."""
        peek = codecs.getincrementaldecoder(self.encoding)("callrules.not_text")
        peek.setstate(decoder.getstate())
        return ("".join(self.text or ()) + _finish(peek, data[start:stop], False)).rstrip("\r")

    @staticmethod
    def json(line: str) -> bool:
        """Whether ``line``, the first of its file, shows JSON (JSON Lines), not CSV."""
        return line.lstrip(_JSON_SPACE + _SEPARATORS)[:1] in ("{", "[")

    def opens(self, data: bytes, at: int) -> bool:
        """Whether the text at ``at``, read in step from there, starts a JSON value with
        ``{`` or ``[`` (after blanks)."""
        head = data[at:at + 16 * self.width].decode(self.encoding, "callrules.not_text")
        return head.lstrip(" \t\x1e\ufeff")[:1] in ("{", "[")

    def record(self, data: bytes, at: int) -> bool:
        """Whether the text at ``at``, read in step from there, starts a JSON Lines record:
        an object and its first key (after blanks)."""
        head = data[at:at + 16 * self.width].decode(self.encoding, "callrules.not_text")
        return _OPENS_RECORD.match(head.lstrip("\x1e\ufeff")) is not None

    def plain(self, unit: bytes) -> bool:
        """Whether ``unit`` is a printable ASCII character or a tab, carriage return or
        newline (False for a unit cut short)."""
        code = int.from_bytes(unit, self.order)
        return len(unit) == self.width and (0x20 <= code < 0x7F or code in (0x09, 0x0A, 0x0D))


def _finish(decoder: codecs.IncrementalDecoder, data: bytes, damaged: bool) -> str:
    """The rest of a line decoded (bytes cut inside a character: not text); ``damaged``:
    its line end was (a byte of it lost or added), which makes the line not text too. A
    mark of bytes that are not text is put before a carriage return that ends the line, so
    that CSV does not read that return as a line end of its own."""
    try:  # a newline inside a line is no line end: a byte 0A added (not text)
        text = decoder.decode(data, True).replace("\n", "\udcff")
    except UnicodeDecodeError:  # cut inside a character
        text = "\udcff"
    if damaged:
        text += "\udcff"
    if text.endswith("\r\udcff"):
        text = text[:-2] + "\udcff\r"
    head, cr, rest = text.rpartition("\r")
    if cr and "\udcff" in rest and len(rest) <= _IN_STEP:  # a carriage return before the
        text = head + "\udcff" + rest  # few characters out of step that end the line: a
    return text  # byte 0D added inside a character, in the damage (alone, it ends a row)


def without_dos_eof(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """The pieces without a final Ctrl-Z (``0x1A``, written at the end by DOS tools): a
    piece ending with one is held until the next shows it was not the end."""
    held = b""
    for piece in pieces:
        if held:
            yield held
            held = b""
        if piece.endswith(_DOS_EOF):
            held = piece
        else:
            yield piece
    if held := held.rstrip(_DOS_EOF):
        yield held


def mac_line_ends(pieces: Iterable[bytes], json_lines: bool = False) -> Iterator[bytes]:
    """If the first line ends with a carriage return alone (old Mac), every carriage return
    ends a line (a CR LF too); in JSON Lines, where a carriage return is also whitespace
    inside a record, only when the text before it is a JSON value whole or the text after
    it starts an object (after a carriage return inside a string, as a raw one typed in a
    record is, an object with a key, as a record cut inside a string then the next record
    is: not a brace written in the string's text, ``"plan:\\r{draft}"``); in CSV, only
    when the next line ends so too, or the text does (a carriage return inside the header
    of a file whose lines end with line feeds is damage to its header, not a line end)."""
    pieces = iter(pieces)
    head = b""
    found = following = None
    for piece in pieces:
        searched = max(0, len(head) - 1)  # the pieces read before hold no line end
        head += piece
        found = found or _LINE_END.search(head, searched)
        if found is not None and not json_lines and found.group() == b"\r" \
                and found.end() < len(head) and head[found.end()] != ord("\n"):
            following = _LINE_END.search(head, max(found.end(), searched))
            known = following is not None and (following.group() == b"\n"
                                               or following.end() < len(head))
        else:
            known = found is not None and (found.group() == b"\n" or found.end() < len(head))
        if known or len(head) > MAX_RECORD_BYTES:
            break
    if found is None or found.group() == b"\n" or head.startswith(b"\r\n", found.start()) \
            or (json_lines and not _is_json(head[:found.start()])
                and not starts_record(head[found.end():],
                                       follow(head[:found.start()])[1])) \
            or (following is not None and (following.group() == b"\n"
                                           or head.startswith(b"\r\n", following.start()))):
        if head:
            yield head
        yield from pieces
        return
    for piece in chain([head], pieces):
        yield piece.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def starts_record(text: bytes, quoted: bool) -> bool:
    """Whether ``text`` starts with an object, after blanks, record separators and a
    byte-order mark (as a JSON Lines record may); after a string left open (``quoted``: the
    text before cut inside a string, or holding a raw carriage return there), only an
    object that opens with a key (its string read as :mod:`~callrules._json_scan` reads
    one, then a colon: no string holds an unescaped quote), not a brace written in the
    string's text (``{draft}``, ``{}``)."""
    text = text.lstrip(b" \t\x1e")
    text = text.removeprefix(BOM).lstrip(b" \t\x1e")
    if not text.startswith(b"{"):
        return False
    if not quoted:
        return True
    text = text[1:].lstrip(b" \t")
    key = _KEY_REST.match(text, 1) if text.startswith(b'"') else None
    return key is not None and key.group(1) is not None \
        and text[key.end():].lstrip(b" \t").startswith(b":")


#: The rest of a string after its opening quote, ended by its closing quote (group 1) or by
#: a line end (see :mod:`callrules._json_scan`).
_KEY_REST = re.compile(LINE_ENDED_REST)


def lined(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """The pieces cut after each ``\\n``, so that each ends a line or is cut inside one."""
    for piece in pieces:
        start = 0
        while (end := piece.find(b"\n", start)) != -1 and end + 1 < len(piece):
            yield piece[start:end + 1]
            start = end + 1
        yield piece[start:] if start else piece


def lines(pieces: Iterable[bytes]) -> Iterator[bytes | Over]:
    """Physical lines, split on ``\\n``: a line over the size limit is not kept (``LINE``
    when it ends), and one that does not end within the skip limit stops (``ENDLESS``)."""
    parts: list[bytes] = []
    size = 0
    over = False
    for piece in pieces:
        size += len(piece)
        if not over:
            parts.append(piece)
            if size > MAX_RECORD_BYTES:
                over, parts = True, []
        elif size > MAX_RECORD_BYTES + MAX_SKIP_BYTES:
            yield Over.ENDLESS
            return
        if piece.endswith(b"\n"):
            yield Over.LINE if over else b"".join(parts)
            parts, size, over = [], 0, False
    if parts or over:
        yield Over.LINE if over else b"".join(parts)


def text_lines(lines: Iterable[bytes | Over]) -> Iterator[str | Over]:
    for line in lines:
        yield line if isinstance(line, Over) else line.decode("utf-8", "surrogateescape")
