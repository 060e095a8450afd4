"""Read a corpus four ways with two source trees and say what changed: a review tool.

    python fuzz/batches.py /tmp/corpus
    python fuzz/differential.py /tmp/corpus --before /path/to/old/checkout --after .

Each input of the corpus (fuzz/batches.py) is read four ways: as a file named on the command
line, from standard input whole, from standard input 7 bytes at a time, and as the service
reads a request body (``text/csv`` for CSV, ``application/jsonl`` otherwise); each way's
records are checked against cnrs-amsud-2026 at a fixed instant. Each tree runs in a worker
process of its own (``PYTHONPATH=TREE/src``), the two at once, calling the library in-process.

Printed: for each way, how many inputs differ before/after; the differing inputs grouped by
kind of change (results count, verdicts, problem codes, a way disagreeing with the file
way); then the inputs whose results, read from the "after" tree, are not as many as the
applications written into them (N in, N out). Always exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

WAYS = ("file", "stdin", "pieces", "serve")
NOW = dt.datetime(2026, 6, 2, 8, 0, tzinfo=dt.UTC)
CALL = "cnrs-amsud-2026"
PIECE = 7
TIMEOUT = 30  # seconds an input may take, all four ways, before it is called a hang
SHOWN = 25  # inputs listed for each kind of change


class Pieces:
    """A standard input giving at most 7 bytes at each read (a slow pipe)."""

    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def readline(self, size: int = -1) -> bytes:
        stop = min(len(self.data), self.at + PIECE)
        if size >= 0:
            stop = min(stop, self.at + size)
        newline = self.data.find(b"\n", self.at, stop)
        stop = newline + 1 if newline != -1 else stop
        out, self.at = self.data[self.at:stop], stop
        return out


class Hang(Exception):
    pass


# -- the worker: one tree, every input, every way ------------------------------------------
def outcomes(items: list[Any], callrules: Any, call: Any, cache: dict[str, list[str]]
             ) -> list[str]:
    """One word a record: ``eligible``, ``ineligible:CODES`` or ``problems:TYPES``."""
    key = json.dumps([item.data if isinstance(item.data, dict) else
                      sorted(p.type for p in item.data.problems)
                      if isinstance(item.data, callrules.InputError) else repr(item.data)
                      for item in items], sort_keys=True, default=str)
    if key not in cache:
        cache[key] = [said(item) for item in callrules.evaluate_many(call, items, now=NOW,
                                                                     progress=False)]
    return cache[key]


def said(item: Any) -> str:
    if item.report is not None:
        if item.report.eligible:
            return "eligible"
        return "ineligible:" + ",".join(sorted({f.code for f in item.report.errors}))
    return "problems:" + ",".join(p.type for p in item.error.problems)


def served(callrules: Any, call: Any, data: bytes, family: str) -> list[str]:
    """The results of a body as the service reads and checks it (its own ``_check_batch``,
    without HTTP), a refusal of the whole body as one word."""
    from callrules.serve._app import _check_batch
    from callrules.serve._http import Problem

    try:
        result = _check_batch(call, [data], "csv" if family == "csv" else "jsonl", NOW, 10**6)
    except Problem as exc:
        return [f"refused:{exc.code}"]
    return [said(item) for item in result]


def read_all(folder: Path, out: Path) -> None:
    import callrules

    call = callrules.calls.load(CALL)
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    cache: dict[str, list[str]] = {}
    results: dict[str, dict[str, list[str]]] = {}

    def alarm(signum: int, frame: object) -> None:
        raise Hang

    signal.signal(signal.SIGALRM, alarm)
    for name, entry in sorted(manifest.items()):
        path = folder / name
        data = path.read_bytes()
        ways = {"file": (path,), "stdin": ("-", io.BytesIO(data)), "pieces": ("-", Pieces(data))}
        got: dict[str, list[str]] = {}
        signal.alarm(TIMEOUT)
        try:
            for way, (source, *stdin) in ways.items():
                try:
                    read = callrules.records(source, stdin=stdin[0] if stdin else None)
                    got[way] = outcomes(list(read), callrules, call, cache)
                except Hang:
                    raise
                except Exception as exc:
                    got[way] = [f"escaped:{type(exc).__name__}"]
            try:
                got["serve"] = served(callrules, call, data, entry["family"])
            except Hang:
                raise
            except Exception as exc:
                got["serve"] = [f"escaped:{type(exc).__name__}"]
        except Hang:
            for way in WAYS:
                got.setdefault(way, ["hang"])
        finally:
            signal.alarm(0)
        results[name] = got
    out.write_text(json.dumps(results), "utf-8")


# -- the comparison ------------------------------------------------------------------------
def kinds(before: list[str], after: list[str]) -> list[str]:
    """What changed between two ways' results: their count, verdicts, problem codes."""
    if len(before) != len(after):
        return ["results count"]
    found = []
    for old, new in zip(before, after, strict=True):
        if old.startswith("problems:") and new.startswith("problems:"):
            found.append("problem codes")
        elif old != new:
            found.append("verdicts")
    return sorted(set(found)) if before != after else []


