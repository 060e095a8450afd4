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

import html
from collections.abc import Mapping
from datetime import datetime, tzinfo
from decimal import Decimal
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Literal

from callrules._i18n import (
    format_count,
    format_instant,
    format_value,
    join_list,
    long_date,
    negotiate,
    phrase,
    territory_name,
    typography,
)
from callrules._labels import CallLabels
from callrules._places import field_label, path_key, value_label, values_label
from callrules._safe import markdown, terminal
from callrules._time import reader_zone

if TYPE_CHECKING:
    from callrules._time import Milestone

__all__ = ["Audience", "Format", "checklist"]

Format = Literal["text", "markdown", "html"]
Audience = Literal["applicants", "officers"]


class _Describer:
    """How a rule reads, in words: fields by label, values by label, parameters by value."""

    def __init__(self, call: Any, lang: str, zone: tzinfo | None) -> None:
        self.call, self.lang, self.zone = call, lang, zone
        labels = getattr(call, "labels", None)
        self.labels: CallLabels = labels if isinstance(labels, CallLabels) else CallLabels()
        self.memo: dict[tuple[str, str], str] = {}  # a parameter is worded once per field

    def p(self, key: str, **values: object) -> str:
        return phrase(key, self.lang, **values)

    def label(self, key: str) -> str:
        return field_label(key, self.lang, self.labels)

    def operand(self, raw: object, key: str) -> str:
        if isinstance(raw, Mapping) and set(raw) == {"param"}:
            memo = (str(raw["param"]), key)
            if memo not in self.memo:
                self.memo[memo] = self.parameter(raw, key)
            return self.memo[memo]
        return self.literal(raw, key)

    def parameter(self, raw: Mapping[str, object], key: str) -> str:
        param = self.call.parameters[str(raw["param"])]
        if param.region:
            return territory_name(param.region, self.lang)
        if param.kind == "set":
            return values_label(key, param.value, self.lang, self.labels)
        return value_label(key, param.value, self.lang, self.labels)

    def literal(self, raw: object, key: str) -> str:
        if isinstance(raw, Mapping) and "milestone" in raw:
            milestone = self.call.timeline[str(raw["milestone"])]
            return self.milestone(milestone)
        if isinstance(raw, Mapping) and set(raw) == {"path"}:
            return self.label(path_key(str(raw["path"]), key.rsplit(".", 1)[0]
                                       if "." in key else ""))
        if isinstance(raw, list):
            return values_label(key, frozenset(str(v) for v in raw), self.lang, self.labels)
        if isinstance(raw, Mapping) and set(raw) == {"amount", "currency"}:
            return format_value(SimpleNamespace(amount=Decimal(str(raw["amount"])),
                                                currency=str(raw["currency"])), self.lang)
        return value_label(key, raw, self.lang, self.labels)

    def milestone(self, milestone: Milestone) -> str:
        if milestone.precision == "instant":
            return self.instant(milestone.start)
        if milestone.precision == "day":
            return long_date(milestone.start.date(), self.lang)
        from babel.dates import format_skeleton

        return str(format_skeleton("yMMMM", milestone.start, locale=self.lang))

    def instant(self, value: datetime) -> str:
        text = format_instant(value, self.lang)
        if self.zone is not None and getattr(self.zone, "key", None) != getattr(
                value.tzinfo, "key", None):
            text = self.p("instant_elsewhere", instant=text,
                          local=format_instant(value, self.lang, self.zone))
        return text

    def describe(self, node: Any, scope: str = "", names: Mapping[str, str] | None = None
                 ) -> str:
        """The rule ``node`` in words; ``scope`` is the field key of the item it reads."""
        names = names or {}

        def key_of(path: str) -> str:
            head = path.split(".", 1)[0]
            if head in names:
                rest = path.split(".", 1)[1] if "." in path else ""
                return ".".join(p for p in (names[head], rest) if p)
            return path_key(path, scope)

        op = node.op
        if op in ("all", "any"):
            parts = "; ".join(self.describe(child, scope, names) for child in node.rules)
            return self.p("d_all" if op == "all" else "d_any", parts=parts)
        if op == "not":
            return self.p("d_not", part=self.describe(node.rule, scope, names))
        if op == "each":
            inner = key_of(node.path)
            inner_names = dict(names)
            if getattr(node, "as_", None):
                inner_names["$" + node.as_] = inner
            part = self.describe(node.rule, inner, inner_names)
            if node.where is not None:
                return self.p("d_each_where", path=self.label(inner),
                              where=self.describe(node.where, inner, inner_names), part=part)
            return self.p("d_each", path=self.label(inner), part=part)
        if op == "exists":
            inner = key_of(node.path)
            if node.requirement:
                return self.labels.pick(node.requirement, self.lang) or ""
            if node.where is None:
                return self.p("d_exists_any", path=self.label(inner))
            return self.p("d_exists", path=self.label(inner),
                          where=self.describe(node.where, inner, names))
        if op == "present":
            return self.p("d_present", path=self.label(key_of(node.path)))
        if op == "compare":
            key = key_of(node.path)
            to = node.to
            timely = isinstance(to, Mapping) and "milestone" in to
            if node.cmp in ("==", "!="):
                verb = self.p(f"cmp {node.cmp}")
            else:
                verb = self.p(f"{'time' if timely else 'quantity'} {node.cmp}")
            if isinstance(to, Mapping) and set(to) == {"path"}:
                shown = self.label(key_of(str(to["path"])))
            else:
                shown = self.operand(to, key)
                if node.cmp in ("==", "!="):
                    return self.p("d_is" if node.cmp == "==" else "d_is_not",
                                  path=self.label(key), to=shown)
            return self.p("d_compare", path=self.label(key), cmp=verb, to=shown)
        if op in ("in", "not_in"):
            key = key_of(node.path)
            values = node.set_
            if isinstance(values, Mapping) and set(values) == {"path"}:
                shown = self.p("values_of", path=self.label(key_of(str(values["path"]))))
            else:
                shown = self.operand(values, key)
            return self.p("d_in" if op == "in" else "d_not_in", path=self.label(key),
                          set=shown)
        if op == "contains":
            key = key_of(node.path)
            return self.p("d_contains", path=self.label(key), value=self.operand(node.value,
                                                                                 key))
        if op == "days":
            bounds = []
            for bound, phrase_key in ((node.min, "d_days_min"), (node.max, "d_days_max")):
                if bound is None:
                    continue
                number = (self.call.parameters[str(bound["param"])].value
                          if isinstance(bound, Mapping) else bound)
                if phrase_key == "d_days_min" and number == 0:
                    continue
                count = format_count(int(number), node.count, self.lang)
                bounds.append(self.p(phrase_key, min=count, max=count))
            return self.p("d_days", start=self.label(key_of(node.start)),
                          end=self.label(key_of(node.end)), bounds=join_list(bounds, self.lang))
        if op == "within_year":
            year = node.year
            shown = (str(self.call.parameters[str(year["param"])].value)
                     if isinstance(year, Mapping) else str(year))
            return self.p("d_within_year", path=self.label(key_of(node.path)), year=shown)
        if op == "total":
            return self.p("d_total", path=self.label(key_of(node.path)),
                          max=self.operand(node.max, key_of(node.path)))
        return self.p("d_unique", path=self.label(key_of(node.path)))


