"""A call's rules, compiled: the typed form, the generated decision, and the explanations.

:func:`compile_rules` checks every rule of a call file into the typed form
(:mod:`callrules.language.checker`), then generates one Python function for the whole call
(:mod:`callrules.language.codegen`)::

    def decide(root):
        _h1 = frozenset(root.visitors…)      # what the rules read once per application
        _r = []
        if not (root.submitted_at >= _v2):    # rule 0
            _r.append(0)
        …
        return _r

It returns the indexes of the rules that fail. Only those rules are then explained
(:meth:`Rule.explain`), from the same typed form; a law in the tests checks that a rule is
in the decision's list exactly when its explanation finds something.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from callrules import _definitions as d
from callrules._messages import CODES
from callrules._money import TooLargeError
from callrules._parameters import Parameter
from callrules._paths import FieldType
from callrules._report import Finding, Severity
from callrules._report_bound import BUDGET, FindingsBudget
from callrules._suggest import did_you_mean
from callrules._time import Milestone
from callrules.budget.rounding import parse_rounding
from callrules.language.checker import Checker
from callrules.language.codegen import Emitter
from callrules.language.form import Loc, Node, new_env
from callrules.language.unique import BatchRule, build_batch_rule

__all__ = ["Program", "Rule", "compile_rules"]


_PLACEHOLDER = re.compile(r"%\(([^)]*)\)")


class _Blank(dict[str, str]):
    """Fills any %(name)s with nothing: to check that a template is well formed."""

    def __missing__(self, key: str) -> str:
        return ""


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of a call, in typed form: its clause, its weight, its check, and the call's
    own wording of some of its findings (by code, then language)."""

    clause: str
    severity: Severity
    node: Node
    wording: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def explain(self, application: Any, budget: FindingsBudget | None = None
                ) -> list[Finding]:
        """Why the rule fails on ``application`` (nothing when it holds); with ``budget``,
        its findings are weighed as they are produced (:mod:`callrules._report_bound`)."""
        env = new_env(application)
        if budget is not None:
            env[BUDGET] = budget
        found = self.node.explain(application, env) or []
        if not self.wording:
            return found
        return [Finding(f.code, f.clause, f.severity, f.loc, f.input, f.ctx,
                        self.wording[f.code]) if f.code in self.wording else f for f in found]


@dataclass(frozen=True, slots=True)
class Program:
    """The compiled rules of a call."""

    rules: tuple[Rule, ...]
    #: The rules that span the applications of a batch (``unique``).
    batch_rules: tuple[BatchRule, ...]
    #: The generated decision: the indexes (into ``rules``) of the rules that fail.
    decide: Callable[[Any], list[int]]
    #: The most steps one application's evaluation can take, decision and explanation
    #: (list items visited, tests made on them, findings worded), estimated when the rules
    #: are checked; :data:`~callrules.language.quantifiers.CALL_WORK_LIMIT` bounds it.
    work: int = 0

    def findings(self, application: Any, budget: FindingsBudget | None = None
                 ) -> list[Finding]:
        """Every finding of every rule that fails, in the order of the rules.

        With ``budget``, the findings are weighed as they are produced, and past its bound
        the evaluation stops with :class:`~callrules._report_bound.TooManyFindingsError`.
        A figure computed beyond the bound of every value (:class:`TooLargeError`) leaves
        the application unjudged: the error is raised located at the values it was computed
        from, which the explanations know (the decision does not say where)."""
        rules = self.rules
        out: list[Finding] = []
        try:
            failing = self.decide(application)
        except TooLargeError as exc:
            for rule in rules:  # the first rule that meets it raises it, located
                rule.explain(application)
            raise exc from None
        for index in failing:
            found = rules[index].explain(application, budget)
            if budget is not None:
                budget.settle(found)
            out.extend(found)
        return out


