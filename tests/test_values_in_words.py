"""Every value a person reads is said in words in the reader's language: codes by their
labels, dates in the reader's form, and what an ``exists`` looked for, never a code, an ISO
date or a question mark."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

import callrules
from tests.conftest import eligible_dict
from tests.helpers import code_tokens
from tests.laws import settings
from tests.strategies import call_files, cnrs_applications
from tests.test_definitions import minimal_call

LANGS = ("fr", "en", "es", "pt")


def _messages(call: callrules.Call, data: dict[str, Any], lang: str) -> list[str]:
    report = callrules.evaluate(call, callrules.parse_application(data))
    return [finding.message(lang) for finding in report.findings]


class TestNoCodeInWhatPeopleRead:
    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(call_files(), cnrs_applications())
    def test_findings_and_checklists_of_any_call_hold_no_code(
            self, data: dict[str, Any], app: dict[str, Any]) -> None:
        """For any call that loads and any application, every finding's message and the
        officers' checklist, in each of the four languages, hold no code-like token."""
        try:
            call = callrules.Call.from_dict(data)
        except callrules.DefinitionError:
            return
        for lang in LANGS:
            for message in _messages(call, app, lang):
                assert code_tokens(message) == [], message
            sheet = call.checklist(lang, audience="officers")
            sheet = re.sub(r"\[[a-z0-9_-]+\]", "", sheet)  # the clause ids, for officers
            assert code_tokens(sheet) == [], sheet


class TestWhatWasLookedFor:
    @pytest.mark.parametrize("lang", LANGS)
    def test_an_exists_without_requirement_says_its_condition(self, lang: str) -> None:
        """No requirement written: the message says the rule's condition in words, not
        "Missing: ?."."""
        check = {"op": "exists", "path": "documents", "where": {
            "op": "compare", "path": "pages", "cmp": ">", "to": 99}}
        (message,) = _messages(callrules.Call.from_dict(minimal_call(check)),
                               eligible_dict(), lang)
        assert "?" not in message and "99" in message, message
        assert code_tokens(message) == []

    def test_a_requirement_written_is_said_as_written(self) -> None:
        """A requirement, when given, is what the message says."""
        check = {"op": "exists", "path": "documents", "where": {
            "op": "compare", "path": "pages", "cmp": ">", "to": 99},
            "requirement": {"fr": "un long document", "en": "a long document"}}
        (message,) = _messages(callrules.Call.from_dict(minimal_call(check)),
                               eligible_dict(), "en")
        assert "a long document" in message and "99" not in message


class TestDatesAndCodes:
    @pytest.mark.parametrize(("lang", "said"), [
        ("en", "January 1, 2030"), ("fr", "1er janvier 2030"), ("es", "1 de enero de 2030"),
        ("pt", "1º de janeiro de 2030")])
    def test_a_date_written_in_a_rule_reads_in_the_readers_form(self, lang: str,
                                                                said: str) -> None:
        """A date literal inside a filter reads as the reader writes dates, not 2030-01-01,
        in the finding and in the checklist."""
        check = {"op": "exists", "path": "visitors", "where": {
            "op": "compare", "path": "stay.arrival", "cmp": ">=", "to": "2030-01-01"}}
        call = callrules.Call.from_dict(minimal_call(check))
        (message,) = _messages(call, eligible_dict(), lang)
        sheet = call.checklist(lang, audience="officers")
        for text in (message, sheet):
            assert said in text and "2030-01-01" not in text, text

    @pytest.mark.parametrize(("lang", "category", "costs"), [
        ("fr", "ingénieur ou ingénieure", "hébergement et repas"),
        ("en", "engineer", "accommodation and meals"),
        ("es", "ingeniero o ingeniera", "alojamiento y comidas"),
        ("pt", "engenheiro ou engenheira", "hospedagem e refeições")])
    def test_built_in_codes_read_by_their_labels_without_a_vocabulary(
            self, lang: str, category: str, costs: str) -> None:
        """A call without vocabularies still names the built-in codes by the library's
        labels, in the reader's language, as the plan does."""
        data = minimal_call({"op": "compare", "path": {"count": "visitors", "where": {
            "op": "compare", "path": "category", "cmp": "==", "to": "engineer"}},
            "cmp": ">=", "to": 5})
        data["rules"][0]["check"] = {"op": "compare", "left": {
            "count": "visitors", "where": {"op": "compare", "path": "category", "cmp": "==",
                                           "to": "engineer"}}, "cmp": ">=", "to": 5}
        data["rules"].append({"clause": data["rules"][0]["clause"], "check": {
            "op": "each", "path": "budget.lines", "rule": {
                "op": "in", "path": "category", "set": ["lodging", "meals"]}}})
        call = callrules.Call.from_dict(data)
        text = "\n".join(_messages(call, eligible_dict(), lang))
        assert category in text and costs in text, text

    def test_a_declared_choice_without_labels_reads_as_words(self) -> None:
        """A code nothing labels (a declared choice's value) reads with spaces for its
        underscores, never as a code."""
        data = minimal_call({"op": "compare", "path": "fields.stage", "cmp": "==",
                             "to": "early_career"})
        data["fields"] = {"application": {"stage": {
            "type": "choice", "values": ["early_career", "senior_staff"],
            "label": {"fr": "Étape", "en": "Stage"}}}}
        app = eligible_dict()
        app["fields"] = {"stage": "senior_staff"}
        call = callrules.Call.from_dict(data)
        for lang in LANGS:
            (message,) = _messages(call, app, lang)
            assert "senior staff" in message and "early career" in message, message
            assert code_tokens(message) == []


