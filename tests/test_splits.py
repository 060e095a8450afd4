"""Splitting an amount by ratios: the parts add up to the total to the cent, each is within
one unit of its exact share, a zero ratio gets nothing, and the order of the ratios only
decides ties."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules import Money
from callrules._i18n import words_said
from callrules._money import excess_places
from tests.laws import settings
from tests.test_i18n import code_tokens

#: Ratios as a user writes them: whole numbers, decimals, decimal text, zeros among them.
ratios_strategy = st.lists(
    st.one_of(st.integers(0, 1000), st.decimals(0, 100, places=3).map(Decimal),
              st.decimals(0, 10, places=2).map(str)),
    min_size=1, max_size=12).filter(lambda rs: any(Decimal(r) > 0 for r in rs))
cents = st.integers(-10**12, 10**12)
currencies = st.sampled_from(["EUR", "CLP", "BHD"])  # 2, 0 and 3 decimal places


def money(units: int, currency: str) -> Money:
    places = {"EUR": 2, "CLP": 0, "BHD": 3}[currency]
    return Money(Decimal(units).scaleb(-places), currency)


class TestLaws:
    @settings(max_examples=300)
    @given(units=cents, currency=currencies, ratios=ratios_strategy)
    def test_the_parts_add_up_to_the_total_and_stay_within_a_unit(
            self, units: int, currency: str, ratios: list[Any]) -> None:
        """Law: the parts add up to the total exactly; each differs from its exact share
        by less than one unit of the currency; a zero ratio gets exactly zero."""
        total = money(units, currency)
        parts = callrules.split(total, ratios)
        assert Money.total(parts, currency) == total
        step = Fraction(money(1, currency).amount)
        whole = sum(Fraction(Decimal(r)) for r in ratios)
        for part, ratio in zip(parts, ratios, strict=True):
            exact = Fraction(total.amount) * Fraction(Decimal(ratio)) / whole
            assert abs(Fraction(part.amount) - exact) < step
            assert part.currency == currency
            if Decimal(ratio) == 0:
                assert part.amount == 0 and not part.amount.is_signed()

    @settings(max_examples=200)
    @given(units=cents, ratios=ratios_strategy, data=st.data())
    def test_permuting_the_ratios_permutes_the_parts(self, units: int, ratios: list[Any],
                                                     data: st.DataObject) -> None:
        """Law: each ratio gets the same part whatever the order (parts of equal ratios may
        trade the unit a tie gives the first of them)."""
        total = money(units, "EUR")
        order = data.draw(st.permutations(range(len(ratios))))
        parts = callrules.split(total, ratios)
        moved = callrules.split(total, [ratios[i] for i in order])
        pairs = sorted((Decimal(r), p.amount) for r, p in zip(ratios, parts, strict=True))
        moved_pairs = sorted((Decimal(ratios[i]), p.amount)
                             for i, p in zip(order, moved, strict=True))
        assert pairs == moved_pairs

    @given(units=cents, ratios=ratios_strategy)
    def test_a_mapping_keeps_its_keys_and_splits_as_a_list(self, units: int,
                                                          ratios: list[Any]) -> None:
        """A mapping of names to ratios gives a mapping of the same names, in order, to the
        parts a list of the same ratios gives."""
        total = money(units, "EUR")
        named = {f"partner {i}": r for i, r in enumerate(ratios)}
        result = callrules.split(total, named)
        assert list(result) == list(named)
        assert list(result.values()) == callrules.split(total, ratios)


class TestExamples:
    def test_a_third_each(self) -> None:
        """100 € in three: the left-over cent goes to the first (a tie, broken by order)."""
        assert callrules.split(Money("100.00", "EUR"), [1, 1, 1]) == [
            Money("33.34", "EUR"), Money("33.33", "EUR"), Money("33.33", "EUR")]

    def test_ties_go_to_the_larger_ratio_first(self) -> None:
        """0.02 € by 1 and 3 is 0.005 and 0.015: each loses half a cent, and the tie goes to
        the larger ratio, whatever the order."""
        assert callrules.split(Money("0.02", "EUR"), [1, 3]) == [
            Money("0.00", "EUR"), Money("0.02", "EUR")]
        assert callrules.split(Money("0.02", "EUR"), [3, 1]) == [
            Money("0.02", "EUR"), Money("0.00", "EUR")]

    def test_years_of_a_grant_in_whole_euros(self) -> None:
        """A unit of one euro: 10,000 € over three years at 40 %, 35 %, 25 %."""
        parts = callrules.split(Money("10000", "EUR"), {"2027": "0.40", "2028": "0.35",
                                                        "2029": "0.25"}, unit="1")
        assert parts == {"2027": Money("4000", "EUR"), "2028": Money("3500", "EUR"),
                         "2029": Money("2500", "EUR")}

    def test_a_negative_amount_splits_as_its_opposite(self) -> None:
        """A refund splits like the amount, with the sign."""
        assert callrules.split(Money("-0.05", "EUR"), [1, 1, 0]) == [
            Money("-0.03", "EUR"), Money("-0.02", "EUR"), Money("0.00", "EUR")]

    @pytest.mark.parametrize(("total", "ratios", "unit", "says"), [
        (Money("1.00", "EUR"), [], None, "1 to"),
        (Money("1.00", "EUR"), [0, 0], None, "all zero"),
        (Money("1.00", "EUR"), [1, -1], None, "negative"),
        (Money("1.00", "EUR"), [1, 0.5], None, "not a number"),
        (Money("1.00", "EUR"), [1, True], None, "not a number"),
        (Money("1.00", "EUR"), [1, "1/3"], None, "not a number"),
        (Money("1.00", "EUR"), "11", None, "a list"),
        (Money("1.005", "EUR"), [1, 1], None, "round it first"),
        (Money("1.00", "EUR"), [1, 1], "0", "positive"),
        (Money("1.00", "EUR"), [1, 1], 0.5, "positive decimal"),
        (Decimal("1.00"), [1, 1], None, "split shares money"),
        (Money("1.00", "EUR"), [1] * 10_001, None, "1 to 10000"),
    ])
    def test_what_cannot_be_split_is_a_typed_error(self, total: Any, ratios: Any, unit: Any,
                                                   says: str) -> None:
        """No ratio, all zero, a negative or unreadable ratio (a float, a boolean, a
        fraction written with a slash), a total finer than the unit, a unit that is not a
        positive decimal, a total that is not money: ArgumentError naming the problem."""
        with pytest.raises(callrules.ArgumentError, match=says) as caught:
            callrules.split(total, ratios, unit=unit)
        assert caught.value.code == "bad_split"


class TestPartsThatCanBeWritten:
    @settings(max_examples=200)
    @given(units=cents, currency=st.sampled_from(["EUR", "CLP", "BHD", "JPY", "KWD"]),
           ratios=ratios_strategy, digits=st.integers(0, 4), places=st.integers(-2, 5))
    def test_every_part_has_at_most_the_currency_s_digits_or_the_unit_is_refused(
            self, units: int, currency: str, ratios: list[Any], digits: int,
            places: int) -> None:
        """Law: for any unit (``digits`` × 10^-``places``), a split either gives parts each
        of which an application could state (no more digits than the currency has, so
        ``Money`` read as input accepts it), or, for a unit that is not a whole number of
        the currency's minor unit, refuses it (``bad_split``) in the reader's words in
        four languages, no code token; before, 100 JPY split in thirds at "0.01" gave
        33.34 JPY, which reading an application refuses."""
        unit = Decimal(max(digits, 1)).scaleb(-places)
        minor = Decimal(1).scaleb(-{"EUR": 2, "CLP": 0, "BHD": 3, "JPY": 0, "KWD": 3}[currency])
        total = Money((Decimal(units) * unit).normalize(), currency) \
            if (Decimal(units) * unit) % minor == 0 else Money(Decimal(units) * minor,
                                                               currency)
        try:
            parts = callrules.split(total, ratios, unit=unit)
        except callrules.ArgumentError as exc:
            assert exc.code == "bad_split"
            if unit % minor == 0:
                assert "round it first" in str(exc)  # the total, not the unit
                return
            assert exc.words is not None and exc.words[0] == "split_below_minor_unit"
            for lang in ("en", "fr", "es", "pt"):
                said = words_said(exc.words, lang)
                # a currency's symbol ("$CL", babel's for the Chilean peso) is no code
                assert not [t for t in code_tokens(said) if not t.strip("$").isupper()], \
                    (lang, said)
                assert "%(" not in said
            return
        assert unit % minor == 0
        for part in parts:
            # the reader's rule for an amount: no more digits than the currency has
            assert excess_places(part.amount, currency) is None, part
        assert sum((p.amount for p in parts), Decimal(0)) == total.amount

    def test_the_attack_s_yen_in_hundredths_is_refused_in_french(self) -> None:
        """split(100 JPY, [1, 1, 1], unit="0.01") gave 33.34 JPY; now refused, in words."""
        with pytest.raises(callrules.ArgumentError) as caught:
            callrules.split(Money("100", "JPY"), [1, 1, 1], unit="0.01")
        assert caught.value.words is not None
        said = words_said(caught.value.words, "fr")
        assert "ne peut pas être partagée" in said and "JPY" in said, said
