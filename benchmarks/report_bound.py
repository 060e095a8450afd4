"""What the evaluation of one application produces at most: the bound on findings
(``callrules._report_bound``), against the attacks that made it (issue 16, seventh pass).

Each case is a call that loads (within the work bound) and an application within the models'
bounds whose findings would, unbounded, make a report hundreds of times the application:
100 rules over 1,000 visitors, each finding showing 30 codes; 150 rules each requiring a
document per visitor in a 4,900-character text; one rule of 900 failing conditions on a small
application. Past the bound, each rule is said by the findings that fit and one saying the
others are not listed (``findings_cut``): the verdict stays "not eligible". Printed for
each: the verdict, the seconds, the peak memory added, the characters of the JSON report
(or of a refusal), and that figure over
the application's JSON, beside the targets: within ``CALL_WORK_SECONDS`` (10 s), and a report
within ``REPORT_FACTOR`` × (``FINDINGS_BASE`` + ``FINDINGS_PER_RULE`` × the rules that fail +
``FINDINGS_PER_CHAR`` × the application, its texts counted up to ``ALLOWANCE_TEXT``
characters each, its weight up to ``ALLOWANCE_WEIGHT``), plus the call's long texts (said once).

    python benchmarks/report_bound.py
"""

from __future__ import annotations

import json
import resource
import time
import tomllib
from pathlib import Path
from typing import Any

import callrules
from callrules import _report_bound as bound
from callrules.language.quantifiers import CALL_WORK_SECONDS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = json.loads((ROOT / "examples" / "eligible.json").read_text("utf-8"))


def _call(rules: list[dict[str, Any]]) -> callrules.Call:
    cnrs = callrules.calls.load("cnrs-amsud-2026")
    data = tomllib.loads(Path(cnrs.source).read_text("utf-8"))
    data["rules"] = rules
    return callrules.Call.from_dict(data, source="report-bound")


def _names(n: int) -> dict[str, Any]:
    return {"clause": "opening", "check": {"op": "each", "path": "visitors", "rule": {
        "op": "not_in", "path": "person.given_name",
        "set": ["Joana", "Mateo"] + [f"Name {i:02}" for i in range(n)]}}}


def _documents(text: int) -> dict[str, Any]:
    words = {lang: "x" * text for lang in ("fr", "en", "es", "pt")}
    return {"clause": "opening", "check": {"op": "each", "path": "visitors", "as": "v", "rule": {
        "op": "exists", "path": "$root.documents", "requirement": words, "where": {
            "op": "compare", "path": "owner", "cmp": "==", "to": {"path": "$v.id"}}}}}


def _application(visitors: int, documents: bool) -> dict[str, Any]:
    data = json.loads(json.dumps(EXAMPLE))
    model = data["visitors"][0]
    data["visitors"] = [{**model, "id": f"v{n}"} for n in range(visitors)]
    if not documents:
        data["documents"] = []
    return data


def _conditions(outer: int, inner: int) -> dict[str, Any]:
    """One rule of ``outer`` × ``inner`` comparisons that all fail (attack 23b F-V1): many
    failures that no list of the application makes."""
    others = ["de", "es", "it", "nl", "pl", "sv"]
    return {"clause": "opening", "check": {"op": "all", "rules": [
        {"op": "all", "rules": [{"op": "compare", "path": "language", "cmp": "==",
                                 "to": others[(i + j) % len(others)]} for j in range(inner)]}
        for i in range(outer)]}}


CASES = {
    "100 rules x 1,000 visitors, 30 codes each": ([_names(30)] * 100, 1000, True),
    "150 rules x 1,000 visitors, 4,900-char requirement": ([_documents(4900)] * 150, 1000, False),
    "20 rules x 1,000 visitors, 4,900-char requirement": ([_documents(4900)] * 20, 1000, False),
    "1 rule x 1,000 visitors, 30 codes (answered)": ([_names(30)], 1000, True),
    "3 rules x 1,000 visitors, 200-char requirement (answered)":
        ([_documents(200)] * 3, 1000, False),
    "1 rule of 150 x 6 failing conditions, small application (not eligible)":
        ([_conditions(150, 6)], 2, True),
}


def main() -> None:
    print(f"target: <= {CALL_WORK_SECONDS} s; report <= {bound.REPORT_FACTOR} x (findings bound)")
    for name, (rules, visitors, documents) in CASES.items():
        call = _call(rules)
        data = _application(visitors, documents)
        size = len(json.dumps(data, ensure_ascii=False))
        application = call.parse(data)
        limit = bound.limit_of(application, len(call.program.decide(application)))
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.process_time()
        try:
            report = callrules.evaluate(call, application)
            out = report.to_json("en", indent=None)
            cut = sum(f.code == "findings_cut" for f in report.findings)
            verdict = (f"{'eligible' if report.eligible else 'NOT ELIGIBLE'}, "
                       f"{len(report.findings):,} findings said, {cut} rules cut")
        except callrules.InputError as exc:
            out = json.dumps([p.to_dict("en") for p in exc.problems])
            verdict = exc.problems[0].type
        seconds = time.process_time() - start
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        print(f"{name}: {verdict}, {seconds:.1f} s CPU, +{grown:.0f} MiB peak, "
              f"{len(out):,} chars = {len(out) / size:.1f} x the application ({size:,}); "
              f"bound {bound.REPORT_FACTOR * limit:,}")


if __name__ == "__main__":
    main()
