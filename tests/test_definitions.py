"""The call-file language: another call needs no code, and every mistake in a file is located."""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

import callrules
from callrules import _definitions as d
from callrules import rules as r
from callrules._labels import BUILT_IN_MILESTONES
from callrules.planning.declaration import _PlanFile
from tests.conftest import eligible_dict
from tests.helpers import explained, kleene_and
from tests.laws import settings
from tests.strategies import cnrs_applications

DATA = Path(__file__).resolve().parent / "data"
ANDES_FILE = DATA / "good-andes-2027.toml"
SANTIAGO = ZoneInfo("America/Santiago")
PARIS = ZoneInfo("Europe/Paris")
CNRS_DEADLINE = datetime(2026, 6, 1, 17, 0, tzinfo=PARIS)


# -- the second call ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def andes() -> callrules.Call:
    return callrules.Call.from_file(ANDES_FILE)


def andes_app() -> dict[str, Any]:
    """An application that meets every clause of the andes-2027 call, with no warning."""
    return {
        "id": "ANDES-2027-001",
        "call": "andes-2027",
        "submitted_at": "2027-02-10T10:00:00-03:00",
        "language": "es",
        "submitter": {"given_name": "Ana", "family_name": "Pérez",
                      "email": "ana.perez@uchile.cl"},
        "host": {
            "person": {"given_name": "Ana", "family_name": "Pérez",
                       "email": "ana.perez@uchile.cl"},
            "role": "researcher",
            "status": "permanent",
            "unit": {"code": "DGF", "name": "Departamento de Geofísica",
                     "location": {"country": "CL", "subdivision": "CL-RM", "city": "Santiago"}},
        },
        "visitors": [
            {"id": "v1", "category": "phd_student",
             "person": {"given_name": "Léa", "family_name": "Martin",
                        "email": "lea.martin@ens.fr"},
             "institution": {"name": "ENS", "location": {"country": "FR"}},
             "stay": {"arrival": "2027-06-01", "departure": "2027-06-30"}},
            {"id": "v2", "category": "postdoc",
             "person": {"given_name": "Jonas", "family_name": "Weber",
                        "email": "jonas.weber@uni-heidelberg.de"},
             "institution": {"name": "Universität Heidelberg",
                             "location": {"country": "DE"}},
             "stay": {"arrival": "2027-06-10", "departure": "2027-06-20"}},
        ],
        "approvals": [{"kind": "sponsor"}],
        "budget": {"lines": [
            {"category": "transport", "beneficiary": "v1",
             "amount": {"amount": "3900.00", "currency": "USD"}},
            {"category": "registration", "beneficiary": "v2",
             "amount": {"amount": "1000.00", "currency": "EUR"}},
        ]},
        "exchange_rates": [{"base": "EUR", "quote": "USD", "rate": "1.10"}],
        "answers": {"career_stage": "postdoc"},
    }


def found(call: callrules.Call, data: Mapping[str, Any]) -> set[tuple[str, str, str]]:
    """The (clause, code, path) triples of every finding, errors and warnings."""
    return {(f.clause, f.code, f.path) for f in callrules.evaluate(call, data).findings}


def failing(call: callrules.Call, data: Mapping[str, Any]) -> set[str]:
    """The clauses with at least one finding."""
    return {f.clause for f in callrules.evaluate(call, data).findings}


class TestASecondCall:
    def test_a_call_in_another_zone_currency_and_language_loads_from_its_file_alone(
            self, andes: callrules.Call) -> None:
        """The andes call loads with its own zone, currency and languages, and no code."""
        assert (andes.id, andes.version, andes.currency) == ("andes-2027", "2027.1", "USD")
        assert andes.timezone == "America/Santiago"
        assert andes.languages == ("es", "en")
        assert {rule.clause for rule in andes.rules} == set(andes.clauses)
        warnings = {r.clause for r in andes.rules if r.severity is callrules.Severity.WARNING}
        assert warnings == {"after-results"}

    def test_milestones_are_an_instant_a_month_and_a_day_in_santiago(
            self, andes: callrules.Call) -> None:
        """09:00 in January is 12:00 UTC; March runs to April's first midnight; May 1 is -04."""
        opening, deadline, results = (andes.timeline[k] for k in ("opening", "deadline",
                                                                   "results"))
        assert opening.precision == "instant"
        assert opening.start.astimezone(UTC) == datetime(2027, 1, 4, 12, tzinfo=UTC)
        assert deadline.precision == "month"
        assert deadline.start == datetime(2027, 3, 1, tzinfo=SANTIAGO)
        assert deadline.end.astimezone(UTC) == datetime(2027, 4, 1, 3, tzinfo=UTC)
        assert results.precision == "day"
        assert results.start.astimezone(UTC) == datetime(2027, 5, 1, 4, tzinfo=UTC)

    def test_the_reference_application_is_eligible(self, andes: callrules.Call) -> None:
        """An application meeting every clause has no finding at all."""
        report = callrules.evaluate(andes, andes_app())
        assert report.eligible and not report.findings and not report.unchecked

    def test_reports_render_in_both_library_languages(self, andes: callrules.Call) -> None:
        """Without French clause texts, a French report names clauses in the call's Spanish."""
        app = andes_app()
        app["visitors"][0]["stay"]["departure"] = "2027-07-01"
        report = callrules.evaluate(andes, app)
        assert "shorten it by 1 day" in report.render("en")
        assert "Length of stay" in report.render("en")
        assert "Duración" in report.render("fr")


