"""The cost of evaluating at many instants of a call with a history: the versions of a call are
kept (``KEPT_VERSIONS``), checked the first time they are asked for and their decision
generated the second time, once.

A large call (the bundled CNRS call's rules repeated, as many as load) whose cap changes every
hour (100 amendments), evaluated on the eligible example at instants taken in rotation over
34 and 100 versions (more than are kept: the order that made a first-in-first-out cache
compile on every evaluation), beside the same number of evaluations at one version.

Targets: code generated at most once per version, for at most ``KEPT_VERSIONS`` of them,
whatever the order; once the first passes are done, an evaluation in rotation costs one
version's evaluation plus, for the share of versions beyond those kept, a check of the rules
(no code generated per evaluation, where each evaluation paid a check and a generation
before), within a factor 2 (the machine's load moves each figure); the peak memory bounded.

    python benchmarks/versions.py            # ~1 min on 2 shared cores
    python benchmarks/versions.py --passes 5
"""

from __future__ import annotations

import argparse
import copy
import json
import resource
import time
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import callrules
from callrules import _call
from callrules.language import program

ROOT = Path(__file__).resolve().parent.parent
START = datetime(2026, 1, 1, tzinfo=UTC)


def large_call(copies: int) -> tuple[callrules.Call, int]:
    """The CNRS call with its rules repeated up to ``copies`` times (fewer if the call's
    bound on work refuses them) and a cap amended every hour, 100 times."""
    data: dict[str, Any] = tomllib.loads(
        (ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml").read_text("utf-8"))
    rules = data["rules"]
    data["parameters"]["cap"] = {"history": [
        {"from": (START + timedelta(hours=h)).isoformat(),
         "value": {"amount": f"{3000 + h}.00", "currency": "EUR"}} for h in range(100)]}
    while copies > 0:
        data["rules"] = [copy.deepcopy(rule) for _ in range(copies) for rule in rules]
        try:
            return callrules.Call.from_dict(data), len(data["rules"])
        except callrules.DefinitionError as error:
            if error.code not in ("too_much_work", "too_many_rules", "too_many_nodes"):
                raise
            copies -= 1
    raise SystemExit("no copy of the rules loads")


def rotation(call: callrules.Call, app: Any, versions: int, passes: int) -> list[float]:
    """Seconds per evaluation of each pass, at instants in rotation over ``versions``."""
    out = []
    for _ in range(passes):
        begun = time.perf_counter()
        for hour in range(versions):
            callrules.evaluate(call, app, now=START + timedelta(hours=hour, minutes=30))
        out.append((time.perf_counter() - begun) / versions)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=30, help="copies of the CNRS rules")
    parser.add_argument("--passes", type=int, default=3, help="passes of each rotation")
    args = parser.parse_args()
    counts = {"checks": 0, "generations": 0}
    real_check, real_generate = _call.compile_rules, program._generate

    def check(*a: Any, **k: Any) -> Any:
        counts["checks"] += 1
        return real_check(*a, **k)

    def generate(*a: Any) -> Any:
        counts["generations"] += 1
        return real_generate(*a)

    _call.compile_rules = check  # type: ignore[assignment]
    program._generate = generate  # type: ignore[assignment]
    call, rules = large_call(args.copies)
    app = call.parse((ROOT / "examples" / "eligible.json").read_text("utf-8"))
    print(f"call: {rules} rules, 100 versions of its cap; KEPT_VERSIONS = {_call.KEPT_VERSIONS}")

    key = call._values.key_at(START)
    begun = time.perf_counter()
    for _ in range(5):
        real_check(call.definition, call._values.version(key), call.zone, call.source,
                   call.form, call._values, False, call._shared.paths)
    checking = (time.perf_counter() - begun) / 5
    begun = time.perf_counter()
    for _ in range(3):
        real_check(call.definition, call._values.version(key), call.zone, call.source,
                   call.form, call._values)
    compiling = (time.perf_counter() - begun) / 3
    one = rotation(call, app, 1, 20)[-1]  # one version, asked for again and again
    checked = call._version(key, START)  # its rules checked, deciding by explanations
    begun = time.perf_counter()
    for _ in range(20):
        callrules.evaluate(checked, app)
    explained = (time.perf_counter() - begun) / 20
    print(f"one version: {one * 1000:.1f} ms an evaluation; checking one version's rules "
          f"{checking * 1000:.0f} ms, checking and generating them {compiling * 1000:.0f} ms "
          "(what each evaluation paid in rotation over more than 32 versions before); "
          f"an evaluation by the rules' explanations (a version not generated) "
          f"{explained * 1000:.1f} ms")
    for versions in (34, 100):
        fresh, _ = large_call(args.copies)
        counts.update(checks=0, generations=0)
        passes = rotation(fresh, app, versions, args.passes)
        generations = counts["generations"]
        last = passes[-1]
        # the versions beyond those kept are checked on each pass; the others looked up
        share = max(0, versions - _call.KEPT_VERSIONS) / versions
        target = 2 * ((1 - share) * one + share * (checking + explained))
        print(f"rotation over {versions} versions, {args.passes} passes: "
              + ", ".join(f"{p * 1000:.1f}" for p in passes) + " ms an evaluation; "
              f"{counts['checks']} checks, {generations} generations "
              f"(target: at most {min(versions, _call.KEPT_VERSIONS)}: "
              f"{'met' if generations <= min(versions, _call.KEPT_VERSIONS) else 'MISSED'}); "
              f"last pass {last * 1000:.1f} ms (target: below {target * 1000:.1f} ms, one "
              f"version's, and a check for the {share:.0%} of asks beyond those kept, x2: "
              f"{'met' if last <= target else 'MISSED'}; before: {compiling * 1000:.0f} ms "
              "each)")
    results = {"rules": rules, "one_ms": round(one * 1000, 2),
               "explained_ms": round(explained * 1000, 2),
               "check_ms": round(checking * 1000), "compile_ms": round(compiling * 1000)}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB (bounded: {_call.KEPT_VERSIONS} versions kept)")
    print(json.dumps({**results, "peak_mb": round(peak)}))


if __name__ == "__main__":
    main()
