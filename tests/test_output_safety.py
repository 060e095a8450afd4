"""Whatever an application or a call file holds, no output can be turned against its reader:
no control sequence in text, no formula in a spreadsheet cell, no raw HTML, link or list item
in Markdown, nothing unescaped in HTML."""

from __future__ import annotations

import copy
import csv
import html
import io
import json
import os
import re
import tempfile
import tomllib
import unicodedata
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given
from hypothesis import strategies as st

import callrules
from callrules._cli import main
from callrules._invisible import NEWER_BLANKS
from callrules._loading import _INVISIBLE
from callrules._safe import cell, escape, formula_like, markdown, terminal
from callrules._workbook import CELL_LIMIT, cell_parts, units, write_workbook
from tests.conftest import ROOT, eligible_dict, kept_registries
from tests.laws import settings
from tests.test_serve import would_serve
from tests.test_spreadsheet_reading import opened

CALL_FILE = ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml"

ATTACKS = ["\x1b[2K\r\x1b[32mELIGIBLE\x1b[0m", "=cmd|' /C calc'!A0", "+1+1", "-2-2", "@SUM(A1)",
           "\tTAB", "\rCR", "<script>alert(1)</script>", "[click](javascript:alert(1))",
           "x\n- [ ] injected item", "\u202eELBIGILE", "<img src=x onerror=alert(1)>",
           "a\u2028b", "\x07bell\x00nul", "x\n\n# Heading", "<!-- c -->", "&amp;", "`code`",
           "\uff1d1+1", "\ufe62SUM(A1)", "\u207b2", "\uff20A1", "\ufe66HYPERLINK(x)"]

#: Any text a person could type or a program could send: the attacks, and anything else.
texts = st.one_of(st.sampled_from(ATTACKS), st.text(min_size=1, max_size=30).filter(
    lambda t: t.strip() != ""))


#: Invisible characters a call file refuses besides controls (``_loading._INVISIBLE``).
REFUSED_IN_CALLS = re.compile(f"[{_INVISIBLE}]")


def _unsafe(char: str) -> bool:
    return (unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")
            or char in NEWER_BLANKS) and char not in "\n\u200c\u200d"


def raw_in_html(page: str) -> list[str]:
    """The characters of an HTML page that draw nothing or reorder what is drawn (bidi
    overrides and isolates, other format and control characters) but its line breaks and
    tabs."""
    return [c for c in page if _unsafe(c) and c != "\t"]


def saying(value: str) -> dict[str, Any]:
    """The bundled call's data with ``value`` as its title, a clause's text and a note, in
    every language."""
    data = tomllib.loads(CALL_FILE.read_text("utf-8"))
    for lang in data["languages"]:
        data["title"][lang] = value
        data["clauses"][2]["text"][lang] = value
        data["notes"]["activities"][lang] = value
    return data


def loaded(data: dict[str, Any], value: str) -> callrules.Call | None:
    """The call of ``data``, or None when ``value`` (written into it) holds a control
    character, which a call file's texts refuse at load as ``control_character``; a clause's
    full text may hold line breaks and tabs."""
    try:
        return callrules.Call.from_dict(data)
    except callrules.DefinitionError as error:
        assert error.code == "control_character", error
        assert any(unicodedata.category(c) in ("Cc", "Cs") or REFUSED_IN_CALLS.match(c)
                   for c in value), error
        return None


def placed(value: str) -> dict[str, Any]:
    """The eligible example with ``value`` in every free text field a report shows, less
    its control characters, which the models refuse (tests/test_control_characters.py):
    what is left (escape sequences without their escape, bidirectional overrides, line
    separators, markup) must still reach no reader raw."""
    value = "".join(c for c in value if unicodedata.category(c) != "Cc").strip() or "x"
    app = eligible_dict()
    app["id"] = value[:100]
    app["visitors"][0]["person"]["given_name"] = value
    app["visitors"][1]["person"]["family_name"] = value
    app["host"]["unit"]["name"] = value
    app["host"]["unit"]["affiliations"] = [value[:100]]  # a finding whose input is the text
    # (not a visitor's category: the call's vocabulary refuses any code it does not list)
    app["budget"]["lines"][0]["label"] = value
    return app


