#!/usr/bin/env python
"""callrules against hand-written Python, pydantic, JSON Logic and business-rules (issue 11).

Run from the repository root (not part of the test suite)::

    python benchmarks/bench.py                    # 20,000 applications, under 5 minutes on 2 cores
    python benchmarks/bench.py --n 2000           # a quick pass
    python benchmarks/bench.py --stream 1000000   # peak memory of a real 1,000,000 stream

Every engine decides the same generated CNRS applications (``cnrs-amsud-2026``) in one
interleaved run: the batch is cut into blocks and, block after block, each engine takes its turn
on the same block (the order rotates), so that load from other processes slows all alike. Before
anything is timed, every engine's verdict on every application is compared with the hand-written
reading of CLAUSES.md (eligible or not, and the set of failing clauses where the engine lists
them): a disagreement prints the application and every answer, and the script exits with
status 1. A missed target does not change the exit status.

The engines are in ``engines.py`` (each written as its own user would write the CNRS rules), the
synthetic batch in ``cnrs_batch.py``. Also measured, each in fresh processes: ``import
callrules`` and ``callrules check`` on one application (medians). ``--stream N`` is a separate
mode: a child process streams N lazily generated JSON lines through
``callrules.evaluate_stream``; its peak RSS is read with ``resource.getrusage(RUSAGE_CHILDREN)``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import sysconfig
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from cnrs_batch import CALL_ID, NOW, ROOT, json_lines

# Only the standard library and the generator are imported at the top. callrules, pydantic and
# the peer engines (engines.py) are imported where they are needed, so that the parent of the
# --stream child stays small: Linux carries the peak RSS of a process that starts a child with
# vfork + exec into that child's ru_maxrss.

#: Targets of issue 11, as (measure, threshold).
TARGET_RULES = 0.5  # callrules on validated applications / hand-written, every failure
TARGET_E2E = 0.5  # callrules end to end / pydantic + hand-written
TARGET_PEERS = 4.0  # callrules end to end / the fastest peer engine
TARGET_CHECK_MS = 250.0  # `callrules check` on one application, median wall time
TARGET_STREAM_MB = 150.0  # peak RSS streaming 1,000,000 applications (MB = 10**6 bytes)


# ---------------------------------------------------------------------------------------------
# Checking the verdicts


def verify(contestants: Sequence[Any], inputs: dict[str, list[Any]], texts: list[str]) -> int:
    """Compare every engine with the reference on every application; the disagreements."""
    from engines import REFERENCE, Verdict

    reference = next(e for e in contestants if e.name == REFERENCE)
    checked = [e for e in contestants if e.verdict is not None and e is not reference]
    wrong: dict[str, int] = {e.name: 0 for e in checked}
    shown = 0
    counts: dict[str, int] = {}
    eligible = 0
    for i in range(len(texts)):
        expected: Verdict = reference.verdict(reference.run(inputs[reference.reads][i]))
        eligible += expected.eligible
        for clause in expected.failing or ():
            counts[clause] = counts.get(clause, 0) + 1
        answers = {e.name: e.verdict(e.run(inputs[e.reads][i])) for e in checked}
        bad = [name for name, v in answers.items()
               if v.eligible != expected.eligible
               or (v.failing is not None and v.failing != expected.failing)]
        for name in bad:
            wrong[name] += 1
        if bad and shown < 3:
            shown += 1
            print(f"\nVERDICT DISAGREEMENT on application {i}:\n{texts[i]}")
            print(f"  {REFERENCE:36} {_show(expected)}")
            for name, v in answers.items():
                print(f"  {name:36} {_show(v)}{'   <-- differs' if name in bad else ''}")
    n = len(texts)
    print(f"eligible: {eligible} of {n} ({100 * eligible / n:.1f} %); applications failing "
          "each clause:")
    print("  " + ", ".join(f"{clause} {count}" for clause, count in counts.items()))
    print("verdict disagreements with the hand-written reading of CLAUSES.md: "
          + ", ".join(f"{name} {count}" for name, count in wrong.items()))
    return sum(wrong.values())


def verify_only(n: int) -> int:
    """The verdict check alone, on ``n`` applications: 1 on a disagreement."""
    import engines

    import callrules

    texts = list(json_lines(n))
    dicts = [json.loads(text) for text in texts]
    inputs = {"text": texts, "dict": dicts,
              "model": [callrules.parse_application(d) for d in dicts],
              "user model": [engines.UserApplication.model_validate(d) for d in dicts]}
    print(f"checking every engine's verdict on {n:,} applications ...", flush=True)
    disagreements = verify(engines.roster(callrules.calls.load(CALL_ID)), inputs, texts)
    print("FAILED" if disagreements else "every verdict agrees")
    return 1 if disagreements else 0


def _show(verdict: Any) -> str:
    listed = "" if verdict.failing is None else " " + ", ".join(sorted(verdict.failing))
    return ("eligible" if verdict.eligible else "not eligible") + (listed and ":" + listed)


# ---------------------------------------------------------------------------------------------
# Timing


def interleaved(contestants: Sequence[Any], inputs: dict[str, list[Any]], block: int,
                repeats: int) -> dict[str, dict[str, list[float]]]:
    """Seconds per application of each engine on each block, by clock: ``cpu`` (this process's
    CPU time, ``time.process_time``) and ``wall`` (``time.perf_counter``).

    Block after block, every engine runs on the same applications; the order of the engines
    rotates from block to block, so that none always runs first (cold caches) or last. On a
    machine shared with other processes, the CPU time counts only the time this process ran,
    so it moves much less with their load than the wall time does."""
    n = len(next(iter(inputs.values())))
    spans = [(lo, min(lo + block, n)) for lo in range(0, n, block)]
    times: dict[str, dict[str, list[float]]] = {
        clock: {e.name: [] for e in contestants} for clock in ("cpu", "wall")}
    turn = 0
    cpu_clock, wall_clock = time.process_time, time.perf_counter
    for p in range(repeats):
        gc.collect()
        start = wall_clock()
        for lo, hi in spans:
            k = turn % len(contestants)
            order = [*contestants[k:], *contestants[:k]]
            turn += 1
            for engine in order:
                items = inputs[engine.reads][lo:hi]
                run = engine.run
                wall = wall_clock()
                cpu = cpu_clock()
                for item in items:
                    run(item)
                cpu = cpu_clock() - cpu
                wall = wall_clock() - wall
                times["cpu"][engine.name].append(cpu / (hi - lo))
                times["wall"][engine.name].append(wall / (hi - lo))
        print(f"  pass {p + 1}/{repeats}: {wall_clock() - start:.0f} s", flush=True)
    return times


def ratio(per_block: dict[str, list[float]], fast: str, slow: str) -> tuple[float, str]:
    """How many times faster ``fast`` is than ``slow``: the median over blocks of the ratio of
    their times on the same block, with the 10th and 90th percentiles."""
    ratios = sorted(s / f for f, s in zip(per_block[fast], per_block[slow], strict=True))
    median = statistics.median(ratios)
    lo, hi = ((ratios[0], ratios[-1]) if len(ratios) < 10 else
              (statistics.quantiles(ratios, n=10)[0], statistics.quantiles(ratios, n=10)[-1]))
    return median, f"{median:.2f}x ({lo:.2f}-{hi:.2f})"


# ---------------------------------------------------------------------------------------------
# Fresh processes: import and check

CPU: dict[str, float] = {}  # median user + sys seconds of each command


def fresh_processes(commands: dict[str, tuple[list[str], dict[str, str]]], runs: int
                    ) -> dict[str, float]:
    """Median wall seconds of each command over ``runs`` fresh processes, interleaved."""
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for name, (argv, env) in commands.items():  # warm the file and bytecode caches
        proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"{name}: {' '.join(argv)} exited with {proc.returncode}:\n"
                             f"{proc.stdout}{proc.stderr}")
    for _ in range(runs):
        for name, (argv, env) in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=False)
            walls[name].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[name].append(after.ru_utime - before.ru_utime
                              + after.ru_stime - before.ru_stime)
    CPU.update({name: statistics.median(c) for name, c in cpus.items()})
    return {name: statistics.median(w) for name, w in walls.items()}


def bytecode_env() -> dict[str, str]:
    """The environment with a bytecode cache, as after ``pip install`` (which writes .pyc).

    This machine sets PYTHONDONTWRITEBYTECODE=1 and the editable install has no
    ``__pycache__``; the cache goes outside the repository (PYTHONPYCACHEPREFIX)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(os.environ.get("TMPDIR", "/tmp"))
                                     / "callrules-bench-pycache")
    return env


