"""A decision record of a whole selection, and its replay.

The record holds the call's id, version and the digest of its definition, the library
version, the envelope, the instant eligibility was decided at, the inputs (applications and
score lines, with the lines that could not be read) and their digest, and the outcome: per
application its decision, rank, scores and amounts. :func:`replay_selection` runs the
selection again on the recorded inputs and says what changed, if anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Any, cast

from callrules import __version__, calls
from callrules._call import Call
from callrules._money import Money
from callrules._record import call_digest, digest
from callrules._time import require_aware
from callrules.exceptions import ArgumentError, InputError, InputProblem
from callrules.selection.ranking import select
from callrules.selection.result import Selection
from callrules.selection.scores import ScoreProblem, ScoreRow, ScoreSheet, Unit

__all__ = ["SELECTION_RECORD_VERSION", "SelectionReplay", "replay_selection",
           "selection_record"]

SELECTION_RECORD_VERSION = 1


def _inputs(selection: Selection) -> dict[str, Any]:
    used = {r.where for r in selection.scores}
    return {
        "applications": [a.model_dump(mode="json") for a in selection.applications],
        "scores": [{"application": r.application, "reviewer": r.reviewer,
                    "criterion": r.criterion, "score": str(r.value), "source": r.source,
                    "line": r.line, "unit": r.unit} for r in selection.scores],
        # the lines that could not even be read (they are no score rows)
        "unread": [p.to_dict() for p in selection.problems
                   if p.where not in used and p.code not in _CHECKED],
    }


_CHECKED = frozenset({"score_unknown_criterion", "score_out_of_scale", "score_off_step",
                      "score_unknown_application", "score_duplicate"})


def selection_record(selection: Selection, *, decided_at: datetime | None = None
                     ) -> dict[str, Any]:
    """A JSON-ready decision record of ``selection`` (``decided_at``: when, aware)."""
    ArgumentError.check(selection, Selection, "selection: a Selection")
    if decided_at is not None:
        require_aware(decided_at, "decided_at")
    inputs = _inputs(selection)
    return {
        "record_version": SELECTION_RECORD_VERSION,
        "kind": "selection",
        "call": {"id": selection.call_id, "version": selection.call_version,
                 "digest": call_digest(selection.call)},
        "library_version": __version__,
        "decided_at": None if decided_at is None else decided_at.isoformat(),
        "now": None if selection.now is None else selection.now.isoformat(),
        "envelope": {"amount": str(selection.envelope.amount),
                     "currency": selection.envelope.currency},
        "input_digest": digest(inputs),
        "inputs": inputs,
        "outcome": selection.outcome(),
    }


@dataclass(frozen=True, slots=True)
class SelectionReplay:
    """The outcome of replaying a selection record: the same, or what changed."""

    same: bool
    changes: tuple[str, ...]
    selection: Selection


def _bad(message: str) -> InputError:
    return InputError([InputProblem((), "bad_record", message)], source="selection record")


def _sheet(inputs: Mapping[str, Any]) -> ScoreSheet:
    rows = tuple(ScoreRow(str(r["application"]), str(r["reviewer"]), str(r["criterion"]),
                          Decimal(str(r["score"])), str(r["source"]), int(r["line"]),
                          _unit(r))
                 for r in inputs["scores"])
    unread = tuple(ScoreProblem(str(p["source"]), int(p["line"]), str(p["code"]),
                                MappingProxyType(dict(p["ctx"])), p.get("application"),
                                _unit(p))
                   for p in inputs.get("unread", []))
    return ScoreSheet(rows, unread)


def _unit(entry: Mapping[str, Any]) -> Unit:
    """What a recorded score's number counts (a line, in records written before it was
    said)."""
    unit = entry.get("unit", "line")
    if unit not in ("line", "item", "file"):
        raise ValueError(f"unit {unit!r}")
    return cast(Unit, unit)


def replay_selection(record: Mapping[str, Any], call: Call | None = None) -> SelectionReplay:
    """Run the recorded selection again (against ``call`` or the call the record names) and
    compare: the same outcome, or the list of what changed (the call, the library, and each
    application whose decision, rank, score or amount differs). :class:`InputError` if the
    record is malformed or its inputs were altered."""
    if call is not None:
        ArgumentError.check(call, Call, "call: a Call or None")
    if not isinstance(record, Mapping) or record.get("kind") != "selection" or \
            record.get("record_version") != SELECTION_RECORD_VERSION:
        raise _bad(f"not a selection record of version {SELECTION_RECORD_VERSION}")
    try:
        info, inputs, before = record["call"], record["inputs"], record["outcome"]
        now = None if record["now"] is None else require_aware(
            datetime.fromisoformat(record["now"]), "now")
        envelope = Money(record["envelope"]["amount"], record["envelope"]["currency"])
        sheet = _sheet(inputs)
        applications = list(inputs["applications"])
        old = {e["application"]: e for e in before}
    except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as exc:
        raise _bad(f"missing or malformed part: {exc!r}") from None
    if digest(inputs) != record.get("input_digest"):
        raise _bad("the inputs do not match their digest: the record was altered")
    if call is None:
        call = calls.load(str(info.get("id")))
    changes: list[str] = []
    if call.id != info.get("id") or call.version != info.get("version"):
        changes.append(f"call: {info.get('id')} version {info.get('version')} → {call.id} "
                       f"version {call.version}")
    if call_digest(call) != info.get("digest"):
        changes.append("call definition: its digest differs (criteria, selection rules, "
                       "rules, parameters or texts were changed)")
    if record.get("library_version") != __version__:
        changes.append(f"library: {record.get('library_version')} → {__version__}")
    again = select(call, applications, sheet, envelope=envelope, now=now)
    after = again.outcome()
    new = {e["application"]: e for e in after}
    for app_id in sorted(set(old) | set(new)):
        was, now_is = old.get(app_id), new.get(app_id)
        if was is None or now_is is None:
            changes.append(f"{app_id}: {'new' if was is None else 'gone'}")
            continue
        for key in ("decision", "rank", "score", "funded"):
            if was.get(key) != now_is.get(key):
                changes.append(f"{app_id}: {key} {_show(was.get(key))} → "
                               f"{_show(now_is.get(key))}")
    return SelectionReplay(after == list(before), tuple(changes), again)


def _show(value: object) -> str:
    if isinstance(value, Mapping) and set(value) == {"amount", "currency"}:
        return f"{value['amount']} {value['currency']}"
    return str(value)
