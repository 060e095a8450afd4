"""``compare``: a field against a literal, a parameter, a milestone or another field.

Time comparisons say ``too_late`` / ``too_early`` (with how late or early), quantities
``above_maximum`` / ``below_minimum`` (with the excess or shortfall), equality
``not_equal`` / ``forbidden_value``. A missing field fails as ``missing``; a missing other
side passes in a requirement (the rule about that field reports it), but not in a test (a
filter's ``where``, the rule under ``not``) nor in an alternative of ``any``, where a
comparison with a value missing on either side does not hold, whichever side is written first
(an alternative says the side left out ``missing`` where it is). A side computed from the
application that has no value of its own (a minimum or maximum over no item, a ratio to
zero), on either side, fails as ``over_no_item`` or ``zero_divisor``, since no rule about a
field reports it. Money is converted to the other side's currency only at a rate the
application supplies. Milestones are intervals in the call's zone, compared in UTC.
"""

from __future__ import annotations

import ast
import json
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC
from typing import Any, ClassVar

from callrules import _definitions as d
from callrules._keys import key_of
from callrules._money import Money, TooLargeError
from callrules._paths import a_or_an, kind_words
from callrules._phrasing import MilestoneInWords, MovesInWords
from callrules._report import Finding, Severity
from callrules._time import Milestone, limit_occurrence
from callrules.exceptions import (
    ArgumentError,
    DefinitionError,
    MissingExchangeRateError,
    NoRateError,
)
from callrules.language import expressions
from callrules.language.codegen import Emitter
from callrules.language.expressions import (
    NUMBERS,
    ORDERED_KINDS,
    Expr,
    build_expression,
    comparable,
    conversion,
    conversions,
    converted,
    in_currency,
    is_expression,
    locate,
    trace_context,
    traced,
)
from callrules.language.form import (
    CACHE,
    Env,
    Loc,
    Node,
    OnSubject,
    Operand,
    Scope,
    outer_mark,
    rates_of,
    reads_only,
    root_only_loc,
    shown_if_judged,
)
from callrules.language.grouping import events_of

__all__ = ["ORDERED", "TEXT_PAIR_STEPS", "Compare"]

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge,
}
_TIME_CODES = {"<=": "too_late", "<": "not_before", ">=": "too_early", ">": "not_after"}
_QUANTITY_CODES = {"<=": "above_maximum", "<": "not_below", ">=": "below_minimum",
                   ">": "not_above"}
_EQ_CODES = {"==": "not_equal", "!=": "forbidden_value"}
#: Why a milestone is not compared by ``==`` or ``!=`` (or with what is not a date).
_MILESTONE_ORDERED = "a milestone compares with a date or an instant, using <, <=, > or >="
#: The kinds an ordered comparison accepts: an answer of any type is not among them, since
#: its values need not be comparable with each other (text with a number).
ORDERED = {"int", "decimal", "date", "datetime", "money"}
_ANSWER_HINT = ("an answer holds text, a whole number or yes/no: compare it with a field or a "
                "value of one of these kinds")


#: The kinds whose values may be text, compared by their keys (:mod:`callrules._keys`).
_TEXT_KINDS = ("str", "any")
#: What comparing a text with a text read from the application costs beyond a plain test, in
#: steps of the call's work (:meth:`~callrules.language.checker.Checker.spend`): each side's
#: key (form KC, folded when ``case_insensitive``) looked up and the two compared. Measured by
#: ``benchmarks/work_bound.py`` ("texts not grouped", "expanding, not grouped": about 1 µs a
#: step uncharged, twice the 0.5 µs the bound assumes, for texts that form KC expands).
TEXT_PAIR_STEPS = 2


def _key(value: Any, case_insensitive: bool) -> Any:
    """What a value of text is compared by: its key (:func:`callrules._keys.text_key`, the
    one ``unique`` uses), without case when ``case_insensitive``. Only text is folded: a
    number or a yes/no answer is compared as it is, so it never equals a text (``1`` is not
    ``"1"``, ``true`` is not ``"TRUE"``), with or without ``case_insensitive``."""
    return key_of(value, case_insensitive)


def strict_eq(left: Any, right: Any) -> bool:
    """Equality that does not take True for 1 (answers may hold either)."""
    return type(left) is type(right) and bool(left == right)


def strict_ne(left: Any, right: Any) -> bool:
    return not strict_eq(left, right)


