"""Reviewers' scores: read from CSV, JSON or JSON Lines, each kept with its file and place.

A score is one line: an application id, a reviewer, a criterion id and a score. Score files
are read by the applications' reader (:func:`callrules.records`), with the same guarantees:
every line is used or reported in place, whatever the damage around it (an unclosed quote,
a header naming a column twice, a row with more or fewer cells than its header, bytes that
are not UTF-8, damaged JSON in an array, a line over the size limit). A line that cannot be
read carries the applications' input-problem code (``csv_unclosed_quote``, ``not_utf8``,
``json_invalid``…); a line that is read but is no score (a missing cell, a score that is
not a plain decimal number, a key written twice) or that does not fit the call (an unknown
criterion, a score off the criterion's scale, a second score by the same reviewer) gets a
code of its own. Each becomes a :class:`ScoreProblem` naming its file and place; every
other line is kept. Scores are exact decimals, never floats.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Context, Decimal, Inexact, InvalidOperation
from os import PathLike
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, TextIO

from callrules._cells import CsvRow
from callrules._json_numbers import (
    NumberOutOfRange,
    decimal_number,
    integers_of_any_length,
    long_whole_number,
    nested_deeper,
    too_deep,
    valid_but_unread,
)
from callrules._keys import text_key
from callrules._money import MAX_INPUT_PLACES, MAX_INTEGER_DIGITS
from callrules._portable import portable
from callrules._sourced import Sourced, label_parts
from callrules._sources import records
from callrules.exceptions import ArgumentError, InputError
from callrules.selection.criteria import Scale, SelectionRules
from callrules.selection.declaration import decimal_places

__all__ = ["COLUMNS", "ScoreProblem", "ScoreRow", "ScoreSheet", "Unit", "by_scale",
           "check_scores", "place_of", "read_scores", "scores_from"]

#: The columns (CSV) or keys (JSON) of a score; others are ignored (a comment…).
COLUMNS = ("application", "reviewer", "criterion", "score")

#: What a score's number counts: the line it starts on (CSV, JSON Lines), its place in a
#: list (a JSON file, records given in memory; from 1), or nothing (the file as a whole).
Unit = Literal["line", "item", "file"]


def _where(source: str, line: int, unit: Unit) -> str:
    """A place as the applications' reader labels it: ``scores.csv:4`` (a line),
    ``scores.json[3]`` (the fourth item of a list), ``scores.csv`` (the file)."""
    if unit == "line":
        return f"{source}:{line}"
    return f"{source}[{line - 1}]" if unit == "item" else source




def place_of(label: str) -> tuple[str, int, Unit]:
    """The file, number and unit of a place labelled as :attr:`ScoreProblem.where` (or
    :func:`callrules.records`) writes it: ``("scores.csv", 4, "line")``,
    ``("scores.json", 4, "item")`` for ``scores.json[3]``, ``("scores.csv", 0, "file")``."""
    file, line, item = label_parts(label)  # (``scores.jsonl:3[1]``, an element of an
    if line is not None:                    # array on a JSON Lines line, is at its line)
        return file, line, "line"
    return (file, item + 1, "item") if item is not None else (label, 0, "file")


@portable
@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One reviewer's score of one application on one criterion, with where it was read:
    its file, and its line (``unit`` ``"line"``) or its place in a list from 1 (``"item"``:
    a JSON file, or records given in memory)."""

    application: str
    reviewer: str
    criterion: str
    value: Decimal
    source: str = "scores"
    line: int = 0
    unit: Unit = "line"
    #: The text of a score written with a point before exactly three digits (``"3.500"``,
    #: a CSV cell or a JSON string), whose point may separate thousands as French, Spanish
    #: and Portuguese write them: ``value`` is its decimal reading (3.5) until its
    #: criterion's scale reads it (:func:`by_scale`); else None. Compared: a row read from
    #: ``"3.000"`` and one of ``Decimal("3.000")`` are judged apart on a scale to 10,000,
    #: so they are not equal (equal rows are judged alike); a text that is not its value's
    #: (``replace(row, value=2)``) is dropped when the row is made. Shown in the repr (wrd78).
    written: str | None = None

    def __post_init__(self) -> None:
        """``written`` kept only while it is the text of ``value`` (:func:`_still_written`)."""
        if self.written is not None and not (
                isinstance(self.written, str) and _THOUSANDS_POINT.fullmatch(self.written)
                and isinstance(self.value, Decimal) and _still_written(self)):
            object.__setattr__(self, "written", None)

    @property
    def where(self) -> str:
        """``scores.csv:4``, ``scores.json[3]`` (as the applications' reader labels)."""
        return _where(self.source, self.line, self.unit)


