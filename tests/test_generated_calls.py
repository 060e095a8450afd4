"""Every call file that loads evaluates every valid application: a structure-aware property
over call files generated from the rule language's grammar (tests/strategies.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import event, given, settings
from hypothesis import strategies as st

import callrules
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