@dataclass(frozen=True, slots=True)
class Compare(OnSubject):
    op: ClassVar[str] = "compare"
    subject: Operand
    cmp: str
    kind: str
    fn: Callable[[Any, Any], bool]
    code: str
    clause: str
    severity: Severity
    #: The fixed other side (a literal, a parameter's value, a milestone's bound in UTC)…
    bound: Any = None
    #: … or the field it is read from.
    other: Operand | None = None
    case_insensitive: bool = False
    ctx: Mapping[str, object] = field(default_factory=dict)
    #: Whether it is a test (inside a filter's ``where`` or under ``not``), a question asked
    #: of an item, not a requirement: a missing other side then does not hold either.
    tested: bool = False

    @classmethod
    def build(cls, raw: d.Compare, checker: Any, scope: Scope, floc: Loc) -> Node:
        if raw.left is not None or (is_expression(raw.to) and not _milestone_side(raw.to)):
            return Relation.build(raw, checker, scope, floc)
        if raw.path is None:
            raise checker.error("compare needs path (a field) or left (an expression)", floc,
                                "missing_bound")
        subject = checker.scalar_operand(raw.path, scope, floc + ("path",), "compare")
        kind = subject.path.type.kind
        cmp = raw.cmp
        tloc = floc + ("to",)
        if cmp not in ("==", "!=") and kind not in ORDERED:
            raise checker.error(f"{cmp} needs an ordered field (number, money, date, "
                                f"instant); {raw.path!r} is {subject.path.type.described()}",
                                floc + ("cmp",), "wrong_type")
        if raw.case_insensitive and kind not in ("str", "any"):
            raise checker.error("case_insensitive applies to text only", floc, "wrong_type")
        to = raw.to
        fn = _OPS[cmp]
        bound: Any = None
        other: Operand | None = None
        ctx: dict[str, object]
        if _milestone_side(to):
            if kind not in ("date", "datetime") or cmp in ("==", "!="):
                raise checker.error(_MILESTONE_ORDERED, tloc, "wrong_type")
            moved = _moved_milestone(to, cmp, kind, checker, tloc)
            fn, bound, milestone = moved.fn, moved.bound, moved.milestone
            ctx = {"milestone": moved.name,
                   "limit": milestone.start if moved.shown is None else moved.shown,
                   "precision": milestone.precision, **moved.shift}
            if kind == "datetime" and milestone.precision != "instant":
                ctx["zone"] = checker.zone.key  # the call's clocks end its day: said in them
        elif isinstance(to, Mapping) and set(to) == {"param"}:
            param = checker.param(to["param"], tloc + ("param",), {kind})
            bound = param.value
            ctx = {"param": param.name, "limit": param.value}
        elif isinstance(to, Mapping) and set(to) == {"path"}:
            other = checker.scalar_operand(str(to["path"]), scope, tloc + ("path",), "compare")
            other_kind = other.path.type.kind
            if {kind, other_kind} == NUMBERS:
                # a whole number and a decimal: numbers with numbers, compared by value as
                # ``left = { path = … }`` compares them (it had been refused written with
                # ``path`` only: session 44, F4), by the one node that compares them
                return Relation.build(raw, checker, scope, floc)
            if other_kind != kind and not ("any" in (kind, other_kind)
                                           and comparable(kind, other_kind)):
                raise checker.error("cannot compare " + (
                    f"{a_or_an(kind_words(kind))} with an answer" if other_kind == "any" else
                    f"an answer with {a_or_an(kind_words(other_kind))}" if kind == "any" else
                    f"{a_or_an(kind_words(kind))} with {other.path.type.described()}"),
                                    tloc + ("path",),
                                    "wrong_type", _ANSWER_HINT if "any" in (
                                        kind, other_kind) else None)
            if cmp not in ("==", "!=") and other_kind not in ORDERED:
                raise checker.error(f"{cmp} needs an ordered field on both sides; "
                                    f"{to['path']!r} is {other.path.type.described()}",
                                    tloc + ("path",), "wrong_type")
            ctx = {"other": other.path.text}
            outer = checker.outer_keys(scope, subject, other)
            if outer:  # (an outer item's field: by its label, « category » before)
                ctx["outer"] = outer
        else:
            checker.no_blank(subject.path, to, tloc)
            bound = checker.literal(to, kind, tloc)
            ctx = {"limit": bound}
        if kind == "int" and other is None:
            named = ctx.get("param")
            checker.within_reach(subject.path.span, cmp, bound,
                                 named if isinstance(named, str) else None, tloc)
        if kind in ("date", "datetime"):
            code = _TIME_CODES.get(cmp) or _EQ_CODES[cmp]
        else:
            code = _QUANTITY_CODES.get(cmp) or _EQ_CODES[cmp]
        if cmp in ("==", "!=") and other is None:
            ctx["expected"] = bound
        if kind in _TEXT_KINDS and bound is not None:
            bound = _key(bound, raw.case_insensitive)
        if cmp in ("==", "!=") and (kind == "any" or other is not None):
            fn = strict_eq if cmp == "==" else strict_ne  # True is not 1, even via a path
        if kind == "money":  # the amount converted into the other side's currency
            checker.amounts_converted(subject, scope, floc, None if other is not None else
                                      bound.currency, other)
        if other is not None and kind in _TEXT_KINDS:
            # two texts of the application, each tested time: charged at what they cost (a
            # filter against an outer item that is not grouped compares every pair: F5 of
            # round 20, 29 s for a call the bound let load)
            checker.spend(scope.work * TEXT_PAIR_STEPS, floc)
        return cls(subject, cmp, kind, fn, code, checker.clause, checker.severity, bound,
                   other, raw.case_insensitive, ctx, checker.questioning)

    # -- the typed form's facts ---------------------------------------------------------------
    def key(self, value: Any) -> Any:
        """What a value of this comparison's subject is compared by (its key, for text)."""
        if value is None or self.kind not in _TEXT_KINDS:
            return value
        return _key(value, self.case_insensitive)

    @property
    def indexable(self) -> bool:
        """``field == $var.path`` (or ``!=``, with or without ``case_insensitive``) on text,
        whole numbers or dates of the same kind: an ``exists`` or a ``count`` filtered by it
        can index its list by the field's key (:meth:`key`: texts by their folded form when
        ``case_insensitive``), and a ``!=`` is all the items with a value but the equal ones."""
        return (self.cmp in ("==", "!=")
                and self.kind in ("str", "int", "date")
                and self.other is not None and self.subject.path.var is None
                and self.other.path.var not in (None, "root")
                and self.other.path.type.kind == self.kind)

    def turned(self) -> Compare:
        """The same test with its sides swapped when it is written with the outer item
        first (``$v.id == owner`` read as ``owner == $v.id``), so that an index serves both
        orders alike; itself otherwise. Only a test's ``==`` or ``!=`` is turned: there a
        value missing on either side does not hold and both compare alike either way (a
        requirement leaves a missing right side to its own rule, so its sides are not
        interchangeable)."""
        other = self.other
        if (not self.tested or self.cmp not in ("==", "!=") or other is None
                or other.path.var is not None or self.subject.path.var in (None, "root")):
            return self
        return replace(self, subject=other, other=self.subject, kind=other.path.type.kind,
                       ctx={**self.ctx, "other": self.subject.path.text})

    # -- the decision ------------------------------------------------------------------------
    def decide(self, value: Any, other: Any, root: Any) -> tuple[str, Any, Any]:
        """(outcome, left and right as compared) for the two sides as read: the outcome is
        pass, missing, no_rate (the exception in the last place) or fail. A missing other
        side passes a requirement (the other side's own rule reports it) and is missing in
        a test (a question that cannot be said to hold)."""
        if value is None:
            return "missing", None, None
        limit = self.bound if self.other is None else other
        if limit is None:
            return ("missing_other" if self.tested else "pass"), None, None
        left = value
        if self.kind in _TEXT_KINDS:  # texts are the same when their keys are
            left = _key(value, self.case_insensitive)
            if self.other is not None:
                limit = _key(limit, self.case_insensitive)
        elif self.kind == "money":
            try:
                left = self._converted(value, limit, root)
            except MissingExchangeRateError as exc:
                return "no_rate", None, exc
        return ("pass" if self.fn(left, limit) else "fail"), left, limit

    def _converted(self, value: Money, limit: Money, root: Any) -> Money:
        """``value`` in ``limit``'s currency: each amount converted once an evaluation,
        whatever compares it; a result beyond the bound located at the subject (not judged),
        a missing rate raised."""
        if value.currency == limit.currency:
            return value
        try:
            return converted(value, limit.currency, root)
        except TooLargeError as exc:
            raise locate(exc, (self.subject,)) from None

    def passes(self, value: Any, other: Any, root: Any) -> bool:
        """Whether the comparison holds; the missing exchange rate that leaves it unjudged
        is raised (:data:`~callrules.language.form.UNJUDGEABLE`), never read as false."""
        if self.kind == "money" and value is not None:
            # (what a filter asks for each item: the amounts compared once converted, as
            # :meth:`decide` does, without building its answer)
            limit = self.bound if self.other is None else other
            if limit is None:
                return not self.tested
            return bool(self.fn(self._converted(value, limit, root).amount, limit.amount))
        outcome, _, limit = self.decide(value, other, root)
        if outcome == "no_rate":
            raise limit
        return outcome == "pass"

    def holds(self, item: Any, env: Env) -> bool:
        """The decision without its wording: what a filter of an expression asks."""
        other = None if self.other is None else self.other.read(item, env)
        return self.passes(self.subject.read(item, env), other, env["root"])

    def explain(self, item: Any, env: Env) -> list[Finding] | None:
        value = self.subject.read(item, env)
        other = None if self.other is None else self.other.read(item, env)
        outcome, left, limit = self.decide(value, other, env["root"])
        if outcome == "pass":
            return None
        # (a field of the whole application judged against no field of the current item:
        # at its own place, as the same rule at the root says it)
        at, shown = self.subject.judged_at(item, value, self.other)
        if outcome == "missing":
            return [Finding("missing", self.clause, self.severity, self.subject.absent_loc,
                            self.subject.absent_shown(item, value), {})]
        if outcome == "missing_other" and self.other is not None:
            # (an alternative of an ``any`` is a question: the side left out is said
            # missing where it is, not the side given)
            return [Finding("missing", self.clause, self.severity, self.other.absent_loc,
                            self.other.absent_shown(item, None), {})]
        if outcome == "no_rate":
            error = limit
            return [Finding("missing_exchange_rate", self.clause, self.severity, at,
                            shown, {"base": error.base, "quote": error.quote})]
        if self._said_turned:
            return [self._turned_finding(item, value, other, left, limit)]
        extra = dict(self.ctx)
        if self.other is not None:
            extra["expected"] = extra["limit"] = other
        if isinstance(value, Money) and value.currency != left.currency:
            extra["conversions"] = (conversion(value, left, rates_of(env["root"])),)
        _difference(extra, self.code, left, limit)
        return [Finding(self.code, self.clause, self.severity, at, shown, extra)]

    @property
    def _said_turned(self) -> bool:
        """Whether a failure is said the other way round (:meth:`_turned_finding`): a field
        of the whole application compared with one of an item, or a field of an outer item
        (``$v.category == $t`` inside an ``each`` of the visitor's tags) with the current
        item or one of its fields, which is where the finding is (session 40: « Tags: x; it
        must be the same as the , x » before, an empty name and the tag twice)."""
        other = self.other
        if other is None or self.kind == "money":
            return False
        var, outer = self.subject.path.var, self.ctx.get("outer")
        if var == "root":
            return other.path.var != "root"
        # (the other side the current item's: a field of it, or the item bound to it)
        return var is not None and other.path.var != "root" and not (
            isinstance(outer, Mapping) and f"${other.path.var}" in outer)

    def _turned_finding(self, item: Any, value: Any, other: Any, left: Any, limit: Any
                        ) -> Finding:
        """The finding of a field of the whole application compared with one of the current
        item (``$root.host.role == category`` inside ``each visitors``), said the other way
        round, at the item's field, which takes part in what is judged: "Staff category:
        technician; it must be the same as the host's position, Tenured engineer" (session
        37: « Visitors: the value given » at each visitor before). The verdict is the
        same: only its words are turned (the comparison mirrored)."""
        assert self.other is not None
        cmp = _MIRROR[self.cmp]
        kind = self.other.path.type.kind
        code = (_TIME_CODES.get(cmp) if kind in ("date", "datetime") else
                _QUANTITY_CODES.get(cmp)) or _EQ_CODES[cmp]
        extra = {**self.ctx, "other": self.subject.path.text, "expected": value,
                 "limit": value}
        _difference(extra, code, limit, left)
        var = self.other.path.var  # (an outer item's field: at that item, session 39)
        at = self.other.loc if var is None else (outer_mark(var), *self.other.path.loc)
        return Finding(code, self.clause, self.severity, at, other, extra)

    def emit(self, gen: Emitter, item: ast.expr, names: Mapping[str, ast.expr]) -> ast.expr:
        value = self.subject.emit(gen, item, names)
        root = names["root"]
        if self.kind == "money" and self.other is None and isinstance(self.bound, Money):
            return self._emit_money(gen, value, root)
        if self.kind == "money" or (self.kind in _TEXT_KINDS and self.other is not None):
            other = ast.Constant(value=None) if self.other is None else self.other.emit(
                gen, item, names)
            return gen.call(gen.bind(self.passes), value, other, root)
        if self.other is None:
            bound = gen.bind(self.bound)
            if self.kind in _TEXT_KINDS:  # the value's key against the bound's
                store, read = gen.temp(value)
                keyed = gen.call(gen.bind(_key), read,
                                 ast.Constant(value=self.case_insensitive))
                return _and(_not_none(store), gen.compare(keyed, self.fn, bound))
            always_there = self.subject.path.plain and not self.subject.path.type.optional
            if always_there and self.kind != "any":
                return gen.compare(value, self.fn, bound)
            if self.cmp == "==" and self.kind != "any":  # None == bound is false
                return gen.compare(value, "==", bound)
            store, read = gen.temp(value)
            return _and(_not_none(store), gen.compare(read, self.fn, bound))
        store, read = gen.temp(value)
        other_store, other_read = gen.temp(self.other.emit(gen, item, names))
        if self.tested:  # a question: a missing side on either hand does not hold
            return _and(_not_none(store), _not_none(other_store),
                        gen.compare(read, self.fn, other_read))
        return _and(_not_none(store), ast.BoolOp(op=ast.Or(), values=[
            ast.Compare(left=other_store, ops=[ast.Is()],
                        comparators=[ast.Constant(value=None)]),
            gen.compare(read, self.fn, other_read)]))


    def _emit_money(self, gen: Emitter, value: ast.expr, root: ast.expr) -> ast.expr:
        """An amount against a fixed amount, as :meth:`passes` judges it, each amount in
        another currency read from the evaluation's conversions (hoisted once an
        application: :func:`~callrules.language.expressions.conversions`) once converted::

            _t is not None and (_t.amount OP B if _t.currency == C
                                else _e[1].amount OP B if (_e := _h.get(id(_t))) is not None
                                and _e[1].__class__ is Money else passes(_t, None, root))
        """
        bound = self.bound
        store, read = gen.temp(value)
        amount = gen.bind(bound.amount)
        table = gen.hoist(gen.call(gen.bind(conversions), gen.root(),
                                   ast.Constant(value=bound.currency)))
        entry_store, entry = gen.temp(gen.call(
            ast.Attribute(value=table, attr="get", ctx=ast.Load()),
            gen.call(gen.builtin("id"), read)))
        done = ast.Subscript(value=entry, slice=ast.Constant(value=1), ctx=ast.Load())
        known = ast.BoolOp(op=ast.And(), values=[
            ast.Compare(left=entry_store, ops=[ast.IsNot()],
                        comparators=[ast.Constant(value=None)]),
            ast.Compare(left=ast.Attribute(value=done, attr="__class__", ctx=ast.Load()),
                        ops=[ast.Is()], comparators=[gen.bind(Money)])])
        same = ast.Compare(left=ast.Attribute(value=read, attr="currency", ctx=ast.Load()),
                           ops=[ast.Eq()], comparators=[ast.Constant(value=bound.currency)])
        return _and(_not_none(store), ast.IfExp(
            test=same,
            body=gen.compare(ast.Attribute(value=read, attr="amount", ctx=ast.Load()),
                             self.fn, amount),
            orelse=ast.IfExp(
                test=known,
                body=gen.compare(ast.Attribute(value=done, attr="amount", ctx=ast.Load()),
                                 self.fn, amount),
                orelse=gen.call(gen.bind(self.passes), read, ast.Constant(value=None),
                                root))))


