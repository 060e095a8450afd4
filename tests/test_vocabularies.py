"""A call's vocabularies constrain the values of its coded fields: a value outside is bad input
named with labels; a value inside that the call does not fund is ineligible, not malformed."""

from __future__ import annotations

import copy
import io
import json
import re
import string
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import callrules
from callrules import _vocabularies
from callrules._cli import main
from callrules._definitions import LANG_PATTERN
from callrules._keys import text_key
from callrules._loading import _CONTROL
from callrules._vocabularies import label_key, label_of_two
from tests.browser_regexps import evaluating, schema_patterns
from tests.conftest import ROOT, eligible_dict
from tests.laws import settings

CNRS = callrules.calls.load("cnrs-amsud-2026")
#: Each built-in coded field of the CNRS call, at a place in its example application, with a
#: value of its vocabulary that the call does not fund, and the clause that says so.
CODED = [
    ("/host/role", "role", "host_role", None, None),
    ("/host/status", "status", "host_status", "contract", "host"),
    ("/visitors/1/category", "category", "staff_category", "researcher", "technical-staff"),
    ("/budget/lines/0/category", "category", "cost_category", "visa", "budget-costs"),
    ("/documents/0/kind", "kind", "document_kind", None, None),
    ("/approvals/0/kind", "kind", "approval_kind", None, None),
]
#: Labels of any characters, more often holding one whose other case or compatibility form is
#: several characters (``ß`` upper is ``SS``, ``…`` in form KC is ``...``).
LABELS = st.text(st.one_of(st.characters(), st.sampled_from("ß…½№™ﬁİŉǰ")), min_size=1,
                 max_size=8)
#: Labels that may spell a code of ``[a-c][0-9]?`` in another case, or be any text.
CODE_LIKE = st.one_of(st.from_regex(r"[a-cA-C][0-9]?", fullmatch=True), LABELS)
OUTSIDE = ["astronaut", "Engineer", "", "engineer ", "équipement", "x" * 100, "travel",
           "Frais d'inscription", "HÉBERGEMENT"]


def at(data: dict[str, Any], pointer: str, value: Any) -> dict[str, Any]:
    """``data`` with ``value`` at ``pointer`` (a copy)."""
    out = copy.deepcopy(data)
    *parents, last = pointer.strip("/").split("/")
    node: Any = out
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[int(last) if isinstance(node, list) else last] = value
    return out


def problems(call: callrules.Call, data: Any) -> list[callrules.InputProblem]:
    """The input problems of ``data`` for ``call`` (none if it is read)."""
    try:
        call.parse(data)
    except callrules.InputError as exc:
        return list(exc.problems)
    return []


#: Texts of any characters, more often holding one a pattern must write with care: what the
#: ``v`` flag reserves in a class, a doubled punctuator, characters outside the Basic
#: Multilingual Plane (an emoji, and invisible ones, at the ends of the ranges the e-mail's
#: pattern refuses and just beside them).
PATTERN_TEXTS = st.text(st.one_of(st.characters(), st.sampled_from(
    "()[]{}/-\\|&!#$%*+,.:;<=>?@^`~ _\u200b😀𝔥\U0001bca0\U0001bca3\U0001bca4\U0001d172"
    "\U0001d173\U0001d17a\U000dffff\U000e0000\U000e0fff\U000e1000")), min_size=1, max_size=8)
#: A label or a choice's value as a call accepts it (no control or invisible character as
#: the loader reads them, a variation selector such as U+E0100 included; no space at an
#: end), more often holding what a pattern's class must write with care: a character the
#: ``v`` flag reserves, a doubled punctuator it reserves, a character outside the Basic
#: Multilingual Plane (two UTF-16 units without a flag), an emoji sequence.
LABEL_TEXTS = st.lists(st.one_of(
    st.sampled_from(list("()[]{}/-\\|")), st.sampled_from([c * 2 for c in "&!#$%*+,.:;<=>?@^`~"]),
    st.sampled_from(["😀", "𝔥", "\U00020000", "\U0001d11e", "\U0001f9d1\u200d\U0001f52c"]),
    st.just(" "), st.characters(exclude_categories=("C", "Z"))), min_size=1, max_size=6
).map("".join).filter(lambda text: text.strip() == text and not _CONTROL.search(text))
#: A browser's reading of each pattern (ECMA-262 without a flag, with ``u``, with ``v``): for
#: each, whether it matches each text, or why it does not compile.
_ECMA = """([patterns, texts]) => patterns.map(p => ['', 'u', 'v'].map(flags => {
    let r; try { r = new RegExp(p, flags); } catch (e) { return 'refused: ' + e.message; }
    return texts.map(t => r.test(t)); }))"""


@pytest.fixture(scope="module")
def ecma() -> Iterator[Callable[[list[str], list[str]], list[list[Any]]]]:
    """How a browser's regular expressions read patterns, in one headless Chromium (which CI
    installs, and must run: without it this fails under CI, as the page's tests do)."""
    with evaluating(_ECMA) as read:
        yield read


CALL_FILE_PATTERNS = frozenset(schema_patterns(callrules.schema("call")))


def small_call(**vocabulary: Any) -> dict[str, Any]:
    """A one-rule call whose vocabulary ``staff`` serves the visitors' category."""
    return {"id": "tiny", "version": "1", "languages": ["fr", "en"], "timezone": "UTC",
            "currency": "EUR", "title": {"fr": "Petit appel", "en": "Tiny call"},
            "clauses": [{"id": "c", "title": {"fr": "C", "en": "C"},
                         "text": {"fr": "C", "en": "C"}}],
            "rules": [{"clause": "c", "check": {"op": "each", "path": "visitors", "rule": {
                "op": "in", "path": "category", "set": ["engineer"]}}}],
            "vocabularies": {"staff": {"fields": ["visitors.category"], **vocabulary}}}



