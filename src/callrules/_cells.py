"""A record read from CSV, whose every cell is text, read through the model of a call's form.

CSV has only text, so a row is kept as it was written (:class:`CsvRow`, the nested structure
of an application with a text at each leaf) until a form reads it: then each cell becomes
the JSON value its field expects, by the field's type in that form's models, so that a row
and the same application written in JSON are read alike:

- a whole number (``pages``, a declared ``integer``): the digits as JSON writes them
  (``3``, ``-12``; not ``03``, ``+3``, `` 3`` or ``3.0``);
- yes or no (a declared ``boolean``): ``true`` or ``false``;
- a list of values (``host.unit.affiliations``, a declared field with ``list = true``): one
  cell, its items separated by semicolons and trimmed (``a; b``), each read as an item of
  its type; or one column per item, by position (``fields.tags.0``, ``fields.tags.1``),
  which keeps an item's own spaces and semicolons;
- a call-specific answer (``answers.…``, text, a whole number, yes/no or nothing): a cell
  that is a JSON scalar (``5``, ``true``, ``false``, ``null``, ``"5"``) is that value; any
  other cell is text (``007``, ``oui``). Text that would read as a JSON scalar is written as
  a JSON string: ``"5"``, ``"true"``;
- everything else (text, codes, amounts, decimals, dates, instants) is text in JSON too,
  and is taken as it is, spaces included.

A cell that its field cannot take (``abc`` for a whole number, ``TRUE`` for yes/no) is kept
as text, and the model then reports it as JSON text of the wrong type would be: a typed
problem naming the field (by the call's label) and what it expects. Nothing is guessed.
"""

from __future__ import annotations

import contextlib
import json
import re
import types
import typing
from collections.abc import Mapping
from typing import Annotated, Any, Union

from pydantic import BaseModel

from callrules._json_numbers import NumberOutOfRange, decimal_number
from callrules._models import AnswerSchema

__all__ = ["CsvRow", "read_cells"]

#: A whole number as JSON writes it; longer than 16 digits, it is out of every bound anyway.
_WHOLE = re.compile(r"-?(?:0|[1-9][0-9]{0,15})")
#: A JSON number (for an answer: a fraction or an exponent is refused as JSON's would be).
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:[.][0-9]+)?(?:[eE][+-]?[0-9]+)?")
_LITERALS: Mapping[str, Any] = {"true": True, "false": False, "null": None}


class CsvRow(dict[str, Any]):
    """An application as a CSV row gives it: nested like the JSON, every leaf the text of a
    cell. A form reads it (:func:`read_cells`) before its model checks it."""

    __slots__ = ()


class _Answers:
    """The marker of the values of ``answers``: a cell is read as a JSON scalar."""


def read_cells(model: type[BaseModel], row: Mapping[str, Any]) -> dict[str, Any]:
    """``row`` with each cell read as the JSON value its field in ``model`` expects."""
    return {key: _value(_field(model, key), cell) for key, cell in row.items()}


def _field(model: type[BaseModel] | None, key: str) -> Any:
    """The annotation of ``model``'s field ``key`` (None if there is none: the model will
    report the key as it is)."""
    if model is None:
        return None
    info = model.model_fields.get(key)
    return None if info is None else info.annotation


def _value(annotation: Any, cell: Any) -> Any:
    kind = _unwrap(annotation)
    if isinstance(cell, Mapping):
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            return read_cells(kind, cell)
        if typing.get_origin(kind) is dict:
            item = _item(kind, 1)
            return {k: _value(item, v) for k, v in cell.items()}
        return dict(cell)
    if isinstance(cell, list):
        item = _item(kind, 0) if typing.get_origin(kind) is tuple else None
        return [_value(item, v) for v in cell]
    if not isinstance(cell, str):
        return cell
    if typing.get_origin(kind) is tuple:  # a list in one cell: "CNRS; Université Paris Cité"
        item = _item(kind, 0)
        return [_value(item, part.strip()) for part in cell.split(";") if part.strip()]
    return _scalar(kind, cell)


def _scalar(kind: Any, cell: str) -> Any:
    if kind is bool:
        return cell == "true" if cell in ("true", "false") else cell
    if kind is int:
        return int(cell) if _WHOLE.fullmatch(cell) else cell
    if kind is _Answers:
        return _answer(cell)
    return cell


def _answer(cell: str) -> Any:
    """An answer's cell: a JSON scalar when it is written as one, text otherwise."""
    if cell in _LITERALS:
        return _LITERALS[cell]
    if _NUMBER.fullmatch(cell):
        if _WHOLE.fullmatch(cell):
            return int(cell)
        with contextlib.suppress(NumberOutOfRange):  # (1e9999999999999999999: text)
            return decimal_number(cell) if len(cell) <= 100 else cell
        return cell  # refused as an answer either way
    if len(cell) >= 2 and cell.startswith('"') and cell.endswith('"'):
        try:
            value = json.loads(cell)
        except ValueError:
            return cell
        if isinstance(value, str):
            return value
    return cell


def _item(kind: Any, index: int) -> Any:
    args = typing.get_args(kind)
    return args[index] if len(args) > index else None


def _unwrap(annotation: Any) -> Any:
    """The type an annotation reads, without ``Annotated`` or ``None`` around it; answers
    are told by their schema's marker."""
    while True:
        if typing.get_origin(annotation) is Annotated:
            args = typing.get_args(annotation)
            if any(isinstance(meta, AnswerSchema) for meta in args[1:]):
                return _Answers
            annotation = args[0]
            continue
        if typing.get_origin(annotation) in (Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
            continue
        return annotation
