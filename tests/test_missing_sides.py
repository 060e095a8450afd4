"""A comparison inside a test (a filter's ``where``, the rule under ``not``) is a question:
with a value missing on either side it does not hold, whichever side is written first, so a
missing value never selects an item; ``not`` of it holds, as ``not`` of a comparison whose
left side is missing always did. A requirement (a comparison outside any test) is unchanged:
a missing right side holds there, the other field's own rule reporting it.

Every evaluator says so alike: the explanations, the generated decision, and a filter served
by an index as the same filter read item by item."""

from __future__ import annotations

import copy
import functools
import json
import operator
import re
from datetime import UTC, datetime
from typing import Any
from unittest import mock

from hypothesis import example, given
from hypothesis import strategies as st

import callrules
from callrules._paths import path_key
from callrules._places import field_label
from callrules.language import checker
from tests.conftest import eligible_dict
from tests.helpers import code_tokens
from tests.laws import settings
from tests.test_indexed_filters import _base_call, decided, holds, outcome, unindexed

NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)
#: The item's side (a document's field) and the outer item's (a visitor's: the second
#: visitor of the example has no subdivision).
ITEM_SIDES = ["owner", "title"]
OUTER_SIDES = ["$v.id", "$v.institution.location.subdivision"]
#: What a document's compared field holds: the visitors' ids, the first one's subdivision,
#: a value written otherwise, nothing.
VALUES = ["v1", "v2", "BR-SP", "V1", None]
_OPS = {"==": operator.eq, "!=": operator.ne}


def comparison(item: str, outer: str, cmp: str, item_first: bool, spelling: str,
               folded: bool) -> dict[str, Any]:
    """``item cmp outer`` written with either side first, as ``path``/``to`` or as
    ``left``/``to`` (an expression), with or without ``case_insensitive``."""
    first, second = (item, outer) if item_first else (outer, item)
    if spelling == "left":
        return {"op": "compare", "left": {"path": first}, "cmp": cmp, "to": {"path": second}}
    rule: dict[str, Any] = {"op": "compare", "path": first, "cmp": cmp,
                            "to": {"path": second}}
    if folded:
        rule["case_insensitive"] = True
    return rule


@st.composite
def cases(draw: st.DrawFn) -> tuple[dict[str, Any], list[tuple[str, str, str, str, bool]]]:
    """A filter (the comparison alone, among another test of the item, or under ``not``)
    over the documents for each visitor, in every order and spelling of its comparison: the
    shape of the filter, and the comparisons written (all the same question)."""
    item = draw(st.sampled_from(ITEM_SIDES))
    outer = draw(st.sampled_from(OUTER_SIDES))
    cmp = draw(st.sampled_from(["==", "!="]))
    folded = draw(st.booleans())
    shape = draw(st.sampled_from(["alone", "among", "not"]))
    return {"item": item, "outer": outer, "cmp": cmp, "folded": folded, "shape": shape}, [
        (item, outer, cmp, spelling, first) for spelling in ("path", "left")
        for first in (True, False)]


def where_of(shape: str, compared: dict[str, Any]) -> dict[str, Any]:
    if shape == "among":
        return {"op": "all", "rules": [{"op": "in", "path": "kind", "set": ["cv", "other"]},
                                       compared]}
    if shape == "not":
        return {"op": "not", "rule": compared}
    return compared


def call_of(where: dict[str, Any], counted: bool = True) -> dict[str, Any]:
    """For each visitor: some document the filter keeps, and (``counted``) none (the count's
    finding says how many it keeps)."""
    exists = {"op": "exists", "path": "$root.documents", "where": where,
              "requirement": {"en": "a document", "fr": "un document"}}
    count = {"op": "compare", "left": {"count": "$root.documents", "where": where},
             "cmp": "<=", "to": 0}
    return _base_call([{"op": "each", "path": "visitors", "as": "v", "rule": rule}
                       for rule in ((exists, count) if counted else (exists,))])


@st.composite
def applications(draw: st.DrawFn, field: str) -> dict[str, Any]:
    data = eligible_dict()
    documents = []
    for _ in range(draw(st.integers(0, 4))):
        document: dict[str, Any] = {"kind": draw(st.sampled_from(["cv", "other"])),
                                    "pages": 1}
        value = draw(st.sampled_from(VALUES))
        if value is not None:
            document[field] = value
        documents.append(document)
    data["documents"] = documents
    return data


def _visitor_value(visitor: dict[str, Any], outer: str) -> Any:
    value: Any = visitor
    for part in outer.removeprefix("$v.").split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def expected(case: dict[str, Any], data: dict[str, Any]) -> list[int]:
    """How many documents the filter keeps for each visitor: a comparison holds only with a
    value on both sides (texts without case when ``case_insensitive``)."""
    fold = (lambda t: t.lower()) if case["folded"] else (lambda t: t)
    out = []
    for visitor in data["visitors"]:
        theirs = _visitor_value(visitor, case["outer"])
        kept = 0
        for document in data["documents"]:
            mine = document.get(case["item"])
            compared = mine is not None and theirs is not None and _OPS[case["cmp"]](
                fold(mine), fold(theirs))
            if case["shape"] == "not":
                compared = not compared
            elif case["shape"] == "among":
                compared = compared and document["kind"] in ("cv", "other")
            kept += compared
        out.append(kept)
    return out


def verdicts(call: callrules.Call, data: dict[str, Any]) -> tuple[Any, ...]:
    """What each evaluator says: the report, each rule's reading by the explanations, and
    the rules the generated decision fails."""
    return outcome(call, data), holds(call, data), decided(call, data)


def said_plainly(found: tuple[Any, ...]) -> tuple[Any, ...]:
    """The verdicts without the rule as written that each finding keeps (two orders are two
    writings): codes, places and inputs."""
    report, read, failed = found
    if report[0] == "judged":
        report = (*report[:2], tuple((f.code, f.loc, f.input) for f in report[2]))
    return report, read, failed



def _said(report: callrules.Report) -> list[tuple[Any, ...]]:
    """What ``report`` says of each finding: its code, path and input, and its message in
    each language (a rule at the root and inside ``each`` compared by it)."""
    return [(f.code, f.path, f.input, tuple(report.message_of(f, lang) for lang in LANGS))
            for f in report.findings]


