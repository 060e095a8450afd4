"""Untrusted input: applications, amounts and call files from anyone fail only as documented."""

from __future__ import annotations

import copy
import decimal
import functools
import itertools
import json
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

import callrules
from callrules import rules as r
from callrules._definitions import LIMITS
from callrules._i18n import phrase
from callrules.language import program
from tests.conftest import EXAMPLES, ROOT, eligible_dict
from tests.helpers import with_value
from tests.laws import settings
from tests.test_definitions import mini_toml, minimal_call

SRC = ROOT / "src" / "callrules"
NOW = datetime(2026, 6, 2, 8, 0, tzinfo=UTC)

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=16)


@pytest.fixture(scope="module")
def cnrs() -> callrules.Call:
    return callrules.calls.load("cnrs-amsud-2026")


def outcome(call: callrules.Call, record: object) -> callrules.Report | callrules.InputError:
    """The report on ``record``, or the InputError it raised (any other exception escapes)."""
    try:
        return callrules.evaluate(call, record)
    except callrules.InputError as error:
        assert error.problems, "an InputError says what is wrong"
        for problem in error.problems:
            assert isinstance(problem.loc, tuple) and isinstance(problem.msg, str)
            assert problem.msg
        return error


ZONES = st.one_of(st.timezones(), st.timedeltas(
    min_value=timedelta(hours=-23, minutes=-59), max_value=timedelta(hours=23, minutes=59)
).map(timezone))


@functools.cache
def within_2026() -> callrules.Call:
    """A call whose one rule reads the submission instant in the call's zone."""
    return callrules.Call.from_dict(minimal_call(
        {"op": "within_year", "path": "submitted_at", "year": 2026}), source="within")


