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
reader's language by CLDR (babel: « cyrillique », « cirílico »). A letter of another width
or style, or a sign, that Unicode writes as a Latin one (the fullwidth ``Ｋ``, the Kelvin
sign ``K``) is pointed at too, as such.

A value of a form (a date, an amount, a count) is written with a keyboard's digits, ``-``,
``.``, ``:`` and ``+``; a character that only looks like one of them (``2026‐09‐14``, an
Arabic-Indic digit, a fullwidth stop) is named by kind (:func:`lookalike_marks`, worded by
:func:`marks_note`), and the value stays refused as typed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

from babel import Locale
from confusable_homoglyphs.confusables import confusables_data

from callrules._i18n import (
    around_each,
    join_list,
    named_at,
    negotiate,
    odd_space,
    sentence,
    translate,
    translate_plural,
    typography,
)
from callrules._inserted import inserted
from callrules._invisible import draws_nothing
from callrules._messages import PHRASES, PLURALS

__all__ = ["lookalike_letters", "lookalike_marks", "lookalike_note", "marks_note"]

#: The scripts whose Unicode names CLDR's English names do not start with, by the first
#: words of their characters' names, as ISO 15924 codes (CLDR names every code in every
#: language: « syllabaire autochtone canadien unifié »): Unicode's ``ORIYA LETTER TTHA`` is
#: of the script CLDR calls Odia, ``BENGALI DIGIT ONE`` of Bangla, ``ARABIC-INDIC DIGIT
#: ZERO`` of Arabic (every letter or digit of a script, a test holds, has its name).
_SCRIPTS = {"CANADIAN": "Cans", "MIAO": "Plrd", "WARANG": "Wara", "LISU": "Lisu",
            "ORIYA": "Orya", "BENGALI": "Beng", "NKO": "Nkoo", "MEETEI MAYEK": "Mtei",
            "SAURASHTRA": "Saur", "TAI THAM": "Lana", "ARABIC-INDIC": "Arab",
            "EXTENDED ARABIC-INDIC": "Arab", "OLD TURKIC": "Orkh", "MANDAIC": "Mand",
            "CJK": "Hani", "HENTAIGANA": "Hira", "HALFWIDTH KATAKANA": "Kana",
            "HALFWIDTH HANGUL": "Hang", "NUSHU": "Nshu", "DUPLOYAN": "Dupl",
            "CUNEIFORM": "Xsux", "EGYPTIAN HIEROGLYPH": "Egyp", "ANATOLIAN HIEROGLYPH": "Hluw"}


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
    IE``, ``OLD ITALIC LETTER A``), or of the letter Unicode writes it as (NFKC: a
    mathematical alpha is Greek); None for Latin, or a name that is no script's
    (``BLACK-LETTER CAPITAL C``, ``PLANCK CONSTANT``: letterlike symbols)."""
    words = unicodedata.name(char, "").split(" ")
    codes = _codes()
    code = next((codes[name] for size in (3, 2, 1)
                 if (name := " ".join(words[:size])) in codes), None)
    folded = unicodedata.normalize("NFKC", char)  # (``MATHEMATICAL BOLD SMALL ALPHA``: Greek)
    return code if code is not None or len(folded) != 1 or folded == char else _script(folded)


#: How many letters a note names at most, how many texts of a list it speaks of at most, and
#: how much of a long text it shows either side of its first such letter.
_NAMED, _NOTES = 8, 3


#: What :func:`_twin` gives for the script of a letter of another width or style, or a sign,
#: that Unicode writes as a Latin one (``Ｋ``, ``𝐊``, the Kelvin sign ``K``): no script's code.
_FORM = ""


#: The kinds of Unicode's compatibility mappings that write a character of another width
#: or style as the one it is drawn like (``Ｋ`` is ``<wide> K``, ``𝐊`` is ``<font> K``);
#: never ``<super>``, ``<sub>`` or ``<compat>``: ``º`` and ``ª`` (``nº``, ``1ª planta``),
#: ``ᵐ`` (``Mᵐᵉ``), ``ₐ`` and the long ``ſ`` are Latin typography, no lookalike (look65m R1).
_OTHER_FORMS = ("<wide>", "<narrow>", "<font>")


def _other_form(char: str) -> bool:
    """Whether ``char`` is an ASCII letter or digit of another width or style (``Ｋ``, ``ｆ``,
    ``𝐊``, ``１``), or a sign Unicode maps to one alone (the Kelvin sign ``K`` is ``K``)."""
    mapping = unicodedata.decomposition(char).split(" ")  # (``<wide> FF2B``, ``004B``)
    other = mapping[0] in _OTHER_FORMS \
        or (len(mapping) == 1 and mapping[0] != "" and not mapping[0].startswith("<"))
    folded = unicodedata.normalize("NFKC", char)
    return other and len(folded) == 1 and folded.isascii() and folded.isalnum()


@lru_cache(maxsize=4096)
def _twin(char: str) -> tuple[str, str] | None:
    """The ASCII letter or digit ``char`` looks like and ``char``'s script (ISO 15924), if
    ``char`` is a letter of a script other than Latin that looks like one, or :data:`_FORM`
    if ``char`` is one of another width or style, or a sign, that Unicode writes as a Latin
    letter (:func:`_other_form`: the fullwidth ``Ｋ``, the Kelvin sign ``K``; not ``º``);
    else None."""
    if char.isascii() or not char.isalpha():
        return None
    if _other_form(char):
        return unicodedata.normalize("NFKC", char), _FORM
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
    affiliation ``Сколтех (Skoltech)``, an address ``ivan@почта.рф`` (look64w R1). A word of
    Latin letters of another width (``ＥＵＲ``, typed in full-width mode) is named whole.

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
    if plain not in known:  # (not an accepted value: only the words mixing two scripts,
        words = [word for word in _words(text) if any(char in found for char in word)]
        mixed = set().union(*(word for word in words if any(map(_latin, word))))
        wide = set().union(*(word for word in words  # and the words all of another width:
                             if all(_latin(c) or (c in found and found[c][1] == _FORM)
                                    for c in word if c.isalpha())))  # ``ＥＵＲ``, look65m R3)
        found = {char: twin for char, twin in found.items()
                 if char in mixed or (char in wide and twin[1] == _FORM)}
    return tuple((char, script) for char, (_, script) in found.items())


def lookalike_note(texts: Iterable[object], locale: str | None,
                   accepted: Iterable[object] = ()) -> str | None:
    """What a message about ``texts`` (a value typed, or the items of a list) adds when
    letters of them only look Latin (:func:`lookalike_letters`), in ``locale``'s words: the
    text (a long one around each letter it names), which letters, of which script, and to
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
    """:func:`lookalike_note`'s sentences for one ``text`` and its ``letters``: one for the
    letters of another script, one for those of another width or style (:data:`_FORM`)."""
    shown_text = around_each(text, [text.index(char) for kind in (False, True) for char in
                                    [c for c, s in letters if (s == _FORM) == kind][:_NAMED]],
                             lang)  # (a long one around each letter it names, bounded)
    names = _script_names(lang)
    quoted = _quoted(lang)
    named = translate(PHRASES["in_script"], lang)  # (« en cyrillique et en grec »)
    notes = []
    for key, chosen in (("lookalike_letters", [(c, s) for c, s in letters if s != _FORM]),
                        ("lookalike_signs", [(c, s) for c, s in letters if s == _FORM])):
        if not chosen:
            continue
        shown = [quoted % {"letter": inserted(char)} for char, _ in chosen[:_NAMED]]
        scripts = [named % {"script": names.get(code, code)}
                   for code in dict.fromkeys(s for _, s in chosen)]
        template = translate_plural(PLURALS[key], len(shown), lang)
        notes.append(sentence(template, {"value": inserted(shown_text),
                                         "letters": join_list(shown, lang),
                                         "scripts": join_list(scripts, lang)}, lang))
    return " ".join(notes)


