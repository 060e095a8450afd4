"""The application JSON Schema and the library accept exactly the same applications."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import types
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from hypothesis.internal.conjecture import utils as conjecture_utils
from hypothesis_jsonschema import _from_schema, from_schema
from pydantic_core import PydanticCustomError

import callrules
from callrules import _code_tables, _codes, _models
from callrules._keys import text_key, written_form
from tests.conftest import eligible_dict
from tests.laws import settings
from tests.test_definitions import cnrs_applications


class _Many:
    """hypothesis-jsonschema 0.23 calls ``many.more()``, which Hypothesis 6.1xx replaced by
    iteration inside a ``with`` block: the same decisions, driven one step at a time."""

    def __init__(self, data: Any, **kwargs: Any) -> None:
        self._many = conjecture_utils.many(data, **kwargs)
        self._many.__enter__()
        self._steps = iter(self._many)

    def more(self) -> bool:
        if next(self._steps, StopIteration) is StopIteration:
            self._many.__exit__(None, None, None)
            return False
        return True

    def reject(self, why: str | None = None) -> None:
        self._many.reject(why)


if not hasattr(conjecture_utils.many, "more"):
    _from_schema.cu = types.SimpleNamespace(**{**vars(conjecture_utils), "many": _Many})

SCHEMA = callrules.schema()
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
CODE_ENUMS = {"country": _codes.COUNTRIES, "currency": _codes.CURRENCIES,
              "base": _codes.CURRENCIES, "quote": _codes.CURRENCIES,
              "language": _codes.LANGUAGES}


#: The e-mail addresses generated: ASCII and a few letters beyond it, since the schema's
#: pattern also holds characters only the library refuses (cli.md: a braille blank, ``。``),
#: which filtered out of any character would leave few instances.
_GENERATED_ADDRESS = "^[a-zA-Z0-9._+'éüßł-]{1,12}@[a-z0-9é-]{1,8}(?:[.][a-z0-9-]{1,8}){1,2}$"


def _generation_schema() -> dict[str, Any]:
    """The schema as generated from: the same, except what a separate law below covers,
    because hypothesis-jsonschema re-sorts every ``enum`` at each draw (minutes per
    application with the full ISO tables): code enums cut to a few codes (the enums are the
    tables: TestCodes), and a location without subdivision (TestSubdivisions); and at most
    one exchange rate, since two rates for one pair must agree, which JSON Schema cannot say
    (docs/reference/cli.md; the library's refusal is tested in test_strict_input); e-mail
    addresses by :data:`_GENERATED_ADDRESS` (their characters: test_one_per_host). A rate of
    a currency to itself other than 1, which JSON Schema cannot say either, is left out by
    ``_said_by_the_schema`` below (its refusal, ``self_rate``, is tested there too)."""
    out = copy.deepcopy(SCHEMA)
    out["properties"]["exchange_rates"]["maxItems"] = 1

    def cut(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                cut(item)
        elif isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                if prop.get("pattern") == _models.EMAIL_PATTERN:
                    prop["pattern"] = _GENERATED_ADDRESS
                if name in CODE_ENUMS and "enum" in prop:
                    prop["enum"] = [c for c in prop["enum"] if c in (
                        "BR", "FR", "GF", "EUR", "BRL", "CLP", "fr", "en", "pt")]
            for value in node.values():
                cut(value)

    location = out["$defs"]["Location"]
    del location["allOf"]
    location["properties"]["subdivision"] = {"type": "null"}
    cut(out)
    return out


def _said_by_the_schema(instance: Any) -> bool:
    """Whether ``instance`` holds nothing of what JSON Schema cannot say (cli.md): here, a
    rate of a currency to itself other than 1, or an e-mail address holding a character
    beyond ASCII that is no letter, digit or mark of its letter, or a domain IDNA refuses,
    or two visitors whose ids are one text as the rules compare texts."""
    rates = instance.get("exchange_rates") or () if isinstance(instance, dict) else ()
    visitors = instance.get("visitors") or () if isinstance(instance, dict) else ()
    ids = [text_key(v["id"], False) for v in visitors
           if isinstance(v, dict) and isinstance(v.get("id"), str)]
    return len(ids) == len(set(ids)) and not any(
        isinstance(r, dict) and r.get("base") == r.get("quote")
        and Decimal(str(r.get("rate"))) != 1 for r in rates) and all(
        _address_said(address) for address in _addresses(instance))


def _in_minor_units(node: Any) -> Any:
    """``node`` with each amount cut to its currency's decimals (the schema's pattern allows
    8 for every currency, which JSON Schema's patterns alone cannot tie to the currency):
    still an instance of the schema."""
    if isinstance(node, list):
        return [_in_minor_units(item) for item in node]
    if not isinstance(node, dict):
        return node
    if set(node) == {"amount", "currency"} and isinstance(node["amount"], str) and isinstance(
            node["currency"], str) and node["currency"] in _codes.CURRENCIES:
        whole, dot, fraction = node["amount"].partition(".")
        digits = _codes.currency_minor_unit(node["currency"])
        amount = f"{whole}.{fraction[:digits]}" if dot and digits and fraction else whole
        return {"amount": amount or "0", "currency": node["currency"]}
    return {key: _in_minor_units(value) for key, value in node.items()}


def _addresses(node: Any) -> list[str]:
    if isinstance(node, list):
        return [address for item in node for address in _addresses(item)]
    if isinstance(node, dict):
        return [address for key, value in node.items() for address in (
            [value] if key == "email" and isinstance(value, str) else _addresses(value))]
    return []


def _address_said(address: str) -> bool:
    written = written_form(address)
    try:
        if not written.isascii():
            _models._address_characters(written)
    except PydanticCustomError:
        return False
    return "xn--" not in written.lower() or _models._ace_labels(written.rpartition("@")[2])


def _schema_accepts(instance: Any) -> bool:
    """Whether the schema accepts ``instance`` sent as JSON text, its numbers read exactly
    (as JSON means them): JSON Schema's "integer" is any number without a fraction, so a
    validator reading numbers as binary floats takes 0.99999999999999999999999999999 for 1.
    """
    return VALIDATOR.is_valid(json.loads(json.dumps(instance), parse_float=Decimal))


def _library_accepts(instance: Any) -> bool:
    try:
        callrules.parse_application(json.dumps(instance))
    except callrules.InputError:
        return False
    return True


class TestSchemaAndLibraryAgree:
    @settings(max_examples=25, suppress_health_check=list(HealthCheck), deadline=None)
    @given(from_schema(_generation_schema()).map(_in_minor_units).filter(_said_by_the_schema))
    def test_what_the_schema_generates_the_library_accepts(self, instance: Any) -> None:
        """Law: every instance of the schema is an application the library accepts, and
        it validates → dumps → validates to the same application."""
        assert _schema_accepts(instance)
        app = callrules.parse_application(json.dumps(instance))
        assert callrules.Application.model_validate_json(app.model_dump_json()) == app

    @settings(max_examples=60)
    @given(st.data())
    def test_what_the_library_accepts_the_schema_accepts(self, data: st.DataObject) -> None:
        """Law: an application the library accepts, dumped to JSON, is valid against the
        schema (draft 2020-12, formats checked)."""
        instance = data.draw(cnrs_applications())
        try:
            app = callrules.parse_application(instance)
        except callrules.InputError:
            assert not _schema_accepts(instance)
            return
        dumped = json.loads(app.model_dump_json())
        errors = [e.message for e in VALIDATOR.iter_errors(dumped)]
        assert not errors, errors

    @pytest.mark.parametrize(("pointer", "value"), [
        ("/budget/lines/0/amount/amount", "-10.00"), ("/budget/lines/0/amount/amount", 4.9e2),
        ("/budget/lines/0/amount/amount", 1180), ("/visitors/0/institution/location/country",
                                                   "XX"),
        ("/budget/lines/0/amount/currency", "XXQ"), ("/language", "zz"),
        ("/submitted_at", "0001-06-01T10:00:00Z"), ("/documents/0/pages", True),
        ("/documents/0/pages", "3"), ("/visitors/0/institution/location/subdivision", "FR-75C"),
        ("/submitted_at", "0"), ("/visitors/0/stay/arrival", "0"),
        ("/submitted_at", "1780326000"), ("/answers", {"a": 0.99999999999999999999999999999}),
        ("/exchange_rates/0/rate", 0.16), ("/documents/0/pages", 1e9999999),
    ])
    def test_the_disagreements_once_found_are_refused_by_both(self, pointer: str,
                                                               value: Any) -> None:
        """Each value the schema and the library once judged differently is refused by both
        (issue 15: negative amounts, XX, XXQ, zz, another country's subdivision, year
        0001; "pages": true and "3", amounts as JSON numbers)."""
        instance = eligible_dict()
        *parents, last = pointer.strip("/").split("/")
        node = instance
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[int(last) if isinstance(node, list) else last] = value
        assert not _schema_accepts(instance)
        assert not _library_accepts(instance)


CNRS = callrules.calls.load("cnrs-amsud-2026")
CALL_SCHEMA = callrules.schema("application", CNRS, locale="fr")
CALL_VALIDATOR = jsonschema.Draft202012Validator(
    CALL_SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
#: Each field of the CNRS call's example a vocabulary serves, with the node of its schema.
CODED = {"/host/role": ("Host", "role"), "/host/status": ("Host", "status"),
         "/visitors/0/category": ("Visitor", "category"),
         "/budget/lines/0/category": ("BudgetLine", "category"),
         "/documents/0/kind": ("Document", "kind"), "/approvals/0/kind": ("Approval", "kind")}


def _at(pointer: str, value: Any) -> dict[str, Any]:
    instance = eligible_dict()
    *parents, last = pointer.strip("/").split("/")
    node: Any = instance
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[int(last) if isinstance(node, list) else last] = value
    return instance


def _call_reads(instance: Any) -> bool:
    try:
        CNRS.parse(json.dumps(instance))
    except callrules.InputError:
        return False
    return True


def _node(pointer: str) -> dict[str, Any]:
    model, field = CODED[pointer]
    return dict(CALL_SCHEMA["$defs"][model]["properties"][field])


@st.composite
def _spellings(draw: st.DrawFn, pointer: str) -> str:
    """A code or a label of the field's vocabulary, each letter in either case or full
    width, in form C or D (as macOS gives a text), as a person types a label back."""
    node = _node(pointer)
    vocabulary = CNRS.definition.vocabularies[node["x-callrules-vocabulary"]].values or {}
    texts = [code for code in vocabulary] + [
        label for labels in vocabulary.values() for label in labels.values()]
    text = draw(st.sampled_from(texts))
    out = []
    for char in text:
        form = draw(st.sampled_from(["as", "upper", "lower", "wide"]))
        char = char.upper() if form == "upper" else char.lower() if form == "lower" else char
        wide = chr(ord(char) + 0xFEE0) if form == "wide" and "!" <= char <= "~" else char
        out.append(wide if len(char) == 1 else text[len(out)])
    return unicodedata.normalize(draw(st.sampled_from(["NFD", "NFC"])), "".join(out))


class TestVocabulariesOfACall:
    @settings(max_examples=60, deadline=None)
    @given(st.data())
    def test_what_the_call_s_schema_generates_at_a_coded_field_the_call_reads(
            self, data: st.DataObject) -> None:
        """Law: any value the call's schema allows at a coded field (a code, or a label in
        any language, any case, full width: hypothesis-jsonschema draws them from the
        schema) is read by the call."""
        pointer = data.draw(st.sampled_from(sorted(CODED)))
        value = data.draw(from_schema({"$schema": CALL_SCHEMA["$schema"], **_node(pointer)}))
        assert _call_reads(_at(pointer, value)), (pointer, value)

    @settings(max_examples=100, deadline=None)
    @given(st.data())
    def test_a_label_typed_back_is_read_by_both_or_by_neither(
            self, data: st.DataObject) -> None:
        """Law: a code or a label typed back in any case or full width, composed or
        decomposed (``travel``, ``ENGINEER``, ``ｔｒａｎｓｐｏｒｔ``: the eighteenth attack
        found 9 of 9 read by ``check`` and refused by the schema; ``Refeic\u0327o\u0303es``
        the review of session 19) is accepted by the call's schema exactly when
        ``check`` reads it."""
        pointer = data.draw(st.sampled_from(sorted(CODED)))
        value = data.draw(_spellings(pointer) | st.sampled_from(
            ["astronaut", "", "engineer ", "x" * 100, "Travel.", "transports"]))
        instance = _at(pointer, value)
        schema_says = CALL_VALIDATOR.is_valid(json.loads(json.dumps(instance),
                                                         parse_float=Decimal))
        assert schema_says == _call_reads(instance), (pointer, value)


    @pytest.mark.parametrize("typed", ["café", "cafe\u0301", "ｃａｆé", "ｃａｆｅ\u0301", "Café",
                                       "CAFE\u0301", "cafe"])
    def test_a_code_with_an_accent_typed_apart_is_read_by_both_or_by_neither(
            self, typed: str) -> None:
        """A vocabulary's code with an accent (``café``) typed with the accent apart, as macOS
        gives it: ``check`` read it as the code, the schema's pattern (full width only) refused
        it."""
        from tests.test_vocabularies import small_call
        data = small_call(values={"café": {"fr": "Xyz", "en": "Qrs"},
                                  "b": {"fr": "Bb", "en": "Bbb"}})
        data["rules"][0]["check"]["rule"]["set"] = ["café"]
        call = callrules.Call.from_dict(data)
        app = eligible_dict()
        app["visitors"][0]["category"] = typed
        app["visitors"][1]["category"] = "b"
        try:
            call.parse(app)
            reads = True
        except callrules.InputError:
            reads = False
        validator = jsonschema.Draft202012Validator(callrules.schema(call=call))
        assert validator.is_valid(json.loads(json.dumps(app))) == reads, typed
        assert reads == (typed in ("café", "cafe\u0301", "ｃａｆé", "ｃａｆｅ\u0301")), typed


class TestCodes:
    @pytest.mark.parametrize("field", ["country", "currency", "language"])
    def test_each_code_enum_is_the_library_table(self, field: str) -> None:
        """The schema's enums are exactly the tables the library checks codes against."""
        enums = [n["properties"][field]["enum"] for n in _objects(SCHEMA)
                 if field in n.get("properties", {}) and "enum" in n["properties"][field]]
        assert enums and all(set(e) == CODE_ENUMS[field] for e in enums)

    def test_the_frozen_tables_are_pycountry_s(self) -> None:
        """The tables shipped in _code_tables are those of the installed pycountry (if not,
        run tools/code_tables.py and say in the changelog which codes changed)."""
        import pycountry

        assert set(_code_tables.COUNTRIES) == {c.alpha_2 for c in pycountry.countries}
        assert set(_code_tables.SUBDIVISIONS) == {s.code for s in pycountry.subdivisions}
        assert set(_code_tables.CURRENCIES) | _code_tables.NOT_MONEY == {
            c.alpha_3 for c in pycountry.currencies}  # less the codes that are not money
        assert set(_code_tables.LANGUAGES) == {
            lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")}


class TestSubdivisions:
    @given(st.sampled_from(sorted(_codes.COUNTRIES)),
           st.one_of(st.none(), st.sampled_from(sorted(_codes.SUBDIVISIONS)),
                     st.from_regex(r"\A[A-Z]{2}-[A-Z0-9]{1,3}\Z")))
    def test_a_subdivision_is_accepted_by_both_exactly_when_it_is_its_country_s(
            self, country: str, subdivision: str | None) -> None:
        """Law: for any country and subdivision (its own, another country's, or made up),
        the schema's if/then and the library give the same answer."""
        instance = eligible_dict()
        location: dict[str, Any] = {"country": country, "city": "X"}
        if subdivision is not None:
            location["subdivision"] = subdivision
        instance["visitors"][0]["institution"]["location"] = location
        assert _schema_accepts(instance) == _library_accepts(instance)


class TestTheSchemaItself:
    def test_it_is_valid_draft_2020_12(self) -> None:
        """The schema passes the 2020-12 metaschema, in every language."""
        for lang in ("en", "fr"):
            jsonschema.Draft202012Validator.check_schema(callrules.schema(locale=lang))

    def test_string_keywords_only_on_strings(self) -> None:
        """No node pairs a non-string type with pattern, length or format (Ajv's strict
        mode refuses that: issue 15 found it in ExchangeRate.rate)."""
        for node in _objects(SCHEMA):
            if {"pattern", "minLength", "maxLength", "format"} & set(node) and "type" in node:
                assert node["type"] == "string", node

    def test_descriptions_say_each_sentence_once(self) -> None:
        """A call's accepted values are said once per field (Document.kind said its
        sentence three times)."""
        call = callrules.calls.load("cnrs-amsud-2026")
        for lang in ("en", "fr"):
            for node in _objects(callrules.schema("application", call, locale=lang)):
                text = node.get("description")
                if isinstance(text, str):
                    sentences = [s for s in re.split(r"(?<=\.) ", text) if s]
                    assert len(sentences) == len(set(sentences)), text

    def test_titles_are_in_the_reader_s_language(self) -> None:
        """Every part's title and description, and every field's title, is translated."""
        english, french = callrules.schema(locale="en"), callrules.schema(locale="fr")
        assert french["title"] == "Candidature" and english["title"] == "Application"
        pairs = list(zip(_objects(english), _objects(french), strict=True))
        translated = [(e["title"], f["title"]) for e, f in pairs
                      if isinstance(e.get("title"), str) and e["title"] not in (
                          "Affiliations", "Budget", "Code", "Date", "Document", "Documents",
                          "Pages", "Subdivision")]
        assert translated and all(e != f for e, f in translated), translated

    def test_the_call_file_schema_is_also_public(self) -> None:
        """kind="call" gives the call file's schema; another kind is refused."""
        assert "properties" in callrules.schema("call")
        with pytest.raises(ValueError):
            callrules.schema("report")  # type: ignore[arg-type]

    @pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
    def test_ajv_in_strict_mode_compiles_it(self, tmp_path: Path) -> None:
        """Ajv (draft 2020-12, strict mode, with ajv-formats) compiles the schema and accepts
        the example application, when node and Ajv are installed (``npm install ajv
        ajv-formats``, then point NODE_PATH at that node_modules folder)."""
        script, schema = tmp_path / "check.js", tmp_path / "schema.json"
        schema.write_text(json.dumps(SCHEMA), "utf-8")
        script.write_text(
            "const Ajv = require('ajv/dist/2020'); const formats = require('ajv-formats');\n"
            "const ajv = new Ajv({strict: true, allErrors: true});\n"
            "ajv.addKeyword('x-callrules-subdivision-of'); formats(ajv);\n"
            "const validate = ajv.compile(require(process.argv[2]));\n"
            "console.log(validate(require(process.argv[3])) ? 'ok' : "
            "JSON.stringify(validate.errors));\n", "utf-8")
        example = Path(__file__).parent.parent / "examples" / "eligible.json"
        done = subprocess.run(["node", str(script), str(schema), str(example)],
                              capture_output=True, text=True, check=False,
                              env={**os.environ, "NODE_PATH": os.environ.get("NODE_PATH", "")})
        if "Cannot find module" in done.stderr:
            pytest.skip("Ajv is not installed (npm install ajv ajv-formats; set NODE_PATH)")
        assert done.stdout.strip() == "ok", done.stdout + done.stderr


def _objects(node: Any) -> list[dict[str, Any]]:
    """Every JSON object inside ``node``, in document order."""
    out: list[dict[str, Any]] = []
    if isinstance(node, dict):
        out.append(node)
        for value in node.values():
            out.extend(_objects(value))
    elif isinstance(node, list):
        for item in node:
            out.extend(_objects(item))
    return out


#: The calls whose schemas' descriptions name the values a rule accepts: the bundled ones
#: and the documentation's (the Pacific example's: a free-text field accepting a code,
#: ``invitation_letter``).
DESCRIBED_CALLS = (*sorted(Path("src/callrules/calls").glob("*.toml")),
                   *sorted(Path("docs/examples").glob("*-call.toml")))


def _described(node: Any) -> Any:
    """Each field of ``node`` (a schema) whose description names the values it accepts."""
    if isinstance(node, dict):
        if "x-callrules-inserted" in node:
            yield node
        for each in node.values():
            yield from _described(each)
    elif isinstance(node, list):
        for each in node:
            yield from _described(each)


@pytest.mark.parametrize("lang", ["fr", "en", "es", "pt"])
@pytest.mark.parametrize("path", DESCRIBED_CALLS, ids=lambda p: p.stem)
def test_a_description_names_each_value_as_it_is_typed(path: Path, lang: str) -> None:
    """Law: a description that names the values a field accepts names each alone as what is
    typed: the code (``invitation_letter``, ``fr``; its label only beside it, between
    brackets: « fr (français) »), or a vocabulary's label where the field reads a label typed
    for its code. Before, a code nothing labels was said with spaces (« invitation letter
    », refused when typed) and a language by its name alone (« anglais », refused): look73w
    1, 16 of 62 descriptions). The call is "this call", never its id (a code on the
    applicants' page under every choice: « L’appel cnrs-amsud-2026 accepte », att80)."""
    call = callrules.Call.from_file(path)
    schema = callrules.schema("application", call, lang)
    seen = 0
    for prop in _described(schema):
        if prop is schema["properties"]["call"]:
            continue  # (the one field whose value is the call's id, said as it is typed)
        choices = [c for each in (prop, *prop.get("anyOf", ())) if isinstance(each, dict)
                   for c in each.get("oneOf", ()) if isinstance(c, dict)]
        reads = any("pattern" in c and "const" not in c for c in choices)
        typed = set(prop.get("examples", ())) | {
            c["title"] for c in choices if reads and "title" in c}
        inserted, around = prop["x-callrules-inserted"], prop["x-callrules-around"]
        assert call.id not in prop["description"]  # (a code: « Cet appel accepte », att80)
        for at, value in enumerate(inserted):
            if around[at].endswith("("):  # (a label beside the code it says)
                assert inserted[at - 1] in prop["examples"] and around[at + 1].startswith(")")
                continue
            assert value in typed, (path.stem, lang, prop["description"], value)
            seen += 1
    assert seen or path.stem == "summer-school-call"  # (its rules list no text values)
    if path.stem == "example-call":
        kind = schema["$defs"]["Document"]["properties"]["kind"]
        assert kind["x-callrules-inserted"] == ["invitation_letter"]
        language = schema["properties"]["language"]["x-callrules-inserted"]
        assert language[0::2] == ["en", "fr"] and len(language) == 4, language


def _affiliations_call(check: dict[str, Any]) -> callrules.Call:
    """The bundled CNRS call, its host unit's affiliations checked by ``check``."""
    import tomllib

    data = tomllib.loads(Path("src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8"))
    for rule in data["rules"]:
        if rule.get("check", {}).get("path") == "host.unit.affiliations":
            rule["check"] = check
    return callrules.Call.from_dict(data)


@pytest.mark.parametrize("lang", ["fr", "en", "es", "pt"])
def test_a_description_says_and_where_each_value_is_asked_and_or_where_one_is(
        lang: str) -> None:
    """Law: the values a field's rules ask for are joined by "and" when each is asked (an
    ``all`` of ``contains``), by "or" when one of them is (an ``any`` of them, one ``in``).
    Before, every list said "or": « CNRS ou IRD » where the call refuses a unit affiliated
    to the CNRS alone (look73w 5)."""
    from callrules._i18n import join_list

    def said(check: dict[str, Any]) -> str:
        schema = callrules.schema("application", _affiliations_call(check), lang)
        return str(schema["$defs"]["Unit"]["properties"]["affiliations"]["description"])

    each = [{"op": "contains", "path": "host.unit.affiliations", "value": value}
            for value in ("CNRS", "IRD")]
    assert said({"op": "all", "rules": each}).endswith(
        join_list(["CNRS", "IRD"], lang) + "."), said({"op": "all", "rules": each})
    assert said({"op": "any", "rules": each}).endswith(join_list(["CNRS", "IRD"], lang, "or")
                                                       + ".")
    app = eligible_dict()
    app["host"]["unit"]["affiliations"] = ["CNRS"]
    assert not callrules.evaluate(_affiliations_call({"op": "all", "rules": each}),
                                  app).eligible