def _loaded_or_refused(values: dict[str, dict[str, str]]) -> callrules.Call | None:
    """The small call offering ``values``, or None when loading refuses it for its labels
    (``bad_vocabulary``, ``control_character``, ``bad_labels``): never another error."""
    data = small_call(values=values)
    data["rules"][0]["check"]["rule"]["set"] = [next(iter(values))]
    try:
        return callrules.Call.from_dict(data)
    except callrules.DefinitionError as error:
        assert error.code in ("bad_vocabulary", "control_character", "bad_labels"), error
        return None

def _but_for_case(typed: str, label: str) -> bool:
    """``typed`` is ``label`` but for the case of its letters, one letter for one: as long,
    and each character, in small letters, the label's in small letters."""
    return len(typed) == len(label) and all(
        a.lower() == b.lower() for a, b in zip(typed, label, strict=True))


class TestOutsideIsBadInput:
    @pytest.mark.parametrize(("pointer", "name", "vocabulary", "unfunded", "clause"), CODED)
    def test_a_value_outside_the_vocabulary_is_an_input_problem(
            self, pointer: str, name: str, vocabulary: str, unfunded: str | None,
            clause: str | None) -> None:
        """Each coded field refuses a code its vocabulary does not list, at its pointer, with
        the stable type and the vocabulary's name and codes in ``ctx``."""
        (problem,) = problems(CNRS, at(eligible_dict(), pointer, "astronaut"))
        assert (problem.pointer, problem.type) == (pointer, "not_in_vocabulary")
        assert problem.ctx is not None and problem.ctx["vocabulary"] == vocabulary
        codes = CNRS.definition.vocabularies[vocabulary].values or {}
        assert problem.ctx["keys"] == tuple(codes)  # (each apart: a JSON array)

    @pytest.mark.parametrize(("pointer", "name", "vocabulary", "unfunded", "clause"),
                             [c for c in CODED if c[3] is not None])
    def test_a_known_value_the_call_does_not_fund_is_ineligible_not_malformed(
            self, pointer: str, name: str, vocabulary: str, unfunded: str,
            clause: str) -> None:
        """A researcher, a contract host, a visa: known and labelled, read, then refused by
        the clause that restricts to a subset."""
        report = callrules.evaluate(CNRS, at(eligible_dict(), pointer, unfunded))
        assert not report.eligible
        assert [(f.clause, f.pointer) for f in report.errors] == [(clause, pointer)]

    @settings(max_examples=40)
    @given(st.sampled_from(CODED), st.one_of(st.sampled_from(OUTSIDE), st.text(max_size=12)))
    def test_only_the_vocabulary_s_codes_are_read(self, coded: tuple[Any, ...],
                                                  value: str) -> None:
        """Law: at any coded field, a text is read exactly when the vocabulary lists it as
        a code, or as a label (in any case, with a straight apostrophe for a curly one)."""
        pointer, _, vocabulary, _, _ = coded
        values = CNRS.definition.vocabularies[vocabulary].values or {}
        listed = value in values or label_key(value) in {
            label_key(label) for texts in values.values() for label in texts.values()}
        assert (problems(CNRS, at(eligible_dict(), pointer, value)) == []) is listed

    @pytest.mark.parametrize("coded", CODED)
    def test_every_value_a_message_offers_is_read_when_typed_back(
            self, coded: tuple[Any, ...]) -> None:
        """Law: each accepted value a message lists, in each language of the call, typed
        back as listed (or capitalised, as a spreadsheet cell starts) is read as its code:
        ``travel``, ``accommodation``, ``hébergement`` are the codes ``transport`` and
        ``lodging``."""
        pointer, _, vocabulary, _, _ = coded
        (problem,) = problems(CNRS, at(eligible_dict(), pointer, "astronaut"))
        assert problem.ctx is not None
        codes = list(CNRS.definition.vocabularies[vocabulary].values or {})
        for lang in CNRS.languages:
            offered = problem.ctx[f"accepted_{lang}"].split(", ")
            assert len(offered) == len(codes)
            for code, label in zip(codes, offered, strict=True):
                for typed in (label, label[:1].upper() + label[1:]):
                    app = CNRS.parse(at(eligible_dict(), pointer, typed))
                    read = app.model_dump(mode="json")
                    node: Any = read
                    for part in pointer.strip("/").split("/"):
                        node = node[int(part)] if isinstance(node, list) else node[part]
                    assert node == code, (lang, typed)

    @settings(max_examples=80, deadline=None)
    @given(st.dictionaries(st.from_regex(r"[a-c][0-9]?", fullmatch=True),
                           st.fixed_dictionaries({"fr": CODE_LIKE, "en": CODE_LIKE}),
                           min_size=2, max_size=4))
    @example({"a": {"fr": "ß", "en": "x"}, "b": {"fr": "y", "en": "z"}})
    @example({"a": {"fr": "Maße", "en": "x"}, "b": {"fr": "Masse", "en": "z"}})
    @example({"a": {"fr": "İ", "en": "ᾳ"}, "b": {"fr": "ς", "en": "z"}})
    def test_a_label_typed_in_any_case_is_read_as_its_own_code_or_the_call_is_refused(
            self, values: dict[str, dict[str, str]]) -> None:
        """Law: in a vocabulary that loads, each label typed as written, in capitals, in small
        letters, capitalised or case-folded is read as its own code when it is the same text
        but for the case of its letters (the library's one identity of text,
        :mod:`callrules._keys`: each letter's simple case, one letter for one), never as
        another code it spells in another case (a label ``B`` of the code ``c``, beside the
        code ``b``: the applicant of ``c`` who types ``b`` would be read as ``b``, the
        opposite verdict); a vocabulary where it would be is refused when the call loads
        (``bad_vocabulary``; a label no one can type, ``control_character``). A form that
        spells another text (``ß`` in capitals is ``SS``, ``strasse`` to a rule's ``==``;
        ``Masse`` and ``Maße`` are two words) is read as the code it is the code or a label
        of, or refused naming the value (``not_in_vocabulary``, the accepted values listed
        by their labels), never guessed."""
        call = _loaded_or_refused(values)
        if call is None:
            return
        codes = {text_key(code, False): code for code in values}
        labelled = {label_key(label): code for code, texts in values.items()
                    for label in texts.values()}
        for code, texts in values.items():
            for label in texts.values():
                one_for_one = "".join(c.upper() if len(c.upper()) == 1 else c for c in label)
                for typed in {label, label.upper(), label.lower(), label.title(),
                              label.casefold(), one_for_one}:
                    data = at(at(eligible_dict(), "/visitors/0/category", typed),
                              "/visitors/1/category", code)
                    named = codes.get(text_key(typed, False)) or labelled.get(label_key(typed))
                    if _but_for_case(typed, label):  # (an oracle of its own, not the library's)
                        assert call.parse(data).visitors[0].category == code, (typed, code)
                    if named is None:
                        assert [(p.pointer, p.type) for p in problems(call, data)] == [
                            ("/visitors/0/category", "not_in_vocabulary")], (typed, code)
                    else:
                        assert call.parse(data).visitors[0].category == named, (typed, code)

    def test_a_capital_sharp_s_typed_as_two_letters_is_refused_never_guessed(self) -> None:
        """``SS`` typed for a label ``Straße``'s ``ß`` spells another text (``Strasse``):
        refused naming the value, never read by case folding as that label's code."""
        call = _loaded_or_refused({"a": {"fr": "Straße", "en": "Street"},
                                   "b": {"fr": "Route", "en": "Road"}})
        assert call is not None
        for typed in ("STRASSE", "strasse", "Strasse"):
            data = at(at(eligible_dict(), "/visitors/0/category", typed),
                      "/visitors/1/category", "a")
            assert [(p.pointer, p.type) for p in problems(call, data)] == [
                ("/visitors/0/category", "not_in_vocabulary")], typed

    def test_a_label_that_is_another_code_in_another_case_is_refused_naming_both(self) -> None:
        """``c = { en = "B" }`` beside the code ``b``: refused, the label quoted as written
        (a full-width letter is shown, not escaped)."""
        for label in ("B", "ｂ", "Ｂ"):
            data = small_call(values={"a": {"fr": "Voyage", "en": "Travel"},
                                      "b": {"fr": "Trajet", "en": "Ride"},
                                      "c": {"fr": "Cc", "en": label}})
            with pytest.raises(callrules.DefinitionError) as caught:
                callrules.Call.from_dict(data)
            assert caught.value.code == "bad_vocabulary"
            assert f"the label '{label}' of the code 'c' also names the code 'b'" in str(
                caught.value)

    @settings(max_examples=40, deadline=None)
    @given(st.dictionaries(st.from_regex(r"c[0-9]{1,2}", fullmatch=True),
                           st.fixed_dictionaries({"fr": LABELS, "en": LABELS}),
                           min_size=1, max_size=6))
    def test_any_vocabulary_reads_its_offered_labels_as_their_codes(
            self, values: dict[str, dict[str, str]]) -> None:
        """Law: a vocabulary that loads reads each label its message offers as that label's
        code, and the call's application schema, in each language, is built and accepts the
        label where the call reads it (a letter whose other case or compatibility form is
        several letters, ``ß``, ``…``, ``ﬁ``, ``½``, crashed the schema); one whose label
        would name two codes is refused when the call loads."""
        call = _loaded_or_refused(values)
        if call is None:
            return
        problem = problems(call, at(eligible_dict(), "/visitors/0/category", "none of these"))[0]
        for lang in ("fr", "en"):
            for code in values:
                label = values[code][lang]
                assert label in problem.message(lang)
                found = problems(call, at(eligible_dict(), "/visitors/0/category", label))
                assert found == [] or found[0].pointer != "/visitors/0/category", (lang, label)
                typed = at(at(eligible_dict(), "/visitors/0/category", label),
                           "/visitors/1/category", code)
                app = call.parse(typed)
                assert app.visitors[0].category == code, (lang, label)
                schema = callrules.schema("application", call, locale=lang)
                category = jsonschema.Draft202012Validator(schema).iter_errors(
                    json.loads(json.dumps(typed), parse_float=Decimal))
                assert not [error for error in category if "category" in error.json_path], (
                    lang, label)

    def test_the_message_names_the_field_and_the_accepted_values_by_their_labels(
            self) -> None:
        """In each language of the call, the field's label and the accepted values' labels,
        never their codes; the English ``msg`` too."""
        (problem,) = problems(CNRS, at(eligible_dict(), "/visitors/1/category", "astronaut"))
        french = problem.message("fr")
        assert french.startswith("«\u202fastronaut\u202f» ne fait pas partie des valeurs "
                                 "possibles pour «\u202fcatégorie de personnel\u202f»")
        assert "ingénieur ou ingénieure, technicien ou technicienne, autre personnel " \
               "technique" in french
        assert "investigador o investigadora" in problem.message("es")
        assert "pesquisador ou pesquisadora" in problem.message("pt")
        assert "other technical staff" in problem.msg
        for text in (french, problem.message("es"), problem.message("en"), problem.msg):
            assert "technical_staff" not in text and "doctoral_student" not in text

    def test_a_long_vocabulary_is_named_in_part(self) -> None:
        """Past twenty values, the message names the first ones, then an ellipsis."""
        values = {f"code{i:03}": {"fr": f"valeur {i}", "en": f"value {i}"} for i in range(30)}
        data = small_call(values=values)
        data["rules"][0]["check"]["rule"]["set"] = ["code000"]
        call = callrules.Call.from_dict(data)
        problem = problems(call, at(eligible_dict(), "/visitors/0/category", "nope"))[0]
        assert problem.message("en").endswith("value 18, value 19, ….")
        assert problem.ctx is not None  # (the first 20 codes, each apart, no « … »)
        assert problem.ctx["keys"] == tuple(f"code{i:03}" for i in range(20))

    def test_long_labels_are_cut_yet_told_apart(self) -> None:
        """Labels of 480 characters alike in their first 470 are each cut past 100
        characters, yet read apart where they first differ (session 57: quoted whole), in
        the message and in ``labels_<lang>``; ``keys`` keeps the codes whole."""
        values = {f"code{i:03}": {"fr": "F" * 470 + f"valeur {i:03}",
                                  "en": "E" * 470 + f"value {i:03}"} for i in range(5)}
        data = small_call(values=values)
        data["rules"][0]["check"]["rule"]["set"] = ["code000"]
        call = callrules.Call.from_dict(data)
        problem = problems(call, at(eligible_dict(), "/visitors/0/category", "nope"))[0]
        english = problem.message("en")
        assert len(english) < 5 * 160 + 300 and "E" * 101 not in english
        assert all(f"value {i:03}" in english for i in range(5))
        assert problem.ctx is not None and len(set(problem.ctx["labels_fr"])) == 5
        assert problem.ctx["keys"] == tuple(values)

    def test_every_problem_of_the_record_is_reported_at_once(self) -> None:
        """Codes outside their vocabularies and a malformed date, in one InputError."""
        data = at(eligible_dict(), "/host/role", "dean")
        data = at(data, "/budget/lines/1/category", "champagne")
        data = at(data, "/visitors/0/stay/arrival", "tomorrow")
        assert {(p.pointer, p.type) for p in problems(CNRS, data)} == {
            ("/host/role", "not_in_vocabulary"),
            ("/budget/lines/1/category", "not_in_vocabulary"),
            ("/visitors/0/stay/arrival", "date_text")}

    def test_a_generic_application_is_read_again_with_the_call_s_vocabularies(self) -> None:
        """An Application parsed without a call (any code) is checked when evaluated."""
        app = callrules.parse_application(at(eligible_dict(), "/host/status", "intern"))
        with pytest.raises(callrules.InputError):
            callrules.evaluate(CNRS, app)


