"""Splitting an amount by ratios so that the parts add up to it, to the cent.

:func:`split` shares an amount between years, partners or funders by the largest remainder
method: each part first gets the whole units (cents, by default) of its exact share, rounded
down; the units left over, fewer than the parts, go one each to the parts whose exact share
lost the most in that rounding. Ties go to the larger ratio, then to the part written first.
So:

- the parts add up to the amount exactly (the amount must be a whole number of units);
- each part is money that can be paid and written back: a ``unit`` is a whole number of the
  currency's minor unit (``0.05`` EUR, ``100`` JPY), and a finer one (``0.01`` JPY,
  ``0.005`` EUR) is refused, never rounded silently (parts of ``33.34 JPY`` would be refused
  when an application is read);
- each part is within one unit of its exact share (``amount × ratio / sum of ratios``);
- a part whose ratio is zero gets exactly nothing;
- permuting the ratios permutes the parts (parts of equal ratios may swap a unit between
  them: which one gets it is the order's tie-break).

Ratios are whole numbers, ``Decimal`` or decimal text (``"0.25"``, ``"1/3"`` is not one),
never floats; fractional ratios are exact (``Fraction`` arithmetic throughout).

>>> from callrules import Money
>>> split(Money("100.00", "EUR"), [1, 1, 1])
[Money('33.34', 'EUR'), Money('33.33', 'EUR'), Money('33.33', 'EUR')]
>>> split(Money("10.00", "EUR"), {"2027": "0.7", "2028": "0.3", "2029": 0})
{'2027': Money('7.00', 'EUR'), '2028': Money('3.00', 'EUR'), '2029': Money('0.00', 'EUR')}
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar, overload

from callrules._in_words import ExactInWords, MoneyInWords
from callrules._money import Money, parse_amount, quantum
from callrules.budget.rounding import below_minor_unit
from callrules.exceptions import ArgumentError, KindInWords, argument_words

__all__ = ["MAX_PARTS", "split"]

#: The most parts one split makes.
MAX_PARTS = 10_000

_K = TypeVar("_K")
_EXACT = decimal.Context(prec=60, traps=[decimal.InvalidOperation, decimal.Overflow])
Ratio = int | Decimal | str


@overload
def split(total: Money, ratios: Mapping[_K, Ratio], *, unit: Decimal | str | None = None
          ) -> dict[_K, Money]: ...


@overload
def split(total: Money, ratios: Sequence[Ratio], *, unit: Decimal | str | None = None
          ) -> list[Money]: ...


def split(total: Money, ratios: Mapping[_K, Ratio] | Sequence[Ratio], *,
          unit: Decimal | str | None = None) -> dict[_K, Money] | list[Money]:
    """``total`` shared by ``ratios`` (a list, or a mapping whose keys the result keeps),
    in whole ``unit`` (default: the currency's minor unit, the cent for EUR), by the largest
    remainder; see the module's documentation for the laws it keeps.

    :class:`~callrules.ArgumentError` (code ``bad_split``) for a total that is not money or
    not a whole number of units, a unit that is not a whole number of the currency's minor
    unit (in the reader's words), no ratio, a negative or unreadable ratio, or ratios that are
    all zero.
    """
    if not isinstance(total, Money):
        raise ArgumentError(f"split shares money (callrules.Money), not "
                            f"{type(total).__name__}", code="bad_split",
                            words=argument_words("total", total, "kind_money"))
    if isinstance(ratios, Mapping):
        keys: list[_K] | None = list(ratios)
        values = [ratios[k] for k in ratios]
    elif isinstance(ratios, Sequence) and not isinstance(ratios, (str, bytes)):
        keys, values = None, list(ratios)
    else:
        raise ArgumentError("ratios are a list of numbers, or a mapping of names to numbers",
                            code="bad_split",
                            words=argument_words("ratios", ratios, "kind_ratios"))
    if not 1 <= len(values) <= MAX_PARTS:
        raise ArgumentError(f"a split has 1 to {MAX_PARTS} ratios, not {len(values)}",
                            code="bad_split", words=("split_ratios_count", {
                                "most": ExactInWords(MAX_PARTS),
                                "count": ExactInWords(len(values))}))
    exact = [_ratio(value, key) for key, value in zip(keys or range(len(values)), values,
                                                      strict=True)]
    step = _unit(unit, total.currency)
    units = Fraction(total.amount) / Fraction(step)
    if units.denominator != 1:
        raise ArgumentError(f"{total} is not a whole number of units of {step}: round it "
                            "first", code="bad_split", words=("split_not_whole_units", {
                                "total": MoneyInWords(total.amount, total.currency),
                                "unit": MoneyInWords(step, total.currency)}))
    counts = _largest_remainder(int(units), exact)
    parts = [Money._trusted(_amount(count, step), total.currency) for count in counts]
    if keys is None:
        return parts
    return dict(zip(keys, parts, strict=True))


def _ratio(value: object, key: object) -> Fraction:
    try:
        number = parse_amount(value)
    except ValueError as exc:
        raise ArgumentError(f"ratio {key!r:.40} is not a number: {exc}", code="bad_split",
                            words=argument_words("ratios", value, "kind_ratio")) from None
    if number < 0:
        raise ArgumentError(f"ratio {key!r:.40} is negative ({number})", code="bad_split")
    return Fraction(number)


def _unit(unit: object, currency: str) -> Decimal:
    if unit is None:
        return quantum(currency)
    try:
        step = parse_amount(unit)
    except ValueError as exc:
        raise ArgumentError(f"the unit is a positive decimal such as \"0.01\": {exc}",
                            code="bad_split",
                            words=argument_words("unit", unit, "kind_unit")) from None
    if step <= 0:
        raise ArgumentError("the unit is a positive decimal such as \"0.01\"", code="bad_split",
                            words=("argument_expected", {
                                "argument": "unit", "expected": KindInWords("kind_unit"),
                                "given": f"{step:f}"}))
    minor = below_minor_unit(step, currency)
    if minor is not None:  # parts of 33.34 JPY: money nobody can pay, nor write back
        raise ArgumentError(
            f"a split of money is in whole numbers of the currency's minor unit: {step} "
            f"{currency} is not one of {minor} {currency}", code="bad_split",
            words=("split_below_minor_unit", {  # amounts in the reader's digits and signs
                "unit": MoneyInWords(step, currency), "minor": MoneyInWords(minor, currency)}))
    return step


def _largest_remainder(units: int, ratios: Sequence[Fraction]) -> list[int]:
    """``units`` (any sign) shared by ``ratios``: whole counts adding up to it."""
    whole = sum(ratios)
    if whole == 0:
        raise ArgumentError("the ratios are all zero: there is nothing to split by",
                            code="bad_split", words=("split_ratios_zero", {}))
    sign, count = (1, units) if units >= 0 else (-1, -units)
    shares = [count * r / whole for r in ratios]
    floors = [s.numerator // s.denominator for s in shares]
    left = count - sum(floors)
    order = sorted(range(len(shares)),
                   key=lambda i: (-(shares[i] - floors[i]), -ratios[i], i))
    for index in order[:left]:
        floors[index] += 1
    return [sign * n for n in floors]


def _amount(count: int, step: Decimal) -> Decimal:
    """``count`` units of ``step``, written with ``step``'s decimal places."""
    value = _EXACT.multiply(Decimal(count), step)
    return abs(value) if value.is_zero() else value
