"""One application per participant: ``unique`` keyed by each item of a list, across a batch,
on one machine (in memory and spilled to disk) and on Dask alike."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules import _evaluate
from callrules.distributed import evaluate_dask
from tests.conftest import eligible_dict
from tests.laws import settings
from tests.test_definitions import minimal_call
from tests.test_distributed import assert_same

PER_VISITOR = {"op": "unique", "path": "visitors.person.email", "case_insensitive": True,
               "order_by": "submitted_at"}


def per_visitor_call(**check: Any) -> callrules.Call:
    return callrules.Call.from_dict(minimal_call({**PER_VISITOR, **check}))


def app(ident: str, at: str, *emails: str) -> dict[str, Any]:
    """The eligible example with its own id and instant, one visitor per e-mail (the first
    two named as in the example: Joana Silva, Mateo Rojas)."""
    data = eligible_dict()
    data["id"], data["submitted_at"] = ident, f"2026-05-{at}T10:00:00+02:00"
    visitors = data["visitors"]
    data["visitors"] = []
    for number, email in enumerate(emails):
        visitor = json.loads(json.dumps(visitors[number % len(visitors)]))
        visitor["id"] = f"v{number + 1}"
        visitor["person"]["email"] = email
        data["visitors"].append(visitor)
    data["budget"]["lines"] = [line for line in data["budget"]["lines"]
                               if line.get("beneficiary") in (None, "v1", "v2")]
    return data


def duplicates(result: callrules.BatchResult) -> list[tuple[int, callrules.Finding]]:
    return [(item.index, f) for item in result for f in (item.report.findings if item.report
                                                         else ()) if f.code == "duplicate"]


class TestTheRule:
    def test_a_visitor_in_two_applications_fails_the_later_one_naming_both(self) -> None:
        """Mateo Rojas is in A (20 May) and B (25 May): B fails for him, at him, naming A."""
        result = callrules.evaluate_many(per_visitor_call(), [
            app("B", "25", "joana@usp.br", "mrojas@uchile.cl"),
            app("A", "20", "someone@else.org", "MRojas@UChile.CL")])
        ((index, finding),) = duplicates(result)
        assert index == 0 and finding.loc == ("visitors", 1, "person", "email")
        assert finding.ctx["first"] == "A" and finding.ctx["person"] == "Mateo Rojas"
        assert (finding.ctx["item"], finding.ctx["first_item"]) == ("v2", "v2")
        for lang in ("fr", "en", "es", "pt"):
            text = finding.message(lang)
            assert "Mateo Rojas" in text and "A" in text and "mrojas@uchile.cl" in text
        assert finding.message("en").startswith("Mateo Rojas, with the same e-mail")

    @pytest.mark.parametrize(("other", "fold", "shared"), [
        ("mrojas@uchile.cl", False, True), ("MRojas@UChile.CL", True, True),
        ("MRojas@uchile.cl", False, False), ("mrojas2@uchile.cl", True, False)])
    def test_both_sides_of_the_boundary(self, other: str, fold: bool, shared: bool) -> None:
        """The same address is shared; with case_insensitive, in any ASCII case; a different
        local part (or, without folding, another case) is another participant."""
        result = callrules.evaluate_many(per_visitor_call(case_insensitive=fold), [
            app("A", "20", "mrojas@uchile.cl"), app("B", "21", "x@y.org", other)])
        assert bool(duplicates(result)) is shared
        assert result[0].report is not None and result[0].report.eligible

    def test_a_participant_listed_twice_in_one_application_takes_no_place(self) -> None:
        """Twice in one application is one key: no clash, alone or across the batch."""
        result = callrules.evaluate_many(per_visitor_call(), [
            app("A", "20", "ana@x.org", "ANA@x.org")])
        assert not duplicates(result)
        result = callrules.evaluate_many(per_visitor_call(), [
            app("A", "20", "ana@x.org", "ana@x.org"), app("B", "21", "ana@x.org")])
        ((index, finding),) = duplicates(result)
        assert index == 1 and finding.ctx["first"] == "A"

    def test_each_shared_participant_is_a_finding_naming_its_own_first(self) -> None:
        """B shares Joana with A and Mateo with C: two findings, in the order of B's list."""
        result = callrules.evaluate_many(per_visitor_call(), [
            app("A", "20", "joana@usp.br"), app("C", "21", "x@y.org", "mateo@uchile.cl"),
            app("B", "22", "joana@usp.br", "mateo@uchile.cl")])
        found = duplicates(result)
        assert [(i, f.ctx["first"], f.loc[1]) for i, f in found] == [(2, "A", 0), (2, "C", 1)]

    def test_a_list_of_texts_is_keyed_by_each_text(self) -> None:
        """A declared list of ORCID iDs: each iD is a key; the finding is at the iD."""
        fields = {"application": {"orcids": {"type": "text", "list": True}}}
        call = callrules.Call.from_dict(minimal_call(
            {"op": "unique", "path": "fields.orcids"}, fields=fields))
        one, two = app("A", "20", "a@x.org"), app("B", "21", "b@x.org")
        one["fields"] = {"orcids": ["0000-0001", "0000-0002"]}
        two["fields"] = {"orcids": ["0000-0003", "0000-0002"]}
        ((index, finding),) = duplicates(callrules.evaluate_many(call, [one, two]))
        assert (index, finding.loc, finding.input) == (1, ("fields", "orcids", 1), "0000-0002")
        assert "person" not in finding.ctx
        assert "0000-0002" in finding.message("fr")

    def test_a_participant_without_the_field_has_no_key(self) -> None:
        """A visitor who gives no ORCID iD shares nothing; one who gives it does."""
        fields = {"visitors": {"orcid": {"type": "text"}}}
        call = callrules.Call.from_dict(minimal_call(
            {"op": "unique", "path": "visitors.fields.orcid"}, fields=fields))
        one, two = app("A", "20", "a@x.org", "b@x.org"), app("B", "21", "c@x.org", "d@x.org")
        one["visitors"][1]["fields"] = two["visitors"][1]["fields"] = {"orcid": "0000-0001"}
        ((index, finding),) = duplicates(callrules.evaluate_many(call, [one, two]))
        assert (index, finding.loc) == (1, ("visitors", 1, "fields", "orcid"))

    @pytest.mark.parametrize(("path", "why"), [
        ("visitors.stay.arrival", "not a list of dates"), ("visitors", "a list of visitors"),
        ("$root.visitors.person.email", "")])
    def test_a_key_that_is_not_text_or_numbers_is_refused_at_load(self, path: str,
                                                                  why: str) -> None:
        """Dates, whole items and variables are no keys: a DefinitionError at the path."""
        with pytest.raises(callrules.DefinitionError) as caught:
            per_visitor_call(path=path)
        assert caught.value.loc[-1] == "path"
        assert why.split(" ")[-1] in str(caught.value)