class TestAMissingSideNeverSelects:
    @settings(max_examples=120, deadline=None)
    @given(st.data())
    def test_every_order_and_evaluator_gives_the_same_verdict(self, data: st.DataObject
                                                              ) -> None:
        """Law: a filter's comparison × either side first × ``path`` or ``left`` × values
        present or missing × explanations, generated decision, index or item by item → the
        same verdict, and the one a programme officer reads: the documents kept are those
        with a value on both sides that compare (for ``not``, all the others)."""
        case, written = data.draw(cases())
        apps = data.draw(st.lists(applications(case["item"]), min_size=1, max_size=3))
        said = None
        for item, outer, cmp, spelling, first in written:
            compared = comparison(item, outer, cmp, first, spelling,
                                  case["folded"] and spelling == "path")
            if case["folded"] and spelling == "left":
                continue  # (an expression compares texts as they are)
            raw = call_of(where_of(case["shape"], compared))
            # (an expression on a side is never indexed: read item by item, it may take
            # more work than the bound lets load, as written in the law's two shapes)
            with mock.patch.object(checker, "WORK_LIMIT", 10 ** 12), \
                    mock.patch.object(checker, "CALL_WORK_LIMIT", 10 ** 13):
                indexed = callrules.Call.from_dict(raw)
            with unindexed():
                plain = callrules.Call.from_dict(copy.deepcopy(raw))
            for app in apps:
                found = verdicts(indexed, app)
                assert found == verdicts(plain, app), (compared, app["documents"])
                report = found[0]
                assert report[0] == "judged"
                counts = expected(case, app)
                none = {f.loc for f in report[2] if f.code == "none_matching"}
                assert none == {("visitors", i) for i, n in enumerate(counts) if n == 0}, (
                    compared, app["documents"])
                over = {(f.loc[:2], f.input) for f in report[2] if f.code == "above_maximum"}
                assert over == {(("visitors", i), n) for i, n in enumerate(counts) if n}, (
                    compared, app["documents"])
            key = [said_plainly(verdicts(indexed, app)) for app in apps]
            assert said is None or key == said, compared
            said = key

    def test_the_document_that_names_no_one_is_no_one_s(self) -> None:
        """The fixer's example (quality notes, session 32): a CV that names no one is no
        visitor's, written ``owner == $v.id`` or ``$v.id == owner`` (it was every visitor's,
        written the second way: 2 findings became 0)."""
        app = eligible_dict()
        app["documents"] = [app["documents"][0], {"kind": "cv", "pages": 1}]
        for compared in ({"op": "compare", "path": "owner", "cmp": "==",
                          "to": {"path": "$v.id"}},
                         {"op": "compare", "path": "$v.id", "cmp": "==",
                          "to": {"path": "owner"}}):
            call = callrules.Call.from_dict(call_of({"op": "all", "rules": [
                {"op": "in", "path": "kind", "set": ["cv"]}, compared]}, counted=False))
            report = callrules.evaluate(call, app, now=NOW)
            assert [(f.code, f.loc) for f in report.findings] == [
                ("none_matching", ("visitors", 0)), ("none_matching", ("visitors", 1))]
            assert call.program.decide(call.parse(app)) == [0]

    def test_not_of_a_comparison_with_a_missing_side_holds_either_way(self) -> None:
        """``not`` outside a filter is a test too: of a comparison with a side missing it
        holds, whichever side is written first (the second visitor has no subdivision)."""
        app = eligible_dict()
        for compared in ({"op": "compare", "path": "institution.location.subdivision",
                          "cmp": "==", "to": {"path": "id"}},
                         {"op": "compare", "path": "id", "cmp": "==",
                          "to": {"path": "institution.location.subdivision"}},
                         {"op": "compare", "left": {"path": "id"}, "cmp": "==",
                          "to": {"path": "institution.location.subdivision"}}):
            call = callrules.Call.from_dict(_base_call([{"op": "each", "path": "visitors",
                                                         "rule": {"op": "not",
                                                                  "rule": compared}}]))
            report = callrules.evaluate(call, app, now=NOW)
            assert report.eligible and call.program.decide(call.parse(app)) == [], compared

    def test_a_requirement_still_leaves_a_missing_right_side_to_its_own_rule(self) -> None:
        """Outside a test nothing changes: a comparison whose right side is missing holds,
        the other field's own rule reporting it; a missing left side is ``missing``."""
        app = eligible_dict()
        for compared, codes in (
                ({"op": "compare", "path": "id", "cmp": "==",
                  "to": {"path": "institution.location.subdivision"}}, ["not_equal"]),
                ({"op": "compare", "left": {"path": "id"}, "cmp": "==",
                  "to": {"path": "institution.location.subdivision"}}, ["not_equal"]),
                ({"op": "compare", "path": "institution.location.subdivision", "cmp": "==",
                  "to": {"path": "id"}}, ["not_equal", "missing"])):
            call = callrules.Call.from_dict(_base_call([{"op": "each", "path": "visitors",
                                                         "rule": compared}]))
            report = callrules.evaluate(call, app, now=NOW)
            assert [f.code for f in report.findings] == codes, compared


#: The fields of a visitor an alternative compares: two always given, two optional (the
#: second visitor of the example gives no subdivision).
VISITOR_SIDES = ["id", "person.family_name", "institution.location.city",
                 "institution.location.subdivision"]
#: What a visitor's city holds: another field's value, a value of its own, nothing.
CITIES = ["v1", "Silva", "BR-SP", "Lima", None]


@st.composite
def alternatives(draw: st.DrawFn) -> list[dict[str, Any]]:
    """One to three comparisons of a visitor's fields with each other, either side first,
    as ``path``/``to`` or ``left``/``to``, ``==`` or ``!=``."""
    out = []
    for _ in range(draw(st.integers(1, 3))):
        first, second = draw(st.permutations(VISITOR_SIDES))[:2]
        cmp = draw(st.sampled_from(["==", "!="]))
        if draw(st.booleans()):
            out.append({"op": "compare", "left": {"path": first}, "cmp": cmp,
                        "to": {"path": second}})
        else:
            out.append({"op": "compare", "path": first, "cmp": cmp, "to": {"path": second}})
    return out


@st.composite
def visitors_given(draw: st.DrawFn) -> dict[str, Any]:
    """The example with each visitor's city and subdivision given or left out."""
    data = eligible_dict()
    for visitor in data["visitors"]:
        location = visitor["institution"]["location"]
        city = draw(st.sampled_from(CITIES))
        if city is None:
            location.pop("city", None)
        else:
            location["city"] = city
        if draw(st.booleans()):
            location.pop("subdivision", None)
    return data


def _read(visitor: dict[str, Any], path: str) -> Any:
    value: Any = visitor
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def alternative_holds(rule: dict[str, Any], visitor: dict[str, Any]) -> bool:
    """The plain reading of an alternative: it holds with a value on both sides that
    compare."""
    mine = _read(visitor, rule.get("path") or rule["left"]["path"])
    theirs = _read(visitor, rule["to"]["path"])
    return mine is not None and theirs is not None and _OPS[rule["cmp"]](mine, theirs)


