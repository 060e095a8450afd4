"""HTML views of reports and batches, for Jupyter (``_repr_html_``) and web pages.

Everything that comes from an application or a call is escaped; nothing is executed. Text is
left-aligned; places, clauses and verdicts are in words, in the reader's language. A message
has each value it inserts (a call's label, a value typed) isolated from its words
(:func:`callrules._layout.message`): a label written right to left leaves the sentence in
order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from callrules._checklist import written_in
from callrules._i18n import (
    format_exact,
    join_list,
    negotiate,
    phrase,
    phrase_sentence,
    source_words,
    translate,
    visible,
)
from callrules._inserted import inserted, marked, marking, pieces
from callrules._layout import TABLE, block, isolated, message
from callrules._messages import INPUT_CODES
from callrules._safe import escape
from callrules._text import (
    amendments_note,
    call_language,
    clause_title,
    finding_line,
    finding_lines,
    problem_lines,
    report_head,
)

if TYPE_CHECKING:
    from callrules._report import BatchResult, Report

__all__ = ["batch_html", "report_html"]

_STYLE_OK = "color:#0a6b2f;font-weight:bold"
_STYLE_BAD = "color:#a4161a;font-weight:bold"
_STYLE_WARN = "color:#8a5a00"
_LEFT = ' style="text-align:left;vertical-align:top"'


def _th(text: str) -> str:
    return f"<th{_LEFT}>{escape(text)}</th>"


def _td(text: str, style: str = "") -> str:
    extra = f";{style}" if style else ""
    return f'<td style="text-align:left;vertical-align:top{extra}">{text}</td>'


def _title(call: Any, clause: str, lang: str) -> str:
    """A clause's title (HTML), isolated and marked with the language it is written in when
    it is not the page's, as the checklist marks it."""
    title = escape(clause_title(call, clause, lang))
    if call is None or clause not in getattr(call, "clauses", {}):
        return title  # (the library's own words, or an id)
    return isolated(title, written_in(call, call.clauses[clause].title, lang), lang)


def _unchecked(call: Any, clauses: tuple[str, ...], lang: str) -> str:
    """The note of the clauses not checked yet (HTML): their titles listed as the language
    lists them, each isolated and marked with the language it is written in, as a finding's
    clause is (:func:`_title`)."""
    with marking():  # (each title told apart: isolated below, in the order listed)
        said = phrase_sentence("unchecked", lang, clauses=marked(join_list(
            [inserted(clause_title(call, clause, lang)) for clause in clauses], lang)))
    written = iter([written_in(call, call.clauses[clause].title, lang)
                    if call is not None and clause in getattr(call, "clauses", {}) else None
                    for clause in clauses])
    return "".join(isolated(escape(piece), next(written, None), lang) if value
                   else escape(piece) for piece, value in pieces(said))


def report_html(report: Report, locale: str | None = None, zone: str | None = None) -> str:
    """The verdict at a glance, then a table: where, message, clause, severity."""
    lang = call_language(locale, report.call)
    ok = report.eligible
    call = report.call
    with marking():  # (the application's id and the call's title told apart: isolated below)
        said = pieces(report_head(report, lang))
    title = call.title_in(lang) if call is not None else None
    own = written_in(call, call.definition.title, lang) if call is not None else None
    head = "".join(isolated(escape(piece), own if piece == title else None, lang) if value
                   else escape(piece) for piece, value in said)
    verdict = escape(phrase("eligible" if ok else "not_eligible", lang))
    head = head[: head.rfind(verdict)] + (
        f'<span style="{_STYLE_OK if ok else _STYLE_BAD}">{verdict}</span>')
    parts = [f"{block('report', lang)}<p>{head}</p>"]
    amended = amendments_note(report, lang, zone)
    if amended is not None:
        parts.append(f"<p>{escape(amended)}</p>")
    if report.findings:
        parts.append(TABLE + "<thead><tr>" + _th(phrase("where", lang))
                     + _th(phrase("message", lang)) + _th(phrase("clause", lang))
                     + _th(phrase("severity", lang)) + "</tr></thead><tbody>")
        for finding in report.findings:
            with marking():  # (each value of the message told apart: isolated below)
                where, told, _ = finding_lines(report, finding, lang, zone, placed=True)
            style = "" if finding.severity.value == "error" else _STYLE_WARN
            parts.append("<tr>" + _td(message(where, lang)) + _td(message(told, lang), style)
                         + _td(_title(call, finding.clause, lang))
                         + _td(escape(phrase(finding.severity.value,
                                                                  lang))) + "</tr>")
        parts.append("</tbody></table>")
    if report.unchecked:
        parts.append(f"<p><small>{_unchecked(call, report.unchecked, lang)}</small></p>")
    parts.append("</div>")
    return "".join(parts)


