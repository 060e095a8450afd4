"""Dates moved by parameters: "5 years before the deadline" written with a parameter, signed
or under ``before`` / ``after``, bounded at load in every version, amended "as of"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import callrules
from tests.conftest import eligible_dict
from tests.test_expressions import findings
from tests.test_fixture_calls import HELSINKI, postdoc_application


def arrivals(arrival: str) -> dict[str, Any]:
    """The eligible example, every visitor arriving on ``arrival``."""
    data = eligible_dict()
    for visitor in data["visitors"]:
        visitor["stay"] = {"arrival": arrival, "departure": "2026-09-25"}
    return data


def window(to: dict[str, Any]) -> dict[str, Any]:
    """Every visitor arrives on or after ``to``."""
    return {"op": "each", "path": "visitors", "rule": {
        "op": "compare", "path": "stay.arrival", "cmp": ">=", "to": to}}


BACK_FIVE = [{"milestone": "results", "years": {"param": "back"}},
             {"milestone": "results", "before": {"years": {"param": "five"}}},
             {"shift": {"milestone": "results"}, "before": {"years": {"param": "five"}}}]


class TestBothDirections:
    @pytest.mark.parametrize("to", BACK_FIVE, ids=["signed", "before", "shift-before"])
    @pytest.mark.parametrize(("arrival", "ok"), [("2021-09-01", True), ("2021-08-31", False)])
    def test_five_years_before_a_milestone(self, to: dict[str, Any], arrival: str,
                                           ok: bool) -> None:
        """A negative parameter, or a positive one under ``before``: 1 September 2021 is five
        years before the results (1 September 2026) and passes; the day before fails."""
        found = findings(window(to), arrivals(arrival), timeline={"results": "2026-09-01"},
                         parameters={"back": -5, "five": 5})
        assert (not found) is ok

    @pytest.mark.parametrize(("arrival", "ok"), [("2026-09-15", True), ("2026-09-14", False)])
    def test_days_after_a_milestone(self, arrival: str, ok: bool) -> None:
        """``after = { days = … }``: at least 14 days after 1 September."""
        to = {"milestone": "results", "after": {"days": {"param": "lead"}}}
        found = findings(window(to), arrivals(arrival), timeline={"results": "2026-09-01"},
                         parameters={"lead": 14})
        assert (not found) is ok


class TestBoundsAtLoad:
    @pytest.mark.parametrize(("to", "value", "ok"), [
        ({"years": {"param": "n"}}, 1000, True), ({"years": {"param": "n"}}, 1001, False),
        ({"years": {"param": "n"}}, -1000, True), ({"years": {"param": "n"}}, -1001, False),
        ({"before": {"years": {"param": "n"}}}, 0, True),
        ({"before": {"years": {"param": "n"}}}, -1, False),
        ({"after": {"days": {"param": "n"}}}, 1000, True),
        ({"after": {"days": {"param": "n"}}}, 1001, False)])
    def test_an_offset_parameter_is_bounded_and_named(self, to: dict[str, Any], value: int,
                                                      ok: bool) -> None:
        """At most 1000 either way; at least zero under ``before`` and ``after``; otherwise a
        DefinitionError naming the parameter and its value."""
        rule = window({"milestone": "results", **to})
        if ok:
            findings(rule, arrivals("2026-09-14"), timeline={"results": "2026-09-01"},
                     parameters={"n": value})
            return
        with pytest.raises(callrules.DefinitionError) as caught:
            findings(rule, arrivals("2026-09-14"), timeline={"results": "2026-09-01"},
                     parameters={"n": value})
        assert caught.value.code == "bad_offset"
        assert f"parameter 'n' is {value}" in str(caught.value)
        assert caught.value.loc[-1] == "param"

    def test_an_amended_value_out_of_bounds_is_refused_at_load(self) -> None:
        """Every value of the parameter's history is checked, not only the latest."""
        history = {"history": [{"from": "2026-01-01T00:00:00", "value": 5},
                               {"from": "2026-05-01T00:00:00", "value": -2}]}
        rule = window({"milestone": "results", "before": {"years": {"param": "n"}}})
        with pytest.raises(callrules.DefinitionError, match="parameter 'n' is -2"):
            findings(rule, arrivals("2026-09-14"), timeline={"results": "2026-09-01"},
                     parameters={"n": history})

    @pytest.mark.parametrize("to", [
        {"milestone": "results", "before": {"years": 1}, "after": {"days": 1}},
        {"milestone": "results", "before": {"years": 1}, "days": 1},
        {"milestone": "results", "before": {"weeks": 1}},
        {"milestone": "results", "before": 3}])
    def test_a_direction_is_one_table_of_offsets(self, to: dict[str, Any]) -> None:
        """``before`` or ``after``, not both, not with signed offsets, holding years, months
        or days."""
        with pytest.raises(callrules.DefinitionError) as caught:
            findings(window(to), arrivals("2026-09-14"), timeline={"results": "2026-09-01"})
        assert caught.value.code == "wrong_type"


class TestTheFixture:
    @pytest.mark.parametrize(("years", "awarded", "ok"), [
        (5, "2022-03-31", True), (5, "2022-03-30", False),
        (3, "2024-03-31", True), (3, "2024-03-30", False)])
    def test_the_career_window_follows_its_parameter_as_amended(
            self, years: int, awarded: str, ok: bool) -> None:
        """The Helsinki call counts ``career_years`` back from the window's end; amended to
        3 from 1 January 2027, the window as of then starts on 31 March 2024."""
        text = Path(HELSINKI.source).read_text("utf-8")
        assert 'before = { years = { param = "career_years" } }' in text
        amended = text.replace("career_years = 5 ", 'career_years = { history = [{ from = '
                               '2026-01-01T00:00:00, value = 5 }, { from = 2027-01-01T00:00:00,'
                               ' value = 3 }] } ')
        call = callrules.Call.from_text(amended)
        app = postdoc_application()
        app["visitors"][0]["fields"]["phd_awarded"] = awarded
        as_of = "2026-12-01T00:00:00+02:00" if years == 5 else "2027-02-01T00:00:00+02:00"
        report = callrules.evaluate(call, app, now=callrules.parse_instant(as_of))
        assert ("career-window" not in {f.clause for f in report.findings}) is ok
