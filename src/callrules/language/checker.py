"""The type checker: a call file's rule, as parsed, into the typed form.

Every path is checked against the models, every operand resolved (a parameter, a milestone
and its shift, a literal, a set, another field) and every type checked, once, when the call
is loaded; a mistake is a :class:`~callrules.exceptions.DefinitionError` naming the file,
the place in it, a code and, where one is close, a "did you mean". The operators are the
classes of :data:`OPERATORS`, one per grammar node; each builds itself from its grammar node
(``build``), calling back here for operands and children.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import TypeAdapter, ValidationError

from callrules import _definitions as d
from callrules._codes import CURRENCIES
from callrules._in_words import LabelInWords, MoneyInWords
from callrules._keys import listed_twice, twice_said
from callrules._models import Visitor
from callrules._money import MAX_INTEGER_DIGITS, Money, parse_amount
from callrules._parameters import Parameter
from callrules._paths import FieldType, Path, PathError, a_or_an, kind_words, parse_path
from callrules._problems import error_text
from callrules._reading import MAX_RECORD_BYTES
from callrules._report import Severity
from callrules._suggest import did_you_mean
from callrules._time import Milestone, localize
from callrules.budget.rounding import DEFAULT, Rounding, below_minor_unit
from callrules.exceptions import DefinitionError, TimeError, bare_number_words, format_loc
from callrules.language.compare import Compare
from callrules.language.dates import Days, WithinYear
from callrules.language.expressions import shown
from callrules.language.form import (
    CONVERSION_STEPS,
    FOLD_BYTE_STEPS,
    TEXT_BYTES,
    Loc,
    Node,
    Operand,
    Scope,
)
from callrules.language.logic import AllOf, AnyOf, Not
from callrules.language.membership import Contains, In
from callrules.language.presence import Present
from callrules.language.quantifiers import (
    CALL_WORK_LIMIT,
    CALL_WORK_SECONDS,
    FINDING_PART_STEPS,
    FINDING_STEPS,
    WORK_LIMIT,
    Each,
    Exists,
    index_key,
    outer_key,
)
from callrules.language.total import Total

__all__ = ["OPERATORS", "Checker"]

#: How many currencies an amount can be converted into: the codes of ISO 4217.
CURRENCY_CODES = len(CURRENCIES)

#: The operator classes, by the ``op`` of the grammar node they are built from (``unique``,
#: which spans applications, is built apart: see :mod:`callrules.language.unique`).
OPERATORS: Mapping[str, Any] = {
    "all": AllOf, "any": AnyOf, "not": Not, "each": Each, "exists": Exists,
    "present": Present, "compare": Compare, "in": In, "not_in": In, "contains": Contains,
    "days": Days, "within_year": WithinYear, "total": Total,
}
#: The nodes that word no finding of their own (they pass on those of the rules inside).
_PASSING_ON = (AllOf, AnyOf, Each)
_SCALAR = {"str", "int", "bool", "decimal", "date", "datetime", "money", "any"}
_RULE: TypeAdapter[Any] = TypeAdapter(d.Node)
#: The characters a text is taken to hold when its field states no length: the models bound
#: every free text (500) and identifier (100); the others are codes one of a fixed table's
#: (a subdivision, a country, a currency), a few characters each.
CODE_CHARS = 100


def whole_number(value: int) -> int:
    """A whole number written in a call file: at most 18 digits, as an amount before its
    point (:data:`callrules._money.MAX_INTEGER_DIGITS`); ``ValueError`` beyond."""
    if not -10 ** MAX_INTEGER_DIGITS < value < 10 ** MAX_INTEGER_DIGITS:
        raise ValueError(f"a whole number has at most {MAX_INTEGER_DIGITS} digits")
    return value


#: A parameter's kind as its author reads it (``is a whole number``, never ``is a int``).
_PARAMETER_KINDS = {"int": "a whole number", "decimal": "a number", "bool": "true or false",
                    "str": "a text", "date": "a date", "datetime": "an instant",
                    "any": "an answer", "money": "an amount of money", "set": "a set",
                    "table": "a table of rates"}


@dataclass
class Checker:
    """Checks the rules of one call against the application model and the call's values."""

    root: FieldType
    parameters: Mapping[str, Parameter]
    timeline: Mapping[str, Milestone]
    zone: ZoneInfo
    source: str = "<call>"
    #: The call's currency: what sums of money are added up in.
    currency: str = "EUR"
    clause: str = ""
    severity: Severity = Severity.ERROR
    #: Every dated value of each int parameter, so that a bound holds in every version.
    history: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    #: How a product of money by a number is rounded (the call's ``[budget] rounding``).
    rounding: Rounding = DEFAULT
    nodes: int = field(default=0)
    depth: int = field(default=0)
    #: The steps one application's decision may take, summed over every rule checked so far
    #: (list items visited, and tests made on them): see :meth:`spend`.
    work: int = field(default=0)
    #: The findings one application's explanation may word, summed the same way.
    findings: int = field(default=0)
    #: The parts of the call's words those findings carry (:func:`said_parts`), summed the
    #: same way: each given in the report and in words with its finding.
    parts: int = field(default=0)
    #: How many tests (filters, rules under ``not``) the node being checked is inside.
    testing: int = field(default=0)
    #: How many alternatives of an ``any`` the node being checked is inside: a question too
    #: (a comparison with a side missing does not hold), whose findings are still worded.
    alternatives: int = field(default=0)
    #: The paths checked so far, by text and scope: a path depends on the types only, never
    #: on the call's values, so the versions of a call share them (checked once).
    paths: dict[tuple[Any, ...], Path] = field(default_factory=dict)
    #: The call's labels of its parameters, by name, in each of its languages
    #: (``[labels.parameters]``): how a refusal at load names a parameter (:meth:`named`).
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: The call's labels of its milestones, by name, in each of its languages
    #: (``[labels.milestones]``): how a refusal at load names a milestone.
    milestone_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: The variables read so far (``$root`` among them), each time a path through one is
    #: checked: what a node reads anywhere inside it is what was read while it was built.
    read: list[str] = field(default_factory=list)
    #: The most characters a value of each field a vocabulary of the call serves holds (its
    #: longest code: a value read is one of its codes), by the field's path
    #: (``approvals.kind``): what its texts are folded at (:meth:`texts_folded`).
    code_chars: Mapping[str, int] = field(default_factory=dict)
    #: What each node built reads anywhere inside it (:meth:`reads`), by the node's id (the
    #: node kept beside, so that its id is not another's).
    built_reads: dict[int, tuple[Node, frozenset[str]]] = field(default_factory=dict)

    #: The aggregate terms built so far, by how they are written and the scope they are in
    #: (:meth:`term`).
    terms: dict[tuple[Any, ...], object] = field(default_factory=dict)

    def term(self, raw: Any, scope: Scope) -> object:
        """The token of the aggregate written ``raw`` in ``scope``: one for every term
        written the same way in the same scope of this version of the call (the same
        parameters, the same currency), so that an evaluation works it out once for each
        binding (:func:`~callrules.language.expressions.shared`)."""
        written = json.dumps(raw, sort_keys=True, default=repr)
        key = (written, scope.item, tuple(scope.variables.items()), scope.key)
        return self.terms.setdefault(key, object())

    #: The work done once an evaluation, whatever the rules that ask for it (decision and
    #: explanations share it: :func:`callrules._keys.evaluation_memo`), by what it is: each
    #: text of a field folded or split, the amounts of a list converted (:meth:`once`).
    done_once: dict[tuple[Any, ...], int] = field(default_factory=dict)

    @property
    def estimate(self) -> int:
        """The steps one application's evaluation may take: the decision, the explanation
        of the rules that fail (at most as many steps again), the findings it words
        (:data:`~callrules.language.quantifiers.FINDING_STEPS` each, and
        :data:`~callrules.language.quantifiers.FINDING_PART_STEPS` for each part of the
        call's words they carry), and what is worked out once an evaluation (:meth:`once`)."""
        return (2 * self.work + FINDING_STEPS * self.findings + FINDING_PART_STEPS * self.parts
                + sum(self.done_once.values()))

    def once(self, what: tuple[Any, ...], steps: int, floc: Loc) -> None:
        """Count ``steps`` worked out once an evaluation for ``what``, however many nodes ask
        for it (the first that does is charged)."""
        if what in self.done_once:
            return
        self.done_once[what] = steps
        self.spend(0, floc)

    def where(self, operand: Operand, scope: Scope) -> tuple[str, int]:
        """The field ``operand`` reads, named from the application (the scope's own place
        before a relative path), and how many values of it one application can hold (the
        items of the lists around and on the way)."""
        path = operand.path
        if path.var is None:
            return ".".join(p for p in (scope.key, *path.fields) if p), \
                scope.work * path.longest
        if path.var == "root":
            return ".".join(path.fields), path.longest
        return f"${path.text}", scope.work * path.longest

    def texts_folded(self, operand: Operand, scope: Scope, how: str, floc: Loc) -> None:
        """Count, once an evaluation, folding or splitting every text ``operand`` can read
        (``how``: ``code`` for a table's key, ``parts`` for texts looked into as lists): its
        values each worked out once, whatever reads them (:func:`~callrules._keys.code_key`,
        :func:`~callrules.language.membership.Contains.passes`), at
        :data:`FOLD_BYTE_STEPS` a byte of UTF-8, as many as the field's values can hold
        (:data:`TEXT_BYTES` a character; :data:`CODE_CHARS` characters for a field that
        states no length, a code one of a table's; a field a vocabulary of the call serves,
        its longest code: :attr:`code_chars`), never more than a record
        (:data:`~callrules._reading.MAX_RECORD_BYTES`). Attack 30: keys read from labels of
        500 characters each folded again for each key and each rule, 22 s."""
        name, values = self.where(operand, scope)
        # a vocabulary's code (its longest), else the model's bound on the text, else (no
        # length stated) a code of a table
        chars = self.code_chars.get(name) or operand.path.chars or CODE_CHARS
        size = min(values * chars * TEXT_BYTES, MAX_RECORD_BYTES)
        self.once(("texts", how, name), FOLD_BYTE_STEPS[how] * size, floc)

    def amounts_converted(self, operand: Operand | None, scope: Scope, floc: Loc,
                          into: str | None = None, other: Operand | None = None) -> None:
        """Count converting the amounts of money a comparison reads (``operand``, a field
        of money, read as it is) into the currency ``into`` of the other side, fixed: once
        an evaluation, :data:`CONVERSION_STEPS` for every amount the field can hold (each
        converted once, whatever reads it: :func:`~callrules.language.expressions
        .in_currency`). An amount computed (``operand`` None) or converted into the
        currency of another field (``into`` None) is converted each time the scope tests
        it: counted so, unless it is a field compared with another field of money
        (``other``): each amount converted at most once for each currency the other holds.
        """
        if operand is not None and into is None and other is not None:
            # into the currency of each amount ``other`` reads: each amount converted once
            # an evaluation for each currency, at most the test's times (issue 16: charged
            # each time before, a comparison with each other visitor's allowance refused
            # alone, at 0.4 µs a test measured once each amount was converted once)
            name, _ = self.where(operand, scope)
            conversions = min(scope.work, self.distinct(operand, scope) * min(
                self.distinct(other, scope), CURRENCY_CODES))
            self.once(("amounts", name, "into", other.path.text, scope.work),
                      CONVERSION_STEPS * conversions, floc)
            return
        if operand is None or into is None:
            self.spend(scope.work * CONVERSION_STEPS, floc)
            return
        name, values = self.where(operand, scope)
        self.once(("amounts", name, "into", into), CONVERSION_STEPS * values, floc)

    @staticmethod
    def distinct(operand: Operand, scope: Scope) -> int:
        """How many different values the field ``operand`` reads can hold over one
        evaluation (:attr:`Scope.distinct`; through a variable, as many as it is read)."""
        path = operand.path
        if path.var is None:
            return scope.distinct * path.longest
        if path.var == "root":
            return path.longest
        return scope.work * path.longest

    # -- errors and scopes -----------------------------------------------------------------
    def named(self, param: str | None) -> str:
        """The parameter ``param`` as a refusal's words name it to a person: the call's own
        label, said in the reader's language (:class:`~callrules._in_words.LabelInWords`), else
        its name with spaces for underscores; empty for no parameter."""
        if param is None:
            return ""
        own = self.labels.get(param)
        return LabelInWords(own) if own else param.replace("_", " ")

    def caps_not_below_zero(self, caps: Sequence[object], param: str | None, floc: Loc,
                            said: str, words: str) -> None:
        """A call-file error (``bad_bounds``, at ``floc``) when a cap of ``caps`` (each value
        of the parameter ``param``'s history, or the one written) is below zero: amounts are
        never negative, so nothing could keep within it. ``said`` is the English of what
        would never hold ("total would never hold"), ``words`` the key of the reader's
        sentence (``_param`` added when a parameter holds the cap, named by its label)."""
        for cap in caps:
            if isinstance(cap, Money) and cap.amount < 0:
                shown = f"{cap.amount:f} {cap.currency}"
                raise DefinitionError(
                    f"{said}: a cap of {shown}, below zero"
                    + (f" (parameter {param!r})" if param else ""),
                    code="bad_bounds", source=self.source, loc=floc,
                    hint="give a cap of zero or more",
                    words=(words + ("_param" if param else ""),
                           {"value": shown, "parameter": self.named(param)}))

    def error(self, message: str, floc: Loc, code: str, hint: str | None = None
              ) -> DefinitionError:
        return DefinitionError(message, code=code, source=self.source, loc=floc, hint=hint)

    def money_unit(self, rounding: Rounding, floc: Loc) -> None:
        """A call-file error (``bad_rounding``, at ``floc``) when ``rounding`` rounds money of
        the call's currency to a unit that is not a whole number of its minor unit: the
        amounts so computed (``91.875 EUR``) could not be paid, nor written back in an
        application (a budget plan's proposals among them)."""
        if rounding.unit is None or (minor := below_minor_unit(rounding.unit,
                                                                 self.currency)) is None:
            return
        currency = self.currency
        raise DefinitionError(
            f"a rounding of money is to a whole number of the currency's minor unit: "
            f"{rounding.unit} {currency} is finer than {minor} {currency}",
            code="bad_rounding", source=self.source, loc=floc,
            hint=f"round to {minor} {currency} or to a multiple of it (such as "
                 f"{minor * 5} {currency})",
            words=("rounding_below_minor_unit", {  # amounts in the reader's digits and signs
                "unit": MoneyInWords(rounding.unit, currency),
                "minor": MoneyInWords(minor, currency)}))

    def scope_of(self, item: FieldType) -> Scope:
        return Scope(item, {"root": self.root} if item is self.root else {})

    def enter(self, scope: Scope, items: Operand, name: str | None, floc: Loc, *,
              indexed: bool = False) -> Scope:
        """The scope inside a quantifier over ``items`` (binding ``name`` to each), after
        checking that nested quantifiers stay within the work one application may drive,
        and counting the items it visits (:meth:`spend`).

        ``indexed``: the list is one of the whole application, walked once per application
        to build an index that each outer item looks its own key up in; its items are
        visited once, and the tests inside are made once per item and once per lookup."""
        longest = items.path.longest
        if indexed:
            work = scope.work + longest
            self.spend(longest, floc)
        else:
            work = scope.work * longest
            if work > WORK_LIMIT:
                raise self.error(
                    f"these nested rules would visit up to {work:,} list items for one "
                    f"application (at most {WORK_LIMIT:,})", floc, "too_much_work",
                    "nest fewer rules over lists, or match an item of a list of the whole "
                    "application by equality with the outer item (owner == $visitor.id), "
                    "which is looked up in an index")
            self.spend(work, floc)
        variables = scope.variables
        assert items.path.type.item is not None
        if name is not None:
            if name in variables:
                raise self.error(f"${name} is already bound here", floc + ("as",),
                                 "variable_rebound")
            variables = {**variables, name: items.path.type.item}
        base = scope.key if items.path.var is None else ""
        key = ".".join(p for p in (base, *items.path.fields) if p)
        distinct = (longest if items.path.var == "root" else scope.distinct * longest
                    if items.path.var is None else work)
        keys = scope.keys if name is None else {**scope.keys, name: key}
        return Scope(items.path.type.item, variables, work, key, distinct, name, keys)

    @staticmethod
    def outer_keys(scope: Scope, *operands: Any) -> dict[str, str]:
        """The field key of each outer item ``operands`` read a field of through its variable
        (``$v`` inside an ``each`` of the visitor's tags: ``{"$v": "visitors"}``), for a
        finding to name that field by its label."""
        return {f"${var}": scope.keys[var] for operand in operands if operand is not None
                for var in (operand.path.var,) if var in scope.keys and var != scope.own}

    def spend(self, steps: int, floc: Loc, findings: int = 0, parts: int = 0) -> None:
        """Count ``steps`` more of one application's decision, and ``findings`` more that its
        explanation may word, against :data:`~callrules.language.quantifiers.CALL_WORK_LIMIT`
        (:attr:`estimate`): the sum over every rule of the call, so that no number of rules,
        each within the bound on nesting, can make an application's evaluation long. A node
        is one step each time it is tested (once, or once per item of the lists around it),
        and may word a finding each time; a list read through is one step per item it can
        hold, a quantifier one per item it visits. ``parts``: the parts of the call's words
        those findings carry, summed (:func:`said_parts`)."""
        self.work += steps
        self.findings += findings
        self.parts += parts
        if self.estimate > CALL_WORK_LIMIT:
            raise self.error(
                f"the call's rules together would take up to {self.estimate:,} steps for one "
                "application (list items visited, tests made on them, findings worded), more "
                f"than the {CALL_WORK_LIMIT:,} one application may take (about "
                f"{CALL_WORK_SECONDS} seconds)", floc, "too_much_work",
                "write fewer rules over the lists of the whole application, or match an "
                "item of such a list by equality with the outer item (owner == "
                "$visitor.id), which is looked up in an index")

    def mark(self) -> tuple[int, int, int, int, dict[tuple[Any, ...], int]]:
        """Where the counts stand (nodes, work, findings and their parts, what is done
        once): to build a part again in another way."""
        return self.nodes, self.work, self.findings, self.parts, dict(self.done_once)

    def restore(self, mark: tuple[int, int, int, int, dict[tuple[Any, ...], int]]) -> None:
        """Forget what was counted since ``mark``."""
        self.nodes, self.work, self.findings, self.parts, done = mark
        self.done_once = dict(done)

    def index_key(self, where: Node) -> tuple[Node, tuple[Node, ...], tuple[Node, ...]] | None:
        """For a filter ``field == $var.path`` (among tests of the item alone: tests that
        read no variable anywhere inside them, :meth:`reads`), that comparison and the other
        tests before and after it: a list filtered so can be indexed by the field."""
        return index_key(where, self.reads)

    def outer_key(self, where: Node, scope: Scope
                  ) -> tuple[Node, tuple[Node, ...], tuple[Node, ...]] | None:
        """For a filter ``field == $v.id`` (``$v`` a visitor, case kept) among tests of the
        item alone written before it and tests after it that read the visitor (a line above
        the visitor's own nightly cap): that comparison and the tests before and after it
        (:func:`~callrules.language.quantifiers.outer_key`). The list is indexed by the key
        once and each visitor judges the tests after it on its own group, once a visitor:
        visitors' ids are unique as every rule compares them (an application giving one
        twice is bad input), so every item is judged once an evaluation for all the
        visitors, and the work is what the index's is counted at (its list once, each
        outer item once, :meth:`enter`). A key that two outer items may share (another
        field, ``case_insensitive``) would judge a group once for each: such a filter is
        read item by item, as before."""
        found = outer_key(where, self.reads)
        if found is None:
            return None
        other = found[0].other
        assert other is not None and other.path.var is not None
        bound = scope.variables.get(other.path.var)
        model = None if bound is None else bound.model
        if model is None or not issubclass(model, Visitor) or other.path.fields != ("id",):
            return None
        return found

    def read_item_by_item(self, where: Node | None, floc: Loc, error: DefinitionError
                          ) -> DefinitionError:
        """``error``, a filter read item by item refused for its work, with a hint saying
        why its list was not indexed when another of its tests than the key reads the item
        around the list (``$v``): the usual hint (match by equality with the outer item)
        would send its author round in circles. A test reading it written before the key
        is read for every item of the list and every outer item: written after it, it is
        judged on the outer item's own group (:meth:`outer_key`), if the key is the
        visitor's id."""
        if where is None or error.code != "too_much_work":
            return error
        parts = where.rules if isinstance(where, AllOf) else (where,)
        keys = [p for p in parts if isinstance(p, Compare) and p.indexable]
        readers = [(at, sorted(self.reads(p) - {"root"})) for at, p in enumerate(parts)
                   if len(keys) == 1 and p is not keys[0] and self.reads(p) - {"root"}]
        if not readers:
            return error
        at, names = readers[0]
        place = format_loc(floc + (("where", "rules", at) if isinstance(where, AllOf) else
                                   ("where",)))
        name = next((n for n in names if n != "?"), "")
        said = f"${name}" if name else "an outer item"
        if at < parts.index(keys[0]):
            why = (f"it is written before the comparison, so it is judged on every item of "
                   f"the list for every outer item; write the comparison with the outer "
                   f"item first and the tests that read {said} after it, which are then "
                   f"judged on the outer item's own items only")
        else:
            why = ("a list whose other tests read the outer item is looked up in an index "
                   "only by the visitor's own id, case kept (beneficiary == $v.id), which "
                   "no two visitors share, and when those tests read no other outer item: "
                   "this one is read item by item for each outer item; compare with the "
                   f"visitor's id, or compare what reads {said} outside the filter")
        return self.error(
            error.message, error.loc, error.code,
            f"the filter compares a field with the outer item, but its test at {place} "
            f"reads {said} too: {why}")

    def reads(self, node: Node) -> frozenset[str]:
        """The variables (``$root`` among them) that ``node`` reads anywhere inside it, in
        any part of any operator or expression (both sides of a comparison, a ``to``, the
        parts of ``times``, ``shift`` and ``days_between``, the rules under ``not`` and
        ``any``, the filters of the lists inside): those read while it was checked, so that
        no shape of a node can hide one. A node not built here is taken to read some."""
        found = self.built_reads.get(id(node))
        if found is None or found[0] is not node:
            return frozenset({"?"})
        return found[1]

    # -- nodes -------------------------------------------------------------------------------
    def count_node(self, floc: Loc, work: int = 1) -> None:
        """Count one more node (rule or expression) against ``LIMITS['nodes']``, and the
        ``work`` times it is tested for one application (the scope's) against the call's
        work."""
        self.nodes += 1
        if self.nodes > d.LIMITS["nodes"]:
            raise self.error(f"more than {d.LIMITS['nodes']} rule nodes", floc, "too_many_nodes")
        self.spend(work, floc)

    def build(self, raw: Any, scope: Scope, floc: Loc) -> Node:
        """The typed node of the grammar node ``raw``, found at ``floc`` in the file."""
        self.count_node(floc, scope.work)
        if self.depth >= d.LIMITS["depth"]:
            raise self.error(f"rules nested deeper than {d.LIMITS['depth']}", floc, "too_deep")
        if raw.op == "unique":
            raise self.error("unique spans applications: it must be the whole check of a "
                             "rule, not nested", floc, "misplaced_unique")
        self.depth += 1
        start = len(self.read)
        try:
            node: Node = OPERATORS[raw.op].build(raw, self, scope, floc)
        finally:
            self.depth -= 1
        self.built_reads[id(node)] = (node, frozenset(self.read[start:]))
        if not self.testing and not isinstance(node, _PASSING_ON):
            # it words its own finding each time tested, naming what the call wrote
            self.spend(0, floc, scope.work, scope.work * said_parts(node))
        return node

    def test(self, raw: Any, scope: Scope, floc: Loc) -> Node:
        """The typed node of ``raw`` read as a test (a filter, the rule under ``not``): only
        whether it holds is asked, so the nodes inside word no finding."""
        self.testing += 1
        try:
            return self.build(raw, scope, floc)
        finally:
            self.testing -= 1

    def alternative(self, raw: Any, scope: Scope, floc: Loc) -> Node:
        """The typed node of ``raw`` read as an alternative of an ``any``: a question, as a
        test is (a comparison with a value missing on either side does not hold, so an
        optional field left out never satisfies an alternative by itself), whose findings
        are still worded when every alternative fails."""
        self.alternatives += 1
        try:
            return self.build(raw, scope, floc)
        finally:
            self.alternatives -= 1

    @property
    def questioning(self) -> bool:
        """Whether the node being checked is a question (inside a test or an alternative of
        an ``any``), where a comparison holds only with a value on both sides."""
        return bool(self.testing or self.alternatives)

    def grammar(self, raw: Any, floc: Loc) -> Any:
        """A rule written inside an expression (a ``where``), checked against the grammar."""
        try:
            return _RULE.validate_python(raw)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            loc = tuple(p for p in first["loc"] if not (isinstance(p, str) and (
                p in d.OPS or "[" in p)))
            raise self.error(error_text(first), floc + loc, first["type"],
                             f"op is one of: {', '.join(d.OPS)}"
                             if first["type"] == "union_tag_invalid" else None) from None

    # -- operands --------------------------------------------------------------------------
    def operand(self, text: str, scope: Scope, floc: Loc) -> Operand:
        """The field ``text`` names; reading through a list counts its items as work."""
        operand = self._operand(text, scope, floc)
        if operand.path.longest > 1:
            self.spend(scope.work * operand.path.longest, floc)
        return operand

    def _operand(self, text: str, scope: Scope, floc: Loc) -> Operand:
        path = self._path(text, scope, floc)  # (checked, and refused, as written)
        if path.var is not None and path.var == scope.own and path.fields:
            # the current item's own field, read as the item's (a path the parser took as
            # written: what follows ``$v.`` is a plain path of the item's fields)
            path = self._path(".".join(path.fields), scope, floc)
        if path.var is not None:  # what the node being built reads (:meth:`reads`)
            self.read.append(path.var)
        return Operand(path)

    def path_of(self, text: str, scope: Scope, floc: Loc) -> Path:
        """The field ``text`` names, checked, without counting work (a look at its type)."""
        return self._path(text, scope, floc)

    def _path(self, text: str, scope: Scope, floc: Loc) -> Path:
        key = (text, scope.item, tuple(scope.variables.items())) if isinstance(text, str) \
            else None
        path = self.paths.get(key) if key is not None else None
        if path is None:
            try:
                path = parse_path(text, scope.item, scope.variables)
            except PathError as exc:
                raise self.error(str(exc), floc, exc.code, exc.hint) from None
            if key is not None:
                self.paths[key] = path
        return path

    def list_operand(self, text: str, scope: Scope, floc: Loc, what: str) -> Operand:
        """The list ``text`` names, for a quantifier to walk: its items are counted when it
        is entered (:meth:`enter`), or by the caller (:meth:`spend`)."""
        operand = self._operand(text, scope, floc)
        kind = operand.path.type
        if kind.kind != "list" or kind.item is None:
            raise self.error(f"{what} needs a list, but {text!r} is {kind.described()}", floc,
                             "not_a_list")
        return operand

    def scalar_operand(self, text: str, scope: Scope, floc: Loc, op: str) -> Operand:
        operand = self.operand(text, scope, floc)
        kind = operand.path.type
        if kind.kind not in _SCALAR:
            raise self.error(
                f"{op} reads one value, but {text!r} is {kind.described()}"
                + ("; use each or exists to look into a list" if kind.kind == "list" else ""),
                floc, "wrong_type")
        return operand

    def param(self, name: object, floc: Loc, kinds: set[str]) -> Parameter:
        if not isinstance(name, str) or name not in self.parameters:
            raise self.error(f"no parameter {name!r}", floc, "unknown_parameter",
                             did_you_mean(str(name), self.parameters) or
                             f"parameters: {', '.join(self.parameters) or 'none'}")
        param = self.parameters[name]
        if param.kind not in kinds and not (param.kind == "int" and "decimal" in kinds):
            raise self.error(f"parameter {name!r} is {_PARAMETER_KINDS[param.kind]}; "
                             f"expected {' or '.join(_PARAMETER_KINDS[k] for k in sorted(kinds))}",
                             floc, "wrong_type")
        return param

    def milestone(self, name: object, floc: Loc) -> Milestone:
        if not isinstance(name, str) or name not in self.timeline:
            raise self.error(f"no milestone {name!r} in the timeline", floc,
                             "unknown_milestone",
                             did_you_mean(str(name), self.timeline) or
                             f"milestones: {', '.join(self.timeline) or 'none'}")
        return self.timeline[name]

    def literal(self, raw: object, kind: str, floc: Loc) -> Any:
        """A literal operand coerced to ``kind``, or a DefinitionError saying what is expected."""
        try:
            if kind == "str" and isinstance(raw, str):
                return raw
            if kind == "bool" and isinstance(raw, bool):
                return raw
            if kind == "int" and isinstance(raw, int) and not isinstance(raw, bool):
                return whole_number(raw)
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
                return raw if isinstance(raw, (str, bool)) else whole_number(raw)
        except (ValueError, TimeError) as exc:
            if kind == "money" and isinstance(raw, Mapping) and \
                    bare_number_words(raw) is None:  # said as money is written, never a dict
                written = f"{raw['amount']} {raw['currency']}"
                raise DefinitionError(f"{shown(written)} is not money: {exc}",
                                      code="bad_literal", source=self.source, loc=floc,
                                      words=("definition_bad_money", {"value": written[:100]})
                                      ) from None
            raise DefinitionError(f"{shown(raw)} is not a valid {kind_words(kind)}: {exc}",
                                  code="bad_literal", source=self.source, loc=floc,
                                  words=bare_number_words(raw)) from None
        if kind == "decimal" and isinstance(raw, float):  # TOML's and JSON's numbers inexact
            words = bare_number_words(raw)
            raise DefinitionError(
                "expected a decimal here, written in quotes so that it is exact, not a bare "
                f"number (this one was read as {words[1]['value'] if words else raw})",
                code="wrong_type", source=self.source, loc=floc, words=words)
        if kind == "money":
            raise self.error(f"expected money here, written {{ amount = \"150.00\", currency = "
                             f"\"{self.currency}\" }}, not {shown(raw)}", floc, "wrong_type")
        error = self.error(f"expected {a_or_an(kind_words(kind))} here, got {shown(raw)}", floc,
                           "wrong_type")
        if isinstance(raw, Mapping):  # said in words in the reader's language (att90)
            error.words = ("definition_table_given", {})
        elif isinstance(raw, (list, tuple)):
            error.words = ("definition_list_given", {})
        raise error

    def no_blank(self, path: Path, written: object, floc: Loc) -> None:
        """Refuse ``""`` written in the call (``written``: one value or a list of them)
        against a field where an empty text is no value (``path.blank``: an answer, a text
        declared with ``min_length`` 0): such a field is read as left out when blank, so
        ``== ""``, ``in [""]`` or ``not_in [""]`` would never see it (session 44, look59g);
        ``present`` says what such a rule means."""
        values = written if isinstance(written, list) else [written]
        if not path.blank or not any(isinstance(v, str) and v == "" for v in values):
            return
        raise DefinitionError(
            f"\"\" is written against {path.text!r}, where an empty text is no value (a "
            "field left blank is read as left out): the rule would never see it",
            code="blank_literal", source=self.source, loc=floc,
            hint="to require a value write { op = \"present\" }; to require none, "
                 "{ op = \"not\", rule = { op = \"present\" } }",
            words=("rule_blank_literal", {}))

    def offset(self, raw: object, floc: Loc, direction: int = 0
               ) -> tuple[int | None, str | None]:
        """A number of years, months or days to move a date by, written as a whole number or
        an int parameter (every value of its history): signed and at most 1000 either way
        (``direction`` 0), or at least zero and at most 1000, counted back (-1) or forward
        (1); the signed offset."""
        value, name = self.int_operand(raw, floc)
        if value is None:
            return None, None
        values = self.history.get(name, (value,)) if name is not None else (value,)
        lowest = -1000 if direction == 0 else 0
        for each in values:
            if not lowest <= each <= 1000:
                wanted = ("at most 1000 either way" if direction == 0 else
                          f"from 0 to 1000 ({'before' if direction < 0 else 'after'} says "
                          "the direction)")
                shown = f"parameter {name!r} is {each}" if name else f"{each}"
                raise self.error(f"{shown}, but an offset is {wanted}",
                                 floc + (("param",) if name else ()), "bad_offset")
        return (value * direction if direction else value), name

    def within_reach(self, span: tuple[int, int] | None, cmp: str, bound: object,
                     param: str | None, floc: Loc) -> None:
        """Refuse a comparison of a whole number the model keeps from ``span[0]`` to
        ``span[1]`` (a page count, how many visitors) with a limit, ``bound`` or any value
        of the parameter ``param``'s history, that no number of that range meets
        (``project_pages_max = -1``, at least 1,001 of at most 1,000 visitors): no
        application could meet it, a mistake of the call refused when it loads
        (``bad_bounds``, in the reader's language, naming the parameter), as ``days`` and
        ``total`` refuse theirs. Not inside a test (a filter, a rule under ``not``), where a
        comparison that never holds is still a question."""
        if span is None or self.testing or cmp == "!=":
            return
        least, most = span
        values = self.history.get(param, (bound,)) if param is not None else (bound,)
        for value in values:
            if isinstance(value, bool) or not isinstance(value, int):
                continue
            met = {"<=": value >= least, "<": value > least, ">=": value <= most,
                   ">": value < most, "==": least <= value <= most}[cmp]
            if met:
                continue
            raise DefinitionError(
                f"compare would never hold: the number compared is from {least} to {most}, "
                f"never {cmp} {value}" + (f" (parameter {param!r})" if param else ""),
                code="bad_bounds", source=self.source,
                loc=floc + (("param",) if param else ()),
                hint=f"give a limit that a number from {least} to {most} meets",
                words=("rule_number_out_of_range" + ("_param" if param else ""),
                       {"least": str(least), "most": str(most), "value": str(value),
                        "parameter": self.named(param)}))

    def int_operand(self, raw: object, floc: Loc) -> tuple[int | None, str | None]:
        if raw is None:
            return None, None
        if isinstance(raw, Mapping) and set(raw) == {"param"}:
            param = self.param(raw["param"], floc + ("param",), {"int"})
            return int(param.value), param.name
        return int(self.literal(raw, "int", floc)), None

    def set_operand(self, raw: object, kind: str, scope: Scope, floc: Loc
                    ) -> tuple[frozenset[Any] | None, Operand | None, dict[str, object]]:
        """A set: fixed values (a list, a set parameter) or a list of the application."""
        if isinstance(raw, Mapping) and set(raw) == {"param"}:
            param = self.param(raw["param"], floc + ("param",), {"set"})
            wanted = {"str": str, "int": int}.get(kind)
            if wanted is not None and not all(type(v) is wanted for v in param.value):
                raise self.error(f"parameter {param.name!r} is not a set of "
                                 f"{kind_words(kind, plural=True)}, so "
                                 f"{a_or_an(kind_words(kind))} is never in it",
                                 floc + ("param",), "wrong_type")
            ctx: dict[str, object] = {"param": param.name}
            if param.region:
                ctx["region"] = param.region
            if param.named_set:
                ctx["named_set"] = param.named_set
            return param.value, None, ctx
        if isinstance(raw, Mapping) and set(raw) == {"path"}:
            other = self._operand(str(raw["path"]), scope, floc + ("path",))
            # a list of the whole application is read once per application (hoisted), any
            # other once per item around it
            self.spend(other.path.longest * (1 if other.path.var == "root" else scope.work),
                       floc + ("path",))
            item = other.path.type.item
            if other.path.type.kind != "list" or item is None or item.kind not in (kind,
                                                                                  "any"):
                raise self.error(f"the set at {raw['path']!r} must be a list of "
                                 f"{kind_words(kind, plural=True)}, not "
                                 f"{other.path.type.described()}", floc + ("path",),
                                 "wrong_type")
            return None, other, {"among": other.path.text}
        if isinstance(raw, list):
            if len(raw) > d.LIMITS["set_items"]:
                raise self.error(f"a set may hold at most {d.LIMITS['set_items']} items", floc,
                                 "set_too_large")
            # the grammar keeps a set's items of one kind (true is not 1: mixed_set)
            values = [self.literal(v, kind, floc + (i,)) for i, v in enumerate(raw)]
            twice = listed_twice(values)
            if twice is not None:  # one key: "(café and café)", and one value to every rule
                raise self.error(twice_said(values, twice), floc + (twice[1],), "listed_twice")
            return frozenset(values), None, {}
        raise self.error("a set is a list, {param = \"name\"} or {path = \"a.list\"}", floc,
                         "wrong_type")


