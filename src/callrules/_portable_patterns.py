"""Regular expressions that read alike in every dialect a JSON Schema's ``pattern`` meets:
ECMA-262 without a flag (ajv 6, where a pattern and a text are UTF-16 units), with the ``u``
flag (ajv 8) or the ``v`` flag (a browser's ``<input pattern>``), where they are code points,
and Python's ``re`` (jsonschema, hypothesis-jsonschema).

What differs between them, and how the schema's patterns stay clear of it:

- inside a class, the ``v`` flag reserves ``( ) [ ] { } / - \\ |`` and the doubled
  punctuators (``&&``, ``!!``, ``--``…), and the ``u`` flag refuses an escape of any other
  punctuation (``\\&``): so a class writes each ASCII character but a letter or digit as
  its ``\\xHH`` escape, which all four read as that character (:func:`in_class`);
- a character outside the Basic Multilingual Plane is two units without a flag, one code
  point with ``u`` or ``v`` and in Python: in a class it is an error without a flag
  ("Range out of order"), so it is never in one (:func:`astral`: a range of them written
  with lookaheads, each form read by the dialects it is meant for and matching nothing in
  the others);
- ``\\s``, ``\\w``, ``\\d`` and ``\\b`` mean other characters in each: the schema's patterns
  write their characters out (:data:`SPACE`);
- ``$`` is the end of the text in ECMA-262 and in pydantic-core's engine (the library's
  checks), but Python's also matches before a final line feed: ``"Claire\\n"`` matched
  ``^[^\\x00-\\x1f]*$`` in jsonschema, which ``check`` refuses. A schema's pattern ends with
  :data:`END` instead (:func:`portable`), which no dialect matches before any character;
- ``.`` is any character but ``\\n`` in Python, but none of ``\\n``, ``\\r``, U+2028, U+2029
  in ECMA-262: no pattern holds it (a class says which characters it means).
"""

from __future__ import annotations

__all__ = ["END", "SPACE", "astral", "in_class", "portable"]

#: The characters Python calls white space (``str.isspace``, what ``str.strip`` removes and
#: Python's ``\s`` matches), written out for a class: ECMA-262's ``\s`` is another set (it
#: has U+FEFF, not U+001C to U+001F or U+0085).
SPACE = ("\\x09-\\x0d\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f"
         "\\u3000")

_SURROGATES = "\\ud800-\\udfff"

#: The end of the text as every dialect reads it: no character after it. (Not ``$``, which
#: Python's ``re``, jsonschema's and hypothesis-jsonschema's, also matches before a final
#: line feed.)
END = "(?![\\s\\S])"
#: Any character, as every dialect reads it (the one class ``\\s`` and ``\\S`` stand in).
_ANY = "[\\s\\S]"
#: What reads otherwise in some dialect after a backslash: ``\\d``, ``\\w``, ``\\s`` (ASCII in
#: ECMA-262, Unicode in Python; its white space another set), ``\\b``, Python's ``\\A``,
#: ``\\Z``, ECMA-262's ``\\p{…}`` (a letter itself without the ``u`` flag).
_UNPORTABLE_ESCAPES = frozenset("dDwWsSbBAZzGpPN")


