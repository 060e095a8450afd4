"""A report stays proportional to its application: what a finding carries is bounded."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any
from unittest.mock import patch

from hypothesis import example, given
from hypothesis import strategies as st

import callrules
from callrules import _report_bound as bound
from callrules import rules as r
from callrules._in_words import TYPED_SHOWN
from callrules._places import SHOWN
from callrules._report import LIST_CAP, LONG_TEXT, TEXT_HEAD, Finding, Severity, text_head
from callrules._text import finding_lines
from tests.conftest import eligible_dict
from tests.laws import settings
from tests.test_checklist import big_call
from tests.test_rule_language import cnrs_checking

#: Every document must belong to a visitor: each failing document's finding names the pool.
OWNED = r.each("documents", {"op": "in", "path": "owner",
                             "set": {"path": "$root.visitors.id"}})


class TestBoundedFindings:
    @given(st.integers(0, 3000), st.sampled_from(["list", "set", "tuple"]))
    def test_a_finding_about_a_long_list_has_a_bounded_size(self, size: int, kind: str) -> None:
        """Whatever the length of a list in its input or context, a finding's JSON and
        message have the same bound, and say how many items were left out."""
        items = [f"id-{n:05}" for n in range(size)]
        value: Any = {"list": items, "set": frozenset(items), "tuple": tuple(items)}[kind]
        finding = Finding("not_allowed", "c", Severity.ERROR, ("x",), value,
                          {"allowed": value})
        text = json.dumps(finding.to_dict("fr"), ensure_ascii=False)
        assert len(text) < 1500 + 2 * 12 * LIST_CAP
        if size > LIST_CAP:
            assert finding.ctx["allowed_omitted"] == finding.ctx["input_omitted"] == (
                size - LIST_CAP)
            left_out = re.search(r"and ([\d,]+) more", finding.message("en"))
            assert left_out is not None
            assert int(left_out.group(1).replace(",", "")) >= size - LIST_CAP


class TestReportSize:
    @settings(max_examples=8, deadline=None)
    @given(st.integers(1, 1000), st.integers(1, 1000))
    @example(1000, 1000)
    def test_a_report_is_at_most_a_few_times_its_application(self, visitors: int,
                                                             documents: int) -> None:
        """Many findings about one long list of visitors: the report's JSON stays within a
        fixed multiple of the application's JSON (each finding costs a few hundred bytes of
        its own), where it grew with documents × visitors."""
        call = cnrs_checking("owned-documents", OWNED)
        data = eligible_dict()
        visitor = data["visitors"][0]
        data["visitors"] = [{**visitor, "id": f"v{n}"} for n in range(visitors)]
        data["documents"] = [{"kind": "cv", "owner": f"w{n}", "pages": 1}
                             for n in range(documents)]
        size = len(json.dumps(data, ensure_ascii=False))
        report = callrules.evaluate(call, data)
        assert len(report.errors) == documents
        assert len(report.to_json("fr", indent=None)) <= 15 * size + 5000


def _rules(kinds: list[tuple[str, int]]) -> list[Any]:
    """Rules of five kinds, each failing on every visitor or once: a visitor's given name
    (Joana) not in a set of ``n`` codes; the same among the visitors' family names (a set of the
    application: ``pool set``), or the family names holding one no visitor has (``found
    set``); a document owned by each visitor, required in a text of ``n`` characters; a
    document of a kind no application has, required so too."""
    out = []
    for kind, n in kinds:
        if kind in ("set", "long set"):
            # (a long set: values of up to ``n`` characters, as long as a given name may
            # be, each pair first differing at its own place, so that a message tells each
            # apart by as many parts as it can)
            length = min(n, 497)
            names = ["Joana"] + ([f"Name {i:03}" for i in range(n)] if kind == "set" else [
                ("x" * (150 + 10 * i) + "y").ljust(length, "x")[:length] + str(i)
                for i in range(35)])
            check: Any = r.each("visitors", {"op": "not_in", "path": "person.given_name",
                                             "set": names})
        elif kind == "pool set":  # (a set of the application: the visitors' family names)
            check = r.each("visitors", {"op": "in", "path": "person.given_name",
                                        "set": {"path": "$root.visitors.person.family_name"}})
        elif kind == "found set":  # (the list a ``contains`` looked in: the same)
            check = {"op": "contains", "path": "visitors.person.family_name", "value": "N"}
        else:
            text = {lang: "x" * n for lang in ("fr", "en", "es", "pt")}
            where = ({"op": "compare", "path": "owner", "cmp": "==", "to": {"path": "$v.id"}}
                     if kind == "owned" else
                     {"op": "compare", "path": "pages", "cmp": ">", "to": 100_000})
            found = r.exists("$root.documents" if kind == "owned" else "documents",
                             where=where, requirement=text)
            check = r.each("visitors", found, as_="v") if kind == "owned" else found
        out.append(r.rule("opening", check))
    return out


def _call_with(kinds: list[tuple[str, int]]) -> callrules.Call:
    cnrs = callrules.calls.load("cnrs-amsud-2026")
    data = tomllib.loads(Path(cnrs.source).read_text("utf-8"))
    data["rules"] = _rules(kinds)
    return callrules.Call.from_dict(data, source="bound")


_KINDS = st.lists(st.tuples(st.sampled_from(["set", "long set", "pool set", "found set",
                                             "owned", "once"]),
                            st.integers(1, 4900)), min_size=1, max_size=12)


class TestFindingsBound:
    @settings(max_examples=12, deadline=None)
    @given(_KINDS, st.integers(1, 300), st.integers(1, 500), st.integers(2_000, 60_000),
           st.integers(0, 20), st.sampled_from(["fr", "en", "es", "pt"]))
    @example([("owned", 4900)] * 12, 300, 5, 2_000, 0, "fr")
    @example([("set", 30)] * 12, 300, 500, 60_000, 20, "en")
    @example([("owned", 1)] * 2, 100, 500, 1_000_000, 0, "es")
    @example([("long set", 4900)] * 12, 1, 5, 2_000, 0, "pt")
    @example([("pool set", 1), ("found set", 1)] * 6, 40, 500, 2_000, 0, "fr")
    def test_a_report_is_bounded_whatever_the_call_and_application(
            self, kinds: list[tuple[str, int]], visitors: int, name: int, base: int,
            per_char: int, lang: str) -> None:
        """Law: whatever the rules and the application, the report's JSON (messages
        included) takes at most REPORT_FACTOR characters per unit of the application's
        findings bound (for the rules that fail), plus the call's long texts and long sets
        once, each given whole under ``texts`` and named by the findings' ids; and the
        verdict is the rules' own: every rule that fails is said (a rule past the bound by
        the findings that fit and ``findings_cut``), never the application refused as
        unreadable (the bound made small here, to reach it often)."""
        call = _call_with(kinds)
        data = eligible_dict()
        visitor = data["visitors"][0]
        person = {**visitor["person"], "family_name": "S" * name}
        data["visitors"] = [{**visitor, "id": f"v{n}", "person": person}
                            for n in range(visitors)]
        with patch.object(bound, "FINDINGS_BASE", base), \
                patch.object(bound, "FINDINGS_PER_CHAR", per_char), \
                patch.object(bound, "FINDINGS_PER_RULE", base // 10):
            application = call.parse(data)
            failing = call.program.decide(application)
            limit = bound.limit_of(application, len(failing))
            report = callrules.evaluate(call, application)
        assert report.eligible == (not failing)
        assert {f.clause for f in report.errors} == {
            call.program.rules[i].clause for i in failing}
        for cut in (f for f in report.findings if f.code == "findings_cut"):
            assert cut.ctx["limit"] <= limit and "%(" not in cut.message(lang)
        answer = report.to_dict(lang)
        texts = answer.pop("texts", {})
        once = sum(_longest(t) for t in texts.values())
        assert len(json.dumps(answer, ensure_ascii=False)) <= bound.REPORT_FACTOR * limit + once
        said = {n for kind, n in kinds if "set" not in kind and n > LONG_TEXT}
        named = _named(answer)
        assert set(texts) == named  # each long text or set a finding names, once, whole
        assert {len(t["fr"]) for t in texts.values() if isinstance(t, dict)} <= said
        assert all(0 < len(t) <= LIST_CAP for t in texts.values() if isinstance(t, list))

    def test_a_rule_of_many_failing_conditions_says_not_eligible(self) -> None:
        """One rule of 150 × 6 comparisons that all fail, on a small application: NOT
        ELIGIBLE, said by its first failures and ``findings_cut``, never refused as
        unreadable (attack 23b F-V1: ``too_many_findings``, exit 2)."""
        others = ["de", "es", "it", "nl", "pl", "sv"]
        call = cnrs_checking("many-conditions", {"op": "all", "rules": [
            {"op": "all", "rules": [{"op": "compare", "path": "language", "cmp": "==",
                                     "to": others[(i + j) % 6]} for j in range(6)]}
            for i in range(150)]})
        report = callrules.evaluate(call, eligible_dict())
        assert not report.eligible
        *said, cut = report.errors
        assert cut.code == "findings_cut" and cut.ctx["said"] == len(said) > 100
        assert {f.code for f in said} == {"not_equal"}
        for lang in ("fr", "en", "es", "pt"):
            assert f"{cut.ctx['limit']:,}".replace(",", "") in re.sub(
                r"\D", "", report.message_of(cut, lang))

    def test_a_cut_rule_is_worded_as_the_call_words_it(self) -> None:
        """The call's own wording of ``findings_cut`` in a rule's ``messages`` (it loads, as
        that of every code) is the wording of the cut, whether some places were said or
        none, as of the rule's other findings (judge49: it was never applied)."""
        data = tomllib.loads(Path(callrules.calls.load("cnrs-amsud-2026").source
                                  ).read_text("utf-8"))
        data["rules"] = [{"clause": "opening", "check": {
            "op": "compare", "path": "language", "cmp": "==", "to": "de"}, "messages": {
                "findings_cut": {lang: "The call's words: %(limit)s."
                                 for lang in ("fr", "en", "es", "pt")}}}]
        call = callrules.Call.from_dict(data, source="worded")
        app = call.parse(eligible_dict())
        (rule,) = call.program.rules
        for said in ([], rule.explain(app)):
            *_, cut = rule.cut(app, said, 1000)
            assert cut.code == "findings_cut"
            assert cut.message("en") == "The call's words: 1,000.", cut.message("en")

    def test_a_cut_rule_says_whether_any_of_its_places_is_said(self) -> None:
        """``findings_cut`` in each language, the bound grouped as the language groups it:
        "the places said here are the first" when some are, another sentence when not even
        one fitted."""
        grouped = {"fr": "1\u202f234\u202f567", "en": "1,234,567", "es": "1.234.567",
                   "pt": "1.234.567"}
        for lang in ("fr", "en", "es", "pt"):
            some, none = (Finding("findings_cut", "c", Severity.ERROR, (), None,
                                  {"limit": 1_234_567, "said": said}).message(lang)
                          for said in (3, 0))
            assert some != none
            assert all(grouped[lang] in text and "%(" not in text for text in (some, none))

    def test_the_bound_grows_with_the_application(self) -> None:
        """The findings allowed grow in proportion to the application's size, from a base
        that every application has."""
        small = callrules.parse_application(eligible_dict())
        data = eligible_dict()
        data["visitors"] = [{**visitor, "id": f"v{number}"}  # each visitor its own id
                            for number, visitor in enumerate(data["visitors"] * 50)]
        large = callrules.parse_application(data)
        assert bound.FINDINGS_BASE < bound.limit_of(small) < bound.limit_of(large)
        assert bound.limit_of(large) - bound.FINDINGS_BASE <= bound.FINDINGS_PER_CHAR * 2 * len(
            json.dumps(data, ensure_ascii=False))

    @settings(max_examples=6, deadline=None)
    @given(st.integers(41, 500), st.integers(1, 3))
    @example(500, 3)
    def test_text_no_finding_quotes_allows_no_more_findings(self, padding: int,
                                                            rules: int) -> None:
        """Counting, not timing (attack 38b): the visitors' institutions and the documents'
        titles made ``padding`` characters long, past ALLOWANCE_TEXT (text no finding of
        these rules quotes and no place names), allow not one finding more than at
        ALLOWANCE_TEXT: the same findings are said (the bound reached, ``findings_cut``),
        the same characters worded in English and French, the same bytes of JSON; before,
        each character of it allowed more findings (the allowance
        made small here, one unit of findings for each unit of the application's weight)."""
        call = cnrs_checking(f"late-departures-{rules}", r.all_of(*[r.each(
            "visitors", {"op": "compare", "path": "stay.departure", "cmp": "<",
                         "to": f"200{n}-01-01"}) for n in range(rules)]))

        def said(text: str) -> tuple[int, int, int, int]:
            data = eligible_dict()
            visitor = data["visitors"][0]
            institution = {**visitor["institution"], "name": text}
            data["visitors"] = [{**visitor, "id": f"v{n}", "institution": institution}
                                for n in range(300)]
            data["documents"] = [{"kind": "cv", "owner": f"v{n}", "pages": 1,
                                  "title": text} for n in range(300)]
            with patch.object(bound, "FINDINGS_BASE", 20_000), \
                    patch.object(bound, "FINDINGS_PER_RULE", 2_000), \
                    patch.object(bound, "FINDINGS_PER_CHAR", 1):
                report = callrules.evaluate(call, data)
            worded = sum(len(report.message_of(f, lang)) for f in report.findings
                         for lang in ("en", "fr"))
            cuts = sum(f.code == "findings_cut" for f in report.findings)
            return (len(report.findings), cuts, worded,
                    len(report.to_json("fr").encode("utf-8")))

        short, padded = said("ẞ" * bound.ALLOWANCE_TEXT), said("ẞ" * padding)
        assert short[1] == 1  # the bound is reached
        assert padded == short

    def test_numbers_no_finding_quotes_allow_at_most_the_largest_application(self) -> None:
        """Counting (attack 38b's sequel: a declared list of 100 integers on each of 10,000
        lines, 4.9 MiB, allowed all 55,000 findings of 55 rules): past ALLOWANCE_WEIGHT,
        however much more the application holds, its own allowance is the same."""
        data = eligible_dict()
        limits = set()
        for count in (100_000, 200_000):
            data["fields"] = {"counts": [1] * count}
            application = callrules.parse_application(data)
            assert bound.own_weight(application) > bound.ALLOWANCE_WEIGHT
            limits.add(bound.limit_of(application, 2))
        assert limits == {bound.FINDINGS_BASE + 2 * bound.FINDINGS_PER_RULE
                          + bound.FINDINGS_PER_CHAR * bound.ALLOWANCE_WEIGHT}

