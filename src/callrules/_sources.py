"""Where batches come from: JSON files, JSON Lines, folders, CSV, standard input.

Every reader yields :class:`Sourced` records lazily, and never reads a source whole: a JSON
Lines or CSV file is read line by line, a JSON array element by element, so a batch of any
size streams in memory bounded by its largest record. Nothing is lost and nothing is
invented: every record meant gives one result, in place, and a record that cannot be read
(bytes that are not UTF-8, a record longer than :data:`MAX_RECORD_BYTES`, an unclosed
quote, a cell over the CSV field limit, damaged JSON) becomes an input error for that
record alone, labelled with where it came from (``batch.jsonl:3``, ``batch.csv:7``,
``batch.json[4]``).

Bytes first: a byte-order mark at the start says the encoding (UTF-8: skipped; UTF-16 or
UTF-32, as Excel's "Unicode text" writes: decoded line by line, so a byte lost or added
spoils one line, the next read in step with its newline again; without a mark, UTF-16 and UTF-32 are
known by the NULs of the first four bytes), a final Ctrl-Z (``0x1A``, DOS end of file) is
dropped, and lines are split on ``\\n`` only (a carriage return is JSON whitespace, and a
CSV cell may hold one when quoted), except in a file whose first line ends with a carriage
return alone (old Mac; in JSON Lines, after a whole value or before a ``{``): its carriage
returns end lines. In CSV a carriage return alone ends a line anywhere (one in a quoted
cell stays in it: the cell is read over two lines). A
JSON Lines line holding several whole values (``}{``, RFC 7464 record separators, U+2028 or
NEL between them) gives each. A byte-order mark at the start of a later line (files joined
end to end) is dropped too.

Every read is bounded: a record is kept up to :data:`MAX_RECORD_BYTES` (plus one piece of
64 KiB), then skipped without being kept up to its end (``too_large``); a record with no
end after :data:`MAX_SKIP_BYTES` more bytes (``/dev/zero``) stops its source
(``record_without_end``). Folders give their regular files whose names end in ``.json``,
``.jsonl``, ``.ndjson`` or ``.csv`` in any case; anything else there (a pipe, a device, a
socket, a folder) is reported and not opened (``not_a_regular_file``), and so is such a
file named on its own, unless it is a standard input on purpose (``/dev/stdin``,
``/dev/fd/N``). A spreadsheet workbook is one problem (``workbook``), and a file whose first
line plainly belongs to another format than its name says is read as it is.

JSON (a ``.json`` file, or JSON on standard input) is read as a sequence of values: an
array gives its elements, one record each (several arrays one after the other, as files
joined end to end, continue the count), and an object is a record. A damaged element is
one record, reported with its line, and reading goes on at the next element: where the
next record starts, known by the records' shape (an object with most of their keys, or
starting with their first two), not by the strings (a lost quote turns text into
structure and structure into text); an empty slot (``[a,,b]``, a trailing comma), a stray
bracket or a byte stuck to the front of a record is no record.

Standard input (``"-"``), and a file whose name says no format, is read as the format
given (``input_format``: ``json``, ``jsonl`` or ``csv``), or else as its first non-blank
line shows: ``[`` a JSON array; ``{`` alone a pretty-printed JSON object (or several); an
object on the line (``{`` … ``}``), or a record separator, JSON Lines; a CSV header (two or
more cells naming fields; some in braces or brackets, ``{note}``, if the line is not JSON)
CSV, unless the next non-blank line is a JSON object whole on its line (no CSV row is: the
first record of JSON Lines was damaged into what reads as a header). A first line that is
none of these (damaged) leaves it to the next non-blank line: starting with ``{`` in its
first column, JSON Lines; else CSV if the first line
holds two cells or more (separated by commas, semicolons or tabs: a header of odd names)
and does not start as JSON does; else (an indented line of a pretty-printed document)
JSON; so a damaged first line is one bad record and the others
are still checked. JSON Lines are read line by line, each record as soon as its line
arrives, which makes ``callrules check CALL -`` a worker.

CSV cells are separated by commas, or by semicolons or tabs when the header shows it (one
cell with commas, several with semicolons: Excel's CSV where the decimal mark is a comma).
CSV columns name fields by their path, with list positions as numbers
(``visitors.0.institution.location.country``, ``budget.lines.1.amount.amount``); an empty
cell is an absent field, and a list item all of whose cells are empty is absent too (the
items after it move up); a list (``host.unit.affiliations``) may be one cell, its items
separated by semicolons; ``mapping`` renames columns to paths (``{"Pays": "visitors.0.…"}``)
and columns mapped to ``None`` are ignored. Two columns for one field make every row of
the file an input problem (``csv_duplicate_column``), never one silently winning; a row
repeating the header (files joined end to end) is not a record. Every cell is kept as text
(a :class:`~callrules._cells.CsvRow`) until the call's form reads it, each cell as its
field's type expects (``callrules._cells``: whole numbers, yes/no, lists, answers). A
record's label names the physical line where it starts (blank lines and cells spanning lines
counted). A record spanning several lines is accepted only when it parses strictly, has as
many cells as the header and holds no line that is a whole row of its own (as many cells, no
quote): otherwise a quote was left open, the record where it opened is reported
(``csv_unclosed_quote``) and the lines after it are read again as rows of their own. A row
with fewer cells than the header (a file cut in its last row, or trailing empty cells left
out) is refused (``csv_short_row``), never read as if the missing cells were empty.
"""

from __future__ import annotations

import bisect
import codecs
import contextlib
import csv
import enum
import functools
import io
import json
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from itertools import chain, pairwise
from os import PathLike
from pathlib import Path
from typing import Any, Literal, NamedTuple, TextIO

from callrules._cells import CsvRow
from callrules._evaluate import Sourced
from callrules._jsontext import repeated_key
from callrules._loading import STDIN_LIKE
from callrules._safe import terminal
from callrules.exceptions import ArgumentError, InputError, InputProblem

__all__ = ["INPUT_FORMATS", "MAX_RECORD_BYTES", "MAX_SKIP_BYTES", "NO_RECORDS", "Counted",
           "nothing_read", "records", "records_from_csv"]

SUFFIXES = (".json", ".jsonl", ".csv", ".ndjson")
#: Spreadsheet workbooks: in a folder, each is one problem (``workbook``), never skipped.
_WORKBOOK_SUFFIXES = (".xlsx", ".xls", ".ods", ".xlsm")
#: The formats a source can be read as, when its name does not say (standard input).
INPUT_FORMATS = ("json", "jsonl", "csv")
#: The largest record read (a JSON Lines line, a CSV row, an element of a JSON array, a
#: JSON document): a larger one is reported as ``too_large`` and skipped.
MAX_RECORD_BYTES = 8 * 1024 * 1024
#: How far a record over :data:`MAX_RECORD_BYTES` is skipped, looking for its end, before
#: the rest of its source is given up (``record_without_end``): 128 MiB.
MAX_SKIP_BYTES = 128 * 1024 * 1024
_MAX_DEPTH = 8
_PIECE = 1 << 16
_BOM = b"\xef\xbb\xbf"
#: Byte-order marks of the encodings read besides UTF-8 (UTF-32 first: its little-endian
#: mark begins with UTF-16's).
_BOMS = ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"))
#: UTF-16 and UTF-32 without a mark, by their first four bytes (UTF-16: two), NUL (0) or
#: not (x): the first character is ASCII (what follows it may not be: a mark, a letter).
_UNMARKED = {"000x": "utf-32-be", "x000": "utf-32-le", "0x": "utf-16-be", "x0": "utf-16-le"}
_DOS_EOF = b"\x1a"
#: How workbooks start: a zip archive (xlsx, ods) or an OLE2 compound file (xls).
_WORKBOOKS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
_JSON_SPACE = " \t\r\n\ufeff"  # and a byte-order mark between values (files joined)
_SPACES = re.compile("[ \t\r\n\ufeff]*")
#: Separators between values on one JSON Lines line: RFC 7464's record separator, and line
#: and paragraph separators that some tools write for line ends.
_SEPARATORS = "\x1e\u2028\u2029\x85"
_GAP = re.compile(f"[{_JSON_SPACE}{_SEPARATORS}]*")
_JOINED = re.compile(f"[}}\\]][ \t\r\ufeff{_SEPARATORS}]*[{{\\[]")
_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8 (surrogateescape)
_STRUCTURE = re.compile(r'["{}\[\],:]')
#: A JSON string on one line, and JSON whitespace (as pattern texts).
_STRING = r'"(?:[^"\\\n]|\\.)*"'
_BLANK = "[ \t\r\n]*"
#: An object after a comma, with a key: where a record may start (group 1: its brace).
_AFTER_COMMA = re.compile(f"[,]{_BLANK}\ufeff?{_BLANK}([{{]){_BLANK}\"")
_BRACKET = re.compile("[{}\\[\\]]")
#: A damaged element this short, stuck to the record after it, is stray bytes: no record.
_STRAY = 3
_OBJECT = re.compile(f'([{{]){_BLANK}"')
#: An object at the start of a line or right after another's end (group 1: its brace): where
#: objects one after the other without an array start, or a record after a lost comma.
_LINE_OBJECT = re.compile(f'(?:\n[ \t]*|[}}]{_BLANK})([{{]){_BLANK}"')
#: An object after a comma (group 1: its brace), or a bracket.
_BRACKET_OR_OBJECT = re.compile(f"{_AFTER_COMMA.pattern}|[{{}}\\[\\]]")
#: The end of an array followed by the end of the text, or by the next array or object.
_ENDS_ARRAY = re.compile(f"\\]{_BLANK}\ufeff?{_BLANK}(?:[\\[{{]|\\Z)")
#: The array's end: a "]" followed by nothing but space, or by the next array.
_ARRAY_END = re.compile(f"\\]{_BLANK}\ufeff?{_BLANK}(?:\\[|\\Z)")
#: The strings and brackets of JSON text (keys are strings followed by a colon).
_TOKEN = re.compile(f"{_STRING}(?:{_BLANK}(:))?|[{{}}\\[\\]]")
#: Strings and runs of brackets: what tells whether a value nested deeply is whole.
_NESTING = re.compile(f'{_STRING}|\\[+|\\]+|[{{]+|[}}]+|"')
#: A value in a record's first keys, as written or damaged (a lost quote).
_FIRST_VALUE = f"(?:{_STRING}|[^,{{}}\\[\\]\\n]*)"
#: Two keys of an object, the value between them as written or damaged.
_HEAD = re.compile(f"({_STRING}){_BLANK}:{_BLANK}{_FIRST_VALUE}{_BLANK},{_BLANK}"
                   f"({_STRING}){_BLANK}:")
#: How many places after a comma that do not read whole are tried for a damaged element's end.
_TRIES = 64
#: How much deeper than where it started the text after a damaged element may go before no
#: record is looked for as shallow as it (records each left open would be scanned again for
#: each: time in the square of their number).
_DEEPER = 16
#: An object after a comma, whatever follows its brace (group 1: its brace).
_AFTER_ELEMENT = re.compile(f",{_BLANK}([{{])")
#: A stray byte or two after an object's brace (no whole JSON has one there): a brace right
#: after it (one added), or brackets, quotes and separators (a brace after those is another
#: object's, found as such).
_STRAY_BYTES = f'(?:[{{]{_BLANK})?(?:[\\[\\]}},:"]{_BLANK}){{0,2}}'
_STRING_END = re.compile(r'["\\\n]')
#: A key and its colon after a comma: what follows an object that closed too early.
_KEY_NEXT = re.compile(r'[ \t\r\n]*("(?:[^"\\\n]|\\.){0,200}")[ \t\r\n]*:')
_LOOK = 512
_AFTER_STRING = re.compile(r'[ \t]*([,:}\]\r\n])?')
_NON_BLANK = re.compile(rb"[^ \t\r\n]")
_LINE_END = re.compile(rb"[\r\n]")
_AFTER_LONE_CR = re.compile("(?<=\r)(?!\n)")
_HEADER_CELL = re.compile(r"[^\W\d][\w .\-]*")
_SEP_LINE = re.compile("\ufeff?sep=([,;\t|])")  # Excel's first line naming the separator
_STRICT = json.JSONDecoder(parse_float=Decimal)