class TestAndesTimeline:
    def test_the_call_opens_at_nine_santiago_time_to_the_microsecond(
            self, andes: callrules.Call) -> None:
        """09:00:00 -03:00 on 4 January is on time; one microsecond earlier is too early."""
        app = andes_app()
        opening = datetime(2027, 1, 4, 9, tzinfo=SANTIAGO)
        app["submitted_at"] = opening.isoformat()
        assert "opening" not in failing(andes, app)
        app["submitted_at"] = (opening - timedelta(microseconds=1)).astimezone(UTC).isoformat()
        assert ("opening", "too_early", "submitted_at") in found(andes, app)

    @pytest.mark.parametrize(("instant", "late"), [
        ("2027-03-01T00:00:00-03:00", False),
        ("2027-03-31T23:59:59.999999-03:00", False),
        ("2027-04-01T02:59:59.999999+00:00", False),
        ("2027-04-01T00:00:00-03:00", True),
        ("2027-04-01T03:00:00+00:00", True),
        ("2027-04-01T08:00:00+05:00", True),
    ])
    def test_a_month_deadline_includes_the_whole_month_in_the_call_zone(
            self, andes: callrules.Call, instant: str, late: bool) -> None:
        """"Until March" is until April's first midnight in Santiago, whatever zone is written."""
        app = andes_app()
        app["submitted_at"] = instant
        assert (("deadline", "too_late", "submitted_at") in found(andes, app)) is late

    @pytest.mark.parametrize(("arrival", "warned"), [("2027-04-30", True),
                                                     ("2027-05-01", False)])
    def test_a_stay_before_the_results_day_is_only_a_warning(
            self, andes: callrules.Call, arrival: str, warned: bool) -> None:
        """Arriving on 30 April warns; on 1 May does not; neither bars the application."""
        app = andes_app()
        app["visitors"][1]["stay"] = {"arrival": arrival, "departure": "2027-05-10"}
        report = callrules.evaluate(andes, app)
        assert report.eligible
        assert [f.path for f in report.warnings] == (
            ["visitors[1].stay.arrival"] if warned else [])