def _quoted(lang: str) -> str:
    """How ``lang`` quotes a character a note names (« е », spaced), as a %-template."""
    return typography(translate(PHRASES["quoted_letter"], lang), lang)


# A value of a form (a date, an instant, an amount, a rate, a count, a choice of the
# library's words) is written with the characters of a keyboard: ASCII's digits, ``-``,
# ``.``, ``:``, ``+`` and letters. One that only looks like them is refused as it is typed
# (rule-language.md: no value is read as another, and a record replays as given), and the
# message says which, and of what kind, in words (att66 F2).

#: The ASCII characters of a form that other characters are taken for, each with the key of
#: its note (:data:`callrules._messages.PLURALS`) and the words of Unicode's names that say a
#: character is one of its kind (``EN DASH``, ``MINUS SIGN``, ``ONE DOT LEADER``, ``MIDDLE
#: DOT``, ``ARABIC DECIMAL SEPARATOR``, ``RATIO``, ``FULLWIDTH PLUS SIGN``).
_PUNCTUATION = {"-": ("mark_dash", frozenset({"HYPHEN", "DASH", "MINUS"})),
                ".": ("mark_dot", frozenset({"DOT", "STOP", "DECIMAL"})),
                ":": ("mark_colon", frozenset({"COLON", "RATIO"})),
                "+": ("mark_plus", frozenset({"PLUS"}))}