ReadLine = Callable[[int], bytes]


def _space_end(text: str, pos: int) -> int:
    """Where the whitespace at ``pos`` in ``text`` ends."""
    found = _SPACES.match(text, pos)
    assert found is not None  # it matches the empty text too
    return found.end()


def _bad_bytes(error: UnicodeError) -> tuple[str, int]:
    """Decoding UTF-16 or UTF-32: bytes that are not text become one lone surrogate, which
    is written back as bytes that are not UTF-8, so the record holding them reads as
    ``not_utf8``."""
    assert isinstance(error, UnicodeDecodeError)
    return "\udcff", error.end


codecs.register_error("callrules.not_text", _bad_bytes)


class _Over(enum.Enum):
    """A line that is not given: over the limit, or without an end (the source stops)."""

    LINE = "too_large"
    ENDLESS = "record_without_end"


def records(*sources: str | Path, stdin: Any = None,
            mapping: Mapping[str, str | None] | None = None,
            input_format: str | None = None) -> Iterator[Sourced]:
    """Every record of ``sources`` (files, folders of them, or ``"-"`` for standard input).

    ``input_format`` (``"json"``, ``"jsonl"`` or ``"csv"``) says how to read standard
    input and files whose name says no format; by default their first line decides.
    :class:`~callrules.ArgumentError` for a source that is not a path, a ``mapping`` that
    is not one, or an unknown ``input_format``; a path that cannot be read is an invalid
    record of its own.
    """
    _check_mapping(mapping)
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise ArgumentError(f"input_format must be one of {', '.join(INPUT_FORMATS)}, "
                            f"not {input_format!r}")
    for name in sources:
        ArgumentError.check(name, (str, PathLike), "a source: a path or \"-\"")
        if str(name) == "-":
            stream = sys.stdin if stdin is None else stdin
            readline = _readline_of(stream)
            if getattr(stream, "closed", False) is True:
                yield _problem("<stdin>", "unreadable",
                               "cannot read the standard input: it is closed")
                continue
            try:
                yield from _read(readline, "<stdin>", input_format, mapping)
            except OSError as exc:  # a read error in the middle (a device gone)
                yield _problem("<stdin>", "unreadable", "cannot read the standard input: "
                               + (exc.strerror or "error"))
            except ValueError as exc:  # closed by its owner while it was read
                if getattr(stream, "closed", False) is not True \
                        and "closed file" not in str(exc):
                    raise
                yield _problem("<stdin>", "unreadable", "cannot read the standard input: "
                               "it was closed while it was read")
            continue
        path = Path(name)
        try:
            if path.is_dir():
                files = sorted(p for p in path.iterdir()
                               if p.suffix.lower() in SUFFIXES + _WORKBOOK_SUFFIXES)
                named = False
            else:
                files, named = [path], True
        except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
            yield _unreadable(path, getattr(exc, "strerror", None) or "not a file name")
            continue
        for file in files:
            yield from _file(file, mapping, input_format, named)


class Counted(Iterator[Sourced]):
    """Records counted as they pass: a batch of none is an input problem for a command."""

    def __init__(self, items: Iterable[Sourced]) -> None:
        self.items = iter(items)
        self.count = 0

    def __next__(self) -> Sourced:
        item = next(self.items)
        self.count += 1
        return item


#: The input problem of a batch holding no record at all (``no_records``).
NO_RECORDS = InputProblem((), "no_records", "no application to check: the input holds no "
                          "record (an empty file or folder, an empty list, or a CSV file with "
                          "only its header)")


def nothing_read(sources: Counted, lang: str, err: TextIO) -> bool:
    """Whether no record at all was read (then said on ``err`` in ``lang``): a command with
    no application to check exits 2, never "every application is eligible"."""
    if sources.count:
        return False
    err.write(f"callrules: {terminal(NO_RECORDS.message(lang))}\n")
    return True


def _problem(where: str, kind: str, message: str,
             ctx: Mapping[str, str] | None = None) -> Sourced:
    return Sourced(where, InputError([InputProblem((), kind, message, ctx=ctx)],
                                     source=where))


def _unreadable(file: Path, reason: str) -> Sourced:
    return _problem(str(file), "unreadable", f"cannot read {file}: {reason}")


def _too_large(where: str) -> Sourced:
    return _problem(where, "too_large", f"the record is larger than {MAX_RECORD_BYTES:,} bytes")


def _endless(where: str) -> Sourced:
    return _problem(where, "record_without_end", "the record goes on for more than "
                    f"{MAX_RECORD_BYTES + MAX_SKIP_BYTES:,} bytes without an end; the rest of "
                    "this source is not read")


def _over(mark: _Over, where: str) -> Sourced:
    """The problem of a line over the size limit, or with no end within the skip limit."""
    return _endless(where) if mark is _Over.ENDLESS else _too_large(where)


def _not_utf8(where: str, exc: UnicodeDecodeError | None = None, byte: int | None = None
              ) -> Sourced:
    byte = exc.start + 1 if exc is not None else byte
    place = f" (byte {byte} of the record)" if byte is not None else ""
    return _problem(where, "not_utf8", f"the record is not UTF-8 text{place}")


def _readline_of(stream: Any) -> ReadLine:
    """A ``readline(size)`` giving bytes, for a binary or a text stream."""
    raw = getattr(stream, "buffer", None)
    if raw is not None and callable(getattr(raw, "readline", None)):
        return raw.readline  # type: ignore[no-any-return]
    if not callable(getattr(stream, "readline", None)):
        raise ArgumentError("the standard input is missing (closed before the program "
                            "started), or what was given for it is no stream to read")
    if not isinstance(stream, io.TextIOBase):
        return stream.readline  # type: ignore[no-any-return]

    def readline(size: int) -> bytes:
        text: str = stream.readline(size)
        try:
            return text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            return text.encode("utf-8", "surrogatepass")  # reported as not UTF-8

    return readline


def _file(file: Path, mapping: Mapping[str, str | None] | None, input_format: str | None,
          named: bool) -> Iterator[Sourced]:
    try:
        mode = file.stat().st_mode
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        yield _unreadable(file, getattr(exc, "strerror", None) or "not a file name")
        return
    if not stat.S_ISREG(mode) and not (named and STDIN_LIKE.fullmatch(str(file))):
        yield _problem(str(file), "not_a_regular_file", f"{file} is not a regular file (a "
                       "folder, a pipe, a device or a socket): it is not read")
        return
    try:
        handle = file.open("rb")
    except OSError as exc:
        yield _unreadable(file, exc.strerror or "error")
        return
    suffix = file.suffix.lower()
    kind = {".ndjson": "jsonl"}.get(suffix, suffix[1:]) if suffix in SUFFIXES else input_format
    with handle:
        try:
            yield from _read(handle.readline, str(file), kind, mapping, suffix in SUFFIXES)
        except OSError as exc:  # a read error in the middle (a device gone)
            yield _unreadable(file, exc.strerror or "error")


def _read(readline: ReadLine, source: str, kind: str | None,
          mapping: Mapping[str, str | None] | None, by_name: bool = False
          ) -> Iterator[Sourced]:
    """The records of one source, read as ``kind`` (None: as its first line shows; said
    ``by_name``, by the file's suffix: unless its first line plainly belongs to another)."""
    raw = _raw(readline)
    first = next(raw, b"")
    if first.startswith(_WORKBOOKS):
        yield _problem(source, "workbook", "this is a spreadsheet workbook (xlsx, xls or ods), "
                       "not text: save it as CSV UTF-8 and check that file")
        return
    pieces = _without_dos_eof(_decoded(chain([first], raw)))
    if kind is None:
        kind, pieces = _detect(pieces)
    elif by_name:  # content plainly of another format than the name says is read as it is
        kind, pieces = _as_named(kind, pieces)
    if kind == "jsonl":
        yield from _jsonl(_lines(_lined(_mac_line_ends(pieces, json_lines=True))), source)
    elif kind == "csv":
        yield from _csv(_bare_cr_lines(_text_lines(_lines(_lined(_mac_line_ends(pieces))))),
                        source, mapping)
    else:
        yield from _Values(pieces, source)


# -- bytes -------------------------------------------------------------------------------------
def _raw(readline: ReadLine) -> Iterator[bytes]:
    """The stream in pieces of at most ``_PIECE`` bytes (a line, or a part of one)."""
    while piece := readline(_PIECE):
        yield piece


