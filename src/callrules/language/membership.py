"""``in``, ``not_in`` and ``contains``: a value among others.

``in`` and ``not_in`` test one field against a set: a list written in the call file, a set
parameter (a UN M49 region, a platform's named set), or the values of another list of the
application (``$root.visitors.id``: ``unknown_reference`` when missing). ``contains`` tests
that a list holds a value. A missing field fails ``in`` (as ``missing``) and passes
``not_in``. Texts are compared by their keys (:mod:`callrules._keys`, as ``unique`` compares
them): the same text written in another Unicode form is the same value.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from callrules import _definitions as d
from callrules._keys import evaluation_memo, key_of, keys_of
from callrules._report import Finding, Severity
from callrules.exceptions import DefinitionError
from callrules.language.codegen import Emitter
from callrules.language.form import (
    CACHE,
    ROOT,
    Env,
    Loc,
    Node,
    OnSubject,
    Operand,
    Scope,
    outer_mark,
)

__all__ = ["Contains", "In"]



class _Keys(frozenset[Any]):
    """The keys of a list of the whole application, made once per explanation
    (:meth:`In.lookup`): looked up as they are, never keyed again for each item (which
    made an explanation over 10,000 budget lines read 1,000 visitors' ids 10,000 times)."""

def _never_empty(checker: Any, values: frozenset[Any] | None, ctx: Mapping[str, object],
                 floc: Loc) -> None:
    """Refuse an ``in`` rule whose fixed set is empty in any version of the call (each value
    of the parameter's history; a platform's named set as registered): no value is in it, so
    no application giving the field could ever meet it (``empty_set``, in the reader's
    language, naming the parameter or the named set)."""
    param = ctx.get("param")
    name = str(param) if isinstance(param, str) else None
    versions = checker.history.get(name, (values,)) if name is not None else (values,)
    if all(versions):
        return
    named = ctx.get("named_set")
    if isinstance(named, str):
        said, words = f"the named set {named!r} holds no value", (
            "rule_empty_named_set", {"name": named.replace("_", " ")})
    elif name is not None:
        said, words = f"parameter {name!r} holds no value", (
            "rule_empty_set_param", {"parameter": checker.named(name)})
    else:
        said, words = "the set is empty", ("rule_empty_set", {})
    raise DefinitionError(
        f"in would never hold: {said}, so no value is among it", code="empty_set",
        source=checker.source, loc=floc + (("param",) if name is not None else ()),
        hint="give at least one accepted value", words=words)


@dataclass(frozen=True, slots=True)
class In(OnSubject):
    op: ClassVar[str] = "in"
    subject: Operand
    negate: bool
    kind: str
    code: str
    clause: str
    severity: Severity
    #: The keys of the fixed set (from the call file or a parameter)…
    values: frozenset[Any] | None = None
    #: … or the list of the application whose values make the set.
    among: Operand | None = None
    ctx: Mapping[str, object] = field(default_factory=dict)

    @classmethod
    def build(cls, raw: d.In | d.NotIn, checker: Any, scope: Scope, floc: Loc) -> Node:
        negate = raw.op == "not_in"
        subject = checker.scalar_operand(raw.path, scope, floc + ("path",), raw.op)
        kind = subject.path.type.kind
        if kind not in ("str", "int", "any"):
            raise checker.error(f"{raw.op} tests text or whole numbers; {raw.path!r} is "
                                f"{subject.path.type.described()}", floc + ("path",),
                                "wrong_type")
        checker.no_blank(subject.path, raw.set_, floc + ("set",))
        values, among, ctx = checker.set_operand(raw.set_, kind, scope, floc + ("set",))
        if not negate and among is None and not checker.testing:
            _never_empty(checker, values, ctx, floc + ("set",))
        if negate:
            code = "excluded"
            ctx["excluded"] = values
        elif among is not None:
            code = "unknown_reference"
        else:
            code = "not_allowed"
            ctx["allowed"] = values
        keyed = None if values is None else frozenset(
            keys_of(values) if kind != "any" else values)
        return cls(subject, negate, kind, code, checker.clause, checker.severity, keyed,
                   among, ctx)

    def pool(self, item: Any, env: Env) -> Any:
        if self.among is None:
            return self.values
        if self.among.path.var != "root":
            return self.among.read(item, env) or ()
        # a list of the whole application: read once per explanation, as the decision does
        cache = env.get(CACHE)
        found = None if cache is None else cache.get(id(self))
        if found is None:
            found = tuple(self.among.read(item, env) or ())
            if cache is not None:
                cache[id(self)] = found
        return found

    def lookup(self, pool: Any, env: Env) -> Any:
        """What ``pool`` is searched in: a set of it, kept with it, for a list of the whole
        application read once (not for answers, where true is not 1)."""
        if self.among is None or self.among.path.var != "root" or self.kind == "any":
            return pool
        cache = env.get(CACHE)
        if cache is None:
            return pool
        found = cache.get((id(self), "set"))
        if found is None:
            found = cache[(id(self), "set")] = _Keys(keys_of(pool))
        return found

    def passes(self, value: Any, pool: Any) -> bool:
        if value is None:
            return self.negate
        key = key_of(value, False)
        if self.kind == "any":  # True is not 1 among answers
            found = any(type(v) is type(value) and key_of(v, False) == key for v in pool)
        elif isinstance(pool, _Keys) or (isinstance(pool, frozenset) and (
                pool is self.values or self.among is None)):
            found = key in pool  # keys already (a list of the whole application: made once)
        else:
            found = key in keys_of(pool)
        return found is not self.negate

    def holds(self, item: Any, env: Env) -> bool:
        """Whether the value is (or is not) in the set, without wording a finding: what a
        filter of an expression (``sum … where``) asks of each item."""
        return self.passes(self.subject.read(item, env),
                           self.lookup(self.pool(item, env), env))

    def explain(self, item: Any, env: Env) -> list[Finding] | None:
        value = self.subject.read(item, env)
        pool = self.pool(item, env)
        if self.passes(value, self.lookup(pool, env)):
            return None
        if value is None:
            return [Finding("missing", self.clause, self.severity, self.subject.absent_loc,
                            self.subject.absent_shown(item, value), {})]
        if (self.among is not None and self.subject.path.var == "root"
                and self.among.path.var != "root"):
            return [self._turned_finding(value, tuple(pool))]
        # (a field of the whole application against a set of it or a fixed one: at its own
        # place, as the same rule at the root says it)
        at, shown = self.subject.judged_at(item, value, self.among)
        extra = dict(self.ctx)
        if self.among is not None:
            extra["known"] = tuple(pool)
            if self.negate:
                extra["excluded"] = tuple(pool)
        return [Finding(self.code, self.clause, self.severity, at, shown, extra)]

    def _turned_finding(self, value: Any, pool: tuple[Any, ...]) -> Finding:
        """The finding of a field of the whole application looked for in a list of the
        current item (``$root.host.role in fields.tags`` inside ``each visitors``), said the
        other way round, at that list, which takes part in what is judged, the field of the
        whole application named by its label: "Tags: x and y; the host's position,
        engineer, must be among them" (session 39: « Visitors: the value given matches none
        of these » at each visitor before). The verdict and the code are the same: only the
        place and the words are turned, as :meth:`Compare._turned_finding` turns them."""
        assert self.among is not None
        extra = {**self.ctx, "known": pool, "other": self.subject.path.text,
                 "expected": value}
        if self.negate:
            extra["excluded"] = pool
        var = self.among.path.var  # (an outer item's list: at that item, as compare does)
        at = self.among.loc if var is None else (outer_mark(var), *self.among.path.loc)
        return Finding(self.code, self.clause, self.severity, at, pool, extra)

    def emit(self, gen: Emitter, item: ast.expr, names: Mapping[str, ast.expr]) -> ast.expr:
        value = self.subject.emit(gen, item, names)
        if self.among is None:
            pool: ast.expr = gen.bind(self.values)
        elif self.among.path.var == "root":  # the same for the whole application: once
            pool = gen.hoist(gen.call(gen.bind(keys_of), _or_empty(
                self.among.emit(gen, gen.root(), {"root": gen.root()}))))
        else:
            pool = _or_empty(self.among.emit(gen, item, names))
        if self.kind == "any":
            return gen.call(gen.bind(self.passes), value, pool)
        if self.kind == "str":  # texts by their keys (callrules._keys)
            if self.among is not None and self.among.path.var != "root":
                pool = gen.call(gen.bind(keys_of), pool)
            value = gen.call(gen.bind(key_of), value, ast.Constant(value=False))
        # None is never in a pool (sets hold text or numbers; lists leave absent values out):
        # a missing value fails "in" and passes "not_in", as the explanation says
        return ast.Compare(left=value, ops=[ast.NotIn() if self.negate else ast.In()],
                           comparators=[pool])


def _or_empty(value: ast.expr) -> ast.expr:
    return ast.BoolOp(op=ast.Or(), values=[value, ast.Tuple(elts=[], ctx=ast.Load())])


#: What separates the parts of a list written out in one text: a comma, a semicolon, a slash.
_PARTS = re.compile(r"[,;/]")


def _with_parts(values: Any, wanted: str) -> Iterable[Any]:
    """``values`` and, after each text written as a list (with a separator the text looked
    for does not have), its parts trimmed."""
    for value in values or ():
        yield value
        if isinstance(value, str) and _PARTS.search(value) and not _PARTS.search(wanted):
            yield from (part.strip() for part in _PARTS.split(value))


def _keys_with_parts(values: Any, parts: bool, case_insensitive: bool) -> frozenset[Any]:
    """The keys of ``values`` (with ``case_insensitive``, of each read as a text) and, with
    ``parts``, of the parts of each text written as a list (:func:`_with_parts`): worked out
    once an evaluation for the same values (:func:`callrules._keys.evaluation_memo`), so that
    rules looking for different values in one list split and key its texts once, not once a
    rule (attack 30: 400 rules over 10,000 labels of 125 parts, 191 s)."""
    values = tuple(values or ())
    memo = evaluation_memo()
    entry = ("parts", values, parts, case_insensitive)
    found = None if memo is None else memo.get(entry)
    if found is None:
        every = _with_parts(values, "" if parts else ",")
        found = frozenset(key_of(str(v), True) for v in every) if case_insensitive \
            else keys_of(every)
        if memo is not None:
            memo[entry] = found
    return found


@dataclass(frozen=True, slots=True)
class Contains(OnSubject):
    op: ClassVar[str] = "contains"
    subject: Operand
    wanted: Any
    case_insensitive: bool
    clause: str
    severity: Severity
    #: What a finding shows: the list itself when the subject reads through one.
    whole: Operand | None = None

    @classmethod
    def build(cls, raw: d.Contains, checker: Any, scope: Scope, floc: Loc) -> Node:
        subject = checker.list_operand(raw.path, scope, floc + ("path",), "contains")
        checker.spend(scope.work * subject.path.longest, floc)  # the items it looks through
        item_type = subject.path.type.item
        kind = item_type.kind
        if kind not in ("str", "int", "any"):
            raise checker.error(f"contains looks for text or numbers; {raw.path!r} is "
                                f"{subject.path.type.described()}", floc + ("path",),
                                "wrong_type")
        if kind != "int":  # each text split and keyed once an evaluation, at its length
            checker.texts_folded(subject, scope, "parts", floc)
        value = raw.value
        if isinstance(value, Mapping) and set(value) == {"param"}:
            wanted = checker.param(value["param"], floc + ("value", "param"), {kind}).value
        else:
            checker.no_blank(subject.path, value, floc + ("value",))
            wanted = checker.literal(value, kind, floc + ("value",))
        whole = None
        path = subject.path
        if path.var in (None, "root") and path.through_list:  # show the list (approvals),
            whole = checker.operand(  # not the kinds (of the whole application: the same)
                ("$root." if path.var else "") + ".".join(path.list_at), scope, floc + ("path",))
        return cls(subject, wanted, raw.case_insensitive, checker.clause, checker.severity,
                   whole)

    def passes(self, values: Any) -> bool:
        """Whether ``values`` holds the wanted value: texts by their keys
        (:mod:`callrules._keys`), with ``case_insensitive`` in any case; a text item that is
        itself a list written out (``CNRS, Université Paris Cité``, ``CNRS/INSU``: parts
        separated by a comma, a semicolon or a slash) holds each of its parts, as a person
        reads it, whether the list came as JSON or as a CSV cell."""
        if self.case_insensitive:
            key = key_of(str(self.wanted), True)
            return key in _keys_with_parts(values, not _PARTS.search(key), True)
        if isinstance(self.wanted, str):
            key = key_of(self.wanted, False)
            return key in _keys_with_parts(values, not _PARTS.search(key), False)
        return self.wanted in (values or ())

    def holds(self, item: Any, env: Env) -> bool:
        """The decision without its wording (what a filter asks of each item)."""
        return self.passes(self.subject.read(item, env))

    def explain(self, item: Any, env: Env) -> list[Finding] | None:
        values = self.subject.read(item, env)
        if self.passes(values):
            return None
        at = self.loc
        if self.subject.path.var == "root":  # of the whole application: where it is, once
            at = (ROOT, *self.subject.path.loc)
        if self.subject.path.var not in (None, "root"):  # located at the current item
            shown = item
        elif self.whole is not None:
            shown = self.whole.read(item, env)
        else:
            shown = values
        return [Finding("not_included", self.clause, self.severity, at, shown,
                        {"expected": self.wanted, "found": tuple(values or ())})]

    def emit(self, gen: Emitter, item: ast.expr, names: Mapping[str, ast.expr]) -> ast.expr:
        values = self.subject.emit(gen, item, names)
        if self.case_insensitive or isinstance(self.wanted, str):
            return gen.call(gen.bind(self.passes), values)
        return ast.Compare(left=gen.bind(self.wanted), ops=[ast.In()],
                           comparators=[_or_empty(values)])