class TestAndesClauses:
    @pytest.mark.parametrize(("country", "ok"), [("FR", True), ("DE", True), ("ES", True),
                                                 ("IT", True), ("BR", False), ("CL", False),
                                                 ("PT", False), ("GF", False)])
    def test_visitors_come_from_the_four_listed_european_countries(
            self, andes: callrules.Call, country: str, ok: bool) -> None:
        """The reverse direction: France, Germany, Spain, Italy only; South America fails."""
        app = andes_app()
        app["visitors"][1]["institution"]["location"] = {"country": country}
        expected = ("origin", "not_allowed", "visitors[1].institution.location.country")
        assert (expected not in found(andes, app)) is ok
        assert failing(andes, app) <= {"origin"}

    @pytest.mark.parametrize(("country", "ok"), [("CL", True), ("PE", True), ("FR", False)])
    def test_the_host_unit_is_in_an_andean_country_from_a_literal_set(
            self, andes: callrules.Call, country: str, ok: bool) -> None:
        """A set written in the rule itself works like a set parameter."""
        app = andes_app()
        app["host"]["unit"]["location"] = {"country": country}
        assert ("destination" not in failing(andes, app)) is ok

    @pytest.mark.parametrize(("stage", "code"), [("phd_student", None), ("postdoc", None),
                                                 ("professor", "not_allowed"), (True,
                                                                                "not_allowed"),
                                                 (3, "not_allowed")])
    def test_the_career_stage_is_read_from_the_answers(
            self, andes: callrules.Call, stage: object, code: str | None) -> None:
        """answers.career_stage must be phd_student or postdoc (not any other text or value)."""
        app = andes_app()
        app["answers"] = {"career_stage": stage}
        expected = set() if code is None else {("career-stage", code, "answers.career_stage")}
        assert found(andes, app) == expected

    def test_a_missing_answer_is_reported_where_it_should_be(
            self, andes: callrules.Call) -> None:
        """Without a career_stage answer the rule reports it as missing, at that key."""
        app = andes_app()
        app["answers"] = {"other": "x"}
        assert found(andes, app) == {("career-stage", "missing", "answers.career_stage")}

    @pytest.mark.parametrize(("departure", "days", "ok"), [
        ("2027-06-01", 1, True), ("2027-06-30", 30, True), ("2027-07-01", 31, False)])
    def test_stays_are_counted_in_inclusive_calendar_days(
            self, andes: callrules.Call, departure: str, days: int, ok: bool) -> None:
        """1 to 30 June is 30 days (not 29 nights) and passes; 1 June to 1 July fails."""
        app = andes_app()
        app["visitors"][0]["stay"] = {"arrival": "2027-06-01", "departure": departure}
        report = callrules.evaluate(andes, app)
        assert report.eligible is ok
        if not ok:
            (finding,) = report.errors
            assert (finding.code, finding.path) == ("too_long", "visitors[0].stay.departure")
            assert (finding.ctx["days"], finding.ctx["excess"]) == (days, 1)

    def test_a_departure_before_the_arrival_is_reported(self, andes: callrules.Call) -> None:
        """Reversed dates are their own finding, not a negative length."""
        app = andes_app()
        app["visitors"][0]["stay"] = {"arrival": "2027-06-10", "departure": "2027-06-09"}
        assert ("duration", "dates_reversed", "visitors[0].stay.departure") in found(andes, app)

    @pytest.mark.parametrize(("arrival", "ok"), [("2026-12-31", False), ("2027-01-01", True),
                                                 ("2027-12-01", True)])
    def test_stays_start_within_the_literal_year(self, andes: callrules.Call, arrival: str,
                                                 ok: bool) -> None:
        """within_year with year = 2027 written in the rule: 31 December 2026 fails."""
        app = andes_app()
        app["visitors"][0]["stay"] = {"arrival": arrival, "departure": "2027-01-05"
                                      if arrival < "2027-01-02" else "2027-12-05"}
        expected = ("funding-year", "outside_year", "visitors[0].stay.arrival")
        assert (expected not in found(andes, app)) is ok

    @pytest.mark.parametrize(("departure", "ok"), [("2027-12-15", True), ("2027-12-16", False)])
    def test_the_return_is_compared_with_a_literal_date(
            self, andes: callrules.Call, departure: str, ok: bool) -> None:
        """Departure on 15 December 2027 passes; on the 16th it is one day too late."""
        app = andes_app()
        app["visitors"][0]["stay"] = {"arrival": "2027-12-01", "departure": departure}
        report = callrules.evaluate(andes, app)
        assert report.eligible is ok
        if not ok:
            (finding,) = report.errors
            assert (finding.clause, finding.code) == ("return-by", "too_late")
            assert finding.ctx["late_by"] == timedelta(days=1)

    @pytest.mark.parametrize("approvals", [[], None])
    def test_an_endorsement_must_be_present(self, andes: callrules.Call,
                                            approvals: list[Any] | None) -> None:
        """No approvals (an empty list, or the key left out) fails the present rule."""
        app = andes_app()
        if approvals is None:
            del app["approvals"]
        else:
            app["approvals"] = approvals
        assert found(andes, app) == {("endorsement", "missing", "approvals")}

    @pytest.mark.parametrize(("category", "ok"), [("undergraduate", False), ("postdoc", True),
                                                  ("engineer", True)])
    def test_a_not_rule_refuses_undergraduates_only(self, andes: callrules.Call,
                                                    category: str, ok: bool) -> None:
        """not(category == undergraduate) fails at that visitor's category, with its value."""
        app = andes_app()
        app["visitors"][1]["category"] = category
        report = callrules.evaluate(andes, app)
        assert report.eligible is ok
        if not ok:
            (finding,) = report.errors
            assert (finding.code, finding.path, finding.input) == (
                "not_satisfied", "visitors[1].category", "undergraduate")

    @pytest.mark.parametrize(("language", "ok"), [("es", True), ("en", True), ("fr", False),
                                                  ("pt", False)])
    def test_an_any_rule_accepts_either_language(self, andes: callrules.Call, language: str,
                                                 ok: bool) -> None:
        """Spanish or English passes; otherwise each alternative's failure is reported."""
        app = andes_app()
        app["language"] = language
        report = callrules.evaluate(andes, app)
        assert report.eligible is ok
        if not ok:
            assert [(f.clause, f.code) for f in report.errors] == [("language", "not_equal")] * 2

    def test_a_failed_literal_equality_says_what_was_expected(
            self, andes: callrules.Call) -> None:
        """language == "es" failing says it expected Spanish, in English and in French."""
        app = andes_app()
        app["language"] = "fr"
        first = callrules.evaluate(andes, app).errors[0]
        assert "?" not in first.message("en") and "Spanish" in first.message("en")
        assert "?" not in first.message("fr") and "espagnol" in first.message("fr")

    @pytest.mark.parametrize(("usd", "ok"), [("3900.00", True), ("3900.01", False),
                                             ("0", True)])
    def test_the_cap_is_in_dollars_and_euro_lines_are_converted_at_the_supplied_rate(
            self, andes: callrules.Call, usd: str, ok: bool) -> None:
        """3,900 USD + 1,000 EUR at 1.10 is exactly the 5,000 USD cap; a cent more fails."""
        app = andes_app()
        app["budget"]["lines"][0]["amount"]["amount"] = usd
        report = callrules.evaluate(andes, app)
        assert report.eligible is ok
        if not ok:
            (finding,) = report.errors
            assert finding.code == "total_above_maximum"
            assert finding.ctx["excess"] == callrules.Money("0.01", "USD")
            assert finding.ctx["total"] == callrules.Money("5000.01", "USD")

    def test_only_the_inverse_rate_supplied_is_used_by_division(
            self, andes: callrules.Call) -> None:
        """USD→EUR 0.80 makes 1,000 EUR worth 1,250 USD: 3,750 fits the cap, 3,751 does not."""
        app = andes_app()
        app["exchange_rates"] = [{"base": "USD", "quote": "EUR", "rate": "0.80"}]
        app["budget"]["lines"][0]["amount"]["amount"] = "3750.00"
        assert "budget-cap" not in failing(andes, app)
        app["budget"]["lines"][0]["amount"]["amount"] = "3751.00"
        assert "budget-cap" in failing(andes, app)

    def test_a_euro_line_without_a_rate_is_reported_not_guessed(
            self, andes: callrules.Call) -> None:
        """No EUR/USD rate: the euro line is named and no total is invented."""
        app = andes_app()
        app["exchange_rates"] = [{"base": "BRL", "quote": "USD", "rate": "0.2"}]
        assert {(f.clause, f.code, f.path) for f in explained(andes, app).findings} == {
            ("budget-cap", "missing_exchange_rate", "budget.lines[1].amount")}
        with pytest.raises(callrules.InputError, match="no exchange rate from EUR to USD"):
            callrules.evaluate(andes, app)

    @pytest.mark.parametrize(("category", "ok"), [("transport", True), ("registration", True),
                                                  ("lodging", False), ("subsistence", False)])
    def test_only_transport_and_registration_are_eligible_costs(
            self, andes: callrules.Call, category: str, ok: bool) -> None:
        """This call's cost categories are its own, not the CNRS call's."""
        app = andes_app()
        app["budget"]["lines"][1]["category"] = category
        assert (("budget-costs", "not_allowed", "budget.lines[1].category")
                not in found(andes, app)) is ok


