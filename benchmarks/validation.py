#!/usr/bin/env python
"""Validation speed: callrules' ``parse_application`` against a plain pydantic v2 model.

Run from the repository root (not part of the test suite)::

    python benchmarks/validation.py               # 5,000 applications, 5 rounds
    python benchmarks/validation.py --n 2000 --rounds 3

What a user would pick instead of callrules' validation is a pydantic v2 model of the same
application written idiomatically: ``Decimal`` amounts, ``AwareDatetime`` and ``date``
fields, short ``str`` constraints, ``extra="forbid"``. Both validate the same generated CNRS
applications (``cnrs_batch.applications``), once as Python dicts and once as JSON text. The
contestants take turns block by block (the order rotating each round), so that load from
other processes hits all of them alike; each ratio is the median of the per-block ratios.

Target: callrules within 1.5x the plain model's time, for dicts and for JSON text.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cnrs_batch

import callrules

TARGET = 1.5

Text = Annotated[str, StringConstraints(min_length=1, max_length=500)]
Ident = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Code = Annotated[str, StringConstraints(min_length=2, max_length=6)]


class _Plain(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Location(_Plain):
    country: Code
    subdivision: Code | None = None
    city: Text | None = None


class Person(_Plain):
    given_name: Text
    family_name: Text
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                                            max_length=254)]


class Unit(_Plain):
    code: Ident
    name: Text
    kind: Ident | None = None
    affiliations: tuple[Ident, ...] = ()
    location: Location


class Host(_Plain):
    person: Person
    role: Ident
    status: Ident
    unit: Unit


class Institution(_Plain):
    name: Text
    location: Location


class Stay(_Plain):
    arrival: date
    departure: date


class Visitor(_Plain):
    id: Ident
    person: Person
    category: Ident
    institution: Institution
    stay: Stay


class Document(_Plain):
    kind: Ident
    owner: Ident | None = None
    pages: Annotated[int, Field(ge=0, le=100_000)]
    title: Text | None = None


class Approval(_Plain):
    kind: Ident
    by: Person | None = None
    on: date | None = None


class Money(_Plain):
    amount: Decimal
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class BudgetLine(_Plain):
    category: Ident
    amount: Money
    beneficiary: Ident | None = None
    label: Text | None = None


class Budget(_Plain):
    lines: tuple[BudgetLine, ...] = ()


class ExchangeRate(_Plain):
    base: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    quote: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    rate: Annotated[Decimal, Field(gt=0)]


class PlainApplication(_Plain):
    """The application as a pydantic user would write it without callrules."""

    id: Ident
    call: Ident | None = None
    submitted_at: AwareDatetime
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
    submitter: Person
    host: Host
    visitors: tuple[Visitor, ...] = Field(min_length=1)
    documents: tuple[Document, ...] = ()
    approvals: tuple[Approval, ...] = ()
    budget: Budget = Budget()
    exchange_rates: tuple[ExchangeRate, ...] = ()
    answers: dict[str, str | int | bool | None] = {}


def _time(fn: Callable[[Any], object], block: list[Any]) -> float:
    start = time.perf_counter()
    for item in block:
        fn(item)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="applications (default 5000)")
    parser.add_argument("--block", type=int, default=250, help="applications per block")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the data")
    args = parser.parse_args(argv)

    dicts = list(cnrs_batch.applications(args.n))
    texts = [json.dumps(d, ensure_ascii=False) for d in dicts]
    parse = callrules.parse_application
    for d, t in zip(dicts, texts, strict=True):  # same data accepted by both, same answer
        ours, plain = parse(d), PlainApplication.model_validate(d)
        assert parse(t) == ours and PlainApplication.model_validate_json(t) == plain
        assert ours.id == plain.id and len(ours.budget.lines) == len(plain.budget.lines)

    contestants: dict[str, tuple[Callable[[Any], object], list[Any]]] = {
        "callrules dict": (parse, dicts),
        "plain dict": (PlainApplication.model_validate, dicts),
        "callrules json": (parse, texts),
        "plain json": (PlainApplication.model_validate_json, texts),
    }
    totals = dict.fromkeys(contestants, 0.0)
    ratios: dict[str, list[float]] = {"dict": [], "json": []}
    names = list(contestants)
    for round_ in range(args.rounds):
        order = names[round_ % len(names):] + names[:round_ % len(names)]
        for lo in range(0, args.n, args.block):
            spent = {}
            for name in order:
                fn, data = contestants[name]
                spent[name] = _time(fn, data[lo:lo + args.block])
                totals[name] += spent[name]
            for kind in ratios:
                ratios[kind].append(spent[f"callrules {kind}"] / spent[f"plain {kind}"])

    count = args.n * args.rounds
    print(f"validation of {args.n} generated CNRS applications, {args.rounds} rounds, "
          f"blocks of {args.block}; pydantic {__import__('pydantic').VERSION}, "
          f"Python {sys.version.split()[0]}")
    for name in names:
        print(f"  {name:<16} {totals[name] / count * 1e6:8.1f} µs per application")
    status = 0
    for kind, values in ratios.items():
        ratio = statistics.median(values)
        q = statistics.quantiles(values, n=10)
        met = "met" if ratio <= TARGET else "MISSED"
        print(f"  callrules / plain pydantic ({kind:>4}): {ratio:5.2f}x "
              f"(blocks p10–p90 {q[0]:.2f}–{q[-1]:.2f})   target <= {TARGET}x   {met}")
    return status


if __name__ == "__main__":
    sys.exit(main())
