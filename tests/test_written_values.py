"""Values written in a call: money written ``{ amount, currency }`` is money wherever it is (a
plan line's fixed amount, a rate, an operand of an operation, either side of ``compare``) and
plans and judges as the same money given as a parameter; a value whose kind nothing says is
refused in words that are true of where it is written (never "the other side of the
comparison" where there is none)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules import Money
from tests.conftest import eligible_dict
from tests.laws import settings
from tests.test_budget_planner import CNRS_FILE, PLAN, RATES, plan_call
from tests.test_cli import run
from tests.test_i18n import code_tokens
from tests.test_plan_promises import cnrs as cnrs_dict

BASE = PLAN % {"caps": ""}
STATED = "stated = true"
NIGHT = 'rate = { param = "fixed_night" }'
QUANTITY = 'quantity = { days_between = [{ path = "stay.arrival" }, { path = "stay.departure" }] }'
FALSE_WORDS = "other side of the comparison"

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999.99"), places=2)
currencies = st.sampled_from(["EUR", "BRL"])


def money(amount: Decimal, currency: str) -> str:
    return f'{{ amount = "{amount}", currency = "{currency}" }}'


def with_param(plan: str, name: str, amount: Decimal, currency: str) -> callrules.Call:
    """The planner's call with ``plan`` and a money parameter ``name`` added."""
    import tests.test_budget_planner as planner_tests
    saved = planner_tests.RATES
    planner_tests.RATES = RATES + f"{name} = {money(amount, currency)}\n"
    try:
        return plan_call(plan)
    finally:
        planner_tests.RATES = saved


def proposal(call: callrules.Call) -> dict[str, Any]:
    return callrules.plan(call, eligible_dict()).to_dict()


