"""A rule counting a length whose bounds leave no length to accept (a most below the shortest
length it counts, a least above the longest, a least above the most) is refused when the call
loads, naming the parameter in words; bounds that leave a length load and evaluate."""

from __future__ import annotations

import copy
import tomllib
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules._i18n import phrase_sentence
from callrules.language.dates import LENGTHS
from tests.conftest import ROOT, eligible_dict
from tests.laws import settings

CNRS_FILE = ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml"
NOW = datetime(2026, 5, 1, tzinfo=UTC)


def loads_and_judges(data: dict[str, Any]) -> None:
    """The call ``data`` loads, and judges the bundled eligible application."""
    call = callrules.Call.from_dict(data)
    assert callrules.evaluate(call, eligible_dict(), now=NOW).call_id == call.id


def refused_at_load(data: dict[str, Any], code: str
                    ) -> tuple[callrules.DefinitionError, str, dict[str, str]]:
    """The error refusing the call ``data`` (read from ``mine.toml``) when it loads, with
    ``code``, and its words' key and sentence in each language, none showing an identifier
    or a placeholder."""
    with pytest.raises(callrules.DefinitionError) as caught:
        callrules.Call.from_dict(data, source="mine.toml")
    error = caught.value
    assert (error.code, error.source) == (code, "mine.toml")
    assert error.words is not None
    key, values = error.words
    said = {lang: phrase_sentence(key, lang, **values) for lang in ("fr", "en", "es", "pt")}
    for sentence in said.values():
        assert "_" not in sentence and "%(" not in sentence
    return error, key, said
#: Bounds around the edges: below zero, the shortest lengths, a week, the longest ones.
BOUND = st.one_of(st.integers(-3, 10), st.sampled_from([LENGTHS[c][1] + d for c in LENGTHS
                                                         for d in (-1, 0, 1)]))


@cache
def cnrs_text() -> str:
    return CNRS_FILE.read_text("utf-8")


def with_bounds(low: int | None, high: int, count: str, *, low_param: bool,
                dated: int | None) -> dict[str, Any]:
    """The bundled call with its stay rule counting ``count`` from ``low`` (written in the
    rule, or as the parameter ``min_stay_nights``) to ``high`` (``max_stay_nights``, with an
    earlier value ``dated`` before an amendment, if given)."""
    data = copy.deepcopy(tomllib.loads(cnrs_text()))
    for entry in data["rules"]:
        rule = entry["check"].get("rule", {})
        if rule.get("op") == "days":
            rule["count"] = count
            if low is None:
                rule.pop("min", None)
            elif low_param:
                data["parameters"]["min_stay_nights"] = low
                rule["min"] = {"param": "min_stay_nights"}
            else:
                rule["min"] = low
    data["parameters"]["max_stay_nights"] = high if dated is None else {"history": [
        {"from": datetime(2026, 4, 21), "value": dated},
        {"from": datetime(2026, 5, 15), "value": high}]}
    return data


def possible(low: int | None, high: int, count: str) -> bool:
    """True when some length ``days`` can count lies within the bounds."""
    shortest, longest = LENGTHS[count]
    return max(shortest, low if low is not None else shortest) <= min(longest, high)


class TestBoundsThatLeaveNoLength:
    @settings(max_examples=40, deadline=None)
    @given(low=st.none() | BOUND, high=BOUND, count=st.sampled_from(sorted(LENGTHS)),
           low_param=st.booleans(), dated=st.none() | BOUND)
    def test_refused_at_load_exactly_when_no_length_is_possible(
            self, low: int | None, high: int, count: str, low_param: bool,
            dated: int | None) -> None:
        """The call loads, and evaluates an application, exactly when every version's bounds
        leave some length; otherwise DefinitionError ``bad_bounds`` at the rule's bound, said
        in the four languages without a code, naming the parameter when one holds it."""
        data = with_bounds(low, high, count, low_param=low_param, dated=dated)
        if possible(low, high, count) and (dated is None or possible(low, dated, count)):
            loads_and_judges(data)
            return
        error, key, said = refused_at_load(data, "bad_bounds")
        assert error.loc[:2] == ("rules", 8)
        assert error.loc[-1] in ("min", "max") or error.loc[-2:] in (("max", "param"),
                                                                    ("min", "param"))
        if "param" in error.loc:
            assert key.endswith("_param")
            assert error.words is not None
            if error.words[1]["parameter"] != "min stay nights":  # (unlabelled: its name)
                for lang, sentence in said.items():  # the call's label, in each language
                    assert data["labels"]["parameters"]["max_stay_nights"][lang] in sentence

    def test_the_bundled_stay_of_minus_one_night_is_refused(self) -> None:
        """``max_stay_nights = -1`` (below the rule's own least, 0) no longer loads."""
        with pytest.raises(callrules.DefinitionError, match="max_stay_nights") as caught:
            callrules.Call.from_text(cnrs_text().replace("max_stay_nights = 7",
                                                         "max_stay_nights = -1"))
        assert caught.value.words is not None
        assert "Durée maximale du séjour, en nuits" in phrase_sentence(
            caught.value.words[0], "fr", **caught.value.words[1])


