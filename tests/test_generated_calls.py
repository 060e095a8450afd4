"""Every call file that loads evaluates every valid application: a structure-aware property
over call files generated from the rule language's grammar (tests/strategies.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import event, given
from hypothesis import strategies as st

import callrules
from tests.conftest import eligible_dict
from tests.laws import settings
from tests.strategies import call_files, cnrs_applications

INSTANTS = st.datetimes(datetime(2025, 11, 1), datetime(2027, 2, 1), timezones=st.just(UTC))


def judged(call: callrules.Call, app: dict[str, Any], now: datetime) -> None:
    """Evaluate ``app``, then read its report in both languages: only InputError may stop it."""
    try:
        report = callrules.evaluate(call, app, now=now)
    except callrules.InputError:
        event("application refused")
        return
    for lang in ("fr", "en"):
        assert report.render(lang)
        assert report.to_json(lang)
    event("eligible" if report.eligible else "not eligible")


class TestGeneratedCalls:
    @settings(max_examples=120)
    @given(call_files(), st.lists(cnrs_applications(), min_size=1, max_size=2), INSTANTS)
    def test_a_call_that_loads_evaluates_any_valid_application(
            self, data: dict[str, Any], apps: list[dict[str, Any]], now: datetime) -> None:
        """Law: a call Call.from_dict accepts, in any edition and as of any instant, judges any
        application (or refuses it with an InputError), one by one and as a batch."""
        try:
            call = callrules.Call.from_dict(data, source="generated")
        except callrules.DefinitionError as error:
            event(f"refused: {error.code}")
            return
        event("loaded")
        for edition in call.editions():
            for app in apps:
                judged(edition, app, now)
            batch = callrules.evaluate_many(edition, apps, now=now)
            assert len(batch) == len(apps)


#: A declared field of each type, and a value of it, for the comparisons with an answer.
DECLARED = {"m": ("money", {"amount": "100.00", "currency": "EUR"}), "d": ("date", "2026-01-01"),
            "i": ("instant", "2026-01-01T00:00:00Z"), "n": ("integer", 5), "x": ("decimal", "1.5"),
            "b": ("boolean", True), "t": ("text", "hi")}
#: The types an answer (text, a whole number, yes or no) may be compared with.
ANSWER_LIKE = {"integer", "boolean", "text"}


class TestComparisonsWithAnswers:
    @settings(max_examples=150)
    @given(st.sampled_from(sorted(DECLARED)), st.sampled_from(["==", "!=", "<", "<=", ">", ">="]),
           st.booleans(), st.lists(st.one_of(st.none(), st.booleans(), st.integers(-9, 9),
                                             st.sampled_from(["5", "hi", "100.00", "x"])),
                                   min_size=1, max_size=3))
    def test_a_field_compared_with_an_answer_is_refused_at_load_or_judged(
            self, name: str, cmp: str, answer_left: bool, answers: list[Any]) -> None:
        """Law: a comparison of a declared field with an answer either is refused when the
        call loads (an answer is never money, a decimal, a date or an instant), or judges
        every application, alone and in a batch, without an untyped error."""
        kind, value = DECLARED[name]
        field_side, answer_side = {"path": f"fields.{name}"}, {"path": "answers.q"}
        check = ({"op": "compare", "left": answer_side, "cmp": cmp, "to": field_side}
                 if answer_left else
                 {"op": "compare", "path": f"fields.{name}", "cmp": cmp, "to": answer_side})
        data = {"id": "answers", "version": "1", "languages": ["en"], "title": {"en": "T"},
                "timezone": "Europe/Paris", "currency": "EUR",
                "timeline": {"deadline": "2026-06-01T17:00:00", "results": "2026-07-01"},
                "fields": {"application": {name: {"type": kind}}},
                "clauses": [{"id": "c", "title": {"en": "C"}, "text": {"en": "C"}}],
                "rules": [{"clause": "c", "check": check}]}
        try:
            call = callrules.Call.from_dict(data)
        except callrules.DefinitionError as error:
            assert error.code == "wrong_type"
            return
        assert kind in ANSWER_LIKE  # money, decimals, dates, instants are refused at load
        apps = []
        for index, answer in enumerate(answers):
            app = eligible_dict()
            app["id"] = f"A{index}"
            app["fields"] = {name: value}
            app["answers"] = {} if answer is None else {"q": answer}
            apps.append(app)
            judged(call, app, datetime(2026, 5, 1, tzinfo=UTC))
        batch = callrules.evaluate_many(call, apps)
        assert len(batch) == len(apps)
