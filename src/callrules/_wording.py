"""Findings and input problems in words, in the reader's language.

A finding keeps its code, location and context; its message is written here, late, from its
code (the template), its context (the values, formatted for the reader) and its location (the
label of the field it is about), with the call's labels for coded values and milestones.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, TypeAdapter

from callrules import _definitions as d
from callrules._i18n import (
    AROUND,
    PLACES,
    around,
    call_reading,
    distinct_places,
    filled,
    forget_on_new_words,
    format_count,
    format_exact,
    format_instant,
    format_named_money,
    format_number,
    format_percent,
    format_value,
    inner_quotes,
    join_list,
    named_at,
    negotiate,
    odd_space,
    phrase,
    record_place,
    report_words,
    said_in,
    seen_in,
    sentence,
    territory_name,
    translate,
    translate_plural,
    typography,
    visible,
    words_state,
)
from callrules._in_words import InWords, cut
from callrules._inserted import each_inserted, inserted, marked
from callrules._labels import CallLabels
from callrules._lookalikes import lookalike_note, marks_note
from callrules._messages import (
    CODES,
    FIELD_GIVEN,
    GIVEN,
    INPUT_CODES,
    PART_GIVEN,
    PHRASES,
    PLURALS,
    VARIANTS,
)
from callrules._money import Money
from callrules._paths import path_key
from callrules._phrasing import Phrasing, milestone_label, milestone_noun
from callrules._places import (
    code_label,
    coded_value,
    field_key,
    field_label,
    is_library_field,
    names_field,
    names_item,
    value_label,
    values_label,
)
from callrules._system import unreadable_reason
from callrules._time import impossible, reader_zone
from callrules.budget.rounding import MODES

if TYPE_CHECKING:
    from callrules._report import Finding
    from callrules.exceptions import InputProblem

__all__ = ["render_finding", "render_problem"]

_NO_LABELS = CallLabels()
#: The values of an input problem that are the library's own counts and bounds (a limit, a
#: number of digits, items or characters), written as numbers in the reader's language; a
#: call's own bounds (``min``, ``ge``…, which may be years) and the applicant's values are not.
_COUNTS = ("limit", "digits", "levels", "count", "min_length", "max_length", "line", "record")
#: An instant written to more than the microsecond: more than six digits after the seconds.
_LONG_FRACTION = re.compile(r"[0-9]{2}:[0-9]{2}:[0-9]{2}[.]([0-9]{7,})")
#: An instant written with a space for the ``T`` (as spreadsheets, pandas, SQLite and
#: PostgreSQL write them: ``2026-05-28 13:42:00+00:00``), and one whose offset gives hours
#: alone (PostgreSQL's ``+00``).
_SPACE_FOR_T = re.compile(r"\s*[0-9]{4}-[0-9]{2}-[0-9]{2} +[0-9]{2}:[0-9]{2}")
_HOURS_OFFSET = re.compile(r".*[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.][0-9]+)?)?[+-][0-9]{2}\s*")
#: The problems of a date or an instant that may be one of a day that does not exist.
_DATE_KINDS = frozenset({"date_text", "date_parsing", "date_type", "date_not_in_calendar",
                         "instant_text", "datetime_parsing", "datetime_type"})
_SETS = ("allowed", "excluded", "known", "found")
#: Context entries worded apart: a requirement, the sides of a comparison with an
#: expression (as written, with the values they were compiled with), what figures were
#: computed from, and where a key was read.
_WORDED = ("requirement", "rule", "left", "right", "scope", "percent", "rates", "conversions",
           "fields", "part", "side", "outer")
#: The findings of a value that has none of its own (a minimum or maximum over no item, a
#: ratio to zero), whose ``part`` says where in the left side that value is written.
_UNDEFINED = ("over_no_item", "zero_divisor")
#: A rule as written, read again to be said in words (an ``exists`` without requirement).
_RULE: TypeAdapter[Any] = TypeAdapter(d.Node)
#: A template's lead naming the field it is about (« Statut de la personne invitante : »),
#: as every language writes it: the label, a colon (after a space in French), a space.
_FIELD_LEADS = re.compile(r"%\(Field\)s[ \u00a0\u202f]?:[ \u00a0]+")


class _Values(dict[str, str]):
    """Template values; a placeholder the context does not fill reads ``?``."""

    def __missing__(self, key: str) -> str:
        return "?"


def _count(value: object) -> int | None:
    """A problem's count or bound written as text (``"12"``, at most 18 digits) as a
    number; None for anything else."""
    text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    return int(text) if 0 < len(text) <= 18 and text.isascii() and text.isdigit() else None


#: The problems that name a limit of a declared field or of a number (``min`` and ``max``, a
#: value of the field's kind, ``bound``; pydantic's ``ge``…), and the entries that hold it.
_LIMITS = {"field_min": ("min",), "field_max": ("max",), "greater_than_equal": ("ge",),
           "less_than_equal": ("le",), "greater_than": ("gt",), "less_than": ("lt",)}
#: The bounds of a date or an instant, said as the earliest or latest accepted.
_LIMITS_IN_TIME = {"field_min": "field_earliest", "field_max": "field_latest"}
#: A limit written as a number: a whole one, or a decimal one (as the call file writes them).
_NUMBER = re.compile(r"-?[0-9]{1,30}(?:[.][0-9]{1,30})?")


def _limit(text: object, ctx: Mapping[str, Any], lang: str) -> str | None:
    """A limit of a field, kept in its problem as the call file writes it (``0.90``,
    ``2020-01-01``, ``2027-01-01T00:00:00+13:00``, ``10.00 NZD``), said as the findings of
    the rules say such a value (:func:`~callrules._i18n.format_value`): « 0,90 »,
    « 1er janvier 2020 », an instant in the call's zone (``zone``), « 10,00 $NZ ». None
    when it is not one (a problem built by hand): then shown as it is."""
    if not isinstance(text, str) or not text.isascii() or len(text) > 80:
        return None
    kind = ctx.get("bound")
    value: Any = None
    try:
        if kind == "date":
            value = date.fromisoformat(text)
        elif kind == "instant":
            value = datetime.fromisoformat(text)
            zone = ZoneInfo(str(ctx["zone"])) if ctx.get("zone") else None
            if value.tzinfo is None or zone is None:
                return format_value(value, lang) if value.tzinfo is not None else None
            local = seen_in(value, zone)  # in the call's zone, where its author wrote it
            if local is not None and local.utcoffset() == value.utcoffset():
                value = local
            return format_value(value, lang, zone)
        elif kind == "money":
            amount, _, currency = text.partition(" ")
            if _NUMBER.fullmatch(amount):
                value = Money(Decimal(amount), str(ctx.get("currency") or currency))
        elif _NUMBER.fullmatch(text):
            value = Decimal(text) if "." in text else int(text)
    except (ValueError, KeyError, ArithmeticError, ZoneInfoNotFoundError):  # (an amount's
        return None  # error is a ValueError)
    return None if value is None else format_value(value, lang)


def _zone(zone: str | tzinfo | None) -> tzinfo | None:
    if zone is None or isinstance(zone, tzinfo):
        return zone
    return reader_zone(zone)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _values(finding: Finding, lang: str, zone: tzinfo | None, labels: CallLabels
            ) -> _Values:
    ctx = finding.ctx
    key = field_key(finding.loc)
    decisive = _call_zone(ctx)
    limit = ctx.get("limit")
    # (an instant's limit is said in the call's zone below: not formatted twice)
    own_zone = decisive is not None and isinstance(limit, datetime)
    out = _Values({k: format_value(v, lang, zone) for k, v in ctx.items()
                   if k not in _SETS and k not in _WORDED and not (own_zone and k == "limit")})
    label = field_label(key, lang, labels)
    out["field"], out["Field"] = label, label[:1].upper() + label[1:]
    value = finding.input
    if isinstance(value, BaseModel) or (  # the item a rule reading another part is about,
            isinstance(value, tuple) and any(isinstance(v, BaseModel) for v in value)):
        out["value"] = phrase("value_given", lang)  # or the items a total adds up
    elif isinstance(value, tuple) and len(value) >= 20:
        out["value"] = str(len(value))
    elif isinstance(value, datetime) and decisive is not None:
        out["value"] = _instant(value, lang, decisive)
    else:
        out["value"] = value_label(key, value, lang, labels, each=True)
    if decisive is not None and isinstance(limit, datetime):
        # the call's limit in its own zone (and the reader's too, if given)
        out["limit"] = format_value(limit.astimezone(decisive), lang, zone)
    for name in ("expected",):
        if name in ctx:
            out[name] = value_label(key, ctx[name], lang, labels, each=True)
    for name in _SETS:
        if name in ctx:
            out[name] = values_label(_set_key(finding, name, key), ctx[name], lang, labels,
                                     each=True)
    region = ctx.get("region")
    if finding.code == "not_allowed" and isinstance(region, str):
        out["allowed"] = territory_name(region, lang)
    if isinstance(ctx.get("year"), int):
        out["year"] = str(ctx["year"])
    requirement = ctx.get("requirement")
    if isinstance(requirement, Mapping):
        out["requirement"] = labels.pick(requirement, lang) or _looked_for(finding, lang,
                                                                            labels)
    milestone = ctx.get("milestone")
    if isinstance(milestone, str):
        out["milestone"] = _milestone(milestone, ctx, lang, labels)
    other = ctx.get("other")
    if isinstance(other, str):
        other_key = path_key(other, "", _outer(ctx))
        out["other"] = inner_quotes(field_label(other_key, lang, labels), lang)
        if "expected" in ctx:
            out["expected"] = value_label(other_key, ctx["expected"], lang, labels)
    if finding.code in ("too_long", "too_short"):
        unit = str(ctx.get("count", "days"))
        for name in ("days", "limit", "excess", "shortfall"):
            number = ctx.get(name)
            if isinstance(number, int):
                out[name] = format_count(number, unit, lang)
    if finding.code == "duplicate":
        out["field"] = label
    if not ctx.get("percent"):
        _decimals_told_apart(finding, lang, out)
    if "right" in ctx:
        _sides(finding, lang, labels, out)
    if finding.code in _UNDEFINED:
        _undefined(finding, lang, labels, out)
    if finding.code == "not_satisfied" and isinstance(ctx.get("rule"), Mapping):
        out["condition"] = _looked_for(finding, lang, labels)
    if finding.code in ("no_rate", "no_rate_in_force"):
        out["table"] = _table(ctx.get("table"), lang, labels)
        out["key"] = _key(ctx.get("key"), ctx.get("fields"), lang, labels)
    return out


def _set_key(finding: Finding, name: str, key: str) -> str:
    """The field whose values the set ``name`` of ``finding``'s context holds: for an
    ``in`` or ``not_in`` with a set read from the application (``ctx.among``), that list's
    field, so its values are said by their own labels (« Curriculum vitæ », not « cv »);
    otherwise the finding's field (``key``)."""
    among = finding.ctx.get("among")
    if name not in ("known", "excluded") or not isinstance(among, str) or (
            among.startswith("$") and not among.startswith("$root.")):
        return key
    if among.startswith("$root."):
        return path_key(among)
    # a path read from the current item: the list around the finding's field
    last = max((i for i, part in enumerate(finding.loc) if isinstance(part, int)), default=-1)
    return path_key(among, field_key(finding.loc[:last + 1]))


