"""A selection in words for people: each reason and score problem in the reader's language,
the whole selection as text, an HTML table for the panel, and rows for CSV and DataFrames.

Criteria are named by their labels, conditions by their clause titles, countries by their
names, amounts and scores formatted for the reader's locale (through babel).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from babel.numbers import get_decimal_symbol

from callrules._call import Call
from callrules._i18n import (
    after_word,
    collation_key,
    file_named,
    filled,
    format_exact,
    format_value,
    join_list,
    join_sorted,
    minus,
    negotiate,
    phrase,
    plural,
    record_place,
    source_words,
    territory_name,
    translate,
    translate_plural,
    visible,
)
from callrules._inserted import each_inserted, inserted, marking
from callrules._layout import TABLE, block, message
from callrules._money import Money, amount_written
from callrules._safe import escape, terminal
from callrules._text import problem_lines
from callrules.exceptions import ArgumentError, InputProblem, given_locale
from callrules.selection.messages import COUNTED, COUNTED_BY, DECISIONS, LABELS, PROBLEMS, REASONS
from callrules.selection.result import Decision, Reason, Selection, SelectionEntry
from callrules.selection.scores import SCORE_PLACES, ScoreProblem, place_of, shown_score

__all__ = ["columns", "place_text", "problem_text", "reason_text", "rows", "same_id",
           "selection_html",
           "selection_text", "summary"]


class _Filled(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def _label(key: str, lang: str, **values: object) -> str:
    text = translate(LABELS[key], lang)
    return text % values if values else text


def criterion_label(call: Call | None, criterion_id: str, lang: str) -> str:
    """A criterion's label in ``lang`` (its id when the call is not at hand)."""
    if call is not None:
        for raw in call.definition.criteria:
            if raw.get("id") == criterion_id:
                return call.text(raw["label"], lang)
    return criterion_id


def place_text(source: str, line: int, unit: str, lang: str) -> str:
    """A score's place in words: ``scores.csv, line 4``, ``scores.json, item 4 of the
    list``, or the file alone; a file given by its absolute path by its name alone
    (:func:`~callrules._i18n.file_named`)."""
    source = file_named(source)
    if unit == "file":
        return source
    return _label("where" if unit == "line" else "where_item", lang, file=source, line=line)


def _where(where: str, lang: str) -> str:
    return place_text(*place_of(where), lang)


#: Values shown as they are: numbers of ranks and lines, and what the file itself holds
#: (an id, a reviewer, a key: each invisible character in it named in words, as the
#: heading of its entry names it, never escaped as code).
_AS_WRITTEN = frozenset({"rank", "line", "count", "limit", "minimum", "value", "key",
                         "reviewer", "application", "known", "column", "columns", "reason",
                         "other", "written", "counted"})


def _values(ctx: Mapping[str, object], lang: str, call: Call | None) -> _Filled:
    out = _Filled()
    for key, value in ctx.items():
        if key == "criterion" and isinstance(value, str):
            out[key] = criterion_label(call, value, lang)
        elif key == "clauses" and isinstance(value, tuple):
            titles = [call.text(call.clauses[c].title, lang)
                      if call is not None and c in call.clauses else str(c) for c in value]
            out[key] = join_sorted(titles, lang)
        elif key == "where" and isinstance(value, tuple):
            # in the order of the files and of their lines (line 8 before line 10)
            out[key] = join_list([_where(str(w), lang) for w in sorted(
                value, key=lambda w: (collation_key(place_of(str(w))[0]), place_of(str(w))))],
                lang)
        elif key == "first":
            out[key] = _where(str(value), lang)
        elif key in ("columns", "known") and isinstance(value, str):  # the columns a score
            # file names, the criteria's ids it writes: each a literal, quoted (never read as
            # an English word of the sentence), joined in the reader's words
            out[key] = join_list([_label("column_name", lang, field=visible(name, lang))
                                  for name in value.split(", ")], lang)
        elif key == "ids" and isinstance(value, tuple):  # one id written several ways
            out[key] = join_list([visible(str(v), lang) for v in value], lang)
        elif key in _AS_WRITTEN:
            out[key] = visible(str(value), lang)
        else:
            out[key] = format_value(value, lang)
    return out


