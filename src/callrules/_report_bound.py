"""The bound on what the evaluation of one application may produce: its findings, weighed.

Each finding is bounded on its own (a list it carries keeps 30 items, see
:class:`~callrules._report.Finding`), and the work of a call is bounded when it loads; but
findings × their size is not: 100 rules over 1,000 visitors, each finding showing a set of
30 codes, made a 116 MB report from a 328 KB application, and long requirement texts
repeated in every finding ran out of memory. So the findings of one application are weighed
while they are produced, and their weight is bounded by :func:`limit_of`: a small fixed
allowance (:data:`FINDINGS_BASE`), :data:`FINDINGS_PER_RULE` for each rule that fails, and
:data:`FINDINGS_PER_CHAR` times the weight of the application itself, each of its texts
counted as at most :data:`ALLOWANCE_TEXT` characters (:func:`own_weight`: a text's
characters past those allow no finding; one that quotes them carries their weight itself,
so what is produced and worded does not grow with text no finding says), and at most
:data:`ALLOWANCE_WEIGHT` of it (:func:`own_allowance`). At the bound, the rule
being explained stops (:class:`TooManyFindingsError`, never shown to a person): it is said by
the findings that fitted, then one finding ``findings_cut`` saying the others are not listed
(:meth:`FindingsBudget.cut`). The verdict is untouched: a rule that fails still fails, and
the rules after it are explained, each within its own allowance (an application that fails
is never said unreadable because its failures are many: attack 23b F-V1).

The weight of a value is about the characters it takes in a report: a text its length (plus,
for a text that may be shown by its label, the longest label of the call's values), a
number or a date a few characters, a list or an object the sum of its items and keys. The
weight of a finding is that of its ``input``, its ``ctx`` and its place, plus its own
wording (:data:`FINDING_WEIGHT`, or its template from the call). A long text of the call
(a requirement of more than :data:`~callrules._report.LONG_TEXT` characters) weighs what each
finding keeps of it, its head: a report's JSON says it whole once (``texts``), and a batch's
answer once for the batch, so it is bounded by the call, not by the findings. So does a set
of values one of which is long (an ``in`` rule's ``allowed``, or ``known`` read from the
application, :data:`~callrules._report.SET_KEYS`): each finding keeps
the heads of its values (:func:`~callrules._report.long_sets`; before, 480 rules naming a set
of 20 values of 4,999 characters weighed 100 KB each, and the bound cut 458 of them though
each failed in one place). A report in JSON, messages included, takes at most
:data:`REPORT_FACTOR` characters per unit of weight, plus the call's long texts twice (given,
and said whole in the first message naming each) and its long sets once
(``tests/test_report_size.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

from callrules._places import longest_name
from callrules._report import Finding, input_set, long_sets, long_text, text_head

__all__ = ["ALLOWANCE_TEXT", "ALLOWANCE_WEIGHT", "BUDGET", "CUT_WEIGHT", "FINDINGS_BASE",
           "FINDINGS_PER_CHAR", "FINDINGS_PER_RULE", "FINDING_WEIGHT", "REPORT_FACTOR",
           "FindingsBudget", "TooManyFindingsError", "label_allowance", "limit_of",
           "own_allowance", "own_weight", "weight"]

#: The weight of findings any application may produce, whatever its size and the rules.
FINDINGS_BASE = 500_000
#: The weight of findings allowed for each rule that fails: its own finding (measured: 1,000
#: to 2,000), a template of the call's (up to 1,000 characters) and a requirement's head
#: included; a finding that says more (a set of 30 codes shown by long labels) takes from
#: the fixed allowance and the application's.
FINDINGS_PER_RULE = 4_000
#: The weight of findings allowed for each unit of weight of the application itself
#: (:func:`own_weight`: each of its texts counted as at most :data:`ALLOWANCE_TEXT`).
FINDINGS_PER_CHAR = 24
#: The most characters of one text of the application that its findings' allowance counts
#: (:func:`own_weight`); the longest text of the benchmark's application has 38.
ALLOWANCE_TEXT = 40
#: The most weight of the application that its findings' allowance counts
#: (:func:`own_allowance`): just above the benchmark's application, the largest the models
#: allow (1,000 visitors, 1,000 documents, 10,000 budget lines: 2,761,771), so that no
#: padding the findings never say (numbers in a list of each line's declared fields)
#: allows more.
ALLOWANCE_WEIGHT = 2_800_000
#: What a finding weighs beyond its values: its code, clause, place and the words of its
#: message (the library's templates are under 400 characters).
FINDING_WEIGHT = 400
#: The weight kept, below the bound, for the finding that says a rule's other failures are
#: not listed (``findings_cut``: its wording, the bound and the count said, its place).
CUT_WEIGHT = 1_000
#: The most characters a report in JSON (messages in one language included) takes for each
#: unit of weight of its findings.
REPORT_FACTOR = 4
#: Where an explanation's environment holds the budget of the evaluation (never a name a
#: rule can give a variable).
BUDGET = "$budget"
#: The weight of a text beyond its characters (quotes, a separator).
_TEXT = 8
#: The weight of a number, a date, an instant, an amount.
_SCALAR = 32
#: The words of a place beyond the names of its items ("Visitor 2 (…)", separators).
_PLACE = 24
#: The weight of a name built into callrules (a country's, a currency's, a language's).
_BUILT_IN_LABEL = 50


def weight(value: object, label: int = 0, longest: int | None = None) -> int:
    """About the characters ``value`` takes in a report; a text shown by its label may take
    ``label`` characters more. A list a finding carries is already capped (30 items). With
    ``longest``, a text counts at most ``longest`` characters (the application's own
    allowance, :func:`own_weight`).

    >>> weight("abc"), weight("a" * 500, longest=ALLOWANCE_TEXT)
    (11, 48)
    """
    if value is None or isinstance(value, bool):
        return _TEXT
    if isinstance(value, str):
        return (len(value) if longest is None else min(len(value), longest)) + _TEXT + label
    if isinstance(value, (int, float, Decimal, date, timedelta)):
        return _SCALAR
    if isinstance(value, Enum):
        return weight(value.value, label, longest)
    if isinstance(value, Mapping):
        return _TEXT + sum(weight(k, 0, longest) + weight(v, label, longest)
                           for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return _TEXT + sum(weight(v, label, longest) for v in value)
    fields = getattr(value, "__dict__", None)
    if isinstance(fields, dict):  # a model (an item of the application), a Money
        return _TEXT + sum(weight(k, 0, longest) + weight(v, label, longest)
                           for k, v in fields.items())
    slots = getattr(type(value), "__slots__", ())
    if slots:
        return _TEXT + sum(weight(getattr(value, s, None), label, longest) for s in slots)
    return _SCALAR


def own_weight(application: object) -> int:
    """The weight of ``application`` its findings are allowed by (:data:`FINDINGS_PER_CHAR`
    for each unit): its :func:`weight`, each of its texts counted as at most
    :data:`ALLOWANCE_TEXT` characters. A text's characters beyond those allow nothing: a
    finding that quotes the text carries its weight itself, and one that does not quote it
    would be allowed by text it never says (attack 38b: 500-character labels no finding
    quoted raised the findings of 55 rules from 12,609 to 30,953, 19 s decided and worded).

    >>> own_weight(["a" * 40]) == own_weight(["a" * 500]) == weight(["a" * 40])
    True
    """
    return weight(application, longest=ALLOWANCE_TEXT)


def own_allowance(application: object) -> int:
    """The weight of findings ``application`` allows by itself: :data:`FINDINGS_PER_CHAR`
    times its :func:`own_weight`, counted up to :data:`ALLOWANCE_WEIGHT` (attack 38b's
    sequel: each of 10,000 lines given a declared list of 100 integers, 4.9 MiB, allowed
    all 55,000 findings of 55 rules, 35 s decided and worded).

    >>> own_allowance(["a" * 500]) == FINDINGS_PER_CHAR * weight(["a" * ALLOWANCE_TEXT])
    True
    >>> own_allowance([0] * 1_000_000) == FINDINGS_PER_CHAR * ALLOWANCE_WEIGHT
    True
    """
    return FINDINGS_PER_CHAR * min(own_weight(application), ALLOWANCE_WEIGHT)


def _weigh(finding: Finding, label: int, place: int,
           memo: dict[int, tuple[object, int]] | None = None) -> int:
    """A finding's weight: its values, its wording, and its place written three times (a
    path, a pointer, words naming each item on the way by ``place`` characters at most).
    A long text of the call it names (a requirement) weighs what the finding keeps of it,
    its head in each language and its id, and a set of the call one of whose values is long
    the heads of its values and its id (:func:`~callrules._report.long_sets`), as does its
    ``input`` when it is that set (:func:`~callrules._report.input_set`): the whole
    text or set is said once per answer (:meth:`~callrules._report.Report.to_dict`), and
    weighed with the call."""
    template = max((len(t) for t in (finding.template or {}).values()), default=0)
    items = sum(isinstance(part, int) for part in finding.loc)
    ctx = finding.ctx
    if long_text(finding) is not None:
        texts = ctx["requirement"]
        assert isinstance(texts, Mapping)
        ctx = {**ctx, "requirement": {lang: text_head(str(text)) for lang, text in
                                      texts.items()}, "requirement_text": "t" * 17}
    sets = long_sets(finding)
    for name, _key, _whole, heads in sets:  # (a set said once, as a long text: its heads
        ctx = {**ctx, name: heads, name + "_text": "t" * 17}  # kept once)
    given, named = finding.input, 0
    if (as_set := input_set(finding, sets)) is not None:  # (an input that is such a set:
        given, named = as_set[1], weight("input_text") + weight("t" * 17)  # heads and id)
    if memo is None:
        return (FINDING_WEIGHT + template + weight(finding.loc) * 3 + items * place
                + weight(given, label) + named + weight(ctx, label))
    # (as ``weight(ctx, label)``, each list or mapping of it weighed once an evaluation: the
    # comparison as written that every finding of its rule shares)
    values = _TEXT + sum(weight(k) + _weight_once(v, label, memo) for k, v in ctx.items())
    return (FINDING_WEIGHT + template + weight(finding.loc) * 3 + items * place
            + _weight_once(given, label, memo) + named + values)


def _weight_once(value: object, label: int, memo: dict[int, tuple[object, int]]) -> int:
    """:func:`weight`, a list or mapping held in ``memo`` (with the value, so that its id
    names no other while it is held) once weighed."""
    if not isinstance(value, (list, tuple, Mapping)):
        return weight(value, label)
    held = memo.get(id(value))
    if held is not None and held[0] is value:
        return held[1]
    heavy = weight(value, label)
    memo[id(value)] = (value, heavy)
    return heavy


def label_allowance(labels: Any) -> int:
    """The longest label a text of a finding may be shown by: a call's label of a coded value
    (at most 500 characters), or a name built into callrules."""
    values = getattr(labels, "values", None) or {}
    longest = max((len(text) for vocabulary in values.values() for texts in vocabulary.values()
                   for text in texts.values()), default=0)
    return max(longest, _BUILT_IN_LABEL)


def limit_of(application: object, rules: int = 0) -> int:
    """The most weight the findings of ``application`` may have when ``rules`` of the call
    fail on it."""
    return FINDINGS_BASE + FINDINGS_PER_RULE * rules + own_allowance(application)


class TooManyFindingsError(Exception):
    """The findings of the rule being explained pass the bound (:func:`limit_of`): raised
    where they are produced, to stop the explanation, and caught by the program, which says
    the rule by the findings that fitted (:meth:`FindingsBudget.cut`)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the findings pass their bound of {limit}")
        self.limit = limit


