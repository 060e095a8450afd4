"""CSV: each row a record, its columns naming fields by their path.

CSV cells are separated by commas, semicolons (Excel's CSV where the decimal mark is a
comma), tabs or bars, the one the header and the first rows show (:func:`csv_separator`,
as ``csv.Sniffer`` reasons), or the one Excel's first line ``sep=;`` names.
CSV columns name fields by their path, with list positions as numbers
(``visitors.0.institution.location.country``, ``budget.lines.1.amount.amount``); an empty
cell is an absent field, and a list item all of whose cells are empty is absent too (the
items after it move up); a list (``host.unit.affiliations``) may be one cell, its items
separated by semicolons; ``mapping`` renames columns to paths (``{"Pays": "visitors.0.…"}``)
and columns mapped to ``None`` are ignored. Two columns for one field make every row of
the file an input problem (``csv_duplicate_column``), never one silently winning; a row
repeating the header (files joined end to end), in any case (a row of labels made with
``=UPPER()``), is not a record. Every cell is kept as text
(a :class:`~callrules._cells.CsvRow`) until the call's form reads it, each cell as its
field's type expects (``callrules._cells``: whole numbers, yes/no, lists, answers). A
record's label names the physical line where it starts (blank lines and cells spanning lines
counted). A record spanning several lines is accepted only when it parses strictly, has as
many cells as the header and holds no line that is a whole row of its own (as many cells, no
quote), and, when its last line reads as a row opening a quoted cell (the next row's own
quote, taken for the closing one), what follows starts a row: otherwise a quote was left
open, the record where it opened is reported (``csv_unclosed_quote``) and the lines after it
are read again as rows of their own. A row
with fewer cells than the header (a file cut in its last row, or trailing empty cells left
out) is refused (``csv_short_row``), never read as if the missing cells were empty; a row
of empty cells is a blank line. A carriage
return alone ends a line anywhere (one in a quoted cell stays in it: the cell is read over
two lines); a file whose rows end with one is found by its line ends outside quoted cells
(:func:`csv_line_ends`). A line ending with the header after text of its own (a file cut
there, another joined after it) ends the cut row there.
"""

from __future__ import annotations

import csv
import re
import typing
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from itertools import chain, pairwise
from typing import Any

from pydantic import BaseModel

from callrules._cells import CsvRow
from callrules._fixed_width import RULE, Columns, blank_columns, ruled_columns
from callrules._invisible import all_blank
from callrules._json_lines import is_json, jsonl
from callrules._messages import INPUT_CODES
from callrules._models import Application
from callrules._money import Money
from callrules._reading import (
    ESCAPED,
    MAX_RECORD_BYTES,
    MAX_SKIP_BYTES,
    Over,
    lines_fed,
    not_utf8,
    over,
    problem,
    readable_text,
)
from callrules._sourced import Sourced
from callrules.exceptions import InputError, InputProblem

__all__ = ["HEADER_CELL", "SEP_LINE", "TABLE_BORDER", "TITLE_LINES", "bare_cr_lines",
           "box_bars", "csv_cells", "csv_line_ends", "csv_records", "csv_separator", "empty_row",
           "filled_cells", "holds_no_header", "in_quote_after", "is_csv_header", "title_over"]

_MAX_DEPTH = 8
#: The farthest list position a column may name.
_MAX_POSITION = 1000
#: How many lines a row after a quoted cell over several lines is read over, to tell
#: whether a row starts there.
_PEEKED = 16
_AFTER_LONE_CR = re.compile("(?<=\r)(?!\n)")
#: Excel's first line naming the separator, as Excel and the spreadsheets that read it write
#: it: ``sep=;`` in any case, blanks around it, quoted as a cell (``"sep=;"``), or padded with
#: separators to the width of the sheet (``sep=;;;``, a spreadsheet that showed it as a cell
#: writing it back). Group 1 is the separator. Each run of blanks is matched one way only
#: (``[ ]*"?[ ]*`` tried every split of a line of spaces: the square of its length).
SEP_LINE = re.compile('\ufeff?[ ]*(?:"[ ]*)?(?i:sep)=([,;\t|])(?:[ ]*")?(?:\\1|[ ])*')
#: A quote, or a line end: what the first lines of a CSV file are scanned for.
_QUOTE_OR_END = re.compile(b'["\r\n]')
#: A header's cell: a field's name, its path or a label (quoted or not, blanks around it).
HEADER_CELL = re.compile(r"[^\W\d][\w .\-]*")


def in_quote_after(line: str, quoted: bool, separator: str = ",") -> bool:
    """Whether ``line`` ends inside a quoted cell, starting inside one if ``quoted`` (the
    csv module's reading of the Excel dialect: a quote opens a cell only at its start)."""
    return _separators(line, quoted, separator)[1]


def holds_no_header(line: bytes) -> bool:
    """Whether ``line`` holds a character that no CSV header holds, read as
    :func:`is_csv_header` reads it (a colon, as every JSON record's keys are followed by):
    told in one pass, whatever its length."""
    text = line.decode("utf-8", "replace").replace("\ufffd", "x")
    return _NO_HEADER.search(text) is not None


def is_csv_header(line: str | bytes, loose: bool = False) -> bool:
    """Whether ``line`` (text, or bytes read as UTF-8) reads as a CSV header, the one
    reading of a header for every reader of CSV (a named file, standard input, the format
    detection): two cells or more, of any separator (:func:`csv_separator`), each naming a
    field, quoted or not (``"id";"call"``, as a spreadsheet that quotes every cell writes
    it), blanks around it, a cell holding the separators the file does not use (``Nom,
    prénom`` in a file of semicolons), the first cell empty before two names or more (the
    column of row names R's ``write.csv`` and pandas' ``to_csv`` write: ``"","id","call"``,
    each row then says what it is); a byte-order mark before it and its line end are not
    part of it. In bytes, a byte that is not UTF-8 among a name's letters (``Prénom``
    written in Windows-1252) is read as one of them: the file is CSV, its header damaged
    (each row says so, as for a file named ``.csv``).
    ``loose``: a name in braces or brackets too (``{note}``, ``[note]``), which a caller
    tells from JSON."""
    if isinstance(line, bytes):  # a byte that is not UTF-8 among a name's letters is
        line = line.decode("utf-8", "replace").replace("\ufffd", "x")  # taken for one
    text = line.removeprefix("\ufeff").rstrip("\r\n")
    if _NO_HEADER.search(text):  # a colon of JSON: told at once, its cells not weighed
        return False
    cells, error = csv_cells(text, csv_separator(text))
    while cells and not cells[-1].strip():  # empty cells at its end (a spreadsheet's
        cells.pop()  # trailing separators) name no column
    if cells and len(cells) > 2 and not cells[0].strip():  # an empty first name: the row
        cells = cells[1:]  # names' column (R's ``write.csv``, pandas' index) before names
    return error is None and cells is not None and len(cells) > 1 and all(
        HEADER_CELL.fullmatch(part.strip().strip("{}[]") if loose else part.strip())
        for cell in cells for part in _OTHER_SEPARATOR.split(cell))


#: A character that no header holds: not in a name (:data:`HEADER_CELL`), a separator, a
#: quote, a blank, or a brace or bracket around a name.
_NO_HEADER = re.compile(r'[^\w\s.\-,;|"{}\[\]]')
#: What splits a header's cell into names: a name may hold the separators the file does
#: not use (``Nom, prénom`` in a file of semicolons).
_OTHER_SEPARATOR = re.compile("[,;\t|]")
#: What a file may end with that is no row: blanks (and invisible characters: a zero-width
#: space, a word joiner), NUL bytes (a file preallocated, or written when the machine
#: stopped), Ctrl-Z (the end of a text file, for old DOS tools).
_PADDING = " \t\r\n\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2028\u2029\u200b\u200c\u200d\u2060\x00\x1a"
#: What a spreadsheet's emptied row holds (``,,,``, ``;;;``, ``, ,``): separators alone,
#: padding around them. Such a line is read as a blank line, once, wherever it is (above the
#: header too: no title, never weighed as one; its cells are empty whatever the separator).
_EMPTY_ROW = _PADDING + ",;|"


def empty_row(line: str | bytes) -> bool:
    """Whether ``line`` (text, or bytes read as UTF-8) is a spreadsheet's emptied row
    (:data:`_EMPTY_ROW`: separators alone, padding around them, a byte-order mark before
    them) or blank: a CSV reader reads it as a blank line, the header searched below it."""
    if isinstance(line, bytes):
        line = line.decode("utf-8", "replace")
    rest = line.removeprefix("\ufeff").strip(_EMPTY_ROW)
    return not rest or all_blank(rest.translate(_SEPARATORS_GONE))


#: The separators of an emptied row, dropped before its blanks are told
#: (:func:`callrules._invisible.all_blank`: DEL, a Hangul filler, ``" \x7f "``, no row).
_SEPARATORS_GONE = str.maketrans("", "", ",;|")


def _emptied(line: str) -> bool:
    """Whether ``line`` is a spreadsheet's emptied row (:func:`empty_row`), not blank."""
    return empty_row(line) and any(separator in line for separator in ",;|")


#: What a file may end with after its last row, no row there: NUL, Ctrl-Z, EOT, DEL, a
#: shell's ``%`` (read as a row anywhere else).
_END_MARKS = "\x00\x1a\x04\x7f%"


