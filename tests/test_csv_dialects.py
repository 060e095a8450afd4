"""A CSV file reads the same whatever its dialect (separator, quoting, row ends, line breaks
inside cells, Excel's separator line), wherever it comes from (a named file, standard input
with its format found, standard input arriving a few bytes at a time)."""

from __future__ import annotations

import codecs
import csv
import io
import json
import random
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given
from hypothesis import strategies as st

import callrules
from callrules import _encodings
from callrules._csv_rows import is_csv_header
from tests.laws import settings

NAMES = ("id", "note", "host.name", "host.unit", "visitors.0.note")
#: Cells: text with separators, quotes, blanks and line breaks of every kind in it.
CELLS = st.lists(st.sampled_from(["a", "B", "é", " ", ",", ";", "\t", '"', "\n", "\r",
                                  "\r\n", "x y", "0"]), max_size=6).map("".join)
#: A row's id: text the law can find again in what is read.
ROW_IDS = st.sampled_from(["R", "A-1", "x"])
#: The separators a spreadsheet writes, and the ends of its rows (CR alone: old Mac).
CSV_SEPARATORS = st.sampled_from(",;\t")
ENDS = st.sampled_from(["\n", "\r\n", "\r"])
ENDS_OF_TODAY = st.sampled_from(["\n", "\r\n"])


def csv_rows(most: int, cells: st.SearchStrategy[str] = CELLS
             ) -> st.SearchStrategy[list[list[str]]]:
    """One to ``most`` rows: an id and four cells drawn from ``cells``."""
    return st.lists(st.tuples(ROW_IDS, *[cells] * 4).map(list), min_size=1, max_size=most)


#: Excel's separator line, as Excel and the spreadsheets that read it write it.
SEP_LINES = ("sep={s}", "SEP={s}", "Sep={s}", '"sep={s}"', "sep={s}{s}{s}", "sep={s} ",
             " sep={s}", '"sep={s}"{s}{s}', "\ufeffsep={s}")
_LINE_END = re.compile("\r\n|\r|\n")


class _Pieces:
    """A standard input giving at most a few bytes at each read (a slow pipe)."""

    def __init__(self, data: bytes, seed: int) -> None:
        self.data, self.at, self.random = data, 0, random.Random(seed)

    def readline(self, size: int = -1) -> bytes:
        stop = min(len(self.data), self.at + self.random.randrange(1, 4))
        if size >= 0:
            stop = min(stop, self.at + size)
        newline = self.data.find(b"\n", self.at, stop)
        stop = newline + 1 if newline != -1 else stop
        out, self.at = self.data[self.at:stop], stop
        return out


def written(rows: list[list[str]], separator: str, end: str, quote_all: bool,
            first: str | None) -> str:
    """CSV text as a spreadsheet writes it: a cell quoted when it holds the separator, a
    quote or a line break (every cell if ``quote_all``), quotes doubled inside."""
    return end.join(written_lines(rows, separator, quote_all, first)) + end


def written_lines(rows: list[list[str]], separator: str, quote_all: bool,
                  first: str | None) -> list[str]:
    """The lines of :func:`written`, without their ends: ``first``, the header, then each
    row (one, though a quoted cell of it spans lines)."""
    def cell(text: str) -> str:
        if quote_all or any(c in text for c in (separator, '"', "\r", "\n")) \
                or text != text.strip(" "):
            return '"' + text.replace('"', '""') + '"'
        return text
    lines = [first] if first is not None else []
    lines += [separator.join(cell(c) for c in row) for row in [list(NAMES), *rows]]
    return lines


#: Every way a batch is read: a named file, standard input whole or in pieces, and told it
#: is CSV (as the service reads a ``text/csv`` body).
WAYS = ("file", "stdin", "pieces", "csv")
#: The ways whose format is found, not told (a named file, standard input whole or in pieces).
FOUND_WAYS = WAYS[:3]


def read(data: bytes, how: str, folder: Path, seed: int) -> list[tuple[str, Any]]:
    """Each result's line and value (or problem) read from ``data`` as ``how`` says
    (:data:`WAYS`)."""
    if how == "file":
        path = folder / "batch.csv"
        path.write_bytes(data)
        out = callrules.records(path)
    elif how == "csv":
        out = callrules.records("-", stdin=io.BytesIO(data), input_format="csv")
    else:
        stdin = io.BytesIO(data) if how == "stdin" else _Pieces(data, seed)
        out = callrules.records("-", stdin=stdin)
    return [(item.source.rsplit(":", 1)[-1], item.data.problems[0].type
             if isinstance(item.data, callrules.InputError) else dict(item.data))
            for item in out]


def read_alike(data: bytes, folder: Path, seed: int, expected: list[tuple[str, Any]],
               ways: tuple[str, ...] = WAYS) -> None:
    """``data`` read each of ``ways`` gives ``expected``."""
    for how in ways:
        assert read(data, how, folder, seed) == expected, how


def nested(row: list[str]) -> dict[str, Any]:
    """The record a row gives: its cells by path (:data:`NAMES`), empty cells left out."""
    ident, note, host_name, host_unit, visitor = row
    out: dict[str, Any] = {k: v for k, v in (("id", ident), ("note", note)) if v}
    if host := {k: v for k, v in (("name", host_name), ("unit", host_unit)) if v}:
        out["host"] = host
    if visitor:
        out["visitors"] = [{"note": visitor}]
    return out


class TestAnyDialectReadsAlike:
    @settings(max_examples=200, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(rows=csv_rows(5),
           separator=CSV_SEPARATORS, end=ENDS,
           quote_all=st.booleans(), sep_line=st.sampled_from((None, *SEP_LINES)),
           seed=st.integers(0, 1000))
    def test_every_row_reads_back_with_its_line_from_a_file_or_stdin_in_any_pieces(
            self, tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]],
            separator: str, end: str, quote_all: bool, sep_line: str | None,
            seed: int) -> None:
        """Any CSV of commas, semicolons or tabs, its cells quoted or not, its rows ending
        with LF, CR LF or CR alone, its quoted cells holding any line break, after Excel's
        separator line in any spelling or not, gives each row whole, labelled with the
        line where it starts, the same from a named file, from standard input and from
        standard input arriving one to three bytes at a time (a line break inside a cell
        of a file whose rows end with CR alone is read as a line feed)."""
        first = sep_line.format(s=separator) if sep_line is not None else None
        text = written(rows, separator, end, quote_all, first)
        data = text.encode()
        starts, line = [], 1 + (first is not None) + 1  # the header's line, then rows
        for row in rows:
            starts.append(str(line))
            line += 1 + sum(len(_LINE_END.findall(c)) for c in row)

        def meant(cell: str) -> str:
            return _LINE_END.sub("\n", cell) if end == "\r" else cell

        expected = [(start, nested([meant(c) for c in row]))
                    for start, row in zip(starts, rows, strict=True)]
        folder = tmp_path_factory.mktemp("d")
        read_alike(data, folder, seed, expected, ways=FOUND_WAYS)


#: Cells for :class:`TestQuotesEscapedWithABackslash`: a quote inside (not at the end), and
#: backslashes as text (one, before ``n``, in ``caf\\u00e9``, a Windows path), never ending a
#: cell (a backslash there, before the closing quote, reads as one escaping it: left).
BACKSLASHED_CELLS = st.lists(st.sampled_from(
    ["a", "é", " ", ";", '"x', "x y", "\\", "\\n", "caf\\u00e9", "C:\\temp\\new"]),
    max_size=6).map("".join).map(lambda cell: cell.rstrip("\\"))


class TestQuotesEscapedWithABackslash:
    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(rows=csv_rows(4, BACKSLASHED_CELLS), end=ENDS_OF_TODAY, seed=st.integers(0, 1000))
    # look63d's: one column of JSON texts, its quotes escaped (both rows problems)
    @example(rows=[["R", '{"id": "R1"}', "", "", ""], ["R", '{"id": "R2"}', "", "", ""]],
             end="\n", seed=0)
    # look71r's: a Windows path, an escape of JSON's beside a quote (read as "C:tempnew",
    # "cafu00e9")
    @example(rows=[["R", "C:\\temp\\new", 'say "hi"', "", ""],
                   ["R", '{"note": "caf\\u00e9"}', "", "", ""], ["x", 'say "hi"', "", "", ""]],
             end="\n", seed=0)
    def test_a_quote_escaped_with_a_backslash_reads_as_one_doubled_or_is_a_problem(
            self, tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], end: str,
            seed: int) -> None:
        """Law: a CSV whose cells are all quoted, each row on one line, a quote inside a cell
        (not at its end) escaped with a backslash and nothing else escaped (``"say \\"hi\\"
        now"``, as an exporter replacing quotes writes it, and as a writer set to
        ``escapechar`` writes a table with no backslash) gives, row by row every way in, the
        row the same table written with doubled quotes gives, or a problem: never a row
        with other text (a backslash before anything but a quote, ``C:\\temp\\new``,
        ``caf\\u00e9``, ``\\n``, is text, which reading it as an escape would alter), none
        lost. A row with no backslash in its cells gives the row read with doubled quotes."""
        def line(row: list[str], quote: str) -> str:
            return ",".join('"' + cell.replace('"', quote) + '"' for cell in row)

        folder = tmp_path_factory.mktemp("d")
        table = [list(NAMES), *rows]
        expected = read("".join(line(row, '""') + end for row in table).encode(), "file",
                        folder, seed)
        assert len(expected) == len(rows)
        escaped = "".join(line(row, '\\"') + end for row in table).encode()
        for how in WAYS:
            got = read(escaped, how, folder, seed)
            assert [at for at, _ in got] == [at for at, _ in expected], how
            for (_, value), (_, want), row in zip(got, expected, rows, strict=True):
                assert value == want or ("\\" in "".join(row) and isinstance(value, str)), how

    @pytest.mark.parametrize("quote", ['""', '\\"'])
    def test_one_column_of_json_texts_reads_as_its_name_says(self, tmp_path: Path,
                                                           quote: str) -> None:
        """look63d's one column of JSON texts under its name, each quoted, their quotes
        doubled (CSV every way) or escaped with a backslash: then each line is as well a
        JSON string holding a record (JSON Lines, each record encoded twice): CSV's rows in
        a file named ``.csv`` or told CSV, and standard input, whole or in pieces, as a
        file named ``.jsonl`` reads it: the name one problem, each line a record encoded
        twice (reported so: decode it once), where one column's rows each held none of the
        record's fields (look72d: 47 of 150 of its inputs)."""
        data = "".join(f"{line}\n" for line in ["payload", *(
            '"' + json.dumps({"id": f"R{n}"}).replace('"', quote) + '"' for n in (1, 2))])
        rows = [(str(n + 1), {"payload": json.dumps({"id": f"R{n}"})}) for n in (1, 2)]
        (tmp_path / "in.jsonl").write_bytes(data.encode())
        as_jsonl = [(item.source.rsplit(":", 1)[-1], item.data)
                    for item in callrules.records(tmp_path / "in.jsonl")]
        for how in WAYS:
            if quote == '""' or how in ("file", "csv"):
                assert read(data.encode(), how, tmp_path, 0) == rows, how
                continue
            stdin = io.BytesIO(data.encode()) if how == "stdin" else _Pieces(data.encode(), 3)
            got = [(item.source.rsplit(":", 1)[-1], item.data)
                   for item in callrules.records("-", stdin=stdin)]
            assert got == as_jsonl, how
            assert [json.loads(json.loads(text)) for _, text in got[1:]] == [
                {"id": "R1"}, {"id": "R2"}], how

    @pytest.mark.parametrize("named", ["in.jsonl", "in.json", "in.txt", "in", "-"])
    @pytest.mark.parametrize("inner", ["Lab", 'Lab \\"A\\"'])
    def test_json_texts_encoded_twice_under_a_name_are_read_as_json_lines(
            self, tmp_path: Path, named: str, inner: str) -> None:
        """look72d: a name above JSON texts encoded twice, a line each (``json.dumps`` of a
        record's JSON text): JSON Lines' lines, each the JSON text encoded twice it is, in
        a file named ``.jsonl``, ``.json``, of another suffix or none, and on standard
        input alike (standard input and a file of no suffix read the rows that each read as
        a CSV cell as one column's, each reported missing every field: 47 of 150). Before
        session 52 every way read it as CSV (150 of 150), a row holding ``\\\\"`` then "not a
        valid CSV row" (32 of 150)."""
        texts = [json.dumps({"id": "R1", "unit": "Lab"}),
                 json.dumps({"id": "R2", "unit": json.loads(f'"{inner}"')})]
        data = ("records\n" + "".join(json.dumps(text) + "\n" for text in texts)).encode()
        if named == "-":
            out = list(callrules.records("-", stdin=io.BytesIO(data)))
        else:
            (tmp_path / named).write_bytes(data)
            out = list(callrules.records(tmp_path / named))
        got = [item.data for item in out]
        assert len(got) == 3  # (the name one problem, as a stray first line of JSON)
        assert [str(value).rstrip("\n") for value in got[-2:]] == [
            json.dumps(text) for text in texts], got

    @pytest.mark.parametrize(("named", "first"), [
        ("in.jsonl", '"[1, 2]"'), ("in.jsonl", '"{}"'), ("-", '"[1, 2]"')])
    def test_a_name_above_texts_whose_first_escapes_no_quote_reads_as_the_file_is_named(
            self, tmp_path: Path, named: str, first: str) -> None:
        """A name above JSON texts each quoted, the first holding no quote to escape
        (``"[1, 2]"``, ``"{}"``), then a record encoded twice: no record encoded twice
        decides the format by the second line, so standard input reads one column's rows
        (CSV, ``"[1, 2]"``), and a file named ``.jsonl`` reads JSON Lines' lines as its
        name says, the name one problem (rdmend73: the rule ``_as_named`` keeps for it is
        live, not dead as look73d took it; without it the ``.jsonl`` file read CSV's rows)."""
        record = json.dumps(json.dumps({"id": "R2"}))
        data = f"payload\n{first}\n{record}\n".encode()
        if named == "-":
            got = [item.data for item in callrules.records("-", stdin=io.BytesIO(data))]
            assert got == [{"payload": json.loads(first)}, {"payload": json.loads(record)}]
            return
        (tmp_path / named).write_bytes(data)
        got = [item.data for item in callrules.records(tmp_path / named)]
        assert [str(value).rstrip("\n") for value in got] == ["payload", first, record]

    @pytest.mark.parametrize("line", [
        'A-1,"a ""b"" \\"c\\"",x',  # quotes doubled and escaped in one cell
        'A-1,"C:\\temp\\new","say \\"hi\\""',  # a backslash as text beside an escaped quote
        'A-1,"{\\"id\\": \\"R1\\", \\"note\\": \\"caf\\u00e9\\"}",x',
        'A-1,"say \\"hi\\"\\\\n",x',  # (two backslashes: one escaped, or two as they are)
    ])
    def test_a_line_a_backslash_reading_would_alter_is_a_problem(self, tmp_path: Path,
                                                                  line: str) -> None:
        """A row that reads as no row with doubled quotes, where reading a backslash as an
        escape would alter its text, is a problem (look71r's), the rows around it read."""
        data = f"id,note,more\nA-0,ok,\n{line}\nA-2,ok,\n".encode()
        for how in WAYS:
            got = read(data, how, tmp_path, 0)
            assert [value if isinstance(value, str) else value["id"] for _, value in got] \
                == ["A-0", "csv_invalid", "A-2"], how


