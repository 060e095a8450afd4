"""Evaluation: one application, or a batch with the rules that span applications."""

from __future__ import annotations

import contextlib
import sqlite3
import sys
import threading
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from datetime import time as time_of_day
from decimal import Decimal
from typing import Any, NoReturn

from callrules._call import Call
from callrules._files_given import is_open_file, refuse_a_file
from callrules._form import Form, generic_form
from callrules._given import failed_given, given, iterated, record_failed
from callrules._jsontext import read_json
from callrules._keys import text_key
from callrules._models import Application
from callrules._private_database import PrivateDatabase, disk_refusal
from callrules._problems import printable
from callrules._renderings import renderings
from callrules._report import BatchItem, BatchResult, Finding, Report, Severity
from callrules._report_bound import FindingsBudget
from callrules._signals import check
from callrules._sourced import Sourced, text_size
from callrules._sources import open_file_records
from callrules._spill_notice import say_refused
from callrules._tagged_json import dump, load
from callrules._time import require_instant
from callrules.exceptions import (
    ArgumentError,
    BatchStateError,
    CallrulesError,
    InputError,
    InputProblem,
    KeysUnreadableError,
    NoRoomError,
    format_loc,
    weighed,
)
from callrules.language.form import UNJUDGED
from callrules.language.program import NotJudgedError, said_once
from callrules.language.unique import BatchRule

__all__ = ["Evaluation", "Sourced", "evaluate", "evaluate_many", "evaluate_stream",
           "parse_application", "read_json"]

Record = Any  # an Application, a dict, JSON text, or a Sourced record
_A_CALL = "a Call (from callrules.calls.load or callrules.Call.from_file)"


def parse_application(record: Record, *, source: str | None = None) -> Application:
    """An :class:`Application` from a model, a dict, or JSON text; :class:`InputError` if bad.

    JSON text is validated as it is parsed (pydantic-core), with the same rules as a dict:
    each field has one spelling (an amount is a JSON string, never a number). The ``fields``
    a call declares are read as they are, untyped: :meth:`Call.parse` reads them as that
    call declares them.
    """
    return _read(generic_form(), record, source)


def _read(form: Form, record: Record, source: str | None) -> Application:
    if type(record) is Sourced:  # (its exact type: ``isinstance`` asks a caller's object
        # for its ``__class__``, which a lazy proxy's may raise)
        return _read(form, record.data, source or record.source)
    # a text that is not JSON is read as one, never looked up as a path: whether a file of
    # that name exists on this machine is nobody's business but its own (a service would
    # tell any client which paths exist, attack 34b)
    return form.parse(record, source=source)


#: The kinds of value that hold no code of the caller's (their exact types: a subclass may
#: override what the library calls): a record made of these only that fails as it is read
#: fails by the library's own fault, a crash (exit 70), never said as the caller's record
#: failing.
_PLAIN = frozenset({dict, list, tuple, str, bytes, bytearray, int, float, bool, type(None),
                    Decimal, datetime, date, time_of_day})
#: The plain containers, whose items are the record's too.
_PLAIN_HOLDING = (dict, list, tuple)


def _runs_callers_code(record: Record) -> bool:
    """Whether reading ``record`` may run code of the caller's: a value of another kind
    than :data:`_PLAIN`'s anywhere in it (a :class:`Sourced` record's data, a mapping of
    theirs inside a plain ``dict``, a number-like in a list). Walked without recursion,
    each container once (a record that holds itself is walked to its end). It runs none
    of the caller's code itself (exact types only: ``isinstance`` would ask an object for its
    ``__class__``, which a lazy proxy's may raise), so it never raises."""
    stack: list[Any] = [record.data if type(record) is Sourced else record]
    seen: set[int] = set()
    while stack:
        value = stack.pop()
        if type(value) not in _PLAIN:
            return True
        if isinstance(value, _PLAIN_HOLDING) and id(value) not in seen:
            seen.add(id(value))
            if isinstance(value, dict):
                stack.extend(value.keys())
                stack.extend(value.values())
            else:
                stack.extend(value)
    return False


def _read_given(form: Form, record: Record, source: str) -> Application:
    """:func:`_read`; a record of the caller's that fails as it is read (a mapping whose
    own ``keys`` or ``items`` raise, at any depth: inside a plain ``dict``, in a list) is
    an input problem of its own (``given_failed``), never their exception out of a batch.
    A record made only of plain values (dicts, lists, texts, numbers: :data:`_PLAIN`) runs
    none of the caller's code: a failure reading it is the library's own and is raised as
    it is."""
    try:
        return _read(form, record, source)
    except CallrulesError:
        raise
    except Exception as exc:
        if not _runs_callers_code(record):
            raise
        raise record_failed(exc, source) from exc