def _longest(texts: dict[str, str] | list[Any]) -> int:
    """What a long text given in an answer (``texts``) may be said in besides: its longest
    language (a requirement's), or the JSON of a set's values."""
    if isinstance(texts, list):
        return len(json.dumps(texts, ensure_ascii=False))
    return max(len(text) for text in texts.values())


def _named(answer: dict[str, Any]) -> set[str]:
    """The ids of the long texts and sets the findings of ``answer`` name."""
    return {value for f in [*answer["errors"], *answer["warnings"]]
            for key, value in f["ctx"].items()
            if key in ("requirement_text", "allowed_text", "excluded_text", "known_text",
                       "found_text")}


class TestBatchAnswer:
    @settings(max_examples=10, deadline=None)
    @given(_KINDS, st.integers(1, 12), st.integers(1, 30),
           st.sampled_from(["fr", "en", "es", "pt"]))
    @example([("once", 4900)] * 12, 12, 1, "fr")
    def test_the_call_s_long_texts_are_said_once_in_an_answer(
            self, kinds: list[tuple[str, int]], records: int, visitors: int, lang: str
    ) -> None:
        """Law: in a batch's answer (a line per record, the long texts given so far shared),
        each long text of the call is given whole once, before or on the first line whose
        findings name it; so the answer is at most the records' findings bound, plus the
        long texts twice (given, and said in the first message naming each), whatever
        the number of records (a record past its findings bound is refused, as alone)."""
        call = _call_with(kinds)
        data = eligible_dict()
        visitor = data["visitors"][0]
        data["visitors"] = [{**visitor, "id": f"v{n}"} for n in range(visitors)]
        application = call.parse(data)
        limit = bound.limit_of(application, len(kinds))
        said: set[str] = set()
        given: list[str] = []
        size = once = 0
        for item in callrules.evaluate_many(call, [data] * records, progress=False):
            line = item.to_dict(lang, None, said)
            assert item.error is None  # past the findings bound, a rule is cut, not refused
            for key, texts in line.get("texts", {}).items():
                given.append(key)
                once += 2 * _longest(texts)
            assert _named(line) <= set(given)
            size += len(json.dumps(line, ensure_ascii=False))
        assert len(given) == len(set(given)) == len(said)
        assert size <= records * bound.REPORT_FACTOR * limit + once + 200 * records


