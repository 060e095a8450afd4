"""Reviewers' scores: read from CSV, JSON or JSON Lines, each kept with its file and line.

A score is one line: an application id, a reviewer, a criterion id and a score. A line that
cannot be read (a missing cell, a score that is not a plain decimal number) or that does not
fit the call (an unknown criterion, a score off the criterion's scale, a second score by the
same reviewer) becomes a :class:`ScoreProblem` naming its file and line; every other line is
kept. Scores are exact decimals, never floats.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from os import PathLike
from pathlib import Path
from types import MappingProxyType

from callrules._money import parse_amount
from callrules._problems import AmountError
from callrules.exceptions import ArgumentError
from callrules.selection.criteria import SelectionRules

__all__ = ["COLUMNS", "ScoreProblem", "ScoreRow", "ScoreSheet", "check_scores", "read_scores",
           "scores_from"]

#: The columns (CSV) or keys (JSON) of a score; others are ignored (a comment…).
COLUMNS = ("application", "reviewer", "criterion", "score")


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One reviewer's score of one application on one criterion, with where it was read."""

    application: str
    reviewer: str
    criterion: str
    value: Decimal
    source: str = "scores"
    line: int = 0


@dataclass(frozen=True, slots=True)
class ScoreProblem:
    """A score line that was not used: where (file and line), what (``code``), and the values
    that fill its message (``ctx``). ``application`` is the id it was for, when known."""

    source: str
    line: int
    code: str
    ctx: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    application: str | None = None

    @property
    def where(self) -> str:
        """``scores.csv:4``."""
        return f"{self.source}:{self.line}"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict (values as text)."""
        return {"source": self.source, "line": self.line, "code": self.code,
                "application": self.application,
                "ctx": {k: str(v) for k, v in sorted(self.ctx.items())}}


@dataclass(frozen=True, slots=True)
class ScoreSheet:
    """The score lines read from one or more files, and the lines that could not be read."""

    rows: tuple[ScoreRow, ...]
    problems: tuple[ScoreProblem, ...] = ()

    def __add__(self, other: ScoreSheet) -> ScoreSheet:
        return ScoreSheet(self.rows + other.rows, self.problems + other.problems)


_DECIMAL_COMMA = re.compile(r"^\d+,\d+$")


def _row(data: object, source: str, line: int, *, decimal_comma: bool = False
         ) -> ScoreRow | ScoreProblem:
    """A score from one record (a CSV row or a JSON object), or the problem with it.
    ``decimal_comma``: a score such as ``3,5`` reads 3.5 (semicolon-separated CSV)."""
    if not isinstance(data, Mapping):
        return ScoreProblem(source, line, "score_not_an_object")
    application = data.get("application")
    app_text = str(application).strip() if isinstance(application, (str, int)) and not \
        isinstance(application, bool) else ""
    texts: dict[str, str] = {}
    for column in ("application", "reviewer", "criterion"):
        value = data.get(column)
        text = value.strip() if isinstance(value, str) else (
            str(value) if isinstance(value, int) and not isinstance(value, bool) else "")
        if not text:
            return ScoreProblem(source, line, "score_missing", {"column": column},
                                app_text or None)
        texts[column] = text
    raw = data.get("score")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return ScoreProblem(source, line, "score_missing", {"column": "score"}, app_text)
    if isinstance(raw, str) and decimal_comma and _DECIMAL_COMMA.match(raw.strip()):
        raw = raw.strip().replace(",", ".")
    try:
        value = parse_amount(raw.strip() if isinstance(raw, str) else raw)
    except AmountError:
        return ScoreProblem(source, line, "score_not_a_number", {"value": str(raw)}, app_text)
    return ScoreRow(texts["application"], texts["reviewer"], texts["criterion"], value,
                    source, line)


def _sheet(items: Iterable[ScoreRow | ScoreProblem]) -> ScoreSheet:
    rows: list[ScoreRow] = []
    problems: list[ScoreProblem] = []
    for item in items:
        if isinstance(item, ScoreRow):
            rows.append(item)
        else:
            problems.append(item)
    return ScoreSheet(tuple(rows), tuple(problems))


def _csv(text: str, source: str) -> ScoreSheet:
    """Comma-separated, or semicolon-separated with decimal commas (as spreadsheets write in
    French), told apart by the header line."""
    header = text.split("\n", 1)[0]
    semicolons = ";" in header and "," not in header
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=";" if semicolons else ",")
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        return ScoreSheet((), (ScoreProblem(source, 1, "score_columns",
                                            {"columns": ", ".join(missing)}),))
    return _sheet(_row(record, source, reader.line_num, decimal_comma=semicolons)
                  for record in reader)


def _json_array(text: str, source: str) -> ScoreSheet:
    """Each element of a JSON array, with the line it starts on."""
    decoder = json.JSONDecoder(parse_float=Decimal)
    whitespace = " \t\r\n"
    position = len(text) - len(text.lstrip(whitespace))
    if text[position:position + 1] != "[":
        return ScoreSheet((), (ScoreProblem(source, 1, "score_not_a_list"),))
    position += 1
    items: list[ScoreRow | ScoreProblem] = []
    while True:
        while position < len(text) and text[position] in whitespace:
            position += 1
        if text[position:position + 1] == "]" and not items:
            return _sheet(items)
        line = text.count("\n", 0, position) + 1
        try:
            value, position = decoder.raw_decode(text, position)
        except ValueError as exc:
            return _sheet([*items, ScoreProblem(source, line, "score_json",
                                                {"reason": str(exc)})])
        items.append(_row(value, source, line))
        while position < len(text) and text[position] in whitespace:
            position += 1
        mark = text[position:position + 1]
        if mark == "]":
            return _sheet(items)
        if mark != ",":
            line = text.count("\n", 0, position) + 1
            return _sheet([*items, ScoreProblem(source, line, "score_json",
                                                {"reason": "expected , or ]"})])
        position += 1


def _json_lines(text: str, source: str) -> ScoreSheet:
    items: list[ScoreRow | ScoreProblem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line, parse_float=Decimal)
        except ValueError as exc:
            items.append(ScoreProblem(source, number, "score_json", {"reason": str(exc)}))
            continue
        items.append(_row(value, source, number))
    return _sheet(items)


def read_scores(*paths: str | Path) -> ScoreSheet:
    """The scores in ``paths``: CSV (a header row naming at least the columns application,
    reviewer, criterion and score; separated by commas, or by semicolons with decimal commas
    as French spreadsheets write), a JSON array of objects with those keys, or JSON Lines
    (``.jsonl``). A file that cannot be read is one problem; nothing raises.
    """
    sheet = ScoreSheet(())
    for name in paths:
        ArgumentError.check(name, (str, PathLike), "a path")
        path = Path(name)
        source = str(name)
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError, ValueError) as exc:  # ValueError: a NUL
            reason = exc.strerror if isinstance(exc, OSError) else (
                "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else "not a file name")
            sheet += ScoreSheet((), (ScoreProblem(source, 0, "score_unreadable",
                                                  {"reason": reason or "error"}),))
            continue
        suffix = path.suffix.lower()
        if suffix == ".csv":
            sheet += _csv(text.lstrip("\ufeff"), source)
        elif suffix == ".jsonl":
            sheet += _json_lines(text, source)
        else:
            sheet += _json_array(text, source)
    return sheet


def scores_from(scores: ScoreSheet | str | Path | Iterable[Mapping[str, object] | ScoreRow]
                ) -> ScoreSheet:
    """A :class:`ScoreSheet` from a sheet, a file path, or score records in memory (dicts
    with the keys application, reviewer, criterion and score, numbered from 1)."""
    if isinstance(scores, ScoreSheet):
        return scores
    if isinstance(scores, (str, PathLike)):
        return read_scores(scores)
    items = ArgumentError.iterable(scores, "scores: a file, a ScoreSheet or score records")
    return _sheet(item if isinstance(item, ScoreRow) else _row(item, "scores", number)
                  for number, item in enumerate(items, start=1))


def check_scores(sheet: ScoreSheet, rules: SelectionRules, applications: Sequence[str]
                 ) -> tuple[tuple[ScoreRow, ...], tuple[ScoreProblem, ...]]:
    """The scores that fit the call and the batch, and a problem for each line that does not:
    an unknown criterion or application, a score off the scale, a reviewer's second score."""
    known = set(applications)
    kept: list[ScoreRow] = []
    problems = list(sheet.problems)
    seen: dict[tuple[str, str, str], ScoreRow] = {}
    for row in sheet.rows:
        if row.criterion not in rules.ids:
            problems.append(ScoreProblem(row.source, row.line, "score_unknown_criterion",
                                         {"value": row.criterion,
                                          "known": ", ".join(rules.ids)}, row.application))
            continue
        criterion = rules.criterion(row.criterion)
        if not criterion.scale.contains(row.value):
            scale = criterion.scale
            problems.append(ScoreProblem(
                row.source, row.line,
                "score_off_step" if scale.minimum <= row.value <= scale.maximum
                else "score_out_of_scale",
                {"value": row.value, "criterion": row.criterion, "min": scale.minimum,
                 "max": scale.maximum, "step": scale.step or Decimal(0)}, row.application))
            continue
        if row.application not in known:
            problems.append(ScoreProblem(row.source, row.line, "score_unknown_application",
                                         {"value": row.application}))
            continue
        key = (row.application, row.reviewer, row.criterion)
        first = seen.get(key)
        if first is not None:
            problems.append(ScoreProblem(row.source, row.line, "score_duplicate",
                                         {"reviewer": row.reviewer, "criterion": row.criterion,
                                          "first": first.line, "application": row.application},
                                         row.application))
            continue
        seen[key] = row
        kept.append(row)
    return tuple(kept), tuple(problems)
