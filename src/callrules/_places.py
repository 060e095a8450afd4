"""Where a finding is, in words: « Personne accueillie 2 (Mateo Rojas) — catégorie de personnel ».

A location tuple such as ``("visitors", 1, "category")`` is for machines. People read the
label of each field (from the catalogs, or the call's own ``[labels.fields]``), the items of
lists numbered from 1 with what names them (a person's name, a budget line's description),
and coded values by their labels (a vocabulary of the call, a country's or a language's
name). Nothing here prints a path, a snake_case code or a position counted from 0.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any

from callrules._i18n import (
    collation_key,
    currency_name,
    forget_on_new_words,
    format_exact,
    format_value,
    join_list,
    language_name,
    negotiate,
    phrase,
    subdivision_name,
    territory_name,
    translate,
    visible,
    words_state,
)
from callrules._in_words import cut, cut_apart
from callrules._inserted import inserted, marked
from callrules._labels import CallLabels
from callrules._messages import FIELDS, ITEMS
from callrules._report import More, same_values_key

__all__ = ["code_label", "coded_value", "field_key", "field_label", "is_library_field",
           "longest_name", "names_field", "names_item", "place", "value_label", "values_label"]

Loc = Sequence[str | int]
_NO_LABELS = CallLabels()


def field_key(loc: Loc) -> str:
    """The field's path without list positions: ``visitors.stay.arrival``."""
    return ".".join(p for p in loc if isinstance(p, str))


def names_field(loc: Loc) -> bool:
    """Whether :func:`place` of ``loc`` ends with the label of its field
    (:func:`field_label` of :func:`field_key`): ``loc`` ends with a field's name, not with
    an item's position (« Personne accueillie 2 — catégorie de personnel », not
    « Personne accueillie 2 »)."""
    return bool(loc) and isinstance(loc[-1], str)


def names_item(loc: Loc) -> bool:
    """Whether :func:`place` of ``loc`` ends with an item of a list, by its list's label and
    its number (« Personne accueillie 2 (Mateo Rojas) », « Dates de déplacement 2 »): that item is
    said there, and a message under or beside it need not lead with its list's label again
    (« Date 2 — date », a date of a list of dates said as a field of itself)."""
    return bool(loc) and isinstance(loc[-1], int) and any(isinstance(p, str) for p in loc)


def _humanize(key: str) -> str:
    """A key no label names, as words: cut as a text typed is quoted (:func:`cut`: a key of
    3 MB was said whole: att85 F2)."""
    return cut(key.rsplit(".", 1)[-1]).replace("_", " ").replace("-", " ")


def field_label(key: str, locale: str | None, labels: CallLabels | None = None) -> str:
    """The label of the field at ``key`` (lower case, as inside a sentence)."""
    return _labelled(key, locale, labels)[0]


def is_library_field(key: str) -> bool:
    """Whether the field at ``key`` is one the library itself labels, in each of its
    languages (not a field of a call's own)."""
    return key in FIELDS


def _labelled(key: str, locale: str | None, labels: CallLabels | None) -> tuple[str, bool]:
    """The label of the field at ``key``, and whether it is a label (words of the catalogs
    or the call) rather than the field's own name as the application wrote it."""
    lang = negotiate(locale)
    own = (labels or _NO_LABELS).field(key, lang)
    if own:
        return own, True
    if is_library_field(key):
        return translate(FIELDS[key], lang), True
    return _humanize(key), False  # an answer, or a field the library does not know


def value_label(key: str, value: object, locale: str | None,
                labels: CallLabels | None = None, *, each: bool = False) -> str:
    """``value`` as found at the field ``key``, in words: a coded value by its label, any
    other text as typed, its invisible characters named in words (:func:`visible`); a list,
    by :func:`values_label` (``each`` as there)."""
    lang = negotiate(locale)
    if isinstance(value, str):
        worded = coded_value(key, value, lang, labels)
        return visible(value, lang) if worded is None else worded
    if isinstance(value, (frozenset, set, list, tuple)):
        return values_label(key, value, lang, labels or _NO_LABELS, each=each)
    return format_value(value, lang)


def coded_value(key: str, value: str, locale: str | None,
                labels: CallLabels | None = None) -> str | None:
    """The words of ``value`` read at the field ``key`` when it is a code (a vocabulary's,
    a country's, a language's, a currency's…): its label, which a sentence may start with a
    capital; None for a value shown as typed (a name, an address)."""
    lang = negotiate(locale)
    labels = labels or _NO_LABELS
    own = labels.value(key, value, lang)
    if own is None:
        own = _value_anywhere(key, value, lang, labels)
    if own is None:
        known = labels.built_in(key, value)  # a built-in code, by the catalogs' label
        own = None if known is None else translate(known, lang)
    if own is not None:
        return own
    last = key.rsplit(".", 1)[-1]
    if last == "country":
        return territory_name(value, lang)
    if last == "subdivision":
        return subdivision_name(value, lang)
    if last == "language" or key == "languages":
        return language_name(value, lang)
    if last in ("currency", "base", "quote") and len(value) == 3:
        return currency_name(value, lang)
    if _CODE.match(value):  # a code nothing labels (a declared choice's, an answer's)
        return value.replace("_", " ")
    return None