def compile_rules(entries: Sequence[d.RuleEntry], root: FieldType,
                  parameters: Mapping[str, Parameter], timeline: Mapping[str, Milestone],
                  zone: ZoneInfo, *, source: str = "<call>", name: str = "call",
                  currency: str = "EUR", history: Mapping[str, tuple[int, ...]] | None = None,
                  rounding: object = None) -> Program:
    """Check ``entries`` against the model ``root`` and the call's values, and generate the
    decision function. ``name`` names the generated code (in tracebacks); ``currency`` is
    the call's, in which sums of money are added up; ``history``, every dated value of the
    int parameters, checked against the bounds of the rules that read them; ``rounding`` is
    the call's ``[budget] rounding`` as written (how a product of money is rounded), if it
    has one."""
    checker = Checker(root, parameters, timeline, zone, source, currency,
                      history=history or {})
    if rounding is not None:
        try:
            checker.rounding = parse_rounding(rounding)
        except ValueError as exc:
            raise checker.error(str(exc), ("budget", "rounding"), "bad_rounding") from None
    rules: list[Rule] = []
    batch: list[BatchRule] = []
    for index, entry in enumerate(entries):
        floc: Loc = ("rules", index)
        checker.clause, checker.severity = entry.clause, Severity(entry.severity)
        if isinstance(entry.check, d.Unique):
            batch.append(build_batch_rule(entry.check, checker, floc + ("check",)))
            continue
        node = checker.build(entry.check, checker.scope_of(root), floc + ("check",))
        wording = _wording(checker, entry.messages or {}, floc + ("messages",))
        rules.append(Rule(entry.clause, checker.severity, node, wording))
    return Program(tuple(rules), tuple(batch), _generate(rules, source, name),
                   checker.estimate)


def _wording(checker: Checker, messages: Mapping[str, Mapping[str, str]], floc: Loc
             ) -> Mapping[str, Mapping[str, str]]:
    for code, texts in messages.items():
        if code not in CODES:
            raise checker.error(f"{code!r} is not a finding code", floc + (code,),
                                "unknown_finding_code", did_you_mean(code, CODES))
        known = {"field", "Field", "value", *_PLACEHOLDER.findall(CODES[code])}
        for lang, text in texts.items():
            try:
                text % _Blank()
            except (ValueError, TypeError) as exc:
                raise checker.error(f"the {lang} message is not a template: {exc}",
                                    floc + (code, lang), "bad_template",
                                    "write values as %(name)s, and a percent sign as %%"
                                    ) from None
            for name in _PLACEHOLDER.findall(text):
                if name not in known:  # it would read "?" to the applicant
                    raise checker.error(
                        f"the {lang} message names %({name})s, which a {code} finding does "
                        f"not fill; it fills {', '.join(sorted(known))}",
                        floc + (code, lang), "bad_template", did_you_mean(name, known))
    return {code: dict(texts) for code, texts in messages.items()}


def _generate(rules: Sequence[Rule], source: str, name: str) -> Callable[[Any], list[int]]:
    """One function per rule (its statements, ``return False`` on failure, after the values
    it reads once per application), and ``decide`` calling each in turn."""
    gen = Emitter(f"<callrules {name} from {source}>")
    root = ast.Name(id="root", ctx=ast.Load())
    failed = gen.fresh("r")
    checks: list[ast.stmt] = []
    for index, rule in enumerate(rules):
        gen.prelude = []
        body = gen.statements(rule.node, root, {"root": root})
        function = gen.fresh("c")
        gen.helpers.append(gen.function(function, ["root"], [
            *gen.prelude, *body, ast.Return(value=ast.Constant(value=True))]))
        append = ast.Expr(value=gen.call(ast.Attribute(
            value=ast.Name(id=failed, ctx=ast.Load()), attr="append", ctx=ast.Load()),
            ast.Constant(value=index)))
        checks.append(ast.If(test=ast.UnaryOp(op=ast.Not(), operand=gen.call(
            ast.Name(id=function, ctx=ast.Load()), root)), body=[append], orelse=[]))
    body = [
        ast.Assign(targets=[ast.Name(id=failed, ctx=ast.Store())],
                   value=ast.List(elts=[], ctx=ast.Load())),
        *checks,
        ast.Return(value=ast.Name(id=failed, ctx=ast.Load())),
    ]
    return gen.build(gen.function("decide", ["root"], body), "decide")
