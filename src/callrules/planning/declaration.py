"""How a call declares its budget plan (``[plan]`` in its file), checked when the call loads.

Written in a call file::

    [plan]
    cap = { param = "cap" }                      # the most the call funds, in all
    clause = "budget-cap"                        # the clause the cap comes from
    trim = ["meals", "lodging", "transport"]     # categories trimmed first to fit the caps
    caps = { meals = { param = "meals_cap" } }   # optional: a cap per category

    [[plan.lines]]
    id = "lodging"
    category = "lodging"
    each = "visitors"                            # a line per visitor (none: per application)
    quantity = { days_between = [{ path = "stay.arrival" }, { path = "stay.departure" }] }
    rate = { lookup = "lodging_night", key = ["…"], on = { path = "stay.arrival" } }
    label = { en = "%(quantity)s nights at %(rate)s (%(row)s rate since %(since)s)" }

    [[plan.lines]]
    id = "transport"
    category = "transport"
    each = "visitors"
    stated = true                                # the applicant's own amount is kept
    label = { en = "Travel, as stated" }

A line's amount is one of: ``stated`` (the application's own lines of that category and
beneficiary are kept); ``amount``, an expression of money; or ``rate`` (money: an expression,
or a ``lookup`` in a rate table, whose row, version and source the plan then names) times
``quantity`` (a number), rounded as the call's ``[budget] rounding`` states (by default
half-even to the cent). Every expression is
an expression of the rule language (:mod:`callrules.language.expressions`), typed against the
call's application model when the call loads; a mistake is a
:class:`~callrules.DefinitionError` naming the place in ``[plan]``.

A label is a template per language; its placeholders are the line's values, already worded
for the reader: ``quantity``, ``rate``, ``amount``, ``name`` (the participant's name),
``category`` (the category's label), and for a rate looked up in a table ``row`` (the label of
the row's code), ``since`` (the first day of the version) and ``source``. A label names only
what its kind of line fills (:func:`fills`: no ``rate`` on a stated line), or the call is
refused when it loads (``bad_template``).
"""

from __future__ import annotations

import weakref
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from callrules._definitions import (
    LANG_PATTERN,
    Flag,
    Template,
    template_names,
    translation_hint,
)
from callrules._labels import BUILT_IN_VALUES
from callrules._models import Identifier
from callrules._money import Money
from callrules._parameters import Parameter
from callrules._paths import FieldType, a_or_an, kind_words, kinds_words, type_of
from callrules._problems import error_text
from callrules._suggest import did_you_mean
from callrules._time import Milestone
from callrules.exceptions import DefinitionError
from callrules.language.checker import Checker
from callrules.language.expressions import Expr, build_expression
from callrules.language.form import Operand

if TYPE_CHECKING:
    from callrules._call import Call
    from callrules._form import Form

__all__ = ["PLACEHOLDERS", "LineSpec", "Lookup", "PlanSpec", "budget_categories", "build_plan",
           "fills", "plan_of"]

#: What a line's label may name (each kind of line fills some of them: :func:`fills`).
PLACEHOLDERS = frozenset({"quantity", "rate", "amount", "name", "category", "row", "since",
                          "source"})

_Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_\-]{0,63}$")]
_Code = Annotated[str, StringConstraints(min_length=1, max_length=100)]
_Path = Annotated[str, StringConstraints(min_length=1, max_length=300)]
_Lang = Annotated[str, StringConstraints(pattern=LANG_PATTERN)]


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _LineFile(_File):
    id: _Slug
    #: a budget line's category, as the budget model reads it (the plan's lines become ones)
    category: Identifier
    each: _Path | None = None
    beneficiary: _Path | None = None
    stated: Flag = False
    amount: Any = None
    rate: Any = None
    quantity: Any = None
    label: dict[_Lang, Template] = Field(min_length=1)
    clause: _Slug | None = None


class _PlanFile(_File):
    cap: Any
    clause: _Slug
    trim: list[_Code] = Field(min_length=1, max_length=100)
    caps: dict[_Code, Any] = Field(default_factory=dict, max_length=100)
    lines: list[_LineFile] = Field(min_length=1, max_length=100)


@dataclass(frozen=True, slots=True)
class Lookup:
    """A rate looked up in a table parameter: the table, its keys and the day."""

    table: str
    #: The table (a :class:`callrules.budget.tables.RateTable`).
    value: Any
    #: Each key: an expression giving a code, or a lookup in a table of codes.
    keys: tuple[Expr | Lookup, ...]
    on: Expr


@dataclass(frozen=True, slots=True)
class LineSpec:
    """A line the plan proposes, typed."""

    id: str
    category: str
    #: The list a line is proposed for each item of (the visitors), or None: one line.
    each: Operand | None
    #: The field of each item that names the beneficiary (its ``id``).
    beneficiary: Operand | None
    how: Literal["stated", "amount", "rate"]
    amount: Expr | None
    rate: Expr | None
    lookup: Lookup | None
    quantity: Expr | None
    label: Mapping[str, str]
    clause: str | None


