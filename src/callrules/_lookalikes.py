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

import string
import unicodedata
from collections.abc import Iterable, Sequence, Set
from functools import cache, lru_cache
from itertools import combinations

from babel import Locale
from confusable_homoglyphs.confusables import confusables_data
from pydantic_core import SchemaError, SchemaValidator, core_schema

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
    groups = (("lookalike_letters", [(c, s) for c, s in letters if s != _FORM]),
              ("lookalike_signs", [(c, s) for c, s in letters if s == _FORM]))
    shown_text = around_each(text, [text.index(char) for _, chosen in groups
                                    for char, _ in chosen[:_NAMED]],
                             lang)  # (a long one around each letter it names, bounded)
    names = _script_names(lang)
    quoted = _quoted(lang)
    named = translate(PHRASES["in_script"], lang)  # (« en cyrillique et en grec »)
    notes = []
    for key, chosen in groups:
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
#: mathematical and modifier symbols, modifier letters (``MODIFIER LETTER TRIANGULAR COLON``);
#: never a bracket or a quotation mark (``LEFT ANGLE BRACKET WITH DOT`` is no dot: att68 E1).
_PUNCTUATION_CATEGORIES = ("Pc", "Pd", "Po", "Sm", "Sk", "Lm")
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


#: The characters a value of a form is written with when its caller says nothing closer:
#: those of a date, an instant, an amount, a rate and a count together (a default only: the
#: characters of each form, by its problem's kind, are
#: :data:`callrules._wording._FORM_CHARACTERS`).
_ANY_FORM = "0123456789-.:+TZtz"
#: The kinds of a character named for a character of the form it looks like, and those
#: named whatever the form (a mark written over a character, an object pasted).
_LOOKS_LIKE = ("mark_other", "mark_letter_script", "mark_letter_form")
_PUNCTUATION_KINDS = frozenset(key for key, _ in _PUNCTUATION.values())
_DIGITS = frozenset("0123456789")
_LETTERS = frozenset(string.ascii_letters)
#: The letters of a code's form: those an instant takes (its ``T`` and ``Z``) aside, a form
#: taking any of them is one a letter goes in (look72w R2).
_CODE_LETTERS = _LETTERS - frozenset("TZtz")
#: The kinds of a character named only beside one of its form, where the one it looks like
#: would go (:func:`_beside_form`): a dash, a dot, a colon, a plus sign, or a sign that looks
#: like another character (the ``〇`` of ``2〇26``, not of ``二〇二六年``).
_BESIDE = _PUNCTUATION_KINDS | {"mark_other"}


@lru_cache(maxsize=4096)
def _looks_like(char: str) -> frozenset[str]:
    """Every printable ASCII character ``char`` looks like: the one Unicode's compatibility
    form writes it as (``Ｏ`` is ``O``), and each one of its confusables' class (UTS #39: the
    Cyrillic ``О``, the ``〇`` of Chinese numerals look like ``O`` and so like ``0``; the
    Greek ``Ι`` like ``l``, ``I``, ``1``), and each one of the class of the other case of a
    letter (the small ``о`` looks like ``o``, and so like ``O`` and ``0``, as a capital ``О``
    does: look66m R3); a Roman numeral of one letter the letter it is."""
    folded = unicodedata.normalize("NFKC", char)
    found = {folded} if len(folded) == 1 and folded.isascii() else set()
    for twin in confusables_data.get(char, ()):
        skeleton = twin.get("c", "")
        if len(skeleton) != 1:
            continue
        found.add(skeleton)
        for cased in {skeleton, skeleton.swapcase()}:  # (the Cyrillic ``о``: ``o``, so ``O``,
            found.update(other.get("c", "")  # so ``0``, as its capital ``О``: look66m R3)
                         for other in confusables_data.get(cased, ()))
    return frozenset(c for c in found if len(c) == 1 and c.isascii() and c.isprintable()
                     and c != " ")


def _composed(text: str) -> str:
    """``text`` with each character and the marks written on it composed, as Unicode's NFC
    writes them (``û`` typed as ``u`` and a circumflex, as macOS gives a text, is ``û``): the
    library takes the two writings as one text (rule-language.md, ``café``), and so does a
    note. A character alone is kept as typed (NFC would write the Kelvin sign as ``K``)."""
    out: list[str] = []
    cluster = ""
    for char in text:
        if cluster and unicodedata.combining(char):
            cluster += char
            continue
        out.append(unicodedata.normalize("NFC", cluster) if len(cluster) > 1 else cluster)
        cluster = char
    out.append(unicodedata.normalize("NFC", cluster) if len(cluster) > 1 else cluster)
    return "".join(out)


