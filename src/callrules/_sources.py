"""Where batches come from: JSON files, JSON Lines, folders, CSV, standard input.

Every reader yields :class:`Sourced` records lazily, and never reads a source whole: a JSON
Lines or CSV file is read line by line, a JSON array element by element, so a batch of any
size streams in memory bounded by its largest record. Nothing is lost: every record meant
gives one result, in place, and a record that cannot be read (bytes that are not UTF-8, a
line longer than :data:`MAX_RECORD_BYTES`, an unclosed quote, a cell over the CSV field
limit, JSON cut short) becomes an input error for that record alone, labelled with where it
came from (``batch.jsonl:3``, ``batch.csv:7``, ``batch.json[4]``). Lines are split on
``\\n`` only (a carriage return is JSON whitespace, and a CSV cell may hold one when quoted);
a UTF-8 byte-order mark at the start (Excel's "CSV UTF-8") is skipped.

CSV columns name fields by their path, with list positions as numbers
(``visitors.0.institution.location.country``, ``budget.lines.1.amount.amount``); an empty
cell is an absent field, and a list item all of whose cells are empty is absent too (the
items after it move up); a list (``host.unit.affiliations``) may be one cell, its items
separated by semicolons; ``mapping`` renames columns to paths (``{"Pays": "visitors.0.…"}``)
and columns mapped to ``None`` are ignored. Every cell is kept as text (a
:class:`~callrules._cells.CsvRow`) until the call's form reads it, each cell as its field's
type expects (``callrules._cells``: whole numbers, yes/no, lists, answers). A record's
label names the physical line where it starts (blank lines and cells spanning lines
counted). A record spanning several lines is accepted only when it parses
strictly and has as many cells as the header: otherwise a quote was left open, the record
where it opened is reported (``csv_unclosed_quote``) and the lines after it are read again
as rows of their own.

Standard input (``"-"``) is JSON: an array (read element by element), JSON Lines (when its
first line is a whole JSON value or an object on one line; read line by line, each record
as soon as its line arrives, which makes ``callrules check CALL -`` a worker), or else one
JSON document.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from os import PathLike
from pathlib import Path
from typing import Any, TypeVar

from callrules._cells import CsvRow
from callrules._evaluate import Sourced, read_json
from callrules.exceptions import ArgumentError, InputError, InputProblem

__all__ = ["MAX_RECORD_BYTES", "records", "records_from_csv"]

SUFFIXES = (".json", ".jsonl", ".csv")
#: The largest record read (a JSON Lines line, a CSV row, an element of a JSON array, a
#: JSON document): a larger one is reported as ``too_large`` and skipped.
MAX_RECORD_BYTES = 8 * 1024 * 1024
_MAX_DEPTH = 8
_PIECE = 1 << 16
_BOM = b"\xef\xbb\xbf"
_JSON_SPACE = " \t\r\n"
_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8 (surrogateescape)
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*(?:"|\\?\Z)|[{}\[\],]', re.S)
_IN_STRING = re.compile(r'["\\]')
_OUTSIDE = re.compile(r'["{}\[\],]')
_STRICT = json.JSONDecoder(parse_float=Decimal)

ReadLine = Callable[[int], bytes]
_T = TypeVar("_T")


def records(*sources: str | Path, stdin: Any = None,
            mapping: Mapping[str, str | None] | None = None) -> Iterator[Sourced]:
    """Every record of ``sources`` (files, folders of them, or ``"-"`` for standard input).

    :class:`~callrules.ArgumentError` for a source that is not a path, or a ``mapping`` that
    is not one; a path that cannot be read is an invalid record of its own."""
    _check_mapping(mapping)
    for name in sources:
        ArgumentError.check(name, (str, PathLike), "a source: a path or \"-\"")
        if str(name) == "-":
            yield from _stdin_records(_readline_of(stdin or sys.stdin), "<stdin>")
            continue
        path = Path(name)
        try:
            files = sorted(p for p in path.iterdir() if p.suffix in SUFFIXES) \
                if path.is_dir() else [path]
        except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
            yield _unreadable(path, getattr(exc, "strerror", None) or "error")
            continue
        for file in files:
            yield from _file(file, mapping)


def _problem(where: str, kind: str, message: str) -> Sourced:
    return Sourced(where, InputError([InputProblem((), kind, message)], source=where))


def _unreadable(file: Path, reason: str) -> Sourced:
    return _problem(str(file), "unreadable", f"cannot read {file}: {reason}")


def _readline_of(stream: Any) -> ReadLine:
    """A ``readline(size)`` giving bytes, for a binary or a text stream."""
    raw = getattr(stream, "buffer", None)
    if raw is not None:
        return raw.readline  # type: ignore[no-any-return]
    if not isinstance(stream, io.TextIOBase):
        return stream.readline  # type: ignore[no-any-return]

    def readline(size: int) -> bytes:
        text: str = stream.readline(size)
        try:
            return text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            return text.encode("utf-8", "surrogatepass")  # reported as not UTF-8

    return readline


def _pieces(readline: ReadLine) -> Iterator[bytes]:
    """The stream in pieces of at most ``_PIECE`` bytes, each ending a line or cut inside
    one; a byte-order mark at the start is dropped."""
    first = True
    while piece := readline(_PIECE):
        if first:
            first = False
            piece = piece.removeprefix(_BOM)
            if not piece:
                continue
        yield piece


def _lines(pieces: Iterable[bytes]) -> Iterator[bytes | None]:
    """Physical lines, split on ``\\n`` only; ``None`` for a line over the size limit."""
    parts: list[bytes] = []
    size = 0
    over = False
    for piece in pieces:
        if not over:
            parts.append(piece)
            size += len(piece)
            if size > MAX_RECORD_BYTES:
                over, parts = True, []
        if piece.endswith(b"\n"):
            yield None if over else b"".join(parts)
            parts, size, over = [], 0, False
    if parts or over:
        yield None if over else b"".join(parts)


def _too_large(where: str) -> Sourced:
    return _problem(where, "too_large", f"the record is larger than {MAX_RECORD_BYTES:,} bytes")


def _not_utf8(where: str, exc: UnicodeDecodeError | None = None) -> Sourced:
    place = f" (byte {exc.start + 1} of the record)" if exc is not None else ""
    return _problem(where, "not_utf8", f"the record is not UTF-8 text{place}")


def _file(file: Path, mapping: Mapping[str, str | None] | None) -> Iterator[Sourced]:
    try:
        handle = file.open("rb")
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        yield _unreadable(file, getattr(exc, "strerror", None) or "not a file name")
        return
    with handle:
        try:
            if file.suffix == ".jsonl":
                yield from _jsonl(_lines(_pieces(handle.readline)), str(file))
            elif file.suffix == ".csv":
                yield from _csv(_text_lines(_lines(_pieces(handle.readline))), str(file),
                                mapping)
            else:
                yield from _json_document(_pieces(handle.readline), str(file))
        except OSError as exc:  # a read error in the middle (a folder, a device gone)
            yield _unreadable(file, exc.strerror or "error")


def _jsonl(lines: Iterable[bytes | None], source: str, first: int = 1) -> Iterator[Sourced]:
    for number, line in enumerate(lines, start=first):
        where = f"{source}:{number}"
        if line is None:
            yield _too_large(where)
        elif line.strip(b" \t\r\n"):
            try:
                yield Sourced(where, line.decode("utf-8"))
            except UnicodeDecodeError as exc:
                yield _not_utf8(where, exc)


def _stdin_records(readline: ReadLine, source: str) -> Iterator[Sourced]:
    """Standard input: a JSON array, JSON Lines, or one JSON document (see the module)."""
    pieces = _pieces(readline)
    blank = 0
    for piece in pieces:
        text = piece.lstrip(b" \t\r\n")
        if not text:
            blank += piece.endswith(b"\n")
            continue
        rest = _chain(piece, pieces)
        if text.startswith(b"["):
            yield from _array(rest, source)
            return
        lines = _lines(rest)
        line = next(lines)
        if line is None or _one_value(line):  # a first line over the limit: a record too
            yield from _jsonl(_chain(line, lines), source, first=blank + 1)
        else:
            yield from _json_document(_chain(line, rest), source)
        return


def _one_value(line: bytes) -> bool:
    """True when ``line`` alone is a JSON value, or looks like an object on one line."""
    stripped = line.strip(b" \t\r\n")
    if stripped.startswith(b"{") and stripped.endswith(b"}"):
        return True
    try:
        read_json(stripped)
    except (ValueError, RecursionError):
        return False
    return True


def _chain(first: _T, rest: Iterable[_T]) -> Iterator[_T]:
    yield first
    yield from rest


def _json_document(pieces: Iterable[bytes], source: str) -> Iterator[Sourced]:
    """One JSON document: an array is read element by element, anything else whole."""
    pieces = iter(pieces)
    head: list[bytes] = []
    for piece in pieces:
        head.append(piece)
        if piece.strip(b" \t\r\n"):
            break
    if b"".join(head).lstrip(b" \t\r\n").startswith(b"["):
        yield from _array(_chain(b"".join(head), pieces), source)
        return
    size = sum(map(len, head))
    over = size > MAX_RECORD_BYTES
    for piece in pieces:
        size += len(piece)
        if not over:
            head.append(piece)
        if size > MAX_RECORD_BYTES:
            over, head = True, []
    if over:
        yield _too_large(source)
        return
    try:
        text = b"".join(head).decode("utf-8")
    except UnicodeDecodeError as exc:
        yield _not_utf8(source, exc)
        return
    yield Sourced(source, text)  # parsed (or reported as invalid JSON) when evaluated


class _Array:
    """The elements of a JSON array, read from pieces of bytes one element at a time.

    An element that is not valid JSON is reported in place and reading goes on after it
    (its end found by a tolerant scan of strings and brackets); an element over the size
    limit, or input that ends inside the array, ends the reading with a problem.
    """

    def __init__(self, pieces: Iterable[bytes], source: str) -> None:
        self.pieces = iter(pieces)
        self.decode = codecs.getincrementaldecoder("utf-8")("surrogateescape").decode
        self.source = source
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.lines_before = 0  # newlines in the text already dropped from the buffer
        self.stopped = False

    def more(self, at_least: int = 1) -> bool:
        """Read at least ``at_least`` more characters (or to the end); False at the end."""
        if self.eof:
            return False
        self.lines_before += self.buf.count("\n", 0, self.pos)
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

    def skip_space(self) -> str:
        """The next character after whitespace ("" at the end of the input)."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _JSON_SPACE:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.more():
                return ""

    def line(self, pos: int) -> int:
        return self.lines_before + self.buf.count("\n", 0, pos) + 1

    def __iter__(self) -> Iterator[Sourced]:
        self.skip_space()
        self.pos += 1  # the opening bracket
        index = 0
        if self.skip_space() == "]":
            yield from self.after_end()
            return
        while True:
            where = f"{self.source}[{index}]"
            if self.skip_space() == "":
                yield _problem(where, "json_invalid", "not valid JSON: the input ends inside "
                               "the array (cut short?)")
                return
            yield self.element(where)
            if self.stopped:
                return
            index += 1
            following = self.skip_space()
            if following == ",":
                self.pos += 1
            elif following == "]":
                yield from self.after_end()
                return
            elif following == "":
                yield _problem(f"{self.source}[{index}]", "json_invalid", "not valid JSON: "
                               "the input ends inside the array (cut short?)")
                return
            # anything else: a comma is missing; the next element is read all the same

    def element(self, where: str) -> Sourced:
        """The element at the current position, or None when reading must stop."""
        while True:
            start = self.pos
            try:
                value, end = _STRICT.raw_decode(self.buf, start)
            except (ValueError, RecursionError) as exc:
                whole = _element_end(self.buf, start)
                if whole is not None:  # the element is all there: it is not valid JSON
                    self.pos = whole
                    return self.invalid(where, exc, start)
                if len(self.buf) - start > MAX_RECORD_BYTES:
                    self.stopped = not self.skip_element()
                    return _too_large(where)
                if self.more(max(len(self.buf) - start, _PIECE)):
                    continue
                self.stopped = True  # the input ends inside this element
                return self.invalid(where, exc, start)
            if end == len(self.buf) and not self.eof and self.buf[end - 1] not in '"}]':
                self.more()  # a number or a literal may go on in the next piece
                continue
            self.pos = end
            if _ESCAPED.search(self.buf, start, end):
                return _not_utf8(where)
            return Sourced(where, value)

    def skip_element(self) -> bool:
        """Move past the element at the current position without keeping it (strings and
        brackets followed across pieces); False if the input ends first."""
        depth, in_string = 0, False
        while True:
            buf, pos = self.buf, self.pos
            while pos < len(buf):
                if in_string:
                    match = _IN_STRING.search(buf, pos)
                    if match is None:
                        pos = len(buf)
                    elif match.group() == "\\":
                        if match.end() >= len(buf):
                            pos = match.start()  # the escaped character is in the next piece
                            break
                        pos = match.end() + 1
                    else:
                        in_string, pos = False, match.end()
                    continue
                match = _OUTSIDE.search(buf, pos)
                if match is None:
                    pos = len(buf)
                    continue
                token, pos = match.group(), match.end()
                if token == '"':
                    in_string = True
                elif token in "{[":
                    depth += 1
                elif depth == 0:
                    self.pos = match.start()
                    return True
                elif token in "}]":
                    depth -= 1
            self.pos = pos
            if not self.more(_PIECE):
                return False

    def invalid(self, where: str, exc: BaseException, start: int) -> Sourced:
        if isinstance(exc, json.JSONDecodeError):
            reason, at = exc.msg, min(exc.pos, len(self.buf))
        else:
            reason, at = ("nested too deeply" if isinstance(exc, RecursionError)
                          else str(exc)), start
        return _problem(where, "json_invalid",
                        f"not valid JSON: {reason} (line {self.line(at)})")

    def after_end(self) -> Iterator[Sourced]:
        self.pos += 1
        if self.skip_space():
            yield _problem(self.source, "json_invalid", "not valid JSON: more text after the "
                           f"end of the array (line {self.line(self.pos)})")