class FindingsBudget:
    """The weight of the findings of one evaluation so far, checked as they are produced.

    :meth:`charge` adds findings as a rule makes them (the outermost list a rule walks
    charges each item's findings); :meth:`settle` replaces what a rule charged by the weight
    of the findings it kept, and counts the rule. The rule being explained is counted among
    the rules that fail. The application is weighed only once its findings pass what the
    rules alone allow (most applications have a few findings). The findings of the rule being
    explained that fit are kept (:attr:`said`): past the bound, they say the rule
    (:meth:`cut`)."""

    __slots__ = ("_label", "_place", "_weighed", "_weights", "application", "labels", "own",
                 "pending", "rules", "said", "used")

    def __init__(self, application: object, labels: Any = None) -> None:
        self.application = application
        self.labels = labels  # the call's: weighed only once a finding is
        self._label: int | None = None
        self._place: int | None = None
        self.own: int | None = None  # own_allowance(application), once weighed
        self.rules = 0
        self.used = 0
        self.pending = 0
        self.said: list[Finding] = []
        #: The lists and mappings findings carry, weighed (each once an evaluation).
        self._weights: dict[int, tuple[object, int]] = {}
        #: The findings of the rule being explained, weighed when charged: settled without
        #: being weighed again (each kept, so that its id names no other).
        self._weighed: dict[int, tuple[Finding, int]] = {}

    @property
    def limit(self) -> int:
        """The bound so far: with the rule being explained, and the application's own
        allowance once it is weighed."""
        return FINDINGS_BASE + FINDINGS_PER_RULE * (self.rules + 1) + (self.own or 0)

    @property
    def label(self) -> int:
        """How much more a text may take, shown by its label (:func:`label_allowance`)."""
        if self._label is None:
            self._label = label_allowance(self.labels)
        return self._label

    @property
    def place(self) -> int:
        """The most characters an item on a finding's way is named by, in its place."""
        if self._place is None:
            self._place = longest_name(self.application) + self.label + _PLACE
        return self._place

    def charge(self, findings: Iterable[Finding]) -> None:
        """Count ``findings`` (of the rule being explained), keeping each that fits; past
        the bound, raise :class:`TooManyFindingsError`."""
        for finding in findings:
            self._take(finding)

    def settle(self, findings: Iterable[Finding]) -> None:
        """The findings a rule kept, in place of what it charged on the way; the rule is
        counted. Past the bound, :class:`TooManyFindingsError` (:attr:`said` holds those
        that fit)."""
        self.pending = 0
        self.said = []
        for finding in findings:
            self._take(finding)
        self._close()

    def cut(self, said: Iterable[Finding]) -> None:
        """The findings a rule is said by once it passed the bound (those that fitted, and
        the one saying the others are not listed), in place of what it charged; the rule is
        counted."""
        self.pending = 0
        self.used += sum(_weigh(f, self.label, self.place, self._weights) for f in said)
        self._close()

    def _close(self) -> None:
        self.used += self.pending
        self.pending = 0
        self.said = []
        self._weighed = {}
        self.rules += 1

    def _take(self, finding: Finding) -> None:
        """Count ``finding`` and keep it, if it fits below the bound (less the weight kept
        to say that the others are not listed); otherwise raise."""
        held = self._weighed.get(id(finding))
        if held is not None and held[0] is finding:
            heavy = held[1]
        else:
            heavy = _weigh(finding, self.label, self.place, self._weights)
            self._weighed[id(finding)] = (finding, heavy)
        total = self.used + self.pending + heavy + CUT_WEIGHT
        if total > self.limit and self.own is None:
            self.own = own_allowance(self.application)
        if total > self.limit:
            raise TooManyFindingsError(self.limit)
        self.pending += heavy
        self.said.append(finding)
