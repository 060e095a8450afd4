"""Fuzz targets for callrules: each takes bytes and checks the library's contract.

The contract (README, ``callrules.exceptions``): every way into the library refuses bad input
with a typed error, a subclass of :class:`callrules.CallrulesError` (``InputError``,
``DefinitionError``, ``TimeError``, ``CurrencyMismatchError``, ``MissingExchangeRateError``),
never with anything else, and never hangs. ``Money`` and ``parse_amount`` refuse with
``ValueError`` (documented there). ``_i18n.negotiate`` never raises and always answers
``"fr"`` or ``"en"``.

A target returns normally when the contract holds for its input, and lets anything else
escape: the runner (``fuzz/run.py``) records every escaping exception as a finding. A
contract broken without an exception (a wrong answer) raises :class:`ContractViolation`.

These targets are not part of the test suite; run them with ``python fuzz/run.py``.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import datetime as dt
import functools
import io
import json
import struct
import tomllib
from collections import Counter
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

try:  # the real FuzzedDataProvider; a stand-in when atheris is not installed
    from atheris import FuzzedDataProvider

    HAVE_ATHERIS = True
except ImportError:  # pragma: no cover - exercised only without atheris
    HAVE_ATHERIS = False

import callrules
import callrules._encodings
import callrules._json_lines
import callrules._sources
from callrules._definitions import OPS
from callrules._i18n import negotiate
from callrules._money import parse_amount

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
BUNDLED_CALL = ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml"

#: Every typed error of the library: the only exceptions its ways in may raise.
TYPED: tuple[type[BaseException], ...] = (callrules.CallrulesError,)
#: The documented refusal of ``Money`` and ``parse_amount``.
MONEY_REFUSAL: tuple[type[BaseException], ...] = (ValueError,)
#: The instant every evaluation is "at" (reports must not depend on the clock).
NOW = dt.datetime(2026, 6, 2, 8, 0, tzinfo=dt.UTC)
#: How the guarded calls ended, by function and outcome (``Call.from_text → DefinitionError
#: [syntax]``): shows how deep the fuzzer gets, in the runner's statistics.
OUTCOMES: Counter[str] = Counter()


class ContractViolation(AssertionError):
    """The library answered, but not as its contract says."""


def check(condition: object, message: str) -> None:
    """Raise :class:`ContractViolation` with ``message`` unless ``condition`` holds."""
    if not condition:
        raise ContractViolation(message)


# -- a stand-in FuzzedDataProvider (only without atheris: NOT coverage-guided) -------------
class _FallbackFDP:
    """The subset of ``atheris.FuzzedDataProvider`` the targets use, in pure Python."""

    def __init__(self, data: bytes) -> None:
        self._data = bytes(data)
        self._pos = 0

    def remaining_bytes(self) -> int:
        return len(self._data) - self._pos

    def _take(self, count: int) -> bytes:
        count = max(0, min(count, self.remaining_bytes()))
        out = self._data[self._pos:self._pos + count]
        self._pos += count
        return out

    def ConsumeBytes(self, count: int) -> bytes:
        return self._take(count)

    def ConsumeInt(self, size: int) -> int:
        raw = self._take(size)
        return int.from_bytes(raw, "little", signed=True) if raw else 0

    def ConsumeIntInRange(self, low: int, high: int) -> int:
        span = high - low
        if span <= 0:
            return low
        raw = self._take((span.bit_length() + 7) // 8)
        return low + int.from_bytes(raw, "little") % (span + 1) if raw else low

    def ConsumeBool(self) -> bool:
        return bool(self.ConsumeIntInRange(0, 1))

    def ConsumeProbability(self) -> float:
        return self.ConsumeIntInRange(0, 2**32 - 1) / (2**32 - 1)

    def ConsumeFloat(self) -> float:
        raw = self._take(8).ljust(8, b"\0")
        return float(struct.unpack("<d", raw)[0])

    def ConsumeRegularFloat(self) -> float:
        value = self.ConsumeFloat()
        return value if value == value and abs(value) != float("inf") else 0.0

    def ConsumeUnicode(self, count: int) -> str:
        mode = self.ConsumeIntInRange(0, 2)
        if mode == 0:
            return "".join(chr(b & 0x7F) for b in self._take(count))
        if mode == 1:
            raw = self._take(2 * count)
            return "".join(chr(int.from_bytes(raw[i:i + 2], "little"))
                           for i in range(0, len(raw) - 1, 2))
        raw = self._take(4 * count)
        return "".join(chr(int.from_bytes(raw[i:i + 4], "little") % 0x110000)
                       for i in range(0, len(raw) - 3, 4))

    def ConsumeUnicodeNoSurrogates(self, count: int) -> str:
        return "".join(c if not 0xD800 <= ord(c) <= 0xDFFF else "\ufffd"
                       for c in self.ConsumeUnicode(count))

    def PickValueInList(self, items: list[Any]) -> Any:
        return items[self.ConsumeIntInRange(0, len(items) - 1)]


if not HAVE_ATHERIS:  # pragma: no cover
    FuzzedDataProvider = _FallbackFDP  # type: ignore[misc,assignment]

FDP = Any  # atheris.FuzzedDataProvider or _FallbackFDP


# -- fixtures, loaded once -----------------------------------------------------------------
@functools.cache
def cnrs() -> callrules.Call:
    """The bundled CNRS call."""
    return callrules.calls.load("cnrs-amsud-2026")


@functools.cache
def _example_text(name: str) -> str:
    return (EXAMPLES / name).read_text("utf-8")


def eligible() -> dict[str, Any]:
    """A fresh copy of examples/eligible.json, as a dict."""
    data: dict[str, Any] = json.loads(_example_text("eligible.json"))
    return data


@functools.cache
def _call_data() -> dict[str, Any]:
    data: dict[str, Any] = tomllib.loads(BUNDLED_CALL.read_text("utf-8"))
    return data


def call_data() -> dict[str, Any]:
    """A fresh copy of the bundled call file, parsed with tomllib."""
    return copy.deepcopy(_call_data())


def call_json_text() -> str:
    """The bundled call file written as JSON (dates and times as ISO 8601 strings)."""
    return json.dumps(_call_data(), ensure_ascii=False, indent=1,
                      default=lambda v: v.isoformat())


@functools.cache
def sample_reports() -> tuple[callrules.Report, ...]:
    """Reports to render: the two examples against the bundled call, with and without now."""
    call = cnrs()
    return tuple(callrules.evaluate(call, _example_text(name), now=now)
                 for name in ("eligible.json", "ineligible.json") for now in (None, NOW))


# -- the contract, checked on what comes out -----------------------------------------------
def typed_error(exc: BaseException) -> None:
    """A typed error says what is wrong: a code, a message, and (InputError) its problems."""
    check(isinstance(exc, callrules.CallrulesError), f"not a typed error: {exc!r}")
    text = str(exc)
    check(isinstance(text, str) and text, f"{type(exc).__name__} without a message")
    code = getattr(exc, "code", None)
    check(isinstance(code, str) and code, f"{type(exc).__name__} without a code")
    if isinstance(exc, callrules.InputError):
        check(exc.problems, "an InputError without problems")
        for problem in exc.problems:
            check(isinstance(problem.loc, tuple), f"problem.loc is {problem.loc!r}")
            check(isinstance(problem.msg, str) and problem.msg, "a problem without a message")
            check(isinstance(problem.path, str), "a problem without a path")
    if isinstance(exc, callrules.DefinitionError):
        check(isinstance(exc.loc, tuple), f"DefinitionError.loc is {exc.loc!r}")
        check(isinstance(exc.message, str) and exc.message, "DefinitionError without message")


def guarded(function: Callable[..., Any], *args: Any,
            allowed: tuple[type[BaseException], ...] = TYPED, **kwargs: Any) -> Any:
    """``function(*args, **kwargs)``, or None if it raised an allowed (typed) error.

    Any other exception escapes: it is a finding."""
    what = getattr(function, "__qualname__", type(function).__name__)
    try:
        result = function(*args, **kwargs)
    except allowed as exc:
        code = getattr(exc, "code", None) if isinstance(exc, callrules.DefinitionError) else None
        OUTCOMES[f"{what} → {type(exc).__name__}" + (f"[{code}]" if code else "")] += 1
        if allowed is TYPED:
            typed_error(exc)
        return None
    OUTCOMES[f"{what} → returned"] += 1
    return result


def report_ok(report: object, locales: tuple[str, ...] = ("en", "fr")) -> None:
    """A report is complete, and renders as text, JSON and HTML in each locale."""
    check(isinstance(report, callrules.Report), f"evaluate returned {type(report).__name__}")
    assert isinstance(report, callrules.Report)
    check(report.eligible == (not report.errors), "eligible disagrees with errors")
    for finding in report.findings:
        check(finding.clause, "a finding without a clause")
        check(finding.code, "a finding without a code")
    for locale in locales:
        check(isinstance(report.render(locale), str), "render is not text")
        payload = json.loads(report.to_json(locale))
        check(payload["eligible"] == report.eligible, "to_json disagrees with eligible")
        check(isinstance(report.html(locale), str), "html is not text")


def evaluate_ok(call: callrules.Call, record: object, *, render: bool = True) -> None:
    """``record`` against ``call``: a report that renders, or a typed error."""
    report = guarded(callrules.evaluate, call, record)
    if report is not None and render:
        report_ok(report)


def as_text(data: bytes) -> str | None:
    """``data`` as UTF-8 text with undecodable bytes as lone surrogates, or None if it is
    valid UTF-8 already (the bytes path then reads the same text)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("utf-8", "surrogateescape")
    return None


