"""Decision records: a verdict with everything needed to replay and audit it later.

A record holds the call's id, version and a digest of its definition, the library version,
the instant the decision was taken and the ``now`` the rules used, a digest of the input and
the input itself, and the verdict with its findings. ``record_digest`` seals every part of
the record but the input (which ``input_digest`` covers), as a selection record's does (one
sealing, :mod:`callrules._seal`): an edit of any one value (the instant of the decision, the
call or library it names, the verdict, the batch findings) or of several together is refused
as an alteration, and a part the record does not have (an added ``signed_by``) is refused
too (a digest, not a signature: it tells an edit from an accident, not from a forger who
computes it again). Records of versions 1 and 2, which sealed none or only part of it, are
refused (``unsealed_record``): an edit of what they left out could not be told from the
decision. :func:`replay` evaluates the same input again and says what changed, if anything;
a malformed record (any shape, any value) is an :class:`InputError`, never another exception.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from callrules import __version__, calls
from callrules._call import Call
from callrules._evaluate import evaluate
from callrules._i18n import negotiate, phrase_sentence
from callrules._places import field_label
from callrules._portable import portable
from callrules._report import Finding, Report
from callrules._seal import digest, is_version, seal, unknown_parts
from callrules._time import require_aware, require_instant
from callrules.exceptions import (
    ArgumentError,
    InputError,
    InputProblem,
    TimeError,
    given_locale,
)

__all__ = ["RECORD_VERSION", "Replay", "decision_record", "digest", "replay"]

RECORD_VERSION = 3
#: Version 1 sealed nothing; version 2 only the instant, input digest, batch and verdict (not
#: the instant of the decision, the call and library named): an edit of them goes unseen.
_UNSEALED = (1, 2)
#: Every part of a decision record of this version.
PARTS = frozenset({"record_version", "call", "library_version", "decided_at", "now",
                   "input_digest", "input", "batch", "verdict", "record_digest"})


def call_digest(call: Call) -> str:
    """The digest of a call's definition (its rules, parameters, timeline and texts) and,
    for a call that reads values registered by the platform (a named set,
    :func:`callrules.calls.register_set`; a shared vocabulary,
    :func:`callrules.calls.register_vocabulary`), of the values it was loaded with: a record
    replayed after such values changed says the call changed, not the application. (A call
    that reads none has the digest of its definition alone, as before.)"""
    definition = call.definition.model_dump(mode="json", by_alias=True)
    loaded = loaded_values(call)
    return digest({"definition": definition, "loaded": loaded} if loaded else definition)


def loaded_values(call: Call) -> dict[str, Any]:
    """The values ``call`` was loaded with that its definition only names: each named set's
    values (sorted), each shared vocabulary's codes and labels; empty when it names none
    (what its pickle carries, :meth:`Call.__reduce__`)."""
    return call._loaded.to_json()


def _brief(finding: Finding) -> dict[str, str]:
    return {"clause": finding.clause, "code": finding.code,
            "severity": finding.severity.value, "path": finding.path}


def _verdict(findings: Iterable[dict[str, str]]) -> dict[str, Any]:
    items = sorted(findings, key=lambda f: (f["clause"], f["path"], f["code"]))
    return {"eligible": not any(f["severity"] == "error" for f in items), "findings": items}


def decision_record(call: Call, application: Any, *, now: datetime,
                    decided_at: datetime | None = None,
                    batch: Sequence[Finding] = (), report: Report | None = None
                    ) -> dict[str, Any]:
    """A JSON-ready decision record of evaluating ``application`` against ``call`` at ``now``.

    ``decided_at`` is when the decision was taken (defaults to ``now``); both are aware
    instants supplied by the caller. ``batch`` holds the findings of rules that span
    applications (one per host…), found when the application was checked in its batch: they
    are part of the verdict, kept apart, and taken as recorded when the record is replayed.
    ``report``: the application's report from :func:`evaluate` or a batch, at ``now``, when
    the caller has it (it is not evaluated again; the findings of ``call``'s batch rules in
    it are taken as ``batch``). A report of another application (by its id), of another
    call (id, version or rules) or worked out at another instant is an
    :class:`~callrules.ArgumentError`: the record would hold one application with another's
    verdict.
    """
    ArgumentError.check(call, Call, "call: a Call", argument="call")
    require_instant(now, "now")
    if decided_at is not None:
        require_instant(decided_at, "decided_at")
    batch = [ArgumentError.check(f, Finding, "batch: findings", argument="batch")
             for f in ArgumentError.iterable(batch, "batch: findings", argument="batch",
                                                each="kind_finding")]
    if report is not None:
        ArgumentError.check(report, Report, "report: a Report or None", argument="report")
    app = call.parse(application)  # the call's form: its fields, bounds and vocabularies
    try:
        data = app.model_dump(mode="json")
    except ValueError as exc:  # a structure JSON cannot hold (too deep, or a cycle)
        raise InputError([InputProblem((), "json_invalid", f"the application cannot be "
                                       f"written as JSON: {exc}")], source="application"
                         ) from None
    if report is None:
        report = evaluate(call, app, now=now)
    else:
        _same_decision(report, call, app.id, now)
        spanning_clauses = {rule.clause for rule in call.batch_rules}
        batch = [*batch, *(f for f in report.findings if f.clause in spanning_clauses)]
        report = Report(report.call_id, report.call_version, report.application_id,
                        tuple(f for f in report.findings if f.clause not in spanning_clauses))
    spanning = [_brief(f) for f in batch]
    record = {
        "record_version": RECORD_VERSION,
        "call": {"id": call.id, "version": call.version, "digest": call_digest(call)},
        "library_version": __version__,
        "decided_at": (decided_at or now).isoformat(),
        "now": now.isoformat(),
        "input_digest": digest(data),
        "input": data,
        "batch": spanning,
        "verdict": _verdict([*map(_brief, report.findings), *spanning]),
    }
    record["record_digest"] = seal(record)
    return record


def _same_decision(report: Report, call: Call, application_id: str, now: datetime) -> None:
    """Refuse (:class:`~callrules.ArgumentError`, ``report_mismatch``) a report that is not
    of the application ``application_id`` judged by ``call`` at ``now``."""
    judged = call.at(now)
    found = [(what, given, expected) for what, given, expected in (
        ("application", report.application_id, application_id),
        ("call", report.call_id, judged.id),
        ("version of the call", report.call_version, judged.version),
        ("instant", report.now, now)) if given is not None and given != expected]
    if not found and report.call is not None and report.call is not judged \
            and call_digest(report.call) != call_digest(judged):
        found.append(("rules of the call", "other rules", "those of the call given"))
    if found:
        what, given, expected = found[0]
        shown = [value.isoformat() if isinstance(value, datetime) else f"{value!r:.80}"
                 for value in (given, expected)]
        raise ArgumentError(f"report: the report given is of another {what} ({shown[0]}) "
                            f"than the record's ({shown[1]}): give the report of this "
                            f"application, by this call, at this instant",
                            code="report_mismatch")


#: What changed, for a person: a phrase's key and its values (a finding found again is
#: told by the report's own words for it).
Said = tuple[str, Mapping[str, Any]]


@portable
@dataclass(frozen=True, slots=True)
class Replay:
    """The outcome of replaying a record: whether the verdict is the same, and what changed
    (``changes``: a line each, in English, with the clauses' ids, codes and paths, for a
    program or a log; :meth:`said`: the same changes in words, in a reader's language)."""

    same: bool
    changes: tuple[str, ...]
    report: Report
    words: tuple[Said, ...] = ()

    def said(self, locale: str | None = None) -> tuple[str, ...]:
        """What changed, a sentence each, in ``locale``'s language (None: the session's):
        no clause id, code or path, but the clause's title and the field's label."""
        lang = negotiate(given_locale(locale))  # (naming no language: refused)
        return tuple(_said(key, values, self.report, lang) for key, values in self.words)


def _said(key: str, values: Mapping[str, Any], report: Report, lang: str) -> str:
    filled = dict(values)
    if key == "replay_finding_new":
        filled = {"message": report.message_of(values["finding"], lang)}
    elif key in ("replay_finding_gone", "replay_finding_recounted"):
        titles: Mapping[str, str] = values["titles"]
        clause = titles.get(lang) or next(iter(titles.values()), "") or values["clause"]
        field = field_label(values["field"], lang) if values["field"] else ""
        filled = {"clause": clause, "field": field}
        if key == "replay_finding_recounted":
            filled |= {"was": values["was"], "now": values["now"]}
        # a finding of no one field (a rule over several: ``not`` of ``all``) is said by its
        # clause, never "a problem with" an empty label (look60w)
        key += ("" if field.strip() else "_no_field") + ("" if clause else "_no_clause")
    return phrase_sentence(key, lang, **filled)


def _field_key(path: str) -> str:
    """A finding's path without list positions: ``visitors.stay.arrival``."""
    return re.sub(r"\[\d+\]", "", path)


def replay(record: Mapping[str, Any], call: Call | None = None) -> Replay:
    """Evaluate a record's input again (against ``call`` or the call it names) and compare.

    Findings of rules that span applications (``batch`` in the record) are taken as
    recorded: one application alone cannot check them again. :class:`InputError` if the
    record is malformed or was altered.
    """
    if call is not None:
        ArgumentError.check(call, Call, "call: a Call or None", argument="call")

    def bad(message: str, template: str) -> InputError:
        """A record refused: ``template`` is its reason's words (``bad_record`` the code)."""
        return InputError([InputProblem((), "bad_record", message,
                                        ctx={"template": template})], source="decision record")

    version = record.get("record_version") if isinstance(record, Mapping) else None
    if any(is_version(version, old) for old in _UNSEALED):
        raise InputError([InputProblem(
            (), "unsealed_record",
            f"a decision record of version {version} does not seal every part of it (the "
            "instant of the decision, the call and library it names), so an edit of them "
            "cannot be told from the decision: it is not replayed; evaluate its input again "
            f"to make a record of version {RECORD_VERSION}",
            version, ctx={"version": str(version), "template": "record_unsealed"})],
            source="decision record")
    if not isinstance(record, Mapping) or not is_version(version, RECORD_VERSION):
        raise bad(f"not a decision record of version {RECORD_VERSION}", "record_not_readable")
    unknown = unknown_parts(record, PARTS)
    if unknown:
        raise bad(f"parts that a decision record does not have: {', '.join(unknown)}: the "
                  "record was altered", "record_parts_added")
    try:
        call_info, data, now_text = record["call"], record["input"], record["now"]
        verdict = record["verdict"]
        if not isinstance(call_info, Mapping) or not isinstance(verdict, Mapping):
            raise TypeError("call and verdict are objects")
        if not isinstance(data, Mapping):
            raise TypeError("the input is an application, a JSON object")
        now = require_aware(datetime.fromisoformat(now_text), "now")
        require_aware(datetime.fromisoformat(_text(record["decided_at"])), "decided_at")
        call_id = _text(call_info["id"])
        _text(call_info["version"])
        _text(call_info["digest"])
        _text(record["library_version"])
        before = Counter(map(_key, _findings(verdict.get("findings", []))))
        spanning = [{k: _text(f[k]) for k in ("clause", "code", "severity", "path")}
                    for f in _findings(record.get("batch", []))]
        sealed = seal(record)
        input_digest = digest(data)
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError,
            OverflowError, TimeError) as exc:
        raise bad(f"missing or malformed part: {exc}", "record_malformed") from None
    if input_digest != record.get("input_digest"):
        raise bad("the input does not match its digest: the record was altered",
                  "record_input_altered")
    if sealed != record.get("record_digest"):
        raise bad("the record does not match its digest: the record was altered",
                  "record_altered")
    changes: list[str] = []
    words: list[Said] = []
    if call is None:
        call = calls.load(call_id)
    if call.id != call_info.get("id") or call.version != call_info.get("version"):
        changes.append(f"call: {call_info.get('id')} version {call_info.get('version')} → "
                       f"{call.id} version {call.version}")
        words.append(("replay_call_changed", {
            "was": str(call_info.get("id")), "was_version": str(call_info.get("version")),
            "call": call.id, "version": call.version}))
    if call_digest(call) != call_info.get("digest"):
        changes.append("call definition: its digest differs (rules, parameters, timeline or "
                       "texts were changed)")
        words.append(("replay_call_edited", {}))
    if record.get("library_version") != __version__:
        changes.append(f"library: {record.get('library_version')} → {__version__}")
        words.append(("replay_library_changed", {"was": str(record.get("library_version")),
                                                 "version": __version__}))
    try:
        require_instant(now, "now")
    except TimeError:  # a zone's offset in seconds (a local mean time of an old date), read
        now = now.astimezone(UTC)  # back as a fixed offset: the same instant, in UTC
    report = evaluate(call, dict(data), now=now)
    # rules spanning applications cannot be checked on one record: taken as recorded
    again = _verdict([*map(_brief, report.findings), *spanning])
    if again["eligible"] != verdict.get("eligible"):
        changes.append(f"verdict: eligible {verdict.get('eligible')} → {again['eligible']}")
        words.append(("replay_now_eligible" if again["eligible"] else "replay_now_ineligible",
                      {}))
    # findings as multisets: a finding said a different number of times is a change, told
    # as one; their order is not (a record lists them sorted)
    after = Counter(map(_key, again["findings"]))
    gone, new = sorted(before.keys() - after.keys()), after.keys() - before.keys()
    recount = sorted(k for k in before.keys() & after.keys() if before[k] != after[k])
    changes += [f"finding gone: {c} {k} at {p}" for c, k, p, _ in gone]
    changes += [f"finding new: {c} {k} at {p}" for c, k, p, _ in sorted(new)]
    changes += [f"finding said {before[k]} → {after[k]} times: {k[0]} {k[1]} at {k[2]}"
                for k in recount]
    words += [("replay_finding_gone", _where(call, clause, path)) for clause, _, path, _ in gone]
    words += [("replay_finding_new", {"finding": f}) for f in report.findings
              if _key(_brief(f)) in new]
    for key in recount:
        clause, _, path, _ = key
        words.append(("replay_finding_recounted", {**_where(call, clause, path),
                                                   "was": before[key], "now": after[key]}))
    same = again["eligible"] == verdict.get("eligible") and before == after
    return Replay(same, tuple(changes), report, tuple(words))


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"text expected, not {type(value).__name__}")
    return value


def _findings(value: Any) -> list[Mapping[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(f, Mapping) for f in value):
        raise TypeError("findings are a list of objects")
    for finding in value:
        for key in ("clause", "code", "severity", "path"):
            _text(finding[key])
    return value


def _key(finding: Mapping[str, Any]) -> tuple[str, str, str, str]:
    return (finding["clause"], finding["code"], finding["path"], finding["severity"])


def _where(call: Call, clause: str, path: str) -> dict[str, Any]:
    """Where a finding was, for :func:`_said`: its clause (and titles) and field."""
    titles = call.clauses[clause].title if clause in call.clauses else {}
    return {"clause": clause, "titles": dict(titles), "field": _field_key(path)}