class TestOnDisk:
    def test_spilled_to_disk_the_findings_are_the_same(self, monkeypatch: Any) -> None:
        """Past the memory threshold, entries (places and names too) go to SQLite and come
        back the same."""
        records = [app("A", "20", "a@x.org", "b@x.org"), app("B", "21", "b@x.org"),
                   app("C", "19", "A@x.org", "c@x.org", "b@x.org"), app("D", "22", "c@x.org")]
        expected = callrules.evaluate_many(per_visitor_call(), records)
        monkeypatch.setattr(_evaluate._Unique, "SPILL_AT", 1)
        got = callrules.evaluate_many(per_visitor_call(), records)
        assert [i.report for i in got] == [i.report for i in expected]
        assert [(i, f.ctx["first"]) for i, f in duplicates(got)] == [
            (0, "C"), (0, "C"), (1, "C"), (3, "C")]


EMAILS = st.sampled_from(["a@x.org", "A@x.org", "b@x.org", "c@x.org", "d@y.org", "e@y.org"])


class TestOnDask:
    @settings(max_examples=25, deadline=None)
    @given(batch=st.lists(st.tuples(st.sampled_from(["18", "19", "20"]),
                                    st.lists(EMAILS, min_size=1, max_size=4)), max_size=12),
           parts=st.integers(1, 4), spill=st.booleans())
    def test_dask_gives_what_one_machine_gives(self, tmp_path_factory: Any, batch: Any,
                                               parts: int, spill: bool) -> None:
        """On any batch of applications sharing visitors, in any partitions, Dask's
        findings are those of ``evaluate_many``, in the same order."""
        path = _call_file(tmp_path_factory.getbasetemp())
        call = callrules.Call.from_file(path)
        records = [app(f"app-{n}", day, *emails) for n, (day, emails) in enumerate(batch)]
        before = _evaluate._Unique.SPILL_AT
        _evaluate._Unique.SPILL_AT = 2 if spill else before
        try:
            expected = callrules.evaluate_many(call, records)
        finally:
            _evaluate._Unique.SPILL_AT = before
        got = evaluate_dask(call, records, npartitions=parts).compute(scheduler="sync")
        assert_same(got, expected)


def _call_file(folder: Path) -> Path:
    path = folder / "per-visitor.json"
    if not path.exists():
        data = minimal_call(PER_VISITOR, id="per-visitor")
        data["timeline"] = {"deadline": "2026-06-01T17:00:00"}
        path.write_text(json.dumps(data), "utf-8")
    return path