# -- structure-aware mutation of a JSON-like document ---------------------------------------
Place = tuple[str | int, ...]


def places(value: object, prefix: Place = ()) -> list[Place]:
    """Every place in ``value`` (objects, arrays and their items), outermost first."""
    out: list[Place] = [prefix]
    stack: list[tuple[object, Place]] = [(value, prefix)]
    while stack:
        item, here = stack.pop()
        children: list[tuple[object, Place]] = []
        if isinstance(item, dict):
            children = [(v, (*here, k)) for k, v in item.items()]
        elif isinstance(item, list):
            children = [(v, (*here, i)) for i, v in enumerate(item)]
        out.extend(place for _, place in children)
        stack.extend(children)
    return out


def get(doc: Any, place: Place) -> Any:
    """The value at ``place`` in ``doc``."""
    for part in place:
        doc = doc[part]
    return doc


def dotted(place: Place) -> str:
    """A place as a rule path (``visitors.institution.location.country``: no indices)."""
    return ".".join(p for p in place if isinstance(p, str))


APP_STRINGS = [
    "", " ", "\u0000", "\ud800", "\udfff", "\u202e", "é", "𝔘", "null", "NaN", "Infinity",
    "EUR", "BRL", "JPY", "XXX", "eur", "FR", "BR", "GF", "CL", "ZZ", "fr", "en", "pt", "xx",
    "FR-75C", "BR-SP", "BR-XX", "engineer", "technician", "permanent", "unit_director", "cv",
    "project_description", "transport", "lodging", "meals", "v1", "v2", "CNRS",
    "2026-06-01T17:00:00+02:00", "2026-06-01T15:00:01Z", "2026-06-01T17:00:00",
    "2026-03-29T02:30:00+01:00", "0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59-23:59",
    "2026-02-29", "2026-09-14", "2027-01-01", "0001-01-01", "9999-12-31", "2026-13-01",
    "2026-06-01T24:00:00+02:00", "2026-W23-1", "20260601", "1180.00", "-0", "+0", ".5",
    "12.", "1e3", "1E+3", "-10.00", "999999999999999999.99999999", "0.123456789",
    "9" * 19, "٣١٠٠", "３１００", "3,100.00", "0", "0.00000001",
    "claire.morel@ipgp.fr", "CLAIRE.MOREL@IPGP.FR", "a@b", "@", "x" * 300, "x" * 5000,
]
APP_NUMBERS: list[object] = [
    0, -1, 1, 2, 3, 7, 8, 1000, 1001, 2**31, 2**63, -(2**63), 10**18, 10**19, 10**50,
    0.0, -0.0, 0.1, 1e308, float("nan"), float("inf"), float("-inf"), Decimal("1180.10"),
    Decimal("1e999999"), Decimal("NaN"), Decimal("-0"), True, False, None,
    10**4300 - 1, -(10**4301),  # the longest int Python writes as text, and one digit more
]


