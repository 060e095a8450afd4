"""Tables in columns set apart by blanks, as consoles print them: PowerShell's
``Format-Table`` (saved with ``> apps.csv``), ``sqlite3 -column -header``, ``column -t``,
``docker ps``.

Such a table has no separator: its columns are where its text is. Under a header, a rule
line of dashes (``--  ----  ------------``, PowerShell's and sqlite's) draws them: each
column is read from the last blank before its dashes (the blank between it and the column
on its left: a value on the left longer than its dashes, or a number right-aligned over
them, stays whole) to the next column's. A row with no blank between two columns' dashes
does not keep to them (``table_row_off_columns``), and is one problem. A header with no
rule line under it (``column -t``, ``docker``) does not say where a value holding a blank
ends: no row of it is read, each is one problem (``csv_blank_columns``). Never a rule line
read as a row, nor a header read as one column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from callrules._models import Application

__all__ = ["RULE", "Columns", "blank_columns", "ruled_columns", "set_apart"]

#: A rule line under a header: runs of dashes (two or more) set apart by blanks.
RULE = re.compile(r"[ ]*-+(?:[ ]+-+)+[ ]*\r?\n?")
#: A header's name in such a table: no blank, no separator, no quote.
_NAME = re.compile(r"[^\W\d][\w.\-]*")
#: The top fields of an application: a header naming one is a table's, not a title.
_FIELDS = frozenset(name.casefold() for name in Application.model_fields)
#: Two blanks or more: what sets apart the columns of a table without a rule line.
_GAP = re.compile(r" {2,}")


@dataclass(frozen=True)
class Columns:
    """The columns a rule line draws: where each run of its dashes starts and ends."""

    runs: tuple[tuple[int, int], ...]

    def cells(self, line: str) -> list[str] | None:
        """The cells of ``line`` (without its line end), stripped of their padding; None if
        a gap between two columns' dashes holds no blank on it (the row does not keep to
        the columns)."""
        text = line.rstrip("\r\n")
        cuts = []
        for (_, end), (start, _) in pairwise(self.runs):
            if start >= len(text):
                cuts.append(start)
                continue
            cut = max((at for at in range(end, start) if text[at] == " "), default=None)
            if cut is None:
                return None
            cuts.append(cut)
        edges = [0, *cuts, len(text)]
        return [text[left:right].strip(" ") for left, right in pairwise(edges)]


def ruled_columns(header: str, rule: str) -> Columns | None:
    """The columns of a table whose header is ``header`` and whose line under it is
    ``rule`` (each without its line end), if ``rule`` is a rule line of dashes and
    ``header`` cuts by it into as many names, each over its dashes; else None."""
    if "\t" in header or not RULE.fullmatch(rule):
        return None
    columns = Columns(tuple((found.start(), found.end())
                            for found in re.finditer("-+", rule.rstrip("\r\n"))))
    names = columns.cells(header)
    if names is None or not all(_NAME.fullmatch(name) for name in names):
        return None
    text = header.rstrip("\r\n")
    for (start, end) in columns.runs:  # each name over its dashes
        if start >= len(text) or not text[start:end].strip(" "):
            return None
    return columns


def blank_columns(header: str) -> bool:
    """Whether ``header`` (without its line end) is the header of a table in columns set
    apart by two blanks or more, with no separator (``id  call  submitted_at``): two
    names or more, one of them a field of the application (or a path into one)."""
    text = header.strip(" \r\n")
    names = _GAP.split(text)
    return len(names) > 1 and all(_NAME.fullmatch(name) for name in names) \
        and any(name.split(".", 1)[0].casefold() in _FIELDS for name in names)


def set_apart(header: str) -> bool:
    """Whether ``header`` (without its line end) is two names or more set apart by blanks
    alone (no separator, no quote): a table's header in columns, if a rule line is under it
    or :func:`blank_columns` says so."""
    names = header.strip(" \r\n").split()
    return len(names) > 1 and "\t" not in header and all(_NAME.fullmatch(name) for name in names)
