"""Expression rules in words: the officers' checklist and the findings of a comparison with an
expression read as sentences, with labels and values, never a path, a code or a brace."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

import callrules
from callrules._phrasing import Phrasing
from callrules._places import field_label
from callrules.language.compare import _literal
from tests.conftest import eligible_dict
from tests.helpers import code_tokens
from tests.laws import settings
from tests.strategies import EXPRESSION_PARAMETERS, EXPRESSION_TIMELINE, expression_rules
from tests.test_budget_call import set_line, summer_school
from tests.test_definitions import minimal_call
from tests.test_fixture_calls import HELSINKI, postdoc_application

LANGS = ("fr", "en", "es", "pt")


def balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def people_read(text: str) -> None:
    """``text`` is for people: no code-like token, no brace, no placeholder left."""
    assert code_tokens(text) == [], text
    assert balanced(text) and "{" not in text and "%(" not in text, text


class TestEveryExpression:
    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(expression_rules())
    def test_the_checklist_and_the_findings_read_as_words(self, rule: dict[str, Any]) -> None:
        """For any comparison with expressions, the officers' checklist and the messages of
        its findings, in each language, hold no code token and no brace; one of two values
        written in the call reads nothing of the application and is refused."""
        data = minimal_call(
            rule, parameters=EXPRESSION_PARAMETERS, timeline=EXPRESSION_TIMELINE,
            labels={"parameters": {"cap": {"fr": "Plafond", "en": "Cap"}},
                    "milestones": {"results": {"fr": "Résultats", "en": "Results"}}})
        if all(_literal(rule.get(side)) for side in ("left", "to")):
            with pytest.raises(callrules.DefinitionError, match="reads nothing"):
                callrules.Call.from_dict(data)
            return
        call = callrules.Call.from_dict(data)
        app = eligible_dict()
        app["exchange_rates"] = [{"base": "BRL", "quote": "EUR", "rate": "0.16"}]
        report = callrules.evaluate(call, app)
        for lang in LANGS:
            people_read(call.checklist(lang, audience="officers"))
            for finding in report.findings:
                people_read(finding.message(lang))
                # (a sum is one subject: « …, additionnés doit » before session 41)
                assert not re.search(r"additionnés|sumados|somados", finding.message(lang))
            people_read(report.render(lang).replace(report.application_id or "", ""))


class TestTheFixtures:
    @pytest.mark.parametrize("lang", LANGS)
    def test_the_helsinki_checklist_reads_as_words(self, lang: str) -> None:
        """The officers' checklist of the Helsinki call: the ratio, the co-funding and the
        career window in sentences, with the window's label and its date."""
        text = HELSINKI.checklist(lang, audience="officers")
        people_read(text)
        assert "60" in text and "25" in text and "5 " in text

    def test_the_english_reading_of_the_ratio_and_the_window(self) -> None:
        """What an officer reads, in English, for the ratio and the career window."""
        text = HELSINKI.checklist("en", audience="officers")
        assert ("The ratio of the sum of “amount” over “budget lines” (only the items where "
                "cost category: one of accommodation or meals) to the sum of “amount” over "
                "“budget lines” must be at most 60%") in text
        assert ("“PhD award date” must come no earlier than 5 years before the end of the PhD "
                "window (March 31, 2027)") in text
        assert ("“co-funding from the home institution” must be at least the sum of “amount” "
                "over “budget lines” times 25%") in text

    @pytest.mark.parametrize("lang", LANGS)
    def test_the_failures_of_expression_rules_read_as_words(self, lang: str) -> None:
        """A failing Helsinki application: each message names the expression, not a path,
        and a ratio compared with a percentage is given as a percentage."""
        app = postdoc_application()
        app["visitors"][0]["fields"]["phd_awarded"] = "2020-01-01"
        app["budget"]["lines"][1]["amount"]["amount"] = "3000.00"
        app["fields"]["cofunding"]["amount"] = "10.00"
        report = callrules.evaluate(HELSINKI, app)
        assert {f.clause for f in report.findings} == {
            "career-window", "subsistence-share", "cofunding"}
        for finding in report.findings:
            people_read(finding.message(lang))
        (ratio,) = [f for f in report.findings if f.clause == "subsistence-share"]
        assert "83.784%" in ratio.message("en") and "60%" in ratio.message("en")
        assert ratio.to_dict()["ctx"]["right"] == {"percent": 60}