@portable
@dataclass(frozen=True, slots=True)
class ScoreProblem:
    """A score line that was not used: where (file, line or place in a list, see
    :class:`ScoreRow`; ``unit`` ``"file"`` for the file as a whole), what (``code``), and
    the values that fill its message (``ctx``). ``application`` is the id it was for, when
    known."""

    source: str
    line: int
    code: str
    ctx: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    application: str | None = None
    unit: Unit = "line"

    @property
    def where(self) -> str:
        """``scores.csv:4``, ``scores.json[3]``, ``scores.csv`` (the file as a whole)."""
        return _where(self.source, self.line, self.unit)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict (values as text)."""
        return {"source": self.source, "line": self.line, "unit": self.unit,
                "code": self.code, "application": self.application,
                "ctx": {k: ", ".join(map(str, v)) if isinstance(v, tuple)
                        else shown_score(v) if isinstance(v, Decimal) else str(v)
                        for k, v in sorted(self.ctx.items())}}  # (a number in plain digits)


@portable
@dataclass(frozen=True, slots=True)
class ScoreSheet:
    """The score lines read from one or more files, and the lines that could not be read."""

    rows: tuple[ScoreRow, ...]
    problems: tuple[ScoreProblem, ...] = ()
    #: Where each problem was read among the rows (how many rows were read before it), as
    #: :func:`read_scores` and :func:`scores_from` read a sheet: a line a problem is until
    #: its criterion's scale reads it (:func:`by_scale`) goes back there, so a reviewer's
    #: first score is the one read first, however it is written. Empty when not known (a
    #: sheet made otherwise): such a line goes after the rows, which keep their order.
    places: tuple[int, ...] = field(default=(), compare=False, repr=False)

    def __add__(self, other: ScoreSheet) -> ScoreSheet:
        places = (*self.places, *(len(self.rows) + place for place in other.places)) \
            if _placed(self) and _placed(other) else ()
        return ScoreSheet(self.rows + other.rows, self.problems + other.problems, places)


def _placed(sheet: ScoreSheet) -> bool:
    """Whether the place of each of ``sheet``'s problems among its rows is known."""
    return len(sheet.places) == len(sheet.problems)


#: A score written as text, the one rule of every format (a CSV cell, a JSON string, a
#: text given in memory, blanks around it ignored): an optional sign, ASCII digits with a
#: point or a comma before their decimals (``3.5``, ``3,5`` as a French spreadsheet writes
#: it, ``.5``, ``4.``), and an optional exponent as a JSON number may have one (``35e-1``),
#: so that the text of a score reads as the same JSON number does (but one exception: a
#: text of digits, a point and exactly three digits, ``"3.500"``, is read by its scale,
#: 3500 where the scale holds 3500 and not 3.5, refused where it holds both:
#: :func:`by_scale`). It is wider than the JSON number's grammar, as a spreadsheet writes:
#: a ``+`` sign, no digit before or after the point (``.5``, ``4.``), leading zeros
#: (``004``), each with its evident value.
_SCORE_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?")
#: A comma that may separate thousands (one to three digits, the comma, exactly three
#: digits: ``3,000``): three or three thousand, never guessed. After four digits or more
#: (``12345,500``) no one groups thousands: a decimal comma, read as such.
_THOUSANDS_COMMA = re.compile(r"[+-]?[0-9]{1,3},[0-9]{3}(?:[eE].*)?")
#: A point that may separate thousands in a text (one to three digits, the point, exactly
#: three digits, no exponent: ``"3.000"``, three thousand to a French, Spanish or
#: Portuguese reviewer): read as a decimal point until the scale decides
#: (:func:`by_scale`); after four digits or more (``"12345.500"``), a decimal point. A
#: JSON number ``3.000`` is 3 (its grammar has no thousands separator).
_THOUSANDS_POINT = re.compile(r"[+-]?[0-9]{1,3}\.[0-9]{3}")
#: The most decimals a score keeps (``4.50000000000`` is 4.5, its zeros none of them).
SCORE_PLACES = MAX_INPUT_PLACES
#: How many characters of a value a message shows (then ``…``).
_SHOWN = 60


