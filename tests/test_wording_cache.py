"""The words of a comparison's sides are worked out once for the sides' shape, not only for
the objects a rule's findings share: a finding read back from JSON (its sides objects of its
own, equal to the rule's) is worded from the cache too, in the same words as without it."""

from __future__ import annotations

import dataclasses
import json
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, given
from hypothesis import strategies as st

import callrules
from callrules import _wording
from callrules._phrasing import Phrasing
from tests.conftest import eligible_dict
from tests.laws import settings
from tests.strategies import EXPRESSION_PARAMETERS, EXPRESSION_TIMELINE, expression_rules
from tests.test_definitions import minimal_call
from tests.test_expression_wording import LANGS


def _cold() -> None:
    """The caches of the sides' words emptied."""
    _wording._SAID.clear()
    _wording._SAID_SHAPED.clear()


def _own(value: Any) -> Any:
    """``value`` with mappings and lists of its own (the values inside kept)."""
    if isinstance(value, dict):
        return {k: _own(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_own(v) for v in value)
    return value


def read_back(finding: callrules.Finding, how: str) -> callrules.Finding:
    """``finding`` with a context of its own: copied, or its sides through JSON text (what
    a report parsed again holds: lists for tuples, texts for what JSON has not)."""
    ctx: dict[str, Any] = _own(dict(finding.ctx))
    if how == "json":
        for side in ("left", "right", "rule"):
            if side in ctx:
                ctx[side] = json.loads(json.dumps(ctx[side], default=str))
    return dataclasses.replace(finding, ctx=ctx)


def findings_of(rule: dict[str, Any]) -> list[callrules.Finding]:
    data = minimal_call(
        rule, parameters=EXPRESSION_PARAMETERS, timeline=EXPRESSION_TIMELINE,
        labels={"parameters": {"cap": {"fr": "Plafond", "en": "Cap"}},
                "milestones": {"results": {"fr": "Résultats", "en": "Results"}}})
    try:
        call = callrules.Call.from_dict(data)
    except callrules.DefinitionError:
        return []
    app = eligible_dict()
    app["exchange_rates"] = [{"base": "BRL", "quote": "EUR", "rate": "0.16"}]
    return list(callrules.evaluate(call, app).findings)


class TestSidesWordedByShape:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(expression_rules(), st.sampled_from(["copy", "json"]), st.sampled_from(LANGS),
           st.booleans())
    def test_the_same_words_with_and_without_the_cache(self, rule: dict[str, Any], how: str,
                                                       lang: str, first: bool) -> None:
        """Law: any comparison with expressions × its findings as made or read back (a
        copy, through JSON) × each language × which is worded first → the same words with
        the caches warm as each worded with them emptied."""
        for finding in findings_of(rule):
            again = read_back(finding, how)
            _cold()
            cold = [finding.message(lang)]
            _cold()
            cold.append(again.message(lang))
            _cold()
            order = (finding, again) if first else (again, finding)
            warm = [f.message(lang) for f in order]
            assert warm == (cold if first else cold[::-1]), (rule, how)
            assert again.message(lang) == cold[1]  # (served by the shape)

    def test_findings_read_back_are_worded_once_for_their_shape(self) -> None:
        """Twenty findings of a rule read back from JSON, each with sides of its own, word
        those sides once, as one does (they were worded twenty times)."""
        rule = {"op": "compare", "left": {"sum": "budget.lines", "of": "amount"}, "cmp": "<=",
                "to": {"times": [{"param": "cap"}, {"percent": 10}]}}
        found = findings_of(rule)
        assert found
        copies = [read_back(found[0], "json") for _ in range(20)]
        counts, words = [], set()
        for worded in (copies[:1], copies):
            _cold()
            with mock.patch.object(Phrasing, "expression", autospec=True,
                                   side_effect=Phrasing.expression) as said:
                words |= {f.message("fr") for f in worded}
            counts.append(said.call_count)
        assert len(words) == 1 and counts[0] == counts[1] > 0  # (76 for 4 before)


#: The languages a call may have its labels in: the library's, and others it has no catalog
#: for (a reader asking for them gets the call's labels and the library's English).
_CALL_LANGS = ("en", "fr", "it", "de")
_TERMS = st.one_of(st.sampled_from([{"path": "fields.n"}, {"path": "fields.m"}]),
                   st.integers(0, 9))


def _labelled_call(langs: list[str], left: list[Any], right: list[Any]) -> callrules.Call:
    """A call in ``langs`` whose two fields are labelled in each, and whose one rule
    compares two sums of those fields."""
    words = {"en": ("talks", "cap"), "fr": ("exposés", "plafond"),
             "it": ("seminari", "limite"), "de": ("Vorträge", "Obergrenze")}
    title = {lang: "T" for lang in langs}
    raw = {"id": "labels-any", "version": "1", "languages": langs, "title": title,
           "timezone": "Europe/Paris", "currency": "EUR",
           "timeline": {"deadline": "2026-06-01T17:00:00"},
           "clauses": [{"id": "c", "title": title, "text": title}],
           "fields": {"visitors": {
               "n": {"type": "integer", "label": {x: f"number of {words[x][0]}" for x in langs}},
               "m": {"type": "integer", "label": {x: f"{words[x][1]}" for x in langs}}}},
           "rules": [{"clause": "c", "check": {"op": "each", "path": "visitors", "rule": {
               "op": "compare", "left": {"plus": left}, "cmp": "<", "to": {"plus": right}}}}]}
    return callrules.Call.from_dict(raw)


class TestReadersApart:
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.sampled_from(_CALL_LANGS[1:]), min_size=1, max_size=2, unique=True),
           st.lists(_TERMS, min_size=2, max_size=3), st.lists(_TERMS, min_size=2, max_size=3),
           st.lists(st.sampled_from(["en", "fr", "it", "de", "es", "pt"]), min_size=2,
                    max_size=6), st.booleans())
    def test_each_reader_worded_as_with_every_cache_emptied(
            self, others: list[str], left: list[Any], right: list[Any], order: list[str],
            through_json: bool) -> None:
        """Law: a call with labels in 2–3 languages × any comparison of its fields × readers
        in any order (a language the call has and the library not among them) → every
        report worded as it is with every cache emptied (attack 36b: an Italian reader's
        labels given to the English one after, and the other way round)."""
        try:
            call = _labelled_call(["en", *others], [*left, {"path": "fields.n"}], right)
        except callrules.DefinitionError:
            return
        # (a reader neither the library nor the call speaks is refused: tests/test_reader_language)
        order = [lang for lang in order if lang in callrules.languages() or lang in call.languages]
        app = eligible_dict()
        app["call"] = "labels-any"
        for visitor in app["visitors"]:
            visitor["fields"] = {"n": 9, "m": 0}
        report = callrules.evaluate(call, app)
        findings = list(report.findings)
        if through_json:
            findings += [read_back(f, "json") for f in findings]
        cold = {}
        for lang in set(order):
            _cold()
            cold[lang] = (report.render(lang), [f.message(lang) for f in findings])
        _cold()
        for lang in order:
            assert (report.render(lang), [f.message(lang) for f in findings]) == cold[lang], (
                lang, order)


