"""Vocabularies: the values a coded field takes, each with its label in every language.

A call declares a vocabulary for the fields whose values come from it::

    [vocabularies.staff_category]
    fields = ["visitors.category"]
    values.engineer = { fr = "ingénieur ou ingénieure", en = "engineer" }
    values.researcher = { fr = "chercheur ou chercheuse", en = "researcher" }

or names one that the platform shares between its calls (registered before the call loads,
as :func:`register_vocabulary` does)::

    [vocabularies.cost_category]
    fields = ["budget.lines.category"]
    shared = "eu_cost_categories"

A vocabulary constrains: a value of its fields outside it is bad input (the input problem
``not_in_vocabulary``, naming the accepted values by their labels), checked with the rest of
the application by the call's models (:mod:`callrules._form`). A value in it that the call
does not fund (a researcher) is read, and a rule judges it. A field no vocabulary serves
takes any code, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import islice
from types import MappingProxyType
from typing import Any

from pydantic import TypeAdapter, ValidationError

from callrules._definitions import MOST_LANGUAGES, SLUG, Node
from callrules._keys import code_key, listed_twice, text_key, twice_said
from callrules._loading import vocabulary_values
from callrules._paths import path_key
from callrules._portable import portable
from callrules._problems import error_text
from callrules.budget.tables import ANY, RateTable
from callrules.exceptions import DefinitionError

__all__ = ["CODED_FIELDS", "Vocabulary", "check_rule_codes", "label_key", "label_of_two",
           "load_vocabularies", "register_vocabulary", "shared_vocabulary",
           "vocabularies_registered"]

#: The built-in fields that take codes, which a vocabulary may serve (a call's declared
#: ``choice`` fields may be served too).
CODED_FIELDS = ("host.role", "host.status", "host.unit.kind", "visitors.category",
                "budget.lines.category", "documents.kind", "approvals.kind")

#: A vocabulary's name, as a call file writes it (``shared = "name"``: the same pattern).
_NAME = re.compile(SLUG)
#: The most values a vocabulary holds.
MOST_VALUES = 10_000
#: The most labels a value has: one a language, as many as the model can name
#: (:data:`~callrules._definitions.MOST_LANGUAGES`).
MOST_LABELS = MOST_LANGUAGES

Labels = Mapping[str, Mapping[str, str]]


@portable
@dataclass(frozen=True, slots=True)
class Vocabulary:
    """A vocabulary of a call: its name, its values (code → language → label), the fields it
    serves, and the shared vocabulary it comes from (None when the call lists its values)."""

    name: str
    values: Labels
    fields: tuple[str, ...] = ()
    shared: str | None = None

    def label(self, code: str, lang: str, languages: Iterable[str] = ()) -> str:
        """The label of ``code`` in ``lang``, else in the first of ``languages`` that has one,
        else in any language."""
        texts = self.values[code]
        if lang in texts:
            return texts[lang]
        return next((texts[other] for other in languages if other in texts),
                    next(iter(texts.values())))


_SHARED: dict[str, Labels] = {}
_REGISTERED = [0]  # (how many vocabularies were registered: :func:`vocabularies_registered`)


def vocabularies_registered() -> int:
    """How many times a vocabulary was registered in this process: a call file that did not
    load for a vocabulary unknown then may load once it is (``calls`` reads it again)."""
    return _REGISTERED[0]


def register_vocabulary(name: str, values: Mapping[str, Mapping[str, str]]) -> None:
    """Register a vocabulary that call files share as ``shared = "name"``: each code with its
    label by language (``{"engineer": {"fr": "ingénieur ou ingénieure", "en": "engineer"}}``).
    Registering a name again replaces it; a call already loaded keeps the values it was
    loaded with. :class:`~callrules.DefinitionError` (``bad_vocabulary``) if the name or the
    values are not those of a vocabulary.

    >>> from callrules import calls
    >>> calls.register_vocabulary("doc_kinds", {"cv": {"en": "CV", "fr": "CV"}})
    """
    def refuse(why: str) -> DefinitionError:
        return DefinitionError(why, code="bad_vocabulary", source="register_vocabulary",
                               loc=(name,) if isinstance(name, str) else ())

    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise refuse("a vocabulary's name is written as a call file names it in "
                     "shared = \"…\": a lower-case letter, then up to 63 lower-case letters, "
                     "digits, hyphens or underscores")
    # read once, and no further than its bounds: a mapping whose len() says less than it
    # holds (or that never ends) is refused at the first code past them, never read to its
    # end first (att85); what is checked after is this reading, not the mapping again
    given = list(islice(values.items(), MOST_VALUES + 1)) if isinstance(values, Mapping) \
        else []
    if not 0 < len(given) <= MOST_VALUES:
        raise refuse(f"a vocabulary maps 1 to {MOST_VALUES} codes to their labels")
    labels: dict[str, dict[str, str]] = {}
    for code, texts in given:
        said = list(islice(texts.items(), MOST_LABELS + 1)) if isinstance(texts, Mapping) \
            else []
        if not (isinstance(code, str) and 0 < len(code) <= 100 and 0 < len(said) <= MOST_LABELS
                and all(isinstance(lang, str) and isinstance(text, str) and text
                        for lang, text in said)):
            raise refuse(f"each code is a string of at most 100 characters, with its labels "
                         f"by language, at most {MOST_LABELS} (one a language a call file "
                         f"can name): {{\"fr\": \"…\", \"en\": \"…\"}}")
        labels[code] = dict(said)
    try:  # (the rules and bounds of a call file's own vocabulary, the same functions)
        read = vocabulary_values(labels, "register_vocabulary")
    except DefinitionError as exc:
        raise DefinitionError(exc.message, code="bad_vocabulary", source="register_vocabulary",
                              loc=(name, *exc.loc), hint=exc.hint) from None
    kept = {code: MappingProxyType(texts) for code, texts in read.items()}
    twice = listed_twice(kept)
    if twice is not None:  # one key: a value would be read as either code
        raise refuse(twice_said(list(kept), twice))
    ambiguous = label_of_two(kept)
    if ambiguous is not None:
        raise refuse(ambiguous)
    _SHARED[name] = MappingProxyType(kept)
    _REGISTERED[0] += 1


def label_key(label: str) -> str:
    """How a value typed as a label is matched to it: by its key without case
    (:func:`callrules._keys.text_key`), a curly apostrophe the straight one."""
    return text_key(label, True).replace("\u2019", "'")


def label_of_two(values: Labels) -> str | None:
    """What a call author is told of a label that would name two codes (a label of one code,
    in any case, that is another's label or another code, each in any case), or None: a
    value typed as a label is read as its code (a message offers the accepted values by
    their labels), so each label names one code.

    >>> label_of_two({"a": {"en": "Travel"}, "b": {"fr": "travel"}}) is not None
    True
    >>> label_of_two({"transport": {"en": "travel", "fr": "transport"}}) is None
    True
    >>> label_of_two({"b": {"en": "Ride"}, "c": {"en": "B"}}) is not None
    True
    """
    # a code as a label is matched (in any case, full width…): a label that is another code
    # in another case ("B" of c, beside the code b) would read "b" typed by c's applicant as b
    codes = {label_key(code): code for code in values}
    named: dict[str, str] = {}
    for code, texts in values.items():
        for label in texts.values():
            other = codes.get(label_key(label), code)
            first = named.setdefault(label_key(label), code)
            if other != code or first != code:
                return (f"the label {label!r} of the code {code!r} also names the code "
                        f"{(other if other != code else first)!r}: a value typed as it "
                        "could not be read as one code")
    return None


def shared_vocabulary(name: str) -> Labels:
    """The registered vocabulary ``name``; ``LookupError`` naming the registered ones."""
    try:
        return _SHARED[name]
    except KeyError:
        known = ", ".join(sorted(_SHARED)) or "none"
        raise LookupError(f"no shared vocabulary {name!r} is registered (registered: "
                          f"{known})") from None


def load_vocabularies(declared: Mapping[str, Any], *, source: str,
                      shared: Callable[[str], Labels] = shared_vocabulary
                      ) -> dict[str, Vocabulary]:
    """The call's vocabularies by name, each shared one looked up (in ``shared``: the
    platform's registered vocabularies, or the values a pickled call was loaded with), no
    field served twice.
    (Which fields they may serve, and their labels' languages, are checked by the form and
    the labels, which know the call's fields and languages.)"""
    out: dict[str, Vocabulary] = {}
    served: set[str] = set()
    for name, entry in declared.items():
        loc: tuple[str | int, ...] = ("vocabularies", name)
        if (entry.shared is None) == (entry.values is None):
            raise DefinitionError("a vocabulary lists its values or names a shared one, not "
                                  "both nor neither", code="bad_vocabulary", source=source,
                                  loc=loc, hint='values.engineer = { fr = "…", en = "…" }, '
                                                'or shared = "name"')
        if entry.shared is not None:
            try:
                values = shared(entry.shared)
            except LookupError as exc:
                raise DefinitionError(str(exc), code="unknown_vocabulary", source=source,
                                      loc=(*loc, "shared"),
                                      hint="register it with callrules.calls."
                                           "register_vocabulary before loading the call"
                                      ) from None
        else:
            twice = listed_twice(entry.values)
            if twice is not None:  # one key: a value would be read as either code
                raise DefinitionError(twice_said(list(entry.values), twice),
                                      code="bad_vocabulary", source=source,
                                      loc=(*loc, "values", list(entry.values)[twice[1]]))
            values = MappingProxyType({code: MappingProxyType(dict(texts))
                                       for code, texts in entry.values.items()})
            ambiguous = label_of_two(values)
            if ambiguous is not None:
                raise DefinitionError(ambiguous, code="bad_vocabulary", source=source,
                                      loc=(*loc, "values"))
        for path in entry.fields:
            if path in served:
                raise DefinitionError(f"the field {path!r} takes its values from two "
                                      "vocabularies", code="duplicate_vocabulary",
                                      source=source, loc=(*loc, "fields"))
            served.add(path)
        out[name] = Vocabulary(name, values, tuple(entry.fields), entry.shared)
    return out


def check_rule_codes(rules: Iterable[Any], vocabularies: Mapping[str, Vocabulary],
                     parameters: Mapping[str, Any], *, source: str,
                     choices: Mapping[str, Iterable[str]] = MappingProxyType({}),
                     plan: Mapping[str, Any] | None = None,
                     standard: Standard = MappingProxyType({}),
                     texts: Mapping[str, Any] = MappingProxyType({})) -> None:
    """Refuse a rule that names a code that can never be met: a code its field's
    vocabulary lacks, or a value not among a declared choice's ``values``
    (``not_in_vocabulary``); a literal key of a rate table that no row of any version holds,
    nor ``"*"`` (``unknown_table_key``); a code compared with the value of a table of codes
    that no row yields (``unknown_table_value``); a code compared with a field of a standard
    code (``standard``, by key: a country, a subdivision, a currency, a language) that is not
    one, exactly as applications write it (``country_code``…: ``"fj"``, ``"FJI"``, ``"EN"``,
    whatever ``case_insensitive`` says, since the table has one spelling of each code), and
    a row of a rate table looked up by such a field holding no such code; text compared with
    a field of constrained text (``texts``, by key: the annotation reading it) that no
    application could write there (``"UMR 7154 "``, an address without an at sign), the
    problem applications would have (``surrounding_space``…). A typo would
    otherwise never match, silently (a cap that never bites), or bar every application
    (judged unreadable).

    Every place a rule compares a coded value is walked: the rules and the rules inside
    them, each quantifier's ``where``, and every expression wherever it stands (the
    ``where`` of ``count``, ``sum``, ``min`` and ``max``, nested in ``plus``, ``round``,
    ``shift``, a lookup's keys…), in the rules and in the budget plan (``plan``, as
    written). Every operator that compares a coded field with codes written in the call is
    checked (``in``, ``not_in``, ``contains``, and ``compare`` with ``==`` or ``!=``), with
    the codes written in the rule or in a parameter: ``parameters`` gives every value of
    each parameter's history (each amendment's value is checked, and a table's keys and
    values are those of every table it has held). Codes are compared by their text key
    (:func:`callrules._keys.text_key`), by the key without case when the rule is
    ``case_insensitive``; a table's keys as the table matches them."""
    served: dict[str, tuple[str | None, tuple[str, ...]]] = {
        path: (None, tuple(values)) for path, values in choices.items()}
    served.update((path, (vocabulary.name, tuple(vocabulary.values)))
                  for path, vocabulary in vocabularies.items())
    walk = _Walk(served, parameters, source, standard, texts)
    for index, entry in enumerate(rules):
        walk.node(entry.check, "", {}, ("rules", index, "check"))
    if isinstance(plan, Mapping):
        walk.plan(plan)


#: The codes each coded field takes, by its key: the name of the vocabulary serving it (None
#: for a declared choice's own values) and its codes.
Served = Mapping[str, tuple[str | None, tuple[str, ...]]]
#: The fields that take the codes of a standard table, by key: the problem a value outside it
#: is (``country_code``…) and the table (:func:`callrules._models.standard_codes`).
Standard = Mapping[str, tuple[str, frozenset[str]]]
#: The expressions that read the items of a list (those their ``where`` keeps).
_AGGREGATES = ("sum", "count", "min", "max")
#: The expressions made of a list of expressions, and those made of one.
_OF_MANY = ("plus", "minus", "times", "ratio", "days_between", "months_between",
            "years_between")
_OF_ONE = ("round", "shift")
_RULE: TypeAdapter[Any] = TypeAdapter(Node)


@dataclass(frozen=True, slots=True)
class _Walk:
    """One walk over a call's rules and plan: the codes each coded field takes, every value
    of each parameter's history, the call file's name."""

    served: Served
    parameters: Mapping[str, Any]
    source: str
    standard: Standard
    texts: Mapping[str, Any]

    def node(self, node: Any, scope: str, names: Mapping[str, str],
             loc: tuple[str | int, ...]) -> None:
        """Check the rule ``node`` read in the field ``scope`` (``names``: the field of each
        bound variable), and every rule and expression inside it."""
        op = getattr(node, "op", None)
        if op in ("all", "any"):
            for index, child in enumerate(node.rules):
                self.node(child, scope, names, (*loc, "rules", index))
        elif op == "not":
            self.node(node.rule, scope, names, (*loc, "rule"))
        elif op in ("each", "exists"):
            inner = path_key(node.path, scope, names)
            named = {**names, f"${node.as_}": inner} if node.as_ else names
            for part in ("rule", "where"):
                child = getattr(node, part, None)
                if child is not None:
                    self.node(child, inner, named, (*loc, part))
        elif op in ("in", "not_in", "contains"):
            written = node.set_ if op != "contains" else node.value
            _check_codes(path_key(node.path, scope, names), node.path, written, self,
                         getattr(node, "case_insensitive", False),
                         (*loc, "set" if op != "contains" else "value"))
        elif op == "compare":
            for field, side, written in _compared(node):
                _check_codes(path_key(field, scope, names), field, written, self,
                             node.case_insensitive, (*loc, side))
            self.looked_up(node, loc)
            for side in ("left", "to"):
                self.expression(getattr(node, side), scope, names, (*loc, side))

    def expression(self, raw: Any, scope: str, names: Mapping[str, str],
                   loc: tuple[str | int, ...]) -> None:
        """Check the rules inside the expression ``raw`` as written (a ``where``, at any
        depth) and the codes its lookups name."""
        if not isinstance(raw, Mapping):
            return
        head = next((h for h in _AGGREGATES if h in raw), None)
        if head is not None:
            where = raw.get("where")
            if isinstance(raw[head], str) and where is not None:
                try:
                    rule = _RULE.validate_python(where)
                except ValidationError:  # not a rule: the rule language says so
                    return
                self.node(rule, path_key(raw[head], scope, names), names, (*loc, "where"))
            return
        for head in _OF_MANY:
            if isinstance(raw.get(head), list):
                for index, part in enumerate(raw[head]):
                    self.expression(part, scope, names, (*loc, head, index))
        for head in _OF_ONE:
            if head in raw:
                self.expression(raw[head], scope, names, (*loc, head))
        if "lookup" in raw:
            self.lookup(raw, scope, names, loc)

    def tables(self, name: Any) -> list[RateTable]:
        """Every table the parameter ``name`` holds in its history (none if it is not one)."""
        entries = self.parameters.get(name) if isinstance(name, str) else None
        return [entry.value for entry in entries or ()
                if isinstance(getattr(entry, "value", None), RateTable)]

    def lookup(self, raw: Mapping[str, Any], scope: str, names: Mapping[str, str],
               loc: tuple[str | int, ...]) -> None:
        """Refuse a key written in the call (a code, or a text parameter) that no row of any
        version of the table holds, nor ``"*"``: no application could be looked up."""
        tables = self.tables(raw.get("lookup"))
        keys = raw.get("key")
        for index, key in enumerate(keys if isinstance(keys, list) else ()):
            self.expression(key, scope, names, (*loc, "key", index))
            if isinstance(key, Mapping) and set(key) == {"path"} and isinstance(
                    key["path"], str):
                self.rows(tables, index, path_key(key["path"], scope, names), key["path"],
                          (*loc, "key", index))
            written = _codes_of(key, self.parameters) if isinstance(key, (str, Mapping)) \
                else None
            for code in written or ():
                if isinstance(code, str) and tables and all(
                        index < len(t.keys) for t in tables) and not any(
                        t.may_match(index, code) for t in tables):
                    name = str(raw["lookup"])
                    raise DefinitionError(
                        f"no row of any version of the table {name!r} holds the key "
                        f"{code!r} for {tables[0].keys[index]!r}, and none holds \"*\": "
                        "this lookup could never find a rate, and no application could be "
                        "judged", code="unknown_table_key",
                        source=self.source, loc=(*loc, "key", index),
                        hint="write a key the table holds, or add a row for it (or a "
                             "row \"*\" for any other)",
                        words=("unknown_table_key", {"code": code}))
        self.expression(raw.get("on"), scope, names, (*loc, "on"))

    def rows(self, tables: list[RateTable], index: int, key: str, path: str,
             loc: tuple[str | int, ...]) -> None:
        """Refuse a row of any version of ``tables`` whose code at ``index``, where the
        field ``path`` (of a standard code) is looked up, is not such a code as rows match
        (``"FRA"`` for France's ``"FR"``): no application could ever match it."""
        if key not in self.standard:
            return
        problem, known = self.standard[key]
        folded = _folded(problem, known)
        for table in tables:
            for version in table.versions:
                for row, _ in version.rows:
                    code = row[index] if index < len(row) else ANY
                    if code != ANY and code_key(code) not in folded:
                        raise DefinitionError(
                            f"a row of the table {table.name!r} holds {code!r} where it is "
                            f"looked up by {path!r}, which holds "
                            f"{_STANDARD_SAID.get(problem, 'a standard code')}: no "
                            "application could match that row", code=problem,
                            source=self.source, loc=loc,
                            hint="write the code as applications write it, in the row",
                            words=("table_row_code", {"code": code}))

    def looked_up(self, node: Any, loc: tuple[str | int, ...]) -> None:
        """Refuse ``==`` or ``!=`` between the value of a table of codes and a code written
        in the call (or a text parameter) that no row of any version of it yields."""
        if node.cmp not in ("==", "!="):
            return
        left = node.left if node.path is None else {"path": node.path}
        sides = (("left", left), ("to", node.to))
        for (_, raw), (other_side, other) in (sides, sides[::-1]):
            if not (isinstance(raw, Mapping) and "lookup" in raw) or not isinstance(
                    other, (str, Mapping)) or (isinstance(other, Mapping) and set(other)
                                               != {"param"}):
                continue
            tables = [t for t in self.tables(raw["lookup"]) if t.kind == "str"]
            for code in _codes_of(other, self.parameters) or ():
                if isinstance(code, str) and tables and not any(
                        t.yields(code) for t in tables):
                    name = str(raw["lookup"])
                    raise DefinitionError(
                        f"no row of any version of the table {name!r} has the value "
                        f"{code!r}: this comparison could never tell one application from "
                        "another", code="unknown_table_value", source=self.source,
                        loc=(*loc, other_side),
                        hint="write a value the table's rows hold, or add it to a row",
                        words=("unknown_table_value", {"code": code}))

    def plan(self, plan: Mapping[str, Any]) -> None:
        """Check the expressions of a budget plan as written (its lines' amounts, rates and
        quantities, read in the list each line is proposed for)."""
        lines = plan.get("lines")
        for index, line in enumerate(lines if isinstance(lines, list) else ()):
            if not isinstance(line, Mapping):
                continue
            each = line.get("each")
            scope = path_key(each) if isinstance(each, str) else ""
            for part in ("amount", "rate", "quantity"):
                self.expression(line.get(part), scope, {}, ("plan", "lines", index, part))


def _compared(node: Any) -> Iterable[tuple[str, str, Any]]:
    """The field a ``compare`` reads, where its other side is written and that side, when
    one side is a field and the other holds codes written in the call (a text or a
    parameter); nothing otherwise (a computed side, or a field on both)."""
    if node.cmp not in ("==", "!="):
        return ()
    left = node.left if node.path is None else {"path": node.path}
    sides = (("left", left), ("to", node.to))
    fields = [(side, raw["path"]) for side, raw in sides
              if isinstance(raw, Mapping) and set(raw) == {"path"}
              and isinstance(raw["path"], str)]
    if len(fields) != 1:
        return ()
    field_side, field = fields[0]
    other_side, other = sides[1] if field_side == "left" else sides[0]
    if isinstance(other, str) or (isinstance(other, Mapping) and set(other) == {"param"}):
        return ((field, other_side, other),)
    return ()


def _check_codes(key: str, path: str, written: Any, walk: _Walk, case_insensitive: bool,
                 loc: tuple[str | int, ...]) -> None:
    """Refuse the codes ``written`` for the field ``key`` that are not among those it takes
    (nothing when no vocabulary, choice or standard table serves it, or the codes come from
    the application)."""
    source = walk.source
    codes = _codes_of(written, walk.parameters)
    if codes is None:
        return
    if key in walk.standard:
        _check_standard(walk.standard[key], path, written, codes, source, loc)
        return
    if key in walk.texts and key not in walk.served:
        _check_text(walk.texts[key], path, written, codes, source, loc)
    taken = walk.served.get(key)
    if taken is None:
        return
    vocabulary, values = taken
    keys = {text_key(value, case_insensitive) for value in values}
    unknown = sorted({str(code) for code in codes
                      if not isinstance(code, str) or text_key(code, case_insensitive)
                      not in keys})
    if not unknown:
        return
    named = f"{_some(list(map(repr, unknown)))} {'is' if len(unknown) == 1 else 'are'} not"
    words = ("rule_code_not_taken", {"code": unknown[0]})
    if vocabulary is None:
        raise DefinitionError(f"{named} among the values of the choice {path!r} "
                              f"({_some(list(values))})", code="not_in_vocabulary",
                              source=source, loc=loc,
                              hint="write one of the choice's values, or add it to them",
                              words=words)
    raise DefinitionError(f"{named} in the vocabulary {vocabulary!r} of {path!r} (its codes: "
                          f"{_some(sorted(values))})", code="not_in_vocabulary",
                          source=source, loc=loc,
                          hint="write a code of the vocabulary, or add the value to it",
                          words=words)


#: The most codes a message lists (a vocabulary of 4,990 codes made one of 95,075
#: characters: att79 F6); the others are counted.
LISTED_MOST = 20


def _some(codes: list[str]) -> str:
    """The first :data:`LISTED_MOST` of ``codes``, and how many more there are."""
    if len(codes) <= LISTED_MOST:
        return ", ".join(codes)
    return f"{', '.join(codes[:LISTED_MOST])} and {len(codes) - LISTED_MOST} more"


#: What each standard table's codes look like, for the call's author.
_STANDARD_SAID = {
    "country_code": "an ISO 3166-1 alpha-2 country code, in capitals (\"FJ\")",
    "subdivision_code": "an ISO 3166-2 subdivision code, in capitals (\"FR-971\")",
    "currency_code": "an ISO 4217 currency code, in capitals (\"EUR\")",
    "language_code": "an ISO 639-1 language code, in lower case (\"fr\")",
}


@cache
def _folded(problem: str, known: frozenset[str]) -> frozenset[str]:
    """The codes of a standard table as rate tables match them (:func:`code_key`)."""
    return frozenset(code_key(code) for code in known)


def _check_standard(table: tuple[str, frozenset[str]], path: str, written: Any,
                    codes: Iterable[Any], source: str, loc: tuple[str | int, ...]) -> None:
    """Refuse a code written for the field ``path`` of a standard table that the table lacks,
    as applications write it: the field never holds it (``country_code``…)."""
    problem, known = table
    unknown = sorted(str(code) for code in codes if not isinstance(code, str)
                     or code not in known)  # a set's in its own order: said the same each run
    if not unknown:
        return
    wrong = unknown[0]
    name = written.get("param") if isinstance(written, Mapping) else None
    held = f"the parameter {name!r} holds {wrong!r}" if name else f"{wrong!r} is written"
    raise DefinitionError(f"{held}, compared with {path!r}, which holds "
                          f"{_STANDARD_SAID.get(problem, 'a standard code')}: "
                          f"{wrong!r} is not one, and would never match",
                          code=problem, source=source, loc=loc,
                          hint="write the code as applications write it",
                          words=(f"rule_{problem}", {"code": str(wrong)}))


@lru_cache(maxsize=256)
def _reader(annotation: Any) -> TypeAdapter[Any]:
    """What reads a field of constrained text (one per annotation, shared between calls)."""
    return TypeAdapter(annotation)


def _check_text(annotation: Any, path: str, written: Any, codes: Iterable[Any], source: str,
                loc: tuple[str | int, ...]) -> None:
    """Refuse text written for the field ``path`` that its annotation refuses: no
    application holds it there, so the comparison would never match."""
    reader = _reader(annotation)
    for code in sorted(c for c in codes if isinstance(c, str)):
        try:
            reader.validate_python(code)
        except ValidationError as exc:
            found = exc.errors(include_url=False)[0]
            name = written.get("param") if isinstance(written, Mapping) else None
            held = f"the parameter {name!r} holds {code!r}" if name else f"{code!r} is written"
            raise DefinitionError(f"{held}, compared with {path!r}, which never holds it "
                                  f"({error_text(found)}): the comparison would never match",
                                  code=str(found["type"]), source=source, loc=loc,
                                  hint="write the text as applications write it",
                                  words=("rule_text_never_held", {"code": code})) from None


def _codes_of(written: Any, parameters: Mapping[str, Any]) -> Iterable[Any] | None:
    """The codes a rule writes (a list, one code, or a parameter: those of every value it
    takes in its history, each a set or one code), or None when they come from the
    application itself (``{ path = … }``)."""
    if isinstance(written, Mapping):
        name = written.get("param")
        param = parameters.get(name) if isinstance(name, str) else None
        entries = param if isinstance(param, (list, tuple)) else (param,)
        codes: list[Any] = []
        for entry in entries:
            value = getattr(entry, "value", None)
            if isinstance(value, (frozenset, set, list, tuple)):
                codes.extend(value)
            elif isinstance(value, str):
                codes.append(value)
        return codes or None
    if isinstance(written, list):
        return written
    return (written,) if isinstance(written, str) else None
