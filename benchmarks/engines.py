"""The engines the benchmark compares, each deciding the CNRS call as its own user would write it.

Every engine lists the clauses an application fails (or, for the verdict-only function, says
eligible or not), in the call's order, over the clauses of ``CLAUSES.md`` except ``one-per-host``
(a batch rule: no single-application engine can check it). The warning ``stay-before-results``
is listed like the others; it does not make an application ineligible.

The rules are written from ``/work/shared/calls/cnrs-amsud-2026/CLAUSES.md``, not from the call
file. callrules is reached only through its public API (``callrules.calls.load``,
``callrules.evaluate``, ``callrules.parse_application``), so this file keeps working when the
engine inside changes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Context, Decimal
from typing import Annotated, Any, NamedTuple

from business_rules.actions import BaseActions, rule_action
from business_rules.engine import run_all
from business_rules.fields import FIELD_TEXT
from business_rules.variables import (
    BaseVariables,
    boolean_rule_variable,
    numeric_rule_variable,
    select_multiple_rule_variable,
    select_rule_variable,
)
from cnrs_batch import NOW, PARIS
from json_logic import jsonLogic
from json_logic.builtins import to_bool
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

import callrules

# ---------------------------------------------------------------------------------------------
# The CNRS call, read from CLAUSES.md

#: Every clause a single application can fail, in the call's order (one-per-host left out).
CLAUSES = ("opening", "deadline", "country", "destination", "host-unit", "host",
           "director-approval", "technical-staff", "duration", "funding-year", "budget-cap",
           "budget-costs", "documents", "language", "stay-before-results")
WARNINGS = frozenset({"stay-before-results"})

OPENING = datetime(2026, 4, 21, 0, 0, tzinfo=PARIS)  # inclusive
DEADLINE = datetime(2026, 6, 1, 17, 0, tzinfo=PARIS)  # 15:00 UTC (CEST), inclusive
RESULTS = date(2026, 7, 1)
#: UN M49 region 005, South America (French Guiana is in it, and excluded by the call).
REGION_005 = frozenset(["AR", "BO", "BR", "CL", "CO", "EC", "FK", "GF", "GY", "PY", "PE", "SR",
                        "UY", "VE", "BV", "GS"])
EXCLUDED_ORIGINS = frozenset(["GF"])
ORIGINS = REGION_005 - EXCLUDED_ORIGINS
DESTINATIONS = frozenset(["FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "WF", "PF",
                          "NC", "TF"])
AFFILIATION = "CNRS"
HOST_STATUSES = frozenset({"permanent"})
HOST_ROLES = frozenset({"engineer", "technician", "researcher", "faculty"})
DIRECTOR_APPROVAL = "unit_director"
TECHNICAL = frozenset({"engineer", "technician", "technical_staff"})
MAX_NIGHTS = 7
FUNDING_YEAR = 2026
CAP = Decimal("3100.00")  # EUR
COSTS = frozenset({"transport", "subsistence", "lodging", "meals"})
PROJECT_PAGES = 3
CV_PAGES = 2
LANGUAGES = frozenset({"fr", "en"})

CENT = Decimal("0.01")
_CTX = Context(prec=60, rounding=ROUND_HALF_EVEN)


def to_eur(amount: Decimal, currency: str, rates: dict[tuple[str, str], Decimal]
           ) -> Decimal | None:
    """``amount`` in EUR: a converted amount is rounded to the cent (half to even); None when
    no rate is given (a rate ``base -> quote`` is used directly, or inverted)."""
    if currency == "EUR":
        return amount
    rate = rates.get((currency, "EUR"))
    if rate is not None:
        return _CTX.multiply(amount, rate).quantize(CENT, context=_CTX)
    inverse = rates.get(("EUR", currency))
    if inverse is None:
        return None
    return _CTX.divide(amount, inverse).quantize(CENT, context=_CTX)


class Verdict(NamedTuple):
    """What an engine said: eligible or not, and the failing clauses (None: it cannot list)."""

    eligible: bool
    failing: frozenset[str] | None


def listed(failing: list[str]) -> Verdict:
    return Verdict(not set(failing) - WARNINGS, frozenset(failing))


# ---------------------------------------------------------------------------------------------
# 1. Hand-written Python over the decoded dict (json.loads output): no validation at all


def _dict_total_eur(app: dict[str, Any]) -> Decimal | None:
    rates = {(r["base"], r["quote"]): Decimal(r["rate"]) for r in app.get("exchange_rates", ())}
    total = Decimal(0)
    for line in app.get("budget", {}).get("lines", ()):
        money = line["amount"]
        eur = to_eur(Decimal(money["amount"]), money["currency"], rates)
        if eur is None:
            return None
        total += eur
    return total


def _dict_documents_ok(app: dict[str, Any]) -> bool:
    has_project = False
    cv_owners = set()
    for doc in app.get("documents", ()):
        kind = doc["kind"]
        if kind == "project_description":
            has_project = True
            if doc["pages"] > PROJECT_PAGES:
                return False
        elif kind == "cv":
            if doc["pages"] > CV_PAGES:
                return False
            cv_owners.add(doc.get("owner"))
    return has_project and all(v["id"] in cv_owners for v in app["visitors"])


def hand_dict_all(app: dict[str, Any]) -> list[str]:
    """Every failing clause, in the call's order (the warning last)."""
    failed = []
    submitted = datetime.fromisoformat(app["submitted_at"])
    if submitted < OPENING:
        failed.append("opening")
    if submitted > DEADLINE:
        failed.append("deadline")
    visitors = app["visitors"]
    for v in visitors:
        if v["institution"]["location"]["country"] not in ORIGINS:
            failed.append("country")
            break
    host = app["host"]
    unit = host["unit"]
    if unit["location"]["country"] not in DESTINATIONS:
        failed.append("destination")
    if AFFILIATION not in unit.get("affiliations", ()):
        failed.append("host-unit")
    if (app["submitter"]["email"].casefold() != host["person"]["email"].casefold()
            or host["status"] not in HOST_STATUSES or host["role"] not in HOST_ROLES):
        failed.append("host")
    for a in app.get("approvals", ()):
        if a["kind"] == DIRECTOR_APPROVAL:
            break
    else:
        failed.append("director-approval")
    for v in visitors:
        if v["category"] not in TECHNICAL:
            failed.append("technical-staff")
            break
    stays = [(date.fromisoformat(v["stay"]["arrival"]), date.fromisoformat(v["stay"]["departure"]))
             for v in visitors]
    for arrival, departure in stays:
        if not 0 <= (departure - arrival).days <= MAX_NIGHTS:
            failed.append("duration")
            break
    for arrival, departure in stays:
        if arrival.year != FUNDING_YEAR or departure.year != FUNDING_YEAR:
            failed.append("funding-year")
            break
    total = _dict_total_eur(app)
    if total is None or total > CAP:
        failed.append("budget-cap")
    ids = {v["id"] for v in visitors}
    for line in app.get("budget", {}).get("lines", ()):
        if line["category"] not in COSTS or line.get("beneficiary") not in ids:
            failed.append("budget-costs")
            break
    if not _dict_documents_ok(app):
        failed.append("documents")
    if app["language"] not in LANGUAGES:
        failed.append("language")
    for arrival, _ in stays:
        if arrival < RESULTS:
            failed.append("stay-before-results")  # a warning
            break
    return failed


