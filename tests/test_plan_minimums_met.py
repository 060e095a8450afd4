"""A minimum of the call's rules that the untrimmed budget already meets is a floor the
planner's trims reach, never a wall they stop before: the plan never says "does not fit"
where the same call without that minimum gives a plan the whole call accepts (the trims
made down to it, never past it), and a plan said to fit is one ``check`` accepts (att90 F1:
14 of 250 generated calls with a flat rate ``==`` and a minimum said not to fit)."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import callrules
from callrules.planning import planner
from tests.conftest import eligible_dict
from tests.laws import settings
from tests.test_plan_promises import cnrs

AT = datetime.fromisoformat("2026-05-30T10:00:00+02:00")
L4 = ("fr", "en", "es", "pt")
CATEGORIES = ("transport", "lodging", "meals")
AMOUNTS = ("0", "0.01", "99.99", "150", "300", "1000", "1300", "2000", "2480", "3100")


def _money(amount: str, currency: str = "EUR") -> dict[str, str]:
    return {"amount": amount, "currency": currency}


def _sum(categories: list[str], path: str = "budget.lines") -> dict[str, Any]:
    return {"sum": path, "of": "amount",
            "where": {"op": "in", "path": "category", "set": categories}}


def _check(kind: str, categories: list[str], cmp: str, limit: dict[str, str]) -> Any:
    if kind == "minimum":  # a category's (or several categories') sum at least
        return {"op": "compare", "left": _sum(categories), "cmp": cmp, "to": limit}
    if kind == "maximum":
        return {"op": "compare", "left": _sum(categories), "cmp": cmp, "to": limit}
    if kind == "line":  # each line of the categories at least
        return {"op": "each", "path": "budget.lines",
                "where": {"op": "in", "path": "category", "set": categories},
                "rule": {"op": "compare", "path": "amount", "cmp": cmp, "to": limit}}
    return {"op": "each", "path": "visitors", "as": "v", "rule": {  # each visitor's lines
        "op": "compare", "cmp": cmp, "to": limit,
        "left": {"sum": "$root.budget.lines", "of": "amount", "where": {
            "op": "compare", "path": "beneficiary", "cmp": "==", "to": {"path": "$v.id"}}}}}


@st.composite
def shapes(draw: st.DrawFn) -> dict[str, Any]:
    """A call like the bundled one: a cap, an order of trims, a minimum on a category or
    two, up to two other rules (a maximum, a minimum, one on each line, one on each
    visitor), perhaps a flat rate on the other lines (``==`` or ``<=``) rounded as its rule
    rounds it; and one to three visitors."""
    minimum = ("minimum", sorted(draw(st.sets(st.sampled_from(CATEGORIES), min_size=1,
                                               max_size=2))),
               draw(st.sampled_from([">=", ">"])), draw(st.sampled_from(AMOUNTS)),
               draw(st.sampled_from(["EUR", "USD"])))
    others = draw(st.lists(st.tuples(
        st.sampled_from(["maximum", "minimum", "line", "visitor"]),
        st.sets(st.sampled_from(CATEGORIES), min_size=1, max_size=2).map(sorted),
        st.sampled_from([">=", "<="]), st.sampled_from(AMOUNTS),
        st.sampled_from(["EUR", "USD"])), max_size=2))
    flat = draw(st.one_of(st.none(), st.tuples(
        st.sampled_from(["==", "<="]), st.sampled_from([7, 15, 25, 33, 50]),
        st.sampled_from([None, "0.01", "1", "10"]))))
    trim = list(draw(st.permutations(CATEGORIES)))
    if flat is not None:
        trim.insert(draw(st.integers(0, len(trim))), "overheads")
    return {"cap": draw(st.sampled_from(["500", "1999.99", "2480", "3100", "10000"])),
            "trim": trim, "rules": [minimum, *others], "flat": flat,
            "visitors": draw(st.lists(st.tuples(st.integers(1, 20), st.integers(0, 7)),
                                      min_size=1, max_size=3)),
            "usd": draw(st.sampled_from(["0.921", "0.5", "2"]))}


def build(shape: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The call (as a dict) and the application a shape of :func:`shapes` says."""
    data = copy.deepcopy(cnrs())
    data["id"] = "minimums-met"
    data["parameters"]["cap"] = _money(shape["cap"])
    data["plan"]["trim"] = list(shape["trim"])
    for n, (kind, categories, cmp, amount, currency) in enumerate(shape["rules"]):
        cmp = cmp if kind != "maximum" else "<="
        cmp = "<=" if kind == "visitor" else cmp
        data["clauses"].append({"id": f"x{n}", "title": dict.fromkeys(L4, f"X{n}"),
                                "text": dict.fromkeys(L4, f"X{n}")})
        data["rules"].append({"clause": f"x{n}", "check": _check(
            kind, list(categories), cmp, _money(amount, currency))})
    if shape["flat"] is not None:
        cmp, percent, unit = shape["flat"]
        data["vocabularies"]["cost_category"]["values"]["overheads"] = dict.fromkeys(L4, "F")
        data["parameters"]["eligible_costs"] = [*CATEGORIES, "overheads"]
        for rule in data["rules"]:
            if rule["clause"] == "budget-costs":
                rule["check"]["rule"] = rule["check"]["rule"]["rules"][0]
        share: Any = {"times": [{"sum": "budget.lines", "of": "amount", "where": {
            "op": "not_in", "path": "category", "set": ["overheads"]}}, {"percent": percent}]}
        if unit is not None:
            share = {"round": share, "unit": unit, "mode": "up" if cmp == "<=" else "half_even"}
        data["clauses"].append({"id": "xflat", "title": dict.fromkeys(L4, "F"),
                                "text": dict.fromkeys(L4, "F")})
        data["rules"].append({"clause": "xflat", "check": {
            "op": "compare", "cmp": cmp, "to": share, "left": _sum(["overheads"])}})
        data["plan"]["lines"].append({"id": "oh", "category": "overheads", "clause": "xflat",
                                      "amount": share, "label": dict.fromkeys(L4, "F")})
    app = eligible_dict()
    app["exchange_rates"].append({"base": "USD", "quote": "EUR", "rate": shape["usd"]})
    # (a travel line in reals beside a limit in dollars: the rate from one to the other)
    app["exchange_rates"].append({"base": "BRL", "quote": "USD", "rate": "0.18"})
    template = app["visitors"]
    app["visitors"] = []
    for n, (day, nights) in enumerate(shape["visitors"]):
        visitor = copy.deepcopy(template[n % len(template)])
        visitor["id"] = f"v{n + 1}"
        visitor["person"]["email"] = f"p{n}@x.br"
        visitor["stay"] = {"arrival": f"2026-09-{day:02d}",
                           "departure": f"2026-09-{day + nights:02d}"}
        app["visitors"].append(visitor)
    app["documents"] = [app["documents"][0], *(
        {"kind": "cv", "owner": f"v{n + 1}", "pages": 1} for n in range(len(app["visitors"])))]
    ids = {visitor["id"] for visitor in app["visitors"]}
    app["budget"]["lines"] = [line for line in app["budget"]["lines"]
                              if line["beneficiary"] in ids]
    return data, app


