"""The planner: a call's plan applied to one application.

For each line the call's plan declares, and each participant it is declared for, the most
the call's rates allow (``rate × quantity`` or an ``amount``, rounded as the call's
``[budget] rounding`` states, by default half-even to the cent), or the applicant's own
amount (``stated``); a value with no rate (no row of a table, no version in force, a missing
date) is never guessed: the line is left for the applicant to state, with the reason. An
exchange rate the plan needs (an amount stated, a table's rate or a cap in another currency,
a flat rate over such an amount) that the application does not give is an input problem,
``missing_exchange_rate`` from which currency to which, at the budget line whose amount it
converts or at the exchange rates, as ``check`` says it (exit 2): no amount the applicant
could state mends it. Then the caps: a category over its cap is trimmed to it, and while the
total is over the call's cap, the categories are trimmed in the order the call declares,
each line of a category in proportion to its amount (shares by largest remainder, to the
cent, so that the trimmed amounts add up exactly to the cap; a stated amount with digits
below the cent is kept and added up as stated, as the call's rules add it, and the cut is
then the excess rounded up to the cent, within the cap; a trimmed line is left in whole
cents). A plan has at most as many lines as a budget holds (10,000): more is refused before
any work (``plan_too_many_lines``). Stated lines in another currency count at the
application's rates, rounded as the ``total`` rule rounds them; a trimmed one is proposed in
the call's currency.

A line computed from the budget (a flat rate of the other lines) is computed on the lines
proposed, never on those the application states: its most is its rate on the proposal, and
what the caps trim of it is said from there. If the caps trimming it on its own leave a
proposal its rule refuses (a rule fixing it to its rate, ``==``), the lines it is computed
from are trimmed instead and it is computed again on them (:func:`_held`).

Place names used as keys of a table (a city) are matched by the table itself, as a rule
matches them (:func:`callrules._keys.code_key`: without accents, case, or the difference
between a hyphen, an apostrophe and a space, "VIRY CHATILLON" is "Viry-Châtillon"): the
row a plan reads is the row the call's rules read.
"""

from __future__ import annotations

import decimal
import functools
import itertools
import weakref
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from pydantic import TypeAdapter, ValidationError

from callrules._call import Call
from callrules._definitions import Unique
from callrules._evaluate import evaluate
from callrules._files_given import refuse_a_file
from callrules._keys import keys_held, text_key
from callrules._messages import INPUT_CODES
from callrules._models import Application, BudgetLine, Identifier
from callrules._money import LIMIT, Money, TooLargeError, bounded, convert_amount, quantum
from callrules._report import Finding, Severity
from callrules._time import in_utc
from callrules.budget.rounding import DEFAULT, Rounding, parse_rounding, times_in
from callrules.exceptions import (
    ArgumentError,
    CallrulesError,
    CurrencyMismatchError,
    InputError,
    InputProblem,
    MissingExchangeRateError,
    argument_words,
)
from callrules.language.expressions import UNTRACED, Expr, conversions_carried, locate
from callrules.language.form import UNJUDGEABLE, new_env
from callrules.language.program import Rule
from callrules.language.quantifiers import CALL_WORK_LIMIT
from callrules.planning.declaration import LineSpec, Lookup, PlanSpec, plan_of
from callrules.planning.result import (
    PROBED_LINES,
    BudgetPlan,
    KeptMinimum,
    LeftOut,
    PlannedLine,
    Reading,
    Trim,
)
from callrules.planning.trim_responses import (
    Learned,
    in_plan_currency,
    read_by,
    said_over,
    said_short,
)

__all__ = ["budget_rules", "plan"]

_EXACT = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN,
                         traps=[decimal.InvalidOperation, decimal.Overflow,
                                decimal.DivisionByZero])

#: A budget line's beneficiary, as the model reads it.
_IDENTIFIER: TypeAdapter[str] = TypeAdapter(Identifier)


class _NoValue(Exception):
    """A value the line needs is missing: the line is left for the applicant to state; or
    (``missing_exchange_rate``) an exchange rate the application does not give, an input
    problem at ``loc`` (:func:`_lines`)."""

    def __init__(self, reason: str, ctx: Mapping[str, Any],
                 loc: tuple[str | int, ...] = ("exchange_rates",)) -> None:
        super().__init__(reason)
        self.reason = reason
        self.ctx = ctx
        self.loc = loc


class _Unrated:
    """The exchange rates a plan needs and the application does not give, each an input
    problem (``missing_exchange_rate``), as ``check`` says it: at the budget line whose
    amount it converts, else at the application's exchange rates, each pair said once."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, str], list[tuple[str | int, ...]]] = {}

    def add(self, missing: _NoValue) -> bool:
        """Record ``missing`` if it is an exchange rate's (then True)."""
        if missing.reason != "missing_exchange_rate":
            return False
        places = self.found.setdefault((missing.ctx["base"], missing.ctx["quote"]), [])
        if missing.loc not in places:
            places.append(missing.loc)
        return True

    def raise_any(self) -> None:
        """An :class:`~callrules.InputError` of every pair recorded, if any."""
        problems = []
        for (base, quote), places in self.found.items():
            lines = [loc for loc in places if loc[:1] == ("budget",)]
            for loc in lines or places[:1]:
                ctx = {"base": base, "quote": quote}
                problems.append(InputProblem(loc, "missing_exchange_rate",
                                             INPUT_CODES["missing_exchange_rate"] % ctx, None,
                                             ctx))
        if problems:
            raise InputError(problems)


def _as_input_problems(work: Callable[..., BudgetPlan]) -> Callable[..., BudgetPlan]:
    """``work`` (:func:`plan`), a missing exchange rate it meets that no check of its own
    said (a conversion the fit needs) an :class:`~callrules.InputError`
    (``missing_exchange_rate``) at the application's exchange rates, in the reader's
    language, as every problem of an application is: never the bare error, which the
    command line tells in English and stops at (attack 41c)."""

    @functools.wraps(work)
    def planned(*args: Any, **kwargs: Any) -> BudgetPlan:
        try:
            return work(*args, **kwargs)
        except MissingExchangeRateError as exc:
            ctx = {"base": exc.base, "quote": exc.quote}
            raise InputError([InputProblem(("exchange_rates",), "missing_exchange_rate",
                                           INPUT_CODES["missing_exchange_rate"] % ctx, None,
                                           ctx)]) from None

    return planned


#: What each ``total`` whose limit is in another currency came to in the plan's currency, by
#: its clause and limit, for the plan being made (:func:`_total_in_plan_currency`): the
#: search of the next proposal starts from it (``last`` of :func:`_fit_measured`).
_TOTALS_FOUND: ContextVar[dict[tuple[str, str, Decimal], dict[str, Decimal]] | None] = \
    ContextVar("callrules_totals_found", default=None)


def _totals_found(work: Callable[..., BudgetPlan]) -> Callable[..., BudgetPlan]:
    """``work`` (:func:`plan`) with its own :data:`_TOTALS_FOUND`, forgotten when it ends."""

    @functools.wraps(work)
    def planned(*args: Any, **kwargs: Any) -> BudgetPlan:
        token = _TOTALS_FOUND.set({})
        try:
            return work(*args, **kwargs)
        finally:
            _TOTALS_FOUND.reset(token)

    return planned


@_as_input_problems
@_totals_found
def plan(call: Call, application: Any, *, now: datetime | None = None) -> BudgetPlan:
    """A budget for ``application`` (a model, a dict or JSON text) within ``call``'s caps,
    explained line by line; ``now`` (aware) picks the version of the call in force then.

    :class:`~callrules.InputError` if the application is not valid, or if the call's rules
    cannot judge the application the plan makes (as :func:`~callrules.evaluate` says): a
    line the plan computes from the call's rates is replaced, and what it held (an amount
    too large to judge) is said among the lines left out, never judged;
    :class:`~callrules.ArgumentError` (``no_plan``) if the call declares no plan."""
    if not isinstance(call, Call):
        raise ArgumentError(f"plan takes a Call, not {type(call).__name__}",
                            words=argument_words("call", call, "kind_call"))
    if now is not None:
        in_utc(now, "now")  # TimeError for a naive datetime
        call = call.at(now)
    spec = plan_of(call)
    if spec is None:
        raise ArgumentError(f"the call {call.id} declares no budget plan ([plan])",
                            code="no_plan", words=("no_budget_plan", {"call": f"{call.id:.100}"}))
    refuse_a_file(application)  # (a file's records read first: never "not an object")
    app = application if isinstance(application, Application) and \
        type(application) is call.form.application else call.parse(application)
    raw = call.definition.budget.rounding if call.definition.budget else None
    rounding = DEFAULT if raw is None else parse_rounding(raw)  # checked when the call loaded
    carried = _Carried(app)  # what every pass over the lines shares
    lines, used = _lines(spec, app, call.currency, rounding, carried)
    left_out = tuple(LeftOut(i, line, "replaced" if i in used else "not_planned")
                     for i, line in enumerate(app.budget.lines)
                     if i not in used or used[i] == "replaced")
    stated_cap = spec.cap  # in its own currency: the one the call's rules add the lines in
    stated_caps = spec.caps
    _rated_to_cap(lines, stated_cap.currency, call.currency, app.rates())
    spec = _in_currency(spec, call.currency, app.rates(),
                        sum(line.proposed is not None for line in lines))
    spec = _category_caps_measured(spec, stated_caps, lines, call.currency, app.rates())
    found: dict[str, Decimal] = {}  # the cap a cap in another currency came to, last
    minimums = _Floors()  # what the minimums of the rules keep of the lines

    def fitted(planned: list[PlannedLine]) -> BudgetPlan:
        try:
            fit, trims, cap = _fit_measured(spec, list(planned), call.currency, stated_cap,
                                            app.rates(), found, minimums.floors,
                                            minimums.drops)
        except TooLargeError:  # the lines add up beyond the bound: the budget is not planned
            raise TooLargeError((), (("budget", "lines"),)) from None
        return BudgetPlan(call.id, call.version, app, call.currency, cap, spec.cap_param,
                          spec.clause, tuple(fit), tuple(trims), left_out, now, call,
                          caps=spec.caps)

    first = fitted(lines)
    rules = budget_rules(call)

    def trimmed(rules: Sequence[Rule]) -> tuple[BudgetPlan, Application | None]:
        # the proposal fitted to the caps, then to ``rules`` (the call's, or some left out)
        result = first
        applied: Application | None
        if not any(_reads_budget(line) for line in spec.lines):
            applied = _applied(result)
            result = replace(result, breaks=_breaks(result, rules, applied))
            if result.breaks:  # a minimum of the rules the caps' trims went below: kept
                result, applied = _kept_minimums(
                    result, applied, rules, minimums, lambda: fitted(lines), spec.trim,
                    min(_MINIMUM_ROUNDS, settle_rounds(call.program.work_of(rules) + spec.work)))
            if result.breaks:  # a cap the call's rules set that the plan does not declare
                checks = settle_rounds(call.program.work_of(rules) + spec.work)
                tail: list[tuple[BudgetPlan, Application | None]] = []
                kept = _to_rules(spec, result, rules, applied, checks, minimums.floors, tail)
                if kept is not None:  # (or the plan, said stopped: trims left untried)
                    result, applied = kept
                elif tail:  # no budget reached: its trims may have gone below a minimum
                    result, applied = _ruled_minimums(
                        spec, result, applied, tail[-1], rules, minimums,
                        lambda: fitted(lines), checks)
            if minimums.why:  # the minimums the trims stopped at, said (look74m F3)
                result = replace(result, minimums=_minimums_said(result, minimums))
        else:
            reading = {line.id for line in spec.lines if _reads_budget(line)}
            judging = call.program.work_of(rules)
            rounds = settle_rounds(judging + spec.work)
            errors: list[Finding] = []
            unsettled: list[bool] = []
            result, applied = _settled(spec, lines, result, fitted, rounding, rules, rounds,
                                       carried, errors, unsettled)
            reading_trimmed = any(result.lines[trim.position].line in reading
                                  for trim in result.trims)
            ruled_tail: list[tuple[BudgetPlan, Application | None]] = []  # (reaching no budget)
            if not result.fits and (reading_trimmed or _excess(errors, result.currency) > 0):
                # a line its rule fixes to its rate, trimmed: never on its own, but by the lines
                # it is computed from; or a rule of the call that is no cap of the plan (on the
                # lines the rate reads): the others trimmed until it holds (attack 43p: 82 of
                # 200 plans said not to fit where one did), never to nothing (no plan)
                cut: list[bool] = []  # its searches judged by the rules, ended at their bound
                held = _held(spec, lines, first, rounding, rules, rounds, carried, result.breaks,
                             sizes=(judging, spec.work), cut=cut)
                if held is not None and (reading_trimmed or (held[0].fits and _others(
                        held[0], [i for i, line in enumerate(held[0].lines)
                                  if line.line in reading]) > 0)):
                    held = _reached(held)
                else:
                    held = None
                # or the proposal trimmed by what the rules say is over, as for a plan with no
                # line reading the budget (a flat rate ``<=`` its rate under a category's cap
                # of nothing, a rule on lodging and transport: €0.24 proposed where €3,099.06
                # fits, r22 of attack 44p): the larger that fits
                ruled = _to_rules(spec, result, rules, applied, rounds, None, ruled_tail)
                stopped = ruled is not None and ruled[0].stopped
                ruled = None if ruled is None or stopped else _computed_on(
                    spec, ruled[0], rounding, rules, carried)
                if ruled is not None and (held is None or not held[0].fits or
                                          ruled[0].total > held[0].total):
                    held = _reached(ruled)
                if held is not None:
                    result, applied = held
                    if not result.fits and cut:  # (the search of the flat rate at its bound)
                        result = replace(result, stopped=True)
                elif stopped or cut:  # trims to the rules left untried, or the proposals of the
                    # lines reading the budget searched to the bound of their work: said, never
                    # "no budget fits" (session 45: 28 of 300 flat-rate plans, one proposal a
                    # plan, said not to fit where one does)
                    result = replace(result, stopped=True)
            elif not result.fits and unsettled:  # its rounds at their bound: said stopped
                result = replace(result, stopped=True)
            elif result.fits and result.trims and result.total < result.cap:
                # fitted in rounds, the others trimmed more than the caps need (the rounds near
                # the cap by a third of the gap each): the largest proposal the caps and the
                # rule keep, if larger (attack 39b: 1,498.41 where 1,500.00 fits)
                held = _held(spec, lines, first, rounding, rules, rounds, carried,
                             sizes=(judging, spec.work))
                if held is not None and held[0].fits and held[0].total > result.total:
                    result, applied = _reached(held)
            if not result.fits and rules:
                # a minimum of the rules the rounds went below (lines a flat rate reads trimmed
                # for the cap): kept as for a plan with no line reading the budget, each
                # proposal settled again around the floors; kept only if it fits (also where
                # the rounds were said stopped at their bound: a fit found is no guess)
                before = minimums.saved()

                def settled() -> BudgetPlan:
                    return _settled(spec, lines, fitted(lines), fitted, rounding, rules, rounds,
                                    carried)[0]

                held = _kept_minimums(result, applied, rules, minimums, settled, spec.trim,
                                      min(_MINIMUM_ROUNDS, rounds))
                if not held[0].fits and ruled_tail:
                    # the trims to a rule that is no cap went below a minimum (look75p: 3 of
                    # 84 flat-rate plans beside one said not to fit): kept as for a plan with no
                    # line reading the budget, the lines reading it computed on each proposal
                    minimums.undo(before)
                    held = _ruled_minimums(
                        spec, result, applied, ruled_tail[-1], rules, minimums, settled, rounds,
                        lambda plan: _computed_on(spec, plan, rounding, rules, carried))
                if held[0].fits and held[0] is not result:
                    result, applied = held
                    result = replace(result, minimums=_minimums_said(result, minimums))
                else:
                    minimums.undo(before)
                    if held[0].stopped:  # (rounds ran out with lines still to remove)
                        result = replace(result, stopped=True)
        return result, applied

    result, applied = trimmed(rules)
    if not result.fits and not result.stopped and rules:
        # a minimum the untrimmed proposal already meets refuses every trim the other
        # rules need that would cross it (att90 F1: 14 of 250 flat-rate plans said not to
        # fit where one does): the trims made without it, kept if it still holds
        result, applied = _met_left_out(first, result, applied, rules, minimums, trimmed)
    if rules and result.complete:
        result, applied = _at_mosts(result, rules, fitted, applied)
        chosen = minimums.chosen & minimums.drops.keys()
        if chosen and result.fits and result.unreached is None:
            # lines left at nothing for their own minimum where their most meets it, chosen
            # in the order of trims, not searched among every choice: the most is never said
            # of the proposal, but what the lines at their mosts within the caps come to,
            # said a bound; a line whose most is below its minimum stays at nothing there
            # (no budget keeps it: look75p F4, €2,200.00 said a bound with a meal line of
            # €320.00 against each line ≥ €600.00, where €1,880.00 is the most)
            own = {i: drop for i, drop in minimums.drops.items() if i not in chosen}
            mosts = _fit_measured(spec, [replace(line, proposed=line.most)
                                         for line in result.lines],
                                  call.currency, stated_cap, app.rates(), drops=own)[0]
            whole = Money.total((line.proposed for line in mosts
                                 if line.proposed is not None), call.currency)
            if whole > result.total:
                result = replace(result, unreached=whole, reach=None)
    result = replace(result, trims=_said_once(result))
    if minimums.ruled:  # lines removed for a rule that is no cap of the plan, said so
        result = replace(result, trims=tuple(
            replace(trim, for_rules=True)
            if trim.scope == "minimum" and trim.position in minimums.ruled else trim
            for trim in result.trims))
    if rules and result.fits and result.trims:  # each visitor's whole a rule caps, the
        # participants its trims did not reach too
        result = _limited(result, rules)
    if result.fits and result.unreached is None:  # the most said only where it is
        result = replace(result, room=_room(result, rules, applied))
        if result.is_most and result.most != result.total:
            # a minor unit more on any line refused: the proposal is the most, said as it,
            # never the rates' (att58: "the most the call allows for the amounts known:
            # €3,100.00" where a rule keeps each visitor within €500.00 and €1,000.00 is
            # proposed; a plan with amounts to state is never held to the rules' mosts)
            result = replace(result, reach=result.total)
    return replace(result, elsewhere=_elsewhere(result, call, rules, applied))


def _met_left_out(first: BudgetPlan, result: BudgetPlan, applied: Application | None,
                  rules: Sequence[Rule], kept: _Floors,
                  trimmed: Callable[[Sequence[Rule]], tuple[BudgetPlan, Application | None]]
                  ) -> tuple[BudgetPlan, Application | None]:
    """``result`` (the plan trimmed to every rule of ``rules``, said not to fit) made again
    without the minimums ``first``, the untrimmed proposal, already meets
    (:func:`_met_minimums`): all of them left out, then each pair (two that must be left
    out together: look78p F2), then each alone (``trimmed``, the planner's trims to the
    rules it is given, the floors ``kept`` undone before each), the first proposal that fits
    and that every rule of ``rules`` accepts kept. Such a minimum
    is a floor the trims need not be stopped at: where the proposal made without it still
    meets it, the trims never crossed it (att90 F1: a flat rate ``==`` beside « travel ≥
    €0.01 », the travel it is computed from never trimmed, 14 of 250 plans said not to fit
    where the same call without the minimum gives a plan it accepts). ``result`` as it was
    (the floors as they were) if none does, said stopped if every pass ran out of rounds.
    Not a search: a fit that needs trims stopped exactly at a met minimum may still be
    missed (look78p F3)."""
    met = _met_minimums(first, rules)
    if not met:
        return result, applied
    before = kept.saved()
    tries = [met]  # all, then each pair (of no more than _MET_PAIRED), then each alone
    if 2 < len(met) <= _MET_PAIRED:
        tries.extend(list(pair) for pair in itertools.combinations(met, 2))
    if len(met) > 1:
        tries.extend([rule] for rule in met)
    ran_out = 0
    for left in tries:
        kept.undo(_Floors())
        made, put = trimmed([rule for rule in rules if all(rule is not out for out in left)])
        if made.fits and not made.stopped and not _breaks(made, rules, put):
            return made, put
        ran_out += made.stopped
    kept.undo(before)
    if ran_out == len(tries):  # every pass ran out of rounds: no verdict, said stopped
        return replace(result, stopped=True), applied
    return result, applied