def batch_html(result: BatchResult, locale: str | None = None) -> str:
    """Counts (eligible, not eligible, unreadable, not judged when any, with warnings), the
    failures per clause by title in the call's order, then one row per record, numbered
    from 1."""
    call = next((r.call for r in result.reports if r.call is not None), None)
    lang = call_language(locale, call) if call is not None else negotiate(locale)
    reports = result.reports
    counts = [
        ("count_eligible", sum(1 for r in reports if r.eligible)),
        ("count_not_eligible", sum(1 for r in reports if not r.eligible)),
        ("count_unreadable", sum(1 for i in result.input_errors
                                 if i.error is not None and i.error.verdict != "not_judged")),
        ("count_warnings", sum(1 for r in reports if r.warnings)),
    ]
    if unjudged := sum(1 for i in result.input_errors
                       if i.error is not None and i.error.verdict == "not_judged"):
        counts.insert(3, ("count_not_judged", unjudged))  # (a row only when there are any)
    parts = [block("batch", lang), TABLE + "<tbody>"]
    parts.append("<tr>" + _th(phrase("count_total", lang))
                 + _td(format_exact(len(result), lang)) + "</tr>")
    parts += ["<tr>" + _th(phrase(key, lang)) + _td(format_exact(n, lang)) + "</tr>"
              for key, n in counts]
    parts.append("</tbody></table>")
    if not result.items:  # said as the command line says it: never a batch "all eligible"
        parts.append(f"<p>{escape(translate(INPUT_CODES['no_records'], lang))}</p>")
    failures = result.clause_failures()
    if failures:
        parts.append(TABLE + "<thead><tr>" + _th(phrase("clause", lang))
                     + _th(phrase("failing", lang)) + "</tr></thead><tbody>")
        parts += ["<tr>" + _td(_title(call, c, lang)) + _td(format_exact(n, lang)) + "</tr>"
                  for c, n in failures.items()]
        parts.append("</tbody></table>")
    parts.append(TABLE + "<thead><tr>" + _th(phrase("number", lang))
                 + _th(phrase("application", lang)) + _th(phrase("verdict", lang))
                 + _th(phrase("errors", lang)) + _th(phrase("warnings", lang))
                 + "</tr></thead><tbody>")
    for item in result:
        number = format_exact(item.index + 1, lang)
        if item.report is None:
            assert item.error is not None
            with marking():  # (each value of a message told apart: isolated below)
                lines = problem_lines(item.error.problems, lang)
            problems = "<br>".join(message(line, lang) for line in lines)
            source = source_words(item.source, lang) if item.source else "—"
            parts.append("<tr>" + _td(number) + _td(escape(source))
                         + _td(escape(phrase(item.error.verdict, lang)), _STYLE_BAD)
                         + _td(problems) + _td("") + "</tr>")
            continue
        report = item.report
        style = _STYLE_OK if report.eligible else _STYLE_BAD
        verdict = phrase("eligible" if report.eligible else "not_eligible", lang)
        columns = []
        for findings in (report.errors, report.warnings):
            lines = []
            for finding in findings:
                with marking():
                    lines.append(message(finding_line(report, finding, lang, None), lang))
            columns.append("<br>".join(lines))
        parts.append("<tr>" + _td(number)  # (the id as given: isolated, as a value is)
                     + _td(isolated(escape(visible(report.application_id, lang)), page=lang))
                     + _td(escape(verdict), style) + _td(columns[0])
                     + _td(columns[1], _STYLE_WARN) + "</tr>")
    parts.append("</tbody></table></div>")
    return "".join(parts)