class TestGroupedText:
    @settings(max_examples=10, deadline=None)
    @given(st.integers(1, 40), st.sampled_from(["fr", "en", "es", "pt"]))
    def test_one_rule_failing_on_many_items_is_said_once_under_their_places(
            self, visitors: int, lang: str) -> None:
        """Law: the text of a report says a message once for a run of findings that say the
        same (one rule failing on each visitor), under every place it holds for, in order:
        its size grows by a line per item, not by a message per item."""
        call = cnrs_checking("given-name", r.each("visitors", {
            "op": "not_in", "path": "person.given_name", "set": ["Joana", "Other"]}))
        data = eligible_dict()
        visitor = data["visitors"][0]
        data["visitors"] = [{**visitor, "id": f"v{n}"} for n in range(visitors)]
        report = callrules.evaluate(call, data)
        text = report.render(lang)
        message = finding_lines(report, report.errors[0], lang, None, under=True)[1]
        assert len(report.errors) == visitors and text.count(message) == 1
        places = [line.strip() for line in text.splitlines() if line.startswith("  ")
                  and not line.startswith("    ")]
        assert len(places) == visitors


class TestASetOfLongValues:
    @settings(max_examples=20, deadline=None)
    @given(items=st.integers(1, 45), length=st.integers(11, 5_000), rules=st.integers(1, 6),
           lang=st.sampled_from(["fr", "en", "es", "pt"]))
    def test_a_message_says_a_bounded_part_of_the_set_and_ctx_keeps_its_values_whole(
            self, items: int, length: int, rules: int, lang: str) -> None:
        """The law: a finding's message says at most ``SHOWN`` values of the set a rule
        names, each of at most ``TYPED_SHOWN`` characters, whatever their length (before,
        each finding quoted them whole: 20 values of 4,999 characters, 100 KB a message,
        in every finding of every rule naming the set); its ``ctx`` keeps them whole (at
        most ``LIST_CAP`` of them), for a program compares them as written."""
        call = callrules.Call.from_text(big_call(items, rules, length))
        data = eligible_dict()
        data["fields"] = {"code": "x"}
        report = callrules.evaluate(call, callrules.parse_application(data))
        assert len(report.errors) == rules
        for finding in report.errors:
            message = finding.message(lang)
            assert len(message) <= SHOWN * (TYPED_SHOWN + 5) + 400, len(message)
            allowed = list(finding.ctx["allowed"])
            assert len(allowed) == min(items, LIST_CAP + 1)  # (then how many more)
            assert all(len(str(v)) == length for v in allowed[:LIST_CAP])

    @settings(max_examples=10, deadline=None)
    @given(items=st.integers(1, 45), length=st.integers(11, 5_000), rules=st.integers(1, 30),
           records=st.integers(1, 3), lang=st.sampled_from(["fr", "en", "es", "pt"]))
    @example(items=20, length=4_999, rules=30, records=2, lang="fr")
    def test_a_set_of_long_values_is_given_once_and_every_rule_is_said(
            self, items: int, length: int, rules: int, records: int, lang: str) -> None:
        """The law (att86 N1): a set of the call one of whose values is long is given whole
        once in an answer (``texts``, a list, by the id every finding names in
        ``ctx.allowed_text``), each finding keeping the heads of its values in the same
        order; so an answer grows with the rules that fail and the records, not with the
        values' length, and every rule that fails once is said by its own finding (before,
        each finding carried the values whole, 100 KB for 20 values of 4,999 characters,
        and the findings bound cut the rules past the sixth: ``findings_cut``)."""
        call = callrules.Call.from_text(big_call(items, rules, length))
        data = eligible_dict()
        data["fields"] = {"code": "x"}
        said: set[str] = set()
        given: dict[str, Any] = {}
        size = 0
        for item in callrules.evaluate_many(call, [data] * records, progress=False):
            line = item.to_dict(lang, None, said)
            for key, texts in line.pop("texts", {}).items():
                assert key not in given  # (once in the answer)
                given[key] = texts
            assert [f["code"] for f in line["errors"]] == ["not_allowed"] * rules
            for finding in line["errors"]:
                ctx = finding["ctx"]
                if length > LONG_TEXT:
                    whole = given[ctx["allowed_text"]]
                    assert ctx["allowed"] == [text_head(v) for v in whole]
                    assert all(len(v) == length for v in whole)
                    assert len(whole) == min(items, LIST_CAP)
                else:
                    assert "allowed_text" not in ctx
                    assert all(len(v) == length for v in ctx["allowed"])
            size += len(json.dumps(line, ensure_ascii=False))
        assert len(given) == (length > LONG_TEXT)
        # (a finding: at most LIST_CAP values of at most LONG_TEXT characters, or their heads,
        # and a message saying SHOWN of them, however long the values)
        per_finding = LIST_CAP * (LONG_TEXT + 8) + SHOWN * (TYPED_SHOWN + 30) + 1_500
        assert size <= records * (rules * per_finding + 2_000)


