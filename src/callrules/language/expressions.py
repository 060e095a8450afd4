"""Expressions: values computed from an application, compared with ``compare``.

Wherever ``compare`` takes a field (``left``, instead of ``path``) or the value it is
compared with (``to``), an expression may stand::

    { sum = "budget.lines", of = "amount", where = { op = "in", … } }
    { count = "visitors", where = … }   { min = "visitors", of = "stay.arrival" }   { max = … }
    { plus = [a, b, …] }   { minus = [a, b] }   { times = [a, b] }   { ratio = [a, b] }
    { percent = 60 }       { decimal = "0.6" }
    { shift = { path = "…" }, years = -5 }   { milestone = "deadline", days = { param = "d" } }
    { days_between = [a, b] }   { months_between = [a, b] }   { years_between = [a, b] }
    { lookup = "table", key = [a, …], on = a_date }
    { round = a, unit = "0.05", mode = "half_up" }
    { path = "…" }   { param = "…" }   a literal

Every expression has a kind, checked when the call is loaded (money, int, decimal, date,
datetime, str, bool). Arithmetic is exact ``Decimal``; money is added and compared in one
currency, other currencies converted at the rates the application supplies (never invented);
money multiplied by a number is in the call's currency: the product exact in the money's own
currency (a table's rate in USD times a number of nights), converted once at the application's
rate, then rounded once, half-even to the currency's minor unit or as the call's
``[budget] rounding`` says, as the budget planner computes a line of rate and quantity
(:func:`callrules.budget.rounding.times_in`; ``times`` is the one place where a result is
rounded without being asked; ``round`` rounds to a stated unit by a stated mode);
a ratio is exact to 28 significant digits. A sum
over no item is zero; a value that is missing (a field not given, a minimum over no item, a
ratio over zero) makes the expression missing. A minimum or maximum over no item and a ratio
to zero have no value of their own: while a rule is explained they are traced as such
(:func:`undefined`), so that its finding says what has no value and why, never that a field
was not given.

Every number an expression computes keeps the amount rule's magnitude: at most 18 digits
before the point (:data:`callrules._money.MAX_INTEGER_DIGITS`). Past it, the value is not
judged: :class:`~callrules._money.TooLargeError` names the fields it was computed from (an
input problem of that application, exit 2). An expression whose own numbers (literals,
parameters, table rates) pass it already when every value read from the application is 1
is refused when the call is loaded (``number_too_large``): that is the call's doing, not an
applicant's. So is a figure that only the call's numbers make too large for this application
(a sum of ordinary budget lines times a factor of 17 digits): computed again with each of the
call's own numbers that an operation takes (a literal, a parameter, a table's rate) read as 1
(its sign kept), it would fit. It is then :class:`CallFigureTooLargeError`
(``call_figure_too_large``), which tells the applicant that their value is not at fault
(:func:`blamed`); a figure still too large so is the applicant's (``computed_too_large``).

``lookup`` reads a rate table (a parameter, :mod:`callrules.budget.tables`): the value of the
row matching the keys, in the version in force on the day ``on`` (an instant is read as its
day in the call's zone). No version in force then, or no row for the keys, is a finding
(``no_rate_in_force``, ``no_rate``), never a default: the rule fails and says so.

While a rule is explained (the slow path), an environment holding a list under :data:`TRACE`
collects each rate a lookup used and each conversion at an exchange rate, for the finding to
show what its figures were computed from.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

from callrules._keys import evaluation_memo
from callrules._money import (
    LIMIT,
    MAX_INTEGER_DIGITS,
    Money,
    TooLargeError,
    bounded,
    convert_exactly,
    moved_out,
)
from callrules._paths import a_or_an, kind_words, kinds_words
from callrules._report import LIST_CAP, capped
from callrules._time import Milestone, calendar_moved, stay_length
from callrules.budget.rounding import DEFAULT, Rounding, RoundingError, parse_rounding, times_in
from callrules.budget.tables import RateTable
from callrules.exceptions import (
    DefinitionError,
    MissingExchangeRateError,
    NoRateError,
    bare_number_words,
)
from callrules.language.form import (
    CACHE,
    CONVERSION_STEPS,
    EXPRESSION_STEPS,
    MONEY_ITEM_STEPS,
    TRACE,
    UNBLAMED,
    Env,
    Loc,
    Node,
    Operand,
    rates_of,
)
from callrules.language.grouping import Index, as_block, build_index, told_once

__all__ = ["ANSWER_KINDS", "HEADS", "NUMBERS", "ORDERED_KINDS", "TRACE",
           "CallFigureTooLargeError", "Expr", "blamed", "build_expression", "comparable",
           "conversion", "is_expression", "locate", "places", "shown", "trace_context",
           "traced", "undefined", "worked_out_once"]

#: The key of an environment in which the call's own numbers are read as 1 (:func:`blamed`).
NEUTRAL = "$neutral"
#: The key of an environment whose values are never explained (a plan's computed lines,
#: :func:`callrules.planning.planner._lines`): a term worked out once records no trace for
#: the findings that would tell it (each conversion traced by every filtered sum of 10,000
#: converting lines, attack 35b: 915 MB), and shares its value only with such environments.
UNTRACED = "$untraced"

NUMBERS = {"int", "decimal"}
ORDERED_KINDS = {"int", "decimal", "money", "date", "datetime"}
_EXACT = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN,
                         traps=[decimal.InvalidOperation, decimal.Overflow,
                                decimal.DivisionByZero])
_RATIO = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN,
                         traps=[decimal.InvalidOperation, decimal.Overflow])


#: What an answer (a field of type ``any``) can hold: text, a whole number, yes or no. It is
#: compared with these kinds only: never equal to money, a decimal, a date or an instant.
ANSWER_KINDS = {"str", "int", "bool", "any"}


def comparable(left: str, right: str) -> bool:
    """Whether values of the two kinds can be compared: the same kind, numbers with numbers,
    an answer with what an answer can hold (:data:`ANSWER_KINDS`)."""
    if "any" in (left, right):
        return {left, right} <= ANSWER_KINDS
    return left == right or {left, right} <= NUMBERS


@dataclass(frozen=True, slots=True)
class Expr:
    """A typed expression: its kind, how to compute it, and the field a finding names."""

    kind: str
    compute: Callable[[Any, Env], Any]
    #: The field a finding about this expression is located at (its first field), if any.
    subject: Operand | None = None
    #: The parameter it reads, for findings that name it.
    param: str | None = None
    #: Every field (or list) it reads: where a figure too large to be judged came from.
    fields: tuple[Operand, ...] = ()
    #: How large its value is (at most) when every value read from the application is 1:
    #: what the call's own numbers (literals, parameters, table rates) make of it.
    scale: Decimal = Decimal(1)
    #: Whether its value is one of the call's own numbers (a literal, a parameter, a table's
    #: rate), read as 1 by an operation while :func:`blamed` asks whose a figure is.
    own: bool = False
    #: The least and the most a whole number it gives can be, by the model's bounds (a
    #: field's, or a count's of the list's length), where they are known.
    span: tuple[int, int] | None = None

    def value(self, item: Any, env: Env) -> Any:
        return self.compute(item, env)

    @property
    def loc(self) -> Loc:
        return self.subject.loc if self.subject is not None else ()

    @property
    def absent_loc(self) -> Loc:
        """Where a finding saying its field is left out is located (a field of the whole
        application from the root: :attr:`~callrules.language.form.Operand.absent_loc`)."""
        return self.subject.absent_loc if self.subject is not None else ()

    def absent_at(self, item: Any, env: Env) -> Loc:
        """Where a finding saying its value is left out is located, read on ``item``: the
        first field it reads that holds no value (``plus = [a, b]`` with ``b`` left out is
        said of ``b``, not of its first field ``a``, which is given: session 37), else
        :attr:`absent_loc`. A list read (an aggregate's) is not its value left out."""
        for operand in self.fields:
            if operand.path.type.kind != "list" and operand.read(item, env) is None:
                return operand.absent_loc
        return self.absent_loc


class CallFigureTooLargeError(TooLargeError):
    """A figure too large (more than 18 digits before the point) that the call's own numbers
    make so: with each of them read as 1, the values read from the application would give a
    figure that fits. The application is not judged (it cannot be), and the problem says that
    the value it is located at is not at fault: the call's rules are (``call_figure_too_large``)."""

    problem_code = "call_figure_too_large"


def neutral(value: Any) -> Any:
    """A number of the call's as :func:`blamed` reads it: 1 with its sign (0 stays 0), in its
    kind (money keeps its currency)."""
    if isinstance(value, Money):
        return Money._trusted(neutral(value.amount), value.currency)
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)) or not value:
        return value
    one = Decimal(1) if isinstance(value, Decimal) else 1
    return one if value > 0 else -one