def machine() -> dict[str, str]:
    cpu = "?"
    memory = "?"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in
                   Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
        memory = next(f"{int(line.split()[1]) // 1024:,} MiB" for line in
                      Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        pass
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                          capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=ROOT,
                           capture_output=True, text=True).stdout.splitlines()
    source = head + (f" + uncommitted changes to {', '.join(d[3:] for d in dirty)}"
                     if dirty else "")
    return {"cores": str(os.cpu_count()), "cpu": cpu, "memory": memory, "source": source,
            "python": f"{platform.python_implementation()} {platform.python_version()}",
            "platform": platform.platform()}


def versions() -> str:
    from importlib.metadata import version

    names = ["pydantic", "pydantic-core", "panzi-json-logic", "business-rules"]
    return ", ".join(f"{name} {version(name)}" for name in names)


# ---------------------------------------------------------------------------------------------
# --stream N: peak memory of a real stream


def stream_mode(n: int) -> int:
    """Stream ``n`` applications through ``evaluate_stream`` in a child; its peak RSS."""
    print(f"callrules stream benchmark, {datetime.now().astimezone().isoformat('T', 'seconds')}")
    for key, value in machine().items():
        print(f"  {key:9} {value}")
    print(f"  load      {_load()} (1, 5, 15 min) at the start")
    print(f"streaming {n:,} JSON lines, generated lazily, through callrules.evaluate_stream in "
          "a child process ...", flush=True)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--stream-child",
                           str(n)], cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        return 2
    child = json.loads(proc.stdout.strip().splitlines()[-1])
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    parent_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mb = peak_kib * 1024 / 1e6
    # the target is for 1,000,000 applications: a shorter stream says nothing against it
    met = peak_mb < TARGET_STREAM_MB and child["count"] == n >= 1_000_000
    print(f"\n{'measure':44}  {'figure':40}  {'target':10}  result")
    print(f"{'peak RSS of the child (RUSAGE_CHILDREN)':44}  "
          f"{f'{peak_mb:,.0f} MB ({peak_kib / 1024:,.0f} MiB)':40}  "
          f"{f'< {TARGET_STREAM_MB:.0f} MB':10}  "
          f"{'MET' if met else 'MISSED' if n >= 1_000_000 else '(the target is for 1,000,000)'}")
    print(f"{'  the child own VmHWM':44}  {child['vmhwm_kib'] / 1024:,.0f} MiB")
    print(f"{'  this parent peak RSS (carried into the child)':44}  {parent_kib / 1024:,.0f} MiB")
    print(f"{'applications streamed':44}  {child['count']:,} in {seconds:,.0f} s "
          f"({child['count'] / child['seconds']:,.0f}/s, generation included)")
    print(f"{'  eligible / input errors / one-per-host':44}  {child['eligible']:,} / "
          f"{child['invalid']:,} / {child['corrections']:,}")
    print(f"load average at the end: {_load()}")
    return 0


