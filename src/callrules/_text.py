"""Reports as text for a person: the verdict, then each finding's place in words with its
message under it. Every line is made safe for a terminal (``_safe.terminal``): nothing from an
application or a call file can move the cursor or draw a line of its own."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC
from typing import TYPE_CHECKING, Any

from callrules._i18n import (
    after_word,
    call_reading,
    capital,
    filled,
    format_exact,
    format_instant_for,
    join_list,
    phrase,
    phrase_sentence,
    source_words,
    translate_plural,
    typography,
    visible,
)
from callrules._inserted import inserted
from callrules._labels import CallLabels, in_sentence
from callrules._messages import PLURALS
from callrules._phrasing import milestone_label
from callrules._places import place
from callrules._safe import terminal
from callrules._time import reader_zone
from callrules._wording import render_finding, render_problem

if TYPE_CHECKING:
    from callrules._report import BatchItem, Finding, Report

__all__ = ["call_language", "clause_title", "item_text", "record_language", "report_text"]


def call_language(locale: str | None, call: Any) -> str:
    """The reader's language; for a locale the library does not speak, the call's first."""
    fallback = call.languages[0] if call is not None and call.languages else None
    return call_reading(locale, call.languages if call is not None else (), fallback)


def labels_of(report: Report) -> CallLabels | None:
    """The labels of the report's call, if it has one."""
    labels = getattr(report.call, "labels", None)
    return labels if isinstance(labels, CallLabels) else None


def clause_title(call: Any, clause: str, lang: str) -> str:
    """A clause's title in ``lang`` (its id when the call is not at hand); a finding of
    the library's own, under no clause of the call, is a note on the checking."""
    if not clause:
        return phrase("no_clause", lang)
    if call is not None and clause in call.clauses:
        return str(call.text(call.clauses[clause].title, lang))
    return clause


def finding_lines(report: Report, finding: Finding, lang: str, zone: str | None, *,
                  placed: bool = False, under: bool = False) -> tuple[str, str, str]:
    """(place, message, clause title) of a finding, in words; ``placed``: the message is
    shown beside its place (a table's row), ``under``: under it (the text report); either
    way it does not name the field the place names."""
    labels = labels_of(report)
    where = place(finding.loc, lang, report.application, labels)
    message = render_finding(finding, lang, zone, labels, placed=placed, under=under)
    return where, message, clause_title(report.call, finding.clause, lang)


def finding_line(report: Report, finding: Finding, lang: str, zone: str | None) -> str:
    """A finding's place and message on one line (« Personne accueillie 2 (Mateo Rojas) —
    catégorie de personnel : « chercheur » ne fait pas partie… »), as tables and batch
    pages show it: the field's label said once, by the place
    (:func:`~callrules._wording.render_finding`)."""
    labels = labels_of(report)
    where = place(finding.loc, lang, report.application, labels)
    message = render_finding(finding, lang, zone, labels, placed=True)
    return capital(f"{where}{after_word(':', lang)}{message}")  # (each piece spaced as written)


def report_head(report: Report, lang: str) -> str:
    """``Application X to the call “…” (version 1): NOT ELIGIBLE``; while a page is written
    (:func:`~callrules._inserted.marking`), the application's id and the call's title each
    marked as a value the sentence inserts (a page isolates them, the title in its own
    language)."""
    verdict = phrase("eligible" if report.eligible else "not_eligible", lang)
    call = report.call
    title = call.title_in(lang) if call is not None else report.call_id
    return phrase_sentence("report_head", lang,  # (the call's title kept as written)
                           application=inserted(visible(report.application_id, lang)),
                           call=inserted(title), version=report.call_version,
                           verdict=verdict)


def amendments_note(report: Report, lang: str, zone: str | None = None) -> str | None:
    """The sentence that says which amendments of the call were in force at the instant the
    application was judged (each amended value by its label, from when, and the amendment's
    own label if the call gives one), or None when none was: a reader of the report must
    know that the call's words they read may have been amended (pass 16 M4)."""
    call = report.call
    if call is None or not report.amendments or not call.dated:
        return None
    instant = report.now if report.now is not None else call.as_of
    parts = amended_values(call, instant, lang, call.zone,
                           reader_zone(zone) if zone is not None else None)
    if not parts:
        return None
    return phrase_sentence("amended_call", lang, amendments=join_list(parts, lang))


