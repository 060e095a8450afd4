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
- two texts differing only by them are one key (``callrules._keys``).
"""

from __future__ import annotations

import re

__all__ = ["FILLERS", "IGNORABLE", "draws_nothing"]

#: Unicode's Default_Ignorable_Code_Point property (DerivedCoreProperties.txt, Unicode 15
#: and 16 alike), as ranges of a regular expression's class.
_IGNORABLE_RANGES = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff")
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