def fuzzed_value(fdp: FDP, doc: Any, spots: list[Place], strings: list[str],
                 extras: list[object], depth: int = 0) -> object:
    """A value the provider chooses: a scalar, a string, a known-interesting value, a copy
    of a part of ``doc`` (one of ``spots``), or (not too deep) a list or object of such
    values."""
    kind = fdp.ConsumeIntInRange(0, 13 if depth < 3 else 8)
    if kind == 0:
        return None
    if kind == 1:
        return fdp.ConsumeBool()
    if kind == 2:
        return fdp.ConsumeInt(fdp.ConsumeIntInRange(1, 48))
    if kind == 3:
        return fdp.ConsumeFloat()
    if kind == 4:
        return fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 64))
    if kind == 5:
        return fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 64))
    if kind == 6:
        return fdp.PickValueInList(strings)
    if kind == 7:
        return copy.deepcopy(fdp.PickValueInList(extras))
    if kind == 8:  # a date or date-time built from fuzzed fields
        year, month, day = (fdp.ConsumeIntInRange(0, 10000), fdp.ConsumeIntInRange(0, 13),
                            fdp.ConsumeIntInRange(0, 32))
        text = f"{year:04d}-{month:02d}-{day:02d}"
        if fdp.ConsumeBool():
            text += (f"T{fdp.ConsumeIntInRange(0, 25):02d}:{fdp.ConsumeIntInRange(0, 60):02d}"
                     f":{fdp.ConsumeIntInRange(0, 61):02d}")
            text += fdp.PickValueInList(["", "Z", "+02:00", "-03:00", "+23:59", "-24:00",
                                         "+14:00", ".999999+00:00", " Europe/Paris"])
        return text
    if kind == 9:  # a copy of another part of the document
        return copy.deepcopy(get(doc, fdp.PickValueInList(spots)))
    if kind == 10:
        return [fuzzed_value(fdp, doc, spots, strings, extras, depth + 1)
                for _ in range(fdp.ConsumeIntInRange(0, 4))]
    if kind == 11:
        return {fuzzed_key(fdp, strings): fuzzed_value(fdp, doc, spots, strings, extras, depth + 1)
                for _ in range(fdp.ConsumeIntInRange(0, 4))}
    if kind == 12:  # a part of the document, repeated (a scalar up to 1,100 times)
        item = get(doc, fdp.PickValueInList(spots))
        most = 12 if isinstance(item, (dict, list)) else 1100
        return [copy.deepcopy(item) for _ in range(fdp.ConsumeIntInRange(0, most))]
    return {"amount": fuzzed_value(fdp, doc, spots, strings, extras, depth + 1),
            "currency": fdp.PickValueInList(["EUR", "BRL", "CLP", "JPY", "USD", "XXX", "eur"])}


