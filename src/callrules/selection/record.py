"""A decision record of a whole selection, and its replay.

The record holds the call's id, version and the digest of its definition, the library
version, the envelope, the instant eligibility was decided at, the inputs (applications and
score lines, with the lines that could not be read) and their digest, and the outcome: per
application its decision, rank, scores and amounts. ``record_digest`` seals everything
else in the record (the inputs through their own ``input_digest``): the instant, the
envelope, the call and library named, the outcome; so an edit of any one value, the envelope
and the outcome together included, is refused as an alteration, and so is a part the record
does not have (the same sealing as a decision record's, :mod:`callrules._seal`; a digest,
not a signature: it tells an edit from an accident, not from a forger who computes it
again). A record of
version 1, which sealed none of them, is refused (``unsealed_record``).
:func:`replay_selection` checks the shape of every part it reads (an object, a text, a whole
number, never ``true`` for ``1``), runs the selection again on the recorded inputs and says
what changed, if anything; a malformed record (any shape, any value) is an
:class:`InputError`, never another exception.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Any, cast

from callrules import calls
from callrules._call import Call
from callrules._i18n import format_exact, format_money, negotiate, phrase_sentence, translate
from callrules._in_words import InWords
from callrules._library import identity, library_changes, recorded_identity
from callrules._money import Money
from callrules._places import place
from callrules._portable import portable
from callrules._record import call_digest
from callrules._seal import digest, is_version, seal, unknown_parts
from callrules._time import require_aware
from callrules.exceptions import (
    ArgumentError,
    CallrulesError,
    InputError,
    InputProblem,
    given_locale,
)
from callrules.selection.messages import DECISIONS
from callrules.selection.ranking import select
from callrules.selection.result import Selection
from callrules.selection.scores import ScoreProblem, ScoreRow, ScoreSheet, Unit

__all__ = ["SELECTION_RECORD_VERSION", "SelectionReplay", "replay_selection",
           "selection_record"]

SELECTION_RECORD_VERSION = 2
#: Version 1 had no ``record_digest``: its envelope, instant and outcome can be edited unseen.
_UNSEALED = 1
#: Every part of a selection record of this version.
PARTS = frozenset({"record_version", "kind", "call", "library_version", "decided_at", "now",
                   "envelope", "input_digest", "inputs", "outcome", "record_digest"})


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
                      "score_too_precise", "score_unknown_application", "score_duplicate",
                      "score_same_id"})


def selection_record(selection: Selection, *, decided_at: datetime | None = None
                     ) -> dict[str, Any]:
    """A JSON-ready decision record of ``selection`` (``decided_at``: when, aware)."""
    ArgumentError.check(selection, Selection, "selection: a Selection", argument="selection")
    if decided_at is not None:
        require_aware(decided_at, "decided_at")
    inputs = _inputs(selection)
    record = {
        "record_version": SELECTION_RECORD_VERSION,
        "kind": "selection",
        "call": {"id": selection.call_id, "version": selection.call_version,
                 "digest": call_digest(selection.call)},
        "library_version": identity(),  # (its version and a digest of its code)
        "decided_at": None if decided_at is None else decided_at.isoformat(),
        "now": None if selection.now is None else selection.now.isoformat(),
        "envelope": {"amount": format(selection.envelope.amount, "f"),
                     "currency": selection.envelope.currency},
        "input_digest": digest(inputs),
        "inputs": inputs,
        "outcome": selection.outcome(),
    }
    record["record_digest"] = seal(record)
    return record


@portable
@dataclass(frozen=True, slots=True)
class SelectionReplay:
    """The outcome of replaying a selection record: the same, or what changed."""

    same: bool
    changes: tuple[str, ...]
    selection: Selection
    #: What changed, for a person: a phrase's key and its values (``changes`` in words).
    words: tuple[tuple[str, Mapping[str, Any]], ...] = ()

    def said(self, locale: str | None = None) -> tuple[str, ...]:
        """What changed, a sentence each, in ``locale``'s language (None: the session's):
        decisions and amounts in words, no code."""
        lang = negotiate(given_locale(locale))  # (naming no language: refused)
        return tuple(_refused_said(values, lang) if key == "selection_application_refused"
                     else phrase_sentence(key, lang, **{
                         name: _shown(value, lang) if name in ("was", "now") else value
                         for name, value in values.items()}) for key, values in self.words)


def _refused_said(values: Mapping[str, Any], lang: str) -> str:
    """An application no longer in the selection because, read again as recorded, it is
    refused (by the call as it stands or by the library), and why (a problem of its input,
    in the reader's words)."""
    problem: InputProblem = values["problem"]
    return phrase_sentence("selection_application_refused" + ("" if problem.loc else "_why"),
                           lang, application=values["application"],
                           message=problem.message(lang),
                           field=place(problem.loc, lang, values["input"], kind=problem.type))


def _shown(value: object, lang: str) -> str:
    """A value of a selection's outcome for a reader: a decision's words, an amount with
    its currency, a number in the reader's digits; none is a dash."""
    if value is None:
        return "—"
    if isinstance(value, Mapping) and set(value) == {"amount", "currency"}:
        try:
            return format_money(Money(Decimal(str(value["amount"])), str(value["currency"])),
                                lang)
        except (ArithmeticError, ValueError, TypeError, CallrulesError):
            if isinstance(value["amount"], str) and isinstance(value["currency"], str):
                return f"{value['amount']} {value['currency']}"
            return "—"  # (a recorded value of no shape a person reads: none said)
    if isinstance(value, InWords):  # (a text typed: quoted by the sentence, in words)
        return value
    if isinstance(value, str) and value in DECISIONS:
        return translate(DECISIONS[value], lang)
    if isinstance(value, int) and not isinstance(value, bool):
        return format_exact(value, lang)
    if isinstance(value, (Mapping, list)):
        return "—"
    return str(value)


def _bad(message: str) -> InputError:
    return InputError([InputProblem((), "bad_record", message)], source="selection record")


class _Malformed(Exception):
    """A part of a selection record that is not of the shape written."""


def _object(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _Malformed(f"{what}: an object expected, not {_kind(value)}")
    return value


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise _Malformed(f"{what}: a list expected, not {_kind(value)}")
    return value


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise _Malformed(f"{what}: a text expected, not {_kind(value)}")
    return value


def _whole(value: Any, what: str) -> int:
    """A whole number: ``true`` is not 1, ``1.0`` is not 1."""
    if type(value) is not int:
        raise _Malformed(f"{what}: a whole number expected, not {_kind(value)}")
    return value


def _kind(value: Any) -> str:
    return {bool: "true or false", type(None): "null", int: "a number", float: "a number",
            str: "a text", list: "a list"}.get(type(value), "an object")


def _sheet(inputs: Mapping[str, Any]) -> ScoreSheet:
    rows = []
    for r in _list(inputs["scores"], "scores"):
        r = _object(r, "a score")
        value = Decimal(_text(r["score"], "a score's value"))
        if not value.is_finite():
            raise _Malformed(f"a score's value: {r['score']!r} is not a number")
        rows.append(ScoreRow(_text(r["application"], "a score's application"),
                             _text(r["reviewer"], "a score's reviewer"),
                             _text(r["criterion"], "a score's criterion"), value,
                             _text(r["source"], "a score's source"),
                             _whole(r["line"], "a score's line"), _unit(r)))
    unread = []
    for p in _list(inputs.get("unread", []), "unread lines"):
        p = _object(p, "an unread line")
        application = p.get("application")
        if application is not None:
            _text(application, "an unread line's application")
        unread.append(ScoreProblem(_text(p["source"], "an unread line's source"),
                                   _whole(p["line"], "an unread line's line"),
                                   _text(p["code"], "an unread line's code"),
                                   MappingProxyType(dict(_object(p["ctx"],
                                                                 "an unread line's values"))),
                                   application, _unit(p)))
    return ScoreSheet(tuple(rows), tuple(unread))


def _unit(entry: Mapping[str, Any]) -> Unit:
    """What a recorded score's number counts (a line, in records written before it was
    said)."""
    unit = entry.get("unit", "line")
    if unit not in ("line", "item", "file") or not isinstance(unit, str):
        raise _Malformed(f"unit {unit!r}")
    return cast(Unit, unit)


def _by_id(entries: Sequence[Mapping[str, Any]]) -> dict[str, tuple[Mapping[str, Any], ...]]:
    """Outcome entries by application id, in their order (two records of a batch under one
    id have one entry each, both not ranked)."""
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for entry in entries:
        grouped.setdefault(entry["application"], []).append(entry)
    return {app_id: tuple(found) for app_id, found in grouped.items()}


def _outcome(value: Any) -> dict[str, tuple[Mapping[str, Any], ...]]:
    """The recorded outcome by application id (each an object naming its application by
    a text, each application once, but for records of the batch sharing an id, each of
    them not ranked)."""
    entries = [_object(entry, "an outcome entry") for entry in _list(value, "outcome")]
    for entry in entries:
        _text(entry.get("application"), "an outcome entry's application")
    grouped = _by_id(entries)
    for app_id, found in grouped.items():
        if len(found) > 1 and any(e.get("decision") != "unscored" for e in found):
            raise _Malformed(f"the outcome gives {app_id!r} twice")
    return grouped


def _same(one: Any, other: Any) -> bool:
    """Equal as JSON: ``true`` is not ``1``, ``1.0`` is not ``1``; but an amount is compared
    by its value, ``"1000"`` and ``"1000.00"`` EUR alike (zeros written after a point change
    no amount: a record whose outcome was written with the currency's places replays the
    same as one written with the digits held, :func:`~callrules._money.amount_held`), and so
    is a decimal, ``"0E-7"`` and ``"0.0000000"`` alike (:func:`_by_value`)."""
    return digest(_by_value(one)) == digest(_by_value(other))


#: The parts of an outcome that hold a decimal written as text (an entry's score and its
#: criteria's, a reason's score and threshold): compared by value.
_DECIMALS = frozenset({"score", "criteria", "threshold"})


def _by_value(value: Any, decimal: bool = False) -> Any:
    """``value`` with each amount (``{"amount": "1000.00", "currency": "EUR"}``) written
    without the zeros after its point (``"1000"``), and each decimal (a text under
    :data:`_DECIMALS`) by its value (:func:`_value_of`), for comparing; anything else as it
    is. (Records written before session 52 hold a decimal as ``str`` wrote it, ``"0E-7"``;
    since, as a report writes it, ``"0.0000000"``: each replays the same, look72p.)"""
    if isinstance(value, str):
        numeral = _NUMERAL.fullmatch(value) if decimal else None
        return value if numeral is None else _value_of(numeral)
    if isinstance(value, Mapping):
        amount = value.get("amount")
        if set(value) == {"amount", "currency"} and isinstance(amount, str) and \
                _PLAIN.fullmatch(amount):
            if "." in amount:
                amount = amount.rstrip("0").rstrip(".")
            return {"amount": amount, "currency": value["currency"]}
        return {key: _by_value(inner, decimal or key in _DECIMALS)
                for key, inner in value.items()}
    if isinstance(value, list):
        return [_by_value(inner, decimal) for inner in value]
    return value


#: An amount as JSON writes one: a plain numeral.
_PLAIN = re.compile(r"-?[0-9]+(?:\.[0-9]+)?", re.ASCII)
#: A decimal as ``str`` or ``format(d, "f")`` writes one (an exponent of at most 18 digits:
#: a longer one is compared as the text it is).
_NUMERAL = re.compile(r"(-?)([0-9]+)(?:\.([0-9]+))?(?:E([+-]?[0-9]{1,18}))?", re.ASCII)


def _value_of(numeral: re.Match[str]) -> str:
    """One text for each value a decimal numeral may have (``"0E-7"``, ``"0.0000000"`` and
    ``"0"``: ``"0"``; ``"8.50"`` and ``"850E-2"``: ``"85E-1"``): its digits without the zeros
    before or after them, and the exponent they then take; a numeral itself, so no other
    text is taken for it."""
    sign, whole, part, exponent = numeral.groups()
    part = part or ""
    digits = (whole + part).lstrip("0")
    if not digits:
        return "0"  # (of any sign and any exponent)
    kept = digits.rstrip("0")
    return f"{sign}{kept}E{int(exponent or 0) - len(part) + len(digits) - len(kept)}"


def replay_selection(record: Mapping[str, Any], call: Call | None = None) -> SelectionReplay:
    """Run the recorded selection again (against ``call`` or the call the record names) and
    compare: the same outcome, or the list of what changed (the call, the library, and each
    application whose decision, rank, score or amount differs). :class:`InputError` if the
    record is malformed, of version 1 (``unsealed_record``) or was altered."""
    if call is not None:
        ArgumentError.check(call, Call, "call: a Call or None", argument="call")
    if isinstance(record, Mapping) and record.get("kind") == "selection" and \
            is_version(record.get("record_version"), _UNSEALED):
        raise InputError([InputProblem(
            (), "unsealed_record",
            "a selection record of version 1 has no digest of its envelope, instant and "
            "outcome, so an edit of them cannot be told from the decision: it is not "
            "replayed; run the selection again to make a record of version 2",
            1)], source="selection record")
    if not isinstance(record, Mapping) or record.get("kind") != "selection" or \
            not is_version(record.get("record_version"), SELECTION_RECORD_VERSION):
        raise _bad(f"not a selection record of version {SELECTION_RECORD_VERSION}")
    unknown = unknown_parts(record, PARTS)
    if unknown:
        raise _bad(f"parts that a selection record does not have: {', '.join(unknown)}: the "
                   "record was altered")
    try:
        info = _object(record["call"], "call")
        call_id = _text(info["id"], "the call's id")
        _text(info["version"], "the call's version")
        _text(info["digest"], "the call's digest")
        recorded_identity(record["library_version"])  # (text naming a version)
        if record.get("decided_at") is not None:
            require_aware(datetime.fromisoformat(_text(record["decided_at"], "decided at")),
                          "decided_at")
        now = None if record["now"] is None else require_aware(
            datetime.fromisoformat(_text(record["now"], "now")), "now")
        given = _object(record["envelope"], "envelope")
        envelope = Money(Decimal(_text(given["amount"], "the envelope's amount")),
                         _text(given["currency"], "the envelope's currency"))
        inputs = _object(record["inputs"], "inputs")
        sheet = _sheet(inputs)
        applications = _list(inputs["applications"], "applications")
        for application in applications:
            _object(application, "an application")
        before = _list(record["outcome"], "outcome")
        old = _outcome(before)
        held = digest(_by_value(before))  # (as deep as the record goes: refused here if
        # deeper than Python reads, as any other malformed part, never a crash below)
        sealed, input_digest = seal(record), digest(inputs)
    except (_Malformed, KeyError, TypeError, ValueError, AttributeError, ArithmeticError,
            RecursionError, CallrulesError) as exc:
        raise _bad(f"missing or malformed part: {exc}") from None
    if input_digest != record.get("input_digest"):
        raise _bad("the inputs do not match their digest: the record was altered")
    if sealed != record.get("record_digest"):
        raise _bad("the record does not match its digest: the record was altered")
    if call is None:
        call = calls.load(call_id)
    changes: list[str] = []
    words: list[tuple[str, Mapping[str, Any]]] = []
    if call.id != info.get("id") or call.version != info.get("version"):
        changes.append(f"call: {info.get('id')} version {info.get('version')} → {call.id} "
                       f"version {call.version}")
        words.append(("replay_call_changed", {
            "was": str(info.get("id")), "was_version": str(info.get("version")),
            "call": call.id, "version": call.version}))
    if call_digest(call) != info.get("digest"):
        changes.append("call definition: its digest differs (criteria, selection rules, "
                       "rules, parameters or texts were changed)")
        words.append(("replay_call_edited", {}))
    library = library_changes(record["library_version"])  # (a text: read above)
    changes += library[0]
    words += library[1]
    again = select(call, applications, sheet, envelope=envelope, now=now)
    after = again.outcome()
    new = _by_id(after)
    # a recorded application refused when read again (an amount an earlier version misread,
    # a field the call now requires): no longer in the selection, said with why (att65:
    # said as gone, without a reason)
    refused: dict[str, list[tuple[InputProblem, Mapping[str, Any]]]] = {}
    for number, _, error in again.unread:
        entry = applications[number - 1] if 0 < number <= len(applications) else {}
        if isinstance(entry.get("id"), str):
            refused.setdefault(entry["id"], []).extend((p, entry) for p in error.problems)
    for app_id in sorted(set(old) | set(new)):
        were, are = old.get(app_id, ()), new.get(app_id, ())
        for _ in range(abs(len(were) - len(are))):  # (an entry each for records sharing an id)
            changes.append(f"{app_id}: {'new' if len(are) > len(were) else 'gone'}")
            if len(are) < len(were) and app_id in refused:  # (its reasons said once)
                problems = refused.pop(app_id)
                changes += [f"{app_id}: input refused: {p.type} at "
                            f"{'.'.join(map(str, p.loc)) or 'the application'}"
                            for p, _ in problems]
                words += [("selection_application_refused", {
                    "application": str(app_id), "problem": p, "input": recorded})
                    for p, recorded in problems]
                continue
            words.append(("selection_application_new" if len(are) > len(were) else
                          "selection_application_gone", {"application": str(app_id)}))
        for was, now_is in zip(were, are, strict=False):
            _compare(app_id, was, now_is, changes, words)
    same = digest(_by_value(after)) == held  # (:func:`_same`)
    listed = [e["application"] for e in before], [e["application"] for e in after]
    if not same and listed[0] != listed[1] and sorted(listed[0]) == sorted(listed[1]):
        changes.append("order: the applications are listed in another order")
        words.append(("selection_order_changed", {}))
    return SelectionReplay(same, tuple(changes), again, tuple(words))


#: The parts of an application's outcome said with their values (before → now).
_SAID_WITH_VALUES = ("decision", "rank", "score", "funded", "requested")
#: The parts said without them (their values are many: a score per criterion, reasons).
_SAID_CHANGED = ("criteria", "reviewers", "reasons")


def _compare(app_id: str, was: Mapping[str, Any], now_is: Mapping[str, Any],
             changes: list[str], words: list[tuple[str, Mapping[str, Any]]]) -> None:
    """What changed in one application's entry, part by part: its decision, rank, score,
    amounts funded and asked for (with their values), its scores on the criteria, its number
    of reviewers, its reasons; and any other part, so that an entry that differs always
    says how."""
    other = False
    for key in sorted(set(was) | set(now_is), key=_part_order):
        if (key in was) == (key in now_is) and _same({key: was.get(key)},
                                                     {key: now_is.get(key)}):  # (by its name)
            continue
        if key in _SAID_WITH_VALUES:
            changes.append(f"{app_id}: {key} {_show(was.get(key))} → "
                           f"{_show(now_is.get(key))}")
            words.append((f"selection_{key}_changed", {
                "application": str(app_id), "was": was.get(key), "now": now_is.get(key)}))
        elif key in _SAID_CHANGED:
            changes.append(f"{app_id}: {key} changed")
            words.append((f"selection_{key}_changed", {"application": str(app_id)}))
        elif not other:  # (a part this version does not write: said once)
            other = True
            changes.append(f"{app_id}: another part changed ({key})")
            words.append(("selection_entry_changed", {"application": str(app_id)}))


def _part_order(key: str) -> tuple[int, str]:
    parts = (*_SAID_WITH_VALUES, *_SAID_CHANGED)
    return (parts.index(key) if key in parts else len(parts), str(key))


def _show(value: object) -> str:
    if isinstance(value, Mapping) and set(value) == {"amount", "currency"}:
        return f"{value['amount']} {value['currency']}"
    return str(value)