def _condition_notes(rule: Any, lang: str) -> str:
    note = ""
    if rule.severity == "warning":
        note = " " + phrase("warning_only", lang)
    if rule.check.op == "unique":
        note += " " + phrase("batch_only", lang)
    return note


def checklist(call: Any, locale: str | None = None, *, format: Format = "text",
              zone: str | None = None, audience: Audience = "applicants") -> str:
    """The call's timeline and eligibility conditions, for ``audience``, in ``locale``.

    ``zone`` (an IANA name) also shows every instant in the reader's own zone.
    """
    fallback = call.languages[0] if call.languages else None
    lang = negotiate(locale, fallback)
    reader = reader_zone(zone) if zone else None
    describer = _Describer(call, lang, reader)
    labels = describer.labels
    officers = audience == "officers"
    title = call.title_in(lang)
    timeline = [(labels.milestone(name, lang) or name.replace("_", " ").capitalize(),
                 describer.milestone(m)) for name, m in call.timeline.items()]
    rules_of: dict[str, list[Any]] = {}
    for rule in call.definition.rules:
        rules_of.setdefault(rule.clause, []).append(rule)
    conditions: list[tuple[str, str, str, str]] = []  # (id, title, text, reading)
    good_to_know: list[tuple[str, str, str, str]] = []
    for clause in call.clauses.values():
        rules = rules_of.get(clause.id, [])
        ctitle, ctext = call.text(clause.title, lang), call.text(clause.text, lang)
        reading = "; ".join(describer.describe(r.check) + _condition_notes(r, lang)
                            for r in rules) if officers else ""
        if not rules and officers:
            reading = phrase("not_checked", lang)
        entry = (clause.id, ctitle, ctext, typography(reading, lang) if reading else "")
        if rules and all(r.severity == "warning" for r in rules) and not officers:
            good_to_know.append(entry)
        else:
            conditions.append(entry)
    notes = [call.text(texts, lang) for texts in call.definition.notes.values()]
    sections = [(phrase("conditions", lang), conditions)]
    if good_to_know:
        sections.append((phrase("good_to_know", lang), good_to_know))
    heading = phrase("for_officers" if officers else "for_applicants", lang)
    if format == "markdown":
        return _markdown(title, heading, lang, timeline, sections, notes, officers)
    if format == "html":
        return _html(title, heading, lang, timeline, sections, notes, officers)
    return _text(title, heading, lang, timeline, sections, notes, officers)


