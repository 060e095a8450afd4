"""Where batches come from: JSON files, JSON Lines, folders, CSV, standard input.

Every reader yields :class:`Sourced` records lazily (a JSON Lines or CSV file is read line by
line, so a batch of any size streams); a record that cannot be read becomes an input error
for that record alone, labelled with where it came from (``batch.jsonl:3``).

CSV columns name fields by their path, with list positions as numbers
(``visitors.0.institution.location.country``, ``budget.lines.1.amount.amount``); an empty
cell is an absent field, and a list item all of whose cells are empty is absent too (the
items after it move up); a list of text (``host.unit.affiliations``) is one cell, its items
separated by semicolons; ``mapping`` renames columns to paths (``{"Pays": "visitors.0.…"}``)
and columns mapped to ``None`` are ignored. Every cell is text: amounts, dates and instants
are read by the models exactly as text in JSON is, whole numbers (``pages``) from their
digits.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

from callrules._evaluate import Sourced, read_json
from callrules._models import from_text_cell
from callrules.exceptions import InputError, InputProblem

__all__ = ["records", "records_from_csv"]

SUFFIXES = (".json", ".jsonl", ".csv")
#: Fields holding a list of text, written in one CSV cell separated by semicolons.
_TEXT_LISTS = frozenset({"affiliations"})
_MAX_DEPTH = 8


def records(*sources: str | Path, stdin: TextIO | None = None,
            mapping: Mapping[str, str | None] | None = None) -> Iterator[Sourced]:
    """Every record of ``sources`` (files, folders of them, or ``"-"`` for standard input)."""
    for name in sources:
        if str(name) == "-":
            yield from _json_text((stdin or sys.stdin).read(), "<stdin>")
            continue
        path = Path(name)
        files = sorted(p for p in path.iterdir() if p.suffix in SUFFIXES) if path.is_dir() \
            else [path]
        for file in files:
            yield from _file(file, mapping)


def _unreadable(file: Path, reason: str) -> Sourced:
    problem = InputProblem((), "unreadable", f"cannot read {file}: {reason}")
    return Sourced(str(file), InputError([problem], source=str(file)))


def _file(file: Path, mapping: Mapping[str, str | None] | None) -> Iterator[Sourced]:
    try:
        handle = file.open(encoding="utf-8", newline="" if file.suffix == ".csv" else None)
    except OSError as exc:
        yield _unreadable(file, exc.strerror or "error")
        return
    with handle:
        try:
            if file.suffix == ".jsonl":
                for number, line in enumerate(handle, start=1):
                    if line.strip():
                        yield Sourced(f"{file}:{number}", line)
            elif file.suffix == ".csv":
                yield from records_from_csv(handle, source=str(file), mapping=mapping)
            else:
                yield from _json_text(handle.read(), str(file))
        except UnicodeDecodeError:
            yield _unreadable(file, "not UTF-8 text")


def _json_text(text: str, source: str) -> Iterator[Sourced]:
    try:
        data = read_json(text)
    except (json.JSONDecodeError, RecursionError):
        yield Sourced(source, text)  # reported as invalid JSON, with the parser's reason
        return
    if isinstance(data, list):
        for index, item in enumerate(data):
            yield Sourced(f"{source}[{index}]", item)
    else:
        yield Sourced(source, data)


def records_from_csv(rows: Iterable[str], *, source: str = "<csv>",
                     mapping: Mapping[str, str | None] | None = None) -> Iterator[Sourced]:
    """Applications from CSV text, one per row, columns named by field paths."""
    reader = csv.DictReader(rows)
    for number, row in enumerate(reader, start=2):  # line 1 is the header
        where = f"{source}:{number}"
        try:
            yield Sourced(where, _nest(row, mapping))
        except ValueError as exc:
            problem = InputProblem((), "bad_column", str(exc))
            yield Sourced(where, InputError([problem], source=where))


def _nest(row: Mapping[str | Any, str | None], mapping: Mapping[str, str | None] | None
          ) -> dict[str, Any]:
    """A flat CSV row as the nested structure of an application."""
    out: dict[str, Any] = {}
    for column, cell in row.items():
        if column is None:
            raise ValueError("the row has more cells than the header has columns")
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
                node[key] = _cell(parts, cell)
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


def _cell(parts: list[str], text: str) -> Any:
    if parts[-1] in _TEXT_LISTS:  # a list of text in one cell: "CNRS; Université Paris Cité"
        return [part.strip() for part in text.split(";") if part.strip()]
    return from_text_cell(parts, text)  # "3" pages is the number 3: CSV has only text


def _drop_holes(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_holes(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_drop_holes(v) for v in value if v is not None]
    return value
