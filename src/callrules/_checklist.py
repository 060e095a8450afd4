"""The checklists of a call, in the reader's language: one for applicants, one for officers.

- **applicants**: what to do and by when, in plain words: the timeline (instants also in the
  reader's zone, if given), then each condition as the call words it, and what is good to know
  (warnings, notes). No clause ids, no rules.
- **officers**: the same, with each clause's id and how the library reads it, written from the
  rule tree itself with the call's labels and parameter values, so it can never drift from
  what the library checks: change a parameter in the call file and the checklist changes.

As text, Markdown (every text of the call escaped: no raw HTML, link or list item can be
injected) or HTML (everything escaped). The work is linear in the size of the call.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from callrules._i18n import (
    after_word,
    call_reading,
    capital,
    format_instant_for,
    join_list,
    phrase,
    spaced,
    typography,
)
from callrules._labels import CallLabels
from callrules._layout import block, isolated
from callrules._phrasing import Phrasing, milestone_label
from callrules._safe import escape, markdown, terminal
from callrules._tags import language_of
from callrules._text import amended_values
from callrules._time import reader_zone

__all__ = ["Audience", "Format", "checklist", "edition_note", "in_force_note", "written_in"]

Format = Literal["text", "markdown", "html"]
Audience = Literal["applicants", "officers"]


def _condition_notes(rule: Any, lang: str) -> str:
    note = ""
    if rule.severity == "warning":
        note = " " + phrase("warning_only", lang)
    if rule.check.op == "unique":
        note += " " + phrase("batch_only", lang)
    return note


def written_in(call: Any, texts: Any, lang: str) -> str:
    """The language of the text :meth:`Call.text` gives of ``texts`` for ``lang``: the one
    asked for that the call has (a :class:`Reading`'s), else ``lang``'s, else the call's
    first."""
    for candidate in (getattr(lang, "own", ""), language_of(str(lang))):
        if candidate and isinstance(texts.get(candidate), str) and texts[candidate]:
            return str(candidate)
    return str(call.languages[0]) if call.languages else str(lang)


def checklist(call: Any, locale: str | None = None, *, format: Format = "text",
              zone: str | None = None, audience: Audience = "applicants") -> str:
    """The call's timeline and eligibility conditions, for ``audience``, in ``locale``.

    ``zone`` (an IANA name) also shows every instant in the reader's own zone.
    """
    fallback = call.languages[0] if call.languages else None
    lang = call_reading(locale, call.languages, fallback)
    reader = reader_zone(zone) if zone else None
    labels = call.labels if isinstance(getattr(call, "labels", None), CallLabels) else (
        CallLabels())
    describer = Phrasing(lang, labels, call.parameters, call.timeline, reader)
    officers = audience == "officers"
    title = call.title_in(lang)
    written = {"title": written_in(call, call.definition.title, lang)}
    timeline = [(milestone_label(labels, name, lang) or name.replace("_", " ").capitalize(),
                 describer.milestone(m),
                 labels.picked(labels.milestones.get(name), lang) or str(lang))
                for name, m in call.timeline.items()]  # (its name, when, the name's language)
    rules_of: dict[str, list[Any]] = {}
    for rule in call.definition.rules:
        rules_of.setdefault(rule.clause, []).append(rule)
    conditions: list[Entry] = []  # (id, title, text, reading)
    good_to_know: list[Entry] = []
    for clause in call.clauses.values():
        rules = rules_of.get(clause.id, [])
        ctitle, ctext = call.text(clause.title, lang), call.text(clause.text, lang)
        reading = after_word(";", lang).join(describer.describe(r.check) + _condition_notes(r, lang)
                            for r in rules) if officers else ""
        if not rules and officers:
            reading = phrase("not_checked", lang)
        entry = (clause.id, ctitle, ctext, capital(reading) if reading else "")
        written[f"title {clause.id}"] = written_in(call, clause.title, lang)
        written[f"text {clause.id}"] = written_in(call, clause.text, lang)
        if rules and all(r.severity == "warning" for r in rules) and not officers:
            good_to_know.append(entry)
        else:
            conditions.append(entry)
    notes = [call.text(texts, lang) for texts in call.definition.notes.values()]
    written.update((f"note {i}", written_in(call, texts, lang))
                   for i, texts in enumerate(call.definition.notes.values()))
    sections = [(phrase("conditions", lang), conditions)]
    if good_to_know:
        sections.append((phrase("good_to_know", lang), good_to_know))
    heading = phrase("for_officers" if officers else "for_applicants", lang)
    if format == "markdown":
        return _markdown(title, heading, lang, timeline, sections, notes, officers, written)
    if format == "html":
        return _html(title, heading, lang, timeline, sections, notes, officers, written)
    return _text(title, heading, lang, timeline, sections, notes, officers, written)


def in_force_note(call: Any, now: datetime, locale: str | None, format: Format,
                  zone: str | None = None) -> str:
    """The line that says which version of a dated call a checklist shows: the one in force
    at ``now`` (an instant passed in: ``show --at``, the service's ``now``, or the clock
    read where they start), in ``format``; empty for a call without amendments. ``zone``
    (an IANA name, the reader's) also shows its instants in the reader's zone, as the
    checklist's timeline does."""
    if not call.dated:
        return ""
    lang = call_reading(locale, call.languages, call.languages[0] if call.languages else None)
    own, reader = ZoneInfo(call.timezone), reader_zone(zone) if zone else None
    said = typography(phrase("in_force_on", lang, instant=format_instant_for(  # to the second
        now.replace(microsecond=0), lang, own, reader)), lang)
    amended = amended_values(call, now, lang, own, reader)
    if amended:  # which amendments the clauses above may not say yet (their text is not)
        said += " " + typography(phrase("amendments_in_force", lang,
                                        amendments=join_list(amended, lang)), lang)
    if format == "html":
        return f"<p><small>{escape(said)}</small></p>\n"
    if format == "markdown":
        return f"\n*{markdown(said)}*\n"
    return f"\n{terminal(said)}\n"


def edition_note(call: Any, locale: str | None, format: Format) -> str:
    """The line that says which edition of a recurring call a checklist shows, and names
    its other editions (``show --edition`` shows one of them), in ``format``; empty for a
    call that does not recur."""
    editions = call.editions()
    if len(editions) < 2:
        return ""
    lang = call_reading(locale, call.languages, call.languages[0] if call.languages else None)
    said = typography(phrase("edition_shown", lang, call=call.id, others=", ".join(
        each.id for each in editions if each.id != call.id)), lang)
    if format == "html":
        return f"<p><small>{escape(said)}</small></p>\n"
    if format == "markdown":
        return f"\n*{markdown(said)}*\n"
    return f"\n{terminal(said)}\n"

Entry = tuple[str, str, str, str]
#: Each milestone of a call's timeline: its name, when it is, and the language of its name.
Timeline = list[tuple[str, str, str]]
Sections = list[tuple[str, list[Entry]]]


def _colon(lang: str) -> str:
    return "\u202f: " if lang == "fr" else ": "


def _text(title: str, heading: str, lang: str, timeline: Timeline,
          sections: Sections, notes: list[str], officers: bool,
          written: dict[str, str]) -> str:
    t = typography  # (a call's own text in the typography of the language it is written in)
    lines = [title, heading, "", phrase("timeline", lang)]
    lines += [f"  {name}{after_word(':', lang)}{spaced(when, lang)}"
              for name, when, _ in timeline]
    for section, entries in sections:
        lines += ["", section]
        for cid, ctitle, ctext, reading in entries:
            lines.append(f"  [{cid}] {ctitle}" if officers else f"  – {ctitle}")
            lines += _indented(t(ctext, written[f"text {cid}"]), "    ")
            if reading:
                said = f"{phrase('reading', lang)}{after_word(':', lang)}{reading}"
                lines.append("    " + said)  # (each piece spaced as it is written)
    if notes:
        lines += ["", phrase("notes", lang)]
        lines += [f"  {t(text, written[f'note {i}'])}" for i, text in enumerate(notes)]
    return "\n".join(terminal(line) for line in lines) + "\n"


def _indented(text: str, indent: str) -> list[str]:
    """A clause's text, which may be written in paragraphs (line breaks and tabs, the only
    control characters a call file's text may hold), as lines under ``indent``: each of its
    lines indented, a tab as four spaces, an empty line kept empty; never ``\x0a`` or ``\x09``
    shown to the reader (every other control character is escaped line by line)."""
    return [indent + line.replace("\t", "    ") if line.strip() else ""
            for line in text.split("\n")]


def _markdown(title: str, heading: str, lang: str, timeline: Timeline,
              sections: Sections, notes: list[str], officers: bool,
              written: dict[str, str]) -> str:
    m, t = markdown, typography
    lines = [f"# {m(title)}", "", f"*{m(heading)}*", "", f"## {m(phrase('timeline', lang))}", ""]
    lines += [f"- **{m(name)}**{_colon(lang)}{m(when)}" for name, when, _ in timeline]
    for section, entries in sections:
        lines += ["", f"## {m(section)}", ""]
        for cid, ctitle, ctext, reading in entries:
            ident = f" (`{cid}`)" if officers and cid.replace("-", "").isalnum() else ""
            lines.append(f"- [ ] **{m(ctitle)}**{ident}{_colon(lang)}"
                         f"{m(t(ctext, written[f'text {cid}']))}")
            if reading:
                lines.append(f"  - *{m(phrase('reading', lang))}*{_colon(lang)}{m(reading)}")
    if notes:
        lines += ["", f"## {m(phrase('notes', lang))}", ""]
        lines += [f"- {m(t(text, written[f'note {i}']))}" for i, text in enumerate(notes)]
    return "\n".join(lines) + "\n"


def _in(text: str, written: str, lang: str) -> str:
    """``text`` (HTML), the call's own, isolated from the library's words around it and
    marked with the language it is written in when it is not the page's (``lang``, the
    library's): a call's own text in Italian on a page in English is read with Italian's
    voice, hyphens and quotation marks; one in Hebrew keeps its direction to itself."""
    return isolated(text, written, str(lang))


def _html(title: str, heading: str, lang: str, timeline: Timeline,
          sections: Sections, notes: list[str], officers: bool,
          written: dict[str, str]) -> str:
    e, t = escape, typography
    parts = [block("checklist", lang), f"<h1>{_in(e(title), written['title'], lang)}</h1>",
             f"<p><em>{e(heading)}</em></p>", f"<h2>{e(phrase('timeline', lang))}</h2>", "<ul>"]
    parts += [f"<li><b>{_in(e(name), named_in, lang)}</b>{_colon(lang)}{e(when)}</li>"
              for name, when, named_in in timeline]
    parts.append("</ul>")
    for section, entries in sections:
        parts += [f"<h2>{e(section)}</h2>", "<ul>"]
        for cid, ctitle, ctext, reading in entries:
            ident = f" (<code>{e(cid)}</code>)" if officers else ""
            small = (f"<br><small>{e(phrase('reading', lang))}{_colon(lang)}{e(reading)}</small>"
                     if reading else "")
            parts.append(f"<li><b>{_in(e(ctitle), written[f'title {cid}'], lang)}</b>{ident}"
                         f"{_colon(lang)}"
                         f"{_in(e(t(ctext, written[f'text {cid}'])), written[f'text {cid}'], lang)}"
                         f"{small}</li>")
        parts.append("</ul>")
    if notes:
        parts += [f"<h2>{e(phrase('notes', lang))}</h2>", "<ul>"]
        parts += [f"<li>{_in(e(t(text, written[f'note {i}'])), written[f'note {i}'], lang)}</li>"
                  for i, text in enumerate(notes)]
        parts.append("</ul>")
    parts.append("</div>")
    return "\n".join(parts) + "\n"

