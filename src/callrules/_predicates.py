"""The compiler: a checked rule tree in, fast Python closures out.

Every path, operand and type is checked here, once, when the call is loaded; evaluation then
runs closures that do no lookups of rule definitions and allocate only when something fails.
A compiled check is ``check(item, env) -> list[Finding] | None``: ``None`` when it holds,
otherwise the findings, their locations relative to ``item``. Combinators add the "where"
(``each`` prefixes the list's path and the item's index).
"""

from __future__ import annotations

import decimal
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from callrules import _definitions as d
from callrules._money import Money, convert_amount, parse_amount
from callrules._parameters import Parameter
from callrules._paths import FieldType, Path, PathError, parse_path
from callrules._report import Finding, Severity
from callrules._time import Milestone, localize, stay_length
from callrules.exceptions import DefinitionError, MissingExchangeRateError, TimeError

__all__ = ["BatchCheck", "CompiledRule", "Compiler", "Env"]

Env = dict[Any, Any]  # variable names (and private caches) -> values
Inline = tuple[Callable[[Any], Any], Callable[[Any], bool], bool]
Check = Callable[[Any, Env], "list[Finding] | None"]
Loc = tuple[str | int, ...]

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge,
}
_TIME_CODES = {"<=": "too_late", "<": "not_before", ">=": "too_early", ">": "not_after"}
_QUANTITY_CODES = {"<=": "above_maximum", "<": "not_below", ">=": "below_minimum",
                   ">": "not_above"}
_EQ_CODES = {"==": "not_equal", "!=": "forbidden_value"}
_ORDERED = {"int", "decimal", "date", "datetime", "money"}
_SCALAR = {"str", "int", "bool", "decimal", "date", "datetime", "money", "any"}


class Compiled(NamedTuple):
    """A compiled node, with the location and reader of its main field for ``not``, and a
    fast boolean ``test`` (True when it holds) used where only the outcome counts (``where``
    filters, ``exists``, ``any``, ``not``): it builds no finding."""

    check: Check
    loc: Loc | None = None
    read: Callable[[Any, Env], Any] | None = None
    test: Callable[[Any, Env], bool] | None = None
    #: When the node is a conjunction of simple tests on fields of the current item
    #: (``kind == "cv"``, ``category in a set``, ``arrival in year 2026``, ``pages <= 3``):
    #: its (getter, predicate, negated) triples, getter and predicate both built-in (C)
    #: callables, so that filters and conjunctions test them without Python calls. Each holds
    #: when ``predicate(getter(item)) is not negated``.
    inline: tuple[Inline, ...] | None = None
    #: For a conjunction whose parts are partly inline: those parts, and a test of the rest.
    split: tuple[tuple[Inline, ...], Callable[[Any, Env], bool]] | None = None
    #: For ``field == $variable.path`` (text or numbers, exact case), or a conjunction whose
    #: only part that is not inline is one: (field getter, variable, variable's getter), so
    #: that ``exists`` over a list read once per application can index the list by field.
    var_eq: tuple[Callable[[Any], Any], str, Callable[[Any], Any]] | None = None


def _general_each_test(get: Callable[[Any], Any], name: str | None,
                       where_parts: tuple[Inline, ...],
                       where_rest: Callable[[Any, Env], bool] | None,
                       rule_parts: tuple[Inline, ...] | None,
                       rule_test: Callable[[Any, Env], bool]) -> Callable[[Any, Env], bool]:
    """The test of ``each`` with a bound variable or a filter that is not all inline."""

    def each_test(item: Any, env: Env) -> bool:
        for element in get(item) or ():
            local = env if name is None else {**env, name: element}
            for part_get, holds, negated in where_parts:
                if holds(part_get(element)) is negated:
                    break  # filtered out
            else:
                if where_rest is not None and not where_rest(element, local):
                    continue
                if rule_parts is None:
                    if not rule_test(element, local):
                        return False
                    continue
                for part_get, holds, negated in rule_parts:
                    if holds(part_get(element)) is negated:
                        return False
        return True

    return each_test


class _Blank(dict[str, str]):
    """Fills any %(name)s with nothing: to check that a template is well formed."""

    def __missing__(self, key: str) -> str:
        return ""


def _all_tests(tests: tuple[Callable[[Any, Env], bool], ...]) -> Callable[[Any, Env], bool]:
    def all_tests(item: Any, env: Env) -> bool:
        for test in tests:
            if not test(item, env):
                return False
        return True

    return all_tests


def _filter(compiled: Compiled | None) -> tuple[tuple[Inline, ...], Callable[[Any, Env], bool]
                                                 | None]:
    """A filter as (inline membership parts, test of the rest or None)."""
    if compiled is None:
        return (), None
    if compiled.inline is not None:
        return compiled.inline, None
    if compiled.split is not None:
        return compiled.split
    return (), _test_of(compiled)


def _test_of(compiled: Compiled) -> Callable[[Any, Env], bool]:
    """The node's boolean test: its own, or one derived from its check."""
    if compiled.test is not None:
        return compiled.test
    check = compiled.check
    return lambda item, env: not check(item, env)


@dataclass(frozen=True, slots=True)
class BatchCheck:
    """A rule that spans applications (``unique``): evaluated over a batch only."""

    clause: str
    severity: Severity
    key: Callable[[Any], Any]
    order: Callable[[Any], Any] | None
    loc: Loc
    case_insensitive: bool


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """One rule entry of a call, compiled."""

    clause: str
    severity: Severity
    check: Check | None
    batch: BatchCheck | None = None
    test: Callable[[Any, Env], bool] | None = None


