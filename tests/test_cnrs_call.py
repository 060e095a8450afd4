"""The bundled CNRS call: every clause of CLAUSES.md, on both sides of its boundary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from tests.conftest import eligible_dict
from tests.helpers import clauses, codes
from tests.test_csv_reading import as_csv, from_csv

CLAUSE_IDS = {"opening", "deadline", "country", "destination", "host-unit", "host",
              "director-approval", "technical-staff", "duration", "funding-year", "budget-cap",
              "budget-costs", "documents", "language", "one-per-host", "stay-before-results"}
PARIS = ZoneInfo("Europe/Paris")
DEADLINE = datetime(2026, 6, 1, 17, 0, tzinfo=PARIS)


def euro_budget(app: dict[str, Any], *amounts: str) -> None:
    """Replace the budget by transport lines in EUR for visitor v1."""
    app["budget"]["lines"] = [
        {"category": "transport", "beneficiary": "v1",
         "amount": {"amount": a, "currency": "EUR"}} for a in amounts]


class TestTheCallItself:
    def test_every_clause_of_the_specification_is_defined_and_has_a_rule(
            self, call: callrules.Call) -> None:
        """Each clause id of CLAUSES.md is a clause of the call, and some rule cites it."""
        assert set(call.clauses) == CLAUSE_IDS
        assert {r.clause for r in (*call.rules, *call.batch_rules)} == CLAUSE_IDS

    def test_severities_follow_the_specification(self, call: callrules.Call) -> None:
        """Only stay-before-results is a warning; every other clause bars the application."""
        warnings = {r.clause for r in call.rules if r.severity is callrules.Severity.WARNING}
        assert warnings == {"stay-before-results"}

    def test_the_deadline_is_17h_paris_which_is_15h_utc_in_june(
            self, call: callrules.Call) -> None:
        """The deadline is read as Paris summer time, not as the English text's CET."""
        deadline = call.timeline["deadline"].start
        assert deadline.astimezone(UTC) == datetime(2026, 6, 1, 15, tzinfo=UTC)

    def test_the_example_application_is_eligible(self, call: callrules.Call,
                                                 app: dict[str, Any]) -> None:
        """The bundled eligible example passes every clause, with no warning."""
        report = callrules.evaluate(call, app)
        assert report.eligible and not report.findings


class TestDeadline:
    @pytest.mark.parametrize("zone", ["Europe/Paris", "UTC", "America/Sao_Paulo",
                                      "America/Santiago", "America/Bogota", "Asia/Tokyo"])
    def test_exactly_17h_paris_is_on_time_and_one_millisecond_later_is_late(
            self, call: callrules.Call, app: dict[str, Any], zone: str) -> None:
        """17:00:00.000 Paris is on time, 17:00:00.001 is late, in whatever zone written."""
        app["submitted_at"] = DEADLINE.astimezone(ZoneInfo(zone)).isoformat()
        assert "deadline" not in clauses(call, app)
        late = DEADLINE + timedelta(milliseconds=1)
        app["submitted_at"] = late.astimezone(ZoneInfo(zone)).isoformat()
        assert ("deadline", "too_late") in codes(call, app)

    def test_the_cet_reading_of_the_english_text_is_not_used(
            self, call: callrules.Call, app: dict[str, Any]) -> None:
        """16:30 UTC+1 ("5 PM CET" minus 30 min) is 17:30 Paris: already late."""
        app["submitted_at"] = "2026-06-01T16:30:00+01:00"
        assert "deadline" in clauses(call, app)

    @given(st.integers(min_value=-86_400_000, max_value=86_400_000),
           st.timezones(), )
    def test_a_deadline_decision_is_the_same_in_every_zone(self, offset_ms: int,
                                                           zone: Any) -> None:
        """Late if and only if after 15:00:00 UTC, whatever zone the instant is written in."""
        call = callrules.calls.load("cnrs-amsud-2026")
        app = eligible_dict()
        instant = DEADLINE + timedelta(milliseconds=offset_ms)
        app["submitted_at"] = instant.astimezone(zone).isoformat()
        late = "deadline" in clauses(call, app)
        assert late == (instant > DEADLINE)

    def test_a_naive_submission_instant_is_refused_naming_the_field(
            self, call: callrules.Call, app: dict[str, Any]) -> None:
        """A timestamp without an offset is bad input, never guessed."""
        app["submitted_at"] = "2026-05-28T10:42:00"
        with pytest.raises(callrules.InputError) as info:
            callrules.evaluate(call, app)
        assert [p.path for p in info.value.problems] == ["submitted_at"]
        assert "time zone" in info.value.problems[0].msg


