"""JSON documents: arrays, objects one after the other, and the damage between them.

JSON (a ``.json`` file, or JSON on standard input) is read as a sequence of values: an
array gives its elements, one record each (several arrays one after the other, as files
joined end to end, continue the count), and an object is a record. A damaged element is
one record, reported with its line, and reading goes on at the next element: where the
next record starts, known by the records' shape (an object with most of their keys, or
starting with their first two; the shape most whole records share, not the first
element's; any kind of whole element read, stubs beside applications; the indentation of
pretty-printed ones), not by the strings (a lost quote turns text into
structure and structure into text); an empty slot (``[a,,b]``, a trailing comma), a stray
bracket or a byte stuck to the front of a record is no record. A file cut, then another
joined to it (``cat cut.json whole.json``): the cut record ends where the next file's
records start (an array where no list can stand, or whose first element is a whole record);
a byte or two typed for the comma between two whole records (``};{``) separates them.
"""

from __future__ import annotations

import bisect
import codecs
import contextlib
import functools
import itertools
import json
import re
import sys
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator
from itertools import chain, pairwise
from typing import Any, NamedTuple, get_args

from pydantic import BaseModel

from callrules._json_numbers import (
    NUMBER_TEXT,
    NumberOutOfRange,
    decimal_number,
    too_deep,
    valid_but_unread,
    whole_number,
)
from callrules._json_scan import read_levels
from callrules._jsontext import repeated_key
from callrules._messages import INPUT_CODES
from callrules._models import Application
from callrules._reading import (
    ESCAPED,
    MAX_RECORD_BYTES,
    MAX_SKIP_BYTES,
    PIECE,
    Over,
    endless,
    not_utf8,
    problem,
    too_large,
)
from callrules._sourced import Sourced
from callrules.exceptions import InputError

__all__ = ["FRONT_TEXT", "INNER_KEYS", "JSON_SPACE", "RECORD_KEYS", "STRICT", "OtherFormat",
           "Values", "enveloped", "unlisted"]


class OtherFormat(NamedTuple):
    """How text of another format after JSON values (files joined end to end) is read:
    whether a line starts it (a CSV header), given the lines after it (read as it needs them:
    a row under the header), and its records, from the bytes left (or the lines left, marks
    of lines over the size limit among them) and the number of their first line."""

    starts: Callable[[str, Iterator[str]], bool]
    read: Callable[[Iterator[bytes], int], Iterator[Sourced]]
    read_lines: Callable[[Iterator[bytes | Over], int], Iterator[Sourced]]

JSON_SPACE = " \t\r\n\ufeff"  # and a byte-order mark between values (files joined)
_SPACES = re.compile("[ \t\r\n\ufeff]*")
_STRUCTURE = re.compile(r'["{}\[\],:]')
_OPENS = re.compile(r"\[*")
#: A JSON string on one line, and JSON whitespace (as pattern texts).
_STRING = r'"(?:[^"\\\n]|\\.)*+"'  # (possessive: no state kept per character)
_BLANK = "[ \t\r\n]*+"  # (possessive: a run of blanks is never split, between two of
# them around a byte-order mark nor with what follows: never tried in each of its places)
#: A brace, a key (group 1) and a value that is no object or list, then a comma: an
#: object's first pair.
_FIRST_PAIR = re.compile("[{]" + _BLANK + r'"((?:[^"\\\n]|\\.)*+)"' + _BLANK + ":" + _BLANK
                         + "(?:" + _STRING + r'|[^\s,{}\[\]"]+)' + _BLANK + "," + _BLANK)
#: An object after a comma, with a key: where a record may start (group 1: its brace).
_AFTER_COMMA = re.compile(f"[,]{_BLANK}\ufeff?{_BLANK}([{{]){_BLANK}\"")
_BRACKET = re.compile("[{}\\[\\]]")
#: A damaged element this short, stuck to the record after it, is stray bytes: no record.
_STRAY = 3
_OBJECT = re.compile(f'([{{]){_BLANK}"')
#: An empty list (``[]``).
_EMPTY_LIST = re.compile(f"\\[{_BLANK}\\]")
#: A byte or two stuck to the front of a value outside any array, then its opening bracket
#: (``:[``, ``"{``, ``x{``: a key pressed before a document's first line), the bracket not
#: that of a string's text (``"{\\"id\\"``: a record encoded twice).
#: Or a short text on the line before the value, no brace nor quote in it, no bracket
#: opening a list (``const apps = ``, ``callback(``, ``[INFO] ``, ``Out[3]: ``), then an array
#: of objects or an object: what a page, a log or a notebook prints before its JSON.
FRONT_TEXT = ('(?:[^ \t\r\n{\\["]|\\[(?![ \t\r\n]*[{\\[]))'
              '(?:[^\r\n{\\["]|\\[(?![ \t\r\n]*[{\\[])){2,63}?')
_FRONT = re.compile(r'[^ \t\r\n{\[]{1,2}[ \t]*(?=[\[{](?!\\))|' + FRONT_TEXT
                    + r'[ \t]*(?=\[[ \t\r\n]*[{]|[{][ \t\r\n]*")')
#: An object at the start of a line or right after another's end (group 1: its brace): where
#: objects one after the other without an array start, or a record after a lost comma.
_LINE_OBJECT = re.compile(f'(?:\n[ \t]*|[}}]{_BLANK})([{{]){_BLANK}"')
#: A brace alone on its line (group 1): where a pretty-printed object starts, its first key
#: damaged or not.
_LINE_BRACE = re.compile("\n[ \t]*([{])[ \t]*\r?\n")
#: A line's indentation (group 1), from the line's start: the line's text follows.
_LINE_START = re.compile("(?m)^([ \t]*)")
#: A pretty-printed object's closing line, from its brace: a comma after it, blanks, the end.
_CLOSING_LINE = re.compile("}[ \t]*,?[ \t]*(?:\r?\n|\r|$)")
#: An object's opening brace.
_BRACE = re.compile("{")
#: A brace ending its line, then the indentation of the next line that is not blank (group
#: 1): in pretty-printed JSON deeper than the brace's line, but for an object joined there.
_SHALLOW_OPEN = re.compile("{[ \t]*\r?\n(?:[ \t]*\r?\n)*([ \t]*)")
#: The indentation starting a line.
_LINE_LEAD = re.compile("[ \t]*")
#: An object's first key, from its brace (group 1: the key, quoted).
_FIRST_KEY = re.compile(r'{[ \t\r\n]*("(?:[^"\\\n]|\\.)*+")[ \t\r\n]*:')  # (possessive: a
# key of 3 MB kept 480 MB of backtracking state, the peak of its record's replay: att85 F2)
#: What may follow an object alone on its line: blanks and one comma, up to the line's end.
_LINE_REST = re.compile("[ \t]*,?[ \t\r]*(?:\n|\\Z)")
#: A pretty-printed object's opening line, from its brace.
_OPENING_LINE = re.compile("{[ \t]*(?:\r?\n|\r|$)")
#: An object after a comma (group 1: its brace), or a bracket.
_BRACKET_OR_OBJECT = re.compile(f"{_AFTER_COMMA.pattern}|[{{}}\\[\\]]")
#: The end of an array followed by the end of the text, or by the next array or object.
_ENDS_ARRAY = re.compile(f"\\]{_BLANK}\ufeff?{_BLANK}(?:[\\[{{]|\\Z)")
#: An array's end followed by nothing but closing brackets, commas and space to the text's
#: end (``]]}``, ``],``: an edit's leftovers, an array copied out of a larger list).
_CLOSERS_TO_END = re.compile(f"\\](?:{_BLANK}[\\]}},])*{_BLANK}\\Z")
#: An array's end followed by nothing but closing brackets, commas and space so far.
_CLOSERS_SO_FAR = re.compile(f"\\](?:{_BLANK}[\\]}},])*{_BLANK}")
#: The array's end: a "]" followed by nothing but space, or by the next array.
_ARRAY_END = re.compile(f"\\]{_BLANK}\ufeff?{_BLANK}(?:\\[|\\Z)")
#: A number or a literal, or a string: a value that holds no record.
_SCALAR = f"(?:{_STRING}|-?[0-9][0-9.eE+-]*|true|false|null)"
#: An envelope around the records, as APIs and exports write them (``{"count": 3,
#: "applications": [...], "_links": {...}}``): an object with a key naming records (group 1)
#: whose value is a list of objects, whatever other keys it gives before or after it, each
#: holding a whole value (see _envelope_start). Its records are the list's, its other keys none.
#: (the key as written: letters, or ``\\uXXXX`` escapes of them, the first one of the names';
#: compared as decoded with ``_NAMES``, see _list_key)
_LIST_OPENED = (
    '"((?:(?i:[acps])|\\\\u00[4-7][0-9A-Fa-f])(?:[A-Za-z]|\\\\u[0-9A-Fa-f]{4}){10,79})"'
    f'{_BLANK}:{_BLANK}\\[')
_LIST_KEY = re.compile(f'{_LIST_OPENED}(?={_BLANK}(?:[{{\\]]|{_STRING}{_BLANK}:))')
#: The same, its list's first element anything (a number, ``null``, a list: one problem in
#: its place, as any element's; att91 F4: 40 in, 1 out). An application may hold a list so
#: named of ids or years (its past applications): such a list is an envelope's only after
#: keys that are none of an application's (``{"count": 40, "applications": [1, {…}]}``, see
#: _envelope_start), or first in an object that reads whole and gives none; never first in
#: a damaged object (look78j F2: a damaged application split in three).
_ANY_LIST_KEY = re.compile(
    f'{_LIST_OPENED}(?={_BLANK}(?:[{{\\[\\]]|{_SCALAR}))')
#: The names of an envelope's list, compared with its key as decoded (``"\\u0061pplications"``).
_NAMES = re.compile("(?i:applications|candidatures|candidaturas|solicitudes|postulaciones)")
#: The keys every application gives (its ``id``, ``submitted_at``…): an object giving one of
#: them beside a list so named is an application holding that list (its past applications),
#: never an envelope (whose other keys are a count, a page, links: see _record).
_RECORD_KEYS = frozenset(name for name, field in Application.model_fields.items()
                         if field.is_required())
RECORD_KEYS = _RECORD_KEYS
#: Every key an application may give: before an envelope's list, none of them is.
_FIELDS = frozenset(Application.model_fields)
#: How far an object starting as an envelope is read to tell whether it is an application
#: (see Values.envelope_here): one larger is an envelope (the text before its end read twice).
_APPLICATION_AHEAD = 1 << 20
#: An object opening a list or an object, and so on :data:`_NESTED_DEPTH` times in a row
#: (``{"applications":[`` repeated, ``[[[``): no application, whose keys are not so nested,
#: so never read whole to tell (each level read to the decoder's depth bound: F4, pass 17);
#: and how far the text is read to tell it.
_NESTED_DEPTH = 32
_NESTED = re.compile(f'{{{_BLANK}(?:"[^"\\\\]{{0,256}}"{_BLANK}:{_BLANK})?'
                     f'(?:[{{\\[]{_BLANK}(?:"[^"\\\\]{{0,256}}"{_BLANK}:{_BLANK})?)'
                     f'{{{_NESTED_DEPTH}}}')
_NESTED_LOOK = _NESTED_DEPTH * 300
#: An envelope's start damaged by a keystroke (its ``{`` lost, its list's ``[`` lost, a quote
#: or its colon lost or changed in a key, a bracket doubled): keys holding no record (no
#: bracket in them), the list's name (group 1) with at most a few marks after it, and its
#: ``[`` (group 2) before an object or the list's end, or, lost, the first object (see
#: Values.loose_envelope).
_LOOSE_ENVELOPE = re.compile(
    f'(?:[{{]{_BLANK}){{0,2}}[^{{}}\\[\\]]{{0,512}}?(?<![\\w])"?({_NAMES.pattern})'
    f'[^{{}}\\[\\]\\w\\n]{{0,4}}{_BLANK}(?:(\\[(?:{_BLANK}\\[)?)(?={_BLANK}(?:[{{\\]]|'
    f'{_STRING}{_BLANK}:))|(?={_BLANK}[{{]{_BLANK}"))')
#: A key and its colon (group 1: the key).
_KEY = re.compile(f"({_STRING}){_BLANK}:{_BLANK}")
_SCALAR_VALUE = re.compile(_SCALAR)
#: Text in brackets holding no value's bracket, brace, quote or comma: a line of text
#: (``[truncated]``, ``[ 2 more ]``), no array, when it is no JSON.
_BRACKETED = re.compile('\\[[^\\[\\]{}",\n]*\\]')
#: Such a value, alone to its line's end (blanks after it).
_VALUE_TO_END = re.compile(f"[ \t\r]*{_SCALAR}[ \t\r]*(?:\n|\\Z)")
#: How many keys an envelope may give beside its list.
_KEYS = 64
#: Where an envelope's list may end: a "]" followed by a comma or a brace (see Values.list_ends).
_LIST_END = re.compile(f"\\](?={_BLANK}[,}}])")
#: The strings and brackets of JSON text (keys are strings followed by a colon).
_TOKEN = re.compile(f'{_STRING}(?:{_BLANK}(:))?|[{{}}\\[\\]]|"')
#: Strings and runs of brackets: what tells whether a value nested deeply is whole.
_NESTING = re.compile(f'{_STRING}|\\[+|\\]+|[{{]+|[}}]+|"')
#: Runs of brackets (as ``_NESTING`` finds them, its strings aside).
_RUNS = re.compile("\\[+|\\]+|[{]+|[}]+")
#: A string on one line standing where strings stand in JSON, after a bracket or separator
#: and before one (group 1), or a bracket: a quote lost or added before such a string does
#: not make its brackets structure.
_PLACED_STRING = re.compile(f'(?<=[\\[{{,:]){_BLANK}({_STRING})(?={_BLANK}[,:}}\\]])|[{{}}\\[\\]]')
#: A value in a record's first keys, as written or damaged (a lost quote).
_FIRST_VALUE = f"(?:{_STRING}|[^,{{}}\\[\\]\\n]*)"
#: Two keys of an object, the value between them as written or damaged.
_HEAD = re.compile(f"({_STRING}){_BLANK}:{_BLANK}{_FIRST_VALUE}{_BLANK},{_BLANK}"
                   f"({_STRING}){_BLANK}:")
#: How many places after a comma that do not read whole are tried for a damaged element's end.
_TRIES = 64
#: How much deeper than where it started the text after a damaged element may go before no
#: record is looked for as shallow as it (records each left open would be scanned again for
#: each: time in the square of their number).
_DEEPER = 16
#: An object after a comma, whatever follows its brace (group 1: its brace).
_AFTER_ELEMENT = re.compile(f",{_BLANK}([{{])")
#: A stray byte or two after an object's brace (no whole JSON has one there): a brace right
#: after it (one added), or brackets, quotes and separators (a brace after those is another
#: object's, found as such).
_STRAY_BYTES = f'(?:[{{]{_BLANK})?(?:[\\[\\]}},:"]{_BLANK}){{0,2}}'
_STRING_END = re.compile(r'["\\\n]')
#: A key and its colon after a comma: what follows an object that closed too early.
_KEY_NEXT = re.compile(r'[ \t\r\n]*("(?:[^"\\\n]|\\.){0,200}")[ \t\r\n]*:')
_LOOK = 512
#: How many lines of text (a title, ``sep=;``) may stand above another format's first line
#: after JSON values (a CSV file joined after JSON), and a line that may be JSON's.
HEAD_LINES = 3
_JSON_LINE = re.compile(r'[\[\]{}",:]|.*[\[{]')
#: A line ending a JSON value (``]``, ``}``) before a line (blank lines between) that
#: starts with no JSON (a CSV header, a title above it: files joined); what may start it.
_JSON_END_LINE = re.compile('[\\]}][ \t\r\ufeff]*\n(?=[ \t\r\n\ufeff]*'
                            '[^ \t\r\n\ufeff{}\\[\\],:0-9-])')


def _closer_at_end(text: str, since: int) -> int:
    """Where to look for :data:`_JSON_END_LINE` again once more of ``text`` is read (none
    found in it from ``since``): at a ``]`` or ``}`` that ends it but for blanks and line
    ends (within :data:`_LOOK` characters, not before ``since``), whose line after may
    start another format's text (read so far up to a line end only: before, the search went
    on past the closer and never found it, the JSON before a CSV one problem with the CSV's
    header and rows when a damaged value was read to the text's end); else at its last
    character.

    >>> [_closer_at_end(text, 0) for text in ('{"a": 1}\\n', '{"a": 1,\\n', '}  \\n\\n', '')]
    [7, 8, 0, 0]
    """
    at = len(text) - 1
    while at > max(since, len(text) - _LOOK) and text[at] in JSON_SPACE:
        at -= 1
    return at if text[at:at + 1] in ("]", "}") else max(len(text) - 1, 0)


def head_line(line: str) -> bool:
    """Whether ``line`` (not blank) is text that may stand above another format's first
    line after JSON values (a CSV file's title, ``sep=;``): it holds no JSON's start."""
    return _JSON_LINE.match(line.strip(" \t\r\n\ufeff")) is None
#: A list's end, a comma and a key after an object: the rest of a record cut so that its start
#: reads whole (an inner object's brace closing it), not the array's end.
_REST = re.compile(r'\][ \t\r\n]*,[ \t\r\n]*"(?:[^"\\\n]|\\.){0,200}"[ \t\r\n]*:')
#: A quote or a closing bracket, then a comma (group 1) and a quote; or an array's end.
_STRING_NEXT = re.compile(f'["}}\\]]{_BLANK}(,){_BLANK}"|\\]{_BLANK}(?:\\[|\\Z)')
#: A string, or JSON text encoded as one that lost its opening quote (``{\\"``).
_QUOTED = re.compile(r'"|[{\[][ \t]*\\"')
#: How many shapes of whole objects are counted to learn the records' keys from.
_KINDS = 8
#: How many whole records, and how many values in each, are read for the key sets of the
#: objects inside records (see Values.note_inner).
_INNER_RECORDS = 16
_INNER_OBJECTS = 2_000
_AFTER_STRING = re.compile(r'[ \t]*([,:}\]\r\n])?')
#: What the decoder reads otherwise than as itself in a string: an escape, a control character.
_ESCAPE_OR_CONTROL = re.compile(r"[\\\x00-\x1f]")
STRICT = json.JSONDecoder(parse_float=decimal_number, parse_int=whole_number)
#: The text a value is first decoded from (see _decode), and how near its end an error may
#: be the window's doing (a ``\\uXXXX`` escape cut).
_WINDOW = 4096
_SLACK = 8
#: A byte or two typed for the comma between two objects (``};{``, ``} . {``), then the
#: next one's brace (group 1).
_WRONG_SEPARATOR = re.compile(f'[^ \t\r\n{{}}\\[\\],"]{{1,2}}{_BLANK}([{{]){_BLANK}"')
#: The indentation of the next line that is not blank (group 1), from a line's end.
#: A bracket ending its line (or before a key or an object) after text, not after a key, a
#: comma or a bracket (group 1): a document's first, joined to a file cut short with no line
#: break between (a blank between allowed: a string cut after a word's space, ``"Institut
#: de physique [{"id": …``; never after a key's colon, ``": [``).
_GLUED = re.compile("[^:,{\\[\\s][ \t]?([{\\[])(?=[ \t]*(?:\r?\n|[{\"]))")
_NEXT_INDENT = re.compile("(?:\n[ \t]*\r?)*\n([ \t]*)")
#: A value that is no record after the end of one (group 1), itself followed by the next
#: element or the array's end: an element of its own.
_FILLER = re.compile(f"[}}\\]]{_BLANK},{_BLANK}({_SCALAR}|[{{]{_BLANK}[}}]|\\[{_BLANK}\\])"
                     f"{_BLANK}[,\\]]")


#: A line of text where the comma between two elements stands (a note, ``...``, ``//``
#: comments, a merge conflict's marker): nothing a value starts with first, to its end.
_TEXT_LINE = re.compile('[^"{}\\[\\],:0-9\\s-][^\\n]*(?:\\n|\\Z)')
#: A key's end and its colon: in a line after a record, the rest of a record (a key that
#: lost its opening quote), not text.
_KEYED = re.compile('"[ \\t]*:')


def enveloped(text: str) -> bool:
    """Whether the JSON text ``text`` starts as an envelope around records (see
    ``_LIST_KEY``): its records are the list's."""
    pos = _space_end(text, 0)
    if _record(_whole(text, pos)):
        return False  # an application holding a list so named (see _RECORD_KEYS)
    return (_list_key(text, 0, True, True) is not None and (
        _envelope_start(text, pos, True) or 0) > 0) or (
        (found := _LOOSE_ENVELOPE.match(text, pos)) is not None and _damaged_head(found))


