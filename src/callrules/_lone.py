"""One application alone in a JSON document, damaged by a keystroke: one record.

A JSON document holding one object, not in an array, is one application. A keystroke that
damages it (a byte typed, lost, doubled, or typed for another) can leave text that the
recovery of the JSON reader (``callrules._json_values``), made for many records, reads as
several: a ``}`` doubled closes the object early and leaves its rest after it, a ``{``
typed for an indentation space starts what reads as the next record. A document is one
application damaged when one edit of one byte near where its reading fails (the byte taken
off, another typed before it or for it; an opening bracket typed anywhere before, the damage
showing only at the value's end) makes it one object whole, and no envelope (see
``callrules._json_values.enveloped``): whole records one after the other never are, two
objects need at least two. Such a document is one record, reported as damaged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from callrules._json_scan import LINE_STRINGS, open_brackets, value_end
from callrules._json_values import enveloped

__all__ = ["LONE_BYTES", "lone_damage"]

#: The largest document looked at as one application damaged (a larger one is read as
#: records are: the edits tried grow with the document's size).
LONE_BYTES = 1 << 14
#: How far before where the reading fails any edit is tried; before that, only an opening
#: bracket left open there is taken off (one typed there shows only at its value's end).
_NEAR = 48
#: The bytes an edit types: JSON's marks; beside a literal or a number, what
#: they are made of.
_MARKS = '"{}[],:'
_LITERAL = "truefalsn"
_NUMBER = "0"
_WORD = re.compile(r"[A-Za-z0-9.+-]")
_NAMES = re.compile("(?i:applications|candidatures|candidaturas|solicitudes|postulaciones)")
_DECODER = json.JSONDecoder()
_BRACKETS = re.compile(r"[{}\[\]]")
#: A line holding no bracket, then one starting with ``{`` or ``[``: a stray first line
#: before the records (a title, a comment), not a keystroke in one (see
#: ``callrules._sources._json``).
_STRAY_LINE = re.compile(r"[^\n{}\[\]]*\n[ \t\r\n]*[{\[]")
_SPACE = " \t\r\n"


def lone_damage(text: str) -> json.JSONDecodeError | None:
    """How ``text`` fails to read, when it is one object damaged by one keystroke (see the
    module); None when it reads whole, or is not that."""
    if len(text) > LONE_BYTES or enveloped(text):  # (an envelope's start damaged: its
        return None  # records are read, see callrules._json_values)
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        error = exc
    except (ValueError, RecursionError):
        return None
    else:
        return None
    failed = error.pos
    if error.msg == "Extra data":
        try:  # a whole object or array after a whole value: two records, or more
            if isinstance(_DECODER.raw_decode(text, failed)[0], (dict, list)):
                return None
        except (ValueError, RecursionError):
            pass
    first = len(text) - len(text.lstrip(_SPACE))
    if _STRAY_LINE.match(text, first):
        return None  # a stray line before the records: one problem, the records read
    if text[first:first + 1] != "{":  # (the edit is there: a byte typed before the object,
        edits: Iterable[str] = (  # or for its brace; its brace lost)
            text[:first] + text[first + 1:], text[:first] + "{" + text[first + 1:],
            text[:first] + "{" + text[first:])
    elif _another_after(text, first) or _junk_after(text, first):
        return None
    else:
        edits = _edits(text, failed)
    if any(_one_object(edit) for edit in edits):
        return error
    return None


def _whole_end(text: str, first: int) -> int | None:
    """Where the object at ``first`` ends when it reads whole as JSON; None otherwise."""
    end = value_end(text, first)  # (strings followed over lines too: where a value
    if end is None:  # reads as JSON, it ends at the same place)
        return None
    try:
        json.loads(text[first:end])
    except (ValueError, RecursionError):
        return None
    return end


def _another_after(text: str, first: int) -> bool:
    """Whether the object at ``first`` reads whole and another object or array follows it
    (records one after the other: no edit of one byte makes them one)."""
    end = _whole_end(text, first)
    after = "" if end is None else text[end:].lstrip(_SPACE)
    return len(after) > 2 and after[0] in "[{"


def _junk_after(text: str, first: int) -> bool:
    r"""Whether the object at ``first`` reads whole and no closing brace follows it: bytes
    typed after the application (a stray quote, a word, an opening bracket), read as such
    after it, not a keystroke inside it (a ``}`` doubled inside leaves its rest, closed by
    the object's own brace, after the part read whole).

    >>> _junk_after('{"id": 1}\n"', 0), _junk_after('{"id": 1}}, "b": 2}', 0)
    (True, False)
    """
    end = _whole_end(text, first)
    return end is not None and "}" not in text[end:]


def _edits(text: str, failed: int) -> Iterator[str]:
    """The texts one edit of ``text`` makes, near ``failed`` where its reading fails (a byte
    taken off, typed for another or before it), or further before it (an opening bracket
    still open there taken off). A text whose last byte that is not blank is no ``}`` is
    made an object only by an edit there or after it: the others are not tried (a line
    cut inside a string, by the thousand, costs the time of reading it)."""
    end = len(text.rstrip(_SPACE))
    if text[end - 1:end] != "}":  # (its last byte taken off, a ``}`` typed for it or after)
        for place in range(min(failed, len(text)), max(0, failed - _NEAR, end - 1) - 1, -1):
            if place < len(text):
                yield text[:place] + "}" + text[place + 1:]
            if place >= end:
                yield text[:place] + "}" + text[place:]
            elif place < len(text):
                yield text[:place] + text[place + 1:]
        return
    for place in range(min(failed, len(text)), max(0, failed - _NEAR) - 1, -1):
        around = text[max(0, place - 1):place + 1]
        typed = _MARKS + (_LITERAL + _NUMBER if _WORD.search(around) else "")
        if place < len(text):
            yield text[:place] + text[place + 1:]
            yield from (text[:place] + mark + text[place + 1:] for mark in typed)
        yield from (text[:place] + mark + text[place:] for mark in typed)
    for place in reversed(open_brackets(text, 0, failed, LINE_STRINGS)):
        if place < failed - _NEAR:
            yield text[:place] + text[place + 1:]


def _one_object(text: str) -> bool:
    """Whether ``text`` is one object whole: no envelope, no key given twice in an object,
    and holding no object shaped as itself (its first two keys): a record cut, another
    joined to it, is not."""
    if text.rstrip(_SPACE)[-1:] != "}":
        return False  # (an object ends with its brace: no reading needed to tell)
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return False
    if not isinstance(value, dict) or not value or any(_NAMES.fullmatch(key) for key in value):
        return False
    try:
        json.loads(text, object_pairs_hook=_once)
    except ValueError:
        return False
    head = set(list(value)[:2])
    inner = list(value.values())
    while inner:
        item = inner.pop()
        if isinstance(item, dict):
            if head <= item.keys():
                return False
            inner.extend(item.values())
        elif isinstance(item, list):
            inner.extend(item)
    return True


def _once(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """The object of ``pairs``; ValueError if a key is given twice or holds a bracket (an
    edit that took a record's start, ``{"{id": …``, into a key)."""
    found = dict(pairs)
    if len(found) < len(pairs) or any(_BRACKETS.search(key) for key in found):
        raise ValueError("a key given twice, or a bracket in a key (a record's start in it)")
    return found
