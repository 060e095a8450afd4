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
decision. A record of version 4 is one of version 3 whose batch findings each name the rule
that made it (``rule``): written when two or more rules of the call could make one of them,
so that a replay against the call amended knows which rule each was. A record of version 5,
written from session 50 to 52, also names every rule of its call spanning a batch
(``batch_rules``) and the time-zone database its call's zone was read from
(``zone_database``): a rule added or changed since found nothing in the record, so a replay
where it keys the application is never "same", and one made with another database says so
(:mod:`callrules._zone_database`); versions 3 and 4 are replayed as before against their
own call, but against a call changed since (they do not say which such rules it had) one
whose ``unique`` rule keys the application is ``"batch_needed"`` where nothing else changed
for certain (it was "same" before session 51). A record of version 6, every record
written since session 53, is one of version 5 that also holds how its call reads
applications (``reading_digest``): a call changed otherwise than in its rules spanning a
batch and its words may accept or refuse other applications of the batch, so what those
rules find in a decision made in a batch only the batch tells, and a replay without it
says so, never "same" (look72r); a record of version 3, 4 or 5 is replayed so against any
call changed since. :func:`replay`
evaluates the same input again and says what changed, if anything, or that only the batch
checked again can tell (:attr:`Replay.outcome` ``"batch_needed"``: a ``unique`` rule's
findings depend on the batch's other applications, which a record does not hold), and
given the batch, decides against it as a fresh check of that batch does;
a malformed record (any shape, any value) is an :class:`InputError`, never another exception.

A forger who computes the digests again gets past the seal, so the decision a record holds
is read strictly (:func:`_read_verdict`: the verdict and each finding hold exactly their
parts, each of its kind, ``1`` no ``true``; the verdict follows from its findings and holds
those of the batch; each batch finding is one a rule of the call spanning a batch can make),
and compared whole with the one worked out again: an edit of it is refused or CHANGED,
never "same" (att62: a part added in the verdict, ``"eligible": 1``, a batch finding renamed
with its copy, each replayed as the same verdict).
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any, Literal
from zoneinfo import ZoneInfo

from callrules import calls
from callrules._batch_index import (
    ChangedInPlace,
    as_given,
    given_digest,
    places_in,
    recorded_digest,
)
from callrules._call import Call
from callrules._evaluate import _with_finding, evaluate, evaluate_stream
from callrules._held_batch import CHECK_BYTES, checked_once, forget_readings, held_inputs
from callrules._i18n import (
    format_exact,
    format_instant_for,
    negotiate,
    phrase_sentence,
    plural,
)
from callrules._in_words import ExactInWords
from callrules._json_numbers import nested_deeper, number_text
from callrules._library import identity, library_changes, recorded_identity
from callrules._parameters import Parameter
from callrules._places import field_label
from callrules._places import place as place_words
from callrules._portable import portable
from callrules._problems import too_deep_problem
from callrules._report import Finding, Report, Severity
from callrules._seal import digest, is_version, seal, unknown_parts
from callrules._time import Milestone, require_aware, require_instant
from callrules._timeline import read_milestone
from callrules._versions import Dated
from callrules._zone_database import is_zone_database, zone_database, zone_database_changes
from callrules.exceptions import (
    ArgumentError,
    CallrulesError,
    InputError,
    InputProblem,
    TimeError,
    argument_words,
    format_loc,
    given_key,
    given_locale,
    given_words,
)
from callrules.language.unique import BatchRule, identifier, makes

__all__ = ["RECORD_VERSION", "Replay", "ReplayOutcome", "decision_record", "digest", "replay"]

#: A record whose batch findings are told by their clause, code, place and severity alone:
#: most records, as before, which earlier versions of the library replay too.
RECORD_VERSION_UNNAMED = 3
#: A record whose batch findings name their rules (``rule``: a batch rule's identifier),
#: written when two or more rules of the call could make one of its batch findings and each
#: names its rule (:func:`decision_record`).
RECORD_VERSION_NAMED = 4
#: A record that names, beside its batch findings (each naming its rule as in version 4 when
#: two or more rules of the call could make it), every rule of the call that spans a batch
#: (``batch_rules``: their identifiers) and the time-zone database its call's zone was read
#: from (``zone_database``): a replay tells a rule added or changed since, whose findings
#: the record cannot hold, and says so, never "same" (session 50). Every record written now.
RECORD_VERSION_RULES = 5
#: A record of version 5 that also holds the digest of what, in its call, reads or refuses
#: an application (``reading_digest``: :func:`reading_digest`): replayed against a call
#: changed since in its rules spanning a batch alone (the same digest), the batch's other
#: applications are read and refused as they were, and what those rules find the record
#: tells; against one changed otherwise, only the batch checked again tells (session 53).
#: Every record written now.
RECORD_VERSION_READING = 6
#: A record of version 6 that also names the application's place in its batch (``place``:
#: its ``index`` in the batch as checked, and ``copy``, how many applications before it
#: there were copies of it, read alike by the call's form), written when the caller gives it
#: (``decision_record(…, place=…, copies_before=…)``, ``callrules check --record``):
#: replayed with its batch, the copy of an application given more than once that is the
#: record's is the one at its place, with as many copies before it, never one told by its
#: decision (session 58: a copy decided as recorded, not the record's, replayed "same").
RECORD_VERSION_PLACED = 7
#: The version this library writes for a record that names no place (one naming its place
#: is of version 7); it reads 3, 4, 5, 6 and 7.
RECORD_VERSION = RECORD_VERSION_READING
#: Version 1 sealed nothing; version 2 only the instant, input digest, batch and verdict (not
#: the instant of the decision, the call and library named): an edit of them goes unseen.
_UNSEALED = (1, 2)
#: Every part of a decision record of this version.
PARTS = frozenset({"record_version", "call", "library_version", "decided_at", "now",
                   "input_digest", "input", "batch", "verdict", "record_digest"})
#: Every part of a record of version 5: those of version 3, the identifiers of the call's
#: rules spanning a batch, the time-zone database, and whether the decision was made in a
#: batch (``in_batch``: a decision made alone is never changed by a rule spanning a batch).
PARTS_RULES = PARTS | {"batch_rules", "zone_database", "in_batch"}
#: Every part of a record of version 6: those of version 5 and the digest of how its call
#: reads an application (:func:`reading_digest`).
PARTS_READING = PARTS_RULES | {"reading_digest"}
#: Every part of a record of version 7: those of version 6 and the application's place in its
#: batch (``place``).
PARTS_PLACED = PARTS_READING | {"place"}
#: A batch rule's identifier as a record names it (:func:`callrules.language.unique.identifier`).
_IDENTIFIER = re.compile(r"[0-9a-f]{16}")


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


#: The parts of a call's definition that are words alone (its version's name, its title,
#: its clauses' titles and texts, its notes and labels; a rule's description and
#: messages): they never decide whether an application is read, judged or refused.
_WORDS_ONLY = ("version", "title", "clauses", "notes", "labels")


def reading_digest(call: Call) -> str:
    """The digest of what, in ``call``, reads, judges or refuses an application: its
    definition but its rules spanning a batch (``unique``) and its words
    (:data:`_WORDS_ONLY`, a declared field's label, a rate table's citation of its source),
    its timeline and parameters as the library reads them (:func:`_values_read`: an instant
    however written, an amount however many zeros it ends with, a set in any order, a
    history of one entry as its value), and the values it was loaded with. Two calls of one
    such digest read and refuse every application alike at every instant, so a batch's
    rules spanning it compare the same applications in both; a record holds it (version 6)
    so that a replay against a call amended in those rules or words alone, or spelled
    otherwise, can tell what they find (session 53, look72r; rpl75, att78: a call written
    otherwise, read alike, was "cannot tell")."""
    definition = _reading(call)
    definition["timeline"], definition["parameters"] = _values_read(call, definition)
    return digest({"reading": definition, "loaded": loaded_values(call)})


def _reading_as_written(call: Call) -> str:
    """:func:`reading_digest` as the library wrote it from session 53 to 54: the parameters
    as written, the timeline's milestones written alone as their instants. A record of
    then holds it, and one equal to it still tells a call read alike."""
    definition = _reading(call)
    definition["timeline"] = {name: _as_read(name, raw, call)
                              for name, raw in definition.get("timeline", {}).items()}
    return digest({"reading": definition, "loaded": loaded_values(call)})


def read_as(call: Call, recorded: str, now: datetime | None = None
            ) -> Literal["whole", "cut"] | None:
    """How ``call`` reads applications as the call of the reading digest ``recorded``:
    ``"whole"``, it is that call (as this library or an earlier one digests it);
    ``"cut"``, it is that call amended "as of" instants after ``now`` since, and a replay
    then says it worked the decision out with the call as in force at ``now``
    (``in_force_on``; never where the record's own call already held every amendment after
    ``now``, look76r F4); else None."""
    whole = reading_digest(call)
    if recorded in (whole, _reading_as_written(call)):
        return "whole"
    return "cut" if now is not None and _cut_reads(call, recorded, now, whole) else None


def amended_after(call: Call, now: datetime) -> bool:
    """Whether ``call`` holds an amendment taking effect after ``now`` (else it is never
    read as a cut of itself, :func:`read_as`)."""
    return any(change > now for change in call._values.changes)


#: The digests of calls cut (:func:`_cut_reads`), by the whole call's reading digest and the
#: instant of the cut: worked out once a call and amendment, not once a record (look76r F2:
#: 12 amendments after ``now`` took a record 20 ms more, each record digesting the call again
#: 12 times). The last :data:`_CUTS_HELD` kept.
_cuts: dict[tuple[str, datetime], str] = {}
_cuts_lock = threading.Lock()
_CUTS_HELD = 1024


def _cut_reads(call: Call, recorded: str, now: datetime, whole: str) -> bool:
    """Whether ``recorded`` is the :func:`reading_digest` of ``call`` (whose own is
    ``whole``) with its amendments from one of the instants after ``now`` on left out: the
    digest the call of a record made at ``now`` had when it was ``call`` before those
    amendments. Each of those calls stands at ``now`` as ``call`` does (the values in force
    at ``now`` are the same), so reads the applications of a batch checked at ``now``
    alike. The cuts tried latest first (the amendments appended since the record, fewest
    first), each digest worked out once (:data:`_cuts`), stopping at the first alike."""
    later = sorted({change for change in call._values.changes if change > now},
                   reverse=True)
    read: tuple[dict[str, Any], dict[str, Any], dict[str, Any], Any] | None = None
    for cut in later:
        with _cuts_lock:
            said = _cuts.get((whole, cut))
        if said is None:
            if read is None:
                definition = _reading(call)
                read = (definition, *_values_read(call, definition), loaded_values(call))
            definition, timeline, parameters, loaded = read

            def kept(history: list[list[Any]], cut: datetime = cut) -> list[list[Any]]:
                return [entry for entry in history
                        if entry[0] is None or datetime.fromisoformat(entry[0]) < cut]
            definition["timeline"] = {name: kept(entries) for name, entries in timeline.items()}
            definition["parameters"] = {name: kept(entries)
                                        for name, entries in parameters.items()}
            said = digest({"reading": definition, "loaded": loaded})
            with _cuts_lock:
                _cuts[whole, cut] = said
                while len(_cuts) > _CUTS_HELD:  # (the oldest let go)
                    del _cuts[next(iter(_cuts))]
        if said == recorded:
            return True
    return False


def _reading(call: Call) -> dict[str, Any]:
    """``call``'s definition but its rules spanning a batch and its words, as JSON."""
    definition = call.definition.model_dump(mode="json", by_alias=True)
    for part in _WORDS_ONLY:
        definition.pop(part, None)
    definition["rules"] = [{k: v for k, v in rule.items() if k not in ("description",
                                                                        "messages")}
                           for rule in definition.get("rules", ())
                           if not (isinstance(rule.get("check"), dict)
                                   and rule["check"].get("op") == "unique")]
    # a declared field's label, a rate table's citation of its source: words (look73r)
    for level in definition.get("fields", {}).values():
        for spec in level.values():
            spec.pop("label", None)
    for value in definition.get("parameters", {}).values():
        versions = value.get("versions") if isinstance(value, dict) else None
        for version in versions if isinstance(versions, list) else ():
            if isinstance(version, dict) and "rows" in version:
                version.pop("source", None)
    return definition


def _values_read(call: Call, definition: Mapping[str, Any]
                 ) -> tuple[dict[str, Any], dict[str, Any]]:
    """``call``'s timeline and parameters as the library reads them (its edition's): each a
    history of the values in force, from the instant each comes into force (in UTC; the
    first, in force before any instant too, from none; one equal to the one before it is no
    change), each milestone as the instants it spans, each parameter as its kind and value
    (an amount however written, ``3100.0`` or ``3100.00``; a set sorted; a rate table as
    written, its sources left out)."""
    written = definition.get("parameters", {})

    def parameter(value: Parameter) -> Any:
        if value.kind == "table":
            return ["table", written.get(value.name)]
        said: Any = value.value
        if value.kind == "money":
            said = {"amount": number_text(said.amount), "currency": said.currency}
        elif value.kind == "decimal":
            said = number_text(said)
        elif value.kind == "set":
            said = sorted(said, key=lambda item: (type(item).__name__, item))
        elif value.kind == "date":
            said = said.isoformat()
        return [value.kind, said, value.region, value.named_set]

    values = call._values
    return ({dated.name: _history(dated, _instants) for dated in values.timeline},
            {dated.name: _history(dated, parameter) for dated in values.parameters})


def _history(dated: Dated[Any], read: Callable[[Any], Any]) -> list[list[Any]]:
    """A dated value as the values in force, each from the instant it comes into force
    (none for the first), an entry equal to the one before it left out."""
    entries: list[list[Any]] = []
    for at, value in enumerate(dated.values):
        said = read(value)
        if entries and entries[-1][1] == said:
            continue
        entries.append([dated.starts[at].astimezone(UTC).isoformat() if entries else None,
                        said])
    return entries


def _as_read(name: str, raw: Any, call: Call) -> Any:
    """A milestone of ``call``'s timeline as the instants it names, where it is one written
    alone (a date, a date-time, a month, a table ``{at, fold}``); as written otherwise (a
    history of amendments, a milestone counted from another), whose spelling then counts."""
    try:
        return _instants(read_milestone(name, raw, call.zone, source="", loc=("timeline", name)))
    except CallrulesError:
        return raw


def _instants(milestone: Milestone) -> dict[str, str]:
    """A milestone as the instants it spans, in UTC, and its precision."""
    return {"start": milestone.start.astimezone(UTC).isoformat(),
            "end": milestone.end.astimezone(UTC).isoformat(),
            "precision": milestone.precision}


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
                    batch: Sequence[Finding] | None = None, report: Report | None = None,
                    place: int | None = None, copies_before: int | None = None
                    ) -> dict[str, Any]:
    """A JSON-ready decision record of evaluating ``application`` against ``call`` at ``now``.

    ``decided_at`` is when the decision was taken (defaults to ``now``); both are aware
    instants supplied by the caller. ``batch`` holds the findings of rules that span
    applications (one per host…), found when the application was checked in its batch: they
    are part of the verdict, kept apart, and taken as recorded when the record is replayed;
    given, even empty, the decision was made in a batch (``in_batch``: that of
    :func:`evaluate_stream`, whose reports leave those rules unchecked, and their findings
    given apart); not given, made alone only when ``report`` is one of :func:`evaluate`
    (its rules spanning a batch unchecked): with neither ``batch`` nor ``report``, whether
    the application was one of a batch is not known, and it is taken as made in one.
    ``report``: the application's report from :func:`evaluate` or a batch, at ``now``, when
    the caller has it (it is not evaluated again; the findings of ``call``'s batch rules in
    it are taken as ``batch``). A report of another application (by its id), of another
    call (id, version or rules) or worked out at another instant is an
    :class:`~callrules.ArgumentError`: the record would hold one application with another's
    verdict.

    ``place`` and ``copies_before``, of a decision made in a batch: the application's index in
    its batch as checked (0 the first) and how many applications before it there were copies
    of it (the same application as the call's form reads it; 0 for the first or only one):
    the record, of version 7, names them, so that replayed with its batch the copy that is
    the record's, of an application given more than once, is the one at that place, never
    one taken for it because its decision is the one recorded (each a whole number of 0 or
    more, ``copies_before`` at most ``place``, both or neither, else
    :class:`~callrules.ArgumentError`: a place its replay would refuse is never written; of
    a decision made alone, none is written: it has no place in a batch).
    """
    ArgumentError.check(call, Call, "call: a Call", argument="call")
    require_instant(now, "now")
    if decided_at is not None:
        require_instant(decided_at, "decided_at")
    if (place, copies_before) != (None, None):  # (a place as its reader reads one, or none)
        _check_place(place, copies_before)
    given = batch is not None
    batch = [ArgumentError.check(f, Finding, "batch: findings", argument="batch")
             for f in ArgumentError.iterable(() if batch is None else batch, "batch: findings",
                                                argument="batch", each="kind_finding")]
    if report is not None:
        ArgumentError.check(report, Report, "report: a Report or None", argument="report")
    # made alone: a report of :func:`evaluate`, which lists the batch rules as unchecked, and
    # no batch findings; made in a batch, or not known (taken as made in one: a replay then
    # says what only the batch can tell, never "same" nor "changed" by a guess): batch
    # findings given (even none, as :func:`evaluate_stream`'s items, whose reports list those
    # rules unchecked, look66r2), a report its batch rules were checked in or of a call with
    # none, or neither (the application evaluated here: it may have been one of a batch)
    in_batch = given or report is None or not report.unchecked
    app = call.parse(application)  # the call's form: its fields, bounds and vocabularies
    try:
        data = app.model_dump(mode="json")
    except ValueError as exc:  # a structure JSON cannot hold (too deep, or a cycle)
        raise InputError([InputProblem((), "json_invalid", f"the application cannot be "
                                       f"written as JSON: {exc}")], source="application"
                         ) from None
    from_report: list[Finding] = []
    if report is None:
        report = evaluate(call, app, now=now)
    else:
        _same_decision(report, call, app.id, now)
        # a finding of a batch rule told by its clause, code and place, never by its clause
        # alone: a clause may hold a ``unique`` rule and an ordinary one (look62r)
        own: list[Finding] = []
        for finding in report.findings:
            (from_report if _batch_rule(call, _brief(finding)) else own).append(finding)
        report = Report(report.call_id, report.call_version, report.application_id,
                        tuple(own))
    outside = next((f for f in [*batch, *from_report]
                    if not _of_batch_rule(call, _brief(f))), None)
    if outside is not None:
        raise ArgumentError(f"batch: the finding {outside.clause} {outside.code} at "
                            f"{outside.path} is not one of a rule of the call that spans a "
                            "batch's applications: give those findings only",
                            code="batch_not_of_call", words=("batch_not_of_call", {}))
    # a finding given twice (in ``batch`` and in ``report``) is one; two rules of a clause
    # on one field (an error and a warning, or two errors) each make theirs, with one key:
    # each key is said as many times as the more of ``batch`` and ``report`` says it, never
    # merged (look62r2)
    spanning = _merged(call, list(map(_ruled, batch)), list(map(_ruled, from_report)))
    spanning = _named(call, spanning)
    record = {
        "record_version": RECORD_VERSION,
        "call": {"id": call.id, "version": call.version, "digest": call_digest(call)},
        "library_version": identity(),  # (its version and a digest of its code)
        "decided_at": (decided_at or now).isoformat(),
        "now": now.isoformat(),
        "input_digest": digest(data),
        "input": data,
        "batch": spanning,
        # (its own copies: an edit of the batch in memory never edits the verdict too)
        "verdict": _verdict([*map(_brief, report.findings), *map(_plain, spanning)]),
        # what the record cannot hold: which rules spanning a batch the call had (a rule
        # added since finds nothing in the record), and which time-zone database made the
        # call's instants (session 50)
        "batch_rules": sorted(rule.identifier for rule in call.batch_rules),
        "zone_database": zone_database(call.timezone),
        # (a rule spanning a batch added since finds nothing in a decision made alone)
        "in_batch": in_batch,
        # (what reads and refuses an application: the batch's other applications are read
        # alike by a call of the same, whatever its rules spanning a batch, session 53)
        "reading_digest": reading_digest(call),
    }
    if place is not None and copies_before is not None and in_batch:  # (its place named:
        # the copy of it that is the record's, told in its batch by its place, session 58)
        record["record_version"] = RECORD_VERSION_PLACED
        record["place"] = {"index": place, "copy": copies_before}
    record["record_digest"] = seal(record)
    return record


