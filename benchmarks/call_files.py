"""Call files as untrusted, versioned data: what loading and versions cost, beside targets.

    python benchmarks/call_files.py
    python benchmarks/call_files.py schema       # only the application schema's figures

Prints, for each figure, the measure and its target. Not part of the test suite.
"""

from __future__ import annotations

import contextlib
import copy
import json
import sys
import tempfile
import time
import tomllib
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import callrules

CNRS = Path(callrules.__file__).parent / "calls" / "cnrs-amsud-2026.toml"
START = datetime(2026, 1, 1, tzinfo=UTC)


def measure(work: Callable[[], object]) -> tuple[float, float]:
    """Seconds of one run of ``work``, and peak megabytes of another (under tracemalloc,
    which slows it)."""
    start = time.perf_counter()
    with contextlib.suppress(callrules.DefinitionError):
        work()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    with contextlib.suppress(callrules.DefinitionError):
        work()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return seconds, peak


def dated_call() -> dict[str, Any]:
    """The CNRS call with 200 parameters of 100 history entries each: 20,000 entries."""
    data = tomllib.loads(CNRS.read_text("utf-8"))
    for p in range(200):
        data["parameters"][f"p{p}"] = {"history": [
            {"from": (START + timedelta(hours=100 * p + i)).isoformat(), "value": i}
            for i in range(100)]}
    return data


def labelled_call() -> dict[str, Any]:
    """The CNRS call with 800 more staff categories, each labelled in its four languages
    with 120 accented letters (``éÉèàçœ``): an 864 KB call file (F12 of round 20)."""
    data = tomllib.loads(CNRS.read_text("utf-8"))
    data["id"] = "labelled"
    label = ("éÉèàçœ" * 20)[:120]
    data["vocabularies"]["staff_category"]["values"].update(
        {f"c{i}": {lang: f"{label} {lang} {i}" for lang in data["languages"]}
         for i in range(800)})
    return data


def schema_figures(row: str) -> None:
    """The application schema of :func:`labelled_call`: built once (seconds of CPU, peak
    memory, size), and what the service spends on a second request for it."""
    data = labelled_call()
    call = callrules.Call.from_dict(copy.deepcopy(data))
    cpu = time.process_time()
    text = json.dumps(callrules.schema("application", call=call), ensure_ascii=False)
    print(row.format("schema of an 864 KB call of 3,200 long accented labels",
                     f"{time.process_time() - cpu:.2f} s CPU", "< 2 s (was 14 s)"))
    _, peak = measure(lambda: callrules.schema("application", call=call, locale="fr"))
    print(row.format("  peak memory", f"{peak:.1f} MB", "< 50 MB"))
    print(row.format("  its size", f"{len(text.encode()) / 1e6:.1f} MB",
                     "< 10 bytes for each byte of the call"))
    try:
        from starlette.testclient import TestClient

        from callrules.serve import create_app
    except ImportError:  # the service's extra is not installed
        return
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "labelled.json").write_text(
            json.dumps(data, default=str, ensure_ascii=False), "utf-8")
        client = TestClient(create_app(folder))
        for which in ("first", "second"):
            cpu = time.process_time()
            answer = client.get("/calls/labelled/schema")
            assert answer.status_code == 200, answer.text
            print(row.format(f"  service: {which} GET /calls/labelled/schema",
                             f"{time.process_time() - cpu:.2f} s CPU",
                             "built once per language" if which == "first"
                             else "< 0.1 s (was 8 s each)"))


def main() -> None:
    callrules.calls.load("cnrs-amsud-2026")  # imports out of the measures
    row = "{:<58} {:>12}   target {}"
    if sys.argv[1:] == ["schema"]:
        schema_figures(row)
        return
    bomb = "a" + ".a" * 30_000 + " = 1\n"
    seconds, peak = measure(lambda: callrules.Call.from_text(bomb))
    print(row.format("60 KB dotted TOML key: refused in", f"{seconds * 1e3:.1f} ms",
                     "< 100 ms"))
    print(row.format("  peak memory", f"{peak:.2f} MB", "< 10 MB (was 3.5 GB)"))
    key = ".".join(["k"] * 16)
    keys = "".join(f"{key}{i} = 1\n" for i in range(950_000 // (len(key) + 10)))
    seconds, peak = measure(lambda: callrules.Call.from_text(keys))
    print(row.format("~1 MB of 16-part keys (the limit): parsed, refused in",
                     f"{seconds:.2f} s", "as any 1 MB TOML file"))
    print(row.format("  peak memory", f"{peak:.1f} MB", "< 50 MB"))
    plain = "".join(f"k{i} = 1\n" for i in range(950_000 // 12))
    seconds, _ = measure(lambda: callrules.Call.from_text(plain))
    print(row.format("  (~1 MB of one-part keys, for comparison)", f"{seconds:.2f} s", ""))
    data = dated_call()
    start = time.perf_counter()
    call = callrules.Call.from_dict(data)
    print(row.format("load a call of 20,000 history entries",
                     f"{time.perf_counter() - start:.2f} s", "< 5 s, once"))
    now = START + timedelta(days=400)
    start = time.perf_counter()
    call.at(now)
    print(row.format("first Call.at (compiles that version)",
                     f"{(time.perf_counter() - start) * 1e3:.1f} ms", "once per version"))
    start = time.perf_counter()
    for _ in range(100_000):
        call.at(now)
    print(row.format("Call.at afterwards (a lookup)",
                     f"{(time.perf_counter() - start) * 10:.2f} µs", "< 10 µs"))
    schema_figures(row)


if __name__ == "__main__":
    main()