def score_value(raw: object) -> Decimal | tuple[str, str]:
    """The value of a score as a record holds it, or the problem's code and the value as
    shown in it. The one rule of every format: a whole number or an exact decimal (a JSON
    number, whatever its spelling: ``4``, ``4.0``, ``4e0``), or a text of
    :data:`_SCORE_TEXT` read as that number (``"4,0"`` as ``4.0``); a comma before exactly
    three digits (``"3,000"``) is ``score_comma_thousands`` (read as its scale decides when
    the call is known: :func:`by_scale`; a point before three digits, ``"3.000"``, is read
    here as a decimal point, 3, and by the scale there); anything else (a float given in
    memory, ``true``, ``"4 pts"``) ``score_not_a_number``. The value is exact, however many
    digits it has: the scale says whether it is a score (:func:`check_scores`).

    >>> score_value("3,5"), score_value(" 35e-1 "), score_value(Decimal("4E+1"))
    (Decimal('3.5'), Decimal('3.5'), Decimal('40'))
    >>> score_value("3,000"), score_value("4 pts")
    (('score_comma_thousands', '3,000'), ('score_not_a_number', '4 pts'))
    """
    if isinstance(raw, bool) or not isinstance(raw, (int, Decimal, str)):
        return "score_not_a_number", _raw_shown(raw)
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, str):
        text = raw.strip()
        if not _SCORE_TEXT.fullmatch(text):
            return "score_not_a_number", _cut(text)
        if _THOUSANDS_COMMA.fullmatch(text):
            return "score_comma_thousands", _cut(text)
        try:
            raw = Decimal(text.replace(",", "."))
        except ArithmeticError:  # an exponent of more digits than any Decimal holds
            return "score_not_a_number", _cut(text)
    if not raw.is_finite():
        return "score_not_a_number", _raw_shown(raw)
    return _held(raw)


def _held(value: Decimal) -> Decimal:
    """``value`` as a score row holds it: zero unsigned; an exponent written out
    (``4E+1`` is ``40``) and zeros past :data:`SCORE_PLACES` dropped when the value is
    within the bounds of an amount, never rounded."""
    if value.is_zero():
        return Decimal(0)
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if value.adjusted() >= MAX_INTEGER_DIGITS:
        return value  # (beyond every scale: said so as it is, never written out)
    if exponent > 0:
        return value.quantize(Decimal(1), context=_EXACT)
    if exponent < -SCORE_PLACES and decimal_places(value) <= SCORE_PLACES:
        return value.quantize(Decimal(1).scaleb(-SCORE_PLACES), context=_EXACT)
    return value


#: Writing a score out, exact (its digits are bounded where it is used).
_EXACT = Context(prec=80, traps=[InvalidOperation, Inexact])


def shown_score(value: Decimal) -> str:
    """A score's value as a person reads it in a message: in plain digits, never
    ``1E+400``, cut after :data:`_SHOWN` characters (``…``) when longer.

    >>> shown_score(Decimal("1E-7")), shown_score(Decimal("4.5"))
    ('0.0000001', '4.5')
    >>> shown_score(Decimal("1E+400"))[-3:], len(shown_score(Decimal("1E+400")))
    ('00…', 60)
    """
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    text = "".join(map(str, digits))
    if exponent >= 0:
        plain = text + "0" * min(exponent, _SHOWN)
    elif -exponent < len(text):
        plain = f"{text[:exponent]}.{text[exponent:]}"
    else:
        plain = "0." + "0" * min(-exponent - len(text), _SHOWN) + text[:_SHOWN]
    return _cut(("-" if sign else "") + plain)


def _cut(text: str) -> str:
    return text if len(text) <= _SHOWN else text[:_SHOWN - 1] + "…"


def _raw_shown(raw: object) -> str:
    """A value that is no score as shown in a message: ``true``, ``4.0`` (a float given in
    memory), ``NaN`` (a Decimal that is no number), other values in their JSON form (an
    int or a finite Decimal is a score's value: never shown here)."""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, (float, Decimal)):
        return _cut(str(raw))
    try:
        return _cut(json.dumps(raw, ensure_ascii=False, default=str))
    except (TypeError, ValueError, RecursionError):
        return _cut(type(raw).__name__)


def _text(value: object) -> str:
    """A cell or key as text: a string stripped, a whole number written (one of more digits
    than Python writes, no id: empty); else empty."""
    if isinstance(value, str):
        return value.strip()
    if not isinstance(value, int) or isinstance(value, bool):
        return ""
    try:
        return str(value)
    except ValueError:  # (more than sys.get_int_max_str_digits() digits)
        return ""


