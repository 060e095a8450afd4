"""A selection: per application, its combined score, rank, decision and amount funded, why.

Data only: the words for people (text, HTML, a DataFrame) are made by
:mod:`callrules.selection.render`, which reads these classes; JSON keeps codes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from callrules._models import Application
from callrules._money import Money, amount_held, amount_written
from callrules._portable import portable
from callrules._report import to_json_value
from callrules.exceptions import ArgumentError, InputError, UnknownIdError
from callrules.selection.criteria import SelectionRules
from callrules.selection.scores import ScoreProblem, ScoreRow

__all__ = ["Decision", "Reason", "Selection", "SelectionEntry"]


class Decision(StrEnum):
    """What the selection decided for an application."""

    FUNDED = "funded"
    RESERVE = "reserve"
    OVER_LIMIT = "over_limit"
    BELOW_THRESHOLD = "below_threshold"
    UNSCORED = "unscored"
    NOT_ELIGIBLE = "not_eligible"


#: The order in which the applications that are not ranked are listed.
DECISION_ORDER = tuple(Decision)


@portable
@dataclass(frozen=True, slots=True)
class Reason:
    """Why an application got its decision: a stable ``code`` and the values of its message."""

    code: str
    ctx: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    #: Where in the batch the records its words name were given, by the name of the value
    #: (``others``: the records of ``unscored_same_id`` that share the id), each its source
    #: as read (``batch.jsonl:7``) or, for a record given bare, its number in the batch (an
    #: int): words for people, not part of the decision, so :meth:`to_dict` leaves them out
    #: (they change with the order of the batch, which decides nothing).
    #: (``more``: how many more records the words count without naming them, a 1-tuple: a
    #: reason names at most a few, so n records under one id make words that grow as n.)
    #: Read-only, as the selection's other mappings.
    places: Mapping[str, tuple[int | str, ...]] = field(
        default_factory=lambda: MappingProxyType({}), compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.places, MappingProxyType):  # (a copy the caller cannot change)
            object.__setattr__(self, "places", MappingProxyType(
                {key: tuple(value) for key, value in self.places.items()}))

    def to_dict(self, *, recorded: bool = False) -> dict[str, Any]:
        """A JSON-ready dict: the code and its values (exact: decimals as text); not its
        :attr:`places`. Amounts with the currency's places at least
        (:func:`~callrules._money.amount_written`), or, ``recorded``, as a selection record
        holds them (:func:`~callrules._money.amount_held`)."""
        amount = amount_held if recorded else amount_written
        return {"code": self.code,
                "ctx": {k: to_json_value(v, amount=amount) for k, v in sorted(self.ctx.items())}}


@portable
@dataclass(frozen=True, slots=True)
class SelectionEntry:
    """One application in a selection."""

    application_id: str
    decision: Decision
    reasons: tuple[Reason, ...]
    #: The combined score on each criterion (rounded to the rules' precision), by id.
    criteria: Mapping[str, Decimal]
    #: How many reviewers scored each criterion, by id.
    reviewers: Mapping[str, int]
    #: The weighted total of the combined scores; None when not every criterion is scored.
    score: Decimal | None
    #: 1 for the best; None for an application that is not ranked (not eligible, unscored,
    #: below a threshold).
    rank: int | None
    #: The budget total in the call's currency; None when it cannot be totalled.
    requested: Money | None
    funded: Money
    submitted_at: datetime | None = None

    def to_dict(self, *, recorded: bool = False) -> dict[str, Any]:
        """A JSON-ready dict (codes and exact decimals as text; amounts as
        :meth:`Reason.to_dict` writes them)."""
        amount = amount_held if recorded else amount_written
        return {
            "application": self.application_id,
            "decision": self.decision.value,
            "rank": self.rank,
            # (written as a reason's values are: one number, one text; never "0E-7")
            "score": to_json_value(self.score),
            "criteria": {k: to_json_value(v) for k, v in self.criteria.items()},
            "reviewers": dict(self.reviewers),
            "requested": to_json_value(self.requested, amount=amount),
            "funded": to_json_value(self.funded, amount=amount),
            "reasons": [r.to_dict(recorded=recorded) for r in self.reasons],
        }


@portable
@dataclass(frozen=True, eq=False)
class Selection:
    """The outcome of a selection for a call: one entry per application, ranked ones first
    in rank order, then the others by decision and id; with the score lines not used.

    ``applications`` and ``scores`` are the inputs as read, kept so that the selection can
    be recorded and replayed (:func:`callrules.selection_record`). Two selections are compared
    by their :meth:`outcome`.
    """

    call_id: str
    call_version: str
    rules: SelectionRules
    envelope: Money
    entries: tuple[SelectionEntry, ...]
    problems: tuple[ScoreProblem, ...]
    #: Records of the batch that were not valid applications: (where, the error's text).
    input_errors: tuple[tuple[str, str], ...]
    #: The same records, in the same order: (their number in the batch, from 1; where; the
    #: error, whose problems have codes and words).
    unread: tuple[tuple[int, str, InputError], ...]
    now: datetime | None
    applications: tuple[Application, ...] = field(repr=False)
    scores: tuple[ScoreRow, ...] = field(repr=False)
    #: The call's texts (criteria labels, clause titles), for renderings.
    call: Any = field(default=None, repr=False, compare=False)

    def __iter__(self) -> Iterator[SelectionEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def entry(self, application_id: str) -> SelectionEntry:
        """The entry of an application, by id (:class:`~callrules.ArgumentError`
        ``unknown_id``, also a ``KeyError``, if none; ``ambiguous_id`` if two records of
        the batch, different, have this id: both are in :attr:`entries`, not ranked, and
        neither is "the" entry)."""
        found = [entry for entry in self.entries if entry.application_id == application_id]
        if len(found) > 1:
            raise ArgumentError(
                f"application_id: {len(found)} entries have the id {application_id!r:.80} "
                "(different records of the batch under one id, none ranked): read them in "
                "entries", code="ambiguous_id")
        if not found:
            raise UnknownIdError("application_id", application_id)
        return found[0]

    @property
    def funded(self) -> tuple[SelectionEntry, ...]:
        """The funded entries, in rank order."""
        return tuple(e for e in self.entries if e.decision is Decision.FUNDED)

    @property
    def funded_total(self) -> Money:
        """The sum of the amounts funded (never more than the envelope)."""
        return Money.total((e.funded for e in self.entries), self.envelope.currency)

    @property
    def remaining(self) -> Money:
        """What is left of the envelope."""
        return self.envelope - self.funded_total

    def outcome(self) -> list[dict[str, Any]]:
        """The decisions as JSON-ready data, in order: what a selection record holds and a
        replay compares. Its amounts are written as records have always held them, with the
        digits they hold (``"1000"`` for an application asking 1000 EUR;
        :func:`~callrules._money.amount_held`), so that a record replays the same on any
        version where nothing changed; :meth:`to_dict` writes them with the currency's
        places, as every other machine output."""
        return [e.to_dict(recorded=True) for e in self.entries]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the whole selection (codes, exact amounts)."""
        return {
            "call": {"id": self.call_id, "version": self.call_version},
            "now": None if self.now is None else self.now.isoformat(),
            "envelope": to_json_value(self.envelope),
            "funded_total": to_json_value(self.funded_total),
            "remaining": to_json_value(self.remaining),
            "entries": [e.to_dict() for e in self.entries],
            "problems": [p.to_dict() for p in self.problems],
            "input_errors": [{"source": s, "error": e, "record": n,
                              "problems": [p.to_dict() for p in error.problems]}
                             for (s, e), (n, _, error) in zip(self.input_errors, self.unread,
                                                              strict=True)],
        }
