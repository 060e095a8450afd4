"""A compact array on one line cut inside its first record (``tail -c``, a download resumed
at an offset, a file cut at any byte): where its first whole record starts.

The line's text starts inside a record, at any depth, maybe inside a string: what is left
of that record closes more brackets than it opens, and its closing brace is the last place
where the count of brackets falls to a new least value before the array's own closing
brackets, a comma and an object after it (``…"}, {"id": …``). A brace that ends an inner
object (a visitor among visitors) falls to a new least value too, but another one follows it
inside the same record (its list's ``]``, its record's ``}``): the records after the cut
record are whole, so none falls lower until the array's end. The brackets are counted once,
from the line's start (so in linear time), within the record limit; the line's start is
read inside a string when its first quote closes one (a comma, a colon or a bracket after
it: a cut in a string), else outside; the first object found is decoded whole to be sure
of it.
"""

from __future__ import annotations

import re

from callrules._json_scan import follow
from callrules._json_values import INNER_KEYS, RECORD_KEYS, STRICT, _list_key

#: A string (its quotes and escapes), or a bracket.
_TOKEN = re.compile(rb'"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"|[{}\[\]]')
#: The rest of a string the line starts in, to its closing quote.
_STRING_REST = re.compile(rb'[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"')
#: What follows a string's end: a comma, a colon, a closing bracket (space before it).
_AFTER_STRING = re.compile(rb"[ \t\r]*[,:}\]]")
#: A comma, then an object's brace, after a closing brace (space around them).
_NEXT_OBJECT = re.compile(rb"[ \t\r]*,[ \t\r]*\{")
#: The closing brackets that end a line (an array's, an envelope's), and space.
_CLOSERS_TO_END = re.compile(rb"[\]} \t\r,]*")
#: A pretty-printed value's closing line: brackets alone, a comma after them.
_CLOSING_LINE = re.compile(rb"[ \t]*[}\]](?:[ \t]*[}\]])*[ \t]*,?[ \t]*\r?")


def first_whole(text: bytes | bytearray, start: int, end: int) -> int | None:
    """Where the first whole record starts in the line ``text[start:end]`` when that line
    starts inside a record of a compact array (see the module), else None."""
    for quoted in (True, False) if _in_string(text, start, end) else (False,):
        found = _scan(text, start, end, quoted)
        if found is not None and _object_at(text, found, end):
            return None if _array_whole(text, start, found, end) else found
    return None


def _array_whole(text: bytes | bytearray, start: int, found: int, end: int) -> bool:
    """Whether the line is a whole array (its ``[`` first) whose first element is a record
    whole, its keys the same as the record found after it: no cut inside an inner list of a
    record, but closers added inside a later record (``}}``) that made its ``[`` look closed
    early."""
    if text[start:start + 1] != b"[":
        return False
    at = start + 1 + len(text[start + 1:end]) - len(text[start + 1:end].lstrip(b" \t\r"))
    first, after = _value_at(text, at, end), _value_at(text, found, end)
    return isinstance(first, dict) and isinstance(after, dict) and first.keys() == after.keys()


def last_tail(text: bytes | bytearray, start: int, end: int) -> bool:
    """Whether the line ``text[start:end]`` is what is left of a compact array's last record
    (its head lost, no whole record after it): the count of brackets falls to a new least
    value at the brackets that end the line (its record's ``}``, the array's ``]``, a
    comma), no record starting after any brace before them, and what is before them is not
    whole objects alone (records whose array lost its ``[``): its inner objects close
    inside that record, and are none."""
    brace = len(text[start:end]) - len(text[start:end].lstrip(b" \t"))
    if text[start + brace:start + brace + 1] in (b"{", b"[") and not _object_at(
            text, start + brace, end, (dict, list)):
        return False  # (an inner object or list whole first, else an array damaged, a
        # record cut and another joined)
    return any(_scan(text, start, end, quoted, last=True) == end
               for quoted in ((True, False) if _in_string(text, start, end) else (False,)))


def _in_string(text: bytes | bytearray, start: int, end: int) -> bool:
    """Whether the line may start inside a string: not with a bracket or a brace, and its
    first quote ends a string (a comma, a colon or a closing bracket after it), not starts
    one (whatever the count of quotes after it: a quote lost or added in a later record
    changes it)."""
    if text[start:start + 1] in (b"{", b"["):
        return False
    quote = _STRING_REST.match(text, start, end)
    return quote is not None and _AFTER_STRING.match(text, quote.end(), end) is not None