def stream_child(n: int) -> None:
    """The child of --stream: evaluate_stream over a lazy generator, keeping nothing."""
    start = time.perf_counter()
    import callrules

    call = callrules.calls.load(CALL_ID)
    evaluation = callrules.evaluate_stream(call, json_lines(n), now=NOW)
    count = eligible = invalid = 0
    every = max(n // 10, 1)
    for item in evaluation:
        count += 1
        if count % every == 0:  # progress, and whether memory still grows, on stderr
            print(f"  {count:>11,} streamed in {time.perf_counter() - start:,.0f} s; peak RSS "
                  f"so far {_vmhwm_kib() / 1024:,.0f} MiB", file=sys.stderr, flush=True)
        if item.report is None:
            invalid += 1
        elif item.report.eligible:
            eligible += 1
    corrections = len(evaluation.corrections())
    print(json.dumps({"count": count, "eligible": eligible, "invalid": invalid,
                      "corrections": corrections, "seconds": time.perf_counter() - start,
                      "vmhwm_kib": _vmhwm_kib()}))


def _vmhwm_kib() -> int:
    """This process's peak resident set size so far, in KiB (Linux)."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0])


def profile(contestants: Sequence[Any], items: list[Any], name: str) -> None:
    """cProfile of one engine over ``items``: the 20 functions with the most own time."""
    import cProfile
    import pstats

    run = next(e.run for e in contestants if e.name == name)
    profiler = cProfile.Profile()
    profiler.enable()
    for item in items:
        run(item)
    profiler.disable()
    print(f"\ncProfile of {name} over {len(items):,} applications (top 20 by own time; the "
          "profiler adds its own overhead):")
    pstats.Stats(profiler, stream=sys.stdout).strip_dirs().sort_stats("tottime").print_stats(20)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# ---------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20_000,
                        help="applications in the timed batch (default 20,000)")
    parser.add_argument("--block", type=int, default=250,
                        help="applications per block: the engines take turns block by block")
    parser.add_argument("--repeats", type=int, default=3, help="timed passes over the batch")
    parser.add_argument("--runs", type=int, default=9,
                        help="fresh processes for the import and check times (median)")
    parser.add_argument("--profile", action="store_true",
                        help="also print a cProfile of callrules end to end (top 20 by own time)")
    parser.add_argument("--verify-only", action="store_true",
                        help="only check that every engine gives the same verdicts; time nothing")
    parser.add_argument("--stream", type=int, metavar="N",
                        help="only measure the peak RSS of a child streaming N applications")
    parser.add_argument("--stream-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stream_child is not None:
        stream_child(args.stream_child)
        return 0
    if args.stream is not None:
        return stream_mode(args.stream)

    wall = time.perf_counter()
    print(f"callrules benchmark, {datetime.now().astimezone().isoformat('T', 'seconds')}")
    for key, value in machine().items():
        print(f"  {key:9} {value}")
    print(f"  peers     {versions()}")
    print(f"  load      {_load()} (1, 5, 15 min) at the start")
    print(f"  options   --n {args.n} --block {args.block} --repeats {args.repeats} "
          f"--runs {args.runs}; evaluated at {NOW.isoformat()}")

    if args.verify_only:
        return verify_only(args.n)

    # fresh processes first, while this one is small --------------------------------------
    print("\nimport and check: fresh processes ...", flush=True)
    py = sys.executable
    entry = Path(sysconfig.get_path("scripts")) / "callrules"
    cached = bytecode_env()
    check = [str(entry), "check", "--at", NOW.isoformat(), CALL_ID, "examples/eligible.json"]
    walls = fresh_processes({
        "pass": ([py, "-c", "pass"], cached),
        "import": ([py, "-c", "import callrules"], cached),
        "check": (check, cached),
        "check, no .pyc": (check, dict(os.environ)),
    }, args.runs)

    # the batch, in the three forms the engines read -------------------------------------
    import engines

    import callrules

    call = callrules.calls.load(CALL_ID)
    start = time.perf_counter()
    texts = list(json_lines(args.n))
    dicts = [json.loads(text) for text in texts]
    models = [callrules.parse_application(d) for d in dicts]
    user_models = [engines.UserApplication.model_validate(d) for d in dicts]
    inputs = {"text": texts, "dict": dicts, "model": models, "user model": user_models}
    print(f"batch: {args.n:,} applications ({sum(map(len, texts)) / args.n:,.0f} characters of "
          f"JSON each), generated and validated in {time.perf_counter() - start:.1f} s")
    roster = engines.roster(call)

    print("checking every engine's verdict on every application ...", flush=True)
    disagreements = verify(roster, inputs, texts)
    if disagreements:
        print(f"\nFAILED: {disagreements} verdict disagreements (see above); nothing timed.")
        return 1

    print(f"timing: {args.repeats} passes, blocks of {args.block}, engines in turn ...",
          flush=True)
    times = interleaved(roster, inputs, args.block, args.repeats)
    cpu, wall_times = times["cpu"], times["wall"]

    # the figures ----------------------------------------------------------------------------
    rows: list[tuple[str, str, str, str]] = []

    def row(name: str, figure: str, target: str = "", met: bool | None = None) -> None:
        rows.append((name, figure, target, "" if met is None else "MET" if met else "MISSED"))

    def both(fast: str, slow: str) -> tuple[float, str]:
        value, shown = ratio(cpu, fast, slow)
        return value, f"{shown}; wall {ratio(wall_times, fast, slow)[0]:.2f}x"

    median_us = {name: 1e6 * statistics.median(t) for name, t in cpu.items()}
    for engine in roster:
        us = median_us[engine.name]
        row(engine.name, f"{1e6 / us:>9,.0f} apps/s {us:7.1f} µs; wall "
            f"{1e6 * statistics.median(wall_times[engine.name]):7.1f} µs")

    validated, e2e, text = ("callrules, validated apps", "callrules, end to end (dict)",
                            "callrules, from JSON text")
    rows.append(("", "", "", ""))
    value, shown = both(validated, engines.REFERENCE)
    row("callrules validated / hand-written (every)", shown, f">= {TARGET_RULES}x",
        value >= TARGET_RULES)
    row("  / the same on validated pydantic models",
        both(validated, "hand-written, every failure, validated")[1])
    value, shown = both(e2e, "pydantic + hand-written")
    row("callrules end to end / pydantic + hand", shown, f">= {TARGET_E2E}x", value >= TARGET_E2E)
    fastest = min(engines.PEERS, key=lambda name: median_us[name])
    value, shown = both(e2e, fastest)
    row(f"callrules end to end / {fastest.split(' (')[0]} (fastest peer)", shown,
        f">= {TARGET_PEERS}x", value >= TARGET_PEERS)
    for peer in engines.PEERS:
        if peer != fastest:
            row(f"callrules end to end / {peer.split(' (')[0]}", both(e2e, peer)[1])
    parse_us = median_us["callrules parse_application alone"]
    rules_us = median_us[validated]
    row("  end to end = validation + rules + the rest", f"{median_us[e2e]:.0f} = {parse_us:.0f} "
        f"+ {rules_us:.0f} + {median_us[e2e] - parse_us - rules_us:.0f} µs")
    row("callrules from text / pydantic from text + hand",
        both(text, "pydantic from JSON text + hand")[1])
    row("callrules validated / hand-written (verdict only)",
        both(validated, "hand-written, verdict only")[1])
    check_ms = 1000 * walls["check"]
    rows.append(("", "", "", ""))
    row("callrules check, one application (wall)", f"{check_ms:.0f} ms; CPU "
        f"{1000 * CPU['check']:.0f} ms", f"< {TARGET_CHECK_MS:.0f} ms", check_ms < TARGET_CHECK_MS)
    row("  the same without a bytecode cache", f"{1000 * walls['check, no .pyc']:.0f} ms")
    row("  a bare python -c pass", f"{1000 * walls['pass']:.0f} ms")
    import_ms = 1000 * (walls["import"] - walls["pass"])
    row("import callrules (wall - bare python)", f"{import_ms:.0f} ms; CPU "
        f"{1000 * (CPU['import'] - CPU['pass']):.0f} ms")
    row("stream of 1,000,000 (run --stream 1000000)", "not measured in this mode",
        f"< {TARGET_STREAM_MB:.0f} MB")

    width = [max(len(r[i]) for r in rows) for i in range(3)]
    print(f"\n{'measure':{width[0]}}  {'figure':{width[1]}}  {'target':{width[2]}}  result")
    for name, figure, target, met in rows:
        print(f"{name:{width[0]}}  {figure:{width[1]}}  {target:{width[2]}}  {met}".rstrip())
    print("\nTimes are CPU time of this process (time.process_time), the median over blocks; "
          "wall-clock times beside them. Each ratio says how many times faster the first is "
          "than the second: the median over blocks of the ratio of their CPU times on the same "
          "applications (10th-90th percentiles in brackets), then the same from wall time.")
    if args.profile:
        profile(roster, dicts[:2000], e2e)
    load = os.getloadavg()
    print(f"total time {time.perf_counter() - wall:.0f} s; load average {_load()} at the end")
    if load[1] > 1.5:
        print(f"WARNING: other processes loaded this {os.cpu_count()}-core machine (5-minute "
              "load average above 1.5): absolute figures are pessimistic; ratios of engines "
              "timed on the same blocks are less affected.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