def _row(data: object, source: str, line: int, unit: Unit = "line") -> ScoreRow | ScoreProblem:
    """A score from one record (a CSV row or a JSON object), or the problem with it: its
    value read by the one rule of every format (:func:`score_value`)."""
    if not isinstance(data, Mapping):
        return ScoreProblem(source, line, "score_not_an_object", unit=unit)
    if not isinstance(data, CsvRow):  # a JSON object's keys, in any case (as CSV columns)
        named: dict[str, object] = {}
        for key, value in data.items():
            column = _column(key)
            if column is None:
                continue
            if column in named:
                return ScoreProblem(source, line, "score_duplicate_key", {"key": key}, unit=unit)
            named[column] = value
        data = named
    app_text = _text(data.get("application"))
    texts: dict[str, str] = {}
    for column in ("application", "reviewer", "criterion"):
        text = _text(data.get(column))
        if not text:
            return ScoreProblem(source, line, "score_missing", {"column": column},
                                app_text or None, unit)
        texts[column] = text
    raw = data.get("score")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return ScoreProblem(source, line, "score_missing", {"column": "score"}, app_text,
                            unit)
    value = score_value(raw)
    if isinstance(value, tuple):
        code, shown = value
        # a comma before three digits: which reading the scale decides (:func:`by_scale`),
        # when the call is known; the score's reviewer and criterion kept for it
        said = {"value": shown} if code != "score_comma_thousands" else {
            "value": shown, "reviewer": texts["reviewer"], "criterion": texts["criterion"]}
        return ScoreProblem(source, line, code, said, app_text, unit)
    written = raw.strip() if isinstance(raw, str) else ""
    return ScoreRow(texts["application"], texts["reviewer"], texts["criterion"], value,
                    source, line, unit,
                    written if _THOUSANDS_POINT.fullmatch(written) else None)


def _sheet(items: Iterable[ScoreRow | ScoreProblem]) -> ScoreSheet:
    rows: list[ScoreRow] = []
    problems: list[ScoreProblem] = []
    places: list[int] = []
    for item in items:
        if isinstance(item, ScoreRow):
            rows.append(item)
        else:
            problems.append(item)
            places.append(len(rows))
    return ScoreSheet(tuple(rows), tuple(problems), tuple(places))


def _column(name: object) -> str | None:
    """The column of a score a CSV header's name or a JSON key gives, in any case, with
    blanks or a byte-order mark around it (``Application``, ``SCORE``, `` Reviewer ``), or
    None (another column: a comment…)."""
    if not isinstance(name, str):
        return None
    folded = name.strip().lstrip("\ufeff").strip().casefold()
    return folded if folded in COLUMNS else None


class _ScoreColumns(Mapping[str, str | None]):
    """The CSV columns read, as the applications' reader takes a ``mapping``: the four
    columns of a score, each as itself in any case (:func:`_column`: a header typed
    ``Application,Reviewer,Criterion,Score`` is read; two columns named alike,
    ``score,Score``, are a header naming a column twice); every other column (a comment, a
    reviewer's e-mail…) mapped to None, ignored, whatever its name (a dot in it names no
    field)."""

    def __getitem__(self, column: str) -> str | None:
        return _column(column)

    def __iter__(self) -> Iterator[str]:
        return iter(COLUMNS)

    def __len__(self) -> int:
        return len(COLUMNS)


_ONLY_SCORES = _ScoreColumns()


class _DuplicateKey(ValueError):
    """A JSON object naming one key twice."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object's pairs as a dict, refusing a key written twice (never one silently
    winning: another reader may take the first)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _parsed(text: str, source: str, line: int, unit: Unit) -> object:
    """The JSON value of ``text`` (a JSON Lines line, an object outside a list), or the
    problem with it."""
    try:
        value = json.loads(text, parse_float=decimal_number, parse_int=long_whole_number,
                           object_pairs_hook=_no_duplicates)
        if nested_deeper(value):  # (the limit of every reader, a score line's too)
            raise RecursionError
        return value
    except _DuplicateKey as twice:
        return ScoreProblem(source, line, "score_duplicate_key", {"key": twice.key},
                            unit=unit)
    except RecursionError:  # past the one limit of every reader: said so, never "not JSON"
        return _too_deep(source, line, unit)
    except NumberOutOfRange as exc:  # valid JSON holding a number no value holds: its limit
        unread = valid_but_unread(exc.msg, text)
        return ScoreProblem(source, line, "json_invalid", MappingProxyType(unread or {}),
                            unit=unit)
    except ValueError:  # not JSON
        return ScoreProblem(source, line, "json_invalid", unit=unit)


def _too_deep(source: str, line: int, unit: Unit, application: str | None = None,
              code: str = "json_invalid") -> ScoreProblem:
    """The problem of a score record nested past the one limit of every reader, the limit
    said (:func:`~callrules._json_numbers.too_deep`): a line read (``json_invalid``, never
    "not JSON"), or a record given in memory (``too_deep``, as an application given as
    Python values is), for ``application`` when it names one."""
    return ScoreProblem(source, line, code, MappingProxyType(too_deep()), application, unit)


#: An application's id as a damaged JSON line may still show it: ``"application": "…"``.
_APPLICATION_KEY = re.compile(r'"application"\s*:\s*("(?:[^"\\\n]|\\.){1,200}")', re.IGNORECASE)


def _named_in(text: str) -> str | None:
    """The application a score line that is not valid JSON was for, when the line still
    names one (and only one): that application cannot be ranked for sure, its scores not
    all read. None when none can be told."""
    named: set[str] = set()
    for found in _APPLICATION_KEY.finditer(text[:100_000]):
        try:
            value = json.loads(found.group(1))
        except ValueError:
            continue
        if isinstance(value, str) and value.strip():
            named.add(value.strip())
    return named.pop() if len(named) == 1 else None


#: A CSV row with more cells than its header: the only column problem of a score row (its
#: four columns name no nested field, and the others are ignored).
_EXTRA_CELLS = "bad_column"


def _empty_file(record: Sourced) -> bool:
    """Whether ``record`` is the reader's problem of a file holding nothing."""
    data = record.data
    return isinstance(data, InputError) and [p.type for p in data.problems] == ["empty_file"]


