"""The size of a batch's answer against what came in, for a call with long texts (issue 16,
tenth pass, U1).

The call: the CNRS call and 44 rules, each requiring a document of its own kind in a text of
4,900 characters in each of its 4 languages (the same text for every rule, as the attack
wrote it, or a text of its own for each); the batch: copies of the example application,
which fails every one of those rules. Printed for each: the records, the bytes of the body
and of the call, the bytes of the answer as ``callrules check --format jsonl`` and the
service write it (a line per record, each long text given once), the seconds and the peak
memory, and the answer over the body and over the body and the call, beside the target:
the answer within 30 times the body and the call together.

    python benchmarks/batch_answer.py
"""

from __future__ import annotations

import json
import resource
import time
import tomllib
from pathlib import Path
from typing import Any

import callrules

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "examples" / "eligible.json").read_text("utf-8")
NOW = callrules.parse_instant("2026-05-30T10:00:00+02:00")
TARGET = 30


def _call(distinct: bool) -> tuple[callrules.Call, int]:
    cnrs = callrules.calls.load("cnrs-amsud-2026")
    data = tomllib.loads(Path(cnrs.source).read_text("utf-8"))
    words = "Un document justificatif très détaillé "
    kinds = data["vocabularies"]["document_kind"]["values"]
    kinds.update({f"k{n:02}": {lang: f"document {n}" for lang in ("fr", "en", "es", "pt")}
                  for n in range(44)})
    for n in range(44):
        text = ((f"{n} " if distinct else "") + words * 200)[:4900]
        data["rules"].append({"clause": "documents", "check": {
            "op": "exists", "path": "documents",
            "where": {"op": "compare", "path": "kind", "cmp": "==", "to": f"k{n:02}"},
            "requirement": {lang: text for lang in ("fr", "en", "es", "pt")}}})
    size = len(json.dumps(data, ensure_ascii=False, default=str).encode("utf-8"))
    return callrules.Call.from_dict(data, source="batch-answer"), size


def _answer(call: callrules.Call, body: str) -> int:
    said: set[str] = set()
    size = 0
    records: Any = [json.loads(line) for line in body.splitlines()]
    for item in callrules.evaluate_many(call, records, now=NOW, progress=False):
        size += len(json.dumps(item.to_dict("fr", None, said), ensure_ascii=False)
                    .encode("utf-8")) + 1
    return size


def main() -> None:
    print(f"target: answer <= {TARGET} x (body + call)")
    line = json.dumps(json.loads(EXAMPLE), ensure_ascii=False)
    for distinct in (False, True):
        call, call_size = _call(distinct)
        for records in (1, 200):
            body = "\n".join([line] * records) + "\n"
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            start = time.perf_counter()
            size = _answer(call, body)
            seconds = time.perf_counter() - start
            grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
            came = len(body.encode("utf-8"))
            print(f"{'44 texts' if distinct else 'one text'}, {records} records: body "
                  f"{came:,} B, call {call_size:,} B, answer {size:,} B in {seconds:.1f} s, "
                  f"+{grown:.0f} MiB peak; {size / came:.1f} x the body, "
                  f"{size / (came + call_size):.1f} x body + call")


if __name__ == "__main__":
    main()