class TestPhrasesWithoutTheCall:
    """What a finding's message can say from the expression alone (no call at hand)."""

    def test_offsets_of_both_signs_read_as_later_and_earlier(self) -> None:
        """A shift forward in years and back in days says each move (a built-in milestone by
        the catalogs' label, never its code)."""
        words = Phrasing("en").expression({"milestone": "results", "years": 1, "days": -3})
        assert words == "the publication of the results moved 1 year later and 3 days earlier"

    def test_a_parameter_without_label_or_value_is_named_in_words(self) -> None:
        """An unlabelled parameter reads as its name in words, never in snake_case; an
        offset by the value compiled beside it."""
        assert Phrasing("en").expression({"param": "lead_days"}) == "lead days"
        assert Phrasing("en").expression(
            {"shift": {"path": "stay.arrival"},
             "after": {"days": {"param": "lead_days", "value": 14}}},
            "visitors") == "14 days after “date of arrival”"

    def test_extremes_of_a_list_and_a_compiled_milestone(self) -> None:
        """The minimum of a list of numbers; a built-in milestone by the catalogs' label and
        the date compiled beside it."""
        assert Phrasing("en").expression({"max": "budget.lines"}) == \
            "the maximum of “budget lines”"
        assert Phrasing("fr").expression(
            {"milestone": "results", "value": date(2026, 7, 1)}) == \
            "la publication des résultats (1er juillet 2026)"


    @pytest.mark.parametrize("cmp", ["<", "<=", ">", ">=", "==", "!="])
    @pytest.mark.parametrize("parts", [
        [{"path": "fields.nights"}, 1],
        [{"count": "visitors"}, {"path": "fields.nights"}, {"sum": "budget.lines"}],
        [{"times": [{"path": "fields.nights"}, 2]}, {"count": "documents"}]])
    def test_a_sum_said_as_the_subject_of_a_sentence_agrees_with_its_verb(
            self, cmp: str, parts: list[Any]) -> None:
        """A sum as the subject of a comparison is one thing that must be so: « le total
        obtenu en additionnant … doit dépasser 3 », « el resultado de sumar … debe … », « o
        resultado de somar … deve … » (session 41: « « nombre » et 1, additionnés doit
        dépasser 3 », a plural subject with a verb in the singular, and as many in Spanish
        and Portuguese), whatever the parts are (a field, a count, a product)."""
        subject = {"fr": "le total obtenu en additionnant ", "es": "el resultado de sumar ",
                   "pt": "o resultado de somar "}
        verb = {"fr": " doit ", "es": " debe ", "pt": " deve "}
        for lang, start in subject.items():
            words = Phrasing(lang).relation({"plus": parts}, None, cmp, 3, "")
            assert words.startswith(start) and verb[lang] in words, words
            assert not re.search(r"additionn[ée]s|sumad[oa]s|somad[oa]s", words), words
            people_read(words)