def _score(record: Sourced) -> ScoreRow | ScoreProblem:
    """The score, or the problem, of one record of the applications' reader."""
    source, line, unit = place_of(record.source)
    data = record.data
    if isinstance(data, InputError):
        problem = data.problems[0]
        if problem.type == _EXTRA_CELLS:
            return ScoreProblem(source, line, "score_extra_cells", unit=unit)
        return ScoreProblem(source, line, problem.type,
                            MappingProxyType(dict(problem.ctx or {})), unit=unit)
    if isinstance(data, str):
        text, data = data, _parsed(data, source, line, unit)
        if isinstance(data, ScoreProblem):
            return replace(data, application=_named_in(text))
    elif isinstance(data, dict) and nested_deeper(data):  # (read by the reader: the limit)
        named = data.get("application")
        return _too_deep(source, line, unit,
                         named.strip() or None if isinstance(named, str) else None)
    return _row(data, source, line, unit)


def _of(label: str, name: str | Path) -> bool:
    """Whether the record labelled ``label`` was read for the source ``name`` (the file
    named, a file of the folder named, or standard input for ``-``)."""
    if str(name) == "-":
        return label == "<stdin>"
    path = Path(name)
    return label == str(path) or Path(label).parent == path


def _no_column(items: list[tuple[str, ScoreRow | ScoreProblem]]
               ) -> Iterator[ScoreRow | ScoreProblem]:
    """``items`` (each with its file), where a file none of whose lines is a score and all
    of whose lines lacking a column lack the same one (``Candidature;Note`` as its header)
    has those lines say so (``score_no_column``): the column is probably named otherwise,
    never "empty" line after line."""
    scored = {file for file, item in items if isinstance(item, ScoreRow)}
    lacking: dict[str, set[object]] = defaultdict(set)
    for file, item in items:
        if isinstance(item, ScoreProblem) and item.code == "score_missing":
            lacking[file].add(item.ctx.get("column"))
    for file, item in items:
        if isinstance(item, ScoreProblem) and item.code == "score_missing" \
                and file not in scored and len(lacking[file]) == 1:
            yield ScoreProblem(item.source, item.line, "score_no_column",
                               MappingProxyType({**item.ctx, "columns": ", ".join(COLUMNS)}),
                               item.application, item.unit)
        else:
            yield item


