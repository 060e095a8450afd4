#!/usr/bin/env python
"""Benchmarks of callrules against the bundled CNRS call (not part of the test suite).

Run from the repository root::

    python benchmarks/bench.py                  # full run: N = 20,000, stream target 1,000,000
    python benchmarks/bench.py --n 2000 --stream 10000          # quick run
    python benchmarks/bench.py --profile        # also: cProfile of the rules-only loop

Only the standard library measures: ``time.perf_counter``, ``resource`` (peak RSS of child
processes), ``tracemalloc`` (bytes kept per application), ``subprocess`` and ``cProfile``.

What is measured (each figure is printed beside its target):

1. rules only: the library's own loop over compiled checks (``callrules._evaluate._findings``)
   on already-validated ``callrules.Application`` models; also the public
   ``callrules.evaluate(call, app)`` on the same models.
2. end to end: a JSON line (``str``) -> ``callrules.parse_application`` -> ``evaluate`` ->
   ``Report``.
3. a hand-written Python function of the same CNRS rules (every clause but ``one-per-host``,
   which needs a batch), listing every failing clause, and a variant that stops at the first;
   "pydantic validation + hand-written rules" end to end. The failing clauses of every
   application are compared between the library and the hand-written function: the number of
   disagreements must be 0.
4. ``import callrules`` cold time, and the wall time of ``callrules check cnrs-amsud-2026
   examples/eligible.json``.
5. peak RSS of a child process streaming N applications (JSON lines from a lazy generator)
   through ``callrules.evaluate_many`` (and ``callrules.evaluate_stream`` where it exists).

The synthetic batch is deterministic: ``random.Random(2026)``; see :func:`applications`.
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Context, Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
#: What a program does first: import, then reach the engine (``import callrules`` alone may
#: load its parts lazily, on first use).
FIRST_USE = "import callrules; callrules.evaluate; callrules.calls; callrules.Application"
SEED = 2026
CALL_ID = "cnrs-amsud-2026"

# ---------------------------------------------------------------------------------------------
# The synthetic batch

PARIS = ZoneInfo("Europe/Paris")
ZONES = {
    "America/Sao_Paulo": ZoneInfo("America/Sao_Paulo"),
    "America/Santiago": ZoneInfo("America/Santiago"),
    "Europe/Paris": PARIS,
    "UTC": ZoneInfo("UTC"),
}
OPENING_UTC = datetime(2026, 4, 21, 0, 0, tzinfo=PARIS).astimezone(UTC)  # 2026-04-20T22:00Z
DEADLINE_UTC = datetime(2026, 6, 1, 17, 0, tzinfo=PARIS).astimezone(UTC)  # 2026-06-01T15:00Z
ONE_MS = timedelta(milliseconds=1)

# Visitors' home countries: South America (weighted), French Guiana, and elsewhere.
SA_COUNTRIES = [("BR", 30), ("CL", 18), ("AR", 16), ("CO", 10), ("PE", 7), ("UY", 5),
                ("EC", 4), ("BO", 3), ("PY", 2), ("VE", 2), ("GY", 1), ("SR", 1)]
OTHER_ORIGINS = ["GF", "GF", "MX", "US", "ES", "PT", "FR", "CR"]
SUBDIVISIONS = {"BR": ["BR-SP", "BR-RJ", "BR-MG", None], "CL": ["CL-RM", None],
                "AR": ["AR-C", None], "CO": ["CO-DC", None]}
INSTITUTIONS = {"BR": "Universidade de São Paulo", "CL": "Universidad de Chile",
                "AR": "Universidad de Buenos Aires", "CO": "Universidad Nacional de Colombia",
                "PE": "Pontificia Universidad Católica del Perú", "UY": "Universidad de la "
                "República", "GF": "Université de Guyane", "MX": "UNAM"}
# Host units: metropolitan France (with subdivisions), overseas, and CNRS units abroad.
HOST_PLACES = ([({"country": "FR", "subdivision": s, "city": c}, 18) for s, c in
                [("FR-75C", "Paris"), ("FR-13", "Marseille"), ("FR-31", "Toulouse"),
                 ("FR-38", "Grenoble"), ("FR-69", "Lyon")]]
               + [({"country": c}, 2) for c in ["GP", "RE", "GF", "NC", "PF", "MQ"]]
               + [({"country": "CL", "city": "Santiago"}, 1), ({"country": "BR"}, 1)])
GIVEN = ["Claire", "Marc", "Sophie", "Julien", "Camille", "Antoine", "Léa", "Hugo", "Inès",
         "Thomas", "Joana", "Mateo", "Lucía", "Diego", "Valentina", "Felipe", "Ana", "Bruno"]
FAMILY = ["Morel", "Martin", "Bernard", "Dubois", "Silva", "Rojas", "González", "Pereira",
          "Fernández", "Souza", "López", "Girard", "Fontaine", "Ramírez", "Costa", "Muñoz"]


def _weighted(rng: random.Random, pairs: Sequence[tuple[Any, int]]) -> Any:
    return rng.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]


def _instant_text(rng: random.Random, instant: datetime, zone_name: str) -> str:
    local = instant.astimezone(ZONES[zone_name])
    spec = "milliseconds" if instant.microsecond else rng.choice(["seconds", "seconds",
                                                                  "milliseconds"])
    text = local.isoformat(timespec=spec)
    if zone_name == "UTC" and rng.random() < 0.5:
        text = text.replace("+00:00", "Z")
    return text


def _submitted_at(rng: random.Random) -> str:
    zone = rng.choice(list(ZONES))
    roll = rng.random()
    if roll < 0.05:  # the boundaries, in every zone: exactly on them, and 1 ms outside
        instant = rng.choice([DEADLINE_UTC, DEADLINE_UTC + ONE_MS, OPENING_UTC,
                              OPENING_UTC - ONE_MS])
        return _instant_text(rng, instant, zone)
    if roll < 0.06:  # 17:00 read as CET (UTC+1) in June: an hour late
        return rng.choice(["2026-06-01T17:00:00+01:00", "2026-06-01T17:00:00.000+02:00",
                           "2026-06-01T17:00:00.001+02:00"])
    if roll < 0.09:  # a few days too early or too late
        if rng.random() < 0.5:
            instant = OPENING_UTC - timedelta(seconds=rng.randrange(1, 5 * 86400))
        else:
            instant = DEADLINE_UTC + timedelta(seconds=rng.randrange(1, 3 * 86400))
        return _instant_text(rng, instant, zone)
    # inside the window, crowded towards the deadline (the last day is busy)
    span = (DEADLINE_UTC - OPENING_UTC).total_seconds()
    before = rng.uniform(0, 86400) if rng.random() < 0.3 else rng.uniform(0, span)
    instant = DEADLINE_UTC - timedelta(seconds=before)
    instant = instant.replace(microsecond=rng.choice([0, 0, 0, rng.randrange(1000) * 1000]))
    if instant < OPENING_UTC:
        instant = OPENING_UTC
    return _instant_text(rng, instant, zone)


def _person(rng: random.Random, domain: str) -> dict[str, str]:
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    email = f"{given.lower()}.{family.lower()}@{domain}".encode("ascii", "ignore").decode()
    return {"given_name": given, "family_name": family, "email": email}


def _eur(amount: Decimal, rate: Decimal, inverse: bool) -> Decimal:
    ctx = Context(prec=60, rounding=ROUND_HALF_EVEN)
    value = ctx.divide(amount, rate) if inverse else ctx.multiply(amount, rate)
    return value.quantize(Decimal("0.01"), context=ctx)


def application(rng: random.Random, index: int) -> dict[str, Any]:
    """One synthetic CNRS application, derived from ``examples/eligible.json``."""
    data: dict[str, Any] = copy.deepcopy(_BASE)
    data["id"] = f"AMSUD-2026-{index:07d}"
    data["submitted_at"] = _submitted_at(rng)
    data["language"] = _weighted(rng, [("fr", 55), ("en", 43), ("es", 1), ("pt", 1)])

    # the host, who (nearly always) submits
    host_no = rng.randrange(10 * 1000 * 1000)
    host = data["host"]
    person = _person(rng, "cnrs.fr")
    person["email"] = f"host{host_no}.{person['email']}"
    host["person"] = person
    roll = rng.random()
    if roll < 0.015:
        data["submitter"] = _person(rng, "assistant.fr")  # someone else submits
    else:  # the same address, in another case now and then
        submitter = dict(person)
        if roll < 0.3:
            submitter["email"] = person["email"].capitalize()
        data["submitter"] = submitter
    host["status"] = "permanent" if rng.random() < 0.985 else rng.choice(["contract",
                                                                           "emeritus"])
    host["role"] = _weighted(rng, [("engineer", 40), ("researcher", 35), ("technician", 12),
                                   ("faculty", 12), ("postdoc", 1)])
    host["unit"]["location"] = dict(_weighted(rng, HOST_PLACES))
    if rng.random() < 0.015:
        host["unit"]["affiliations"] = ["Université Paris Cité"]
    data["approvals"] = ([] if rng.random() < 0.015 else
                         [{"kind": "team_leader"}] if rng.random() < 0.01 else
                         data["approvals"])

    # the visitors and their stays
    count = _weighted(rng, [(1, 40), (2, 40), (3, 20)])
    visitors = []
    for number in range(1, count + 1):
        if rng.random() < 0.985:
            country = _weighted(rng, SA_COUNTRIES)
        else:
            country = rng.choice(OTHER_ORIGINS)
        location: dict[str, Any] = {"country": country}
        subdivision = rng.choice(SUBDIVISIONS.get(country, [None]))
        if subdivision:
            location["subdivision"] = subdivision
        roll = rng.random()
        if roll < 0.04:  # before the results: a warning only
            arrival = date(2026, 6, 8) + timedelta(days=rng.randrange(23))
        elif roll < 0.055:  # late December: may run into 2027
            arrival = date(2026, 12, 24) + timedelta(days=rng.randrange(8))
        else:
            arrival = date(2026, 7, 1) + timedelta(days=rng.randrange(170))
        nights = _weighted(rng, [(5, 25), (6, 25), (7, 46), (8, 3), (9, 1)])
        departure = arrival + timedelta(days=nights)
        if rng.random() < 0.003:
            arrival, departure = departure, arrival  # reversed
        visitors.append({
            "id": f"v{number}",
            "person": _person(rng, "example.edu"),
            "category": _weighted(rng, [("technician", 45), ("engineer", 40),
                                        ("technical_staff", 13), ("researcher", 1),
                                        ("student", 1)]),
            "institution": {"name": INSTITUTIONS.get(country, "Instituto Nacional"),
                            "location": location},
            "stay": {"arrival": arrival.isoformat(), "departure": departure.isoformat()},
        })
    data["visitors"] = visitors

    # documents: a project description, a CV per visitor
    documents: list[dict[str, Any]] = []
    if rng.random() < 0.99:
        documents.append({"kind": "project_description",
                          "pages": _weighted(rng, [(1, 5), (2, 35), (3, 59), (4, 1)]),
                          "title": "Instrumentation training"})
    for visitor in visitors:
        roll = rng.random()
        if roll < 0.01:
            continue  # missing CV
        owner = visitor["id"].upper() if roll < 0.013 else visitor["id"]
        documents.append({"kind": "cv", "owner": owner,
                          "pages": _weighted(rng, [(1, 40), (2, 59), (3, 1)])})
    if rng.random() < 0.1:
        documents.append({"kind": "letter", "pages": rng.randrange(1, 5)})
    rng.shuffle(documents)
    data["documents"] = documents

    # the budget: a total chosen around the 3,100.00 EUR cap, then lines that add up to it
    roll = rng.random()
    if roll < 0.06:
        target = Decimal("3100.00")
    elif roll < 0.09:
        target = Decimal("3100.01")
    elif roll < 0.11:
        target = Decimal("3099.99")
    else:
        target = Decimal(rng.randrange(150000, 332000)) / 100
    rates: list[dict[str, str]] = []
    brl_rate = Decimal(rng.choice(["0.1600", "0.1587", "0.1612"]))
    clp_inverse = Decimal(rng.choice(["1020.50", "1034.25"]))  # given as EUR -> CLP
    lines: list[dict[str, Any]] = []
    spent = Decimal(0)
    share = target / count
    for visitor in visitors:
        vid = visitor["id"]
        eur = (share * Decimal(rng.uniform(0.4, 0.55))).quantize(Decimal("0.01"))
        currency = _weighted(rng, [("EUR", 60), ("BRL", 25), ("CLP", 15)])
        if currency == "BRL":
            amount = (eur / brl_rate).quantize(Decimal("0.01"))
            spent += _eur(amount, brl_rate, False)
            if not any(r["base"] == "BRL" for r in rates):
                rates.append({"base": "BRL", "quote": "EUR", "rate": str(brl_rate)})
        elif currency == "CLP":
            amount = (eur * clp_inverse).quantize(Decimal(1))
            spent += _eur(amount, clp_inverse, True)
            if not any(r["quote"] == "CLP" for r in rates):
                rates.append({"base": "EUR", "quote": "CLP", "rate": str(clp_inverse)})
        else:
            amount = eur
            spent += eur
        lines.append({"category": "transport", "beneficiary": vid,
                      "amount": {"amount": str(amount), "currency": currency},
                      "label": f"return flight for {vid}"})
        lodging = (share * Decimal(rng.uniform(0.2, 0.3))).quantize(Decimal("0.01"))
        spent += lodging
        lines.append({"category": rng.choice(["lodging", "subsistence"]), "beneficiary": vid,
                      "amount": {"amount": str(lodging), "currency": "EUR"}})
    roll = rng.random()
    if roll < 0.02:  # a cost the call does not fund
        extra = Decimal(rng.randrange(5000, 20000)) / 100
        spent += extra
        lines.append({"category": rng.choice(["equipment", "visa_fees", "insurance"]),
                      "beneficiary": "v1", "amount": {"amount": str(extra), "currency": "EUR"}})
    beneficiary: str | None = visitors[-1]["id"]
    if roll > 0.99:
        beneficiary = "host"  # the host's own costs
    elif roll > 0.985:
        beneficiary = None
    meals = {"category": "meals", "amount": {"amount": str(target - spent), "currency": "EUR"}}
    if beneficiary is not None:
        meals["beneficiary"] = beneficiary
    lines.append(meals)
    rng.shuffle(lines)
    data["budget"] = {"lines": lines}
    if rates and rng.random() < 0.01:
        rates = []  # a foreign amount without its rate
    data["exchange_rates"] = rates
    return data


_BASE: dict[str, Any] = json.loads((ROOT / "examples" / "eligible.json").read_text("utf-8"))


def applications(n: int, seed: int = SEED) -> Iterator[dict[str, Any]]:
    """``n`` synthetic applications, lazily, always the same for the same seed."""
    rng = random.Random(seed)
    for index in range(n):
        yield application(rng, index)


def json_lines(n: int, seed: int = SEED) -> Iterator[str]:
    """The same applications as JSON lines (``str``), lazily."""
    for data in applications(n, seed):
        yield json.dumps(data, ensure_ascii=False)


# ---------------------------------------------------------------------------------------------
# The CNRS rules, written by hand (from CLAUSES.md, not from the call file)

OPENING = datetime(2026, 4, 21, 0, 0, tzinfo=PARIS)  # inclusive
DEADLINE = datetime(2026, 6, 1, 15, 0, 0, tzinfo=UTC)  # 17:00:00 Paris (CEST), inclusive
RESULTS = date(2026, 7, 1)
ORIGINS = frozenset(["AR", "BO", "BR", "CL", "CO", "EC", "FK", "GY", "PY", "PE", "SR", "UY",
                     "VE", "BV", "GS"])  # UN M49 005, without GF
DESTINATIONS = frozenset(["FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "WF", "PF",
                          "NC", "TF"])
HOST_STATUSES = frozenset({"permanent"})
HOST_ROLES = frozenset({"engineer", "technician", "researcher", "faculty"})
TECHNICAL = frozenset({"engineer", "technician", "technical_staff"})
COSTS = frozenset({"transport", "subsistence", "lodging", "meals"})
LANGUAGES = frozenset({"fr", "en"})
CAP = Decimal("3100.00")
CENT = Decimal("0.01")
_CTX = Context(prec=60, rounding=ROUND_HALF_EVEN)
_MISSING = object()


def _total_eur(app: Any) -> Decimal | None:
    """The budget in EUR (each converted line rounded to the cent), None if a rate is missing."""
    total = Decimal(0)
    rates: dict[tuple[str, str], Decimal] | None = None
    for line in app.budget.lines:
        money = line.amount
        if money.currency == "EUR":
            total += money.amount
            continue
        if rates is None:
            rates = {(r.base, r.quote): r.rate for r in app.exchange_rates}
        rate = rates.get((money.currency, "EUR"))
        if rate is not None:
            value = _CTX.multiply(money.amount, rate)
        else:
            inverse = rates.get(("EUR", money.currency))
            if inverse is None:
                return None
            value = _CTX.divide(money.amount, inverse)
        total = _CTX.add(total, value.quantize(CENT, context=_CTX))
    return total


def _documents_ok(app: Any) -> bool:
    has_project = False
    cv_owners = set()
    for doc in app.documents:
        kind = doc.kind
        if kind == "project_description":
            has_project = True
            if doc.pages > 3:
                return False
        elif kind == "cv":
            if doc.pages > 2:
                return False
            cv_owners.add(doc.owner)
    return has_project and all(v.id in cv_owners for v in app.visitors)


def hand_all(app: Any) -> list[str]:
    """Every failing clause of the CNRS call (errors, then the warning), in call order."""
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
    if "CNRS" not in unit.affiliations:
        failed.append("host-unit")
    if (app.submitter.email.casefold() != host.person.email.casefold()
            or host.status not in HOST_STATUSES or host.role not in HOST_ROLES):
        failed.append("host")
    for a in app.approvals:
        if a.kind == "unit_director":
            break
    else:
        failed.append("director-approval")
    for v in visitors:
        if v.category not in TECHNICAL:
            failed.append("technical-staff")
            break
    for v in visitors:
        nights = (v.stay.departure - v.stay.arrival).days
        if nights < 0 or nights > 7:
            failed.append("duration")
            break
    for v in visitors:
        if v.stay.arrival.year != 2026 or v.stay.departure.year != 2026:
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


def hand_first(app: Any) -> str | None:
    """The first failing error clause, in call order, or None (warnings are not failures)."""
    submitted = app.submitted_at
    if submitted < OPENING:
        return "opening"
    if submitted > DEADLINE:
        return "deadline"
    visitors = app.visitors
    for v in visitors:
        if v.institution.location.country not in ORIGINS:
            return "country"
    host = app.host
    unit = host.unit
    if unit.location.country not in DESTINATIONS:
        return "destination"
    if "CNRS" not in unit.affiliations:
        return "host-unit"
    if (app.submitter.email.casefold() != host.person.email.casefold()
            or host.status not in HOST_STATUSES or host.role not in HOST_ROLES):
        return "host"
    for a in app.approvals:
        if a.kind == "unit_director":
            break
    else:
        return "director-approval"
    for v in visitors:
        if v.category not in TECHNICAL:
            return "technical-staff"
    for v in visitors:
        nights = (v.stay.departure - v.stay.arrival).days
        if nights < 0 or nights > 7:
            return "duration"
    for v in visitors:
        if v.stay.arrival.year != 2026 or v.stay.departure.year != 2026:
            return "funding-year"
    total = _total_eur(app)
    if total is None or total > CAP:
        return "budget-cap"
    ids = {v.id for v in visitors}
    for line in app.budget.lines:
        if line.category not in COSTS or line.beneficiary not in ids:
            return "budget-costs"
    if not _documents_ok(app):
        return "documents"
    if app.language not in LANGUAGES:
        return "language"
    return None


def _hand_clauses() -> dict[str, Callable[[Any], bool]]:
    """Each clause of :func:`hand_all` alone (True: it holds), to time clause by clause."""

    def host_ok(app: Any) -> bool:
        host = app.host
        return (app.submitter.email.casefold() == host.person.email.casefold()
                and host.status in HOST_STATUSES and host.role in HOST_ROLES)

    def cap_ok(app: Any) -> bool:
        total = _total_eur(app)
        return total is not None and total <= CAP

    def costs_ok(app: Any) -> bool:
        ids = {v.id for v in app.visitors}
        return all(line.category in COSTS and line.beneficiary in ids
                   for line in app.budget.lines)

    def duration_ok(app: Any) -> bool:
        return all(0 <= (v.stay.departure - v.stay.arrival).days <= 7 for v in app.visitors)

    return {
        "opening": lambda app: app.submitted_at >= OPENING,
        "deadline": lambda app: app.submitted_at <= DEADLINE,
        "country": lambda app: all(v.institution.location.country in ORIGINS
                                   for v in app.visitors),
        "destination": lambda app: app.host.unit.location.country in DESTINATIONS,
        "host-unit": lambda app: "CNRS" in app.host.unit.affiliations,
        "host": host_ok,
        "director-approval": lambda app: any(a.kind == "unit_director" for a in app.approvals),
        "technical-staff": lambda app: all(v.category in TECHNICAL for v in app.visitors),
        "duration": duration_ok,
        "funding-year": lambda app: all(v.stay.arrival.year == 2026 == v.stay.departure.year
                                        for v in app.visitors),
        "budget-cap": cap_ok,
        "budget-costs": costs_ok,
        "documents": _documents_ok,
        "language": lambda app: app.language in LANGUAGES,
        "stay-before-results": lambda app: all(v.stay.arrival >= RESULTS
                                               for v in app.visitors),
    }


# ---------------------------------------------------------------------------------------------
# Measuring


PASSES: dict[str, list[float]] = {}  # seconds per item of every timed pass, by contestant


def _rates(contestants: dict[str, tuple[Callable[[Any], Any], Sequence[Any]]], repeats: int
           ) -> dict[str, float]:
    """Items per second of each contestant: the median of ``repeats`` timed passes.

    The passes are interleaved (A B C, A B C, ...) so that a burst of load from other
    processes on the machine hits every contestant alike, and the ratios stay fair. Every
    pass is also kept in :data:`PASSES`, for :func:`_ratio`."""
    times: dict[str, list[float]] = {name: [] for name in contestants}
    for _ in range(repeats):
        for name, (fn, items) in contestants.items():
            gc.collect()
            start = time.perf_counter()
            for item in items:
                fn(item)
            times[name].append(time.perf_counter() - start)
    for name, t in times.items():
        PASSES[name] = [x / len(contestants[name][1]) for x in t]
    return {name: len(contestants[name][1]) / statistics.median(t)
            for name, t in times.items()}


def _ratio(fast: str, slow: str) -> tuple[float, str]:
    """Speed of ``slow`` relative to ``fast``: the median of the ratios of passes taken side
    by side (robust to load that changes between passes), and their range as text."""
    ratios = sorted(f / s for f, s in zip(PASSES[fast], PASSES[slow], strict=True))
    median = statistics.median(ratios)
    return median, f"{median:.2f}x (passes {ratios[0]:.2f}-{ratios[-1]:.2f})"


CPU_TIMES: dict[str, float] = {}  # median user + sys CPU seconds of each timed command


def _interleaved_walls(commands: dict[str, tuple[list[str], dict[str, str]]], runs: int
                       ) -> dict[str, float]:
    """Median wall time of each command, the runs interleaved so that drift hits all alike.

    The median CPU time (user + sys, from ``RUSAGE_CHILDREN``) of each is kept in
    :data:`CPU_TIMES`: on a loaded machine it stays close to what the wall time would be on
    a quiet one."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for name, (argv, env) in commands.items():  # warm-up (file cache, bytecode cache)
        for _ in range(2):
            proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
            if proc.returncode != 0:
                raise RuntimeError(f"{name}: {' '.join(argv)} exited with {proc.returncode}:"
                                   f"\n{proc.stderr}")
    for _ in range(runs):
        for name, (argv, env) in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[name].append(after.ru_utime - before.ru_utime + after.ru_stime
                             - before.ru_stime)
    CPU_TIMES.update({name: statistics.median(c) for name, c in cpu.items()})
    return {name: statistics.median(t) for name, t in times.items()}