def lookalike_marks(text: str, accepts: str = _ANY_FORM, words: Iterable[str] = (),
                    pattern: str | None = None) -> dict[tuple[str, str], list[str]]:
    """The characters of ``text`` (a value of a form) that are not the ones of a keyboard
    its form is written with but look like them (:func:`_mark`), by kind (the key of a note
    and what it names), each once, in the order they come: a mark written over a character
    with that character (``4̇``). ``accepts``: the ASCII characters the form is written with
    (a date: its digits and ``-``); ``words``: the values it accepts, if it has a list of them
    (yes or no: ``true``, ``no``…). A character is named only when one it looks like is one
    the form accepts, so that typing that one would help: the ``’`` of ``1’180.00`` or of
    ``l’an 2026`` looks like ``'``, which no amount or date has, and the ``〇`` of
    ``二〇二六年`` is a Chinese numeral in its own word (att68 E1); a dash, a dot, a colon, a
    plus sign or another sign is named only beside a character of the form, where the one it
    looks like would go (not the ``。`` ending ``3100元。``, nor the ``〇`` of ``二〇二六年``:
    att68 E1, E3), or with the form's characters or the text's ends on both sides of it, or
    when the whole value reads as one of ``words`` (``＜＝`` for ``<=``, a ``〇`` typed alone
    for yes or no: look66m R4); a word of another script, when it reads as the letter runs of
    ``words`` (``со`` of ``co-PI``: R1) or stands between the form's characters (``1180.ОО``:
    R2). The text is judged composed (:func:`_composed`: att68 E2). ``pattern``: the
    regular expression a code is checked by, when one is (a code takes letters and digits
    alike: a Latin ``O`` is said typed for ``0`` only where the code, each such letter a
    digit, matches it: :func:`_pattern_digits`).

    >>> lookalike_marks("2026\u201009\u201014"), lookalike_marks("2026-09-14")
    ({('mark_dash', '-'): ['‐']}, {})
    >>> lookalike_marks("1\u2019180.00", "0123456789."), lookalike_marks("3100\u5143\u3002")
    ({}, {})
    """
    allowed = frozenset(accepts)
    folded = frozenset(word.casefold() for word in words)
    if text.isascii():  # (only a Latin letter typed for a digit: one pass, however long)
        return _latin_marks(text, allowed, folded, pattern)
    text = _composed(text)
    if text.isascii():
        return _latin_marks(text, allowed, folded, pattern)
    known = frozenset(run.casefold() for word in words  # (``co`` of ``co-PI``, ``A`` of ``A1``:
                      for run in (word, *_words(word)))  # look66m R1)
    whole = _reads_whole(text, allowed, folded)
    typed_for = _spelt(text, allowed, folded) if whole else {}
    found: dict[tuple[str, str], list[str]] = {}
    base = _NO_BASE  # (the character the marks that follow are written over)
    # (a value that reads whole as one of the form's words, ``Н2О2О`` for ``H2020``: each
    # letter in it typed for that word's, none a word of its own language)
    own = frozenset() if whole else _own_words(text, allowed, known)
    latin = _latin_digits(text, allowed, typed_for, whole if folded else None, folded) \
        or _pattern_digits(text, pattern)
    for at, char in enumerate(text):
        kind = _mark(char)
        if at in latin and char.isascii():  # (a Latin ``O`` typed for ``0``: the letter,
            base, kind = char, ("mark_latin_digit", latin[at])  # not the digit)
        elif at in latin and kind is not None:  # (a Cyrillic ``О`` typed for ``0``, by the
            base, kind = char, ("mark_letter_digit", kind[1] + latin[at])  # code's pattern)
        elif kind is None or kind[0] not in _OVER:
            base = char if not unicodedata.category(char).startswith("M") else base
            if kind is None or (kind[0] == "mark_letter_script" and at in own):
                continue
            kind = _for_digit(_helping(kind, char, allowed), text, at, typed_for.get(at),
                              allowed)
            if kind is None or (kind[0] in _BESIDE and not whole  # (a space beside a sign
                                and not _beside_form(text, at, allowed, spaced=True)  # too:
                                and not _between_form(text, at, at, allowed,  # ``− 5200``)
                                                      spaced=True)):
                continue
        elif base == _NO_BASE or base.isascii() or unicodedata.category(base) == "Nd":
            char = base + char  # (shown over its character, as typed: each mark alone on it)
        else:  # (a vowel sign, an accent of a word of its script: ``सि``, look65m R2)
            continue
        shown = found.setdefault(kind, [])
        if char not in shown and len(shown) < _NAMED:
            shown.append(char)
    return _one_kind_each(found)