def code_label(key: str, code: object, locale: str | None,
               labels: CallLabels | None = None) -> str:
    """A code read at the field ``key`` (or written in a rule, ``key`` empty) in words: by
    the field's vocabulary, else by any vocabulary of the call that has it, else with its
    underscores as spaces (a code never reads as ``large_city``)."""
    lang = negotiate(locale)
    labels = labels or _NO_LABELS
    text = value_label(key, code, lang, labels)
    if isinstance(code, str) and text == code:
        for vocabulary in labels.values.values():
            found = labels.pick(vocabulary.get(code), lang)
            if found is not None:
                return found
        return code.replace("_", " ")
    return text


#: How many values of a set a message or a checklist writes out before "and N more".
SHOWN = 20


def values_label(key: str, values: object, locale: str | None,
                 labels: CallLabels | None = None, style: str = "standard", *,
                 each: bool = False) -> str:
    """A set or list of values at the field ``key``, each in words, joined as a list (``style``
    "or" for a choice among them: « francés o inglés »); past :data:`SHOWN` values, the
    first ones and how many more, each value cut past
    :data:`~callrules._in_words.TYPED_SHOWN` characters (so that the text stays in
    proportion to what it says, whatever the size of the set and the length of its
    values). ``each``: the list is a value a message inserts, and each of its values is
    :func:`~callrules._inserted.inserted` alone while a page is written (a Hebrew label
    among Latin ones keeps its own direction; the list's words, « et », « and 3 more », are
    the library's)."""
    lang = negotiate(locale)
    if not isinstance(values, (frozenset, set, list, tuple)):
        return value_label(key, values, lang, labels)
    words, more = _set_words(key, values, lang, labels)
    if not each or len(words) + bool(more) < 2:  # (one value: inserted as the message's)
        return join_list(words + [more] if more else words, lang, style)
    return marked(join_list([*map(inserted, words), *([more] if more else [])], lang, style))


#: The words of the sets of the call said lately (:func:`_set_words`), by the set, its field,
#: the language, the labels' id (with the labels, so that the id names no other) and the
#: catalogs' state (:func:`~callrules._i18n.words_state`, read before the words are worked
#: out); forgotten when the catalogs change, as :mod:`callrules._wording`'s memos are.
_SAID_SETS: OrderedDict[tuple[object, ...], tuple[CallLabels | None, list[str], str]] = (
    OrderedDict())
_SAID_SETS_KEPT = 64
_SAID_SETS_LOCK = threading.Lock()


def _forget_sets() -> None:
    with _SAID_SETS_LOCK:
        _SAID_SETS.clear()


forget_on_new_words(_forget_sets)


def _set_words(key: str, values: frozenset[Any] | set[Any] | list[Any] | tuple[Any, ...],
               lang: str, labels: CallLabels | None) -> tuple[list[str], str]:
    """The words :func:`values_label` says of ``values``: at most :data:`SHOWN` of them,
    each cut yet told apart, and the words saying how many more (or ""). A set of the call
    (a frozenset, or the capped tuple a finding keeps of it) is worded once for all the
    findings naming it: 480 rules naming a set of 20 values of 4,999 characters took 95 ms
    a message, most of it putting the values in the reader's order (session 58)."""
    # (the values by their type and how they are written, not by Python's equality, which
    # joins 1 and True, and two instants at one time in different zones: look78c F3)
    held = ((key, same_values_key(values), lang, id(labels), words_state())
            if isinstance(values, (frozenset, tuple)) else None)
    if held is not None:
        with _SAID_SETS_LOCK:
            found = _SAID_SETS.get(held)
            if found is not None and found[0] is labels:
                _SAID_SETS.move_to_end(held)
                return list(found[1]), found[2]
    items = list(values)
    # a list capped in the finding (see callrules._report.LIST_CAP) ends with how many more
    omitted = items.pop().count if items and isinstance(items[-1], More) else 0
    # each value said once, however many times the list holds it (« cv et cv »)
    words = list(dict.fromkeys(value_label(key, v, lang, labels) for v in items))
    if isinstance(values, (frozenset, set)):
        words.sort(key=collation_key)
    more = ""
    if len(words) > SHOWN or omitted:
        kept = words[:SHOWN - 1] if len(words) > SHOWN else words
        more = phrase("and_more", lang,
                      n=format_exact(len(words) - len(kept) + omitted, lang))
        words = kept
    # each value cut, as a text typed is quoted, yet told apart from the others said (a set
    # of long texts named by every rule of a call is read in each rule's line and each
    # finding's message: a line says at most SHOWN values of a bounded length; two values
    # alike in their first characters read apart where they differ, « A…-refused-by-ethics »)
    words = cut_apart(words)
    if held is not None:
        with _SAID_SETS_LOCK:
            _SAID_SETS[held] = (labels, list(words), more)
            _SAID_SETS.move_to_end(held)
            while len(_SAID_SETS) > _SAID_SETS_KEPT:
                _SAID_SETS.popitem(last=False)
    return words, more