class TestOpening:
    def test_midnight_paris_on_21_april_is_open_and_a_microsecond_before_is_not(
            self, call: callrules.Call, app: dict[str, Any]) -> None:
        """The call opens at 2026-04-21 00:00 Europe/Paris."""
        opening = datetime(2026, 4, 21, tzinfo=PARIS)
        app["submitted_at"] = opening.isoformat()
        assert "opening" not in clauses(call, app)
        app["submitted_at"] = (opening - timedelta(microseconds=1)).isoformat()
        assert ("opening", "too_early") in codes(call, app)


class TestCountry:
    @pytest.mark.parametrize("country", ["AR", "BO", "BR", "CL", "CO", "EC", "FK", "GY", "PY",
                                         "PE", "SR", "UY", "VE", "BV", "GS"])
    def test_every_south_american_country_but_french_guiana_is_eligible(
            self, call: callrules.Call, app: dict[str, Any], country: str) -> None:
        """UN M49 region 005, French Guiana excepted."""
        app["visitors"][0]["institution"]["location"] = {"country": country}
        assert "country" not in clauses(call, app)

    def test_french_guiana_is_not_an_eligible_origin(self, call: callrules.Call,
                                                     app: dict[str, Any]) -> None:
        """An institution in Cayenne fails country, reported at that visitor's country."""
        app["visitors"][1]["institution"]["location"] = {"country": "GF"}
        report = callrules.evaluate(call, app)
        (finding,) = [f for f in report.errors if f.clause == "country"]
        assert finding.code == "excluded"
        assert finding.path == "visitors[1].institution.location.country"
        assert finding.input == "GF"

    @pytest.mark.parametrize("country", ["MX", "FR", "PT", "ES", "US"])
    def test_countries_outside_south_america_are_not_eligible(
            self, call: callrules.Call, app: dict[str, Any], country: str) -> None:
        """It is the institution's location that counts (Mexico, Spain… fail)."""
        app["visitors"][0]["institution"]["location"] = {"country": country}
        assert ("country", "not_allowed") in codes(call, app)


class TestDestination:
    @pytest.mark.parametrize("location", [
        {"country": "FR"}, {"country": "GF"}, {"country": "GP"}, {"country": "RE"},
        {"country": "NC"}, {"country": "FR", "subdivision": "FR-971"},
        {"country": "FR", "subdivision": "FR-973"}, {"country": "FR", "subdivision": "FR-CP"},
    ])
    def test_metropolitan_and_overseas_france_are_destinations(
            self, call: callrules.Call, app: dict[str, Any], location: dict[str, str]) -> None:
        """French Guiana is a valid destination although not a valid origin."""
        app["host"]["unit"]["location"] = location
        assert "destination" not in clauses(call, app)

    def test_a_cnrs_lab_abroad_is_affiliated_but_not_in_france(
            self, call: callrules.Call, app: dict[str, Any]) -> None:
        """An IRL in Santiago passes host-unit and fails destination."""
        app["host"]["unit"]["location"] = {"country": "CL", "city": "Santiago"}
        app["host"]["unit"]["kind"] = "IRL"
        found = clauses(call, app)
        assert "destination" in found and "host-unit" not in found


