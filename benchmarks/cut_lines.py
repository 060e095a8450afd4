"""JSON Lines whose every line was cut at one width: read in time linear in their size.

The attacker's twenty-seventh pass (F1) found lines all cut at one width (a terminal's
``less -S``, ``cut -c1-N``, a log system's line limit) read in time far above linear: each
such line opened a run of lines of its width and read ahead through every later one, testing
the joined text again at each line starting a value, and the next line started again (200
lines of 200 characters, 50 KB: 2.9 s; 201 KB: 72 s; 402 KB: 370 s; lines cut at 1,000
characters, 800 lines: 56 s; records each missing their last brace, 1.7 MB: 304 s); a
pretty-printed array whose lines are all cut at 30 characters (``less -S``, session 29) is
read the same way, a record a line of the figures. Each
case is read by ``callrules.records`` from a file in a fresh process (CPU seconds of the
read, import and a first read of one line excluded), at 1 and 16 times its size; the time
per line at 16 times is printed beside its target, at most 2 times the time per line at 1
time, and the script exits 1 if one is missed. The counts are asserted: as many results as
lines. Figures (2 shared cores): 0.24 → 0.27, 0.79 → 0.80, 1.45 → 1.65 and 1.39 → 1.89 ms
a line (1.13, 1.02, 1.14, 1.36 times); the pretty-printed array cut, 3.25 → 2.74 ms a
record (0.84 times; session 29, the other four 0.90 to 1.22 times).

Run: python benchmarks/cut_lines.py [--scale F]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Reads a file, prints the CPU seconds of the read and the number of results (after a
#: read of one short line, so that what the first read loads is not counted).
TIMED = ("import io, json, sys, time, callrules\n"
         "list(callrules.records('-', stdin=io.BytesIO(open(sys.argv[1], 'rb').readline())))\n"
         "start = time.process_time()\n"
         "count = sum(1 for _ in callrules.records(sys.argv[1]))\n"
         "print(json.dumps([time.process_time() - start, count]))\n")


def lines(kind: str, count: int) -> bytes:
    """``count`` records of the example, each damaged as ``kind`` says, one a line (or
    pretty-printed in an array, every line cut)."""
    example = json.loads((ROOT / "examples" / "eligible.json").read_text(encoding="utf-8"))
    if kind.startswith("pretty cut at "):  # (a pretty-printed array, every line cut)
        width = int(kind.removeprefix("pretty cut at "))
        text = json.dumps([{**example, "id": f"AMSUD-2026-{number:05d}"} for number in range(
            count)], ensure_ascii=False, indent=4)
        return ("\n".join(line[:width] for line in text.split("\n")) + "\n").encode()
    out = []
    for number in range(count):
        text = json.dumps({**example, "id": f"AMSUD-2026-{number:05d}"}, ensure_ascii=False)
        if kind.startswith("cut at "):
            text = text[:int(kind.removeprefix("cut at "))]
        elif kind == "last brace lost":
            text = text[:-1]
        else:  # (cut just after a colon: each line a valid start of the next, nesting)
            text = text[:text.index('"host": ') + len('"host": ')]
        out.append(text)
    return ("\n".join(out) + "\n").encode()


#: (name, kind of line, lines at 1 time)
CASES = [("terminal copy, 200 characters (50 KB)", "cut at 200", 250),
         ("lines cut at 1,000 characters", "cut at 1000", 200),
         ("records each missing their last brace", "last brace lost", 50),
         ("records cut just after a colon", "after a colon", 100),
         ("pretty-printed array, lines cut at 30 characters", "pretty cut at 30", 50)]


def timed(path: Path) -> tuple[float, int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", TIMED, str(path)], capture_output=True,
                          check=True, env=env)
    seconds, count = json.loads(done.stdout)
    return float(seconds), int(count)


def against_target(ratio: float, per: str) -> bool:
    """Says ``ratio``, the time ``per`` unit at 16 times the size over that at 1, beside its
    target (at most 2); whether it is met."""
    ok = ratio <= 2.0
    print(f"  16 times the size: {ratio:.2f} times the time {per} "
          f"(target at most 2) {'ok' if ok else 'MISSED'}", flush=True)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    missed = 0
    with tempfile.TemporaryDirectory() as folder:
        for name, kind, count in CASES:
            per_line = []
            for times in (1, 16):
                n = max(2, int(count * args.scale)) * times
                path = Path(folder) / "batch.jsonl"
                path.write_bytes(lines(kind, n))
                seconds, results = timed(path)
                assert results == n, (name, n, results)
                per_line.append(seconds / n)
                print(f"{name}: {n:6} lines, {path.stat().st_size / 1e6:5.2f} MB, "
                      f"{seconds:6.2f} s, {seconds / n * 1e3:.3f} ms a line", flush=True)
            missed += not against_target(per_line[1] / per_line[0], "a line")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