def _one_kind_each(found: dict[tuple[str, str], list[str]]
                   ) -> dict[tuple[str, str], list[str]]:
    """``found``, a letter said a digit somewhere in the value (``З ANR-2З26``) said so
    only: never also a letter alone, two clauses of one letter (look72w R3)."""
    digits = {char for kind, chars in found.items() if kind[0] == "mark_letter_digit"
              for char in chars}
    alone = [kind for kind in found if kind[0] == "mark_letter_alone"]
    for kind in alone if digits else ():
        found[kind] = [char for char in found[kind] if char not in digits]
        if not found[kind]:
            del found[kind]
    return found


def _helping(kind: tuple[str, str], char: str,
             allowed: frozenset[str]) -> tuple[str, str] | None:
    """``kind`` (:func:`_mark`) when typing the character ``char`` looks like would help,
    the form accepting it (a digit, a dash where ``-`` is accepted, a letter the form's words
    have, in either case), with the one it names (of those ``char`` looks like, one that the
    form accepts); else None."""
    key, named = kind
    if key.startswith("mark_digit"):
        return kind if allowed & _DIGITS else None
    if key in _PUNCTUATION_KINDS:
        return kind if named in allowed else None
    if key not in _LOOKS_LIKE:
        return kind
    if key == "mark_other" and len(named) > 1:  # (a Roman numeral: ``Ⅻ`` looks like XII)
        return kind if all(c in allowed for c in named) else None
    either = allowed | {c.swapcase() for c in allowed} if key != "mark_other" else allowed
    twins = sorted(_looks_like(char) & either)
    if not twins:
        return None
    return (key, named if named in twins else twins[0]) if key == "mark_other" else kind


def _for_digit(kind: tuple[str, str] | None, text: str, at: int, typed_for: str | None,
               allowed: frozenset[str]) -> tuple[str, str] | None:
    """``kind``, or, for the letter of another script at ``at`` of ``text`` typed where a
    digit goes, the kind saying so (``mark_letter_digit``, with the script's code and the
    digit: ``Cyrl0``): the ``О`` of ``Н2О2О`` where ``H2020`` is accepted (``typed_for``:
    the character of the word the value reads as, where it is), or of ``2О26-01-01`` (no
    word: a character the form accepts that it looks like is a digit, none a letter). A
    person says "a letter, not the digit 0", never "not a Latin letter" of what stands for
    a digit. A letter in a word of its own script (:func:`_in_own_word`: the ``б`` of
    ``руб.`` given for a code) is a letter of that word, no digit typed (look67w R1)."""
    if kind is None or kind[0] != "mark_letter_script":
        return kind
    if typed_for is None:
        either = allowed | {c.swapcase() for c in allowed}
        if _digit_like(text[at], either) is None or _in_own_word(text, at, either):
            return kind
        if allowed & _CODE_LETTERS and at not in _digit_runs(text, either):  # (``З`` alone)
            return "mark_letter_alone", kind[1]
        typed_for = _digit_like(text[at], either)
    return ("mark_letter_digit", kind[1] + typed_for) if typed_for in _DIGITS else kind


@lru_cache(maxsize=8)
def _digit_runs(text: str, either: frozenset[str]) -> frozenset[int]:
    """Where in ``text`` a letter of another script that looks like a digit only (of those
    the form accepts, ``either``) stands where a digit goes, where a form that takes letters
    too (a code) takes one: in a run of such letters (past any that draws nothing) with a
    digit of any script beside it (``ANR-2З26``, ``ANR-20ЗЗ``, ``ANR-ЗЗ26``), or of two or
    more (``UMR ЗЗЗЗ``); not a ``З`` alone. Each run one kind, every letter of it judged
    alike (look72w R3); one pass however long the text."""
    found: set[int] = set()
    run: list[int] = []
    before = False  # (a digit just before the run)
    for at, char in enumerate((*text, "")):
        if char and draws_nothing(char):
            continue
        if char and not char.isascii() and _digit_like(char, either) is not None:
            run.append(at)
            continue
        digit = bool(char) and unicodedata.digit(char, None) is not None
        if run and (before or digit or len(run) > 1):
            found.update(run)
        run, before = [], digit
    return frozenset(found)


