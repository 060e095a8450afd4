"""The typed form of a rule: what every operator node is, and the operands it reads.

A call file's rule (the grammar of :mod:`callrules._definitions`) is checked once, when the
call is loaded, into a tree of :class:`Node` objects: one class per operator, each holding
operands already resolved against the models, the call's parameters and its timeline. Every
use of a rule reads this one form:

- :meth:`Node.emit` builds the ``ast`` expression of the node's decision (holds or not) for
  the code generator (:mod:`callrules.language.codegen`): the fast path;
- :meth:`Node.explain` says why the node fails, as findings, run only for the rules whose
  decision failed: the slow path, written for clarity. A law (tested) holds that a rule's
  decision fails exactly when its explanation finds something.

Nodes never see text from a call file as code: the values they hold are bound as names in
the generated function's namespace (:meth:`Emitter.bind`).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from callrules._keys import evaluation_memo
from callrules._money import TooLargeError
from callrules._paths import FieldType, Path
from callrules._report import Finding, Severity
from callrules.exceptions import MissingExchangeRateError, NoRateError

if TYPE_CHECKING:
    from callrules.language.codegen import Emitter

__all__ = ["CACHE", "CONVERSION_STEPS", "EXPRESSION_STEPS", "FOLD_BYTE_STEPS", "MONEY_ITEM_STEPS",
           "ROOT", "TEXT_BYTES", "TRACE", "UNBLAMED", "UNDECIDED", "UNJUDGEABLE", "UNJUDGED",
           "Builder", "Env", "Loc", "Node", "OnSubject", "Operand", "Scope", "named", "new_env",
           "outer_mark", "rates_of", "reads_only", "rooted", "same_finding", "shown_if_judged",
           "unjudged"]

Loc = tuple[str | int, ...]
#: What an explanation reads: ``root`` (the application), the variables bound by
#: ``each … as`` and ``exists … as``, and under :data:`CACHE` what is read once per
#: explanation (the indexes of ``exists``), shared by the copies ``each … as`` makes.
Env = dict[str, Any]
#: The key of the per-explanation cache in an environment (never a variable's name).
CACHE = "$cache"
#: The steps of the call's work (about half a microsecond each) a byte of text costs, once
#: an evaluation, by what is worked out of it: ``code``, a table's code key (form KC,
#: accents and case removed: up to 0.65 µs a byte for texts that form KC expands, ``ﷺ``, 3
#: bytes, 18 letters; ``benchmarks/work_bound.py``, "lookup keys from labels"); ``parts``,
#: split into the parts of a list written out and keyed (up to 0.5 µs a byte).
FOLD_BYTE_STEPS = {"code": 2, "parts": 1}
#: The most bytes of UTF-8 a character of a text takes.
TEXT_BYTES = 4
#: The steps converting one amount into the call's currency takes (about 6 to 14 µs: the
#: rate read and checked, the product rounded), once an evaluation for each amount.
CONVERSION_STEPS = 30
#: The steps one part of an expression costs each time it is worked out (a field read, a
#: product, a span between dates, a value written: 1 to 2 µs, ``benchmarks/work_bound.py``,
#: "own nightly cap"), for each item of the lists around it: charged when it was 1 once,
#: a test of ``times`` and ``days_between`` for each of 10,000 lines took 17 µs a line where
#: the bound counted 3 steps.
EXPRESSION_STEPS = 2
#: The steps each amount costs an aggregate of money beyond its visit, each time it is read:
#: its conversion looked up, and the amount compared or added (``benchmarks/work_bound.py``,
#: "money maxima": about 2 µs an item where the bound's steps counted 1).
MONEY_ITEM_STEPS = 2
#: The key of an environment's trace (a list), present only while a rule is explained: the
#: lookups and conversions met (and the parts with no value of their own), in order; what an
#: index tells an outer item, as one block (:class:`~callrules.language.grouping.Replayed`).
TRACE = "$trace"


#: What a test meets when it cannot be judged: an amount to convert at a rate the application
#: does not supply, a rate table with no rate for a key on a day. Such a test neither holds
#: nor fails: whatever holds it (``not``, a ``where``, ``exists``, ``count``…) cannot be
#: judged either, so the error goes up to the node that words it as a finding
#: (:func:`unjudged`), never turned into true or false on the way.
UNJUDGEABLE = (MissingExchangeRateError, NoRateError)
#: The codes of the findings that say so (a missing exchange rate is then an input problem of
#: the record, exit 2; a rate table's missing rate, a finding, as for a rule alone).
UNJUDGED = frozenset({"missing_exchange_rate", "no_rate", "no_rate_in_force"})
#: Whatever leaves a test neither holding nor failing: what cannot be judged
#: (:data:`UNJUDGEABLE`), a figure computed beyond the bound or a date moved out of the
#: calendar (:class:`~callrules._money.TooLargeError`, raised located). ``all``, ``any``,
#: ``each`` and ``exists`` treat them alike, whatever the order of their parts or items: a
#: part that fails decides ``all``, one that holds decides ``any``, else the first met is
#: raised (session 40: ``any`` of a part too large then one that holds was not judged, the
#: other way round eligible).
UNDECIDED = (*UNJUDGEABLE, TooLargeError)
def named(known: Any, met: Any) -> Any:
    """Of what leaves two parts of a rule undecided (:data:`UNDECIDED`: ``known``, None if
    nothing yet, and ``met``), the one said, by a precedence that the order of the parts never
    changes (session 41: the part written first was said): a figure too large or a date out
    of the calendar before a rate not known, then by code and by place."""
    if known is None or _precedence(met) >= _precedence(known):
        return known if known is not None else met
    return met


def _precedence(error: Any) -> tuple[int, str, str]:
    """Where ``error`` comes among those that leave a part undecided (:func:`named`)."""
    if isinstance(error, TooLargeError):
        return 0, error.problem_code, repr((error.fixed, error.locs, sorted(error.ctx)))
    return 1, type(error).__name__, repr(error.args)


#: The key of an environment whose figures too large are only known to be met, never
#: reported (the items read after one met already, whose errors are dropped, or judged again
#: by :func:`~callrules.language.logic.fails_beside`): not blamed, no figure computed again
#: (:func:`~callrules.language.expressions.blamed`; session 40).
UNBLAMED = "$unblamed"


def shown_if_judged(read: Callable[[Any, Env], Any], item: Any, env: Env) -> Any:
    """What a finding of a test that cannot be judged shows, ``read(item, env)``; None when
    reading it meets what cannot be judged too (the value shown is the one that cannot be
    computed: raising again would lose the findings worded beside it). A list read (the
    items an aggregate or a ``total`` reads) is not a value found at a place: None too
    (session 43: a sum over the lines showed every line, with the library's own fields)."""
    try:
        value = read(item, env)
    except UNJUDGEABLE:
        return None
    return None if isinstance(value, (list, tuple)) else value


def unjudged(error: MissingExchangeRateError | NoRateError, clause: str, severity: Severity,
             loc: Loc, value: Any, ctx: dict[str, object] | None = None) -> Finding:
    """The finding saying that a test at ``loc`` could not be judged, from the ``error`` it
    met (``ctx``: what a table's finding says beyond the error, the fields the key was read
    from)."""
    if isinstance(error, MissingExchangeRateError):
        return Finding("missing_exchange_rate", clause, severity, loc, value,
                       {"base": error.base, "quote": error.quote})
    said: dict[str, object] = {"table": error.table, "key": error.key, "on": error.on}
    if error.first is not None:
        said["first"] = error.first
    return Finding(error.code, clause, severity, loc, value, {**said, **(ctx or {})})


def _unjudgeable(finding: Finding) -> MissingExchangeRateError | NoRateError:
    """The error an unjudged finding was made from (:func:`unjudged`), to raise it again."""
    ctx = finding.ctx
    if finding.code == "missing_exchange_rate":
        return MissingExchangeRateError(str(ctx["base"]), str(ctx["quote"]))
    key = ctx["key"]
    return NoRateError(str(ctx["table"]), key if isinstance(key, tuple) else (str(key),),
                       ctx["on"], first=ctx.get("first"))


def new_env(root: Any) -> Env:
    """The environment of one explanation: ``$root`` and an empty cache."""
    return {"root": root, CACHE: {}}


def rates_of(root: Any) -> Mapping[tuple[str, str], Any]:
    """The exchange rates the application supplies (``Application.rates()``): the table
    built once an evaluation for each application (:func:`callrules._keys.evaluation_memo`,
    held with it), never again for each amount compared (issue 16: 70 % of the time of a
    money comparison in a filter went into building it, 163.6 s for 490 rules over 10,000
    lines and 200 rates)."""
    memo = evaluation_memo()
    if memo is None:
        rates: Mapping[tuple[str, str], Any] = root.rates()
        return rates
    entry = ("rates", id(root))
    found = memo.get(entry)
    if found is None:  # (the application held with its table: its id is no other's)
        found = memo[entry] = (root, root.rates())
    table: Mapping[tuple[str, str], Any] = found[1]
    return table


@dataclass(frozen=True, slots=True)
class Scope:
    """Where a node is checked: the type of the current item and the bound variables."""

    item: FieldType
    variables: Mapping[str, FieldType]
    #: How many list elements, at most, the enclosing quantifiers visit together (the product
    #: of their lists' longest lengths): the bound on the work one application can drive.
    work: int = 1
    #: The field key of the current item (``visitors``; empty for the application), which
    #: findings worded from a rule as written read its paths from.
    key: str = ""
    #: How many different items the current item can be over one evaluation: the items of
    #: a list of the whole application (``$root.visitors``) are the same items for each
    #: outer item, however many times they are visited (:attr:`work`).
    distinct: int = 1
    #: The variable bound to the current item itself (``each visitors as v``: ``v``), if
    #: any: a field read through it is the current item's own, read as such (session 38:
    #: ``$root.host.role == $v.category`` was said « Visitors: the value given »).
    own: str | None = None
    #: The field key of the item each variable is bound to (``v``: ``visitors``), which
    #: findings read a field of an outer item by (session 39: « category » by its key).
    keys: Mapping[str, str] = field(default_factory=dict)


#: The first part of the place of a finding about a field of the whole application read
#: inside a list (:attr:`Operand.absent_loc`): the place after it is from the root.
ROOT = "$root"


def outer_mark(var: str) -> str:
    """The first part of the place of a finding about a field of the item bound to ``var``
    (an outer ``each``'s, read in an inner one): the place after it is from that item, which
    the ``each`` binding it puts its own place before (no field's key starts with ``$``)."""
    return "$" + var


def rooted(found: list[Finding]) -> list[Finding]:
    """``found`` with the places marked :data:`ROOT` made plain (the mark taken off), each
    ``missing`` finding said once a place: the host's region left out is one finding, not
    one a visitor, nor one for each part of an ``all`` reading it; a field of the whole
    application judged alike at each item (the host's position not the one required) said
    once too."""
    out: list[Finding] = []
    said: dict[Loc, int] = {}
    judged: list[Finding] = []
    for finding in found:
        if finding.loc[:1] == (ROOT,):
            finding = finding._moved(loc=finding.loc[1:])
            if finding.code != "missing":  # the same judgement of it at each item: once
                if any(same_finding(finding, seen) for seen in judged):
                    continue
                judged.append(finding)
        if finding.code == "missing" and set(finding.ctx) <= {"needed"}:
            at = said.get(finding.loc)
            if at is not None:
                if not finding.ctx:  # required by one part: said required
                    out[at] = finding
                continue
            said[finding.loc] = len(out)
        out.append(finding)
    return out


def root_only_loc(node: object, subject: Any) -> Loc | None:
    """The place from the root (marked :data:`ROOT`) of ``subject`` (an :class:`Operand`,
    or an expression's first field) when everything ``node`` reads is a field of the whole
    application: each of its :class:`Operand` attributes, and the fields each expression
    attribute reads, read from ``$root``, and no rule inside it; else None."""
    if isinstance(subject, Operand):
        first: Operand | None = subject
    else:
        first = getattr(subject, "subject", None)
    if first is None or first.path.var != "root":
        return None
    for name in getattr(node, "__dataclass_fields__", {}):
        value = getattr(node, name, None)
        if isinstance(value, Node):
            return None
        operands = (value,) if isinstance(value, Operand) else tuple(
            getattr(value, "fields", ()) or ()) if hasattr(value, "compute") else ()
        if any(not isinstance(o, Operand) or o.path.var != "root" for o in operands):
            return None
    return (ROOT, *first.path.loc)


def reads_only(node: object, var: str) -> bool:
    """Whether every field ``node`` reads, in any rule or expression inside it, is one of the
    item bound to ``var`` or of the whole application (``$v.category``, ``$root.host.role``):
    none of the current item's; an ``exists`` reading that item's fields, its own items'
    and the whole application's only (its ``around``) too."""
    if getattr(node, "around", None) == var:
        return True
    for name in getattr(node, "__dataclass_fields__", {}):
        value = getattr(node, name, None)
        parts = value if isinstance(value, tuple) else (value,)
        for part in parts:
            if isinstance(part, Node):
                kept = reads_only(part, var)
            elif isinstance(part, Operand) or hasattr(part, "compute"):
                operands = (part,) if isinstance(part, Operand) else tuple(
                    getattr(part, "fields", ()) or ())
                kept = all(isinstance(o, Operand) and o.path.var in (var, "root")
                           for o in operands)
            else:
                continue
            if not kept:
                return False
    return True


def same_finding(one: Finding, other: Finding) -> bool:
    """Whether two findings say the same thing at the same place."""
    return (one.code == other.code and one.loc == other.loc and one.severity == other.severity
            and one.input == other.input and one.ctx == other.ctx)


@dataclass(frozen=True, slots=True)
class Operand:
    """A field read by a node: from the current item, or from a bound variable.

    A field read through a variable is about another part of the application, so a finding
    about it is located at the current item, and shows the current item as its input.
    """

    path: Path

    @property
    def loc(self) -> Loc:
        return self.path.loc if self.path.var is None else ()

    def read(self, item: Any, env: Env) -> Any:
        """The value of the field, ``None`` where something on the way is absent."""
        base = item if self.path.var is None else env[self.path.var]
        return self.path.getter(base)

    def shown(self, item: Any, value: Any) -> Any:
        """What a finding about this field shows as its input."""
        return value if self.path.var is None else item

    @property
    def absent_loc(self) -> Loc:
        """Where a finding saying the field is left out is located: the field itself, and
        for a field of the whole application read inside a list (``$root.host…`` inside
        ``each visitors``) that field from the application's root, marked :data:`ROOT`
        (``each`` puts no item's place before it, the rule takes the mark off): the host's
        region said by its own label, once, not « Visitors » for each visitor (attack 37b).
        A field of an outer item (``$v.fields.n`` inside an ``each`` of the visitor's tags)
        is placed from that item (:func:`outer_mark`): the visitor's field said missing
        once, by its label, not « Tags: this information is required » at each tag (session
        40)."""
        var = self.path.var
        if var == "root":
            return (ROOT, *self.path.loc)
        if var is not None:
            return (outer_mark(var), *self.path.loc)
        return self.loc

    def judged_at(self, item: Any, value: Any, *others: Operand | None) -> tuple[Loc, Any]:
        """Where a finding judging this field's ``value`` is located and what it shows:
        for a field of the whole application read inside a list (``$root.host.role`` inside
        ``each visitors``) judged against nothing else of the current item (a constant, or
        ``others`` of the whole application too), that field from the root, marked
        :data:`ROOT`, showing its value, as the same rule written at the root says it (its
        label, its value's label, once: attack 38b's « Visiteurs : la valeur donnée »);
        else :attr:`loc` and :meth:`shown`."""
        if self.path.var == "root" and all(o is None or o.path.var == "root" for o in others):
            return (ROOT, *self.path.loc), value
        var = self.path.var
        if var is not None and var != "root" and all(
                o is None or o.path.var in ("root", var) for o in others):
            # a field of an outer item (``$v.category`` inside an ``each`` of the visitor's
            # tags) judged against nothing of the current item: at that field, placed from
            # the item bound to the variable (:func:`outer_mark`), showing its value, as
            # the same rule written at that item says it (session 39: « Tags: x, where
            # engineer is expected » at each tag before)
            return (outer_mark(var), *self.path.loc), value
        return self.loc, self.shown(item, value)

    def absent_shown(self, item: Any, value: Any) -> Any:
        """What a finding saying the field is left out shows: the value there (for a field
        of the application's root or of an outer item too: :attr:`absent_loc` places it
        there), else the current item (:meth:`shown`)."""
        return value if self.path.var is not None else self.shown(item, value)

    def emit(self, gen: Emitter, item: ast.expr, names: Mapping[str, ast.expr]) -> ast.expr:
        """The expression reading the field in generated code."""
        base = item if self.path.var is None else names[self.path.var]
        return gen.read(self.path, base)


class Builder(Protocol):
    """What an operator needs from the checker to build its children (see ``checker``)."""

    clause: str
    severity: Severity

    def build(self, raw: Any, scope: Scope, floc: Loc) -> Node: ...

    def test(self, raw: Any, scope: Scope, floc: Loc) -> Node: ...

    def alternative(self, raw: Any, scope: Scope, floc: Loc) -> Node: ...


class Node:
    """One operator of the typed form. Subclasses are frozen dataclasses."""

    op: ClassVar[str]

    #: Where a finding about the node's main field is located, relative to the current item,
    #: and how to read that field (used by ``not`` to say what it found).
    loc: Loc | None = None

    def read(self, item: Any, env: Env) -> Any:
        return item

    def explain(self, item: Any, env: Env) -> list[Finding] | None:
        """The findings saying why the node fails on ``item``, or ``None`` if it holds."""
        raise NotImplementedError

    def holds(self, item: Any, env: Env) -> bool:
        """Whether the node holds, by its explanation (the slow path): an explanation saying
        that something in it cannot be judged is raised again (:data:`UNJUDGEABLE`), since
        a test that holds the node cannot be judged either."""
        found = self.explain(item, env)
        if not found:
            return True
        for finding in found:
            if finding.code in UNJUDGED:
                raise _unjudgeable(finding)
        return False

    def emit(self, gen: Emitter, item: ast.expr, names: Mapping[str, ast.expr]) -> ast.expr:
        """The ``ast`` expression of the node's decision: true when it holds."""
        raise NotImplementedError

    def statements(self, gen: Emitter, item: ast.expr, names: Mapping[str, ast.expr]
                   ) -> list[ast.stmt]:
        """The decision as statements that ``return False`` when the node fails (a rule's
        function runs them); by default, ``if not <emit>: return False``."""
        return gen.fail_unless(gen.node(self, item, names))

    def children(self) -> tuple[Node, ...]:
        return ()


class OnSubject(Node):
    """A node about one field, its ``subject``: a finding about it is located where the
    field is, and ``not`` shows what the field holds."""

    subject: Operand

    @property
    def loc(self) -> Loc:  # type: ignore[override]
        return self.subject.loc

    @property
    def root_loc(self) -> Loc | None:
        """For a node that reads fields of the whole application only (``$root.host.role
        == r_dir`` inside ``each visitors``: every operand it holds read from ``$root``, no
        rule inside it), its subject's place from the root, marked :data:`ROOT`: ``not`` of
        it is said there, once, as at the root (session 37); else None."""
        return root_only_loc(self, self.subject)

    def read(self, item: Any, env: Env) -> Any:
        return self.subject.read(item, env)