def read_scores(*paths: str | Path, skipped: Callable[[Path, str], None] | None = None,
                hidden: Callable[[Path], None] | None = None,
                stdin: TextIO | None = None) -> ScoreSheet:
    """The scores in ``paths`` (files, folders of them, ``-`` for standard input), read by
    the applications' reader (:func:`callrules.records`): CSV (a header row naming at least
    the columns application, reviewer, criterion and score, in any case; separated by
    commas, or by semicolons or tabs, as the header shows; a score may be written with a
    decimal comma, ``3,5``), JSON (a list of objects with those keys, or objects one after
    the other), or JSON Lines. Every line is a score row or a problem in place (see the
    module); a file that cannot be read, or holds no score line, is one problem; nothing
    raises. A file given twice (named twice, named and in a folder given, or through a link)
    is read once, as :func:`callrules.records` reads applications: ``skipped`` is called
    with it and ``"again"`` (and with a folder's sub-folders and files of other names),
    ``hidden`` with a folder's hidden files. ``stdin``: what ``-`` reads (default:
    ``sys.stdin``), as :func:`callrules.records` takes it.
    """
    for name in paths:
        ArgumentError.check(name, (str, PathLike), "a path")
    ArgumentError.callable_or_none(skipped, "skipped: a function of a path and a reason",
                                   argument="skipped")
    ArgumentError.callable_or_none(hidden, "hidden: a function of a path", argument="hidden")
    names = [name if isinstance(name, str) else Path(name) for name in paths]
    again: list[Path] = []

    def skip(file: Path, why: str) -> None:
        if why == "again":
            again.append(file)
        if skipped is not None:
            skipped(file, why)
    # an empty file is said below as a score file says it ("no score line"), never in the
    # applications' words ("it holds no application")
    # a JSON integer of more digits than Python converts to an int (4,300) is read as the
    # exact Decimal its text is, as a score written as text is: judged by the scale (out of
    # it), never its whole record refused
    with integers_of_any_length():
        items: list[tuple[str, ScoreRow | ScoreProblem]] = [
            (place_of(record.source)[0], _score(record))
            for record in records(*names, mapping=_ONLY_SCORES, skipped=skip, hidden=hidden,
                                  stdin=stdin)
            if not _empty_file(record)]
    sheet = _sheet(_no_column(items))
    # a source holding no score line at all (an empty file or folder) is a problem of its
    # own; one whose files were all read before (given again) is not
    empty = tuple(ScoreProblem(str(name), 0, "score_none", unit="file") for name in names
                  if not any(_of(label, name) for label, _ in items)
                  and not any(_of(str(file), name) for file in again))
    return ScoreSheet(sheet.rows, empty + sheet.problems,
                      (0,) * len(empty) + sheet.places) if empty else sheet


def scores_from(scores: ScoreSheet | str | Path | Iterable[Mapping[str, object] | ScoreRow]
                ) -> ScoreSheet:
    """A :class:`ScoreSheet` from a sheet, a file path, or score records in memory (dicts
    with the keys application, reviewer, criterion and score, numbered from 1)."""
    if isinstance(scores, ScoreSheet):
        return scores
    if isinstance(scores, (str, PathLike)):
        return read_scores(scores)
    items = ArgumentError.iterable(scores, "scores: a file, a ScoreSheet or score records",
                                   argument="scores")
    return _sheet(item if isinstance(item, ScoreRow) else _in_memory(item, number)
                  for number, item in enumerate(items, start=1))


def _in_memory(item: object, number: int) -> ScoreRow | ScoreProblem:
    """The score, or the problem, of score record ``number`` given in memory: held to the
    one nesting limit of every reader (``too_deep``, as an application given as Python
    values is), its application named."""
    if isinstance(item, Mapping) and nested_deeper(item):
        return _too_deep("scores", number, "item", _text(item.get("application")) or None,
                         "too_deep")
    return _row(item, "scores", number, "item")


def _off_scale(value: Decimal, scale: Scale) -> str | None:
    """Why ``value`` is no score of ``scale`` (``score_out_of_scale``, ``score_off_step``,
    or ``score_too_precise``: more than :data:`SCORE_PLACES` decimals on a scale without a
    step), or None: a number is judged by its value, whatever its spelling or its length."""
    if not scale.minimum <= value <= scale.maximum:
        return "score_out_of_scale"
    if not scale.contains(value):
        return "score_off_step"
    return "score_too_precise" if scale.step is None and \
        decimal_places(value) > SCORE_PLACES else None


def by_scale(sheet: ScoreSheet, rules: SelectionRules) -> ScoreSheet:
    """``sheet`` with each score written with a comma or a point before exactly three digits
    read as the scale of its criterion decides, as a programme officer would: a comma
    (``score_comma_thousands``: ``3,500``) or a point in a text (a CSV cell, a JSON string:
    ``"3.500"``, :attr:`ScoreRow.written`) separates decimals (3.5) when three thousand five
    hundred is outside the scale (a scale of 0 to 5), thousands (3500) when 3.5 is (a scale
    of 1,000 to 10,000); the one value both readings give (``0,000``) is that value; digits
    beginning with 0 before the mark (``0,500``) separate no thousands. A reading within the
    scale is then judged as any score is (its step, its decimals: :func:`check_scores`).
    Both readings within the scale (``3,500`` or ``3.500`` on a scale of 0 to 10,000):
    ``score_comma_ambiguous`` or ``score_point_ambiguous``, naming both, never guessed.
    Neither, or a criterion the call does not have: a comma's problem as read, a point's
    decimal reading (as a JSON number ``3.500`` is read: then out of the scale). A score
    read so is a row in the place its line was read (:attr:`ScoreSheet.places`), every
    other row where it was: so a reviewer's first score is the one read first, however it
    is written; a record of the selection holds the number read. One pass over the lines
    (the problems sorted once by their places; a place a caller gave past the last row is
    after it, one before the first before it: every line in is a line out)."""
    known = _placed(sheet)
    count = len(sheet.rows)
    # each problem's place among the rows, within them (a place a caller gave beyond the
    # last row, or before the first, is after the last, or before the first: never lost)
    where = [min(max(place, 0), count) for place in sheet.places] if known \
        else [count] * len(sheet.problems)
    order = sorted(range(len(sheet.problems)), key=lambda n: (where[n], n))
    rows: list[ScoreRow] = []
    problems: list[ScoreProblem] = []
    places: list[int] = []
    changed = False

    def placed(read: ScoreRow | ScoreProblem, was: ScoreRow | ScoreProblem) -> None:
        nonlocal changed  # (a row, or a problem placed after the rows read before it)
        if isinstance(read, ScoreRow):
            rows.append(read)
        else:
            problems.append(read)
            places.append(len(rows))
        changed = changed or read is not was
    at = 0  # (the next problem of ``order``)
    for index in range(count + 1):
        while at < len(order) and where[order[at]] <= index:
            problem = sheet.problems[order[at]]
            placed(_read_by_scale(problem, rules), problem)
            at += 1
        if index < count:
            row = sheet.rows[index]
            placed(_row_by_scale(row, rules) if row.written is not None else row, row)
    if not changed and [sheet.problems[n] for n in order] == list(sheet.problems):
        return sheet
    return ScoreSheet(tuple(rows), tuple(problems), tuple(places) if known else ())