class TestRatesAndRounding:
    SUMMER = callrules.Call.from_file("tests/data/good-summer-school-2027.toml")

    @pytest.mark.parametrize("lang", ["en", "fr"])
    def test_a_rate_looked_up_reads_by_its_table_key_and_day(self, lang: str) -> None:
        """A lookup reads as the table's label, the key's label and the day that picks the
        version; an arithmetic operand is bracketed, so "(A minus B) times C" is not
        "A minus (B times C)"."""
        text = self.SUMMER.checklist(lang, audience="officers")
        people_read(text)
        start = {"en": "(lodging per night for “place of the school”",
                 "fr": "(hébergement par nuit pour «\u202flieu de l'école\u202f»"}[lang]
        assert start in text
        assert {"en": ") times flat rate", "fr": ") fois taux forfaitaire"}[lang] in text

    @pytest.mark.parametrize("lang", LANGS)
    def test_a_rounded_expression_says_how_and_to_what(self, lang: str) -> None:
        """round reads with its mode and unit (or the currency's smallest unit)."""
        words = Phrasing(lang, self.SUMMER.labels)
        unit = words.expression({"round": {"param": "travel_cap"}, "unit": "0.05",
                                 "mode": "half_up"})
        minor = words.expression({"round": {"param": "travel_cap"}, "mode": "down"})
        people_read(unit)
        people_read(minor)
        assert {"en": "0.05", "fr": "0,05", "es": "0,05", "pt": "0,05"}[lang] in unit
        assert unit != minor

    @pytest.mark.parametrize("lang", ["en", "fr"])
    def test_a_variable_of_the_each_reads_as_that_item(self, lang: str) -> None:
        """``beneficiary == $participant.id`` inside ``each visitors as participant`` reads
        as the visitor's reference in a finding, not as the application's."""
        app = set_line(summer_school(), 0, Decimal("600.01"))
        (finding,) = [f for f in callrules.evaluate(self.SUMMER, app).findings
                      if f.clause == "lodging"]
        text = finding.message(lang)
        people_read(text)
        assert {"en": "visitor's reference", "fr": "de la personne accueillie"}[lang] in text
        assert {"en": "application reference", "fr": "de la candidature"}[lang] not in text


#: The article (or a preposition contracted with it) that French and Spanish put before a
#: date written out inside a sentence; Portuguese and English put none.
_BEFORE_A_DATE = {"fr": ("le ", "du ", "au "), "es": ("el ", "del ", "al ")}


