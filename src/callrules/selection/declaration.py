"""The call file's ``[[criteria]]`` and ``[selection]``, read and checked as frozen data.

A call file may declare the criteria reviewers score (``[[criteria]]``: an id, a label in each
of the call's languages, a scale, a weight, optionally a threshold) and how a panel selects
(``[selection]``: how reviewers' scores combine, a threshold on the total, the order of
criteria that breaks ties, the envelope, partial funding, portfolio limits). They are read by
:func:`read_selection` into :class:`SelectionRules` when a call that declares them is loaded
(so that ``callrules validate`` refuses what ``callrules select`` would); a mistake raises
:class:`~callrules.DefinitionError` naming the file and the place in it. This module knows
the call file only, never a loaded call: the call's loading runs it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)
from types import MappingProxyType
from typing import Any, Literal

from pydantic import ValidationError

from callrules._codes import currency_minor_unit
from callrules._definitions import (
    CallFile,
    CriterionFile,
    SelectionFile,
    SelectionNumber,
    SelectionTable,
)
from callrules._in_words import ExactInWords, LabelInWords
from callrules._money import Money, parse_amount
from callrules._portable import portable
from callrules._problems import AmountError, error_text
from callrules._suggest import did_you_mean
from callrules.exceptions import ArgumentError, DefinitionError, UnknownIdError, argument_words

__all__ = ["COMBINE", "LIMIT_KINDS", "Criterion", "PortfolioLimit", "Scale", "SelectionRules",
           "decimal_places", "read_selection"]

#: How the scores reviewers give one criterion combine into the application's score on it.
COMBINE = ("mean", "median", "trimmed_mean")
#: What a portfolio limit counts: funded applications per host unit, or per home country of
#: the visitors (an application counts once for each country its visitors come from).
LIMIT_KINDS = ("host_unit", "country")


def decimal_places(value: Decimal) -> int:
    """How many decimals ``value`` has past its last digit that is not zero (``4.50`` one).

    >>> [decimal_places(Decimal(text)) for text in ("4.500", "40", "1E-400", "0.000")]
    [1, 0, 400, 0]
    """
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exponent + zeros)) if any(digits) else 0


@portable
@dataclass(frozen=True, slots=True)
class Scale:
    """The scores a reviewer may give: from ``minimum`` to ``maximum``, by ``step`` if set."""

    minimum: Decimal
    maximum: Decimal
    step: Decimal | None = None

    def contains(self, value: Decimal) -> bool:
        """True when ``value`` is a score of this scale.

        >>> Scale(Decimal(0), Decimal(5), Decimal("0.5")).contains(Decimal("3.5"))
        True
        >>> Scale(Decimal(0), Decimal(5), Decimal(1)).contains(Decimal("3.5"))
        False
        """
        if isinstance(value, bool) or not isinstance(value, (Decimal, int)) or (
                isinstance(value, Decimal) and not value.is_finite()):
            raise ArgumentError("value: a score, a finite Decimal or a whole number, was "
                                f"expected, not {type(value).__name__}",
                                words=argument_words("value", value, "kind_score"))
        if not self.minimum <= value <= self.maximum:
            return False
        if self.step is None:
            return True
        value = Decimal(value)
        # exact, whatever the digits of ``value`` and whatever the caller's decimal context
        # (``getcontext().prec = 3``): a score on the step has no more decimals than the
        # scale's min and step (4.000000000000000000000000000001 is off a step of 1, never
        # rounded onto it); then the difference and the remainder are computed in a context
        # of as many digits as they can have, so never rounded nor refused
        minimum, step = Decimal(self.minimum), Decimal(self.step)  # (ints given: exact)
        if decimal_places(value) > max(decimal_places(minimum), decimal_places(step)):
            return False
        terms = (value, minimum, step)
        digits = max(term.adjusted() for term in terms) - min(
            int(term.as_tuple().exponent) for term in terms) + 2
        exact = Context(prec=max(digits, 28), Emax=MAX_EMAX, Emin=MIN_EMIN,
                        traps=[InvalidOperation, Inexact, DivisionByZero, Overflow])
        with localcontext(exact):
            return ((value - minimum) % step).is_zero()


@portable
@dataclass(frozen=True, slots=True)
class Criterion:
    """A criterion reviewers score: its id, its label by language, scale, weight, threshold."""

    id: str
    label: Mapping[str, str]
    scale: Scale
    weight: Decimal = Decimal(1)
    #: The least combined score on this criterion an application needs to be ranked.
    threshold: Decimal | None = None


@portable
@dataclass(frozen=True, slots=True)
class PortfolioLimit:
    """At most ``at_most`` funded applications per host unit, or per home country."""

    per: Literal["host_unit", "country"]
    at_most: int


@portable
@dataclass(frozen=True, slots=True)
class SelectionRules:
    """How a panel selects for a call: its criteria and its rules, as the call file states."""

    criteria: tuple[Criterion, ...]
    combine: Literal["mean", "median", "trimmed_mean"] = "mean"
    #: For ``trimmed_mean``: how many of the lowest and of the highest scores are dropped.
    trim: int = 1
    min_reviewers: int = 1
    #: Combined scores are rounded half-even to this quantum (``0.01``) before any decision.
    precision: Decimal = Decimal("0.01")
    #: The least total an application needs to be ranked.
    threshold: Decimal | None = None
    #: The criteria whose scores break a tie on the total, in order (then the earlier
    #: submission, then the application id).
    tie_break: tuple[str, ...] = ()
    envelope: Money | None = None
    partial_funding: bool = False
    #: When a proposal does not fit in what remains: go on down the list funding those that
    #: fit (True), or stop there (False: the rest are on the reserve list).
    fill: bool = False
    limits: tuple[PortfolioLimit, ...] = ()

    def criterion(self, criterion_id: str) -> Criterion:
        """The criterion with this id (:class:`~callrules.ArgumentError` ``unknown_id``,
        also a ``KeyError``, if none)."""
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise UnknownIdError("criterion_id", criterion_id)

    @property
    def ids(self) -> tuple[str, ...]:
        """The criteria's ids, in the order the call declares them."""
        return tuple(c.id for c in self.criteria)