def _ruled(finding: Finding) -> dict[str, Any]:
    """A batch finding as :func:`_brief` gives it, with the rule that made it (None: not
    known, a finding built by hand or by an earlier version)."""
    return {**_brief(finding), "rule": finding.rule}


def _merged(call: Call, given: list[dict[str, Any]], reported: list[dict[str, Any]]
            ) -> list[dict[str, Any]]:
    """The batch findings of ``batch`` and ``report`` together: each key (:func:`_key`) at
    most as many times as the more of the two says it, a finding naming its rule taken
    before one that does not, each rule at most once there (a rule makes a place once: a
    finding given twice, in ``batch`` or in both, is one; of two rules of ``call`` alike but
    for their severity, one identifier, as many times as the rules of its severity)."""
    said = Counter(map(_key, given)) | Counter(map(_key, reported))  # (| : the larger count)
    named = Counter((_key(f), f["rule"]) for f in given if f["rule"] is not None) | Counter(
        (_key(f), f["rule"]) for f in reported if f["rule"] is not None)
    # (a rule makes a place at most once: the same finding given twice is one, look65r;
    # rules alike but for their severity share an identifier, each making its own)
    for key, rule in named:
        named[key, rule] = min(named[key, rule], max(1, sum(
            1 for made in call.batch_rules if made.identifier == rule
            and made.severity.value == key[3] and made.makes(*key[:3]))))
    every = [*given, *reported]
    taken: list[int] = []
    for with_rule in (True, False):
        for at, finding in enumerate(every):
            key = _key(finding)
            if (finding["rule"] is not None) != with_rule or said[key] <= 0:
                continue
            if with_rule:
                if named[key, finding["rule"]] <= 0:
                    continue
                named[key, finding["rule"]] -= 1
            said[key] -= 1
            taken.append(at)
    return [every[at] for at in sorted(taken)]


