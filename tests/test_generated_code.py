"""The generated decision: safe whatever a call file holds, bounded, and always in agreement
with the explanations built from the same typed form."""

from __future__ import annotations

import json
import types
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given
from hypothesis import strategies as st

import callrules
from callrules._keys import text_key
from callrules._loading import _CONTROL
from callrules.language.codegen import SPLIT_EVERY
from tests.conftest import eligible_dict
from tests.helpers import code_tokens, decision_agrees
from tests.laws import settings
from tests.test_definitions import minimal_call


def constants(code: types.CodeType) -> set[object]:
    """Every constant of ``code`` and of the code objects nested in it."""
    found: set[object] = set()
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            found |= constants(const)
        else:
            found.add(const)
    return found


def names(code: types.CodeType) -> set[str]:
    """Every identifier ``code`` (and the code nested in it) reads or writes."""
    found = set(code.co_names) | set(code.co_varnames) | set(code.co_freevars)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            found |= names(const)
    return found


#: Any text a call file accepts (not the invisible characters and noncharacters it refuses,
#: nor blanks around it, which a field holding an identifier never holds: a call comparing
#: such text with one is refused at load, before any code is generated).
hostile_text = st.text(
    st.characters(exclude_categories=("Cc", "Cs", "Cf", "Zl", "Zp", "Co")),
    min_size=1, max_size=40).filter(
        lambda t: t.strip() == t != "" and not _CONTROL.search(t))


def _check(words: list[str], literal: str) -> dict[str, Any]:
    return {"op": "all", "rules": [
        {"op": "in", "path": "host.role", "set": words},
        {"op": "compare", "path": "host.role", "cmp": "!=", "to": literal},
        {"op": "each", "path": "documents", "where": {
            "op": "compare", "path": "kind", "cmp": "==", "to": literal},
         "rule": {"op": "in", "path": "kind", "set": words}},
    ]}


def _generated(decide: Any, names_too: bool = True) -> set[object]:
    """The constants (and identifiers) of ``decide`` and of the generated helpers it calls."""
    codes = [decide.__code__] + [h.__code__ for h in decide.__globals__.values()
                                 if isinstance(h, types.FunctionType) and h.__module__ is None]
    found: set[object] = set()
    for code in codes:
        found |= constants(code) | (names(code) if names_too else set())
    return found


#: The same rules with other texts: the identifiers the generator writes whatever the file
#: says (the fields the paths name, ``root``, ``_v3``…), which a text may happen to spell.
_control = callrules.Call.from_dict(minimal_call(_check(["qqq"], "zzz")))


class TestNoTextBecomesCode:
    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
    @given(words=st.lists(hostile_text, min_size=1, max_size=5, unique=True),
           literal=hostile_text)
    @example(words=["language", "kind"], literal="root")
    @example(words=["role", "host"], literal="role")
    @example(words=["documents"], literal="language")
    def test_values_from_a_call_file_are_bound_names_never_code(
            self, words: list[str], literal: str) -> None:
        """Whatever text a call file puts in a set or a literal (quotes, code, dunders,
        newlines), it is a value bound in the function's namespace: no constant of the
        generated code holds it, nor any identifier but those the same rules with other
        texts have too (a literal may spell a field's name, ``language``), nor its key (what
        texts are compared by); and the decision agrees with the explanation."""
        call = callrules.Call.from_dict(minimal_call(_check(words, literal)))
        decide = call.program.decide
        generated = _generated(decide, names_too=False) | (
            _generated(decide) - _generated(_control.program.decide))
        for text in (*words, literal):
            assert text not in generated and text_key(text, False) not in generated
        bound = list(decide.__globals__.values())
        assert text_key(literal, False) in bound
        assert frozenset(text_key(w, False) for w in words) in bound
        assert decide.__globals__["__builtins__"] == {}
        app = callrules.parse_application(eligible_dict())
        assert bool(call.program.decide(app)) is bool(call.program.findings(app))

    def test_identifiers_in_generated_code_are_generated(self) -> None:
        """The generated code's own identifiers are generated names (``_v3``, ``_i7``…)
        or ``root`` and ``decide``; the attributes it reads are fields the models declare."""
        call = callrules.calls.load("cnrs-amsud-2026")
        code = call.program.decide.__code__
        declared: set[str] = set()
        for model in (callrules.Application, callrules.Visitor, callrules.Host,
                      callrules.Document, callrules.Budget, callrules.BudgetLine,
                      callrules.Location, callrules.Institution, callrules.Unit,
                      callrules.Stay, callrules.Person, callrules.Approval):
            declared |= set(model.model_fields)
        for name in names(code):
            generated = name.startswith("_") and name[2:].isdigit() and name[1].isalpha()
            assert generated or name in {".0", "root", "decide", "append", "year", "days"} \
                or name in declared, name