def _call_zone(ctx: Mapping[str, object]) -> tzinfo | None:
    """The call's zone, when it decides the finding (an instant against a day, a month or a
    year of the call's clocks): the finding's ``zone``."""
    name = ctx.get("zone")
    if not isinstance(name, str):
        return None
    try:
        return ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        return None


def _instant(value: datetime, lang: str, zone: tzinfo) -> str:
    """An instant as ``zone``'s clocks show it, and as written too when they show another
    time (« 31 décembre 2026, 23:30 (UTC−03:00), soit 1er janvier 2027, 03:30 (heure de
    Paris) »)."""
    local = seen_in(value, zone)
    if local is not None and local.utcoffset() == value.utcoffset():
        return format_instant(value, lang, zone)
    return format_value(value, lang, zone)


def _milestone(name: str, ctx: Mapping[str, object], lang: str, labels: CallLabels) -> str:
    """A milestone in words, by its label; one moved by an offset (``ctx`` holds ``years``,
    ``months``, ``days``; its name then ends with the offset, ``deadline-1d``) as the
    checklist says it: "1 day before the submission deadline"; one moved in turn (``ctx``
    holds ``steps``, a shift of a shift), each move in its turn: "the submission deadline
    moved 1 month later, then 1 month earlier"."""
    written = ctx.get("steps")
    steps = [[(unit, int(n)) for unit in ("years", "months", "days")
              if isinstance(n := step.get(unit), int) and n]
             for step in (written if isinstance(written, (list, tuple)) else [ctx])
             if isinstance(step, Mapping)]
    suffix = "".join(f"{value:+d}{unit[0]}" for step in steps for unit, value in step)
    base = name.removesuffix(suffix) if suffix else name
    if not any(steps):
        return _lower_first(milestone_label(labels, base, lang) or base.replace("_", " "))
    noun = milestone_noun(labels, base, lang) or base.replace("_", " ")
    return Phrasing(lang, labels).in_steps(noun, steps)