def fuzzed_key(fdp: FDP, strings: list[str]) -> str:
    """An object key: a known field name, or any text."""
    if fdp.ConsumeBool():
        return str(fdp.PickValueInList(strings))
    return str(fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 16)))


def mutate(fdp: FDP, doc: Any, strings: list[str], extras: list[object]) -> Any:
    """``doc`` after 1 to 4 structure-aware mutations chosen by the provider (fewer if the
    document grows past 20,000 places: the fuzzer looks for bugs, not for slow inputs)."""
    keys = [k for p in places(doc) for k in p if isinstance(k, str)]
    names = list(dict.fromkeys(keys + strings))
    for _ in range(fdp.ConsumeIntInRange(1, 4)):
        spots = places(doc)
        if len(spots) > 20_000:
            break
        where = fdp.PickValueInList(spots)
        action = fdp.ConsumeIntInRange(0, 7)
        if not where:  # the whole document
            if action == 0:
                doc = fuzzed_value(fdp, doc, spots, names, extras)
            continue
        parent, last = get(doc, where[:-1]), where[-1]
        current = parent[last]
        if action <= 2:  # replace the value
            parent[last] = fuzzed_value(fdp, doc, spots, names, extras)
        elif action == 3:  # remove it
            del parent[last]
        elif action == 4:  # add a sibling: a new key, or one more item
            value = fuzzed_value(fdp, doc, spots, names, extras)
            if isinstance(parent, dict):
                parent[fuzzed_key(fdp, names)] = value
            else:
                parent.insert(fdp.ConsumeIntInRange(0, len(parent)), value)
        elif action == 5 and isinstance(current, str):  # edit the text
            cut = fdp.ConsumeIntInRange(0, len(current))
            insert = fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 8))
            keep = fdp.ConsumeIntInRange(cut, len(current))
            parent[last] = current[:cut] + insert + current[keep:]
        elif action == 5 and isinstance(current, int) and not isinstance(current, bool):
            parent[last] = current + fdp.ConsumeIntInRange(-3, 3) * fdp.PickValueInList(
                [1, 10**6, 10**20])
        elif action == 6 and isinstance(current, (dict, list)) and current:  # drop a child
            child = fdp.PickValueInList(list(current) if isinstance(current, dict)
                                        else list(range(len(current))))
            del current[child]
        else:  # swap with another place's value (copied)
            parent[last] = copy.deepcopy(get(doc, fdp.PickValueInList(spots)))
    return doc


# -- (1) application JSON text -------------------------------------------------------------
def app_json(data: bytes) -> None:
    """Bytes (and, if not UTF-8, the same as text with lone surrogates) as an application."""
    call = cnrs()
    evaluate_ok(call, data)
    text = as_text(data)
    if text is not None:
        evaluate_ok(call, text)


# -- (2) structure-aware mutations of examples/eligible.json --------------------------------
APP_EXTRAS: list[object] = [
    *APP_NUMBERS, [], {}, [[]], {"": None}, {"amount": "1", "currency": "EUR", "x": 1},
    {"base": "BRL", "quote": "EUR", "rate": "0"}, {"base": "EUR", "quote": "BRL", "rate": "6"},
    {"base": "BRL", "quote": "BRL", "rate": "1"}, {"arrival": "2026-12-31",
                                                    "departure": "2027-01-01"},
    {"kind": "cv", "owner": "v1", "pages": 0}, {"k": {"nested": [1]}},
]


def app_mutate(data: bytes) -> None:
    """The eligible example, mutated field by field, evaluated alone, as JSON, in a batch."""
    fdp = FuzzedDataProvider(data)
    app = mutate(fdp, eligible(), APP_STRINGS, APP_EXTRAS)
    call = cnrs()
    mode = fdp.ConsumeIntInRange(0, 3)
    if mode == 0:  # the dict itself
        evaluate_ok(call, app)
    elif mode == 1:  # written as JSON text first (Decimals as strings; NaN as NaN)
        try:
            text = json.dumps(app, default=str)
        except ValueError:  # an int of more than 4300 digits has no JSON text
            return
        evaluate_ok(call, text)
    elif mode == 2:  # at a given instant
        report = guarded(callrules.evaluate, call, app, now=NOW)
        if report is not None:
            report_ok(report)
    else:  # in a batch with the eligible example and itself (rules spanning applications)
        batch = [app, eligible(), app]
        result = guarded(callrules.evaluate_many, call, batch, now=NOW, progress=False)
        if result is not None:
            check(len(result) == 3, f"{len(result)} results for 3 records")
            for index, item in enumerate(result):
                check(item.index == index, "batch items out of order")
                check((item.report is None) != (item.error is None),
                      "an item is either a report or an input error")
                if item.error is not None:
                    typed_error(item.error)
                json.dumps(item.to_dict("fr"))
            result.rows("fr")
            result.html("en")


