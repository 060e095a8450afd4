"""The planner's promises: a table's row is the same for a plan and for the call's rules, a
computed line below zero is never a crash, and a plan said to fit passes every rule of the
call that reads the budget."""

from __future__ import annotations

import copy
import dataclasses
import re
import tomllib
import unicodedata
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules._keys import code_key
from tests.conftest import ROOT, eligible_dict
from tests.laws import settings

CNRS_FILE = ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml"
L4 = ("fr", "en", "es", "pt")


@cache
def cnrs() -> dict[str, Any]:
    """The bundled call as written (a fresh copy is taken by each variant)."""
    with CNRS_FILE.open("rb") as handle:
        return tomllib.load(handle)


def _place() -> dict[str, Any]:
    return {"lookup": "place_class", "on": {"path": "stay.arrival"}, "key": [
        {"path": f"$root.host.unit.location.{name}"}
        for name in ("country", "subdivision", "city")]}


@cache
def exact_lodging_call() -> callrules.Call:
    """The bundled call with a cap no stay reaches and a rule of its own: each visitor's
    lodging is exactly the State's night rate for the host's place times their nights (so a
    plan, untrimmed, passes it only if it read the row the rule reads)."""
    data = copy.deepcopy(cnrs())
    data["id"] = "exact-lodging"
    data["parameters"]["cap"] = {"amount": "900000.00", "currency": "EUR"}
    data["clauses"].append({"id": "lodging-rate", "title": dict.fromkeys(L4, "Lodging rate"),
                            "text": dict.fromkeys(L4, "Lodging at the State's rate")})
    data["rules"].append({"clause": "lodging-rate", "check": {
        "op": "each", "path": "visitors", "as": "visitor", "rule": {
            "op": "compare", "cmp": "==",
            "left": {"sum": "$root.budget.lines", "of": "amount", "where": {
                "op": "all", "rules": [
                    {"op": "compare", "path": "beneficiary", "cmp": "==",
                     "to": {"path": "$visitor.id"}},
                    {"op": "in", "path": "category", "set": ["lodging"]}]}},
            "to": {"times": [
                {"lookup": "lodging_night", "key": [_place()], "on": {"path": "stay.arrival"}},
                {"days_between": [{"path": "stay.arrival"}, {"path": "stay.departure"}]}]}}}})
    return callrules.Call.from_dict(data, source="exact-lodging")


def _city_rows() -> list[tuple[str, str, str]]:
    """The rows of the bundled place table that name a city in a subdivision."""
    rows = cnrs()["parameters"]["place_class"]["versions"][-1]["rows"]
    return [tuple(row["key"]) for row in rows  # type: ignore[misc]
            if "*" not in row["key"] and row["key"][0] == "FR"]


@st.composite
def spelled(draw: st.DrawFn, name: str) -> str:
    """``name`` as people write it: any letter in capitals or not, accents kept or dropped,
    each hyphen or apostrophe a space, a dash or itself, spaces doubled."""
    out = []
    for char in name:
        if char in "-'’ ":
            out.append(draw(st.sampled_from([" ", "  ", "-", "–", "'", char])))
            continue
        if draw(st.booleans()):
            char = "".join(c for c in unicodedata.normalize("NFD", char)
                           if not unicodedata.combining(c))
        out.append(char.upper() if draw(st.booleans()) else char.lower())
    return "".join(out)