def _findings(call: Call, application: Application, source: str | None = None,
              now: datetime | None = None) -> list[Finding]:
    """The findings of ``call``'s rules on ``application``, worded with the call's labels.

    An amount that a rule must convert without the exchange rate to do it (a budget line in
    BRL, a cap in EUR, no BRL rate), or a rate a table does not have for the key read from
    the application (a place it does not list, a code not given that no ``"*"`` takes),
    leaves the application unjudgeable, neither eligible nor not: it is an
    :class:`InputError` naming each such place (exit 2). So does a
    figure a rule computes beyond the bound of every value (more than 18 digits before the
    point), naming the values it was computed from. An application whose own ``call``
    names another call is not judged by this one: the input problem ``other_call``."""
    other = other_call(call, application)
    if other is not None:
        raise InputError([other], source=source)
    try:
        found = call.program.findings(
            application, FindingsBudget(application, call.labels))
    except NotJudgedError as exc:  # rules of severity error that cannot be judged, each
        # named in the order of the rules, none of the others failing
        raise InputError(said_once(problem for part in exc.parts for problem in (
            part.problems if isinstance(part, InputError) else
            [_unjudged(f, call.labels) for f in part])), source=source) from None
    except InputError as exc:  # a figure too large to be judged (TooLargeError), located
        raise InputError(exc.problems, source=source) from None
    labels = call.labels  # findings are worded with the call's labels
    # (a warning that cannot be judged is a finding: a warning never bars the application)
    unjudged = said_once(_unjudged(f, labels) for f in found
                         if f.code in UNJUDGED and f.severity is Severity.ERROR)
    if unjudged:
        raise InputError(unjudged, source=source)
    # (every finding, the library's own too: each speaks the call's languages, as its report)
    return [f.with_labels(labels) for f in [*found, *before_submission(application, now)]]


def before_submission(application: Application, now: datetime | None) -> list[Finding]:
    """The warning ``judged_before_submission`` when ``now``, the instant the application
    is judged as of (which picks the amendments in force), is before the application says
    it was submitted; nothing otherwise. It does not bar the application (no clause of the
    call says so), but the decision applies the call as it stood before the application
    existed, which a person should know."""
    if now is None or application.submitted_at <= now:
        return []
    return [Finding("judged_before_submission", "", Severity.WARNING, ("submitted_at",),
                    application.submitted_at, {"now": now})]


def other_call(call: Call, application: Application) -> InputProblem | None:
    """The input problem ``other_call`` when ``application`` names, in its own ``call``, a
    call other than ``call`` (:func:`same_call`, as a record's call is compared when it is
    replayed), else None. Its verdict under ``call`` would be a decision on an application
    made to another call."""
    named = application.call
    if named is None or same_call(named, call.id):
        return None
    return InputProblem(("call",), "other_call", f"the application is made to the call "
                        f"{named!r}, not to {call.id!r}, the call it is checked against: "
                        "it is not judged", printable(named),
                        {"call": named, "given": call.id})


def same_call(named: str, call_id: str) -> bool:
    """Whether ``named`` (an application's or a record's ``call``) is the id ``call_id``:
    the same text key without case (:func:`callrules._keys.text_key`), as a vocabulary reads
    its codes: the same text in any case, width or Unicode form, its invisible characters
    left out. A call's id is a slug in lowercase (``cnrs-amsud-2026``), so case never tells
    two calls apart: ``CNRS-AMSUD-2026`` is that call, as ``ｃｎｒｓ-amsud-2026`` is, and
    the call's schema accepts both (:mod:`callrules._schema`).

    >>> same_call("CNRS-AMSUD-2026", "cnrs-amsud-2026")
    True
    >>> same_call("cnrs-amsud-2025", "cnrs-amsud-2026")
    False
    """
    return text_key(named, True) == text_key(call_id, True)


def _unjudged(finding: Finding, labels: Any) -> InputProblem:
    """The input problem of a rule that cannot be judged: an amount to convert at an exchange
    rate the application does not supply, or a key a rate table has no rate for on the day
    (a place it does not list, a code not given that no row's ``"*"`` takes). The table's
    finding is worded with the call's labels, in each language the library speaks."""
    ctx = finding.ctx
    if finding.code == "missing_exchange_rate":
        return InputProblem(
            finding.loc, "missing_exchange_rate",
            f"no exchange rate from {ctx['base']} to {ctx['quote']} was supplied",
            printable(finding.input), {"base": str(ctx["base"]), "quote": str(ctx["quote"])})
    worded = finding.with_labels(labels)
    said = {f"said_{lang}": worded.message(lang) for lang in renderings().languages()}
    key = ctx.get("key")
    codes = key if isinstance(key, (tuple, list)) else (key,)
    return InputProblem(finding.loc, finding.code, said["said_en"], None, {
        "table": str(ctx.get("table")), "key": ", ".join(str(c) for c in codes),
        "on": str(ctx.get("on")), **said})


def evaluate(call: Call, application: Record, *, now: datetime | None = None) -> Report:
    """Check one application against ``call`` and return the :class:`Report`.

    ``now`` is the instant of the evaluation (aware); it is recorded in the report and never
    read from a clock. Rules that span applications (``unique``) need a batch: they are
    listed in ``Report.unchecked`` (use :func:`evaluate_many`).
    """
    ArgumentError.check(call, Call, f"evaluate(call): {_A_CALL}", argument="call")
    if now is not None:
        call = call.at(require_instant(now, "now"))
    app = _read(call.form, application, None)
    findings = tuple(_findings(call, app, now=now))
    return Report(call.id, call.version, app.id, findings,
                  unchecked=tuple(dict.fromkeys(b.clause for b in call.batch_rules)), now=now,
                  call=call, amendments=call.amendments,
                  application=app if findings else None)


