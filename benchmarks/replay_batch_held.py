"""Replaying the records of a batch against that batch: the time per record stays flat as the
batch grows, however the batch is given.

A batch of N applications to the bundled CNRS call (one application per host: every host
twice, so its ``unique`` rule finds duplicates) is checked and a decision record made for
each, and written as a JSON Lines file. A sample of the records is then replayed against the
batch, in the same run, on the same data, the ways interleaved block by block (each way in
turn, so that a noisy machine slows them alike; a block is a way's pass over the whole
sample, since one batch is held at a time, and the order turns at each round):

- the command line's way (the records of the file, each a JSON text, ``callrules.records``);
- JSON texts;
- mappings;
- what a user would write instead: a hand-written loop reading each line with
  ``json.loads``, giving the mappings (its reading of the file counted in its first record);
- replay without ``--batch`` (what a user can do without one: it reads no batch, and says
  "cannot tell" where the batch decides, so its verdicts are not compared).

The verdicts of the four ways with the batch are asserted equal, record by record, and equal
to the batch's own check ("same" for each). The first record reads and checks the batch
(held for the next ones); the time per record is that of the next ones, with its ratio to
the hand-written loop's.

Before session 54, a batch of texts made each record read (parse) every application of the
batch again, to find its own: 136 ms a record at 500, 538 ms at 2,000, about 2.7 s at 10,000
(att78), against 1 ms for mappings. Target: for every way, the processor time per record at
the largest size within 2x of that at the smallest (a pass over the batch for each record
makes it grow with N: 20x from 500 to 10,000), and within 2x of the hand-written loop's at
each size. Growth needs two sizes at least: with one, it is not measured.

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


WAYS = ("the command line's (a file's records)", "JSON texts", "mappings",
        "hand-written json.loads, mappings", "no batch")


def given_as(way: str, file: Path, apps: list[dict[str, Any]]) -> Any:
    """The batch as ``way`` gives it (None: no batch)."""
    if way == WAYS[0]:
        return tuple(callrules.records(file))
    if way == WAYS[1]:
        return tuple(json.dumps(app) for app in apps)
    if way == WAYS[2]:
        return list(apps)
    if way == WAYS[3]:
        with file.open(encoding="utf-8") as lines:
            return [json.loads(line) for line in lines]
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,1000,2000,10000")
    parser.add_argument("--sample", type=int, default=40, help="records replayed per size")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the ways in turn")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    call = callrules.calls.load("cnrs-amsud-2026")
    per: dict[str, list[float]] = {way: [] for way in WAYS}
    print(f"{'batch':>7}  {'given as':<36} {'first':>8} {'per record':>11} {'vs loop':>8}")
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
            first = dict.fromkeys(WAYS, 0.0)
            spent = dict.fromkeys(WAYS, 0.0)
            outcomes: dict[str, list[str]] = {}
            for round_ in range(args.rounds):
                # (the ways in turn, each over the whole sample: one batch is held at a time,
                # so a way's records run together; the order turns at each round)
                for way in WAYS[round_ % len(WAYS):] + WAYS[:round_ % len(WAYS)]:
                    start = time.process_time()  # (the first: the batch read and checked)
                    given = given_as(way, file, apps)
                    said: list[str] = [callrules.replay(made[0], call, batch=given).outcome]
                    first[way] += (time.process_time() - start) / args.rounds
                    start = time.process_time()
                    said += [callrules.replay(m, call, batch=given).outcome for m in made[1:]]
                    spent[way] += (time.process_time() - start) / args.rounds
                    assert outcomes.setdefault(way, said) == said, (n, way)
            for way in WAYS[:4]:
                assert outcomes[way] == ["same"] * len(made), (n, way, outcomes[way])
            by_hand = spent[WAYS[3]]
            for way in WAYS:
                each = spent[way] / max(1, len(made) - 1)
                per[way].append(each)
                print(f"{n:>7,}  {way:<36} {first[way]:>7.2f}s {each * 1000:>8.1f} ms "
                      f"{spent[way] / by_hand if by_hand else 0:>7.1f}x", flush=True)
            print(f"{n:>7,}  verdicts of the ways with the batch: equal, {len(made)} \"same\"; "
                  f"without: {', '.join(sorted(set(outcomes[WAYS[4]])))}")
    loop = per[WAYS[3]]
    for way in WAYS[:3]:
        worst = max(mine / theirs for mine, theirs in zip(per[way], loop, strict=True))
        print(f"{way}: processor time per record against the hand-written loop's, at worst "
              f"{worst:.1f}x (target: at most 2x) {'MET' if worst <= 2 else 'MISSED'}")
    for way in WAYS:
        if len(sizes) < 2:
            print(f"{way}: one size, growth with the batch not measured")
            continue
        ratio = per[way][-1] / per[way][0]
        print(f"{way}: processor time per record, largest / smallest batch: {ratio:.1f}x "
              f"(target: at most 2x) {'MET' if ratio <= 2 else 'MISSED'}")


if __name__ == "__main__":
    main()
