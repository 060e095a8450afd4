"""Lines switching between UTF-8 and UTF-16 (a file appended to in turn by a UTF-8 tool and by
Windows PowerShell 5.1's ``>>``): read in time linear in their number.

The attacker's eighteenth pass found such text first killed the batch (Python's recursion
limit, G0), then, once the readers handed the rest on in turn, each piece passed through one
more ``chain`` for each change of encoding before it (G11): 1 MB of small records took 91 s,
doubling the input took four times as long. Each case is read from standard input in a fresh
process; records in and results out are asserted equal and the times printed beside their
target (the script exits 1 if one is missed).

Run: python benchmarks/encoding_switches.py
"""

from __future__ import annotations

import subprocess
import sys
import time

#: (pairs of a UTF-8 line and a UTF-16LE line without a mark, seconds at most)
CASES = [(10_000, 5.0), (20_000, 8.0), (41_666, 15.0)]
READ = ("import sys, callrules\n"
        "print(sum(1 for _ in callrules.records('-', stdin=sys.stdin.buffer)))\n")


def main() -> int:
    right = True
    for pairs, seconds in CASES:
        data = (b'{"a":1}\n' + '{"a":1}\n'.encode("utf-16-le")) * pairs
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-c", READ], input=data, capture_output=True,
                             check=True)
        took = time.perf_counter() - start
        results = int(run.stdout)
        good = results == 2 * pairs and took < seconds
        right = right and good
        print(f"{len(data) / 1e6:4.2f} MB, {2 * pairs:6} records: {results:6} results, "
              f"{took:5.2f} s (target < {seconds:.0f} s) {'ok' if good else 'MISSED'}")
    return 0 if right else 1


if __name__ == "__main__":
    sys.exit(main())