def blamed(error: TooLargeError, figures: Callable[[Env], object], env: Env
           ) -> TooLargeError:
    """``error`` (met computing ``figures`` in ``env``), or the same places as a
    :class:`CallFigureTooLargeError` when the figure is the call's doing: computed again with
    each of the call's own numbers an operation takes read as 1 (:func:`neutral`), every
    figure fits. A figure still too large (values that add up beyond the bound alone, a
    conversion at the application's rate) is the application's. Computed again, the figures
    are computed in the same order: an exchange rate or a table's rate found missing then is
    met after the place where the figure was too large, which fitted."""
    if type(error) is not TooLargeError or env.get(NEUTRAL) or env.get(UNBLAMED):
        return error
    again = {key: value for key, value in env.items() if key != TRACE}
    again[NEUTRAL] = True
    try:
        figures(again)
    except TooLargeError:
        return error
    except (MissingExchangeRateError, NoRateError):
        pass
    return CallFigureTooLargeError(error.locs, error.fixed)


def places(operands: tuple[Operand, ...]) -> tuple[tuple[Loc, ...], tuple[Loc, ...]]:
    """Where the values of ``operands`` are: relative to the current item, and from the
    application's root (``$root…``); a field of another variable's item is left out (the
    current item stands for it)."""
    relative = tuple(o.path.loc for o in operands if o.path.var is None)
    fixed = tuple(o.path.loc for o in operands if o.path.var == "root")
    return relative, fixed


def locate(error: TooLargeError, operands: tuple[Operand, ...]) -> TooLargeError:
    """``error`` located at the values of ``operands`` (unless it already has a place)."""
    return error.located(*places(operands))


def shown(raw: object) -> str:
    """A value written in a call file, as an error message quotes it: cut to 60 characters,
    a whole number too long to write (Python writes at most 4300 digits) by its size, and a
    table or a list said in words, never as Python writes it (``{'date': '1999-01-01'}``,
    att90).

    >>> shown({"date": "1999-01-01"})
    'a table with the key date'
    >>> shown(["1999-01-01", "2000-01-01"]), shown([]), shown({})
    ('a list of 2 values', 'an empty list', 'an empty table')
    """
    if isinstance(raw, int) and not isinstance(raw, bool) and abs(raw) >= 10 ** 60:
        return f"a whole number of about {len(hex(abs(raw))) * 1204 // 1000} digits"
    if isinstance(raw, Mapping):
        keys = [str(key) for key in raw]
        if not keys:
            return "an empty table"
        named = ", ".join(keys[:3]) + (", …" if len(keys) > 3 else "")
        text = f"a table with the key{'s' if len(keys) > 1 else ''} {named}"
        return text if len(text) <= 60 else text[:59] + "…"
    if isinstance(raw, (list, tuple)):
        return f"a list of {len(raw)} value{'' if len(raw) == 1 else 's'}" if raw else \
            "an empty list"
    text = repr(raw)
    return text if len(text) <= 60 else text[:59] + "…"


def magnitude(value: Any) -> Decimal:
    """How large ``value`` is (its absolute value; 1 for what is not a number)."""
    if isinstance(value, Money):
        value = value.amount
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return Decimal(1)
    return abs(Decimal(value))


def to_decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(value)


def in_currency(value: Money, currency: str, env: Env) -> Money:
    """``value`` in ``currency``, at the application's rates (MissingExchangeRateError); the
    rate used is traced while a rule is explained."""
    if value.currency == currency:
        return value
    root = env["root"]
    found = converted(value, currency, root)
    trace = env.get(TRACE)
    if trace is not None:
        trace.append(("conversion", conversion(value, found, rates_of(root))))
    return found


def converted(value: Money, currency: str, root: Any) -> Money:
    """``value`` in ``currency`` (another currency than its own) at the rates of the
    application ``root``: each amount converted once an evaluation for each currency, by
    its identity (:func:`callrules._keys.evaluation_memo`, holding the amount and the
    application), a missing rate found once too (raised again each time it is asked:
    :class:`~callrules.exceptions.MissingExchangeRateError`); a result too large is raised
    each time (``TooLargeError``). A comparison of money in a filter so costs a look-up
    once its amounts are converted, not a conversion (issue 16)."""
    table = conversions(root, currency)
    found = table.get(id(value))
    if found is None:
        try:
            outcome: Money | MissingExchangeRateError = value.convert(currency,
                                                                      rates_of(root))
        except MissingExchangeRateError as error:
            outcome = error
        found = table[id(value)] = (value, outcome)
    outcome = found[1]
    if isinstance(outcome, Money):
        return outcome
    raise outcome.with_traceback(None)  # (a traceback of its own each time it is raised)