class TestShapes:
    def test_rules_nested_to_the_depth_limit_compile_into_helpers_and_decide(self) -> None:
        """A rule nested as deep as a call file may go is split into helper functions every
        few levels, and still decides as its explanation says, both ways."""
        leaf: dict[str, Any] = {"op": "in", "path": "language", "set": ["fr", "en"]}
        for _ in range(30):  # 31 levels: the most a file's nesting leaves room for
            leaf = {"op": "not", "rule": leaf}
        call = callrules.Call.from_dict(minimal_call(leaf))
        helpers = [v for v in call.program.decide.__globals__.values()
                   if isinstance(v, types.FunctionType) and v.__name__.startswith("_f")]
        assert len(helpers) == 31 // SPLIT_EVERY
        for language in ("fr", "de"):
            data = eligible_dict()
            data["language"] = language
            app = callrules.parse_application(data)
            assert bool(call.program.decide(app)) is bool(call.program.findings(app))

    def test_nested_rules_over_lists_are_bounded_when_the_call_is_loaded(self) -> None:
        """Quantifiers over lists of the whole application nested three deep could visit
        10⁹ items for one application: the call is refused where the rule is written."""
        inner: dict[str, Any] = {"op": "exists", "path": "$root.documents"}
        for _ in range(2):
            inner = {"op": "exists", "path": "$root.documents", "where": inner}
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(minimal_call(inner))
        assert caught.value.code == "too_much_work"

    def test_the_cnrs_shape_one_cv_per_visitor_is_within_the_bound(self) -> None:
        """Each visitor's CV among the documents is looked up in an index: accepted, and
        decided in one pass over the documents whatever their number."""
        call = callrules.calls.load("cnrs-amsud-2026")
        data = eligible_dict()
        data["documents"] = data["documents"] + [
            {"kind": "other", "title": f"Annexe {i}", "pages": 1} for i in range(900)]
        app = callrules.parse_application(data)
        assert call.program.decide(app) == [index for index, rule in enumerate(call.rules)
                                            if rule.explain(app)]


class TestTypeRules:
    def test_an_ordered_comparison_with_an_answer_of_any_type_is_refused_at_load(
            self) -> None:
        """An answer may hold text or a number: ``pages <= $root.answers.x`` would fail at
        run time, so it is refused where it is written."""
        check = {"op": "each", "path": "documents", "rule": {
            "op": "compare", "path": "pages", "cmp": "<=",
            "to": {"path": "$root.answers.max_pages"}}}
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(minimal_call(check))
        assert caught.value.code == "wrong_type"

    def test_a_set_mixing_true_and_one_is_refused(self) -> None:
        """``[true, 1]`` would be one element (True == 1): refused, not silently merged."""
        check = {"op": "in", "path": "answers.flag", "set": [True, 1]}
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(minimal_call(check))
        assert caught.value.code == "mixed_set"