def _array(pieces: Iterable[bytes], source: str) -> Iterator[Sourced]:
    return iter(_Array(pieces, source))


def _element_end(text: str, start: int) -> int | None:
    """Where the element starting at ``start`` ends (a comma or the closing bracket of the
    array, at depth zero), scanning strings and brackets only; None if not in ``text`` (a
    string still open swallows the rest)."""
    depth = 0
    for match in _TOKEN.finditer(text, start):
        token = match.group()
        if token in "{[":
            depth += 1
        elif token in "}]," and depth == 0:
            return max(match.start(), start + 1)  # a stray bracket is an element of its own
        elif token in "}]":
            depth -= 1
    return None


# -- CSV ---------------------------------------------------------------------------------------
def records_from_csv(rows: Iterable[str], *, source: str = "<csv>",
                     mapping: Mapping[str, str | None] | None = None) -> Iterator[Sourced]:
    """Applications from CSV text, one per row, columns named by field paths.

    ``rows`` is CSV text in pieces (an open file, a list of lines, or the text whole); it
    is split into lines on ``\\n`` only. :class:`~callrules.ArgumentError` for ``rows`` that
    are not text (bytes: a file opened in binary mode), a ``source`` that is not text, or a
    ``mapping`` that is not one.
    """
    _check_mapping(mapping)
    ArgumentError.check(source, str, "source: a text")
    chunks = [rows] if isinstance(rows, str) else ArgumentError.iterable(
        rows, "rows: CSV text")
    return _csv(_split(chunks), source, mapping)


