"""A rule's response to the planner's trims: which categories of lines a finding of the
call's rules reads (:func:`read_by`: its value is what exactly one set of them comes to under
its place), what the proposals cut so far taught of each finding (:class:`Learned`: whether
it fell by what its categories lost, and how far its limit moves with the whole budget),
and whether a trim lessened a finding (:func:`lessened`, by what it says is over:
:func:`said_over`), a finding judged in another currency than the plan's said in the plan's
(:func:`in_plan_currency`).

The planner (:mod:`callrules.planning.planner`, its ``_to_rules``) proposes trims to the
findings of the call's own rules on the budget, and reads them here: this module only reads
findings and plans, never trims.
"""

from __future__ import annotations

import dataclasses
import decimal
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Protocol

from callrules._money import Money, TooLargeError, convert_amount, quantum
from callrules._report import Finding
from callrules.exceptions import CallrulesError
from callrules.planning.result import BudgetPlan

__all__ = ["Learned", "Trimming", "in_plan_currency", "lessened", "read_by", "said_over",
           "said_short"]

#: Exact arithmetic, as the planner's (60 digits, half-even; an invalid operation, an
#: overflow or a division by zero raises).
_EXACT = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN,
                         traps=[decimal.InvalidOperation, decimal.Overflow,
                                decimal.DivisionByZero])


class Trimming(Protocol):
    """A trim the planner proposed to lessen a finding, as read here: the finding, what it
    said is over (``excess``), the lines under its place (``under``), the categories it
    reads if known (``read``) and the finding by its clause, place and code (``key``)."""

    @property
    def finding(self) -> Finding: ...

    @property
    def excess(self) -> Money: ...

    @property
    def under(self) -> tuple[int, ...]: ...

    @property
    def read(self) -> frozenset[str] | None: ...

    @property
    def key(self) -> tuple[Any, ...]: ...


class Learned:
    """What the planner's proposals (its ``_to_rules``) taught of their findings: the
    categories each one reads (its value, ``limit`` and ``excess``, is what they come to
    under its place, and no other set of them: :func:`read_by`), unless a cut of them did
    not lower its value by what they lost (``unread``: its categories tried one at a time
    from then on, as for a finding no set matches); and how its limit moves with the whole
    budget (``slope``: a visitor's lines within a share of the whole have a limit that
    loses the share of any cut, theirs or the others')."""

    __slots__ = ("slope", "unread")

    def __init__(self) -> None:
        self.slope: dict[tuple[Any, ...], Decimal] = {}
        self.unread: set[tuple[Any, ...]] = set()

    def judged(self, before: BudgetPlan, after: BudgetPlan, trims: Sequence[Trimming],
               found: Sequence[Finding]) -> None:
        """Learn from the proposal ``after`` (``before`` cut by ``trims``, judged:
        ``found``) whether each finding cut by the categories it reads lost what they lost,
        and how far its limit moved with the total."""
        lost: dict[tuple[Any, ...], Decimal] = {}
        first: dict[tuple[Any, ...], Trimming] = {}
        for trim in trims:
            if trim.read is None or trim.key in first:
                continue
            first[trim.key] = trim
            cut = Decimal(0)
            for i in trim.under:
                old, new = before.lines[i].proposed, after.lines[i].proposed
                if old is not None and new is not None and \
                        before.lines[i].category in trim.read:
                    cut = _EXACT.add(cut, _EXACT.subtract(old.amount, new.amount))
            lost[trim.key] = cut
        fell = _EXACT.subtract(before.total.amount, after.total.amount)
        unit = quantum(before.currency)
        for key, trim in first.items():
            was = _judged(trim.finding, before.currency)
            if was is None:
                continue
            near = _EXACT.multiply(unit, Decimal(len(trim.under)))
            now = [judged for other in found
                   if (other.clause, other.loc, other.code) == key and
                   (judged := _judged(other, before.currency)) is not None]
            # the same rule's finding: its value lower by what its categories lost (another
            # rule's, with the same clause, place and code, may be over too: a flat rate's
            # own rule, the lines it is a share of trimmed)
            same = [judged for judged in now if abs(_EXACT.subtract(_EXACT.subtract(
                was[0], judged[0]), lost[key])) <= near]
            if same:
                if fell > 0:  # how far its limit moved with the total
                    self.slope[key] = max(Decimal(0), min(Decimal(1), _EXACT.divide(
                        _EXACT.subtract(was[1], same[0][1]), fell)))
            elif any(judged[1] == was[1] for judged in now):  # its limit, not its value
                self.unread.add(key)  # lowered as they were: it reads other lines

    def eased(self, trim: Trimming, found: Sequence[Finding]) -> bool:
        """Whether ``trim`` is kept: its finding's value lowered by what the categories it
        reads lost (a finding of a known reading), else lessened (:func:`lessened`), as a
        probe is judged: a match by coincidence (each visitor's largest line, lodging, that
        became meals after the trim: its value fell by less than the trim) whose trim
        lessened the finding is kept (look61p undid it, and said €644.43 that fits on main
        does not fit)."""
        if trim.read is not None and trim.key not in self.unread:
            return True
        return lessened(trim.finding, trim.excess, found)


