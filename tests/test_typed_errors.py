"""Bad arguments to the public API are typed errors: a CallrulesError (which also subclasses
the builtin it resembles), never an AttributeError, TypeError, OverflowError or
ZoneInfoNotFoundError from inside the library."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import callrules
from callrules import calls
from tests.conftest import eligible_dict

CALL = calls.load("cnrs-amsud-2026")
#: Values of every kind a caller might pass by mistake, and a few near-misses.
WRONG = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.decimals(), st.text(max_size=40),
    st.binary(max_size=10), st.dates(), st.datetimes(), st.times(),
    st.datetimes(timezones=st.timezones()), st.timedeltas(),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(),
                                                         max_size=2),
    st.sampled_from([object(), Path("/"), Path("nowhere"), "Etc/GMT+5", "Europe/Paris",
                     "../x", "/etc", "\x00", "BR", "BR-AM", "2026-06-01 17:00 Europe/Paris",
                     datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))),
                     datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5))),
                     Decimal("NaN"), float("inf"), date.max, CALL.timeline, {"a": 1}]))

PUBLIC: dict[str, Callable[..., object]] = {
    "parse_instant": callrules.parse_instant,
    "suggest_zone": callrules.suggest_zone,
    "suggest_zone(country, subdivision)": lambda a: callrules.suggest_zone("BR", a),
    "phase_at(timeline, now)": lambda a: callrules.phase_at(CALL.timeline, a),
    "phase_at(wrong, now)": lambda a: callrules.phase_at(a, datetime.now(UTC)),
    "time_left(timeline, now)": lambda a: callrules.time_left(CALL.timeline, a),
    "time_left(wrong, now)": lambda a: callrules.time_left(a, datetime.now(UTC)),
    "calls.load": calls.load,
    "calls.register_set": lambda a: calls.register_set("x", a),
    "Call.from_dict": callrules.Call.from_dict,
    "Call.from_text": callrules.Call.from_text,
    "Call.from_text(format)": lambda a: callrules.Call.from_text("", format=a),
    "Call.from_file": callrules.Call.from_file,
    "Call.at": CALL.at,
    "Call.checklist": CALL.checklist,
    "Call.checklist(zone)": lambda a: CALL.checklist("en", zone=a),
    "evaluate(now)": lambda a: callrules.evaluate(CALL, eligible_dict(), now=a),
    "evaluate(application)": lambda a: callrules.evaluate(CALL, a),
    "evaluate_many(now)": lambda a: callrules.evaluate_many(CALL, [], now=a),
}
#: Public functions outside this change that still let a builtin exception through for some
#: wrong argument (each listed in the report to the lead): the law is expected to fail.
NOT_YET = {
    "Money": lambda a: callrules.Money(a, "EUR"),
    "Money(currency)": lambda a: callrules.Money("1", a),
    "records": lambda a: list(callrules.records(a)),
    "records_from_csv": lambda a: list(callrules.records_from_csv(a)),
    "evaluate_many(records)": lambda a: callrules.evaluate_many(CALL, a),
}


def outcome(function: Callable[..., object], value: object) -> None:
    """Call ``function`` with ``value``: it returns, or raises a CallrulesError."""
    with contextlib.suppress(callrules.CallrulesError):
        function(value)


class TestTypedErrors:
    @pytest.mark.parametrize("name", sorted(PUBLIC))
    @settings(max_examples=80)
    @given(value=WRONG)
    def test_a_public_function_raises_only_callrules_errors(self, name: str, value: object
                                                            ) -> None:
        """Law: given any value of any type, a public function returns or raises a
        CallrulesError."""
        outcome(PUBLIC[name], value)

    @pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(
        strict=True, reason="not yet typed: outside the call-file change, reported to the lead"))
        for n in sorted(NOT_YET)])
    @settings(max_examples=80)
    @given(value=WRONG)
    def test_other_public_functions_still_leak_builtin_errors(self, name: str, value: object
                                                              ) -> None:
        """The same law, for the functions known to break it (strict: fixing one fails
        this test, so that it moves up)."""
        outcome(NOT_YET[name], value)

    @pytest.mark.parametrize("value", [
        date(2026, 6, 1), "2026-06-01T17:00:00+02:00", None, 1.5,
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))])
    def test_now_that_is_not_an_aware_instant_is_a_time_error(self, value: Any) -> None:
        """evaluate(now=…) and Call.at with a non-datetime: TimeError, a ValueError."""
        for ask in (lambda: callrules.evaluate(CALL, eligible_dict(), now=value),
                    lambda: CALL.at(value)):
            if value is None:
                continue
            with pytest.raises(callrules.TimeError) as info:
                ask()
            assert isinstance(info.value, ValueError)
            assert info.value.code in ("not_a_datetime", "bad_instant")

    def test_a_checklist_format_that_does_not_exist_is_an_argument_error(self) -> None:
        """call.checklist(format="pdf"): ArgumentError, both a ValueError and a TypeError."""
        with pytest.raises(callrules.ArgumentError) as info:
            CALL.checklist("en", format="pdf")  # type: ignore[arg-type]
        assert isinstance(info.value, ValueError) and isinstance(info.value, TypeError)
        assert info.value.code == "bad_argument"