Sections = list[tuple[str, list[tuple[str, str, str, str]]]]


def _colon(lang: str) -> str:
    return "\u202f: " if lang == "fr" else ": "


def _text(title: str, heading: str, lang: str, timeline: list[tuple[str, str]],
          sections: Sections, notes: list[str], officers: bool) -> str:
    t = typography
    lines = [title, heading, "", phrase("timeline", lang)]
    lines += [t(f"  {name}: {when}", lang) for name, when in timeline]
    for section, entries in sections:
        lines += ["", section]
        for cid, ctitle, ctext, reading in entries:
            lines.append(f"  [{cid}] {ctitle}" if officers else f"  – {ctitle}")
            lines.append(f"    {t(ctext, lang)}")
            if reading:
                lines.append("    " + t(f"{phrase('reading', lang)}: {reading}", lang))
    if notes:
        lines += ["", phrase("notes", lang)]
        lines += [f"  {t(text, lang)}" for text in notes]
    return "\n".join(terminal(line) for line in lines) + "\n"


def _markdown(title: str, heading: str, lang: str, timeline: list[tuple[str, str]],
              sections: Sections, notes: list[str], officers: bool) -> str:
    m, t = markdown, typography
    lines = [f"# {m(title)}", "", f"*{m(heading)}*", "", f"## {m(phrase('timeline', lang))}", ""]
    lines += [f"- **{m(name)}**{_colon(lang)}{m(when)}" for name, when in timeline]
    for section, entries in sections:
        lines += ["", f"## {m(section)}", ""]
        for cid, ctitle, ctext, reading in entries:
            ident = f" (`{cid}`)" if officers and cid.replace("-", "").isalnum() else ""
            lines.append(f"- [ ] **{m(ctitle)}**{ident}{_colon(lang)}{m(t(ctext, lang))}")
            if reading:
                lines.append(f"  - *{m(phrase('reading', lang))}*{_colon(lang)}{m(reading)}")
    if notes:
        lines += ["", f"## {m(phrase('notes', lang))}", ""]
        lines += [f"- {m(t(text, lang))}" for text in notes]
    return "\n".join(lines) + "\n"


def _html(title: str, heading: str, lang: str, timeline: list[tuple[str, str]],
          sections: Sections, notes: list[str], officers: bool) -> str:
    e, t = html.escape, typography
    parts = [f"<h1>{e(title)}</h1>", f"<p><em>{e(heading)}</em></p>",
             f"<h2>{e(phrase('timeline', lang))}</h2>", "<ul>"]
    parts += [f"<li><b>{e(name)}</b>{_colon(lang)}{e(when)}</li>" for name, when in timeline]
    parts.append("</ul>")
    for section, entries in sections:
        parts += [f"<h2>{e(section)}</h2>", "<ul>"]
        for cid, ctitle, ctext, reading in entries:
            ident = f" (<code>{e(cid)}</code>)" if officers else ""
            small = (f"<br><small>{e(phrase('reading', lang))}{_colon(lang)}{e(reading)}</small>"
                     if reading else "")
            parts.append(f"<li><b>{e(ctitle)}</b>{ident}{_colon(lang)}{e(t(ctext, lang))}"
                         f"{small}</li>")
        parts.append("</ul>")
    if notes:
        parts += [f"<h2>{e(phrase('notes', lang))}</h2>", "<ul>"]
        parts += [f"<li>{e(t(text, lang))}</li>" for text in notes]
        parts.append("</ul>")
    return "\n".join(parts) + "\n"