class TestHost:
    def test_a_unit_not_affiliated_with_the_cnrs_fails(self, call: callrules.Call,
                                                       app: dict[str, Any]) -> None:
        """The host unit must list the CNRS among its affiliations."""
        app["host"]["unit"]["affiliations"] = ["Université Paris Cité"]
        assert ("host-unit", "not_included") in codes(call, app)

    @given(case=st.lists(st.booleans(), min_size=4, max_size=4), wide=st.booleans(),
           other=st.sampled_from(["", "Université Paris Cité", "INSU", "Sorbonne Université"]),
           sep=st.sampled_from([", ", ",", "; ", " / ", "/"]), first=st.booleans(),
           csv_way=st.booleans())
    def test_the_cnrs_is_read_in_every_spelling_a_person_writes(
            self, call: callrules.Call, case: list[bool], wide: bool, other: str, sep: str,
            first: bool, csv_way: bool) -> None:
        """Law (the call's text: a unit "affiliée au CNRS"): the CNRS written in any case,
        in full-width letters, or beside another affiliation in one item (``CNRS,
        Université Paris Cité``, ``CNRS/INSU``), from JSON or a CSV cell, is the CNRS:
        host-unit holds. (``cnrs`` and a comma-joined cell were "CNRS is missing".)"""
        name = "".join(c.lower() if low else c for c, low in zip("CNRS", case, strict=True))
        if wide:
            name = "".join(chr(ord(c) + 0xFEE0) for c in name)
        item = name if not other else sep.join([name, other] if first else [other, name])
        app = eligible_dict()
        app["host"]["unit"]["affiliations"] = [item]
        record = from_csv(as_csv(app, joined=True)) if csv_way else app
        assert "host-unit" not in clauses(call, record)

    @pytest.mark.parametrize("affiliation", ["CNRS-like institute", "INSU", "CNRSX",
                                             "Université Paris Cité, Sorbonne"])
    def test_an_affiliation_that_only_looks_like_the_cnrs_is_not_it(
            self, call: callrules.Call, app: dict[str, Any], affiliation: str) -> None:
        """Parts are whole affiliations: a name that starts with CNRS is not the CNRS."""
        app["host"]["unit"]["affiliations"] = [affiliation]
        assert ("host-unit", "not_included") in codes(call, app)

    @pytest.mark.parametrize("status", ["contract", "postdoc", "student"])
    def test_only_permanent_staff_may_submit(self, call: callrules.Call, app: dict[str, Any],
                                             status: str) -> None:
        """Contract staff, post-docs and students cannot submit."""
        app["host"]["status"] = status
        assert ("host", "not_allowed") in codes(call, app)

    @pytest.mark.parametrize("role", ["engineer", "technician", "researcher", "faculty"])
    def test_the_four_roles_may_host(self, call: callrules.Call, app: dict[str, Any],
                                     role: str) -> None:
        """Engineer, technician, researcher, faculty (enseignant-chercheur)."""
        app["host"]["role"] = role
        assert "host" not in clauses(call, app)

    def test_the_submitter_must_be_the_host_emails_compared_case_insensitively(
            self, call: callrules.Call, app: dict[str, Any]) -> None:
        """Claire.Morel@… and claire.morel@… are the same person; someone else is not."""
        app["submitter"]["email"] = "CLAIRE.MOREL@IPGP.FR"
        assert "host" not in clauses(call, app)
        app["submitter"]["email"] = "secretariat@ipgp.fr"
        assert ("host", "not_equal") in codes(call, app)


class TestApprovalStaffLanguage:
    def test_the_director_approval_is_required(self, call: callrules.Call,
                                               app: dict[str, Any]) -> None:
        """Without the unit director's approval the application is not eligible."""
        app["approvals"] = []
        assert ("director-approval", "not_included") in codes(call, app)

    def test_an_approval_of_an_unknown_kind_is_bad_input(self, call: callrules.Call,
                                                         app: dict[str, Any]) -> None:
        """A team leader's approval is no kind the call knows: bad input naming the accepted
        kind by its label, not a finding."""
        app["approvals"] = [{"kind": "team_leader"}]
        with pytest.raises(callrules.InputError) as caught:
            callrules.evaluate(call, app)
        (problem,) = caught.value.problems
        assert (problem.pointer, problem.type) == ("/approvals/0/kind", "not_in_vocabulary")
        assert "le visa du directeur ou de la directrice d’unité" in problem.message("fr")

    @pytest.mark.parametrize("category", ["researcher", "faculty", "doctoral_student",
                                          "postdoc"])
    def test_visitors_must_be_technical_staff(self, call: callrules.Call, app: dict[str, Any],
                                              category: str) -> None:
        """Researchers, faculty and students are not technical staff."""
        app["visitors"][1]["category"] = category
        report = callrules.evaluate(call, app)
        assert [f.path for f in report.errors] == ["visitors[1].category"]

    @pytest.mark.parametrize(("language", "ok"), [("fr", True), ("en", True), ("es", False),
                                                  ("pt", False)])
    def test_applications_are_in_french_or_english(self, call: callrules.Call,
                                                   app: dict[str, Any], language: str,
                                                   ok: bool) -> None:
        """Spanish or Portuguese applications are not accepted."""
        app["language"] = language
        assert ("language" not in clauses(call, app)) is ok


