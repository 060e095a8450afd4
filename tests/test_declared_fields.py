"""A call declares its own fields: checked when it loads, read with the application, typed in
its rules, and described by its JSON Schema exactly as the library reads them."""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

import callrules
from callrules._report import to_json_value
from tests.conftest import eligible_dict
from tests.laws import settings
from tests.test_fixture_calls import HELSINKI, lab_application, postdoc_application

DATA = Path(__file__).resolve().parent / "data"
LAB = callrules.Call.from_file(DATA / "good-lab-equipment-2027.toml")


def call_with(fields: dict[str, Any], check: dict[str, Any] | None = None) -> callrules.Call:
    """A one-rule English call declaring ``fields`` (level → name → spec)."""
    return callrules.Call.from_dict({
        "id": "declared", "version": "1", "languages": ["en", "fr"], "timezone": "Europe/Paris",
        "currency": "EUR", "title": {"en": "Declared", "fr": "Déclaré"},
        "fields": fields,
        "clauses": [{"id": "c", "title": {"en": "C", "fr": "C"}, "text": {"en": "C", "fr": "C"}}],
        "rules": [{"clause": "c", "check": check or {"op": "present", "path": "id"}}],
    })


def problems(call: callrules.Call, app: Any) -> list[callrules.InputProblem]:
    with pytest.raises(callrules.InputError) as caught:
        call.parse(app)
    return list(caught.value.problems)