class TestOneRowForRulesAndPlanner:
    @settings(max_examples=30, deadline=None)
    @given(data=st.data())
    def test_any_spelling_of_a_city_reads_the_same_row_for_the_plan_and_the_rule(
            self, data: st.DataObject) -> None:
        """For any spelling of a city the table names, the plan reads the row written for it
        and the call's own rule, on the plan put into the application, reads that row too."""
        country, subdivision, city = data.draw(st.sampled_from(_city_rows()))
        written = data.draw(spelled(city))
        app = eligible_dict()
        app["host"]["unit"]["location"] = {"country": country, "subdivision": subdivision,
                                           "city": written}
        call = exact_lodging_call()
        plan = callrules.plan(call, app)
        rows = {reading.row for line in plan.lines for reading in line.readings
                if reading.table == "place_class"}
        assert rows == {(country, subdivision, city)}
        report = callrules.evaluate(call, plan.apply())
        assert plan.fits
        assert not [f for f in report.findings if f.clause == "lodging-rate"]

    @settings(max_examples=300, deadline=None)
    @given(data=st.data())
    def test_a_table_finds_one_row_for_every_spelling_of_its_code(
            self, data: st.DataObject) -> None:
        """Law: a code written in capitals, without accents or with other separators finds
        the row written for it, and the key of a key is itself."""
        country, subdivision, city = data.draw(st.sampled_from(_city_rows()))
        written = data.draw(spelled(city))
        assert code_key(written) == code_key(city) == code_key(code_key(city))
        table = exact_lodging_call().parameters["place_class"].value
        day = table.versions[-1].start
        assert table.lookup((country, subdivision, written), day).row == (
            country, subdivision, city)
        assert table.lookup((country.lower(), subdivision.lower(), written), day).row == (
            country, subdivision, city)

    def test_a_code_not_given_matches_only_any_other(self) -> None:
        """A key not given (no subdivision) is read by a row's "any other" only, and named
        as nothing when no row has one."""
        table = exact_lodging_call().parameters["place_class"].value
        day = table.versions[-1].start
        assert table.lookup(("FR", None, "PARIS"), day).row == ("FR", "*", "Paris")
        try:
            table.lookup(("AR", None, "Buenos Aires"), day)
        except callrules.NoRateError as error:
            assert error.key == ("AR", "", "Buenos Aires")
        else:
            raise AssertionError("a place the table does not name has no rate")


OTHERS = {"sum": "$root.budget.lines", "of": "amount",
          "where": {"op": "not_in", "path": "category", "set": ["overheads"]}}


def with_line(line: dict[str, Any], *, trim: list[str] | None = None, rule: Any = None,
              fields: dict[str, Any] | None = None) -> dict[str, Any]:
    """The bundled call with a category "overheads" and one more line in its plan (and, if
    given, a rule of its own on that line, the order of trimming, declared fields)."""
    data = copy.deepcopy(cnrs())
    data["id"] = "plan-variant"
    data["vocabularies"]["cost_category"]["values"]["overheads"] = dict.fromkeys(L4, "overheads")
    data["parameters"]["eligible_costs"] = ["transport", "lodging", "meals", "overheads"]
    for name, amount in (("nothing", "0.00"), ("ten", "10.00"), ("much", "5000.00")):
        data["parameters"][name] = {"amount": amount, "currency": "EUR"}
    data["clauses"].append({"id": "flat", "title": dict.fromkeys(L4, "Flat rate"),
                            "text": dict.fromkeys(L4, "Overheads at a flat rate")})
    data["plan"]["lines"].append({"id": "overheads", "category": "overheads", "clause": "flat",
                                  "label": dict.fromkeys(L4, "Overheads %(amount)s"), **line})
    if rule is not None:
        data["rules"].append({"clause": "flat", "check": {
            "op": "compare", "cmp": "<=", "to": rule, "left": {
                "sum": "budget.lines", "of": "amount",
                "where": {"op": "in", "path": "category", "set": ["overheads"]}}}})
    if trim is not None:
        data["plan"]["trim"] = trim
    if fields is not None:
        data["fields"] = fields
    return data


def _money() -> st.SearchStrategy[Any]:
    """Expressions of money over the application's budget, as a call's plan may write them."""
    leaves = st.one_of(
        st.just({"param": "cap"}),
        st.sampled_from(["nothing", "ten", "much"]).map(lambda name: {"param": name}),
        st.just(OTHERS),
        st.just({"sum": "$root.budget.lines", "of": "amount"}),
        st.just({"max": "$root.budget.lines", "of": "amount"}))
    return st.recursive(leaves, lambda inner: st.one_of(
        st.tuples(inner, inner).map(lambda pair: {"minus": list(pair)}),
        st.tuples(inner, inner).map(lambda pair: {"plus": list(pair)}),
        st.tuples(inner, st.sampled_from([0, 10, 25, 100, 200])).map(
            lambda pair: {"times": [pair[0], {"percent": pair[1]}]})), max_leaves=4)


