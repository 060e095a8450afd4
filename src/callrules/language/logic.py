"""``all``, ``any`` and ``not``: rules made of rules.

``all`` reports every failing child, because an applicant wants the whole list at once;
``any`` holds when one alternative does (each a question: a comparison in it holds only with a
value on both sides), and otherwise reports each alternative's failure;
``not`` reports ``not_satisfied`` where its rule reads.
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
from callrules.language.codegen import Emitter
from callrules.language.compare import as_compiled
from callrules.language.form import (
    ROOT,
    TRACE,
    UNBLAMED,
    UNDECIDED,
    UNJUDGEABLE,
    UNJUDGED,
    Builder,
    Env,
    Loc,
    Node,
    Operand,
    Scope,
    outer_mark,
    reads_only,
    shown_if_judged,
    unjudged,
)

__all__ = ["AllOf", "AnyOf", "Not", "fails_beside"]


def fails_beside(beyond: TooLargeError, found: list[Finding] | None,
                 unsure: list[Callable[[Env], bool]], env: Env) -> TooLargeError | None:
    """Whether an ``all`` or an ``each`` whose explanation met ``beyond`` (a figure too large
    or a date out of the calendar) in some parts or items fails all the same, as another
    part or item fails: None if so, else ``beyond`` marked settled (to be raised, as
    nothing else decides). ``found`` is what the explanation said of the other parts: one
    that fails decides, with nothing judged again; else only the parts whose explanation
    raised an error not settled (``unsure``: whether each fails, judged by its decision,
    without telling the explanation's trace or budget) are judged, once each (session 40:
    every item was judged again, a list of figures too large 5 to 65 times slower)."""
    if found is not None and any(finding.code not in UNJUDGED for finding in found):
        return None  # a part or item that fails is said already: nothing decided again
    quiet = {key: value for key, value in env.items() if key not in (TRACE, BUDGET)}
    quiet[UNBLAMED] = True
    for fails in unsure:
        try:
            if fails(quiet):
                return None
        except UNDECIDED:
            pass
    beyond.settled = True
    return beyond


def fails(node: Node, item: Any, env: Env) -> bool:
    """Whether ``node`` fails on ``item`` (its decision; what cannot be judged raised)."""
    return not node.holds(item, env)


def whole_root_loc(rules: tuple[Node, ...]) -> Loc | None:
    """The place of a rule made of ``rules`` (``all``, ``any``, ``not``) when every one of
    them reads fields of the whole application only (each has a place from the root,
    ``root_loc``): the application's own, marked :data:`ROOT`, as the same rule written at
    the root is said there; else None. Inside ``each visitors``, ``not`` of such a rule is
    then said once, not once a visitor (session 38: 138 of 276 cases of a sweep said it
    at each visitor)."""
    if rules and all(getattr(rule, "root_loc", None) is not None for rule in rules):
        return (ROOT,)
    return None


@dataclass(frozen=True, slots=True)
class AllOf(Node):
    op: ClassVar[str] = "all"
    rules: tuple[Node, ...]

    @classmethod
    def build(cls, raw: d.AllOf, checker: Builder, scope: Scope, floc: Loc) -> Node:
        rules = tuple(checker.build(child, scope, floc + ("rules", i))
                      for i, child in enumerate(raw.rules))
        return rules[0] if len(rules) == 1 else cls(rules)

    def children(self) -> tuple[Node, ...]:
        return self.rules

    @property
    def root_loc(self) -> Loc | None:
        """The application's place, marked, when every rule reads its fields only."""
        return whole_root_loc(self.rules)

    def explain(self, item: Any, env: Env) -> list[Finding] | None:
        out: list[Finding] = []  # extended in place: joining lists anew is quadratic
        beyond = None
        unsure: list[Callable[[Env], bool]] = []
        for rule in self.rules:
            try:
                found = rule.explain(item, env)
            except TooLargeError as error:  # decided by another part that fails, if one does
                beyond = beyond or error
                if not error.settled:
                    unsure.append(partial(fails, rule, item))
                continue
            if found:
                out.extend(found)
        if beyond is not None and (raised := fails_beside(beyond, out, unsure, env)):
            raise raised
        return out or None

    def holds(self, item: Any, env: Env) -> bool:
        """Whether every rule holds: one that fails decides, even beside one that cannot be
        judged or is too large (raised then, as nothing else decides: :data:`UNDECIDED`)."""
        unknown = None
        for rule in self.rules:
            try:
                if not rule.holds(item, env):
                    return False
            except UNDECIDED as error:
                unknown = unknown or error
        if unknown is not None:
            raise unknown
        return True

    def emit(self, gen: Emitter, item: ast.expr, names: Mapping[str, ast.expr]) -> ast.expr:
        return ast.BoolOp(op=ast.And(), values=[gen.node(r, item, names) for r in self.rules])

    def statements(self, gen: Emitter, item: ast.expr, names: Mapping[str, ast.expr]
                   ) -> list[ast.stmt]:
        return [stmt for rule in self.rules for stmt in gen.statements(rule, item, names)]