def conversions(root: Any, currency: str) -> dict[int, tuple[Money, Any]]:
    """The amounts of the application ``root`` converted into ``currency`` so far in the
    evaluation under way, by the amount's identity: each entry the amount (held, so that
    its id is no other's while the evaluation lasts) and the amount converted, or the
    missing rate (:func:`converted` fills it); a table of its own outside an evaluation.
    A decision's comparison of money reads it (hoisted once an application)."""
    memo = evaluation_memo()
    if memo is None:
        return {}
    entry = ("conversions", id(root), currency)
    found = memo.get(entry)
    if found is None:  # (the application held with its table)
        found = memo[entry] = (root, {})
    table: dict[int, tuple[Money, Any]] = found[1]
    return table


def conversions_carried(memo: dict[Any, Any], root: Any, like: Any) -> None:
    """In ``memo`` (an evaluation's, :func:`callrules._keys.evaluation_memo`), the amounts
    of the application ``like`` converted so far serve the application ``root`` too (each
    amount by its identity, into each currency), when ``root`` has the same exchange rates
    (a plan's proposal put into the application: the lines left as they were are the same
    amounts): each converted once a plan, not once each time the plan's lines are worked
    out again (attack 35b). Every other entry of ``memo`` is dropped (what was worked out
    from another application's lines is not this one's)."""
    tables = {key[2]: found for key, found in memo.items()
              if isinstance(key, tuple) and len(key) == 3 and key[0] == "conversions"
              and key[1] == id(like) and found[0] is like}
    memo.clear()
    if root is not like and root.exchange_rates is not like.exchange_rates and \
            repr(root.rates()) != repr(like.rates()):  # (as written: 1.10 is not 1.1)
        return
    for currency, (_held, table) in tables.items():
        memo[("conversions", id(like), currency)] = (like, table)
        memo[("conversions", id(root), currency)] = (root, table)


def conversion(amount: Money, converted: Money, rates: Mapping[tuple[str, str], Any],
               rounding: Rounding = DEFAULT) -> dict[str, Any]:
    """What a finding says of one conversion: the amount, the rate the application supplied
    as written (for this pair, or for the opposite pair: ``inverse``), the converted amount;
    and, when ``rounding`` changed it (the amount times the rate is not the amount shown),
    how it was rounded: ``rounding`` (the mode) and ``unit`` (money, when the call rounds to
    a unit of its own; else to the currency's smallest unit), so that a person checking the
    sum knows why it differs by a cent."""
    direct = rates.get((amount.currency, converted.currency))
    entry = {"amount": amount, "converted": converted,
             "rate": direct if direct is not None else rates[(converted.currency,
                                                              amount.currency)],
             "inverse": direct is None}
    exact = convert_exactly(amount.amount, amount.currency, converted.currency, rates)
    if exact != converted.amount:
        entry["rounding"] = rounding.mode
        if rounding.unit is not None:
            entry["unit"] = Money._trusted(rounding.unit, converted.currency)
    return entry


def undefined(env: Env, why: str, written_at: Loc) -> None:
    """Trace (while a rule is explained) that the expression written at ``written_at`` has
    no value for a reason of its own (``why``: ``empty``, a minimum or maximum over no item;
    ``zero``, a ratio whose divisor, written there, is zero), not for a field not given."""
    trace = env.get(TRACE)
    if trace is not None:
        trace.append(("undefined", {"why": why, "at": written_at}))


def traced(env: Env) -> tuple[Env, list[tuple[str, dict[str, Any]]]]:
    """A copy of ``env`` that traces lookups and conversions, and its trace."""
    trace: list[tuple[str, dict[str, Any]]] = []
    return {**env, TRACE: trace}, trace


def trace_context(trace: list[tuple[str, dict[str, Any]]]) -> dict[str, object]:
    """A finding's context from a trace: ``rates`` (each lookup: the table, the key, the
    day, the value, the version's first day and source) and ``conversions`` (each amount,
    the exchange rate used, the converted amount), each told once, in the order met; more
    than a finding carries (:data:`~callrules._report.LIST_CAP`), the first ones and how many
    are left out (``rates_omitted``, ``conversions_omitted``), as a finding cuts a list, and
    read so (an index's block of events read as far as the first ones only:
    :func:`~callrules.language.grouping.told_once`)."""
    out: dict[str, object] = {}
    for what, (entries, count) in told_once(trace, ("lookup", "conversion"),
                                            LIST_CAP).items():
        if not count:
            continue
        key = "rates" if what == "lookup" else "conversions"
        if count <= LIST_CAP:
            out[key] = tuple(entries)
        else:
            out[key] = capped(entries, count)
            out[f"{key}_omitted"] = count - LIST_CAP
    return out


# -- builders: each returns an Expr, or raises through ``checker.error`` ----------------------
def field(operand: Operand) -> Expr:
    return Expr(operand.path.type.kind, operand.read, operand, fields=(operand,),
                span=operand.path.span if operand.path.type.kind == "int" else None)


def constant(value: Any, kind: str, param: str | None = None) -> Expr:
    return Expr(kind, lambda item, env: value, None, param, scale=magnitude(value), own=True)


def milestone(point: Milestone, kind: str) -> Expr:
    value: Any = point.start if kind == "datetime" else point.first_day
    return constant(value, kind)


