"""Ranking and funding: reviewers' scores combined, thresholds, ties, portfolio limits and the
envelope spent in rank order.

The steps, each deterministic and exact (``Decimal``, never float):

1. eligibility, by :func:`callrules.evaluate_many` (applications not eligible take no part);
2. each criterion's score: the reviewers' scores combined (mean, median or trimmed mean),
   rounded half-even to the rules' precision; an application lacking a score, or with a
   score line that could not be used, is not ranked;
3. the total: the weighted sum of the criteria's scores; thresholds on a criterion or on the
   total leave an application unranked;
4. the rank: by total, then by the tie-break criteria in order, then the earlier submission,
   then the application id;
5. funding, down the ranks: a proposal over a portfolio limit is left out (saying which); one
   that fits in what remains of the envelope is funded in full; the first that does not fit
   gets the remainder if partial funding is allowed; then the rest wait on the reserve list
   (or, with ``fill``, those further down that fit are funded).
"""

from __future__ import annotations

import decimal
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from types import MappingProxyType
from typing import Any

from confusable_homoglyphs.confusables import confusables_data

from callrules._call import Call
from callrules._codes import currency_minor_unit
from callrules._evaluate import Sourced, evaluate_many, parse_application
from callrules._keys import code_key, text_key
from callrules._models import Application
from callrules._money import Money, TooLargeError, quantum
from callrules._sourced import text_size
from callrules.exceptions import (
    ArgumentError,
    CurrencyMismatchError,
    InputError,
    InputProblem,
    MissingExchangeRateError,
    weighed,
)
from callrules.selection.criteria import SelectionRules, selection_rules
from callrules.selection.result import DECISION_ORDER, Decision, Reason, Selection, SelectionEntry
from callrules.selection.scores import (
    ScoreRow,
    ScoreSheet,
    by_scale,
    check_scores,
    place_of,
    scores_from,
)

__all__ = ["combine", "requested_amount", "select", "too_many_decimals", "unit_key"]

_CONTEXT = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN,
                           traps=[decimal.InvalidOperation, decimal.DivisionByZero])

Scores = ScoreSheet | str | Path | Iterable[Mapping[str, object] | ScoreRow]


def combine(values: Sequence[Decimal], rules: SelectionRules) -> Decimal:
    """The reviewers' ``values`` on one criterion combined as ``rules`` say, rounded half-even
    to ``rules.precision``. A trimmed mean with too few scores to trim is the median.

    >>> from callrules.selection.criteria import SelectionRules
    >>> combine([Decimal(3), Decimal(4), Decimal(4)], SelectionRules(()))
    Decimal('3.67')
    """
    ordered = sorted(values)
    count = len(ordered)
    how = rules.combine
    if how == "trimmed_mean" and count > 2 * rules.trim:
        ordered = ordered[rules.trim:count - rules.trim]
        count = len(ordered)
    elif how != "mean":  # the median
        middle = count // 2
        ordered = ordered[middle - 1:middle + 1] if count % 2 == 0 else [ordered[middle]]
        count = len(ordered)
    total = Decimal(0)
    for value in ordered:
        total = _CONTEXT.add(total, value)
    return _CONTEXT.divide(total, Decimal(count)).quantize(rules.precision, context=_CONTEXT)


def requested_amount(application: Application, currency: str) -> Money | None:
    """The application's budget total in ``currency``: each line converted at the rates the
    application supplies (rounded to the minor unit), then added exactly; None when a rate
    is missing or the total passes the bound of every amount (18 digits before the point).
    """
    rates = application.rates()
    try:
        return Money.total((line.amount.convert(currency, rates)
                            for line in application.budget.lines), currency)
    except (MissingExchangeRateError, TooLargeError):
        return None


def _envelope(call: Call, rules: SelectionRules, envelope: Money | None) -> Money:
    chosen = envelope if envelope is not None else rules.envelope
    example = f"20000 {call.currency}"
    if chosen is None:
        raise InputError([InputProblem(("envelope",), "envelope_missing",
                                       "the call states no envelope: give one, such as "
                                       f"Money(\"20000\", \"{call.currency}\")",
                                       ctx={"example": example})], source="selection")
    if not isinstance(chosen, Money):
        raise InputError([InputProblem(("envelope",), "envelope_type",
                                       "the envelope is a Money amount")], source="selection")
    if chosen.currency != call.currency:
        raise CurrencyMismatchError(f"the envelope is in {chosen.currency}; the call's "
                                    f"currency is {call.currency}", words=(
                                        "envelope_currency", {"given": chosen.currency,
                                                              "currency": call.currency}))
    if chosen.amount < 0:
        raise InputError([InputProblem(("envelope",), "envelope_negative",
                                       "the envelope cannot be negative")], source="selection")
    problem = too_many_decimals(chosen)
    if problem is not None:
        raise InputError([problem], source="selection")
    return chosen