class TestEveryInterface:
    def test_a_batch_reports_the_record_and_checks_the_others(self) -> None:
        """In a batch, the record with an unknown code is an input error; the others are
        judged."""
        bad = at(eligible_dict(), "/visitors/0/category", "astronaut")
        result = callrules.evaluate_many(CNRS, [eligible_dict(), bad, eligible_dict()])
        errors = [item.error for item in result.items]
        assert errors[0] is None and errors[2] is None
        assert errors[1] is not None
        assert errors[1].problems[0].type == "not_in_vocabulary"

    def test_the_command_line_exits_2_and_says_it_in_words(self, tmp_path: Path) -> None:
        """``callrules check`` exits 2 and prints the place and the message in French."""
        file = tmp_path / "bad.json"
        file.write_text(json.dumps(at(eligible_dict(), "/visitors/1/category", "astronaut")),
                        "utf-8")
        out, err = io.StringIO(), io.StringIO()
        code = main(["check", "cnrs-amsud-2026", str(file), "--lang", "fr"], out=out,
                    err=err, stdin=io.StringIO(""))
        assert code == 2
        assert "catégorie de personnel" in out.getvalue()
        assert "autre personnel technique" in out.getvalue()
        assert "Traceback" not in out.getvalue() + err.getvalue()

    def test_the_json_report_keeps_the_codes(self, tmp_path: Path) -> None:
        """The JSON output of a batch has the input error with its type, pointer and ctx."""
        file = tmp_path / "bad.json"
        file.write_text(json.dumps(at(eligible_dict(), "/approvals/0/kind", "dean")), "utf-8")
        out = io.StringIO()
        assert main(["check", "cnrs-amsud-2026", str(file), "--json"], out=out,
                    err=io.StringIO(), stdin=io.StringIO("")) == 2
        (item,) = json.loads(out.getvalue())
        (problem,) = item["input_error"]
        assert (problem["pointer"], problem["type"]) == ("/approvals/0/kind",
                                                         "not_in_vocabulary")
        assert problem["ctx"]["keys"] == ["unit_director"]  # (a JSON array)


