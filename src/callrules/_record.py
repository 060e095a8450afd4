"""Decision records: a verdict with everything needed to replay and audit it later.

A record holds the call's id, version and a digest of its definition, the library version,
the instant the decision was taken and the ``now`` the rules used, a digest of the input and
the input itself, and the verdict with its findings. :func:`replay` evaluates the same input
again and says what changed, if anything.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from callrules._call import Call
from callrules._evaluate import evaluate, parse_application
from callrules._report import Finding, Report
from callrules._time import require_aware
from callrules.exceptions import InputError, InputProblem

__all__ = ["RECORD_VERSION", "Replay", "decision_record", "digest", "replay"]

RECORD_VERSION = 1


def digest(value: Any) -> str:
    """``sha256:`` and the hex digest of ``value``'s canonical JSON (sorted keys, no spaces)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def call_digest(call: Call) -> str:
    """The digest of a call's definition (its rules, parameters, timeline and texts)."""
    return digest(call.definition.model_dump(mode="json", by_alias=True))


def _brief(finding: Finding) -> dict[str, str]:
    return {"clause": finding.clause, "code": finding.code,
            "severity": finding.severity.value, "path": finding.path}


def _verdict(findings: Iterable[dict[str, str]]) -> dict[str, Any]:
    items = sorted(findings, key=lambda f: (f["clause"], f["path"], f["code"]))
    return {"eligible": not any(f["severity"] == "error" for f in items), "findings": items}


def decision_record(call: Call, application: Any, *, now: datetime,
                    decided_at: datetime | None = None,
                    batch: Sequence[Finding] = ()) -> dict[str, Any]:
    """A JSON-ready decision record of evaluating ``application`` against ``call`` at ``now``.

    ``decided_at`` is when the decision was taken (defaults to ``now``); both are aware
    instants supplied by the caller. ``batch`` holds the findings of rules that span
    applications (one per host…), found when the application was checked in its batch: they
    are part of the verdict, kept apart, and taken as recorded when the record is replayed.
    """
    from callrules import __version__

    require_aware(now, "now")
    if decided_at is not None:
        require_aware(decided_at, "decided_at")
    app = parse_application(application)
    data = app.model_dump(mode="json")
    report = evaluate(call, app, now=now)
    spanning = [_brief(f) for f in batch]
    return {
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


@dataclass(frozen=True, slots=True)
class Replay:
    """The outcome of replaying a record: whether the verdict is the same, and what changed."""

    same: bool
    changes: tuple[str, ...]
    report: Report


def replay(record: Mapping[str, Any], call: Call | None = None) -> Replay:
    """Evaluate a record's input again (against ``call`` or the call it names) and compare.

    Findings of rules that span applications (``batch`` in the record) are taken as
    recorded: one application alone cannot check them again. :class:`InputError` if the
    record is malformed or its input was altered.
    """
    from callrules import __version__, calls

    def bad(message: str) -> InputError:
        return InputError([InputProblem((), "bad_record", message)], source="decision record")

    if not isinstance(record, Mapping) or record.get("record_version") != RECORD_VERSION:
        raise bad(f"not a decision record of version {RECORD_VERSION}")
    try:
        call_info, data, now_text = record["call"], record["input"], record["now"]
        verdict = record["verdict"]
        now = require_aware(datetime.fromisoformat(now_text), "now")
        call_id = str(call_info["id"])
        before = {(f["clause"], f["code"], f["path"]) for f in verdict.get("findings", [])}
        spanning = [{k: str(f[k]) for k in ("clause", "code", "severity", "path")}
                    for f in record.get("batch", [])]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise bad(f"missing or malformed part: {exc}") from None
    if digest(data) != record.get("input_digest"):
        raise bad("the input does not match its digest: the record was altered")
    if call is None:
        call = calls.load(call_id)
    changes = []
    if call.id != call_info.get("id") or call.version != call_info.get("version"):
        changes.append(f"call: {call_info.get('id')} version {call_info.get('version')} → "
                       f"{call.id} version {call.version}")
    if call_digest(call) != call_info.get("digest"):
        changes.append("call definition: its digest differs (rules, parameters, timeline or "
                       "texts were changed)")
    if record.get("library_version") != __version__:
        changes.append(f"library: {record.get('library_version')} → {__version__}")
    report = evaluate(call, data, now=now)
    # rules spanning applications cannot be checked on one record: taken as recorded
    again = _verdict([*map(_brief, report.findings), *spanning])
    if again["eligible"] != verdict.get("eligible"):
        changes.append(f"verdict: eligible {verdict.get('eligible')} → {again['eligible']}")
    after = {(f["clause"], f["code"], f["path"]) for f in again["findings"]}
    changes += [f"finding gone: {c} {k} at {p}" for c, k, p in sorted(before - after)]
    changes += [f"finding new: {c} {k} at {p}" for c, k, p in sorted(after - before)]
    same = again == {"eligible": verdict.get("eligible"), "findings": verdict.get("findings")}
    return Replay(same, tuple(changes), report)