# -- mistakes in call files -----------------------------------------------------------------
def minimal_call(check: Mapping[str, Any] | None = None, *, label_all: bool = True,
                 **replace: Any) -> dict[str, Any]:
    """The smallest valid call as a dict, one rule with ``check``; ``replace`` swaps parts.
    ``label_all``: each milestone the library does not label, and each rate table, gets its
    name as its label in every language of the call (unless the call labels it)."""
    data: dict[str, Any] = {
        "id": "mini",
        "version": "1",
        "languages": ["fr", "en"],
        "title": {"fr": "Appel minimal", "en": "Minimal call"},
        "timezone": "Europe/Paris",
        "currency": "EUR",
        "timeline": {"deadline": datetime(2026, 6, 1, 17)},
        "parameters": {"cap": {"amount": "3100.00", "currency": "EUR"},
                       "countries": ["BR", "CL"]},
        "clauses": [{"id": "eligibility", "title": {"fr": "Éligibilité", "en": "Eligibility"},
                     "text": {"fr": "Le texte.", "en": "The text."}}],
        "rules": [{"clause": "eligibility",
                   "check": check or {"op": "present", "path": "host.unit.kind"}}],
    }
    data.update(copy.deepcopy(replace))
    if label_all:
        _label_all(data)
    return data


def _is_table(value: Any) -> bool:
    return isinstance(value, Mapping) and ("table" in value or any(
        isinstance(h, Mapping) and _is_table(h.get("value")) for h in value.get("history", [])
        if isinstance(value.get("history"), list)))


def _label_all(data: dict[str, Any]) -> None:
    """Label, by its name, each milestone and rate table of ``data`` that needs a label."""
    languages = data.get("languages") or ["en"]
    labels = data.setdefault("labels", {})
    if not isinstance(labels, dict):
        return
    timeline = data.get("timeline")
    parameters = data.get("parameters")
    for section, names in (
            ("milestones", [n for n in (timeline if isinstance(timeline, Mapping) else {})
                            if n not in BUILT_IN_MILESTONES]),
            ("parameters", [n for n, v in (parameters if isinstance(parameters, Mapping)
                                           else {}).items() if _is_table(v)])):
        for name in names:
            labels.setdefault(section, {}).setdefault(
                name, {lang: str(name).replace("_", " ") for lang in languages})


MINI_TOML = """\
id = "mini"
version = "1"
timezone = "Europe/Paris"
currency = "EUR"
title = {{ fr = "Appel minimal", en = "Minimal call" }}

[timeline]
{timeline}

[[clauses]]
id = "eligibility"
title = {{ fr = "Éligibilité", en = "Eligibility" }}
text = {{ fr = "Le texte.", en = "The text." }}

[[rules]]
clause = "eligibility"
check = {check}
"""


def mini_toml(*, timeline: str = "deadline = 2026-06-01T17:00:00",
              check: str = '{ op = "compare", path = "submitted_at", cmp = "<=", '
                           'to = { milestone = "deadline" } }') -> str:
    """The text of a minimal TOML call file, with its timeline and rule check replaced."""
    return MINI_TOML.format(timeline=timeline, check=check)


def refused(data: Mapping[str, Any] | str) -> callrules.DefinitionError:
    """The DefinitionError raised when loading ``data`` (a dict, or TOML text as x.toml)."""
    with pytest.raises(callrules.DefinitionError) as info:
        if isinstance(data, str):
            callrules.Call.from_text(data, source="x.toml")
        else:
            callrules.Call.from_dict(data, source="x.toml")
    return info.value