#: The most met minimums :func:`_met_left_out` leaves out in pairs too (beyond, all of them
#: and each alone): at most 1 + 3 + 3 passes more than the plan's own (a plan said
#: not to fit beside 3 met minimums and 128 visitors: 1.6 s on the base, 10.4 s).
_MET_PAIRED = 3


def _met_minimums(first: BudgetPlan, rules: Sequence[Rule]) -> list[Rule]:
    """The rules of ``rules`` that ``first`` (the untrimmed proposal) meets and whose clause
    a budget of nothing (every line proposed at nothing) breaks as a minimum (``>=``, ``>``:
    ``below_minimum``, ``not_above``): the minimums the trims may reach. Two checks."""
    put = _applied(first)
    if put is None:
        return []
    nothing = replace(first, breaks=(), lines=tuple(
        line if line.proposed is None else
        replace(line, proposed=Money._trusted(Decimal(0), line.proposed.currency))
        for line in first.lines))
    found: list[Finding] = []
    _breaks(nothing, rules, _applied(nothing), found)
    least = {finding.clause for finding in found
             if finding.code in ("below_minimum", "not_above")}
    if not least:
        return []
    short = set(_breaks(first, [rule for rule in rules if rule.clause in least], put))
    return [rule for rule in rules if rule.clause in least and rule.clause not in short]


#: The most proposals :func:`_kept_minimums` judges (each keeping more of the lines a
#: minimum reads, or trying a category for a minimum whose categories are not known), and
#: no more than the work of the call's rules allows (:func:`settle_rounds`).
_MINIMUM_ROUNDS = 12


@dataclass(slots=True)
class _Floors:
    """What the minimums of the call's rules keep of the lines while the caps trim them, by
    position: ``floors``, what a line is trimmed no lower than; ``drops``, the lines left
    at nothing because a rule on each line asks more of them than they may keep (the least
    it asks, and its clause); ``why``, the minimum each floor or drop keeps (its clause, the
    least it asks in the plan's currency, and where: ``line``, ``visitor``, ``all``,
    :class:`~callrules.planning.result.KeptMinimum`); ``own``,
    the lines floored by a rule on each line (the least, and its clause): those a cap may
    leave at nothing instead; ``chosen``, the lines of ``drops`` that :func:`_dropped` left
    at nothing though their most meets their minimum (chosen in the order of trims, where
    another choice may keep more); ``shared``, the lines a minimum other than a rule on each
    line reads (a visitor's lodging, lodging in all): removed last; ``groups``, the lines
    each such minimum (and visitor, for a visitor's) raised floors of: its floors may move
    among them (:func:`_shifted`)."""

    floors: dict[int, Decimal] = field(default_factory=dict)
    drops: dict[int, tuple[Money, str]] = field(default_factory=dict)
    why: dict[int, tuple[str, Money, str]] = field(default_factory=dict)
    own: dict[int, tuple[Money, str]] = field(default_factory=dict)
    chosen: set[int] = field(default_factory=set)
    shared: set[int] = field(default_factory=set)
    groups: dict[tuple[tuple[str, Money, str], str | None], frozenset[int]] = field(
        default_factory=dict)
    ruled: set[int] = field(default_factory=set)

    def saved(self) -> _Floors:
        """A copy, to :meth:`undo` a round to."""
        return _Floors(dict(self.floors), dict(self.drops), dict(self.why), dict(self.own),
                       set(self.chosen), set(self.shared), dict(self.groups),
                       set(self.ruled))

    def undo(self, saved: _Floors) -> None:
        """Back to ``saved`` (the dicts kept: the fit reads them)."""
        for name in ("floors", "drops", "why", "own", "chosen", "shared", "groups", "ruled"):
            kept = getattr(self, name)
            kept.clear()
            kept.update(getattr(saved, name))


def _kept_minimums(result: BudgetPlan, applied: Application | None, rules: Sequence[Rule],
                   kept: _Floors, refit: Callable[[], BudgetPlan],
                   order: Sequence[str], rounds: int, ran_out: list[bool] | None = None
                   ) -> tuple[BudgetPlan, Application | None]:
    """``result`` (fitted to the caps, breaking a rule of the call) fitted again, while a
    minimum of the call's rules (``>=``, ``>``: on a total, a category, a visitor's lines,
    a line) says the lines it reads come to less than it asks: those lines kept at what meets
    it (``kept.floors``, by position: :func:`_floors_for`), and the caps' trims taken from the
    other lines (``refit``: the fit with ``kept``), at most ``rounds`` proposals. A minimum
    whose lines are not known (those it reads trimmed to nothing, or holding less than it
    asks) has the categories under its place tried in turn (in ``order``, the call's order
    of trims), one a proposal for every finding of its rule (each visitor's), each kept only
    if what they are short of in all fell (look74m F1: one visitor a proposal ran out of
    proposals from four visitors, each visitor's lodging ≥ $100 said not to fit). The trims only
    read what a rule says is over (att78 F3: a rule « lodging ≥ €1,300 », lodging trimmed to
    €1,088.00 for the cap, 20 of 20 plans said not to fit where keeping lodging at €1,300
    and trimming travel fits). A rule on each line is met by a line at its minimum or by a
    line of nothing (not put in the budget): a line whose most is below it is left at
    nothing (``kept.drops``), and where the lines kept at it come to more than the caps,
    lines of them are left at nothing, in the call's order of trims, until the rest fit
    (:func:`_dropped`; min74 said 25 of 180 such plans did not fit where the empty budget
    passes ``check``). A proposal whose lines kept still come to more than the caps is not
    kept (that round undone). The last proposal kept, with what it breaks; ``result`` as it
    was if no minimum keeps a line more. Where every round made a proposal, ``True`` is
    appended to ``ran_out``, if given."""
    tried: set[tuple[Any, ...]] = set()  # a minimum and a category tried for it
    errors: list[Finding] = []
    _breaks(result, rules, applied, errors)
    for _ in range(rounds):
        before = kept.saved()
        probe = _floors_for(result, errors, kept, applied, order, tried)
        if probe is None:
            break
        candidate = refit()
        if (candidate.total > candidate.cap or candidate.over_caps) and \
                _dropped(candidate, kept, order):
            candidate = refit()  # (some lines kept at their own minimum left at nothing)
        put = _applied(candidate)
        found: list[Finding] = []
        candidate = replace(candidate, breaks=_breaks(candidate, rules, put, found))
        if candidate.total > candidate.cap or candidate.over_caps:
            # the lines kept come to more than the caps allow: the proposal within them
            # kept, said not to fit
            kept.undo(before)
            if probe.rule is None:
                break
            continue
        if probe.rule is not None:  # a category tried: kept if the rule's shortfall fell
            now = [_short(finding, candidate, put) for finding in found
                   if _rule_of(finding) == probe.rule]
            if now and sum(now, Decimal(0)) >= probe.short:
                kept.undo(before)
                continue
        result, applied, errors = candidate, put, found
        if not result.breaks:
            break
    else:
        if ran_out is not None:  # (every round a proposal: more might have been kept)
            ran_out.append(True)
    return result, applied


def _ruled_minimums(spec: PlanSpec, result: BudgetPlan, applied: Application | None,
                    last: tuple[BudgetPlan, Application | None], rules: Sequence[Rule],
                    kept: _Floors, refit: Callable[[], BudgetPlan], checks: int,
                    again: Callable[[BudgetPlan], tuple[BudgetPlan, Application | None] | None]
                    | None = None) -> tuple[BudgetPlan, Application | None]:
    """``result`` (fitted to the caps, trimmed to the rules that are no cap of the plan by
    :func:`_to_rules`, which reached no budget keeping them: ``last``, its last proposal)
    fitted again where those trims went below a minimum of the rules (a rule « lodging ≥
    €900 » and one on the total, ≤ €2,000: lodging trimmed to nothing for the total): the
    minimum kept as :func:`_kept_minimums` keeps it, each proposal fitted to the caps
    (``refit``) then trimmed to the rules again with the floors kept, and its lines reading
    the budget computed again on it (``again``, :func:`_computed_on`, if given and the rules
    keep it). Where no minimum is short but lines a rule on each line keeps at its minimum
    stop those trims, lines of them are removed for what the rule is over
    (:func:`_dropped`, :func:`_over_rules`). The proposal if it fits; else ``result`` as it
    was (the floors undone)."""
    before = kept.saved()
    ran_out: list[bool] = []  # a refit that ran out of rounds with lines still to remove

    def ruled() -> BudgetPlan:
        stuck = last[0]
        for _ in range(_MINIMUM_ROUNDS + len(stuck.lines)):  # (each round removes a line)
            fit = refit()
            put = _applied(fit)
            fit = replace(fit, breaks=_breaks(fit, rules, put))
            if not fit.breaks:
                return fit
            tail: list[tuple[BudgetPlan, Application | None]] = []
            done = _to_rules(spec, fit, rules, put, checks, kept.floors, tail)
            if done is not None and again is not None:
                # (its lines reading the budget computed on it, else not a proposal: the
                # fit before the trims, which says what it breaks)
                computed = again(done[0])
                return fit if computed is None else computed[0]
            if done is not None or not tail:
                return done[0] if done is not None else fit
            # the trims to a rule that is no cap stopped at lines a rule on each line keeps
            # at its minimum: lines of them removed for what it is over, then fitted again
            # (look75p F2: « each line ≥ €150 », « total ≤ €2,000 », 14 visitors)
            stuck, put = tail[-1]
            errors: list[Finding] = []
            _breaks(stuck, rules, put, errors)
            if not _dropped(stuck, kept, spec.trim, _over_rules(stuck, errors)) and \
                    not _removed_below(fit, stuck, put, errors, kept):
                return stuck
        ran_out.append(True)  # (lines still to remove: the plan says it stopped)
        return stuck

    rounds = min(_MINIMUM_ROUNDS, checks)
    held = _kept_minimums(last[0], last[1], rules, kept, ruled, spec.trim, rounds, ran_out)
    if not held[0].fits:  # no minimum short, but the trims to a rule that is no cap stopped
        # at floors: lines a rule on each line keeps removed (:func:`_dropped`), or a
        # minimum's floors moved off the lines the rule caps, to the others it read, else to
        # a category of the order of trims in turn (:func:`_shifted`); the minimums kept
        # again from there, each change kept only if it fits
        errors: list[Finding] = []
        _breaks(held[0], rules, held[1], errors)
        overs = _over_rules(held[0], errors)
        last_held = held[0]
        changes: list[Callable[[], bool]] = [
            lambda: _dropped(last_held, kept, spec.trim, overs),
            lambda: _shifted(last_held, kept, overs),
            *(functools.partial(_shifted, last_held, kept, overs, category)
              for category in spec.trim)]
        for change in changes:
            saved = kept.saved()
            if not change():
                continue
            moved = ruled()
            put = _applied(moved)
            moved = replace(moved, breaks=_breaks(moved, rules, put))
            tried = (moved, put) if not moved.breaks else \
                _kept_minimums(moved, put, rules, kept, ruled, spec.trim, rounds, ran_out)
            if tried[0].fits:
                held = tried
                break
            kept.undo(saved)
    if held[0].fits:
        return held
    kept.undo(before)
    if ran_out:  # the rounds ran out with lines still to remove: stopped, no verdict
        return replace(result, stopped=True), applied
    return result, applied


def _minimums_said(plan: BudgetPlan, kept: _Floors) -> tuple[KeptMinimum, ...]:
    """The minimums of ``kept`` that ``plan``'s trims stopped at: a line left at nothing for
    its own minimum, or trimmed below its most to its floor exactly; one a rule (its clause,
    the least it asks and where), with the categories of those lines, in the plan's
    order."""
    said: dict[tuple[str, Money, str], list[str]] = {}
    for position, line in enumerate(plan.lines):
        why = kept.why.get(position)
        if why is None or line.proposed is None or line.most is None:
            continue
        floor = kept.floors.get(position)
        dropped = position in kept.drops and not line.proposed.amount
        if dropped or (floor is not None and line.proposed.amount == floor and
                       line.proposed < line.most):
            categories = said.setdefault(why, [])
            if line.category not in categories:
                categories.append(line.category)
    return tuple(KeptMinimum(clause, least, each, tuple(categories))  # type: ignore[arg-type]
                 for (clause, least, each), categories in said.items())


def _dropped(plan: BudgetPlan, kept: _Floors, order: Sequence[str],
             overs: Sequence[tuple[Sequence[int], Decimal]] = ()) -> bool:
    """Leave at nothing (``kept.drops``) lines of ``plan`` that a rule on each line keeps at
    its minimum (``kept.own``), so that the rest come within the caps: for each category
    over its cap, then for the total, then for each of ``overs`` (a rule that is no cap of
    the plan: the lines it reads and what it says they are over, :func:`_over_rules`), the
    lines of the categories in the call's ``order`` of trims (then the others), in each the
    least line that frees what is over, else the largest, until nothing is: first the lines
    no other minimum reads, then those one reads (``kept.shared``: a visitor's lodging
    removed for the caps broke « each visitor's lodging ≥ €600 » beside « each line ≥ €600
    », where removing a travel line fits, look75p F1); whether any was left at nothing."""
    lines = plan.lines

    def amount(i: int) -> Decimal:
        proposed = lines[i].proposed
        return Decimal(0) if proposed is None else proposed.amount

    def free(positions: list[int], over: Decimal) -> Decimal:
        freed = Decimal(0)
        while over > 0 and positions:
            enough = [i for i in positions if amount(i) >= over]
            i = min(enough, key=amount) if enough else max(positions, key=amount)
            positions.remove(i)
            kept.drops[i] = kept.own[i]
            kept.chosen.add(i)
            kept.floors.pop(i, None)
            freed = _EXACT.add(freed, amount(i))
            over = _EXACT.subtract(over, amount(i))
        return freed

    def held(category: str, shared: bool, within: Sequence[int] | None = None) -> list[int]:
        return [i for i in (kept.own if within is None else within)
                if i in kept.own and i in kept.floors and i not in kept.drops
                and lines[i].category == category and amount(i) > 0
                and (i in kept.shared) is shared]

    def freeing(categories: Sequence[str], shared: bool, excess: Decimal,
                within: Sequence[int] | None = None) -> Decimal:
        # lines of ``categories`` in turn left at nothing until ``excess`` is freed
        freed = Decimal(0)
        for category in categories:
            if excess <= freed:
                break
            freed = _EXACT.add(freed, free(held(category, shared, within),
                                           _EXACT.subtract(excess, freed)))
        return freed

    total = _EXACT.subtract(plan.total.amount, plan.cap.amount)
    dropped = False
    over = {category: excess.amount for category, excess in plan.over_caps.items()}
    ruled = [(positions, excess) for positions, excess in overs if excess > 0]
    others = sorted({line.category for line in lines} - set(order))
    for shared in (False, True):  # lines another minimum reads last (look75p F1)
        for category, excess in over.items():
            freed = freeing((category,), shared, excess)
            over[category] = _EXACT.subtract(excess, freed)
            dropped = dropped or freed > 0
            total = _EXACT.subtract(total, freed)
        freed = freeing((*order, *others), shared, total)
        dropped = dropped or freed > 0
        total = _EXACT.subtract(total, freed)
        for k, (positions, excess) in enumerate(ruled):  # a rule that is no cap (pln76)
            removed = set(kept.drops)
            freed = freeing((*order, *others), shared, excess, positions)
            kept.ruled.update(set(kept.drops) - removed)  # (said removed for that rule)
            dropped = dropped or freed > 0
            ruled[k] = (positions, _EXACT.subtract(excess, freed))
    return dropped


def _removed_below(fit: BudgetPlan, plan: BudgetPlan, applied: Application | None,
                   errors: Sequence[Finding], kept: _Floors) -> bool:
    """Leave at nothing (``kept.drops``, said removed for a rule that is no cap of the plan:
    ``kept.ruled``) each line a rule on each line says ``plan`` keeps below its minimum
    (``errors``) where the trims to such a rule (:func:`_to_rules`, from ``fit``) took it
    there, where all the lines now hold less than that minimum (no line can be kept at it
    within what the rule left): removed outright, not raised back to it (« each line ≥ €150 » beside
    « total ≤ €0.01 »: the last line trimmed to €0.01,
    raised to €150.00, one line removed every two rounds, said not to fit where the empty
    budget passes, look76p F1); whether any was."""
    currency = plan.currency
    rates = applied.rates() if applied is not None else {}
    removed = False
    left = sum((line.proposed.amount for line in plan.lines if line.proposed is not None),
               Decimal(0))  # (all the lines now hold)
    for finding in errors:
        loc = finding.loc
        if not (len(loc) >= 3 and loc[:2] == ("budget", "lines") and isinstance(loc[2], int)):
            continue
        short = _said_short(finding, currency, rates)
        at = _line_short(plan, finding, short)
        if at is None or short is None:
            continue
        now, was = plan.lines[at].proposed, fit.lines[at].proposed
        if now is None or was is None or not 0 < now.amount < was.amount:
            continue  # (not trimmed there by the rule: the minimum's round keeps it)
        if left >= short[1]:
            continue  # (what the trims left holds a line at its minimum: raised back to it,
            # the others trimmed: « total ≤ €800 », €800.00 where removing gave €749.18)
        least = Money._trusted(short[1], currency)
        kept.own[at] = kept.drops[at] = (least, finding.clause)
        kept.why[at] = (finding.clause, least, "line")
        kept.floors.pop(at, None)
        kept.chosen.add(at)
        kept.ruled.add(at)
        removed = True
    return removed


def _shifted(plan: BudgetPlan, kept: _Floors, overs: Sequence[tuple[Sequence[int], Decimal]],
             category: str | None = None) -> bool:
    """Move the floors a minimum (not a rule on each line) keeps on lines a rule that is no
    cap says are over (``overs``, :func:`_over_rules`) to the other lines that minimum reads,
    up to the room each has to its most: « lodging and meals ≥ €1,900 » beside « lodging ≤
    €1,400 », lodging kept at €1,680 for the first, the trims to the second stopped there,
    said not to fit where lodging at €1,400 and meals at €500 fits (pln75, conflict.py:
    3 of 3); to the lines of ``category`` under the minimum's place (every line, or its
    visitor's) instead, if given (lines the minimum reads that held nothing when its floors
    were raised, meals at nothing: not known to be read, tried; such a line tried even where
    the rule's finding could not say which lines it reads, as a sum is the same with a line
    of nothing or without: « lodging ≤ €0.01 », look76p F2); whether any floor moved."""
    unit = quantum(plan.currency)
    moved = False
    for positions, excess in overs:
        over = set(positions)
        for (why, who), group in list(kept.groups.items()):
            inside = [i for i in group if i in over and kept.floors.get(i, Decimal(0)) > 0]
            outside = [i for i in group if i not in over and i not in kept.drops] \
                if category is None else \
                [i for i, line in enumerate(plan.lines) if line.category == category and
                 (i not in over or not _holds(line)) and i not in group and
                 i not in kept.drops and (who is None or line.beneficiary == who)]
            if not inside or not outside:
                continue
            rooms = _rooms_to_most(plan, outside, unit)
            held = sum((kept.floors[i] for i in inside), Decimal(0))
            units = min(_units(excess, unit), sum(rooms),
                        int(_EXACT.divide(held, unit).to_integral_value(decimal.ROUND_FLOOR)))
            if units <= 0:
                continue
            _raise(plan, outside, units, kept, unit, why, rooms)
            left = _EXACT.multiply(Decimal(units), unit)
            for i in sorted(inside, key=lambda i: -kept.floors[i]):
                cut = min(left, kept.floors[i])
                kept.floors[i] = _EXACT.subtract(kept.floors[i], cut)
                left = _EXACT.subtract(left, cut)
                if left <= 0:
                    break
            moved = True
    return moved


