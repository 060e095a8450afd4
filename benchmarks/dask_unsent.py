"""What sending a batch in memory to Dask's worker processes costs on the client, now that
each record is pickled on its own there (to tell those that cannot be sent, and for the
worker to read each on its own: ``callrules.distributed._PartitionRecords.__reduce__``),
and that threads pay nothing.

Each measure runs in a process of its own (its peak resident memory is its own):

    python benchmarks/dask_unsent.py pickle [RECORDS]          (200000)
        the Bag of RECORDS distinct ordinary records (64 partitions, as evaluate_dask
        splits them) pickled task by task as Dask's ``processes`` scheduler sends them:
        seconds, and the peak resident memory beside the memory held before.
    python benchmarks/dask_unsent.py run SCHEDULER [RECORDS]   (sync 20000)
        evaluate_dask computed with SCHEDULER (sync, threads, processes): seconds, peak
        resident memory, and whether every verdict is evaluate_many's.

Targets: pickling takes no more memory beside the batch than before (no second copy of
the batch: at most one record's pickle and one partition's at once), at most twice the
time; ``sync`` and ``threads`` as fast as before (nothing pickled).

Run it on the base and on the change with ``PYTHONPATH=<tree>/src``.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import cloudpickle  # type: ignore[import-untyped]  # (Dask's own)

import callrules
from callrules.distributed import _in_memory, evaluate_dask

NOW = datetime(2026, 6, 2, tzinfo=UTC)
ROOT = Path(__file__).resolve().parent.parent


def records(count: int) -> list[dict]:
    """``count`` distinct ordinary records (each its own objects, as read from a file)."""
    text = (ROOT / "examples" / "eligible.json").read_text("utf-8")
    out = []
    for number in range(count):
        record = json.loads(text)
        record["host"]["person"]["email"] = f"host{number}@example.org"
        out.append(record)
    return out


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def now_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def pickled(count: int) -> None:
    batch = records(count)
    bag = _in_memory(batch, 64)
    held = now_mib()
    start = time.perf_counter()
    size = sum(len(cloudpickle.dumps(task, protocol=5)) for task in bag.dask.values())
    took = time.perf_counter() - start
    print(f"{count} records: held {held:.0f} MiB; pickled {size / 2**20:.0f} MiB in "
          f"{took:.2f} s; peak {peak_mib():.0f} MiB (+{peak_mib() - held:.0f} MiB beside "
          "the batch)")


def run(scheduler: str, count: int) -> None:
    call = callrules.calls.load("cnrs-amsud-2026")
    batch = records(count)
    held = now_mib()
    start = time.perf_counter()
    got = evaluate_dask(call, batch, now=NOW).compute(scheduler=scheduler)
    took = time.perf_counter() - start
    peak = peak_mib()
    expected = callrules.evaluate_many(call, batch, now=NOW, progress=False)
    same = [(i.index, i.report and i.report.eligible) for i in got] == [
        (i.index, i.report and i.report.eligible) for i in expected]
    print(f"{scheduler}, {count} records: {took:.2f} s; held {held:.0f} MiB, peak "
          f"{peak:.0f} MiB; verdicts equal: {same}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["pickle"]:
        pickled(int(sys.argv[2]) if len(sys.argv) > 2 else 200_000)
    else:
        run(sys.argv[2] if len(sys.argv) > 2 else "sync",
            int(sys.argv[3]) if len(sys.argv) > 3 else 20_000)
