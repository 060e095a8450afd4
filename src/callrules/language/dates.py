"""``days`` and ``within_year``: lengths of stays and calendar years.

``days`` counts from a start date to an end date in nights (Monday to Monday is 7), in
calendar days counted inclusively, or in complete months or years, and checks the count
against a minimum, a maximum or both (``too_short`` / ``too_long``, with the shortfall or
excess); an end before its start is ``dates_reversed``. ``within_year`` checks that a date
(or an instant, read in the call's zone) falls in a given year.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal
from zoneinfo import ZoneInfo

from callrules import _definitions as d
from callrules._paths import path_key
from callrules._report import Finding, Severity
from callrules._time import stay_length
from callrules.exceptions import DefinitionError
from callrules.language.codegen import Emitter
from callrules.language.form import Env, Loc, Node, OnSubject, Operand, Scope

__all__ = ["Days", "WithinYear"]


@dataclass(frozen=True, slots=True)
class Days(Node):
    op: ClassVar[str] = "days"
    start: Operand
    end: Operand
    low: int | None
    high: int | None
    low_param: str | None
    high_param: str | None
    count: Literal["nights", "days", "months", "years"]
    clause: str
    severity: Severity
    #: The field key of the start date (``visitors.stay.arrival``), by which an end before
    #: it names it (« Date of departure: …; it is before the date of arrival, … »); empty
    #: where the end is not the field its finding is placed at (the general words then).
    start_key: str = ""

    @classmethod
    def build(cls, raw: d.Days, checker: Any, scope: Scope, floc: Loc) -> Node:
        start = checker.scalar_operand(raw.start, scope, floc + ("start",), "days")
        end = checker.scalar_operand(raw.end, scope, floc + ("end",), "days")
        for which, operand in (("start", start), ("end", end)):
            if operand.path.type.kind != "date":
                raise checker.error(f"days counts between dates; {operand.path.text!r} is "
                                    f"{operand.path.type.described()}", floc + (which,),
                                    "wrong_type")
        low, low_param = checker.int_operand(raw.min, floc + ("min",))
        high, high_param = checker.int_operand(raw.max, floc + ("max",))
        if low is None and high is None:
            raise checker.error("days needs min, max or both", floc, "missing_bound")
        _check_bounds(checker, floc, raw.count, (low, low_param), (high, high_param))
        # the start named only where the finding's place is the end's own field (the item's,
        # or the item itself: ``$t``); an end of an outer item's or of the application's
        # (``$v.stay.departure``, ``$root.…``) places it at the current item, whose label the
        # words would give the end (att52w)
        keys = {f"${var}": key for var, key in scope.keys.items()}
        own = end.path.var is None or path_key(end.path.text, scope.key, keys) == scope.key
        named = path_key(start.path.text, scope.key, keys) if own else ""
        return cls(start, end, low, high, low_param, high_param, raw.count, checker.clause,
                   checker.severity, named)

    @property
    def loc(self) -> Loc:  # type: ignore[override]
        return self.end.loc

    def read(self, item: Any, env: Env) -> Any:
        return self.end.read(item, env)

    def passes(self, first: Any, last: Any) -> bool:
        if first is None or last is None or last < first:
            return False
        length = stay_length(first, last, self.count)
        return (self.high is None or length <= self.high) and (
            self.low is None or length >= self.low)

    def holds(self, item: Any, env: Env) -> bool:
        """The decision without its wording (what a filter asks of each item: before, each
        item failing it built its finding, about 15 µs, to be thrown away)."""
        return self.passes(self.start.read(item, env), self.end.read(item, env))

    def explain(self, item: Any, env: Env) -> list[Finding] | None:
        first, last = self.start.read(item, env), self.end.read(item, env)
        if self.passes(first, last):
            return None
        if last is None:
            return [Finding("missing", self.clause, self.severity, self.end.absent_loc,
                            self.end.absent_shown(item, None), {})]
        if first is None:
            return [Finding("missing", self.clause, self.severity, self.start.absent_loc,
                            self.start.absent_shown(item, None), {})]
        shown = self.end.shown(item, last)
        if last < first:
            return [Finding("dates_reversed", self.clause, self.severity, self.loc, shown,
                            {"start": first, "end": last, **(
                                {"other": self.start_key} if self.start_key else {})})]
        length = stay_length(first, last, self.count)
        if self.high is not None and length > self.high:
            return [Finding("too_long", self.clause, self.severity, self.loc, shown,
                            {"days": length, "limit": self.high, "excess": length - self.high,
                             "count": self.count, "start": first, "param": self.high_param})]
        assert self.low is not None and length < self.low
        return [Finding("too_short", self.clause, self.severity, self.loc, shown,
                        {"days": length, "limit": self.low, "shortfall": self.low - length,
                         "count": self.count, "start": first, "param": self.low_param})]

    def emit(self, gen: Emitter, item: ast.expr, names: Mapping[str, ast.expr]) -> ast.expr:
        first = self.start.emit(gen, item, names)
        last = self.end.emit(gen, item, names)
        if self.count != "nights":
            return gen.call(gen.bind(self.passes), first, last)
        # nights: (last - first).days, which is negative when the dates are reversed
        first_store, first_read = gen.temp(first)
        last_store, last_read = gen.temp(last)
        nights = ast.Attribute(value=ast.BinOp(left=last_read, op=ast.Sub(), right=first_read),
                               attr="days", ctx=ast.Load())
        lowest = gen.bind(max(self.low or 0, 0))
        ops: list[ast.cmpop] = [ast.LtE()]
        comparators: list[ast.expr] = [nights]
        if self.high is not None:
            ops.append(ast.LtE())
            comparators.append(gen.bind(self.high))
        return ast.BoolOp(op=ast.And(), values=[
            ast.Compare(left=first_store, ops=[ast.IsNot()],
                        comparators=[ast.Constant(value=None)]),
            ast.Compare(left=last_store, ops=[ast.IsNot()],
                        comparators=[ast.Constant(value=None)]),
            ast.Compare(left=lowest, ops=ops, comparators=comparators)])


#: The shortest and the longest length ``days`` can count between two dates of the calendar
#: (0001-01-01 to 9999-12-31), by what it counts: a bound outside them can never be met.
LENGTHS = {"nights": (0, 3_652_058), "days": (1, 3_652_059), "months": (0, 119_987),
           "years": (0, 9_998)}


def _check_bounds(checker: Any, floc: Loc, count: str, low: tuple[int | None, str | None],
                  high: tuple[int | None, str | None]) -> None:
    """Refuse bounds that leave ``days`` no length to accept, in every version of the call
    (each value of a parameter's history): a most below the shortest length it can count
    (``max_stay_nights = -1``), a least above the longest, or a least above the most. No
    application could meet such a rule: a mistake in the call file, refused when it loads
    (``bad_bounds``) in the reader's language, naming the parameter that holds the bound."""
    shortest, longest = LENGTHS[count]
    (low_value, low_param), (high_value, high_param) = low, high
    lows = checker.history.get(low_param, (low_value,)) if low_param else (low_value,)
    highs = checker.history.get(high_param, (high_value,)) if high_param else (high_value,)
    # the pairs a version can hold: this version's own; each value of one bound with each
    # of the other, when one of them has a single value (two dated parameters are paired
    # version by version, as each version is checked); each value alone
    pairs = [(low_value, high_value), *((each, None) for each in lows),
             *((None, each) for each in highs)]
    if len(set(lows)) == 1 or len(set(highs)) == 1:
        pairs += [(least, most) for least in lows for most in highs]
    for least, most in pairs:
        if most is not None and most < shortest:
            problem = ("below_shortest", "max", high_param, most, shortest)
        elif least is not None and least > longest:
            problem = ("above_longest", "min", low_param, least, longest)
        elif least is not None and most is not None and least > most:
            problem = ("crossed", "max" if high_param else "min", high_param or low_param,
                       most if high_param else least, least if high_param else most)
        else:
            continue
        kind, bound, param, value, limit = problem
        said = {"below_shortest": f"a most of {value}, below the shortest length it counts "
                                  f"({limit} {count})",
                "above_longest": f"a least of {value}, above the longest length it can "
                                 f"count ({limit} {count})",
                "crossed": f"a least of {least} and a most of {most}"}[kind]
        raise DefinitionError(
            f"days would never hold: {said}" + (f" (parameter {param!r})" if param else ""),
            code="bad_bounds", source=checker.source,
            loc=floc + (bound,) + (("param",) if param else ()),
            hint="give bounds that leave some length possible",
            words=(f"bounds_{kind}" + ("_param" if param else ""),
                   {"least": str(least), "most": str(most), "value": str(value),
                    "limit": str(limit), "parameter": checker.named(param)}))


@dataclass(frozen=True, slots=True)
class WithinYear(OnSubject):
    op: ClassVar[str] = "within_year"
    subject: Operand
    year: int
    param: str | None
    zone: ZoneInfo
    clause: str
    severity: Severity

    @classmethod
    def build(cls, raw: d.WithinYear, checker: Any, scope: Scope, floc: Loc) -> Node:
        subject = checker.scalar_operand(raw.path, scope, floc + ("path",), "within_year")
        if subject.path.type.kind not in ("date", "datetime"):
            raise checker.error(f"within_year reads a date; {raw.path!r} is "
                                f"{subject.path.type.described()}", floc + ("path",),
                                "wrong_type")
        year, param = checker.int_operand(raw.year, floc + ("year",))
        if year is None:  # year = null in a JSON file, None in a dict
            raise checker.error("expected a year (an int or an int parameter), got None",
                                floc + ("year",), "wrong_type")
        # no date is in a year outside the calendar: the rule would bar every application,
        # in every version (each value of the parameter's history)
        for each in checker.history.get(param, (year,)) if param else (year,):
            if not 1 <= each <= 9999:
                raise checker.error(f"{each} is not a year of the calendar (1 to 9999)" + (
                    f": parameter {param!r} holds it" if param else ""),
                    floc + ("year",) + (("param",) if param else ()),
                    "bad_parameter" if param else "bad_literal")
        return cls(subject, year, param, checker.zone, checker.clause, checker.severity)

    def passes(self, value: Any) -> bool:
        if value is None:
            return False
        if self.subject.path.type.kind == "datetime":
            return bool(value.astimezone(self.zone).year == self.year)
        return bool(value.year == self.year)

    def holds(self, item: Any, env: Env) -> bool:
        """The decision without its wording (what a filter asks of each item)."""
        return self.passes(self.subject.read(item, env))

    def explain(self, item: Any, env: Env) -> list[Finding] | None:
        value = self.subject.read(item, env)
        if self.passes(value):
            return None
        shown = self.subject.shown(item, value)
        if value is None:
            return [Finding("missing", self.clause, self.severity, self.subject.absent_loc,
                            self.subject.absent_shown(item, value), {})]
        ctx: dict[str, object] = {"year": self.year, "param": self.param}
        if self.subject.path.type.kind == "datetime":  # the year of the call's clocks
            ctx["zone"] = self.zone.key
        return [Finding("outside_year", self.clause, self.severity, self.loc, shown, ctx)]

    def emit(self, gen: Emitter, item: ast.expr, names: Mapping[str, ast.expr]) -> ast.expr:
        value = self.subject.emit(gen, item, names)
        if self.subject.path.type.kind == "datetime":
            return gen.call(gen.bind(self.passes), value)
        year = gen.bind(self.year)
        if self.subject.path.plain and not self.subject.path.type.optional:
            return ast.Compare(left=ast.Attribute(value=value, attr="year", ctx=ast.Load()),
                               ops=[ast.Eq()], comparators=[year])
        store, read = gen.temp(value)
        return ast.BoolOp(op=ast.And(), values=[
            ast.Compare(left=store, ops=[ast.IsNot()], comparators=[ast.Constant(value=None)]),
            ast.Compare(left=ast.Attribute(value=read, attr="year", ctx=ast.Load()),
                        ops=[ast.Eq()], comparators=[year])])