def _judged(finding: Finding, currency: str) -> tuple[Decimal, Decimal] | None:
    """The value ``finding`` judged and its limit, if in money of ``currency``."""
    excess, limit = finding.ctx.get("excess"), finding.ctx.get("limit")
    if not isinstance(excess, Money) or not isinstance(limit, Money) or \
            excess.currency != currency or limit.currency != currency:
        return None
    return _EXACT.add(limit.amount, excess.amount), limit.amount


#: The most categories under a finding's place matched against what it judged (subsets).
_MATCHED_CATEGORIES = 8


def read_by(finding: Finding, plan: BudgetPlan, under: Sequence[int], unit: Decimal,
            value: Decimal | None = None) -> frozenset[str] | None:
    """The categories of the lines at ``under`` (with an amount) that come to the value
    ``finding`` judged (its ``limit`` and ``excess``, in the plan's currency; or ``value``,
    given: a minimum's, :func:`said_short`), to a minor unit a line (a stated line in
    another currency is converted by the rule), if exactly one set of them does; else None
    (a rule on something else than sums of categories)."""
    currency = plan.currency
    if value is None:
        excess, limit = finding.ctx.get("excess"), finding.ctx.get("limit")
        if not isinstance(excess, Money) or not isinstance(limit, Money) or \
                excess.currency != currency or limit.currency != currency:
            return None
        value = _EXACT.add(limit.amount, excess.amount)
    sums: dict[str, Decimal] = {}
    for i in under:
        line = plan.lines[i]
        if line.proposed is not None and line.proposed.amount > 0:
            sums[line.category] = _EXACT.add(sums.get(line.category, Decimal(0)),
                                             line.proposed.amount)
    if not sums or len(sums) > _MATCHED_CATEGORIES:
        return None
    near = _EXACT.multiply(unit, Decimal(len(under)))
    names = sorted(sums)
    matched: frozenset[str] | None = None
    for mask in range(1, 1 << len(names)):
        chosen = [name for bit, name in enumerate(names) if mask >> bit & 1]
        total = sum((sums[name] for name in chosen), Decimal(0))
        if abs(_EXACT.subtract(total, value)) <= near:
            if matched is not None:
                return None  # two sets come to it: not told which
            matched = frozenset(chosen)
    return matched


def lessened(finding: Finding, excess: Money, found: Sequence[Finding]) -> bool:
    """Whether no finding of ``found`` at ``finding``'s place and clause says as much over,
    or more, as ``finding`` said (``excess``)."""
    for other in found:
        if other.clause == finding.clause and other.loc == finding.loc and \
                other.code == finding.code:
            more = said_over(other, excess.currency)
            if more is None or more[0].amount >= excess.amount:
                return False
    return True


def said_over(finding: Finding, currency: str) -> tuple[Money, Any] | None:
    """What ``finding`` says its value must lose to hold, in ``currency``, and the most it
    may then come to (its ``limit``, as the finding says it): the ``excess``, and for a
    strict comparison (``< limit``: ``not_below``) one minor unit more, the limit one less
    (form 44: « each visitor's lines < €1,180.01 » was trimmed to €1,180.01 and never held,
    34 of 600 plans said not to fit). None if it says no excess in that currency (or a
    value at or under its limit, for ``<=``)."""
    excess, limit = finding.ctx.get("excess"), finding.ctx.get("limit")
    if not isinstance(excess, Money) or excess.currency != currency:
        return None
    if finding.code == "not_below":
        unit = Money._trusted(quantum(currency), currency)
        excess = excess + unit
        if isinstance(limit, Money) and limit.currency == currency:
            limit = limit - unit
    return (excess, limit) if excess.amount > 0 else None


