"""A finding says what its figures were computed from: each amount converted at an exchange
rate (the rate as supplied, which pair, the converted amount), once, in its context and in
its message."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import callrules
from callrules import Money
from tests.test_expressions import RATIO_RULE, findings, with_lines
from tests.test_i18n import code_tokens


def conversions(finding: callrules.Finding) -> list[dict[str, Any]]:
    return list(finding.ctx.get("conversions", ()))  # type: ignore[call-overload]


class TestConversionsAreRecorded:
    def test_a_sum_in_several_currencies_records_each_conversion(self) -> None:
        """5,200 BRL at 0.16 is 832 EUR: the ratio's finding records it, once, although
        both sides of the rule sum that line."""
        app = with_lines(("transport", "300.00", "EUR"), ("meals", "5200.00", "BRL"))
        (finding,) = findings(RATIO_RULE, app)
        assert conversions(finding) == [{
            "amount": Money("5200.00", "BRL"), "converted": Money("832.00", "EUR"),
            "rate": Decimal("0.1600"), "inverse": False}]
        assert finding.to_dict()["ctx"]["conversions"] == [{
            "amount": {"amount": "5200.00", "currency": "BRL"},
            "converted": {"amount": "832.00", "currency": "EUR"},
            "rate": "0.1600", "inverse": False}]

    def test_the_opposite_pairs_rate_is_said_as_supplied(self) -> None:
        """Only EUR → BRL at 6.25 is supplied: the amount was divided by it, and the
        message says the rate as the application gave it."""
        app = with_lines(("transport", "300.00", "EUR"), ("meals", "5200.00", "BRL"))
        app["exchange_rates"] = [{"base": "EUR", "quote": "BRL", "rate": "6.25"}]
        (finding,) = findings(RATIO_RULE, app)
        (entry,) = conversions(finding)
        assert (entry["rate"], entry["inverse"], entry["converted"]) == (
            Decimal("6.25"), True, Money("832.00", "EUR"))
        assert "converted at 1 EUR = 6.25 BRL: €832.00." in finding.message("en")

    def test_a_comparison_of_money_records_its_conversion(self) -> None:
        """Each line at most 500 EUR: a line of 5,200 BRL is 832 EUR at the supplied rate."""
        rule = {"op": "each", "path": "budget.lines", "rule": {
            "op": "compare", "path": "amount", "cmp": "<=",
            "to": {"amount": "500.00", "currency": "EUR"}}}
        (finding,) = findings(rule, with_lines(("meals", "5200.00", "BRL")))
        assert [c["converted"] for c in conversions(finding)] == [Money("832.00", "EUR")]

    def test_an_amount_in_the_limits_currency_records_nothing(self) -> None:
        """No conversion, no entry."""
        (finding,) = findings(RATIO_RULE, with_lines(("transport", "1.00", "EUR"),
                                                     ("meals", "9.00", "EUR")))
        assert "conversions" not in finding.ctx


class TestConversionsAreSaid:
    @pytest.mark.parametrize(("lang", "said"), [
        ("en", "5,200.00 Brazilian reals converted at 1 BRL = 0.16 EUR: €832.00."),
        ("fr", "Conversion de 5\u202f200,00 réals brésiliens au taux de 1 BRL = 0,16 "
               "EUR\u202f: 832,00\xa0€."),
        ("es", "Conversión de 5.200,00 reales brasileños al tipo de 1 BRL = 0,16 EUR"),
        ("pt", "Conversão de 5.200,00 reais brasileiros à taxa de 1 BRL = 0,16 EUR")])
    def test_the_total_says_the_rate_it_used(self, lang: str, said: str) -> None:
        """The CNRS cap's finding says which amount was converted, at which rate, in words."""
        call = callrules.calls.load("cnrs-amsud-2026")
        with open("examples/ineligible.json", encoding="utf-8") as file:
            report = callrules.evaluate(call, file.read())
        (finding,) = [f for f in report.errors if f.code == "total_above_maximum"]
        text = report.message_of(finding, lang)
        assert said in text
        assert code_tokens(text) == []