def reason_text(reason: Reason, locale: str = "en", call: Call | None = None) -> str:
    """Why an application got its decision, in ``locale``'s language."""
    ArgumentError.check(reason, Reason, "reason: a Reason", argument="reason")
    lang = negotiate(given_locale(locale))  # (naming no language: refused)
    if reason.code == "unscored_same_id":
        return _same_id_text(reason, lang)
    values = _values(reason.ctx, lang, call)
    if reason.code == "over_limit_country":
        key = str(reason.ctx.get("key", ""))
        values["key"] = f"{territory_name(key, lang)} ({key})"
    if reason.code not in COUNTED_BY:
        return filled(translate(REASONS[reason.code], lang), values, lang)
    if "count" in reason.ctx:
        values["scores"] = _counted("scores", reason.ctx["count"], lang)
    return filled(translate_plural(COUNTED[reason.code], _form_of(reason.ctx.get(
        COUNTED_BY[reason.code])), lang), values, lang)


def _same_id_text(reason: Reason, lang: str) -> str:
    """``unscored_same_id`` in ``lang``'s words: the records under the id that its places
    name, each in words, apart by « ; » (a place holds commas: "b.jsonl, line 1,200"), then
    how many more in words; without a place (a caller's reason, one rebuilt from
    :meth:`Reason.to_dict`), the sentence alone."""
    said = [record_place(place, lang) for place in reason.places.get("others", ())]
    more = sum(n for n in reason.places.get("more", ()) if isinstance(n, int) and n > 0)
    count = len(said) + more
    if more:
        said.append(plural("more_records", more, lang, count=format_exact(more, lang)))
    if not said:
        return translate(LABELS["same_id_unplaced"], lang)
    return filled(translate_plural(COUNTED["unscored_same_id"], count, lang),
                  {"others": after_word(";", lang).join(said)}, lang)


