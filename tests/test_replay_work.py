"""Replaying one decision record costs work in proportion to its batch findings.

A record of a batch holds one finding per duplicate per ``unique`` rule: 1,000 visitors under
30 rules alike make 30,000 of them in a 7.6 MB record, under the 8 MiB a record may take
(and a record is sealed by a digest, not a signature: anyone can seal one of their making).
Replay paired each finding by searching all of them (attacker att75: 1,000 findings 0.12 s,
16,000 26.6 s, 32,000 240 s; one 7.6 MB record 60 s on the command line against 6.8 s when
nothing is paired), and matched each finding of a record naming no rules against every rule
of every clause the record names. The work is counted here, not timed: the lines run in
:mod:`callrules._record` (a scan of all the findings for each one runs a line per finding
scanned). At 4 times the findings, at most 4.5 times the work (it was 7 to 15 times here;
the seconds are in ``benchmarks/replay_batch_findings.py``).

Replaying each record of a batch against the batch reads each of its applications once,
however the batch is given: the applications a call's form reads grow as the records and
the batch together, never as their product (att78: a batch of JSON texts, as the command
line reads a JSON Lines file, was read whole again for each record; the seconds are in
``benchmarks/replay_batch_held.py``).
"""

from __future__ import annotations

import copy
import csv
import gc
import io
import json
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType, FunctionType, ModuleType
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import callrules
from callrules import _batch_index, _held_batch, _record
from callrules._cli import main
from callrules._form import Form
from callrules._held_batch import held_index
from callrules._said import said as said_in
from callrules._seal import seal
from callrules.language.unique import identifier
from tests.conftest import eligible_dict
from tests.laws import settings
from tests.test_csv_reading import flatten
from tests.test_definitions import minimal_call

NOW = datetime(2026, 3, 1, tzinfo=UTC)
EMAILS = "visitors.person.email"


def _call(rules: list[tuple[str, str]]) -> callrules.Call:
    """A call with ``rules`` (clause, severity): ``unique`` on the visitors' e-mails."""
    data = minimal_call({"op": "present", "path": "host.unit.kind"})
    data["clauses"].append({"id": "other", "title": {"fr": "Autre", "en": "Other"},
                            "text": {"fr": "Le texte.", "en": "The text."}})
    data["rules"] += [{"clause": clause, "severity": severity,
                       "check": {"op": "unique", "path": EMAILS}} for clause, severity in rules]
    return callrules.Call.from_dict(data)


def _batch(visitors: int) -> list[dict[str, Any]]:
    """Two applications listing the same ``visitors``: each of the second's a duplicate."""
    first = eligible_dict()
    model = first["visitors"][0]
    first["visitors"] = []
    for n in range(visitors):
        visitor = copy.deepcopy(model)
        visitor["person"]["email"], visitor["id"] = f"v{n}@x.org", f"v{n}"
        first["visitors"].append(visitor)
    return [first, {**copy.deepcopy(first), "id": "P1"}]


def _record_of(was: callrules.Call, batch: list[dict[str, Any]]) -> dict[str, Any]:
    then = callrules.evaluate_many(was, batch, now=NOW, progress=False)
    return callrules.decision_record(was, batch[1], now=NOW, report=then[1].report)


def _alike(visitors: int) -> Callable[[], callrules.Replay]:
    """Two rules then, a third alike now (a warning): what it finds, the record tells."""
    batch = _batch(visitors)
    made = _record_of(_call([("eligibility", "error")] * 2), batch)
    now = _call([("eligibility", "error")] * 2 + [("eligibility", "warning")])
    return lambda: callrules.replay(made, now)


def _moved(visitors: int) -> Callable[[], callrules.Replay]:
    """The rule moved to another clause since, the batch given."""
    batch = _batch(visitors)
    made = _record_of(_call([("eligibility", "error")]), batch)
    now = _call([("other", "error")])
    return lambda: callrules.replay(made, now, batch=batch)


def _clauses(visitors: int) -> Callable[[], callrules.Replay]:
    """A record edited and sealed again: its findings, naming no rule, each of a clause of
    its own that no call has, its rules then one of each; a rule alike added since."""
    batch = _batch(visitors)
    made = _record_of(_call([("eligibility", "error")]), batch)
    now = _call([("eligibility", "error"), ("eligibility", "warning")])
    rule = now.batch_rules[0]
    clauses = [rule.clause, *(f"c{n}" for n in range(1, visitors))]
    made["batch"] = [{**finding, "clause": clause}
                     for finding, clause in zip(made["batch"], clauses, strict=True)]
    made["verdict"]["findings"] = copy.deepcopy(made["batch"])
    made["batch_rules"] = sorted(identifier(clause, rule.loc, rule.items, rule.ordered_by,
                                            rule.case_insensitive) for clause in clauses)
    del made["record_digest"]
    made["record_digest"] = seal(made)
    return lambda: callrules.replay(made, now)


SHAPES = {"a rule alike added": _alike, "a rule moved, the batch given": _moved,
          "a record naming a clause per finding": _clauses}


