"""Evaluation: one application, or a batch with the rules that span applications."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, NamedTuple

from pydantic import ValidationError

from callrules._call import Call
from callrules._models import Application
from callrules._predicates import BatchCheck, Env
from callrules._report import BatchItem, BatchResult, Finding, Report
from callrules._time import require_aware
from callrules.exceptions import InputError, InputProblem, format_loc

__all__ = ["Sourced", "evaluate", "evaluate_many", "parse_application", "read_json"]

Record = Any  # an Application, a dict, JSON text, or a Sourced record


def _problems(exc: ValidationError) -> list[InputProblem]:
    out = []
    for error in exc.errors(include_url=False):
        loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and "[" in p))
        msg = error["msg"]
        if error["type"] == "timezone_aware":
            msg = "a date-time needs a time zone offset, e.g. 2026-06-01T17:00:00+02:00"
        elif error["type"].startswith("value_error") and msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        value = error.get("input")
        out.append(InputProblem(loc, error["type"], msg,
                                value if isinstance(value, (str, int, float, bool)) else None))
    return out


class Sourced(NamedTuple):
    """A record with a label saying where it came from (``file.jsonl:3``)."""

    source: str
    data: Any


def read_json(text: str | bytes | bytearray) -> Any:
    """JSON text parsed with exact decimals (a number such as 1180.50 becomes a Decimal).

    Text that is not JSON raises ``json.JSONDecodeError`` (bytes that are not UTF-8,
    ``UnicodeDecodeError``), including an integer longer than Python converts (4300 digits).
    """
    try:
        return json.loads(text, parse_float=Decimal)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise
    except ValueError as exc:  # int() over sys.get_int_max_str_digits()
        raise json.JSONDecodeError(str(exc), text if isinstance(text, str) else "", 0
                                   ) from None


def parse_application(record: Record, *, source: str | None = None) -> Application:
    """An :class:`Application` from a model, a dict, or JSON text; :class:`InputError` if bad.

    JSON numbers with a fraction are read as exact decimals, never as binary floats.
    """
    if isinstance(record, Sourced):
        return parse_application(record.data, source=source or record.source)
    if isinstance(record, Application):
        return record
    if isinstance(record, InputError):  # a record that could not even be read
        raise record
    try:
        if isinstance(record, (str, bytes, bytearray)):
            try:
                record = read_json(record)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise InputError([InputProblem((), "json_invalid", f"not valid JSON: {exc}")],
                                 source=source) from None
        if isinstance(record, Mapping):
            return Application.model_validate(record)
    except ValidationError as exc:
        raise InputError(_problems(exc), source=source) from None
    except RecursionError:
        raise InputError([InputProblem((), "too_deep", "the record is nested too deeply")],
                         source=source) from None
    raise InputError([InputProblem((), "not_an_object",
                                   f"an application is a JSON object, not "
                                   f"{type(record).__name__}")], source=source)


def _findings(call: Call, application: Application) -> list[Finding]:
    env: Env = {"root": application}
    out: list[Finding] = []
    for check in call.checks:
        found = check(application, env)
        if found:
            out.extend(found)
    return out


def evaluate(call: Call, application: Record, *, now: datetime | None = None) -> Report:
    """Check one application against ``call`` and return the :class:`Report`.

    ``now`` is the instant of the evaluation (aware); it is recorded in the report and never
    read from a clock. Rules that span applications (``unique``) need a batch: they are
    listed in ``Report.unchecked`` (use :func:`evaluate_many`).
    """
    if now is not None:
        call = call.at(require_aware(now, "now"))
    app = parse_application(application)
    return Report(call.id, call.version, app.id, tuple(_findings(call, app)),
                  unchecked=tuple(dict.fromkeys(b.clause for b in call.batch_rules)), now=now,
                  call=call, amendments=call.amendments)


def evaluate_many(call: Call, applications: Iterable[Record], *,
                  now: datetime | None = None) -> BatchResult:
    """Check a batch; every record yields one result, in order: a report or an input error.

    The rules that span applications (one application per host…) are applied across the
    valid records of the batch.
    """
    if now is not None:
        call = call.at(require_aware(now, "now"))
    items: list[BatchItem] = []
    apps: list[tuple[int, Application]] = []
    for index, record in enumerate(applications):
        source = record.source if isinstance(record, Sourced) else None
        try:
            app = parse_application(record, source=source or f"record {index}")
        except InputError as exc:
            items.append(BatchItem(index, None, exc, source))
            continue
        apps.append((len(items), app))
        items.append(BatchItem(index, Report(call.id, call.version, app.id,
                                             tuple(_findings(call, app)), now=now,
                                             call=call, amendments=call.amendments), None,
                                   source))
    for rule in call.batch_rules:
        for position, finding in _batch_findings(rule, apps):
            item = items[position]
            assert item.report is not None
            report = item.report
            items[position] = BatchItem(item.index, Report(
                report.call_id, report.call_version, report.application_id,
                report.findings + (finding,), report.unchecked, now=now, call=call,
                amendments=report.amendments), None, item.source)
    return BatchResult(tuple(items))


def _batch_findings(rule: BatchCheck, apps: list[tuple[int, Application]]
                    ) -> list[tuple[int, Finding]]:
    """For a ``unique`` rule: each application after the first with the same key fails."""
    groups: dict[Any, list[tuple[Any, int, Application]]] = {}
    for position, app in apps:
        key = rule.key(app)
        if key is None:
            continue
        if rule.case_insensitive:
            key = str(key).casefold()
        order = rule.order(app) if rule.order is not None else position
        groups.setdefault(key, []).append((order, position, app))
    out = []
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda m: (m[0], m[1]))
        first = members[0][2]
        for _, position, app in members[1:]:
            out.append((position, Finding(
                "duplicate", rule.clause, rule.severity, rule.loc, rule.key(app),
                {"first": first.id, "field": format_loc(rule.loc),
                 "first_at": members[0][0] if rule.order is not None
                 else first.submitted_at})))
    out.sort(key=lambda pair: pair[0])
    return out