_CODE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")


def _value_anywhere(key: str, value: str, lang: str, labels: CallLabels) -> str | None:
    """A value read at a list (``approvals``) whose items' field has a vocabulary
    (``approvals.kind``)."""
    for path in labels.values:
        if path.startswith(key + ".") or (not key and "." not in path):
            found = labels.value(path, value, lang)
            if found is not None:
                return found
    return None


def _describe(key: str, item: object, lang: str, labels: CallLabels,
              application: object) -> str | None:
    """What names an item of a list: a person's name, a budget line's description…"""
    if key == "visitors":
        return _name(getattr(item, "person", None))
    if key == "budget.lines":
        text = getattr(item, "label", None)
        if text:
            return str(text)
        category = getattr(item, "category", None)
        return value_label("budget.lines.category", category, lang, labels) if category else None
    if key == "documents":
        kind = getattr(item, "kind", None)
        words = value_label("documents.kind", kind, lang, labels) if kind else None
        owner = _visitor_name(application, getattr(item, "owner", None))
        return ", ".join(w for w in (words, owner) if w) or None
    if key == "approvals":
        kind = getattr(item, "kind", None)
        return value_label("approvals.kind", kind, lang, labels) if kind else None
    if key == "exchange_rates":
        base, quote = getattr(item, "base", None), getattr(item, "quote", None)
        return f"{base} → {quote}" if base and quote else None
    return None


def longest_name(application: object) -> int:
    """The most characters an item of ``application`` is named by in a place (a visitor's
    name, a budget line's label, a document's owner), a label of a coded value aside."""
    people = [len(_name(getattr(v, "person", None)) or "")
              for v in getattr(application, "visitors", ()) or ()]
    budget = getattr(application, "budget", None)
    lines = [len(str(getattr(line, "label", None) or ""))
             for line in getattr(budget, "lines", ()) or ()]
    return max(people + lines, default=0)


def _name(person: object) -> str | None:
    given, family = getattr(person, "given_name", None), getattr(person, "family_name", None)
    return " ".join(str(n) for n in (given, family) if n) or None


def _visitor_name(application: object, ident: object) -> str | None:
    if application is None or ident is None:
        return None
    for visitor in getattr(application, "visitors", ()) or ():
        if getattr(visitor, "id", None) == ident:
            return _name(getattr(visitor, "person", None))
    return None


def _child(node: object, part: str | int) -> object:
    if node is None:
        return None
    if isinstance(part, int):
        return node[part] if isinstance(node, (list, tuple)) and -len(node) <= part < len(
            node) else None
    if isinstance(node, Mapping):
        return node.get(part)
    return getattr(node, part, None)


#: The input problems whose place ends with a key the application wrote, which may be no
#: field's (a key not expected, a key given twice): shown as written when no label names it.
SENDERS_KEYS = frozenset({"extra_forbidden", "duplicate_key"})


def place(loc: Loc, locale: str | None, application: Any = None,
          labels: CallLabels | None = None, kind: str | None = None) -> str:
    """Where ``loc`` is, in words, for a person: items numbered from 1 and named, then the
    field's label. ``application`` (the model) gives the names; without it, numbers only.
    ``kind``: the type of the input problem at ``loc``; a key the application wrote that no
    label names (MongoDB's ``_id`` not expected) is then quoted as written, never read as
    words (``_id`` is not the field ``id``)."""
    lang = negotiate(locale)
    labels = labels or _NO_LABELS
    if not loc:
        return phrase("whole_application", lang)
    segments: list[str] = []
    keys: list[str] = []
    node: object = application
    tail_start = 0
    for position, part in enumerate(loc):
        node = _child(node, part)
        if isinstance(part, int):
            key = ".".join(keys)
            template = ITEMS.get(key)
            if template is not None:
                text = translate(template, lang) % {"n": part + 1}
            else:
                text = f"{_capital(*_labelled(key, lang, labels))} {part + 1}"
            named = _describe(key, node, lang, labels, application)  # (an invisible
            named = visible(named, lang) if named else named  # character named in words,
            text = inserted(text)  # as in the id; on a page each label and name isolated)
            segments.append(f"{text} ({inserted(named)})" if named else text)
            tail_start = position + 1
        else:
            keys.append(part)
    if tail_start < len(loc):
        label, words = _labelled(".".join(keys), lang, labels)
        if not words and kind in SENDERS_KEYS and keys:
            label, words = phrase("written_key", lang, name=visible(cut(keys[-1]), lang)), True
        segments.append(inserted(label if segments else _capital(label, words)))
    # (on a page, each label and name isolated alone, its own marks never read as marks)
    return marked(" — ".join(segments))


def _capital(text: str, words: bool = True) -> str:
    """A label at the start of a place, its first letter upper case; a name the application
    gave (an unknown key) as it wrote it, and no letter made two (``ß``)."""
    first = text[:1].upper()
    return first + text[1:] if words and len(first) == 1 else text