#: An amount written as a thousands separator writes it (``20.000``, ``1.250.000``): digits
#: in groups of three after a dot, the first group not starting with 0.
_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")


def too_many_decimals(money: Money) -> InputProblem | None:
    """The problem of an amount typed for a currency with more decimals than the currency's
    minor unit has (``20.000 EUR``, ``0.001 EUR``), else None. Such an amount is never read
    as written: ``20.000`` is twenty thousand as fr, es, pt or de write it (the dot a
    thousands separator), which the problem says (``did you mean 20000?``)."""
    digits = currency_minor_unit(money.currency)
    exponent = money.amount.as_tuple().exponent
    if not isinstance(exponent, int) or exponent >= -digits:
        return None
    value = format(money.amount, "f")
    ctx = {"value": value, "currency": money.currency, "digits": str(digits)}
    if _THOUSANDS.fullmatch(value):
        ctx["suggestion"] = value.replace(".", "")
        return InputProblem(("envelope",), "envelope_thousands",
                            f"{value} {money.currency} is ambiguous: a dot followed by three "
                            f"digits may separate thousands; did you mean "
                            f"{ctx['suggestion']}? (an amount in {money.currency} has at most "
                            f"{digits} decimals)", ctx=ctx)
    return InputProblem(("envelope",), "envelope_decimals",
                        f"{value} has more decimals than an amount in {money.currency} can "
                        f"have ({digits} at most)", ctx=ctx)


#: A record of the batch that is not a valid application: its number in the batch (from 1),
#: where it comes from (``file.json[0]``, ``record 1`` for a record given bare) and why.
Unread = tuple[int, str, InputError]


#: What weighs a record read as an application, should it not be judgeable (:func:`_size`):
#: its size as text, or the record itself (one of a JSON array or a CSV row, weighed as its
#: JSON text only if it is refused, when the batch holds it anyway: :func:`_weight`).
Weight = int | None | Sourced


def _weight(record: Any, held: bool) -> Weight:
    """What to keep to weigh ``record`` later (:data:`Weight`). A record of a JSON array or
    a CSV row of a batch ``held`` by the caller (a list) is kept itself, its JSON text never
    written unless it is refused (for every record, 2,000 of an array: 89 ms, 7 % of their
    parse, reread77 F3); one of a stream is measured now, not kept (its data held to the
    end of the selection: 20 MB more for 2,000 records)."""
    if held and type(record) is Sourced and isinstance(record.data, dict):
        return record
    return text_size(record)


def _size(weight: Weight) -> int | None:
    """The size as text of a record kept as ``weight`` (:func:`_weight`)."""
    return text_size(weight) if isinstance(weight, Sourced) else weight


def _read_batch(applications: Iterable[Any], held: bool = False) -> tuple[
        list[Application], list[tuple[int, str]], list[Unread], dict[int, Weight]]:
    """The applications of the batch, each with where it comes from, the records that are
    not valid applications, and what weighs each application read, by its number
    (:func:`_weight`, ``held``: the caller holds every record; its size, :func:`_size`, is
    None for one built in Python: :func:`~callrules._sourced.text_size`).
    The error kept for a record is weighed as ``check`` weighs it (:func:`weighed`): its
    problems listed by the record's size, without its traceback (kept whole, its frames
    held the parse: 107 KB for a record of 105 bytes, att86 F1)."""
    read: list[tuple[Application, tuple[int, str]]] = []
    errors: list[Unread] = []
    sizes: dict[int, Weight] = {}
    for index, record in enumerate(applications):
        source = record.source if isinstance(record, Sourced) else f"record {index + 1}"
        try:
            read.append((parse_application(record, source=source), (index + 1, source)))
        except InputError as exc:
            errors.append((index + 1, exc.source or source, weighed(exc, text_size(record))))
        else:
            sizes[index + 1] = _weight(record, held)
    read = _without_repeats(read, errors)
    # an order of their own, whatever the order given: the outcome cannot depend on it
    # (two records with the same instant and id, rare, are ordered by their whole content)
    keys = Counter((a.submitted_at, a.id) for a, _ in read)
    read.sort(key=lambda pair: (pair[0].submitted_at, pair[0].id, pair[0].model_dump_json()
                                if keys[(pair[0].submitted_at, pair[0].id)] > 1 else ""))
    return [a for a, _ in read], [where for _, where in read], errors, sizes