class TestText:
    @settings(max_examples=200)
    @given(st.text(max_size=40) | st.sampled_from(ATTACKS)
           | st.text(st.sampled_from(sorted(NEWER_BLANKS)) | st.characters(), max_size=10))
    def test_terminal_escapes_each_unsafe_character_and_keeps_every_other(
            self, value: str) -> None:
        """Law: a text made safe for a terminal is the text with each control, format,
        surrogate, private-use or line-separator character (joiners aside) written as its
        escape, every other character kept, whatever else the text holds or held before
        (the characters' table is filled as texts are seen: a plan of 10,000 lines was 3 s of
        a call per character)."""
        def shown(char: str) -> str:
            if char in "\u200c\u200d" or (unicodedata.category(char) not in (
                    "Cc", "Cf", "Cs", "Co", "Zl", "Zp") and char not in NEWER_BLANKS):
                return char
            code = ord(char)
            return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" \
                if code < 0x10000 else f"\\U{code:08x}"
        expected = "".join(shown(c) for c in value)
        assert terminal(value) == expected
        assert terminal(value + value) == expected + expected

    @pytest.mark.parametrize("char", sorted(NEWER_BLANKS))
    def test_every_output_escapes_the_newer_format_characters_on_every_python(
            self, char: str) -> None:
        """Law: the format characters Unicode 15.0 added (U+13439 to U+1343F, unassigned in
        3.11's Unicode 14) are escaped by the terminal, Markdown, spreadsheet-cell and HTML
        outputs alike, on 3.11 as on 3.12 and 3.13, as the text report names them (before,
        raw on 3.11 and escaped on 3.13: look77p finding 1)."""
        value = f"A{char}B"
        escaped = f"\\U{ord(char):08x}"
        for output in (terminal, markdown, cell, escape):
            written = str(output(value))
            assert char not in written and escaped in written.replace("\\\\", "\\"), \
                (output.__name__, written)

    @settings(max_examples=60)
    @given(texts)
    def test_text_output_holds_no_control_character(self, value: str) -> None:
        """Law: the text of a report holds no control, format or line-separator character
        but its own line breaks, and no line of it starts with a verdict of its own."""
        call = callrules.calls.load("cnrs-amsud-2026")
        report = callrules.evaluate(call, placed(value))
        for lang in ("en", "fr"):
            text = report.render(lang)
            assert not any(_unsafe(c) for c in text), repr(text)
            assert not any(line.startswith(("ELIGIBLE", "- [ ]")) for line in text.splitlines())

    @settings(max_examples=30)
    @given(texts)
    def test_a_call_title_cannot_draw_in_the_terminal(self, value: str) -> None:
        """Law: a call's title and clause texts, whatever they hold, are refused at load
        (a control character) or reach the text checklist without one."""
        data = tomllib.loads(CALL_FILE.read_text("utf-8"))
        for lang in data["languages"]:
            data["title"][lang] = value
            data["clauses"][0]["text"][lang] = value
        call = loaded(data, value)
        if call is None:
            return
        for audience in ("applicants", "officers"):
            text = call.checklist("fr", audience=audience)  # type: ignore[arg-type]
            assert not any(_unsafe(c) for c in text), repr(text)

    def test_a_file_named_with_an_escape_is_shown_escaped_in_errors(self, tmp_path: Path
                                                                    ) -> None:
        """A call file whose name holds an escape sequence is named escaped when it is
        refused (validate, plan) or accepted (validate)."""
        bad = tmp_path / "\x1b[2Jbad.toml"
        bad.write_text("format = 1\n", "utf-8")
        good = tmp_path / "\x1b]0;title\x07good.toml"
        good.write_text(CALL_FILE.read_text("utf-8"), "utf-8")
        for args in (["validate", str(bad)], ["validate", str(good)],
                     ["plan", str(bad), str(tmp_path / "none.json")]):
            out, err = io.StringIO(), io.StringIO()
            main(args, out=out, err=err)
            text = out.getvalue() + err.getvalue()
            assert "bad.toml" in text or "good.toml" in text
            assert not any(_unsafe(c) for c in text), text


class TestJson:
    @settings(max_examples=25, deadline=None)
    @given(name=st.binary(min_size=1, max_size=12).filter(
        # A name starting with a dot is a hidden file, which a folder's scan passes over
        # as documented (docs/reference/cli.md): it is not this law's.
        lambda b: b"/" not in b and b"\0" not in b and not b.startswith(b".")))
    def test_json_outputs_are_utf8_and_name_the_file_byte_for_byte(
            self, tmp_path_factory: pytest.TempPathFactory, name: bytes) -> None:
        """Whatever bytes an application's file name holds (not UTF-8 too, as a folder
        copied from another system), the JSON, JSON Lines and decision-record outputs are
        UTF-8 text, and each names the file so that its bytes come back (``os.fsencode``).
        Before, a name's bytes that are not UTF-8 were written raw: no JSON reader could
        read the batch's answer."""
        folder = tmp_path_factory.mktemp("names")
        path = os.fsdecode(os.path.join(os.fsencode(folder), name + b".json"))
        Path(path).write_text(json.dumps(eligible_dict()), "utf-8")
        record = tmp_path_factory.mktemp("records") / "records.jsonl"
        for fmt in ("json", "jsonl"):
            out = io.StringIO()
            main(["check", "cnrs-amsud-2026", str(folder), "--format", fmt, "--at",
                  "2026-05-30T10:00:00+02:00", *(["--record", str(record)] if fmt == "json"
                                                 else [])], out=out, err=io.StringIO())
            text = out.getvalue().encode("utf-8").decode("utf-8")  # UTF-8, strictly
            items = json.loads(text) if fmt == "json" else [
                json.loads(line) for line in text.splitlines()]
            (item,) = items
            assert os.fsencode(item["source"]) == os.fsencode(path)
        record.read_bytes().decode("utf-8")


