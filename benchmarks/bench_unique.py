"""One application per participant: the cost per record of a ``unique`` rule keyed by each
visitor, in memory and spilled to disk, as the batch grows.

Target: the work per record is constant (it does not grow with the records already seen): the
time per record at the largest batch is within 1.5x of the smallest, in memory and on disk.
The rule alone is timed (``_Unique.see`` on parsed applications, then ``findings``), so that
parsing and the per-application rules do not hide it.

    python benchmarks/bench_unique.py            # 5,000 / 20,000 / 80,000 records, 3 rounds
    python benchmarks/bench_unique.py --texts 2000

``--texts N``: the peak memory of a batch of N applications under a ``unique`` rule over a
text of 5,000 characters, in ASCII and in ``ﷺ`` (whose key, form KC, is 18 characters each),
each in a fresh process. Target: the ``ﷺ`` batch within 1.5x of the ASCII one (what is held
is bounded in characters, not in entries).
"""

from __future__ import annotations

import argparse
import copy
import json
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import callrules
from callrules import _evaluate

ROOT = Path(__file__).resolve().parent.parent
RULE = {"op": "unique", "path": "visitors.person.email", "case_insensitive": True,
        "order_by": "submitted_at"}


def call() -> callrules.Call:
    text = (ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8")
    data = callrules.Call.from_text(text).definition.model_dump(by_alias=True,
                                                                exclude_none=True)
    data["rules"] = [{"clause": data["rules"][0]["clause"], "check": RULE}]
    return callrules.Call.from_dict(data)


def applications(n: int) -> list[callrules.Application]:
    """``n`` applications of two visitors each, one in ten sharing a visitor with another."""
    base = json.loads((ROOT / "examples/eligible.json").read_text("utf-8"))
    template = callrules.parse_application(base)
    out = []
    for i in range(n):
        data = copy.deepcopy(base)
        data["id"] = f"A{i}"
        for k, visitor in enumerate(data["visitors"]):
            shared = i % 10 == 0 and i > 0
            visitor["person"]["email"] = f"p{(i - 1) if shared else i}-{k}@x.org"
        out.append(template.model_validate(data))
    return out


def per_record(rule: callrules.Call, apps: list[callrules.Application], spill: bool) -> float:
    unique = _evaluate._Unique(rule.batch_rules[0])
    kept = _evaluate._Unique.SPILL_AT, _evaluate._Unique.SPILL_CHARACTERS
    # on disk from the first, or never
    _evaluate._Unique.SPILL_AT = _evaluate._Unique.SPILL_CHARACTERS = 0 if spill else 10**12
    try:
        start = time.perf_counter()
        for index, app in enumerate(apps):
            unique.see(index, app)
        found = unique.findings()
        elapsed = time.perf_counter() - start
    finally:
        _evaluate._Unique.SPILL_AT, _evaluate._Unique.SPILL_CHARACTERS = kept
    assert len(found) == 2 * ((len(apps) - 1) // 10), len(found)  # two visitors each
    return elapsed / len(apps) * 1e6


def texts_batch(n: int, char: str) -> int:
    """Peak memory (KB) of checking ``n`` applications with a 5,000-character text of
    ``char`` under ``unique`` (case aside), streamed as ``callrules check`` does."""
    data = {"id": "texts", "version": "1", "languages": ["en"], "title": {"en": "T"},
            "timezone": "Europe/Paris", "currency": "EUR",
            "timeline": {"deadline": "2026-06-01T17:00:00"},
            "fields": {"application": {"motto": {"type": "text", "max_length": 5000}}},
            "clauses": [{"id": "c", "title": {"en": "C"}, "text": {"en": "C"}}],
            "rules": [{"clause": "c", "check": {"op": "unique", "path": "fields.motto",
                                                "case_insensitive": True}}]}
    rule = callrules.Call.from_dict(data)
    base = json.loads((ROOT / "examples/eligible.json").read_text("utf-8"))
    base.pop("call", None)

    def records() -> Iterator[str]:
        for i in range(n):
            base["id"], base["fields"] = f"A{i}", {"motto": f"{i:06d}{char * 4994}"}
            base["host"]["person"]["email"] = base["submitter"]["email"] = f"h{i}@x.org"
            yield json.dumps(base, ensure_ascii=False)

    stream = callrules.evaluate_stream(rule, records(), progress=False)
    for _ in stream:
        pass
    stream.corrections()
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def texts(n: int) -> None:
    peaks = {}
    for name, char in (("ASCII", "a"), ("\ufdfa (U+FDFA)", "\ufdfa")):
        out = subprocess.run([sys.executable, __file__, "--texts-child", str(n), char],
                             check=True, capture_output=True, text=True).stdout
        peaks[name] = int(out) / 1024
        print(f"{n:,} applications, a text of 5,000 {name}: peak {peaks[name]:.0f} MB")
    ratio = peaks["\ufdfa (U+FDFA)"] / peaks["ASCII"]
    print(f"\ufdfa / ASCII = {ratio:.2f}x (target: at most 1.5x) "
          f"{'met' if ratio <= 1.5 else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000, 20_000, 80_000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--texts", type=int, default=0)
    parser.add_argument("--texts-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.texts_child:
        print(texts_batch(int(args.texts_child[0]), args.texts_child[1]))
        return
    if args.texts:
        texts(args.texts)
        return
    rule = call()
    biggest = applications(max(args.sizes))
    sizes = sorted(args.sizes)
    best: dict[tuple[int, bool], float] = {}
    for _ in range(args.rounds):  # sizes and stores interleaved: a noisy machine slows all
        for size in sizes:
            for spill in (False, True):
                took = per_record(rule, biggest[:size], spill)
                best[size, spill] = min(best.get((size, spill), took), took)
    print(f"{'records':>8} {'memory µs/record':>17} {'disk µs/record':>15}   (best of "
          f"{args.rounds} rounds)")
    rows = []
    for size in sizes:
        rows.append((size, best[size, False], best[size, True]))
        print(f"{size:>8,} {rows[-1][1]:>17.1f} {rows[-1][2]:>15.1f}")
    for column, name in ((1, "memory"), (2, "disk")):
        ratio = rows[-1][column] / rows[0][column]
        print(f"{name}: largest / smallest = {ratio:.2f}x (target: at most 1.5x) "
              f"{'met' if ratio <= 1.5 else 'MISSED'}")


if __name__ == "__main__":
    main()