def _error(source: str, message: str, code: str, loc: tuple[str | int, ...],
           hint: str | None = None) -> DefinitionError:
    return DefinitionError(message, code=code, source=source, loc=loc, hint=hint)


def _validated(source: str, model: type[SelectionTable], data: object,
               loc: tuple[str | int, ...]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        place = tuple(p for p in first["loc"] if not (isinstance(p, str) and "[" in p))
        hint = "remove this key, or check its spelling" \
            if first["type"] == "extra_forbidden" else None
        raise _error(source, error_text(first), first["type"], loc + place, hint) from None


def _decimal(source: str, value: SelectionNumber, loc: tuple[str | int, ...]) -> Decimal:
    try:
        return parse_amount(value)
    except AmountError as exc:
        raise _error(source, f"not a plain decimal number: {exc}", "bad_number", loc) from None


def _reachable(source: str, threshold: Decimal | None, most: Decimal,
               criterion: Criterion | None, index: int | None) -> None:
    """Refuse a threshold above the highest score it is compared with (``most``: the top of
    the criterion's scale, or the weighted sum of the tops for the total): no application
    could reach it, so none would ever be ranked (``bad_threshold``, in the reader's
    language, naming the criterion), as the rules that could never hold are refused."""
    if threshold is None or threshold <= most:
        return
    if criterion is None:
        raise DefinitionError(
            f"the threshold on the total, {threshold}, is above the highest total the "
            f"criteria can give ({most})", code="bad_threshold", source=source,
            loc=("selection", "threshold"), hint=f"give a threshold of at most {most}",
            words=("threshold_total_unreachable", {
                "value": ExactInWords(threshold), "most": ExactInWords(most)}))
    raise DefinitionError(
        f"the threshold of {criterion.id!r}, {threshold}, is above the top of its scale "
        f"({most})", code="bad_threshold", source=source,
        loc=("criteria", index or 0, "threshold"), hint=f"give a threshold of at most {most}",
        words=("threshold_criterion_unreachable", {
            "criterion": LabelInWords(criterion.label), "value": ExactInWords(threshold),
            "most": ExactInWords(most)}))


def read_selection(definition: CallFile, *, source: str) -> SelectionRules:
    """The selection criteria and rules ``definition`` declares, read and checked:
    :class:`~callrules.DefinitionError` (naming ``source`` and the place in it) if they are
    malformed, or if the call declares no criteria. Run when a call that declares
    ``[[criteria]]`` or ``[selection]`` is loaded, so that ``validate`` refuses what
    ``select`` would (as the ``[plan]`` is built when the call loads)."""
    if not definition.criteria:
        raise _error(source, "the call declares no selection criteria", "no_criteria",
                     ("criteria",), "add [[criteria]] tables with an id, a label and a scale")
    criteria: list[Criterion] = []
    for index, raw in enumerate(definition.criteria):
        loc: tuple[str | int, ...] = ("criteria", index)
        parsed: CriterionFile = _validated(source, CriterionFile, raw, loc)
        missing = set(definition.languages) - set(parsed.label)
        if missing:
            raise _error(source, f"no {', '.join(sorted(missing))} label, though the call "
                         f"declares languages {', '.join(definition.languages)}",
                         "missing_translation", loc + ("label",))
        low = _decimal(source, parsed.scale.min, loc + ("scale", "min"))
        high = _decimal(source, parsed.scale.max, loc + ("scale", "max"))
        step = None if parsed.scale.step is None else _decimal(
            source, parsed.scale.step, loc + ("scale", "step"))
        if high <= low:
            raise _error(source, "the scale's max must be above its min", "bad_scale",
                         loc + ("scale",))
        if step is not None and (step <= 0 or not ((high - low) % step).is_zero()):
            raise _error(source, "the scale's step must be positive and divide max - min",
                         "bad_scale", loc + ("scale", "step"))
        weight = _decimal(source, parsed.weight, loc + ("weight",))
        if weight <= 0:
            raise _error(source, "a weight must be positive", "bad_weight", loc + ("weight",))
        threshold = None if parsed.threshold is None else _decimal(
            source, parsed.threshold, loc + ("threshold",))
        if any(c.id == parsed.id for c in criteria):
            raise _error(source, f"two criteria have the id {parsed.id!r}", "duplicate_criterion",
                         loc + ("id",))
        criteria.append(Criterion(parsed.id, MappingProxyType(dict(parsed.label)),
                                  Scale(low, high, step), weight, threshold))
    for index, criterion in enumerate(criteria):
        _reachable(source, criterion.threshold, criterion.scale.maximum, criterion, index)
    ids = [c.id for c in criteria]
    rules: SelectionFile = _validated(source, SelectionFile, definition.selection or {},
                                       ("selection",))
    tie_break = tuple(rules.tie_break) if rules.tie_break is not None else tuple(ids)
    for index, name in enumerate(tie_break):
        if name not in ids:
            raise _error(source, f"tie_break names {name!r}, which is not a criterion of the "
                         "call", "unknown_criterion", ("selection", "tie_break", index),
                         did_you_mean(name, ids))
    if len(set(tie_break)) != len(tie_break):
        raise _error(source, "tie_break names a criterion twice", "duplicate_criterion",
                     ("selection", "tie_break"))
    precision = _decimal(source, rules.precision, ("selection", "precision"))
    if precision <= 0 or precision.normalize().as_tuple().digits != (1,):
        raise _error(source, "the precision is a power of ten, such as 0.01, 0.1 or 1",
                     "bad_number", ("selection", "precision"))
    envelope = None
    if rules.envelope is not None:
        try:
            envelope = Money(rules.envelope.get("amount"), rules.envelope.get("currency", ""))
        except (ValueError, TypeError) as exc:
            raise _error(source, f"not an amount of money: {exc}", "bad_envelope",
                         ("selection", "envelope")) from None
        # never more decimals than the currency has: ``20.000`` may be twenty thousand
        places = currency_minor_unit(envelope.currency)
        exponent = envelope.amount.as_tuple().exponent
        if set(rules.envelope) != {"amount", "currency"} \
                or envelope.currency != definition.currency or envelope.amount < 0 \
                or (isinstance(exponent, int) and exponent < -places):
            raise _error(source, f"the envelope is {{amount = \"…\", currency = "
                         f"\"{definition.currency}\"}}, not negative, in the call's currency, with "
                         f"at most {places} decimals (no thousands separator)",
                         "bad_envelope", ("selection", "envelope"))
    if rules.threshold is not None:
        most = sum((c.weight * c.scale.maximum for c in criteria), Decimal(0))
        _reachable(source, _decimal(source, rules.threshold, ("selection", "threshold")),
                   most, None, None)
    pers = [limit.per for limit in rules.limits]
    if len(set(pers)) != len(pers):
        raise _error(source, "two limits count the same thing", "bad_limit",
                     ("selection", "limits"))
    return SelectionRules(
        tuple(criteria), rules.combine, rules.trim, rules.min_reviewers, precision,
        None if rules.threshold is None else _decimal(source, rules.threshold,
                                                      ("selection", "threshold")),
        tie_break, envelope, rules.partial_funding, rules.fill,
        tuple(PortfolioLimit(limit.per, limit.at_most) for limit in rules.limits))