def aggregate(how: str, items: Operand, of: Operand | None, where: Node | None,
              currency: str, kind: str,
              index: tuple[Any, tuple[Node, ...], tuple[Node, ...]] | None = None,
              written_at: Loc = (), outer: str | None = None) -> Expr:
    """``sum``, ``count``, ``min`` or ``max`` over the items of a list (those ``where``
    keeps), of each item's ``of`` (or the item itself).

    With ``index`` (``where`` is ``field == $var.path`` and tests of the item alone, over a
    list of the whole application), the items are grouped by ``field``'s key once per
    application (kept in the environment's cache) and each outer item reads its own group: a
    sum per person inside ``each visitors`` visits each line once. The filter judges each
    item as it does read item by item (:mod:`callrules.language.grouping`): a line that
    cannot be judged leaves unjudged the figures of the outer items it belongs to, and only
    if no other test of the filter leaves it out. A
    ``count`` of ``field != $var.path`` is the items with a value less the outer item's
    group (only a count is grouped so: :func:`_aggregate_parts`).

    With ``outer`` (the variable, ``$v``, that the filter's tests after the key read: a line
    above the visitor's own nightly cap), the list is indexed by the key with the tests
    before it only, and those after it are judged for each outer item on its own group
    (:meth:`~callrules.language.grouping.Index.walk`), worked out once for each outer item
    (:meth:`~callrules.language.checker.Checker.outer_key` says that groups are their own)."""
    read = items.read
    length = items.path.span  # the least and most items the list holds, if the model says
    relative, fixed = places((items,))
    at = relative[0] if relative else fixed[0] if fixed else ()
    absolute = not relative and bool(fixed)
    inner = () if of is None else of.path.loc

    def values(item: Any, env: Env) -> list[tuple[int, Any]]:
        """(position in the list, value) of each item kept."""
        out = []
        elements = enumerate(read(item, env) or ()) if index is None else _group(item, env)
        for position, element in elements:
            try:
                if index is None and where is not None and not where.holds(element, env):
                    continue
            except TooLargeError as error:
                raise error.within(at + (position,), absolute=absolute) from None
            value = element if of is None else of.read(element, env)
            if value is not None:
                out.append((position, value))
        return out

    def converted(found: list[tuple[int, Any]], env: Env) -> list[Any]:
        """The values in the call's currency, a conversion too large located at its item."""
        out = []
        for position, value in found:
            try:
                out.append(in_currency(value, currency, env))
            except TooLargeError:
                raise _at(at + (position, *inner)) from None
        return out

    def whole(total: Any) -> Any:
        """``total`` if it is within bounds; else the list is where it came from."""
        try:
            return bounded(total)
        except TooLargeError:
            raise _at(at) from None

    def _at(loc: Loc) -> TooLargeError:
        return TooLargeError((), (loc,)) if absolute else TooLargeError((loc,))

    token = object()  # this expression's entry in a cache

    def _indexed(item: Any, env: Env) -> tuple[Index, dict[Any, int]]:
        """The list indexed by the key of the filter's comparison with the outer item, as
        the filter judges its items (:mod:`callrules.language.grouping`), and for a
        ``count``, how many items of each key have a value to count: built once per
        application (kept in the environment's cache)."""
        assert index is not None
        match, before, after = index
        cache = env.get(CACHE)
        found = None if cache is None else cache.get(token)
        if found is None:
            built = build_index(
                read(item, env) or (),
                # by the comparison's key: texts by their form KC, folded when
                # case_insensitive, as the comparison itself compares them
                lambda element: match.key(match.subject.read(element, env)),
                [r.holds for r in before], [] if outer else [r.holds for r in after],
                located, env, pending=outer is not None)
            found = (built, _counted(built, env))
            if cache is not None:
                cache[token] = found
        return found

    def _counted(built: Index, env: Env) -> dict[Any, int]:
        """For a ``count``: how many items of each key have a value to count."""
        return {key: sum(1 for _, e in group.kept if of is None or of.read(e, env) is not None)
                for key, group in built.groups.items()} if how == "count" else {}

    def _target(item: Any, env: Env) -> Any:
        """The outer item's key (None: missing, which no item matches: a filter is a
        question, and a comparison with a missing side does not hold)."""
        assert index is not None
        match = index[0]
        return match.key(match.other.read(item, env))

    def located(error: TooLargeError, position: int) -> TooLargeError:
        return error.within(at + (position,), absolute=absolute)

    afters = () if index is None else tuple(r.holds for r in index[2])

    def _group(item: Any, env: Env) -> list[tuple[int, Any]]:
        built = _indexed(item, env)[0]
        if outer is None:
            return built.items(_target(item, env), env.get(TRACE))
        kept, decided = built.walk(_target(item, env), afters, env, located, False)
        if decided is not None:
            raise decided[1]
        return kept

    if how == "count" and index is not None and index[0].cmp == "!=":
        def count_other(item: Any, env: Env) -> Any:
            """The items with a value other than the outer item's: those with a value to
            count, less the outer item's own group (no item is visited per outer item)."""
            built, counted = _indexed(item, env)
            target = _target(item, env)
            # an item of another key that cannot be judged (what was read up to it, traced)
            built.check(target, "!=", env.get(TRACE))
            total = sum(counted.values())  # (an item without a value never passes)
            return 0 if target is None else total - counted.get(target, 0)
        return Expr("int", count_other, items, fields=(items,),
                    span=None if length is None else (0, length[1]))
    def per_key(compute: Callable[[Any, Env], Any]) -> Callable[[Any, Env], Any]:
        """``compute`` of an indexed aggregate worked out once per application for each key
        of the outer item: a group is read once, however many outer items share its key or
        miss it, not once for each (1,000 visitors over 10,000 lines: ten million steps an
        aggregate, attack 28b); what it raised is
        raised again, and what it traced traced again, each time it is read, as
        :func:`once_per_application` does."""
        if index is None:
            return compute
        token = object()

        def memoized(item: Any, env: Env) -> Any:
            cache = env.get(CACHE)
            if cache is None:
                return compute(item, env)
            key: tuple[Any, ...] = (token, _target(item, env))
            if outer is not None:  # and for each outer item: the tests after the key read it
                key += (id(env.get(outer)),)
            return worked_out_once(cache, key, compute, item, env)
        return memoized

    if how == "count":
        def count(item: Any, env: Env) -> Any:
            return len(values(item, env))
        return Expr("int", count if outer is None else per_key(count), items,
                    fields=(items,), span=None if length is None else
                    length if where is None else (0, length[1]))
    if how == "sum" and kind == "money":
        @per_key
        def money_sum(item: Any, env: Env) -> Any:
            total = Decimal(0)
            for value in converted(values(item, env), env):
                total = _EXACT.add(total, value.amount)
            return Money._trusted(whole(total), currency)
        return Expr("money", money_sum, items, fields=(items,))
    if how == "sum":
        @per_key
        def number_sum(item: Any, env: Env) -> Any:
            total: Any = 0
            for _, value in values(item, env):
                total = _EXACT.add(to_decimal(total), to_decimal(value)) \
                    if kind == "decimal" else total + value
            return whole(total)
        return Expr(kind, number_sum, items, fields=(items,))
    pick = min if how == "min" else max

    @per_key
    def extreme(item: Any, env: Env) -> Any:
        found = values(item, env)
        picked = converted(found, env) if kind == "money" else [v for _, v in found]
        if not picked:  # no value, and not for want of a field: said so when explained
            undefined(env, "empty", written_at)
            return None
        return pick(picked)
    return Expr(kind, extreme, items, fields=(items,))


