"""Lines switching between UTF-8 and UTF-16 (a file appended to in turn by a UTF-8 tool and by
Windows PowerShell 5.1's ``>>``): read in time linear in their number.

The attacker's eighteenth pass found such text first killed the batch (Python's recursion
limit, G0), then, once the readers handed the rest on in turn, each piece passed through one
more ``chain`` for each change of encoding before it (G11): 1 MB of small records took 91 s,
doubling the input took four times as long. Each case is read from standard input in a fresh
process; records in and results out are asserted equal and the times printed beside their
target (the script exits 1 if one is missed).

Run: python benchmarks/encoding_switches.py

``--one-byte-ends``: lines of UTF-8 records with a UTF-16LE line of text (no record) every
second line, ended by a line feed of one byte (read66's ``perf2.py``); 8,000 to 64,000 lines,
the CPU time of each printed beside its share of the smallest's, times the lines (target:
linear, at most twice that share). Session 53 (enc73): 32,000 lines 6.53 -> 1.51 s, 64,000
33.1 -> 18.9 s, superlinear still past 32,000 (the script exits 1). Those lines' records are
lost past 16 KiB (a line of text every second line: left, as on main): in this mode the
records in and results out are NOT asserted equal (2 results for 4,000 to 32,000 records),
only the time is measured.
"""

from __future__ import annotations

import subprocess
import sys
import time

#: (pairs of a UTF-8 line and a UTF-16LE line without a mark, seconds at most)
CASES = [(10_000, 5.0), (20_000, 8.0), (41_666, 15.0)]
READ = ("import sys, callrules\n"
        "print(sum(1 for _ in callrules.records('-', stdin=sys.stdin.buffer)))\n")


ONE_BYTE_ENDS = (8_000, 16_000, 32_000, 64_000)
READ_TIMED = ("import sys, time, callrules\n"
              "start = time.process_time()\n"
              "count = sum(1 for _ in callrules.records('-', stdin=sys.stdin.buffer))\n"
              "print(count, time.process_time() - start)\n")


def one_byte_ends() -> int:
    """UTF-16 lines ended by one byte among UTF-8 records: CPU time against line count."""
    right, first = True, None
    for lines in ONE_BYTE_ENDS:
        record = '{"id": "A", "call": "cnrs-amsud-2026", "note": "S\u00e3o"}\n'.encode()
        data = (record + "hello S\u00e3o".encode("utf-16-le") + b"\n") * (lines // 2)
        run = subprocess.run([sys.executable, "-c", READ_TIMED], input=data,
                             capture_output=True, check=True)
        results, took = run.stdout.split()
        first = first or float(took) / lines
        target = 2 * first * lines
        good = float(took) <= target
        right = right and good
        print(f"{lines:6} lines: {int(results):6} results, {float(took):6.2f} s CPU "
              f"(linear target < {target:5.2f} s) {'ok' if good else 'MISSED'}")
    return 0 if right else 1


def main() -> int:
    if "--one-byte-ends" in sys.argv[1:]:
        return one_byte_ends()
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
