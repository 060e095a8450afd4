"""Batches as tables: rows with labelled columns for a DataFrame, CSV rows for programs and
for spreadsheets, and an ``.xlsx`` workbook.

Columns are labelled in the reader's language; a clause's column is headed by its title, in
the call's order; booleans read « oui » / « non »; an empty cell is an empty string, never a
missing value (no NaN). Every text cell bound for a spreadsheet is made safe
(``_safe.cell``, ``_csv_dialects``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from callrules._i18n import negotiate, phrase, source_words, visible
from callrules._places import place
from callrules._report import Texts, worded
from callrules._safe import terminal
from callrules._text import (
    call_language,
    clause_title,
    finding_line,
    finding_lines,
    problem_lines,
)
from callrules._wording import render_finding
from callrules._workbook import write_workbook
from callrules.exceptions import format_loc, shown_loc

if TYPE_CHECKING:
    from pathlib import Path

    from callrules._report import BatchItem, BatchResult, Finding

__all__ = [
    "MACHINE_HEADER",
    "batch_dataframe",
    "batch_rows",
    "batch_xlsx",
    "machine_rows",
    "people_corrected",
    "people_header",
    "people_rows",
]

#: The columns of the CSV for programs (``--format csv``): codes, paths and booleans.
MACHINE_HEADER = ["index", "source", "application", "eligible", "severity", "clause", "code",
                  "path", "message"]


def _lang(result: BatchResult, locale: str | None) -> str:
    call = next((r.call for r in result.reports if r.call is not None), None)
    return call_language(locale, call) if call is not None else negotiate(locale)


def batch_rows(result: BatchResult, locale: str | None = None) -> list[dict[str, object]]:
    """One row per record, every row with every column (empty text where nothing is)."""
    lang = _lang(result, locale)
    call = next((r.call for r in result.reports if r.call is not None), None)
    number, app, eligible = (phrase("number", lang), phrase("application", lang),
                             phrase("eligible_column", lang))
    source, problems = phrase("source", lang), phrase("problems", lang)
    clauses = list(result.clause_failures())
    for report in result.reports:  # clauses with warnings only, after those with errors
        clauses += [f.clause for f in report.warnings if f.clause not in clauses]
    titles = {c: clause_title(call, c, lang) for c in clauses}
    out: list[dict[str, object]] = []
    for item in result:
        row: dict[str, object] = {number: item.index + 1, app: "", eligible: "",
                                  source: source_words(item.source or "", lang)}
        row.update({titles[c]: "" for c in clauses})
        row[problems] = ""
        if item.report is None:
            assert item.error is not None
            row[eligible] = phrase(item.error.verdict, lang).lower()
            row[problems] = "\n".join(problem_lines(item.error.problems, lang))
        else:
            report = item.report
            row[app] = report.application_id
            row[eligible] = phrase("yes" if report.eligible else "no", lang)
            for finding in report.findings:
                text = finding_line(report, finding, lang, None)
                column = titles.get(finding.clause, finding.clause)
                previous = row.get(column)
                row[column] = f"{previous}\n{text}" if previous else text
        out.append(row)
    return out


def batch_dataframe(result: BatchResult, locale: str | None = None) -> Any:
    """:func:`batch_rows` as a pandas DataFrame indexed by the record's number."""
    try:
        pd = importlib.import_module("pandas")  # an optional extra, loaded when asked for
    except ImportError:
        raise ImportError("to_dataframe needs pandas: pip install 'callrules[pandas]'"
                          ) from None
    rows = batch_rows(result, locale)
    lang = _lang(result, locale)
    frame = pd.DataFrame(rows)
    return frame.set_index(phrase("number", lang)) if rows else frame


def batch_xlsx(result: BatchResult, path: str | Path, locale: str | None = None) -> None:
    """:func:`batch_rows` as an Excel workbook at ``path`` (openpyxl, an optional extra:
    ``pip install 'callrules[xlsx]'``); no cell is ever a formula, and a text longer than a
    cell holds goes on in a sheet of its own, never cut (:mod:`callrules._workbook`)."""
    rows = batch_rows(result, locale)
    header = list(rows[0]) if rows else []
    write_workbook(path, [[_text_cell(h) for h in header],
                          *([_text_cell(row[h]) for h in header] for row in rows)],
                   _lang(result, locale))


