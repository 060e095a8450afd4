"""HTML views of reports and batches, for Jupyter (``_repr_html_``) and web pages.

Everything that comes from an application or a call is escaped; nothing is executed.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from callrules._i18n import negotiate, phrase, render_finding

if TYPE_CHECKING:
    from callrules._report import BatchResult, Report

__all__ = ["batch_html", "report_html"]

_STYLE_OK = "color:#0a6b2f;font-weight:bold"
_STYLE_BAD = "color:#a4161a;font-weight:bold"


def report_html(report: Report, locale: str = "en", zone: str | None = None) -> str:
    """The verdict at a glance, then a table: field, message, clause, severity."""
    lang = negotiate(locale)
    ok = report.eligible
    verdict = phrase("eligible" if ok else "not_eligible", lang)
    head = phrase("report_head", lang, application=escape(report.application_id),
                  call=escape(report.call_id), version=escape(report.call_version),
                  verdict=f'<span style="{_STYLE_OK if ok else _STYLE_BAD}">'
                          f"{escape(verdict)}</span>")
    parts = [f"<div class=\"callrules-report\"><p>{head}</p>"]
    if report.findings:
        parts.append("<table><thead><tr>"
                     f"<th>{escape(phrase('field', lang))}</th>"
                     f"<th>{escape(phrase('message', lang))}</th>"
                     f"<th>{escape(phrase('clause', lang))}</th>"
                     f"<th>{escape(phrase('severity', lang))}</th></tr></thead><tbody>")
        for finding in report.findings:
            title = ""
            call = report.call
            if call is not None and finding.clause in call.clauses:
                title = call.text(call.clauses[finding.clause].title, lang)
            parts.append(
                f"<tr><td><code>{escape(finding.path or phrase('whole_application', lang))}"
                f"</code></td><td>{escape(render_finding(finding, lang, zone))}</td>"
                f"<td><code>{escape(finding.clause)}</code> {escape(title)}</td>"
                f"<td>{escape(phrase(finding.severity.value, lang))}</td></tr>")
        parts.append("</tbody></table>")
    if report.unchecked:
        unchecked = phrase("unchecked", lang, clauses=", ".join(report.unchecked))
        parts.append(f"<p><small>{escape(unchecked)}</small></p>")
    parts.append("</div>")
    return "".join(parts)


def batch_html(result: BatchResult, locale: str = "en") -> str:
    """A summary (how many eligible, failures per clause) and one row per record."""
    lang = negotiate(locale)
    eligible = sum(1 for r in result.reports if r.eligible)
    summary = phrase("batch_head", lang, n=len(result), eligible=eligible,
                     invalid=len(result.input_errors))
    parts = ['<div class="callrules-batch">', f"<p>{escape(summary)}</p>"]
    failures = result.clause_failures()
    if failures:
        parts.append(f"<table><thead><tr><th>{escape(phrase('clause', lang))}</th>"
                     f"<th>{escape(phrase('failing', lang))}</th></tr></thead><tbody>")
        parts += [f"<tr><td><code>{escape(c)}</code></td><td>{n}</td></tr>"
                  for c, n in failures.items()]
        parts.append("</tbody></table>")
    parts.append(f"<table><thead><tr><th>#</th><th>{escape(phrase('application', lang))}</th>"
                 f"<th>{escape(phrase('verdict', lang))}</th>"
                 f"<th>{escape(phrase('errors', lang))}</th></tr></thead><tbody>")
    for item in result:
        if item.report is None:
            assert item.error is not None
            problems = "; ".join(f"{p.path}: {p.message(lang)}"
                                 for p in item.error.problems[:5])
            parts.append(f"<tr><td>{item.index}</td><td>{escape(item.source or '')}</td>"
                         f'<td style="{_STYLE_BAD}">{escape(phrase("invalid_input", lang))}'
                         f"</td><td>{escape(problems)}</td></tr>")
            continue
        report = item.report
        style = _STYLE_OK if report.eligible else _STYLE_BAD
        verdict = phrase("eligible" if report.eligible else "not_eligible", lang)
        parts.append(f"<tr><td>{item.index}</td><td>{escape(report.application_id)}</td>"
                     f'<td style="{style}">{escape(verdict)}</td>'
                     f"<td>{escape(', '.join(report.failed_clauses))}</td></tr>")
    parts.append("</tbody></table></div>")
    return "".join(parts)