def _budget_findings(call: callrules.Call, plan: callrules.BudgetPlan) -> list[Any]:
    """The errors the call's rules on the budget find in ``plan`` put into the application."""
    report = callrules.evaluate(call, plan.apply())
    return [f for f in report.findings
            if f.clause in ("budget-cap", "budget-costs", "flat") and f.severity == "error"]


class TestEveryPlanLineGivesAPlan:
    @settings(max_examples=40, deadline=None)
    @given(amount=_money(), each=st.sampled_from([None, "visitors", "documents"]),
           trim=st.sampled_from([None, ["meals"], ["overheads", "meals", "lodging"]]),
           ruled=st.booleans(),
           amounts=st.lists(st.sampled_from(["0.00", "250.00", "490.00", "1180.00",
                                             "4000.00", "211", "490.5"]),
                            min_size=4, max_size=4))
    def test_a_plan_or_a_typed_error_and_a_plan_said_to_fit_passes_the_budget_rules(
            self, amount: Any, each: str | None, trim: list[str] | None, ruled: bool,
            amounts: list[str]) -> None:
        """Law: for any amount a plan's line may compute (below zero too), per application,
        visitor or document, over any budget, the planner gives a plan or a typed error;
        no proposed line is below zero; a plan said to fit has no error under the call's
        rules on the budget once put into the application; the budget its JSON proposes
        writes each amount with the currency's two places, a stated line given as ``211``
        too (``211.00``, beside its line's ``proposed``; before, as given in 38 of 295
        generated plans)."""
        line: dict[str, Any] = {"amount": amount}
        if each is not None:
            line["each"] = each
            line["beneficiary"] = "id" if each == "visitors" else "owner"
        try:
            call = callrules.Call.from_dict(with_line(line, trim=trim,
                                                      rule=amount if ruled else None),
                                            source="variant")
        except callrules.DefinitionError:
            return  # a shape the loader refuses (a sum over an empty scope…): not planned
        app = eligible_dict()
        for written, budget_line in zip(amounts, app["budget"]["lines"], strict=True):
            budget_line["amount"] = {"amount": written, "currency": "EUR"}
        try:
            plan = callrules.plan(call, app)
        except callrules.CallrulesError:
            return
        assert all(line.proposed is None or line.proposed.amount >= 0 for line in plan.lines)
        assert plan.render("fr") and plan.to_dict("en")["lines"]
        assert all(re.fullmatch(r"[0-9]+\.[0-9]{2,}", line["amount"]["amount"])
                   for line in plan.to_dict("en")["budget"]), plan.to_dict("en")["budget"]
        if plan.fits:
            assert not _budget_findings(call, plan)

    def test_the_attack_s_line_below_zero_is_left_to_the_applicant_and_said(self) -> None:
        """A line of what is left up to the cap, where the other lines already pass it, is
        to be stated by the applicant, the reason worded in every language, not a crash."""
        call = callrules.Call.from_dict(with_line(
            {"amount": {"minus": [{"times": [OTHERS, {"percent": 10}]}, OTHERS]}}),
            source="negative")
        plan = callrules.plan(call, eligible_dict())
        (line,) = [line for line in plan.lines if line.category == "overheads"]
        assert (line.status, line.reason, line.proposed) == ("to_state", "negative_amount", None)
        assert line.ctx["amount"] < callrules.Money(0, "EUR")
        texts = {lang: plan.to_dict(lang)["lines"][-1]["explanation"] for lang in L4}
        assert "\u2212€2,790.00" in texts["en"] and "below zero" in texts["en"]
        assert len(set(texts.values())) == 4

    def test_a_computed_line_where_every_budget_line_has_a_required_field_is_refused(
            self) -> None:
        """A call that requires a field of every budget line cannot have the planner
        compute a line (it has no value for that field): refused when the call loads."""
        fields = {"budget_lines": {"receipt": {
            "type": "text", "required": True, "label": dict.fromkeys(L4, "Receipt")}}}
        try:
            callrules.Call.from_dict(with_line({"amount": {"param": "cap"}}, fields=fields),
                                     source="receipts")
        except callrules.DefinitionError as error:
            assert error.code == "bad_plan" and error.loc[:2] == ("plan", "lines")
            assert "receipt" in error.message
        else:
            raise AssertionError("a plan computing lines the budget model refuses loaded")

    def test_a_beneficiary_that_names_no_one_is_left_to_the_applicant(self) -> None:
        """A line whose beneficiary is read from a text that cannot name a participant
        (spaces around it) is to be stated, and said, never a crash."""
        fields = {"visitors": {"nick": {"type": "text",
                                        "label": dict.fromkeys(L4, "Nickname")}}}
        call = callrules.Call.from_dict(with_line(
            {"each": "visitors", "beneficiary": "fields.nick",
             "amount": {"param": "ten"}}, fields=fields), source="nick")
        app = eligible_dict()
        app["visitors"][0]["fields"] = {"nick": " Jo "}
        plan = callrules.plan(call, app)
        reasons = [line.reason for line in plan.lines if line.category == "overheads"]
        assert reasons == ["bad_beneficiary", None]  # Mateo has no nickname: no beneficiary
        assert not plan.fits
        assert " Jo " in plan.to_dict("en")["lines"][-2]["explanation"]

    def test_the_budget_model_refusing_a_proposal_is_a_typed_error(self) -> None:
        """A proposal the call's budget model refuses (a category with spaces around it)
        is a definition error of the call's plan, never a validation traceback."""
        call = callrules.calls.load("cnrs-amsud-2026")
        plan = callrules.plan(call, eligible_dict())
        bad = dataclasses.replace(plan.lines[0], category=" transport ", original=None)
        try:
            dataclasses.replace(plan, lines=(bad,)).apply()
        except callrules.DefinitionError as error:
            assert error.code == "bad_plan"
        else:
            raise AssertionError("a budget line the model refuses was proposed")