class TestAnAlternativeWithAMissingSide:
    @settings(max_examples=150, deadline=None)
    @given(alternatives(), visitors_given())
    def test_any_holds_only_by_an_alternative_with_both_sides(
            self, rules: list[dict[str, Any]], data: dict[str, Any]) -> None:
        """Law: random alternatives × sides given or left out × explanations, generated
        decision and report → ``any`` holds for a visitor only when an alternative has a
        value on both sides that compare; when none does, each alternative's findings are
        given, a side left out said ``missing`` where it is."""
        call = callrules.Call.from_dict(_base_call([
            {"op": "each", "path": "visitors", "rule": {"op": "any", "rules": rules}}]))
        wanted = [any(alternative_holds(rule, v) for rule in rules) for v in data["visitors"]]
        report, read, failed = verdicts(call, data)
        assert report[0] == "judged" and report[1] == all(wanted)
        assert read == [all(wanted)] and failed == ([] if all(wanted) else [0])
        for f in report[2]:
            assert not wanted[f.loc[1]]
            if f.code == "missing":  # where the value is left out, never a side given
                assert _read(data["visitors"][f.loc[1]], ".".join(map(str, f.loc[2:]))) is None
                # said as needed by the condition, not as required (no alternative requires it)
                assert "needed to judge this condition" in f.message("en"), f.message("en")
        assert {f.loc[1] for f in report[2]} == {i for i, w in enumerate(wanted) if not w}
        # a value left out is said once where it is, however many alternatives read it
        left_out = [f.loc for f in report[2] if f.code == "missing"]
        assert len(left_out) == len(set(left_out)), left_out

    def test_an_optional_field_left_out_satisfies_no_alternative(self) -> None:
        """The open case of session 33: ``any`` of a comparison with an optional field on
        the right passed a visitor who left it out (vacuously); now the alternative fails and
        says the field is missing, where it is."""
        app = eligible_dict()  # the second visitor gives no subdivision
        call = callrules.Call.from_dict(_base_call([{"op": "each", "path": "visitors",
                                                     "rule": {"op": "any", "rules": [
            {"op": "compare", "path": "id", "cmp": "!=",
             "to": {"path": "institution.location.subdivision"}}]}}]))
        report = callrules.evaluate(call, app, now=NOW)
        assert [(f.code, f.loc) for f in report.findings] == [
            ("missing", ("visitors", 1, "institution", "location", "subdivision"))]
        assert call.program.decide(call.parse(app)) == [0]
        assert "Region" in report.findings[0].message("en")

    def test_a_field_two_alternatives_read_is_said_once_as_needed(self) -> None:
        """Attack 36b: two alternatives reading the same optional field left out gave two
        identical findings at one place (« Erreurs (6) », « Visiteur 1 (Joana Silva) — fin »
        twice), said "required" of a field the call declares optional. Now one finding a
        field and place, said as needed to judge the condition, in four languages."""
        names = {lang: "T" for lang in ("en", "fr", "es", "pt")}
        label = {"en": "End", "fr": "Fin", "es": "Fin", "pt": "Fim"}
        call = callrules.Call.from_dict({
            "id": "any3", "version": "1", "languages": list(names), "title": names,
            "timezone": "Europe/Paris", "currency": "EUR",
            "timeline": {"deadline": "2027-06-01T17:00:00"},
            "clauses": [{"id": "c", "title": names, "text": names}],
            "fields": {"visitors": {"end": {"type": "date", "label": label},
                                    "ext": {"type": "date", "label": label},
                                    "n": {"type": "integer", "label": label},
                                    "m": {"type": "integer", "label": label}}},
            "rules": [{"clause": "c", "check": {"op": "each", "path": "visitors", "rule": {
                "op": "any", "rules": [
                    {"op": "compare", "path": "fields.end", "cmp": "<=",
                     "to": {"path": "fields.ext"}},
                    {"op": "compare", "path": "fields.end", "cmp": ">=",
                     "to": {"shift": {"path": "fields.ext"}, "days": 3}},
                    {"op": "compare", "path": "fields.n", "cmp": "<=",
                     "to": {"path": "fields.m"}}]}}}]})
        for given_, left_out in (({}, "end"), ({"end": "2026-01-01"}, "ext"),
                                 ({"ext": "2026-01-01"}, "end")):
            app = eligible_dict()
            for visitor in app["visitors"]:
                visitor["fields"] = dict(given_)
            report = callrules.evaluate(call, app, now=NOW)
            assert [(f.code, f.loc[1:]) for f in report.findings] == [
                ("missing", (i, "fields", field))
                for i in range(2) for field in (left_out, "n")]
            words = {lang: report.findings[0].message(lang) for lang in names}
            assert words == {
                "en": "End: this information is needed to judge this condition and was not "
                      "given.",
                "fr": "Fin\u202f: cette information est nécessaire pour juger cette condition "
                      "et n’a pas été fournie.",
                "es": "Fin: este dato es necesario para juzgar esta condición y no se ha "
                      "indicado.",
                "pt": "Fim: esta informação é necessária para julgar esta condição e não foi "
                      "fornecida."}
            assert "Erreurs (4)\u202f:" in report.render("fr")


