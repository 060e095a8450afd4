"""``==`` and ``!=`` against a milestone are refused when the call loads, whatever the other
side is written as: ``path``, ``left = { path = … }``, ``shift``, or the milestone written on
the left. A milestone is a period (a day, a month) or an instant; a month compared by ``==``
had meant its first day (attack 35b: « September 14, 2026, where September 1, 2026 is
expected » for an arrival in the very month)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from tests.conftest import eligible_dict
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


# -- every spelling of one limit ------------------------------------------------------------
#: The comparisons a milestone takes, each with its mirror (the milestone written on the left).
ORDERED_CMPS = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
#: How far the limit is moved, in days: not at all, a day later, two days earlier, 15 days of
#: grace (a month then runs into the next one).
MOVES = (0, 1, -2, 15)


def _spellings(milestone: str, days: int) -> dict[str, dict[str, Any]]:
    """Every way a call file writes "``milestone`` moved by ``days`` days" (the parameter
    ``d`` is ``days``): bare (not moved), a signed offset, a direction, a parameter, inside
    ``shift`` (by a number, by the parameter), a shift of a shift."""
    direction = {"after" if days >= 0 else "before": {"days": abs(days)}}
    out: dict[str, dict[str, Any]] = {
        "days": {"milestone": milestone, "days": days},
        "direction": {"milestone": milestone, **direction},
        "parameter": {"milestone": milestone, "days": {"param": "d"}},
        "shift": {"shift": {"milestone": milestone}, "days": days},
        "shift by the parameter": {"shift": {"milestone": milestone}, "days": {"param": "d"}},
        "shift of a shift": {"shift": {"shift": {"milestone": milestone}, "days": days},
                             "days": 0},
        "shift of a moved one": {"shift": {"milestone": milestone, "days": 1},
                                 "days": days - 1},
    }
    if days == 0:
        out["bare"] = {"milestone": milestone}
    return out


def _forms(field: str, cmp: str, to: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every way the comparison of ``field`` with the limit ``to`` is written: ``path``,
    ``left = { path }``, the field shifted by 0 days, the limit written on the left."""
    return {"path": {"op": "compare", "path": field, "cmp": cmp, "to": to},
            "left path": {"op": "compare", "left": {"path": field}, "cmp": cmp, "to": to},
            "left shift by 0 days": {"op": "compare", "left": {"shift": {"path": field},
                                                               "days": 0},
                                     "cmp": cmp, "to": to},
            "milestone on the left": {"op": "compare", "left": to, "cmp": ORDERED_CMPS.get(
                cmp, cmp), "to": {"path": field}}}


def _rules(milestone: str, days: int, field: str, cmp: str) -> dict[str, dict[str, Any]]:
    """Every spelling × every form, by a name saying both."""
    return {f"{spelled} / {form}": rule
            for spelled, to in _spellings(milestone, days).items()
            for form, rule in _forms(field, cmp, to).items()}


def _call(rules: dict[str, dict[str, Any]], days: int) -> callrules.Call:
    """A call with each of ``rules`` in a clause of its own (named by its index), inside
    ``each visitors``."""
    names = {"en": "T"}
    return callrules.Call.from_dict({
        "id": "eq", "version": "1", "languages": ["en"], "title": names,
        "timezone": "Europe/Paris", "currency": "EUR", "timeline": TIMELINE, "labels": LABELS,
        "parameters": {"d": days},
        "clauses": [{"id": f"c{i}", "title": names, "text": names} for i in range(len(rules))],
        "rules": [{"clause": f"c{i}", "check": {"op": "each", "path": "visitors", "rule": rule}}
                  for i, rule in enumerate(rules.values())]})


_CALLS: dict[tuple[str, int, str, str], tuple[callrules.Call, list[str]]] = {}


def _judged(milestone: str, days: int, field: str, cmp: str, value: str) -> dict[str, bool]:
    """Whether each spelling × form holds for a visitor's arrival, or the submission, at
    ``value`` (every visitor alike)."""
    key = (milestone, days, field, cmp)
    if key not in _CALLS:
        rules = _rules(milestone, days, field, cmp)
        _CALLS[key] = (_call(rules, days), list(rules))
    call, names = _CALLS[key]
    app = eligible_dict()
    if field == "stay.arrival":
        for visitor in app["visitors"]:
            visitor["stay"] = {"arrival": value, "departure": "2027-06-30"}
    else:
        app["submitted_at"] = value
    report = callrules.evaluate(call, app)
    failed = {f.clause for f in report.findings}
    assert failed <= {f"c{i}" for i in range(len(names))}, report.findings
    return {name: f"c{i}" not in failed for i, name in enumerate(names)}


_ZONES = ("+02:00", "Z", "-03:00", "+09:00")


