"""Blank lines and padding before any record: read at the speed of reading them.

The attacker's eighteenth pass (G19) found the blank lines before a first record cost the
square of their number (25,000 newlines: 13.6 s on standard input, 100 KB over 100 s) and
NUL bytes likewise (800 KB: 14.6 s and 200 MB; 150 MB of `/dev/zero` killed at 60 s, where
docs/reference/inputs.md promises it stops after its 128 MiB of whitespace in a few seconds).
Each case is read from standard input in a fresh process; the figures are printed beside
their targets (wall time and peak memory), and the script exits 1 if one is missed.

Run: python benchmarks/blank_starts.py
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time

#: (name, bytes, seconds at most, MiB of peak memory at most)
CASES = [
    ("100,000 newlines", b"\n" * 100_000, 2.0, 200),
    ("800 KB of NUL bytes", b"\x00" * 800_000, 2.0, 200),
    ("8 MB of form feeds then a line end", b"\x0c" * 8_000_000 + b"\n", 3.0, 300),
    ("150 MB of NUL bytes (/dev/zero)", b"\x00" * 150_000_000, 10.0, 300),
]
READ = ("import sys, callrules\n"
        "for _ in callrules.records('-', stdin=sys.stdin.buffer): pass\n")


def main() -> int:
    right = True
    for name, data, seconds, mib in CASES:
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-c", READ], input=data, capture_output=True)
        took = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        good = took < seconds and peak < mib and b"Traceback" not in run.stderr
        right = right and good
        print(f"{name:38} {took:6.2f} s (target < {seconds:.0f} s), peak of the largest "
              f"reader so far {peak:5.0f} MiB (target < {mib} MiB) {'ok' if good else 'MISSED'}")
    return 0 if right else 1


if __name__ == "__main__":
    sys.exit(main())
