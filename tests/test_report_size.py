"""A report stays proportional to its application: what a finding carries is bounded."""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

import callrules
from callrules import rules as r
from callrules._report import LIST_CAP, Finding, Severity
from tests.conftest import eligible_dict
from tests.test_rule_language import cnrs_checking

#: Every document must belong to a visitor: each failing document's finding names the pool.
OWNED = r.each("documents", {"op": "in", "path": "owner",
                             "set": {"path": "$root.visitors.id"}})


class TestBoundedFindings:
    @given(st.integers(0, 3000), st.sampled_from(["list", "set", "tuple"]))
    def test_a_finding_about_a_long_list_has_a_bounded_size(self, size: int, kind: str) -> None:
        """Whatever the length of a list in its input or context, a finding's JSON and
        message have the same bound, and say how many items were left out."""
        items = [f"id-{n:05}" for n in range(size)]
        value: Any = {"list": items, "set": frozenset(items), "tuple": tuple(items)}[kind]
        finding = Finding("not_allowed", "c", Severity.ERROR, ("x",), value,
                          {"allowed": value})
        text = json.dumps(finding.to_dict("fr"), ensure_ascii=False)
        assert len(text) < 1500 + 2 * 12 * LIST_CAP
        if size > LIST_CAP:
            assert finding.ctx["allowed_omitted"] == finding.ctx["input_omitted"] == (
                size - LIST_CAP)
            left_out = re.search(r"and (\d+) more", finding.message("en"))
            assert left_out is not None and int(left_out.group(1)) >= size - LIST_CAP


class TestReportSize:
    @settings(max_examples=8, deadline=None)
    @given(st.integers(1, 1000), st.integers(1, 1000))
    @example(1000, 1000)
    def test_a_report_is_at_most_a_few_times_its_application(self, visitors: int,
                                                             documents: int) -> None:
        """Many findings about one long list of visitors: the report's JSON stays within a
        fixed multiple of the application's JSON (each finding costs a few hundred bytes of
        its own), where it grew with documents × visitors."""
        call = cnrs_checking("owned-documents", OWNED)
        data = eligible_dict()
        visitor = data["visitors"][0]
        data["visitors"] = [{**visitor, "id": f"v{n}"} for n in range(visitors)]
        data["documents"] = [{"kind": "cv", "owner": f"w{n}", "pages": 1}
                             for n in range(documents)]
        size = len(json.dumps(data, ensure_ascii=False))
        report = callrules.evaluate(call, data)
        assert len(report.errors) == documents
        assert len(report.to_json("fr", indent=None)) <= 15 * size + 5000