def said_short(finding: Finding, currency: str,
               rates: Mapping[tuple[str, str], Decimal]) -> tuple[Decimal, Decimal] | None:
    """What a minimum's ``finding`` (``>=``: ``below_minimum``; ``>``: ``not_above``) judged
    and the least it must come to, both in ``currency`` (the plan's): the value and the
    limit, for ``>`` a minor unit above it; a limit in another currency said as the least
    amount of ``currency`` that the rule's conversion (at the application's ``rates``,
    rounded as ``check`` converts) puts at or above it (above it, for ``>``), its value the
    amount of ``currency`` the rule converted (its ``conversions``). None if it is not so
    (no shortfall in money, no conversion said, no rate): the planner then keeps no line for
    it (att78 F3: the trims read only what is over, and a rule « lodging ≥ €1,300 » was
    trimmed below, 20 of 20 plans said not to fit where a budget keeping it fits)."""
    if finding.code not in ("below_minimum", "not_above"):
        return None
    shortfall, limit, value = (finding.ctx.get("shortfall"), finding.ctx.get("limit"),
                               finding.input)
    if not isinstance(shortfall, Money) or not isinstance(limit, Money) or \
            not isinstance(value, Money) or shortfall.currency != limit.currency or \
            value.currency != limit.currency:
        return None
    strict = finding.code == "not_above"
    if limit.currency == currency:
        unit = quantum(currency)
        return value.amount, _EXACT.add(limit.amount, unit) if strict else limit.amount
    other = limit.currency

    def converts(amount: Decimal) -> Decimal:
        return convert_amount(amount, currency, other, rates)

    try:
        judged = _converted_from(finding, value, currency)
        bound = _first(lambda amount: converts(amount) > limit.amount if strict else
                       converts(amount) >= limit.amount, limit.amount, currency, other, rates)
    except (CallrulesError, TooLargeError):  # (no rate, a rate refused: not kept to)
        return None
    if judged is None or bound is None:
        return None
    return judged, bound


def in_plan_currency(finding: Finding, currency: str,
                     rates: Mapping[tuple[str, str], Decimal]) -> Finding:
    """``finding`` said in ``currency`` (the plan's) where its rule judged it in another (a
    limit written in dollars, the lines added up in euros then converted: its value, limit
    and excess in dollars), so that the planner trims to it as to a limit in its own
    currency (att76 F1: 85 of 85 such plans said not to fit where trims reach a budget
    ``check`` accepts). Its limit becomes the bound that the rule's conversion keeps, at the
    application's ``rates`` and rounded as ``check`` converts (half-even to the limit's
    minor unit): for ``<=`` (``above_maximum``) the most of ``currency`` that converts to
    the limit or less (a ``total``'s too: ``total_above_maximum``, its lines converted one
    by one, the bound then near, the planner judging each proposal again), for ``<``
    (``not_below``) the least that converts to the limit or more (:func:`said_over` then
    asks a minor unit less, the most that converts below it), so that a proposal at the
    bound passes ``check``, never above the limit once converted. Its value is the amount of
    ``currency`` the rule converted (in its ``conversions``), else the least that converts
    to it; its excess the value less the limit. ``finding`` itself if it is not so (no
    excess in money, in ``currency`` already, or no rate to convert with: the planner then
    does not trim to it)."""
    excess, limit = finding.ctx.get("excess"), finding.ctx.get("limit")
    total = finding.code == "total_above_maximum"  # (a ``total``: its value its ``total``)
    value = finding.ctx.get("total") if total else finding.input
    if finding.code not in ("above_maximum", "not_below", "total_above_maximum") or \
            not isinstance(excess, Money) or not isinstance(limit, Money) or \
            not isinstance(value, Money) or excess.currency == currency or \
            limit.currency != excess.currency:
        return finding
    if value.currency != limit.currency:
        # a rule on a line's own amount (``each budget.lines: amount <= $X``): its value
        # the line's amount unconverted, what it was compared as its ``conversions`` say
        value = _said_converted(finding, value, limit, excess)
        if value is None:
            return finding
    other = limit.currency

    def converts(amount: Decimal) -> Decimal:
        return convert_amount(amount, currency, other, rates)

    try:
        if finding.code != "not_below":  # the most that converts to the limit or less
            bound = _last(lambda amount: converts(amount) <= limit.amount, limit.amount,
                          currency, other, rates)
        else:  # the least that converts to the limit or more
            bound = _first(lambda amount: converts(amount) >= limit.amount, limit.amount,
                           currency, other, rates)
        judged = _converted_from(finding, value, currency)
        if judged is None:  # the least amount of the plan's currency the rule said so
            judged = _first(lambda amount: converts(amount) >= value.amount, value.amount,
                            currency, other, rates)
        if total and judged is not None and bound is not None and \
                converts(quantum(currency)) == 0:
            # a unit of the limit's currency worth more than the plan's: the total over by
            # one of them (its lines rounded one by one) is over by at least the least of
            # the plan's currency whose conversion is more than one unit of the limit's, so
            # that a trim moves a line's rounded conversion (look73p F2: 1 CLP of excess
            # against a cent of euro, not trimmed, "does not fit")
            unit = quantum(other)
            step = _first(lambda amount: converts(amount) >= 2 * unit, 2 * unit,
                          currency, other, rates)
            if step is not None:
                judged = max(judged, _EXACT.add(bound, step))
    except (CallrulesError, TooLargeError):  # (no rate, a rate refused: not trimmed to)
        return finding
    if bound is None or judged is None:
        return finding
    ctx = dict(finding.ctx)
    ctx["limit"] = Money._trusted(bound, currency)
    ctx["excess"] = Money._trusted(_EXACT.subtract(judged, bound), currency)
    if total:
        ctx["total"] = Money._trusted(judged, currency)
        return dataclasses.replace(finding, ctx=ctx)
    return dataclasses.replace(finding, input=Money._trusted(judged, currency), ctx=ctx)