def hand_dict_eligible(app: dict[str, Any]) -> bool:
    """Eligible or not: stops at the first failing clause (the warning is not looked at)."""
    submitted = datetime.fromisoformat(app["submitted_at"])
    if submitted < OPENING or submitted > DEADLINE:
        return False
    visitors = app["visitors"]
    for v in visitors:
        if v["institution"]["location"]["country"] not in ORIGINS:
            return False
    host = app["host"]
    unit = host["unit"]
    if (unit["location"]["country"] not in DESTINATIONS
            or AFFILIATION not in unit.get("affiliations", ())):
        return False
    if (app["submitter"]["email"].casefold() != host["person"]["email"].casefold()
            or host["status"] not in HOST_STATUSES or host["role"] not in HOST_ROLES):
        return False
    for a in app.get("approvals", ()):
        if a["kind"] == DIRECTOR_APPROVAL:
            break
    else:
        return False
    for v in visitors:
        if v["category"] not in TECHNICAL:
            return False
        stay = v["stay"]
        arrival = date.fromisoformat(stay["arrival"])
        departure = date.fromisoformat(stay["departure"])
        if not 0 <= (departure - arrival).days <= MAX_NIGHTS:
            return False
        if arrival.year != FUNDING_YEAR or departure.year != FUNDING_YEAR:
            return False
    total = _dict_total_eur(app)
    if total is None or total > CAP:
        return False
    ids = {v["id"] for v in visitors}
    for line in app.get("budget", {}).get("lines", ()):
        if line["category"] not in COSTS or line.get("beneficiary") not in ids:
            return False
    return _dict_documents_ok(app) and app["language"] in LANGUAGES


