"""JSON Schema (draft 2020-12) of applications and of call files, for forms and editors.

The application schema says exactly what the library accepts (a property test holds them
together, both ways), but where a pattern would pass :data:`PATTERN_MOST` characters (it is
left out: the codes as written only, no label typed back, no code in full width), nor labels
or the call's id typed with invisible characters or other compatibility forms of Unicode,
which the library reads: each
field's one spelling, the ISO code tables as ``enum``, amounts and instants as patterns.
What JSON Schema cannot say in one keyword, it says with ``if``/``then``: a subdivision must
be one of its country's (one ``if``/``then`` per country, marked
``x-callrules-subdivision-of``). Titles and descriptions are in the reader's language.

With a call, each field a vocabulary of the call serves (a role, a category, a kind, a
declared choice) is an enumeration: ``oneOf`` constants, each titled with its label in the
reader's language (``{"const": "engineer", "title": "ingénieur ou ingénieure"}``, the form
that form generators such as react-jsonschema-form and JSON Forms draw as a labelled
choice), marked ``x-callrules-vocabulary`` with the vocabulary's name: a value outside it is
bad input. The last entry of the ``oneOf`` is a ``pattern`` of the labels typed back (every
language, any case, full width), which the call reads as their codes (left out past
:data:`PATTERN_MOST` characters). A vocabulary serving several fields is written once in
``$defs`` and each field points to it with ``$ref``, as what several fields are said to
accept alike is: the schema grows with the call, never with the call times its fields. The
schema also
says, field by field, the values the call's rules accept (its
sets of countries, roles, cost categories…) as ``examples`` and in the description, so a
form can offer them; they are not made into constraints, because a value outside them is
valid input that the call judges ineligible, with a reason.
"""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping
from functools import cache, lru_cache
from itertools import permutations
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel

from callrules import _codes, _key_table
from callrules._call import Call
from callrules._definitions import CallFile
from callrules._form import FIELDS_MODELS, Form
from callrules._i18n import (
    call_reading,
    format_exact,
    join_list,
    negotiate,
    phrase,
    spoken,
    translate_plural,
)
from callrules._i18n import translate as _translate
from callrules._inserted import inserted, inserted_values, marked, marking, pieces
from callrules._keys import text_key
from callrules._messages import FIELD_TITLES, ITEMS, MODEL_TEXTS, PLURALS, SCHEMA_PHRASES
from callrules._models import Application
from callrules._paths import FieldType, type_of
from callrules._places import coded_value
from callrules._portable_patterns import END, SPACE, in_class, portable
from callrules._tags import language_of
from callrules._vocabularies import label_key
from callrules.exceptions import ArgumentError, choice_words, given_locale