@dataclass(frozen=True, slots=True)
class Relation(Node):
    """``compare`` where a side is an expression (a sum, a ratio, a shifted date…)."""

    op: ClassVar[str] = "compare"
    left: Expr
    right: Expr
    fn: Callable[[Any, Any], bool]
    code: str
    clause: str
    severity: Severity
    ctx: Mapping[str, object] = field(default_factory=dict)
    #: Where the left side is written in the call file (its ``left``, or its ``to`` when the
    #: sides were swapped to name the computed value first): a value it has not for a
    #: reason of its own (:func:`~callrules.language.expressions.undefined`) is said so.
    left_at: Loc = ()
    #: … and where its right side is.
    right_at: Loc = ()
    #: The limit said when the right side is a day or month milestone (its last day for
    #: ``<=`` and ``>``, its first for ``<`` and ``>=``), compared as its period.
    shown: Any = None
    #: Whether it is a test (a filter's ``where``, the rule under ``not``): a right side
    #: missing then does not hold, as a left side missing does not.
    tested: bool = False
    #: Whether its sides read no variable but ``$root`` (a filter inside a count reading
    #: ``$v`` reads the outer item): with every field read from the root, it is judged at
    #: the field's own place (:attr:`root_loc`).
    whole: bool = False
    #: The variable of the outer item (``v`` of ``each visitors as v``, read inside an
    #: ``each`` of the visitor's tags) whose fields its left side reads, when it reads no
    #: other item's: judged at that item's field (:attr:`outer_loc`), as written there.
    outer: str | None = None

    @classmethod
    def build(cls, raw: d.Compare, checker: Any, scope: Scope, floc: Loc) -> Node:
        start = len(checker.read)
        node = cls._build(raw, checker, scope, floc)
        if not isinstance(node, Relation):
            return node
        read = set(checker.read[start:])
        if read <= {"root"}:
            return replace(node, whole=True)
        others = read - {"root"}
        var = next(iter(others)) if len(others) == 1 else None
        if var is not None and var in scope.keys and var != scope.own and (any(
                o.path.var == var for o in node.left.fields) or reads_only(node, var)):
            # (said as at that item: its fields by their own labels, « number of the item
            # of “visitors” checked » at each tag before: session 39)
            ctx = {k: v for k, v in node.ctx.items() if k != "outer"}
            return replace(node, outer=var, ctx={**ctx, "scope": scope.keys[var]})
        return node

    @classmethod
    def _build(cls, raw: d.Compare, checker: Any, scope: Scope, floc: Loc) -> Node:
        if raw.left is not None and raw.path is not None:
            raise checker.error("compare takes path or left, not both", floc, "wrong_type")
        if raw.case_insensitive:
            raise checker.error("case_insensitive compares text fields, not expressions",
                                floc, "wrong_type")
        for side, at in ((raw.to, "to"), (raw.left, "left")):
            if raw.cmp in ("==", "!=") and _milestone_side(side):
                # as with ``path`` (:meth:`Compare.build`): a milestone is a period (a day, a
                # month) or an instant, never one value to equal, whatever the other side is
                # written as (``left = { path = … }``, ``shift``: attack 35b, where a month
                # meant its first day)
                raise checker.error(_MILESTONE_ORDERED, floc + (at,), "wrong_type")
        for field_side, other, at in ((raw.left, raw.to, "left"), (raw.to, raw.left, "to")):
            if isinstance(field_side, Mapping) and set(field_side) == {"path"} \
                    and isinstance(field_side["path"], str) and other == "":
                # ``left = { path }`` against a ``""``, refused as with ``path`` (look59g)
                checker.no_blank(checker.path_of(field_side["path"], scope,
                                                 floc + (at, "path")), other,
                                 floc + ("to" if at == "left" else "left",))
        if _literal(raw.left) and _literal(raw.to):
            raise checker.error("compare reads nothing of the application here: both sides "
                                "are values written in the call", floc, "wrong_type",
                                "compare a field or an expression that reads one")
        right = None
        if raw.left is not None and (_literal(raw.left) or (
                _milestone_side(raw.left) and not _milestone_side(raw.to)
                and not _literal(raw.to))):
            # a value written on the left takes the kind of the side it is compared with: a
            # milestone a day against a date, as written on the right (it had been an
            # instant, and the rule refused: "cannot compare date with datetime")
            right = build_expression(raw.to, checker, scope, floc + ("to",))
            left = build_expression(raw.left, checker, scope, floc + ("left",), right.kind)
        elif raw.left is not None:
            left = build_expression(raw.left, checker, scope, floc + ("left",))
        elif raw.path is None:  # an expression ``to`` and nothing to compare it with
            raise checker.error("compare needs path (a field) or left (an expression)", floc,
                                "missing_bound")
        else:
            left = expressions.field(checker.scalar_operand(raw.path, scope, floc + ("path",),
                                                            "compare"))
        if right is None:
            right = build_expression(raw.to, checker, scope, floc + ("to",), left.kind)
        for side, other, written in ((raw.to, left, "to"), (raw.left, right, "left")):
            if isinstance(side, Mapping) and set(side) == {"param"} and other.kind == "int":
                # a whole-number parameter may stand where a decimal is expected, not the
                # other way round, whichever spelling (``path`` refused it, ``left``
                # loaded it: session 44, F4)
                checker.param(side["param"], (*floc, written, "param"), {"int"})
        cmp: str = raw.cmp
        written_left, written_right = raw.left, raw.to
        left_at, right_at = floc + ("left",), floc + ("to",)
        if raw.left is not None and (_literal(raw.left) or (
                not left.fields and right.fields)):
            # a value written in the call on the left: the computed side is named first
            # ("the ratio …: 0.33; minimum: 0.5"), never the written value as if a field
            left, right, cmp = right, left, _MIRROR[cmp]
            written_left, written_right = raw.to, raw.left
            left_at, right_at = right_at, left_at
        if not comparable(left.kind, right.kind):
            raise checker.error(f"cannot compare {a_or_an(kind_words(left.kind))} with "
                                f"{a_or_an(kind_words(right.kind))}", floc + ("to",),
                                "wrong_type", _ANSWER_HINT if "any" in (left.kind, right.kind)
                                else None)
        if cmp not in ("==", "!=") and not {left.kind, right.kind} <= ORDERED_KINDS:
            raise checker.error(f"{cmp} needs ordered values (numbers, money, dates, "
                                f"instants) on both sides, not {a_or_an(kind_words(left.kind))}"
                                f" and {a_or_an(kind_words(right.kind))}",
                                floc + ("cmp",), "wrong_type")
        if left.kind in ("date", "datetime"):
            code = _TIME_CODES.get(cmp) or _EQ_CODES[cmp]
        else:
            code = _QUANTITY_CODES.get(cmp) or _EQ_CODES[cmp]
        if left.kind == "int" and left.span is not None and right.own and not right.fields:
            checker.within_reach(left.span, cmp, right.value(None, {}), right.param, right_at)
        ctx: dict[str, object] = {"param": right.param} if right.param else {}
        # how a finding names both sides in words (see callrules._phrasing): as written, with
        # the values of the parameters and milestones this version was compiled with
        if written_left is not None:
            ctx["left"] = as_compiled(written_left, checker)
        elif left.subject is not None and left.subject.path.var is not None:
            # a field read through a variable (``$root.fields.start`` against a date of the
            # item moved) is located at the current item: named as written, as ``left =
            # { path = … }`` names it, never by the list's label (session 38: « Visitors:
            # December 30, 2026 »)
            ctx["left"] = {"path": raw.path}
        ctx["right"] = as_compiled(written_right, checker)
        if scope.key:
            ctx["scope"] = scope.key
        outer = checker.outer_keys(scope, *left.fields, *right.fields)
        if outer:  # (an outer item's field read in an inner each: named by its label)
            ctx["outer"] = outer
        if isinstance(written_right, Mapping) and "percent" in written_right:
            ctx["percent"] = True
        fn = _OPS[cmp]
        if cmp in ("==", "!=") and "any" in (left.kind, right.kind):
            fn = strict_eq if cmp == "==" else strict_ne  # an answer's true is not 1
        shown = None
        if _milestone_side(written_right) and cmp not in ("==", "!=") and left.kind in (
                "date", "datetime"):  # a milestone is its period, moved as written
            fn, right, shown, named = _period(written_right, cmp, left.kind, checker,
                                              right_at)
            ctx["right"] = as_compiled(named, checker)  # named as any spelling of it is
            if left.kind == "datetime":  # the call's clocks decide: its limit said in them
                ctx["zone"] = checker.zone.key
        if left.kind == "money" and right.kind == "money":
            # the left side converted into the right side's currency: once an evaluation
            # for an amount of a field into a currency the application does not choose (a
            # value written, a parameter, a table's, the call's: the right side written so,
            # reading no amount of the application as it is), each time for an amount
            # computed or into the currency of an amount of the application
            plain = left.subject is not None and left.compute == left.subject.read
            fixed = right.value(None, {}) if right.own and not right.fields else None
            chosen = any(o.path.type.kind == "money" for o in right.fields)
            into = fixed.currency if isinstance(fixed, Money) else None if chosen else \
                json.dumps(written_right, sort_keys=True, default=repr)
            checker.amounts_converted(left.subject if plain else None, scope, floc, into)
        return cls(left, right, fn, code, checker.clause, checker.severity, ctx, left_at,
                   right_at, shown, checker.questioning)

    @property
    def loc(self) -> Loc:  # type: ignore[override]
        return self.left.loc

    @property
    def root_loc(self) -> Loc | None:
        """For sides that read fields of the whole application only (``left = { path =
        "$root.host.role" }`` inside ``each visitors``), the left side's field from the
        root, marked: judged there, once, as at the root (session 37); else None."""
        return root_only_loc(self, self.left) if self.whole else None

    @property
    def outer_loc(self) -> Loc | None:
        """For a left side reading an outer item's fields (:attr:`outer`), the first of them
        from that item, marked (:func:`~callrules.language.form.outer_mark`); else None."""
        if self.outer is None:
            return None
        first = next((o for o in self.left.fields if o.path.var == self.outer), None)
        return (outer_mark(self.outer), *(() if first is None else first.path.loc))

    def read(self, item: Any, env: Env) -> Any:
        return self.left.value(item, env)

    def decide(self, item: Any, env: Env) -> tuple[str, Any, Any]:
        """(outcome, left, right): pass, missing, undefined (the right side has no value of
        its own: a limit that cannot be worked out fails), no_rate or no_table_rate (the
        error last) or fail. A right side missing for a field not given passes a
        requirement (that field's own rule reports it) and is missing in a test (a question
        that cannot be said to hold, as with a left side missing)."""
        value = None  # (the left side's value, once read: what a rate not known shows)
        try:
            value = self.left.value(item, env)
            limit = self.right.value(item, env)
            if value is None:
                return "missing", None, None
            if limit is None:
                if self.tested:  # (said apart when explained: a value left out, or none)
                    return "missing_right", value, None
                probe, trace = traced(env)  # rare: is it a field not given, or no value?
                self.right.value(item, probe)
                undefined = self._undefined(trace, self.right_at) is not None
                return ("undefined" if undefined else "pass"), value, None
            if isinstance(value, Money) and isinstance(limit, Money):
                value = in_currency(value, limit.currency, env)
        except MissingExchangeRateError as exc:
            return "no_rate", value, exc
        except NoRateError as exc:
            return "no_table_rate", value, exc
        except TooLargeError as exc:  # a figure beyond the bound: not judged, located (and
            # said to be the call's doing when only its own numbers make it so)
            exc = expressions.blamed(exc, lambda again: self._figures(item, again), env)
            raise locate(exc, self.left.fields + self.right.fields) from None
        if isinstance(value, str) and isinstance(limit, str):  # texts by their keys, as a
            # field is compared and as the load check reads a table's codes (text_key)
            same = self.fn(_key(value, False), _key(limit, False))
            return ("pass" if same else "fail"), value, limit
        return ("pass" if self.fn(value, limit) else "fail"), value, limit

    def _figures(self, item: Any, env: Env) -> None:
        """The figures :meth:`decide` computes (both sides, the left one converted to the
        right one's currency), for :func:`~callrules.language.expressions.blamed`."""
        value, limit = self.left.value(item, env), self.right.value(item, env)
        if isinstance(value, Money) and isinstance(limit, Money):
            in_currency(value, limit.currency, env)

    def holds(self, item: Any, env: Env) -> bool:
        """Whether the comparison holds; a missing exchange rate or table rate that leaves
        it unjudged is raised, never read as false."""
        outcome, _, limit = self.decide(item, env)
        if outcome in ("no_rate", "no_table_rate"):
            raise limit
        return outcome == "pass"

    def explain(self, item: Any, env: Env) -> list[Finding] | None:
        env, trace = traced(env)
        try:
            outcome, value, limit = self.decide(item, env)
        except TooLargeError as error:  # as its decision (holds) meets it: settled
            error.settled = True
            raise
        if outcome == "pass":
            return None
        if outcome == "missing":
            return [self._missing(trace, item, env)]
        if outcome == "missing_right":  # a question (an alternative of an ``any``): the
            # right side's part with no value of its own, or its field left out, said so
            probe, again = traced(env)
            self.right.value(item, probe)
            if self._undefined(again, self.right_at) is None:
                # (a field of the whole application from the root: the host's, not the
                # left side's field, which is given, attack 37b)
                return [Finding("missing", self.clause, self.severity,
                                self.right.absent_at(item, env) or self.loc, None, {})]
            outcome = "undefined"
        if outcome == "undefined":  # the limit cannot be worked out: said so, of its side
            probe, again = traced(env)
            self.right.value(item, probe)
            found = self._undefined(again, self.right_at)
            assert found is not None
            code, part = found
            return [Finding(code, self.clause, self.severity, self.right.loc or self.loc,
                            None, {**self.ctx, "part": part, "side": "right"})]
        # (the whole application's: at its place, once; an outer item's: at that item)
        at = self.root_loc or self.outer_loc or self.loc
        if outcome in ("no_rate", "no_table_rate"):  # what is found at its place, as
            # every test that cannot be judged there shows it (session 42: None here, the
            # amount by a comparison of the field, so a rate not known was said twice)
            shown = value if value is not None or self.left.subject is None else \
                shown_if_judged(self.left.subject.read, item, env)
            if outcome == "no_rate":
                return [Finding("missing_exchange_rate", self.clause, self.severity, at,
                                shown, {"base": limit.base, "quote": limit.quote})]
            return [Finding(limit.code, self.clause, self.severity, at, shown,
                            no_rate_context(limit, trace))]
        extra = {**self.ctx, "limit": limit if self.shown is None else self.shown,
                 **trace_context(trace)}
        if self.cmp_is_equality:
            extra["expected"] = limit
        _difference(extra, self.code, value, limit)
        return [Finding(self.code, self.clause, self.severity, at, value, extra)]

    def _missing(self, trace: list[tuple[str, dict[str, Any]]], item: Any, env: Env
                 ) -> Finding:
        """The finding of a left side with no value: ``missing`` for a field not given; for
        a part of it with no value of its own (a minimum or maximum over no item, a ratio to
        zero), ``over_no_item`` or ``zero_divisor``, naming that part (``part``: where it is
        written in the left side as the finding's ``left`` holds it). A field left out is
        the one of the side that holds no value, not the side's first field."""
        found = self._undefined(trace, self.left_at)
        if found is None:
            return Finding("missing", self.clause, self.severity, self.left.absent_at(item, env),
                           None, {})
        code, part = found
        return Finding(code, self.clause, self.severity, self.loc, None,
                       {**self.ctx, "part": part})

    @staticmethod
    def _undefined(trace: list[tuple[str, dict[str, Any]]], side: Loc
                   ) -> tuple[str, list[str | int]] | None:
        """The code and the place inside the side written at ``side`` of its first part
        that has no value of its own, as traced; None if it has none (a field not given)."""
        start = len(side)
        for _, entry in events_of(trace, "undefined"):
            at = entry.get("at", ())
            if at[:start] != side or "where" in at[start:]:
                continue  # another side's, or a filter's (which only drops its item)
            return ("over_no_item" if entry["why"] == "empty" else "zero_divisor",
                    list(at[start:]))
        return None

    @property
    def cmp_is_equality(self) -> bool:
        return self.code in _EQ_CODES.values()

    def emit(self, gen: Emitter, item: ast.expr, names: Mapping[str, ast.expr]) -> ast.expr:
        # the environment of an explanation, its cache made once per application (what an
        # indexed sum groups is kept there)
        cache = gen.hoist(ast.Dict(keys=[], values=[]))
        keys: list[ast.expr | None] = [gen.bind(name) for name in (*names, CACHE)]
        env = ast.Dict(keys=keys, values=[*names.values(), cache])
        return gen.call(gen.bind(self.holds), item, env)