def once_per_application(expr: Expr) -> Expr:
    """``expr`` (which reads nothing of the items around it) worked out once per application:
    its value, or what it raised, kept in the environment's cache, and what it traced (the
    conversions and lookups a finding names) traced again each time it is read."""
    token = object()  # this expression's entry in a cache

    def compute(item: Any, env: Env) -> Any:
        cache = env.get(CACHE)
        if cache is None:
            return expr.compute(item, env)
        return worked_out_once(cache, token, expr.compute, item, env)

    return Expr(expr.kind, compute, expr.subject, expr.param, expr.fields, expr.scale,
                expr.own, expr.span)


#: How many events a term worked out once an evaluation traces before they are told to each
#: trace reading it as one block (:func:`~callrules.language.grouping.as_block`).
_BLOCK_FROM = 16


def shared(expr: Expr, token: object, names: tuple[str, ...], by_item: bool,
           written_at: Loc) -> Expr:
    """``expr``, an aggregate, worked out once an evaluation for each binding (the item it is
    read for, with ``by_item``, and the values of the variables ``names``) and shared by
    every term written the same way in the same scope (``token``,
    :meth:`~callrules.language.checker.Checker.term`), in the decision and in the
    explanations alike (:func:`callrules._keys.evaluation_memo`): what it raised raised
    again, what it traced (conversions, lookups) traced again, once into each trace (a
    finding tells each once), a term's own lack of a value (:func:`undefined`) said at the
    place this one is written. Attack 30: 800 maxima of one list inside two comparisons, each
    worked out again by each rule, each item converted each time (45 s, 499 MB)."""
    def compute(item: Any, env: Env) -> Any:
        memo = evaluation_memo()
        if memo is None:
            return expr.compute(item, env)
        bound = tuple(env.get(name) for name in names)
        key = ("term", token, id(item) if by_item else 0, *map(id, bound))
        if env.get(UNTRACED):  # never explained: nothing recorded, nothing told (an
            # entry of its own, the objects its key names held with it)
            held = memo.get(("untraced", *key))
            if held is None:
                try:
                    worked: tuple[bool, Any] = (True, expr.compute(item, env))
                except Exception as error:  # raised again, each time it is read
                    worked = (False, error)
                held = memo[("untraced", *key)] = (worked, item, bound)
            if not held[0][0]:
                raise held[0][1]
            return held[0][1]
        found = memo.get(key)
        if found is None:
            recorded: list[tuple[str, dict[str, Any]]] = []
            try:
                outcome: tuple[bool, Any] = (True, expr.compute(item, {**env,
                                                                      TRACE: recorded}))
            except Exception as error:  # raised again, each time it is read
                outcome = (False, error)
            # (the objects the key names held with it: no id in it is another's)
            found = memo[key] = [outcome, recorded, item, bound, written_at, None, {}]
        (done, value), recorded, _, _, first_at, last, told = found
        trace = env.get(TRACE)
        if trace is not None and (last is None or last[0] is not trace):
            # what it traced, as the term written here tells it: worked out once for each
            # place it is written, not once for each trace (attack 35: 75 rules of one sum
            # of 10,000 converting lines for each of 1,000 visitors, the rules after the
            # first moving and marking the 9,000 conversions again for each visitor: 160 s)
            here = told.get(written_at)
            if here is None:
                events = (recorded if first_at == written_at
                          else _moved(recorded, first_at, written_at))
                if events is recorded and len(recorded) > _BLOCK_FROM:
                    # long: its events marked once, told to every trace as one block
                    # (one for every place that tells them unmoved)
                    here = told.get(first_at) or [as_block(recorded)]
                    told[first_at] = here
                else:
                    here = (events if len(events) <= _BLOCK_FROM
                            else [as_block(events)])
                told[written_at] = here
            trace.extend(here)
            found[5] = (trace, {written_at})
        elif trace is not None and written_at not in last[1]:
            # traced into this trace already: only its lack of a value, said at its place
            lacks = told.get(("lacks", written_at))
            if lacks is None:
                lacks = told[("lacks", written_at)] = _moved(
                    [e for e in recorded if _undefined(e)], first_at, written_at)
            trace.extend(lacks)
            last[1].add(written_at)
        if not done:
            raise value
        return value

    return Expr(expr.kind, compute, expr.subject, expr.param, expr.fields, expr.scale,
                expr.own, expr.span)


def _moved(recorded: list[tuple[str, dict[str, Any]]], first: Loc, here: Loc
           ) -> list[tuple[str, dict[str, Any]]]:
    """``recorded`` (what a term written at ``first`` traced) as the same term written at
    ``here`` traces it: its lack of a value said at its own place."""
    start = len(first)
    if not any(_undefined(event) for event in recorded):
        return recorded  # nothing said at a place: told as it was traced
    return [("undefined", {**event[1], "at": here + tuple(event[1]["at"][start:])})
            if _undefined(event) and tuple(event[1].get("at", ()))[:start] == first
            else event for event in recorded]


def _undefined(event: Any) -> bool:
    """Whether a traced event (a pair, or an index's block of them) is a term's lack of a
    value of its own (:func:`undefined`)."""
    return isinstance(event, tuple) and event[0] == "undefined"


def worked_out_once(cache: dict[Any, Any], key: object, compute: Callable[[Any, Env], Any],
                    item: Any, env: Env) -> Any:
    """``compute(item, env)`` worked out once an application for ``key`` (kept in the
    application's ``cache``): its value, or what it raised, raised again each time it is
    read, and what it traced (the conversions and lookups a finding names) traced again;
    nothing traced in an environment never explained (:data:`UNTRACED`)."""
    found = cache.get(key)
    if found is None and env.get(UNTRACED):
        try:
            found = (True, compute(item, env), ())
        except Exception as error:  # raised again, each time it is read
            found = (False, error, ())
        cache[key] = found
    elif found is None:
        recorded: list[tuple[str, dict[str, Any]]] = []
        try:
            found = (True, compute(item, {**env, TRACE: recorded}), recorded)
        except Exception as error:  # raised again, each time it is read
            found = (False, error, recorded)
        cache[key] = found
    done, value, traced_once = found
    trace = env.get(TRACE)
    if trace is not None:
        trace.extend(traced_once)
    if not done:
        raise value
    return value