def _place(number: int, source: str) -> int | str:
    """Where a record of the batch was given, as its notes name it: its source as read
    (``batch.jsonl:7``, ``batch.json[6]``), or its number in the batch for a record given
    bare (whose source is ``record 7``, English: said in the reader's words when shown)."""
    return number if source == f"record {number}" else source


def _first(number: int, source: str) -> dict[str, str]:
    """The values naming the record given first (the ``number``-th of the batch, read from
    ``source``) in a note's context: ``first``, its source as read (``batch.json[2]``;
    ``record 3`` for a record given bare, as the library names its source), and
    ``first_record``, its number, by which the note says a bare record in the reader's
    words (never "record 3" in another language; a source is said in words too:
    :func:`callrules._i18n.record_place`)."""
    return {"first": source, "first_record": str(number)}


def _without_repeats(read: list[tuple[Application, tuple[int, str]]], errors: list[Unread]
                     ) -> list[tuple[Application, tuple[int, str]]]:
    """``read`` without the repeats of a record given before, the same in every field (a
    double export, a form sent twice): each repeat is a problem in ``errors`` naming where
    the record was first given, and the application is judged and ranked once."""
    ids = Counter(text_key(a.id, False) for a, _ in read)
    first: dict[str, tuple[int, str]] = {}
    kept: list[tuple[Application, tuple[int, str]]] = []
    for app, (number, source) in read:
        if ids[text_key(app.id, False)] > 1:
            same = _as_read(app.model_dump())
            if same in first:
                ctx = {"id": app.id, **_first(*first[same])}
                errors.append((number, source, InputError([InputProblem(
                    (), "repeated_record", f"this record repeats the application {app.id} "
                    f"given before ({first[same][1]}), the same in every field: it "
                    "is judged and ranked once", ctx=ctx)], source=source)))
                continue
            first[same] = (number, source)
        kept.append((app, (number, source)))
    return kept


def _as_read(value: Any) -> str:
    """``value`` (an application's dump) as the library reads it, so that two records equal
    once read are one text however each is written: an instant in UTC (``09:15:00+02:00``
    is ``07:15:00Z``), an amount of money or a number without its trailing zeros (``1180``
    is ``1180.00``), a text by its key (the same letters in another Unicode form)."""
    def plain(node: Any) -> Any:
        if isinstance(node, Mapping):
            if set(node) == {"amount", "currency"} and isinstance(node["amount"], str):
                try:
                    return {"amount": str(Decimal(node["amount"]).normalize()),
                            "currency": node["currency"]}
                except decimal.InvalidOperation:
                    pass
            return {str(key): plain(item) for key, item in node.items()}
        if isinstance(node, (list, tuple)):
            return [plain(item) for item in node]
        if isinstance(node, datetime):
            return ["instant", node.astimezone(UTC).isoformat()]
        if isinstance(node, Decimal):
            return ["number", str(node.normalize())]
        if isinstance(node, str):
            return text_key(node, False)
        if isinstance(node, Money):
            return {"amount": str(node.amount.normalize()), "currency": node.currency}
        return node if node is None or isinstance(node, (bool, int, float)) else str(node)
    return json.dumps(plain(value), sort_keys=True, ensure_ascii=False)


@lru_cache(maxsize=4096)
def _ascii_twin(char: str) -> str:
    """The ASCII character ``char`` stands for in a code: itself if ASCII; a decimal digit
    of any script (Arabic-Indic, Devanagari…) as its ASCII digit; a letter that looks like
    an ASCII letter or digit in Unicode's confusables (UTS #39: the Cyrillic ``М``, the
    Greek ``Μ``) as that character; any other as it is."""
    if char.isascii():
        return char
    digit = unicodedata.digit(char, None)
    if digit is not None:
        return str(digit)
    for twin in confusables_data.get(char, ()):
        text = twin.get("c", "")
        if len(text) == 1 and text.isascii() and text.isalnum():
            return str(text)
    return char