def _holds(line: PlannedLine) -> bool:
    """Whether ``line`` holds an amount in its proposal (a line at nothing is not known to be
    read by a rule: a sum of it is the same with it or without)."""
    return line.proposed is not None and line.proposed.amount > 0


def _over_rules(plan: BudgetPlan, errors: Sequence[Finding]
                ) -> list[tuple[Sequence[int], Decimal]]:
    """What each finding of ``errors`` (a rule of the call that is no cap of the plan, on
    ``plan``'s proposal) says is over, in the plan's currency, and the lines it reads: those
    under its place of the categories that come to what it judged
    (:func:`~callrules.planning.trim_responses.read_by`), else every line under its place;
    for :func:`_dropped` to remove lines a rule on each line keeps at its minimum, where the
    trims to that rule stop at those minimums (« each line ≥ €150 » and « total ≤ €2,000 »,
    fourteen visitors: said not to fit, where removing two lines fits, look75p F2)."""
    unit = quantum(plan.currency)
    out: list[tuple[Sequence[int], Decimal]] = []
    for finding in errors:
        over = said_over(finding, plan.currency)
        if over is None:
            continue
        under = _under(plan, finding.loc)
        read = read_by(finding, plan, under, unit)
        out.append(([i for i in under if read is None or plan.lines[i].category in read],
                    over[0].amount))
    return out


def _short(finding: Finding, plan: BudgetPlan, applied: Application | None) -> Decimal:
    """What a minimum's ``finding`` is short of, in ``plan``'s currency (none said: 0)."""
    short = _said_short(finding, plan.currency, applied.rates() if applied is not None else {})
    return Decimal(0) if short is None else short[2]


def _said_short(finding: Finding, currency: str, rates: Mapping[tuple[str, str], Decimal]
                ) -> tuple[Decimal, Decimal, Decimal] | None:
    """What a minimum's ``finding`` judged, the least it asks and what it is short of, in
    ``currency`` (:func:`~callrules.planning.trim_responses.said_short`), when it is
    short; else None. The one reading of a shortfall, for :func:`_short` and
    :func:`_floors_for` alike."""
    short = said_short(finding, currency, rates)
    if short is None or short[1] <= short[0]:
        return None
    return short[0], short[1], _EXACT.subtract(short[1], short[0])


@dataclass(frozen=True, slots=True)
class _Probe:
    """What :func:`_floors_for` did to the floors: ``rule`` None, a floor of the lines a
    minimum reads rose (or a line was left at nothing); else a category was tried for the
    rule ``rule`` (:func:`_rule_of`), whose findings were short of ``short`` in all before
    it."""

    rule: tuple[Any, ...] | None = None
    short: Decimal = Decimal(0)


def _floors_for(plan: BudgetPlan, errors: Sequence[Finding], kept: _Floors,
                applied: Application | None, order: Sequence[str], tried: set[tuple[Any, ...]]
                ) -> _Probe | None:
    """Raise ``kept.floors`` (what each line of ``plan`` keeps whatever the caps, by
    position) by what each minimum among ``errors`` is short (:func:`_said_short`), on the
    lines it reads: a line's own (a rule on each line; a line whose most is below it left
    at nothing, ``kept.drops``), else those of the categories under its place (a visitor's
    lines, or all) that come to what it judged
    (:func:`~callrules.planning.trim_responses.read_by`), shared by the room each has up to
    its most (:func:`_raise`). A probe without a rule if a floor rose or a line was left at
    nothing; else, for the first rule whose minimum is still short, the next category of
    ``order`` under its place not ``tried`` for it and trimmed below its most, raised by
    what is left for every finding of that rule still short (each visitor's: one proposal,
    however many visitors), and the probe names the rule (:func:`_rule_of`) and what its
    findings were short of in all; else None."""
    currency, unit = plan.currency, quantum(plan.currency)
    rates = applied.rates() if applied is not None else {}
    raised = False
    left: list[tuple[Finding, list[int], set[str], int, Decimal, tuple[str, Money, str]]] = []
    for finding in errors:
        short = _said_short(finding, currency, rates)
        loc = finding.loc
        if len(loc) >= 3 and loc[:2] == ("budget", "lines") and isinstance(loc[2], int):
            at = _line_short(plan, finding, short)
            if at is None:
                continue
            raised = True
            limit = finding.ctx.get("limit")
            least = Money._trusted(short[1], currency) if short is not None else limit
            assert isinstance(least, Money)
            kept.own[at] = (least, finding.clause)
            why = (finding.clause, least, "line")
            if short is None or _raise(plan, [at], _units(short[2], unit), kept, unit,
                                       why) > 0:
                # its most below the minimum (or a line stated in another currency, kept
                # as stated): a line of nothing, not put in the budget
                kept.floors.pop(at, None)
                kept.drops[at] = kept.own[at]
                kept.why[at] = why
            continue
        if short is None:
            continue
        value, least_amount, shortfall = short
        need = _units(shortfall, unit)
        why = (finding.clause, Money._trusted(least_amount, currency),
               "visitor" if len(loc) >= 2 and loc[0] == "visitors" else "all")
        under = _under(plan, loc)
        known = read_by(finding, plan, under, unit, value) if value else None
        read = set(known or ())
        lines = [i for i in under if plan.lines[i].category in read]
        rest = _raise(plan, lines, need, kept, unit, why)
        raised = raised or rest < need
        if rest > 0:
            left.append((finding, under, read, rest, shortfall, why))
    if raised:
        return _Probe()
    same: dict[tuple[Any, ...], list[tuple[Finding, list[int], set[str], int, Decimal,
                                           tuple[str, Money, str]]]] = {}
    for entry in left:  # the findings of one rule (every visitor's) tried together
        same.setdefault(_rule_of(entry[0]), []).append(entry)
    for key, entries in same.items():
        for category in order:
            if (*key, category) in tried:
                continue
            tried.add((*key, category))
            took = False
            for _finding, under, read, units, _shortfall, why in entries:
                if category in read:
                    continue
                lines = [i for i in under if plan.lines[i].category == category]
                took = _raise(plan, lines, units, kept, unit, why) < units or took
            if took:
                return _Probe(key, sum((entry[4] for entry in entries), Decimal(0)))
    return None


def _units(amount: Decimal, unit: Decimal) -> int:
    """``amount`` in whole minor units ``unit``, rounded up."""
    return int(_EXACT.divide(amount, unit).to_integral_value(decimal.ROUND_CEILING))


def _line_short(plan: BudgetPlan, finding: Finding,
                short: tuple[Decimal, Decimal, Decimal] | None) -> int | None:
    """The position in ``plan`` of the line a minimum on each line (``finding``, at a line
    of the budget) says is short: ``short`` read, or a minimum's finding whose value is not
    in the plan's currency (a stated line kept as stated); else None."""
    if short is None and (finding.code not in ("below_minimum", "not_above") or
                          not isinstance(finding.ctx.get("limit"), Money)):
        return None
    put = [i for i, line in enumerate(plan.lines)
           if line.proposed is not None and line.proposed.amount]
    index = finding.loc[2]
    assert isinstance(index, int)
    return put[index] if 0 <= index < len(put) else None


def _rule_of(finding: Finding) -> tuple[Any, ...]:
    """The rule a minimum's ``finding`` comes from, as far as the finding says: its clause,
    code, place with a visitor's position left out, and what it compares (each visitor's
    findings of one rule share it; two rules of one clause do not)."""
    loc = finding.loc
    if len(loc) >= 2 and loc[0] == "visitors" and isinstance(loc[1], int):
        loc = (loc[0], *loc[2:])
    return (finding.clause, finding.code, loc, repr(finding.ctx.get("left")),
            repr(finding.ctx.get("right")))


def _rooms_to_most(plan: BudgetPlan, lines: Sequence[int], unit: Decimal) -> list[int]:
    """The room each of ``plan``'s ``lines`` has up to its most, in minor units (none for a
    line without a proposal or a most)."""
    rooms = []
    for i in lines:
        line = plan.lines[i]
        if line.proposed is None or line.most is None:
            rooms.append(0)
            continue
        rooms.append(max(0, int(_EXACT.divide(_EXACT.subtract(
            line.most.amount, line.proposed.amount), unit).to_integral_value(
                decimal.ROUND_FLOOR))))
    return rooms


def _raise(plan: BudgetPlan, lines: Sequence[int], need: int, kept: _Floors,
           unit: Decimal, why: tuple[str, Money, str],
           rooms: Sequence[int] | None = None) -> int:
    """Raise the floors of ``plan``'s ``lines`` by ``need`` minor units in all, above what
    each is proposed at, shared in proportion to the room each has up to its most (none
    above it; ``rooms``, :func:`_rooms_to_most`, if known), each floor raised said kept for the
    minimum ``why``; what is left of ``need`` that they could not take."""
    floors = kept.floors
    if why[2] != "line":  # lines another minimum than their own reads
        kept.shared.update(lines)
        grouped: dict[tuple[tuple[str, Money, str], str | None], set[int]] = {}
        for i in lines:  # (a visitor's minimum: that visitor's lines)
            key = (why, plan.lines[i].beneficiary if why[2] == "visitor" else None)
            grouped.setdefault(key, set()).add(i)
        for key, group in grouped.items():  # (one union a group, not one a line)
            kept.groups[key] = kept.groups.get(key, frozenset()) | group
    if rooms is None:
        rooms = _rooms_to_most(plan, lines, unit)
    shares = rooms if need >= sum(rooms) else _largest_remainder(need, rooms)
    for i, share in zip(lines, shares, strict=True):
        proposed = plan.lines[i].proposed
        if not share or proposed is None:
            continue
        floor = _EXACT.add(proposed.amount, _EXACT.multiply(Decimal(share), unit))
        if floor > floors.get(i, Decimal(0)):
            floors[i] = floor
            kept.why[i] = why
    return max(0, need - sum(shares))


def _at_mosts(result: BudgetPlan, rules: Sequence[Rule],
              fitted: Callable[[list[PlannedLine]], BudgetPlan], applied: Application | None
              ) -> tuple[BudgetPlan, Application | None]:
    """``result``, with what the lines at their mosts fitted to the caps come to as
    :attr:`~BudgetPlan.unreached` when the call's rules refuse that budget: the most a plan
    says is a budget ``check`` accepts, or said to be a bound the planner did not reach
    (att47p: "the most the call allows: €3,018.00" under a rule keeping the total below
    €2,686.56, 13 plans of 1,300; €165.18 said the most where €4,024.00 fits)."""
    if result.total >= replace(result, reach=None).most:
        return result, applied  # the proposal is the lines' mosts: the rules accept it
    mosts = fitted([replace(line, proposed=line.most) for line in result.lines])
    tried = _applied(mosts)
    # (accepted, the most said is one check accepts: 0 of 486 plans of att47p's seed 11
    # were below such a budget, the caps' trims reaching it first)
    refused = mosts.total > mosts.cap or bool(mosts.over_caps) or \
        bool(_breaks(mosts, rules, tried))
    if not refused:
        return result, applied
    if result.fits and _at_limit(result, rules):  # the proposal is the most (att49p R1)
        return replace(result, reach=result.total), applied
    return replace(result, unreached=mosts.total), applied


def _at_limit(plan: BudgetPlan, rules: Sequence[Rule]) -> bool:
    """Whether ``plan``'s proposal, one minor unit more on a line below its most, is
    refused by a rule limiting the sum of all its lines: then no larger total is accepted,
    and the proposal is the most the call allows (att49p: « total < €668.19 » with
    €668.18 proposed was said a bound the planner did not reach, 65 plans of 574). One
    check. A limit in another currency is not one: its rule converts each line on its own,
    at rates that need not agree, and a larger total put on other lines can convert to less
    (look74p F1: "the most the call allows: ¥153,971" where ¥184,746 passes ``check``)."""
    growing = [(i, line.proposed) for i, line in enumerate(plan.lines)
               if line.proposed is not None and line.most is not None
               and line.proposed < line.most][:1]  # (none: the step is the plan, accepted)
    lines = list(plan.lines)
    for i, proposed in growing:
        lines[i] = replace(lines[i], proposed=proposed + Money._trusted(
            quantum(plan.currency), plan.currency))
    step = replace(plan, lines=tuple(lines))
    found: list[Finding] = []
    _breaks(step, rules, _applied(step), found, in_plan=False)
    for finding in found:
        excess, limit = finding.ctx.get("excess"), finding.ctx.get("limit")
        if isinstance(excess, Money) and isinstance(limit, Money) and \
                excess.currency == limit.currency == plan.currency and \
                limit.amount + excess.amount == step.total.amount:
            return True  # (the value the rule judged is the whole: the total's limit)
    return False


def _room(plan: BudgetPlan, rules: Sequence[Rule], applied: Application | None
          ) -> bool | None:
    """Whether the call's rules on the budget accept ``applied`` (``plan``'s proposal put
    into the application) with one minor unit more on one of its lines: then the proposal
    is not the most the call allows, and the plan does not say it is (att52p: "the most the
    call allows" over 12 plans of 400 where a cent more on travel or lodging is accepted,
    the plan's rates not being rules ``check`` holds the lines to). Every line is tried
    (att57p: trying only the smallest line of each category, beneficiary and currency
    missed a rule on labels, a ``min`` of lines, a cap in dollars a cent more on the
    smallest line crosses while one on a larger line rounds back), each by the call's
    decision alone (no explanation written: a yes or a no), at most
    :data:`~callrules.planning.result.PROBED_LINES` lines: beyond, one check, whether the
    proposal is at the limit of a rule on the sum of all its lines (:func:`_at_limit`: then
    a minor unit more on any line is refused), else None (not told: the plan says it could
    not tell, never the most). A line in another currency than the plan's
    grows by the least of its own worth a minor unit of the plan's."""
    if applied is None:  # (no plan that fits: the proposal could not be put in)
        return False
    lines = list(applied.budget.lines)
    if len(lines) > PROBED_LINES:  # too many to try one by one, but for a proposal at the
        # limit of a rule on the whole budget (a minor unit more on any line crosses it)
        return False if _at_limit(plan, rules) else None
    rates = applied.rates()
    for position, line in enumerate(lines):
        grown = lines.copy()
        try:
            more = line.amount + Money._trusted(
                _step(line.amount.currency, plan.currency, rates), line.amount.currency)
        except TooLargeError:  # (a line at the largest amount: no more on it)
            continue
        grown[position] = line.model_copy(update={"amount": more})
        tried = applied.model_copy(
            update={"budget": applied.budget.model_copy(update={"lines": tuple(grown)})})
        if not _refused(plan, rules, tried):
            return True
    return False


def _refused(plan: BudgetPlan, rules: Sequence[Rule], applied: Application) -> bool:
    """Whether a rule of severity error among ``rules`` fails on ``applied``: the call's
    generated decision, no explanation written (a rule's findings have its severity), or
    :func:`_breaks` where the decision is not generated or cannot be taken (att57p: the
    probes of :func:`_room` writing out the findings of every failing rule took up to 6.6
    times a plan's time)."""
    program = plan.call.program if plan.call is not None else None
    if program is None or not program.is_generated:
        return bool(_breaks(plan, rules, applied))
    try:
        with keys_held():
            failing = program.decide(applied)
    except (TooLargeError, *UNJUDGEABLE):
        return bool(_breaks(plan, rules, applied))
    chosen = {id(rule) for rule in rules}
    return any(program.rules[i].severity is Severity.ERROR and id(program.rules[i]) in chosen
               for i in failing)