#: The characters of a text counted as one part of what a finding says (:func:`said_parts`).
PART_CHARS = 64
#: The parts a finding about dates or instants counts more (:func:`said_parts`): its value,
#: its limit and the time between said by the calendar and the clocks in each language.
#: Measured (session 33, attack 33b's 40,771 findings comparing a shifted instant with a
#: milestone): about 150 µs to word in English and French, where a finding about money
#: takes 40 µs.
TIME_PARTS = 100


def said_parts(node: Node) -> int:
    """The parts of the call's words each finding of ``node`` carries (its context as
    written, its requirement, the rule it words), each given in the report and said with
    the finding: a value, a key or an item each, a text one for each :data:`PART_CHARS`
    characters begun; :data:`TIME_PARTS` more for a finding about dates or instants.
    Attack 33b: a 12-level expression named by each of 40,000 findings, charged as a
    finding naming a field."""
    kind = getattr(node, "kind", None) or getattr(getattr(node, "left", None), "kind", None)
    count = TIME_PARTS if kind in ("date", "datetime") else 0
    stack: list[object] = [getattr(node, name, None) for name in ("ctx", "requirement",
                                                                   "written")]
    while stack:
        value = stack.pop()
        if value is None:
            continue
        if isinstance(value, str):
            count += 1 + len(value) // PART_CHARS
        elif isinstance(value, Mapping):
            count += 1
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, (list, tuple)):
            count += 1
            stack.extend(value)
        else:
            count += 1
    return count