def unit_key(code: str) -> str:
    """What a host unit's code is counted by in a portfolio limit: the key of a code people
    write in several ways (:func:`callrules._keys.code_key`: invisible characters removed,
    full-width forms as ASCII, without accents, in any case), with no separator at all
    (spaces of any kind, hyphens, dashes, apostrophes), so that ``UMR 7154``, ``umr 7154``,
    ``ＵＭＲ 7154``, ``UMR\u00a07154``, ``UMR-7154`` and ``UMR7154`` are one unit; and with
    what only looks like another character read as that one: compatibility forms (NFKC:
    bold mathematical letters, Roman numeral signs as letters, ``Ⅶ`` is ``VII``), digits of
    any script as ASCII digits (``٧١٥٤`` is ``7154``), and a Cyrillic or Greek letter that
    looks like an ASCII letter as that letter (Unicode's confusables, UTS #39: ``UМR`` with
    a Cyrillic ``М`` is ``UMR``); without any sign that is not a letter or a digit (``U.M.R.
    7154``, ``umr_7154``, ``UMR 7154.`` are ``UMR7154``) nor the word "number" before the
    number (``UMR n°7154``, ``UMR nº 7154``, ``UMR no. 7154``, ``UMR № 7154``).

    >>> unit_key("ＵＭＲ\u00a07154") == unit_key("umr-7154") == unit_key("UMR7154")
    True
    >>> cyrillic, arabic = "U\u041cR 7154", "UMR \u0667\u0661\u0665\u0664"
    >>> unit_key(cyrillic) == unit_key(arabic) == unit_key("UMR 7154")
    True
    >>> unit_key("U.M.R. n°7154.") == unit_key("umr_7154") == unit_key("UMR 7154")
    True
    >>> unit_key("UMR 7154") == unit_key("UMR 7155")
    False
    """
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text_key(code, False)))
    plain = "".join(_ascii_twin(c) for c in text if not unicodedata.combining(c))
    return _PUNCTUATION.sub("", _NUMBER_SIGN.sub(" ", code_key(plain)))


#: The word "number" before the number of a code (``n°``, ``nº``, ``no``, ``n.``, ``№``,
#: ``num.``, ``numéro``, ``nr.``), once folded: not part of the code.
_NUMBER_SIGN = re.compile(
    r"(?:(?<![^\W_])(?:n[\s.]*o|n\.|num(?:ero)?\.?|nr\.?)|n\s*°)[\s.]*(?=\d)")
#: What no unit code is told apart by: spaces, and every sign that is neither a letter nor a
#: digit (dots ``U.M.R.``, underscores, a final dot, slashes, ``#``, ``°``…).
_PUNCTUATION = re.compile(r"[\W_]+")


def _keys(application: Application, per: str) -> dict[str, str]:
    """The keys ``application`` counts under in a limit ``per`` (each with the code it is
    shown by: the application's own spelling)."""
    if per == "host_unit":
        code = application.host.unit.code
        return {unit_key(code): code}
    return {code: code for code in sorted({v.institution.location.country
                                           for v in application.visitors})}


class _Candidate:
    __slots__ = ("app", "criteria", "notes", "reasons", "requested", "reviewers", "score",
                 "ties")

    def __init__(self, app: Application, requested: Money | None) -> None:
        self.app = app
        self.requested = requested
        self.criteria: dict[str, Decimal] = {}
        self.reviewers: dict[str, int] = {}
        self.score: Decimal | None = None
        self.reasons: list[Reason] = []
        #: What broke a tie on the total with a neighbour in the merit order.
        self.ties: list[Reason] = []
        #: What is said after its decision (its unit's code counted as another's).
        self.notes: list[Reason] = []



#: How many of the other records under its id a record not ranked for them names; the
#: rest it counts ("and 97 other records"): the words of n records under one id grow as n,
#: never as n × n (10,000 records once named 99,990,000 places).
NAMED_OTHERS = 3


def _same_id(number: int, sharing: list[tuple[int, int | str]]) -> Reason:
    """The reason of the ``number``-th record of the batch, not ranked for the others judged
    under its id (``sharing``: each record's number and place, in the order of the batch):
    it names the first :data:`NAMED_OTHERS` of them and counts the rest (``more``)."""
    others = tuple(place for at, place in sharing[:NAMED_OTHERS + 1]
                   if at != number)[:NAMED_OTHERS]
    return Reason("unscored_same_id", {},
                  {"others": others, "more": (len(sharing) - 1 - len(others),)})


