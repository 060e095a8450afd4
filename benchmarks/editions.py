"""What the editions of a recurring call with amendments cost: load time, memory per edition
asked for at many instants, and the service's ``/health`` behind anonymous ``GET``s.

The call: docs/examples/example-call.toml with its rules repeated (about 490), ``[recurrence]
count = 50`` and three parameters amended 100 times each (300 spans a year; 15,000 history
entries in all, under the 20,000 bound): a 98 KB file, the shape of issue 16's F1.

Measured, each in a fresh process:

- load: ``Call.from_file`` then ``Call.editions()`` (seconds; target: under 15 s on 2 shared
  cores, where every edition's decision was generated at load: 39 s for the service);
- memory: the call asked for (``Call.at``, what ``GET /calls/{id}?now=`` does) at 33 instants
  of distinct spans, twice, in each of ``--editions`` editions, the RSS after each edition
  (target: growth bounded by the versions kept for the whole file, ``KEPT_VERSIONS``, not
  per edition: under 5 MB an edition after the first ones, where it was about 29 MB);
- serve: ``callrules serve --call-dir`` on the call, ``--clients`` clients asking
  ``GET /calls/pacific-workshops-Y?now=T`` at spread instants for ``--seconds``, ``/health``
  timed every 0.2 s (target: p90 under 100 ms; it was 724 ms with 8 clients).

- tables: a call of one rule whose one parameter is a rate table of 39,000 rows (versions
  of 5,000: an 880 KB file, every bound kept), loaded with ``[recurrence] count = 50`` and
  without it (``Call.from_file`` then ``Call.editions()``; target: the 50 editions within
  twice the time of one, since an edition moves dates, never a table's rows; before: 248 s
  against 6.4 s, every table parsed twice for each edition: attack 23b F-R1).

    PYTHONPATH=src python benchmarks/editions.py   # ~3 min on 2 shared cores
    python benchmarks/editions.py --only memory --editions 6
    python benchmarks/editions.py --only tables
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHT = '''
[[rules]]
clause = "opening"
check = { op = "compare", path = "submitted_at", cmp = ">=", to = { milestone = "opening" } }

[[rules]]
clause = "language"
check = { op = "in", path = "language", set = { param = "languages" } }

[[rules]]
clause = "host"
check = { op = "all", rules = [
  { op = "in", path = "host.unit.location.country", set = { param = "destinations" } },
  { op = "in", path = "host.unit.kind", set = { param = "host_kinds" } },
] }
'''


def write_call(folder: Path, rules: int = 490, editions: int = 50, entries: int = 100) -> Path:
    """The recurring call, written in ``folder`` as ``pacific-workshops-2027.toml``."""
    text = (ROOT / "docs" / "examples" / "example-call.toml").read_text("utf-8")
    head, body = text.split("# Rules: each cites", 1)

    def at(k: int) -> str:
        return f"2027-01-{1 + k // 1440:02d}T{(k // 60) % 24:02d}:{k % 60:02d}:00"

    def history(name: str, value: object, offset: int) -> str:
        items = ",\n".join(f"  {{ from = {at(3 * i + offset)}, value = {value(i)} }}"
                           for i in range(entries))  # type: ignore[operator]
        return f"[parameters.{name}]\nhistory = [\n{items}\n]\n"

    for line in ("min_days = 3\n", "max_days = 21\n",
                 'cap = { amount = "12000.00", currency = "NZD" }\n'):
        head = head.replace(line, "")
    head += "\n" + history("min_days", lambda i: 3 + i % 2, 0) + history(
        "max_days", lambda i: 21 + i % 2, 1) + history(
        "cap", lambda i: f'{{ amount = "{12000 + i}.00", currency = "NZD" }}', 2)
    head = head.replace('currency = "NZD"\n', 'currency = "NZD"\n\n[recurrence]\ncount = '
                        f'{editions}\nid = "pacific-workshops-{{year}}"\n', 1)
    out = head + "# Rules" + body + LIGHT * max(0, (rules - 13) // 3)
    path = folder / "pacific-workshops-2027.toml"
    path.write_text(out, "utf-8")
    return path


def instant(year: int, i: int) -> datetime:
    """The ``i``-th instant asked for in the edition of ``year``: one per span (Auckland)."""
    return datetime(year - 1, 12, 31, 11, 0, tzinfo=UTC) + timedelta(minutes=3 * i + 1,
                                                                      seconds=30)


def rss_mb(pid: int | None = None) -> float:
    with open(f"/proc/{pid or 'self'}/status") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


def library(path: Path, editions: int) -> dict[str, object]:
    import callrules

    begun = time.perf_counter()
    call = callrules.Call.from_file(path)
    every = call.editions()
    load = time.perf_counter() - begun
    print(f"load: {len(every)} editions in {load:.1f} s (target: under 15 s; before: "
          "every edition's decision generated at load)", flush=True)
    after = [rss_mb()]
    for k, edition in enumerate(every[:editions]):
        for _ in range(2):
            for i in range(33):
                edition.at(instant(2027 + k, i))
        after.append(rss_mb())
        print(f"  edition {k + 1} ({edition.id}): RSS {after[-1]:.0f} MB", flush=True)
    late = [b - a for a, b in itertools.pairwise(after[2:])] or [0.0]
    per = statistics.mean(late)
    print(f"memory: {per:.1f} MB more per edition after the second (target: under 5 MB: the "
          "versions kept are bounded for the file, all editions together; before: ~29 MB)")
    return {"load_s": round(load, 1), "mb_per_edition": round(per, 1),
            "rss_mb": [round(r) for r in after],
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def serve(folder: Path, clients: int, seconds: float) -> dict[str, object]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    begun = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "callrules", "serve", "--port", str(port),
                             "--call-dir", str(folder)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                urllib.request.urlopen(base + "/health", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.perf_counter() - begun > 300:
                    raise SystemExit("the service did not start") from None
                time.sleep(0.3)
        start = time.perf_counter() - begun
        print(f"serve: started in {start:.1f} s, RSS {rss_mb(proc.pid):.0f} MB", flush=True)

        def health() -> float:
            t = time.perf_counter()
            urllib.request.urlopen(base + "/health", timeout=60).read()
            return time.perf_counter() - t

        idle = statistics.median(health() for _ in range(10))
        stop = time.perf_counter() + seconds
        answers = {"200": 0, "503": 0, "other": 0}

        def ask(k: int) -> None:
            i = 0
            while time.perf_counter() < stop:
                year = 2027 + k % 50
                now = instant(year, (i * 7 + k) % 300).strftime("%Y-%m-%dT%H:%M:%SZ")
                try:
                    urllib.request.urlopen(f"{base}/calls/pacific-workshops-{year}?now={now}",
                                           timeout=60).read()
                    answers["200"] += 1
                except urllib.error.HTTPError as error:
                    answers["503" if error.code == 503 else "other"] += 1
                i += 1

        threads = [threading.Thread(target=ask, args=(k,)) for k in range(clients)]
        for thread in threads:
            thread.start()
        time.sleep(2)
        times = []
        while time.perf_counter() < stop:
            times.append(health())
            time.sleep(0.2)
        for thread in threads:
            thread.join()
        times.sort()
        p90 = times[int(len(times) * 0.9)]
        print(f"serve: /health idle {idle * 1000:.1f} ms; behind {clients} clients asking GET "
              f"/calls/ID?now=: median {statistics.median(times) * 1000:.0f} ms, p90 "
              f"{p90 * 1000:.0f} ms (target: under 100 ms; before: 724 ms), max "
              f"{times[-1] * 1000:.0f} ms; answers {answers}; RSS {rss_mb(proc.pid):.0f} MB")
        return {"start_s": round(start, 1), "health_p90_ms": round(p90 * 1000),
                "health_max_ms": round(times[-1] * 1000), "answers": answers}
    finally:
        proc.terminate()
        proc.wait()


def write_tables(folder: Path, rows: int, editions: int) -> Path:
    """A call of one rule reading a money rate table of ``rows`` rows (versions of 5,000),
    recurring over ``editions`` editions (none when 1)."""
    per = min(5000, rows)
    lines = ['id = "tables-2026"', 'version = "1"', 'languages = ["en"]', 'title = { en = "T" }',
             'timezone = "Europe/Paris"', 'currency = "EUR"', "[timeline]",
             "opening = 2026-04-21T00:00:00", "deadline = 2026-06-01T17:00:00",
             "results = 2026-07-01"]
    if editions > 1:
        lines += ["[recurrence]", 'every = "year"', f"count = {editions}",
                  'id = "tables-{year}"']
    lines += ["[labels.parameters]", 'rate = { en = "Rate" }', "[parameters.rate]",
              'table = { keys = ["place"], value = "money", currency = "EUR" }']
    for version in range(max(1, rows // per)):
        lines += ["[[parameters.rate.versions]]", f"from = {2000 + version}-01-01",
                  'source = "s"', "rows = ["]
        lines += [f'{{key=["{i:x}"],value="{i % 9}"}},' for i in range(per - 1)]  # compact:
        lines += ['{key=["*"],value="1"}]']  # 880 KB, under the 1,000,000 bytes of a file
    lines += ["[[clauses]]", 'id = "c"', 'title = { en = "C" }', 'text = { en = "C" }',
              "[[rules]]", 'clause = "c"',
              'check = { op = "compare", left = { lookup = "rate", key = [{ path = '
              '"host.unit.name" }], on = { path = "submitted_at" } }, cmp = "<=", to = { '
              'amount = "500.00", currency = "EUR" } }']
    path = folder / f"tables-{editions}.toml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def tables(folder: Path, rows: int = 39_000, editions: int = 50) -> dict[str, object]:
    import callrules

    seconds = {}
    for count in (1, editions):
        path = write_tables(folder, rows, count)
        begun = time.perf_counter()
        every = callrules.Call.from_file(path).editions()
        seconds[count] = time.perf_counter() - begun
        print(f"tables: {rows:,} rows, {len(every)} edition(s), {path.stat().st_size:,} bytes: "
              f"{seconds[count]:.1f} s", flush=True)
    ratio = seconds[editions] / seconds[1]
    print(f"tables: {editions} editions cost {ratio:.1f} x one (target: under 2 x; before: "
          "38 x, 248 s against 6.4 s, each edition parsing the table twice)")
    return {"tables_s": {str(k): round(v, 1) for k, v in seconds.items()},
            "tables_ratio": round(ratio, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=("memory", "serve", "tables"))
    parser.add_argument("--editions", type=int, default=5, help="editions asked for")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=25)
    args = parser.parse_args()
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as folder:
        if args.only in (None, "tables"):
            results.update(tables(Path(folder)))
        if args.only == "tables":
            print(json.dumps(results))
            return
        write_call(Path(folder))
        if args.only != "serve":
            results.update(library(Path(folder) / "pacific-workshops-2027.toml",
                                   args.editions))
        if args.only != "memory":
            results.update(serve(Path(folder), args.clients, args.seconds))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