def _broken(call: callrules.Call, plan: callrules.BudgetPlan) -> set[str]:
    """The clauses on the budget the plan's proposal, put into the application, breaks."""
    report = callrules.evaluate(call, plan.apply(), now=AT)
    return {finding.clause for finding in report.errors
            if finding.clause.startswith(("x", "budget"))}


#: F1c of att90: the bundled call, cap €2,480, overheads 25 % of the other lines to the euro
#: (``==``), trims meals, lodging, overheads, travel, and « travel ≥ €99.99 »: said not to
#: fit, travel never trimmed, where €2,480.00 (travel €1,984.00) passes every rule.
FLAT_BESIDE_A_MET_MINIMUM = {
    "cap": "2480", "trim": ["meals", "lodging", "overheads", "transport"],
    "rules": [("minimum", ["transport"], ">=", "99.99", "EUR")],
    "flat": ("==", 25, "1"), "visitors": [(14, 7), (14, 5)], "usd": "0.921"}
#: F1b of att90, without a flat rate: « travel and meals ≥ €0.01 » met untrimmed beside
#: « each visitor's lines ≤ €500 » and « travel ≥ €1,000 »: said not to fit, nothing trimmed.
RULES_BESIDE_A_MET_MINIMUM = {
    "cap": "10000", "trim": ["meals", "transport", "lodging"],
    "rules": [("minimum", ["meals", "transport"], ">=", "0.01", "EUR"),
              ("visitor", ["transport"], "<=", "500", "EUR"),
              ("minimum", ["transport"], ">=", "1000", "EUR")],
    "flat": None, "visitors": [(14, 7), (14, 5)], "usd": "0.921"}
