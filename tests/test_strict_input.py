"""Every field takes one spelling of its value: a JSON value is read as the schema says, or
refused naming its field; nothing is coerced, and what is accepted replays."""

from __future__ import annotations

import io
import json
import math
import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

import callrules
from callrules._cli import main
from callrules._jsontext import repeated_key
from callrules._messages import INPUT_CODES, PLURALS
from tests.conftest import eligible_dict
from tests.laws import settings
from tests.test_definitions import cnrs_applications


def _leaves(node: Any, pointer: str = "") -> list[str]:
    """Every place in ``node`` where a value sits, as a JSON Pointer."""
    if isinstance(node, dict):
        return [p for key, value in node.items() for p in _leaves(value, f"{pointer}/{key}")]
    if isinstance(node, list):
        return [p for i, value in enumerate(node) for p in _leaves(value, f"{pointer}/{i}")]
    return [pointer]


PLACES = _leaves(eligible_dict()) + ["/answers/note", "/budget/lines", "/visitors/0/stay"]

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["0", "3", "1780326000", "2026-06-01", "2026-06-01T17:00:00+02:00",
                       "2026-06-01T17:00:00", "3100.00", "4.9e2", " 3100", "-0", "true",
                       "FR", "BR-SP", "EUR", "fr", "", "0.99999999999999999999999999999"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=3),
    max_leaves=6)


def _placed(pointer: str, value: Any) -> dict[str, Any]:
    data = eligible_dict()
    *parents, last = pointer.strip("/").split("/")
    node: Any = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    node[int(last) if isinstance(node, list) else last] = value
    return data


def _related(a: str, b: str) -> bool:
    """Whether one pointer is the other or lies inside it."""
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


def _json_type(value: Any) -> str:
    return type(value).__name__ if not isinstance(value, (dict, list)) else "container"


class TestOneSpellingPerField:
    @settings(max_examples=300)
    @given(st.sampled_from(PLACES), JSON_VALUES)
    def test_any_json_value_at_any_field_is_read_as_typed_or_refused_there(
            self, pointer: str, value: Any) -> None:
        """Law: a JSON value put at any field validates (the same from a dict and from JSON
        text) to a value whose JSON form is of the same JSON type and reads back the same,
        or raises InputError whose problems all concern that field, each with a message in
        the library's table, told in French in French; never another exception."""
        data = _placed(pointer, value)
        outcomes = []
        for record in (data, json.dumps(data)):
            try:
                outcomes.append(callrules.parse_application(record))
            except callrules.InputError as error:
                pointers = [p.pointer for p in error.problems]
                assert pointers and all(
                    _related(p, pointer) or p in ("/exchange_rates", "/visitors/0/institution/"
                                                  "location") for p in pointers), pointers
                assert all(p.type in INPUT_CODES or p.type in PLURALS
                           for p in error.problems), error.problems
                assert all(p.message("fr") != p.message("en") for p in error.problems)
                outcomes.append(sorted(pointers))
        from_dict, from_text = outcomes
        assert from_dict == from_text
        if isinstance(from_dict, callrules.Application):
            dumped = json.loads(from_dict.model_dump_json())
            found = _placed_value(dumped, pointer)
            if found is not _ABSENT and not (isinstance(value, float) and math.isfinite(value)):
                assert _json_type(found) == _json_type(value), (value, found)

    @pytest.mark.parametrize(("pointer", "value"), [
        ("/answers/ok", 0.99999999999999999999999999999), ("/documents/0/pages", True),
        ("/documents/0/pages", "3"), ("/documents/0/pages", 3.0), ("/visitors/0/stay/arrival",
                                                                  "0"),
        ("/submitted_at", "1780326000"), ("/submitted_at", 1780326000),
        ("/submitted_at", "2026-06-01T17:00:00"), ("/submitted_at", "2026-06-01 17:00:00Z"),
        ("/budget/lines/0/amount/amount", 490), ("/budget/lines/0/amount/amount", " 490"),
        ("/answers/ok", 1.5), ("/host/unit/affiliations", "CNRS"),
    ])
    def test_the_lax_readings_found_are_refused(self, pointer: str, value: Any) -> None:
        """Each lax reading issue 16 found (0.999… as true, true as 1 page, "0" as
        1970-01-01, "1780326000" as an instant) and its kind is refused, naming the field."""
        for record in (_placed(pointer, value), json.dumps(_placed(pointer, value))):
            with pytest.raises(callrules.InputError) as info:
                callrules.parse_application(record)
            assert info.value.problems[0].pointer.startswith(pointer)

    def test_a_huge_exponent_in_a_count_is_refused_without_converting_it(self) -> None:
        """1E+9999999 pages is refused at once (a float, never turned into an integer)."""
        text = json.dumps(eligible_dict()).replace('"pages": 3', '"pages": 1E+9999999')
        with pytest.raises(callrules.InputError) as info:
            callrules.parse_application(text)
        assert [p.pointer for p in info.value.problems] == ["/documents/0/pages"]