class TestDefinitionErrors:
    def test_the_minimal_call_and_its_toml_form_load(self) -> None:
        """The helpers build valid calls (so each refusal below is due to its one change)."""
        assert callrules.Call.from_dict(minimal_call()).id == "mini"
        assert callrules.Call.from_text(mini_toml(), source="x.toml").id == "mini"

    def test_a_misspelt_field_inside_each_is_located_and_corrected(self) -> None:
        """'contry' in an each rule: the place in the file, and 'did you mean country'."""
        error = refused(minimal_call({"op": "each", "path": "visitors", "rule": {
            "op": "in", "path": "institution.location.contry", "set": {"param": "countries"}}}))
        assert error.code == "unknown_field"
        assert error.loc == ("rules", 0, "check", "rule", "path")
        assert error.hint is not None and "'country'" in error.hint
        assert str(error).startswith("x.toml: rules[0].check.rule.path: ")

    def test_a_field_missing_a_step_is_corrected_to_the_field_one_level_down(self) -> None:
        """visitors.institution.contry: the hint names location.country."""
        error = refused(minimal_call({"op": "in", "path": "visitors.institution.contry",
                                      "set": ["BR"]}))
        assert (error.code, error.loc) == ("unknown_field", ("rules", 0, "check", "path"))
        assert error.hint is not None and "location.country" in error.hint

    def test_a_misspelt_path_in_toml_text_names_the_file_and_place(self) -> None:
        """The same mistake in TOML text is reported against the source name given."""
        error = refused(mini_toml(check='{ op = "each", path = "visitors", rule = { op = "in", '
                                        'path = "institution.location.contry", set = ["BR"] } }'))
        assert (error.source, error.code) == ("x.toml", "unknown_field")
        assert error.loc == ("rules", 0, "check", "rule", "path")
        assert error.hint == "did you mean 'country'?"

    def test_an_unknown_operator_is_refused_listing_the_operators(self) -> None:
        """op = "compar" is not an operator; the hint lists those there are."""
        error = refused(minimal_call({"op": "compar", "path": "submitted_at", "cmp": "<=",
                                      "to": {"milestone": "deadline"}}))
        assert (error.code, error.loc) == ("union_tag_invalid", ("rules", 0, "check"))
        assert error.hint is not None and "compare" in error.hint and "within_year" in error.hint

    def test_an_unknown_key_in_a_rule_is_refused_at_that_key(self) -> None:
        """A key an operator does not take is a mistake, not ignored."""
        error = refused(minimal_call({"op": "present", "path": "host.unit.kind",
                                      "cmpr": "<="}))
        assert (error.code, error.loc) == ("extra_forbidden", ("rules", 0, "check", "cmpr"))

    def test_an_unknown_parameter_is_refused_with_the_closest_name(self) -> None:
        """{param = "capp"} names no parameter: did you mean 'cap'?"""
        error = refused(minimal_call({"op": "total", "path": "budget.lines", "of": "amount",
                                      "max": {"param": "capp"}}))
        assert error.code == "unknown_parameter"
        assert error.loc == ("rules", 0, "check", "max", "param")
        assert error.hint == "did you mean 'cap'?"

    def test_an_unknown_milestone_is_refused_with_the_closest_name(self) -> None:
        """{milestone = "deadlne"} is not in the timeline: did you mean 'deadline'?"""
        error = refused(minimal_call({"op": "compare", "path": "submitted_at", "cmp": "<=",
                                      "to": {"milestone": "deadlne"}}))
        assert error.code == "unknown_milestone"
        assert error.loc == ("rules", 0, "check", "to", "milestone")
        assert error.hint == "did you mean 'deadline'?"

    def test_a_rule_citing_an_undefined_clause_is_refused(self) -> None:
        """Every rule cites a clause the call defines."""
        data = minimal_call()
        data["rules"][0]["clause"] = "eligibilty"
        error = refused(data)
        assert (error.code, error.loc) == ("unknown_clause", ("rules", 0, "clause"))
        assert error.hint == "did you mean 'eligibility'?"

    @pytest.mark.parametrize(("check", "where"), [
        ({"op": "compare", "path": "host.role", "cmp": "<", "to": "engineer"}, ("cmp",)),
        ({"op": "in", "path": "host.unit.affiliations", "set": ["CNRS"]}, ("path",)),
        ({"op": "total", "path": "budget.lines", "of": "category", "max": {"param": "cap"}},
         ("of",)),
        ({"op": "compare", "path": "submitted_at", "cmp": "==",
          "to": {"milestone": "deadline"}}, ("to",)),
        ({"op": "days", "start": "host.role", "end": "host.status", "max": 3}, ("start",)),
        ({"op": "compare", "path": "documents.pages", "cmp": "<=", "to": 3}, ("path",)),
        ({"op": "compare", "path": "host.unit.kind", "cmp": "==", "to": 3}, ("to",)),
        ({"op": "in", "path": "host.role", "set": {"param": "cap"}}, ("set", "param")),
    ], ids=["ordering-on-text", "in-on-a-list", "total-of-text", "milestone-equality",
            "days-between-texts", "compare-a-list", "number-for-text", "money-as-a-set"])
    def test_operands_of_the_wrong_type_are_refused_at_the_operand(
            self, check: dict[str, Any], where: tuple[str, ...]) -> None:
        """Types are checked against the models when the call is loaded, not on evaluation."""
        error = refused(minimal_call(check))
        assert error.code == "wrong_type"
        assert error.loc == ("rules", 0, "check", *where)

    def test_a_clause_missing_a_declared_language_is_refused(self) -> None:
        """A clause with only French in a call declaring fr and en names the missing text."""
        error = refused(minimal_call(clauses=[{"id": "eligibility",
                                               "title": {"fr": "Éligibilité"},
                                               "text": {"fr": "Le texte."}}]))
        assert (error.code, error.loc) == ("missing_translation", ("clauses", 0, "title"))
        assert error.hint is not None and 'languages = ["fr"]' in error.hint

    @settings(max_examples=30)
    @given(st.lists(st.sampled_from(["fr", "en", "es", "pt"]), min_size=2, max_size=4,
                    unique=True), st.data())
    def test_the_hint_offers_only_the_languages_the_text_has(
            self, declared: list[str], data: st.DataObject) -> None:
        """Whatever languages a call declares and whichever its title lacks, the hint to
        declare fewer names those the title has, never one it lacks (att64: « languages =
        ["fr"] » offered to a call in English and Spanish, 3 of 5 refusals)."""
        has = data.draw(st.lists(st.sampled_from(declared), max_size=len(declared) - 1,
                                 unique=True))
        title = {lang: f"Title {lang}" for lang in has}
        error = refused(minimal_call(languages=declared, title=title, clauses=[
            {"id": "eligibility", "title": {lang: "T" for lang in declared},
             "text": {lang: "T" for lang in declared}}]))
        assert (error.code, error.loc) == ("missing_translation", ("title",))
        offered = re.findall(r'"(\w+)"', error.hint or "")
        assert offered == [lang for lang in declared if lang in has]

    def test_a_requirement_deep_in_a_rule_is_checked_for_every_language(self) -> None:
        """A French-only requirement inside each/exists is refused at its own place."""
        error = refused(minimal_call({"op": "each", "path": "visitors", "as": "visitor",
                                      "rule": {"op": "exists", "path": "$root.documents",
                                               "requirement": {"fr": "son CV"}}}))
        assert error.code == "missing_translation"
        assert error.loc == ("rules", 0, "check", "rule", "requirement")

    def test_a_call_declaring_only_french_needs_only_french(self) -> None:
        """languages = ["fr"] makes French-only titles and texts complete."""
        call = callrules.Call.from_dict(minimal_call(
            languages=["fr"], title={"fr": "Appel"},
            clauses=[{"id": "eligibility", "title": {"fr": "Éligibilité"},
                      "text": {"fr": "Le texte."}}]))
        assert call.languages == ("fr",)
        assert call.title_in("en") == "Appel"

    def test_a_local_time_in_the_spring_gap_is_refused(self) -> None:
        """2026-03-29T02:30 never happens in Paris: refused at the milestone, fold suggested."""
        error = refused(mini_toml(timeline="deadline = 2026-03-29T02:30:00"))
        assert error.code == "nonexistent_local_time"
        assert error.loc == ("timeline", "deadline")
        assert error.hint is not None and "fold" in error.hint

    @pytest.mark.parametrize(("fold", "utc_hour"), [(0, 1), (1, 0)])
    def test_a_gap_time_with_a_fold_is_read_with_the_offset_it_names(
            self, fold: int, utc_hour: int) -> None:
        """fold = 0 reads 02:30 at +01:00 (01:30 UTC), fold = 1 at +02:00 (00:30 UTC)."""
        call = callrules.Call.from_text(mini_toml(
            timeline=f"deadline = {{ at = 2026-03-29T02:30:00, fold = {fold} }}"),
            source="x.toml")
        start = call.timeline["deadline"].start
        assert start.astimezone(UTC) == datetime(2026, 3, 29, utc_hour, 30, tzinfo=UTC)

    def test_a_local_time_that_happens_twice_is_refused_unless_a_fold_says_which(self) -> None:
        """2026-10-25T02:30 happens twice in Paris; fold = 1 picks the second (01:30 UTC)."""
        error = refused(mini_toml(timeline="deadline = 2026-10-25T02:30:00"))
        assert (error.code, error.loc) == ("ambiguous_local_time", ("timeline", "deadline"))
        call = callrules.Call.from_text(mini_toml(
            timeline="deadline = { at = 2026-10-25T02:30:00, fold = 1 }"))
        assert call.timeline["deadline"].start.astimezone(UTC) == datetime(
            2026, 10, 25, 1, 30, tzinfo=UTC)

    @pytest.mark.parametrize("milestone", ['"2026-13"', "{ at = 2026-06-01, fold = 2 }",
                                           "17", '"soon"'])
    def test_a_malformed_milestone_is_refused_at_its_name(self, milestone: str) -> None:
        """A month 13, a fold of 2, a number or a word is not a milestone."""
        error = refused(mini_toml(timeline=f"deadline = {milestone}"))
        assert error.code == "bad_milestone"
        assert error.loc == ("timeline", "deadline")

    def test_unique_nested_inside_all_is_refused(self) -> None:
        """unique spans a batch: it may only be the whole check of a rule."""
        error = refused(minimal_call({"op": "all", "rules": [
            {"op": "present", "path": "host.unit.kind"},
            {"op": "unique", "path": "host.person.email"}]}))
        assert (error.code, error.loc) == ("misplaced_unique", ("rules", 0, "check", "rules", 1))

    def test_an_unbound_variable_is_refused_listing_those_bound(self) -> None:
        """$visitor outside an each that binds it names no item."""
        error = refused(minimal_call({"op": "each", "path": "documents", "rule": {
            "op": "compare", "path": "owner", "cmp": "==", "to": {"path": "$visitor.id"}}}))
        assert error.code == "unknown_variable"
        assert error.loc == ("rules", 0, "check", "rule", "to", "path")
        assert error.hint is not None and "$root" in error.hint

    def test_the_same_variable_cannot_be_bound_twice(self) -> None:
        """An inner each reusing the outer name would shadow it: refused."""
        error = refused(minimal_call({"op": "each", "path": "visitors", "as": "item", "rule": {
            "op": "exists", "path": "$root.documents", "as": "item"}}))
        assert (error.code, error.loc) == ("variable_rebound", ("rules", 0, "check", "rule",
                                                                 "as"))