#: Every character that ends a line somewhere: a terminal, ``str.splitlines``, Unicode.
LINE_BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85",
               "\u2028", "\u2029"]


class TestCallFileNames:
    @settings(max_examples=30, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(before=st.text(st.characters(codec="utf-8", exclude_characters="/\0"),
                          max_size=8).filter(lambda text: not text.startswith(".")),
           brk=st.sampled_from(LINE_BREAKS), valid=st.booleans(),
           command=st.sampled_from(["validate folder", "validate file", "serve", "calls",
                                    "check", "plan", "show"]),
           lang=st.sampled_from(["en", "fr"]))
    def test_a_line_break_in_a_call_files_name_forges_no_line(
            self, before: str, brk: str, valid: bool, command: str, lang: str,
            monkeypatch: pytest.MonkeyPatch) -> None:
        """Law: a call file whose name holds a line break (any of them) followed by a
        forged line (``FORGED: … is valid``) is named on one line, the break escaped
        (``\\x0a``), by every command that names it (validate of it or of its folder,
        serve, calls, check, plan, show), whether it loads or not: no line of what is
        printed starts with the forged text, and no control character is printed raw."""
        import tempfile

        import callrules.serve
        from callrules import calls

        would_serve(monkeypatch)
        monkeypatch.setattr(callrules.serve, "_listen_check", lambda host, port: None)
        with tempfile.TemporaryDirectory() as root, kept_registries():
            name = f"{before}{brk}FORGED: call x version 1 is valid.toml"
            path = Path(root) / name
            path.write_text(CALL_FILE.read_text("utf-8") if valid else "x = [", "utf-8")
            args = {"validate folder": ["validate", root], "validate file": ["validate",
                    str(path)], "serve": ["serve", "--call-dir", root], "calls": ["calls"],
                    "check": ["check", str(path), str(ROOT / "examples" / "eligible.json")],
                    "plan": ["plan", str(path), str(ROOT / "examples" / "eligible.json")],
                    "show": ["show", str(path)]}[command]
            if command == "calls":
                calls.register_folder(root)
            out, err = io.StringIO(), io.StringIO()
            main(["--lang", lang, *args], out=out, err=err)
        printed = out.getvalue() + err.getvalue()
        lines = printed.split("\n")
        assert not any(line.startswith("FORGED") for line in lines), printed
        assert not any(_unsafe(c) for c in printed.replace("\t", "")), printed  # columns
        if command not in ("check", "plan", "show") or not valid:
            assert "FORGED" in printed, printed  # the file is named


def _cells(output: str, delimiter: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(output.lstrip("\ufeff")),
                                       delimiter=delimiter) for cell in row]


def _late_stays_in_a_book(tmp_path: Path, visitors: int) -> list[dict[str, Any]]:
    """The rows, in French, of a batch whose application has its visitors (the example's,
    or ``visitors`` of them) staying too long, and a record that cannot be read; written as
    the workbook ``tmp_path/verdicts.xlsx``."""
    call = callrules.calls.load("cnrs-amsud-2026")
    app = eligible_dict()
    if visitors:
        app["visitors"] = [{**copy.deepcopy(app["visitors"][0]), "id": f"v{i}"}
                           for i in range(1, visitors + 1)]
    for visitor in app["visitors"]:
        visitor["stay"]["departure"] = "2026-12-30"
    result = callrules.evaluate_many(call, [app, {"id": "x"}], progress=False,
                                     now=datetime(2026, 6, 2, 7, tzinfo=UTC))
    result.to_xlsx(tmp_path / "verdicts.xlsx", "fr")
    return result.rows("fr")