class TestProblemsSayWhatIsWrong:
    def test_a_list_with_an_invalid_item_is_not_also_too_short(self) -> None:
        """One visitor with a bad date is one problem, at the date: pydantic's count of the
        valid items (none) is not told as "at least 1 item"."""
        data = eligible_dict()
        data["visitors"] = data["visitors"][:1]
        data["visitors"][0]["stay"]["arrival"] = "x"
        with pytest.raises(callrules.InputError) as info:
            callrules.parse_application(data)
        assert [p.pointer for p in info.value.problems] == ["/visitors/0/stay/arrival"]
        data["visitors"] = []
        with pytest.raises(callrules.InputError) as info:
            callrules.parse_application(data)
        assert [(p.pointer, p.type) for p in info.value.problems] == [("/visitors", "too_short")]

    @settings(max_examples=40)
    @given(rate=st.sampled_from(["1,5", "1e3", "-0.5", "+1.5", " 1.5", "1 000.5", "0.00000000001",
                                 "1.5.0", "", "½", "١٫٥"]) | st.integers() | st.floats()
           | st.text(alphabet="0123456789.,eE+- ", max_size=12).filter(
               lambda t: not re.fullmatch(r"[0-9]{1,18}(?:[.][0-9]{0,8})?|[.][0-9]{1,8}", t)))
    def test_a_rate_written_wrongly_is_called_a_rate(self, rate: Any) -> None:
        """Law: an exchange rate that is not written as a rate is one problem at that rate
        (``rate_text``), said in every language as a rate ("taux de change", "tipo de
        cambio", "taxa de câmbio"), never as "an amount" with an amount's example (it was
        ``amount_text``: "An amount is expected here … for example "3100.00"")."""
        data = eligible_dict()
        data["exchange_rates"] = [{"base": "BRL", "quote": "EUR", "rate": rate}]
        with pytest.raises(callrules.InputError) as info:
            callrules.parse_application(data)
        (problem,) = info.value.problems
        assert (problem.pointer, problem.type) == ("/exchange_rates/0/rate", "rate_text")
        for lang, word in (("en", "exchange rate"), ("fr", "taux de change"),
                           ("es", "tipo de cambio"), ("pt", "taxa de câmbio")):
            said = problem.message(lang)
            assert word in said and "3100" not in said, (lang, said)

    @settings(max_examples=60)
    @given(st.decimals(places=10) | st.decimals(allow_nan=True, allow_infinity=True)
           | st.decimals(Decimal("0.00000001"), Decimal("999999999999999999"), places=8))
    def test_a_rate_given_as_a_decimal_from_python_is_read_as_the_numeral_it_writes(
            self, rate: Decimal) -> None:
        """Law: ``ExchangeRate(rate=Decimal("0.16"))`` (the field's own type) is accepted, as
        the text "0.16" is: exactly when that numeral is a rate; a Decimal that is not one (a
        sign, NaN, 9 decimals, 19 digits, zero) is refused as that text is, a pydantic
        error of the rate's own type. (It was refused as "expected here as text".) A float
        stays refused: it cannot hold 0.16."""
        text = format(rate, "f")
        try:
            expected: Any = callrules.ExchangeRate(base="BRL", quote="EUR", rate=text).rate
        except ValidationError as exc:
            expected = exc.errors()[0]["type"]
        try:
            read: Any = callrules.ExchangeRate(base="BRL", quote="EUR", rate=rate).rate
        except ValidationError as exc:
            read = exc.errors()[0]["type"]
            assert read in ("rate_text", "positive_rate")
        assert read == expected
        if isinstance(read, Decimal):
            assert read == rate
        with pytest.raises(ValidationError):
            callrules.ExchangeRate(base="BRL", quote="EUR", rate=0.16)  # type: ignore[arg-type]


