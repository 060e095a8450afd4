"""Replaying the records of a batch against that batch: the time per record stays flat as the
batch grows, however the batch is given.

A batch of N applications to the bundled CNRS call (one application per host: every host
twice, so its ``unique`` rule finds duplicates) is checked and a decision record made for
each. A sample of the records is then replayed one after another against the batch, given
as ``callrules replay --batch`` gives it (the records of a JSON Lines file, each a JSON
text), as JSON texts, and as mappings. The first record reads and checks the batch (held
for the next ones); the time per record is that of the next ones.

Before session 54, a batch of texts made each record read (parse) every application of the
batch again, to find its own: 136 ms a record at 500, 538 ms at 2,000, about 2.7 s at 10,000
(att78), against 1 ms for mappings. Target: the processor time per record at the largest
size within 2x of that at the smallest, for every way (a pass over the batch for each record
makes it grow with N: 20x from 500 to 10,000).

    python benchmarks/replay_batch_held.py                          # 500 to 10,000
    python benchmarks/replay_batch_held.py --sizes 500,2000 --sample 20
"""

from __future__ import annotations

import argparse
import copy
import json
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import callrules

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 5, 30, 8, tzinfo=UTC)


def batch(n: int) -> list[dict[str, Any]]:
    """``n`` applications, each host's e-mail that of two of them."""
    base = json.loads((ROOT / "examples/eligible.json").read_text("utf-8"))
    apps = []
    for i in range(n):
        app = copy.deepcopy(base)
        app["id"] = f"A{i}"
        app["host"]["person"]["email"] = f"h{i // 2}@cnrs.fr"
        apps.append(app)
    return apps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,1000,2000,10000")
    parser.add_argument("--sample", type=int, default=40, help="records replayed per size")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    call = callrules.calls.load("cnrs-amsud-2026")
    ways = ("the command line's (a file's records)", "JSON texts", "mappings")
    per: dict[str, list[float]] = {way: [] for way in ways}
    print(f"{'batch':>7}  {'given as':<38} {'outcomes':<12} {'first':>8} {'per record':>11}")
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            apps = batch(n)
            checked = callrules.evaluate_many(call, apps, now=NOW, progress=False)
            step = max(1, n // args.sample)
            made = [callrules.decision_record(call, apps[i], now=NOW,
                                              report=checked[i].report)
                    for i in range(0, n, step)][:args.sample]
            file = Path(folder) / f"batch_{n}.jsonl"
            file.write_text("".join(json.dumps(app) + "\n" for app in apps), "utf-8")
            for way in ways:
                given: Any = (tuple(callrules.records(file)) if way == ways[0] else
                              tuple(json.dumps(app) for app in apps) if way == ways[1]
                              else list(apps))
                start = time.process_time()
                outcomes = {callrules.replay(made[0], call, batch=given).outcome}
                first = time.process_time() - start
                start = time.process_time()
                outcomes |= {callrules.replay(m, call, batch=given).outcome for m in made[1:]}
                each = (time.process_time() - start) / max(1, len(made) - 1)
                per[way].append(each)
                print(f"{n:>7,}  {way:<38} {','.join(sorted(outcomes)):<12} {first:>7.2f}s "
                      f"{each * 1000:>8.1f} ms", flush=True)
    for way in ways:
        ratio = per[way][-1] / per[way][0]
        print(f"{way}: processor time per record, largest / smallest batch: {ratio:.1f}x "
              f"(target: at most 2x) {'MET' if ratio <= 2 else 'MISSED'}")


if __name__ == "__main__":
    main()