#: The categories of a character whose Unicode name may say it is one of them: punctuation,
#: mathematical and modifier symbols, modifier letters (``MODIFIER LETTER TRIANGULAR COLON``).
_PUNCTUATION_CATEGORIES = ("Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sk", "Lm")
#: How many kinds of such characters a note speaks of at most.
_KINDS = 4
#: The kinds of a mark shown on the character it is written over or around (``4̇``, ``1⃣``).
_OVER = ("mark_combining", "mark_enclosing")
#: The object replacement character: what is left in a text of a picture or a formula pasted
#: with it, drawn as a box or as nothing.
_OBJECT = "\ufffc"
#: What a note shows a mark written over no character on (Unicode's dotted circle).
_NO_BASE = "\u25cc"


def _ascii_twin(char: str) -> str | None:
    """The printable ASCII character (not the space) that Unicode's compatibility form
    (NFKC) writes ``char`` as (``－`` is ``-``, ``․`` is ``.``), else the one Unicode's
    confusables give for it (``‐`` looks like ``-``, ``∶`` like ``:``); else None."""
    folded = unicodedata.normalize("NFKC", char)
    if len(folded) == 1 and folded.isascii() and folded.isprintable() and folded != " ":
        return folded
    return next((text for twin in confusables_data.get(char, ())
                 if len(text := twin.get("c", "")) == 1 and text.isascii()
                 and text.isprintable() and text != " "), None)


@lru_cache(maxsize=4096)
def _mark(char: str) -> tuple[str, str] | None:
    """What ``char``, in a value of a form, is taken for: the key of its note and what the
    note names with it (a script's code, the ASCII character it only looks like, or nothing:
    a digit or a letter of another width or style, a mark written over one), or None for
    ASCII, a character a message names already (:func:`callrules._i18n.visible`: one that
    draws nothing, a space) and one no one takes for a character of a form (``é``, ``€``).

    >>> [_mark(c) for c in "\\u2010\\u066b\\u2236"]
    [('mark_dash', '-'), ('mark_dot', '.'), ('mark_colon', ':')]
    >>> [_mark(c) for c in "\\u0967\\uff11\\u0435"]
    [('mark_digit_script', 'Deva'), ('mark_digit_form', ''), ('mark_letter_script', 'Cyrl')]
    """
    if char.isascii() or not char.isprintable() or draws_nothing(char):
        return None
    category = unicodedata.category(char)
    twin = _ascii_twin(char)
    folded = unicodedata.normalize("NFKC", char)  # (``⑫``, ``⒓``: digits of another style)
    # (a digit, or a sign Unicode writes as one: never a letter that looks like one, the
    # Cyrillic ``б`` of ``сентября``; the script from the digit's own name: look65m R2)
    if unicodedata.digit(char, None) is not None or (folded.isascii() and folded[:1].isdigit()):
        script = None if folded.isascii() else _script(char)
        if script is not None:
            return "mark_digit_script", script
        return _digit_form(char), ""
    if char.isalpha() and twin is not None and twin.isalnum():
        found = _twin(char)
        if found is None:  # (a Latin letter that is not ASCII: the Turkish ``ı``; but no
            # letter of Latin typography Unicode writes as an ASCII one: ``º``, ``ª``, ``ſ``)
            return ("mark_other", twin) if folded == char else None
        return ("mark_letter_form", "") if found[1] == _FORM \
            else ("mark_letter_script", found[1])
    words = frozenset(unicodedata.name(char, "").split(" ")) \
        if category in _PUNCTUATION_CATEGORIES else frozenset()
    if category == "Pd":  # (every dash: the Hebrew maqaf ``־`` too, named by no such word)
        twin = "-"
    for ascii_mark, (key, named) in _PUNCTUATION.items():
        if twin == ascii_mark or words & named:
            return key, ascii_mark
    if category.startswith("M"):  # (a keycap or a circle is drawn around, not over)
        return ("mark_enclosing" if category == "Me" else "mark_combining"), ""
    if char == _OBJECT:
        return "mark_object", ""
    if category == "Nl" and folded.isascii():  # (a Roman numeral: ``Ⅻ`` only looks like XII)
        return "mark_other", folded
    return ("mark_other", twin) if twin is not None else None