#: F2 of look78p: the call above and « travel and meals ≥ €0.02 », two met minimums the
#: trims must cross together (each left out alone, the other stops them): said not to fit,
#: €4,252.00 with nothing trimmed, where €1,000.00 passes every rule.
TWO_MET_MINIMUMS = {**RULES_BESIDE_A_MET_MINIMUM, "rules": [
    ("minimum", ["meals", "transport"], ">=", "0.01", "EUR"),
    ("minimum", ["meals", "transport"], ">=", "0.02", "EUR"),
    ("visitor", ["transport"], "<=", "500", "EUR"),
    ("minimum", ["transport"], ">=", "1000", "EUR")]}


class TestAMinimumAlreadyMet:
    @settings(max_examples=60, deadline=None)
    @given(shapes())
    @example(FLAT_BESIDE_A_MET_MINIMUM)
    @example(RULES_BESIDE_A_MET_MINIMUM)
    def test_no_plan_said_not_to_fit_where_one_without_it_fits(
            self, shape: dict[str, Any]) -> None:
        data, app = build(shape)
        call = callrules.Call.from_dict(data)
        plan = callrules.plan(call, app, now=AT)
        if plan.fits:  # a plan said to fit is one check accepts
            assert not _broken(call, plan)
            return
        if plan.stopped or not plan.complete:
            return  # (said stopped: no verdict given; lines to state: the applicant's)
        for n, rule in enumerate(shape["rules"]):
            if rule[0] not in ("minimum", "line") or rule[2] not in (">=", ">"):
                continue
            without = copy.deepcopy(data)
            without["rules"] = [kept for kept in without["rules"] if kept["clause"] != f"x{n}"]
            other = callrules.plan(callrules.Call.from_dict(without), app, now=AT)
            # the call without the minimum: its plan, if it fits, breaks the minimum (the
            # trims needed go below it), else the plan with it should have been that one
            assert not other.fits or _broken(call, other), (
                f"said not to fit ({plan.total}, breaking {plan.breaks}) where "
                f"{other.total} passes every rule of the call")


def test_the_examples_fit() -> None:
    """The two shapes of att90's F1 and look78p's pair fit (each said not to fit before)."""
    for shape in (FLAT_BESIDE_A_MET_MINIMUM, RULES_BESIDE_A_MET_MINIMUM, TWO_MET_MINIMUMS):
        data, app = build(shape)
        call = callrules.Call.from_dict(data)
        plan = callrules.plan(call, app, now=AT)
        assert plan.fits, shape
        assert not _broken(call, plan)
        assert plan.total.amount > Decimal(0)


def test_a_second_try_cut_short_is_said_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where every pass made without the met minimums runs out of its rounds, the plan says
    it stopped, never a firm "does not fit" after a search cut short (look78p F6)."""
    tried = planner._met_left_out

    def cut_short(first: Any, result: Any, applied: Any, rules: Any, kept: Any,
                  trimmed: Any) -> Any:
        def ran_out(given: Any) -> Any:
            made, put = trimmed(given)
            return replace(made, stopped=True), put
        return tried(first, result, applied, rules, kept, ran_out)

    monkeypatch.setattr(planner, "_met_left_out", cut_short)
    for shape in (RULES_BESIDE_A_MET_MINIMUM, TWO_MET_MINIMUMS):
        data, app = build(shape)
        plan = callrules.plan(callrules.Call.from_dict(data), app, now=AT)
        assert not plan.fits and plan.stopped, shape