class TestDeclaring:
    def test_a_rule_reading_an_undeclared_field_is_refused_with_a_suggestion(self) -> None:
        """A misspelt declared field is refused when the call loads, with the field meant."""
        spec = {"visitors": {"phd_awarded": {"type": "date"}}}
        with pytest.raises(callrules.DefinitionError) as caught:
            call_with(spec, {"op": "each", "path": "visitors", "rule": {
                "op": "present", "path": "fields.phd_award"}})
        assert caught.value.code == "unknown_field"
        assert caught.value.hint is not None and "phd_awarded" in caught.value.hint

    def test_a_rule_compares_a_declared_field_by_its_type(self) -> None:
        """A declared date compared with a number is a type error at load."""
        spec = {"application": {"since": {"type": "date"}}}
        with pytest.raises(callrules.DefinitionError) as caught:
            call_with(spec, {"op": "compare", "path": "fields.since", "cmp": "<", "to": 3})
        assert caught.value.code == "wrong_type"

    def test_a_call_declaring_nothing_has_no_field_to_read(self) -> None:
        """Without declarations, ``fields`` holds nothing a rule could read."""
        with pytest.raises(callrules.DefinitionError) as caught:
            call_with({}, {"op": "present", "path": "fields.anything"})
        assert caught.value.code == "unknown_field"

    @pytest.mark.parametrize(("spec", "code", "where"), [
        ({"type": "choice"}, "bad_field", "values"),
        ({"type": "text", "values": ["a"]}, "bad_field", "values"),
        ({"type": "choice", "values": ["a", "a"]}, "bad_field", "values"),
        ({"type": "text", "min": 3}, "bad_field", "min"),
        ({"type": "boolean", "max_length": 3}, "bad_field", None),
        ({"type": "text", "min_length": 4, "max_length": 3}, "bad_field", "min_length"),
        ({"type": "date", "min": "2020-02-30"}, "bad_field", "min"),
        ({"type": "date", "min": 2020}, "bad_field", "min"),
        ({"type": "integer", "min": 5, "max": 4}, "bad_field", "min"),
        ({"type": "integer", "min": True}, "bad_field", "min"),
        ({"type": "money", "min": "-1"}, "bad_field", "min"),
        ({"type": "decimal", "max": 0.5}, "bad_field", "max"),
        ({"type": "instant", "min": "tomorrow"}, "bad_field", "min"),
        ({"type": "date", "label": {"en": "Date"}}, "missing_translation", "label"),
        ({"type": "datetime"}, "literal_error", "type"),
    ])
    def test_a_declaration_that_does_not_fit_its_type_is_refused(
            self, spec: dict[str, Any], code: str, where: str | None) -> None:
        """Each option is checked against the field's type, at its place in the file."""
        with pytest.raises(callrules.DefinitionError) as caught:
            call_with({"application": {"x": spec}})
        assert caught.value.code == code
        assert caught.value.loc[:3] == ("fields", "application", "x")
        if where is not None:
            assert where in caught.value.loc

    @pytest.mark.parametrize(("key", "value", "code"), [
        ("required", "no", "bool_type"), ("required", "off", "bool_type"),
        ("required", 1, "bool_type"), ("required", 0, "bool_type"),
        ("list", "yes", "bool_type"), ("list", 1, "bool_type"), ("list", "true", "bool_type"),
        ("min_length", "5", "int_type"), ("min_length", "00", "int_type"),
        ("min_length", 5.0, "int_type"), ("max_length", "5", "int_type"),
        ("max_length", True, "bad_number"),
    ])
    def test_a_true_false_or_whole_number_key_of_another_kind_is_refused_naming_it(
            self, key: str, value: Any, code: str) -> None:
        """``required = "no"``, ``list = "yes"``, ``min_length = "5"``: refused at the key,
        saying what it takes, as the call's JSON Schema refuses them; never read leniently
        (``"no"`` made the field optional, ``"yes"`` a list, silently)."""
        with pytest.raises(callrules.DefinitionError) as caught:
            call_with({"application": {"x": {"type": "text", key: value}}})
        assert (caught.value.code, caught.value.loc) == (code, ("fields", "application", "x",
                                                                key))
        expected = {"bool_type": "true or false", "int_type": "a whole number",
                    "bad_number": "a number"}[code]
        assert caught.value.message.startswith(expected), caught.value.message
        assert not jsonschema.Draft202012Validator(callrules.schema("call")).is_valid(
            {"fields": {"application": {"x": {"type": "text", key: value}}}})

    @pytest.mark.parametrize("name", ["copy", "json", "model_dump", "model_anything"])
    def test_a_name_the_models_keep_is_refused(self, name: str) -> None:
        """A field may not shadow what pydantic models keep for themselves."""
        with pytest.raises(callrules.DefinitionError) as caught:
            call_with({"host": {name: {"type": "text"}}})
        assert caught.value.code == "reserved_field_name"

    def test_an_instant_bound_without_offset_is_read_in_the_calls_zone(self) -> None:
        """A local bound is a local time of the call's zone, as a milestone is."""
        call = call_with({"application": {"at": {"type": "instant", "min": "2026-06-01T17:00:00"}}})
        (field,) = call.form.declared
        assert field.min == datetime.fromisoformat("2026-06-01T17:00:00+02:00")


    @pytest.mark.parametrize(("kind", "bound", "named"), [
        ("instant", "2026-03-29T02:30:00", "an instant"), ("integer", "3", "an integer"),
        ("date", "2026-02-30", "a date"), ("decimal", "x", "a decimal"),
        ("money", "-1.00", "an amount of money")])
    def test_a_bound_that_cannot_be_read_is_refused_naming_its_type(
            self, kind: str, bound: str, named: str) -> None:
        """A bound that is no value of its field's type (a local time that does not exist,
        in the call's zone, for an instant) is refused, the type named with its article."""
        with pytest.raises(callrules.DefinitionError) as caught:
            call_with({"application": {"at": {"type": kind, "min": bound}}})
        assert f"not a bound of {named}:" in caught.value.message, caught.value.message


    @settings(max_examples=60)
    @given(side=st.sampled_from(["min", "max"]),
           bound=st.integers(-10**20, 10**20) | st.integers(-2, 2).map(
               lambda step: (10**15 + step) * (1 if step % 2 else -1)),
           value=st.integers(-10**20, 10**20) | st.integers(10**15 - 2, 10**15 + 2))
    def test_an_integer_bound_is_the_one_checked_or_the_call_is_refused(
            self, side: str, bound: int, value: int) -> None:
        """A whole number holds at most 10^15 either way: a declared bound beyond it is
        refused when the call loads (``bad_field``, at the bound), and any bound within it
        is the one the call's JSON Schema publishes and the one the call checks: the schema
        says a value is valid exactly when the call reads it. Before (att82, F5):
        ``max = 99999999999999999999`` loaded, the schema said 10^19 valid, and the check
        refused anything above 10^15; a ``min`` above it made a field nobody can fill."""
        spec = {"application": {"n": {"type": "integer", side: bound}}}
        if abs(bound) > 10**15:
            with pytest.raises(callrules.DefinitionError) as caught:
                call_with(spec)
            assert (caught.value.code, caught.value.loc) == (
                "bad_field", ("fields", "application", "n", side))
            assert caught.value.message.startswith(
                "a bound of a whole number is at most 1,000,000,000,000,000"), caught.value
            return
        call = call_with(spec)
        app = eligible_dict()
        app["fields"] = {"n": value}
        published = jsonschema.Draft202012Validator(callrules.schema("application", call))
        try:
            call.parse(app)
        except callrules.InputError:
            read = False
        else:
            read = True
        assert published.is_valid(app) == read, (bound, value)