#: A digit's kind, as a person says it, by the kind of Unicode's compatibility mapping that
#: writes it as an ASCII one (``²`` is ``<super> 0032``, ``⑫`` is ``<circle> 0031 0032``,
#: ``⒓`` is ``<compat> 0031 0032 002E``: :data:`_JOINED`), or by its name when it has none
#: (``❶``, ``➀``: ``DINGBAT NEGATIVE CIRCLED DIGIT ONE``); any other (a fullwidth ``１``, a
#: mathematical ``𝟏``) is of another width or style.
_DIGIT_FORMS = {"<super>": "mark_digit_super", "<sub>": "mark_digit_sub",
                "<circle>": "mark_digit_circled"}
#: A digit drawn in one character with what Unicode's compatibility mapping (``<compat>``)
#: writes beside it, by the words of its name: in parentheses (``PARENTHESIZED DIGIT
#: TWO``), followed by a full stop (``NUMBER TWELVE FULL STOP``) or a comma (``DIGIT TWO
#: COMMA``), each said as it is drawn, never as all three at once.
_JOINED = (("PARENTHESIZED", "mark_digit_bracketed"), ("STOP", "mark_digit_stop"),
           ("COMMA", "mark_digit_comma"))


def _digit_form(char: str) -> str:
    """The key of the note on ``char``, a digit of ASCII's drawn otherwise: superscript
    (``²``), subscript (``₂``), circled (``②``, ``❶``, ``⓵``), in parentheses (``⑵``),
    followed by a full stop (``⒉``) or a comma (``🄃``), else of another width or style
    (``２``, ``𝟐``)."""
    tag = unicodedata.decomposition(char).split(" ")[0]
    words = unicodedata.name(char, "").split(" ")
    if tag == "<compat>":
        return next((key for word, key in _JOINED if word in words), "mark_digit_form")
    if tag not in _DIGIT_FORMS and "CIRCLED" in words:
        tag = "<circle>"
    return _DIGIT_FORMS.get(tag, "mark_digit_form")


def lookalike_marks(text: str) -> dict[tuple[str, str], list[str]]:
    """The characters of ``text`` (a value of a form) that are not the ones of a keyboard
    its form is written with but look like them (:func:`_mark`), by kind (the key of a note
    and what it names), each once, in the order they come: a mark written over a character
    with that character (``4̇``).

    >>> lookalike_marks("2026\\u201009\\u201014"), lookalike_marks("2026-09-14")
    ({('mark_dash', '-'): ['‐']}, {})
    """
    if text.isascii():
        return {}
    found: dict[tuple[str, str], list[str]] = {}
    base = _NO_BASE  # (the character the marks that follow are written over)
    own = _own_words(text)
    for at, char in enumerate(text):
        kind = _mark(char)
        if kind is None or kind[0] not in _OVER:
            base = char if not unicodedata.category(char).startswith("M") else base
            if kind is None or (kind[0] == "mark_letter_script" and at in own):
                continue
        elif base == _NO_BASE or base.isascii() or unicodedata.category(base) == "Nd":
            char = base + char  # (shown over its character, as typed: each mark alone on it)
        else:  # (a vowel sign, an accent of a word of its script: ``सि``, look65m R2)
            continue
        shown = found.setdefault(kind, [])
        if char not in shown and len(shown) < _NAMED:
            shown.append(char)
    return found


