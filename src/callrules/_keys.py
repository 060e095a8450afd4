"""How a rule that spans applications (``unique``: one application per host) compares values.

Two texts are the same key when they are the same text as a person reads it, and only then:

1. code points that are invisible by definition (Unicode's default-ignorable code points: the
   zero-width space and joiners, the soft hyphen, the byte-order mark, variation selectors,
   bidirectional controls…) are removed;
2. the full-width forms of ASCII (``ａｂｃ＠ｅｘａｍｐｌｅ．ｏｒｇ``, typed by East Asian input
   methods) become ASCII, and the ideographic space a space;
3. the text is put in Unicode normalization form C, so that the same letters written
   precomposed (``é``) or decomposed (``e`` + combining acute) are one key, and so are
   canonically equivalent characters (the Kelvin sign is, by Unicode's definition, the letter
   ``K``; the ångström sign is ``Å``);
4. with ``case_insensitive``, ASCII letters are lowercased; in an e-mail address (text with an
   ``@``), the domain after the last ``@`` is lowercased whole (domain names ignore case),
   the local part before it only in its ASCII letters, as mail providers do.

Nothing else is folded: ``straße`` and ``strasse``, ``ſ`` (long s) and ``s``, ``ﬁ`` (a
ligature) and ``fi``, ``É`` and ``é`` in a local part are different keys, because they are
different addresses to a mail server (and full case folding, which merges them, is a rule for
searching text, not for telling people apart).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

__all__ = ["key_of", "text_key"]

#: Unicode's Default_Ignorable_Code_Point property (DerivedCoreProperties.txt, Unicode 15).
_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")
#: Full-width ASCII (U+FF01 to U+FF5E) and the ideographic space, to ASCII.
_FULL_WIDTH = {0xFF01 + k: 0x21 + k for k in range(0x5E)} | {0x3000: 0x20}
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def text_key(text: str, case_insensitive: bool) -> str:
    """The key ``text`` is compared by (see the module).

    >>> text_key("Ana.Silva@CNRS.fr", True) == text_key("ana.silva\\u200b@cnrs.fr", True)
    True
    >>> text_key("straße@x.org", True) == text_key("strasse@x.org", True)
    False
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", _IGNORABLE.sub("", text).translate(_FULL_WIDTH))
    if not case_insensitive:
        return text
    local, at, domain = text.rpartition("@")
    if not at:
        return text.translate(_ASCII_LOWER)
    return f"{local.translate(_ASCII_LOWER)}@{domain.lower()}"


def key_of(value: Any, case_insensitive: bool) -> Any:
    """The key of any value a ``unique`` rule reads: texts by :func:`text_key`, other values
    (numbers) as they are."""
    return text_key(value, case_insensitive) if isinstance(value, str) else value