@dataclass(frozen=True, slots=True)
class PlanSpec:
    """A call's plan, typed: the caps, the order of trimming and the lines."""

    cap: Money
    cap_param: str | None
    clause: str
    caps: Mapping[str, Money]
    trim: tuple[str, ...]
    lines: tuple[LineSpec, ...]
    #: The steps working the lines out once for one application may take (what the checker
    #: counts of a decision: the lines are never explained, nor their findings worded): the
    #: planner works them out again in each round
    #: that settles the lines read from the budget (:func:`~callrules.planning.planner.
    #: settle_rounds`), so the rounds are counted against it too.
    work: int = 0


#: The budget line categories the library's catalogs label in every language.
_LABELLED_CATEGORIES = frozenset(BUILT_IN_VALUES["budget.lines.category"])


def _error(message: str, loc: tuple[str | int, ...], source: str, code: str = "bad_plan"
           ) -> DefinitionError:
    return DefinitionError(message, code=code, source=source, loc=("plan", *loc))


def build_plan(raw: Mapping[str, Any] | None, *, root: FieldType,
               parameters: Mapping[str, Parameter], timeline: Mapping[str, Milestone],
               zone: ZoneInfo, source: str, currency: str, clauses: frozenset[str],
               categories: Collection[str] | None = None,
               languages: Sequence[str] = ()) -> PlanSpec | None:
    """The typed plan of ``raw`` (a call file's ``[plan]``), or None when there is none;
    :class:`~callrules.DefinitionError` (``bad_plan``, or the rule language's own code) on
    a mistake. ``categories``: the codes of the call's vocabulary of budget line categories
    (None: any code), which every line's category must be, since a plan's lines become
    budget lines of the call's own model. ``languages``: the call's, in each of which every
    line's label is written (``missing_translation`` otherwise, as for any text of a call: a
    label in another language would be filled with values written for the reader)."""
    if raw is None:
        return None
    try:
        spec = _PlanFile.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        code = first["type"] if first["type"] in ("bad_template", "template_too_long") \
            else "bad_plan"
        raise _error(error_text(first), tuple(first["loc"]), source, code) from None
    checker = Checker(root, parameters, timeline, zone, source, currency)
    cap, cap_param = _money(spec.cap, checker, ("plan", "cap"))
    if spec.clause not in clauses:
        raise _error(f"no clause {spec.clause!r} in the call", ("clause",), source)
    caps = {category: _money(value, checker, ("plan", "caps", category))[0]
            for category, value in spec.caps.items()}
    for index, written in enumerate(spec.lines):
        missing = [lang for lang in languages if lang not in written.label]
        if missing:
            raise DefinitionError(
                f"no {', '.join(missing)} label, though the call declares languages "
                f"{', '.join(languages)}", code="missing_translation", source=source,
                loc=("plan", "lines", index, "label"),
                hint=translation_hint(languages, written.label))
    lines = tuple(_line(line, checker, ("plan", "lines", index), clauses)
                  for index, line in enumerate(spec.lines))
    for index, line in enumerate(lines):
        if categories is not None and line.category not in categories:
            raise _error(f"{line.category!r} is not a budget line category of the call's "
                         "vocabulary", ("lines", index, "category"), source)
        if categories is None and line.category not in _LABELLED_CATEGORIES:
            # a plan's line is read by its category's label, as a field by its own: a code
            # with none would be shown as its identifier ("indirect costs" in French)
            raise _error(f"{line.category!r} is a budget line category with no label: the "
                         "library labels only its own ("
                         f"{', '.join(sorted(_LABELLED_CATEGORIES))}); declare a vocabulary "
                         "of budget line categories ([vocabularies.<name>] with fields = "
                         "[\"budget.lines.category\"]) that labels it in the call's languages",
                         ("lines", index, "category"), source)
    if len({line.id for line in lines}) < len(lines):
        raise _error("each line of the plan has its own id", ("lines",), source)
    _check_line_fields(root, lines, source)
    categories = {line.category for line in lines}
    unknown = [c for c in (*spec.trim, *spec.caps) if c not in categories]
    if unknown:
        raise _error(f"{unknown[0]!r} is the category of no line of the plan",
                     ("trim",) if unknown[0] in spec.trim else ("caps", unknown[0]), source)
    return PlanSpec(cap, cap_param, spec.clause, MappingProxyType(caps), tuple(spec.trim),
                    lines, checker.work + sum(checker.done_once.values()))


