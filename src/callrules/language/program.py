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
in the decision's list exactly when its explanation finds something. That law lets rules
also be checked without generating their decision (``generate=False``): their explanations
then decide, as a call's version asked for once does (:meth:`Program.generated` generates
the decision later).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from callrules import _definitions as d
from callrules._keys import keys_held
from callrules._messages import ALSO_FILLED, CODES
from callrules._money import TooLargeError
from callrules._parameters import Parameter
from callrules._paths import FieldType
from callrules._report import Finding, Severity, to_json_value, values_checked
from callrules._report_bound import BUDGET, FindingsBudget, TooManyFindingsError
from callrules._seal import canonical
from callrules._suggest import did_you_mean
from callrules._time import Milestone
from callrules.budget.rounding import RoundingError, parse_rounding
from callrules.exceptions import (
    MAX_PROBLEMS,
    DefinitionError,
    InputError,
    InputProblem,
    bare_number_words,
)
from callrules.language.checker import Checker
from callrules.language.codegen import Emitter
from callrules.language.form import (
    UNDECIDED,
    UNJUDGEABLE,
    UNJUDGED,
    Loc,
    Node,
    new_env,
    rooted,
    unjudged,
)
from callrules.language.unique import BatchRule, build_batch_rule

__all__ = ["Program", "Rule", "compile_rules"]


#: A placeholder of a wording, ``%(name)s``; not an escaped percent sign, ``%%(name)s``
#: (the literal text, no placeholder).
_PLACEHOLDER = re.compile(r"(?<!%)(?:%%)*%\(([^)]*)\)")


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
        with keys_held():  # each text keyed once (:func:`callrules._keys.keys_held`)
            return self._explain(application, budget)

    def _explain(self, application: Any, budget: FindingsBudget | None) -> list[Finding]:
        env = new_env(application)
        if budget is not None:
            env[BUDGET] = budget
        try:
            # (a field of the whole application left out, placed from the root; a field
            # left out said once a place, however many parts or items read it)
            found = rooted(self.node.explain(application, env) or [])
        except UNJUDGEABLE as error:  # met where no node words it: said at the rule
            found = [unjudged(error, self.clause, self.severity, self.node.loc or (), None)]
        if any(f.code in UNJUDGED for f in found):
            # a part that cannot be judged leaves the rule unjudged only if the rule's
            # outcome depends on it (all of a part that fails, any of a part that holds)
            try:
                if self.node.holds(application, new_env(application)):
                    return []
                found = [f for f in found if f.code not in UNJUDGED] or found
            except UNJUDGEABLE:
                pass
        return self._worded(found)

    def _worded(self, found: list[Finding]) -> list[Finding]:
        """``found`` with the call's own wording of their codes, if it has one."""
        if not self.wording:
            return found
        # (the call's wording of a code was checked against the code's values at load)
        return [f._moved(template=self.wording[f.code]) if f.code in self.wording else f
                for f in found]

    def cut(self, application: Any, said: Sequence[Finding], limit: int) -> list[Finding]:
        """The rule said once its findings passed their bound (``limit``): the findings
        that fitted (``said``), then ``findings_cut`` saying the others are not listed. Its
        verdict is its own: nothing if it holds after all (a part that cannot be judged, or
        an explanation that does not decide), the part that cannot be judged if that decides
        it."""
        with keys_held():
            try:
                if self.node.holds(application, new_env(application)):
                    return []
            except UNJUDGEABLE as error:
                return [unjudged(error, self.clause, self.severity, self.node.loc or (), None)]
        kept = [f for f in said if f.code not in UNJUDGED]
        return self._worded([*kept, Finding("findings_cut", self.clause, self.severity, (),
                                            None, {"limit": limit, "said": len(kept)})])


