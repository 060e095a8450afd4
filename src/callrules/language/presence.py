"""``present``: a field has a value (not null, not an empty text, list or table)."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from callrules import _definitions as d
from callrules._report import Finding, Severity
from callrules.language.codegen import Emitter
from callrules.language.form import Env, Loc, Node, OnSubject, Operand, Scope

__all__ = ["Present"]

#: The values that are no value, beside null: the one list the decision, the explanation
#: and the generated code test (a projection's empty list is one since session 52, A1).
_EMPTY: tuple[object, ...] = ("", (), [], {})


@dataclass(frozen=True, slots=True)
class Present(OnSubject):
    op: ClassVar[str] = "present"
    subject: Operand
    clause: str
    severity: Severity

    @classmethod
    def build(cls, raw: d.Present, checker: Any, scope: Scope, floc: Loc) -> Node:
        return cls(checker.operand(raw.path, scope, floc + ("path",)), checker.clause,
                   checker.severity)

    @staticmethod
    def passes(value: Any) -> bool:
        return not (value is None or value in _EMPTY)

    def holds(self, item: Any, env: Env) -> bool:
        """The decision without its wording (what a filter asks of each item)."""
        return self.passes(self.subject.read(item, env))

    def explain(self, item: Any, env: Env) -> list[Finding] | None:
        value = self.subject.read(item, env)
        if self.passes(value):
            return None
        return [Finding("missing", self.clause, self.severity, self.subject.absent_loc,
                        self.subject.absent_shown(item, value), {})]

    def emit(self, gen: Emitter, item: ast.expr, names: Mapping[str, ast.expr]) -> ast.expr:
        store, read = gen.temp(self.subject.emit(gen, item, names))
        return ast.BoolOp(op=ast.And(), values=[
            ast.Compare(left=store, ops=[ast.IsNot()], comparators=[ast.Constant(value=None)]),
            ast.Compare(left=read, ops=[ast.NotIn()], comparators=[gen.bind(_EMPTY)])])