@st.composite
def keyed_filters(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A filter over the documents for each visitor keyed by a comparison with the visitor
    (alone, after a test of the document, or before a test reading the visitor), written
    with the document's field first and with the visitor's: the two writings."""
    item = draw(st.sampled_from(ITEM_SIDES))
    outer = draw(st.sampled_from(OUTER_SIDES))
    cmp = draw(st.sampled_from(["==", "!="]))
    folded = draw(st.booleans())
    shape = draw(st.sampled_from(["alone", "among", "reading"]))
    written = []
    for first, second in ((item, outer), (outer, item)):
        key: dict[str, Any] = {"op": "compare", "path": first, "cmp": cmp,
                               "to": {"path": second}}
        if folded:
            key["case_insensitive"] = True
        if shape == "among":
            key = {"op": "all", "rules": [{"op": "in", "path": "kind", "set": ["cv"]}, key]}
        elif shape == "reading":
            key = {"op": "all", "rules": [key, {"op": "compare", "path": "title", "cmp": "!=",
                                                "to": {"path": "$v.person.family_name"}}]}
        written.append(key)
    return written[0], written[1]


class TestEitherOrderIndexed:
    @settings(max_examples=80, deadline=None)
    @given(keyed_filters(), st.lists(applications("owner"), min_size=1, max_size=2),
           st.sampled_from(VALUES))
    def test_both_orders_load_alike_and_say_the_same(
            self, filters: tuple[dict[str, Any], dict[str, Any]],
            apps: list[dict[str, Any]], title: str | None) -> None:
        """Law: a filter keyed by ``field == $v.path`` and by ``$v.path == field`` (``==`` or
        ``!=``, case kept or not, alone, among a test of the item, before a test reading
        the visitor) → the same estimate of the call's work (both served by the index, or
        neither) and the same verdict every way, index or item by item."""
        # (a count whose filter's other test reads the visitor is read item by item, written
        # either way, and may take more work than the bound lets load)
        with mock.patch.object(checker, "WORK_LIMIT", 10 ** 12), \
                mock.patch.object(checker, "CALL_WORK_LIMIT", 10 ** 13):
            mine, theirs = (callrules.Call.from_dict(call_of(f)) for f in filters)
        assert mine.program.work == theirs.program.work, filters
        with unindexed():
            plain = callrules.Call.from_dict(call_of(filters[1]))
        for app in apps:
            for document in app["documents"]:
                if title is not None:
                    document["title"] = title
            said = said_plainly(verdicts(mine, app))
            assert said == said_plainly(verdicts(theirs, app)), (filters, app["documents"])
            assert said == said_plainly(verdicts(plain, app)), (filters, app["documents"])

    def test_a_long_count_loads_written_either_way(self) -> None:
        """The open case of session 33: ``count … where kind in [cv] and $v.id == owner``
        was read item by item and refused for its work (20.1 M steps) where ``owner ==
        $v.id`` loads (338,004): now both load at 338,004."""
        works = []
        for key in ({"op": "compare", "path": "owner", "cmp": "==", "to": {"path": "$v.id"}},
                    {"op": "compare", "path": "$v.id", "cmp": "==", "to": {"path": "owner"}}):
            call = callrules.Call.from_dict(call_of({"op": "all", "rules": [
                {"op": "in", "path": "kind", "set": ["cv"]}, key]}))
            works.append(call.program.work)
        assert works[0] == works[1] < checker.CALL_WORK_LIMIT


# -- a field left out, said once where it is ------------------------------------------------
#: Optional fields a rule inside ``each visitors`` reads: the visitor's own, and the host's
#: read from the whole application (``$root``), each with a value that never passes and the
#: value the application gives when it gives one (never equal to it).
ROOT_FIELDS = {"$root.host.unit.location.subdivision": ("FR-75C", "FR-69"),
               "$root.host.unit.location.city": ("Nowhere", "Paris"),
               "$root.host.unit.kind": ("EPIC", "UMR")}
ITEM_FIELDS = {"institution.location.subdivision": ("BR-RJ", "BR-SP"),
               "institution.location.city": ("Nowhere", "Sao Paulo")}
#: Fields compared with each other (the same kind of value on both sides).
PAIRS = [("institution.location.city", "$root.host.unit.location.city"),
         ("$root.host.unit.location.city", "institution.location.city"),
         ("institution.location.subdivision", "$root.host.unit.location.subdivision")]


def _leaves() -> st.SearchStrategy[dict[str, Any]]:
    """A comparison of a field with a value that never passes, or of two fields, written
    with ``path`` or with ``left`` (an expression side)."""
    fixed = st.builds(lambda path, left: {
        "op": "compare", **({"left": {"path": path}} if left else {"path": path}),
        "cmp": "==", "to": {**ROOT_FIELDS, **ITEM_FIELDS}[path][0]},
        st.sampled_from(sorted({**ROOT_FIELDS, **ITEM_FIELDS})), st.booleans())
    paired = st.builds(lambda pair, left: {
        "op": "compare", **({"left": {"path": pair[0]}} if left else {"path": pair[0]}),
        "cmp": "==", "to": {"path": pair[1]}}, st.sampled_from(PAIRS), st.booleans())
    return st.one_of(fixed, paired)


#: A rule inside ``each visitors``: a comparison alone, or ``any``/``all`` of two or three
#: rules, two levels deep.
SHAPES = st.recursive(_leaves(), lambda inner: st.builds(
    lambda op, rules: {"op": op, "rules": rules}, st.sampled_from(["any", "all"]),
    st.lists(inner, min_size=2, max_size=3)), max_leaves=6)


def _fixed_reads(rule: dict[str, Any]) -> set[str]:
    """The fields ``rule`` compares with a fixed value."""
    if "rules" in rule:
        return set().union(*(_fixed_reads(r) for r in rule["rules"]))
    return set() if isinstance(rule["to"], dict) else {
        rule["left"]["path"] if "left" in rule else rule["path"]}


class TestAFieldLeftOutIsSaidOnceWhereItIs:
    @settings(max_examples=150, deadline=None)
    @given(SHAPES, st.sets(st.sampled_from(sorted({**ROOT_FIELDS, **ITEM_FIELDS}))),
           st.integers(1, 3))
    def test_each_field_left_out_is_said_once_by_its_label_where_it_is(
            self, rule: dict[str, Any], left_out: set[str], visitors: int) -> None:
        """Law: ``each visitors`` of random ``any``/``all`` shapes reading the visitor's
        fields and the host's (``$root``), any of them left out → every ``missing`` finding
        is at a field left out, the host's at the host's own place (never at a visitor, nor
        named « Visitors »: attack 37b), each place said once (not once a visitor, nor once
        for each part of an ``all`` reading it), by the field's own label; and a host's
        field left out that decides the rule is said."""
        call = callrules.Call.from_dict(_base_call([
            {"op": "each", "path": "visitors", "rule": rule}]))
        data = eligible_dict()
        data["visitors"] = [copy.deepcopy(data["visitors"][0]) for _ in range(visitors)]
        for i, visitor in enumerate(data["visitors"]):
            visitor["id"] = f"v{i + 1}"
        data["budget"]["lines"] = [line for line in data["budget"]["lines"]
                                   if line["beneficiary"] == "v1"]
        data["documents"] = [d for d in data["documents"] if d.get("owner") in (None, "v1")]
        for path, (_, given_) in {**ROOT_FIELDS, **ITEM_FIELDS}.items():
            parts = path.removeprefix("$root.").split(".")
            holders = [data] if path.startswith("$root.") else data["visitors"]
            for holder in holders:
                for part in parts[:-1]:
                    holder = holder[part]
                if path in left_out:
                    holder.pop(parts[-1], None)
                else:
                    holder[parts[-1]] = given_
        report = callrules.evaluate(call, data, now=NOW)
        missing = [f for f in report.findings if f.code == "missing"]
        places = [f.loc for f in missing]
        assert len(places) == len(set(places)), places  # once a place
        for finding in missing:
            if finding.loc[0] == "visitors":
                key = ".".join(map(str, finding.loc[2:]))
                assert key in left_out and key in ITEM_FIELDS, finding.loc
                assert _read(data["visitors"][finding.loc[1]], key) is None
            else:
                key = "$root." + ".".join(map(str, finding.loc))
                assert key in left_out and key in ROOT_FIELDS, finding.loc
                assert finding.input is None
            label = field_label(path_key(key) if key.startswith("$root.") else
                                f"visitors.{key}", "en", call.labels)
            assert finding.message("en").lower().startswith(label.lower()), (
                finding.message("en"), label)
            assert not finding.message("en").startswith("Visitors")
        # and every field left out that a comparison with a fixed value reads is said (each
        # such comparison fails: no value given passes, nor one left out)
        for path in _fixed_reads(rule) & left_out:
            if path in ROOT_FIELDS:
                assert tuple(path.removeprefix("$root.").split(".")) in places, path
            else:
                for i in range(visitors):
                    assert ("visitors", i, *path.split(".")) in places, path

    def test_the_hosts_region_in_an_alternative_is_named_once(self) -> None:
        """Attack 37b's case: ``each visitors: any [ institution…subdivision == BR-SP,
        $root.host.unit.location.subdivision == FR-75C ]`` with every region left out: one
        finding a visitor for the visitor's region, and one for the host's, at the host's
        place, named by its label in four languages (« Visitors » had been named, once a
        visitor)."""
        call = callrules.Call.from_dict(_base_call([{"op": "each", "path": "visitors",
                                                     "rule": {"op": "any", "rules": [
            {"op": "compare", "path": "institution.location.subdivision", "cmp": "==",
             "to": "BR-SP"},
            {"op": "compare", "path": "$root.host.unit.location.subdivision", "cmp": "==",
             "to": "FR-75C"}]}}]))
        data = eligible_dict()
        data["host"]["unit"]["location"].pop("subdivision", None)
        for visitor in data["visitors"]:
            visitor["institution"]["location"].pop("subdivision", None)
        report = callrules.evaluate(call, data, now=NOW)
        assert [f.path for f in report.findings] == [
            "visitors[0].institution.location.subdivision", "host.unit.location.subdivision",
            "visitors[1].institution.location.subdivision"]
        host = report.findings[1]
        assert host.message("en").startswith("Region of the host unit: this information is "
                                             "needed")
        assert host.message("fr").startswith("Région de l’unité d’accueil\u202f:")

    def test_two_parts_of_all_reading_one_field_say_it_once(self) -> None:
        """Attack 37b: two parts of one ``all`` reading the same field left out gave two
        findings at one place (``any`` said it once since ms36): now once, said as required
        when a part requires it."""
        call = callrules.Call.from_dict(_base_call([{"op": "each", "path": "visitors",
                                                     "rule": {"op": "all", "rules": [
            {"op": "compare", "path": "institution.location.city", "cmp": "==", "to": "X"},
            {"op": "compare", "path": "institution.location.city", "cmp": "!=", "to": "Y"},
            {"op": "any", "rules": [
                {"op": "compare", "path": "institution.location.city", "cmp": "==",
                 "to": "Z"},
                {"op": "compare", "path": "$root.host.unit.kind", "cmp": "==",
                 "to": "UMR"}]}]}}]))
        data = eligible_dict()
        for visitor in data["visitors"]:
            visitor["institution"]["location"].pop("city", None)
        data["host"]["unit"].pop("kind", None)
        report = callrules.evaluate(call, data, now=NOW)
        assert [(f.path, f.ctx) for f in report.findings] == [
            ("visitors[0].institution.location.city", {}),
            ("host.unit.kind", {"needed": True}),
            ("visitors[1].institution.location.city", {})]

    def test_an_expression_side_of_the_host_left_out_is_said_not_the_side_given(self) -> None:
        """An alternative ``stay.arrival <= shift($root.fields.start, +1 day)`` with the
        application's own date left out said the visitor's arrival was missing (given), at
        each visitor; now the date left out, once, by its label, where it is."""
        call = callrules.Call.from_dict({**_base_call([{"op": "each", "path": "visitors",
                                                        "rule": {"op": "any", "rules": [
            {"op": "compare", "left": {"path": "stay.arrival"}, "cmp": "<=",
             "to": {"shift": {"path": "$root.fields.start"}, "days": 1}},
            {"op": "compare", "path": "category", "cmp": "==", "to": "x"}]}}]),
            "fields": {"application": {"start": {"type": "date", "label": {
                "en": "Start of works", "fr": "Début des travaux"}}}}})
        report = callrules.evaluate(call, eligible_dict(), now=NOW)
        assert [(f.code, f.path) for f in report.findings] == [
            ("missing", "fields.start"), ("not_equal", "visitors[0].category"),
            ("not_equal", "visitors[1].category")]
        assert report.findings[0].message("en") == (
            "Start of works: this information is needed to judge this condition and was not "
            "given.")


# -- a field of the whole application read inside a list, said as at the root ---------------
#: Codes of two vocabularies (the host's position, the documents' kinds) and their labels in
#: four languages; no label holds another, nor a code.
ROLES = {"r_eng": "Tenured engineer", "r_dir": "Director of research",
         "r_tech": "Bench technician"}
KINDS = {"k_cv": "Curriculum vitae", "k_desc": "Description of the project",
         "k_letter": "Letter of support", "k_annex": "Annex sheet"}
LANGS = ("en", "fr", "es", "pt")


def _labelled(values: dict[str, str]) -> dict[str, dict[str, str]]:
    return {code: {lang: f"{label} ({lang})" for lang in LANGS}
            for code, label in values.items()}


def _vocabulary_call(rule: dict[str, Any], template: bool) -> dict[str, Any]:
    words = {lang: "W" for lang in LANGS}
    written: dict[str, Any] = {"clause": "c", "check": rule}
    if template:  # a call's own words for the finding, with the values found
        written["messages"] = {code: {lang: f"%({name})s" for lang in LANGS}
                               for code, name in (("not_included", "found"),
                                                  ("unknown_reference", "known"))}
    return {"id": "vr", "version": "1", "languages": list(LANGS), "title": words,
            "timezone": "Europe/Paris", "currency": "EUR",
            "timeline": {"deadline": "2026-06-01T17:00:00"},
            "clauses": [{"id": "c", "title": words, "text": words}],
            "vocabularies": {
                "roles": {"fields": ["host.role"], "values": _labelled(ROLES)},
                "kinds": {"fields": ["documents.kind"], "values": _labelled(KINDS)}},
            "rules": [written]}


@st.composite
def root_rules(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A rule over the host's position or the documents' kinds: ``compare``, ``in``,
    ``not_in`` (a fixed set or the documents' kinds), ``contains``; written at the root and
    as read from the root (``$root.…``) inside ``each visitors``."""
    op = draw(st.sampled_from(["compare", "in", "not_in", "contains", "in_path",
                               "not_in_path"]))
    roles = sorted(ROLES)
    if op == "compare":
        rule = {"op": "compare", "path": "host.role", "cmp": draw(st.sampled_from(["==", "!="])),
                "to": draw(st.sampled_from(roles))}
    elif op in ("in", "not_in"):
        rule = {"op": op, "path": "host.role",
                "set": draw(st.lists(st.sampled_from(roles), min_size=1, unique=True))}
    elif op == "contains":
        rule = {"op": "contains", "path": "documents.kind",
                "value": draw(st.sampled_from(sorted(KINDS)))}
    else:
        rule = {"op": op.removesuffix("_path"), "path": "host.role",
                "set": {"path": "documents.kind"}}
    inside = copy.deepcopy(rule)
    inside["path"] = "$root." + inside["path"]
    if isinstance(inside.get("set"), dict):
        inside["set"]["path"] = "$root." + inside["set"]["path"]
    return rule, {"op": "each", "path": "visitors", "rule": inside}


