"""Letters of another script that look like Latin ones, in a value a person typed: the
Cyrillic ``е`` of ``tеchnician``, the ``С`` of ``СNRS``, the Greek ``Ο``.

Such a value is a different text, and stays one (rule-language.md: no value is read as
another); but a message that shows it says nothing a person can see, since it reads as the
accepted value. What a message adds, then, is which of its letters are not Latin and in
which script they are (:func:`lookalike_letters`, worded by :func:`lookalike_note`).

A letter looks like a Latin one when Unicode's confusables (UTS #39, through
``confusable-homoglyphs``, the dependency the portfolio limits already read codes with:
:func:`callrules.selection.ranking.unit_key`) give an ASCII letter or digit for it; its
script is the first word of its Unicode name (``CYRILLIC SMALL LETTER IE``), named in the
reader's language by CLDR (babel: « cyrillique », « cirílico »).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

from babel import Locale
from confusable_homoglyphs.confusables import confusables_data

from callrules._i18n import (
    around,
    join_list,
    negotiate,
    sentence,
    translate,
    translate_plural,
    typography,
    visible,
)
from callrules._inserted import inserted
from callrules._messages import PHRASES, PLURALS

__all__ = ["lookalike_letters", "lookalike_note"]

#: The scripts whose Unicode names CLDR's English names do not start with, by the first
#: word of their characters' names, as ISO 15924 codes (CLDR names every code in every
#: language: « syllabaire autochtone canadien unifié »).
_SCRIPTS = {"CANADIAN": "Cans", "MIAO": "Plrd", "WARANG": "Wara", "LISU": "Lisu"}


@lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    """The ISO 15924 code of each script by its English name in capitals (CLDR): ``GREEK``
    is ``Grek``, ``OLD ITALIC`` is ``Ital``; Latin and the codes of no script left out."""
    names = Locale.parse("en").scripts
    codes = {str(name).upper(): code for code, name in names.items()
             if len(code) == 4 and code not in ("Latn", "Zyyy", "Zinh", "Zzzz", "Zxxx")}
    return {**codes, **_SCRIPTS}


def _script(char: str) -> str | None:
    """The script of ``char`` (ISO 15924), from its Unicode name (``CYRILLIC SMALL LETTER
    IE``, ``OLD ITALIC LETTER A``); None for Latin, or a name that is no script's
    (``BLACK-LETTER CAPITAL C``, ``PLANCK CONSTANT``: letterlike symbols)."""
    words = unicodedata.name(char, "").split(" ")
    codes = _codes()
    return next((codes[name] for size in (3, 2, 1)
                 if (name := " ".join(words[:size])) in codes), None)


#: How many letters a note names at most, how many texts of a list it speaks of at most, and
#: how much of a long text it shows either side of its first such letter.
_NAMED, _NOTES = 8, 3


@lru_cache(maxsize=4096)
def _twin(char: str) -> tuple[str, str] | None:
    """The ASCII letter or digit ``char`` looks like and ``char``'s script (ISO 15924), if
    ``char`` is a letter of a script other than Latin that looks like one; else None."""
    if char.isascii() or not char.isalpha():
        return None
    script = _script(char)
    if script is None:
        return None
    for twin in confusables_data.get(char, ()):
        text = twin.get("c", "")
        if len(text) == 1 and text.isascii() and text.isalnum():
            return text, script
    return None


def lookalike_letters(text: str, accepted: Iterable[str] = ()) -> tuple[tuple[str, str], ...]:
    """The letters of ``text`` (each once, with its script) that look like Latin ones, in a
    word that mixes them with Latin letters (``СNRS``, ``tеchnician``), or all of them when
    ``text``, each taken for its Latin twin, reads as one of ``accepted`` (``ВС`` when ``BC``
    is accepted); else none. A word written in one script is that word (``сор``, Russian, is
    no lookalike), and so is a value writing words of two scripts side by side: an
    affiliation ``Сколтех (Skoltech)``, an address ``ivan@почта.рф`` (look64w R1).

    >>> lookalike_letters("t\u0435chnician"), lookalike_letters("\u0441\u043e\u0440")
    ((('\u0435', 'Cyrl'),), ())
    >>> lookalike_letters("\u0412\u0421", ["BC"])
    (('\u0412', 'Cyrl'), ('\u0421', 'Cyrl'))
    >>> lookalike_letters("ivan@\u043f\u043e\u0447\u0442\u0430.\u0440\u0444")
    ()
    """
    return _letters(text, _known(accepted))


def _known(accepted: Iterable[object]) -> frozenset[str]:
    """``accepted``'s texts as :func:`_letters` compares with them (case folded): built once
    for every text a message speaks of, not once a text (look64w R3)."""
    return frozenset(value.casefold() for value in accepted if isinstance(value, str))


def _latin(char: str) -> bool:
    """Whether ``char`` is a Latin letter (``e``, ``é``, ``ł``)."""
    return char.isalpha() and (char.isascii() or unicodedata.name(char, "").startswith("LATIN"))


def _words(text: str) -> list[str]:
    """The words of ``text``: its runs of letters (and of the marks written over them), split
    at anything else: a space, a digit, punctuation, ``@`` and ``.`` of an address."""
    words, word = [], []
    for char in text:
        if char.isalpha() or unicodedata.category(char).startswith("M"):
            word.append(char)
        elif word:
            words.append("".join(word))
            word = []
    return [*words, "".join(word)] if word else words


def _letters(text: str, known: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """:func:`lookalike_letters`, ``accepted`` folded (:func:`_known`)."""
    if text.isascii():
        return ()
    found = {char: twin for char in dict.fromkeys(text) if (twin := _twin(char)) is not None}
    if not found:
        return ()
    plain = "".join(found[char][0] if char in found else char for char in text).casefold()
    if plain not in known:  # (not an accepted value: only the words mixing two scripts)
        mixed = [word for word in _words(text)
                 if any(char in found for char in word) and any(map(_latin, word))]
        found = {char: found[char] for char in dict.fromkeys("".join(mixed)) if char in found}
    return tuple((char, script) for char, (_, script) in found.items())


def lookalike_note(texts: Iterable[object], locale: str | None,
                   accepted: Iterable[object] = ()) -> str | None:
    """What a message about ``texts`` (a value typed, or the items of a list) adds when
    letters of them only look Latin (:func:`lookalike_letters`), in ``locale``'s words: the
    text (a long one around its first such letter), which letters, of which script, and to
    type them again in Latin letters; None when none do.

    >>> lookalike_note(["\u0421NRS"], "en")[:60]
    'In “СNRS”, “С” is not a Latin letter but a letter of another'
    >>> lookalike_note(["\u0441\u043e\u0440", "CNRS"], "en") is None
    True
    """
    known = _known(accepted)
    lang = negotiate(locale)
    notes: list[str] = []
    for text in dict.fromkeys(t for t in texts if isinstance(t, str)):
        letters = _letters(text, known)
        if letters and len(notes) < _NOTES:
            notes.append(_note(text, letters, lang))
    return " ".join(notes) or None


@cache
def _script_names(lang: str) -> dict[str, str]:
    """The name of each script (by ISO 15924 code) in ``lang``, by CLDR; its English name for
    a script ``lang`` has none for (« osage », never its code). Built once a language, not
    once a note (look64w R3: some 400 lookups of babel's a note)."""
    return {code: str(name) for code, name in
            {**Locale.parse("en").scripts, **Locale.parse(lang).scripts}.items()}


def _note(text: str, letters: tuple[tuple[str, str], ...], lang: str) -> str:
    """:func:`lookalike_note`'s sentence for one ``text`` and its ``letters``."""
    text = "".join(around(text, text.index(letters[0][0])))  # (around its first such letter)
    names = _script_names(lang)
    quoted = typography(translate(PHRASES["quoted_letter"], lang), lang)  # (« е », spaced)
    shown = [quoted % {"letter": inserted(char)} for char, _ in letters[:_NAMED]]
    named = translate(PHRASES["in_script"], lang)  # (« en cyrillique et en grec »)
    scripts = [named % {"script": names.get(code, code)}
               for code in dict.fromkeys(s for _, s in letters)]
    template = translate_plural(PLURALS["lookalike_letters"], len(shown), lang)
    return sentence(template, {"value": inserted(visible(text, lang)),
                               "letters": join_list(shown, lang),
                               "scripts": join_list(scripts, lang)}, lang)