class Evaluation(Iterator[BatchItem]):
    """A batch being evaluated, one record at a time, in constant memory.

    Iterating yields each record's result as soon as it is checked: its report (rules that
    span applications still listed in ``unchecked``) or its input error. Once the iteration is
    over, :meth:`corrections` gives the findings of those rules (one application per host…),
    each with the index of the record it belongs to: only then is it known which submission
    came first. Memory grows with the number of distinct keys of those rules, not with the
    number of records, and past 50,000 of them they go to a file of the temporary folder;
    where that folder refuses it (full, not writable), they stay in memory, said once (a
    ``WARNING`` of the logger ``callrules``), and every record is judged as with room on
    the disk, up to eight times that bound (a file refused once it holds keys is kept,
    read only, those since in memory over it); there, the folder still refusing them,
    the batch stops before its next record with :class:`~callrules.NoRoomError` (asked
    after, its corrections say so again); with no record left to read, nothing stops: the
    corrections are those of every key seen. The file is removed
    as the batch ends or stops on an exception; a batch left before its end: :meth:`close`
    (or ``with evaluate_stream(…) as batch``).

    It may be consumed from any thread, one record at a time, as an iterator is (a pool of
    threads, ``await loop.run_in_executor(pool, next, batch)``), and :meth:`corrections`
    asked from another: each step takes the batch's lock, so two threads asking at once
    are served one after the other, each record once. A record's own error (one the batch
    refuses, raised through :func:`next`) leaves the batch going, the caller catching it.
    A batch closed gives no more records; one stopped because its records cannot go on
    (their source raised, the keys refused past their bound or unreadable, a signal) says
    so, a :class:`~callrules.BatchStateError` ``batch_stopped`` in words, at each later
    :func:`next`. Either refuses its corrections where keys were dropped (they are gone:
    ``batch_closed``), unless they were given before (asked again, they are the same); a
    batch stopped with none dropped gives those of the records judged. Asked before the end,
    they are refused at once (``batch_not_read``), never waiting for a step under way.
    """

    def __init__(self, call: Call, applications: Iterable[Record], now: datetime | None,
                 progress: bool | None) -> None:
        ArgumentError.check(call, Call, f"call: {_A_CALL}", argument="call")
        if is_open_file(applications):  # its records, as records() reads a file or "-"
            applications = open_file_records(applications)
        # (the caller's iterable raising after some records: they are checked, then one
        # problem says where it stopped and what kind of failure it was)
        records = given(iterated(applications, "applications: a batch of records",
                                 argument="applications"))
        self.call = call.at(require_instant(now, "now")) if now is not None else call
        self.now = now
        self._records = enumerate(records)
        self._uniques = [_Unique(rule) for rule in self.call.batch_rules]
        self._pending = tuple(dict.fromkeys(b.clause for b in self.call.batch_rules))
        self._done = False
        self._lock = threading.RLock()  # (one step at a time, whichever thread asks)
        self._closed = False  # (closed, or stopped by an exception: its keys dropped)
        self._stopped = False  # (stopped by an exception: the records cannot go on)
        self._source_failed = False  # (the records themselves raised)
        self._lost = False  # (keys dropped as it stopped: no corrections)
        self._stopped_for_room: NoRoomError | None = None  # (said again by corrections())
        self._stepping = False  # (a step under way: asked again from within, refused)
        self._corrections: list[tuple[int, Finding]] | None = None
        self.count = 0
        self.invalid = 0
        self._progress = _Progress() if _show_progress(progress) else None

    def __iter__(self) -> Evaluation:
        return self

    def __next__(self) -> BatchItem:
        try:
            with self._lock:
                if self._stopped:
                    raise BatchStateError("batch_stopped")
                if self._closed:
                    raise StopIteration  # (as a generator closed: its keys are gone)
                if self._stepping:  # (asked again from within its own records)
                    raise ValueError("evaluation already executing")  # (a generator's)
                self._stepping = True
                try:
                    check()  # a signal a library's code swallowed (callrules._signals)
                    item = self._judged()
                    check()  # (while this record was read or judged: never its result)
                except StopIteration:
                    raise
                except BaseException as exc:
                    if self._source_failed or isinstance(exc, OSError) or \
                            not isinstance(exc, Exception):
                        self._stop(dropped=isinstance(exc, OSError))
                        if isinstance(exc, NoRoomError):
                            self._stopped_for_room = exc
                    raise  # (a record's own error: the batch goes on, as before)
                finally:
                    self._stepping = False
                return item
        finally:
            self._drop_if_closed()  # (closed by another thread during this step)

    def _stop(self, *, dropped: bool) -> None:
        """The records cannot go on (their source raised, the keys refused or unreadable, a
        signal): the keys on disk dropped; corrections still given from those in memory
        when none were dropped."""
        self._lost = dropped or any(unique.db is not None for unique in self._uniques)
        self._stopped = self._closed = True
        self._drop()

    def close(self) -> None:
        """Drop at once what the batch keeps on disk (the keys of its rules spanning
        applications, past their bound in memory): a batch left before its end; its
        corrections asked after, a :class:`~callrules.BatchStateError` ``batch_closed``.
        It is done by itself when the batch ends, or stops on an exception. From any
        thread: one taking a record meanwhile drops them as its step ends (never waited
        for: it may be waiting for the records of the thread closing it)."""
        self._closed = True
        self._drop_if_closed()

    def _drop_if_closed(self) -> None:
        """Drop the keys if the batch is closed and no thread is taking a step (the one
        taking it drops them as it ends: it looks again once it lets the lock go)."""
        if self._closed and self._lock.acquire(blocking=False):
            try:
                self._drop()
            finally:
                self._lock.release()

    def _drop(self) -> None:
        for unique in self._uniques:
            unique.close()

    def __enter__(self) -> Evaluation:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _judged(self) -> BatchItem:
        try:
            index, record = next(self._records)
        except StopIteration:  # (every record read: no stop for want of room, ever)
            self._done = True
            if self._progress is not None:
                self._progress.close()
            raise
        except BaseException:
            self._source_failed = True
            raise
        for unique in self._uniques:  # (a record after those whose keys could not be kept)
            unique.room_for_next()
        refuse_a_file(record, batch=True)  # never one "not an object" for a whole file
        self.count += 1
        if self._progress is not None:
            self._progress.tick()
        source = record.source if type(record) is Sourced else None  # (as _read)
        call = self.call
        try:
            app = _read_given(call.form, record, source or f"record {index}")
            findings = tuple(_findings(call, app, source or f"record {index}", self.now))
        except InputError as exc:  # unreadable, or not judgeable (a rate is missing)
            self.invalid += 1
            cause = exc.__cause__ if failed_given(exc) else None  # (the caller's exception)
            # text is told in proportion to its size; a value built in Python as before
            error = weighed(exc, text_size(record))
            if cause is not None:
                error.__cause__ = cause
            error.labels = call.labels  # the places of its problems named by the call's labels
            return BatchItem(index, None, error, source)
        for unique in self._uniques:
            unique.see(index, app)
        report = Report(call.id, call.version, app.id, findings,
                        unchecked=self._pending, now=self.now, call=call,
                        amendments=call.amendments, application=app if findings else None)
        return BatchItem(index, report, None, source)

    def corrections(self) -> list[tuple[int, Finding]]:
        """The findings of the rules spanning applications, by record index, then rule, then
        place (participants in their order). From any thread; asked again, the same.

        Refused with a :class:`~callrules.BatchStateError`, in words: ``batch_not_read``
        before every record was read; ``batch_closed`` after :meth:`close` (or the end of
        its ``with`` block) or after the batch stopped dropping the keys it kept on disk,
        unless they were given before, or the call has no such rule (read whole, it kept
        nothing: none, ``[]``). A batch that stopped for want of room (its keys
        refused by the temporary folder past the most memory may hold) says so again: a
        :class:`~callrules.NoRoomError`, never that it was closed."""
        if self._corrections is None and self._stopped_for_room is not None:
            raise NoRoomError(self._stopped_for_room.most)  # (its keys dropped for want of room)
        if self._corrections is None and not self._stopped:
            # (said at once, never waiting for a step under way: it may wait for this thread)
            if self._closed and (self._uniques or not self._done):  # (a call without such
                raise BatchStateError("batch_closed")  # rules read whole kept nothing to lose)
            if not self._done:
                raise BatchStateError("batch_not_read")
        with self._lock:
            if self._corrections is not None:
                return list(self._corrections)
            if self._stopped_for_room is not None:  # (the keys dropped for want of room)
                raise NoRoomError(self._stopped_for_room.most)
            if self._closed and self._uniques and (self._lost or not self._stopped):  # (gone)
                raise BatchStateError("batch_closed")
            try:
                found = [(index, number, finding)
                         for number, unique in enumerate(self._uniques)
                         for index, finding in unique.findings()]
            except NoRoomError as exc:
                self._stopped_for_room = exc
                raise
            finally:
                self._closed = True
                self._drop()  # (each rule's closes its own: the others too if one fails)
            found.sort(key=lambda t: (t[0], t[1], [p for p in t[2].loc if isinstance(p, int)]))
            self._corrections = [(index, finding) for index, _, finding in found]
            return list(self._corrections)