def leaf_paths(value: object, prefix: tuple[str | int, ...] = ()
               ) -> Iterator[tuple[str | int, ...]]:
    """Every place in a JSON-like value (objects, arrays and their items), outermost first."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaf_paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaf_paths(item, (*prefix, index))


ELIGIBLE_PLACES = [p for p in leaf_paths(eligible_dict()) if p]


def replaced(place: tuple[str | int, ...], value: object) -> dict[str, Any]:
    """The eligible example with the value at ``place`` replaced by ``value``."""
    return with_value(eligible_dict(), place, value)  # type: ignore[no-any-return]


class TestApplicationsFromAnyone:
    @given(JSON_VALUES)
    def test_any_json_value_is_a_report_or_an_input_error(self, value: object) -> None:
        """An arbitrary JSON value is never an exception other than InputError."""
        outcome(callrules.calls.load("cnrs-amsud-2026"), value)

    @given(JSON_VALUES)
    def test_any_json_text_is_a_report_or_an_input_error(self, value: object) -> None:
        """The same values written as JSON text (NaN and Infinity included)."""
        outcome(callrules.calls.load("cnrs-amsud-2026"), json.dumps(value))

    @given(st.text())
    def test_any_unicode_string_is_a_report_or_an_input_error(self, text: str) -> None:
        """Any text given as the application is read as JSON or refused as input."""
        outcome(callrules.calls.load("cnrs-amsud-2026"), text)

    @given(st.binary())
    def test_any_bytes_are_a_report_or_an_input_error(self, data: bytes) -> None:
        """Bytes that are not UTF-8 JSON are refused as input, not as a decoding crash."""
        outcome(callrules.calls.load("cnrs-amsud-2026"), data)

    @settings(max_examples=300)
    @given(st.sampled_from(ELIGIBLE_PLACES), JSON_VALUES)
    def test_any_part_of_a_valid_application_replaced_by_anything(
            self, place: tuple[str | int, ...], value: object) -> None:
        """Any field, list or object of a valid application replaced by any JSON value."""
        outcome(callrules.calls.load("cnrs-amsud-2026"), replaced(place, value))

    @settings(max_examples=150)
    @given(st.sampled_from(ELIGIBLE_PLACES), st.text())
    def test_any_part_replaced_by_any_text_also_through_json(
            self, place: tuple[str | int, ...], text: str) -> None:
        """Any field replaced by any text, given as a dict and as JSON text alike."""
        call = callrules.calls.load("cnrs-amsud-2026")
        app = replaced(place, text)
        first = outcome(call, app)
        second = outcome(call, json.dumps(app))
        assert type(first) is type(second)

    @pytest.mark.parametrize("record", [
        "1" * 5000,
        '{"id": ' + "9" * 5000 + "}",
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 100_000 + "1" + "}" * 100_000,
        b"\xff\xfe\x00{",
        b'{"id": "\xc3\x28"}',
        "",
        "null",
        "NaN",
        "[]",
        None,
        42,
        ["a list"],
        {1: 2},
        {"id": "\ud800"},
        '{"id": "\ud800"}',
        '{"i\udc00d": "a"}',
    ], ids=["5000-digit-int", "5000-digit-field", "deep-arrays", "deep-objects",
            "utf16-bom", "bad-utf8", "empty", "null", "nan", "array", "none", "int", "list",
            "int-key", "lone-surrogate", "lone-surrogate-in-text", "lone-surrogate-in-key"])
    def test_hostile_records_are_input_errors(self, cnrs: callrules.Call,
                                              record: object) -> None:
        """Huge numbers, deep nesting, bad encodings and non-objects are refused as input."""
        with pytest.raises(callrules.InputError):
            callrules.evaluate(cnrs, record)

    @settings(max_examples=60, deadline=None)
    @given(where=st.floats(0, 1), code=st.integers(0xD800, 0xDFFF))
    def test_a_lone_surrogate_anywhere_in_json_text_is_an_input_error_for_its_record(
            self, cnrs: callrules.Call, where: float, code: int) -> None:
        """JSON text given as a Python string (decoded with surrogateescape by a platform)
        holding a lone surrogate anywhere is an InputError for that record, in a batch
        too, where the records around it are still checked."""
        text = json.dumps(eligible_dict(), ensure_ascii=False)
        at = int(len(text) * where)
        bad = text[:at] + chr(code) + text[at:]
        with pytest.raises(callrules.InputError):
            callrules.evaluate(cnrs, bad)
        items = callrules.evaluate_many(cnrs, [text, bad, text])
        assert [item.error is None for item in items] == [True, False, True]

    @pytest.mark.parametrize(("place", "value"), [
        (("submitted_at",), "2026-05-28T10:42:00"),
        (("submitted_at",), "99999-01-01T00:00:00+00:00"),
        (("visitors",), [eligible_dict()["visitors"][0]] * 1001),
        (("budget", "lines", 0, "amount", "amount"), "1e999999"),
        (("budget", "lines", 0, "amount", "amount"), 10 ** 5000),
        (("exchange_rates", 0, "rate"), "0"),
        (("exchange_rates", 0, "rate"), 1e999999),
        (("documents", 0, "pages"), 10 ** 50),
        (("host", "unit", "location", "subdivision"), "BR-SP"),
        (("language",), "xx"),
        (("answers",), {"k": {"nested": [1]}}),
    ], ids=["naive", "year-99999", "1001-visitors", "exponent", "huge-int", "zero-rate",
            "inf-rate", "pages", "subdivision", "language", "nested-answer"])
    def test_hostile_values_are_refused_naming_their_field(
            self, cnrs: callrules.Call, place: tuple[str | int, ...], value: object) -> None:
        """A hostile value in a valid application is an InputError at that value's place."""
        with pytest.raises(callrules.InputError) as info:
            callrules.evaluate(cnrs, replaced(place, value))
        assert any(problem.loc and (place[:len(problem.loc)] == problem.loc
                                    or problem.loc[:len(place)] == place)
                   for problem in info.value.problems), info.value.problems

    @pytest.mark.parametrize(("arrival", "departure"), [("0001-01-01", "9999-12-31"),
                                                        ("9999-12-31", "0001-01-01")])
    def test_extreme_but_valid_dates_are_judged_not_crashed_on(
            self, cnrs: callrules.Call, arrival: str, departure: str) -> None:
        """Years 1 and 9999 are valid dates: the report says what is wrong with them (an
        instant's year is 0002 at the earliest, so that it shows in every zone)."""
        app = eligible_dict()
        app["visitors"][0]["stay"] = {"arrival": arrival, "departure": departure}
        app["submitted_at"] = "0002-01-01T00:00:00+00:00"
        report = callrules.evaluate(cnrs, app)
        assert {"opening", "duration", "funding-year"} <= set(report.failed_clauses)
        assert report.render("fr") and report.to_json("en")

    @pytest.mark.parametrize("instant", ["0001-01-01T00:00:00+23:59",
                                         "0001-01-01T12:00:00+00:00",
                                         "9999-12-31T23:59:59-23:59",
                                         "9999-12-31T00:00:00+00:00"])
    def test_an_instant_at_the_ends_of_the_calendar_is_refused_as_input(
            self, instant: str) -> None:
        """An instant that cannot be shown in every zone is bad input, not an OverflowError."""
        call = callrules.Call.from_dict(minimal_call(
            {"op": "within_year", "path": "submitted_at", "year": 2026}))
        with pytest.raises(callrules.InputError) as info:
            callrules.evaluate(call, replaced(("submitted_at",), instant))
        assert [p.path for p in info.value.problems] == ["submitted_at"]

    @settings(max_examples=150)
    @given(st.one_of(
        st.datetimes(timezones=ZONES),
        st.datetimes(max_value=datetime(1, 1, 3), timezones=ZONES),
        st.datetimes(min_value=datetime(9999, 12, 29), timezones=ZONES)))
    def test_any_aware_instant_is_judged_or_refused_in_the_call_zone(
            self, instant: datetime) -> None:
        """Law: any submission instant, in any zone, is a report or an InputError."""
        call = within_2026()
        app = replaced(("submitted_at",), instant.isoformat())
        for judge in (call, callrules.calls.load("cnrs-amsud-2026")):
            result = outcome(judge, app)
            if isinstance(result, callrules.Report):
                assert result.to_json("fr") and result.render("en")