def arithmetic(how: str, parts: tuple[Expr, ...], rounding: Rounding = DEFAULT,
               written_at: Loc = (), currency: str | None = None) -> tuple[str, Expr] | str:
    """``plus``, ``minus``, ``times`` or ``ratio`` of typed parts: the expression, or a
    sentence saying why the kinds do not combine. A product of money by a number is in
    ``currency`` (the call's; None: the money's own), worked out as a budget's rate times a
    quantity is (:func:`~callrules.budget.rounding.times_in`): exact in the money's currency,
    converted once at the application's rates, rounded once by ``rounding`` (the call's; by
    default half-even to the currency's minor unit), the conversion traced."""
    kinds = [p.kind for p in parts]
    subject = next((p.subject for p in parts if p.subject is not None), None)
    scales = [p.scale for p in parts]
    if how in ("plus", "minus"):
        scale = sum(scales, Decimal(0))
    elif how == "times":
        scale = _EXACT.multiply(scales[0], scales[1])
    else:  # a ratio over zero is missing
        scale = _RATIO.divide(scales[0], scales[1]) if scales[1] else scales[0]
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

    own = [p.own for p in parts]

    def compute(item: Any, env: Env) -> Any:
        values = [p.value(item, env) for p in parts]
        if any(v is None for v in values):
            return None
        if env.get(NEUTRAL):  # whose is a figure too large? (blamed)
            values = [neutral(v) if mine else v for v, mine in zip(values, own, strict=True)]
        if kind == "money" and how in ("plus", "minus"):
            first = values[0].currency
            amounts = [in_currency(v, first, env).amount for v in values]
            total = amounts[0]
            for amount in amounts[1:]:
                total = _EXACT.add(total, amount) if how == "plus" else _EXACT.subtract(
                    total, amount)
            return Money._trusted(bounded(total), first)
        if how == "times" and kind == "money":
            money = values[0] if isinstance(values[0], Money) else values[1]
            factor = values[1] if isinstance(values[0], Money) else values[0]
            target = currency or money.currency
            rates = {} if target == money.currency else rates_of(env["root"])
            product, allowed = times_in(money, to_decimal(factor), target, rates, rounding)
            trace = env.get(TRACE)
            if trace is not None and target != money.currency:
                trace.append(("conversion", conversion(product, allowed, rates, rounding)))
            return allowed
        if how == "ratio":
            top, bottom = values
            if isinstance(top, Money):
                bottom = in_currency(bottom, top.currency, env)
                top, bottom = top.amount, bottom.amount
            if to_decimal(bottom).is_zero():  # said so when explained: the divisor is zero
                undefined(env, "zero", written_at + (1,))
                return None
            return bounded(_RATIO.divide(to_decimal(top), to_decimal(bottom)))
        if kind == "int":
            total = values[0]
            for value in values[1:]:
                total = bounded(total + value if how == "plus" else total - value
                                if how == "minus" else total * value)
            return total
        result = to_decimal(values[0])
        for value in values[1:]:
            operation = {"plus": _EXACT.add, "minus": _EXACT.subtract,
                         "times": _EXACT.multiply}[how]
            result = bounded(operation(result, to_decimal(value)))
        return result

    fields = tuple(dict.fromkeys(f for p in parts for f in p.fields))
    return kind, Expr(kind, compute, subject, fields=fields, scale=scale)


def shift(base: Expr, offsets: Mapping[str, tuple[int | None, str | None]],
          zone: tzinfo) -> Expr:
    """A date or instant moved by whole years, months and days (each fixed or a parameter);
    months and years clip to the end of a shorter month, as python-dateutil does. An
    instant moves on the calendar of the call's ``zone``, keeping its wall-clock time there,
    as a milestone moved by an offset does (:func:`~callrules._time.calendar_moved`): a day
    later is the next calendar day at the same time, 23 or 25 hours across a daylight-saving
    change, whatever offset the application wrote the instant with."""
    years, months, days = (offsets.get(k, (0, None))[0] or 0
                           for k in ("years", "months", "days"))

    def compute(item: Any, env: Env) -> Any:
        value = base.value(item, env)
        if value is None:
            return None
        try:
            moved: date | datetime = (
                calendar_moved(value, zone, years=years, months=months, days=days)
                if isinstance(value, datetime) else
                value + relativedelta(years=years, months=months, days=days))
        except (OverflowError, ValueError):  # past year 9999 or before year 1: located at
            # the date moved (the other side of the comparison is not at fault), or, when the
            # date is no field (a milestone, a parameter), by the rule that reads it
            raise locate(moved_out(value, years, months, days), base.fields) from None
        return moved

    return Expr(base.kind, compute, base.subject, fields=base.fields)


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

    return Expr("int", compute, end.subject or start.subject,
                fields=tuple(dict.fromkeys(start.fields + end.fields)))


def lookup(name: str, table: RateTable, keys: tuple[Expr, ...], on: Expr, zone: Any,
           fields: tuple[str | None, ...]) -> Expr:
    """The value of ``table``'s row for ``keys`` in its version in force on the day ``on``
    (NoRateError if none); missing when the day is, a key not given matched as empty."""
    def compute(item: Any, env: Env) -> Any:
        day = on.value(item, env)
        if day is None:
            return None
        # a key not given (no subdivision) is given to the table as None, which only a
        # row's "*" takes, as the planner does: no such row is no_rate, never a pass (nor
        # "missing"); findings show it as an empty code
        codes = [k.value(item, env) for k in keys]
        if isinstance(day, datetime):
            day = day.astimezone(zone).date()
        given = tuple(c if c is None or isinstance(c, str) else repr(c) for c in codes)
        key = tuple("" if c is None else c for c in given)
        trace = env.get(TRACE)
        try:
            rate = table.lookup(given, day)
        except NoRateError:
            if trace is not None:  # which fields the key was read from, for the finding
                trace.append(("lookup_failed", {"fields": fields}))
            raise
        if trace is not None:
            trace.append(("lookup", {"table": name, "key": key, "fields": fields, "on": day,
                                     "value": rate.value, "from": rate.start,
                                     "source": rate.source}))
        return rate.value

    subject = next((k.subject for k in keys if k.subject is not None), on.subject)
    read = tuple(dict.fromkeys(f for part in (*keys, on) for f in part.fields))
    largest = max((magnitude(value) for version in table.versions
                   for _, value in version.rows), default=Decimal(1))
    return Expr(table.kind, compute, subject, fields=read, scale=largest, own=True)


# -- the grammar of expressions ------------------------------------------------------------------
#: The key that names each kind of expression in a call file.
HEADS = ("sum", "count", "min", "max", "plus", "minus", "times", "ratio", "percent", "decimal",
         "shift", "days_between", "months_between", "years_between", "lookup", "round")
_OFFSETS = ("years", "months", "days")
#: Offsets may also be written counted back or forward: ``before = { years = 5 }``.
_DIRECTIONS = {"before": -1, "after": 1}
_OPTIONS = {"sum": {"of", "where"}, "count": {"where"}, "min": {"of", "where"},
            "max": {"of", "where"}, "shift": {*_OFFSETS, *_DIRECTIONS}, "lookup": {"key", "on"},
            "round": {"unit", "mode"}}


