"""The shape of a raw record against its model's bounds, checked before the model reads it.

pydantic-core validates a list's items before it refuses the list's length, and reports every
key that is not a field: a record of 8 MiB could hold 500,000 visitors or 900,000 unknown keys
and cost gigabytes of problems. :func:`shape_problems` walks the raw record (a dict, as JSON
gives it) along the model's fields, counting, without validating anything: a list or a mapping
longer than its field allows is one ``too_long`` problem at that field (its items are not
looked at), and more keys that are no field than :data:`MAX_PROBLEMS` in the whole record is
one ``too_many_keys`` problem. The model then reads a record whose every list is within bounds:
an over-long list or mapping is emptied in it, its items past the bound and before it alike
unread (the list is one problem, whatever they hold: their problems are told once it is
shortened), and the model finds every other problem of the record, as it would without that
list; what it says at or inside the emptied list's place is dropped (:func:`outside`). The work
stays that of a record within bounds, once.

A pydantic error carries the value it is about, copied whole from the JSON text into Python
objects: a key that is no field, or a text field, given megabytes of nested lists cost seconds
and hundreds of megabytes a megabyte to be refused. :func:`shape` also gives the record with
each such value (a list or an object where the model takes no key, or a text, a number or a
yes/no) emptied, ``[]`` or ``{}``: the model refuses it with the same problem, at the same
place, in the same words (a problem names a value only when it is text, a number or a yes/no),
without reading its insides. Both come from one walk of the record.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Annotated, Any

from annotated_types import MaxLen
from pydantic import BaseModel

from callrules._messages import PLURALS
from callrules.exceptions import MAX_PROBLEMS, InputProblem

__all__ = ["outside", "shape", "shape_problems"]

#: The types of a field whose value is one scalar: given a list or an object, the model refuses
#: it whatever it holds.
_SCALARS = (str, int, bool)
#: The types of the values JSON gives that are no list and no object.
_LEAVES = frozenset({str, int, float, bool, Decimal, type(None)})


@dataclass(frozen=True, slots=True)
class _Slot:
    """One field of a model: its longest length (None: unbounded or not a collection), how it
    holds its values (``one``, ``list``, ``dict``), the model of each value walked into
    (None: none), and whether it takes one text, number or yes/no (a list or an object
    there is refused whatever it holds)."""

    most: int | None
    holds: str
    model: type[BaseModel] | None
    scalar: bool = False


def _unwrap(tp: Any) -> tuple[Any, list[Any]]:
    """``tp`` without ``Annotated`` and ``None`` alternatives, and the metadata stripped."""
    metadata: list[Any] = []
    while True:
        if typing.get_origin(tp) is Annotated:
            metadata.extend(tp.__metadata__)
            tp = tp.__origin__
            continue
        if typing.get_origin(tp) in (typing.Union, types.UnionType):
            kept = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(kept) != 1:
                return tp, metadata
            tp = kept[0]
            continue
        return tp, metadata


def _model(tp: Any) -> type[BaseModel] | None:
    tp, _ = _unwrap(tp)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _most(metadata: list[Any]) -> int | None:
    bounds = [m.max_length for m in metadata if isinstance(m, MaxLen)]
    for m in metadata:  # a Field(max_length=...) inside Annotated
        bounds += [x.max_length for x in getattr(m, "metadata", ()) if isinstance(x, MaxLen)]
    return min(bounds) if bounds else None


@cache
def _slots(model: type[BaseModel]) -> tuple[dict[str, _Slot], frozenset[str], bool]:
    """The fields of ``model`` that have a bound or a model, by the key a record gives them;
    the keys it accepts; and whether it refuses other keys."""
    slots = {}
    for name, info in model.model_fields.items():
        tp, metadata = _unwrap(info.annotation)
        most = _most([*info.metadata, *metadata])
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin in (tuple, list) and args:
            slot = _Slot(most, "list", _model(args[0]))
        elif origin is dict:  # no model holds a mapping of models: its values are not walked
            slot = _Slot(most, "dict", None)
        else:
            slot = _Slot(most, "one", _model(tp), tp in _SCALARS)
        slots[info.alias or name] = slot
    looked_at = {key: slot for key, slot in slots.items()
                 if slot.most is not None or slot.model is not None or slot.scalar}
    return looked_at, frozenset(slots), model.model_config.get("extra") == "forbid"


class _Walk:
    def __init__(self) -> None:
        self.problems: list[InputProblem] = []
        self.unknown = 0
        self.first: tuple[str | int, ...] | None = None

    def visit(self, model: type[BaseModel], raw: Any, loc: tuple[str | int, ...]) -> Any:
        """Count ``raw``'s problems against ``model``; return ``raw`` lightened (None if it
        holds nothing to empty; incomplete once :data:`MAX_PROBLEMS` problems are found)."""
        if not _is_mapping(raw) or len(self.problems) >= MAX_PROBLEMS:
            return None  # not an object: the model says so
        slots, accepted, strict = _slots(model)
        changed: dict[str, Any] = {}
        if strict:
            unknown = raw.keys() - accepted
            if unknown and self.first is None:
                self.first = loc
            self.unknown += len(unknown)
            if self.unknown > MAX_PROBLEMS:
                return None
            for key in unknown:
                _empty(raw[key], key, changed)
        for key, slot in slots.items():  # in the model's order, as the model reports
            value = raw.get(key)
            if type(value) in _LEAVES:
                continue  # absent, or nothing to count, to empty or to walk into
            here = (*loc, key)
            is_list = isinstance(value, (list, tuple))
            if slot.most is not None and (is_list or _is_mapping(value)) \
                    and len(value) > slot.most:
                self.problems.append(_too_long(here, slot.most, len(value)))
                changed[key] = [] if is_list else {}  # (none of its items read)
            elif slot.scalar:
                _empty(value, key, changed)
            elif slot.model is None:
                continue
            elif slot.holds == "list" and is_list:
                items = [self.visit(slot.model, item, (*here, i))
                         for i, item in enumerate(value)]
                if any(item is not None for item in items):
                    changed[key] = [value[i] if item is None else item
                                    for i, item in enumerate(items)]
            elif slot.holds == "one":
                inner = self.visit(slot.model, value, here)
                if inner is not None:
                    changed[key] = inner
        return {**raw, **changed} if changed else None


def _empty(value: Any, key: str, changed: dict[str, Any]) -> None:
    """``value``, refused whatever it holds, put emptied in ``changed`` at ``key`` if it is a
    list or an object that holds something."""
    if type(value) in (list, dict) and value:
        changed[key] = type(value)()


def _is_mapping(value: Any) -> bool:
    """Whether ``value`` is a mapping (a dict, as JSON gives, is told at once)."""
    return type(value) is dict or (not isinstance(value, (str, int, float, list))
                                   and isinstance(value, Mapping))


def _too_long(loc: tuple[str | int, ...], most: int, length: int) -> InputProblem:
    ctx = {"max_length": str(most), "actual_length": str(length)}
    return InputProblem(loc, "too_long", PLURALS["too_long"][1] % ctx, None, ctx)


def shape(model: type[BaseModel], raw: Any) -> tuple[list[InputProblem], Any]:
    """The problems of ``raw``'s shape against ``model``'s bounds: each over-long list or
    mapping once, and too many keys that are no field once (empty: let the model read it);
    and ``raw`` with every list or object that ``model`` refuses whatever it holds (at a key
    that is no field of a model that refuses them, or at a field of one text, number or
    yes/no) emptied, and every over-long list or mapping too, None if it holds none (only the
    objects on the way are copied). One walk gives both.

    With over-long lists, the model then reads that lightened record for the record's other
    problems (a problem it finds at or inside an over-long list's place is no problem of
    the record: see :func:`outside`); the lightened record is None when the walk stopped
    short (too many keys that are no field, :data:`MAX_PROBLEMS` over-long lists): the
    problems found are then all that is told."""
    walk = _Walk()
    light = walk.visit(model, raw, ())
    if walk.unknown > MAX_PROBLEMS:
        ctx = {"count": str(walk.unknown), "limit": str(MAX_PROBLEMS)}
        walk.problems.append(InputProblem(walk.first or (), "too_many_keys",
                                          PLURALS["too_many_keys"][1] % ctx, None, ctx))
        return walk.problems[:MAX_PROBLEMS], None
    if len(walk.problems) >= MAX_PROBLEMS:
        return walk.problems[:MAX_PROBLEMS], None
    return walk.problems, light


def outside(cut: list[InputProblem], found: list[InputProblem]) -> list[InputProblem]:
    """The over-long lists ``cut`` (as :func:`shape` tells them) and the problems the model
    ``found`` in the lightened record that are not at or inside one of them (an emptied list
    too short, a text field given an emptied list…: what the model said of the emptied value,
    not of the record), ``cut`` first and ``found`` in its order after them. Joined before
    any is counted (:class:`~callrules.InputError` lists the first ones and counts the
    others), so the dropped ones are not counted and the lists are listed however few
    problems are."""
    places = [p.loc for p in cut]
    return [*cut, *(p for p in found
                    if not any(p.loc[:len(at)] == at for at in places))]


def shape_problems(model: type[BaseModel], raw: Any) -> list[InputProblem]:
    """The problems of ``raw``'s shape (see :func:`shape`)."""
    return shape(model, raw)[0]