class TestProjections:
    @settings(max_examples=40)
    @given(cities=st.lists(st.one_of(st.none(), st.sampled_from(["Santiago", "Lima"])),
                           min_size=1, max_size=4))
    def test_a_projection_holds_the_values_given_and_never_a_null(
            self, cities: list[str | None]) -> None:
        """Reading ``visitors.institution.location.city`` leaves absent cities out: ``present``
        holds exactly when some visitor gives one, ``contains`` finds only a given city, and
        the generated decision says the same as the explanation."""
        data = eligible_dict()
        template = data["visitors"][1]
        data["visitors"] = []
        for index, city in enumerate(cities):
            visitor = {**template, "id": f"v{index}",
                       "institution": {**template["institution"],
                                       "location": {"country": "CL", "city": city}}}
            if city is None:
                del visitor["institution"]["location"]["city"]
            data["visitors"].append(visitor)
        data["budget"]["lines"] = [dict(line, beneficiary="v0")
                                   for line in data["budget"]["lines"]]
        check = {"op": "all", "rules": [
            {"op": "present", "path": "visitors.institution.location.city"},
            {"op": "contains", "path": "visitors.institution.location.city", "value": "Lima"}]}
        call = callrules.Call.from_dict(minimal_call(check))
        app = callrules.parse_application(data)
        codes = {f.code for f in call.program.findings(app)}
        given_cities = [c for c in cities if c is not None]
        assert ("missing" in codes) is (not given_cities)
        assert ("not_included" in codes) is ("Lima" not in given_cities)
        assert decision_agrees(call, app, codes)


#: Projections through a list, each with where its items are and the field each may leave out.
_PROJECTED = {
    "visitors.institution.location.subdivision":
        (("visitors",), ("institution", "location", "subdivision")),
    "documents.title": (("documents",), ("title",)),
    "approvals.on": (("approvals",), ("on",)),
    "budget.lines.label": (("budget", "lines"), ("label",)),
}

#: Rules over a projection ``P``: every operator that asks whether it holds a value.
_OVER_A_PROJECTION: dict[str, Any] = {
    "present": {"op": "present", "path": "P"},
    "not present": {"op": "not", "rule": {"op": "present", "path": "P"}},
    "any of present": {"op": "any", "rules": [
        {"op": "present", "path": "P"}, {"op": "compare", "path": "id", "cmp": "==",
                                         "to": "nope"}]},
    "exists where present": {"op": "exists", "path": "visitors",
                             "where": {"op": "present", "path": "$root.P"}},
    "count where present": {"op": "compare", "left": {
        "count": "visitors", "where": {"op": "present", "path": "$root.P"}},
        "cmp": "==", "to": 0},
    "each present": {"op": "each", "path": "visitors",
                     "rule": {"op": "present", "path": "$root.P"}},
    "contains": {"op": "contains", "path": "P", "value": "V"},
    "count": {"op": "compare", "left": {"count": "P"}, "cmp": ">=", "to": 1},
}


def _over(shape: str, path: str) -> Any:
    sought = "BR-SP" if path.endswith("subdivision") else "A"  # (a code there)
    return json.loads(json.dumps(_OVER_A_PROJECTION[shape]).replace('"P"', json.dumps(path))
                      .replace('"$root.P"', json.dumps("$root." + path))
                      .replace('"V"', json.dumps(sought)))


class TestEveryProjectionIsReadOneWay:
    @settings(max_examples=60)
    @given(path=st.sampled_from(sorted(_PROJECTED)),
           shape=st.sampled_from(sorted(_OVER_A_PROJECTION)),
           kept=st.lists(st.sampled_from(["left out", "null", "A", "given"]), max_size=4))
    @example(path="visitors.institution.location.subdivision", shape="present", kept=[])
    @example(path="documents.title", shape="present", kept=["null", "left out"])
    @example(path="documents.title", shape="any of present", kept=["left out"])
    @example(path="documents.title", shape="exists where present", kept=["left out"])
    @example(path="documents.title", shape="count where present", kept=["left out"])
    @example(path="visitors.institution.location.subdivision", shape="not present",
             kept=["left out", "left out"])
    @example(path="approvals.on", shape="present", kept=["left out", "A"])
    def test_the_decision_says_what_the_explanation_finds(
            self, path: str, shape: str, kept: list[str]) -> None:
        """A projection through a list whose items give a value, a null, or none (every
        item, some, or none of them) is one value to the generated decision and to the
        explanation: each rule fails exactly when its explanation finds something, and the
        application is eligible exactly when no error is found (session 52, A1: an empty
        projection was a list to the decision, ``present`` to it)."""
        assume(not (shape == "contains" and path == "approvals.on"))  # (dates: refused)
        assume(not ("$root" in json.dumps(_OVER_A_PROJECTION[shape]) and path.startswith(
            "budget")))  # (lines of lines within visitors: too much work, refused)
        listed, field = _PROJECTED[path]
        data = eligible_dict()
        items = data
        for name in listed:
            items = items[name]
        for index, how in enumerate(kept):
            if index < len(items):
                inner = items[index]
                for name in field[:-1]:
                    inner = inner[name]
                if how == "left out":
                    inner.pop(field[-1], None)
                elif how == "null":
                    inner[field[-1]] = None
                elif how == "A" and path in ("documents.title", "budget.lines.label"):
                    inner[field[-1]] = "A"
        call = callrules.Call.from_dict(minimal_call(_over(shape, path)))
        app = callrules.parse_application(data)
        failing = call.program.decide(app)
        found = [rule.explain(app) for rule in call.program.rules]
        assert [index in failing for index in range(len(found))] == [bool(f) for f in found]
        report = callrules.evaluate(call, data)
        assert report.eligible is not any(f.severity.value == "error" for f in report.findings)
        assert report.eligible is not failing


