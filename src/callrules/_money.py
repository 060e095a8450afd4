"""Money: an exact ``Decimal`` amount with an ISO 4217 currency code.

Amounts are never floats. Parsing follows one documented rule (see :func:`parse_amount`);
arithmetic refuses to mix currencies; conversion happens only at a rate the caller supplies;
rounding goes to the currency's minor unit, half-even, inside a local decimal context.

One magnitude holds for every amount and number callrules reads *or computes*: at most
:data:`MAX_INTEGER_DIGITS` (18) digits before the point. An amount read beyond it is refused
(``amount_too_large``); a sum, a product, a conversion or a rounding whose result would pass
it raises :class:`TooLargeError` (``computed_too_large``), never builds a larger Money: so
every Money in existence replays through :func:`parse_amount` and formats in any locale.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from callrules import _codes
from callrules._in_words import InWords
from callrules._messages import INPUT_CODES
from callrules._portable_patterns import portable
from callrules._problems import AmountError, printable, problem
from callrules.exceptions import (
    ArgumentError,
    CurrencyMismatchError,
    InputProblem,
    KindInWords,
    MissingExchangeRateError,
    argument_words,
    as_text,
    blank_words,
    given_key,
    given_words,
)

__all__ = ["AMOUNT_PATTERN", "MAX_INTEGER_DIGITS", "Money", "MoneyField", "TooLargeError",
           "amount_held", "amount_written", "bounded", "excess_places", "parse_amount"]

#: The most digits an amount, a rate or any number computed from them may have before the
#: decimal point (read: ``amount_too_large``; computed: :class:`TooLargeError`).
MAX_INTEGER_DIGITS = 18
#: The first magnitude beyond :data:`MAX_INTEGER_DIGITS`: every value is below it.
LIMIT = 10 ** MAX_INTEGER_DIGITS
_DECIMAL_LIMIT = Decimal(LIMIT)
_Loc = tuple[str | int, ...]
_N = TypeVar("_N", Decimal, int)
#: The most decimal places accepted on input, before rounding to the currency's minor unit.
MAX_INPUT_PLACES = 8

# A plain decimal numeral: optional sign, digits, optional fraction. No exponent, no separators.
# ASCII digits only: ``\d`` alone would also match "٣١٠٠" or "３１００", which Decimal reads.
_AMOUNT_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)
#: An amount as input text (JSON strings, the application schema): the same rule as
#: :func:`parse_amount` for a string, unsigned, without surrounding spaces.
AMOUNT_PATTERN = (f"^(?:[0-9]{{1,{MAX_INTEGER_DIGITS}}}(?:[.][0-9]{{0,{MAX_INPUT_PLACES}}})?"
                  f"|[.][0-9]{{1,{MAX_INPUT_PLACES}}})$")
_CONTEXT = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN, traps=[
    decimal.InvalidOperation, decimal.Overflow, decimal.DivisionByZero])


def parse_amount(value: object) -> Decimal:
    """Turn ``value`` into an exact, finite Decimal, or raise ``ValueError`` saying why.

    The rule: an ``int``, a ``Decimal`` (in plain form: ``Decimal("2E+4")`` is ``20000``,
    exactly), or a string holding a plain decimal numeral
    (``"3100"``, ``"3100.00"``, ``"-12.5"``) with a dot as decimal point, no thousands
    separators and no exponent, at most 18 digits before the point and 8 after it.
    Floats are refused (they cannot hold 0.1 exactly); so are ``NaN``, infinities,
    ``"1e3"``, ``"3 100"``, ``"3,100.00"`` and ``"3100,00"``. ``-0`` is read as zero.

    >>> parse_amount("3100.00")
    Decimal('3100.00')
    >>> parse_amount("3,100.00")
    Traceback (most recent call last):
    ...
    callrules._problems.AmountError: '3,100.00' is not a plain decimal number (use a dot, ...
    """
    if isinstance(value, bool):
        raise AmountError("amount_bool")
    if isinstance(value, float):
        raise AmountError("amount_float")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise AmountError("amount_not_finite", value=value)
        amount = value
    elif isinstance(value, str):
        text = value.strip()
        if not _AMOUNT_RE.fullmatch(text):
            raise AmountError("amount_not_plain", value=_short(value))
        amount = Decimal(text)
    else:
        raise AmountError("amount_type", type=type(value).__name__)
    _, digits, exponent = amount.as_tuple()
    assert isinstance(exponent, int)
    if len(digits) + exponent > MAX_INTEGER_DIGITS:
        raise AmountError("amount_too_large", value=_short(value, quote=True),
                          limit=MAX_INTEGER_DIGITS)
    if -exponent > MAX_INPUT_PLACES:
        raise AmountError("amount_too_precise", value=_short(value, quote=True),
                          limit=MAX_INPUT_PLACES)
    if exponent > 0:  # 2E+4 is 20000, written as the readers read it: exact, never rounded
        amount = Decimal(int(amount))
    if amount.is_zero():
        amount = abs(amount)  # -0 is zero
    return amount


#: An amount written as a thousands separator writes it (``15.200``, ``1.250.000``): digits
#: in groups of three after a dot, the first group not starting with 0.
_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")


def excess_places(amount: Decimal, currency: str) -> tuple[str, dict[str, str]] | None:
    """Why ``amount``, as written, cannot be an amount of ``currency``: it has more decimals
    than the currency's minor unit (ISO 4217, or CLDR's digits where more: ``15.200`` BRL,
    ``0.125`` EUR, ``1.5`` CLP; ``4500000.00`` COP is exact); else None. Such an amount is
    never read as written nor rounded: ``15.200`` is fifteen thousand two hundred as pt, es,
    fr or de write it (the dot a thousands
    separator), fifteen reais twenty as a program writes it. The problem's code and context:

    - ``amount_thousands`` when the dot may separate thousands (``suggestion``: the amount
      so read, ``15200.00``), ``amount_decimals`` otherwise;
    - with ``_zeros`` when the amount as written also has a form within the minor unit, its
      extra decimals being zeros (``exact``: ``15.20``).

    >>> excess_places(Decimal("15.200"), "BRL")
    ('amount_thousands_zeros', {'value': '15.200', 'currency': 'BRL', 'digits': '2', \
'suggestion': '15200.00', 'exact': '15.20'})
    >>> excess_places(Decimal("15.20"), "BRL") is None
    True
    """
    digits = _codes.currency_written_places(currency)
    exponent = amount.as_tuple().exponent
    if not isinstance(exponent, int) or exponent >= -digits:
        return None
    places = Decimal(1).scaleb(-digits)
    value = format(amount, "f")
    ctx = {"value": value, "currency": currency, "digits": str(digits)}
    code = "amount_decimals"
    if _THOUSANDS.fullmatch(value):
        code = "amount_thousands"
        ctx["suggestion"] = format(Decimal(value.replace(".", "")).quantize(
            places, context=_CONTEXT), "f")
    exact = amount.quantize(places, context=_CONTEXT)
    if exact == amount:
        code += "_zeros"
        ctx["exact"] = format(exact, "f")
    return code, ctx


def _short(value: object, *, quote: bool = False) -> str:
    """A value as shown in a message (a string quoted; others as repr with ``quote``; a
    Decimal as the numeral it is, never ``Decimal('…')``), cut to 60 characters."""
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        plain = value.is_finite() and isinstance(exponent, int) and -60 < exponent < 60
        text = format(value, "f") if plain else str(value)
        text = repr(text) if quote else text
    else:
        text = repr(value) if isinstance(value, str) or quote else as_text(value)
    return text if len(text) <= 60 else text[:59] + "…"


#: The words and places of the :class:`TooLargeError`s made, by their kind, places and
#: context (at most :data:`_MADE_MOST`): a list whose every item's figure is too large meets
#: the same error once per item, and the three-valued law reads every item (session 40).
_MADE: dict[Any, tuple[tuple[InputProblem, ...], str]] = {}
_MADE_MOST = 1024
#: How many :class:`TooLargeError`s had their problems made and checked, and how many
#: shared those of one made before (read by the tests: the work an item costs).
BUILT_ANEW = [0, 0]


class TooLargeError(AmountError):
    """A figure computed from the values of a record (a sum, a product, a ratio, a
    conversion, a rounding) has more than :data:`MAX_INTEGER_DIGITS` digits before the point:
    an :class:`~callrules.InputError` (``computed_too_large``) with one problem at each place
    of the values it was computed from: ``locs`` relative to the item a rule was reading,
    ``fixed`` from the record's root. Raised where the figure is computed, with no place;
    the rule that reads the values adds theirs (:meth:`located`), each list its item's
    (:meth:`within`), so that the error reaches the record located."""

    #: The problem's code (a subclass says another thing that leaves a record unjudged).
    problem_code = "computed_too_large"
    #: Whether the rule whose explanation raised it is known not to fail all the same (its
    #: decision met it too, or judged every other part): a rule holding it need not judge
    #: that one again (:func:`~callrules.language.logic.fails_beside`).
    settled = False

    def __init__(self, locs: tuple[_Loc, ...] = (), fixed: tuple[_Loc, ...] = (),
                 **ctx: Any) -> None:
        self.locs = tuple(dict.fromkeys(locs))
        self.fixed = tuple(dict.fromkeys(fixed))
        ctx = ctx or self.context()
        key = (type(self), self.locs, self.fixed,
               tuple((name, type(value), repr(value)) for name, value in ctx.items()))
        made = _MADE.get(key)
        if made is not None:  # the same error met again (every item of a list, session 40):
            BUILT_ANEW[1] += 1  # its words and places, checked once, are shared
            problems, text = made
            self.ctx, self.code, self.problems, self.source = dict(ctx), self.problem_code, \
                problems, None
            Exception.__init__(self, text)
            return
        BUILT_ANEW[0] += 1
        super().__init__(self.problem_code, **ctx)
        first = self.problems[0]
        self.problems = tuple(InputProblem(loc, first.type, first.msg, None, first.ctx)
                              for loc in dict.fromkeys(self.fixed + self.locs)) or self.problems
        if len(_MADE) >= _MADE_MOST:
            _MADE.clear()
        _MADE[key] = (self.problems, self.args[0])

    @staticmethod
    def context() -> dict[str, object]:
        """What the problem says of itself when it is not told (``ctx``): the bound, in
        digits before the point."""
        return {"limit": MAX_INTEGER_DIGITS}

    def located(self, locs: tuple[_Loc, ...], fixed: tuple[_Loc, ...] = ()) -> TooLargeError:
        """This error at ``locs`` (and ``fixed``), unless it already has a place (closer to
        the values)."""
        if self.locs or self.fixed or not (locs or fixed):
            return self
        return type(self)(locs, fixed, **self.ctx)

    def within(self, prefix: _Loc, *, absolute: bool = False) -> TooLargeError:
        """This error with its places read from the item at ``prefix`` (an item of a list;
        ``absolute``: ``prefix`` is from the record's root)."""
        moved = tuple(prefix + loc for loc in self.locs) or (() if self.fixed else (prefix,))
        if absolute:
            return type(self)((), self.fixed + moved, **self.ctx)
        return type(self)(moved, self.fixed, **self.ctx)


class OutOfCalendarError(TooLargeError):
    """A date a rule moves by a period (``shift``) past year 9999 or before year 1: no
    comparison with it can be judged, whatever rule holds it (``not``, ``count``…), so the
    record is unjudged, located as a figure too large is (``date_out_of_calendar``). Its
    context says the move, nothing of a figure's bound: ``date`` (the date or instant as
    read, before it is moved), ``years``, ``months`` and ``days`` (the period)."""

    problem_code = "date_out_of_calendar"

    @staticmethod
    def context() -> dict[str, object]:
        return {}  # (told where the date is moved: :func:`moved_out`)


def moved_out(value: object, years: int, months: int, days: int) -> OutOfCalendarError:
    """The :class:`OutOfCalendarError` of ``value`` (a date or an instant) moved by ``years``,
    ``months`` and ``days`` out of the calendar, its context saying so."""
    shown = value.isoformat() if hasattr(value, "isoformat") else value
    return OutOfCalendarError(date=shown, years=years, months=months, days=days)


def bounded(value: _N) -> _N:
    """``value`` (a Decimal or an int computed by callrules) if it has at most
    :data:`MAX_INTEGER_DIGITS` digits before the point; :class:`TooLargeError` otherwise.
    A zero is unsigned: ``0 / -7`` or ``0 × -1`` is 0, never the "-0" Decimal keeps."""
    if isinstance(value, Decimal):
        if not value.is_finite() or abs(value) >= _DECIMAL_LIMIT:
            raise TooLargeError()
        if value.is_zero() and value.is_signed():
            return value.copy_abs()
    elif isinstance(value, int) and not -LIMIT < value < LIMIT:
        raise TooLargeError()
    return value


def _currency(value: object) -> str:
    """``value`` if it is an ISO 4217 code (upper case); ``AmountError`` otherwise."""
    if not isinstance(value, str) or not _codes.is_currency(value):
        raise AmountError("currency_code", loc=("currency",), value=printable(value)[:60]
                          if isinstance(value, str) else _short(value))
    return value


def _misused(argument: str, value: object) -> tuple[str, Mapping[str, str]] | None:
    """The words of a :class:`Money` built with ``value`` given wrong to ``argument``
    (``amount``, ``currency``): a value of another kind, or empty text, said by its kind and
    naming the argument; None for a text that is no amount or no currency (its problem says
    it, quoting the text)."""
    expected = "kind_amount_given" if argument == "amount" else "kind_currency"
    if isinstance(value, str):
        return blank_words(argument, value, expected) if not value.strip() else None
    if argument == "amount" and isinstance(value, (int, Decimal)) and not isinstance(
            value, bool):
        return None  # (a number too large, too precise or not finite: its problem says it)
    return argument_words(argument, value, expected)


def exchange_rate(value: object, base: str, quote: str) -> Decimal:
    """A supplied rate as a Decimal: positive and written as an amount is (at most 18 digits
    before the point and 8 after); :class:`~callrules.ArgumentError` (``bad_rate``)
    otherwise, saying which pair it was given for."""
    pair = {"base": base, "quote": quote}
    try:
        if isinstance(value, (str, float)):
            raise AmountError("amount_type", type=type(value).__name__)
        rate = parse_amount(value)
    except AmountError as exc:
        raise ArgumentError(
            f"the exchange rate from {base} to {quote} is not a rate: {exc}", code="bad_rate",
            words=("rate_not_a_rate", {**pair, "given": _rate_given(value)})) from None
    if rate <= 0:
        raise ArgumentError(f"the exchange rate from {base} to {quote} must be positive, not "
                            f"{_short(rate)}", code="bad_rate",
                            words=("rate_not_positive", {**pair, "given": given_words(
                                # (as given: « 0 », « -3 »; never the parsed « 0,0 »)
                                int(value) if isinstance(value, Decimal)
                                and int(value.as_tuple().exponent) >= 0 else value)}))
    return rate


def _rate_given(value: object) -> InWords:
    """A rate that is no rate as its refusal quotes it: a text, a Decimal or a whole number
    by its digits; a Decimal not finite, a float (« 1,5 » would seem a rate) or a number of
    another kind (numpy's 5: never "a whole number…, not 5") by its kind."""
    if isinstance(value, Decimal) and not value.is_finite():
        return KindInWords("kind_not_finite")
    if isinstance(value, (str, Decimal, int)) and not isinstance(value, bool):
        return given_words(value)
    return KindInWords(given_key(value))


@cache
def quantum(currency: str) -> Decimal:
    """The smallest unit of ``currency`` as a Decimal exponent: ``0.01`` for EUR, ``1`` for
    CLP (from CLDR's minor units)."""
    return Decimal(1).scaleb(-_codes.currency_minor_unit(currency))


def amount_written(money: Money) -> str:
    """The amount as every machine output writes it (the JSON of a report, a selection or a
    plan; a machine CSV): a plain numeral with the currency's minor-unit places at least
    (:func:`quantum`), so that the amounts of one output are written one way, whether the
    library computed them (rounded there) or they were given (an envelope of ``6000`` EUR is
    written ``"6000.00"``, beside a total of ``"4130.00"``). Only zeros are added: an amount
    given with more places keeps them, never rounded by being written.

    >>> amount_written(Money("6000", "EUR")), amount_written(Money("6000", "CLP"))
    ('6000.00', '6000')
    >>> amount_written(Money("12.125", "EUR"))
    '12.125'
    """
    amount, places = money.amount, quantum(money.currency)
    exponent = amount.as_tuple().exponent  # (an int: a Money is finite)
    if isinstance(exponent, int) and exponent > -_codes.currency_minor_unit(money.currency):
        amount = amount.quantize(places, context=_CONTEXT)  # (zeros added: exact)
    return format(amount, "f")


def amount_held(money: Money) -> str:
    """The amount with the digits it holds, no more: a plain numeral (``6000`` EUR is
    ``"6000"``). What a selection record's outcome has always held (a record is compared
    with its replay as written, so its form cannot follow :func:`amount_written` without
    every record written before saying CHANGED, and every record written after saying so
    to an older library); every other machine output writes :func:`amount_written`.

    >>> amount_held(Money("6000", "EUR")), amount_held(Money("2186.5", "EUR"))
    ('6000', '2186.5')
    """
    return format(money.amount, "f")


def convert_amount(amount: Decimal, base: str, quote: str,
                   rates: Mapping[tuple[str, str], Decimal]) -> Decimal:
    """``amount`` of ``base`` in ``quote``, at the supplied rate (or the inverse of the
    supplied opposite rate), rounded half-even to ``quote``'s minor unit; never invented.
    :class:`TooLargeError` if the result has more than :data:`MAX_INTEGER_DIGITS` digits
    before the point; :class:`~callrules.ArgumentError` (``bad_rate``) for a rate that is not
    a positive amount."""
    value = convert_exactly(amount, base, quote, rates)
    return _plain(bounded(value.quantize(quantum(quote), context=_CONTEXT)))


def convert_exactly(amount: Decimal, base: str, quote: str,
                    rates: Mapping[tuple[str, str], Decimal]) -> Decimal:
    """``amount`` of ``base`` in ``quote`` as :func:`convert_amount` converts it, not rounded
    (to 60 significant digits: a rate given the other way round divides): for a figure
    converted once and then rounded once, as the call rounds it (a table's rate times a
    quantity, :func:`callrules.budget.rounding.allowed`). The same errors."""
    if not isinstance(rates, Mapping):
        raise ArgumentError(f"rates are a mapping of (base, quote) pairs to rates, not "
                            f"{type(rates).__name__}", code="bad_rate",
                            words=argument_words("rates", rates, "kind_rates"))
    rate, inverse = rates.get((base, quote)), rates.get((quote, base))
    if rate is not None:
        rate = exchange_rate(rate, base, quote)
        if inverse is not None and _CONTEXT.multiply(
                rate, exchange_rate(inverse, quote, base)) != 1:
            # two rates that disagree leave the conversion undecided, as in an application
            raise ArgumentError(f"two different exchange rates are given between {base} and "
                                f"{quote}: give one rate per pair of currencies",
                                code="conflicting_rates", words=(
                                    "rates_conflicting", {"base": base, "quote": quote}))
        value = _CONTEXT.multiply(amount, rate)
    else:
        if inverse is None:
            raise MissingExchangeRateError(base, quote)
        value = _CONTEXT.divide(amount, exchange_rate(inverse, quote, base))
    if abs(value) >= _DECIMAL_LIMIT:  # before the quantize, which would need more digits
        raise TooLargeError()
    return value


def _plain(amount: Decimal) -> Decimal:
    """``amount``, zero without its sign (``-0.00`` is ``0.00``: no Money holds -0)."""
    return abs(amount) if amount.is_zero() else amount


class Money:
    """An amount of one currency.

    >>> Money("3100", "EUR") + Money("0.01", "EUR")
    Money('3100.01', 'EUR')
    >>> Money("10", "EUR") + Money("10", "BRL")
    Traceback (most recent call last):
    ...
    callrules.exceptions.CurrencyMismatchError: cannot add 10 BRL to 10 EUR: convert first
    """

    __slots__ = ("amount", "currency")
    amount: Decimal
    currency: str

    def __init__(self, amount: object, currency: str) -> None:
        for name, value, read in (("currency", currency, _currency),
                                  ("amount", amount, parse_amount)):
            try:
                object.__setattr__(self, name, read(value))
            except AmountError as exc:  # (a value given wrong: said naming its argument)
                exc.words = _misused(name, value)
                raise

    @classmethod
    def _trusted(cls, amount: Decimal, currency: str) -> Money:
        new = object.__new__(cls)
        object.__setattr__(new, "amount", amount)
        object.__setattr__(new, "currency", currency)
        return new

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Money is immutable")

    # immutable: a copy is the same amount, and a pickle (Dask's processes, a cache) rebuilds
    # it with the digits it has, not through ``__setattr__``
    def __copy__(self) -> Money:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Money:
        return self

    def __reduce__(self) -> tuple[object, tuple[Decimal, str]]:
        return (Money._trusted, (self.amount, self.currency))

    def __repr__(self) -> str:
        return f"Money({_amount_text(self)!r}, {self.currency!r})"

    def __str__(self) -> str:
        return f"{_amount_text(self)} {self.currency}"  # 0.00000001, never 1E-8

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self.currency == other.currency and self.amount == other.amount

    def __hash__(self) -> int:
        return hash((self.amount, self.currency))

    def _same(self, other: Money, verb: str) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatchError(
                f"cannot {verb} {other.amount} {other.currency} to {self.amount} {self.currency}: "
                "convert first")

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "add")
        return Money._trusted(bounded(_CONTEXT.add(self.amount, other.amount)), self.currency)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "subtract")
        return Money._trusted(bounded(_CONTEXT.subtract(self.amount, other.amount)),
                              self.currency)

    # Ordering with anything but Money answers NotImplemented, as Python's protocol wants:
    # the other operand may know how to compare, and otherwise Python raises the TypeError
    # that ``Decimal("1") < None`` raises too (sorting mixed values fails the usual way).
    # Two currencies raise CurrencyMismatchError: that is a mistake of callrules' domain.
    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "compare")
        return self.amount < other.amount

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "compare")
        return self.amount <= other.amount

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "compare")
        return self.amount > other.amount

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "compare")
        return self.amount >= other.amount

    def rounded(self) -> Money:
        """This amount rounded half-even to the currency's minor unit (cents for EUR);
        :class:`TooLargeError` if rounding up passes :data:`MAX_INTEGER_DIGITS` digits."""
        return Money._trusted(_plain(bounded(self.amount.quantize(quantum(self.currency),
                                                                  context=_CONTEXT))),
                              self.currency)

    def convert(self, currency: str, rates: Mapping[tuple[str, str], Decimal]) -> Money:
        """This amount in ``currency`` at a rate from ``rates``, rounded to the minor unit.

        ``rates[(base, quote)]`` is the price of one ``base`` in ``quote``. The inverse of
        a supplied rate is used when only that is given; no rate is ever invented.

        Errors, all :class:`~callrules.CallrulesError`: ``currency`` not an ISO 4217 code
        (an :class:`~callrules.InputError`, ``currency_code``); ``rates`` not a mapping, or
        the rate not a positive Decimal or int written as an amount is (at most 18 digits
        before the point, 8 after: NaN, 0, -1, True, 1.5 and "1.5" are not rates):
        :class:`~callrules.ArgumentError` (``bad_rate``); no rate for the pair:
        :class:`~callrules.MissingExchangeRateError`; a rate and an opposite rate that
        disagree (their product is not 1): :class:`~callrules.ArgumentError`
        (``conflicting_rates``), as an application giving both is refused; a result beyond
        the amount rule's 18 digits: :class:`TooLargeError` (``computed_too_large``), never
        a larger Money.
        """
        if currency == self.currency:
            return self
        currency = _currency(currency)
        return Money._trusted(convert_amount(self.amount, self.currency, currency, rates),
                              currency)

    @staticmethod
    def total(items: Iterable[Money], currency: str) -> Money:
        """The exact sum of ``items``, all Money in ``currency`` (zero for none):
        :class:`~callrules.ArgumentError` for items that are not Money, an
        :class:`~callrules.InputError` for a currency that is not an ISO 4217 code,
        :class:`~callrules.CurrencyMismatchError` for another currency,
        :class:`TooLargeError` for a sum beyond 18 digits before the point."""
        currency = _currency(currency)
        amount = Decimal(0)
        for item in ArgumentError.iterable(items, "items: Money amounts", argument="items",
                                           each="kind_money"):
            if not isinstance(item, Money):
                raise ArgumentError(f"items: Money amounts were expected, not "
                                    f"{type(item).__name__}",
                                    words=argument_words("items", item, "kind_money"))
            if item.currency != currency:
                raise CurrencyMismatchError(f"cannot add {item} to a total in {currency}")
            amount = bounded(_CONTEXT.add(amount, item.amount))
        return Money._trusted(amount, currency)

    # -- pydantic integration --------------------------------------------------------------
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler
                                     ) -> core_schema.CoreSchema:
        return _money_core_schema(signed=True)

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return _money_json_schema(signed=True)