class TestSchema:
    SCHEMA = callrules.schema("application", CNRS, locale="fr")
    VALIDATOR = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)

    def test_each_vocabulary_is_offered_with_its_labels_in_the_reader_s_language(
            self) -> None:
        """The visitors' category is ``oneOf`` constants titled in French, marked with the
        vocabulary's name; in English, the English labels."""
        category = self.SCHEMA["$defs"]["Visitor"]["properties"]["category"]
        assert category["x-callrules-vocabulary"] == "staff_category"
        assert category["oneOf"][0] == {"const": "engineer",
                                        "title": "ingénieur ou ingénieure"}
        english = callrules.schema("application", CNRS, locale="en")
        status = english["$defs"]["Host"]["properties"]["status"]
        assert {"const": "permanent", "title": "permanent staff"} in status["oneOf"]
        assert "enum" not in status
        jsonschema.Draft202012Validator.check_schema(self.SCHEMA)

    def test_the_accepted_values_are_described_by_their_labels(self) -> None:
        """The sentence saying which values the call's rules accept uses their labels."""
        status = self.SCHEMA["$defs"]["Host"]["properties"]["status"]
        assert status["description"].endswith("titulaire.")

    @settings(max_examples=60)
    @given(st.sampled_from(CODED),
           st.one_of(st.sampled_from(OUTSIDE + ["engineer", "visa", "unit_director", "cv",
                                                "permanent", "faculty"]), st.integers()))
    def test_the_schema_and_the_call_accept_the_same_codes(self, coded: tuple[Any, ...],
                                                           value: Any) -> None:
        """Law: with any value at a coded field, the call's schema accepts the application
        exactly when the call reads it, a label typed for its code included (the call reads
        it, as its messages offer it; the schema lists the labels' spellings)."""
        data = at(eligible_dict(), coded[0], value)
        schema_says = self.VALIDATOR.is_valid(json.loads(json.dumps(data),
                                                         parse_float=Decimal))
        assert schema_says == (problems(CNRS, json.dumps(data)) == [])

    @settings(max_examples=40, deadline=None)
    @given(values=st.lists(LABEL_TEXTS, min_size=1, max_size=3, unique_by=label_key).map(
               lambda labels: {f"v{i}": {"fr": label, "en": label + " en"}
                               for i, label in enumerate(labels)}).filter(
               lambda values: label_of_two(values) is None),
           choices=st.lists(LABEL_TEXTS, min_size=1, max_size=3, unique_by=label_key),
           texts=st.lists(PATTERN_TEXTS, max_size=3), addresses=st.lists(st.tuples(
               PATTERN_TEXTS, PATTERN_TEXTS), max_size=3))
    def test_every_pattern_of_the_schema_reads_alike_in_every_dialect(
            self, ecma: Any, values: dict[str, dict[str, str]], choices: list[str],
            texts: list[str], addresses: list[tuple[str, str]]) -> None:
        """Law: every pattern of a call's application schema (its vocabulary's labels and
        its choice's values, written with what the ``v`` flag reserves and characters outside
        the Basic Multilingual Plane, the e-mail address, the ids…) and of the call file's
        schema compiles, and matches the same texts, in ECMA-262 without a flag (ajv 6: a
        class matches one UTF-16 unit), with the ``u`` flag (ajv 8), with the ``v`` flag (a
        browser's ``<input pattern>``, which drops a pattern it cannot compile: "Doctorant(e)"
        made one, and the e-mail's pattern, with characters outside the Basic Multilingual
        Plane in a class, was refused without a flag too) and in Python's ``re``
        (jsonschema); each label typed back matches its pattern. Every draw is a call the
        library loads (a refused one would leave only the generic schema to read)."""
        data = small_call(values=values)
        data["rules"][0]["check"]["rule"]["set"] = [next(iter(values))]
        data["fields"] = {"application": {"ch": {"type": "choice", "values": choices}}}
        schema = callrules.schema("application", callrules.Call.from_dict(data))
        category = schema["$defs"]["Visitor"]["properties"]["category"]["oneOf"][-1]["pattern"]
        patterns = sorted(set(schema_patterns(schema)) | CALL_FILE_PATTERNS)
        assert category in patterns
        typed = [t for labels in values.values() for label in labels.values()
                 for t in (label, label.upper())]
        said = [*typed, *choices, *(c.upper() for c in choices), *texts,
                *(f"{local}@{domain}.fr" for local, domain in addresses), "a@b.fr"]
        said += [t + "\n" for t in said]  # (Python's $ passed a final \n: att83 F1)
        readings = ecma(patterns, said)
        for pattern, (no_flag, u_flag, v_flag) in zip(patterns, readings, strict=True):
            python = [re.search(pattern, text) is not None for text in said]
            assert no_flag == u_flag == v_flag == python, (pattern, said, readings)
        keys = {label_key(label) for labels in values.values() for label in labels.values()}
        for text in (t for t in typed if label_key(t) in keys):
            assert re.search(category, text), (category, text)

    def test_the_generic_schema_has_no_vocabulary(self) -> None:
        """Without a call, a coded field is any identifier, as before."""
        generic = callrules.schema()
        assert "oneOf" not in generic["$defs"]["Visitor"]["properties"]["category"]