def _named(call: Call, spanning: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The batch findings as a record writes them (as session 49 wrote them in a record of
    version 4 or 3): each naming the rule that made it (``rule``), when two or more rules
    of ``call`` could make one of them (a clause with two ``unique`` rules on one field:
    their clause, code and place do not tell which rule made it, and a replay against the
    call amended must know); else naming none, as a record of version 3 did. One naming no
    rule, when two or more rules could make it, leaves them all naming none (which rule
    made it is not known)."""
    makers = [[rule for rule in call.batch_rules if rule.makes(*_key(f)[:3])]
              for f in spanning]
    _rules_of_call(spanning, makers)
    plain = list(map(_plain, spanning))
    if all(len(rules) < 2 for rules in makers) or any(
            f["rule"] is None and len(rules) > 1
            for f, rules in zip(spanning, makers, strict=True)):
        return plain
    return [{**f, "rule": finding["rule"] or rules[0].identifier}
            for f, finding, rules in zip(plain, spanning, makers, strict=True)]


def _rules_of_call(spanning: list[dict[str, Any]], makers: list[list[BatchRule]]) -> None:
    """Refuse (:class:`~callrules.ArgumentError`, ``batch_not_of_call``) a batch finding
    naming a rule that is not among the rules ``makers`` that could make it, as it is
    (another call's, or of another severity)."""
    for finding, rules in zip(spanning, makers, strict=True):
        if finding["rule"] is not None and not any(
                rule.identifier == finding["rule"] and rule.severity.value == finding["severity"]
                for rule in rules):
            raise ArgumentError(f"batch: the finding {finding['clause']} {finding['code']} at "
                                f"{finding['path']} names a rule the call does not have, or "
                                "one of another severity: give the findings of this call's "
                                "batch", code="batch_not_of_call",
                                words=("batch_not_of_call", {}))


def _plain(finding: Mapping[str, Any]) -> dict[str, Any]:
    """A batch finding as the verdict holds it: its parts but its rule (a copy)."""
    return {name: finding[name] for name in _FINDING_PARTS}


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
#: What a replay tells (:attr:`Replay.outcome`): the decision stands, it does not, or only
#: the batch checked again can tell.
ReplayOutcome = Literal["same", "changed", "batch_needed"]


@portable
@dataclass(frozen=True, slots=True)
class Replay:
    """The outcome of replaying a record: whether the verdict is the same, and what changed
    (``changes``: a line each, in English, with the clauses' ids, codes and paths, for a
    program or a log; :meth:`said`: the same changes in words, in a reader's language).

    ``report``: the application's report worked out again; None when its input, read again
    as recorded, is refused (an amount this version reads otherwise, a field the call as it
    stands requires): then ``refused`` is why, and the decision no longer stands (``same`` is
    False). Check ``refused`` before reading ``report``."""

    same: bool
    changes: tuple[str, ...]
    report: Report | None
    words: tuple[Said, ...] = ()
    refused: InputError | None = None
    #: Whether the replay cannot tell, without the record's batch, if the decision stands:
    #: a rule spanning a batch that may find a problem with the application, or one of its
    #: batch findings that may no longer stand, depends on the batch's other applications,
    #: which a record does not hold (``same`` is then False, and nothing else changed for
    #: certain). Give the batch (:func:`replay`'s ``batch``) to have it decided.
    batch_needed: bool = False
    #: Whether the verdict (eligible or not) changed, for a program: ``False``, the same
    #: verdict (the decision may still have changed in its findings: ``same`` tells); ``True``,
    #: another verdict, or the input now refused (no verdict stands: ``refused``); ``None``,
    #: not known without the record's batch (:attr:`batch_needed`, or a decision changed for
    #: certain while rules spanning a batch not checked again may find a problem, or find
    #: one no more: the words say which, "Not checked"). Give the batch to have it known;
    #: given the batch, ``None`` only where the application is given more than once in it
    #: and its copies are now decided otherwise, none as recorded, the record not telling
    #: which copy it was ("Cannot tell which copy"; ``report`` is then the first such copy's);
    #: where those copies now all have one verdict (a record naming its place, replayed
    #: with a batch not as it was checked), that verdict is told, ``same`` False: which
    #: findings are its own is not known (since session 58).
    verdict_changed: bool | None = False

    @property
    def outcome(self) -> ReplayOutcome:
        """What the replay tells, as a code a program reads: ``"same"`` (the decision
        stands), ``"changed"`` (it does not, for certain) or ``"batch_needed"`` (only the
        batch checked again can tell: :attr:`batch_needed`)."""
        return "same" if self.same else "batch_needed" if self.batch_needed else "changed"

    def said(self, locale: str | None = None) -> tuple[str, ...]:
        """What changed, a sentence each, in ``locale``'s language (None: the session's):
        no clause id, code or path, but the clause's title and the field's label; a
        sentence once, however many findings say it, with how many places it is said of
        when more than one."""
        lang = negotiate(given_locale(locale))  # (naming no language: refused)
        # (a sentence said once, as a person reads it: a rule's findings at many places, one
        # a visitor, are one line, never a line each, look74v; its places counted, never
        # "a problem" said of 1,000, look75r)
        places: dict[str, set[Any]] = {}
        for key, values in self.words:
            found = values.get("finding")  # (a finding new: its own place)
            places.setdefault(_said(key, values, self.report, lang), set()).add(
                found.path if isinstance(found, Finding) else values.get("at"))
        return tuple(line if len(at) < 2 else plural("replay_said_at_places", len(at), lang,
                                                     said=line, count=format_exact(len(at), lang))
                     for line, at in places.items())


def _said(key: str, values: Mapping[str, Any], report: Report | None, lang: str) -> str:
    filled = dict(values)
    if key == "in_force_on":  # (the call as it stood at the record's instant, in its zone)
        filled = {"instant": format_instant_for(values["now"].replace(microsecond=0), lang,
                                                ZoneInfo(values["zone"]))}
    elif key == "replay_input_refused_at":  # a problem of the input, and where (« Budget
        # line 2 — amount », a visitor by name), as a check says it
        problem: InputProblem = values["problem"]
        filled = {"message": problem.message(lang), "field": place_words(
            problem.loc, lang, values["input"], kind=problem.type)}
        if not problem.loc:
            key = "replay_input_refused_why"
    elif key == "replay_finding_new":
        if report is None:  # (a finding new: found in a report worked out again)
            raise TypeError("a finding found anew is said from the report worked out again, "
                            "and this replay has none")
        filled = {"message": report.message_of(values["finding"], lang)}
    elif key in ("replay_finding_gone", "replay_finding_recounted", "replay_batch_now_error",
                 "replay_batch_now_warning", "replay_batch_rule_gone", "replay_batch_rule_new",
                 "replay_batch_rule_unknown", "replay_batch_rule_moved",
                 "replay_batch_rule_read_again",
                 "replay_batch_found_new"):
        titles: Mapping[str, str] = values["titles"]
        clause = titles.get(lang) or next(iter(titles.values()), "") or values["clause"]
        field = field_label(values["field"], lang) if values["field"] else ""
        filled = {"clause": clause, "field": field}
        if key == "replay_finding_recounted":
            filled |= {"was": values["was"], "now": values["now"]}
        if key == "replay_batch_rule_moved":
            was: Mapping[str, Any] = values["was"]
            filled["was"] = was["titles"].get(lang) or next(iter(was["titles"].values()),
                                                            "") or was["clause"]
        # a finding of no one field (a rule over several: ``not`` of ``all``) is said by its
        # clause, never "a problem with" an empty label (look60w)
        if not key.startswith("replay_batch_"):  # (a batch rule's: a field, a clause)
            key += ("" if field.strip() else "_no_field") + ("" if clause else "_no_clause")
    return phrase_sentence(key, lang, **filled)


def _field_key(path: str) -> str:
    """A finding's path without list positions: ``visitors.stay.arrival``."""
    return re.sub(r"\[\d+\]", "", path)


def replay(record: Mapping[str, Any], call: Call | None = None, *,
           batch: Iterable[Any] | None = None) -> Replay:
    """Evaluate a record's input again (against ``call`` or the call it names) and compare.

    Findings of rules that span applications (``batch`` in the record) are taken as
    recorded: one application alone cannot check them again. One that ``call``, changed
    since, has no rule left to make is gone from the decision; in a record of version 4, one
    whose named rule ``call`` no longer has (removed, or changed in its field, order or
    case) is too, and the replay is never "same": it says that only checking the batch
    again tells whether that finding stands. :class:`InputError` if the record is
    malformed or was altered, its decision read strictly (see the module). A sound record
    whose input, read again, is refused (an amount an earlier version misread, a field the
    call as it stands requires) is no :class:`InputError`: its decision no longer stands,
    and the replay says so and why (``same`` False, ``refused`` the error, ``report``
    None); whether the call or the library changed is said by their own notes. In a record
    of version 5 or 6, a rule spanning a batch that the call named did not have (added, or
    changed in its field, order or case) and that keys the application is said, and the
    replay is never "same": only the batch checked again tells what it finds.

    What only the batch can tell is never guessed: where the decision may stand or not
    depending on the batch's other applications (a rule spanning a batch added or changed
    since that keys the application; a batch finding of a rule changed since; a record of
    version 3 or 4, which does not say which such rules its call had, against a call changed
    since) and nothing else changed for certain, the replay is neither "same" nor
    "changed": :attr:`Replay.outcome` is ``"batch_needed"``, and it says why. A recorded
    duplicate is told by its clause and place: one that a rule not checked again may make
    again under its clause now (at any severity, case or order) is no change for certain;
    one under a clause no such rule keys now is gone for certain (rpl74, look74v). Where
    the decision changed for certain but such rules may find a problem, or one no more, the
    verdict is said only when it is certain, and the rules not checked are said.

    ``batch``: the applications of the record's batch (as checked: mappings, JSON texts,
    :func:`callrules.records` of files; or their decision records, whose inputs are taken),
    the record's own among them: the batch is checked again against the call at the
    record's ``now`` (kept for the next record of the same batch, the very list or tuple of
    the very applications, and the same call in the same version, for the last few versions;
    an application changed in place is not seen: give a new list to have it read again; the
    batches given last kept while they take 64 MiB of memory together, the last one whatever
    its size: :mod:`callrules._held_batch`), and the application's decision worked out
    again in it, its batch findings too, is compared with the one recorded: "same" or
    "changed", exactly as a fresh check of that batch decides.
    A batch that does not hold the record's application, as recorded, is an
    :class:`~callrules.ArgumentError` (``batch_without_record``).
    """
    if call is not None:
        ArgumentError.check(call, Call, "call: a Call or None", argument="call")
    inputs = None if batch is None else _batch_of(batch)
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
    if not isinstance(record, Mapping) or not any(
            is_version(version, known) for known in (RECORD_VERSION_UNNAMED, RECORD_VERSION_NAMED,
                                                     RECORD_VERSION_RULES,
                                                     RECORD_VERSION_READING,
                                                     RECORD_VERSION_PLACED)):
        raise _refused(f"not a decision record of version {RECORD_VERSION_UNNAMED}, "
                       f"{RECORD_VERSION_NAMED}, {RECORD_VERSION_RULES}, "
                       f"{RECORD_VERSION_READING} or {RECORD_VERSION_PLACED}",
                       "record_not_readable")
    placed = is_version(version, RECORD_VERSION_PLACED)  # (it names its place in its batch)
    # (it holds how its call reads)
    reading = placed or is_version(version, RECORD_VERSION_READING)
    # (it names the call's batch rules)
    ruled = reading or is_version(version, RECORD_VERSION_RULES)
    # (its batch findings name their rules: all of them, in version 4; in version 5 or 6, all or
    # none, as in version 4 or 3: a finding naming none among others naming theirs is refused)
    named = is_version(version, RECORD_VERSION_NAMED) or (ruled and any(
        isinstance(f, Mapping) and "rule" in f for f in _items(record.get("batch"))))
    unknown = unknown_parts(record, PARTS_PLACED if placed else PARTS_READING if reading
                            else PARTS_RULES if ruled else PARTS)
    if unknown:
        raise _refused(f"parts that a decision record does not have: {', '.join(unknown)}: the "
                  "record was altered", "record_parts_added")
    # the decision as recorded, read strictly: every part a record writes, of the kind it
    # writes it (``1`` is no ``true``), none other, and consistent (att62: a part added in
    # the verdict, ``"eligible": 1``, a batch finding edited with its copy in the verdict,
    # digests computed again, replayed "same verdict")
    for name in ("verdict", "batch", *(("batch_rules", "zone_database", "in_batch") if ruled
                                       else ()), *(("reading_digest",) if reading else ())):
        if name not in record:  # (missing, not "nothing (None)" nor malformed: said as missing)
            raise _refused(f"missing part: {name}", "record_part_absent",
                           part=f"decision_part_{name}")
    verdict = _read_verdict(record.get("verdict"))
    recorded_batch = _read_findings(record.get("batch"), "batch", "decision_part_batch",
                                    "decision_part_batch_finding", named)
    _consistent(verdict, recorded_batch)
    rules_then = _read_batch_rules(record) if ruled else None
    if reading and (type(record["reading_digest"]) is not str
                    or not _DIGEST.fullmatch(record["reading_digest"])):  # ("sha256:", look73r)
        raise _wrong_kind("reading_digest", "decision_part_reading_digest",
                          record["reading_digest"], "kind_digest")
    if ruled and not record["in_batch"] and recorded_batch:  # (read just above)
        raise _refused("batch findings in a record of a decision made alone: the record was "
                       "altered", "record_malformed")
    place = _read_place(record) if placed else None
    if isinstance(record.get("input"), Mapping) and nested_deeper(record["input"]):
        # (an application nested past the limit every reader states, read or not by the
        # reader the record came through, whatever its Python: said so, not its seal)
        raise InputError([too_deep_problem()], source="decision record")
    try:
        call_info, data, now_text = record["call"], record["input"], record["now"]
        if not isinstance(call_info, Mapping):
            raise TypeError("the call it names is an object")
        if not isinstance(data, Mapping):
            raise TypeError("the input is an application, a JSON object")
        now = require_aware(datetime.fromisoformat(now_text), "now")
        require_aware(datetime.fromisoformat(_text(record["decided_at"])), "decided_at")
        call_id = _text(call_info["id"])
        _text(call_info["version"])
        _text(call_info["digest"])
        recorded_identity(record["library_version"])  # (text naming a version)
        sealed = seal(record)
        input_digest = digest(data)
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError,
            OverflowError, TimeError) as exc:
        raise _refused(f"missing or malformed part: {exc}", "record_malformed") from None
    if input_digest != record.get("input_digest"):
        raise _refused("the input does not match its digest: the record was altered",
                  "record_input_altered")
    if sealed != record.get("record_digest"):
        raise _refused("the record does not match its digest: the record was altered",
                  "record_altered")
    changes: list[str] = []
    words: list[Said] = []
    if call is None:
        call = calls.load(call_id)
    # each batch finding recorded is matched to the rule of the call that makes it, one
    # finding to one rule (:func:`_matched`); one listed more often than the call's rules
    # make it (an earlier library listed a finding given both in ``batch`` and in
    # ``report`` twice) is a copy, left out of the verdict too: the decision is the same
    same_call = call_digest(call) == call_info.get("digest")
    copies: Counter[Any] = Counter()  # (a record naming its rules lists no copy)
    # where the call's batch rules key the application: its form read once for them, when
    # the findings or a rule new since need it (look66r)
    @cache
    def places() -> dict[int, set[str]] | None:
        return _places_of(call, data)

    if rules_then is not None and same_call and rules_then != Counter(
            rule.identifier for rule in call.batch_rules):
        raise _refused("the rules spanning a batch that the record names are not those of "
                       "the call it names: the record was altered", "record_batch_rules_altered")
    if named:  # (each finding by the rule it names)
        found = _matched_by_rule(call, recorded_batch)
    else:
        found, copies = _matched(call, recorded_batch, same_call, None if same_call
                                 or not recorded_batch else places())
        if ruled:  # (a record of version 5 or 6 never lists a copy, its findings merged when
            # written: one listed twice was edited, and is compared as listed, att72)
            copies = Counter()
    # (its findings are compared as a multiset, so which copy goes is none of the decision)
    verdict["findings"] = _up_to(verdict["findings"],
                                 Counter(map(_key, verdict["findings"])) - copies)
    if call.id != call_info.get("id") or call.version != call_info.get("version"):
        changes.append(f"call: {call_info.get('id')} version {call_info.get('version')} → "
                       f"{call.id} version {call.version}")
        words.append(("replay_call_changed", {
            "was": str(call_info.get("id")), "was_version": str(call_info.get("version")),
            "call": call.id, "version": call.version}))
    if not same_call:
        changes.append("call definition: its digest differs (rules, parameters, timeline or "
                       "texts were changed)")
        words.append(("replay_call_edited", {}))
    # a batch finding is taken as recorded when a rule of the call could have made it: of
    # the very call the record names, one none could is an edit; of a call changed since,
    # one of a rule it no longer has is gone from the verdict (said so below)
    # one a rule still makes is matched on its clause, code and place, its severity that
    # of its rule now (a call amended in a rule's severity only still finds the duplicate,
    # now of that severity: two errors of two rules, the second now a warning, are an
    # error and a warning, never two errors still)
    spanning = [{**_plain(f), "severity": rule.severity.value} for f, rule in found if rule]
    if same_call and any(rule.severity.value != f["severity"] if rule is not None
                         else any(r.makes(*_key(f)[:3]) for r in call.batch_rules)
                         for f, rule in found):
        raise _not_of_call()
    library = library_changes(record["library_version"])  # (a text: read above)
    changes += library[0]
    words += library[1]
    if ruled:  # (the instants worked out again are today's database's: a note)
        zones = zone_database_changes(record["zone_database"], call.timezone)
        changes += zones[0]
        words += zones[1]
    try:
        require_instant(now, "now")
    except TimeError:  # a zone's offset in seconds (a local mean time of an old date), read
        now = now.astimezone(UTC)  # back as a fixed offset: the same instant, in UTC
    @cache
    def read() -> Literal["whole", "cut"] | None:  # (how the call reads as the record's did)
        return read_as(call, record["reading_digest"], now) if reading else None

    def alike() -> bool:  # (the call reads applications as the record's did at its ``now``)
        return read() is not None

    if not same_call and amended_after(call, now) and read() == "cut":
        # (the decision worked out again with the call as it stood at the record's instant,
        # an amendment taking effect since and later not in it: said, rpl76; only where the
        # record's call is this one but for such amendments, look76r F4)
        changes.append(f"call as in force at {now.isoformat()}: an amendment taking effect "
                       "later is not in it")
        words.append(("in_force_on", {"now": now, "zone": call.timezone}))

    def as_recorded(report: Report) -> bool:  # (the decision recorded, worked out again)
        again = _verdict(map(_brief, report.findings))
        return again["eligible"] is verdict["eligible"] and Counter(
            map(_key, verdict["findings"])) == Counter(map(_key, again["findings"]))

    try:
        # the batch given: the application checked again in it, every rule spanning a batch
        # too; else alone, those rules' findings taken as recorded
        report, which_copy = (evaluate(call, dict(data), now=now), True) if inputs is None \
            else _checked_in(call, now, inputs, data, input_digest, as_recorded,
                             carried=bool(recorded_batch), could_be=None if not (
                                 ruled and record["in_batch"]) else _copy_told(
                                 call, recorded_batch, rules_then, same_call,
                                 same_call or alike(), places), place=place,
                             own_call=same_call)
    except InputError as exc:  # a sound record (its seal checked above) whose input is
        # refused, by this version or the call as it stands: the decision no longer stands,
        # said with why (att65: "NOT REPLAYED", as for an altered record, and "edit the
        # record"); what changed is said by the notes above, never guessed (look64c)
        return _no_longer_read(verdict["eligible"], exc, data, changes, words)
    # one of no batch rule: of the very call, an edit, unless an ordinary rule finds it again
    # (an earlier library put every finding of a clause holding a ``unique`` rule in the
    # batch: such a finding is worked out again, not taken as recorded)
    found_again = {_key(_brief(f)) for f in report.findings}
    if same_call and any(rule is None and _key(f) not in found_again for f, rule in found):
        raise _not_of_call()
    if inputs is not None:  # every finding worked out again in the batch: nothing unknown
        again = _verdict(map(_brief, report.findings))
        before = Counter(map(_key, verdict["findings"]))
        after = Counter(map(_key, again["findings"]))
        # (a finding moved with its rule to another clause: said so, as without the batch,
        # never as one gone and one new)
        shifted = [] if rules_then is None else _moved_in(call, rules_then, before - after,
                                                         after - before)
        said = _differences(call, report, verdict["eligible"], {
            **again, "findings": _up_to(again["findings"],
                                        after - Counter(_key(new) for _, new in shifted))},
            before - Counter(_key(old) for old, _ in shifted), {
            _key(f)[:3] for f in [*verdict["findings"], *again["findings"]]
            if _batch_rule(call, f) is not None})
        moved_said = _moved_said(call, shifted)
        if not which_copy:  # (copies of the application now decided otherwise, none as
            # recorded: which was the record's is not known, nor its verdict or findings
            # now: none said, as another copy's would be said of it, rplmend75)
            return Replay(False, (*changes, _COPY_UNKNOWN), report,
                          (*words, ("replay_batch_copy_unknown", {})), verdict_changed=None)
        if which_copy == "order":  # (the same, of a record naming its place, not found:
            # its words never "the record does not say which copy", rplmend78b)
            return Replay(False, (*changes, _COPY_UNKNOWN_ORDER), report,
                          (*words, ("replay_batch_copy_unknown_order", {})),
                          verdict_changed=None)
        if which_copy == "verdict":  # (its copies of one verdict, their findings not alike:
            # its verdict now told, whichever copy it is; its findings not, never "same",
            # rplmend78)
            turned = again["eligible"] is not verdict["eligible"]
            return Replay(False, (*changes, _COPY_VERDICT_ONLY), report, (*words, (
                "replay_batch_copy_verdict_changed" if turned else
                "replay_batch_copy_verdict_same", {})), verdict_changed=turned)
        return Replay(again["eligible"] is verdict["eligible"] and before == after,
                      (*changes, *said[0], *moved_said[0]), report,
                      (*words, *said[1], *moved_said[1]),
                      verdict_changed=again["eligible"] is not verdict["eligible"])
    # rules spanning applications cannot be checked on one record: taken as recorded
    again = _verdict([*map(_brief, report.findings), *spanning])
    # (a batch finding naming its rule, version 4 or 5, whose rule the call, changed since, no
    # longer has: left out, said once as such, never as found no longer or the same)
    # (one whose rule is still there, in fewer copies, is simply gone: the others find what
    # it found)
    still = {rule.identifier for rule in call.batch_rules}
    unmade = [f for f, rule in found if rule is None and f["rule"] not in still] if named else []
    recorded = Counter(map(_key, verdict["findings"]))
    before = recorded - Counter(map(_key, unmade))
    # a rule spanning a batch that the call did not have (added, or changed in its clause,
    # field, order or case: another identifier) found nothing in the record, as it was not
    # there: what it finds in the batch only the batch checked again tells (a rule keying
    # none of the application finds nothing here); a record of version 3 or 4 does not say
    # which rules the call had: against a call changed since, any of its rules that keys the
    # application may be one (but, in version 4, one a batch finding names: it found those)
    # (a decision made alone: no rule spanning a batch found anything, nor would one now)
    # A call changed since may read, or refuse, the batch's other applications otherwise
    # than the call then did (a rate in force now where none was, a value it now accepts):
    # which of them its rules spanning a batch compare, and so what each finds, only the
    # batch checked again tells (look72r: an application refused then and judged now made
    # the record's a duplicate, replayed "same"). Of a decision made in a batch (or not
    # known to be made alone) replayed against a call changed since, every rule keying the
    # application is untold and no batch finding recorded is certain.
    # A record of version 6 tells when the call reads and refuses applications as its call
    # then did (the same :func:`reading_digest`): amended in its rules spanning a batch
    # alone, and those the record tells.
    reread = not same_call and (rules_then is None or record["in_batch"]) and not (
        alike())
    if rules_then is not None:
        fresh = [] if not record["in_batch"] else _new_rules(call, rules_then,
                                                             recorded_batch, places)
        maybe: list[BatchRule] = []
        # (of those, a rule alike to one the call had, or that rule moved to another clause:
        # what it finds the record tells, the findings of the rule it was)
        fresh, derived, moved = (fresh, None, {}) if reread else _derived(
            call, rules_then, recorded_batch, named, fresh)
        if derived is not None:  # (every rule's findings but those untold: worked out whole)
            spanning, found = derived, []
            unmade = [f for f in unmade if f["rule"] not in moved]
            before = recorded - Counter(map(_key, unmade))
            again = _verdict([*map(_brief, report.findings), *spanning])
    else:
        fresh, derived, moved = [], None, {}
        # (in version 4, the rules of an identifier its findings name at one place: at least
        # as many as the call had, rules alike finding alike; one more of them is new)
        most: dict[str, int] = {}
        for (rule_named, _), times in Counter((f["rule"], _key(f)[:3]) for f in recorded_batch
                                              if named).items():
            most[rule_named] = max(most.get(rule_named, 0), times)
        keyed = places() if not same_call and call.batch_rules else None
        now_many = Counter(rule.identifier for rule in call.batch_rules)
        maybe = [] if keyed is None else [rule for rule in call.batch_rules
                                          if keyed[id(rule)] and now_many[rule.identifier]
                                          > most.get(rule.identifier, 0)]
    read_again: list[BatchRule] = []  # (each rule keying the application, whatever the
    if reread:  # record tells of it: said as such, or as one the record does not name)
        keyed = places()
        told_of = {id(rule) for rule in [*fresh, *maybe]}
        (maybe if rules_then is None else read_again).extend(
            rule for rule in call.batch_rules if id(rule) not in told_of
            and (keyed is None or keyed[id(rule)]))
    # what is known for certain: the findings worked out again, and the batch findings of
    # the rules the call had (of the very call only: a call changed since may read the
    # batch otherwise); the rest may or may not be found in the batch checked again, each
    # at a place a rule keys
    sure = [rule is not None and not reread for _, rule in found]
    known = Counter(map(_key, map(_brief, report.findings))) + Counter(
        (f["clause"], f["code"], f["path"], rule.severity.value)
        for (f, rule), certain in zip(found, sure, strict=True) if certain and rule) + Counter(
        map(_key, derived or ()))
    untold = [*fresh, *maybe, *read_again]
    if not untold:  # (every rule's findings known: one of a rule gone is gone, for certain)
        unmade, before = [], recorded
    keys = places() if untold else None
    # (of rules alike but for their severity, one identifier, which is new is not known:
    # each may find what one of them finds)
    told = {rule.identifier for rule in untold}
    maybe_made = [rule for rule in call.batch_rules if rule.identifier in told]
    extra, missing = known - recorded, recorded - known
    # a recorded duplicate is told by its clause and place (_unexplained): one a rule
    # untold may make again under that clause, at its severity now or in another case or
    # order, is no finding gone for certain; one under a clause no untold rule keys now is
    # (att80: its rule moved and the call's reading changed, it said "the verdict has
    # changed: … it now is"; look74v: then "cannot tell" where every batch says changed)
    batch_needed = bool(untold) and not extra and (keys is None or not _unexplained(
        missing, maybe_made, keys))
    # what the decision is now, for certain, where the decision changed but rules untold
    # may find a problem: an error known for certain refuses it, whatever the batch finds;
    # else it is eligible for certain only when no rule untold can find an error and every
    # error of the decision worked out again is known (a batch finding recorded, whose rule
    # is untold, may be found no more): else the verdict is not said (the rules untold are)
    sure_error = any(key[3] == Severity.ERROR.value for key in +known)
    verdict_known = not untold or sure_error or not (
        any(rule.severity is Severity.ERROR and (keys is None or keys[id(rule)])
            for rule in maybe_made)
        or any(key[3] == Severity.ERROR.value
               for key in +(Counter(map(_key, again["findings"])) - known)))
    # (a rule moved to another clause: its findings there, said as such, not as one gone and
    # one new)
    shifted = [pair for pairs in moved.values() for pair in pairs]

    def unsure(clause: str, path: str) -> bool:  # (a rule not checked may find it there)
        return any(rule.clause == clause and (keys is None or path in keys[id(rule)])
                   for rule in untold)

    said = ([], []) if batch_needed else _differences(
        call, report, verdict["eligible"],
        {**again, "findings": _up_to(again["findings"], Counter(map(_key, again["findings"]))
                                     - Counter(_key(new) for _, new in shifted))},
        before - Counter(_key(old) for old, _ in shifted), {_key(f)[:3] for f in spanning},
        verdict_known=verdict_known, unsure=unsure)
    # (a batch finding now of the other severity where a rule not checked keys it: not said
    # as certain, and that rule said not checked, rpl75)
    regraded_unsure = not batch_needed and any(
        unsure(clause, path) for clause, _, path, _ in (
            +(before - Counter(map(_key, again["findings"])))))
    changes += said[0]
    words += said[1]
    moved_said = _moved_said(call, shifted)
    changes += moved_said[0]
    words += moved_said[1]
    changes += [f"batch finding's rule changed or removed since: {f['clause']} {f['code']} "
                f"at {f['path']} (only checking the batch again tells whether it stands)"
                for f in unmade]
    words += [("replay_batch_rule_gone", _where(call, f["clause"], f["path"])) for f in unmade]
    changes += [f"batch rule new since: {rule.clause} duplicate at {rule.field} (only checking "
                "the batch again tells what it finds)" for rule in fresh]
    words += [("replay_batch_rule_new", _where(call, rule.clause, rule.field))
              for rule in fresh]
    # (a record of version 3 or 4: the rules it may not have known; a call that may read the
    # batch otherwise: its rules)
    if batch_needed or not verdict_known or regraded_unsure:
        changes += [f"batch rule the record does not name: {rule.clause} duplicate at "
                    f"{rule.field} (only checking the batch again tells what it finds)"
                    for rule in maybe]
        words += [("replay_batch_rule_unknown", _where(call, rule.clause, rule.field))
                  for rule in maybe]
        changes += [f"batch rule of a call changed since: {rule.clause} duplicate at "
                    f"{rule.field} (the call may read the batch's other applications "
                    "otherwise: only checking the batch again tells what it finds)"
                    for rule in read_again]
        words += [("replay_batch_rule_read_again", _where(call, rule.clause, rule.field))
                  for rule in read_again]
    same = (again["eligible"] is verdict["eligible"] and before == Counter(
        map(_key, again["findings"])) and not unmade and not untold)
    return Replay(same, tuple(changes), report, tuple(words), batch_needed=batch_needed,
                  verdict_changed=False if same else None if batch_needed or not verdict_known
                  else again["eligible"] is not verdict["eligible"])


def _differences(call: Call, report: Report, eligible: bool, again: Mapping[str, Any],
                 before: Counter[Any], batch: set[tuple[str, str, str]], *,
                 verdict_known: bool = True,
                 unsure: Callable[[str, str], bool] = lambda clause, path: False
                 ) -> tuple[list[str], list[Said]]:
    """What differs between the decision recorded (``eligible``, its findings ``before``)
    and the one worked out again (``again``, from ``report``): its lines and its words.
    The whole decision compared: the verdict and each finding, every part of it (read
    strictly); findings as multisets: a finding said a different number of times is a
    change, told as one; their order is not (a record lists them sorted). ``batch``: the
    places of findings of rules spanning a batch (one now of the other severity is said
    so). ``verdict_known`` False: whether the application is eligible now is not known
    for certain (rules spanning a batch not checked again may find a problem, or find one
    no more), and no verdict is said (rpl74). ``unsure(clause, path)``: whether a rule not
    checked again may find a problem there under that clause (a batch finding now of the
    other severity there is then not said as certain: only the batch tells, and the rule is
    said not checked, rpl75)."""
    changes: list[str] = []
    words: list[Said] = []
    if again["eligible"] != eligible and verdict_known:
        changes.append(f"verdict: eligible {eligible} → {again['eligible']}")
        words.append(("replay_now_eligible" if again["eligible"] else "replay_now_ineligible",
                      {}))
    after = Counter(map(_key, again["findings"]))
    gone, new, recount, regraded = _compared(before, after, batch)
    regraded = [(key, times) for key, times in regraded if not unsure(key[0], key[2])]
    changes += [f"finding gone: {c} {k} at {p}" for c, k, p, _ in gone]
    changes += [f"finding new: {c} {k} at {p}" for c, k, p, _ in new]
    changes += [f"finding said {before[k]} → {after[k]} times: {k[0]} {k[1]} at {k[2]}"
                for k in recount]
    changes += [f"finding's severity {w} → {_other(w)}: {c} {k} at {p}"
                + (f" ({times} times)" if times > 1 else "")
                for (c, k, p, w), times in regraded]
    words += [("replay_finding_gone", _where(call, clause, path)) for clause, _, path, _ in gone]
    words += [("replay_batch_now_" + _other(was), _where(call, clause, path))
              for (clause, _, path, was), _ in regraded]
    new_set = set(new)
    words += [("replay_finding_new", {"finding": f}) for f in report.findings
              if _key(_brief(f)) in new_set]
    # (a batch finding new, told from the record alone: of a rule alike to one the call had)
    reported = {_key(_brief(f)) for f in report.findings}
    words += [("replay_batch_found_new", _where(call, clause, path))
              for clause, _, path, _ in (key for key in new if key not in reported)]
    for key in recount:
        clause, _, path, _ = key
        words.append(("replay_finding_recounted", {**_where(call, clause, path),
                                                   "was": before[key], "now": after[key]}))
    return changes, words


def _unexplained(missing: Counter[Any], rules: Iterable[BatchRule],
                 keys: Mapping[int, set[str]]) -> bool:
    """Whether a finding of ``missing`` (recorded, not known now: by :func:`_key`) is gone
    for certain: one that is no ``duplicate``, or more duplicates under a clause at a place
    than the rules ``rules`` (untold: not checked again) of that clause keying the
    application there, whatever their severity, can make again. A rule amended in its
    severity, case or order may find it again under its clause, and only the batch tells;
    one moved since to another clause (or whose clause was renamed) never finds it again
    under the clause it was recorded under: that finding is gone, the decision changed for
    certain (look74v: said "cannot tell", exit 3, where every batch says "changed")."""
    can = Counter((rule.clause, at) for rule in rules for at in keys[id(rule)])
    for (clause, code, path, _), times in missing.items():
        if code != "duplicate" or can[clause, path] < times:
            return True
        can[clause, path] -= times
    return False


class _RecordsBatch(tuple[Any, ...]):
    """The applications of a batch given as decision records naming their places (a file of
    records, ``replay --batch RECORDS``): ``at``, each place named (an index in the batch as
    it was checked) and where that record's input is in this one. An application refused by
    the form has no record: the places named are the batch's as checked, never the records'
    positions (reread78: each place was one off, every copy "cannot tell", exit 1)."""

    at: dict[int, int]


def _at_place(inputs: tuple[Any, ...], index: int) -> int | None:
    """Where, in ``inputs``, the application at ``index`` of the batch as checked is: a
    file of records, the record naming that place (None: none does); else ``index``."""
    return inputs.at.get(index) if isinstance(inputs, _RecordsBatch) else index


def _batch_inputs(batch: Iterable[Any]) -> tuple[Any, ...]:
    """The applications of a batch given to :func:`replay`: each as given (a mapping, a JSON
    text, a :class:`~callrules._sourced.Sourced` record of a file), a decision record's input for a
    decision record (its ``record_version`` and ``input``). Every item a record naming its
    place, each a place of its own: a :class:`_RecordsBatch`, the places named."""
    inputs: list[Any] = []
    named: dict[int, int] | None = {}  # (each place named, where its record is; None: not all)
    for item in ArgumentError.iterable(batch, "batch: the applications of the batch",
                                       argument="batch"):
        try:
            data = as_given(item)
            isinstance(data, (Mapping, str, bytes, bytearray))
        except Exception:  # (an object of the caller's whose own code raises when its kind
            # is asked, a lazy proxy: refused, named by its type, as check reads it apart)
            raise ArgumentError(
                f"batch: an application of the batch (a {type(item).__name__}) could not be "
                "read", words=argument_words(None, item, Mapping)) from None
        if isinstance(data, (str, bytes, bytearray)) and b'"record_version"' in (
                data if isinstance(data, (bytes, bytearray)) else data.encode("utf-8",
                                                                               "replace")):
            with suppress(ValueError, RecursionError):  # (a record of a file of records,
                data = json.loads(data)  # as its text: read to tell)
        if isinstance(data, Mapping) and "record_version" in data and isinstance(
                data.get("input"), Mapping):
            item = data["input"]
            if named is not None:
                try:
                    index = _read_place(data)[0]
                except InputError:
                    named = None
                else:  # (a place named twice: records of two batches, no place told)
                    named = None if index in named else named
                    if named is not None:
                        named[index] = len(inputs)
        else:
            named = None
        inputs.append(item)
    if not named:
        return tuple(inputs)
    held = _RecordsBatch(inputs)
    held.at = named
    return held


_COPY_VERDICT_ONLY = ("batch: the application is given more than once, not at the place "
                      "its record names, its copies now of one verdict but different "
                      "findings: which copy the record's is cannot be told, nor its findings "
                      "now")
_COPY_UNKNOWN_ORDER = ("batch: the application is given more than once, not at the place "
                       "its record names, its copies now decided otherwise: which copy the "
                       "record's is cannot be told, nor its verdict now")
_COPY_UNKNOWN = ("batch: the application is given more than once, its copies now decided "
                 "otherwise and none as recorded: which copy the record's is cannot be told, "
                 "nor its verdict now")


def _checked_in(call: Call, now: datetime, inputs: tuple[Any, ...], data: Mapping[str, Any],
                input_digest: str, as_recorded: Callable[[Report], bool], *,
                carried: bool = False, could_be: _CouldBe | None = None,
                place: tuple[int, int] | None = None, own_call: bool = False
                ) -> tuple[Report, bool | Literal["verdict", "order"]]:
    """The report of the record's application (its input ``data``, of digest
    ``input_digest``) checked again in its batch ``inputs`` against ``call`` at ``now``, its
    batch findings with it; the :class:`InputError` refusing it. The application is the one
    of the batch whose input, as a record holds it (read by the call's form), has that
    digest; none: :class:`~callrules.ArgumentError`. The same application given more than
    once (a resubmission: one copy may be the duplicate of the other), the copy whose
    decision is the one recorded (``as_recorded``), if any: a record does not hold its place
    in its batch, and the copies differ only by their place (never a false "changed"). The
    copies are one application as the form reads it: evaluated once, each given the batch
    findings of its place (rpl75: each copy was evaluated again, for each record).

    None as recorded (a call changed since), the copy is told by the record's batch findings
    (``carried``: a rule spanning a batch, ``unique``, finds the application a duplicate of
    one before it, so a copy with nothing before it is not the record's); the copies left
    decided alike, the first of them; else, with False (which copy, so which verdict now,
    cannot be told: look75r, the first copy's "it now is eligible" was said of a duplicate
    still not eligible). Before that, ``could_be`` (:func:`_copy_told`) sets aside each
    copy whose batch findings then, as far as the record and the call now tell them, are
    not the record's (rpl76: a copy after other applications was "cannot tell" where the
    record's batch findings told it).

    A record naming its place (``place``: its index in the batch and how many copies of it
    came before it, version 7) is the copy at that index when, in the batch given, that
    copy has as many copies before it: the batch as it was decided, its copy told for
    certain (session 58: a copy decided as recorded, not the record's, was taken for it, a
    false "same", look76r); against the record's own call (``own_call``), only where it is
    decided as recorded (a place given wrong by the record's writer, or a batch changed
    since, is no place found). Not there (a batch given otherwise: its order changed, an
    application left out, or copies the call now reads alike that were not), the batch is
    not the one checked, so neither the record's decision nor its batch findings tell its
    copy (a copy with nothing before it may have had an application before it then): the
    copies must be decided alike, verdict and findings, else which is the record's is not
    told (``"verdict"``: the copies of one verdict, which the record's verdict now is
    whichever copy it is, its findings not told). The copy at its place is the record's only
    where its input as given is the record's (look78r: a copy spelled otherwise, found at
    the place in a batch given in another order, was taken, a false "same"). A file of
    records given as the batch (:class:`_RecordsBatch`) is its records' places: the place a
    record names is where the record naming it is, never its position among the records
    (an application refused by the form has none: reread78, each place was one off). Found,
    no other copy's report is built; not found, copies of two verdicts are "cannot tell"
    (``"order"``) at the second verdict met.

    An application of the batch held that is found changed in place since it was read (a
    mapping edited, then put back as the record's: look74b) has the batch read and checked
    again, never a stale reading taken for the batch (:class:`ChangedInPlace`)."""
    try:
        places = places_in(call, inputs, data, input_digest, key=call_digest(call))
    except ChangedInPlace:
        forget_readings(inputs)  # (its index and checks: read again from the batch as it is)
        places = places_in(call, inputs, data, input_digest, key=call_digest(call),
                           look_again=False)
    if not places:
        raise ArgumentError("batch: the batch given does not hold the record's application "
                            "as it was decided: give the applications of its batch",
                            code="batch_without_record", words=("batch_without_record", {}))
    checked = _batch_checked(call, now, inputs)
    # (the copies, one application as read: evaluated once; refused, each copy is; as the
    # record holds it, whatever the batch's spelling of it, rpl75)
    alone = evaluate(call, dict(data), now=now)
    if place is not None and len(places) > 1:  # (the record names its copy: the one at its
        # place, with as many copies read alike before it as its writer counted, that is the
        # record's input as given, never another copy found there, look78r)
        # (a file of records given as the batch: the place its record names, never the
        # record's position in the file, reread78)
        index, copies_before = _at_place(inputs, place[0]), place[1]
        # (of a file of records, the copies before it are those of its input as the records
        # hold it, already found: never the batch read again for each record, rplmend78b)
        alike = places if isinstance(inputs, _RecordsBatch) else places_in(
            call, inputs, data, input_digest, key=call_digest(call), look_again=False,
            read_alike=True)
        if index is not None and index in alike and alike.index(index) == copies_before \
                and _own_input(call, inputs[index], input_digest):
            report = checked.report(alone, index)
            if not own_call or as_recorded(report):
                return report, True
    if place is not None:  # (its place not found: the batch is not as
        # it was checked, so neither its decision nor its batch findings tell its copy: the
        # copies decided alike, verdict and findings, or which is the record's is not told;
        # of one verdict, that verdict is told, its findings not: look78r. The copies whose
        # input is the record's as it holds it, if any, are the only ones it can be: the
        # others, written otherwise, are not its own, rplmend78; each copy's report built
        # once, those of two verdicts "cannot tell" at once, rplmend78b)
        own = [at for at in places if _own_input(call, inputs[at], input_digest)] or places
        reports = []
        for at in own:
            reports.append(checked.report(alone, at))
            if len({report.eligible for report in reports}) > 1:
                return reports[0], "order"
        return reports[0], True if len({_decided(report) for report in reports}) == 1 \
            else "verdict"
    reports = []
    for at in places:
        report = checked.report(alone, at)
        if as_recorded(report):
            return report, True
        reports.append(report)
    if could_be is not None and len(places) > 1:  # (the copies the record cannot be, set
        # aside: told by its batch findings, rpl76)
        identical = None not in (given := {given_digest(inputs[at]) for at in places}) \
            and len(given) == 1
        left = [(at, report) for n, (at, report) in enumerate(zip(places, reports,
                                                                   strict=True))
                if could_be(n == 0, identical, checked.found.get(at, ()))]
        if left:  # (none left: the record and the call now disagree, none set aside)
            places, reports = [at for at, _ in left], [report for _, report in left]
    if carried and places[0] == 0 and len(reports) > 1:  # (a duplicate of nothing before
        reports = reports[1:]  # it: not the record's)
    return reports[0], len({report.eligible for report in reports}) == 1


def _own_input(call: Call, given: Any, input_digest: str) -> bool:
    """Whether the application ``given`` is the record's input (of digest ``input_digest``),
    as given or as a record holds it (read by ``call``'s form: parsed only where the text as
    given does not tell, rplmend78b)."""
    return given_digest(given) == input_digest or recorded_digest(call, given) == input_digest


def _decided(report: Report) -> frozenset[tuple[tuple[str, str, str, str], int]]:
    """A report's findings as a decision compares them (clause, code, place, severity, each
    as many times as found)."""
    return frozenset(Counter(_key(_brief(f)) for f in report.findings).items())


#: Whether the record's application could be a copy of it in its batch (:func:`_copy_told`):
#: given whether it is the first copy, whether the copies are one text as given, and the
#: batch findings the call now finds at that copy.
_CouldBe = Callable[[bool, bool, Sequence[Finding]], bool]


def _copy_told(call: Call, recorded: list[dict[str, str]], rules_then: Counter[str] | None,
               same_call: bool, alike: bool,
               places: Callable[[], dict[int, set[str]] | None]) -> _CouldBe:
    """What tells which copy of its application, given more than once in its batch, a
    record of a decision made in a batch is (its batch findings ``recorded``; the
    identifiers of its call's rules spanning a batch ``rules_then``), never on a guess:

    - a ``unique`` rule finds every copy but the first a duplicate at each place it keys
      (the copies share their keys; the first of two alike stands, ordered by the batch,
      :mod:`callrules.language.unique`), so a rule of the call then, still in the call now
      (the same identifier: its clause, field, order and case), keying the application at
      a place where the record holds no duplicate tells that the record is the first copy
      (the copies one text as given, read alike then, or the call read alike);
    - the call reading applications as the call then did (``alike``: the same
      :func:`reading_digest`), each such rule finds now at each copy what it found then:
      a copy where one finds a duplicate the record does not hold is not the record's;
      and when every rule then is known so (the identifiers alike), a copy whose batch
      findings now, of those rules, are not the record's (clause, code, place; their
      severity aside, which an amendment may change) is not either.
    """
    then = [rule for rule in call.batch_rules
            if same_call or (rules_then is not None and rule.identifier in rules_then)]
    ids = {rule.identifier for rule in then}
    every = same_call or (rules_then is not None
                          and Counter(rule.identifier for rule in then) == rules_then)
    have = {(f["clause"], f["code"], f["path"]) for f in recorded}

    def could_be(first: bool, identical: bool, found: Sequence[Finding]) -> bool:
        keys = places() if not first and (identical or alike) and then else None
        if keys is not None and any((rule.clause, "duplicate", path) not in have
                                    for rule in then for path in keys[id(rule)]):
            return False  # (a copy after the first: each rule then finds it a duplicate)
        if not alike:
            return True
        made = {(f.clause, f.code, f.path) for f in found if f.rule in ids}
        return made <= have and (not every or made == have)

    return could_be


def _batch_of(batch: Iterable[Any]) -> tuple[Any, ...]:
    """The applications of ``batch`` (:func:`_batch_inputs`), read once for the records of
    one batch replayed one after another (:mod:`callrules._held_batch`)."""
    return held_inputs(batch, _batch_inputs)


#: What a batch finding held takes (:meth:`_BatchChecked.bytes`), in bytes.
_FINDING_BYTES = 768


@dataclass
class _BatchChecked:
    """A batch checked once against a version of a call (as it stands at an instant): the
    findings of its rules spanning a batch by place (``found``). It holds for every instant
    at which the call stands as that version:
    an application is judged by the version's rules and values alone (refused, by a rate
    missing or a table with no rate in force, by that version or by none), so the
    applications the rules compare are those of the version, whatever the instant; each
    application is checked at its own instant, and given the batch findings of its place, as
    :func:`evaluate_many` gives them (the batch checked once a version, not once an instant:
    linear, where records decided one by one each have their own)."""

    found: dict[int, list[Finding]]

    def bytes(self) -> int:
        """About the bytes it takes, held with its batch (:mod:`callrules._held_batch`):
        :data:`_FINDING_BYTES` a finding (measured, session 57: a duplicate found by
        ``unique``, its place's entry with it, about 620 bytes)."""
        return CHECK_BYTES + _FINDING_BYTES * sum(map(len, self.found.values()))

    def report(self, alone: Report, at: int) -> Report:
        """The report of the application at place ``at`` in the batch, from its report
        ``alone`` (its own rules: of :func:`evaluate` at the record's instant) and the batch
        findings of its place."""
        report = alone
        for finding in self.found.get(at, ()):
            report = _with_finding(report, finding)
        return _with_finding(report, None) if report.unchecked else report


def _batch_checked(call: Call, now: datetime, inputs: tuple[Any, ...]) -> _BatchChecked:
    """The batch ``inputs`` checked against ``call`` as it stands at ``now``: once for the
    records of one batch replayed one after another (the same call, by its digest, in the
    same version: its values in force, which its digest does not tell apart, rpl72), see
    :class:`_BatchChecked`; by one thread, those replaying meanwhile waiting for its check
    (rpl75: each checked the whole batch)."""
    judged = call.at(now)
    key = (call_digest(call), judged.id, judged.version, judged._key)

    def check() -> _BatchChecked:
        stream = evaluate_stream(call, list(inputs), now=now, progress=False)
        for _ in stream:  # (the batch read whole: its findings spanning it are the corrections)
            pass
        found: dict[int, list[Finding]] = {}
        for at, finding in stream.corrections():
            found.setdefault(at, []).append(finding)
        return _BatchChecked(found)

    checked: _BatchChecked = checked_once(inputs, key, check,  # (beside the last versions')
                                          _BatchChecked.bytes)
    return checked


def _items(value: Any) -> list[Any]:
    """``value`` if it is a list, else none (its kind is refused when read)."""
    return value if type(value) is list else []


def _place_fault(index: object, copy: object) -> str | None:
    """Which number of a place is not one a place may have (``"index"``, ``"copy"``; None:
    a place): each a whole number of 0 or more, ``copy`` at most ``index`` (no more copies
    of an application before it than applications). The one rule of the place a record is
    written with (:func:`decision_record`) and read with (:func:`_read_place`): a record
    the library writes, its reader reads (look78r: a place refused as malformed was
    written)."""
    for name, value in (("index", index), ("copy", copy)):
        if type(value) is not int or value < 0:
            return name
    assert isinstance(index, int) and isinstance(copy, int)
    return "copy" if copy > index else None


def _check_place(place: object, copies_before: object) -> None:
    """:class:`~callrules.ArgumentError` for a place given to :func:`decision_record` that
    is not one (:func:`_place_fault`), naming the argument and what it takes, in words."""
    fault = _place_fault(place, copies_before)
    if fault is None:
        return
    name, value = ("place", place) if fault == "index" else ("copies_before", copies_before)
    if type(value) is not int:  # (not a whole number: its kind said; nothing: said so)
        words = argument_words(name, value, "kind_whole")
    elif value < 0:
        words = ("argument_whole_at_least", {"argument": name, "least": ExactInWords(0),
                                             "given": given_words(value)})
    else:  # (more copies before it than applications)
        assert type(place) is int
        words = ("argument_copies_before", {"argument": name, "least": ExactInWords(0),
                                            "most": ExactInWords(place),
                                            "given": given_words(value)})
    raise ArgumentError(f"{name}: a whole number of 0 or more, both given"
                        + (", copies_before at most place" if fault == "copy" else ""),
                        words=words)


def _read_place(record: Mapping[str, Any]) -> tuple[int, int]:
    """The application's place in its batch, as a record of version 7 names it: its index in
    the batch and how many copies of it came before it (``index`` and ``copy``, whole numbers
    of 0 or more, ``copy`` at most ``index``), of a decision made in a batch; refused as
    malformed otherwise."""
    value = record.get("place")
    if not (type(value) is dict and set(value) == {"index", "copy"}
            and _place_fault(value["index"], value["copy"]) is None
            and record.get("in_batch") is True):
        raise _refused("missing or malformed part: place", "record_malformed")
    return value["index"], value["copy"]


def _read_batch_rules(record: Mapping[str, Any]) -> Counter[str]:
    """The identifiers of the call's rules spanning a batch, as a record of version 5 or 6 names
    them (each 16 hexadecimal digits, sorted), and its time-zone database checked: refused
    as malformed otherwise."""
    listed, zones = record.get("batch_rules"), record.get("zone_database")
    if type(listed) is not list or any(type(i) is not str or not _IDENTIFIER.fullmatch(i)
                                       for i in listed) or listed != sorted(listed):
        raise _refused("missing or malformed part: batch_rules", "record_malformed")
    if not is_zone_database(zones):
        raise _refused("missing or malformed part: zone_database", "record_malformed")
    if type(record.get("in_batch")) is not bool:
        raise _refused("missing or malformed part: in_batch", "record_malformed")
    return Counter(listed)


def _new_rules(call: Call, rules_then: Counter[str], recorded: list[dict[str, str]],
               places_of: Callable[[], dict[int, set[str]] | None]) -> list[BatchRule]:
    """The rules of ``call`` spanning a batch that the call the record names did not have
    (more of an identifier than it had: added, or changed in what decides its findings)
    that may find a duplicate in the application ``data``: those keying it (all when its
    form does not read it), but one that finds no more than a rule the call had, which found
    nothing there (:func:`_no_more_than`)."""
    added = Counter(rule.identifier for rule in call.batch_rules) - rules_then
    places = places_of() if added else None
    clauses = {*call.clauses, *(f["clause"] for f in recorded)}
    fresh: list[BatchRule] = []
    for rule in call.batch_rules:
        alike = _no_more_than(rule, rules_then, clauses)
        if added[rule.identifier] > 0 and (places is None or places[id(rule)]) and not (
                alike and not any(
                    makes(f["clause"], rule.field, rule.items is not None, *_key(f)[:3])
                    and f.get("rule", next(iter(alike))) in alike for f in recorded)):
            added[rule.identifier] -= 1
            fresh.append(rule)
    return fresh


def _derived(call: Call, rules_then: Counter[str], recorded: list[dict[str, Any]],
             named: bool, fresh: list[BatchRule]
             ) -> tuple[list[BatchRule], list[dict[str, str]] | None,
                        dict[str, list[tuple[dict[str, str], dict[str, str]]]]]:
    """Of the rules ``fresh`` (new since, keying the application: :func:`_new_rules`), those
    whose findings the record tells: one more rule alike to one the call had (its
    identifier: of another severity), or the very rule the call had under another clause
    (moved, its identifier that of the clause): it finds, under its own clause and at its
    own severity, exactly the duplicates the rule it was found, the record's batch findings
    of that rule. Returned: the rules still untold; every batch finding of the call's rules
    but those (each rule of an identifier the call had finds what it found; None: not
    worked out); by the identifier of a rule moved (the call no longer has it), each of its
    findings with the one it is now. Nothing is told when a batch finding of the record
    cannot be given to one rule the call had (a record naming none, where the call's rules
    then are not all known again: each is told from a rule of the call as it stands, under
    one of the clauses)."""
    if not fresh:
        return fresh, None, {}
    clauses = sorted({*call.clauses, *(f["clause"] for f in recorded)})
    then: dict[str, tuple[str, str, bool]] = {}  # (each rule then known again: its place)
    for rule in call.batch_rules:
        for clause in clauses:
            for case in (False, True):
                one = identifier(clause, rule.loc, rule.items, rule.ordered_by, case)
                if rules_then[one]:
                    then[one] = (clause, rule.field, rule.items is not None)
    made_by: list[str] = []  # (the rule then of each batch finding)
    if not named and recorded and set(rules_then) - then.keys():
        return fresh, None, {}
    # (each rule then by its clause: only a rule of a finding's clause makes it, so each
    # finding is matched among those alone, never against every rule of every clause the
    # record names, att75)
    then_in: dict[str, list[tuple[str, str, bool]]] = {}
    for one, (clause, field, listed) in then.items():
        then_in.setdefault(clause, []).append((one, field, listed))
    for finding in recorded:
        if named:
            made_by.append(finding["rule"])
            continue
        makers = [one for one, field, listed in then_in.get(finding["clause"], ())
                  if makes(finding["clause"], field, listed, *_key(finding)[:3])]
        if len(makers) != 1:
            return fresh, None, {}
        made_by.append(makers[0])
    paths: dict[str, set[str]] = {}
    for finding, one in zip(recorded, made_by, strict=True):
        paths.setdefault(one, set()).add(finding["path"])
    untold: list[BatchRule] = []
    source: dict[str, str] = {one: one for one in rules_then}
    for rule in fresh:
        was = next((one for one in (identifier(clause, rule.loc, rule.items, rule.ordered_by,
                                               rule.case_insensitive)
                                    for clause in [rule.clause, *clauses])
                    if rules_then[one]), None)
        if was is None:
            untold.append(rule)
        else:
            source[rule.identifier] = was
    made = [({"clause": rule.clause, "code": "duplicate", "severity": rule.severity.value,
              "path": path}, rule.identifier) for rule in call.batch_rules
            if rule.identifier in source
            for path in sorted(paths.get(source[rule.identifier], ()))]
    still = {rule.identifier for rule in call.batch_rules}
    moved: dict[str, list[tuple[dict[str, str], dict[str, str]]]] = {}
    # (each finding moved: the first one left that it is now, of the same severity first,
    # else of the other: one moved and made a warning, or an error, is said moved and now
    # of its severity, never as moved alone, rpmend72, nor as newly found, rpl73); the
    # findings made, in their order, by what a pairing reads of them (the rule then, the
    # path, the severity in the first pass): each looked up, never searched for among all
    # of them (att75: quadratic, 60 s for one record of 30,000 batch findings)
    by_severity: dict[tuple[str, ...], deque[int]] = {}
    by_place: dict[tuple[str, ...], deque[int]] = {}
    for at, (f, now) in enumerate(made):
        if source[now] not in still:  # (a rule the call no longer has: moved)
            by_severity.setdefault((source[now], f["path"], f["severity"]), deque()).append(at)
            by_place.setdefault((source[now], f["path"]), deque()).append(at)
    taken = [False] * len(made)
    paired = [False] * len(recorded)
    for same_severity, index in ((True, by_severity), (False, by_place)):
        for n, (finding, one) in enumerate(zip(recorded, made_by, strict=True)):
            if paired[n] or one in still:
                continue
            queue = index.get((one, finding["path"], *([finding["severity"]] if same_severity
                                                       else [])))
            while queue and taken[queue[0]]:  # (paired in the first pass)
                queue.popleft()
            if queue:
                at = queue.popleft()
                taken[at] = paired[n] = True
                moved.setdefault(one, []).append((finding, made[at][0]))
    return untold, [f for f, _ in made], moved


def _moved_in(call: Call, rules_then: Counter[str], gone: Counter[Any], new: Counter[Any]
              ) -> list[tuple[dict[str, str], dict[str, str]]]:
    """Of the findings ``gone`` and ``new`` (keys, :func:`_key`) of a replay against the
    batch, the pairs of one finding of a rule the call had and no longer has (its
    identifier, ``rules_then``) and the finding of that very rule moved to another clause,
    at the same place (of the same severity first, else made a warning or an error)."""
    still = {rule.identifier for rule in call.batch_rules}
    gone, new = Counter(gone), Counter(new)
    # (the findings gone by their code and place, those new by their clause, each in their
    # order: a finding looked up among those of its place alone, never among all, att75)
    olds: dict[tuple[str, str], list[Any]] = {}
    for key in sorted(gone):
        olds.setdefault(key[1:3], []).append(key)
    news: dict[str, list[Any]] = {}
    for key in sorted(new):
        news.setdefault(key[0], []).append(key)
    was: dict[tuple[str, int], bool] = {}  # (a clause and a rule: a rule then, gone since)

    def was_there(clause: str, rule: BatchRule) -> bool:
        if (clause, id(rule)) not in was:
            one = identifier(clause, rule.loc, rule.items, rule.ordered_by,
                             rule.case_insensitive)
            was[clause, id(rule)] = one in rules_then and one not in still
        return was[clause, id(rule)]

    pairs = []
    for same_severity in (True, False):
        for rule in call.batch_rules:
            for key in news.get(rule.clause, ()):
                clause, code, path, severity = key
                while new[key] > 0 and rule.makes(clause, code, path):
                    old = next((k for k in olds.get((code, path), ()) if gone[k] > 0
                                and k[0] != clause and (k[3] == severity or not same_severity)
                                and was_there(k[0], rule)), None)
                    if old is None:
                        break
                    gone[old] -= 1
                    new[key] -= 1
                    pairs.append((dict(zip(_FINDING_KEY, old, strict=True)),
                                  dict(zip(_FINDING_KEY, key, strict=True))))
    return pairs


#: The parts of a finding in the order :func:`_key` gives them.
_FINDING_KEY = ("clause", "code", "path", "severity")


def _moved_said(call: Call, shifted: list[tuple[dict[str, str], dict[str, str]]]
                ) -> tuple[list[str], list[Said]]:
    """Each finding moved with its rule to another clause (``shifted``: as it was, as it is
    now), said so, and one now of the other severity said so too (rpl73)."""
    changes = [f"batch rule moved to another clause: {old['clause']} {old['code']} at "
               f"{old['path']} → {new['clause']}" for old, new in shifted]
    words: list[Said] = [("replay_batch_rule_moved", {**_where(call, new["clause"], new["path"]),
                                                      "was": _where(call, old["clause"],
                                                                    old["path"])})
                         for old, new in shifted]
    regraded = [(old, new) for old, new in shifted if old["severity"] != new["severity"]]
    changes += [f"finding's severity {old['severity']} → {new['severity']}: {new['clause']} "
                f"{new['code']} at {new['path']}" for old, new in regraded]
    words += [("replay_batch_now_" + new["severity"], _where(call, new["clause"], new["path"]))
              for _, new in regraded]
    return changes, words


def _no_more_than(rule: BatchRule, rules_then: Counter[str], clauses: Iterable[str]
                  ) -> set[str]:
    """Whether the call a record names had a rule finding, in an application, a duplicate
    wherever ``rule`` finds one: a rule alike (its identifier: alike but for its severity;
    one more of them), or alike but comparing in any case where ``rule`` compares in the
    same case (an application's value found before in the same case was found before in any
    case), of ``rule``'s clause or of another (``clauses``: the call's and those the record
    names; a rule moved to another clause compares the same values): their identifiers
    (none: no such rule). Where such a rule found nothing (no batch finding of the record
    at its field, under any clause, but one naming another rule), ``rule`` finds nothing
    either."""
    alike = {identifier(clause, rule.loc, rule.items, rule.ordered_by, case)
             for clause in {rule.clause, *clauses} for case in {rule.case_insensitive, True}}
    return {one for one in alike if rules_then[one]}


def _places_of(call: Call, data: Any) -> dict[int, set[str]] | None:
    """Where each batch rule of ``call`` keys the application ``data`` (the places it can
    make a finding at: each key once, at its first place); None when the call's form does
    not read it (the replay's evaluation says why)."""
    try:
        application = call.parse(dict(data))
    except InputError:
        return None
    return {id(rule): {format_loc(loc) for _, _, loc, _, _ in rule.keys(application)}
            for rule in call.batch_rules}


def _matched(call: Call, findings: list[dict[str, str]], same_call: bool,
             places: Mapping[int, set[str]] | None = None
             ) -> tuple[list[tuple[dict[str, str], BatchRule | None]], Counter[Any]]:
    """Each batch finding of a record of version 3 with the rule of ``call`` that made it
    (None: no rule left), and the copies left out.

    A place (clause, code and path) is made at most once by each rule that makes it
    (:meth:`BatchRule.makes`), and a key (its severity too) of the very call at most once by
    each of its rules of that severity. A finding past that count whose key a finding kept
    has is a copy: an earlier library listed a batch finding given both in ``batch`` and in
    ``report`` twice. (A finding of a rule removed since, when another rule makes its very
    key, cannot be told from such a copy: what a record of this version cannot tell.)

    Each finding kept is matched to one rule. Of the very call, a rule of its severity, as
    recorded. Of a call changed since, whose rules may have changed in severity, among the
    rules keying the application at that very place (``places``, by :func:`id` of each rule;
    all that make the place when the application cannot be read, or none keys it there).
    When those rules order applications alike, the k findings of a place are those of the k
    rules that find the most: the rules comparing in any case first (at a place both key, a
    duplicate in the same case is one in any case too; at a case variant that the rule
    comparing in any case keyed earlier, it is not). Each is matched to a rule of its
    severity first, then to any, and takes the severity of its rule now. Rules ordering
    applications differently are matched by severity alone: a record of version 4 names the
    rule instead (:func:`_matched_by_rule`)."""
    rules: dict[tuple[str, str, str], list[BatchRule]] = {}
    kept: Counter[tuple[str, ...]] = Counter()  # (by place, and by key)
    seen: set[tuple[str, str, str, str]] = set()
    out: list[dict[str, str]] = []
    copies: Counter[Any] = Counter()
    for finding in findings:
        key = _key(finding)
        place = key[:3]
        if place not in rules:
            makers = [rule for rule in call.batch_rules if rule.makes(*place)]
            # (of the application, the rules keyed at that very place: a rule comparing in
            # any case keys two case variants it lists once, at the first, where the rule
            # comparing in the same case keys each: either may make a place the other cannot)
            there = [rule for rule in makers
                     if places is not None and place[2] in places.get(id(rule), ())]
            rules[place] = sorted(there or makers, key=lambda rule: not rule.case_insensitive)
        # (of the very call, the rules of its severity: exactly how many can make it)
        made = [rule for rule in rules[place] if not same_call
                or rule.severity.value == key[3]]
        if kept[key if same_call else place] >= max(1, len(made)) and key in seen:
            copies[key] += 1
            continue
        kept[key], kept[place] = kept[key] + 1, kept[place] + 1
        seen.add(key)
        out.append(finding)
    # (of a changed call, rules ordering alike: the k that find the most made k findings)
    free = {place: makers if same_call or len({r.ordered_by for r in makers}) > 1
            else makers[:kept[place]] for place, makers in rules.items()}
    taken: list[BatchRule | None] = [None] * len(out)
    for same_severity in (True, False):
        for at, finding in enumerate(out):
            pool = free[_key(finding)[:3]]
            if taken[at] is None:
                chosen = next((n for n, rule in enumerate(pool) if not same_severity
                               or rule.severity.value == finding["severity"]), None)
                if chosen is not None:
                    taken[at] = pool.pop(chosen)
    return list(zip(out, taken, strict=True)), copies


def _matched_by_rule(call: Call, findings: list[dict[str, str]]
                     ) -> list[tuple[dict[str, str], BatchRule | None]]:
    """Each batch finding of a record of version 4 with the rule of ``call`` it names (by
    :attr:`BatchRule.identifier`), one finding to one rule, of its severity first (rules
    alike but for their severity have one identifier, and find the same duplicates); None
    when the call has no such rule left to make it.

    Against the very call, a finding whose rule is not there, or of another severity, is an
    edit. Against a call changed since, a rule keeps its identifier whatever its severity,
    wording or place among the rules: its findings are matched to it exactly. A finding of a
    rule the call no longer has (removed, or changed in its field, order or case: another
    identifier) is matched to none, never to another rule of its place: which duplicates
    that rule finds only the batch checked again tells (look65r: handed to a rule left over,
    27 of 620 such records replayed "same" though the decision differed). :func:`replay`
    takes it out of the decision and says so. A rule that no finding names found nothing
    there, or was added since (batch findings are taken as recorded)."""
    free: dict[tuple[str, ...], list[BatchRule]] = {}  # (the rules left, by place)
    taken: list[BatchRule | None] = []
    for finding in findings:
        place = _key(finding)[:3]
        left = free.setdefault(place, [rule for rule in call.batch_rules
                                       if rule.makes(*place)])
        taken.append(_one_of(left, finding, finding["rule"]))
    return list(zip(findings, taken, strict=True))


def _one_of(left: list[BatchRule], finding: Mapping[str, str], identifier: str
            ) -> BatchRule | None:
    """Of the rules ``left`` of that ``identifier``, the first of ``finding``'s
    severity, or else the first, taken out of ``left``; None when there is none."""
    fitting = [n for n, rule in enumerate(left)
               if rule.identifier == identifier]
    chosen = next((n for n in fitting if left[n].severity.value == finding["severity"]),
                  fitting[0] if fitting else None)
    return None if chosen is None else left.pop(chosen)


def _compared(before: Counter[Any], after: Counter[Any], batch: set[tuple[str, str, str]]
              ) -> tuple[list[Any], list[Any], list[Any], list[tuple[Any, int]]]:
    """What differs between two multisets of findings (by :func:`_key`): those gone, those
    new, those said a different number of times, and those of a batch rule (a place of
    ``batch``) now of the other severity, each with how many (an amended call): every
    difference in codes, severities or counts is one of these, never none."""
    before, after = Counter(before), Counter(after)
    regraded = []
    for place in sorted(batch):
        for was in ("error", "warning"):
            key, now = (*place, was), (*place, _other(was))
            times = min(before[key] - after[key], after[now] - before[now])
            if times > 0:
                regraded.append((key, times))
                before[key] -= times
                after[now] -= times
    before, after = +before, +after  # (counts of none dropped)
    gone = sorted(before.keys() - after.keys())
    new = sorted(after.keys() - before.keys())
    recount = sorted(k for k in before.keys() & after.keys() if before[k] != after[k])
    return gone, new, recount, regraded


def _no_longer_read(eligible: bool, error: InputError, data: Mapping[str, Any],
                    changes: list[str], words: list[Said]) -> Replay:
    """The replay of a record whose input, read again, is refused: CHANGED, with the verdict
    recorded and each reason, the field it is about named (in words: :func:`_said`)."""
    changes.append(f"verdict: eligible {eligible} → the input is refused")
    changes += [f"input refused: {p.type} at {format_loc(p.loc) or 'the application'}"
                for p in error.problems]
    words.append(("replay_input_refused_was_" + ("eligible" if eligible else "ineligible"),
                  {}))
    words += [("replay_input_refused_at", {"problem": p, "input": data})
              for p in error.problems]
    return Replay(False, tuple(changes), None, tuple(words), error, verdict_changed=True)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"text expected, not {type(value).__name__}")
    return value