class TestReading:
    def test_declared_fields_are_read_typed(self) -> None:
        """The call's model reads a date as a date and money as Money; the generic
        ``parse_application`` keeps them as given."""
        app = HELSINKI.parse(postdoc_application())
        assert app.visitors[0].fields.phd_awarded == date(2024, 6, 30)  # type: ignore[attr-defined]
        assert app.fields.cofunding == callrules.Money("1000.00", "EUR")  # type: ignore[attr-defined]
        generic = callrules.parse_application(postdoc_application())
        assert generic.visitors[0].fields == {"phd_awarded": "2024-06-30"}

    def test_json_text_a_dict_and_a_generic_model_read_the_same(self) -> None:
        """Whatever form the record comes in, the call reads the same application."""
        data = postdoc_application()
        text = json.dumps(data)
        generic = callrules.parse_application(data)
        assert HELSINKI.parse(text) == HELSINKI.parse(data) == HELSINKI.parse(generic)
        typed = HELSINKI.parse(data)
        assert HELSINKI.parse(typed) is typed

    def test_a_wrong_type_names_the_field(self) -> None:
        """A PhD date written as a number is bad input at its place, never a traceback."""
        app = postdoc_application()
        app["visitors"][0]["fields"]["phd_awarded"] = 2019
        (found,) = [p for p in problems(HELSINKI, app) if p.loc[-1] == "phd_awarded"]
        assert found.loc == ("visitors", 0, "fields", "phd_awarded")
        assert found.type == "date_text"
        assert "YYYY-MM-DD" in found.message("en")

    def test_a_required_field_left_out_is_named(self) -> None:
        """Without its ``fields`` object, a visitor lacks the PhD date, named as such."""
        app = postdoc_application()
        del app["visitors"][0]["fields"]
        found = {(p.loc, p.type) for p in problems(HELSINKI, app)}
        assert (("visitors", 0, "fields", "phd_awarded"), "missing") in found

    def test_an_undeclared_key_names_the_accepted_ones(self) -> None:
        """A key the call does not declare is bad input listing the keys it accepts."""
        app = postdoc_application()
        app["fields"]["carrer_stage"] = "postdoc"
        (found,) = problems(HELSINKI, app)
        assert found.loc == ("fields", "carrer_stage")
        assert found.type == "undeclared_field"
        assert "Career stage, Co-funding from the home institution" in found.msg
        assert found.ctx is not None and found.ctx["keys"] == ("career_stage", "cofunding")

    @pytest.mark.parametrize("example", ["summer-school", "postdoc"])
    def test_an_undeclared_key_names_the_accepted_ones_in_the_reader_s_language(
            self, example: str) -> None:
        """In each language of the call the library words, the declared fields are named by
        their labels in that language (« il demande : Lieu de l'école, … », not "Place of
        the school")."""
        examples = Path(__file__).resolve().parents[1] / "docs" / "examples"
        call = callrules.Call.from_file(examples / f"{example}-call.toml")
        app = json.loads((examples / f"{example}-application.json").read_text("utf-8"))
        app.setdefault("fields", {})["zz_not_declared"] = 1
        found = [p for p in problems(call, app) if p.type == "undeclared_field"
                 and p.loc == ("fields", "zz_not_declared")]
        assert len(found) == 1
        declared = call.definition.fields["application"]
        for lang in set(call.languages) & {"en", "fr", "es", "pt"}:  # the library's own
            message = found[0].message(lang)
            for spec in declared.values():
                label = spec.label.get(lang) if spec.label else None
                if label is not None:
                    assert label in message, (lang, message)

    def test_a_call_declaring_nothing_refuses_any_field(self, call: callrules.Call) -> None:
        """The CNRS call declares no field: a ``fields`` key anywhere is bad input."""
        data = eligible_dict()
        data["budget"]["lines"][1]["fields"] = {"nights": 3}
        (found,) = problems(call, data)
        assert found.loc == ("budget", "lines", 1, "fields", "nights")
        assert found.type == "no_declared_fields"
        with pytest.raises(callrules.InputError):
            callrules.evaluate(call, callrules.parse_application(data))

    def test_money_in_another_currency_than_its_bounds_is_bad_input(self) -> None:
        """A bounded amount is in the call's currency."""
        app = postdoc_application()
        app["fields"]["cofunding"] = {"amount": "10.00", "currency": "USD"}
        (found,) = problems(HELSINKI, app)
        assert (found.loc, found.type) == (("fields", "cofunding"), "field_currency")

    def test_a_batch_reports_the_bad_record_and_checks_the_others(self) -> None:
        """One record with a bad declared field is an input error; the others are judged."""
        bad = postdoc_application()
        bad["fields"]["career_stage"] = "junior"
        result = callrules.evaluate_many(HELSINKI, [postdoc_application(), bad])
        assert [item.error is None for item in result.items] == [True, False]