class TestStay:
    @pytest.mark.parametrize(("departure", "ok"), [("2026-09-21", True), ("2026-09-22", False),
                                                   ("2026-09-14", True),
                                                   ("2026-09-13", False)])
    def test_seven_nights_pass_eight_fail_and_dates_must_not_be_reversed(
            self, call: callrules.Call, app: dict[str, Any], departure: str, ok: bool) -> None:
        """Monday to the next Monday (7 nights) is the longest stay; departure ≥ arrival."""
        app["visitors"][0]["stay"] = {"arrival": "2026-09-14", "departure": departure}
        assert ("duration" not in clauses(call, app)) is ok

    def test_a_too_long_stay_says_by_how_much_to_shorten_it(
            self, call: callrules.Call, app: dict[str, Any]) -> None:
        """Nine nights: shorten by two."""
        app["visitors"][0]["stay"] = {"arrival": "2026-09-14", "departure": "2026-09-23"}
        (finding,) = [f for f in callrules.evaluate(call, app).errors]
        assert finding.ctx["excess"] == 2
        assert "shorten it by 2 nights" in finding.message("en")
        assert "à raccourcir de 2\xa0nuits" in finding.message("fr")

    @pytest.mark.parametrize(("departure", "ok"), [("2026-12-31", True), ("2027-01-01", False)])
    def test_the_stay_must_end_in_2026(self, call: callrules.Call, app: dict[str, Any],
                                       departure: str, ok: bool) -> None:
        """No carry-over to 2027: departure on or before 31 December 2026."""
        app["visitors"][0]["stay"] = {"arrival": "2026-12-26", "departure": departure}
        assert ("funding-year" not in clauses(call, app)) is ok

    @pytest.mark.parametrize(("arrival", "warned"), [("2026-06-30", True), ("2026-07-01", False)])
    def test_a_stay_starting_before_the_results_is_a_warning_only(
            self, call: callrules.Call, app: dict[str, Any], arrival: str, warned: bool) -> None:
        """Before 1 July the funding is not known: a warning, the application stays eligible."""
        app["visitors"][0]["stay"] = {"arrival": arrival, "departure": "2026-07-03"}
        report = callrules.evaluate(call, app)
        assert report.eligible
        assert bool(report.warnings) is warned