# -- (3) call files ------------------------------------------------------------------------
def _call_loaded(call: object) -> None:
    """A call that loaded judges both examples, reports that render."""
    check(isinstance(call, callrules.Call), f"a call loaded as {type(call).__name__}")
    assert isinstance(call, callrules.Call)
    for name in ("eligible.json", "ineligible.json"):
        report = guarded(callrules.evaluate, call, _example_text(name), now=NOW)
        if report is not None:
            report_ok(report)


def _from_text(data: bytes, format: str) -> None:
    call = guarded(callrules.Call.from_text, data, format=format)
    if call is not None:
        _call_loaded(call)
    text = as_text(data)
    if text is not None:
        call = guarded(callrules.Call.from_text, text, format=format)
        if call is not None:
            _call_loaded(call)


def call_toml(data: bytes) -> None:
    """Bytes as a TOML call file."""
    _from_text(data, "toml")


def call_json(data: bytes) -> None:
    """Bytes as a JSON call file."""
    _from_text(data, "json")


def _call_strings() -> list[str]:
    call = _call_data()
    app_paths = sorted({dotted(p) for p in places(eligible()) if dotted(p)})
    return [
        *OPS, "op", "rules", "rule", "where", "as", "path", "cmp", "to", "set", "value",
        "case_insensitive", "start", "end", "min", "max", "count", "year", "of", "order_by",
        "requirement", "clause", "severity", "check", "description", "param", "milestone",
        "years", "months", "days", "history", "from", "at", "fold", "region", "decimal",
        "date", "amount", "currency", "==", "!=", "<", "<=", ">", ">=", "nights", "error",
        "warning", "fr", "en", "pt", "xx", "Europe/Paris", "America/Santiago", "UTC",
        "Nowhere/Land", "../etc/passwd", "/etc/localtime", "EUR", "BRL", "eur", "005", "419",
        "999", "FR", "GF", "$root", "$visitor", "$root.visitors.id", "$visitor.id",
        "$nobody.id", "__class__", "host..unit", "host.", "2026-06", "2026-13", "2026-06-01",
        "2026-06-01T17:00:00", "2026-03-29T02:30:00", "2026-10-25T02:30:00",
        "2026-06-01T17:00:00+02:00", "0001-01-01", "9999-12-31T23:59:59", "-0", "1e3", "NaN",
        *app_paths, *call["parameters"], *call["timeline"],
        *(c["id"] for c in call["clauses"]),
    ]


@functools.cache
def call_strings() -> list[str]:
    """Known names and values of call files: ops, keys, paths, parameters, milestones…"""
    return _call_strings()


def call_extras() -> list[object]:
    """Values a call file can hold that JSON cannot: TOML dates, times, date-times."""
    paris = dt.timezone(dt.timedelta(hours=2))
    return [
        *APP_NUMBERS, [], {}, dt.date(2026, 6, 1), dt.date(1, 1, 1), dt.date(9999, 12, 31),
        dt.datetime(2026, 6, 1, 17), dt.datetime(2026, 3, 29, 2, 30),
        dt.datetime(2026, 10, 25, 2, 30), dt.datetime(2026, 6, 1, 17, tzinfo=paris),
        dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31, 23, 59, 59),
        dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=23, minutes=59))),
        dt.time(17, 0), {"param": "cap"}, {"param": "nope"}, {"milestone": "deadline"},
        {"milestone": "evaluation", "days": -1}, {"milestone": "results", "months": 10**6},
        {"milestone": "deadline", "years": 1000}, {"milestone": "opening", "days": -1000},
        "9999-12", "0001-01", dt.datetime(9500, 6, 1, 17), dt.date(9999, 12, 1),
        {"milestone": "nope"}, {"path": "submitted_at"}, {"path": "$root.visitors.id"},
        {"region": "005"}, {"region": "000"}, {"set": "nope"}, {"decimal": "0.5"},
        {"decimal": "NaN"}, {"date": "2026-06-01"}, {"amount": "3100.00", "currency": "EUR"},
        {"at": dt.datetime(2026, 10, 25, 2, 30), "fold": 1}, {"at": "2026-06", "fold": 2},
        {"history": [{"from": dt.datetime(2026, 5, 1), "value": 7},
                     {"from": "2026-05-15T12:00:00+02:00", "value": 8}]},
        {"history": []}, {"op": "present", "path": "host.unit.kind"},
        {"op": "not", "rule": {"op": "present", "path": "id"}},
        {"op": "unique", "path": "id"}, {"op": "total", "path": "budget.lines", "of": "amount",
                                         "max": {"param": "cap"}},
        {"op": "days", "start": "stay.arrival", "end": "stay.departure", "count": "years",
         "max": 10**30},
        {"fr": "texte", "en": "text"}, {"fr": "texte"},
    ]


def call_mutate(data: bytes) -> None:
    """The bundled call file (parsed with tomllib), mutated as a dict, then Call.from_dict;
    when it loads, it judges the examples."""
    fdp = FuzzedDataProvider(data)
    doc = mutate(fdp, call_data(), call_strings(), call_extras())
    call = guarded(callrules.Call.from_dict, doc)
    if call is not None:
        _call_loaded(call)