@dataclass
class Compiler:
    """Compiles rule trees against the application model and a call's parameters."""

    root: FieldType
    parameters: Mapping[str, Parameter]
    timeline: Mapping[str, Milestone]
    zone: ZoneInfo
    source: str = "<call>"
    nodes: int = field(default=0)

    # -- errors ----------------------------------------------------------------------------
    def error(self, message: str, floc: Loc, code: str, hint: str | None = None
              ) -> DefinitionError:
        return DefinitionError(message, code=code, source=self.source, loc=floc, hint=hint)

    def path(self, text: str, scope: FieldType, variables: Mapping[str, FieldType],
             floc: Loc) -> Path:
        try:
            return parse_path(text, scope, variables)
        except PathError as exc:
            raise self.error(str(exc), floc, exc.code, exc.hint) from None

    # -- entry points ----------------------------------------------------------------------
    def compile_entry(self, entry: d.RuleEntry, floc: Loc) -> CompiledRule:
        severity = Severity(entry.severity)
        if isinstance(entry.check, d.Unique):
            return CompiledRule(entry.clause, severity, None,
                                self.unique(entry.check, entry.clause, severity,
                                            floc + ("check",)))
        compiled = self.node(entry.check, self.root, {"root": self.root}, floc + ("check",),
                             entry.clause, severity, 1)
        check = compiled.check
        if entry.messages:
            check = self._worded(check, entry.messages, floc + ("messages",))
        return CompiledRule(entry.clause, severity, check, None, _test_of(compiled))

    def _worded(self, check: Check, messages: Mapping[str, Mapping[str, str]], floc: Loc
                ) -> Check:
        """``check`` whose findings carry the call's own wording for the codes it gives."""
        from callrules._messages import CODES

        for code, texts in messages.items():
            if code not in CODES:
                import difflib

                close = difflib.get_close_matches(code, list(CODES), n=1)
                raise self.error(f"{code!r} is not a finding code", floc + (code,),
                                 "unknown_finding_code",
                                 f"did you mean {close[0]!r}?" if close else None)
            for lang, text in texts.items():
                try:
                    text % _Blank()
                except (ValueError, TypeError) as exc:
                    raise self.error(f"the {lang} message is not a template: {exc}",
                                     floc + (code, lang), "bad_template",
                                     "write values as %(name)s, and a percent sign as %%"
                                     ) from None
        worded = {code: dict(texts) for code, texts in messages.items()}

        def check_worded(item: Any, env: Env) -> list[Finding] | None:
            found = check(item, env)
            if not found:
                return found
            return [Finding(f.code, f.clause, f.severity, f.loc, f.input, f.ctx,
                            worded[f.code]) if f.code in worded else f for f in found]

        return check_worded

    def node(self, node: Any, scope: FieldType, variables: Mapping[str, FieldType], floc: Loc,
             clause: str, severity: Severity, depth: int) -> Compiled:
        self.nodes += 1
        if self.nodes > d.LIMITS["nodes"]:
            raise self.error(f"more than {d.LIMITS['nodes']} rule nodes", floc, "too_many_nodes")
        if depth > d.LIMITS["depth"]:
            raise self.error(f"rules nested deeper than {d.LIMITS['depth']}", floc, "too_deep")
        method = getattr(self, "op_" + node.op)
        result: Compiled = method(node, scope, variables, floc, clause, severity, depth)
        return result

    def unique(self, node: d.Unique, clause: str, severity: Severity, floc: Loc) -> BatchCheck:
        variables = {"root": self.root}
        key = self.path(node.path, self.root, variables, floc + ("path",))
        if key.type.kind not in ("str", "int") or key.var is not None:
            raise self.error(f"unique compares a text or number field, not {key.type.describe()}",
                             floc + ("path",), "wrong_type")
        order = None
        if node.order_by is not None:
            order = self.path(node.order_by, self.root, variables, floc + ("order_by",))
            if order.type.kind not in _ORDERED or order.type.optional:
                raise self.error("order_by names a date, instant or number that is always set",
                                 floc + ("order_by",), "wrong_type")
        return BatchCheck(clause, severity, key.getter, order.getter if order else None,
                          key.loc, node.case_insensitive)

    def op_unique(self, node: d.Unique, scope: FieldType, variables: Mapping[str, FieldType],
                  floc: Loc, clause: str, severity: Severity, depth: int) -> Compiled:
        raise self.error("unique spans applications: it must be the whole check of a rule, "
                         "not nested", floc, "misplaced_unique")

    # -- combinators -----------------------------------------------------------------------
    def op_all(self, node: d.AllOf, scope: FieldType, variables: Mapping[str, FieldType],
               floc: Loc, clause: str, severity: Severity, depth: int) -> Compiled:
        children = [self.node(child, scope, variables, floc + ("rules", i), clause, severity,
                              depth + 1) for i, child in enumerate(node.rules)]
        if len(children) == 1:
            return children[0]
        checks = tuple(c.check for c in children)
        inlines = tuple(i for c in children if c.inline is not None for i in c.inline)
        tests = tuple(_test_of(c) for c in children if c.inline is None)

        def all_test(item: Any, env: Env) -> bool:
            for get, holds, negated in inlines:
                if holds(get(item)) is negated:
                    return False
            for test in tests:
                if not test(item, env):
                    return False
            return True

        def all_of(item: Any, env: Env) -> list[Finding] | None:
            if all_test(item, env):
                return None
            out: list[Finding] | None = None
            for check in checks:
                found = check(item, env)
                if found:
                    out = found if out is None else out + found
            return out

        if tests and inlines:
            rest = tests[0] if len(tests) == 1 else _all_tests(tests)
            rest_nodes = [c for c in children if c.inline is None]
            # only a bare comparison indexes: a nested conjunction's own inline parts would be
            # lost by an index built from this conjunction's parts alone
            var_eq = rest_nodes[0].var_eq if len(rest_nodes) == 1 and \
                rest_nodes[0].split is None else None
            return Compiled(all_of, test=all_test, split=(inlines, rest), var_eq=var_eq)
        return Compiled(all_of, test=all_test, inline=None if tests else inlines)

    def op_any(self, node: d.AnyOf, scope: FieldType, variables: Mapping[str, FieldType],
               floc: Loc, clause: str, severity: Severity, depth: int) -> Compiled:
        children = [self.node(child, scope, variables, floc + ("rules", i), clause, severity,
                              depth + 1) for i, child in enumerate(node.rules)]
        checks = tuple(c.check for c in children)
        tests = tuple(_test_of(c) for c in children)

        def any_of(item: Any, env: Env) -> list[Finding] | None:
            for test in tests:
                if test(item, env):
                    return None
            out: list[Finding] = []
            for check in checks:
                out.extend(check(item, env) or ())
            return out

        def any_test(item: Any, env: Env) -> bool:
            for test in tests:
                if test(item, env):
                    return True
            return False

        return Compiled(any_of, test=any_test)

    def op_not(self, node: d.Not, scope: FieldType, variables: Mapping[str, FieldType],
               floc: Loc, clause: str, severity: Severity, depth: int) -> Compiled:
        inner = self.node(node.rule, scope, variables, floc + ("rule",), clause, severity,
                          depth + 1)
        loc, read, inner_test = inner.loc or (), inner.read, _test_of(inner)
        if not loc:  # a leaf reading a variable is located at the current item: show that
            read = None

        def not_(item: Any, env: Env) -> list[Finding] | None:
            if not inner_test(item, env):
                return None
            value = read(item, env) if read is not None else item
            return [Finding("not_satisfied", clause, severity, loc, value, {})]

        return Compiled(not_, test=lambda item, env: not inner_test(item, env))

    def _list_path(self, text: str, scope: FieldType, variables: Mapping[str, FieldType],
                   floc: Loc, what: str) -> Path:
        path = self.path(text, scope, variables, floc)
        if path.type.kind != "list" or path.type.item is None:
            raise self.error(f"{what} needs a list, but {text!r} is a {path.type.describe()}",
                             floc, "not_a_list")
        return path

    def _bind(self, name: str | None, item: FieldType, variables: Mapping[str, FieldType],
              floc: Loc) -> Mapping[str, FieldType]:
        if name is None:
            return variables
        if name in variables:
            raise self.error(f"${name} is already bound here", floc, "variable_rebound")
        return {**variables, name: item}

    def op_each(self, node: d.Each, scope: FieldType, variables: Mapping[str, FieldType],
                floc: Loc, clause: str, severity: Severity, depth: int) -> Compiled:
        path = self._list_path(node.path, scope, variables, floc + ("path",), "each")
        if path.var is not None or path.through_list:
            raise self.error("each walks a list of the current item; name it without a "
                             "variable and without passing through another list",
                             floc + ("path",), "each_path")
        assert path.type.item is not None
        item_type = path.type.item
        inner_vars = self._bind(node.as_, item_type, variables, floc + ("as",))
        inner = self.node(node.rule, item_type, inner_vars, floc + ("rule",), clause, severity,
                          depth + 1)
        rule, rule_test = inner.check, _test_of(inner)
        where_node = None if node.where is None else self.node(
            node.where, item_type, inner_vars, floc + ("where",), clause, severity, depth + 1)
        where = None if where_node is None else _test_of(where_node)
        get, prefix, name = path.getter, path.loc, node.as_
        where_parts, where_rest = _filter(where_node)
        rule_parts = inner.inline
        each_test: Callable[[Any, Env], bool]
        if name is None and where_rest is None and rule_parts is not None:
            checks_parts = rule_parts

            def each_test(item: Any, env: Env) -> bool:  # all inline: the common shape
                for element in get(item) or ():
                    for part_get, holds, negated in where_parts:
                        if holds(part_get(element)) is negated:
                            break
                    else:
                        for part_get, holds, negated in checks_parts:
                            if holds(part_get(element)) is negated:
                                return False
                return True
        elif name is None and where_rest is None:
            def each_test(item: Any, env: Env) -> bool:
                for element in get(item) or ():
                    for part_get, holds, negated in where_parts:
                        if holds(part_get(element)) is negated:
                            break
                    else:
                        if not rule_test(element, env):
                            return False
                return True
        else:
            each_test = _general_each_test(get, name, where_parts, where_rest, rule_parts,
                                           rule_test)

        def each(item: Any, env: Env) -> list[Finding] | None:
            out: list[Finding] | None = None
            for index, element in enumerate(get(item) or ()):
                local = env if name is None else {**env, name: element}
                if where is not None and not where(element, local):
                    continue
                if rule_test(element, local):
                    continue
                found = rule(element, local)
                if found:
                    here = prefix + (index,)
                    moved = [f.with_prefix(here) for f in found]
                    out = moved if out is None else out + moved
            return out

        return Compiled(each, test=each_test)

    def op_exists(self, node: d.Exists, scope: FieldType, variables: Mapping[str, FieldType],
                  floc: Loc, clause: str, severity: Severity, depth: int) -> Compiled:
        path = self._list_path(node.path, scope, variables, floc + ("path",), "exists")
        assert path.type.item is not None
        item_type = path.type.item
        inner_vars = self._bind(node.as_, item_type, variables, floc + ("as",))
        where_node = None if node.where is None else self.node(
            node.where, item_type, inner_vars, floc + ("where",), clause, severity, depth + 1)
        parts, rest = _filter(where_node)
        read, loc = self._reader(path)
        name = node.as_
        ctx: dict[str, object] = {"requirement": dict(node.requirement or {})}

        exists_test: Callable[[Any, Env], bool]
        var_eq = where_node.var_eq if where_node is not None else None
        if path.var == "root" and var_eq is not None and name is None:
            # "some document of this application has kind cv and owner == $visitor.id": the
            # list is the same for the whole application, so index it once by the field
            field_get, var_name, var_get = var_eq
            index_key = object()

            def exists_test(item: Any, env: Env) -> bool:
                cache = cache_of(env)
                index = cache.get(index_key)
                if index is None:
                    keys: set[Any] = set()
                    passed = False
                    for element in read(item, env) or ():
                        for get, holds, negated in parts:
                            if holds(get(element)) is negated:
                                break
                        else:
                            passed = True
                            key = field_get(element)
                            if key is not None:
                                keys.add(key)
                    index = cache[index_key] = (keys, passed)
                target = var_get(env[var_name])
                return index[1] if target is None else target in index[0]
        else:
            def exists_test(item: Any, env: Env) -> bool:
                for element in read(item, env) or ():
                    for get, holds, negated in parts:
                        if holds(get(element)) is negated:
                            break
                    else:
                        if rest is None or rest(element, env if name is None
                                                else {**env, name: element}):
                            return True
                return False

        def exists(item: Any, env: Env) -> list[Finding] | None:
            if exists_test(item, env):
                return None
            shown = (read(item, env) or ()) if path.var is None else item
            return [Finding("none_matching", clause, severity, loc, shown, ctx)]

        return Compiled(exists, loc, read, exists_test)

    # -- leaves ----------------------------------------------------------------------------
    def _reader(self, path: Path) -> tuple[Callable[[Any, Env], Any], Loc]:
        """A reader ``(item, env) -> value`` and the location a finding about it names.

        A path that starts from a variable reports at the current item (its own location is
        in another part of the application)."""
        get = path.getter
        if path.var is None:
            return (lambda item, env: get(item)), path.loc
        var = path.var
        return (lambda item, env: get(env[var])), ()

    def _scalar_path(self, text: str, scope: FieldType, variables: Mapping[str, FieldType],
                     floc: Loc, op: str) -> Path:
        path = self.path(text, scope, variables, floc)
        if path.type.kind not in _SCALAR:
            raise self.error(
                f"{op} reads one value, but {text!r} is a {path.type.describe()}"
                + ("; use each or exists to look into a list" if path.type.kind == "list"
                   else ""), floc, "wrong_type")
        return path

    def op_present(self, node: d.Present, scope: FieldType, variables: Mapping[str, FieldType],
                   floc: Loc, clause: str, severity: Severity, depth: int) -> Compiled:
        path = self.path(node.path, scope, variables, floc + ("path",))
        read, loc = self._reader(path)
        shown = _shower(path)

        def present_test(item: Any, env: Env) -> bool:
            value = read(item, env)
            return not (value is None or value == "" or value == () or value == {})

        def present(item: Any, env: Env) -> list[Finding] | None:
            if present_test(item, env):
                return None
            value = read(item, env)
            return [Finding("missing", clause, severity, loc, shown(item, value), {})]

        return Compiled(present, loc, read, present_test)

    def _param(self, name: object, floc: Loc, kinds: set[str]) -> Parameter:
        if not isinstance(name, str) or name not in self.parameters:
            import difflib

            close = difflib.get_close_matches(str(name), list(self.parameters), n=1)
            raise self.error(f"no parameter {name!r}", floc, "unknown_parameter",
                             f"did you mean {close[0]!r}?" if close else
                             f"parameters: {', '.join(self.parameters) or 'none'}")
        param = self.parameters[name]
        if param.kind not in kinds and not (param.kind == "int" and "decimal" in kinds):
            raise self.error(f"parameter {name!r} is a {param.kind}; expected "
                             f"{' or '.join(sorted(kinds))}", floc, "wrong_type")
        return param

    def _milestone(self, name: object, floc: Loc) -> Milestone:
        if not isinstance(name, str) or name not in self.timeline:
            import difflib

            close = difflib.get_close_matches(str(name), list(self.timeline), n=1)
            raise self.error(f"no milestone {name!r} in the timeline", floc, "unknown_milestone",
                             f"did you mean {close[0]!r}?" if close else
                             f"milestones: {', '.join(self.timeline) or 'none'}")
        return self.timeline[name]

    def _literal(self, raw: object, kind: str, floc: Loc) -> Any:
        """A literal operand coerced to ``kind``, or a DefinitionError saying what is expected."""
        try:
            if kind == "str" and isinstance(raw, str):
                return raw
            if kind == "bool" and isinstance(raw, bool):
                return raw
            if kind == "int" and isinstance(raw, int) and not isinstance(raw, bool):
                return raw
            if kind == "decimal" and not isinstance(raw, float):
                return parse_amount(raw)
            if kind == "date":
                if isinstance(raw, date) and not isinstance(raw, datetime):
                    return raw
                if isinstance(raw, str):
                    return date.fromisoformat(raw)
            if kind == "datetime":
                value = datetime.fromisoformat(raw) if isinstance(raw, str) else raw
                if isinstance(value, datetime):
                    if value.tzinfo is None:
                        return localize(value, self.zone, what="literal")
                    return value
            if kind == "money" and isinstance(raw, Mapping) and set(raw) == {"amount",
                                                                             "currency"}:
                return Money(raw["amount"], str(raw["currency"]))
            if kind == "any" and isinstance(raw, (str, int, bool)):
                return raw
        except (ValueError, TimeError) as exc:
            raise self.error(f"{raw!r} is not a valid {kind}: {exc}", floc, "bad_literal"
                             ) from None
        raise self.error(f"expected a {kind} here, got {raw!r}", floc, "wrong_type")

    def op_compare(self, node: d.Compare, scope: FieldType, variables: Mapping[str, FieldType],
                   floc: Loc, clause: str, severity: Severity, depth: int) -> Compiled:
        path = self._scalar_path(node.path, scope, variables, floc + ("path",), "compare")
        kind = path.type.kind
        cmp = node.cmp
        tloc = floc + ("to",)
        if cmp not in ("==", "!=") and kind not in _ORDERED:
            raise self.error(f"{cmp} needs an ordered field (number, money, date, instant); "
                             f"{node.path!r} is a {path.type.describe()}", floc + ("cmp",),
                             "wrong_type")
        if node.case_insensitive and kind not in ("str", "any"):
            raise self.error("case_insensitive applies to text only", floc, "wrong_type")
        read, loc = self._reader(path)
        shown = _shower(path)
        to = node.to
        ctx: dict[str, object] = {}
        bound: Any = None
        bound_read: Callable[[Any, Env], Any] | None = None
        fn = _OPS[cmp]
        if isinstance(to, Mapping) and "milestone" in to and set(to) <= {
                "milestone", "years", "months", "days"}:
            if kind not in ("date", "datetime") or cmp in ("==", "!="):
                raise self.error("a milestone compares with a date or an instant, using "
                                 "<, <=, > or >=", tloc, "wrong_type")
            milestone = self._milestone(to["milestone"], tloc + ("milestone",))
            shift = {k: to[k] for k in ("years", "months", "days") if k in to}
            for key, amount in shift.items():
                if not isinstance(amount, int) or isinstance(amount, bool) or abs(amount) > 1000:
                    raise self.error(f"{key} is a whole number (at most 1000 either way)",
                                     tloc + (key,), "wrong_type")
            try:  # 9999-12-01 plus 40 days, or its day's end, is past the calendar
                if shift:
                    milestone = milestone.shifted(**shift)
                fn, bound = _milestone_bound(milestone, cmp, kind)
                shown_limit: object = milestone.start
                if milestone.precision != "instant" or kind == "date":
                    shown_limit = (milestone.last_day if cmp in ("<=", ">")
                                   else milestone.first_day)
            except (OverflowError, ValueError) as exc:
                raise self.error(f"moved so, the milestone leaves the calendar (years 1 to "
                                 f"9999): {exc}", tloc, "bad_milestone") from None
            ctx = {"milestone": milestone.name, "limit": shown_limit,
                   "precision": milestone.precision, **shift}
        elif isinstance(to, Mapping) and set(to) == {"param"}:
            param = self._param(to["param"], tloc + ("param",), {kind})
            bound = param.value
            ctx = {"param": param.name, "limit": param.value}
        elif isinstance(to, Mapping) and set(to) == {"path"}:
            other = self._scalar_path(str(to["path"]), scope, variables, tloc + ("path",),
                                      "compare")
            if other.type.kind != kind and "any" not in (kind, other.type.kind):
                raise self.error(f"cannot compare a {kind} with a {other.type.describe()}",
                                 tloc + ("path",), "wrong_type")
            bound_read = self._reader(other)[0]
            other_path = other
            ctx = {"other": other.text}
        else:
            bound = self._literal(to, kind, tloc)
            ctx = {"limit": bound}
        if kind in ("date", "datetime"):
            code = _TIME_CODES.get(cmp) or _EQ_CODES[cmp]
        else:
            code = _QUANTITY_CODES.get(cmp) or _EQ_CODES[cmp]
        if cmp in ("==", "!=") and bound_read is None:
            ctx["expected"] = bound
        fold = node.case_insensitive
        if fold and bound is not None:
            bound = str(bound).casefold()
        is_money = kind == "money"
        base_ctx = ctx
        if cmp in ("==", "!=") and (kind == "any" or bound_read is not None):
            fn = _strict_eq if cmp == "==" else _strict_ne  # True is not 1, even via a path

        get, var = path.getter, path.var
        compare_test: Callable[[Any, Env], bool] | None = None
        inline = None
        if not fold and not is_money and bound_read is None and var is None:
            if cmp == "==" and kind != "any":  # None fails, as the check says "missing"
                inline = ((get, frozenset([bound]).__contains__, False),)
            elif (not path.type.optional and isinstance(get, operator.attrgetter)
                  and type(bound) is _EXACT_TYPES.get(kind) and fn in _MIRROR):
                # value <= bound is bound >= value: a method of the bound, in C; the field is
                # always there and of the bound's own type, so it never says NotImplemented
                inline = ((get, getattr(bound, _MIRROR[fn]), False),)

            def compare_test(item: Any, env: Env) -> bool:
                value = get(item)
                return value is not None and bool(fn(value, bound))
        elif not is_money and bound_read is not None and var is None:
            other_get, other_var = other_path.getter, other_path.var

            def compare_test(item: Any, env: Env) -> bool:
                value = get(item)
                if value is None:
                    return False
                limit = other_get(item if other_var is None else env[other_var])
                if limit is None:
                    return True
                if fold:
                    return bool(fn(str(value).casefold(), str(limit).casefold()))
                return bool(fn(value, limit))

        def decide(item: Any, env: Env) -> tuple[str, Any, Any, Any, Any]:
            """(outcome, value, other side as found, left and right as compared): the
            outcome is pass, missing, no_rate (the exception is in the last place) or fail."""
            value = read(item, env)
            if value is None:
                return "missing", value, None, None, None
            limit = other = bound if bound_read is None else bound_read(item, env)
            if limit is None:
                return "pass", value, other, None, None  # the other side's rule reports it
            left = value
            if fold:
                left = str(value).casefold()
                if bound_read is not None:
                    limit = str(limit).casefold()
            elif is_money:
                try:
                    left = value.convert(limit.currency, _rates(env))
                except MissingExchangeRateError as exc:
                    return "no_rate", value, other, None, exc
            return ("pass" if fn(left, limit) else "fail"), value, other, left, limit

        if compare_test is None:
            def compare_test(item: Any, env: Env) -> bool:
                return decide(item, env)[0] == "pass"

        def compare(item: Any, env: Env) -> list[Finding] | None:
            if compare_test(item, env):
                return None
            outcome, value, other, left, limit = decide(item, env)
            if outcome == "pass":
                return None
            if outcome == "missing":
                return [Finding("missing", clause, severity, loc, shown(item, value), {})]
            if outcome == "no_rate":
                error = limit  # decide() puts the MissingExchangeRateError there
                return [Finding("missing_exchange_rate", clause, severity, loc,
                                shown(item, value), {"base": error.base, "quote": error.quote})]
            extra = dict(base_ctx)
            if bound_read is not None:
                extra["expected"] = extra["limit"] = other
            _difference(extra, code, left, limit)
            return [Finding(code, clause, severity, loc, shown(item, value), extra)]

        var_eq = None
        if (cmp == "==" and not fold and not is_money and kind in ("str", "int", "date")
                and bound_read is not None and var is None and other_path.var not in (None, "root")
                and other_path.type.kind == kind):
            var_eq = (get, str(other_path.var), other_path.getter)
        return Compiled(compare, loc, read, compare_test, inline, var_eq=var_eq)

    def _set(self, raw: object, kind: str, scope: FieldType,
             variables: Mapping[str, FieldType], floc: Loc
             ) -> tuple[frozenset[Any] | None, Callable[[Any, Env], Any] | None,
                        dict[str, object]]:
        if isinstance(raw, Mapping) and set(raw) == {"param"}:
            param = self._param(raw["param"], floc + ("param",), {"set"})
            wanted = {"str": str, "int": int}.get(kind)
            if wanted is not None and not all(type(v) is wanted for v in param.value):
                raise self.error(f"parameter {param.name!r} is not a set of {kind}, so a {kind} "
                                 "is never in it", floc + ("param",), "wrong_type")
            ctx: dict[str, object] = {"param": param.name}
            if param.region:
                ctx["region"] = param.region
            if param.named_set:
                ctx["named_set"] = param.named_set
            return param.value, None, ctx
        if isinstance(raw, Mapping) and set(raw) == {"path"}:
            other = self.path(str(raw["path"]), scope, variables, floc + ("path",))
            if other.type.kind != "list" or other.type.item is None or (
                    other.type.item.kind not in (kind, "any")):
                raise self.error(f"the set at {raw['path']!r} must be a list of {kind}, not a "
                                 f"{other.type.describe()}", floc + ("path",), "wrong_type")
            return None, self._reader(other)[0], {"among": other.text}
        if isinstance(raw, list):
            if len(raw) > d.LIMITS["set_items"]:
                raise self.error(f"a set may hold at most {d.LIMITS['set_items']} items", floc,
                                 "set_too_large")
            return frozenset(self._literal(v, kind, floc + (i,)) for i, v in enumerate(raw)
                             ), None, {}
        raise self.error("a set is a list, {param = \"name\"} or {path = \"a.list\"}", floc,
                         "wrong_type")

    def op_in(self, node: d.In | d.NotIn, scope: FieldType,
              variables: Mapping[str, FieldType], floc: Loc, clause: str, severity: Severity,
              depth: int) -> Compiled:
        negate = node.op == "not_in"
        path = self._scalar_path(node.path, scope, variables, floc + ("path",), node.op)
        kind = path.type.kind
        if kind not in ("str", "int", "any"):
            raise self.error(f"{node.op} tests text or whole numbers; {node.path!r} is a "
                             f"{path.type.describe()}", floc + ("path",), "wrong_type")
        values, among, ctx = self._set(node.set_, kind, scope, variables, floc + ("set",))
        read, loc = self._reader(path)
        shown = _shower(path)
        if negate:
            code = "excluded"
            ctx["excluded"] = values
        elif among is not None:
            code = "unknown_reference"
        else:
            code = "not_allowed"
            ctx["allowed"] = values

        get, var = path.getter, path.var
        per_application = among is not None and str(ctx.get("among", "")).startswith("$root.")
        cache_key = object()  # where this node keeps, in env, a pool read once per application

        def pool_of(item: Any, env: Env) -> Any:
            if among is None:
                return values
            if per_application:
                cache = cache_of(env)
                pool = cache.get(cache_key)
                if pool is None:
                    pool = cache[cache_key] = among(item, env)
                return pool
            return among(item, env)

        in_test: Callable[[Any, Env], bool]
        inline = None
        if values is not None and kind != "any" and var is None:
            fixed = values
            inline = ((get, fixed.__contains__, negate),)

            def in_test(item: Any, env: Env) -> bool:
                value = get(item)
                return negate if value is None else (value in fixed) is not negate
        elif per_application and kind != "any" and var is None:
            def in_test(item: Any, env: Env) -> bool:
                value = get(item)
                if value is None:
                    return negate
                cache = cache_of(env)
                pool = cache.get(cache_key)
                if pool is None:
                    pool = cache[cache_key] = among(item, env)  # type: ignore[misc]
                return (value in pool) is not negate
        else:
            def in_test(item: Any, env: Env) -> bool:
                value = read(item, env)
                if value is None:
                    return negate
                pool = pool_of(item, env)
                found = (value in pool) if kind != "any" else any(
                    type(v) is type(value) and v == value for v in pool)
                return found is not negate

        def in_(item: Any, env: Env) -> list[Finding] | None:
            if in_test(item, env):
                return None
            value = read(item, env)
            if value is None:
                return [Finding("missing", clause, severity, loc, shown(item, value), {})]
            pool: Any = pool_of(item, env)
            extra = ctx if among is None else {**ctx, "known": tuple(pool)}
            if among is not None and negate:
                extra["excluded"] = tuple(pool)
            return [Finding(code, clause, severity, loc, shown(item, value), extra)]

        return Compiled(in_, loc, read, in_test, inline)

    op_not_in = op_in

    def op_contains(self, node: d.Contains, scope: FieldType,
                    variables: Mapping[str, FieldType], floc: Loc, clause: str,
                    severity: Severity, depth: int) -> Compiled:
        path = self._list_path(node.path, scope, variables, floc + ("path",), "contains")
        assert path.type.item is not None
        kind = path.type.item.kind
        if kind not in ("str", "int", "any"):
            raise self.error(f"contains looks for text or numbers; {node.path!r} is a "
                             f"{path.type.describe()}", floc + ("path",), "wrong_type")
        raw = node.value
        if isinstance(raw, Mapping) and set(raw) == {"param"}:
            wanted = self._param(raw["param"], floc + ("value", "param"), {kind}).value
        else:
            wanted = self._literal(raw, kind, floc + ("value",))
        fold = node.case_insensitive
        key = str(wanted).casefold() if fold else wanted
        read, loc = self._reader(path)
        shown = read
        if path.var is not None:  # located at the current item: show the item
            shown = lambda item, env: item  # noqa: E731
        elif path.through_list:  # report the list itself (approvals), not the projection
            prefix = f"${path.var}." if path.var else ""
            shown = self._reader(self.path(prefix + ".".join(path.list_at), scope, variables,
                                           floc + ("path",)))[0]
        ctx = {"expected": wanted}

        def contains(item: Any, env: Env) -> list[Finding] | None:
            values = read(item, env) or ()
            if fold:
                if any(str(v).casefold() == key for v in values):
                    return None
            elif key in values:
                return None
            return [Finding("not_included", clause, severity, loc, shown(item, env),
                            {**ctx, "found": tuple(values)})]

        return Compiled(contains, loc, read)

    def _int_operand(self, raw: object, floc: Loc) -> tuple[int | None, str | None]:
        if raw is None:
            return None, None
        if isinstance(raw, Mapping) and set(raw) == {"param"}:
            param = self._param(raw["param"], floc + ("param",), {"int"})
            return int(param.value), param.name
        return int(self._literal(raw, "int", floc)), None

    def op_days(self, node: d.Days, scope: FieldType, variables: Mapping[str, FieldType],
                floc: Loc, clause: str, severity: Severity, depth: int) -> Compiled:
        start = self._scalar_path(node.start, scope, variables, floc + ("start",), "days")
        end = self._scalar_path(node.end, scope, variables, floc + ("end",), "days")
        for which, p in (("start", start), ("end", end)):
            if p.type.kind != "date":
                raise self.error(f"days counts between dates; {p.text!r} is a "
                                 f"{p.type.describe()}", floc + (which,), "wrong_type")
        low, low_param = self._int_operand(node.min, floc + ("min",))
        high, high_param = self._int_operand(node.max, floc + ("max",))
        if low is None and high is None:
            raise self.error("days needs min, max or both", floc, "missing_bound")
        read_start, start_loc = self._reader(start)
        read_end, loc = self._reader(end)
        shown, shown_start = _shower(end), _shower(start)
        count = node.count
        days_test: Callable[[Any, Env], bool]
        if count == "nights" and start.var is None and end.var is None:
            get_start, get_end = start.getter, end.getter
            lowest = 0 if low is None else max(low, 0)
            highest = high

            def days_test(item: Any, env: Env) -> bool:
                first, last = get_start(item), get_end(item)
                if first is None or last is None:
                    return False
                nights = (last - first).days
                return nights >= lowest and (highest is None or nights <= highest)
        else:
            def days_test(item: Any, env: Env) -> bool:
                first, last = read_start(item, env), read_end(item, env)
                if first is None or last is None or last < first:
                    return False
                length = stay_length(first, last, count)
                return (high is None or length <= high) and (low is None or length >= low)

        def days(item: Any, env: Env) -> list[Finding] | None:
            if days_test(item, env):
                return None
            first, last = read_start(item, env), read_end(item, env)
            if last is None:
                return [Finding("missing", clause, severity, loc, shown(item, None), {})]
            if first is None:
                return [Finding("missing", clause, severity, start_loc, shown_start(item, None),
                                {})]
            if last < first:
                return [Finding("dates_reversed", clause, severity, loc, shown(item, last),
                                {"start": first, "end": last})]
            length = stay_length(first, last, count)
            if high is not None and length > high:
                return [Finding("too_long", clause, severity, loc, shown(item, last),
                                {"days": length, "limit": high, "excess": length - high,
                                 "count": count, "start": first, "param": high_param})]
            if low is not None and length < low:
                return [Finding("too_short", clause, severity, loc, shown(item, last),
                                {"days": length, "limit": low, "shortfall": low - length,
                                 "count": count, "start": first, "param": low_param})]
            return None

        return Compiled(days, loc, read_end, days_test)

    def op_within_year(self, node: d.WithinYear, scope: FieldType,
                       variables: Mapping[str, FieldType], floc: Loc, clause: str,
                       severity: Severity, depth: int) -> Compiled:
        path = self._scalar_path(node.path, scope, variables, floc + ("path",), "within_year")
        if path.type.kind not in ("date", "datetime"):
            raise self.error(f"within_year reads a date; {node.path!r} is a "
                             f"{path.type.describe()}", floc + ("path",), "wrong_type")
        year, param = self._int_operand(node.year, floc + ("year",))
        if year is None:  # year = null in a JSON file, None in a dict
            raise self.error("expected a year (an int or an int parameter), got None",
                             floc + ("year",), "wrong_type")
        read, loc = self._reader(path)
        shown = _shower(path)
        zone = self.zone
        is_datetime = path.type.kind == "datetime"
        ctx = {"year": year, "param": param}

        inline = None
        if not is_datetime and path.var is None and not path.type.optional and isinstance(
                path.getter, operator.attrgetter):  # a date always there: its year, read in C
            inline = ((operator.attrgetter(".".join((*path.fields, "year"))),
                       frozenset([year]).__contains__, False),)

        def within_year_test(item: Any, env: Env) -> bool:
            value = read(item, env)
            if value is None:
                return False
            return bool((value.astimezone(zone).year if is_datetime else value.year) == year)

        def within_year(item: Any, env: Env) -> list[Finding] | None:
            if within_year_test(item, env):
                return None
            value = read(item, env)
            if value is None:
                return [Finding("missing", clause, severity, loc, shown(item, value), {})]
            return [Finding("outside_year", clause, severity, loc, shown(item, value), ctx)]

        return Compiled(within_year, loc, read, within_year_test, inline)

    def op_total(self, node: d.Total, scope: FieldType, variables: Mapping[str, FieldType],
                 floc: Loc, clause: str, severity: Severity, depth: int) -> Compiled:
        path = self._list_path(node.path, scope, variables, floc + ("path",), "total")
        assert path.type.item is not None
        item_type = path.type.item
        if node.of is not None:
            of = self.path(node.of, item_type, {}, floc + ("of",))
            if of.type.kind != "money" or of.type.optional:
                raise self.error(f"total adds money; {node.of!r} is a {of.type.describe()}",
                                 floc + ("of",), "wrong_type")
            amount_of = of.getter
            of_loc: Loc = of.loc
        elif item_type.kind == "money":
            amount_of, of_loc = (lambda x: x), ()
        else:
            raise self.error(f"total adds money; give 'of', the money field of each "
                             f"{item_type.describe()}", floc, "wrong_type")
        raw = node.max
        if isinstance(raw, Mapping) and set(raw) == {"param"}:
            param = self._param(raw["param"], floc + ("max", "param"), {"money"})
            cap: Money = param.value
            ctx: dict[str, object] = {"param": param.name}
        else:
            cap = self._literal(raw, "money", floc + ("max",))
            ctx = {}
        read, loc = self._reader(path)
        currency = cap.currency
        limit = cap.amount
        add = _EXACT.add

        def total_test(item: Any, env: Env) -> bool:
            sum_ = _ZERO
            for element in read(item, env) or ():
                money = amount_of(element)
                if money.currency == currency:
                    sum_ = add(sum_, money.amount)
                    continue
                try:
                    sum_ = add(sum_, convert_amount(money.amount, money.currency, currency,
                                                    _rates(env)))
                except MissingExchangeRateError:
                    return False
            return bool(sum_ <= limit)

        def total(item: Any, env: Env) -> list[Finding] | None:
            if total_test(item, env):
                return None
            values = read(item, env) or ()
            amounts = []
            rates: Mapping[tuple[str, str], Any] | None = None
            for index, element in enumerate(values):
                money = amount_of(element)
                if money.currency != currency:
                    if rates is None:
                        rates = _rates(env)
                    try:
                        money = money.convert(currency, rates)
                    except MissingExchangeRateError as exc:
                        return [Finding("missing_exchange_rate", clause, severity,
                                        loc + (index,) + of_loc, amount_of(element),
                                        {"base": exc.base, "quote": exc.quote})]
                amounts.append(money)
            sum_ = Money.total(amounts, currency)
            if sum_ <= cap:
                return None
            return [Finding("total_above_maximum", clause, severity, loc, values,
                            {**ctx, "total": sum_, "limit": cap, "excess": sum_ - cap})]

        return Compiled(total, loc, read, total_test)