@st.composite
def batches(draw: st.DrawFn) -> list[tuple[bool, object]]:
    """A batch: valid applications with distinct ids and malformed records, interleaved."""
    out: list[tuple[bool, object]] = []
    for index in range(draw(st.integers(min_value=0, max_value=8))):
        if draw(st.booleans()):
            app = eligible_dict()
            app["id"] = f"APP-{index}"
            app["submitted_at"] = f"2026-05-{10 + index:02d}T09:00:00+02:00"
            out.append((True, draw(st.sampled_from([app, json.dumps(app)]))))
        else:
            bad = draw(st.one_of(
                JSON_VALUES.filter(lambda v: not isinstance(v, dict)),
                st.dictionaries(st.text(max_size=5), JSON_VALUES, max_size=3),
                st.text().map(lambda t: "{" + t),
                st.sampled_from([replaced(("submitted_at",), "yesterday"),
                                 replaced(("budget", "lines", 0, "amount"), 3100.0)])))
            out.append((False, bad))
    return out


class TestBatches:
    @settings(max_examples=60)
    @given(batches())
    def test_a_batch_yields_one_item_per_record_in_order_with_its_index(
            self, batch: list[tuple[bool, object]]) -> None:
        """Malformed records are reported in place; the valid ones around them are judged."""
        call = callrules.calls.load("cnrs-amsud-2026")
        result = callrules.evaluate_many(call, [record for _, record in batch], now=NOW)
        assert len(result) == len(batch)
        for index, ((valid, record), item) in enumerate(zip(batch, result, strict=True)):
            assert item.index == index
            assert item.ok is valid
            if valid:
                assert item.report is not None and item.error is None
                data = json.loads(record) if isinstance(record, str) else record
                assert isinstance(data, dict)
                assert item.report.application_id == data["id"]
            else:
                assert item.report is None and isinstance(item.error, callrules.InputError)
            assert json.dumps(item.to_dict("en"))
        valid_count = sum(valid for valid, _ in batch)
        assert len(result.reports) == valid_count
        assert len(result.input_errors) == len(batch) - valid_count
        # the first of the same host stands; every later valid one is a duplicate
        duplicates = [any(f.code == "duplicate" for f in report.findings)
                      for report in result.reports]
        assert duplicates == ([False] + [True] * (valid_count - 1) if valid_count else [])

    def test_a_generator_of_records_is_consumed_once_and_fully(self) -> None:
        """A lazy source of records (a generator) gives the same items as a list."""
        call = callrules.calls.load("cnrs-amsud-2026")
        records = [eligible_dict(), "{", None, eligible_dict()]
        lazy = callrules.evaluate_many(call, (r for r in records), now=NOW)
        eager = callrules.evaluate_many(call, records, now=NOW)
        assert [i.to_dict() for i in lazy] == [i.to_dict() for i in eager]
        assert [i.ok for i in lazy] == [True, False, False, True]


# -- money ---------------------------------------------------------------------------------
REFUSED_AMOUNTS: list[object] = [
    "1e999999", "1E3", "NaN", "nan", "Infinity", "-Infinity", "inf", 3100.0, 0.1,
    float("nan"), float("inf"), "1" * 40, "9" * 19, "3,100.00", "3100,00", "3 100", "3_100",
    "0.123456789", "", ".", "+", "-", "0x10", "٣١٠٠", "３１００", "3100.00 EUR", "€3100",
    Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity"), Decimal("1e999999"),
    Decimal("1e-9"), True, None, [3100], {"amount": "3100"}, 10 ** 5000,
]


def shown(value: object) -> str:
    """A test id for an amount (a 5000-digit int has no repr)."""
    return "10**5000" if isinstance(value, int) and value > 10 ** 100 else repr(value)


AMOUNTS = st.decimals(min_value=Decimal("-99999999999999999"),
                      max_value=Decimal("99999999999999999"), places=8,
                      allow_nan=False, allow_infinity=False)
RATES = st.decimals(min_value=Decimal("0.00000001"), max_value=Decimal("100000"), places=8,
                    allow_nan=False, allow_infinity=False)
EXACT = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN)