class TestAFieldOfTheWholeApplicationIsSaidAsAtTheRoot:
    @settings(max_examples=200, deadline=None)
    @given(root_rules(), st.sampled_from(sorted(ROLES)),
           st.lists(st.sampled_from(sorted(KINDS)), max_size=6), st.booleans())
    def test_the_same_words_labels_and_place_as_at_the_root(
            self, rules: tuple[dict[str, Any], dict[str, Any]], role: str, kinds: list[str],
            template: bool) -> None:
        """Law: a rule over a field of the whole application read inside ``each visitors``
        (``$root.host.role``, ``$root.documents.kind``: compare, in, not_in, contains, in a
        set read from the application) says exactly what the same rule at the root says, in
        four languages: its findings at the same places, each once (not once a visitor), by
        the field's label and its values' labels (attack 38b: « Visiteurs : la valeur donnée ;
        attendu : research director »); no code of a vocabulary where it has a label, no
        value said twice in a list (« cv et cv »)."""
        at_root, inside = rules
        data = eligible_dict()
        data["host"]["role"] = role
        data["documents"] = [{"kind": kind, "pages": 1} for kind in kinds]
        said = []
        for rule in (at_root, inside):
            call = callrules.Call.from_dict(_vocabulary_call(rule, template))
            report = callrules.evaluate(call, data, now=NOW)
            said.append(_said(report))
        assert said[0] == said[1]
        codes = {**ROLES, **KINDS}
        for code, _, value, messages in said[1]:
            for lang, message in zip(LANGS, messages, strict=True):
                assert not any(c in message or c.replace("_", " ") in message
                               for c in codes), message
                assert not code_tokens(message), message
                shown = {f"{codes[value]} ({lang})"} if value in codes else set()
                for label in codes.values():
                    worded = f"{label} ({lang})"
                    # once in a list; the value judged also as itself (« A » excluded: A)
                    assert message.count(worded) <= 1 + (worded in shown), (code, message)

    def test_the_host_s_position_is_said_by_its_label_once(self) -> None:
        """Attack 38b's call: `$root.host.role == research_director` inside each visitors
        is « Fonction … : Tenured engineer (fr) ; attendu : Director of research (fr) »,
        once, at the host's position (was « Visiteurs : la valeur donnée ; attendu :
        research director. » at each visitor)."""
        call = callrules.Call.from_dict(_vocabulary_call(
            {"op": "each", "path": "visitors", "rule": {
                "op": "compare", "path": "$root.host.role", "cmp": "==",
                "to": "r_dir"}}, False))
        data = eligible_dict()
        data["host"]["role"] = "r_eng"
        data["documents"] = [{"kind": "k_cv", "pages": 1}]
        (finding,) = callrules.evaluate(call, data, now=NOW).findings
        assert finding.path == "host.role"
        message = finding.message("fr")
        assert "Tenured engineer (fr)" in message and "Director of research (fr)" in message
        assert "Personnes accueillies" not in message and "valeur donnée" not in message


def _rooted(rule: Any) -> Any:
    """``rule`` as read from the root inside a list: every path of the application read
    through ``$root`` (a filter's own fields, under ``where``, left as they are)."""
    if isinstance(rule, list):
        return [_rooted(part) for part in rule]
    if not isinstance(rule, dict):
        return rule
    return {key: ("$root." + value if key == "path" else value if key == "where"
                  else _rooted(value)) for key, value in rule.items()}