def _titles(node: Any) -> Iterator[str]:
    """Every title in a JSON Schema."""
    if isinstance(node, dict):
        if isinstance(node.get("title"), str):
            yield node["title"]
        for value in node.values():
            yield from _titles(value)
    elif isinstance(node, list):
        for value in node:
            yield from _titles(value)


def _bounds(kind: str) -> Any:
    def check(validator: Any, bound: str, instance: Any, schema: dict[str, Any]
              ) -> Iterator[jsonschema.ValidationError]:
        try:
            if isinstance(instance, dict):
                value: Any = Decimal(instance["amount"])
                limit: Any = Decimal(bound)
            elif schema.get("format") == "date":
                value, limit = date.fromisoformat(instance), date.fromisoformat(bound)
            elif schema.get("format") == "date-time":
                value = datetime.fromisoformat(instance)
                limit = datetime.fromisoformat(bound)
                if value.tzinfo is None:
                    return  # no offset: the pattern refuses it
            else:
                value, limit = Decimal(instance), Decimal(bound)
        except (KeyError, TypeError, ValueError, InvalidOperation):
            return  # not a value of the type: other keywords say so
        if (value < limit) if kind == "minimum" else (value > limit):
            yield jsonschema.ValidationError(f"{instance!r} is beyond {bound}")
    return check


#: Draft 2020-12 with the two keywords the schema uses for bounds of values written as text.
Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {
    "x-callrules-minimum": _bounds("minimum"), "x-callrules-maximum": _bounds("maximum")})

