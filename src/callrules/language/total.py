"""``total``: the sum of the money in a list is at most a cap.

Amounts in another currency than the cap's are converted at the rates the application
supplies (never invented); the finding says the total, the cap and the excess in money.
"""

from __future__ import annotations

import ast
import decimal
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar, cast

from callrules import _definitions as d
from callrules._keys import evaluation_memo
from callrules._money import Money, TooLargeError, bounded, convert_amount
from callrules._report import Finding, Severity
from callrules.exceptions import MissingExchangeRateError
from callrules.language.codegen import Emitter
from callrules.language.expressions import conversion
from callrules.language.form import CONVERSION_STEPS, Env, Loc, Node, Operand, Scope, rates_of

__all__ = ["Total"]

_ZERO = Decimal(0)
#: Sums of amounts: wide enough that 10,000 lines of 18 digits and 8 places add exactly.
_EXACT = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN,
                         traps=[decimal.InvalidOperation, decimal.Overflow])


#: What a ``total`` below zero is refused for, in English and by its reader's words' key.
_NEVER, _BELOW = "total would never hold", "bounds_below_zero"


def _identity(value: Any) -> Any:
    return value


@dataclass(frozen=True, slots=True)
class Total(Node):
    op: ClassVar[str] = "total"
    items: Operand
    amount_of: Callable[[Any], Money]
    of_loc: Loc
    cap: Money
    clause: str
    severity: Severity
    ctx: Mapping[str, object] = field(default_factory=dict)

    @classmethod
    def build(cls, raw: d.Total, checker: Any, scope: Scope, floc: Loc) -> Node:
        items = checker.list_operand(raw.path, scope, floc + ("path",), "total")
        item_type = items.path.type.item
        amount_of: Callable[[Any], Money]
        if raw.of is not None:
            of = checker.operand(raw.of, checker.scope_of(item_type), floc + ("of",))
            if of.path.type.kind != "money" or of.path.type.optional:
                raise checker.error(f"total adds money; {raw.of!r} is "
                                    f"{of.path.type.described()}", floc + ("of",), "wrong_type")
            amount_of, of_loc = of.path.getter, of.path.loc
        elif item_type.kind == "money":
            amount_of, of_loc = _identity, ()
        else:
            raise checker.error(f"total adds money; give 'of', the money field of each "
                                f"{item_type.describe()}", floc, "wrong_type")
        cap = raw.max
        ctx: dict[str, object] = {}
        if isinstance(cap, Mapping) and set(cap) == {"param"}:
            param = checker.param(cap["param"], floc + ("max", "param"), {"money"})
            value: Money = param.value
            ctx = {"param": param.name}
            checker.caps_not_below_zero(checker.history.get(param.name, (value,)), param.name,
                                        floc + ("max", "param"), _NEVER, _BELOW)
        else:
            value = checker.literal(cap, "money", floc + ("max",))
            checker.caps_not_below_zero((value,), None, floc + ("max",), _NEVER, _BELOW)
        checker.enter(scope, items, None, floc)  # the lines are visited: count them
        # and each line converted once an evaluation, whatever total reads it (:meth:`_memo`)
        name, lines = checker.where(items, scope)
        checker.once(("amounts", name, raw.of), CONVERSION_STEPS * lines, floc)
        return cls(items, amount_of, of_loc, value, checker.clause, checker.severity, ctx)

    @property
    def loc(self) -> Loc:  # type: ignore[override]
        return self.items.loc

    def read(self, item: Any, env: Env) -> Any:
        return self.items.read(item, env)

    def passes(self, values: Any, root: Any) -> bool:
        summed = self._summed(values, root)
        if isinstance(summed, BaseException):  # a missing rate: unjudged, never false
            raise summed.with_traceback(None)
        if isinstance(summed, int):  # this line, converted, is beyond the bound
            raise TooLargeError((self.loc + (summed,) + self.of_loc,))
        try:
            return bool(bounded(summed) <= self.cap.amount)
        except TooLargeError:  # the lines add up beyond the bound: not judged
            raise TooLargeError((self.loc,)) from None

    def _memo(self, what: str, values: Any, work: Callable[[], Any]) -> Any:
        """``work()`` for the list ``values`` worked out once an evaluation, whatever
        ``total`` reads the same list's same field against a cap in the same currency
        (:func:`callrules._keys.evaluation_memo`, holding the list). Attack 34: 500 totals
        of 10,000 lines in ten currencies, each line converted again by each rule (61 s)."""
        memo = evaluation_memo()
        if memo is None:
            return work()
        key = ("total", what, id(values), self.of_loc, self.cap.currency)
        found = memo.get(key)
        if found is None:
            found = memo[key] = (values, work())
        return found[1]

    def _summed(self, values: Any, root: Any) -> Decimal | int | BaseException:
        """The exact sum of the lines of ``values`` in the cap's currency; or the place of
        the first line too large once converted; or the missing rate."""
        currency, amount_of, add = self.cap.currency, self.amount_of, _EXACT.add

        def work() -> Decimal | int | BaseException:
            sum_ = _ZERO
            rates: Mapping[tuple[str, str], Decimal] | None = None
            for index, element in enumerate(values or ()):
                money = amount_of(element)
                if money.currency == currency:
                    sum_ = add(sum_, money.amount)
                    continue
                if rates is None:
                    rates = rates_of(root)
                try:
                    sum_ = add(sum_, convert_amount(money.amount, money.currency, currency,
                                                    rates))
                except TooLargeError:
                    return index
                except MissingExchangeRateError as error:
                    return error
            return sum_

        return cast(Decimal | int | BaseException, self._memo("sum", values, work))

    def explain(self, item: Any, env: Env) -> list[Finding] | None:
        values = self.items.read(item, env) or ()
        try:
            if self.passes(values, env["root"]):
                return None
        except MissingExchangeRateError:
            pass  # said below, at the first line without its rate
        told = self._told(values, env["root"])
        if isinstance(told[0], int):
            index, original, exc = told
            return [Finding("missing_exchange_rate", self.clause, self.severity,
                            self.loc + (index,) + self.of_loc, original,
                            {"base": exc.base, "quote": exc.quote})]
        total, conversions = told
        ctx = {**self.ctx, "total": total, "limit": self.cap, "excess": total - self.cap}
        if conversions:
            ctx["conversions"] = conversions
        return [Finding("total_above_maximum", self.clause, self.severity, self.loc, values,
                        ctx)]

    def _told(self, values: Any, root: Any) -> tuple[Any, ...]:
        """What a finding says of the lines ``values``, once an evaluation: their total in
        the cap's currency and each conversion; or the first line without its rate (its
        place, its amount, the missing rate)."""
        currency = self.cap.currency

        def work() -> tuple[Any, ...]:
            amounts = []
            conversions: list[dict[str, object]] = []
            rates = None
            for index, element in enumerate(values):
                money = original = self.amount_of(element)
                if money.currency != currency:
                    if rates is None:
                        rates = rates_of(root)
                    try:
                        money = money.convert(currency, rates)
                    except MissingExchangeRateError as exc:
                        return index, original, exc
                    conversions.append(conversion(original, money, rates))
                amounts.append(money)
            return Money.total(amounts, currency), tuple(conversions)

        return cast(tuple[Any, ...], self._memo("told", values, work))

    def emit(self, gen: Emitter, item: ast.expr, names: Mapping[str, ast.expr]) -> ast.expr:
        return gen.call(gen.bind(self.passes), self.items.emit(gen, item, names),
                        names["root"])
