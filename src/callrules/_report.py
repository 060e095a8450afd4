"""Findings and reports: failures as data, rendered into words only when asked.

The JSON shape of a report (``Report.to_dict()``) is versioned by ``REPORT_SCHEMA_VERSION``
and documented in ``docs/reference/report-json.md``; adding a key is a minor change, renaming
or removing one is a breaking change.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any

from callrules._money import Money
from callrules.exceptions import InputError, format_loc

__all__ = ["REPORT_SCHEMA_VERSION", "BatchItem", "BatchResult", "Finding", "Report", "Severity"]

REPORT_SCHEMA_VERSION = 1


class Severity(StrEnum):
    """How much a finding weighs: an error bars the application; a warning does not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a rule found wrong with an application.

    ``code`` is a stable slug (documented in the reference, one template per code in the
    catalogs); ``clause`` the id of the call's clause it comes from; ``loc`` the path to the
    offending field; ``input`` the value found there; ``ctx`` the values that fill the message.
    """

    code: str
    clause: str
    severity: Severity
    loc: tuple[str | int, ...]
    input: object
    ctx: Mapping[str, object] = field(default_factory=dict)
    #: The call's own wording of this finding, by language (from the rule's ``messages``).
    template: Mapping[str, str] | None = field(default=None, compare=False, repr=False)

    @property
    def path(self) -> str:
        """``loc`` as ``visitors[1].institution.country``."""
        return format_loc(self.loc)

    @property
    def pointer(self) -> str:
        """``loc`` as a JSON Pointer (RFC 6901): ``/visitors/1/institution/country``."""
        return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in self.loc)

    def message(self, locale: str = "en", zone: str | None = None) -> str:
        """The finding in words, in ``locale`` (``fr`` or ``en``; others fall back).

        With ``zone`` (an IANA name), instants are also shown in the reader's zone.
        """
        from callrules._i18n import render_finding

        return render_finding(self, locale, zone)

    def with_prefix(self, prefix: tuple[str | int, ...]) -> Finding:
        """The same finding, its location under ``prefix``."""
        return Finding(self.code, self.clause, self.severity, prefix + self.loc, self.input,
                       self.ctx, self.template)

    def to_dict(self, locale: str | None = None) -> dict[str, Any]:
        """A JSON-ready dict; with ``locale``, the rendered message too."""
        out: dict[str, Any] = {
            "code": self.code,
            "clause": self.clause,
            "severity": self.severity.value,
            "loc": list(self.loc),
            "path": self.path,
            "pointer": self.pointer,
            "input": to_json_value(self.input),
            "ctx": {k: to_json_value(v) for k, v in sorted(self.ctx.items())},
        }
        if locale is not None:
            out["message"] = self.message(locale)
        return out


def iso_duration(value: timedelta) -> str:
    """An exact ISO 8601 duration: ``PT0.001S``, ``P2DT3H``, ``-PT30M``.

    >>> iso_duration(timedelta(days=2, hours=3)), iso_duration(timedelta(milliseconds=-1))
    ('P2DT3H', '-PT0.001S')
    """
    sign = "-" if value < timedelta(0) else ""
    micros = abs(value) // timedelta(microseconds=1)
    days, micros = divmod(micros, 86_400_000_000)
    hours, micros = divmod(micros, 3_600_000_000)
    minutes, micros = divmod(micros, 60_000_000)
    seconds = Decimal(micros).scaleb(-6).normalize()
    time = "".join(part for part in (f"{hours}H" if hours else "", f"{minutes}M" if minutes
                                     else "", f"{seconds:f}S" if micros else ""))
    text = (f"{days}D" if days else "") + (f"T{time}" if time else "")
    return f"{sign}P{text or 'T0S'}"


def to_json_value(value: object) -> Any:
    """A JSON-ready form of a finding's input or context value (exact: decimals as strings)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Money):
        return {"amount": str(value.amount), "currency": value.currency}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return iso_duration(value)
    if isinstance(value, Enum):
        return to_json_value(value.value)
    if isinstance(value, Mapping):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, frozenset, set)):
        items = [to_json_value(v) for v in value]
        if isinstance(value, (frozenset, set)):
            items.sort(key=lambda v: json.dumps(v, sort_keys=True))
        return items
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return dump(mode="json")
    return str(value)