def _up_to(findings: Iterable[dict[str, str]], counts: Mapping[tuple[str, str, str, str], int]
           ) -> list[dict[str, str]]:
    """``findings`` in order, each key (:func:`_key`) taken at most as many times as
    ``counts`` says: the first ones."""
    left, taken = Counter(counts), []
    for finding in findings:
        if left[_key(finding)] > 0:
            left[_key(finding)] -= 1
            taken.append(finding)
    return taken


def _refused(message: str, template: str, **said: str) -> InputError:
    """A record refused: ``template`` is its reason's words (``bad_record`` the code),
    ``said`` what fills them (a part of the record, kinds of values: phrases' keys, said in
    the reader's words)."""
    return InputError([InputProblem((), "bad_record", message,
                                    ctx={"template": template, **said})],
                      source="decision record")


#: The parts of a verdict, and of a finding (of the verdict or of the batch), as written.
_VERDICT_PARTS = ("eligible", "findings")
_FINDING_PARTS = ("clause", "code", "severity", "path")
_SEVERITIES = frozenset(s.value for s in Severity)


def _read_verdict(value: Any) -> dict[str, Any]:
    """The recorded verdict, read strictly (see :func:`_read_part`)."""
    verdict = _read_part(value, "verdict", "decision_part_verdict", _VERDICT_PARTS)
    if type(verdict["eligible"]) is not bool:  # (``1``, ``"true"``: no yes or no)
        raise _wrong_kind("verdict.eligible", "decision_part_verdict", verdict["eligible"],
                          "kind_bool")
    findings = _read_findings(verdict["findings"], "verdict.findings", "decision_part_verdict",
                              "decision_part_verdict_finding")
    return {"eligible": verdict["eligible"], "findings": findings}