def _digit_like(char: str, either: frozenset[str]) -> str | None:
    """The digit ``char`` looks like of those the form accepts (``either``, in either
    case), if it looks like no letter the form accepts: ``6`` for ``б``; None for ``О``
    where ``O`` is accepted too."""
    twins = _looks_like(char) & either
    if any(c.isalpha() for c in twins) or not twins & _DIGITS:
        return None
    return min(twins & _DIGITS)


def _in_own_word(text: str, at: int, either: frozenset[str]) -> bool:
    """Whether the letter at ``at`` of ``text`` stands in a word (:func:`_words`) with
    another letter of its script that looks like no digit the form accepts (``either``):
    the ``б`` of ``руб.``, the ``З`` of ``ЗАО`` given for a code; not the ``О`` of ``2О26``
    (a word of one letter) nor the ``ОЗ`` of ``2О26-ОЗ-01`` (each letter like a digit).
    Each text's words read once (:func:`_own_words_of`): linear however long the text."""
    starts, counts = _own_words_of(text, either)
    char = text[at]
    script = _script(char)
    own = 1 if char.isalpha() and _digit_like(char, either) is None else 0
    return counts.get((starts[at], script), 0) - own > 0


@lru_cache(maxsize=8)
def _own_words_of(text: str, either: frozenset[str]
                  ) -> tuple[list[int], dict[tuple[int, str | None], int]]:
    """Where the word (a run of letters and marks) each character of ``text`` stands in
    starts, and by a word's start and a script, how many of its letters of that script look
    like no digit of ``either``: one pass, each character's script and likeness read once."""
    starts: list[int] = []
    counts: dict[tuple[int, str | None], int] = {}
    scripts: dict[str, tuple[str | None, bool]] = {}
    start = 0
    for at, char in enumerate(text):
        if not (char.isalpha() or unicodedata.category(char).startswith("M")):
            starts.append(at)
            start = at + 1
            continue
        starts.append(start)
        if char.isalpha():
            if char not in scripts:
                scripts[char] = (_script(char), _digit_like(char, either) is None)
            script, unlike = scripts[char]
            if unlike:
                counts[(start, script)] = counts.get((start, script), 0) + 1
    return starts, counts


def _spelt(text: str, allowed: frozenset[str], words: frozenset[str]) -> dict[int, str]:
    """Where each character of ``text`` that draws something is, and the character of the
    first of ``words`` (in order) the text reads as (:func:`_reads_whole`) it stands for."""
    places = [at for at, char in enumerate(text) if not draws_nothing(char)]
    options = [_options(text[at], allowed) for at in places]
    word = next((word for word in sorted(words) if _spells(word, options)), "")
    return dict(zip(places, word, strict=False))


def _beside_form(text: str, at: int, allowed: frozenset[str], *, spaced: bool = False
                 ) -> bool:
    """Whether the character at ``at`` of ``text`` stands beside one of the form (an ASCII
    character it accepts, or a digit of any script or width), where the one it looks like
    would go: ``2026‐09‐14``, ``1180٫00``, not the ``・`` of ``14日・午後5時``; ``spaced``:
    past spaces too (a sign typed with a space beside it, ``− 5200.00``, where no form of a
    value has a space)."""
    def form(step: int) -> bool:  # (the nearest that draws something: ``4<ZWSP>‐``)
        near = _nearest(text, at + step, step, spaced=spaced)
        return 0 <= near < len(text) and (text[near] in allowed
                                          or unicodedata.digit(text[near], None) is not None)
    return form(-1) or form(1)


def _nearest(text: str, at: int, step: int, *, spaced: bool = False) -> int:
    """Where the character of ``text`` nearest ``at`` that draws something is, walking by
    ``step`` from ``at`` (``at`` itself if it does; ``-1`` or ``len(text)`` past an end), and
    is no space if ``spaced``: each run of characters drawing nothing (or spaces) walked from
    its two ends at most."""
    while 0 <= at < len(text) and (draws_nothing(text[at])
                                   or (spaced and text[at].isspace())):
        at += step
    return at