@dataclass(frozen=True, slots=True)
class AnyOf(Node):
    op: ClassVar[str] = "any"
    rules: tuple[Node, ...]

    @classmethod
    def build(cls, raw: d.AnyOf, checker: Builder, scope: Scope, floc: Loc) -> Node:
        # each alternative a question: one that reads a value the application left out does
        # not hold, whichever side of a comparison it is on (a requirement alone leaves a
        # missing right side to that field's own rule; an alternative has none)
        return cls(tuple(checker.alternative(child, scope, floc + ("rules", i))
                         for i, child in enumerate(raw.rules)))

    def children(self) -> tuple[Node, ...]:
        return self.rules

    @property
    def root_loc(self) -> Loc | None:
        """The application's place, marked, when every alternative reads its fields only."""
        return whole_root_loc(self.rules)

    def explain(self, item: Any, env: Env) -> list[Finding] | None:
        """None when an alternative holds; otherwise the findings of every alternative, a
        value left out said once where it is (two alternatives reading it had said it twice,
        « Visiteur 1 — fin » listed twice: attack 36b), and said as needed to judge the
        condition (``ctx.needed``), not as required: no alternative alone requires it."""
        out: list[Finding] = []
        said: set[tuple[str | int, ...]] = set()
        beyond = None
        for rule in self.rules:
            try:
                found = rule.explain(item, env)
            except TooLargeError as error:  # decided by another part that holds, if one does
                beyond = beyond or error
                continue
            if not found:
                return None
            for finding in found:
                if finding.code == "missing" and set(finding.ctx) <= {"needed"}:
                    if finding.loc in said:
                        continue
                    said.add(finding.loc)
                    finding = replace(finding, ctx={"needed": True})
                out.append(finding)
        if beyond is not None:
            raise beyond
        return out

    def holds(self, item: Any, env: Env) -> bool:
        """Whether some rule holds: one that holds decides, even beside one that cannot be
        judged or is too large (raised then, as nothing else decides: :data:`UNDECIDED`)."""
        unknown = None
        for rule in self.rules:
            try:
                if rule.holds(item, env):
                    return True
            except UNDECIDED as error:
                unknown = unknown or error
        if unknown is not None:
            raise unknown
        return False

    def emit(self, gen: Emitter, item: ast.expr, names: Mapping[str, ast.expr]) -> ast.expr:
        if len(self.rules) == 1:
            return gen.node(self.rules[0], item, names)
        return ast.BoolOp(op=ast.Or(), values=[gen.node(r, item, names) for r in self.rules])


