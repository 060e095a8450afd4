"""A code a call writes that can never be met is refused when the call loads, wherever it
stands: a code its field's vocabulary lacks in any comparison of any rule shape (a rule, a
quantifier's filter, the filter of an expression at any depth, the budget plan), a literal
key no row of a rate table holds, a code no row of a table of codes yields."""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Callable
from typing import Annotated, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import StringConstraints, TypeAdapter, ValidationError

import callrules
from callrules._keys import code_key, text_key
from callrules._problems import error_text
from tests.conftest import ROOT, eligible_dict
from tests.laws import settings

BUNDLED = tomllib.loads((ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8"))
CATEGORIES = ("engineer", "technician", "technical_staff", "researcher", "faculty",
              "doctoral_student", "postdoc")
COSTS = ("transport", "subsistence", "lodging", "meals", "visa", "registration", "equipment",
         "insurance")
EUR = {"amount": "100000.00", "currency": "EUR"}


def with_rule(check: dict[str, Any], parameters: dict[str, Any] | None = None
              ) -> dict[str, Any]:
    """The bundled call with one more rule, ``check``, and ``parameters`` (labelled)."""
    data = copy.deepcopy(BUNDLED)
    data["rules"].append({"clause": "technical-staff", "check": check})
    for name, value in (parameters or {}).items():
        data["parameters"][name] = value
        data["labels"]["parameters"][name] = {lang: name.replace("_", " ")
                                              for lang in data["languages"]}
    return data


def amended(first: Any, then: Any) -> dict[str, Any]:
    """A parameter worth ``first``, then ``then`` after an amendment."""
    return {"history": [{"from": "2026-04-21T00:00:00", "value": first},
                        {"from": "2026-05-10T00:00:00", "value": then, "label": "amendment 1"}]}


def typos(codes: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Codes of ``codes`` and codes near them: a letter dropped, doubled or changed, a capital,
    or a plural."""
    def near(code: str, how: int, where: int) -> str:
        at = where % len(code)
        return [code, code[:at] + code[at + 1:], code[:at] + code[at] + code[at:],
                code[:at] + "x" + code[at + 1:], code.capitalize(), code + "s"][how]
    return st.builds(near, st.sampled_from(codes), st.integers(0, 5), st.integers(0, 40))


# -- comparisons of a coded field, and the places a comparison can stand -----------------------
Leaf = Callable[[str], dict[str, Any]]


def leaves(field: str, written: Any) -> list[dict[str, Any]]:
    """Every way a rule compares the coded ``field`` with ``written`` (a code or a text
    parameter): ==, != (the code on either side), in, not_in."""
    as_set = written if isinstance(written, dict) else [written]
    return [{"op": "compare", "path": field, "cmp": "==", "to": written},
            {"op": "compare", "path": field, "cmp": "!=", "to": written},
            {"op": "compare", "left": written, "cmp": "==", "to": {"path": field}},
            {"op": "in", "path": field, "set": as_set},
            {"op": "not_in", "path": field, "set": as_set}]


#: The places a test of one visitor's category can stand, each given that test (its field
#: named ``category``, or ``$v.category`` where a variable binds the visitor).
VISITOR_PLACES: dict[str, tuple[str, Callable[[dict[str, Any]], dict[str, Any]]]] = {
    "each rule": ("category", lambda t: {"op": "each", "path": "visitors", "rule": t}),
    "each where": ("category", lambda t: {"op": "each", "path": "visitors", "where": t,
                                          "rule": {"op": "present", "path": "id"}}),
    "exists where": ("category", lambda t: {"op": "exists", "path": "visitors", "where": t}),
    "count where": ("category", lambda t: {"op": "compare", "cmp": "<=", "to": 5, "left": {
        "count": "visitors", "where": t}}),
    "count where, on the right": ("category", lambda t: {
        "op": "compare", "left": {"percent": 300}, "cmp": ">=", "to": {
            "count": "visitors", "where": t}}),
    "count in plus": ("category", lambda t: {"op": "compare", "cmp": ">=", "to": 1, "left": {
        "plus": [{"count": "visitors", "where": t}, 1]}}),
    "count in a ratio": ("category", lambda t: {"op": "compare", "cmp": "<=", "to": 1, "left": {
        "ratio": [{"count": "visitors", "where": t}, {"count": "visitors"}]}}),
    "nested count": ("category", lambda t: {"op": "each", "path": "visitors", "rule": {
        "op": "compare", "cmp": "<=", "to": 5, "left": {"count": "$root.visitors",
                                                       "where": t}}}),
    "variable": ("$v.category", lambda t: {"op": "each", "path": "visitors", "as": "v",
                                           "rule": {"op": "exists", "path": "$root.documents",
                                                    "where": t}}),
    "not any all": ("category", lambda t: {"op": "not", "rule": {"op": "any", "rules": [
        {"op": "exists", "path": "visitors", "where": {"op": "all", "rules": [
            {"op": "present", "path": "id"}, t]}}, {"op": "present", "path": "id"}]}}),
}

#: The places a test of one budget line's category can stand.
LINE_PLACES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "sum where": lambda t: {"op": "compare", "cmp": "<=", "to": EUR, "left": {
        "sum": "budget.lines", "of": "amount", "where": t}},
    "rounded sum": lambda t: {"op": "compare", "cmp": "<=", "to": EUR, "left": {
        "round": {"sum": "budget.lines", "of": "amount", "where": t}, "unit": "1"}},
    "max where": lambda t: {"op": "compare", "cmp": "<=", "to": EUR, "left": {
        "max": "budget.lines", "of": "amount", "where": t}},
    "sum times": lambda t: {"op": "compare", "cmp": "<=", "to": EUR, "left": {
        "times": [{"sum": "budget.lines", "of": "amount", "where": t}, {"decimal": "0.5"}]}},
}


class TestAnyComparisonOfACodedFieldNamesKnownCodes:

    @settings(max_examples=80, deadline=None)
    @given(place=st.sampled_from(sorted(VISITOR_PLACES)), shape=st.integers(0, 4),
           code=typos(CATEGORIES), through=st.sampled_from(["rule", "parameter", "amended"]))
    def test_a_visitor_s_category_anywhere(self, place: str, shape: int, code: str,
                                           through: str) -> None:
        """Law: any rule shape comparing a visitor's category with a code loads exactly
        when the vocabulary has that code; otherwise it is refused at load
        (``not_in_vocabulary``), naming the field and the code, written in the rule or in a
        parameter (either value of its history)."""
        field, wrap = VISITOR_PLACES[place]
        self.law(wrap, field, "category", code, CATEGORIES, shape, through)

    @settings(max_examples=40, deadline=None)
    @given(place=st.sampled_from(sorted(LINE_PLACES)), shape=st.integers(0, 4),
           code=typos(COSTS), through=st.sampled_from(["rule", "parameter", "amended"]))
    def test_a_budget_line_s_category_anywhere(self, place: str, shape: int, code: str,
                                               through: str) -> None:
        """Law: the same for a budget line's category in the filter of a sum, a maximum, a
        rounded sum or a product (a cap on some categories that could never bite)."""
        self.law(LINE_PLACES[place], "category", "category", code, COSTS, shape, through)

    @staticmethod
    def law(wrap: Callable[[dict[str, Any]], dict[str, Any]], field: str, named: str,
            code: str, codes: tuple[str, ...], shape: int, through: str) -> None:
        parameters: dict[str, Any] = {}
        written: Any = code
        if shape == 2 and through == "rule":  # a literal on the left has no type: refused
            shape = 0
        if through != "rule":
            written = {"param": "code"}
            value = [code] if shape >= 3 else code
            other = [codes[0]] if shape >= 3 else codes[0]
            parameters["code"] = value if through == "parameter" else amended(other, value)
        data = with_rule(wrap(leaves(field, written)[shape]), parameters)
        known = text_key(code, False) in {text_key(c, False) for c in codes}
        if known:
            assert callrules.Call.from_dict(data).id == "cnrs-amsud-2026"
            return
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(data)
        assert caught.value.code == "not_in_vocabulary"
        assert repr(code) in str(caught.value) and named in str(caught.value)
        assert caught.value.loc[:2] == ("rules", len(BUNDLED["rules"]))

    @pytest.mark.parametrize("check", [
        {"op": "compare", "cmp": "==", "to": 0, "left": {"count": "visitors", "where": {
            "op": "compare", "path": "category", "cmp": "==", "to": "researchr"}}},
        {"op": "compare", "cmp": "<=", "to": {"amount": "500", "currency": "EUR"}, "left": {
            "sum": "budget.lines", "of": "amount", "where": {
                "op": "in", "path": "category", "set": ["lodgin", "meal"]}}}])
    def test_the_tenth_attack_s_filters_are_refused(self, check: dict[str, Any]) -> None:
        """The typos in the filter of a count and of a sum that loaded (a cap that never
        bit) are refused, located in the filter."""
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(with_rule(check))
        assert caught.value.code == "not_in_vocabulary"
        assert "where" in caught.value.loc

    def test_the_budget_plan_s_filters_are_checked_too(self) -> None:
        """A plan's quantity counting the visitors of a category the vocabulary lacks is
        refused, located in the plan; with a category it has, the call loads."""
        for code, loads in (("engineer", True), ("enginer", False)):
            data = copy.deepcopy(BUNDLED)
            data["plan"]["lines"][1]["quantity"] = {"count": "$root.visitors", "where": {
                "op": "compare", "path": "category", "cmp": "==", "to": code}}
            if loads:
                callrules.Call.from_dict(data)
                continue
            with pytest.raises(callrules.DefinitionError) as caught:
                callrules.Call.from_dict(data)
            assert caught.value.code == "not_in_vocabulary"
            assert caught.value.loc[:4] == ("plan", "lines", 1, "quantity")

    @pytest.mark.parametrize("change", ["a line that is no table", "a filter that is no rule"])
    def test_a_plan_the_language_refuses_is_refused_by_it(self, change: str) -> None:
        """A plan whose line, or whose filter, is not one is refused for that (bad_plan, or
        the rule language's own code), the codes' walk passing over what it cannot read."""
        data = copy.deepcopy(BUNDLED)
        if change == "a line that is no table":
            data["plan"]["lines"].append("meals")
        else:
            data["plan"]["lines"][1]["quantity"] = {"count": "$root.visitors",
                                                    "where": {"op": "nope"}}
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(data)
        assert caught.value.code != "not_in_vocabulary"

    def test_the_refusal_is_said_in_the_reader_s_language(self) -> None:
        """The refusal has words in each language, naming the code, free of code tokens."""
        check = {"op": "exists", "path": "visitors", "where": {
            "op": "compare", "path": "category", "cmp": "==", "to": "researchr"}}
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(with_rule(check))
        assert caught.value.words is not None
        key, values = caught.value.words
        for lang in ("fr", "en", "es", "pt"):
            said = callrules._i18n.phrase_sentence(key, lang, **values)
            assert "researchr" in said and "%" not in said


# -- rate tables: keys no row holds, values no row gives ---------------------------------------
ROW_CODES = ("paris", "lyon", "nice", "*")


def table_of(kind: str, versions: list[list[tuple[str, str]]]) -> dict[str, Any]:
    """A one-key table (money, or codes) with the rows ``versions`` (key, value)."""
    spec: dict[str, Any] = ({"keys": ["place"], "value": "money", "currency": "EUR"}
                            if kind == "money" else {"keys": ["place"], "value": "code"})
    return {"table": spec, "versions": [
        {"from": f"20{20 + index}-01-01", "source": "Annex", "rows": [
            {"key": [key], "value": "10.00" if kind == "money" else value}
            for key, value in rows]} for index, rows in enumerate(versions)]}


#: Versions of rows, each place once and "*" last (a row no lookup reaches is refused).
ROWS = st.lists(st.lists(st.tuples(st.sampled_from(ROW_CODES),
                                   st.sampled_from(("big", "small", "mid"))),
                         min_size=1, max_size=4, unique_by=lambda row: row[0]).map(
    lambda rows: sorted(rows, key=lambda row: row[0] == "*")), min_size=1, max_size=3)
LOOKED_UP: dict[str, Callable[[Any], dict[str, Any]]] = {
    "compared": lambda key: {"op": "compare", "cmp": "<=", "to": EUR, "left": {
        "lookup": "rate", "key": [key], "on": {"path": "submitted_at"}}},
    "rounded, on the right": lambda key: {"op": "compare", "cmp": ">=", "left": {
        "sum": "budget.lines", "of": "amount"}, "to": {
        "round": {"lookup": "rate", "key": [key], "on": {"path": "submitted_at"}}}},
    "in a product": lambda key: {"op": "compare", "cmp": "<=", "to": EUR, "left": {
        "times": [{"lookup": "rate", "key": [key], "on": {"path": "submitted_at"}},
                  {"decimal": "0.5"}]}},
}


def _compared_with_lookup(rows: list[list[tuple[str, str]]], code: str, cmp: str,
                          as_parameter: bool) -> dict[str, Any]:
    """A call comparing the value of a table of codes (``rows``) with ``code``: written in
    the rule, or a text parameter on the left."""
    looked = {"lookup": "rate", "key": [{"path": "host.unit.location.city"}],
              "on": {"path": "submitted_at"}}
    parameters: dict[str, Any] = {"rate": table_of("code", rows)}
    if as_parameter:
        parameters["code"] = code
    check = ({"op": "compare", "left": {"param": "code"}, "cmp": cmp, "to": looked}
             if as_parameter else {"op": "compare", "left": looked, "cmp": cmp, "to": code})
    return with_rule(check, parameters)


class TestATableIsLookedUpByKeysItHolds:

    @settings(max_examples=60, deadline=None)
    @given(rows=ROWS, later=st.none() | ROWS, key=typos(("paris", "lyon", "nice", "PARIS")),
           place=st.sampled_from(sorted(LOOKED_UP)), as_parameter=st.booleans())
    def test_a_literal_key_no_row_holds_is_refused(
            self, rows: list[list[tuple[str, str]]], later: list[list[tuple[str, str]]] | None,
            key: str, place: str, as_parameter: bool) -> None:
        """Law: a lookup whose key is written in the call (or a text parameter) loads
        exactly when a row of some version of the table (of any value of its history)
        holds that key, as codes match, or ``"*"``; otherwise ``unknown_table_key`` at
        load, naming the table and the key, never every application refused later."""
        table: Any = table_of("money", rows)
        held = [r for rs in rows for r in rs]
        if later is not None:
            table = amended(table_of("money", rows), table_of("money", later))
            held += [r for rs in later for r in rs]
        parameters = {"rate": table}
        if as_parameter:
            parameters["place"] = key
        check = LOOKED_UP[place]({"param": "place"} if as_parameter else key)
        data = with_rule(check, parameters)
        if any(k == "*" or code_key(k) == code_key(key) for k, _ in held):
            callrules.Call.from_dict(data)
            return
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(data)
        assert caught.value.code == "unknown_table_key"
        assert "'rate'" in str(caught.value) and repr(key) in str(caught.value)
        assert caught.value.loc[-2:] == ("key", 0)

    @settings(max_examples=40, deadline=None)
    @given(rows=ROWS, code=typos(("big", "small", "mid")), cmp=st.sampled_from(["==", "!="]),
           as_parameter=st.booleans())
    def test_a_code_no_row_gives_is_refused(self, rows: list[list[tuple[str, str]]],
                                            code: str, cmp: str, as_parameter: bool) -> None:
        """Law: comparing the value of a table of codes with a code (written, or a text
        parameter on the left) loads exactly when a row of some version gives it;
        otherwise ``unknown_table_value`` (such a rule could never fail, or never hold)."""
        data = _compared_with_lookup(rows, code, cmp, as_parameter)
        if text_key(code, False) in {value for rs in rows for _, value in rs}:
            callrules.Call.from_dict(data)
            return
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(data)
        assert caught.value.code == "unknown_table_value"
        assert repr(code) in str(caught.value)

    def test_the_tenth_attack_s_lookups_are_refused_in_words(self) -> None:
        """The bundled table looked up by "pariss", and the bundled table of place classes
        compared with "pariss", are refused at load, said in each language."""
        by_key = {"op": "compare", "cmp": "<=", "to": {"amount": "1000", "currency": "EUR"},
                  "left": {"lookup": "lodging_night", "key": ["pariss"],
                           "on": {"path": "submitted_at"}}}
        by_value = {"op": "compare", "cmp": "!=", "to": "pariss", "left": {
            "lookup": "place_class", "key": [{"path": "host.unit.location.country"}, "*",
                                             {"path": "host.unit.location.city"}],
            "on": {"path": "submitted_at"}}}
        for check, code in ((by_key, "unknown_table_key"), (by_value, "unknown_table_value")):
            with pytest.raises(callrules.DefinitionError) as caught:
                callrules.Call.from_dict(with_rule(check))
            assert caught.value.code == code and caught.value.words is not None
            key, values = caught.value.words
            for lang in ("fr", "en", "es", "pt"):
                assert "pariss" in callrules._i18n.phrase_sentence(key, lang, **values)


def _written(code: str, how: list[bool]) -> str:
    """``code`` written as the load check still reads it (text_key): each letter whose
    ``how`` is true in its full-width form, the others as they are."""
    return "".join(chr(ord(char) + 0xFEE0) if wide else char
                   for char, wide in zip(code, how + [False] * len(code), strict=False))


class TestATableCodeComparesAsItLoads:

    @settings(max_examples=40, deadline=None)
    @given(rows=ROWS, value=st.sampled_from(("big", "small", "mid")),
           how=st.lists(st.booleans(), max_size=6), cmp=st.sampled_from(["==", "!="]),
           as_parameter=st.booleans())
    def test_any_accepted_writing_of_a_code_gives_the_canonical_verdict(
            self, rows: list[list[tuple[str, str]]], value: str, how: list[bool], cmp: str,
            as_parameter: bool) -> None:
        """Law: a code compared with the value of a table of codes (written in the rule, or
        a text parameter on the left), in any width the load check accepts, gives the
        verdict the code written plainly gives, for an application the table holds a row
        for."""
        rows = [[*(r for r in rs if r[0] != "*"), ("*", value)] for rs in rows]

        def verdict(code: str) -> tuple[bool, list[str]]:
            call = callrules.Call.from_dict(_compared_with_lookup(rows, code, cmp,
                                                                  as_parameter))
            report = callrules.evaluate(call, (ROOT / "examples/eligible.json").read_text(
                "utf-8"), now=callrules.parse_instant("2026-05-30T10:00:00+02:00"))
            return report.eligible, sorted(f.code for f in report.findings)

        assert verdict(_written(value, how)) == verdict(value)


# -- fields of a standard code: countries, subdivisions, currencies, languages ---------------
def standard_tables() -> dict[str, tuple[str, frozenset[str]]]:
    from callrules import _codes
    return {"country_code": ("FJ", _codes.COUNTRIES),
            "subdivision_code": ("FR-971", _codes.SUBDIVISIONS),
            "currency_code": ("EUR", _codes.CURRENCIES),
            "language_code": ("fr", _codes.LANGUAGES)}


#: Each field of a standard code a rule can compare, as the rule names it, the table it takes,
#: and the rule standing around the test of it.
STANDARD_PLACES: dict[str, tuple[str, str, Callable[[dict[str, Any]], dict[str, Any]]]] = {
    "host's country": ("host.unit.location.country", "country_code", lambda t: t),
    "visitor's country": ("institution.location.country", "country_code",
                          lambda t: {"op": "each", "path": "visitors", "rule": t}),
    "visitor's country, bound": ("$v.institution.location.country", "country_code",
                                 lambda t: {"op": "each", "path": "visitors", "as": "v",
                                            "rule": t}),
    "host's subdivision": ("host.unit.location.subdivision", "subdivision_code", lambda t: t),
    "language": ("language", "language_code", lambda t: t),
    "rate's base": ("base", "currency_code",
                    lambda t: {"op": "exists", "path": "exchange_rates", "where": t}),
    "line's currency": ("amount.currency", "currency_code", lambda t: {
        "op": "compare", "cmp": "<=", "to": EUR, "left": {
            "sum": "budget.lines", "of": "amount", "where": t}}),
}


@st.composite
def mangled(draw: st.DrawFn, table: str) -> str:
    """A code of ``table`` as applications write it, or written otherwise: in another case,
    with a letter more (an alpha-3 country), a space after it, or a code no table has."""
    example, codes = standard_tables()[table]
    code = draw(st.sampled_from(sorted(codes)) | st.just(example))
    how = draw(st.integers(0, 6))
    return [code, code.lower(), code.upper(), code.capitalize(), code + code[-1],
            code + " ", "XX"][how]


class TestAStandardCodeIsWrittenAsApplicationsWriteIt:

    @settings(max_examples=120, deadline=None)
    @given(data=st.data(), place=st.sampled_from(sorted(STANDARD_PLACES)),
           shape=st.integers(0, 4), through=st.sampled_from(["rule", "parameter", "amended"]))
    def test_a_mangled_code_never_loads(self, data: st.DataObject, place: str, shape: int,
                                        through: str) -> None:
        """Law: any rule comparing a field of a standard code (a country, a subdivision, a
        currency, a language, at any depth) with a code written in the rule, in a
        parameter or in either value of its history, loads exactly when the code is one of
        the table's, as applications write it; a mangled one (case changed, alpha-3, a
        space after it, unknown) is refused at load with the table's problem
        (``country_code``…), naming the code, located in the rule, said in four languages
        (it used to load, and refuse or pass every applicant)."""
        field, table, wrap = STANDARD_PLACES[place]
        code = data.draw(mangled(table))
        if shape == 2 and through == "rule":  # a literal on the left has no type: refused
            shape = 0
        parameters: dict[str, Any] = {}
        written: Any = code
        if through != "rule":
            example = standard_tables()[table][0]
            written = {"param": "code"}
            value = [code] if shape >= 3 else code
            other = [example] if shape >= 3 else example
            parameters["code"] = value if through == "parameter" else amended(other, value)
        call = with_rule(wrap(leaves(field, written)[shape]), parameters)
        if code in standard_tables()[table][1]:
            assert callrules.Call.from_dict(call).id == "cnrs-amsud-2026"
            return
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(call)
        error = caught.value
        assert error.code == table and repr(code) in str(error)
        assert error.loc[:2] == ("rules", len(BUNDLED["rules"]))
        assert error.words is not None
        key, values = error.words
        for lang in ("fr", "en", "es", "pt"):
            said = callrules._i18n.phrase_sentence(key, lang, **values)
            assert code.strip() in said and "%" not in said and "_" not in said

    @pytest.mark.parametrize(("line", "code"), [
        ('origins = ["FJ", "WS"]', None), ('origins = ["fj", "ws"]', "country_code"),
        ('origins = ["FJI", "WSM"]', "country_code"), ('languages = ["EN", "FR"]',
                                                       "language_code")])
    def test_the_fourteenth_attack_s_parameters_are_refused(self, line: str,
                                                           code: str | None) -> None:
        """The documented example call with its parameters' codes in the wrong case, or in
        alpha-3, loaded and refused every applicant; it is refused at load, naming the
        parameter."""
        text = (ROOT / "docs/examples/example-call.toml").read_text("utf-8")
        name = line.split(" ")[0]
        start = text.index(f"\n{name} = [", text.index("[parameters]")) + 1
        text = text[:start] + line + text[text.index("\n", start):]
        if code is None:
            callrules.Call.from_text(text, source="pacific-workshops-2027.toml")
            return
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_text(text, source="pacific-workshops-2027.toml")
        assert caught.value.code == code and f"parameter {name!r}" in str(caught.value)

    @settings(max_examples=60, deadline=None)
    @given(data=st.data(), position=st.sampled_from([0, 1]), row=st.integers(0, 20))
    def test_a_table_row_no_application_can_match_never_loads(
            self, data: st.DataObject, position: int, row: int) -> None:
        """Law: a row of a rate table looked up by a country or a subdivision holds there
        a code of the table (rows match codes without case, so "fr" is France's row) or
        "*"; any other (alpha-3, unknown, a space inside) is refused at load with the
        table's problem: no application could ever match that row."""
        table = ("country_code", "subdivision_code")[position]
        code = data.draw(mangled(table))
        call = copy.deepcopy(BUNDLED)
        rows = call["parameters"]["place_class"]["versions"][0]["rows"]
        rows[row % len(rows)]["key"][position] = code
        if code_key(code) in {code_key(c) for c in standard_tables()[table][1]}:
            try:
                callrules.Call.from_dict(call)
            except callrules.DefinitionError as error:  # the row now repeats another's codes
                assert error.code == "bad_parameter" and "never used" in str(error)
            return
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(call)
        assert caught.value.code == table and "'place_class'" in str(caught.value)
        assert caught.value.words == ("table_row_code", {"code": code})


#: Fields of constrained text a rule can compare: the rule's path, the rule around the test
#: of it, and where an application holds that field.
TEXT_PLACES: dict[str, tuple[str, Callable[[dict[str, Any]], dict[str, Any]], tuple[Any, ...]]] = {
    "unit code": ("host.unit.code", lambda t: t, ("host", "unit", "code")),
    "submitter's e-mail": ("submitter.email", lambda t: t, ("submitter", "email")),
    "visitor's e-mail": ("person.email", lambda t: {"op": "each", "path": "visitors",
                                                    "rule": t},
                         ("visitors", 0, "person", "email")),
    "affiliation": ("host.unit.affiliations", lambda t: t, ("host", "unit", "affiliations", 0)),
}


@st.composite
def texts(draw: st.DrawFn) -> str:
    """A text an application may hold, or one it may not: a space around it, a control
    character in it, no at sign in an address, nothing, too long."""
    text = draw(st.sampled_from(["UMR 7154", "CNRS", "ana@usp.br", "Université Paris Cité"]))
    how = draw(st.integers(0, 6))
    return [text, f" {text}", f"{text}\u00a0", text.replace("@", ""), f"{text}\x1b[2J", "",
            text * 120][how]


class TestATextIsWrittenAsApplicationsCanHoldIt:

    @settings(max_examples=80, deadline=None)
    @given(place=st.sampled_from(sorted(TEXT_PLACES)), text=texts(), shape=st.integers(0, 4),
           through=st.sampled_from(["rule", "parameter", "amended"]))
    def test_a_text_no_application_holds_never_loads(self, place: str, text: str, shape: int,
                                                     through: str) -> None:
        """Law: a rule comparing a field of constrained text (an identifier, an e-mail
        address, a name) with text written in the call (in the rule, in a parameter, in
        either value of its history) loads exactly when an application could hold that text
        there; otherwise it is refused at load with the problem the application would have
        (``surrounding_space``, ``string_pattern_mismatch``…), naming the text (such a rule
        never matched: with ``!=``, a rule that could never fail)."""
        field, wrap, where = TEXT_PLACES[place]
        if field.endswith("affiliations"):  # a list: it contains the text, or not
            shape, test = 0, {"op": "contains", "path": field, "value": None}
        if shape == 2 and through == "rule":
            shape = 0
        parameters: dict[str, Any] = {}
        written: Any = text
        if through != "rule":
            written = {"param": "code"}
            value = [text] if shape >= 3 else text
            other = ["x@y.fr"] if shape >= 3 else "x@y.fr"
            parameters["code"] = value if through == "parameter" else amended(other, value)
        if field.endswith("affiliations"):
            test["value"] = written
        else:
            test = leaves(field, written)[shape]
        call = with_rule(wrap(test), parameters)
        application = eligible_dict()
        holder = application
        for step in where[:-1]:
            holder = holder[step]
        holder[where[-1]] = text
        try:
            callrules.parse_application(application)
            held = True
        except callrules.InputError as exc:
            held = False
            problem = exc.problems[0].type
        if held:
            assert callrules.Call.from_dict(call).id == "cnrs-amsud-2026"
            return
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(call)
        if "\x1b" in text:  # refused in any text of a call, and said so there
            assert caught.value.code == "control_character"
        else:
            assert caught.value.code == problem
            assert repr(text)[:40] in str(caught.value)
            assert caught.value.words == ("rule_text_never_held", {"code": text})


#: A text of each kind a field refuses, compared with the field by a rule: an address that is
#: no address (each way of being one), a code not of its list, a space around, too long.
REFUSED_TEXTS = [
    ("submitter.email", "café"), ("submitter.email", "mailto:a@x.org"),
    ("submitter.email", "<a@x.org>"), ("submitter.email", "a@x.org."),
    ("submitter.email", "a b@x.org"), ("host.person.email", "a@@x.org"),
    ("submitter.email", "a\u0301\u0301b@x.org"), ("submitter.email", "a@xn--.org"),
    ("host.unit.location.country", "en"), ("host.unit.location.subdivision", "Paris"),
    ("language", "ENGLISH"), ("host.role", " engineer"), ("host.role", "x" * 101),
    ("host.unit.code", "UMR 7154 "),
]


class TestARefusedTextIsToldInWords:

    @pytest.mark.parametrize(("path", "text"), REFUSED_TEXTS)
    def test_the_refusal_says_what_an_application_would_be_told_without_a_placeholder(
            self, path: str, text: str) -> None:
        """A rule comparing a field with text it never holds is refused with the words the
        application would get for that text (its value named, never a template's
        ``{value}`` left unfilled), and in each language of the library."""
        call = with_rule({"op": "compare", "path": path, "cmp": "==", "to": text})
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(call)
        said = [str(caught.value)] + [caught.value.message_in(lang)
                                      for lang in ("en", "fr", "es", "pt")]
        for words in said:
            assert not re.search(r"\{\w+\}|%\(\w+\)", words), words
        assert caught.value.words is not None and caught.value.words[1]["code"] == text
        assert repr(text)[:40] in str(caught.value)

    def test_braces_in_the_author_s_text_keep_the_precise_refusal(self) -> None:
        """Braces the author wrote (``op = "{x}"``) quoted by pydantic in its message are
        no unfilled placeholder: the refusal keeps the precise words naming the text and
        the accepted values, never a vaguer one."""
        call = copy.deepcopy(BUNDLED)
        call["rules"][0]["check"]["op"] = "{x}"
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(call)
        assert "'{x}'" in str(caught.value) and "'compare'" in str(caught.value)

    def test_a_pattern_s_braces_are_no_placeholder(self) -> None:
        """pydantic's message for a pattern with a repeat count (``{2}``) is kept whole."""
        with pytest.raises(ValidationError) as caught:
            TypeAdapter(Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
                        ).validate_python("fra")
        error, = caught.value.errors()
        assert error_text(error) == error["msg"] and "{2}" in error["msg"]