#: The conditions on one field whose ``not`` is said with what the field holds.
_ON_A_FIELD = frozenset({"compare", "in", "not_in", "contains", "present", "within_year"})


def _held_by_field(finding: Finding) -> bool | None:
    """For a ``not`` around a condition on the finding's own field (``title`` not in a set,
    a number compared): True when the field holds a value (said after the condition), False
    when it was left out (a field left out is "other than" any set); None for any other
    condition (a whole item, a list: its condition says it all)."""
    rule = finding.ctx.get("rule")
    if not isinstance(rule, Mapping) or rule.get("op") not in _ON_A_FIELD:
        return None
    path, value = rule.get("path"), finding.input
    if not isinstance(path, str) or not finding.loc or str(finding.loc[-1]) != path.rsplit(
            ".", 1)[-1] or isinstance(value, (BaseModel, tuple, list)):
        return None
    said = rule.get("set")
    if value is not None and (rule.get("cmp") == "==" or (
            rule.get("op") == "in" and isinstance(said, list) and len(said) == 1)):
        return None  # the condition names the value itself: never said twice (attack 42b)
    return value is not None


def _looked_for(finding: Finding, lang: str, labels: CallLabels) -> str:
    """What an ``exists`` without a requirement looked for, said from the rule as written:
    "at least one item of “documents” (kind is CV)"."""
    written = finding.ctx.get("rule")
    if not isinstance(written, Mapping):
        return "—"
    scope = str(finding.ctx.get("scope", ""))
    rule = _RULE.validate_python(written)
    # a variable (``$visitor``) names the item the finding is about: the each around it;
    # an outer item's (``$v`` inside an ``each`` of the visitor's tags), that item
    # (session 40: « equal to the category » by its key before)
    names = {**({var: scope for var in _variables((written,))} if scope else {}),
             **_outer(finding.ctx)}
    return Phrasing(lang, labels).describe(rule, scope, names)


def _sides(finding: Finding, lang: str, labels: CallLabels, out: _Values) -> None:
    """A comparison with an expression: its left side named in words (the field of the
    message), its right side said beside the limit, ratios compared with a percentage as
    percentages."""
    ctx = finding.ctx
    words = Phrasing(lang, labels)
    left, right = ctx.get("left"), ctx["right"]
    said, named = _sides_said(words, labels, left, right, str(ctx.get("scope", "")),
                              _outer(ctx))
    if said is not None:
        out["field"], out["Field"] = said, said[:1].upper() + said[1:]
    # a literal (a percentage, a decimal, an amount) is its value: said once, not twice
    if isinstance(right, Mapping) and "milestone" in right and "limit" in out:
        # a milestone, moved or not: its words once, and the limit it gives, in the call's
        # zone: "the submission deadline (February 28, 2026, 12:00 PM (Paris time))"
        out["limit"] = words.p("e_named", name=named, value=out["limit"])
    elif named and "limit" in out and named != out["limit"]:  # (None for a literal)
        out["limit"] = f"{out['limit']} ({named})"
        out["expected"] = f"{out.get('expected', out['limit'])}"
    if ctx.get("percent"):
        places = _places(finding, 100, 3)
        for name, value in (("value", finding.input), *((k, ctx.get(k)) for k in (
                "limit", "excess", "shortfall", "expected"))):
            if isinstance(value, Decimal):
                shown = places if name not in ("excess", "shortfall") else distinct_places(
                    value * 100, Decimal(0), places)
                out[name] = format_percent(value, lang, shown)


#: The words of comparisons' sides as written, by the sides (the objects every finding of a
#: rule shares), the scope, the language and the labels: each rule's expression said once,
#: not once a finding (attack 33b: 40,000 findings of a 12-level expression, 31 s in
#: French). Each entry keeps what it is keyed by, so that their ids name no other object.
#: (The scope is the finding's, with the field key of each outer item it reads.)
_Scoped = tuple[str, tuple[tuple[str, str], ...]]
_SAID: dict[tuple[int, int, _Scoped, tuple[str, str], int, int], tuple[object, object, object,
                                                                  tuple[str | None, str | None]]
            ] = {}
#: The most entries :data:`_SAID` holds (emptied when full: the rules of a few calls).
_SAID_MOST = 1024
#: The same words by the sides' shape (:func:`_shape`), for findings whose sides are not
#: the objects the rule shares: read back from JSON (a report parsed again, a record
#: replayed), each finding with sides of its own. Each entry keeps the labels it is for.
_SAID_SHAPED: dict[tuple[object, _Scoped, tuple[str, str], int, int], tuple[object, tuple[
    str | None, str | None]]] = {}
forget_on_new_words(_SAID.clear)
forget_on_new_words(_SAID_SHAPED.clear)
#: How deep a side's shape is followed (an expression nests at most ``LIMITS['depth']``
#: levels; a deeper value, or one that holds itself, is worded without the cache).
_SHAPE_DEPTH = 200