class TestMoney:
    @pytest.mark.parametrize("amount", REFUSED_AMOUNTS, ids=shown)
    def test_money_refuses_anything_but_a_plain_bounded_decimal(self, amount: object) -> None:
        """Exponents, NaN, infinities, floats, 19+ integer digits, separators: ValueError."""
        with pytest.raises(ValueError):
            callrules.Money(amount, "EUR")

    @pytest.mark.parametrize("amount", REFUSED_AMOUNTS, ids=shown)
    def test_the_amount_field_refuses_the_same_values_naming_the_field(
            self, cnrs: callrules.Call, amount: object) -> None:
        """In an application, the problem is at the amount itself (budget.lines[0].amount's
        amount), with the pointer a form uses."""
        app = replaced(("budget", "lines", 0, "amount", "amount"), amount)
        with pytest.raises(callrules.InputError) as info:
            callrules.evaluate(cnrs, app)
        assert [p.pointer for p in info.value.problems] == ["/budget/lines/0/amount/amount"]

    @pytest.mark.parametrize(("text", "expected"), [
        ("-0", "0"), ("-0.00", "0.00"), ("+0", "0"), ("3100.00", "3100.00"), ("3100", "3100"),
        (" 3100.00 ", "3100.00"), (".5", "0.5"), ("12.", "12"), ("-12.5", "-12.5"),
        ("999999999999999999.99999999", "999999999999999999.99999999"),
        (Decimal("1E+3"), "1E+3"), (7, "7")])
    def test_plain_decimals_are_accepted_exactly(self, text: object, expected: str) -> None:
        """-0 is zero (unsigned); digits are kept as written, never through a float."""
        money = callrules.Money(text, "EUR")
        assert money.amount == Decimal(expected)
        assert not money.amount.is_signed() or money.amount < 0

    @pytest.mark.parametrize("number", ["1180.10", "4.9e2", "1180", "1E+9999999"])
    def test_a_json_number_is_not_an_amount(self, number: str) -> None:
        """An amount is a JSON string, as the schema says: a JSON number (which JSON tools
        read as a binary float, and whose exponent a record could not replay) is refused.
        (Until 0.1.0 a number was read as an exact decimal: 4.9e2 was then recorded as
        "4.9E+2", which the amount rule refuses on replay.)"""
        text = json.dumps(eligible_dict()).replace('"1180.00"', number)
        with pytest.raises(callrules.InputError) as info:
            callrules.parse_application(text)
        (problem,) = info.value.problems
        assert (problem.pointer, problem.type) == ("/budget/lines/0/amount/amount",
                                                   "amount_text")

    def test_a_negative_amount_requested_is_refused_naming_the_field(
            self, cnrs: callrules.Call) -> None:
        """A budget line of -10.00 EUR is bad input at budget.lines[2].amount."""
        app = replaced(("budget", "lines", 2, "amount", "amount"), "-10.00")
        with pytest.raises(callrules.InputError) as info:
            callrules.evaluate(cnrs, app)
        (problem,) = info.value.problems
        assert problem.path == "budget.lines[2].amount.amount"
        assert "no sign" in problem.msg

    def test_a_budget_line_model_refuses_a_float_and_a_negative_amount(self) -> None:
        """The model itself refuses them, whoever builds it: from a dict ("-0" too: an
        amount requested has no sign) and as a Money object."""
        for amount in (12.5, "-0.01", "-0"):
            with pytest.raises(ValidationError):
                callrules.BudgetLine.model_validate(
                    {"category": "transport", "amount": {"amount": amount, "currency": "EUR"}})
        with pytest.raises(ValidationError):
            callrules.BudgetLine(category="transport", amount=callrules.Money("-1", "EUR"))
        line = callrules.BudgetLine.model_validate(
            {"category": "transport", "amount": {"amount": "0", "currency": "EUR"}})
        assert line.amount == callrules.Money("0", "EUR")

    @pytest.mark.parametrize("currency", ["eur", "EURO", "XXZ", "", "€", 978, None])
    def test_money_refuses_what_is_not_an_iso_4217_code(self, currency: Any) -> None:
        """Currencies are ISO 4217 alphabetic codes, upper case."""
        with pytest.raises(ValueError):
            callrules.Money("1", currency)

    @given(AMOUNTS, AMOUNTS, AMOUNTS)
    def test_addition_is_exact_associative_and_commutative(
            self, a: Decimal, b: Decimal, c: Decimal) -> None:
        """Law: (a+b)+c == a+(b+c) and a+b == b+a, exactly, for one currency."""
        x, y, z = (callrules.Money(v, "EUR") for v in (a, b, c))
        assert (x + y) + z == x + (y + z)
        assert x + y == y + x
        assert (x + y).amount == a + b

    @given(st.lists(AMOUNTS, max_size=20))
    def test_total_is_the_sum(self, amounts: list[Decimal]) -> None:
        """Law: Money.total of a list is the sum of its items (zero for none)."""
        items = [callrules.Money(v, "BRL") for v in amounts]
        expected = functools.reduce(lambda s, m: s + m, items, callrules.Money(0, "BRL"))
        assert callrules.Money.total(items, "BRL") == expected
        assert callrules.Money.total(items, "BRL").amount == sum(amounts, Decimal(0))

    @given(AMOUNTS, AMOUNTS, st.sampled_from(["USD", "BRL", "CLP", "JPY"]))
    def test_mixing_currencies_raises(self, a: Decimal, b: Decimal, other: str) -> None:
        """Law: adding, subtracting, comparing or totalling two currencies is an error."""
        euros, foreign = callrules.Money(a, "EUR"), callrules.Money(b, other)
        operations: list[Callable[[], object]] = [
            lambda: euros + foreign, lambda: euros - foreign, lambda: euros < foreign,
            lambda: euros >= foreign, lambda: callrules.Money.total([euros, foreign], "EUR")]
        for operation in operations:
            with pytest.raises(callrules.CurrencyMismatchError):
                operation()
        assert euros != foreign

    @given(st.decimals(min_value=0, max_value=Decimal("999999999999"), places=2), RATES)
    def test_conversion_uses_only_a_supplied_rate_or_its_inverse(
            self, amount: Decimal, rate: Decimal) -> None:
        """Law: a direct rate multiplies, an inverse divides (a result beyond the amount rule
        is a typed input error), anything else is missing."""
        money = callrules.Money(amount, "BRL")
        cent = Decimal("0.01")
        for rates, exact in (({("BRL", "EUR"): rate}, EXACT.multiply(amount, rate)),
                             ({("EUR", "BRL"): rate}, EXACT.divide(amount, rate))):
            expected = exact.quantize(cent, context=EXACT)
            if abs(expected) >= 10 ** 18:  # beyond the amount rule: no Money is built
                with pytest.raises(callrules.InputError):
                    money.convert("EUR", rates)
            else:
                assert money.convert("EUR", rates) == callrules.Money(expected, "EUR")
        for rates in ({}, {("BRL", "USD"): rate, ("USD", "EUR"): rate},
                      {("EUR", "USD"): rate}):
            with pytest.raises(callrules.MissingExchangeRateError) as info:
                money.convert("EUR", rates)
            assert (info.value.base, info.value.quote) == ("BRL", "EUR")
        assert money.convert("BRL", {}) is money

    def test_money_is_immutable_and_hashable_by_value(self) -> None:
        """3100.00 EUR equals 3100 EUR, hashes alike, and cannot be changed."""
        money = callrules.Money("3100.00", "EUR")
        assert money == callrules.Money("3100", "EUR")
        assert len({money, callrules.Money("3100", "EUR")}) == 1
        with pytest.raises(AttributeError):
            money.amount = Decimal(1)


