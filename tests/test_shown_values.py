"""A value is shown as the value judged: a number that fails against its limit is never
shown equal to it (a decimal with the digits it has, an amount with every decimal it has, a
ratio with as many decimals as tell it from its limit), in every language."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given
from hypothesis import strategies as st

import callrules
from callrules._i18n import format_percent, format_value
from callrules._wording import _NO_LABELS, _values
from tests.conftest import eligible_dict
from tests.laws import settings
from tests.test_definitions import minimal_call

LANGS = ("fr", "en", "es", "pt")
#: Decimals as a call file and an application write them: up to 8 decimals.
DECIMALS = st.decimals(min_value=Decimal("-1000"), max_value=Decimal("1000"), places=8,
                       allow_nan=False, allow_infinity=False)


def _shown(finding: callrules.Finding, lang: str) -> dict[str, str]:
    return dict(_values(finding, lang, None, _NO_LABELS))


def _judged(check: dict[str, Any], app: dict[str, Any],
            fields: dict[str, Any] | None = None) -> list[callrules.Finding]:
    data = minimal_call(check, fields=fields or {})
    return list(callrules.evaluate(callrules.Call.from_dict(data), app).findings)


class TestTheValueShownIsTheValueJudged:
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(value=DECIMALS, limit=DECIMALS, cmp=st.sampled_from(["<=", ">=", "==", "<", ">"]))
    def test_a_decimal_that_fails_is_not_shown_as_its_limit(self, value: Decimal,
                                                            limit: Decimal, cmp: str) -> None:
        """A declared decimal compared with a literal: whenever the rule fails, the value and
        the limit are two different texts exactly when they are two different numbers, and
        an excess or shortfall is not zero."""
        app = eligible_dict()
        app["fields"] = {"ratio": format(value, "f")}
        findings = _judged({"op": "compare", "path": "fields.ratio", "cmp": cmp,
                            "to": {"decimal": format(limit, "f")}}, app,
                           {"application": {"ratio": {"type": "decimal"}}})
        for finding in findings:
            for lang in LANGS:
                shown = _shown(finding, lang)
                assert (shown["value"] != shown["limit"]) is (value != limit), (value, limit)
                for name in ("excess", "shortfall"):
                    if name in shown and value != limit:
                        assert shown[name] != format_value(Decimal(0), lang)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(part=st.integers(1, 10**9), rest=st.integers(1, 10**9), percent=st.integers(1, 99))
    def test_a_ratio_that_fails_is_not_shown_as_its_limit(self, part: int, rest: int,
                                                          percent: int) -> None:
        """A ratio of two sums of amounts against a percentage: whenever it fails, the ratio
        and the percentage are shown as two different percentages, the excess not as 0 %."""
        app = eligible_dict()
        app["budget"] = {"lines": [
            {"category": "meals", "beneficiary": "v1",
             "amount": {"amount": format(Decimal(part).scaleb(-2), "f"), "currency": "EUR"}},
            {"category": "transport", "beneficiary": "v1",
             "amount": {"amount": format(Decimal(rest).scaleb(-2), "f"), "currency": "EUR"}}]}
        app.pop("exchange_rates", None)
        findings = _judged({"op": "compare", "cmp": "<=", "left": {"ratio": [
            {"sum": "budget.lines", "of": "amount",
             "where": {"op": "in", "path": "category", "set": ["meals"]}},
            {"sum": "budget.lines", "of": "amount"}]}, "to": {"percent": percent}}, app)
        assert bool(findings) is (Decimal(part) / (part + rest) > Decimal(percent) / 100)
        for finding in findings:
            for lang in LANGS:
                shown = _shown(finding, lang)
                assert shown["value"] != shown["limit"], (part, rest, percent, lang)
                assert shown["excess"] != format_percent(Decimal(0), lang)

    def test_an_exchange_rate_is_shown_with_its_digits(self) -> None:
        """The rate a conversion used is shown as supplied (0.16333333, not 0.163)."""
        for lang in LANGS:
            assert "16333333" in format_value(Decimal("0.16333333"), lang)

    def test_an_amount_is_shown_with_every_decimal_it_has(self) -> None:
        """3,000.001 KWD (a currency of three decimals) is not shown as 3,000.00 KWD."""
        app = eligible_dict()
        app["fields"] = {"grant": {"amount": "3000.001", "currency": "KWD"}}
        (finding,) = _judged({"op": "compare", "path": "fields.grant", "cmp": "<=",
                              "to": {"amount": "3000.000", "currency": "KWD"}}, app,
                             {"application": {"grant": {"type": "money"}}})
        for lang in LANGS:
            shown = _shown(finding, lang)
            assert shown["value"] != shown["limit"]
            assert "001" in shown["value"] and "001" in shown["excess"]


#: "-0" or "−0" standing for a number (not the start of "-0.5" or "-0,5").
_NEGATIVE_ZERO = re.compile(r"[-−]0(?![.,]?\d)")


class TestZeroHasNoSign:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(value=st.one_of(st.just(Decimal(0)), DECIMALS),
           other=st.one_of(st.sampled_from([Decimal(0), Decimal(-7), Decimal("-0.5")]),
                           DECIMALS),
           how=st.sampled_from(["ratio", "times", "minus", "plus"]), swap=st.booleans())
    def test_no_computed_value_is_shown_as_minus_zero(self, value: Decimal, other: Decimal,
                                                      how: str, swap: bool) -> None:
        """Whatever the operation and the signs of its parts (0 / -7, 0 × -0.5, -0 - 0), a
        result of zero is 0, never "-0": in the finding's value and in its message, in every
        language."""
        parts: list[Any] = [{"path": "fields.x"}, {"decimal": format(other, "f")}]
        if swap:
            parts.reverse()
        app = eligible_dict()
        app["fields"] = {"x": format(value, "f")}
        findings = _judged({"op": "compare", "left": {how: parts}, "cmp": ">",
                            "to": {"decimal": "1000000000"}}, app,
                           {"application": {"x": {"type": "decimal"}}})
        for finding in findings:
            if isinstance(finding.input, Decimal):
                assert not (finding.input.is_zero() and finding.input.is_signed())
            for lang in LANGS:
                message = finding.message(lang)
                assert not _NEGATIVE_ZERO.search(message), (message, value, other, how)