def work(replay: Callable[[], callrules.Replay]) -> tuple[int, callrules.Replay]:
    """The lines run in :mod:`callrules._record` and :mod:`callrules._batch_index` by
    ``replay()``, and its outcome."""
    tally = [0]
    code = {_record.__file__, _batch_index.__file__}

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            tally[0] += 1
        return local

    def calls(frame: FrameType, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename in code else None

    previous = sys.gettrace()  # (coverage's tracer under pytest-cov: put back, look73r)
    sys.settrace(calls)
    try:
        done = replay()
    finally:
        sys.settrace(previous)
    return tally[0], done


class TestOneRecordsBatchFindings:
    @pytest.mark.parametrize("shape", list(SHAPES))
    def test_work_grows_as_the_findings_do(self, shape: str) -> None:
        """100 and 400 visitors, every one a duplicate: at most 4.5 times the work, and each
        replay decided as the other, each finding more said once more (paired, or said
        gone)."""
        small, large = (work(SHAPES[shape](visitors)) for visitors in (100, 400))
        assert small[1].outcome == large[1].outcome == "changed"
        assert len(large[1].changes) - len(small[1].changes) == 300
        assert large[0] <= 4.5 * small[0], (shape, small[0], large[0])

    def test_counting_puts_back_the_tracer_it_found(self) -> None:
        """The tracer that was there (coverage's own under pytest-cov) is the one left after
        counting: put aside, it would not measure any test run after this one (look73r)."""
        def there(frame: FrameType, event: str, arg: Any) -> Any:
            return None

        previous = sys.gettrace()
        sys.settrace(there)
        try:
            work(_alike(2))
            left = sys.gettrace()
        finally:
            sys.settrace(previous)
        assert left is there


# -- a batch given to replay is read once, however it is given --------------------------------
#: The applications of the batch, and the records replayed against it (one each).
SIZE = 30


def reads_counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The applications a call's form reads from now on (``Form.parse``, counted under a
    lock: threads may read), as the one item of the list returned."""
    reads = [0]
    parse = Form.parse
    count = threading.Lock()

    def counted(form: Form, record: Any, **given: Any) -> Any:
        with count:
            reads[0] += 1
        return parse(form, record, **given)

    monkeypatch.setattr(Form, "parse", counted)
    return reads


def _one_per_host_data() -> dict[str, Any]:
    """The definition of a call of one application per host (``unique`` on its e-mail)."""
    data = minimal_call({"op": "present", "path": "host.unit.kind"})
    data["rules"].append({"clause": "eligibility",
                          "check": {"op": "unique", "path": "host.person.email"}})
    return data


def _one_per_host() -> callrules.Call:
    return callrules.Call.from_dict(_one_per_host_data())


def hosts_in_turn(call: callrules.Call, count: int, hosts: int, now: datetime = NOW
                  ) -> tuple[callrules.Call, list[dict[str, Any]], list[dict[str, Any]]]:
    """``call``, ``count`` applications ``hosts`` hosts share in turn (``P0``, ``P1``…),
    and the decision record of each, made in their batch at ``now``."""
    apps = []
    for n in range(count):
        app = eligible_dict()
        app["id"], app["host"]["person"]["email"] = f"P{n}", f"h{n % hosts}@x.org"
        apps.append(app)
    then = callrules.evaluate_many(call, apps, now=now, progress=False)
    made = [callrules.decision_record(call, app, now=now, report=item.report)
            for app, item in zip(apps, then, strict=True)]
    return call, apps, made


def _batch_of_hosts() -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """A call of one application per host (its definition), :data:`SIZE` applications two
    hosts share in turn, and the decision record of each, made in their batch."""
    data = _one_per_host_data()
    _, apps, made = hosts_in_turn(callrules.Call.from_dict(data), SIZE, 2)
    return json.loads(json.dumps(data, default=str)), apps, made


def _csv(apps: list[dict[str, Any]]) -> str:
    """``apps`` as CSV, one a row, columns named by path (as ``callrules check`` reads)."""
    rows = []
    for app in apps:
        cells: dict[str, str] = {}
        flatten(app, "", cells, False)
        rows.append(cells)
    text = io.StringIO()
    writer = csv.DictWriter(text, list(dict.fromkeys(k for row in rows for k in row)),
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue()


def _files(folder: Path, apps: list[dict[str, Any]], made: list[dict[str, Any]]
           ) -> dict[str, Path]:
    """The batch in each format the command line reads, and the records, in ``folder``."""
    files = {"jsonl": folder / "batch.jsonl", "json": folder / "batch.json",
             "csv": folder / "batch.csv", "records": folder / "records.jsonl"}
    files["jsonl"].write_text("".join(json.dumps(app) + "\n" for app in apps), "utf-8")
    files["json"].write_text(json.dumps(apps), "utf-8")
    files["csv"].write_text(_csv(apps), "utf-8")
    files["records"].write_text("".join(json.dumps(m) + "\n" for m in made), "utf-8")
    return files


def _api(given: Callable[[list[dict[str, Any]], list[dict[str, Any]], dict[str, Path]], Any]
         ) -> Callable[..., list[str]]:
    """Each record replayed through :func:`callrules.replay` against the batch ``given``
    makes (one object for all, as a caller replaying a batch does): their outcomes."""
    def replayed(call: dict[str, Any], apps: list[dict[str, Any]], made: list[dict[str, Any]],
                 files: dict[str, Path]) -> list[str]:
        judged = callrules.Call.from_dict(call)
        batch = given(apps, made, files)
        return [callrules.replay(record, judged, batch=batch).outcome for record in made]
    return replayed


def _cli(fmt: str, stdin: bool = False) -> Callable[..., list[str]]:
    """The records replayed by ``callrules replay --batch`` against the batch file in
    ``fmt`` (or on standard input): its lines."""
    def replayed(call: dict[str, Any], apps: list[dict[str, Any]], made: list[dict[str, Any]],
                 files: dict[str, Path]) -> list[str]:
        (files["records"].parent / "call.json").write_text(json.dumps(call), "utf-8")
        out, err = io.StringIO(), io.StringIO()
        given = io.StringIO(files[fmt].read_text("utf-8")) if stdin else None
        code = main(["replay", str(files["records"]), "--call",
                     str(files["records"].parent / "call.json"), "--batch",
                     "-" if stdin else str(files[fmt])], out=out, err=err, stdin=given)
        assert (code, err.getvalue()) == (0, ""), err.getvalue()
        return [line for line in out.getvalue().splitlines() if not line.startswith(" ")]
    return replayed


WAYS: dict[str, Callable[..., list[str]]] = {
    "dicts, a list": _api(lambda apps, made, files: apps),
    "JSON texts, a tuple": _api(lambda apps, made, files: tuple(map(json.dumps, apps))),
    "JSON bytes, a list": _api(lambda apps, made, files: [json.dumps(a).encode()
                                                           for a in apps]),
    "a generator of JSON texts": _api(lambda apps, made, files: (json.dumps(a) for a in apps)),
    "their decision records, as texts": _api(lambda apps, made, files: tuple(
        map(json.dumps, made))),
    "records of a JSON Lines file": _api(lambda apps, made, files: tuple(
        callrules.records(files["jsonl"]))),
    "records of a CSV file": _api(lambda apps, made, files: tuple(
        callrules.records(files["csv"]))),
    "the command line, JSON Lines": _cli("jsonl"),
    "the command line, a JSON array": _cli("json"),
    "the command line, CSV": _cli("csv"),
    "the command line, standard input": _cli("jsonl", stdin=True),
    "the command line, the records themselves": _cli("records"),
}


class TestABatchIsReadOnce:
    @pytest.mark.parametrize("way", list(WAYS))
    def test_reading_grows_as_records_plus_batch(
            self, way: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Each record of a batch replayed against the batch, however it is given (through
        the API, as mappings, texts or records of a file; on the command line, in each format
        it reads, or on standard input): the applications read by a call's form are at most
        three times the records and the batch together, never records times batch (att78:
        the command line gave the batch as JSON texts, and each record read every one of
        them again: 74 s for 500 records against a batch of 500, 7.5 h projected for
        10,000), and each record decided as a fresh check of the batch decides."""
        call, apps, made = _batch_of_hosts()
        files = _files(tmp_path, apps, made)
        reads = reads_counted(monkeypatch)
        said = WAYS[way](call, apps, made, files)
        assert len(said) == SIZE and all(
            line in ("same", f"P{n}: same verdict") for n, line in enumerate(said)), said
        assert reads[0] <= 3 * (SIZE + SIZE), (way, reads[0])

    def test_a_call_loaded_anew_for_each_record_reads_the_batch_once(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The call built again for each record (``Call.from_dict`` or ``Call.from_file``
        each time: another object, the same definition): the batch's readings are kept by the
        call's digest, as its check is, so it is read once, not once per record (look74b:
        301 reads a record for a batch of 300)."""
        call, apps, made = _batch_of_hosts()
        batch = tuple(map(json.dumps, apps))
        reads = reads_counted(monkeypatch)
        said = [callrules.replay(record, callrules.Call.from_dict(call), batch=batch).outcome
                for record in made]
        assert said == ["same"] * SIZE
        assert reads[0] <= 3 * (SIZE + SIZE), reads[0]

    def test_many_applications_of_one_id_are_each_digested_once(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Every application of the batch has the same id (a constant column, resubmissions):
        each is digested as given once for all the records, not once per record (look74b:
        71 ms a record at 2,400, growing with the batch)."""
        data = minimal_call({"op": "present", "path": "host.unit.kind"})
        call = callrules.Call.from_dict(data)
        apps = []
        for n in range(SIZE):
            app = eligible_dict()
            app["id"], app["host"]["person"]["email"] = "SAME", f"h{n}@x.org"
            apps.append(app)
        then = callrules.evaluate_many(call, apps, now=NOW, progress=False)
        made = [callrules.decision_record(call, app, now=NOW, report=item.report)
                for app, item in zip(apps, then, strict=True)]
        given = [0]
        as_given = _batch_index.as_given

        def counted(value: Any) -> Any:
            given[0] += 1
            return as_given(value)

        monkeypatch.setattr(_record, "as_given", counted)
        monkeypatch.setattr(_batch_index, "as_given", counted)
        said = [callrules.replay(record, call, batch=apps).outcome for record in made]
        assert said == ["same"] * SIZE
        assert given[0] <= 3 * (SIZE + SIZE), given[0]


