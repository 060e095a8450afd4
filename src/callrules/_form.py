"""A call's form: its declared fields and the models built from them.

A call file declares fields at five levels of an application (``LEVELS``)::

    [fields.visitors.phd_awarded]
    type = "date"
    required = true
    min = "2015-01-01"
    label = { fr = "Date d'obtention du doctorat", en = "PhD award date" }

In an application they live in a ``fields`` object at that level
(``{"visitors": [{…, "fields": {"phd_awarded": "2019-06-30"}}]}``). The generic models
(:mod:`callrules._models`) hold any ``fields``; a call's :class:`Form` builds its own models,
subclasses of the generic ones whose ``fields`` is a model of the declared fields, each typed
with the generic models' own strict types (a date is ``"YYYY-MM-DD"``, an amount a string, a
country an ISO code…) and its bounds, so that pydantic-core checks them with the rest of the
application. The call's rules are type-checked against these models when it loads:
``visitors.fields.phd_awarded`` is a date, and a field the call does not declare is refused.
"""

from __future__ import annotations

import copyreg
import hashlib
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
    ValidationError,
    create_model,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import InitErrorDetails, core_schema

from callrules import _definitions as d
from callrules._cells import CsvRow, column_problems, read_cells
from callrules._colours import uncoloured_text
from callrules._files_given import refuse_a_file
from callrules._in_words import cut, cut_apart
from callrules._json_numbers import NUMBER_TEXT, decimal_number, nested_deeper, whole_number
from callrules._jsontext import (
    RepeatedKeyError,
    blanks_as_spaces,
    json_values,
    unpadded_document,
)
from callrules._keys import listed_twice, text_key, twice_said
from callrules._messages import FIELDS, INPUT_CODES
from callrules._models import (
    Application,
    Approval,
    Budget,
    BudgetLine,
    CountryCode,
    Day,
    Document,
    Email,
    Host,
    Instant,
    LanguageCode,
    Printable,
    SubdivisionCode,
    Unit,
    Visitor,
    given_twice,
    number_template,
)
from callrules._money import Money, MoneyField, parse_amount
from callrules._paths import a_or_an
from callrules._portable_patterns import portable
from callrules._problems import input_problems, printable, problem, too_deep_problem
from callrules._quoted_printable import cut_softly, escaped_character
from callrules._shape import outside, shape
from callrules._tags import language_of
from callrules._text_before import text_before
from callrules._time import localize
from callrules._vocabularies import CODED_FIELDS, Labels, Vocabulary, label_key
from callrules.exceptions import DefinitionError, InputError, InputProblem, TimeError

__all__ = ["DECIMAL_PATTERN", "FIELDS_MODELS", "DeclaredField", "Form", "build_form",
           "generic_form"]

#: A decimal number as JSON text: an optional minus sign, at most 18 digits before the dot
#: and 8 after, no exponent, no separators (as an amount is written, signed).
DECIMAL_PATTERN = "^-?(?:[0-9]{1,18}(?:[.][0-9]{0,8})?|[.][0-9]{1,8})$"
#: The bounds of a whole number when the call states none (as for ``answers``).
WHOLE_LIMIT = 10**15
#: The most items a declared list holds when the call states no ``max_length``.
LIST_LIMIT = 100
#: The longest declared text when the call states no ``max_length``.
TEXT_LIMIT = 500
_TEXT_MOST = 5000
_SURROGATE = re.compile("[\ud800-\udfff]")
#: How many accepted values a problem names (then "…"): a message stays readable.
VALUES_SHOWN = 20
_BOUNDED = frozenset({"integer", "decimal", "date", "instant", "money"})
#: The name of the model of each level's declared fields (in the JSON Schema's ``$defs``).
FIELDS_MODELS = {"application": "ApplicationFields", "host": "HostFields",
                "visitors": "VisitorFields", "budget_lines": "BudgetLineFields",
                "documents": "DocumentFields"}


class _FieldsModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=False)


def _as_code(codes: list[str], labels: Labels | None = None) -> core_schema.CoreSchema:
    """The literal schema of ``codes``, reading first a text whose key
    (:func:`callrules._keys.text_key`, the one identity of text) is a code's key as that code:
    ``café`` written with a combining accent is the code ``café``. With the ``labels`` of a
    vocabulary (code → language → label), a label is read as its code too, in any case
    (``Travel`` or ``accommodation`` for the codes whose labels they are): the messages offer
    the accepted values by their labels, and what they offer is accepted when typed back. A
    label that is the label of two codes is neither (:func:`ambiguous_label` refuses such a
    vocabulary when the call loads)."""
    by_key = {text_key(code, False): code for code in codes}
    by_label: dict[str, str] = {}
    for code, texts in (labels or {}).items():
        for label in texts.values():
            by_label.setdefault(label_key(label), code)
    exact = frozenset(codes)

    def code_of(value: Any) -> Any:
        if isinstance(value, str) and value not in exact:
            key = text_key(value, False)
            return by_key.get(key) or by_label.get(label_key(key), value)
        return value

    return core_schema.no_info_before_validator_function(code_of,
                                                         core_schema.literal_schema(codes))


class _Choice:
    """A code from the call's list of ``values`` (a pydantic-core literal, read through
    :func:`_as_code`); anything else is the problem ``choice``, which lists the accepted
    values."""

    def __init__(self, values: Sequence[str]) -> None:
        self.values = list(values)

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler
                                     ) -> core_schema.CoreSchema:
        return core_schema.custom_error_schema(
            _as_code(self.values), custom_error_type="choice",
            custom_error_message=INPUT_CODES["choice"].replace("“%(value)s”", "the value")
            .replace("%(accepted)s", "{accepted}"),
            custom_error_context={"accepted": ", ".join(self.values),  # (each apart, listed
                                  "keys": tuple(self.values)})  # as a language lists them)

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {"type": "string", "enum": self.values}


