"""What a record's problems cost is bounded: an over-long list is one problem, and a record
reports at most ``MAX_PROBLEMS`` problems and a count of the others (issue 16)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field

import callrules
from callrules import InputError
from callrules._models import Application
from callrules._shape import shape_problems
from callrules.exceptions import MAX_PROBLEMS
from tests.conftest import eligible_dict

#: Each bounded list or mapping of an application: where it is, and its bound.
BOUNDED: list[tuple[tuple[str, ...], int]] = [
    (("visitors",), 1000), (("documents",), 1000), (("approvals",), 100),
    (("exchange_rates",), 200), (("answers",), 500), (("budget", "lines"), 10_000),
    (("host", "unit", "affiliations"), 100)]
#: Bounded only in the generic form (a call's own form types its ``fields``).
GENERIC_ONLY: list[tuple[tuple[str, ...], int]] = [(("fields",), 200), (("host", "fields"), 200)]


def _with(data: dict[str, Any], at: tuple[str, ...], value: Any) -> dict[str, Any]:
    place = data
    for key in at[:-1]:
        place = place[key]
    place[at[-1]] = value
    return data


def _filled(at: tuple[str, ...], length: int, item: Any) -> Any:
    if at[-1] in ("answers", "fields"):
        return {f"k{n}": item for n in range(length)}
    return [item] * length


def _problems(read: Any, record: Any) -> tuple[InputError, ...]:
    with pytest.raises(InputError) as caught:
        read(record)
    return (caught.value,)


class TestOverLongLists:
    @settings(max_examples=40, deadline=None)
    @given(st.sampled_from(BOUNDED + GENERIC_ONLY), st.integers(1, 3000),
           st.sampled_from([{}, 1, "x", None, [1]]), st.booleans(), st.booleans())
    def test_a_list_beyond_its_bound_is_one_problem_naming_it(
            self, bounded: tuple[tuple[str, ...], int], extra: int, item: Any, text: bool,
            generic: bool) -> None:
        """Whatever a list beyond its bound holds, read from a dict or JSON text, by the
        call's form or the generic one, the record has one problem: that list is too long,
        with its bound (its items are not validated, hence not reported)."""
        at, most = bounded
        if (at, most) in GENERIC_ONLY and not generic:
            return
        data = _with(eligible_dict(), at, _filled(at, most + extra, item))
        record: Any = json.dumps(data) if text else data
        read = (callrules.parse_application if generic
                else callrules.calls.load("cnrs-amsud-2026").parse)
        (error,) = _problems(read, record)
        assert [(p.loc, p.type) for p in error.problems] == [(at, "too_long")]
        assert error.problems[0].ctx == {"max_length": str(most),
                                         "actual_length": str(most + extra)}
        assert "list is too long" in error.problems[0].message("en")

    def test_many_unknown_keys_are_one_problem(self) -> None:
        """More keys that are no field than the cap is one problem that counts them."""
        data = {**eligible_dict(), **{f"x{n}": 1 for n in range(5000)}}
        (error,) = _problems(callrules.parse_application, json.dumps(data))
        assert [p.type for p in error.problems] == ["too_many_keys"]
        assert error.problems[0].ctx == {"count": "5000", "limit": str(MAX_PROBLEMS)}


class TestShapesWithinBounds:
    @pytest.mark.parametrize("visitors", ["x", [1, "x", None], [{"stay": []}], {}])
    def test_a_record_within_bounds_is_left_to_the_model(self, visitors: Any) -> None:
        """Lists of the wrong kind within bounds are not the shape's business: the model
        reports them where they are, as before."""
        data = {**eligible_dict(), "visitors": visitors}
        assert shape_problems(Application, data) == []
        with pytest.raises(InputError) as caught:
            callrules.parse_application(data)
        assert all(p.loc[:1] == ("visitors",) for p in caught.value.problems)

    def test_a_model_that_takes_other_keys_does_not_count_them(self) -> None:
        """Keys a model accepts beyond its fields are not counted as unknown."""
        class Open(BaseModel):
            model_config = ConfigDict(extra="allow")
            items: list[int] = Field(default=[], max_length=2)
            either: int | str | None = None

        assert shape_problems(Open, {"either": "x", **{f"k{n}": n for n in range(500)}}) == []
        assert [p.type for p in shape_problems(Open, {"items": [1, 2, 3]})] == ["too_long"]


class TestProblemsAreCapped:
    @settings(max_examples=15, deadline=None)
    @given(st.integers(1, 1000), st.sampled_from(["en", "fr", "es", "pt"]))
    def test_a_record_reports_at_most_the_cap_and_counts_the_others(
            self, visitors: int, lang: str) -> None:
        """However many problems a record within bounds has (five per empty visitor), it
        reports at most ``MAX_PROBLEMS`` and one more that counts the others, and its text
        has a bound that does not grow with them."""
        data = eligible_dict()
        data["visitors"] = [{}] * visitors
        call = callrules.calls.load("cnrs-amsud-2026")
        (error,) = _problems(call.parse, json.dumps(data))
        found = error.problems
        assert len(found) <= MAX_PROBLEMS + 1
        if 5 * visitors > MAX_PROBLEMS:
            assert found[-1].type == "more_problems"
            assert int(found[-1].ctx["count"]) == 5 * visitors - MAX_PROBLEMS  # type: ignore[index]
            assert str(int(found[-1].ctx["count"])) in found[-1].message(lang)  # type: ignore[index]
        assert len(str(error)) < 200 * (MAX_PROBLEMS + 1)

    def test_capping_twice_keeps_the_count(self) -> None:
        """An InputError made again from another's problems counts the same left-out ones."""
        problems = [callrules.InputProblem((), "missing", "m")] * 120
        again = InputError(InputError(problems).problems)
        assert len(again.problems) == MAX_PROBLEMS + 1
        assert again.problems[-1].ctx == {"count": "70"}