def _between_form(text: str, first: int, last: int, allowed: frozenset[str],
                  like: bool = False, *, spaced: bool = False) -> bool:
    """Whether the characters ``first`` to ``last`` of ``text`` have on each side a character
    of the form (one it accepts, a digit of any script, or, ``like``, one that looks like one
    it accepts: the ``〇`` of ``2026-Ӏ〇-01``) or the text's end (past any that draws
    nothing), so stand where the ones they look like would go: the ``ОО`` of ``1180.ОО``,
    the ``З`` of a count ``З``, a ``＜`` typed alone (look66m R2, R4); not the ``г`` of
    ``2026 г.``, a space before it. Only the nearest character that draws something is
    looked at either side. (A sign is judged without ``like``: the ``。`` after the Russian
    ``б`` of ``10:42 б。`` is no dot; ``spaced``: past spaces, as :func:`_beside_form`.)"""
    def bounded(at: int, step: int) -> bool:
        at = _nearest(text, at, step, spaced=spaced)
        if not 0 <= at < len(text):
            return True
        near = text[at]
        return near in allowed or unicodedata.digit(near, None) is not None \
            or (like and not near.isascii() and bool(_looks_like(near) & allowed))
    return bounded(first - 1, -1) and bounded(last + 1, 1)


def _reads_whole(text: str, allowed: frozenset[str], words: frozenset[str]) -> bool:
    """Whether ``text`` as a whole, each character taken for one it looks like that the form
    accepts (or kept, if ASCII), reads as one of the form's ``words``: ``＜＝`` for ``<=``, the
    ``〇`` of yes or no for ``0`` (look66m R4)."""
    if not words:
        return False
    longest, chars = max(map(len, words)), []
    for char in text:  # (longer than any word: no more read, however long the text)
        if not draws_nothing(char):
            chars.append(char)
            if len(chars) > longest:
                return False
    options = [_options(char, allowed) for char in chars]
    return all(options) and any(_spells(word, options) for word in words)


#: The Latin letters typed for a digit on a keyboard (a typewriter had no ``1`` nor ``0``),
#: by the digit each is typed for: ``H2O2O`` for ``H2020``, ``l0`` for ``10``.
_LATIN_FOR_DIGIT = {"O": "0", "o": "0", "I": "1", "l": "1"}


def _options(char: str, allowed: frozenset[str]) -> set[str]:
    """The characters the form accepts (``allowed``) that ``char`` may have been typed for:
    itself if ASCII (and the digit a Latin ``O`` or ``l`` is typed for, where the form has
    it: :data:`_LATIN_FOR_DIGIT`), else those it looks like."""
    if not char.isascii():
        return set(_looks_like(char) & allowed)
    digit = _LATIN_FOR_DIGIT.get(char)
    return {char, digit} if digit is not None and digit in allowed else {char}


def _latin_marks(text: str, allowed: frozenset[str], folded: frozenset[str],
                 pattern: str | None = None) -> dict[tuple[str, str], list[str]]:
    """:func:`lookalike_marks` of an ASCII ``text``: its Latin letters typed for a digit
    (:func:`_latin_digits`, else by the code's ``pattern``: :func:`_pattern_digits`), each
    once, by the digit."""
    if not _LATIN_FOR_DIGIT.keys() & set(text):
        return {}
    whole = _reads_whole(text, allowed, folded)
    typed_for = _spelt(text, allowed, folded) if whole else {}
    found: dict[tuple[str, str], list[str]] = {}
    for at, digit in (_latin_digits(text, allowed, typed_for, whole if folded else None,
                                    folded) or _pattern_digits(text, pattern)).items():
        shown = found.setdefault(("mark_latin_digit", digit), [])
        if text[at] not in shown:
            shown.append(text[at])
    return found