#: The comparison read from the other side: ``a <= b`` is ``b >= a``.
_MIRROR = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


def _literal(raw: Any) -> bool:
    """Whether ``raw`` (a side of a comparison as written) is a bare value: a number, a
    text, money, ``{ decimal = … }`` or ``{ percent = … }``, which no words name but
    itself."""
    if not isinstance(raw, Mapping):
        return raw is not None
    return set(raw) in ({"decimal"}, {"percent"}, {"amount", "currency"})


def as_compiled(raw: Any, checker: Any) -> Any:
    """``raw`` (an expression or a rule as written) with the value of each parameter and
    milestone it names beside its name: data a finding keeps to be worded late."""
    if isinstance(raw, list):
        return [as_compiled(item, checker) for item in raw]
    if not isinstance(raw, Mapping):
        return raw
    out = {str(k): as_compiled(v, checker) for k, v in raw.items()}
    param = checker.parameters.get(raw.get("param")) if isinstance(raw.get("param"), str) \
        else None
    if param is not None:
        out["value"] = sorted(param.value) if isinstance(param.value, frozenset) else param.value
    point = checker.timeline.get(raw.get("milestone")) if isinstance(raw.get("milestone"),
                                                                     str) else None
    if point is not None:
        out["value"] = point.start if point.precision == "instant" else point.first_day
        if point.precision == "month":  # said as its month, never as its first day
            out["precision"] = "month"
    return out