def agree(got: dict[str, list[str]]) -> bool:
    return all(got[way] == got["file"] for way in WAYS)


def compare(folder: Path, before: dict[str, Any], after: dict[str, Any]) -> None:
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    per_way = dict.fromkeys(WAYS, 0)
    groups: dict[str, list[str]] = defaultdict(list)
    for name in sorted(manifest):
        old, new = before[name], after[name]
        changes: set[str] = set()
        for way in WAYS:
            if old[way] != new[way]:
                per_way[way] += 1
                changes.update(kinds(old[way], new[way]))
        if agree(old) and not agree(new):
            changes.add("ways now disagree (regression?)")
        if not agree(old) and agree(new):
            changes.add("ways now agree")
        for change in changes:
            groups[change].append(name)
    total = len(manifest)
    known = [e["n"] for e in manifest.values() if e["n"] is not None]
    print(f"{total} inputs; {len(known)} with a known number of results ({sum(known)})")
    print("\ninputs differing before/after, by way of reading:")
    for way in WAYS:
        print(f"  {way:7} {per_way[way]:5}")
    for change in sorted(groups):
        names = groups[change]
        print(f"\n{change}: {len(names)} inputs")
        for name in names[:SHOWN]:
            if change.startswith("ways"):  # the file way beside the ways that disagree
                tree = after if "disagree" in change else before
                odd = [w for w in WAYS if tree[name][w] != tree[name]["file"]]
                print(f"  {name}  [{', '.join(odd)} ≠ file, "
                      f"{'after' if tree is after else 'before'}]")
                print(f"      file:   {brief(tree[name]['file'])}")
                print(f"      {odd[0] + ':':7} {brief(tree[name][odd[0]])}")
                continue
            ways = [w for w in WAYS if before[name][w] != after[name][w]]
            print(f"  {name}  [{', '.join(ways)}]")
            print(f"      before: {brief(before[name][ways[0]])}")
            print(f"      after:  {brief(after[name][ways[0]])}")
        if len(names) > SHOWN:
            print(f"  … and {len(names) - SHOWN} more")
    print(f"\ninputs whose four ways disagree: before {sum(not agree(before[n]) for n in manifest)}"
          f", after {sum(not agree(after[n]) for n in manifest)}")
    wrong: dict[str, list[str]] = defaultdict(list)
    for name, entry in sorted(manifest.items()):
        for way in WAYS:
            if entry["n"] is not None and len(after[name][way]) != entry["n"]:
                wrong[way].append(name)
    print(f"\nN in ≠ N out on the after tree: "
          f"{len({n for names in wrong.values() for n in names})} inputs")
    for way in WAYS:
        print(f"  {way:7} {len(wrong[way]):5}")
    shown = sorted({n for names in wrong.values() for n in names})
    for name in shown[:SHOWN]:
        counts = ", ".join(f"{w} {len(after[name][w])}" for w in WAYS)
        print(f"  {name}: {manifest[name]['n']} in; out: {counts}")
    if len(shown) > SHOWN:
        print(f"  … and {len(shown) - SHOWN} more")


def brief(results: list[str]) -> str:
    text = " | ".join(results)
    return text if len(text) <= 160 else text[:157] + "…"


def run(tree: Path, folder: Path, out: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(tree.resolve() / "src"))
    return subprocess.Popen([sys.executable, str(Path(__file__).resolve()), str(folder),
                             "--worker", str(out)], env=env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a folder written by fuzz/batches.py")
    parser.add_argument("--before", type=Path, help="a checkout of the old tree")
    parser.add_argument("--after", type=Path, help="a checkout of the new tree")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        read_all(args.corpus, args.worker)
        return
    if not (args.before and args.after):
        parser.error("--before and --after are needed")
    started = time.monotonic()
    outs = [args.corpus / f".{side}.results.json" for side in ("before", "after")]
    workers = [run(tree, args.corpus, out) for tree, out in zip((args.before, args.after),
                                                                 outs, strict=True)]
    for tree, worker in zip((args.before, args.after), workers, strict=True):
        if worker.wait() != 0:
            print(f"the worker reading with {tree} failed (status {worker.returncode})")
            return
    before, after = (json.loads(out.read_text("utf-8")) for out in outs)
    print(f"before: {args.before}\nafter:  {args.after}\n"
          f"read in {time.monotonic() - started:.0f} s")
    compare(args.corpus, before, after)


if __name__ == "__main__":
    main()