class TestRatesAgree:
    @pytest.mark.parametrize("rates", [
        [("BRL", "EUR", "0.16"), ("BRL", "EUR", "0.17")],
        [("BRL", "EUR", "0.16"), ("EUR", "BRL", "6.5")],
    ])
    def test_two_rates_for_one_pair_are_bad_input(self, rates: list[tuple[str, ...]]) -> None:
        """Two different rates (or a rate and an inverse that disagrees) are refused at
        exchange_rates, never "the last one wins"."""
        data = eligible_dict()
        data["exchange_rates"] = [{"base": b, "quote": q, "rate": r} for b, q, r in rates]
        with pytest.raises(callrules.InputError) as info:
            callrules.parse_application(data)
        (problem,) = info.value.problems
        assert (problem.pointer, problem.type) == ("/exchange_rates", "conflicting_rates")
        assert "BRL" in problem.message("fr")

    def test_the_same_rate_twice_or_its_exact_inverse_is_fine(self) -> None:
        """Repeating a rate, or giving its exact inverse, leaves nothing undecided."""
        data = eligible_dict()
        data["exchange_rates"] = [{"base": "BRL", "quote": "EUR", "rate": "0.16"},
                                  {"base": "BRL", "quote": "EUR", "rate": "0.160"},
                                  {"base": "EUR", "quote": "BRL", "rate": "6.25"}]
        assert len(callrules.parse_application(data).exchange_rates) == 3


class TestARateToItself:
    @settings(max_examples=60)
    @given(currency=st.sampled_from(["EUR", "BRL", "USD", "JPY"]),
           rate=st.decimals(min_value="0.0001", max_value="1000", places=4),
           at=st.integers(0, 2))
    def test_is_one_or_bad_input(self, currency: str, rate: Decimal, at: int) -> None:
        """Law: a rate of a currency to itself, anywhere among the rates, is accepted when
        it is 1 (however written) and is ``self_rate`` at exchange_rates otherwise, said
        in every language with the currency named."""
        data = eligible_dict()
        rates = [{"base": "BRL", "quote": "EUR", "rate": "0.16"},
                 {"base": "USD", "quote": "EUR", "rate": "0.9"}]
        rates.insert(at, {"base": currency, "quote": currency, "rate": format(rate, "f")})
        data["exchange_rates"] = rates
        if rate == 1:
            assert len(callrules.parse_application(data).exchange_rates) == 3
            return
        with pytest.raises(callrules.InputError) as info:
            callrules.parse_application(data)
        (problem,) = info.value.problems
        assert (problem.pointer, problem.type) == ("/exchange_rates", "self_rate")
        assert all(currency in problem.message(lang) for lang in ("fr", "en", "es", "pt"))


class TestRecordsReplay:
    @settings(max_examples=80)
    @given(cnrs_applications())
    def test_validate_dump_validate_is_the_identity(self, data: dict[str, Any]) -> None:
        """Law: an accepted application, dumped to JSON (or to Python) and read again, is
        the same application; so a decision record's input always replays."""
        try:
            app = callrules.parse_application(data)
        except callrules.InputError:
            return
        assert callrules.parse_application(app.model_dump_json()) == app
        assert callrules.parse_application(app.model_dump()) == app
        assert callrules.parse_application(app.model_dump(mode="json")) == app


_ABSENT = object()


def _placed_value(data: Any, pointer: str) -> Any:
    node = data
    for part in pointer.strip("/").split("/"):
        if isinstance(node, list):
            index = int(part)
            if index >= len(node):
                return _ABSENT
            node = node[index]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return _ABSENT
    return node


def objects(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...],
                                                                        str]]:
    """Every (object's path, one of its keys) of ``value``, at any depth."""
    if isinstance(value, dict):
        return [(path, key) for key in value] + [
            found for key, item in value.items() for found in objects(item, (*path, key))]
    if isinstance(value, list):
        return [found for i, item in enumerate(value) for found in objects(item, (*path, i))]
    return []


