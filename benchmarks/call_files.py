"""Call files as untrusted, versioned data: what loading and versions cost, beside targets.

    python benchmarks/call_files.py

Prints, for each figure, the measure and its target. Not part of the test suite.
"""

from __future__ import annotations

import contextlib
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


def main() -> None:
    callrules.calls.load("cnrs-amsud-2026")  # imports out of the measures
    row = "{:<58} {:>12}   target {}"
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


if __name__ == "__main__":
    main()
