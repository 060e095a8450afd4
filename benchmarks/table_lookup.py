"""A rate table's lookup: indexed by the shape of its rows' keys, against the scan of every
row it replaces, and the largest call of lookups that loads, on the largest application.

Targets: a lookup in a table of 5,000 rows (``LIMITS["table_rows"]``, each with a ``"*"``,
which the scan walked) takes as long as in a table of 50 rows, within a few tens of
microseconds; the row found is the scan's, for every key tried (hits, misses that fall to
``"*"``, a code not given); a call of lookup rules at the bound on work
(``CALL_WORK_LIMIT``) is decided and explained within ``CALL_WORK_SECONDS`` of CPU.

    python benchmarks/table_lookup.py
"""

from __future__ import annotations

import copy
import json
import time
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import callrules
from callrules._keys import code_key
from callrules.budget.tables import ANY, RateTable, parse_table
from callrules.language.quantifiers import CALL_WORK_LIMIT, CALL_WORK_SECONDS

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2026, 5, 1)


def rows(count: int) -> list[dict[str, Any]]:
    """``count`` rows of four keys, each with "*" for its last, then "*" for any other."""
    return [{"key": [f"X{i:04d}", f"Ville-Saint-Éloi-{i:04d}", f"Y{i}", "*"], "value": "1.00"}
            for i in range(count - 1)] + [{"key": ["*"] * 4, "value": "2.00"}]


def table(count: int) -> dict[str, Any]:
    return {"table": {"keys": ["country", "sub", "city", "cat"], "value": "money",
                      "currency": "EUR"},
            "versions": [{"from": "2019-01-01", "source": "s", "rows": rows(count)}]}


def keyed_rows(table: RateTable) -> list[tuple[str, ...]]:
    """The rows' keys as they match, worked out once (as the scan had them)."""
    version = table.version_on(DAY)
    assert version is not None
    return [tuple(code if code == ANY else code_key(code) for code in row)
            for row, _ in version.rows]


def scanned(rows: list[tuple[str, ...]], key: tuple[str | None, ...]) -> int | None:
    """The row the scan found: the first, in order, whose every code matches or is "*"."""
    keyed = tuple(None if k is None else code_key(k) for k in key)
    for position, row in enumerate(rows):
        if all(code in (ANY, k) for code, k in zip(row, keyed, strict=True)):
            return position
    return None


def keys(count: int) -> list[tuple[str | None, ...]]:
    """Keys a lookup is given: rows hit (written otherwise), misses, a code not given."""
    tried: list[tuple[str | None, ...]] = []
    for i in range(0, count, max(1, count // 40)):
        tried.append((f"x{i:04d}", f"VILLE SAINT ELOI {i:04d}", f"Y{i}", "technician"))
        tried.append((f"X{i:04d}", f"Ville-Saint-Éloi-{i:04d}", f"Y{i + 1}", "engineer"))
        tried.append((f"X{i:04d}", None, f"Y{i}", "technician"))
    return tried


def per_lookup(count: int) -> None:
    read = parse_table("tbl", table(count))
    tried = keys(count)
    version = read.version_on(DAY)
    assert version is not None
    walked = keyed_rows(read)
    same = all(version.row_for(k) == scanned(walked, k) for k in tried)
    start = time.process_time()
    for _ in range(20):
        for key in tried:
            read.lookup(key, DAY)
    indexed = (time.process_time() - start) / (20 * len(tried)) * 1e6
    start = time.process_time()
    for key in tried:
        scanned(walked, key)
    scan = (time.process_time() - start) / len(tried) * 1e6
    print(f"{count:>6,} rows: indexed {indexed:8.1f} µs a lookup, scan {scan:10.1f} µs; "
          f"{read.steps} steps counted; rows found {'equal' if same else 'DIFFERENT'} "
          f"({len(tried)} keys)")


def at_the_bound() -> None:
    """The bundled call with a 5,000-row table and lookup rules over every visitor, as
    many as load, on 1,000 visitors."""
    base = tomllib.loads((ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8"))
    base["parameters"]["tbl"] = table(5000)
    base.setdefault("labels", {}).setdefault("parameters", {})["tbl"] = {
        lang: "T" for lang in ("fr", "en", "es", "pt")}
    rule = {"op": "each", "path": "visitors", "rule": {
        "op": "compare", "cmp": "<=", "to": {"amount": "3.00", "currency": "EUR"},
        "left": {"lookup": "tbl", "on": {"path": "stay.arrival"}, "key": [
            {"path": "institution.location.country"}, {"path": "institution.location.city"},
            {"path": "id"}, {"path": "category"}]}}}
    low, high, call = 1, 400, None
    while low < high:  # the most rules that load
        middle = (low + high + 1) // 2
        data = copy.deepcopy(base)
        data["rules"] += [{"clause": "budget-cap", "check": rule}] * middle
        try:
            call = callrules.Call.from_dict(data)
            low = middle
        except callrules.DefinitionError as error:
            assert error.code == "too_much_work", error
            high = middle - 1
    data = copy.deepcopy(base)
    data["rules"] += [{"clause": "budget-cap", "check": rule}] * low
    call = callrules.Call.from_dict(data)
    app = json.loads((ROOT / "examples/eligible.json").read_text("utf-8"))
    app["visitors"] = [dict(copy.deepcopy(app["visitors"][0]), id=f"v{i}")
                       for i in range(1000)]
    app["documents"] = app["documents"][:1]
    app["budget"]["lines"] = []
    start = time.process_time()
    report = callrules.evaluate(call, app, now=callrules.parse_instant(
        "2026-05-30T10:00:00+02:00"))
    cpu = time.process_time() - start
    print(f"at the bound: {low} lookup rules over 1,000 visitors, estimated "
          f"{call.program.work:,} steps (bound {CALL_WORK_LIMIT:,}), {cpu:.2f} s of CPU "
          f"(target {CALL_WORK_SECONDS} s: {'within' if cpu <= CALL_WORK_SECONDS else 'OVER'}"
          f"), {len(report.findings):,} findings")


def main() -> None:
    for count in (50, 500, 5000):
        per_lookup(count)
    at_the_bound()


if __name__ == "__main__":
    main()