class TestMoneyWrittenInTheCall:
    def test_a_fixed_fee_on_a_plan_line_is_accepted_and_planned(self) -> None:
        """``amount = { amount = "150.00", currency = "EUR" }`` on a plan line (a registration
        fee) loads and is planned per participant: 150 each, as written."""
        call = plan_call(BASE.replace(STATED, f'amount = {money(Decimal("150.00"), "EUR")}'))
        result = callrules.plan(call, eligible_dict())
        fees = [line for line in result.lines if line.line == "transport"]
        assert fees and all(line.most == Money("150.00", "EUR") for line in fees)

    @settings(max_examples=15, deadline=None)
    @given(amounts, currencies)
    def test_a_money_literal_plans_as_the_same_money_as_a_parameter(
            self, amount: Decimal, currency: str) -> None:
        """Law: a plan line's ``amount``, its ``rate``, and an operand of ``times``, ``plus``
        and ``round`` written as money plan exactly as the same money given as a parameter."""
        written = money(amount, currency)
        for place, literal, param in [
                (STATED, f"amount = {written}", 'amount = { param = "fee" }'),
                (NIGHT, f"rate = {written}", 'rate = { param = "fee" }'),
                (NIGHT, f"rate = {{ times = [{written}, 2] }}",
                 'rate = { times = [{ param = "fee" }, 2] }'),
                (NIGHT, f'rate = {{ plus = [{written}, {{ param = "fixed_meal" }}] }}',
                 'rate = { plus = [{ param = "fee" }, { param = "fixed_meal" }] }'),
                (NIGHT, f"rate = {{ round = {written} }}",
                 'rate = { round = { param = "fee" } }')]:
            by_literal = with_param(BASE.replace(place, literal, 1), "fee", amount, currency)
            by_param = with_param(BASE.replace(place, param, 1), "fee", amount, currency)
            assert proposal(by_literal) == proposal(by_param), literal

    def test_callrules_plan_and_validate_take_a_fixed_fee(self, tmp_path: Path) -> None:
        """``callrules validate`` accepts the call and ``callrules plan`` proposes the fee."""
        data = _flat_fee()
        call_file, app_file = tmp_path / "call.json", tmp_path / "app.json"
        call_file.write_text(json.dumps(data), "utf-8")
        app = eligible_dict()
        app_file.write_text(json.dumps(app), "utf-8")
        checked = run("validate", str(call_file))
        assert checked.returncode == 0, checked.stdout + checked.stderr
        planned = run("plan", str(call_file), str(app_file), "--format", "json")
        assert FALSE_WORDS not in planned.stdout + planned.stderr
        assert "150" in planned.stdout, planned.stdout + planned.stderr

    @pytest.mark.parametrize("check", [
        {"op": "compare", "left": {"sum": "budget.lines", "of": "amount"}, "cmp": "<=",
         "to": {"times": [{"amount": "150.00", "currency": "EUR"}, 2]}},
        {"op": "compare", "left": {"minus": [{"sum": "budget.lines", "of": "amount"},
                                             {"amount": "150.00", "currency": "EUR"}]},
         "cmp": "<=", "to": {"amount": "3000.00", "currency": "EUR"}},
        {"op": "compare", "left": {"ratio": [{"sum": "budget.lines", "of": "amount"},
                                             {"amount": "150.00", "currency": "EUR"}]},
         "cmp": "<=", "to": 30},
        {"op": "compare", "left": {"amount": "3100.00", "currency": "EUR"}, "cmp": ">=",
         "to": {"sum": "budget.lines", "of": "amount"}},
        {"op": "compare", "left": 5, "cmp": ">=", "to": {"count": "budget.lines"}},
        {"op": "compare", "left": "2020-01-01", "cmp": "<=", "to": {"path": "submitted_at"}},
    ])
    def test_money_and_values_written_in_a_rule_load(self, check: dict[str, Any]) -> None:
        """Money inside an operation, and a value written on the left of ``compare`` (which
        takes the kind of ``to``), load; the rule is judged."""
        data = _flat_fee()
        data["rules"] = [{"clause": "c", "check": check}]
        call = callrules.Call.from_dict(data)
        assert callrules.evaluate(call, eligible_dict()) is not None

    def test_a_value_on_the_left_judges_as_the_sides_swapped(self) -> None:
        """``5 >= count`` decides as ``count <= 5``."""
        data = _flat_fee()
        count = {"count": "budget.lines"}
        outcomes = []
        for check in ({"op": "compare", "left": 1, "cmp": ">=", "to": count},
                      {"op": "compare", "left": count, "cmp": "<=", "to": 1}):
            data["rules"] = [{"clause": "c", "check": check}]
            report = callrules.evaluate(callrules.Call.from_dict(data), eligible_dict())
            outcomes.append(sorted(f.code for f in report.findings))
        assert outcomes[0] == outcomes[1] and outcomes[0]


    def test_a_plan_lookup_on_a_day_written_in_the_call(self) -> None:
        """A plan line's lookup ``on`` written as a day (``"2026-06-01"``) is read as a date
        and plans as the application's own day of that date (before: refused as a literal
        with "the other side of the comparison")."""
        text = CNRS_FILE.read_text("utf-8")
        arrival = 'on = { path = "stay.arrival" }'
        app = eligible_dict()
        days = {v["stay"]["arrival"] for v in app["visitors"]}
        assert len(days) == 1
        fixed = callrules.Call.from_text(text.replace(arrival, f'on = "{days.pop()}"'))
        assert proposal(fixed) == proposal(callrules.Call.from_text(text))


