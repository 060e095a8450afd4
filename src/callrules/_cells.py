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
  a JSON string: ``"5"``, ``"true"``; a number with a point or an exponent (``5.0``) is
  refused as in JSON, its message quoting the cell as typed and saying to write ``"5.0"``;
- everything else (text, codes, amounts, decimals, dates, instants) is text in JSON too,
  and is taken as it is, spaces included.

A cell that its field cannot take (``abc`` for a whole number, ``TRUE`` for yes/no) is kept
as text, and the model then reports it as JSON text of the wrong type would be: a typed
problem naming the field (by the call's label) and what it expects. Nothing is guessed.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import re
import types
import typing
from collections.abc import Mapping
from typing import Annotated, Any, Union

from pydantic import BaseModel

from callrules._json_numbers import NumberOutOfRange, decimal_number
from callrules._messages import INPUT_CODES
from callrules._models import AnswerSchema, WrittenNumber
from callrules._money import Money
from callrules.exceptions import InputProblem

__all__ = ["CsvRow", "column_problems", "read_cells"]

#: A whole number as JSON writes it; longer than 16 digits, it is out of every bound anyway.
_WHOLE = re.compile(r"-?(?:0|[1-9][0-9]{0,15})")
#: A JSON number (for an answer: a fraction or an exponent is refused as JSON's would be).
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:[.][0-9]+)?(?:[eE][+-]?[0-9]+)?")
_LITERALS: Mapping[str, Any] = {"true": True, "false": False, "null": None}


class CsvRow(dict[str, Any]):
    """An application as a CSV row gives it: nested like the JSON, every leaf the text of a
    cell. A form reads it (:func:`read_cells`) before its model checks it. ``columns``: each
    leaf's path (``host.role``, ``visitors.1.id``) to its column as the header writes it
    (``HOST.ROLE``, ``Visitors.01.ID``), for a problem to name the column as written."""

    __slots__ = ("columns",)

    def __init__(self, data: Mapping[str, Any] = types.MappingProxyType({}),
                 columns: Mapping[str, str] = types.MappingProxyType({})) -> None:
        super().__init__(data)
        self.columns = columns


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
            if len(cell) <= 100:
                decimal_number(cell)  # (a number JSON reads: refused, said as typed)
                return WrittenNumber(cell)
            return cell
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


def column_problems(found: InputProblem, row: Mapping[str, Any], model: type[BaseModel]
                    ) -> list[InputProblem]:
    """A key of a CSV row the model does not expect (``extra_forbidden``), said of the
    header's columns as the file writes them: a column the call does not know, with the
    column of a field it probably meant if one is close (``host.rloe`` for ``host.role``;
    only a column of a field of the call is suggested), or two columns of one name in two
    cases (``host.role`` and ``HOST.ROLE``), one of which must go. The columns under one
    unknown name (``hots.role``, ``hots.status``) are said once, of that name (session 38:
    « Key “nmae” », « Key “HOST” », the cell's key said as if a field's)."""
    loc = found.loc
    node: Any = row
    for part in loc:
        node = _child(node, part)
    column = ".".join(str(part) for part in loc)
    columns = sorted(_leaves(node, column)) or [column]
    written_as: Mapping[str, str] = getattr(row, "columns", {})
    names = _names_at(model, loc[:-1])
    key = str(loc[-1])
    twin = next((name for name in names if name != key and name.casefold() == key.casefold()),
                None)
    head = ".".join(str(part) for part in loc[:-1])
    out = []
    several = twin is None and len(columns) > 1  # one unknown name over several columns
    if several:
        columns = [column]
    for leaf in columns:
        written = _as_written(leaf, written_as)
        if twin is not None:
            other = next((_as_written(other, written_as) for other in _leaves(row, "")
                          if other != leaf and other.casefold() == leaf.casefold()), None) \
                or ".".join(p for p in (head, twin) if p) + leaf[len(column):]
            ctx = {"template": "csv_twin_columns", "column": written, "other": other}
        else:
            near = _column_meant(leaf[len(head) + 1 if head else 0:], _columns_of(
                model, loc[:-1]) if leaf != column or not names else names)
            template = "csv_unknown_columns" if several else "csv_unknown_column"
            ctx = {"template": template, "column": written}
            if near is not None:
                ctx = {"template": f"{template}_near", "column": written,
                       "near": ".".join(p for p in (head, near) if p)}  # (as the field)
        out.append(InputProblem((), found.type, INPUT_CODES[ctx["template"]] % ctx,
                                written, ctx))
    return out


