"""Replaying the records of a batch against that batch: what the batch held costs in memory,
and what replays started together by several threads read.

A batch of N applications to the bundled CNRS call (every host twice: its ``unique`` rule
finds duplicates), as JSON texts (the command line's way of reading a JSON Lines file), and
the decision record of each. Measured in one run, on the same data:

- the bytes of the batch's readings held (its index, and the batch as the call's form reads
  it: what the first record that needs them builds, kept while the batch is held), a deep
  count of the objects, the texts apart, per application. Before session 55, digests as
  71-character strings in dictionaries: about 360 bytes an application (look74b: 36 MB a
  call at 100,000 texts, kept for each of the last 8 calls). Target: at most 24 bytes an
  application, at every size (two arrays of 8 bytes a place: 16);
- the applications read by the call's form (``Form.parse`` calls) when a sample of the
  records is replayed by one thread, and when the same records are replayed by T threads
  started together (the batch given anew: each first replay finds nothing held). Before
  session 55, each thread checked and read the whole batch (look74b: 3,678 reads with 8
  threads against 840 with one). Target: with T threads, no more reads than with one;
- the verdicts, asserted equal between the ways and to what a user would do by hand
  (``evaluate_many`` over the mappings read with ``json.loads``, each record's verdict
  compared with its application's).

    python benchmarks/replay_batch_memory.py                   # 2,000 and 10,000
    python benchmarks/replay_batch_memory.py --sizes 1000 --sample 40 --threads 4
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

import callrules
from callrules import _record
from callrules._form import Form
from callrules._held_batch import held_index

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from replay_batch_held import NOW, batch  # noqa: E402  (the same batch, the same instant)
from tests.test_replay_work import deep_size  # noqa: E402  (the size the test bounds)


class Reads:
    """``Form.parse`` counted (under a lock: threads)."""

    def __init__(self) -> None:
        self.count, self._lock, self._parse = 0, threading.Lock(), Form.parse

    def __enter__(self) -> Reads:
        parse = self._parse

        def counted(form: Form, record: Any, **given: Any) -> Any:
            with self._lock:
                self.count += 1
            return parse(form, record, **given)

        Form.parse = counted  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        Form.parse = self._parse  # type: ignore[method-assign]


def replayed(records: list[dict[str, Any]], call: callrules.Call, texts: tuple[str, ...],
             threads: int) -> tuple[list[str], int, float]:
    """``records`` replayed against ``texts`` by ``threads`` threads started together: the
    outcomes in order, the form's reads, and the seconds."""
    said: dict[int, str] = {}
    start = threading.Barrier(threads)

    def work(first: int) -> None:
        start.wait()
        for n in range(first, len(records), threads):
            said[n] = callrules.replay(records[n], call, batch=texts).outcome

    with Reads() as reads:
        began = time.perf_counter()
        workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        took = time.perf_counter() - began
    return [said[n] for n in range(len(records))], reads.count, took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2000,10000")
    parser.add_argument("--sample", type=int, default=40, help="records replayed per size")
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    call = callrules.calls.load("cnrs-amsud-2026")
    for size in map(int, args.sizes.split(",")):
        apps = batch(size)
        then = callrules.evaluate_many(call, apps, now=NOW, progress=False)
        records = [callrules.decision_record(call, app, now=NOW, report=item.report)
                   for app, item in zip(apps, then, strict=True)]
        sample = records[:: max(1, size // args.sample)][: args.sample]
        # by hand: the batch checked again, each record's verdict against its application's
        lines = [json.dumps(app) for app in apps]
        began = time.perf_counter()
        fresh = callrules.evaluate_many(call, [json.loads(line) for line in lines], now=NOW,
                                        progress=False)
        by_id = {item.report.application_id: item.report.eligible for item in fresh
                 if item.report is not None}
        by_hand = ["same" if by_id[r["input"]["id"]] is r["verdict"]["eligible"] else "changed"
                   for r in sample]
        hand = time.perf_counter() - began
        # one thread, then T threads started together, each on a batch given anew
        alone, one_reads, one_took = replayed(sample, call, tuple(lines), 1)
        many, many_reads, many_took = replayed(sample, call, tuple(lines), args.threads)
        assert alone == many == by_hand, (alone, many, by_hand)
        texts = tuple(lines)
        inputs = _record._batch_of(texts)
        callrules.replay(sample[0], call, batch=texts)
        index = held_index(inputs, lambda inputs: None)
        held = deep_size(index, {id(inputs), *map(id, inputs), id(call)})
        per = held / size
        print(f"{size:>7,} applications: readings held {held / 1e6:.2f} MB, {per:.1f} bytes an "
              f"application (target 24: {'MET' if per <= 24 else 'MISSED'}); projected at "
              f"100,000: {per * 100_000 / 1e6:.1f} MB")
        print(f"         {len(sample)} records: 1 thread {one_reads:,} reads {one_took:.1f} s; "
              f"{args.threads} threads {many_reads:,} reads {many_took:.1f} s (target: no "
              f"more: {'MET' if many_reads <= one_reads else 'MISSED'}); by hand (the batch "
              f"checked again, verdicts compared) {hand:.1f} s; verdicts equal: "
              f"{len(set(alone))} kind(s), {alone.count('same')} same")


if __name__ == "__main__":
    main()