class TestRoundedConversionsSayTheRounding:
    """A converted amount shown rounded (the amount times the rate is not the amount shown)
    says how it was rounded, as the call rounds money, so that a person checking the sum
    knows why it differs by a cent (before: the rate and the amount alone)."""

    LANGUAGES = ("en", "fr", "es", "pt")

    def test_a_conversion_rounded_to_the_cent_says_so(self) -> None:
        """100.33 USD at 0.9234 is 92.644722 EUR, shown €92.64: rounded to the smallest
        unit of the currency, to the nearest (halfway: to the even), in four languages,
        with no code token; an exact conversion says no rounding."""
        rule = {"op": "each", "path": "budget.lines", "rule": {
            "op": "compare", "path": "amount", "cmp": "<=",
            "to": {"amount": "1.00", "currency": "EUR"}}}
        app = with_lines(("meals", "100.33", "USD"), ("meals", "100.00", "USD"))
        app["exchange_rates"] = [{"base": "USD", "quote": "EUR", "rate": "0.9234"}]
        found = findings(rule, app)
        (rounded,) = conversions(found[0])
        assert (rounded["converted"], rounded["rounding"]) == (Money("92.64", "EUR"),
                                                                "half_even")
        assert "unit" not in rounded
        said = {lang: found[0].message(lang) for lang in self.LANGUAGES}
        assert "€92.64, rounded to the smallest unit of the currency, to the nearest " \
               "(halfway: to the even)." in said["en"]
        assert "92,64\xa0€, montant arrondi à la plus petite unité de la monnaie" in said["fr"]
        assert "importe redondeado a la unidad más pequeña" in said["es"]
        assert "valor arredondado para a menor unidade" in said["pt"]
        assert all(not code_tokens(said_of(text)) for text in said.values()), said
        (exact,) = conversions(found[1])  # 100.00 × 0.9234 = 92.34: nothing rounded
        assert "rounding" not in exact and "rounded" not in found[1].message("en")

    def test_a_conversion_rounded_by_the_call_s_unit_says_the_unit_and_mode(self) -> None:
        """151.37 USD × 7 = 1,059.59 USD at 0.9234 is 978.425406 EUR, rounded by the call
        (0.05, half up) to €978.45: the sentence names the unit and the mode."""
        rule = {"op": "each", "path": "budget.lines", "rule": {
            "op": "compare", "path": "amount", "cmp": "<=",
            "to": {"times": [{"param": "rate"}, {"decimal": "7"}]}}}
        app = with_lines(("meals", "5000.00", "EUR"))
        app["exchange_rates"] = [{"base": "USD", "quote": "EUR", "rate": "0.9234"}]
        (finding,) = findings(rule, app, parameters={
            "rate": {"amount": "151.37", "currency": "USD"}},
            budget={"rounding": {"unit": "0.05", "mode": "half_up"}})
        (entry,) = conversions(finding)
        assert (entry["converted"], entry["rounding"], entry["unit"]) == (
            Money("978.45", "EUR"), "half_up", Money("0.05", "EUR"))
        assert finding.to_dict()["ctx"]["conversions"][0]["unit"] == {
            "amount": "0.05", "currency": "EUR"}
        said = {lang: finding.message(lang) for lang in self.LANGUAGES}
        assert "€978.45, rounded to a multiple of €0.05, to the nearest (halfway: up)." \
            in said["en"]
        assert "arrondi à un multiple de 0,05\xa0€" in said["fr"]
        assert "redondeado a un múltiplo de 0,05" in said["es"]
        assert "arredondado para um múltiplo de €\xa00,05" in said["pt"]
        assert len(set(said.values())) == 4
        assert all(not code_tokens(said_of(text)) for text in said.values()), said


def said_of(message: str) -> str:
    """The sentence of ``message`` that says the conversion (its last)."""
    return message.rsplit(". ", 1)[-1]