def _check_mapping(mapping: object) -> None:
    if mapping is not None and (not isinstance(mapping, Mapping) or not all(
            isinstance(k, str) and (v is None or isinstance(v, str))
            for k, v in mapping.items())):
        raise ArgumentError("mapping: columns to field paths (text to text or None) was "
                            f"expected, not {type(mapping).__name__}")


def _split(chunks: Iterable[str]) -> Iterator[str]:
    carry = ""
    for chunk in chunks:
        ArgumentError.check(chunk, str, "rows: CSV text (a file opened in text mode)")
        parts = (carry + chunk).split("\n")
        carry = parts.pop()
        for part in parts:
            yield part + "\n"
    if carry:
        yield carry


def _text_lines(lines: Iterable[bytes | None]) -> Iterator[str | None]:
    for line in lines:
        yield None if line is None else line.decode("utf-8", "surrogateescape")


def _in_quote_after(line: str, quoted: bool) -> bool:
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
        comma = line.find(",", pos, end)
        if comma == -1:
            return False
        pos = comma + 1
        if line.startswith('"', pos) and pos < end:
            quoted, pos = True, pos + 1


class _CsvRecord:
    __slots__ = ("lines", "size", "start")

    def __init__(self, start: int, line: str) -> None:
        self.start, self.lines, self.size = start, [line], len(line)