@dataclass(frozen=True, slots=True)
class Program:
    """The compiled rules of a call."""

    rules: tuple[Rule, ...]
    #: The rules that span the applications of a batch (``unique``).
    batch_rules: tuple[BatchRule, ...]
    #: The decision: the indexes (into ``rules``) of the rules that fail; generated code, or
    #: while the rules are only checked, their explanations (the same indexes, without the
    #: cost of generating code for rules used once).
    decide: Callable[[Any], list[int]]
    #: The most steps one application's evaluation can take, decision and explanation
    #: (list items visited, tests made on them, findings worded), estimated when the rules
    #: are checked; :data:`~callrules.language.quantifiers.CALL_WORK_LIMIT` bounds it.
    work: int = 0
    #: What the generated code is named after (its call file and call id), for
    #: :meth:`generated`.
    origin: tuple[str, str] = ("<call>", "call")
    #: Whether ``decide`` is generated code (else the rules' explanations decide).
    is_generated: bool = True
    #: The share of :attr:`work` of each rule (in the order of ``rules``): its steps, with
    #: what is worked out once an evaluation charged to the first rule that asks for it.
    rule_work: tuple[int, ...] = ()
    #: What is worked out once an evaluation, whichever rules ask for it (part of ``work``).
    once_work: int = 0
    #: The steps of the decision of every rule (part of ``work``: the decision is taken for
    #: all of them at once, by ``decide``).
    decision_work: int = 0

    def work_of(self, rules: Sequence[Rule]) -> int:
        """The most steps a check of ``rules`` alone (some of :attr:`rules`) takes, decided
        by ``decide`` (every rule's decision), then explained: the decision's steps, their
        shares of :attr:`work`, and all that is worked out once an evaluation (a rule may
        need what another was charged for); :attr:`work` when the shares are unknown."""
        if len(self.rule_work) != len(self.rules):
            return self.work
        index = {id(rule): i for i, rule in enumerate(self.rules)}
        if any(id(rule) not in index for rule in rules):
            return self.work
        return min(self.work, self.decision_work + self.once_work + sum(
            self.rule_work[index[id(rule)]] for rule in rules))

    def generated(self) -> Program:
        """These rules with their decision generated (nothing is checked again)."""
        if self.is_generated:
            return self
        return Program(self.rules, self.batch_rules, _generate(self.rules, *self.origin),
                       self.work, self.origin, rule_work=self.rule_work,
                       once_work=self.once_work, decision_work=self.decision_work)

    def findings(self, application: Any, budget: FindingsBudget | None = None
                 ) -> list[Finding]:
        """Every finding of every rule that fails, in the order of the rules.

        With ``budget``, the findings are weighed as they are produced; a rule whose
        findings pass its bound is said by those that fitted and ``findings_cut``
        (:meth:`Rule.cut`), its verdict unchanged, and the rules after it are explained.
        A figure computed beyond the bound of every value, or a date moved out of the
        calendar (:class:`~callrules._money.TooLargeError`), leaves the application
        unjudged unless the rule holding it is decided all the same (``all`` by a part that
        fails, ``any`` by one that holds, whatever their order): the error is raised located
        at the values it was computed from, which the explanations know (the decision does
        not say where)."""
        # each text keyed once, for the decision and the explanations; each value findings
        # share (a rule's expression as written) checked once
        with keys_held(), values_checked():
            return self._findings(application, budget)

    def _findings(self, application: Any, budget: FindingsBudget | None) -> list[Finding]:
        rules = self.rules
        out: list[Finding] = []
        failing: Sequence[int]
        try:  # a version only checked: each rule explained once (a figure too large raises)
            failing = self.decide(application) if self.is_generated else range(len(rules))
        except UNDECIDED:  # a test cannot be judged, or its figure is too large: the
            # explanations say where, and whether the rules holding it hold all the same
            # (the decision stops at the first part it meets: session 40)
            failing = range(len(rules))
        # the rules of severity error that cannot be judged, in the order of the rules: what
        # each met (a figure too large, or its findings saying a rate is not known)
        unjudged: list[TooLargeError | list[Finding]] = []
        fails = False  # whether a rule of severity error fails: that decides, as in ``all``
        warned = False  # whether a rule of severity warning cannot be judged
        for index in failing:
            rule = rules[index]
            try:
                found = rule.explain(application, budget)
                if budget is not None:
                    budget.settle(found)
            except TooManyFindingsError as error:  # said by those that fitted, and a
                assert budget is not None  # finding saying the others are not listed
                found = rule.cut(application, budget.said, error.limit)
                budget.cut(found)
            except TooLargeError as error:
                if rule.severity is Severity.WARNING:  # judged without it, and said
                    out.extend(rule._worded(not_judged(error, rule.clause)))
                    warned = True
                else:
                    unjudged.append(error)
                continue
            if rule.severity is Severity.ERROR and found:
                if any(f.code in UNJUDGED for f in found):
                    unjudged.append(found)
                    continue
                fails = True
            warned = warned or any(f.code in UNJUDGED for f in found)
            out.extend(found)
        if warned:  # rules alike that cannot be judged at one place: said once
            out = findings_once(out)
        if fails or not unjudged:  # a rule that fails decides, whatever the others
            return out
        if any(isinstance(part, TooLargeError) for part in unjudged):
            raise NotJudgedError(unjudged)
        # (said by ``evaluate`` as input problems, each once; ``findings`` gives them as
        # findings, each once too)
        return [*out, *findings_once(
            f for part in unjudged if isinstance(part, list) for f in part)]


