"""The largest budget plan: a call's plan of 100 lines (the most a plan declares) for each
visitor of an application, as many visitors as make the 10,000 lines a budget holds (more is
refused before any work, ``plan_too_many_lines``).

Targets: the plan worked out (``callrules.plan``), written as text (``plan.render``) and as
JSON (``plan.to_dict``: what ``callrules plan --format json`` writes), each within
``TARGET_SECONDS``; the figures measured beside them. Then the refusal of one visitor more,
which must take no longer than reading the application.

    python benchmarks/plan_lines.py              # 100 visitors × 100 lines
    python benchmarks/plan_lines.py --visitors 50
    python benchmarks/plan_lines.py --each-within 20.00   # each visitor within 20 EUR

``--each-within`` adds a rule of the call keeping each visitor's lines within that amount
(in EUR), which the plan does not declare: the planner trims every visitor over it, a
category a proposal judged, within its bound of proposals (``stopped`` if it reaches it).
"""

from __future__ import annotations

import argparse
import copy
import resource
import time
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any

import callrules

ROOT = Path(__file__).resolve().parent.parent
AT = datetime.fromisoformat("2026-05-30T10:00:00+02:00")
TARGET_SECONDS = 2.0
LANGS = ("fr", "en", "es", "pt")


#: A rule of the call keeping each visitor's lines within an amount (``--each-within``).
EACH_WITHIN = {"op": "each", "path": "visitors", "as": "v", "rule": {
    "op": "compare", "cmp": "<=", "left": {
        "sum": "$root.budget.lines", "of": "amount", "where": {
            "op": "compare", "path": "beneficiary", "cmp": "==", "to": {"path": "$v.id"}}},
    "to": {"amount": "%s", "currency": "EUR"}}}


def call(per_visitor: int, each_within: str | None = None) -> callrules.Call:
    """The bundled CNRS call whose plan has ``per_visitor`` lines for each visitor: copies
    of its lodging and meals lines (each reading the State's rate tables); with a rule
    keeping each visitor's lines within ``each_within`` EUR, if given."""
    path = ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml"
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    if each_within is not None:
        rule = copy.deepcopy(EACH_WITHIN)
        rule["rule"]["to"]["amount"] = each_within
        data["rules"].insert(0, {"clause": "budget-cap", "check": rule})
    lines = {line["id"]: line for line in data["plan"]["lines"]}
    data["plan"]["lines"] = [dict(lines["lodging" if k % 2 else "meals"], id=f"line-{k}")
                             for k in range(per_visitor)]
    data["plan"]["trim"] = ["meals", "lodging"]
    return callrules.Call.from_dict(data)


def application(visitors: int) -> dict[str, Any]:
    """The eligible example with ``visitors`` visitors (no budget line: all computed)."""
    import json

    app = json.loads((ROOT / "examples" / "eligible.json").read_text(encoding="utf-8"))
    first = app["visitors"][0]
    app["visitors"], app["budget"]["lines"] = [], []
    for i in range(visitors):
        visitor = copy.deepcopy(first)
        visitor["id"], visitor["person"]["email"] = f"v{i}", f"p{i}@usp.br"
        app["visitors"].append(visitor)
    app["documents"] = [{"kind": "project_description", "pages": 3}] + [
        {"kind": "cv", "owner": f"v{i}", "pages": 1} for i in range(visitors)]
    return app


def timed(what: str, work: Any) -> Any:
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    mark = "ok" if seconds <= TARGET_SECONDS else "MISSED"
    print(f"{what:<38} {seconds:7.2f} s  (target {TARGET_SECONDS:.1f} s: {mark})  "
          f"peak RSS so far {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=100)
    parser.add_argument("--lines", type=int, default=100)
    parser.add_argument("--each-within", metavar="EUR")
    args = parser.parse_args()
    plan_call = call(args.lines, args.each_within).at(AT)
    app = plan_call.parse(application(args.visitors))
    print(f"{args.lines} plan lines × {args.visitors} visitors = "
          f"{args.lines * args.visitors:,} planned lines")
    result = timed("plan (callrules.plan)", lambda: callrules.plan(plan_call, app, now=AT))
    text = timed("text (plan.render('fr'))", lambda: result.render("fr"))
    timed("JSON (plan.to_dict('fr'))", lambda: result.to_dict("fr"))
    print(f"  {len(result.lines):,} lines, {len(result.trims):,} trims, fits: {result.fits}, "
          f"stopped: {getattr(result, 'stopped', False)}, total: {result.total}, "
          f"{len(text) / 2**20:.1f} MiB of text")
    more = plan_call.parse(application(10_000 // args.lines + 1))

    def refused() -> str:
        try:
            callrules.plan(plan_call, more, now=AT)
        except callrules.InputError as exc:
            return exc.problems[0].type
        return "planned"

    print(f"  one visitor more: {timed('refusal (one visitor more)', refused)}")


if __name__ == "__main__":
    main()
