"""A currency is money: an ISO 4217 code that is not (a precious metal, an accounting unit,
the code for testing, "no currency") is refused wherever a currency is written, in a call
(a cap, the call's currency) and in an application (a budget line, an exchange rate)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules import _code_tables
from tests.conftest import eligible_dict
from tests.laws import settings
from tests.test_selection import cnrs_data

NOT_MONEY = sorted(_code_tables.NOT_MONEY)


def _call_in(code: str, where: str) -> callrules.Call:
    """The bundled call with its cap (``cap``) or its own currency (``call``) in ``code``."""
    data: dict[str, Any] = copy.deepcopy(cnrs_data())
    if where == "cap":
        data["parameters"]["cap"] = {"amount": "3100.00", "currency": code}
    else:
        data["currency"] = code
    return callrules.Call.from_dict(data, source="varied.toml")


class TestNotMoney:
    @settings(max_examples=30, deadline=None)
    @given(code=st.sampled_from(NOT_MONEY), where=st.sampled_from(["cap", "call"]))
    def test_a_call_in_a_currency_that_is_not_money_does_not_load(
            self, code: str, where: str) -> None:
        """Law: the bundled call with its cap, or its own currency, in any such code is
        refused when it loads (a definition error), never a call that judges in it."""
        with pytest.raises(callrules.DefinitionError):
            _call_in(code, where)

    @pytest.mark.parametrize("where", ["cap", "call"])
    def test_the_same_call_in_euros_loads(self, where: str) -> None:
        """The control: the same change with EUR loads."""
        assert _call_in("EUR", where).currency == "EUR"

    @settings(max_examples=30, deadline=None)
    @given(code=st.sampled_from(NOT_MONEY))
    def test_an_application_in_a_currency_that_is_not_money_is_bad_input(
            self, code: str) -> None:
        """Law: a budget line in any such code is an input problem at its place
        (``currency_code``), never an amount converted or judged."""
        app = eligible_dict()
        app["budget"]["lines"][0]["amount"]["currency"] = code
        with pytest.raises(callrules.InputError) as caught:
            callrules.evaluate(callrules.calls.load("cnrs-amsud-2026"), app,
                               now=callrules.parse_instant("2026-05-01T10:00:00+02:00"))
        assert [p.type for p in caught.value.problems] == ["currency_code"]