def _latin_digits(text: str, allowed: frozenset[str], typed_for: dict[int, str],
                  whole: bool | None, folded: frozenset[str] = frozenset()
                  ) -> dict[int, str]:
    """Where ``text`` has a Latin letter typed for a digit (:data:`_LATIN_FOR_DIGIT`; the
    first of each letter, as a note names each once), and the digit, only where the value
    would be read with that digit: a choice's word the value reads as whole has that digit
    there (``H2O2O`` for ``H2020``: ``typed_for``), or
    a value of a form written without letters (a date, an amount, a count) holds a digit and,
    each such letter taken for its digit, only the form's characters or lookalikes of them
    (``2O26-09-14``, ``1O``; not ``Oct 14`` nor ``lol``). ``whole``: whether the value
    reads whole as one of the form's words, None for a form with no list of words (a choice
    it does not read as: no letter of it said a digit). A value that is itself a word is
    none: one with no digit (the ``O`` of « Oui » for yes or no, ``AI`` beside ``A1``,
    ``iso`` beside ``IS0``), one of the form's words but for case (``folded``), a Roman
    numeral between the digits of a date (the ``II`` of ``14-II-2026``: look72w R4)."""
    if not any(char.isdigit() for char in text) or text.casefold() in folded:
        return {}
    if whole is not None:
        return {at: digit for at, digit in typed_for.items()
                if text[at] in _LATIN_FOR_DIGIT and _LATIN_FOR_DIGIT[text[at]] == digit}
    roman = _roman_numerals(text)
    places = [at for char in _LATIN_FOR_DIGIT if char not in allowed  # (the first of each)
              and _LATIN_FOR_DIGIT[char] in allowed
              and (at := next((at for at, typed in enumerate(text)
                               if typed == char and at not in roman), -1)) >= 0]
    if not places or not all(
            char in allowed or char in _LATIN_FOR_DIGIT or draws_nothing(char)
            or (not char.isascii() and (unicodedata.digit(char, None) is not None
                                        or bool(_looks_like(char) & allowed)))
            for char in text):
        return {}
    return {at: _LATIN_FOR_DIGIT[text[at]] for at in sorted(places)}


#: The longest code and pattern read for a Latin letter typed for a digit (a code is short;
#: a longer text is no code mistyped, and is not read again for each letter).
_PATTERN_READ = 200


#: The most places of a code where a Latin letter stands beside a digit that are each tried
#: as the digit (``2O24`` in ``HORIZON-CL5-2O24-D3-01``, whose other ``O`` are letters):
#: 2⁸ - 1 checks at most.
_PLACES_TRIED = 8


@lru_cache(maxsize=64)
def _checker(pattern: str, whole: bool) -> SchemaValidator | None:
    """A check of a text by ``pattern`` (a code's) as pydantic-core makes it, in the same
    engine and dialect (linear in the text: never Python's backtracking ``re``), as a search;
    ``whole``: the pattern must span the text (a code of its form, not one that holds a
    match: ``Oslo`` is no code of ``[0-9]``). None for a pattern it does not read: no note
    rather than a wrong one."""
    try:
        return SchemaValidator(core_schema.str_schema(
            pattern=rf"\A(?:{pattern})\z" if whole else pattern))
    except (SchemaError, ValueError, RecursionError, OverflowError):
        return None


def _pattern_digits(text: str, pattern: str | None) -> dict[int, str]:
    """Where ``text``, a code refused by ``pattern``, has a Latin letter typed for a digit
    (:data:`_LATIN_FOR_DIGIT`) and the digit: the fewest kinds of such letters (``O``,
    ``o``, ``I``, ``l``) that, each written as its digit everywhere in the code, make it a
    code of the pattern (``EIO`` for ``E[0-9]{2}``: ``I`` and ``O``; ``ANR-2O26`` for
    ``ANR-[0-9]{4}``: ``O``; the first of each letter), else the fewest such letters
    standing beside a digit (or beside one of them that does) that, each written as its
    digit, do (:data:`_PLACES_TRIED` at most: the ``O`` of ``2O24`` in
    ``HORIZON-CL5-2O24-D3-01``). Checked as pydantic-core checks it (:func:`_checker`): the
    code as typed by the pattern (a code that matches as it is gets none), the code with
    digits by the pattern spanning it whole (no note for ``Oslo`` where a digit is asked:
    ``[0-9]``). None where the code, its letters of another script read as their Latin
    twins, is a code of the pattern (``BОB123`` for ``[A-Z0-9]{6}``: the letter is right,
    only its script is not; look75w 2). None for a code written with such letters only
    (``lol``, ``IO``: a word, as for a count or a date)."""
    if pattern is None or len(text) > _PATTERN_READ or len(pattern) > _PATTERN_READ:
        return {}
    typed_text = text
    text = _as_latin(text)  # (a Cyrillic or Greek ``О`` read as the ``O`` it looks like)
    if not set(text) - _LATIN_FOR_DIGIT.keys():
        return {}
    letters = [char for char in _LATIN_FOR_DIGIT if char in text]
    typed, whole = _checker(pattern, False), _checker(pattern, True)
    if typed is None or whole is None or not letters or typed.isinstance_python(typed_text):
        return {}
    if text != typed_text and whole.isinstance_python(text):  # (the letter is right, of
        return {}  # another script: ``Іvan1985`` for ``[A-Za-z0-9]+``, never "not the digit")
    for size in range(1, len(letters) + 1):
        for chosen in combinations(letters, size):
            swapped = text.translate({ord(char): _LATIN_FOR_DIGIT[char] for char in chosen})
            if whole.isinstance_python(swapped):  # (each place of such a letter: one may be
                return {at: _LATIN_FOR_DIGIT[char]  # Latin, another of another script)
                        for at, char in enumerate(text) if char in chosen}
    places = _beside_digits(text)
    for size in range(1, len(places) + 1):
        for at in combinations(places, size):
            swapped = "".join(_LATIN_FOR_DIGIT[char] if where in at else char
                              for where, char in enumerate(text))
            if whole.isinstance_python(swapped):
                return {where: _LATIN_FOR_DIGIT[text[where]] for where in at}
    return {}