def _list_key(text: str, pos: int, search: bool = False,
              anything: bool = False) -> re.Match[str] | None:
    """The key of an envelope's list and its ``[`` at ``pos`` (see ``_LIST_KEY``; with
    ``anything``, ``_ANY_LIST_KEY``), or, with ``search``, the first after it: its key
    compared as decoded (``"\\u0061pplications"`` is ``applications``); else None."""
    pattern = _ANY_LIST_KEY if anything else _LIST_KEY
    while (found := (pattern.search if search else pattern.match)(text, pos)) is not None:
        name = found.group(1)
        if _NAMES.fullmatch(_decoded_name(name)):
            return found
        if not search:
            return None
        pos = found.end()
    return None


def _decoded_name(name: str) -> str:
    """The key ``name`` of an envelope's list (see ``_LIST_KEY``) as decoded."""
    return STRICT.decode(f'"{name}"') if "\\" in name else name


def _whole(text: str, pos: int) -> Any:
    """The value at ``pos`` in ``text`` when it reads whole; else None."""
    try:
        return _decode(text, pos)[0]
    except (ValueError, RecursionError):
        return None


def _record(value: Any) -> bool:
    """Whether ``value`` is an object giving one of the keys every application gives (see
    ``_RECORD_KEYS``): an application, whatever list it holds, never an envelope."""
    return isinstance(value, dict) and not _RECORD_KEYS.isdisjoint(value)


def _damaged_head(found: re.Match[str]) -> bool:
    """Whether the envelope's start ``found`` by ``_LOOSE_ENVELOPE`` is damaged (not the
    start of a whole object whose list has another key, ``"my applications"``), with a
    brace or a colon in it (a text naming applications before an array is no envelope)."""
    head = found.group()
    if "{" not in head and ":" not in head:
        return False
    if any(_key_text(key.group(1)) in _RECORD_KEYS for key in _KEY.finditer(head)):
        return False  # an application's own key before the name: an application
    if head.startswith("{") and found.group(2):
        try:
            STRICT.decode(head + "]}")
        except ValueError:
            return True
        return False
    return True


def _key_text(key: str) -> str:
    """The JSON string ``key`` (quoted) as it decodes, itself if it does not."""
    try:
        return str(STRICT.decode(key)) if "\\" in key else key[1:-1]
    except ValueError:
        return key


def _value_end(text: str, pos: int, eof: bool) -> int | None:
    """Where the whole JSON value at ``pos`` ends; None if it is not whole, -1 if that is
    not known before more is read."""
    if text[pos:pos + 1] not in ("[", "{"):
        found = _SCALAR_VALUE.match(text, pos)
        if found is None or (found.end() == len(text) and not eof):
            return -1 if len(text) - pos < _LOOK and not eof else None
        return found.end()
    try:
        return _decode(text, pos)[1]
    except NumberOutOfRange as exc:
        return exc.end  # (whole)
    except json.JSONDecodeError as exc:
        cut = exc.pos >= len(text) - _SLACK or exc.msg.startswith("Unterminated string")
        return -1 if cut and not eof else None
    except RecursionError:
        return None


def _envelope_start(text: str, pos: int, eof: bool) -> int | None:
    """Where the list of the envelope whose ``{`` is at ``pos`` starts (after its ``[``):
    keys holding whole values, then the list's; None if no envelope starts there, -1 if
    that is not known before more is read."""
    if text[pos:pos + 1] != "{":
        return None
    place = _space_end(text, pos + 1)
    keys, foreign = 0, True  # (keys before the list, none an application's: its first
    for _ in range(_KEYS):  # element may be anything, see _ANY_LIST_KEY)
        if (found := _list_key(text, place, anything=keys > 0 and foreign)) is not None:
            return found.end()
        if keys == 0 and (found := _list_key(text, place, anything=True)) is not None and (
                isinstance(whole := _whole(text, pos), dict) and _FIELDS.isdisjoint(whole)):
            return found.end()  # (the list first, the object whole: no application's key)
        if (key := _KEY.match(text, place)) is None:
            return -1 if len(text) - place < _LOOK and not eof else None
        if _key_text(key.group(1)) in _RECORD_KEYS:
            return None  # an application holding a list so named (see _RECORD_KEYS)
        keys, foreign = keys + 1, foreign and _key_text(key.group(1)) not in _FIELDS
        end = _value_end(text, key.end(), eof)
        if end is None or end < 0:
            return end
        place = _space_end(text, end)
        if text[place:place + 1] != ",":
            return -1 if place == len(text) and not eof else None
        place = _space_end(text, place + 1)
    return None


def _envelope_rest(text: str, pos: int, eof: bool) -> int | None:
    """Where the envelope ends whose list ends before ``pos``: keys holding whole values,
    then its ``}`` (the place after it); None if its rest is not so, -1 if that is not known
    before more is read."""
    place = pos
    for _ in range(_KEYS):
        place = _space_end(text, place)
        mark = text[place:place + 1]
        if mark == "}":
            return place + 1
        if mark != ",":
            return -1 if mark == "" and not eof else None
        if (key := _KEY.match(text, _space_end(text, place + 1))) is None:
            return -1 if len(text) - place < _LOOK and not eof else None
        end = _value_end(text, key.end(), eof)
        if end is None or end < 0:
            return end
        place = end
    return None


def _list_again(text: str, pos: int, eof: bool, name: str) -> int | None:
    """Where the list starts (after its ``[``) whose key, among the keys of the envelope
    whose list ends before ``pos``, is ``name`` again, in any case; None if there is none, -1
    if that is not known before more is read."""
    place = pos
    for _ in range(_KEYS):
        place = _space_end(text, place)
        mark = text[place:place + 1]
        if mark != ",":
            return -1 if mark == "" and not eof else None
        place = _space_end(text, place + 1)
        if len(text) - place < _LOOK and not eof:
            return -1
        if (found := _list_key(text, place)) is not None:
            return found.end() if _decoded_name(found.group(1)).casefold() == name.casefold(
                ) else None
        if (key := _KEY.match(text, place)) is None:
            return None
        end = _value_end(text, key.end(), eof)
        if end is None or end < 0:
            return end
        place = end
    return None


def _space_end(text: str, pos: int) -> int:
    """Where the whitespace at ``pos`` in ``text`` ends."""
    found = _SPACES.match(text, pos)
    assert found is not None  # it matches the empty text too
    return found.end()


class _Endless(Exception):
    """A record with no end within the skip limit: its source stops."""

    def __init__(self, where: str) -> None:
        super().__init__(where)
        self.where = where


class _Scan:
    """Where a damaged JSON value ends, found by a scan that follows strings, brackets and
    the structure of objects, resumable across pieces of text.

    The value ends at a ``,`` outside any bracket, at the ``]`` that closes the array around
    it, or where the next value starts: a ``{`` or ``[`` outside any bracket, inside an
    object anywhere but after a ``:`` (a value cannot stand there: the object was cut, and
    the next record starts), at the start of a line (where pretty-printed and one-per-line
    records start, never their inner values), or anywhere after a string cut by a line
    break (JSON strings hold none: the text was cut there) or an element missing in a list
    (``[,``: the same). A closing bracket closes the innermost open one, whatever its
    kind; one with nothing open is part of the damage; a ``:`` outside any bracket opens an
    object whose ``{`` was lost. A quote followed by text other than ``,`` ``:`` ``}``
    ``]`` is a stray quote inside its string.
    """

    def __init__(self, in_array: bool) -> None:
        self.in_array = in_array
        self.objects = bytearray()  # one per open bracket: 1 for an object (a byte each:
        self.value = bytearray()  # for each: 1 if a value comes next (after ":", "[", ",")
        # a run of brackets millions long is held in as many bytes)
        self.in_string = False
        self.string_start = 0
        self.cut = False
        self.begun = False
        self.resume = 0  # where to go on in the text, once more of it is read

    def run(self, text: str, pos: int, eof: bool) -> int | None:
        """The end of the value in ``text`` from ``pos``; None if more text is needed."""
        size = len(text)
        while pos < size:
            if self.in_string:
                found = _STRING_END.search(text, pos)
                if found is None:
                    pos = size
                elif found.group() == "\\" and text[found.end():found.end() + 1] != "\n":
                    if found.end() >= size and not eof:  # the escaped character comes later
                        self.resume = found.start()
                        return None
                    pos = found.end() + 1
                elif found.group() != '"':  # a line break (escaped or not): the text was cut,
                    self.in_string = False  # unless the line ends with bytes that are not
                    self.cut = not ESCAPED.search(  # text (a UTF-16 line out of step: the
                        text, self.string_start, found.start())  # record goes on after it)
                    pos = text.index("\n", found.start())
                else:
                    after = _AFTER_STRING.match(text, found.end())
                    assert after is not None  # it matches the empty text too
                    if after.end() == size and not eof:  # what follows is not read yet
                        self.resume = found.start()
                        return None
                    pos = found.end()
                    # a quote followed by more text is a stray one inside the string
                    self.in_string = after.end() < size and after.group(1) is None
                continue
            found = _STRUCTURE.search(text, pos)
            at = size if found is None else found.start()
            if text[pos:at].strip(JSON_SPACE):  # a number, a literal, or damage
                self.begun = True
                if self.objects:
                    self.value[-1] = False
            if found is None:
                pos = size
                break
            mark, pos = found.group(), found.end()
            begun, self.begun = self.begun, True
            if mark in "{[":
                if begun and (self.cut or not self.objects or text[at - 1:at] == "\n"
                              or (self.objects[-1] and not self.value[-1])):
                    return at  # the next value starts here
                if self.objects:
                    self.value[-1] = False
                self.objects.append(mark == "{")
                self.value.append(mark == "[")
                if mark == "[" and (run := _OPENS.match(text, pos).end() - pos):  # type: ignore[union-attr]
                    self.value[-1] = False  # (a run of ``[``: each a list in the one before,
                    self.objects += bytes(run)  # none a value's start; read at once, not
                    self.value += bytes(run - 1) + b"\x01"  # a bracket at a time)
                    pos += run
            elif mark in "}]":
                if self.objects:
                    self.objects.pop()
                    self.value.pop()
                elif mark == "]" and self.in_array:
                    return at
            elif not self.objects:  # '"', ',' or ':' outside any bracket
                self.in_string, self.string_start = mark == '"', at
                if mark == ",":
                    return at
                if mark == ":":  # a key outside any object: its "{" was lost
                    self.objects.append(True)
                    self.value.append(True)
            else:
                self.in_string, self.string_start = mark == '"', at
                if mark == "," and not self.objects[-1] and self.value[-1]:
                    self.cut = True  # an element missing in a list ("[," ",,"): a cut
                self.value[-1] = mark == (":" if self.objects[-1] else ",")
        self.resume = pos
        return size if eof else None


