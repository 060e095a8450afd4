"""A call's named parameters: a cap as money, a number of days, a set of codes…

The kind of a parameter follows from how it is written:

=============================================  ============
written                                        kind
=============================================  ============
``7``                                          int
``true``                                       bool
``"2026"`` / ``"text"``                        str
``2026-12-31`` (TOML date) / ``{date = "…"}``  date
``{amount = "3100.00", currency = "EUR"}``     money
``{decimal = "0.5"}``                          decimal
``["transport", "subsistence"]``               set
``{region = "005"}``                           set (the countries of a UN M49 region)
``{set = "name"}``                             set (a named set registered by the platform)
``{table = {…}, versions = […]}``              table (dated rates: :mod:`callrules.budget.tables`)
=============================================  ============
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from callrules import _codes
from callrules._definitions import LIMITS
from callrules._keys import listed_twice, twice_said
from callrules._money import Money, parse_amount
from callrules.budget.tables import is_table, parse_table
from callrules.exceptions import DefinitionError

__all__ = ["Parameter", "named_set", "parse_parameter", "register_set", "sets_registered"]

_NAMED_SETS: dict[str, frozenset[str]] = {}
_REGISTERED = [0]  # (how many sets were registered: :func:`sets_registered`)


def sets_registered() -> int:
    """How many times a named set was registered in this process: a call file that did not
    load for a set unknown then may load once it is (``calls`` reads it again)."""
    return _REGISTERED[0]


def register_set(name: str, values: Iterable[str]) -> None:
    """Register a named set (a platform's list of affiliated units, its own regions…) that
    call files can use as ``{set = "name"}``. Registering a name again replaces it.
    :class:`~callrules.DefinitionError` (``bad_named_set``) if the name or the values are
    not those of a set, or two values are one text key (``café`` precomposed and
    decomposed: see :func:`callrules._keys.listed_twice`)."""
    if not isinstance(name, str) or not name or len(name) > 64:
        raise DefinitionError("a set name is a non-empty string of at most 64 characters",
                              code="bad_named_set", source="register_set")
    items: list[object] = []
    try:
        for value in values if not isinstance(values, (str, bytes)) else [values]:
            items.append(value)
            if len(items) > LIMITS["set_items"] or not isinstance(value, str):
                raise ValueError
    except (TypeError, ValueError):
        raise DefinitionError(f"a named set holds at most {LIMITS['set_items']} strings",
                              code="bad_named_set", source="register_set", loc=(name,)
                              ) from None
    distinct = list(dict.fromkeys(items))  # a repeat of one text is a set's own business
    twice = listed_twice(distinct)
    if twice is not None:  # two texts of one key: one value to every rule
        raise DefinitionError(twice_said(distinct, twice), code="bad_named_set",
                              source="register_set", loc=(name,))
    _NAMED_SETS[name] = frozenset(str(v) for v in items)
    _REGISTERED[0] += 1


def named_set(name: str) -> frozenset[str]:
    """The registered set ``name``; ``LookupError`` naming the registered ones if unknown."""
    try:
        return _NAMED_SETS[name]
    except KeyError:
        known = ", ".join(sorted(_NAMED_SETS)) or "none"
        raise LookupError(f"no named set {name!r} is registered (registered: {known})"
                          ) from None


@dataclass(frozen=True, slots=True)
class Parameter:
    """A parsed parameter: its name, kind, value, and where a set came from."""

    name: str
    kind: str  # int bool str date money decimal set table
    value: Any
    region: str | None = None
    named_set: str | None = None


def parse_parameter(name: str, raw: object,
                    named_sets: Callable[[str], frozenset[str]] = named_set) -> Parameter:
    """Parse one parameter as written in a call file; ``ValueError`` saying what is expected."""
    if isinstance(raw, bool):
        return Parameter(name, "bool", raw)
    if isinstance(raw, int):
        if abs(raw) > 10**15:
            raise ValueError("a whole-number parameter has at most 15 digits")
        return Parameter(name, "int", raw)
    if isinstance(raw, str):
        return Parameter(name, "str", raw)
    if isinstance(raw, date) and not hasattr(raw, "hour"):
        return Parameter(name, "date", raw)
    if isinstance(raw, list):
        if len(raw) > LIMITS["set_items"]:
            raise ValueError(f"a set may hold at most {LIMITS['set_items']} items")
        if not all(isinstance(v, str) for v in raw) and not all(
                isinstance(v, int) and not isinstance(v, bool) and abs(v) <= 10**15
                for v in raw):
            raise ValueError("a set is a list of strings (or of whole numbers of at most 15 "
                             "digits), all of one kind")
        twice = listed_twice(raw)
        if twice is not None:  # one key: one value to every rule that reads the set
            raise ValueError(twice_said(raw, twice))
        return Parameter(name, "set", frozenset(raw))
    if is_table(raw):
        assert isinstance(raw, Mapping)
        return Parameter(name, "table", parse_table(name, raw))
    if isinstance(raw, Mapping):
        keys = set(raw)
        if keys == {"amount", "currency"}:
            currency = raw["currency"]
            if not isinstance(currency, str):
                raise ValueError("currency must be an ISO 4217 code such as 'EUR'")
            return Parameter(name, "money", Money(raw["amount"], currency))
        if keys == {"region"}:
            code = raw["region"]
            try:
                return Parameter(name, "set", _codes.countries_in_region(str(code)),
                                 region=str(code))
            except LookupError as exc:
                raise ValueError(str(exc)) from None
        if keys == {"set"} and isinstance(raw["set"], str):
            try:
                return Parameter(name, "set", named_sets(raw["set"]), named_set=raw["set"])
            except LookupError as exc:
                raise ValueError(str(exc)) from None
        if keys == {"decimal"}:
            return Parameter(name, "decimal", parse_amount(raw["decimal"]))
        if keys == {"date"} and isinstance(raw["date"], (str, date)) and not hasattr(
                raw["date"], "hour"):  # a datetime is not a date parameter
            value = raw["date"]
            return Parameter(name, "date",
                             value if isinstance(value, date) else date.fromisoformat(value))
    raise ValueError(
        "a parameter is a number, a string, a date, a list of strings, money "
        "({amount = \"3100.00\", currency = \"EUR\"}), {region = \"005\"}, "
        "{set = \"name\"}, {decimal = \"0.5\"}, {date = \"2026-12-31\"} or a table "
        "({table = {keys = [\"place\"], value = \"money\", currency = \"EUR\"}, "
        "versions = [{from = 2023-09-22, source = \"…\", rows = […]}]})")