def _same_id_unjudged(id_: str, other: str, number: int, source: str) -> InputProblem:
    """A record that cannot be judged holds the id of the judged application ``other``
    (the ``number``-th record of the batch, read from ``source``), written ``id_``: no
    score for that id is used for it (they go to the judged one, or to none when two
    judged records share the id, ``score_same_id``)."""
    written = "" if id_ == other else f", written {id_} here"
    return InputProblem(
        ("id",), "same_id_unjudged", f"this record has the id of the application {other} "
        f"({source}){written}: one id for two records; this one cannot be judged, so "
        "no score given for that id is used for it",
        ctx={"id": id_, "other": other, **_first(number, source),
             **({} if written else {"template": "same_id_unjudged_as_written"})})


def select(call: Call, applications: Iterable[Any], scores: Scores, *,
           envelope: Money | None = None, now: datetime | None = None) -> Selection:
    """Rank the eligible ``applications`` on the reviewers' ``scores`` and share the envelope.

    ``applications``: records as :func:`callrules.evaluate_many` takes them; a malformed one
    is listed in ``input_errors`` and the others go on. ``scores``: a CSV, JSON or JSON Lines
    file, a :class:`ScoreSheet`, or dicts with the keys application, reviewer, criterion and
    score; a line that cannot be used is listed in ``problems`` with its file and line.
    ``envelope`` (in the call's currency) overrides the call's own; one of the two is needed.
    ``now`` (aware) is the instant eligibility is decided at, as for ``evaluate_many``.
    """
    rules = selection_rules(call)
    if envelope is not None:
        ArgumentError.check(envelope, Money, "envelope: Money or None", argument="envelope")
    budget = _envelope(call, rules, envelope)
    currency = call.currency
    apps, where, unread, sizes = _read_batch(ArgumentError.iterable(applications,
                                                             "applications: records",
                                                             argument="applications"),
                                             held=type(applications) in (list, tuple))
    # (a comma before three digits, or a point in a text, read as the scale decides: a
    # row, recorded as one)
    sheet = by_scale(scores_from(scores), rules)
    results = evaluate_many(call, apps, now=now)
    # the scores are for the records judged: one that cannot be judged never takes them
    # from one judged whose id is the same written otherwise (``A1``, ``Ａ1``), whatever
    # the order of the records; it is told that the two ids are one (``same_id_unjudged``)
    judged: dict[str, tuple[str, int, str]] = {}
    # where each judged record of an id was given, in the order of the batch (a record
    # not ranked for another of its id names that one)
    sharing: dict[str, list[tuple[int, int | str]]] = defaultdict(list)
    for app, item, (number, source) in zip(apps, results, where, strict=True):
        if item.report is not None:
            judged.setdefault(text_key(app.id, False), (app.id, number, source))
            sharing[text_key(app.id, False)].append((number, _place(number, source)))
    kept, problems = check_scores(sheet, rules, [
        a.id for a, item in zip(apps, results, strict=True)
        if item.report is not None or text_key(a.id, False) not in judged])
    # records differing under one id, both judged (one for another call, or that cannot be
    # judged, is listed as such and leaves the other ranked, as an unreadable one does)
    repeated = {k for k, n in Counter(text_key(a.id, False) for a, item in zip(
        apps, results, strict=True) if item.report is not None).items() if n > 1}
    by_app: dict[str, dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for row in kept:
        by_app[row.application][row.criterion].append(row.value)
    troubled: dict[str, list[str]] = defaultdict(list)
    for problem in problems:
        if problem.application is not None:
            troubled[problem.application].append(problem.where)

    entries: list[SelectionEntry] = []
    ranked: list[_Candidate] = []
    for app, item, (number, source) in zip(apps, results, where, strict=True):
        report = item.report
        if report is None:  # not judgeable (a rate missing, a figure beyond the bound)
            assert item.error is not None
            twin = judged.get(text_key(app.id, False))
            said = () if twin is None else (_same_id_unjudged(app.id, *twin),)
            # its own problems listed by its size first, then the note, before the count of
            # those not listed and never cut itself (weighed again, it would be counted)
            found = weighed(item.error, _size(sizes[number])).problems
            found = (*found[:-1], *said, found[-1]) \
                if found[-1].type == "more_problems" else (*found, *said)
            unread.append((number, source, InputError(found, source=source)))
            continue
        requested = requested_amount(app, currency)
        if text_key(app.id, False) in repeated:  # records differing under one id, each
            entries.append(_entry(_Candidate(app, requested), Decision.UNSCORED,
                                  [_same_id(number, sharing[text_key(app.id, False)])],
                                  budget))
            continue
        if not report.eligible:
            clauses = tuple(dict.fromkeys(f.clause for f in report.errors))
            entries.append(_entry(_Candidate(app, requested), Decision.NOT_ELIGIBLE,
                                  [Reason("not_eligible", {"clauses": clauses})], budget))
            continue
        candidate = _Candidate(app, requested)
        given = by_app.get(app.id, {})
        for criterion in rules.criteria:
            values = given.get(criterion.id, [])
            candidate.reviewers[criterion.id] = len(values)
            if len(values) < rules.min_reviewers:
                candidate.reasons.append(Reason("unscored_missing", {
                    "criterion": criterion.id, "count": len(values),
                    "minimum": rules.min_reviewers}))
            else:
                candidate.criteria[criterion.id] = combine(values, rules)
        if app.id in troubled:
            candidate.reasons.insert(0, Reason("unscored_problem", {
                "where": tuple(sorted(troubled[app.id], key=place_of))}))
        if candidate.reasons:
            entries.append(_entry(candidate, Decision.UNSCORED, candidate.reasons, budget))
            continue
        total = Decimal(0)
        for criterion in rules.criteria:
            value = candidate.criteria[criterion.id]
            total = _CONTEXT.add(total, _CONTEXT.multiply(criterion.weight, value))
            if criterion.threshold is not None and value < criterion.threshold:
                candidate.reasons.append(Reason("below_threshold", {
                    "criterion": criterion.id, "score": value, "threshold": criterion.threshold}))
        candidate.score = total
        if rules.threshold is not None and total < rules.threshold:
            candidate.reasons.append(Reason("below_threshold_total", {
                "score": total, "threshold": rules.threshold}))
        if candidate.reasons:
            entries.append(_entry(candidate, Decision.BELOW_THRESHOLD, candidate.reasons,
                                  budget))
            continue
        ranked.append(candidate)

    ranked.sort(key=lambda c: _merit(c, rules))
    _explain_ties(ranked, rules)
    funded_entries = _fund(ranked, rules, budget)
    for _, _, error in unread:  # (the places of its problems named as check names them)
        error.labels = call.labels
    entries.sort(key=lambda e: (DECISION_ORDER.index(e.decision),
                                -(e.score if e.score is not None else Decimal(0)),
                                e.application_id))
    return Selection(call.id, call.version, rules, budget, tuple(funded_entries + entries),
                     problems, *_unread(unread), now, tuple(apps), tuple(sheet.rows), call)


def _unread(unread: list[Unread]) -> tuple[tuple[tuple[str, str], ...],
                                           tuple[tuple[int, str, InputError], ...]]:
    """The records not read, in the order of their sources: as (where, the English text),
    and with their number in the batch and their problems, for the reader's words and the
    codes."""
    ordered = sorted(unread, key=lambda each: (each[1], each[0]))
    return tuple((where, str(error)) for _, where, error in ordered), tuple(ordered)


def _merit(candidate: _Candidate, rules: SelectionRules) -> tuple[Any, ...]:
    """The sort key of the merit order: best first."""
    assert candidate.score is not None
    return (-candidate.score, *(-candidate.criteria[c] for c in rules.tie_break),
            candidate.app.submitted_at, candidate.app.id)


def _explain_ties(ranked: Sequence[_Candidate], rules: SelectionRules) -> None:
    """For two neighbours in the merit order with the same total, say what put one first:
    a tie-break criterion, the earlier submission, or the application id."""
    for above, below in pairwise(ranked):
        if above.score != below.score:
            continue
        by = "id"
        for criterion in rules.tie_break:
            if above.criteria[criterion] != below.criteria[criterion]:
                by = criterion
                break
        else:
            if above.app.submitted_at != below.app.submitted_at:
                by = "submission"
        code = {"id": "tie_id", "submission": "tie_submission"}.get(by, "tie_criterion")
        ctx = {"criterion": by} if code == "tie_criterion" else {}
        above.ties.append(Reason(code + "_ahead", {"other": below.app.id, **ctx}))
        below.ties.append(Reason(code + "_behind", {"other": above.app.id, **ctx}))


def _entry(candidate: _Candidate, decision: Decision, reasons: Sequence[Reason],
           budget: Money, rank: int | None = None, funded: Money | None = None
           ) -> SelectionEntry:
    return SelectionEntry(
        candidate.app.id, decision, (*reasons, *candidate.notes, *(candidate.ties if rank else ())),
        MappingProxyType(dict(candidate.criteria)), MappingProxyType(dict(candidate.reviewers)),
        candidate.score, rank, candidate.requested,
        # nothing, written as every amount of the selection is, with the currency's digits
        # (0.00 EUR, 0 JPY), never a bare 0 beside 1920.00
        funded if funded is not None else in_digits(Decimal(0), budget.currency),
        candidate.app.submitted_at)


def in_digits(amount: Decimal, currency: str) -> Money:
    """``amount`` of ``currency`` written with at least the currency's digits (an envelope
    of ``20000`` EUR funds ``20000.00``, nothing is ``0.00``; ``0`` JPY), never rounded:
    what a selection says it funds is written as the amounts it is asked for are."""
    unit = quantum(currency)
    if amount.as_tuple().exponent > unit.as_tuple().exponent:  # type: ignore[operator]
        amount = amount.quantize(unit)  # exact: only zeros are added
    return Money._trusted(amount, currency)


def _fund(ranked: Sequence[_Candidate], rules: SelectionRules, budget: Money
          ) -> list[SelectionEntry]:
    remaining = budget.amount
    stopped = False
    #: The rank funding stopped at, without fill, on a proposal it could not fund: those
    #: further down wait, whatever they ask (the call funds in order of merit).
    stopped_at: int | None = None
    counts: dict[str, Counter[str]] = {limit.per: Counter() for limit in rules.limits}
    #: Each unit counted so far, as the first application counted under it writes its code.
    first: dict[str, str] = {}
    out: list[SelectionEntry] = []
    for rank, candidate in enumerate(ranked, start=1):
        app, requested = candidate.app, candidate.requested
        if "host_unit" in counts:
            written = app.host.unit.code
            counted = first.get(unit_key(written))
            if counted is not None and counted != written:  # said, after its decision
                candidate.notes.append(Reason("unit_written_otherwise", {
                    "written": written, "counted": counted}))
        hit = next(((limit, shown) for limit in rules.limits
                    for key, shown in _keys(app, limit.per).items()
                    if counts[limit.per][key] >= limit.at_most), None)
        if hit is not None:
            limit, key = hit
            code = "over_limit_unit" if limit.per == "host_unit" else "over_limit_country"
            out.append(_entry(candidate, Decision.OVER_LIMIT, [Reason(code, {
                "rank": rank, "limit": limit.at_most, "key": key})], budget, rank))
            continue
        if requested is None:  # (without fill, none further down funded before it: its
            # amount, once known, may take what they would)
            out.append(_entry(candidate, Decision.RESERVE,
                              [Reason("reserve_no_amount", {"rank": rank})], budget, rank))
            if not rules.fill and not stopped:
                stopped, stopped_at = True, rank
            continue
        amount: Decimal | None = None
        if not stopped and requested.amount <= remaining:
            amount, code = requested.amount, "funded"
        elif not stopped and rules.partial_funding and remaining > 0:
            amount, code, stopped = remaining, "funded_part", True
        if amount is None:
            if stopped_at is not None and requested.amount <= remaining:
                reason = Reason("reserve_stopped", {"rank": rank, "requested": requested,
                                                    "stopped": stopped_at})
            else:
                reason = Reason("reserve", {"rank": rank, "requested": requested,
                                            "remaining": in_digits(remaining, budget.currency)})
            out.append(_entry(candidate, Decision.RESERVE, [reason], budget, rank))
            if not rules.fill and not stopped:
                stopped, stopped_at = True, rank
            continue
        remaining = _CONTEXT.subtract(remaining, amount)
        funded = in_digits(amount, budget.currency)
        for limit in rules.limits:
            for key, shown in _keys(app, limit.per).items():
                counts[limit.per][key] += 1
                if limit.per == "host_unit":
                    first.setdefault(key, shown)
        out.append(_entry(candidate, Decision.FUNDED, [Reason(code, {
            "rank": rank, "requested": requested, "funded": funded})], budget, rank, funded))
    return out