def evaluate_stream(call: Call, applications: Iterable[Record], *,
                    now: datetime | None = None, progress: bool | None = None) -> Evaluation:
    """Evaluate a batch lazily, in constant memory: see :class:`Evaluation`.
    ``applications`` as for :func:`evaluate_many` (a file open in Python: its records).

    ``progress``: show a progress line on standard error (``None``: only on a terminal or in
    a notebook).
    """
    return Evaluation(call, applications, now, progress)


def evaluate_many(call: Call, applications: Iterable[Record], *,
                  now: datetime | None = None, progress: bool | None = None) -> BatchResult:
    """Check a batch; every record yields one result, in order: a report or an input error.

    The rules that span applications (one application per host…) are applied across the
    valid records of the batch. For batches too large to hold, use :func:`evaluate_stream`.

    ``applications``: records (applications, dicts, JSON text, or :func:`callrules.records`
    of files), or a file open in Python, text or binary (``open("apps.json")``,
    ``sys.stdin``): its records, read as :func:`callrules.records` reads a file of its name
    or standard input (a JSON array, pretty-printed objects, JSON Lines, CSV), each labelled
    with its place in it; never its lines taken one a record.

    An iterable of the caller's that raises (any ``Exception``) after k records: the k
    results, then one input error in their place whose problem is ``given_failed``
    (where it stopped, the kind of failure in words), the exception its ``__cause__``; a
    record that fails as it is read, that problem for it alone. Only a
    :class:`~callrules.CallrulesError` passes through.
    """
    stream = Evaluation(call, applications, now, progress)
    items = list(stream)
    for index, finding in stream.corrections():
        item = items[index]
        assert item.report is not None
        items[index] = BatchItem(index, _with_finding(item.report, finding), None, item.source)
    for position, item in enumerate(items):
        if item.report is not None and item.report.unchecked:
            items[position] = BatchItem(item.index, _with_finding(item.report, None), None,
                                        item.source)
    return BatchResult(tuple(items))