@pytest.mark.usefixtures("registries")
class TestSharedVocabularies:
    def test_a_call_uses_a_vocabulary_the_platform_registered(self) -> None:
        """``shared = "name"`` reads the registered values and labels, and constrains."""
        callrules.calls.register_vocabulary("platform_staff", {
            "engineer": {"fr": "ingénieur", "en": "engineer"},
            "researcher": {"fr": "chercheur", "en": "researcher"}})
        call = callrules.Call.from_dict(small_call(shared="platform_staff"))
        assert call.labels.value("visitors.category", "engineer", "fr") == "ingénieur"
        data = at(eligible_dict(), "/visitors/1/category", "engineer")
        assert problems(call, at(data, "/visitors/0/category", "researcher")) == []
        assert callrules.evaluate(call, at(data, "/visitors/0/category", "researcher")
                                  ).errors[0].clause == "c"
        (problem,) = problems(call, at(data, "/visitors/0/category", "technician"))
        assert problem.message("fr").endswith("ingénieur ou chercheur.")

    @pytest.mark.parametrize(("vocabulary", "code"), [
        ({"shared": "never_registered"}, "unknown_vocabulary"),
        ({"shared": "platform_staff", "values": {"a": {"fr": "a", "en": "a"}}},
         "bad_vocabulary"),
        ({}, "bad_vocabulary"),
        ({"shared": "english_only"}, "missing_translation"),
    ])
    def test_a_shared_vocabulary_must_exist_alone_and_speak_the_call_s_languages(
            self, vocabulary: dict[str, Any], code: str) -> None:
        """An unregistered name, both values and a name, neither, or a shared vocabulary
        without a label in a language of the call: refused when the call loads."""
        callrules.calls.register_vocabulary("english_only", {"engineer": {"en": "engineer"}})
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(small_call(**vocabulary))
        assert caught.value.code == code

    @pytest.mark.parametrize(("name", "values"), [
        ("", {"a": {"en": "a"}}), ("x", {}), ("x", {"a": {}}), ("x", {"a": {"en": 3}}),
        ("x", ["a"]), (3, {"a": {"en": "a"}}),
    ])
    def test_registering_refuses_what_is_not_a_vocabulary(self, name: Any,
                                                          values: Any) -> None:
        """A name that is not text, no values, a code without labels, a label not text."""
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.calls.register_vocabulary(name, values)
        assert caught.value.code == "bad_vocabulary"