def _decoded(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """UTF-8 bytes: a UTF-8 byte-order mark dropped, UTF-16 or UTF-32 (said by their mark)
    decoded and written again as UTF-8."""
    head = b""
    marks = (_BOM, *(mark for mark, _ in _BOMS))
    for piece in pieces:  # four bytes, unless two or more came that start no mark and
        head += piece     # hold no NUL (a worker's first line is given as soon as it comes)
        if len(head) >= 4 or (len(head) >= 2 and b"\0" not in head
                              and not any(mark.startswith(head) for mark in marks)):
            break
    if head.startswith(_BOM):
        head = head[len(_BOM):]
    else:
        for mark, encoding in _BOMS:
            if head.startswith(mark):
                yield from _transcoded(chain([head[len(mark):]], pieces), encoding)
                return
        if (unmarked := _unmarked(head[:4])) is not None:
            yield from _transcoded(chain([head], pieces), unmarked)
            return
    if head:
        yield head
    yield from pieces


def _unmarked(head: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, by where the first four bytes hold NULs
    (as RFC 4627: text in any of these starts with an ASCII character, ``[``, ``{``, a
    header's letter, and a NUL among the first two bytes of UTF-8 text is no text)."""
    nul = "".join("0" if b == 0 else "x" for b in head[:4])
    return _UNMARKED.get(nul) or _UNMARKED.get(nul[:2])


def _transcoded(pieces: Iterable[bytes], encoding: str) -> Iterator[bytes]:
    """UTF-16 or UTF-32 bytes as UTF-8, line by line: each line is decoded on its own, in
    step with its start, so a byte lost or added in one line, or in its line end, spoils
    that line alone (read as ``not_utf8``), not the lines after it (:class:`_LineEnds`)."""
    ends = _LineEnds(encoding)
    width = ends.width
    fresh = codecs.getincrementaldecoder(encoding)
    decoder = fresh("callrules.not_text")
    held = b""  # bytes not decoded yet, after the last ``width`` bytes decoded before them
    done = 0  # where the bytes not decoded yet start in ``held``: in step with the line
    for piece in chain(pieces, [None]):
        held += piece or b""
        while (end := ends.find(held, done, decoder, piece is None)) is not None:
            stop, after, damaged = end
            text = _finish(decoder, held[done:stop], damaged)
            ends.ended(text)
            yield text.encode("utf-8", "surrogatepass") + b"\n"
            decoder, done = fresh("callrules.not_text"), after
            if ends.spoiled:  # bytes added before the line: it is not text
                ends.spoiled = False
                ends.add("\udcff")
                yield "\udcff".encode("utf-8", "surrogatepass")
        if piece is None:
            if tail := _finish(decoder, held[done:], False):
                yield tail.encode("utf-8", "surrogatepass")
            return
        # held back: what may be a line end (damaged or not), what shows it, a CR before it
        cut = min(len(held) - _HELD_UNITS * width, ends.hold)
        cut = done + max(0, cut - done) // width * width
        if text := decoder.decode(held[done:cut]).replace("\n", "\udcff"):  # no line end
            ends.add(text)
            yield text.encode("utf-8", "surrogatepass")
        keep = max(0, cut - width)
        held, done = held[keep:], cut - keep


#: Characters of UTF-16 or UTF-32 text held back undecoded: a line end, damaged or not,
#: the two characters after it that show it, and a carriage return before it.
_HELD_UNITS = 7
#: How much of a line is kept to judge a damaged newline in it, and how far the line after
#: it is read for it (a CSV row): beyond, a newline is not taken to be damaged.
_JUDGED = _PIECE * 16
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

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.width = 4 if "32" in encoding else 2
        self.newline = "\n".encode(encoding)
        self.order: Literal["little", "big"] = "little" if encoding.endswith("le") else "big"
        self.damaged, self.added = _END_PATTERNS[encoding]
        self.blanks = (" ".encode(encoding), "\t".encode(encoding))
        self.first: str | None = None  # the first line (a CSV header), once it ended
        self.text: list[str] | None = []  # the line's text decoded so far (None: too long)
        self.size = 0
        self.tries = _JUDGED_TRIES  # damaged newlines still judged in the line
        self.hold = 0  # where decoding stops: before a damaged newline being judged
        self.spoiled = False  # whether the next line starts after bytes added before it

    def add(self, text: str) -> None:
        """Text of the current line, decoded."""
        if self.text is not None:
            self.text.append(text)
            self.size += len(text)
            if self.size > _JUDGED:
                self.text = None

    def ended(self, text: str) -> None:
        """The current line ended with ``text``."""
        if self.first is None:
            self.first = "".join(self.text) + text if self.text is not None else ""
        self.text, self.size, self.tries = [], 0, _JUDGED_TRIES

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
            if not self.tries or (found := self.damaged.match(data, stop)) is None:
                continue
            after = found.end()
            if after == len(data) and not final:
                return None  # what follows is not read yet
            if found.lastindex == 1 and data[after:after + width] in self.blanks \
                    and (added := self.added.match(data, stop)):
                after = added.end()  # a line does not start with a blank: a byte was added
            if (whole := self.whole(data, start, stop, after, decoder, final)) is None:
                self.hold = max(start, stop - width)
                return None
            if whole:
                return stop, after, True
            self.tries -= 1  # a byte lost inside the line, its end then out of step
        return None

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
        character reads as a newline in step)."""
        (start, stop), width, rest = line, self.width, len(data) - after
        if rest < 3 * width - 1 and not final:
            return None
        if rest == 0 or self.plain(data[after:after + width]) or int.from_bytes(
                data[after:after + width], self.order) in (0x1A, 0x1E, 0xFEFF):
            return stop, after, False  # (a record separator, a mark where files were
            # joined, a final Ctrl-Z)
        if rest < width:  # part of a character, at the end: a byte added after the last line
            return stop, len(data), True
        first = self.first if self.first is not None else self.line(data, start, stop, decoder)
        if self.json(first) and _is_json(first.encode("utf-8", "surrogatepass")):  # JSON Lines
            for skip in range(1, width):
                if self.plain(data[after + skip:after + skip + width]) \
                        and self.opens(data, after + skip):
                    if self.added.match(data, stop):  # a byte added inside the newline
                        return stop, after + skip, True
                    self.spoiled = True  # added before the next line: that line's
                    return stop, after + skip, False  # damage
        if self.text is not None and not self.whole_line(self.line(data, start, stop,
                                                                    decoder)):
            return False
        return stop, after, False

    def whole_line(self, line: str) -> bool:
        """Whether ``line`` is whole, as a line of JSON Lines: a JSON value (the first line
        too, if it opens an object); True in other files (a CSV cell may hold a newline)."""
        first = line if self.first is None else self.first
        if not line.strip(_JSON_SPACE + _SEPARATORS):
            return True  # a blank line
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
        separator = _separator(self.first)
        cells = len(_cells(self.first.rstrip("\r"), separator)[0] or ())
        if cells < 2 or len(_cells(line, separator)[0] or ()) != cells:
            return False
        return after == len(data) or self.row(data, after, final, cells, separator)

    def opening(self, data: bytes, start: int) -> str:
        """How the current line starts ("" if it is too long to be kept)."""
        if self.text is None:
            return ""
        text = "".join(self.text)[:8] if self.text else ""
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
        separator = _separator(self.first)
        cells = len(_cells(self.first.rstrip("\r"), separator)[0] or ())
        if cells < 2:
            return True
        line = self.following(data, at, final)
        return line if not isinstance(line, str) else \
            len(_cells(line, separator)[0] or ()) == cells

    def row(self, data: bytes, at: int, final: bool, cells: int, separator: str
            ) -> bool | None:
        """Whether the line at ``at`` (to its newline in step) is a CSV row of ``cells``
        cells; None if it is not read to its end yet."""
        line = self.following(data, at, final)
        return line if not isinstance(line, str) else \
            len(_cells(line, separator)[0] or ()) == cells

    def following(self, data: bytes, at: int, final: bool) -> str | bool | None:
        """The text of the line at ``at``, to its newline in step (without a final carriage
        return); None if it is not read to its end yet, False if it is too long to judge."""
        end = data.find(self.newline, at)
        while end != -1 and (end - at) % self.width:
            end = data.find(self.newline, end + 1)
        if end == -1:
            if not final:
                return None if len(data) - at < _JUDGED else False
            end = len(data)
        return data[at:end].decode(self.encoding, "callrules.not_text").rstrip("\r")

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
    return text


def _without_dos_eof(pieces: Iterable[bytes]) -> Iterator[bytes]:
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


def _mac_line_ends(pieces: Iterable[bytes], json_lines: bool = False) -> Iterator[bytes]:
    """If the first line ends with a carriage return alone (old Mac), every carriage return
    ends a line (a CR LF too); in JSON Lines, where a carriage return is also whitespace
    inside a record, only when the text before it is a JSON value whole or the text after
    it starts an object; in CSV, only when the next line ends so too, or the text does (a
    carriage return inside the header of a file whose lines end with line feeds is damage
    to its header, not a line end)."""
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
                and not _starts_object(head[found.end():])) \
            or (following is not None and (following.group() == b"\n"
                                           or head.startswith(b"\r\n", following.start()))):
        if head:
            yield head
        yield from pieces
        return
    for piece in chain([head], pieces):
        yield piece.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def _starts_object(text: bytes) -> bool:
    """Whether ``text`` starts with an object, after blanks, record separators and a
    byte-order mark (as a JSON Lines record may)."""
    text = text.lstrip(b" \t\x1e")
    return text.removeprefix(_BOM).lstrip(b" \t\x1e").startswith(b"{")


def _is_json(text: bytes) -> bool:
    """Whether ``text`` is one JSON value (RFC 7464 separators around it allowed)."""
    try:
        json.loads(text.decode("utf-8").strip(_SEPARATORS))
    except (ValueError, RecursionError):
        return False
    return True


def _lined(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """The pieces cut after each ``\\n``, so that each ends a line or is cut inside one."""
    for piece in pieces:
        start = 0
        while (end := piece.find(b"\n", start)) != -1 and end + 1 < len(piece):
            yield piece[start:end + 1]
            start = end + 1
        yield piece[start:] if start else piece


def _lines(pieces: Iterable[bytes]) -> Iterator[bytes | _Over]:
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
            yield _Over.ENDLESS
            return
        if piece.endswith(b"\n"):
            yield _Over.LINE if over else b"".join(parts)
            parts, size, over = [], 0, False
    if parts or over:
        yield _Over.LINE if over else b"".join(parts)


def _detect(pieces: Iterator[bytes]) -> tuple[str, Iterator[bytes]]:
    """The format of a source by its first non-blank line, and the source again, whole
    (the head read to decide is at most :data:`MAX_RECORD_BYTES` and a piece)."""
    head = bytearray()
    first = None
    for piece in pieces:
        start = len(head)
        head += piece
        if first is None and (found := _NON_BLANK.search(head, start)):
            first = found.start()
        if (first is not None and (head.startswith(b"[", first)
                                   or head.find(b"\n", first) != -1)) \
                or len(head) > MAX_RECORD_BYTES:
            break  # decided: an array, or the first line is whole
    rest = chain([bytes(head)], pieces)
    if first is None:
        return "jsonl", rest
    written = bytes(head[first:].split(b"\n", 1)[0])
    line = written.strip()
    while line.startswith(_BOM):  # a mark again (files joined, or written twice)
        line = line[len(_BOM):]
    if line.startswith(b"\x1e"):  # RFC 7464: a record separator before each record
        return "jsonl", rest
    header = line.split(b"\r", 1)[0]  # a header cut at a carriage return: a Mac file's
    if _SEP_LINE.fullmatch(written.rstrip(b"\r").decode("utf-8", "replace")):
        return "csv", rest  # Excel's line naming the separator before the header
    if _is_header(header) or (  # lines end so
            _is_header(header, loose=True) and not _is_json(line)):  # "{note}", "[note]"
        return _header_or_damage(head, first, pieces)
    if line.startswith(b"[") or line == b"{":
        return "json", rest
    if line.startswith(b"{") and line.endswith(b"}"):
        return "jsonl", rest
    return _second_line(head, first, pieces)


def _header_or_damage(head: bytearray, first: int, pieces: Iterator[bytes]
                      ) -> tuple[str, Iterator[bytes]]:
    """CSV, its first line a header; or JSON Lines, when the next non-blank line is a JSON
    object whole on its line (no CSV row reads so: the first line was a damaged record)."""
    found = _next_line(head, first, pieces, whole=True)
    rest = chain([bytes(head)], pieces)
    if found is None:
        return "csv", rest
    line = bytes(head[found[0]:found[1]]).rstrip(b"\r")
    whole = line.startswith(b"{") and line.endswith(b"}") and _is_json(line)
    if not whole and line[:1] in (b"{", b"[") and _cells_of(line) != _cells_of(
            bytes(head[first:head.find(b"\n", first)])):  # no row of that header: JSON
        return "json", rest  # (pretty-printed, or an array) after a damaged first line
    return "jsonl" if whole else "csv", rest


def _next_line(head: bytearray, first: int, pieces: Iterator[bytes], whole: bool
               ) -> tuple[int, int] | None:
    """Where the next non-blank line after the line at ``first`` starts and ends in
    ``head`` (pieces read into it as needed, within the record limit; ``whole``: read to
    that line's end, the input's end if it has none); None if there is none."""
    while len(head) <= MAX_RECORD_BYTES:
        end = head.find(b"\n", first)
        found = _NON_BLANK.search(head, end + 1) if end != -1 else None
        if found is not None:
            stop = head.find(b"\n", found.start())
            if stop != -1 or not whole:
                return found.start(), stop
        if (piece := next(pieces, None)) is None:
            return None if found is None else (found.start(), len(head))
        head += piece
    return None


def _as_named(kind: str, pieces: Iterator[bytes]) -> tuple[str, Iterator[bytes]]:
    """The format of a file named as ``kind``, unless its start plainly belongs to another,
    as standard input's is found (:func:`_detect`): JSON (``[``, or ``{`` alone: an array,
    pretty-printed objects as ``jq`` writes them) or JSON Lines in a ``.csv`` file; JSON in
    a ``.jsonl`` file; CSV (a header, of any separator) in a ``.json`` or ``.jsonl`` file."""
    found, rest = _detect(pieces)
    if found == kind or (kind == "json" and found == "jsonl"):  # JSON reads JSON Lines too
        return kind, rest
    head = next(rest, b"")
    rest = chain([head], rest)
    start = _NON_BLANK.search(head)
    first = head[start.start():start.start() + 1] if start else b""
    if kind == "csv" and first not in (b"{", b"["):
        return kind, rest  # a CSV whose first line is odd stays CSV
    return found, rest


def _second_line(head: bytearray, first: int, pieces: Iterator[bytes]
                 ) -> tuple[str, Iterator[bytes]]:
    """The format of a source whose first line is damaged, by its next non-blank line: one
    starting with ``{`` at its first column is JSON Lines, anything else (an indented line
    of a pretty-printed document) JSON; with no next line within the limit, JSON Lines."""
    found = _next_line(head, first, pieces, whole=False)
    rest = chain([bytes(head)], pieces)
    if found is None:
        return "jsonl", rest
    start = found[0]
    if head[start - 1] == ord("\n") and head[start] == ord("{"):  # at its first column
        return "jsonl", rest
    line = bytes(head[first:head.find(b"\n", first)]).rstrip()
    if _cells_of(line) > 1 and head[start] not in b"{[" and line[-1:] not in b"{[":
        return "csv", rest  # a header of odd names (empty, decomposed…), rows after it (a
    return "json", rest  # line that opens an object or a list at its end: JSON's)


def _cells_of(line: bytes) -> int:
    """How many CSV cells ``line`` holds, 0 if it may be a line of JSON (it starts as one:
    ``{``, ``[``, a quote or an indent) or does not read as CSV."""
    line = line.removeprefix(_BOM).rstrip(b"\r")
    if not line or line[:1] in b'{["\t ':
        return 0
    try:  # a file of another separator (Excel's ";" or a tab) is CSV, read as the file is
        return max(len(next(csv.reader([line.decode("utf-8")], delimiter=sep, strict=True)))
                   for sep in ",;\t")
    except (UnicodeDecodeError, csv.Error, ValueError):
        return 0


def _is_header(line: bytes, loose: bool = False) -> bool:
    """Whether ``line`` reads as a CSV header: two cells or more, each naming a field
    (``loose``: in brackets or braces too, as ``{note}``)."""
    try:
        (cells,) = csv.reader([line.decode("utf-8")], strict=True)
    except (UnicodeDecodeError, csv.Error, ValueError):
        return False
    return len(cells) > 1 and all(_HEADER_CELL.fullmatch(
        c.strip().strip("{}[]") if loose else c.strip()) for c in cells)


# -- JSON Lines --------------------------------------------------------------------------------
def _jsonl(lines: Iterable[bytes | _Over], source: str) -> Iterator[Sourced]:
    """The records of JSON Lines: each line's value (each value of a line holding several:
    :func:`_joined_values`), an array's elements each (as in a JSON file), labelled with
    the line and the position in the array (``batch.jsonl:3[1]``)."""
    for number, line in enumerate(lines, start=1):
        where = f"{source}:{number}"
        if isinstance(line, _Over):  # the last line when endless (its source stops)
            yield _over(line, where)
            continue
        assert isinstance(line, bytes)
        line = line.removeprefix(_BOM)  # a byte-order mark inside: files joined end to end
        if line.strip(b" \t\r\n\x1e"):
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as exc:  # the values it holds, each bad one alone
                values = _joined_values(line.decode("utf-8", "surrogateescape"))
                if len(values) == 1:
                    yield _not_utf8(where, exc)
                    continue
                for value in values:
                    if _ESCAPED.search(value):
                        yield _not_utf8(where)
                    else:
                        yield from _line_value(value, where)
                continue
            for value in _joined_values(text):
                yield from _line_value(value, where)


def _line_value(value: str, where: str) -> Iterator[Sourced]:
    """The records of one value of a JSON Lines line: an array gives its elements, each one
    record, read as a JSON file's are (an empty array is one record, reported: a line meant
    something); any other value is one."""
    if value.lstrip(_JSON_SPACE + _SEPARATORS).startswith("["):
        empty = True
        for item in _Values([value.encode("utf-8", "surrogatepass")], where):
            empty = False
            yield item
        if not empty:
            return
    yield Sourced(where, value)


def _joined_values(line: str) -> list[str]:
    """The records of one JSON Lines line: each JSON value of a line holding several (files
    joined end to end without a final line break: ``}{``; RFC 7464 record separators;
    ``U+2028``, ``U+2029`` or NEL between them), else the line. Values are split only where
    one ends whole and the next starts with ``{`` or ``[``: a damaged line stays one record
    (its rest, after the last whole value, one record)."""
    if not (_JOINED.search(line) or any(mark in line for mark in _SEPARATORS)):
        return [line]  # the usual line: one value (searched by the fastest means)
    values = []
    pos = _between(line, 0)
    while pos < len(line):
        try:
            _, end = _STRICT.raw_decode(line, pos)
        except (ValueError, RecursionError):
            break
        values.append(line[pos:end])
        pos = _between(line, end)
        if pos < len(line) and line[pos] not in "{[":
            return [line]  # damage after a whole value (an extra closer): one record
    if not values:
        return [line.strip(_SEPARATORS)] if line.strip(_SEPARATORS + _JSON_SPACE) else []
    if pos < len(line):
        values.append(line[pos:])  # the rest, damaged: one record
    return values


def _between(line: str, pos: int) -> int:
    """Where the space and separators between values at ``pos`` end."""
    found = _GAP.match(line, pos)
    assert found is not None  # it matches the empty text too
    return found.end()


# -- JSON --------------------------------------------------------------------------------------
class _Endless(Exception):
    """A record with no end within the skip limit: its source stops."""

    def __init__(self, where: str) -> None:
        super().__init__(where)
        self.where = where


class _Scan:
    """Where a damaged JSON value ends, found by a scan that follows strings, brackets and
    the structure of objects, resumable across pieces of text.

    The value ends at a ``,`` outside any bracket, at the ``]`` that closes the array around
    it, or where the next value starts: a ``{`` or ``[`` outside any bracket, inside an
    object anywhere but after a ``:`` (a value cannot stand there: the object was cut, and
    the next record starts), at the start of a line (where pretty-printed and one-per-line
    records start, never their inner values), or anywhere after a string cut by a line
    break (JSON strings hold none: the text was cut there) or an element missing in a list
    (``[,``: the same). A closing bracket closes the innermost open one, whatever its
    kind; one with nothing open is part of the damage; a ``:`` outside any bracket opens an
    object whose ``{`` was lost. A quote followed by text other than ``,`` ``:`` ``}``
    ``]`` is a stray quote inside its string.
    """

    def __init__(self, in_array: bool) -> None:
        self.in_array = in_array
        self.objects: list[bool] = []  # one per open bracket: True for an object
        self.value: list[bool] = []  # for each: a value comes next (after ":", "[" or ",")
        self.in_string = False
        self.string_start = 0
        self.cut = False
        self.begun = False
        self.resume = 0  # where to go on in the text, once more of it is read

    def run(self, text: str, pos: int, eof: bool) -> int | None:
        """The end of the value in ``text`` from ``pos``; None if more text is needed."""
        size = len(text)
        while pos < size:
            if self.in_string:
                found = _STRING_END.search(text, pos)
                if found is None:
                    pos = size
                elif found.group() == "\\" and text[found.end():found.end() + 1] != "\n":
                    if found.end() >= size and not eof:  # the escaped character comes later
                        self.resume = found.start()
                        return None
                    pos = found.end() + 1
                elif found.group() != '"':  # a line break (escaped or not): the text was cut,
                    self.in_string = False  # unless the line ends with bytes that are not
                    self.cut = not _ESCAPED.search(  # text (a UTF-16 line out of step: the
                        text, self.string_start, found.start())  # record goes on after it)
                    pos = text.index("\n", found.start())
                else:
                    after = _AFTER_STRING.match(text, found.end())
                    assert after is not None  # it matches the empty text too
                    if after.end() == size and not eof:  # what follows is not read yet
                        self.resume = found.start()
                        return None
                    pos = found.end()
                    # a quote followed by more text is a stray one inside the string
                    self.in_string = after.end() < size and after.group(1) is None
                continue
            found = _STRUCTURE.search(text, pos)
            at = size if found is None else found.start()
            if text[pos:at].strip(_JSON_SPACE):  # a number, a literal, or damage
                self.begun = True
                if self.objects:
                    self.value[-1] = False
            if found is None:
                pos = size
                break
            mark, pos = found.group(), found.end()
            begun, self.begun = self.begun, True
            if mark in "{[":
                if begun and (self.cut or not self.objects or text[at - 1:at] == "\n"
                              or (self.objects[-1] and not self.value[-1])):
                    return at  # the next value starts here
                if self.objects:
                    self.value[-1] = False
                self.objects.append(mark == "{")
                self.value.append(mark == "[")
            elif mark in "}]":
                if self.objects:
                    self.objects.pop()
                    self.value.pop()
                elif mark == "]" and self.in_array:
                    return at
            elif not self.objects:  # '"', ',' or ':' outside any bracket
                self.in_string, self.string_start = mark == '"', at
                if mark == ",":
                    return at
                if mark == ":":  # a key outside any object: its "{" was lost
                    self.objects.append(True)
                    self.value.append(True)
            else:
                self.in_string, self.string_start = mark == '"', at
                if mark == "," and not self.objects[-1] and self.value[-1]:
                    self.cut = True  # an element missing in a list ("[," ",,"): a cut
                self.value[-1] = mark == (":" if self.objects[-1] else ",")
        self.resume = pos
        return size if eof else None


class _Values:
    """The records of JSON text read from pieces of bytes: the elements of arrays, and
    objects (see the module); one record at a time, whatever the size of the whole."""

    def __init__(self, pieces: Iterable[bytes], source: str) -> None:
        self.pieces = iter(pieces)
        self.decode = codecs.getincrementaldecoder("utf-8")("surrogateescape").decode
        self.source = source
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.lines_before = 0  # newlines in the text already dropped from the buffer
        self.stopped = False
        self.index = 0
        self.arrays = 0
        self.order: tuple[str, ...] = ()  # the keys of the first record read whole
        self.hold: int | None = None  # where a record may start, not known before more is read
        self.anchor: re.Pattern[str] | None = None  # an object starting as the records
        self.nesting: _Nesting | None = None  # how far a value too deep was read
        self.ahead: tuple[int, Any, int] | None = None  # an element read ahead: where it
        # starts, its value and where it ends
        self.failed: set[int] = set()  # where objects were tried and do not read whole
        self.ends: list[re.Match[str]] | None = None  # where arrays may end in the text read
        self.searched: dict[re.Pattern[str], tuple[int, int, re.Match[str] | None]] = {}

    def more(self, at_least: int = 1) -> bool:
        """Read at least ``at_least`` more characters (or to the end); False at the end."""
        if self.eof:
            return False
        self.lines_before += self.buf.count("\n", 0, self.pos)
        self.ahead = None
        self.failed.clear()
        self.ends = None
        self.searched.clear()
        parts = [self.buf[self.pos:]]
        self.pos = 0
        got = 0
        while got < at_least:
            piece = next(self.pieces, None)
            if piece is None:
                parts.append(self.decode(b"", True))
                self.eof = True
                break
            text = self.decode(piece)
            parts.append(text)
            got += len(text)
        self.buf = "".join(parts)
        return True

    def skip_space(self, where: str) -> str:
        """The next character after whitespace ("" at the end of the input); whitespace
        beyond the skip limit stops the source."""
        skipped = 0
        while True:
            start = self.pos
            self.pos = _space_end(self.buf, self.pos)
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            skipped += self.pos - start
            if skipped > MAX_RECORD_BYTES + MAX_SKIP_BYTES:
                raise _Endless(where)
            if not self.more():
                return ""

    def line(self, pos: int) -> int:
        return self.lines_before + self.buf.count("\n", 0, pos) + 1

    def __iter__(self) -> Iterator[Sourced]:
        try:
            while not self.stopped:
                mark = self.skip_space(self.source)
                if mark == "":
                    return
                if mark == "[":
                    self.arrays += 1
                    self.pos += 1
                    yield from self.elements()
                elif mark == "," or (mark in "]}" and self.arrays):
                    self.pos += 1  # between values, or a stray bracket after an array (it
                    # ended at the one before): tolerated
                else:
                    yield self.top_value()
        except _Endless as stop:
            yield _endless(stop.where)

    def elements(self) -> Iterator[Sourced]:
        """The elements of an array, its ``[`` read."""
        first = self.index
        comma = False  # the last mark read between elements was a comma
        while True:
            where = f"{self.source}[{self.index}]"
            mark = self.skip_space(where)
            if mark == "":
                self.stopped = True
                yield _problem(where, "json_invalid", "not valid JSON: the input ends inside "
                               "the array (cut short?)")
                return
            if mark in "[]}" and self.stray(mark, self.index == first, comma):
                self.pos += 1  # no record
                continue
            if mark == "]":
                self.pos += 1
                return
            comma = mark == ","
            if comma:  # an empty slot ("[a,,b]", a trailing comma): no record
                self.pos += 1
                continue
            self.index += 1
            yield self.element(where, True)
            if self.stopped:
                return

    def stray(self, mark: str, first: bool, comma: bool = False) -> bool:
        """Whether the bracket ``mark`` where an element starts is a stray one: a ``[``
        before an object (``[{`` as an element), a ``}``, or a ``]`` the array goes on after
        (``},]},{``; before any element, ``[]{``; after a comma, before an object: ``,]{``)."""
        if len(self.buf) - self.pos < _LOOK:
            self.more(_LOOK)  # what follows is not read yet
        if mark == "[" or (mark == "]" and comma):
            return _OBJECT.match(self.buf, _space_end(self.buf, self.pos + 1)) is not None
        return mark == "}" or (_ARRAY_END if first else _ENDS_ARRAY).match(
            self.buf, self.pos) is None

    def top_value(self) -> Sourced:
        """A value outside any array (an object, or text that is no array): a record,
        labelled by the source alone when it is all the source holds."""
        where = f"{self.source}[{self.index}]"
        single = self.index == 0 and self.arrays == 0
        self.index += 1
        item = self.element(where, False)
        if single and not self.stopped and self.skip_space(self.source) == "":
            error = item.data
            if isinstance(error, InputError):
                return Sourced(self.source, InputError(error.problems, source=self.source))
            return Sourced(self.source, item.data)
        return item

    def element(self, where: str, in_array: bool) -> Sourced:
        """The value at the current position: an array's element (parsed) or an object
        outside arrays (its text, parsed when evaluated)."""
        while True:
            start = self.pos
            try:
                if self.ahead is not None and self.ahead[0] == start:
                    value, end = self.ahead[1:]
                else:
                    value, end = _STRICT.raw_decode(self.buf, start)
            except (ValueError, RecursionError) as exc:
                if not in_array and not self.eof and len(self.buf) - start <= MAX_RECORD_BYTES \
                        and _Scan(False).run(self.buf, start, False) is None:
                    self.more(max(len(self.buf) - start, _PIECE))  # not all read yet
                    continue
                if (got := self.damaged(where, start, exc, in_array)) is not None:
                    return got
                continue
            after = end
            after = _space_end(self.buf, after)
            if after == len(self.buf) and not self.eof and after - end < _PIECE:
                self.more()  # what follows is not read yet (a short look ahead)
                continue
            following = self.buf[after:after + 1]
            if in_array and following == "{" and not isinstance(value, (dict, list)) and len(
                    self.buf[start:end].strip()) <= _STRAY:  # a byte or two stuck to the
                self.pos = after  # front of a record (no comma between): no record
                continue
            if following not in ("", ",", "{", "[") and (
                    following != "]" if in_array else "\n" not in self.buf[end:after]):
                # in an array, anything but a comma, the array's end or the next value
                # after a value: the value is damaged (outside arrays, more text glued to it
                # on its line; on the next line, the text is the next record, damaged)
                got = self.damaged(where, start, ValueError("text after the value"), in_array,
                                   after if isinstance(value, (dict, list)) else start + 1)
                if got is not None:
                    return got
                continue
            tentative = not self.order and isinstance(value, dict) and bool(value)
            if tentative:  # the records' keys: those of the first read whole (unless it
                self.order = tuple(value)  # proves to be damaged)
            lost_brace = False  # the next record lost its opening brace
            if following == "," and (in_array or isinstance(value, dict)):
                rest = self.buf[_space_end(self.buf, after + 1):after + _LOOK]
                if (not rest or (rest.startswith('"') and '":' not in rest)) and not self.eof \
                        and len(self.buf) < after + _LOOK:
                    self.order = () if tentative else self.order
                    self.more()  # whether a key follows is not read yet
                    continue
                key = _KEY_NEXT.match(self.buf, after + 1)
                if key is not None and self.order in ((), tuple(value)) and not self.eof \
                        and len(self.buf) - after < _PIECE:
                    self.order = () if tentative else self.order
                    self.more(_PIECE)  # the records' shape is found in what follows
                    continue
                lost_brace = key is not None and isinstance(value, dict) and \
                    self.next_lost_brace(value, key.group(1), after)
                if key and not lost_brace:
                    # `}, "key": …`: a brace too many closed the record early
                    self.order = () if tentative else self.order
                    got = self.damaged(where, start, ValueError(
                        "a key follows the end of the value"), in_array, after + 1)
                    if got is not None:
                        return got
                    continue
            if in_array and self.order and isinstance(value, dict) and not lost_brace and not \
                    self.followed(value, after) and self.inner(value, start, end):
                self.order = () if tentative else self.order
                got = self.damaged(where, start, ValueError(
                    "a part of a record, not a whole one"), in_array, end)
                if got is not None:
                    return got
                continue
            self.pos = end
            if bad := _ESCAPED.search(self.buf, start, end):
                before = self.buf[start:bad.start()].encode("utf-8", "surrogateescape")
                return _not_utf8(where, byte=len(before) + 1)
            if end - start > MAX_RECORD_BYTES:
                return _too_large(where)
            if in_array and isinstance(value, dict) and repeated_key(self.buf[start:end]):
                if (joined := self.joined(start, end)) is not None:
                    self.pos = start  # a record that lost its end, then one its brace:
                    got = self.damaged(where, start, ValueError(  # two, not one object
                        "the end of the record is missing"), in_array, joined)
                    if got is not None:
                        return got
                    continue
                return Sourced(where, self.buf[start:end])  # its text says which key
            return Sourced(where, value if in_array else self.buf[start:end])

    def joined(self, start: int, end: int) -> int | None:
        """Where, inside the whole object from ``start`` to ``end`` that gives a key twice,
        a record starts that lost its brace (the records' first two keys after an inner
        value and a comma, at its own depth): the object is then a record that lost its
        closing brace followed by that one; else None."""
        if len(self.order) < 2:
            return None
        for found in _lost_brace(self.order).finditer(self.buf, start + 1, end):
            if _depths(self.buf, start, found.start() + 1)[0] == 1:
                return found.start(1)
        return None

    def followed(self, value: dict[str, Any], after: int) -> bool:
        """Whether the whole object ``value``, followed by ``after``, is plainly a record:
        shaped as the records, and followed by the next one (an object starting with their
        first two keys) or by the array's end."""
        if not _alike(frozenset(value), frozenset(self.order)):
            return False
        if self.buf[after:after + 1] == "]":
            return _ENDS_ARRAY.match(self.buf, after) is not None
        following = _space_end(self.buf, after + 1)
        if self.anchor is None:
            self.anchor = _anchor(self.order) if len(self.order) >= 2 else _OBJECT
        if self.anchor.match(self.buf, following) is None:
            return False
        try:  # read once: the next element, kept for when it is read (inner objects of a
            self.ahead = (following, *_STRICT.raw_decode(self.buf, following))  # record
        except (ValueError, RecursionError):  # may start as the records do)
            return True  # damaged, or not all read: the next record, judged in its turn
        next_value = self.ahead[1]
        return isinstance(next_value, dict) and _alike(frozenset(next_value),
                                                       frozenset(self.order))

    def inner(self, value: dict[str, Any], start: int, end: int) -> bool:
        """Whether the whole object ``value`` from ``start`` to ``end``, not followed by the
        next record, is a piece of a damaged one (an inner object of a record cut at its
        start): not shaped as the records, and brackets close after it, up to where the next
        record starts, that it did not open."""
        if _alike(frozenset(value), frozenset(self.order)):
            return False  # a record (cut short, if a piece of it follows: that is one more)
        until = self.next_element(start, end, _Reference(self.order, True))
        if until is None:  # the next record is not in the text read: a record of its own
            return False
        return _depths(self.buf, end, until)[1] < 0

    def next_lost_brace(self, value: dict[str, Any], key: str, after_value: int) -> bool:
        """Whether the whole object ``value``, followed by a comma and ``key`` (a JSON
        string) with its colon, is a record followed by a piece of another (one that lost its
        start, or the rest of one cut), rather than a record closed early by damage, the keys
        after it its own: it is if ``value`` is shaped as the records and the key is their
        first, or one ``value`` already has, or ``value`` has all their keys (nothing of it
        can follow). The records' keys are those of the first read whole before ``value``,
        else of a larger whole object after it, else those of ``value`` (taking a whole
        record for part of a damaged one would lose it)."""
        try:
            name = _STRICT.decode(key)
        except ValueError:
            return False
        order = self.order if self.order != tuple(value) else ()
        if not order:
            after = self.reference(after_value, after_value + 1, known=False).order
            order = after if len(after) > len(value) else tuple(value)
        return (name == order[0] or name in value or set(order) <= set(value)) and _alike(
            frozenset(value), frozenset(order))

    def damaged(self, where: str, start: int, exc: BaseException, in_array: bool,
                past: int | None = None) -> Sourced | None:
        """The damaged value at ``start`` as one problem, the position moved to its end;
        None when more text must be read first. ``past``: where the damage shows (else
        where the decoder stopped)."""
        if not in_array and not self.order and not self.reference(
                start, self.past(start, exc, None)).order:  # objects one after the other,
            return self.damaged_value(where, start, exc)  # nothing known of their shape
        if isinstance(exc, RecursionError):  # nested deeper than the decoder goes: one
            if self.nesting is None or self.nesting.index != self.index:  # problem if
                self.nesting = _Nesting(self.index)  # whole, else damage as any
            end = self.nesting.end(self.buf, start)
            if end is None and not self.eof and len(self.buf) - start <= MAX_RECORD_BYTES:
                self.more(max(len(self.buf) - start, _PIECE))
                return None
            following = _space_end(self.buf, end) if end else 0
            if end is not None and end > 0 and (
                    not in_array or self.buf[following:following + 1] in (",", "]")):
                self.pos = end
                return _too_large(where) if end - start > MAX_RECORD_BYTES else self.invalid(
                    where, exc, start)
        past = self.past(start, exc, past)
        if not self.eof and len(self.buf) - past < _PIECE \
                and len(self.buf) - start <= MAX_RECORD_BYTES:
            self.more(max(len(self.buf) - start, _PIECE))  # the damage may be only where
            return None  # the text read so far ends
        reference = self.reference(start, past)
        end = self.next_element(start, past, reference, in_array)
        if end is None:
            if len(self.buf) - start <= MAX_RECORD_BYTES:
                self.more(max(len(self.buf) - start, _PIECE))
                return None
            self.skip_element(where, reference)
            return _too_large(where)
        junk = self.buf[start:end].strip(_JSON_SPACE)
        if len(junk) > _STRAY or "," in junk or self.buf[end:end + 1] != "{" or not in_array:
            self.pos = end
            if end - start > MAX_RECORD_BYTES:
                return _too_large(where)
            if end >= len(self.buf) and self.eof:
                self.stopped = True  # cut inside the array: nothing follows
            return self.invalid(where, exc, start)
        self.pos = end  # a stray byte or two stuck to the record after them (no comma
        # between, none in them): no record of their own
        return None

    def past(self, start: int, exc: BaseException, past: int | None) -> int:
        """Where the damage of the element at ``start`` shows: ``past`` if known, else where
        the decoder stopped (from the string before it: a lost quote may have made one)."""
        if past is None:
            past = _damage_start(self.buf, start, exc.pos) if isinstance(
                exc, json.JSONDecodeError) else start + 1
        return max(past, start + 1)

    def damaged_value(self, where: str, start: int, exc: BaseException) -> Sourced | None:
        """A damaged value outside any array, its end found by the scan."""
        scan = _Scan(False)
        end = scan.run(self.buf, start, self.eof)
        if end is not None:
            self.pos = max(end, start + 1)
            if end - start > MAX_RECORD_BYTES:
                return _too_large(where)
            return self.invalid(where, exc, start)
        if len(self.buf) - start > MAX_RECORD_BYTES:
            self.skip(scan, where)
            return _too_large(where)
        self.more(max(len(self.buf) - start, _PIECE))
        return None

    def reference(self, start: int, past: int, known: bool = True) -> _Reference:
        """The keys records start with, to know the next one by: those of the first record
        read whole; else those of the largest whole object after the damage that starts with
        the two keys the damaged element starts with (if it shows them: nested objects may
        too, but are smaller), or else has them in another order, as shallow as its start;
        else those two keys alone. ``known``: False to look past the first record read
        whole."""
        if self.order and known:
            return _Reference(self.order, True)
        head: tuple[str, ...] = tuple(_keys_of(self.buf, start, past)[:2])
        if len(head) == 1:  # the second key after a stray bracket or two where the damage is
            for skip in range(1, _STRAY):
                if self.buf[past + skip - 1:past + skip] not in ("{", "[", "}", "]"):
                    break
                if (key := _KEY_NEXT.match(self.buf, past + skip)) is not None:
                    with contextlib.suppress(ValueError):
                        name = _STRICT.decode(key.group(1))
                        head = (head[0], name) if name != head[0] else head  # (the same:
                    break  # the next record, after a brace)
        found = _HEAD.search(self.buf, start, start + _LOOK)
        junk = self.buf[start:found.start()].strip(_JSON_SPACE) if found else ""
        if len(head) < 2 and found and "{" in junk and len(junk) <= 2:  # the first two
            # keys, after the brace and a stray bracket or quote
            try:
                head = tuple(_STRICT.decode(key) for key in found.groups())
            except ValueError:
                head = ()
        largest: tuple[str, ...] = ()
        anchored = (found.start(1) for found in _anchor(head).finditer(self.buf, start + 1)) \
            if head else iter(())  # (one key: a string may have taken the next record's brace)
        for places, needed in ((anchored, set(head)), (self.outermost(start, past),
                                                       set(head[:1]))):
            passed, fails = 0, 0  # the second: the records' first key (the next ones may
            # leave out an optional second key the damaged one gives)
            for place in places:
                if place < passed:
                    continue  # inside a whole object read before
                try:
                    if place in self.failed:  # tried for an element before (every element
                        raise ValueError(place)  # damaged: each tries the next ones)
                    value, passed = _STRICT.raw_decode(self.buf, place)
                except (ValueError, RecursionError):
                    self.failed.add(place)
                    fails += 1
                    if fails > _TRIES:
                        break
                    continue
                if isinstance(value, dict) and len(value) > len(largest) and needed <= set(
                        value):
                    largest = tuple(value)
            if len(largest) > len(head):
                break
        if len(largest) > max(len(head), 2):  # (an object of two keys may be anything's)
            return _Reference(largest, True)
        shown = tuple(_keys_of(self.buf, start, past))
        if len(shown) >= 3:  # the keys the damaged element shows: a record has them all
            return _Reference(shown, True, subset=True)
        return _Reference(head if len(head) == 2 else (), False)

    def outermost(self, start: int, past: int) -> Iterator[int]:
        """The objects after a comma, or right after another object's end (objects one
        after the other), past ``past`` (their braces) that are as shallow as anything since
        ``start``, their brackets counted quoted or not (a lost or stray quote leaves them as
        they were; a record cut at its start ends shallower than it began); none once the
        text goes ``_DEEPER`` levels below the shallowest point seen."""
        depth = lowest = 0
        closed = -1  # where the last object ended, if nothing but brackets came since
        for found in _BRACKET_OR_OBJECT.finditer(self.buf, start):
            mark = found.group()
            place = found.start(1) if found.group(1) is not None else found.start() if (
                mark == "{" and closed >= 0
                and not self.buf[closed:found.start()].strip(_JSON_SPACE)) else -1
            if place >= 0:
                if depth <= lowest and place >= past:
                    yield place
                depth += 1
            elif mark in ("{", "["):
                depth += 1
                if depth - lowest > _DEEPER:
                    return  # brackets left open, each deeper than the last: no record
            else:
                depth -= 1
                lowest = min(lowest, depth)
            closed = found.end() if mark == "}" else -1

    def next_element(self, start: int, past: int, reference: _Reference,
                     in_array: bool = True) -> int | None:
        """Where the damaged element at ``start`` ends: before the first place where a
        record starts (after ``past``, where the decoder found the damage, unless the
        records' shape is known from one read whole: a record cut short reads on into the
        next ones as if they were its inner values), or at the array's end; None when that
        is not known before more is read.

        A record starts at an object shaped as the records (whole, with their first key and
        more than half of its keys in common with them; or damaged itself, its keys before
        the damage the first keys of the records). Strings are not trusted after damage (a
        lost quote turns text into structure and structure into text): the places tried are
        every ``{`` after a comma, at the start of a line or after a ``}`` (up to ``_TRIES`` of
        them that do not read whole) and every ``{`` followed by the records' first two keys,
        whatever comes before it. A whole
        object that is not shaped as the records is passed over with what it holds."""
        buf, order = self.buf, reference.order
        self.hold = None
        if not order:  # nothing known of the records: where the scan of strings and
            return _Scan(True).run(buf, start, self.eof)  # brackets ends the element
        if reference.whole:  # objects shaped as the records are known for what they are
            past = start + 1  # anywhere: the decoder may find the damage records later
        anchor = _anchor(order) if len(order) >= 2 else None
        closing = self.array_end(past, reference, anchor) if in_array else -1
        if closing is None:
            return None
        limit = closing if closing >= 0 else len(buf)
        if not reference.whole and order:  # the places as shallow as the element's start
            for place in self.outermost(start, past):
                if place >= limit:
                    break
                verdict, _ = self.starts_record(place, reference, anchor is not None and (
                    anchor.match(self.buf, place) is not None), start)
                if verdict is None:
                    self.hold = place
                    return None
                if verdict:
                    return _boundary(buf, start, place)
            order = ()
        tries, pos = 0, past
        patterns = [_AFTER_COMMA, _LINE_OBJECT, anchor, _lost_brace(order) if anchor and
                    reference.whole else None,  # a record without its brace
                    _AFTER_ELEMENT if len(order) >= 3 and reference.whole else None]
        found: list[re.Match[str] | None] = [None] * len(patterns)  # the next place of each
        while order and pos < limit:
            for number, pattern in enumerate(patterns):  # searched again only once passed
                if pattern is None or (number in (0, 1, 4) and tries >= _TRIES):
                    found[number] = None
                elif (match := found[number]) is None or match.start(1) < pos:
                    found[number] = self.search(pattern, pos, limit)
                    if found[number] is None:
                        patterns[number] = None  # none further on
            places = [match.start(1) for match in found if match]
            if not places:
                break
            place = min(places)
            keyed, lost = found[2], found[3]
            if lost is not None and lost.start(1) == place:  # a record that lost its brace
                return _boundary(buf, start, place)
            before = buf[max(start, place - _LOOK):place]
            if before.rstrip(" \t")[-1:] in ("{", "[", ":"):  # on the same line: a value
                pos = place + 1  # inside another, no record starts there
                continue
            verdict, whole_end = self.starts_record(
                place, reference, keyed is not None and keyed.start(1) == place, start)
            if verdict is None:
                self.hold = place
                return None
            if verdict:
                return _boundary(buf, start, place)
            if whole_end is None:
                tries += 1
            pos = whole_end or place + 1
        if closing >= 0:
            return closing
        return len(buf) if self.eof else None

    def search(self, pattern: re.Pattern[str], pos: int, limit: int) -> re.Match[str] | None:
        """``pattern.search(self.buf, pos, limit)``, known from an earlier search of the
        text read when it tells (each damaged element looks for the next record: without
        this, a pattern found nowhere would be searched for to the end for each)."""
        known = self.searched.get(pattern)
        if known is not None:
            start, end, match = known
            if start <= pos and (match.start() >= pos and match.end() <= limit
                                 if match is not None else limit <= end):
                return match
        match = pattern.search(self.buf, pos, limit)
        self.searched[pattern] = (pos, limit, match)
        return match

    def array_end(self, past: int, reference: _Reference, anchor: re.Pattern[str] | None
                  ) -> int | None:
        """Where the array ends after ``past``: a ``]`` followed by nothing but space, or by
        another array whose first element is a record (arrays joined end to end; a list
        inside a damaged record is not); -1 if not in the text read, None if not known
        before more is read."""
        if self.ends is None:  # found once for the text read (each damaged element looks)
            self.ends = list(_ARRAY_END.finditer(self.buf))
        for closing in self.ends[bisect.bisect_left(self.ends, past, key=re.Match.start):]:
            if not closing.group().endswith("["):
                if closing.end() == len(self.buf) and not self.eof:
                    return None  # the text after the "]" is not read yet
                return closing.start()
            first = _space_end(self.buf, closing.end())
            if first == len(self.buf) and not self.eof:
                return None
            if self.buf[first:first + 1] == "{" and reference.order:
                keyed = anchor is not None and anchor.match(self.buf, first) is not None
                verdict, _ = self.starts_record(first, reference, keyed)
                if verdict is None:
                    return None
                if verdict:
                    return closing.start()
            elif self.buf[first:first + 1] in ("", "]") or not reference.order:
                return closing.start()
        return -1

    def starts_record(self, place: int, reference: _Reference, keyed: bool,
                      start: int | None = None) -> tuple[bool | None, int | None]:
        """Whether the object at ``place`` starts a record (None: not known before more is
        read), and where it ends if it is whole and no record. ``keyed``: it starts with the
        records' first two keys (a record, unless it reads whole and is shaped otherwise).
        One that does not read whole (damaged, or nested too deeply) is a record only where
        one can start after the damaged element at ``start``: as shallow as anything since
        (its brackets counted, quoted or not), or, pretty-printed, indented as it is (the
        inner objects of a record may start with the same keys as records do)."""
        buf, order = self.buf, reference.order
        try:
            value, end = _STRICT.raw_decode(buf, place)
        except RecursionError:
            return keyed and self.placed(start, place), None
        except ValueError as exc:
            stop = exc.pos if isinstance(exc, json.JSONDecodeError) else place + 1
            keys = _keys_of(buf, place, stop)
            first = min(2, len(order))
            if (keyed or (len(keys) >= first and tuple(keys[:first]) == order[:first])) \
                    and self.placed(start, place):
                return True, None
            if self.after_element(place, reference) and (  # as an element is, the damaged
                    tuple(keys[:3]) == order[:3]  # element's brackets left open: with the
                    or _next_keys(order).match(buf, place)):  # records' first three keys
                return True, None  # (an inner object in a list may start with their first
            # two), or, its first key damaged, their second and third after its brace
            if not self.eof and len(buf) - stop < _PIECE \
                    and len(buf) - place <= MAX_RECORD_BYTES:
                return None, None  # the object may be whole once read
            return False, None
        if not isinstance(value, dict):
            return False, end
        if not value and (keyed or (self.after_element(place, reference) and _next_keys(
                order).match(buf, place))):  # "{}" then the records' first keys: a brace
            return True, None  # added after a record's own
        following = _space_end(buf, end)
        closer = buf[following:following + 1]
        if keyed and closer == "," and _after_object(buf, place) and len(
                set(value) & set(order)) > 2:  # after an element and before a comma, with
            return True, None  # their first two keys and one more: a record (closed early
            # by damage if a key follows, or cut so that it reads whole; an inner object of
            # a list may have their first two keys)
        if (closer == "}" and not (keyed and _after_object(buf, place))) or (
                closer == "]" and not _ENDS_ARRAY.match(buf, following)):
            return False, end  # brackets close after it: an object inside another (a copy of
            # a record in a list is no record); but after an element and a comma, one
            # starting with the records' first keys and followed by a brace is a record with
            # a brace too many (only a list holds an object after a comma)
        if reference.subset:  # the first key and two in three of those the damaged element
            alike = order[0] in value and len(set(order) & set(value)) * 3 >= len(order) * 2
            # shows (a record may leave out an optional key the damaged one gives)
        elif reference.whole:  # with the records' first key (the rest of a record is not one;
            names = frozenset(value)  # after an element, that key may be damaged: all the
            alike = _alike(names, frozenset(order)) and (order[0] in value or (  # others then
                _after_object(buf, place) and len(names & set(order)) >= len(order) - 1))
        else:  # the records' first keys, in any order
            alike = set(order[:min(3, len(order))]) <= set(value)
        return (True, None) if alike else (False, end)

    def after_element(self, place: int, reference: _Reference) -> bool:
        """Whether a record may be known at ``place`` by its keys alone, its depth aside:
        the records' shape known from a whole one (three keys at least), and ``place`` after
        an element and a comma."""
        return reference.whole and len(reference.order) >= 3 and _after_object(self.buf, place)

    def placed(self, start: int | None, place: int) -> bool:
        """Whether a record may start at ``place``, after the element at ``start``."""
        if start is None:
            return True
        depth, lowest = _depths(self.buf, start, place)
        if depth <= lowest:
            return True
        indent = _indent(self.buf, place)
        return indent is not None and indent == _indent(self.buf, start)

    def skip_element(self, where: str, reference: _Reference) -> None:
        """Move past a damaged element over the size limit without keeping it, to where the
        next record starts; past the skip limit, the source stops."""
        if not reference.order:
            scan = _Scan(True)
            if (end := scan.run(self.buf, self.pos, self.eof)) is not None:
                self.pos = end
            else:
                self.skip(scan, where)
            return
        skipped = 0
        while True:
            end = self.next_element(self.pos, self.pos + 1, reference)
            if end is not None:
                self.pos = end
                return
            keep = self.hold if self.hold is not None else max(self.pos, len(self.buf) - _LOOK)
            skipped += keep - self.pos
            self.pos = keep
            if skipped > MAX_SKIP_BYTES:
                raise _Endless(where)
            self.more(_PIECE)

    def skip(self, scan: _Scan, where: str) -> None:
        """Move past a value over the size limit without keeping it (the scan goes on across
        pieces); past the skip limit, the source stops."""
        skipped = 0
        while True:
            skipped += scan.resume - self.pos
            self.pos = scan.resume
            if skipped > MAX_SKIP_BYTES:
                raise _Endless(where)
            if not self.more(_PIECE):
                self.stopped = True
                return
            end = scan.run(self.buf, 0, self.eof)
            if end is not None:
                self.pos = end
                return
    def invalid(self, where: str, exc: BaseException, start: int) -> Sourced:
        if isinstance(exc, json.JSONDecodeError):
            reason, at = exc.msg, min(exc.pos, len(self.buf))
        elif isinstance(exc, RecursionError):
            reason, at = "nested too deeply", start
        else:
            reason, at = str(exc), start
        return _problem(where, "json_invalid",
                        f"not valid JSON: {reason} (line {self.line(at)})")


def _alike(keys: frozenset[str], shape: frozenset[str]) -> bool:
    """Whether objects with ``keys`` and ``shape`` are shaped alike: more than half of the
    keys of both in common."""
    return len(keys & shape) * 2 > len(keys | shape)


class _Reference(NamedTuple):
    """What records start with, to know where one starts after damage: their keys in order,
    and whether they are a whole record's (else the first keys of a damaged one)."""

    order: tuple[str, ...]
    whole: bool
    subset: bool = False  # the keys a damaged record shows before its damage: records have
    # them all


@functools.lru_cache(maxsize=64)
def _anchor(order: tuple[str, ...]) -> re.Pattern[str]:
    """An object whose first two keys are those of ``order`` (group 1: its brace), the value
    between them as written or damaged, a stray byte or two allowed after the brace (no whole
    JSON has one there); its first key only if ``order`` has one. The keys are matched as
    text, never as a pattern."""
    first, *second = (re.escape(json.dumps(key, ensure_ascii=False)) for key in order[:2])
    then = f"{_BLANK}{_FIRST_VALUE}{_BLANK},{_BLANK}{second[0]}{_BLANK}:" if second else ""
    return re.compile(f"([{{]){_BLANK}{_STRAY_BYTES}{first}{_BLANK}:{then}")


@functools.lru_cache(maxsize=64)
def _lost_brace(order: tuple[str, ...]) -> re.Pattern[str]:
    """A record that lost its opening brace after the end of an object or list and a comma:
    the first two keys of ``order`` there (group 1: the first key's quote). In whole JSON,
    only an object giving those keys after an inner value, in that order, reads so."""
    first, second = (re.escape(json.dumps(key, ensure_ascii=False)) for key in order[:2])
    return re.compile(f"[}}\\]]{_BLANK},{_BLANK}({first}){_BLANK}:{_BLANK}{_FIRST_VALUE}{_BLANK},"
                      f"{_BLANK}{second}{_BLANK}:")


@functools.lru_cache(maxsize=64)
def _next_keys(order: tuple[str, ...]) -> re.Pattern[str]:
    """An object whose first keys are damaged (a quote lost or added, a byte changed, a few
    cut), then two keys of ``order`` that follow one another among its second to fourth, as
    text, before any bracket (group 1: its brace)."""
    first, *keys = [re.escape(json.dumps(key, ensure_ascii=False)) + f"{_BLANK}:"
                    for key in order[:4]]
    gap = f"[^{{}}\\[\\]]{{0,{_LOOK}}}?"
    pairs = "|".join(f"{a}{gap}{b}" for a, b in pairwise(keys))
    return re.compile(f"([{{]){_STRAY_BYTES}{gap}(?:[{{}}\\[\\]](?!{_BLANK}{first}){gap})?"
                      f"(?:{pairs})")  # (a bracket added in the damaged first key; not the
    # brace of an object starting with the records' first key: the next record's)


def _after_object(text: str, place: int) -> bool:
    """Whether ``place`` follows the end of an object (or a list: the object's brace lost)
    and a comma, space between, as an array's element after another does."""
    pos = place
    floor = max(0, place - _LOOK)
    while pos > floor and text[pos - 1] in _JSON_SPACE:
        pos -= 1
    if text[pos - 1:pos] != ",":
        return False
    pos -= 1
    while pos > floor and text[pos - 1] in _JSON_SPACE:
        pos -= 1
    return text[pos - 1:pos] in ("}", "]")


def _keys_of(text: str, start: int, stop: int) -> list[str]:
    """The keys, in order, of the object at ``start`` in ``text`` (its own, not those of the
    objects inside it), as far as ``stop`` (where its text is known to be damaged) and at most
    ``_LOOK`` keys; none if no object starts there."""
    if text[start:start + 1] != "{":
        return []
    keys: list[str] = []
    depth = 0
    for found in _TOKEN.finditer(text, start, stop):
        mark = found.group()
        if mark in ("{", "["):
            depth += 1
        elif mark in ("}", "]"):
            depth -= 1
            if depth == 0:
                break
        elif found.group(1) and depth == 1:
            try:
                keys.append(_STRICT.decode(mark[:mark.rindex('"') + 1]))
            except ValueError:
                break
            if len(keys) >= _LOOK:
                break
    return keys


class _Nesting:
    """Where a value opened by a bracket ends if it is whole (every bracket closed by one of
    its kind, its strings closed on their line), however deep: read by runs of brackets,
    resumable as more of the text is read (the value's start stays where it is)."""

    def __init__(self, index: int) -> None:
        self.index = index  # the element it is about
        self.kinds: list[str] = []  # for each run of open brackets: their kind,
        self.counts: list[int] = []  # and how many
        self.read = 0  # how far past the value's start the text was read

    def end(self, text: str, start: int) -> int | None:
        """The end of the value at ``start``; None if ``text`` ends first, 0 if it is not
        whole."""
        kinds, counts = self.kinds, self.counts
        for found in _NESTING.finditer(text, start + self.read):
            mark = found.group()
            kind = mark[0]
            if kind == '"':
                if not kinds:
                    return 0
                if len(mark) == 1:  # a string not closed: cut on its line, or not all read
                    if "\n" in text[found.end():]:
                        return 0
                    self.read = found.start() - start
                    return None
                continue
            if kind in "[{":
                if kinds and kinds[-1] == kind:
                    counts[-1] += len(mark)
                else:
                    kinds.append(kind)
                    counts.append(len(mark))
                continue
            closes = len(mark)
            while closes:
                if not kinds or kinds[-1] != ("[" if kind == "]" else "{"):
                    return 0
                taken = min(closes, counts[-1])
                counts[-1] -= taken
                closes -= taken
                if not counts[-1]:
                    kinds.pop()
                    counts.pop()
                if not kinds:
                    return found.start() + len(mark) - closes
        self.read = len(text) - start
        return None


def _damage_start(text: str, start: int, pos: int) -> int:
    """Where the damage the decoder found at ``pos`` may start: at the string just before
    it, if one is there (a lost quote makes a string of what follows it, up to the next
    quote, and the decoder sees nothing wrong before that string ends)."""
    end = len(text[start:pos].rstrip(_JSON_SPACE + ":")) + start
    if end <= start or text[end - 1] != '"':
        return pos
    quote = end - 1
    while (quote := text.rfind('"', start, quote)) > start:
        backslashes = len(text[:quote]) - len(text[:quote].rstrip("\\"))
        if backslashes % 2 == 0:
            return quote
    return pos


def _depths(text: str, start: int, end: int) -> tuple[int, int]:
    """How much deeper ``text[end]`` is than ``text[start]``, and the least depth between,
    its brackets counted quoted or not (a lost or stray quote leaves them as they were)."""
    depth = lowest = 0
    for found in _BRACKET.finditer(text, start, end):
        depth += 1 if found.group() in ("{", "[") else -1
        lowest = min(lowest, depth)
    return depth, lowest


def _indent(text: str, pos: int) -> str | None:
    """The space before ``pos`` on its line, if only space is there."""
    line = text.rfind("\n", max(0, pos - _LOOK), pos) + 1
    before = text[line:pos]
    return before if (line or pos < _LOOK) and not before.strip(" \t") else None


def _boundary(text: str, start: int, place: int) -> int:
    """Where the element at ``start`` ends, the next starting at ``place``: at the comma
    between them, if one is there."""
    before = len(text[start + 1:place].rstrip(_JSON_SPACE)) + start + 1
    return before - 1 if text[before - 1:before] == "," and before - 1 > start else place


# -- CSV ---------------------------------------------------------------------------------------
def records_from_csv(rows: Iterable[str], *, source: str = "<csv>",
                     mapping: Mapping[str, str | None] | None = None) -> Iterator[Sourced]:
    """Applications from CSV text, one per row, columns named by field paths.

    ``rows`` is CSV text in pieces (an open file, a list of lines, or the text whole); it
    is split into lines on ``\\n`` (or, when the header ends with a carriage return alone,
    on carriage returns), each kept up to :data:`MAX_RECORD_BYTES`, as a file is read.
    :class:`~callrules.ArgumentError` for ``rows`` that are not text (bytes: a file opened
    in binary mode), a ``source`` that is not text, or a ``mapping`` that is not one.
    """
    _check_mapping(mapping)
    ArgumentError.check(source, str, "source: a text")
    chunks = [rows] if isinstance(rows, str) else ArgumentError.iterable(
        rows, "rows: CSV text")
    return _csv(_bare_cr_lines(_text_lines(_lines(_lined(_mac_line_ends(_without_dos_eof(
        map(_utf8, chunks))))))), source, mapping)


def _check_mapping(mapping: object) -> None:
    if mapping is not None and (not isinstance(mapping, Mapping) or not all(
            isinstance(k, str) and (v is None or isinstance(v, str))
            for k, v in mapping.items())):
        raise ArgumentError("mapping: columns to field paths (text to text or None) was "
                            f"expected, not {type(mapping).__name__}")


def _utf8(text: str) -> bytes:
    ArgumentError.check(text, str, "rows: CSV text (a file opened in text mode)")
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")  # reported as not UTF-8


def _text_lines(lines: Iterable[bytes | _Over]) -> Iterator[str | _Over]:
    for line in lines:
        yield line if isinstance(line, _Over) else line.decode("utf-8", "surrogateescape")


def _in_quote_after(line: str, quoted: bool, separator: str = ",") -> bool:
    """Whether ``line`` ends inside a quoted cell, starting inside one if ``quoted`` (the
    csv module's reading of the Excel dialect: a quote opens a cell only at its start)."""
    end = len(line.rstrip("\r\n"))
    pos = 0
    if not quoted and line.startswith('"'):
        quoted, pos = True, 1
    while True:
        if quoted:
            close = line.find('"', pos)
            while close != -1 and line.startswith('""', close):
                close = line.find('"', close + 2)
            if close == -1 or close >= end:
                return True
            quoted, pos = False, close + 1
        comma = line.find(separator, pos, end)
        if comma == -1:
            return False
        pos = comma + 1
        if line.startswith('"', pos) and pos < end:
            quoted, pos = True, pos + 1


def _bare_cr_lines(lines: Iterable[str | _Over]) -> Iterator[str | _Over]:
    """CSV lines, a carriage return alone (not before a line feed) ending one too: one
    between rows, rows after a header ending with a line feed. One inside a quoted cell
    ends a line as well: the cell is then read over two lines, whole, as any cell over
    several lines, and a quote left open before it leaves the rows after it readable. In
    the header's line, only where the lines it makes are a header and its rows, as many
    cells in each as in the line after it: else the return is damage inside the header,
    which is then not read (``csv_bad_header``)."""
    lines = iter(lines)
    for line in lines:
        if isinstance(line, _Over) or "\r" not in line.rstrip("\r\n"):
            yield line
            if isinstance(line, _Over) or not line.strip():
                continue
        else:
            following = next(lines, None)
            yield from _header_lines(line, following)
            if following is not None:
                lines = chain([following], lines)
        break
    for line in lines:
        if isinstance(line, _Over) or "\r" not in line.rstrip("\r\n"):
            yield line
        else:
            yield from filter(None, _AFTER_LONE_CR.split(line))


def _header_lines(line: str, following: str | _Over | None) -> list[str]:
    """The lines a header's line holding carriage returns alone makes: several, if each
    holds as many cells as the line after them (a header, then rows); else one."""
    parts = list(filter(None, _AFTER_LONE_CR.split(line)))
    compared = [*parts, following.split("\r", 1)[0]] if isinstance(following, str) else parts
    separator = _separator(parts[0].rstrip("\r\n"))
    counts = {len(_cells(part.rstrip("\r\n"), separator)[0] or ())
              for part in compared if part.strip()}
    return parts if len(counts) == 1 and min(counts) > 1 else [line]


class _CsvRecord:
    __slots__ = ("lines", "size", "start")

    def __init__(self, start: int, line: str) -> None:
        self.start, self.lines, self.size = start, [line], len(line)


def _csv(lines: Iterable[str | _Over], source: str,
         mapping: Mapping[str, str | None] | None) -> Iterator[Sourced]:
    """Records of CSV lines (or marks of lines over the size limit), labelled by the line
    where each starts."""
    source_lines = enumerate(lines, start=1)
    again: list[tuple[int, str | _Over]] = []  # lines to read again after an unclosed quote
    header: list[str] | None = None
    duplicate: InputProblem | None = None
    separator = ","

    def next_line() -> tuple[int, str | _Over] | None:
        if again:
            return again.pop()
        return next(source_lines, None)

    said: re.Match[str] | None = None  # the separator said in a first line, Excel's way
    while (got := next_line()) is not None:
        number, line = got
        where = f"{source}:{number}"
        if isinstance(line, _Over):  # the last line when endless (its source stops)
            yield _over(line, where)
            continue
        assert isinstance(line, str)
        line = line.removeprefix("\ufeff")  # a byte-order mark inside: files joined
        if not line.strip():
            continue
        if header is None and (said := _SEP_LINE.fullmatch(line.rstrip("\r\n"))):
            separator = said.group(1)  # Excel's "sep=;" line: the separator, no header
            continue
        if header is None and said is None:
            separator = _separator(line)
        record = _CsvRecord(number, line)
        quoted = _in_quote_after(line, False, separator)
        unclosed = ended = False
        while quoted:
            got = next_line()
            if got is None or isinstance(got[1], _Over) or record.size > MAX_RECORD_BYTES:
                if got is not None:
                    again.append(got)
                unclosed, ended = True, got is None
                break
            record.lines.append(got[1])
            record.size += len(got[1])
            quoted = _in_quote_after(got[1], True, separator)
        text = "".join(record.lines)
        cells, error = _cells(text, separator)
        several = len(record.lines) > 1
        bad_shape = several and header is not None and cells is not None and (
            len(cells) != len(header) or any(_whole_row(inner, separator, len(header))
                                             for inner in record.lines[1:-1]))
        if bad_shape and not unclosed:  # is it the last row?
            if (following := next_line()) is None:
                ended = True
            else:
                again.append(following)
        if ended and header and not any(_own_row(inner, separator, len(header))
                                        for inner in record.lines[1:]):
            # the file ends inside a cell over several lines, none of them a row: one row, cut
            if unclosed:
                yield _problem(where, "csv_cut_in_cell", "the file ends inside a quoted cell "
                               f"opened on line {record.start}: the row is incomplete (the "
                               "file may have been cut) and is not read")
            else:
                yield _short_row(where, len(cells or ()), len(header))
            continue
        if unclosed or (several and error is not None and error[0] != "cell_too_large") \
                or bad_shape:
            again.extend(reversed([(record.start + k, s) for k, s in
                                   enumerate(record.lines[1:], start=1)]))
            if header is None:  # the header: no row can be read, each says so
                header, duplicate = [], _BAD_HEADER
                continue
            yield _problem(where, "csv_unclosed_quote",
                           f"a quoted cell opened on line {record.start} is not closed where "
                           "a row ends; the lines after it are read as rows of their own")
            continue
        if error is not None:
            if header is None:
                header, duplicate = [], _BAD_HEADER
                continue
            yield _problem(where, *error)
            continue
        assert cells is not None
        if header is None:  # bytes not UTF-8, controls or a line break in it: damaged
            header = [c.strip() for c in cells]
            duplicate = _BAD_HEADER if several or _HEADER_DAMAGE.search(text.rstrip("\r\n")) \
                else _duplicate(header, mapping)
            continue
        if [c.strip() for c in cells] == header:
            continue  # the header again: files joined end to end
        if duplicate is not None:
            yield Sourced(where, InputError([duplicate], source=where))
            continue
        if _ESCAPED.search(text):
            yield _not_utf8(where)
            continue
        if len(cells) < len(header):  # cut short (a file cut in its last row): never judged
            yield _short_row(where, len(cells), len(header))
            continue
        try:
            yield Sourced(where, CsvRow(_nest(_row(header, cells), mapping)))
        except ValueError as exc:
            yield _problem(where, "bad_column", str(exc))


def _short_row(where: str, found: int, expected: int) -> Sourced:
    return _problem(where, "csv_short_row", f"the row holds only {found} of the {expected} "
                    "cells its header names: it is incomplete (the file may have been cut) "
                    "and is not read", {"expected": str(expected), "found": str(found)})


def _own_row(line: str, separator: str, width: int) -> bool:
    """Whether ``line``, read after a quoted cell left open, is a row of its own: as many
    cells as the header, the first not opening a quote the line leaves open."""
    cells, error = _cells(line, separator)
    return error is None and cells is not None and len(cells) == width \
        and not _in_quote_after(line, False, separator)


def _whole_row(line: str, separator: str, width: int) -> bool:
    """Whether ``line``, inside a quoted cell over several lines, is a whole row of its own
    (as many cells as the header, no quote): then the quote was left open before it."""
    return '"' not in line and line.rstrip("\r\n").count(separator) == width - 1


#: What no header holds: bytes that are not UTF-8, control characters (a tab separates).
_HEADER_DAMAGE = re.compile("[\udc80-\udcff\x00-\x08\x0a-\x1f\x7f]")
#: The problem of every row of a CSV file whose header cannot be read.
_BAD_HEADER = InputProblem((), "csv_bad_header", "the header (the first line) cannot be read "
                           "as CSV: a quoted cell opened in it is not closed, a cell is too "
                           "long or spans lines, it holds a control character, or it is not "
                           "UTF-8 text; no row of the file is read")


def _duplicate(header: list[str], mapping: Mapping[str, str | None] | None
               ) -> InputProblem | None:
    """The problem of a header naming one field twice (two columns, or two columns mapped
    to one path), if it does."""
    seen: set[str] = set()
    for column in header:
        path = mapping.get(column, column) if mapping is not None else column
        if path is None or path == "":
            continue
        if path in seen:
            loc = tuple(int(p) if p.isdigit() else p for p in path.split(".")) \
                if len(path.split(".")) <= _MAX_DEPTH else ()
            return InputProblem(loc, "csv_duplicate_column", f"the column {column!r} "
                                "appears twice in the header (two columns for one field): "
                                "no row of the file is read", input=column)
        seen.add(path)
    return None


def _separator(header: str) -> str:
    """The separator of a CSV file, by its header: a comma, unless the header holds one
    cell with commas and more with semicolons (as Excel writes CSV where the decimal mark
    is a comma, and ``--csv-dialect excel-fr`` does) or tabs."""
    counts: dict[str, int] = {}
    for separator in ",;\t":
        try:
            counts[separator] = len(next(csv.reader([header], delimiter=separator)))
        except (csv.Error, StopIteration):
            counts[separator] = 0
    if counts[","] > 1:
        return ","
    return max(";\t", key=lambda separator: counts[separator]) if max(
        counts[";"], counts["\t"]) > 1 else ","


def _cells(text: str, separator: str = ",") -> tuple[list[str] | None, tuple[str, str] | None]:
    try:
        rows = list(csv.reader([text], delimiter=separator, strict=True))
    except csv.Error as exc:
        if "field limit" in str(exc):
            return None, ("cell_too_large", f"a cell is longer than the limit of "
                          f"{csv.field_size_limit():,} characters")
        return None, ("csv_invalid", f"not a valid CSV row: {exc}")
    if len(rows) != 1:
        return None, ("csv_invalid", "not a valid CSV row: a line break outside quotes")
    return rows[0], None


def _row(header: list[str], cells: list[str]) -> dict[str, str]:
    if len(cells) > len(header):
        raise ValueError("the row has more cells than the header has columns")
    return dict(zip(header, cells, strict=False))


def _nest(row: Mapping[str, str | None], mapping: Mapping[str, str | None] | None
          ) -> dict[str, Any]:
    """A flat CSV row as the nested structure of an application."""
    out: dict[str, Any] = {}
    for column, cell in row.items():
        path = mapping.get(column, column) if mapping is not None else column
        if path is None or cell is None or cell == "":
            continue
        parts = path.split(".")
        if len(parts) > _MAX_DEPTH or not all(parts):
            raise ValueError(f"column {column!r} is not a field path")
        node: Any = out
        for part, following in zip(parts, [*parts[1:], None], strict=True):
            key: Any = int(part) if part.isdigit() else part
            if isinstance(node, list):
                if not isinstance(key, int) or key > 1000:
                    raise ValueError(f"column {column!r}: {part!r} is not a list position")
                while len(node) <= key:
                    node.append(None)
            elif isinstance(key, int):
                raise ValueError(f"column {column!r}: a position where a field name is needed")
            current = node[key] if (isinstance(node, list) or key in node) else None
            if following is None:
                if isinstance(current, (dict, list)):
                    raise ValueError(f"column {column!r}: other columns give fields inside it")
                node[key] = cell  # text, read by the call's form (``callrules._cells``)
            else:
                if current is None:
                    current = [] if following.isdigit() else {}
                    node[key] = current
                elif not isinstance(current, (dict, list)):
                    raise ValueError(f"column {column!r}: another column gives {part!r} a value "
                                     "of its own")
                node = current
    nested: dict[str, Any] = _drop_holes(out)
    return nested


def _drop_holes(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_holes(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_drop_holes(v) for v in value if v is not None]
    return value