def _read_findings(value: Any, where: str, part: str, each: str, named: bool = False
                   ) -> list[dict[str, str]]:
    """A recorded list of findings, each read strictly: a list (``part`` says it in words)
    of objects of exactly :data:`_FINDING_PARTS` (and ``rule`` when ``named``: a batch
    finding of a record of version 4), each a text, the severity an error or a warning
    (``each`` says one in words)."""
    if type(value) is not list:
        raise _wrong_kind(where, part, value, "kind_list")
    parts = (*_FINDING_PARTS, "rule") if named else _FINDING_PARTS
    findings = []
    for finding in value:
        read = _read_part(finding, f"a finding of {where}", each, parts)
        for name in parts:
            if type(read[name]) is not str:
                raise _wrong_kind(f"{where}: {name}", each, read[name], "kind_text")
        if read["severity"] not in _SEVERITIES:
            raise _wrong_kind(f"{where}: severity {read['severity']!r:.40}", each,
                              read["severity"], "kind_severity")
        findings.append(read)
    return findings


def _read_part(value: Any, where: str, part: str, names: tuple[str, ...]) -> dict[str, Any]:
    """``value`` as an object of exactly the parts ``names``: another kind of value, a part
    missing or one added (``signed_by`` in a finding) refused (``part``: where, in words)."""
    if not isinstance(value, Mapping):
        raise _wrong_kind(where, part, value, "kind_mapping")
    added = sorted(str(k) for k in value if k not in names)
    if added:
        raise _refused(f"{where}: parts that a decision record does not have: "
                       f"{', '.join(f'“{k}”'[:80] for k in added[:5])}: the record was "
                       "altered", "record_part_unknown", part=part)
    missing = [name for name in names if name not in value]
    if missing:
        raise _refused(f"missing or malformed part: {where}: missing {', '.join(missing)}",
                       "record_part_missing",
                       part=part)
    return {name: value[name] for name in names}