#: Text with the characters a call file refuses among the others: controls, invisible and
#: bidirectional ones, separators (att82 F4).
_ODD_TEXT = st.text(st.sampled_from("ab é\x1b\r\n\t\x00\u202e\u2028\u200b\u00ad\ufeff./")
                    | st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=8)


@pytest.mark.usefixtures("registries")
class TestRegisteredAsWritten:
    @settings(max_examples=80, deadline=None)
    @given(code=_ODD_TEXT, label=_ODD_TEXT, lang=st.sampled_from(["fr", "en"]) | _ODD_TEXT,
           long=st.sampled_from([0, 0, 501, 1_000_001]))
    @example(code="fac", label="\x1b[32mELIGIBLE", lang="fr", long=0)
    @example(code="fac", label="ELBIGILENI\u202e", lang="fr", long=0)
    @example(code="fac\x1b", label="x", lang="fr", long=0)
    @example(code="fac", label="x", lang="../zz", long=0)
    @example(code="fac", label="x", lang="fr", long=1_000_001)
    def test_a_platform_s_vocabulary_is_checked_as_a_call_file_s(
            self, code: str, label: str, lang: str, long: int) -> None:
        """A vocabulary registered (``register_vocabulary``) is refused when the same values
        written in a call file are, for their characters, their languages and their size:
        accepted exactly when the call file loads (att82 F4: an escape, a right-to-left
        override, a code holding an escape and a language ``"../zz"`` accepted, 60 MB of
        labels too)."""
        values = {code: {"fr": "a" + label + "x" * long, "en": "b" + label, lang: "c" + label}}
        try:
            callrules.calls.register_vocabulary("platform_staff", values)
        except callrules.DefinitionError as error:
            assert error.code == "bad_vocabulary"
            registered = False
        else:
            registered = True
        data = small_call(values=values)
        data["rules"][0]["check"]["rule"]["set"] = [code]
        try:
            callrules.Call.from_dict(data)
        except callrules.DefinitionError:
            loads = False
        else:
            loads = True
        assert registered == loads


class TestDefinition:
    @pytest.mark.parametrize("field", ["visitors.stay.arrival", "host.person.email",
                                       "answers.motivation", "fields.nothing"])
    def test_a_vocabulary_serves_coded_fields_only(self, field: str) -> None:
        """A date, an e-mail, an answer or an undeclared field cannot take a vocabulary."""
        data = small_call(values={"a": {"fr": "a", "en": "a"}})
        data["vocabularies"]["staff"]["fields"] = [field]
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(data)
        assert caught.value.code == "bad_vocabulary_field"

    @pytest.mark.parametrize(("values", "ok"), [(None, True), (["a", "b"], True),
                                                (["a"], False), (["a", "c"], False)])
    def test_a_choice_served_by_a_vocabulary_lists_no_other_values(
            self, values: list[str] | None, ok: bool) -> None:
        """A declared choice takes its values from the vocabulary serving it; listing other
        ones beside it is refused."""
        data = small_call(values={"a": {"fr": "a", "en": "a"}, "b": {"fr": "b", "en": "b"}})
        data["vocabularies"]["staff"]["fields"] = ["fields.stage"]
        spec: dict[str, Any] = {"type": "choice"}
        if values is not None:
            spec["values"] = values
        data["fields"] = {"application": {"stage": spec}}
        if ok:
            call = callrules.Call.from_dict(data)
            assert problems(call, {**eligible_dict(), "fields": {"stage": "b"}}) == []
            (problem,) = problems(call, {**eligible_dict(), "fields": {"stage": "z"}})
            assert problem.type == "not_in_vocabulary"
            return
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(data)
        assert caught.value.code == "bad_field"

    @pytest.mark.parametrize("lang", ["fr", "es", "pt", "en"])
    def test_a_field_of_the_call_is_named_by_its_label_in_any_language(self, lang: str) -> None:
        """A call in one language (German here) whose own field takes a vocabulary: read in
        another language, the message names the field by the call's label, never by its
        identifier (« karriere stufe »)."""
        data = small_call(values={"doktorand": {"de": "Doktorand oder Doktorandin"},
                                  "postdoc": {"de": "Postdoktorand"}})
        data.update(languages=["de"], title={"de": "Aufruf"},
                    clauses=[{"id": "c", "title": {"de": "C"}, "text": {"de": "C"}}])
        data["rules"][0]["check"]["rule"]["set"] = ["doktorand"]
        data["rules"][0]["check"]["rule"]["path"] = "fields.karriere_stufe"
        data["vocabularies"]["staff"]["fields"] = ["visitors.fields.karriere_stufe"]
        data["fields"] = {"visitors": {"karriere_stufe": {
            "type": "choice", "label": {"de": "Karrierestufe"}}}}
        call = callrules.Call.from_dict(data)
        record = eligible_dict()
        record["visitors"][0]["fields"] = {"karriere_stufe": "prof"}
        (problem,) = problems(call, record)
        said = problem.message(lang)
        assert "Karrierestufe" in said and "Postdoktorand" in said, said
        assert "karriere" not in said, said

    def test_a_field_served_twice_is_refused(self) -> None:
        """One field, two vocabularies: ``duplicate_vocabulary``."""
        data = small_call(values={"a": {"fr": "a", "en": "a"}})
        data["vocabularies"]["other"] = copy.deepcopy(data["vocabularies"]["staff"])
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(data)
        assert caught.value.code == "duplicate_vocabulary"