def _pool_call(rules: int) -> callrules.Call:
    """CNRS's call with ``rules`` rules looking in a list of the application
    (``fields.pool``), by turns: ``fields.c0`` among its texts (``ctx.known``), and the list
    holding a text no application has (``ctx.found``)."""
    cnrs = callrules.calls.load("cnrs-amsud-2026")
    spec = tomllib.loads(Path(cnrs.source).read_text("utf-8"))
    label = {lang: "c" for lang in ("fr", "en", "es", "pt")}
    spec.setdefault("fields", {}).setdefault("application", {}).update({
        "c0": {"type": "text", "max_length": 600, "label": label},
        "pool": {"type": "text", "list": True, "label": label}})
    spec["rules"] = [r.rule("opening", {
        "op": "in", "path": "fields.c0", "set": {"path": "$root.fields.pool"}} if n % 2 else {
        "op": "contains", "path": "fields.pool", "value": "Nobody"}) for n in range(rules)]
    return callrules.Call.from_dict(spec, source="pool")


class TestASetOfTheApplication:
    @settings(max_examples=10, deadline=None)
    @given(values=st.integers(1, 40), length=st.integers(150, 500),
           rules=st.integers(1, 60), records=st.integers(1, 2),
           lang=st.sampled_from(["fr", "en", "es", "pt"]))
    @example(values=30, length=500, rules=60, records=2, lang="en")
    def test_a_long_set_read_from_the_application_is_given_once(
            self, values: int, length: int, rules: int, records: int, lang: str) -> None:
        """The law (look78c F2): a set read from the application (an ``in`` rule's
        ``set = { path = … }``, ``ctx.known``; the list a ``contains`` rule looked in,
        ``ctx.found``) one of whose values is long is given whole once in an answer, as a
        set of the call is, each finding keeping its heads and its id (``known_text``,
        ``found_text``); so every rule that fails once is said by its own finding (before,
        each finding carried the values whole, 17 KB for 30 texts of 500 characters, and
        the findings bound cut half of 120 rules: ``findings_cut``). A ``contains`` finding's
        ``input``, that same list, is given so too (its heads, ``input_text`` the id): its
        size is bounded by the heads whatever the values' length (att92 F4: 15 KB each)."""
        call = _pool_call(rules)
        data = eligible_dict()
        data["fields"] = {"c0": "x", "pool": [f"{n:03}".ljust(length, "s")
                                              for n in range(values)]}
        said: set[str] = set()
        given: dict[str, Any] = {}
        for item in callrules.evaluate_many(call, [data] * records, progress=False):
            line = item.to_dict(lang, None, said)
            for key, texts in line.pop("texts", {}).items():
                assert key not in given  # (once in the answer)
                given[key] = texts
            codes = [f["code"] for f in line["errors"]]
            assert sorted(codes) == sorted(["not_included"] * (rules // 2 + rules % 2)
                                           + ["unknown_reference"] * (rules // 2))
            for finding in line["errors"]:
                name = "found" if finding["code"] == "not_included" else "known"
                ctx = finding["ctx"]
                if length > LONG_TEXT:
                    whole = given[ctx[f"{name}_text"]]
                    assert ctx[name] == [text_head(v) for v in whole]
                    assert len(whole) == min(values, LIST_CAP)
                    assert all(len(v) == length for v in whole)
                    if name == "found":  # (its input is that list: its heads and id too)
                        assert finding["input"] == ctx["found"]
                        assert finding["input_text"] == ctx["found_text"]
                        # so a finding's size is bounded by its heads, whatever the values'
                        # length: neither its input nor its ctx says one whole (att92 F4)
                        unworded = {k: v for k, v in finding.items() if k != "message"}
                        assert len(json.dumps(unworded, ensure_ascii=False)) <= (
                            2 * len(whole) * (TEXT_HEAD + 8) + 1_000)
                else:
                    assert f"{name}_text" not in ctx
        assert len(given) == (length > LONG_TEXT)