def _step(currency: str, own: str, rates: Mapping[tuple[str, str], Decimal]) -> Decimal:
    """The least amount of ``currency``, in its minor units, worth at least a minor unit of
    ``own`` at ``rates`` (a minor unit, where it cannot be converted: the rules say so)."""
    unit, least = quantum(currency), quantum(own)
    if currency == own:
        return unit
    try:
        worth = convert_amount(unit * 10**6, currency, own, rates)  # a million units
    except (MissingExchangeRateError, TooLargeError):
        return unit
    times = max(1, int(-(-least * 10**6 // worth))) if worth else 10**6
    return unit * times



def _reached(held: tuple[BudgetPlan, Application | None]
             ) -> tuple[BudgetPlan, Application | None]:
    """:func:`_held`'s proposal, said the most the call allows if it fits (the largest the
    caps and the rules keep: the lines' mosts within the caps may be more, a category's cap
    keeping the lines a flat rate is computed from, attack 39b: "the most the call allows:
    €2,100.00" where €1,500.00 is the most that fits)."""
    plan, applied = held
    return (replace(plan, reach=plan.total) if plan.fits else plan), applied


def _rated_to_cap(lines: Sequence[PlannedLine], currency: str, own: str,
                  rates: Mapping[tuple[str, str], Decimal]) -> None:
    """Refuse, before any fit, a plan whose call's cap is in ``currency`` when a stated line
    kept whole cannot be converted to it: the call's ``total`` rule converts each line of
    the proposal to the cap's currency, a stated line in its own (attack 41c: travel in
    reals, a cap in dollars, rates from the real to the euro and the euro to the dollar but
    none from the real to the dollar; a bare ``MissingExchangeRateError`` was raised from
    the fit, in English, and the other records of the file were not planned). An
    :class:`~callrules.InputError` (``missing_exchange_rate``) at each such line's amount,
    as ``check`` says it, in the reader's language. (A line in the call's currency ``own``
    needs the rate the cap itself needs: said once, at the exchange rates, by
    :func:`_in_currency`.)"""
    unrated = _Unrated()
    for line in lines:
        original = line.original
        if original is None or line.index is None or not original.amount.amount or \
                original.amount.currency in (currency, own):
            continue
        try:
            convert_amount(original.amount.amount, original.amount.currency, currency, rates)
        except MissingExchangeRateError as exc:
            unrated.add(_NoValue("missing_exchange_rate", {"base": exc.base,
                                                          "quote": exc.quote},
                                 ("budget", "lines", line.index, "amount")))
        except TooLargeError:  # said where the lines are added up (plan())
            continue
    unrated.raise_any()


def _to_rules(spec: PlanSpec, plan: BudgetPlan, rules: Sequence[Rule],
              applied: Application | None, checks: int,
              floors: Mapping[int, Decimal] | None = None,
              tail: list[tuple[BudgetPlan, Application | None]] | None = None
              ) -> tuple[BudgetPlan, Application | None] | None:
    """``plan`` (fitted to the caps it declares) trimmed to the caps the call's rules on the
    budget set and the plan does not declare (attack 41c F2: each visitor's lines at most
    2,000 €, a category's by a rule, lodging at most a rate a night): for a finding of its
    proposal that says by how much it is over (``excess``, in the plan's currency: a limit
    in another is said in it by :func:`_breaks`, as the rule converts), the lines under its
    place (a visitor's, if it is at a visitor; else every line) are trimmed by that much, in
    the call's order of trims, a category at a time, each line in proportion to its amount
    (:func:`_trim`); a category whose trim does not lessen what the finding says is over
    (meals, under a rule on lodging) is put back, and the next one is trimmed for that
    finding from then on. Each proposal judged trims every finding over lines no other
    finding of that proposal trims (each visitor's, under a rule on each visitor: plan58
    trimmed one visitor's category per proposal, and five proposals left three visitors over
    €100.00, said not to fit, at 5 of 61 seeds of ``TestCapsTheCallsRulesSet``), so the
    proposals needed grow with the categories, not the visitors. Repeated until the rules
    hold, or no trim is left that might lessen a finding (None: no budget the planner can
    reach keeps them; the plan says what breaks), or ``checks`` proposals have been judged
    with trims left to try: then ``plan`` marked :attr:`~BudgetPlan.stopped` (the plan says
    it stopped, never that no budget fits). Each trim is said under the clause of the rule
    it keeps to, capped at the rule's limit. A line is trimmed no lower than its floor
    (``floors``: what a minimum of the call's rules keeps of it, :func:`_kept_minimums`),
    so that a rule that is no cap (a ratio, an equality, a visitor's whole) never undoes a
    minimum kept: its trims are taken from the next categories. Where it returns None, its
    last proposal (and its application) is appended to ``tail``, if given."""
    currency = plan.currency
    unit = quantum(currency)
    errors: list[Finding] = []
    breaks = first = _breaks(plan, rules, applied, errors)
    current, put = plan, applied
    ruled: set[int] = set()  # the lines under the places a rule's trim kept
    spent: set[tuple[Any, ...]] = set()  # a finding's categories whose trim did not lessen it
    stopped = replace(plan, breaks=first, stopped=True), applied
    learned = Learned()
    # the proposal before the last one kept with trims of matched categories, and their
    # findings: if it leaves findings no trim can lessen (each visitor's largest line,
    # matched to lodging, a rule on lines of €100 or more trimming lodging to nothing:
    # the largest of no line), it is undone and those findings probed as unread
    back: tuple[BudgetPlan, Application | None, list[Finding], tuple[str, ...],
                set[tuple[Any, ...]]] | None = None
    while breaks:
        trims = _round_of_trims(spec, current, errors, spent, unit, learned, floors)
        if not trims and back is not None and not back[4] <= learned.unread:
            current, put, errors, breaks, keys = back
            learned.unread.update(keys)
            back = None
            continue
        if not trims:
            break  # nothing left that might lessen a finding: no budget reached keeps them
        if checks <= 0:
            return stopped
        candidate = _cut_in(current, trims)
        tried = _applied(candidate)
        found: list[Finding] = []
        broken = _breaks(candidate, rules, tried, found)
        checks -= 1
        learned.judged(current, candidate, trims, found)
        eased = [trim for trim in trims if learned.eased(trim, found)]
        # (a matched trim its finding did not follow, undone, is not said tried: its
        # categories are probed one at a time from then on)
        spent.update(trim.spent for trim in trims if trim not in eased and trim.read is None)
        if not eased:
            continue
        if len(eased) < len(trims):  # the others put back: the proposal judged again
            if checks <= 0:
                return stopped
            candidate = _cut_in(current, eased)
            tried = _applied(candidate)
            found = []
            broken = _breaks(candidate, rules, tried, found)
            checks -= 1
            lessened = [trim for trim in eased if learned.eased(trim, found)]
            if len(lessened) < len(eased):  # (a rule reading the lines put back)
                spent.update(trim.spent for trim in eased
                             if trim not in lessened and trim.read is None)
                continue
        limits = dict(current.limits)
        for trim in eased:
            if isinstance(trim.limit, Money) and trim.limit.currency == currency:
                whole = _whole_of(current, trim.under, trim.limit, trim.excess)
                if whole is not None:
                    limits[whole] = min(limits.get(whole, trim.cap), trim.cap)
            # a visitor's lines; a rule on every line (lodging in all) keeps those it cut:
            # the total's trims of the others are given back
            ruled.update(trim.under if len(trim.under) < len(current.lines) else
                         (position for position, *_ in trim.cuts))
        matched = {trim.key for trim in eased if trim.read is not None}
        back = (current, put, errors, breaks, matched) if matched else None
        current = replace(candidate, limits=MappingProxyType(limits))
        put, errors, breaks = tried, found, broken
    if breaks or current.total > current.cap:
        if tail is not None:
            tail.append((current, put))
        return None
    current = replace(current, breaks=())
    if checks > 0 and ruled and current.total < current.cap:
        given = _given_back(spec, current, ruled)
        if given is not None:
            tried = _applied(given)
            if not _breaks(given, rules, tried):
                return given, tried
            # a line given back puts another visitor over the rule: trimmed to it in turn
            again = _to_rules(spec, given, rules, tried, checks - 1, floors)
            if again is not None and again[0].fits and again[0].total > current.total:
                return again
    return current, put


@dataclass(frozen=True, slots=True)
class _RuleTrim:
    """A trim of :func:`_to_rules`'s proposal to a rule: the finding it is to lessen, what
    the finding says is over (``excess``) and the most it may come to (``limit``), the lines
    under its place, the category trimmed, its cuts and the cap the trims are said under."""

    finding: Finding
    excess: Money
    limit: Any
    under: tuple[int, ...]
    category: str
    cuts: tuple[_Cut, ...]
    cap: Money
    read: frozenset[str] | None = None  # the categories the finding reads, if known

    @property
    def key(self) -> tuple[Any, ...]:
        """The finding, by its clause, place and code."""
        return self.finding.clause, self.finding.loc, self.finding.code

    @property
    def spent(self) -> tuple[Any, ...]:
        """The finding (by its clause, place and code) and the category trimmed."""
        return (*self.key, self.category)


def _round_of_trims(spec: PlanSpec, plan: BudgetPlan, errors: Sequence[Finding],
                    spent: set[tuple[Any, ...]], unit: Decimal, learned: Learned,
                    floors: Mapping[int, Decimal] | None = None) -> list[_RuleTrim]:
    """The trims of one proposal of :func:`_to_rules`. First each finding of ``errors``
    that says by how much it is over and whose categories are known (:func:`read_by`):
    the lines of those categories under its place trimmed by the excess (divided by the
    part of a cut it was seen to lose, ``learned``), less what the trims before it in this
    proposal took from them, in the order of trims, the next category where one is
    emptied (so two rules on one visitor's lines are trimmed in the same proposal, and a
    rule on all of a visitor's lines takes its whole excess at once; session 45 trimmed
    one finding and one category a proposal, 7 of 2,100 plans stopped where a budget
    fits). Then each other finding, on lines no trim of this proposal cut: the first
    category of the order of trims not ``spent`` for it with an amount to trim, trimmed by
    the excess (:func:`_trim`), to learn whether it lessens it. No line below its floor
    (``floors``)."""
    currency = plan.currency
    taken: set[int] = set()
    out: list[_RuleTrim] = []
    proposed = _amounts(plan.lines)
    start = list(proposed)
    unknown: list[tuple[Finding, Money, Any, list[int], Money]] = []
    # what the cuts of this proposal come to in all, for findings whose limit moves with
    # the whole budget: each cut by x_i = e_i + s_i * X, so X = sum(e) / (1 - sum(s))
    excesses, slopes = Decimal(0), Decimal(0)
    for finding in errors:
        over = said_over(finding, currency)
        key = (finding.clause, finding.loc, finding.code)
        if over is not None and key not in learned.unread:
            excesses = _EXACT.add(excesses, over[0].amount)
            slopes = _EXACT.add(slopes, learned.slope.get(key, Decimal(0)))
    whole = _EXACT.divide(excesses, _EXACT.subtract(1, slopes)) if slopes < 1 else \
        _sum(plan.lines, None, currency)  # (no total keeps them all: as much as there is)
    for finding in errors:
        over = said_over(finding, currency)
        if over is None:
            continue
        excess, limit = over
        under = _under(plan, finding.loc)
        cap = limit if isinstance(limit, Money) and limit.currency == currency else excess
        key = (finding.clause, finding.loc, finding.code)
        read = None if key in learned.unread else read_by(finding, plan, under, unit)
        if read is None:
            unknown.append((finding, excess, limit, under, cap))
            continue
        slope = learned.slope.get(key, Decimal(0))
        # its excess, and the share of every cut of this proposal its limit loses with it
        need = _EXACT.add(excess.amount, _EXACT.multiply(slope, whole))
        done = Decimal(0)
        for i in under:
            before, now = start[i], proposed[i]
            if before is not None and now is not None and plan.lines[i].category in read:
                done = _EXACT.add(done, _EXACT.subtract(before, now))
        left = _EXACT.subtract(need, done)
        for category in spec.trim:
            if left <= 0:
                break
            if category not in read:
                continue
            positions = [i for i in under if plan.lines[i].category == category]
            cuts: list[_Cut] = []
            left = _EXACT.subtract(left, _trim(proposed, positions, left, cap, "rule", cuts,
                                               unit, floors))
            if cuts:
                out.append(_RuleTrim(finding, excess, limit, tuple(under), category,
                                     tuple(cuts), cap, read))
                taken.update(position for position, *_ in cuts)
    for finding, excess, limit, under, cap in unknown:
        if taken.intersection(under):
            continue  # (trimmed for another finding in this proposal: in the next)
        for category in spec.trim:
            if (finding.clause, finding.loc, finding.code, category) in spent:
                continue
            positions = [i for i in under if plan.lines[i].category == category]
            cuts = []
            _trim(list(proposed), positions, excess.amount, cap, "rule", cuts, unit, floors)
            if cuts:
                out.append(_RuleTrim(finding, excess, limit, tuple(under), category,
                                     tuple(cuts), cap))
                taken.update(under)
                break
    return out


def _cut_in(plan: BudgetPlan, trims: Sequence[_RuleTrim]) -> BudgetPlan:
    """``plan`` with the cuts of ``trims`` made, each said as a trim under its rule's
    clause."""
    currency = plan.currency
    lines, said = list(plan.lines), list(plan.trims)
    for trim in trims:
        for position, before, after, _cap, _scope in trim.cuts:
            line = lines[position]
            said.append(Trim(position, line.line, line.category, line.beneficiary,
                             Money._trusted(before, currency), Money._trusted(after, currency),
                             trim.cap, "rule", trim.finding.clause))
            lines[position] = replace(line, proposed=Money._trusted(after, currency))
    return replace(plan, lines=tuple(lines), trims=tuple(said))


def _whole_of(plan: BudgetPlan, under: Sequence[int], limit: Money, excess: Money
              ) -> str | None:
    """The beneficiary of the lines at ``under`` if a rule's finding over them, ``excess``
    over ``limit``, caps their whole (what they come to is the limit and the excess: the
    rule sums every line of that participant, not one category of them); else None."""
    who = {plan.lines[i].beneficiary for i in under}
    if len(who) != 1 or None in who or len(under) == len(plan.lines):
        return None
    summed = _sum([plan.lines[i] for i in under], None, plan.currency)
    if summed != _EXACT.add(limit.amount, excess.amount):
        return None
    return who.pop()


def _computed_on(spec: PlanSpec, plan: BudgetPlan, rounding: Rounding,
                 rules: Sequence[Rule], carried: _Carried
                 ) -> tuple[BudgetPlan, Application | None] | None:
    """``plan`` (trimmed to the rules by :func:`_to_rules`) with its lines reading the
    budget computed again on it, each at the lesser of its amount and its new one (a flat
    rate is proposed at its rate on the proposal, never on the lines the rules trimmed), if
    the rules and the caps then keep it; else None."""
    reading = {line.id for line in spec.lines if _reads_budget(line)}
    only = replace(spec, lines=tuple(line for line in spec.lines if line.id in reading))
    applied = _applied(plan)
    if applied is None:
        return None
    again, _used = _lines(only, applied, plan.currency, rounding, carried)
    places = [i for i, line in enumerate(plan.lines) if line.line in reading]
    if len(again) != len(places) or any(
            new.line != plan.lines[i].line for i, new in zip(places, again, strict=True)):
        return None
    lines = list(plan.lines)
    for position, new in zip(places, again, strict=True):
        lines[position] = _recomputed(lines[position], new, True)
    candidate = replace(plan, lines=tuple(lines))
    put = _applied(candidate)
    if _breaks(candidate, rules, put) or candidate.total > candidate.cap or \
            candidate.over_caps:
        return None
    return candidate, put


def _limited(plan: BudgetPlan, rules: Sequence[Rule]) -> BudgetPlan:
    """``plan`` with the most said of each participant bounded by a rule of the call that
    caps their whole (``limits``), for those the rule's trims did not reach too: the lines
    put in at their mosts and judged once, each finding over a visitor's whole giving its
    limit (plan44 bounded only the participants a rule trimmed: 8 of 33 random plans said
    a visitor « at most €2,480.00 » whom the rule keeps within €2,347.08)."""
    most = replace(plan, lines=tuple(replace(line, proposed=line.most)
                                     for line in plan.lines))
    found: list[Finding] = []
    _breaks(most, rules, _applied(most), found)
    limits = dict(plan.limits)
    for finding in found:
        over = said_over(finding, plan.currency)
        if over is None or not isinstance(over[1], Money) or \
                over[1].currency != plan.currency:
            continue
        who = _whole_of(most, _under(most, finding.loc), over[1], over[0])
        if who is not None:
            limits[who] = min(limits.get(who, over[1]), over[1])
    return replace(plan, limits=MappingProxyType(limits))


def _given_back(spec: PlanSpec, plan: BudgetPlan, ruled: set[int]) -> BudgetPlan | None:
    """``plan`` (trimmed to the caps it declares, then to a rule's) with what the total's
    trims took from the lines no rule's trim kept (those at ``ruled``: under a place a rule
    judged, a visitor's) given back, up to the room the rule's trims left under the cap: in
    the reverse of the order of trims (the category trimmed last given back first), a
    category's lines in proportion to what they lost (cap41: the total's trims made before a
    rule's kept, €2,968.00 proposed where €3,052.00 fits). None if nothing is given back."""
    currency = plan.currency
    unit = quantum(currency)
    room = _EXACT.subtract(plan.cap.amount, plan.total.amount)
    lost: dict[int, Decimal] = {}  # what the total's trims took from each free line
    for trim in plan.trims:
        if trim.scope == "total" and trim.position not in ruled:
            lost[trim.position] = _EXACT.add(lost.get(trim.position, Decimal(0)),
                                             trim.by.amount)
    lines, trims = list(plan.lines), list(plan.trims)
    for category in reversed(spec.trim):
        if room < unit:
            break
        positions = [i for i in lost if lines[i].category == category and lost[i] > 0]
        if not positions:
            continue
        owed = [int(_EXACT.divide(lost[i], unit).to_integral_value(decimal.ROUND_FLOOR))
                for i in positions]
        units = min(sum(owed), int(_EXACT.divide(room, unit).to_integral_value(
            decimal.ROUND_FLOOR)))
        for position, share in zip(positions, _largest_remainder(units, owed), strict=True):
            if not share:
                continue
            back = _EXACT.multiply(Decimal(share), unit)
            line = lines[position]
            assert line.proposed is not None
            lines[position] = replace(line, proposed=line.proposed + Money._trusted(
                back, currency))
            room = _EXACT.subtract(room, back)
            at = max(i for i, trim in enumerate(trims)
                     if trim.position == position and trim.scope == "total")
            trim = trims[at]
            after = trim.after + Money._trusted(back, currency)
            trims[at] = replace(trim, after=after)
        trims = [trim for trim in trims if trim.after < trim.before]
    if lines == list(plan.lines):
        return None
    return replace(plan, lines=tuple(lines), trims=tuple(trims))


def _under(plan: BudgetPlan, loc: tuple[str | int, ...]) -> list[int]:
    """The positions of ``plan``'s lines under the place ``loc`` of a finding: a visitor's
    lines (those the visitor is the beneficiary of) for a place at a visitor, else all."""
    visitors = plan.application.visitors
    if len(loc) >= 2 and loc[0] == "visitors" and isinstance(loc[1], int) and \
            0 <= loc[1] < len(visitors):
        who = visitors[loc[1]].id
        return [i for i, line in enumerate(plan.lines) if line.beneficiary == who]
    return list(range(len(plan.lines)))


def _said_once(plan: BudgetPlan) -> tuple[Trim, ...]:
    """``plan``'s trims as its lines show them: each line's trims in turn from its most to
    its proposed amount (a category's cap, then the total's: kept as they are), else one
    trim of the line from its most to its proposed amount, under the cap and clause of the
    last trim to that amount, else of the first trim (a line computed from the budget again,
    trimmed in one round and again to its rule in another, is said trimmed once, by what it
    lost); a line below its most that no trim names (a line reading the budget held at the
    amount a rule trimmed it to, in a proposal before) one trim to its rule, under its
    clause or the plan's; none for a line that is not below its most. So the trims said add
    up to what the lines lost, line by line."""
    by_line: dict[int, list[Trim]] = {}
    for trim in plan.trims:
        by_line.setdefault(trim.position, []).append(trim)
    out: list[Trim] = []
    for position, line in enumerate(plan.lines):
        if position not in by_line and line.most is not None and \
                line.proposed is not None and line.proposed < line.most:
            # below its most with no trim of its own (a line reading the budget held where
            # a rule trimmed it): said trimmed to its rule, after the trims said
            by_line[position] = []
    for position, trims in by_line.items():
        line = plan.lines[position]
        if line.most is None or line.proposed is None or line.proposed >= line.most:
            continue
        if not trims:
            out.append(_to_rule(plan, position, replace(line, proposed=line.most),
                                line.proposed, line.clause or plan.clause))
            continue
        held = line.most
        chained = True
        for trim in trims:
            chained = chained and trim.before == held and trim.after < trim.before
            held = trim.after
        if chained and held == line.proposed:
            out += trims
            continue
        # the cap that took it to its amount, if one did (a flat rate trimmed to its
        # category's cap on the lines stated, then to nothing for the total's: the total's)
        last = next((trim for trim in reversed(trims) if trim.after == line.proposed),
                    trims[0])
        out.append(replace(last, before=line.most, after=line.proposed))
    return tuple(out)


def _applied(plan: BudgetPlan) -> Application | None:
    """The application with ``plan``'s proposal put into it (None if it cannot be: the
    call's budget model refuses it), made once for both the budget's rules and the others:
    the labels of its lines are most of a plan's time."""
    try:
        return plan.apply()
    except CallrulesError:
        return None


#: The input problems of the proposal put into the application that the plan says itself,
#: line by line: no rate in the call's tables for a visitor's place or day (a line to state).
_SAID_BY_LINES = frozenset({"no_rate", "no_rate_in_force"})


def _elsewhere(plan: BudgetPlan, call: Call, rules: Sequence[Rule],
               applied: Application | None) -> tuple[str, ...]:
    """The clauses of ``call``'s rules that do not read the budget and that fail, as errors,
    on ``applied`` (the application with ``plan``'s proposal put into it), at the plan's
    instant: told apart by rule, not by clause, so a clause holding a rule on the budget and
    one on the stay is named when the stay's fails (att64: 69 of 396 plans said to fit, the
    application they make refused, no clause named). An application the call's rules cannot
    judge (a date they move off the calendar) is an :class:`~callrules.InputError`, as
    ``check`` says it (unreadable, exit 2), never a plan said to fit."""
    if applied is None:
        return ()
    try:
        report = evaluate(call, applied, now=plan.now)
    except InputError as exc:
        if all(problem.type in _SAID_BY_LINES for problem in exc.problems):
            return ()  # a rate the call's tables do not give: each line says it (to state)
        raise
    except CallrulesError:
        return ()
    # (a rule failing in more places than a report lists ends them with ``findings_cut``,
    # which no explanation makes: its rule's other findings name its clause, or not)
    errors = [f for f in report.findings if f.severity == Severity.ERROR
              and f.code != "findings_cut"]
    shared = {f.clause for f in errors} & {rule.clause for rule in rules}
    try:  # the budget's own errors in the clauses it shares, each taken once
        made = [f for rule in rules if rule.clause in shared for f in rule.explain(applied)
                if f.severity == Severity.ERROR]
    except CallrulesError:
        made = [f for f in errors if f.clause in shared]  # (not told apart: the budget's)
    # each error of the report matched with one the budget's rules make, or its clause named
    # (findings grouped by what is hashable of them: their values may be lists)
    unmatched: dict[tuple[object, ...], list[Finding]] = defaultdict(list)
    for finding in made:
        unmatched[_matching_key(finding)].append(finding)
    elsewhere: set[str] = set()
    for finding in errors:
        alike = unmatched[_matching_key(finding)]
        if finding in alike:
            alike.remove(finding)
        else:
            elsewhere.add(finding.clause)
    return tuple(sorted(elsewhere))


def _matching_key(finding: Finding) -> tuple[object, ...]:
    """What of ``finding`` is hashable and tells it from most others (its value and its
    message's values may be lists): findings equal have equal keys."""
    return (finding.code, finding.clause, finding.loc)


#: The most proposals tried for a plan whose lines are computed from its other lines.
SETTLE_ROUNDS = 40
#: The most proposals :func:`_held` tries within the caps alone (its lines computed, not
#: judged by the rules): 12 (200 random flat-line plans, 0 short by more than a step
#: with 8, 12, 16 or 40; 1,563 lines computed with 12, 1,806 with 40, 1,162 before).
_SEARCHED = 12


def settle_rounds(work: int) -> int:
    """The proposals a plan may try, for a call whose rules that read the budget take up to
    ``work`` steps for one application (``Program.work_of``: each proposal is decided by
    the call's decision, then explained by those rules alone), and the plan's lines, worked
    out again on each proposal, up to their own estimate (``PlanSpec.work``: attack 35b,
    220 filtered sums of 10,000 lines for each visitor, near the bound, could be worked out
    40 times), so the rounds together may take at most the
    :data:`~callrules.language.quantifiers.CALL_WORK_LIMIT` steps of one evaluation (and the
    plan, its first proposal's check included, at most two evaluations at the bound; three
    when as many proposals again are tried by :func:`_held` — the rounds ending on no fit
    with a line reading the budget trimmed (it is computed on the others), or fitting below
    the cap with lines trimmed (the largest proposal the caps and the rule keep)); at least
    one round, at most :data:`SETTLE_ROUNDS`."""
    return max(1, min(SETTLE_ROUNDS, CALL_WORK_LIMIT // max(work, 1)))


def _reads_budget(line: LineSpec) -> bool:
    """Whether ``line`` is computed from the application's budget (a flat rate of the other
    lines): then it must be computed again on the proposal, once the others are trimmed."""
    exprs = (e for e in (line.amount, line.rate, line.quantity) if e is not None)
    return any(f.path.loc[:1] == ("budget",) for e in exprs for f in e.fields)


def _settled(spec: PlanSpec, lines: list[PlannedLine], first: BudgetPlan, fitted: Any,
             rounding: Rounding, rules: Sequence[Rule], rounds: int,
             carried: _Carried | None = None, said: list[Finding] | None = None,
             cut: list[bool] | None = None) -> tuple[BudgetPlan, Application | None]:
    """The plan once its lines computed from the budget are computed on the proposal itself.

    Computed on the application's own lines, a flat rate (25 % of the other lines) stays
    what it was while the other lines are trimmed to the cap: the proposal then breaks the
    rule the rate comes from. So, in turn: the lines are fitted to the caps, the lines
    reading the budget computed again on that proposal (the others kept as fitted), and the
    proposal is kept if, put into the application, it breaks no rule of the call that reads
    the budget (:func:`budget_rules`); the next round fits the others around the new rate
    (at most ``rounds``, :func:`settle_rounds`: the work of the call's rules bounds them).
    A line so computed and rounded (up to the euro) may come to more than its rule allows
    on the proposal, or the proposal to more than the cap: the last proposal is then
    trimmed in those lines by what the rules say is over (:func:`_trimmed_to_rules`), and
    the others fitted again around them once or twice, so the total comes up to the cap.
    The largest proposal kept wins; if none is, the last one (else the first) is returned
    with the clauses it breaks (``fits`` is then false), never a proposal said to fit that
    the call refuses (its error findings added to ``said``, if given). Each with the
    application it is put into. Its rounds ended by their bound, the lines not settled,
    append True to ``cut`` (the plan says it stopped, if it does not fit)."""
    reading = {line.id for line in spec.lines if _reads_budget(line)}
    only = replace(spec, lines=tuple(line for line in spec.lines if line.id in reading))
    best: tuple[BudgetPlan, Application | None] | None = None
    last: tuple[BudgetPlan, Application | None, tuple[str, ...], list[Finding],
                list[PlannedLine]] | None = None
    plan = first
    first_applied = first.apply()
    current = list(lines)
    checks = 0
    around = current
    seen: set[tuple[Money | None, ...]] = set()

    def recomputed(plan: BudgetPlan, applied: Application, held: frozenset[int] = frozenset()
                   ) -> tuple[BudgetPlan, list[PlannedLine]] | None:
        """``plan`` with its lines reading the budget computed on it (the others as
        fitted), and the lines computed; None if the planned lines changed in number. A line
        reading the budget that the caps trimmed (a trim of ``plan``, or a position of
        ``held``: trimmed in the proposal it was kept from) stays trimmed: computed again, it
        is proposed at the lesser of its trimmed amount and its new one, never back above
        the trim said (a flat rate first in the order of trims, trimmed to nothing, is not
        proposed again in whole)."""
        # the lines reading the budget alone are computed again (the others are kept as
        # fitted: computing ten thousand of them again each round was most of a plan's time)
        again, _used = _lines(only, applied, plan.currency, rounding, carried)
        places = [i for i, line in enumerate(plan.lines) if line.line in reading]
        if len(again) != len(places):  # the planned lines depend on the budget: stop
            return None
        fresh = dict(zip(places, again, strict=True))
        cut = held | {trim.position for trim in plan.trims}
        proposal = [_recomputed(old, fresh[position], position in cut)
                    if position in fresh and fresh[position].line == old.line else old
                    for position, old in enumerate(plan.lines)]
        return replace(plan, lines=tuple(proposal)), again

    for _ in range(rounds):
        applied = first_applied if plan is first else plan.apply()
        made = recomputed(plan, applied)
        if made is None:
            break
        candidate, again = made
        put = _applied(candidate)
        errors: list[Finding] = []
        breaks = _breaks(candidate, rules, put, errors)
        checks += 1
        if not breaks and candidate.total <= candidate.cap and not candidate.over_caps and (
                best is None or candidate.total > best[0].total):
            best, around = (candidate, put), current
        last = candidate, put, breaks, errors, current  # over the cap too: trimmed below
        following = [new if old.line in reading and new.line == old.line else old
                     for old, new in zip(current, _pick(again, current, reading),
                                         strict=True)]
        state = tuple(line.proposed for line in following if line.line in reading)
        if following == current or state in seen:  # settled, or round in a circle
            break
        seen.add(state)
        current = following
        plan = fitted(current)
    else:
        if rounds and cut is not None:  # (the lines not settled at the bound)
            cut.append(True)
    if last is not None and last[2] and (best is None or last[0].total > best[0].total):
        # the lines computed on the proposal, rounded (up to the euro, to 100 yen), may
        # come to more than the rule they come from allows on it: trimmed to what it allows
        trimmed = _trimmed_to_rules(last[0], reading, rules, max(rounds - checks, 2),
                                    last[2][0], _excess(last[3], last[0].currency))
        if trimmed is not None and (best is None or trimmed[0].total > best[0].total):
            best, around = trimmed, last[4]
    for _ in range(2):  # the others fitted again around the kept lines reading the budget,
        # which are computed and trimmed to their rules and the cap on them in turn: the
        # total comes up to the cap (rounds alone near it by a third of the gap each)
        if best is None or best[0].total >= best[0].cap:
            break
        around = [replace(line, proposed=done.proposed) if line.line in reading else line
                  for line, done in zip(around, best[0].lines, strict=True)]
        held = frozenset(trim.position for trim in best[0].trims
                         if best[0].lines[trim.position].line in reading)
        plan = fitted(around)
        made = recomputed(plan, plan.apply(), held)
        if made is None:
            break
        candidate = made[0]  # the trims of its lines held said with them
        candidate = replace(candidate, trims=candidate.trims + tuple(
            trim for trim in best[0].trims if trim.position in held))
        put = _applied(candidate)
        errors = []
        breaks = _breaks(candidate, rules, put, errors)
        found = (candidate, put) if not breaks and candidate.total <= candidate.cap and \
            not candidate.over_caps else \
            _trimmed_to_rules(candidate, reading, rules, 2, (*breaks, spec.clause)[0],
                              _excess(errors, candidate.currency))
        if found is None or found[0].total <= best[0].total:
            break
        best = found
    if best is None and last is not None and last[0].total > last[0].cap:
        # the rounds ended over the cap by the rounding of the lines reading the budget (a
        # flat rate of lodging rounded to the cent, in circle: €1.80 over, « the lines left
        # cannot be trimmed », look75p): the others fitted again around those lines as last
        # computed, which, computed again on them, never rise above it (held): within the
        # cap, said with what else it breaks (a minimum then kept, :func:`_kept_minimums`)
        around = [replace(line, proposed=done.proposed) if line.line in reading else line
                  for line, done in zip(last[4], last[0].lines, strict=True)]
        plan = fitted(around)
        held = frozenset(i for i, line in enumerate(plan.lines) if line.line in reading)
        first_put = _applied(plan)
        made = None if first_put is None else recomputed(plan, first_put, held)
        if made is not None and made[0].total <= made[0].cap and not made[0].over_caps:
            candidate = made[0]
            put = _applied(candidate)
            errors = []
            breaks = _breaks(candidate, rules, put, errors)
            if breaks:
                last = candidate, put, breaks, errors, around
            else:
                best = candidate, put
    if best is not None:
        return best
    if last is not None:  # computed on the trimmed proposal, as said, with what it breaks
        if said is not None:
            said.extend(last[3])
        return replace(last[0], breaks=last[2]), last[1]
    return replace(first, breaks=_breaks(first, rules, first_applied, said)), first_applied


def _held(spec: PlanSpec, lines: list[PlannedLine], template: BudgetPlan,
          rounding: Rounding, rules: Sequence[Rule], checks: int, carried: _Carried,
          refused: tuple[str, ...] = (), *, sizes: tuple[int, int] = (1, 0),
          cut: list[bool] | None = None) -> tuple[BudgetPlan, Application | None] | None:
    """A proposal that fits, its lines computed from the budget never trimmed on their own
    but computed on the others, these fitted to the caps: for a call whose rule fixes such a
    line to its rate (``==``: a flat rate trimmed first in the order of trims, or to its
    category's cap, breaks it, however the others are trimmed). The others are fitted, in
    the call's order of trims, to a total ``X`` of their own, the lines reading the budget
    computed on them, and the proposal kept if it is within the cap and each category's
    cap and breaks no rule on the budget: the largest ``X`` so kept, found by halving, in
    whole minor units, from nothing to the others' whole amount. The work is at most thrice
    that of ``checks`` proposals checked and two more, ``sizes`` the work of judging one by
    the rules and of computing its lines (``Program.work_of``, ``PlanSpec.work``): the
    largest ``X`` within the caps is searched first with the lines computed alone (as many
    as the checks' work pays for, keeping two checks, at most :data:`_SEARCHED`), then
    judged by the rules, and, if they refuse it, searched below it with each proposal
    judged, twice (halved, and below a refused amount by what a rule says it is over), each
    with the work of all the checks again, the larger kept; refused by a rule on the sum
    of every line, that rule's limit is searched too as the total's cap, the lines computed
    alone (with the work of one check), the proposal found judged once and kept if larger
    (with 5 checks alone, a flat line rounded up to the hundred under a €999 cap was €2,612.00 where
    €4,500.02 fits: 9 of 149 plans short by more than a rounding step). Each trim is then
    said under the cap that kept ``X`` from more (the total's, or the category's whose
    lines are computed from the trimmed ones). If nothing so fits: the others all trimmed
    away, if the proposal then puts a category over the cap the plan declares for it, that
    proposal, which says so (the rule fixing the line kept; a rule of the call checking
    that cap said broken); if it breaks the cap alone
    where the plan before broke (``refused``) another rule too, that proposal, which says
    why (the lines left, and the rate on them, over the cap by so much); else None (the
    plan before says what breaks). A search that its work ended more than a minor unit from
    the crossing appends True to ``cut`` (the plan says it stopped, if no proposal it found
    fits)."""
    reading = {line.id for line in spec.lines if _reads_budget(line)}
    only = replace(spec, lines=tuple(line for line in spec.lines if line.id in reading))
    places = [i for i, line in enumerate(lines) if line.line in reading]
    if not places:
        return None
    others = [replace(line, proposed=None) if line.line in reading else line
              for line in lines]
    currency = template.currency
    unit = quantum(currency)
    tried: dict[Decimal, tuple[BudgetPlan, Application | None, bool, str | None]] = {}
    judged: set[Decimal] = set()  # the amounts whose proposal the rules judged
    excess: dict[Decimal, int] = {}  # what a rule said a refused proposal is over (units)
    wholes: dict[Decimal, Decimal] = {}  # the least limit a rule on the whole proposal said
    ceiling: Decimal | None = None  # that limit, kept to as a cap while searched alone
    judging, computing = max(sizes[0], 0), max(sizes[1], len(lines), 1)
    left = checks * (judging + computing)  # the work the search may still take

    def at(amount: Decimal, judge: bool = True) -> bool:
        """Whether the others fitted to ``amount`` make a proposal within the caps, and
        (``judge``) that the rules keep."""
        nonlocal left
        if amount not in tried:
            left -= computing
            fit, trims = _fit(replace(spec, cap=Money._trusted(amount, currency)), others,
                              currency)
            draft = _applied(replace(template, lines=tuple(fit), trims=(), breaks=()))
            if draft is None:
                tried[amount] = (template, None, False, None)
                judged.add(amount)
                return False
            again, _used = _lines(only, draft, currency, rounding, carried)
            if len(again) != len(places) or any(
                    new.line != fit[i].line for i, new in zip(places, again, strict=True)):
                tried[amount] = (template, None, False, None)
                judged.add(amount)
                return False
            for position, new in zip(places, again, strict=True):
                fit[position] = new
            candidate = replace(template, lines=tuple(fit), trims=tuple(trims), breaks=())
            over = _over_caps(candidate, spec)
            tried[amount] = (candidate, None, candidate.total <= candidate.cap and
                             over is None, over)
        if judge and amount not in judged:
            judged.add(amount)
            candidate, _put, ok, over = tried[amount]
            put = _applied(candidate)
            if ok:
                left -= judging
                errors: list[Finding] = []
                ok = not _breaks(candidate, rules, put, errors)
                if not ok:  # by how much a rule says it is over, if it says it
                    excess[amount] = _excess(errors, currency)
                    whole = _whole_limit(errors, candidate.total)
                    if whole is not None:
                        wholes[amount] = whole
            tried[amount] = (candidate, put, ok, over)
        return tried[amount][2] and (ceiling is None or
                                     tried[amount][0].total.amount <= ceiling)

    def search(low: Decimal, high: Decimal, judge: bool, spare: int, *,
               by_excess: bool = True) -> tuple[Decimal, Decimal]:
        """The largest amount kept between ``low`` (kept) and ``high`` (not), within a
        minor unit if the work left, less ``spare``, pays for it: ``judge``, each proposal
        judged by the rules, else only its caps; ``by_excess``, below a refused amount by
        what a rule says it is over (:func:`_by_excess`), else halved."""
        cost = computing + (judging if judge else 0)
        climb = Decimal(0)  # after a kept step: the next one above it, doubling
        declined = [high]  # the amounts refused, in turn
        missed = 0  # crossings refused in a row: then halved
        tries = 0
        while high - low > unit and left - cost >= spare and (judge or tries < _SEARCHED):
            middle = low + ((high - low) / unit // 2) * unit
            if climb:  # the caps' crossing found and kept: the most above it, a unit or two
                middle = low + climb if low + climb < high else middle
            elif missed < 3:  # where the room under each cap comes to nothing (a flat rate is
                # a share of the others: each cap's room is near a line in them), the
                # nearest; after a crossing refused, below it by what the total is over
                crossing = _crossing(tried[low][0], tried[high][0], places, spec, back=missed,
                                     ceiling=ceiling)
                if crossing is None and judge and by_excess:  # refused by a rule: below
                    # by what it says is over (attack 43p: a rule of the call on the lines
                    # the rate reads)
                    crossing = _by_excess(low, high, declined, excess, unit, emptied)
                if crossing is not None:
                    middle = min(max((crossing[0] / unit).to_integral_value(
                        decimal.ROUND_FLOOR) * unit, low + unit), high - unit)
            tries += 1
            kept = at(middle, judge)
            if not kept:
                declined.append(middle)
            low, high = (middle, high) if kept else (low, middle)
            # kept after a crossing refused (below it by what the total was over, where the
            # flat rate may have stepped down by more than a step): the crossing again,
            # between it and the one refused, before climbing (150 % rounded up to the ten:
            # €5,148.59 where €5,166.66 fits)
            # (a unit, two, four: then the chord again, never climbing from far below by
            # doubling, 3 % down to the hundred under €50: €3,156.71 where €3,333.16 fits)
            climb = Decimal(0) if not kept or (missed and not climb) else \
                unit if not climb else climb * 2 if climb < 4 * unit else Decimal(0)
            missed = 0 if kept else missed + 1
        if high - low > unit and left - cost < spare and cut is not None:
            cut.append(True)  # (at the bound of its work: a larger proposal not tried)
        return low, high

    try:
        whole = _sum(others, None, currency)
    except TooLargeError:
        return None
    if not at(Decimal(0)):  # all the others trimmed away, it still breaks: no plan fits
        least, put, _ok, over = tried[Decimal(0)]
        if least is template:
            return None
        if over is not None:  # its category over the cap the plan declares, whatever the
            # others: that proposal, which says so (and, if a rule of the call checks that
            # cap, the rule it breaks), never the line cut to the cap against its own rule
            return replace(least, breaks=_breaks(least, rules, put), trims=tuple(
                replace(trim, category=over, cap=spec.caps[over], scope="category")
                if trim.scope == "total" else trim for trim in least.trims)), put
        if least.total <= least.cap or set(refused) <= {spec.clause}:
            return None
        breaks = _breaks(least, rules, put)
        if not set(breaks) <= {spec.clause}:
            return None
        return replace(least, breaks=breaks, trims=tuple(
            replace(trim, cap=least.cap) if trim.scope == "total" else trim
            for trim in least.trims)), put
    emptied = []  # the others' totals as each category in the order of trims is emptied
    kept_whole = whole
    for category in spec.trim:
        kept_whole = _EXACT.subtract(kept_whole, _sum(others, {category}, currency))
        emptied.append(kept_whole)
    # (with nothing proposed the proposal may break no rule: a plan still, if the lines
    # reading the budget come to more than nothing, the largest one below; else none)
    full = judging + computing
    low, high = Decimal(0), whole
    if at(whole, False):
        low = high
    # the largest within the caps, its lines computed alone (two checks kept), then judged
    low, high = search(low, high, False, 2 * full)
    if low and not at(low):  # the rules refuse it: below it, each proposal judged, with the
        # work of all its checks again, as before the search within the caps (a rule of the
        # call, no cap of the plan, on the lines the flat rate reads: the caps' search spent
        # the checks, the one judged proposal left, at the half, refused, €0.00 said to fit
        # where €2,178.58 did; 6 of 700 random plans, attack 43p)
        # Searched twice, each with that work: halved (or below by the caps' crossing),
        # then below a refused amount by what a rule says it is over; the larger proposal
        # kept. Neither search finds the largest in every call (the rounded flat rate makes
        # the rules' answer step): by what a rule is over alone, 333.48 was proposed where
        # halving found 3,332.53 (a flat rate of 150 % rounded to the hundred, a rule on
        # each visitor's lines; 3 plans of attack 44p's sweep smaller than before plan44)
        top = low
        limited = Decimal(0)
        if top in wholes:  # refused by a rule on the whole proposal (« total < €2,439.98 »):
            # its limit searched as the total's cap, the lines computed alone (as the caps'
            # search, two checks kept), then judged once: kept if larger than both searches'
            # (their five checks, halving from nothing, proposed €2,157.03 where €2,430.00
            # fits, att49p s21 #0; 13 of 60 random plans under such a rule short by more
            # than a step of the rate)
            left = 3 * full
            ceiling = wholes[top]
            limited = search(Decimal(0), top, False, 2 * full)[0]
            ceiling = None
            if limited and not at(limited):
                limited = Decimal(0)
        left = checks * full
        halved = search(Decimal(0), top, True, 0, by_excess=False)
        left = checks * full
        low, high = search(Decimal(0), top, True, 0)
        for other in (halved, (limited, top)):
            if other[0] > low and tried[other[0]][0].total > tried[low][0].total:
                low, high = other
    plan, put, _ok, _over = tried[low]
    if all(plan.lines[i].proposed is None for i in places):
        # the lines reading the budget left for the applicant to state (no value): no
        # proposal of them. Computed to nothing at their rate (3 % of the others, rounded
        # down to the hundred), they are proposed, as ``check`` accepts them: this test
        # read every ``Money`` as true, a zero too, where it meant only the lines left out
        return None
    if low < whole:  # the trims said under the cap that kept the others from more
        stopped = tried.get(high)
        over = stopped[3] if stopped is not None else None
        if stopped is not None and over is not None:  # over the total's cap too: the cap
            # crossed first, nearest the others kept (1,000.00 at 7 %: the total's, 65.40
            # under a cap of 100.00 on the rate)
            crossed = _crossing(plan, stopped[0], places, spec)
            over = over if crossed is None else crossed[1]
        trims = tuple(trim if trim.scope != "total" else
                      replace(trim, cap=plan.cap) if over is None else
                      replace(trim, category=over, cap=spec.caps[over], scope="category")
                      for trim in plan.trims)
        plan = replace(plan, trims=trims)
    return plan, put


def _crossing(kept: BudgetPlan, refused: BudgetPlan, places: Sequence[int],
              spec: PlanSpec, *, back: int = 0, ceiling: Decimal | None = None
              ) -> tuple[Decimal, str | None] | None:
    """Where, between ``kept``'s others' total (its lines but those at ``places``, computed
    from them) and ``refused``'s, the room under a cap comes to nothing, the least of the
    caps' crossings: each cap's room
    (the total's, each category's, :func:`_rooms`) taken as a line in the others' total
    between the two proposals (a flat rate on them is its rate times them, rounded), so
    under a category's cap on the flat rate the others are trimmed only as far as that cap
    needs (its cap over its rate), not halved towards it. None if no cap's room crosses
    nothing between them (a rule refuses ``refused``: halved). With the cap crossed there:
    its category, None for the total's.

    ``back`` (``refused`` a crossing found before, over by a rounding step of the flat
    rate: on that line the flat rate is a step, not a share): the total's crossing is at
    most ``refused``'s others less what its total is over the cap, where the total's room
    is never below nothing (the others fall by that much, and the lines computed from
    them never grow as they fall: the thirty-first pass' third look, a flat rate rounded
    to the euro, €1,549.51 proposed where €3,100.00 fits, each chord 3 cents short); a
    category's crossing, the ``back``-th after one refused, where that category falls by
    4 ** ``back`` times what ``refused`` puts it over its cap (its lines computed from the
    others fall by whole rounding steps: a flat rate rounded up to the five over its cap by a
    cent at each chord, the check budget spent, €0.00 proposed where €970.00 fits)."""
    above, below = _rooms(kept, spec, ceiling), _rooms(refused, spec, ceiling)
    low, high = _others(kept, places), _others(refused, places)
    if high <= low:
        return None
    found: Decimal | None = None
    which: str | None = None
    for cap, room in below.items():
        if room < 0 <= above[cap]:
            at = _EXACT.add(low, _EXACT.divide(_EXACT.multiply(high - low, above[cap]),
                                               _EXACT.subtract(above[cap], room)))
            if back and cap is None:
                at = min(at, _EXACT.add(high, room))
            elif back:  # a category's cap, over it again however near the crossing: the
                # lines computed on the others fall in steps (a flat rate rounded up to the
                # five, or to the hundred: €0.00 proposed where €970.00 fits, attack 42b),
                # so the category is to fall by four times what it is over, then sixteen
                at = _EXACT.subtract(high, _EXACT.divide(
                    _EXACT.multiply(high - low, _EXACT.multiply(-room, Decimal(4) ** back)),
                    _EXACT.subtract(above[cap], room)))
            if found is None or at < found:
                found, which = at, cap
    return None if found is None else (found, which)


def _by_excess(low: Decimal, high: Decimal, refused: Sequence[Decimal],
               excess: Mapping[Decimal, int], unit: Decimal, emptied: Sequence[Decimal]
               ) -> tuple[Decimal, None] | None:
    """Where, below ``high`` (the others' total a rule of the call refused, saying by how
    many minor units ``unit`` it is over: ``excess``) and above ``low`` (kept), that rule
    would be met: the others less what it is over (a rule on some of the lines the others
    are, which fall at most as fast as the others do); after a refused amount above
    ``high`` over by more, where the line through the two comes to nothing (the lines it
    reads fall more slowly); over by as much (the lines trimmed there are none it reads),
    from where the next category in the order of trims is trimmed (the others' totals
    with the categories before it emptied, ``emptied``) less what it is over. None if the
    rule said no excess, or the place is not above ``low`` (then halved)."""
    over = excess.get(high)
    if not over:
        return None
    gap = Decimal(over) * unit
    start = high
    before = next((amount for amount in reversed(refused[:-1]) if amount > high), None)
    if before is not None and excess.get(before):
        fell = Decimal(excess[before] - over) * unit
        if fell > 0:
            gap = _EXACT.divide(_EXACT.multiply(gap, before - high), fell)
        else:  # the lines it reads are not trimmed there: from the next category's
            start = next((amount for amount in emptied if amount < high), low)
    at = _EXACT.subtract(start, gap)
    return (at, None) if at > low else None


def _whole_limit(errors: Sequence[Finding], total: Money) -> Decimal | None:
    """The least limit a finding of ``errors`` sets on the whole proposal, ``total`` (the
    value it judged, its limit and its excess, is the total: a rule on the sum of every
    line), as :func:`said_over` reads it (a minor unit less for ``<``); None if none does."""
    limits = [over[1].amount
              for over in (said_over(finding, total.currency) for finding in errors)
              if over is not None and isinstance(over[1], Money) and
              over[1].currency == total.currency and
              _EXACT.add(over[0].amount, over[1].amount) == total.amount]
    return min(limits, default=None)


def _others(plan: BudgetPlan, places: Sequence[int]) -> Decimal:
    """The total of ``plan``'s lines proposed but those at ``places``."""
    skip = set(places)
    return _EXACT.add(Decimal(0), sum((line.proposed.amount for i, line in enumerate(plan.lines)
                                       if line.proposed is not None and i not in skip),
                                      Decimal(0)))


def _by_category(plan: BudgetPlan) -> dict[str, Decimal]:
    """What ``plan`` proposes in each category (the lines proposed, added exactly)."""
    sums: dict[str, Decimal] = {}
    for line in plan.lines:
        if line.proposed is not None:
            sums[line.category] = _EXACT.add(sums.get(line.category, Decimal(0)),
                                             line.proposed.amount)
    return sums


def _rooms(plan: BudgetPlan, spec: PlanSpec, ceiling: Decimal | None = None
           ) -> dict[str | None, Decimal]:
    """What ``plan``'s proposal leaves under the cap (key None; or under ``ceiling``, if
    lower) and each category's cap."""
    sums = _by_category(plan)
    most = plan.cap.amount if ceiling is None else min(plan.cap.amount, ceiling)
    rooms: dict[str | None, Decimal] = {None: _EXACT.subtract(
        most, _EXACT.add(Decimal(0), sum(sums.values(), Decimal(0))))}
    for category, cap in spec.caps.items():
        rooms[category] = _EXACT.subtract(cap.amount, sums.get(category, Decimal(0)))
    return rooms


def _over_caps(plan: BudgetPlan, spec: PlanSpec) -> str | None:
    """The first category of ``spec``'s caps that ``plan``'s proposal puts over its cap."""
    sums = _by_category(plan)
    return next((category for category, cap in spec.caps.items()
                 if sums.get(category, Decimal(0)) > cap.amount), None)


def _recomputed(old: PlannedLine, new: PlannedLine, trimmed: bool) -> PlannedLine:
    """A line reading the budget computed again (``new``) in place of ``old`` (as fitted):
    its most as computed again, on the lines proposed (what the call's rule allows it on
    the proposal, never on the lines the application states, nor on lines the caps have
    trimmed since); proposed as computed again, or, if the caps ``trimmed`` it, at the
    lesser of that and its trimmed amount (so never above its most)."""
    line = new
    if trimmed and None not in (old.proposed, new.proposed) and \
            old.proposed < new.proposed:  # type: ignore[operator]
        line = replace(line, proposed=old.proposed)
    return line


def _excess(errors: Sequence[Finding], currency: str) -> int:
    """The most a finding of ``errors`` says its value is over its limit (``excess``), in
    minor units of ``currency`` rounded up; 0 if none says it in that currency."""
    unit, most = quantum(currency), 0
    for finding in errors:
        over = said_over(finding, currency)
        if over is not None:
            units = _EXACT.divide(over[0].amount, unit).to_integral_value(
                decimal.ROUND_CEILING)
            most = max(most, int(units))
    return most


def _trimmed_to_rules(candidate: BudgetPlan, reading: set[str], rules: Sequence[Rule],
                      checks: int, broken: str, excess: int
                      ) -> tuple[BudgetPlan, Application | None] | None:
    """``candidate`` (its lines computed from the budget computed on it, the others fitted
    to the caps) with those lines trimmed by the least, in the call's minor unit, that the
    call's rules on the budget accept: a flat rate rounded up to the euro is over the share
    its rule allows by up to a euro. The cut tried first is ``excess`` (what the rule says
    the line is over, in minor units: a rule ``≤ 33 % of the others`` is then met exactly),
    else cuts doubling from one unit then halved; at most ``checks`` proposals checked
    against the rules (the settle rounds left, at least two). Each trim is said under the
    line's clause, else the clause ``broken`` names. None if no cut tried is accepted (the
    proposal breaks a rule no trim of these lines mends)."""
    lines = list(candidate.lines)
    positions = [i for i, line in enumerate(lines) if line.line in reading
                 and line.proposed is not None and line.proposed.amount > 0]
    if not positions:
        return None
    unit = quantum(candidate.currency)
    whole = [int(_EXACT.divide(lines[i].proposed.amount, unit)  # type: ignore[union-attr]
                 .to_integral_value(decimal.ROUND_FLOOR)) for i in positions]
    most = sum(whole)
    tried: dict[int, tuple[BudgetPlan, Application | None, bool]] = {}

    def at(cut: int) -> bool:
        nonlocal checks
        cut = min(cut, most)
        if cut not in tried:
            if checks <= 0:
                return False
            checks -= 1
            new, trims = list(lines), list(candidate.trims)
            for position, held, share in zip(positions, whole, _largest_remainder(cut, whole),
                                             strict=True):
                line = new[position]
                assert line.proposed is not None
                after = Money._trusted(_EXACT.multiply(Decimal(held - share), unit),
                                       candidate.currency)
                if after == line.proposed:
                    continue
                trims.append(_to_rule(candidate, position, line, after,
                                      line.clause or broken))
                new[position] = replace(line, proposed=after)
            plan = replace(candidate, lines=tuple(new), trims=tuple(trims))
            put = _applied(plan)
            tried[cut] = plan, put, not _breaks(plan, rules, put) and plan.total <= plan.cap \
                and not plan.over_caps
        return tried[cut][2]

    def result(cut: int) -> tuple[BudgetPlan, Application | None]:
        plan, put, _ok = tried[min(cut, most)]
        return plan, put

    if excess and at(excess):  # what the rule says is over: met exactly
        return result(excess)
    low, high = (excess, 2 * excess) if excess else (0, 1)  # at(low) refused
    while not at(high):
        if high >= most or checks <= 0:
            return None
        low, high = high, min(high * 2, most)
    while high - low > 1 and checks > 0:
        middle = (low + high) // 2
        low, high = (low, middle) if at(middle) else (middle, high)
    return result(high)


def _to_rule(plan: BudgetPlan, position: int, line: PlannedLine, after: Money, clause: str
             ) -> Trim:
    """The trim of ``line`` to ``after``, the most the rule of ``clause`` accepts on the
    proposal: under the call's cap if that rule is the cap's (to keep the total within it),
    else under the line's own rule (``rule``: the cap said is the amount it allows); never
    under a cap of a category the call does not declare."""
    assert line.proposed is not None
    if clause == plan.clause:
        return Trim(position, line.line, line.category, line.beneficiary, line.proposed,
                    after, plan.cap, "total", clause)
    return Trim(position, line.line, line.category, line.beneficiary, line.proposed, after,
                after, "rule", clause)


def _pick(again: list[PlannedLine], current: list[PlannedLine], reading: set[str]
          ) -> list[PlannedLine]:
    """``again``'s lines reading the budget, in the places of ``current``'s (the others as
    they are)."""
    fresh = iter([line for line in again if line.line in reading])
    return [next(fresh, line) if line.line in reading else line for line in current]


def _breaks(plan: BudgetPlan, rules: Sequence[Rule], applied: Application | None,
            errors: list[Finding] | None = None, in_plan: bool = True) -> tuple[str, ...]:
    """The clauses whose ``rules`` (those of the call that read the budget) fail, as errors,
    on ``applied``, ``plan``'s proposal put into the application (all of them, if it cannot
    be, or cannot be judged): a plan is said to fit only when none does. The error findings
    are added to ``errors``, if given, each said in the plan's currency where its rule
    judged it in another (:func:`~callrules.planning.trim_responses.in_plan_currency`: a
    limit in dollars trimmed to as the rule converts it; att76 F1: 85 of 85 such plans said
    not to fit where a budget ``check`` accepts was within reach); in the rules' own currency
    when not ``in_plan``."""
    every = tuple(sorted({rule.clause for rule in rules}))
    if applied is None:
        return every
    try:
        with keys_held():  # each text keyed once for the decision and the explanations
            found = [finding for rule in _failing(plan, rules, applied)
                     for finding in rule.explain(applied)]
    except CallrulesError:
        return every
    found = [f for f in found if f.severity == Severity.ERROR]
    if errors is not None and not in_plan:
        errors.extend(found)
    elif errors is not None:  # (a limit in another currency said in the plan's: trimmed to)
        rates = applied.rates() if any(_foreign(f, plan.currency) for f in found) else {}
        errors.extend((_total_in_plan_currency(f, plan, rates) or
                       in_plan_currency(f, plan.currency, rates))
                      if _foreign(f, plan.currency) else f for f in found)
    return tuple(sorted({f.clause for f in found}))


def _total_in_plan_currency(finding: Finding, plan: BudgetPlan,
                            rates: Mapping[tuple[str, str], Decimal]) -> Finding | None:
    """A ``total``'s ``finding`` (``total_above_maximum``) whose limit is in another currency
    than ``plan``'s, said in the plan's as the rule judges it: its limit the most total of
    the plan's currency whose fit (``plan``'s lines trimmed to it in the call's order of
    trims, as :func:`_to_rules` trims to the excess) the rule's total keeps within the limit
    (each line converted on its own and rounded, then added up: :func:`_fit_measured` and
    :func:`_rule_total`, the search a declared cap in another currency is fitted by), its
    value the proposal's total, its excess the difference. A trim by that excess keeps the
    rule's total within the limit, whatever the limit's minor unit (look73p F2, plnmend73:
    a total in yen or dollars of a call in pesos, over by one unit of the limit, said over
    by an amount whose trim moved no line's rounded conversion: "does not fit" where a
    trimmed budget passes ``check``, 2 of 245 plans). The rule's total of the fit is not
    monotone in the total fitted to where a line stated in a third currency is trimmed (put
    in the plan's currency, it is converted at another rate than kept whole: look74p F1, a
    plan in yen ¥153,971 "the most the call allows" where ¥184,746 passes ``check``): the
    search from the converted limit (or from what the proposal before came to, look74p F4)
    then settles in the lower of two ranges that fit, and the range where no such line is
    trimmed is searched too (:func:`_above_third`), the larger kept. None where the rule's total
    is not the plan's lines' (a ``total`` of some lines, a line left out) or no fit keeps it
    (the lines that cannot be trimmed over the limit): the finding is then said as
    :func:`~callrules.planning.trim_responses.in_plan_currency` says it."""
    total, limit = finding.ctx.get("total"), finding.ctx.get("limit")
    spec = plan_of(plan.call) if plan.call is not None else None
    if finding.code != "total_above_maximum" or spec is None or \
            not isinstance(total, Money) or not isinstance(limit, Money) or \
            total.currency != limit.currency or limit.currency == plan.currency:
        return None
    currency, lines = plan.currency, list(plan.lines)
    converted: dict[tuple[str, Decimal], Decimal] = {}

    def kept(fit: list[PlannedLine]) -> bool:
        """Whether the rule's total of ``fit`` is within the limit."""
        return _rule_total(fit, _amounts(fit), currency, limit.currency, rates,
                           converted) <= limit.amount

    try:
        if _rule_total(lines, _amounts(lines), currency, limit.currency, rates, converted) \
                != total.amount:
            return None  # (not the total of the plan's lines)
        whole = _sum(lines, None, currency)
        # the proposal's lines fitted to a total of the plan's currency (its caps already
        # kept: trims only lower them), searched to the most the rule keeps
        fitting = replace(spec, cap=_cap_in(limit, currency, rates, len(lines)),
                          caps=MappingProxyType({}))
        found = _TOTALS_FOUND.get()
        last = None if found is None else \
            found.setdefault((finding.clause, limit.currency, limit.amount), {})
        fit, _trims, bound = _fit_measured(fitting, lines, currency, limit, rates, last)
        # (a fit trimming no line stated in another currency is the most: above it, the
        # rule's total only grows with the total fitted to)
        stated = [i for i, line in enumerate(lines) if line.original is not None and
                  line.original.amount.currency != currency and line.proposed is not None]
        higher = _above_third(fitting, lines, stated, limit, rates, converted,
                              bound.amount if kept(fit) else Decimal(0)) \
            if not kept(fit) or any(fit[i].proposed != lines[i].proposed for i in stated) \
            else None
        if higher is not None and (higher[1].amount > bound.amount or not kept(fit)):
            fit, bound = higher
        if not kept(fit):
            return None  # nothing trimmed keeps it
    except (CallrulesError, TooLargeError):  # (no rate, a rate refused: as before)
        return None
    if bound.amount >= whole:
        return None
    ctx = dict(finding.ctx)
    ctx["limit"] = bound
    ctx["total"] = Money._trusted(whole, currency)
    ctx["excess"] = Money._trusted(_EXACT.subtract(whole, bound.amount), currency)
    return replace(finding, ctx=ctx)


def _above_third(spec: PlanSpec, lines: list[PlannedLine], stated: list[int], limit: Money,
                 rates: Mapping[tuple[str, str], Decimal],
                 converted: dict[tuple[str, Decimal], Decimal], below: Decimal
                 ) -> tuple[list[PlannedLine], Money] | None:
    """The fit of ``lines`` (:func:`_fit`) to the most total of the plan's currency that
    trims none of the lines ``stated`` (by their positions: stated in another currency) and
    keeps the rule's total (:func:`_rule_total`) within ``limit``, and that total; None if
    none such fits. ``below``: a total whose fit trims one of them (or nothing). Above the
    least total trimming none (searched by halving: the lines trimmed only grow as the total
    fitted to falls), each line is converted at one rate whatever its trim, and the rule's
    total only grows with the total fitted to: halving finds its most. Below, a stated line
    trimmed is put in the plan's currency and converted at another rate than kept whole
    (the cross rates of the application need not agree): the rule's total can fall back
    within the limit further down, where :func:`_fit_measured`'s search from the converted
    limit settles (look74p F1: ¥153,971 where ¥184,746 passes ``check``)."""
    currency = spec.cap.currency
    unit, whole = quantum(currency), _sum(lines, None, currency)

    def amounts(total: Decimal) -> list[Decimal | None]:
        return _fit_amounts(replace(spec, cap=Money._trusted(total, currency)), lines)[0]

    def untrimmed(total: Decimal) -> bool:
        proposed = amounts(total)
        return all(proposed[i] == lines[i].proposed.amount  # type: ignore[union-attr]
                   for i in stated)

    def kept_at(total: Decimal) -> bool:
        return _rule_total(lines, amounts(total), currency, limit.currency, rates,
                           converted) <= limit.amount

    if not stated or whole - unit <= below or not untrimmed(whole - unit):
        return None  # (the least total trimming none is the whole: the finding's, refused)
    low, high = below, whole - unit  # the least total trimming none: in (low, high]
    while high - low > unit:
        middle = low + ((high - low) / unit // 2) * unit
        low, high = (low, middle) if untrimmed(middle) else (middle, high)
    low = high
    if not kept_at(low):
        return None
    high = whole  # kept_at(low), not kept_at(high) (the finding)
    while high - low > unit:
        middle = low + ((high - low) / unit // 2) * unit
        low, high = (middle, high) if kept_at(middle) else (low, middle)
    fit, _trims = _fit(replace(spec, cap=Money._trusted(low, currency)), lines, currency)
    return fit, Money._trusted(low, currency)


def _amounts(lines: Sequence[PlannedLine]) -> list[Decimal | None]:
    """Each line's proposed amount (None for a line to state)."""
    return [line.proposed.amount if line.proposed is not None else None for line in lines]


def _foreign(finding: Finding, currency: str) -> bool:
    """Whether ``finding`` says an excess in money of another currency than ``currency``."""
    excess = finding.ctx.get("excess")
    return isinstance(excess, Money) and excess.currency != currency


def _failing(plan: BudgetPlan, rules: Sequence[Rule], applied: Application
             ) -> Sequence[Rule]:
    """Those of ``rules`` that fail on ``applied``, by the call's generated decision (as an
    evaluation decides: each list read once, a set of the whole application built once),
    to be explained; all of them when the decision is not generated or cannot be taken
    (a figure too large, a rate missing: the explanations say where)."""
    program = plan.call.program if plan.call is not None else None
    if program is None or not program.is_generated:
        return rules
    try:
        failing = program.decide(applied)
    except (TooLargeError, *UNJUDGEABLE):
        return rules
    chosen = {id(rule) for rule in rules}
    return [rule for rule in (program.rules[i] for i in failing) if id(rule) in chosen]


_RULES: weakref.WeakKeyDictionary[Call, tuple[Rule, ...]] = weakref.WeakKeyDictionary()


def budget_rules(call: Call) -> tuple[Rule, ...]:
    """The rules of ``call`` (its version) that read the budget: each whose check names a
    path into it (``budget.lines``, ``$root.budget.lines``), in a rule, a sum, a ``total``,
    a variable's list. Every rule, if the rules cannot be told apart (never, as the call's
    rules are compiled in the order written, ``unique`` set aside)."""
    try:
        return _RULES[call]
    except KeyError:
        pass
    entries = [entry for entry in call.definition.rules
               if not isinstance(entry.check, Unique)]
    rules = call.program.rules
    found = rules if len(entries) != len(rules) else tuple(
        rule for rule, entry in zip(rules, entries, strict=True)
        if _names_budget(entry.check.model_dump(mode="json")))
    _RULES[call] = found
    return found


def _names_budget(written: Any) -> bool:
    """Whether a rule as written names a path into the application's budget."""
    if isinstance(written, str):
        return written == "budget" or written.startswith(("budget.", "$root.budget"))
    if isinstance(written, Mapping):
        return any(_names_budget(value) for value in written.values())
    if isinstance(written, list):
        return any(_names_budget(value) for value in written)
    return False


def _in_currency(spec: PlanSpec, currency: str, rates: Mapping[tuple[str, str], Decimal],
                 lines: int) -> PlanSpec:
    """The plan with its caps in the call's currency: a cap in another currency converted at
    the application's rates, to the most that converts back within the cap less half a
    minor unit for each of the ``lines`` and the total (the call's own rules convert each
    proposed line to the cap's currency, rounded, then add them up: so they accept a total
    trimmed to it). No rate for it: the application cannot be planned, an
    :class:`~callrules.InputError` (``missing_exchange_rate``) at its exchange rates."""
    if spec.cap.currency == currency and all(c.currency == currency
                                             for c in spec.caps.values()):
        return spec
    caps = MappingProxyType({category: _cap_in(cap, currency, rates, lines)
                             for category, cap in spec.caps.items()})
    return replace(spec, cap=_cap_in(spec.cap, currency, rates, lines), caps=caps)


def _category_caps_measured(spec: PlanSpec, stated: Mapping[str, Money],
                            lines: Sequence[PlannedLine], currency: str,
                            rates: Mapping[tuple[str, str], Decimal]) -> PlanSpec:
    """``spec`` (its caps converted, :func:`_in_currency`) with each category's cap that the
    call states in another currency than the plan's raised to the most, in the plan's minor
    unit, whose trim the call's rules keep within the cap as stated (each line converted to
    its currency and rounded, then added up, :func:`rule_total`): converted less half a
    minor unit a line, a category trimmed to its cap came up to (lines + 1) / 2 units short.
    Searched from that cap by doubling steps, then halving, a pass over the category's lines
    each. A category holding a line computed from the budget keeps the converted cap (its
    amounts change with the proposal; the margin holds for any), as does one within it
    whole (its lines are never trimmed for it: each comes to the fit with the amount it was
    planned at)."""
    caps = dict(spec.caps)
    unit = quantum(currency)
    for category, cap in stated.items():
        if cap.currency == currency or category not in caps or any(
                _reads_budget(line) for line in spec.lines if line.category == category):
            continue
        mine = [line for line in lines if line.category == category]
        amounts = _amounts(mine)
        try:
            whole = _sum_of(amounts, range(len(amounts)))
        except TooLargeError:
            continue
        low = caps[category].amount
        within = functools.partial(_category_within, mine, amounts, whole, cap=cap,
                                   currency=currency, rates=rates, converted={})
        if whole <= low or not within(low):  # (the converted cap is within it, by its margin)
            continue
        step = unit
        while low + step < whole and within(low + step):  # above it, by doubling steps
            low, step = low + step, step * 2
        high = min(low + step, whole)
        if within(high):
            low = high
        while high - low > unit:  # within(low), not within(high)
            middle = low + ((high - low) / unit // 2) * unit
            low, high = (middle, high) if within(middle) else (low, middle)
        caps[category] = Money._trusted(low, currency)
    return spec if caps == dict(spec.caps) else replace(spec, caps=MappingProxyType(caps))


def _category_within(lines: Sequence[PlannedLine], amounts: Sequence[Decimal | None],
                     whole: Decimal, amount: Decimal, *, cap: Money, currency: str,
                     rates: Mapping[tuple[str, str], Decimal],
                     converted: dict[tuple[str, Decimal], Decimal]) -> bool:
    """Whether ``lines`` (a category's, at ``amounts`` of ``currency``, ``whole`` in all)
    trimmed to ``amount`` as the caps trim them (:func:`_trim`) come, as the call's rules
    add them (:func:`rule_total`: each amount converted once, kept in ``converted``), and
    added up then converted, within ``cap`` (in another currency): a rule summing the
    category converts either way."""
    proposed = list(amounts)
    _trim(proposed, range(len(proposed)), _EXACT.subtract(whole, amount), cap, "category",
          [], quantum(currency))
    try:
        counted = _rule_total(lines, proposed, currency, cap.currency, rates, converted)
        summed = convert_amount(_sum_of(proposed, range(len(proposed))), currency,
                                cap.currency, rates)
    except (MissingExchangeRateError, TooLargeError):
        return False
    return counted <= cap.amount and summed <= cap.amount


def _cap_in(cap: Money, currency: str, rates: Mapping[tuple[str, str], Decimal], lines: int
            ) -> Money:
    if cap.currency == currency:
        return cap
    margin = quantum(cap.currency) * (lines + 1) / 2
    within = Money._trusted(max(cap.amount - margin, Decimal(0)), cap.currency)
    try:
        return Money._trusted(_most_within(within, cap.convert(currency, rates).amount,
                                           currency, rates), currency)
    except MissingExchangeRateError as exc:
        ctx = {"base": exc.base, "quote": exc.quote}
        raise InputError([InputProblem(("exchange_rates",), "missing_exchange_rate",
                                       INPUT_CODES["missing_exchange_rate"] % ctx, None, ctx)]
                         ) from None
    except TooLargeError:  # the cap, converted, is beyond the bound of every amount: no
        # proposal can reach it (every amount is within the bound), so it is no limit, as the
        # call's rules find it none: the largest amount of the call's currency stands for it
        return Money._trusted(_EXACT.subtract(Decimal(LIMIT), quantum(currency)), currency)


def _most_within(cap: Money, near: Decimal, currency: str,
                 rates: Mapping[tuple[str, str], Decimal]) -> Decimal:
    """The most amount of ``currency``, in its minor unit, at most ``near``, whose conversion
    back into the cap's currency is within ``cap``: found by halving, in as many steps as
    the amount has digits, whatever the rates."""
    unit = quantum(currency)

    def within(amount: Decimal) -> bool:
        return amount <= 0 or convert_amount(amount, currency, cap.currency,
                                             rates) <= cap.amount

    if within(near):
        return near
    step = unit
    while not within(near - step):  # below it, by doubling steps
        step *= 2
    low, high = max(near - step, Decimal(0)), near - step / 2 if step > unit else near
    while high - low > unit:  # within(low), not within(high)
        middle = low + ((high - low) / unit // 2) * unit
        low, high = (middle, high) if within(middle) else (low, middle)
    return low


@dataclass(slots=True)
class _Carried:
    """What a plan works out once for all its passes over its lines (:func:`_lines`): the
    evaluation memo holding the conversions of the amounts of the application first
    planned (``first``). (A line that does not read the budget is computed in the first
    pass alone: the rounds compute again only the lines that read it, :func:`_settled`.)"""

    first: Application
    memo: dict[Any, Any] = field(default_factory=dict)


def _lines(spec: PlanSpec, app: Application, currency: str, rounding: Rounding,
           carried: _Carried | None = None) -> tuple[list[PlannedLine], dict[int, str]]:
    """Every planned line, and what became of each line of the application (``kept`` or
    ``replaced``, by its position). Worked out as an evaluation works its rules out (each
    amount converted once, each term shared by the lines that read it,
    :func:`callrules._keys.keys_held`), never explained (nothing traced); ``carried``: what
    the plan's passes share (:class:`_Carried`): the amounts of the application first
    planned converted serve ``app`` (the proposal put into it) too, each amount converted
    once a plan (attack 35b: 220 filtered sums of 10,000 lines in ten currencies, each line
    converted again by each sum each time the lines were worked out, 720,000 conversions for
    40 sums)."""
    carried = carried if carried is not None else _Carried(app)
    memo, like = carried.memo, carried.first
    with keys_held(memo):
        conversions_carried(memo, app, like)
        try:
            return _worked_out(spec, app, currency, rounding)
        finally:  # the conversions kept, what was worked out from these lines let go
            conversions_carried(memo, like, like)


def _worked_out(spec: PlanSpec, app: Application, currency: str, rounding: Rounding
                ) -> tuple[list[PlannedLine], dict[int, str]]:
    """:func:`_lines`, within the evaluation's memo."""
    env = {**new_env(app), UNTRACED: True}
    rates = app.rates()
    out: list[PlannedLine] = []
    used: dict[int, str] = {}
    rows: dict[tuple[Any, ...], Any] = {}  # the rows of rate tables found, by table, key, day
    names = _participants(app)
    # the application's lines by category, and by category and beneficiary, in their order:
    # each planned line finds its own without reading every line (1,000 visitors × 10,000
    # lines would be 10,000,000 comparisons for each line of the plan)
    unrated = _Unrated()
    by_category: dict[str, list[tuple[int, BudgetLine]]] = {}
    by_person: dict[tuple[str, object], list[tuple[int, BudgetLine]]] = {}
    for i, b in enumerate(app.budget.lines):
        by_category.setdefault(b.category, []).append((i, b))
        by_person.setdefault((b.category, b.beneficiary), []).append((i, b))
    listed: list[tuple[LineSpec, Sequence[Any]]] = [
        (line, (line.each.read(app, env) or ()) if line.each else (app,)) for line in spec.lines]
    most = most_budget_lines(app)
    _bounded(sum(len(items) for _, items in listed), most)  # before any work: at least
    for line, items in listed:
        for position, item in enumerate(items):
            beneficiary = line.beneficiary.read(item, env) if line.beneficiary else None
            person = getattr(item, "person", None)
            name = f"{person.given_name} {person.family_name}" if person is not None else \
                names.get(text_key(beneficiary, False)) if isinstance(beneficiary, str) else None
            if beneficiary is not None and not _is_identifier(beneficiary):
                # not a budget line's beneficiary (a name with spaces around it, a number):
                # no line of the applicant's is its, and none can be proposed for it
                out.append(PlannedLine(
                    line=line.id, category=line.category, beneficiary=None, name=name,
                    label=line.label, clause=line.clause, status="to_state", most=None,
                    proposed=None, reason="bad_beneficiary", ctx={"beneficiary": beneficiary}))
                continue
            own = [(i, b) for i, b in (by_category.get(line.category, ()) if
                                       line.beneficiary is None else
                                       by_person.get((line.category, beneficiary), ()))
                   if i not in used]
            base: dict[str, Any] = {"line": line.id, "category": line.category,
                                    "beneficiary": beneficiary, "name": name,
                                    "label": line.label, "clause": line.clause}
            if line.how == "stated":
                if not own:
                    out.append(PlannedLine(status="to_state", most=None, proposed=None,
                                           reason="not_stated", **base))
                for index, original in own:
                    used[index] = "kept"
                    try:
                        out.append(_stated(base, index, original, currency, rates))
                    except _NoValue as missing:
                        unrated.add(missing)
                continue
            try:
                computed = _compute(line, item, env, currency, rounding, rows)
            except TooLargeError as exc:  # located in the item the line is computed for
                raise exc if line.each is None else exc.within(
                    line.each.path.loc + (position,)) from None
            except _NoValue as missing:
                if unrated.add(missing):  # no line can be proposed, nor stated, without it
                    continue
                if own:  # the applicant gave it: kept, and said why
                    for index, original in own:
                        used[index] = "kept"
                        try:
                            kept = _stated(base, index, original, currency, rates)
                        except _NoValue as unconverted:
                            unrated.add(unconverted)
                            continue
                        out.append(replace(kept, reason=missing.reason, ctx=missing.ctx))
                else:
                    out.append(PlannedLine(status="to_state", most=None, proposed=None,
                                           reason=missing.reason, ctx=missing.ctx, **base))
                continue
            for index, _original in own:
                used[index] = "replaced"
            amount, quantity, rate, readings = computed
            out.append(PlannedLine(status="computed", most=amount, proposed=amount,
                                   quantity=quantity, rate=rate, readings=readings,
                                   rounding=None if rounding == DEFAULT else rounding, **base))
    # an exchange rate the application does not give: an input problem, as check says it
    # (stating an amount would not mend it: the amount, or the rule's limit, still needs it)
    unrated.raise_any()
    _bounded(len(out), most)  # a stated line per line of the applicant's, too
    return out, used


def most_budget_lines(app: Application) -> int:
    """The most lines the budget of ``app`` (its call's model) may hold."""
    field = type(app.budget).model_fields["lines"]
    bounds = [m.max_length for m in field.metadata
              if isinstance(getattr(m, "max_length", None), int)]
    return min(bounds, default=MAX_PLAN_LINES)


#: The most lines a plan proposes when the budget model sets no bound.
MAX_PLAN_LINES = 10_000


def _bounded(count: int, most: int) -> None:
    """Refuse a plan of more than ``most`` lines (the most a budget holds: put into the
    application, it could not be read), before it is worked out: an
    :class:`~callrules.InputError` (``plan_too_many_lines``) for the application, in the
    reader's words, never an internal bound's message."""
    if count > most:
        ctx = {"count": str(count), "limit": str(most)}  # grouped as the reader's language
        raise InputError([InputProblem((), "plan_too_many_lines",
                                       INPUT_CODES["plan_too_many_lines"] % ctx, None, ctx)])


def _participants(app: Application) -> dict[str, str]:
    """Each visitor's name, by the key of their id: a line for an item that is not a person
    (a document) is named by the person it is for, as a visitor's line is."""
    return {text_key(visitor.id, False):
            f"{visitor.person.given_name} {visitor.person.family_name}"
            for visitor in app.visitors}


def _is_identifier(value: Any) -> bool:
    """Whether ``value`` can name a budget line's beneficiary (the model's identifier)."""
    try:
        _IDENTIFIER.validate_python(value)
    except ValidationError:
        return False
    return True


def _stated(base: Mapping[str, Any], index: int, original: BudgetLine, currency: str,
            rates: Mapping[tuple[str, str], Decimal]) -> PlannedLine:
    try:  # as stated (1180.005 is not 1180.00), or as a conversion gives: to the cent
        value = original.amount.convert(currency, rates)
    except TooLargeError:  # this amount, converted, is beyond the bound
        raise TooLargeError((), (("budget", "lines", index, "amount"),)) from None
    except MissingExchangeRateError as exc:  # an input problem at that line's amount
        raise _NoValue("missing_exchange_rate", {"base": exc.base, "quote": exc.quote},
                       ("budget", "lines", index, "amount")) from None
    return PlannedLine(status="stated", most=value, proposed=value, original=original,
                       index=index, **base)


def _compute(line: LineSpec, item: Any, env: dict[str, Any], currency: str,
             rounding: Rounding, rows: dict[tuple[Any, ...], Any]
             ) -> tuple[Money, int | Decimal | None, Money | None, tuple[Reading, ...]]:
    """A computed line's amount, rounded as the call states (by default half-even to the
    cent), its quantity and rate, and the values read in tables."""
    readings: list[Reading] = []
    if line.how == "amount":
        assert line.amount is not None
        try:
            value = _in(_value(line.amount, item, env), currency, env)
            rounded = bounded(rounding.apply(value.amount, currency))
        except TooLargeError as exc:
            raise locate(exc, line.amount.fields) from None
        return _not_negative(Money._trusted(rounded, currency)), None, None, ()
    assert line.quantity is not None
    rate = _lookup(line.lookup, item, env, readings, rows) if line.lookup is not None else \
        _value(line.rate, item, env)  # type: ignore[arg-type]
    quantity = _value(line.quantity, item, env)
    if quantity < 0:  # dates the wrong way round: refused and said, never clamped
        raise _NoValue("negative_quantity", {"quantity": quantity})
    read = line.quantity.fields + (line.rate.fields if line.rate is not None else ())
    try:  # as the rules' ``times`` computes it: the rate in its own currency times the
        # quantity, converted once, rounded once (one function, never two orders)
        _product, value = times_in(rate, quantity, currency, env["root"].rates(), rounding)
    except MissingExchangeRateError as exc:
        raise _NoValue("missing_exchange_rate", {"base": exc.base, "quote": exc.quote}
                       ) from None
    except TooLargeError as exc:  # rate × quantity beyond the bound
        raise locate(exc, read) from None
    return _not_negative(value), quantity, rate, tuple(readings)


def _not_negative(amount: Money) -> Money:
    """``amount``, if it is not below zero: a budget line never asks for less than nothing,
    so a computed amount below zero (what is left up to a cap the other lines already pass,
    a rate below zero) is not proposed, but left for the applicant to state, and said."""
    if amount.amount < 0:
        raise _NoValue("negative_amount", {"amount": amount})
    return amount


def _in(value: Money, currency: str, env: dict[str, Any]) -> Money:
    try:
        return value.convert(currency, env["root"].rates())
    except MissingExchangeRateError as exc:
        raise _NoValue("missing_exchange_rate", {"base": exc.base, "quote": exc.quote}
                       ) from None


def _value(expr: Expr, item: Any, env: dict[str, Any]) -> Any:
    try:
        value = expr.value(item, env)
    except TooLargeError as exc:  # a figure of the expression beyond the bound
        raise locate(exc, expr.fields) from None
    except MissingExchangeRateError as exc:  # an amount it reads, without its rate
        raise _NoValue("missing_exchange_rate", {"base": exc.base, "quote": exc.quote}
                       ) from None
    except CurrencyMismatchError:
        raise _NoValue("missing_value", {}) from None
    except LookupError as exc:  # no rate in a table (NoRateError): never guessed
        raise _no_rate(exc) from None
    if value is None:
        raise _NoValue("missing_value", {})
    return value


def _lookup(lookup: Lookup, item: Any, env: dict[str, Any], readings: list[Reading],
            rows: dict[tuple[Any, ...], Any]) -> Any:
    """The value of ``lookup``, its keys read (each a code, matched by the table as a rule's
    lookup matches it) and its reading recorded."""
    table = lookup.value
    keys = []
    for key in lookup.keys:
        value = _lookup(key, item, env, readings, rows) if isinstance(key, Lookup) else \
            _key(key, item, env)
        # a key not given (no subdivision) is None: only "*" takes it
        keys.append(value)
    day = _value(lookup.on, item, env)
    if isinstance(day, datetime):
        day = day.date()
    memo = (lookup.table, *(k if k is None or isinstance(k, str) else repr(k) for k in keys),
            day)  # each row found once per plan: the visitors of one host read the same rows
    try:
        found = rows.get(memo)
        if found is None:
            found = rows[memo] = table.lookup(tuple(keys), day)
    except LookupError as exc:  # NoRateError: no row, or no version in force that day
        raise _no_rate(exc, lookup.table, tuple(getattr(exc, "key", ())), day) from None
    readings.append(Reading(lookup.table, tuple(found.row), found.start, found.source,
                            found.value))
    return found.value


def _key(expr: Expr, item: Any, env: dict[str, Any]) -> Any:
    """A key's value (None when not given: no subdivision)."""
    try:
        return expr.value(item, env)
    except LookupError as exc:
        raise _no_rate(exc) from None


def _no_rate(exc: LookupError, table: str | None = None, key: tuple[Any, ...] | None = None,
             on: Any = None) -> _NoValue:
    """The reason a rate table gave no rate (:class:`callrules.exceptions.NoRateError`)."""
    code = getattr(exc, "code", None)
    if code not in ("no_rate", "no_rate_in_force"):
        raise exc
    ctx = {"table": table or getattr(exc, "table", ""),
           "key": key if key is not None else tuple(getattr(exc, "key", ())),
           "on": on if on is not None else getattr(exc, "on", None)}
    if code == "no_rate_in_force":
        ctx["first"] = getattr(exc, "first", None)
    return _NoValue(code, ctx)


def _fit_measured(spec: PlanSpec, lines: list[PlannedLine], currency: str, cap: Money,
                  rates: Mapping[tuple[str, str], Decimal],
                  last: dict[str, Decimal] | None = None,
                  floors: Mapping[int, Decimal] | None = None,
                  drops: Mapping[int, tuple[Money, str]] | None = None
                  ) -> tuple[list[PlannedLine], list[Trim], Money]:
    """The lines fitted to the caps (:func:`_fit`), and the call's cap in the call's
    currency they were fitted to. A cap in another currency (``cap``, as the call states it)
    is judged as the call's ``total`` rule judges it: each line of the proposal, in the
    currency it is put into the application in (a stated line kept as stated in its own,
    a computed or trimmed line in the call's), converted to the cap's currency by
    :func:`~callrules._money.convert_amount` and rounded, then added up
    (:func:`rule_total`). Converted once at the application's rates, the cap would measure a
    real stated in reals through the euro, where the rules convert it at the direct rate
    (BRL→EUR→USD against BRL→USD): a plan said not to fit though a trimmed one fits, or
    fitting with less than the rules allow. So the cap in the call's currency is the most,
    in its minor unit, whose fit the rules' sum keeps within the cap: searched from the
    converted cap (:func:`_in_currency`) by doubling steps then halving, a fit per step.
    None fits (the lines that cannot be trimmed are over the cap): the converted cap, and
    the rules say what the proposal breaks. Each step fits the amounts alone (no line nor
    trim is made but for the cap found), and each amount is converted once: a step is a
    pass over the lines, whatever the cap's currency. ``last`` keeps the cap found for the
    plan's proposal before (its rounds differ in the lines computed from the budget alone):
    the search starts from it, a few steps from the cap sought, instead of from the
    converted cap, some twenty steps away for ten thousand lines. ``floors``: what each line
    keeps whatever the caps, ``drops`` the lines left at nothing (:func:`_fit_amounts`)."""
    if cap.currency == currency:
        fit, trims = _fit(spec, lines, currency, floors, drops)
        return fit, trims, spec.cap
    unit = quantum(currency)
    tried: dict[Decimal, bool] = {}
    totals: dict[Decimal, Decimal] = {}  # the rules' total of the fit at each cap tried
    converted: dict[tuple[str, Decimal], Decimal] = {}

    def at(amount: Decimal) -> bool:
        if amount not in tried:
            proposed, _cuts = _fit_amounts(replace(spec, cap=Money._trusted(amount, currency)),
                                           lines, floors, drops)
            totals[amount] = _rule_total(lines, proposed, currency, cap.currency, rates,
                                         converted)
            tried[amount] = totals[amount] <= cap.amount
        return tried[amount]

    def nearer(amount: Decimal) -> Decimal:
        """From ``amount`` tried, the cap whose fit the rules' total would put at the cap, at
        the rate of the cap's currency to the call's (the lines are trimmed by what the cap
        is lowered, each converted and rounded on its own): one step, a few units from the
        cap sought; ``amount`` if that is not nearer or does not fit."""
        gap = _EXACT.subtract(cap.amount, totals[amount])
        if not gap or not amount:
            return amount
        try:
            rate = _EXACT.divide(convert_amount(amount, currency, cap.currency, rates), amount)
            move = _EXACT.divide(_EXACT.divide(gap, rate), unit).to_integral_value(
                decimal.ROUND_FLOOR) * unit
        except (ArithmeticError, TooLargeError):
            return amount
        guess = max(_EXACT.add(amount, move), Decimal(0))
        return guess if guess != amount and guess < whole and at(guess) else amount

    def found(amount: Decimal) -> tuple[list[PlannedLine], list[Trim], Money]:
        fit, trims = _fit(replace(spec, cap=Money._trusted(amount, currency)), lines,
                          currency, floors, drops)
        if last is not None:
            last["cap"] = amount
        return fit, trims, Money._trusted(amount, currency)

    start = spec.cap.amount
    # nothing trimmed for the total at or above it (the lines left at nothing aside)
    whole = _sum_of([None if drops and i in drops else amount
                     for i, amount in enumerate(_amounts(lines))], range(len(lines)))
    if last is not None and start < whole and last.get("cap", whole) < whole:
        start = last["cap"]  # the cap found before: near the one sought
    if start < whole:
        at(start)
        start = nearer(start)
    # a cap tried on the other side of ``start`` (``nearer``'s step) bounds the search
    above = [amount for amount, ok in tried.items() if not ok and amount > start]
    below = [amount for amount, ok in tried.items() if ok and amount < start]
    if at(start) and above and start < whole:
        low, high = start, min(above)
    elif not at(start) and below:
        low, high = max(below), start
    elif at(start):
        if start >= whole:
            return found(start)
        step = unit
        while at(start + step):  # above it, by doubling steps
            if start + step >= whole:
                return found(max(start + step, whole) if at(whole) else start + step)
            start, step = start + step, step * 2
        low, high = start, start + step
    else:
        step = unit
        while not at(max(start - step, Decimal(0))):  # below it, by doubling steps
            if start - step <= 0:
                return found(spec.cap.amount)  # nothing fits: the rules say what breaks
            step *= 2
        low, high = max(start - step, Decimal(0)), start - step / 2 if step > unit else start
    while high - low > unit:  # at(low) fits, at(high) does not
        middle = low + ((high - low) / unit // 2) * unit
        low, high = (middle, high) if at(middle) else (low, middle)
    return found(low)


def rule_total(lines: Sequence[PlannedLine], currency: str,
               rates: Mapping[tuple[str, str], Decimal]) -> Decimal:
    """The proposal's total as the call's ``total`` rule adds it in ``currency`` (a cap's):
    each line put into the application (a stated line not trimmed as the applicant stated
    it, in its own currency; the others as proposed) converted by
    :func:`~callrules._money.convert_amount`, rounded half-even to ``currency``'s minor unit,
    as :class:`~callrules.language.total.Total` converts each; lines of nothing are not put
    in. :class:`~callrules.MissingExchangeRateError` without a rate."""
    own = next((line.proposed.currency for line in lines if line.proposed is not None),
               currency)
    return _rule_total(lines, _amounts(lines), own, currency, rates, {})


def _rule_total(lines: Sequence[PlannedLine], proposed: Sequence[Decimal | None], own: str,
                currency: str, rates: Mapping[tuple[str, str], Decimal],
                converted: dict[tuple[str, Decimal], Decimal]) -> Decimal:
    """:func:`rule_total` of ``lines`` proposed at the amounts ``proposed`` (of the plan's
    currency, ``own``), each amount converted once (``converted``, kept between calls)."""
    total = Decimal(0)
    for line, amount in zip(lines, proposed, strict=True):
        if amount is None or not amount:
            continue
        trimmed = line.most is not None and amount < line.most.amount
        money_currency, money_amount = (line.original.amount.currency,
                                        line.original.amount.amount) \
            if line.original is not None and not trimmed else (own, amount)
        if money_currency != currency:
            key = (money_currency, money_amount)
            value = converted.get(key)
            if value is None:
                value = converted[key] = convert_amount(money_amount, money_currency,
                                                        currency, rates)
            money_amount = value
        total = _EXACT.add(total, money_amount)
    return bounded(total)


#: A cut of a line's amount while fitting: its position, the amounts before and after, the
#: cap it keeps within, the cap's scope.
_Cut = tuple[int, Decimal, Decimal, Money, str]


def _fit(spec: PlanSpec, lines: list[PlannedLine], currency: str,
         floors: Mapping[int, Decimal] | None = None,
         drops: Mapping[int, tuple[Money, str]] | None = None
         ) -> tuple[list[PlannedLine], list[Trim]]:
    """The lines trimmed to the caps (:func:`_fit_amounts`), each cut made a trim (a line
    left at nothing for its own minimum, ``drops``, under that rule's clause)."""
    proposed, cuts = _fit_amounts(spec, lines, floors, drops)
    out = list(lines)
    trims: list[Trim] = []
    for position, before, after, cap, scope in cuts:
        line = lines[position]
        clause = drops[position][1] if drops and scope == "minimum" else spec.clause
        trims.append(Trim(position, line.line, line.category, line.beneficiary,
                          Money._trusted(before, currency), Money._trusted(after, currency),
                          cap, scope, clause))  # type: ignore[arg-type]
    for position in {cut[0] for cut in cuts}:
        amount = proposed[position]
        assert amount is not None
        out[position] = replace(lines[position], proposed=Money._trusted(amount, currency))
    return out, trims


def _fit_amounts(spec: PlanSpec, lines: Sequence[PlannedLine],
                 floors: Mapping[int, Decimal] | None = None,
                 drops: Mapping[int, tuple[Money, str]] | None = None
                 ) -> tuple[list[Decimal | None], list[_Cut]]:
    """The amounts of ``lines`` trimmed to the caps: each category to its own cap, then the
    total to the call's cap, in the declared order of categories; and the cuts made. The
    amounts are added up exactly as stated (``1180.005``, as the call's rules add them), and
    each cut is the excess rounded up to the currency's minor unit: the trimmed total is
    within the cap, even one written with digits below the cent. A line is trimmed no
    lower than its floor (``floors``: what a minimum of the call's rules keeps of it,
    :func:`_floors_for`), the rest taken from the next categories; a line a rule on each
    line asks more of than it may keep (``drops``: the least it asks, and its clause) is
    first left at nothing, as a line of nothing is not put in the budget."""
    proposed = _amounts(lines)
    unit = quantum(spec.cap.currency)
    by_category: dict[str, list[int]] = {}
    for position, line in enumerate(lines):
        by_category.setdefault(line.category, []).append(position)
    cuts: list[_Cut] = []
    for position, (least, _clause) in (drops or {}).items():
        amount = proposed[position]
        if amount:
            cuts.append((position, amount, Decimal(0), least, "minimum"))
            proposed[position] = Decimal(0)
    for category, cap in spec.caps.items():
        total = _sum_of(proposed, by_category.get(category, ()))
        if total > cap.amount:
            _trim(proposed, by_category.get(category, []), total - cap.amount, cap, "category",
                  cuts, unit, floors)
    excess = _sum_of(proposed, range(len(proposed))) - spec.cap.amount
    for category in spec.trim:
        if excess <= 0:
            break
        excess -= _trim(proposed, by_category.get(category, []), excess, spec.cap, "total",
                        cuts, unit, floors)
    return proposed, cuts


def _sum_of(proposed: Sequence[Decimal | None], positions: Sequence[int] | range) -> Decimal:
    total = Decimal(0)
    for position in positions:
        amount = proposed[position]
        if amount is not None:
            total = _EXACT.add(total, amount)
    return bounded(total)  # TooLargeError: located at the budget's lines by plan()


def _sum(lines: Sequence[PlannedLine], categories: set[str] | None, currency: str) -> Decimal:
    total = Decimal(0)
    for line in lines:
        if line.proposed is not None and (categories is None or line.category in categories):
            total = _EXACT.add(total, line.proposed.amount)
    return bounded(total)  # TooLargeError: located at the budget's lines by plan()


def _trim(proposed: list[Decimal | None], category: Sequence[int], excess: Decimal,
          cap: Money, scope: str, cuts: list[_Cut], unit: Decimal,
          floors: Mapping[int, Decimal] | None = None) -> Decimal:
    """Trim the amounts at the positions ``category`` by ``excess`` (or all of them, if that
    is more than they hold): each amount's digits below the currency's minor unit ``unit``,
    then the rest rounded up to the unit, shared in proportion to the amounts; the amounts
    left in whole minor units, each cut recorded in ``cuts``; the amount cut (at least
    ``excess``, unless the amounts hold less). A line with a floor (``floors``, by position,
    in whole minor units: what a minimum of the call's rules keeps of it) is trimmed only
    above it, in proportion to what it holds above it."""
    positions: list[int] = []
    amounts: list[Decimal] = []
    kept: list[Decimal] = []
    for i in category:
        amount = proposed[i]
        floor = floors.get(i, Decimal(0)) if floors else Decimal(0)
        if amount is not None and amount > floor:
            positions.append(i)
            amounts.append(_EXACT.subtract(amount, floor))  # what may be cut of it
            kept.append(floor)
    if not amounts:
        return Decimal(0)
    # in whole minor units: what each line holds of them (a stated 1180.005 holds 118000
    # cents and keeps its 0.005), and the cut, the excess rounded up
    whole = [int(_EXACT.divide(a, unit).to_integral_value(decimal.ROUND_FLOOR))
             for a in amounts]
    # a trimmed category is proposed in whole minor units: every line's digits below the
    # unit go with the cut, so only the rest of the excess is cut in whole units (2500.0001
    # under a cap of 2500.00000001 is 2500.00, not 2499.99): the trimmed total is within
    # the cap and less than one unit below it
    below = sum((_EXACT.subtract(a, _EXACT.multiply(Decimal(w), unit))
                 for a, w in zip(amounts, whole, strict=True)), Decimal(0))
    cut = max(0, int(_EXACT.divide(_EXACT.subtract(excess, below), unit)
                     .to_integral_value(decimal.ROUND_CEILING)))
    everything = cut > sum(whole)  # more than the lines hold in whole units: none is kept
    taken = whole if everything else _largest_remainder(cut, whole)
    cut_in_all = Decimal(0)
    for position, amount, held, units, floor in zip(positions, amounts, whole, taken, kept,
                                                    strict=True):
        if not units and not everything and amount == held * unit:
            continue  # neither cut nor holding digits below the unit: left as it is
        # what is left, in whole minor units: a trimmed line is a new amount, proposed as
        # money is paid (a stated 1180.005 trimmed by 100.00 is 1080.00, not 1080.005)
        left = _EXACT.multiply(Decimal(held - units), unit)
        cut_in_all = _EXACT.add(cut_in_all, _EXACT.subtract(amount, left))
        cuts.append((position, _EXACT.add(amount, floor), _EXACT.add(left, floor), cap,
                     scope))
        proposed[position] = _EXACT.add(left, floor)
    return cut_in_all


def _largest_remainder(units: int, weights: Sequence[int]) -> list[int]:
    """``units`` (at most the sum of ``weights``, whole numbers) shared in proportion to
    ``weights`` by the largest remainder, as :func:`callrules.budget.splits.split` shares
    money (ties to the larger weight, then the first): the shares add up to ``units``, none
    is more than its weight. In integers, for as many lines as a plan has (no bound but
    the call's and the application's)."""
    if not units:  # nothing to share (the weights may all be naught)
        return [0] * len(weights)
    total = sum(weights)
    shares = [units * w // total for w in weights]
    left = units - sum(shares)
    if left:
        remainders = [units * w % total for w in weights]
        order = sorted(range(len(weights)), key=lambda i: (-remainders[i], -weights[i], i))
        for index in order[:left]:
            shares[index] += 1
    return shares