def portable(pattern: str) -> str:
    """``pattern`` (a regular expression whose ``$`` is the end of the text, as ECMA-262 and
    pydantic-core's engine read it) as a schema publishes it: each ``$`` outside a class
    written :data:`END`, so that Python's ``re`` reads it as they do (``"2026-06-01\\n"`` is
    no date in any of them). A pattern holding what no rewriting makes read alike is refused
    (``ValueError``): ``.`` outside a class, ``\\d``, ``\\w``, ``\\s`` but in ``[\\s\\S]``,
    ``\\b``, ``\\A``, ``\\Z``, ``\\p``, an inline flag or Python's own groups (``(?i)``,
    ``(?P<…>``, ``(?>…)``), a class ``[]`` or ``[^]``, a bound ``{,n}``.

    >>> portable("^[0-9]{4}$")
    '^[0-9]{4}(?![\\\\s\\\\S])'
    >>> portable("^[$.]\\\\$$") == "^[$.]\\\\$" + END
    True
    """
    out: list[str] = []
    i, in_set = 0, False
    while i < len(pattern):
        char = pattern[i]
        if not in_set and pattern.startswith(_ANY, i):
            out.append(_ANY)
            i += len(_ANY)
            continue
        if char == "\\":
            escaped = pattern[i + 1:i + 2]
            if not escaped or escaped in _UNPORTABLE_ESCAPES:
                raise ValueError(f"not read alike by every dialect: \\{escaped} in {pattern!r:.80}")
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_set:
            in_set = char != "]"
        elif char == "[":
            if pattern.startswith(("[]", "[^]"), i):
                raise ValueError(f"not read alike by every dialect: [] in {pattern!r:.80}")
            in_set = True
        elif char == "." or pattern.startswith("{,", i) or (
                pattern.startswith("(?", i) and pattern[i + 2:i + 3] not in ("", ":", "=", "!")
                and not pattern.startswith(("(?<=", "(?<!"), i)):
            raise ValueError(f"not read alike by every dialect: {pattern[i:i + 3]!r} in "
                             f"{pattern!r:.80}")
        elif char == "$":
            out.append(END)
            i += 1
            continue
        out.append(char)
        i += 1
    if in_set:
        raise ValueError(f"a class left open: {pattern!r:.80}")
    return "".join(out)


def in_class(char: str) -> str:
    """``char`` (one character of the Basic Multilingual Plane) as written inside a class: a
    letter or digit of ASCII, or any character beyond ASCII, as it is; any other ASCII
    character as its ``\\xHH`` escape (``-`` is ``\\x2d``, ``(`` is ``\\x28``)."""
    if len(char) != 1 or ord(char) > 0xFFFF:
        raise ValueError(f"not one character of the Basic Multilingual Plane: {char!r}")
    if char.isascii() and not char.isalnum():
        return f"\\x{ord(char):02x}"
    if 0xD800 <= ord(char) <= 0xDFFF:  # a lone surrogate, which JSON text cannot carry raw
        return f"\\u{ord(char):04x}"
    return char


def astral(low: int, high: int) -> str:
    """A pattern of one character from ``low`` to ``high`` (both outside the Basic
    Multilingual Plane). Two forms, each matching nothing where the other is meant:
    without a flag, the UTF-16 units (``\\ud834[\\udd73-\\udd7a]``), which the other
    dialects read as lone surrogates, in no text; with ``u`` or ``v`` and in Python, the
    code point, by lookaheads on classes from U+0000 to ``high`` and not to ``low`` − 1
    (``(?=[\\x00-𝅺])(?![\\x00-𝅲])``), which without a flag read as classes of units that
    hold every character before the surrogates or none of them (so no character there
    passes both) and a surrogate, which ``(?![\\ud800-\\udfff])`` first turns away."""
    if not 0x10000 <= low <= high <= 0x10FFFF:
        raise ValueError(f"not a range outside the Basic Multilingual Plane: {low:x}-{high:x}")
    spans: list[tuple[int, int, int, int]] = []  # (first lead, last lead, first trail, last)
    start = low
    while start <= high:  # the range in spans of one lead surrogate, each lead's trails
        end = min(high, start | 0x3FF)
        (lead, first), last = _pair(start), _pair(end)[1]
        if spans and spans[-1][2:] == (first, last) == (0xDC00, 0xDFFF):
            spans[-1] = (spans[-1][0], lead, first, last)  # every trail of the leads before
        else:
            spans.append((lead, lead, first, last))
        start = end + 1
    units = [_units(*span) for span in spans]
    code_point = (f"(?![{_SURROGATES}])(?=[\\x00-{chr(high)}])(?![\\x00-{chr(low - 1)}])"
                  f"[\\s\\S]")
    return f"(?:{'|'.join([*units, code_point])})"


def _units(lead: int, last_lead: int, first: int, last: int) -> str:
    """Leads from ``lead`` to ``last_lead``, each followed by a trail from ``first`` to
    ``last``."""
    return "".join(f"\\u{a:04x}" if a == b else f"[\\u{a:04x}-\\u{b:04x}]"
                   for a, b in ((lead, last_lead), (first, last)))


def _pair(code: int) -> tuple[int, int]:
    """The UTF-16 units of ``code``: its lead and trail surrogates."""
    code -= 0x10000
    return 0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)
