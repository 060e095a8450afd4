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
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from types import FrameType
from typing import Any

import pytest

import callrules
from callrules import _record
from callrules._seal import seal
from callrules.language.unique import identifier
from tests.conftest import eligible_dict
from tests.laws import settings  # noqa: F401  (the project's hypothesis profiles)
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
    """The lines run in :mod:`callrules._record` by ``replay()``, and its outcome."""
    tally = [0]
    code = _record.__file__

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            tally[0] += 1
        return local

    def calls(frame: FrameType, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename == code else None

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
