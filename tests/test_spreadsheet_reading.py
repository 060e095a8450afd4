"""The ``excel-fr`` CSV opened as a French spreadsheet opens it: every text cell is the text
written, every amount a number, and nothing runs.

:func:`opened` is a model of what a spreadsheet does with a CSV cell, written from what
LibreOffice 7 (fr-FR, ``;``, UTF-8) was measured to do (session 46, docs/quality.md) and what
Excel is documented to do (a CSV's cell is read as if typed in a cell of the General
format): a formula is computed (a string constant, ``="0012345"``, gives its text); a
number in French (``0012345``, ``1E5``, ``3,5``, ``1 234``, ``(5)``, ``5 %``, ``5 €``) is a
number; a date (``2026-06-01``, ``1/2``, ``juin-26``, ``12 juin 2026``), a time (``12:30``),
a boolean (``VRAI``) and an error value (``#N/A``) are what they look like; anything else is
text, an apostrophe in front included (measured: ``'0012345`` opens as ``'0012345``). It is
not the library's own test (:func:`callrules._csv_dialects.could_change`) but a second,
narrower one: the law is that the library protects at least what the model converts. No
spreadsheet runs here (CI has none).
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from callrules._cli import main
from callrules._csv_dialects import sheet_cell
from callrules._safe import terminal
from tests.conftest import ROOT
from tests.laws import settings

PANEL = ROOT / "docs" / "examples" / "panel"

_CONSTANT = re.compile(r'="(?:[^"]|"")*"(?:&"(?:[^"]|"")*")*')
_MONTHS = ("janv|févr|fevr|mars|avr|mai|juin|juil|août|aout|sept|oct|nov|déc|dec|janvier|"
           "février|avril|juillet|septembre|octobre|novembre|décembre|jan|feb|mar|apr|may|"
           "jun|jul|aug|sep|june|july|january|february|march|april|august|september|october|"
           "november|december")
_SPACE = "[ \u00a0\u202f]"
_NUMBER = re.compile(rf"[+-]?\(?(\d[\d{_SPACE[1:-1]}]*)?(,\d*)?([eE][+-]?\d+)?\)?{_SPACE}?"
                     rf"(%|€|EUR)?|(€|EUR){_SPACE}?[+-]?\d[\d,]*", re.IGNORECASE)
_DATE = re.compile(rf"\d{{1,4}}[-/.]\d{{1,2}}([-/.]\d{{1,4}})?|(\d{{1,2}}[-. ]?)?({_MONTHS})"
                   rf"\.?([-. ]?\d{{1,4}})?|\d{{1,2}}:\d{{2}}(:\d{{2}})?", re.IGNORECASE)
_WORDS = {"vrai", "faux", "true", "false", "#n/a", "#div/0!", "#valeur!", "#value!", "#ref!"}


def opened(cell: str) -> tuple[str, str]:
    """What a French spreadsheet makes of a CSV ``cell``: ``("text", what it shows)``, or
    ``("formula", …)``, ``("number", …)``, ``("date", …)``, ``("other", …)``."""
    if cell.startswith("="):
        if _CONSTANT.fullmatch(cell):
            return "text", "".join(piece.replace('""', '"') for piece in
                                   re.findall(r'"((?:[^"]|"")*)"', cell[1:]))
        return "formula", cell
    if any(c.isdigit() for c in cell) and _NUMBER.fullmatch(cell.strip()):
        return "number", cell
    if cell.startswith(("+", "-", "@")) and len(cell) > 1:  # Excel: =-2+3, =@SUM(1)
        return "formula", cell
    if any(c.isdigit() for c in cell) and _DATE.fullmatch(cell.strip()):
        return "date", cell
    if cell.strip().casefold() in _WORDS:
        return "other", cell
    return "text", cell


#: Ids a spreadsheet reads as something else, of every kind measured (att61, F2).
HOSTILE = ["0012345", "1E5", "12345678901234567890", "3,5", "1,5E+3", "2026-06-01", "1/2",
           "juin-26", "janv.-26", "12 juin 2026", "12:30", "5 %", "(5)", "1 234", "5 €",
           "VRAI", "faux", "#N/A", "-1", "+33 1", "=1+1", "@SUM(1)", "01-02", "25/12"]
_SHAPES = st.one_of(
    st.sampled_from(HOSTILE),
    st.from_regex(r"[+-]?0*\d{1,25}([,.]\d{1,3})?([eE][+-]?\d{1,3})?( ?%| ?€)?", fullmatch=True),
    st.from_regex(rf"\d{{1,2}}[-/ .]?({_MONTHS}|\d{{1,2}})\.?([-/ .]\d{{2,4}})?", fullmatch=True),
    st.text(alphabet='0123456789 ,.:/-+=@"%€Ee#aéj()', min_size=1, max_size=12),
    st.text(min_size=1, max_size=600))


class TestTheFrenchSpreadsheetOpensTheTextWritten:
    def test_the_model_converts_the_hostile_ids_as_written(self) -> None:
        """The model is not blind: every hostile id, written as it is, would change."""
        assert all(opened(value)[0] != "text" for value in HOSTILE)
        assert opened("AMSUD-00012") == ("text", "AMSUD-00012")

    @settings(max_examples=200)
    @given(_SHAPES)
    @example('"' * 300)
    @example("0" * 254 + '"')
    def test_every_text_cell_opens_as_the_text(self, value: str) -> None:
        """Law: whatever the text, its ``excel-fr`` cell opens as that text (made safe for a
        terminal): never a number, a date or a formula that computes anything."""
        written = sheet_cell(value)
        assert isinstance(written, str)
        assert opened(written) == ("text", terminal(value)), written
        if written.startswith("="):  # a constant in pieces Excel takes
            assert all(len(p) <= 255 for p in re.findall(r'"((?:[^"]|"")*)"', written))

    @given(st.decimals(allow_nan=False, allow_infinity=False, places=2,
                       min_value=-10**9, max_value=10**9))
    @settings(max_examples=40)
    def test_every_amount_opens_as_a_number(self, amount: Decimal) -> None:
        written = sheet_cell(amount)
        assert opened(str(written))[0] == "number"
        assert Decimal(str(written).replace(",", ".")) == amount

    def test_select_writes_the_french_spreadsheet_dialect(self) -> None:
        """``select --csv-dialect excel-fr``: a byte-order mark, semicolons, French words
        without --lang, decimals with a comma (numbers), ids as text; machine as before."""
        args = ["select", "cnrs-amsud-2026", str(PANEL / "applications.jsonl"), "--scores",
                str(PANEL / "scores.csv"), "--envelope", "6000", "--format", "csv", "--at",
                "2026-06-02T09:00:00+02:00"]
        out = io.StringIO()
        main([*args, "--csv-dialect", "excel-fr"], out=out, err=io.StringIO())
        text = out.getvalue()
        assert text.startswith("\ufeffCandidature;Rang;Note;")
        rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
        assert rows[1][:3] == ["AMSUD-2026-0101", "1", "13,00"]
        assert all(opened(c)[0] in ("text", "number") for row in rows for c in row if c)
        machine = io.StringIO()
        main(args, out=machine, err=io.StringIO())
        assert machine.getvalue().startswith("Application,Rank,Score,")
        assert "AMSUD-2026-0101,1,13.00," in machine.getvalue()
