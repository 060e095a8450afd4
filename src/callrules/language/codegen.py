"""The code generator's mechanism: ``ast`` nodes in, one Python function out.

This module knows nothing of operators (each builds its own expression in
:meth:`~callrules.language.form.Node.emit`); it holds what makes generation safe:

- **No text becomes code.** Nothing is parsed, unparsed or formatted into source: the tree
  is built from ``ast`` node objects, and compiled from the tree.
- **Every value from a call file is a name.** A parameter, a bound, a set, a getter: each is
  bound in the function's namespace under a generated name (``_v3``), as ``attrs`` and
  ``dataclasses`` bind defaults, and the code refers to it by that name. Identifiers are
  generated (``_v``, ``_i``, ``_t``, ``_f`` and a counter); the only names that come from
  a call file are attribute names, and only after the path they belong to was checked
  against the models (:func:`callrules._paths.parse_path`), which admits lower-case field
  names the models declare — never a dunder or a method.
- **Empty builtins.** The function runs with ``__builtins__`` empty; what it calls
  (``all``, ``any``, the helpers of some operators) is bound by name like any value.
- **Bounded shapes.** Rules are nested at most ``LIMITS["depth"]`` deep; every
  :data:`SPLIT_EVERY` levels the expression moves into a helper function of its own, so
  the generated code never approaches CPython's nesting limits.

The generated source is registered in :mod:`linecache` (its ``ast.unparse``, for tracebacks
and for reading; it is never executed) under a file name naming the call.
"""

from __future__ import annotations

import ast
import builtins
import linecache
import operator
from collections.abc import Callable, Mapping, Sequence
from itertools import count
from typing import Any

from callrules._paths import Path

__all__ = ["MAX_BLOCKS", "SPLIT_EVERY", "Emitter", "arguments"]

#: Every this many levels of nesting, a rule's expression continues in a helper function.
SPLIT_EVERY = 8
#: The most loops a rule's statements nest (CPython allows 20 statically nested blocks).
MAX_BLOCKS = 6

_COMPARE_OPS: dict[str, ast.cmpop] = {
    "==": ast.Eq(), "!=": ast.NotEq(), "<": ast.Lt(), "<=": ast.LtE(), ">": ast.Gt(),
    ">=": ast.GtE(),
}
_FUNCTIONS: dict[Callable[[Any, Any], Any], str] = {
    operator.eq: "==", operator.ne: "!=", operator.lt: "<", operator.le: "<=",
    operator.gt: ">", operator.ge: ">=",
}


def _load(name: str) -> ast.Name:
    return ast.Name(id=name, ctx=ast.Load())