def _as_latin(text: str) -> str:
    """``text`` with each letter of another script that looks like a Latin letter typed for
    a digit (:data:`_LATIN_FOR_DIGIT`: the Cyrillic or Greek ``О``, the Cyrillic ``І``)
    written as that Latin letter, each at its place: a code is tried with digits for either
    alike (att78 F6), the letter then said what it is, of its script, where a digit goes."""
    if text.isascii():
        return text
    return "".join(_latin_twin(char) or char for char in text)


def _latin_twin(char: str) -> str | None:
    """The Latin letter typed for a digit (:data:`_LATIN_FOR_DIGIT`) that ``char``, a letter
    of another script, looks like (``O`` for the Cyrillic ``О``), if any."""
    if char.isascii():
        return None
    kind = _mark(char)
    if kind is None or kind[0] != "mark_letter_script":
        return None
    twins = sorted(_looks_like(char) & _LATIN_FOR_DIGIT.keys())
    return twins[0] if twins else None


def _beside_digits(text: str) -> list[int]:
    """Where ``text`` has a Latin letter typed for a digit (:data:`_LATIN_FOR_DIGIT`) in a
    run of such letters that stands beside a digit (the ``O`` of ``2O24``, both of
    ``-OO97``; not those of ``HORIZON``), the first :data:`_PLACES_TRIED`."""
    found: list[int] = []
    start = 0
    for at, char in enumerate((*text, "")):
        if char not in _LATIN_FOR_DIGIT:
            if start < at and ((start and text[start - 1] in string.digits)
                               or (at < len(text) and text[at] in string.digits)):
                found.extend(range(start, at))
            start = at + 1
    return found[:_PLACES_TRIED]


#: The letters of a month's Roman numeral (I to XII), in either case.
_ROMAN = frozenset("IVXivx")


def _roman_numerals(text: str) -> frozenset[int]:
    """Where ``text`` has a word (a run of letters and digits) written only with the letters
    of a Roman numeral: the ``II`` of ``14-II-2026``, the ``I`` of ``I-2026``; not the ``I``
    of ``I4``."""
    found: set[int] = set()
    start = 0
    for at, char in enumerate((*text, "")):
        if not char or not char.isalnum():
            if start < at and all(text[each] in _ROMAN for each in range(start, at)):
                found.update(range(start, at))
            start = at + 1
    return frozenset(found)


def _own_words(text: str, allowed: frozenset[str] = frozenset(_ANY_FORM),
               known: frozenset[str] = frozenset()) -> frozenset[int]:
    """Where in ``text`` the letters of its words written wholly in one script other than
    Latin are (``сентября``, ``рублей``, ``Да``, ``Σεπτεμβρίου``, ``г.``, ``руб.``, ``ΝΑΙ``:
    a date, an amount or a yes written out in a language), unless the word reads, each of
    its letters taken for one it looks like, as what the form accepts: each letter a
    character the form has (the ``О`` of ``2О26``), and one of its ``known`` words if it has
    a list of them (``ОК`` where ``OK`` is accepted), else any word if the form is written
    with every letter (a code), else one standing beside the form's letters or digits (the
    Russian ``о`` of ``14 о``, the ``б.`` of ``10:42 б.`` are words). Such a word is one of
    its language, as :func:`lookalike_letters` takes it, not letters typed for Latin ones
    (look65m R2, att68 E3)."""
    own: set[int] = set()
    start = 0
    either = allowed | {c.swapcase() for c in allowed}
    alnum = frozenset(c for c in allowed if c.isalnum())
    for word in _words(text):
        start = text.index(word, start)
        letters = [char for char in word if char.isalpha()]
        scripts = {_script(char) for char in letters}
        beside = _beside_form(text, start, alnum) \
            or _beside_form(text, start + len(word) - 1, alnum) \
            or _between_form(text, start, start + len(word) - 1, allowed, like=True)
        if len(scripts) == 1 and None not in scripts \
                and not (_reads_as(letters, either, known)
                         and (known or beside or allowed >= _LETTERS)):
            own.update(range(start, start + len(word)))
        start += len(word)
    return frozenset(own)