def _said_converted(finding: Finding, value: Money, limit: Money,
                    excess: Money) -> Money | None:
    """What ``finding``'s rule compared to ``limit``: ``value`` (a line's own amount)
    converted as its ``conversions`` say, where that is the limit plus the ``excess``; None
    if not so. (A line in the plan's currency is then found again by :func:`_converted_from`;
    one in a third currency, a stated line in reals, is said as the least of the plan's that
    converts to it: the planner proposes it in the plan's currency and judges it again.)"""
    for amount, converted in _conversions(finding):
        if amount == value and isinstance(converted, Money) and \
                converted.currency == limit.currency and \
                _EXACT.subtract(converted.amount, limit.amount) == excess.amount:
            return converted
    return None


def _converted_from(finding: Finding, value: Money, currency: str) -> Decimal | None:
    """The amount of ``currency`` that ``finding``'s rule converted to its ``value``, as
    its ``conversions`` say (the last one met: the sum after its lines), if any."""
    for amount, converted in _conversions(finding):
        if isinstance(amount, Money) and isinstance(converted, Money) and \
                amount.currency == currency and converted == value:
            return amount.amount
    return None


def _conversions(finding: Finding) -> Iterator[tuple[object, object]]:
    """Each conversion ``finding``'s ``conversions`` say, as (amount, converted), the last
    first (the sum after its lines)."""
    conversions = finding.ctx.get("conversions")
    if isinstance(conversions, Sequence):
        for entry in reversed(conversions):
            if isinstance(entry, Mapping):
                yield entry.get("amount"), entry.get("converted")


#: The most conversions tried to find a bound (a bisection over the minor units: 2 × 70
#: covers any amount within the bound on amounts, 18 digits and 3 decimals).
_BOUND_STEPS = 140


def _last(holds: Callable[[Decimal], bool], near: Decimal, currency: str, other: str,
          rates: Mapping[tuple[str, str], Decimal]) -> Decimal | None:
    """The largest multiple of ``currency``'s minor unit for which ``holds`` (true up to a
    point, then false: a bound on a conversion, which never decreases), searched from
    ``near`` (of ``other``) converted; None if not found within :data:`_BOUND_STEPS`."""
    first = _first(lambda amount: not holds(amount), near, currency, other, rates)
    return None if first is None else _EXACT.subtract(first, quantum(currency))


def _first(holds: Callable[[Decimal], bool], near: Decimal, currency: str, other: str,
           rates: Mapping[tuple[str, str], Decimal]) -> Decimal | None:
    """The smallest multiple of ``currency``'s minor unit for which ``holds`` (false up to
    a point, then true), searched from ``near`` (of ``other``) converted to ``currency``;
    None if not found within :data:`_BOUND_STEPS` conversions."""
    unit = quantum(currency)
    start = int(_EXACT.divide(convert_amount(near, other, currency, rates), unit)
                .to_integral_value(decimal.ROUND_FLOOR))
    steps = 0

    def at(units: int) -> bool:
        nonlocal steps
        steps += 1
        try:
            return holds(_EXACT.multiply(Decimal(units), unit))
        except TooLargeError:  # beyond the bound on amounts: as if above any limit
            return units > 0
    # a bracket (low false, high true) by steps doubling away from the start
    if at(start):
        high, width = start, 1
        while True:
            low = high - width
            if not at(low):
                break
            high, width = low, width * 2
            if steps > _BOUND_STEPS // 2:
                return None
    else:
        low, width = start, 1
        while True:
            high = low + width
            if at(high):
                break
            low, width = high, width * 2
            if steps > _BOUND_STEPS // 2:
                return None
    while high - low > 1:  # bisected: low false, high true
        middle = (low + high) // 2
        if at(middle):
            high = middle
        else:
            low = middle
    return _EXACT.multiply(Decimal(high), unit)