class Values:
    """The records of JSON text read from pieces of bytes: the elements of arrays, and
    objects (see the module); one record at a time, whatever the size of the whole."""

    def __init__(self, pieces: Iterable[bytes], source: str, lined: bool = False,
                 other: OtherFormat | None = None, one_line: bool = False,
                 first_line: int = 1) -> None:
        self.one_line = one_line  # the source is a JSON Lines line's label: a problem
        # outside any record is labelled by it, not by a line of its own
        self.pieces = iter(pieces)
        self.lined = lined  # records labelled with the line they start on (``<stdin>:12``,
        # ``<stdin>:12[3]``: JSON read where JSON Lines were said), else by place alone
        self.counted = (0, 0)  # up to where in the text the lines were counted, and how many
        self.decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        self.decode = self.decoder.decode
        self.other = other  # the reader of another format's text after the values
        self.source = source
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.lines_before = first_line - 1  # newlines in the text already dropped from
        # the buffer (and the lines before the text: a document after JSON Lines)
        self.stopped = False
        self.index = 0
        self.after_lost_head = False  # the text follows the tail of a record whose start
        # is lost, cut off before it: its first record is no head of a text that lost its own
        self.arrays = 0
        self.order: tuple[str, ...] = ()  # the records' keys: those most whole records
        # share (see learn), else those of the first read whole
        self.kinds: list[list[Any]] = []  # the shapes of the whole objects read: their
        # keys, and how many share them
        self.confirmed = False  # two whole objects or more share the records' keys
        self.inner_kinds: set[frozenset[str]] = set()  # the key sets of objects inside the
        self.inner_read = 0  # first whole records read (see note_inner), and how many read
        self.strings = 0  # the strings read whole as elements
        self.hold: int | None = None  # where a record may start, not known before more is read
        self.anchor: re.Pattern[str] | None = None  # an object starting as the records
        self.nesting: _Nesting | None = None  # how far a value too deep was read
        self.open_to_end = array("q")  # where the brackets open inside a value too deep
        # that ran to the end of the input are, in order (each a value that does not end)
        self.ahead: tuple[int, Any, int] | None = None  # an element read ahead: where it
        # starts, its value and where it ends
        self.failed: set[int] = set()  # where objects were tried and do not read whole
        self.ends: list[re.Match[str]] | None = None  # where arrays may end in the text read
        self.cut_from = 0  # where another format's text after the JSON is looked for from
        self.rest: tuple[str, int] | None = None  # that text, cut from the JSON, and its line
        self.searched: dict[re.Pattern[str], tuple[int, int, re.Match[str] | None]] = {}
        self.depth: tuple[int, int, int, int] = (-1, 0, 0, 0)  # from where, up to where
        # the brackets were counted, the depth and the least depth there (see shallow)
        self.clean = (-1, -1)  # the damaged element's start, and where its damage starts:
        # before, its text read as JSON (a bracket in a string there is text)
        self.indents: set[str] = set()  # the indentation of whole objects pretty-printed
        self.shaped = -1  # where an object parted from a damaged element only for its keys
        # (an application's, see line_record) starts: read, it teaches no shape nor key
        self.line_head: str | None = ""  # the space its line starts with, before the text
        # read (None: not only space)
        self.collected = False  # the array read is an element of another (its records that
        # array's: arrays collected in one)
        self.collect = False  # the array read collects arrays of records (see arrays_after)
        self.envelope = 0  # the array read is an envelope's list (see _LIST_KEY): 1, or 2
        # for an envelope in an array (pages collected in one)
        self.tails: dict[int, bool] = {}  # whether the envelope's list ends at a "]"
        self.list_name = ""  # the key of the envelope's list, as decoded
        self.unkeyed = 0  # up to where the text read holds no key naming records
        self.outer: _Outermost | None = None  # the outermost objects of the text read, for
        self.outer_from = -1  # any start, once asked from two (see outermost)
        self.lines = (0, 0)  # up to where the lines of the text read were counted, and how
        # many (see line)
        self.keys: tuple[tuple[int, int], list[str]] = ((-1, -1), [])  # the keys of the
        # element last asked for, and up to where (see keys_of)
        self.leaps: dict[tuple[str, int], tuple[int, int]] = {}  # after a
        # place that does not read whole, how many in a row do not either, up to which (see
        # leap and remember)

    def more(self, at_least: int = 1) -> bool:
        """Read at least ``at_least`` more characters (or to the end); False at the end."""
        if self.eof:
            return False
        self.lines_before += self.buf.count("\n", 0, self.pos)
        if self.pos:  # the space the line of the text kept starts with, if only space
            line = self.buf.rfind("\n", 0, self.pos)
            head = self.buf[line + 1:self.pos]
            self.line_head = None if head.strip(" \t") or (
                line < 0 and self.line_head is None) else (
                    head if line >= 0 else f"{self.line_head}{head}")
        self.ahead = None
        self.counted = (0, 0)
        self.failed.clear()
        self.open_to_end = array("q")
        self.ends = None
        self.tails.clear()
        self.searched.clear()
        self.depth = (-1, 0, 0, 0)
        self.outer, self.outer_from = None, -1
        self.lines = (0, 0)
        self.keys = ((-1, -1), [])
        self.leaps.clear()
        self.clean = (-1, -1)
        parts = [self.buf[self.pos:]]
        self.unkeyed = max(0, self.unkeyed - self.pos)
        self.cut_from = max(0, self.cut_from - self.pos)
        self.pos = 0
        got = 0
        while got < at_least:
            piece = next(self.pieces, None)
            if piece is None:
                parts.append(self.decode(b"", True))
                self.eof = True
                break
            text = self.decode(piece)
            parts.append(text)
            got += len(text)
        self.buf = "".join(parts)
        if self.other is not None and self.rest is None:
            self.cut_other()
        return True

    def skip_space(self, where: str) -> str:
        """The next character after whitespace ("" at the end of the input); whitespace
        beyond the skip limit stops the source."""
        skipped = 0
        while True:
            start = self.pos
            self.pos = _space_end(self.buf, self.pos)
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            skipped += self.pos - start
            if skipped > MAX_RECORD_BYTES + MAX_SKIP_BYTES:
                raise _Endless(where)
            if not self.more():
                return ""

    def other_after(self) -> bool:
        """Whether the line after the current position (blanks to its end), or the text
        after it on its line (a file without a final line end, another joined after it),
        starts another format's text (:class:`OtherFormat`), read within :data:`PIECE`
        characters."""
        if self.other is None:
            return False
        while not self.eof and len(self.buf) - self.pos <= PIECE and (
                (end := self.buf.find("\n", self.pos)) < 0
                or self.buf.find("\n", end + 1) < 0):
            self.more(PIECE)
        end = self.buf.find("\n", self.pos)
        if end < 0:
            return False
        glued = self.buf[self.pos + 1:end].strip(" \t\r\ufeff")  # (on its line: a file
        while (found := self.other_from(  # without a final line end; blank lines or a
                self.pos + 1 if glued else self.buf.find("\n", self.pos) + 1)) is None:
            self.more(PIECE)  # title before its header)
        return found

    def own_line(self) -> str | None:
        """The line starting at the current position, if nothing but blanks stands before
        it on its line, or the end of the JSON value read last (``]``, ``}``: a file without
        a final line end, another joined after it) (read to its end, within :data:`PIECE`
        characters; None if not)."""
        before = self.buf.rfind("\n", 0, self.pos)  # (a byte-order mark before it: a file
        head = self.buf[before + 1:self.pos].strip(" \t\ufeff")  # joined, Excel's CSV UTF-8)
        if (head and head[-1] not in "]}") or (not head and before < 0
                                               and self.line_head is None):
            return None
        while (end := self.buf.find("\n", self.pos)) < 0 and not self.eof \
                and len(self.buf) - self.pos <= PIECE:
            self.more(PIECE)
        if end < 0 and not self.eof:
            return None
        return self.buf[self.pos:end if end >= 0 else len(self.buf)]

    def line(self, pos: int) -> int:
        counted, lines = self.lines if self.lines[0] <= pos else (0, 0)  # (counted on from
        lines += self.buf.count("\n", counted, pos)  # the last asked: each damaged record
        self.lines = (pos, lines)  # of many counting from the text's start, M5)
        return self.lines_before + lines + 1

    def label(self, top: bool = False) -> str:
        """How the value at the current position is labelled: by its place (``[3]``),
        after the line it starts on when ``lined`` (``:12[3]``; ``:12`` for one outside
        arrays, ``top``), the lines counted on from the last label's (not the text again)."""
        if not self.lined:
            return f"{self.source}[{self.index}]"
        done, lines = self.counted if self.counted[0] <= self.pos else (0, 0)
        self.counted = (self.pos, lines + self.buf.count("\n", done, self.pos))
        line = self.lines_before + self.counted[1] + 1
        return f"{self.source}:{line}" if top else f"{self.source}:{line}[{self.index}]"

    def __iter__(self) -> Iterator[Sourced]:
        yield from self.values()
        if self.rest is not None and self.other is not None:  # (another format's text cut
            text, line = self.rest  # after the JSON)
            yield from self.other.read(chain([text.encode("utf-8", "surrogateescape")
                                              + self.decoder.getstate()[0]], self.pieces), line)

    def values(self) -> Iterator[Sourced]:
        try:
            while not self.stopped:
                mark = self.skip_space(self.source)
                if mark == "":
                    return
                envelope = self.envelope_here() if mark == "{" else None
                if envelope is None and mark in '{"' and (loose := self.loose_envelope()):
                    if (listed := self.list_first(loose)) is not None:
                        envelope = listed  # whole, its list's first element a list
                    else:
                        yield problem(self.source if self.one_line else f"{self.source}:"
                                      f"{self.line(self.pos)}", "json_invalid", "not valid "
                                      "JSON: the start of the envelope around the records is "
                                      "damaged")
                        envelope = loose.end()
                if mark == "[" and (text := self.bracketed_text()) is not None:
                    yield text  # (``[truncated]`` between records: no array)
                elif mark == "[" or envelope:
                    self.arrays, self.collect = self.arrays + 1, False
                    self.pos = envelope if envelope else self.pos + 1
                    self.envelope = 1 if envelope else 0
                    yield from self.elements()
                    if self.envelope:
                        yield from self.envelope_rest()
                    self.envelope = 0
                elif mark == "," or (mark in "]}" and (self.arrays or self.index)):
                    self.pos += 1  # between values, or a stray bracket after an array (it
                    # ended at the one before) or a value: tolerated
                elif self.other is not None and (self.arrays or self.index) \
                        and self.own_line() is not None and self.other_here():
                    # another format's text after the values (files joined: a CSV file's
                    # header and rows after a JSON array): read as that format
                    left = self.buf[self.pos:].encode("utf-8", "surrogateescape")
                    yield from self.other.read(
                        chain([left + self.decoder.getstate()[0]], self.pieces),
                        self.line(self.pos))
                    return
                else:
                    yield self.top_value()
        except _Endless as stop:
            yield endless(stop.where)

    def bracketed_text(self) -> Sourced | None:
        """The line at the current position as one problem, its position moved past it, if
        it is text in brackets alone on its line (``[truncated]``, ``[page 2]``: no value's
        bracket, brace or quote in it, no JSON), not an array; else None."""
        if not _BRACKETED.match(self.buf, self.pos) or (line := self.own_line()) is None \
                or not _BRACKETED.fullmatch(line.rstrip()):
            return None  # (the line read to its end only when it starts so: an array's
            # first line is not waited for)
        try:
            _decode(self.buf, self.pos)
        except (ValueError, RecursionError) as exc:
            where, start = self.label(top=True), self.pos
            self.index += 1
            self.pos += len(line)
            return self.invalid(where, exc, start)
        return None

    def elements(self) -> Iterator[Sourced]:
        """The elements of an array, its ``[`` read."""
        first = self.index
        comma = False  # the last mark read between elements was a comma
        cut = closed = False  # an element of this list was damaged; a list closed last
        while True:
            where = f"{self.source}[{self.index}]"
            mark = self.skip_space(where)
            where = self.label() if self.lined else where
            if mark == "":
                self.stopped = True
                if not (cut and closed):  # (a list joined after the cut closed last: its
                    # end stands for this one's, lost with the cut, one problem already)
                    yield problem(where, "json_invalid", "not valid JSON: the input ends "
                                  "inside the array (cut short?)")
                return
            if mark in "[]}" and self.stray(mark, self.index == first, comma):
                self.pos += 1  # no record
                closed = mark != "["
                continue
            if mark == "]":
                self.pos += 1
                return
            comma = mark == ","
            if comma:  # an empty slot ("[a,,b]", a trailing comma): no record
                self.pos += 1
                continue
            if mark == "{" and not self.envelope and (envelope := self.envelope_here()):
                self.pos, self.envelope = envelope, 2  # pages collected in an array: each
                yield from self.elements()  # an envelope, its records the array's
                if not self.stopped:
                    yield from self.envelope_rest()
                self.envelope, closed = 0, True
            elif mark == "{" and self.envelope and (envelope := self.envelope_here()):
                self.pos = envelope  # an envelope in an envelope's list (a page cut short,
                # the next joined after it): its records the list's, its end the list's
            elif mark == "[" and not self.collected and _OBJECT.match(
                    self.buf, _space_end(self.buf, self.pos + 1)) is not None and (
                        self.collect or (self.index == first and not self.envelope
                                         and self.arrays_after())):
                self.pos, self.collected = self.pos + 1, True  # arrays collected in an array
                yield from self.elements()  # (``jq -s . a.json b.json``): each its records
                self.collected, closed = False, True  # the array's (one level: ``[[[`` no more)
            else:
                if mark == "[" and self.index == first and not self.collected \
                        and not self.envelope and _EMPTY_LIST.match(self.buf, self.pos):
                    self.arrays_after()  # an empty first list, arrays after it: collected
                    # (``jq -s`` of files, the first empty), the empty one a result alone
                self.index += 1
                item = self.element(where, True)
                cut, closed = cut or isinstance(item.data, InputError), False
                yield item
            if self.stopped:
                return

    def envelope_here(self) -> int | None:
        """Where the list of the envelope whose ``{`` is at the current position starts (see
        envelope_at); None if no envelope starts there, or if the object reads whole and is
        an application holding a list so named (its past applications: see _RECORD_KEYS)."""
        if (start := self.envelope_at()) is None:
            return None
        offset = start - self.pos  # (the text read further moves the current position)
        if not self.eof and len(self.buf) - self.pos < _NESTED_LOOK:
            self.more(_NESTED_LOOK)
        if _NESTED.match(self.buf, self.pos):  # no application: not decoded to its end, as
            return self.pos + offset  # deep as the decoder goes, at each of its levels
        return None if _record(self.whole_object(_APPLICATION_AHEAD)) else self.pos + offset

    def envelope_at(self) -> int | None:
        """Where the list of the envelope whose ``{`` is at the current position starts,
        read as far as needed (see ``_envelope_start``); None if no envelope starts there."""
        while True:
            if (found := _list_key(self.buf, max(self.pos, self.unkeyed), True, True)) is None:
                self.unkeyed = len(self.buf) - (0 if self.eof else _LOOK)  # (each part of
                if self.eof:  # the text searched once; no such key: no envelope)
                    return None
                try:  # an envelope only if the object goes on past the text read: read once
                    self.ahead = (self.pos, *_decode(self.buf, self.pos))  # (kept for
                    return None  # when it is read)
                except json.JSONDecodeError as exc:
                    if exc.pos < len(self.buf) - _SLACK and not exc.msg.startswith(
                            "Unterminated string"):
                        return None  # damaged before the text read ends: one record
                except RecursionError:
                    return None
            else:
                self.unkeyed = found.start()
                start = _envelope_start(self.buf, self.pos, self.eof)
                while start is not None and found is not None and found.end() < start:
                    found = _list_key(self.buf, found.end(), True, True)  # (the list's own key)
                if start is not None and start >= 0 and found is not None:
                    self.list_name = _decoded_name(found.group(1))
                if start is None or start >= 0:
                    return start
            if len(self.buf) - self.pos > MAX_RECORD_BYTES or not self.more(
                    max(len(self.buf) - self.pos, PIECE)):
                return None

    def loose_envelope(self) -> re.Match[str] | None:
        """The start of an envelope damaged by a keystroke at the current position (see
        ``_LOOSE_ENVELOPE``); None if there is none. With its list's ``[`` lost, the first
        object must read whole and be followed by another or the list's end (an object
        wrapping one record, ``{"application": {…}}``, is one record)."""
        if not self.eof and len(self.buf) - self.pos < _LOOK:
            self.more(_LOOK)  # what follows is not read yet
        whole = False
        while True:
            found = _LOOSE_ENVELOPE.match(self.buf, self.pos)
            if found is None or not _damaged_head(found):
                return None
            if found.group(2):
                return found
            if not whole:  # one whole object has no start lost, whatever it holds
                whole = True  # (``{"id": …, "applications": {…}, "note": …}``)
                if self.whole_object() is not None:
                    return None
                continue  # (matched again: the text read on moves it)
            ends = self.element_ends(_space_end(self.buf, found.end()))
            if ends is None:
                continue  # (matched again: the text read on moves it)
            return found if ends else None

    def whole_object(self, limit: int = MAX_RECORD_BYTES) -> dict[str, Any] | None:
        """The object at the current position when it reads whole, read within ``limit``
        characters (kept for when it is read: see element); else None."""
        while True:
            try:
                value, end = _decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if (exc.pos >= len(self.buf) - _SLACK or exc.msg.startswith(
                        "Unterminated string")) and len(self.buf) - self.pos <= limit \
                        and self.more(max(len(self.buf) - self.pos, PIECE)):
                    continue  # (not all read yet)
                return None
            except (ValueError, RecursionError):
                return None
            if not isinstance(value, dict):
                return None
            self.ahead = (self.pos, value, end)
            return value

    def list_first(self, loose: re.Match[str]) -> int | None:
        """Where the list starts (after its ``[``) of the envelope at the current position
        whose start ``loose`` reads as damaged by a ``[`` doubled, when the envelope reads
        whole (read within the record limit): its list's first element is a list, no
        damage; else None."""
        if loose.group(2) is None or loose.group(2).count("[") != 2:
            return None
        offset = loose.start(2) + 1 - self.pos
        while not self.eof and len(self.buf) - self.pos <= MAX_RECORD_BYTES:
            self.more(max(len(self.buf) - self.pos, PIECE))
        try:
            value = _decode(self.buf, self.pos)[0]
        except (ValueError, RecursionError):
            return None
        return self.pos + offset if isinstance(value, dict) and not _record(value) else None

    def envelope_rest(self) -> Iterator[Sourced]:
        """Move past the envelope's keys after its list, and its ``}``, read as far as
        needed (past the record limit, skipped to the envelope's end without keeping them);
        where they do not read whole, the text is read on as values. Its list's key given
        again after it (``{"applications": [a], "applications": [b]}``, two exports pasted
        into one object): a problem, ``duplicate_key``, then the records of that list too
        (JSON keeps one of the two lists silently: half of the applications never judged)."""
        while (again := self.list_again()) is not None:
            yield problem(self.source if self.one_line else f"{self.source}:"
                          f"{self.line(self.pos)}", "duplicate_key",
                          f"the key {self.list_name!r} of the list of records is given twice "
                          "in one object: the records of both lists are read",
                          {"key": self.list_name, "template": "duplicate_list_key"})
            self.pos = again
            yield from self.elements()
            if self.stopped:
                return
        while (rest := _envelope_rest(self.buf, self.pos, self.eof)) == -1:
            if len(self.buf) - self.pos > MAX_RECORD_BYTES:
                scan = _Scan(False)  # (inside the envelope: its keys, then its "}")
                scan.objects, scan.value, scan.begun = bytearray(b"\x01"), bytearray(1), True
                if (end := scan.run(self.buf, self.pos, self.eof)) is not None:
                    self.pos = end
                else:
                    self.skip(scan, self.source)
                return
            if not self.more(max(len(self.buf) - self.pos, PIECE)):
                return
        if rest is not None:
            self.pos = rest

    def list_again(self) -> int | None:
        """Where the list starts (after its ``[``) whose key, among the envelope's keys after
        its list, is the list's own key again (see ``_list_again``); None if there is none."""
        while (start := _list_again(self.buf, self.pos, self.eof, self.list_name)) == -1:
            if len(self.buf) - self.pos > MAX_RECORD_BYTES or not self.more(
                    max(len(self.buf) - self.pos, PIECE)):
                return None
        return start

    def list_ends(self, pos: int) -> bool | None:
        """Whether the envelope's list ends at the ``]`` at ``pos``: followed by keys
        holding whole values and its ``}``, then by the end of the text read or the next
        value (in an array, a comma or the array's end); None if its keys are not all read."""
        if (known := self.tails.get(pos)) is not None:
            return known
        rest = _envelope_rest(self.buf, pos + 1, self.eof)
        if rest is not None and rest < 0:
            return None
        after = _space_end(self.buf, rest) if rest is not None else 0
        following = self.buf[after:after + 1] if rest is not None else "}"
        verdict = following in ("", "[", "{") or (
            self.envelope == 2 and following in (",", "]")) or (
            rest is not None and self.typed_after(after - 1))  # (``}1``: a value typed)
        if not verdict and rest is not None and (other := self.other_at(after)) is not False:
            if other is None:
                return None  # (another format's first line not read whole yet)
            verdict = True  # the envelope's end, another format's text after it (files joined)
        self.tails[pos] = verdict
        return verdict

    def cut_other(self) -> None:
        """Cut from the text read another format's text (:meth:`other_from`) on a line after
        one that ends a JSON value (``]``, ``}``: files joined, a CSV file after JSON): the
        JSON ends there, however damaged the value before it (one keystroke: its damage
        never reaches past it); the text cut is read as that format after the values."""
        for found in _JSON_END_LINE.finditer(self.buf, self.cut_from):
            if (other := self.other_from(found.end())) is None:
                self.cut_from = found.start()  # (looked at again when more is read)
                return
            if other:
                place = found.end()
                self.rest = (self.buf[place:], self.lines_before + self.buf.count(
                    "\n", 0, place) + 1)
                self.buf, self.eof = self.buf[:place], True
                return
        self.cut_from = max(self.cut_from, _closer_at_end(self.buf, self.cut_from))

    def other_here(self) -> bool:
        """Whether another format's text starts at the current position (a line's start):
        :meth:`other_from`, read on as needed."""
        while (found := self.other_from(self.pos)) is None:
            self.more(PIECE)
        return found

    def other_at(self, place: int) -> bool | None:
        """Whether the line at ``place`` (only blanks or a byte-order mark before it on its
        line, or the envelope's ``}``: a file without a final line end) starts another
        format's text (:class:`OtherFormat`); None if it is not read to its end yet (within
        :data:`PIECE` characters)."""
        if self.other is None or self.buf[self.buf.rfind("\n", 0, place) + 1:place].strip(
                " \t\r\ufeff")[-1:] not in ("", "}"):
            return False
        return self.other_from(place)

    def other_from(self, place: int) -> bool | None:
        """Whether another format's text starts at the line at ``place``: on it, or under
        blank lines and up to :data:`HEAD_LINES` lines of text holding no JSON (a CSV
        file's title, Excel's ``sep=;``: files joined, its reader says them); None if not
        read far enough to tell yet (within :data:`PIECE` characters)."""
        if self.other is None:
            return False
        heads = 0
        while True:
            if (end := self.buf.find("\n", place)) < 0 and not self.eof:
                return None if len(self.buf) - place <= PIECE else False
            line = self.buf[place:end if end >= 0 else len(self.buf)]
            if bare := line.strip(" \t\r\ufeff"):
                short: list[bool] = []
                if self.other.starts(line.lstrip(" \t\ufeff"), self.lines_after(end, short)):
                    return True
                if short:  # (the lines after it not read yet)
                    return None if len(self.buf) - place <= PIECE else False
                if heads == HEAD_LINES or not head_line(bare):
                    return False
                heads += 1
            if end < 0:
                return False
            place = end + 1

    def lines_after(self, end: int, short: list[bool]) -> Iterator[str]:
        """The lines of the text read after the line end at ``end`` (none if -1: the text's
        end), each with its line end; ``short`` told if more were wanted than read yet."""
        while end >= 0:
            start, end = end + 1, self.buf.find("\n", end + 1)
            if end < 0 and not self.eof:
                short.append(True)
                return
            if start < len(self.buf):
                yield self.buf[start:end + 1 if end >= 0 else len(self.buf)]

    def stray(self, mark: str, first: bool, comma: bool = False) -> bool:
        """Whether the bracket ``mark`` where an element starts is a stray one: a ``[``
        before an object (``[{`` as an element), a ``}``, or a ``]`` the array goes on after
        (``},]},{``; before any element, ``[]{``; after a comma, before an object: ``,]{``)."""
        if len(self.buf) - self.pos < _LOOK:
            self.more(_LOOK)  # what follows is not read yet
        if mark == "[" and self.whole_list():
            return False  # a list as an element (``[[a, b], c]``): one record, no application
        if mark == "[" or (mark == "]" and comma):
            return _OBJECT.match(self.buf, _space_end(self.buf, self.pos + 1)) is not None
        if mark == "]" and self.collected:
            return False  # the end of an array collected in another (``],[``)
        if mark == "]" and self.other_after():
            return False  # the array's end, another format's text after it (files joined)
        if mark == "]" and self.typed_after(self.pos):
            return False  # the array's end, a value typed after it alone to its line's end
            # (``]1``): one problem of its own, the array not read on
        if mark == "]" and self.envelope:
            while (ends := self.list_ends(self.pos)) is None and len(
                    self.buf) - self.pos <= MAX_RECORD_BYTES and self.more(
                    max(len(self.buf) - self.pos, PIECE)):
                pass  # (the envelope's keys after its list not all read yet)
            return ends is False
        if mark == "]" and self.closers_to_end():
            return False  # the array's end, closers left after it to the text's end (``]]}``,
            # an edit's leftovers): no record, as one ``]`` more is none
        if mark == "]" and first and enveloped(self.buf[self.pos + 1:]):
            return False  # an empty array before an envelope (an empty page first)
        return mark == "}" or (_ARRAY_END if first else _ENDS_ARRAY).match(
            self.buf, self.pos) is None

    def closers_to_end(self) -> bool:
        """Whether the ``]`` at the current position is followed by nothing but closing
        brackets, commas and blanks to the text's end (read on past blank lines, within the
        record limit: a wrap's line ends given after the line it joined)."""
        while not self.eof and _CLOSERS_SO_FAR.fullmatch(self.buf, self.pos) and len(
                self.buf) - self.pos <= MAX_RECORD_BYTES:
            self.more(max(len(self.buf) - self.pos, _LOOK))
        return self.eof and _CLOSERS_TO_END.match(self.buf, self.pos) is not None

    def typed_after(self, pos: int) -> bool:
        """Whether a value (a number, a string, a literal) stands after the bracket at
        ``pos``, alone to its line's end (a key typed after a closed array: ``]1``)."""
        typed = _VALUE_TO_END.match(self.buf, pos + 1)
        return typed is not None and (typed.group().endswith("\n") or self.eof)

    def whole_list(self) -> bool:
        """Whether the list at the current position reads whole and
        the next element or the array's end follows it (read on within the record limit)."""
        while (ends := self.element_ends(self.pos)) is None:
            pass  # (read on)
        return ends

    def arrays_after(self) -> bool:
        """Whether the list at the current position, the first element of an array, reads
        whole and another list or the array's end follows it: arrays collected in one
        (``jq -s . a.json b.json``), each its records the array's (a list before a record,
        ``[[a, b], c]``, stays one element)."""
        if not self.whole_list():
            return False
        after = _space_end(self.buf, _decode(self.buf, self.pos)[1])
        if self.buf[after:after + 1] == ",":
            while (following := _space_end(self.buf, after + 1)) == len(self.buf) and len(
                    self.buf) - self.pos <= MAX_RECORD_BYTES and self.more():
                after = _space_end(self.buf, _decode(self.buf, self.pos)[1])  # (moved)
            self.collect = self.buf[following:following + 1] == "["
        else:
            self.collect = self.buf[after:after + 1] == "]"
        return self.collect

    def element_ends(self, place: int) -> bool | None:
        """Whether the value at ``place`` reads whole and the next element or the array's
        end follows it; None when the text had to be read on to tell (read within the
        record limit: ask again)."""
        try:
            end = _decode(self.buf, place)[1]
        except (ValueError, RecursionError):
            if not self.eof and len(self.buf) - place <= MAX_RECORD_BYTES and _Scan(
                    False).run(self.buf, place, False) is None:
                self.more(max(len(self.buf) - self.pos, PIECE))  # not all read yet
                return None
            return False
        after = _space_end(self.buf, end)
        if after == len(self.buf) and not self.eof:
            self.more()
            return None
        return self.buf[after:after + 1] in (",", "]")

    def top_value(self) -> Sourced:
        """A value outside any array (an object, or text that is no array): a record,
        labelled by the source alone when it is all the source holds."""
        where = self.label(top=True)
        single = self.index == 0 and self.arrays == 0 and not self.lined
        self.index += 1
        item = self.element(where, False)
        if single and not self.stopped and self.skip_space(self.source) == "":
            error = item.data
            if isinstance(error, InputError):
                return Sourced(self.source, InputError(error.problems, source=self.source))
            return Sourced(self.source, item.data)
        return item

    def element(self, where: str, in_array: bool) -> Sourced:
        """The value at the current position: an array's element (parsed) or an object
        outside arrays (its text, parsed when evaluated)."""
        while True:
            start = self.pos
            try:
                if self.ahead is not None and self.ahead[0] == start:
                    value, end = self.ahead[1:]
                elif self.too_deep(start):
                    raise RecursionError  # (known without decoding it again, F11)
                else:
                    value, end = _decode(self.buf, start)
            except (ValueError, RecursionError) as exc:
                if not in_array and (front := _FRONT.match(self.buf, start)) is not None:
                    if not self.eof and len(self.buf) - start < PIECE:
                        self.more(PIECE)  # (a short text read to its end first: a lone
                        continue  # application so damaged is one record, see
                        # callrules._sources._json)
                    self.pos = front.end()  # the bytes one problem, the value after them
                    return self.invalid(where, exc, start)  # read as written
                if not in_array and not self.eof and len(self.buf) - start <= MAX_RECORD_BYTES \
                        and _Scan(False).run(self.buf, start, False) is None:
                    self.more(max(len(self.buf) - start, PIECE))  # not all read yet
                    continue
                if (got := self.damaged(where, start, exc, in_array)) is not None:
                    return got
                continue
            after = end
            after = _space_end(self.buf, after)
            if after == len(self.buf) and not self.eof and after - end < PIECE:
                if after == end:  # (a number or a literal at the end: more may follow)
                    self.more()  # what follows is not read yet (a short look ahead)
                    continue
                while after == len(self.buf) and not self.eof and after - end < PIECE:
                    # blanks after the value: what follows them read, as many characters
                    # again as the blanks read so far (blank lines one a piece: linear),
                    # the value not decoded again nor its blanks read again
                    moved = self.pos
                    self.more(after - end)
                    start, end = start - moved, end - moved
                    after = _space_end(self.buf, after - moved)
            following = self.buf[after:after + 1]
            if not in_array and following not in ("", ",", "[", "{") and not isinstance(
                    value, (dict, list)) and "\n" not in self.buf[end:after] and (
                    front := _FRONT.match(self.buf, start)) is not None:  # (``1: [``, a line
                self.pos = front.end()  # number printed before a list: the front one problem)
                return self.invalid(where, json.JSONDecodeError(
                    "Extra data", self.buf, after), start)
            if self.envelope and following == "]" and self.list_ends(after) is None and len(
                    self.buf) - start <= 2 * MAX_RECORD_BYTES and not self.eof:
                self.more(max(len(self.buf) - start, PIECE))  # the envelope's keys after
                continue  # its list are not all read yet
            if in_array and following == "{" and not isinstance(value, (dict, list)) and len(
                    self.buf[start:end].strip()) <= _STRAY:  # a byte or two stuck to the
                self.pos = after  # front of a record (no comma between): no record
                continue
            skip = self.wrong_separator(value, after) if in_array and following not in (
                "", ",", "{", "[", "]") else None
            if skip is None and in_array and following not in ("", ",", "{", "[", "]"):
                skip = self.text_line(value, end, after)  # (F8)
            if skip == -1:
                self.more(PIECE)  # the next record is not all read yet
                continue
            if skip is not None:
                following = "{"  # a byte typed for the comma: read as a comma lost
            if not in_array and isinstance(value, dict) and following not in (
                    "", ",", "{", "[", "]") and "\n" not in self.buf[end:after] and (
                    other := self.other_at(after)) is not False:
                if other is None:
                    self.more(PIECE)  # (the line after the value not read to its end)
                    continue
                following = ""  # another format's text glued after the value (a file
                # without a final line end, another joined after it): read as that format
            if in_array and isinstance(value, dict) and following not in (
                    "", ",", "{", "[", "]") and "\n" in self.buf[end:after] \
                    and self.record_alone(value, start, end):
                following = ","  # a record alone on its line: its own, whatever follows
                # on the lines after it (damage of its own)
            if (following not in ("", ",", "{", "[") and (
                    following != "]" if in_array else ("\n" not in self.buf[end:after] or (
                        isinstance(value, dict) and self.closed_early(start, end, after)))
                    and not (following == "]" and self.index > 1 and _record(value)))) or (
                    in_array and isinstance(value, dict) and _REST.match(self.buf, after)
                    and not (self.envelope and self.ends_array(after))) or (
                    in_array and isinstance(value, str) and following in ("{", "[")) or (
                    isinstance(value, dict) and following == "," and (
                        bool(self.order) or self.after_lost_head)
                    and self.closed_early(start, end, _space_end(self.buf, after + 1))):
                # in an array, anything but a comma, the array's end or the next value
                # after a value: the value is damaged (outside arrays, more text glued to it
                # on its line; on the next line, the text is the next record, damaged; in an
                # array, a list's end and a key after an object: a record cut so that its
                # start reads whole, its rest after it; outside arrays, after records, a
                # list's end after an application is no part of it: a file cut inside its
                # last record, then an array joined, its ``[`` read in the cut record;
                # after records, a pretty object closed early, a comma after it, its rest
                # after, deeper: lines lost inside it, ``jq`` output that lost a block of
                # lines; first, it is the head of a text that lost its own: read as before,
                # unless that head was cut off before it)
                got = self.damaged(where, start, ValueError("text after the value"), in_array,
                                   after if isinstance(value, (dict, list)) else start + 1)
                if got is not None:
                    return got
                continue
            tentative = not self.order and isinstance(value, dict) and bool(value) and (
                start != self.shaped)  # (parted for its keys alone: teaches none)
            if tentative:  # the records' keys: those of the first read whole (unless it
                self.order = tuple(value)  # proves to be damaged)
            lost_brace = False  # the next record lost its opening brace
            if following == "," and (isinstance(value, dict) or (
                    in_array and not self.first_key_next(after, value))):  # (a value before the
                # records' first key is an element of its own: the next lost its brace)
                rest = self.buf[_space_end(self.buf, after + 1):after + _LOOK]
                if (not rest or (rest.startswith('"') and '":' not in rest)) and not self.eof \
                        and len(self.buf) < after + _LOOK:
                    self.order = () if tentative else self.order
                    self.more()  # whether a key follows is not read yet
                    continue
                key = _KEY_NEXT.match(self.buf, after + 1)
                shape = tuple(value) if isinstance(value, dict) else ()
                if key is not None and self.order in ((), shape) and not self.eof \
                        and len(self.buf) - after < PIECE:
                    self.order = () if tentative else self.order
                    self.more(PIECE)  # the records' shape is found in what follows
                    continue
                lost_brace = key is not None and isinstance(value, dict) and \
                    self.next_lost_brace(value, key.group(1), after)
                if key and not lost_brace:
                    # `}, "key": …`: a brace too many closed the record early
                    self.order = () if tentative else self.order
                    got = self.damaged(where, start, ValueError(
                        "a key follows the end of the value"), in_array, after + 1)
                    if got is not None:
                        return got
                    continue
            if in_array and self.order and isinstance(value, dict) and not lost_brace and not \
                    self.followed(value, after) and not self.record_alone(value, start, end) and (
                        part := self.inner(value, start, end)) is not False:
                self.order = () if tentative else self.order
                if part is None:
                    self.more(PIECE)  # where the next record starts is not read yet
                    continue
                got = self.damaged(where, start, ValueError(
                    "a part of a record, not a whole one"), in_array, end)
                if got is not None:
                    return got
                continue
            self.pos = end if skip is None else skip
            if bad := ESCAPED.search(self.buf, start, end):
                before = self.buf[start:bad.start()].encode("utf-8", "surrogateescape")
                return not_utf8(where, byte=len(before) + 1)
            if end - start > MAX_RECORD_BYTES:
                return too_large(where)
            if in_array and isinstance(value, dict) and repeated_key(self.buf[start:end]):
                if (joined := self.joined(start, end)) is not None:
                    self.pos = start  # a record that lost its end, then one its brace:
                    got = self.damaged(where, start, ValueError(  # two, not one object
                        "the end of the record is missing"), in_array, joined)
                    if got is not None:
                        return got
                    continue
                return Sourced(where, self.buf[start:end])  # its text says which key
            if isinstance(value, dict) and (named := _unlisted(value)) is not None:
                return _without_list(where, named)
            if isinstance(value, dict) and value and start != self.shaped:
                self.learn(tuple(value))
                self.note_inner(value)
                if (indent := self.pretty(start, end)) is not None:
                    self.indents.add(indent)
            if in_array and isinstance(value, str):
                self.strings += value.lstrip(JSON_SPACE).startswith("{")  # (records encoded
                # twice; other strings are no records: emptied entries, notes) (a string
                # element as its JSON text: a value, as at the
                return Sourced(where, self.buf[start:end])  # top, never JSON to read)
            return Sourced(where, value if in_array else self.buf[start:end])

    def closed_early(self, start: int, end: int, after: int) -> bool:
        """Whether the pretty-printed object from ``start`` to ``end`` (outside arrays)
        closed early: its closing brace ends a line of its inner text (a ``}`` typed for a
        comma), not alone at its indentation, and the text after it, at ``after``, starts a
        line indented deeper than it, as its inner lines are (its rest: no next record, whose
        first line is at the object's indentation)."""
        if end - start == 2 and self.buf[start:end] == "{}" and (
                indent := self.indent(start)) is not None:  # (``{}`` on its line: a ``}``
            following = self.indent(after)  # typed after a pretty object's brace, its
            return following is not None and len(following) > len(indent) and (  # members
                following.startswith(indent)) and _KEY_NEXT.match(self.buf, after - 1) is not None
        if (indent := self.pretty(start, end)) is None:
            return False
        closing = self.buf[self.buf.rfind("\n", start, end - 1) + 1:end - 1]
        following = self.indent(after)
        return closing != indent and following is not None and len(following) > len(
            indent) and following.startswith(indent)

    def wrong_separator(self, value: Any, after: int) -> int | None:
        """Where the next record starts when the whole object ``value`` is followed, at
        ``after``, by a byte or two typed for the comma between records (``};{``, ``}.{``,
        ``} : {``) and by a whole object with the same first key or shaped alike, itself
        followed by a comma or the array's end: two records; else None, or -1 if the next
        object is not all read yet."""
        found = _WRONG_SEPARATOR.match(self.buf, after)
        if found is None or not isinstance(value, dict) or not value:
            return None
        place = found.start(1)
        try:
            following, end = _decode(self.buf, place)
        except (ValueError, RecursionError):
            return -1 if not self.eof and len(self.buf) - place < PIECE else None
        closer = _space_end(self.buf, end)
        if closer == len(self.buf) and not self.eof:
            return -1
        return place if isinstance(following, dict) and following and (
            next(iter(following)) == next(iter(value))
            or _alike(frozenset(following), frozenset(value))) and self.buf[
                closer:closer + 1] in (",", "]") else None

    def text_line(self, value: Any, end: int, after: int) -> int | None:
        """``after``, when the whole object ``value`` ends its line and lines of text stand
        at ``after`` where the comma should be (a note, ``...``, a merge conflict's marker:
        see :data:`_TEXT_LINE`), the next element, the array's end or the text's after
        them: the object a record, the text an element of its own (one problem); else None,
        or -1 if those lines are not all read yet."""
        if not isinstance(value, dict) or not value or "\n" not in self.buf[end:after]:
            return None
        pos = after
        while (found := _TEXT_LINE.match(self.buf, pos)) is not None:
            if found.end() == len(self.buf) and not self.eof:
                return -1 if len(self.buf) - after < PIECE else None
            pos = _space_end(self.buf, found.end())
        if pos == after or _KEYED.search(self.buf, after, pos):
            return None  # (no text line; or a key that lost a quote: a record's rest)
        if pos == len(self.buf) and not self.eof:
            return -1 if len(self.buf) - after < PIECE else None
        return after if self.buf[pos:pos + 1] in ("{", "[", "]", ",", "") else None

    def first_key_next(self, comma: int, value: Any) -> bool:
        """Whether the comma at ``comma`` after ``value`` (no object) is followed by the
        records' first key (those read whole; with none read, any key after a number, a
        literal or a list, else the first key of an object further on): a record that lost
        its brace starts there, ``value`` an element of its own (an emptied entry), not the
        tail of a record cut at its start."""
        key = _KEY_NEXT.match(self.buf, comma + 1)
        if key is None:
            return False
        try:
            name = STRICT.decode(key.group(1))
        except ValueError:
            return False
        if self.order:
            return bool(name == self.order[0])
        first = re.compile(f"[{{]{_BLANK}{re.escape(key.group(1))}{_BLANK}:")
        return not isinstance(value, str) or first.search(
            self.buf, key.end(), key.end() + PIECE) is not None

    def learn(self, keys: tuple[str, ...]) -> None:
        """Count the whole object with ``keys`` among the shapes read (objects starting
        with the same two keys and shaped alike are of one), and take for the records' keys
        those of the shape most whole objects have, once two share it (a first object of
        another shape, an export's header or a record with a misspelt or extra first key,
        is not what the records are known by)."""
        names = frozenset(keys)
        for kind in self.kinds:
            if kind[0][:2] == keys[:2] and _alike(frozenset(kind[0]), names):
                kind[1] += 1
                break
        else:
            if len(self.kinds) < _KINDS:
                self.kinds.append([keys, 1])
        self.anchor = None  # (the shapes it knows records by may have changed)
        best = max(self.kinds, key=lambda kind: int(kind[1]))  # the first read, if tied
        if best[1] >= 2:
            self.confirmed = True
            self.order = best[0]

    def note_inner(self, value: dict[str, Any]) -> None:
        """Keep the key sets of the objects inside the whole record ``value`` (a visitor
        ``{"id", "note"}``), for the first few records and a bounded number of objects each:
        an object of such a set after a damaged record is one of its inner objects (its
        brackets miscounted by a quote the damage moved), not a record of another kind."""
        if self.inner_read >= _INNER_RECORDS:
            return
        self.inner_read += 1
        todo: list[Any] = list(value.values())
        seen = 0
        while todo and seen < _INNER_OBJECTS:
            item = todo.pop()
            seen += 1
            if isinstance(item, dict):
                self.inner_kinds.add(frozenset(item))
                todo.extend(item.values())
            elif isinstance(item, list):
                todo.extend(item[:_INNER_OBJECTS])

    def anchor_of(self, order: tuple[str, ...]) -> re.Pattern[str]:
        """An object starting as records with the keys ``order`` do: with its first two
        keys, or with those of another shape of whole objects read that has the same first
        key and is shaped alike (records leaving out an optional second key, or giving
        one), or with its first and third (its second left out, when it has four or more
        keys)."""
        heads = (order[:2], *([(order[0], order[2])] if len(order) > 3 else []),
                 *(kind[0][:2] for kind in self.kinds if kind[0][:1] == order[:1]
                              and len(kind[0]) >= 2 and kind[0][:2] != order[:2]
                              and _alike(frozenset(kind[0]), frozenset(order))))
        return _anchors(tuple(dict.fromkeys(heads)))

    def joined(self, start: int, end: int) -> int | None:
        """Where, inside the whole object from ``start`` to ``end`` that gives a key twice,
        a record starts that lost its brace (the records' first two keys after an inner
        value and a comma, at its own depth): the object is then a record that lost its
        closing brace followed by that one; else None."""
        if len(self.order) < 2:
            return None
        for found in _lost_brace(self.order).finditer(self.buf, start + 1, end):
            if _depths(self.buf, start, found.start() + 1)[0] == 1:
                return found.start(1)
        return None

    def followed(self, value: dict[str, Any], after: int) -> bool:
        """Whether the whole object ``value``, followed by ``after``, is plainly a record:
        shaped as the records, and followed by the next one (an object starting with their
        first two keys) or by the array's end."""
        if not _alike(frozenset(value), frozenset(self.order)):
            return False
        if self.buf[after:after + 1] == "]":
            return self.ends_array(after)
        following = _space_end(self.buf, after + 1)
        if self.anchor is None:
            self.anchor = self.anchor_of(self.order) if len(self.order) >= 2 else _OBJECT
        if self.anchor.match(self.buf, following) is None:
            return False
        try:  # read once: the next element, kept for when it is read (inner objects of a
            self.ahead = (following, *_decode(self.buf, following))  # record
        except (ValueError, RecursionError):  # may start as the records do)
            return True  # damaged, or not all read: the next record, judged in its turn
        next_value = self.ahead[1]
        return isinstance(next_value, dict) and _alike(frozenset(next_value),
                                                       frozenset(self.order))

    def inner(self, value: dict[str, Any], start: int, end: int) -> bool | None:
        """Whether the whole object ``value`` from ``start`` to ``end``, not followed by the
        next record, is a piece of a damaged one (an inner object of a record cut at its
        start): not shaped as the records, and brackets close after it, up to where the next
        record starts, that it did not open; None if that is not read yet."""
        if not value:  # an empty object (an emptied entry): an element of its own
            return False
        reference = _Reference(self.order, True) if self.confirmed else self.reference(
            start, end)  # (one object read whole, an export's header: those after it)
        if _alike(frozenset(value), frozenset(reference.order)):
            return False  # a record (cut short, if a piece of it follows: that is one more)
        until = self.next_element(start, end, reference)
        if until is None:  # the next record is not in the text read: a record of its own
            return None if not self.eof and len(self.buf) - end < PIECE else False  # (unless
            # the text read ends close after it: read on once to know)
        if self.malformed(end, until):  # a bracket closing nothing it is in: a later
            return False  # damage
        return _depths(self.buf, end, until)[1] < 0 and _depths(
            self.buf, end, until, strings=True)[1] < 0  # (a bracket inside a key or text
        # of the next record, whole, closes nothing)

    def malformed(self, end: int, until: int) -> bool:
        """Whether the text after the whole object ending at ``end``, up to where its brackets
        first close one it did not open (before ``until``), is no rest of a value holding the
        object: a key in a list, a value without a key in an object (at the object's own
        depth: a key and a value without one), a bracket closing one of the other kind, a
        string not closed on its line. No whole JSON reads so: that bracket is the damage of
        an element after it (a record that lost a brace closes more than it opens)."""
        kinds: list[str] = []  # the brackets opened since ``end``, not closed
        valued, keyed = False, False  # at the object's own depth
        before = end  # where the text since the last token starts
        for found in _tokens(_TOKEN, _BRACKET, self.buf, end, until):
            mark = found.group()
            if mark == '"':
                return True
            between = self.buf[before:found.start()].strip(JSON_SPACE)
            entry = between.endswith(",") or (not between and before > end and self.buf[
                before - 1] in "{[")  # (the first thing in a value, or after a comma)
            before = found.end()
            if mark in ("}", "]"):
                if not kinds:
                    break
                if kinds.pop() != ("{" if mark == "}" else "["):
                    return True
                continue
            key = found.group(1) is not None
            if entry and kinds and (key if kinds[-1] == "[" else not key):
                return True
            if entry and not kinds:
                valued, keyed = valued or not key, keyed or key
                if valued and keyed:
                    return True
            if mark in ("{", "["):
                kinds.append(mark)
        return False

    def next_lost_brace(self, value: dict[str, Any], key: str, after_value: int) -> bool:
        """Whether the whole object ``value``, followed by a comma and ``key`` (a JSON
        string) with its colon, is a record followed by a piece of another (one that lost its
        start, or the rest of one cut), rather than a record closed early by damage, the keys
        after it its own: it is if ``value`` is shaped as the records and the key is their
        first, or one ``value`` already has, or ``value`` has all their keys (nothing of it
        can follow). The records' keys are those of the first read whole before ``value``,
        else of a larger whole object after it, else those of ``value`` (taking a whole
        record for part of a damaged one would lose it)."""
        if not value:  # an empty object (an emptied entry): an element of its own, the
            return True  # keys after it a record's that lost its brace
        try:
            name = STRICT.decode(key)
        except ValueError:
            return False
        if self.of_kind(frozenset(value)) or name == next(iter(value), None):
            return True  # the keys of a kind read whole, all of them: nothing of it follows;
            # or its own first key again: the next object's
        order = self.order if self.order != tuple(value) and _alike(
            frozenset(value), frozenset(self.order)) else ()  # (else of another kind)
        if not order:
            after = self.reference(after_value, after_value + 1, known=False).order
            order = after if len(after) > len(value) else self.order if name in self.order[
                1:] and name not in value else tuple(value)  # (none after it, the last: the
            # records' keys if one of them, not their first, follows: a record closed early)
        if name == order[0] and len(order) >= 3 and not _alike(
                frozenset(value), frozenset(order)) and tuple(value) != order[:len(value)]:
            return True  # an object of another kind (a header), then a record without its
            # brace (closed early, a record would show the first of the records' keys)
        return (name == order[0] or name in value or set(order) <= set(value)) and _alike(
            frozenset(value), frozenset(order))

    def open_to(self, start: int) -> int | None:
        """How many brackets are open at the input's end from the one at ``start``, if it
        is one of those a value read to the end before left open; else None."""
        at = bisect.bisect_left(self.open_to_end, start)
        if at < len(self.open_to_end) and self.open_to_end[at] == start:
            return len(self.open_to_end) - at
        return None

    def too_deep(self, start: int) -> bool:
        """Whether the value at ``start`` opens, before any other mark, more arrays than
        the decoder goes deep, none closed before the input's end (known from a value read
        to the end before: see open_to); its decoding would stop so."""
        limit, opened = sys.getrecursionlimit(), self.open_to(start) or 0
        if opened < limit:
            return False
        last = self.open_to_end[len(self.open_to_end) - opened + limit - 1]
        return not self.buf[start:last + 1].strip("[ \t\r\n")

    def damaged(self, where: str, start: int, exc: BaseException, in_array: bool,
                past: int | None = None) -> Sourced | None:
        """The damaged value at ``start`` as one problem, the position moved to its end;
        None when more text must be read first. ``past``: where the damage shows (else
        where the decoder stopped)."""
        if isinstance(exc, NumberOutOfRange) and exc.end is not None and (
                not in_array or _space_end(self.buf, exc.end) == len(self.buf)
                or self.buf[_space_end(self.buf, exc.end)] in ",]"):
            self.pos = exc.end  # whole, a number in it held by no value: one problem
            return too_large(where) if exc.end - start > MAX_RECORD_BYTES else self.invalid(
                where, exc, start)
        lone = not in_array and not self.order
        if lone:  # objects one after the other, none read whole
            shows = self.past(start, exc, None)
            if not self.eof and len(self.buf) - shows < PIECE \
                    and len(self.buf) - start <= MAX_RECORD_BYTES:
                self.more(max(len(self.buf) - start, PIECE))  # their shape may show in
                return None  # what follows (records wrapped in another object)
            if not self.reference(start, shows).order:  # nothing known of their shape
                return self.damaged_value(where, start, exc)
        if isinstance(exc, RecursionError):  # nested deeper than the decoder goes: one
            if self.nesting is None or self.nesting.index != self.index:  # problem if
                self.nesting = _Nesting(self.index)  # whole, else damage as any
            if self.open_to(start) is not None:  # (opened inside one read to the end
                end = None  # before: each `[` line of many read to the end again, F11)
            else:
                end = self.nesting.end(self.buf, start)
                if end is None and self.eof:
                    self.open_to_end = array("q", (start + at for at in self.nesting.opened))
            if end is None and not self.eof and len(self.buf) - start <= MAX_RECORD_BYTES:
                self.more(max(len(self.buf) - start, PIECE))
                return None
            following = _space_end(self.buf, end) if end else 0
            if end is not None and end > 0 and (
                    not in_array or self.buf[following:following + 1] in (",", "]")):
                self.pos = end
                return too_large(where) if end - start > MAX_RECORD_BYTES else self.invalid(
                    where, exc, start)
        past = self.past(start, exc, past)
        if not self.eof and len(self.buf) - past < PIECE \
                and len(self.buf) - start <= MAX_RECORD_BYTES:
            self.more(max(len(self.buf) - start, PIECE))  # the damage may be only where
            return None  # the text read so far ends
        if (end := self.pretty_end(start, past)) is not None:
            if end < 0:  # (its closing line not read yet)
                if len(self.buf) - start <= MAX_RECORD_BYTES:
                    self.more(max(len(self.buf) - start, PIECE))
                    return None
            else:  # (a record shaped as an application whole on its line inside: its own)
                self.pos = end = self.before_line_record(start, end)
                return too_large(where) if end - start > MAX_RECORD_BYTES else self.invalid(
                    where, exc, start)
        reference = self.reference(start, past)
        end = self.next_element(start, past, reference, in_array)
        if lone and end is not None and end < len(self.buf) and not self.at_top(start, end):
            end = self.top_after(start, past)  # (shaped as objects inside it: no record)
        if end is not None and end <= start and not in_array:  # no record found after it:
            return self.damaged_value(where, start, exc)  # its end as the scan finds it
        if end is None:
            if len(self.buf) - start <= MAX_RECORD_BYTES:
                self.more(max(len(self.buf) - start, PIECE))
                return None
            self.skip_element(where, reference)
            return too_large(where)
        end = self.before_line_record(start, end)
        junk = self.buf[start:end].strip(JSON_SPACE)
        if len(junk) > _STRAY or "," in junk or self.buf[end:end + 1] != "{" or not in_array \
                or (_envelope_start(self.buf, end, self.eof) or 0) > 0:  # (before a page
            # joined after a cut, what is left of the cut record: one problem)
            self.pos = end
            if end - start > MAX_RECORD_BYTES:
                return too_large(where)
            if end >= len(self.buf) and self.eof:
                self.stopped = True  # cut inside the array: nothing follows
            return self.invalid(where, exc, start)
        self.pos = end  # a stray byte or two stuck to the record after them (no comma
        # between, none in them): no record of their own
        return None

    def record_alone(self, value: dict[str, Any], start: int, end: int) -> bool:
        """Whether the object ``value``, from ``start`` to ``end``, is a record alone on its
        line (:meth:`alone`), opening with the records' first key if they are known: an
        inner object written whole on its line (a budget item) is none, nor an empty one (a
        brace typed after a record's ``{``: the damage of the record it opens)."""
        return bool(value) and self.alone(start, end) and (
            not self.order or next(iter(value), None) == self.order[0])

    def first_keys(self) -> set[str]:
        """The keys the records read whole open with (of the few shapes :meth:`learn`
        keeps, and the records' keys)."""
        return {kind[0][0] for kind in self.kinds if kind[0]} | set(self.order[:1])

    def alone(self, start: int, end: int) -> bool:
        """Whether the object from ``start`` to ``end`` is alone on one line: blanks before
        it, blanks and at most a comma after it up to the line's end (read)."""
        buf = self.buf
        if "\n" in buf[start:end] or self.indent(start) is None:  # (its line's start looked
            return False  # for within a bound: never the whole text before it again)
        rest = _LINE_REST.match(buf, end)
        return rest is not None and (self.eof or rest.group().endswith("\n"))

    def before_line_record(self, start: int, end: int) -> int:
        """Where the damaged element from ``start`` to ``end`` ends, a line after its first
        holding a whole object alone (a record written on its line after a damaged one, or
        an inner object written so: each its own result, never a part of the damage; a
        pretty-printed element's, its brace alone on its line, no deeper than that brace,
        whatever it holds; see :func:`line_record`):
        before the first such line; else ``end``. Each line of the element is decoded at
        most once, on its own: in time of its length."""
        buf = self.buf
        keys = self.first_keys() | ({key} if (key := first_key(buf, start)) else set())
        # (the records' first key: that the damaged one opens with, that those read open
        # with; an object on its line opening with another is an inner one, no record,
        # unless it gives an application's keys: the damaged one may open with an item's)
        deepest = None  # (pretty-printed, its brace alone: its inner lines deeper, none a
        if buf[start:start + 1] == "{" and self.brace_alone(start):  # record)
            lead = self.indent(start)
            if lead is None:
                return end
            deepest = len(lead)
        line = buf.find("\n", start, end)
        while line != -1:
            blanks = _LINE_LEAD.match(buf, line + 1)
            brace = line + 1 if blanks is None else blanks.end()
            if brace >= end:
                break
            deeper = deepest is not None and brace - line - 1 > deepest
            line = buf.find("\n", brace, end)
            if buf[brace:brace + 1] not in ('{', '"') or deeper:
                continue  # (a pretty-printed record's deeper lines its own, whatever they
                # hold: its free-form fields and answers may give any keys)
            stop = buf.find("\n", brace)
            if stop < 0 and not self.eof:
                continue  # (the line not read to its end)
            rest = buf[brace:len(buf) if stop < 0 else stop]  # (the line from the brace)
            if buf[brace] == '"':  # (a record encoded twice, a JSON string)
                if encoded_record(rest.encode("utf-8", "surrogatepass")):
                    return _boundary(buf, start, brace)
                continue
            if line_record(rest, keys):
                if first_key(buf, brace) not in keys:  # (parted for its keys alone: an
                    self.shaped = brace  # item made up of the damage may be so shaped)
                return _boundary(buf, start, brace)
        return end

    def pretty_end(self, start: int, past: int) -> int | None:
        """Where the damaged object at ``start`` ends, pretty-printed (its brace alone on its
        line, the next line indented deeper): after its closing brace alone on a line at its
        indentation (a comma after it), or before the next brace alone at that indentation
        (its closing line lost), whatever the lines between hold: a text whose long lines
        were cut at a width (``less -S``, ``cut -c``, a terminal's copy) keeps those short
        lines, while strings and brackets inside are lost in every record. But an object
        starting on the line of the damage at ``past`` that reads whole up to that closing
        brace is the next (a file cut there, another joined to it). -1: the text
        read ends first; None: another line at that indentation or shallower comes first
        (no such layout: the records' shape tells the end). Lines are read up to that end
        only: in time linear in the element's length."""
        buf = self.buf
        indent = self.indent(start)
        if indent is not None and buf[start:start + 1] == '"' and self.indents:
            return self.headless_end(start, indent)
        if indent is None or buf[start:start + 1] != "{" or not self.brace_alone(start):
            return None
        line = buf.find("\n", start)
        if line < 0:
            return None if self.eof else -1
        inside = False  # (a line indented deeper read: pretty-printed)
        for found in _written_lines(buf, line + 1):
            lead = found.group(1)
            if len(lead) > len(indent) and lead.startswith(indent):
                inside = True  # (a line inside the object)
                continue
            if lead != indent or not inside:
                return None
            rest = _CLOSING_LINE.match(buf, found.end())
            if rest is None or (rest.end() >= len(buf) and not self.eof):
                if rest is None and _OPENING_LINE.match(buf, found.end()):
                    return _boundary(buf, start, found.end())
                return None if rest is None else -1
            return self.glued(start, past, found.end() + 1)
        return None if self.eof else -1

    def headless_end(self, start: int, indent: str) -> int | None:
        """Where the damaged text at ``start`` ends, a key on a line indented deeper than
        the pretty-printed records read whole (:attr:`indents`): the rest of a record that
        lost its first lines (a block of lines lost inside ``jq`` output or an array).
        After the first closing brace alone on a line at the records' indentation, or
        before an opening one there; -1: the text read ends first; None: a line less
        indented comes first. Lines are read up to that end only."""
        level = max((known for known in self.indents if len(indent) > len(known)
                     and indent.startswith(known)), key=len, default=None)
        if level is None:
            return None
        buf = self.buf
        for found in _written_lines(buf, start + 1):
            lead = found.group(1)
            if len(lead) > len(level) and lead.startswith(level):
                continue  # (a line of the record's rest)
            if lead != level:
                return None
            rest = _CLOSING_LINE.match(buf, found.end())
            if rest is None:
                return _boundary(buf, start, found.end()) if _OPENING_LINE.match(
                    buf, found.end()) else None
            return -1 if rest.end() >= len(buf) and not self.eof else found.end() + 1
        return None if self.eof else -1

    def glued(self, start: int, past: int, end: int) -> int:
        """Where the damaged object at ``start`` ends, its closing brace found just before
        ``end`` by its indentation (see pretty_end): before an object starting on the line
        of its damage at ``past`` and reading whole to ``end`` (a file cut there, another
        joined to it), starting with the records' first key or an envelope (a brace added
        in a record before its second key holds the rest of it: no record), else at
        ``end``."""
        buf = self.buf
        first = tuple(self.order[:1] or self.keys_of(start, past)[:1])
        line = buf.rfind("\n", start, past) + 1 or start + 1
        stop = buf.find("\n", past)
        for brace in _BRACE.finditer(buf, max(line, start + 1), len(buf) if stop < 0 else stop):
            try:
                value, whole = _decode(buf, brace.start())
            except (ValueError, RecursionError):
                continue
            if whole == end and isinstance(value, dict) and (
                    not first or tuple(value)[:1] == first or enveloped(buf[brace.start():whole])):
                return _boundary(buf, start, brace.start())
        for brace in _SHALLOW_OPEN.finditer(buf, start + 1, end):  # (a file cut after a key's
            # colon, another joined: its brace ends that key's line, its lines no deeper)
            own = _LINE_LEAD.match(buf, buf.rfind("\n", start, brace.start()) + 1)
            lead = brace.group(1)
            if own is None or (len(lead) > len(own.group()) and lead.startswith(own.group())):
                continue  # (its inner lines deeper: an inner object, as pretty JSON has)
            try:
                value, whole = _decode(buf, brace.start())
            except (ValueError, RecursionError):
                continue
            if whole == end and isinstance(value, dict) and (
                    tuple(value)[:1] == first or enveloped(buf[brace.start():whole])):
                return _boundary(buf, start, brace.start())
        return end

    def past(self, start: int, exc: BaseException, past: int | None) -> int:
        """Where the damage of the element at ``start`` shows: ``past`` if known, else where
        the decoder stopped (from the string before it: a lost quote may have made one)."""
        if past is None:
            past = _damage_start(self.buf, start, exc.pos) if isinstance(
                exc, json.JSONDecodeError) else start + 1
        return max(past, start + 1)

    def damaged_value(self, where: str, start: int, exc: BaseException) -> Sourced | None:
        """A damaged value outside any array, its end found by the scan."""
        scan = _Scan(False)
        end = scan.run(self.buf, start, self.eof)
        if end is not None and end < len(self.buf) and not self.at_top(start, end):
            end = self.top_after(start, end)  # (shaped as objects inside it: no record)
        elif end is not None and end >= len(self.buf):  # running to the end: a document
            end = self.glued_after(start) or end  # glued to the text cut, a string left
            # open taking it for text (``{"[{"id": …``), is the next value
        if end is not None:
            end = self.before_line_record(start, end)
            self.pos = max(end, start + 1)
            if end - start > MAX_RECORD_BYTES:
                return too_large(where)
            return self.invalid(where, exc, start)
        if len(self.buf) - start > MAX_RECORD_BYTES:
            self.skip(scan, where)
            return too_large(where)
        self.more(max(len(self.buf) - start, PIECE))
        return None

    def glued_after(self, start: int) -> int | None:
        """Where a document glued to the text of the damaged value at ``start`` starts, its
        bracket after text (see ``_GLUED``) and the layout showing it at the top (see
        at_top); None if none does (the first ``_TRIES`` so glued tried)."""
        for found in itertools.islice(_GLUED.finditer(self.buf, start + 1), _TRIES):
            if self.at_top(start, found.start(1)):
                return found.start(1)
        return None

    def reference(self, start: int, past: int, known: bool = True) -> _Reference:
        """The keys records start with, to know the next one by: those of the records read
        whole (see learn; while one object alone has them, those found after the damage if
        they are shaped otherwise); else those of the largest whole object after the damage
        that starts with the two keys the damaged element starts with (if it shows them:
        nested objects may too, but are smaller), or else has them in another order, as
        shallow as its start (as its inside, if cut in its first key); else those two keys
        alone. ``known``: False to look past the records read whole."""
        if self.order and known:
            if not self.confirmed:  # the keys of one whole object: those of the records
                ahead = self.reference(start, past, known=False)  # after the damage, if
                if ahead.whole and not ahead.subset and (  # they are shaped otherwise
                        ahead.order[:2] != self.order[:2]
                        or not _alike(frozenset(ahead.order), frozenset(self.order))) and len(
                            ahead.order) + 1 >= len(self.order):  # (and not smaller by two
                    return ahead  # keys or more: an inner object of the damaged record)
            elif (kind := self.kind_shown(start, past)) is not None:
                return kind  # the damaged element shows keys of another kind than most
            return _Reference(self.order, True)
        head: tuple[str, ...] = tuple(self.keys_of(start, past)[:2])
        if len(head) == 1:  # the second key after a stray bracket or two where the damage is
            for skip in range(1, _STRAY):
                if self.buf[past + skip - 1:past + skip] not in ("{", "[", "}", "]"):
                    break
                if (key := _KEY_NEXT.match(self.buf, past + skip)) is not None:
                    with contextlib.suppress(ValueError):
                        name = STRICT.decode(key.group(1))
                        head = (head[0], name) if name != head[0] else head  # (the same:
                    break  # the next record, after a brace)
        found = _HEAD.search(self.buf, start, start + _LOOK)
        junk = self.buf[start:found.start()].strip(JSON_SPACE) if found else ""
        if len(head) < 2 and found and "{" in junk and len(junk) <= 2:  # the first two
            # keys, after the brace and a stray bracket or quote
            try:
                head = tuple(STRICT.decode(key) for key in found.groups())
            except ValueError:
                head = ()
        largest: tuple[str, ...] = ()
        own = not _OWN_KEYS.isdisjoint(self.keys_of(start, past))  # (it shows a key only an
        # application gives: an object giving none is one of its inner ones, no record)
        anchored = _Places(_anchor(head), (found.start(1) for found in _anchor(head).finditer(
            self.buf, start + 1)), self.after_anchored) if head else iter(())  # (one key: a
        # string may have taken the next record's brace)
        comma = _AFTER_COMMA.search(self.buf, start, start + _LOOK) if not head else None
        cut = comma is not None and ":" not in self.buf[start:comma.start()]  # cut in its
        # first key: the objects after it as shallow as its inside are the next records
        groups: dict[frozenset[str], list[Any]] = {}  # the whole objects as shallow as its
        lined = self.indent(start) is not None  # start, by key set (starting lines if it does)
        wrappers: dict[tuple[str, ...], int] = {}  # whole objects wrapping a record, by keys
        first = self.search(_AFTER_COMMA, past, len(self.buf)) if head and not self.order \
            else None  # (found nowhere: known once, not searched to the end for each record)
        anywhere = (found.start(1) for found in _AFTER_COMMA.finditer(self.buf, first.start())
                    if not lined or self.indent(found.start(1)) == self.indent(start)) \
            if first is not None else iter(())  # (nothing read whole, the first element's damage
        # leaving brackets open, the records' keys in any order: the next ones by the keys it
        # shows, all of them, as deep as they read, at its indentation if it starts a line)
        for places, needed in ((anchored, set(head)), (_Places(
                None, self.outermost(start, past), self.after_outermost), set(head[:1])),
                               (_Places(None, self.outermost(start + 1, past),
                                        self.after_outermost) if cut else iter(()), set()),
                               (anywhere, set(self.keys_of(start, past)) if head
                                and not self.order else set())):
            passed, fails = 0, 0  # the second: the records' first key (the next ones may
            # leave out an optional second key the damaged one gives)
            run: list[tuple[int, int]] = []  # the places in a row that do not read whole
            for place in places:
                if place < passed:
                    continue  # inside a whole object read before
                try:
                    if place in self.failed:  # tried for an element before (every element
                        fails += 1  # damaged: each tries the next ones)
                        fails += self.leap(places, place, run, fails)
                        if fails > _TRIES:
                            break
                        continue
                    value, passed = _decode(self.buf, place)
                except (ValueError, RecursionError):
                    self.failed.add(place)
                    fails += 1
                    run.append((place, fails))
                    if fails > _TRIES:
                        break
                    continue
                self.remember(places, run)
                if isinstance(value, dict) and own and _OWN_KEYS.isdisjoint(value):
                    continue  # (a visitor, a budget line: the damaged application's own)
                if isinstance(value, dict) and len(value) > len(largest) and needed <= set(
                        value):
                    largest = tuple(value)
                if places is anywhere:
                    continue
                if _wraps(value) and tuple(value)[:1] == (head or tuple(value))[:1]:
                    wrappers[tuple(value)] = wrappers.get(tuple(value), 0) + 1
                if places is not anchored and isinstance(value, dict) and len(value) >= 3 and (
                        not lined or self.indent(place) is not None):
                    groups.setdefault(frozenset(value), [tuple(value), 0])[1] += 1
            self.remember(places, run)
            if len(largest) > len(head):
                break
        if len(largest) > max(len(head), 2):  # (an object of two keys may be anything's;
            return _Reference(largest, True)  # not two or more each wrapping a record,
        if wrappers:  # {"kind": …, "data": {…}}, starting with the damaged element's first
            return _Reference(max(wrappers.items(), key=lambda kind: kind[1])[0], True)  # key
            # if it shows one (the most of them, the first if tied): the records are those
        if groups and (most := max(groups.values(), key=lambda group: int(group[1])))[1] >= 2:
            return _Reference(most[0], True)  # the keys most whole objects after it share,
            # two at least (a damaged first element of another shape: an export's header)
        shown = tuple(self.keys_of(start, past))
        if len(shown) >= 3:  # the keys the damaged element shows: a record has them all
            return _Reference(shown, True, subset=True)
        for tries, found in enumerate(_anchor(head[:1]).finditer(self.buf, start + 1) if len(
                head) == 2 else ()):  # its second key a stray one's (a bracket added): a
            with contextlib.suppress(ValueError, RecursionError):  # record wrapped in an
                if _wraps(value := _decode(self.buf, found.start(1))[0]):  # object
                    return _Reference(tuple(value), True)  # starting with its first key
            if tries >= _TRIES:
                break
        return _Reference(head if len(head) == 2 else (), False)

    def leap(self, places: Iterator[int], place: int, run: list[tuple[int, int]],
             fails: int) -> int:
        """How many of the places ``places`` gives after ``place`` (``fails`` counted up to
        it), known not to read whole, are known to be so too (tried for an element before:
        every element damaged, each tries the 64 places after it, M5), ``places`` moved past
        them; ``run``: the places in a row that do not read whole, each with ``fails``."""
        run.append((place, fails))
        if not isinstance(places, _Places):
            return 0
        known = self.leaps.get((places.key.pattern if places.key else "", place))
        if known is None or not places.go_on_after(known[1]):
            return 0
        run.append((known[1], fails + known[0]))
        return known[0]

    def remember(self, places: Iterator[int], run: list[tuple[int, int]]) -> None:
        """Keep, for each place of ``run`` (see leap), how many places known not to read
        whole follow it, up to the last of the run."""
        if len(run) > 1 and isinstance(places, _Places):
            end, total = run[-1]
            key = places.key.pattern if places.key else ""  # (its text: hashed once)
            for place, count in run[:-1]:
                self.leaps[(key, place)] = (total - count, end)
        run.clear()

    def after_anchored(self, pattern: re.Pattern[str] | None, place: int) -> Iterator[int] | None:
        """The objects ``pattern`` finds after the one it found at ``place``."""
        assert pattern is not None
        found = pattern.match(self.buf, place)
        if found is None:
            return None
        return (found.start(1) for found in pattern.finditer(self.buf, found.end()))

    def after_outermost(self, _: re.Pattern[str] | None, place: int) -> Iterator[int] | None:
        """What ``outermost`` gives after ``place``, one it gave (None: not known without
        scanning the text again)."""
        return None if self.outer is None else self.outer.after(place)

    def keys_of(self, start: int, past: int) -> list[str]:
        """``_keys_of(self.buf, start, past)``, read once for the damaged element at ``start``
        (asked again for it: each damaged record of many, M5)."""
        if self.keys[0] != (start, past):
            self.keys = ((start, past), _keys_of(self.buf, start, past))
        return self.keys[1]

    def kind_shown(self, start: int, past: int) -> _Reference | None:
        """The keys of the records of the kind the damaged element at ``start`` is, when the
        keys it shows before ``past`` (two at least) are not all the records' (a batch of two
        kinds, stubs and applications, a header first): those of a kind read whole with
        them all, the most read, else of the largest whole object after the damage starting
        with its first two and shaped alike; None if neither."""
        shown = self.keys_of(start, past)
        if len(shown) < 2 or set(shown) <= set(self.order):
            return None
        kinds = [kind for kind in self.kinds if set(shown) <= set(kind[0])]
        if kinds:
            return _Reference(max(kinds, key=lambda kind: int(kind[1]))[0], True)
        ahead = self.reference(start, past, known=False)
        if ahead.whole and not ahead.subset and ahead.order[:2] == tuple(shown[:2]) and _alike(
                frozenset(ahead.order), frozenset(shown)):  # (one with only some of the
            return ahead  # keys shown: an inner object, in a list, of the damaged record)
        return None

    def outermost(self, start: int, past: int) -> Iterator[int]:
        """The objects after a comma, or right after another object's end (objects one
        after the other), past ``past`` (their braces) that are as shallow as anything since
        ``start``, their brackets counted quoted or not (a lost or stray quote leaves them as
        they were; a record cut at its start ends shallower than it began); none once the
        text goes ``_DEEPER`` levels below the shallowest point seen. Asked from a second
        start in the same text (many damaged elements, each looking on to the text's end: time
        in the text read for each, M5), from one scan of it for any start (see _Outermost)."""
        if self.outer is None and self.outer_from not in (-1, start):
            self.outer = _Outermost(self.buf)
        self.outer_from = start
        if self.outer is not None:
            yield from self.outer.places(start, past)
            return
        depth = lowest = 0
        closed = -1  # where the last object ended, if nothing but brackets came since
        for found in _BRACKET_OR_OBJECT.finditer(self.buf, start):
            mark = found.group()
            place = found.start(1) if found.group(1) is not None else found.start() if (
                mark == "{" and closed >= 0
                and not self.buf[closed:found.start()].strip(JSON_SPACE)) else -1
            if place >= 0:
                if depth <= lowest and place >= past:
                    yield place
                depth += 1
            elif mark in ("{", "["):
                depth += 1
                if depth - lowest > _DEEPER:
                    return  # brackets left open, each deeper than the last: no record
            else:
                depth -= 1
                lowest = min(lowest, depth)
            closed = found.end() if mark == "}" else -1

    def next_element(self, start: int, past: int, reference: _Reference,
                     in_array: bool = True) -> int | None:
        """Where the damaged element at ``start`` ends: before the first place where a
        record starts (after ``past``, where the decoder found the damage, unless the
        records' shape is known from one read whole: a record cut short reads on into the
        next ones as if they were its inner values), or at the array's end; None when that
        is not known before more is read.

        A record starts at an object shaped as the records (whole, with their first key and
        more than half of its keys in common with them; or damaged itself, its keys before
        the damage the first keys of the records). Strings are not trusted after damage (a
        lost quote turns text into structure and structure into text): the places tried are
        every ``{`` after a comma, at the start of a line or after a ``}`` (up to ``_TRIES`` of
        them that do not read whole) and every ``{`` followed by the records' first two keys,
        whatever comes before it. A whole
        object that is not shaped as the records is passed over with what it holds."""
        buf, order = self.buf, reference.order
        self.hold = None
        if self.clean != (start, past):
            self.clean, self.depth = (start, past), (-1, 0, 0, 0)
        if in_array and not self.kinds and (self.strings or (  # the records are strings
                not order and _QUOTED.match(buf, start)  # (or the first starts as one;
                and not _KEY_NEXT.match(buf, start))):  # not as a key: a lost brace)
            return self.next_string(start)
        if not order:  # nothing known of the records: where the scan of strings and
            end = _Scan(True).run(buf, start, self.eof)  # brackets ends the element, or an
            joined = self.joined_envelope(start, start + 1,
                                           len(buf) if end is None else end)
            return end if joined is None else _boundary(buf, start, joined)  # envelope
        if reference.whole:  # objects shaped as the records are known for what they are
            past = start + 1  # anywhere: the decoder may find the damage records later
        anchor = self.anchor_of(order) if len(order) >= 2 else None
        closing = self.array_end(past, reference, anchor, start) if in_array else -1
        if closing is None:
            return None
        limit = closing if closing >= 0 else len(buf)
        filler = self.filler(start, past, limit) if in_array else None
        limit = limit if filler is None else filler
        if (joined := self.joined_envelope(start, past, limit)) is not None:
            limit = joined  # (no record of the text cut is looked for past it)
        if not reference.whole and order:  # the places as shallow as the element's start
            lined = self.indent(start) is not None  # (it starts a line: so do the next)
            for place in self.outermost(start, past):
                if place >= limit:
                    break
                if lined and self.indent(place) is None:
                    continue  # in the middle of a line, the records starting lines: an
                    # inner value (its brackets inside strings counted, it reads shallow)
                verdict, _ = self.starts_record(place, reference, anchor is not None and (
                    anchor.match(self.buf, place) is not None), start)
                if verdict is None:
                    self.hold = place
                    return None
                if verdict:
                    return _boundary(buf, start, place)
            if closing >= 0 and (tail := self.whole_tail(start + 1, limit)) is not None:
                return _boundary(buf, start, tail)
            order = ()
        tries, pos = 0, past
        patterns = [_AFTER_COMMA, _LINE_OBJECT, anchor, _lost_brace(order) if anchor and
                    reference.whole else None,  # a record without its brace
                    _AFTER_ELEMENT if len(order) >= 3 and reference.whole else None,
                    _LINE_BRACE if self.indents or self.pretty(start, start + _LOOK) is not None
                    else None]
        found: list[re.Match[str] | None] = [None] * len(patterns)  # the next place of each
        while order and pos < limit:
            for number, pattern in enumerate(patterns):  # searched again only once passed
                if pattern is None or (number in (0, 1, 4) and tries >= _TRIES):
                    found[number] = None
                elif (match := found[number]) is None or match.start(1) < pos:
                    found[number] = self.search(pattern, pos, limit)
                    if found[number] is None:
                        patterns[number] = None  # none further on
            places = [match.start(1) for match in found if match]
            if not places:
                break
            place = min(places)
            keyed, lost = found[2], found[3]
            if lost is not None and lost.start(1) == place:  # a record that lost its brace
                if self.key_deeper(start, place):
                    pos = place + 1  # pretty-printed, its first key indented deeper than
                    continue  # the damaged element's: an inner object's (a list's item)
                return _boundary(buf, start, place)
            before = buf[max(start, place - _LOOK):place]
            if keyed is not None and keyed.start(1) == place and (
                    opening := self.joined_array(start, place, order)) is not None:
                return opening  # an array starting after the damage: the next file's,
                # joined after a cut (its first element starting as records)
            if not in_array and before.rstrip(JSON_SPACE)[-1:] in (":", "{") and (
                    keyed is not None and keyed.start(1) == place) and self.whole_record(
                        place, order):
                return place  # objects one after the other, one cut after a key or a
                # brace: the next file's first (a record inside a record is not one of them)
            if before.rstrip(" \t")[-1:] in ("{", "[", ":"):  # on the same line: a value
                pos = place + 1  # inside another, no record starts there
                continue
            if not in_array and self.top_level(start, place):
                return place  # objects one after the other, pretty-printed: one starting a
                # line at the damaged one's indentation is the next, whatever its shape
            verdict, whole_end = self.starts_record(
                place, reference, keyed is not None and keyed.start(1) == place, start)
            if verdict is None:
                self.hold = place
                return None
            if verdict:
                return _boundary(buf, start, place)
            if whole_end is None:
                tries += 1
            pos = whole_end or place + 1
        if joined is not None:
            return _boundary(buf, start, joined)
        if filler is not None:
            return _boundary(buf, start, filler)
        if closing >= 0:
            return closing
        return len(buf) if self.eof else None

    def whole_tail(self, after: int, closing: int) -> int | None:
        """Where, after ``after``, the array's elements up to its end (the ``]`` at
        ``closing``) are all whole objects, a comma between each two: the first of them, after
        a comma. The elements after a damaged one that left its brace open are no inner
        values of it when nothing but whole objects follow them to the array's end (an inner
        list's items end with their ``]``, its record's ``}``): before, with records of two
        keys each (too few to know them by), the damaged first element took them all (one
        result for five). Each object is decoded at most once: an object tried is not tried
        again as the start of another run; no more than :data:`_TRIES` runs are tried."""
        buf, tried = self.buf, set()
        for tries, found in enumerate(_AFTER_COMMA.finditer(buf, after, closing)):
            place = first = found.start(1)
            if tries >= _TRIES:
                return None
            while place not in tried:
                tried.add(place)
                try:
                    value, end = _decode(buf, place)
                except (ValueError, RecursionError):
                    break
                after = _space_end(buf, end)
                if not isinstance(value, dict) or after > closing:
                    break
                if after == closing:
                    return first
                if buf[after:after + 1] != ",":
                    break
                place = _space_end(buf, after + 1)
                if buf[place:place + 1] != "{":
                    break
        return None

    def joined_envelope(self, start: int, past: int, limit: int) -> int | None:
        """Where an envelope starts (its ``{``) after the damaged element at ``start``, its
        list's key after the damage at ``past``, before ``limit``: another page or file
        joined after a cut (its keys before its list read whole, see ``_envelope_start``);
        else None."""
        buf, pos = self.buf, past
        while (found := self.search(_LIST_KEY, pos, limit)) is not None:
            floor = max(start + 1, found.start() - _LOOK)
            brace = buf.rfind("{", floor, found.start())
            while brace >= floor:
                if _envelope_start(buf, brace, self.eof) == found.end():
                    return brace
                brace = buf.rfind("{", floor, brace)
            pos = found.end()
        return None

    def key_deeper(self, start: int, place: int) -> bool:
        """Whether the key at ``place`` starts a line indented deeper than the first key of
        the pretty-printed element at ``start``."""
        if self.pretty(start, start + _LOOK) is None or (indent := self.indent(place)) is None:
            return False
        found = _NEXT_INDENT.match(self.buf, max(self.buf.find("\n", start), start))
        return found is not None and len(indent) > len(found.group(1))

    def joined_array(self, start: int, place: int, order: tuple[str, ...]) -> int | None:
        """Where the array starts whose ``[`` is just before ``place`` (space between),
        after the damaged element at ``start``, if it is another file's joined after a cut:
        it stands where no list can (after text cut, no quote, bracket or separator; at a
        line's start after an element on one line), or its first element, at ``place``, is a
        whole record shaped as the records (``order``); else None."""
        buf = self.buf
        floor = max(start, place - _LOOK)
        bracket = len(buf[floor:place].rstrip(JSON_SPACE)) + floor - 1
        if bracket <= start or buf[bracket] != "[":
            return None
        before = buf[max(start, bracket - _LOOK):bracket].rstrip(JSON_SPACE)
        if before and before[-1] not in ':,"[]{}':
            return bracket
        line = buf.rfind("\n", start, bracket)
        if line >= 0 and not buf[line + 1:bracket].strip(" \t") and buf.rfind(
                "\n", start, line) < 0:  # at a line's start after a one-line element (a
            return bracket  # compact array's line cut, the next line an array: no list)
        return bracket if self.whole_record(place, order) else None

    def whole_record(self, place: int, order: tuple[str, ...]) -> bool:
        """Whether the object at ``place`` reads whole shaped as the records (``order``,
        three keys at least: their first key and all but a quarter of them, three at least),
        or as a kind read whole: a list or an object inside a record holds objects with a
        few of them."""
        try:
            value, _ = _decode(self.buf, place)
        except (ValueError, RecursionError):
            return False
        return isinstance(value, dict) and len(order) >= 3 and (
            (order[0] in value and len(value) >= 3 and len(set(order) - set(value)) * 4 <= len(
                order) and _alike(frozenset(value), frozenset(order)))
            or self.of_kind(frozenset(value)))

    def top_level(self, start: int, place: int) -> bool:
        """Whether, objects one after the other outside any array, the one at ``place``
        starts a line at the indentation of the damaged one at ``start``, itself
        pretty-printed (as ``jq .`` writes them: their inner values start deeper), and is
        whole, ending its line with its closing brace at that indentation too (or on its
        first line): a brace added in a record's line leaves no such object (nor one before
        a key at the start of a line: see unlike)."""
        indent = self.indent(place)
        if indent is None or indent != self.pretty(start, start + _LOOK):
            return False
        try:
            _, end = _decode(self.buf, place)
        except (ValueError, RecursionError):
            return False
        if self.unlike(start, place, end):
            return False
        line = self.buf.find("\n", end)
        return not self.buf[end:len(self.buf) if line < 0 else line].strip(JSON_SPACE) and (
            "\n" not in self.buf[place:end] or self.indent(end - 1) == indent)

    def unlike(self, start: int, place: int, end: int) -> bool:
        """Whether the object from ``place`` to ``end``, over several lines, starts a key on
        its brace's line where the damaged element at ``start`` has its brace alone on its
        line (pretty-printed: a brace added before a key at the start of a line)."""
        return self.buf[start:start + 1] == "{" and self.brace_alone(start) and (
            "\n" in self.buf[place:end]) and not self.brace_alone(place)

    def brace_alone(self, place: int) -> bool:
        """Whether the brace at ``place`` ends its line (blanks aside)."""
        line = self.buf.find("\n", place)
        return not self.buf[place + 1:len(self.buf) if line < 0 else line].strip(" \t\r")

    def at_top(self, start: int, end: int, level: bool | None = None) -> bool:
        """Whether the value after ``end`` (a comma between) may follow the damaged object
        at ``start``, outside any array with nothing read whole before (no record to know the
        records' shape by: its inner objects may have any): where the layout shows the top,
        not after a key's colon; pretty-printed, starting a line at its indentation or
        shallower (its brace lost, it starts deeper than its record), or whole
        and ending so (a file joined after a cut); else as shallow as anything since its
        start (``level``, if known), or whole on a line of its own (one a line, compact: a
        list's item ends with its list)."""
        place = _space_end(self.buf, end)
        if self.buf[place:place + 1] == ",":
            place = _space_end(self.buf, place + 1)
        if self.buf[place:place + 1] not in ("{", "["):  # (no object: the rest of one, if
            return place >= len(self.buf) or self.buf[start] != "{"  # it is one, or junk)
        before = self.buf[max(start, place - _LOOK):place]
        indent, own = self.indent(place), self.lead(start)
        keyed = before.rstrip(JSON_SPACE).endswith(":") and not (
            own is not None and indent is not None and own.startswith(indent)
            and "\n" in before[before.rfind(":"):])  # (a key's value is on its line: a
        # file joined after one cut after a colon, its first line at the cut one's indentation)
        if not keyed and (
                (own is not None and indent is not None and own.startswith(indent))
                or (own is None and (self.level(start, place) if level is None else level))):
            return True
        glued = _glued_at(self.buf, place)
        if own is None and indent is None and not glued:
            return False
        try:
            _, whole = _decode(self.buf, place)
        except (ValueError, RecursionError):
            return False
        if own is None and self.buf[start:start + 1] == "{" and self.brace_alone(start) and (
                indent == self.indent(start)) and self.lead(place) == indent:
            own = indent  # cut after its brace alone on its line: the next, pretty-printed
            # (its inner lines deeper), starts at its indentation
        line = self.buf.find("\n", whole)
        if glued and not self.buf[whole:len(self.buf) if line < 0 else line].strip(JSON_SPACE):
            return True  # glued to the text cut, whole to its line's end: a file joined
        if own is not None:  # a file joined after a cut: its object ends at the indentation
            return "\n" in self.buf[place:whole] and self.indent(whole - 1) == own
        if indent == "" and "\n" in self.buf[place:whole] and self.indent(whole - 1) == "":
            return True  # pretty-printed from the first column after a compact one cut
        return "\n" not in self.buf[place:whole] and self.buf[
            whole:len(self.buf) if line < 0 else line].strip(JSON_SPACE) in ("", ",")  # (a
        # comma after it: one a line in an array)

    def lead(self, start: int) -> str | None:
        """The indentation of the damaged object at ``start`` if it starts a line and the
        next line is indented deeper (pretty-printed; a line break typed in its first line
        leaves the next as deep as it: not known so)."""
        indent = self.indent(start)
        line = self.buf.find("\n", start, start + _LOOK)
        following = _NEXT_INDENT.match(self.buf, line) if line >= 0 else None
        if indent is None or following is None or len(following.group(1)) <= len(indent):
            return None
        return indent

    def top_after(self, start: int, past: int) -> int | None:
        """Where the next value starts after the damaged object at ``start``, outside any
        array with nothing read whole before: the first object or array after ``past`` that
        the layout shows at the top (see at_top); the end of the text if none (None: not
        all read yet)."""
        own = self.lead(start)
        tries = 0
        if own is not None:
            for found in re.compile(f"\n[ \t]{{0,{len(own)}}}([{{\\[])|{_GLUED.pattern}").finditer(
                    self.buf, start + 1):  # (or after text: a file joined, no line break
                # after the cut; from its start: the text joined may read as a key's value)
                if self.at_top(start, place := found.start(found.lastindex or 0)):
                    return place
        else:
            depth = lowest = 0
            for found in _BRACKET.finditer(self.buf, start):
                mark, place = found.group(), found.start()
                glued = _glued_at(self.buf, place)  # (after the cut
                # text: the damage may show past it)
                if mark in ("{", "[") and (place >= past or glued) and (
                        depth <= lowest or self.indent(place) is not None or glued) and (
                            tries < _TRIES):
                    tries += depth > lowest  # (each read whole: a few)
                    if self.at_top(start, place, depth <= lowest):
                        return place
                depth += 1 if mark in ("{", "[") else -1
                lowest = min(lowest, depth)
        return len(self.buf) if self.eof else None

    def filler(self, start: int, past: int, limit: int) -> int | None:
        """Where the first element that is no record (a number, a literal, a string, ``{}``
        or ``[]``) starts after the damaged element at ``start``, right after a closing
        bracket as shallow as anything since ``start`` (the element's end: such a value
        cannot be a record's inner one there), before ``limit``; None if none is there."""
        found = self.search(_FILLER, past, min(limit + 1, len(self.buf)))  # (and its "]")
        if found is None or found.start() - start > PIECE:  # (far: its brackets uncounted,
            return None  # every damaged element counting them would take quadratic time)
        depth, lowest = _depths(self.buf, start, found.start() + 1)
        return found.start(1) if depth <= 0 and depth == lowest else None

    def next_string(self, start: int) -> int | None:
        """Where the damaged element at ``start`` ends when the records read whole are
        strings (an application encoded twice, ``"{\\"id\\": …}"``): at the first comma
        after a quote that is not escaped, or a closing bracket, followed by a quote (inside
        a string, every quote is escaped: only the next element starts so), or at the
        array's end; None when that is not known before more is read."""
        for found in _STRING_NEXT.finditer(self.buf, start + 1):
            if found.group(1) is None:
                return found.start()  # the array's end
            quote = found.start()
            before = quote
            while before > start and self.buf[before - 1] == "\\":
                before -= 1
            if self.buf[quote] != '"' or (quote - before) % 2 == 0:
                return found.start(1)
        return len(self.buf) if self.eof else None

    def search(self, pattern: re.Pattern[str], pos: int, limit: int) -> re.Match[str] | None:
        """``pattern.search(self.buf, pos, limit)``, known from an earlier search of the
        text read when it tells (each damaged element looks for the next record: without
        this, a pattern found nowhere would be searched for to the end for each)."""
        known = self.searched.get(pattern)
        if known is not None:
            start, end, match = known
            if start <= pos and (match.start() >= pos and match.end() <= limit
                                 if match is not None else limit <= end):
                return match
        match = pattern.search(self.buf, pos, limit)
        self.searched[pattern] = (pos, limit, match)
        return match

    def array_end(self, past: int, reference: _Reference, anchor: re.Pattern[str] | None,
                  start: int | None = None) -> int | None:
        """Where the array ends after ``past``: a ``]`` followed by nothing but space, or by
        another array whose first element is a record (arrays joined end to end; a list
        inside a damaged record is not, nor one after a ``]`` added in it, whose first item
        is deeper than the damaged element at ``start``); -1 if not in the text read, None
        if not known before more is read."""
        if self.ends is None:  # found once for the text read (each damaged element looks)
            self.ends = list((_LIST_END if self.envelope else _ARRAY_END).finditer(self.buf))
        for closing in self.ends[bisect.bisect_left(self.ends, past, key=re.Match.start):]:
            if self.envelope:
                if (ends := self.list_ends(closing.start())) is None:
                    return None
                if ends:
                    return closing.start()
                continue
            if not closing.group().endswith("["):
                if closing.end() == len(self.buf) and not self.eof:
                    return None  # the text after the "]" is not read yet
                return closing.start()
            first = _space_end(self.buf, closing.end())
            if first == len(self.buf) and not self.eof:
                return None
            if self.buf[first:first + 1] == "{" and reference.order:
                keyed = anchor is not None and anchor.match(self.buf, first) is not None
                verdict, _ = self.starts_record(first, reference, keyed, start)
                if verdict is None:
                    return None
                if verdict:
                    return closing.start()
            elif self.buf[first:first + 1] in ("", "]") or not reference.order:
                return closing.start()
        return -1

    def ends_array(self, pos: int) -> bool:
        """Whether the array (or the envelope's list) ends at the ``]`` at ``pos``."""
        if self.envelope:
            return self.list_ends(pos) is not False  # (None: keys too long to read whole)
        return _ENDS_ARRAY.match(self.buf, pos) is not None

    def starts_record(self, place: int, reference: _Reference, keyed: bool,
                      start: int | None = None) -> tuple[bool | None, int | None]:
        """Whether the object at ``place`` starts a record (None: not known before more is
        read), and where it ends if it is whole and no record. ``keyed``: it starts with the
        records' first two keys (a record, unless it reads whole and is shaped otherwise).
        One that does not read whole (damaged, or nested too deeply) is a record only where
        one can start after the damaged element at ``start``: as shallow as anything since
        (its brackets counted, quoted or not), or, pretty-printed, indented as it is (the
        inner objects of a record may start with the same keys as records do)."""
        buf, order = self.buf, reference.order
        try:
            value, end = _decode(buf, place)
        except RecursionError:
            return keyed and self.placed(start, place), None
        except ValueError as exc:
            stop = exc.pos if isinstance(exc, json.JSONDecodeError) else place + 1
            keys = self.keys_of(place, stop)
            first = min(2, len(order))
            if (keyed or (len(keys) >= first and tuple(keys[:first]) == order[:first]) or (
                    len(order) >= 2 and len(keys) >= 3 and keys[0] == order[0]
                    and keys[2] == order[1])) and (self.placed(start, place) or (
                        keyed and _after_object(buf, place) and self.shallow(start, place))):
                return True, None  # (the last: it gives an optional key the records the
            # shape comes from leave out, second)
            if ((indent := self.indent(place)) in self.indents or (
                    start is not None and indent == _indent(buf, start)
                    and self.pretty(start, start + _LOOK) is not None)) and _LINE_BRACE.match(
                        buf, place - 1 - len(indent or "")) and self.placed(start, place):
                return True, None  # pretty-printed, alone on its line at the indentation of
                # whole records (its first keys damaged too: a neighbour damaged alike)
            # with their first two keys after an element, one bracket deeper at most (a
            # brace added in the damaged one; a list's item inside a record is two deeper)
            if self.after_element(place, reference) and (  # as an element is, the damaged
                    tuple(keys[:3]) == order[:3]  # element's brackets left open: with the
                    or _next_keys(order).match(buf, place)) and self.shallow(
                        start, place, counted=False) and (self.shallow(start, place) or not
                                                          _listed(buf, place, order)):
                return True, None  # records' first three keys (an inner object in a list
            # may start with their first two), or, its first key damaged, their second and
            # third after its brace (not where the layout shows it deeper: pretty-printed,
            # indented deeper; compact, two brackets deeper than anything since the damaged
            # element's start, after a whole object with only some of the records' keys,
            # starting with their first: an item of a list of earlier records, damaged)
            if not self.eof and len(buf) - stop < PIECE \
                    and len(buf) - place <= MAX_RECORD_BYTES:
                return None, None  # the object may be whole once read
            return False, None
        if not isinstance(value, dict):
            return False, end
        if not value and (keyed or (self.after_element(place, reference) and _next_keys(
                order).match(buf, place))) and not self.item(end, reference, start, place):
            return True, None  # "{}" then the records' first keys: a brace added after a
            # record's own (not after an inner object's: a list's item)
        following = _space_end(buf, end)
        closer = buf[following:following + 1]
        if keyed and closer == "," and _after_object(buf, place) and len(
                set(value) & set(order)) > 2 and (set(value) >= set(order) or self.shallow(
                    start, place)):  # after an element and before a comma, with their first
            return True, None  # two keys and one more: a record (closed early by damage if
            # a key follows, or cut so that it reads whole; an inner object of a list may
            # have their first two keys, or three or four: one with only some of their
            # keys is a record only where the layout shows none deeper)
        if (closer == "}" and not (keyed and _after_object(buf, place))) or (
                closer == "]" and not self.ends_array(following) and not (
                    keyed and _after_object(buf, place) and (
                        _REST.match(buf, following) or (
                            _alike(frozenset(value), frozenset(order))
                            and start is not None and self.level(start, place))))):
            return False, end  # brackets close after it: an object inside another (a copy of
            # a record in a list is no record); but after an element and a comma, one
            # starting with the records' first keys and followed by a brace is a record with
            # a brace too many (only a list holds an object after a comma); nor one
            # followed by a list's end and a key: a record cut so that its start reads whole;
            # nor one shaped as the records, as shallow as the damaged element, followed by
            # a list's end: a record that lost an opening bracket (``s": [{`` cut out), its
            # last ones closing early
        indent = self.indent(place)
        if start is not None and _after_value(buf, place) and (
                (indent is not None and (indent in self.indents or indent == self.pretty(
                    start, start + _LOOK)) and not self.unlike(start, place, end)) or (
                    self.of_kind(frozenset(value)) and self.level(start, place))):
            # after an element: pretty-printed, indented as whole ones or the damaged one
            return True, None  # are, or as shallow as it, one of a kind read whole at the
            # top (the records may be of two kinds: stubs and applications, a header;
            # compact, of another shape, it may be a list's item after a brace added)
        if start is not None and _after_object(buf, place) and self.level(start, place) and (
                frozenset(value) not in self.inner_kinds) and (
                follow := self.records_follow(end, reference)) is not False and _level(
                    buf, start, place):  # (and outside the strings standing as strings
            # do: a "]" in a note, after a quote lost or added, opens and closes nothing)
            return follow, None  # of a kind not read before (nor inside whole records: a
            # list's item, its brackets miscounted), as shallow as the damaged
            # element, the records going on after it: a record (a stub after a damaged
            # application; a list's items end with their list, a key after it)
        if reference.subset:  # the first key and two in three of those the damaged element
            alike = (order[0] in value or tuple(value)[:2] == order[1:3]) and len(
                set(order) & set(value)) * 3 >= len(order) * 2  # (or, their first key a
            # leading one some records give, starting with their second and third)
            # shows (a record may leave out an optional key the damaged one gives)
        elif reference.whole:  # with the records' first key (the rest of a record is not one;
            names = frozenset(value)  # after an element, that key may be damaged: all the
            alike = _alike(names, frozenset(order)) and (order[0] in value or (  # others then
                _after_object(buf, place) and len(names & set(order)) >= len(order) - 1)
                or (len(order) >= 3 and tuple(value) == order[1:] and not (
                    self.indents and self.indent(place) is None) and not (
                        start is not None and self.first_pair(start, place, order[0]))))
            # (or the records but a leading key some give, a portal's row number, all the
            # others in order; not after text on its line when whole records are
            # pretty-printed, nor right after the damaged element's brace and first key
            # and value, compact: a brace added after a record's first key)
            if alike and not names >= set(order) and len(names & set(order)) < max(
                    3, len(order) - 1) and not self.placed(start, place) and all(
                    frozenset(kind[0]) != names for kind in self.kinds):
                alike = False  # a few of the records' keys, deeper than the damaged element
                # and in no whole record read: an inner object (a list's item)
        else:  # the records' first keys, in any order, as shallow as the damaged element
            alike = set(order[:min(3, len(order))]) <= set(value) and (  # (outside the
                start is None or _level(buf, start, place))  # strings standing as strings do)
        return (True, None) if alike else (False, end)

    def first_pair(self, start: int, place: int, key: str) -> bool:
        """Whether only a brace, ``key`` and a value (a string, a number or a literal) and a
        comma stand between ``start`` and ``place``: the start of a record whose next keys
        follow at ``place``."""
        found = _FIRST_PAIR.fullmatch(self.buf, start, place)
        return found is not None and _decoded_name(found.group(1)) == key

    def records_follow(self, end: int, reference: _Reference) -> bool | None:
        """Whether the records go on after the whole object ending at ``end``: the array's
        end follows, or a comma and an object starting with the records' first two keys, or
        whole objects each followed so (None: not known before more is read)."""
        anchor = self.anchor_of(reference.order) if len(reference.order) >= 2 else None
        buf = self.buf
        for _ in range(_TRIES):
            following = _space_end(buf, end)
            after = _space_end(buf, following + 1)
            if after >= len(buf) and not self.eof:
                return None
            if buf[following:following + 1] == "]":
                return self.ends_array(following)
            if buf[following:following + 1] != "," or buf[after:after + 1] != "{":
                return False
            if anchor is not None and anchor.match(buf, after):
                return True
            try:
                value, end = _decode(buf, after)
            except (ValueError, RecursionError) as exc:
                stop = exc.pos if isinstance(exc, json.JSONDecodeError) else after
                if not self.eof and len(buf) - stop < PIECE \
                        and len(buf) - after <= MAX_RECORD_BYTES:
                    return None  # the object may be whole once read
                return False
            if not isinstance(value, dict):
                return False
        return False

    def item(self, end: int, reference: _Reference, start: int | None, place: int) -> bool:
        """Whether what follows the empty object ending at ``end`` reads, with the brace
        before it, as a whole object with only some of the records' keys (fewer than three,
        or all but two or more) and of no shape read whole, deeper than the damaged element
        at ``start``: a list's item, a brace added after its own, no record."""
        if self.placed(start, place):
            return False
        try:
            value, _ = STRICT.raw_decode("{" + self.buf[end:end + _LOOK])
        except (ValueError, RecursionError):
            return False
        names, order = frozenset(value) if isinstance(value, dict) else frozenset(), \
            frozenset(reference.order)
        return bool(names) and names < order and len(names) < max(
            3, len(order) - 1) and all(frozenset(kind[0]) != names for kind in self.kinds)

    def after_element(self, place: int, reference: _Reference) -> bool:
        """Whether a record may be known at ``place`` by its keys alone, its depth aside:
        the records' shape known from a whole one (three keys at least), and ``place`` after
        an element and a comma."""
        return reference.whole and len(reference.order) >= 3 and _after_object(self.buf, place)

    def indent(self, pos: int) -> str | None:
        """The space before ``pos`` on its line, if only space is there (and its line starts
        in the text read)."""
        line = self.buf.rfind("\n", max(0, pos - _LOOK), pos)
        if line < 0 < pos - _LOOK:  # (the text before it not copied: a long line, compact
            return None  # records, would be for each place tried)
        before = self.buf[line + 1:pos]
        if before.strip(" \t"):
            return None
        if line < 0:
            return None if self.line_head is None else f"{self.line_head}{before}"
        return before

    def pretty(self, start: int, end: int) -> str | None:
        """The indentation of the object at ``start`` if it starts a line and a line of its
        text before ``end`` is indented deeper (pretty-printed: what starts a line at that
        indentation after it is no inner value); else None."""
        indent = self.indent(start)
        if indent is None or not re.search(f"\n{indent}[ \t]", self.buf[start:end]):
            return None
        return indent

    def of_kind(self, names: frozenset[str]) -> bool:
        """Whether an object with the keys ``names`` (three at least) is of a kind of whole
        objects read as elements: the same keys as one."""
        return len(names) >= 3 and any(frozenset(kind[0]) == names for kind in self.kinds)

    def level(self, start: int, place: int) -> bool:
        """Whether ``place`` is as shallow as the damaged element at ``start`` and anything
        since, its brackets counted quoted or not (a lost quote leaves them as they were;
        those in its part read as JSON, in strings, are text: see depths)."""
        depth, lowest = self.depths(start, place)
        return depth <= lowest

    def placed(self, start: int | None, place: int) -> bool:
        """Whether a record may start at ``place``, after the element at ``start``: as
        shallow as anything since, or, pretty-printed, at its indentation (with none, as
        ``indent=0`` writes, inner objects start lines at it too: it tells nothing)."""
        if start is None:
            return True
        depth, lowest = self.depths(start, place)
        if depth <= lowest:
            return True
        indent = _indent(self.buf, place)
        return indent is not None and indent == _indent(self.buf, start) and (
            self.pretty(start, start + _LOOK) is not None)

    def shallow(self, start: int | None, place: int, counted: bool = True) -> bool:
        """Whether the layout lets a record start at ``place`` after the damaged element at
        ``start``: pretty-printed, not indented deeper than it or than whole records read;
        else (compact, or indented by nothing) at most one bracket deeper than anything
        since its start, quoted or not (a bracket lost or added in it; an object in a list
        inside a record is two deeper at least), unless not ``counted``. The brackets are
        counted on from where the last call left off (a damaged record holding many inner
        objects tries each)."""
        if start is None:
            return True
        indent, own = self.indent(place), self.pretty(start, start + _LOOK)
        if indent is not None and own is not None:
            return len(indent) <= len(own) or indent in self.indents
        if not counted:
            return True
        depth, lowest = self.depths(start, place)
        return depth - lowest <= 1

    def depths(self, start: int, place: int) -> tuple[int, int]:
        """``_depths(self.buf, start, place)``, the brackets counted on from where the last
        call for ``start`` left off (a damaged element tries each place a record may start
        at, in order: counting from its start for each would take time in the square of its
        length, K8)."""
        begun, upto, depth, lowest = self.depth
        if begun != start or upto > place:
            upto, depth, lowest = start, 0, 0
        if self.clean[0] == start and upto < (clean := min(place, self.clean[1])):
            more, least = _depths(self.buf, upto, clean, strings=True)  # (read as JSON: its
            depth, lowest = depth + more, min(lowest, depth + least)  # strings are text)
            upto = clean
        more, least = _depths(self.buf, upto, place)
        depth, lowest = depth + more, min(lowest, depth + least)
        self.depth = (start, place, depth, lowest)
        return depth, lowest

    def skip_element(self, where: str, reference: _Reference) -> None:
        """Move past a damaged element over the size limit without keeping it, to where the
        next record starts; past the skip limit, the source stops."""
        if not reference.order:
            scan = _Scan(True)
            if (end := scan.run(self.buf, self.pos, self.eof)) is not None:
                self.pos = end
            else:
                self.skip(scan, where)
            return
        skipped = 0
        while True:
            end = self.next_element(self.pos, self.pos + 1, reference)
            if end is not None:
                self.pos = end
                return
            keep = self.hold if self.hold is not None else max(self.pos, len(self.buf) - _LOOK)
            skipped += keep - self.pos
            self.pos = keep
            if skipped > MAX_SKIP_BYTES:
                raise _Endless(where)
            self.more(PIECE)

    def skip(self, scan: _Scan, where: str) -> None:
        """Move past a value over the size limit without keeping it (the scan goes on across
        pieces); past the skip limit, the source stops."""
        skipped = 0
        while True:
            skipped += scan.resume - self.pos
            self.pos = scan.resume
            if skipped > MAX_SKIP_BYTES:
                raise _Endless(where)
            if not self.more(PIECE):
                self.stopped = True
                return
            end = scan.run(self.buf, 0, self.eof)
            if end is not None:
                self.pos = end
                return
    def invalid(self, where: str, exc: BaseException, start: int) -> Sourced:
        if isinstance(exc, json.JSONDecodeError):
            reason, at = exc.msg, min(exc.pos, len(self.buf))
        elif isinstance(exc, RecursionError):
            reason, at = "nested too deeply", start
        else:
            reason, at = str(exc), start
        unread = valid_but_unread(reason, self.buf[start:exc.end]) if isinstance(
            exc, NumberOutOfRange) and exc.end is not None else None  # (read whole: proven)
        if isinstance(exc, RecursionError):  # past the one limit of every reader: said so
            unread = too_deep()
        if unread is not None:
            return problem(where, "json_invalid", f"{INPUT_CODES[unread['template']] % unread}"
                           f" (line {self.line(at)})", unread)
        return problem(where, "json_invalid",
                       f"not valid JSON: {reason} (line {self.line(at)})", unread)