# -- (4) strings: money, instants, locales, rendering ----------------------------------------
def _decode(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def money(data: bytes) -> None:
    """Text as an amount (Money and parse_amount: ValueError allowed), as an int and a
    Decimal too; an accepted amount obeys the rule and does arithmetic without error."""
    text = _decode(data)
    candidates: list[object] = [text, int.from_bytes(data[:64], "little", signed=True)]
    with contextlib.suppress(InvalidOperation, ValueError):
        candidates.append(Decimal(text))
    for value in candidates:
        amount = guarded(parse_amount, value, allowed=MONEY_REFUSAL)
        euros = guarded(callrules.Money, value, "EUR", allowed=MONEY_REFUSAL)
        check((amount is None) == (euros is None), f"parse_amount and Money disagree on {value!r}")
        if euros is None:
            continue
        check(euros.amount == amount, "Money keeps another amount than parse_amount reads")
        digits, exponent = len(amount.as_tuple().digits), amount.as_tuple().exponent
        check(amount.is_finite() and isinstance(exponent, int), f"{amount!r} is not finite")
        assert isinstance(exponent, int)
        check(digits + exponent <= 18 and -exponent <= 8, f"{amount!r} breaks the bounds")
        check(not amount.is_signed() or amount < 0, "-0 was not read as zero")
        check(euros == callrules.Money(f"{euros.amount:f}", "EUR"),
              "the amount does not round-trip")
        str(euros), repr(euros), hash(euros)
        euros.rounded()
        check(euros + euros - euros == euros, "adding then subtracting changed the amount")
        check(callrules.Money.total([euros, euros], "EUR") == euros + euros, "total is no sum")
        check(euros <= euros + callrules.Money("0", "EUR"), "an amount is above itself")
        rate = amount.copy_abs()
        if rate > 0:
            guarded(euros.convert, "BRL", {("EUR", "BRL"): rate})
            guarded(euros.convert, "BRL", {("BRL", "EUR"): rate})
    currency = text[:8]
    guarded(callrules.Money, "1", currency, allowed=MONEY_REFUSAL)


def instant(data: bytes) -> None:
    """Text as an instant: an aware datetime, or TimeError."""
    text = _decode(data)
    parsed = guarded(callrules.parse_instant, text)
    if parsed is not None:
        check(isinstance(parsed, dt.datetime), f"parse_instant returned {parsed!r}")
        check(parsed.tzinfo is not None and parsed.utcoffset() is not None,
              f"parse_instant returned a naive {parsed!r}")


def locale(data: bytes) -> None:
    """negotiate never raises and always answers fr or en, whatever the locale and fallback."""
    text = _decode(data)
    cut = data.find(b"\0")
    first, second = (text, "en") if cut < 0 else (_decode(data[:cut]), _decode(data[cut + 1:]))
    for args in ((first,), (first, second), (None, second), (text, text)):
        answer = negotiate(*args)
        check(answer in ("fr", "en"), f"negotiate{args!r} answered {answer!r}")


def render(data: bytes) -> None:
    """Reports rendered for any locale (and, after a NUL byte, any zone: TimeError allowed):
    render, to_json, html and each finding's message never fail otherwise."""
    text = _decode(data)
    cut = text.find("\0")
    locale_text, zone = (text, None) if cut < 0 else (text[:cut], text[cut + 1:])
    for report in sample_reports():
        rendered = guarded(report.render, locale_text, zone)
        check(rendered is None or isinstance(rendered, str), "render is not text")
        check(json.loads(report.to_json(locale_text))["eligible"] == report.eligible,
              "to_json disagrees with the report")
        json.loads(report.to_json())
        page = guarded(report.html, locale_text, zone)
        check(page is None or isinstance(page, str), "html is not text")
        for finding in report.findings:
            message = guarded(finding.message, locale_text, zone)
            check(message is None or (isinstance(message, str) and message),
                  "a finding without a message")


# -- (9) batches: streams of records, damaged with knowledge of their structure ------------
def flatten(value: Any, prefix: str = "") -> dict[str, str]:
    """An application as CSV columns named by field path (lists of text in one cell)."""
    out: dict[str, str] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}{key}."))
    elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        out[prefix[:-1]] = "; ".join(value)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out.update(flatten(item, f"{prefix}{index}."))
    elif value is not None:
        out[prefix[:-1]] = str(value)
    return out


def serialised(fmt: str, apps: list[dict[str, Any]]) -> tuple[bytes, list[bytes], bytes]:
    """The head, each record's bytes and the tail of ``apps`` written as ``fmt``."""
    if fmt == "jsonl":
        return b"", [json.dumps(a, ensure_ascii=False).encode() + b"\n" for a in apps], b""
    if fmt == "array":
        body = [json.dumps(a, ensure_ascii=False, indent=1).encode() for a in apps]
        return b"[\n", [b + (b",\n" if i < len(body) - 1 else b"\n")
                        for i, b in enumerate(body)], b"]\n"
    rows = [flatten(a) for a in apps]
    header = sorted({k for row in rows for k in row})
    out = io.StringIO()
    csv.writer(out).writerow(header)
    head = out.getvalue().encode()
    body = []
    for row in rows:
        out = io.StringIO()
        csv.writer(out).writerow([row.get(k, "") for k in header])
        body.append(out.getvalue().encode())
    return head, body, b""


