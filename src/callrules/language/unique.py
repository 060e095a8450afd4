"""``unique``: across a batch, at most one application per value (one application per host,
one application per participant).

It spans applications, so it is not part of one application's decision: the call keeps it
as a :class:`BatchRule`, which a batch evaluation (:mod:`callrules._evaluate`) applies. The
first application by ``order_by`` stands; each later one fails ``duplicate``.

Its key is a text or number field of the application (``host.person.email``), or a path that
projects through a list, as paths do elsewhere in the language (``visitors.person.email``
reads the e-mail of each visitor), or a list of texts or numbers (``fields.orcids``): then
*each item* is a key of its own, and an application that lists one participant already
listed by an earlier application fails for that participant, located at the participant
(``("visitors", 1, "person", "email")``) and named in the finding. A value repeated inside
one application takes no place from another application: it counts once (whether one
application may list a person twice is for that application's own rules to say).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from callrules import _definitions as d
from callrules._keys import key_of
from callrules._paths import parse_path
from callrules._report import Severity
from callrules.language.form import Loc

__all__ = ["BatchRule", "Keyed", "build_batch_rule", "identifier", "makes"]

#: What ``order_by`` may name: values that order any two applications of a batch. Not money:
#: each application states its amounts in its own currencies, at its own exchange rates, so
#: two of them may not be comparable at all.
_ORDERED = {"int", "decimal", "date", "datetime"}
_KEYS = ("str", "int")

#: One key of an application: the key it is compared by (:func:`callrules._keys.key_of`),
#: the value as written, where it is, and for an item of a list of participants, the
#: person's name and the item's id (``None`` otherwise).
Keyed = tuple[Any, Any, Loc, str | None, str | None]


@dataclass(frozen=True, slots=True)
class BatchRule:
    """A rule that spans the applications of a batch (``unique``)."""

    clause: str
    severity: Severity
    key: Callable[[Any], Any]
    order: Callable[[Any], Any] | None
    loc: Loc
    case_insensitive: bool
    #: For a key read from each item of a list: the path to the list (else ``None``) and the
    #: path read from each item (empty: the item itself).
    items: Loc | None = None
    item_key: Callable[[Any], Any] | None = None
    #: The field ``order_by`` names (None: the order of the batch): two rules ordering
    #: alike, the one comparing in the same case finds a subset of what the other finds, at
    #: the places both key (:meth:`keys`: a case variant listed second in an application is
    #: keyed by the one comparing in the same case only).
    ordered_by: Loc | None = None
    #: What tells this rule from another of its call in a decision record, when its clause,
    #: code and place do not (:attr:`Finding.rule`): a digest of what decides its findings
    #: (its clause, field, order and case; not its severity, wording or place among the
    #: call's rules), so that the rule is known again in the call amended in its severity,
    #: reordered or given another rule (:func:`identifier`).
    identifier: str = ""

    @property
    def field(self) -> str:
        """The field it reads, list positions left out: ``visitors.person.email``."""
        return ".".join(p for p in self.loc if isinstance(p, str))

    def makes(self, clause: str, code: str, path: str) -> bool:
        """Whether a finding of ``clause``, ``code`` at ``path`` is one this rule makes
        (:func:`makes`; its severity aside: a call amended may have changed it)."""
        return makes(self.clause, self.field, self.items is not None, clause, code, path)

    def keys(self, application: Any) -> list[Keyed]:
        """Every key ``application`` has for this rule, in order, each value once (the first
        place it appears)."""
        fold = self.case_insensitive
        if self.items is None:
            value = self.key(application)
            return [] if value is None else [(key_of(value, fold), value, self.loc, None, None)]
        assert self.item_key is not None
        out: list[Keyed] = []
        seen: set[Any] = set()
        tail = self.loc[len(self.items):]
        for index, item in enumerate(self.key(application) or ()):
            value = self.item_key(item)
            if value is None:
                continue
            key = key_of(value, fold)
            if key in seen:
                continue
            seen.add(key)
            out.append((key, value, (*self.items, index, *tail), _name(item), _ident(item)))
        return out


def makes(rule_clause: str, rule_field: str, listed: bool, clause: str, code: str,
          path: str) -> bool:
    """Whether a finding (``clause``, ``code``, at ``path``) is one that a ``unique`` rule of
    clause ``rule_clause``, reading ``rule_field`` (of each item of a list when ``listed``),
    makes: ``duplicate``, at that field (of an item: at a position in the list). The one
    test of "a finding of a batch rule", by its clause, code and place, never by its clause
    alone (a clause may hold a ``unique`` rule and an ordinary one: look62r)."""
    field = re.sub(r"\[\d+\]", "", path)
    return (code == "duplicate" and clause == rule_clause and field == rule_field
            and listed == (field != path))


def identifier(clause: str, loc: Loc, items: Loc | None, ordered_by: Loc | None,
               case_insensitive: bool) -> str:
    """A ``unique`` rule's identifier: 16 hexadecimal digits (BLAKE2b) of what decides which
    findings it makes, never a path in words; two rules alike but for their severity have
    one (they find the same duplicates)."""
    told = json.dumps([clause, list(loc), None if items is None else list(items),
                       None if ordered_by is None else list(ordered_by), case_insensitive],
                      separators=(",", ":"))
    return hashlib.blake2b(told.encode("utf-8"), digest_size=8).hexdigest()


def _name(item: Any) -> str | None:
    person = getattr(item, "person", None)
    names = (getattr(person, "given_name", None), getattr(person, "family_name", None))
    return " ".join(str(n) for n in names if n) or None


def _ident(item: Any) -> str | None:
    ident = getattr(item, "id", None)
    return ident if isinstance(ident, str) else None


def build_batch_rule(raw: d.Unique, checker: Any, floc: Loc) -> BatchRule:
    """The batch rule of a ``unique`` check, its paths checked against the models."""
    scope = checker.scope_of(checker.root)
    here = floc + ("path",)
    key = checker.operand(raw.path, scope, here)
    path = key.path
    items: Loc | None = None
    item_key: Callable[[Any], Any] | None = None
    kind = path.type
    if kind.kind == "list" and kind.item is not None:
        kind = kind.item
        if path.through_list:  # visitors.person.email: each visitor's e-mail
            items = path.list_at
            listed = parse_path(".".join(path.list_at), checker.root, {})
            assert listed.type.item is not None
            rest = path.fields[len(items):]
            item_key = parse_path(".".join(rest), listed.type.item, {}).getter
            getter = listed.getter
        else:  # a list of texts or numbers: each item
            items, getter = path.fields, path.getter
            item_key = _itself
    else:
        getter = path.getter
    if kind.kind not in _KEYS or path.var is not None:
        raise checker.error(f"unique compares a text or number field, or each text or number "
                            f"of a list, not {path.type.described()}", here, "wrong_type")
    order = None
    if raw.order_by is not None:
        order = checker.operand(raw.order_by, scope, floc + ("order_by",))
        if order.path.type.kind not in _ORDERED or order.path.type.optional:
            raise checker.error(
                "order_by names a date, instant or number that is always set",
                floc + ("order_by",), "wrong_type",
                "amounts are in each application's own currency, at its own exchange rates, "
                "so they do not order applications" if order.path.type.kind == "money"
                else None)
    ordered_by = order.path.fields if order else None
    return BatchRule(checker.clause, checker.severity, getter,
                     order.path.getter if order else None, path.fields, raw.case_insensitive,
                     items, item_key, ordered_by,
                     identifier(checker.clause, path.fields, items, ordered_by,
                                raw.case_insensitive))


def _itself(value: Any) -> Any:
    return value