def with_repeat(value: Any, target: tuple[str | int, ...], key: str, extra: Any,
                first: bool, path: tuple[str | int, ...] = ()) -> str:
    """``value`` as JSON text, the object at ``target`` giving ``key`` twice: ``extra``
    written before its own value, or after it."""
    if isinstance(value, dict):
        pairs = [f"{json.dumps(k)}: {with_repeat(v, target, key, extra, first, (*path, k))}"
                 for k, v in value.items()]
        if path == target:
            pairs.insert(0 if first else len(pairs), f"{json.dumps(key)}: {json.dumps(extra)}")
        return "{" + ", ".join(pairs) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(with_repeat(v, target, key, extra, first, (*path, i))
                               for i, v in enumerate(value)) + "]"
    return json.dumps(value)


APPLICATION_KEYS = objects(eligible_dict())


class TestNoKeyTwice:
    @settings(max_examples=150)
    @given(place=st.sampled_from(APPLICATION_KEYS), extra=JSON_VALUES, first=st.booleans(),
           as_bytes=st.booleans())
    def test_any_key_given_twice_at_any_depth_is_refused_there(
            self, place: tuple[tuple[str | int, ...], str], extra: Any, first: bool,
            as_bytes: bool) -> None:
        """Law: JSON text of an application with any key written twice, in any object, the
        other value first or last, is one ``duplicate_key`` problem at that key, whether
        parsed, evaluated, or in a batch (where the records around it are still checked);
        never a value silently winning."""
        target, key = place
        text: str | bytes = with_repeat(eligible_dict(), target, key, extra, first)
        if as_bytes:
            text = text.encode("utf-8")
        with pytest.raises(callrules.InputError) as caught:
            callrules.parse_application(text)
        (problem,) = caught.value.problems
        assert (problem.type, problem.loc) == ("duplicate_key", (*target, key))
        call = callrules.calls.load("cnrs-amsud-2026")
        with pytest.raises(callrules.InputError):
            callrules.evaluate(call, text)
        good = json.dumps(eligible_dict())
        result = callrules.evaluate_many(call, [good, text, good], progress=False)
        assert [item.report is None for item in result] == [False, True, False]

    def test_the_attackers_application_is_refused_from_a_file_and_from_stdin(
            self, tmp_path: Any) -> None:
        """``"category": "researcher", "category": "technician"``: the visitor's category
        named by its label, in the reader's language, exit 2, from a file and from standard
        input."""
        text = with_repeat(eligible_dict(), ("visitors", 0), "category", "researcher", True)
        file = tmp_path / "a.json"
        file.write_text(text, "utf-8")
        for args, stdin in (([str(file)], None), (["-"], io.StringIO(text + "\n"))):
            out = io.StringIO()
            code = main(["check", "cnrs-amsud-2026", *args, "--lang", "fr"], out=out,
                        err=io.StringIO(), stdin=stdin)
            assert code == 2
            assert "catégorie" in out.getvalue().lower() and "deux fois" in out.getvalue()

    def test_an_element_of_a_json_array_with_a_key_twice_is_refused(
            self, tmp_path: Any) -> None:
        """The same in a JSON array (a ``.json`` file of several applications): that
        element is refused, the others checked."""
        good = json.dumps(eligible_dict())
        bad = with_repeat(eligible_dict(), ("visitors", 0), "category", "researcher", True)
        file = tmp_path / "batch.json"
        file.write_text(f"[{good}, {bad}, {good}]", "utf-8")
        sources = list(callrules.records(str(file)))
        result = callrules.evaluate_many(callrules.calls.load("cnrs-amsud-2026"), sources,
                                         progress=False)
        assert [item.report is None for item in result] == [False, True, False]

    def test_the_same_text_without_a_repeat_costs_no_problem(self) -> None:
        """Keys that repeat across objects (a name here, a name there) are not repeats."""
        text = json.dumps(eligible_dict())
        assert repeated_key(text) is None and repeated_key(b"{oops") is None
        assert repeated_key('{"a": {"b": 1}, "c": {"b": 2}}') is None
