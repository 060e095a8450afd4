"""A budget plan in words for people: each line's label (the call's own template, filled with
values worded for the reader), its explanation (rate, table row, version and source, quantity,
rounding), each trim and each line left out, the plan as text and as HTML for a notebook.

Codes are read by their labels (the call's vocabularies, country names), tables by the labels
of their parameters, amounts by babel, dates written out; everything from a call or an
application is escaped in HTML.
"""

from __future__ import annotations

from collections.abc import Mapping

from callrules._definitions import template_names
from callrules._i18n import (
    after_word,
    format_exact,
    format_money,
    format_named_money,
    format_value,
    join_list,
    long_date,
    negotiate,
    sentence,
    translate,
    typography,
    visible,
)
from callrules._layout import TABLE, block
from callrules._money import Money, quantum
from callrules._places import value_label
from callrules._safe import escape, terminal
from callrules._text import amended_values, call_language, clause_title
from callrules.budget.rounding import DEFAULT, exact_product
from callrules.planning.messages import LABELS, REASONS, ROUNDING, WORDS
from callrules.planning.result import (
    PROBED_LINES,
    BudgetPlan,
    KeptMinimum,
    LeftOut,
    PlannedLine,
    Reading,
    Trim,
)

__all__ = ["left_out_text", "line_explanation", "line_label", "minimum_text", "plan_html",
           "plan_text", "trim_text"]