class TestBudget:
    @pytest.mark.parametrize(("amount", "ok"), [("3100.00", True), ("3100.01", False),
                                                ("3100", True), ("0", True)])
    def test_the_cap_is_3100_euros_inclusive(self, call: callrules.Call, app: dict[str, Any],
                                             amount: str, ok: bool) -> None:
        """3,100.00 EUR passes, 3,100.01 EUR fails."""
        euro_budget(app, amount)
        assert ("budget-cap" not in clauses(call, app)) is ok

    def test_the_cap_is_for_the_whole_project_all_visitors_together(
            self, call: callrules.Call, app: dict[str, Any]) -> None:
        """Two lines of 1,550.01 EUR exceed the cap together; the excess is reported."""
        euro_budget(app, "1550.01", "1550.00")
        (finding,) = [f for f in callrules.evaluate(call, app).errors]
        assert finding.code == "total_above_maximum"
        assert finding.ctx["excess"] == callrules.Money("0.01", "EUR")

    def test_other_currencies_are_converted_at_the_supplied_rate(
            self, call: callrules.Call, app: dict[str, Any]) -> None:
        """19,375 BRL at 0.16 is exactly 3,100.00 EUR; at 0.1601 it is over."""
        app["budget"]["lines"] = [{"category": "transport", "beneficiary": "v1",
                                   "amount": {"amount": "19375", "currency": "BRL"}}]
        app["exchange_rates"] = [{"base": "BRL", "quote": "EUR", "rate": "0.16"}]
        assert "budget-cap" not in clauses(call, app)
        app["exchange_rates"][0]["rate"] = "0.1601"
        assert "budget-cap" in clauses(call, app)

    def test_a_total_over_the_cap_records_each_conversion_and_its_rate(
            self, call: callrules.Call, app: dict[str, Any]) -> None:
        """The finding says which amounts were converted, at which supplied rate (or the
        opposite pair's, divided), and to what: the explanation can be checked by hand."""
        app["budget"]["lines"] = [{"category": "transport", "beneficiary": "v1",
                                   "amount": {"amount": "20000", "currency": "BRL"}}]
        app["exchange_rates"] = [{"base": "EUR", "quote": "BRL", "rate": "6.25"}]
        (finding,) = [f for f in callrules.evaluate(call, app).errors]
        assert finding.ctx["conversions"] == ({
            "amount": callrules.Money("20000", "BRL"),
            "converted": callrules.Money("3200.00", "EUR"),
            "rate": Decimal("6.25"), "inverse": True},)
        assert finding.to_dict()["ctx"]["conversions"][0]["rate"] == "6.25"

    def test_a_line_in_another_currency_without_a_rate_is_incomplete_input_not_ineligible(
            self, call: callrules.Call, app: dict[str, Any]) -> None:
        """No rate, no conversion, no verdict: the application cannot be judged against the
        cap, so it is incomplete input naming the line and the rate asked for — in a batch
        too, where the others are still checked (issue 16)."""
        app["exchange_rates"] = []
        with pytest.raises(callrules.InputError) as caught:
            callrules.evaluate(call, app)
        (problem,) = caught.value.problems
        assert (problem.type, problem.path, problem.pointer) == (
            "missing_exchange_rate", "budget.lines[1].amount", "/budget/lines/1/amount")
        assert problem.ctx == {"base": "BRL", "quote": "EUR"}
        assert "BRL" in problem.message("fr") and "EUR" in problem.message("es")
        result = callrules.evaluate_many(call, [app, eligible_dict()])
        assert [item.report is None for item in result] == [True, False]

    @pytest.mark.parametrize("category", ["visa", "equipment", "insurance", "registration"])
    def test_only_transport_and_subsistence_are_eligible_costs(
            self, call: callrules.Call, app: dict[str, Any], category: str) -> None:
        """A visa line fails budget-costs at that line's category."""
        app["budget"]["lines"][0]["category"] = category
        (finding,) = callrules.evaluate(call, app).errors
        assert (finding.clause, finding.path) == ("budget-costs", "budget.lines[0].category")

    def test_a_cost_must_be_for_one_of_the_visitors(self, call: callrules.Call,
                                                    app: dict[str, Any]) -> None:
        """The host's own costs, or a line for nobody, are not eligible."""
        app["budget"]["lines"][0]["beneficiary"] = "host"
        assert ("budget-costs", "unknown_reference") in codes(call, app)
        del app["budget"]["lines"][0]["beneficiary"]
        assert ("budget-costs", "missing") in codes(call, app)

    @given(st.sampled_from(["visa", "equipment", "insurance", "registration"]),
           st.decimals(min_value=0, max_value=10_000, places=2))
    def test_adding_an_ineligible_cost_line_never_makes_an_application_eligible(
            self, category: str, amount: Decimal) -> None:
        """Law: an extra ineligible line can only add findings."""
        call = callrules.calls.load("cnrs-amsud-2026")
        app = eligible_dict()
        before = callrules.evaluate(call, app)
        app["budget"]["lines"].append({"category": category, "beneficiary": "v1",
                                       "amount": {"amount": str(amount), "currency": "EUR"}})
        after = callrules.evaluate(call, app)
        assert not after.eligible
        assert set(before.failed_clauses) <= set(after.failed_clauses)

    @given(st.decimals(min_value=0, max_value=5000, places=2),
           st.decimals(min_value=0, max_value=5000, places=2))
    def test_raising_an_amount_never_turns_ineligible_into_eligible(
            self, amount: Decimal, raise_by: Decimal) -> None:
        """Law: eligibility is monotone (decreasing) in every amount requested."""
        call = callrules.calls.load("cnrs-amsud-2026")
        app = eligible_dict()
        euro_budget(app, str(amount), "1000.00")
        low = callrules.evaluate(call, app).eligible
        euro_budget(app, str(amount + raise_by), "1000.00")
        high = callrules.evaluate(call, app).eligible
        assert not (high and not low)
        assert low == (amount + 1000 <= 3100)


