"""Expressions: values computed from an application, compared with ``compare``.

Wherever ``compare`` takes a field (``left``, instead of ``path``) or the value it is
compared with (``to``), an expression may stand::

    { sum = "budget.lines", of = "amount", where = { op = "in", … } }
    { count = "visitors", where = … }   { min = "visitors", of = "stay.arrival" }   { max = … }
    { plus = [a, b, …] }   { minus = [a, b] }   { times = [a, b] }   { ratio = [a, b] }
    { percent = 60 }       { decimal = "0.6" }
    { shift = { path = "…" }, years = -5 }   { milestone = "deadline", days = { param = "d" } }
    { days_between = [a, b] }   { months_between = [a, b] }   { years_between = [a, b] }
    { path = "…" }   { param = "…" }   a literal

Every expression has a kind, checked when the call is loaded (money, int, decimal, date,
datetime, str, bool). Arithmetic is exact ``Decimal``; money is added and compared in one
currency, other currencies converted at the rates the application supplies (never invented);
money multiplied by a number is rounded half-even to the currency's minor unit (``times`` is
the one place where a result is rounded); a ratio is exact to 28 significant digits. A sum
over no item is zero; a value that is missing (a field not given, a minimum over no item, a
ratio over zero) makes the expression missing.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

from callrules._money import Money, quantum
from callrules._time import Milestone, stay_length
from callrules.language.form import Env, Loc, Node, Operand, rates_of

__all__ = ["HEADS", "NUMBERS", "ORDERED_KINDS", "Expr", "build_expression", "comparable",
           "is_expression"]

NUMBERS = {"int", "decimal"}
ORDERED_KINDS = {"int", "decimal", "money", "date", "datetime"}
_EXACT = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN,
                         traps=[decimal.InvalidOperation, decimal.Overflow,
                                decimal.DivisionByZero])
_RATIO = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN,
                         traps=[decimal.InvalidOperation, decimal.Overflow])


def comparable(left: str, right: str) -> bool:
    """Whether values of the two kinds can be compared (numbers with numbers)."""
    return left == right or {left, right} <= NUMBERS or "any" in (left, right)


@dataclass(frozen=True, slots=True)
class Expr:
    """A typed expression: its kind, how to compute it, and the field a finding names."""

    kind: str
    compute: Callable[[Any, Env], Any]
    #: The field a finding about this expression is located at (its first field), if any.
    subject: Operand | None = None
    #: The parameter it reads, for findings that name it.
    param: str | None = None

    def value(self, item: Any, env: Env) -> Any:
        return self.compute(item, env)

    @property
    def loc(self) -> Loc:
        return self.subject.loc if self.subject is not None else ()


def to_decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(value)


def in_currency(value: Money, currency: str, env: Env) -> Money:
    """``value`` in ``currency``, at the application's rates (MissingExchangeRateError)."""
    if value.currency == currency:
        return value
    return value.convert(currency, rates_of(env["root"]))


# -- builders: each returns an Expr, or raises through ``checker.error`` ----------------------
def field(operand: Operand) -> Expr:
    return Expr(operand.path.type.kind, operand.read, operand)


def constant(value: Any, kind: str, param: str | None = None) -> Expr:
    return Expr(kind, lambda item, env: value, None, param)


def milestone(point: Milestone, kind: str) -> Expr:
    value: Any = point.start if kind == "datetime" else point.first_day
    return constant(value, kind)


def aggregate(how: str, items: Operand, of: Operand | None, where: Node | None,
              currency: str, kind: str) -> Expr:
    """``sum``, ``count``, ``min`` or ``max`` over the items of a list (those ``where``
    keeps), of each item's ``of`` (or the item itself)."""
    read = items.read

    def values(item: Any, env: Env) -> list[Any]:
        out = []
        for element in read(item, env) or ():
            if where is not None and not where.holds(element, env):
                continue
            value = element if of is None else of.read(element, env)
            if value is not None:
                out.append(value)
        return out

    if how == "count":
        def count(item: Any, env: Env) -> Any:
            return len(values(item, env))
        return Expr("int", count, items)
    if how == "sum" and kind == "money":
        def money_sum(item: Any, env: Env) -> Any:
            total = Decimal(0)
            for value in values(item, env):
                total = _EXACT.add(total, in_currency(value, currency, env).amount)
            return Money._trusted(total, currency)
        return Expr("money", money_sum, items)
    if how == "sum":
        def number_sum(item: Any, env: Env) -> Any:
            total: Any = 0
            for value in values(item, env):
                total = _EXACT.add(to_decimal(total), to_decimal(value)) \
                    if kind == "decimal" else total + value
            return total
        return Expr(kind, number_sum, items)
    pick = min if how == "min" else max

    def extreme(item: Any, env: Env) -> Any:
        found = values(item, env)
        if kind == "money":
            found = [in_currency(v, currency, env) for v in found]
        return pick(found) if found else None
    return Expr(kind, extreme, items)


