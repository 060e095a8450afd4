"""Replaying one decision record that holds many batch findings: the time grows with the
findings linearly, never with their square.

A record is made for an application listing 1,000 visitors, every one listed before by an
earlier application of the batch, under K identical ``unique`` rules on the visitors'
e-mails: K x 1,000 batch findings (a list holds at most 1,000 items; the rules multiply the
findings). It is replayed against the call amended:

- ``alike``: one more rule alike (a warning): what it finds is told from the record;
- ``moved``: the rules moved to another clause: their findings are said moved;
- ``moved-batch``: the same, the batch given (the findings worked out again, then paired);
- ``clauses``: a record edited and sealed again (a digest, not a signature: anyone can seal
  a record of their making), its findings naming as many clauses the call does not have, and
  its rules then one of each: one rule, 1,000 visitors, the findings repeated over the
  clauses.

Timed: the replay whole (wall-clock and processor time: the machine may be shared), and within
it the pairing of findings (``_derived``, ``_moved_in``, processor time). Target: linear, the
processor time per 1,000 findings at the largest size within 2x of that at the smallest (a
quadratic pass makes it grow with the size: 32x from 1,000 to 32,000).

    python benchmarks/replay_batch_findings.py                     # 1k to 32k, every kind
    python benchmarks/replay_batch_findings.py --sizes 1000,8000 --kinds alike,clauses
"""

from __future__ import annotations

import argparse
import copy
import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import callrules
from callrules import _record
from callrules._seal import seal
from callrules.language.unique import identifier

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 5, 30, 8, tzinfo=UTC)
VISITORS = 1000
KINDS = ("alike", "moved", "moved-batch", "clauses")


def call(rules: list[tuple[str, str]]) -> callrules.Call:
    """The bundled CNRS call with ``rules`` alone: ``unique`` on the visitors' e-mails, each
    (clause, severity)."""
    text = (ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8")
    data = callrules.Call.from_text(text).definition.model_dump(by_alias=True,
                                                                exclude_none=True)
    data["rules"] = [{"clause": clause, "severity": severity,
                      "check": {"op": "unique", "path": "visitors.person.email"}}
                     for clause, severity in rules]
    return callrules.Call.from_dict(data)


def batch() -> list[dict[str, Any]]:
    """Two applications listing the same 1,000 visitors: the second's are duplicates."""
    base = json.loads((ROOT / "examples/eligible.json").read_text("utf-8"))
    first = copy.deepcopy(base)
    model = first["visitors"][0]
    first["visitors"] = []
    for i in range(VISITORS):
        visitor = copy.deepcopy(model)
        visitor["person"]["email"], visitor["id"] = f"v{i}@x.org", f"v{i}"
        first["visitors"].append(visitor)
    second = copy.deepcopy(first)
    second["id"] = "P1"
    return [first, second]


def record(was: callrules.Call, apps: list[dict[str, Any]]) -> dict[str, Any]:
    then = callrules.evaluate_many(was, apps, now=NOW, progress=False)
    return callrules.decision_record(was, apps[1], now=NOW, report=then[1].report)


def with_clauses(made: dict[str, Any], now: callrules.Call, n: int) -> dict[str, Any]:
    """``made`` (one rule's 1,000 findings) edited: ``n`` findings, the first under its own
    clause, each other under a clause of its own that no call has, the rules then one of each
    clause; sealed again."""
    rule = now.batch_rules[0]
    out = copy.deepcopy(made)
    found = out["batch"]
    clauses = [rule.clause, *(f"c{i}" for i in range(1, n))]
    out["batch"] = [{**found[i % len(found)], "clause": clause}
                    for i, clause in enumerate(clauses)]
    out["verdict"]["findings"] = copy.deepcopy(out["batch"])
    out["batch_rules"] = sorted({identifier(clause, rule.loc, rule.items, rule.ordered_by,
                                            rule.case_insensitive) for clause in clauses})
    out.pop("record_digest")
    out["record_digest"] = seal(out)
    return out


def timed(name: str, spent: dict[str, float]) -> None:
    """Time :mod:`callrules._record`'s ``name`` into ``spent`` (absent: nothing)."""
    inner = getattr(_record, name, None)
    if inner is None:
        return

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.process_time() - start

    setattr(_record, name, wrapper)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,2000,4000,8000,16000,32000")
    parser.add_argument("--kinds", default=",".join(KINDS))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    kinds = args.kinds.split(",")
    spent: dict[str, float] = {}
    for name in ("_derived", "_moved_in"):
        timed(name, spent)
    apps = batch()
    print(f"{'kind':<12} {'findings':>8} {'outcome':<13} {'wall':>9} {'processor':>9} "
          f"{'pairing':>9} {'per 1,000':>10}")
    for kind in kinds:
        per: list[float] = []
        for n in sizes:
            rules = max(1, n // VISITORS)
            if kind == "clauses":
                was, now = call([("host", "error")]), call([("host", "error"),
                                                            ("host", "warning")])
                made = with_clauses(record(was, apps), now, n)
            else:
                was = call([("host", "error")] * rules)
                now = call([("host", "error")] * rules + [("host", "warning")]
                           if kind == "alike" else [("country", "error")] * rules)
                made = record(was, apps)
            spent.clear()
            start, cpu = time.perf_counter(), time.process_time()
            replay = callrules.replay(made, now, batch=apps if kind == "moved-batch" else None)
            took, cpu = time.perf_counter() - start, time.process_time() - cpu
            pairing = sum(spent.values())
            per.append(cpu / len(made["batch"]) * 1000)
            print(f"{kind:<12} {len(made['batch']):>8,} {replay.outcome:<13} {took:>8.2f}s "
                  f"{cpu:>8.2f}s {pairing:>8.2f}s {per[-1]:>9.3f}s", flush=True)
        ratio = per[-1] / per[0]
        print(f"{kind:<12} processor time per 1,000 findings, largest / smallest: {ratio:.1f}x "
              f"(target: at most 2x) {'MET' if ratio <= 2 else 'MISSED'}", flush=True)


if __name__ == "__main__":
    main()