def amended_values(call: Any, instant: Any, lang: str, shown_in: Any,
                   reader: Any = None) -> list[str]:
    """Each value of ``call`` amended at ``instant`` (None: as the call was loaded), said
    by its label, from when (shown in the call's zone ``shown_in``, then in the ``reader``'s
    zone if one is given, as the timeline is), and the amendment's own label if the call
    gives one: ``funding cap, as amended from October 25, 2026 (A1)``."""
    parts = []
    for dated in call._values.all:
        index = dated.index_at(None if instant is None else instant.astimezone(UTC))
        if index <= 0:
            continue
        what = (milestone_label(call.labels, dated.name, lang) if dated.section == "timeline"
                else call.labels.parameter(dated.name, lang)) or dated.name.replace("_", " ")
        what = in_sentence(what)
        start = dated.starts[index]
        when = format_instant_for(start, lang, shown_in, reader)
        label = dated.labels[index]
        if label == start.astimezone(call.zone).replace(tzinfo=None).isoformat() or \
                label == start.astimezone(call.zone).isoformat():
            parts.append(phrase("amended_value", lang, what=what, instant=when))
        else:  # the amendment's own label, in the reader's language when the call gives it
            texts = dated.texts[index] if index < len(dated.texts) else None
            said = (call.labels.pick(dict(texts), lang) if texts else None) or label
            parts.append(phrase("amended_value_labelled", lang, what=what, instant=when,
                                label=said))
    return parts


def report_text(report: Report, locale: str | None, zone: str | None = None) -> str:
    """A report as text: the verdict, then each finding's place with its message under it;
    findings in a row that say the same (one rule failing on many items of a list) are said
    once, under all their places."""
    lang = call_language(locale, report.call)
    lines = [report_head(report, lang)]
    amended = amendments_note(report, lang, zone)
    if amended is not None:
        lines.append(amended)
    for key, findings in (("errors", report.errors), ("warnings", report.warnings)):
        if not findings:
            continue
        heading = translate_plural(PLURALS[f"{key}_heading"], len(findings), lang)
        lines.append(typography(filled(heading, {"n": format_exact(len(findings), lang)},
                                       lang), lang))
        said: tuple[str, str] | None = None
        places: set[str] = set()
        for finding in findings:
            where, message, title = finding_lines(report, finding, lang, zone, under=True)
            if said == (message, title) and lines[-1].startswith("    "):
                # the same words for the next item of a list: its place joins the group
                # (once: two rules saying the same of one field, one place)
                if where not in places:
                    places.add(where)
                    lines[-2:-2] = [f"  {where}"]
                continue
            said, places = (message, title), {where}
            lines.append(f"  {where}")
            lines.append(f"    {message}")
            if finding.clause:  # a note of the library's own cites no clause
                lines.append("    " + phrase_sentence("clause_ref", lang, title=title))
    if report.unchecked:
        titles = join_list((clause_title(report.call, c, lang) for c in report.unchecked), lang)
        lines.append(phrase_sentence("unchecked", lang, clauses=titles))
    return "\n".join(terminal(line) for line in lines)


def record_language(item: BatchItem, locale: str | None) -> str:
    """The reader's language for a record of a batch that could not be read, as for the
    reports of its call (:func:`call_language`): a language of the call it was read for
    (its labels') that the library does not speak too, ``it`` for a call in German and
    Italian (lmend62: refused there, answered by every other entry point)."""
    labels = item.error.labels if item.error is not None else None
    own = labels.languages if isinstance(labels, CallLabels) else ()
    return call_reading(locale, own, own[0] if own else None)


def item_text(item: BatchItem, locale: str | None, zone: str | None = None) -> str:
    """A record of a batch as text: its report, or what makes it unreadable."""
    if item.report is not None:
        return report_text(item.report, locale, zone)
    assert item.error is not None
    lang = record_language(item, locale)
    labels = item.error.labels if isinstance(item.error.labels, CallLabels) else None
    name = phrase("record", lang, n=item.index + 1)
    if item.source:  # (in words, as select says it: "item 3 of the list", never ``[2]``)
        name += f" ({source_words(item.source, lang)})"
    lines = [typography(f"{name}{after_word(':', lang)}{phrase(item.error.verdict, lang)}", lang)]
    for problem in item.error.problems:
        lines.append(f"  {place(problem.loc, lang, None, labels, problem.type)}")
        lines.append(f"    {render_problem(problem, lang)}")
    return "\n".join(terminal(line) for line in lines)


def problem_lines(problems: Iterable[Any], lang: str, labels: CallLabels | None = None
                  ) -> list[str]:
    """``place: message`` for each input problem (places named by the call's ``labels``)."""
    return [capital(f"{place(p.loc, lang, None, labels, p.type)}{after_word(':', lang)}"
                    f"{render_problem(p, lang)}") for p in problems]