def _shape(value: Any, depth: int = 0) -> object:
    """What a side as written is worded from, as a value that compares equal only for sides
    that read the same: mappings and lists by their items in order, every other value by its
    type and ``repr`` (``Decimal("1.0")`` is not ``Decimal("1")``, ``1`` not ``True`` nor
    ``"1"``). :class:`RecursionError` past :data:`_SHAPE_DEPTH`."""
    if depth > _SHAPE_DEPTH:
        raise RecursionError("a side nested too deep to be keyed")
    if isinstance(value, Mapping):
        return (type(value), tuple((_shape(k, depth + 1), _shape(v, depth + 1))
                                   for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return (type(value), tuple(_shape(v, depth + 1) for v in value))
    return (type(value), repr(value))


def _sides_said(words: Phrasing, labels: object, left: Any, right: Any, scope: str,
                outer: Mapping[str, str] | None = None) -> tuple[str | None, str | None]:
    """The words of a comparison's left side (None without one), and of its right side's
    name (a milestone's, a parameter's, an expression's; None for a literal), each worked
    out once for the sides and the words (:data:`_SAID`)."""
    # the reading whole: the library's language and the call's own one a reader asked for
    # (``Reading("en", own="it")`` equals ``"en"``, its labels are Italian: attack 36b)
    lang = (str(words.lang), str(getattr(words.lang, "own", "")))
    outer = outer or {}
    scope_key: _Scoped = (scope, tuple(sorted(outer.items())))
    # (kept by the catalogs' state the reading began in: a reading crossing a registration
    # kept under the state of before, which no later reading asks for: att85)
    state = words_state()
    key = (id(left), id(right), scope_key, lang, id(labels), state)
    held = _SAID.get(key)
    if held is not None and held[0] is left and held[1] is right and held[2] is labels:
        return held[3]
    try:  # the same sides read back from JSON: the same words
        shaped: tuple[object, _Scoped, tuple[str, str], int, int] | None = (
            (_shape(left), _shape(right)), scope_key, lang, id(labels), state)
    except RecursionError:
        shaped = None
    found = None if shaped is None else _SAID_SHAPED.get(shaped)
    if found is not None and found[0] is labels:
        return found[1]  # (not kept by identity: sides of their own, a finding's alone)
    # a variable (``$participant``) names the item the finding is about: the each around it
    names = {**({var: scope for var in _variables((left, right))} if scope else {}), **outer}
    said = None if left is None else words.expression(left, scope, names)
    named = None
    if isinstance(right, Mapping) and "milestone" in right:
        bare = {k: v for k, v in right.items() if k not in ("value", "precision")}
        named = words.expression(bare, scope, names)
    elif isinstance(right, Mapping) and not {"percent", "decimal", "amount"} & set(right):
        named = (words.parameter_label(str(right["param"])) if "param" in right
                 else words.expression(right, scope, names))
    if len(_SAID) >= _SAID_MOST:
        _SAID.clear()
    _SAID[key] = (left, right, labels, (said, named))
    if shaped is not None:
        if len(_SAID_SHAPED) >= _SAID_MOST:
            _SAID_SHAPED.clear()
        _SAID_SHAPED[shaped] = (labels, (said, named))
    return said, named


def _part(finding: Finding) -> Mapping[str, Any] | None:
    """The part of the left side (as written) that has no value of its own: where the
    finding's ``part`` leads in its ``left``."""
    written: Any = finding.ctx.get("right" if finding.ctx.get("side") == "right" else "left")
    steps = finding.ctx.get("part")
    for step in steps if isinstance(steps, (list, tuple)) else ():
        listed = isinstance(written, list) and isinstance(step, int) and 0 <= step < len(
            written)
        if not (listed or (isinstance(written, Mapping) and step in written)):
            return None
        written = written[step]
    return written if isinstance(written, Mapping) else None


def _undefined(finding: Finding, lang: str, labels: CallLabels, out: _Values) -> None:
    """The words of a value that has none of its own: over no item, the list and whether
    the smallest or the largest was sought; a ratio to zero, the divisor that is zero."""
    ctx, words = finding.ctx, Phrasing(lang, labels)
    part = _part(finding)
    if part is None:
        return
    scope = str(ctx.get("scope", ""))
    names = {**({var: scope for var in _variables((ctx.get("left"), ctx.get("right")))
                 } if scope else {}), **_outer(ctx)}
    if ctx.get("side") == "right":  # the limit has no value: it is what is named
        out["field"] = words.expression(ctx["right"], scope, names)
        out["Field"] = out["field"][:1].upper() + out["field"][1:]
    if finding.code == "zero_divisor":
        out["part"] = words.expression(part, scope, names)
        return
    head = "min" if "min" in part else "max"
    items = path_key(str(part.get(head)), scope, names)
    out["items"] = words.label(items)
    out["which"] = phrase("the_smallest" if head == "min" else "the_largest", lang)


def _places(finding: Finding, scale: int, least: int) -> int:
    """The decimals (of the value times ``scale``) the finding's value and limit need to be
    told apart: ``least``, or more when rounding to ``least`` would show a value that fails
    as equal to its limit."""
    value, ctx = finding.input, finding.ctx
    limit = ctx.get("limit", ctx.get("expected"))
    if not (isinstance(value, Decimal) and isinstance(limit, (Decimal, int))) \
            or isinstance(limit, bool):
        return least
    return distinct_places(value * scale, Decimal(limit) * scale, least)


def _decimals_told_apart(finding: Finding, lang: str, out: _Values) -> None:
    """A decimal value and its limit, when shown to the :data:`PLACES` decimals a number is
    shown with would make them look equal (a computed value with more decimals), with as
    many decimals as tell them apart, and the excess or shortfall with enough to not be
    zero."""
    places = _places(finding, 1, PLACES)
    if places == PLACES:
        return
    ctx = finding.ctx
    for name, value in (("value", finding.input), *((k, ctx.get(k)) for k in (
            "limit", "expected", "excess", "shortfall"))):
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool) and name in out:
            shown = places if name not in ("excess", "shortfall") else distinct_places(
                Decimal(value), Decimal(0), places)
            out[name] = format_number(Decimal(value), shown, lang)


def _outer(ctx: Mapping[str, Any]) -> dict[str, str]:
    """The field key of each outer item a finding's rule reads a field of (``ctx.outer``:
    ``{"$v": "visitors"}`` inside an ``each`` of the visitor's tags), as text only."""
    outer = ctx.get("outer")
    if not isinstance(outer, Mapping):
        return {}
    return {k: v for k, v in outer.items() if isinstance(k, str) and isinstance(v, str)}


#: The keys of an expression as written whose value is a path: a field's, or the list an
#: aggregate reads (``{ count = "$v.stays" }``: session 39, said « “stays” » by its key).
_PATH_KEYS = ("path", "sum", "count", "min", "max", "start", "end")


def _variables(raw: object) -> set[str]:
    """The variables (``$participant``, not ``$root``) that paths in ``raw`` start from: a
    field's path, or the list an aggregate reads."""
    if isinstance(raw, Mapping):
        found = set().union(*(_variables(v) for v in raw.values())) if raw else set()
        for key in _PATH_KEYS:
            path = raw.get(key)
            if isinstance(path, str) and path.startswith("$") and not path.startswith(
                    "$root"):
                found.add(path.split(".", 1)[0])
        return found
    if isinstance(raw, (list, tuple)):
        return set().union(*(_variables(v) for v in raw)) if raw else set()
    return set()


def _table(name: object, lang: str, labels: CallLabels) -> str:
    """A rate table by its label (the call's ``[labels.parameters]``), else its name in
    words."""
    text = str(name)
    return labels.parameter(text, lang) or text.replace("_", " ")


def _key(key: object, fields: object, lang: str, labels: CallLabels) -> str:
    """The codes of a table's key in words, each by the label of the value of the field it
    was read from (or of any vocabulary of the call that has it)."""
    codes = key if isinstance(key, (tuple, list)) else (key,)
    paths = fields if isinstance(fields, (tuple, list)) and len(fields) == len(codes) else (
        (None,) * len(codes))
    return join_list((phrase("code_not_given", lang, field=field_label(
        path_key(str(p)), lang, labels)) if p and c == "" else  # matched by "*" rows only
        code_label(path_key(str(p)) if p else "", c, lang, labels)
        for c, p in zip(codes, paths, strict=True)), lang)


def _sources(finding: Finding, lang: str, labels: CallLabels) -> list[str]:
    """What the finding's figures were computed from: each rate a table gave (the value,
    the day its version takes effect, its source) and each exchange rate used."""
    lines = []
    for entry in _entries(finding.ctx.get("rates")):
        lines.append(phrase(
            "rate_used", lang, table=_table(entry.get("table"), lang, labels),
            codes=_key(entry.get("key"), entry.get("fields"), lang, labels),
            on=format_value(entry.get("on"), lang), value=format_value(entry.get("value"), lang),
            source=str(entry.get("source")), **{"from": format_value(entry.get("from"), lang)}))
    for entry in _entries(finding.ctx.get("conversions")):
        amount, converted = entry.get("amount"), entry.get("converted")
        base, quote = getattr(amount, "currency", "?"), getattr(converted, "currency", "?")
        if entry.get("inverse"):
            base, quote = quote, base
        said = {"amount": format_named_money(amount, lang), "base": base, "quote": quote,
                "rate": format_value(entry.get("rate"), lang),
                "converted": format_value(converted, lang)}
        mode = entry.get("rounding")
        if mode in MODES:  # (rounded: the amount times the rate is not the amount shown)
            said["how"] = phrase(f"round {mode}", lang)
            if entry.get("unit") is not None:
                said["unit"] = format_value(entry["unit"], lang)
            lines.append(phrase("conversion_rounded_unit" if "unit" in said
                                else "conversion_rounded", lang, **said))
        else:
            lines.append(phrase("conversion_used", lang, **said))
    return [typography(line, lang) for line in lines]


def _entries(value: object) -> list[Mapping[str, object]]:
    if not isinstance(value, (tuple, list)):
        return []
    return [entry for entry in value if isinstance(entry, Mapping)]


def _template(finding: Finding, lang: str, own: bool = True) -> str:
    """The wording of ``finding`` in ``lang``: the call's own (``own``), when it has one in
    the language asked for or in ``lang``, else the library's for its code."""
    count = finding.ctx.get("count")
    if f"{finding.code} more" in PLURALS and type(count) is int:  # a warning not judged
        # at more places than are listed: the library's count of the others
        return translate_plural(PLURALS[f"{finding.code} more"], count, lang)
    own_words = finding.template if own else None
    asked = str(getattr(lang, "own", ""))  # a language the call has and the library not
    if own_words and asked in own_words:
        return own_words[asked]
    if own_words and lang in own_words:  # the call's own wording, in the reader's language;
        return own_words[lang]  # otherwise the library's, which a platform may have translated
    code = finding.code
    if code == "too_late" and finding.ctx.get("late_by") == timedelta(0):
        return translate(VARIANTS["too_late milestone at_limit" if "milestone" in finding.ctx
                                  else "too_late at_limit"], lang)
    if "milestone" in finding.ctx and f"{code} milestone" in VARIANTS:
        return translate(VARIANTS[f"{code} milestone"], lang)
    right = finding.ctx.get("right")
    if isinstance(right, Mapping) and "milestone" in right and f"{code} named" in VARIANTS:
        return translate(VARIANTS[f"{code} named"], lang)  # « limite : l’échéance … »
    if finding.ctx.get("needed") is True and f"{code} needed" in VARIANTS:
        return translate(VARIANTS[f"{code} needed"], lang)  # an alternative's, optional
    if code == "duplicate" and isinstance(finding.ctx.get("first_at"), date):  # an instant
        return translate(VARIANTS["duplicate person instant" if "person" in finding.ctx
                                  else "duplicate instant"], lang)  # (no brackets in brackets)
    if "person" in finding.ctx and f"{code} person" in VARIANTS:
        return translate(VARIANTS[f"{code} person"], lang)
    if "other" in finding.ctx and f"{code} other" in VARIANTS:
        return translate(VARIANTS[f"{code} other"], lang)
    if f"{code} warning" in VARIANTS and finding.severity.value == "warning":
        return translate(VARIANTS[f"{code} warning"], lang)  # a warning not judged
    if code == "findings_cut" and not finding.ctx.get("said"):  # not even one fitted
        return translate(VARIANTS["findings_cut none"], lang)
    if code == "not_satisfied" and isinstance(finding.ctx.get("rule"), Mapping):
        held = _held_by_field(finding)
        return translate(VARIANTS["not_satisfied rule" + ("" if held is None else (
            " given" if held else " missing"))], lang)
    part = _part(finding) if code == "over_no_item" else None
    if part is not None and isinstance(part.get("where"), Mapping):
        return translate(VARIANTS["over_no_item where"], lang)
    return translate(CODES.get(code, CODES["not_satisfied"]), lang)


def render_finding(finding: Finding, locale: str | None, zone: str | tzinfo | None = None,
                   labels: CallLabels | None = None, *, placed: bool = False,
                   under: bool = False) -> str:
    """The message of ``finding`` in ``locale``; instants shown in ``zone`` too, if given;
    coded values, milestones and fields by the call's ``labels``.

    ``placed``: the message follows its place on the same line (« Personne accueillie 2 —
    catégorie de personnel : … »); ``under``: it stands on the line under its place (the
    text report), a sentence of its own (« Il manque le visa… »). A place that ends with the
    field's label has said it, so the message does not lead with it again; this is the one
    place that decides whether the label leads."""
    # its report's values said once for the report
    memo = getattr(finding, "words", None)
    with report_words(memo if type(memo) is dict else None):
        return _render_finding(finding, locale, zone, labels, placed=placed, under=under)


def _render_finding(finding: Finding, locale: str | None, zone: str | tzinfo | None,
                    labels: CallLabels | None, *, placed: bool, under: bool) -> str:
    labels = labels or _NO_LABELS
    # (a language the call has and the library not: its labels; one neither has: refused)
    lang = call_reading(locale, labels.languages, labels.languages[0])
    values = _values(finding, lang, _zone(zone), labels)
    template = _template(finding, lang)
    # (a place that ends with the field, or with an item of a list that is a value itself,
    # « Dates de déplacement 2 », has said it: never « Date 2 — date », session 44 G5)
    said_there = names_field(finding.loc) or names_item(finding.loc)
    lead = (_FIELD_LEADS.match(template) if (placed or under) and said_there
            and _field_own(finding, values, lang, labels) else None)
    if lead is not None and not names_field(finding.loc) and _value_first(
            template[lead.end():], finding, values, lang):
        # an item of a list of values, said as a value as typed: its label before it
        lead = None  # (« Langues parlées : de n’est pas accepté ici », never « de n’est… »)
    if lead is None:  # (each value inserted told apart while a page is written)
        text = sentence(template, each_inserted(values), lang)
    else:  # the words after the label, as they stand after a colon (« … : il manque »)
        rest = template[lead.end():]
        if under:
            rest = _capital(rest, finding, values, lang, labels)
        text = sentence(rest, each_inserted(values), lang)
        if rest[:1].islower() and not under:  # a word of the template, not a value: as
            text = rest[:1] + text[1:]  # written after a colon; under its place, a capital
    # (a value not the one asked for, given with letters of another script that look Latin:
    # which, said after it)
    note = lookalike_note(_texts(finding.input) if finding.code in _MATCHED else (), lang,
                          [text for name in _COMPARED for text in _texts(finding.ctx.get(name))])
    return " ".join([text, *([note] if note else []), *_sources(finding, lang, labels)])


#: The findings of a value (or a list) that is not the text, or holds none of the texts, a
#: rule asks for; and the values of a finding's context it was compared with.
_MATCHED = frozenset({"not_included", "not_allowed", "unknown_reference", "not_equal"})
_COMPARED = ("expected", "allowed", "known")


def _texts(value: object) -> list[str]:
    """The texts ``value`` (a finding's value or a value it was compared with) holds: itself,
    or the items of a list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple, frozenset, set)):
        return [item for item in value if isinstance(item, str)]
    return []


#: What may stand around a field's label when an expression says it as written (a path
#: alone: « “date of arrival” », « « date d’arrivée » »): quotes and spaces.
_QUOTES = " \u00a0\u202f\"'“”‘’„«»"


def _field_own(finding: Finding, values: _Values, lang: str, labels: CallLabels) -> bool:
    """Whether the ``field`` of ``finding``'s message is its field's own label (quoted or
    not), the words its place ends with, so that under or beside that place it may be left
    out; not a computed value's words (« the number of days from… », « 2 months before… »,
    « 1 day after… »), which the place does not say (attack 35b: « date of departure /
    7 » for the days from arrival to departure)."""
    said = values["field"]
    label = field_label(field_key(finding.loc), lang, labels)
    return said == label or (bool(label) and said.replace(label, "", 1).strip(_QUOTES) == ""
                             and label in said)


#: What opens a value said in quotes (« … », “…”): such a value may start a sentence.
_OPENING_QUOTES = "\"'“‘„«"


def _value_first(rest: str, finding: Finding, values: _Values, lang: str) -> bool:
    """Whether ``rest`` of a template, its field's label left out, would start with a value
    as typed (a code no label words, « de n’est pas accepté ici », read as the
    preposition, its invisible characters named or not; a number; an address; yes or no),
    unquoted: such a sentence keeps its label before it, as the place of its item does not
    make it one (look60w R-C, look60v). A value said in words (a date, « 1er janvier
    2025 ; limite : … », a code's label) may start it."""
    start = re.match(r"%\((\w+)\)s", rest)
    if start is None:
        return False
    name = start.group(1)
    said = values.get(name, "").strip(" \u00a0\u202f")
    raw = finding.input if name == "value" else finding.ctx.get(name)
    typed = (said in (raw.strip(), visible(raw.strip(), lang)) if isinstance(raw, str)
             else isinstance(raw, (bool, int, float, Decimal)))
    # (a date in words, « 1er janvier 2025 », or a code's label may start it: session 44 G5)
    return typed and said[:1] not in _OPENING_QUOTES


def _capital(rest: str, finding: Finding, values: _Values, lang: str, labels: CallLabels
             ) -> str:
    """``rest`` of a template, a sentence of its own: when it starts with a code's label
    (« fixed-term contract is not… », « the approval of… is missing »), that label with a
    capital (« Fixed-term contract… »); a value as typed (an address, a name) as typed."""
    for name in ("value", "expected"):
        if not rest.startswith(f"%({name})s"):
            continue
        raw = finding.input if name == "value" else finding.ctx.get(name)
        said = values.get(name, "")
        if isinstance(raw, str) and said and said == coded_value(
                field_key(finding.loc), raw, lang, labels):
            values[name.title()] = said[:1].upper() + said[1:]
            return f"%({name.title()})s" + rest[len(f"%({name})s"):]
    return rest


def holes(finding: Finding, labels: CallLabels | None = None
          ) -> tuple[frozenset[str], frozenset[str]]:
    """The placeholders of ``finding``'s own wordings (its ``template``) that it does not
    fill, and those of the library's sentence for it that it does not fill: each would read
    ``?``. A finding the library builds fills its library sentence whole."""
    values = _values(finding, "en", None, labels or _NO_LABELS)
    own: set[str] = set()
    for text in (finding.template or {}).values():
        own |= d.template_names(text)
    library = d.template_names(_template(finding, "en", own=False))
    return frozenset(own - values.keys()), frozenset(library - values.keys())


def _missing_day(kind: str, value: object, lang: str) -> tuple[str, dict[str, str]] | None:
    """For a date (or an instant) written right whose day, month or time of day does not
    exist, the problem that says so and its values in ``lang``: ``2026-09-31`` → September
    2026 has 30 days; ``23:59:60`` → the seconds run from 00 to 59 (:func:`impossible`, the
    reason ``--at`` and the service's ``now`` say too)."""
    if kind not in _DATE_KINDS or not isinstance(value, str):
        return None
    reason = impossible(value, timed=not kind.startswith("date"))
    if reason is None:
        return None
    key, values = reason
    return key, {name: said_in(said, lang) if isinstance(said, InWords) else said
                 for name, said in values.items()}


#: The values of a problem's ``ctx`` that are the keys of phrases (of the prefix given),
#: said in the reader's words: where in a decision record, the kinds of value found there
#: and expected (callrules._record).
_PHRASED = {"part": "decision_part_", "found_kind": "kind_", "expected_kind": "kind_"}


#: The problems of a value refused for its form, whose message says the form expected and
#: not the value (a date, an instant, an amount, a rate, a number, yes or no, a choice): an
#: invisible character in such a value is a reason it is refused, and no one can see it; so
#: is a character that only looks like one of its form (a Unicode hyphen, an Arabic-Indic
#: digit: :func:`callrules._lookalikes.marks_note`, att66 F2). (A problem of a whole record,
#: ``json_invalid``, is not about the characters of its texts.)
_FORM_KINDS = frozenset({
    "date_text", "instant_text", "amount_text", "rate_text", "date_parsing", "date_type",
    "date_from_datetime_parsing", "date_from_datetime_inexact", "datetime_parsing",
    "datetime_from_date_parsing", "datetime_type", "timezone_aware", "int_parsing",
    "int_type", "bool_parsing", "bool_type", "string_pattern_mismatch", "literal_error",
    "union_tag_invalid", "answer_type"})
#: The problems of one value a person typed that may have been typed with a letter of another
#: script looking Latin (a code, a choice, an address, a value of a form): its message says
#: which (:func:`callrules._lookalikes.lookalike_note`); never a whole record's text, whose
#: names are of any script.
_TYPED_KINDS = _FORM_KINDS | {"country_code", "subdivision_code", "currency_code",
                              "language_code", "choice", "not_in_vocabulary", "email_address"}


#: The ASCII characters each form is written with (the others, a choice's: its words'), and
#: the words of yes or no pydantic reads: a character is said to look like one of them only
#: when the form accepts it (:func:`callrules._lookalikes.marks_note`, att68 E1).
_DATE, _INSTANT = "0123456789-", "0123456789-:.+TtZz"
_AMOUNT, _COUNT = "0123456789.-", "0123456789-+"
_FORM_CHARACTERS = {
    **dict.fromkeys(("date_text", "date_parsing", "date_type", "date_from_datetime_parsing",
                     "date_from_datetime_inexact"), _DATE),
    **dict.fromkeys(("instant_text", "datetime_parsing", "datetime_from_date_parsing",
                     "datetime_type", "timezone_aware"), _INSTANT),
    **dict.fromkeys(("amount_text", "rate_text"), _AMOUNT),
    **dict.fromkeys(("int_parsing", "int_type"), _COUNT)}
_YES_OR_NO = ("true", "false", "yes", "no", "on", "off", "t", "f", "y", "n", "1", "0")
#: What a choice of words or a code is written with when its message does not list them.
_ANY_CODE = "".join(map(chr, range(0x21, 0x7F)))


def _form_of(problem: InputProblem, kind: str) -> tuple[str, tuple[str, ...]]:
    """The ASCII characters the form of ``problem``'s value is written with, and its words
    when it has a list of them (yes or no; a choice, from its ``expected``)."""
    if kind in _FORM_CHARACTERS:
        return _FORM_CHARACTERS[kind], ()
    if kind in ("bool_parsing", "bool_type"):
        return "".join(_YES_OR_NO), _YES_OR_NO
    ctx = problem.ctx or {}
    expected = str(ctx.get("expected", ctx.get("expected_tags", "")))  # (``'a' or 'b'``)
    words = tuple(re.findall(r"'([^']*)'", expected))
    return ("".join(words), words) if words else (_ANY_CODE, ())


def _unseen_note(problem: InputProblem, counts: tuple[int, int] | None, lang: str
                 ) -> str | None:
    """What a problem's message adds when the text given holds a character :func:`visible`
    names and the message does not show it (:data:`_FORM_KINDS`: a date, an instant, an
    amount, whose sentence says the form expected): the text as written, such characters
    named in words between brackets, and what to do. A character that cannot be seen (a
    zero-width space, a right-to-left override, a soft hyphen…): to remove it (att65 W3). A
    space that is not the ordinary one (a no-break space, a tab), which a person sees: said as
    such, and to write the value as asked, since removing it may not be the form either
    (``14 09 2026``, look64w R2). A text holding both is said once, each kind named and what
    to do of each. A long text is shown around its first such character. ``counts``: such
    characters of each kind (:func:`_unseen`), None when the message need not name them."""
    if counts is None:
        return None
    unseen, spaces = counts
    text = str(problem.input)
    shown = visible(text, lang)
    if len(text) > 2 * AROUND:  # (around its first such character)
        before, part, after = around(text, named_at(text)[0])
        shown = before + visible(part, lang) + after
    if unseen and spaces:  # (both: one sentence naming each kind, and what to do of each)
        return sentence(translate(PHRASES["unseen_and_spaces"], lang), {
            "value": inserted(shown), "unseen": translate_plural(PLURALS["unseen_part"], unseen,
                                                                 lang),
            "spaces": translate_plural(PLURALS["space_part"], spaces, lang)}, lang)
    key = "unseen_in_value" if unseen else "space_in_value"
    return sentence(translate_plural(PLURALS[key], unseen or spaces, lang),
                    {"value": inserted(shown)}, lang)


def _unseen(problem: InputProblem, said: str, lang: str) -> tuple[int, int] | None:
    """How many characters that cannot be seen and spaces that are not ordinary ones the text
    of ``problem`` holds, when its message (``said``) does not show them and says the form
    expected (:data:`_FORM_KINDS`); else None."""
    text = problem.input
    if _kind(problem) not in _FORM_KINDS or not isinstance(text, str) \
            or (shown := visible(text, lang)) == text or shown in said:
        return None
    named = named_at(text)  # (a joiner kept as typed, « مهسا‌رضایی », is not named: att66)
    spaces = sum(odd_space(text[at]) for at in named)
    return len(named) - spaces, spaces


def _kind(problem: InputProblem) -> str:
    """The kind of message ``problem`` is said by: its template, else its type."""
    return str((problem.ctx or {}).get("template") or problem.type)


def render_problem(problem: InputProblem, locale: str | None) -> str:
    """An input problem in ``locale``: the library's template for its type (every type the
    models can raise has one); for a type it does not know, pydantic's own English message in
    English and a general sentence in another language. A text holding a character that
    cannot be seen, which the message does not show, is shown after it (:func:`_unseen_note`)."""
    lang = negotiate(locale)
    said = _problem_words(problem, lang)
    kind = _kind(problem)
    accepted = _keys(problem.ctx or {}) if kind == "not_in_vocabulary" else ()
    typed = [problem.input] if isinstance(problem.input, str) and kind in _TYPED_KINDS \
        and kind not in _FORM_KINDS else []  # (a value of a form: each character named)
    # (a value of a form holding characters that only look like its own and some that cannot
    # be seen: one sentence says both, the value shown once)
    counts = _unseen(problem, said, lang)
    unseen, spaces = counts or (0, 0)
    pattern = (problem.ctx or {}).get("pattern") if kind == "string_pattern_mismatch" else None
    marks = marks_note(problem.input, lang, *_form_of(problem, kind), unseen=unseen,
                       spaces=spaces, pattern=pattern if isinstance(pattern, str) else None
                       ) if kind in _FORM_KINDS else None
    notes = (_unseen_note(problem, counts, lang) if marks is None else None, marks,
             lookalike_note(typed, lang, accepted))
    return " ".join([said, *(note for note in notes if note is not None)])


def _keys(ctx: Mapping[str, Any]) -> tuple[str, ...]:
    """The codes a problem lists (``ctx.keys``): a tuple of them, each apart (a code may
    hold ", "); a text, as a problem built before gave them, is read joined by ", "."""
    keys = ctx.get("keys", ())
    return tuple(str(key) for key in keys) if isinstance(keys, tuple) \
        else tuple(str(keys).split(", ")) if keys else ()


def _each_accepted(ctx: Mapping[str, Any], lang: str, style: str = "or") -> object:
    """The labels of the values or fields a problem accepts, in ``lang`` (else as the
    problem holds them first), said as the language lists them (:func:`join_list`: « A, B
    ou C » for a choice, ``style="or"``; « A, B et C » for the fields a call asks for),
    the first ones of a longer list by commas (« מועד א, מועד ב, … »: the list goes on), each
    :func:`inserted` alone while a page is written, so that each keeps its own direction.
    Each label is read from the problem's list of them (``labels_fr``: a tuple, so a
    label holding a comma stays one; « … » after them if the text has it); a problem built
    without it has its joined text told apart by the codes it lists (``keys``, one a
    label), and whole if they do not tell it."""
    accepted = ctx.get(f"accepted_{lang}", ctx.get("accepted", "?"))
    each = ctx.get(f"labels_{lang}" if f"accepted_{lang}" in ctx else "labels")
    if not isinstance(accepted, str):
        return accepted
    labels = list(each) if isinstance(each, tuple) else None
    if labels is None and isinstance(ctx.get("keys"), tuple):  # (a declared choice's: its
        labels = list(ctx["keys"])  # codes, typed as they are)
    if labels is not None and accepted == ", ".join([*labels, "…"]):
        labels.append("…")  # (the first labels listed: more not)
    if labels is None or ", ".join(labels) != accepted:  # (a list not the text's: the codes)
        labels = accepted.split(", ")
        codes = [code for code in _keys(ctx) if code != "…"]  # (« … »: in the text only)
        if not codes or len(labels) - (labels[-1] == "…") != len(codes):
            return accepted
    if len(labels) < 2:
        return accepted
    if labels[-1] == "…":  # (the first ones: no last one to join with "or")
        return marked(", ".join([*(inserted(label) for label in labels[:-1]), "…"]))
    return marked(join_list([inserted(label) for label in labels], lang, style))


def _problem_words(problem: InputProblem, lang: str) -> str:
    """:func:`render_problem`'s message, without the note on an unseen character."""
    ctx: dict[str, Any] = dict(problem.ctx or {})
    kind = _kind(problem)
    if kind == "not_in_vocabulary":  # the call's labels in the reader's language, if it has it
        path = str(ctx.get("path", ""))  # (a field of the call's own with no label in the
        ctx["field"] = ctx.get(f"field_{lang}") or (  # reader's language: its label in the
            field_label(path, lang) if is_library_field(path) or not ctx.get("field")
            else ctx["field"])  # call's first one, never its identifier)
        ctx["accepted"] = _each_accepted(ctx, lang)
    if kind == "undeclared_field":  # the declared fields' labels in the reader's language
        ctx["accepted"] = _each_accepted(ctx, lang, "standard")  # (all asked for: "and")
    if kind == "choice":  # the call's words for a choice, one of them: "or"
        ctx["accepted"] = _each_accepted(ctx, lang)
    if kind.startswith("date") and "outside expected range" in str(ctx.get("error", "")):
        kind = "date_not_in_calendar"
        ctx.setdefault("value", str(problem.input) if problem.input is not None else "?")
    if (missing := _missing_day(kind, problem.input, lang)) is not None:
        kind, said = missing  # a date written right that is no day: said so, not its form
        ctx.update(said)
    if kind in ("no_rate", "no_rate_in_force"):  # the table's finding, worded when raised
        ctx["said"] = ctx.get(f"said_{lang}", ctx.get("said_en", "?"))
    if kind == "unreadable_because":  # why the file cannot be read, in the reader's words
        ctx["reason"] = unreadable_reason(ctx, lang)
    if (kind == "unreadable" or kind.startswith("read_")) and "line" in ctx \
            and f"{kind}_at" in INPUT_CODES:  # (a file failing partway: where it stopped)
        kind = f"{kind}_at"
    for key in GIVEN | ({"field"} if kind in FIELD_GIVEN else set()) | (
            {"part"} if kind in PART_GIVEN else set()):  # (a header's piece: session 58)
        if isinstance(ctx.get(key), str):  # a text as given: as typed, cut (before its
            ctx[key] = visible(cut(ctx[key]), lang)  # invisibles are named: att88 F1)
    if (number := _count(ctx.get("first_record"))) is not None:  # a record of a batch
        source = str((problem.ctx or {}).get("first", ""))  # (``repeated_record``…): its source
        ctx["first"] = record_place(  # in words, or a bare one's number (never "record 3"
            number if source in ("", f"record {number}") else source, lang)  # in English)
    if kind == "subdivision_country" and isinstance(ctx.get("country"), str):
        ctx["country"] = territory_name(ctx["country"], lang)  # Brasil, never « BR »
    if kind == "instant_text" and (long := _LONG_FRACTION.search(str(problem.input))):
        kind = "instant_fraction"  # the one thing wrong with a valid RFC 3339 instant, said
        ctx["digits"] = str(len(long[1]))
    elif kind == "instant_text" and _SPACE_FOR_T.match(str(problem.input)):
        kind = "instant_space"  # (RFC 3339 allows it in a note; the call's format does not)
    elif kind == "instant_text" and _HOURS_OFFSET.fullmatch(str(problem.input)):
        kind = "instant_hours_offset"
    # the library's own counts and bounds, in the reader's digits: 10 083 264 in French
    numbers = {name: format_exact(count, lang) for name in _COUNTS
               if (count := _count(ctx.get(name))) is not None}
    if kind in PLURALS:  # (a problem built by hand may lack its numbers: "?")
        count = _count(ctx.get("count", ctx.get("min_length", ctx.get("max_length", 0)))) or 0
        text = translate_plural(PLURALS[kind], count, lang)
        given: dict[str, Any] = {"n": count, **ctx, **numbers}
        return typography(filled(text, each_inserted(_Values(given)), lang) if "%(" in text
                          else text, lang)
    ctx.update(numbers)
    for name in _LIMITS.get(kind, ()):  # a field's limit as the rules' findings say it
        if (limit := _limit(ctx.get(name), ctx, lang)) is not None:
            ctx[name] = limit
            if ctx.get("bound") in ("date", "instant"):  # (a date is not "below" another)
                kind = _LIMITS_IN_TIME.get(kind, kind)
    for name in _PHRASED:  # a part or a kind of value named by a phrase's key: in words
        if isinstance(ctx.get(name), str) and ctx[name].startswith(_PHRASED[name]) \
                and ctx[name] in PHRASES:
            ctx[name] = phrase(ctx[name], lang)
    template = INPUT_CODES.get(kind)
    if template is None:
        if lang == "en" and problem.msg:
            return typography(problem.msg, lang)
        template = INPUT_CODES["invalid_value"]
    reason = INPUT_CODES.get(str(ctx.get("reason_code", "")))
    if reason is not None:  # an amount's own reason, told in the same language
        ctx["reason"] = filled(translate(reason, lang), _Values(ctx), lang)
    return sentence(translate(template, lang), each_inserted(_Values(ctx)), lang)

