"""``each`` and ``exists``: a rule over the items of a list.

``each`` holds when its rule holds for every item (those its ``where`` keeps), and locates
each failure at the list's path and the item's index; ``exists`` holds when some item
matches ``where``. ``as`` names the item for the rules inside (``$visitor``).

Work is bounded when the call is loaded: the lists that nested quantifiers walk multiply,
and a rule whose product of longest lists passes :data:`WORK_LIMIT` is refused — except an
``exists`` over a list of the whole application matched by equality (or inequality, with or
without ``case_insensitive``) with an outer item (``owner == $visitor.id``), which the
generated code indexes once per application. The
work of every rule of the call is then summed (list items visited and tests made on them,
:meth:`~callrules.language.checker.Checker.spend`): a call whose rules together pass
:data:`CALL_WORK_LIMIT` is refused as well, since a bound per rule alone lets 500 rules
each within it take minutes.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, ClassVar

from callrules import _definitions as d
from callrules._money import TooLargeError
from callrules._report import Finding, Severity, owned
from callrules._report_bound import BUDGET
from callrules.exceptions import DefinitionError, MissingExchangeRateError, NoRateError
from callrules.language.codegen import MAX_BLOCKS, Emitter, arguments
from callrules.language.compare import Compare
from callrules.language.expressions import worked_out_once
from callrules.language.form import (
    CACHE,
    ROOT,
    TRACE,
    UNBLAMED,
    UNDECIDED,
    UNJUDGEABLE,
    Env,
    Loc,
    Node,
    Operand,
    Scope,
    outer_mark,
    same_finding,
    shown_if_judged,
    unjudged,
)
from callrules.language.grouping import build_index, exists_in, keys_or_index
from callrules.language.logic import AllOf, fails_beside

__all__ = ["CALL_WORK_LIMIT", "CALL_WORK_SECONDS", "FINDING_PART_STEPS", "FINDING_STEPS",
           "WORK_LIMIT", "Each",
           "Exists", "index_key", "outer_key"]

#: A filter that indexes its list: the comparison with an outer item (``field == $var.path``)
#: and the tests of the item alone written before it and after it.
Keyed = tuple[Compare, tuple[Node, ...], tuple[Node, ...]]
#: The most list items that nested quantifiers may visit together for one application.
WORK_LIMIT = 1_000_000
#: The most steps the evaluation of one application may take, summed over every rule of a
#: call: list items visited and tests made on them, by the decision and by the explanation
#: of the rules that fail, and :data:`FINDING_STEPS` for each finding it may word.
CALL_WORK_LIMIT = 20_000_000
#: What wording one finding costs, in steps (a test of the decision): measured about 120.
FINDING_STEPS = 100
#: What a finding costs more for each part of the call's words it carries (a value, a key or
#: an item of the comparison as written that it names, 64 characters of a text such as a
#: requirement), in steps: made, weighed and worded once, it is still given in the report's
#: JSON and in words with each finding. Measured (session 33, ``benchmarks/work_bound.py
#: "failing deep expressions"``): a finding naming a 12-level expression of 50 parts
#: takes about 190 steps to make and word in two languages, the expression's words each
#: worked out once for its rule; attack 33b: 100 steps charged where 2,400 were taken.
FINDING_PART_STEPS = 2
#: What an application at :data:`CALL_WORK_LIMIT` takes at most, decision and explanation
#: (``benchmarks/work_bound.py`` measures it), in seconds: said when a call is refused.
CALL_WORK_SECONDS = 10


def _marked(loc: Loc) -> bool:
    """Whether a finding's place is from the root or from an outer item (its first part a
    mark, :data:`ROOT` or :func:`outer_mark`'s): no item's place goes before it."""
    return bool(loc) and isinstance(loc[0], str) and loc[0].startswith("$")


@dataclass(frozen=True, slots=True)
class Each(Node):
    op: ClassVar[str] = "each"
    items: Operand
    rule: Node
    where: Node | None
    name: str | None
    #: The clause and weight of a finding saying that ``where`` cannot be judged on an item.
    clause: str = ""
    severity: Severity = Severity.ERROR

    @classmethod
    def build(cls, raw: d.Each, checker: Any, scope: Scope, floc: Loc) -> Node:
        items = checker.list_operand(raw.path, scope, floc + ("path",), "each")
        if items.path.var is not None or items.path.through_list:
            raise checker.error("each walks a list of the current item; name it without a "
                                "variable and without passing through another list",
                                floc + ("path",), "each_path")
        inner = checker.enter(scope, items, raw.as_, floc)
        where = None if raw.where is None else checker.test(raw.where, inner,
                                                             floc + ("where",))
        return cls(items, checker.build(raw.rule, inner, floc + ("rule",)), where, raw.as_,
                   checker.clause, checker.severity)

    def children(self) -> tuple[Node, ...]:
        return (self.rule,) if self.where is None else (self.where, self.rule)

    def explain(self, item: Any, env: Env) -> list[Finding] | None:
        out: list[Finding] = []  # extended in place: joining lists anew is quadratic
        prefix = self.items.path.loc
        mark = None if self.name is None else outer_mark(self.name)
        # the outermost list of a rule weighs its items' findings as they come (the bound of
        # callrules._report_bound); the lists inside it are weighed with it, not again
        budget = env.get(BUDGET)
        if budget is not None:
            env = {k: v for k, v in env.items() if k != BUDGET}
        beyond: TooLargeError | None = None
        unsure: list[Callable[[Env], bool]] = []
        for index, element in enumerate(self.items.read(item, env) or ()):
            local = env if self.name is None else {**env, self.name: element}
            here = prefix + (index,)
            unknown: MissingExchangeRateError | NoRateError | TooLargeError | None = None
            try:
                try:
                    if self.where is not None and not self.where.holds(element, local):
                        continue
                except UNDECIDED as error:  # kept or not, its rule may hold all the same
                    unknown = error
                found = self.rule.explain(element, local)
            except TooLargeError as exc:  # a figure of this item beyond the bound: decided
                if beyond is None:  # by another item that fails, if one does (the others'
                    beyond, env = exc.within(here), {**env, UNBLAMED: True}  # never said)
                if unknown is None and not exc.settled:  # (kept: does its rule fail?)
                    unsure.append(partial(self._fails, element))
                continue
            if found and unknown is not None:  # it fails if kept: whether it is, unknown
                if isinstance(unknown, TooLargeError):  # (another item that fails decides)
                    if beyond is None:
                        beyond, env = unknown.within(here), {**env, UNBLAMED: True}
                    continue
                assert self.where is not None
                loc = self.where.loc or ()
                found = [unjudged(unknown, self.clause, self.severity, loc, shown_if_judged(
                    self.where.read, element, local) if loc else element)]
            if found:
                # (a field of the whole application left out is placed from the root, a
                # field of an outer item judged from that item: at it, once, here if this
                # each binds its variable)
                moved: list[Finding] = []
                for f in found:
                    if f.loc[:1] == (mark,):
                        f = f._moved(loc=here + f.loc[1:])
                        if any(same_finding(f, seen) for seen in moved):
                            continue
                    elif not _marked(f.loc):
                        f = f.with_prefix(here)
                    moved.append(f)
                if budget is not None:
                    budget.charge(moved)
                out.extend(moved)
        if beyond is not None and (raised := fails_beside(beyond, out, unsure, env)):
            raise raised
        return out or None

    def holds(self, item: Any, env: Env) -> bool:
        """Whether the rule holds for every item ``where`` keeps: an item it fails decides,
        even beside one that cannot be judged (raised then, as nothing else decides). An
        item whose filter cannot be judged counts only if its rule fails there."""
        unknown = None
        for index, element in enumerate(self.items.read(item, env) or ()):
            local = env if self.name is None else {**env, self.name: element}
            try:
                kept: MissingExchangeRateError | NoRateError | TooLargeError | bool = True
                if self.where is not None:
                    try:
                        kept = self.where.holds(element, local)
                    except UNDECIDED as error:
                        kept = error
                if kept is False or self.rule.holds(element, local):
                    continue
                if kept is True:
                    return False
                if unknown is None:  # (the errors of the items after it never said)
                    unknown, env = self._placed(kept, index), {**env, UNBLAMED: True}
            except UNDECIDED as error:  # an item that fails decides, whatever the order
                if unknown is None:
                    unknown, env = self._placed(error, index), {**env, UNBLAMED: True}
        if unknown is not None:
            raise unknown
        return True

    def _fails(self, element: Any, env: Env) -> bool:
        """Whether the rule fails on ``element``, kept (its decision)."""
        return not self.rule.holds(element, env if self.name is None else {
            **env, self.name: element})

    def _placed(self, error: MissingExchangeRateError | NoRateError | TooLargeError,
                index: int) -> MissingExchangeRateError | NoRateError | TooLargeError:
        """``error``, a figure too large located in the item at ``index``."""
        if isinstance(error, TooLargeError):
            return error.within(self.items.path.loc + (index,))
        return error

    def emit(self, gen: Emitter, item: ast.expr, names: Mapping[str, ast.expr]) -> ast.expr:
        variable = gen.fresh("i")
        element = ast.Name(id=variable, ctx=ast.Load())
        inner = dict(names) if self.name is None else {**names, self.name: element}
        condition = None if self.where is None else gen.node(self.where, element, inner)
        iterable = ast.BoolOp(op=ast.Or(), values=[self.items.emit(gen, item, names),
                                                    ast.Tuple(elts=[], ctx=ast.Load())])
        return gen.loop("all", gen.node(self.rule, element, inner), variable, iterable,
                        condition)

    def statements(self, gen: Emitter, item: ast.expr, names: Mapping[str, ast.expr]
                   ) -> list[ast.stmt]:
        variable = gen.fresh("i")
        element = ast.Name(id=variable, ctx=ast.Load())
        inner = dict(names) if self.name is None else {**names, self.name: element}
        iterable = ast.BoolOp(op=ast.Or(), values=[self.items.emit(gen, item, names),
                                                    ast.Tuple(elts=[], ctx=ast.Load())])
        condition = None if self.where is None else gen.node(self.where, element, inner)
        return gen.for_each(variable, iterable,
                            lambda: gen.statements(self.rule, element, inner), condition)


@dataclass(frozen=True, slots=True)
class Exists(Node):
    op: ClassVar[str] = "exists"
    items: Operand
    where: Node | None
    name: str | None
    clause: str
    severity: Severity
    requirement: Mapping[str, str]
    #: For ``field == $var.path`` over a list of the whole application: that comparison and
    #: the other tests of the filter, so that the list is indexed once per application (in
    #: the generated decision and in the explanation alike).
    index: Keyed | None = None
    #: Without a ``requirement``: the rule as written and the field key of the item it is
    #: checked on, so that its finding says in words what was looked for.
    written: Mapping[str, Any] | None = None
    scope: str = ""
    #: The variable the tests after the key read (``$v``), when the index is one of the
    #: visitor's own items judged for each visitor (:func:`outer_key`).
    outer: str | None = None
    #: Whether it reads nothing but the whole application (a ``$root`` list, a filter
    #: reading its own item and ``$root`` only): the same answer at every item around it,
    #: said once, at the list's place (session 37: once a visitor before).
    fixed: bool = False
    #: The variable of the outer item (``v`` of ``each visitors as v``, read inside an
    #: ``each`` of the visitor's tags) whose fields alone it reads, besides its own items'
    #: and the whole application's (a list of that item's, or of the whole application's
    #: matched against that item): said at that item, once, as the same rule written there
    #: (session 41: at every tag, naming the outer item's fields by their keys before).
    around: str | None = None
    #: The field key of each outer item its filter reads (``{"$v": "visitors"}`` inside an
    #: ``each`` of the visitor's trip dates), which its finding names those items' fields
    #: and the items themselves by (``ctx.outer``, as a ``not``'s): never the item checked
    #: (« fecha de salida » of the visitor, not « departure » of the trip date: words61).
    keys: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, raw: d.Exists, checker: Any, scope: Scope, floc: Loc) -> Node:
        start = len(checker.read)
        node = cls._build(raw, checker, scope, floc)
        others = set(checker.read[start:]) - {"root", raw.as_}
        keys = {f"${v}": scope.keys[v] for v in sorted(others)
                if v in scope.keys and v != scope.own}
        if keys and node.written is not None:
            node = replace(node, keys=keys)
        var = next(iter(others)) if len(others) == 1 else None
        if var is None or var not in scope.keys or var == scope.own or \
                node.items.path.var not in (var, "root"):
            return node
        return replace(node, around=var, scope=scope.keys[var] if node.written else "")

    @classmethod
    def _build(cls, raw: d.Exists, checker: Any, scope: Scope, floc: Loc) -> Exists:
        items = checker.list_operand(raw.path, scope, floc + ("path",), "exists")
        requirement = dict(raw.requirement or {})
        said: dict[str, Any] = {} if requirement else {
            "written": raw.model_dump(mode="json", by_alias=True, exclude_none=True),
            "scope": scope.key}
        if raw.where is not None and raw.as_ is None and items.path.var == "root":
            # a list of the whole application matched by equality is indexed: its items are
            # visited once, not once per outer item (counted so, if the filter is one)
            mark = checker.mark()
            try:
                inner = checker.enter(scope, items, None, floc, indexed=True)
                where = checker.test(raw.where, inner, floc + ("where",))
            except DefinitionError as exc:
                if exc.code != "too_much_work":
                    raise
                where = None
            index = None if where is None else checker.index_key(where)
            outer = None
            if index is None and where is not None:
                index = checker.outer_key(where, inner)
                outer = None if index is None or index[0].other is None else \
                    index[0].other.path.var
            if index is not None:
                return cls(items, where, None, checker.clause, checker.severity,
                           requirement, index, **said, outer=outer,
                           fixed=not checker.reads(where) - {"root"})
            checker.restore(mark)
        else:
            where = None
        declined = where  # a filter not indexed: said so if read item by item is too long
        try:
            inner = checker.enter(scope, items, raw.as_, floc)
            where = None if raw.where is None else checker.test(raw.where, inner,
                                                                 floc + ("where",))
        except DefinitionError as exc:
            raise checker.read_item_by_item(declined, floc, exc) from None
        fixed = items.path.var == "root" and (
            where is None or not checker.reads(where) - {"root", raw.as_})
        return cls(items, where, raw.as_, checker.clause, checker.severity, requirement,
                   **said, fixed=fixed)

    @property
    def loc(self) -> Loc:  # type: ignore[override]
        return self.items.loc

    def read(self, item: Any, env: Env) -> Any:
        return self.items.read(item, env)

    def children(self) -> tuple[Node, ...]:
        return () if self.where is None else (self.where,)

    def holds(self, item: Any, env: Env) -> bool:
        """Whether some item matches: an item that cannot be judged leaves the answer
        unknown (raised, :data:`~callrules.language.form.UNJUDGEABLE`) unless another
        item matches."""
        if self.index is not None:
            return self._holds_indexed(item, env, *self.index)
        unknown: MissingExchangeRateError | NoRateError | TooLargeError | None = None
        for index, element in enumerate(self.items.read(item, env) or ()):
            try:
                if self.where is None or self.where.holds(
                        element, env if self.name is None else {**env, self.name: element}):
                    return True
            except TooLargeError as exc:  # a figure of this item beyond the bound: unknown
                if unknown is None:  # unless another item matches (the others' never said)
                    unknown, env = self._within(exc, index), {**env, UNBLAMED: True}
            except UNJUDGEABLE as error:
                unknown = unknown or error
        if unknown is not None:
            raise unknown
        return False

    def _within(self, error: TooLargeError, index: int) -> TooLargeError:
        """``error`` located in the item at ``index`` of the list."""
        if self.items.path.var is None:
            return error.within(self.items.path.loc + (index,))
        if self.items.path.var == "root":
            return error.within(self.items.path.loc + (index,), absolute=True)
        return error.located(((),))

    def _holds_indexed(self, item: Any, env: Env, match: Compare, before: tuple[Node, ...],
                       after: tuple[Node, ...]) -> bool:
        """The explanation's reading of an indexed ``exists``: the list is indexed once per
        explanation (kept in the environment's cache, which the copies made for ``each … as``
        share), as the generated decision does, and judged as the filter read item by item
        judges it (:mod:`callrules.language.grouping`)."""
        cache = env.get(CACHE)
        index = None if cache is None else cache.get(id(self))
        outer = self.outer
        if index is None:
            index = build_index(
                self.items.read(item, env) or (),
                lambda element: match.key(match.subject.read(element, env)),
                [r.holds for r in before], [] if outer else [r.holds for r in after],
                self._within, env, pending=outer is not None)
            if cache is not None:
                cache[id(self)] = index
        assert match.other is not None
        target = match.key(match.other.read(item, env))
        if outer is None:
            return index.exists(target, match.cmp, env.get(TRACE))
        built = index

        def walk(item: Any, env: Env) -> bool:
            """Whether an item of the outer item's own group passes the tests after the key,
            which read the outer item (:meth:`~callrules.language.grouping.Index.walk`)."""
            kept, decided = built.walk(target, [r.holds for r in after], env, self._within,
                                       True)
            if kept:
                return True
            if decided is not None:
                raise decided[1]
            return False

        if cache is None:
            return walk(item, env)
        # once for each outer item (another binding of it reads the same group alike)
        return bool(worked_out_once(cache, (id(self), target, id(env.get(outer))), walk,
                                    item, env))

    @property
    def root_loc(self) -> Loc | None:
        """For a list of the whole application read with no other item (:attr:`fixed`),
        the list's place from the root, marked :data:`ROOT`: said there, once, even under
        ``not`` (session 38); else None."""
        if self.fixed and self.items.path.var == "root":
            return (ROOT, *self.items.path.loc)
        return None

    @property
    def outer_loc(self) -> Loc | None:
        """For one reading an outer item's fields only (:attr:`around`), the place from
        that item (:func:`~callrules.language.form.outer_mark`): its list, or the item
        itself for a list of the whole application; else None."""
        if self.around is None:
            return None
        own = self.items.path.loc if self.items.path.var == self.around else ()
        return (outer_mark(self.around), *own)

    def explain(self, item: Any, env: Env) -> list[Finding] | None:
        loc = (ROOT, *self.items.path.loc) if self.fixed else self.outer_loc or self.loc
        shown = (self.items.read(item, env) or ()) if self.items.path.var is None or \
            self.fixed or self.items.path.var == self.around else \
            env[self.around] if self.around is not None else item
        try:
            if self.holds(item, env):
                return None
        except UNJUDGEABLE as error:  # no item matches, and one cannot be judged
            return [unjudged(error, self.clause, self.severity, loc, shown)]
        except TooLargeError as error:  # its decision's: settled (fails_beside)
            error.settled = True
            raise
        ctx: dict[str, object] = {"requirement": dict(self.requirement)}
        if self.written is not None:
            ctx.update(rule=owned(self.written), scope=self.scope)  # (the report's own)
            if self.keys:
                ctx["outer"] = dict(self.keys)
        return [Finding("none_matching", self.clause, self.severity, loc, shown, ctx)]

    def emit(self, gen: Emitter, item: ast.expr, names: Mapping[str, ast.expr]) -> ast.expr:
        if self.index is not None and self.outer is not None:
            # judged for each outer item on its own group, as the explanation does: the
            # environment of an explanation, its cache made once per application
            cache = gen.hoist(ast.Dict(keys=[], values=[]))
            keys: list[ast.expr | None] = [gen.bind(name) for name in (*names, CACHE)]
            env = ast.Dict(keys=keys, values=[*names.values(), cache])
            return gen.call(gen.bind(self.holds), item, env)
        if self.index is not None:
            return self._emit_indexed(gen, names, *self.index)
        variable = gen.fresh("i")
        element = ast.Name(id=variable, ctx=ast.Load())
        inner = dict(names) if self.name is None else {**names, self.name: element}
        test: ast.expr = ast.Constant(value=True) if self.where is None else gen.node(
            self.where, element, inner)
        iterable = ast.BoolOp(op=ast.Or(), values=[self.items.emit(gen, item, names),
                                                    ast.Tuple(elts=[], ctx=ast.Load())])
        return gen.loop("any", test, variable, iterable)

    def statements(self, gen: Emitter, item: ast.expr, names: Mapping[str, ast.expr]
                   ) -> list[ast.stmt]:
        if self.index is not None or gen.blocks >= MAX_BLOCKS:
            return gen.fail_unless(gen.node(self, item, names))
        # for element in items: if where: break / else: return False
        variable = gen.fresh("i")
        element = ast.Name(id=variable, ctx=ast.Load())
        inner = dict(names) if self.name is None else {**names, self.name: element}
        iterable = ast.BoolOp(op=ast.Or(), values=[self.items.emit(gen, item, names),
                                                    ast.Tuple(elts=[], ctx=ast.Load())])
        found: list[ast.stmt] = [ast.Break()]
        if self.where is not None:
            gen.blocks += 1
            try:
                test = gen.node(self.where, element, inner)
            finally:
                gen.blocks -= 1
            found = [ast.If(test=test, body=found, orelse=[])]
        return [ast.For(target=ast.Name(id=variable, ctx=ast.Store()), iter=iterable,
                        body=found, orelse=[ast.Return(value=ast.Constant(value=False))])]

    def _emit_indexed(self, gen: Emitter, names: Mapping[str, ast.expr], match: Compare,
                      before: tuple[Node, ...], after: tuple[Node, ...]) -> ast.expr:
        """Some item of a whole-application list passes the filter with ``field == $var…``:
        the list is read once per application (hoisted), then each outer item only looks its
        own value up. The keys of the items that pass every test are gathered in one pass
        (the tests joined by ``and``, as written); if a test of some item cannot be judged,
        or raises a figure too large, the list is indexed instead as the filter read item by
        item judges it (:func:`~callrules.language.grouping.keys_or_index`)."""
        local = {"root": gen.root()}

        def key_of(element: ast.expr) -> ast.expr:
            key = match.subject.emit(gen, element, local)
            if match.kind == "str":  # texts match by their keys (callrules._keys)
                key = gen.call(gen.bind(match.key), key)
            return key

        def lambda_of(body: Any, *params: str) -> ast.expr:
            """``lambda params: body(first param)``."""
            return ast.Lambda(args=arguments(list(params)),
                              body=body(ast.Name(id=params[0], ctx=ast.Load())))

        def tests(nodes: tuple[Node, ...]) -> ast.expr:
            return ast.Tuple(elts=[lambda_of(lambda e, n=n: gen.node(n, e, local),
                                             gen.fresh("i"), gen.fresh("e")) for n in nodes],
                             ctx=ast.Load())

        items = ast.BoolOp(op=ast.Or(), values=[self.items.emit(gen, gen.root(), local),
                                                 ast.Tuple(elts=[], ctx=ast.Load())])
        variable = gen.fresh("i")
        element = ast.Name(id=variable, ctx=ast.Load())
        joined = [gen.node(r, element, local) for r in (*before, *after)]
        keys = ast.BinOp(left=ast.SetComp(elt=key_of(element), generators=[ast.comprehension(
            target=ast.Name(id=variable, ctx=ast.Store()), iter=items,
            ifs=[joined[0] if len(joined) == 1 else ast.BoolOp(op=ast.And(), values=joined)]
            if joined else [], is_async=0)]), op=ast.Sub(),
            right=ast.Set(elts=[ast.Constant(value=None)]))
        index = gen.call(gen.bind(build_index), items, lambda_of(key_of, gen.fresh("i")),
                         tests(before), tests(after), gen.bind(self._within))
        found = gen.hoist(gen.call(gen.bind(keys_or_index),
                                   ast.Lambda(args=arguments([]), body=keys),
                                   ast.Lambda(args=arguments([]), body=index)))
        assert match.other is not None
        other = match.other.emit(gen, names["root"], names)
        if match.kind == "str":
            other = gen.call(gen.bind(match.key), other)
        return gen.call(gen.bind(exists_in), found, other, ast.Constant(value=match.cmp))


def _keyed(parts: tuple[Node, ...]) -> tuple[Node, ...]:
    """A filter's tests with its key found in either order: as written when one is
    ``field == $var.path``; else the one written ``$var.path == field`` turned round
    (:meth:`~callrules.language.compare.Compare.turned`, the same test), so that both orders
    are served by the index and counted alike; a filter with several such tests is left as
    written (none is the key)."""
    if any(isinstance(p, Compare) and p.indexable for p in parts):
        return parts
    turned = [p.turned() if isinstance(p, Compare) else p for p in parts]
    keys = [i for i, (p, t) in enumerate(zip(parts, turned, strict=True))
            if t is not p and isinstance(t, Compare) and t.indexable]
    if len(keys) != 1:
        return parts
    return (*parts[:keys[0]], turned[keys[0]], *parts[keys[0] + 1:])


def outer_key(where: Node, reads: Callable[[Node], frozenset[str]]) -> Keyed | None:
    """For a filter ``field == $var.path`` (case kept) among tests of the item alone written
    before it and tests after it that read that outer item (``$var``) and nothing else of
    the items around (a line above the visitor's own nightly cap), that comparison and the
    tests before and after it; else ``None``. The list is indexed by the key once, with the
    tests before it, and each outer item judges the tests after it on its own group only
    (:meth:`~callrules.language.grouping.Index.walk`), as the filter read item by item judges
    them; whether the groups are the outer items' own (their keys unique, so that every
    item is judged once) the caller says (:meth:`~callrules.language.checker.Checker
    .outer_key`)."""
    parts = _keyed(where.rules if isinstance(where, AllOf) else (where,))
    matches = [p for p in parts if isinstance(p, Compare) and p.indexable]
    if len(matches) != 1:
        return None
    match = matches[0]
    if match.cmp != "==" or match.case_insensitive or match.other is None:
        return None
    at = next(i for i, p in enumerate(parts) if p is match)
    before, after = parts[:at], parts[at + 1:]
    if any(reads(p) - {"root"} for p in before):
        return None
    allowed = {"root", match.other.path.var}
    if not any(reads(p) - {"root"} for p in after) or any(reads(p) - allowed for p in after):
        return None
    return match, before, after


def index_key(where: Node, reads: Callable[[Node], frozenset[str]]) -> Keyed | None:
    """For a filter ``field == $var.path`` or ``field != $var.path`` (alone or among tests of
    the item alone), that comparison and the other tests written before and after it (an
    ``all`` judges its parts in order: :mod:`callrules.language.grouping`); else ``None``.

    A test of the item alone reads no variable but ``$root`` (the application, the same for
    every outer item) anywhere inside it: ``reads`` says which variables a node reads in any
    of its parts, whatever its shape (an expression on the left of a comparison, ``times``,
    ``shift``, ``days_between``, a comparison under ``not`` or ``any``, the filter of a list
    inside). The key may be written either way round (:func:`_keyed`). The index judges
    such tests once per item for every outer item; a test reading an outer item would be
    judged with the first outer item's values for all of them, so a filter holding one is
    read item by item instead (its work counted so when the call is loaded)."""
    parts = _keyed(where.rules if isinstance(where, AllOf) else (where,))
    matches = [p for p in parts if isinstance(p, Compare) and p.indexable]
    if len(matches) != 1:
        return None
    at = next(i for i, p in enumerate(parts) if p is matches[0])
    if any(reads(p) - {"root"} for p in parts if p is not matches[0]):
        return None
    return matches[0], parts[:at], parts[at + 1:]