# ---------------------------------------------------------------------------------------------
# 2. pydantic v2: the model a user would write for this call, then hand-written rules over it

Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Email = Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Person(_Model):
    given_name: Name
    family_name: Name
    email: Email


class Location(_Model):
    country: Country
    subdivision: str | None = None
    city: str | None = None


class Unit(_Model):
    code: str
    name: str
    kind: str | None = None
    affiliations: list[str] = []
    location: Location


class Host(_Model):
    person: Person
    role: str
    status: str
    unit: Unit


class Institution(_Model):
    name: str
    location: Location


class Stay(_Model):
    arrival: date
    departure: date


class Visitor(_Model):
    id: str
    person: Person
    category: str
    institution: Institution
    stay: Stay


class Document(_Model):
    kind: str
    owner: str | None = None
    pages: int = Field(ge=0)
    title: str | None = None


class Approval(_Model):
    kind: str
    by: Person | None = None
    on: date | None = None


class Money(_Model):
    amount: Decimal = Field(ge=0)
    currency: Currency


class BudgetLine(_Model):
    category: str
    beneficiary: str | None = None
    amount: Money
    label: str | None = None


class Budget(_Model):
    lines: list[BudgetLine] = []


class ExchangeRate(_Model):
    base: Currency
    quote: Currency
    rate: Decimal = Field(gt=0)


class UserApplication(_Model):
    id: str
    call: str | None = None
    submitted_at: AwareDatetime
    language: str
    submitter: Person
    host: Host
    visitors: list[Visitor] = Field(min_length=1)
    documents: list[Document] = []
    approvals: list[Approval] = []
    budget: Budget = Budget()
    exchange_rates: list[ExchangeRate] = []


def _total_eur(app: UserApplication) -> Decimal | None:
    rates = {(r.base, r.quote): r.rate for r in app.exchange_rates}
    total = Decimal(0)
    for line in app.budget.lines:
        eur = to_eur(line.amount.amount, line.amount.currency, rates)
        if eur is None:
            return None
        total += eur
    return total


def _documents_ok(app: UserApplication) -> bool:
    has_project = False
    cv_owners = set()
    for doc in app.documents:
        kind = doc.kind
        if kind == "project_description":
            has_project = True
            if doc.pages > PROJECT_PAGES:
                return False
        elif kind == "cv":
            if doc.pages > CV_PAGES:
                return False
            cv_owners.add(doc.owner)
    return has_project and all(v.id in cv_owners for v in app.visitors)


def hand_all(app: UserApplication) -> list[str]:
    """Every failing clause of a validated application, in the call's order."""
    failed = []
    submitted = app.submitted_at
    if submitted < OPENING:
        failed.append("opening")
    if submitted > DEADLINE:
        failed.append("deadline")
    visitors = app.visitors
    for v in visitors:
        if v.institution.location.country not in ORIGINS:
            failed.append("country")
            break
    host = app.host
    unit = host.unit
    if unit.location.country not in DESTINATIONS:
        failed.append("destination")
    if AFFILIATION not in unit.affiliations:
        failed.append("host-unit")
    if (app.submitter.email.casefold() != host.person.email.casefold()
            or host.status not in HOST_STATUSES or host.role not in HOST_ROLES):
        failed.append("host")
    for a in app.approvals:
        if a.kind == DIRECTOR_APPROVAL:
            break
    else:
        failed.append("director-approval")
    for v in visitors:
        if v.category not in TECHNICAL:
            failed.append("technical-staff")
            break
    for v in visitors:
        if not 0 <= (v.stay.departure - v.stay.arrival).days <= MAX_NIGHTS:
            failed.append("duration")
            break
    for v in visitors:
        if v.stay.arrival.year != FUNDING_YEAR or v.stay.departure.year != FUNDING_YEAR:
            failed.append("funding-year")
            break
    total = _total_eur(app)
    if total is None or total > CAP:
        failed.append("budget-cap")
    ids = {v.id for v in visitors}
    for line in app.budget.lines:
        if line.category not in COSTS or line.beneficiary not in ids:
            failed.append("budget-costs")
            break
    if not _documents_ok(app):
        failed.append("documents")
    if app.language not in LANGUAGES:
        failed.append("language")
    for v in visitors:
        if v.stay.arrival < RESULTS:
            failed.append("stay-before-results")  # a warning
            break
    return failed


