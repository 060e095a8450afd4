"""Characters that draw nothing: the one definition the library reads them by.

A character *draws nothing* when Unicode says a text is shown as if it were not there (its
default-ignorable code points: zero-width spaces and joiners, the soft hyphen, bidirectional
marks, the byte-order mark, variation selectors, the combining grapheme joiner, the Khmer
inherent vowels, the Hangul fillers, tag characters, and the code points kept for more of
them, such as U+2065), or when it is a blank a font draws as nothing though Unicode does not
call it ignorable (the blank braille pattern, U+2800). Every place that tells such
characters uses this module:

- a message quoting what a person typed names each one in words (``callrules._i18n``:
  ``[invisible character U+FE0F]``), so ``Europe/Paris`` followed by a variation selector
  is never shown as a valid name refused;
- an instant or a zone typed with one is refused as one with a control character
  (``callrules._time.has_control``);
- a source holding nothing but them is blank (``callrules._blank``: ``empty_file``);
- two texts differing only by them are one key (``callrules._keys``);
- a call file's text may not hold one, but for the joiners some scripts need
  (``callrules._loading``: :data:`IGNORABLE_BUT_JOINERS`).

A *blank* (:func:`is_blank`) is any of them, or a character Unicode calls a space, a line
or paragraph separator, a control or a format character: what a line a reader sees empty
holds. Each place that reads blanks reads them by it, its exception said where it is used:
a source of nothing but blanks is ``empty_file`` (``callrules._blank``: none); a line of
nothing but blanks typed between the pieces of a wrapped record is passed over
(``callrules._folded``: none); a message names each blank but the space
(``callrules._i18n``: the space, and surrogates and private use named too); an instant or
a zone refuses each but the spaces around and between its parts (``callrules._time``:
the category ``Zs``).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["BLANK_CATEGORIES", "FILLERS", "IGNORABLE", "IGNORABLE_BUT_JOINERS", "JOINERS",
           "NEWER_BLANKS", "UTF8_BLANK", "all_blank", "draws_nothing", "is_blank"]

#: Unicode's Default_Ignorable_Code_Point property (DerivedCoreProperties.txt, Unicode 15
#: and 16 alike), as ranges of a regular expression's class.
#: The zero-width non-joiner and joiner: ignorable, but part of the words of some scripts
#: (Persian, the scripts of India), so a call file's texts may hold them.
JOINERS = "\u200c\u200d"
#: :data:`_IGNORABLE_RANGES` but :data:`JOINERS`.
IGNORABLE_BUT_JOINERS = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff")
_IGNORABLE_RANGES = IGNORABLE_BUT_JOINERS + JOINERS
#: A default-ignorable code point (:data:`_IGNORABLE_RANGES`).
IGNORABLE = re.compile(f"[{_IGNORABLE_RANGES}]")
#: Letters and symbols drawn as nothing, whether or not Unicode calls them ignorable: the
#: Hangul fillers (ignorable) and the blank braille pattern (not).
FILLERS = frozenset("\u115f\u1160\u2800\u3164\uffa0")


def draws_nothing(character: str) -> bool:
    """Whether ``character`` is drawn as nothing (module docstring).

    >>> [draws_nothing(c) for c in "\\ufe0f\\u034f\\u17b4\\u2065\\u3164\\u2800\\u200bx "]
    [True, True, True, True, True, True, True, False, False]
    """
    return character in FILLERS or IGNORABLE.match(character) is not None


#: Unicode categories of blanks: spaces, line and paragraph separators, controls, formats.
BLANK_CATEGORIES = frozenset(("Zs", "Zl", "Zp", "Cc", "Cf"))
#: A blank (:func:`is_blank`) in UTF-8, for the readers that look at bytes before decoding
#: them (a regular expression's alternation): every one but ASCII's space, tab, line ends
#: and the C0 controls that are no space (NUL, SOH… DEL, ESC, the record separator: each
#: reader says what it does with those), that is the vertical tab, the form feed, FS, GS,
#: US, the C1 controls (NEL among them), the no-break space, the soft hyphen and every
#: other character of the definition beyond ASCII, format characters as of Unicode 15.
#: A test holds it to :func:`is_blank`, code point by code point.
UTF8_BLANK = (rb"[\x0b\x0c\x1c\x1d\x1f]|\xc2[\x80-\xa0\xad]|\xcd\x8f|\xd8[\x80-\x85\x9c]"
              rb"|\xdb\x9d|\xdc\x8f|\xe0\xa2[\x90\x91]|\xe0\xa3\xa2|\xe1\x85[\x9f\xa0]"
              rb"|\xe1\x9a\x80|\xe1\x9e[\xb4\xb5]|\xe1\xa0[\x8b-\x8f]"
              rb"|\xe2\x80[\x80-\x8f\xa8-\xaf]|\xe2\x81[\x9f-\xaf]|\xe2\xa0\x80|\xe3\x80\x80"
              rb"|\xe3\x85\xa4|\xef\xb8[\x80-\x8f]|\xef\xbb\xbf|\xef\xbe\xa0|\xef\xbf[\xb0-\xbb]"
              rb"|\xf0\x91\x82\xbd|\xf0\x91\x83\x8d|\xf0\x93\x90[\xb0-\xbf]"
              rb"|\xf0\x9b\xb2[\xa0-\xa3]|\xf0\x9d\x85[\xb3-\xba]|\xf3\xa0[\x80-\xbf][\x80-\xbf]")


#: The blanks of Unicode 15.1 (Python 3.13's) that an earlier Unicode leaves unassigned: the
#: Egyptian hieroglyph format controls U+13439 to U+1343F, format characters since Unicode
#: 15.0 (Python 3.12), none in Unicode 14 (Python 3.11). A blank is one by the newest Unicode
#: of the Pythons the library runs on, whatever the running one's (the union: one added later
#: is no other character before), so a text is shown, and read, the same on every Python.
NEWER_BLANKS = frozenset(map(chr, range(0x13439, 0x13440)))


def is_blank(character: str) -> bool:
    """Whether ``character`` is a blank (module docstring): a space of any width, a line
    or paragraph separator, a control, a format character, or drawn as nothing, by the
    categories of Unicode 15.1 on every Python (:data:`NEWER_BLANKS`).

    >>> [is_blank(c) for c in " \\u00a0\\u3000\\u2028\\u200b\\ufeff\\x00\\u2800\\u205fx"]
    [True, True, True, True, True, True, True, True, True, False]
    >>> is_blank("\\U00013439"), is_blank("\\U00013440")
    (True, False)
    """
    return (unicodedata.category(character) in BLANK_CATEGORIES or draws_nothing(character)
            or character in NEWER_BLANKS)


def all_blank(text: str) -> bool:
    """Whether every character of ``text`` is a blank (each kind looked at once).

    >>> all_blank(""), all_blank(" \\u205f\\u1680\\u00ad\\u3164"), all_blank(" x")
    (True, True, False)
    """
    return not text or (is_blank(text[0]) and all(map(is_blank, set(text))))