@settings(max_examples=400)
@given(milestone=st.sampled_from(sorted(TIMELINE)), days=st.sampled_from(MOVES),
       cmp=st.sampled_from(sorted(ORDERED_CMPS)), on_date=st.booleans(),
       day=st.integers(-20, 50), minutes=st.sampled_from((0, 1, 599, 600, 601, 900, 1439)),
       zone=st.sampled_from(_ZONES))
def test_every_spelling_of_a_limit_judges_alike(milestone: str, days: int, cmp: str,
                                               on_date: bool, day: int, minutes: int,
                                               zone: str) -> None:
    """Every spelling of one limit (bare, a signed offset, a direction, a parameter, inside
    ``shift``, a shift of a shift) × every form of the comparison (``path``, ``left``, the
    field shifted by 0 days, the milestone on the left) × kind of milestone (instant, day,
    month) × ``<``, ``<=``, ``>``, ``>=`` × a date or an instant: one verdict. A milestone
    inside ``shift`` had been its first instant: « limite : 14 septembre 2026, 00:00 » for a
    submission at 15:00 that day (attack 36b: for ``<=`` and ``>``, 2 spellings of 5 apart)."""
    first = date(2026, 9, 14) + timedelta(days=day)
    if on_date:
        field, value = "stay.arrival", first.isoformat()
    else:
        offset = UTC if zone == "Z" else timezone(timedelta(
            hours=int(zone[:3]), minutes=int(zone[0] + zone[4:])))
        paris = datetime(first.year, first.month, first.day, tzinfo=timezone(timedelta(
            hours=2))) + timedelta(minutes=minutes)
        field, value = "$root.submitted_at", paris.astimezone(offset).isoformat()
    verdicts = _judged(milestone, days, field, cmp, value)
    assert len(set(verdicts.values())) == 1, (value, verdicts)


@pytest.mark.parametrize("cmp", ["==", "!="])
@pytest.mark.parametrize("days", MOVES)
@pytest.mark.parametrize("milestone", sorted(TIMELINE))
def test_every_spelling_of_a_limit_is_refused_alike(milestone: str, days: int,
                                                     cmp: str) -> None:
    """``==`` and ``!=`` against every spelling × form of a moved milestone, a date or an
    instant on the other side: refused when the call loads, ``wrong_type``, at the
    milestone's side (``{ shift = { milestone = … }, days = 0 }`` had loaded and judged an
    arrival in the month unequal to its first day, attack 36b)."""
    for field in FIELDS:
        for name, rule in _rules(milestone, days, field, cmp).items():
            assert not _loads(rule), name


@pytest.mark.parametrize(("cmp", "eligible"), [("<=", True), (">", False)])
def test_a_day_moved_by_shift_is_a_day(cmp: str, eligible: bool) -> None:
    """Attack 36b's call: submitted at 15:00 on the deadline day, ``<= { shift = { milestone
    = "deadline" }, days = 0 }`` holds as ``<= { milestone = "deadline" }`` does; the limit
    said once, as the day (never « 14 septembre 2026, 00:00 (heure de Paris) (la date limite
    (14 septembre 2026)) »)."""
    names = {"en": "T", "fr": "T"}

    def judged(to: dict[str, Any], at: str) -> callrules.Report:
        call = callrules.Call.from_dict({
            "id": "f1", "version": "1", "languages": ["en", "fr"], "title": names,
            "timezone": "Europe/Paris", "currency": "EUR", "timeline": {"deadline": "2026-09-14"},
            "labels": {"milestones": {"deadline": {"en": "the deadline",
                                                   "fr": "la date limite"}}},
            "parameters": {"grace": 2},
            "clauses": [{"id": "c", "title": names, "text": names}],
            "rules": [{"clause": "c", "check": {"op": "compare", "path": "submitted_at",
                                                "cmp": cmp, "to": to}}]})
        app = eligible_dict()
        app["submitted_at"] = at
        return callrules.evaluate(call, app)

    bare = {"milestone": "deadline"}
    shifted = {"shift": {"milestone": "deadline"}, "days": 0}
    assert judged(shifted, "2026-09-14T15:00:00+02:00").eligible is eligible
    assert judged(bare, "2026-09-14T15:00:00+02:00").eligible is eligible
    late = "2026-09-17T15:00:00+02:00"
    for to, words in ((bare, "la date limite\u202f: 14 septembre 2026 —"),
                      (shifted, "la date limite\u202f: 14 septembre 2026 —"),
                      ({"shift": {"milestone": "deadline"}, "days": {"param": "grace"}},
                       "2\xa0jours après la date limite\u202f: 16 septembre 2026 —")):
        findings = judged(to, late).findings if cmp == "<=" else []
        for finding in findings:
            message = finding.message("fr")
            assert words in message, message
            assert "00:00" not in message and message.count("14 septembre") <= 1, message