def _text_cell(value: object) -> object:
    """A workbook cell's value: text made safe for a terminal, as written (no apostrophe:
    the cell is typed text, and its style keeps it so, :func:`batch_xlsx`), each of its
    lines so (a cell of several messages keeps its line breaks, as :meth:`rows` does: never
    an escape in their place)."""
    if not isinstance(value, str):
        return value
    return "\n".join(terminal(line) for line in value.split("\n"))


def machine_rows(item: BatchItem, lang: str, said: Texts | None = None
                 ) -> list[list[object]]:
    """CSV rows for programs: one per finding (one per eligible application or problem);
    ``said``: the long texts of the call already said whole in the file (each once)."""
    if item.report is None:
        assert item.error is not None
        return [[item.index, item.source, "", "", "input_error", "", p.type,
                 format_loc(shown_loc(p.loc)),  # (a key of 3 MB cut: att85 F2)
                 p.message(lang)] for p in item.error.problems]
    report = item.report
    base = [item.index, item.source or "", report.application_id, report.eligible]
    if not report.findings:
        return [[*base, "", "", "", "", ""]]
    return [[*base, f.severity.value, f.clause, f.code, f.path,
             report.message_of(worded(f, said), lang)] for f in report.findings]


def people_header(lang: str) -> list[str]:
    """The labelled columns of the CSV for spreadsheets."""
    return [phrase(key, lang) for key in ("number", "source", "application",
                                          "eligible_column", "severity", "clause", "where",
                                          "message")]


def people_rows(item: BatchItem, lang: str, said: Texts | None = None
                ) -> list[list[object]]:
    """CSV rows for people: numbered from 1, verdicts and places in words; ``said``: the
    long texts of the call already said whole in the file (each once)."""
    number = item.index + 1
    if item.report is None:
        assert item.error is not None
        unreadable = phrase(item.error.verdict, lang).lower()
        named = source_words(item.source or "", lang)
        return [[number, named, "", unreadable, phrase("error", lang), "",
                 place(p.loc, lang, None, item.error.labels, p.type), p.message(lang)]
                for p in item.error.problems]
    report = item.report
    # the id as the text report names it: an invisible character in words, not escaped
    base: list[object] = [number, source_words(item.source or "", lang),
                          visible(report.application_id, lang),
                          phrase("yes" if report.eligible else "no", lang)]
    if not report.findings:
        return [[*base, "", "", "", ""]]
    out = []
    for finding in report.findings:
        # (a cell of its own: the message a sentence, as the text report says it under
        # its place, never the words as they stand after a colon)
        where, message, title = finding_lines(report, worded(finding, said), lang, None,
                                              under=True)
        out.append([*base, phrase(finding.severity.value, lang), visible(title, lang), where,
                    message])
    return out


def people_corrected(rows: list[list[object]], findings: list[Finding], lang: str,
                     call: Any) -> list[list[object]]:
    """An application's ``rows`` (:func:`people_rows`, written as a stream reads it) once
    the rules that span applications have said their ``findings`` of it (one application
    per host…): as :func:`people_rows` writes it judged with the whole batch, its verdict
    in each row, those findings after its own, its number, source and id in every row
    (never « oui » in its row and « non » at the sheet's foot: a sheet sorted or filtered
    by its verdict keeps each row's, session 54)."""
    ineligible = any(finding.severity.value == "error" for finding in findings)
    first = rows[0]
    verdict = phrase("no", lang) if ineligible else first[3]
    own = [row for row in rows if row[4] != ""]  # (its "no finding" row: a finding now)
    base = first[:3]
    return [*([*row[:3], verdict, *row[4:]] for row in own),
            *([*base, verdict, *_finding_cells(finding, lang, call)]
              for finding in findings)]


def _finding_cells(finding: Finding, lang: str, call: Any) -> list[object]:
    """The cells of a sheet for people that say a finding (its severity, clause, place and
    message), for one of the rules spanning applications known at the end of a stream (one
    application per host…): the row's number, source, id and verdict are its
    application's."""
    labels = getattr(call, "labels", None)
    return [phrase(finding.severity.value, lang), clause_title(call, finding.clause, lang),
            place(finding.loc, lang, None, labels),
            render_finding(finding, lang, None, labels, under=True)]