class TestRefusalsSayWhatIsTrue:
    @pytest.mark.parametrize(("place", "written", "words"), [
        (STATED, 'amount = "150.00"', "expected money here, written { amount"),
        (STATED, 'amount = 150', "expected money here, written { amount"),
        (STATED, 'amount = { amout = "150.00", currency = "EUR" }', "expected money here"),
        (NIGHT, 'rate = { round = 3.5 }', "expected money here"),
        (NIGHT, 'rate = { times = [{ amout = "1", currency = "EUR" }, 2] }',
         "neither an expression nor a value"),
        (QUANTITY, f'quantity = {money(Decimal(1), "EUR")}', "not an amount of money"),
    ])
    def test_a_plan_line_refused_says_what_the_place_takes(self, place: str, written: str,
                                                           words: str) -> None:
        """A plan line's value of the wrong kind is refused (``wrong_type``) saying what the
        place takes and how it is written, never a comparison there is not."""
        plan = BASE.replace(place, written, 1)
        assert plan != BASE
        with pytest.raises(callrules.DefinitionError) as caught:
            plan_call(plan)
        assert caught.value.code == "wrong_type"
        assert words in str(caught.value) and FALSE_WORDS not in str(caught.value)

    @pytest.mark.parametrize(("left", "to", "words"), [
        ({"round": 3.5, "unit": "1"}, {"count": "budget.lines"}, "nothing here says its kind"),
        ({"amout": "1", "currency": "EUR"}, {"count": "budget.lines"},
         "neither an expression nor a value"),
        ({"count": "budget.lines"}, {"amount": "1.00", "currency": "EUR"},
         "cannot compare a whole number with an amount of money"),
        ({"sum": "budget.lines", "of": "amount"}, {"round": {"amout": "1"}},
         "expected money here"),
    ])
    def test_a_rule_refused_says_what_is_true(self, left: Any, to: Any, words: str) -> None:
        """Every other place a value's kind cannot be told is refused in true words."""
        data = _flat_fee()
        data["rules"] = [{"clause": "c", "check": {"op": "compare", "left": left, "cmp": "<=",
                                                   "to": to}}]
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(data)
        assert caught.value.code == "wrong_type"
        assert words in str(caught.value) and FALSE_WORDS not in str(caught.value)

    @settings(max_examples=40, deadline=None)
    @given(st.sampled_from(["on", "text"]), st.one_of(
        st.dictionaries(st.sampled_from(["date", "value", "from", "at"]),
                        st.sampled_from(["1999-01-01", "x"]), max_size=3),
        st.lists(st.sampled_from(["1999-01-01", "x"]), max_size=3)))
    def test_a_table_or_a_list_where_one_value_is_said_in_words(
            self, place: str, written: Any) -> None:
        """A table or a list written where one value is expected (a rate's day, a text to
        compare with) is refused saying what was given in words, in each language: never as
        Python writes it (``{'date': '1999-01-01'}``, att90)."""
        data = _flat_fee()
        if place == "on":
            data = copy.deepcopy(cnrs_dict())
            data["plan"]["lines"][1]["rate"]["on"] = written
        else:
            data["rules"] = [{"clause": "c", "check": {"op": "compare", "path": "host.role",
                                                       "cmp": "==", "to": written}}]
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(data)
        said = str(caught.value)
        assert caught.value.code == "wrong_type"
        assert "{'" not in said and "['" not in said and "{}" not in said and "[]" not in said
        kind = "table" if isinstance(written, dict) else "list"
        assert f"got a {kind}" in said or f"got an empty {kind}" in said
        assert caught.value.words is not None
        assert caught.value.words[0] == f"definition_{kind}_given"
        texts = {lang: caught.value.message_in(lang) for lang in ("fr", "en", "es", "pt")}
        assert len(set(texts.values())) == 4
        for text in texts.values():
            assert not code_tokens(text), text


def _flat_fee() -> dict[str, Any]:
    """A call whose only plan line is a registration fee of 150 EUR (the fixer's example)."""
    return copy.deepcopy({
        "id": "flat", "version": "1", "languages": ["en", "fr"],
        "title": {"en": "T", "fr": "T"}, "timezone": "UTC", "currency": "EUR",
        "parameters": {"cap": {"amount": "3100.00", "currency": "EUR"}},
        "clauses": [{"id": "c", "title": {"en": "C", "fr": "C"},
                     "text": {"en": "x", "fr": "x"}}],
        "rules": [{"clause": "c", "check": {"op": "total", "path": "budget.lines",
                                            "of": "amount", "max": {"param": "cap"}}}],
        "plan": {"cap": {"param": "cap"}, "clause": "c", "trim": ["registration"],
                 "lines": [{"id": "fee", "category": "registration",
                            "amount": {"amount": "150.00", "currency": "EUR"},
                            "label": {"en": "Registration fee %(amount)s",
                                      "fr": "Frais d'inscription %(amount)s"}}]}})