def no_rate_context(error: NoRateError, trace: list[tuple[str, dict[str, Any]]]
                    ) -> dict[str, object]:
    """What a ``no_rate`` finding says: the table, the key and the fields it was read from,
    the day, and (no version in force) the first day of the table's first version."""
    ctx: dict[str, object] = {"table": error.table, "key": error.key, "on": error.on}
    fields = next((entry.get("fields") for _, entry in events_of(trace, "lookup_failed")),
                  None)
    if fields is not None:
        ctx["fields"] = fields
    if error.first is not None:
        ctx["first"] = error.first
    return ctx


def _not_none(value: ast.expr) -> ast.expr:
    return ast.Compare(left=value, ops=[ast.IsNot()], comparators=[ast.Constant(value=None)])


def _and(*values: ast.expr) -> ast.expr:
    return ast.BoolOp(op=ast.And(), values=list(values))


@dataclass(frozen=True)
class _Moved:
    """A milestone as a comparison side once read: the milestone moved by its offsets, the
    offsets (the finding's context) and the name it is said by (its own, ending with them:
    ``deadline+2d``), the plain comparison and bound equivalent to comparing with its period
    (:func:`milestone_bound`), the day said as the limit (``None`` for an instant compared
    with an instant, said as its start) and the side as the words name it (``written``: one
    milestone and its offsets, however it was written)."""

    milestone: Milestone
    shift: dict[str, Any]
    fn: Callable[[Any, Any], bool]
    bound: Any
    shown: Any
    name: str
    written: Mapping[str, Any]