class TestAShiftedMilestoneInWords:
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(years=st.integers(-2, 2), months=st.integers(-13, 13), days=st.integers(-40, 40),
           labelled=st.booleans(), lang=st.sampled_from(["fr", "en", "es", "pt"]))
    def test_it_is_said_as_an_offset_from_its_label(self, years: int, months: int, days: int,
                                                    labelled: bool, lang: str) -> None:
        """A comparison with a milestone moved by years, months and days is worded as the
        checklist words it (an offset before or after the milestone's label, or its name in
        words), never as its code (``deadline-1d``)."""
        shift = {k: v for k, v in (("years", years), ("months", months), ("days", days)) if v}
        data = minimal_call({"op": "compare", "path": "submitted_at", "cmp": "<=",
                             "to": {"milestone": "deadline", **shift}})
        data["timeline"]["deadline"] = "2020-01-15T17:00:00"
        if labelled:
            data["labels"] = {"milestones": {"deadline": {
                "fr": "Date limite de dépôt", "en": "Submission deadline"}}}
        call = callrules.Call.from_dict(data)
        (finding,) = callrules.evaluate(call, eligible_dict()).findings
        text = call_message(call, finding, lang)
        assert not re.search(r"[+-]\d+[ymd]\b", text), text
        assert code_tokens(text) == [], text
        if labelled:
            assert any(label in text.lower() for label in (
                "date limite de dépôt", "submission deadline")), text
        for count in shift.values():  # each part of the offset is said, as a count
            assert re.search(rf"\b{abs(count)}\b", text), text


def call_message(call: callrules.Call, finding: callrules.Finding, lang: str) -> str:
    """``finding`` worded with ``call``'s labels."""
    report = callrules.evaluate(call, eligible_dict())
    return report.message_of(finding, lang)


#: Text fields of the example application, each compared with another in the rules below.
_TEXT_FIELDS = ("host.status", "host.role", "host.unit.kind", "submitter.email",
                "host.person.email", "host.person.family_name", "submitter.given_name")


class TestAComparisonWithAnotherField:
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(left=st.sampled_from(_TEXT_FIELDS), right=st.sampled_from(_TEXT_FIELDS),
           cmp=st.sampled_from(["==", "!="]), lang=st.sampled_from(LANGS))
    def test_it_names_the_other_field_and_no_pronoun_stands_for_a_label(
            self, left: str, right: str, cmp: str, lang: str) -> None:
        """``==`` and ``!=`` against another field both say which field and what it holds
        (not "is not accepted here"), and French says « la valeur » rather than a pronoun
        whose gender would have to agree with the field's label (« statut », « adresse »)."""
        from callrules._wording import _NO_LABELS, _values

        call = callrules.Call.from_dict(minimal_call(
            {"op": "compare", "path": left, "cmp": cmp, "to": {"path": right},
             "case_insensitive": True}))
        report = callrules.evaluate(call, callrules.parse_application(eligible_dict()))
        for finding in report.findings:
            message = finding.message(lang)
            shown = dict(_values(finding, lang, None, _NO_LABELS))
            assert shown["other"] in message and shown["expected"] in message, message
            assert "accepted here" not in finding.message("en")
            if lang == "fr":
                assert not re.search(r"\b(elle|il) doit\b", message), message