# -- call files ----------------------------------------------------------------------------
def quickly_refused(load: Callable[[], object]) -> callrules.DefinitionError:
    """The DefinitionError ``load`` raises, checked to come before any code is generated
    from the call (the expensive work), whatever the clock says."""
    def generated(*args: object) -> object:
        raise AssertionError("code was generated before the call was refused")

    with mock.patch.object(program, "_generate", generated), \
            pytest.raises(callrules.DefinitionError) as info:
        load()
    assert info.value.code
    return info.value


def nested_nots(depth: int) -> dict[str, Any]:
    """A rule check of ``depth`` nested nots around a present, as call-file data."""
    node: dict[str, Any] = {"op": "present", "path": "host.unit.kind"}
    for _ in range(depth):
        node = {"op": "not", "rule": node}
    return node


#: Valid call files whose every value the law of :class:`TestHostileCallFiles` replaces: the
#: bundled call and the documentation's, one with rounding, expressions on both sides of a
#: compare, shifted milestones, declared fields and a plan.
CALL_FILES = [SRC / "calls" / "cnrs-amsud-2026.toml", *sorted((ROOT / "docs" / "examples"
                                                               ).glob("*-call.toml"))]
#: A value of each kind a call file can hold where another is expected.
OTHER_KINDS: list[object] = [[], ["x"], [1], {}, {"x": 1}, {"op": "present"}, "", "x", "yes",
                             "5", "half_up", 0, 1, -1, 5, 1.5, True, False]
#: Delete the key (or the item) instead of replacing its value.
DELETED = object()


@functools.cache
def call_file_data(index: int) -> dict[str, Any]:
    with CALL_FILES[index].open("rb") as file:
        return tomllib.load(file)  # type: ignore[no-any-return]


@functools.cache
def call_file_places(index: int) -> list[tuple[str | int, ...]]:
    return [p for p in leaf_paths(call_file_data(index)) if p]