def arithmetic(how: str, parts: tuple[Expr, ...]) -> tuple[str, Expr] | str:
    """``plus``, ``minus``, ``times`` or ``ratio`` of typed parts: the expression, or a
    sentence saying why the kinds do not combine."""
    kinds = [p.kind for p in parts]
    subject = next((p.subject for p in parts if p.subject is not None), None)
    if how in ("plus", "minus"):
        if all(k == "money" for k in kinds):
            kind = "money"
        elif all(k in NUMBERS for k in kinds):
            kind = "decimal" if "decimal" in kinds else "int"
        else:
            return f"{how} adds money to money or numbers to numbers, not {' and '.join(kinds)}"
    elif how == "times":
        if sorted(kinds) in (["decimal", "money"], ["int", "money"]):
            kind = "money"
        elif all(k in NUMBERS for k in kinds):
            kind = "decimal" if "decimal" in kinds else "int"
        else:
            return f"times multiplies numbers, or money by a number, not {' and '.join(kinds)}"
    else:  # ratio
        if not (all(k == "money" for k in kinds) or all(k in NUMBERS for k in kinds)):
            return f"ratio divides money by money or a number by a number, not " \
                   f"{' and '.join(kinds)}"
        kind = "decimal"

    def compute(item: Any, env: Env) -> Any:
        values = [p.value(item, env) for p in parts]
        if any(v is None for v in values):
            return None
        if kind == "money" and how in ("plus", "minus"):
            currency = values[0].currency
            amounts = [in_currency(v, currency, env).amount for v in values]
            total = amounts[0]
            for amount in amounts[1:]:
                total = _EXACT.add(total, amount) if how == "plus" else _EXACT.subtract(
                    total, amount)
            return Money._trusted(total, currency)
        if how == "times" and kind == "money":
            money = values[0] if isinstance(values[0], Money) else values[1]
            factor = values[1] if isinstance(values[0], Money) else values[0]
            product = _EXACT.multiply(money.amount, to_decimal(factor))
            return Money._trusted(product.quantize(quantum(money.currency), context=_EXACT),
                         money.currency)
        if how == "ratio":
            top, bottom = values
            if isinstance(top, Money):
                bottom = in_currency(bottom, top.currency, env)
                top, bottom = top.amount, bottom.amount
            if to_decimal(bottom).is_zero():
                return None
            return _RATIO.divide(to_decimal(top), to_decimal(bottom))
        if kind == "int":
            total = values[0]
            for value in values[1:]:
                total = total + value if how == "plus" else total - value if how == "minus" \
                    else total * value
            return total
        result = to_decimal(values[0])
        for value in values[1:]:
            operation = {"plus": _EXACT.add, "minus": _EXACT.subtract,
                         "times": _EXACT.multiply}[how]
            result = operation(result, to_decimal(value))
        return result

    return kind, Expr(kind, compute, subject)


def shift(base: Expr, offsets: Mapping[str, tuple[int | None, str | None]]) -> Expr:
    """A date or instant moved by whole years, months and days (each fixed or a parameter);
    months and years clip to the end of a shorter month, as python-dateutil does."""
    years, months, days = (offsets.get(k, (0, None))[0] or 0
                           for k in ("years", "months", "days"))

    def compute(item: Any, env: Env) -> Any:
        value = base.value(item, env)
        if value is None:
            return None
        try:
            moved: date | datetime = value + relativedelta(years=years, months=months,
                                                           days=days)
        except (OverflowError, ValueError):  # past year 9999 or before year 1
            return None
        return moved

    return Expr(base.kind, compute, base.subject)