#: Caps of money around zero: below it (what can never be met), zero, above it.
CAP = st.decimals(min_value=-5000, max_value=5000, places=2)


def with_cap(cap: Decimal, *, in_rule: bool, dated: Decimal | None) -> dict[str, Any]:
    """The bundled call with its budget cap ``cap``, written in the total rule or as the
    parameter ``cap`` (with an earlier value ``dated`` before an amendment, if given)."""
    data = copy.deepcopy(tomllib.loads(cnrs_text()))
    money = {"amount": str(cap), "currency": "EUR"}
    if in_rule:
        for entry in data["rules"]:
            if entry["check"].get("op") == "total":
                entry["check"]["max"] = money
    data["parameters"]["cap"] = money if dated is None else {"history": [
        {"from": datetime(2026, 4, 21), "value": {"amount": str(dated), "currency": "EUR"}},
        {"from": datetime(2026, 5, 15), "value": money}]}
    return data


class TestMoneyCapsThatNoTotalMeets:
    @settings(max_examples=40, deadline=None)
    @given(cap=CAP, in_rule=st.booleans(), dated=st.none() | CAP)
    def test_refused_at_load_exactly_when_below_zero(
            self, cap: Decimal, in_rule: bool, dated: Decimal | None) -> None:
        """A total of money capped below zero in any version of the call (amounts are never
        negative: every application would be refused) is refused when the call loads,
        ``bad_bounds`` at the cap, in the four languages, naming the parameter that holds
        it; a cap of zero or more loads and evaluates. Before, a cap of -3,100.00 EUR loaded
        and refused every application."""
        data = with_cap(cap, in_rule=in_rule, dated=dated)
        caps = [cap] if in_rule else [cap, *([] if dated is None else [dated])]
        if min(caps) >= 0:
            loads_and_judges(data)
            return
        error, key, said = refused_at_load(data, "bad_bounds")
        assert error.loc[-1] == ("max" if in_rule else "param")
        assert key == ("bounds_below_zero" if in_rule else "bounds_below_zero_param")
        assert all("EUR" in sentence for sentence in said.values())


#: The comparisons a whole number's limit is written with (``!=`` always leaves a number).
CMP = st.sampled_from(["<=", "<", ">=", ">", "=="])
#: Limits around the edges of a page count (0 to 100,000) and of the visitors (1 to 1,000).
LIMIT = st.one_of(st.integers(-3, 3), st.sampled_from([999, 1000, 1001, 1002, 99_999,
                                                       100_000, 100_001]))


def meets(least: int, most: int, cmp: str, limit: int) -> bool:
    """Whether some whole number from ``least`` to ``most`` compares with ``limit`` so."""
    return any({"<=": n <= limit, "<": n < limit, ">=": n >= limit, ">": n > limit,
                "==": n == limit}[cmp] for n in (least, most, min(max(limit, least), most)))


#: The call's label of the parameter ``limit_of_rule``, in each of its languages.
RULE_LIMIT = {"fr": "Limite de la règle", "en": "Limit of the rule", "es": "Límite de la regla",
              "pt": "Limite da regra"}


def with_number_rule(what: str, cmp: str, limit: int, *, as_param: bool,
                     dated: int | None) -> dict[str, Any]:
    """The bundled call with one more rule comparing ``what`` (``pages``: each document's
    page count; ``visitors``: how many visitors) with ``limit``, written in the rule or as
    the parameter ``limit_of_rule`` (with an earlier value ``dated``, if given)."""
    data = copy.deepcopy(tomllib.loads(cnrs_text()))
    to: Any = {"param": "limit_of_rule"} if as_param else limit
    if as_param:
        data["parameters"]["limit_of_rule"] = limit if dated is None else {"history": [
            {"from": datetime(2026, 4, 21), "value": dated},
            {"from": datetime(2026, 5, 15), "value": limit}]}
        data["labels"]["parameters"]["limit_of_rule"] = RULE_LIMIT
    check = ({"op": "each", "path": "documents", "rule": {
        "op": "compare", "path": "pages", "cmp": cmp, "to": to}} if what == "pages" else
        {"op": "compare", "left": {"count": "visitors"}, "cmp": cmp, "to": to})
    data["rules"].append({"clause": "documents", "check": check})
    return data


