"""Text from applications and call files, made harmless for each output it goes into.

- a terminal: control characters (escape sequences, carriage returns, line breaks), bidi
  overrides and other invisible format characters are shown as ``\\u202e``-style escapes, so
  no input can move the cursor, redraw a line or draw a fake verdict;
- a spreadsheet (CSV, xlsx): a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return, or with a character form KC reads as one of them (the full-width ``＝``
  East Asian spreadsheets read as ``=``, the small ``﹦``, a superscript ``⁺``…), is prefixed
  with an apostrophe, as OWASP's CSV injection guidance says, so it is never read as a
  formula;
- JSON: a lone surrogate (what a file name's bytes that are not UTF-8 become when read) is
  written as its ``\\udcff`` escape, so the text stays UTF-8 and ``json.loads`` gives back the
  same string (``os.fsencode`` of it, the same bytes);
- Markdown: HTML is written as entities, the characters that make links, emphasis, tables or
  headings are backslash-escaped, a line break cannot start a new list item, and what GFM
  would link by itself (``www.``, a bare address, an e-mail address) is put in a code span.

- HTML: :func:`escape` writes ``<``, ``>``, ``&`` and quotes as entities and, as for a
  terminal, bidi overrides and other invisible format or control characters as
  ``\\u202e``-style escapes (line breaks and tabs kept), so no applicant text can reorder
  what a page shows (``X\\u202e1010-6202-DUSMA`` drawn as ``XAMSUD-2026-0101``). Where such
  text stands on a page (isolated from the library's words, in a block that fits the
  screen) is said by :mod:`callrules._layout`.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from typing import Any

from callrules._inserted import CLOSE, OPEN
from callrules._invisible import NEWER_BLANKS

__all__ = ["cell", "escape", "formula_like", "json_text", "markdown", "terminal"]

#: Format characters that join letters in some scripts and draw nothing else.
_JOINERS = frozenset("\u200c\u200d")


def _unsafe(char: str) -> bool:
    """Whether ``char`` is written as its escape: a control, format, surrogate, private-use
    or line-separator character (joiners aside), by Unicode 15.1 on every Python: the format
    characters Unicode 15.0 added (:data:`~callrules._invisible.NEWER_BLANKS`, unassigned in
    3.11's database) too, as :func:`~callrules._invisible.is_blank` reads them."""
    if char in _JOINERS:
        return False
    return (unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")
            or char in NEWER_BLANKS)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 \
        else f"\\U{code:08x}"


class _Terminal(dict[int, str | int]):
    """What each character is written as on a terminal, found once per character (a long
    text is then translated by ``str.translate``, not a Python call per character)."""

    def __missing__(self, code: int) -> str | int:
        char = chr(code)
        shown = self[code] = _escape(char) if _unsafe(char) else code
        return shown


_TERMINAL = _Terminal()


def terminal(text: str) -> str:
    """``text`` on one line, with every control or invisible format character escaped."""
    if text.isprintable():  # a printable text holds none of them
        return text
    if len(_TERMINAL) > 50_000:  # a text of every character once: bounded
        _TERMINAL.clear()
    return text.translate(_TERMINAL)


class _Html(_Terminal):
    """As :class:`_Terminal`, but line breaks and tabs kept (HTML reads them as spaces)."""

    def __missing__(self, code: int) -> str | int:
        shown = self[code] = code if code in (0x09, 0x0A) else "\ufffd" if code in _MARKS \
            else super().__missing__(code)
        return shown


#: The two noncharacters that mark a value a message inserts while a page is written
#: (:mod:`callrules._inserted`): a text's own are shown as the replacement character.
_MARKS = frozenset(map(ord, (OPEN, CLOSE)))
_HTML = _Html()


def escape(text: str, quote: bool = True) -> str:
    """``text`` for HTML: :func:`html.escape` of it, with every control or invisible format
    character (a bidi override among them) but a line break or a tab escaped as for a
    terminal; a text's own U+FDD0 or U+FDD1 (the marks of :mod:`callrules._inserted`)
    shown as the replacement character."""
    if not text.isprintable():
        if len(_HTML) > 50_000:
            _HTML.clear()
        text = text.translate(_HTML)
    return html.escape(text, quote)


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula: it starts with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return, or with a character form KC reads as one."""
    return text.startswith(_FORMULA) or (
        not text[:1].isascii() and unicodedata.normalize("NFKC", text[:1]).startswith(_FORMULA))


def cell(value: object) -> object:
    """A spreadsheet cell: text made safe for a terminal (:func:`terminal`: a CSV is also
    read with ``cat``), and prefixed with an apostrophe when a spreadsheet would read it as
    a formula; other values (numbers, booleans, None) are left as they are."""
    if not isinstance(value, str):
        return value
    value = terminal(value)
    return "'" + value if formula_like(value) else value


#: What :func:`json_text` writes as its escape: a lone surrogate, and the characters a
#: reader of lines splits on that JSON lets stand raw in a string (the next line, the line
#: and paragraph separators).
_ESCAPED = re.compile("[\ud800-\udfff\x85\u2028\u2029]")


def json_text(value: Any, indent: int | None = None) -> str:
    """``value`` as JSON text that encodes in UTF-8 whatever its strings hold and that a
    reader of lines reads as the lines it writes: characters beyond ASCII as they are, but
    a lone surrogate (no UTF-8 text holds it raw) and the next line, line and paragraph
    separators (U+0085, U+2028, U+2029: JSON allows them raw in a string, but Python's
    ``str.splitlines`` cuts a JSON Lines record at them, and JavaScript before ES2019 ends a
    string at the last two) as their escapes. Only a string can hold them, and a string
    holds them escaped or not alike (att85 F3: the command line wrote them raw where the
    service escaped them)."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _ESCAPED.sub(lambda found: f"\\u{ord(found[0]):04x}", text)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")
#: What GFM's extended autolinks start from (``www.``, ``http://``, ``https://``, ``ftp://``,
#: ``mailto:``, ``xmpp:``, an e-mail address; any scheme's ``://``, as other renderers link
#: more): backslashes and entities do not stop them, the text around is read as one.
_AUTOLINK = re.compile(r"(?i)www\.|://|mailto:|xmpp:|[\w.+-]@[\w.-]*\.")
#: A run of text that a code span can hold as it is (no space, backtick, bracket of a tag
#: or a table's cell bar), brackets and parentheses left around it; and the punctuation
#: that ends a sentence after it, left out of the code span unless the link needs it.
_RUN = re.compile(r"[^\s`<>|\[\]()]+")
_END = re.compile(r"[.,:;!?*_~\"'’”»]+$")


def _inline(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def markdown(text: str) -> str:
    """``text`` as literal Markdown inline text: no raw HTML, no link, no emphasis, no new
    line (so no list item or heading can be injected). A run of text a GFM renderer would
    link by itself (a bare address, ``www.``, an e-mail address) is shown in a code span,
    where nothing links."""
    text = terminal(" ".join(text.split()))
    pieces, done = [], 0
    for run in _RUN.finditer(text):
        if _AUTOLINK.search(run[0]):
            shown = _END.sub("", run[0])
            shown = shown if _AUTOLINK.search(shown) else run[0]
            pieces += [_inline(text[done:run.start()]), f"`{shown}`"]
            done = run.start() + len(shown)
    text = "".join(pieces) + _inline(text[done:])
    if text[:1] in ("-", "+", "=", ">"):
        text = "\\" + text
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", text)