class _InVocabulary:
    """A code of one of the call's vocabularies (a pydantic-core literal: a hash lookup);
    anything else is the problem ``not_in_vocabulary``, which :meth:`Form._problems` words
    with the field's label and the accepted values' labels. In the JSON Schema, an ``enum``
    marked ``x-callrules-vocabulary`` (which ``callrules._schema`` offers as ``oneOf``
    constants, each titled with its label in the reader's language)."""

    def __init__(self, vocabulary: Vocabulary, path: str) -> None:
        self.vocabulary, self.path = vocabulary, path

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler
                                     ) -> core_schema.CoreSchema:
        codes = list(self.vocabulary.values)
        return core_schema.custom_error_schema(
            _as_code(codes, self.vocabulary.values), custom_error_type="not_in_vocabulary",
            custom_error_message=f"the value is not in the vocabulary {self.vocabulary.name}",
            custom_error_context={"vocabulary": self.vocabulary.name, "path": self.path})

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {"type": "string", "enum": list(self.vocabulary.values),
                "x-callrules-vocabulary": self.vocabulary.name}


class _DecimalText:
    """A decimal number: JSON text matching :data:`DECIMAL_PATTERN` (``"0.25"``), or from
    Python a finite ``Decimal``; anything else is the problem ``decimal_text``."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler
                                     ) -> core_schema.CoreSchema:
        text = core_schema.chain_schema([
            core_schema.str_schema(strict=True, pattern=DECIMAL_PATTERN),
            core_schema.decimal_schema()])
        python = core_schema.decimal_schema(strict=True, allow_inf_nan=False, max_digits=26,
                                            decimal_places=8)
        return core_schema.custom_error_schema(
            core_schema.json_or_python_schema(
                json_schema=text,
                python_schema=core_schema.union_schema([python, text], mode="left_to_right"),
                serialization=core_schema.plain_serializer_function_ser_schema(
                    lambda value: format(value, "f"))),
            custom_error_type="decimal_text", custom_error_message=INPUT_CODES["decimal_text"])

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {"type": "string", "pattern": portable(DECIMAL_PATTERN), "examples": ["0.25"]}


class _Bounds:
    """The call's ``min`` and ``max`` of a number, a date, an instant or an amount: checked
    after the value is read (natively, except for money), each bound its own problem
    (``field_min``, ``field_max``) naming the bound. In the JSON Schema, a whole number's
    bounds are ``minimum`` and ``maximum``; other values, written as text, carry them as
    ``x-callrules-minimum`` and ``x-callrules-maximum`` (the bound's own text).

    A problem keeps the bound as the call file writes it (``0.90``, ``2020-01-01``,
    ``10.00 NZD``) with its kind (``bound``), the call's zone (``zone``, an instant's) and
    currency (``currency``, an amount's): its message says it as the rules' findings say such
    a value, « 0,90 », « 1er janvier 2020 », « 10,00 $NZ » (``callrules._wording``)."""

    def __init__(self, kind: str, low: Any, high: Any, currency: str,
                 zone: ZoneInfo | None = None) -> None:
        self.kind, self.low, self.high, self.currency = kind, low, high, currency
        self.said: dict[str, str] = {"bound": kind}  # what a message needs to say a bound
        if kind == "money":
            self.said["currency"] = currency
        if kind == "instant" and zone is not None:
            self.said["zone"] = zone.key

    def _shown(self, value: Any) -> str:
        if isinstance(value, Decimal):
            return format(value, "f")
        if isinstance(value, datetime):
            return value.isoformat()
        return str(value)

    def _step(self, code: str, key: str, value: Any) -> core_schema.CoreSchema:
        limit = {"ge" if code == "field_min" else "le": value}
        inner: core_schema.CoreSchema
        if self.kind == "integer":
            inner = core_schema.int_schema(strict=True, **limit)
        elif self.kind == "decimal":
            inner = core_schema.decimal_schema(strict=True, **limit)
        elif self.kind == "date":
            inner = core_schema.date_schema(strict=True, **limit)
        else:
            inner = core_schema.datetime_schema(strict=True, **limit)
        shown = self._shown(value)
        return core_schema.custom_error_schema(
            inner, custom_error_type=code,
            custom_error_message=INPUT_CODES[code].replace(f"%({key})s", "{" + key + "}"),
            custom_error_context={key: shown, **self.said})

    def _money(self, value: Money) -> Money:
        if value.currency != self.currency:
            raise problem("field_currency", currency=self.currency)
        if self.low is not None and value.amount < self.low:
            raise problem("field_min", min=f"{format(self.low, 'f')} {self.currency}",
                          **self.said)
        if self.high is not None and value.amount > self.high:
            raise problem("field_max", max=f"{format(self.high, 'f')} {self.currency}",
                          **self.said)
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler
                                     ) -> core_schema.CoreSchema:
        read = handler(source)
        if self.kind == "money":
            return core_schema.no_info_after_validator_function(self._money, read)
        steps = [read]
        if self.low is not None:
            steps.append(self._step("field_min", "min", self.low))
        if self.high is not None:
            steps.append(self._step("field_max", "max", self.high))
        return core_schema.chain_schema(steps) if len(steps) > 1 else read

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        out = dict(handler(schema))
        if self.kind == "integer":
            if self.low is not None:
                out["minimum"] = self.low
            if self.high is not None:
                out["maximum"] = self.high
            return out
        if self.kind == "money":
            properties = dict(out["properties"])
            properties["currency"] = {"type": "string", "enum": [self.currency]}
            out["properties"] = properties
        if self.low is not None:
            out["x-callrules-minimum"] = self._shown(self.low)
        if self.high is not None:
            out["x-callrules-maximum"] = self._shown(self.high)
        return out


@dataclass(frozen=True, slots=True)
class DeclaredField:
    """A field a call declares: where (``level``), its name, its type and options, and the
    annotation its models use."""

    level: str
    name: str
    spec: d.FieldSpec
    annotation: Any
    #: The bounds as read (a number, a date, an instant, an amount), or None.
    min: Any = None
    max: Any = None

    @property
    def path(self) -> str:
        """The path a rule reads it by: ``visitors.fields.phd_awarded``."""
        return ".".join((*d.LEVELS[self.level], "fields", self.name))

    @property
    def loc(self) -> tuple[str, ...]:
        """Where it is declared in the call file: ``("fields", "visitors", "phd_awarded")``."""
        return ("fields", self.level, self.name)

    def label(self, locale: str) -> str | None:
        """The call's label of the field in ``locale``'s language (None if it gives none)."""
        texts = self.spec.label
        if not texts:
            return None
        lang = language_of(locale)
        return texts.get(lang) or next(iter(texts.values()))


@dataclass(frozen=True, slots=True, eq=False)
class Form:
    """A call's form: its declared fields, by level then name, and the application model
    that reads them (:class:`~callrules.Application` itself for the generic form)."""

    fields: Mapping[str, Mapping[str, DeclaredField]]
    application: type[Application]
    #: Every declared field, level by level.
    declared: tuple[DeclaredField, ...] = ()
    #: The call's first language: the one its labels are named in, in input problems.
    language: str = "en"
    #: The vocabulary serving each coded field, by the field's path (``visitors.category``).
    vocabularies: Mapping[str, Vocabulary] = dataclass_field(default_factory=dict)
    #: Every language of the call (the vocabularies' labels are in each).
    languages: tuple[str, ...] = ("en",)
    #: The call's own labels of fields, by path (its ``[labels.fields]``).
    field_labels: Mapping[str, Mapping[str, str]] = dataclass_field(default_factory=dict)

    def parse(self, record: Any, *, source: str | None = None) -> Application:
        """An application of this form from a model, a dict or JSON text; :class:`InputError`
        naming each problem (a declared field by its place, ``visitors[0].fields.x``).

        A call that declares no field and no vocabulary reads applications with the generic
        model (the same objects as :func:`callrules.parse_application`, at the same speed),
        then refuses any key of ``fields``. A file open in Python, or a file's path, is
        refused in words (:class:`~callrules.ArgumentError`), its records never read."""
        refuse_a_file(record)
        if self.declared or self.vocabularies:
            return self._read(self.application, record, source)
        return self._read(Application, record, source,
                          self.application is not Application)

    def _read(self, model: type[Application], record: Any, source: str | None,
              no_fields: bool = False) -> Application:
        """``record`` read by ``model``; with ``no_fields``, a key of ``fields`` is refused
        (a call that declares none). A list over its bound is one problem beside the
        record's others, first (:func:`callrules._shape.outside`)."""
        app, cut = self._validated(model, record, source)
        found = list(_stray(app)) if no_fields and not _no_fields(app) else []
        if cut:
            raise InputError(outside(cut, found), source=source)
        if found:
            raise InputError(found, source=source)
        return app

    def _validated(self, model: type[Application], record: Any, source: str | None
                   ) -> tuple[Application, list[InputProblem]]:
        """``record`` read by ``model``, and the lists over their bound it holds (emptied in
        what the model read), still to be told; :class:`InputError` with every problem
        found, those lists' first."""
        if isinstance(record, model):
            return record, []
        if isinstance(record, InputError):  # a record that could not even be read
            raise record
        row = record if isinstance(record, CsvRow) else None  # (its columns, as written)
        if isinstance(record, CsvRow):  # text cells: read as this form's fields expect
            record = read_cells(model, record)
        if isinstance(record, (str, bytes, bytearray)):  # (padding around it, as the
            record = unpadded_document(record)  # readers of batches drop it: no part of it)
        if isinstance(record, str) and not record.isascii() and _SURROGATE.search(record):
            record = _decoded(record, source)  # a lone surrogate: no UTF-8 for pydantic-core
        cut: list[InputProblem] = []  # the lists over their bound, emptied in what is read
        ids: list[tuple[int, str]] = []  # each visitor's id, as given
        try:
            if isinstance(record, Application):  # a generic application: read its fields
                return model.model_validate(record.model_dump()), cut
            if isinstance(record, (str, bytes, bytearray)):  # JSON text: read by pydantic-core
                raw = _parsed(record)
                if raw is None:  # not JSON as it is: blanks a paste lays between its tokens?
                    record, raw = _spaced(record)
                if raw is None and cut_softly(record):  # (quoted-printable, a mail body)
                    raise InputError([InputProblem((), "quoted_printable", INPUT_CODES[
                        "quoted_printable"])], source=source)
                if raw is None and (before := text_before(record)) is not None:
                    ctx = {"template": "json_text_before", "text": before}
                    raise InputError([InputProblem((), "json_invalid", INPUT_CODES[
                        "json_text_before"] % ctx, None, ctx)], source=source)
                if isinstance(raw, str):  # a JSON string: JSON text encoded twice?
                    _not_encoded_twice(raw, source)
                cut, light = _check_shape(model, raw, source)
                ids = _visitor_ids(raw if light is None else light)
                del raw  # not held while the model reads
                if light is not None:  # a bulky value refused whole: not copied into a problem
                    written = _written(light, record)
                    if cut and written is record:  # (not written again: the lists are told)
                        raise InputError(cut, source=source)
                    record = written
                return model.model_validate_json(record), cut
            if isinstance(record, Mapping):
                if nested_deeper(record):  # (the limit of JSON text, for Python values too)
                    raise RecursionError
                cut, light = _check_shape(model, record, source)
                ids = _visitor_ids(record if light is None else light)
                return model.model_validate(light if cut else record), cut
        except ValidationError as exc:  # (the lists over their bound first, then the rest,
            found = _with_twice_given(self._problems(exc, row, model), ids)  # before any
            if isinstance(record, (str, bytes, bytearray)):
                found = _numbers_as_typed(found, record)
            raise InputError(outside(cut, found), source=source) from None  # is counted)
        except RepeatedKeyError as exc:  # no value silently wins (callrules._jsontext)
            raise InputError(outside(cut, [exc.problem]), source=source) from None
        except RecursionError:  # (deeper than the one limit of every reader: said so)
            raise InputError(outside(cut, [too_deep_problem()]), source=source) from None
        raise InputError([InputProblem(  # (in words: a Python type's name is no word for
            (), "not_an_object", "An application is a JSON object.")],  # the reader)
            source=source)

    def _problems(self, exc: ValidationError, row: CsvRow | None = None,
                  model: type[Application] = Application) -> list[InputProblem]:
        """The record's problems, a key of ``fields`` the call does not declare told as such,
        with the keys it accepts there; another key a CSV row's header gives said of its
        column (:func:`~callrules._cells.column_problems`)."""
        out: list[InputProblem] = []
        for found in input_problems(exc):
            level = _level_of(found.loc) if found.type == "extra_forbidden" else None
            if level is not None and self.application is not Application:
                here = self.fields.get(level, {})
                key = str(found.loc[-1])
                ctx = {"field": key,  # words for people, keys for machines
                       **_labels("", [f.label(self.language) or f.name
                                      for f in here.values()]),
                       "keys": tuple(here)}  # (each apart: a key may hold ", ")
                for lang in self.languages:  # the labels in each language of the call
                    ctx.update(_labels(f"_{lang}", [f.label(lang) or f.name
                                                    for f in here.values()]))
                code = "undeclared_field" if here else "no_declared_fields"
                found = InputProblem(found.loc, code,  # (the key in words cut: att88 F1)
                                     INPUT_CODES[code] % {**ctx, "field": cut(key)},
                                     found.input, ctx)
            elif found.type == "not_in_vocabulary" and found.ctx:
                found = self._outside(found, found.ctx)
            elif found.type == "extra_forbidden" and row is not None:
                out.extend(column_problems(found, row, model))
                continue
            out.append(found)
        return out

    def _outside(self, found: InputProblem, raw: Mapping[str, str | tuple[str, ...]]
                 ) -> InputProblem:
        """A value outside its field's vocabulary, told with the field's label and the
        accepted values' labels, in each language of the call (``field_fr``,
        ``accepted_fr``…: the renderings pick the reader's); ``keys`` lists the codes, each
        apart (a tuple: a JSON array), the first ones alone as ``labels``."""
        path = str(raw["path"])
        vocabulary = self.vocabularies[path]
        codes = list(vocabulary.values)
        shown, more = codes[:VALUES_SHOWN], len(codes) > VALUES_SHOWN
        first = "en" if "en" in self.languages else self.languages[0]
        own = self.field_labels.get(path) or {}
        ctx: dict[str, str | tuple[str, ...]] = {
            "value": str(raw.get("value", "?")), "vocabulary": vocabulary.name, "path": path,
            "keys": tuple(shown),  # (each apart: a code may hold ", "; ``accepted``: « … »)
            "field": own.get(first) or FIELDS.get(path) or path.rsplit(".", 1)[-1]}
        for lang in self.languages:
            ctx.update(_labels(f"_{lang}", [vocabulary.label(code, lang, self.languages)
                                            for code in shown], more))
            if lang in own:
                ctx[f"field_{lang}"] = own[lang]
        ctx["accepted"], ctx["labels"] = ctx[f"accepted_{first}"], ctx[f"labels_{first}"]
        return InputProblem(found.loc, found.type, INPUT_CODES[found.type] % ctx, found.input,
                            ctx)


def _numbers_as_typed(found: list[InputProblem], text: str | bytes | bytearray
                      ) -> list[InputProblem]:
    """``found``, each answer refused as a number (``answer_number``, ``answer_long``,
    ``answer_decimal``) quoting the number as the JSON ``text`` wrote it (``1.10``,
    ``100.0e-2``, ``1e999999999``: pydantic-core's float would say ``1.1``, ``1.0``,
    ``inf``), read exactly (:data:`~callrules._json_numbers.NUMBER_TEXT`), cut as a typed
    value is (:func:`~callrules._in_words.cut`) and said with the words of that text
    (:func:`~callrules._models.number_template`)."""
    if not any((p.ctx or {}).get("template") in _NUMBER_WORDS for p in found):
        return found
    try:
        tree = NUMBER_TEXT.decode(text if isinstance(text, str) else bytes(text).decode())
    except (ValueError, RecursionError):
        return found
    out = []
    for one in found:
        typed = tree
        for key in one.loc if (one.ctx or {}).get("template") in _NUMBER_WORDS else ():
            typed = typed.get(key) if isinstance(typed, dict) and isinstance(key, str) else None
        if isinstance(typed, str) and one.ctx is not None:
            words = number_template(typed)
            ctx = {**one.ctx, "value": printable(cut(typed)), "template": words}
            one = InputProblem(one.loc, one.type, INPUT_CODES[words] % ctx,
                               one.input, ctx)
        out.append(one)
    return out


#: The templates of a number refused as an answer (:func:`_numbers_as_typed`).
#: (``answer_type`` set as a template: a number no digits write, ``inf`` from JSON's
#: ``1e999999999``, its typed text found here; a ``NaN`` literal keeps these words.)
_NUMBER_WORDS = frozenset({"answer_number", "answer_long", "answer_decimal", "answer_type"})


def _labels(suffix: str, labels: list[str], more: bool = False
            ) -> dict[str, str | tuple[str, ...]]:
    """A problem's accepted ``labels`` (in one language: ``suffix`` ``_fr``…), joined for a
    reader (``accepted_fr``: « a, b, c », then « … » if there are ``more``) and each as it
    is (``labels_fr``: a tuple, a JSON array in the answer, the labels alone), so that a
    page isolates each alone even when a label holds a comma itself; each cut as a set's
    values are where a person reads them (:func:`~callrules._in_words.cut_apart`: bounded,
    still told apart; ``keys`` keeps the codes whole)."""
    labels = cut_apart(labels)
    return {f"accepted{suffix}": ", ".join([*labels, *(["…"] if more else [])]),
            f"labels{suffix}": tuple(labels)}


def _decoded(text: str, source: str | None) -> Any:
    """JSON text holding a lone surrogate (a string decoded with ``surrogateescape``) as
    Python values, for the model to say which field holds it; :class:`InputError` if it is
    not JSON."""
    try:
        return json.loads(text, parse_float=decimal_number, parse_int=whole_number)
    except (ValueError, RecursionError):
        raise InputError([InputProblem((), "json_invalid", "not valid JSON")],
                         source=source) from None


def _parsed(text: str | bytes | bytearray) -> Any:
    """JSON text as Python values, to measure its shape (None if it is not JSON: the model
    reads it and says where); :class:`RepeatedKeyError` for a key given twice in one
    object, whichever value the model would keep."""
    return json_values(text)


def _spaced(text: str | bytes | bytearray) -> tuple[str | bytes | bytearray, Any]:
    """``text``, not JSON as it is, without terminal colour codes (:mod:`callrules._colours`)
    and with the blanks between its tokens read as spaces
    (:func:`~callrules._jsontext.blanks_as_spaces`), and its values, when that makes it JSON
    text, as the command line and the readers of batches read it; else ``text`` and None
    (the model says where it is not JSON)."""
    spaced = blanks_as_spaces(uncoloured_text(text))
    if spaced is text:
        return text, None
    raw = _parsed(spaced)
    return (text, None) if raw is None else (spaced, raw)


def _not_encoded_twice(text: str, source: str | None) -> None:
    """:class:`InputError` (``json_in_a_string``) if ``text``, a record's JSON string, holds
    JSON text of an object or a list (a batch or an application encoded twice: ``json.dumps``
    of text already JSON, a log shipper storing a body as a string), saying to decode it
    once; an application is never read out of a string."""
    inner = text.strip()
    if inner[:1] not in ("{", "[") or inner[-1:] not in ("}", "]"):
        return
    try:
        json = _parsed(inner) is not None or _parsed(inner.split("\n", 1)[0]) is not None
    except RepeatedKeyError:
        json = True
    if json:
        raise InputError([InputProblem((), "json_in_a_string", INPUT_CODES["json_in_a_string"])],
                         source=source)


def _written(values: Any, text: str | bytes | bytearray) -> str | bytes | bytearray:
    """``values`` (as :func:`_parsed` reads them) written again as JSON text, each number and
    text as the model would read it in ``text`` (a number beyond a float's range, ``1e400``,
    read as infinity, is written ``Infinity``, which the model reads as the same float);
    ``text`` itself if they cannot be."""
    try:
        return json.dumps(values, ensure_ascii=True, allow_nan=True)
    except (ValueError, TypeError, RecursionError):
        return text


def _check_shape(model: type[Application], raw: Any, source: str | None
                 ) -> tuple[list[InputProblem], Any]:
    """The lists longer than ``model`` allows (each told once, before the model validates
    any item), and ``raw`` with each of them and each value the model refuses whole
    emptied, as :func:`callrules._shape.shape` gives it (None: nothing emptied).
    :class:`InputError` if ``raw`` holds too many keys that are no field, or too many lists
    over their bound: then those are all that is told."""
    escaped = escaped_character(raw)  # (a mail body saved quoted-printable: not judged)
    if escaped is not None:
        at, written, character = escaped
        ctx = {"written": written, "character": character}
        raise InputError([InputProblem(at, "quoted_printable_text",
                                       INPUT_CODES["quoted_printable_text"] % ctx, None, ctx)],
                         source=source)
    problems, light = shape(model, raw)
    if problems and light is None:
        raise InputError(problems, source=source)
    return problems, light


def _visitor_ids(raw: Any) -> list[tuple[int, str]]:
    """Each visitor's index and id, as a record gives them (a visitor that is no object, or
    whose id is no text, left out)."""
    visitors = raw.get("visitors") if isinstance(raw, Mapping) else None
    if not isinstance(visitors, (list, tuple)):
        return []
    return [(index, given) for index, visitor in enumerate(visitors)
            if isinstance(visitor, Mapping) and isinstance(given := visitor.get("id"), str)]


def _with_twice_given(found: list[InputProblem], ids: list[tuple[int, str]]
                      ) -> list[InputProblem]:
    """``found`` with an id two visitors give told, as the model tells it
    (``duplicate_visitor_id``, at the second one's id, after the visitors' other problems):
    the model compares the ids only when every visitor is valid, so that one visitor's other
    problem (a bad address, or its own list emptied over its bound, too short then) hid it.
    The ids compared are those with no problem of their own."""
    if not ids or any(p.type == "duplicate_visitor_id" for p in found):
        return found
    bad = {p.loc[1] for p in found if len(p.loc) > 2 and p.loc[0] == "visitors"
           and p.loc[2] == "id"}
    twice = given_twice((index, given) for index, given in ids if index not in bad)
    if twice is None:
        return found
    (told,) = input_problems(ValidationError.from_exception_data("Application", [
        InitErrorDetails(type=problem("duplicate_visitor_id", value=twice[1], at=twice[0]),
                         loc=("visitors",), input=None)]))
    after = 1 + max((n for n, p in enumerate(found) if p.loc[:1] == ("visitors",)),
                    default=len(found) - 1)
    return [*found[:after], told, *found[after:]]


def _level_of(loc: tuple[str | int, ...]) -> str | None:
    """The level whose ``fields`` object holds the key at ``loc`` (None if none does)."""
    if len(loc) < 2 or loc[-2] != "fields":
        return None
    place = tuple(p for p in loc[:-2] if not isinstance(p, int))
    return next((level for level, at in d.LEVELS.items() if at == place), None)


def _stray(app: Application) -> Iterator[InputProblem]:
    """A problem for each key of ``fields`` in an application to a call that declares none."""
    places: list[tuple[tuple[str | int, ...], Mapping[str, Any]]] = [
        ((), app.fields), (("host",), app.host.fields),
        *((("visitors", i), v.fields) for i, v in enumerate(app.visitors)),
        *((("documents", i), doc.fields) for i, doc in enumerate(app.documents)),
        *((("budget", "lines", i), line.fields) for i, line in enumerate(app.budget.lines))]
    for at, fields in places:
        for key, value in fields.items():
            ctx = {"field": key}
            yield InputProblem((*at, "fields", key), "no_declared_fields",  # (in words: cut)
                               INPUT_CODES["no_declared_fields"] % {"field": cut(key)},
                               value if isinstance(value, (str, int, float, bool)) else None,
                               ctx)


def _no_fields(app: Application) -> bool:
    """Whether a generic application gives no declared field anywhere (plain loops: this
    runs for every application to a call that declares none)."""
    if app.fields or app.host.fields:
        return False
    for visitor in app.visitors:
        if visitor.fields:
            return False
    for document in app.documents:
        if document.fields:
            return False
    for line in app.budget.lines:  # noqa: SIM110 - a loop, not any() over a generator
        if line.fields:
            return False
    return True


_GENERIC = Form({}, Application)


def generic_form() -> Form:
    """The form of no call in particular: any ``fields`` at each level, untyped."""
    return _GENERIC


# -- building a call's form ------------------------------------------------------------------

def build_form(declared: Mapping[Any, Mapping[str, d.FieldSpec]], *, languages: Sequence[str],
               currency: str, zone: ZoneInfo, source: str = "<call>",
               vocabularies: Mapping[str, Vocabulary] = MappingProxyType({}),
               field_labels: Mapping[str, Mapping[str, str]] = MappingProxyType({})) -> Form:
    """The form of a call that declares ``declared`` (level → name → spec) and
    ``vocabularies`` (by name): each field checked (its options fit its type, its bounds are
    values of it, its label is in every language of the call), each vocabulary serving coded
    fields only, and the call's models built, each coded field taking its vocabulary's
    values only."""
    paths = {".".join((*d.LEVELS[level], "fields", name)): spec
             for level, specs in declared.items() for name, spec in specs.items()}
    served: dict[str, Vocabulary] = {}
    for vocabulary in vocabularies.values():
        for path in vocabulary.fields:
            spec = paths.get(path)
            if path not in CODED_FIELDS and (spec is None or spec.type != "choice"):
                raise _error(f"{path!r} is not a field that takes codes",
                             ("vocabularies", vocabulary.name, "fields"), source,
                             "bad_vocabulary_field",
                             f"a vocabulary serves {', '.join(CODED_FIELDS)}, or a "
                             "declared choice (fields.<name>, visitors.fields.<name>…)")
            served[path] = vocabulary
    fields: dict[str, dict[str, DeclaredField]] = {}
    for level, specs in declared.items():
        fields[level] = {name: _declare(level, name, spec, languages, currency, zone, source,
                                        served.get(".".join((*d.LEVELS[level], "fields",
                                                             name))))
                         for name, spec in specs.items()}
    declared_fields = tuple(f for level in fields.values() for f in level.values())
    own: dict[str, Mapping[str, str]] = {f.path: f.spec.label for f in declared_fields
                                         if f.spec.label}
    own.update(field_labels)
    return Form(fields, _shared_models(fields, served, currency, zone), declared_fields,
                languages[0],
                MappingProxyType(served), tuple(languages), MappingProxyType(own))


def _error(message: str, loc: tuple[str | int, ...], source: str, code: str = "bad_field",
           hint: str | None = None) -> DefinitionError:
    return DefinitionError(message, code=code, source=source, loc=loc, hint=hint)


def _declare(level: str, name: str, spec: d.FieldSpec, languages: Sequence[str],
             currency: str, zone: ZoneInfo, source: str, vocabulary: Vocabulary | None = None
             ) -> DeclaredField:
    loc: tuple[str | int, ...] = ("fields", level, name)
    if name.startswith("model_") or hasattr(BaseModel, name):
        raise _error(f"{name!r} is a name the models keep for themselves", loc, source,
                     "reserved_field_name", "choose another name")
    if spec.label is not None:
        missing = set(languages) - set(spec.label)
        if missing:
            raise _error(f"no {', '.join(sorted(missing))} label, though the call declares "
                         f"languages {', '.join(languages)}", loc + ("label",), source,
                         "missing_translation")
    kind = spec.type
    if (spec.values is not None or vocabulary is not None) != (kind == "choice"):
        raise _error("a choice lists its accepted values (or a vocabulary serves it); only a "
                     "choice has values", loc + ("values",), source,
                     hint='values = ["a", "b"] goes with type = "choice"')
    if (vocabulary is not None and spec.values is not None
            and set(spec.values) != set(vocabulary.values)):
        raise _error(f"the values differ from those of the vocabulary {vocabulary.name!r} "
                     "that serves this field", loc + ("values",), source,
                     hint="leave out values: the vocabulary lists them")
    twice = None if spec.values is None else listed_twice(spec.values)
    if twice is not None:  # one text key: every rule reads them as one value
        assert spec.values is not None
        raise _error(twice_said(spec.values, twice), loc + ("values", twice[1]), source)
    if kind not in _BOUNDED and (spec.min is not None or spec.max is not None):
        raise _error(f"{a_or_an(kind)} has no min or max",
                     loc + ("min" if spec.min is not None else "max",), source,
                     hint="min and max bound numbers, dates, instants and money; "
                          "min_length and max_length bound texts and lists")
    if (spec.min_length is not None or spec.max_length is not None) and not (
            spec.many or kind == "text"):
        raise _error(f"{a_or_an(kind)} has no length", loc, source,
                     hint="min_length and max_length bound texts and lists")
    if (spec.min_length is not None and spec.max_length is not None
            and spec.min_length > spec.max_length):
        raise _error("min_length is above max_length", loc + ("min_length",), source)
    low = _bound(kind, spec.min, loc + ("min",), zone, source)
    high = _bound(kind, spec.max, loc + ("max",), zone, source)
    if low is not None and high is not None and low > high:
        raise _error("min is above max", loc + ("min",), source)
    item = (Annotated[str, _InVocabulary(vocabulary, ".".join((*d.LEVELS[level], "fields",
                                                                 name)))]
            if vocabulary is not None else _item_annotation(spec, low, high, currency, zone))
    annotation: Any
    if spec.many:
        most = spec.max_length if spec.max_length is not None else LIST_LIMIT
        bounds = Field(min_length=spec.min_length or 0, max_length=most)
        annotation = Annotated[tuple[item, ...], bounds]  # type: ignore[valid-type]
        if not spec.required:
            annotation = (annotation, ())
    elif spec.required:
        annotation = item
    else:
        annotation = (item | None, None)
    return DeclaredField(level, name, spec, annotation, low, high)


def _item_annotation(spec: d.FieldSpec, low: Any, high: Any, currency: str,
                     zone: ZoneInfo | None = None) -> Any:
    """The annotation of one value of ``spec`` (the generic models' own types)."""
    kind = spec.type
    if kind == "text":
        longest = spec.max_length if spec.max_length is not None and not spec.many else (
            TEXT_LIMIT)
        shortest = spec.min_length if spec.min_length is not None and not spec.many else 1
        return Annotated[str, StringConstraints(strict=True, min_length=shortest,
                                                max_length=min(longest, _TEXT_MOST)),
                         Printable(lines=True)]
    if kind == "choice":
        assert spec.values is not None
        return Annotated[str, _Choice(spec.values)]
    simple: dict[str, Any] = {
        "boolean": Annotated[bool, Field(strict=True)], "country": CountryCode,
        "subdivision": SubdivisionCode, "language": LanguageCode, "email": Email,
    }
    if kind in simple:
        return simple[kind]
    base: dict[str, Any] = {
        "integer": Annotated[int, Field(strict=True, ge=-WHOLE_LIMIT, le=WHOLE_LIMIT)],
        "decimal": Annotated[Decimal, _DecimalText()], "date": Day, "instant": Instant,
        "money": Annotated[Money, MoneyField(signed=False)],
    }
    if low is None and high is None:
        return base[kind]
    return Annotated[base[kind], _Bounds(kind, low, high, currency, zone)]


def _bound(kind: str, raw: Any, loc: tuple[str | int, ...], zone: ZoneInfo, source: str
           ) -> Any:
    """A ``min`` or ``max`` as a value of ``kind``; a :class:`DefinitionError` otherwise."""
    if raw is None:
        return None
    if kind == "integer" and type(raw) is int and abs(raw) > WHOLE_LIMIT:
        # (no value beyond it is accepted: the bound would be published in the schema and
        # never be the one checked)
        raise _error(f"a bound of a whole number is at most {WHOLE_LIMIT:,} and at least "
                     f"{-WHOLE_LIMIT:,} (the most a whole number holds), not {raw:,}", loc,
                     source, hint=f"write a bound within ±{WHOLE_LIMIT:,}, or none: a whole "
                                  "number beyond it is refused anyway")
    try:
        if kind == "integer" and type(raw) is int:
            return raw
        if kind in ("decimal", "money") and isinstance(raw, (str, int)) and not isinstance(
                raw, bool):
            amount = parse_amount(raw)
            if kind == "money" and amount < 0:
                raise ValueError("an amount here is not negative")
            return amount
        if kind == "date":
            if isinstance(raw, date) and not isinstance(raw, datetime):
                return raw
            if isinstance(raw, str) and len(raw) == 10:
                return date.fromisoformat(raw)
        if kind == "instant":
            value = datetime.fromisoformat(raw) if isinstance(raw, str) else raw
            if isinstance(value, datetime):
                return localize(value, zone) if value.tzinfo is None else value
    except (ValueError, TimeError) as exc:
        raise _error(f"not a bound of {_KIND_NAMES[kind]}: {exc}", loc,
                     source) from None
    examples = {"integer": "a whole number: 3", "decimal": 'a decimal as text: "0.25"',
                "money": 'an amount as text, in the call\'s currency: "50000.00"',
                "date": "a date: 2015-01-01", "instant": "a date and time: 2026-06-01T17:00:00"}
    raise _error(f"not a bound of {_KIND_NAMES[kind]}: {raw!r}", loc, source,
                 hint=f"write {examples[kind]}")


#: A field type with its article, as an author's message names it.
_KIND_NAMES = {"integer": "an integer", "decimal": "a decimal", "money": "an amount of money",
               "date": "a date", "instant": "an instant"}

#: The models built in this process, by the digest of what they were built from (the declared
#: fields, the vocabularies' codes and labels — a label is read as its code —, the currency
#: and the zone), then by class name.
_BUILT: dict[str, dict[str, type[BaseModel]]] = {}


def _shared_models(fields: Mapping[str, Mapping[str, DeclaredField]],
                   served: Mapping[str, Vocabulary], currency: str, zone: ZoneInfo
                   ) -> type[Application]:
    """The call's application model, built once per process for one form: two loads of a
    call file (a worker's and the client's) read applications into the same classes, so that
    their applications and reports compare equal; and an instance pickles by the form's
    digest and its class's name, unpickled into the classes of the process that reads it."""
    digest = hashlib.sha256(json.dumps([
        [[f.level, f.name, f.spec.model_dump(mode="json", by_alias=True)]
         for level in fields.values() for f in level.values()],
        sorted((path, v.name, {code: dict(texts) for code, texts in v.values.items()})
               for path, v in served.items()),
        currency, zone.key], default=str, sort_keys=True).encode("utf-8")).hexdigest()
    built = _BUILT.get(digest)
    if built is None:
        model = _models(fields, served)
        built = {}
        # what the models are built from travels with their instances (once per pickle), so
        # that a process that never loaded the call builds them when it reads one back
        recipe = (fields, served, currency, zone)
        for cls in _classes(model):
            built[cls.__name__] = cls
            copyreg.pickle(cls, lambda obj, digest=digest, recipe=recipe: (  # type: ignore[misc]
                _unpickled, (digest, type(obj).__name__, obj.__getstate__(), recipe)))
        _BUILT[digest] = built
    application: type[Application] = built["Application"]  # type: ignore[assignment]
    return application


def _classes(model: type[BaseModel]) -> Iterator[type[BaseModel]]:
    """``model`` and every model class of this module its fields hold, once each."""
    seen: set[type[BaseModel]] = set()
    stack = [model]
    while stack:
        cls = stack.pop()
        if cls in seen:
            continue
        seen.add(cls)
        yield cls
        for info in cls.model_fields.values():
            for inner in _inner_types(info.annotation):
                if (isinstance(inner, type) and issubclass(inner, BaseModel)
                        and inner.__module__ == __name__):
                    stack.append(inner)


def _inner_types(annotation: Any) -> Iterator[Any]:
    yield annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _inner_types(arg)
    origin = getattr(annotation, "__origin__", None)
    if origin is not None:
        yield from _inner_types(origin)


def _unpickled(digest: str, name: str, state: Any, recipe: tuple[Any, ...] | None = None
               ) -> BaseModel:
    """An instance of a call's model, from a pickle: into this process's class of that form
    (built when the call was loaded here, or now from ``recipe``, what it is built from)."""
    built = _BUILT.get(digest)
    if built is None and recipe is not None:
        _shared_models(*recipe)
        built = _BUILT.get(digest)
    if built is None:
        raise LookupError("an application of a call that this process has not loaded: load "
                          "the call before reading it")
    cls = built[name]
    obj = cls.__new__(cls)
    obj.__setstate__(state)
    return obj


def _models(fields: Mapping[str, Mapping[str, DeclaredField]],
            served: Mapping[str, Vocabulary]) -> type[Application]:
    """The call's application model: the generic one, each level's ``fields`` typed, and
    each coded field that a vocabulary serves taking its values only."""
    typed = {level: _fields_model(level, fields.get(level, {})) for level in d.LEVELS}

    def coded(model: type[BaseModel], path: str) -> dict[str, Any]:
        name = path.rsplit(".", 1)[-1]
        vocabulary = served.get(path)
        if vocabulary is None:
            return {}
        annotation: Any = Annotated[str, _InVocabulary(vocabulary, path)]
        info = model.model_fields[name]
        if info.is_required():
            return {name: (annotation, ...)}
        return {name: (annotation | None, info.default)}  # the unit's kind: optional

    unit = create_model("Unit", __base__=Unit, __module__=__name__, __doc__=Unit.__doc__,
                        **coded(Unit, "host.unit.kind"))
    host = _level_model(Host, typed["host"], unit=(unit, ...),
                        **coded(Host, "host.role"), **coded(Host, "host.status"))
    visitor = _level_model(Visitor, typed["visitors"], **coded(Visitor, "visitors.category"))
    document = _level_model(Document, typed["documents"], **coded(Document, "documents.kind"))
    line = _level_model(BudgetLine, typed["budget_lines"],
                        **coded(BudgetLine, "budget.lines.category"))
    approval = create_model("Approval", __base__=Approval, __module__=__name__,
                            __doc__=Approval.__doc__, **coded(Approval, "approvals.kind"))
    budget = create_model("Budget", __base__=Budget, __module__=__name__,
                          lines=_retyped(Budget, "lines", tuple[line, ...]))  # type: ignore[valid-type]
    model: type[Application] = _level_model(
        Application, typed["application"],
        host=(host, ...), budget=(budget, budget()),
        visitors=_retyped(Application, "visitors", tuple[visitor, ...]),  # type: ignore[valid-type]
        documents=_retyped(Application, "documents", tuple[document, ...]),  # type: ignore[valid-type]
        approvals=_retyped(Application, "approvals", tuple[approval, ...]))
    return model


def _fields_model(level: str, declared: Mapping[str, DeclaredField]) -> type[BaseModel]:
    definitions: dict[str, Any] = {}
    for name, field in declared.items():
        annotation = field.annotation
        definitions[name] = annotation if isinstance(annotation, tuple) else (annotation, ...)
    return create_model(FIELDS_MODELS[level], __base__=_FieldsModel, __module__=__name__,
                        **definitions)


def _level_model(base: type[Any], fields: type[BaseModel], **more: Any) -> Any:
    """``base`` with its ``fields`` typed by ``fields`` (and the other fields ``more``)."""
    required = any(info.is_required() for info in fields.model_fields.values())
    default: Any = Field(default_factory=dict, validate_default=True) if required else fields()
    return create_model(base.__name__, __base__=base, __module__=__name__,
                        __doc__=base.__doc__, fields=(fields, default), **more)


def _retyped(model: type[BaseModel], name: str, annotation: Any) -> tuple[Any, Any]:
    """The field ``name`` of ``model`` with another ``annotation``, its bounds and default
    kept."""
    info = model.model_fields[name]
    kept = Annotated[(annotation, *info.metadata)] if info.metadata else annotation
    if info.is_required():
        return (kept, ...)
    return (kept, info.default)