#: value OP bound, as a method of the bound: value <= bound is bound.__ge__(value).
_MIRROR = {operator.le: "__ge__", operator.lt: "__gt__", operator.ge: "__le__",
           operator.gt: "__lt__"}
_EXACT_TYPES: dict[str, type] = {"int": int, "date": date, "datetime": datetime}

CACHE = object()  # env[CACHE]: one dict per evaluation, shared by every copy of env
_RATES = object()  # where that cache keeps the application's exchange rates, once built


def new_env(root: Any) -> Env:
    """The environment of one evaluation: ``$root``, and a cache of what is read once per
    application (pools, exchange rates), shared by the copies that ``each … as`` makes."""
    return {"root": root, CACHE: {}}


def cache_of(env: Env) -> dict[Any, Any]:
    """The evaluation's cache (created if ``env`` was made by hand, without one)."""
    cache: dict[Any, Any] | None = env.get(CACHE)
    if cache is None:
        cache = env[CACHE] = {}
    return cache


def _rates(env: Env) -> Mapping[tuple[str, str], Decimal]:
    """The application's supplied exchange rates, built once per evaluation."""
    cache = cache_of(env)
    rates: Mapping[tuple[str, str], Decimal] | None = cache.get(_RATES)
    if rates is None:
        rates = cache[_RATES] = env["root"].rates()
    return rates


_ZERO = Decimal(0)
#: Sums of amounts: wide enough that 10,000 lines of 18 digits and 8 places add exactly.
_EXACT = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN,
                         traps=[decimal.InvalidOperation, decimal.Overflow])


def _strict_eq(left: Any, right: Any) -> bool:
    """Equality that does not take True for 1 (answers may hold either)."""
    return type(left) is type(right) and bool(left == right)


def _strict_ne(left: Any, right: Any) -> bool:
    return not _strict_eq(left, right)


def _shower(path: Path) -> Callable[[Any, Any], Any]:
    """What a finding shows as its input: the value read, or for a path that starts from a
    variable (whose finding is located at the current item), the current item itself."""
    if path.var is None:
        return lambda item, value: value
    return lambda item, value: item


def _milestone_bound(milestone: Milestone, cmp: str, kind: str
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