class TestCutValuesToldApart:
    """A value past :data:`~callrules._in_words.TYPED_SHOWN` characters is cut where a person
    reads it in a list (a rule's line, a finding's message), yet distinct values always
    read distinct, each in bounded words (session 57: values sharing their first 100
    characters were written alike, two findings merged into one line of a report)."""

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.text(alphabet="ab[]\u200b", max_size=400), min_size=1, max_size=20,
                    unique=True),
           st.integers(min_value=0, max_value=400))
    def test_distinct_values_read_distinct_in_bounded_words(self, tails: list[str],
                                                            common: int) -> None:
        from callrules._i18n import visible
        from callrules._in_words import APART_SHOWN, TYPED_SHOWN, cut, cut_apart
        words = list(dict.fromkeys(visible("x" * common + tail, "en") for tail in tails))
        said = cut_apart(words)
        assert len(set(said)) == len(words)
        bound = TYPED_SHOWN + (len(words) - 1) * (2 * APART_SHOWN + 2) + 80 * len(words) + 1
        assert all(len(one) <= bound for one in said)
        for word, one in zip(words, said, strict=True):  # (its start; alike to none: no more)
            assert one.startswith(word[:TYPED_SHOWN])
            if sum(other[:TYPED_SHOWN] == word[:TYPED_SHOWN] for other in words) == 1:
                assert len(one) <= len(cut(word)) + 40

    def test_two_sets_alike_in_their_first_characters_read_apart(self) -> None:
        from callrules._places import values_label
        a = "A" * 100
        for lang in LANGS:
            one = values_label("code", frozenset({a + "-grant-2026", a + "-grant-2027"}), lang)
            two = values_label("code", frozenset({a + "-loan-2026", a + "-loan-2027"}), lang)
            assert one != two and "-grant-2027" in one and "-loan-2026" in two
            three = values_label("code", frozenset({a + "-allowed" + "z" * 300,
                                                    a + "-refused-by-ethics" + "z" * 300}), lang)
            assert "-allowed" in three and "-refused" in three and len(three) < 400

    def test_a_cut_never_falls_inside_a_naming(self) -> None:
        from callrules._places import values_label
        for lang in LANGS:
            said = values_label("code", frozenset({"a" * 97 + "\u200b" + "b" * 10, "z"}), lang)
            assert said.count("[") == said.count("]") == 1, said


class TestASetWordedOnce:
    def test_a_set_named_by_many_findings_is_put_in_order_once(self) -> None:
        """Counting, not timing (session 58): the findings of 40 rules naming one set of the
        call put its values in the reader's order once, not once a message (each value's
        collation key taken once; before, 40 times: 95 ms a message for 20 values of 4,999
        characters, 290 s for a 25-record batch of att86's 480 rules)."""
        from callrules import _places
        from tests.test_checklist import big_call

        call = callrules.Call.from_text(big_call(20, 40, 600))
        data = eligible_dict()
        data["fields"] = {"code": "x"}
        report = callrules.evaluate(call, callrules.parse_application(data))
        keyed: list[str] = []
        order = _places.collation_key

        def counted(text: str) -> str:
            keyed.append(text)
            return order(text)

        getattr(_places, "_SAID_SETS", {}).clear()  # (none said yet)
        with pytest.MonkeyPatch.context() as patched:
            patched.setattr(_places, "collation_key", counted)
            messages = {report.message_of(f, "en") for f in report.errors}
        assert len(report.errors) == 40 and len(messages) == 1
        assert len(keyed) == 20

    def test_a_set_is_said_with_the_labels_of_its_own_call(self) -> None:
        """The same set worded for two calls whose vocabularies label its codes apart reads
        each call's labels, however lately the other's were said."""
        from callrules._labels import CallLabels
        from callrules._places import values_label

        codes = frozenset({"a", "b"})
        one, other = (CallLabels(values={"fields.kind": {
            code: {"en": f"{word} {code}"} for code in codes}}) for word in ("one", "other"))
        for _ in range(2):
            assert values_label("fields.kind", codes, "en", one) == "one a and one b"
            assert values_label("fields.kind", codes, "en", other) == "other a and other b"

    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.one_of(
        st.booleans(), st.integers(-2, 2),
        st.decimals(min_value=-3, max_value=3, places=2, allow_nan=False),
        st.builds(lambda hours, offset: datetime(2026, 1, 1, hours, tzinfo=timezone(
            timedelta(hours=offset))), st.integers(0, 23), st.integers(-3, 3)),
        st.sampled_from(["1", "True", "a"])), min_size=1, max_size=4),
        st.sampled_from(["set", "list"]), st.integers(-3, 3), st.sampled_from(LANGS))
    def test_a_kept_answer_reads_as_a_fresh_one_whatever_the_values_types(
            self, values: list[Any], kind: str, offset: int, lang: str) -> None:
        """Law (look78c F3): the words kept of a set are those it would be said in afresh,
        when a set Python holds equal to it was said first: each value turned into one
        equal to it that reads otherwise (``True`` and ``1``, ``1.50`` and ``1.5``, an
        instant at another offset). Before, ``{True, False}`` said after ``{0, 1}`` read
        « 0 and 1 », and 13:00 at UTC+01:00 after 12:00 at UTC read « 12:00 PM (UTC) »."""
        from callrules import _places
        from callrules._places import values_label

        def twin(value: Any) -> Any:
            if isinstance(value, bool) or (value in (0, 1) and type(value) is int):
                return int(value) if isinstance(value, bool) else bool(value)
            if isinstance(value, datetime):
                return value.astimezone(timezone(timedelta(hours=offset)))
            if isinstance(value, Decimal):
                return value.normalize()
            return value

        def made(items: list[Any]) -> Any:
            return frozenset(items) if kind == "set" else tuple(items)

        first, then = made([twin(v) for v in values]), made(values)
        assert first == then  # (equal to Python)
        for said in (first, then):
            values_label("amount", said, lang)  # (kept)
        kept = values_label("amount", then, lang)
        _places._forget_sets()
        assert kept == values_label("amount", then, lang), values