class TestAPlanSaidToFit:
    def test_a_line_for_a_document_without_an_owner_does_not_fit_and_names_people(
            self) -> None:
        """A line per document for its owner, where one document has none, breaks the
        call's rule that each cost is for a participant: the plan says so, naming that
        rule's clause; the other lines are named by the person, not by an identifier."""
        call = callrules.Call.from_dict(with_line(
            {"each": "documents", "beneficiary": "owner",
             "amount": {"param": "ten"}}), source="docs")
        plan = callrules.plan(call, eligible_dict())
        assert not plan.fits and plan.breaks == ("budget-costs",)
        assert _budget_findings(call, plan)
        text = plan.render("en")
        assert "Joana Silva — overheads" in text and "v1 —" not in text
        assert "Eligible costs" in text.splitlines()[2]


#: Currencies of 0, 2 and 3 decimals, for a call and for its rate tables.
_CURRENCIES = ("EUR", "USD", "JPY", "KWD", "CLP", "BRL")
_PLACES = {"EUR": 2, "USD": 2, "JPY": 0, "KWD": 3, "CLP": 0, "BRL": 2}


def _rate_rule(category: str, table: str, quantity: Any, cmp: str) -> dict[str, Any]:
    """Each visitor's lines of ``category`` compared (``cmp``) with the table's rate for the
    host's place times ``quantity``, as a call writes "lodging at most the rate × nights"."""
    return {"clause": "table-rate", "check": {
        "op": "each", "path": "visitors", "as": "visitor", "rule": {
            "op": "compare", "cmp": cmp,
            "left": {"sum": "$root.budget.lines", "of": "amount", "where": {
                "op": "all", "rules": [
                    {"op": "compare", "path": "beneficiary", "cmp": "==",
                     "to": {"path": "$visitor.id"}},
                    {"op": "in", "path": "category", "set": [category]}]}},
            "to": {"times": [{"lookup": table, "key": [_place()],
                              "on": {"path": "stay.arrival"}}, quantity]}}}}