class TestABatchChangedInPlace:
    @pytest.mark.parametrize("shape", ["mappings", "texts"])
    def test_a_changed_application_is_never_taken_for_the_record(self, shape: str) -> None:
        """An application of a batch held (an API list) changed in place after a replay
        found it: the next replay of its record reads it again and finds it is no longer the
        record's (no such application: refused), never reporting the changed application as
        the record's "changed" (look74b: the readings held found the place, and the changed
        application was compared with another's record)."""
        call, apps, made = hosts_in_turn(_one_per_host(), 4, 4)
        record = made[0]
        changed = json.loads(json.dumps(apps[0]))
        changed["budget"] = changed.get("budget")  # (as given: another; as read: the same)
        batch: list[Any] = [changed, *apps[1:]]
        if shape == "texts":
            batch = [json.dumps(app) for app in batch]
        assert callrules.replay(record, call, batch=batch).outcome == "same"
        if shape == "texts":
            batch[0] = json.dumps({**changed, "host": {**changed["host"], "unit": {}}})
        else:
            changed["host"]["unit"].pop("kind")
        with pytest.raises(callrules.ArgumentError) as refused:
            callrules.replay(record, call, batch=batch)
        assert refused.value.code == "batch_without_record"

    def test_an_application_changed_then_put_back_is_found_again(self) -> None:
        """An application of a batch held (an API list of mappings) replayed while changed in
        place (no such application: refused), then put back as it was decided: the next
        replay finds it and decides it against the batch as it now is, "same", as a fresh
        list would (look74b, rpl75: the readings held kept the changed application's
        digest, and the record was refused as long as the batch was held)."""
        call, apps, made = hosts_in_turn(_one_per_host(), 6, 3)
        for changed in range(2):  # (the first of a host, and its duplicate)
            batch = copy.deepcopy(apps)
            kept = batch[changed]["host"]["person"]["email"]
            batch[changed]["host"]["person"]["email"] = "other@x.org"
            with pytest.raises(callrules.ArgumentError) as refused:
                callrules.replay(made[changed], call, batch=batch)
            assert refused.value.code == "batch_without_record"
            batch[changed]["host"]["person"]["email"] = kept
            assert [callrules.replay(record, call, batch=batch).outcome
                    for record in made] == ["same"] * len(made)