# -- the Python vocabulary -----------------------------------------------------------------
PYTHON_RULES = [
    r.rule("career-stage", r.one_of("answers.career_stage", ["phd_student", "postdoc"])),
    r.rule("duration", r.each("visitors", r.days("stay.arrival", "stay.departure", max=30,
                                                 count="days"))),
    r.rule("funding-year", r.each("visitors", r.within_year("stay.arrival", 2027))),
    r.rule("return-by", r.each("visitors", r.compare("stay.departure", "<=",
                                                     date(2027, 12, 15)))),
    r.rule("endorsement", r.present("approvals")),
    r.rule("no-undergraduates", r.each("visitors", r.not_(
        r.compare("category", "==", "undergraduate")))),
    r.rule("language", r.any_of(r.compare("language", "==", "es"),
                                r.compare("language", "==", "en"))),
    r.rule("budget-cap", r.total("budget.lines", r.param("cap"), of="amount")),
    r.rule("after-results", r.each("visitors", r.compare("stay.arrival", ">=",
                                                         r.milestone("results"))),
           severity="warning"),
]


def andes_variants() -> list[dict[str, Any]]:
    """The reference application and variants failing each rule built in Python."""
    out = [andes_app()]
    for change in (
            lambda a: a["answers"].update(career_stage="professor"),
            lambda a: a["visitors"][0]["stay"].update(departure="2027-07-02"),
            lambda a: a["visitors"][1]["stay"].update(arrival="2026-12-31"),
            lambda a: a["visitors"][1]["stay"].update(arrival="2027-12-10",
                                                      departure="2027-12-20"),
            lambda a: a.update(approvals=[]),
            lambda a: a["visitors"][1].update(category="undergraduate"),
            lambda a: a.update(language="fr"),
            lambda a: a["budget"]["lines"][0]["amount"].update(amount="4999.99"),
            lambda a: a["visitors"][0]["stay"].update(arrival="2027-04-20",
                                                      departure="2027-04-30")):
        app = andes_app()
        change(app)
        out.append(app)
    return out


