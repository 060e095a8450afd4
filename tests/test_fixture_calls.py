"""The fixture calls in tests/data decide as their texts say, on both sides of each boundary."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

import callrules

DATA = Path(__file__).resolve().parent / "data"


def helsinki() -> callrules.Call:
    return callrules.Call.from_file(DATA / "good-helsinki-postdoc-2027.toml")


HELSINKI = helsinki()


def postdoc_application() -> dict[str, Any]:
    """An application the Helsinki call finds eligible: one postdoc from Tartu, ten days in
    Helsinki, EUR 1,000 requested (EUR 400 of it for meals and lodging), EUR 1,000 co-funded."""
    return copy.deepcopy({
        "id": "HEL-2027-0001",
        "submitted_at": "2027-03-20T12:00:00+02:00",
        "language": "en",
        "submitter": {"given_name": "Aino", "family_name": "Virtanen",
                      "email": "aino.virtanen@helsinki.fi"},
        "host": {
            "person": {"given_name": "Aino", "family_name": "Virtanen",
                       "email": "aino.virtanen@helsinki.fi"},
            "role": "professor", "status": "permanent",
            "unit": {"code": "GEO", "name": "Department of Geosciences",
                     "location": {"country": "FI", "city": "Helsinki"}},
        },
        "visitors": [{
            "id": "v1",
            "person": {"given_name": "Kadri", "family_name": "Tamm", "email": "kadri@ut.ee"},
            "category": "researcher",
            "institution": {"name": "University of Tartu",
                            "location": {"country": "EE", "city": "Tartu"}},
            "stay": {"arrival": "2027-09-01", "departure": "2027-09-10"},
            "fields": {"phd_awarded": "2024-06-30"},
        }],
        "budget": {"lines": [
            {"category": "transport", "amount": {"amount": "600.00", "currency": "EUR"}},
            {"category": "lodging", "amount": {"amount": "300.00", "currency": "EUR"}},
            {"category": "meals", "amount": {"amount": "100.00", "currency": "EUR"}},
        ]},
        "fields": {"career_stage": "postdoc",
                   "cofunding": {"amount": "1000.00", "currency": "EUR"}},
    })


def failing(app: dict[str, Any], call: callrules.Call = HELSINKI) -> set[str]:
    """The clauses ``app`` fails."""
    return {f.clause for f in callrules.evaluate(call, app).findings}


def _set(app: dict[str, Any], pointer: str, value: Any) -> dict[str, Any]:
    *parents, last = pointer.strip("/").split("/")
    node: Any = app
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[int(last) if isinstance(node, list) else last] = value
    return app


class TestHelsinkiPostdocCall:
    def test_the_example_application_is_eligible(self) -> None:
        """The application built for the call passes every rule."""
        assert failing(postdoc_application()) == set()

    @pytest.mark.parametrize(("clause", "pointer", "inside", "outside"), [
        ("deadline", "/submitted_at", "2027-03-31T16:00:00+03:00", "2027-03-31T16:00:01+03:00"),
        ("origin", "/visitors/0/institution/location/country", "SE", "NO"),
        ("destination", "/host/unit/location/country", "FI", "SE"),
        ("career-stage", "/fields/career_stage", "postdoc", "senior"),
        ("career-window", "/visitors/0/fields/phd_awarded", "2022-03-31", "2022-03-30"),
        ("career-window", "/visitors/0/fields/phd_awarded", "2027-03-31", "2027-04-01"),
        ("duration", "/visitors/0/stay/departure", "2027-09-07", "2027-09-06"),
        ("duration", "/visitors/0/stay/departure", "2027-09-30", "2027-10-01"),
    ])
    def test_each_boundary_decides_as_the_call_says(self, clause: str, pointer: str,
                                                   inside: Any, outside: Any) -> None:
        """The value on the call's side of a boundary passes the clause; the next one
        fails it, and only it."""
        assert failing(_set(postdoc_application(), pointer, inside)) == set()
        assert failing(_set(postdoc_application(), pointer, outside)) == {clause}

    def test_one_visitor_per_application(self) -> None:
        """Two visitors are one too many."""
        app = postdoc_application()
        app["visitors"].append({**copy.deepcopy(app["visitors"][0]), "id": "v2"})
        assert failing(app) == {"one-visitor"}

    @pytest.mark.parametrize(("amount", "fails"), [("2400.00", False), ("2400.01", True)])
    def test_the_cap_is_four_thousand_euros(self, amount: str, fails: bool) -> None:
        """EUR 4,000.00 in all passes, a cent more fails (transport raised to reach it)."""
        app = postdoc_application()
        app["budget"]["lines"][0]["amount"]["amount"] = str(amount)
        app["budget"]["lines"][1]["amount"]["amount"] = "1000.00"
        app["budget"]["lines"][2]["amount"]["amount"] = "600.00"
        assert failing(app) == ({"cap"} if fails else set())

    @pytest.mark.parametrize(("meals", "fails"), [("300.00", False), ("300.01", True)])
    def test_subsistence_is_at_most_sixty_percent_of_the_total(self, meals: str,
                                                              fails: bool) -> None:
        """Lodging 300 and meals 300 of a total of 1,000 is 60 % exactly: it passes; a cent
        more of meals (600.01 of 1,000.01, an exact ratio) is over 60 %."""
        app = postdoc_application()
        app["budget"]["lines"][0]["amount"]["amount"] = "400.00"
        app["budget"]["lines"][2]["amount"]["amount"] = meals
        assert failing(app) == ({"subsistence-share"} if fails else set())

    @pytest.mark.parametrize(("cofunding", "fails"), [("250.00", False), ("249.99", True)])
    def test_cofunding_is_at_least_a_quarter_of_the_request(self, cofunding: str,
                                                            fails: bool) -> None:
        """EUR 250.00 co-funds a quarter of EUR 1,000 requested; a cent less does not."""
        app = postdoc_application()
        app["fields"]["cofunding"]["amount"] = cofunding
        assert failing(app) == ({"cofunding"} if fails else set())

    def test_a_senior_is_ineligible_not_malformed(self) -> None:
        """A career stage the call declares but does not fund is a finding; one it does not
        declare is bad input naming the accepted values."""
        report = callrules.evaluate(HELSINKI, _set(postdoc_application(), "/fields/career_stage",
                                                   "senior"))
        assert [f.code for f in report.findings] == ["not_allowed"]
        with pytest.raises(callrules.InputError) as caught:
            callrules.evaluate(HELSINKI, _set(postdoc_application(), "/fields/career_stage",
                                              "junior"))
        (problem,) = caught.value.problems
        assert problem.loc == ("fields", "career_stage")
        assert problem.type == "not_in_vocabulary"
        assert problem.message("en") == (
            "“junior” is not one of the values of “Career stage”. Accepted values: "
            "doctoral researcher, postdoctoral researcher, or senior researcher.")

    @pytest.mark.parametrize(("category", "known"), [("registration", True),
                                                     ("bribes", False)])
    def test_a_cost_category_comes_from_the_call_s_vocabulary(self, category: str,
                                                              known: bool) -> None:
        """A category the vocabulary lists is read and judged (registration fees pass every
        rule); one it does not list is bad input naming the accepted ones by their labels."""
        app = postdoc_application()
        app["budget"]["lines"][0]["category"] = category
        if known:
            assert failing(app) == set()
            return
        with pytest.raises(callrules.InputError) as caught:
            callrules.evaluate(HELSINKI, app)
        (problem,) = caught.value.problems
        assert (problem.pointer, problem.type) == ("/budget/lines/0/category",
                                                   "not_in_vocabulary")
        assert "travel, accommodation, meals, or registration fees" in problem.message("en")

    def test_a_field_without_vocabulary_takes_any_code(self) -> None:
        """The call declares no vocabulary for the host's role or the visitors' category:
        any code is read, as before (a rule may still judge it)."""
        app = postdoc_application()
        app["host"]["role"] = "dean-of-anything"
        app["visitors"][0]["category"] = "astronaut"
        assert failing(app) == set()

    @pytest.mark.parametrize(("pointer", "inside", "outside", "code"), [
        ("/visitors/0/fields/phd_awarded", "2000-01-01", "1999-12-31", "field_min"),
        ("/fields/cofunding", {"amount": "100000.00", "currency": "EUR"},
         {"amount": "100000.01", "currency": "EUR"}, "field_max"),
    ])
    def test_the_declared_bounds_are_input_checks(self, pointer: str, inside: Any,
                                                  outside: Any, code: str) -> None:
        """A declared field's own bounds are part of its type: inside, the application is
        read (and judged by the rules); outside, it is bad input naming the field."""
        callrules.evaluate(HELSINKI, _set(postdoc_application(), pointer, inside))
        with pytest.raises(callrules.InputError) as caught:
            callrules.evaluate(HELSINKI, _set(postdoc_application(), pointer, outside))
        found = {(p.pointer, p.type) for p in caught.value.problems}
        assert (pointer, code) in found


class TestSecondFixture:
    def test_it_loads_and_reads_its_own_fields(self) -> None:
        """A call declaring fields at the host, the documents and the budget lines, lists and
        bounds, loads with no code of its own and judges an application by them."""
        call = callrules.Call.from_file(DATA / "good-lab-equipment-2027.toml")
        levels = {f.level for f in call.form.declared}
        assert levels == {"application", "host", "documents", "budget_lines", "visitors"}
        app = lab_application()
        assert failing(app, call) == set()
        app["budget"]["lines"][0]["fields"]["quantity"] = 3
        assert failing(app, call) == {"unit-prices"}
        app = lab_application()
        app["documents"][0]["fields"]["signed_on"] = "2027-01-31"
        assert failing(app, call) == {"quotes-recent"}

    @pytest.mark.parametrize(("kind", "known"), [("datasheet", True), ("invoice", False)])
    def test_a_document_kind_comes_from_the_call_s_vocabulary(self, kind: str,
                                                              known: bool) -> None:
        """A kind the call's vocabulary lists is read; another is bad input naming the
        accepted kinds by their labels."""
        call = callrules.Call.from_file(DATA / "good-lab-equipment-2027.toml")
        app = lab_application()
        app["documents"][0]["kind"] = kind
        if known:
            assert failing(app, call) == set()
            return
        with pytest.raises(callrules.InputError) as caught:
            callrules.evaluate(call, app)
        (problem,) = caught.value.problems
        assert (problem.pointer, problem.type) == ("/documents/0/kind", "not_in_vocabulary")
        assert problem.message("en").endswith(
            "Accepted values: quote from the supplier or technical datasheet.")


def lab_application() -> dict[str, Any]:
    """An application the equipment call finds eligible."""
    app = postdoc_application()
    app["id"] = "LAB-1"
    app["host"]["unit"]["location"] = {"country": "FI", "subdivision": "FI-18",
                                       "city": "Helsinki"}
    app["host"]["fields"] = {"orcid": "0000-0002-1825-0097", "contact": "lab@helsinki.fi",
                             "certified": True}
    app["visitors"][0]["fields"] = {"languages": ["et", "en"], "home": "EE"}
    app["documents"] = [{"kind": "quote", "pages": 1,
                         "fields": {"signed_on": "2027-02-15", "supplier_country": "DE"}}]
    app["budget"]["lines"] = [
        {"category": "equipment", "amount": {"amount": "1500.00", "currency": "EUR"},
         "fields": {"quantity": 2, "unit_price": {"amount": "750.00", "currency": "EUR"},
                    "vat_rate": "0.24"}},
    ]
    app["fields"] = {"delivery_by": "2027-09-01T12:00:00+03:00", "keywords": ["seismology"]}
    return app