#: The keys that move a milestone, in any of its spellings.
_MOVES = ("years", "months", "days", "before", "after")


def _steps(raw: Mapping[str, Any], at: Loc) -> list[tuple[Mapping[str, Any], Loc]]:
    """The milestone side written ``raw`` (:func:`_milestone_side`) as the moves made in
    order, each with its place: the milestone with its own offsets first, then each
    ``shift`` around it, from the innermost out."""
    steps = []
    while "milestone" not in raw:
        steps.append((raw, at))
        raw, at = raw["shift"], at + ("shift",)
    steps.append((raw, at))
    return steps[::-1]


def _moved_milestone(raw: Mapping[str, Any], cmp: str, kind: str, checker: Any, at: Loc
                     ) -> _Moved:
    """The milestone written ``raw`` moved by its offsets, signed (``days = -15``) or directed
    (``before = { days = 15 }``), a number or a parameter: one signed offset, the same period
    moved (:meth:`Milestone.shifted`), compared with a value of ``kind`` by ``cmp``: ``<=`` up
    to its end, ``<`` before its start, the day said its last for ``<=`` and ``>``, its first
    for ``<`` and ``>=``. A milestone inside ``shift`` (``{ shift = { milestone = "deadline"
    }, days = 2 }``, a shift of a shift) is the same period moved by each shift in turn: a
    day moved is a day, a month moved by days a run of days (attack 36b: it had been its
    first instant, « limite : 14 septembre 2026, 00:00 » for a deadline on that day). Moved
    past the calendar, a call-file error at ``at``."""
    steps = _steps(raw, at)
    point = checker.milestone(steps[0][0]["milestone"], steps[0][1] + ("milestone",))
    moved = point
    moving = []  # the steps written with offsets of their own, and their offsets
    for written, here in steps:
        offsets = expressions.read_offsets(written, checker, here)
        if "milestone" not in written and not offsets:
            raise checker.error("shift needs years, months or days (or before or after)", here,
                                "missing_bound")
        shift = {k: amount for k, (amount, _) in offsets.items() if amount}
        if offsets:
            moving.append((written, shift))
        try:  # 9999-12-01 plus 40 days, or its day's end, is past the calendar
            moved = moved.shifted(**shift) if shift else moved
        except (OverflowError, ValueError, ArgumentError):
            raise _off_calendar(checker, point, [s for _, s in moving], at) from None
    turns = [shift for _, shift in moving if shift]
    if turns and moved.precision == "instant":  # a wall-clock time shown twice: the one
        # the comparison means (shifting the other side instead judges alike, att54 F1)
        moved = Milestone(moved.name, limit_occurrence(moved.start, cmp), "instant")
    name = point.name + "".join(f"{v:+d}{k[0]}" for turn in turns for k, v in turn.items())
    said: dict[str, Any]
    if len(moving) == 1:  # moved once: named by its offsets as written (a parameter's too)
        written_as: Mapping[str, Any] = {"milestone": point.name, **{
            k: v for k, v in moving[0][0].items() if k in _MOVES}}
        said = dict(turns[0]) if turns else {}
    elif len(turns) <= 1:  # moved in turn, all but one step by nothing
        said = dict(turns[0]) if turns else {}
        written_as = {"milestone": point.name, **said}
    else:  # moved in turn, each step said in its turn (never added up: a month later than
        # 31 January is 28 February, and a month earlier than that 28 January, not the
        # 31st: said « date limite » alone, the months cancelling, attack 37b)
        said = {"steps": [dict(turn) for turn in turns]}
        written_as = {"milestone": point.name, **turns[0]}
        for turn in turns[1:]:
            written_as = {"shift": written_as, **turn}
    try:
        fn, bound = milestone_bound(moved, cmp, kind)
        shown: Any = None
        if moved.precision != "instant" or kind == "date":
            shown = moved.last_day if cmp in ("<=", ">") else moved.first_day
    except (OverflowError, ValueError, ArgumentError):
        raise _off_calendar(checker, point, turns, at) from None
    return _Moved(moved, said, fn, bound, shown, name, written_as)