def rule_findings(call: Call, number: int, applications: Iterable[Application],
                  now: datetime | None = None) -> list[tuple[int, Finding]]:
    """The findings of one rule spanning applications, ``call.batch_rules[number]`` (the
    call as it stands at ``now``), over ``applications`` (read by the call's form) as one
    batch: each with its application's place in it, worded with the call's labels, as
    :func:`evaluate_many` gives them. That rule's alone: two rules of one clause reading
    one field make findings alike (a batch of Dask's takes each rule's in its own group,
    :mod:`callrules.distributed`: every rule's there doubled them)."""
    judged = call.at(require_instant(now, "now")) if now is not None else call
    unique = _Unique(judged.batch_rules[number])
    try:  # (its file closed whatever stops it: unreadable, out of room, the records raising)
        for index, application in enumerate(applications):
            unique.room_for_next()
            unique.see(index, application)
        found = unique.findings()
    finally:
        unique.close()
    labels = judged.labels
    return [(index, finding.with_labels(labels)) for index, finding in found]


def _with_finding(report: Report, finding: Finding | None) -> Report:
    """The report with one more finding (or none), its batch rules now checked."""
    labels = getattr(report.call, "labels", None)
    findings = report.findings if finding is None else report.findings + (
        finding.with_labels(labels),)
    return Report(report.call_id, report.call_version, report.application_id, findings, (),
                  now=report.now, call=report.call, amendments=report.amendments,
                  application=report.application)


#: (order, index, application id, value, when, where, the person's name, the item's id)
Entry = tuple[Any, int, str, Any, Any, tuple[str | int, ...], str | None, str | None]


def _first_and_later(entry: Entry, first: Entry) -> tuple[Entry, Entry]:
    """Of a key's ``first`` so far and a new ``entry`` of it: the one that is its first, and
    the one that is later. The earlier by order, then index; of two alike (one record's key
    written twice), the one seen first. The one rule of memory, of the keys' file and of
    the keys in memory over it (:class:`_Unique`) alike."""
    return (entry, first) if entry[:2] < tuple(first[:2]) else (first, entry)


def _keep_first(firsts: dict[Any, Entry], later: list[tuple[Any, Entry]], key: Any,
                entry: Entry, first: Entry) -> None:
    """Of ``entry`` and the key's ``first``, the first (:func:`_first_and_later`) kept as its
    first in ``firsts``, the other added to ``later``."""
    firsts[key], other = _first_and_later(entry, first)
    later.append((key, other))