class TestSpreadsheets:
    @settings(max_examples=40)
    @given(texts, st.sampled_from(["machine", "excel-fr"]))
    def test_no_csv_cell_is_a_formula(self, value: str, dialect: str) -> None:
        """Law: no CSV cell starts with = + - @ a tab or a carriage return (OWASP), in either
        dialect, for any text in the application; but in excel-fr a string constant
        (``="=1+1"``), which computes nothing and opens as the text written."""
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "app.json"
            path.write_text(json.dumps(placed(value)), "utf-8")
            out = io.StringIO()
            main(["check", "cnrs-amsud-2026", str(path), "--format", "csv", "--csv-dialect",
                  dialect, "--lang", "fr"], out=out, err=io.StringIO())
        cells = _cells(out.getvalue(), ";" if dialect == "excel-fr" else ",")
        if dialect == "excel-fr":  # a string constant opens as text: only it may start so
            cells = [c for c in cells if not (c.startswith("=") and opened(c)[0] == "text")]
        assert cells and not [c for c in cells if unicodedata.normalize("NFKC", c[:1])
                              .startswith(("=", "+", "-", "@", "\t", "\r"))]

    @settings(max_examples=30)
    @given(texts, st.sampled_from(["machine", "excel-fr"]))
    def test_no_csv_cell_holds_a_control_sequence(self, value: str, dialect: str) -> None:
        """Law: whatever an application holds and whatever its file is named, no CSV cell
        (message and source columns included) holds a control, format or line-separator
        character: a CSV is also read in a terminal."""
        import tempfile

        name = "".join(c for c in value if c not in "/\x00")[:60] or "x"
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{name}.json"
            path.write_text(json.dumps(placed(value)), "utf-8")
            out = io.StringIO()
            main(["check", "cnrs-amsud-2026", str(path), "--format", "csv", "--csv-dialect",
                  dialect, "--lang", "fr"], out=out, err=io.StringIO())
        cells = _cells(out.getvalue(), ";" if dialect == "excel-fr" else ",")
        assert len(cells) > 9 and not [c for c in cells if any(_unsafe(x) or x == "\n"
                                                                 for x in c)], cells

    def test_the_french_spreadsheet_dialect(self, tmp_path: Path) -> None:
        """excel-fr: a byte-order mark, semicolons, labelled columns, words not codes."""
        out = io.StringIO()
        main(["check", "cnrs-amsud-2026", str(ROOT / "examples" / "ineligible.json"),
              "--format", "csv", "--csv-dialect", "excel-fr", "--lang", "fr"], out=out,
             err=io.StringIO())
        text = out.getvalue()
        assert text.startswith("\ufeffN°;Source;Candidature;Éligible;Gravité;Clause;Où;Message")
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
        assert {row[3] for row in rows[1:]} == {"non"} and rows[1][0] == "1"
        assert any(row[6] == "Personne accueillie 2 (Mateo Rojas) — catégorie de personnel"
                   for row in rows)

    @pytest.mark.parametrize(("argv", "header", "no"), [
        ([], "N°;Source;Candidature;Éligible", "non"),
        (["--lang", "en"], "No.;Source;Application;Eligible", "no"),
        (["--lang", "pt"], "N.º;Origem;Candidatura;Elegível", "não"),
    ])
    def test_the_french_spreadsheet_is_in_french_unless_lang_says_otherwise(
            self, monkeypatch: pytest.MonkeyPatch, argv: list[str], header: str,
            no: str) -> None:
        """excel-fr without --lang is French (its columns are documented as N°, Candidature,
        Éligible…), whatever CALLRULES_LANG says: the eighteenth attack read English heads
        and "no"/"error" under it. A --lang, before or after the command, wins."""
        monkeypatch.setenv("CALLRULES_LANG", "en")
        for where in ("after", "before"):
            out = io.StringIO()
            args = ["check", "cnrs-amsud-2026", str(ROOT / "examples" / "ineligible.json"),
                    "--format", "csv", "--csv-dialect", "excel-fr"]
            main(args + argv if where == "after" else argv + args, out=out,
                 err=io.StringIO())
            rows = list(csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff")),
                                   delimiter=";"))
            assert ";".join(rows[0]).startswith(header), rows[0]
            assert {row[3] for row in rows[1:]} == {no}

    def test_an_xlsx_workbook_holds_text_not_formulas(self, tmp_path: Path) -> None:
        """to_xlsx writes labelled columns; a cell that looks like a formula is text."""
        openpyxl = __import__("openpyxl")
        call = callrules.calls.load("cnrs-amsud-2026")
        result = callrules.evaluate_many(call, [placed("=1+1"), "{}"], progress=False)
        result.to_xlsx(tmp_path / "verdicts.xlsx", "fr")
        sheet = openpyxl.load_workbook(tmp_path / "verdicts.xlsx").active
        values = [c.value for row in sheet.iter_rows() for c in row]
        assert values[:3] == ["N°", "Candidature", "Éligible"]
        assert "=1+1" in values and "'=1+1" not in values  # as written, no apostrophe
        cells = [c for row in sheet.iter_rows() for c in row]
        assert all(c.data_type != "f" for c in cells)
        (formula,) = [c for c in cells if c.value == "=1+1"]
        assert formula.data_type == "s" and formula.quotePrefix  # kept text when edited

    def test_a_workbook_holds_the_rows_text_its_line_breaks_too(self, tmp_path: Path) -> None:
        """Every cell of the workbook is the cell of ``rows()``: a cell of several messages
        (two visitors staying too long) keeps its line breaks, never ``\\x0a`` (att62: 247
        of 247 such cells)."""
        openpyxl = __import__("openpyxl")
        rows = _late_stays_in_a_book(tmp_path, 0)
        sheet = list(openpyxl.load_workbook(tmp_path / "verdicts.xlsx").active.iter_rows(
            values_only=True))
        header = sheet[0]
        assert [{h: (x if x is not None else "") for h, x in zip(header, line, strict=True)}
                for line in sheet[1:]] == [{h: row[h] for h in header} for row in rows]
        assert any("\n" in str(value) for row in rows for value in row.values())

    @settings(max_examples=40, deadline=None)
    @given(start=st.sampled_from(["=", "+", "-", "@", "\uff1d", "\ufe62"]),
           rest=st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)),
                        max_size=8))
    def test_no_xlsx_cell_is_ever_a_formula(self, start: str, rest: str) -> None:
        """Law: any text a spreadsheet would read as a formula is stored as typed text with
        the quote-prefix style, its characters as given (no apostrophe added)."""
        openpyxl = __import__("openpyxl")
        call = callrules.calls.load("cnrs-amsud-2026")
        with tempfile.TemporaryDirectory() as folder:
            result = callrules.evaluate_many(call, [placed(start + rest)], progress=False)
            result.to_xlsx(Path(folder) / "v.xlsx", "en")
            sheet = openpyxl.load_workbook(Path(folder) / "v.xlsx").active
            cells = [c for row in sheet.iter_rows() for c in row]
        assert all(c.data_type != "f" for c in cells)
        assert all(c.quotePrefix for c in cells
                   if isinstance(c.value, str) and formula_like(c.value))
        assert not any(isinstance(c.value, str) and c.value.startswith("'") for c in cells)

    def test_a_text_too_long_for_a_cell_goes_on_in_a_sheet_never_cut(
            self, tmp_path: Path) -> None:
        """A cell of 300 messages, over the 32,767 characters an Excel cell holds (openpyxl
        cut it silently, att62: 52,291 → 32,767 characters, 246 of 400 messages), keeps its
        start cut after a whole message and ends saying where the rest is: the sheet « Suite
        du texte », its cell named; joined, the text of ``rows()`` to the character. Every
        other cell is the cell of ``rows()``; no cell of any sheet is over the limit."""
        openpyxl = __import__("openpyxl")
        rows = _late_stays_in_a_book(tmp_path, 300)
        book = openpyxl.load_workbook(tmp_path / "verdicts.xlsx")
        assert book.sheetnames == ["Sheet", "Suite du texte"]
        assert all(units(c.value) <= CELL_LIMIT for each in book.worksheets
                   for line in each.iter_rows() for c in line if isinstance(c.value, str))
        sheet = list(book.worksheets[0].iter_rows(values_only=True))
        header = sheet[0]
        cells = [{h: (x if x is not None else "") for h, x in zip(header, line, strict=True)}
                 for line in sheet[1:]]
        (long,) = [h for h in header if units(str(rows[0][h])) > CELL_LIMIT]
        kept, mark = str(cells[0][long]).rsplit("\n", 1)
        n = "\u202f"
        assert mark == (f"Suite dans la feuille «{n}Suite du texte{n}», ligne 2{n}: ce texte "
                        f"compte {len(str(rows[0][long])) // 1000}{n}"
                        f"{len(str(rows[0][long])) % 1000:03} caractères, et une cellule en "
                        f"contient au plus 32{n}767.")
        where = f"{openpyxl.utils.get_column_letter(header.index(long) + 1)}2"
        more = list(book.worksheets[1].iter_rows(values_only=True))
        assert more == [("Cellule", "Partie", "Texte"), (where, 2, more[1][2])]
        assert kept + more[1][2] == rows[0][long]
        assert cells == [{**rows[0], long: cells[0][long]}, rows[1]]

    def test_a_continued_text_is_never_a_formula_in_its_own_sheet(
            self, tmp_path: Path) -> None:
        """The part of a long text that starts the next sheet's cell with ``=`` is typed
        text kept so by its style, as every cell of the first sheet is; a line with no
        space is cut where it must, and the cell names every row its text goes on in."""
        openpyxl = __import__("openpyxl")
        text = "a" * 32_000 + "\n=1+1 " + "b" * 1_000 + "\n" + "c" * 33_000
        write_workbook(tmp_path / "v.xlsx", [["Title"], [text]], "en")
        book = openpyxl.load_workbook(tmp_path / "v.xlsx")
        (part,) = [c for line in book.worksheets[1].iter_rows() for c in line
                   if str(c.value).startswith("=")]
        assert part.value == "=1+1 " + "b" * 1_000 + "\n"
        assert part.data_type == "s" and part.quotePrefix
        assert book.worksheets[0]["A2"].value == "a" * 32_000 + "\n" + (
            "\nContinued in the sheet “Continued”, rows 2 to 4: this text has 66,007 "
            "characters, and a cell holds at most 32,767.")
        assert [len(str(c.value)) for c in book.worksheets[1]["C"]] == [4, 1_006, 32_767, 233]

    @settings(max_examples=60, deadline=None)
    @given(pieces=st.lists(st.tuples(st.sampled_from(["a", "é", "\U0001f600", "\n", " ",
                                                      "ab\n", "x\U0001f600 ", "\u00e9\u0301",
                                                      "e\u0301\u0302", "\U0001f468\u200d\U0001f467",
                                                      "\u270c\ufe0f"]),
                                     st.integers(0, 12_000)), max_size=6),
           off=st.integers(-3, 3))
    @example(pieces=[("\U0001f600", 40_000)], off=0)  # all astral: no part of nothing
    @example(pieces=[("\U0001f600", 32_366), ("a", 1), ("\U0001f600", 32_366)], off=0)
    def test_a_long_text_s_parts_are_the_text_each_within_a_cell(
            self, pieces: list[tuple[str, int]], off: int) -> None:
        """Law: lengths around Excel's 32,767 UTF-16 units (an astral character counts two),
        with line breaks and spaces or none: the parts joined are the text; a text that fits
        a cell is one part, else each part fits; a part ends after a line break when it
        holds one, else after a space when it holds one."""
        text = "".join(piece * times for piece, times in pieces)
        text += "a" * max(0, CELL_LIMIT + off - units(text))
        assert units(text) == len(text.encode("utf-16-le")) // 2
        parts = cell_parts(text)
        assert "".join(parts) == text and all(parts)
        assert (len(parts) == 1) == (units(text) <= CELL_LIMIT)
        assert all(units(part) <= CELL_LIMIT for part in parts)
        assert len(parts) <= 1 + 2 * units(text) // (CELL_LIMIT - 800)
        for part in parts[:-1]:
            assert part.endswith("\n") or "\n" not in part
            assert part.endswith(("\n", " ")) or " " not in part
        at = 0
        for part in parts[:-1]:  # no accent, joiner or selector cut from its character
            at += len(part)
            assert not unicodedata.combining(text[at]) and text[at] not in "\u200d\ufe0f"
            assert text[at - 1] != "\u200d"