def _not_of_call() -> InputError:
    """A record refused for a batch finding no rule of the call it names can make."""
    return _refused("a batch finding is not one a rule of the call it names can make: the "
                    "record was altered", "record_batch_not_of_call")


#: A digest as :func:`callrules._seal.digest` writes it.
_DIGEST = re.compile(r"sha256:[0-9a-f]{64}", re.ASCII)


#: The kinds of value a record writes as a text of a form (a digest, a severity).
_TEXT_KINDS = frozenset({"kind_digest", "kind_severity"})


def _wrong_kind(where: str, part: str, value: Any, expected: str) -> InputError:
    if type(value) is str and expected in _TEXT_KINDS:  # (a text of another form where a
        # text of a form is written: the text said, not "a text", which the form is too:
        # att80; a text where a yes or no, a list or a table is written is "a text")
        shown = value if len(value) <= 40 else value[:40] + "…"
        return _refused(f"missing or malformed part: {where}: "
                        f"{expected.removeprefix('kind_')} expected, not {shown!r}: the "
                        "record was altered", "record_part_form", part=part, value=shown,
                        expected_kind=expected)
    found = given_key(value)
    return _refused(f"missing or malformed part: {where}: {expected.removeprefix('kind_')} "
                    "expected, not "
                    f"{found.removeprefix('kind_')}: the record was altered",
                    "record_part_kind", part=part, found_kind=found, expected_kind=expected)