#: Damage that leaves every record readable and equal.
HARMLESS_DAMAGE = ("bom", "blank", "cr")
DAMAGE = ("bad_byte", "cr", "bom", "blank", "quote", "huge", "truncate", "delete", "newline",
          "duplicate", "bytes")


def damaged(fdp: FDP, fmt: str, record: bytes, kind: str) -> bytes:
    """``record`` with one damage of ``kind``, at a place the provider picks."""
    where = fdp.ConsumeIntInRange(0, max(0, len(record) - 1))
    if kind == "bad_byte":
        return record[:where] + fdp.PickValueInList([b"\xff", b"\xc3", b"\x80", b"\xed\xa0\x80"]) \
            + record[where:]
    if kind == "cr":  # where JSON allows whitespace; a CRLF line end in CSV
        return record[:-1] + b"\r\n" if fmt == "csv" else record[:1] + b"\r" + record[1:]
    if kind == "blank":
        return b"\n" * fdp.ConsumeIntInRange(1, 3) + record
    if kind == "quote":
        return record[:where] + b'"' + record[where:]
    if kind == "huge":
        return record[:where] + b"x" * fdp.ConsumeIntInRange(100_000, 300_000) + record[where:]
    if kind == "truncate":
        return record[:where]
    if kind == "delete":
        return record[:where] + record[where + 1:]
    if kind == "newline":
        return record[:where] + b"\n" + record[where:]
    if kind == "duplicate":
        return record + record
    return record[:where] + fdp.ConsumeBytes(fdp.ConsumeIntInRange(1, 16)) + record[where:]


def batch_damage(data: bytes) -> None:
    """1 to 5 applications written as JSON Lines, a JSON array or CSV, from a file or
    standard input, damaged 1 to 3 times with knowledge of where records and cells are: every
    record read gives one result, every input problem is typed and labelled; with harmless
    damage only (a BOM, blank lines, carriage returns), nothing changes."""
    fdp = FuzzedDataProvider(data)
    count = fdp.ConsumeIntInRange(1, 5)
    apps = []
    for number in range(count):
        app = eligible()
        app["id"] = f"F-{number}"
        app["host"]["person"]["email"] = f"h{fdp.ConsumeIntInRange(0, 2)}@cnrs.fr"
        if fdp.ConsumeBool():
            app["visitors"][0]["family_name"] = fdp.ConsumeUnicodeNoSurrogates(8)
        apps.append(app)
    fmt = fdp.PickValueInList(["jsonl", "array", "csv"])
    head, body, tail = serialised(fmt, apps)
    intact = _batch_read(fmt, head + b"".join(body) + tail)
    kinds = []
    for _ in range(fdp.ConsumeIntInRange(1, 3)):
        kind = fdp.PickValueInList(list(DAMAGE))
        kinds.append(kind)
        if kind == "bom":  # a second mark would be text of the first record, not a mark
            head = head if head.startswith(b"\xef\xbb\xbf") else b"\xef\xbb\xbf" + head
        else:
            which = fdp.ConsumeIntInRange(0, len(body) - 1)
            body[which] = damaged(fdp, fmt, body[which], kind)
    read = _batch_read(fmt, head + b"".join(body) + tail)
    for item in read:
        check(isinstance(item.source, str) and item.source, "a record without a label")
        if isinstance(item.data, callrules.InputError):
            typed_error(item.data)
    call = cnrs()
    result = callrules.evaluate_many(call, read, now=NOW, progress=False)
    check(len(result) == len(read), f"{len(read)} records read, {len(result)} results")
    for item in result:
        json.dumps(item.to_dict("fr"))
    if all(k in HARMLESS_DAMAGE for k in kinds):
        check(len(read) == count, f"{kinds}: {count} records meant, {len(read)} read")
        before = callrules.evaluate_many(call, intact, now=NOW, progress=False)
        check([_outcome(i) for i in result] == [_outcome(i) for i in before],
              f"{kinds}: records changed")


def _batch_read(fmt: str, stream: bytes) -> list[Any]:
    if fmt == "csv":
        return list(callrules.records_from_csv(io.StringIO(stream.decode("utf-8",
                                                                         "surrogateescape"))))
    return list(callrules.records("-", stdin=io.TextIOWrapper(io.BytesIO(stream))))


def _outcome(item: Any) -> Any:
    if item.report is not None:
        return item.report.to_dict()
    return [(p.loc, p.type) for p in item.error.problems]