class TestExamples:
    def test_every_example_application_uses_the_vocabularies(self) -> None:
        """The applications in examples/ and docs/examples/ for the CNRS call are read."""
        files = [*(ROOT / "examples").glob("*.json"),
                 *(ROOT / "docs" / "examples").glob("*application*.json")]
        read = 0
        for file in files:
            data = json.loads(file.read_text("utf-8"))
            for record in data if isinstance(data, list) else [data]:
                if isinstance(record, dict) and record.get("call") == CNRS.id:
                    found = [p for p in problems(CNRS, record)
                             if p.type == "not_in_vocabulary"]
                    assert found == [], (file.name, found)
                    read += 1
        assert read >= 2


class TestWithoutVocabularies:
    @pytest.mark.parametrize("pointer", ["/fields", "/host/fields", "/visitors/1/fields",
                                         "/documents/2/fields", "/budget/lines/3/fields"])
    def test_a_call_with_neither_fields_nor_vocabularies_reads_any_code(
            self, pointer: str) -> None:
        """With no vocabulary and no declared field, a call reads applications with the
        generic model: any code is read, and a ``fields`` key anywhere is refused."""
        data = small_call(values={"a": {"fr": "a", "en": "a"}})
        del data["vocabularies"]
        call = callrules.Call.from_dict(data)
        record = at(at(eligible_dict(), "/host/role", "dean"), "/visitors/0/category",
                    "astronaut")
        assert type(call.parse(record)) is callrules.Application
        (problem,) = problems(call, at(record, pointer, {"extra": 1}))
        assert (problem.pointer, problem.type) == (f"{pointer}/extra", "no_declared_fields")


TWO_VALUES = {"values": {"engineer": {"fr": "ingénieur", "en": "engineer"},
                         "technician": {"fr": "technicien", "en": "technician"}}}


class TestRulesNameKnownCodes:

    @pytest.mark.parametrize("written", [["enginer"], {"param": "funded"}])
    def test_a_rule_naming_a_code_the_vocabulary_lacks_is_refused_at_load(
            self, written: Any) -> None:
        """A typo in a rule's codes (written, or in a set parameter) would never match: the
        call is refused naming the rule's set and the unknown code."""
        data = small_call(**TWO_VALUES)
        data["parameters"] = {"funded": ["engineer", "enginer"]}
        data["rules"][0]["check"]["rule"]["set"] = written
        with pytest.raises(callrules.DefinitionError) as info:
            callrules.Call.from_dict(data, source="x.toml")
        assert info.value.code == "not_in_vocabulary"
        assert info.value.loc == ("rules", 0, "check", "rule", "set")
        assert "'enginer'" in str(info.value)

    def test_codes_of_the_vocabulary_and_fields_without_one_load(self) -> None:
        """Codes the vocabulary has load, through a variable too; a field no vocabulary
        serves takes any code in a rule."""
        data = small_call(**TWO_VALUES)
        data["rules"] = [
            {"clause": "c", "check": {"op": "each", "path": "visitors", "as": "v", "rule": {
                "op": "in", "path": "$v.category", "set": ["engineer", "technician"]}}},
            {"clause": "c", "check": {"op": "in", "path": "host.role", "set": ["anything"]}}]
        assert callrules.Call.from_dict(data, source="x.toml").id == "tiny"


#: The codes a rule may compare a coded field with: the vocabulary's, a declared choice's
#: (one value), and a declared choice list's.
CODED_PLACES = {
    "vocabulary": ("category", "visitors", ("engineer", "technician")),
    "choice": ("fields.level", "visitors", ("doctoral", "postdoc")),
    "choice list": ("fields.topics", None, ("optics", "cryogenics")),
}


def coded_call(place: str, check: dict[str, Any]) -> dict[str, Any]:
    """A one-rule call whose rule ``check`` reads the coded field of ``place`` (inside each
    visitor for the vocabulary and the choice, on the application for the choice list)."""
    data = small_call(**TWO_VALUES)
    data["fields"] = {
        "visitors": {"level": {"type": "choice", "values": ["doctoral", "postdoc"]}},
        "application": {"topics": {"type": "choice", "list": True,
                                   "values": ["optics", "cryogenics"]}}}
    scope = CODED_PLACES[place][1]
    data["rules"][0]["check"] = (check if scope is None else
                                 {"op": "each", "path": scope, "rule": check})
    return data


def comparing(op: str, path: str, code: Any, case_insensitive: bool) -> dict[str, Any]:
    """A check comparing the field at ``path`` with ``code`` by ``op``."""
    ci = {"case_insensitive": True} if case_insensitive else {}
    if op in ("==", "!="):
        return {"op": "compare", "path": path, "cmp": op, "to": code, **ci}
    if op == "contains":
        return {"op": "contains", "path": path, "value": code, **ci}
    return {"op": op, "path": path, "set": code if isinstance(code, dict) else [code]}