@dataclass(frozen=True, slots=True)
class Not(Node):
    op: ClassVar[str] = "not"
    rule: Node
    clause: str
    severity: Severity
    #: The rule it negates as written, and the field key of the item it is checked on: what
    #: its finding names in words (the condition that must not hold, and does).
    written: Mapping[str, Any] | None = None
    scope: str = ""
    #: The variable of the outer item (``v`` of ``each visitors as v``, read inside an
    #: ``each`` of the visitor's tags) whose fields alone its rule reads (with the whole
    #: application's): said at that item, as the same rule written there (:meth:`place`).
    outer: str | None = None
    #: The field key of each outer item its rule reads a field of (``{"$v": "visitors"}``),
    #: which its finding names those fields by (``ctx.outer``, as a comparison's).
    keys: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, raw: d.Not, checker: Any, scope: Scope, floc: Loc) -> Node:
        start = len(checker.read)
        rule = checker.test(raw.rule, scope, floc + ("rule",))
        others = set(checker.read[start:]) - {"root"}
        var = next(iter(others)) if len(others) == 1 else None
        outer = var if var is not None and var in scope.keys and var != scope.own and \
            reads_only(rule, var) else None
        keys = {f"${v}": scope.keys[v] for v in sorted(others)
                if v in scope.keys and v != scope.own}
        return cls(rule, checker.clause, checker.severity,
                   # with the values of its parameters and milestones, as a comparison's sides
                   # are kept: its finding says them as the officers' reading does
                   as_compiled(raw.rule.model_dump(mode="json", by_alias=True,
                                                   exclude_none=True), checker),
                   scope.key if outer is None else scope.keys[outer], outer, keys)

    def children(self) -> tuple[Node, ...]:
        return (self.rule,)

    @property
    def root_loc(self) -> Loc | None:
        """The application's place, marked, when its rule reads its fields only."""
        return whole_root_loc((self.rule,))

    def explain(self, item: Any, env: Env) -> list[Finding] | None:
        # (a rule reading fields of the whole application only, inside a list: said at the
        # field's own place, once, as the same rule at the root says it: session 37)
        loc = self.place()
        try:
            if not self.rule.holds(item, env):
                return None
        except UNJUDGEABLE as error:  # the rule cannot be judged, so neither can its negation
            return [unjudged(error, self.clause, self.severity, loc,
                             shown_if_judged(self.shown, item, env))]
        ctx: dict[str, object] = {} if self.written is None else {
            "rule": owned(self.written), "scope": self.scope}
        if self.keys and ctx:
            ctx["outer"] = dict(self.keys)
        return [Finding("not_satisfied", self.clause, self.severity, loc,
                        self.shown(item, env), ctx)]

    def holds(self, item: Any, env: Env) -> bool:
        return not self.rule.holds(item, env)  # what cannot be judged is raised as it is

    def place(self) -> Loc:
        """Where its finding is: for a rule reading the whole application only, the field's
        own place from the root (marked); for one reading an outer item's fields only
        (:attr:`outer`), that item's field it is about, or that item, placed from it
        (:func:`~callrules.language.form.outer_mark`): once, not once a tag, by its label
        (session 40: « category : technician » at each tag before); else the rule's."""
        root_loc = getattr(self.rule, "root_loc", None)
        if root_loc:
            return root_loc  # type: ignore[no-any-return]
        if self.outer is not None:
            return (outer_mark(self.outer), *self._outer_field())
        return self.rule.loc or ()

    def _outer_field(self) -> Loc:
        """The outer item's field the rule is about (its subject, or its left side's first
        field), from that item; () for a rule of several."""
        outer_loc = getattr(self.rule, "outer_loc", None)
        if outer_loc:
            return outer_loc[1:]  # type: ignore[no-any-return]
        subject = getattr(self.rule, "subject", None)
        if isinstance(subject, Operand) and subject.path.var == self.outer:
            return subject.path.loc
        return ()

    def shown(self, item: Any, env: Env) -> Any:
        """What a finding shows: a leaf reading a variable is located at the current item,
        which is shown then; a rule made of rules reading the whole application only, that
        application, as the same rule at the root shows; one reading an outer item's
        fields only, that field's value, or that item."""
        root_loc = getattr(self.rule, "root_loc", None)
        if root_loc == (ROOT,):
            return env["root"]
        if self.outer is not None and not root_loc:
            return self.rule.read(item, env) if self._outer_field() else env[self.outer]
        return self.rule.read(item, env) if self.rule.loc or root_loc else item

    def emit(self, gen: Emitter, item: ast.expr, names: Mapping[str, ast.expr]) -> ast.expr:
        return ast.UnaryOp(op=ast.Not(), operand=gen.node(self.rule, item, names))
