"""Rounding in words a person would sign: the unit named from the currency's decimal places
(the cent, the whole yen, the thousandth of a dinar), half-even said as an accountant says it
(never « au pair », the live-in nanny), and amounts of a refusal in the reader's digits."""

from __future__ import annotations

import copy
import json
import tomllib
from typing import Any

import pytest

import callrules
from callrules._i18n import phrase_sentence
from tests.conftest import ROOT

CNRS = tomllib.loads((ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml")
                     .read_text("utf-8"))
APP = json.loads((ROOT / "examples" / "eligible.json").read_text("utf-8"))
LANGS = ("en", "fr", "es", "pt")
#: The unit each language names for a currency of 0, 2, 3 and 4 decimal places.
UNITS = {
    0: {"en": "nearest whole unit", "fr": "à l’unité la plus proche",
        "es": "a la unidad más cercana", "pt": "à unidade mais próxima"},
    2: {"en": "nearest cent", "fr": "au centime le plus proche",
        "es": "al céntimo más cercano", "pt": "ao centavo mais próximo"},
    3: {"en": "nearest thousandth", "fr": "au millième le plus proche",
        "es": "a la milésima más cercana", "pt": "ao milésimo mais próximo"},
    4: {"en": "nearest ten-thousandth", "fr": "au dix-millième le plus proche",
        "es": "a la diezmilésima más cercana", "pt": "ao décimo de milésimo mais próximo"},
}
#: The words that name the nanny, or a pair of shoes, rather than an even unit.
NANNY = ("au pair", "al par", "para o par", "el par más", "o par mais", "vers le pair")


def call_in(currency: str, rounding: dict[str, str] | None = None) -> callrules.Call:
    """The CNRS call with its money, its rate tables and its cap in ``currency``."""
    data: dict[str, Any] = copy.deepcopy(CNRS)
    data["id"], data["currency"] = "in-other-money", currency
    data["parameters"]["cap"] = {"amount": "900000", "currency": currency}
    for table in ("lodging_night", "meal"):
        data["parameters"][table]["table"]["currency"] = currency
        for version in data["parameters"][table]["versions"]:
            for row in version["rows"]:
                row["value"] = "15001"
    if rounding is not None:
        data["budget"] = {"rounding": rounding}
    return callrules.Call.from_dict(data, source="in-other-money")


def application(currency: str) -> dict[str, Any]:
    app = copy.deepcopy(APP)
    app["call"] = "in-other-money"
    app["exchange_rates"] = [{"base": base, "quote": currency, "rate": rate}
                             for base, rate in (("EUR", "162.5"), ("BRL", "28.1"))
                             if base != currency]
    return app


class TestTheLibrarysRounding:
    @pytest.mark.parametrize(("currency", "places"), [
        ("JPY", 0), ("CLP", 0), ("EUR", 2), ("USD", 2), ("KWD", 3), ("BHD", 3), ("CLF", 4)])
    def test_a_computed_line_names_the_currencys_own_unit_in_every_language(
            self, currency: str, places: int) -> None:
        """« arrondi au millième le plus proche ; à égalité, vers le millième pair » for the
        dinar, the whole unit for the yen: never "the cent" for a currency without one."""
        plan = callrules.plan(call_in(currency), application(currency))
        computed = [line for line in plan.lines if line.status == "computed"]
        assert computed
        for lang in LANGS:
            for line in computed:
                text = plan.to_dict(lang)["lines"][plan.lines.index(line)]["explanation"]
                assert UNITS[places][lang] in text, (lang, text)
                assert not any(word in text for word in NANNY), text
                if places != 2:
                    assert not any(cent in text for cent in ("cent", "centime", "céntimo",
                                                             "centavo")), text

    @pytest.mark.parametrize("lang", ["fr", "es", "pt"])
    def test_a_calls_own_half_even_is_said_as_the_even_multiple(self, lang: str) -> None:
        """A call rounding to 5 yen half-even: « à égalité vers le multiple pair »."""
        plan = callrules.plan(call_in("JPY", {"unit": "5", "mode": "half_even"}),
                              application("JPY"))
        texts = [x["explanation"] for x in plan.to_dict(lang)["lines"]
                 if x["status"] == "computed"]
        assert texts
        even = {"fr": "à égalité vers le multiple pair",
                "es": "en caso de empate al múltiplo par",
                "pt": "em caso de empate para o múltiplo par"}[lang]
        assert all(even in text and not any(w in text for w in NANNY) for text in texts)


class TestRoundingBelowTheMinorUnit:
    @pytest.mark.parametrize(("lang", "unit", "minor"), [
        ("en", "¥0.05", "¥1"), ("fr", "0,05\xa0JPY", "1\xa0JPY"),
        ("es", "0,05\xa0JPY", "1\xa0JPY"), ("pt", "JP¥\xa00,05", "JP¥\xa01")])
    def test_the_refusal_writes_both_amounts_in_the_readers_digits_with_the_currency(
            self, lang: str, unit: str, minor: str) -> None:
        """« Cet appel arrondit les sommes à 0,05 JPY, moins que … 1 JPY », not « 0.05
        JPY » with a decimal point and a bare « 1 »."""
        with pytest.raises(callrules.DefinitionError) as caught:
            call_in("JPY", {"unit": "0.05", "mode": "half_even"})
        assert caught.value.code == "bad_rounding" and caught.value.words is not None
        key, values = caught.value.words
        said = phrase_sentence(key, lang, **values)
        assert f" {unit}," in said and f" {minor}" in said, said
        assert "0.05" not in said or lang == "en"