def between(unit: str, start: Expr, end: Expr) -> Expr:
    """Whole days, complete months or complete years from ``start`` to ``end`` (negative
    when ``end`` comes first)."""
    count = {"days_between": "nights", "months_between": "months",
             "years_between": "years"}[unit]

    def compute(item: Any, env: Env) -> Any:
        first, last = start.value(item, env), end.value(item, env)
        if first is None or last is None:
            return None
        if last < first:
            return -stay_length(last, first, count)  # type: ignore[arg-type]
        return stay_length(first, last, count)  # type: ignore[arg-type]

    return Expr("int", compute, end.subject or start.subject)


# -- the grammar of expressions ------------------------------------------------------------------
#: The key that names each kind of expression in a call file.
HEADS = ("sum", "count", "min", "max", "plus", "minus", "times", "ratio", "percent", "decimal",
         "shift", "days_between", "months_between", "years_between")
_OFFSETS = ("years", "months", "days")
#: Offsets may also be written counted back or forward: ``before = { years = 5 }``.
_DIRECTIONS = {"before": -1, "after": 1}
_OPTIONS = {"sum": {"of", "where"}, "count": {"where"}, "min": {"of", "where"},
            "max": {"of", "where"}, "shift": {*_OFFSETS, *_DIRECTIONS}}


def is_expression(raw: object) -> bool:
    """Whether ``raw`` (a ``to`` or ``left`` as written) is a computed expression."""
    return (isinstance(raw, Mapping) and any(head in raw for head in HEADS)) or (
        isinstance(raw, Mapping) and "milestone" in raw and (any(
            isinstance(raw.get(k), Mapping) for k in _OFFSETS) or any(
            k in raw for k in _DIRECTIONS)))


def build_expression(raw: Any, checker: Any, scope: Any, floc: Loc,
                     hint: str | None = None) -> Expr:
    """The typed expression written as ``raw`` (see the module docstring); ``hint`` is the
    kind a bare literal should have (that of the other side of the comparison)."""
    checker.count_node(floc)
    if isinstance(raw, Mapping):
        heads = [h for h in HEADS if h in raw]
        if len(heads) == 1:
            head = heads[0]
            extra = set(raw) - {head} - _OPTIONS.get(head, set())
            if extra:
                allowed = ", ".join(sorted(_OPTIONS.get(head, ()))) or "nothing else"
                raise checker.error(f"{head} takes {allowed}, not {', '.join(sorted(extra))}",
                                    floc, "wrong_type")
            return _build_head(head, raw, checker, scope, floc, hint)
        if len(heads) > 1:
            raise checker.error(f"an expression has one operation, not {' and '.join(heads)}",
                                floc, "wrong_type")
        if set(raw) == {"path"}:
            return field(checker.scalar_operand(str(raw["path"]), scope, floc + ("path",),
                                                "an expression"))
        if set(raw) == {"param"}:
            param = checker.param(raw["param"], floc + ("param",),
                                  {"int", "decimal", "money", "date", "str", "bool"})
            return constant(param.value, param.kind, param.name)
        if "milestone" in raw and set(raw) <= {"milestone", *_OFFSETS, *_DIRECTIONS}:
            point = checker.milestone(raw["milestone"], floc + ("milestone",))
            base = milestone(point, hint if hint in ("date", "datetime") else "datetime")
            offsets = read_offsets(raw, checker, floc)
            return shift(base, offsets) if offsets else base
    if hint is None:
        raise checker.error(f"{raw!r} is a literal, and the other side of the comparison "
                            "does not say its type: write it as a parameter or give the "
                            "other side a field", floc, "wrong_type")
    return constant(checker.literal(raw, hint, floc), hint)