_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 60), st.integers(-10**16, 10**16),
    st.sampled_from(["", "postdoc", "senior", "junior", "EE", "FI-18", "FR-75C", "et", "xx",
                     "a@b.fi", "not an address", "0000-0002-1825-0097", "2027-09-01",
                     "1999-12-31", "2000-01-01", "2024-02-30", "2027-04-30T23:00:00+03:00",
                     "2027-05-01T00:00:00+03:00", "2027-05-01T00:00:00", "0.30", "0.31", "-0",
                     "1e3", "0.5", "seismology", "x" * 600]),
    st.builds(lambda amount, currency: {"amount": amount, "currency": currency},
              st.sampled_from(["0.00", "249.99", "100000.00", "100000.01", "-1.00", "1,00"]),
              st.sampled_from(["EUR", "USD", "XXQ"])),
    st.lists(st.sampled_from(["et", "en", "xx", "seismology", 3]), max_size=12),
)


def _instances(call: callrules.Call, base: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Applications like ``base`` with one declared field of ``call`` replaced by any of a
    set of values around its type and bounds, or left out."""
    places = [(field.level, field.name) for field in call.form.declared]

    def build(place: tuple[str, str], value: Any, drop: bool) -> dict[str, Any]:
        app = copy.deepcopy(base)
        level, name = place
        holder: dict[str, Any] = {"application": app, "host": app["host"]}.get(level) or {
            "visitors": app["visitors"][0], "documents": (app.get("documents") or [{}])[0],
            "budget_lines": app["budget"]["lines"][0]}[level]
        fields = holder.setdefault("fields", {})
        if drop:
            fields.pop(name, None)
        else:
            fields[name] = value
        return app

    return st.builds(build, st.sampled_from(places), _VALUES, st.booleans())


#: A declared choice's own values: text, a capital, accents, a space, another script.
CHOICES = ["alpha", "beta", "Gamma", "δέλτα", "x y", "café", "Ñandú"]
CHOICE_CALL = call_with({"application": {"ch": {"type": "choice", "values": CHOICES}}})
CHOICE_VALIDATOR = Validator(callrules.schema(call=CHOICE_CALL),
                             format_checker=Validator.FORMAT_CHECKER)


class TestDecimalsWrittenPlain:
    @settings(max_examples=40)
    @given(value=st.decimals(-10**17, 10**17, places=8, allow_nan=False,
                             allow_infinity=False))
    @example(value=Decimal("0.00000001"))
    @example(value=Decimal("0.00000010"))
    @example(value=Decimal("-0.00000000"))
    def test_a_decimal_comes_back_from_a_report_as_it_can_be_read_again(
            self, value: Decimal) -> None:
        """A decimal a finding quotes is written in a report's JSON as plain digits, never
        with an exponent (``0.00000001``, not ``1E-8``), and read back it is the same number
        (session 52, C2)."""
        call = call_with({"application": {"x": {"type": "decimal", "label": {
            "en": "Share", "fr": "Part"}}}},
            {"op": "compare", "path": "fields.x", "cmp": "==", "to": "123456789"})
        assume(value != Decimal(123456789))
        app = eligible_dict()
        app["call"], app["fields"] = "declared", {"x": format(value, "f")}
        (quoted,) = [f["input"] for f in callrules.evaluate(call, app).to_dict("en")["errors"]]
        assert re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", quoted), quoted
        app["fields"] = {"x": quoted}
        assert call.parse(app).fields.x == value  # type: ignore[attr-defined]

    def test_a_decimal_no_application_holds_keeps_its_exponent(self) -> None:
        """Written plain, ``1E-999999`` would be a million zeros: it keeps its exponent."""
        assert to_json_value(Decimal("1E-999999")) == "1E-999999"
        assert to_json_value(Decimal("1E+100")) == "1" + "0" * 100


class TestSchemaAndLibraryAgree:
    @pytest.mark.parametrize(("which", "base"), [("helsinki", postdoc_application),
                                                 ("lab", lab_application)])
    def test_the_fixture_applications_are_valid_instances(self, which: str, base: Any) -> None:
        """The eligible applications of both fixture calls are valid against their schema."""
        call = HELSINKI if which == "helsinki" else LAB
        schema = callrules.schema(call=call)
        Validator.check_schema(schema)
        Validator(schema, format_checker=Validator.FORMAT_CHECKER).validate(base())

    @settings(max_examples=150, deadline=None)
    @given(st.data())
    def test_the_schema_and_the_library_accept_the_same_declared_values(
            self, data: st.DataObject) -> None:
        """Law: with any value at a declared field (or none), the call's JSON Schema
        accepts the application exactly when the call reads it."""
        call, base = data.draw(st.sampled_from([(HELSINKI, postdoc_application()),
                                                (LAB, lab_application())]))
        instance = data.draw(_instances(call, base))
        validator = _VALIDATORS[call.id]
        schema_says = validator.is_valid(json.loads(json.dumps(instance), parse_float=Decimal))
        try:
            call.parse(json.dumps(instance))
            library_says = True
        except callrules.InputError:
            library_says = False
        assert schema_says == library_says, instance

    @settings(max_examples=200, deadline=None)
    @given(code=st.sampled_from(CHOICES), form=st.sampled_from(
        ["as", "upper", "lower", "wide", "nfd", "mixed"]), seed=st.randoms(use_true_random=False),
        decompose=st.booleans())
    def test_a_choice_s_values_in_any_form_are_accepted_by_both_or_by_neither(
            self, code: str, form: str, seed: Any, decompose: bool) -> None:
        """Law: a declared choice's own ``values`` (no vocabulary) typed in full width, partly
        full width, with their accents apart (as macOS gives a text), or in another case: the
        call's JSON Schema accepts it exactly when ``check`` reads it (``ａｌｐｈａ`` and
        ``δε\u0301λτα`` were read by ``check`` and refused by the schema's plain ``enum``)."""
        text = {"upper": code.upper(), "lower": code.lower()}.get(form, code)
        if form in ("wide", "mixed"):
            text = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" and (
                form == "wide" or seed.random() < 0.5) else c for c in text)
        if form == "nfd" or decompose:
            text = unicodedata.normalize("NFD", text)
        app = eligible_dict()
        app["fields"] = {"ch": text}
        schema_says = CHOICE_VALIDATOR.is_valid(json.loads(json.dumps(app)))
        try:
            CHOICE_CALL.parse(app)
            library_says = True
        except callrules.InputError:
            library_says = False
        assert schema_says == library_says, (text, schema_says, library_says)

    @pytest.mark.parametrize("lang", ["fr", "en", "es", "pt"])
    def test_every_title_of_a_calls_schema_is_words(self, lang: str) -> None:
        """Every title of a call's application schema (the page's headings) is words in the
        reader's language, never a model's name: ``VisitorFields`` and its kin were the
        headings of the fields a call asks for, where it asks for none at that level."""
        for call in (callrules.calls.load("cnrs-amsud-2026"), HELSINKI, LAB):
            titles = list(_titles(callrules.schema(call=call, locale=lang)))
            coded = [t for t in titles if re.fullmatch(r"[A-Z][a-z]+(?:[A-Z][a-z]*)+|\w*_\w*", t)]
            assert coded == [], (call.id, coded)

    def test_a_bad_declared_value_is_placed_by_the_calls_label(self) -> None:
        """A declared field's value that cannot be read is placed by the call's label in
        the reader's language (in text, in the spreadsheet CSV, in a plan's refusal); it was
        named by its key (``phd awarded``), the call's name of a field, which no reader
        knows."""
        app = postdoc_application()
        app["visitors"][0]["fields"]["phd_awarded"] = "not a date"
        (item,) = callrules.evaluate_many(HELSINKI, [app])
        assert item.error is not None
        assert "Visitor 1 — PhD award date" in item.render("en")
        with pytest.raises(callrules.InputError) as caught:
            HELSINKI.parse(app)
        assert caught.value.labels is HELSINKI.labels

    def test_the_schema_describes_each_declared_field(self) -> None:
        """Types, bounds, required-ness, choices (as labelled constants) and labels are in
        the schema."""
        schema = callrules.schema(call=HELSINKI, locale="fi")
        defs = schema["$defs"]
        phd = defs["VisitorFields"]["properties"]["phd_awarded"]
        assert (phd["format"], phd["x-callrules-minimum"]) == ("date", "2000-01-01")
        assert phd["title"] == "Tohtorin tutkinnon suorituspäivä"
        assert defs["VisitorFields"]["required"] == ["phd_awarded"]
        assert "fields" in defs["Visitor"]["required"] and "fields" in schema["required"]
        stage = defs["ApplicationFields"]["properties"]["career_stage"]
        assert stage["oneOf"][:-1] == [  # the vocabulary serving it, labelled in Finnish
            {"const": "doctoral", "title": "väitöskirjatutkija"},
            {"const": "postdoc", "title": "tutkijatohtori"},
            {"const": "senior", "title": "vanhempi tutkija"}]
        assert "pattern" in stage["oneOf"][-1]  # and its labels typed back
        lab = callrules.schema(call=LAB)["$defs"]
        assert lab["BudgetLineFields"]["properties"]["quantity"] == {
            "maximum": 50, "minimum": 1, "title": "Quantity", "type": "integer"}

    def test_a_call_s_texts_in_another_language_are_marked_with_it(self) -> None:
        """Read in French, a call in English and Finnish titles its field and its
        vocabulary's values in English, each marked ``x-callrules-lang`` (the page sets it as
        their ``lang``, for a screen reader); the library's words are not marked, nor is
        anything read in Finnish."""
        stage = callrules.schema(call=HELSINKI, locale="fr")["$defs"]["ApplicationFields"][
            "properties"]["career_stage"]
        assert (stage["title"], stage["x-callrules-lang"]) == ("Career stage", "en")
        assert [choice.get("x-callrules-lang") for choice in stage["oneOf"]] == [
            "en", "en", "en", None]  # (the last, the labels typed back, in the library's)
        assert "x-callrules-lang" not in json.dumps(callrules.schema(call=HELSINKI,
                                                                     locale="fi"))