class TestDatesInsideExpressions:
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
           shape=st.sampled_from(["between", "after", "before", "later"]),
           cmp=st.sampled_from(["<", ">="]))
    def test_a_date_written_in_an_expression_has_its_article(self, day: date, shape: str,
                                                             cmp: str) -> None:
        """Wherever a rule's date is said inside an expression (« entre le 1er janvier 2026
        et … », « 10 días después del 1 de enero », a limit « antérieure au … »), French and
        Spanish put the article before it, contracted with « de » / « à », « de » / « a »;
        the finding and the checklist alike."""
        written = day.isoformat()
        if shape == "between":
            check = {"op": "compare", "left": {"days_between": [written, {"path": "stay.arrival"}]},
                     "cmp": cmp, "to": 0}
        else:
            moved: dict[str, Any] = {"shift": written}
            moved.update({"after": {"days": 10}} if shape == "after" else {"before": {"days": 10}}
                         if shape == "before" else {"days": 10, "months": -1})
            check = {"op": "compare", "path": "stay.arrival", "cmp": cmp, "to": moved}
        call = callrules.Call.from_dict(minimal_call({"op": "each", "path": "visitors",
                                                      "rule": check}))
        report = callrules.evaluate(call, eligible_dict())
        for lang, articles in _BEFORE_A_DATE.items():
            texts = [f.message(lang) for f in report.findings]
            texts.append(call.checklist(lang, audience="officers"))
            said = callrules._i18n.long_date(day, lang)
            for text in texts:
                for found in re.finditer(r"(?<!\d)" + re.escape(said), text):
                    before = text[:found.start()]
                    assert before.endswith(articles) or before.endswith(("(", "— ")), text


    def test_a_month_counted_from_is_said_by_its_first_day(self) -> None:
        """``days_between`` and ``months_between`` with a month milestone count from its
        first day, and say that day in four languages (attack 38b: "to the travel month
        (September 2026): −13" for an arrival on the 14th read as wrong)."""
        langs = ("en", "fr", "es", "pt")
        words = {lang: "W" for lang in langs}
        month = {"milestone": "travel"}
        for check, count in (
                ({"op": "each", "path": "visitors", "rule": {"op": "compare", "left": {
                    "days_between": [{"path": "stay.arrival"}, month]}, "cmp": ">",
                    "to": 100}}, "−13"),
                ({"op": "compare", "left": {"months_between": [{"milestone": "deadline"},
                                                                month]},
                  "cmp": "<", "to": 3}, "3")):
            call = callrules.Call.from_dict({
                "id": "m", "version": "1", "languages": list(langs), "title": words,
                "timezone": "Europe/Paris", "currency": "EUR",
                "timeline": {"deadline": "2026-06-01T17:00:00", "travel": "2026-09"},
                "labels": {"milestones": {"travel": {
                    "en": "Travel month", "fr": "Mois du voyage", "es": "Mes del viaje",
                    "pt": "Mês da viagem"}}},
                "clauses": [{"id": "c", "title": words, "text": words}],
                "rules": [{"clause": "c", "check": check}]})
            report = callrules.evaluate(call, eligible_dict())
            finding = report.findings[0]
            first = {"en": "September 1, 2026, the first day of",
                     "fr": "le 1er septembre 2026 (l’échéance",
                     "es": "el 1 de septiembre de 2026 (día en que empieza el hito",
                     "pt": "1º de setembro de 2026 (dia em que começa o marco"}
            for lang in langs:
                message = report.message_of(finding, lang)
                assert first[lang] in message and count in message, message
                assert not code_tokens(message), message


    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(steps=st.lists(st.lists(st.one_of(  # (a count under 1,000 days: no separator)
               st.tuples(st.just("months"), st.integers(-5, 5).filter(bool)),
               st.tuples(st.just("days"), st.integers(-40, 40).filter(bool))),
                                   min_size=1, max_size=2, unique_by=lambda t: t[0]),
                          max_size=3),
           first=st.booleans())
    def test_a_month_moved_is_said_by_its_first_day_moved(
            self, steps: list[list[tuple[str, int]]], first: bool) -> None:
        """Law: a month milestone moved by 0–3 steps and counted from says the day it is
        counted from, its first day moved step by step (session 37: "3 days after the
        travel month (September 2026)", read as after its end), in four languages, no code
        token; in English an apposition the sentence goes on after is closed by a comma."""
        from dateutil.relativedelta import relativedelta

        langs = ("en", "fr", "es", "pt")
        words = {lang: "W" for lang in langs}
        month: dict[str, Any] = {"milestone": "travel"}
        day = date(2026, 9, 1)
        for step in steps:
            month = {"shift": month, **dict(step)}
            day = day + relativedelta(**{unit: n for unit, n in step})
        sides = [month, {"path": "stay.arrival"}] if first else [{"path": "stay.arrival"},
                                                                   month]
        call = callrules.Call.from_dict({
            "id": "m", "version": "1", "languages": list(langs), "title": words,
            "timezone": "Europe/Paris", "currency": "EUR",
            "timeline": {"deadline": "2026-06-01T17:00:00", "travel": "2026-09"},
            "labels": {"milestones": {"travel": {
                "en": "Travel month", "fr": "Mois du voyage", "es": "Mes del viaje",
                "pt": "Mês da viagem"}}},
            "clauses": [{"id": "c", "title": words, "text": words}],
            "rules": [{"clause": "c", "check": {"op": "each", "path": "visitors", "rule": {
                "op": "compare", "left": {"days_between": sides}, "cmp": ">",
                "to": 10 ** 6}}}]})
        report = callrules.evaluate(call, eligible_dict())
        finding = report.findings[0]
        arrival = date(2026, 9, 14)
        count = (arrival - day).days * (1 if first else -1)
        for lang in langs:
            message = report.message_of(finding, lang)
            said = callrules._i18n.long_date(day, lang)
            assert said in message, message
            assert ("\u2212" if count < 0 else "") + str(abs(count)) in message, message
            assert not code_tokens(message), message
        english = report.message_of(finding, "en")
        if first:
            assert "travel month, to " in english or "earlier, to " in english or \
                "later, to " in english, english
        assert "month (September 2026)" not in english, english


