"""The checklist of a call, generated from its executable rules.

Each line cites its clause and is written from the rule tree itself, with the parameter values
and milestones the call holds, so what an applicant reads can never drift from what the library
checks: change a parameter in the call file and the checklist changes with it.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

from callrules import _definitions as d
from callrules._i18n import format_instant, format_value, negotiate, phrase
from callrules._time import Milestone

if TYPE_CHECKING:
    from callrules._call import Call

__all__ = ["checklist"]

Format = Literal["text", "markdown", "html"]


class _Describer:
    def __init__(self, call: Call, lang: str, zone: ZoneInfo | None) -> None:
        self.call, self.lang, self.zone = call, lang, zone

    def p(self, key: str, **values: object) -> str:
        return phrase(key, self.lang, **values)

    def operand(self, raw: object) -> str:
        if isinstance(raw, Mapping) and set(raw) == {"param"}:
            param = self.call.parameters[str(raw["param"])]
            if param.region:
                from callrules._codes import REGION_NAMES

                name = REGION_NAMES.get(param.region, {}).get(self.lang, param.region)
                return f"{name} (UN M49 {param.region})"
            if param.kind == "int" or (param.kind == "str"):
                return str(param.value)
            return format_value(param.value, self.lang)
        if isinstance(raw, Mapping) and set(raw) == {"milestone"}:
            return self.milestone(self.call.timeline[str(raw["milestone"])])
        if isinstance(raw, Mapping) and set(raw) == {"path"}:
            return self.p("the_same_as", path=raw["path"])
        if isinstance(raw, list):
            return format_value(frozenset(raw), self.lang)
        if isinstance(raw, Mapping) and set(raw) == {"amount", "currency"}:
            from callrules._money import Money

            return format_value(Money(raw["amount"], str(raw["currency"])), self.lang)
        return str(raw)

    def milestone(self, milestone: Milestone) -> str:
        if milestone.precision == "instant":
            return self.instant(milestone.start)
        if milestone.precision == "day":
            return format_value(milestone.start.date(), self.lang)
        from babel.dates import format_date

        return format_date(milestone.start.date(), "MMMM y", locale=self.lang)

    def instant(self, value: datetime) -> str:
        text = format_instant(value, self.lang)
        if self.zone is not None and self.zone != value.tzinfo:
            text = self.p("instant_elsewhere", instant=text,
                          local=format_instant(value, self.lang, self.zone))
        return text

    def describe(self, node: Any) -> str:
        op = node.op
        if op in ("all", "any"):
            separator = " ; " if self.lang == "fr" else "; "  # French spaces its semicolons
            parts = separator.join(self.describe(child) for child in node.rules)
            return self.p("d_all" if op == "all" else "d_any", parts=parts)
        if op == "not":
            return self.p("d_not", part=self.describe(node.rule))
        if op == "each":
            part = self.describe(node.rule)
            if node.where is not None:
                return self.p("d_each_where", path=node.path, where=self.describe(node.where),
                              part=part)
            return self.p("d_each", path=node.path, part=part)
        if op == "exists":
            if node.requirement:
                return self.call.text(node.requirement, self.lang)
            if node.where is None:
                return self.p("d_exists_any", path=node.path)
            return self.p("d_exists", path=node.path, where=self.describe(node.where))
        if op == "present":
            return self.p("d_present", path=node.path)
        if op == "compare":
            to = node.to
            timely = isinstance(to, Mapping) and "milestone" in to
            if node.cmp in ("==", "!="):
                verb = self.p(f"cmp {node.cmp}")
            else:
                verb = self.p(f"{'time' if timely else 'quantity'} {node.cmp}")
            return self.p("d_compare", path=node.path, cmp=verb, to=self.operand(to))
        if op in ("in", "not_in"):
            values = node.set_
            shown = (self.p("values_of", path=values["path"]) if isinstance(values, Mapping)
                     and set(values) == {"path"} else self.operand(values))
            return self.p("d_in" if op == "in" else "d_not_in", path=node.path, set=shown)
        if op == "contains":
            return self.p("d_contains", path=node.path, value=self.operand(node.value))
        if op == "days":
            bounds = []
            if node.min is not None and self.operand(node.min) != "0":
                bounds.append(self.p("d_days_min", min=self.operand(node.min)))
            if node.max is not None:
                bounds.append(self.p("d_days_max", max=self.operand(node.max)))
            return self.p("d_days", start=node.start, end=node.end, bounds=", ".join(bounds),
                          count=self.p(node.count))
        if op == "within_year":
            return self.p("d_within_year", path=node.path, year=self.operand(node.year))
        if op == "total":
            path = f"{node.path}.{node.of}" if node.of else node.path
            return self.p("d_total", path=path, max=self.operand(node.max))
        assert isinstance(node, d.Unique)
        return self.p("d_unique", path=node.path)


def checklist(call: Call, locale: str = "en", *, format: Format = "text",
              zone: str | None = None) -> str:
    """The call's timeline and eligibility conditions, each citing its clause.

    ``zone`` (an IANA name) also shows every instant in the reader's own zone.
    """
    lang = negotiate(locale)
    reader = ZoneInfo(zone) if zone else None
    describer = _Describer(call, lang, reader)
    title = call.title_in(lang)
    timeline = [(name, describer.milestone(m)) for name, m in call.timeline.items()]
    conditions = []
    for rule in call.definition.rules:
        clause = call.clauses[rule.clause]
        note = ""
        if rule.severity == "warning":
            note = " " + phrase("warning_only", lang)
        if rule.check.op == "unique":
            note += " " + phrase("batch_only", lang)
        conditions.append((rule.clause, call.text(clause.title, lang),
                           call.text(clause.text, lang), describer.describe(rule.check) + note))
    checked = {rule.clause for rule in call.definition.rules}
    for clause in call.clauses.values():  # clauses no rule checks are shown, and said so
        if clause.id not in checked:
            conditions.append((clause.id, call.text(clause.title, lang),
                               call.text(clause.text, lang), phrase("not_checked", lang)))
    notes = [(key, call.text(texts, lang)) for key, texts in call.definition.notes.items()]
    if format == "markdown":
        lines = [f"# {title}", "", f"## {phrase('timeline', lang)}", ""]
        lines += [f"- **{name}**: {when}" for name, when in timeline]
        lines += ["", f"## {phrase('conditions', lang)}", ""]
        for cid, ctitle, ctext, rule_text in conditions:
            lines += [f"- [ ] **{ctitle}** (`{cid}`): {ctext}", f"  - {rule_text}"]
        if notes:
            lines += ["", f"## {phrase('notes', lang)}", ""]
            lines += [f"- {text}" for _, text in notes]
        return "\n".join(lines) + "\n"
    if format == "html":
        e = html.escape
        parts = [f"<h1>{e(title)}</h1>", f"<h2>{e(phrase('timeline', lang))}</h2>", "<ul>"]
        parts += [f"<li><b>{e(name)}</b>: {e(when)}</li>" for name, when in timeline]
        parts += ["</ul>", f"<h2>{e(phrase('conditions', lang))}</h2>", "<ul>"]
        for cid, ctitle, ctext, rule_text in conditions:
            parts.append(f"<li><b>{e(ctitle)}</b> (<code>{e(cid)}</code>): {e(ctext)}"
                         f"<br><small>{e(rule_text)}</small></li>")
        parts.append("</ul>")
        if notes:
            parts += [f"<h2>{e(phrase('notes', lang))}</h2>", "<ul>"]
            parts += [f"<li>{e(text)}</li>" for _, text in notes]
            parts.append("</ul>")
        return "\n".join(parts) + "\n"
    lines = [title, "", phrase("timeline", lang)]
    lines += [f"  {name}: {when}" for name, when in timeline]
    lines += ["", phrase("conditions", lang)]
    for cid, ctitle, ctext, rule_text in conditions:
        lines += [f"  [{cid}] {ctitle}", f"    {ctext}", f"    → {rule_text}"]
    if notes:
        lines += ["", phrase("notes", lang)]
        lines += [f"  {text}" for _, text in notes]
    return "\n".join(lines) + "\n"