def _reads_as(letters: list[str], either: frozenset[str], known: frozenset[str]) -> bool:
    """Whether ``letters``, each taken for a character it looks like that the form accepts
    (``either``), read as what the form accepts: one of ``known`` if it has such words."""
    options = [_looks_like(char) & either for char in letters]
    if not all(options):
        return False
    return not known or any(_spells(word, options) for word in known)


def _spells(word: str, options: Sequence[Set[str]]) -> bool:
    """Whether ``word`` is spelt by one character of each of ``options`` in turn (in either
    case): the characters a text's each character looks like."""
    return len(word) == len(options) and all(
        c in option or c.swapcase() in option for c, option in zip(word, options, strict=True))


def _first_kinds(found: dict[tuple[str, str], list[str]]
                 ) -> list[tuple[tuple[str, str], list[str]]]:
    """The kinds of ``found`` a note speaks of: the first :data:`_KINDS`, a script's
    letters typed for digits (``mark_letter_digit``) counted with its other letters, as one
    kind: never a character of a kind left out for a split of another (look67w R2)."""
    def counted(kind: tuple[str, str]) -> tuple[str, str]:
        return ("mark_letter_script", kind[1][:-1]) if kind[0] == "mark_letter_digit" \
            else ("mark_letter_script", kind[1]) if kind[0] == "mark_letter_alone" else kind
    first = list(dict.fromkeys(map(counted, found)))[:_KINDS]
    return [(kind, chars) for kind, chars in found.items() if counted(kind) in first]


def marks_note(text: object, locale: str | None, accepts: str = _ANY_FORM,
               words: Iterable[str] = (), *, unseen: int = 0, spaces: int = 0,
               pattern: str | None = None) -> str | None:
    """What a message refusing ``text`` for its form (a date, an amount, a count) adds when
    it holds characters that only look like the ones of its form (:func:`lookalike_marks`,
    with the form's ``accepts`` and ``words``), in ``locale``'s words: the text (a long one
    around each character it names, and the first of each kind named between brackets:
    :func:`callrules._i18n.around_each`), each kind of such character and which, and to write
    the value again as asked; None when it holds none. ``unseen``, ``spaces``: how many
    characters that cannot be seen and spaces that are not ordinary ones the text holds too,
    named in it between brackets, said in the same sentence (one sentence for the value,
    never two showing it twice). ``pattern``: the one a code is checked by, if any.

    >>> marks_note("2026\\u201009\\u201014", "en")[17:]
    '“‐” is a hyphen or a minus sign of another kind, not “-”: write the value again as asked.'
    """
    if not isinstance(text, str):
        return None
    text = _composed(text)  # (as :func:`lookalike_marks` judges it: ``û``, one character)
    found = lookalike_marks(text, accepts, words, pattern)
    if not found:
        return None
    lang = negotiate(locale)
    kinds = _first_kinds(found)
    # (where each character it names is first, and the first of each kind named between
    # brackets: a long text shown around each of them, never one out of what is shown)
    places = [text.index(shown[-1]) for _, chars in kinds for shown in chars]  # (a mark: its own)
    if unseen or spaces:
        bracketed = named_at(text)
        firsts = (next((at for at in bracketed if odd_space(text[at]) == space), None)
                  for space, n in ((False, unseen), (True, spaces)) if n)
        places += [at for at in firsts if at is not None]
    names = _script_names(lang)
    quoted = _quoted(lang)
    clauses = []
    for (key, named), chars in kinds:
        template = translate_plural(PLURALS[key], len(chars), lang)
        script, twin = (named[:-1], named[-1]) if key == "mark_letter_digit" else (named, named)
        clauses.append(sentence(template, {
            "chars": join_list([quoted % {"letter": inserted(char)} for char in chars], lang),
            "script": names.get(script, script),
            "twin": quoted % {"letter": inserted(twin)}}, lang))
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