def is_expression(raw: object) -> bool:
    """Whether ``raw`` (a ``to`` or ``left`` as written) is a computed expression."""
    return (isinstance(raw, Mapping) and any(head in raw for head in HEADS)) or (
        isinstance(raw, Mapping) and "milestone" in raw and (any(
            isinstance(raw.get(k), Mapping) for k in _OFFSETS) or any(
            k in raw for k in _DIRECTIONS)))


def build_expression(raw: Any, checker: Any, scope: Any, floc: Loc,
                     hint: str | None = None) -> Expr:
    """The typed expression written as ``raw`` (see the module docstring); ``hint`` is the
    kind a bare literal should have (that of the other side of the comparison). Each part
    is charged :data:`~callrules.language.form.EXPRESSION_STEPS` each time the scope
    works it out."""
    checker.count_node(floc, EXPRESSION_STEPS * scope.work)
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
            return shift(base, offsets, checker.zone) if offsets else base
        if is_money_literal(raw):  # money says its own kind, whatever the place expects
            return constant(checker.literal(raw, "money", floc), "money")
        if hint is None:
            raise checker.error(f"{shown(raw)} is neither an expression nor a value: write "
                                "money as { amount = \"…\", currency = \"…\" }, a field as "
                                "{ path = … }, a parameter as { param = … }, or one operation "
                                "(sum, plus, times, round…)", floc, "wrong_type")
    if hint is None:
        raise checker.error(f"{shown(raw)} is a value written in the call, and nothing here "
                            "says its kind: write it as a parameter, or as { decimal = … } "
                            "for a number or { amount = \"…\", currency = \"…\" } for money",
                            floc, "wrong_type")
    return constant(checker.literal(raw, hint, floc), hint)


def is_money_literal(raw: object) -> bool:
    """Whether ``raw`` is money written in the call, ``{ amount = "…", currency = "…" }``:
    a value whose kind is plain wherever it is written."""
    return isinstance(raw, Mapping) and set(raw) == {"amount", "currency"}


def _build_head(head: str, raw: Mapping[str, Any], checker: Any, scope: Any, floc: Loc,
                hint: str | None = None) -> Expr:
    here = floc + (head,)
    if head in ("sum", "count", "min", "max"):
        items = checker.list_operand(str(raw[head]), scope, here, head)
        found = None
        declined = None
        invariant = False
        if items.path.var == "root" and scope.work > 1:
            # over a list of the whole application, reading nothing of the items around it
            # (no variable but $root): the same figure for each of them, worked out once per
            # application and counted once, as at the application's level
            mark = checker.mark()
            try:
                found = _aggregate_parts(head, raw, items, checker,
                                         checker.scope_of(checker.root), floc, False)
                invariant = True
            except DefinitionError as exc:
                if exc.code != "unknown_variable":
                    raise
                checker.restore(mark)
        if found is None and raw.get("where") is not None and items.path.var == "root":
            # grouped once per application by an index when the filter is an equality
            # with an outer item: its items are visited once (counted so, if it is one)
            mark = checker.mark()
            try:
                found = _aggregate_parts(head, raw, items, checker, scope, floc, True)
            except DefinitionError as exc:
                if exc.code != "too_much_work":
                    raise
            if found is None or found[2] is None:
                checker.restore(mark)
                declined = None if found is None else found[1]
                found = None
        if found is None:
            try:
                found = _aggregate_parts(head, raw, items, checker, scope, floc, False)
            except DefinitionError as exc:  # said why it is not indexed, if it is not
                raise checker.read_item_by_item(declined, floc, exc) from None
        of, where, index, kind, outer = found
        wanted = {"sum": {"int", "decimal", "money"},
                  "min": ORDERED_KINDS, "max": ORDERED_KINDS}.get(head)
        if wanted is not None and kind not in wanted:
            raise checker.error(f"{head} needs {kinds_words(wanted, plural=True)}; "
                                f"these are {kind_words(kind, plural=True)}",
                                floc + (("of",) if of else (head,)), "wrong_type")
        made = aggregate(head, items, of, where, checker.currency, kind, index, floc, outer)
        return shared(once_per_application(made) if invariant else made,
                      checker.term(raw, scope), () if invariant else
                      tuple(dict.fromkeys(("root", *scope.variables))), not invariant, floc)
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
        built = arithmetic(head, parts, checker.rounding, here, checker.currency)
        if isinstance(built, str):
            raise checker.error(built, here, "wrong_type")
        if head == "times" and built[0] == "money" and not _in_call_currency(
                values, parts, checker):  # a product converted each time it is worked out
            checker.spend(scope.work * CONVERSION_STEPS, here)
        return _within_bounds(built[1], checker, here)
    if head == "lookup":
        return _build_lookup(raw, checker, scope, floc)
    if head == "round":
        return _build_round(raw, checker, scope, floc, hint)
    if head == "percent":
        value = checker.literal(raw[head], "decimal", here)
        return constant(bounded(_RATIO.divide(value, Decimal(100))), "decimal")
    if head == "decimal":
        return constant(checker.literal(raw[head], "decimal", here), "decimal")
    # shift (a milestone moved is a date or an instant, as the other side is)
    moved = raw[head]
    if hint not in ("date", "datetime") and isinstance(moved, str):  # a day or an instant
        hint = "datetime" if "T" in moved or " " in moved.strip() else "date"
    base = build_expression(moved, checker, scope, here,
                            hint if hint in ("date", "datetime") else None)
    if base.kind not in ("date", "datetime"):
        raise checker.error(f"shift moves a date or an instant, not "
                            f"{a_or_an(kind_words(base.kind))}", here,
                            "wrong_type")
    offsets = read_offsets(raw, checker, floc)
    if not offsets:
        raise checker.error("shift needs years, months or days (or before or after)", floc,
                            "missing_bound")
    return shift(base, offsets, checker.zone)



