"""Damaged JSON elements: the time and memory ``callrules.records`` takes for a pretty-printed
array of five applications whose second holds a long visitor's ``note`` that lost its closing
quote, the note either text with quotes in it (``a\\"`` repeated, escaped as JSON writes them:
each escaped quote could start a string) or plain text.

Targets: time linear in the damaged element's size (an 8 MiB element within a few seconds,
never in the square of its size: 91 KB took 40 s, 7 MB never ended); memory a small multiple
of the damaged element's size (at most 40 bytes held per byte of it; it was 125). The five
results must be right: the second a problem, the four others read as written.

    python benchmarks/damaged_elements.py             # 30 KB, 90 KB, 1 MB, 7 MB, escaped
    python benchmarks/damaged_elements.py --plain     # the same sizes, plain text
    python benchmarks/damaged_elements.py --starts    # raw record starts, quote lost first
    python benchmarks/damaged_elements.py --tiny      # 20,000 tiny records, each damaged
    python benchmarks/damaged_elements.py --lines     # a bracket opened on every line
    python benchmarks/damaged_elements.py --csv-cell  # a CSV cell over the limit, over lines
    python benchmarks/damaged_elements.py --open-line # `[{` repeated on one line
    python benchmarks/damaged_elements.py --nested    # `{"applications":[` nested
    python benchmarks/damaged_elements.py --flowed    # lines left open, a blank at the end
    python benchmarks/damaged_elements.py --long-string  # one record, one string of 6 MB

``--starts``: the note holds, raw, ``{"id": "X", "call": "cnrs-amsud-2026", "n": 1 `` again
and again (record starts pasted into a field, its opening quote lost: K8, each start tried
as a record read the text before it again; 147 KB took 6 s, 950 KB never ended).

``--tiny``: 2,000 and 20,000 records of about 150 bytes in a compact array, every one
damaged (M5): a key's opening quote lost, the opening brace lost, or one of four damages
drawn at random (a closing brace or quote lost too). Target: a damaged record costs a small
multiple of reading it whole (at most 0.1 ms), the batch linear in its size; the results
(how many, how many problems) as the undamaged file's count and as measured when the case
was added.

``--lines``: 8, 16 and 64 KB of one short line repeated, each opening a bracket never closed
(F11: `[`, `[` with CRLF, `[[`, `[` and a tab, read from a file; `{"applications": [` and
`{"candidaturas": [` read as the service reads a batch, ``input_format="jsonl"``): each
start tried read the rest of the text again (8 KB of `[` lines 12 s, 16 KB 43 s; 57 KB of
`{"candidaturas": [` 22 s). Target: time linear in the size (at most 1 s per 8 KB).

``--csv-cell``: a CSV file of five rows whose second holds a quoted cell over the record limit
(8 MiB) made of short lines (``x`` and a line end, 9 and 18 MB; F9 of the fifteenth pass):
each line of the cell was read again as a row of its own (9 MB: 4,500,005 results, 441 s,
829 MB). Target: the five results right (the second ``too_large``), time linear in the size
(at most 4 s per MB: the cell's lines are read one by one, never held past the limit).

``--open-line``: ``[{`` repeated on one line, no line end (F3 of the fifteenth pass), 1, 8 and
16 MB, read from a file and as the service reads a batch (``input_format="jsonl"``), up to the
service's record bound (10,001 results: its refusal, ``too_many_records``); each ``[{`` is an
array cut after its first record's brace, one problem (as cut arrays joined read), so 1 MB
read whole gives 500,000 results. The reader indexed every bracket of the text held before
giving the second damaged record (8 MB 24 s, 16 MB 45 s and 410 MB for the service's refusal;
``{}`` lines: 0.44 s for 16 MB). Target: the 10,001st result within 1 s whatever the size;
the whole 1 MB linear (at most 0.1 ms a result, as ``--tiny``; its peak memory is the results
the benchmark holds).

``--nested``: ``{"applications":[`` repeated on one line, never closed (F4 of the seventeenth
pass), 1, 4 and 8 MB, read from a file and as the service reads a batch
(``input_format="jsonl"``): one problem. Each envelope's start was read to the decoder's depth
bound to tell an application holding such a list (1 MB 9.5 s, the service 4 MB 28 s). Target:
time linear in the size, as a damaged element's (at most 1 s per MB).

``--flowed``: lines as a mail client's format=flowed leaves JSON Lines, each left open and
ending with a blank (G12 of the eighteenth pass): a string opened and not closed
(``{"a": "x x … x ``) or a comma after the last value (``{"a": 1, "b": 2, … , ``), 50 KB,
200 KB and 1 MB, from a file and as the service reads a batch (``input_format="jsonl"``),
beside plain JSON Lines of the same size read in the same run. Each line was tried as one
application damaged by a keystroke, about 1,700 edits of it read as JSON (50 KB 3.6 s, 1 MB
73 s). Target: each line one result, read as damaged (no object), at most 0.2 ms a line
(a damaged record of ``--tiny`` 0.1 ms; a plain line, printed beside, about 0.02 ms).

``--long-string``: one JSON Lines record holding one string of 1 and 5.86 MB, whole, read from
a file named ``.json``, one named ``.jsonl`` and as the service reads a batch
(``input_format="jsonl"``; the thirty-first round: 780 MB for the 5.86 MB file, 133 bytes a
byte, the service 1.08 GB for four such records: the string's characters each kept a
pattern's state where the lines of wrapped JSON were looked for). Target: the peak memory
above an empty read's at most :data:`BYTES_PER_BYTE` a byte, one result.
"""