def first_key(text: str, start: int = 0) -> str | None:
    """The first key of the object whose brace is at ``start`` in ``text``, blanks and line
    breaks between the brace and it (``{`` alone on its line), if it is written whole
    there."""
    found = _FIRST_KEY.match(text, start)
    if found is None:
        return None
    try:
        key = STRICT.decode(found.group(1))
    except (ValueError, RecursionError):
        return None
    return key if isinstance(key, str) else None


def line_record(line: str, keys: Collection[str]) -> bool:
    """Whether ``line`` holds a record whole and alone: a non-empty JSON object, blanks
    around it and one comma after it aside, that opens with one of ``keys`` (the records'
    first key: an inner object whole on its line, a budget item or a team member, opens
    with another) or gives the keys of an application (:func:`application_shaped`: no
    item does; a damaged first record may open with an item's key, no record before it).
    The one test of a line that ends a damaged record over lines, read as a document
    (:meth:`Values.before_line_record`) or as JSON Lines."""
    bare = line.strip(" \t\r\n").removesuffix(",").rstrip(" \t\r")
    if bare[:1] != "{" or bare[-1:] != "}":
        return False
    try:
        value = STRICT.decode(bare)
    except (ValueError, RecursionError):
        return False
    return isinstance(value, dict) and (next(iter(value), None) in keys or (
        application_shaped(value)))


