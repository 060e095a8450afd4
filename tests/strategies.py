"""Hypothesis strategies for callrules: applications and call files.

``cnrs_applications`` varies the eligible example application of the CNRS call. ``call_files``
builds call files from the grammar of the rule language (docs/reference/rule-language.md,
``callrules._definitions``): random rule trees over real paths of the application model, with
parameters, milestones, dated histories, messages and recurrence, each operand of the kind
its field needs (and sometimes not, so that refusals are exercised too).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from tests.conftest import eligible_dict

PARIS = ZoneInfo("Europe/Paris")
CNRS_DEADLINE = datetime(2026, 6, 1, 17, 0, tzinfo=PARIS)

# -- applications ----------------------------------------------------------------------------
COUNTRIES = ["BR", "CL", "AR", "GF", "FR", "MX", "PT", "UY", "FK"]
CATEGORIES = ["technician", "engineer", "technical_staff", "researcher", "doctoral_student"]
ZONES = ["Europe/Paris", "UTC", "America/Santiago", "America/Sao_Paulo", "Asia/Tokyo"]
EMAILS = ["claire.morel@ipgp.fr", "CLAIRE.MOREL@IPGP.FR", "secretariat@ipgp.fr"]
AMOUNTS = st.one_of(st.decimals(0, 2500, places=2).map(lambda amount: f"{amount:f}"),
                    st.sampled_from(["1550.00", "1550.01", "2000", "3100.00"]))
ANSWERS = st.dictionaries(st.sampled_from(["stage", "award", "years"]),
                          st.one_of(st.none(), st.booleans(), st.integers(-3, 3),
                                    st.sampled_from(["postdoc", "senior", "", "1"])),
                          max_size=3)


@st.composite
def cnrs_applications(draw: st.DrawFn) -> dict[str, Any]:
    """Variations of examples/eligible.json: countries, categories, dates, amounts, pages…"""
    app = eligible_dict()
    for visitor in app["visitors"]:
        visitor["institution"]["location"] = {"country": draw(st.sampled_from(COUNTRIES))}
        visitor["category"] = draw(st.sampled_from(CATEGORIES))
        arrival = draw(st.one_of(st.dates(date(2026, 1, 1), date(2026, 12, 24)),
                                 st.dates(date(2025, 12, 20), date(2027, 1, 10))))
        length = draw(st.integers(min_value=-2, max_value=10))
        visitor["stay"] = {"arrival": arrival.isoformat(),
                           "departure": (arrival + timedelta(days=length)).isoformat()}
    offset = draw(st.integers(min_value=-45 * 86_400_000, max_value=86_400_000))
    zone = ZoneInfo(draw(st.sampled_from(ZONES)))
    app["submitted_at"] = (CNRS_DEADLINE + timedelta(milliseconds=offset)).astimezone(
        zone).isoformat()
    app["submitter"]["email"] = draw(st.sampled_from(EMAILS))
    app["host"]["status"] = draw(st.sampled_from(["permanent", "contract"]))
    app["language"] = draw(st.sampled_from(["fr", "en", "es"]))
    if draw(st.booleans()):
        del app["host"]["unit"]["kind"]
    app["approvals"] = [{"kind": k} for k in draw(st.lists(
        st.just("unit_director"), max_size=2))]
    documents = []
    for document in app["documents"]:
        if draw(st.integers(min_value=0, max_value=4)):
            documents.append({**document, "pages": draw(st.integers(0, 6))})
    app["documents"] = documents
    app["budget"]["lines"] = [
        {"category": draw(st.sampled_from(["transport", "lodging", "visa", "meals"])),
         "beneficiary": draw(st.sampled_from(["v1", "v2", "host"])),
         "amount": {"amount": draw(AMOUNTS),
                    "currency": draw(st.sampled_from(["EUR", "EUR", "BRL", "USD"]))}}
        for _ in range(draw(st.integers(min_value=0, max_value=4)))]
    app["exchange_rates"] = draw(st.sampled_from([
        [], [{"base": "BRL", "quote": "EUR", "rate": "0.16"}],
        [{"base": "EUR", "quote": "BRL", "rate": "6.25"},
         {"base": "USD", "quote": "EUR", "rate": "0.92"}]]))
    app["answers"] = draw(ANSWERS)
    return app


# -- call files ------------------------------------------------------------------------------
#: The fields of each scope of the application model, by kind: "str", "int", "date",
#: "datetime", "money", "any" (an answer), and the lists of text ("strs") and of items
#: ("list": the scope of their items).
SCOPES: dict[str, dict[str, list[str]]] = {
    "root": {
        "str": ["id", "language", "submitter.email", "host.status", "host.role",
                "host.unit.kind", "host.unit.code", "host.person.email",
                "host.unit.location.country", "call"],
        "datetime": ["submitted_at"],
        "any": ["answers.stage", "answers.award", "answers.years"],
        "strs": ["approvals.kind", "documents.kind", "host.unit.affiliations",
                 "visitors.category"],
        "list": ["visitors", "documents", "approvals", "budget.lines"],
    },
    "visitors": {"str": ["id", "category", "institution.location.country", "person.email"],
                 "date": ["stay.arrival", "stay.departure"]},
    "documents": {"str": ["kind", "owner"], "int": ["pages"]},
    "approvals": {"str": ["kind"], "date": ["on"]},
    "budget.lines": {"str": ["category", "beneficiary"], "money": ["amount"]},
}
WORDS = ["permanent", "contract", "technician", "cv", "unit_director", "BR", "FR", "fr", "",
         "postdoc", "EUR"]
#: The parameters of every generated call, by kind (their values are drawn).
PARAMETERS = {"cap": "money", "max_nights": "int", "year": "int", "statuses": "strs",
              "origin": "region", "title_word": "str", "threshold": "decimal"}
MILESTONES = ["opening", "deadline", "results"]

_CMPS = ["==", "!=", "<", "<=", ">", ">="]
_ORDERED = ["<", "<=", ">", ">="]


def _money(draw: st.DrawFn) -> dict[str, str]:
    amount = draw(st.sampled_from(["0.00", "1550.00", "3100.00", "3100.01", "99999.99"]))
    return {"amount": amount, "currency": draw(st.sampled_from(["EUR", "EUR", "BRL"]))}


def _literal(draw: st.DrawFn, kind: str) -> Any:
    """A literal of ``kind``: usually right, now and then of another kind (refused at load)."""
    if draw(st.integers(0, 19)) == 0:
        kind = draw(st.sampled_from(["str", "int", "date", "money", "any"]))
    if kind == "str":
        return draw(st.sampled_from(WORDS))
    if kind == "int":
        return draw(st.integers(-2, 20))
    if kind == "date":
        return draw(st.dates(date(2025, 1, 1), date(2027, 12, 31))).isoformat()
    if kind == "datetime":
        moment = draw(st.datetimes(datetime(2026, 1, 1), datetime(2026, 12, 31)))
        return moment.isoformat() + draw(st.sampled_from(["", "+02:00", "Z"]))
    if kind == "money":
        return _money(draw)
    if kind == "bool":
        return draw(st.booleans())
    return draw(st.one_of(st.sampled_from(WORDS), st.integers(-2, 3), st.booleans()))


def _param_for(draw: st.DrawFn, kind: str) -> dict[str, str] | None:
    """A ``{param}`` operand of ``kind``, if the call has one (now and then, any)."""
    wanted = {"money": ["cap"], "int": ["max_nights", "year"], "str": ["title_word"],
              "strs": ["statuses", "origin"]}.get(kind, [])
    if draw(st.integers(0, 9)) == 0:
        wanted = list(PARAMETERS)
    if not wanted or not draw(st.booleans()):
        return None
    return {"param": draw(st.sampled_from(wanted))}


Variables = tuple[tuple[str, str], ...]  # (prefix of a path, the scope it reads)


def _field(draw: st.DrawFn, variables: Variables, kind: str) -> str | None:
    """A path to a field of ``kind`` through one of ``variables`` (the current item is the
    prefix ""), or None when none has one."""
    found = [(prefix, path) for prefix, scope in variables
             for path in SCOPES[scope].get(kind, [])]
    if not found:
        return None
    prefix, path = draw(st.sampled_from(found))
    return prefix + path


def _leaf(draw: st.DrawFn, scope: str, variables: Variables = ()) -> dict[str, Any]:
    variables = (("", scope), *variables)
    kinds = [k for k in ("str", "int", "date", "datetime", "money", "any", "strs")
             if any(SCOPES[s].get(k) for _, s in variables)]
    kind = draw(st.sampled_from(kinds))
    path = _field(draw, variables, kind)
    assert path is not None
    choice = draw(st.integers(0, 5))
    if choice == 0:
        return {"op": "present", "path": path}
    if kind == "strs":
        node: dict[str, Any] = {"op": "contains", "path": path,
                                "value": _param_for(draw, "str") or _literal(draw, "str")}
        if draw(st.booleans()):
            node["case_insensitive"] = True
        return node
    if kind in ("str", "any") and choice in (1, 2):
        op = draw(st.sampled_from(["in", "not_in"]))
        item = kind if kind != "any" else draw(st.sampled_from(["str", "int", "bool"]))
        values = _param_for(draw, "strs") or [_literal(draw, item)
                                               for _ in range(draw(st.integers(0, 4)))]
        if draw(st.integers(0, 3)) == 0:  # another list of the application
            values = {"path": "$root." + draw(st.sampled_from(SCOPES["root"]["strs"]))}
        return {"op": op, "path": path, "set": values}
    if kind == "date" and choice == 3 and scope == "visitors" and not path.startswith("$"):
        node = {"op": "days", "start": "stay.arrival", "end": "stay.departure",
                "count": draw(st.sampled_from(["nights", "days", "months", "years"]))}
        for bound in draw(st.sampled_from([["min"], ["max"], ["min", "max"]])):
            node[bound] = _param_for(draw, "int") or draw(st.integers(-1, 400))
        return node
    if kind in ("date", "datetime") and choice == 4:
        return {"op": "within_year", "path": path,
                "year": _param_for(draw, "int") or draw(st.integers(2024, 2028))}
    if kind == "money" and choice == 4 and scope == "root":
        return {"op": "total", "path": "budget.lines", "of": "amount",
                "max": _param_for(draw, "money") or _money(draw)}
    ordered = kind in ("int", "date", "datetime", "money")
    cmp = draw(st.sampled_from(_CMPS if ordered or draw(st.integers(0, 9)) == 0 else _CMPS[:2]))
    if kind in ("date", "datetime") and draw(st.booleans()):
        to: Any = {"milestone": draw(st.sampled_from(MILESTONES))}
        for unit in draw(st.lists(st.sampled_from(["years", "months", "days"]), max_size=2,
                                  unique=True)):
            to[unit] = draw(st.integers(-30, 30))
        cmp = draw(st.sampled_from(_ORDERED))
    elif draw(st.integers(0, 4)) == 0 and (other := _field(draw, variables, kind if draw(
            st.integers(0, 2)) else draw(st.sampled_from(["str", "int", "date", "datetime",
                                                          "money", "any"])))):
        to = {"path": other}  # another field: usually of the same kind (now and then not)
    else:
        to = _param_for(draw, kind) or _literal(draw, kind)
    node = {"op": "compare", "path": path, "cmp": cmp, "to": to}
    if kind in ("str", "any") and draw(st.integers(0, 3)) == 0:
        node["case_insensitive"] = True
    return node


@st.composite
def rule_trees(draw: st.DrawFn, scope: str = "root", depth: int = 3,
               variables: Variables = (("$root.", "root"),)) -> dict[str, Any]:
    """A rule tree whose paths are fields of ``scope`` (the application, or a list's items)
    or of the items bound to ``variables`` (``$root`` always; ``as`` names inside)."""
    choice = draw(st.integers(0, 9)) if depth > 0 else 0
    if choice <= 3:
        return _leaf(draw, scope, variables)
    if choice in (4, 5):
        return {"op": draw(st.sampled_from(["all", "any"])),
                "rules": draw(st.lists(rule_trees(scope, depth - 1, variables), min_size=1,
                                       max_size=3))}
    if choice == 6:
        return {"op": "not", "rule": draw(rule_trees(scope, depth - 1, variables))}
    op = "each" if choice <= 7 else "exists"
    lists = [path for path in SCOPES[scope].get("list", [])]
    if op == "exists":  # exists may read any list of the application
        lists += ["$root." + path for path in SCOPES["root"]["list"]] if scope != "root" else []
    if not lists:
        return _leaf(draw, scope, variables)
    path = draw(st.sampled_from(lists))
    items = path.removeprefix("$root.")
    node: dict[str, Any] = {"op": op, "path": path}
    inner = variables
    if draw(st.booleans()):
        name = f"v{len(variables)}"
        node["as"] = name
        inner = (*variables, (f"${name}.", items))
    if op == "each":
        node["rule"] = draw(rule_trees(items, depth - 1, inner))
    if op == "exists" or draw(st.booleans()):
        node["where"] = draw(rule_trees(items, depth - 1, inner))
    if node["op"] == "exists" and draw(st.booleans()):
        node["requirement"] = {"fr": "une pièce", "en": "a document"}
    return node


def _parameter(draw: st.DrawFn, kind: str) -> Any:
    if kind == "money":
        return _money(draw)
    if kind == "int":
        return draw(st.integers(0, 2030))
    if kind == "strs":
        return draw(st.lists(st.sampled_from(WORDS[:8]), min_size=1, max_size=4))
    if kind == "region":
        return {"region": draw(st.sampled_from(["005", "419", "013"]))}
    if kind == "decimal":
        return {"decimal": draw(st.sampled_from(["0.5", "1", "2.25"]))}
    return draw(st.sampled_from(WORDS))


def _dated(draw: st.DrawFn, value: Any, again: Any) -> Any:
    """``value``, or now and then a history: ``value`` then ``again`` from a later instant."""
    if draw(st.integers(0, 3)) != 0:
        return value
    start = draw(st.datetimes(datetime(2026, 3, 1), datetime(2026, 8, 1)))
    entries = [{"from": "2026-01-01T00:00:00", "value": value},
               {"from": start.replace(microsecond=0).isoformat() + "+00:00", "value": again,
                "label": "amendment"}]
    return {"history": entries[: draw(st.integers(1, 2))]}


@st.composite
def call_files(draw: st.DrawFn) -> dict[str, Any]:
    """A call file (as a dict, the structure TOML or JSON gives): a timeline, parameters
    (some with a history), clauses, and 1 to 4 rules drawn from the grammar, some with the
    call's own messages, sometimes a recurrence."""
    opening = draw(st.datetimes(datetime(2025, 12, 1), datetime(2026, 4, 30)))
    deadline = opening + draw(st.timedeltas(timedelta(days=1), timedelta(days=120)))
    timeline: dict[str, Any] = {
        "opening": opening.replace(microsecond=0, second=0).isoformat() + "+00:00",
        "deadline": _dated(draw, deadline.replace(microsecond=0, second=0).isoformat()
                           + "+00:00", (deadline + timedelta(days=7)).date().isoformat()),
        "results": draw(st.sampled_from(["2026-10", "2026-11-15"])),
    }
    parameters = {}
    for name, kind in PARAMETERS.items():
        value, again = _parameter(draw, kind), _parameter(draw, kind)
        if kind == "money":  # a history keeps its currency (bad_history otherwise)
            again["currency"] = value["currency"]
        parameters[name] = _dated(draw, value, again)
    count = draw(st.integers(1, 4))
    rules = []
    for index in range(count):
        if index == 0 and draw(st.integers(0, 5)) == 0:
            check: dict[str, Any] = {"op": "unique", "path": draw(st.sampled_from(
                ["host.person.email", "submitter.email", "id"])), "order_by": "submitted_at"}
        else:
            check = draw(rule_trees())
        rule: dict[str, Any] = {"clause": f"c{index}", "check": check,
                                "severity": draw(st.sampled_from(["error", "warning"]))}
        if draw(st.integers(0, 3)) == 0:
            code = draw(st.sampled_from(["not_satisfied", "not_allowed", "too_late",
                                         "missing", "not_equal"]))
            rule["messages"] = {code: {
                "fr": draw(st.sampled_from(["%(value)s refusé", "non : %(limit)s %%",
                                            "%(nothing)s"])),
                "en": "refused: %(value)s"}}
        rules.append(rule)
    data: dict[str, Any] = {
        "id": f"generated-{opening.year}", "version": "1", "languages": ["fr", "en"],
        "title": {"fr": "Appel", "en": "Call"},
        "timezone": draw(st.sampled_from(["Europe/Paris", "UTC", "America/Santiago"])),
        "currency": "EUR", "timeline": timeline, "parameters": parameters,
        "clauses": [{"id": f"c{i}", "title": {"fr": "t", "en": "t"},
                     "text": {"fr": "t", "en": "t"}} for i in range(count)],
        "rules": rules,
    }
    if draw(st.integers(0, 4)) == 0:
        data["recurrence"] = {"count": 2, "id": "generated-{year}", "year_parameters": ["year"]}
    return data


# -- expressions -----------------------------------------------------------------------------
#: The parameters and milestones the expressions of :func:`expression_rules` may read.
EXPRESSION_PARAMETERS: dict[str, Any] = {
    "cap": {"amount": "3100.00", "currency": "EUR"}, "lead_days": 14, "back_years": -5,
    "career_years": 5, "share": {"decimal": "0.6"}, "subsistence": ["meals", "lodging"]}
EXPRESSION_TIMELINE: dict[str, Any] = {"deadline": "2026-06-01T17:00:00",
                                       "results": "2026-07-01"}
_FILTERS = [{"op": "in", "path": "category", "set": {"param": "subsistence"}},
            {"op": "not_in", "path": "category", "set": ["transport"]},
            {"op": "compare", "path": "amount", "cmp": ">", "to": {"param": "cap"}}]


def _offsets(draw: st.DrawFn) -> dict[str, Any]:
    """Offsets of a shift: signed, or under before / after; literal or parameters."""
    def amount(positive: bool) -> Any:
        if draw(st.booleans()):
            return {"param": draw(st.sampled_from(
                ["lead_days", "career_years"] if positive else
                ["lead_days", "career_years", "back_years"]))}
        return draw(st.integers(0 if positive else -40, 40))
    units = draw(st.lists(st.sampled_from(["years", "months", "days"]), min_size=1,
                          max_size=3, unique=True))
    how = draw(st.sampled_from(["signed", "before", "after"]))
    if how == "signed":
        return {unit: amount(False) for unit in units}
    return {how: {unit: amount(True) for unit in units}}


def _expression(draw: st.DrawFn, kind: str, scope: str, depth: int) -> Any:
    """An expression of ``kind`` (money, int, decimal, date) read from ``scope`` (``root``
    or ``visitors``)."""
    choice = draw(st.integers(0, 3 if depth > 0 else 1))
    if kind == "money":
        if choice == 0:
            return {"param": "cap"}
        if choice == 1:
            node: dict[str, Any] = {"sum": "budget.lines", "of": "amount"}
            if draw(st.booleans()):
                node["where"] = draw(st.sampled_from(_FILTERS))
            return node
        if choice == 2:
            return {"times": [_expression(draw, "money", scope, depth - 1),
                              draw(st.sampled_from([{"percent": 25}, {"decimal": "0.5"},
                                                    {"param": "share"}, 2]))]}
        return {draw(st.sampled_from(["plus", "minus"])): [
            _expression(draw, "money", scope, depth - 1),
            _expression(draw, "money", scope, depth - 1)]}
    if kind == "int":
        if choice == 0:
            return {"param": "lead_days"}
        if choice == 1 and scope == "root":
            node = {"count": "budget.lines"}
            if draw(st.booleans()):
                node["where"] = draw(st.sampled_from(_FILTERS))
            return node
        if choice in (1, 2) and scope == "visitors":
            return {draw(st.sampled_from(["days_between", "months_between", "years_between"])):
                    [_expression(draw, "date", scope, depth - 1),
                     _expression(draw, "date", scope, depth - 1)]}
        return {"plus": [_expression(draw, "int", scope, depth - 1),
                         draw(st.integers(0, 9))]}
    if kind == "decimal":
        if choice in (0, 1):
            return draw(st.sampled_from([{"percent": 60}, {"decimal": "0.25"},
                                         {"param": "share"}]))
        return {"ratio": [_expression(draw, "money", scope, depth - 1),
                          _expression(draw, "money", scope, depth - 1)]}
    # date
    base: Any = ({"milestone": draw(st.sampled_from(["results", "deadline"]))}
                 if scope == "root" or choice == 0 else
                 {"path": draw(st.sampled_from(["stay.arrival", "stay.departure"]))})
    if choice >= 2 and "path" in base:
        return {"shift": base, **_offsets(draw)}
    if choice >= 1 and "milestone" in base:
        return {**base, **_offsets(draw)}
    return base


@st.composite
def expression_rules(draw: st.DrawFn) -> dict[str, Any]:
    """A ``compare`` with an expression on one side or both (inside ``each visitors`` for
    dates of a stay), for a call with :data:`EXPRESSION_PARAMETERS` and
    :data:`EXPRESSION_TIMELINE`; every one of them loads."""
    kind = draw(st.sampled_from(["money", "int", "decimal", "date"]))
    scope = "visitors" if kind == "date" or (kind == "int" and draw(st.booleans())) else "root"
    cmp = draw(st.sampled_from(["<", "<=", ">", ">="] + (["==", "!="] if kind != "date"
                                                         else [])))
    if kind == "date":
        left: Any = {"path": draw(st.sampled_from(["stay.arrival", "stay.departure"]))}
        if draw(st.booleans()):
            left = {"shift": left, **_offsets(draw)}
    else:
        left = _expression(draw, kind, scope, 2)
    rule: dict[str, Any] = {"op": "compare", "cmp": cmp, "to": _expression(draw, kind,
                                                                           scope, 2)}
    if set(left) == {"path"}:
        rule["path"] = left["path"]
    else:
        rule["left"] = left
    if scope == "visitors":
        return {"op": "each", "path": "visitors", "rule": rule}
    return rule