def _csv(lines: Iterable[str | None], source: str,
         mapping: Mapping[str, str | None] | None) -> Iterator[Sourced]:
    """Records of CSV lines (``None``: a line over the size limit), labelled by the line
    where each starts."""
    source_lines = enumerate(lines, start=1)
    again: list[tuple[int, str | None]] = []  # lines to read again after an unclosed quote
    header: list[str] | None = None

    def next_line() -> tuple[int, str | None] | None:
        if again:
            return again.pop()
        return next(source_lines, None)

    while (got := next_line()) is not None:
        number, line = got
        where = f"{source}:{number}"
        if line is None:
            yield _too_large(where)
            continue
        if not line.strip():
            continue
        record = _CsvRecord(number, line)
        quoted = _in_quote_after(line, False)
        unclosed = False
        while quoted:
            got = next_line()
            if got is None or got[1] is None or record.size > MAX_RECORD_BYTES:
                if got is not None:
                    again.append(got)
                unclosed = True
                break
            record.lines.append(got[1])
            record.size += len(got[1])
            quoted = _in_quote_after(got[1], True)
        text = "".join(record.lines)
        cells, error = _cells(text)
        several = len(record.lines) > 1
        bad_shape = several and header is not None and cells is not None \
            and len(cells) != len(header)
        if unclosed or (several and error is not None and error[0] != "cell_too_large") \
                or bad_shape:
            again.extend(reversed([(record.start + k, s) for k, s in
                                   enumerate(record.lines[1:], start=1)]))
            yield _problem(where, "csv_unclosed_quote",
                           f"a quoted cell opened on line {record.start} is not closed where "
                           "a row ends; the lines after it are read as rows of their own")
            continue
        if error is not None:
            yield _problem(where, *error)
            continue
        assert cells is not None
        if header is None:
            header = [c.strip() for c in cells]
            if header:
                header[0] = header[0].removeprefix("\ufeff")
            continue
        if _ESCAPED.search(text):
            yield _not_utf8(where)
            continue
        try:
            yield Sourced(where, CsvRow(_nest(_row(header, cells), mapping)))
        except ValueError as exc:
            yield _problem(where, "bad_column", str(exc))


def _cells(text: str) -> tuple[list[str] | None, tuple[str, str] | None]:
    try:
        rows = list(csv.reader([text], strict=True))
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
