"""Bounded fuzzing of callrules: coverage-guided with atheris (libFuzzer), one target at a time.

    python fuzz/run.py TARGET|all [--runs N] [--seconds S] [--jobs J] [--timeout T]
    python fuzz/run.py TARGET --reproduce FILE     run one saved input, show what escapes
    python fuzz/run.py TARGET --minimize FILE      shrink a saved input, keeping its finding
    python fuzz/run.py --list                      the targets

Each target (``fuzz/targets.py``) runs in its own process, stopped after ``--runs`` inputs or
``--seconds`` seconds, whichever comes first; ``--jobs`` targets run at once. Its corpus
(``fuzz/corpus/TARGET/``) is seeded from ``examples/*.json`` and the bundled call and grows
from run to run. An exception that escapes the library's contract is a finding: it is
counted, its input saved under ``fuzz/crashes/`` (the smallest input seen for each distinct
finding), and fuzzing goes on (``--stop-on-first`` stops instead). An input that runs longer
than ``--timeout`` seconds is a hang, saved by libFuzzer as ``fuzz/crashes/TARGET-timeout-…``.

Without atheris (or with ``--random``) the targets get random and mutated bytes from the
standard library's ``random``: that mode is NOT coverage-guided, and says so in its output.

Exit status: 0 when nothing escaped, 1 when something did, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import platform
import random
import re
import signal
import subprocess
import sys
import time
import traceback
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = HERE / "corpus"
CRASHES = HERE / "crashes"
SRC = ROOT / "src" / "callrules"

COVERAGE = "coverage-guided (atheris/libFuzzer)"
RANDOM = "NOT coverage-guided (random bytes, stdlib fallback)"

#: What atheris instruments for coverage: the library and the pure-Python code it runs on
#: untrusted input (TOML, dates, CLDR formatting). pydantic-core is compiled: not covered.
INSTRUMENTED = ["callrules", "tomllib", "dateutil", "babel", "zoneinfo"]


def target_names() -> list[str]:
    sys.path.insert(0, str(HERE))
    from targets import TARGETS

    return list(TARGETS)


# -- the worker: one target, in its own process ----------------------------------------------
class Hang(BaseException):
    """An input ran longer than the timeout (random mode; libFuzzer handles its own)."""


class Worker:
    """Runs one target over inputs, counting them and recording what escapes."""

    def __init__(self, name: str, args: argparse.Namespace, mode: str) -> None:
        self.name = name
        self.args = args
        self.mode = mode
        self.stats_path = CORPUS / f"{name}.stats.json"
        self.started = time.monotonic()
        self.runs = 0
        self.escaped = 0
        self.findings: dict[str, dict[str, Any]] = {}
        self.slowest = (0.0, 0)
        self.last_flush = 0.0
        self.target: Any = None
        self.targets: Any = None
        self.warnings: Counter[str] = Counter()
        warnings.simplefilter("always")
        warnings.showwarning = self.warned

    def load(self) -> None:
        sys.path.insert(0, str(HERE))
        if self.mode == COVERAGE:
            import atheris

            with atheris.instrument_imports(include=INSTRUMENTED):
                import tomllib  # noqa: F401
                import zoneinfo  # noqa: F401

                import babel.dates
                import babel.lists
                import babel.numbers
                import babel.units  # noqa: F401
                import dateutil.parser  # noqa: F401

                import callrules
                import callrules._html
                import callrules._i18n
                callrules.calls.load("cnrs-amsud-2026")
        import targets

        self.targets = targets
        self.target = targets.TARGETS[self.name]
        for seed in targets.seeds(self.name):  # warm the caches before the clock starts
            self.one(seed, count=False)
        self.runs = 0
        self.started = time.monotonic()

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def one(self, data: bytes, count: bool = True) -> None:
        """Run the target on ``data``; stop the process once the bounds are reached."""
        if count and (self.runs >= self.args.runs or self.elapsed() >= self.args.seconds):
            self.finish()
        start = time.perf_counter()
        try:
            self.target(data)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            self.record(exc, data)
            if self.args.stop_on_first:
                self.flush()
                raise
        finally:
            took = time.perf_counter() - start
            if count:
                self.runs += 1
                if took > self.slowest[0]:
                    self.slowest = (took, len(data))
                if time.monotonic() - self.last_flush > 2:
                    self.flush()

    def record(self, exc: BaseException, data: bytes) -> None:
        self.escaped += 1
        frames = traceback.extract_tb(exc.__traceback__)
        ours = [f for f in frames if f.filename.startswith(str(SRC))]
        where = ours[-1] if ours else (frames[-1] if frames else None)
        place = f"{Path(where.filename).name}:{where.lineno}" if where else "?"
        signature = f"{type(exc).__name__} at {place} {detail(exc)}".strip()
        key = hashlib.sha1(signature.encode()).hexdigest()[:10]
        finding = self.findings.get(signature)
        stem = CRASHES / f"{self.name}-escape-{key}"
        if finding is None:
            finding = self.findings[signature] = {"count": 0, "size": None,
                                                  "file": str(stem.with_suffix(".bin"))}
            print(f"\n=== {self.name}: escaped {signature}", file=sys.stderr)
            traceback.print_exception(exc, file=sys.stderr)
        finding["count"] += 1
        if finding["size"] is None or len(data) < finding["size"]:  # keep the smallest
            finding["size"] = len(data)
            CRASHES.mkdir(parents=True, exist_ok=True)
            stem.with_suffix(".bin").write_bytes(data)
            try:
                explained = self.targets.describe(self.name, data) if self.targets else None
            except Exception as error:  # a 5000-digit int has no repr, for one
                explained = f"(cannot describe the input: {error!r})"
            stem.with_suffix(".txt").write_text(
                f"target: {self.name}\nfinding: {signature}\ninput ({len(data)} bytes): "
                f"{data[:2000]!r}\n\n{explained or ''}\n\n"
                + "".join(traceback.format_exception(exc)), "utf-8")
        self.flush()

    def warned(self, message: Warning | str, category: type[Warning], filename: str,
               lineno: int, *rest: object) -> None:
        """Count a warning (by category and place): reported, not a finding."""
        self.warnings[f"{category.__name__} at {Path(filename).name}:{lineno}"] += 1

    def flush(self) -> None:
        self.last_flush = time.monotonic()
        stats = {
            "target": self.name, "mode": self.mode, "runs": self.runs,
            "seconds": round(self.elapsed(), 1), "escaped": self.escaped,
            "findings": self.findings, "slowest_seconds": round(self.slowest[0], 3),
            "slowest_size": self.slowest[1],
            "outcomes": dict(self.targets.OUTCOMES.most_common(12)) if self.targets else {},
            "warnings": dict(self.warnings.most_common(12)),
        }
        tmp = self.stats_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(stats, indent=1), "utf-8")
        tmp.replace(self.stats_path)

    def finish(self) -> None:
        self.flush()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)  # libFuzzer's own exit would skip the final statistics

    # -- the two ways of feeding inputs ----------------------------------------------------
    def fuzz_with_atheris(self) -> None:
        import atheris

        corpus = CORPUS / self.name
        argv = [sys.argv[0], str(corpus), f"-timeout={self.args.timeout}",
                "-rss_limit_mb=3072", f"-artifact_prefix={CRASHES / self.name}-",
                f"-max_total_time={int(self.args.seconds) + 120}", "-print_final_stats=1"]
        dictionary = CORPUS / f"{self.name}.dict"
        if dictionary.exists():
            argv.append(f"-dict={dictionary}")
        atheris.Setup(argv, self.one)
        atheris.Fuzz()
        self.finish()

    def fuzz_at_random(self) -> None:
        rng = random.Random(self.args.seed)
        seeds = self.targets.seeds(self.name)
        tokens = [t.encode("utf-8", "surrogatepass")
                  for t in self.targets.dictionary(self.name)]

        def alarm(signum: int, frame: object) -> None:
            raise Hang(f"an input ran longer than {self.args.timeout} s")

        signal.signal(signal.SIGALRM, alarm)
        while True:
            data = random_input(rng, seeds, tokens)
            signal.setitimer(signal.ITIMER_REAL, self.args.timeout)
            try:
                self.one(data)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)


def detail(exc: BaseException) -> str:
    """What tells findings at the same line apart: a violated contract's message; for an
    error raised while reading a pydantic ValidationError, the error types it could not
    render."""
    if isinstance(exc, AssertionError):
        return str(exc)[:60]
    context = exc.__context__
    if type(context).__name__ == "ValidationError":
        kinds = sorted(set(re.findall(r"error rendering message.*?\[type=(\w+)", str(context))))
        return f"(rendering {', '.join(kinds)})" if kinds else ""
    return ""


def random_input(rng: random.Random, seeds: list[bytes], tokens: list[bytes]) -> bytes:
    """Random bytes, or a seed with a few random byte-level mutations (no feedback)."""
    if rng.random() < 0.25:
        return rng.randbytes(rng.choice([0, 1, 4, 16, 64, 256, 1024, 4096]))
    data = bytearray(rng.choice(seeds))
    for _ in range(rng.randint(1, 8)):
        where = rng.randint(0, len(data))
        choice = rng.randint(0, 6)
        if choice == 0 and data:
            data[min(where, len(data) - 1)] ^= 1 << rng.randint(0, 7)
        elif choice == 1 and data:
            data[min(where, len(data) - 1)] = rng.randint(0, 255)
        elif choice == 2:
            data[where:where] = rng.randbytes(rng.randint(1, 8))
        elif choice == 3:
            del data[where:where + rng.randint(1, 64)]
        elif choice == 4 and tokens:
            data[where:where] = rng.choice(tokens)
        elif choice == 5:
            size = rng.randint(1, 32)
            data[where:where] = data[where:where + size] * rng.randint(1, 64)
        else:
            other = rng.choice(seeds)
            cut = rng.randint(0, len(other))
            data[where:] = other[cut:]
    return bytes(data)


def work(args: argparse.Namespace) -> None:
    mode = RANDOM if args.random else COVERAGE
    worker = Worker(args.worker, args, mode)
    worker.load()
    worker.flush()
    if mode == COVERAGE:
        worker.fuzz_with_atheris()
    else:
        worker.fuzz_at_random()


# -- the runner: seeds, one process per target, the summary -----------------------------------
def prepare(name: str) -> None:
    """Seed ``fuzz/corpus/NAME/`` and write its libFuzzer dictionary."""
    sys.path.insert(0, str(HERE))
    import targets

    folder = CORPUS / name
    folder.mkdir(parents=True, exist_ok=True)
    for seed in targets.seeds(name):
        path = folder / f"seed-{hashlib.sha1(seed).hexdigest()}"
        if not path.exists():
            path.write_bytes(seed)
    tokens = targets.dictionary(name)
    dictionary = CORPUS / f"{name}.dict"
    if tokens:
        lines = []
        for token in tokens:
            raw = token.encode("utf-8", "surrogatepass")
            escaped = "".join(chr(b) if 32 <= b < 127 and b not in (34, 92) else f"\\x{b:02x}"
                              for b in raw)
            lines.append(f'"{escaped}"')
        dictionary.write_text("\n".join(lines) + "\n", "ascii")
    elif dictionary.exists():
        dictionary.unlink()


def artifacts() -> set[Path]:
    return {p for p in CRASHES.glob("*") if "-escape-" not in p.name and p.is_file()}


def launch(name: str, args: argparse.Namespace, mode: str) -> tuple[subprocess.Popen[bytes],
                                                                     Any, float]:
    prepare(name)
    stats = CORPUS / f"{name}.stats.json"
    stats.unlink(missing_ok=True)
    log = (CORPUS / f"{name}.log").open("wb")
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", name,
               "--runs", str(args.runs), "--seconds", str(args.seconds),
               "--timeout", str(args.timeout), "--seed", str(args.seed)]
    if mode == RANDOM:
        command.append("--random")
    if args.stop_on_first:
        command.append("--stop-on-first")
    process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    return process, log, time.monotonic()


def summarize(name: str, code: int, new: set[Path], wall: float) -> dict[str, Any]:
    path = CORPUS / f"{name}.stats.json"
    stats: dict[str, Any] = json.loads(path.read_text("utf-8")) if path.exists() else {
        "target": name, "runs": 0, "seconds": round(wall, 1), "escaped": 0, "findings": {}}
    mine = sorted(p for p in new if p.name.startswith(f"{name}-"))
    stats["libfuzzer_artifacts"] = [str(p.relative_to(ROOT)) for p in mine]
    stats["exit_code"] = code
    stats["corpus_files"] = len(list((CORPUS / name).glob("*")))
    # libFuzzer's own stop (timeout, out of memory, a crash it saw) is a finding too
    stats["escaped"] += len([p for p in mine if not p.name.split("-", 1)[1].startswith(
        "slow-unit")])
    if code != 0 and not stats["escaped"]:
        stats["escaped"] = 1
        stats["findings"][f"worker exited with status {code} (see fuzz/corpus/{name}.log)"
                          ] = {"count": 1}
    return stats


def run(args: argparse.Namespace, names: list[str]) -> int:
    mode = COVERAGE
    if args.random:
        mode = RANDOM
    elif importlib.util.find_spec("atheris") is None:
        print("atheris is not installed: falling back to random inputs, which is NOT "
              "coverage-guided", file=sys.stderr)
        mode = RANDOM
    version = "not installed"
    if importlib.util.find_spec("atheris") is not None:
        from importlib.metadata import version as dist_version

        version = dist_version("atheris")
    print(f"callrules fuzzing: {mode}; atheris {version}; Python {platform.python_version()}; "
          f"{os.cpu_count()} CPU(s); bounds: {args.runs} runs or {args.seconds} s per target, "
          f"{args.jobs} at once, {args.timeout} s per input")
    CRASHES.mkdir(parents=True, exist_ok=True)
    before = artifacts()
    queue = list(names)
    running: dict[str, tuple[subprocess.Popen[bytes], Any, float]] = {}
    results: dict[str, dict[str, Any]] = {}
    limit = args.seconds + args.timeout + 300  # beyond this, the worker itself is stuck
    while queue or running:
        while queue and len(running) < args.jobs:
            name = queue.pop(0)
            running[name] = launch(name, args, mode)
        time.sleep(0.5)
        for name, (process, log, started) in list(running.items()):
            code = process.poll()
            if code is None and time.monotonic() - started > limit:
                process.kill()
                code = process.wait()
            if code is None:
                continue
            log.close()
            del running[name]
            new = artifacts() - before
            results[name] = summarize(name, code, new, time.monotonic() - started)
            show(results[name])
    print()
    print(f"{'target':<12} {'inputs':>10} {'seconds':>8} {'escaped':>8} {'slowest':>9} "
          f"{'corpus':>7}  mode")
    for name in names:
        stats = results[name]
        print(f"{name:<12} {stats['runs']:>10,} {stats['seconds']:>8} {stats['escaped']:>8} "
              f"{stats.get('slowest_seconds', 0):>8}s {stats['corpus_files']:>7}  "
              f"{stats.get('mode', mode)}")
    escaped = sum(stats["escaped"] for stats in results.values())
    print(f"\n{escaped} input(s) escaped the contract" + (
        "; inputs saved under fuzz/crashes/" if escaped else ""))
    return 1 if escaped else 0


def show(stats: dict[str, Any]) -> None:
    print(f"{stats['target']}: {stats['runs']:,} inputs in {stats['seconds']} s, "
          f"{stats['escaped']} escaped", flush=True)
    for signature, finding in stats["findings"].items():
        print(f"  {finding['count']} × {signature}  ({finding.get('file', '')})")
    for artifact in stats["libfuzzer_artifacts"]:
        print(f"  libFuzzer saved {artifact}")


# -- one saved input: reproduce or minimize --------------------------------------------------
def outcome(target: Any, data: bytes, timeout: float) -> str | None:
    """The signature of what escapes when ``target`` runs on ``data`` (None: nothing)."""
    def alarm(signum: int, frame: object) -> None:
        raise Hang("timeout")

    signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        target(data)
    except Hang:
        return "Hang"
    except Exception as exc:
        frames = traceback.extract_tb(exc.__traceback__)
        ours = [f for f in frames if f.filename.startswith(str(SRC))]
        where = ours[-1] if ours else frames[-1]
        return f"{type(exc).__name__} at {Path(where.filename).name}:{where.lineno}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return None


def reproduce(name: str, path: Path) -> int:
    sys.path.insert(0, str(HERE))
    import targets

    data = path.read_bytes()
    print(f"{name} on {path} ({len(data)} bytes): {data[:400]!r}")
    explained = targets.describe(name, data)
    if explained:
        print(explained)
    try:
        targets.TARGETS[name](data)
    except Exception:
        traceback.print_exc()
        return 1
    print("nothing escaped")
    return 0


def minimize(name: str, path: Path, timeout: float) -> int:
    """Delta debugging over bytes: remove chunks while the same finding escapes."""
    sys.path.insert(0, str(HERE))
    import targets

    target = targets.TARGETS[name]
    data = path.read_bytes()
    wanted = outcome(target, data, timeout)
    if wanted is None:
        print("nothing escapes on this input")
        return 0
    chunk = max(1, len(data) // 2)
    while chunk >= 1:
        start, changed = 0, False
        while start < len(data):
            trial = data[:start] + data[start + chunk:]
            if outcome(target, trial, timeout) == wanted:
                data, changed = trial, True
            else:
                start += chunk
        if not changed:
            chunk //= 2
    out = path.with_suffix(path.suffix + ".min")
    out.write_bytes(data)
    print(f"{wanted}: minimal input ({len(data)} bytes) {data!r} written to {out}")
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", nargs="?", help="a target name, or all")
    parser.add_argument("--runs", type=int, default=10**9, help="inputs per target at most")
    parser.add_argument("--seconds", type=float, default=60.0, help="time per target at most")
    parser.add_argument("--jobs", type=int, default=1, help="targets fuzzed at once")
    parser.add_argument("--timeout", type=int, default=20, help="seconds one input may take")
    parser.add_argument("--random", action="store_true",
                        help="random inputs, NOT coverage-guided (the fallback without atheris)")
    parser.add_argument("--seed", type=int, default=20261125, help="seed of --random")
    parser.add_argument("--stop-on-first", action="store_true",
                        help="stop a target at its first finding")
    parser.add_argument("--reproduce", type=Path, metavar="FILE")
    parser.add_argument("--minimize", type=Path, metavar="FILE")
    parser.add_argument("--list", action="store_true", help="list the targets")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        work(args)
        return 0
    names = target_names()
    if args.list:
        print("\n".join(names))
        return 0
    if args.target not in [*names, "all"]:
        parser.error(f"TARGET is one of: {', '.join(names)}, all")
    if args.reproduce or args.minimize:
        if args.target == "all":
            parser.error("--reproduce and --minimize take one target")
        if args.reproduce:
            return reproduce(args.target, args.reproduce)
        return minimize(args.target, args.minimize, args.timeout)
    return run(args, names if args.target == "all" else [args.target])


if __name__ == "__main__":
    sys.exit(main())