def _check_line_fields(root: FieldType, lines: tuple[LineSpec, ...], source: str) -> None:
    """Refuse a plan that computes a line when the call requires a field of every budget
    line: the planner has no value for it, so its proposal would not be a budget the call
    reads (a stated line keeps the applicant's own line, fields and all)."""
    required = sorted(_required_line_fields(root))
    if not required:
        return
    for index, line in enumerate(lines):
        if line.how != "stated":
            raise _error(f"the call requires the field {required[0]!r} of every budget line, "
                         "which a line the plan computes cannot give: make this line stated "
                         "(the applicant's own), or the field optional",
                         ("lines", index), source)


def _required_line_fields(root: FieldType) -> set[str]:
    """The declared fields the application model ``root`` requires of each budget line."""
    model = root.model
    budget = type_of(model.model_fields["budget"].annotation) if model is not None and \
        "budget" in model.model_fields else None
    lines = type_of(budget.model.model_fields["lines"].annotation) \
        if budget is not None and budget.model is not None else None
    line = lines.item.model if lines is not None and lines.item is not None else None
    fields = type_of(line.model_fields["fields"].annotation).model \
        if line is not None and "fields" in line.model_fields else None
    if fields is None:
        return set()
    return {name for name, info in fields.model_fields.items() if info.is_required()}


#: What a cap of the plan below zero is refused for (as a rule's ``total`` below zero), in
#: English and by its reader's words' key.
_NO_BUDGET, _BELOW = "no budget would keep within it", "plan_cap_below_zero"


def _money(raw: Any, checker: Checker, floc: tuple[str | int, ...]) -> tuple[Money, str | None]:
    if isinstance(raw, Mapping) and set(raw) == {"param"}:
        param = checker.param(raw["param"], floc + ("param",), {"money"})
        checker.caps_not_below_zero(checker.history.get(param.name, (param.value,)),
                                    param.name, floc + ("param",), _NO_BUDGET, _BELOW)
        return param.value, param.name
    value: Money = checker.literal(raw, "money", floc)
    checker.caps_not_below_zero((value,), None, floc, _NO_BUDGET, _BELOW)
    return value, None


def _line(line: _LineFile, checker: Checker, floc: tuple[str | int, ...],
          clauses: frozenset[str]) -> LineSpec:
    scope = checker.scope_of(checker.root)
    each = beneficiary = None
    if line.each is not None:
        each = checker.list_operand(line.each, scope, floc + ("each",), "each")
        scope = checker.enter(scope, each, None, floc + ("each",))
        beneficiary = checker.scalar_operand(line.beneficiary or "id", scope,
                                             floc + ("beneficiary",), "beneficiary")
        if beneficiary.path.type.kind not in ("str", "any"):
            raise checker.error("a beneficiary is named by a text field (its id)",
                                floc + ("beneficiary",), "wrong_type")
    elif line.beneficiary is not None:
        raise checker.error("a beneficiary is read from each item: give each as well",
                            floc + ("beneficiary",), "bad_plan")
    given = [k for k in ("amount", "rate", "quantity") if getattr(line, k) is not None]
    if line.stated == bool(given) or (given and given not in (["amount"],
                                                              ["rate", "quantity"])):
        raise checker.error("a line is stated = true, or has an amount, or a rate and a "
                            "quantity", floc, "bad_plan")
    if line.clause is not None and line.clause not in clauses:
        raise checker.error(f"no clause {line.clause!r} in the call", floc + ("clause",),
                            "bad_plan")
    amount = rate = quantity = None
    lookup = None
    if line.amount is not None:
        amount = _typed(line.amount, checker, scope, floc + ("amount",), {"money"})
    if line.rate is not None:
        raw = line.rate
        if isinstance(raw, Mapping) and "lookup" in raw:
            lookup = _lookup(raw, checker, scope, floc + ("rate",), "money")
        else:
            rate = _typed(raw, checker, scope, floc + ("rate",), {"money"})
        quantity = _typed(line.quantity, checker, scope, floc + ("quantity",),
                          {"int", "decimal"})
    how: Literal["stated", "amount", "rate"] = (
        "stated" if line.stated else "amount" if amount is not None else "rate")
    _check_label(line.label, fills(how, lookup is not None, _names_people(each)), how,
                 checker, floc + ("label",))
    return LineSpec(line.id, line.category, each, beneficiary, how, amount, rate, lookup,
                    quantity, MappingProxyType(dict(line.label)), line.clause)


def fills(how: str, looked_up: bool, named: bool) -> frozenset[str]:
    """The placeholders a line of kind ``how`` fills whenever its amount is known: its
    category; its amount; the participant's name for a line per participant (``named``);
    rate and quantity for rate × quantity; the row, version and source of a rate looked up
    in a table (``looked_up``)."""
    out = {"category", "amount"} | ({"name"} if named else set())
    if how == "rate":
        out |= {"rate", "quantity"} | ({"row", "since", "source"} if looked_up else set())
    return frozenset(out)