_VALIDATORS = {call.id: Validator(callrules.schema(call=call),
                                  format_checker=Validator.FORMAT_CHECKER)
               for call in (HELSINKI, LAB)}


class TestOptions:
    def test_every_bound_is_said_and_checked(self) -> None:
        """A money floor, decimal bounds and a required list are checked, and said in the
        schema; a field without label is titled by its name."""
        call = call_with({"application": {
            "grant": {"type": "money", "min": "10.00", "label": {"en": "Grant", "fr": "Aide"}},
            "share": {"type": "decimal", "min": "0", "max": "1"},
            "tags": {"type": "text", "list": True, "required": True, "min_length": 1}}})
        grant, share, _ = call.form.declared
        assert (grant.path, grant.loc) == ("fields.grant", ("fields", "application", "grant"))
        assert (grant.label("fr-CA"), share.label("fr")) == ("Aide", None)
        props = callrules.schema(call=call)["$defs"]["ApplicationFields"]["properties"]
        assert props["grant"]["anyOf"][0]["x-callrules-minimum"] == "10.00"
        assert (props["share"]["anyOf"][0]["x-callrules-maximum"], props["share"]["title"]) == (
            "1", "share")
        assert props["tags"]["minItems"] == 1
        app = eligible_dict()
        app["fields"] = {"grant": {"amount": "9.99", "currency": "EUR"}, "share": "1.5",
                         "tags": []}
        found = {(p.loc, p.type) for p in problems(call, app)}
        assert found == {(("fields", "grant"), "field_min"), (("fields", "share"), "field_max"),
                         (("fields", "tags"), "too_short")}
        app["fields"] = {"grant": {"amount": "10.00", "currency": "EUR"}, "share": "1",
                         "tags": ["a"]}
        assert call.parse(app).fields.share == Decimal("1")  # type: ignore[attr-defined]