@st.composite
def tables_in_another_currency(draw: st.DrawFn) -> tuple[callrules.Call, dict[str, Any]]:
    """The bundled call in any currency, its lodging and meal tables in another one (any
    rates), any rounding (unit, mode), rules "lodging and meals ≤ (or ==) the table's rate ×
    their count", and an application with any stay and the exchange rate either way round."""
    call_currency = draw(st.sampled_from(_CURRENCIES))
    data = copy.deepcopy(cnrs())
    data["id"] = "rates-elsewhere"
    data["currency"] = call_currency
    data["parameters"]["cap"] = {"amount": "900000000000", "currency": call_currency}
    rates = []
    for table in ("lodging_night", "meal"):
        currency = draw(st.sampled_from([c for c in _CURRENCIES if c != call_currency]))
        places = _PLACES[currency]
        data["parameters"][table]["table"]["currency"] = currency
        for version in data["parameters"][table]["versions"]:
            for row in version["rows"]:
                cents = draw(st.integers(1, 40_000 * 10 ** places))
                row["value"] = f"{cents / 10 ** places:.{places}f}" if places else str(cents)
        rate = draw(st.decimals(Decimal("0.0001"), Decimal("5000"), places=4))
        if any(currency in (r["base"], r["quote"]) for r in rates):
            continue  # one rate for a pair (the other table's)
        if draw(st.booleans()):
            rates.append({"base": currency, "quote": call_currency, "rate": f"{rate:f}"})
        else:
            rates.append({"base": call_currency, "quote": currency, "rate": f"{rate:f}"})
    minor = Decimal(1).scaleb(-_PLACES[call_currency])
    unit = minor * draw(st.sampled_from([1, 5, 10, 100]))
    data["budget"] = {"rounding": {"unit": f"{unit:f}", "mode": draw(st.sampled_from(
        ["half_even", "half_up", "half_down", "down", "up", "floor", "ceiling"]))}}
    cmp = draw(st.sampled_from(["<=", "=="]))
    nights = {"days_between": [{"path": "stay.arrival"}, {"path": "stay.departure"}]}
    data["clauses"].append({"id": "table-rate", "title": dict.fromkeys(L4, "Table rate"),
                            "text": dict.fromkeys(L4, "At most the table's rate")})
    data["rules"] += [_rate_rule("lodging", "lodging_night", nights, cmp),
                      _rate_rule("meals", "meal", {"times": [2, {"plus": [nights, 1]}]}, cmp)]
    app = eligible_dict()
    app["budget"]["lines"] = []
    app["exchange_rates"] = rates
    for visitor in app["visitors"]:
        visitor["stay"]["departure"] = f"2026-09-{14 + draw(st.integers(0, 7)):02d}"
    return callrules.Call.from_dict(data, source="rates-elsewhere"), app