def _form_of(value: object) -> int:
    """The number that chooses a form of words (many for what is not a whole number)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 2


def _counted(key: str, count: object, lang: str) -> str:
    """``COUNTED[key]`` in the form for ``count``, filled with it."""
    return translate_plural(COUNTED[key], _form_of(count), lang) % {"count": str(count)}


def problem_text(problem: ScoreProblem, locale: str = "en", call: Call | None = None) -> str:
    """A score line that was not used: where it is, then what is wrong, in ``locale``."""
    ArgumentError.check(problem, ScoreProblem, "problem: a ScoreProblem", argument="problem")
    lang = negotiate(given_locale(locale))  # (naming no language: refused)
    if problem.code in PROBLEMS:
        ctx = _numbers_again(problem.ctx, problem.code in _JUDGED)
        values = _values(ctx, lang, call)
        if isinstance(score := ctx.get("value"), Decimal):  # (a score read)
            values["value"] = _score_said(score, lang)
        elif problem.code in _JUDGED and isinstance(score, str) and _CUT_SCORE.fullmatch(score):
            values["value"] = _cut_said(score, lang)  # (one read back, cut: wrd78)
        if problem.code == "score_off_step":
            values["allowed"] = _allowed(ctx, lang)
        for reading in ("decimal", "thousands"):  # (the two readings of ``3,125``)
            if (value := _reading(problem.ctx.get(reading))) is not None:
                values[reading] = _typed(value, lang)
        said = filled(translate(PROBLEMS[problem.code], lang),  # (its values told apart
                      each_inserted(values), lang)  # on a page)
    else:  # a line the reader could not read: the applications' words for it
        said = InputProblem((), problem.code, "", ctx={
            k: str(v) for k, v in problem.ctx.items()}).message(lang)
    return _label("located", lang, message=said,
                  where=inserted(place_text(problem.source, problem.line, problem.unit, lang)))


#: The values of a score problem that are a scale's numbers (its bounds, its step).
_SCALE_NUMBERS = ("min", "max", "step")
#: The problems of a score read as a number and judged by its scale: their ``value`` is
#: that number (a text typed is the value of the others).
_JUDGED = frozenset({"score_out_of_scale", "score_off_step", "score_too_precise"})


def _numbers_again(ctx: Mapping[str, object], judged: bool = False) -> Mapping[str, object]:
    """``ctx`` with a scale's bounds and step (and the score, when ``judged``: a number
    read) as numbers when a problem read back from a record or ``to_dict`` holds them as
    texts (``"10000"``), so that they are said in the reader's digits as the problem first
    said them (« 10 000 », « 12,5 »), never in plain digits.

    >>> _numbers_again({"min": "0", "max": "10000", "value": "12.5"})["max"]
    Decimal('10000')
    """
    keys = (*_SCALE_NUMBERS, "value") if judged else _SCALE_NUMBERS
    if not any(isinstance(ctx.get(key), str) for key in keys):
        return ctx
    return {key: read if key in keys and (read := _reading(value)) is not None
            else value for key, value in ctx.items()}


def _reading(value: object) -> Decimal | None:
    """A reading of an ambiguous score as a problem holds it: a number, or its text (a
    problem read back from a record or ``to_dict``: ``"3.125"``); else None."""
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]+(?:\.[0-9]+)?", value):
        return Decimal(value)
    return None


def _typed(value: Decimal, lang: str) -> str:
    """A reading of an ambiguous score (``3,125``: 3.125 or 3125) as the reviewer is told to
    write it, read so whatever the scale: in the reader's digits with no separator of
    thousands (``3125``: grouped, it is the text typed again, and it would be grouped with
    the very mark in question); a fourth decimal after exactly three (``3.1250``: three
    decimals are the text typed again, ambiguous again); a hyphen-minus, as a score is
    typed (the minus sign, U+2212, is no score's).

    >>> _typed(Decimal("3.125"), "fr"), _typed(Decimal("3125"), "en")
    ('3,1250', '3125')
    >>> _typed(Decimal("-1234.500"), "en"), _typed(Decimal("1234.567"), "pt")
    ('-1234.5', '1234,5670')
    """
    text = format(value.to_integral_value() if value == value.to_integral_value()
                  else value.normalize(), "f")
    whole, _, decimals = text.partition(".")
    if len(decimals) == 3:
        decimals += "0"
    return whole + (get_decimal_symbol(lang) + decimals if decimals else "")


#: How many scores of a scale are said one by one (more: the first three, …, the last).
_ALLOWED_SAID = 11
#: A score with more digits before its point than this is said by its size, not its digits.
_DIGITS_SAID = 20


def _score_said(value: Decimal, lang: str) -> str:
    """A score read, as its reader reads it: in the reader's digits (« 0,3 » in French, as
    a French reviewer types it), every one of them, cut (``…``) after 60 characters; a
    number too large or too small for its digits to tell its size said by its size (``a
    number of 401 digits``, ``a number other than zero between 0 and 0.00000001``), never
    as digits that read as another.

    >>> _score_said(Decimal("0.3"), "fr"), _score_said(Decimal("1E+400"), "en")
    ('0,3', 'a number of 401 digits')
    >>> _score_said(Decimal("4.000000000000000000001"), "pt")
    '4,000000000000000000001'
    >>> _score_said(Decimal("-1E-400"), "es")
    'un número distinto de cero entre −0,00000001 y 0'
    """
    if not value.is_zero() and value.adjusted() >= _DIGITS_SAID:
        return _label("score_digits_negative" if value < 0 else "score_digits", lang,
                      count=format_exact(value.adjusted() + 1, lang))
    if not value.is_zero() and value.adjusted() < -SCORE_PLACES:
        tiny = Decimal(1).scaleb(-SCORE_PLACES)
        low, high = (-tiny, Decimal(0)) if value < 0 else (Decimal(0), tiny)
        return _label("score_tiny", lang, low=format_value(low, lang),
                      high=format_value(high, lang))
    # every digit it has (``4.000000000000000000001``, never rounded to 4), the first 60
    # then ``…`` when longer
    return minus(shown_score(value).replace(".", get_decimal_symbol(lang)))


#: A score as :func:`~callrules.selection.scores.shown_score` cuts it (``-3.1111…``).
_CUT_SCORE = re.compile(r"-?[0-9]+(?:\.[0-9]*)?…")


def _cut_said(text: str, lang: str) -> str:
    """A score read back cut (``text``: :func:`~callrules.selection.scores.shown_score`
    of a score of more than 60 characters, as a record or ``to_dict`` keeps it) said as
    :func:`_score_said` first said the whole score: in the reader's digits, or by its size
    when its digits before the point (seen before the cut) or its zeros after it tell it
    (wrd78; digits past the cut before any point: in the reader's digits, cut, its count
    unknown).

    >>> _cut_said("-3.14159…", "fr"), _cut_said("-0.000000000…", "en")
    ('−3,14159…', 'a number other than zero between −0.00000001 and 0')
    >>> _cut_said("1" * 25 + ".5…", "es")
    'un número de 25 cifras'
    """
    sign = "-" if text.startswith("-") else ""
    whole, point, fraction = text.lstrip("-").rstrip("…").partition(".")
    if point and len(whole) > _DIGITS_SAID:  # (its count of digits seen whole)
        return _score_said(Decimal(sign + whole), lang)
    if whole == "0" and fraction[:SCORE_PLACES] == "0" * SCORE_PLACES:  # (tiny, not zero)
        return _score_said(Decimal(sign + "1").scaleb(-SCORE_PLACES - 1), lang)
    return minus(text.replace(".", get_decimal_symbol(lang)))


def _allowed(ctx: Mapping[str, object], lang: str) -> str:
    """The scores a scale allows, in words: ``0, 1, 2, 3, 4 or 5``; ``0, 0.25, 0.5, …
    or 10`` for a longer list. Where a decimal comma is written, the scores are told apart
    by semicolons, never read as more numbers than they are: « 0 ; 0,5 ; 1 ; 1,5 ou 2 ».

    >>> ctx = {"min": Decimal(0), "max": Decimal(2), "step": Decimal("0.5")}
    >>> _allowed(ctx, "en"), _allowed(ctx, "es")
    ('0, 0.5, 1, 1.5, or 2', '0; 0,5; 1; 1,5 o 2')
    """
    low, high, step = ctx.get("min"), ctx.get("max"), ctx.get("step")
    if not (isinstance(low, Decimal) and isinstance(high, Decimal) and isinstance(step, Decimal)
            and step > 0):
        return ""
    count = int((high - low) / step) + 1
    shown = [low + step * n for n in (range(count) if count <= _ALLOWED_SAID else range(3))]
    said = [format_value(value, lang) for value in shown]
    if count > _ALLOWED_SAID:
        said += ["…", format_value(high, lang)]
    if get_decimal_symbol(lang) != "," or all(value == value.to_integral_value()
                                              for value in shown):
        return join_list(said, lang, "or")
    semicolon = "\u202f; " if lang == "fr" else "; "  # (French: a narrow space before it)
    return join_list([semicolon.join(said[:-1]), said[-1]], lang, "or")


def decision_label(decision: Decision, locale: str = "en") -> str:
    """A decision as a panel reads it: ``funded``, ``liste complémentaire``…"""
    return translate(DECISIONS[decision.value], negotiate(locale))


def columns(selection: Selection, locale: str = "en") -> list[str]:
    """The column headings of the selection's table, in ``locale``'s language."""
    lang = negotiate(locale)
    currency = selection.envelope.currency
    return [_label("application", lang), _label("rank", lang), _label("score", lang),
            *(criterion_label(selection.call, c, lang) for c in selection.rules.ids),
            _label("decision", lang), f"{_label('requested', lang)} ({currency})",
            f"{_label('funded', lang)} ({currency})", _label("reason", lang)]


def rows(selection: Selection, locale: str = "en") -> list[list[Any]]:
    """One row per application, in the selection's order, under :func:`columns`: values as
    data (exact decimals; None where there is none), the decision and reason in words. An
    amount has its currency's places at least (asked for as ``1000`` EUR: ``1000.00``,
    the value the same), as every machine output writes it
    (:func:`~callrules._money.amount_written`)."""
    lang = negotiate(locale)
    return [[entry.application_id, entry.rank, entry.score,
             *(entry.criteria.get(c) for c in selection.rules.ids),
             decision_label(entry.decision, lang),
             None if entry.requested is None else _amount(entry.requested),
             _amount(entry.funded), _reasons(entry, lang, selection.call)]
            for entry in selection.entries]


def _amount(money: Money) -> Decimal:
    """The amount as a decimal with the digits :func:`amount_written` writes."""
    return Decimal(amount_written(money))


def _reasons(entry: SelectionEntry, lang: str, call: Call | None) -> str:
    return " ".join(reason_text(r, lang, call) for r in entry.reasons)


def _head(selection: Selection, lang: str) -> str:
    count = len(selection.funded)
    return translate_plural(COUNTED["head"], count, lang) % {
        "call": selection.call.title_in(lang) if selection.call is not None
        else selection.call_id, "version": selection.call_version,
        "envelope": format_value(selection.envelope, lang), "count": count,
        "funded": format_value(selection.funded_total, lang),
        "remaining": format_value(selection.remaining, lang)}


def _number(value: object, lang: str) -> str:
    return "—" if value is None else format_value(value, lang)


def selection_text(selection: Selection, locale: str = "en") -> str:
    """The selection as text: a summary line, then each application with its rank, score,
    decision and amounts, and the reason under it; then the score lines not used."""
    ArgumentError.check(selection, Selection, "selection: a Selection", argument="selection")
    lang = negotiate(given_locale(locale))  # (naming no language: refused)
    call = selection.call
    lines = [_head(selection, lang)]
    for entry in selection.entries:
        rank = f"{entry.rank}." if entry.rank is not None else "–"
        amounts = ""
        if entry.requested is not None:
            amounts = f" — {_label('requested', lang)} {format_value(entry.requested, lang)}"
        if entry.decision is Decision.FUNDED:
            amounts += f", {_label('funded', lang)} {format_value(entry.funded, lang)}"
        score = "" if entry.score is None else \
            f" — {_label('score', lang)} {format_value(entry.score, lang)}"
        lines.append(f"{rank} {visible(entry.application_id, lang)}{score} — "
                     f"{decision_label(entry.decision, lang)}{amounts}")
        lines += [f"    {reason_text(r, lang, call)}" for r in entry.reasons]
    if selection.problems:
        lines.append(_label("problems", lang, n=format_exact(len(selection.problems), lang)))
        lines += [f"  {problem_text(p, lang, call)}" for p in selection.problems]
    if selection.input_errors:
        lines.append(_label("input_errors", lang,
                                n=format_exact(len(selection.input_errors), lang)))
        for number, source, error in selection.unread:  # as check says them
            named = "" if source == f"record {number}" else \
                f" ({source_words(source, lang)})"  # (a bare record by its number alone)
            lines.append(f"  {phrase('record', lang, n=format_exact(number, lang))}{named}")
            lines += [f"    {line}" for line in problem_lines(error.problems, lang,
                                                                  error.labels)]
    # no id, name, file name or value can move the cursor or draw a line (callrules._safe)
    return "\n".join(terminal(line) for line in lines)


def same_id(selection: Selection) -> int:
    """How many applications are not ranked because another record of the batch, differing
    from it, has the same id (input that could not all be used)."""
    return sum(1 for entry in selection.entries
               if any(r.code == "unscored_same_id" for r in entry.reasons))


def summary(selection: Selection, locale: str = "en") -> str:
    """How many score lines were not used and records not valid, in ``locale``; a score
    file that could not be read (or held no score line) is named as a file, first; then how
    many applications share their id with another, if any."""
    lang = negotiate(locale)
    files = [p.source for p in selection.problems if p.unit == "file"]
    said = _label("summary", lang, problems=_counted(
        "score_lines_not_used", len(selection.problems) - len(files), lang),
        records=_counted("records_not_valid", len(selection.input_errors), lang))
    shared = same_id(selection)
    if shared:
        said += " " + _counted("same_id", shared, lang)
    if not files:
        return said
    named = _label("files_not_used", lang, files=join_list(files, lang))
    if len(selection.problems) == len(files) and not selection.input_errors and not shared:
        return named
    return f"{named} {said}"


_STYLE = {Decision.FUNDED: "color:#0a6b2f;font-weight:bold",
          Decision.RESERVE: "color:#8a5a00", Decision.OVER_LIMIT: "color:#8a5a00"}


def selection_html(selection: Selection, locale: str = "en") -> str:
    """The selection as an HTML table for the panel, headings in ``locale``'s language.
    Everything from the applications, the scores or the call is escaped."""
    ArgumentError.check(selection, Selection, "selection: a Selection", argument="selection")
    lang = negotiate(given_locale(locale))  # (naming no language: refused)
    heads = columns(selection, lang)
    parts = [block("selection", lang), f"<p>{escape(_head(selection, lang))}</p>",
             TABLE + "<thead><tr>", *(f"<th>{escape(h)}</th>" for h in heads),
             "</tr></thead><tbody>"]
    for entry, row in zip(selection.entries, rows(selection, lang), strict=True):
        style = _STYLE.get(entry.decision, "")
        cells = [escape(_number(v, lang) if not isinstance(v, str) else v) for v in row]
        cells[0] = escape(visible(entry.application_id, lang))  # an invisible character in words
        cells[-3] = f'<span style="{style}">{cells[-3]}</span>' if style else cells[-3]
        parts.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    parts.append("</tbody></table>")
    if selection.problems:
        counted = _label("problems", lang, n=format_exact(len(selection.problems), lang))
        parts.append(f"<p>{escape(counted)}</p><ul>")
        with marking():  # (each value a message inserts isolated: a criterion's label)
            said = [problem_text(p, lang, selection.call) for p in selection.problems]
        parts += [f"<li>{message(text, lang)}</li>" for text in said]
        parts.append("</ul>")
    parts.append("</div>")
    return "".join(parts)
