"""``all``, ``any`` and ``not``: rules made of rules.

``all`` reports every failing child, because an applicant wants the whole list at once;
``any`` holds when one alternative does (each a question: a comparison in it holds only with a
value on both sides), and otherwise reports each alternative's failure;
``not`` reports ``not_satisfied`` where its rule reads.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from callrules import _definitions as d
from callrules._report import Finding, Severity, owned
from callrules.language.codegen import Emitter
from callrules.language.compare import as_compiled
from callrules.language.form import (
    ROOT,
    UNJUDGEABLE,
    Builder,
    Env,
    Loc,
    Node,
    Scope,
    shown_if_judged,
    unjudged,
)

__all__ = ["AllOf", "AnyOf", "Not"]


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
        for rule in self.rules:
            found = rule.explain(item, env)
            if found:
                out.extend(found)
        return out or None

    def holds(self, item: Any, env: Env) -> bool:
        """Whether every rule holds: one that fails decides, even beside one that cannot be
        judged (raised then, as nothing else decides)."""
        unknown = None
        for rule in self.rules:
            try:
                if not rule.holds(item, env):
                    return False
            except UNJUDGEABLE as error:
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
        for rule in self.rules:
            found = rule.explain(item, env)
            if not found:
                return None
            for finding in found:
                if finding.code == "missing" and set(finding.ctx) <= {"needed"}:
                    if finding.loc in said:
                        continue
                    said.add(finding.loc)
                    finding = replace(finding, ctx={"needed": True})
                out.append(finding)
        return out

    def holds(self, item: Any, env: Env) -> bool:
        """Whether some rule holds: one that holds decides, even beside one that cannot be
        judged (raised then, as nothing else decides)."""
        unknown = None
        for rule in self.rules:
            try:
                if rule.holds(item, env):
                    return True
            except UNJUDGEABLE as error:
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

    @classmethod
    def build(cls, raw: d.Not, checker: Builder, scope: Scope, floc: Loc) -> Node:
        return cls(checker.test(raw.rule, scope, floc + ("rule",)), checker.clause,
                   checker.severity,
                   # with the values of its parameters and milestones, as a comparison's sides
                   # are kept: its finding says them as the officers' reading does
                   as_compiled(raw.rule.model_dump(mode="json", by_alias=True,
                                                   exclude_none=True), checker),
                   scope.key)

    def children(self) -> tuple[Node, ...]:
        return (self.rule,)

    @property
    def root_loc(self) -> Loc | None:
        """The application's place, marked, when its rule reads its fields only."""
        return whole_root_loc((self.rule,))

    def explain(self, item: Any, env: Env) -> list[Finding] | None:
        # (a rule reading fields of the whole application only, inside a list: said at the
        # field's own place, once, as the same rule at the root says it: session 37)
        loc = getattr(self.rule, "root_loc", None) or self.rule.loc or ()
        try:
            if not self.rule.holds(item, env):
                return None
        except UNJUDGEABLE as error:  # the rule cannot be judged, so neither can its negation
            return [unjudged(error, self.clause, self.severity, loc,
                             shown_if_judged(self.shown, item, env))]
        ctx = {} if self.written is None else {"rule": owned(self.written), "scope": self.scope}
        return [Finding("not_satisfied", self.clause, self.severity, loc,
                        self.shown(item, env), ctx)]

    def holds(self, item: Any, env: Env) -> bool:
        return not self.rule.holds(item, env)  # what cannot be judged is raised as it is

    def shown(self, item: Any, env: Env) -> Any:
        """What a finding shows: a leaf reading a variable is located at the current item,
        which is shown then; a rule made of rules reading the whole application only, that
        application, as the same rule at the root shows."""
        root_loc = getattr(self.rule, "root_loc", None)
        if root_loc == (ROOT,):
            return env["root"]
        return self.rule.read(item, env) if self.rule.loc or root_loc else item

    def emit(self, gen: Emitter, item: ast.expr, names: Mapping[str, ast.expr]) -> ast.expr:
        return ast.UnaryOp(op=ast.Not(), operand=gen.node(self.rule, item, names))