def _own_words(text: str) -> frozenset[int]:
    """Where in ``text`` the letters of its words written wholly in one script other than
    Latin are (``сентября``, ``рублей``, ``Да``, ``Σεπτεμβρίου``: a date or an amount written
    out in a language), unless each of a word's letters looks like a Latin one (``ОК``, the
    ``О`` of ``2О26``): such a word is one of its language, as :func:`lookalike_letters`
    takes it, not letters typed for Latin ones (look65m R2)."""
    own: set[int] = set()
    start = 0
    for word in _words(text):
        start = text.index(word, start)
        letters = [char for char in word if char.isalpha()]
        scripts = {_script(char) for char in letters}
        if len(scripts) == 1 and None not in scripts \
                and not all(_twin(char) is not None for char in letters):
            own.update(range(start, start + len(word)))
        start += len(word)
    return frozenset(own)


def marks_note(text: object, locale: str | None, unseen: int = 0, spaces: int = 0
               ) -> str | None:
    """What a message refusing ``text`` for its form (a date, an amount, a count) adds when
    it holds characters that only look like the ones of its form (:func:`lookalike_marks`),
    in ``locale``'s words: the text (a long one around each character it names, and the
    first of each kind named between brackets: :func:`callrules._i18n.around_each`), each kind
    of such character and which, and to write the value again as asked; None when it holds
    none. ``unseen``, ``spaces``: how many characters that cannot be seen and spaces that are
    not ordinary ones the text holds too, named in it between brackets, said in the same
    sentence (one sentence for the value, never two showing it twice).

    >>> marks_note("2026\\u201009\\u201014", "en")[17:]
    '“‐” is a hyphen or a minus sign of another kind, not “-”: write the value again as asked.'
    """
    if not isinstance(text, str):
        return None
    found = lookalike_marks(text)
    if not found:
        return None
    lang = negotiate(locale)
    kinds = list(found.items())[:_KINDS]
    # (where each character it names is first, and the first of each kind named between
    # brackets: a long text shown around each of them, never one out of what is shown)
    places = [text.index(shown[-1]) for _, chars in kinds for shown in chars]  # (a mark: its own)
    if unseen or spaces:
        bracketed = named_at(text)
        places += [next(at for at in bracketed if odd_space(text[at]) == space)
                   for space, n in ((False, unseen), (True, spaces))
                   if n and any(odd_space(text[at]) == space for at in bracketed)]
    names = _script_names(lang)
    quoted = _quoted(lang)
    clauses = []
    for (key, named), chars in kinds:
        template = translate_plural(PLURALS[key], len(chars), lang)
        clauses.append(sentence(template, {
            "chars": join_list([quoted % {"letter": inserted(char)} for char in chars], lang),
            "script": names.get(named, named),
            "twin": quoted % {"letter": inserted(named)}}, lang))
    if unseen or spaces:  # (« … ; the value also holds a character that cannot be seen… »)
        parts = [translate_plural(PLURALS[key], n, lang)
                 for key, n in (("unseen_part", unseen), ("space_part", spaces)) if n]
        clauses.append(translate_plural(PLURALS["also_unseen"], unseen + spaces, lang) % {
            "what": join_list(parts, lang)})  # (the library's words only: no value in it)
    return sentence(translate(PHRASES["marks_unseen_in_value" if unseen else "marks_in_value"],
                              lang), {
        "value": inserted(around_each(text, places, lang)),
        "clauses": typography(translate(PHRASES["clauses_apart"], lang), lang).join(clauses)},
        lang)
