"""The cost of Dask's graph for a batch in memory (``callrules.distributed.evaluate_dask``)
beside one machine's ``evaluate_many``, run in turn on the same records: many small
partitions (the graph's tasks a partition), and many records (building the Bag before
anything runs). The records are the bundled eligible application, half of them sharing
one host (the call's ``unique`` rule: the shuffle carries them).

Targets: the verdicts and error codes of every record equal to ``evaluate_many``'s (N in,
N out); at most 30 tasks a partition (62 before); building the Bag under 1 s a 10,000
records in memory (Dask's ``tokenize`` of every record: 20,000 took 70 s, att82).

    python benchmarks/dask_partitions.py [RECORDS] [PARTITIONS …]   (2000; 20 500 2000)
    python benchmarks/dask_partitions.py --build [RECORDS …]   (1000 4000 20000)

Session 55 (2 cores shared with other work; base → dsk75, 2,000 records, run in turn):
500 partitions 26,074 → 5,022 tasks, compute 16.0-17.8 s → 5.4-6.5 s (evaluate_many
1.3-3.0 s); 2,000 partitions 124,289 → 20,479 tasks; the Bag of 4,000 records in memory
built in 5.7-6.6 s → 0.15 s. Verdicts equal in every run.
"""

from __future__ import annotations

import copy
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import callrules
from callrules.distributed import evaluate_dask

NOW = datetime(2026, 6, 2, tzinfo=UTC)
ROOT = Path(__file__).resolve().parent.parent
TASKS_A_PARTITION = 30
BUILD_SECONDS_A_10000 = 1.0


def batch(count: int) -> list[dict[str, Any]]:
    """``count`` eligible applications, every other one with a host of its own."""
    base = json.loads((ROOT / "examples" / "eligible.json").read_text("utf-8"))
    out = []
    for number in range(count):
        record = copy.deepcopy(base)
        record["id"] = f"A-{number}"
        if number % 2:
            record["host"]["person"]["email"] = f"h{number}@ipgp.fr"
        out.append(record)
    return out


def said(items: Any) -> list[tuple[bool | None, tuple[str, ...]]]:
    """Each item's verdict and error codes, in order."""
    return [(item.report.eligible, tuple(sorted(f.code for f in item.report.errors)))
            if item.report else (None, ("input",)) for item in items]


def partitions(count: int, sizes: list[int]) -> None:
    call = callrules.calls.load("cnrs-amsud-2026")
    records = batch(count)
    for size in sizes:  # (one machine, then Dask, in turn: the machine's load shared)
        started = time.perf_counter()
        many = list(callrules.evaluate_many(call, records, now=NOW, progress=False))
        alone = time.perf_counter() - started
        started = time.perf_counter()
        bag = evaluate_dask(call, records, now=NOW, npartitions=size)
        built = time.perf_counter() - started
        tasks = len(dict(bag.__dask_graph__()))
        started = time.perf_counter()
        items = bag.compute(scheduler="sync")
        computed = time.perf_counter() - started
        same = said(items) == said(many) and len(items) == len(records)
        print(f"{count} records, {bag.npartitions} partitions: {tasks} tasks "
              f"({tasks / bag.npartitions:.1f} a partition, target ≤ {TASKS_A_PARTITION}); "
              f"build {built:.1f} s; compute {computed:.1f} s; evaluate_many {alone:.1f} s; "
              f"verdicts equal: {same}")


def build(counts: list[int]) -> None:
    for count in counts:
        records = batch(count)
        started = time.perf_counter()
        evaluate_dask("cnrs-amsud-2026", records, now=NOW)
        took = time.perf_counter() - started
        print(f"{count} records in memory: Bag built in {took:.2f} s (target ≤ "
              f"{BUILD_SECONDS_A_10000 * max(1, count / 10000):.1f} s)")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments[:1] == ["--build"]:
        build([int(a) for a in arguments[1:]] or [1000, 4000, 20000])
    else:
        numbers = [int(a) for a in arguments]
        partitions(numbers[0] if numbers else 2000, numbers[1:] or [20, 500, 2000])
