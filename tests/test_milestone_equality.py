"""``==`` and ``!=`` against a milestone are refused when the call loads, whatever the other
side is written as: ``path``, ``left = { path = … }``, ``shift``, or the milestone written on
the left. A milestone is a period (a day, a month) or an instant; a month compared by ``==``
had meant its first day (attack 35b: « September 14, 2026, where September 1, 2026 is
expected » for an arrival in the very month)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from tests.laws import settings

TIMELINE = {"month": "2026-09", "day": "2026-09-14", "instant": "2026-09-14T10:00:00"}
LABELS = {"milestones": {name: {"en": f"the {name}"} for name in TIMELINE}}
#: A visitor's arrival (a date) and the submission (an instant), each in every way a side
#: of a comparison can be written.
FIELDS = ("stay.arrival", "$root.submitted_at")
CMPS = ("==", "!=", "<", "<=", ">", ">=")


def _lefts(path: str) -> dict[str, dict[str, Any]]:
    return {"path": {"path": path}, "left path": {"left": {"path": path}},
            "shift by 0 days": {"left": {"shift": {"path": path}, "days": 0}},
            "shift by 1 month": {"left": {"shift": {"path": path}, "months": 1}}}


def _milestones(name: str) -> dict[str, dict[str, Any]]:
    return {"named": {"milestone": name}, "moved": {"milestone": name, "days": 2},
            "moved after": {"milestone": name, "after": {"months": 1}}}


def _loads(rule: dict[str, Any]) -> bool:
    names = {"en": "T"}
    try:
        callrules.Call.from_dict({
            "id": "eq", "version": "1", "languages": ["en"], "title": names,
            "timezone": "Europe/Paris", "currency": "EUR", "timeline": TIMELINE, "labels": LABELS,
            "clauses": [{"id": "c", "title": names, "text": names}],
            "rules": [{"clause": "c", "check": {"op": "each", "path": "visitors",
                                                "rule": rule}}]})
    except callrules.DefinitionError as error:
        assert error.code == "wrong_type", error
        return False
    return True


@settings(max_examples=150)
@given(field=st.sampled_from(FIELDS), milestone=st.sampled_from(sorted(TIMELINE)),
       moved=st.sampled_from(["named", "moved", "moved after"]), cmp=st.sampled_from(CMPS),
       left=st.sampled_from(["left path", "shift by 0 days", "shift by 1 month"]))
def test_every_left_form_loads_iff_the_path_form_does(
        field: str, milestone: str, moved: str, cmp: str, left: str) -> None:
    """Every left form × milestone kind × milestone form × operator: the rule loads exactly
    when the same comparison written with ``path`` loads (``<``… yes, ``==``/``!=`` no)."""
    to = _milestones(milestone)[moved]
    sides = _lefts(field)
    path_form = _loads({"op": "compare", **sides["path"], "cmp": cmp, "to": to})
    assert path_form == (cmp not in ("==", "!="))
    assert _loads({"op": "compare", **sides[left], "cmp": cmp, "to": to}) == path_form


@pytest.mark.parametrize("cmp", ["==", "!="])
@pytest.mark.parametrize("milestone", sorted(TIMELINE))
def test_the_refusal_is_the_same_at_the_milestone(milestone: str, cmp: str) -> None:
    """The same code, words and place (the milestone's side) for ``path``, ``left`` and
    the milestone written on the left."""
    names = {"en": "T"}

    def refusal(rule: dict[str, Any]) -> tuple[str, str, tuple[str | int, ...]]:
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict({
                "id": "eq", "version": "1", "languages": ["en"], "title": names,
                "timezone": "Europe/Paris", "currency": "EUR", "timeline": TIMELINE,
                "labels": LABELS,
                "clauses": [{"id": "c", "title": names, "text": names}],
                "rules": [{"clause": "c", "check": rule}]})
        error = caught.value
        return error.code, error.message, tuple(error.loc)

    to = {"milestone": milestone}
    by_path = refusal({"op": "compare", "path": "submitted_at", "cmp": cmp, "to": to})
    assert by_path[:2] == ("wrong_type", "a milestone compares with a date or an instant, "
                                         "using <, <=, > or >=")
    assert refusal({"op": "compare", "left": {"path": "submitted_at"}, "cmp": cmp,
                    "to": to}) == by_path
    assert refusal({"op": "compare", "left": {"shift": {"path": "submitted_at"}, "days": 1},
                    "cmp": cmp, "to": to}) == by_path
    swapped = refusal({"op": "compare", "left": to, "cmp": cmp,
                       "to": {"path": "submitted_at"}})
    assert swapped[:2] == by_path[:2] and swapped[2][-1] == "left"