from __future__ import annotations

import argparse
import copy
import itertools
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIZES = (30_000, 90_000, 1_000_000, 1_750_000, 3_500_000, 7_000_000)
SECONDS_PER_MB = 1.0  # target: time linear in the element's size
BYTES_PER_BYTE = 40  # target: memory held per byte of the damaged element


def applications(note: str) -> list[dict[str, Any]]:
    """Five applications, the second with ``note`` as its first visitor's note."""
    base = json.loads((ROOT / "examples" / "eligible.json").read_text(encoding="utf-8"))
    apps = []
    for number in range(5):
        app = copy.deepcopy(base)
        app["id"] = f"R{number}"
        apps.append(app)
    apps[1]["visitors"][0]["note"] = note
    return apps


def damaged_file(size: int, escaped: bool, folder: Path, starts: bool = False) -> Path:
    """A pretty array of five applications of about ``size`` bytes, the note's closing quote
    lost (``starts``: its opening quote, the note raw record starts)."""
    if starts:
        unit = '{"id": "X", "call": "cnrs-amsud-2026", "n": 1 '
        texts = [json.dumps(app, indent=2) for app in applications("X")]
        texts[1] = texts[1].replace('"note": "X"', '"note": ' + unit * (size // len(unit))
                                    + '"')
        path = folder / f"damaged_{size}_starts.json"
        path.write_text("[\n" + ",\n".join(texts) + "\n]\n", encoding="utf-8")
        return path
    unit = 'a"' if escaped else "ab"
    apps = applications(unit * (size // (3 if escaped else 2)))
    texts = [json.dumps(app, indent=2) for app in apps]
    note = json.dumps(apps[1]["visitors"][0]["note"])
    at = texts[1].index(note) + len(note) - 1
    texts[1] = texts[1][:at] + texts[1][at + 1:]
    path = folder / f"damaged_{size}_{'escaped' if escaped else 'plain'}.json"
    path.write_text("[\n" + ",\n".join(texts) + "\n]\n", encoding="utf-8")
    return path


TINY = (2_000, 20_000)
TINY_MS = 0.1  # target: milliseconds a damaged tiny record
#: For each damage, the results and problems expected of 2,000 and 20,000 records.
TINY_RESULTS = {"none": ((2_000, 0), (20_000, 0)), "quote": ((2_000, 2_000), (20_000, 20_000)),
                "open": ((2_000, 2_000), (20_000, 20_000)),
                "mixed": ((1_540, 1_410), (15_203, 13_959))}


def tiny_file(count: int, damage: str, folder: Path) -> Path:
    """A compact array of ``count`` short records, each with ``damage``."""
    draw = random.Random(1)
    texts = []
    for number in range(count):
        text = json.dumps({"id": f"A{number}", "call": "cnrs-amsud-2026", "applicant": {
            "name": f"Name {number}", "email": f"x{number}@example.org"}, "amount": "1200.00",
            "nights": 3, "note": "plain text here"}, separators=(",", ":"))
        kind = draw.randrange(4) if damage == "mixed" else {"quote": 0, "open": 2}.get(damage)
        if kind == 0:  # a key's opening quote lost
            at = text.index('"note"')
            text = text[:at] + text[at + 1:]
        elif kind == 1:  # the closing brace lost
            text = text[:-1]
        elif kind == 2:  # the opening brace lost
            text = text[1:]
        elif kind == 3:  # a text's closing quote lost
            at = text.index('here"') + 4
            text = text[:at] + text[at + 1:]
        texts.append(text)
    path = folder / f"tiny_{count}_{damage}.json"
    path.write_text("[" + ",".join(texts) + "]", encoding="utf-8")
    return path


def tiny(folder: Path) -> bool:
    """Time the tiny damaged records of each kind; whether every result count is right."""
    right = True
    for damage in TINY_RESULTS:
        for count, expected in zip(TINY, TINY_RESULTS[damage], strict=True):
            path = tiny_file(count, damage, folder)
            run = subprocess.run([sys.executable, __file__, "--measure", str(path)],
                                 capture_output=True, text=True, check=True)
            figures = json.loads(run.stdout)
            ms = figures["seconds"] * 1000 / count
            good = (figures["results"], figures["problems"]) == expected
            right = right and good
            print(f"{count:6} records, {damage:5}: {figures['seconds']:6.2f} s, {ms:5.3f} ms a "
                  f"record (target < {TINY_MS if damage != 'none' else '-'}), peak "
                  f"{figures['peak'] / 2**20:4.0f} MiB, {figures['results']} results, "
                  f"{figures['problems']} problems ({'right' if good else 'WRONG'})")
    return right


LINES = {"[": ("[\n", None), "[ crlf": ("[\r\n", None), "[[": ("[[\n", None),
         "[ tab": ("[\t\n", None), "applications": ('{"applications": [\n', "jsonl"),
         "candidaturas": ('{"candidaturas": [\n', "jsonl")}
LINE_SIZES = (8_000, 16_000, 64_000)
SECONDS_PER_8KB = 1.0  # target: time linear in the size


def lines(folder: Path) -> bool:
    """Time each repeated line at each size; whether every one is within its target."""
    right = True
    for name, (unit, said) in LINES.items():
        for size in LINE_SIZES:
            path = folder / f"lines_{len(unit)}_{size}.json"
            path.write_text(unit * (size // len(unit)), encoding="utf-8")
            run = subprocess.run([sys.executable, __file__, "--measure", str(path)]
                                 + (["--said", said] if said else []),
                                 capture_output=True, text=True, check=True)
            figures = json.loads(run.stdout)
            target = SECONDS_PER_8KB * size / 8_000
            right = right and figures["seconds"] < target
            print(f"{name:13} {size / 1000:4.0f} KB{' (jsonl)' if said else '        '}: "
                  f"{figures['seconds']:6.2f} s (target < {target:.0f} s), "
                  f"{figures['results']} results")
    return right


CSV_CELL_SIZES = (9_000_000, 18_000_000)
SECONDS_PER_MB_CELL = 4.0


def csv_cell(folder: Path) -> bool:
    """Time a CSV file whose second row holds a quoted cell of short lines over the record
    limit, at each size; whether every one is right and within its target."""
    right = True
    for size in CSV_CELL_SIZES:
        path = folder / f"cell_{size}.csv"
        path.write_text("id,note\nR0,a\nR1,\"" + "x\n" * (size // 2) + "\"\n"
                        + "".join(f"R{n},a\n" for n in range(2, 5)), encoding="utf-8")
        run = subprocess.run([sys.executable, __file__, "--measure", str(path)],
                             capture_output=True, text=True, check=True)
        figures = json.loads(run.stdout)
        target = SECONDS_PER_MB_CELL * size / 1e6
        right = right and figures["right"] and figures["seconds"] < target
        print(f"{size / 1e6:5.0f} MB: {figures['seconds']:6.2f} s (target < {target:.0f} s), "
              f"peak {figures['peak'] / 2**20:6.0f} MiB, {figures['results']} results "
              f"{'right' if figures['right'] else 'WRONG'}")
    return right


OPEN_LINE_SIZES = (1_000_000, 8_000_000, 16_000_000)
OPEN_LINE_FIRST = 10_001  # the service's bound, and one more
OPEN_LINE_SECONDS = 1.0  # target: to the bound, whatever the size
OPEN_LINE_MS = 0.1  # target: milliseconds a result, the smallest read whole


def open_line(folder: Path) -> bool:
    """Time ``[{`` on one line at each size, up to the service's bound (file and service's
    reading) and, for the smallest, to its end; whether every one is right and in target."""
    right = True
    for size in OPEN_LINE_SIZES:
        path = folder / f"open_{size}.json"
        path.write_text("[{" * (size // 2), encoding="utf-8")
        for said, first in ((None, OPEN_LINE_FIRST), ("jsonl", OPEN_LINE_FIRST)) + (
                ((None, 0),) if size == OPEN_LINE_SIZES[0] else ()):
            run = subprocess.run([sys.executable, __file__, "--measure", str(path), "--first",
                                  str(first)] + (["--said", said] if said else []),
                                 capture_output=True, text=True, check=True)
            figures = json.loads(run.stdout)
            count = first or size // 2
            target = OPEN_LINE_SECONDS if first else OPEN_LINE_MS * count / 1000
            good = figures["results"] == figures["problems"] == count
            right = right and good and figures["seconds"] < target
            print(f"{size / 1e6:3.0f} MB {'(jsonl)' if said else '(file) '} "
                  f"{'to the bound' if first else 'whole       '}: {figures['seconds']:6.2f} s "
                  f"(target < {target:.0f} s), peak {figures['peak'] / 2**20:4.0f} MiB, "
                  f"{figures['results']} results ({'right' if good else 'WRONG'})")
    return right


NESTED_SIZES = (1_000_000, 4_000_000, 8_000_000)


def nested(folder: Path) -> bool:
    """Time ``{"applications":[`` nested at each size, from a file and as the service reads
    it; whether every one is one problem and within its target."""
    right = True
    for size in NESTED_SIZES:
        path = folder / f"nested_{size}.json"
        unit = '{"applications":['
        path.write_text(unit * (size // len(unit)), encoding="utf-8")
        for said in (None, "jsonl"):
            run = subprocess.run([sys.executable, __file__, "--measure", str(path)]
                                 + (["--said", said] if said else []),
                                 capture_output=True, text=True, check=True)
            figures = json.loads(run.stdout)
            target = SECONDS_PER_MB * size / 1e6
            good = figures["results"] == figures["problems"] == 1
            right = right and good and figures["seconds"] < target
            print(f"{size / 1e6:3.0f} MB {'(jsonl)' if said else '(file) '}: "
                  f"{figures['seconds']:6.2f} s (target < {target:.0f} s), peak "
                  f"{figures['peak'] / 2**20:4.0f} MiB, {figures['results']} results "
                  f"({'right' if good else 'WRONG'})")
    return right


FLOWED_SIZES = (50_000, 200_000, 1_000_000)
FLOWED = {"string open": '{"a": "' + "x " * 30 + "\n",
          "comma, blank": '{"a": 1, "b": 2, "k": 3, "m": 4, "n": 5, "p": 6, "q": 7, ' + "\n",
          "plain": '{"a": "' + "x " * 29 + 'x"}\n'}
SECONDS_PER_FLOWED_LINE = 2e-4  # target: a small multiple of a tiny damaged record


def flowed(folder: Path) -> bool:
    """Time each kind of line left open at each size, and plain JSON Lines of that size,
    from a file and as the service reads a batch; whether every damaged line is one problem
    within its target."""
    right = True
    for size in FLOWED_SIZES:
        for name, unit in FLOWED.items():
            count = size // len(unit)
            path = folder / f"flowed_{len(unit)}_{size}.json"
            path.write_text(unit * count, encoding="utf-8")
            for said in (None, "jsonl"):
                run = subprocess.run([sys.executable, __file__, "--measure", str(path)]
                                     + (["--said", said] if said else []),
                                     capture_output=True, text=True, check=True)
                figures = json.loads(run.stdout)
                target = SECONDS_PER_FLOWED_LINE * count
                good = figures["results"] == count and figures["objects"] == (
                    count if name == "plain" else 0)
                right = right and good and (name == "plain" or figures["seconds"] < target)
                print(f"{size / 1000:5.0f} KB {name:12} {'(jsonl)' if said else '(file) '}: "
                      f"{figures['seconds']:6.2f} s"
                      f"{'' if name == 'plain' else f' (target < {target:.2f} s)':22}, "
                      f"{figures['results']} results ({'right' if good else 'WRONG'})")
    return right


def measure(path: Path, said: str | None = None, first: int = 0) -> None:
    """Read ``path``'s records in this process and print the seconds, the peak memory and
    whether the results are right (run as a child: one file per process)."""
    import callrules

    records = callrules.records  # (imported before the clock starts)
    started = time.process_time()
    got = [(item.source, item.data) for item in itertools.islice((
        records(str(path)) if said is None else records(
            "-", stdin=path.open("rb"), input_format=said)), first or None)]
    seconds = time.process_time() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    right = len(got) == 5 and (path.name == "small.json" or (
        isinstance(got[1][1], callrules.InputError) and all(
            isinstance(data, dict) and data["id"] == f"R{number}"
            for number, (_, data) in enumerate(got) if number != 1)))
    problems = sum(isinstance(data, callrules.InputError) for _, data in got)
    objects = sum(isinstance(data, dict) or (isinstance(data, str) and _object(data))
                  for _, data in got)  # (a line's text is read as JSON when judged)
    print(json.dumps({"seconds": seconds, "peak": peak, "right": right, "results": len(got),
                      "problems": problems, "objects": objects}))


def _object(text: str) -> bool:
    """Whether ``text`` reads as a JSON object."""
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False


def long_string(folder: Path) -> bool:
    """``--long-string``: one JSON Lines record holding one long string, read from a file
    named ``.json``, one named ``.jsonl`` and as the service reads a batch; the peak memory
    per byte beside :data:`BYTES_PER_BYTE`, one result each."""
    small = folder / "small.jsonl"
    small.write_text('{"id": "R0"}\n', encoding="utf-8")
    right = True
    for size in (1_000_000, 5_856_000):
        text = json.dumps({"id": "R0", "note": "a" * size}) + "\n"
        for name, said in (("long.json", None), ("long.jsonl", None), ("long.jsonl", "jsonl")):
            path = folder / name
            path.write_text(text, encoding="utf-8")
            figures = {}
            for measured in (small, path):
                run = subprocess.run([sys.executable, __file__, "--measure", str(measured)]
                                     + (["--said", said] if said else []),
                                     capture_output=True, text=True, check=True)
                figures[measured] = json.loads(run.stdout)
            got = figures[path]
            per_byte = max(0, got["peak"] - figures[small]["peak"]) / len(text)
            good = per_byte < BYTES_PER_BYTE and got["results"] == 1 and got["objects"] == 1
            right = right and good
            way = "standard input, JSON Lines said" if said else f"a file named {name}"
            print(f"{len(text) / 1e6:5.2f} MB string, {way:32} {got['seconds']:6.2f} s, peak "
                  f"{got['peak'] / 2**20:5.0f} MiB, {per_byte:5.1f} bytes per byte (target < "
                  f"{BYTES_PER_BYTE}), {got['results']} result {'ok' if good else 'MISSED'}")
    return right


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plain", action="store_true", help="plain text in the note")
    parser.add_argument("--starts", action="store_true", help="raw record starts in the note")
    parser.add_argument("--tiny", action="store_true", help="20,000 tiny damaged records")
    parser.add_argument("--lines", action="store_true", help="a bracket opened a line")
    parser.add_argument("--csv-cell", action="store_true", help="a CSV cell over the limit")
    parser.add_argument("--open-line", action="store_true", help="`[{` repeated on a line")
    parser.add_argument("--nested", action="store_true", help='`{"applications":[` nested')
    parser.add_argument("--flowed", action="store_true", help="lines left open, a blank")
    parser.add_argument("--long-string", action="store_true", help="one string of 6 MB")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--first", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--said", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(Path(args.measure), args.said, args.first)
        return 0
    if args.long_string:
        with tempfile.TemporaryDirectory() as folder:
            return 0 if long_string(Path(folder)) else 1
    if args.flowed:
        with tempfile.TemporaryDirectory() as folder:
            return 0 if flowed(Path(folder)) else 1
    if args.nested:
        with tempfile.TemporaryDirectory() as folder:
            return 0 if nested(Path(folder)) else 1
    if args.open_line:
        with tempfile.TemporaryDirectory() as folder:
            return 0 if open_line(Path(folder)) else 1
    if args.lines:
        with tempfile.TemporaryDirectory() as folder:
            return 0 if lines(Path(folder)) else 1
    if args.csv_cell:
        with tempfile.TemporaryDirectory() as folder:
            return 0 if csv_cell(Path(folder)) else 1
    if args.tiny:
        with tempfile.TemporaryDirectory() as folder:
            return 0 if tiny(Path(folder)) else 1
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        small = Path(folder) / "small.json"
        small.write_text(json.dumps(applications("")), encoding="utf-8")
        run = subprocess.run([sys.executable, __file__, "--measure", str(small)],
                             capture_output=True, text=True, check=True)
        baseline = json.loads(run.stdout)["peak"]  # (the interpreter and callrules)
        for size in SIZES:
            path = damaged_file(size, not args.plain, Path(folder), args.starts)
            run = subprocess.run([sys.executable, __file__, "--measure", str(path)],
                                 capture_output=True, text=True, check=True)
            figures = json.loads(run.stdout)
            mb = path.stat().st_size / 1e6
            target = max(1.0, SECONDS_PER_MB * mb)
            per_byte = max(0, figures["peak"] - baseline) / path.stat().st_size
            print(f"{mb:8.2f} MB: {figures['seconds']:6.2f} s (target < {target:.1f} s), "
                  f"peak {figures['peak'] / 2**20:6.0f} MiB, {per_byte:5.1f} bytes per byte "
                  f"(target < {BYTES_PER_BYTE}), "
                  f"results {'right' if figures['right'] else 'WRONG'}")
            failed = failed or not figures["right"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