def _scale_reads(text: str, mark: str, criterion: str, rules: SelectionRules
                 ) -> Decimal | tuple[Decimal, Decimal, Scale] | None:
    """The value the scale of ``criterion`` reads ``text`` as, ``mark`` (a comma or a point
    before exactly three digits) separating decimals or thousands: the one reading within
    the scale, or the value both give; both readings and the scale when both are within
    it; None when neither is, or the criterion is not the call's (:func:`by_scale`)."""
    if criterion not in rules.ids:
        return None
    try:
        decimal, thousands = (_held(Decimal(text.replace(mark, separator)))
                              for separator in (".", ""))
    except ArithmeticError:  # (an exponent no Decimal holds: as read)
        return None
    if decimal == thousands:  # (``0,000``: 0, however it is read)
        return decimal
    scale = rules.criterion(criterion).scale
    # a thousands separator follows a group of one to three digits that does not begin
    # with 0: ``0,500``, ``012.500`` and ``12345.500`` are read with decimals only
    group = text.lstrip("+-").split(mark, 1)[0]
    readings = (decimal,) if group.startswith("0") else (decimal, thousands)  # (1-3 digits:
    # both callers' patterns take no more, _THOUSANDS_POINT and _THOUSANDS_COMMA; wrdmend77)
    within = [v for v in readings if scale.minimum <= v <= scale.maximum]
    if len(within) == 1:
        return within[0]
    return (decimal, thousands, scale) if within else None


def _ambiguous(problem: ScoreRow | ScoreProblem, code: str, text: str, criterion: str,
               read: tuple[Decimal, Decimal, Scale], application: str | None
               ) -> ScoreProblem:
    """The problem of a score both of whose readings are within its scale, both named."""
    decimal, thousands, scale = read
    return ScoreProblem(problem.source, problem.line, code, MappingProxyType({
        "value": _cut(text), "criterion": criterion, "decimal": decimal,
        "thousands": thousands, "min": scale.minimum, "max": scale.maximum}), application,
        problem.unit)


def _still_written(row: ScoreRow) -> bool:
    """Whether ``row``'s value is still the decimal reading of its text
    (:attr:`ScoreRow.written`): a value a caller put in its place (``replace(row,
    value=...)``) is the score, its text no more."""
    if row.written is None:
        return False
    held = _held(Decimal(row.written))
    return held == row.value and held.as_tuple() == row.value.as_tuple()


def _row_by_scale(row: ScoreRow, rules: SelectionRules) -> ScoreRow | ScoreProblem:
    """The row a score written with a point before three digits (:attr:`ScoreRow.written`)
    is as its criterion's scale reads it, or its problem (``score_point_ambiguous``); the
    row as read (its decimal reading) when the scale cannot tell (:func:`by_scale`)."""
    assert row.written is not None
    read = _scale_reads(row.written, ".", row.criterion, rules)
    if read is None:
        return row
    if isinstance(read, tuple):
        return _ambiguous(row, "score_point_ambiguous", row.written, row.criterion, read,
                          row.application)
    return replace(row, value=read, written=None)