def _off_calendar(checker: Any, point: Milestone, turns: list[dict[str, int]], at: Loc
                  ) -> DefinitionError:
    """The call-file error (``bad_milestone`` at ``at``) of the milestone ``point`` moved by
    ``turns`` in turn past the calendar: named by the call's milestone and every move
    written (« deadline moved 1,000 years earlier, then 1,000 years earlier… »), in words
    for its author in each language (:class:`~callrules._phrasing.MovesInWords`); an
    inner milestone of the library's making (``deadline-1000y-1000y``) and the last move
    alone had been said (attack 37b)."""
    moves = "; then ".join(", ".join(f"{v:+d} {k}" for k, v in turn.items())
                           for turn in turns) or "no move"
    error: DefinitionError = checker.error(
        f"moved so, the milestone leaves the calendar (years 1 to 9999): {point.name!r:.80} "
        f"moved by {moves}", at, "bad_milestone")
    if turns:  # (not moved, its own end past the calendar: the call's general words)
        error.words = ("milestone_off_calendar", {
            "milestone": MilestoneInWords(point.name,
                                          checker.milestone_labels.get(point.name)),
            "moves": MovesInWords(turns)})
    return error


def _period(raw: Mapping[str, Any], cmp: str, kind: str, checker: Any, at: Loc
            ) -> tuple[Callable[[Any, Any], bool], Expr, Any, Mapping[str, Any]]:
    """The comparison, the bound and the limit said for a computed value (``kind``) compared
    with the milestone written ``raw`` as with its period (see :func:`_moved_milestone`),
    and the side as the words name it."""
    moved = _moved_milestone(raw, cmp, kind, checker, at)
    return moved.fn, expressions.constant(moved.bound, kind), moved.shown, moved.written