#: A limit drawn for each kind of bounded field: its text in the call file, the value in the
#: application just beyond it (below a ``min``, above a ``max``), and the limit as a value.
_EDGE = {"integer": (st.integers(-10**9, 10**9), lambda v, s: v + s, int),
         "decimal": (st.decimals(-10**6, 10**6, places=2), lambda v, s: v + s * Decimal("0.01"),
                     lambda v: format(v, "f")),
         "money": (st.decimals(1, 10**6, places=2), lambda v, s: v + s * Decimal("0.01"),
                   lambda v: format(v, "f")),
         "date": (st.dates(date(1990, 1, 1), date(2090, 12, 31)),
                  lambda v, s: date.fromordinal(v.toordinal() + s), lambda v: v.isoformat()),
         "instant": (st.datetimes(datetime(1990, 1, 1), datetime(2090, 12, 31)),
                     None, lambda v: v.isoformat())}
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class TestLimitsInWords:
    @settings(max_examples=30, deadline=None)
    @given(st.sampled_from(sorted(_EDGE)).flatmap(lambda kind: st.tuples(
        st.just(kind), _EDGE[kind][0], st.sampled_from(("min", "max")))))
    def test_a_limit_of_a_declared_field_is_said_in_the_readers_form(
            self, drawn: tuple[str, Any, str]) -> None:
        """A value beyond a declared field's ``min`` or ``max`` is told its limit as the
        rules' findings say such a value, in each language: never an ISO date, never the
        limit as the call file writes it ("0.90", "12000", "-5") where the reader writes
        it otherwise, never a code (attacker 60, F4: 15 of 20 messages)."""
        from zoneinfo import ZoneInfo

        from callrules._i18n import format_value
        from tests.helpers import code_tokens

        kind, limit, side = drawn
        step = -1 if side == "min" else 1
        call = call_with({"application": {"x": {
            "type": kind, side: _EDGE[kind][2](limit), "label": {"en": "X", "fr": "X"}}}})
        if kind == "instant":  # the limit read in the call's zone, the value a second beyond
            limit = call.form.declared[0].min if side == "min" else call.form.declared[0].max
            beyond: Any = (limit.astimezone(ZoneInfo("UTC")) + timedelta(seconds=step)
                           ).isoformat()
        else:
            beyond = _EDGE[kind][1](limit, step)
            beyond = {"amount": format(beyond, "f"), "currency": "EUR"} if kind == "money" else (
                format(beyond, "f") if kind == "decimal" else
                beyond if kind == "integer" else beyond.isoformat())
        app = eligible_dict()
        app["fields"] = {"x": beyond}
        (found,) = problems(call, app)
        assert found.type == f"field_{side}" and found.ctx is not None
        written = str(found.ctx[side])
        told = json.loads(json.dumps(found.to_dict()))  # as a platform keeps it, then reads it
        back = callrules.InputProblem(tuple(told["loc"]), told["type"], found.msg, found.input,
                                      told.get("ctx"))
        for lang in ("en", "fr", "es", "pt"):
            said = found.message(lang)
            assert back.message(lang) == said  # the words are the data's: ctx says them all
            assert not _ISO_DATE.search(said) and not code_tokens(said), said
            if kind in ("integer", "decimal", "money", "date"):  # as a finding says it
                value: Any = {"money": lambda: callrules.Money(limit, "EUR")}.get(
                    kind, lambda: limit)()
                assert format_value(value, lang) in said, said
            if lang != "en" and not (written.isdigit() and len(written) < 4):
                assert written not in said, said  # (« 0,9 », never "0.90")
