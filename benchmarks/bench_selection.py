#!/usr/bin/env python
"""Benchmark of a selection (not part of the test suite): ``callrules.select`` on a panel of
N applications to the CNRS call, three reviewers each scoring the three criteria, beside
``callrules.evaluate_many`` alone on the same batch (the eligibility step ``select`` includes)
and a hand-written ranking of the same scores (mean per criterion rounded to the cent, sum,
ties by criteria then submission then id, the envelope spent in order), whose funded ids must
equal the library's. Blocks are interleaved so that a noisy machine slows each alike; the
figures are medians over the blocks.

    python benchmarks/bench_selection.py            # N = 2,000, 5 blocks
    python benchmarks/bench_selection.py --n 500 --blocks 3
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import statistics
import time
from collections import defaultdict
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

import callrules

ROOT = Path(__file__).resolve().parent.parent
CRITERIA = ("fit", "cooperation", "durability")
#: Target: the selection costs at most twice the eligibility check it includes.
TARGET_RATIO = 2.0


def panel(n: int) -> tuple[list[dict[str, Any]], list[dict[str, object]]]:
    """N eligible applications (own hosts, amounts 500 to 3,100 €) and 9 scores each."""
    rng = random.Random(2026)
    base = json.loads((ROOT / "examples" / "eligible.json").read_text("utf-8"))
    apps, scores = [], []
    for number in range(n):
        app = copy.deepcopy(base)
        app["id"] = f"P-{number:05d}"
        email = f"host{number}@cnrs.fr"
        app["submitter"]["email"] = app["host"]["person"]["email"] = email
        app["submitted_at"] = f"2026-05-{1 + number % 28:02d}T10:{number % 60:02d}:00+02:00"
        app["budget"] = {"lines": [{"category": "transport", "beneficiary": "v1", "amount": {
            "amount": f"{rng.randint(500, 3100)}.00", "currency": "EUR"}}]}
        apps.append(app)
        for reviewer in ("R1", "R2", "R3"):
            for criterion in CRITERIA:
                scores.append({"application": app["id"], "reviewer": reviewer,
                               "criterion": criterion, "score": rng.randint(0, 5)})
    return apps, scores


def by_hand(apps: list[dict[str, Any]], scores: list[dict[str, object]],
            envelope: Decimal) -> list[str]:
    """The same ranking written directly over the raw input (every application eligible)."""
    given: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for s in scores:
        given[str(s["application"])][str(s["criterion"])].append(int(str(s["score"])))
    rows = []
    for app in apps:
        means = [(Decimal(sum(v)) / len(v)).quantize(Decimal("0.01"), ROUND_HALF_EVEN)
                 for v in (given[app["id"]][c] for c in CRITERIA)]
        amount = sum(Decimal(line["amount"]["amount"]) for line in app["budget"]["lines"])
        rows.append((-sum(means), *(-m for m in means),
                     callrules.parse_instant(app["submitted_at"]), app["id"], amount))
    rows.sort()
    funded, left = [], envelope
    for row in rows:
        if row[-1] > left:
            break
        funded.append(row[-2])
        left -= row[-1]
    return funded


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--blocks", type=int, default=5)
    args = parser.parse_args()
    call = callrules.calls.load("cnrs-amsud-2026")
    apps, scores = panel(args.n)
    envelope = callrules.Money(args.n * 600, "EUR")
    now = callrules.parse_instant("2026-06-15T10:00:00+02:00")
    times: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.blocks):
        start = time.perf_counter()
        batch = callrules.evaluate_many(call, apps, now=now)
        times["evaluate_many"].append(time.perf_counter() - start)
        start = time.perf_counter()
        selection = callrules.select(call, apps, scores, envelope=envelope, now=now)
        times["select"].append(time.perf_counter() - start)
        start = time.perf_counter()
        funded = by_hand(apps, scores, envelope.amount)
        times["by hand"].append(time.perf_counter() - start)
        assert batch.all_eligible
        assert [e.application_id for e in selection.funded] == funded, "verdicts differ"
    median = {k: statistics.median(v) for k, v in times.items()}
    print(f"panel: {args.n} applications, {len(scores)} scores, {args.blocks} blocks "
          f"(medians); funded ids equal to the hand-written ranking's")
    for name, seconds in median.items():
        print(f"  {name:14} {seconds * 1000:9.1f} ms  {args.n / seconds:9,.0f} applications/s")
    ratio = median["select"] / median["evaluate_many"]
    print(f"  select / evaluate_many: {ratio:.2f} (target ≤ {TARGET_RATIO})")


if __name__ == "__main__":
    main()