def _bytecode_env() -> dict[str, str]:
    """The environment with a bytecode cache, as after ``pip install`` (which writes .pyc).

    This machine sets PYTHONDONTWRITEBYTECODE=1 and the editable install has no
    ``__pycache__``, so every run would compile callrules' sources again; the cache goes to a
    folder outside the repository (PYTHONPYCACHEPREFIX) so that the working tree stays clean.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(os.environ.get("TMPDIR", "/tmp"))
                                     / "callrules-bench-pycache")
    return env


def machine() -> dict[str, str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    except OSError:
        nproc = str(os.cpu_count())
    import pydantic
    import pydantic_core

    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) // 1024} MiB"
    except OSError:
        pass
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                              capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=ROOT,
                               capture_output=True, text=True).stdout.split("\n")
        changed = [line[3:] for line in dirty if line.strip()]
        source = head + (f" + uncommitted changes to {', '.join(changed)}" if changed else "")
    except OSError:
        source = "?"
    return {"nproc": nproc, "cpu": cpu, "memory": mem, "source": source,
            "python": f"{platform.python_implementation()} {platform.python_version()}",
            "platform": platform.platform(),
            "pydantic": f"{pydantic.VERSION} (pydantic-core {pydantic_core.__version__})"}


def _children(jobs: list[list[str]], parallel: int) -> list[dict[str, Any]]:
    """Run several memory children, ``parallel`` at a time (peak RSS does not mind sharing
    the CPUs); their JSON answers, in order."""
    script = str(Path(__file__).resolve())
    results: list[dict[str, Any] | None] = [None] * len(jobs)
    running: list[tuple[int, subprocess.Popen[str]]] = []
    queue = list(enumerate(jobs))
    while queue or running:
        while queue and len(running) < parallel:
            index, args = queue.pop(0)
            running.append((index, subprocess.Popen(
                [sys.executable, script, "--child", *args], cwd=ROOT, text=True,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE)))
        index, proc = running.pop(0)
        out, err = proc.communicate()
        if proc.returncode != 0:
            raise RuntimeError(f"child {jobs[index]} failed:\n{err}")
        results[index] = json.loads(out.strip().splitlines()[-1])
    return [r for r in results if r is not None]


def _child(args: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run this script in a child process in one of its ``--child`` modes; its JSON answer.

    Started while this process is still small: Linux carries the RSS of the forked process
    into the child's ``ru_maxrss`` across ``exec``, so a big parent would inflate it (the
    child also reports its own ``VmHWM``, which starts afresh at ``exec``)."""
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", *args],
                          cwd=ROOT, capture_output=True, text=True, check=False, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"child {args} failed:\n{proc.stderr}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def child_main(mode: str, n: int) -> None:
    """A child process: one measurement, printed as one JSON line (peak RSS in KiB)."""
    start = time.perf_counter()
    import callrules

    out: dict[str, Any] = {"mode": mode, "n": n}
    if mode == "stream":  # evaluate_many over a lazy generator of JSON lines
        call = callrules.calls.load(CALL_ID)
        result = callrules.evaluate_many(call, json_lines(n))
        out["eligible"] = sum(1 for item in result if item.report and item.report.eligible)
        out["input_errors"] = len(result.input_errors)
    elif mode == "evaluate_stream":  # the constant-memory API, where the library has it
        call = callrules.calls.load(CALL_ID)
        stream = callrules.evaluate_stream(call, json_lines(n))
        out["eligible"] = sum(1 for item in stream if item.report and item.report.eligible)
        out["corrections"] = len(stream.corrections())
    elif mode == "loop":  # evaluate one at a time, keeping nothing (a constant-memory baseline)
        call = callrules.calls.load(CALL_ID)
        out["eligible"] = sum(1 for line in json_lines(n) if callrules.evaluate(call, line
                                                                                ).eligible)
    elif mode == "generate":  # the generator alone (plus import and the call)
        call = callrules.calls.load(CALL_ID)
        out["chars"] = sum(len(line) for line in json_lines(n))
    elif mode == "retained":  # bytes kept per application, by tracemalloc
        import tracemalloc

        call = callrules.calls.load(CALL_ID)
        lines = list(json_lines(n))
        callrules.evaluate(call, lines[0])  # warm the code tables
        gc.collect()
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        apps = [callrules.parse_application(line) for line in lines]
        gc.collect()
        after_apps = tracemalloc.get_traced_memory()[0]
        reports = [callrules.evaluate(call, app) for app in apps]
        gc.collect()
        after_reports = tracemalloc.get_traced_memory()[0]
        del reports, apps
        gc.collect()
        base2 = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        result = callrules.evaluate_many(call, lines)
        peak_batch = tracemalloc.get_traced_memory()[1]
        gc.collect()
        after_batch = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        out["app_bytes"] = (after_apps - base) / n
        out["report_bytes"] = (after_reports - after_apps) / n
        out["batch_peak_bytes"] = (peak_batch - base2) / n
        out["batch_bytes"] = (after_batch - base2) / n
        out["line_chars"] = sum(map(len, lines)) / n
        del result
    elif mode == "check-breakdown":  # where the time of `callrules check` goes, in-process
        marks = {"import callrules": time.perf_counter() - start}
        t = time.perf_counter()
        exec(FIRST_USE, {})
        marks["first use of its parts (lazy imports)"] = time.perf_counter() - t
        t = time.perf_counter()
        call = callrules.calls.load(CALL_ID)
        marks["calls.load (TOML, compile)"] = time.perf_counter() - t
        text = (ROOT / "examples" / "eligible.json").read_text("utf-8")
        t = time.perf_counter()
        app = callrules.parse_application(text)
        marks["first parse_application (code tables)"] = time.perf_counter() - t
        t = time.perf_counter()
        report = callrules.evaluate(call, app)
        marks["evaluate"] = time.perf_counter() - t
        t = time.perf_counter()
        report.render("en")
        marks["render (gettext, babel)"] = time.perf_counter() - t
        t = time.perf_counter()
        callrules.parse_application(text)
        marks["second parse_application"] = time.perf_counter() - t
        out["marks"] = marks
    else:
        raise SystemExit(f"unknown child mode {mode}")
    out["seconds"] = time.perf_counter() - start
    out["maxrss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        status = Path("/proc/self/status").read_text()
        out["vmhwm_kib"] = int(status.split("VmHWM:")[1].split()[0])
    except (OSError, IndexError, ValueError):
        out["vmhwm_kib"] = None
    print(json.dumps(out))


def clause_sets(call: Any, apps: Sequence[Any]) -> tuple[int, int, list[str], dict[str, int]]:
    """Compare the library with the hand-written rules on every application.

    Returns (disagreements on the set of clauses with findings, disagreements on the first
    failing error clause, a few examples, the failure counts per clause)."""
    from callrules._evaluate import _findings

    diffs = first_diffs = 0
    examples: list[str] = []
    counts: dict[str, int] = {}
    for app in apps:
        findings = _findings(call, app)
        lib = {f.clause for f in findings}
        hand = hand_all(app)
        if lib != set(hand):
            diffs += 1
            if len(examples) < 5:
                examples.append(f"{app.id}: library only {sorted(lib - set(hand))}, "
                                f"hand only {sorted(set(hand) - lib)}")
        lib_first = next((f.clause for f in findings if f.severity.value == "error"), None)
        if lib_first != hand_first(app):
            first_diffs += 1
        for clause in hand:
            counts[clause] = counts.get(clause, 0) + 1
    return diffs, first_diffs, examples, counts


def _per_clause(call: Any, apps: Sequence[Any], repeats: int
                ) -> list[tuple[str, float, float | None, int]]:
    """µs per application of each compiled rule alone and of its hand-written counterpart,
    and on how many applications the two disagree (must be 0)."""
    hand = _hand_clauses()

    def median_us(fn: Callable[[Any], Any]) -> float:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            for app in apps:
                fn(app)
            times.append(time.perf_counter() - start)
        return 1e6 * statistics.median(times) / len(apps)

    out: list[tuple[str, float, float | None, int]] = []
    for rule in call.rules:
        if rule.check is None:
            continue

        def lib_rule(app: Any, check: Callable[[Any, Any], Any] = rule.check) -> Any:
            return check(app, {"root": app})

        lib = median_us(lib_rule)
        by_hand = hand.get(rule.clause)
        if by_hand is None:
            out.append((rule.clause, lib, None, 0))
            continue
        disagree = sum(1 for app in apps if (not lib_rule(app)) != by_hand(app))
        out.append((rule.clause, lib, median_us(by_hand), disagree))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20_000,
                        help="applications in the timed batch (default 20,000)")
    parser.add_argument("--stream", type=int, default=1_000_000,
                        help="applications streamed for the peak-memory figure (default "
                        "1,000,000; above 100,000 the figure is extrapolated from runs at "
                        "10%% and 100%% of 100,000, unless --stream-full)")
    parser.add_argument("--stream-full", action="store_true",
                        help="really stream --stream applications when above 100,000 (only if "
                        "the extrapolated peak stays under 4 GB)")
    parser.add_argument("--repeats", type=int, default=5, help="timed passes (median)")
    parser.add_argument("--runs", type=int, default=11,
                        help="subprocess runs for the import and check times (median)")
    parser.add_argument("--profile", action="store_true",
                        help="also profile the rules-only loop (cProfile, top 15 by tottime) "
                        "and time each rule of the call alone")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child_main(args.child[0], int(args.child[1]))
        return 0

    wall_start = time.perf_counter()
    info = machine()
    print(f"callrules benchmark, {datetime.now().astimezone().isoformat(timespec='seconds')}")
    for key, value in info.items():
        print(f"  {key:9} {value}")
    print(f"  load      {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1, 5, 15 min) at "
          "the start")
    print(f"  options   --n {args.n} --stream {args.stream} --repeats {args.repeats} "
          f"--runs {args.runs}")
    rows: list[tuple[str, str, str, str]] = []

    def row(name: str, figure: str, target: str = "", met: bool | None = None) -> None:
        rows.append((name, figure, target, "" if met is None else ("MET" if met else
                                                                    "MISSED")))

    def mib(res: dict[str, Any]) -> str:
        hwm = res.get("vmhwm_kib")
        return (f"{res['maxrss_kib'] / 1024:,.0f} MiB"
                + (f" (VmHWM {hwm / 1024:,.0f})" if hwm else ""))

    # 5 first, while this process is small (see _child) -------------------------------------
    print("\nmemory: child processes streaming JSON lines ...", flush=True)
    measured = min(args.stream, 100_000)
    small = max(measured // 10, 1)
    has_stream = subprocess.run(  # asked of a child, so that this process stays small
        [sys.executable, "-c", "import callrules; print(hasattr(callrules, 'evaluate_stream'))"],
        cwd=ROOT, capture_output=True, text=True).stdout.strip() == "True"
    labels = ["generator only", "evaluate() one by one, keeps nothing", "evaluate_many",
              "evaluate_many"]
    jobs = [["generate", str(small)], ["loop", str(small)], ["stream", str(small)],
            ["stream", str(measured)]]
    if has_stream:
        labels += ["evaluate_stream", "evaluate_stream"]
        jobs += [["evaluate_stream", str(small)], ["evaluate_stream", str(measured)]]
    labels.append("retained")
    jobs.append(["retained", str(min(2000, measured))])
    answers = _children(jobs, max(1, min(2, os.cpu_count() or 1)))
    mem = list(zip(labels[:-1], answers[:-1], strict=True))
    retained = answers[-1]
    low, high = answers[2], answers[3]
    slope = (high["maxrss_kib"] - low["maxrss_kib"]) / max(measured - small, 1)  # KiB/app
    projected_mib = (high["maxrss_kib"] + slope * (args.stream - measured)) / 1024
    s_slope = s_projected_mib = None
    if has_stream:
        s_low, s_high = answers[4], answers[5]
        s_slope = (s_high["maxrss_kib"] - s_low["maxrss_kib"]) / max(measured - small, 1)
        s_projected_mib = (s_high["maxrss_kib"] + s_slope * (args.stream - measured)) / 1024
    full = None
    if args.stream > measured and args.stream_full and projected_mib < 4000:
        full = _child(["stream", str(args.stream)])
    s_full = None
    if (has_stream and args.stream > measured and args.stream_full and s_projected_mib
            is not None and s_projected_mib < 4000):
        s_full = _child(["evaluate_stream", str(args.stream)])

    # 4: import and check, in child processes -------------------------------------------------
    print("import and check: child processes ...", flush=True)
    py = sys.executable
    script = Path(sysconfig.get_path("scripts")) / "callrules"
    cached = _bytecode_env()
    plain = dict(os.environ)
    check_args = ["check", CALL_ID, "examples/eligible.json"]
    commands = {
        "pass": ([py, "-c", "pass"], cached),
        "import": ([py, "-c", "import callrules"], cached),
        "first use": ([py, "-c", FIRST_USE], cached),
        "check": ([str(script), *check_args], cached),
        "check -m": ([py, "-m", "callrules", *check_args], cached),
        "pass (no .pyc)": ([py, "-c", "pass"], plain),
        "import (no .pyc)": ([py, "-c", "import callrules"], plain),
        "check (no .pyc)": ([str(script), *check_args], plain),
    }
    shim = shutil.which("callrules")
    if shim and Path(shim).resolve() != script.resolve():
        commands["check (PATH)"] = ([shim, *check_args], cached)
    walls = _interleaved_walls(commands, args.runs)
    importtime = subprocess.run([py, "-X", "importtime", "-c", FIRST_USE],
                                capture_output=True, text=True, cwd=ROOT, env=cached).stderr
    top = []
    for line in importtime.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[0].split(":")[1].strip().isdigit():
            top.append((int(parts[0].split(":")[1]), int(parts[1]), parts[2].rstrip()))
    top.sort(reverse=True)
    breakdown = _child(["check-breakdown", "1"], env=cached)["marks"]

    # the batch -------------------------------------------------------------------------------
    import callrules
    from callrules._evaluate import _findings

    call = callrules.calls.load(CALL_ID)
    t = time.perf_counter()
    texts = list(json_lines(args.n))
    apps = [callrules.parse_application(text) for text in texts]
    print(f"\nbatch: {len(texts)} JSON lines ({sum(map(len, texts)) / len(texts):.0f} chars "
          f"each on average), generated and validated in {time.perf_counter() - t:.1f} s")

    diffs, first_diffs, examples, counts = clause_sets(call, apps)
    eligible = sum(1 for app in apps if callrules.evaluate(call, app).eligible)
    print(f"eligible: {eligible} of {len(apps)} ({100 * eligible / len(apps):.1f}%)")
    print("applications failing each clause (hand-written count; the warning included):")
    order = [c for c in call.clauses if c in counts]
    print("  " + ", ".join(f"{c} {counts[c]}" for c in order))
    print(f"verdict disagreements, library vs hand-written (set of clauses with findings): "
          f"{diffs}; first failing clause: {first_diffs}")
    for example in examples:
        print("   ", example)

    # 1 and 3: rules only ---------------------------------------------------------------------
    print("timing ...", flush=True)
    rep = args.repeats
    findings = _findings
    evaluate = callrules.evaluate
    parse = callrules.parse_application
    validate_json = callrules.Application.model_validate_json
    rates = _rates({
        "rules": (lambda app: findings(call, app), apps),
        "evaluate": (lambda app: evaluate(call, app), apps),
        "hand": (hand_all, apps),
        "first": (hand_first, apps),
    }, rep)
    rates |= _rates({
        "parse": (parse, texts),
        "e2e": (lambda text: evaluate(call, parse(text)), texts),
        "parse+hand": (lambda text: hand_all(parse(text)), texts),
        "json+hand": (lambda text: hand_all(validate_json(text)), texts),
    }, rep)
    r_rules, r_evaluate, r_hand, r_first = (rates[k] for k in ("rules", "evaluate", "hand",
                                                                 "first"))
    r_parse, r_e2e, r_pyd_hand, r_pyd_json_hand = (rates[k] for k in (
        "parse", "e2e", "parse+hand", "json+hand"))

    def per_s(r: float) -> str:
        return f"{r:,.0f} apps/s ({1e6 / r:.1f} µs)"

    row("1. rules only: _findings(call, app)", per_s(r_rules))
    row("   public evaluate(call, app) on models", per_s(r_evaluate))
    row("3. hand-written, every failing clause", per_s(r_hand))
    row("   hand-written, first failing clause", per_s(r_first))
    ratio, text = _ratio("hand", "rules")
    row("   ratio rules only / hand-written (every)", text, ">= 0.5x", ratio >= 0.5)
    row("   ratio evaluate(model) / hand-written", _ratio("hand", "evaluate")[1])
    row("   ratio rules only / hand-written (first)", _ratio("first", "rules")[1])
    row("   parse_application(text) alone", per_s(r_parse))
    row("2. end to end: text -> parse -> evaluate", per_s(r_e2e))
    row("3. parse_application + hand-written", per_s(r_pyd_hand))
    ratio, text = _ratio("parse+hand", "e2e")
    row("   ratio end to end / (parse + hand-written)", text, ">= 0.6x", ratio >= 0.6)
    row("   model_validate_json + hand-written", per_s(r_pyd_json_hand))
    row("   ratio end to end / (validate_json + hand)", _ratio("json+hand", "e2e")[1])

    def cpu_ms(name: str, minus: str | None = None) -> str:
        value = CPU_TIMES[name] - (CPU_TIMES[minus] if minus else 0.0)
        return f"; CPU {1000 * value:.0f} ms"

    import_ms = 1000 * (walls["import"] - walls["pass"])
    row("4. import callrules (wall - bare python)", f"{import_ms:.0f} ms "
        f"({1000 * walls['import']:.0f} - {1000 * walls['pass']:.0f})"
        + cpu_ms("import", "pass"), "< 120 ms", import_ms < 120)
    first_ms = 1000 * (walls["first use"] - walls["pass"])
    row("   import + first use (evaluate, calls)", f"{first_ms:.0f} ms"
        + cpu_ms("first use", "pass"))
    check_ms = 1000 * walls["check"]
    row("   callrules check eligible.json (wall)", f"{check_ms:.0f} ms" + cpu_ms("check"),
        "< 400 ms", check_ms < 400)
    row("   python -m callrules check (wall)", f"{1000 * walls['check -m']:.0f} ms")
    if "check (PATH)" in walls:
        row("   `callrules` found on PATH (a shim)", f"{1000 * walls['check (PATH)']:.0f} ms")
    nopyc_ms = 1000 * (walls["import (no .pyc)"] - walls["pass (no .pyc)"])
    row("   import, no .pyc (PYTHONDONTWRITEBYTECODE)", f"{nopyc_ms:.0f} ms")
    row("   check, no .pyc (PYTHONDONTWRITEBYTECODE)",
        f"{1000 * walls['check (no .pyc)']:.0f} ms")

    for label, res in mem:
        row(f"   peak RSS, {label}, {res['n']:,}", f"{mib(res)}, {res['seconds']:.0f} s")
    row("   kept per application by evaluate_many",
        f"{1024 * slope:,.0f} B (RSS slope)")
    row("   ... by tracemalloc, during / after", f"{retained['batch_peak_bytes']:,.0f} B / "
        f"{retained['batch_bytes']:,.0f} B")
    if s_slope is not None:
        row("   kept per application by evaluate_stream", f"{1024 * s_slope:,.0f} B (RSS slope)")

    def stream_row(name: str, res: dict[str, Any] | None, projected: float,
                   measured_res: dict[str, Any]) -> None:
        if res is not None:
            peak = res["maxrss_kib"] / 1024
            figure = f"{mib(res)}, {res['seconds']:.0f} s"
        elif args.stream > measured:
            peak = projected
            figure = f"~{peak:,.0f} MiB (extrapolated)"
        else:
            peak = measured_res["maxrss_kib"] / 1024
            figure = mib(measured_res)
        row(f"5. {name}, {args.stream:,} streamed", figure, "< 150 MB", peak * 1.048576 < 150)

    stream_row("evaluate_many", full, projected_mib, high)
    if has_stream and s_projected_mib is not None:
        stream_row("evaluate_stream", s_full, s_projected_mib, answers[5])

    # the table -------------------------------------------------------------------------------
    width = [max(len(r[i]) for r in rows) for i in range(4)]
    print()
    print(f"{'measure':{width[0]}}  {'figure':{width[1]}}  {'target':{width[2]}}  result")
    for name, figure, target, met in rows:
        print(f"{name:{width[0]}}  {figure:{width[1]}}  {target:{width[2]}}  {met}")
    print(f"\nverdict disagreements (library vs hand-written): {diffs} of {len(apps)}")
    print("\n`callrules check` in one process, with .pyc:")
    for key, value in breakdown.items():
        print(f"  {key:40} {value * 1000:7.1f} ms")
    print(f"\n{FIRST_USE!r}: slowest modules by self time (-X importtime, with .pyc; "
          "µs self | cumulative):")
    for self_us, cumul, name in top[:10]:
        print(f"  {self_us:7d} | {cumul:7d} | {name.strip()}")
    print(f"\nretained per application (tracemalloc, {retained['n']} apps): validated "
          f"Application {retained['app_bytes']:,.0f} B, Report {retained['report_bytes']:,.0f} "
          f"B; evaluate_many: {retained['batch_peak_bytes']:,.0f} B at its peak, "
          f"{retained['batch_bytes']:,.0f} B in its result; JSON line "
          f"{retained['line_chars']:,.0f} chars")

    if args.profile:
        import cProfile
        import pstats

        subset = apps[:1000]  # small enough to stay in the CPU caches, as in _findings
        print(f"\nµs per application, each clause alone ({len(subset)} applications, 20 "
              "passes, median; each pass includes a lambda call and, for the library, the "
              "env dict):")
        print(f"  {'clause':22} {'library':>8} {'by hand':>8} {'ratio':>6}  disagreements")
        lib_sum = hand_sum = 0.0
        for clause, lib_us, hand_us, disagree in _per_clause(call, subset, 20):
            lib_sum += lib_us
            hand_sum += hand_us or 0.0
            shown = ("" if hand_us is None else
                     f"{hand_us:8.2f} {lib_us / hand_us:5.1f}x  {disagree}")
            print(f"  {clause:22} {lib_us:8.2f} {shown}")
        print(f"  {'sum':22} {lib_sum:8.2f} {hand_sum:8.2f}")
        profiler = cProfile.Profile()
        profiler.enable()
        for app in apps:
            findings(call, app)
        profiler.disable()
        print(f"\ncProfile of the rules-only loop over {len(apps)} applications "
              "(top 15 by tottime):")
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.strip_dirs().sort_stats("tottime").print_stats(15)
    load = os.getloadavg()
    print(f"total benchmark time: {time.perf_counter() - wall_start:.0f} s; load average "
          f"{' '.join(f'{x:.2f}' for x in load)} at the end")
    if load[1] > 1.5:
        print(f"WARNING: other processes loaded this {info['nproc']}-core machine during the "
              "run (5-minute load average above 1.5): absolute figures are pessimistic; the "
              "ratios, from interleaved passes, are less affected")
    return 0 if diffs == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