#: Bare links GFM's autolink extension makes (and the schemes cmark-gfm takes).
AUTOLINKS = ["www.evil.example/login", "https://evil.example/pay", "grants@evil.example",
             "ftp://evil.example", "mailto:a@evil.example", "xmpp:a@evil.example", "(www.x.com)",
             "_WWW.x.com_", "a.b+c@d-e.example", "x@.evil.com",
             "http://a.b/c?d=1&e=2", "~www.x.com~"]
#: What starts one of them in the text a GFM renderer reads.
GFM_AUTOLINK = re.compile(r"(?i)www\.|(https?|ftp)://\w|mailto:\w|xmpp:\w|[\w.+-]@[\w.-]*\.\w")
_READ = re.compile(r"\\(.)|(`+)(?:.*?[^`])?\2(?!`)|(.)", re.DOTALL)


def gfm_text(markdown: str) -> str:
    """The text of ``markdown`` as GFM's autolinks see it: a backslash escape and an entity
    as their character (cmark-gfm reads the text around as one), a code span as a space."""
    read = "".join(" " if found[2] else found[1] or found[3] or ""
                   for found in _READ.finditer(markdown))
    return html.unescape(read)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag + "".join(sorted(f" {k}" for k, _ in attrs)))


def tags(html: str) -> list[str]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