class _Unique:
    """One ``unique`` rule followed over a stream: per key (see :mod:`callrules._keys`), the
    first record (by the rule's order, then by position) and the later ones.

    Each record costs constant time, however many share a key. Up to ``SPILL_AT`` entries,
    holding up to ``SPILL_CHARACTERS`` characters of text (keys, values, ids: a key may be
    18 times its value, form KC expanding ``ﷺ``), are kept in memory; past either, in a
    private database (:class:`callrules._private_database.PrivateDatabase`) in the
    temporary folder; memory is bounded whatever the size of the batch and whatever the
    characters of its texts, as long as the disk takes the file.

    The file is an aid, never a condition: where the temporary folder refuses it (full,
    not writable, the file unable to grow, any error of SQLite's as it is made or written),
    the keys stay in memory, said once in a ``WARNING`` of the logger ``callrules`` in the
    session's language, and the batch decides as it would have with room on the disk. A
    file refused once it holds keys is kept as it was last committed, read only: the keys
    seen since (those written since the last commit, :attr:`COMMIT_EVERY` entries at most,
    held in memory till then, seen again) are kept in memory over it, each key's first the
    earlier of the file's and theirs; never a second file beside it (the room it takes
    would be needed twice). The keys in memory are offered to the disk again each time
    they double (a fresh file, or the file they lie over: a disk given room meanwhile
    takes them, and memory is bounded again). Still refused past :attr:`MOST_IN_MEMORY`
    times the bound (400,000 entries, or as many characters as eight times the bound's,
    whichever is reached first), the rule is out of room as soon as memory holds that most
    (:attr:`out_of_room`, the figure the warning said): the batch stops with
    :class:`~callrules.NoRoomError` before its next record, rather than grow without bound;
    the records ended, nothing stops, and the findings are those of every key seen. Each
    entry is counted as it is held (a key's first read from the file before its entry), so
    memory passes the most only by the other keys of the record being seen (one entry, for
    a rule of one key a record), and by the entries written since the last commit where
    they are more than the most (never at the bounds of this class: 1,000 against
    400,000). Only a file that can no longer be read (the disk refusing a read of it) loses
    what it held: :attr:`unreadable`, the batch stopping before its next record with that
    :class:`OSError` (or its findings raising it), never a verdict given without those
    keys, never after the warning that nothing is lost.
    """

    SPILL_AT = 50_000
    SPILL_CHARACTERS = 1 << 22
    #: Entries (or characters of them, a sixteenth of the bound in memory) written to disk
    #: between two commits: held in memory too till they are committed, so that a write the
    #: disk refuses loses none of them.
    COMMIT_EVERY = 1_000
    #: How many times the bound in memory the keys may grow to while the disk refuses them.
    MOST_IN_MEMORY = 8

    __slots__ = ("characters", "db", "firsts", "held", "later", "out_of_room", "over_file",
                 "pending", "pending_characters", "rule", "scale", "unreadable")

    def __init__(self, rule: BatchRule) -> None:
        self.rule = rule
        # (in memory; over a file read only, keys as the file writes them: see _see)
        self.firsts: dict[Any, Entry] = {}
        self.later: list[tuple[Any, Entry]] = []
        self.held = 0
        self.characters = 0
        self.db: Any = None
        self.over_file = False  # (the file refused a write: read only, the keys since in memory)
        self.pending: list[tuple[Any, Entry]] = []  # (on disk: since the last commit)
        self.pending_characters = 0
        self.scale = 1  # (the bound in memory, doubled at each time the disk refused)
        #: The most memory may hold, which it holds, the disk refusing the keys (None: not
        #: out of room): the batch stops before its next record.
        self.out_of_room: int | None = None
        #: The file found unreadable as a record's keys were seen (None: readable): what it
        #: held is lost, the batch stops before its next record with this ``OSError``.
        self.unreadable: OSError | None = None

    def see(self, index: int, app: Application) -> None:
        """The keys of a record (its result given whatever befalls them: a stop falls
        before the next record, :meth:`room_for_next`, never within this one)."""
        if self.unreadable is not None:
            return
        rule = self.rule
        order = rule.order(app) if rule.order is not None else index
        when = order if rule.order is not None else app.submitted_at
        try:
            for key, value, loc, person, ident in rule.keys(app):
                self._see(key, (order, index, app.id, value, when, tuple(loc), person, ident))
        except OSError as exc:  # (the file unreadable, _unreadable: its keys lost)
            self.unreadable = exc
            self.close()
            self._taken()

    def room_for_next(self) -> None:
        """Before the keys of a next record are seen: the rule out of room (the disk
        refusing its keys when memory holds the most it may) stops the batch there, with
        :class:`~callrules.NoRoomError`, or its file found unreadable, with that
        ``OSError``, its keys dropped; once every record is read, out of room stops nothing
        (the findings are those of every key seen), an unreadable file is said by
        :meth:`findings`."""
        if self.unreadable is not None:
            self.close()
            raise self.unreadable
        if self.out_of_room is not None:
            most = self.out_of_room
            self.close()
            self._taken()
            raise NoRoomError(most)

    def _see(self, key: Any, entry: Entry) -> None:
        if self.db is not None and not self.over_file:
            self.pending.append((key, entry))
            self.pending_characters += _characters(key, entry)
            with disk_refusal() as refused:  # (the connection misused: raised as it is)
                self._see_on_disk(key, entry)
                if len(self.pending) >= self.COMMIT_EVERY or \
                        self.pending_characters > self.SPILL_CHARACTERS >> 4:
                    self.db.commit()
                    self.pending, self.pending_characters = [], 0
            if refused:
                self._over_the_file()
            return
        plain = key
        if self.over_file:  # (the file read only: the keys since in memory over it)
            key = dump(key)  # (as the file writes them)
            if key not in self.firsts and (on_file := self._first_on_file(key)) is not None:
                self.firsts[key] = on_file  # (the file's first, held and counted first)
                self._held(key, on_file)
                if not self.over_file:  # (the disk took those in memory: this one to it)
                    self._see(plain, entry)
                    return
        first = self.firsts.get(key)
        if first is None:
            self.firsts[key] = entry
        else:
            _keep_first(self.firsts, self.later, key, entry, first)
        self._held(key, entry)

    def _held(self, key: Any, entry: Entry) -> None:
        """One entry more held in memory, counted as it is (memory offered to the disk if
        over its bound, out of room once it holds the most it may, the disk refusing)."""
        self.held += 1
        self.characters += _characters(key, entry)
        if self.out_of_room is None and (self._over() or self._full()) and not self._offer():
            self._refused()  # (the keys are still all in memory)

    def _over(self) -> bool:
        """Whether memory holds more than the bound (doubled each time the disk refused)."""
        return self.held > self.SPILL_AT * self.scale or \
            self.characters > self.SPILL_CHARACTERS * self.scale

    def _full(self) -> bool:
        """Whether memory holds the most it may (:attr:`MOST_IN_MEMORY` times the bound)."""
        return self.held >= self.SPILL_AT * self.MOST_IN_MEMORY or \
            self.characters >= self.SPILL_CHARACTERS * self.MOST_IN_MEMORY

    def _offer(self) -> bool:
        """The keys in memory offered to the disk: whether it took them."""
        return self._write_over_file() if self.over_file else self._spill()

    def _spill(self) -> bool:
        """The keys in memory to a fresh file; whether the disk took them (else they are in
        memory as before, the fresh file dropped)."""
        # (the folder refusing to make one of its own: OSError, refused as the disk is)
        with disk_refusal(OSError) as refused:
            db = PrivateDatabase()
            try:
                # (a statement that fails, the disk full, is undone whole: journal in memory)
                db.execute("PRAGMA journal_mode = MEMORY")
                db.execute("PRAGMA locking_mode = EXCLUSIVE")  # (no other process opens it)
                db.execute("PRAGMA synchronous = OFF")
                db.execute("PRAGMA temp_store = MEMORY")  # (reading never writes elsewhere)
                db.execute("CREATE TABLE firsts (key TEXT PRIMARY KEY, entry TEXT)")
                db.execute("CREATE TABLE later (key TEXT, entry TEXT)")
                db.executemany("INSERT INTO firsts VALUES (?, ?)",
                               ((dump(k), dump(e)) for k, e in self.firsts.items()))
                db.executemany("INSERT INTO later VALUES (?, ?)",
                               ((dump(k), dump(e)) for k, e in self.later))
                db.commit()
            except BaseException:
                _close(db)  # (whatever failed: never left open till it is collected)
                raise
        if refused:
            return False
        self.db = db
        self._taken()
        return True

    def _write_over_file(self) -> bool:
        """The keys in memory over the file written into it (each key's first in memory
        replacing the file's, which is among the later ones then); whether the disk took
        them (else the file is as it was last committed, the keys in memory as before)."""
        with disk_refusal() as refused:
            self.db.executemany("INSERT OR REPLACE INTO firsts VALUES (?, ?)",
                                ((k, dump(e)) for k, e in self.firsts.items()))
            self.db.executemany("INSERT INTO later VALUES (?, ?)",
                                ((k, dump(e)) for k, e in self.later))
            self.db.commit()
        if refused:
            _roll_back(self.db)
            return False
        self.over_file = False
        self._taken()
        return True

    def _taken(self) -> None:
        """The disk took the keys in memory: none held any more."""
        self.firsts, self.later = {}, []
        self.held = self.characters = 0

    def _see_on_disk(self, key: Any, entry: Entry) -> None:
        packed = dump(key)
        row = self.db.one("SELECT entry FROM firsts WHERE key = ?", (packed,))
        if row is None:
            self.db.execute("INSERT INTO firsts VALUES (?, ?)", (packed, dump(entry)))
            return
        first, later = _first_and_later(entry, load(row[0]))
        if first is entry:
            self.db.execute("UPDATE firsts SET entry = ? WHERE key = ?", (dump(entry), packed))
            self.db.execute("INSERT INTO later VALUES (?, ?)", (packed, row[0]))
        else:
            self.db.execute("INSERT INTO later VALUES (?, ?)", (packed, dump(later)))

    def _over_the_file(self) -> None:
        """The disk refused a write (or a read) of the file: it is kept as last committed,
        read only, the entries seen since (``pending``) seen again in memory over it."""
        pending, self.pending, self.pending_characters = self.pending, [], 0
        _roll_back(self.db)
        self.over_file = True
        unreadable = False
        try:
            for key, entry in pending:
                self._see(key, entry)  # (over the file; or written to it, the disk taking them)
        except OSError:  # (the file unreadable: said by that error alone, never that the keys
            unreadable = True  # are kept and nothing is lost)
            raise
        finally:
            if not unreadable:
                say_refused(*self._most())

    def _first_on_file(self, packed: str) -> Entry | None:
        """The first of a key on the file, or None; a read refused: :class:`OSError`, what
        the file held lost (never a verdict given without it)."""
        with disk_refusal() as refused:
            row = self.db.one("SELECT entry FROM firsts WHERE key = ?", (packed,))
        if refused:
            _unreadable(refused.error)
        return None if row is None else load(row[0])

    def _refused(self) -> None:
        """The disk refused the keys: they stay in memory, offered to it again once they
        have doubled, up to :attr:`MOST_IN_MEMORY` times the bound (then out of room); said
        once a process."""
        while self._over():
            self.scale *= 2
        if self._full():  # (the limit reached: of entries, or of their characters first)
            self.out_of_room = min(self.held, self.SPILL_AT * self.MOST_IN_MEMORY)
        say_refused(*self._most())

    def _most(self) -> tuple[int, bool]:
        """How many keys memory may hold while the disk refuses them, and whether that is
        their characters' bound, reached first by keys as long as those held (about so
        many, rounded down to two digits), rather than the entries' (400,000)."""
        most, characters = self.SPILL_AT * self.MOST_IN_MEMORY, \
            self.SPILL_CHARACTERS * self.MOST_IN_MEMORY
        if not self.held or self.characters * most <= characters * self.held:
            return most, False
        fitting = max(1, characters * self.held // self.characters)
        step = 10 ** max(0, len(str(fitting)) - 2)
        return min(most, fitting // step * step), True

    def _pairs(self) -> Iterator[tuple[Entry, Entry]]:
        """Each later entry with the first of its key: of the file, then of memory. The disk
        refusing the last commit stops nothing: the file is read as last committed, the
        entries seen since (:attr:`COMMIT_EVERY` at most) in memory over it."""
        if self.db is not None and not self.over_file:
            with disk_refusal() as refused:
                self.db.commit()  # (the last entries written: none held in memory any more)
                self.pending, self.pending_characters = [], 0
            if refused:
                self._over_the_file()
        if self.db is not None:  # (the file's later ones: their first in memory, if there)
            query = "SELECT l.entry, l.key, f.entry FROM later l JOIN firsts f ON l.key = f.key"
            with contextlib.closing(self.db.rows(query)) as rows:  # (closed if left, too)
                for text, key, first in rows:
                    yield load(text), self.firsts[key] if key in self.firsts else load(first)
        for key, entry in self.later:
            yield entry, self.firsts[key]

    def findings(self) -> list[tuple[int, Finding]]:
        try:
            if self.unreadable is not None:  # (as the last record's keys were seen)
                raise self.unreadable
            with disk_refusal():  # (the disk refused a read of the file: read again, once)
                return self._findings()
            with disk_refusal() as refused:
                found = self._findings()
            if refused:
                _unreadable(refused.error)
            say_refused(*self._most())  # (refused once, as any refusal: nothing lost)
            return found
        finally:
            self.close()

    def _findings(self) -> list[tuple[int, Finding]]:
        rule = self.rule
        field = format_loc(rule.loc)
        out = []
        for later, first in self._pairs():
            _, index, _, value, _, loc, person, ident = later
            ctx: dict[str, Any] = {"first": first[2], "field": field, "first_at": first[4]}
            if person is not None:
                ctx["person"] = person
            if ident is not None:
                ctx["item"] = ident
            if first[7] is not None:
                ctx["first_item"] = first[7]
            out.append((index, Finding("duplicate", rule.clause, rule.severity, tuple(loc),
                                       value, ctx, rule=rule.identifier or None)))
        return out

    def close(self) -> None:
        """Drop the database on disk, if any, at once (its file removed)."""
        db, self.db = self.db, None
        _close(db)


def _unreadable(error: BaseException | None) -> NoReturn:
    """The keys' file refused a read (``error``): what it held is lost,
    :class:`~callrules.KeysUnreadableError` (an ``OSError``, ``EIO``, said in words without
    the folder's path, which nobody typed; never a verdict given without its keys)."""
    raise KeysUnreadableError() from error


def _roll_back(db: Any) -> None:
    """``db`` back to its last commit (if SQLite has not done so already)."""
    with contextlib.suppress(sqlite3.Error):
        db.rollback()


def _close(db: Any) -> None:
    """Close ``db`` (if any), whatever SQLite says as it closes."""
    if db is not None:
        with contextlib.suppress(sqlite3.Error):
            db.close()


def _characters(key: Any, entry: Entry) -> int:
    """The characters of text an entry holds in memory, its key's with it."""
    return sum(len(text) for text in (key, *entry) if isinstance(text, str))


def _show_progress(progress: bool | None) -> bool:
    """Whether to draw a progress bar: as asked, or only on a terminal or in a notebook;
    never without a standard error to draw it on (``None`` under ``pythonw`` or a service,
    or a closed one)."""
    stream = sys.stderr
    if stream is None or getattr(stream, "closed", False):
        return False
    if progress is not None:
        return progress
    try:
        return stream.isatty() or "ipykernel" in sys.modules
    except (AttributeError, OSError, ValueError):  # a stand-in without isatty, or closed
        return "ipykernel" in sys.modules


class _Progress:
    """A progress bar (tqdm, made for terminals and notebooks), worded in the session's
    language, through the presentation layer. It only shows: a bar that cannot be drawn
    or worded, whatever it raises (standard error closed meanwhile, its reader gone, a
    platform's words it cannot show), is dropped, never the batch nor a record."""

    def __init__(self) -> None:
        self.bar: Any = None  # drawn at the first record: an empty batch draws nothing
        self.broken = False

    def tick(self) -> None:
        if self.broken:
            return
        try:
            if self.bar is None:
                self.bar = renderings().progress(None)
            self.bar.update(1)
        except Exception:  # (only a picture of the batch: any failure of it, dropped. Not
            # a narrower list: what it draws on is the caller's ``sys.stderr``, any object of
            # theirs (a logger's stand-in may raise anything), and tqdm draws through a third
            # party's code: ``ImportError`` in a notebook without ipywidgets, ``OSError`` and
            # ``ValueError`` from a terminal gone or closed, ``UnicodeEncodeError`` from one
            # that cannot show « vérifiée »; its words, the library's, cannot fail: a
            # platform's catalog is checked as it is registered)
            self.broken = True

    def close(self) -> None:
        if self.bar is not None and not self.broken:
            try:
                self.bar.close()
            except Exception:  # (as tick)
                self.broken = True
