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
from functools import lru_cache

from babel import Locale
from confusable_homoglyphs.confusables import confusables_data

from callrules._i18n import (
    join_list,
    negotiate,
    sentence,
    translate,
    translate_plural,
    typography,
    visible,
)
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
_NAMED, _NOTES, _AROUND = 8, 3, 24


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
            return str(text), script
    return None


def lookalike_letters(text: str, accepted: Iterable[str] = ()) -> tuple[tuple[str, str], ...]:
    """The letters of ``text`` (each once, with its script) that look like Latin ones, if
    ``text`` mixes them with Latin letters (``СNRS``), or reads, each of them taken for its
    Latin twin, as one of ``accepted`` (``ВС`` when ``BC`` is accepted); else none: a word
    written in one script is that word (``сор``, Russian, is no lookalike).

    >>> lookalike_letters("t\\u0435chnician"), lookalike_letters("\\u0441\\u043e\\u0440")
    ((('\\u0435', 'Cyrl'),), ())
    >>> lookalike_letters("\\u0412\\u0421", ["BC"])
    (('\\u0412', 'Cyrl'), ('\\u0421', 'Cyrl'))
    """
    if text.isascii():
        return ()
    found = {char: twin for char in dict.fromkeys(text) if (twin := _twin(char)) is not None}
    if not found:
        return ()
    mixed = any(char.isascii() and char.isalpha() for char in text)
    if not mixed:
        plain = "".join(found[char][0] if char in found else char for char in text).casefold()
        if plain not in {value.casefold() for value in accepted if isinstance(value, str)}:
            return ()
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
    known = tuple(value for value in accepted if isinstance(value, str))
    lang = negotiate(locale)
    notes: list[str] = []
    for text in dict.fromkeys(t for t in texts if isinstance(t, str)):
        letters = lookalike_letters(text, known)
        if letters and len(notes) < _NOTES:
            notes.append(_note(text, letters, lang))
    return " ".join(notes) or None


def _note(text: str, letters: tuple[tuple[str, str], ...], lang: str) -> str:
    """:func:`lookalike_note`'s sentence for one ``text`` and its ``letters``."""
    if len(text) > 2 * _AROUND:  # (a long text: around its first such letter)
        at = text.index(letters[0][0])
        start, end = max(0, at - _AROUND), at + _AROUND
        text = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    names = {**Locale.parse("en").scripts, **Locale.parse(lang).scripts}  # (CLDR's English
    # name of a script the reader's language has none for: « osage », never its code)
    quoted = typography(translate(PHRASES["quoted_letter"], lang), lang)  # (« е », spaced)
    shown = [quoted % {"letter": char} for char, _ in letters[:_NAMED]]
    scripts = [str(names.get(code, code)) for code in dict.fromkeys(s for _, s in letters)]
    template = translate_plural(PLURALS["lookalike_letters"], len(shown), lang)
    return sentence(template, {"value": visible(text, lang), "letters": join_list(shown, lang),
                               "scripts": join_list(scripts, lang)}, lang)