_KINDS = {"stated": "a stated line (the applicant's own amount)",
          "amount": "a line with an amount",
          "rate": "a line of a rate times a quantity"}


def _check_label(label: Mapping[str, str], known: frozenset[str], how: str, checker: Checker,
                 floc: tuple[str | int, ...]) -> None:
    """Refuse a label naming a placeholder that a line of its kind never fills (it would
    read as a hole, "—", to every reader)."""
    for lang, text in label.items():
        for name in sorted(template_names(text)):
            if name in known:
                continue
            what = f"{_KINDS[how]} whose rate is not looked up in a table" if (
                name in ("row", "since", "source") and how == "rate") else \
                "a line that is not one per participant (each, over items with a person)" \
                if name == "name" else _KINDS[how]
            raise checker.error(
                f"the {lang} label names %({name})s, which {what} does not fill; it fills "
                f"{', '.join(sorted(known))}", floc + (lang,), "bad_template",
                did_you_mean(name, known))


def _names_people(each: Operand | None) -> bool:
    """Whether each item of ``each`` always has a person (whose name a label may show)."""
    item = each.path.type.item if each is not None else None
    model = item.model if item is not None and item.kind == "model" else None
    field = model.model_fields.get("person") if model is not None else None
    if field is None or not field.is_required():
        return False
    person = type_of(field.annotation)
    return person.kind == "model" and not person.optional and person.model is not None \
        and {"given_name", "family_name"} <= set(person.model.model_fields)


def _typed(raw: Any, checker: Checker, scope: Any, floc: tuple[str | int, ...],
           kinds: set[str]) -> Expr:
    # a bare value takes the kind the place expects (a decimal where a number is)
    hint = "decimal" if "decimal" in kinds else next(iter(kinds)) if len(kinds) == 1 else None
    expr = build_expression(raw, checker, scope, floc, hint)
    if expr.kind not in kinds:
        raise checker.error(f"expected {a_or_an(kinds_words(kinds))} here, not "
                            f"{a_or_an(kind_words(expr.kind))}",
                            floc, "wrong_type")
    return expr


def _lookup(raw: Mapping[str, Any], checker: Checker, scope: Any,
            floc: tuple[str | int, ...], kind: str) -> Lookup:
    """A lookup in a table of ``kind`` (money for a rate, str for a code used as a key)."""
    if set(raw) != {"lookup", "key", "on"}:
        raise checker.error("a lookup is { lookup = \"table\", key = [...], on = <a date> }",
                            floc, "bad_plan")
    name = raw["lookup"]
    param = checker.parameters.get(name) if isinstance(name, str) else None
    table: Any = getattr(param, "value", None)
    if param is None or param.kind != "table" or getattr(table, "kind", None) != kind:
        what = "money" if kind == "money" else "codes"
        raise checker.error(f"{name!r} is not a table of {what} among the parameters",
                            floc + ("lookup",), "unknown_parameter")
    keys = raw["key"]
    if not isinstance(keys, list) or len(keys) != len(table.keys):
        raise checker.error(f"the table {name!r} is looked up by {len(table.keys)} "
                            f"key{'' if len(table.keys) == 1 else 's'}",
                            floc + ("key",), "wrong_type")
    typed = tuple(_lookup(k, checker, scope, floc + ("key", i), "str")
                  if isinstance(k, Mapping) and "lookup" in k else
                  _typed(k, checker, scope, floc + ("key", i), {"str", "any"})
                  if isinstance(k, Mapping) else _literal_code(k, checker, floc + ("key", i))
                  for i, k in enumerate(keys))
    on = _typed(raw["on"], checker, scope, floc + ("on",), {"date"})
    return Lookup(name, table, typed, on)


def _literal_code(raw: Any, checker: Checker, floc: tuple[str | int, ...]) -> Expr:
    return build_expression(raw, checker, checker.scope_of(checker.root), floc, "str")


def budget_categories(form: Form) -> Collection[str] | None:
    """The codes a budget line's category may take in ``form`` (None: any)."""
    vocabulary = form.vocabularies.get("budget.lines.category")
    return None if vocabulary is None else vocabulary.values.keys()


_CACHE: weakref.WeakKeyDictionary[Call, PlanSpec | None] = weakref.WeakKeyDictionary()


def plan_of(call: Call) -> PlanSpec | None:
    """The typed plan of ``call`` (its version's parameters), built once per call."""
    try:
        return _CACHE[call]
    except KeyError:
        pass
    spec = build_plan(call.definition.plan, root=FieldType("model", model=call.form.application),
                      parameters=call.parameters, timeline=call.timeline, zone=call.zone,
                      source=call.source, currency=call.currency,
                      clauses=frozenset(call.clauses), categories=budget_categories(call.form))
    _CACHE[call] = spec
    return spec
