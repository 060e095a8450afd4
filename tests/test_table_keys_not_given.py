"""A key of a rate table that the application does not give (a host unit's optional
subdivision) is matched the same way by the rules and by the budget planner: only a row
with ``"*"`` in that column takes it, and no such row leaves the application unjudged (an
input problem, exit 2), never passing or failing by default."""

from __future__ import annotations

import copy
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from tests.conftest import eligible_dict
from tests.laws import settings

BUNDLED = Path(callrules.__file__).parent / "calls" / "cnrs-amsud-2026.toml"
PLACE = {"lookup": "place_class", "on": {"path": "stay.arrival"},
         "key": [{"path": "$root.host.unit.location.country"},
                 {"path": "$root.host.unit.location.subdivision"},
                 {"path": "$root.host.unit.location.city"}]}
#: The reference's lodging example: each visitor's lodging at most the State's nightly rate
#: for the host's place times their nights, the rate the planner proposes.
LODGING_RULE = {"clause": "lodging-rate", "check": {
    "op": "each", "path": "visitors", "as": "visitor", "rule": {
        "op": "compare", "cmp": "<=",
        "left": {"sum": "$root.budget.lines", "of": "amount", "where": {"op": "all", "rules": [
            {"op": "compare", "path": "beneficiary", "cmp": "==",
             "to": {"path": "$visitor.id"}},
            {"op": "in", "path": "category", "set": ["lodging"]}]}},
        "to": {"times": [{"lookup": "lodging_night", "key": [PLACE],
                          "on": {"path": "stay.arrival"}},
                         {"days_between": [{"path": "stay.arrival"},
                                           {"path": "stay.departure"}]}]}}}}
LANGS = ("fr", "en", "es", "pt")
SUBDIVISIONS = [None, "FR-75C", "FR-91", "FR-92", "FR-69", "FR-971"]
CITIES = ["Paris", "Athis-Mons", "Lyon", "Brest", "Pointe-à-Pitre"]


def lodging_call(drop: frozenset[int]) -> callrules.Call:
    """The bundled call with the lodging rule, its place table without the rows ``drop``
    (positions among the rows holding ``"*"``)."""
    data = tomllib.loads(BUNDLED.read_text(encoding="utf-8"))
    data["clauses"].append({"id": "lodging-rate", "title": {lang: "Lodging" for lang in LANGS},
                            "text": {lang: "Lodging at most the rate" for lang in LANGS}})
    data["rules"].append(copy.deepcopy(LODGING_RULE))
    for version in data["parameters"]["place_class"]["versions"]:
        wild = [i for i, row in enumerate(version["rows"]) if "*" in row["key"]]
        gone = {wild[i] for i in drop if i < len(wild)}
        version["rows"] = [row for i, row in enumerate(version["rows"]) if i not in gone]
    return callrules.Call.from_dict(data)


def application(subdivision: str | None, city: str) -> dict[str, Any]:
    app = eligible_dict()
    location = {"country": "FR", "city": city}
    if subdivision is not None:
        location["subdivision"] = subdivision
    app["host"]["unit"]["location"] = location
    app["budget"]["lines"] = [line for line in app["budget"]["lines"]
                              if line["category"] != "lodging"]
    return app


def with_lodging(app: dict[str, Any], amounts: dict[str, Decimal]) -> dict[str, Any]:
    out = copy.deepcopy(app)
    out["budget"]["lines"] += [
        {"category": "lodging", "beneficiary": who,
         "amount": {"amount": str(amount), "currency": "EUR"}}
        for who, amount in amounts.items()]
    return out


def lodging_findings(call: callrules.Call, app: dict[str, Any]) -> list[callrules.Finding]:
    report = callrules.evaluate(call, app)
    return [f for f in report.findings if f.clause == "lodging-rate"]


CALLS: dict[frozenset[int], callrules.Call] = {}


class TestTheRuleAndThePlannerPickTheSameRow:
    @settings(max_examples=80, deadline=None)
    @given(subdivision=st.sampled_from(SUBDIVISIONS), city=st.sampled_from(CITIES),
           drop=st.sampled_from([frozenset(), frozenset({1}), frozenset({28}),
                                 frozenset({1, 28}), frozenset({0, 1, 19, 28})])
           | st.frozensets(st.integers(0, 40), max_size=3))
    def test_the_rules_cap_is_the_planners_rate(self, subdivision: str | None, city: str,
                                                 drop: frozenset[int]) -> None:
        """Law: for any host place, its subdivision given or not, and any table with rows
        missing, a visitor's lodging at the planner's amount passes the rule and a cent
        more fails it; when the planner has no rate, the rule cannot judge the application
        (an input problem naming the table), never a pass or a fail."""
        call = CALLS.setdefault(drop, lodging_call(drop))
        app = application(subdivision, city)
        lines = {line.beneficiary: line for line in callrules.plan(call, app).lines
                 if line.category == "lodging"}
        if any(line.reason == "no_rate" for line in lines.values()):
            with pytest.raises(callrules.InputError) as caught:
                callrules.evaluate(call, with_lodging(app, {who: Decimal("1.00")
                                                            for who in lines}))
            assert {p.type for p in caught.value.problems} == {"no_rate"}
            for problem in caught.value.problems:
                for lang in LANGS:
                    assert "place_class" not in problem.message(lang)
            return
        most = {str(who): line.most.amount for who, line in lines.items()
                if line.most is not None}
        assert set(most) == {v["id"] for v in app["visitors"]}
        assert not lodging_findings(call, with_lodging(app, most))
        over = dict(most)
        first = next(iter(over))
        over[first] += Decimal("0.01")
        (finding,) = lodging_findings(call, with_lodging(app, over))
        assert finding.code == "above_maximum"

    def test_paris_without_its_subdivision_is_paris(self) -> None:
        """The attacker's case: a host in Paris with no subdivision given is capped at the
        Paris rate (the row France, any subdivision, Paris), as with FR-75C."""
        call = lodging_call(frozenset())
        for subdivision in (None, "FR-75C"):
            app = with_lodging(application(subdivision, "Paris"),
                               {"v1": Decimal("1500.00"), "v2": Decimal("1.00")})
            (finding,) = lodging_findings(call, app)
            assert finding.ctx["limit"].amount == Decimal("980.00")


class TestTheKeyInWords:
    def test_a_key_not_given_and_a_subdivision_are_said_in_words(self) -> None:
        """A subdivision is named (Paris, not FR-75C), a key not given is said so, and a
        nested lookup on the same day says that day once."""
        call = lodging_call(frozenset())
        given_sub = with_lodging(application("FR-75C", "Paris"), {"v1": Decimal("1500.00")})
        (finding,) = lodging_findings(call, given_sub)
        text = finding.message("en")
        assert "FR-75C" not in text and "France, Paris, and Paris" in text
        assert text.count("at the rate in force") == 1
        no_sub = with_lodging(application(None, "Paris"), {"v1": Decimal("1500.00")})
        (finding,) = lodging_findings(call, no_sub)
        assert "France, no region of the host unit given, and Paris" in finding.message("en")
        assert "pour France, sans région de l’unité d’accueil et Paris" in finding.message("fr")