def _read_by_scale(problem: ScoreProblem, rules: SelectionRules) -> ScoreRow | ScoreProblem:
    """The row a ``score_comma_thousands`` problem is as its criterion's scale reads it, or
    the problem (:func:`by_scale`)."""
    ctx = problem.ctx
    text, criterion, reviewer = (ctx.get(k) for k in ("value", "criterion", "reviewer"))
    if problem.code != "score_comma_thousands" or not isinstance(text, str) \
            or not isinstance(criterion, str) or not isinstance(reviewer, str) \
            or problem.application is None \
            or not _THOUSANDS_COMMA.fullmatch(text) \
            or "e" in text.lower():  # (a text cut when shown, or an exponent: as read)
        return problem  # (nobody writes a thousands separator before an exponent: 3,500e-3)
    read = _scale_reads(text, ",", criterion, rules)
    if read is None:
        return problem
    if isinstance(read, tuple):
        return _ambiguous(problem, "score_comma_ambiguous", text, criterion, read,
                          problem.application)
    return ScoreRow(problem.application, reviewer, criterion, read, problem.source,
                    problem.line, problem.unit)


def _as_typed(sheet: ScoreSheet) -> ScoreSheet:
    """``sheet`` with a row given again without the text it was typed as (``written``
    dropped) as that typed row: one line, judged once as typed, as a line given twice is
    (wrdmend77, look77w F5: equality now holds ``written``)."""
    typed = {replace(row, written=None): row for row in sheet.rows if row.written is not None}
    if not typed:
        return sheet
    rows = tuple(typed.get(row, row) if row.written is None else row for row in sheet.rows)
    return sheet if rows == sheet.rows else replace(sheet, rows=rows)


def check_scores(sheet: ScoreSheet, rules: SelectionRules, applications: Sequence[str]
                 ) -> tuple[tuple[ScoreRow, ...], tuple[ScoreProblem, ...]]:
    """The scores that fit the call and the batch, and a problem for each line that does not:
    an unknown criterion or application, a score off the scale, a reviewer's second score.
    A score written with a comma before three digits, or with a point before three digits
    in a text (``"3.500"``), is read as its scale decides (:func:`by_scale`)."""
    sheet = by_scale(_as_typed(sheet), rules)
    # ids match as every rule compares texts (callrules._keys): the score's id, stripped of
    # the spaces a spreadsheet leaves, names the application whose id has the same key
    # (an application's id never has surrounding spaces: refused when it is read); a key
    # that two ids of the batch share (one id written twice, ``A1`` and ``Ａ1``) names
    # neither: the score is said to be for both, never given to the one read last
    spellings: dict[str, list[str]] = defaultdict(list)
    for a in sorted(set(applications)):
        spellings[text_key(a, False)].append(a)
    known = {key: ids[0] for key, ids in spellings.items() if len(ids) == 1}
    kept: list[ScoreRow] = []
    # a problem's application named as the batch names it (a damaged line's id, a cell)
    problems = [replace(p, application=known.get(text_key(p.application, False),
                                                 p.application))
                if p.application is not None else p for p in sheet.problems]
    seen: dict[tuple[str, str, str], ScoreRow] = {}
    # the same line of the same file given twice (a sheet added to itself) is one line: it
    # is used once, never "a second score" that duplicates itself
    for row in dict.fromkeys(sheet.rows):
        same = known.get(text_key(row.application, False))
        if same is not None and same != row.application:
            row = replace(row, application=same)
        if row.criterion not in rules.ids:
            problems.append(ScoreProblem(row.source, row.line, "score_unknown_criterion",
                                         {"value": row.criterion,
                                          "known": ", ".join(rules.ids)}, row.application,
                                         row.unit))
            continue
        scale = rules.criterion(row.criterion).scale
        off = _off_scale(row.value, scale)
        if off is not None:
            problems.append(ScoreProblem(
                row.source, row.line, off,
                {"value": row.value, "criterion": row.criterion,
                 "min": scale.minimum, "max": scale.maximum, "step": scale.step or Decimal(0),
                 "places": SCORE_PLACES}, row.application, row.unit))
            continue
        if same is None:
            twins = spellings.get(text_key(row.application, False), ())
            problems.append(
                ScoreProblem(row.source, row.line, "score_same_id",
                             {"value": row.application, "ids": tuple(twins)}, unit=row.unit)
                if twins else
                ScoreProblem(row.source, row.line, "score_unknown_application",
                             {"value": row.application}, unit=row.unit))
            continue
        key = (row.application, text_key(row.reviewer, False), row.criterion)
        first = seen.get(key)
        if first is not None:
            problems.append(ScoreProblem(row.source, row.line, "score_duplicate",
                                         {"reviewer": row.reviewer, "criterion": row.criterion,
                                          "first": first.where,
                                          "application": row.application},
                                         row.application, row.unit))
            continue
        seen[key] = row
        kept.append(row)
    return tuple(kept), tuple(problems)