@dataclass(frozen=True, slots=True)
class Report:
    """The verdict on one application: every finding, errors and warnings apart."""

    call_id: str
    call_version: str
    application_id: str
    findings: tuple[Finding, ...]
    unchecked: tuple[str, ...] = ()
    now: datetime | None = None
    call: Any = field(default=None, compare=False, repr=False)
    amendments: tuple[str, ...] = ()

    @property
    def eligible(self) -> bool:
        """True when no finding is an error (warnings do not bar an application)."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings that make the application ineligible."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings a programme officer should look at, which do not bar it."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def failed_clauses(self) -> tuple[str, ...]:
        """The ids of the clauses with at least one error, in call order of first finding."""
        return tuple(dict.fromkeys(f.clause for f in self.errors))

    def render(self, locale: str = "en", zone: str | None = None) -> str:
        """The report as text for a person, in ``locale`` (instants also in ``zone``)."""
        from callrules._i18n import render_report

        return render_report(self, locale, zone)

    def __str__(self) -> str:
        return self.render("en")

    def html(self, locale: str = "en", zone: str | None = None) -> str:
        """The report as an HTML fragment: the verdict, then each finding in a table."""
        from callrules._html import report_html

        return report_html(self, locale, zone)

    def _repr_html_(self) -> str:
        return self.html("en")

    def by_field(self) -> dict[str, tuple[Finding, ...]]:
        """The findings grouped by JSON Pointer, for showing each beside its form field."""
        groups: dict[str, list[Finding]] = {}
        for finding in self.findings:
            groups.setdefault(finding.pointer, []).append(finding)
        return {pointer: tuple(items) for pointer, items in groups.items()}

    def to_dict(self, locale: str | None = None) -> dict[str, Any]:
        """The report as a JSON-ready dict of the documented, versioned shape."""
        out: dict[str, Any] = {
            "schema_version": REPORT_SCHEMA_VERSION,
            "call": {"id": self.call_id, "version": self.call_version,
                     "amendments": list(self.amendments)},
            "application": self.application_id,
            "eligible": self.eligible,
            "errors": [f.to_dict(locale) for f in self.errors],
            "warnings": [f.to_dict(locale) for f in self.warnings],
            "unchecked": list(self.unchecked),
            "now": None if self.now is None else self.now.isoformat(),
        }
        return out

    def to_json(self, locale: str | None = None, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as a JSON string (keys in a stable order)."""
        return json.dumps(self.to_dict(locale), ensure_ascii=False, indent=indent)


@dataclass(frozen=True, slots=True)
class BatchItem:
    """One record of a batch: its index, and either its report or the input error."""

    index: int
    report: Report | None
    error: InputError | None = None
    source: str | None = None

    @property
    def ok(self) -> bool:
        """True when the record was valid input (whatever the verdict)."""
        return self.report is not None

    def to_dict(self, locale: str | None = None) -> dict[str, Any]:
        """A JSON-ready dict: the report, or the input problems of a malformed record."""
        if self.report is not None:
            out = self.report.to_dict(locale)
            out["index"] = self.index
            if self.source:
                out["source"] = self.source
            return out
        assert self.error is not None
        return {
            "schema_version": REPORT_SCHEMA_VERSION,
            "index": self.index,
            "source": self.source,
            "input_error": [p.to_dict(locale) for p in self.error.problems],
        }


@dataclass(frozen=True)
class BatchResult(Sequence[BatchItem]):
    """The results of a batch, one per input record, in input order."""

    items: tuple[BatchItem, ...]

    def __getitem__(self, index: int) -> BatchItem:  # type: ignore[override]
        return self.items[index]

    def __len__(self) -> int:
        return len(self.items)

    @property
    def reports(self) -> tuple[Report, ...]:
        """The reports of the valid records."""
        return tuple(i.report for i in self.items if i.report is not None)

    @property
    def input_errors(self) -> tuple[BatchItem, ...]:
        """The malformed records."""
        return tuple(i for i in self.items if i.error is not None)

    @property
    def all_eligible(self) -> bool:
        """True when every record was valid and eligible."""
        return all(i.report is not None and i.report.eligible for i in self.items)

    def html(self, locale: str = "en") -> str:
        """The batch as an HTML fragment: a summary per clause, then a row per record."""
        from callrules._html import batch_html

        return batch_html(self, locale)

    def _repr_html_(self) -> str:
        return self.html("en")

    def rows(self, locale: str = "en") -> list[dict[str, object]]:
        """One row per record: index, id, eligible, then a column per failing clause holding
        its messages (errors and warnings), ready for a table or a DataFrame."""
        out: list[dict[str, object]] = []
        for item in self.items:
            row: dict[str, object] = {"index": item.index, "source": item.source}
            if item.report is None:
                assert item.error is not None
                row.update(application=None, eligible=None,
                           input_error="; ".join(f"{p.path}: {p.message(locale)}"
                                                 for p in item.error.problems))
            else:
                report = item.report
                row.update(application=report.application_id, eligible=report.eligible,
                           input_error=None)
                for finding in report.findings:
                    text = f"{finding.path}: {finding.message(locale)}"
                    previous = row.get(finding.clause)
                    row[finding.clause] = f"{previous}\n{text}" if previous else text
            out.append(row)
        return out

    def to_dataframe(self, locale: str = "en") -> Any:
        """:meth:`rows` as a pandas DataFrame (pandas is an optional extra:
        ``pip install 'callrules[pandas]'``)."""
        import importlib

        try:
            pd = importlib.import_module("pandas")
        except ImportError:
            raise ImportError("to_dataframe needs pandas: pip install 'callrules[pandas]'"
                              ) from None
        return pd.DataFrame(self.rows(locale)).set_index("index")

    def clause_failures(self) -> dict[str, int]:
        """How many applications fail each clause (errors only)."""
        counts: dict[str, int] = {}
        for report in self.reports:
            for clause in report.failed_clauses:
                counts[clause] = counts.get(clause, 0) + 1
        return dict(sorted(counts.items()))