class TestMarkupAndHtml:
    @settings(max_examples=40)
    @given(texts)
    def test_markdown_checklist_escapes_every_text_of_the_call(self, value: str) -> None:
        """Law: whatever a call's texts hold, the Markdown checklist has no raw HTML, no link
        and no line (list item, heading) that the benign call does not have."""
        benign = tomllib.loads(CALL_FILE.read_text("utf-8"))
        data = saying(value)
        if loaded(data, value) is None:
            return
        for audience in ("applicants", "officers"):
            out = callrules.Call.from_dict(data).checklist(
                "fr", format="markdown", audience=audience)  # type: ignore[arg-type]
            plain = callrules.Call.from_dict(benign).checklist(
                "fr", format="markdown", audience=audience)  # type: ignore[arg-type]
            assert "<" not in out and not re.search(r"(?<!\\)\]\(", out)
            assert len(out.splitlines()) == len(plain.splitlines())
            assert [line[:2] for line in out.splitlines()] == [
                line[:2] for line in plain.splitlines()]

    @settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
    @given(st.tuples(st.text(max_size=6), st.sampled_from(AUTOLINKS), st.text(max_size=6),
                     st.sampled_from(AUTOLINKS)).map("".join))
    def test_markdown_checklist_has_no_bare_link(self, value: str) -> None:
        """Law: whatever address, ``www.`` or e-mail address a call's texts hold, among
        any characters, the Markdown checklist holds none that GFM links by itself (seen
        by the text a GFM renderer reads: escapes and entities read as their characters,
        code spans left out)."""
        data = saying(value)
        if loaded(data, value) is None:
            return
        out = callrules.Call.from_dict(data).checklist("fr", format="markdown")
        assert not GFM_AUTOLINK.search(gfm_text(out)), out

    @settings(max_examples=40)
    @given(texts)
    def test_html_escapes_everything(self, value: str) -> None:
        """Law: a report's, a batch's and a checklist's HTML have the same tags whatever the
        application or the call holds."""
        call = callrules.calls.load("cnrs-amsud-2026")
        report = callrules.evaluate(call, placed(value))
        plain = callrules.evaluate(call, placed("Plain"))
        assert tags(report.html("fr")) == tags(plain.html("fr"))
        assert raw_in_html(report.html("fr")) == []
        batch = callrules.evaluate_many(call, [placed(value), "{}"], progress=False)
        plain_batch = callrules.evaluate_many(call, [placed("Plain"), "{}"], progress=False)
        assert tags(batch.html("fr")) == tags(plain_batch.html("fr"))
        assert raw_in_html(batch.html("fr")) == []
        data = tomllib.loads(CALL_FILE.read_text("utf-8"))
        for lang in data["languages"]:
            data["title"][lang] = value
        titled = loaded(data, value)
        if titled is not None:
            page = titled.checklist("es", format="html")
            assert tags(page) == tags(call.checklist("es", format="html"))
            assert raw_in_html(page) == []

    @settings(max_examples=40, deadline=None)
    @given(texts)
    def test_a_selection_page_shows_applicant_text_in_its_order(self, value: str) -> None:
        """Law: a selection's HTML holds no raw bidi override or other invisible character
        whatever the application ids, reviewers and criteria hold (``X\u202e1010-6202-DUSMA``
        is never drawn as ``XAMSUD-2026-0101``), and the tags of a plain one."""
        call = callrules.calls.load("cnrs-amsud-2026")
        app = placed(value)
        ident = app["id"]
        scores = [{"application": ident, "reviewer": reviewer, "criterion": criterion,
                   "score": 3} for reviewer in ("R1", value[:50])
                  for criterion in ("fit", "cooperation", "durability", value[:20])]
        result = callrules.select(call, [app], scores, envelope=callrules.Money(5000, "EUR"),
                                  now=callrules.parse_instant("2026-06-15T10:00:00+02:00"))
        for lang in ("fr", "en"):
            assert raw_in_html(callrules.selection_html(result, lang)) == []