class TestWholeNumbersOutOfTheirRange:
    @settings(max_examples=60, deadline=None)
    @given(what=st.sampled_from(["pages", "visitors"]), cmp=CMP, limit=LIMIT,
           as_param=st.booleans(), dated=st.none() | LIMIT)
    def test_refused_at_load_exactly_when_no_number_of_the_field_meets_it(
            self, what: str, cmp: str, limit: int, as_param: bool, dated: int | None
            ) -> None:
        """A page count (0 to 100,000 by the model) or a count of the visitors (1 to
        1,000) compared with a limit no number of that range meets, in any version of the
        call, is refused when the call loads: ``bad_bounds`` at the limit, in the four
        languages, naming the parameter that holds it. Any other limit loads. Before,
        ``project_pages_max = -1`` loaded and refused every application (attack 25b F6)."""
        least, most = (0, 100_000) if what == "pages" else (1, 1000)
        data = with_number_rule(what, cmp, limit, as_param=as_param, dated=dated)
        limits = [limit, *([dated] if as_param and dated is not None else [])]
        if all(meets(least, most, cmp, each) for each in limits):
            loads_and_judges(data)
            return
        error, key, said = refused_at_load(data, "bad_bounds")
        assert error.loc[-1] == ("param" if as_param else "to")
        assert key.endswith("_param") == as_param
        assert all((RULE_LIMIT[lang] in sentence) == as_param  # named by the call's label
                   for lang, sentence in said.items())

    def test_the_bundled_project_of_minus_one_page_is_refused(self) -> None:
        """``project_pages_max = -1`` no longer loads; a filter that never keeps a page
        count (a question, not a requirement) still does."""
        with pytest.raises(callrules.DefinitionError, match="project_pages_max") as caught:
            callrules.Call.from_text(cnrs_text().replace("project_pages_max = 3",
                                                         "project_pages_max = -1"))
        assert caught.value.code == "bad_bounds"
        data = with_number_rule("visitors", ">=", 1, as_param=False, dated=None)
        data["rules"][-1]["check"] = {"op": "compare", "left": {"count": "documents", "where": {
            "op": "compare", "path": "pages", "cmp": ">", "to": 100_000}}, "cmp": "==",
            "to": 0}
        callrules.Call.from_dict(data)


def with_set(values: list[str], how: str, *, negate: bool = False,
             dated: list[str] | None = None) -> dict[str, Any]:
    """The bundled call whose rule on the host unit's country accepts ``values``: written
    in the rule (``literal``), as its parameter ``destinations`` (``param``, with an earlier
    value ``dated`` if given), or as a platform's named set (``named``)."""
    data = copy.deepcopy(tomllib.loads(cnrs_text()))
    if how == "named":
        callrules.calls.register_set("destinations_of_test", values)
        data["parameters"]["destinations"] = {"set": "destinations_of_test"}
    elif how == "param":
        data["parameters"]["destinations"] = values if dated is None else {"history": [
            {"from": datetime(2026, 4, 21), "value": dated},
            {"from": datetime(2026, 5, 15), "value": values}]}
    for entry in data["rules"]:
        if entry["check"].get("set") == {"param": "destinations"}:
            if how == "literal":
                entry["check"]["set"] = values
            if negate:
                entry["check"]["op"] = "not_in"
    return data


class TestSetsThatAcceptNothing:
    @settings(max_examples=30, deadline=None)
    @given(values=st.sampled_from([[], ["FR"], ["FR", "GP"]]),
           how=st.sampled_from(["literal", "param", "named"]), negate=st.booleans(),
           dated=st.none() | st.sampled_from([[], ["MQ"]]))
    def test_an_in_rule_against_an_empty_set_is_refused(
            self, values: list[str], how: str, negate: bool, dated: list[str] | None) -> None:
        """``in`` a set that is empty in any version of the call (written in the rule, a
        parameter, a platform's named set) is refused when the call loads: ``empty_set`` at
        the set, in the four languages, naming the parameter or the named set. ``not_in``
        an empty set, and ``in`` a set with values, load. Before, such a call loaded and
        refused every application: "France is not among the accepted values (nothing)"
        (attack 25b F2)."""
        dated = dated if how == "param" else None
        data = with_set(values, how, negate=negate, dated=dated)
        if negate or (values and dated != []):
            loads_and_judges(data)
            return
        error, _, said = refused_at_load(data, "empty_set")
        assert error.loc[-1] == ("set" if how == "literal" else "param")
        for lang, sentence in said.items():  # a parameter named by the call's label
            assert {"literal": "“" not in sentence and "«" not in sentence,
                    "param": data["labels"]["parameters"]["destinations"][lang] in sentence,
                    "named": "destinations of test" in sentence}[how]