class TestALimitSaidOnce:
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(cents=st.integers(1, 10**9), cmp=st.sampled_from(["<", "<=", ">", ">=", "=="]),
           right=st.sampled_from(["amount", "decimal"]))
    def test_a_literal_on_the_right_is_not_explained_by_itself(
            self, cents: int, cmp: str, right: str) -> None:
        """Law: the words in brackets after a limit say where it comes from (a parameter, an
        expression); a literal written in the rule (an amount, a decimal) is
        its own value, said once: never "more than €1.00 (€1.00)", in any language."""
        value = Decimal(cents).scaleb(-2)
        to: dict[str, Any] = {"amount": {"amount": format(value, "f"), "currency": "EUR"},
                              "decimal": {"decimal": format(value, "f")}}[right]
        left = {"times": [{"param": "cap"}, {"decimal": "1"}]} if right == "amount" else \
            {"times": [{"count": "visitors"}, {"decimal": "0.5"}]}
        call = callrules.Call.from_dict(minimal_call({"op": "compare", "left": left,
                                                      "cmp": cmp, "to": to}))
        for finding in callrules.evaluate(call, eligible_dict()).findings:
            for lang in LANGS:
                message = finding.message(lang)
                assert not re.search(r"(\S[^;:]*?) \(\1\)", message), message


class TestOuterItemNamed:
    @pytest.mark.parametrize("lang", LANGS)
    @pytest.mark.parametrize("field", ["id", "person.email", "person.family_name", "category"])
    def test_a_filter_on_a_field_of_the_outer_item_names_that_item_for_every_field(
            self, lang: str, field: str) -> None:
        """A filter on the documents comparing with a field of the visitor checked
        (``$v.person.email``, ``$v.id``…) names the visitor the same way for every field, in
        four languages: "the e-mail address" alone read as the document's own (``$v.id``
        said "the visitor's reference", ``$v.person.email`` only "the e-mail address"); its
        label alone quoted, as another field is in French, Spanish and Portuguese (words50)."""
        rule = {"op": "each", "path": "visitors", "as": "v", "rule": {
            "op": "exists", "path": "$root.documents", "where": {
                "op": "compare", "path": "owner", "cmp": "==", "to": {"path": f"$v.{field}"}}}}
        call = callrules.Call.from_dict(minimal_call(rule), source="x.toml")
        app = eligible_dict()
        app["documents"] = [d for d in app["documents"] if d.get("kind") != "cv"]
        report = callrules.evaluate(call, app)
        said = [f.message(lang) for f in report.errors]
        assert said, report
        items = field_label("visitors", lang)
        phrasing = Phrasing(lang)  # (its label alone quoted, as in an expression)
        named = phrasing.p("outer_field", field=phrasing.p("e_field", field=field_label(
            f"visitors.{field}", lang)), items=items)
        for text in said:
            assert named in text, text
            assert not code_tokens(text), text

    @pytest.mark.parametrize("lang", LANGS)
    @pytest.mark.parametrize("field", ["id", "person.email", "category"])
    @pytest.mark.parametrize("form", ["path", "left"])
    def test_the_outer_item_is_named_on_either_side_of_a_comparison(
            self, lang: str, field: str, form: str) -> None:
        """The same filter written the other way round, ``$v.id`` on the left (as the
        compared ``path``, or as the ``left`` expression): the outer item named as on the
        right, in the finding and the officers' reading (the left side read bare, as the
        document's own field); its label alone in quotes on either side and in either
        form, one rule (session 44 R6: the left side was bare, its sibling quoted)."""
        test: dict[str, Any] = {"op": "compare", "cmp": "==", "to": {"path": "owner"}}
        if form == "path":
            test["path"] = f"$v.{field}"
        else:
            test["left"] = {"path": f"$v.{field}"}
        rule = {"op": "each", "path": "visitors", "as": "v", "rule": {
            "op": "exists", "path": "$root.documents", "where": test}}
        call = callrules.Call.from_dict(minimal_call(rule), source="x.toml")
        app = eligible_dict()
        app["documents"] = []  # (none: each visitor's test fails, whatever the form)
        report = callrules.evaluate(call, app)
        said = [f.message(lang) for f in report.errors]
        assert said, report
        words = Phrasing(lang)
        label = field_label(f"visitors.{field}", lang)
        # (its label in quotes, the item's after it: never quotes inside quotes,
        # « (“e-mail address of the item of “visitors” checked” must …) » before session 41)
        named = words.p("outer_field", field=words.p("e_field", field=label),
                        items=field_label("visitors", lang))
        for text in said + [call.checklist(lang, audience="officers")]:
            assert named in text, text
            assert not code_tokens(text), text
            assert not re.search(r"“[^”]*“|«[^»]*«", text), text
