"""Inputs the fuzzer (fuzz/run.py) found escaping the typed errors, kept as regressions."""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date, datetime
from typing import Any

import pytest

import callrules
from tests.conftest import ROOT, eligible_dict
from tests.test_definitions import mini_toml, minimal_call

BUNDLED = ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml"


def bundled_call_data() -> dict[str, Any]:
    """The bundled call file as a dict, as tomllib reads it."""
    data: dict[str, Any] = tomllib.loads(BUNDLED.read_text("utf-8"))
    return data


def digits(text: str) -> str:
    """The digits of ``text``, whatever the grouping separators of its locale."""
    return re.sub(r"\D", "", text)


class TestApplications:
    def test_a_lone_surrogate_in_a_money_key_is_an_input_error(self) -> None:
        """A JSON key "\\ud800" in an amount is an input error whose message can be written:
        JSON text holding a lone surrogate is not valid JSON (pydantic-core reads UTF-8
        text); in a dict, the money value is named as holding text that is not Unicode."""
        app = eligible_dict()
        app["budget"]["lines"][0]["amount"]["\ud800"] = 1
        text = json.dumps(app)
        assert "\\ud800" in text
        expected = {str: ("", "json_invalid"), dict: ("/budget/lines/0/amount", "string_unicode")}
        for record in (text, app):
            with pytest.raises(callrules.InputError) as info:
                callrules.evaluate(callrules.calls.load("cnrs-amsud-2026"), record)
            (problem,) = info.value.problems
            assert (problem.pointer, problem.type) == expected[type(record)]
            for lang in ("en", "fr"):
                problem.message(lang).encode("utf-8")


class TestInstants:
    @pytest.mark.parametrize("text", ["20:30-8620", "10p+26",
                                      "2h066666666666666666666666666666 "])
    def test_an_offset_of_a_day_or_more_or_an_unreadable_number_is_a_time_error(
            self, text: str) -> None:
        """dateutil reads these, but the offset or the seconds are out of range: TimeError."""
        with pytest.raises(callrules.TimeError) as info:
            callrules.parse_instant(text)
        assert info.value.code == "bad_instant"


class TestCallFiles:
    def test_a_within_year_rule_with_a_null_year_is_a_definition_error(self) -> None:
        """year = null in a JSON call file is refused at its place, not an AssertionError."""
        data = minimal_call({"op": "within_year", "path": "submitted_at", "year": None})
        text = json.dumps(data, default=lambda value: value.isoformat())
        with pytest.raises(callrules.DefinitionError) as info:
            callrules.Call.from_text(text, format="json")
        assert (info.value.code, info.value.loc) == ("wrong_type",
                                                     ("rules", 0, "check", "year"))


    @pytest.mark.parametrize("timeline", ["deadline = 9999-12-31", 'deadline = "9999-12"'])
    def test_a_day_or_month_milestone_ending_after_the_calendar_is_a_definition_error(
            self, timeline: str) -> None:
        """A day or month milestone ends after it: after 9999-12-31, it cannot, so it is refused."""
        with pytest.raises(callrules.DefinitionError) as info:
            callrules.Call.from_text(mini_toml(timeline=timeline))
        assert (info.value.code, info.value.loc) == ("bad_milestone", ("timeline", "deadline"))

    @pytest.mark.parametrize(("deadline", "shift"), [
        (datetime(9500, 6, 1, 17), {"years": 1000}),
        (datetime(500, 6, 1, 17), {"years": -1000}),
        (date(9999, 12, 1), {"days": 40}),
        (date(9999, 12, 1), {"months": 1}),
    ])
    def test_a_milestone_moved_past_the_calendar_is_a_definition_error(
            self, deadline: date, shift: dict[str, int]) -> None:
        """An offset within its bounds can still move a milestone out of years 1 to 9999."""
        data = minimal_call({"op": "compare", "path": "submitted_at", "cmp": "<=",
                             "to": {"milestone": "deadline", **shift}},
                            timeline={"deadline": deadline})
        with pytest.raises(callrules.DefinitionError) as info:
            callrules.Call.from_dict(data)
        assert (info.value.code, info.value.loc) == ("bad_milestone",
                                                     ("rules", 0, "check", "to"))


class TestLargeIntegers:
    @pytest.mark.parametrize(("parameter", "value"), [
        ("funding_year", 10 ** 30), ("max_stay_nights", -(10 ** 30)),
        ("project_pages_max", -(10 ** 4301)),
    ], ids=["30-digits", "minus-30-digits", "4302-digits"])
    def test_an_integer_parameter_beyond_15_digits_is_refused_at_load(
            self, parameter: str, value: int) -> None:
        """A whole-number parameter is bounded: refused where it is, never a crash later."""
        data = bundled_call_data()
        data["parameters"][parameter] = value
        with pytest.raises(callrules.DefinitionError) as info:
            callrules.Call.from_dict(data)
        assert (info.value.code, info.value.loc) == ("bad_parameter", ("parameters", parameter))

    @pytest.mark.parametrize("value", [10 ** 40, -(10 ** 4301)], ids=["41-digits", "4302-digits"])
    def test_an_answer_beyond_15_digits_is_an_input_error(self, value: int) -> None:
        """An application's huge answer is refused at its field, in both languages."""
        app = eligible_dict()
        app["answers"] = {"k": value}
        with pytest.raises(callrules.InputError) as info:
            callrules.parse_application(app)
        problems = [p for p in info.value.problems if p.path.startswith("answers.k")]
        assert problems and all(p.message("fr") for p in problems)

    def test_fifteen_digits_still_render(self) -> None:
        """The largest answer accepted is shown with all its digits in a finding."""
        call = callrules.Call.from_dict(minimal_call({"op": "in", "path": "answers.k",
                                                      "set": [1, 2]}))
        app = eligible_dict()
        app["answers"] = {"k": 10 ** 15}
        (finding,) = callrules.evaluate(call, json.dumps(app)).errors
        for locale in ("en", "fr"):
            assert "1" + "0" * 15 in digits(finding.message(locale))