class TestPythonVocabulary:
    def test_rules_built_in_python_have_the_structure_written_in_the_file(self) -> None:
        """rules.to_dict of each Python-built rule equals that rule as parsed from TOML."""
        written = {entry["clause"]: entry
                   for entry in tomllib.loads(ANDES_FILE.read_text("utf-8"))["rules"]}
        for entry in PYTHON_RULES:
            assert r.to_dict(entry) == written[entry.clause]

    @pytest.mark.parametrize("depth", [1, 31, 32, 33, 200, 1_000])
    def test_a_rule_built_deeper_than_a_call_file_may_be_is_refused_by_to_dict(
            self, depth: int) -> None:
        """rules.to_dict gives JSON (json.dumps takes it, no warning) for a rule of at most
        LIMITS['depth'] levels, and refuses a deeper one (too_deep): never a dict still
        holding rule objects past pydantic's serialization depth."""
        import json
        import warnings

        node: Any = r.present("host.unit.name")
        for _ in range(depth - 1):
            node = r.not_(node)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                written = r.to_dict(node)
            except callrules.DefinitionError as error:
                assert error.code == "too_deep" and depth > 32
                return
        assert depth <= 32
        assert json.dumps(written).count('"not"') == depth - 1

    def test_a_call_holding_python_rules_decides_exactly_like_the_file(
            self, andes: callrules.Call) -> None:
        """The same call with rules built in Python gives byte-identical reports."""
        data = tomllib.loads(ANDES_FILE.read_text("utf-8"))
        built = {entry.clause: entry for entry in PYTHON_RULES}
        data["rules"] = [built.get(entry["clause"], entry) for entry in data["rules"]]
        python_call = callrules.Call.from_dict(data, source="python")
        now = datetime(2027, 2, 1, tzinfo=UTC)
        verdicts = []
        for app in andes_variants():
            from_file = callrules.evaluate(andes, app, now=now)
            from_python = callrules.evaluate(python_call, app, now=now)
            assert from_python.to_json("en") == from_file.to_json("en")
            verdicts.append(from_file.eligible)
        assert verdicts[0] and not any(verdicts[1:-1]) and verdicts[-1]


# -- laws ----------------------------------------------------------------------------------
LEAVES: dict[str, Any] = {
    "deadline": r.compare("submitted_at", "<=", r.milestone("deadline")),
    "status": r.one_of("host.status", ["permanent"]),
    "director": r.contains("approvals.kind", "unit_director"),
    "nights": r.each("visitors", r.days("stay.arrival", "stay.departure", min=0,
                                        max=r.param("max_stay_nights"))),
    "cap": r.total("budget.lines", r.param("cap"), of="amount"),
    "origin": r.each("visitors", r.one_of("institution.location.country",
                                          r.param("origin_region"))),
    "cv": r.exists("documents", where=r.compare("kind", "==", "cv")),
    "kind": r.present("host.unit.kind"),
    "year": r.each("visitors", r.within_year("stay.departure", r.param("funding_year"))),
    "submitter": r.compare("submitter.email", "==", r.field("host.person.email"),
                           case_insensitive=True),
}
PAIRS = [("deadline", "status"), ("director", "cap"), ("nights", "origin"), ("cv", "kind"),
         ("year", "submitter"), ("cap", "nights")]


@cache
def cnrs_with(check_key: str) -> callrules.Call:
    """The CNRS call with its rules replaced by one check, named by ``check_key``."""
    cnrs = callrules.calls.load("cnrs-amsud-2026")
    data = tomllib.loads(Path(cnrs.source).read_text("utf-8"))
    kind, _, rest = check_key.partition(":")
    check: Any
    if kind == "leaf":
        check = LEAVES[rest]
    elif kind == "notnot":
        check = r.not_(r.not_(LEAVES[rest]))
    elif kind == "not":
        check = r.not_(LEAVES[rest])
    else:
        first, second = rest.split("+")
        check = r.all_of(LEAVES[first], LEAVES[second])
    data["rules"] = [r.rule("opening", check)]
    return callrules.Call.from_dict(data, source=check_key)


def resolve(application: callrules.Application, loc: tuple[str | int, ...]) -> object:
    """The value at ``loc``: int parts are indices, str parts declared fields (keys of a
    mapping such as ``answers``); a loc into a list must index it."""
    value: Any = application
    for part in loc:
        if isinstance(part, int):
            assert isinstance(value, tuple), (part, value)
            value = value[part]
        elif isinstance(value, Mapping):
            value = value.get(part)
        else:
            assert part in type(value).model_fields, (part, type(value).__name__)
            value = getattr(value, part)
    return value