class Emitter:
    """Builds one generated module: bound values, hoisted reads and helper functions."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.namespace: dict[str, Any] = {"__builtins__": {}}
        self._counter = count()
        self._bound: dict[int, ast.Name] = {}  # id(value) -> its name, so a value binds once
        self._keep: list[Any] = []  # the values behind _bound's ids stay alive
        self.helpers: list[ast.stmt] = []
        #: Statements run once at the top of the decision function (``_t3 = …``): reads of
        #: the whole application that the rules use inside loops (pools, indexes).
        self.prelude: list[ast.Assign] = []
        self.depth = 0
        self.blocks = 0  # loops open around the statements being emitted

    # -- names -----------------------------------------------------------------------------
    def fresh(self, stem: str) -> str:
        """A new identifier: ``_`` + a one-letter stem + a counter, never from a file."""
        return f"_{stem}{next(self._counter)}"

    def bind(self, value: Any) -> ast.Name:
        """A name under which ``value`` (from a call file, or a helper) is bound."""
        known = self._bound.get(id(value))
        if known is not None:
            return _load(known.id)
        name = self.fresh("v")
        self.namespace[name] = value
        self._bound[id(value)] = _load(name)
        self._keep.append(value)
        return _load(name)

    def builtin(self, name: str) -> ast.Name:
        """A builtin the code calls (``all``, ``any``, ``len``), bound by name."""
        return self.bind(getattr(builtins, name))

    # -- expressions -----------------------------------------------------------------------
    def read(self, path: Path, base: ast.expr) -> ast.expr:
        """The value of a checked ``path`` from ``base``: a chain of attribute reads where
        every step is a declared field that is always there, else the path's getter."""
        if path.plain:
            expr = base
            for name in path.fields:
                expr = ast.Attribute(value=expr, attr=name, ctx=ast.Load())
            return expr
        if not path.fields:
            return base
        if path.projection is not None:  # [item.kind for item in base.approvals …]
            listed, each = path.projection
            variable = self.fresh("i")
            value = self.read(each, _load(variable))
            condition: list[ast.expr] = []
            if each.type.optional or each.type.kind in ("any", "none"):
                store, value = self.temp(value)
                condition.append(ast.Compare(left=store, ops=[ast.IsNot()],
                                             comparators=[ast.Constant(value=None)]))
            iterable = ast.BoolOp(op=ast.Or(), values=[self.read(listed, base),
                                                        ast.Tuple(elts=[], ctx=ast.Load())])
            # a tuple, as the interpreter's getter reads it: every operator (``present``
            # testing ``()``, equality, membership) then sees one value (session 52, A1)
            return self.call(self.builtin("tuple"), ast.ListComp(elt=value, generators=[
                ast.comprehension(target=ast.Name(id=variable, ctx=ast.Store()),
                                  iter=iterable, ifs=condition, is_async=0)]))
        return self.call(self.bind(path.getter), base)

    def call(self, function: ast.expr, *args: ast.expr) -> ast.Call:
        return ast.Call(func=function, args=list(args), keywords=[])

    def compare(self, left: ast.expr, op: str | Callable[[Any, Any], Any],
                right: ast.expr) -> ast.expr:
        """``left OP right``, for an operator written ``<=`` or given as ``operator.le``;
        any other comparison function is called by name."""
        symbol = op if isinstance(op, str) else _FUNCTIONS.get(op)
        if symbol is None:
            return self.call(self.bind(op), left, right)
        return ast.Compare(left=left, ops=[_COMPARE_OPS[symbol]], comparators=[right])

    def temp(self, value: ast.expr) -> tuple[ast.NamedExpr, ast.Name]:
        """``(_t := value)`` and a later read of ``_t``: to test a value read once."""
        name = self.fresh("t")
        return (ast.NamedExpr(target=ast.Name(id=name, ctx=ast.Store()), value=value),
                _load(name))

    @staticmethod
    def root() -> ast.Name:
        """``root``, the application, as read in hoisted values (at the top of the decision
        function, whose parameter it is)."""
        return _load("root")

    def hoist(self, value: ast.expr) -> ast.Name:
        """``value``, computed once at the top of the decision function (it must read only
        ``root`` and bound names, never a loop variable)."""
        name = self.fresh("h")
        self.prelude.append(ast.Assign(targets=[ast.Name(id=name, ctx=ast.Store())],
                                       value=value))
        return _load(name)

    def loop(self, quantifier: str, test: ast.expr, variable: str, iterable: ast.expr,
             condition: ast.expr | None = None) -> ast.expr:
        """``all(test for variable in iterable if condition)`` (or ``any``)."""
        generator = ast.comprehension(
            target=ast.Name(id=variable, ctx=ast.Store()), iter=iterable,
            ifs=[condition] if condition is not None else [], is_async=0)
        return self.call(self.builtin(quantifier),
                         ast.GeneratorExp(elt=test, generators=[generator]))

    def helper(self, body: ast.expr, params: Sequence[str]) -> ast.Name:
        """A function of its own returning ``body``: where deep expressions continue."""
        name = self.fresh("f")
        self.helpers.append(self.function(name, params, [ast.Return(value=body)]))
        return _load(name)

    def node(self, node: Any, item: ast.expr, names: Mapping[str, ast.expr]) -> ast.expr:
        """The expression of a typed-form ``node`` (its ``emit``); every
        :data:`SPLIT_EVERY` levels, moved into a helper function that receives the current
        item, the bound variables and the hoisted values it reads."""
        self.depth += 1
        try:
            if self.depth % SPLIT_EVERY:
                expr: ast.expr = node.emit(self, item, names)
                return expr
            first = len(self.prelude)
            item_param = self.fresh("p")
            params = {key: self.fresh("p") for key in names}
            inner = {key: _load(param) for key, param in params.items()}
            body = node.emit(self, _load(item_param), inner)
            hoisted = [target.id for stmt in self.prelude[first:]
                       for target in stmt.targets if isinstance(target, ast.Name)
                       ] if self.prelude[first:] else []
            function = self.helper(body, [item_param, *params.values(), *hoisted])
            return self.call(function, item, *names.values(), *map(_load, hoisted))
        finally:
            self.depth -= 1

    def statements(self, node: Any, item: ast.expr, names: Mapping[str, ast.expr]
                   ) -> list[ast.stmt]:
        """Statements that ``return False`` from the rule's function when ``node`` fails and
        fall through when it holds (its ``statements``: loops for ``each`` and ``all``, as
        one writes by hand); past :data:`MAX_BLOCKS` open loops, its expression instead."""
        if self.blocks >= MAX_BLOCKS:
            return self.fail_unless(self.node(node, item, names))
        stmts: list[ast.stmt] = node.statements(self, item, names)
        return stmts

    @staticmethod
    def fail_unless(test: ast.expr) -> list[ast.stmt]:
        """``if not test: return False``."""
        return [ast.If(test=ast.UnaryOp(op=ast.Not(), operand=test),
                       body=[ast.Return(value=ast.Constant(value=False))], orelse=[])]

    def for_each(self, variable: str, iterable: ast.expr, body: Callable[[], list[ast.stmt]],
                 condition: ast.expr | None = None) -> list[ast.stmt]:
        """``for variable in iterable: [if not condition: continue]; body``."""
        self.blocks += 1
        try:
            inner = body()
        finally:
            self.blocks -= 1
        if condition is not None:
            inner = [ast.If(test=ast.UnaryOp(op=ast.Not(), operand=condition),
                            body=[ast.Continue()], orelse=[]), *inner]
        return [ast.For(target=ast.Name(id=variable, ctx=ast.Store()), iter=iterable,
                        body=inner, orelse=[])]

    # -- the module ------------------------------------------------------------------------
    def function(self, name: str, params: Sequence[str], body: list[ast.stmt]) -> ast.stmt:
        function = ast.FunctionDef(name=name, args=arguments(params), body=body,
                                   decorator_list=[], returns=None)
        if "type_params" in ast.FunctionDef._fields:  # Python 3.12 and later
            setattr(function, "type_params", [])  # noqa: B010 - absent from 3.11 stubs
        return function

    def build(self, main: ast.stmt, main_name: str) -> Callable[..., Any]:
        """Compile the module (helpers, then ``main``) and return the function named
        ``main_name`` from the namespace the values are bound in."""
        module = ast.Module(body=[*self.helpers, main], type_ignores=[])
        ast.fix_missing_locations(module)
        # The one place the library compiles code: an ast tree built node by node above, in
        # which every value from a call file is a bound name (see the module docstring).
        code = compile(module, self.filename, "exec")
        exec(code, self.namespace)
        source = ast.unparse(module) + "\n"
        linecache.cache[self.filename] = (len(source), None, source.splitlines(True),
                                          self.filename)
        function: Callable[..., Any] = self.namespace[main_name]
        return function


def arguments(params: Sequence[str]) -> ast.arguments:
    """The positional parameters ``params`` of a generated function (or ``lambda``)."""
    return ast.arguments(posonlyargs=[], args=[ast.arg(arg=p) for p in params],
                         vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[])

