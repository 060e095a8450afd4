"""Texts as the dialects of regular expressions a JSON Schema's ``pattern`` meets could read
otherwise: Python's ``re`` (jsonschema, hypothesis-jsonschema) and ECMA-262 (a browser, ajv).
Their ``$`` (Python's matches before a final line feed), ``.`` (which line breaks it leaves
out), ``\\d`` and ``\\s`` (ASCII in one, Unicode in the other) and case-blind readings part
on such texts."""

from __future__ import annotations

import re

#: What a text may end with, begin with or hold where the dialects could read it otherwise:
#: line breaks of every kind, a next line (U+0085), a space before a line feed.
ENDINGS = ["\n", "\r\n", "\r", "\u2028", "\u2029", "\u0085", "\n\n", " \n", "\x00"]
#: Characters written as others that are digits or blanks in one dialect's ``\\d``/``\\s`` and
#: not in the other's (Arabic-Indic, full-width, Devanagari and mathematical digits; a
#: no-break space, an ideographic space, a byte-order mark, a line separator), that a
#: case-blind reading folds to ASCII (the Kelvin sign, the long s), or that ``.`` leaves out.
OTHERS = {"[0-9]": ["\u0660", "\uff10", "\u0966", "\U0001d7ce"],
          " ": ["\u00a0", "\u3000", "\ufeff", "\u2028"],
          "k": ["\u212a"], "s": ["\u017f"], "[.]": ["\u2028", "\n"]}


def variants(text: str) -> list[str]:
    """``text`` as it is, with each ending, after a line break or holding one, and with its
    digits, spaces, ``k``, ``s`` and dots written as :data:`OTHERS`."""
    out = [text, *(text + end for end in ENDINGS), "\n" + text, text[:1] + "\n" + text[1:]]
    for where, others in OTHERS.items():
        if re.search(where, text):
            out += [re.sub(where, other, text) for other in others]
    return out
