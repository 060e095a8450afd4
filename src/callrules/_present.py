"""The presentation layer, installed into the data objects' rendering slot.

Importing this module (the package's ``__init__`` does) gives reports, findings, input
problems, batches and calls their words: text, HTML, tables, checklists, and the progress bar.
See ``callrules._renderings`` for why the data never imports these modules itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from callrules import _checklist, _html, _tables, _text, _wording
from callrules._file_names import files_of_labels, told_apart
from callrules._i18n import (
    LANGUAGES,
    chosen_language,
    default_language,
    ended,
    format_exact,
    phrase,
    plural,
    words_said,
)
from callrules._labels import CallLabels
from callrules._renderings import install
from callrules.planning import render as plan_render

if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from pathlib import Path

    from callrules._report import BatchItem, BatchResult, Finding, Report
    from callrules.exceptions import CallrulesError, InputProblem

__all__ = ["Presentation"]


def _read_in(shown: Any, locale: str | None) -> str | None:
    """The language ``shown`` (a report, a record of a batch, a finding) is shown in:
    ``locale`` when named; else the language this process chose
    (:func:`~callrules.set_language`); else the one it carries (``reader``: its caller's,
    on a Dask worker); else None, the session's (``CALLRULES_LANG``)."""
    if locale is not None or chosen_language() is not None:
        return locale
    return getattr(shown, "reader", None)


def _apart(result: BatchResult) -> AbstractContextManager[None]:
    """While a batch is rendered whole, its files said apart (:func:`told_apart`)."""
    return told_apart(files_of_labels(item.source for item in result))


class Presentation:
    """The library's renderings (see :class:`callrules._renderings.Renderings`)."""

    def languages(self) -> tuple[str, ...]:
        """The languages the library's own words are translated into."""
        return LANGUAGES

    def finding(self, finding: Finding, locale: str | None, zone: str | None) -> str:
        """A finding's message, with its call's labels when it carries them."""
        labels = finding.labels if isinstance(finding.labels, CallLabels) else None
        return _wording.render_finding(finding, _read_in(finding, locale), zone, labels)

    def holes(self, finding: Finding) -> tuple[frozenset[str], frozenset[str]]:
        """What a finding's own wordings and the library's sentence for it do not fill."""
        labels = finding.labels if isinstance(finding.labels, CallLabels) else None
        return _wording.holes(finding, labels)

    def report_finding(self, report: Report, finding: Finding, locale: str | None,
                       zone: str | None) -> str:
        """A finding's message with its report's labels."""
        lang = _text.call_language(_read_in(report, locale), report.call)
        return _wording.render_finding(finding, lang, zone, _text.labels_of(report))

    def problem(self, problem: InputProblem, locale: str | None) -> str:
        """An input problem's message."""
        return _wording.render_problem(problem, locale)

    def phrase(self, key: str, locale: str | None, **values: object) -> str:
        """One of the library's phrases, in ``locale``'s language, filled with ``values``
        (a number said in the reader's digits: :class:`callrules._in_words.ExactInWords`)."""
        return phrase(key, locale, **values)

    def error(self, error: CallrulesError, locale: str | None) -> str:
        """An error in ``locale``'s language: its words, else its problems' messages (an
        input error), else its English text."""
        if error.words is not None:
            return ended(words_said(error.words, locale))
        problems = getattr(error, "problems", ())
        if problems:
            return "\n".join(problem.message(locale) for problem in problems)
        return str(error)

    def report_text(self, report: Report, locale: str | None, zone: str | None) -> str:
        """A report as text."""
        return _text.report_text(report, _read_in(report, locale), zone)

    def item_text(self, item: BatchItem, locale: str | None, zone: str | None) -> str:
        """A record of a batch as text."""
        return _text.item_text(item, _read_in(item, locale), zone)

    def record_language(self, item: BatchItem, locale: str | None) -> str | None:
        """The language a record that could not be read is said in (its call's too)."""
        return None if locale is None else _text.record_language(item, locale)

    def report_html(self, report: Report, locale: str | None, zone: str | None) -> str:
        """A report as HTML."""
        return _html.report_html(report, _read_in(report, locale), zone)

    def batch_html(self, result: BatchResult, locale: str | None) -> str:
        """A batch as HTML."""
        with _apart(result):  # (two files of one name in two folders: said apart)
            return _html.batch_html(result, locale)

    def batch_rows(self, result: BatchResult, locale: str | None) -> list[dict[str, object]]:
        """A batch as rows."""
        with _apart(result):  # (two files of one name in two folders: said apart)
            return _tables.batch_rows(result, locale)

    def batch_dataframe(self, result: BatchResult, locale: str | None) -> Any:
        """A batch as a DataFrame."""
        with _apart(result):  # (two files of one name in two folders: said apart)
            return _tables.batch_dataframe(result, locale)

    def batch_xlsx(self, result: BatchResult, path: str | Path, locale: str | None) -> None:
        """A batch as a workbook."""
        with _apart(result):  # (two files of one name in two folders: said apart)
            _tables.batch_xlsx(result, path, locale)

    def checklist(self, call: Any, locale: str | None, format: str, zone: str | None,
                  audience: str) -> str:
        """A call's checklist."""
        return _checklist.checklist(call, locale, format=format,  # type: ignore[arg-type]
                                    zone=zone, audience=audience)  # type: ignore[arg-type]

    def progress(self, total: int | None) -> Any:
        """A progress bar (:class:`_CountedBar`), worded in the session's language."""
        return _CountedBar(total, default_language())

    def plan_text(self, plan: Any, locale: str | None) -> str:
        """A budget plan as text."""
        return plan_render.plan_text(plan, locale)

    def plan_html(self, plan: Any, locale: str | None) -> str:
        """A budget plan as HTML."""
        return plan_render.plan_html(plan, locale)

    def plan_line_label(self, plan: Any, line: Any, locale: str | None) -> str:
        """A planned line's label."""
        return plan_render.line_label(plan, line, locale)

    def plan_line_explanation(self, plan: Any, line: Any, locale: str | None) -> str:
        """A planned line's explanation."""
        return plan_render.line_explanation(plan, line, locale)

    def plan_trim(self, plan: Any, trim: Any, locale: str | None) -> str:
        """A trim in words."""
        return plan_render.trim_text(plan, trim, locale)

    def plan_left_out(self, plan: Any, left: Any, locale: str | None) -> str:
        """A line left out, in words."""
        return plan_render.left_out_text(plan, left, locale)

    def plan_minimum(self, plan: Any, minimum: Any, locale: str | None) -> str:
        """A minimum the trims stopped at, in words."""
        return plan_render.minimum_text(plan, minimum, locale)


