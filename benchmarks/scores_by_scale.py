"""Scores read by their scale (``by_scale``): time linear in the score lines.

att83 (session 56, F3) found ``by_scale`` quadratic: each problem left was placed among the
rows by a pass over every row its scale had read (a sheet of N lines ``"4,000"``, read 4 on
the CNRS scale of 0 to 5, and N lines ``"abc"``: 2,000 lines 0.17 s, 8,000 1.54 s, 32,000
39.3 s). ``by_scale`` now makes one pass over the lines, the problems sorted once by their
places. Each case is a sheet made in memory (``scores_from``, not timed); the CPU seconds of
``by_scale`` alone (best of 3) are printed at 2,000, 8,000, 32,000 and 128,000 lines, with
the time per line at 128,000 beside its target (at most 2 times the time per line at
8,000: a quadratic pass is 16 times); the script exits 1 if one is missed. The cases:
att83's (``"4,000"`` and ``"abc"``), and points (``"3.500"``, read 3500 on a scale of 1,000
to 10,000, with ``"abc"``). Figures (2 shared cores, session 56): in the quality notes.

Run: python benchmarks/scores_by_scale.py [--most N]
"""

from __future__ import annotations

import argparse
import copy
import sys
import time
import tomllib
from pathlib import Path

import callrules
from callrules.selection.criteria import SelectionRules, selection_rules
from callrules.selection.scores import by_scale, scores_from

ROOT = Path(__file__).resolve().parent.parent


def rules(low: int, high: int) -> SelectionRules:
    """The CNRS call's rules, its criterion ``fit`` from ``low`` to ``high``."""
    data = tomllib.loads((ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8"))
    data = copy.deepcopy(data)
    data["criteria"][0]["scale"] = {"min": str(low), "max": str(high)}
    return selection_rules(callrules.Call.from_dict(data))


def timed(score: str, given: SelectionRules, lines: int) -> float:
    """CPU seconds of ``by_scale`` on ``lines`` lines, half ``score``, half ``"abc"``."""
    records = []
    for number in range(lines // 2):
        records.append({"application": f"A{number}", "reviewer": "R1", "criterion": "fit",
                        "score": score})
        records.append({"application": f"A{number}", "reviewer": "R2", "criterion": "fit",
                        "score": "abc"})
    sheet = scores_from(records)
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        read = by_scale(sheet, given)
        best = min(best, time.process_time() - start)
    assert len(read.rows) == lines // 2 and len(read.problems) == lines // 2
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--most", type=int, default=128_000, help="the most lines")
    most = parser.parse_args().most
    sizes = [size for size in (2_000, 8_000, 32_000, 128_000) if size <= most]
    missed = 0
    for name, score, given in (("comma (4,000 on 0-5)", "4,000", rules(0, 5)),
                               ("point (3.500 on 1,000-10,000)", "3.500", rules(1000, 10000))):
        times = {size: timed(score, given, size) for size in sizes}
        said = ", ".join(f"{size:,} lines {seconds:.3f} s" for size, seconds in times.items())
        print(f"{name}: {said}")
        if len(sizes) > 1:
            base, last = sizes[min(1, len(sizes) - 2)], sizes[-1]
            ratio = (times[last] / last) / max(times[base] / base, 1e-9)
            ok = ratio <= 2
            missed += not ok
            print(f"  time a line at {last:,} / at {base:,}: {ratio:.2f} (target <= 2) "
                  f"{'ok' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
