"""Field paths: parsed, checked against the declared models, and compiled to getters.

A path is a dotted list of field names (``host.unit.location.country``), optionally starting
with a variable (``$root.documents``, ``$visitor.id``). Only fields the models declare can be
read; a path through a list reads that field of every item (``approvals.kind`` is the list of
the approvals' kinds). Nothing else is reachable: no dunders, no methods, no ``getattr`` on a
name that was not checked against a model first.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from operator import attrgetter
from typing import Any, Union

from pydantic import AwareDatetime, BaseModel

from callrules._money import Money
from callrules._suggest import did_you_mean

__all__ = ["FieldType", "Path", "PathError", "a_or_an", "kind_words", "kinds_words", "model_words",
           "parse_path", "path_key", "type_of"]

_NAME = r"[a-z][a-z0-9_]{0,63}"
_PATH_RE = re.compile(rf"^(\$(?P<var>{_NAME})(\.|$))?(?P<rest>{_NAME}(\.{_NAME}){{0,15}})?$")
MAX_PATH_LENGTH = 300
#: The two parts of a money value a path may read: ``budget.lines.amount.currency``.
_MONEY_PARTS = {"amount": "decimal", "currency": "str"}

Getter = Callable[[Any], Any]

#: Words that start with a vowel letter but not a vowel sound (``a Unit``, ``a user``).
_CONSONANT_SOUNDS = ("uni", "use", "usu", "eu", "one")


def a_or_an(text: str) -> str:
    """``text`` after its English indefinite article, for the library's own messages to
    call authors: "an optional date", "an int", "a list of Visitor", "a Unit" (it had
    been "'fields.ext' is a optional date")."""
    lowered = text.lower()
    vowel = lowered[:1] in ("a", "e", "i", "o", "u") and not lowered.startswith(
        _CONSONANT_SOUNDS)
    return f"{'an' if vowel else 'a'} {text}"


#: Each kind of field in the words of a call's author, alone and as a list's items: never a
#: Python type's name ("str", "int", "any": att84 "'answers.team' is an optional any").
_KIND_WORDS: dict[str, tuple[str, str]] = {
    "str": ("text", "texts"), "int": ("whole number", "whole numbers"),
    "bool": ("yes-or-no value", "yes-or-no values"),
    "decimal": ("decimal number", "decimal numbers"), "date": ("date", "dates"),
    "datetime": ("instant", "instants"), "money": ("amount of money", "amounts of money"),
    "any": ("answer (a text, a whole number or yes or no)", "answers"),
    "mapping": ("group of answers", "groups of answers"), "none": ("nothing", "nothing"),
    "list": ("list", "lists"), "model": ("group of fields", "groups of fields")}


def kind_words(kind: str, plural: bool = False) -> str:
    """A kind of field (``str``, ``datetime``…) in a call's author's words: ``text``,
    ``instant``; its plural for a list's items; a kind it does not know as "value"
    (never a Python type's name: wrdmend77).

    >>> kind_words("int"), kind_words("datetime", plural=True), kind_words("tuple")
    ('whole number', 'instants', 'value')
    """
    words = _KIND_WORDS.get(kind)
    return ("values" if plural else "value") if words is None else words[plural]


def kinds_words(kinds: Iterable[str], plural: bool = False) -> str:
    """Kinds in a call's author's words, joined by "or" (:func:`kind_words`).

    >>> kinds_words({"date", "datetime"})
    'date or instant'
    """
    return " or ".join(sorted({kind_words(kind, plural) for kind in kinds}))


def model_words(model: type[BaseModel], plural: bool = False) -> str:
    """A group of fields (a model: ``BudgetLine``) in a call's author's words: ``budget
    line``, ``budget lines`` (never its class name: wrdmend77).

    >>> from callrules._models import BudgetLine, Visitor
    >>> model_words(BudgetLine), model_words(Visitor, plural=True)
    ('budget line', 'visitors')
    """
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", model.__name__).lower().strip("_ ")
    words = re.sub(r"[^a-z ]+", " ", words).strip() or "group of fields"
    return f"{words}s" if plural and not words.endswith("s") else words


@dataclass(frozen=True, slots=True)
class FieldType:
    """The type of a field, as far as rules care: a kind, and for lists and models, more."""

    kind: str  # str int bool decimal date datetime money model list mapping any none
    model: type[BaseModel] | None = None
    item: FieldType | None = None
    optional: bool = False

    def describe(self, plural: bool = False) -> str:
        """A short description in a call's author's words: ``list of texts``, ``date, or
        nothing``, ``Visitor``; ``plural`` for a list's items."""
        if self.kind == "model" and self.model is not None:
            text = model_words(self.model, plural)
        elif self.kind == "list" and self.item is not None:
            items = self.item.describe(plural=True)
            if self.item.optional and self.item.kind != "none":  # (F7: whose "nothing")
                items = items.removesuffix(", or nothing") + " (each may be nothing)"
            text = f"{kind_words('list', plural)} of {items}"
        else:
            text = kind_words(self.kind, plural)
        return f"{text}, or nothing" if self.optional and self.kind != "none" else text

    def described(self) -> str:
        """:meth:`describe` after its article: "a date, or nothing", "a list of texts";
        "nothing" alone."""
        text = self.describe()
        return text if self.kind == "none" else a_or_an(text)


class PathError(ValueError):
    """A path that is malformed or does not lead to a declared field."""

    def __init__(self, message: str, *, code: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.hint = hint


_SCALARS: dict[Any, str] = {
    str: "str", int: "int", bool: "bool", Decimal: "decimal", date: "date",
    datetime: "datetime", Money: "money", type(None): "none", AwareDatetime: "datetime",
}


def type_of(annotation: Any) -> FieldType:
    """The :class:`FieldType` of a model field's annotation."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return type_of(typing.get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        if len(args) == 1:
            inner = type_of(args[0])
            return FieldType(inner.kind, inner.model, inner.item, optional or inner.optional)
        return FieldType("any", optional=optional)
    if origin in (tuple, list):
        return FieldType("list", item=type_of(typing.get_args(annotation)[0]))
    if origin is dict or annotation is dict:
        return FieldType("mapping", item=FieldType("any", optional=True))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return FieldType("model", model=annotation)
    if annotation in _SCALARS:
        return FieldType(_SCALARS[annotation])
    if isinstance(annotation, type) and issubclass(annotation, datetime):
        return FieldType("datetime")
    return FieldType("any")


@dataclass(frozen=True, slots=True)
class Path:
    """A checked path: where it starts, its fields, its type, and a compiled getter."""

    text: str
    var: str | None
    fields: tuple[str, ...]
    type: FieldType
    getter: Getter
    through_list: bool
    list_at: tuple[str, ...] = ()
    #: The most items the lists on the way can hold together (the product of their models'
    #: ``max_length``; :data:`UNBOUNDED_LIST` for a list without one): 1 for no list.
    longest: int = 1
    #: For a path through one list whose steps are always there (``approvals.kind``): the
    #: path to the list and the path read from each item, for generated code to inline.
    projection: tuple[Path, Path] | None = None
    #: The least and the most the model lets the value be, where it says so: a whole number
    #: (``ge``/``le``: a page count is 0 to 100,000), or the length of a list read whole
    #: (``min_length``/``max_length``: 1 to 1,000 visitors); None otherwise.
    span: tuple[int, int] | None = None
    #: The most characters a text it reads can hold, when its field says (else None).
    chars: int | None = None
    #: Whether the field it reads may hold an empty text, read as no value (an answer, a
    #: text declared with ``min_length`` 0): a ``""`` written against it means nothing.
    blank: bool = False

    @property
    def plain(self) -> bool:
        """Whether the path is a chain of fields that are always there (read as attributes,
        with no list or optional value on the way)."""
        return isinstance(self.getter, attrgetter)

    @property
    def loc(self) -> tuple[str, ...]:
        """The location a finding about this path names, relative to its scope: the path
        itself, or for a path through a list (``approvals.kind``) the list (``approvals``)."""
        return self.list_at if self.through_list else self.fields


def _suggest_deeper(name: str, model: type[BaseModel]) -> str | None:
    """A field one level down whose name is close to ``name``: ``institution.contry`` was
    probably meant as ``institution.location.country``."""
    nested: dict[str, str] = {}
    for outer, info in model.model_fields.items():
        inner = type_of(info.annotation)
        if inner.kind == "list" and inner.item is not None:
            inner = inner.item
        if inner.kind == "model" and inner.model is not None:
            for field_name in inner.model.model_fields:
                nested.setdefault(field_name, f"{outer}.{field_name}")
    close = difflib.get_close_matches(name, list(nested), n=1, cutoff=0.75)
    return f"did you mean {nested[close[0]]!r}?" if close else None


def parse_path(text: object, scope: FieldType, variables: Mapping[str, FieldType]) -> Path:
    """Check ``text`` against ``scope`` (and the bound ``variables``) and compile a getter."""
    if not isinstance(text, str):
        given = ("true or false" if isinstance(text, bool) else "a number" if isinstance(
            text, (int, float, Decimal)) else "a list" if isinstance(text, (list, tuple))
            else "a table" if isinstance(text, Mapping) else "nothing" if text is None
            else "something else")  # (in words, never a Python type's name: wrdmend77)
        raise PathError(f"a path is a text of dotted field names, not {given}",
                        code="path_syntax")
    if len(text) > MAX_PATH_LENGTH:
        raise PathError(f"path longer than {MAX_PATH_LENGTH} characters", code="path_syntax")
    match = _PATH_RE.match(text)
    if not match or not text:
        raise PathError(
            f"{text!r} is not a path: use lower-case field names separated by dots, "
            "optionally after a variable such as $root",
            code="path_syntax")
    var = match.group("var")
    rest = match.group("rest")
    current = scope
    if var is not None:
        if var not in variables:
            raise PathError(f"unknown variable ${var}", code="unknown_variable",
                            hint=did_you_mean(var, list(variables)) or
                            f"bound here: {', '.join('$' + v for v in variables)}")
        current = variables[var]
    fields = tuple(rest.split(".")) if rest else ()
    through_list = False
    list_at: tuple[str, ...] = ()
    longest = 1
    metadata: list[Any] = []
    last_kind, texts = "", metadata
    blank = False  # whether the field read last may hold an empty text (read as no value)
    for index, name in enumerate(fields):
        base = current.item if current.kind == "list" and current.item else current
        if current.kind == "list" and not through_list:
            through_list = True
            list_at = fields[:index]
        if base.kind == "model" and base.model is not None:
            declared = base.model.model_fields
            if name not in declared:
                raise PathError(
                    f"{a_or_an(model_words(base.model))} has no field {name!r} "
                    f"(in path {text!r})", code="unknown_field",
                    hint=did_you_mean(name, list(declared)) or _suggest_deeper(name, base.model)
                    or f"its fields are: {', '.join(declared)}")
            field_type = type_of(declared[name].annotation)
            metadata = list(declared[name].metadata) if index == len(fields) - 1 else []
            last_kind, texts = field_type.kind, metadata
            if last_kind == "list" and index == len(fields) - 1:  # texts: each one's bound
                texts = _item_metadata(declared[name].annotation)
                last_kind = "str" if field_type.item is not None and \
                    field_type.item.kind == "str" else "list"
            elif last_kind == "str" and index == len(fields) - 1 and \
                    _max_length(metadata) == UNBOUNDED_LIST:  # (an optional text's bound)
                texts = _item_metadata(declared[name].annotation)
            if field_type.kind == "list":
                longest *= _max_length(declared[name].metadata)
            blank = field_type.kind == "any" or (field_type.kind == "str" and _min_length(
                [*declared[name].metadata, *_item_metadata(declared[name].annotation)]) < 1)
            if base.optional:
                field_type = FieldType(field_type.kind, field_type.model, field_type.item, True)
        elif base.kind == "mapping":
            field_type = FieldType("any", optional=True)
            blank = True
        elif base.kind == "money" and name in _MONEY_PARTS:
            field_type = FieldType(_MONEY_PARTS[name], optional=base.optional)
            blank = False
        else:
            shown = ".".join(fields[:index]) or text
            if base.kind == "money":
                raise PathError(f"{shown!r} is money; it has only 'amount' and 'currency'",
                                code="not_a_model", hint=did_you_mean(name, list(_MONEY_PARTS)))
            raise PathError(f"{shown!r} is {base.described()}; it has no field {name!r}",
                            code="not_a_model")
        current = FieldType("list", item=field_type) if current.kind == "list" else field_type
    start = scope if var is None else variables[var]
    getter = _compile(fields, start, blank)
    projection = None
    if through_list:
        prefix = Path("", None, list_at, FieldType("list"), _compile(list_at, start), False)
        listed = parse_path(".".join(list_at), start, {}) if list_at else prefix
        item = listed.type.item
        if item is not None and (listed.plain or not list_at):
            suffix = parse_path(".".join(fields[len(list_at):]), item, {})
            if suffix.plain and suffix.type.kind != "list":
                projection = (listed, suffix)
    span = None if through_list else _span(current, metadata)
    chars = _max_length(texts) if texts and last_kind == "str" else None
    return Path(text, var, fields, current, getter, through_list, list_at, longest, projection,
                span, None if chars == UNBOUNDED_LIST else chars, blank)


def _span(found: FieldType, metadata: list[Any]) -> tuple[int, int] | None:
    """The least and most a whole number or a list's length can be, by the bounds its
    model's field states (both of them, or None)."""
    if found.kind == "int":
        low = next((v + d for m in metadata for v, d in ((getattr(m, "ge", None), 0),
                                                          (getattr(m, "gt", None), 1))
                    if isinstance(v, int)), None)
        high = next((v - d for m in metadata for v, d in ((getattr(m, "le", None), 0),
                                                           (getattr(m, "lt", None), 1))
                     if isinstance(v, int)), None)
    elif found.kind == "list":
        low = next((m.min_length for m in metadata
                    if isinstance(getattr(m, "min_length", None), int)), 0)
        high = next((m.max_length for m in metadata
                     if isinstance(getattr(m, "max_length", None), int)), None)
    else:
        return None
    return None if low is None or high is None else (low, high)


#: The length assumed for a list whose model states no ``max_length``.
UNBOUNDED_LIST = 100_000


def _item_metadata(annotation: Any) -> list[Any]:
    """The constraints stated on the items of the list type ``annotation`` (its items'
    ``Annotated`` metadata, a ``Field``'s unwrapped), or none."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    for arg in args:
        if typing.get_origin(arg) in (list, tuple):
            return _item_metadata(arg)
        if typing.get_origin(arg) is typing.Annotated:
            found: list[Any] = []
            for extra in typing.get_args(arg)[1:]:
                found.extend(getattr(extra, "metadata", None) or [extra])
            return found
    return []


def _min_length(metadata: list[Any]) -> int:
    """The least length a text's constraints state; 1 where they state none (a code, an
    e-mail address: its own check refuses an empty text)."""
    for item in metadata:
        value = getattr(item, "min_length", None)
        if isinstance(value, int):
            return value
    return 1


def _max_length(metadata: list[Any]) -> int:
    for item in metadata:
        value = getattr(item, "max_length", None)
        if isinstance(value, int):
            return value
    return UNBOUNDED_LIST


def _compile(fields: tuple[str, ...], start: FieldType, blank: bool = False) -> Getter:
    """A getter for ``fields`` from a value of type ``start``; ``None`` propagates. An empty
    text is no value: read as ``None`` (left out through a list), as ``present`` says it,
    so that every operator finds no value in an answer left blank (``""``, what a web
    form's empty field sends) as in one left out or null (session 44, F1); ``blank`` says
    that the field read last may hold one (an answer, a text whose ``min_length`` is 0),
    and such a path is never read as a plain chain of attributes."""
    if not fields:
        return _identity
    steps: list[tuple[str, str]] = []  # (name, how): how in attr, key, each-attr, each-key
    current = start
    plain = True
    for name in fields:
        base = current.item if current.kind == "list" and current.item else current
        is_list = current.kind == "list"
        is_map = base.kind == "mapping"
        steps.append((name, ("each-" if is_list else "") + ("key" if is_map else "attr")))
        if is_list or is_map or base.optional:
            plain = False
        if is_map:
            nxt = FieldType("any", optional=True)
        elif base.kind == "money":
            nxt = FieldType(_MONEY_PARTS[name], optional=base.optional)
        else:
            assert base.model is not None
            nxt = type_of(base.model.model_fields[name].annotation)
        current = FieldType("list", item=nxt) if is_list else nxt
    if plain and not blank:
        return attrgetter(".".join(fields))

    def get(value: Any) -> Any:
        for name, how in steps:
            if value is None:
                return None
            if how == "attr":
                value = getattr(value, name)
            elif how == "key":
                value = value.get(name)
            elif how == "each-attr":
                value = _flatten(getattr(v, name) for v in value if v is not None)
            else:
                value = _flatten(v.get(name) for v in value if v is not None)
        return None if _empty_text(value) else value

    return get


def _flatten(values: Any) -> tuple[Any, ...]:
    """The values read through a list, lists flattened and absent (null) values left out:
    ``approvals.by`` lists the approvals' signatories that are given."""
    out: list[Any] = []
    for v in values:
        if isinstance(v, tuple):
            out.extend(x for x in v if x is not None and not _empty_text(x))
        elif v is not None and not _empty_text(v):
            out.append(v)
    return tuple(out)


def _empty_text(value: Any) -> bool:
    """Whether ``value`` is the empty text, no value (:func:`_compile`)."""
    return value.__class__ is str and not value


def _identity(value: Any) -> Any:
    return value


def path_key(path: str, scope: str = "", names: Mapping[str, str] | None = None) -> str:
    """The field key of a path written in a rule (``$root.visitors.id``, ``$visitor.id``,
    ``category`` read inside ``visitors``); ``names`` gives the key of each bound variable
    (``{"$visitor": "visitors"}``)."""
    parts = [p for p in path.split(".") if p]
    if parts and names and parts[0] in names:
        return ".".join(p for p in (names[parts[0]], *parts[1:]) if p)
    if parts and parts[0] == "$root":
        return ".".join(parts[1:])
    if parts and parts[0].startswith("$"):
        return ".".join(parts[1:])  # a named item: its own fields
    return ".".join(([scope] if scope else []) + parts)
