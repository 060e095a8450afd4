"""Expressions in rules: sums, counts, extremes, arithmetic on exact decimals and money, dates
moved by parameters and spans between dates, each typed when the call is loaded and decided
on both sides of its boundary."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import callrules
from tests.conftest import eligible_dict
from tests.helpers import decision_agrees
from tests.laws import settings
from tests.test_definitions import minimal_call

SUBSISTENCE = {"op": "in", "path": "category", "set": ["meals", "lodging"]}
#: "Subsistence at most 60 % of the total requested."
RATIO_RULE = {"op": "compare", "cmp": "<=",
              "left": {"sum": "budget.lines", "of": "amount", "where": SUBSISTENCE},
              "to": {"times": [{"sum": "budget.lines", "of": "amount"}, {"percent": 60}]}}


_LABEL = {"fr": "Champ", "en": "Field"}
#: One declared field of each kind, named by its kind.
_KINDS = {"integer", "decimal", "date", "instant", "money", "text", "boolean", "choice",
          "country", "email"}
_ORDERED = {"integer", "decimal", "date", "instant", "money"}
_FIELDS = {"application": {kind: {"type": kind, "label": _LABEL, **(
    {"values": ["x", "y"]} if kind == "choice" else {})} for kind in _KINDS}}
_PARAMETERS = {"pn": 2, "pd": {"decimal": "1.5"}, "countries": ["BR"],
               "cap": {"amount": "1.00", "currency": "EUR"}}


def with_lines(*lines: tuple[str, str, str]) -> dict[str, Any]:
    """The eligible example with budget lines (category, amount, currency) for visitor v1."""
    app = eligible_dict()
    app["budget"]["lines"] = [{"category": category, "beneficiary": "v1",
                               "amount": {"amount": amount, "currency": currency}}
                              for category, amount, currency in lines]
    return app


def findings(check: dict[str, Any], app: dict[str, Any], **replace: Any
             ) -> list[callrules.Finding]:
    call = callrules.Call.from_dict(minimal_call(check, **replace))
    application = callrules.parse_application(app)
    found = call.program.findings(application)
    assert decision_agrees(call, application, found)  # decision = explanation
    return found


class TestRatiosOfMoney:
    @pytest.mark.parametrize(("meals", "ok"), [("600.00", True), ("600.01", True),
                                               ("600.02", False)])
    def test_subsistence_at_most_sixty_percent_of_the_total(self, meals: str, ok: bool) -> None:
        """With 400 EUR of transport, 600 EUR of meals is 60 %; 60 % of 1,000.01 is 600.006,
        rounded half-even to 600.01, so 600.01 passes; 600.02 is over by a cent."""
        found = findings(RATIO_RULE, with_lines(("transport", "400.00", "EUR"),
                                                ("meals", meals, "EUR")))
        assert (not found) is ok
        if not ok:
            (finding,) = found
            assert finding.code == "above_maximum"
            assert finding.input == callrules.Money("600.02", "EUR")
            assert finding.ctx["limit"] == callrules.Money("600.01", "EUR")
            assert finding.ctx["excess"] == callrules.Money("0.01", "EUR")

    @settings(max_examples=80)
    @given(transport=st.integers(0, 10**6), meals=st.integers(0, 10**6))
    def test_the_ratio_is_decided_as_exact_decimal_arithmetic_says(
            self, transport: int, meals: int) -> None:
        """For any amounts in cents, the rule fails exactly when meals exceed 60 % of the
        total rounded half-even to the cent (``times`` rounds money to its minor unit)."""
        t, m = Decimal(transport).scaleb(-2), Decimal(meals).scaleb(-2)
        app = with_lines(("transport", str(t), "EUR"), ("meals", str(m), "EUR"))
        limit = ((t + m) * Decimal("0.6")).quantize(Decimal("0.01"))
        assert bool(findings(RATIO_RULE, app)) is (m > limit)

    def test_amounts_in_another_currency_are_summed_at_the_supplied_rate(self) -> None:
        """5,200 BRL at 0.16 is 832 EUR of meals: over 60 % of 1,000 EUR + 832 EUR."""
        app = with_lines(("transport", "1000.00", "EUR"), ("meals", "5200.00", "BRL"))
        assert not findings(RATIO_RULE, app)  # 832 <= 0.6 × 1,832 = 1,099.20
        app["budget"]["lines"][0]["amount"]["amount"] = "300.00"
        (finding,) = findings(RATIO_RULE, app)  # 832 > 0.6 × 1,132 = 679.20
        assert finding.ctx["excess"] == callrules.Money("152.80", "EUR")

    def test_a_sum_that_needs_a_rate_not_supplied_says_so(self) -> None:
        """No BRL rate: the sum cannot be made, and the finding asks for the rate."""
        app = with_lines(("meals", "5200.00", "BRL"))
        app["exchange_rates"] = []
        (finding,) = findings(RATIO_RULE, app)
        assert (finding.code, finding.ctx) == ("missing_exchange_rate",
                                               {"base": "BRL", "quote": "EUR"})

    def test_a_ratio_is_compared_with_a_decimal_parameter(self) -> None:
        """``ratio`` of two sums against a parameter written as a decimal."""
        rule = {"op": "compare", "cmp": "<=", "to": {"param": "share"},
                "left": {"ratio": [{"sum": "budget.lines", "of": "amount",
                                    "where": SUBSISTENCE},
                                   {"sum": "budget.lines", "of": "amount"}]}}
        params = {"share": {"decimal": "0.5"}}
        assert not findings(rule, with_lines(("transport", "1", "EUR"), ("meals", "1", "EUR")),
                            parameters=params)
        (finding,) = findings(rule, with_lines(("transport", "1", "EUR"),
                                               ("meals", "1.01", "EUR")), parameters=params)
        assert finding.ctx["param"] == "share"
        (finding,) = findings(rule, with_lines(), parameters=params)  # 0 / 0 is no ratio
        assert finding.code == "zero_divisor"


class TestCountsAndDates:
    @pytest.mark.parametrize(("visitors", "ok"), [(2, True), (3, False)])
    def test_a_count_of_visitors_at_most_two(self, visitors: int, ok: bool) -> None:
        """``count`` of a list against a literal whole number."""
        app = eligible_dict()
        app["visitors"] = [dict(app["visitors"][0], id=f"v{i}") for i in range(1, visitors + 1)]
        rule = {"op": "compare", "left": {"count": "visitors"}, "cmp": "<=", "to": 2}
        assert (not findings(rule, app)) is ok

    @pytest.mark.parametrize(("arrival", "ok"), [("2026-07-15", True), ("2026-07-14", False)])
    def test_a_milestone_moved_by_a_parameter(self, arrival: str, ok: bool) -> None:
        """Arrival at least ``lead_days`` (14) days after the results (1 July): 15 July
        passes, 14 July fails by one day."""
        app = eligible_dict()
        for visitor in app["visitors"]:
            visitor["stay"] = {"arrival": arrival, "departure": "2026-07-20"}
        rule = {"op": "each", "path": "visitors", "rule": {
            "op": "compare", "path": "stay.arrival", "cmp": ">",
            "to": {"milestone": "results", "days": {"param": "lead_days"}}}}
        found = findings(rule, app, timeline={"results": "2026-07-01"},
                         parameters={"lead_days": 13})
        assert (not found) is ok
        if not ok:
            assert {f.code for f in found} == {"not_after"}

    @pytest.mark.parametrize(("departure", "ok"), [("2026-09-21", True), ("2026-09-22", False)])
    def test_days_between_two_dates(self, departure: str, ok: bool) -> None:
        """``days_between`` arrival and departure at most 7: a week passes, 8 days fail."""
        app = eligible_dict()
        for visitor in app["visitors"]:
            visitor["stay"] = {"arrival": "2026-09-14", "departure": departure}
        rule = {"op": "each", "path": "visitors", "rule": {
            "op": "compare", "cmp": "<=", "to": 7,
            "left": {"days_between": [{"path": "stay.arrival"}, {"path": "stay.departure"}]}}}
        assert (not findings(rule, app)) is ok

    @pytest.mark.parametrize(("arrival", "ok"), [("2021-09-14", True), ("2021-09-13", False)])
    def test_a_date_shifted_by_years(self, arrival: str, ok: bool) -> None:
        """Departure at most 5 years after arrival: shift arrival by 5 years."""
        app = eligible_dict()
        for visitor in app["visitors"]:
            visitor["stay"] = {"arrival": arrival, "departure": "2026-09-14"}
        rule = {"op": "each", "path": "visitors", "rule": {
            "op": "compare", "path": "stay.departure", "cmp": "<=",
            "to": {"shift": {"path": "stay.arrival"}, "years": 5}}}
        assert (not findings(rule, app)) is ok


class TestTypesAtLoad:
    @pytest.mark.parametrize("check", [
        {"op": "compare", "cmp": "<=", "left": {"sum": "budget.lines", "of": "amount"},
         "to": {"path": "submitted_at"}},
        {"op": "compare", "cmp": "<=", "left": {"sum": "visitors", "of": "id"}, "to": 3},
        {"op": "compare", "cmp": "<=", "to": 1,
         "left": {"ratio": [{"sum": "budget.lines", "of": "amount"}, {"count": "visitors"}]}},
        {"op": "compare", "cmp": "<=", "left": 3, "to": 4},
        {"op": "compare", "cmp": "<=", "left": {"count": "visitors", "of": "id"}, "to": 4},
        {"op": "compare", "cmp": "<=", "to": 4,
         "left": {"days_between": [{"path": "submitted_at"}, {"path": "submitted_at"}]}},
        {"op": "compare", "cmp": "<=", "left": {"count": "visitors"}, "to": 4,
         "path": "language"},
    ], ids=["money-vs-instant", "sum-of-text", "ratio-money-number", "two-literals",
            "count-with-of", "days-between-instants", "path-and-left"])
    def test_an_expression_of_the_wrong_type_is_refused_where_it_is_written(
            self, check: dict[str, Any]) -> None:
        """Kinds are checked when the call is loaded, with the place in the file."""
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(minimal_call(check))
        assert caught.value.code == "wrong_type"
        assert caught.value.loc[:3] == ("rules", 0, "check")

    @settings(max_examples=60)
    @given(a=st.sampled_from(sorted(_KINDS)), b=st.sampled_from([*sorted(_KINDS), "$pn", "$pd"]),
           cmp=st.sampled_from(["==", "!=", "<", "<=", ">", ">="]),
           values=st.tuples(st.integers(-3, 3), st.decimals("-3", "3", places=1)))
    @example("decimal", "integer", "<=", (1, Decimal("1.5")))
    @example("integer", "decimal", "==", (1, Decimal("1.0")))
    @example("integer", "$pd", "<=", (1, Decimal("0.5")))
    @example("decimal", "$pn", ">", (1, Decimal("2.5")))
    def test_path_and_left_give_one_answer_for_every_pair_of_field_types(
            self, a: str, b: str, cmp: str, values: tuple[int, Decimal]) -> None:
        """``left = { path }`` is ``path`` written another way: the same fields (or a field
        and a parameter) load in both or in neither, with the same code, and decide alike
        (session 44, F4: a decimal field against a whole-number one was refused written
        with ``path`` only; a decimal parameter against a whole number, with ``left``
        loaded). A whole-number parameter may stand for a decimal, not the other way round."""
        to = {"param": b[1:]} if b.startswith("$") else {"path": f"fields.{b}"}
        outcomes: list[object] = []
        for subject in ({"path": f"fields.{a}"}, {"left": {"path": f"fields.{a}"}}):
            try:
                call = callrules.Call.from_dict(minimal_call(
                    {"op": "compare", "cmp": cmp, "to": to, **subject}, fields=_FIELDS,
                    parameters=_PARAMETERS))
            except callrules.DefinitionError as error:
                outcomes.append(error.code)
                continue
            verdict = None
            if {a, b} <= {"integer", "decimal", "$pn"}:  # numbers with numbers: decided
                data = eligible_dict()
                data["fields"] = {"integer": values[0], "decimal": str(values[1])}
                application = call.form.parse(data)
                found = call.program.findings(application)
                assert decision_agrees(call, application, found)
                verdict = not found
            outcomes.append(("loads", verdict))
        assert outcomes[0] == outcomes[1]
        if {a, b} <= {"integer", "decimal", "$pn", "$pd"}:  # the documented answer
            loads = not (a == "integer" and b == "$pd")
            assert outcomes[0] == "wrong_type" if not loads else (
                isinstance(outcomes[0], tuple) and outcomes[0][0] == "loads")


class TestBigValues:
    def test_a_sum_beyond_the_digits_an_amount_may_have_is_an_input_problem(self) -> None:
        """Twenty lines of 999,999,999,999,999,999.99 add up past the 18 digits an amount
        may have: that figure is not judged (it would not replay, nor print); the
        application is refused as input, naming the lines (issue 16, fifth attack)."""
        app = with_lines(*[("meals", "999999999999999999.99", "EUR")] * 20)
        rule = {"op": "compare", "cmp": "<=", "to": {"param": "cap"},
                "left": {"sum": "budget.lines", "of": "amount"}}
        call = callrules.Call.from_dict(minimal_call(rule))
        with pytest.raises(callrules.InputError) as info:
            callrules.evaluate(call, app)
        assert [(p.loc, p.type) for p in info.value.problems] == [
            (("budget", "lines"), "computed_too_large")]
        app["exchange_rates"] = [{"base": "BRL", "quote": "EUR", "rate": "99999999"}]
        app["budget"]["lines"] = app["budget"]["lines"][:2]
        app["budget"]["lines"][1]["amount"]["currency"] = "BRL"
        with pytest.raises(callrules.InputError) as info:
            callrules.evaluate(call, app)
        assert [p.loc for p in info.value.problems] == [("budget", "lines", 1, "amount")]