def json_ready(value: object) -> object:
    """``value`` as JSON holds it: TOML's dates and times as ISO text."""
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_ready(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


@functools.cache
def call_schema() -> Any:
    import jsonschema
    return jsonschema.Draft202012Validator(callrules.schema("call"))


class TestHostileCallFiles:
    BOMB = 10_000

    @settings(max_examples=300, deadline=None)
    @given(data=st.data())
    def test_any_value_of_a_valid_call_file_replaced_by_another_kind_loads_or_is_refused(
            self, data: st.DataObject) -> None:
        """Any value of a valid call file (a leaf, a table or a list, anywhere: a rule, an
        expression, a rounding, a declared field, a plan…) replaced by a value of another kind,
        or deleted: the file loads, or is a DefinitionError naming a place and a code; never
        another exception (which would lose every call of its folder). A file that loads is one
        the call file's JSON Schema accepts too (a key's wrong kind is never read leniently:
        ``"no"`` for false, ``"5"`` for 5)."""
        index = data.draw(st.integers(0, len(CALL_FILES) - 1), label="file")
        place = data.draw(st.sampled_from(call_file_places(index)), label="place")
        changed = copy.deepcopy(call_file_data(index))
        inner: Any = changed
        for step in place[:-1]:
            inner = inner[step]
        old = inner[place[-1]]
        value = data.draw(st.sampled_from([DELETED, *(
            v for v in OTHER_KINDS if type(v) is not type(old))]), label="value")
        if value is DELETED:
            del inner[place[-1]]
        else:
            inner[place[-1]] = copy.deepcopy(value)
        try:
            callrules.Call.from_dict(changed, source="changed.toml")
        except callrules.DefinitionError as error:
            assert error.code and isinstance(error.loc, tuple) and str(error)
            return
        if value is not DELETED:
            refused = [e.message for e in call_schema().iter_errors(json.loads(
                json.dumps(json_ready(changed)), parse_float=Decimal))]
            assert not refused, f"loaded, but the call schema refuses it: {refused[:2]}"

    @pytest.mark.parametrize(("check", "code", "place"), [
        ({"op": "compare", "cmp": ">", "to": {"plus": [1, 2]}}, "missing_bound", ()),
        ({"op": "compare", "cmp": "<", "to": {"count": "visitors"}}, "missing_bound", ()),
        ({"op": "compare", "cmp": "<", "to": {"percent": 60}}, "missing_bound", ()),
        ({"op": "compare", "cmp": "<=", "left": {"round": {"param": "cap"}, "unit": "0.05",
                                                 "mode": {}}, "to": 1}, "bad_rounding",
         ("left", "mode")),
        ({"op": "compare", "cmp": "<=", "left": {"round": {"param": "cap"}, "unit": "0.05",
                                                 "mode": ["half_up"]}, "to": 1}, "bad_rounding",
         ("left", "mode")),
    ])
    def test_the_shapes_that_once_escaped_untyped_are_refused_at_their_place(
            self, check: dict[str, Any], code: str, place: tuple[str, ...]) -> None:
        """A compare of an expression with nothing (neither ``path`` nor ``left``), a rounding
        ``mode`` that is a list or a table: once an AssertionError and a TypeError (exit 70,
        a whole folder lost), now refused naming the place."""
        error = quickly_refused(lambda: callrules.Call.from_dict(minimal_call(check)))
        assert (error.code, error.loc) == (code, ("rules", 0, "check", *place))

    @pytest.mark.parametrize("mode", [[], {}, ["half_up"], 1, True])
    def test_a_call_s_rounding_mode_of_another_kind_is_refused_naming_mode(
            self, mode: object) -> None:
        data = minimal_call()
        data["budget"] = {"rounding": {"unit": "0.01", "mode": mode}}
        error = quickly_refused(lambda: callrules.Call.from_dict(data))
        assert (error.code, error.loc) == ("bad_rounding", ("budget", "rounding", "mode"))
        assert "half_up" in error.message

    def test_ten_thousand_nested_nots_in_toml_are_refused_quickly(self) -> None:
        """A nesting bomb in TOML is a too_deep DefinitionError, not a RecursionError."""
        check = '{ op = "not", rule = ' * self.BOMB + '{ op = "present", path = "id" }' + (
            " }" * self.BOMB)
        error = quickly_refused(lambda: callrules.Call.from_text(mini_toml(check=check)))
        assert error.code == "too_deep"

    def test_ten_thousand_nested_arrays_in_toml_or_json_are_refused_quickly(self) -> None:
        """Deep arrays in a parameter (TOML) or a whole JSON file: too_deep."""
        toml = mini_toml() + "\n[parameters]\nbomb = " + "[" * self.BOMB + "]" * self.BOMB
        assert quickly_refused(lambda: callrules.Call.from_text(toml)).code == "too_deep"
        text = "[" * self.BOMB + "]" * self.BOMB
        assert quickly_refused(lambda: callrules.Call.from_text(text, format="json")
                               ).code == "too_deep"

    def test_ten_thousand_nested_nots_as_data_are_refused_quickly(self) -> None:
        """The same bomb given as a dict is refused before validation."""
        data = minimal_call()
        data["rules"][0]["check"] = nested_nots(self.BOMB)
        assert quickly_refused(lambda: callrules.Call.from_dict(data)).code == "too_deep"

    def test_ten_thousand_nested_nots_built_in_python_are_refused_quickly(self) -> None:
        """A bomb built with rules.not_ (never nested data) is refused by the compiler."""
        node: Any = r.present("host.unit.kind")
        for _ in range(self.BOMB):
            node = r.not_(node)
        data = minimal_call()
        data["rules"] = [r.rule("eligibility", node)]
        error = quickly_refused(lambda: callrules.Call.from_dict(data))
        assert error.code == "too_deep"
        assert error.loc[:4] == ("rules", 0, "check", "rule")

    @pytest.mark.parametrize("as_python", [False, True])
    def test_the_depth_limit_is_exact(self, as_python: bool) -> None:
        """A check nested LIMITS['depth'] deep loads; one level deeper is too_deep."""
        def load(depth: int) -> callrules.Call:
            data = minimal_call()
            if as_python:
                node: Any = r.present("host.unit.kind")
                for _ in range(depth - 1):
                    node = r.not_(node)
                data["rules"] = [r.rule("eligibility", node)]
            else:
                data["rules"][0]["check"] = nested_nots(depth - 1)
            return callrules.Call.from_dict(data)

        assert load(LIMITS["depth"]).id == "mini"
        assert quickly_refused(lambda: load(LIMITS["depth"] + 1)).code == "too_deep"

    @settings(max_examples=25, deadline=None)
    @given(extra=st.integers(1, 3000), sign=st.sampled_from(["", "-"]),
           place=st.sampled_from(["parameter", "literal", "unknown key"]),
           form=st.sampled_from(["toml", "json"]))
    def test_a_whole_number_longer_than_python_converts_is_a_typed_refusal(
            self, extra: int, sign: str, place: str, form: str) -> None:
        """Any whole number over the interpreter's digit limit, anywhere in a TOML or JSON call
        file, is a too_large DefinitionError said in the reader's words: never the syntax
        error carrying Python's advice (sys.set_int_max_str_digits)."""
        number = sign + "9" * (sys.get_int_max_str_digits() + extra)
        if form == "toml":
            text = {"parameter": mini_toml() + f"\n[parameters]\nbig = {number}\n",
                    "literal": mini_toml(check='{ op = "compare", path = "submitted_at", '
                                               f'cmp = "==", to = {number} }}'),
                    "unknown key": f"big = {number}\n" + mini_toml()}[place]
        else:
            text = {"parameter": f'{{"id": "mini", "parameters": {{"big": {number}}}}}',
                    "literal": f'{{"rules": [{{"check": {{"op": "compare", "to": {number}}}}}]}}',
                    "unknown key": f'{{"big": {number}, "id": "mini"}}'}[place]
        error = quickly_refused(lambda: callrules.Call.from_text(text, format=form))
        assert error.code == "too_large"
        assert "sys." not in str(error) and "set_int_max_str_digits" not in str(error)
        assert error.words == ("number_too_long", {"limit": str(sys.get_int_max_str_digits())})
        for lang in ("fr", "en", "es", "pt"):
            said = phrase(error.words[0], lang, **error.words[1])
            assert str(sys.get_int_max_str_digits()) in said and "sys." not in said

    def test_a_very_wide_rule_is_refused_by_the_node_limit(self) -> None:
        """200 × 200 leaves exceed the node limit: refused, not compiled."""
        leaf = {"op": "present", "path": "host.unit.kind"}
        check = {"op": "all", "rules": [{"op": "all", "rules": [leaf] * 200}] * 200}
        error = quickly_refused(lambda: callrules.Call.from_dict(minimal_call(check)))
        assert error.code == "too_many_nodes"

    def test_a_set_over_the_limit_is_refused_in_a_rule_and_as_a_parameter(self) -> None:
        """Sets hold at most LIMITS['set_items'] items, written inline or as a parameter."""
        limit = LIMITS["set_items"]
        inside = [f"r{i}" for i in range(limit)]
        callrules.Call.from_dict(minimal_call({"op": "in", "path": "host.role",
                                               "set": inside}))
        error = quickly_refused(lambda: callrules.Call.from_dict(minimal_call(
            {"op": "in", "path": "host.role", "set": [*inside, "one-more"]})))
        assert (error.code, error.loc) == ("set_too_large", ("rules", 0, "check", "set"))
        error = quickly_refused(lambda: callrules.Call.from_dict(minimal_call(
            parameters={"roles": [*inside, "one-more"]})))
        assert (error.code, error.loc) == ("bad_parameter", ("parameters", "roles"))

    @pytest.mark.parametrize("path", [
        "__class__", "host.__dict__", "model_fields", "host.model_dump", "model_config",
        "$root.__class__", "host.person.__init__", "visitors.model_fields", "__import__",
        "host.unit.location.country.upper", "submitted_at.tzinfo", "answers.__class__",
        "$__builtins__.open", "HOST", "host..unit", ".host", "host.", "a." * 200 + "a",
        "host.unit.affiliations.real", "budget.lines.amount.amount.real", "host[0]",
        "budget.lines.amount.__class__", "budget.lines.amount.convert",
        "host/unit", "host.unit.location.country ", "hôte",
    ])
    def test_paths_reach_only_declared_fields(self, path: str) -> None:
        """Dunders, pydantic internals, methods and malformed paths are refused at the path."""
        error = quickly_refused(lambda: callrules.Call.from_dict(minimal_call(
            {"op": "present", "path": path})))
        assert error.loc == ("rules", 0, "check", "path")
        assert error.code in {"path_syntax", "unknown_field", "not_a_model", "unknown_variable",
                              "string_too_long"}

    def test_a_file_over_the_size_limit_is_refused_as_text_bytes_or_file(
            self, tmp_path: Path) -> None:
        """More than LIMITS['file_bytes'] bytes: too_large, however the file is given."""
        text = mini_toml() + "#" * LIMITS["file_bytes"]
        assert quickly_refused(lambda: callrules.Call.from_text(text)).code == "too_large"
        assert quickly_refused(lambda: callrules.Call.from_text(text.encode())
                               ).code == "too_large"
        big = tmp_path / "big.toml"
        big.write_text(text, "utf-8")
        assert quickly_refused(lambda: callrules.Call.from_file(big)).code == "too_large"

    def test_a_device_or_endless_stream_as_a_call_file_is_refused_after_a_bounded_read(
            self, tmp_path: Path) -> None:
        """/dev/zero and a pipe are refused unopened (not_a_regular_file); a standard input
        named on purpose that never ends is read only to the limit (too_large)."""
        os.mkfifo(tmp_path / "call.toml")
        for name in ("/dev/zero", tmp_path / "call.toml"):
            error = quickly_refused(lambda name=name: callrules.Call.from_file(name))
            assert error.code == "not_a_regular_file"
        with open("/dev/zero", "rb") as zeros:
            error = quickly_refused(lambda: callrules.Call.from_file(
                f"/dev/fd/{zeros.fileno()}"))
        assert error.code == "too_large"

    def test_the_size_limit_counts_bytes_not_characters(self) -> None:
        """600,000 two-byte characters are 1.2 MB: too large as text, as they are as bytes."""
        text = mini_toml() + "# " + "é" * 600_000
        assert len(text) < LIMITS["file_bytes"] < len(text.encode())
        assert quickly_refused(lambda: callrules.Call.from_text(text.encode())
                               ).code == "too_large"
        assert quickly_refused(lambda: callrules.Call.from_text(text)).code == "too_large"

    def test_a_file_of_exactly_the_limit_is_read(self) -> None:
        """The limit is not an off-by-one: a comment filling it to the limit is fine."""
        text = mini_toml()
        text += "#" * (LIMITS["file_bytes"] - len(text.encode()))
        assert len(text.encode()) == LIMITS["file_bytes"]
        assert callrules.Call.from_text(text).id == "mini"

    @pytest.mark.parametrize(("data", "code"), [
        (b'id = "caf\xe9"\n', "not_utf8"),
        (b"\xff\xfe" + 'id = "x"'.encode("utf-16-le"), "not_utf8"),
        ("id = ", "syntax"),
        ("[[rules]\n", "syntax"),
        ('id = "a"\nid = "b"\n', "syntax"),
        ("x = " + "1" * 5000, "too_large"),
        (mini_toml() + '[parameters]\ncap = { amount = nan, currency = "EUR" }\n',
         "bad_parameter"),
    ], ids=["latin1", "utf16", "no-value", "bad-table", "duplicate-key", "5000-digit-int",
            "nan"])
    def test_unreadable_toml_is_refused_with_a_code(self, data: str | bytes,
                                                    code: str) -> None:
        """Non-UTF-8 bytes, TOML syntax errors and over-long integers (too_large) are
        DefinitionErrors."""
        assert quickly_refused(lambda: callrules.Call.from_text(data)).code == code

    @pytest.mark.parametrize(("text", "code"), [
        ("[1, 2]", "not_a_table"), ("{", "syntax"),
        (json.dumps(minimal_call(timeline={"deadline": "2026-06-01T17:00:00"})).replace(
            '"3100.00"', "NaN"), "bad_parameter"),
        ('{"a": ' + "7" * 5000 + "}", "too_large"), ("\ud800", "syntax"),
    ], ids=["array", "truncated", "nan", "5000-digit-int", "lone-surrogate"])
    def test_unreadable_json_is_refused_with_a_code(self, text: str, code: str) -> None:
        """A JSON call file is held to the same rules."""
        assert quickly_refused(lambda: callrules.Call.from_text(text, format="json")
                               ).code == code

    def test_only_the_code_generator_compiles_or_executes_code(self) -> None:
        """eval(, exec( and compile( appear nowhere in src/callrules but once each (compile
        and exec) in the code generator, which compiles ast trees, never text; nor do
        ast.literal_eval( or ast.parse( (each compiles text: look75w 1, a typed option value
        read back as Python's literals), nor __import__, nor gettext's undocumented c2py
        (which execs a catalog's plural formula: reread77 4, the formula read only by
        gettext reading a catalog)."""
        pattern = re.compile(r"(?<![.\w])(eval|exec|compile)\s*\(|"
                             r"(?<!\w)(literal_eval|ast\.parse|__import__|c2py)\b")
        found = [(str(path.relative_to(SRC)), match.group(match.lastindex or 0))
                 for path in sorted(SRC.rglob("*.py"))
                 for line in path.read_text("utf-8").splitlines()
                 if not line.lstrip().startswith("#")
                 for match in pattern.finditer(line)]
        assert sorted(found) == [("language/codegen.py", "compile"),
                                 ("language/codegen.py", "exec")]
        assert len(list(SRC.rglob("*.py"))) > 10


# -- determinism ---------------------------------------------------------------------------
class TestDeterminism:
    def test_the_same_call_application_and_now_give_byte_identical_json(self) -> None:
        """Repeated loads and evaluations give the same bytes, in both languages."""
        bundled = Path(callrules.calls.load("cnrs-amsud-2026").source)
        text = (EXAMPLES / "ineligible.json").read_text("utf-8")
        outputs = set()
        for _ in range(3):
            call = callrules.Call.from_file(bundled)
            report = callrules.evaluate(call, text, now=NOW)
            outputs.add((report.to_json(), report.to_json("fr"), report.to_json("en"),
                         report.render("fr")))
        assert len(outputs) == 1

    def test_the_command_line_prints_the_same_json_whatever_the_environment(self) -> None:
        """TZ, LANG and PYTHONHASHSEED change nothing in `callrules check --json` but the
        clock: the recorded "now", always in UTC."""
        base = {k: v for k, v in os.environ.items()
                if not k.startswith(("LC_", "LANG", "TZ", "PYTHONHASHSEED"))}
        command = [sys.executable, "-m", "callrules", "check", "cnrs-amsud-2026",
                   "examples/ineligible.json", "--json"]
        runs = {}
        for tz, lang, seed in itertools.product(["UTC", "America/Santiago", "Asia/Tokyo"],
                                                ["C", "fr_FR.UTF-8"], ["0", "1", "12345"]):
            env = {**base, "TZ": tz, "LANG": lang, "PYTHONHASHSEED": seed}
            runs[(tz, lang, seed)] = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        outputs = {}
        clock = re.compile(rb'"now": (null|"[^"]*")')
        for key, process in runs.items():
            stdout, stderr = process.communicate(timeout=120)
            assert process.returncode == 1, (key, stderr.decode("utf-8", "replace"))
            for match in clock.finditer(stdout):
                assert match.group(1) == b"null" or match.group(1).endswith(b'+00:00"'), key
            outputs[key] = clock.sub(b'"now": "<the clock>"', stdout)
        assert len(set(outputs.values())) == 1
        (payload,) = json.loads(next(iter(outputs.values())))
        assert payload["eligible"] is False and payload["errors"]