__all__ = ["json_schema", "schema"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: A subdivision code's form; which codes exist, and in which country, the ``if``/``then``
#: of ``Location`` says.
SUBDIVISION_PATTERN = portable("^[A-Z]{2}-[A-Z0-9]{1,3}$")


def schema(kind: Literal["application", "call"] = "application", call: Call | None = None,
           locale: str | None = "en") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of an application (``kind="application"``) or of a
    call file (``kind="call"``), its titles and descriptions in ``locale``'s language (None:
    the session's, as :meth:`Report.render` reads it).

    For an application, ``call`` adds the fields that call declares (their types, bounds,
    required-ness, accepted values as ``enum``, and labels as titles) and, field by field,
    the values its rules accept (as ``examples``, and said in the description).

    >>> import callrules
    >>> french = callrules.schema(locale="fr")
    >>> french["title"]
    'Candidature'
    >>> fields = french["properties"]
    >>> fields["submitted_at"].get("title")
    'Déposée le'
    """
    if not isinstance(kind, str) or kind not in ("application", "call"):
        raise ArgumentError(f"kind must be 'application' or 'call', not {kind!r:.60}",
                            words=choice_words("kind", kind, ("application", "call")))
    if call is not None:
        ArgumentError.check(call, Call, "call: a Call or None", argument="call")
    locale = given_locale(locale)  # (a babel Locale as its tag; not text: refused in words)
    if locale is None:
        return json_schema(kind, call, negotiate(None))
    if call is None:  # a language the library does not speak is refused
        negotiate(locale)
    else:  # one neither it nor the call speaks too; the call's own (``fi`` for a call in
        call_reading(locale, call.languages)  # Finnish) titles its fields and labels, the
        # library's words in English
    return json_schema(kind, call, locale)


def json_schema(what: Literal["application", "call"], call: Call | None = None,
                locale: str = "en") -> dict[str, Any]:
    """The JSON Schema of an application (``"application"``) or of a call file (``"call"``);
    for an application, ``call`` adds the values that call accepts, field by field."""
    if what == "call":
        out = {"$schema": DIALECT, **CallFile.model_json_schema(by_alias=True)}
        _published(out)
        return out
    if call is None:
        return _application_schema(Application, locale)
    out = _application_schema(call.form.application, locale)
    _add_vocabularies(out, call.form, locale)
    _add_fields(out, call.form, locale)
    _add_call(out, call, locale)
    return out


#: The keywords of a schema whose value maps names (of properties, definitions…) to schemas,
#: and those whose value is data a schema lists, never a schema.
_NAMING = frozenset({"properties", "$defs", "definitions", "dependentSchemas"})
_LISTED = frozenset({"enum", "const", "examples", "default"})


def _published(node: Any, names: bool = False) -> None:
    """``node`` (a schema) with each of its patterns as every dialect reads it
    (:func:`callrules._portable_patterns.portable`: no ``$``, which Python's ``re`` matches
    before a final line feed too): those pydantic writes from a model's constraints (a call
    file's ids, codes, languages); the library's own are written so where they are made
    (idempotent). A property named as a keyword (``default``, ``examples``) is a schema
    like any other; only a keyword's listed values are data."""
    if isinstance(node, list):
        for item in node:
            _published(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if names:  # (a name, its value a schema)
                _published(value)
            elif key == "pattern" and isinstance(value, str):
                node[key] = portable(value)
            elif key == "patternProperties" and isinstance(value, dict):
                node[key] = {portable(pattern): each for pattern, each in value.items()}
                _published(list(value.values()))
            elif key not in _LISTED:
                _published(value, key in _NAMING)


@cache
def _application_base(model: type[Application]) -> dict[str, Any]:
    out: dict[str, Any] = {"$schema": DIALECT, **model.model_json_schema(by_alias=True)}
    location = out["$defs"]["Location"]
    location["properties"]["subdivision"] = {
        "anyOf": [{"type": "string", "pattern": SUBDIVISION_PATTERN}, {"type": "null"}],
        "default": None, "x-callrules-subdivision-of": "country"}
    location["allOf"] = list(_subdivisions_in_country())
    _key_patterns(out)
    _published(out)
    return out


def _key_patterns(node: Any) -> None:
    """A mapping whose keys have a pattern (ids without control characters) says it of
    every key (``propertyNames``), where pydantic writes ``patternProperties``, which would
    let any other key through."""
    if isinstance(node, list):
        for item in node:
            _key_patterns(item)
        return
    if not isinstance(node, dict):
        return
    patterns = node.get("patternProperties")
    if isinstance(patterns, dict) and len(patterns) == 1 and "properties" not in node:
        ((pattern, values),) = patterns.items()
        del node["patternProperties"]
        node["propertyNames"] = {**node.get("propertyNames", {}), "pattern": pattern}
        if values:
            node["additionalProperties"] = values
    for value in node.values():
        _key_patterns(value)


def _subdivisions_in_country() -> Iterator[dict[str, Any]]:
    """One ``if``/``then`` per country: its subdivisions, or none at all."""
    by_country = _codes.subdivisions_by_country()
    for country in sorted(_codes.COUNTRIES):
        codes = by_country.get(country)
        allowed: dict[str, Any] = ({"anyOf": [{"enum": list(codes)}, {"type": "null"}]}
                                   if codes else {"type": "null"})
        yield {"if": {"properties": {"country": {"const": country}}, "required": ["country"]},
               "then": {"properties": {"subdivision": allowed}}}


def translate(message: str, locale: str) -> str:
    """``message`` in ``locale``'s language, or in English for a language only the call
    speaks (checked by :func:`schema`)."""
    return _translate(message, spoken(locale, otherwise="en"))


def _application_schema(model: type[Application], locale: str) -> dict[str, Any]:
    out = copy.deepcopy(_application_base(model))
    _words(out, locale)
    _items(out, locale)
    return out


def _items(out: dict[str, Any], locale: str) -> None:
    """Each list the library names the items of (``ITEMS``), said in ``locale``: its item's
    name, ``{n}`` for its number (``x-callrules-item``: « Affiliation {n} », not the list's
    plural), and its button's words (``x-callrules-add``: « Ajouter une affiliation »)."""
    for path, template in ITEMS.items():
        node: Any = out
        for name in path.split("."):
            node = _schema_of(out, node).get("properties", {}).get(name)
            if not isinstance(node, dict):
                break
        else:
            node = _schema_of(out, node)
            if node.get("type") == "array":
                node["x-callrules-item"] = translate(template, locale).replace("%(n)s", "{n}")
                add = SCHEMA_PHRASES.get(f"add {path}")
                if add is not None:
                    node["x-callrules-add"] = translate(add, locale)


def _defined(out: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """The schema of ``out``'s ``$defs`` that ``node``'s ``$ref`` names (none: ``{}``)."""
    found: dict[str, Any] = out.get("$defs", {}).get(str(node["$ref"]).rsplit("/", 1)[-1], {})
    return found


def _schema_of(out: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """The schema ``node`` stands for: through a ``$ref`` to ``out``'s ``$defs``, and an
    optional part's ``anyOf`` (the schema that is not ``null``)."""
    for _ in range(8):
        if "$ref" in node:
            node = _defined(out, node)
        elif "anyOf" in node:
            node = next((n for n in node["anyOf"] if isinstance(n, dict)
                         and n.get("type") != "null"), {})
        else:
            break
    return node


def _words(node: Any, locale: str) -> None:
    """Titles and descriptions in ``locale``: each part's from ``MODEL_TEXTS``, each
    property's title from ``FIELD_TITLES``."""
    if isinstance(node, list):
        for item in node:
            _words(item, locale)
        return
    if not isinstance(node, dict):
        return
    texts = MODEL_TEXTS.get(node.get("title", "")) if "properties" in node else None
    if texts is not None:
        node["title"], node["description"] = (translate(t, locale) for t in texts)
    for key, value in node.items():
        if key not in ("enum", "examples", "const", "default"):
            _words(value, locale)
    for name, prop in node.get("properties", {}).items():  # after: a field's own title wins
        if isinstance(prop, dict) and name in FIELD_TITLES:
            prop["title"] = translate(FIELD_TITLES[name], locale)


def _add_vocabularies(out: dict[str, Any], form: Form, locale: str) -> None:
    """Each enumeration of a vocabulary (marked ``x-callrules-vocabulary`` by the call's
    models) as ``oneOf`` constants titled with their labels in ``locale``'s language (the
    call's first language when it has not that one): written in the field where the
    vocabulary serves one field, else once in ``$defs`` (``vocabulary-<name>``), each field
    it serves pointing to it with ``$ref``, so that the schema grows with the call, not with
    the call times its fields (att79 F1: a 66 KB call made a 47 MB schema)."""
    served: dict[str, list[dict[str, Any]]] = {}
    for node in _vocabulary_nodes(out):
        served.setdefault(str(node["x-callrules-vocabulary"]), []).append(node)
    definitions = out.setdefault("$defs", {})
    for name, nodes in served.items():
        vocabulary = next((v for v in form.vocabularies.values() if v.name == name), None)
        if vocabulary is None:
            continue
        offered = _offered(vocabulary, form, locale)
        if len(nodes) == 1:
            del nodes[0]["enum"]
            nodes[0]["oneOf"] = offered
            continue
        key = _definition_name(definitions, "vocabulary", name)
        definitions[key] = {"x-callrules-vocabulary": name, "oneOf": offered}
        for node in nodes:
            del node["enum"]
            node["$ref"] = f"#/$defs/{key}"


def _vocabulary_nodes(node: Any) -> Iterator[dict[str, Any]]:
    """The enumerations marked with a vocabulary, wherever they are in ``node``."""
    if isinstance(node, list):
        for item in node:
            yield from _vocabulary_nodes(item)
    elif isinstance(node, dict):
        if "x-callrules-vocabulary" in node and "enum" in node:
            yield node
            return
        for value in node.values():
            yield from _vocabulary_nodes(value)


def _definition_name(definitions: Mapping[str, Any], kind: str, name: str) -> str:
    """A new key of ``definitions`` for ``kind`` (``vocabulary``, ``accepted``), with
    ``name`` when it is written with characters a JSON Pointer in a URI fragment takes as
    they are, else a number; never one of the models' (``Host``: capitalised, without a
    hyphen)."""
    stem = f"{kind}-{name}" if _PLAIN.fullmatch(name) else f"{kind}-{len(definitions)}"
    key, n = stem, 1
    while key in definitions:
        n += 1
        key = f"{stem}-{n}"
    return key


_PLAIN = re.compile(r"[A-Za-z0-9_.]{1,100}")


def _offered(vocabulary: Any, form: Form, locale: str) -> list[dict[str, Any]]:
    """A vocabulary's codes as ``oneOf`` constants titled with their labels in ``locale``,
    and a ``pattern`` of its labels typed back (when not too long: :data:`PATTERN_MOST`)."""
    lang = language_of(locale)
    offered = [{"const": code, "title": vocabulary.label(code, lang, form.languages)}
               for code in vocabulary.values]
    for choice in offered:
        _mark_language(choice, vocabulary.values[choice["const"]], locale, form.languages)
    spelt = _labels_pattern(vocabulary.values)
    if spelt is not None:  # a label typed back is read as its code (_form._as_code)
        padded = any(label != label.strip() for texts in vocabulary.values.values()
                     for label in (texts or {}).values())  # (a label itself blank around:
        offered.append({"type": "string", "pattern": spelt,  # read typed back, as check does)
                        **({} if padded else {"not": _padded()}),
                        "title": translate(SCHEMA_PHRASES["label_spelling"], locale)})
    return offered


def _mark_language(node: dict[str, Any], texts: Mapping[str, str] | None, locale: str,
                   languages: Any) -> None:
    """``node``'s title, a call's text, marked ``x-callrules-lang`` with the language it is
    written in where that is not ``locale``'s (a call in English and Finnish read in
    French): a form sets it as the ``lang`` of the label or the option, so that a screen
    reader reads it in its own language."""
    lang = language_of(locale)
    if not texts or texts.get(lang):
        return
    own = next((other for other in languages if texts.get(other)), next(iter(texts)))
    node["x-callrules-lang"] = own


def _labels_pattern(values: Mapping[str, Mapping[str, str]]) -> str | None:
    """A pattern of the vocabulary's labels (every language) in any case, as the call reads
    a label typed for its code (:func:`callrules._vocabularies.label_key`: ``Travel``,
    ``HÉBERGEMENT``, ``ｔｒａｖｅｌ``, ``frais d'inscription``), none of the codes as written
    (the constants say those, and ``oneOf`` takes one): so the schema accepts what
    ``check`` reads, in form C or D (``Refeic\u0327o\u0303es``), but for the same labels
    with invisible characters (a zero-width space) or in other compatibility forms of
    Unicode (``𝐓ravel``), which ``check`` reads too.
    Each letter is a class of its spellings (``[tTｔＴ][rRｒＲ]…``), but for a character
    outside the Basic Multilingual Plane (``🚆``, ``𝔥``), an alternative of its own
    (``(?:[Hh]|𝔥)``): so the pattern reads the same in ECMA-262 without a flag (where a class
    matches one UTF-16 unit, and a character outside the plane is two: ajv 6), with the ``u``
    or ``v`` flag (ajv 8, a browser's ``<input pattern>``) and in Python's ``re``
    (jsonschema, hypothesis-jsonschema)."""
    spellings: dict[str, str] = {}
    size = 0
    for texts in values.values():
        for label in texts.values():
            key = label_key(label)
            if key not in spellings:
                spellings[key] = _spelt(label)
                size += len(spellings[key]) + 1
                if size > PATTERN_MOST:
                    return None  # too long to compile in a moment: the codes only
    if not spellings:
        return None
    # a code in full width, or with its accents typed apart, is read as it too (its key is
    # the code's)
    spelt = {*spellings.values(), *(_spelt(code, exact=True) for code in values)}
    codes = "|".join("".join(_class({c}) for c in code) for code in values)
    pattern = f"^(?!(?:{codes}){END})(?:{'|'.join(sorted(spelt))}){END}"
    return pattern if len(pattern) <= PATTERN_MOST else None


#: The most characters a pattern of a vocabulary's labels (or of a choice's codes in their
#: other forms) is written with: one longer is left out, and the field then takes its codes
#: as written only (the labels typed back, which ``check`` reads, are refused by the schema).
#: A pattern of 9.5 million characters, from a call of 797 KB, took Python's ``re`` 70 s and
#: a browser 9 to 16 s to compile (att79 F2); one of this size, a third of a second in
#: Python (the longest of the bundled and example calls, 4,693).
PATTERN_MOST = 20_000


def _padded() -> dict[str, Any]:
    """The guard of a pattern of codes or labels (a ``not``): no white space first or last,
    as an identifier's (:class:`callrules._models.Trimmed`), whatever a label's spellings
    hold. (A final line feed is no match of the pattern itself: it ends with
    :data:`callrules._portable_patterns.END`, not ``$``.)"""
    return {"anyOf": [{"pattern": f"^[{SPACE}]"}, {"pattern": f"[{SPACE}]{END}"}]}


def _same_keys(exact: bool) -> dict[str, frozenset[str]]:
    """Every character beyond ASCII that is not a compatibility form of Unicode, by its key
    (a label's, :func:`callrules._vocabularies.label_key`; when ``exact``, a code's, case
    kept: :func:`callrules._keys.text_key`) where that is not the character itself: the
    capital sharp s ``ẞ`` under ``ß``, the Kelvin sign under ``k``, the Ohm sign under
    ``ω``, the Ångström sign under ``å`` (and, case kept, under ``Å``)."""
    return _keyed()[exact]


#: The Unicode versions over whose characters a pass (:func:`scanned_keys`) finds exactly
#: the tables frozen in :mod:`callrules._key_table` (those of Unicode 14.0.0, Python 3.11):
#: 15.0.0 and 15.1.0 found them alike, on Pythons 3.12.1 and 3.13.0 (wrd78; the test of
#: the frozen tables compares them on any Python of one of these versions).
SAME_KEYS = frozenset({_key_table.UNICODE, "15.0.0", "15.1.0"})


@cache
def _keyed() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """The tables of :func:`_same_keys`, without case and with: the ones frozen in the
    package (:mod:`callrules._key_table`, written by ``tools/key_table.py``) when Python's
    Unicode finds them (:data:`SAME_KEYS`; imported with this module, some 10 to 30 ms; a
    millisecond to read), else found in one pass over every character
    (:func:`scanned_keys`: about a second, once a process)."""
    if unicodedata.unidata_version in SAME_KEYS:
        return tuple(  # type: ignore[return-value]
            {key: frozenset(chars) for key, chars in table.items()}
            for table in (_key_table.FOLDED, _key_table.KEPT))
    return scanned_keys()


def scanned_keys() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """The tables of :func:`_same_keys` found in one pass over every character (about 3,000
    characters of the 1,114,112): a character with no decomposition and no lowercase of its
    own is its own key in both."""
    tables: tuple[dict[str, set[str]], dict[str, set[str]]] = ({}, {})
    for point in range(0x80, 0x110000):
        char = chr(point)
        parts = unicodedata.decomposition(char)
        if parts.startswith("<") or (not parts and char.lower() == char):
            continue
        for table, its in zip(tables, (label_key(char), text_key(char, False)), strict=True):
            if its != char:
                table.setdefault(its, set()).add(char)
    folded, kept = ({its: frozenset(chars) for its, chars in table.items()} for table in tables)
    return folded, kept


def _key_of(exact: bool) -> Any:
    """The key ``check`` reads a letter by: a label's (any case), or when ``exact`` a code's."""
    return label_key if not exact else (lambda text: text_key(text, False))


@lru_cache(maxsize=4096)  # labels repeat few letters: each one's pattern is worked out once
def _letter(char: str) -> str:
    """A pattern of ``char`` in each of its spellings as a label's letter
    (:func:`_letter_texts`), emitted deterministic (:func:`_trie`)."""
    return _trie(_letter_texts(char, False, apart=True))


@lru_cache(maxsize=4096)
def _letter_texts(char: str, exact: bool = False, apart: bool = True) -> frozenset[str]:
    """The texts ``char`` may be typed as, each of the key of ``char`` (a label's, any case;
    when ``exact`` a code's): ``char`` and its full-width form, every character but a
    compatibility form whose key is ``char``'s (:func:`_same_keys`: ``ẞ``, the Kelvin
    sign), (unless ``exact``) each case that a label's key takes as the same letter, a
    variant of several characters (``ß`` upper is ``SS``, ``…`` in form KC ``...``), and
    when ``apart`` its accent typed apart (as macOS gives a text: ``c`` and U+0327 for
    ``ç``), the base in each spelling whose key with the accent is ``char``'s (``I`` and the
    dot above are ``İ``; ``i`` and the dot above are not)."""
    key = _key_of(exact)
    near = {char, unicodedata.normalize("NFKC", char), *_same_keys(exact).get(key(char), ())}
    if not exact:
        near |= {char.lower(), char.upper(), char.title(), char.swapcase(),
                 *("'\u2019" if char in "'\u2019" else "")}
    near |= {chr(ord(v) + 0xFEE0) for v in near if len(v) == 1 and "!" <= v <= "~"}  # full
    texts = {v for v in near if key(v) == key(char)}
    parts = unicodedata.normalize("NFD", char)
    if apart and len(parts) > 1:
        texts |= {t + parts[1:] for t in _letter_texts(parts[0], exact)
                  if key(t + parts[1:]) == key(char)}
    return frozenset(texts)


def _spelt(text: str, exact: bool = False) -> str:
    """A pattern of ``text`` as ``check`` reads it (a label's key, or when ``exact`` a code's):
    a letter with the marks that follow it as one (:func:`_marked`): so its marks typed in
    any order Unicode holds the same (``e`` with the dot below and the circumflex, or the
    circumflex then the dot), and a character whose key is several (Devanagari ``\u0958``,
    which is ``\u0915`` and the nukta ``\u093c``), are read as ``check`` reads them; each
    letter's pattern deterministic (:func:`_trie`), so that a text is matched without
    backtracking across letters (a pattern of alternatives that overlap took 56 s in
    Python's ``re`` over 18 letters: look75s)."""
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    start = 0
    for end in range(1, len(text) + 1):  # (a letter, then the marks that follow it)
        if end == len(text) or not unicodedata.combining(text[end]):
            out.append(_marked(text[start:end], exact))
            start = end
    return "".join(out)


#: The most marks on one letter whose orders are each written out (4: 24 orders).
_MARKS_ORDERED = 4


@lru_cache(maxsize=4096)
def _marked(letter: str, exact: bool) -> str:
    """A pattern of ``letter`` (a character in form C, and the marks that follow it): the
    trie (:func:`_trie`) of its texts (:func:`_marked_texts`)."""
    return _trie(_marked_texts(letter, exact))


def _marked_texts(letter: str, exact: bool) -> frozenset[str]:
    """The texts ``letter`` (a character in form C, and the marks that follow it) may be
    typed as, each of its key: its marks in each order Unicode holds the same (marks of one
    class keep theirs), the letter and some of its marks as one character where Unicode has
    one (``ệ``, ``ê`` and the dot, ``ẹ`` and the circumflex, ``e`` and both, in any case
    unless ``exact``; ``\u0958`` for ``\u0915\u093c``), each character in each of its
    spellings (:func:`_letter_texts`) whose key with the marks is ``letter``'s."""
    parts = unicodedata.normalize("NFD", letter)
    if len(letter) == 1 and len(parts) <= 2:
        return _letter_texts(letter, exact)  # (a letter and at most one mark: its own)
    key = _key_of(exact)
    table = _same_keys(exact)
    base, marks = parts[0], parts[1:]
    orders = {order for order in permutations(marks)
              if unicodedata.normalize("NFD", base + "".join(order)) == parts
              } if len(marks) <= _MARKS_ORDERED else {tuple(marks)}
    texts: set[str] = set()
    for order in orders:
        for cut in range(len(order) + 1):
            head, rest = base + "".join(order[:cut]), "".join(order[cut:])
            composed = unicodedata.normalize("NFC", head)
            heads = {*table.get(key(head), ()), *([composed] if len(composed) == 1 else ()),
                     *([base] if not cut else ())}
            texts |= {t + rest for h in heads if len(h) == 1
                      for t in _letter_texts(h, exact) if key(t + rest) == key(letter)}
    return frozenset(texts)


def _trie(texts: frozenset[str]) -> str:
    """A pattern matching exactly ``texts``, deterministic: the trie of the texts, whose
    alternatives at each node begin with distinct characters (the characters whose
    continuations are the same merged into one class, :func:`_class`), a node that ends a
    text and goes on an optional group; so a text is matched in one pass, never trying
    two alternatives over the same character.

    >>> print(ascii(_trie(frozenset({"É", "é", "E\u0301", "e\u0301"}))))
    '(?:[\xc9\xe9]|[Ee]\u0301)'
    >>> _trie(frozenset({"a", "ab"}))
    'a(?:b)?'
    """
    ends = "" in texts
    after: dict[str, set[str]] = {}
    for text in texts:
        if text:
            after.setdefault(text[0], set()).add(text[1:])
    by_rest: dict[frozenset[str], set[str]] = {}
    for char, rests in after.items():
        by_rest.setdefault(frozenset(rests), set()).add(char)
    options = sorted(((rests != {""}, min(chars), _one_of(chars) + _trie(rests))
                      for rests, chars in by_rest.items()))
    body = [option for _, _, option in options]
    if not body:
        return ""
    if ends:
        return f"(?:{'|'.join(body)})?"
    return body[0] if len(body) == 1 else f"(?:{'|'.join(body)})"


def _one_of(chars: set[str]) -> str:
    """:func:`_class`, but a mark alone as it is (``\u0301``, as a letter typed apart
    was always written: no dialect reads a mark outside a class otherwise)."""
    (one,) = chars if len(chars) == 1 else ("",)
    return one if one and unicodedata.category(one).startswith("M") else _class(chars)


def _class(chars: set[str]) -> str:
    """A pattern of one of ``chars``: a letter or digit alone as it is, else a class, each
    character written as every dialect reads it (:func:`in_class`: ``(`` as ``\\x28``,
    which the ``v`` flag reserves); a character outside the Basic Multilingual Plane never
    in a class but an alternative beside it (without the ``u`` flag, ECMA-262 reads it as
    its two UTF-16 units, which match in sequence outside a class and never inside one)."""
    wide = sorted(v for v in chars if ord(v) > 0xFFFF)
    narrow = sorted(chars.difference(wide))
    if len(narrow) == 1 and narrow[0].isalnum():
        options = [narrow[0], *wide]
    else:
        options = [f"[{''.join(in_class(v) for v in narrow)}]", *wide] if narrow else wide
    return options[0] if len(options) == 1 else f"(?:{'|'.join(options)})"


def _add_fields(out: dict[str, Any], form: Form, locale: str) -> None:
    """The fields a call declares: each titled with its label in ``locale`` (its name when
    the call gives none); the ``fields`` object required where one of them is."""
    definitions = out.get("$defs", {})
    for holder in FIELDS_MODELS.values():  # titled in words where the call declares none too
        if holder in definitions:
            definitions[holder]["title"] = translate(SCHEMA_PHRASES["declared_fields"], locale)
            definitions[holder].pop("description", None)
    for level, declared in form.fields.items():
        target = definitions.get(FIELDS_MODELS[level])
        if target is None:
            continue
        for name, field in declared.items():
            node = target["properties"][name]
            node["title"] = field.label(locale) or name
            _mark_language(node, field.spec.label, locale, ())
            if field.spec.values is not None:  # a choice of its own values (no vocabulary)
                _spell_choice(target["properties"][name], list(field.spec.values), locale)
        if any(field.spec.required for field in declared.values()):
            parent = out if level == "application" else definitions[_PARENTS[level]]
            parent["required"] = sorted({*parent.get("required", ()), "fields"})


def _spell_choice(node: Any, codes: list[str], locale: str) -> None:
    """The enumeration of a declared choice's own ``values`` (wherever it is in ``node``: in
    an ``anyOf`` with null, in a list's items) as ``oneOf`` constants and a ``pattern`` of
    their other spellings that ``check`` reads as them (:func:`_codes_pattern`): full width,
    a letter and its accent typed apart. So what the call's schema accepts, the call reads,
    and what the call reads in those forms, its schema accepts."""
    if isinstance(node, list):
        for item in node:
            _spell_choice(item, codes, locale)
        return
    if not isinstance(node, dict):
        return
    if node.get("enum") == codes:
        del node["enum"]
        node["oneOf"] = [{"const": code} for code in codes]
        spelt = _codes_pattern(codes)
        if spelt is not None:
            node["oneOf"].append({"type": "string", "pattern": spelt, "not": _padded(),
                                  "title": translate(SCHEMA_PHRASES["code_spelling"], locale)})
        return
    for value in node.values():
        _spell_choice(value, codes, locale)


def _codes_pattern(codes: list[str]) -> str | None:
    """A pattern of ``codes`` as ``check`` reads them in other forms of the same characters
    (:func:`callrules._keys.text_key`, case kept): each character in full width, a letter
    with its accent typed apart (``ａｌｐｈａ``, ``δε\u0301λτα`` for ``δέλτα``), none of the
    codes as written (the constants say those, and ``oneOf`` takes one); None when no code
    has another form. As :func:`_labels_pattern`, invisible characters and the other
    compatibility forms of Unicode, which ``check`` reads too, are left out."""
    as_written = {code: "".join(_class({c}) for c in code) for code in codes}
    spelt = {code: _spelt(code, exact=True) for code in codes}
    if spelt == as_written:
        return None  # no code has another form
    pattern = (f"^(?!(?:{'|'.join(as_written.values())}){END})"
               f"(?:{'|'.join(sorted(set(spelt.values())))}){END}")
    return pattern if len(pattern) <= PATTERN_MOST else None  # (too long: left out)


def _call_named(node: dict[str, Any], call_id: str, locale: str) -> None:
    """The application's ``call`` (``node``) as the call reads it
    (:func:`callrules._evaluate.same_call`): absent or null, the call's id (a ``const``,
    which a form draws as its one choice and a generated client as a literal), or the id
    written in another case or in full width (a ``pattern``: ``CNRS-AMSUD-2026``,
    ``ｃｎｒｓ-amsud-2026``); any other call is refused (``other_call``), as ``check``
    refuses it. As for a vocabulary's codes (:func:`_labels_pattern`), the same id with
    invisible characters or in other compatibility forms of Unicode, which ``check`` reads
    too, is left out."""
    text = next(choice for choice in node["anyOf"] if choice.get("type") == "string")
    exact = "".join(_class({c}) for c in call_id)
    spelt = "".join(_letter(c) for c in call_id)
    # (the text's own guards kept: no control character, no white space first or last)
    text["oneOf"] = [
        {"const": call_id, "title": call_id},
        {"type": "string", "pattern": f"^(?!{exact}{END}){spelt}{END}", "not": _padded(),
         "title": translate(SCHEMA_PHRASES["call_spelling"], locale)}]
    with marking():
        said = translate(SCHEMA_PHRASES["call_named"], locale) % {"call": inserted(call_id)}
    _describe(node, said, [None])


#: The model each level's ``fields`` object is in.
_PARENTS = {"host": "Host", "visitors": "Visitor", "budget_lines": "BudgetLine",
            "documents": "Document"}


def _add_call(out: dict[str, Any], call: Call, locale: str) -> None:
    out["description"] = translate(SCHEMA_PHRASES["application_to"], locale) % {
        "call": call.id, "version": call.version}
    _call_named(out["properties"]["call"], call.id, locale)
    definitions = out.get("$defs", {})
    clauses: dict[tuple[type[BaseModel], str], set[str]] = {}
    values: dict[tuple[type[BaseModel], str], set[str]] = {}
    rules: dict[tuple[type[BaseModel], str], list[_Accepting]] = {}
    for owner, field, accepting, clause in _accepted(call):
        clauses.setdefault((owner, field), set()).add(clause)
        values.setdefault((owner, field), set()).update(accepting.values)
        rules.setdefault((owner, field), []).append(accepting)
    telling: list[_Telling] = []
    for (owner, field), allowed in values.items():
        if len(clauses[(owner, field)]) > 1:
            continue  # a shared place (a Location) judged by several clauses: ambiguous
        target = out if issubclass(owner, Application) else definitions.get(owner.__name__)
        if target is None or field not in target.get("properties", {}):
            continue
        prop = target["properties"][field]
        every = sorted(set(prop.get("examples", [])) | allowed)
        titles, reads = _titles(out, prop)
        tell = _Telling(prop, field, every, _joined(rules[(owner, field)], set(every)), titles,
                        reads, {v for rule in rules[(owner, field)] if rule.source is None
                                for v in rule.values} | set(prop.get("examples", [])),
                        _sets(rules[(owner, field)]))
        telling.append(tell)
    seen: dict[_Seen, _Typed] = {}
    said = [_say(tell, _said(tell.every), locale, seen) for tell in telling]
    budgets = _budgets(telling, said)
    described: list[dict[str, Any]] = []
    cut: dict[str, dict[str, Any]] = {}  # (fields accepting alike, cut alike: still alike)
    for tell, first in zip(telling, said, strict=True):
        if any(source in budgets for source in tell.sets):
            alike = _alike(tell, first)
            if alike not in cut:
                cut[alike] = _say(tell, _said_within(tell, budgets, locale, seen), locale, seen)
            first = copy.deepcopy(cut[alike])
        if first:
            tell.prop.update(first)
            described.append(tell.prop)
    _share(out, described)


class _Telling(NamedTuple):
    """What a field is said to accept (:func:`_add_call`): its schema (``prop``), its name,
    the values its rules accept (``every``, sorted), how they are joined (``style``), the
    labels of its vocabulary's codes and whether it reads them typed (:func:`_titles`), the
    values its own rules write (``own``: a rule's own list or value, and the model's
    examples) and those of each parameter set it reads (``sets``, by the set's name)."""

    prop: dict[str, Any]
    field: str
    every: list[str]
    style: str | None
    titles: dict[str, tuple[str, str | None]]
    reads: bool
    own: set[str]
    sets: dict[str, frozenset[str]]


#: What :func:`_shown` keeps once a schema: a value at a field, by the field's name, the
#: value, whether it reads its vocabulary's codes typed, and its code's labels (or None).
_Seen = tuple[str, str, bool, str | None]
#: :func:`_to_type`'s answer: the value typed, its label's words, their language.
_Typed = tuple[str, str | None, str | None]


def _sets(rules: list[_Accepting]) -> dict[str, frozenset[str]]:
    """The values of each parameter set ``rules`` read, by the set's name (a set to test
    membership in: a field may read thousands of values, look76s 4)."""
    sets: dict[str, set[str]] = {}
    for rule in rules:
        if rule.source is not None:
            sets.setdefault(rule.source, set()).update(rule.values)
    return {source: frozenset(values) for source, values in sets.items()}


def _alike(tell: _Telling, first: dict[str, Any]) -> str:
    """What tells fields apart where what they say is cut (:func:`_budgets`,
    :func:`_said_within`): what the field says uncut (``first``) and what it accepts, its
    values, its own and the sets it reads (a set's values are the call's parameter's, one
    for its name); never what it says alone, cut at :data:`SAID_MOST` values: two fields
    whose values differed past them said the same and were cut the same, one listing a
    value its rules refuse (look76s 1)."""
    return json.dumps([first, tell.every, sorted(tell.own), sorted(tell.sets)], sort_keys=True)


def _say(tell: _Telling, known: list[str], locale: str, seen: dict[_Seen, _Typed]
         ) -> dict[str, Any]:
    """What ``tell``'s field says it accepts, ``known`` of its values (the others counted):
    ``examples`` and a description with the values it inserts (:func:`_describe`); with
    none known, how many values it accepts, in words (look76s 3: a field that said nothing
    showed a bare box on the page)."""
    if not known:
        lang = spoken(locale, otherwise="en")
        said: dict[str, Any] = {}
        _describe(said, translate_plural(PLURALS["accepts_count"], len(tell.every), lang)
                  % {"n": format_exact(len(tell.every), lang)}, [])
        return said
    shown = [_shown(tell, v, locale, seen) for v in known]
    with marking():  # (each value told apart: listed beside the description)
        items = [inserted(typed) if words is None
                 else f"{inserted(typed)} ({inserted(words)})"  # (« fr (français) »)
                 for typed, words, _ in shown]
        if len(known) < len(tell.every):
            items.append(phrase("and_more", spoken(locale, otherwise="en"), n=format_exact(
                len(tell.every) - len(known), spoken(locale, otherwise="en"))))
        text = translate(SCHEMA_PHRASES["accepts"], locale) % {"values": marked(
                ", ".join(items) if tell.style is None
                else join_list(items, locale, tell.style))}
    said = {"examples": known}
    _describe(said, text, [each for _, words, lang in shown  # (a label's)
                           for each in ((lang,) if words is None else (None, lang))])
    return said


def _budgets(telling: list[_Telling], said: list[dict[str, Any]]) -> dict[str, int]:
    """The characters each parameter set read by fields that say different things
    (:func:`_add_call`, :func:`_share`) may be said in, all of them together:
    :data:`SAID_CHARACTERS` shared out among them (each of 40 fields saying different things
    may say 50 of its characters), so that what the
    set is said to hold grows with the set, never with it times the fields that read it
    (att81 F5: 200 fields each reading a set of 7 values of 300 characters and one value
    of its own made a schema of 1.34 MB from a call of 73 KB, 16.6 times)."""
    read = Counter(source for tell in telling for source in tell.sets)
    saying: dict[str, set[str]] = {}
    for i, (tell, first) in enumerate(zip(telling, said, strict=True)):
        shared = [source for source in tell.sets if read[source] > 1]
        # (a field :func:`_share` leaves inline writes its own copy, said alike or not:
        # choices a vocabulary serves, look76s 2)
        alike = "" if not shared else str(i) if _inline(tell.prop) else _alike(tell, first)
        for source in shared:
            saying.setdefault(source, set()).add(alike)
    return {source: SAID_CHARACTERS // len(told) for source, told in saying.items()
            if len(told) > 1}


def _shown(tell: _Telling, value: str, locale: str, seen: dict[_Seen, _Typed]) -> _Typed:
    """:func:`_to_type` of ``value`` at ``tell``'s field, worked out once a schema (``seen``)
    for the fields of one name reading it alike (a vocabulary's labels, or none)."""
    title = tell.titles.get(value)
    key = (tell.field, value, tell.reads, None if title is None else json.dumps(title))
    if key not in seen:
        seen[key] = _to_type(tell.field, value, tell.titles, tell.reads, locale)
    return seen[key]


def _said_within(tell: _Telling, budgets: Mapping[str, int], locale: str,
                 seen: dict[_Seen, _Typed]) -> list[str]:
    """The values ``tell``'s field says where it reads a set that fields saying different
    things read (:func:`_budgets`), at most :data:`SAID_MOST` as :func:`_said`: its own
    (:class:`_Telling`) and those of the sets it alone reads, as :func:`_said` says them
    (the first always), and each value of a set it shares while the set has characters
    left for it (the value, its label, and :data:`_SAID_EACH` for the words and marks
    around it)."""
    shared = [source for source in tell.sets if source in budgets]
    own = tell.own.union(*(values for source, values in tell.sets.items()
                           if source not in budgets))
    mine = set(_said([value for value in tell.every if value in own]))
    left = dict(budgets)
    refused: dict[str, int] = {}
    known: list[str] = []
    for value in tell.every:
        if value in mine:
            known.append(value)
            continue
        if len(known) >= SAID_MOST:
            continue  # (only its own values may still be said)
        room = [source for source in shared
                if left[source] > _SAID_EACH and value in tell.sets[source]]
        if not room:
            continue  # (no set of the value has room left)
        typed, words, _ = _shown(tell, value, locale, seen)
        cost = len(typed) + len(words or "") + _SAID_EACH
        source = next((source for source in room if left[source] >= cost), None)
        if source is not None:
            left[source] -= cost
            known.append(value)
        else:  # (a set that refused SAID_MOST values is closed to the field: each refusal
            # types a value out, and a set may hold thousands, look76s 4)
            for each in room:
                refused[each] = refused.get(each, 0) + 1
                if refused[each] >= SAID_MOST:
                    left[each] = 0
    return known if len(known) <= SAID_MOST and len(known) == len(tell.every) \
        else known[:SAID_MOST - 1]


#: The characters a value said costs beyond its own and its label's (its quotes and commas
#: in ``examples``, in the description and its list of values, its words around it and its
#: language): :func:`_said_within`.
_SAID_EACH = 24


#: The most values a field is said to accept (its ``examples`` and its description), the
#: others counted in the description (« and 950 more »).
SAID_MOST = 50

#: The most characters of values a field is said to accept (the first value always said):
#: fields each reading one set of long values and one of their own said 50 values of 5,000
#: characters each, three times (a call of 344 KB made a schema of 72 MB, look74h 1).
SAID_CHARACTERS = 2_000


def _said(every: list[str]) -> list[str]:
    """The values of ``every`` a field says it accepts: at most :data:`SAID_MOST` (the last
    place kept for « and 12 more » where some are left) and :data:`SAID_CHARACTERS`
    characters, the first always said."""
    if len(every) <= SAID_MOST and sum(map(len, every)) <= SAID_CHARACTERS:
        return every
    known: list[str] = []
    size = 0
    for value in every[:SAID_MOST - 1]:
        if known and size + len(value) > SAID_CHARACTERS:
            break
        known.append(value)
        size += len(value)
    return known


#: What a field is said to accept (:func:`_add_call`), written once in ``$defs`` where fields
#: say the same.
_SAID = ("examples", "description", "x-callrules-inserted", "x-callrules-around",
         "x-callrules-inserted-lang")


def _share(out: dict[str, Any], described: list[dict[str, Any]]) -> None:
    """What several fields are said to accept, alike (the values of one set of the call's
    rules read at each: their ``examples`` and description), written once in ``$defs``
    (``accepted-<n>``, with the ``$ref`` the fields had), each pointing to it: 200 fields
    read by rules ``in`` one set of 1,000 values made a schema of 18 MB from a call of
    82 KB (att79 F1)."""
    alike: dict[str, list[dict[str, Any]]] = {}
    for prop in described:
        if _inline(prop):
            continue  # (a ``$ref`` beside an ``anyOf`` holding one: hypothesis-jsonschema
            # 0.23 cannot follow it, look74h 3; what it says is bounded, SAID_CHARACTERS)
        said = {key: prop[key] for key in ("$ref", *_SAID) if key in prop}
        alike.setdefault(json.dumps(said, sort_keys=True), []).append(prop)
    definitions = out.setdefault("$defs", {})
    for props in alike.values():
        if len(props) < 2:
            continue
        key = _definition_name(definitions, "accepted", str(len(definitions)))
        definitions[key] = {key_: props[0][key_] for key_ in ("$ref", *_SAID)
                            if key_ in props[0]}
        for prop in props:
            for key_ in ("$ref", *_SAID):
                prop.pop(key_, None)
            prop["$ref"] = f"#/$defs/{key}"


def _inline(prop: dict[str, Any]) -> bool:
    """Whether what field ``prop`` says stays written at it (:func:`_share`), never in
    ``$defs``: a field whose ``anyOf`` holds a ``$ref`` (an optional choice a vocabulary
    serves)."""
    return any(isinstance(each, dict) and "$ref" in each for each in prop.get("anyOf", ()))


def _titles(out: dict[str, Any], node: Any) -> tuple[dict[str, tuple[str, str | None]], bool]:
    """The titles of the constants ``node`` offers (a vocabulary's labels, with the
    language each is written in when not the reader's), in its ``oneOf`` or in that of a
    choice of its ``anyOf`` (a field that may be null), or in the ``$defs`` entry of ``out``
    either refers to (``$ref``: a vocabulary serving several fields), and whether it reads
    them typed for their code (a ``oneOf`` entry of a ``pattern``: a vocabulary's field,
    « hébergement » for ``accommodation``)."""
    found: dict[str, tuple[str, str | None]] = {}
    reads = False
    for choice in (c for each in (node, *node.get("anyOf", ())) if isinstance(each, dict)
                   for c in _referred(out, each).get("oneOf", ())):
        if isinstance(choice, dict) and "const" in choice and "title" in choice:
            found.setdefault(choice["const"], (choice["title"], choice.get("x-callrules-lang")))
        reads = reads or (isinstance(choice, dict) and "pattern" in choice
                          and "const" not in choice)
    return found, reads


def _referred(out: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """``node``, or the schema of ``out``'s ``$defs`` it refers to (``$ref``) where it has
    no ``oneOf`` of its own (a vocabulary written once for several fields)."""
    for _ in range(8):
        if "oneOf" in node or "$ref" not in node:
            break
        node = _defined(out, node)
    return node


def _to_type(field: str, value: str, titles: dict[str, tuple[str, str | None]],
             reads: bool, locale: str) -> tuple[str, str | None, str | None]:
    """A value a rule accepts, (what to type, its label or None, the label's language when
    not the reader's): a vocabulary's label alone where the field reads it typed for its code
    (``reads``: « hébergement »); else the code as it must be typed, never its label alone,
    which typed is refused (look73w 1), with its label beside it where it has one other than
    itself (a title; a language by its name, :func:`callrules._places.coded_value`:
    ``fr`` (« français »)); a code nothing labels (``invitation_letter``) and a text (as the
    call writes it) alone."""
    words: str | None
    lang: str | None
    if value in titles:
        words, lang = titles[value]
        if reads:
            return value if words is None else words, None, lang
    else:
        words, lang = coded_value(field, value, locale), None
        if words is not None and words == value.replace("_", " "):
            words = None  # (the code with spaces: no label)
    return (value, None, None) if words is None or words == value else (value, words, lang)


def _joined(rules: list[_Accepting], known: set[str]) -> str | None:
    """How a field's values (``known``) are joined (look73w 5): "or" where one of them is
    asked (one rule ``in``, or rules of one value each under one ``any``), "and"
    (``standard``) where each is (rules ``contains`` or ``==`` of one value each, all
    asked), None for a list that says neither (a value the rules do not name among them: an
    example). The values of an ``each``'s ``where`` only pick the items a rule checks."""
    rules = [rule for rule in rules if rule.op != "where"]
    if not rules or known != {value for rule in rules for value in rule.values}:
        return None
    if len(rules) == 1 and rules[0].op == "in":
        return "or"
    if all(len(rule.values) == 1 for rule in rules) and len({rule.within for rule in rules}) == 1:
        if rules[0].within_op == "any":
            return "or"
        if all(rule.op in ("contains", "compare") for rule in rules):
            return "standard"
    return None


def _describe(node: dict[str, Any], said: str, langs: list[str | None]) -> None:
    """``node``'s description, ``said`` (worded while marking the values it inserts), and,
    for a page to isolate each value where it stands as it isolates a message's, the values
    (``x-callrules-inserted``), the words around them (``x-callrules-around``, one more)
    and the language each value is written in when it is not the reader's
    (``x-callrules-inserted-lang``, null where it is, or where it is as typed)."""
    node["description"] = "".join(piece for piece, _ in pieces(said))
    listed = inserted_values(said, node["description"])
    if listed:
        node["x-callrules-inserted"] = listed["inserted"]
        node["x-callrules-around"] = listed["around"]
        node["x-callrules-inserted-lang"] = langs[:len(listed["inserted"])]


class _Accepting(NamedTuple):
    """A rule accepting text values at a field: its ``op`` (``in``, ``contains``,
    ``compare``), its ``values``, and the ``all`` or ``any`` it stands in (``within``, the
    node's id, and ``within_op``; None for a clause's own rule)."""

    op: str
    values: list[str]
    within: int | None
    within_op: str | None
    source: str | None = None


def _accepted(call: Call) -> Iterator[tuple[type[BaseModel], str, _Accepting, str]]:
    """(model, field, rule, clause) for each rule accepting a set of text values."""
    root = FieldType("model", model=call.form.application)
    for entry in call.definition.rules:
        for owner, field, accepting in _walk(entry.check, root, call):
            yield owner, field, accepting, entry.clause


def _walk(node: Any, scope: FieldType, call: Call, within: Any = None
          ) -> Iterator[tuple[type[BaseModel], str, _Accepting]]:
    op = getattr(node, "op", None)
    if op in ("all", "any"):
        for child in node.rules:
            yield from _walk(child, scope, call, node)
    elif op == "not":
        return
    elif op in ("each", "exists"):
        inner = _resolve(scope, node.path)
        if inner is not None and inner[2].kind == "list" and inner[2].item is not None:
            for child, filters in ((getattr(node, "rule", None), False),
                                   (node.where, op == "each")):
                for owner, field, accepting in () if child is None else _walk(
                        child, inner[2].item, call, within):
                    yield owner, field, accepting._replace(op="where") if filters \
                        else accepting
    elif op in ("in", "contains", "compare"):
        path = node.path
        values = _values(node, call)
        found = _resolve(scope, path)
        if values and found is not None:
            yield found[0], found[1], _Accepting(
                op, values, None if within is None else id(within),
                None if within is None else within.op, _source(node))


def _source(node: Any) -> str | None:
    """The parameter set whose values a rule accepts (``{"param": …}``), or None for its
    own (a value or a list written in the rule)."""
    raw = node.set_ if node.op == "in" else node.value if node.op == "contains" else node.to
    return str(raw["param"]) if isinstance(raw, Mapping) and set(raw) == {"param"} else None


def _values(node: Any, call: Call) -> list[str]:
    raw: Any
    if node.op == "in":
        raw = node.set_
    elif node.op == "contains":
        raw = node.value
    else:
        raw = node.to if node.cmp == "==" else None
    if isinstance(raw, Mapping) and set(raw) == {"param"}:
        param = call.parameters.get(str(raw["param"]))
        raw = None if param is None else param.value
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, (list, frozenset, set, tuple)) and all(isinstance(v, str) for v in raw):
        return sorted(raw)
    return []


def _resolve(scope: FieldType, path: str | None
             ) -> tuple[type[BaseModel], str, FieldType] | None:
    """The model and field a relative path ends on (through lists), with the field's type
    (None for an expression, which has no path)."""
    if path is None or path.startswith("$"):
        return None
    current = scope
    owner: type[BaseModel] | None = None
    name = ""
    for name in path.split("."):
        base = current.item if current.kind == "list" and current.item else current
        if base.kind != "model" or base.model is None or name not in base.model.model_fields:
            return None
        owner = base.model
        current = type_of(base.model.model_fields[name].annotation)
    return (owner, name, current) if owner is not None else None
