"""JSON wrapped by ``fold -w``: read in time linear in its size.

The attacker's thirty-first pass (F9) found folded text read in time far above linear: one
string value never closed, wrapped at 60 columns (1 MB 3.8 s, 2 MB 10.6 s, 3.9 MB 26.8 s,
5.9 MB 72.5 s through ``check``; the same text unwrapped 6.7 s), and a compact array of
small records wrapped at 60 columns (0.96 MB 13.5 s, 3.8 MB 67 s): the line joined again
grew a piece at a time, each piece copying all before it. And pretty JSON wrapped at 5
columns that lost its first 6 lines (F5: 400 records, 1.57 MB) gave 188,216 results, none
judged, in 21 s. Each case is read by ``callrules.records`` from a file in a fresh process
(CPU seconds of the read, import and a first read of one line excluded) at 1, 4 and 16
times its size; the time per MB at 16 times is printed beside its target, at most 2 times
the time per MB at 1 time, and the script exits 1 if one is missed. The counts are
asserted: one result for the string never closed, a result a record for the array, and
for the pretty records that lost their head at most one more than the records whose first
line is left. Figures (2 shared cores, session 31), seconds a MB at 1 → 16 times: 0.60 →
0.56 (string never closed, 3.9 MB 2.2 s), 1.15 → 2.11 (compact array, 1.84 times: the
nearest the target; 1.9 MB 4.1 s), 2.26 → 2.93 (pretty, head lost: 400 records, 400
results, 4.7 s). The same pretty array whole, folded at 5 (session 56): each short
line of it asked whether the next is a piece, the lines before it walked again each time
(1.2 MB 10.0 s, 2.3 MB 36.6 s from standard input); then 1.2 MB 3.7 s, 2.3 MB 6.7 s, 4.6 MB
12.9 s.

Run: python benchmarks/folded.py [--scale F]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from cut_lines import ROOT, against_target, timed  # the same timed reading, in a process of its own

WIDTH = 60


def fold(text: str, width: int) -> bytes:
    """``text`` as ``fold -w width`` gives it (in characters)."""
    out = []
    for line in text.split("\n"):
        out.extend(line[at:at + width] for at in range(0, max(len(line), 1), width))
    return ("\n".join(out) + "\n").encode()


def folded(kind: str, count: int) -> tuple[bytes, int]:
    """A text of ``kind`` ``count`` units long, folded, and the results it gives."""
    if kind == "open string":  # (one string value never closed: ``count`` lines of it)
        return fold('{"id": "APP-1", "note": "' + "a" * (WIDTH * count), WIDTH), 1
    if kind == "compact array":
        return fold("[" + ",".join(json.dumps({"id": f"A{number:05d}", "call": "c" * 30})
                                   for number in range(count)) + "]", WIDTH), count
    example = json.loads((ROOT / "examples" / "eligible.json").read_text(encoding="utf-8"))
    if kind == "compact head lost":  # (the attacker's F2big of session 32: wrapped at 80,
        text = json.dumps([{**example, "id": f"APP-{number:04d}"}  # its first line lost)
                           for number in range(count)], ensure_ascii=False)
        return b"\n".join(fold(text, 80).split(b"\n")[1:]), count
    text = json.dumps([{**example, "id": f"APP-{number:04d}"} for number in range(count)],
                      ensure_ascii=False, indent=2)
    lines = fold(text, 5).split(b"\n")
    if kind == "pretty":  # (session 56: whole, read as one value in pieces)
        return b"\n".join(lines), count
    return b"\n".join(lines[6:]), count  # (its first six lines lost, up to the id's comma,
    # as the attacker's F5; a first line left starting with a digit is read otherwise: open)


#: (name, kind, units at 1 time)
CASES = [("one string never closed, folded at 60", "open string", 4000),
         ("compact array of small records, folded at 60", "compact array", 2000),
         ("pretty array folded at 5, its first 6 lines lost", "head lost", 25),
         ("compact array folded at 80, its first line lost", "compact head lost", 100),
         ("pretty array folded at 5", "pretty", 25)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    missed = 0
    with tempfile.TemporaryDirectory() as folder:
        for name, kind, count in CASES:
            per_mb = []
            for times in (1, 4, 16):
                n = max(2, int(count * args.scale)) * times
                path = Path(folder) / "batch.json"
                data, expected = folded(kind, n)
                path.write_bytes(data)
                seconds, results = timed(path)
                assert expected - 1 <= results <= expected + 1 if "head lost" in kind else (
                    results == expected), (name, n, results)
                size = len(data) / 1e6
                per_mb.append(seconds / size)
                print(f"{name}: {size:5.2f} MB, {results:6} results, {seconds:6.2f} s, "
                      f"{seconds / size:.2f} s a MB", flush=True)
            missed += not against_target(per_mb[-1] / per_mb[0], "a MB")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