def _milestone_side(to: object) -> bool:
    """Whether ``to`` (a side as written) is a milestone, moved or not, in any of its
    spellings: ``{ milestone = "deadline", days = 15 }``, ``after = { days = 15 }``, an offset
    that is a parameter, the milestone inside ``shift`` (``{ shift = { milestone =
    "deadline" }, days = 15 }``, a shift of a shift). Compared with a field, it is the
    milestone's period, moved."""
    while isinstance(to, Mapping) and "milestone" not in to:
        if "shift" not in to or not set(to) <= {"shift", *_MOVES}:
            return False
        to = to["shift"]
    return isinstance(to, Mapping) and set(to) <= {"milestone", *_MOVES}


def milestone_bound(milestone: Milestone, cmp: str, kind: str
                    ) -> tuple[Callable[[Any, Any], bool], Any]:
    """The plain comparison and bound equivalent to comparing with a milestone interval."""
    instant = milestone.precision == "instant"
    table: dict[str, tuple[Callable[[Any, Any], bool], Any]]
    if kind == "datetime":  # bounds in UTC: same-zone datetimes compare by wall clock
        start, end = milestone.start.astimezone(UTC), milestone.end.astimezone(UTC)
        table = {
            "<=": (operator.le, start) if instant else (operator.lt, end),
            "<": (operator.lt, start),
            ">=": (operator.ge, start),
            ">": (operator.gt, start) if instant else (operator.ge, end),
        }
    else:
        table = {
            "<=": (operator.le, milestone.last_day),
            "<": (operator.lt, milestone.first_day),
            ">=": (operator.ge, milestone.first_day),
            ">": (operator.gt, milestone.last_day),
        }
    return table[cmp]


def _difference(ctx: dict[str, object], code: str, value: Any, limit: Any) -> None:
    """Add how far ``value`` is from ``limit`` (what to change to satisfy the rule)."""
    if code in ("too_late", "not_before"):
        ctx["late_by"] = value - limit
    elif code in ("too_early", "not_after"):
        ctx["early_by"] = limit - value
    elif code in ("above_maximum", "not_below"):
        ctx["excess"] = value - limit
    elif code in ("below_minimum", "not_above"):
        ctx["shortfall"] = limit - value