SUMMER_FILE = ROOT / "docs" / "examples" / "summer-school-call.toml"
SUMMER_APP = ROOT / "docs" / "examples" / "summer-school-application.json"

#: A plan for the summer-school call whose labels name the values a label may name.
PLAN = {
    "cap": {"param": "subcontracting_cap"}, "clause": "subcontracting",
    "trim": ["lodging", "travel"],
    "lines": [
        {"id": "lodging", "category": "lodging", "each": "visitors", "clause": "lodging",
         "quantity": {"days_between": [{"path": "stay.arrival"}, {"path": "stay.departure"}]},
         "rate": {"lookup": "lodging_night", "key": [{"path": "$root.fields.place"}],
                  "on": {"path": "stay.arrival"}},
         "label": {"en": "%(quantity)s × %(rate)s (%(row)s, %(source)s)", "fr": "x"}},
        {"id": "travel", "category": "travel", "each": "visitors", "stated": True,
         "label": {"en": "Travel", "fr": "Voyage"}}]}


def planned_call(value: str) -> callrules.Call | None:
    """The summer-school call with a plan, ``value`` in every text of it a plan shows (a
    line's label, a vocabulary's label, a table's label and source, the title), or None
    when the call refuses it at load."""
    data = tomllib.loads(SUMMER_FILE.read_text("utf-8"))
    data["plan"] = copy.deepcopy(PLAN)
    data["plan"]["lines"][1]["label"]["en"] = value
    data["plan"]["lines"][0]["label"]["en"] += value
    data["title"]["en"] = value
    data["vocabularies"]["place"]["values"]["paris"]["en"] = value
    data["labels"]["parameters"]["lodging_night"]["en"] = value
    data["parameters"]["lodging_night"]["versions"][0]["source"] = value
    try:
        return callrules.Call.from_dict(data)
    except callrules.DefinitionError as error:
        assert error.code in ("control_character", "bad_template"), error
        return None


def planned_app(value: str) -> dict[str, Any]:
    """The summer-school application with ``value`` (less its control characters, which
    the models refuse) as its participants' names and its id."""
    app: dict[str, Any] = json.loads(SUMMER_APP.read_text("utf-8"))
    value = "".join(c for c in value if unicodedata.category(c) != "Cc").strip() or "x"
    app["id"] = value[:100]
    app["fields"]["place"] = "paris"
    for visitor in app["visitors"]:
        visitor["person"]["given_name"] = value
    return app


class TestBudgetPlans:
    @settings(max_examples=40, deadline=None)
    @given(texts)
    def test_a_plan_is_safe_in_every_output(self, value: str) -> None:
        """Law: any call that loads and any application give a plan or a typed error (never
        another exception), and the plan's text holds no control, format or line-separator
        character but its own line breaks, its HTML the tags of a plain plan, its JSON the
        same lines as a plain plan."""
        call = planned_call(value)
        if call is None:
            assert any(unicodedata.category(c) in ("Cc", "Cs") or REFUSED_IN_CALLS.match(c)
                       for c in value) or "%" in value
            return
        plain = callrules.plan(planned_call("Plain") or call, planned_app("Plain"))
        try:
            result = callrules.plan(call, planned_app(value))
        except callrules.CallrulesError:
            return
        for lang in ("en", "fr"):
            text = result.render(lang)
            assert not any(_unsafe(c) for c in text), repr(text)
            assert len(text.splitlines()) == len(plain.render(lang).splitlines())
            assert tags(result.html(lang)) == tags(plain.html(lang))
            assert raw_in_html(result.html(lang)) == []
            data = json.loads(json.dumps(result.to_dict(lang)))
            assert len(data["lines"]) == len(plain.to_dict(lang)["lines"])

    def test_a_plan_line_outside_the_calls_categories_is_refused_at_load(self) -> None:
        """A plan's lines become budget lines of the call's own model: a category the call's
        vocabulary of cost categories does not list is refused at load (bad_plan, at the
        line's category), not met as an untyped error when the plan is shown."""
        data = tomllib.loads(SUMMER_FILE.read_text("utf-8"))
        data["plan"] = copy.deepcopy(PLAN)
        data["plan"]["lines"][0]["category"] = "catering"
        data["plan"]["trim"] = ["catering"]
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(data)
        assert (caught.value.code, caught.value.loc) == (
            "bad_plan", ("plan", "lines", 0, "category"))