def _as_written(path: str, written_as: Mapping[str, str]) -> str:
    """The column ``path`` (or the name ``path`` starts columns with) as the header writes
    it: ``HOST.x0`` for ``host.x0``, ``HOTS`` for the columns ``HOTS.ROLE``, ``HOTS.X``."""
    if not path or path in written_as:
        return written_as.get(path, path)
    steps = path.count(".") + 1
    return next((".".join(w.split(".")[:steps]) for k, w in written_as.items()
                 if k.startswith(path + ".") and k.count(".") == w.count(".")), path)


def _column_meant(written: str, columns: list[str]) -> str | None:
    """The column of ``columns`` (``#`` at a list's position) closest to ``written``, with
    ``written``'s own positions, if one is close: else None (nothing is guessed)."""
    parts = written.split(".")
    shape = ".".join("#" if part.isdigit() else part for part in parts).casefold()
    folded = {column.casefold(): column for column in columns}  # (HOTS.ROLE for host.role)
    near = difflib.get_close_matches(shape, folded, n=1, cutoff=0.6)
    positions = [part for part in parts if part.isdigit()]
    if not near or near[0].count("#") != len(positions):
        return None
    meant = folded[near[0]]
    for position in positions:
        meant = meant.replace("#", position, 1)
    return meant


#: The most fields deep a column's path is looked for (as the reader's own limit).
_DEPTH = 8


def _columns_of(model: type[BaseModel] | None, loc: tuple[str | int, ...]) -> list[str]:
    """The columns of the fields of the model at ``loc`` (``#`` at a list's position)."""
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part) if model is not None else None
        model = None if info is None else _model_in(info.annotation)
    return _field_columns(model, _DEPTH) if model is not None else []


def _field_columns(model: type[BaseModel], depth: int) -> list[str]:
    out: list[str] = []
    for name, info in model.model_fields.items():
        name = info.alias or name
        inner = _model_in(info.annotation)
        listed = _is_list(info.annotation)
        step = f"{name}.#" if listed else name
        if _is_money(info.annotation):
            out += [f"{step}.amount", f"{step}.currency"]
        elif inner is not None and depth > 1:
            out += [f"{step}.{sub}" for sub in _field_columns(inner, depth - 1)]
        else:
            out += [name, f"{name}.#"] if listed else [name]
    return out


def _is_list(annotation: Any) -> bool:
    if typing.get_origin(annotation) in (list, tuple):
        return True
    return any(_is_list(arg) for arg in typing.get_args(annotation)
               if typing.get_origin(annotation) is not typing.Annotated or arg is
               typing.get_args(annotation)[0])


def _is_money(annotation: Any) -> bool:
    if annotation is Money:
        return True
    return any(_is_money(arg) for arg in typing.get_args(annotation))


def _child(node: Any, part: str | int) -> Any:
    if isinstance(part, int):
        return node[part] if isinstance(node, list) and 0 <= part < len(node) else None
    return node.get(part) if isinstance(node, Mapping) else None


def _leaves(node: Any, prefix: str) -> list[str]:
    """The columns (dotted paths) of the cells under ``node``, whose own path is ``prefix``."""
    if isinstance(node, Mapping):
        items: Any = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return [prefix] if node is not None and prefix else []
    return [leaf for key, value in items
            for leaf in _leaves(value, f"{prefix}.{key}" if prefix else str(key))]


def _names_at(model: type[BaseModel] | None, loc: tuple[str | int, ...]) -> list[str]:
    """The keys the model expects at ``loc`` (its fields' names as written: aliases)."""
    for part in loc:
        if isinstance(part, int):
            continue  # (a list's item: its model is found through the list's field)
        info = model.model_fields.get(part) if model is not None else None
        model = None if info is None else _model_in(info.annotation)
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model a field's annotation holds (itself, or in a list, an optional, a union)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