class TestEveryComparisonNamesKnownCodes:

    @settings(max_examples=60, deadline=None)
    @given(place=st.sampled_from(sorted(CODED_PLACES)),
           op=st.sampled_from(["==", "!=", "in", "not_in", "contains"]),
           code=st.one_of(st.sampled_from(["engineer", "Engineer", "postdoc", "Postdoc",
                                           "optics", "OPTICS", "enginer", "senior", "c"]),
                          st.text(min_size=1, max_size=12)),
           case_insensitive=st.booleans(), through_parameter=st.booleans())
    def test_a_code_the_field_does_not_take_is_refused_with_any_operator(
            self, place: str, op: str, code: str, case_insensitive: bool,
            through_parameter: bool) -> None:
        """Any code compared with a field that a vocabulary or a declared choice serves
        loads exactly when the field takes it (by its key, without case when the rule says
        so); any other is refused at load, written in the rule or in a parameter."""
        path, _, codes = CODED_PLACES[place]
        many = place == "choice list"
        if (op == "contains") != many:
            op = "contains" if many else "=="
        if op in ("in", "not_in"):
            case_insensitive = False
        written: Any = {"param": "code"} if through_parameter else code
        data = coded_call(place, comparing(op, path, written, case_insensitive))
        if through_parameter:
            data["parameters"] = {"code": [code] if op in ("in", "not_in") else code}
        taken = {text_key(c, case_insensitive) for c in codes}
        try:
            callrules.Call.from_dict(data, source="x.toml")
        except callrules.DefinitionError as exc:
            if exc.code != "not_in_vocabulary":
                return  # refused for another reason (a parameter that is not a code)
            assert text_key(code, case_insensitive) not in taken
            assert repr(code) in str(exc)
        else:
            assert text_key(code, case_insensitive) in taken

    @pytest.mark.parametrize(("place", "op", "code"), [
        ("vocabulary", "!=", "researchr"), ("vocabulary", "==", "Engineer"),
        ("choice", "==", "Postdoc"), ("choice", "!=", "senior"), ("choice", "in", "senior"),
        ("choice list", "contains", "c")])
    def test_the_attacker_s_typos_are_refused(self, place: str, op: str, code: str) -> None:
        """The typos found by the ninth attack (a rule that could never match, or would
        bar every application) are refused at load, naming where the code is written."""
        path = CODED_PLACES[place][0]
        with pytest.raises(callrules.DefinitionError) as info:
            callrules.Call.from_dict(coded_call(place, comparing(op, path, code, False)),
                                     source="x.toml")
        assert info.value.code == "not_in_vocabulary"
        assert info.value.loc[-1] in ("to", "set", "value")

    def test_a_field_compared_with_a_field_or_from_the_left_is_checked_too(self) -> None:
        """A code written on the left of a field, or a field compared with another, is
        checked as written (a typo is refused; a field on both sides loads)."""
        data = coded_call("vocabulary", {"op": "compare", "left": "enginer", "cmp": "==",
                                         "to": {"path": "category"}})
        with pytest.raises(callrules.DefinitionError) as info:
            callrules.Call.from_dict(data, source="x.toml")
        assert info.value.loc[-1] == "left"
        data = coded_call("vocabulary", {"op": "compare", "path": "category", "cmp": "==",
                                         "to": {"path": "$root.host.role"}})
        assert callrules.Call.from_dict(data, source="x.toml").id == "tiny"

    def test_a_code_in_an_amended_value_of_a_parameter_is_checked_too(self) -> None:
        """A typo in any value of a parameter's history (the value before an amendment) is
        refused at load, as in its latest value: a decision as of that day would apply it."""
        for first, loads in (("enginer", False), ("technician", True)):
            data = small_call(**TWO_VALUES)
            data["parameters"] = {"funded": {"history": [
                {"from": "2026-01-01T00:00:00+00:00", "value": first},
                {"from": "2026-03-01T00:00:00+00:00", "value": "engineer",
                 "label": "a typo corrected"}]}}
            data["rules"][0]["check"]["rule"] = {"op": "compare", "path": "category",
                                                 "cmp": "==", "to": {"param": "funded"}}
            try:
                callrules.Call.from_dict(data, source="x.toml")
            except callrules.DefinitionError as exc:
                assert not loads and exc.code == "not_in_vocabulary"
                assert "'enginer'" in exc.message
            else:
                assert loads


class _Lying(Mapping[str, Any]):
    """A mapping whose ``len()`` says one entry while it holds ``held``: each entry counted
    as it is read."""

    def __init__(self, held: int, entry: Callable[[int], tuple[str, Any]]) -> None:
        self.held, self.entry, self.read = held, entry, 0

    def __len__(self) -> int:
        return 1

    def __iter__(self) -> Iterator[str]:
        for _, (key, _value) in self._entries():
            yield key

    def __getitem__(self, key: str) -> Any:
        return dict(self.entry(n) for n in range(self.held))[key]

    def items(self) -> Any:  # (read as the caller reads them: one at a time, counted)
        return (pair for _, pair in self._entries())

    def _entries(self) -> Iterator[tuple[int, tuple[str, Any]]]:
        for n in range(self.held):
            self.read += 1
            yield n, self.entry(n)


@pytest.mark.parametrize("where", ["codes", "labels"])
def test_a_vocabulary_is_read_no_further_than_its_bounds(registries: None, where: str) -> None:
    """A platform's vocabulary whose ``len()`` lies (one code said, 200,000 held; or one
    label said, 200,000 languages held) is refused (bad_vocabulary) once its bound is
    passed, never read to its end first. Before: every code and label was read (and
    checked) before the bound was applied (att85)."""
    held = 200_000
    if where == "codes":
        values = _Lying(held, lambda n: (f"c{n}", {"en": f"C {n}"}))
        lying = values
    else:
        lying = _Lying(held, lambda n: (f"{n:06d}", "label"))
        values = {"engineer": lying}  # type: ignore[assignment]
    with pytest.raises(callrules.DefinitionError) as info:
        callrules.calls.register_vocabulary("lying", values)
    assert info.value.code == "bad_vocabulary"
    assert lying.read <= _vocabularies.MOST_VALUES + 1, lying.read
    if where == "labels":  # (the bound hit is said, and is the model's: one label a language
        # a call file can name, look77v)
        assert f"at most {_vocabularies.MOST_LABELS}" in str(info.value), str(info.value)
        assert sum(
            1 for a in string.ascii_lowercase for b in string.ascii_lowercase
            if re.fullmatch(LANG_PATTERN, a + b)) == _vocabularies.MOST_LABELS