def batch_bytes(data: bytes) -> None:
    """Raw bytes as a batch: the first byte picks CSV, a file of JSON Lines or standard input
    (JSON Lines, an array, a document); every record gives one typed result."""
    if not data:
        return
    kind, rest = data[0] % 3, data[1:]
    if kind == 0:
        read = list(callrules.records_from_csv(io.StringIO(rest.decode("utf-8",
                                                                       "surrogateescape"))))
    elif kind == 1:
        read = list(callrules._json_lines.jsonl(callrules._encodings.lines(
            callrules._sources._raw(io.BytesIO(rest).readline)), "f.jsonl"))
    else:
        read = list(callrules.records("-", stdin=io.TextIOWrapper(io.BytesIO(rest))))
    result = callrules.evaluate_many(cnrs(), read, now=NOW, progress=False)
    check(len(result) == len(read), "a record lost between reading and checking")
    for item in result:
        if item.error is not None:
            typed_error(item.error)


#: Every target, by name.
TARGETS: dict[str, Callable[[bytes], None]] = {
    "batch_damage": batch_damage,
    "batch_bytes": batch_bytes,
    "app_json": app_json,
    "app_mutate": app_mutate,
    "call_toml": call_toml,
    "call_json": call_json,
    "call_mutate": call_mutate,
    "money": money,
    "instant": instant,
    "locale": locale,
    "render": render,
}


def seeds(target: str) -> list[bytes]:
    """The seed corpus of ``target``: the examples and the bundled call, and a few strings."""
    examples = [path.read_bytes() for path in sorted(EXAMPLES.glob("*.json"))]
    toml = BUNDLED_CALL.read_bytes()
    if target in ("app_json", "app_mutate"):
        return examples
    if target == "batch_damage":
        return [bytes(range(256)), bytes(64), b"\xff" * 64, b"\x01\x02\x03" * 40]
    if target == "batch_bytes":
        apps = [json.loads(e) for e in examples]
        out = []
        for fmt, selector in (("csv", 0), ("jsonl", 1), ("array", 2), ("jsonl", 2)):
            head, body, tail = serialised(fmt, apps)
            out.append(bytes([selector]) + head + b"".join(body) + tail)
        return out
    if target == "call_toml":
        return [toml]
    if target == "call_json":
        return [call_json_text().encode("utf-8")]
    if target == "call_mutate":
        return [toml, *examples]
    if target == "money":
        return [b"3100.00", b"-0", b" 12.5 ", b".5", b"1e3", b"NaN", b"999999999999999999.9",
                b"0.12345678", b"3,100.00", b"\xd9\xa3"]
    if target == "instant":
        return [b"2026-06-01 16:59 Europe/Paris", b"2026-06-01T14:59:00Z",
                b"2026-03-29 02:30 Europe/Paris", b"2026-06-01 17:00 CET",
                b"2026-06-01 17:00 UTC", b"0001-01-01T00:00:00+23:59", b"9999-12-31 23:59 "
                b"Pacific/Kiritimati"]
    if target == "locale":
        return [b"fr_FR", b"en-GB", b"pt-BR", b"fr-CA.UTF-8", b"???", b"FR\0fr", b"de\0xx"]
    if target == "render":
        return [b"fr", b"en", b"pt_BR", b"fr\0America/Santiago", b"en\0Pacific/Chatham",
                b"fr\0Nowhere/Land"]
    raise KeyError(target)


def describe(target: str, data: bytes) -> str | None:
    """What a structure-aware target built from ``data`` (the mutated application or call
    file), for a report of a finding; None for the targets that read ``data`` as it is."""
    if target == "app_mutate":
        fdp = FuzzedDataProvider(data)
        app = mutate(fdp, eligible(), APP_STRINGS, APP_EXTRAS)
        mode = ["dict", "JSON text", "now=NOW", "batch"][fdp.ConsumeIntInRange(0, 3)]
        try:
            return f"application ({mode}):\n" + json.dumps(app, default=repr, indent=1)
        except ValueError:
            return f"application ({mode}):\n{app!r}"
    if target == "call_mutate":
        return "call file (dict):\n" + repr(mutate(FuzzedDataProvider(data), call_data(),
                                                   call_strings(), call_extras()))
    return None


def dictionary(target: str) -> list[str]:
    """Tokens for libFuzzer's -dict: field names, ops, codes, dates (text targets only)."""
    if target == "app_json":
        keys = sorted({k for p in places(eligible()) for k in p if isinstance(k, str)})
        return [f'"{k}"' for k in keys] + [f'"{s}"' for s in APP_STRINGS if s.isprintable()
                                           and len(s) < 40] + ["NaN", "Infinity", "null"]
    if target in ("call_toml", "call_json"):
        return [s for s in call_strings() if s.isprintable()] + [
            "[[rules]]", "[[clauses]]", "[parameters]", "[timeline]", "[notes.x]", "= {",
            "}", "[", "]", '"""', "'''", "2026-06-01T17:00:00", "17:00:00", "nan", "inf"]
    if target == "money":
        return ["0", "9", ".", "-", "+", "e", "E", "NaN", "Infinity", "sNaN", " "]
    if target == "instant":
        return ["T", "Z", "+02:00", "-03:00", " ", "Europe/Paris", "UTC", "CET", "2026",
                "06", "01", "17:00", ":", "-", "America/Santiago", "Pacific/Chatham", "24:00"]
    if target in ("locale", "render"):
        return ["fr", "en", "_", "-", ".", "FR", "\0", "Europe/Paris", "@"]
    return []