class NotJudgedError(InputError):
    """The rules of severity error of a call that cannot be judged on an application, none
    of the others failing: each one's problems, in the order of the rules (``parts``: the
    figure too large or the date out of the calendar a rule met, or the findings saying a
    rate it needs is not known). Whatever the order of the rules, the same problems are
    named (session 41: only the first rule's were)."""

    def __init__(self, parts: Sequence[TooLargeError | list[Finding]]) -> None:
        self.parts = tuple(parts)
        super().__init__(said_once(problem for part in self.parts for problem in (
            part.problems if isinstance(part, TooLargeError) else
            [InputProblem(f.loc, f.code, f.message("en")) for f in part])))


def said_once(problems: Iterable[InputProblem]) -> list[InputProblem]:
    """``problems`` with each one said once (the same type, place and words: rules alike
    that cannot be judged at one place), in their order, as ``all`` of those rules names it.

    >>> p = InputProblem(("budget",), "too_large", "Too large.")
    >>> len(said_once([p, p, InputProblem(("budget",), "too_large", "Other.")]))
    2
    """
    once: dict[tuple[Any, ...], InputProblem] = {}
    for problem in problems:
        once.setdefault((problem.type, problem.loc, problem.msg), problem)
    return list(once.values())


def findings_once(findings: Iterable[Finding]) -> list[Finding]:
    """``findings`` with each one saying that a rule cannot be judged said once, in their
    order (rules alike that cannot be judged at one place), as :func:`said_once` says the
    problems of a record not judged: the same code, place, words and clause (each clause's
    finding is said under it, whatever its severity); every other finding is kept.

    >>> f = Finding("warning_too_large", "c", Severity.WARNING, ("budget",), None,
    ...             {"limit": 18})
    >>> len(findings_once([f, f, Finding("warning_too_large", "d", Severity.WARNING,
    ...                                  ("budget",), None, {"limit": 18})]))
    2
    """
    once: dict[str, Finding] = {}
    kept: list[Finding] = []
    for finding in findings:
        if finding.code not in UNJUDGED and finding.code not in _WARNED:
            kept.append(finding)
            continue
        key = said_as(finding)
        if key not in once:
            once[key] = finding
            kept.append(finding)
    return kept


def said_as(finding: Finding) -> str:
    """What ``finding`` says, as a record holds values (:func:`callrules._seal.canonical`):
    its code, severity, place, clause, and what fills its words (its value, its context,
    the call's wording). Two findings say the same exactly when these are equal, whatever
    the order their context was built in or a set's order (a ``repr`` differs there), and
    a ``1.0`` is not a ``1.00`` (a record writes them apart).

    >>> a = Finding("no_rate", "c", Severity.ERROR, ("x",), None, {"a": 1, "b": {"p", "q"}})
    >>> said_as(a) == said_as(a._moved(ctx={"b": {"q", "p"}, "a": 1}))
    True
    """
    return canonical([finding.code, finding.severity.value, list(finding.loc),
                      finding.clause, to_json_value(finding.input),
                      to_json_value(finding.ctx), to_json_value(finding.template)])


#: The finding code of a warning that cannot be judged, by the problem its rule met (any
#: other problem, a figure too large: :data:`_TOO_LARGE`).
_NOT_JUDGED_CODES = {"date_out_of_calendar": "warning_out_of_calendar"}
_TOO_LARGE = "warning_too_large"


#: The codes of the findings saying a warning could not be judged (beside ``UNJUDGED``):
#: derived, so that a code added to :data:`_NOT_JUDGED_CODES` is one of them.
_WARNED = frozenset({_TOO_LARGE, *_NOT_JUDGED_CODES.values()})


def not_judged(error: TooLargeError, clause: str) -> list[Finding]:
    """The findings saying that a rule of severity warning of ``clause`` cannot be judged,
    as it met ``error`` (a figure too large, a date moved out of the calendar): one at each
    place it names, of severity warning. The application is judged without that rule (a
    warning never bars it), and the reader is told which warning could not be judged.

    Past :data:`~callrules.exceptions.MAX_PROBLEMS` places, as an input error lists its
    problems, the others are counted in one more finding (``count``, no place), worded "and
    N more values, not listed" in the reader's language (session 41: they were dropped
    unsaid)."""
    problems = error.problems[:MAX_PROBLEMS]  # (never capped: one a value it was
    more = len(error.problems) - len(problems)  # computed from)
    found = [Finding(_NOT_JUDGED_CODES.get(problem.type, _TOO_LARGE), clause,
                     Severity.WARNING, problem.loc, None, _limit(problem))
             for problem in problems]
    if more:
        found.append(Finding(found[-1].code, clause, Severity.WARNING, (), None,
                             {**_limit(problems[-1]), "count": more}))
    return found


def _limit(problem: InputProblem) -> dict[str, object]:
    return {"limit": problem.ctx["limit"]} if problem.ctx and "limit" in problem.ctx else {}


def _explained(rules: Sequence[Rule]) -> Callable[[Any], list[int]]:
    """The decision of ``rules`` by their explanations: the rules that find something."""
    def decide(application: Any) -> list[int]:
        return [index for index, rule in enumerate(rules) if rule.explain(application)]
    return decide