def pydantic_hand(app: dict[str, Any]) -> list[str]:
    return hand_all(UserApplication.model_validate(app))


def pydantic_json_hand(text: str) -> list[str]:
    return hand_all(UserApplication.model_validate_json(text))


# ---------------------------------------------------------------------------------------------
# 3. JSON Logic (panzi-json-logic), its standard operations
#
# Done outside the engine, in jsonlogic_facts, because JSON Logic cannot:
# - money: its numbers are floats, and it cannot round; each line is converted to EUR with
#   Decimal (rounded to the cent) and given as whole cents (an int, which it adds exactly),
#   None when a rate is missing;
# - instants with offsets: the submission instant is given as whole microseconds since the
#   epoch (an int; panzi's parseTime extra exists, but works through float milliseconds);
# - date arithmetic: each visitor's nights (departure - arrival, in days) are given;
# - case-insensitive equality: there is no lower/casefold operator; the two e-mail addresses
#   are given case-folded;
# - reach outside the current item: all/some/none/filter/map rebind the data to the item, with
#   no way back to the enclosing application; each visitor is given the application's
#   documents, and each budget line the visitors' ids.
# In the engine: every comparison, membership, count, filter and sum; calendar years and the
# results date are compared as ISO date strings. JSON Logic's "all" is false on an empty list,
# so "every item satisfies" is written as "none fails".

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_US = timedelta(microseconds=1)


def _var(path: str) -> dict[str, Any]:
    return {"var": path}


def _every(items: dict[str, Any], condition: dict[str, Any]) -> dict[str, Any]:
    return {"none": [items, {"!": condition}]}


def _kind(kind: str) -> dict[str, Any]:
    return {"==": [_var("kind"), kind]}