class TestExplanationsAreBoundedToo:
    def test_explaining_one_cv_per_visitor_reads_each_document_once(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A thousand visitors and a thousand documents, one CV missing: the explanation
        looks the CVs up in an index, as the decision does, instead of comparing every
        visitor with every document (a million comparisons, seconds per record)."""
        from callrules.language.compare import Compare

        call = callrules.calls.load("cnrs-amsud-2026")
        data = eligible_dict()
        template = data["visitors"][0]
        data["visitors"] = [dict(template, id=f"v{i}") for i in range(1000)]
        data["documents"] = [{"kind": "cv", "owner": f"v{i}", "pages": 1}
                             for i in range(1, 1000)] + [data["documents"][0]]
        data["budget"]["lines"] = []
        app = call.parse(data)
        calls = 0
        original = Compare.holds

        def counted(self: Compare, item: Any, env: Any) -> bool:
            nonlocal calls
            calls += 1
            return original(self, item, env)

        monkeypatch.setattr(Compare, "holds", counted)
        (documents,) = [r for r in call.rules if r.clause == "documents"]
        found = documents.explain(app)
        assert [f.path for f in found if f.code == "none_matching"] == ["visitors[0]"]
        assert calls < 5_000


#: Every leaf operator form that reads an answer, with the answer ``a1`` on the left (or as
#: the only field) or ``a2`` on the right of a comparison.
_ANSWER_FORMS: list[dict[str, Any]] = [
    {"op": "present", "path": "answers.a1"},
    {"op": "compare", "path": "answers.a1", "cmp": "==", "to": "yes"},
    {"op": "compare", "path": "answers.a1", "cmp": "!=", "to": "yes"},
    {"op": "compare", "path": "answers.a1", "cmp": "==", "to": {"path": "answers.a2"}},
    {"op": "compare", "path": "answers.a2", "cmp": "!=", "to": {"path": "answers.a1"}},
    {"op": "compare", "left": {"path": "answers.a1"}, "cmp": "!=", "to": "yes"},
    {"op": "compare", "left": {"path": "answers.a2"}, "cmp": "==", "to": {"path": "answers.a1"}},
    {"op": "in", "path": "answers.a1", "set": ["yes", "no"]},
    {"op": "not_in", "path": "answers.a1", "set": ["yes", "no"]},
    {"op": "compare", "path": "fields.t", "cmp": "!=", "to": "yes"},
    {"op": "in", "path": "fields.t", "set": ["yes", "no"]},
]
#: A declared text that may be empty (``min_length = 0``): the same as an answer.
_TEXT_FIELD = {"application": {"t": {"type": "text", "min_length": 0,
                                     "label": {"fr": "Texte", "en": "Text"}}}}


class TestABlankAnswerIsNoAnswer:
    @settings(max_examples=40)
    @given(form=st.sampled_from(_ANSWER_FORMS),
           wrap=st.sampled_from(["rule", "not", "any"]),
           other=st.sampled_from(["yes", "no", 1, True, None]))
    def test_an_empty_answer_is_judged_as_one_left_out_in_both_executions(
            self, form: dict[str, Any], wrap: str, other: object) -> None:
        """``""`` (what a web form's empty field sends) is no value, as ``present`` says:
        every leaf operator gives the verdict and the findings it gives for an answer (or a
        text declared with ``min_length = 0``) left out or null (session 44, F1:
        ``a1 != "yes"`` passed an applicant who sent ``""``), and the generated decision
        says the same as the explanations."""
        check = {"rule": form, "not": {"op": "not", "rule": form},
                 "any": {"op": "any", "rules": [
                     form, {"op": "compare", "path": "host.role", "cmp": "==",
                            "to": "nobody"}]}}[wrap]
        call = callrules.Call.from_dict(minimal_call(check, fields=_TEXT_FIELD))
        seen = {}
        for given_as in ("absent", None, ""):
            data = eligible_dict()
            data["answers"] = {} if other is None else {"a2": other}
            if given_as != "absent":
                data["answers"]["a1"] = data.setdefault("fields", {})["t"] = given_as
            app = call.form.parse(data)
            found = call.program.findings(app)
            seen[given_as] = sorted((f.code, f.loc) for f in found)
            assert decision_agrees(call, app, found), given_as
        assert seen[""] == seen[None] == seen["absent"]

    @settings(max_examples=30)
    @given(form=st.sampled_from([
        {"op": "compare", "path": "{f}", "cmp": "==", "to": ""},
        {"op": "compare", "path": "{f}", "cmp": "!=", "to": ""},
        {"op": "compare", "left": {"path": "{f}"}, "cmp": "==", "to": ""},
        {"op": "compare", "left": "", "cmp": "!=", "to": {"path": "{f}"}},
        {"op": "in", "path": "{f}", "set": ["yes", ""]},
        {"op": "not_in", "path": "{f}", "set": [""]}]),
        field=st.sampled_from(["answers.a1", "fields.t"]),
        wrap=st.sampled_from(["rule", "not"]), language=st.sampled_from(["en", "fr", "es", "pt"]))
    def test_an_empty_text_written_against_such_a_field_is_refused_at_load(
            self, form: dict[str, Any], field: str, wrap: str, language: str) -> None:
        """A ``""`` written in the call against a field read as left out when blank could
        never be seen (``not_in [""]``, written to refuse a blank, let it pass): refused when
        the call loads, at the value, saying in the reader's language to ask for ``present``
        (look59g, session 44); the same comparison with a text is loaded."""
        text = json.dumps(form).replace("{f}", field)
        check = json.loads(text)
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(minimal_call(
                check if wrap == "rule" else {"op": "not", "rule": check}, fields=_TEXT_FIELD))
        assert caught.value.code == "blank_literal"
        assert caught.value.words == ("rule_blank_literal", {})
        assert caught.value.loc[-1] in ("to", "left", "set")
        said = caught.value.message_in(language)
        assert "present" in said or "présent" in said
        assert not code_tokens(said)
        callrules.Call.from_dict(minimal_call(json.loads(text.replace('""', '"no"')),
                                              fields=_TEXT_FIELD))

    def test_two_applications_that_leave_a_field_blank_are_not_duplicates(self) -> None:
        """A field left blank is no value, so ``unique`` across a batch sees nothing to
        repeat in two blank ones (as in two left out); two equal texts still repeat."""
        fields = {"application": {"t": {"type": "text", "min_length": 0,
                                        "label": {"fr": "Texte", "en": "Text"}}}}
        data = minimal_call({"op": "present", "path": "host.role"}, fields=fields)
        data["rules"].append({"clause": "eligibility", "check": {"op": "unique",
                                                                  "path": "fields.t"}})
        call = callrules.Call.from_dict(data)
        batch = []
        for index, value in enumerate(["", "", "a", "a"]):
            app = eligible_dict()
            app["id"], app["fields"] = f"app{index}", {"t": value}
            batch.append(json.dumps(app))
        found = [sorted(f.code for f in item.report.findings)
                 for item in callrules.evaluate_many(call, batch)]
        assert found == [[], [], [], ["duplicate"]]