def _scan(text: bytes | bytearray, start: int, end: int, quoted: bool, last: bool = False
          ) -> int | None:
    """Where the first whole record starts (see the module); ``last``: ``end`` when the
    line ends at its record's closing brackets, no record found before them, else None."""
    at = start
    if quoted:
        rest = _STRING_REST.match(text, start, end)
        if rest is None:
            return None
        at = rest.end()
    depth = least = 0
    found: int | None = None
    listed = not quoted and text[at:at + 1] == b"["  # (a list first: its ``]`` ends it)
    for token in _TOKEN.finditer(text, at, end):
        mark = token.group()
        if mark in (b"{", b"["):
            depth += 1
            continue
        if mark not in (b"}", b"]"):
            continue  # (a string)
        depth -= 1
        if listed and depth == 0:
            if mark == b"}":
                return None  # (the array's own "[" closed by a record's brace added: a
                # whole array damaged further on, not a line cut inside a list of a record)
            listed = False
        if depth >= least:
            continue
        least = depth
        after = token.end()
        if mark == b"}" and (following := _NEXT_OBJECT.match(text, after, end)):
            found = following.end() - 1  # (a record's end, or an inner object's)
        elif _CLOSERS_TO_END.match(text, token.start(), end).end() == end:  # type: ignore[union-attr]
            if last:  # (not whole objects one after the other: an array that lost its "[";
                # the record's "}" and the array's "]" at least closed: a record alone on its
                # line, JSON Lines, ends with its "}")
                closers = text[token.start():end]
                return end if found is None and closers.rstrip(b" \t\r")[-1:] in (
                    b"]", b",") and depth + 1 - closers.count(b"}") - closers.count(
                    b"]") <= -2 and not _objects_only(text, at, token.start()) else None
            break  # the array's end (an envelope's after it)
        else:
            found = None  # an inner object's end: its list, its record close after it
    return None if last else found


