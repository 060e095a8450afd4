"""Blank lines and padding before any record: read at the speed of reading them.

The attacker's eighteenth pass (G19) found the blank lines before a first record cost the
square of their number (25,000 newlines: 13.6 s on standard input, 100 KB over 100 s) and
NUL bytes likewise (800 KB: 14.6 s and 200 MB; 150 MB of `/dev/zero` killed at 60 s, where
docs/reference/inputs.md promises it stops after its 128 MiB of whitespace in a few seconds).
Each case is read from standard input in a fresh process; the figures are printed beside
their targets (wall time and peak memory), and the script exits 1 if one is missed.

Run: python benchmarks/blank_starts.py

``--padding``: 128,000 lines of a byte-order mark, a NUL, a form feed, a zero-width,
no-break or ideographic space, U+2028 alone on each (before one record), or Excel's
``sep=,`` repeated above a CSV header, each read from a file in a fresh process in turn with
as many empty lines: at most 3 times their time, the results the same (attack 20a F9, F10).

``--emptied``: 40,000 lines of a spreadsheet's emptied rows (``,``, ``;``, ``, ``, ``,`` CR
LF, 80 columns of ``,``), alone from standard input and above a CSV header and its rows from
a file and standard input, each beside as many blank lines in their place: at most 2 times
their time, the same results (attack 25a F5: each such line cost 0.3 to 0.65 ms, 20,000
above a header 84 s). ``--against SRC`` reads them with other sources too.

    python benchmarks/blank_starts.py --emptied --against /work/main/src --scale 0.1

``--joined``: lines around a JSON document that cost a fixed multiple of reading them (the
twentieth round's measure, issue 16): 1 MB of ``a, b; c`` lines above it (a CSV header
repeated, no row: not records, see docs/reference/inputs.md), 2 MB of ``# c`` lines above
three JSON Lines records (one problem a line) and 200,000 blank lines between it and a CSV
file. Each is read by ``callrules.records`` from a file in a fresh process (CPU seconds of
the read, import excluded), beside its target: at most 2 times the JSON read alone plus
the same number of lines read as the rows of a CSV file (the blank lines: 2 times as many
blank lines before the JSON). ``--against SRC`` reads each case with the sources at SRC
too (main's ``src``), in turn in the same run, and asserts the results are the same (each
record's label, and its problems' types). ``--scale F`` multiplies the sizes (main took
over 60 s for the first at 1 MB).

    python benchmarks/blank_starts.py --joined --against /work/main/src --scale 0.2

``--runs``: runs of blank space at 1x, 4x and 16x a size (250 KB, 1 MB, 4 MB; ``--scale``
multiplies them), alone (spaces, tabs, a line break after them, spaces and tabs on long
lines), after and between four records, and a run of ``[``, each read from standard input
in a fresh process: CPU seconds of the read and peak memory beside their targets (issue 16,
the thirtieth round: four records and 62,500 spaces took 45.7 s, 250,000 over 200 s; a
megabyte of spaces alone peaked at 183 MB, 4 MB at 535 MB), and blank lines inside the
first record of a pretty-printed array that lost its first lines (the thirty-first round:
16,000 of them, 48 KB, 185 s: a pattern tried each run of blanks in each of its places).
Targets: at n times the size, at most 1.5 n times the time at 1x (linear, with room for the
noise), or 2 s a MB, or 0.5 s; a peak at most 12 times the input (plus 16 MiB) above an
empty read's.

    python benchmarks/blank_starts.py --runs [--only "head-lost"]

``--inside``: 16,000 to 128,000 blank lines (times ``--scale``) after a line break inside
a record: inside a string of a JSON Lines record (line feeds, CR LF, a blank on each), in
what is left of a JSON Lines record that lost its head, between two keys of pretty-printed
objects, inside a quoted CSV cell; each read from standard input and from a file named by
its format, in a fresh process (CPU seconds of the read, import excluded). Attacker 38a:
each line searched the run again from its start (128,000 lines, 134 KB: 25.3 s; a CSV cell
of 64,000 line ends 8.6 s). Targets: at n times the lines, at most 1.5 n times the time at
16,000 (linear, with room for the noise), or 0.5 s; the same results at every size. The
work, counted rather than timed, is tested in ``tests/test_blank_runs_work.py``.

    python benchmarks/blank_starts.py --inside [--only "CSV"] [--against /work/main/src]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

#: (name, bytes, seconds at most, MiB of peak memory at most)
CASES = [
    ("100,000 newlines", b"\n" * 100_000, 2.0, 200),
    ("800 KB of NUL bytes", b"\x00" * 800_000, 2.0, 200),
    ("8 MB of form feeds then a line end", b"\x0c" * 8_000_000 + b"\n", 3.0, 300),
    ("150 MB of NUL bytes (/dev/zero)", b"\x00" * 150_000_000, 10.0, 300),
]
READ = ("import sys, callrules\n"
        "for _ in callrules.records('-', stdin=sys.stdin.buffer): pass\n")


ROOT = Path(__file__).resolve().parent.parent
#: Reads a file, prints the CPU seconds of the read and each result's label and problems.
TIMED = ("import json, sys, time, callrules\n"
         "start = time.process_time()\n"
         "found = [(r.source, [p.type for p in getattr(r.data, 'problems', ())])\n"
         "         for r in callrules.records(sys.argv[1])]\n"
         "print(json.dumps([time.process_time() - start, found]))\n")


def joined_cases(scale: float, folder: Path) -> list[tuple[str, Path, list[Path]]]:
    """(name, the file, the files whose times added make its reference)."""
    document = (ROOT / "examples" / "eligible.json").read_bytes()
    line = json.dumps(json.loads(document)).encode() + b"\n"
    files: dict[str, bytes] = {}
    prose, comments, blanks = (int(n * scale) for n in (125_000, 500_000, 200_000))
    files["prose.json"] = b"a, b; c\n" * prose + document
    files["alone.json"] = document
    files["prose_rows.csv"] = b"a,b\n" + b"x,y\n" * prose
    files["comments.jsonl"] = b"# c\n" * comments + line * 3
    files["lines.jsonl"] = line * 3
    files["comment_rows.csv"] = b"a,b\n" + b"x,y\n" * comments
    files["blanks_csv.json"] = document + b"\n" * blanks + b"id,call\nX,cnrs-amsud-2026\n"
    files["blanks_first.json"] = b"\n" * blanks + document
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return [(f"{prose:,} lines of 'a, b; c' above JSON", folder / "prose.json",
             [folder / "alone.json", folder / "prose_rows.csv"]),
            (f"{comments:,} lines of '# c' above JSON Lines", folder / "comments.jsonl",
             [folder / "lines.jsonl", folder / "comment_rows.csv"]),
            (f"{blanks:,} blank lines between JSON and CSV", folder / "blanks_csv.json",
             [folder / "blanks_first.json"])]


def timed(src: str, path: Path) -> tuple[float, list[Any]]:
    run = subprocess.run([sys.executable, "-c", TIMED, str(path)], capture_output=True,
                         env={**os.environ, "PYTHONPATH": src}, check=True)
    seconds, found = json.loads(run.stdout)
    return seconds, found


def joined(scale: float, against: str | None) -> int:
    trees = [("branch", str(ROOT / "src"))] + ([("against", against)] if against else [])
    right = True
    with tempfile.TemporaryDirectory() as folder:
        for name, path, references in joined_cases(scale, Path(folder)):
            results = {}
            for label, src in trees:  # (in turn, in the same run)
                results[label] = timed(src, path)
            reference = sum(timed(str(ROOT / "src"), ref)[0] for ref in references)
            seconds, found = results["branch"]
            target = 2 * reference
            good = seconds <= target
            line = (f"{name:48} {seconds:6.2f} s (target < {target:.2f} s: 2 x "
                    f"{reference:.2f} s) {len(found)} results")
            if against:
                other, other_found = results["against"]
                same = other_found == found
                good = good and same
                line += f"; against: {other:6.2f} s, results {'the same' if same else 'DIFFER'}"
            right = right and good
            print(line, "ok" if good else "MISSED")
    return 0 if right else 1


#: Lines before a first record that a reader sees blank, or Excel's separator line repeated
#: above a CSV header (attack 20a F9, F10): each read against as many empty lines.
PADDINGS = [("a byte-order mark", b"\xef\xbb\xbf\n"), ("a NUL", b"\x00\n"),
            ("a form feed", b"\x0c\n"), ("a zero-width space", "\u200b\n".encode()),
            ("a no-break space", "\xa0\n".encode()), ("U+2028", "\u2028\n".encode()),
            ("an ideographic space", "\u3000\n".encode()), ("sep=,", b"sep=,\n")]


def padding(scale: float) -> int:
    """``--padding``: 128,000 lines (times ``scale``) of each padding before one record, read
    from a file in a fresh process in turn with as many empty lines (the same run,
    interleaved): at most 3 times their time, and the same results (the repeated separator
    lines: one ``csv_title_line`` each, the rows the same)."""
    count = int(128_000 * scale)
    record = json.dumps(json.loads((ROOT / "examples" / "eligible.json").read_bytes()))
    src = str(ROOT / "src")
    right = True
    with tempfile.TemporaryDirectory() as folder:
        for name, line in PADDINGS:
            csv = line.startswith(b"sep=")
            tail = b"id,call\nT-0,x\n" if csv else record.encode() + b"\n"
            suffix = ".csv" if csv else ".json"
            padded, blank = Path(folder) / ("padded" + suffix), Path(folder) / ("blank" + suffix)
            padded.write_bytes(line * count + tail)
            blank.write_bytes((b"sep=,\n" if csv else b"") + b"\n" * count + tail)
            seconds, found = timed(src, padded)
            reference, expected = timed(src, blank)
            if csv:
                said = [item for item in found if item[1] == ["csv_title_line"]]
                found = [item for item in found if item[1] != ["csv_title_line"]]
                same = len(said) == count - 1 and len(found) == len(expected)
            else:
                same = [f[1] for f in found] == [e[1] for e in expected]
            good = same and seconds <= 3 * max(reference, 0.05)
            right = right and good
            print(f"{count:,} lines of {name:22} {seconds:6.2f} s (target < 3 x {reference:.2f} s "
                  f"for as many empty lines), results {'the same' if same else 'DIFFER'} "
                  f"{'ok' if good else 'MISSED'}")
    return 0 if right else 1


#: Reads a file from standard input (``-``) or by its name, prints the CPU seconds of the
#: read (the readers imported before) and each result's label and problems.
TIMED_EITHER = ("import io, json, sys, time, callrules\n"
                "list(callrules.records('-', stdin=io.BytesIO(b'id,call\\nR,x\\n')))\n"
                "start = time.process_time()  # (the readers imported)\n"
                "read = callrules.records('-', stdin=open(sys.argv[2], 'rb')) \\\n"
                "    if sys.argv[1] == '-' else callrules.records(sys.argv[2])\n"
                "found = [(r.source.rsplit(':', 1)[-1],\n"
                "          [p.type for p in getattr(r.data, 'problems', ())]) for r in read]\n"
                "print(json.dumps([time.process_time() - start, found]))\n")
#: A spreadsheet's emptied rows (attack 25a F5): separators alone on each line.
EMPTIED = [("','", b",\n"), ("';'", b";\n"), ("', '", b", \n"), ("',' CR LF", b",\r\n"),
           ("80 columns of ','", b"," * 79 + b"\n")]


def emptied(scale: float, against: str | None) -> int:
    """``--emptied``: 40,000 lines (times ``scale``) of a spreadsheet's emptied rows, alone
    (no record) from standard input, and above a CSV header and its rows from a file named
    ``.csv`` and from standard input, each read in a fresh process beside as many blank
    lines in their place: at most 2 times their time, and the same results (each record's
    line and problems). ``--against SRC``: the same read with the sources at SRC too."""
    count = int(40_000 * scale)
    src = str(ROOT / "src")
    trees = [("branch", src)] + ([("against", against)] if against else [])
    header = b"id,call,note\n" + b"R1,cnrs-amsud-2026,a\nR2,cnrs-amsud-2026,b\n"
    right = True
    with tempfile.TemporaryDirectory() as folder:
        for name, line in EMPTIED:
            for shape, tail, how in (("alone", b"", "-"), ("above a header", header, "-"),
                                     ("above a header", header, "file")):
                if shape == "alone" and line != EMPTIED[0][1] and line != EMPTIED[-1][1]:
                    continue  # (alone: the shortest and the widest)
                padded, blank = Path(folder) / "emptied.csv", Path(folder) / "blank.csv"
                padded.write_bytes(line * count + tail)
                blank.write_bytes(b"\n" * count + tail)
                figures = {}
                for label, tree in trees:
                    figures[label] = _timed_either(tree, how, padded)
                reference, expected = _timed_either(src, how, blank)
                seconds, found = figures["branch"]
                same = found == expected
                good = same and seconds <= 2 * max(reference, 0.05)
                way = "standard input" if how == "-" else "a file"
                text = (f"{count:,} lines of {name:18} {shape:14} ({way:14}) {seconds:6.2f} s "
                        f"(target < 2 x {reference:.2f} s for as many blank lines), results "
                        f"{'the same' if same else 'DIFFER'}")
                if against:
                    other, other_found = figures["against"]
                    text += (f"; against: {other:6.2f} s, "
                             f"{sum(1 for item in other_found if item[1])} problems")
                right = right and good
                print(text, "ok" if good else "MISSED", flush=True)
    return 0 if right else 1


def _timed_either(src: str, how: str, path: Path) -> tuple[float, list[Any]]:
    run = subprocess.run([sys.executable, "-c", TIMED_EITHER, how, str(path)],
                         capture_output=True, env={**os.environ, "PYTHONPATH": src}, check=True)
    seconds, found = json.loads(run.stdout)
    return seconds, found


#: Reads standard input; prints the CPU seconds of the read, the results and the peak RSS.
RUN = ("import json, resource, sys, time, callrules\n"
       "start = time.process_time()\n"
       "found = list(callrules.records('-', stdin=sys.stdin.buffer))\n"
       "print(json.dumps([time.process_time() - start, len(found),\n"
       "                  resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024]))\n")
#: (name, the bytes of a given size, how many results)
RUNS = [
    ("spaces alone", lambda n: b" " * n, None),
    ("tabs alone", lambda n: b"\t" * n, None),
    ("spaces, then a line break", lambda n: b" " * n + b"\n", None),
    ("spaces and tabs, a line each 64 B", lambda n: (b" \t" * 31 + b"\r\n") * (n // 64), None),
    ("4 records, then spaces", lambda n: _FOUR + b" " * n, 4),
    ("4 records, spaces, a line break", lambda n: _FOUR + b" " * n + b"\n", 4),
    ("spaces between 4 records", lambda n: _FOUR.replace(b"\n", b"\n" + b" " * (n // 4)), 4),
    ("a run of [", lambda n: b"[" * n, 1),
    ("blank lines in a head-lost record", lambda n: _head_lost(n), 4),
]
_RECORD = json.dumps(json.loads((ROOT / "examples" / "eligible.json").read_bytes()))
_FOUR = b"".join(_RECORD.replace('"id": "', f'"id": "{n}', 1).encode() + b"\n" for n in range(4))


def _head_lost(size: int) -> bytes:
    """A pretty-printed array of four records that lost its first five lines, ``size`` bytes
    of blank lines (a tab and a space on each) in what is left of its first record, before
    its ``"budget"`` (the thirty-first round: 16,000 such lines took 185 s)."""
    records = [json.loads(_RECORD) | {"id": f"R{n}"} for n in range(4)]
    text = json.dumps(records, indent=2, ensure_ascii=False).split("\n", 5)[5]
    at = text.index('"budget"')
    return (text[:at] + "\t \n" * (size // 3) + text[at:]).encode()


def _run(data: bytes) -> tuple[float, int, float]:
    done = subprocess.run([sys.executable, "-c", RUN], input=data, capture_output=True,
                          check=True)
    seconds, count, peak = json.loads(done.stdout)
    return seconds, count, peak


def _inside_string(blank: bytes) -> Any:
    """Three JSON Lines records, a line break typed inside a string of the first, ``n``
    lines of ``blank`` after it."""
    cut = _THREE.index(b'"', 3000) + 3
    return lambda n: _THREE[:cut] + b"\n" + blank * n + _THREE[cut:]


def _headless(n: int) -> bytes:
    """Three JSON Lines records, the first without its head, a line break and ``n`` blank
    lines in what is left of it."""
    cut = _THREE.index(b",", 300) + 1
    return _THREE[200:cut] + b"\n" * (n + 1) + _THREE[cut:]


def _between_keys(n: int) -> bytes:
    """Two objects as ``jq`` writes them, ``n`` blank lines between two keys of the first."""
    text = "".join(json.dumps(json.loads(_RECORD) | {"id": f"P{k}"}, indent=2) + "\n"
                   for k in range(2))
    at = text.index('"submitted_at"')
    return (text[:at] + "\n" * n + text[at:]).encode()


def _csv_cell(end: bytes) -> Any:
    """A CSV header and two rows, ``n`` line ends inside a quoted cell of the first."""
    return lambda n: (b"id,submitted_at,call" + end + b'"x' + end * n + b'",y' + end
                      + b"a1,2026-05-28T10:42:00-03:00,cnrs-amsud-2026" + end)


_THREE = b"".join(_RECORD.replace('"id": "', f'"id": "{n}', 1).encode() + b"\n" for n in range(3))
#: (name, the bytes for ``n`` blank lines, the suffix of its file)
INSIDE = [
    ("JSON Lines, inside a string", _inside_string(b"\n"), ".jsonl"),
    ("JSON Lines, inside a string, CR LF", _inside_string(b"\r\n"), ".jsonl"),
    ("JSON Lines, inside a string, ' \\t'", _inside_string(b" \t\n"), ".jsonl"),
    ("JSON Lines, head lost", _headless, ".jsonl"),
    ("jq objects, between two keys", _between_keys, ".json"),
    ("CSV, inside a quoted cell", _csv_cell(b"\n"), ".csv"),
    ("CSV, inside a quoted cell, CR LF", _csv_cell(b"\r\n"), ".csv"),
]


def inside(scale: float, only: str | None, against: str | None) -> int:
    """``--inside``: each run of blank lines inside a record at 1x, 2x, 4x and 8x 16,000
    lines, from standard input and a file, beside the targets."""
    sizes = [int(n * scale) for n in (16_000, 32_000, 64_000, 128_000)]
    trees = [("branch", str(ROOT / "src"))] + ([("against", against)] if against else [])
    right = True
    with tempfile.TemporaryDirectory() as folder:
        for name, make, suffix in INSIDE:
            if only and only not in name:
                continue
            for how in ("-", "file"):
                for tree, src in trees:
                    figures = []
                    for size in sizes:
                        path = Path(folder) / f"batch{suffix}"
                        path.write_bytes(make(size))
                        figures.append(_timed_either(src, how, path))
                    first = max(figures[0][0], 0.05)
                    said = []
                    for size, (seconds, _found) in zip(sizes, figures, strict=True):
                        target = max(first * size / sizes[0] * 1.5, 0.5)
                        good = tree != "branch" or seconds <= target
                        right = right and good
                        said.append(f"{size // 1000}k {seconds:5.2f} s (< {target:5.2f})"
                                    f"{'' if good else ' MISSED'}")
                    same = all(len(found) == len(figures[0][1]) and [f[1] for f in found] == [
                        f[1] for f in figures[0][1]] for _seconds, found in figures)
                    right = right and (same or tree != "branch")
                    print(f"{name:38} {'stdin' if how == '-' else 'file':5} {tree:7} "
                          f"{', '.join(said)}; {len(figures[0][1])} results"
                          f"{'' if same else ', NOT THE SAME at every size'}", flush=True)
    return 0 if right else 1


def blank_runs(scale: float, only: str | None = None) -> int:
    """Each run of blanks at 1x, 4x and 16x its size, beside the targets (``--runs``)."""
    sizes = [int(size * scale) for size in (250_000, 1_000_000, 4_000_000)]
    base = _run(b"")[2]
    right = True
    for name, make, expected in RUNS:
        if only and only not in name:
            continue
        figures = [_run(make(size)) for size in sizes]
        first = max(figures[0][0], 0.05)
        for size, (seconds, count, peak) in zip(sizes, figures, strict=True):
            target = max(first * size / sizes[0] * 1.5, 2 * size / 1e6, 0.5)
            above, memory = peak - base, 12 * size / 2**20 + 16
            good = seconds <= target and above <= memory and count == (expected or count)
            right = right and good
            print(f"{name:34} {size / 1e6:5.2f} MB {seconds:6.2f} s (target < {target:5.2f}"
                  f" s), peak {above:5.0f} MiB above an empty read (target < {memory:4.0f}), "
                  f"{count} results {'ok' if good else 'MISSED'}", flush=True)
    return 0 if right else 1


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--joined", action="store_true")
    parser.add_argument("--padding", action="store_true")
    parser.add_argument("--emptied", action="store_true")
    parser.add_argument("--runs", action="store_true")
    parser.add_argument("--inside", action="store_true")
    parser.add_argument("--against")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--only", help="--runs, --inside: the cases whose name holds this text")
    args = parser.parse_args()
    if args.joined:
        return joined(args.scale, args.against)
    if args.padding:
        return padding(args.scale)
    if args.emptied:
        return emptied(args.scale, args.against)
    if args.runs:
        return blank_runs(args.scale, args.only)
    if args.inside:
        return inside(args.scale, args.only, args.against)
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