class _Filled(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "—"


def _lang(plan: BudgetPlan, locale: str | None) -> str:
    return call_language(locale, plan.call) if plan.call is not None else negotiate(locale)


def _say(messages: Mapping[str, str], key: str, lang: str, **values: object) -> str:
    text = translate(messages[key], lang)
    return text % values if values else text


def _code_label(plan: BudgetPlan, code: str, lang: str, key: str = "") -> str:
    """A table's code in words: a label of the call's vocabularies, else as a value of the
    field its key is named for (a country's name), else as written."""
    if code == "*":
        return _say(WORDS, "any_other", lang)
    call = plan.call
    if call is not None:
        for vocabulary in call.definition.vocabularies.values():
            texts = vocabulary.values.get(code)
            if texts:
                return str(call.labels.pick(texts, lang))
    return value_label(key, code, lang, getattr(call, "labels", None))


def _table_label(plan: BudgetPlan, name: str, lang: str) -> str:
    labels = getattr(plan.call, "labels", None)
    own = labels.parameter(name, lang) if labels is not None else None
    return own or name.replace("_", " ")


def _category(plan: BudgetPlan, category: str, lang: str) -> str:
    return value_label("budget.lines.category", category, lang,
                       getattr(plan.call, "labels", None))


def _keys_of(plan: BudgetPlan, table: str) -> tuple[str, ...]:
    call = plan.call
    param = call.parameters.get(table) if call is not None else None
    return tuple(getattr(getattr(param, "value", None), "keys", ()))


def _row(plan: BudgetPlan, reading: Reading, lang: str) -> str:
    """The row a value was read in, in words: its codes by their labels ("any other" for a
    row of ``"*"`` only)."""
    names = _keys_of(plan, reading.table)
    words = [_code_label(plan, code, lang, names[i] if i < len(names) else "")
             for i, code in enumerate(reading.row) if code != "*"]
    return join_list(words, lang) if words else _say(WORDS, "any_other", lang)


def _read(plan: BudgetPlan, reading: Reading, lang: str) -> str:
    """What a table gave: a code (a class of place) by its label, else the row it was in."""
    if isinstance(reading.value, str):
        return _code_label(plan, reading.value, lang)
    return _row(plan, reading, lang)


def _rate(plan: BudgetPlan, rate: Money, lang: str) -> str:
    """A line's rate as its table gives it: in the plan's currency by its symbol (€140.00),
    in another currency by its name (151.37 US dollars), never taken for the plan's."""
    if rate.currency == plan.currency:
        return format_money(rate, lang)
    return format_named_money(rate, lang)


def line_label(plan: BudgetPlan, line: PlannedLine, locale: str | None = None) -> str:
    """The line's label in the reader's language: the call's template with its values; none
    (an empty text) while a value it names is not known (a line still to be stated, or one
    kept as the applicant stated it), rather than a label with holes."""
    lang = _lang(plan, locale)
    template = plan.call.labels.pick(line.label, lang) if plan.call is not None else \
        next(iter(line.label.values()), "")
    values = {"category": _category(plan, line.category, lang)}
    if line.name:
        values["name"] = line.name
    if line.quantity is not None:
        values["quantity"] = format_exact(line.quantity, lang)
    if line.rate is not None:
        values["rate"] = _rate(plan, line.rate, lang)
    if line.most is not None:
        values["amount"] = format_money(line.most, lang)
    if line.readings:
        reading = line.readings[-1]
        values.update(row=_row(plan, reading, lang), since=long_date(reading.since, lang),
                      source=reading.source)
    if line.status == "to_state" or not template or not template_names(
            str(template)) <= values.keys():
        return ""  # (a line still to be stated: its amount not known, whatever it names)
    return sentence(str(template), values, lang)


def line_explanation(plan: BudgetPlan, line: PlannedLine, locale: str | None = None) -> str:
    """How the line's amount comes about: the computation and each value read in a table
    (row, version, source), or that it is stated, or why it is to be stated."""
    lang = _lang(plan, locale)
    return " ".join(part if part.endswith(".") else part + "."
                    for part in _explanation(plan, line, lang))


def _explanation(plan: BudgetPlan, line: PlannedLine, lang: str) -> list[str]:
    parts: list[str] = []
    if line.status == "computed":
        assert line.most is not None
        if line.rate is not None and line.quantity is not None:
            values = {"quantity": format_exact(line.quantity, lang),
                      "rate": _rate(plan, line.rate, lang),
                      "amount": format_money(line.most, lang)}
            key = "computed"
            if line.rate.currency != line.most.currency:
                # the rate in its own currency times the quantity, that product converted
                # once and rounded once (callrules.budget.rounding.times_in), each said
                product = exact_product(line.rate, line.quantity)
                values["product"] = format_named_money(product, lang)
                key = "computed_converted"
            rounding = line.rounding
            places = -int(quantum(line.most.currency).as_tuple().exponent)
            if rounding is None and f"nearest {places}" in WORDS:
                parts.append(_say(WORDS, key, lang, **values,
                                  rounding=_say(WORDS, f"nearest {places}", lang)))
            else:  # a call's own rounding (or a currency of places no word names)
                rounding = rounding or DEFAULT
                unit = rounding.unit if rounding.unit is not None else quantum(
                    line.most.currency)
                parts.append(_say(WORDS, f"{key}_rounded", lang, **values,
                                  mode=_say(ROUNDING, rounding.mode, lang),
                                  unit=format_money(Money(unit, line.most.currency), lang)))
        else:
            parts.append(_say(WORDS, "computed_amount", lang,
                              amount=format_money(line.most, lang)))
        for reading in line.readings:
            parts.append(_say(WORDS, "reading", lang,
                              table=_table_label(plan, reading.table, lang),
                              row=_read(plan, reading, lang),
                              since=long_date(reading.since, lang), source=reading.source))
    elif line.status == "stated":
        assert line.most is not None and line.original is not None
        if line.original.amount.currency != line.most.currency:
            parts.append(_say(WORDS, "stated_converted", lang,
                              original=format_named_money(line.original.amount, lang),
                              amount=format_money(line.most, lang)))
        else:
            parts.append(_say(WORDS, "stated", lang, amount=format_money(line.most, lang)))
        if line.reason:
            parts.append(_say(REASONS, "kept", lang, reason=_reason(plan, line, lang)))
    else:
        parts.append(_say(REASONS, "to_state", lang, reason=_reason(plan, line, lang)))
    return [typography(part, lang) for part in parts]


def _reason(plan: BudgetPlan, line: PlannedLine, lang: str) -> str:
    ctx = line.ctx
    values = _Filled()
    for name, value in ctx.items():
        if name == "table":
            values[name] = _table_label(plan, str(value), lang)
        elif name == "key" and isinstance(value, tuple):
            keys = _keys_of(plan, str(ctx.get("table", "")))
            values[name] = join_list([_code_label(plan, str(code), lang,
                                                  keys[i] if i < len(keys) else "")
                                      for i, code in enumerate(value) if code], lang)
        else:
            values[name] = format_value(value, lang)
    reason = line.reason or "missing_value"
    return translate(REASONS[reason], lang) % values


def trim_text(plan: BudgetPlan, trim: Trim, locale: str | None = None) -> str:
    """Which line was trimmed, by how much, and why (the cap and its clause)."""
    lang = _lang(plan, locale)
    title = clause_title(plan.call, trim.clause, lang) if plan.call is not None else trim.clause
    text = _say(WORDS, _trim_key(plan, trim), lang,
                by=format_money(trim.by, lang), before=format_money(trim.before, lang),
                after=format_money(trim.after, lang), cap=format_money(trim.cap, lang),
                clause=title, category=_category(plan, trim.category, lang))
    return typography(text, lang)


def _trim_key(plan: BudgetPlan, trim: Trim) -> str:
    """The words of ``trim``: its scope's; for a line removed for a rule on each line, whether
    its most is below the least the rule asks (no budget keeps it) or the planner chose it
    among the lines kept at that least, to bring the others within the caps (look75p F5:
    "more than the rates and the caps leave this one" said of a line the caps left room
    for), or within the caps and the call's other rules where it was removed for a rule that
    is no cap of the plan (:attr:`Trim.for_rules`)."""
    if trim.scope != "minimum":
        return f"trim_{trim.scope}"
    most = plan.lines[trim.position].most
    chosen = most is not None and most.currency == trim.cap.currency and most >= trim.cap
    if not chosen:
        return "trim_minimum"
    # chosen for the caps, or removed for a rule that is no cap of the plan (« total ≤
    # €2,000 », marked on the trim: look76p F3, said over the caps where they left room)
    return "trim_minimum_chosen_rules" if trim.for_rules else "trim_minimum_chosen"


def left_out_text(plan: BudgetPlan, left: LeftOut, locale: str | None = None) -> str:
    """Which line of the application the proposal does not keep, and why."""
    lang = _lang(plan, locale)
    what = left.original.label or _category(plan, left.original.category, lang)
    return typography(_say(WORDS, left.reason, lang, number=left.index + 1, what=what,
                           amount=format_money(left.original.amount, lang)), lang)


def minimum_text(plan: BudgetPlan, minimum: KeptMinimum, locale: str | None = None) -> str:
    """Which minimum of the call's rules the trims stopped at: its clause's title,
    the least it asks, and the categories of the lines it kept (each line, each visitor's
    lines, or the lines in all)."""
    lang = _lang(plan, locale)
    return typography(_minimum(plan, minimum, lang), lang)


def _minimum(plan: BudgetPlan, minimum: KeptMinimum, lang: str) -> str:
    title = clause_title(plan.call, minimum.clause, lang) if plan.call is not None else \
        minimum.clause
    categories = _capital(join_list([_category(plan, category, lang)
                                     for category in minimum.categories], lang))
    # the trims it stopped were the caps', or also those of a rule that is no cap of the plan
    by = "rules" if any(trim.scope == "rule" for trim in plan.trims) else "caps"
    return _say(LABELS, f"minimum_{minimum.each}_{by}", lang,
                least=format_money(minimum.least, lang), clause=title, categories=categories)


def _who(plan: BudgetPlan, line: PlannedLine, lang: str) -> str:
    """Whom a line is for, as a bullet or a cell starts with it: the participant's name, as
    the application wrote it, else the library's words, their first letter capital."""
    if line.name:
        return line.name
    if line.beneficiary:
        return line.beneficiary
    return _capital(_say(WORDS, "whole_application", lang))


def _capital(words: str) -> str:
    """Words of the library's or the call's (a label) starting a bullet: the first letter
    capital, never one letter made two (``ß``)."""
    first = words[:1].upper()
    return first + words[1:] if len(first) == 1 else words


def _amended(plan: BudgetPlan, lang: str) -> str | None:
    """The sentence naming the amendments of the call in force at the plan's instant (the
    funding cap, as amended from when, and the amendment's label), as ``check`` says it:
    the cap and rates a plan shows may be an amendment's; None when none is in force."""
    call = plan.call
    if call is None or not call.amendments or not call.dated:
        return None
    parts = amended_values(call, plan.now if plan.now is not None else call.as_of, lang,
                           call.zone)
    if not parts:
        return None
    return _say(LABELS, "amended", lang, amendments=join_list(parts, lang))


def _summary(plan: BudgetPlan, lang: str) -> list[str]:
    missing = sum(1 for line in plan.lines if line.status == "to_state")
    # the most the call allows said only of a proposal check accepts and refuses a minor
    # unit more on any line of (att52p: said over 150 plans of 400 that do not fit)
    # (att58: not said of a budget of more lines than the planner tries either, nor was it
    # said that it could not tell)
    said = {"bound": "totals_unreached", "unfit": "totals_over", "untold": "totals_untold",
            "more": "totals_room", "most": "totals_known" if missing else "totals"
            }[plan.most_said]
    counts = {"limit": format_exact(PROBED_LINES, lang),
              "lines": format_exact(len(plan.budget().lines), lang)} \
        if said == "totals_untold" else {}
    out = [_say(LABELS, said, lang,
                most=format_money(plan.unreached or plan.most, lang),
                total=format_money(plan.total, lang), cap=format_money(plan.cap, lang),
                **counts)]
    amended = _amended(plan, lang)
    if amended is not None:
        out.append(amended)
    if plan.fits:
        out.append(_say(LABELS, "fits", lang))
    elif plan.total > plan.cap:
        # (the search at its bound: never "no budget fits", nor the lines left untrimmable)
        out.append(_say(LABELS, "over_stopped" if plan.stopped else "over", lang,
                        excess=format_money(plan.total - plan.cap, lang)))
        if plan.stopped:
            out.append(_say(LABELS, "stopped_cap", lang))
    else:
        over = plan.over_caps
        out += [_say(LABELS, "over_category_stopped" if plan.stopped else "over_category",
                     lang, category=_category(plan, category, lang),
                     cap=format_money(plan.caps[category], lang),
                     excess=format_money(excess, lang))
                for category, excess in over.items()]
        if plan.breaks or not over:
            titles = [clause_title(plan.call, clause, lang) if plan.call is not None else
                      clause for clause in plan.breaks]
            out.append(_say(LABELS, "breaks", lang, clauses=join_list(titles, lang)))
            if plan.stopped:  # never "no budget fits" where trims were left untried
                out.append(_say(LABELS, "stopped", lang))
        else:  # over the plan's own caps alone: the call's rules accept it, as check says
            out.append(_say(LABELS, "own_caps", lang))
            if plan.stopped:  # (the search at its bound: never "no budget fits")
                out.append(_say(LABELS, "stopped_cap" if len(over) == 1 else "stopped_caps",
                                lang))
    out += [_minimum(plan, minimum, lang) for minimum in plan.minimums]
    if missing:
        out.append(_say(LABELS, "incomplete", lang, n=format_exact(missing, lang)))
    if plan.elsewhere:
        titles = [clause_title(plan.call, clause, lang) if plan.call is not None else clause
                  for clause in plan.elsewhere]
        out.append(_say(LABELS, "elsewhere", lang, clauses=join_list(titles, lang)))
    return [typography(text, lang) for text in out]


def _trims_by_line(plan: BudgetPlan) -> dict[int, list[Trim]]:
    out: dict[int, list[Trim]] = {}
    for trim in plan.trims:
        out.setdefault(trim.position, []).append(trim)
    return out


def _names(plan: BudgetPlan) -> dict[str, str]:
    return {line.beneficiary: line.name for line in plan.lines
            if line.beneficiary and line.name}


def plan_text(plan: BudgetPlan, locale: str | None = None) -> str:
    """The plan as text: head, totals, each line with its explanation and trim, then what
    was left out, and the sums by category and by participant."""
    lang = _lang(plan, locale)
    out = [_say(LABELS, "head", lang, application=visible(plan.application_id, lang),
                call=plan.call_id,
                version=plan.call_version), *_summary(plan, lang), ""]
    trims = _trims_by_line(plan)
    for position, line in enumerate(plan.lines):
        amount = format_money(line.proposed, lang) if line.proposed is not None else \
            _say(LABELS, "to_state", lang)
        label = line_label(plan, line, lang)
        colon = after_word(":", lang)
        out.append(typography(f"- {_who(plan, line, lang)} — "
                              f"{_category(plan, line.category, lang)}{colon}{amount}"
                              + (f" — {label}" if label else ""), lang))
        out += [f"  {part}" for part in _explanation(plan, line, lang)]
        out += [f"  {trim_text(plan, trim, lang)}" for trim in trims.get(position, ())]
    if plan.left_out:
        out += ["", typography(_say(LABELS, "left_out", lang)
                               + after_word(":", lang).rstrip(), lang)]
        out += [f"- {left_out_text(plan, x, lang)}" for x in plan.left_out]
    names = _names(plan)
    whole = _capital(_say(WORDS, "whole_application", lang))
    for key, proposed, most, words in (
            ("by_category", plan.by_category(), plan.by_category(proposed=False),
             {k: _capital(_category(plan, k, lang)) for k in plan.by_category()}),
            ("by_participant", plan.by_participant(), plan.by_participant(proposed=False),
             {k: names.get(k, k) or whole for k in plan.by_participant()})):
        out += ["", typography(_say(LABELS, key, lang) + after_word(":", lang).rstrip(), lang)]
        for code, value in proposed.items():
            amount = format_money(value, lang)
            if most.get(code, value) != value:
                amount = _say(LABELS, "sum", lang, proposed=amount,
                              most=format_money(most[code], lang))
            out.append(typography(f"- {words[code]}{after_word(':', lang)}{amount}", lang))
    # every line safe for a terminal, as check's text (_safe.terminal): nothing from a call
    # or an application can move the cursor, set a title, reverse text or start a line
    return "\n".join(terminal(line) for line in out)


_LEFT = ' style="text-align:left;vertical-align:top"'


def _cell(text: str, tag: str = "td") -> str:
    return f"<{tag}{_LEFT}>{escape(text)}</{tag}>"


def plan_html(plan: BudgetPlan, locale: str | None = None) -> str:
    """The plan as an HTML fragment: the totals, then a table of lines (beneficiary,
    category, line, most allowed, proposed, explanation), what was left out."""
    lang = _lang(plan, locale)
    head = _say(LABELS, "head", lang, application=visible(plan.application_id, lang),
                call=plan.call_id,
                version=plan.call_version)
    parts = [block("plan", lang), f"<p><strong>{escape(head)}</strong></p>"]
    parts += [f"<p>{escape(text)}</p>" for text in _summary(plan, lang)]
    parts.append(TABLE + "<thead><tr>" + "".join(
        _cell(_say(LABELS, k, lang), "th") for k in ("beneficiary", "category", "line", "most",
                                                      "proposed", "explanation"))
        + "</tr></thead><tbody>")
    trims = _trims_by_line(plan)
    for position, line in enumerate(plan.lines):
        explanation = " ".join([line_explanation(plan, line, lang)] + [
            trim_text(plan, trim, lang) for trim in trims.get(position, ())])
        parts.append("<tr>" + _cell(_who(plan, line, lang))
                     + _cell(_category(plan, line.category, lang))
                     + _cell(line_label(plan, line, lang))
                     + _cell(format_money(line.most, lang) if line.most is not None else "—")
                     + _cell(format_money(line.proposed, lang) if line.proposed is not None
                             else _say(LABELS, "to_state", lang))
                     + _cell(explanation) + "</tr>")
    parts.append("</tbody></table>")
    if plan.left_out:
        parts.append(f"<p>{escape(_say(LABELS, 'left_out', lang))}</p><ul>")
        parts += [f"<li>{escape(left_out_text(plan, x, lang))}</li>" for x in plan.left_out]
        parts.append("</ul>")
    parts.append("</div>")
    return "".join(parts)