def _inner_fields(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[str]:
    """The field names of the models inside ``model`` (its fields' types, at any depth)."""
    names: set[str] = set()
    for info in model.model_fields.values():
        kinds = [info.annotation]
        while kinds:
            kind = kinds.pop()
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                if kind not in seen:
                    seen.add(kind)
                    names |= set(kind.model_fields) | _inner_fields(kind, seen)
            else:
                kinds += get_args(kind)
    return names


#: The keys only an application gives, no object inside one (a visitor, a budget line, a
#: document…): ``call``, ``submitter``, ``visitors``… (``id`` and ``fields`` a visitor's too).
#: The keys of the objects inside an application (a visitor, a budget line, an exchange
#: rate…), at any depth: an object giving only such keys, none an application must give, is
#: one of them (``{"base": "BRL", "quote": "EUR", "rate": "0.16"}``).
INNER_KEYS = frozenset(_inner_fields(Application, set()))
_OWN_KEYS = frozenset(Application.model_fields) - INNER_KEYS


def application_shaped(value: dict[str, Any]) -> bool:
    """Whether the object ``value`` gives the keys of an application: its ``id`` and one no
    object inside an application gives (``call``, ``submitter``…, see ``_OWN_KEYS``). An
    item of a record (a visitor, a budget line, a team member) gives no such key, and no
    one key alone makes an application (a free-form ``fields`` or ``answers`` may give
    any): a line so shaped is a record whatever key it opens with (a damaged first record
    may open with an item's, no record before it)."""
    return "id" in value and not _OWN_KEYS.isdisjoint(value)


def encoded_record(line: bytes) -> bool:
    """Whether ``line`` (blanks and a comma around it aside) is a record encoded twice:
    one JSON string whose text opens an object or a list and holds a quote escaped
    (``"{\\"id\\": …}"``), as a line of JSON Lines of such strings is. A CSV row of one
    quoted cell may read so, its quotes escaped with a backslash as some writers do
    (``escapechar``) rather than doubled as RFC 4180's: a one-column CSV of JSON texts so
    written is then read from standard input as JSON Lines, its header line a result
    (look63d: left)."""
    line = line.strip(b" \t\r,")
    if line[:2] not in (b'"{', b'"[') or line[-1:] != b'"' or b'\\"' not in line:
        return False
    try:
        return isinstance(json.loads(line.decode("utf-8")), str)
    except (ValueError, RecursionError):
        return False


def _decode(text: str, place: int) -> tuple[Any, int]:
    """``STRICT.raw_decode(text, place)``, in time of the value's length, not of ``place``:
    the decoder's error counts the lines of the text before it (each place tried after a
    damaged element, each damaged record of many, would read the whole text before it again:
    time in the square of its length, K8, M5). The value is decoded from a window of the text
    after ``place``, widened while the window's end may be what stopped it; an error's
    ``pos`` is in ``text`` (its line and column are not kept). A number no value holds in a
    value otherwise whole: :class:`NumberOutOfRange` at the number, its ``end`` the value's.
    A value nested deeper than :data:`~callrules._json_scan.READ_LEVELS`, whole or up to its
    damage: :class:`RecursionError`, at that depth on every Python (its reader's own limit
    changes by version; looked at after the decoder, over what it read)."""
    try:
        value, end = _windowed(STRICT, text, place)
    except NumberOutOfRange as exc:
        exc.end = _windowed(NUMBER_TEXT, text, place)[1]  # (damaged: its error)
        raise
    except json.JSONDecodeError as exc:
        read_levels(text[place:exc.pos])  # (nested past it before the damage: said so)
        raise
    read_levels(text[place:end])
    return value, end


def _windowed(decoder: json.JSONDecoder, text: str, place: int) -> tuple[Any, int]:
    """``decoder.raw_decode(text, place)`` from a window of the text (see _decode)."""
    size = _WINDOW
    while True:
        end = place + size
        if end >= len(text):
            try:
                return decoder.raw_decode(text, place)
            except NumberOutOfRange as exc:  # (at the number, not at 0)
                exc.pos, exc.doc = max(text.find(exc.doc, place), place), text
                raise
        window = text[place:end]
        try:
            value, stop = decoder.raw_decode(window)
        except json.JSONDecodeError as exc:
            if isinstance(exc, NumberOutOfRange):
                exc.pos = max(window.find(exc.doc), 0) + len(exc.doc)  # (its end: cut?)
                if exc.pos < size - _SLACK:
                    exc.pos -= len(exc.doc)
            if exc.pos >= size - _SLACK or exc.msg.startswith("Unterminated string"):
                size *= 8  # (cut by the window's end)
                continue
            exc.pos += place
            exc.doc = text
            raise
        if stop < size:
            return value, stop + place
        size *= 8


def unlisted(text: str, where: str) -> Sourced | None:
    """The problem of the JSON text ``text`` when it is an object naming the list of
    applications whose key holds no list (see ``_unlisted``); else None."""
    if _NAMES.search(text) is None:
        return None
    try:
        value = STRICT.decode(text)
    except (ValueError, RecursionError):
        return None
    key = _unlisted(value) if isinstance(value, dict) else None
    return _without_list(where, key) if key is not None else None


def _without_list(where: str, key: str) -> Sourced:
    return problem(where, "envelope_without_list", f"the object names the list of "
                   f"applications ({key}) but holds no list under it: no application is read "
                   "from it", {"key": key})


def _unlisted(value: dict[str, Any]) -> str | None:
    """The key naming the list of an envelope (see ``_NAMES``) in the object ``value``,
    quoted, when it holds no list (``{"applications": null}``); else None (also in an
    application, see ``_RECORD_KEYS``: that key one of its values, not expected there)."""
    if _record(value):
        return None
    return next((json.dumps(key, ensure_ascii=False) for key, item in value.items()
                 if _NAMES.fullmatch(key) and not isinstance(item, list)), None)


def _alike(keys: frozenset[str], shape: frozenset[str]) -> bool:
    """Whether objects with ``keys`` and ``shape`` are shaped alike: more than half of the
    keys of both in common."""
    return len(keys & shape) * 2 > len(keys | shape)


def _wraps(value: Any) -> bool:
    """Whether ``value`` is an object wrapping a record (``{"application": {…}}``, ``{"kind":
    "application", "data": {…}}``): one or two keys, one holding an object."""
    return isinstance(value, dict) and 0 < len(value) <= 2 and any(
        isinstance(item, dict) for item in value.values())


class _Reference(NamedTuple):
    """What records start with, to know where one starts after damage: their keys in order,
    and whether they are a whole record's (else the first keys of a damaged one)."""

    order: tuple[str, ...]
    whole: bool
    subset: bool = False  # the keys a damaged record shows before its damage: records have
    # them all


@functools.lru_cache(maxsize=64)
def _anchor(order: tuple[str, ...]) -> re.Pattern[str]:
    """An object whose first two keys are those of ``order`` (group 1: its brace), the value
    between them as written or damaged, a stray byte or two allowed after the brace (no whole
    JSON has one there); its first key only if ``order`` has one. The keys are matched as
    text, never as a pattern."""
    return re.compile(f"([{{]){_BLANK}{_STRAY_BYTES}{_head(order)}")


@functools.lru_cache(maxsize=64)
def _anchors(heads: tuple[tuple[str, ...], ...]) -> re.Pattern[str]:
    """An object starting with the two keys of any of ``heads``, as ``_anchor`` reads them
    (group 1: its brace)."""
    either = "|".join(f"(?:{_head(head)})" for head in heads)
    return re.compile(f"([{{]){_BLANK}{_STRAY_BYTES}(?:{either})")


def _head(order: tuple[str, ...]) -> str:
    """The pattern text of the first two keys of ``order`` (its first only, if it has one),
    the value between them as written or damaged."""
    first, *second = (re.escape(json.dumps(key, ensure_ascii=False)) for key in order[:2])
    then = f"{_BLANK}{_FIRST_VALUE}{_BLANK},{_BLANK}{second[0]}{_BLANK}:" if second else ""
    return f"{first}{_BLANK}:{then}"


@functools.lru_cache(maxsize=64)
def _lost_brace(order: tuple[str, ...]) -> re.Pattern[str]:
    """A record that lost its opening brace after the end of an object or list and a comma:
    the first two keys of ``order`` there (group 1: the first key's quote). In whole JSON,
    only an object giving those keys after an inner value, in that order, reads so."""
    first, second = (re.escape(json.dumps(key, ensure_ascii=False)) for key in order[:2])
    return re.compile(f"[}}\\]]{_BLANK},{_BLANK}({first}){_BLANK}:{_BLANK}{_FIRST_VALUE}{_BLANK},"
                      f"{_BLANK}{second}{_BLANK}:")


@functools.lru_cache(maxsize=64)
def _next_keys(order: tuple[str, ...]) -> re.Pattern[str]:
    """An object whose first keys are damaged (a quote lost or added, a byte changed, a few
    cut), then two keys of ``order`` that follow one another among its second to fourth, as
    text, before any bracket (group 1: its brace)."""
    first, *keys = [re.escape(json.dumps(key, ensure_ascii=False)) + f"{_BLANK}:"
                    for key in order[:4]]
    gap = f"[^{{}}\\[\\]]{{0,{_LOOK}}}?"
    pairs = "|".join(f"{a}{gap}{b}" for a, b in pairwise(keys))
    return re.compile(f"([{{]){_STRAY_BYTES}{gap}(?:[{{}}\\[\\]](?!{_BLANK}{first}){gap})?"
                      f"(?:{pairs})")  # (a bracket added in the damaged first key; not the
    # brace of an object starting with the records' first key: the next record's)


def _after_object(text: str, place: int) -> bool:
    """Whether ``place`` follows the end of an object (or a list: the object's brace lost)
    and a comma, space between, as an array's element after another does."""
    pos = place
    floor = max(0, place - _LOOK)
    while pos > floor and text[pos - 1] in JSON_SPACE:
        pos -= 1
    if text[pos - 1:pos] != ",":
        return False
    pos -= 1
    while pos > floor and text[pos - 1] in JSON_SPACE:
        pos -= 1
    return text[pos - 1:pos] in ("}", "]")


def _listed(text: str, place: int, order: tuple[str, ...]) -> bool:
    """Whether the object at ``place`` follows, after a comma, a whole object (objects
    inside it or not, ``_LOOK`` characters at most) starting with the first of the keys
    ``order`` and with only some of them: its neighbour in a list (one of earlier records,
    say), no record."""
    close = len(text[max(0, place - _LOOK):place].rstrip(JSON_SPACE)) + max(0, place - _LOOK)
    close = len(text[max(0, close - 1 - _LOOK):close - 1].rstrip(JSON_SPACE)) + max(
        0, close - 1 - _LOOK) - 1  # (the comma before it, then the object's end)
    if text[close:close + 1] != "}":
        return False
    opening = close
    for _ in range(_STRAY * 2):  # (its own brace before those of the objects inside it)
        opening = text.rfind("{", max(0, close - _LOOK), opening)
        if opening < 0:
            return False
        try:
            value, end = STRICT.raw_decode(text, opening)
        except (ValueError, RecursionError):
            continue
        if end == close + 1:
            return isinstance(value, dict) and next(iter(value), None) == order[0] and set(
                value) < set(order)
    return False


def _after_value(text: str, place: int) -> bool:
    """Whether ``place`` follows an element: the end of an object and a comma (see
    ``_after_object``), or the end of an object alone (objects one after the other)."""
    before = text[max(0, place - _LOOK):place].rstrip(JSON_SPACE)
    return before.endswith("}") or _after_object(text, place)


def _keys_of(text: str, start: int, stop: int) -> list[str]:
    """The keys, in order, of the object at ``start`` in ``text`` (its own, not those of the
    objects inside it), as far as ``stop`` (where its text is known to be damaged) and at most
    ``_LOOK`` keys; none if no object starts there."""
    if text[start:start + 1] != "{":
        return []
    keys: list[str] = []
    depth = 0
    for found in _tokens(_TOKEN, _BRACKET, text, start, stop):
        mark = found.group()
        if mark in ("{", "["):
            depth += 1
        elif mark in ("}", "]"):
            depth -= 1
            if depth == 0:
                break
        elif found.group(1) and depth == 1:
            key = mark[:mark.rindex('"') + 1]
            if not _ESCAPE_OR_CONTROL.search(key):  # (as the decoder reads it, faster:
                keys.append(key[1:-1])  # each damaged record of many reads its keys, M5)
                continue
            try:
                keys.append(STRICT.decode(key))
            except ValueError:
                break
            if len(keys) >= _LOOK:
                break
    return keys


class _Nesting:
    """Where a value opened by a bracket ends if it is whole (every bracket closed by one of
    its kind, its strings closed on their line), however deep: read by runs of brackets,
    resumable as more of the text is read (the value's start stays where it is)."""

    def __init__(self, index: int) -> None:
        self.index = index  # the element it is about
        self.kinds: list[str] = []  # for each run of open brackets: their kind,
        self.counts: list[int] = []  # and how many
        self.read = 0  # how far past the value's start the text was read
        self.opened = array("q")  # where the brackets still open are, from its start

    def end(self, text: str, start: int) -> int | None:
        """The end of the value at ``start``; None if ``text`` ends first, 0 if it is not
        whole."""
        kinds, counts, opened = self.kinds, self.counts, self.opened
        for found in _NESTING.finditer(text, start + self.read):
            mark = found.group()
            kind = mark[0]
            if kind == '"':
                if not kinds:
                    return 0
                if len(mark) == 1:  # a string not closed: cut on its line, or not all read
                    if "\n" in text[found.end():]:
                        return 0
                    self.read = found.start() - start
                    return None
                continue
            if kind in "[{":
                if kinds and kinds[-1] == kind:
                    counts[-1] += len(mark)
                else:
                    kinds.append(kind)
                    counts.append(len(mark))
                opened.extend(range(found.start() - start, found.end() - start))
                continue
            closes = len(mark)
            del opened[max(0, len(opened) - closes):]
            while closes:
                if not kinds or kinds[-1] != ("[" if kind == "]" else "{"):
                    return 0
                taken = min(closes, counts[-1])
                counts[-1] -= taken
                closes -= taken
                if not counts[-1]:
                    kinds.pop()
                    counts.pop()
                if not kinds:
                    return found.start() + len(mark) - closes
        self.read = len(text) - start
        return None


class _Outermost:
    """The places ``Values.outermost`` yields, for any start in ``text``, from one scan of its
    brackets, read as far as the places asked for need (lazily: a text of brackets opened
    one after the other is not read to its end before the first place is given, F3): each
    one's depth before it, the next not deeper (the shallowest since a start are those
    reached from it one to the next), whether the text between goes ``_DEEPER`` levels deeper
    than it (known as soon as it does), and the first from each, so reached, that is an
    object's place or goes so deep (arrays of numbers: about 30 bytes a bracket)."""

    _CHUNK = 256  # brackets read at a time

    def __init__(self, text: str) -> None:
        self.text = text
        self.found = _BRACKET_OR_OBJECT.finditer(text)
        self.done = False  # every bracket read
        self.pos = array("i")  # each bracket's place (an object's brace)
        self.since = array("i")  # an object's: where what makes it one starts (its comma,
        # or the end of the object before it); else -1
        self.depth = array("i")  # the depth before it
        self.next = array("i")  # the next bracket not deeper (-1: not read yet)
        self.deep = bytearray()  # the text before it goes _DEEPER levels deeper
        self.deepest = array("i")  # the deepest bracket opened before it, of those read
        self.skip = array("i")  # the first such place from each (-1: not known yet)
        self.stack = array("i")  # the brackets whose next is not read yet, shallowest first
        self.marked = 0  # how many of them, from the first, are known to go so deep
        self.closed, self.level = -1, 0

    def read(self) -> None:
        """Read the next brackets of the text (or mark it all read)."""
        text, stack, depth, deepest = self.text, self.stack, self.depth, self.deepest
        closed, level = self.closed, self.level
        for found in self.found:
            mark = found.group()
            at = len(depth)
            depth.append(level)
            if found.group(1) is not None:
                self.pos.append(found.start(1))
                self.since.append(found.start())
            elif mark == "{" and closed >= 0 and not text[closed:found.start()].strip(
                    JSON_SPACE):
                self.pos.append(found.start())
                self.since.append(closed - 1)
            else:
                self.pos.append(found.start())
                self.since.append(-1)
            opens = self.since[-1] < 0 and mark in "{["
            self.next.append(-1)
            self.deep.append(0)
            deepest.append(-(1 << 30))
            self.skip.append(-1)
            self.settle(level, at)
            stack.append(at)
            if opens:  # the brackets it is inside of go as deep as it, at least
                while self.marked < len(stack) and level + 1 - depth[
                        stack[self.marked]] > _DEEPER:
                    self.deep[stack[self.marked]] = 1
                    self.marked += 1
            level += 1 if self.since[-1] >= 0 or mark in "{[" else -1
            closed = found.end() if mark == "}" else -1
            if at % self._CHUNK == self._CHUNK - 1:
                break
        else:
            self.done = True
            self.settle(-(1 << 30), len(depth))
        self.closed, self.level = closed, level

    def settle(self, level: int, at: int) -> None:
        """The brackets of the stack not shallower than ``level``: their next is ``at``."""
        stack, depth, deepest = self.stack, self.depth, self.deepest
        while stack and depth[stack[-1]] >= level:
            done = stack.pop()
            self.next[done] = at
            self.deep[done] |= deepest[done] + 1 - depth[done] > _DEEPER
            if stack:
                opens = self.since[done] < 0 and self.text[self.pos[done]] in "{["
                deepest[stack[-1]] = max(deepest[stack[-1]], deepest[done],
                                         depth[done] if opens else -(1 << 30))
        self.marked = min(self.marked, len(stack))

    def has(self, at: int) -> bool:
        """Whether there is a bracket ``at`` (read up to it)."""
        while len(self.pos) <= at and not self.done:
            self.read()
        return at < len(self.pos)

    def known(self, at: int) -> None:
        """Read on until whether the bracket ``at`` goes so deep is known, and if not its
        next."""
        while not self.deep[at] and self.next[at] < 0:
            self.read()

    def skipped(self, at: int) -> int:
        """The first bracket from ``at`` that is an object's place or goes so deep."""
        passed = []
        while self.has(at) and self.skip[at] < 0:
            self.known(at)
            if self.since[at] >= 0 or self.deep[at]:
                self.skip[at] = at
                break
            passed.append(at)
            at = self.next[at]
        end = self.skip[at] if at < len(self.pos) else at
        for place in passed:
            self.skip[place] = end
        return end

    def places(self, start: int, past: int, at: int | None = None) -> Iterator[int]:
        """What ``Values.outermost(start, past)`` yields (from the bracket ``at``)."""
        if at is None:
            while not self.done and (not self.pos or self.pos[-1] < start):
                self.read()
            at = bisect.bisect_left(self.pos, start)
        while self.has(at):
            if self.pos[at] >= past:
                at = self.skipped(at)
                if not self.has(at):
                    return
            if self.since[at] >= start and self.pos[at] >= past:
                yield self.pos[at]
            self.known(at)
            if self.deep[at]:
                return
            at = self.next[at]

    def after(self, place: int) -> Iterator[int]:
        """What ``places`` yields after ``place``, one it yields (or the scan does)."""
        while not self.done and (not self.pos or self.pos[-1] < place):
            self.read()
        at = bisect.bisect_left(self.pos, place)
        self.known(at)
        return iter(()) if self.deep[at] else self.places(0, place + 1, self.next[at])


class _Places:
    """Places in order, that can go on after one further on (see Values.leap): ``after``
    gives those that follow a place ``places`` gives (None if not known)."""

    def __init__(self, key: re.Pattern[str] | None, places: Iterator[int], after: Callable[
            [re.Pattern[str] | None, int], Iterator[int] | None]) -> None:
        self.key, self.places, self.after = key, places, after

    def __iter__(self) -> Iterator[int]:
        return self

    def __next__(self) -> int:
        return next(self.places)

    def go_on_after(self, place: int) -> bool:
        """Go on after ``place``; False if what follows it is not known."""
        places = self.after(self.key, place)
        if places is None:
            return False
        self.places = places
        return True


def _damage_start(text: str, start: int, pos: int) -> int:
    """Where the damage the decoder found at ``pos`` may start: at the string just before
    it, if one is there (a lost quote makes a string of what follows it, up to the next
    quote, and the decoder sees nothing wrong before that string ends)."""
    end = len(text[start:pos].rstrip(JSON_SPACE + ":")) + start
    if end <= start or text[end - 1] != '"':
        return pos
    quote = end - 1
    while (quote := text.rfind('"', start, quote)) > start:
        before = quote  # (the backslashes before it counted one by one: the text before
        while before > 0 and text[before - 1] == "\\":  # it copied for each quote
            before -= 1  # would take time in the square of its length)
        if (quote - before) % 2 == 0:
            return quote
    return pos


def _tokens(pattern: re.Pattern[str], brackets: re.Pattern[str], text: str, start: int,
            stop: int) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text, start, stop)`` finds, ``pattern`` a string, a bracket
    or a quote alone (one that opens no string closed on its line), in time linear in the
    text: after a quote alone, the rest of its line is read for its ``brackets`` only (any
    quote there is escaped in the text the first one opened, so opens none either; trying
    each would read the line again from each: time in the square of its length)."""
    pos = start
    while (found := pattern.search(text, pos, stop)) is not None:
        yield found
        pos = found.end()
        if found.group() == '"':
            line_end = text.find("\n", pos, stop)
            line_end = stop if line_end < 0 else line_end
            yield from brackets.finditer(text, pos, line_end)
            pos = line_end


def _level(text: str, start: int, place: int) -> bool:
    """Whether ``place`` is as shallow as ``start`` and anything since, the brackets of the
    strings standing where strings stand in JSON aside (see ``_PLACED_STRING``)."""
    depth, lowest = _depths(text, start, place, placed=True)
    return depth <= lowest


def _depths(text: str, start: int, end: int, strings: bool = False,
            placed: bool = False) -> tuple[int, int]:
    """How much deeper ``text[end]`` is than ``text[start]``, and the least depth between,
    its brackets counted quoted or not (a lost or stray quote leaves them as they were), or,
    with ``strings``, those outside the strings of a line only; ``placed``, those outside
    the strings standing where strings stand (``_PLACED_STRING``: a quote lost or added
    before them leaves them strings)."""
    depth = lowest = 0
    for found in (_tokens(_NESTING, _RUNS, text, start, end) if strings
                  else _PLACED_STRING.finditer(text, start, end) if placed
                  else _BRACKET.finditer(text, start, end)):
        mark = found.group()
        if mark[0] not in "{}[]":  # a string
            continue
        depth += len(mark) if mark[0] in ("{", "[") else -len(mark)
        lowest = min(lowest, depth)
    return depth, lowest


def _indent(text: str, pos: int) -> str | None:
    """The space before ``pos`` on its line, if only space is there."""
    line = text.rfind("\n", max(0, pos - _LOOK), pos) + 1
    if not line and pos >= _LOOK:  # (the text before it not copied: on a long line, for
        return None  # each place tried, time in the square of its length, K8)
    before = text[line:pos]
    return before if not before.strip(" \t") else None


def _glued_at(text: str, place: int) -> bool:
    """Whether the bracket at ``place`` is glued after text (:data:`_GLUED`)."""
    for before in (place - 1, place - 2):
        found = _GLUED.match(text, before) if before >= 0 else None
        if found is not None and found.start(1) == place:
            return True
    return False


def _written_lines(text: str, start: int) -> Iterator[re.Match[str]]:
    """The starts of the lines of ``text`` from ``start`` that hold something and are read
    whole (their indentation the match's group 1): blank lines passed over, a line read in
    part (the last, not yet ended) the end."""
    for found in _LINE_START.finditer(text, start):
        if found.end() >= len(text):
            return  # (a line read in part)
        if text[found.end():found.end() + 1] not in "\r\n":  # (not a blank line)
            yield found


def _boundary(text: str, start: int, place: int) -> int:
    """Where the element at ``start`` ends, the next starting at ``place``: at the comma
    between them, if one is there."""
    before = len(text[start + 1:place].rstrip(JSON_SPACE)) + start + 1
    return before - 1 if text[before - 1:before] == "," and before - 1 > start else place
