"""A call with a computed budget (tests/data/good-summer-school-2027.toml) decides as its text
says, one cent below, at and one cent above every boundary, and on each side of the day its
rate table changes."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules import Money
from tests.laws import settings
from tests.test_i18n import code_tokens
from tests.test_rule_language import assert_decision_agrees

CALL = callrules.Call.from_file(Path(__file__).resolve().parent / "data"
                                / "good-summer-school-2027.toml")
OLD_SOURCE = "Decision of the board of 12 December 2025, annex 1"
NEW_SOURCE = "Decision of the board of 3 June 2027, annex 1"


def summer_school() -> dict[str, Any]:
    """An application the call funds: a school in Paris; Ana stays 5 nights from 28 June
    2027 (at the rates before 1 July, 120 EUR a night: 600 EUR), Luis 4 nights from 1 July
    (140 EUR a night: 560 EUR). Direct costs 9,000 EUR, 4,000 of them subcontracted: indirect
    costs 25 % of 5,000, that is 1,250 EUR; requested 70 % of 10,250, that is 7,175 EUR;
    equipment 450 EUR, exactly 5 % of the direct costs."""
    return copy.deepcopy({
        "id": "SS-2027-0001",
        "submitted_at": "2027-04-20T10:00:00+02:00",
        "language": "en",
        "submitter": {"given_name": "Claire", "family_name": "Morel",
                      "email": "claire.morel@example.org"},
        "host": {"person": {"given_name": "Claire", "family_name": "Morel",
                            "email": "claire.morel@example.org"},
                 "role": "professor", "status": "permanent",
                 "unit": {"code": "U1", "name": "Institut d'été",
                          "location": {"country": "FR", "city": "Paris"}}},
        "visitors": [
            {"id": "ana", "person": {"given_name": "Ana", "family_name": "Souza",
                                     "email": "ana@example.org"},
             "category": "researcher",
             "institution": {"name": "USP", "location": {"country": "BR"}},
             "stay": {"arrival": "2027-06-28", "departure": "2027-07-03"}},
            {"id": "luis", "person": {"given_name": "Luis", "family_name": "Pérez",
                                      "email": "luis@example.org"},
             "category": "researcher",
             "institution": {"name": "UChile", "location": {"country": "CL"}},
             "stay": {"arrival": "2027-07-01", "departure": "2027-07-05"}},
        ],
        "budget": {"lines": [
            line("lodging", "600.00", "ana"), line("travel", "800.00", "ana"),
            line("lodging", "560.00", "luis"), line("travel", "450.00", "luis"),
            line("equipment", "450.00"), line("subcontracting", "4000.00"),
            line("personnel", "2140.00"),
        ]},
        "fields": {"place": "paris",
                   "indirect": {"amount": "1250.00", "currency": "EUR"},
                   "requested": {"amount": "7175.00", "currency": "EUR"}},
    })


def line(category: str, amount: str, beneficiary: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"category": category,
                           "amount": {"amount": amount, "currency": "EUR"}}
    if beneficiary is not None:
        out["beneficiary"] = beneficiary
    return out


def set_line(app: dict[str, Any], index: int, amount: Decimal | str) -> dict[str, Any]:
    app["budget"]["lines"][index]["amount"]["amount"] = str(amount)
    return app


def findings(app: dict[str, Any], clause: str | None = None) -> list[callrules.Finding]:
    report = callrules.evaluate(CALL, app)
    return [f for f in report.findings if clause is None or f.clause == clause]


CENT = Decimal("0.01")
SIDES = [(-CENT, True), (Decimal(0), True), (CENT, False)]


class TestTheExample:
    def test_the_example_is_funded(self) -> None:
        """The example meets every clause, each at its boundary."""
        assert findings(summer_school()) == []


class TestComputedLodging:
    @pytest.mark.parametrize(("delta", "ok"), SIDES)
    def test_lodging_is_at_most_the_rate_times_the_nights(self, delta: Decimal,
                                                          ok: bool) -> None:
        """Ana: 5 nights at 120 EUR (the rate in force on 28 June) is 600 EUR; a cent more
        is over by a cent, for her alone."""
        app = set_line(summer_school(), 0, Decimal("600.00") + delta)
        found = findings(app, "lodging")
        assert (not found) is ok
        if not ok:
            (finding,) = found
            assert finding.loc == ("visitors", 0)
            assert (finding.ctx["limit"], finding.ctx["excess"]) == (
                Money("600.00", "EUR"), Money("0.01", "EUR"))
            (rate,) = finding.ctx["rates"]  # type: ignore[misc]
            assert (rate["value"], rate["from"], rate["source"]) == (
                Money("120.00", "EUR"), date(2026, 1, 1), OLD_SOURCE)

    @pytest.mark.parametrize(("arrival", "departure", "limit"), [
        ("2027-06-30", "2027-07-04", "480.00"),  # the day before the change: 120 a night
        ("2027-07-01", "2027-07-05", "560.00"),  # the day of the change: 140 a night
        ("2027-07-02", "2027-07-06", "560.00")])  # the day after
    def test_the_day_of_arrival_chooses_the_rates(self, arrival: str, departure: str,
                                                  limit: str) -> None:
        """Luis stays 4 nights: arriving the day before 1 July, the old rate applies to the
        whole stay; that day or after, the new one."""
        for delta, ok in SIDES:
            app = summer_school()
            app["visitors"][1]["stay"] = {"arrival": arrival, "departure": departure}
            set_line(app, 2, Decimal(limit) + delta)
            assert (not findings(app, "lodging")) is ok, (arrival, delta)

    def test_a_stay_before_the_first_rates_has_no_rate(self) -> None:
        """Before 1 January 2026 the table has no version: the application cannot be judged
        (an input problem naming the table's first day), never a default."""
        app = summer_school()
        app["visitors"][0]["stay"] = {"arrival": "2025-12-31", "departure": "2026-01-02"}
        with pytest.raises(callrules.InputError) as caught:
            callrules.evaluate(CALL, app)
        (problem,) = {p.message("en") for p in caught.value.problems}
        assert {p.type for p in caught.value.problems} == {"no_rate_in_force"}
        assert problem == (
            "The call's table “Lodging per night” gives no rate on December 31, 2025: its "
            "first rates take effect on January 1, 2026. Without that rate, the application "
            "cannot be judged.")

    @pytest.mark.parametrize("place", ["large_city", "elsewhere"])
    def test_the_place_of_the_school_chooses_the_row(self, place: str) -> None:
        """In a large city Ana's 5 nights are worth 500 EUR, elsewhere 400 EUR (the row the
        table keys "any other"); Luis's 4 nights from 1 July, 480 or 360 EUR."""
        limit, other = {"large_city": ("500.00", "480.00"),
                        "elsewhere": ("400.00", "360.00")}[place]
        app = summer_school()
        app["fields"]["place"] = place
        set_line(app, 2, other)
        (finding,) = findings(set_line(app, 0, Decimal(limit) + CENT), "lodging")
        assert finding.ctx["limit"] == Money(limit, "EUR")
        assert not findings(set_line(app, 0, limit), "lodging")

    @pytest.mark.parametrize("lang", ["en", "fr", "es", "pt"])
    def test_the_finding_says_the_rate_its_date_and_its_source(self, lang: str) -> None:
        """The message names the rate by its label, the place by its label, and says the
        rate's value, the day its version took effect and its source: no code."""
        app = set_line(summer_school(), 0, "600.01")
        report = callrules.evaluate(CALL, app)
        (finding,) = [f for f in report.findings if f.clause == "lodging"]
        text = report.message_of(finding, lang)
        assert OLD_SOURCE in text
        assert ("Paris" in text) and ("120" in text)
        assert code_tokens(report.render(lang).replace(OLD_SOURCE, "")) == []
        if lang == "fr":
            assert "Hébergement par nuit pour Paris au 28 juin 2027" in text


class TestCaps:
    @pytest.mark.parametrize(("delta", "ok"), SIDES)
    def test_travel_is_capped_per_participant(self, delta: Decimal, ok: bool) -> None:
        """Ana's travel: 800 EUR passes, a cent more fails, for her alone (Luis's 450 EUR
        are not added to hers)."""
        app = set_line(summer_school(), 1, Decimal("800.00") + delta)
        found = findings(app, "travel")
        assert [f.loc for f in found] == ([] if ok else [("visitors", 0)])

    @pytest.mark.parametrize(("delta", "ok"), SIDES)
    def test_subcontracting_is_capped_as_a_category(self, delta: Decimal, ok: bool) -> None:
        """5,000 EUR of subcontracting passes, a cent more fails."""
        app = summer_school()
        set_line(app, 5, Decimal("5000.00") + delta)
        set_line(app, 6, "1140.00")
        found = findings(app, "subcontracting")
        assert (not found) is ok
        if not ok:
            assert found[0].ctx["excess"] == Money("0.01", "EUR")


class TestComputedLines:
    @pytest.mark.parametrize(("delta", "ok"), SIDES)
    def test_indirect_costs_are_at_most_the_flat_rate(self, delta: Decimal, ok: bool) -> None:
        """25 % of 5,000 EUR (the direct costs less subcontracting) is 1,250 EUR."""
        app = summer_school()
        app["fields"]["indirect"]["amount"] = str(Decimal("1250.00") + delta)
        found = findings(app, "indirect")
        assert (not found) is ok
        if not ok:
            assert (found[0].code, found[0].ctx["limit"]) == ("above_maximum",
                                                              Money("1250.00", "EUR"))

    def test_subcontracting_is_excluded_from_the_base(self) -> None:
        """Moving 100 EUR from personnel to subcontracting leaves the direct costs as they
        are, but lowers the flat rate's base by 100 EUR: 25 EUR less of indirect costs."""
        app = summer_school()
        set_line(app, 5, "4100.00")
        set_line(app, 6, "2040.00")
        (finding,) = findings(app, "indirect")
        assert finding.ctx["excess"] == Money("25.00", "EUR")
        assert not findings(app, "funding-rate")

    @pytest.mark.parametrize(("delta", "ok"), [(-CENT, False), (Decimal(0), True),
                                               (CENT, False)])
    def test_the_grant_is_the_funding_rate_to_the_cent(self, delta: Decimal, ok: bool
                                                       ) -> None:
        """70 % of 10,250 EUR is 7,175 EUR: a cent less or more is not the grant."""
        app = summer_school()
        app["fields"]["requested"]["amount"] = str(Decimal("7175.00") + delta)
        found = findings(app, "funding-rate")
        assert (not found) is ok
        if not ok:
            assert (found[0].code, found[0].ctx["expected"]) == ("not_equal",
                                                                 Money("7175.00", "EUR"))

    def test_the_call_rounds_half_up(self) -> None:
        """With 1,249.95 EUR of indirect costs, 70 % of 10,249.95 EUR is 7,174.965 EUR: the
        call rounds half up (7,174.97), where the library's default would give 7,174.96."""
        app = summer_school()
        app["fields"]["indirect"]["amount"] = "1249.95"
        app["fields"]["requested"]["amount"] = "7174.97"
        assert not findings(app)
        app["fields"]["requested"]["amount"] = "7174.96"
        assert [f.clause for f in findings(app)] == ["funding-rate"]


class TestRatio:
    @pytest.mark.parametrize(("delta", "ok"), SIDES)
    def test_equipment_is_at_most_five_percent_of_the_direct_costs(self, delta: Decimal,
                                                                   ok: bool) -> None:
        """450 EUR of 9,000 EUR is 5 %; 450.01 of 9,000.01 is over."""
        app = set_line(summer_school(), 4, Decimal("450.00") + delta)
        found = findings(app, "equipment")
        assert (not found) is ok
        if not ok:
            assert found[0].ctx["param"] == "equipment_share"


class TestDecisionAgreesWithExplanation:
    @settings(max_examples=60, deadline=None)
    @given(amounts=st.lists(st.integers(0, 800_000), min_size=7, max_size=7),
           arrivals=st.lists(st.integers(-2, 3), min_size=2, max_size=2),
           nights=st.lists(st.integers(0, 6), min_size=2, max_size=2),
           place=st.sampled_from(["paris", "large_city", "elsewhere"]),
           early=st.booleans())
    def test_each_rule_fails_its_decision_exactly_when_it_explains_why(
            self, amounts: list[int], arrivals: list[int], nights: list[int], place: str,
            early: bool) -> None:
        """Law: over budgets, places and days of arrival around the change of rates (and
        before the first rates), the generated decision of each rule of the call fails
        exactly when its explanation finds something, rate lookups and grouped sums
        included."""
        app = summer_school()
        for index, cents in enumerate(amounts):
            set_line(app, index, Decimal(cents).scaleb(-2))
        start = date(2025, 12, 30) if early else date(2027, 6, 30)
        for visitor, offset, count in zip(app["visitors"], arrivals, nights, strict=True):
            arrival = date.fromordinal(start.toordinal() + offset)
            visitor["stay"] = {"arrival": arrival.isoformat(), "departure": date.fromordinal(
                arrival.toordinal() + count).isoformat()}
        app["fields"]["place"] = place
        assert_decision_agrees(CALL, CALL.parse(app))
