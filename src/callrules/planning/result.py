"""A budget plan as data: each proposed line with where its amount comes from, each trim
made to fit a cap, each line of the application left out, and the totals.

A plan is data: its words (text, HTML) are installed by the presentation layer
(:mod:`callrules._renderings`), as for reports.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import ValidationError

from callrules._models import Application, Budget, BudgetLine
from callrules._money import Money, amount_written, bounded
from callrules._portable import portable
from callrules._problems import error_text
from callrules._renderings import renderings
from callrules.exceptions import (
    ArgumentError,
    DefinitionError,
    argument_words,
    given_locale,
)

__all__ = ["BudgetPlan", "KeptMinimum", "LeftOut", "PlannedLine", "Reading", "Trim"]

_EXACT = decimal.Context(prec=60, traps=[decimal.InvalidOperation, decimal.Overflow])

#: The version of :meth:`BudgetPlan.to_dict`'s shape.
PLAN_SCHEMA_VERSION = 1

#: The most budget lines the planner tries a minor unit more on, one at a time, to tell
#: whether a proposal is the most the call allows: beyond, it cannot tell, and says so
#: (:attr:`BudgetPlan.most_said` ``untold``).
PROBED_LINES = 64

#: What a plan says of the most the call allows (:attr:`BudgetPlan.most_said`).
MostSaid = Literal["most", "more", "bound", "untold", "unfit"]


@portable
@dataclass(frozen=True, slots=True)
class Reading:
    """A value read in a rate table: the table (a parameter), the row's key as written, the
    first day of the version in force and its source."""

    table: str
    row: tuple[str, ...]
    since: date
    source: str
    value: Any

    def to_dict(self) -> dict[str, Any]:
        return {"table": self.table, "row": list(self.row), "since": self.since.isoformat(),
                "source": self.source, "value": _json(self.value)}


@portable
@dataclass(frozen=True, slots=True)
class PlannedLine:
    """One line of the plan, for one beneficiary (or for the application).

    ``status`` is ``computed`` (from the call's rates), ``stated`` (the applicant's own
    amount, kept) or ``to_state`` (the applicant must give it: ``reason`` says why, with
    ``ctx``)."""

    line: str
    category: str
    beneficiary: str | None
    name: str | None
    status: Literal["computed", "stated", "to_state"]
    #: The most the call's rates allow (computed), or the stated amount in the call's
    #: currency; None when the amount is to be stated.
    most: Money | None
    #: What the plan proposes, after any trim (None when to be stated).
    proposed: Money | None
    quantity: int | Decimal | None = None
    rate: Money | None = None
    readings: tuple[Reading, ...] = ()
    #: The label template of the line, per language (the call's own words).
    label: Mapping[str, str] = field(default_factory=dict)
    clause: str | None = None
    reason: str | None = None
    ctx: Mapping[str, Any] = field(default_factory=dict)
    #: The application's own line, when this line keeps it (stated).
    original: BudgetLine | None = None
    #: Where the original is in the application's budget.
    index: int | None = None
    #: The call's own rounding of a computed amount (``[budget] rounding``), None for the
    #: library's: half-even to the cent.
    rounding: Any = None

    @property
    def trimmed(self) -> bool:
        return self.most is not None and self.proposed is not None and self.proposed < self.most

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "category": self.category,
                "beneficiary": self.beneficiary, "status": self.status,
                "most": _json(self.most), "proposed": _json(self.proposed),
                "quantity": _json(self.quantity), "rate": _json(self.rate),
                "readings": [r.to_dict() for r in self.readings], "clause": self.clause,
                "reason": self.reason, "ctx": {k: _json(v) for k, v in self.ctx.items()},
                "index": self.index}


@portable
@dataclass(frozen=True, slots=True)
class Trim:
    """A line reduced to fit a cap: the total's (``scope`` ``total``) or its category's
    (``category``, a cap the call's plan declares), or to meet the call's rule of its
    ``clause`` (``rule``: a line computed from the other lines, such as a flat rate, trimmed
    to the share its rule allows; ``cap`` is then the amount the rule allows it), or removed
    from the budget for a rule on each line (``minimum``: ``cap`` is the least that rule asks,
    ``after`` nothing). ``category`` is the category whose cap the trim keeps: the line's
    own, or, for a line trimmed so that a flat rate computed from it stays within its
    category's cap (a flat rate its rule fixes to its rate is never trimmed on its own), the
    flat rate's. ``for_rules``: a line removed for its own minimum where a rule of the call
    that is no cap of the plan (« total ≤ €2,000 ») asked it, not the caps."""

    position: int
    line: str
    category: str
    beneficiary: str | None
    before: Money
    after: Money
    cap: Money
    scope: Literal["total", "category", "rule", "minimum"]
    clause: str
    for_rules: bool = False

    @property
    def by(self) -> Money:
        return self.before - self.after

    def to_dict(self) -> dict[str, Any]:
        return {"position": self.position, "line": self.line, "category": self.category,
                "beneficiary": self.beneficiary, "before": _json(self.before),
                "after": _json(self.after), "by": _json(self.by), "cap": _json(self.cap),
                "scope": self.scope, "clause": self.clause, "for_rules": self.for_rules}


@portable
@dataclass(frozen=True, slots=True)
class KeptMinimum:
    """A minimum of the call's rules on the budget that the trims (the caps', and those of
    a rule that is no cap of the plan) stopped at, as :attr:`BudgetPlan.minimums` lists it:
    its ``clause``, the least it asks in the plan's currency (``least``; a limit in another
    currency, the least amount whose conversion meets it), where it is asked (``each``:
    ``line``, each line at least it or removed from the budget; ``visitor``, each visitor's lines
    of ``categories``; ``all``, the lines of ``categories`` in all) and the categories of
    the lines it kept."""

    clause: str
    least: Money
    each: Literal["line", "visitor", "all"]
    categories: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"clause": self.clause, "least": _json(self.least), "each": self.each,
                "categories": list(self.categories)}


@portable
@dataclass(frozen=True, slots=True)
class LeftOut:
    """A line of the application the plan does not keep: ``replaced`` by a computed line of
    its category and beneficiary, or ``not_planned`` (no line of the plan is of its category
    and beneficiary)."""

    index: int
    original: BudgetLine
    reason: Literal["replaced", "not_planned"]

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "category": self.original.category,
                "beneficiary": self.original.beneficiary,
                "amount": _json(self.original.amount), "reason": self.reason}


@portable
@dataclass(frozen=True, slots=True)
class BudgetPlan:
    """A proposed budget for an application, line by line, within the call's caps.

    ``complete`` is False while some line is to be stated by the applicant; ``fits`` is False
    when the lines that cannot be trimmed exceed a cap. :meth:`budget` is the proposal as a
    :class:`~callrules.Budget`, :meth:`apply` puts it into the application."""

    call_id: str
    call_version: str
    application: Application
    currency: str
    cap: Money
    cap_param: str | None
    clause: str
    lines: tuple[PlannedLine, ...]
    trims: tuple[Trim, ...]
    left_out: tuple[LeftOut, ...]
    now: datetime | None = None
    #: The call, for its labels and clause titles (not compared).
    call: Any = field(default=None, compare=False, repr=False)
    #: The clauses whose rules on the budget the proposal, put into the application, breaks
    #: (:func:`callrules.planning.planner.budget_rules`): a line with no beneficiary where the
    #: call requires one, a line computed from the other lines that none of the proposals
    #: tried brought within its rule…
    breaks: tuple[str, ...] = ()
    #: The clauses of the call's other rules (not on the budget) that the application, with
    #: the proposal put into it, breaks, as ``check`` would say at the plan's instant: no
    #: budget mends them (a stay over the call's length, a missing document…).
    elsewhere: tuple[str, ...] = ()
    #: The cap of each category the plan declares, in the plan's currency (as trimmed to):
    #: the most said for a category or a participant is within them, as the call's rules
    #: judge the budget.
    caps: Mapping[str, Money] = field(default_factory=dict)
    #: The most the caps and the call's rules keep, where a line computed from the budget
    #: is held to its rule (fixed to its rate, or at least it: the lines it is computed
    #: from are trimmed, not it), as the planner found it: its proposal; None where the most
    #: is the lines' mosts within the caps.
    reach: Money | None = None
    #: The most a rule of the call allows each beneficiary in all (a rule capping each
    #: visitor's lines, that the plan was trimmed to): the most said for a participant is
    #: within it.
    limits: Mapping[str, Money] = field(default_factory=dict)
    #: What the lines come to at their mosts within the caps, when the call's rules on the
    #: budget refuse that budget (None when they accept it, or it was not asked): then
    #: :attr:`most` is a bound the planner did not reach, and the plan says so.
    unreached: Money | None = None
    #: Whether the call's rules on the budget accept the proposal, put into the application,
    #: with a minor unit more on one of its lines (the plan's rates, which ``check`` does not
    #: hold the lines to, below what the rules accept): then the proposal is not the most
    #: the call allows, and the plan does not say it is. Asked of a plan that fits; None
    #: where the planner could not tell (more than :data:`PROBED_LINES` lines to try): no
    #: most said either, and the plan says it could not tell (:attr:`most_said`).
    room: bool | None = False
    #: Whether the planner stopped trimming the proposal to the call's rules on the budget
    #: at the most proposals it may judge (a plan's work is bounded), with trims left to
    #: try: the proposal breaks those rules (:attr:`breaks`), but a smaller one it did not
    #: try might keep them, and the plan says so, never that no budget fits.
    stopped: bool = False
    #: The minimums of the call's rules that the trims stopped at (a line kept at one, or
    #: removed from the budget for a rule on each line), one a rule: the plan says each.
    minimums: tuple[KeptMinimum, ...] = ()

    @property
    def application_id(self) -> str:
        return self.application.id

    @property
    def complete(self) -> bool:
        """No line is left for the applicant to state."""
        return all(line.status != "to_state" for line in self.lines)

    @property
    def total(self) -> Money:
        """The proposed total, in the call's currency."""
        return Money.total((line.proposed for line in self.lines if line.proposed is not None),
                           self.currency)

    @property
    def most(self) -> Money:
        """The most the call's rates and the stated amounts come to, before trimming, capped
        (each category within its cap, the whole within the call's cap); where a line
        computed from the budget is held to its rule (:attr:`reach`), the largest proposal
        the caps and the rules keep: under its category's cap, a flat rate fixed to 25 % of
        the others keeps the whole to five times that cap, whatever the call's cap."""
        if self.reach is not None:
            return self.reach
        return self._sums(lambda line: "", False).get("", Money(0, self.currency))

    @property
    def is_most(self) -> bool:
        """Whether the proposal is the most the call allows, and the plan says so: it fits
        (``check`` accepts it), the call's rules on the budget refuse a minor unit more on
        any of its lines, and no bound was left unreached (:attr:`most_said` ``most``)."""
        return self.fits and self.unreached is None and self.room is False

    @property
    def most_said(self) -> MostSaid:
        """What the plan says of the most the call allows, as a code (``most_said`` in its
        JSON; its text says it in words):

        - ``most``: the proposal is the most the call allows (:attr:`is_most`): ``check``
          accepts it and refuses a minor unit more on any one of its lines;
        - ``more``: ``check`` accepts it and would accept more on some line (the plan's
          rates are not rules of the call): the call allows more than the proposal;
        - ``bound``: the lines at their mosts within the caps (:attr:`unreached`) are a
          budget the call's rules refuse: the most they accept may be less, and the planner
          may not have found it;
        - ``untold``: ``check`` accepts the proposal, but the budget has more than
          :data:`PROBED_LINES` lines, more than the planner tries one by one: it could not
          tell whether the call allows more;
        - ``unfit``: the proposal does not fit: no most is said."""
        if self.unreached is not None:
            return "bound"
        if not self.fits:
            return "unfit"
        if self.room is None:
            return "untold"
        return "more" if self.room else "most"

    @property
    def fits(self) -> bool:
        """The proposed total is within the cap, each category within the cap the plan
        declares for it, and the proposal, put into the application, breaks no rule of the
        call that reads the budget."""
        return self.total <= self.cap and not self.over_caps and not self.breaks

    @property
    def over_caps(self) -> dict[str, Money]:
        """By how much the proposal puts each category over the cap the plan declares for
        it, for those it puts over (a line its rule fixes to its rate, computed from lines
        that cannot be trimmed): none for a plan that fits."""
        sums: dict[str, Decimal] = {}
        for line in self.lines:
            if line.proposed is not None and line.category in self.caps:
                sums[line.category] = _EXACT.add(sums.get(line.category, Decimal(0)),
                                                 line.proposed.amount)
        return {category: Money._trusted(_EXACT.subtract(sums[category], cap.amount),
                                         self.currency)
                for category, cap in self.caps.items()
                if sums.get(category, Decimal(0)) > cap.amount}

    def by_category(self, *, proposed: bool = True) -> dict[str, Money]:
        """The proposed (or most allowed) amount of each category, in the plan's order: the
        most is within the category's cap and the call's cap."""
        return self._sums(lambda line: line.category, proposed)

    def by_participant(self, *, proposed: bool = True) -> dict[str, Money]:
        """The proposed (or most allowed) amount for each beneficiary, in the plan's order:
        the most is what the caps leave them (each category's part within its cap, the
        whole within the call's cap)."""
        return self._sums(lambda line: line.beneficiary or "", proposed,
                          {} if proposed else self.limits)

    def _sums(self, key: Any, proposed: bool, limits: Mapping[str, Money] | None = None
              ) -> dict[str, Money]:
        sums: dict[str, dict[str, Decimal]] = {}
        for line in self.lines:
            value = line.proposed if proposed else line.most
            if value is None:
                continue
            parts = sums.setdefault(key(line), {})
            parts[line.category] = _EXACT.add(parts.get(line.category, Decimal(0)),
                                              value.amount)
        # as Money adds them (exactly, in the plan's currency, within the amount's bound);
        # the most, never more than the caps allow: each category's part within its cap, the
        # whole within the call's cap (the figure said is one the call's rules accept)
        out: dict[str, Money] = {}
        for name, parts in sums.items():
            amount = Decimal(0)
            for category, part in parts.items():
                cap = None if proposed else self.caps.get(category)
                amount = _EXACT.add(amount, part if cap is None else min(part, cap.amount))
            if not proposed:
                amount = min(amount, self.cap.amount)
                if limits and name in limits:  # a rule's cap of the participant's whole
                    amount = min(amount, limits[name].amount)
            out[name] = Money._trusted(bounded(amount), self.currency)
        return out

    def budget(self) -> Budget:
        """The proposal as a budget: a line per proposed amount above zero (a stated line
        that is not trimmed is the application's own line, as it was)."""
        lang = self.application.language
        lines: list[Any] = []
        for line in self.lines:
            if line.proposed is None or not line.proposed.amount:
                continue
            if line.original is not None and not line.trimmed:
                lines.append(line.original)
                continue
            text = renderings().plan_line_label(self, line, lang)[:500] or None
            proposed: dict[str, Any] = {"category": line.category, "amount": line.proposed,
                                        "beneficiary": line.beneficiary, "label": text}
            if line.original is not None:
                proposed["fields"] = line.original.fields
            lines.append(proposed)
        # the call's own budget model (its vocabularies, its declared fields), not the generic
        try:
            budget: Budget = type(self.application.budget).model_validate({"lines": lines})
        except ValidationError as exc:  # the call's plan and budget model disagree
            first = exc.errors(include_url=False)[0]
            raise DefinitionError(
                f"the plan proposes a budget line that the call's budget model refuses: "
                f"{error_text(first)}", code="bad_plan",
                source=getattr(self.call, "source", "<call>"), loc=("plan", "lines")) from None
        return budget

    def apply(self, application: Application | None = None) -> Application:
        """``application`` (by default the planned one) with the proposed budget."""
        if application is not None and not isinstance(application, Application):
            raise ArgumentError("application: an application (as Call.parse reads it) or "
                                f"None was expected, not {type(application).__name__}",
                                words=argument_words("application", application,
                                                     "kind_application"))
        target = self.application if application is None else application
        return target.model_copy(update={"budget": self.budget()})

    def to_dict(self, locale: str | None = None) -> dict[str, Any]:
        """The plan as a JSON-ready dict: codes and paths for programs, and each line's label
        and each trim's reason in ``locale``'s words."""
        given_locale(locale)  # (not text, or naming no language: refused at once, in words)
        words = renderings()
        lines = []
        for line in self.lines:
            data = line.to_dict()
            data["label_text"] = words.plan_line_label(self, line, locale)
            data["explanation"] = words.plan_line_explanation(self, line, locale)
            lines.append(data)
        return {
            "schema_version": PLAN_SCHEMA_VERSION,
            "call": {"id": self.call_id, "version": self.call_version},
            "application": self.application_id,
            "currency": self.currency,
            "cap": _json(self.cap), "cap_param": self.cap_param, "clause": self.clause,
            "complete": self.complete, "fits": self.fits, "breaks": list(self.breaks),
            "stopped": self.stopped,
            "over_caps": {k: _json(v) for k, v in self.over_caps.items()},
            "elsewhere": list(self.elsewhere),
            "total": _json(self.total), "most": _json(self.most),
            "unreached": None if self.unreached is None else _json(self.unreached),
            "is_most": self.is_most, "most_said": self.most_said,
            "by_category": {k: _json(v) for k, v in self.by_category().items()},
            "by_participant": {k: _json(v) for k, v in self.by_participant().items()},
            "most_by_category": {k: _json(v) for k, v in
                                 self.by_category(proposed=False).items()},
            "most_by_participant": {k: _json(v) for k, v in
                                    self.by_participant(proposed=False).items()},
            "lines": lines,
            "trims": [dict(t.to_dict(), text=words.plan_trim(self, t, locale))
                      for t in self.trims],
            "left_out": [dict(x.to_dict(), text=words.plan_left_out(self, x, locale))
                         for x in self.left_out],
            "minimums": [dict(m.to_dict(), text=words.plan_minimum(self, m, locale))
                         for m in self.minimums],
            # (a stated line kept is the applicant's own, its amount written as every other)
            "budget": [dict(line.model_dump(mode="json"), amount=_json(line.amount))
                       for line in self.budget().lines],
            "now": None if self.now is None else self.now.isoformat(),
        }

    def render(self, locale: str | None = None) -> str:
        """The plan as text for a person, in ``locale`` (None: the session's language)."""
        given_locale(locale)  # (not text, or naming no language: refused at once, in words)
        return renderings().plan_text(self, locale)

    def __str__(self) -> str:
        return self.render()

    def html(self, locale: str | None = None) -> str:
        """The plan as an HTML fragment (for a notebook or a page)."""
        given_locale(locale)  # (not text, or naming no language: refused at once, in words)
        return renderings().plan_html(self, locale)

    def _repr_html_(self) -> str:
        return self.html()


def _json(value: Any) -> Any:
    if isinstance(value, Money):
        return {"amount": amount_written(value), "currency": value.currency}
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_json(v) for v in value]
    return value
