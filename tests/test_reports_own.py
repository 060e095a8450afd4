"""What a report hands out is its own: a caller changing anything reachable from one report
(a finding's ``ctx``, its call's wording, its labels) never changes another report's words or
data, nor what the call says later."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any

from hypothesis import HealthCheck, given

import callrules
from callrules._portable import ReadOnly
from tests.conftest import ROOT, eligible_dict
from tests.laws import settings
from tests.strategies import (
    EXPRESSION_PARAMETERS,
    EXPRESSION_TIMELINE,
    call_files,
    cnrs_applications,
    expression_rules,
)
from tests.test_definitions import minimal_call

NOW = callrules.parse_instant("2026-06-01T10:00:00+02:00")
LANGS = ("en", "fr", "es", "pt")
#: A rule whose finding carries the rule as written (``ctx["rule"]``): ``not exists``.
WRITTEN = {"op": "each", "path": "visitors", "as": "v", "rule": {
    "op": "not", "rule": {"op": "exists", "path": "$root.documents", "where": {
        "op": "compare", "path": "owner", "cmp": "==", "to": {"path": "$v.id"}}}}}
#: ``exists`` without a requirement: its finding carries the rule too.
NONE_MATCHING = {"op": "exists", "path": "documents", "where": {
    "op": "compare", "path": "kind", "cmp": "==", "to": "nothing-of-this-kind"}}


def spoiled(value: Any, seen: set[int]) -> None:
    """Every dict, list and set reachable from ``value`` changed in place (a key added,
    items replaced); read-only mappings left as they are (they cannot be changed)."""
    if id(value) in seen or isinstance(value, (str, bytes, int, float)):
        return
    seen.add(id(value))
    if isinstance(value, dict):
        for item in list(value.values()):
            spoiled(item, seen)
        if isinstance(value, ReadOnly):  # (a finding's ctx: its values spoiled only)
            return
        for key in list(value):
            value[key] = "spoiled"
        value["spoiled"] = "spoiled"
    elif isinstance(value, list):
        for item in value:
            spoiled(item, seen)
        value[:] = ["spoiled"]
    elif isinstance(value, set):
        value.clear()
        value.add("spoiled")
    elif isinstance(value, (tuple, frozenset)):
        for item in value:
            spoiled(item, seen)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            spoiled(getattr(value, f.name), seen)
    elif hasattr(value, "__dict__") and type(value).__module__.startswith("callrules"):
        for item in vars(value).values():
            spoiled(item, seen)


def said(report: callrules.Report) -> tuple[str, list[str]]:
    return report.to_json(), [f.message(lang) for f in report.findings for lang in LANGS]


class TestReportsAreTheirOwn:
    def test_changing_a_report_of_the_bundled_call_never_changes_another(self) -> None:
        """Every dict, list and set reachable from a report of the bundled call (its
        findings' ``ctx``, the call's wording of each, the labels) changed: another report
        of the same application, made before or after, says and holds the same."""
        call = callrules.calls.load("cnrs-amsud-2026")
        for name in ("eligible", "ineligible"):
            app = json.loads((ROOT / "examples" / f"{name}.json").read_text("utf-8"))
            before = callrules.evaluate(call, app, now=NOW)
            words = said(before)
            victim = callrules.evaluate(call, json.loads(json.dumps(app)), now=NOW)
            spoiled(victim.findings, set())
            assert said(before) == words
            assert said(callrules.evaluate(call, app, now=NOW)) == words

    def test_the_rule_as_written_in_a_finding_is_its_own(self) -> None:
        """``ctx["rule"]`` (the rule as the call writes it, for ``not`` and ``exists``
        without a requirement) changed in one report: the next report's words and JSON are
        the same as before."""
        for rule in (WRITTEN, NONE_MATCHING):
            call = callrules.Call.from_dict(minimal_call(rule))
            app = eligible_dict()  # (its visitors have documents: ``not exists`` fails)
            first = callrules.evaluate(call, app, now=NOW)
            assert any("rule" in f.ctx for f in first.findings), [f.code for f in first.findings]
            words = said(first)
            for finding in first.findings:
                if "rule" in finding.ctx:
                    finding.ctx["rule"]["op"] = "spoiled"  # type: ignore[index]
                    finding.ctx["rule"].clear()  # type: ignore[attr-defined]
            spoiled(first.findings, set())
            assert said(callrules.evaluate(call, app, now=NOW)) == words


def containers(value: Any, out: dict[int, Any], depth: int = 0) -> dict[int, Any]:
    """Every dict, list and set reachable from ``value`` (through tuples too), by id."""
    if depth > 300:
        return out
    if isinstance(value, (dict, list, set)):
        out[id(value)] = value
    if isinstance(value, Mapping):
        for item in value.values():
            containers(item, out, depth + 1)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            containers(item, out, depth + 1)
    return out


def _reports(data: dict[str, Any], app: dict[str, Any]) -> tuple[callrules.Call, list[
        callrules.Report]] | None:
    try:
        call = callrules.Call.from_dict(data)
    except callrules.DefinitionError:
        return None
    app = {**app, "call": call.id} if "call" in app else app
    return call, [callrules.evaluate(call, json.loads(json.dumps(app)), now=NOW)
                  for _ in range(2)]


class TestRandomReportsAreTheirOwn:
    def _law(self, data: dict[str, Any], app: dict[str, Any]) -> None:
        made = _reports(data, app)
        if made is None:
            return
        call, (first, second) = made
        mine = {i: v for f in first.findings for i, v in containers(f.ctx, {}).items()}
        theirs = {i: v for f in second.findings for i, v in containers(f.ctx, {}).items()}
        assert not mine.keys() & theirs.keys(), [
            (f.code, k) for f in first.findings for k, v in f.ctx.items()
            if containers(v, {}).keys() & theirs.keys()]
        words = said(second)
        spoiled(first.findings, set())
        assert said(second) == words
        assert said(callrules.evaluate(call, app, now=NOW)) == words

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(expression_rules())
    def test_comparisons_with_expressions(self, rule: dict[str, Any]) -> None:
        """Law: any comparison with expressions (sides, ``where`` filters, sets as written)
        evaluated twice → no dict, list or set of any ``ctx`` key of one report's findings,
        however nested, is one of the other's; every one of them changed in place, the
        other report and a new one say and hold the same (attack 36b: 7 to 10 containers
        shared)."""
        data = minimal_call(
            rule, parameters=EXPRESSION_PARAMETERS, timeline=EXPRESSION_TIMELINE,
            labels={"parameters": {"cap": {"fr": "Plafond", "en": "Cap"}}})
        app = eligible_dict()
        app["exchange_rates"] = [{"base": "BRL", "quote": "EUR", "rate": "0.16"}]
        self._law(data, app)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(call_files(), cnrs_applications())
    def test_generated_calls(self, data: dict[str, Any], app: dict[str, Any]) -> None:
        """Law: any generated call (every kind of rule) × any application → the same: no
        container of one report's findings is another report's."""
        self._law(data, app)
