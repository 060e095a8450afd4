"""A generated batch for the service and Dask tests: variations of the eligible example, with
hosts that submit more than once (in any order, e-mails in any case) and malformed records."""

from __future__ import annotations

import json
import random
from typing import Any

from tests.conftest import eligible_dict

COUNTRIES = ("BR", "CL", "AR", "PE", "GF", "FR", "UY")


def application(rng: random.Random, index: int) -> dict[str, Any] | str:
    """One record: usually an application (eligible or not), sometimes a malformed one."""
    data: dict[str, Any] = eligible_dict()
    data["id"] = f"GEN-{index:05d}"
    host = rng.randrange(index // 2 + 3)  # many hosts, some of them repeated
    email = f"host{host}@ipgp.fr"
    data["host"]["person"]["email"] = email.upper() if rng.random() < 0.3 else email
    data["submitter"]["email"] = data["host"]["person"]["email"]
    data["submitted_at"] = f"2026-05-{rng.randint(1, 31):02d}T{rng.randint(0, 23):02d}:00:00+02:00"
    origin = data["visitors"][0]["institution"]["location"]
    origin["country"] = rng.choice(COUNTRIES)
    if origin["country"] != "BR":
        del origin["subdivision"]  # BR-SP is in Brazil only
    data["budget"]["lines"][0]["amount"]["amount"] = f"{rng.randint(200, 1800)}.00"
    roll = rng.random()
    if roll < 0.04:
        return "{not json"
    if roll < 0.08:
        data["submitted_at"] = "2026-05-01T10:00:00"  # no zone: an input error
    return data


def batch(n: int, seed: int = 15) -> list[dict[str, Any] | str]:
    """``n`` records, the same for a given seed."""
    rng = random.Random(seed)
    return [application(rng, index) for index in range(n)]


def json_lines(records: list[dict[str, Any] | str]) -> str:
    """The records as JSON Lines (a malformed record as written)."""
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                   for r in records)
