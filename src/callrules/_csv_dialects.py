"""The two CSV dialects a table is written in, by one writer: ``machine`` (commas, values as
JSON writes them, for programs: ``true`` and ``false``, decimals with a point) and
``excel-fr`` (for a French spreadsheet: a byte-order mark, semicolons, decimals with a
comma, and every text cell opened as the text written).

A spreadsheet opening a CSV reads each cell as if typed into it: in French, ``0012345``
becomes 12345, ``1E5`` 100000, ``3,5`` 3.5, ``2026-06-01``, ``1/2`` and ``juin-26`` dates,
``VRAI`` a boolean, ``12:30`` a time, ``5 %`` a percentage (measured in LibreOffice, fr-FR;
Excel documents the same reading of a CSV as of typed text). In ``excel-fr`` a text cell
such a reading could change is written as a formula that is only a string constant,
``="0012345"`` (its quotes doubled, in pieces of at most 255 characters joined by ``&``, the
longest constant Excel takes): both spreadsheets show the text itself, and a constant runs
nothing. So is a text a spreadsheet would read as a formula (``=1+1``, ``-5``): the
apostrophe of :func:`callrules._safe.cell` (kept for ``machine``) shows in the cell, the
constant does not. Measured in LibreOffice 7 (fr-FR): ``'0012345`` opens as ``'0012345``,
and a character before the text (a word joiner) stays in the cell's value.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from typing import TextIO

from babel.dates import get_day_names, get_month_names

from callrules._safe import cell, formula_like, terminal

__all__ = ["DIALECTS", "TableWriter", "could_change", "machine_cell", "sheet_cell"]

#: The dialects, as ``--csv-dialect`` names them.
DIALECTS = ("machine", "excel-fr")
#: The longest string constant a formula of Excel takes.
_PIECE = 255
#: Cells a spreadsheet reads as a boolean or an error value (in French and in English).
_WORDS = frozenset({"vrai", "faux", "true", "false", "#n/a", "#nv", "#null!", "#nul!",
                    "#div/0!", "#value!", "#valeur!", "#ref!", "#name?", "#nom?", "#num!",
                    "#nombre!"})
_LETTERS = re.compile(r"[^\W\d_]+")
_DIGIT = re.compile(r"\d")


@cache
def _calendar_words() -> frozenset[str]:
    """The names of months and days (whole and short, with and without accents) in the
    languages of the library and of the spreadsheets (French, English, Spanish, Portuguese,
    German): a date may be written with them (``12 juin 2026``, ``juin-26``)."""
    words: set[str] = set()
    for locale in ("fr", "en", "es", "pt", "de"):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                words |= set(get_month_names(width, context, locale).values())
                words |= set(get_day_names(width, context, locale).values())
    words = {word.casefold().rstrip(".") for word in words}
    return frozenset(words | {unicodedata.normalize("NFKD", word).encode("ascii", "ignore")
                              .decode() for word in words})


def could_change(text: str) -> bool:
    """Whether a spreadsheet opening a CSV could read ``text`` as other than text (a
    formula, a number, a date, a time, a percentage, an amount, a fraction, a boolean, an
    error value): text that starts as a formula does, one of a few words does, and so does
    one with a digit whose every run of letters is short (``1E5``, ``12 h``, ``5 EUR``) or
    names a month or a day; a word of four letters or more that names neither makes it
    text to both (``AMSUD-00012``, ``Personne accueillie 2``)."""
    if formula_like(text) or text.strip().casefold() in _WORDS:
        return True
    if _DIGIT.search(text) is None:
        return False
    return all(len(run) <= 3 or run.casefold() in _calendar_words()
               for run in _LETTERS.findall(text))


def sheet_cell(value: object) -> object:
    """A cell of the ``excel-fr`` dialect: a text made safe for a terminal, written as a
    string constant (``="0012345"``) if a spreadsheet could read it as other than text
    (:func:`could_change`): a formula-like text too, which the constant shows as written
    and never runs; a decimal with a comma (``3912,00``), read as a number; other values
    (whole numbers) as they are."""
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    if not isinstance(value, str):
        return value
    text = terminal(value)
    if not could_change(text):
        return text
    return "=" + "&".join(f'"{piece}"' for piece in _pieces(text.replace('"', '""')))


def machine_cell(value: object) -> object:
    """A cell of the ``machine`` dialect: a boolean as JSON writes it, ``true`` or
    ``false`` (the JSON of a report says ``"eligible": true``: its CSV says the same, never
    Python's ``True``); a text made safe (:func:`callrules._safe.cell`); other values
    (numbers, decimals with a point, None as an empty cell) as they are."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return cell(value)


def _pieces(quoted: str) -> list[str]:
    """``quoted`` (its quotes doubled) in pieces of at most 255 characters, a doubled quote
    never cut in two."""
    pieces: list[str] = []
    start = 0  # (each piece sliced once: the work is the text's length)
    while start < len(quoted) or not pieces:
        piece = quoted[start:start + _PIECE]
        if start + len(piece) < len(quoted) and (len(piece) - len(piece.rstrip('"'))) % 2:
            piece = piece[:-1]  # an odd run of quotes at the cut: one pair kept whole
        pieces.append(piece)
        start += len(piece)
    return pieces


class TableWriter:
    """Rows written as CSV in a dialect: ``machine`` (commas; no cell a spreadsheet reads
    as a formula) or ``excel-fr`` (a byte-order mark, semicolons, :func:`sheet_cell`)."""

    def __init__(self, out: TextIO, dialect: str = "machine") -> None:
        self.people = dialect == "excel-fr"
        if self.people:
            out.write("\ufeff")
        self.writer = csv.writer(out, delimiter=";" if self.people else ",")

    def writerow(self, row: Sequence[object]) -> None:
        self.writer.writerow([sheet_cell(v) if self.people else machine_cell(v) for v in row])