class _CountedBar:
    """A tqdm progress bar (``tqdm.auto``: a widget in a notebook, a line on standard error
    in a terminal) saying how many applications were checked, in ``lang``'s words and
    digits, the count where the language puts it and its words in the plural form for it
    (« 1 candidature vérifiée », « 5 wniosków sprawdzonych »). The words are a value the bar
    shows, never part of tqdm's ``bar_format`` (a ``str.format`` template): a catalog's
    translation holding braces (``{2-4}``) is shown as written (att82 F2: a ``KeyError`` lost
    the batch). They are worded only when the bar is drawn (some ten times a second), never
    at each record (bat76: 30 µs a record, 60 times tqdm's own cost), and cut to
    :data:`_MOST_SAID` characters (a platform's translation of a megabyte drawn ten times a
    second)."""

    def __init__(self, total: int | None, lang: str) -> None:
        from tqdm.auto import tqdm  # loaded only when a long batch shows its progress

        said = self.said
        self.lang = lang

        class Bar(tqdm):  # type: ignore[type-arg]  # (tqdm.auto's: a terminal's or a notebook's)
            @property
            def format_dict(self) -> dict[str, Any]:  # (what tqdm draws, its words ours)
                drawn = dict(super().format_dict)
                drawn["prefix"] = said(int(drawn.get("n") or 0))
                return drawn

        self.bar = Bar(total=total, unit="", leave=True, postfix=None,
                       bar_format="{desc} [{elapsed}, {rate_fmt}]")

    def said(self, count: int) -> str:
        """What the bar says of ``count`` applications checked."""
        number = format_exact(count, self.lang)
        words = plural("checked", count, self.lang, count=number)
        if len(words) > _MOST_SAID:  # (a platform's: the words around the count cut, never it)
            before, marked, after = plural("checked", count, self.lang,
                                           count="\0").partition("\0")
            words = _around(before, number, after) if marked else words[:_MOST_SAID - 1] + "…"
        return f"callrules: {words}"

    def update(self, n: int = 1) -> None:
        """``n`` more applications checked."""
        self.bar.update(n)

    def close(self) -> None:
        """The bar drawn a last time, and left."""
        self.bar.close()


#: The most characters the progress bar says of its count (a line of a terminal).
_MOST_SAID = 120


def _around(before: str, number: str, after: str) -> str:
    """``before``, ``number`` and ``after`` in :data:`_MOST_SAID` characters: the words
    around the number cut (each marked « … »), the number whole; the words after it get half
    the room, or what the words before it leave."""
    room = _MOST_SAID - len(number)
    kept_after = min(len(after), max(room // 2, room - len(before)))
    kept_before = room - kept_after
    if len(before) > kept_before:
        before = before[:kept_before - 1] + "…"
    if len(after) > kept_after:
        after = after[:kept_after - 1] + "…"
    return f"{before}{number}{after}"


install(Presentation())