JSONLOGIC_RULES: dict[str, Any] = {
    "opening": {">=": [_var("submitted_at_us"), (OPENING - EPOCH) // ONE_US]},
    "deadline": {"<=": [_var("submitted_at_us"), (DEADLINE - EPOCH) // ONE_US]},
    "country": _every(_var("visitors"), {"and": [
        {"in": [_var("institution.location.country"), sorted(REGION_005)]},
        {"!": {"in": [_var("institution.location.country"), sorted(EXCLUDED_ORIGINS)]}}]}),
    "destination": {"in": [_var("host.unit.location.country"), sorted(DESTINATIONS)]},
    "host-unit": {"in": [AFFILIATION, _var("host.unit.affiliations")]},
    "host": {"and": [
        {"==": [_var("submitter_email_casefolded"), _var("host_email_casefolded")]},
        {"in": [_var("host.status"), sorted(HOST_STATUSES)]},
        {"in": [_var("host.role"), sorted(HOST_ROLES)]}]},
    "director-approval": {"some": [_var("approvals"), _kind(DIRECTOR_APPROVAL)]},
    "technical-staff": _every(_var("visitors"), {"in": [_var("category"), sorted(TECHNICAL)]}),
    "duration": _every(_var("visitors"), {"<=": [0, _var("nights"), MAX_NIGHTS]}),
    "funding-year": _every(_var("visitors"), {"and": [
        {"<=": ["2026-01-01", _var("stay.arrival"), "2026-12-31"]},
        {"<=": ["2026-01-01", _var("stay.departure"), "2026-12-31"]}]}),
    "budget-cap": {"and": [
        {"none": [_var("budget.lines"), {"===": [_var("eur_cents"), None]}]},
        {"<=": [{"reduce": [_var("budget.lines"),
                            {"+": [_var("accumulator"), _var("current.eur_cents")]}, 0]},
                int(CAP * 100)]}]},
    "budget-costs": _every(_var("budget.lines"), {"and": [
        {"in": [_var("category"), sorted(COSTS)]},
        {"in": [_var("beneficiary"), _var("visitor_ids")]}]}),
    "documents": {"and": [
        {"some": [_var("documents"), _kind("project_description")]},
        {"none": [_var("documents"), {"and": [_kind("project_description"),
                                              {">": [_var("pages"), PROJECT_PAGES]}]}]},
        _every(_var("visitors"), {"in": [_var("id"), {"map": [
            {"filter": [_var("documents"), _kind("cv")]}, _var("owner")]}]}),
        {"none": [_var("documents"), {"and": [_kind("cv"), {">": [_var("pages"), CV_PAGES]}]}]},
    ]},
    "language": {"in": [_var("language"), sorted(LANGUAGES)]},
    "stay-before-results": _every(_var("visitors"), {">=": [_var("stay.arrival"),
                                                            RESULTS.isoformat()]}),
}


def _cents(eur: Decimal) -> int:
    cents = eur.scaleb(2)
    whole = int(cents)
    if whole != cents:
        raise ValueError(f"an amount below the cent: {eur}")
    return whole


def _nights(stay: dict[str, str]) -> int:
    return (date.fromisoformat(stay["departure"]) - date.fromisoformat(stay["arrival"])).days


def jsonlogic_facts(app: dict[str, Any]) -> dict[str, Any]:
    """The decoded application, with what JSON Logic cannot compute itself (see above)."""
    rates = {(r["base"], r["quote"]): Decimal(r["rate"]) for r in app.get("exchange_rates", ())}
    visitors = app["visitors"]
    documents = app.get("documents", [])
    ids = [v["id"] for v in visitors]
    lines = []
    for line in app.get("budget", {}).get("lines", ()):
        money = line["amount"]
        eur = to_eur(Decimal(money["amount"]), money["currency"], rates)
        lines.append({**line, "eur_cents": None if eur is None else _cents(eur),
                      "visitor_ids": ids})
    return {**app,
            "submitted_at_us": (datetime.fromisoformat(app["submitted_at"]) - EPOCH) // ONE_US,
            "submitter_email_casefolded": app["submitter"]["email"].casefold(),
            "host_email_casefolded": app["host"]["person"]["email"].casefold(),
            "visitors": [{**v, "documents": documents, "nights": _nights(v["stay"])}
                         for v in visitors],
            "budget": {"lines": lines}}


def jsonlogic_failing(app: dict[str, Any]) -> list[str]:
    facts = jsonlogic_facts(app)
    return [clause for clause, logic in JSONLOGIC_RULES.items()
            if not to_bool(jsonLogic(logic, facts))]


# ---------------------------------------------------------------------------------------------
# 4. business-rules (venmo): variables are Python methods, rules are JSON conditions on them
#
# The engine compares one variable with a constant (numbers, strings, booleans, select lists);
# it has no lists of objects, dates, money or references between fields. So the variables do in
# Python: parse instants (as POSIX seconds) and dates (nights, years, ordinals), convert and add
# the budget (Decimal), compare the two e-mail addresses (its case-insensitive equality takes a
# constant), check that beneficiaries are visitors and that each visitor has a CV (references
# between fields; its select operators also ignore case, which "V1" vs "v1" must not), and
# count and take maxima. Each rule holds when its conditions do; its action records the clause
# as satisfied, and the failing clauses are the others (there is no "else" action).


class CnrsVariables(BaseVariables):  # type: ignore[misc]
    def __init__(self, app: dict[str, Any]) -> None:
        self.app = app
        self._stays: list[tuple[date, date]] | None = None
        self._budget: Decimal | None = None
        self._budget_done = False

    def _stay_dates(self) -> list[tuple[date, date]]:
        if self._stays is None:
            self._stays = [(date.fromisoformat(v["stay"]["arrival"]),
                            date.fromisoformat(v["stay"]["departure"]))
                           for v in self.app["visitors"]]
        return self._stays

    def _total(self) -> Decimal | None:
        if not self._budget_done:
            self._budget = _dict_total_eur(self.app)
            self._budget_done = True
        return self._budget

    @numeric_rule_variable  # type: ignore[misc]
    def submitted_at(self) -> float:
        return datetime.fromisoformat(self.app["submitted_at"]).timestamp()

    @select_multiple_rule_variable()  # type: ignore[misc]
    def visitor_countries(self) -> list[str]:
        return [v["institution"]["location"]["country"] for v in self.app["visitors"]]

    @select_multiple_rule_variable()  # type: ignore[misc]
    def host_country(self) -> list[str]:
        return [self.app["host"]["unit"]["location"]["country"]]

    @select_rule_variable()  # type: ignore[misc]
    def host_affiliations(self) -> list[str]:
        affiliations: list[str] = self.app["host"]["unit"].get("affiliations", [])
        return affiliations

    @boolean_rule_variable  # type: ignore[misc]
    def submitter_is_host(self) -> bool:
        return bool(self.app["submitter"]["email"].casefold()
                    == self.app["host"]["person"]["email"].casefold())

    @select_multiple_rule_variable()  # type: ignore[misc]
    def host_status(self) -> list[str]:
        return [self.app["host"]["status"]]

    @select_multiple_rule_variable()  # type: ignore[misc]
    def host_role(self) -> list[str]:
        return [self.app["host"]["role"]]

    @select_rule_variable()  # type: ignore[misc]
    def approval_kinds(self) -> list[str]:
        return [a["kind"] for a in self.app.get("approvals", ())]

    @select_multiple_rule_variable()  # type: ignore[misc]
    def visitor_categories(self) -> list[str]:
        return [v["category"] for v in self.app["visitors"]]

    @numeric_rule_variable  # type: ignore[misc]
    def shortest_stay_nights(self) -> int:
        return min((dep - arr).days for arr, dep in self._stay_dates())

    @numeric_rule_variable  # type: ignore[misc]
    def longest_stay_nights(self) -> int:
        return max((dep - arr).days for arr, dep in self._stay_dates())

    @select_multiple_rule_variable()  # type: ignore[misc]
    def stay_years(self) -> list[int]:
        return sorted({d.year for pair in self._stay_dates() for d in pair})

    @boolean_rule_variable  # type: ignore[misc]
    def budget_rates_complete(self) -> bool:
        return self._total() is not None

    @numeric_rule_variable  # type: ignore[misc]
    def budget_total_eur(self) -> Decimal:
        total = self._total()
        assert total is not None  # the rule asks budget_rates_complete first
        return total

    @select_multiple_rule_variable()  # type: ignore[misc]
    def budget_categories(self) -> list[str]:
        return [line["category"] for line in self.app.get("budget", {}).get("lines", ())]

    @boolean_rule_variable  # type: ignore[misc]
    def budget_beneficiaries_are_visitors(self) -> bool:
        ids = {v["id"] for v in self.app["visitors"]}
        return all(line.get("beneficiary") in ids
                   for line in self.app.get("budget", {}).get("lines", ()))

    @numeric_rule_variable  # type: ignore[misc]
    def project_descriptions(self) -> int:
        return sum(1 for d in self.app.get("documents", ()) if d["kind"] == "project_description")

    @numeric_rule_variable  # type: ignore[misc]
    def longest_project_description(self) -> int:
        return max((d["pages"] for d in self.app.get("documents", ())
                    if d["kind"] == "project_description"), default=0)

    @numeric_rule_variable  # type: ignore[misc]
    def visitors_without_cv(self) -> int:
        owners = {d.get("owner") for d in self.app.get("documents", ()) if d["kind"] == "cv"}
        return sum(1 for v in self.app["visitors"] if v["id"] not in owners)

    @numeric_rule_variable  # type: ignore[misc]
    def longest_cv(self) -> int:
        return max((d["pages"] for d in self.app.get("documents", ()) if d["kind"] == "cv"),
                   default=0)

    @select_multiple_rule_variable()  # type: ignore[misc]
    def language(self) -> list[str]:
        return [self.app["language"]]

    @numeric_rule_variable  # type: ignore[misc]
    def earliest_arrival(self) -> int:
        return min(arr for arr, _ in self._stay_dates()).toordinal()


class Satisfied(BaseActions):  # type: ignore[misc]
    def __init__(self) -> None:
        self.clauses: set[str] = set()

    @rule_action(params={"clause": FIELD_TEXT})  # type: ignore[misc]
    def satisfied(self, clause: str) -> None:
        self.clauses.add(clause)


def _holds(clause: str, *conditions: dict[str, Any]) -> dict[str, Any]:
    return {"conditions": {"all": list(conditions)},
            "actions": [{"name": "satisfied", "params": {"clause": clause}}]}


def _is(name: str, operator: str, value: Any = None) -> dict[str, Any]:
    return {"name": name, "operator": operator, "value": value}


BUSINESS_RULES: list[dict[str, Any]] = [
    _holds("opening", _is("submitted_at", "greater_than_or_equal_to", OPENING.timestamp())),
    _holds("deadline", _is("submitted_at", "less_than_or_equal_to", DEADLINE.timestamp())),
    _holds("country", _is("visitor_countries", "is_contained_by", sorted(REGION_005)),
           _is("visitor_countries", "shares_no_elements_with", sorted(EXCLUDED_ORIGINS))),
    _holds("destination", _is("host_country", "is_contained_by", sorted(DESTINATIONS))),
    _holds("host-unit", _is("host_affiliations", "contains", AFFILIATION)),
    _holds("host", _is("submitter_is_host", "is_true"),
           _is("host_status", "is_contained_by", sorted(HOST_STATUSES)),
           _is("host_role", "is_contained_by", sorted(HOST_ROLES))),
    _holds("director-approval", _is("approval_kinds", "contains", DIRECTOR_APPROVAL)),
    _holds("technical-staff", _is("visitor_categories", "is_contained_by", sorted(TECHNICAL))),
    _holds("duration", _is("shortest_stay_nights", "greater_than_or_equal_to", 0),
           _is("longest_stay_nights", "less_than_or_equal_to", MAX_NIGHTS)),
    _holds("funding-year", _is("stay_years", "is_contained_by", [FUNDING_YEAR])),
    _holds("budget-cap", _is("budget_rates_complete", "is_true"),
           _is("budget_total_eur", "less_than_or_equal_to", float(CAP))),
    _holds("budget-costs", _is("budget_categories", "is_contained_by", sorted(COSTS)),
           _is("budget_beneficiaries_are_visitors", "is_true")),
    _holds("documents", _is("project_descriptions", "greater_than_or_equal_to", 1),
           _is("longest_project_description", "less_than_or_equal_to", PROJECT_PAGES),
           _is("visitors_without_cv", "equal_to", 0),
           _is("longest_cv", "less_than_or_equal_to", CV_PAGES)),
    _holds("language", _is("language", "is_contained_by", sorted(LANGUAGES))),
    _holds("stay-before-results",
           _is("earliest_arrival", "greater_than_or_equal_to", RESULTS.toordinal())),
]


def business_rules_failing(app: dict[str, Any]) -> list[str]:
    outcome = Satisfied()
    run_all(BUSINESS_RULES, CnrsVariables(app), outcome)
    return [clause for clause in CLAUSES if clause not in outcome.clauses]


# ---------------------------------------------------------------------------------------------
# The roster


class Engine(NamedTuple):
    """One contestant: what it reads, the function timed, and how to read its answer (None: it
    gives no verdict, it is timed for information only). It reads ``dict`` (``json.loads``
    output), ``text`` (a JSON line), ``model`` (a callrules ``Application``, already validated)
    or ``user model`` (a :class:`UserApplication`, already validated)."""

    name: str
    reads: str
    run: Callable[[Any], Any]
    verdict: Callable[[Any], Verdict] | None


def _report_verdict(report: Any) -> Verdict:
    return Verdict(bool(report.eligible), frozenset(f.clause for f in report.findings))


def roster(call: Any) -> list[Engine]:
    """Every engine, callrules through its public API only, all at the same instant NOW."""
    evaluate = callrules.evaluate
    now = NOW
    return [
        Engine("hand-written, verdict only", "dict", hand_dict_eligible,
               lambda ok: Verdict(ok, None)),
        Engine("hand-written, every failure", "dict", hand_dict_all, listed),
        Engine("hand-written, every failure, validated", "user model", hand_all, listed),
        Engine("pydantic + hand-written", "dict", pydantic_hand, listed),
        Engine("pydantic from JSON text + hand", "text", pydantic_json_hand, listed),
        Engine("JSON Logic (panzi-json-logic)", "dict", jsonlogic_failing, listed),
        Engine("business-rules (venmo)", "dict", business_rules_failing, listed),
        Engine("callrules, validated apps", "model",
               lambda app: evaluate(call, app, now=now), _report_verdict),
        Engine("callrules, end to end (dict)", "dict",
               lambda app: evaluate(call, app, now=now), _report_verdict),
        Engine("callrules, from JSON text", "text",
               lambda text: evaluate(call, text, now=now), _report_verdict),
        Engine("pydantic validation alone", "dict", UserApplication.model_validate, None),
        Engine("callrules parse_application alone", "dict", callrules.parse_application, None),
    ]


#: The engine every other one is checked against (the clauses read from CLAUSES.md, by hand).
REFERENCE = "hand-written, every failure"
PEERS = ("JSON Logic (panzi-json-logic)", "business-rules (venmo)")