class TestRatesInAnotherCurrency:
    @settings(max_examples=60, deadline=None)
    @given(tables_in_another_currency())
    def test_a_plan_of_rates_in_another_currency_fits_the_rules_that_read_those_rates(
            self, case: tuple[callrules.Call, dict[str, Any]]) -> None:
        """Law: whatever the call's currency, its tables' currencies, their rates, the
        exchange rates (either way round), the call's rounding and the stay, the planner
        and the rules work a rate times a quantity out alike (in the table's currency,
        converted once, rounded once): the plan fits, and put into the application it
        passes "≤ rate × count" and "== rate × count" alike."""
        call, app = case
        plan = callrules.plan(call, app)
        assert plan.fits, plan.breaks
        report = callrules.evaluate(call, plan.apply())
        assert not [f for f in report.findings
                    if f.clause == "table-rate" and f.severity == "error"]

    def test_the_attack_s_stay_fits_and_says_the_rate_in_its_own_currency(self) -> None:
        """The bundled call with its night rate 151.37 USD (USD→EUR 0.9234): seven nights
        are 1,059.59 USD, converted once, €978.43, which the rule "≤ rate × nights" accepts
        (before: 7 × €139.78 = €978.46, refused); the plan says the rate in dollars and the
        conversion."""
        data = copy.deepcopy(cnrs())
        data["id"] = "usd-rates"
        data["parameters"]["lodging_night"]["table"]["currency"] = "USD"
        for version in data["parameters"]["lodging_night"]["versions"]:
            for row in version["rows"]:
                row["value"] = "151.37"
        data["clauses"].append({"id": "table-rate", "title": dict.fromkeys(L4, "Table rate"),
                                "text": dict.fromkeys(L4, "At most the table's rate")})
        nights = {"days_between": [{"path": "stay.arrival"}, {"path": "stay.departure"}]}
        data["rules"].append(_rate_rule("lodging", "lodging_night", nights, "<="))
        call = callrules.Call.from_dict(data, source="usd-rates")
        app = eligible_dict()
        app["exchange_rates"].append({"base": "USD", "quote": "EUR", "rate": "0.9234"})
        plan = callrules.plan(call, app)
        lodging = next(line for line in plan.lines if line.line == "lodging"
                       and line.beneficiary == "v1")
        assert lodging.most == callrules.Money("978.43", "EUR") and plan.fits
        text = plan.render("en")
        assert "7 × 151.37 US dollars = 1,059.59 US dollars, that is €978.43 at the " \
               "application's exchange rate" in text
        assert "7 × 151,37 dollars des États-Unis = 1 059,59 dollars des États-Unis, soit " \
               "978,43 € au taux de change" in plan.render("fr").replace("\u202f", " ").replace(
                   "\xa0", " ")


class TestThePlansWords:
    def test_an_amended_cap_is_named_and_bullets_start_with_a_capital(self) -> None:
        """A plan under an amended cap names the amendment in force, as check does; a line
        for the whole application and a category start their bullets with a capital; the
        French heading of the lines left out agrees with any list under it."""
        data = copy.deepcopy(cnrs())
        data["id"] = "amended-cap"
        data["parameters"]["cap"] = {"history": [
            {"from": "2026-04-21T00:00:00", "value": {"amount": "3100.00", "currency": "EUR"}},
            {"from": "2026-05-15T12:00:00", "value": {"amount": "3500.00", "currency": "EUR"},
             "label": "A1"}]}
        data["plan"]["lines"].append({
            "id": "overheads", "category": "transport", "amount": {"amount": "10.00",
                                                                    "currency": "EUR"},
            "label": dict.fromkeys(L4, "%(amount)s")})
        call = callrules.Call.from_dict(data, source="amended-cap")
        now = datetime(2026, 5, 20, 12, tzinfo=UTC)
        plan = callrules.plan(call, eligible_dict(), now=now)
        text = plan.render("en")
        assert "Proposed under the call as amended: funding cap, as amended from May 15, " \
               "2026" in text and "(A1)" in text
        assert "- The whole application — travel" in text
        assert "\n- Travel: " in text and "\n- Accommodation: " in text
        french = plan.render("fr")
        assert "Ce que la proposition écarte" in french and "Écarté" not in french
        assert "Budget proposé selon l’appel tel que modifié" in french
        earlier = callrules.plan(call, eligible_dict(), now=datetime(2026, 5, 1, tzinfo=UTC))
        assert "as amended" not in earlier.render("en")


class TestConversionsCounted:
    def test_a_product_of_a_rate_in_another_currency_counts_its_conversion(self) -> None:
        """A rule's ``times`` of a table's rate in another currency than the call's converts
        its product each time it is worked out: the call's work estimate counts it (a rate
        in the call's currency is never converted, and counts nothing more)."""
        def work(currency: str) -> int:
            data = copy.deepcopy(cnrs())
            data["id"] = f"work-{currency.lower()}"
            data["parameters"]["lodging_night"]["table"]["currency"] = currency
            data["clauses"].append({"id": "table-rate", "title": dict.fromkeys(L4, "Rate"),
                                    "text": dict.fromkeys(L4, "At most the rate")})
            nights = {"days_between": [{"path": "stay.arrival"},
                                       {"path": "stay.departure"}]}
            data["rules"].append(_rate_rule("lodging", "lodging_night", nights, "<="))
            return callrules.Call.from_dict(data, source="work").program.work

        assert work("USD") > work("EUR")