def _consistent(verdict: Mapping[str, Any], batch: list[dict[str, str]]) -> None:
    """Refuse a verdict that is not as a record writes it from its findings (eligible with
    an error, ineligible with none) or that lacks a finding of the batch: a record never
    holds one. (The order of its findings is none of the decision: compared as a multiset.)"""
    errors = any(f["severity"] == Severity.ERROR.value for f in verdict["findings"])
    follows = verdict["eligible"] == (not errors)  # eligible exactly when no error is found
    if not follows or Counter(map(_key, batch)) - Counter(
            map(_key, verdict["findings"])):
        raise _refused("the verdict does not follow from its findings, or lacks a batch "
                       "finding: the record was altered", "record_verdict_inconsistent")


def _batch_rule(call: Call, finding: Mapping[str, str]) -> BatchRule | None:
    """The rule of ``call`` spanning applications (``unique``) that makes ``finding``, by its
    clause, code and place (:meth:`BatchRule.makes`, the one test), or None. Of two rules
    that make it (a clause with two on one field), the one of the finding's severity."""
    rules = [rule for rule in call.batch_rules
             if rule.makes(finding["clause"], finding["code"], finding["path"])]
    return next((rule for rule in rules if rule.severity.value == finding["severity"]),
                rules[0] if rules else None)


def _of_batch_rule(call: Call, finding: Mapping[str, str]) -> bool:
    """Whether a rule of ``call`` spanning applications can make ``finding`` as it is, its
    severity too (:func:`_batch_rule`)."""
    rule = _batch_rule(call, finding)
    return rule is not None and rule.severity.value == finding["severity"]


def _other(severity: str) -> str:
    """The other severity: a warning for an error, an error for a warning."""
    return "warning" if severity == "error" else "error"


def _key(finding: Mapping[str, Any]) -> tuple[str, str, str, str]:
    return (finding["clause"], finding["code"], finding["path"], finding["severity"])


def _where(call: Call, clause: str, path: str) -> dict[str, Any]:
    """Where a finding was, for :func:`_said`: its clause (and titles), field and place
    (``at``: its path, the places a sentence is said of counted, rplmend75)."""
    titles = call.clauses[clause].title if clause in call.clauses else {}
    return {"clause": clause, "titles": dict(titles), "field": _field_key(path), "at": path}
