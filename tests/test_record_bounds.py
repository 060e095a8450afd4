"""What a record's problems cost is bounded: an over-long list is one problem, and a record
reports at most ``MAX_PROBLEMS`` problems and a count of the others (issue 16)."""

from __future__ import annotations

import functools
import json
import tomllib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field

import callrules
from callrules import InputError
from callrules._i18n import format_exact
from callrules._models import Application
from callrules._shape import shape_problems
from callrules.exceptions import MAX_PROBLEMS, MIN_LISTED, weighed
from tests.conftest import ROOT, eligible_dict
from tests.laws import settings

#: Each bounded list or mapping of an application: where it is, and its bound.
BOUNDED: list[tuple[tuple[str, ...], int]] = [
    (("visitors",), 1000), (("documents",), 1000), (("approvals",), 100),
    (("exchange_rates",), 200), (("answers",), 500), (("budget", "lines"), 10_000),
    (("host", "unit", "affiliations"), 100)]
#: Bounded only in the generic form (a call's own form types its ``fields``).
GENERIC_ONLY: list[tuple[tuple[str, ...], int]] = [(("fields",), 200), (("host", "fields"), 200)]


def _with(data: dict[str, Any], at: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    place: Any = data
    for key in at[:-1]:
        place = place[key] if isinstance(key, int) else place.setdefault(key, {})
    place[at[-1]] = value
    return data


def _filled(at: tuple[str | int, ...], length: int, item: Any) -> Any:
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

    @pytest.mark.parametrize("generic", [True, False])
    def test_over_long_lists_are_told_in_the_order_of_the_fields(self, generic: bool) -> None:
        """Several lists beyond their bounds are told in the order of the application's
        fields, as the model tells its problems, in every run: they came in the order of a
        set of their keys, which changes with each process's hash seed."""
        tops = [at for at, _ in BOUNDED if len(at) == 1]
        data = eligible_dict()
        for at, most in BOUNDED:
            if at in tops:
                _with(data, at, _filled(at, most + 1, {}))
        read = (callrules.parse_application if generic
                else callrules.calls.load("cnrs-amsud-2026").parse)
        fields = [info.alias or name for name, info in Application.model_fields.items()]
        for record in (data, json.dumps(data)):
            (error,) = _problems(read, record)
            assert [p.loc for p in error.problems] == sorted(
                tops, key=lambda at: fields.index(at[0]))

    def test_many_unknown_keys_are_one_problem(self) -> None:
        """More keys that are no field than the cap is one problem that counts them."""
        data = {**eligible_dict(), **{f"x{n}": 1 for n in range(5000)}}
        (error,) = _problems(callrules.parse_application, json.dumps(data))
        assert [p.type for p in error.problems] == ["too_many_keys"]
        assert error.problems[0].ctx == {"count": "5000", "limit": str(MAX_PROBLEMS)}


#: Where a list the call declares (``list = true``, ``max_length = 2``) sits, at each level.
DECLARED: list[tuple[tuple[str | int, ...], int]] = [
    (("fields", "notes"), 2), (("host", "fields", "notes"), 2),
    (("visitors", 0, "fields", "notes"), 2), (("budget", "lines", 0, "fields", "notes"), 2),
    (("documents", 0, "fields", "notes"), 2)]
#: Another problem of the record, outside the lists: its place and the value put there.
OTHERS: list[tuple[tuple[str | int, ...], Any]] = [
    (("language",), "xx"), (("submitter", "email"), "not an address"),
    (("visitors", 1, "person", "email"), "not an address"),
    (("budget", "lines", 1, "amount", "amount"), "many"),
    (("documents", 0, "pages"), float("inf"))]  # (JSON text: 1e400, Infinity)


@functools.cache
def declaring() -> callrules.Call:
    """The CNRS call, declaring a list of at most two notes at each level."""
    data = tomllib.loads((ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text())
    spec = {"type": "text", "list": True, "max_length": 2, "label": {
        "fr": "Remarques", "en": "Notes", "es": "Observaciones", "pt": "Observações"}}
    data["fields"] = {level: {"notes": spec} for level in
                      ("application", "host", "visitors", "budget_lines", "documents")}
    return callrules.Call.from_dict(data, source="declaring")


def _told(error: InputError) -> tuple[list[Any], int]:
    """The problems ``error`` lists, and how many it counts without listing them."""
    more = [p for p in error.problems if p.type == "more_problems"]
    return ([p for p in error.problems if p.type != "more_problems"],
            int(more[0].ctx["count"]) if more else 0)


class TestOverLongListsBesideOtherProblems:
    @settings(max_examples=40, deadline=None)
    @given(st.sampled_from([(*b, "built-in") for b in BOUNDED]
                           + [(*b, "generic") for b in GENERIC_ONLY]
                           + [(*b, "declared") for b in DECLARED]),
           st.sampled_from(OTHERS), st.integers(1, 3), st.booleans(),
           st.sampled_from([0, 0, 60, 100]), st.sampled_from([MAX_PROBLEMS, MIN_LISTED]))
    def test_a_list_beyond_its_bound_and_the_other_problems_are_all_told(
            self, bounded: tuple[tuple[str | int, ...], int, str],
            other: tuple[tuple[str | int, ...], Any], extra: int, text: bool, many: int,
            listed: int) -> None:
        """Every bounded list (built in, or declared at any level) one to three items beyond
        its bound, its items bad or not, beside another problem of the record elsewhere and
        ``many`` bad items of another list: the list's ``too_long`` is listed, however few
        problems are (50, or 8 in a batch), and those listed and those counted are the
        record's problems with that list within its bound, plus the list's one (what the
        model says of the emptied list is not counted). With no crowd, nothing else is told
        (the list's items are not read)."""
        at, most, form = bounded
        where, value = other
        if where[:len(at)] == at:  # (inside the list: not read, the list is the problem)
            return
        crowd = ("documents",) if at == ("host", "unit", "affiliations") else (
            "host", "unit", "affiliations")
        within = _with(_with(eligible_dict(), where, value), crowd, [5] * many) if many \
            else _with(eligible_dict(), where, value)
        data = _with(json.loads(json.dumps(within)), at,
                     _filled(at, most + extra, "x" if form == "declared" else {}))
        read = {"built-in": callrules.calls.load("cnrs-amsud-2026").parse,
                "generic": callrules.parse_application, "declared": declaring().parse}[form]
        (real,) = _problems(read, within)
        (error,) = _problems(read, json.dumps(data) if text else data)
        shown, counted = _told(weighed(error, 0) if listed == MIN_LISTED else error)
        others, uncounted = _told(real)
        assert [p.type for p in shown if p.loc == at] == ["too_long"]
        assert len(shown) + counted == len(others) + uncounted + 1
        if not many:
            assert [p.loc for p in shown if p.loc != at] == [where]


@functools.cache
def declaring_at_least_one() -> callrules.Call:
    """The CNRS call, each visitor declaring a list of one or two languages."""
    data = tomllib.loads((ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text())
    data["fields"] = {"visitors": {"langs": {
        "type": "text", "list": True, "min_length": 1, "max_length": 2, "label": {
            "fr": "Langues", "en": "Languages", "es": "Idiomas", "pt": "Idiomas"}}}}
    return callrules.Call.from_dict(data, source="declaring")


#: Lists that may be over their bound beside two visitors with one id: each visitor's own
#: declared list (emptied, it falls short of its ``min_length``) and two built-in lists.
OVER_LONG: list[tuple[tuple[str | int, ...], int]] = [
    (("visitors", 0, "fields", "langs"), 2), (("visitors", 1, "fields", "langs"), 2),
    (("documents",), 1000), (("host", "unit", "affiliations"), 100)]
#: Other problems of such a record, some inside a visitor (which the ids' check then skipped).
BESIDE: list[tuple[tuple[str | int, ...], Any]] = [
    (("language",), "xx"), (("visitors", 0, "person", "email"), "not an address"),
    (("visitors", 1, "stay", "arrival"), "soon"), (("visitors", 0, "zz"), 1),
    (("visitors", 0, "id"), ""), (("visitors", 1, "fields", "langs"), [7])]


def _found(read: Any, record: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """The places and codes of the problems ``read`` finds in ``record`` (none: it reads)."""
    try:
        read(record)
    except InputError as error:
        return [(p.loc, p.type) for p in error.problems]
    return []


class TestDuplicateIdsBesideOtherProblems:
    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.sampled_from(OVER_LONG), max_size=2, unique=True),
           st.lists(st.sampled_from(BESIDE), max_size=2, unique_by=lambda o: o[0]),
           st.booleans(), st.booleans())
    def test_every_problem_is_told_whichever_list_is_emptied(
            self, long: list[tuple[tuple[str | int, ...], int]],
            others: list[tuple[tuple[str | int, ...], Any]], twice: bool, text: bool) -> None:
        """Two visitors given one id, beside lists over their bound (a visitor's own list,
        emptied, falls short of its ``min_length``) and other problems, some inside a
        visitor: the record's problems are those of the same record with its lists within
        their bounds, each told, plus one for each list over its bound; the id given twice
        is among them whenever both ids are valid (it was hidden by a visitor's emptied list,
        or by any other problem of a visitor)."""
        within = eligible_dict()
        for visitor in within["visitors"]:
            visitor["fields"] = {"langs": ["fr"]}
        if twice:
            within["visitors"][1]["id"] = within["visitors"][0]["id"]
        for where, value in others:
            _with(within, where, value)
        data = json.loads(json.dumps(within))
        for at, most in long:
            if not any(where[:len(at)] == at for where, _ in others):
                _with(data, at, _filled(at, most + 1, "en"))
        over = [at for at, _ in long if _at(data, at) != _at(within, at)]
        read = declaring_at_least_one().parse
        told = _found(read, json.dumps(data) if text else data)
        assert sorted(told[:len(over)]) == sorted((at, "too_long") for at in over)
        assert told[len(over):] == _found(read, within)
        valid_ids = not any(where == ("visitors", 0, "id") for where, _ in others)
        assert ((("visitors", 1, "id"), "duplicate_visitor_id") in told) == (
            twice and valid_ids)


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
            count = int(found[-1].ctx["count"])  # type: ignore[index]
            assert format_exact(count, lang) in found[-1].message(lang)  # the reader's digits
        assert len(str(error)) < 200 * (MAX_PROBLEMS + 1)

    def test_capping_twice_keeps_the_count(self) -> None:
        """An InputError made again from another's problems counts the same left-out ones."""
        problems = [callrules.InputProblem((), "missing", "m")] * 120
        again = InputError(InputError(problems).problems)
        assert len(again.problems) == MAX_PROBLEMS + 1
        assert again.problems[-1].ctx == {"count": "70"}


#: Places where a list or an object is refused whatever it holds: keys that are no field, at
#: three levels, and fields of one text.
REFUSED_WHOLE: list[tuple[str | int, ...]] = [
    ("zz",), ("host", "zz"), ("visitors", 0, "zz"), ("language",), ("visitors", 0, "id"),
    ("id",)]
_LEAVES = st.none() | st.booleans() | st.integers() | st.text(max_size=5)
#: A list or an object holding anything (nested lists and objects, texts, numbers).
BULKY = st.one_of(
    st.lists(st.recursive(_LEAVES, lambda inner: st.lists(inner, max_size=3)
                          | st.dictionaries(st.text(max_size=3), inner, max_size=3),
                          max_leaves=12), min_size=1, max_size=4),
    st.dictionaries(st.text(max_size=3), st.lists(st.lists(_LEAVES)), min_size=1,
                    max_size=3))


def _placed(data: dict[str, Any], at: tuple[str | int, ...], value: Any) -> None:
    place: Any = data
    for key in at[:-1]:
        place = place[key]
    place[at[-1]] = value


def _at(data: Any, at: tuple[str | int, ...]) -> Any:
    for key in at:
        data = data[key]
    return data


class TestValuesRefusedWhole:
    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.sampled_from(REFUSED_WHOLE), min_size=1, max_size=3, unique=True),
           BULKY, st.booleans())
    def test_a_value_refused_whole_is_refused_without_reading_it(
            self, places: list[tuple[str | int, ...]], value: Any, generic: bool) -> None:
        """A list or an object at a key that is no field, or at a field of one text, is
        refused with the same problems (codes, places, words) as an empty one there, and the
        model never reads what it holds: a megabyte of nested lists there cost seconds and
        hundreds of megabytes, each copied into its problem (attacker 12a F8)."""
        model = Application if generic else callrules.calls.load("cnrs-amsud-2026") \
            .form.application
        read = callrules.parse_application if generic else \
            callrules.calls.load("cnrs-amsud-2026").parse
        bulky, emptied = eligible_dict(), eligible_dict()
        for at in places:
            _placed(bulky, at, value)
            _placed(emptied, at, type(value)())
        seen: list[Any] = []
        original = model.model_validate_json

        def spy(text: Any, *args: Any, **kwargs: Any) -> Any:
            seen.append(json.loads(text))
            return original(text, *args, **kwargs)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(model, "model_validate_json", spy)
            (refused,) = _problems(read, json.dumps(bulky))
        (expected,) = _problems(read, json.dumps(emptied))
        assert [(p.loc, p.type, p.msg, p.ctx, p.input) for p in refused.problems] == [
            (p.loc, p.type, p.msg, p.ctx, p.input) for p in expected.problems]
        assert seen and all(not _at(seen[-1], at) for at in places)