#: A table's rule line under its header, for each column's name (``{s}``: the separator):
#: sqlcmd's dashes as wide as the name, Markdown's delimiter cells (aligned or not), a
#: console's equals signs.
RULES = (lambda name: "-" * max(2, len(name)), lambda name: "---", lambda name: ":---:",
         lambda name: "---:", lambda name: "=" * max(2, len(name)))
#: Cells on one line (a last cell ending with a line break, a separator and its closing
#: quote, then a line of one cell, reads as a quote left open, with or without a count:
#: known, reported in issue 16).
LINE_CELLS = st.lists(st.sampled_from(["a", "B", "é", " ", ",", ";", "\t", '"', "x y", "0"]),
                      max_size=6).map("".join)
#: What a SQL client writes after the rows: sqlcmd's count, psql's.
COUNTS = ("({n} rows affected)", "({n} rows)", "({n} row affected)", "({n} row)")


class TestTableRuleLines:
    @settings(max_examples=100, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(rows=csv_rows(4, LINE_CELLS),
           separator=CSV_SEPARATORS, end=ENDS_OF_TODAY,
           rule=st.sampled_from(range(len(RULES))), count=st.sampled_from((None, *COUNTS)),
           seed=st.integers(0, 1000))
    def test_a_rule_line_under_the_header_and_a_row_count_after_the_rows_are_no_rows(
            self, tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]],
            separator: str, end: str, rule: int, count: str | None, seed: int) -> None:
        """A table as a SQL client or a Markdown editor writes it: a rule line under the
        header (sqlcmd's dashes as wide as each name, Markdown's ``---``, ``:---:``, equals
        signs), and the count of rows after them (``(4 rows affected)``, psql's ``(4
        rows)``, after a blank line): each row read as the CSV without them gives it, at
        its line, from a named file and standard input, whole or in pieces; the rule line
        and the count no record. Before, the rule line was judged as an application (46
        problems "“---” is not an e-mail address") and the count a row cut short: 6 results
        for 4 rows."""
        text = written(rows, separator, end, False, None)
        header, body = text.split(end, 1)
        ruled = end.join([header, separator.join(RULES[rule](name) for name in NAMES),
                          body])
        if count is not None:
            ruled += end + count.format(n=len(rows)) + end
        folder = tmp_path_factory.mktemp("r")
        expected = [(str(int(line) + 1), value)
                    for line, value in read(text.encode(), "stdin", folder, seed)]
        assert len(expected) == len(rows)
        read_alike(ruled.encode(), folder, seed, expected, ways=FOUND_WAYS)


    @settings(max_examples=100, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(rows=csv_rows(4, LINE_CELLS),
           placeholders=st.lists(st.sampled_from(["-", "", " - ", "--", "---", ":---:"]),
                                 min_size=5, max_size=5).filter(
               lambda cells: "-" in cells or " - " in cells),
           at=st.integers(0, 4), separator=CSV_SEPARATORS,
           end=ENDS_OF_TODAY, seed=st.integers(0, 1000))
    @example(rows=[["A-0", "a", "", "", ""]], placeholders=["", "-", "-", "", ""], at=0,
             separator=",", end="\n", seed=0)  # (``,-,-``: lost)
    @example(rows=[["A-0", "a", "", "", ""]], placeholders=["-", "-", "-", "-", "-"], at=1,
             separator=",", end="\n", seed=0)  # (``-,-,-``: lost)
    def test_a_row_of_placeholders_or_rules_among_the_rows_is_a_result(
            self, tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]],
            placeholders: list[str], at: int, separator: str, end: str, seed: int) -> None:
        """A row whose cells are placeholders (``-``, blank, ``--``) under the header or
        among the rows, or a rule line's cells anywhere but right under the header, is a row
        like another: one result in its place, the rows around it read as before. Before
        (since rule lines were dropped), ``,-,-`` and ``-,-,-`` rows vanished."""
        at = min(at, len(rows))
        text = written(rows, separator, end, False, None)
        lines = text.split(end)
        lines.insert(1 + at, separator.join(placeholders))
        folder = tmp_path_factory.mktemp("p")
        plain = [value for _, value in read(text.encode(), "stdin", folder, seed)]
        for how in ("file", "stdin", "pieces"):
            found = read(end.join(lines).encode(), how, folder, seed)
            assert [line for line, _ in found] == [str(n) for n in range(2, len(rows) + 3)], how
            assert [value for n, (_, value) in enumerate(found) if n != at] == plain, how


#: What a line holds that a reader sees blank (see ``tests/test_stdin_pieces.py``).
BLANK_LINES = ("\x0c", "\x0b", "\xa0", "\x85", "\u2028", "\u3000", "\u200b", "\u2060")


class TestEmptyCells:
    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(separator=CSV_SEPARATORS, end=ENDS,
           blank=st.lists(st.integers(0, 4), max_size=3), extra=st.integers(0, 3),
           quoted=st.booleans(), alone=st.sampled_from((None, *BLANK_LINES)))
    def test_rows_of_empty_cells_are_blank_lines(
            self, tmp_path_factory: pytest.TempPathFactory, separator: str, end: str,
            blank: list[int], extra: int, quoted: bool, alone: str | None) -> None:
        """A row of empty cells (a spreadsheet's emptied row, quoted or not, as wide as
        the header or wider), or a line a reader sees blank (a form feed, a no-break space,
        a zero-width space… alone), is no record, as a blank line is; the rows keep their
        lines."""
        empty = '""' if quoted else ""
        rows = [f"R{n}{separator}note {n}" for n in range(4)]
        lines = [separator.join(("id", "note")), *rows]
        for at in sorted(blank, reverse=True):
            lines.insert(1 + at, separator.join([empty] * (2 + extra)) if alone is None else alone)
        data = (end.join(lines) + end).encode()
        out = read(data, "stdin", tmp_path_factory.mktemp("e"), 0)
        assert out == [(str(lines.index(row) + 1), {"id": f"R{n}", "note": f"note {n}"})
                       for n, row in enumerate(rows)]
        assert out == read(data, "file", tmp_path_factory.mktemp("e"), 0)

    def test_a_row_wider_than_its_header_is_refused_even_with_empty_cells(self) -> None:
        """A row with more cells than its header is refused though the cells beyond it are
        empty: a separator added inside it moves its cells one column on."""
        out = list(callrules.records_from_csv("id,note,host.name\nR0,a,b,c,\nR1,x,,\n"))
        assert [item.data.problems[0].type for item in out
                if isinstance(item.data, callrules.InputError)] == ["bad_column", "bad_column"]


#: A spreadsheet's emptied row in a file of any separator: separators alone, blanks (a
#: no-break space) around or between them, a byte-order mark before them.
EMPTIED_ROWS = st.tuples(st.sampled_from(["", "", "\ufeff"]), st.lists(
    st.sampled_from([",", ";", "|", ", ", "\t", " ", "\xa0"]), min_size=1, max_size=80).map(
        "".join).filter(lambda row: any(mark in row for mark in ",;|"))).map("".join)


class TestEmptiedRowsAnywhere:
    @settings(max_examples=120, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(rows=csv_rows(4),
           separator=CSV_SEPARATORS, end=ENDS,
           quote_all=st.booleans(), sep_line=st.sampled_from((None, "sep={s}")),
           title=st.sampled_from((None, "Applications export", "Report;;;;")),
           emptied=st.lists(st.tuples(st.integers(0, 7), st.integers(1, 12), EMPTIED_ROWS),
                            min_size=1, max_size=3),
           seed=st.integers(0, 1000))
    @example(rows=[["R", "a", "", "", ""]], separator=",", end="\n", quote_all=False,
             sep_line=None, title="Applications export", emptied=[(1, 12, ",,,,")],
             seed=0)  # (the header six emptied rows or more below the title: the title
    # taken for the header, every row a problem, from a file; from standard input, the title
    # one problem of JSON)
    @example(rows=[["R", "a", "", "", ""]], separator=",", end="\n", quote_all=False,
             sep_line=None, title=None, emptied=[(0, 3, ",,,,")], seed=0)  # (each emptied
    # row above the header one ``csv_title_line``)
    def test_rows_of_separators_alone_anywhere_change_no_row_and_are_no_record(
            self, tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]],
            separator: str, end: str, quote_all: bool, sep_line: str | None,
            title: str | None, emptied: list[tuple[int, int, str]], seed: int) -> None:
        """Law: lines holding separators alone (a spreadsheet's emptied rows: ``,,,,``,
        ``;;``, ``, ,``, of any separator, blanks around), any number of them between any
        two lines of a CSV file that are not inside a quoted cell (above a title, between
        it and the header, between Excel's separator line and the header, between rows,
        after the last), are no record and no problem, as blank lines are: every other
        line gives what it gives without them, at its own line, from a named file, standard
        input whole or in pieces, or told it is CSV (the service). Before, each of the six
        emptied rows above a header was one ``csv_title_line`` problem; a header six of them
        below a title was lost (the title taken for it); and each cost about 0.6 ms (attack
        25a F5: 20,000 above a header, 84 s)."""
        first = sep_line.format(s=separator) if sep_line is not None else None
        units = ([title] if title is not None else []) + written_lines(
            rows, separator, quote_all, first)  # (a row over lines: one unit)
        inserted = {min(at, len(units)): (count, line) for at, count, line in emptied}
        lines: list[str] = []
        starts, line, shift = {}, 1, 0  # each unit's first line, without and with them
        for k, unit in enumerate([*units, None]):
            count, empty = inserted.get(k, (0, ""))
            lines += [empty] * count
            shift += count
            if unit is not None:
                lines.append(unit)
                starts[str(line)] = str(line + shift)
                line += 1 + len(_LINE_END.findall(unit))
        data = (end.join(lines) + end).encode()
        plain = end.join(units) + end
        folder = tmp_path_factory.mktemp("e")
        expected = [(starts[line], value) for line, value in read(
            plain.encode(), "file", folder, seed)]
        read_alike(data, folder, seed, expected)


#: How a row of labels repeats the header in another case (a spreadsheet's ``=UPPER()``,
#: ``=PROPER()``, a header typed again).
CASES = (str.upper, str.title, str.swapcase, str.capitalize, str.lower)
#: Labels of :data:`NAMES`, for a header read with a mapping.
LABELS = ("Référence", "Remarque", "Hôte", "Unité", "Note du visiteur")


class TestHeaderAgainInAnotherCase:
    @settings(max_examples=100, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(rows=csv_rows(4),
           separator=CSV_SEPARATORS, end=ENDS_OF_TODAY,
           quote_all=st.booleans(), sep_line=st.booleans(),
           copies=st.lists(st.tuples(st.integers(0, 4), st.lists(
               st.sampled_from(range(len(CASES))), min_size=5, max_size=5)),
               min_size=1, max_size=3),
           seed=st.integers(0, 1000))
    @example(rows=[["R", "a", "", "", ""]], separator=",", end="\n", quote_all=False,
             sep_line=False, copies=[(0, [0] * 5)], seed=0)  # (the header then itself in
    # capitals: the copy taken for the header, every row refused, attack 25a F6)
    def test_the_header_again_in_another_case_is_the_header_again(
            self, tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]],
            separator: str, end: str, quote_all: bool, sep_line: bool,
            copies: list[tuple[int, list[int]]], seed: int) -> None:
        """Law: a line repeating the header, each name in any case (``ID,NOTE`` under
        ``id,note``: a row of labels a spreadsheet made with ``=UPPER()``), right under the
        header or between any rows, is the header again, as a copy as written is: no record
        and no problem, every row read under the header as without it, at its own line,
        from a named file, standard input whole or in pieces, or told it is CSV (the
        service); with a mapping of the header's labels too, which keeps applying. Before,
        the copy became the header: every row under it read by names naming no field
        (15 of 15 ways, attack 25a F6), the mapping no longer applied."""
        first = f"sep={separator}" if sep_line else None
        units = written_lines(rows, separator, quote_all, first)
        at_header = 1 if sep_line else 0
        header = units[at_header]
        inserted: dict[int, list[str]] = {}
        for at, cases in copies:
            inserted.setdefault(min(at, len(rows)), []).append(
                _in_cases(header, NAMES, NAMES, cases))
        lines: list[str] = []
        starts, line, shift = {}, 1, 0
        for k, unit in enumerate(units):
            lines.append(unit)
            starts[str(line)] = str(line + shift)
            line += 1 + len(_LINE_END.findall(unit))
            if k >= at_header:
                added = inserted.get(k - at_header, [])
                lines += added
                shift += len(added)
        data = (end.join(lines) + end).encode()
        plain = end.join(units) + end
        folder = tmp_path_factory.mktemp("c")
        expected = [(starts[line], value) for line, value in read(
            plain.encode(), "file", folder, seed)]
        assert len(expected) == len(rows)
        read_alike(data, folder, seed, expected)
        mapping = dict(zip(LABELS, NAMES, strict=True))  # the header made of labels
        labelled = [_in_cases(units[at_header], NAMES, LABELS, [])] + [
            _in_cases(units[at_header], NAMES, LABELS, cases) for _, cases in sorted(
                copies, key=lambda copy: min(copy[0], len(rows)))]  # (its copies in order)
        waiting = iter(labelled)  # (the header, then its copies, where they are)
        with_copies = units[:at_header] + [
            next(waiting) if line.casefold() == header.casefold() else line
            for line in lines[at_header:]]
        without = [labelled[0] if line is header else line for line in units]
        for text in (end.join(with_copies) + end, end.join(without) + end):
            got = [item.data.problems[0].type if isinstance(item.data, callrules.InputError)
                   else dict(item.data) for item in callrules.records_from_csv(
                       io.StringIO(text, newline=""), mapping=mapping)]
            assert got == [value for _, value in expected]


