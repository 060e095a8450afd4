"""JSON strings and brackets followed, nothing decoded: where a value opened by a bracket
ends, how many brackets a text leaves open, which ones, and whether it ends in a string.

The readers of JSON (a document whole, JSON Lines, a value over lines, a record damaged
by a keystroke, format=flowed, a sequence's separators) look at brackets only outside
strings, and at strings only as far as their quotes and backslash escapes tell. Each asks
one of these:

- :class:`Scan`: a text that grows piece by piece (bytes or text), from a value's opening
  bracket: where the value ends (a document whole at a source's start; one text whole,
  :func:`value_end`: whether a damaged object has another after it).
- :func:`follow`: how many brackets a text (bytes or text) opens more than it closes,
  from a state (the brackets open, inside a string or not), and whether it ends inside a
  string (JSON Lines' lines of a value over lines, format=flowed's lines joined, the
  pieces of JSON before a sequence's separator, a text cut at a width: how deep the lines
  joined so far open).
- :func:`nested_past`: whether a value (or a text whole) nests its brackets deeper than a
  number of levels: the one depth every Python's JSON reader is asked to read
  (:data:`READ_LEVELS`), checked before it reads, so that what is refused, and how, is the
  same on every Python (its own reader gives up at a depth that changes by version).
- :func:`open_brackets`: where the brackets a text leaves open are (a keystroke's damage:
  which brackets are open where the reading fails; a record's start cut: whether a value
  stands where it ends).

A string's rest, in all of them, is any character but a quote or a backslash, or a
backslash and the character it escapes. They differ only at a line end, which a JSON string
never holds (the text is damaged there), as their readers need:

- :class:`Scan` takes a backslash to escape a line end too (the value's end is looked for;
  whether it reads as JSON is told by decoding it: where it does, every grammar here ends
  it at the same place);
- :func:`follow` and :func:`open_brackets` (:data:`STRINGS`) take a backslash before a line
  end to leave the string open (no escape: the string ends with the text);
- ``follow(lines=True)`` (:data:`LINE_ENDED_REST`) ends a string at a line end (a damaged
  line's string: the next line is JSON's again);
- :data:`LINE_STRINGS` (for :func:`open_brackets`): a quote that no quote closes on its line
  opens no string (one typed or left by a keystroke); its line's text is read as JSON's.

A bracket closes the innermost one open, whatever its kind.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable
from typing import Any

__all__ = ["LINE_ENDED_REST", "LINE_STRINGS", "READ_LEVELS", "STRINGS", "Scan", "follow",
           "nested_past", "open_brackets", "read_levels", "unopened_closer", "value_end"]

#: A string, its closing quote (group 1) empty when it is left open (at the text's end, or
#: at a backslash before a line end), or a bracket.
STRINGS = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+("?)|[{}\[\]]')
#: A string closed on its line, or a bracket: a quote with no closing one on its line
#: opens no string.
LINE_STRINGS = re.compile(r'"(?:[^"\\\n]|\\.)*+"|[{}\[\]]')
#: The rest of a string ended at a line end, from inside it: to its closing quote (group 1),
#: to a line end (a backslash before it escapes nothing), or to the text's end (still
#: open; group 2, a backslash escaping what comes next).
LINE_ENDED_REST = rb'[^"\\\n]*+(?:\\[^\n][^"\\\n]*+)*+(?:(")|\\?(?=\n)|(\\?)\Z)'
#: For :func:`follow`, over bytes and over text: a string closed, or the quote of one left
#: open (group 1) and all the text after it (taken at once: the quotes after it, escaped in
#: the text it opened, are not each tried again as a string's start, in time the square of
#: the text's size; the count ends there anyway); with ``lines``, a string closed or ended
#: by a line end (one left open holds no line end: it goes on to the text's end). And a
#: string's rest from inside it. (Each a run of characters between escapes, possessive: a
#: repeat of one character or another kept the state of each, 130 bytes a character of a
#: long string, 750 MB for one of 5.8 MB.)
_STRING = r'"[^"\\]*+(?:\\.[^"\\]*+)*+"|(")(?s:.*)'
_LINE_ENDED = r'"[^"\\\n]*+(?:\\[^\n][^"\\\n]*+)*+(?:"|\\?(?=\n))'
_REST = r'[^"\\]*+(?:\\.[^"\\]*+)*+"'
_LINE_REST = r'[^"\\\n]*+(?:\\[^\n][^"\\\n]*+)*+(?:"|\\?(?=\n))'


def _grammar(kind: type[str] | type[bytes], lines: bool) -> tuple[Any, ...]:
    """What :func:`follow` reads a text of ``kind`` with: its string's rest, what takes its
    strings out of a text (a string left open stands as its quote, the text after it
    dropped), its quote and its brackets. At C speed, no call a string: with ``lines``, each
    string replaced by nothing; else the text split around its strings, the quote of one
    left open kept (``filter(None, …)`` drops what stands for the closed ones)."""
    def compiled(pattern: str) -> re.Pattern[Any]:
        return re.compile(pattern if kind is str else pattern.encode("ascii"))
    marks = ('"', "{", "[", "}", "]")
    empty = kind()
    if lines:
        strip: Callable[[Any], Any] = functools.partial(compiled(_LINE_ENDED).sub, empty)
    else:
        split = compiled(_STRING).split

        def strip(text: Any) -> Any:
            return empty.join(filter(None, split(text)))
    return (compiled(_LINE_REST if lines else _REST), strip,
            *(mark if kind is str else mark.encode("ascii") for mark in marks))


_GRAMMARS = {(kind, lines): _grammar(kind, lines) for kind in (str, bytes)
             for lines in (False, True)}


def follow(text: str | bytes, depth: int = 0, quoted: bool = False, lines: bool = False
           ) -> tuple[int, bool]:
    """How many brackets are open after ``text`` (bytes or text) and whether a string is,
    from ``depth`` and ``quoted`` before it (see the module: :data:`STRINGS`, or with
    ``lines`` a string ended at a line end). The brackets are counted up to a string left
    open: the quote of a string that does not close ends the count. Counted at C speed
    (the strings taken out, then the brackets counted)."""
    rest, strip, quote, brace, bracket, brace_end, bracket_end = _GRAMMARS[type(text), lines]
    if quoted:
        found = rest.match(text)
        if found is None:
            return depth, True
        text = text[found.end():]
    quoted = False
    if quote in text:
        text = strip(text)
        if (at := text.find(quote)) != -1:  # (a string left open: the count ends there)
            text, quoted = text[:at], True
    return depth + text.count(brace) + text.count(bracket) - text.count(
        brace_end) - text.count(bracket_end), quoted


def open_brackets(text: str, start: int = 0, stop: int | None = None,
                  strings: re.Pattern[str] = STRINGS) -> list[int]:
    """Where the brackets that ``text[start:stop]`` leaves open are, outermost first (a
    closing bracket with none open is passed over), strings read as ``strings`` tells
    (:data:`STRINGS` or :data:`LINE_STRINGS`)."""
    opened: list[int] = []
    for token in strings.finditer(text, start, len(text) if stop is None else stop):
        mark = token.group()
        if mark in ("{", "["):
            opened.append(token.start())
        elif mark in ("}", "]") and opened:
            opened.pop()
    return opened


def unopened_closer(text: str, start: int = 0) -> int | None:
    """Where the first closing bracket of ``text[start:]`` that closes none opened after
    ``start`` stands (the text's start outside any string; strings read as :data:`STRINGS`),
    or None: where the list or object that ``text`` is the rest of ends.

    >>> unopened_closer('{"a": "]"}, {"b": 1}], "c": 2}')
    20
    >>> unopened_closer('{"a": 1}') is None
    True
    """
    depth = 0
    for token in STRINGS.finditer(text, start):
        mark = token.group()
        if mark in ("{", "["):
            depth += 1
        elif mark in ("}", "]"):
            if not depth:
                return token.start()
            depth -= 1
    return None


#: Outside a string: a quote or a bracket; inside: a quote or a backslash. For bytes, and
#: for text.
_OUTSIDE = re.compile(rb'["\[\]{}]')
_INSIDE = re.compile(rb'["\\]')
_TEXT_OUTSIDE = re.compile(r'["\[\]{}]')
_TEXT_INSIDE = re.compile(r'["\\]')
#: Their ``search`` (on bytes or on text).
_Search = Callable[[Any, int], "re.Match[Any] | None"]


class Scan:
    """The strings and brackets of a text followed as it grows, from the opening bracket of
    a value at ``start``: where the value ends (see the module: a backslash escapes any
    character). Bytes, or text (``text``)."""

    __slots__ = ("_inside", "_marks", "_outside", "at", "depth", "in_string")

    def __init__(self, start: int, text: bool = False) -> None:
        self.at = start  # how far the text was followed
        self.depth = 0  # the brackets open there
        self.in_string = False  # whether a string is
        self._outside: _Search = (_TEXT_OUTSIDE if text else _OUTSIDE).search
        self._inside: _Search = (_TEXT_INSIDE if text else _INSIDE).search
        self._marks: tuple[object, object, str | bytes] = (
            ('"', "\\", "[{") if text else (0x22, 0x5C, b"[{"))  # (a quote, a backslash,
        # the opening brackets: as an item of the text is)

    def end(self, text: bytes | bytearray | str) -> int | None:
        """Where the value ends (after its closing bracket) once ``text`` holds it whole,
        else None (followed on from where it was left when ``text`` has grown)."""
        outside, inside = self._outside, self._inside
        quote, backslash, opens = self._marks
        pos, size = self.at, len(text)
        while True:
            if self.in_string:
                found = inside(text, pos)
                if found is None:
                    self.at = size
                    return None
                if text[found.start()] == backslash:  # the next character escaped
                    if found.start() + 1 >= size:
                        self.at = found.start()  # (looked at again once the text grows)
                        return None
                    pos = found.start() + 2
                    continue
                self.in_string = False
                pos = found.end()
                continue
            found = outside(text, pos)
            if found is None:
                self.at = size
                return None
            pos = found.end()
            mark = text[found.start()]
            if mark == quote:
                self.in_string = True
            elif mark in opens:
                self.depth += 1
            else:
                self.depth -= 1
                if self.depth <= 0:
                    self.at = pos
                    return pos


def value_end(text: str, start: int) -> int | None:
    """Where the value opened by a bracket at ``start`` in ``text`` ends (after its closing
    bracket), as :class:`Scan` follows it; None if it does not."""
    return Scan(start, text=True).end(text)


#: The most levels of lists and objects within one another that Python's JSON reader is
#: given to read, on every version: its own limit is its recursion's, which is not one
#: number (994 levels on 3.11, less from deep in a call stack; 1,497 on 3.12; 9,998 on
#: 3.13). Text nested deeper is refused as nested past the library's limit (200 levels,
#: ``NESTED_LEVELS``) before it is decoded, its validity untold, the same on every Python;
#: well below 3.11's limit, so that Python's reader never gives up first.
READ_LEVELS = 500
#: What is no bracket (taken out of a text whose strings are), and each bracket's step.
_NOT_BRACKETS: dict[type, Any] = {str: re.compile(r"[^\[\]{}]+"), bytes: re.compile(rb"[^\[\]{}]+")}
_STEPS: dict[type, dict[Any, int]] = {
    str: {"[": 1, "{": 1, "]": -1, "}": -1},
    bytes: {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}}
_OPENS: dict[type, tuple[Any, Any]] = {str: ("[", "{"), bytes: (b"[", b"{")}
#: How many characters of a text :func:`nested_past` reads at a time, its strings taken out
#: of each piece and its brackets' depths summed: what it holds is this piece's, not the
#: whole text without its strings (a 46 MiB array of applications: 336 MiB at its peak
#: before), nor one depth and one piece per bracket of the text (40 bytes a bracket: +637
#: MiB for 16 MiB of brackets).
_CHUNK = 1 << 16
#: A piece's strings taken out, as :func:`follow` takes them (:data:`_STRING`'s strings
#: closed; a string left open at the piece's end, group 1, whole: its quote is where the
#: piece's text ends and the string goes on, read on from the text itself by its rest).
_PIECE_STRING = _STRING.replace('|(")(?s:.*)', '|("(?s:.*))')
if _PIECE_STRING == _STRING:  # :data:`_STRING` edited: say so here, never split wrongly
    raise RuntimeError("_json_scan: _STRING no longer ends as _PIECE_STRING expects")
_PIECE_SPLIT: dict[type, Callable[[Any], list[Any]]] = {
    kind: re.compile(_PIECE_STRING if kind is str else _PIECE_STRING.encode("ascii")).split
    for kind in (str, bytes)}


def nested_past(text: str | bytes | bytearray, levels: int = READ_LEVELS, start: int = 0
                ) -> bool:
    """Whether the JSON text ``text`` (bytes or text) from ``start`` nests its lists and
    objects more than ``levels`` deep, its strings skipped: the value opened by a bracket at
    ``start`` to its end, else the text to its end. Linear in the text, at C speed, and
    flat in memory (a count of the opening brackets first: most texts hold fewer than
    ``levels``; else a piece of the text at a time, its strings taken out and its brackets'
    depths summed, keeping the deepest; a string open at a piece's end read on to its
    closing quote in the text itself, as :func:`follow` reads a string's rest).

    >>> nested_past("[" * 501 + "]" * 501), nested_past("[" * 500 + "]" * 500)
    (True, False)
    >>> nested_past('["' + "[" * 600 + '"]'), nested_past(b'{"a": [[[1]]]}', 2)
    (False, True)
    >>> nested_past("[[]] [[[[]]]]", 3), nested_past(" [[]] [[[[]]]]", 3)
    (False, True)
    >>> nested_past(bytearray(b"[[[[]]]]"), 3), nested_past(bytearray(b"[[[]]]"), 3)
    (True, False)
    """
    kind = str if isinstance(text, str) else bytes
    bracket, brace = _OPENS[kind]
    if text.count(bracket, start) + text.count(brace, start) <= levels:
        return False
    rest = _GRAMMARS[kind, False][0]
    split, empty = _PIECE_SPLIT[kind], kind()
    not_brackets, step = _NOT_BRACKETS[kind], _STEPS[kind].__getitem__
    one_value = text[start:start + 1] in (bracket, brace)  # (then its end is its last
    # bracket: depth 0)
    depth, at, size, quoted = 0, start, len(text), False
    while at < size:  # a running maximum, a piece at a time
        if quoted:  # a string's rest, to its closing quote
            found = rest.match(text, at)
            if found is None:  # (open to the text's end: the count ends there)
                return False
            at, quoted = found.end(), False
            continue
        piece = text[at:at + _CHUNK]
        pieces = split(piece)
        at += len(piece)
        if len(pieces) > 1 and pieces[-2] is not None:  # (a string open at the piece's
            at, quoted = at - len(pieces[-2]) + 1, True  # end: read on after its quote)
        marks = not_brackets.sub(empty, empty.join(filter(None, pieces[::2])))
        depths = list(itertools.accumulate(map(step, marks), initial=depth))
        if one_value and 0 in depths[1:]:
            return max(depths[:depths.index(0, 1)]) > levels
        if max(depths) > levels:
            return True
        depth = depths[-1]
    return False


def read_levels(text: str | bytes | bytearray, start: int = 0) -> None:
    """:class:`RecursionError` if ``text`` from ``start`` nests deeper than
    :data:`READ_LEVELS` (:func:`nested_past`): what Python's reader raises when it gives up,
    raised at the same depth on every Python, before the text is decoded."""
    if nested_past(text, READ_LEVELS, start):
        raise RecursionError("nested deeper than JSON is read")