def _build_head(head: str, raw: Mapping[str, Any], checker: Any, scope: Any, floc: Loc,
                hint: str | None = None) -> Expr:
    here = floc + (head,)
    if head in ("sum", "count", "min", "max"):
        items = checker.list_operand(str(raw[head]), scope, here, head)
        inner = checker.enter(scope, items, None, floc)
        of = None
        kind = items.path.type.item.kind
        if "of" in raw:
            of = checker.scalar_operand(str(raw["of"]), inner, floc + ("of",), head)
            kind = of.path.type.kind
        where = None if raw.get("where") is None else checker.build(
            checker.grammar(raw["where"], floc + ("where",)), inner, floc + ("where",))
        wanted = {"sum": {"int", "decimal", "money"},
                  "min": ORDERED_KINDS, "max": ORDERED_KINDS}.get(head)
        if wanted is not None and kind not in wanted:
            raise checker.error(f"{head} needs {' or '.join(sorted(wanted))} values; "
                                f"these are {kind}", floc + (("of",) if of else (head,)),
                                "wrong_type")
        return aggregate(head, items, of, where, checker.currency, kind)
    if head in ("plus", "minus", "times", "ratio", "days_between", "months_between",
                "years_between"):
        values = raw[head]
        sizes = (2, 20) if head == "plus" else (2, 2)
        if not isinstance(values, list) or not sizes[0] <= len(values) <= sizes[1]:
            raise checker.error(f"{head} takes a list of "
                                f"{'two to twenty' if head == 'plus' else 'two'} expressions",
                                here, "wrong_type")
        if head.endswith("_between"):  # a milestone counted from is its day
            parts = tuple(build_expression(v, checker, scope, here + (i,), "date")
                          for i, v in enumerate(values))
        else:
            parts = _operands(values, checker, scope, here)
        if head.endswith("_between"):
            if any(p.kind != "date" for p in parts):
                raise checker.error(f"{head} counts between two dates, not "
                                    f"{' and '.join(p.kind for p in parts)}", here,
                                    "wrong_type")
            return between(head, parts[0], parts[1])
        built = arithmetic(head, parts)
        if isinstance(built, str):
            raise checker.error(built, here, "wrong_type")
        return built[1]
    if head == "percent":
        value = checker.literal(raw[head], "decimal", here)
        return constant(_RATIO.divide(value, Decimal(100)), "decimal")
    if head == "decimal":
        return constant(checker.literal(raw[head], "decimal", here), "decimal")
    # shift (a milestone moved is a date or an instant, as the other side is)
    base = build_expression(raw[head], checker, scope, here,
                            hint if hint in ("date", "datetime") else None)
    if base.kind not in ("date", "datetime"):
        raise checker.error(f"shift moves a date or an instant, not {base.kind}", here,
                            "wrong_type")
    offsets = read_offsets(raw, checker, floc)
    if not offsets:
        raise checker.error("shift needs years, months or days (or before or after)", floc,
                            "missing_bound")
    return shift(base, offsets)


def read_offsets(raw: Mapping[str, Any], checker: Any, floc: Loc
                 ) -> dict[str, tuple[int | None, str | None]]:
    """The offsets of a shift, signed: written as they are (``years = -5``, a parameter of
    either sign), or under ``before`` or ``after`` (``before = { years = 5 }``, a number or
    parameter of at least zero, counted back or forward)."""
    directions = [k for k in _DIRECTIONS if k in raw]
    if not directions:
        return {k: checker.offset(raw[k], floc + (k,)) for k in _OFFSETS if k in raw}
    if len(directions) > 1 or any(k in raw for k in _OFFSETS):
        raise checker.error("a shift is written before = {…} or after = {…}, or with signed "
                            "years, months and days, not both", floc, "wrong_type")
    where = directions[0]
    table = raw[where]
    here = floc + (where,)
    if not isinstance(table, Mapping) or not table or set(table) - set(_OFFSETS):
        raise checker.error(f"{where} takes a table of years, months or days", here,
                            "wrong_type")
    return {k: checker.offset(table[k], here + (k,), _DIRECTIONS[where])
            for k in _OFFSETS if k in table}


def _operands(values: list[Any], checker: Any, scope: Any, floc: Loc) -> tuple[Expr, ...]:
    """Typed parts; a bare literal takes the kind of the first part that has one."""
    typed: dict[int, Expr] = {}
    for index, value in enumerate(values):
        if isinstance(value, Mapping):
            typed[index] = build_expression(value, checker, scope, floc + (index,))
    hint = next((e.kind for e in typed.values() if e.kind != "money"), None)
    if hint is None:
        hint = "decimal"
    return tuple(typed[i] if i in typed else build_expression(
        v, checker, scope, floc + (i,), hint) for i, v in enumerate(values))
