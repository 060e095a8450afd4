"""The synthetic CNRS batch the benchmark decides: deterministic, lazy, standard library only.

Applications are derived from ``examples/eligible.json`` with ``random.Random(2026)``, so every
run (and every engine) sees the same ones; :func:`applications` is a generator, so that the
``--stream`` mode can feed a million of them without holding them. ``benchmarks/README.md`` says
what varies (instants on and around the deadline and the opening, budgets on and around the cap,
foreign currencies, and about 1-2 % of each other kind of failure).
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Context, Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
SEED = 2026
CALL_ID = "cnrs-amsud-2026"

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
                                                                           "postdoc"])
    host["role"] = _weighted(rng, [("engineer", 40), ("researcher", 35), ("technician", 12),
                                   ("faculty", 13)])  # every role the vocabulary has may host
    host["unit"]["location"] = dict(_weighted(rng, HOST_PLACES))
    if rng.random() < 0.015:
        host["unit"]["affiliations"] = ["Université Paris Cité"]
    data["approvals"] = ([] if rng.random() < 0.015 else
                         [] if rng.random() < 0.01 else  # (no other kind in the vocabulary)
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
                                        ("doctoral_student", 1)]),
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
        lines.append({"category": rng.choice(["equipment", "visa", "insurance"]),
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
    # Every foreign amount comes with its rate: without it callrules returns the application
    # as incomplete input (exit 2), a verdict the peer engines have no word for.
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


#: The fixed instant of every evaluation: during the evaluation phase, after the deadline. No CNRS
#: rule reads it (the deadline is compared with ``submitted_at``), but callrules records it.
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=PARIS)
