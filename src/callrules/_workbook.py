"""An Excel workbook of rows of cells, every cell whole and none a formula: the one writer
of ``.xlsx`` files (openpyxl, an optional extra).

Excel holds at most 32,767 characters in a cell, counted as it stores text: in UTF-16 code
units (an emoji outside the Basic Multilingual Plane counts two, a line break one). openpyxl
cuts a longer text at 32,767 code points without a word, and Excel itself asks to "repair" a
file with a longer cell, then cuts it: a reader would take a partial list of reasons for the
whole. So a text longer than a cell holds is never cut silently: its cell keeps the start of
it, cut after a line (a whole message) where one ends in reach, else after a space, and
ends with a line saying where the text goes on; the rest is in a sheet of its own
(« Suite du texte » in French), one part per row, each named by the cell it continues (``E2``) and
its part's number (2, 3…). Joined, the parts are the text as it was, character for
character.

Every text cell, in every sheet, is typed text, never a formula, and a text that an edit
would turn into one is kept text by its cell's quote-prefix style (no apostrophe added).
"""

from __future__ import annotations

import importlib
import unicodedata
from typing import TYPE_CHECKING

from callrules._i18n import format_exact, phrase
from callrules._safe import formula_like

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

__all__ = ["CELL_LIMIT", "cell_parts", "units", "write_workbook"]

#: The most a cell of an Excel workbook holds, in UTF-16 code units ("Excel specifications
#: and limits": 32,767 characters; Excel counts an astral character as two, as LEN does).
CELL_LIMIT = 32_767

#: Room kept in a cell for the line saying where its text goes on (a few dozen characters in
#: every language, with the sheet's name and numbers of any size).
_MARK_ROOM = 400

#: Code points that join the one before them into one character as a person sees it: the
#: zero-width joiner, the variation selectors, and emoji skin-tone modifiers.
_ZWJ = "\u200d"
_JOINING = frozenset(_ZWJ + "".join(map(chr, range(0xFE00, 0xFE10)))
                     + "".join(map(chr, range(0x1F3FB, 0x1F400))))


def units(text: str) -> int:
    """``text``'s length as Excel counts it: in UTF-16 code units."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _reach(text: str, start: int, budget: int) -> int:
    """The end of the longest piece of ``text`` from ``start`` within ``budget`` units that
    does not end inside a character as a person sees it (a letter and its accents, a joined
    emoji), unless that character alone is over the budget."""
    end = min(len(text), start + budget)
    over = units(text[start:end]) - budget
    while over > 0:  # drop code points from the end, each one unit or two, down to the budget
        end -= 1
        over -= 2 if ord(text[end]) > 0xFFFF else 1
    keep = end
    while start < end < len(text) and _joins(text, end):
        end -= 1  # a mark, a joiner or a selector belongs with the code point before it
    return end if end > start else keep


def _joins(text: str, at: int) -> bool:
    """Whether ``text[at]`` continues the character before it (cutting before it would leave
    an accent, a joiner or a selector alone at a part's start)."""
    return (unicodedata.combining(text[at]) != 0 or text[at] in _JOINING
            or text[at - 1] == _ZWJ)


def cell_parts(text: str, first: int = CELL_LIMIT - _MARK_ROOM,
               rest: int = CELL_LIMIT) -> list[str]:
    """``text`` in parts, the first of at most ``first`` UTF-16 units, the others of at most
    ``rest``; a single part when it fits in a cell (:data:`CELL_LIMIT`). Each part ends
    after a line break where one is in reach, else after a space, else where it must;
    ``"".join(parts) == text`` always."""
    if units(text) <= CELL_LIMIT:
        return [text]
    parts: list[str] = []
    start = 0
    while start < len(text):
        end = _reach(text, start, first if not parts else rest)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut < start:
                cut = text.rfind(" ", start, end)
            end = cut + 1 if cut >= start else end
        parts.append(text[start:end])
        start = end
    return parts


def _mark(sheet: str, rows: range, length: int, lang: str) -> str:
    """The line that ends a cut cell: where its text goes on, and why."""
    said = {"sheet": sheet, "length": format_exact(length, lang),
            "limit": format_exact(CELL_LIMIT, lang)}
    if len(rows) == 1:
        return phrase("cell_continued_row", lang, row=format_exact(rows[0], lang), **said)
    return phrase("cell_continued_rows", lang, first=format_exact(rows[0], lang),
                  last=format_exact(rows[-1], lang), **said)


def write_workbook(path: str | Path, rows: Sequence[Sequence[object]], lang: str) -> None:
    """``rows`` (the first, the header) as a workbook at ``path``: a text too long for a
    cell goes on in a sheet of its own, its cell saying where, in ``lang``'s words; no
    cell is ever a formula."""
    try:
        openpyxl = importlib.import_module("openpyxl")  # an optional extra, loaded when asked
    except ImportError:
        raise ImportError("to_xlsx needs openpyxl: pip install 'callrules[xlsx]'") from None
    utils = importlib.import_module("openpyxl.utils")
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    name = phrase("sheet_continued", lang)
    more: list[list[object]] = [[phrase("cell", lang), phrase("part", lang),
                                 phrase("text", lang)]]
    for number, row in enumerate(rows, start=1):
        line: list[object] = []
        for column, value in enumerate(row, start=1):
            if isinstance(value, str) and units(value) > CELL_LIMIT:
                parts = cell_parts(value)
                where = f"{utils.get_column_letter(column)}{number}"
                taken = range(len(more) + 1, len(more) + len(parts))
                mark = _mark(name, taken, units(value), lang)
                assert units(parts[0]) + 1 + units(mark) <= CELL_LIMIT, mark
                more += [[where, k, part] for k, part in enumerate(parts[1:], start=2)]
                # the text's first part as it is, then a line break of the cell's own and
                # the line saying where it goes on: without that last line and the break
                # before it, the cell holds exactly the first part
                value = f"{parts[0]}\n{mark}"
            line.append(value)
        sheet.append(line)
    if len(more) > 1:
        book.create_sheet(name).append(more[0])
        for line in more[1:]:
            book[name].append(line)
    for each in book.worksheets:
        for cells in each.iter_rows():
            for one in cells:
                if isinstance(one.value, str):
                    one.data_type = "s"  # text, never a formula
                    # a text a user editing the cell would turn into a formula: kept text by
                    # the cell's own style, as Excel does for a typed '=…, no apostrophe
                    one.quotePrefix = formula_like(one.value)
    book.save(path)
