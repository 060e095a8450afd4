"""The planner's promises: a table's row is the same for a plan and for the call's rules, a
computed line below zero is never a crash, and a plan said to fit passes every rule of the
call that reads the budget."""

from __future__ import annotations

import copy
import tomllib
import unicodedata
from functools import cache
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import callrules
from callrules._keys import code_key
from tests.conftest import ROOT, eligible_dict

CNRS_FILE = ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml"
L4 = ("fr", "en", "es", "pt")


@cache
def cnrs() -> dict[str, Any]:
    """The bundled call as written (a fresh copy is taken by each variant)."""
    with CNRS_FILE.open("rb") as handle:
        return tomllib.load(handle)


def _place() -> dict[str, Any]:
    return {"lookup": "place_class", "on": {"path": "stay.arrival"}, "key": [
        {"path": f"$root.host.unit.location.{name}"}
        for name in ("country", "subdivision", "city")]}


@cache
def exact_lodging_call() -> callrules.Call:
    """The bundled call with a cap no stay reaches and a rule of its own: each visitor's
    lodging is exactly the State's night rate for the host's place times their nights (so a
    plan, untrimmed, passes it only if it read the row the rule reads)."""
    data = copy.deepcopy(cnrs())
    data["id"] = "exact-lodging"
    data["parameters"]["cap"] = {"amount": "900000.00", "currency": "EUR"}
    data["clauses"].append({"id": "lodging-rate", "title": dict.fromkeys(L4, "Lodging rate"),
                            "text": dict.fromkeys(L4, "Lodging at the State's rate")})
    data["rules"].append({"clause": "lodging-rate", "check": {
        "op": "each", "path": "visitors", "as": "visitor", "rule": {
            "op": "compare", "cmp": "==",
            "left": {"sum": "$root.budget.lines", "of": "amount", "where": {
                "op": "all", "rules": [
                    {"op": "compare", "path": "beneficiary", "cmp": "==",
                     "to": {"path": "$visitor.id"}},
                    {"op": "in", "path": "category", "set": ["lodging"]}]}},
            "to": {"times": [
                {"lookup": "lodging_night", "key": [_place()], "on": {"path": "stay.arrival"}},
                {"days_between": [{"path": "stay.arrival"}, {"path": "stay.departure"}]}]}}}})
    return callrules.Call.from_dict(data, source="exact-lodging")


def _city_rows() -> list[tuple[str, str, str]]:
    """The rows of the bundled place table that name a city in a subdivision."""
    rows = cnrs()["parameters"]["place_class"]["versions"][-1]["rows"]
    return [tuple(row["key"]) for row in rows  # type: ignore[misc]
            if "*" not in row["key"] and row["key"][0] == "FR"]


@st.composite
def spelled(draw: st.DrawFn, name: str) -> str:
    """``name`` as people write it: any letter in capitals or not, accents kept or dropped,
    each hyphen or apostrophe a space, a dash or itself, spaces doubled."""
    out = []
    for char in name:
        if char in "-'’ ":
            out.append(draw(st.sampled_from([" ", "  ", "-", "–", "'", char])))
            continue
        if draw(st.booleans()):
            char = "".join(c for c in unicodedata.normalize("NFD", char)
                           if not unicodedata.combining(c))
        out.append(char.upper() if draw(st.booleans()) else char.lower())
    return "".join(out)


class TestOneRowForRulesAndPlanner:
    @settings(max_examples=30, deadline=None)
    @given(data=st.data())
    def test_any_spelling_of_a_city_reads_the_same_row_for_the_plan_and_the_rule(
            self, data: st.DataObject) -> None:
        """For any spelling of a city the table names, the plan reads the row written for it
        and the call's own rule, on the plan put into the application, reads that row too."""
        country, subdivision, city = data.draw(st.sampled_from(_city_rows()))
        written = data.draw(spelled(city))
        app = eligible_dict()
        app["host"]["unit"]["location"] = {"country": country, "subdivision": subdivision,
                                           "city": written}
        call = exact_lodging_call()
        plan = callrules.plan(call, app)
        rows = {reading.row for line in plan.lines for reading in line.readings
                if reading.table == "place_class"}
        assert rows == {(country, subdivision, city)}
        report = callrules.evaluate(call, plan.apply())
        assert plan.fits
        assert not [f for f in report.findings if f.clause == "lodging-rate"]

    @settings(max_examples=300, deadline=None)
    @given(data=st.data())
    def test_a_table_finds_one_row_for_every_spelling_of_its_code(
            self, data: st.DataObject) -> None:
        """Law: a code written in capitals, without accents or with other separators finds
        the row written for it, and the key of a key is itself."""
        country, subdivision, city = data.draw(st.sampled_from(_city_rows()))
        written = data.draw(spelled(city))
        assert code_key(written) == code_key(city) == code_key(code_key(city))
        table = exact_lodging_call().parameters["place_class"].value
        day = table.versions[-1].start
        assert table.lookup((country, subdivision, written), day).row == (
            country, subdivision, city)
        assert table.lookup((country.lower(), subdivision.lower(), written), day).row == (
            country, subdivision, city)

    def test_a_code_not_given_matches_only_any_other(self) -> None:
        """A key not given (no subdivision) is read by a row's "any other" only, and named
        as nothing when no row has one."""
        table = exact_lodging_call().parameters["place_class"].value
        day = table.versions[-1].start
        assert table.lookup(("FR", None, "PARIS"), day).row == ("FR", "*", "Paris")
        try:
            table.lookup(("AR", None, "Buenos Aires"), day)
        except callrules.NoRateError as error:
            assert error.key == ("AR", "", "Buenos Aires")
        else:
            raise AssertionError("a place the table does not name has no rate")