def _aggregate_parts(head: str, raw: Mapping[str, Any], items: Any, checker: Any, scope: Any,
                     floc: Loc, indexed: bool
                     ) -> tuple[Any, Node | None, Any, str, str | None]:
    """The ``of``, ``where``, index and kind of values of an aggregate over ``items``,
    checked in the scope of its items (``indexed``: as walked once to build an index), and
    the outer item the tests after the index's key read (:func:`aggregate`'s ``outer``)."""
    inner = checker.enter(scope, items, None, floc, indexed=indexed)
    of = None
    kind = items.path.type.item.kind
    if "of" in raw:
        of = checker.scalar_operand(str(raw["of"]), inner, floc + ("of",), head)
        kind = of.path.type.kind
    where = None if raw.get("where") is None else checker.test(
        checker.grammar(raw["where"], floc + ("where",)), inner, floc + ("where",))
    index = None if where is None or items.path.var != "root" else checker.index_key(where)
    if index is not None and index[0].cmp == "!=" and head != "count":
        index = None  # a sum, min or max of the items but a group: each item is visited
    outer = None
    if index is None and where is not None and items.path.var == "root" and indexed:
        # tests after the key that read the outer item: judged on its own group only
        index = checker.outer_key(where, inner)
        outer = None if index is None else index[0].other.path.var
    if kind == "money" and head != "count":
        # each amount read: its conversion looked up and the amount compared or added; and
        # each amount the list holds converted once an evaluation
        checker.spend(inner.work * MONEY_ITEM_STEPS, floc)
        name, values = checker.where(items, scope)
        checker.once(("amounts", name, None if of is None else of.path.text),
                     CONVERSION_STEPS * values, floc)
    return of, where, index, kind, outer


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


def _in_call_currency(written: list[Any], parts: tuple[Expr, ...], checker: Any) -> bool:
    """Whether the money of a ``times`` (as ``written``, typed as ``parts``) is known when
    the call loads to be in the call's currency (money written in the call, or a table of
    rates in it): its product is then never converted."""
    for raw, part in zip(written, parts, strict=True):
        if part.kind != "money":
            continue
        if not isinstance(raw, Mapping):
            return False
        if isinstance(raw.get("lookup"), str) or isinstance(raw.get("param"), str):
            param = checker.parameters.get(raw.get("lookup") or raw.get("param"))
            value = getattr(param, "value", None)  # a table, or money written in the call
            return bool(getattr(value, "currency", None) == checker.currency)
        return bool(raw.get("currency") == checker.currency)  # money written in place, or not
    return True


def _build_lookup(raw: Mapping[str, Any], checker: Any, scope: Any, floc: Loc) -> Expr:
    """``{ lookup = "table", key = [a, …], on = a_date }``, typed: as many keys as the table
    has, each a text; ``on`` a date or an instant."""
    param = checker.param(raw["lookup"], floc + ("lookup",), {"table"})
    table: RateTable = param.value
    keys = raw.get("key")
    if not isinstance(keys, list) or len(keys) != len(table.keys):
        keys_said = "key" if len(table.keys) == 1 else "keys"
        raise checker.error(f"the table {param.name!r} is looked up by {len(table.keys)} "
                            f"{keys_said} ({', '.join(table.keys)}): give key = [ … ] with one "
                            "expression for each", floc + ("key",), "wrong_type")
    if "on" not in raw:
        raise checker.error("lookup needs on: the date (or instant) that chooses the table's "
                            "version, such as the first day of the stay", floc,
                            "missing_bound")
    parts = tuple(build_expression(k, checker, scope, floc + ("key", i), "str")
                  for i, k in enumerate(keys))
    for index, (part, name) in enumerate(zip(parts, table.keys, strict=True)):
        if part.kind not in ("str", "any"):
            raise checker.error(f"the key {name!r} of the table {param.name!r} is a code "
                                f"(text), not {a_or_an(kind_words(part.kind))}",
                                floc + ("key", index), "wrong_type")
    on = build_expression(raw["on"], checker, scope, floc + ("on",), "date")
    if on.kind not in ("date", "datetime"):
        raise checker.error(f"on is the date or instant that chooses the table's version, "
                            f"not {a_or_an(kind_words(on.kind))}", floc + ("on",), "wrong_type")
    for part in parts:  # each text read for a key folded once an evaluation, at its length
        if part.subject is not None and part.subject.path.type.kind in ("str", "any"):
            checker.texts_folded(part.subject, scope, "code", floc)
    fields = tuple(p.subject.path.text if p.subject is not None else None for p in parts)
    # what one lookup costs, each time the scope tests it: its keys, and one dictionary
    # access per shape of key the table's rows are written in (never its rows)
    checker.spend(scope.work * table.steps, floc)
    return lookup(param.name, table, parts, on, checker.zone, fields)


def _build_round(raw: Mapping[str, Any], checker: Any, scope: Any, floc: Loc,
                 hint: str | None = None) -> Expr:
    """``{ round = expr, unit = "0.05", mode = "half_up" }``: money or a decimal rounded;
    the unit and the mode default to the call's ``[budget] rounding`` (else the currency's
    minor unit, half-even); a decimal needs a unit."""
    base = build_expression(raw["round"], checker, scope, floc + ("round",),
                            hint if hint in ("money", "decimal") else None)
    if base.kind not in ("money", "decimal"):
        raise checker.error(f"round rounds money or a decimal number, not "
                            f"{a_or_an(kind_words(base.kind))}",
                            floc + ("round",), "wrong_type")
    default: Rounding = checker.rounding
    try:
        rounding = parse_rounding(None, unit=raw.get("unit", default.unit),
                                  mode=raw.get("mode", default.mode))
    except RoundingError as exc:
        raise DefinitionError(str(exc), code="bad_rounding", source=checker.source,
                              loc=floc + ((exc.key,) if exc.key else ()),
                              words=bare_number_words(raw)) from None
    if base.kind == "money" and "unit" in raw:  # the call's own unit was checked with it
        checker.money_unit(rounding, floc + ("unit",))
    if base.kind == "decimal" and rounding.unit is None:
        raise checker.error("a decimal is rounded to a unit: give unit = \"0.01\" (or the "
                            "unit the call states)", floc, "missing_bound")

    def compute(item: Any, env: Env) -> Any:
        value = base.value(item, env)
        if value is None:
            return None
        if isinstance(value, Money):  # rounding up may pass the bound (…99.995 to 10**18)
            return Money._trusted(bounded(rounding.apply(value.amount, value.currency)),
                                  value.currency)
        return bounded(rounding.apply(to_decimal(value)))

    unit = magnitude(rounding.unit) if rounding.unit is not None else Decimal(1)
    return _within_bounds(Expr(base.kind, compute, base.subject, fields=base.fields,
                               scale=max(base.scale, unit)), checker, floc)


def _within_bounds(expr: Expr, checker: Any, floc: Loc) -> Expr:
    """``expr``, unless its own numbers already pass the bound of every value (18 digits
    before the point) when every value it reads from an application is 1: a call file
    refused, since no application could be judged by it."""
    if (expr.kind in NUMBERS or expr.kind == "money") and expr.scale >= LIMIT:
        raise checker.error(
            f"the numbers of this expression make figures of more than {MAX_INTEGER_DIGITS} "
            "digits before the decimal point even when every value read from an application "
            "is 1: no amount could be judged by it", floc, "number_too_large",
            "use smaller factors (a percent, a rate of a few digits)")
    return expr


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