class TestCopiesOfOneApplication:
    def test_copies_are_evaluated_once_for_each_record(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """An application given :data:`SIZE` times in its batch (resubmitted, one id), the
        record of each copy replayed against the batch: the copies are one application as
        read, evaluated once for each record, never once per copy per record (rpl75: 900
        evaluations for 30 copies), each decided as a fresh check of the batch decides."""
        data = minimal_call({"op": "present", "path": "host.unit.kind"})
        data["rules"].append({"clause": "eligibility",
                              "check": {"op": "unique", "path": "host.person.email"}})
        was = callrules.Call.from_dict(data)
        apps = [eligible_dict() for _ in range(SIZE)]
        then = callrules.evaluate_many(was, apps, now=NOW, progress=False)
        made = [callrules.decision_record(was, app, now=NOW, report=item.report)
                for app, item in zip(apps, then, strict=True)]
        assert sum(item.report.eligible for item in then) == 1  # (the first; then copies)
        # (the call amended since: no copy's decision is the one recorded, every copy tried)
        data["rules"].append({"clause": "eligibility", "severity": "warning",
                              "check": {"op": "present", "path": "host.unit.kind"}})
        data["rules"].append({"clause": "eligibility", "check": {"op": "not", "rule": {
            "op": "present", "path": "host.unit.kind"}}})
        call = callrules.Call.from_dict(data)
        fresh = callrules.evaluate_many(call, apps, now=NOW, progress=False)
        evaluations = [0]
        evaluate = _record.evaluate

        def counted(*given: Any, **named: Any) -> Any:
            evaluations[0] += 1
            return evaluate(*given, **named)

        monkeypatch.setattr(_record, "evaluate", counted)
        batch = tuple(map(json.dumps, apps))
        replays = [callrules.replay(record, call, batch=batch) for record in made]
        assert [r.outcome for r in replays] == ["changed"] * SIZE
        assert {r.report.eligible for r in replays if r.report} == {
            item.report.eligible for item in fresh} == {False}
        assert evaluations[0] <= 2 * SIZE, evaluations[0]


def hosts_call_data(rules: list[tuple[str, str]]) -> dict[str, Any]:
    """A call's data with ``rules`` (clause, severity): ``unique`` on the host's e-mail."""
    data = minimal_call({"op": "present", "path": "host.unit.kind"})
    data["clauses"].append({"id": "other", "title": {"fr": "Autre", "en": "Other"},
                            "text": {"fr": "Le texte.", "en": "The text."}})
    data["rules"] += [{"clause": clause, "severity": severity,
                       "check": {"op": "unique", "path": "host.person.email"}}
                      for clause, severity in rules]
    return data


def _hosts_call(rules: list[tuple[str, str]]) -> callrules.Call:
    """The call of :func:`hosts_call_data`."""
    return callrules.Call.from_dict(hosts_call_data(rules))


_RULES_THEN = [("other", "error"), ("eligibility", "error")]
_RULES_NOW = st.lists(st.tuples(st.sampled_from(["other", "eligibility"]),
                                st.sampled_from(["error", "warning"])), max_size=2)


class TestAResubmittedCopy:
    @settings(max_examples=30, deadline=None)
    @given(hosts=st.lists(st.sampled_from("abc"), max_size=3), first=st.integers(0, 3),
           rules=_RULES_NOW)
    @example(hosts=["b", "a", "c"], first=0, rules=[("other", "error")])
    def test_a_copy_s_verdict_is_its_own_or_not_told(
            self, hosts: list[str], first: int, rules: list[tuple[str, str]]) -> None:
        """An application given twice in its batch (resubmitted: the second copy a
        duplicate), the call changed since in its ``unique`` rules: each record replayed
        against its batch says its own copy's verdict as the call now checks the batch, or
        that which copy it is cannot be told (``verdict_changed`` None, no "it now is"),
        never the other copy's (look75r F1: the duplicate, still not eligible, was told "it
        now is" eligible, ``verdict_changed=True``, from the first copy's report)."""
        apps, copy_of = _others_and_a_copy(hosts)
        batch = [*apps[:first], copy_of, *apps[first:], copy.deepcopy(copy_of)]
        for at, item, fresh, replayed, said in _each_replayed(batch, rules):
            if replayed.verdict_changed is None:
                assert "replay_batch_copy_unknown" in said and replayed.outcome == "changed"
                assert not any(key.startswith("replay_now_") for key in said)
            else:
                assert replayed.verdict_changed is (
                    fresh[at].report.eligible is not item.report.eligible), (at, said)
        if first == 0 or not hosts:  # (a copy with nothing before it: the record is told;
            assert replayed.verdict_changed is not None  # the last replayed, the batch's last)


def _others_and_a_copy(hosts: list[str]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Applications ``P0``, ``P1``… of hosts ``<host>@x.org``, and the application ``A``
    of host ``a@x.org`` that a batch gives more than once."""
    apps = []
    for n, host in enumerate(hosts):
        app = eligible_dict()
        app["id"], app["host"]["person"]["email"] = f"P{n}", f"{host}@x.org"
        apps.append(app)
    copy_of = eligible_dict()
    copy_of["id"], copy_of["host"]["person"]["email"] = "A", "a@x.org"
    return apps, copy_of


def _each_replayed(batch: list[Any], rules: list[tuple[str, str]]
                   ) -> Iterator[tuple[int, Any, Any, callrules.Replay, list[str]]]:
    """Each application of ``batch`` decided by the call of :data:`_RULES_THEN`, its record
    replayed against ``batch`` by the call of ``rules``: its place, its item then, the
    batch's items now, the replay, and the keys of what the replay says."""
    was, call = _hosts_call(_RULES_THEN), _hosts_call(rules)
    then = callrules.evaluate_many(was, batch, now=NOW, progress=False)
    fresh = callrules.evaluate_many(call, batch, now=NOW, progress=False)
    for at, item in enumerate(then):
        record = callrules.decision_record(was, batch[at], now=NOW, report=item.report)
        replayed = callrules.replay(record, call, batch=batch)
        yield at, item, fresh, replayed, [key for key, _ in replayed.words]


_KEPT = st.lists(st.tuples(st.sampled_from(["other", "eligibility"]),
                          st.sampled_from(["error", "warning"])),
                max_size=2, unique_by=lambda rule: rule[0])


class TestACopyToldByItsBatchFindings:
    @settings(max_examples=40, deadline=None)
    @given(hosts=st.lists(st.sampled_from("abc"), max_size=3),
           where=st.lists(st.integers(0, 3), min_size=2, max_size=3), rules=_KEPT)
    @example(hosts=["b"], where=[1, 1], rules=[("other", "warning"), ("eligibility", "error")])
    @example(hosts=["b", "c"], where=[1, 2], rules=[("eligibility", "warning")])
    def test_a_copy_after_others_is_told_where_its_findings_tell_it(
            self, hosts: list[str], where: list[int], rules: list[tuple[str, str]]) -> None:
        """An application given two or three times among others, the call amended since in
        its ``unique`` rules alone (each kept rule the same but for its severity, some
        removed): each record replayed against its batch says its own copy's verdict as the
        call now checks the batch, and it is told (never "cannot tell which copy") where its
        batch findings tell it: every rule it had still there (the call reads alike, so each
        copy's findings then are those now), or the record the first copy with no duplicate
        where each later copy had one (rpl76: a copy after other applications was "cannot
        tell" whenever its copies were now decided otherwise)."""
        apps, copy_of = _others_and_a_copy(hosts)
        batch: list[Any] = list(apps)
        for at in sorted(where, reverse=True):
            batch.insert(min(at, len(apps)), copy.deepcopy(copy_of))
        first = next(at for at, app in enumerate(batch) if app["id"] == "A")
        for at, item, fresh, replayed, said in _each_replayed(batch, rules):
            told = batch[at]["id"] != "A" or len(rules) == len(_RULES_THEN) or (
                at == first and rules and all(other["host"]["person"]["email"] != "a@x.org"
                                              for other in batch[:first]))
            if replayed.verdict_changed is None:
                assert not told, (at, said)
                assert "replay_batch_copy_unknown" in said and replayed.outcome == "changed"
            else:
                assert replayed.verdict_changed is (
                    fresh[at].report.eligible is not item.report.eligible), (at, said)


def _host_rules_call(rules: list[tuple[str, bool]]) -> callrules.Call:
    """A call whose ``unique`` rules on the host's e-mail are ``rules`` (severity, whether
    case-insensitive), each in the clause ``eligibility``."""
    data = minimal_call({"op": "present", "path": "host.unit.kind"})
    data["rules"] += [{"clause": "eligibility", "severity": severity,
                       "check": {"op": "unique", "path": "host.person.email",
                                 "case_insensitive": insensitive}}
                      for severity, insensitive in rules]
    return callrules.Call.from_dict(data)


_HOST_RULES = st.lists(st.tuples(st.sampled_from(["error", "warning"]), st.booleans()),
                       min_size=1, max_size=2)


def _copies_recorded(was: callrules.Call, batch: list[Any], decided: Any) -> Iterator[
        tuple[int, Any, int, dict[str, Any]]]:
    """Each copy of the application ``A`` in ``batch`` decided under ``was``: its place,
    its batch item, the copies before it, and its record as ``check --record`` writes it
    (version 7, naming its place)."""
    copies = 0
    for at, item in enumerate(decided):
        if batch[at]["id"] != "A":
            continue
        yield at, item, copies, callrules.decision_record(
            was, batch[at], now=NOW, report=item.report, place=at, copies_before=copies)
        copies += 1


class TestARecordNamingItsPlace:
    @settings(max_examples=60, deadline=None)
    @given(hosts=st.lists(st.sampled_from(["h", "H", "k"]), max_size=3),
           host=st.sampled_from(["h", "H"]),
           where=st.lists(st.integers(0, 3), min_size=2, max_size=3),
           then=_HOST_RULES, now=_HOST_RULES)
    # (look76r F5: [O0 h, C H, C H], then one rule ignoring case, a warning; now also one
    # minding case, an error: the second C, now not eligible, replayed "same")
    @example(hosts=["h"], host="H", where=[1, 1], then=[("warning", True)],
             now=[("warning", True), ("error", False)])
    def test_each_copy_s_record_is_told_its_own_verdict(
            self, hosts: list[str], host: str, where: list[int],
            then: list[tuple[str, bool]], now: list[tuple[str, bool]]) -> None:
        """An application given two or three times among others, each copy's record naming
        its place in the batch (version 7: its index, and how many copies came before it),
        the call amended since in its ``unique`` rules in any way (added, removed, case,
        severity): replayed against its batch, each record says its own copy's verdict as
        the call now checks the batch, always (never "cannot tell which copy"), and "same"
        only where that copy is decided as recorded (session 58: a copy decided as
        recorded that was not the record's was taken for it, a false "same", look76r F5)."""
        apps, copy_of = _others_and_a_copy([f"{h}" for h in hosts])
        copy_of["host"]["person"]["email"] = f"{host}@x.org"
        batch: list[Any] = list(apps)
        for at in sorted(where, reverse=True):
            batch.insert(min(at, len(apps)), copy.deepcopy(copy_of))
        was, call = _host_rules_call(then), _host_rules_call(now)
        decided = callrules.evaluate_many(was, batch, now=NOW, progress=False)
        fresh = callrules.evaluate_many(call, batch, now=NOW, progress=False)
        for at, item, copies, record in _copies_recorded(was, batch, decided):
            assert record["record_version"] == 7
            assert record["place"] == {"index": at, "copy": copies}
            replayed = callrules.replay(record, call, batch=batch)
            assert replayed.verdict_changed is (
                fresh[at].report.eligible is not item.report.eligible), (at, replayed.words)
            alike = Counter(map(_findings_key, fresh[at].report.findings)) == Counter(
                map(_findings_key, item.report.findings))
            assert replayed.same is (alike and fresh[at].report.eligible
                                     is item.report.eligible), (at, replayed.words)
            # the batch given otherwise (its first other application left out): the place
            # is not found, and the copy is never told by a guess: its own verdict in the
            # batch given, or "cannot tell which copy"
            gone = next((n for n, app in enumerate(batch) if app["id"] != "A"), None)
            if gone is not None:
                given = [app for n, app in enumerate(batch) if n != gone]
                mine = at - (at > gone)
                again = callrules.replay(record, call, batch=given)
                assert again.verdict_changed in (None, callrules.evaluate_many(
                    call, given, now=NOW, progress=False)[mine].report.eligible
                    is not item.report.eligible), (at, again.words)


    def test_check_record_names_each_place_and_replay_tells_the_copy(
            self, tmp_path: Path) -> None:
        """``callrules check --record`` names each application's place in its batch (a line
        not read among them: the places are the batch's), and ``callrules replay --batch``
        tells each copy's record its own verdict: look76r F5's batch, the second copy now
        a duplicate of the first, is "changed" (it said "same")."""
        other = eligible_dict()
        other["id"], other["host"]["person"]["email"] = "O0", "h@x.org"
        copy_of = eligible_dict()
        copy_of["id"], copy_of["host"]["person"]["email"] = "C", "H@x.org"
        (tmp_path / "then.json").write_text(json.dumps(
            _host_rules_call([("warning", True)]).definition.model_dump(
                mode="json", by_alias=True)), "utf-8")
        (tmp_path / "now.json").write_text(json.dumps(
            _host_rules_call([("warning", True), ("error", False)]).definition.model_dump(
                mode="json", by_alias=True)), "utf-8")
        batch = tmp_path / "batch.jsonl"
        batch.write_text("".join(json.dumps(app) + "\n" for app in (other, copy_of))
                         + "{not JSON\n" + json.dumps(copy_of) + "\n", "utf-8")
        records = tmp_path / "records.jsonl"
        out, err = io.StringIO(), io.StringIO()
        main(["check", str(tmp_path / "then.json"), str(batch), "--record", str(records),
              "--at", NOW.isoformat()], out=out, err=err)
        made = [json.loads(line) for line in records.read_text("utf-8").splitlines()]
        assert [(m["record_version"], m["place"]) for m in made] == [
            (7, {"index": 0, "copy": 0}), (7, {"index": 1, "copy": 0}),
            (7, {"index": 3, "copy": 1})]
        out, err = io.StringIO(), io.StringIO()
        main(["replay", str(records), "--call", str(tmp_path / "now.json"), "--batch",
              str(batch), "--format", "jsonl"], out=out, err=err)
        told = [json.loads(line) for line in out.getvalue().splitlines()]
        assert [(t["id"], t["outcome"], t["verdict_changed"]) for t in told] == [
            ("O0", "same", False), ("C", "same", False), ("C", "changed", True)], told

    @pytest.mark.parametrize("place", [{"index": 1, "copy": 2}, {"index": -1, "copy": 0},
                                       {"index": 1}, {"index": 1, "copy": True}, None,
                                       {"index": 1, "copy": 0, "of": 3}])
    def test_a_place_a_record_cannot_name_is_refused(self, place: Any) -> None:
        """A place no batch holds (more copies before it than applications, a negative
        index, a part missing or added, a truth value for a number), sealed again, is
        refused as malformed, never used to tell a copy."""
        was = _host_rules_call([("warning", True)])
        app = eligible_dict()
        record = callrules.decision_record(was, app, now=NOW, batch=[], place=1,
                                           copies_before=0)
        record["place"] = place
        if place == {"index": 1}:  # (and the part missing whole)
            del record["place"]
        record["record_digest"] = seal(record)
        with pytest.raises(callrules.InputError) as caught:
            callrules.replay(record, was)
        assert caught.value.problems[0].ctx["template"] == "record_malformed"
        problem = caught.value.problems[0]
        assert "place" in problem.msg
        assert all(problem.message(lang) for lang in ("fr", "en", "es", "pt"))

    def test_a_place_given_wrong_is_not_taken_against_its_own_call(self) -> None:
        """A record whose writer gave the place of another copy (the second copy, a
        duplicate, recorded at the first's place) replayed against its own call and batch:
        the copy at that place is not decided as recorded, so the place is not taken, and
        the copies decided otherwise, which is the record's is not told (never "changed" to
        the first copy's verdict), in words that never say the record names no place
        (rplmend78b: "the record does not say which copy it is" was said of it)."""
        was = _host_rules_call([("error", False)])
        copy_of = eligible_dict()
        batch = [copy_of, copy.deepcopy(copy_of)]
        decided = callrules.evaluate_many(was, batch, now=NOW, progress=False)
        record = callrules.decision_record(was, batch[1], now=NOW, report=decided[1].report,
                                           place=0, copies_before=0)
        replayed = callrules.replay(record, was, batch=batch)
        assert replayed.verdict_changed is None, replayed.words
        assert "replay_batch_copy_unknown_order" in [key for key, _ in replayed.words]
        assert "replay_batch_copy_unknown" not in [key for key, _ in replayed.words]

    def test_a_place_is_named_whole_or_not_at_all(self) -> None:
        """``place`` and ``copies_before`` are both given or neither, whole numbers of 0 or
        more; of a decision made alone no place is written (a record of version 6)."""
        was = _host_rules_call([("warning", True)])
        app = eligible_dict()
        for wrong in ({"place": 1}, {"copies_before": 0}, {"place": -1, "copies_before": 0},
                      {"place": 1, "copies_before": 1.0}, {"place": True, "copies_before": 0}):
            with pytest.raises(callrules.ArgumentError):
                callrules.decision_record(was, app, now=NOW, **wrong)
        alone = callrules.decision_record(was, app, now=NOW, place=0, copies_before=0,
                                          report=callrules.evaluate(was, app, now=NOW))
        assert alone["record_version"] == 6 and "place" not in alone


#: One instant written three ways (the offset): copies of one application, each written
#: otherwise, that a record's input tells apart.
_SPELLINGS = ("2026-05-28T10:42:00-03:00", "2026-05-28T13:42:00+00:00",
              "2026-05-28T15:42:00+02:00")


class TestARecordPlacedInABatchGivenOtherwise:
    @settings(max_examples=60, deadline=None)
    @given(hosts=st.lists(st.sampled_from(["h", "a", "A"]), max_size=2),
           spellings=st.lists(st.integers(0, 2), min_size=2, max_size=3),
           order_then=st.lists(st.integers(0, 4), min_size=5, max_size=5),
           order_now=st.lists(st.integers(0, 4), min_size=5, max_size=5),
           kept=st.lists(st.booleans(), min_size=5, max_size=5),
           then=_HOST_RULES, now=_HOST_RULES)
    # (look78r F1: A then B, the same instant written otherwise, B given first: the record
    # of A, at place 0, took B for its own, "same" where A is now a duplicate)
    @example(hosts=[], spellings=[0, 1], order_then=[0, 1, 0, 0, 0],
             order_now=[1, 0, 0, 0, 0], kept=[True] * 5, then=[("warning", True)],
             now=[("warning", True), ("error", False)])
    def test_a_record_is_never_told_another_copy_s_verdict(
            self, hosts: list[str], spellings: list[int], order_then: list[int],
            order_now: list[int], kept: list[bool], then: list[tuple[str, bool]],
            now: list[tuple[str, bool]]) -> None:
        """An application given two or three times, each copy written its own way (the
        same instant at another offset), among others; each copy's record names its place;
        the call amended since in its ``unique`` rules; the batch given back in any order,
        any of its applications left out: where the replay tells a verdict, it is that of a
        copy written as the record's input, never of a copy written otherwise, and "same"
        only where such a copy is decided as recorded (look78r F1: a copy written otherwise
        found at the record's place was taken, a false "same", 35 of 628 in a shuffle)."""
        apps, copy_of = _others_and_a_copy(hosts)
        items: list[dict[str, Any]] = list(apps)
        for spelling in spellings:
            item = copy.deepcopy(copy_of)
            item["submitted_at"] = _SPELLINGS[spelling]
            items.append(item)
        batch = [items[n] for n in sorted(range(len(items)), key=lambda n: order_then[n])]
        given = [items[n] for n in sorted(range(len(items)), key=lambda n: order_now[n])
                 if kept[n]]
        was, call = _host_rules_call(then), _host_rules_call(now)
        decided = callrules.evaluate_many(was, batch, now=NOW, progress=False)
        fresh = callrules.evaluate_many(call, given, now=NOW, progress=False)
        for at, item, _, record in _copies_recorded(was, batch, decided):
            own = [fresh[n].report for n, app in enumerate(given)
                   if app["id"] == "A" and app["submitted_at"] == batch[at]["submitted_at"]]
            if not own:  # (no copy written as its own: the record's is not in the batch)
                continue
            replayed = callrules.replay(record, call, batch=given)
            was_eligible = item.report.eligible
            if replayed.verdict_changed is not None:
                assert any((report.eligible is not was_eligible) is replayed.verdict_changed
                           for report in own), (at, replayed.words)
            if replayed.same:
                assert any(report.eligible is was_eligible and Counter(
                    map(_findings_key, report.findings)) == Counter(
                    map(_findings_key, item.report.findings)) for report in own), at

    def test_copies_of_one_verdict_tell_it(self) -> None:
        """Copies written alike, now of one verdict but not the same findings (a warning
        on the second, a duplicate), the batch given with an application put first (the
        record's place not found): the record's verdict is told, unchanged, and its
        findings are not ("cannot tell which copy", never "same"; before, its verdict too
        was "cannot tell", look78r F4)."""
        was = _host_rules_call([("warning", True)])
        app = eligible_dict()
        batch = [app, copy.deepcopy(app)]
        decided = callrules.evaluate_many(was, batch, now=NOW, progress=False)
        other = eligible_dict()
        other["id"], other["host"]["person"]["email"] = "O", "o@x.org"
        for at in (0, 1):
            record = callrules.decision_record(was, batch[at], now=NOW,
                                               report=decided[at].report, place=at,
                                               copies_before=at)
            replayed = callrules.replay(record, was, batch=[other, *batch])
            assert (replayed.same, replayed.verdict_changed) == (False, False), at
            assert [key for key, _ in replayed.words] == ["replay_batch_copy_verdict_same"]
            assert all(replayed.said(lang) for lang in ("fr", "en", "es", "pt"))

    @settings(max_examples=60, deadline=None)
    @given(place=st.one_of(st.integers(-2, 3), st.booleans(), st.none(), st.just(1.0)),
           copies_before=st.one_of(st.integers(-2, 4), st.booleans(), st.none()))
    def test_a_place_written_is_a_place_read(self, place: Any, copies_before: Any) -> None:
        """Whatever place ``decision_record`` is given, it either refuses it, an
        :class:`~callrules.ArgumentError` said in words that fit in every language (a
        number below 0 is not said to be "not a whole number"), or writes a record its
        reader replays (look78r F2: ``place=0, copies_before=5`` was written, then refused as
        malformed; F3: ``place=-1`` was "expected a whole number, not a whole number")."""
        was = _host_rules_call([("warning", True)])
        app = eligible_dict()
        try:
            record = callrules.decision_record(was, app, now=NOW, batch=[], place=place,
                                               copies_before=copies_before)
        except callrules.ArgumentError as exc:
            assert (place, copies_before) != (None, None)
            for lang in ("fr", "en", "es", "pt"):
                words = said_in(exc, lang)
                assert words and "whole number, not a whole number" not in words
            if isinstance(place, int) and not isinstance(place, bool) and place < 0:
                assert "0 or more" in said_in(exc, "en"), said_in(exc, "en")
            return
        assert callrules.replay(record, was).same

    def test_replay_takes_a_batch_of_several_files(self, tmp_path: Path) -> None:
        """``check`` given two files, ``replay --batch`` once for each, in that order: the
        places the records name are those of the batch read again, so the second copy, now
        a duplicate, is "changed" (look78r F5: ``--batch`` took one file, the docs said "the
        same files")."""
        other = eligible_dict()
        other["id"], other["host"]["person"]["email"] = "O0", "h@x.org"
        copy_of = eligible_dict()
        copy_of["id"], copy_of["host"]["person"]["email"] = "C", "H@x.org"
        calls = {}
        for name, rules in (("then", [("warning", True)]),
                            ("now", [("warning", True), ("error", False)])):
            calls[name] = tmp_path / f"{name}.json"
            calls[name].write_text(json.dumps(_host_rules_call(rules).definition.model_dump(
                mode="json", by_alias=True)), "utf-8")
        first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
        first.write_text(json.dumps(other) + "\n" + json.dumps(copy_of) + "\n", "utf-8")
        second.write_text("{not JSON\n" + json.dumps(copy_of) + "\n", "utf-8")
        records = tmp_path / "records.jsonl"
        main(["check", str(calls["then"]), str(first), str(second), "--record", str(records),
              "--at", NOW.isoformat()], out=io.StringIO(), err=io.StringIO())
        out = io.StringIO()
        main(["replay", str(records), "--call", str(calls["now"]), "--batch", str(first),
              "--batch", str(second), "--format", "jsonl"], out=out, err=io.StringIO())
        told = [json.loads(line) for line in out.getvalue().splitlines()]
        assert [(t["id"], t["outcome"], t["verdict_changed"]) for t in told] == [
            ("O0", "same", False), ("C", "same", False), ("C", "changed", True)], told

    @settings(max_examples=60, deadline=None)
    @given(where=st.lists(st.integers(0, 4), min_size=2, max_size=3),
           refused=st.lists(st.integers(0, 5), min_size=1, max_size=2),
           then=_HOST_RULES, now=_HOST_RULES)
    # (reread78 F1: one application the form refuses first, then copies: each record's
    # place was taken as its position in the file of records, one off, every copy "cannot
    # tell which copy … the record does not say which copy it is", exit 1, where the base
    # said "same")
    @example(where=[0, 0], refused=[0], then=[("warning", True)], now=[("warning", True)])
    def test_a_file_of_records_given_as_the_batch_tells_each_copy_by_its_place(
            self, where: list[int], refused: list[int], then: list[tuple[str, bool]],
            now: list[tuple[str, bool]]) -> None:
        """A batch holding applications the form refuses among copies of one application
        (they have no record), each record naming its place: replayed with the records
        themselves as the batch (``replay --batch RECORDS``), each record is told what it is
        told with the applications as the batch (its place, the batch's as checked, never
        its position among the records), never "cannot tell which copy", and "same" only
        where its own copy is now decided as recorded (never a false "same")."""
        apps, copy_of = _others_and_a_copy(["h", "k"])
        batch: list[Any] = list(apps)
        for at in sorted(where, reverse=True):
            batch.insert(min(at, len(batch)), copy.deepcopy(copy_of))
        for at in sorted(refused, reverse=True):  # (no host: the form refuses it)
            batch.insert(min(at, len(batch)), {"id": "X", "call": "x"})
        was, call = _host_rules_call(then), _host_rules_call(now)
        decided = callrules.evaluate_many(was, batch, now=NOW, progress=False)
        fresh = callrules.evaluate_many(call, batch, now=NOW, progress=False)
        seen: Counter[str | None] = Counter()
        made = []
        for at, item in enumerate(decided):
            if item.report is None:
                continue
            reading = _batch_index.read_digest(was, batch[at])
            made.append((at, callrules.decision_record(
                was, batch[at], now=NOW, report=item.report, place=at,
                copies_before=seen[reading])))
            seen[reading] += 1
        assert made and all(batch[at]["id"] != "X" for at, _ in made)
        records = [record for _, record in made]
        for at, record in made:
            given = callrules.replay(record, call, batch=batch)
            told = callrules.replay(record, call, batch=records)
            assert (told.same, told.verdict_changed) == (given.same, given.verdict_changed), (
                at, told.words, given.words)
            assert told.verdict_changed is not None, (at, told.words)
            assert not told.same or (fresh[at].report.eligible is decided[at].report.eligible
                                     and Counter(map(_findings_key, fresh[at].report.findings))
                                     == Counter(map(_findings_key,
                                                    decided[at].report.findings))), at

    def test_check_record_counts_a_copy_whose_record_cannot_be_made(
            self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """``check --record``: a copy whose record cannot be made is still counted among
        the copies before the next (it is in the batch that replay counts), so the next
        copy's record names ``copy`` 1 (look78r F7: counted only once its record was made,
        the next was named 0 and replayed "cannot tell which copy")."""
        call_file = tmp_path / "call.json"
        call_file.write_text(json.dumps(_host_rules_call([("warning", True)]).definition
                                        .model_dump(mode="json", by_alias=True)), "utf-8")
        batch = tmp_path / "batch.jsonl"
        batch.write_text(2 * (json.dumps(eligible_dict()) + "\n"), "utf-8")
        made_first: list[bool] = []
        real = _record.reading_digest

        def failing_once(call: callrules.Call) -> str:  # (the first record cannot be made)
            if not made_first:
                made_first.append(True)
                raise callrules.ArgumentError("a record that cannot be made")
            return real(call)

        monkeypatch.setattr(_record, "reading_digest", failing_once)
        records = tmp_path / "records.jsonl"
        main(["check", str(call_file), str(batch), "--record", str(records), "--at",
              NOW.isoformat()], out=io.StringIO(), err=io.StringIO())
        made = [json.loads(line) for line in records.read_text("utf-8").splitlines()]
        assert [m["place"] for m in made] == [{"index": 1, "copy": 1}]


def _findings_key(finding: Any) -> tuple[str, str, str, str]:
    """A finding as a decision compares it: clause, code, place and severity."""
    return finding.clause, finding.code, finding.path, finding.severity.value


class TestConcurrentReplays:
    @pytest.mark.parametrize("threads", [2, 8])
    def test_records_replayed_at_once_read_the_batch_once(
            self, threads: int, monkeypatch: pytest.MonkeyPatch) -> None:
        """The records of a batch replayed by several threads at once (a service, a thread
        pool), all starting together against one batch of JSON texts: the batch is checked
        and read once, the other threads waiting for it, so the applications read are as
        many as when one thread replays them all (rpl75, look74b: 3,678 reads with 8
        threads, against 840 with one), and each record decided as alone."""
        call_data, apps, made = _batch_of_hosts()
        call = callrules.Call.from_dict(call_data)
        reads = reads_counted(monkeypatch)
        first = tuple(map(json.dumps, apps))
        alone = [callrules.replay(record, call, batch=first).outcome for record in made]
        once, reads[0] = reads[0], 0
        batch = tuple(map(json.dumps, apps))
        start = threading.Barrier(threads)
        said: dict[int, str] = {}

        def replaying(first: int) -> None:
            start.wait()
            for n in range(first, SIZE, threads):
                said[n] = callrules.replay(made[n], call, batch=batch).outcome

        workers = [threading.Thread(target=replaying, args=(n,)) for n in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert [said[n] for n in range(SIZE)] == alone == ["same"] * SIZE
        assert reads[0] <= once, (reads[0], once)


def _alone_then_in_turn(monkeypatch: pytest.MonkeyPatch, call: callrules.Call,
                        apps: list[Any], made: list[Any], batches: int
                        ) -> tuple[int, int, list[list[str]]]:
    """Each of the records ``made`` replayed against its batch alone (every one "same"),
    then against ``batches`` copies of it in turn, a record against each copy before the
    next record: the applications read alone, those read in turn, and the outcomes, a list
    a record of one outcome a copy."""
    reads = reads_counted(monkeypatch)
    alone = tuple(map(json.dumps, apps))
    assert [callrules.replay(record, call, batch=alone).outcome
            for record in made] == ["same"] * len(made)
    once, reads[0] = reads[0], 0
    given = [tuple(map(json.dumps, apps)) for _ in range(batches)]
    said = [[callrules.replay(record, call, batch=batch).outcome for batch in given]
            for record in made]
    return once, reads[0], said


class TestSeveralBatchesAtOnce:
    @pytest.mark.parametrize("batches", [2, 4, 8])
    def test_records_of_interleaved_batches_read_each_batch_once(
            self, batches: int, monkeypatch: pytest.MonkeyPatch) -> None:
        """The records of ``batches`` batches replayed in turn, a record of each batch after
        the other (two services, or threads, each replaying its own batch): each batch is
        read once, the applications read as many as when each batch is replayed whole in
        its turn, never a batch read again at each switch (att81 F2, look75r: one batch held
        a process, 2 batches of 240 took 40 s of CPU at once against 2.5 s in turn; rpl76:
        four held, 5 batches in turn read each batch again for each record)."""
        call_data, apps, made = _batch_of_hosts()
        once, read, said = _alone_then_in_turn(monkeypatch, callrules.Call.from_dict(call_data),
                                               apps, made, batches)
        assert said == [["same"] * batches] * SIZE
        assert read <= batches * once, (read, batches * once)

    @pytest.mark.parametrize("size", [2, 3])
    def test_the_applications_not_the_batches_count_bound_the_batches_held(
            self, size: int, monkeypatch: pytest.MonkeyPatch) -> None:
        """The records of many small batches replayed in turn (one upload a user, 70 of
        them: more than any count of batches once held) read each batch once: what the
        batches hold together bounds them, never their count (look76r F1: 64 held, the
        records of 65 batches of 20 in turn read each batch again, 43 reads an
        application)."""
        batches = 70
        call, apps, made = hosts_in_turn(_one_per_host(), size, 2)
        once, read, said = _alone_then_in_turn(monkeypatch, call, apps, made, batches)
        assert said == [["same"] * batches] * size
        assert read <= batches * once, (read, batches * once)

    @settings(max_examples=80)
    @given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 6), st.integers(0, 3000),
                              st.integers(0, 9)), max_size=30),
           st.integers(0, 40_000))
    @example([(0, 0, 0, 2), (0, 0, 0, 3), (1, 0, 0, 0), (0, 0, 0, 2)], 7168)  # (look77h F1:
    # two empty batches read as one ``()``, the check of one booked to the other)
    def test_the_batches_held_take_at_most_their_memory(
            self, given_: list[tuple[int, int, int, int]], memory: int) -> None:
        """Whatever batches are given (some again: ``(which, count, size, check)``, each
        application a text of ``size`` characters, a check of ``check`` KiB held for it),
        the batches held take at most the memory bound together, their applications read (the
        module's own: its texts read into bytes here, as a record's text is read) weighed
        by their size (never by their count: att85 F1, batches of one application of 10,000
        budget lines held 12 MB each, 8,000 allowed), the one given last alone apart; the
        weight said is what those held weigh; those held are the last given, each found
        again by its very object, never read again."""
        objects: dict[int, list[str]] = {}  # (lists: two empty tuples are one object)
        order: list[int] = []
        model: dict[int, tuple[int, dict[int, int]]] = {}  # (the last given last: weights)

        def within() -> None:
            while len(model) > 1 and sum(w + sum(c.values()) for w, c in model.values()) \
                    > memory:
                del model[next(iter(model))]

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_held_batch, "MEMORY", memory)
            patch.setattr(_held_batch, "_held", {})
            patch.setattr(_held_batch, "_by_inputs", {})
            patch.setattr(_held_batch, "_weight", [0])
            for which, count, size, check in given_:
                batch = objects.setdefault(which, [f"{which}.{n}".ljust(size, "x")
                                                   for n in range(count)])
                inputs = _held_batch.held_inputs(batch, _encoded)
                model[which] = model.pop(which, None) or (
                    _held_batch._held[id(batch)].weight, {})
                within()
                if check:
                    _held_batch.hold_check(inputs, check, "checked", check * 1024)
                    if which in model:
                        checks = model[which][1]
                        checks.pop(check, None)
                        checks[check] = check * 1024
                        while len(checks) > _held_batch.CHECKS:
                            del checks[next(iter(checks))]
                        within()
                order = [*(one for one in order if one != which), which]
                assert [id(one.given) for one in _held_batch._held.values()] == [
                    id(objects[one]) for one in model]  # (those given last that fit)
                held = list(_held_batch._held.values())
                weight = _held_batch._weight[0]
                assert weight == sum(one.weight + sum(one.checks.values()) for one in held)
                assert len(held) == 1 or weight <= memory
                assert held[-1].given is batch  # (the last given: held whatever its size)
                for one in held:  # (weighed by what it holds: its texts' characters, or
                    # past the bound, when it alone is held)
                    assert one.weight >= min(sum(map(len, one.given)) + len(one.given) * 8,
                                             memory + 1)
                kept = [id(one.given) for one in held]
                assert kept == [id(objects[one]) for one in order[len(order) - len(kept):]]
            for one in list(_held_batch._held.values()):
                read = _held_batch.held_inputs(one.given, lambda _: ("read again",))
                assert read == _encoded(one.given)

    def test_batches_of_one_large_application_hold_at_most_64_mib(self) -> None:
        """Batches of one large application each, replayed in turn (a 4 MiB text here, 40
        batches, each kept by the caller): those held take at most 64 MiB, about 16 of them,
        never every one (att85 F1: 200,000 applications whatever their size, 12 MB a batch
        of one application of 10,000 budget lines held, 40 batches 488 MB)."""
        large = "x" * (4 * 2**20)
        given = [[large] for _ in range(40)]
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_held_batch, "_held", {})
            patch.setattr(_held_batch, "_by_inputs", {})
            patch.setattr(_held_batch, "_weight", [0])
            for batch in given:  # (read into bytes: the module's own, as a record's text)
                _held_batch.held_inputs(batch, _encoded)
            held = list(_held_batch._held.values())
            assert 10 <= len(held) <= 16
            assert len(held) * sys.getsizeof(large.encode()) <= 64 * 2**20
            assert [one.given for one in held] == given[-len(held):]

    def test_the_caller_s_applications_kept_by_the_caller_weigh_their_places_alone(
            self) -> None:
        """Batches of one large application each, given as lists the caller keeps, replayed
        in turn: the applications are the caller's own objects, alive whether held or not,
        so a batch weighs its places and readings alone and every one is held, read once
        (look77h F2: 20 kept batches of one application of 10,000 budget lines, each read 3
        times, CPU +30 %, the memory the same); the same applications read from an iterator,
        or from a record's text (the module's own), weigh their size; an application given
        300 times counts once, and the walk stops at the bound inside a list too (look77h
        F4)."""
        large = {"lines": [{"label": f"line {n}".ljust(400, "x")} for n in range(2_000)]}
        given = [[large] for _ in range(20)]
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_held_batch, "MEMORY", 2**20)  # (1 MiB: less than one application)
            patch.setattr(_held_batch, "_held", {})
            patch.setattr(_held_batch, "_by_inputs", {})
            patch.setattr(_held_batch, "_weight", [0])
            reads = [0]

            def read(batch: Any) -> tuple[Any, ...]:
                reads[0] += 1
                return tuple(json.loads(item) if isinstance(item, str) else item
                             for item in batch)

            for _ in range(3):
                for batch in given:
                    assert _held_batch.held_inputs(batch, read) == (large,)
            assert reads[0] == len(given)
            assert [one.given for one in _held_batch._held.values()] == given
            one = _held_batch.BATCH_BYTES + _held_batch.PLACE_BYTES
            assert _held_batch._weight[0] == 20 * one
            for batch in (iter([large]), [json.dumps(large)]):  # (the module's own)
                _held_batch.held_inputs(batch, read)
                assert list(_held_batch._held.values())[-1].weight > 2**20
            patch.setattr(_held_batch, "MEMORY", 2**30)
            _held_batch.held_inputs(iter([large] * 300), read)  # (one application 300 times)
            assert list(_held_batch._held.values())[-1].weight < 2 * _held_batch.weight_of(
                large, 2**30) + 300 * _held_batch.PLACE_BYTES + _held_batch.BATCH_BYTES
        flat = [*range(1_000_000)]
        assert _held_batch.weight_of({"flat": flat}, 1_000) <= sys.getsizeof(flat) + 1_200

    @pytest.mark.skipif(not hasattr(sys, "getrefcount"), reason="CPython's reference counts")
    def test_a_batch_the_caller_let_go_is_let_go(self) -> None:
        """A batch that its caller let go (each batch of one application, replayed, then
        dropped, as att85's script did) is let go when the next batch is held: nothing can
        give it again; a batch the caller keeps stays held."""
        kept = ["kept"]
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_held_batch, "_held", {})
            patch.setattr(_held_batch, "_by_inputs", {})
            patch.setattr(_held_batch, "_weight", [0])
            _held_batch.held_inputs(kept, tuple)
            for n in range(40):
                _held_batch.held_inputs([f"dropped {n}"], tuple)
            assert [one.given for one in _held_batch._held.values()] == [kept,
                                                                          ["dropped 39"]]
            assert _held_batch.held_inputs(kept, lambda _: ("read again",)) == ("kept",)

    @pytest.mark.skipif(not hasattr(sys, "getrefcount"), reason="CPython's reference counts")
    def test_holding_a_batch_counts_a_few_references_however_many_are_held(self) -> None:
        """Holding one more batch beside thousands the caller keeps asks a few reference
        counts on average (a batch of one mapping weighs 1,280 bytes: 10 counts), never one
        for each batch held (att88 F4: each batch held swept them all, 3.7 ms a batch at
        40,000 held, quadratic); batches the caller then lets go are let go by the next
        holds, before the bound would push out a batch the caller keeps."""
        calls = [0]

        def counted(one: Any) -> int:
            calls[0] += 1
            return sys.getrefcount(one) - extra

        probe = _held_batch._HeldBatch([], (), (), 0)
        extra = 0
        extra = counted(probe.given) - sys.getrefcount(probe.given)
        many = 3_000
        kept = [[{"id": n}] for n in range(many)]
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_held_batch, "_references", counted)
            patch.setattr(_held_batch, "_held", {})
            patch.setattr(_held_batch, "_by_inputs", {})
            patch.setattr(_held_batch, "_weight", [0])
            patch.setattr(_held_batch, "_swept", [0])
            calls[0] = 0
            for batch in kept:
                _held_batch.held_inputs(batch, tuple)
            assert len(_held_batch._held) == many
            weight = _held_batch.BATCH_BYTES + _held_batch.PLACE_BYTES
            assert calls[0] <= many * (weight // _held_batch.SWEEP_BYTES + 1), calls[0]
            dropped = len(kept) // 2
            del kept[:dropped]
            calls[0] = 0
            for n in range(many // 8):
                _held_batch.held_inputs([{"id": f"more {n}"}], tuple)
            assert calls[0] <= many // 8 * (weight // _held_batch.SWEEP_BYTES + 1) + many, \
                calls[0]  # (and one sweep's counts: the weight held since the last one)
            givens = [id(one.given) for one in _held_batch._held.values()]
            assert set(map(id, kept)) <= set(givens)
            assert len(givens) <= len(kept) + many // 8, len(givens)

    @settings(max_examples=15)
    @given(st.lists(st.tuples(st.integers(0, 5), st.sampled_from(["all", "reversed", "tail",
                                                                   "copy"])),
                    min_size=1, max_size=8),
           st.sampled_from([0, 20_000, 64 * 2**20]))
    def test_verdicts_are_the_same_held_or_not(
            self, replays: list[tuple[int, str]], memory: int) -> None:
        """Records replayed against batches in any order (its own, reversed, without its
        first application, a copy given anew), the batches held within any memory bound
        (none but the last, a few, all): each verdict is the one of the record replayed
        against a batch given anew, never held (a replay never matched against another
        batch, nor against a batch let go)."""
        call, apps, made = _SMALL
        batches = {"all": tuple(apps), "reversed": tuple(reversed(apps)),
                   "tail": tuple(apps[1:])}

        def outcome(record: dict[str, Any], batch: tuple[Any, ...]) -> str:
            try:
                return callrules.replay(record, call, batch=batch).outcome
            except callrules.ArgumentError as refused:
                return refused.code

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_held_batch, "MEMORY", memory)
            said = [outcome(made[n], batches.get(way) or tuple(copy.deepcopy(apps)))
                    for n, way in replays]
        anew = [outcome(made[n], tuple(copy.deepcopy(list(batches.get(way, apps)))))
                for n, way in replays]
        assert said == anew


def _encoded(batch: Iterator[str] | list[str]) -> tuple[bytes, ...]:
    """The texts of ``batch`` read into bytes: applications the module alone holds, as the
    applications read from a record's text."""
    return tuple(text.encode() for text in batch)


#: A call of one application per host, 6 applications two hosts share in turn, their records.
_SMALL = hosts_in_turn(_one_per_host(), 6, 2)


def deep_size(value: Any, apart: set[int]) -> int:
    """The bytes of ``value`` and of every object it holds, but those of ids ``apart``,
    classes, modules and functions (``benchmarks/replay_batch_memory.py`` measures with it)."""
    seen, left, size = set(apart), [value], 0
    while left:
        one = left.pop()
        if id(one) in seen or isinstance(one, (type, ModuleType, FunctionType)):
            continue
        seen.add(id(one))
        size += sys.getsizeof(one)
        left.extend(gc.get_referents(one))
    return size


class TestTheReadingsHeldAreSmall:
    def test_a_batch_s_readings_take_a_few_bytes_an_application(self) -> None:
        """The readings held for a batch of JSON texts (its index, and the batch as the
        call's form reads it) take a few bytes an application (16: two arrays of 8 bytes),
        never the digests' texts in dictionaries (rpl75, look74b: 36 MB a call at 100,000
        texts, kept for each of 8 calls; 290 bytes an application here)."""
        call_data, apps, made = _batch_of_hosts()
        call = callrules.Call.from_dict(call_data)
        many = 20 * SIZE
        texts = [json.dumps({**apps[n % SIZE], "id": f"Q{n}"}) for n in range(many)]
        batch = tuple([*texts, *map(json.dumps, apps)])
        inputs = _record._batch_of(batch)
        assert _batch_index.places_in(call, inputs, made[0]["input"],
                                      made[0]["input_digest"],
                                      key=_record.call_digest(call)) == [many]
        index = held_index(inputs, lambda inputs: None)
        held = deep_size(index, {id(inputs), *map(id, inputs), id(call)})
        assert held <= 24 * len(batch) + 4096, (held, len(batch))


class _Unbound:
    """A lazy proxy of the caller's, outside the context it stands for: its kind cannot be
    asked (``isinstance`` raises)."""

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        raise RuntimeError("working outside of the request context")


def test_a_batch_item_whose_kind_cannot_be_asked_is_refused_in_words() -> None:
    """``replay`` against a batch holding an object of the caller's whose own code raises
    when its kind is asked (a lazy proxy): a typed :class:`~callrules.ArgumentError` naming
    it in words, never the caller's own error raised through the library (reread76: the
    caller's ``RuntimeError``, where ``evaluate_many`` gives that record its problem)."""
    call = callrules.calls.load("cnrs-amsud-2026")
    app = eligible_dict()
    batch = [app, _Unbound()]
    items = callrules.evaluate_many(call, batch, now=NOW, progress=False)
    assert len(items) == 2 and items[1].report is None
    record = callrules.decision_record(call, app, now=NOW, report=items[0].report)
    with pytest.raises(callrules.ArgumentError) as refused:
        callrules.replay(record, call, batch=batch)
    assert "_Unbound" in str(refused.value) and refused.value.words is not None