def lax_places(schema: Any, where: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """The places in a pydantic core schema where a boolean or a whole number is read in lax
    mode (``"yes"`` for true, ``"5"`` for 5)."""
    if isinstance(schema, dict):
        if schema.get("type") in ("bool", "int") and not schema.get("strict"):
            yield where
        for key, value in schema.items():
            yield from lax_places(value, (*where, str(key)))
    elif isinstance(schema, list):
        for value in schema:
            yield from lax_places(value, where)


class TestStrictKinds:
    @pytest.mark.parametrize("model", [d.CallFile, d.SelectionFile, d.CriterionFile,
                                       d.EnvelopeFile, d.LimitFile, d.ScaleFile, _PlanFile])
    def test_no_key_of_a_call_file_reads_a_boolean_or_whole_number_leniently(
            self, model: type[BaseModel]) -> None:
        """Every true/false and whole-number key of a call file (``required``, ``list``,
        ``min_length``, ``case_insensitive``, ``stated``, ``fill``, ``count``…) is strict: a
        key added later as a plain ``bool`` or ``int`` would read ``"no"`` as false."""
        assert list(lax_places(model.__pydantic_core_schema__)) == []

    @pytest.mark.parametrize("value", ["yes", "no", 1, 0, "true"])
    def test_case_insensitive_takes_true_or_false_only(self, value: Any) -> None:
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(minimal_call({
                "op": "compare", "path": "host.person.email", "cmp": "!=",
                "to": {"path": "submitter.email"}, "case_insensitive": value}))
        assert (caught.value.code, caught.value.loc) == (
            "bool_type", ("rules", 0, "check", "case_insensitive"))


class TestLaws:
    @settings(max_examples=60)
    @given(cnrs_applications())
    def test_not_not_p_agrees_with_p(self, data: dict[str, Any]) -> None:
        """Law: not(not(p)) holds exactly when p does, and not(p) exactly when p does not."""
        app = callrules.parse_application(data)
        for name in LEAVES:  # what cannot be judged (None) stays so under not
            holds = explained(cnrs_with(f"leaf:{name}"), app).outcome
            assert explained(cnrs_with(f"notnot:{name}"), app).outcome is holds, name
            negated = explained(cnrs_with(f"not:{name}"), app).outcome
            assert negated is (None if holds is None else not holds), name

    @settings(max_examples=60)
    @given(cnrs_applications())
    def test_all_of_fails_iff_a_part_fails_and_reports_every_failure(
            self, data: dict[str, Any]) -> None:
        """Law: all_of(p, q) fails iff p or q fails; its findings are p's then q's."""
        app = callrules.parse_application(data)
        for first, second in PAIRS:
            p = explained(cnrs_with(f"leaf:{first}"), app)
            q = explained(cnrs_with(f"leaf:{second}"), app)
            both = explained(cnrs_with(f"all:{first}+{second}"), app)
            assert both.outcome is kleene_and(p.outcome, q.outcome)
            assert both.findings == p.judged(both.outcome) + q.judged(both.outcome)

    @settings(max_examples=120)
    @given(cnrs_applications())
    def test_every_finding_points_at_the_value_it_reports(self, data: dict[str, Any]) -> None:
        """Law: walking a finding's loc through the application yields the finding's input."""
        call = callrules.calls.load("cnrs-amsud-2026")
        app = callrules.parse_application(data)
        for finding in explained(call, app).findings:
            assert resolve(app, finding.loc) == finding.input, finding

    def test_findings_of_the_ineligible_example_point_at_their_values(self) -> None:
        """The loc law on the bundled ineligible example, which fails most clauses."""
        call = callrules.calls.load("cnrs-amsud-2026")
        text = (Path(__file__).resolve().parent.parent / "examples" / "ineligible.json")
        app = call.parse(text.read_text("utf-8"))  # the call's own models (its vocabularies)
        report = callrules.evaluate(call, app)
        assert len(report.findings) >= 10
        for finding in report.findings:
            assert resolve(app, finding.loc) == finding.input, finding


class TestAnswers:
    @pytest.mark.parametrize(("answer", "ok"), [(1, True), (True, False), ("1", False)])
    def test_an_answer_matches_only_a_value_of_its_own_type(self, answer: object,
                                                            ok: bool) -> None:
        """True is not taken for 1, nor "1" for 1, in a set or an equality."""
        for check in ({"op": "in", "path": "answers.level", "set": [1, 2]},
                      {"op": "compare", "path": "answers.level", "cmp": "==", "to": 1}):
            call = callrules.Call.from_dict(minimal_call(check))
            app = eligible_dict()
            app["answers"] = {"level": answer}
            assert callrules.evaluate(call, app).eligible is ok

    def test_a_leaf_reading_the_variable_of_its_item_is_at_the_item_s_field(self) -> None:
        """A leaf reading the variable bound to the current item (``$v.category`` in
        ``each visitors as v``) reads the item's own field: located there, showing its
        value, as ``category`` is (session 38; it was located at the visitor, showing the
        whole visitor)."""
        check = {"op": "each", "path": "visitors", "as": "v", "rule": {
            "op": "compare", "path": "$v.category", "cmp": "==", "to": "engineer"}}
        call = callrules.Call.from_dict(minimal_call(check))
        report = callrules.evaluate(call, eligible_dict())
        (finding,) = report.errors
        assert finding.path == "visitors[0].category"
        assert finding.input == callrules.parse_application(eligible_dict()).visitors[0].category
        assert "engineer" in finding.message("en")


class TestRuleMessages:
    def test_a_rule_can_word_its_findings_in_each_language(self) -> None:
        """messages = {code = {fr, en}} replaces the library's template for that code."""
        data = minimal_call({"op": "in", "path": "language", "set": ["fr"]})
        data["rules"][0]["messages"] = {"not_allowed": {
            "fr": "Seul le français est accepté (reçu : %(value)s).",
            "en": "Only French is accepted (got %(value)s)."}}
        app = eligible_dict()
        app["language"] = "en"
        (finding,) = callrules.evaluate(callrules.Call.from_dict(data), app).errors
        assert finding.message("fr") == "Seul le français est accepté (reçu\u202f: anglais)."
        assert finding.message("en") == "Only French is accepted (got English)."

    @pytest.mark.parametrize(("messages", "code", "loc"), [
        ({"not_alowed": {"fr": "x", "en": "x"}}, "unknown_finding_code",
         ("rules", 0, "messages", "not_alowed")),
        ({"not_allowed": {"fr": "%(value", "en": "x"}}, "bad_template",
         ("rules", 0, "messages", "not_allowed", "fr")),
        ({"not_allowed": {"fr": "x"}}, "missing_translation",
         ("rules", 0, "messages", "not_allowed")),
    ])
    def test_a_bad_message_is_refused_at_load(self, messages: dict[str, Any], code: str,
                                              loc: tuple[Any, ...]) -> None:
        """An unknown code, a broken template or a missing language is named where it is."""
        data = minimal_call({"op": "in", "path": "language", "set": ["fr"]})
        data["rules"][0]["messages"] = messages
        error = refused(data)
        assert (error.code, error.loc) == (code, loc)