class TestValuesWordedOnceAReport:
    def test_babel_called_at_most_once_a_distinct_value_and_language(self) -> None:
        """A report whose findings tell the same distinct amounts again and again (three
        rules on each of 60 lines of distinct amounts in three currencies, each converted)
        calls babel at most once for each distinct value and language, whatever the tables
        shared by every report hold (here none: attack 36b, 10,000 distinct amounts
        thrashed them, 25 s for 55 rules): the report's own table says each once."""
        from babel import numbers

        from callrules import _i18n

        rule = {"op": "each", "path": "budget.lines", "rule": {
            "op": "compare", "path": "amount", "cmp": "<=",
            "to": {"amount": "0.00", "currency": "EUR"}}}
        data = minimal_call(rule)
        data["clauses"] = [*data["clauses"], *({**data["clauses"][0], "id": f"again{i}"}
                                               for i in range(2))]
        data["rules"] = [*data["rules"], *({**data["rules"][0], "clause": f"again{i}"}
                                           for i in range(2))]
        call = callrules.Call.from_dict(data)
        app = eligible_dict()
        codes = ("EUR", "BRL", "USD")
        line = app["budget"]["lines"][0]
        app["budget"]["lines"] = [
            {**line, "amount": {"amount": f"{1000 + i}.{i % 100:02d}", "currency": codes[i % 3]}}
            for i in range(60)]
        app["exchange_rates"] = [{"base": c, "quote": "EUR", "rate": "0.1234567"}
                                 for c in codes[1:]]
        report = callrules.evaluate(call, app)
        assert len(report.findings) == 180
        plain = {name: getattr(_i18n, name).__wrapped__ for name in (
            "_money_text", "_named_money_text", "_decimal_text", "_int_text", "_exact_text",
            "_unit", "_long_date")}  # (the tables every report shares: left out)
        calls: list[tuple[object, ...]] = []
        real = numbers.format_currency

        def counted(amount: object, currency: str, *args: object, **kwargs: object) -> str:
            calls.append((amount, currency, kwargs.get("locale"), kwargs.get("format_type")))
            return str(real(amount, currency, *args, **kwargs))  # type: ignore[arg-type]

        with mock.patch.multiple(_i18n, **plain), \
                mock.patch.object(numbers, "format_currency", counted):
            for lang in ("en", "fr"):
                for finding in report.findings:
                    finding.message(lang)
                report.render(lang)
        assert calls
        # (2,838 calls more without the report's table)
        assert len(calls) == len(set(calls)), len(calls) - len(set(calls))