#: A Python escape of a character (``\u200b``, ``\x1b``): code, never shown to a person.
_PYTHON_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})")


class TestInvisibleCharactersInWords:
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(invisible=st.sampled_from(["\u200b", "\u202e", "\ufeff", "\u2060", "\u00ad",
                                      "\u200e", "\u2066"]),
           lang=st.sampled_from(["fr", "en", "es", "pt"]))
    def test_an_application_id_shows_an_invisible_character_in_words(
            self, invisible: str, lang: str) -> None:
        """Law: an application id holding an invisible character (a zero-width space, a bidi
        override…) reads, in a report's heading, a batch's page, a selection's rows and a
        plan's heading, text and HTML, with that character named in the reader's words as
        messages name it (« AMSUD-1[espace sans chasse] »), never as a Python escape
        (``AMSUD-1\\u200b``) and never raw."""
        call = callrules.calls.load("cnrs-amsud-2026")
        app = eligible_dict()
        app["id"] = "AMSUD-1" + invisible
        said = callrules._i18n.visible(app["id"], lang)
        report = callrules.evaluate(call, app)
        result = callrules.select(
            call, [app], [{"application": app["id"], "reviewer": "R1", "criterion": c,
                           "score": 3} for c in ("fit", "cooperation", "durability")],
            envelope=callrules.Money(5000, "EUR"),
            now=callrules.parse_instant("2026-06-15T10:00:00+02:00"))
        plan = callrules.plan(call, app)
        batch = callrules.evaluate_many(call, [app], progress=False)
        outputs = [report.render(lang), callrules.selection_text(result, lang),
                   plan.render(lang), report.html(lang), batch.html(lang),
                   callrules.selection_html(result, lang), plan.html(lang)]
        for output in outputs:
            assert not _PYTHON_ESCAPE.search(output), output[:300]
            assert invisible not in output
            assert said in html.unescape(output), output[:300]


class TestJsonLinesReadAsLines:
    @settings(max_examples=20, deadline=None)
    @given(st.lists(st.sampled_from(LINE_BREAKS), min_size=1, max_size=3),
           st.sampled_from(["check", "replay"]), st.sampled_from(["jsonl", "json"]))
    @example(["\u2028"], "check", "jsonl")  # (att85 F3: 3 records, 7 lines)
    @example(["\u2029", "\x85"], "replay", "jsonl")
    def test_a_line_break_in_an_id_is_no_line_of_the_output(
            self, breaks: list[str], command: str, fmt: str) -> None:
        """Law: the JSON the command line writes (``check`` and ``replay``, JSON Lines or a
        JSON list), for applications whose ids hold any line break, reads back as the same
        values, and JSON Lines as one line a record even by a reader that splits lines on
        every break Unicode knows (``str.splitlines``), as the service writes it: JSON lets
        U+0085, U+2028 and U+2029 stand raw in a string, and the command line wrote them so."""
        apps = []
        for number, brk in enumerate(breaks):
            app = eligible_dict()
            app["id"] = f"A{number}{brk}B"
            app["host"]["person"]["email"] = f"host{number}@example.org"
            apps.append(app)
        with tempfile.TemporaryDirectory() as folder:
            batch = Path(folder) / "batch.jsonl"
            batch.write_text("".join(json.dumps(app) + "\n" for app in apps), "utf-8")
            args = ["check", "cnrs-amsud-2026", str(batch), "--at", "2026-05-30T12:00:00Z"]
            given = len(apps)  # (a result each, an id refused for its break too)
            if command == "replay":
                records = Path(folder) / "records.jsonl"
                main([*args, "--record", str(records)], out=io.StringIO(), err=io.StringIO())
                args = ["replay", str(records), "--batch", str(batch)]
                assume(records.exists())  # (every id refused for its break: no record)
                given = records.read_bytes().count(b"\n")  # (a record each judged)
            out = io.StringIO()
            main([*args, "--format", fmt], out=out, err=io.StringIO())
        text = out.getvalue()
        lines = text.splitlines()
        got = json.loads(text) if fmt == "json" else [json.loads(line) for line in lines]
        assert len(got) == given
        if fmt == "jsonl":
            assert len(lines) == given
        assert not any(char in text for char in "\x85\u2028\u2029")
