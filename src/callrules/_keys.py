"""How a rule that spans applications (``unique``: one application per host) compares values.

Two texts are the same key when they are the same text as a person reads it, and only then:

1. code points that are invisible by definition (Unicode's default-ignorable code points: the
   zero-width space and joiners, the soft hyphen, the byte-order mark, variation selectors,
   bidirectional controls…) are removed;
2. the text is put in Unicode normalization form KC, so that the same letters written
   precomposed (``é``) or decomposed (``e`` + combining acute) are one key, and so is every
   character that is another form of a plain one as a person reads it: the full-width forms
   of ASCII (``ａｂｃ＠ｅｘａｍｐｌｅ．ｏｒｇ``, typed by East Asian input methods), the
   ideographic space, the one-dot leader ``․`` and the small full stop ``﹒`` (a dot),
   mathematical bold or italic letters (``𝐂``), circled (``ⓒ``) and superscript (``ᵉ``)
   letters, and other compatibility forms (the Roman numeral ``ⅼ``, the ligature ``ﬁ``,
   the long ``ſ``), and the canonically equivalent characters (the Kelvin sign is the
   letter ``K``);
3. with ``case_insensitive``, each letter is replaced by its lowercase letter (Unicode's
   simple lowercase mapping, one character for one: ``É`` is ``é``, ``Ü`` is ``ü``, ``Σ`` is
   ``σ``, ``ẞ`` is ``ß``), and the text is put in form KC again; the one letter whose
   lowercase is two characters (``İ``, capital I with a dot) is kept as it is. In an e-mail
   address (text with an ``@``), the domain after the last ``@`` is lowercased whole (domain
   names ignore case).

Nothing else is folded, because nothing else is the same letter in another case or another
glyph: ``straße`` and ``strasse``, ``ς`` (final sigma) and ``σ`` are different keys, as they
are different spellings to a person and different addresses to a mail server (full case
folding, which merges them, is a rule for searching text, not for telling people apart).
``ſ`` (long s) and ``ﬁ`` (a ligature), on the other hand, are the letters ``s`` and ``fi`` in
another glyph, as a person reads them: form KC makes them one key with the plain letters,
as it does for ``𝐂`` or ``ⓒ``, so that no one can apply twice by writing a letter otherwise.

So, with ``case_insensitive``, two texts are one key exactly when their forms KC, with every
letter in its simple lowercase, are the same text, whatever glyph of a letter an applicant
picks; the key of a key is itself. Letters of other scripts that only look alike (a
Cyrillic ``а`` and a Latin ``a``) are different texts and different keys.

This is the one identity of text in the library: every rule that compares texts (``compare``
with ``==`` or ``!=``, ``in``, ``not_in``, ``contains``, an ``exists`` matched by equality,
``unique``) compares their keys, and a declared choice or a vocabulary reads a value whose key
is one of its codes as that code. So no operator says "the same" where another says
"different" for the same two texts.

The codes of a rate table's rows (a country, a class of place, a city) are matched more
loosely, by :func:`code_key`, because they are names people write in several ways: the
same city in capitals, without its accents, or with a space for its hyphen ("ATHIS MONS"
is the row "Athis-Mons", "VIRY CHATILLON" the row "Viry-Châtillon"). Rules and the
budget planner both find a table's row by it (:meth:`callrules.budget.tables.RateTable.lookup`),
so that the planner never proposes a rate for one row while a rule holds the same
application to another.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from callrules._invisible import IGNORABLE

__all__ = ["IGNORABLE", "code_key", "evaluation_memo", "key_of", "keys_held", "keys_of",
           "listed_twice", "lower_letters", "text_key", "twice_said", "written_form"]

#: Full-width ASCII (U+FF01 to U+FF5E) and the ideographic space, to ASCII.
_FULL_WIDTH = {0xFF01 + k: 0x21 + k for k in range(0x5E)} | {0x3000: 0x20}
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
#: What separates the words of a place name: spaces, hyphens and dashes, apostrophes.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015'\u2019`]+")


def lower_letters(text: str) -> str:
    """``text`` in form KC with each character replaced by its lowercase when that is one
    character (Unicode's simple lowercase mapping), until neither changes it: the key of a
    text without regard to case.

    >>> lower_letters("JOSÉ.MÜLLER") == "josé.müller"
    True
    >>> lower_letters("STRAẞE ſ ﬁ İ") == "straße s fi İ"
    True
    """
    if text.isascii():
        return text.translate(_ASCII_LOWER)
    for _ in range(4):
        plain = unicodedata.normalize("NFKC", text)
        lowered = unicodedata.normalize("NFKC", _simple_lower(plain))
        if lowered == text:
            break
        text = lowered
    return text


def _simple_lower(text: str) -> str:
    """Each character of ``text`` replaced by its simple lowercase (one character for one).
    ``str.lower`` agrees with it for every character but two, done one by one here: ``İ``
    (whose full lowercase is two characters, kept as it is) and ``Σ`` (which ``str.lower``
    makes a final ``ς`` at a word's end: its simple lowercase is always ``σ``)."""
    if "\u0130" not in text and "\u03a3" not in text:
        return text.lower()  # one pass in C: the texts compared may be long
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


#: The keys of the texts compared lately that are not ASCII (whose key costs form KC), one
#: table for each ``case_insensitive``, bounded by the characters they hold (texts and keys),
#: not by their number, since a value may be megabytes long: full, they are emptied. A rule
#: comparing each item of a list with each of another reads each text many times; its key
#: is worked out once.
_MEMO_CHARACTERS = 1 << 22
_memo: tuple[dict[str, str], dict[str, str]] = ({}, {})
_memo_size = 0
_memo_lock = threading.Lock()


#: The keys of the texts keyed during one evaluation (:func:`keys_held`), one
#: table for each ``case_insensitive``; None outside an evaluation.
_held: ContextVar[tuple[dict[str, str], dict[str, str]] | None] = ContextVar(
    "callrules_keys_held", default=None)
#: What one evaluation works out once and reads again (:func:`evaluation_memo`): the code
#: keys of texts, the keys of a list's texts and their parts, conversions of amounts, the
#: values of aggregates; None outside an evaluation.
_derived: ContextVar[dict[Any, Any] | None] = ContextVar("callrules_derived", default=None)


def evaluation_memo() -> dict[Any, Any] | None:
    """The table of what the evaluation under way (:func:`keys_held`) works out once: each
    entry keyed by what it is worked out from (holding those objects, so that no id in a
    key is another's while the evaluation lasts); None outside an evaluation. Bounded by
    the application: one entry per text, amount or aggregate term and binding, each no
    larger than what it is worked out from (or its key, 18 times at most)."""
    return _derived.get()


@contextmanager
def keys_held(memo: dict[Any, Any] | None = None) -> Iterator[None]:
    """Within it (one application's evaluation), the key of each text is worked out once
    and held until it ends (a text in ASCII compared with case is its own key): a rule
    comparing each item of a list with each of another costs one key per distinct text,
    never one per pair, even when the keys overflow the memo shared by every evaluation
    (texts that form KC expands: ``ﷺ`` is 18 characters). What is held is bounded by the
    application: the keys of its texts, at most 18 times their characters (form KC's
    largest expansion of one character). Nested, the outer one holds. ``memo``: the table
    of :func:`evaluation_memo` to work in (what a caller carries from one evaluation to the
    next: a plan's conversions of the same amounts), else a new one."""
    if _held.get() is not None:
        yield
        return
    token, derived = _held.set(({}, {})), _derived.set({} if memo is None else memo)
    try:
        yield
    finally:
        _derived.reset(derived)
        _held.reset(token)


def text_key(text: str, case_insensitive: bool) -> str:
    """The key ``text`` is compared by (see the module)."""
    plain = text.isascii()  # (its key is the text itself, or one pass in C)
    if plain and not case_insensitive:
        return text
    held = _held.get()
    if held is None:
        return _text_key(text, case_insensitive) if plain else _memoized(text, case_insensitive)
    table = held[case_insensitive]
    key = table.get(text)
    if key is None:
        key = table[text] = (_text_key(text, case_insensitive) if plain
                             else _memoized(text, case_insensitive))
    return key


def _memoized(text: str, case_insensitive: bool) -> str:
    memo = _memo[case_insensitive]
    key = memo.get(text)
    if key is None:
        key = _text_key(text, case_insensitive)
        _remember(memo, text, key)
    return key


def _remember(memo: dict[str, str], text: str, key: str) -> None:
    global _memo_size
    size = len(text) + len(key)
    if size > _MEMO_CHARACTERS // 16:  # (a text this long is worked out each time)
        return
    with _memo_lock:
        if _memo_size + size > _MEMO_CHARACTERS:
            for each in _memo:
                each.clear()
            _memo_size = 0
        memo[text] = key
        _memo_size += size


def _text_key(text: str, case_insensitive: bool) -> str:
    """The key ``text`` is compared by, worked out.

    >>> text_key("Ana.Silva@CNRS.fr", True) == text_key("ana.silva\\u200b@cnrs.fr", True)
    True
    >>> text_key("claire\\u2024morel@x.org", True) == text_key("Claire.Morel@x.org", True)
    True
    >>> text_key("straße@x.org", True) == text_key("strasse@x.org", True)
    False
    >>> text_key("JOSÉ@x.org", True) == text_key("josé@x.org", True)
    True
    """
    while not text.isascii():
        plain = IGNORABLE.sub("", unicodedata.normalize("NFKC", IGNORABLE.sub("", text)))
        if plain == text:
            break
        text = plain
    if not case_insensitive:
        return text
    local, at, domain = text.rpartition("@")
    if not at:
        return lower_letters(text)
    return f"{lower_letters(local)}@{lower_letters(domain.lower())}"


def written_form(text: str) -> str:
    """``text`` as its form is checked (an e-mail address's): without ignorables, full-width
    ASCII as ASCII, in form C. Not a key: the other compatibility characters are kept, so
    that a form is checked as written (a ``…`` is not three dots, a ``²`` not a digit)."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", IGNORABLE.sub("", text).translate(_FULL_WIDTH))


def key_of(value: Any, case_insensitive: bool) -> Any:
    """The key of any value a ``unique`` rule reads: texts by :func:`text_key`, other values
    (numbers) as they are."""
    return text_key(value, case_insensitive) if isinstance(value, str) else value


def keys_of(values: Any, case_insensitive: bool = False) -> frozenset[Any]:
    """The keys of ``values`` (an iterable; None or nothing is no key), as a set to look a
    key up in."""
    return frozenset(key_of(value, case_insensitive) for value in values or ())


def code_key(text: str) -> str:
    """How a rate table's code is matched (see the module): the :func:`text_key` of
    ``text`` without its accents, in Unicode's full case folding, with each run of spaces,
    hyphens, dashes and apostrophes one space, and none at either end.

    >>> code_key("VIRY  CHATILLON") == code_key("Viry-Châtillon")
    True
    >>> code_key("Saint-Denis") == code_key("Saint-Didier")
    False
    """
    memo = _derived.get()
    if memo is None:
        return _code_key(text)
    found = memo.get(("code", text))
    if found is None:  # each text folded once an evaluation, however many keys read it
        found = memo[("code", text)] = _code_key(text)
    return found


def _code_key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text_key(text, True))
    plain = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return _SEPARATORS.sub(" ", plain).strip()


def listed_twice(values: Iterable[Any]) -> tuple[int, int] | None:
    """The positions of the first two of ``values`` that are one value (one
    :func:`code_key`: ``café`` precomposed and decomposed, ``ａｂ`` and ``ab``, and also
    ``Paris`` and ``PARIS``, ``Athis-Mons`` and ``athis mons``, ``cote`` and ``côte``), or
    None: a list of values a call declares (a choice, a vocabulary, a set, its languages)
    lists each value once, since a rate table's lookup reads two such values as one, and a
    value is never read as two by one part of the library and as one by another.

    >>> listed_twice(["caf\\u00e9", "x", "cafe\\u0301"])
    (0, 2)
    >>> listed_twice(["Paris", "Lyon", "PARIS"])
    (0, 2)
    >>> listed_twice(["Saint-Denis", "Saint-Didier", 1, 2]) is None
    True
    """
    seen: dict[Any, int] = {}
    for position, value in enumerate(values):
        key = code_key(value) if isinstance(value, str) else value
        first = seen.setdefault(key, position)
        if first != position:
            return first, position
    return None


def twice_said(values: list[Any], pair: tuple[int, int]) -> str:
    """What a call author is told of two values listed as one (their code points, which
    may look alike, differ only in how they are encoded, or only in case, accents or
    separators, which a rate table's lookup reads alike)."""
    first, second = (values[i] for i in pair)
    same = ("the same value" if first == second
            else "one value (the same text in another Unicode form or width)"
            if text_key(first, False) == text_key(second, False)
            else "one value: they differ only in case, accents, spaces, hyphens or "
                 "apostrophes, which a rate table's lookup reads alike")
    return (f"a value is listed twice: {first!a} (item {pair[0] + 1}) and "
            f"{second!a} (item {pair[1] + 1}) are {same}")