def _amount_text(money: Money) -> str:
    """The amount as a plain numeral (``format(…, "f")``: ``str`` would write 1E-8)."""
    return format(money.amount, "f")


def _money_fields(money: Money) -> dict[str, str]:
    return {"amount": _amount_text(money), "currency": money.currency}


def _money_core_schema(*, signed: bool, minor: bool = False) -> core_schema.CoreSchema:
    """Money as input: ``{"amount": "3100.00", "currency": "EUR"}``, the amount a JSON string
    matching :data:`AMOUNT_PATTERN` (signed: with an optional ``-``), the currency an
    ISO 4217 code, checked by pydantic-core; one Python call then reads the Decimal.
    ``minor``: an amount with more decimals than its currency's minor unit is a problem
    (:func:`excess_places`), never read as written."""
    pattern = AMOUNT_PATTERN.replace("^", "^-?", 1) if signed else AMOUNT_PATTERN
    fields = core_schema.typed_dict_schema({
        "amount": core_schema.typed_dict_field(core_schema.custom_error_schema(
            core_schema.str_schema(strict=True, pattern=pattern),
            custom_error_type="amount_text", custom_error_message=INPUT_CODES["amount_text"])),
        "currency": core_schema.typed_dict_field(core_schema.custom_error_schema(
            core_schema.literal_schema(sorted(_codes.CURRENCIES)),
            custom_error_type="currency_code",
            custom_error_message=INPUT_CODES["currency_code"].replace("“%(value)s”",
                                                                        "the value"))),
    }, extra_behavior="forbid")

    def read(value: Any, handler: core_schema.ValidatorFunctionWrapHandler) -> Money:
        if isinstance(value, Money):
            if not signed and value.amount < 0:
                raise problem("negative_amount", value=str(value))
            return value
        checked = handler(value)
        amount = Decimal(checked["amount"])
        excess = excess_places(amount, checked["currency"]) if minor else None
        if excess is not None:
            raise problem(excess[0], **excess[1])
        if amount.is_zero():
            amount = abs(amount)  # -0 is zero
        return Money._trusted(amount, checked["currency"])

    return core_schema.no_info_wrap_validator_function(
        read, fields, serialization=core_schema.plain_serializer_function_ser_schema(
            _money_fields))


def _money_json_schema(*, signed: bool) -> JsonSchemaValue:
    pattern = portable(AMOUNT_PATTERN.replace("^", "^-?", 1) if signed else AMOUNT_PATTERN)
    return {
        "type": "object",
        "title": "Money",
        "description": "An exact amount with its ISO 4217 currency code.",
        "properties": {
            "amount": {"type": "string", "pattern": pattern, "examples": ["3100.00"]},
            "currency": {"type": "string", "enum": sorted(_codes.CURRENCIES),
                         "examples": ["EUR"]},
        },
        "required": ["amount", "currency"],
        "additionalProperties": False,
    }


class MoneyField:
    """Money in an application's field; ``signed=False`` refuses a negative amount (a
    requested cost). An amount with more decimals than its currency has is refused
    (:func:`excess_places`): a person writes an amount in the currency's units."""

    def __init__(self, *, signed: bool) -> None:
        self.signed = signed

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler
                                     ) -> core_schema.CoreSchema:
        return _money_core_schema(signed=self.signed, minor=True)

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return _money_json_schema(signed=self.signed)


def _input_codes() -> dict[str, str]:
    return INPUT_CODES
