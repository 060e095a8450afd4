#!/usr/bin/env python
"""What a batch sent to ``callrules serve`` holds, as CSV and as JSON Lines (not a test).

Run from the repository root::

    python benchmarks/serve_csv_memory.py                  # CSV bodies of 3, 6 and 12 MB
    python benchmarks/serve_csv_memory.py --sizes 3 --src /path/to/other/src   # another tree

For each size, the example application (``examples/eligible.json``) with ``--visitors``
visitors (30 by default: a row of about 4 KB) is repeated, each copy its own ``id``, until its
CSV (one column per field path, as a spreadsheet exports it) is that many MB; the same
applications are also written as JSON Lines. Each body is posted (``text/csv``,
``application/jsonl``) to a server of its own (``python -m callrules serve``, one worker),
whose answer is read and let go of line by line; the server's peak resident memory
(``VmHWM``) less what it held before the post is printed, and that growth per byte of body;
and, in a process of its own, what the records of the body hold once read, before any is
checked, as the service holds them. Targets: read, a CSV batch holds a small multiple of its
body (it held about 25 times it), as JSON Lines does; whole, no more than the same
applications as JSON Lines (docs/reference/inputs.md's resource model). Linux only
(``/proc``).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "benchmarks")]

from serve import CHECK, NOW, free_port  # noqa: E402

MB = 1_000_000


def flat(value: Any, prefix: str, out: dict[str, str]) -> None:
    """``value``'s leaves, each under its field path (``visitors.0.person.email``)."""
    if isinstance(value, dict):
        for key, item in value.items():
            flat(item, f"{prefix}{key}.", out)
    elif isinstance(value, list):
        for position, item in enumerate(value):
            flat(item, f"{prefix}{position}.", out)
    elif isinstance(value, bool):
        out[prefix[:-1]] = "true" if value else "false"
    elif value is not None:
        out[prefix[:-1]] = str(value)


def bodies(size: float, visitors: int) -> tuple[bytes, bytes, int]:
    """A CSV body of about ``size`` MB, the same applications as JSON Lines, and how many."""
    example = json.loads((ROOT / "examples" / "eligible.json").read_text(encoding="utf-8"))
    one = example["visitors"][0]
    example["visitors"] = [dict(one, id=f"v{k}") for k in range(visitors)]
    rows: list[dict[str, str]] = []
    lines: list[str] = []
    written = 0
    while written < size * MB:
        application = json.loads(json.dumps(example))
        application["id"] = f"A-{len(rows)}"
        row: dict[str, str] = {}
        flat(application, "", row)
        rows.append(row)
        lines.append(json.dumps(application, ensure_ascii=False))
        written += sum(len(cell.encode("utf-8")) + 1 for cell in row.values())
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return (out.getvalue().encode("utf-8"), "\n".join(lines).encode("utf-8") + b"\n",
            len(rows))


def memory(pid: int, field: str) -> float:
    """``field`` (``VmRSS``, ``VmHWM``) of process ``pid``, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024 / MB
    raise SystemExit(f"no {field} in /proc/{pid}/status")


def held(src: Path, body: bytes, media_type: str) -> tuple[float, float, int]:
    """The growth of a fresh server's peak memory (MB) while it answers ``body``, the
    seconds it took, and the lines of its answer."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(src)}
    server = subprocess.Popen([sys.executable, "-m", "callrules", "serve", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                # a small batch first: what every batch loads is not counted
                warm = httpx.post(url + CHECK, params={"now": NOW}, content=body[:1],
                                  headers={"Content-Type": "application/jsonl"})
                if warm.status_code:
                    break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        before = memory(server.pid, "VmRSS")
        started = time.perf_counter()
        answered = 0
        with httpx.stream("POST", url + CHECK, params={"now": NOW}, content=body,
                          headers={"Content-Type": media_type}, timeout=3600) as response:
            assert response.status_code == 200, response.read()[:300]
            for line in response.iter_lines():
                answered += bool(line)
        took = time.perf_counter() - started
        return memory(server.pid, "VmHWM") - before, took, answered
    finally:
        server.terminate()
        server.wait()


#: Run in a process of its own: how much the records of a body hold once read, before any
#: is checked, as the service holds them (``_packed``, where the tree has it).
_READ = """
import io, sys
sys.path.insert(0, sys.argv[1])
import callrules
from callrules.serve import _app
def peak():  # (VmHWM: ru_maxrss would keep the parent's, across exec)
    with open("/proc/self/status") as status:
        return next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
pack = getattr(_app, "_packed", lambda record: record)
body = open(sys.argv[3], "rb").read()
before = peak()
held = list(map(pack, callrules.records("-", stdin=io.BytesIO(body), input_format=sys.argv[2])))
print((peak() - before) * 1024 / 1e6, len(held))
"""


def read_only(src: Path, body: bytes, input_format: str) -> float:
    """The growth of a process's peak memory (MB) once the records of ``body`` are read as
    the service holds them before checking them."""
    with tempfile.NamedTemporaryFile() as file:
        file.write(body)
        file.flush()
        done = subprocess.run([sys.executable, "-c", _READ, str(src), input_format, file.name],
                              capture_output=True, check=True)
    return float(done.stdout.split()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[3, 6, 12],
                        help="sizes of the CSV bodies, in MB")
    parser.add_argument("--visitors", type=int, default=30)
    parser.add_argument("--src", type=Path, default=ROOT / "src",
                        help="the callrules source tree the server runs")
    parser.add_argument("--read-only", action="store_true",
                        help="measure only what the records hold once read (no server)")
    options = parser.parse_args()
    print(f"server: {options.src}; applications of {options.visitors} visitors; targets: "
          "read, a CSV batch holds under 4 times its body; whole, no more than the same "
          "applications as JSON Lines")
    print("| body | MB | records | read, held MB (a MB of body) | server's peak growth MB "
          "(a MB of body) | seconds |")
    print("|---|---|---|---|---|---|")
    for size in options.sizes:
        as_csv, as_jsonl, count = bodies(size, options.visitors)
        for name, body, media_type, input_format in (
                ("CSV", as_csv, "text/csv", "csv"),
                ("JSON Lines", as_jsonl, "application/jsonl", "jsonl")):
            megabytes = len(body) / MB
            read = read_only(options.src, body, input_format)
            if options.read_only:
                growth, took = float("nan"), float("nan")
            else:
                growth, took, answered = held(options.src, body, media_type)
                assert answered == count, (answered, count)
            print(f"| {name} | {megabytes:.2f} | {count} | {read:.0f} ({read / megabytes:.1f}) "
                  f"| {growth:.0f} ({growth / megabytes:.1f}) | {took:.1f} |", flush=True)


if __name__ == "__main__":
    main()