def compile_rules(entries: Sequence[d.RuleEntry], root: FieldType,
                  parameters: Mapping[str, Parameter], timeline: Mapping[str, Milestone],
                  zone: ZoneInfo, *, source: str = "<call>", name: str = "call",
                  currency: str = "EUR", history: Mapping[str, tuple[Any, ...]] | None = None,
                  rounding: object = None, generate: bool = True,
                  paths: dict[tuple[Any, ...], Any] | None = None,
                  labels: Mapping[str, Mapping[str, str]] | None = None,
                  code_chars: Mapping[str, int] | None = None,
                  milestone_labels: Mapping[str, Mapping[str, str]] | None = None) -> Program:
    """Check ``entries`` against the model ``root`` and the call's values, and generate the
    decision function. ``name`` names the generated code (in tracebacks); ``currency`` is
    the call's, in which sums of money are added up; ``history``, every dated value of the
    int parameters, checked against the bounds of the rules that read them; ``rounding`` is
    the call's ``[budget] rounding`` as written (how a product of money is rounded), if it
    has one; ``generate`` false: the rules checked only (:meth:`Program.generated` generates
    their decision later); ``paths``, the paths already checked (:attr:`Checker.paths`),
    which the checks of the versions of one call share; ``labels``, the call's labels of its
    parameters in each of its languages, which name them in a refusal; ``code_chars``, the
    most characters a value of each field a vocabulary serves holds (its longest code), by
    the field's path; ``milestone_labels``, the call's labels of its milestones, which name
    them in a refusal."""
    checker = Checker(root, parameters, timeline, zone, source, currency,
                      history=history or {}, paths={} if paths is None else paths,
                      labels=labels or {}, code_chars=code_chars or {},
                      milestone_labels=milestone_labels or {})
    if rounding is not None:
        try:
            checker.rounding = parse_rounding(rounding)
        except RoundingError as exc:
            raise DefinitionError(str(exc), code="bad_rounding", source=checker.source,
                                  loc=("budget", "rounding") + ((exc.key,) if exc.key
                                                               else ()),
                                  words=bare_number_words(rounding)) from None
        checker.money_unit(checker.rounding, ("budget", "rounding", "unit"))
    rules: list[Rule] = []
    batch: list[BatchRule] = []
    shares: list[int] = []
    for index, entry in enumerate(entries):
        floc: Loc = ("rules", index)
        checker.clause, checker.severity = entry.clause, Severity(entry.severity)
        if isinstance(entry.check, d.Unique):
            batch.append(build_batch_rule(entry.check, checker, floc + ("check",)))
            continue
        before = checker.estimate
        node = checker.build(entry.check, checker.scope_of(root), floc + ("check",))
        wording = _wording(checker, entry.messages or {}, floc + ("messages",))
        rules.append(Rule(entry.clause, checker.severity, node, wording))
        shares.append(checker.estimate - before)
    once = sum(checker.done_once.values())
    if not generate:
        return Program(tuple(rules), tuple(batch), _explained(tuple(rules)), checker.estimate,
                       (source, name), is_generated=False, rule_work=tuple(shares),
                       once_work=once, decision_work=checker.work)
    return Program(tuple(rules), tuple(batch), _generate(rules, source, name),
                   checker.estimate, (source, name), rule_work=tuple(shares), once_work=once,
                   decision_work=checker.work)



def _wording(checker: Checker, messages: Mapping[str, Mapping[str, str]], floc: Loc
             ) -> Mapping[str, Mapping[str, str]]:
    for code, texts in messages.items():
        if code not in CODES:
            raise checker.error(f"{code!r} is not a finding code", floc + (code,),
                                "unknown_finding_code", did_you_mean(code, CODES))
        known = {"field", "Field", *_PLACEHOLDER.findall(CODES[code]),
                 *ALSO_FILLED.get(code, ())} | ({"value"} if code not in _WARNED else set())
        # (a warning not judged holds no value found: %(value)s would read "none")
        for lang, text in texts.items():
            try:
                text % _Blank()
            except (ValueError, TypeError) as exc:
                raise checker.error(f"the {lang} message is not a template: {exc}",
                                    floc + (code, lang), "bad_template",
                                    "write values as %(name)s, and a percent sign as %%"
                                    ) from None
            for name in _PLACEHOLDER.findall(text):
                if name == "value" and code in _WARNED:
                    raise checker.error(
                        f"the {lang} message names %(value)s, but a {code} finding holds "
                        "no value: it says that a warning could not be judged, at the "
                        f"field its rule read; it fills {', '.join(sorted(known))}",
                        floc + (code, lang), "bad_template",
                        "name the field with %(Field)s or %(field)s")
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