class TestDocuments:
    @pytest.mark.parametrize(("pages", "ok"), [(3, True), (4, False)])
    def test_the_project_description_has_at_most_three_pages(
            self, call: callrules.Call, app: dict[str, Any], pages: int, ok: bool) -> None:
        """3 pages pass, 4 fail."""
        app["documents"][0]["pages"] = pages
        assert ("documents" not in clauses(call, app)) is ok

    @pytest.mark.parametrize(("pages", "ok"), [(2, True), (3, False)])
    def test_each_cv_has_at_most_two_pages(self, call: callrules.Call, app: dict[str, Any],
                                           pages: int, ok: bool) -> None:
        """2 pages pass, 3 fail."""
        app["documents"][2]["pages"] = pages
        assert ("documents" not in clauses(call, app)) is ok

    def test_every_visitor_needs_a_cv_and_the_project_a_description(
            self, call: callrules.Call, app: dict[str, Any]) -> None:
        """A missing CV is reported at the visitor; a missing description at documents."""
        app["documents"] = [{"kind": "cv", "owner": "v1", "pages": 2}]
        report = callrules.evaluate(call, app)
        assert sorted(f.path for f in report.errors) == ["documents", "visitors[1]"]
        assert {f.code for f in report.errors} == {"none_matching"}


class TestOnePerHost:
    def test_the_earliest_submission_of_a_host_stands_and_later_ones_fail(
            self, call: callrules.Call) -> None:
        """Across a batch, hosts are compared by e-mail, case-insensitively."""
        first, second, other = eligible_dict(), eligible_dict(), eligible_dict()
        second["id"], second["submitted_at"] = "B", "2026-05-29T09:00:00+02:00"
        first["id"], first["submitted_at"] = "A", "2026-05-30T09:00:00+02:00"
        second["host"]["person"]["email"] = "CLAIRE.morel@ipgp.fr"
        other["id"] = "C"
        for who in ("host", "submitter"):
            other[who] = {**other[who]}
        other["host"]["person"] = {**other["host"]["person"], "email": "paul@cnrs.fr"}
        other["submitter"] = {**other["submitter"], "email": "paul@cnrs.fr"}
        result = callrules.evaluate_many(call, [first, second, other])
        verdicts = [item.report.eligible for item in result if item.report]
        assert verdicts == [False, True, True]
        (dup,) = result[0].report.errors if result[0].report else ()
        assert (dup.clause, dup.code, dup.ctx["first"]) == ("one-per-host", "duplicate", "B")

    def test_a_single_evaluation_says_the_batch_clause_was_not_checked(
            self, call: callrules.Call, app: dict[str, Any]) -> None:
        """One application alone cannot be checked for one-per-host, and says so."""
        assert callrules.evaluate(call, app).unchecked == ("one-per-host",)


class TestTheCallsOwnWording:
    def test_french_guiana_as_origin_is_explained_with_the_asymmetry(
            self, call: callrules.Call, app: dict[str, Any]) -> None:
        """The call's own message says Guyane is excluded as origin but fine as destination."""
        app["visitors"][0]["institution"]["location"] = {"country": "GF"}
        (finding,) = callrules.evaluate(call, app).errors
        assert finding.code == "excluded"
        assert finding.message("fr").startswith(
            "Guyane française\u202f: lieu non éligible pour l’établissement d’origine")
        assert "eligible as the destination" in finding.message("en")