@st.composite
def rules_under_not(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """``not`` of ``all``, ``any``, ``not`` or ``exists`` whose tests read the whole
    application only (the host's position, the documents' kinds), nested up to twice,
    written at the root and as read from the root inside ``each visitors``."""
    roles, kinds = sorted(ROLES), sorted(KINDS)
    leaf = st.one_of(
        st.builds(lambda cmp, role: {"op": "compare", "path": "host.role", "cmp": cmp,
                                     "to": role}, st.sampled_from(["==", "!="]),
                  st.sampled_from(roles)),
        st.builds(lambda found: {"op": "in", "path": "host.role", "set": found},
                  st.lists(st.sampled_from(roles), min_size=1, unique=True)),
        st.builds(lambda kind: {"op": "contains", "path": "documents.kind", "value": kind},
                  st.sampled_from(kinds)),
        st.builds(lambda cmp, role: {"op": "compare", "left": {"path": "host.role"},
                                     "cmp": cmp, "to": role}, st.sampled_from(["==", "!="]),
                  st.sampled_from(roles)),
        st.builds(lambda where: {"op": "exists", "path": "documents"} | where,
                  st.sampled_from([{}] + [{"where": {"op": "compare", "path": "kind",
                                                     "cmp": cmp, "to": kind}}
                                          for cmp in ("==", "!=") for kind in kinds])))
    rules = st.recursive(leaf, lambda inner: st.one_of(
        st.builds(lambda op, parts: {"op": op, "rules": parts}, st.sampled_from(
            ["all", "any"]), st.lists(inner, min_size=2, max_size=3)),
        st.builds(lambda rule: {"op": "not", "rule": rule}, inner)), max_leaves=4)
    rule = {"op": "not", "rule": draw(rules)}
    return rule, {"op": "each", "path": "visitors", "rule": _rooted(rule)}


@st.composite
def whole_application_rules(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A rule that reads the whole application only, or pairs it with the visitor's own
    field, written as its author would at the root (or with the item's field first) and as
    read from the root (``$root.…``) inside ``each visitors``: ``not`` of a comparison, a
    judged ``left = { path = … }`` side, ``exists`` over the documents (filtered or not),
    the host's position compared with the visitor's category either way round."""
    shape = draw(st.sampled_from(["not", "left", "exists", "pair"]))
    cmp = draw(st.sampled_from(["==", "!="]))
    role = draw(st.sampled_from(sorted(ROLES)))
    if shape == "pair":
        written = {"op": "compare", "path": "category", "cmp": cmp,
                   "to": {"path": "$root.host.role"}}
        bound = draw(st.booleans())  # the item named by a variable (``as v``) or not
        turned = {"op": "compare", "path": "$root.host.role", "cmp": cmp,
                  "to": {"path": "$v.category" if bound else "category"}}
        return ({"op": "each", "path": "visitors", "rule": written},
                {"op": "each", "path": "visitors", "rule": turned}
                | ({"as": "v"} if bound else {}))
    if shape == "not":
        rule: dict[str, Any] = {"op": "not", "rule": {"op": "compare", "path": "host.role",
                                                      "cmp": cmp, "to": role}}
        inside = copy.deepcopy(rule)
        inside["rule"]["path"] = "$root.host.role"
    elif shape == "left":
        rule = {"op": "compare", "left": {"path": "host.role"}, "cmp": cmp, "to": role}
        inside = {**rule, "left": {"path": "$root.host.role"}}
    else:
        rule = {"op": "exists", "path": "documents"}
        if draw(st.booleans()):
            rule["where"] = {"op": "compare", "path": "kind", "cmp": cmp,
                             "to": draw(st.sampled_from(sorted(KINDS)))}
        inside = {**rule, "path": "$root.documents"}
    return rule, {"op": "each", "path": "visitors", "rule": inside}


class TestARuleOfTheWholeApplicationInsideEach:
    @settings(max_examples=150, deadline=None)
    @given(whole_application_rules(), st.sampled_from(sorted(ROLES)),
           st.lists(st.sampled_from(sorted(KINDS)), max_size=4), st.integers(1, 3))
    def test_said_once_in_place_as_written_at_the_root(
            self, rules: tuple[dict[str, Any], dict[str, Any]], role: str, kinds: list[str],
                visitors: int) -> None:
        """Law: ``not`` of a ``$root`` comparison, a judged ``left = $root…`` side and an
        ``exists`` over a ``$root`` list inside ``each visitors`` say what the same rule at
        the root says, once, at the field's place (each was said at every visitor, codes
        for labels: « “host's position”: r eng »); the host's position compared with the
        visitor's category is said at the visitor, the item's field taking part, as the
        comparison written the other way round (« Visitors: the value given » before), as
        is the visitor's field read through the variable bound to the visitor
        (``$v.category`` with ``as v``: « the value given » before session 38); four
        languages, no code token; the generated decision agrees."""
        _said_alike(rules, role, kinds, visitors)

    @settings(max_examples=20, deadline=None)
    @given(rules_under_not(), st.sampled_from(sorted(ROLES)),
           st.lists(st.sampled_from(sorted(KINDS)), max_size=3), st.integers(2, 3))
    def test_not_of_rules_of_the_whole_application_said_once(
            self, rules: tuple[dict[str, Any], dict[str, Any]], role: str, kinds: list[str],
                visitors: int) -> None:
        """Law: ``not`` of ``all``, ``any``, ``not`` or ``exists`` whose tests read the
        whole application only, inside ``each visitors``, says what the same rule at the
        root says, once, at the application's place (or the list's), in four languages with
        no code token nor a vocabulary's code (``left = { path = … }`` under ``not`` said
        « r eng »); the generated decision agrees (a visitor each before session 38: 138 of
        276 cases of the sweep)."""
        _said_alike(rules, role, kinds, visitors)


def _said_alike(rules: tuple[dict[str, Any], dict[str, Any]], role: str, kinds: list[str],
                visitors: int) -> None:
    at_root, inside = rules
    data = eligible_dict()
    data["visitors"] = [copy.deepcopy(data["visitors"][i % 2]) for i in range(visitors)]
    for i, visitor in enumerate(data["visitors"]):
        visitor["id"] = f"v{i + 1}"
    data["budget"]["lines"] = [line for line in data["budget"]["lines"]
                               if line["beneficiary"] == "v1"]
    data["host"]["role"] = role
    data["documents"] = [{"kind": kind, "pages": 1} for kind in kinds]
    said = []
    for rule in (at_root, inside):
        call = callrules.Call.from_dict(_vocabulary_call(rule, False))
        report = callrules.evaluate(call, data, now=NOW)
        said.append(_said(report))
        assert bool(report.findings) == bool(decided(call, data))
    assert said[0] == said[1]
    paths = [path for _, path, _, _ in said[1]]
    assert len(paths) == len(set(paths)), paths
    for _, _, _, messages in said[1]:
        for message in messages:
            assert not code_tokens(message), message
            assert not any(c in message or c.replace("_", " ") in message
                           for c in {**ROLES, **KINDS}), message


class TestAFieldOfTheWholeApplicationAgainstTheItemsMovedDate:
    @settings(max_examples=12, deadline=None)
    @given(st.sampled_from(["<", "<=", ">", ">=", "=="]), st.integers(-3, 3),
           st.sampled_from(["path", "left"]))
    def test_named_by_its_label_not_by_the_list(self, cmp: str, days: int, form: str
                                                ) -> None:
        """Law: ``$root.fields.start`` compared with a date of the visitor moved (``shift``)
        inside ``each visitors`` is said at the visitor by the application's field, as
        written in either form (``path`` or ``left = { path = … }``), in four languages:
        never by the list (« Visitors: December 30, 2026 » before session 38)."""
        rule: dict[str, Any] = {"op": "compare", "cmp": cmp, "to": {
            "shift": {"path": "stay.arrival"}, "days": days}}
        rule |= ({"path": "$root.fields.start"} if form == "path" else
                 {"left": {"path": "$root.fields.start"}})
        labels = {"en": "Start of works", "fr": "Début des travaux",
                  "es": "Inicio de las obras", "pt": "Início das obras"}
        call = callrules.Call.from_dict({**_base_call([{"op": "each", "path": "visitors",
                                                        "rule": rule}]),
                                         "fields": {"application": {"start": {
                                             "type": "date", "label": labels}}}})
        data = eligible_dict()
        data["fields"] = {"start": "2026-12-30" if cmp in ("<", "<=", "==") else "2026-01-02"}
        report = callrules.evaluate(call, data, now=NOW)
        assert [f.path for f in report.findings] == ["visitors[0]", "visitors[1]"]
        for finding in report.findings:
            for lang, label in labels.items():
                message = report.message_of(finding, lang)
                assert label.lower() in message, message
                assert not message.startswith(("Visit", "Personnes accueillies")), message
                assert not code_tokens(message), message


class TestACompositeSideNamesTheFieldLeftOut:
    @settings(max_examples=60, deadline=None)
    @given(st.sampled_from(["plus", "minus", "times"]), st.permutations(["a", "b", "c"]),
           st.sets(st.sampled_from(["a", "b", "c"]), min_size=1), st.booleans(),
           st.booleans())
    def test_the_missing_finding_is_at_a_field_left_out(
            self, head: str, order: list[str], left_out: set[str], inside: bool,
            alternative: bool) -> None:
        """Law: a side adding up (or subtracting, multiplying) several fields, any of them
        left out, is said ``missing`` at a field left out, by its label (it was named by
        the side's first field, given or not), at the root or read from it inside ``each``
        (once), as a requirement or an alternative of ``any``."""
        prefix = "$root." if inside else ""
        parts = [{"path": f"{prefix}fields.{name}"} for name in order]
        side: dict[str, Any] = {head: parts} if head == "plus" else {
            head: [parts[0], parts[1]]} if len(parts) > 1 else parts[0]
        read = {p["path"].removeprefix(prefix).removeprefix("fields.")
                for p in (side[head] if isinstance(side, dict) and head in side else [side])}
        rule: dict[str, Any] = {"op": "compare", "left": side, "cmp": ">", "to": 3}
        if alternative:
            rule = {"op": "any", "rules": [rule, {"op": "compare", "path": "$root.fields.z"
                                                  if inside else "fields.z", "cmp": "==",
                                                  "to": 1}]}
        if inside:
            rule = {"op": "each", "path": "visitors", "rule": rule}
        labels = {"a": "Count A", "b": "Count B", "c": "Count C", "z": "Count Z"}
        call = callrules.Call.from_dict({**_base_call([rule]), "fields": {"application": {
            name: {"type": "integer", "label": {"en": label, "fr": label + " (fr)"}}
            for name, label in labels.items()}}})
        data = eligible_dict()
        data["fields"] = {name: 2 for name in "abc" if name not in left_out} | {"z": 0}
        report = callrules.evaluate(call, data, now=NOW)
        missing = [f for f in report.findings if f.code == "missing"]
        if not read & left_out:
            assert not missing
            return
        (finding,) = missing
        name = finding.loc[-1]
        assert finding.loc == ("fields", name) and name in read & left_out, finding.loc
        assert finding.message("en").startswith(labels[str(name)])


#: The visitor's own answers, labelled: a list of keywords and a number.
_ANSWERS = {"tags": {"type": "text", "list": True, "max_length": 6, "label": {
                "en": "keywords", "fr": "mots-clés", "es": "palabras clave",
                "pt": "palavras-chave"}},
            "n": {"type": "integer", "label": {
                "en": "number of nights", "fr": "nombre de nuits", "es": "número de noches",
                "pt": "número de noites"}}}


def _outer_item_rule(shape: str, cmp: str, role: str, bound: int
                     ) -> tuple[dict[str, Any], dict[str, Any]]:
    """The rule of ``shape`` written at the visitor (``each visitors as v``) and read
    through ``$v`` inside an ``each`` of the visitor's keywords (:func:`outer_item_rules`)."""

    def rule(prefix: str) -> dict[str, Any]:
        category, n = prefix + "category", prefix + "fields.n"
        if shape == "value":
            return {"op": "compare", "path": category, "cmp": cmp, "to": role}
        if shape == "left":
            return {"op": "compare", "left": {"path": n}, "cmp": cmp, "to": bound}
        if shape == "plus":
            return {"op": "compare", "left": {"plus": [{"path": n}, 1]}, "cmp": cmp,
                    "to": bound}
        if shape == "in":
            return {"op": "in", "path": category, "set": [role]}
        if shape == "role":
            return {"op": "compare", "path": category, "cmp": cmp,
                    "to": {"path": "$root.host.role"}}
        if shape == "role_first":
            return {"op": "compare", "path": "$root.host.role", "cmp": cmp,
                    "to": {"path": category}}
        if shape == "not":
            return {"op": "not", "rule": {"op": "compare", "path": category, "cmp": cmp,
                                          "to": role}}
        if shape == "not_any":
            return {"op": "not", "rule": {"op": "any", "rules": [
                {"op": "compare", "path": category, "cmp": "==", "to": role},
                {"op": "compare", "path": n, "cmp": cmp, "to": bound}]}}
        if shape == "not_left":
            return {"op": "not", "rule": {"op": "compare", "left": {"path": n}, "cmp": cmp,
                                          "to": bound}}
        if shape in ("exists_own", "not_exists_own"):  # a keyword that is the category
            found = {"op": "exists", "path": prefix + "fields.tags", "as": "u", "where": {
                "op": "compare", "path": "$u", "cmp": cmp, "to": {"path": "$v.category"}}}
            return found if shape == "exists_own" else {"op": "not", "rule": found}
        if shape in ("exists_docs", "not_exists_docs"):  # a document about the visitor
            found = {"op": "exists", "path": "$root.documents", "where": {
                "op": "compare", "path": "owner", "cmp": cmp, "to": {"path": "$v.id"}}}
            return found if shape == "exists_docs" else {"op": "not", "rule": found}
        if shape == "whole_count":
            return {"op": "compare", "left": {"count": "$root.visitors"}, "cmp": cmp,
                    "to": {"path": n}}
        return {"op": "compare", "left": {"count": prefix + "fields.tags"}, "cmp": cmp,
                "to": bound}

    at_visitor = {"op": "each", "path": "visitors", "as": "v", "rule": rule("")}
    if shape == "count":  # (the count itself through ``$v``, at the visitor)
        return at_visitor, {**at_visitor, "rule": rule("$v.")}
    return at_visitor, {**at_visitor, "rule": {"op": "each", "path": "fields.tags", "as": "t",
                                               "rule": rule("$v.")}}


@st.composite
def outer_item_rules(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A rule over the visitor's fields, written at the visitor (``each visitors as v``)
    and read through ``$v`` inside an ``each`` of the visitor's keywords: a comparison
    (with a value, another field of the visitor's, the host's position either way round, an
    expression, a count of the whole application against the visitor's number), ``in``,
    ``not`` of a comparison or of an ``any``; or a count of the keywords read through
    ``$v`` at the visitor."""
    shape = draw(st.sampled_from(["value", "left", "plus", "in", "role", "role_first",
                                  "count", "not", "not_any", "not_left", "whole_count",
                                  "exists_own", "not_exists_own", "exists_docs",
                                  "not_exists_docs"]))
    cmp = draw(st.sampled_from(["==", "!="] if shape in (
        "value", "role", "role_first", "not", "exists_own", "not_exists_own", "exists_docs",
        "not_exists_docs") else ["<", "<=", ">", ">="]))
    bound = draw(st.integers(1, 3))
    return _outer_item_rule(shape, cmp, draw(st.sampled_from(["engineer", "researcher"])),
                            bound)


_ANSWERS_CALLS: dict[str, callrules.Call] = {}


def _answers_call(rule: dict[str, Any]) -> callrules.Call:
    """A call of the one ``rule`` with the visitor's answers (:data:`_ANSWERS`) and the
    library's own labels of the staff categories, loaded once for each rule."""
    key = json.dumps(rule, sort_keys=True)
    if key not in _ANSWERS_CALLS:
        written = {**_vocabulary_call(rule, False), "fields": {"visitors": _ANSWERS}}
        del written["vocabularies"]
        _ANSWERS_CALLS[key] = callrules.Call.from_dict(written)
    return _ANSWERS_CALLS[key]


class TestAnOuterItemsFieldInsideAnInnerEach:
    @settings(max_examples=16, deadline=None)
    @given(outer_item_rules(), st.lists(st.tuples(
        st.sampled_from(["engineer", "researcher", "technician"]),
        st.one_of(st.none(), st.integers(0, 4)), st.integers(1, 3)), min_size=1, max_size=3))
    # (session 40's shapes, each failing: the number left out, ``not`` of a field, of a
    # field's expression, of an ``any``, a count of the whole application)
    @example(_outer_item_rule("left", ">", "engineer", 2), [("technician", None, 2)])
    @example(_outer_item_rule("not", "==", "engineer", 2), [("engineer", 1, 2)])
    @example(_outer_item_rule("not_left", ">", "engineer", 2), [("technician", 3, 2)])
    @example(_outer_item_rule("not_any", "<", "engineer", 2), [("engineer", 4, 3)])
    @example(_outer_item_rule("whole_count", ">", "engineer", 2), [("engineer", 4, 2)])
    # (session 41's: an ``exists`` reading the visitor's fields only, at each keyword, the
    # visitor's field by its key, « the id of the item of “tags” checked »)
    @example(_outer_item_rule("exists_docs", "==", "engineer", 2),
             [("engineer", 1, 2), ("technician", 2, 2)])
    @example(_outer_item_rule("not_exists_own", "==", "engineer", 2),
             [("engineer", 1, 2), ("technician", 2, 3)])
    @example(_outer_item_rule("exists_own", "!=", "engineer", 2), [("engineer", 1, 2)])
    def test_said_as_the_same_rule_written_at_the_outer_item(
            self, rules: tuple[dict[str, Any], dict[str, Any]],
            visitors: list[tuple[str, int | None, int]]) -> None:
        """Law: a rule reading the visitor's fields through ``$v`` inside an ``each`` of the
        visitor's keywords says what the same rule written at the visitor says: at the
        visitor's field, once (not once a keyword), by its label and its value's label, in
        four languages (session 39: « Tags: x, where engineer is expected » at each tag, the
        keyword shown for the category; « catégorie de personnel » said « category », the
        number « n »); a count of a list read through ``$v`` is said by the list's label
        (« tags » before); the visitor's number left out is said once, at it (session 40:
        « Tags: this information is required » at each tag); ``not`` of the visitor's
        fields by their labels, once (« category: technician » at each tag), a count of the
        whole application against the visitor's number at the visitor (« number of the
        item of “visitors” checked » at each tag); no code token; the generated decision
        agrees."""
        data = eligible_dict()
        data["host"]["role"] = "engineer"
        data["visitors"] = [copy.deepcopy(data["visitors"][i % 2])
                            for i in range(len(visitors))]
        for i, (visitor, (category, n, tags)) in enumerate(zip(data["visitors"], visitors,
                                                               strict=True)):
            answers: dict[str, Any] = {"tags": [f"t{k}" for k in range(tags)]}
            if n is not None:
                answers["n"] = n
            visitor.update(id=f"v{i + 1}", category=category, fields=answers)
        data["budget"]["lines"] = [line for line in data["budget"]["lines"]
                                   if line["beneficiary"] == "v1"]
        said = []
        for rule in rules:
            call = _answers_call(rule)
            report = callrules.evaluate(call, data, now=NOW)
            said.append(_said(report))
            assert bool(report.findings) == bool(decided(call, data))
        assert said[0] == said[1]
        for _, _, _, messages in said[1]:
            for message in messages:
                assert not code_tokens(message), message
                assert not any(f"{o}{key}{c}" in message for key in ("category", "n", "tags")
                               for o, c in (("“", "”"), ("«\u202f", "\u202f»"), ("«", "»"))
                               ), message


    @settings(max_examples=16, deadline=None)
    @given(st.sampled_from(["$v.category", "$v.id"]), st.sampled_from(["==", "!="]),
           st.lists(st.lists(st.sampled_from(["engineer", "technician", "v1", "x"]),
                             min_size=1, max_size=2), min_size=1, max_size=2))
    def test_an_outer_item_s_field_against_the_current_item_is_said_either_way_round(
            self, field: str, cmp: str, tags: list[list[str]]) -> None:
        """Law: ``$v.category == $t`` inside an ``each`` of the visitor's keywords says what
        ``$t == $v.category`` says: at the keyword, showing it, the visitor's field by its
        label and its value's label (session 40: « Tags: x; it must be the same as the ,
        x », an empty name and the keyword for the category); ``not`` of it names the
        visitor's field by its label too (« equal to the category » before); no code token,
        no empty name; the verdict and the generated decision alike."""
        data = eligible_dict()
        for visitor, words in zip(data["visitors"], tags, strict=False):
            visitor.update(category="technician", fields={"tags": words})
        said = []
        for first, second in ((field, "$t"), ("$t", field)):
            rule = {"op": "each", "path": "visitors", "as": "v", "rule": {
                "op": "each", "path": "fields.tags", "as": "t", "rule": {
                    "op": "compare", "path": first, "cmp": cmp, "to": {"path": second}}}}
            call = _answers_call(rule)
            report = callrules.evaluate(call, data, now=NOW)
            said.append(_said(report))
            assert bool(report.findings) == bool(decided(call, data))
        assert said[0] == said[1]
        negated = {"op": "each", "path": "visitors", "as": "v", "rule": {
            "op": "each", "path": "fields.tags", "as": "t", "rule": {"op": "not", "rule": {
                "op": "compare", "path": "$t", "cmp": cmp, "to": {"path": field}}}}}
        report = callrules.evaluate(_answers_call(negated), data, now=NOW)
        for _, _, _, messages in said[0] + _said(report):
            for message in messages:
                assert not code_tokens(message), message
                assert not any(empty in message for empty in (
                    "the , ", "«  »", "«»", "“”")), message
                # (``not`` of it said the visitor's field by its key: « the category »)
                assert not re.search(r"\bthe (category|id)\b", message), message


@functools.cache
def _tags_call(op: str, bound: bool) -> callrules.Call:
    """``$root.host.role`` ``op`` the visitor's list of positions (« Tags », a choice the
    roles' vocabulary serves; read through ``$v`` when ``bound``) inside ``each visitors``,
    in :func:`_vocabulary_call`'s call (made once for the four)."""
    each: dict[str, Any] = {"op": "each", "path": "visitors", "rule": {
        "op": op, "path": "$root.host.role",
        "set": {"path": "$v.fields.tags" if bound else "fields.tags"}}}
    written = _vocabulary_call(each | ({"as": "v"} if bound else {}), False)
    written["vocabularies"]["roles"]["fields"].append("visitors.fields.tags")
    written["fields"] = {"visitors": {"tags": {"type": "choice", "list": True, "label": {
        lang: f"Tags ({lang})" for lang in LANGS}}}}
    return callrules.Call.from_dict(written)


class TestTheWholeApplicationsFieldInAListOfTheItem:
    @settings(max_examples=16, deadline=None)
    @given(st.sampled_from(["in", "not_in"]), st.booleans(), st.sampled_from(sorted(ROLES)),
           st.lists(st.one_of(st.none(), st.lists(st.sampled_from(sorted(ROLES)),
                                                  max_size=3, unique=True)),
                    min_size=1, max_size=3))
    def test_said_at_the_list_by_the_field_s_label(
            self, op: str, bound: bool, role: str, tags: list[list[str] | None]) -> None:
        """Law: ``$root.host.role in fields.tags`` (or ``not_in``, the list read through
        ``$v`` or not) inside ``each visitors`` is said at the list of each visitor it fails
        for, once, showing that list: by the list's label and its values' labels, the host's
        position by its label and its value's label, in four languages (session 39:
        « Visitors: the value given matches none of these: x and y » at each visitor); no
        code, no code token; the verdict is the generated decision's."""
        call = _tags_call(op, bound)
        data = eligible_dict()
        data["host"]["role"] = role
        data["documents"] = [{"kind": "k_cv", "pages": 1}]
        data["visitors"] = [copy.deepcopy(data["visitors"][i % 2]) for i in range(len(tags))]
        for i, (visitor, listed) in enumerate(zip(data["visitors"], tags, strict=True)):
            visitor.update(id=f"v{i + 1}", fields={} if listed is None else {"tags": listed})
        data["budget"]["lines"] = [line for line in data["budget"]["lines"]
                                   if line["beneficiary"] == "v1"]
        report = callrules.evaluate(call, data, now=NOW)
        failing = [i for i, listed in enumerate(tags)
                   if (role in (listed or ())) is (op == "not_in")]
        assert [(f.code, f.path, f.input) for f in report.findings] == [
            ("excluded" if op == "not_in" else "unknown_reference",
             f"visitors[{i}].fields.tags", tuple(tags[i] or ())) for i in failing]
        assert bool(report.findings) == bool(decided(call, data))
        for finding in report.findings:
            for lang in LANGS:
                message = report.message_of(finding, lang)
                assert message.startswith(f"Tags ({lang})"), message
                assert field_label("host.role", lang) in message, message
                assert f"{ROLES[role]} ({lang})" in message, message
                assert not any(code in message for code in ROLES), message
                assert not code_tokens(message), message