def csv_line_ends(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """CSV bytes whose rows end with a line feed. A file whose rows end with a carriage
    return alone (old Mac: its first line end outside quoted cells is a carriage return
    alone, and so is the next, or there is none, or a quote is between them) has each of
    its carriage returns, and CR LF, made a line feed; a line break inside a quoted cell
    stays in it (read as a line feed), whatever it was. Else the bytes are given as they
    are (a carriage return alone inside the header of a file whose rows end with line feeds
    is damage to the header). A carriage return at the end of a piece is held until the
    next piece shows whether a line feed follows it: the same bytes give the same lines
    however they arrive."""
    pieces = iter(pieces)
    head = b""
    ends: list[bytes] = []  # the line ends found outside quotes
    starts: list[int] = []  # where the text after each starts
    pos, quoted, more = 0, False, True
    while more and len(ends) < 2 and (not ends or ends[0] == b"\r") \
            and len(head) <= MAX_RECORD_BYTES:
        piece = next(pieces, None)
        more = piece is not None
        head += piece or b""
        while (found := _QUOTE_OR_END.search(head, pos)) is not None and len(ends) < 2:
            pos = found.end()
            if found.group() == b'"':
                quoted = not quoted
            elif not quoted:
                if found.group() == b"\r" and pos == len(head) and more:
                    pos -= 1  # a line feed may follow it, in the next piece
                    break
                crlf = head.startswith(b"\n", pos) and found.group() == b"\r"
                ends.append(b"\r\n" if crlf else found.group())
                starts.append(pos)
                pos += crlf
    if not ends or ends[0] != b"\r" or (ends[1:] not in ([], [b"\r"]) and b'"' not in head[
            starts[0]:starts[-1]]):  # (a quote between: quotes left open, or a cell's break)
        if head:
            yield head
        yield from pieces
        return
    yield from lines_fed(chain([head], pieces))


def bare_cr_lines(lines: Iterable[str | Over]) -> Iterator[str | Over]:
    """CSV lines, a carriage return alone (not before a line feed) ending one too: one
    between rows, rows after a header ending with a line feed. One inside a quoted cell
    ends a line as well: the cell is then read over two lines, whole, as any cell over
    several lines, and a quote left open before it leaves the rows after it readable. In
    the header's line, only where the lines it makes are a header and its rows, as many
    cells in each as in the line after it: else the return is damage inside the header,
    which is then not read (``csv_bad_header``)."""
    lines = iter(lines)
    for line in lines:
        if isinstance(line, Over) or not _lone_cr(line):
            yield line
            if isinstance(line, Over) or not line.strip():
                continue
        else:
            following = next(lines, None)
            yield from _header_lines(line, following)
            if following is not None:
                lines = chain([following], lines)
        break
    for line in lines:
        if isinstance(line, Over) or not _lone_cr(line):
            yield line
        else:
            yield from filter(None, _AFTER_LONE_CR.split(line))


def _lone_cr(line: str) -> bool:
    """Whether a carriage return alone ends a line inside ``line`` (before its end: a CR
    before its CR LF too)."""
    found = _AFTER_LONE_CR.search(line)
    return found is not None and found.end() < len(line)


def _header_lines(line: str, following: str | Over | None) -> list[str]:
    """The lines a header's line holding carriage returns alone makes: several, if each
    holds as many cells as the line after them (a header, then rows); else one."""
    parts = list(filter(None, _AFTER_LONE_CR.split(line)))
    compared = [*parts, following.split("\r", 1)[0]] if isinstance(following, str) else parts
    separator = csv_separator(parts[0].rstrip("\r\n"))
    counts = {len(csv_cells(part.rstrip("\r\n"), separator)[0] or ())
              for part in compared if part.strip()}
    return parts if len(counts) == 1 and min(counts) > 1 else [line]


class _CsvRecord:
    __slots__ = ("lines", "size", "start")

    def __init__(self, start: int, line: str) -> None:
        self.start, self.lines, self.size = start, [line], len(line)


def csv_records(lines: Iterable[str | Over], source: str,
                mapping: Mapping[str, str | None] | None, start: int = 1) -> Iterator[Sourced]:
    """Records of CSV lines (or marks of lines over the size limit), labelled by the line
    where each starts (``start``: the number of the first, when others were read before them
    as another format: files joined). A header with no row under it that is no header of
    field names (:func:`_header_alone`) is one problem: a file never gives nothing in
    silence when it holds more than a header of names."""
    alone = _Alone()
    for item in _csv_records(lines, source, mapping, start, alone):
        alone.header = None  # (something was said under the header)
        yield item


class _Alone:
    """The header last read and nothing yet said under it: where it is, its names, and the
    problem it has (a field named twice, damage), if any."""

    def __init__(self) -> None:
        self.header: tuple[str, list[str], str, InputProblem | None] | None = None

    def said(self, mapping: Mapping[str, str | None] | None) -> Sourced | None:
        """The problem of the header read if no row came under it and it is no header of
        field names (:func:`_header_alone`); it is then forgotten."""
        header, self.header = self.header, None
        return None if header is None else _header_alone(*header, mapping)


def _header_alone(where: str, names: list[str], line: str, trouble: InputProblem | None,
                  mapping: Mapping[str, str | None] | None) -> Sourced | None:
    """The problem of a CSV header under which no row came, if it is no header of field
    names: a name given twice, a damaged header, or a cell that names no field (a value: an
    e-mail address, a date, a number) — the rows of a file whose line ends were lost
    (``curl -d @apps.csv``, PowerShell's ``-Body (Get-Content apps.csv)``, line ends
    replaced by a character that ends no CSV line) read as one long header."""
    odd = next((name for name in names if not _names_a_field(name, mapping)), None)
    if odd is None and trouble is not None:
        odd = trouble.input if isinstance(trouble.input, str) else None
    if odd is None and trouble is None:
        return None
    shown = readable_text((odd if odd is not None else line).strip())
    # (a line end replaced inside the cell: the part of it that is a value, or the part
    # after the line end, the value it glued to the last name)
    parts = [part for part in _LOST_END.split(shown) if part.strip()]
    shown = _shortened(next((part for part in parts if not _names_a_field(part, mapping)),
                            parts[-1] if parts else shown).strip())
    return problem(where, "csv_bad_header", "the file's only line read as a header names no "
                   f"fields (it holds {shown!r}, a value, or a field twice): its line ends "
                   "seem lost (sent with curl -d, or joined into one line); no application "
                   "of it is read", {"template": "csv_header_alone", "cell": shown})


#: A character that ends no CSV line but stood for a line end where line ends were replaced.
_LOST_END = re.compile("[\x00\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _names_a_field(name: str, mapping: Mapping[str, str | None] | None) -> bool:
    """Whether a header's cell names a field or a label the mapping gives (or nothing: an
    empty cell), not a value."""
    name = name.strip()
    if not name or (mapping is not None and name in mapping):
        return True
    return len(name.split(".")) <= _MAX_DEPTH and all(name.split(".")) and all(
        HEADER_CELL.fullmatch(part.strip()) for part in _OTHER_SEPARATOR.split(name))


def _csv_records(lines: Iterable[str | Over], source: str,
                 mapping: Mapping[str, str | None] | None, start: int,
                 alone: _Alone) -> Iterator[Sourced]:
    """Records of CSV lines (see :func:`csv_records`); the header read noted in ``alone``."""
    source_lines = enumerate(_padding_dropped(lines), start=start)
    again: list[tuple[int, str | Over]] = []  # lines to read again after an unclosed quote
    header: list[str] | None = None
    written_as: dict[str, str] = {}  # (each column as the header writes it)
    duplicate: InputProblem | None = None
    blank_names = False  # whether each name of the header after the first starts with a blank
    separator = ","

    def next_line() -> tuple[int, str | Over] | None:
        if again:
            return again.pop()
        return next(source_lines, None)

    def starts_row(width: int) -> bool:
        """Whether the next non-blank line starts a row of ``width`` cells, read over the
        lines its quoted cells span (at most ``_PEEKED`` lines; they are read again after),
        past lines read as blank (padding, a row of separators alone); True at the end, a
        line over the limit, or another file's header."""
        peeked: list[tuple[int, str | Over]] = []
        text, quoted = "", False
        while len(peeked) < _PEEKED and (got := next_line()) is not None:
            peeked.append(got)
            if isinstance(got[1], Over):
                break
            if not text and empty_row(got[1]):
                continue  # (a blank line, padding, a row of separators alone: no row)
            text += got[1]
            if not (quoted := in_quote_after(got[1], quoted, separator)):
                break
        again.extend(reversed(peeked))
        if not text or (peeked and isinstance(peeked[-1][1], Over)) \
                or _another_header(text, known) or SEP_LINE.fullmatch(text.rstrip("\r\n")):
            # (another file's header or separator line: files joined)
            return True
        cells, error = csv_cells(text, separator)
        return not quoted and error is None and len(cells or ()) == width

    def peek_rows() -> list[str]:
        """The lines after the header (at most ``_PEEKED``, within the record limit; they
        are read again after), for the choice of the separator; a spreadsheet's emptied
        rows among them (separators alone) neither given nor counted, as blank lines to
        the reader (a title or a header above them is told by the lines after them)."""
        peeked: list[tuple[int, str | Over]] = []
        size = counted = 0
        while counted < _PEEKED and size <= MAX_RECORD_BYTES \
                and (got := next_line()) is not None:
            peeked.append(got)
            if isinstance(got[1], Over):
                break
            size += len(got[1])
            counted += not _emptied(got[1])
        again.extend(reversed(peeked))
        return [line for _, line in peeked if isinstance(line, str) and not _emptied(line)]

    def row_at(line: str, width: int) -> Callable[[], bool]:
        """Whether a row of ``width`` cells starts at ``line``, read over the lines after
        it (:func:`starts_row`)."""
        def starts() -> bool:
            again.append((0, line))
            found = starts_row(width)
            again.pop()
            return found
        return starts

    def foreign_lines() -> Iterator[bytes | Over]:
        """The lines of JSON after rows (files joined), to the end or to another file's
        header or separator line (read as CSV again)."""
        while (got := next_line()) is not None:
            if isinstance(got[1], str) and (_another_header(got[1], known)
                                            or SEP_LINE.fullmatch(got[1].rstrip("\r\n"))):
                again.append(got)
                return
            yield got[1] if isinstance(got[1], Over) \
                else got[1].encode("utf-8", "surrogateescape")

    said: re.Match[str] | None = None  # the separator said in a first line, Excel's way
    header_line = ""  # the header's text, as written
    under_header = False  # whether the row read is the first under the header
    lone_cr_end = True  # whether the last row (before one: may) ends with a return alone
    known: frozenset[str] = frozenset()  # the header's names, case folded
    crlf_rows = False  # whether the header's line ends with CR LF (a Windows file)
    left_open = 0  # the cells of the row after one whose last quote was left open, if so
    short_rows = False  # whether a row of fewer cells than the header was not wrapped
    boxed = False  # whether the table is drawn with a box's bars (``│ a │ b │``)
    border_above = False  # whether the line above was a table's border (``┌───┬───┐``)
    fixed: Columns | None = None  # the columns of a table in columns (a rule line under it)
    table = False  # whether the header is a table's (``| id | call |``): its cells padded
    blank_table = False  # whether the header is a table's in columns with no rule line
    while (got := next_line()) is not None:
        number, line = got
        where = f"{source}:{number}"
        if isinstance(line, Over):  # the last line when endless (its source stops)
            yield over(line, where)
            continue
        assert isinstance(line, str)
        line = line.lstrip("\ufeff")  # byte-order marks inside: files joined
        if header is None or boxed:  # a table drawn with a box's bars: read as ``|``
            drawn = box_bars(line)  # (never in a file whose header is not so drawn: a
            if drawn != line and not boxed and not (border_above or _box_border(
                    peek_rows())):  # cell may hold a bar; nor in a title or a header
                drawn = line  # with no box's border above or under it: text as written)
            boxed, line = boxed or drawn != line, drawn
        if (cut := _cut_before_header((number, line), header_line, known)) and cut[0][1]:
            again.append(cut[1])  # a row cut, the header of a file joined after it
            line = cut[0][1]
        if empty_row(line):  # (padding: NUL bytes, a Ctrl-Z, blanks of any kind, DEL, a
            continue  # filler, as a file ends with them; an emptied row, separators alone)
        if header is None and not header_line and said is None and "\t" not in line \
                and (columns := _fixed_columns(line, peek_rows())) is not None:
            if isinstance(columns, Columns):  # a table in columns, its rule line under it:
                fixed, separator = columns, "\t"  # its cells read as a table of tabs
            else:  # (no rule line: where a value holding a blank ends is unknown)
                blank_table = True
                continue
        if (blank_table or fixed is not None) and _ROWS_COUNTED.fullmatch(line.strip()):
            continue  # (a SQL client's count of rows under its table: no row)
        if blank_table:  # each line of it one problem, whatever it holds (quotes too)
            yield Sourced(where, InputError([_BLANK_COLUMNS], source=where))
            continue
        if fixed is not None:
            if header is not None and under_header and RULE.fullmatch(line):
                under_header = False
                continue  # (its rule line: no row)
            if (cells_at := fixed.cells(line)) is None:
                yield problem(where, "csv_invalid", "this row of a table in columns does not "
                              "keep to the columns its rule line draws: it is not read",
                              {"template": "table_row_off_columns"})
                continue
            line = "\t".join(_tab_cell(cell) for cell in cells_at) \
                + line[len(line.rstrip("\r\n")):]
        if (said_again := SEP_LINE.fullmatch(line.rstrip("\r\n"))) and (
                header is None or said is not None or header_line):
            # Excel's "sep=;" line: the separator, no header; after rows, another file's
            # first line (files joined): its header next, read with that separator
            if header is None and said is not None and not header_line:
                # (another before the header: a line more above it, said as a title is,
                # never dropped in silence; its separator the one read)
                yield problem(where, "csv_title_line", "this line, above the header, is no "
                              "row (a title or a comment): it is not read")
            if (alone_said := alone.said(mapping)) is not None:
                yield alone_said
            separator, said, header, header_line = said_again.group(1), said_again, None, ""
            known = frozenset()
            continue
        if header is not None and _json_begins(line, separator, len(header)):
            # JSON (a pretty array, JSON Lines) after rows: files joined; read as JSON Lines
            # to the end, or to another file's CSV header
            again.append((number, line))
            yield from jsonl(foreign_lines(), source, start=number)
            continue
        if header is not None and line.rstrip("\r\n") == header_line and not duplicate \
                and line.endswith("\r\n") == crlf_rows:
            under_header = True  # the header again, as written: files joined end to end,
            continue  # its separator and names as before (not weighed again a line)
        if header is not None and _another_header(line, known):
            if not duplicate and line.endswith("\r\n") == crlf_rows \
                    and _header_again(csv_cells(line.rstrip("\r\n"), separator)[0], header):
                under_header = True  # the header again in another case (a spreadsheet's
                continue  # row of labels made with ``=UPPER()``): its names as before
            if (alone_said := alone.said(mapping)) is not None:
                yield alone_said
            header, said = None, None  # another file's header (files joined), read as one
        if header is None and TABLE_BORDER.fullmatch(line.rstrip("\r\n")):
            border_above = True
            continue  # a table's border above its header (MySQL's ``+----+``): no row
        border_above = False
        if header is None and not header_line and fixed is None \
                and _title(line, peek_rows(), mapping):
            yield problem(where, "csv_title_line", "this line, above the header, is no row "
                          "(a title or a comment): it is not read")
            continue  # (the header below it read as the header, its rows as rows)
        if header is None and said is None:
            separator = csv_separator(line, peek_rows())
        if header is None and separator == "|" and line.startswith("||"):
            line = line.replace("||", "|")  # a Jira or Confluence table's ``||id||call||``
        if table and "\u2502" in line:
            line = line.replace("\u2502", "|")  # (a box table's row: its bars as ``|``)
        elif header is None and not header_line and _TABLE_ROW.fullmatch(
                line.replace("\u2502", "|").strip(" \t\r\n")):
            # a table's header (Markdown's ``| id | call |``, MySQL's, a box's ``│ id │``):
            # its cells padded with blanks by design, trimmed in every row
            table, separator = True, "|"
            line = line.replace("\u2502", "|")
        record = _CsvRecord(number, line)
        open_before, left_open = left_open, 0
        quoted = in_quote_after(line, False, separator)
        unclosed = ended = False
        skipped: tuple[int, str | Over] | Over | None = None  # (a cell over the limit)
        while quoted:
            got = next_line()
            if got is not None and (cut := _cut_before_header(got, header_line, known)):
                if cut[0][1]:  # the header again: this file cut here, another joined after
                    record.lines.append(cut[0][1])
                    quoted = in_quote_after(cut[0][1], True, separator)
                again.append(cut[1])
                unclosed = ended = quoted
                break
            if header and got is not None and isinstance(got[1], str) \
                    and record.size > MAX_RECORD_BYTES and not any(
                        _whole_row(inner, separator, len(header)) for inner in record.lines[1:]):
                # a quoted cell over the record limit, none of its lines a row of its own: the
                # row skipped to the quote's close (or a line that is a row) in one pass
                skipped = _skipped_cell(got, next_line, separator, len(header), record.size,
                                        header_line, known)
                break
            if got is None or isinstance(got[1], Over) or record.size > MAX_RECORD_BYTES:
                if got is not None:
                    again.append(got)
                unclosed, ended = True, got is None
                break
            if header and len(record.lines) == 1 and (left_open := _rows_left_open(
                    record.lines[0], got[1], separator, len(header))):
                # this row and the next each a row of its own whose last quote is left open
                # (an exporter writing ``,"note`` on every row): this row's quote left
                # open, the next read as a row of its own
                again.append(got)
                unclosed = True
                break
            record.lines.append(got[1])
            record.size += len(got[1])
            quoted = in_quote_after(got[1], True, separator)
        if skipped is not None:
            if isinstance(skipped, tuple):  # (the line after it, a row: read next)
                again.append(skipped)
            yield over(Over.ENDLESS if skipped is Over.ENDLESS else Over.LINE, where)
            if skipped is Over.ENDLESS:
                return  # (the rest of the source is not read, as for a line without end)
            continue
        text = "".join(record.lines)
        cells, error = csv_cells(text, separator)
        if header and error is not None and error[0] == "csv_invalid" and len(
                record.lines) == 1 and _escaped_whole(text, separator, len(header)):
            cells, error = _backslashed(text.rstrip("\r\n"), separator), None  # (a quote
            # escaped with a backslash, ``"{\\"id\\": …}"``, the row on its line as wide as
            # the header once so read, where it reads as no row with quotes doubled)
        several = len(record.lines) > 1
        rows_end_cr = lone_cr_end
        if header is not None:
            lone_cr_end = record.lines[-1].endswith("\r")
        width = len(header) if header else 0
        # a row over several lines of one cell more or fewer than the header is the
        # quote left open, unless it holds bytes that are not text (one of them a separator
        # lost or added: a byte of UTF-16 lost takes the character beside it) or no row
        # starts on its lines (the quote closed where it should, a separator lost or added
        # elsewhere); one holding bytes that are not text and a line that is a row of its
        # own is the quote of a damaged row left open, that row taken into its cell; so is
        # one of as many cells as the header that no CSV writer writes (a quote inside a
        # cell not quoted: ``"A-0,…`` taking ``A-1,",0",0``, the quote added closed by the
        # next row's own) when a row starts on one of its lines after the first
        bad_shape = several and header is not None and cells is not None and (
            (abs(len(cells) - len(header)) > (1 if ESCAPED.search(text) else 0)
             and _quote_took_rows(record.lines, separator, width,
                                  row_at(record.lines[-1], width)))
            or any(_whole_row(inner, separator, len(header)) for inner in record.lines[1:-1])
            or (not re.fullmatch(_WRITTEN_ROW.format(re.escape(separator)),
                                 text.rstrip("\r\n"))
                and _quote_took_rows(record.lines, separator, width,
                                     row_at(record.lines[-1], width)))
            or (ESCAPED.search(text) is not None
                and any(_own_row(inner, separator, width) for inner in record.lines[1:])))
        if several and not bad_shape and not unclosed and error is None and header \
                and not record.lines[-1].startswith('"') \
                and in_quote_after(record.lines[-1], False, separator):
            # the quote closed on a line that reads as a row opening a quoted cell (the
            # next row's own opening quote, the quote of this one lost): if the line after
            # it starts no row, the quote was left open, the next row taken into its cell
            bad_shape = not starts_row(len(header))
        if bad_shape and not unclosed:  # is it the last row (of the file, or of a file
            if (following := next_line()) is None:  # cut, another joined after it)?
                ended = True
            else:
                again.append(following)
                ended = _cut_before_header(following, header_line, known) is not None
        last_left_open = unclosed and not several \
            and _left_open(text, separator, width) == open_before > 1
        if ended and header and not last_left_open \
                and _cut_row(record.lines, separator, len(header), unclosed, rows_end_cr):
            # (the last of rows each leaving a quote open: said as they are, below)
            # the file ends inside a cell over several lines, none of them a row: one row, cut
            if unclosed:
                yield problem(where, "csv_cut_in_cell", "the file ends inside a quoted cell "
                              f"opened on line {record.start}: the row is incomplete (the "
                              "file may have been cut) and is not read")
            else:
                yield _short_row(where, len(cells or ()), len(header))
            continue
        if unclosed or bad_shape or (
                several and error is not None and error[0] != "cell_too_large"
                and _quote_took_rows(record.lines, separator, width,
                                     row_at(record.lines[-1], width))):
            again.extend(reversed([(record.start + k, s) for k, s in
                                   enumerate(record.lines[1:], start=1)]))
            if header is None:  # the header: no row can be read, each says so
                header, duplicate = [], _BAD_HEADER
                alone.header = (where, [], record.lines[0].rstrip("\r\n"), _BAD_HEADER)
                continue
            yield problem(where, "csv_unclosed_quote",
                          f"a quoted cell opened on line {record.start} is not closed where "
                          "a row ends; the lines after it are read as rows of their own")
            continue
        if error is not None:
            if header is None:  # (a quote left open in it: the rows it took are read)
                if _header_took_rows(record.lines, separator):
                    again.extend(reversed([(record.start + k, s) for k, s in
                                           enumerate(record.lines[1:], start=1)]))
                header, duplicate = [], _BAD_HEADER
                alone.header = (where, [], record.lines[0].rstrip("\r\n"), _BAD_HEADER)
                continue
            yield problem(where, *error)
            continue
        assert cells is not None
        if _blank(cells):  # a row of empty cells (a spreadsheet's emptied row, ";;;" in
            continue  # a file of commas) is a blank line
        if header is None and several and _header_took_rows(record.lines, separator):
            again.extend(reversed([(record.start + k, s) for k, s in  # a quote added or
                                   enumerate(record.lines[1:], start=1)]))  # lost in it
            header, duplicate = [], _BAD_HEADER  # took rows: each says the header is damaged
            alone.header = (where, [], record.lines[0].rstrip("\r\n"), _BAD_HEADER)
            continue
        if header is None:  # bytes not UTF-8, controls, a quote in a name: damaged
            header = _spelt([c.strip() for c in cells], mapping)
            written_as = _written_as(header, [c.strip() for c in cells], mapping)
            header_line = text.rstrip("\r\n")
            crlf_rows = text.endswith("\r\n")
            known = frozenset(c.casefold() for c in header if c)
            duplicate = _BAD_HEADER if several or _HEADER_DAMAGE.search(text.rstrip("\r\n")) \
                or any('"' in cell for cell in cells) else _duplicate(header, mapping)
            if cells[0].lstrip().startswith(_MISREAD_BOM):  # a UTF-8 file re-saved as Latin-1
                duplicate = _MOJIBAKE_HEADER
            blank_names = not table and _blank_after_separators(cells, text, separator)
            under_header = True
            alone.header = (where, header, header_line, duplicate)
            continue
        if table:
            cells = [cell.strip(" \t") for cell in cells]  # (a table's cells padded)
        if _header_again(cells, header):
            under_header = True
            continue  # the header again (in any case): files joined end to end
        first, under_header = under_header, False
        if not several and ((first and _ruled(cells, header)) or (len(cells) == 1 and (
                _ROWS_COUNTED.fullmatch(cells[0].strip()) or TABLE_BORDER.fullmatch(cells[0])))):
            continue  # a table's rule line under its header (Markdown's ``|---|---|``,
            # sqlcmd's dashes), a SQL client's ``(4 rows affected)``, ``4 rows in set (0.00
            # sec)``, a table's border (MySQL's ``+----+``, box drawing): no data
        if duplicate is not None:
            yield Sourced(where, InputError([duplicate], source=where))
            continue
        if blank_names and _blank_after_separators(cells, text, separator):  # ", " everywhere
            yield problem(where, "csv_invalid", "the cells of this row and the names of the "
                          "header start with a blank: the file separates its cells with "
                          f"{separator!r} and a blank; no row of it is read",
                          {"template": "csv_blank_after_separator"})
            continue
        if ESCAPED.search(text):
            yield not_utf8(where)
            continue
        if not several and header_line and _cut_by_a_newline(text, cells, header, next_line,
                                                              again, separator, crlf_rows):
            yield not_utf8(where)  # (the line of its end, not text, read with it)
            continue
        if len(cells) < len(header):  # cut short (a file cut in its last row): never judged
            if not short_rows and (spanned := _wrapped(text, len(header), separator,
                                                       next_line, again, known)):
                yield problem(where, "csv_short_row", f"the row is cut over {spanned} lines "
                              "(wrapped at a width, as a mail or an editor wraps long lines): "
                              "it is not read", {"template": "csv_wrapped_row",
                                                 "lines": str(spanned)})
                continue  # (one problem for the row, not one a piece of it)
            short_rows = True  # (rows of fewer cells, a tool's: none read as wrapped after)
            yield _short_row(where, len(cells), len(header))
            continue
        try:
            yield Sourced(where, CsvRow(_nest(_row(header, cells), mapping), written_as))
        except ValueError as exc:
            yield problem(where, "bad_column", str(exc), {"template": exc.template, **exc.ctx}
                          if isinstance(exc, _ColumnError) else None)
    if (alone_said := alone.said(mapping)) is not None:
        yield alone_said


def _header_again(cells: Sequence[str] | None, header: Sequence[str]) -> bool:
    """Whether ``cells`` (a line read with the header's separator) are the header's names
    again, blanks around them, as written or, for a header of two names or more, in
    another case (``NAME,ID`` under ``name,id``: a row of labels a spreadsheet made with
    ``=UPPER()``, a file joined whose header was typed so): a repeat of the header, no row,
    never another header whose names would name no field."""
    if cells is None or len(cells) != len(header):
        return False
    if len(header) < 2:
        return [cell.strip() for cell in cells] == list(header)
    return all(cell.strip().casefold() == name.casefold()
               for cell, name in zip(cells, header, strict=True))


def _fixed_columns(line: str, following: Sequence[str]) -> Columns | bool | None:
    """The columns of a table in columns whose header is ``line`` (``following``: the lines
    after it), by the rule line under it; True for a header of such a table with no rule
    line (columns set apart by blanks alone, ``column -t``) or one that does not keep to
    its rule line; None if ``line`` is no such header."""
    rule = next((text for text in following if text.strip(_PADDING)), "")
    if RULE.fullmatch(rule):
        return ruled_columns(line.removeprefix("\ufeff").rstrip("\r\n"),
                             rule.rstrip("\r\n")) or (True if blank_columns(line) else None)
    return True if blank_columns(line.rstrip("\r\n")) else None


def _tab_cell(cell: str) -> str:
    """A cell of a table in columns as a cell of CSV of tabs (quoted if it holds a quote)."""
    return f'"{cell.replace(chr(34), chr(34) * 2)}"' if '"' in cell else cell


def _ruled(cells: list[str], header: list[str]) -> bool:
    """Whether ``cells`` are a table's rule line (the line under its header that Markdown,
    sqlcmd, psql or a console's table draw: ``|---|:--:|``, ``--,----``, ``----+----``):
    every cell a rule of three characters at least, or as wide as its column's name (sqlcmd's
    ``--`` under ``id``), but an empty first or last (the Markdown table's outer ``|``). A
    row of ``-`` cells (placeholders), or of ``--`` under longer names, is data."""
    inner = [(cell.strip(" \t\r\n"), name) for cell, name in zip(
        cells, [*header, *[""] * (len(cells) - len(header))], strict=False)]
    if len(inner) > 1 and not inner[0][0]:
        inner = inner[1:]
    if len(inner) > 1 and not inner[-1][0]:
        inner = inner[:-1]
    return bool(inner) and all(_RULE.fullmatch(cell) and (
        len(cell) >= 3 or len(cell) == len(name) > 1) for cell, name in inner)


def _cut_by_a_newline(text: str, cells: list[str], header: list[str],
                      next_line: Callable[[], tuple[int, str | Over] | None],
                      again: list[tuple[int, str | Over]], separator: str,
                      crlf_rows: bool) -> bool:
    """Whether the row ``text`` (of ``cells``), in a file whose rows end with CR LF, ends
    with a line feed alone, and the line after it, holding bytes that are not text, ends
    it: as many cells in both as the header has, the cell the line feed cut counted once
    (in little-endian UTF-16 or UTF-32, a NUL added after a character's low byte 0A makes a
    newline in step inside the row, the rest of it read in step again after bytes that are
    no text). Then that line is taken (read with the row: one damaged row), else it is
    read again."""
    if not crlf_rows or not text.endswith("\n") or text.endswith("\r\n") \
            or ESCAPED.search(text) or len(cells) > len(header):
        return False
    if (got := next_line()) is None:
        return False
    line = got[1]
    if isinstance(line, str) and ESCAPED.search(line) \
            and not in_quote_after(line, False, separator):
        rest = csv_cells(line.rstrip("\r\n"), separator)[0]
        if rest is not None and len(cells) + len(rest) - 1 == len(header):
            return True
    again.append(got)
    return False


#: How many non-blank lines under a title or a comment are looked at for the header under
#: it (a forwarded mail's head is five lines; a title, a date, a filter…).
TITLE_LINES = 6


def _title(line: str, following: Sequence[str],
           mapping: Mapping[str, str | None] | None = None) -> bool:
    """Whether ``line``, before the header, is a title or a comment above it (``Applications
    export``, ``# export 2026``, a report's title, ``Applications 2026;exported 2026-11-30``,
    ``Call,cnrs-amsud-2026``): a header follows within the next six non-blank lines, and
    either ``line`` holds one cell at most, names no field and does not read as a header
    (:func:`is_csv_header`), as any line between them, or that header names a field and is
    a header under them (:func:`title_over`). A line naming a field alone (``id``) is a
    header of one column. Not the first part of a header broken in two (a carriage return
    alone, or a line break, inside it): a line ending with a carriage return alone, or one
    that makes a header with the next line when that line is none, unless the line after
    them is a header of more cells (its rows would be longer than the header)."""
    text = line.rstrip("\r\n")
    if in_quote_after(line, False) or not line.endswith("\n") \
            or _CONTROL.search(text) or ESCAPED.search(text):
        return False  # (a control character, bytes not UTF-8: a damaged header's)
    named = names_a_field(text, mapping)
    after = [text for text in following if not empty_row(text)][:TITLE_LINES]
    most = filled_cells(line)  # the most cells of a line above the header
    joined = line.rstrip("\r\n") + (after[0] if after else "")
    if most <= 1 and after and not is_csv_header(after[0]) \
            and is_csv_header(joined, loose=True) and not (
                len(after) > 1 and is_csv_header(after[1])
                and filled_cells(after[1]) > filled_cells(joined)):
        return False  # (a header of more cells below them: ``Call,`` above ``Scores``)
    alone = most <= 1 and not named and not is_csv_header(line, loose=True)
    for text in after:
        if is_csv_header(text) and (alone or (names_a_field(text, mapping)
                                    and title_over(line, most, text, mapping))):
            return True  # (else one more line of a block above the header, or a row)
        most = max(most, filled_cells(text))
        alone = alone and most <= 1
    return False


def title_over(title: str, most: int, header: str,
               mapping: Mapping[str, str | None] | None = None) -> bool:
    """Whether the lines above ``header`` (which names a field), ``title`` the first of
    them and ``most`` the most cells of any, are a title and not a header of their own
    (a row holds as many cells as its header): they hold fewer cells than ``header``;
    and ``title``, if it names a field (``Call,cnrs-amsud-2026``, ``ID,export``), names
    fewer than ``header`` and holds a cell that is none of its names (a header alone of
    fewer columns, from a file joined before another, names only columns of the next):
    an empty or blank cell too (``Call,``: a key whose value is empty), unless ``header``
    holds one (its lines then end with a separator, the header above them too)."""
    if most >= filled_cells(header):
        return False
    if not names_a_field(title, mapping):
        return True
    names = {name.casefold() for name in _names(header)}
    return _fields_named(title, mapping) < _fields_named(header, mapping) and any(
        name.casefold() not in names for name in _names(title))


def names_a_field(line: str, mapping: Mapping[str, str | None] | None = None) -> bool:
    """Whether a cell of ``line`` (read with its own separator) names a field of the
    application, or a path into one (``id``, ``visitors.0.id``), or a column of
    ``mapping`` read (not ignored)."""
    return _fields_named(line, mapping) > 0


def _fields_named(line: str, mapping: Mapping[str, str | None] | None = None) -> int:
    """How many cells of ``line`` name a field (:func:`names_a_field`)."""
    return sum(1 for name in _names(line)
               if name.split(".", 1)[0].casefold() in _FIELDS
               or (mapping is not None and mapping.get(name) is not None))


def _names(line: str) -> list[str]:
    """The cells of ``line`` (read with its own separator), stripped of blanks and quotes."""
    cells = csv_cells(line.rstrip("\r\n"), csv_separator(line))[0] or []
    return [cell.strip().strip('"').strip() for cell in cells]


#: The fields of an application at its top: a line naming one, or a path into one, alone
#: is a header of one column, never a title.
_FIELDS = frozenset(name.casefold() for name in Application.model_fields)
#: A character no title holds (a damaged header's: a carriage return inside, a NUL…).
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")


def filled_cells(line: str) -> int:
    """How many cells of ``line`` hold something, read with its own separator
    (:func:`csv_separator`): 1 for a title in a spreadsheet's first cell (``Report;;;``)."""
    cells = csv_cells(line.rstrip("\r\n"), csv_separator(line))[0] or []
    return sum(1 for cell in cells if cell.strip())


def _header_took_rows(lines: list[str], separator: str) -> bool:
    """Whether a header read over several lines (``lines``, a quote in it added or lost)
    took rows: a line after its first is a row of as many cells as the first line has
    separators and one, its first cell holding no quote (a name's own line break leaves
    the rest of the name, its closing quote, there)."""
    width = lines[0].count(separator) + 1
    for line in lines[1:]:
        cells, error = csv_cells(line.rstrip("\r\n"), separator)
        if error is None and cells is not None and len(cells) == width \
                and '"' not in line.split(separator, 1)[0]:
            return True
    return False


def _padding_dropped(lines: Iterable[str | Over]) -> Iterator[str | Over]:
    """``lines`` without the lines of padding at their end (NUL bytes, a Ctrl-Z, an EOT, a
    DEL or a shell's ``%``, blanks around them: a file preallocated, written when the
    machine stopped, or ended for old DOS tools), no record; such lines before others are
    given as they are."""
    held: list[str] = []
    for line in lines:
        if isinstance(line, str) and not line.strip(_PADDING + _END_MARKS) and (
                any(mark in line for mark in _END_MARKS)):
            held.append(line)
            continue
        yield from held
        held.clear()
        yield line


def _cut_before_header(got: tuple[int, str | Over], header: str, known: frozenset[str] = frozenset()
                       ) -> tuple[tuple[int, str], tuple[int, str]] | None:
    """A line ending with the header (``header``, as written) or another file's header
    (:func:`_another_header`, of the names ``known``), split into the text before it and
    the header: a file cut there (inside a row, or a quoted cell over several lines),
    another file joined after it, its header first; None for another line."""
    number, line = got
    if not isinstance(line, str) or not any(sep in header for sep in ",;\t|"):
        return None  # (a header of one column: its name may end a row's text)
    text = line.rstrip("\r\n")
    if text.endswith(header):
        start = len(text) - len(header)
        return (number, line[:start]), (number, line[start:])
    if not known.intersection(cell.strip().strip('"').strip().casefold()
                              for cell in _OTHER_SEPARATOR.split(text)[-2:]):
        return None  # (no header ends the line: its last two cells name no column)
    if _another_header(text, known):  # the line is one (nothing before it)
        return (number, ""), (number, line)
    names = re.compile("|".join(map(re.escape, sorted(known, key=len, reverse=True))),
                       re.IGNORECASE)
    for found in names.finditer(text, max(0, len(text) - 2 * len(header) - 64)):
        start = found.start() - (text[found.start() - 1:found.start()] == '"')
        if start > 0 and _another_header(text[start:], known):
            return (number, line[:start]), (number, line[start:])
    return None


def _another_header(line: str, known: frozenset[str]) -> bool:
    """Whether ``line``, after rows, is another file's header (files joined end to end):
    it reads as a header (:func:`is_csv_header`, any separator), and of its names, half
    or more and two or more are the header's (``known``, case folded), and half of the
    header's or more, in any order and case, a column more or fewer."""
    text = line.removeprefix("\ufeff").rstrip("\r\n")
    first = _OTHER_SEPARATOR.split(text, 1)[0].strip().strip('"').strip().casefold()
    if first not in known or not is_csv_header(text):  # (the first test: a row's cost)
        return False
    cells = csv_cells(text, csv_separator(text))[0] or []
    names = {cell.strip().casefold() for cell in cells if cell.strip()}
    common = len(names & known)
    return common >= 2 and 2 * common >= max(len(names), len(known))


def _json_begins(line: str, separator: str, width: int) -> bool:
    """Whether ``line``, where a row is expected, starts JSON (files joined: a JSON array or
    JSON Lines after a CSV file): it is a JSON array or object whole on its line, or no row
    of the header's ``width`` cells and the start of a pretty-printed one (``[``, ``{`` or
    ``[{`` alone, or an object's first key: ``{"id": …``); a damaged row that starts with a
    brace (``{note},x``) is a row."""
    text = line.strip(" \t\r\n")
    if not text.startswith(("[", "{")):
        return False
    if is_json(text.encode("utf-8", "surrogateescape")):
        return True
    cells, error = csv_cells(text, separator)
    return (error is not None or len(cells or ()) != width) and _JSON_START.match(text) is not None


#: The first line of a JSON array or object written over several lines (each run of blanks
#: matched one way only: in time linear in the line's length).
_JSON_START = re.compile(r'\[?[ \t]*(?:\{[ \t]*)?\Z|\[?[ \t]*\{[ \t]*"(?:[^"\\]|\\.)*"[ \t]*:')


#: How many lines a row wrapped at a width is read over, at most (a longer one gives a
#: problem a line).
_WRAPPED_LINES = 256
#: The least width a row is taken to be wrapped at.
_LEAST_WIDTH = 40
#: The fewest lines a row is taken to be wrapped over (two short rows are no wrapped row).
_LEAST_LINES = 5
#: The longest line a row wrapped at a width is read over (a mail's lines are at most 998
#: characters long).
_MAIL_LINE = 1000


def _wrapped(text: str, width: int, separator: str,
             next_line: Callable[[], tuple[int, str | Over] | None],
             again: list[tuple[int, str | Over]], known: frozenset[str]) -> int:
    """How many lines the row ``text``, of fewer cells than the header's ``width``, spans
    when it was wrapped at a width (a CSV pasted in a mail, wrapped at 72 or 76 characters,
    at blanks or anywhere): the lines after it (each at most :data:`_MAIL_LINE` long, none
    blank nor a row of its own nor another file's header nor starting as the row does)
    joined to it (each line end taken for a blank lost, or nothing) make a row of exactly
    ``width`` cells, and every line but the last is as long as the longest of them (40
    characters or more), or ends where the next line's first word would have made it
    longer. Those lines are taken (one problem for the row, at its first line); else none
    is, and 0. Rows of fewer cells one after another (a tool leaving out trailing empty
    cells) stay a problem each: their first cells are written alike (``R-9``, ``R-10``), or
    joined their cells are not the header's number, or their lines not cut at one width.
    Each line is scanned once (its separators outside quotes counted), the row so found
    parsed once."""
    pieces = [text.rstrip("\r\n")]
    peeked: list[tuple[int, str | Over]] = []
    count, quoted, taken = len(csv_cells(pieces[0], separator)[0] or ()), False, 0
    start = _shape(text.split(separator, 1)[0])  # (how a row's first cell is written)

    def piece() -> str | None:
        """The next line, if it may be a piece of the row."""
        if len(peeked) >= _WRAPPED_LINES or (got := next_line()) is None:
            return None
        peeked.append(got)
        line = got[1]
        if isinstance(line, Over) or len(line) > _MAIL_LINE or not line.strip(_PADDING) \
                or _own_row(line, separator, width) or _another_header(line, known) \
                or SEP_LINE.fullmatch(line.rstrip("\r\n")) \
                or _shape(line.split(separator, 1)[0]) == start:
            return None  # (``R-0002`` after ``R-0001``: another row, shorter)
        return line.rstrip("\r\n")

    while count < width or quoted:
        if (line := piece()) is None:
            break
        found, quoted = _separators(line, quoted, separator)
        pieces.append(line)
        count += found
    if count == width and not quoted:
        reached = len(pieces)
        most = max(len(line) for line in pieces[1:]) if reached > 1 else 0
        while (len(pieces) == reached or len(pieces[-1]) >= _least(pieces)) and (
                line := piece()) is not None and len(line) <= most and _separators(
                line, False, separator) == (0, False) and _cut_at_a_width([*pieces, line]):
            pieces.append(line)  # the last cell cut too (``…,EUR,`` then ``0.1600``), each
            # line of it after a full one, none longer than the row's
        for end in range(len(pieces), max(reached, _LEAST_LINES) - 1, -1):
            if _cut_at_a_width(pieces[:end]) and len(
                    csv_cells("".join(pieces[:end]), separator)[0] or ()) == width:
                taken = end - 1
                break
    again.extend(reversed(peeked[taken:]))
    return taken + 1 if taken else 0


def _separators(line: str, quoted: bool, separator: str) -> tuple[int, bool]:
    """How many separators ``line`` holds outside quoted cells, starting inside one if
    ``quoted``, and whether it ends inside one (read as :func:`in_quote_after` reads)."""
    end = len(line.rstrip("\r\n"))
    pos = found = 0
    if not quoted and line.startswith('"'):
        quoted, pos = True, 1
    while True:
        if quoted:
            close = line.find('"', pos)
            while close != -1 and line.startswith('""', close):
                close = line.find('"', close + 2)
            if close == -1 or close >= end:
                return found, True
            quoted, pos = False, close + 1
        at = line.find(separator, pos, end)
        if at == -1:
            return found, False
        found, pos = found + 1, at + 1
        if line.startswith('"', pos) and pos < end:
            quoted, pos = True, pos + 1


def _cut_at_a_width(pieces: Sequence[str]) -> bool:
    """Whether the lines of ``pieces`` (a line break inside one: a quoted cell's) were cut
    at one width of 40 characters or more: anywhere (each but the last as long), or at
    blanks (a width no line holding a blank is longer than, and which each line but the
    last and the next one's first word would have passed: a word longer than the width is
    left whole on its line)."""
    lines = [line.rstrip("\r") for line in "\n".join(pieces).split("\n")]
    cut = {len(line) for line in lines[:-1]}
    if len(cut) == 1 and min(cut) >= _LEAST_WIDTH:
        return True
    most = min(len(line) + len(following.lstrip(" ").split(" ", 1)[0])
               for line, following in pairwise(lines))
    return _least(lines) <= most


def _least(lines: Sequence[str]) -> int:
    """The least width ``lines`` (a row's, the last one left out) may have been wrapped at:
    40, or the longest of them holding a blank (a line wrapped at blanks is no longer)."""
    return max(_LEAST_WIDTH, max((len(line) for line in lines[:-1] if " " in line.strip()),
                                 default=0))


def _shape(cell: str) -> str:
    """How ``cell`` is written: each run of digits ``9``, each run of letters ``a``, the
    rest as it is (quotes and blanks around it left out): ``R-9`` and ``R-10`` alike."""
    return _LETTERS.sub("a", _DIGITS.sub("9", cell.strip().strip('"').strip()))


_DIGITS = re.compile(r"[0-9]+")
_LETTERS = re.compile(r"[^\W\d_]+")


def _short_row(where: str, found: int, expected: int) -> Sourced:
    return problem(where, "csv_short_row", f"the row holds only {found} of the {expected} "
                   "cells its header names: it is incomplete (the file may have been cut) "
                   "and is not read", {"expected": str(expected), "found": str(found)})


def _cut_row(lines: list[str], separator: str, width: int, unclosed: bool,
             rows_end_cr: bool = False) -> bool:
    """Whether ``lines``, where the file ends inside a cell over several lines, are one row
    cut: none of the lines after the first is a row of its own (a line of empty cells,
    read as a blank line, is none: ``,",",`` inside the cut cell); or the file ends inside a
    quoted cell and a line before the last ends with a carriage return alone, in a file
    whose rows do not end so (``rows_end_cr``: whether the row before did, or no row came
    before: a return alone is then only written inside a quoted cell, the lines after it in
    the cell too);
    or, the file ending inside a quoted cell, only its last line reads as one, cut (no
    line end: a return alone ending it in a file whose rows do not end so is no line end),
    holding a quote, and the lines read together, the last cell closed, make a
    row of no more cells than the header (a quote closed and another opened inside that
    line, as the row's own cells are written: a cell holding a carriage return read over
    two lines, ``"\r,",",``)."""
    own = [line for line in lines[1:] if _own_row(line, separator, width)
           and not _blank(csv_cells(line, separator)[0] or ())]
    if not own or (unclosed and not rows_end_cr
                   and any(line.endswith("\r") for line in lines[:-1])):
        return True  # (rows that do not end so: the return is inside the cell left open)
    if not unclosed or own != lines[-1:] or lines[-1].endswith("\n") \
            or (lines[-1].endswith("\r") and rows_end_cr) or '"' not in lines[-1]:
        return False
    cells, error = csv_cells("".join(lines) + '"', separator)
    return error is None and len(cells or ()) <= width


def _quote_took_rows(lines: list[str], separator: str, width: int,
                     row_at_last: Callable[[], bool]) -> bool:
    """Whether a row over several lines (``lines``) of one cell more or fewer than the
    header may be a quote left open that took rows into its cell: a row of as many cells
    as the header starts on one of the lines after the first (read over the lines its
    quoted cells span, ``_PEEKED`` at most), on the last one too when, read on its own, it
    opens a quoted cell (the quote closing the cell a later row's opening quote:
    ``row_at_last`` reads it over the lines after it). Else the row is whole, a cell too
    few or too many elsewhere in it (a separator lost or added, a quote added): one
    problem, its lines not read again as rows."""
    if in_quote_after(lines[-1], False, separator) and row_at_last():
        return True
    for start in range(1, len(lines)):
        text, quoted = "", False
        for line in lines[start:start + _PEEKED]:
            text += line
            if not (quoted := in_quote_after(line, quoted, separator)):
                break
        cells, error = csv_cells(text, separator)
        if not quoted and error is None and len(cells or ()) == width:
            return True
    return False


def _left_open(line: str, separator: str, width: int) -> int:
    """How many cells ``line`` holds, read on its own, if it leaves open a quote opened at
    the start of a cell and, that quote closed at its end, is a row as a CSV writer writes
    one (each cell quoted whole or holding no quote) of more than one cell and no more
    than the header's (``width``); else 0."""
    if not in_quote_after(line, False, separator):
        return 0
    text = line.rstrip("\r\n") + '"'
    if not re.fullmatch(_WRITTEN_ROW.format(re.escape(separator)), text):
        return 0
    cells = csv_cells(text, separator)[0]
    return len(cells) if cells is not None and 1 < len(cells) <= width else 0


def _rows_left_open(first: str, second: str, separator: str, width: int) -> int:
    """Whether ``first`` and ``second`` are each a row of its own whose last quote is left
    open (:func:`_left_open`, of as many cells) and, read together, no row (the quote
    ``first`` opens closes in ``second`` where no cell ends): the cells of ``second``, or
    0."""
    cells = _left_open(second, separator, width)
    if not cells or _left_open(first, separator, width) != cells:
        return 0
    error = csv_cells(first + second, separator)[1]
    return cells if error is not None and "end of data" not in error[1] else 0


#: A row as a CSV writer writes it, its separator ``{0}``: cells quoted whole (their quotes
#: doubled) or holding no quote.
_WRITTEN_ROW = '(?:"(?:[^"]|"")*"|[^"{0}]*)(?:{0}(?:"(?:[^"]|"")*"|[^"{0}]*))*'


def _skipped_cell(got: tuple[int, str | Over] | None,
                  next_line: Callable[[], tuple[int, str | Over] | None], separator: str,
                  width: int, size: int, header: str, known: frozenset[str]
                  ) -> tuple[int, str | Over] | Over:
    """Skips the rest of a quoted cell over the record limit (``size`` bytes read), from
    ``got`` on, held one line at a time: to the line where its quote closes (that line's
    cells the row's), or to the end. Gives the line after it to read again (a line that is
    a row of its own, another file's header, a line over the limit), ``Over.LINE`` when
    nothing is left, ``Over.ENDLESS`` past the skip limit."""
    while got is not None and isinstance(got[1], str):
        if _whole_row(got[1], separator, width):
            return got
        if (joined := _cut_before_header(got, header, known)) is not None:  # files joined
            return joined[1]
        size += len(got[1])
        if size > MAX_RECORD_BYTES + MAX_SKIP_BYTES:
            return Over.ENDLESS
        if not in_quote_after(got[1], True, separator):
            return Over.LINE
        got = next_line()
    return got if got is not None else Over.LINE


def _own_row(line: str, separator: str, width: int) -> bool:
    """Whether ``line``, read after a quoted cell left open, is a row of its own: as many
    cells as the header, the first not opening a quote the line leaves open."""
    cells, error = csv_cells(line, separator)
    return error is None and cells is not None and len(cells) == width \
        and not in_quote_after(line, False, separator)


def _blank(cells: Sequence[str]) -> bool:
    """Whether a row of ``cells`` is read as a blank line: its cells empty, blank or holding
    separators only."""
    return not "".join(cells).strip().strip(",;\t|")


def _whole_row(line: str, separator: str, width: int) -> bool:
    """Whether ``line``, inside a quoted cell over several lines, is a whole row of its own
    (as many cells as the header, no quote): then the quote was left open before it."""
    return '"' not in line and line.rstrip("\r\n").count(separator) == width - 1


#: What no header holds: bytes that are not UTF-8, control characters (a tab separates).
_HEADER_DAMAGE = re.compile("[\udc80-\udcff\x00-\x08\x0a-\x1f\x7f]")
#: The problem of every row of a CSV file whose header cannot be read.
_BAD_HEADER = InputProblem((), "csv_bad_header", "the header (the first line) cannot be read "
                           "as CSV: a quoted cell opened in it is not closed, a cell is too "
                           "long or spans lines, a name holds a quote, it holds a control "
                           "character, or it is not UTF-8 text; no row of the file is read")

#: A box-drawing table's bars (psql's unicode border, DuckDB's, sqlite's, ``rich``'s,
#: ``tabulate``'s ``fancy_grid``): light, heavy, double.
_BOX_BARS = "\u2502\u2503\u2551"
#: A line drawn with them: one first or last (after blanks), or one between blanks.
_BOX_LINE = re.compile("^[ \t]*[\u2502\u2503\u2551]|[\u2502\u2503\u2551][ \t]*[\r\n]*$"
                       "| [\u2502\u2503\u2551] ")


def box_bars(line: str) -> str:
    """``line`` with the bars of a box-drawing table made ``|`` when it is a line of one
    (:data:`_BOX_LINE`): the table is then read as the same table drawn as MySQL's client
    draws it (``| a | b |``), its borders no rows."""
    if _BOX_LINE.search(line) is None:
        return line
    return line.translate(_BARS_AS_ASCII)


_BARS_AS_ASCII = str.maketrans(dict.fromkeys(_BOX_BARS, "|"))


def _box_border(following: list[str]) -> bool:
    """Whether the first of ``following`` is a box-drawing table's border or rule line
    (``├───┼───┤``, psql's ``────┼────``): the line above it is that table's header."""
    return bool(following) and (line := following[0].rstrip("\r\n")) != "" and bool(
        TABLE_BORDER.fullmatch(line)) and any("\u2500" <= c <= "\u257f" for c in line)


#: A UTF-8 byte-order mark read as Latin-1 (or Windows-1252) text, then saved again as UTF-8.
_MISREAD_BOM = "\u00ef\u00bb\u00bf"
#: A cell of a table's rule line: dashes or equals signs (a Markdown delimiter row's colons,
#: a SQL client's ``+`` corners), blanks around.
_RULE = re.compile("[ \t]*[:+]?[-=][-=+:]*[ \t]*")
#: What a SQL client writes after the rows it printed (sqlcmd's ``(4 rows affected)``,
#: psql's ``(4 rows)``).
_ROWS_COUNTED = re.compile(r"\((?:[0-9]+ rows?|[0-9]+ rows? affected)\)|(?:[0-9]+ rows? in "
                           r"set|Empty set)(?: \([0-9.]+ sec\))?", re.IGNORECASE)
#: A table's border or rule line as SQL clients draw them (MySQL's ``+------+----+``, the
#: box drawing of DuckDB's and sqlite's ``┌───┬───┐``): drawing characters alone, a corner
#: or a box's line among them.
TABLE_BORDER = re.compile("[ \t]*(?=[^\r\n]*[+\u2500-\u257f])[-+=:|\u2500-\u257f \t]{3,}")
#: A table's line between outer bars (``| id | call |``, Markdown's, MySQL's, a box's).
_TABLE_ROW = re.compile(r"\|[^|].*[^|]\|")
#: The problem of every row of a table in columns set apart by blanks, no rule line under
#: its header (``column -t``, ``docker``): no separator says where a value ends.
_BLANK_COLUMNS = InputProblem((), "csv_invalid", "the columns of this table are set apart "
                              "by blanks (as a console prints a table), with no separator "
                              "and no rule line under its header: its rows cannot be read; "
                              "save it as CSV", ctx={"template": "csv_blank_columns"})
#: The problem of every row of a CSV file whose header starts with such a mark.
_MOJIBAKE_HEADER = InputProblem((), "csv_bad_header", "the header's first name starts with a "
                                "byte-order mark misread as Latin-1 text (the file was opened "
                                "as Latin-1 and saved again, so its accented letters are "
                                "probably garbled too); no row of the file is read",
                                ctx={"template": "csv_misread_bom"})


def _blank_after_separators(cells: Sequence[str], text: str, separator: str) -> bool:
    """Whether every cell after the first that holds something starts with a blank written
    after its separator (cells written with ", " between them), at least two such cells."""
    filled = [cell for cell in cells[1:] if cell.strip()]
    blanks = text.count(separator + " ") + (text.count(separator + "\t") if separator != "\t"
                                            else 0)
    return len(filled) >= 2 and blanks >= len(filled) \
        and all(cell[:1] in (" ", "\t") for cell in filled)


def _duplicate(header: list[str], mapping: Mapping[str, str | None] | None
               ) -> InputProblem | None:
    """The problem of a header naming one field twice (two columns, or two columns mapped
    to one path, a list position spelt two ways: ``visitors.1.id``, ``visitors.01.id``), or
    skipping a list position (columns for ``visitors.2`` but none for ``visitors.1``), if it
    does."""
    seen: set[tuple[str | int, ...]] = set()
    positions: dict[tuple[str | int, ...], dict[int, str]] = {}  # a list's positions, columns
    for column in header:
        path = mapping.get(column, column) if mapping is not None else column
        if path is None or path == "":
            continue
        steps = tuple(_step(part) for part in path.split("."))
        if steps in seen:
            loc = steps if len(steps) <= _MAX_DEPTH else ()
            return InputProblem(loc, "csv_duplicate_column", f"the column {column!r} "
                                "appears twice in the header (two columns for one field): "
                                "no row of the file is read", input=column)
        seen.add(steps)
        for k, step in enumerate(steps[:_MAX_DEPTH]):
            if isinstance(step, int) and step <= _MAX_POSITION and _may_be_a_list(
                    steps[:k]):  # (farther: ``bad_column``; a name no field has: the
                positions.setdefault(steps[:k], {}).setdefault(step, column)  # column's)
    folded = Counter(str(list_path).casefold() for list_path in positions)
    for list_path, given in positions.items():
        for expected, found in enumerate(sorted(given)):
            if found != expected:  # a position skipped: which item a column means is unsure
                column = given[found]
                twin = _twin(column, header) if folded[str(list_path).casefold()] > 1 \
                    else None
                if twin is not None:  # the list named in another case: the same columns
                    ctx = {"template": "csv_twin_columns", "column": column, "other": twin}
                    return InputProblem((), "csv_duplicate_column", INPUT_CODES[
                        "csv_twin_columns"] % ctx, input=column, ctx=ctx)
                return InputProblem((*list_path, expected), "csv_missing_column",
                                    f"the header has columns for item {found} of a list "
                                    f"({column!r}) but none for item {expected}: no row of the "
                                    "file is read", input=column,
                                    ctx={"column": _shortened(column)})
    return None


def _may_be_a_list(steps: tuple[str | int, ...]) -> bool:
    """Whether ``steps`` (a column's path before a list position) may name a list of the
    application: each of its names a field of the models, in any case, as far as they go
    (past them, keys of a call's or an applicant's choosing, under ``fields``: the call
    knows them). A name no field has (``vsiitors.1.category``) is the column check's to
    say, with the field meant, as it says ``vsiitors.0.category`` (session 39: « no column
    for this item of the list » before, the item 0 of a list the call has not).

    >>> _may_be_a_list(("visitors",)), _may_be_a_list(("Budget", "lines"))
    (True, True)
    >>> _may_be_a_list(("vsiitors",)), _may_be_a_list(("fields", "keywords"))
    (False, True)
    """
    node: _Spellings | None = _spellings(Application)
    for step in steps:
        if node is None:
            return True
        if isinstance(step, str):
            found = node.get(step.casefold())
            if found is None:
                return False
            node = found[1]
    return True


def _twin(column: str, header: list[str]) -> str | None:
    """Another column of ``header`` naming ``column`` in another case (``VISITORS.1.ID`` for
    ``visitors.1.id``), if there is one: one name in two cases, never two lists."""
    folded = column.casefold()
    return next((other for other in header if other != column
                 and other.casefold() == folded), None)


def _written_as(header: list[str], written: list[str],
                mapping: Mapping[str, str | None] | None) -> dict[str, str]:
    """Each column's path in the application (as :func:`_nest` reads it: its positions as
    numbers) to the column as the header writes it (a problem names the column so)."""
    out: dict[str, str] = {}
    for name, as_written in zip(header, written, strict=False):
        path = mapping.get(name, name) if mapping is not None else name
        if path:
            out.setdefault(".".join(str(_step(part)) for part in path.split(".")), as_written)
    return out


def _spelt(header: list[str], mapping: Mapping[str, str | None] | None) -> list[str]:
    """The header's names, each that names a field of an application in another case
    (``SUBMITTER.GIVEN_NAME``, ``Submitted_At``: a spreadsheet's ``=UPPER()``, a template's
    title case) spelt as the field is, as a header repeated in another case is read: a
    field's name is never told apart from another's by its case alone. A name the mapping
    gives and a name another column of the header also has in some case (``ID`` and
    ``id``: which one is meant is unsure) are kept as written; so are the keys a call or an
    applicant chooses (under ``fields``, ``answers``).

    >>> _spelt(["ID", "Submitter.Given_Name", "host.unit.name", "FIELDS.ORCID"], None)
    ['id', 'submitter.given_name', 'host.unit.name', 'fields.ORCID']
    >>> _spelt(["ID", "id", "CALL"], {"CALL": "call"})
    ['ID', 'id', 'CALL']
    """
    shared = Counter(name.casefold() for name in header)
    return [name if shared[name.casefold()] > 1 or (mapping is not None and name in mapping)
            else _field_spelling(name) for name in header]


def _field_spelling(name: str) -> str:
    """``name`` (a column's path) with each of its steps that names a field in another case
    spelt as the field is, as far as its steps name fields."""
    node: _Spellings | None = _spellings(Application)
    out: list[str] = []
    parts = name.split(".")
    for at, part in enumerate(parts):
        if isinstance(_step(part), int):
            out.append(part)
            continue
        found = node.get(part.casefold()) if node is not None else None
        if found is None:
            out.extend(parts[at:])
            break
        out.append(found[0])
        node = found[1]
    return ".".join(out)


#: The fields of a model by their names case folded: each field's name and its own fields'
#: (None: a value, or keys of a call's or an applicant's choosing).
_Spellings = dict[str, tuple[str, "_Spellings | None"]]


@cache
def _spellings(model: type[BaseModel]) -> _Spellings:
    """The fields of ``model`` by their names case folded (see :data:`_Spellings`)."""
    return {name.casefold(): (name, _inner(info.annotation))
            for name, info in model.model_fields.items()}


def _inner(annotation: Any) -> _Spellings | None:
    """The fields inside a value of ``annotation``: a model's, money's (its amount and
    currency), a list's items'; None for a value or a mapping (keys of anyone's choosing)."""
    if typing.get_origin(annotation) in (dict, Mapping):
        return None
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return _spellings(annotation)
        if annotation is Money:
            return {"amount": ("amount", None), "currency": ("currency", None)}
        return None
    for argument in typing.get_args(annotation):
        if (found := _inner(argument)) is not None:
            return found
    return None


def _step(part: str) -> str | int:
    """A part of a column's path: a list position (digits 0 to 9, read as the number they
    write: ``1``, ``01`` and ``001`` are one position), or a name."""
    if part.isascii() and part.isdigit():
        digits = part.lstrip("0") or "0"
        return int(digits) if len(digits) <= 9 else _TOO_FAR
    return part


#: A position written with more than 9 digits (beyond every list's bound), read as this one.
_TOO_FAR = 10**9


class _ColumnError(ValueError):
    """A column a row's cell cannot be placed by: its English message, and the template and
    values of its words for people (``callrules._messages``)."""

    def __init__(self, message: str, template: str, **ctx: str) -> None:
        super().__init__(message)
        self.template = template
        self.ctx = {key: _shortened(value) for key, value in ctx.items()}


def _shortened(name: str) -> str:
    """A column's name, or a part of it, as a sentence can quote it: its first 80 characters
    and an ellipsis, if it is longer."""
    return name if len(name) <= 80 else name[:79] + "…"


def csv_separator(header: str, rows: Sequence[str] = ()) -> str:
    """The separator of a CSV file, chosen as ``csv.Sniffer`` reasons, quotes respected:
    of the comma, the semicolon, the tab and the bar (``|``), the one by which the header
    (its first line, and the lines of ``rows`` a quoted cell opened in it spans) reads as
    two cells or more, strictly, half of them or more names (each a name, or names
    separated by the other separators: a header of names read by another separator is
    cells that are no names, ``Note (x, y; z)`` split at its comma);
    then the one by which the most of the rows after it (the first ``rows``, a quoted cell
    read over the lines it spans) hold as many cells as the header; then the one by which
    more of the header's cells are names; then more cells; then the comma,
    the semicolon, the tab, the bar, in that order. A header's cell may hold the other
    separators (``Nom, prénom`` in a file of semicolons)."""
    best, chosen = (False, 0, 0, 0, 0), ","
    for rank, separator in enumerate(_SEPARATORS):
        read = csv.reader(chain([header], rows), delimiter=separator, strict=True)
        try:
            cells = next(read)
        except (csv.Error, StopIteration):
            continue
        if len(cells) < 2:
            continue
        names = sum(bool(HEADER_CELL.fullmatch(cell.strip())) for cell in cells)
        named = sum(all(HEADER_CELL.fullmatch(part.strip())
                        for part in _OTHER_SEPARATOR.split(cell)) for cell in cells)
        score = (2 * named >= len(cells), _rows_of(read, len(cells)), names, len(cells), -rank)
        if score > best:
            best, chosen = score, separator
    return chosen


#: The separators a CSV file may have, in the order preferred when the header cannot tell.
_SEPARATORS = ",;\t|"


def _rows_of(read: Iterator[list[str]], width: int) -> int:
    """How many of the rows ``read`` gives hold ``width`` cells (a row that is not valid
    CSV holds none)."""
    found = 0
    while True:
        try:
            row = next(read)
        except csv.Error:
            continue
        except StopIteration:
            return found
        found += len(row) == width


def csv_cells(text: str, separator: str = ",") -> tuple[list[str] | None, tuple[str, str] | None]:
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


def _backslashed(text: str, separator: str) -> list[str] | None:
    """The cells of ``text`` read with a backslash escaping a quote inside a quoted cell,
    if it holds one (``\\"``) and so reads as one row; else None."""
    if '\\"' not in text or not _escapes_as_written(text, separator):
        return None
    try:
        rows = list(csv.reader([text], delimiter=separator, strict=True, escapechar="\\",
                               doublequote=False))
    except csv.Error:
        return None
    return rows[0] if len(rows) == 1 else None


def _escapes_as_written(text: str, separator: str) -> bool:
    """Whether each backslash in ``text`` escapes a quote inside a quoted cell and each
    quoted cell ends at the separator or the line's end, so that reading a backslash as
    escaping what follows it alters no text: a backslash before anything else
    (``C:\\temp\\new``, ``caf\\u00e9``) or outside quotes is text, two (``\\\\``) are one
    escaped or two written as they are (by a writer escaping quotes only), and a doubled
    quote (``"a ""b"" \\"c\\""``) is no writer's that escapes quotes with a backslash."""
    at, quoted, start = 0, False, True
    while at < len(text):
        char = text[at]
        if char == "\\":
            if not quoted or text[at + 1:at + 2] != '"':
                return False
            at, start = at + 2, False
            continue
        if quoted and char == '"':
            quoted, at = False, at + 1
            if at < len(text) and text[at] != separator:
                return False
            continue
        quoted = quoted or (start and char == '"')
        start, at = char == separator and not quoted, at + 1
    return True


def _escaped_whole(line: str, separator: str, width: int) -> bool:
    """Whether ``line`` (with its line end) is a whole row of ``width`` cells once a quote
    escaped with a backslash is read as one (:func:`_backslashed`)."""
    cells = _backslashed(line.rstrip("\r\n"), separator)
    return cells is not None and len(cells) == width


def _row(header: list[str], cells: list[str]) -> dict[str, str]:
    if len(cells) > len(header):
        raise _ColumnError("the row has more cells than the header has columns",
                           "csv_long_row", found=str(len(cells)), expected=str(len(header)))
    return dict(zip(header, cells, strict=False))


def _nest(row: Mapping[str, str | None], mapping: Mapping[str, str | None] | None
          ) -> dict[str, Any]:
    """A flat CSV row as the nested structure of an application."""
    out: dict[str, Any] = {}
    made: dict[int, str] = {}  # (each list or object made, by id: the column that made it,
    # named beside the one giving its items the other way)
    for column, cell in row.items():
        path = mapping.get(column, column) if mapping is not None else column
        if path is None or cell is None or cell == "":
            continue
        parts = path.split(".")
        if not column.strip() and path == column:  # (R's row names, pandas' index)
            raise _ColumnError("a column with no name in the header holds values (row "
                               "names, or an index): export without them", "column_no_name")
        if len(parts) > _MAX_DEPTH or not all(parts):
            raise _ColumnError(f"column {column!r} is not a field path", "column_not_a_path",
                               column=column)
        node: Any = out
        for at, (part, following) in enumerate(zip(parts, [*parts[1:], None], strict=True)):
            if part.isdigit() and not part.isascii():  # "１", "١": not a position
                raise _ColumnError(f"column {column!r}: {part!r} is not a list position",
                                   "column_not_a_position", column=column, part=part)
            key: Any = _step(part)
            if isinstance(node, list) != isinstance(key, int) and id(node) in made:
                raise _ColumnError(  # (items by position in one column, by name in another:
                    # both named, in the header's order; before, the second alone, blamed
                    # for a position or a name whichever it gave)
                    f"columns {made[id(node)]!r} and {column!r}: the items of "
                    f"{'.'.join(parts[:at])!r} given both by position and by name",
                    "columns_position_and_name", first=made[id(node)], column=column,
                    part=".".join(parts[:at]))
            if isinstance(node, list):
                if not isinstance(key, int) or key > _MAX_POSITION:
                    raise _ColumnError(f"column {column!r}: {part!r} is not a list position",
                                       "column_not_a_position", column=column, part=part)
                while len(node) <= key:
                    node.append(None)
            elif isinstance(key, int):
                raise _ColumnError(f"column {column!r}: a position where a field name is "
                                   "needed", "column_position_for_name", column=column,
                                   part=part)
            current = node[key] if (isinstance(node, list) or key in node) else None
            if following is None:
                if isinstance(current, (dict, list)):
                    raise _ColumnError(f"column {column!r}: other columns give fields inside "
                                       "it", "column_holds_fields", column=column)
                node[key] = cell  # text, read by the call's form (``callrules._cells``)
            else:
                if current is None:
                    current = [] if isinstance(_step(following), int) else {}
                    node[key] = current
                    made[id(current)] = column
                elif not isinstance(current, (dict, list)):
                    raise _ColumnError(f"column {column!r}: another column gives {part!r} a "
                                       "value of its own", "column_inside_value",
                                       column=column, part=part)
                node = current
    nested: dict[str, Any] = _drop_holes(out)
    return nested


def _drop_holes(value: Any, steps: tuple[str | int, ...] = ()) -> Any:
    """``value`` with the items of its lists whose cells are all empty left out; a list no
    field has (``vsiitors``, :func:`_may_be_a_list`) kept at its positions, so that the
    column check names its columns as the header writes them (``vsiitors.1.category``, not
    ``vsiitors.0.category``)."""
    if isinstance(value, dict):
        return {k: _drop_holes(v, (*steps, k)) for k, v in value.items()}
    if isinstance(value, list):
        known = _may_be_a_list(steps)
        return [_drop_holes(v, (*steps, i)) for i, v in enumerate(value)
                if v is not None or not known]
    return value
