"""Rounding declared by a call: the ``round`` expression (a unit and a mode) and the call's
``[budget] rounding`` of money products, exact ``Decimal`` arithmetic on both sides of each
boundary."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from babel.numbers import format_currency
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules._i18n import phrase
from callrules.budget.rounding import MODES, Rounding, round_to
from tests.helpers import code_tokens
from tests.test_definitions import minimal_call
from tests.test_expressions import findings, with_lines


def at_most(to: Any) -> dict[str, Any]:
    """The sum of the lines is at most ``to``."""
    return {"op": "compare", "cmp": "<=", "left": {"sum": "budget.lines", "of": "amount"},
            "to": to}


class TestRoundTo:
    @pytest.mark.parametrize(("value", "unit", "mode", "expected"), [
        ("1.025", "0.05", "half_up", "1.05"), ("1.024", "0.05", "half_up", "1.00"),
        ("1.025", "0.05", "half_down", "1.00"), ("1.075", "0.05", "half_even", "1.10"),
        ("1.025", "0.05", "half_even", "1.00"), ("2.5", "1", "half_even", "2"),
        ("3.5", "1", "half_even", "4"), ("2.5", "1", "half_up", "3"),
        ("-2.5", "1", "half_up", "-3"), ("1.01", "1", "up", "2"), ("1.99", "1", "down", "1"),
        ("-1.01", "1", "floor", "-2"), ("-1.99", "1", "ceiling", "-1"),
        ("1234.5", "10", "half_up", "1230"), ("1235", "10", "half_up", "1240"),
        ("-0.004", "0.01", "half_even", "0.00")])
    def test_each_mode_on_both_sides_of_its_boundary(self, value: str, unit: str, mode: str,
                                                     expected: str) -> None:
        """Every mode, halfway and just off it, to units that are and are not powers of ten
        (a negative zero is zero)."""
        result = round_to(Decimal(value), Decimal(unit), mode)
        assert str(result) == expected

    @given(st.decimals(-10**12, 10**12, places=6), st.sampled_from(["0.01", "0.05", "1",
                                                                     "0.25", "100"]),
           st.sampled_from(sorted(MODES)))
    def test_the_result_is_a_nearest_multiple_of_the_unit(self, value: Decimal, unit: str,
                                                          mode: str) -> None:
        """Law: the result is a multiple of the unit, less than one unit away, on the side
        the mode says."""
        step = Decimal(unit)
        result = round_to(value, step, mode)
        assert (result / step) == (result / step).to_integral_value()
        assert abs(result - value) < step
        if mode in ("half_even", "half_up", "half_down"):
            assert abs(result - value) <= step / 2
        side = {"down": abs(result) <= abs(value), "up": abs(result) >= abs(value),
                "floor": result <= value, "ceiling": result >= value}
        assert side.get(mode, True)


    def test_a_decimal_without_a_unit_cannot_be_rounded(self) -> None:
        """Only money has a unit of its own (its currency's minor unit)."""
        assert Rounding().apply(Decimal("1.005"), "EUR") == Decimal("1.00")
        with pytest.raises(ValueError, match="unit"):
            Rounding().apply(Decimal("1.005"))


class TestTheRoundExpression:
    @pytest.mark.parametrize(("total", "ok"), [("100.00", True), ("100.01", False)])
    def test_round_a_sum_to_whole_euros_half_up(self, total: str, ok: bool) -> None:
        """60 % of 166.66 is 99.996; rounded to whole euros half up it is 100: 100.00
        passes, 100.01 is one cent over."""
        rule = at_most({"round": {"times": [{"param": "base"}, {"percent": 60}]},
                        "unit": "1", "mode": "half_up"})
        found = findings(rule, with_lines(("transport", total, "EUR")),
                         parameters={"base": {"amount": "166.66", "currency": "EUR"}})
        assert (not found) is ok
        if not ok:
            assert found[0].ctx["limit"] == callrules.Money("100", "EUR")

    def test_a_decimal_is_rounded_to_a_unit(self) -> None:
        """A ratio rounded to two places, half down: 0.125 reads 0.12."""
        rule = {"op": "compare", "cmp": "==", "to": {"decimal": "0.12"},
                "left": {"round": {"ratio": [{"sum": "budget.lines", "of": "amount"},
                                             {"param": "base"}]},
                         "unit": "0.01", "mode": "half_down"}}
        params = {"base": {"amount": "8.00", "currency": "EUR"}}
        assert not findings(rule, with_lines(("transport", "1.00", "EUR")), parameters=params)
        assert findings(rule, with_lines(("transport", "1.01", "EUR")), parameters=params)

    @pytest.mark.parametrize(("expression", "code"), [
        ({"round": {"count": "visitors"}, "unit": "1"}, "wrong_type"),
        ({"round": {"ratio": [{"count": "visitors"}, 2]}}, "missing_bound"),
        ({"round": {"ratio": [{"count": "visitors"}, 2]}, "unit": "-1"}, "bad_rounding"),
        ({"round": {"ratio": [{"count": "visitors"}, 2]}, "unit": 0.5}, "bad_rounding"),
        ({"round": {"ratio": [{"count": "visitors"}, 2]}, "unit": "1", "mode": "nearest"},
         "bad_rounding"),
        ({"round": {"ratio": [{"count": "visitors"}, 2]}, "unit": "1", "by": 2},
         "wrong_type")])
    def test_a_rounding_that_cannot_work_is_refused_at_load(self, expression: Any,
                                                            code: str) -> None:
        """A whole number is not rounded; a decimal needs a unit; a unit is a positive
        decimal written as text; a mode is one of the named ones."""
        rule = {"op": "compare", "cmp": "<=", "left": expression, "to": {"decimal": "1"}}
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(minimal_call(rule))
        assert caught.value.code == code


class TestTheCallsRounding:
    RULE = at_most({"times": [{"param": "rate"}, {"decimal": "0.125"}]})

    @pytest.mark.parametrize(("rounding", "limit"), [
        (None, "1.12"), ({"mode": "half_up"}, "1.13"), ({"unit": "1", "mode": "up"}, "2"),
        ({"unit": "0.05", "mode": "half_even"}, "1.10")])
    def test_a_product_of_money_is_rounded_as_the_call_says(
            self, rounding: dict[str, str] | None, limit: str) -> None:
        """9 € × 0.125 is 1.125 €: half-even to the cent by default (1.12), half up if the
        call says so (1.13), up to the euro (2), or to five cents (1.10); one cent more than
        the limit fails."""
        params = {"rate": {"amount": "9.00", "currency": "EUR"}}
        extra: dict[str, Any] = {"budget": {"rounding": rounding}} if rounding else {}
        assert not findings(self.RULE, with_lines(("transport", limit, "EUR")),
                            parameters=params, **extra)
        over = str(Decimal(limit) + Decimal("0.01"))
        (finding,) = findings(self.RULE, with_lines(("transport", over, "EUR")),
                              parameters=params, **extra)
        assert finding.ctx["limit"] == callrules.Money(limit, "EUR")

    @given(st.integers(0, 10**9), st.decimals(0, 10, places=4))
    def test_half_up_is_what_decimal_says(self, cents: int, factor: Decimal) -> None:
        """Law: with ``[budget] rounding = { mode = "half_up" }``, a product is Decimal's
        half-up rounding to the cent."""
        amount = Decimal(cents).scaleb(-2)
        expected = (amount * factor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        rule = {**at_most({"times": [{"param": "rate"}, {"decimal": str(factor)}]}),
                "cmp": "=="}
        app = with_lines(("transport", str(expected), "EUR"))
        params = {"rate": {"amount": str(amount), "currency": "EUR"}}
        assert not findings(rule, app, parameters=params,
                            budget={"rounding": {"mode": "half_up"}})

    @pytest.mark.parametrize("rounding", [{"unit": "x"}, {"mode": "bankers"},
                                          {"unit": "0.01", "step": 1}, "half_up",
                                          {"unit": "1000000000000000", "mode": "up"},
                                          {"unit": "1000.01"}])
    def test_a_malformed_rounding_is_refused_where_it_is(self, rounding: Any) -> None:
        """The call's rounding is checked at load and the error points at it; a unit is at
        most 1,000 units of the currency."""
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(minimal_call(budget={"rounding": rounding}))
        assert caught.value.loc[:2] == ("budget", "rounding")

    def test_a_unit_of_a_thousand_is_the_largest(self) -> None:
        """1,000 (units of the currency) is accepted as a rounding unit."""
        callrules.Call.from_dict(minimal_call(budget={"rounding": {"unit": "1000"}}))


class TestMoneyIsRoundedToWholeCents:
    """A call may not round money finer than its currency's minor unit: the amounts so
    computed (91.875 EUR, a budget plan's proposals among them) could be neither paid nor
    written back in an application, which refuses more decimals than its currency has."""

    @given(st.integers(1, 100_000), st.integers(0, 4), st.booleans())
    def test_a_unit_loads_when_it_is_a_whole_number_of_cents(self, digits: int, places: int,
                                                              own: bool) -> None:
        """Law: a rounding unit of money, the call's ``[budget] rounding`` or a ``round``
        expression's own, loads when it is a whole number of cents (0.05, 1.50, 10) and is
        refused (``bad_rounding``, at the unit) when it is not (0.001, 0.005, 0.125)."""
        unit = Decimal(digits).scaleb(-places)
        if unit > 1000:
            return
        if own:  # the rule's own unit
            data = minimal_call({"op": "compare", "cmp": "<=", "to": {"param": "cap"},
                                 "left": {"round": {"sum": "budget.lines", "of": "amount"},
                                          "unit": str(unit)}})
            where: tuple[Any, ...] = ("rules", 0, "check", "left", "unit")
        else:
            data = minimal_call(at_most({"param": "cap"}),
                                budget={"rounding": {"unit": str(unit)}})
            where = ("budget", "rounding", "unit")
        data["parameters"] = {**data.get("parameters", {}),
                              "cap": {"amount": "100.00", "currency": "EUR"}}
        whole = unit % Decimal("0.01") == 0
        if whole:
            callrules.Call.from_dict(data)
            return
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(data)
        assert (caught.value.code, caught.value.loc) == ("bad_rounding", where)
        assert caught.value.words is not None
        key, values = caught.value.words
        for lang in ("fr", "en", "es", "pt"):  # both amounts in the reader's digits and sign
            said = phrase(key, lang, **values)
            written = [format_currency(amount, "EUR", locale=lang, decimal_quantization=False)
                       for amount in (unit, Decimal("0.01"))]
            assert all(w in said for w in written) and code_tokens(said) == [], said

    def test_a_decimal_is_rounded_to_any_unit(self) -> None:
        """A ratio is no money: a unit of a thousandth is its own affair."""
        rule = {"op": "compare", "cmp": "<=", "to": {"decimal": "1"},
                "left": {"round": {"ratio": [{"count": "visitors"}, 2]}, "unit": "0.001"}}
        callrules.Call.from_dict(minimal_call(rule))