def _in_cases(header: str, names: tuple[str, ...], labels: tuple[str, ...],
              cases: list[int]) -> str:
    """``header`` (of ``names``) with each name made its label, in the case ``cases`` says
    (:data:`CASES`; as written when none)."""
    for k, (name, label) in enumerate(zip(names, labels, strict=True)):
        header = header.replace(name, CASES[cases[k]](label) if cases else label, 1)
    return header


class TestFilesJoinedAfterACut:
    @settings(max_examples=80, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(cut=st.floats(0.02, 0.98), joined=st.booleans(),
           end=ENDS_OF_TODAY)
    def test_a_file_cut_anywhere_in_its_last_row_then_another_whole_gives_one_problem(
            self, tmp_path_factory: pytest.TempPathFactory, cut: float, joined: bool,
            end: str) -> None:
        """``cat cut.csv whole.csv``: a file cut anywhere in its last row (inside a quoted
        cell over several lines too), a whole file after it, its header first, gives the
        rows before the cut, one problem for the cut row (unless it was cut in its last
        cell), and every row of the whole file: the header repeated ends the cut row,
        never read as part of a record."""
        def csv_text(first: int) -> str:
            rows = [f'R{n},"line one{end}line two, ""quoted""{end}line three",x{n}'
                    for n in range(first, first + 3)]
            return end.join(["id,note,host.name", *rows]) + end

        part = csv_text(0)
        last = part.rindex("R2,")
        at = last + 1 + int(cut * (len(part) - len(end) - last - 1))
        data = (part[:at] + (end if joined else "") + csv_text(3)).encode()
        out = read(data, "file", tmp_path_factory.mktemp("c"), 0)
        ids = [value["id"] for _, value in out if isinstance(value, dict)]
        if at > part.rindex(","):  # cut in its last cell: a whole row, to all eyes
            assert ids == ["R0", "R1", "R2", "R3", "R4", "R5"]
        else:
            assert ids == ["R0", "R1", "R3", "R4", "R5"]
            assert out[2][1] in ("csv_cut_in_cell", "csv_short_row")
        assert len(out) == 6
        assert out == read(data, "stdin", tmp_path_factory.mktemp("c"), 0)

    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(cut=st.floats(0, 1), separator=st.sampled_from(",;"),
           end=ENDS_OF_TODAY, quote_all=st.booleans())
    def test_a_file_cut_anywhere_in_its_last_row_never_changes_another_cell(
            self, tmp_path_factory: pytest.TempPathFactory, cut: float, separator: str,
            end: str, quote_all: bool) -> None:
        """A file cut anywhere in its last row (no line end after it): the rows before it
        read whole, and the cut row is one problem, or, cut inside its last cell (a row
        that ends without a line end, as some spreadsheets write every file, cannot be
        told from it), read with every cell but the last as written and the last the
        start of what was written (the documented limit)."""
        cells = [["R0", "a b", "0.1600"], ["R1", "c;d", "12.50"]]

        def cell(text: str) -> str:
            return f'"{text}"' if quote_all or separator in text else text
        text = end.join(separator.join(cell(c) for c in row)
                        for row in [["id", "note", "rate"], *cells])
        last = text.rindex("R1")
        at = last + 1 + int(cut * (len(text) - last - 1))
        out = read(text[:at].encode(), "stdin", tmp_path_factory.mktemp("k"), 0)
        assert out[0] == ("2", {"id": "R0", "note": "a b", "rate": "0.1600"})
        assert len(out) == 2
        if isinstance(out[1][1], dict):
            assert out[1][1]["id"] == "R1" and out[1][1].get("note") == "c;d"
            assert "12.50".startswith(out[1][1].get("rate", ""))
        else:
            assert out[1][1] in ("csv_short_row", "csv_cut_in_cell", "csv_invalid")

    def test_a_row_ending_with_a_one_column_header_s_name_is_a_row(self) -> None:
        """In a file of one column, a row whose text ends with the header's name
        (``surname`` under ``name``) is a row, not a cut row before the header again."""
        out = list(callrules.records_from_csv("name\nJohn\nsurname\n"))
        assert [item.data for item in out] == [{"name": "John"}, {"name": "surname"}]


#: One file of a join: its columns' order, an extra column or not, names in capitals or not,
#: its separator, its row ends, its cells all quoted or not, Excel's separator line or not.
JOINED_FILE = st.tuples(st.permutations(range(len(NAMES))), st.booleans(), st.booleans(),
                        CSV_SEPARATORS, ENDS_OF_TODAY,
                        st.booleans(), st.booleans(),
                        csv_rows(3))


def joined_file(spec: tuple[Any, ...]) -> str:
    """The text of one file of :data:`JOINED_FILE`."""
    order, extra, upper, separator, end, quote_all, sep_line, rows = spec
    names = [NAMES[k].upper() if upper else NAMES[k] for k in order]
    table = [names + (["Remarque"] if extra else [])]
    table += [[row[k] for k in order] + (["r"] if extra else []) for row in rows]

    def cell(text: str) -> str:
        if quote_all or any(c in text for c in (separator, '"', "\r", "\n")) \
                or text != text.strip(" "):
            return '"' + text.replace('"', '""') + '"'
        return text
    lines = [f"sep={separator}"] if sep_line else []
    lines += [separator.join(cell(c) for c in row) for row in table]
    return end.join(lines) + end


class TestFilesJoinedWithOtherHeaders:
    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(files=st.lists(JOINED_FILE, min_size=2, max_size=3),
           padding=st.sampled_from(["", "\x00" * 64, "\x1a", "\x1a\r\n", " \n\n", "\t\x00\n",
                                    "%", "%\n", "\x04", "\x7f\n", "\x0c", ";;;\n", ";;;;\r\n%"]),
           seed=st.integers(0, 1000))
    @example(files=[([0, 1, 2, 3, 4], False, False, ",", "\n", False, False,
                     [["R", "", "", "", ""]]),
                    ([0, 1, 2, 3, 4], False, False, "\t", "\n", False, False,
                     [["R", "", "", "", "\n\t"]])],
             padding=";;;\n", seed=0)  # a last cell quoting a line break and a tab, then
    # a row of separators alone: developers' runs
    @example(files=[([0, 1, 2, 3, 4], False, False, ",", "\n", False, False,
                     [["R", "a", "", "", ""]]),
                    ([0, 1, 2, 3, 4], False, True, ",", "\n", True, False,
                     [["x", "b", "", "", ""]])],
             padding="", seed=0)  # the second file's header the first's in capitals
    def test_files_joined_read_each_row_under_its_own_header(
            self, tmp_path_factory: pytest.TempPathFactory, files: list[tuple[Any, ...]],
            padding: str, seed: int) -> None:
        """``cat a.csv b.csv …``: files of the same fields, each with its own columns'
        order, names' case, an extra column or not, separator, Excel's separator line or
        not, give each row as its file alone gives it, on the line where it is in the
        join, from a named file or standard input in any pieces; padding after the last
        row (NUL bytes, a Ctrl-Z, an EOT, a DEL, a form feed, a shell's ``%``, blanks, a
        row of separators alone) is no record. A file whose header is the header read
        before it in another case (the same columns in the same order, separator and
        line ends, no separator line of its own) repeats it: its rows are read under that
        header, as under a copy as written (attack 25a F6)."""
        folder = tmp_path_factory.mktemp("j")
        expected: list[tuple[str, Any]] = []
        offset = 0
        read_under: tuple[Any, ...] | None = None  # the spec of the header in force
        for spec in files:
            if read_under is not None and not spec[6] and (
                    spec[0], spec[1], spec[3], spec[4]) == (read_under[0], read_under[1],
                                                            read_under[3], read_under[4]):
                text = joined_file((*spec[:2], read_under[2], *spec[3:]))  # (its names'
                # case the header's)
            else:
                read_under, text = spec, joined_file(spec)
            expected += [(str(int(line) + offset), value)
                         for line, value in read(text.encode(), "stdin", folder, seed)]
            offset += len(_LINE_END.findall(text))
        assert len(expected) == sum(len(spec[-1]) for spec in files)
        data = ("".join(joined_file(spec) for spec in files) + padding).encode()
        read_alike(data, folder, seed, expected, ways=FOUND_WAYS)

    def test_a_header_cut_into_by_another_s_in_another_order_ends_the_cut_row(self) -> None:
        """A file cut in its last row, another joined after it whose header has its
        columns in another order: the cut row is one problem, the other file's rows are
        read under their own header."""
        for second, row in (("note,host.name,id\nx,y,R2\n", {"id": "R2", "note": "x"}),
                            ("NOTE;host.name;id;Remarque\nx;y;R2;r\n",
                             {"id": "R2", "NOTE": "x", "Remarque": "r"})):
            data = "id,note,host.name\nR0,a,b\nR1,cut" + second
            out = list(callrules.records_from_csv(data))
            assert [item.source for item in out] == ["<csv>:2", "<csv>:3", "<csv>:4"]
            assert out[1].data.problems[0].type == "csv_short_row"
            assert [item.data for item in out[::2]] == [
                {"id": "R0", "note": "a", "host": {"name": "b"}},
                {**row, "host": {"name": "y"}}]


    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(first=JOINED_FILE, second=JOINED_FILE, same=st.booleans(),
           encoding=st.sampled_from(("utf-16", "utf-16-le", "utf-16-be", "utf-32",
                                     "utf-32-le", "utf-32-be")),
           seed=st.integers(0, 1000))
    def test_a_utf16_or_utf32_file_joined_after_a_utf8_one_is_read_once(
            self, tmp_path_factory: pytest.TempPathFactory, first: tuple[Any, ...],
            second: tuple[Any, ...], same: bool, encoding: str, seed: int) -> None:
        """``cat a.csv b.csv``, ``b.csv`` in UTF-16 or UTF-32 (a mark or none; Windows
        PowerShell 5.1's ``>>``): read one way only, as before enc42 (each of ``b.csv``'s
        lines a problem), from a named file, standard input and standard input in pieces:
        the second reading, where a one-byte line end ends a UTF-16 line, is for JSON Lines
        only (a line read in the wrong byte order may have the header's cells: attack 47e
        REG_1–REG_6)."""
        second = first if same else second
        folder = tmp_path_factory.mktemp("e")
        data = joined_file(first).encode() + joined_file(second).encode(encoding)
        for how in ("file", "stdin", "pieces"):  # (the second reading, were it taken,
            with pytest.MonkeyPatch.context() as patched:  # changes nothing: never made)
                patched.setattr(_encodings, "_reads_more", lambda *texts: True)
                forced = read(data, how, folder, seed)
            assert read(data, how, folder, seed) == forced, how


#: CSV and TSV files mixing UTF-8, UTF-16 and UTF-32 lines (marks of either byte order, a
#: Latin-1 row starting "ÿþ", bytes ``FF FE``) that a second reading of the source, where a
#: line end of one byte ends a UTF-16 line, once read worse than the first (attack 47e
#: REG_1–REG_6): a line read in the wrong byte order (CJK text) had the header's number of
#: cells, and was taken as a row: records glued, invented, or lost in another's note.
_READ_ONCE = {
    "REG_1 tsv u8 be u32le be-be u8": (
        b'id\tcall\tnote\n\xfe\xff\x00A\x00-\x000\x00\t\x00c\x00n\x00r\x00s\x00-\x00a'
        b'\x00m\x00s\x00u\x00d\x00-\x002\x000\x002\x006\x00\t\x00\n\xff\xfe\x00\x00A'
        b'\x00\x00\x00-\x00\x00\x001\x00\x00\x00\t\x00\x00\x00c\x00\x00\x00n\x00\x00'
        b'\x00r\x00\x00\x00s\x00\x00\x00-\x00\x00\x00a\x00\x00\x00m\x00\x00\x00s\x00'
        b'\x00\x00u\x00\x00\x00d\x00\x00\x00-\x00\x00\x002\x00\x00\x000\x00\x00\x002'
        b'\x00\x00\x006\x00\x00\x00\t\x00\x00\x00"\x00\x00\x00q\x00\x00\x00"\x00\x00'
        b'\x00"\x00\x00\x00q\x00\x00\x00q\x00\x00\x00"\x00\x00\x00"\x00\x00\x00q\x00'
        b'\x00\x00q\x00\x00\x00"\x00\x00\x00"\x00\x00\x00q\x00\x00\x00"\x00\x00\x00\n'
        b'\x00\x00\x00\xfe\xff\xfe\xff\x00A\x00-\x002\x00\t\x00c\x00n\x00r\x00s\x00-'
        b'\x00a\x00m\x00s\x00u\x00d\x00-\x002\x000\x002\x006\x00\t\x00"\x00q\x00"\x00'
        b'"\x00q\x00"\x00\nA-3\tcnrs-amsud-2026\t\xc3\xa9\n'
    ),
    "REG_3 tsv u32be-cr le u32be u32le": (
        b'id\tcall\tnote\n\x00\x00\x00A\x00\x00\x00-\x00\x00\x000\x00\x00\x00\t\x00'
        b'\x00\x00c\x00\x00\x00n\x00\x00\x00r\x00\x00\x00s\x00\x00\x00-\x00\x00\x00a'
        b'\x00\x00\x00m\x00\x00\x00s\x00\x00\x00u\x00\x00\x00d\x00\x00\x00-\x00\x00'
        b'\x002\x00\x00\x000\x00\x00\x002\x00\x00\x006\x00\x00\x00\t\x00\x00\x00a\x00'
        b'\x00\x00 \x00\x00\x00b\x00\x00\x00\r\x00A\x00-\x001\x00\t\x00c\x00n\x00r'
        b'\x00s\x00-\x00a\x00m\x00s\x00u\x00d\x00-\x002\x000\x002\x006\x00\t\x00x\n'
        b'\x00\x00\x00A\x00\x00\x00-\x00\x00\x002\x00\x00\x00\t\x00\x00\x00c\x00\x00'
        b'\x00n\x00\x00\x00r\x00\x00\x00s\x00\x00\x00-\x00\x00\x00a\x00\x00\x00m\x00'
        b'\x00\x00s\x00\x00\x00u\x00\x00\x00d\x00\x00\x00-\x00\x00\x002\x00\x00\x000'
        b'\x00\x00\x002\x00\x00\x006\x00\x00\x00\t\x00\x00\x00\xe9\x00\x00\x00\xe9'
        b'\x00\x00\x00\n\xff\xfe\x00\x00A\x00\x00\x00-\x00\x00\x003\x00\x00\x00\t\x00'
        b'\x00\x00c\x00\x00\x00n\x00\x00\x00r\x00\x00\x00s\x00\x00\x00-\x00\x00\x00a'
        b'\x00\x00\x00m\x00\x00\x00s\x00\x00\x00u\x00\x00\x00d\x00\x00\x00-\x00\x00'
        b'\x002\x00\x00\x000\x00\x00\x002\x00\x00\x006\x00\x00\x00\t\x00\x00\x00x\x00'
        b'\x00\x00\r\x00\x00\x00\n\x00\x00\x00'
    ),
    "REG_4 tsv le-header fffe-be le u32be": (
        b'\xef\xbb\xbfi\x00d\x00\t\x00c\x00a\x00l\x00l\x00\t\x00n\x00o\x00t\x00e\x00'
        b'\n\x00\xfe\xff\x00A\x00-\x000\x00\t\x00c\x00n\x00r\x00s\x00-\x00a\x00m\x00s'
        b'\x00u\x00d\x00-\x002\x000\x002\x006\x00\t\x00a\x00,\x00b\x00a\x00,\x00b\x00'
        b'a\x00,\x00b\x00\r\x00\nA\x00-\x001\x00\t\x00c\x00n\x00r\x00s\x00-\x00a\x00m'
        b'\x00s\x00u\x00d\x00-\x002\x000\x002\x006\x00\t\x00\xe9\x00\xe9\x00\xe9\x00'
        b'\r\n\x00\x00\xfe\xff\x00\x00\xfe\xff\x00\x00\x00A\x00\x00\x00-\x00\x00\x002'
        b'\x00\x00\x00\t\x00\x00\x00c\x00\x00\x00n\x00\x00\x00r\x00\x00\x00s\x00\x00'
        b'\x00-\x00\x00\x00a\x00\x00\x00m\x00\x00\x00s\x00\x00\x00u\x00\x00\x00d\x00'
        b'\x00\x00-\x00\x00\x002\x00\x00\x000\x00\x00\x002\x00\x00\x006\x00\x00\x00\t'
        b'\x00\x00N\n\x00\x00mw\x00\x00N\n\x00\x00mw\x00\x00\x00\r\x00\x00\x00\n'
    ),
    "REG_5 csv le-header u8 cr-fffe-be fffe-le": (
        b'i\x00d\x00,\x00c\x00a\x00l\x00l\x00,\x00n\x00o\x00t\x00e\x00\n\x00A-0,cnrs-'
        b'amsud-2026,"a,b"\nA-1,cnrs-amsud-2026,\r\xfe\xff\xfe\xff\x00A\x00-\x002\x00'
        b',\x00c\x00n\x00r\x00s\x00-\x00a\x00m\x00s\x00u\x00d\x00-\x002\x000\x002\x00'
        b'6\x00,\x00"\x00a\x00,\x00b\x00"\x00\n\xff\xfe\x00A\x00-\x003\x00,\x00c\x00n'
        b'\x00r\x00s\x00-\x00a\x00m\x00s\x00u\x00d\x00-\x002\x000\x002\x006\x00,\x00"'
        b'\x00q\x00"\x00"\x00q\x00q\x00"\x00"\x00q\x00"\x00\r'
    ),
    "REG_6 latin-1 csv ff-fe": (
        b'id,call,note\r\n\xff\xfeA-0,cnrs-amsud-2026,\xfe\nA-1,cnrs-amsud-2026,\xc3'
        b'\xa9}{ }\xc3\xbe\xc3\xbf\rA-2,cnrs-amsud-2026,\x00\xe4\xb8\x8a\xc3\xbe\xc3'
        b'\xbf\r\n\xff\xfeA-3,cnrs-amsud-2026,\xc3\xbe\xc3\xbf\xc3\xa9x\xe4\xb8\x8a\r'
        b'\nA-4,cnrs-amsud-2026,\x00\r\n\xef\xbb\xbfA-5,cnrs-amsud-2026,\xff {\xe9{\r'
        b'A-6,cnrs-amsud-2026,{\xc3\xbf\xc3\xbe\xc3\xbf\xc3\xbe\xc3\xa9\xe4\xb8\x8a'
        b'\xc3\xbf\xc3\xbe\xe4\xb8\x8a\xc3\xbe\xc3\xbf\r\n'
    ),
}


class TestCsvIsReadOnce:
    @pytest.mark.parametrize("how", ["file", "stdin", "pieces"])
    @pytest.mark.parametrize("name", sorted(_READ_ONCE))
    def test_a_csv_file_holding_utf16_lines_is_read_once_inventing_no_row(
            self, tmp_path_factory: pytest.TempPathFactory, readings: list[bool],
            name: str, how: str) -> None:
        """A CSV or TSV file holding UTF-16 or UTF-32 lines among UTF-8 ones is read once,
        as before enc42: each line read in no encoding is a problem, and no row is read from
        a line decoded in the wrong byte order (its id CJK text, U+FFFE, a NUL), none from
        two lines glued, none lost in another's cell without a word."""
        got = read(_READ_ONCE[name], how, tmp_path_factory.mktemp("once"), 7)
        assert True not in readings  # (read once: the second way never)
        ids = [value.get("id") for _, value in got if isinstance(value, dict)]
        assert all(re.fullmatch(r"A-\d", str(id_)) or id_ is None for id_ in ids), got
        assert len(got) <= _READ_ONCE[name].count(b"\n") + _READ_ONCE[name].count(b"\r")

    def test_a_csv_file_with_utf32_lines_is_read_once_in_work_linear_in_its_size(
            self, readings: list[bool]) -> None:
        """Work: a TSV file starting with UTF-8's mark, its lines in UTF-32 (attack 47e
        REG_7: 14.7 KB read twice took 1.57 s where it took 0.21 s, the second reading's
        work growing faster than the file up to the bound of a source read twice): read
        once, whatever its size under that bound."""
        row = "A-0\tcnrs-amsud-2026\t\"q\"\"q\"\r\n".encode("utf-32-le")
        for rows in (1, 10, 40):
            readings.clear()
            data = codecs.BOM_UTF8 + "id\tcall\tnote\r\n".encode("utf-32-le") + row * rows
            assert len(data) < _encodings._READ_TWICE
            assert len(list(callrules.records("-", stdin=io.BytesIO(data)))) >= 1
            assert readings == [False], (rows, readings)


#: JSON layouts of records a CSV file may be joined after (``cat export.json b.csv``): a
#: pretty array, an envelope, a ``jq .`` stream, JSON Lines, a one-line array, mongoexport's
#: ``--jsonArray`` (no final line end), DuckDB's array of tab-indented lines, PowerShell's.
JSON_LAYOUTS = {
    "pretty": lambda recs: json.dumps(recs, indent=2) + "\n",
    "envelope": lambda recs: json.dumps({"count": len(recs), "applications": recs},
                                        indent=2) + "\n",
    "jq": lambda recs: "".join(json.dumps(r, indent=2) + "\n" for r in recs),
    "jsonl": lambda recs: "".join(json.dumps(r) + "\n" for r in recs),
    "one-line": lambda recs: json.dumps(recs) + "\n",
    "mongo": lambda recs: "[" + ",\n".join(json.dumps(r, separators=(",", ":"))
                                           for r in recs) + "]",
    "duckdb": lambda recs: "[\n" + ",\n".join("\t" + json.dumps(r) for r in recs) + "\n]\n",
    "powershell": lambda recs: json.dumps(recs, indent=4).replace("\n", "\r\n") + "\r\n",
}


#: What may stand above a CSV file's header when it is joined after JSON: nothing, blank
#: lines, a title, comment lines (each read as the CSV alone reads it).
HEADS = ("", "\n", "\n\n", "Applications export\n", "Applications export\n\n",
         "# export 2026\n# by admin\n", "Export 2026\n\n3 rows\n")


#: Lines of prose that may follow JSON (a mail's signature, a title between two exports,
#: attendees, ``psql -x``'s output: a record's ``key | value`` lines): a blank beside their
#: separators, no field named if three cells or more.
PROSE = ("-- ", "Bruno Lima, IPGP", "Paris, France", "Best regards, Ana", "Thanks",
         "Batch 2, late ones", "Note, the next two are late", "Ana; Bruno",
         "Ana, Bruno, Carla", "Paris, France, Europe",
         "-[ RECORD 1 ]--------------------", "id                   | AMSUD-2026-0100",
         "call                 | cnrs-amsud-2026", "host.unit.name | Institut de physique")
#: A line of three cells or more, no blank beside its separators, the last of the text
#: (no row under it: no CSV header).
WIDE = ("Ana,Bruno,Carla", "Batch 2,late ones,see below", "id;call;note")


#: Words of prose (no field's name among them) written as cells, no blank around commas.
PROSE_WORDS = ("Ana", "Bruno", "Carla", "Paris", "Lima", "Rome", "ok", "done", "thanks",
               "see you", "Best", "regards", "late ones", "Batch 2")


class TestCsvJoinedAfterJson:
    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(layout=st.sampled_from(sorted(JSON_LAYOUTS)), count=st.integers(1, 3),
           spec=JOINED_FILE, bom=st.booleans(), glued=st.booleans(),
           head=st.sampled_from(HEADS), seed=st.integers(0, 1000))
    @example(layout="pretty", count=1, spec=([0, 1, 2, 3, 4], False, False, ";", "\r\n",
                                               False, False, [["R", "a", "", "", ""]]),
             bom=True, glued=False, head="", seed=0)  # Excel's "CSV UTF-8" after JSON
    @example(layout="envelope", count=1, spec=([0, 1, 2, 3, 4], False, False, ",", "\n",
                                                 False, False, [["R", "a", "", "", ""]]),
             bom=False, glued=False, head="", seed=0)  # any CSV after an envelope
    @example(layout="pretty", count=1, spec=([0, 1, 2, 3, 4], False, False, ",", "\n",
                                               False, False, [["R", "a", "", "", ""]]),
             bom=False, glued=False, head="\n", seed=0)  # a blank line between (G8, pass 18)
    @example(layout="envelope", count=1, spec=([0, 1, 2, 3, 4], False, False, ",", "\n",
                                                 False, False, [["R", "a", "", "", ""]]),
             bom=False, glued=False, head="Applications export\n", seed=0)  # a title
    @example(layout="jq", count=1, spec=([0, 1, 2, 3, 4], False, False, ";", "\r\n",
                                           False, True, [["R", "a", "", "", ""]]),
             bom=False, glued=False, head="", seed=0)  # Excel's sep=; line
    def test_each_row_of_a_csv_joined_after_json_is_read_under_its_header(
            self, tmp_path_factory: pytest.TempPathFactory, layout: str, count: int,
            spec: tuple[Any, ...], bom: bool, glued: bool, head: str, seed: int) -> None:
        """``cat export.json b.csv``: JSON records of any layout, then a CSV file (any
        separator, row ends, quoting; a byte-order mark before its header, as Excel's "CSV
        UTF-8" writes it, or none; Excel's ``sep=;`` line, blank lines, a title or comment
        lines above its header, or none; the JSON's last line ended or not, the CSV then glued
        to its ``]`` or ``}``): each record read as the JSON alone gives it, each row (and
        title line) as the CSV alone gives it, on its line in the join, from a named file and
        standard input whole or in pieces. Before, after a byte-order mark or an envelope,
        the header and every row were one problem (2 results for 4); after a blank line, a
        title or a ``sep=`` line, too (G8 of pass 18)."""
        end = spec[4]
        records = [{"id": f"J-{k}", "note": "n"} for k in range(count)]
        text = JSON_LAYOUTS[layout](records)
        if glued:
            text = text.rstrip("\r\n")
        other = ("\ufeff" if bom else "") + head.replace("\n", end) + joined_file(spec)
        folder = tmp_path_factory.mktemp("a")
        csv_alone = read(other.encode(), "stdin", folder, seed)
        offset = len(_LINE_END.findall(text))
        expected = [*records, *(value for _, value in csv_alone)]
        lines = [str(int(line) + offset) for line, _ in csv_alone]
        data = (text + other).encode()
        for how in ("file", "stdin", "pieces"):
            got = _read_any(data, how, folder, seed)
            assert [value for _, value in got] == expected, how
            assert [line for line, _ in got[count:]] == lines, how


    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(layout=st.sampled_from(sorted(JSON_LAYOUTS)), count=st.integers(1, 3),
           spec=JOINED_FILE, head=st.sampled_from(HEADS), in_json=st.booleans(),
           place=st.floats(0, 1, exclude_max=True), typed=st.sampled_from('{}[],":x '),
           lost=st.booleans(), seed=st.integers(0, 1000))
    @example(layout="pretty", count=1, spec=([0, 1, 2, 3, 4], False, False, ",", "\n",
                                               False, False, [["R", "a", "", "", ""]]),
             head="", in_json=True, place=0.3, typed=":", lost=True, seed=0)  # a ":" lost
    @example(layout="pretty", count=1, spec=([0, 1, 2, 3, 4], False, False, ",", "\n",
                                               False, False, [["R", "a", "", "", ""]]),
             head="", in_json=False, place=0.3, typed="{", lost=False, seed=0)  # `{` typed
    @example(layout="duckdb", count=1, spec=([0, 1, 2, 3, 4], True, False, ",", "\n",
                                               True, True, [["R", "", "", "", ""]]),
             head="", in_json=False, place=0.25, typed=",", lost=False,
             seed=0)  # `"host,.name"` under Excel's sep=, line (developers' seeds 27, 28)
    @example(layout="duckdb", count=1, spec=([0, 1, 2, 3, 4], False, False, ";", "\n",
                                               False, False, [["R", "", "", "", ""]]),
             head="", in_json=False, place=0.0625, typed=",", lost=False,
             seed=0)  # `id;,note`: a comma typed in a file of semicolons (seed 32)
    @example(layout="mongo", count=2, spec=([0, 1, 2, 3, 4], False, False, ",", "\n",
                                              False, False, [["R", "", "", "", ""]]),
             head="", in_json=True, place=0.0, typed="{", lost=True,
             seed=0)  # `[{id":`: the array's two lines one width, the header taken as a
    # piece after them, its row with it (session 54, seeds 3 to 5)
    @example(layout="jq", count=1, spec=([0, 1, 2, 3, 4], False, False, ",", "\n",
                                           False, False, [["R", "", "", "", ""]]),
             head="", in_json=True, place=0.5, typed=",", lost=False,
             seed=0)  # `"J-0",,`: the text read so far ending at the `}` line's end, the
    # CSV after it never looked for (session 53's full run)
    def test_one_keystroke_in_the_json_or_the_header_loses_no_row_after_it(
            self, tmp_path_factory: pytest.TempPathFactory, layout: str, count: int,
            spec: tuple[Any, ...], head: str, in_json: bool, place: float, typed: str,
            lost: bool, seed: int) -> None:
        """A CSV file joined after JSON, one keystroke of damage in the JSON (a byte lost or
        typed anywhere in its records) or in the CSV header's names (a bracket, a quote, a
        separator, a letter typed inside one, or a byte lost): the JSON read as the JSON
        alone gives it (its damaged record one problem), and every row (and title line) as
        the CSV alone gives it, from a named file and standard input whole or in pieces.
        Before, the damaged element swallowed the CSV (1 result for 4), and a bracket or
        quote typed in the header merged it and every row into one problem (G18, pass 18)."""
        assume(in_json or not head.strip())  # (a title above a damaged header: no title
        # to the CSV reader alone either, left open)
        assume(in_json or lost or typed != ":")  # (a colon in a header: JSON's, documented)
        end = spec[4]
        records = [{"id": f"J-{k}", "note": "n"} for k in range(count)]
        text = JSON_LAYOUTS[layout](records).rstrip("\r\n") + "\n"  # (a CSV glued to a
        # damaged JSON's last line, without a line end between: left open)
        other = head.replace("\n", end) + joined_file(spec)
        if in_json:  # (inside the records: the text between the first `{` and the last `}`)
            first, last = text.index("{") + 1, text.rindex("}")
        else:  # (inside the header's names, after its first letter)
            first = len(head.replace("\n", end)) + (len("sep=,") + len(end)) * spec[6]
            first = re.compile("[^\\W\\d]").search(other, first).end()  # type: ignore[union-attr]
            last = other.index(end, first) - 1
        at = first + int(place * (last - first))
        damage = (lambda t: t[:at] + t[at + 1:]) if lost else (lambda t: t[:at] + typed + t[at:])
        if in_json:
            text = damage(text)
        else:
            other = damage(other)
        folder = tmp_path_factory.mktemp("a")
        csv_alone = _read_any(other.encode(), "stdin", folder, seed)
        assume(all(line.isdigit() for line, _ in csv_alone))  # (a header so damaged that
        # the CSV alone reads as JSON: no CSV to read after JSON either)
        json_alone = [v for _, v in _read_any(text.encode(), "stdin", folder, seed)]
        offset = text.count("\n")  # (a CR typed in JSON written with LF: no line end there)
        lines = [str(int(line) + offset) for line, _ in csv_alone]
        data = (text + other).encode()
        for how in ("file", "stdin", "pieces"):
            got = _read_any(data, how, folder, seed)
            json_part = got[:len(got) - len(csv_alone)]
            assert [v for _, v in got[len(json_part):]] == [v for _, v in csv_alone], how
            assert [line for line, _ in got[len(json_part):]] == lines, how
            assert [v for _, v in json_part] == json_alone, how


    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(layout=st.sampled_from(sorted(JSON_LAYOUTS)), count=st.integers(1, 3),
           prose=st.lists(st.sampled_from(PROSE), min_size=1, max_size=4),
           wide=st.sampled_from(("", *WIDE)), blank=st.booleans(),
           between=st.booleans(), seed=st.integers(0, 1000))
    @example(layout="pretty", count=2, prose=["-- ", "Bruno Lima, IPGP", "Paris, France"],
             wide="", blank=True, between=False, seed=0)  # a mail's signature (R9)
    @example(layout="pretty", count=2, prose=["Batch 2, late ones"], wide="",
             blank=True, between=True, seed=0)  # a title between arrays (R8, review 19)
    @example(layout="pretty", count=2, prose=["Ana, Bruno, Carla", "Paris, France, Europe"],
             wide="", blank=True, between=True, seed=0)  # three cells under three
    @example(layout="pretty", count=1, prose=list(PROSE[-4:]), wide="", blank=False,
             between=False, seed=0)  # psql -x's record (R7, review 19)
    def test_lines_of_prose_after_json_are_no_csv(
            self, tmp_path_factory: pytest.TempPathFactory, layout: str, count: int,
            prose: list[str], wide: str, blank: bool, between: bool,
            seed: int) -> None:
        """Lines of prose after JSON records or between two documents (a mail's
        signature, a title, attendees, ``psql -x``'s ``key | value`` lines: a blank beside
        their separators; last, a line of three cells or more, no row under it), blank
        lines around them or not: no CSV (a CSV joined after JSON has a header and a row of
        as many cells under it): every record read, each line said (a problem), no
        application made of them. Before, ``Paris, France`` under ``Bruno Lima, IPGP``
        was an application, a line between arrays vanished and ``psql -x`` gave 333
        results for 6 lines (review 19: R9, R8, R7)."""
        records = [{"id": f"J-{k}", "note": "n"} for k in range(count)]
        text = JSON_LAYOUTS[layout](records)
        lines = list(prose)
        if wide:
            lines.append(wide)
        between_text = "\n" if blank else ""
        data = text if text.endswith("\n") else text + "\n"
        data += between_text + "\n".join(lines) + "\n" + between_text
        if between:
            data += JSON_LAYOUTS[layout](records)
        folder = tmp_path_factory.mktemp("p")
        expected = records * (2 if between else 1)
        for how in ("file", "stdin", "pieces"):
            got = [v for _, v in _read_any(data.encode(), how, folder, seed)]
            assert [v for v in got if isinstance(v, dict)] == expected, how
            problems = [v for v in got if not isinstance(v, dict)]
            assert 1 <= len(problems) <= 2 * len(lines), (how, problems)
            assert not any(str(v).startswith("csv_") for v in problems), (how, problems)


    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(note=st.sampled_from(["n", "nn", "note x"]), quote=st.integers(0, 7),
           wider=st.integers(1, 6), rows=st.integers(1, 3),
           end=st.sampled_from(["\n", "\r\n"]), seed=st.integers(0, 1000),
           encoding=st.sampled_from(["utf-8", "utf-16", "utf-32"]))
    @example(note="n", quote=0, wider=3, rows=1, end="\n", seed=0,
             encoding="utf-8")  # (6 results for 2)
    # (look75d: from UTF-16 or UTF-32 with their mark, still 6 for 2 after rdr75)
    @example(note="n", quote=0, wider=3, rows=1, end="\n", seed=0, encoding="utf-16")
    @example(note="n", quote=0, wider=3, rows=1, end="\n", seed=0, encoding="utf-32")
    def test_a_one_element_array_that_lost_a_quote_keeps_the_rows_after_it(
            self, tmp_path_factory: pytest.TempPathFactory, note: str, quote: int,
            wider: int, rows: int, end: str, seed: int, encoding: str) -> None:
        """A compact array of one record on one line that lost one of its quotes, then a
        CSV file (a header as wide as that line, or three more: a byte-order mark's
        bytes, the file having none): the record one problem and each row read as the CSV
        alone gives it, from a named file and standard input whole or in pieces (N in, N
        out). Before, the line was measured with a byte-order mark no file had, the header
        taken for the next piece of a wrap at that width, and the header and rows joined
        to the array: 6 problems for one record and one row, the row lost. The same in
        UTF-16 or UTF-32 with their byte-order mark (``utf-16`` writes one): their mark is
        no part of a line's width (before, taken for UTF-8's 3 bytes: 6 for 2)."""
        line = json.dumps([{"id": "J-0", "note": note}], separators=(",", ":"))
        at = [k for k, c in enumerate(line) if c == '"'][quote]
        line = line[:at] + line[at + 1:]
        width = len(line) + wider
        header = "id,note," + "x" * (width - len("id,note,"))  # (three columns)
        other = end.join([header, *(f"R{k},," for k in range(rows))]) + end
        folder = tmp_path_factory.mktemp("q")
        csv_alone = _read_any(other.encode(), "stdin", folder, seed)
        data = (line + end + other).encode(encoding)
        for how in ("file", "stdin", "pieces"):
            got = _read_any(data, how, folder, seed)
            assert [v for _, v in got] == ["json_invalid", *(v for _, v in csv_alone)], how

    @settings(max_examples=100, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(layout=st.sampled_from(sorted(JSON_LAYOUTS)), count=st.integers(1, 3),
           spec=JOINED_FILE, head=st.sampled_from(HEADS), seed=st.integers(0, 1000))
    @example(layout="pretty", count=2, spec=([0, 1, 2, 3, 4], False, False, ",", "\r",
                                               False, False, [["R", "a", "", "", ""]] * 2),
             head="", seed=0)  # (2 results for 4 before)
    @example(layout="jsonl", count=1, spec=([0, 1, 2, 3, 4], False, False, ",", "\r",
                                              False, False, [["R", "a \n", "", "", ""]]),
             head="", seed=0)  # a cell ending in " \n": no mail's flowed line (developers' runs)
    @example(layout="mongo", count=1, spec=([0, 1, 2, 3, 4], False, False, ",", "\r",
                                              False, False, [["R", "", "", "", "\n"]]),
             head="", seed=0)  # the header glued to `]`, a cell holding a line feed
    def test_json_then_a_csv_both_ending_lines_with_carriage_returns_alone(
            self, tmp_path_factory: pytest.TempPathFactory, layout: str, count: int,
            spec: tuple[Any, ...], head: str, seed: int) -> None:
        """``cat a.json b.csv`` of two old Mac files (every line ending with a carriage
        return alone): each record read as the JSON alone gives it, each row as the CSV
        alone gives it, on its line in the join (a carriage return ends a line), from a
        named file and standard input whole or in pieces. Before, the CSV was found after
        JSON Lines only: after a pretty array, an envelope or ``jq .`` output its rows were
        one problem, or all was (1 to 3 results for 4)."""
        spec = (*spec[:4], "\r", *spec[5:])
        records = [{"id": f"J-{k}", "note": "n"} for k in range(count)]
        text = JSON_LAYOUTS[layout](records).replace("\r\n", "\n").replace("\n", "\r")
        other = head.replace("\n", "\r") + joined_file(spec)
        folder = tmp_path_factory.mktemp("m")
        csv_alone = read(other.encode(), "stdin", folder, seed)
        json_alone = [v for _, v in _read_any(text.encode(), "stdin", folder, seed)]
        assert json_alone == records
        offset = len(_LINE_END.findall(text))
        data = (text + other).encode()
        for how in ("file", "stdin", "pieces"):
            got = _read_any(data, how, folder, seed)
            assert [v for _, v in got] == [*records, *(v for _, v in csv_alone)], how
            assert [line for line, _ in got[count:]] == [
                str(int(line) + offset) for line, _ in csv_alone], how

    @settings(max_examples=100, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(layout=st.sampled_from(sorted(JSON_LAYOUTS)), count=st.integers(1, 3),
           lines=st.lists(st.lists(st.sampled_from(PROSE_WORDS), min_size=3, max_size=4),
                          min_size=2, max_size=4),
           separator=st.sampled_from(",;"), seed=st.integers(0, 1000))
    @example(layout="pretty", count=2, lines=[["Ana", "Bruno", "Carla"],
                                              ["Paris", "Lima", "Rome"]],
             separator=",", seed=0)  # (a phantom application before)
    def test_lines_of_prose_of_as_many_cells_after_json_are_no_csv(
            self, tmp_path_factory: pytest.TempPathFactory, layout: str, count: int,
            lines: list[list[str]], separator: str, seed: int) -> None:
        """Lines of prose of three cells or more each, no blank beside their separators
        (``Ana,Bruno,Carla`` then ``Paris,Lima,Rome``), after JSON: no cell names a field,
        so the first is no CSV header though a line of as many cells is under it: every
        record read, the lines said (problems), no application made of them. Before, the
        first line was read as a header and each line under it as an application."""
        width = min(map(len, lines))
        records = [{"id": f"J-{k}", "note": "n"} for k in range(count)]
        text = JSON_LAYOUTS[layout](records).rstrip("\r\n") + "\n"
        data = text + "\n".join(separator.join(line[:width]) for line in lines) + "\n"
        folder = tmp_path_factory.mktemp("p")
        for how in ("file", "stdin", "pieces"):
            got = [v for _, v in _read_any(data.encode(), how, folder, seed)]
            assert [v for v in got if isinstance(v, dict)] == records, how
            problems = [v for v in got if not isinstance(v, dict)]
            assert 1 <= len(problems) <= len(lines), (how, problems)
            assert not any(str(v).startswith("csv_") for v in problems), (how, problems)

    @settings(max_examples=100, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(layout=st.sampled_from(sorted(JSON_LAYOUTS)), count=st.integers(1, 3),
           names=st.lists(st.sampled_from(("note", "call", "language", "host.name")),
                          min_size=1, max_size=3, unique=True),
           rows=st.lists(st.lists(st.sampled_from(["late", "x", "see below", "A-1", ""]),
                                  min_size=4, max_size=4), min_size=1, max_size=3),
           blank_in_rows=st.booleans(), separator=st.sampled_from(",;"),
           seed=st.integers(0, 1000))
    @example(layout="pretty", count=2, names=["note"], rows=[["late", "", "", ""]],
             blank_in_rows=True, separator=",", seed=0)  # ``id, note`` (read as text)
    def test_a_hand_written_csv_after_json_is_read_as_the_csv_alone(
            self, tmp_path_factory: pytest.TempPathFactory, layout: str, count: int,
            names: list[str], rows: list[list[str]], blank_in_rows: bool, separator: str,
            seed: int) -> None:
        """A CSV written by hand after JSON, a blank after each separator of its header
        (``id, note``; its rows so written or not): each row (a result or a typed problem)
        as the CSV alone gives it, on its line in the join, from a named file and standard
        input whole or in pieces. Before, a header of two such names was taken for prose:
        the header and each row one problem, none judged."""
        between = separator + (" " if blank_in_rows else "")
        table = [(separator + " ").join(["id", *names]),
                 *(between.join([f"R-{n}", *row[:len(names)]]) for n, row in enumerate(rows))]
        other = "\n".join(table) + "\n"
        records = [{"id": f"J-{k}", "note": "n"} for k in range(count)]
        text = JSON_LAYOUTS[layout](records).rstrip("\r\n") + "\n"
        folder = tmp_path_factory.mktemp("h")
        csv_alone = read(other.encode(), "stdin", folder, seed)
        assert len(csv_alone) == len(rows)
        offset = text.count("\n")
        data = (text + other).encode()
        for how in ("file", "stdin", "pieces"):
            got = _read_any(data, how, folder, seed)
            assert [v for _, v in got] == [*records, *(v for _, v in csv_alone)], how
            assert [line for line, _ in got[count:]] == [
                str(int(line) + offset) for line, _ in csv_alone], how


def _read_any(data: bytes, how: str, folder: Path, seed: int) -> list[tuple[str, Any]]:
    """As :func:`read`, a record given as its JSON text (outside arrays) read from it (a
    text that is no JSON: ``json_invalid``, as checking it says)."""
    path = folder / "batch.csv"
    path.write_bytes(data)
    out = callrules.records(path) if how == "file" else callrules.records(
        "-", stdin=io.BytesIO(data) if how == "stdin" else _Pieces(data, seed))
    return [(item.source.rsplit(":", 1)[-1], item.data.problems[0].type
             if isinstance(item.data, callrules.InputError) else _parsed(item.data)
             if isinstance(item.data, str) else dict(item.data)) for item in out]


def _parsed(text: str) -> Any:
    """The value a record's JSON text holds, ``json_invalid`` if it is no JSON."""
    try:
        return json.loads(text)
    except ValueError:
        return "json_invalid"


#: A column's name: a letter first, then letters, digits, blanks, hyphens (no dot: a flat key).
COLUMN = st.from_regex(r"[a-zA-Zé_][a-zA-Zé_0-9 \-]{0,6}", fullmatch=True).map(str.strip)


#: Lines written above a header: a title, a comment, a report's title in a spreadsheet's
#: first cell (its other cells empty), a date; a title of two cells or more, fewer than the
#: header's (``Applications 2026;exported 2026-11-30``), whichever its separator.
TITLES = ("Applications export", "# export 2026", "Exporté le 1er juin 2026 à 10:00",
          "Report;;;;", "Report,,,,", '"Applications, June 2026"', "// batch", "Scores",
          "Applications 2026;exported 2026-11-30", "Applications 2026,exported 2026-11-30",
          "Applications, June 2026", "Export\t2026-11-30\t3 rows", "Export;Applications;2026",
          # a "key,value" line whose key names a field (a spreadsheet's metadata block)
          "Call,cnrs-amsud-2026", "ID;Export 2026-11-30", "Language,fr", "Host\tIPGP",
          "documents,attached", "id,2026-11-30,by admin",
          # a key whose value is empty or blank (``Call,``), the key one of the header's names
          "id,", "ID;", "Id, ", "id,,", 'id,""', "note\t", "Call,")


#: Lines above a CSV's header in a mail: a forwarded message's head (Gmail's, Outlook's),
#: a tool's comment lines.
MAIL_HEADS: tuple[tuple[str, ...], ...] = (
    (),
    ("---------- Forwarded message ---------", "From: Ana Silva <ana@example.org>",
     "Date: Mon, Jun 1, 2026 at 10:00 AM", "Subject: batch", "To: <x@y.org>"),
    ("-----Original Message-----", "From: Ana Silva", "Sent: Monday, June 1, 2026 10:00 AM",
     "To: Bruno", "Subject: RE: batch"),
    ("# exported by tool X",) * 4,
    ("# batch", "# exported 2026-06-01", "# by admin", "# 4 rows", "# UTF-8", "# end"),
)


class TestTitleAboveTheHeader:
    @settings(max_examples=120, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(spec=JOINED_FILE, titles=st.lists(st.sampled_from(TITLES), min_size=1, max_size=2),
           blank=st.booleans(), mac=st.booleans(), head=st.sampled_from(MAIL_HEADS),
           seed=st.integers(0, 1000))
    @example(spec=([0, 1, 2, 3, 4], False, False, ",", "\n", False, False,
                   [["R", "a", "", "", ""]]), titles=["Applications export"], blank=False,
             mac=True, head=(), seed=0)  # Excel's "CSV (Macintosh)" with a title (G13)
    @example(spec=([0, 1, 2, 3, 4], False, False, ",", "\n", False, False,
                   [["R", "a", "", "", ""]]), titles=["x"], blank=True, mac=False,
             head=MAIL_HEADS[1], seed=0)  # a forwarded mail's head (G2 of pass 18)
    def test_a_title_above_the_header_is_one_problem_and_every_row_is_read(
            self, tmp_path_factory: pytest.TempPathFactory, spec: tuple[Any, ...],
            titles: list[str], blank: bool, mac: bool, head: tuple[str, ...],
            seed: int) -> None:
        """A title or a comment line (or two) above the header, a blank line after them
        or not, lines ended by LF, CR LF or CR alone (Excel's "CSV (Macintosh)"): each is
        one problem (``csv_title_line``) at its line, and the rows read as the file without
        them gives them, on their own lines; from a named file, standard input whole or in
        pieces, or standard input told it is CSV (the service). Up to six lines: a mail's
        forwarded or Outlook head, comment lines. Before, CR alone: standard input 1
        result for 4 rows (G13 of pass 18); four lines or more: 1 result from standard
        input, the head's lines judged as applications from a file (G2)."""
        titles = list(head) or titles
        spec = (*spec[:4], "\r" if mac else spec[4], spec[5], False, spec[7])  # (Excel's
        # separator line: the first line)
        folder = tmp_path_factory.mktemp("t")
        text = joined_file(spec)
        end = spec[4]
        above = end.join(titles) + end + (end if blank else "")
        shift = len(titles) + blank
        expected = [(str(k), "csv_title_line") for k in range(1, len(titles) + 1)]
        expected += [(str(int(line) + shift), value)
                     for line, value in read(text.encode(), "file", folder, seed)]
        data = (above + text).encode()
        read_alike(data, folder, seed, expected)

    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(repeats=st.integers(2, 300), spelling=st.sampled_from(SEP_LINES),
           separator=st.sampled_from((",", ";")), end=st.sampled_from(("\n", "\r\n")),
           seed=st.integers(0, 1000))
    def test_excels_separator_line_repeated_above_the_header_is_said_each_time(
            self, tmp_path_factory: pytest.TempPathFactory, repeats: int, spelling: str,
            separator: str, end: str, seed: int) -> None:
        """Excel's separator line written again and again above the header (``sep=,`` once
        per export appended to the same file): the first names the separator, each other
        is one problem (``csv_title_line``) at its line, as a title above the header is,
        and the rows are read as under one; the same from a named file, standard input
        whole or in pieces, or told it is CSV (the service). Before, every repeat was
        dropped without a word (and 1 MB of them took 37 s, attack 20a F10)."""
        folder = tmp_path_factory.mktemp("s")
        sep = spelling.format(s=separator)
        rows = end.join(separator.join(cells) for cells in (
            ("id", "call"), ("R1", "cnrs-amsud-2026"), ("R2", "cnrs-amsud-2026"))) + end
        once = read((sep + end + rows).encode(), "file", folder, seed)
        expected = [(str(k), "csv_title_line") for k in range(2, repeats + 1)]
        expected += [(str(int(line) + repeats - 1), value) for line, value in once]
        data = ((sep + end) * repeats + rows).encode()
        read_alike(data, folder, seed, expected, ways=FOUND_WAYS)
        served = callrules.records("-", stdin=io.BytesIO(data), input_format="csv")
        assert len(list(served)) == len(expected)


class TestOneColumnOfWholeLines:
    @settings(max_examples=100, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(spec=JOINED_FILE, end=ENDS_OF_TODAY, seed=st.integers(0, 1000))
    def test_a_csv_of_one_column_holding_whole_lines_reads_alike_everywhere(
            self, tmp_path_factory: pytest.TempPathFactory, spec: tuple[Any, ...], end: str,
            seed: int) -> None:
        """A CSV re-saved from a single spreadsheet column, each line of a CSV quoted whole
        in its one cell (``"id,note,…"``, then ``"R,a,…"``): the first line is the header
        of that one column, never a record; as many results as rows after it, from a
        named file, standard input whole or in pieces alike."""
        rows = [[cell.replace("\r", " ").replace("\n", " ") for cell in row] for row in spec[7]]
        spec = (*spec[:3], ",", "\n", False, False, rows)
        lines = joined_file(spec).splitlines()
        out = io.StringIO()
        csv.writer(out, lineterminator=end, quoting=csv.QUOTE_ALL).writerows(
            [line] for line in lines)
        folder = tmp_path_factory.mktemp("o")
        data = out.getvalue().encode()
        got = {how: read(data, how, folder, seed) for how in ("file", "stdin", "pieces")}
        assert got["stdin"] == got["file"] == got["pieces"], got
        assert len(got["file"]) == len(spec[7]), got["file"]
        assert all(line != "1" for line, _ in got["file"]), got["file"]


class TestAnyHeaderReadsAlike:
    @settings(max_examples=200, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(names=st.lists(COLUMN, min_size=2, max_size=4, unique=True),
           wraps=st.lists(st.sampled_from(("{}", "{{{}}}", "[{}]")), min_size=4, max_size=4),
           quotes=st.lists(st.booleans(), min_size=4, max_size=4),
           blanks=st.lists(st.booleans(), min_size=4, max_size=4),
           separator=CSV_SEPARATORS, end=ENDS_OF_TODAY,
           mark=st.booleans(), sep_line=st.booleans(), rows=st.integers(1, 3),
           seed=st.integers(0, 1000))
    def test_any_header_is_one_from_a_named_file_or_standard_input(
            self, tmp_path_factory: pytest.TempPathFactory, names: list[str],
            wraps: list[str], quotes: list[bool], blanks: list[bool], separator: str,
            end: str, mark: bool, sep_line: bool, rows: int, seed: int) -> None:
        """A header of any separator, its names plain or in braces or brackets, quoted or
        not, blanks around them, after a byte-order mark or Excel's separator line or
        not, is the header for the format detection of standard input as for a file
        named ``.csv``: its rows are read, each as a record of its cells by name, the same
        from the file, from standard input and from standard input in pieces."""
        assume(all(name for name in names))
        cells = []
        for name, wrap, quote, blank in zip(names, wraps, quotes, blanks, strict=False):
            cell = wrap.format(name)
            cell = f" {cell} " if blank else cell
            cells.append(f'"{cell}"' if quote else cell)
        header = separator.join(cells)
        assert is_csv_header(header, loose=True)
        lines = ([f"sep={separator}"] if sep_line else []) + [header] + [
            separator.join(f"v{row}{column}" for column in range(len(names)))
            for row in range(rows)]
        data = ("\ufeff" if mark else "").encode() + (end.join(lines) + end).encode()
        keys = [wrap.format(name) for name, wrap in zip(names, wraps, strict=False)]
        first = 2 + sep_line
        expected = [(str(first + row), {key: f"v{row}{column}" for column, key
                                        in enumerate(keys)}) for row in range(rows)]
        folder = tmp_path_factory.mktemp("h")
        read_alike(data, folder, seed, expected, ways=FOUND_WAYS)

    @settings(max_examples=100, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(names=st.lists(COLUMN, min_size=2, max_size=4, unique=True),
           separator=CSV_SEPARATORS, end=ENDS_OF_TODAY,
           quote_all=st.booleans(), quote_first=st.booleans(),
           labels=st.sampled_from((("1", "2", "3"), ("0", "1", "2"), ("a", "b", "NA"))),
           rows=st.integers(1, 3), seed=st.integers(0, 1000))
    def test_a_row_names_column_is_a_header_everywhere_and_said_in_each_row(
            self, tmp_path_factory: pytest.TempPathFactory, names: list[str],
            separator: str, end: str, quote_all: bool, quote_first: bool,
            labels: tuple[str, ...], rows: int, seed: int) -> None:
        """A table written with its row names (R's ``write.csv``, ``write.csv2``, pandas'
        ``to_csv`` with its index: a first column whose header cell is empty, ``""`` or
        nothing) is CSV for standard input as for a named file (once read as JSON: 308
        results for 3 rows): one result per row, each saying the column with no name
        holds values (the row names), the same from the file, standard input and standard
        input in pieces."""
        assume(all(name for name in names))

        def cell(text: str) -> str:
            return f'"{text}"' if quote_all else text
        first = '""' if quote_first or quote_all else ""
        lines = [separator.join([first, *map(cell, names)])] + [
            separator.join([cell(labels[row]), *(cell(f"v{row}{column}")
                                                 for column in range(len(names)))])
            for row in range(rows)]
        data = (end.join(lines) + end).encode()
        folder = tmp_path_factory.mktemp("r")
        for how in ("file", "stdin", "pieces"):
            if how == "file":
                (folder / "batch.csv").write_bytes(data)
                out = list(callrules.records(folder / "batch.csv"))
            else:
                out = list(callrules.records("-", stdin=io.BytesIO(data) if how == "stdin"
                                             else _Pieces(data, seed)))
            assert [item.source.rsplit(":", 1)[-1] for item in out] == [
                str(2 + row) for row in range(rows)], how
            assert all(isinstance(item.data, callrules.InputError)
                       and item.data.problems[0].ctx.get("template") == "column_no_name"
                       for item in out), how

    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(names=st.lists(COLUMN, min_size=2, max_size=5, unique=True),
           separator=st.sampled_from(",;\t|"), quote_all=st.booleans(),
           edit=st.sampled_from(('"', "{", "}", "lost")), where=st.floats(0, 1),
           rows=st.integers(1, 4), seed=st.integers(0, 1000))
    @example(names=["A", "B"], separator=",", quote_all=False, edit="{", where=0.0, rows=2,
             seed=0)  # (random seed 2, session 52: ``{A,B`` taken for a wrapped record's
    # first piece, its rows joined to it: one problem for 2 rows)
    def test_a_header_with_a_quote_or_brace_added_or_lost_reads_alike_everywhere(
            self, tmp_path_factory: pytest.TempPathFactory, names: list[str],
            separator: str, quote_all: bool, edit: str, where: float, rows: int,
            seed: int) -> None:
        """A header (its names quoted or not) with one quote or brace added
        anywhere, or one of its quotes lost, gives one result a row, the same from a
        named file, from standard input and from standard input in pieces: never read
        as JSON, never its rows taken into one result."""
        assume(all(names))
        header = separator.join(f'"{name}"' if quote_all else name for name in names)
        if edit == "lost":
            assume('"' in header)
            quotes = [k for k, c in enumerate(header) if c == '"']
            at = quotes[int(where * (len(quotes) - 1))]
            header = header[:at] + header[at + 1:]
        else:
            at = int(where * len(header))
            header = header[:at] + edit + header[at:]
        lines = [header] + [separator.join(f"v{row}{c}" for c in range(len(names)))
                            for row in range(rows)]
        data = ("\n".join(lines) + "\n").encode()
        folder = tmp_path_factory.mktemp("q")
        out = read(data, "file", folder, seed)
        assert len(out) == rows
        for how in ("stdin", "pieces"):
            assert read(data, how, folder, seed) == out, how


#: The separators of a CSV file.
SEPARATORS = (",", ";", "\t", "|")
#: What a header's name or a row's cell may hold of the other separators.
INNER = st.sampled_from(("", ", ", ";", "\t", " | ", ","))


class TestTheSeparatorOfHeaderAndRows:
    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(names=st.lists(st.tuples(COLUMN, INNER, COLUMN), min_size=2, max_size=4),
           quotes=st.lists(st.booleans(), min_size=4, max_size=4),
           separator=st.sampled_from(SEPARATORS), rows=st.integers(1, 3),
           inner=st.lists(INNER, min_size=12, max_size=12), seed=st.integers(0, 1000))
    def test_a_header_whose_names_hold_other_separators_reads_every_row(
            self, tmp_path_factory: pytest.TempPathFactory,
            names: list[tuple[str, str, str]], quotes: list[bool], separator: str,
            rows: int, inner: list[str], seed: int) -> None:
        """A CSV of commas, semicolons, tabs or bars whose header's names hold the other
        separators (``Nom, prénom`` in a file of semicolons), quoted or not, and whose rows
        after the first hold them too, gives every row as a record of its cells by name:
        the separator is the one by which the header and the first rows hold as many cells,
        the same from a named file, from standard input and from standard input in pieces."""
        keys = [a + (mark if mark != separator else "") + b if a and b else a or b
                for a, mark, b in names]
        assume(all(keys) and len(set(keys)) == len(keys))
        assume(not any(key.startswith(" ") or key.endswith(" ") for key in keys))

        def cell(text: str, quote: bool) -> str:
            return f'"{text}"' if quote or separator in text else text

        values = [[f"v{row}{column}" + (inner[(row * 4 + column) % 12].strip(" ")
                                         .replace(separator, "") if row else "")
                   for column in range(len(keys))] for row in range(rows)]
        lines = [separator.join(cell(k, q) for k, q in zip(keys, quotes, strict=False))]
        lines += [separator.join(cell(v, False) for v in row) for row in values]
        data = ("\n".join(lines) + "\n").encode()
        expected = [(str(2 + row), dict(zip(keys, values[row], strict=True)))
                    for row in range(rows)]
        folder = tmp_path_factory.mktemp("s")
        read_alike(data, folder, seed, expected, ways=FOUND_WAYS)

    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(names=st.lists(COLUMN, min_size=3, max_size=5, unique=True),
           damage=st.sampled_from(("blank", "bom")), separator=st.sampled_from(",;"),
           end=ENDS_OF_TODAY, rows=st.integers(1, 4),
           seed=st.integers(0, 1000))
    def test_a_header_of_blank_separators_or_a_misread_mark_says_so_in_each_row(
            self, tmp_path_factory: pytest.TempPathFactory, names: list[str], damage: str,
            separator: str, end: str, rows: int, seed: int) -> None:
        """A CSV written with a blank after each separator (``id, call``, header and rows),
        or whose first name starts with a UTF-8 byte-order mark misread as Latin-1 (``ï»¿id``:
        the file re-saved as Latin-1 text), gives each row one problem in its place saying
        which (never a row read with its names or cells shifted, never "required" for every
        field), the same from a named file, from standard input and in pieces."""
        assume(all(n.strip() == n and n for n in names))
        joint = separator + " " if damage == "blank" else separator
        first = "\u00ef\u00bb\u00bf" if damage == "bom" else ""
        lines = [first + joint.join(names)]
        lines += [joint.join(f"v{row}{c}" for c in range(len(names))) for row in range(rows)]
        data = (end.join(lines) + end).encode()
        kind, template = (("csv_invalid", "csv_blank_after_separator") if damage == "blank"
                          else ("csv_bad_header", "csv_misread_bom"))
        folder = tmp_path_factory.mktemp("m")
        for how in ("file", "stdin", "pieces"):
            assert read(data, how, folder, seed) == [(str(2 + row), kind)
                                                     for row in range(rows)], how
        path = folder / "batch.csv"
        for item in callrules.records(path):
            assert isinstance(item.data, callrules.InputError)
            assert item.data.problems[0].ctx["template"] == template

    @settings(max_examples=100, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(names=st.lists(COLUMN, min_size=2, max_size=4, unique=True),
           damaged=st.integers(0, 3), how_damaged=st.sampled_from(("cp1252", "break")),
           separator=st.sampled_from(SEPARATORS), end=ENDS_OF_TODAY,
           rows=st.integers(1, 4), seed=st.integers(0, 1000))
    def test_a_damaged_header_is_read_alike_from_a_file_or_standard_input(
            self, tmp_path_factory: pytest.TempPathFactory, names: list[str],
            damaged: int, how_damaged: str, separator: str, end: str, rows: int,
            seed: int) -> None:
        """A header holding a byte that is not UTF-8 in a name (``Prénom`` in
        Windows-1252), or a quoted name over two lines, makes each row one problem
        (``csv_bad_header``) labelled by its line, the same from a named file, from
        standard input and from standard input in pieces (never read as JSON)."""
        assume(all(names))
        cells = [name.encode() for name in names]
        at = damaged % len(cells)
        cells[at] = (b"Pr\xe9" + cells[at]) if how_damaged == "cp1252" \
            else b'"' + cells[at] + end.encode() + b'x"'
        lines = [separator.encode().join(cells)]
        lines += [separator.join(f"v{row}{c}" for c in range(len(names))).encode()
                  for row in range(rows)]
        data = end.encode().join(lines) + end.encode()
        first = 2 + (how_damaged == "break")
        expected = [(str(first + row), "csv_bad_header") for row in range(rows)]
        folder = tmp_path_factory.mktemp("b")
        read_alike(data, folder, seed, expected, ways=FOUND_WAYS)


#: Cells of a row to wrap: words with blanks, numbers, addresses (an id is the first).
WORDS = st.sampled_from(["alpha", "beta gamma", "12.50", "a@b.org", "Paris Cité", "x",
                         "2026-09-14", "long-word-without-blank", ""])


class TestRowsWrappedAtAWidth:
    @settings(max_examples=100, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(rows=st.lists(st.lists(WORDS, min_size=40, max_size=40), min_size=1, max_size=4),
           width=st.integers(40, 80), hard=st.booleans(), separator=st.sampled_from(",;"),
           seed=st.integers(0, 1000))
    def test_a_row_wrapped_at_a_width_is_one_problem_at_its_first_line(
            self, tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]],
            width: int, hard: bool, separator: str, seed: int) -> None:
        """A CSV pasted in a mail body (its header whole, each row longer than the width cut
        at it over five lines or more: anywhere, or at blanks as a mail client wraps) gives
        one problem for each wrapped row, at the line where it starts, and each row that
        fits on its line read whole, the same from a file and from standard input, whole or
        in pieces. Before, each piece of a wrapped row was a problem of its own (27 to 59
        results for 3 rows)."""
        header = separator.join(f"c{k}" for k in range(41))
        lines, meant = [header], []
        for n, cells in enumerate(rows):
            row = separator.join([f"R-{n}", *cells])
            pieces = [row[at:at + width] for at in range(0, len(row), width)] if hard else \
                textwrap.wrap(row, width, break_long_words=False, break_on_hyphens=False)
            assume(len(pieces) == 1 or len(pieces) >= 5)  # (fewer lines: rows of their own)
            meant.append((str(len(lines) + 1), "row" if len(pieces) == 1
                          else "csv_wrapped_row"))  # (no blank to wrap at: one line)
            lines += pieces
        data = ("\n".join(lines) + "\n").encode()
        folder = tmp_path_factory.mktemp("w")
        (folder / "batch.csv").write_bytes(data)
        for how in ("file", "stdin", "pieces"):
            out = callrules.records(folder / "batch.csv") if how == "file" else \
                callrules.records("-", stdin=io.BytesIO(data) if how == "stdin"
                                  else _Pieces(data, seed))
            assert [(item.source.rsplit(":", 1)[-1], "row"
                     if not isinstance(item.data, callrules.InputError)
                     else item.data.problems[0].ctx.get("template"))
                    for item in out] == meant, how

    @settings(max_examples=150, deadline=None)
    @given(width=st.integers(3, 12), rows=st.lists(st.tuples(
        st.sampled_from(["Claire Morel", "Jean-Luc Picard", "O'Brien", "Zoé", "x", "R-7",
                         "AMSUD-2026-0001", "2026-05-28", "a@b.org", "Université Paris Cité"]),
        st.lists(WORDS, max_size=11)), min_size=1, max_size=30))
    def test_rows_of_fewer_cells_are_each_one_problem_whatever_their_first_cell(
            self, width: int, rows: list[tuple[str, list[str]]]) -> None:
        """Rows of fewer cells than the header, one after another (a tool leaving out
        trailing empty cells), whatever their first cells hold, are each one problem in
        its place: never taken for one row wrapped over their lines."""
        lines = [",".join(f"c{k}" for k in range(width))] + [
            ",".join([first, *(cell or "v" for cell in cells)][:width - 1])
            for first, cells in rows]
        data = ("\n".join(lines) + "\n").encode()
        out = list(callrules.records("-", stdin=io.BytesIO(data)))
        assert [item.source for item in out] == [f"<stdin>:{n}" for n in range(2, len(lines) + 1)]


def _sql_table(rows: list[list[str]], box: bool, footer: str) -> tuple[str, list[int]]:
    """The rows under :data:`NAMES` as a SQL client's table prints them (MySQL's ``+---+``
    borders and ``|`` bars, or DuckDB's and sqlite's box drawing), a count footer under
    it, and the lines the rows are on."""
    table = [list(NAMES), *[[_flat(cell) for cell in row] for row in rows]]
    widths = [max(len(row[k]) for row in table) for k in range(len(NAMES))]
    bar, (top, rule, bottom) = ("│", ("┌┬┐", "├┼┤", "└┴┘")) if box else ("|", ("+++",) * 3)

    def border(marks: str) -> str:
        dash = "─" if box else "-"
        return marks[0] + marks[1].join(dash * (w + 2) for w in widths) + marks[2]

    def line(row: list[str]) -> str:
        return bar + bar.join(f" {cell.ljust(w)} " for cell, w in zip(row, widths,
                                                                    strict=True)) + bar
    lines = [border(top), line(table[0]), border(rule), *map(line, table[1:]), border(bottom)]
    return "\n".join([*lines, *([footer] if footer else [])]) + "\n", list(
        range(4, 4 + len(rows)))


def _flat(cell: str) -> str:
    """A cell as a table prints it on one line (no bar, no line end, no quote)."""
    return re.sub('[|│\r\n\t"]', " ", cell)


class TestSqlClientTables:
    @settings(max_examples=80, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(rows=JOINED_FILE.map(lambda spec: spec[7]), box=st.booleans(),
           footer=st.sampled_from(["", "4 rows in set (0.00 sec)", "1 row in set (0.01 sec)",
                                   "(4 rows)", "Empty set (0.00 sec)"]),
           seed=st.integers(0, 1000))
    @example(rows=[["R", "a", "", "", ""]], box=False, footer="4 rows in set (0.00 sec)",
             seed=0)  # MySQL's table (G17 of pass 18)
    @example(rows=[["R", "a", "", "", ""]], box=True, footer="", seed=0)  # duckbox
    def test_a_sql_clients_table_gives_one_result_a_row_and_none_for_its_drawing(
            self, tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], box: bool,
            footer: str, seed: int) -> None:
        """A table as MySQL's client (``+----+`` borders, ``| a | b |``) or DuckDB's and
        sqlite's box drawing (``┌──┬──┐``, ``│ a │ b │``) prints it, a count footer under it
        (``4 rows in set (0.00 sec)``) or none: one result a row, on the row's line (a
        problem or an application), none for a border, a rule or the footer, from a named
        file and standard input whole or in pieces alike. Before, the borders and the
        footer were phantom rows ("the file may have been cut"), the box's header line and
        rule judged as applications, and standard input read the box as JSON (1 result)."""
        text, lines = _sql_table(rows, box, footer)
        folder = tmp_path_factory.mktemp("q")
        for how in ("file", "stdin", "pieces"):
            got = _read_any(text.encode(), how, folder, seed)
            assert [line for line, _ in got] == [str(n) for n in lines], how


#: Box-drawing styles: (top, header rule, rule between rows or None, bottom) as corner,
#: join, corner and line, the header's bar, the rows' bar, whether outer bars are drawn.
BOX_STYLES = {
    "duckbox": (("┌┬┐─", "├┼┤─", None, "└┴┘─"), "│", "│", True),
    "rich": (("┏┳┓━", "┡╇┩━", None, "└┴┘─"), "┃", "│", True),
    "fancy_grid": (("╒╤╕═", "╞╪╡═", "├┼┤─", "╘╧╛═"), "│", "│", True),
    "psql": ((None, "─┼", None, None), "│", "│", False),
}


def _box_table(rows: list[list[str]], style: str) -> str:
    """The rows under :data:`NAMES` drawn in a box-drawing ``style`` (:data:`BOX_STYLES`)."""
    (top, rule, between, bottom), head_bar, row_bar, outer = BOX_STYLES[style]
    table = [list(NAMES), *[[_flat(cell) for cell in row] for row in rows]]
    widths = [max(len(row[k]) for row in table) for k in range(len(NAMES))]

    def border(marks: str) -> str:
        if not outer:
            return marks[1].join(marks[0] * (w + 2) for w in widths)[1:-1]  # psql's
        return marks[0] + marks[1].join(marks[3] * (w + 2) for w in widths) + marks[2]

    def line(row: list[str], bar: str) -> str:
        inner = bar.join(f" {cell.ljust(w)} " for cell, w in zip(row, widths, strict=True))
        return bar + inner + bar if outer else inner
    lines = [*([border(top)] if top else []), line(table[0], head_bar), border(rule)]
    for n, row in enumerate(table[1:]):
        lines += [border(between)] if between and n else []
        lines.append(line(row, row_bar))
    return "\n".join([*lines, *([border(bottom)] if bottom else [])]) + "\n"


class TestBoxDrawnTables:
    @settings(max_examples=80, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(rows=JOINED_FILE.map(lambda spec: spec[7]), style=st.sampled_from(sorted(BOX_STYLES)),
           seed=st.integers(0, 1000))
    @example(rows=[["R", "a", "", "", ""]], style="psql", seed=0)  # (JSON on standard input)
    @example(rows=[["R", "a", "", "", ""]], style="fancy_grid", seed=0)
    def test_a_box_drawn_table_reads_as_the_same_table_drawn_in_ascii(
            self, tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], style: str,
            seed: int) -> None:
        """A table drawn with box-drawing characters (DuckDB's and sqlite's box, ``rich``'s
        heavy header, ``tabulate``'s ``fancy_grid`` with rules between rows, psql's unicode
        border without outer bars) gives each row as the same table drawn in ASCII (by
        MySQL's client, ``+---+``, ``| a | b |``, or psql's default border) gives it, one
        result a row, from a named file and standard input whole or in pieces; its borders
        and rules no record. Before, each row was one cell under a header of one name
        (the bars no separator): no field read, and psql's table on standard input was
        one problem for all."""
        drawn = _box_table(rows, style)
        plain = re.sub("[┌┬┐├┼┤└┴┘┏┳┓┡╇┩╒╤╕╞╪╡╘╧╛]", "+", re.sub("[─━═]", "-", re.sub(
            "[│┃]", "|", drawn)))  # (the same table drawn in ASCII, as MySQL's client or
        # psql's default border do)
        folder = tmp_path_factory.mktemp("b")
        expected = [value for _, value in _read_any(plain.encode(), "file", folder, seed)]
        assert len(expected) == len(rows)
        for how in ("file", "stdin", "pieces"):
            got = _read_any(drawn.encode(), how, folder, seed)
            assert [value for _, value in got] == expected, how


    def test_a_bar_in_a_cell_of_a_csv_not_drawn_stays_as_written(self) -> None:
        """A cell holding a box's bar (``a │ b``) in a CSV whose header is not drawn with
        them is read as written: only a drawn table's bars are read as ``|``."""
        out = list(callrules.records_from_csv('id,note\nA-1,a │ b\nA-2,"│ x"\nA-3,x ┃\n'))
        assert [item.data.get("note") for item in out] == ["a │ b", "│ x", "x ┃"]

    @settings(max_examples=40, deadline=None)
    @given(above=st.sampled_from([("", "note │ x"), ("", "note ║ y"), ("", "note"),
                                  ("Export │ 2026\n", "note"), ("│ batch\n", "note"),
                                  ("# a ┃ b\n", "note")]),
           cell=st.sampled_from(["a │ b", "│ x", "x ┃", "a ║ b"]))
    def test_a_bar_in_a_title_or_header_not_drawn_leaves_the_cells_as_written(
            self, above: tuple[str, str], cell: str) -> None:
        """Law: a box's bar in a title line or a header name with no box's border above or
        under it (a person's ``Export │ 2026``) is text: the cells below are read as written,
        never ``a | b`` without a word (review 20b's R2)."""
        title, name = above
        out = list(callrules.records_from_csv(f"{title}id,{name}\nA-1,{cell}\n"))
        rows = [item.data for item in out if isinstance(item.data, dict)]
        assert [row.get(name) for row in rows] == [cell]


class TestWikiTables:
    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(rows=JOINED_FILE.map(lambda spec: spec[7]), end=ENDS_OF_TODAY,
           seed=st.integers(0, 1000))
    @example(rows=[["R", "a", "", "", ""]], end="\n", seed=0)  # G16 of pass 18
    def test_a_jira_table_reads_as_its_rows_under_its_header(
            self, tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], end: str,
            seed: int) -> None:
        """A Jira or Confluence wiki table (``||id||call||`` header, ``|a|b|`` rows) reads
        as the same rows separated by bars alone: one result a row, on its line, from a
        named file and standard input whole or in pieces alike. Before, standard input read
        it as JSON (1 result for 4 rows) and a file said each row short ("the file may have
        been cut": the header's empty names between ``||`` counted)."""
        flat = [[_flat(cell).strip() for cell in row] for row in rows]
        wiki = end.join(["||" + "||".join(NAMES) + "||",
                         *("|" + "|".join(row) + "|" for row in flat)]) + end
        plain = end.join(["|".join(NAMES), *("|".join(row) for row in flat)]) + end
        folder = tmp_path_factory.mktemp("w")
        expected = read(plain.encode(), "file", folder, seed)
        for how in ("file", "stdin", "pieces"):
            assert read(wiki.encode(), how, folder, seed) == expected, how


#: A cell of a table printed for people: letters, blanks inside, separators and quotes of
#: CSV (no bar, no tab, no line break: a table prints none), no blank at its ends.
TABLE_CELL = st.lists(st.sampled_from(["a", "B", "é", "x y", "0", ",", ";", '"', "a-b"]),
                      max_size=4).map("".join).map(str.strip)
#: Rows under :data:`NAMES`, each with its id.
TABLE_ROWS = csv_rows(4, TABLE_CELL)


def _barred(rows: list[list[str]], style: str) -> tuple[str, int]:
    """The rows under :data:`NAMES` as a table between bars, each cell padded to its
    column's width: Markdown's (``| a | b |`` and a ``|---|`` rule), MySQL's client's
    (``+---+`` borders) or a box (``│ a │``); and the line of the first row."""
    widths = [max(len(row[k]) for row in [list(NAMES), *rows]) for k in range(len(NAMES))]
    bar = "│" if style == "box" else "|"

    def line(row: list[str]) -> str:
        return bar + bar.join(f" {cell.ljust(w)} " for cell, w in zip(row, widths,
                                                                    strict=True)) + bar
    if style == "markdown":
        return "\n".join([line(list(NAMES)), "|" + "|".join("-" * (w + 2) for w in widths)
                          + "|", *map(line, rows)]) + "\n", 3
    border = "+" + "+".join("-" * (w + 2) for w in widths) + "+" if style == "mysql" else \
        "├" + "┼".join("─" * (w + 2) for w in widths) + "┤"
    return "\n".join([border, line(list(NAMES)), border, *map(line, rows), border]) + "\n", 4


def _in_columns(rows: list[list[str]], style: str, right: int, crlf: bool) -> str:
    """The rows under :data:`NAMES` as a table in columns set apart by blanks: PowerShell's
    ``Format-Table`` (one blank between columns, a rule of dashes as long as each name, a
    blank line above and two below), sqlite's ``-column -header`` (two blanks, dashes as wide
    as the column), or ``column -t`` (two blanks, no rule); the column ``right``
    right-aligned if its cells hold no blank (as PowerShell aligns numbers)."""
    table = [list(NAMES), *rows]
    widths = [max(len(row[k]) for row in table) for k in range(len(NAMES))]
    aligned = right if all(" " not in row[right] for row in rows) else -1

    def line(row: list[str]) -> str:
        return (" " if style == "format_table" else "  ").join(
            cell.rjust(w) if k == aligned else cell.ljust(w)
            for k, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip()
    rule = line(["-" * len(name) for name in NAMES]) if style == "format_table" else \
        "  ".join("-" * w for w in widths)
    lines = [line(list(NAMES)), *([rule] if style != "column_t" else []), *map(line, rows)]
    text = ("\n" if style == "format_table" else "") + "\n".join(lines) + "\n" + (
        "\n\n" if style == "format_table" else "")
    return text.replace("\n", "\r\n") if crlf else text


class TestTablesForPeople:
    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(rows=TABLE_ROWS, style=st.sampled_from(["markdown", "mysql", "box"]),
           seed=st.integers(0, 1000))
    @example(rows=[["R", "a", "x y", "", ""]], style="markdown", seed=0)  # review20
    def test_a_table_between_bars_gives_each_row_its_cells_trimmed(
            self, tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], style: str,
            seed: int) -> None:
        """A table between bars (Markdown's, MySQL's client's, a box's) pads its cells with
        blanks by design: each row is read as its cells without that padding, the record
        the same row gives in ordinary CSV, on its line, from a named file and standard
        input whole or in pieces. Before, every row was "a blank after each separator", no
        row judged."""
        text, first = _barred(rows, style)
        folder = tmp_path_factory.mktemp("t")
        for how in ("file", "stdin", "pieces"):
            assert read(text.encode(), how, folder, seed) == [
                (str(first + k), nested(row)) for k, row in enumerate(rows)], how

    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(rows=TABLE_ROWS, style=st.sampled_from(["format_table", "sqlite"]),
           right=st.integers(0, len(NAMES) - 1), crlf=st.booleans(),
           utf16=st.booleans(), name=st.sampled_from(["batch.csv", "batch.json", "batch.txt"]),
           footer=st.sampled_from(["", "(4 rows affected)", "(1 row)"]),
           seed=st.integers(0, 1000))
    @example(rows=[["R", "a", "x y", "", ""]] * 4, style="format_table", right=0, crlf=True,
             utf16=False, name="batch.csv", footer="", seed=0)  # F4 of attack20a
    @example(rows=[["R", "a", "x y", "", ""]] * 2, style="sqlite", right=1, crlf=True,
             utf16=False, name="batch.txt", footer="(4 rows affected)", seed=0)  # sqlcmd
    def test_a_table_in_columns_with_a_rule_line_gives_one_record_a_row_every_way(
            self, tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], style: str,
            right: int, crlf: bool, utf16: bool, name: str, footer: str, seed: int) -> None:
        """A table in columns set apart by blanks, a rule line of dashes under its header
        (PowerShell's ``Format-Table`` saved to a file, in UTF-8 or UTF-16 LE with its mark;
        ``sqlite3 -column -header``; sqlcmd's, a count of rows under it), a column
        right-aligned or none: each row is read as
        its cells, the record the same row gives in ordinary CSV, on its line; the rule line
        no record; the same from a file of any name, standard input whole or in pieces and
        the service's reading (CSV said). Before, standard input gave ONE "not valid JSON"
        for all the rows, a ``.csv`` file a phantom row for the rule line and every row "id
        is required" (its header read as one column)."""
        text = _in_columns(rows, style, right, crlf) + (footer + ("\r\n" if crlf else "\n")
                                                        if footer else "")
        data = ("\ufeff" + text).encode("utf-16-le") if utf16 else text.encode()
        first = 4 if style == "format_table" else 3
        meant = [(str(first + k), nested(row)) for k, row in enumerate(rows)]
        folder = tmp_path_factory.mktemp("c")
        (folder / name).write_bytes(data)
        for how, out in (("file", callrules.records(folder / name)),
                         ("stdin", callrules.records("-", stdin=io.BytesIO(data))),
                         ("pieces", callrules.records("-", stdin=_Pieces(data, seed))),
                         ("service", callrules.records("-", stdin=io.BytesIO(data),
                                                       input_format="csv"))):
            assert [(item.source.rsplit(":", 1)[-1], item.data.problems[0].type
                     if isinstance(item.data, callrules.InputError) else dict(item.data))
                    for item in out] == meant, how

    @settings(max_examples=30, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(rows=TABLE_ROWS, seed=st.integers(0, 1000))
    def test_a_table_in_columns_without_a_rule_line_is_one_problem_a_row_every_way(
            self, tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]],
            seed: int) -> None:
        """A table in columns set apart by blanks with no rule line under its header
        (``column -t``): where a value holding a blank ends cannot be told, so each row is
        one ``csv_invalid`` (saying to save it as CSV) on its line, the header none, from a
        named file, standard input whole or in pieces and the service's reading. Before,
        standard input gave one "not valid JSON" for all the rows, a file "id is required"
        for each."""
        data = _in_columns(rows, "column_t", -1, False).encode()
        folder = tmp_path_factory.mktemp("n")
        for how in ("file", "stdin", "pieces"):
            found = read(data, how, folder, seed)
            assert found == [(str(2 + k), "csv_invalid") for k in range(len(rows))], how
        (only, *_) = callrules.records("-", stdin=io.BytesIO(data), input_format="csv")
        assert only.data.problems[0].ctx == {"template": "csv_blank_columns"}