def _objects_only(text: bytes | bytearray, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is whole objects one after the other, commas between."""
    return _objects(text, start, end) is not None


def _objects(text: bytes | bytearray, start: int, end: int) -> list[dict[str, object]] | None:
    """The whole objects ``text[start:end]`` is, one after the other, commas between; else
    None."""
    written = bytes(text[start:end]).decode("utf-8", "surrogateescape")
    at, found = 0, []
    while True:
        at = len(written) - len(written[at:].lstrip(" \t\r")) if at < len(written) else at
        try:
            value, at = STRICT.raw_decode(written, at)
        except (ValueError, RecursionError):
            return None
        if not isinstance(value, dict):
            return None
        found.append(value)
        rest = written[at:].lstrip(" \t\r")
        if not rest:
            return found
        if rest[0] != ",":
            return None
        at = len(written) - len(rest) + 1


def _value_at(text: bytes | bytearray, start: int, end: int) -> object:
    """The value whole at ``start`` in ``text[:end]``, else None."""
    try:
        return STRICT.raw_decode(bytes(text[start:end]).decode("utf-8", "surrogateescape"))[0]
    except (ValueError, RecursionError):
        return None


def _object_at(text: bytes | bytearray, start: int, end: int,
               kinds: type | tuple[type, ...] = dict) -> bool:
    """Whether a whole object (a value of ``kinds``) starts at ``start`` in ``text[:end]``."""
    try:
        value, _ = STRICT.raw_decode(bytes(text[start:end]).decode("utf-8", "surrogateescape"))
    except (ValueError, RecursionError):
        return False
    return isinstance(value, kinds)


def pretty_last_tail(text: bytes | bytearray) -> bool:
    """Whether the whole of pretty-printed ``text`` (an array, a ``jq .`` stream) is what is
    left of its last record after its head was lost (``tail -n``, ``tail -c``, a cut at an
    inner object's ``{`` whose indentation went with the lines before it): its brackets,
    followed line by line (no string spans lines in pretty JSON; the first line may start
    inside one), and the closing lines that end it: the first of their brackets to fall
    lower than any before them did is a brace (the record's: a later record whole would
    close at the least depth its cut one's brace reached, and an array's ``]`` or an
    envelope's list's fall lower first), no envelope's list before it; or what is before
    it is whole objects alone, one brace not as indented as its closing line (an inner
    list of the last record cut at an object's ``{``, its indentation lost; as indented,
    records whole: an array or envelope that lost its opening line)."""
    lines = [line for line in bytes(text).split(b"\n") if line.strip(b" \t\r")]
    run = len(lines)
    while run and _CLOSING_LINE.fullmatch(lines[run - 1]):
        run -= 1
    if not run or run == len(lines):
        return False
    depth = least = 0
    for number, line in enumerate(lines[:run]):
        step, quoted = follow(line, depth)
        if quoted and number == 0:  # (the first line cut inside a string)
            step, quoted = follow(line, depth, True)
        if quoted:
            return False  # (a string open at a line's end: no pretty JSON)
        depth = step
        least = min(least, depth)  # (a line's own brackets close after they open)
    fell, listed = None, False  # (the line whose brace falls lowest first; a list's first)
    for number in range(run, len(lines)):
        for mark in lines[number]:
            if mark in b"}]":
                depth -= 1
                if fell is None and depth < least:
                    fell, listed = number, mark == ord("]")
    if fell is None:
        return False
    before = b" ".join(lines[:fell])  # (no line break inside a string of pretty JSON)
    if _records_from_start(lines[:fell]):  # (an array that lost its "[" line, a later
        # record damaged), but for objects giving only the keys of an application's inner
        # objects (none every application gives), closed two brackets deep at least (an
        # envelope's list, an inner list of a ``jq .`` record, or deeper): the last record's
        # inner objects, whole from the line it was cut at (an exchange rate), never
        # records; objects of other keys (``{"note": …}``, ``{}``) stay one result each
        # (look65l: 36 of 48 such envelopes read as one problem)
        objects = _objects(before, 0, len(before))
        return objects is not None and sum(
            line.count(b"}") + line.count(b"]") for line in lines[fell:]) >= 2 and all(
                each and RECORD_KEYS.isdisjoint(each) and INNER_KEYS.issuperset(each)
                for each in objects)
    if _list_key(before.decode("utf-8", "surrogateescape"), 0, True) is not None:
        return False  # (an envelope's list of records, its head damaged: they are whole)
    if _records_after_junk(before):
        return False  # (junk typed before whole records: no record's tail, a stray closer)
    if _objects_only(before, 0, len(before)):
        return not _as_indented(lines[:fell])
    return not listed


#: What may stand before a document's first bracket without being a record's tail: no
#: quote, colon or comma (what is left of a record holds one before any of its brackets
#: opens, or a closing bracket first), no bracket (a control, a letter, ``#``…).
_JUNK = re.compile(rb'[^"{}\[\]:,]{1,16}+(?=[{\[])')


def _records_after_junk(text: bytes) -> bool:
    """Whether ``text`` is junk (:data:`_JUNK`: ``\\x01``, ``x``, a NUL and a space) then
    whole JSON values to its end, each an array of records or a record (an object): a
    document with junk typed before it, never the tail of a record whose head was lost."""
    found = _JUNK.match(text)
    if found is None:
        return False
    try:
        rest = text[found.end():].decode("utf-8")
    except UnicodeDecodeError:
        return False
    at, seen = 0, False
    while at < len(rest):
        try:
            value, at = STRICT.raw_decode(rest, at)
        except (ValueError, RecursionError):
            return False
        if not (isinstance(value, dict) and value) and not (
                isinstance(value, list) and value and all(
                    isinstance(item, dict) for item in value)):
            return False
        seen = True
        at = len(rest) - len(rest[at:].lstrip(" \t\r\n"))
    return seen


#: A pretty-printed object's opening line: its brace alone.
_OPENING_LINE = re.compile(rb"([ \t]*)\{[ \t]*\r?")


def _records_from_start(lines: list[bytes]) -> bool:
    """Whether ``lines`` (non-blank) start with a record whole as an array's element: its
    brace alone on the first line, its closing line as indented, and no line after it less
    indented (what is left of a last record is less indented past its inner objects: a
    member of its own, the list that held them closed). A later record damaged (a block of
    its lines lost, its brackets then unbalanced) makes the whole no record's tail."""
    opening = _OPENING_LINE.fullmatch(lines[0])
    if opening is None:
        return False
    brace, depth, closed = len(opening[1]), 0, False
    for line in lines:
        lead = len(line) - len(line.lstrip(b" \t"))
        if lead < brace:
            return False
        if not closed:
            depth, _ = follow(line, depth)
            if depth <= 0:
                if lead != brace:
                    return False
                closed = True
    return closed


def _as_indented(lines: list[bytes]) -> bool:
    """Whether the first non-blank of ``lines`` is no brace moved: indented (as its closing
    line, or cut inside its indentation), or at the first column as its closing line is
    (a cut at an inner object's ``{`` leaves it there, its closing line indented)."""
    depth, lead = 0, None
    for line in lines:
        if not line.strip(b" \t\r"):
            continue
        indent = len(line) - len(line.lstrip(b" \t"))
        lead = indent if lead is None else lead
        depth, _ = follow(line, depth)
        if depth <= 0:
            return lead > 0 or indent == lead
    return False
