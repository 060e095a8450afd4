"""Rounding as a call declares it: to a unit (a cent, five cents, a whole euro, ten euros…)
by a named mode.

========================  ==========================================================
mode                      rounds a value halfway between two units, or any other value
========================  ==========================================================
``half_even``             to the nearest unit; halfway, to the even one (the default)
``half_up``               to the nearest unit; halfway, away from zero (the usual school rule)
``half_down``             to the nearest unit; halfway, toward zero
``down``                  toward zero (truncates)
``up``                    away from zero
``floor``                 toward minus infinity
``ceiling``               toward plus infinity
========================  ==========================================================

A unit need not be a power of ten: ``0.05`` rounds to five cents (1.025 → 1.05 half up). The
arithmetic is exact (``Decimal`` in a private context of 60 digits), whatever the program's own
decimal context; floats are refused.

>>> round_to(Decimal("1.025"), Decimal("0.05"), "half_up")
Decimal('1.05')
>>> round_to(Decimal("-2.5"), Decimal("1"), "half_even")
Decimal('-2')
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from callrules._codes import currency_written_places
from callrules._definitions import LIMITS
from callrules._money import Money, bounded, convert_exactly, parse_amount, quantum

__all__ = ["DEFAULT", "MODES", "Rounding", "RoundingError", "below_minor_unit", "exact_product",
           "parse_rounding", "round_to", "times_in"]

MODES = {"half_even": decimal.ROUND_HALF_EVEN, "half_up": decimal.ROUND_HALF_UP,
         "half_down": decimal.ROUND_HALF_DOWN, "down": decimal.ROUND_DOWN,
         "up": decimal.ROUND_UP, "floor": decimal.ROUND_FLOOR,
         "ceiling": decimal.ROUND_CEILING}
_EXACT = decimal.Context(prec=60, traps=[decimal.InvalidOperation, decimal.Overflow,
                                         decimal.DivisionByZero])


def round_to(value: Decimal, unit: Decimal, mode: str) -> Decimal:
    """``value`` rounded to a multiple of ``unit`` (positive) by ``mode``, written with as
    many decimal places as ``unit``."""
    units = _EXACT.divide(value, unit).to_integral_value(rounding=MODES[mode])
    result = _EXACT.multiply(units, unit)
    exponent = unit.as_tuple().exponent
    assert isinstance(exponent, int)  # a unit is finite
    result = result.quantize(Decimal(1).scaleb(min(exponent, 0)), context=_EXACT)
    return abs(result) if result.is_zero() else result


@dataclass(frozen=True, slots=True)
class Rounding:
    """A unit (None: the currency's minor unit, for money) and a mode."""

    unit: Decimal | None = None
    mode: str = "half_even"

    def apply(self, value: Decimal, currency: str | None = None) -> Decimal:
        """``value`` rounded; with no unit, to ``currency``'s minor unit. Money rounded to a
        unit written with more places than its currency (``0.050`` EUR, a whole number of
        cents) is written with the currency's places (``0.05``), as an application writes it."""
        unit = self.unit
        if unit is None:
            if currency is None:
                raise ValueError("a decimal is rounded to a unit the rule states")
            unit = quantum(currency)
        result = round_to(value, unit, self.mode)
        if currency is not None and (written := _written_places(unit, currency)) is not None:
            places, minor = written
            exponent = result.as_tuple().exponent
            assert isinstance(exponent, int)  # a rounded amount is finite
            if -exponent > places:  # (trailing zeros only: the unit is whole cents)
                result = result.quantize(minor, context=_EXACT)
        return result


@lru_cache(maxsize=256)
def _written_places(unit: Decimal, currency: str) -> tuple[int, Decimal] | None:
    """The places ``currency`` is written with, and its minor unit, when ``unit`` is a whole
    number of that minor unit (money so rounded is written with those places); None when
    it is not (a call may not round money so: :func:`below_minor_unit`). Worked out once
    for each unit and currency, not for each amount rounded."""
    if below_minor_unit(unit, currency) is not None:
        return None
    places = currency_written_places(currency)
    return places, Decimal(1).scaleb(-places)


def below_minor_unit(unit: Decimal, currency: str) -> Decimal | None:
    """The minor unit of ``currency`` when ``unit`` is not a whole number of it (``0.001`` or
    ``0.005`` EUR, ``0.5`` CLP): money rounded to such a unit is an amount nobody can pay, nor
    write in an application (one with more decimals than its currency is refused when read),
    so a call may not round money to it; else None (``0.05`` EUR, ``1.50`` EUR, ``10`` CLP).

    >>> below_minor_unit(Decimal("0.005"), "EUR")
    Decimal('0.01')
    >>> below_minor_unit(Decimal("0.05"), "EUR") is None
    True
    >>> below_minor_unit(Decimal("0.01"), "COP") is None  # ISO 4217's cent of the peso
    True
    """
    minor = Decimal(1).scaleb(-currency_written_places(currency))  # COP: 0.01, as written
    return None if _EXACT.remainder(unit, minor).is_zero() else minor


class RoundingError(ValueError):
    """A rounding not as the format writes it; ``key``: the key at fault (``unit`` or
    ``mode``), None for the rounding's own shape."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


#: The library's rounding of money when a call says nothing: half-even to the minor unit.
DEFAULT = Rounding()


def parse_rounding(raw: object, *, unit: object = None, mode: object = None) -> Rounding:
    """A rounding as written (``{ unit = "0.01", mode = "half_up" }``, both optional), or
    from ``unit`` and ``mode`` given apart; :class:`RoundingError` (a ``ValueError``) saying
    what is expected and naming the key at fault."""
    if raw is not None:
        if not isinstance(raw, Mapping) or set(raw) - {"unit", "mode"}:
            raise RoundingError("a rounding is { unit = \"0.01\", mode = \"half_up\" }")
        unit, mode = raw.get("unit"), raw.get("mode")
    read_unit = None
    if unit is not None:
        try:
            read_unit = parse_amount(unit)
        except ValueError as exc:
            raise RoundingError(f"a rounding unit is a positive decimal such as \"0.01\" or "
                                f"\"0.05\" (as text): {exc}", "unit") from None
        if read_unit <= 0:
            raise RoundingError("a rounding unit is a positive decimal such as \"0.01\"",
                                "unit")
        if read_unit > LIMITS["rounding_unit"]:
            raise RoundingError(f"a rounding unit is at most {LIMITS['rounding_unit']} (units "
                                "of the currency, such as \"0.01\" or \"1\")", "unit")
    if mode is not None and (not isinstance(mode, str) or mode not in MODES):
        # a list or table is no mode (and is not hashable: never looked up as one)
        raise RoundingError(f"a rounding mode is one of {', '.join(MODES)} (as text)", "mode")
    return Rounding(read_unit, str(mode) if mode is not None else "half_even")


def times_in(money: Money, factor: int | Decimal, currency: str,
             rates: Mapping[tuple[str, str], Any], rounding: Rounding) -> tuple[Money, Money]:
    """``money × factor`` as a call allows it, in ``currency`` (the call's): the product
    worked out exactly in ``money``'s own currency (a table's 151.37 USD × 7 nights is
    1,059.59 USD), converted once at the application's ``rates`` (not rounded on the way),
    then rounded once by ``rounding`` in ``currency`` (1,059.59 × 0.9234 = 978.425406: €978.43
    half-even to the cent). The one computation of "a rate times a quantity" for the rules
    (``times``) and the planner (a line of ``rate`` and ``quantity``): rounding the rate
    first and then multiplying (7 × €139.78 = €978.46) would give another amount, and a plan
    the rules refuse. Returns the product in ``money``'s currency (exact) and the amount.

    :class:`~callrules.MissingExchangeRateError` without the rate; :class:`TooLargeError`
    (of :mod:`callrules._money`) for a figure beyond the amount rule's bound.

    >>> rates = {("USD", "EUR"): Decimal("0.9234")}
    >>> times_in(Money("151.37", "USD"), 7, "EUR", rates, DEFAULT)
    (Money('1059.59', 'USD'), Money('978.43', 'EUR'))
    """
    product = exact_product(money, factor)
    exact = product.amount if money.currency == currency else convert_exactly(
        product.amount, money.currency, currency, rates)
    return product, Money._trusted(bounded(rounding.apply(exact, currency)), currency)


def exact_product(money: Money, factor: int | Decimal) -> Money:
    """``money × factor``, exact, in ``money``'s currency (not rounded: what
    :func:`times_in` converts, and what a plan shows before the conversion);
    :class:`TooLargeError` beyond the amount rule's bound."""
    return Money._trusted(bounded(_EXACT.multiply(money.amount, Decimal(factor))),
                          money.currency)
