"""A plan's work: plan lines each the sum of many differently filtered sums of the budget's
10,000 lines in ten currencies (attack 35b), for each of 1,000 visitors.

The planner works its lines out once, then again on each proposal (the lines read the
budget): each filtered sum converted every line again, each time, and traced each
conversion for a finding no one reads. Target (``docs/inputs.md``): a plan, the check of its
proposal included, within two evaluations at the bound (about 20 s of CPU), its memory
under twice ``check``'s on the same files. Each case runs in a process of its own (its peak
memory its own).

    PYTHONPATH=src python benchmarks/plan_work.py            # about a minute
    PYTHONPATH=src python benchmarks/plan_work.py --case 220x1
"""

from __future__ import annotations

import argparse
import copy
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import work_bound  # the benchmarks' own application of ten currencies

import callrules

#: sums for each line × lines for each visitor (attack 35b: 220 × 1, the most that loads,
#: and 20 × 10).
CASES = ("40x1", "100x1", "220x1", "20x10")
TARGET_SECONDS = 20.0


def call(sums: int, lines: int) -> callrules.Call:
    """``lines`` plan lines for each visitor, each the sum of ``sums`` sums of
    ``$root.budget.lines`` filtered each on its own, and a rule capping the total."""
    data: dict[str, Any] = copy.deepcopy(work_bound.BASE)
    data["parameters"] = {"cap": {"amount": "1000000.00", "currency": "EUR"}}
    data["labels"] = {"parameters": {"cap": {"en": "Cap"}}}
    data["rules"] = [{"clause": "c", "check": {"op": "total", "path": "budget.lines",
                                               "of": "amount", "max": {"param": "cap"}}}]
    terms = [{"sum": "$root.budget.lines", "of": "amount", "where": {
        "op": "compare", "path": "beneficiary", "cmp": "!=", "to": f"x{i}"}}
        for i in range(sums)]
    amount = {"plus": [{"plus": terms[i:i + 20]} for i in range(0, sums, 20)]} \
        if sums > 20 else {"plus": terms}
    categories = ["meals", "lodging", "transport"]
    data["plan"] = {"cap": {"param": "cap"}, "clause": "c",
                    "trim": categories[:max(1, min(3, lines))],
                    "lines": [{"id": f"l{i}", "category": categories[i % 3],
                               "each": "visitors", "amount": amount,
                               "label": {"en": "L %(amount)s"}} for i in range(lines)]}
    return callrules.Call.from_dict(data)


def one(case: str) -> None:
    sums, lines = (int(n) for n in case.split("x"))
    app = work_bound.ten_currencies()
    planned = call(sums, lines)
    start = time.process_time()
    callrules.evaluate(planned, app)
    check = time.process_time() - start
    start = time.process_time()
    callrules.plan(planned, app)
    spent = time.process_time() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"| {sums} sums × {lines} line(s) a visitor | {spent:.2f} s "
          f"({'ok' if spent <= TARGET_SECONDS else 'OVER'}) | {check:.2f} s | "
          f"{peak} MB (check and plan) |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=CASES)
    args = parser.parse_args()
    if args.case:
        one(args.case)
        return
    print(f"| case | plan CPU (target {TARGET_SECONDS:.0f} s) | check CPU | peak memory |")
    print("|---|---|---|---|")
    for case in CASES:
        subprocess.run([sys.executable, __file__, "--case", case], check=True)


if __name__ == "__main__":
    main()
