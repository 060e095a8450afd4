"""A number below zero is written with the minus sign (U+2212) in every language, as the
library writes it in offsets (``UTC−03:00``): never a hyphen (« −25 », not « -25 »)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from callrules import Money
from callrules._i18n import (
    format_exact,
    format_money,
    format_named_money,
    format_percent,
    format_value,
)
from tests.laws import settings

LANGS = st.sampled_from(["en", "fr", "es", "pt"])
NEGATIVE = st.decimals(max_value=Decimal("-0.01"), min_value=Decimal("-1E12"), places=2,
                       allow_nan=False, allow_infinity=False)


class TestMinusSign:
    @settings(max_examples=100)
    @given(number=NEGATIVE, whole=st.integers(max_value=-1, min_value=-10**15),
           lang=LANGS, currency=st.sampled_from(["EUR", "BRL", "JPY", "USD"]))
    def test_every_number_below_zero_has_the_minus_sign(
            self, number: Decimal, whole: int, lang: str, currency: str) -> None:
        """Decimals, integers, amounts with a sign or a name, percentages: U+2212, once."""
        amount = Money(min(number.quantize(Decimal(1)), Decimal(-1)) if currency == "JPY"
                       else number, currency)
        texts = [format_value(number, lang), format_value(whole, lang),
                 format_exact(number, lang), format_exact(whole, lang),
                 format_money(amount, lang), format_named_money(amount, lang),
                 format_percent(number, lang)]
        for text in texts:  # (a hyphen after the digits is a currency's name's)
            head = text[:next(i for i, char in enumerate(text) if char.isdigit())]
            assert "-" not in head and text.count("\u2212") == 1, text

    @settings(max_examples=50)
    @given(lang=LANGS, currency=st.sampled_from(["USD", "EUR", "GBP"]))
    def test_a_hyphen_of_a_currencys_name_stays_one(self, lang: str, currency: str) -> None:
        """« 1,00 dollar des États-Unis »: a positive amount's name keeps its hyphen."""
        text = format_named_money(Money(Decimal("1.00"), currency), lang)
        assert "\u2212" not in text

    def test_the_planners_negative_quantity_reads_with_the_minus_sign(self) -> None:
        """« sa quantité, −25, est inférieure à zéro »: the value in the reader's digits."""
        assert format_value(-25, "fr") == "\u221225"
        assert format_value(Decimal("-2.5"), "fr") == "\u22122,5"
