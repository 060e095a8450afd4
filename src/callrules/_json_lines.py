"""JSON Lines: one record a line, each read as soon as its line arrives.

A line's value is a record; an array on a line gives its elements, one record each. A
JSON Lines line holding several whole values (``}{``, RFC 7464 record separators, U+2028 or
NEL between them; a comma, an array's body copied without its brackets, or a wrong byte
typed for it) gives each, and a comma after a line's value is no part of it. A value
written over several lines (a record pasted pretty-printed) is one record, labelled with
its first line (:class:`_Spanning`); a document so written (an array, an envelope: files
joined) gives its records as a JSON file does, damaged or not. A byte-order mark at the
start of a later line (files joined end to end) is dropped. A line cut, then the next
file's first line joined to it (no line break between), is two records: the cut one, and
the whole one ending the line (or the document written over lines starting there).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, pairwise

from callrules._colours import uncoloured_text
from callrules._invisible import all_blank
from callrules._json_scan import READ_LEVELS, follow, nested_past, open_brackets, value_end
from callrules._json_values import (
    FRONT_TEXT,
    HEAD_LINES,
    JSON_SPACE,
    STRICT,
    OtherFormat,
    Values,
    enveloped,
    first_key,
    head_line,
    line_record,
    unlisted,
)
from callrules._lone import lone_damage
from callrules._messages import UNREAD_JSON
from callrules._reading import (
    BOM,
    ESCAPED,
    MAX_RECORD_BYTES,
    GivenBack,
    Over,
    not_utf8,
    over,
    problem,
    too_large,
)
from callrules._sourced import Sourced
from callrules.exceptions import InputError

__all__ = [
    "RS",
    "SEPARATORS",
    "TYPED_BREAKS",
    "Rest",
    "blank_line",
    "fronted",
    "is_json",
    "joined_values",
    "jsonl",
    "list_opened",
    "rest_of",
    "sequence",
    "tagged",
]

#: Separators between values on one JSON Lines line: RFC 7464's record separator, and line
#: and paragraph separators that some tools write for line ends.
SEPARATORS = "\x1e\u2028\u2029\x85"
#: RFC 7464's record separator: in a JSON text sequence, the byte before each record.
RS = b"\x1e"
_GAP = re.compile(f"[{JSON_SPACE}{SEPARATORS}]*")
_BLANKS = f"{JSON_SPACE}{SEPARATORS}"
#: A byte of what stands for the comma between two whole values of a line (an array's body
#: copied without its brackets: ``},{``; a wrong byte typed for the comma, as ``;``, a
#: letter, a form feed or NUL): none of a quote, a bracket or a blank.
_OTHER = f'[^"{{}}\\[\\]{_BLANKS}]'
_WRONG_COMMA = re.compile(f"{_OTHER}{{1,3}}")
_JOINED = re.compile(
    f"[}}\\]][ \t\r\ufeff{SEPARATORS}]*(?:(?:{_OTHER}|[\"}}\\]]){{1,3}}[{_BLANKS}]*)?[{{\\[]")
#: Damage between two whole values of a line, the second an object or array: one to three
#: bytes, no blank nor opening bracket (a stray ``}``, ``]``, quote or letter), then blanks.
_DAMAGE = re.compile(f"[^{{\\[{_BLANKS}]{{1,3}}[{_BLANKS}]*(?=[{{\\[])")
#: After a whole value of a line, text that goes on as the same object: up to three bytes (no
#: opening bracket: stray closers, a quote, the rest of a string), then a member (``,"key":``
#: or ``"key":``). A stray ``}`` ended the object early: that value and its rest are ONE
#: record damaged (as :func:`callrules._lone.lone_damage` reads a line of one value), never
#: a value judged.
_GOES_ON = re.compile(r'[^{\[]{0,3}?[ \t]*,?[ \t]*"(?:[^"\\\n]|\\.)*+"[ \t]*:')
#: An object with a key, anywhere on a line; and a line's first key (with its brace).
_OBJECT_AT = re.compile('[{]"')
#: The same, or an array of them (its bracket).
_OBJECT_OR_LIST = re.compile('[{]"|\\[(?=[ \t]*[{]")')
_KEY = re.compile(r'[{]"(?:[^"\\\n]|\\.)*+"(?=[ \t]*:)')
#: A bracket ending a line (Jackson's ``[ {`` too) after text, not after a key, a comma or a
#: bracket (group 1: the brackets): a line cut, a pretty-printed value's first line joined.
_GLUED_OPEN = re.compile(b'[^:,{\\[\\s]((?:\\[[ \t]*)?[{\\[])$')
#: The brackets opening a document at a line's end: an array's (Jackson's ``[ {`` too) or an
#: object's.
_OPENS = re.compile(rb"(\[(?:[ \t]*[{])?|[{])$")
#: A byte or two typed before a document's first line (``x[``, ``,[ {``, ``"{``), or a short
#: text with no brace nor quote (``const apps = [``, ``Out[3]: [``), the line's brackets
#: (group 1): no line of JSON Lines, nor a value's first line.
_FRONT = re.compile(rb'[ \t]*(?:(?:[^ \t{\[\x80-\xff]|[\xc2-\xf4][\x80-\xbf]{1,3}){1,2}'
                    rb'|(?:[^ \t\r\n{\["]|\[(?![ \t]*(?:[{\[]|\Z)))'
                    rb'(?:[^\r\n{\["]|\[(?![ \t]*(?:[{\[]|\Z))){2,63}?)[ \t]*'
                    rb'(\[(?:[ \t]*[{])?|[{])')  # (characters: a zero-width space is 3 bytes)
#: A character or two typed before a line's list of records (``x[{…}]``, a no-break space
#: pasted before it, ``, `` left from an array's body, a closer), or a short text printed
#: before it (:data:`FRONT_TEXT`: ``const apps = ``, ``callback(``, ``[INFO] ``): an array of
#: objects or an envelope (its start: the match's end).
_FRONTED = re.compile('(?:[^ \t\r\n{\\[]{1,2}|' + FRONT_TEXT
                      + ')[ \t]*(?=\\[[ \t]*[{][ \t]*"|[{][ \t]*")')  # (or a short text)
#: The last brackets (three at most: each is tried) opened at a line's end, blanks between.
_RUN = re.compile(rb"[\[{](?:[ \t]*[\[{]){0,2}[ \t]*$")
#: A tag in brackets holding no value's brackets, braces or quotes (a log's ``[INFO]``).
_TAG = re.compile('\\[[^\\[\\]{}"]*\\]')
#: How many objects are tried for a whole one ending a damaged line.
_TRIES = 64

def is_json(text: bytes) -> bool:
    """Whether ``text`` is one JSON value (RFC 7464 separators around it allowed)."""
    try:
        json.loads(text.decode("utf-8").strip(SEPARATORS))
    except (ValueError, RecursionError):
        return False
    return True


def blank_line(line: bytes) -> bool:
    """Whether the UTF-8 ``line`` holds nothing but blanks, as a blank source does
    (:func:`blank_text`), and no record separator (RFC 7464's, which starts a record).

    >>> [blank_line(b) for b in (b"\\x00\\n", b"\\x1a\\x7f", "\\u3164\\u2800".encode(),
    ...                          b"\\x1e\\n", b"{}\\n", b"\\xa0")]
    [True, True, True, False, False, False]
    """
    if RS in line:
        return False
    try:
        return blank_text(line.decode("utf-8"))
    except UnicodeDecodeError:
        return False


def blank_text(text: str) -> bool:
    """Whether the line ``text`` holds nothing but what makes a source blank (the one rule
    of ``empty_file``, :func:`callrules._invisible.is_blank`: spaces of any kind, controls such
    as NUL, Ctrl-Z, EOT or DEL, format characters, fillers drawn as nothing; a terminal
    colour code): no record, and nothing said of it, as of a line left empty (N records
    and such lines give N results).

    >>> [blank_text(t) for t in ("\\x0c", "\\x00\\x1a", "\\u3164", "\\x1b[0m", "-")]
    [True, True, True, True, False]
    """
    return all_blank((str(uncoloured_text(text)) if "\x1b" in text else text).strip(
        " \t\r\n"))


def jsonl(lines: Iterable[bytes | Over], source: str, start: int = 1,
          other: OtherFormat | None = None, told: bool = False, body: bool = False,
          alone: bool = False) -> Iterator[Sourced]:
    """The records of JSON Lines: each line's value (each value of a line holding several:
    :func:`joined_values`), an array's elements each (as in a JSON file), labelled with
    the line and the position in the array (``batch.jsonl:3[1]``). A value written over
    several lines (a record pasted pretty-printed, as ``jq .`` writes it) is one record,
    labelled with its first line: see :class:`_Spanning`. ``start``: the number of the first
    line (lines read after others, of another format: files joined). ``other``: how a line
    after records that starts another format (a CSV file's header: files joined) is read,
    with the lines after it. A compact record a line break was typed into is one record
    (:func:`_broken`); ``told``: JSON Lines said (a break beside a number then one problem).
    A compact array that lost its ``[`` (lines of records each ending with a comma, from
    ``body`` on if given: lines read before) gives its last record, the ``]`` after it, as
    written, and that ``]`` alone on its line nothing. ``alone``: each line read alone, a
    record as soon as its line end arrives, never held to be joined with the next (a worker
    reading a pipe: no line waits for the one after it), every line holding anything one
    result at least (a ``]`` or closers alone on a line too: one problem each).
    """
    spanning = _Spanning()
    lines = GivenBack(lines)
    number = start - 1
    array_ended = False  # the last line holding anything was a whole array on one line
    for line in lines:
        number += 1
        where = f"{source}:{number}"
        if isinstance(line, Over):  # the last line when endless (its source stops)
            yield from spanning.flush(source)
            yield over(line, where)
            continue
        assert isinstance(line, bytes)
        line = line.removeprefix(BOM)  # a byte-order mark inside: files joined end to end
        bare = line.strip(b" \t\r\n")
        after, array_ended = array_ended, array_ended and not bare  # (blank lines: no matter)
        if spanning.held:
            if spanning.ends_before(line):  # no part of what is held: a record of its own
                yield from spanning.flush(source)
            else:
                closed = spanning.add(number, line)
                if closed is not None:
                    yield from _line_value(closed, f"{source}:{spanning.start}")
                    spanning.drop()
                elif not spanning.open:
                    yield from spanning.flush(source)
                continue
        if body and (ended := _array_closed(line)) is not None and (ended or not alone):
            line = ended  # (its last record, the array's "]" after it, or that "]" alone:
            # ``alone``, a line of its own, one result as any line holding something)
        elif not body and not spanning.held:
            body = in_body(line)
        if not alone and (broken := _broken(line, lines, told, spanning.keys)) is not None:
            number += broken[0]  # (line breaks typed into a compact record: its lines one)
            yield from broken[1](where)
            continue
        if not alone and spanning.begin(number, line):
            continue
        if other is not None and number > start and not line.lstrip(b" \t").startswith(
                (b"{", b"[")) and _other_starts(line, lines, other):
            yield from other.read_lines(chain([line], lines), number)  # (files joined)
            return
        if other is not None and (glued := _other_glued(line, other, lines)) is not None:
            yield from _one_line(line[:glued], where)  # the last record, then another
            yield from other.read_lines(  # format's text glued after it (files joined,
                chain([line[glued:].lstrip(b" \t").removeprefix(BOM)], lines), number)
            return  # the first without a final line end)
        if after and _closing(bare) and not alone:
            array_ended = True
            continue  # closers left after a whole array (``]]}``, an edit's leftovers): no
            # record, as they are none after it on its own line (read as a JSON file)
        array_ended = (bare[:1] == b"[" and bare.rstrip(b",")[-1:] == b"]") or (
            not bare and after)
        if not spanning.keys and (key := first_key(bare.decode(
                "utf-8", "surrogateescape"))) is not None:
            spanning.keys.add(key)  # (the first record's: an item read as a line of its
            # own after a damaged record over lines is no record)
        yield from (_line_alone if alone else _one_line)(line, where)
    yield from spanning.flush(source)


def _line_alone(line: bytes, where: str) -> Iterator[Sourced]:
    """The records of a line read alone (:func:`jsonl`'s ``alone``: a worker's pipe), as
    :func:`_one_line` gives them; but a line that is part of a value written over several
    lines (:func:`_over_lines`) and gives no record is one problem saying so, and what to do
    (each record on one line, or the file not read line by line as it arrives), never the
    JSON reader's words for a line cut short."""
    found = list(_one_line(line, where))
    if len(found) != 1 or not _over_lines(line) or not _no_record(found[0]):
        yield from found
        return
    kind = "not_an_object" if is_json(line.strip(_SPACE).removesuffix(b",")) else "json_invalid"
    yield problem(found[0].source, kind, UNREAD_JSON[_OVER_LINES], {"template": _OVER_LINES})


def _over_lines(line: bytes) -> bool:
    """Whether ``line`` reads as a line of a value written over several lines, never a
    record whole: closers alone (``}``, ``],``), an object's member (a key and its colon
    first: ``"id": "A-1",``, ``"host": {``), a value opened and left open at the line's end
    (``{``, ``[``, ``"visitors": [``, ``{"id": "A-1",``), a list's element (a number, a text,
    true, false or null) indented or followed by a comma (``  "A-1"``, ``3,``)."""
    bare = line.strip(_SPACE)
    if not bare:
        return False
    if _closing(bare) or _KEY_FIRST.match(bare):
        return True
    if bare[:1] in (b"{", b"["):
        depth, quoted = follow(bare)
        return depth > 0 and not quoted and bare[-1:] in (b"{", b"[", b",")
    element = bare.removesuffix(b",")
    return (element != bare or line[:1] in (b" ", b"\t")) and is_json(element)


def _no_record(item: Sourced) -> bool:
    """Whether ``item`` (a line's one result) holds no record: text that is no JSON object,
    or a problem of text that is not valid JSON."""
    if isinstance(item.data, InputError):
        return all(found.type == "json_invalid" for found in item.data.problems)
    if not isinstance(item.data, str):
        return False
    try:
        return not isinstance(json.loads(item.data), dict)
    except (ValueError, RecursionError):
        return True


#: An object's member first on a line: a key (a JSON string) and its colon.
_KEY_FIRST = re.compile(rb'"(?:[^"\\]|\\.)*+"[ \t]*:')


def in_body(line: bytes) -> bool:
    """Whether ``line`` ends as a line of a compact array's body: a record's end then a
    comma (the first, whole or the tail of one cut), or that comma alone, not indented (no
    line of a pretty-printed value)."""
    bare = line.strip(b" \t\r\n")
    return line[:1] not in b" \t" and (bare == b"," or bare[-2:] == b"},")


def _array_closed(line: bytes) -> bytes | None:
    """The record ``line`` holds before the ``]`` ending it, after a compact array's body
    (:func:`in_body`), or nothing (that ``]`` alone on its line); None if it is not so."""
    bare = line.strip(b" \t\r\n")
    if bare[-1:] != b"]" or line[:1] in b" \t":
        return None
    if bare == b"]":
        return b""
    return bare[:-1] if bare[:1] == b"{" and is_json(bare[:-1]) else None


def sequence(lines: Iterable[bytes | Over], source: str,
             other: OtherFormat | None = None, start: int = 1) -> Iterator[Sourced]:
    """The records of an RFC 7464 JSON text sequence (``jq --seq``): a record separator (RS)
    starts each record, and what lies between two, pretty-printed over lines or compact,
    whole or damaged, is one record, labelled with the line its RS is on. Two RS in a row
    hold no record; a RS lost leaves two records together, told apart where a line starts
    with ``{`` or ``[`` at its first column (a record's first line, as ``jq`` writes it: its
    inner lines are indented) or where one whole value ends and the next starts
    (:func:`joined_values`). A record over :data:`MAX_RECORD_BYTES` is ``too_large``.

    A line with no RS nor ``{`` or ``[`` at its start after a record whole to its line's end
    (a file of another kind joined after the sequence, log lines between records) is no
    part of it: up to the next RS or record's start, each such line is read alone as a line
    of JSON Lines is, and from a line that starts ``other`` (a CSV header), the rest as that
    format. The first line is numbered ``start`` (a sequence after other JSON)."""
    first = start
    held: list[bytes] | None = []
    start = size = 0
    depth: int | None = 0  # the brackets the record held leaves open (None: not known)
    loose = False  # whether lines after a whole record are read alone, up to the next RS
    lines = GivenBack(lines)
    for number, line in enumerate(lines, start=first):
        if isinstance(line, Over):  # a line over the limit, or no end (the source stops)
            yield from _texts(held, start, source)
            held, start, size, depth = [], number + 1, 0, 0
            yield over(line, f"{source}:{number}")
            continue
        assert isinstance(line, bytes)
        if line[:1] in (b"{", b"["):  # a record's first line, its RS lost: held, as ever
            loose = False
        elif not line.startswith(RS) and line.strip(b" \t\r\n"):
            if not loose and held and depth == 0 and line[:1] not in b" \t}],":
                text = b"".join(held)  # (looked at once a record: time linear in it)
                loose = text.rstrip(b" \t\r\n")[-1:] in (b"}", b"]") and is_json(text)
                if loose:
                    yield from _texts(held, start, source)
                    held, start, size = [], 0, 0
                depth = 0 if loose else None
            if loose:
                if other is not None and RS not in line and _other_starts(line, lines, other):
                    yield from other.read_lines(chain([line], lines), number)
                    return
                cut = line.find(RS)
                yield from _one_line(line if cut == -1 else line[:cut], f"{source}:{number}")
                if cut == -1:
                    continue
                line = line[cut:]
        for index, part in enumerate(line.split(RS)):
            if index:  # a record separator: the record held ends, the next starts
                yield from _texts(held, start, source)
                held, start, size, depth, loose = [], number, 0, 0, False
            if depth is not None and held is not None:
                change = _depth(part)
                depth = None if change is None else depth + change
            if held is not None and part:
                if not held and not part.strip(b" \t\r\n"):
                    continue  # blanks between records
                if not held and not start:
                    start = number
                size += len(part)
                if size > MAX_RECORD_BYTES:
                    held = None
                else:
                    held.append(part)
    yield from _texts(held, start, source)


def _texts(held: list[bytes] | None, start: int, source: str) -> Iterator[Sourced]:
    """The records of what lies between two record separators (``held``, from line
    ``start``; None: over the record limit)."""
    where = f"{source}:{start}"
    if held is None:
        yield too_large(where)
        return
    data = b"".join(held).removeprefix(BOM)
    if not data.strip(b" \t\r\n"):
        return
    yield from _one_value(data, where, lambda text: _separated(text, source, start))


def _separated(text: str, source: str, start: int) -> Iterator[Sourced]:
    """The records of ``text`` (from line ``start``), which is not one JSON value: a record
    separator was lost between records."""
    for offset, part in _arrays_whole(_record_starts(text)):
        for found in joined_values(part):
            yield from _line_value(found, f"{source}:{start + offset}")


def _one_value(data: bytes, where: str, otherwise: Callable[[str], Iterator[Sourced]]
               ) -> Iterator[Sourced]:
    """The records of ``data`` held as one record at ``where``: a problem if it is not
    UTF-8, the value's records if it is one JSON value, else ``otherwise(text)``."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield not_utf8(where, exc)
        return
    value = _value_of(text)
    if value is not None:
        yield from _line_value(value, where)
    else:
        yield from otherwise(text)


def _arrays_whole(parts: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """The ``parts`` (see :func:`_record_starts`), those from one opening more brackets than
    it closes to where they close one part when together they are whole JSON values (an
    array whose elements start lines at their first column, as ``mongoexport --jsonArray``
    writes it, after a sequence's record or on its last line)."""
    group: list[tuple[int, str]] = []
    depth = size = 0
    for offset, part in parts:
        change = _depth(part.encode("utf-8", "surrogatepass"))
        if not group and not change:
            yield offset, part
            continue
        group.append((offset, part))
        depth, size = (-1 if change is None else depth + change), size + len(part)
        if depth > 0 and size <= MAX_RECORD_BYTES:
            continue
        whole = "\n".join(text for _, text in group)
        if depth == 0 and len(group) > 1 and (_value_of(whole) is not None or all(
                _value_of(value) is not None for value in joined_values(whole))):
            yield group[0][0], whole
        else:
            yield from group
        group, depth, size = [], 0, 0
    yield from group


def _record_starts(text: str) -> Iterator[tuple[int, str]]:
    """``text`` in parts, each from a line starting with ``{`` or ``[`` at its first column
    (and the line's offset from the first): the records ``jq`` writes, one a part."""
    part: list[str] = []
    first = 0
    filled = False  # whether the part holds more than blanks
    for offset, line in enumerate(text.split("\n")):
        if filled and line[:1] in ("{", "["):
            yield first, "\n".join(part)
            part, first, filled = [], offset, False
        part.append(line)
        filled = filled or bool(line.strip(JSON_SPACE))
    if filled:
        yield first, "\n".join(part)


def _broken(line: bytes, lines: GivenBack[bytes | Over], told: bool, keys: set[str]
            ) -> tuple[int, Callable[[str], Iterator[Sourced]]] | None:
    """How a compact record that line breaks were typed into is read, ``line`` its first
    part and the lines after it its rest (:class:`Rest`; then taken from ``lines``, else
    given back): how many lines it took, and how it is read; None if it is not. Its lines
    are one record, as written when they are JSON whole (each line break one of JSON's
    blanks), else one damaged record (a break inside a string), never a result each,
    however many breaks (Enter hit twice, an editor wrapping a long record at a few places).
    JSON Lines ``told``, a break beside a number (``"pages": ⏎3``: typed over the 1 of 13,
    or inserted; ``"pages": 1⏎,``) is one problem: its value is not known. Found, it is
    not: valid JSON breaks beside a number wherever a blank may stand (``"pages": 3⏎}``,
    ``json.dumps(indent=0)``, an editor's wrap), read as written as everywhere else.
    ``keys``: those the records read open with (see :func:`_apart`)."""
    if (rest := Rest.of(line)) is None:
        return None
    taken: list[bytes] = []
    while True:
        after = next(lines, None)
        closed = rest.add(after)
        if closed is None and isinstance(after, bytes):
            taken.append(after)
            continue
        if not closed or not isinstance(after, bytes):
            lines.give_back([*taken, *([] if after is None else [after])])
            return None
        taken.append(after)
        break
    joined = b"".join((line, *taken))
    try:
        parts = [part.decode("utf-8") for part in (line, *taken)]
    except UnicodeDecodeError:  # (a break typed inside a character's bytes, or bytes
        return len(taken), lambda where: _one_line(joined, where)  # not UTF-8: one problem)
    text = "".join(parts)
    value = _value_of(text)
    if value is not None and told and any(
            before.rstrip(JSON_SPACE)[-1:] in tuple("0123456789")
            or following.lstrip(JSON_SPACE)[:1] in tuple("-0123456789")
            for before, following in pairwise(parts)):
        return len(taken), lambda where: iter((problem(
            where, "json_invalid", UNREAD_JSON[_BESIDE_NUMBER],
            {"template": _BESIDE_NUMBER}),))
    if value is not None:
        return len(taken), lambda where: _line_value(value, where)
    if (apart := _apart([line, *taken], keys)) is not None:  # (a record whole on its line among
        return len(taken), lambda where: _each_part(apart, where)  # them: its own)
    return len(taken), lambda where: iter((Sourced(where, text),))


def _open_after(line: bytes) -> tuple[int, bool] | None:
    """The brackets ``line`` leaves open and whether a string, if it leaves any (followed
    as bytes: a line break typed inside a character's bytes leaves the brackets as they
    are, JSON's marks being ASCII)."""
    depth, quoted = follow(line)
    return (depth, quoted) if depth > 0 or quoted else None


#: The words of a compact record a line break was typed into beside a number (:func:`_broken`).
_BESIDE_NUMBER = "json_break_beside_number"
#: The words of a line of a value written over several lines, read alone (:func:`_line_alone`).
_OVER_LINES = "json_record_over_lines"
#: JSON's blanks, as bytes.
_SPACE = b" \t\r\n"
#: How many line breaks typed into one compact record are looked for at most (the lines
#: after its first taken as its rest): Enter hit twice, an editor's wrap at a few places.
TYPED_BREAKS = 8


class Rest:
    """The rest of a compact record started on a line, line breaks typed into it: the
    first line starts with an object's brace and leaves brackets (or a string) open (``{``
    alone too, a break typed after it, when the next line is not indented as a
    pretty-printed value's second line is); the lines after it, up to
    :data:`TYPED_BREAKS` of them, go on with it (none a whole record of its own from its
    first column, none closing what is open before its end, a record's brace never first
    on a line after a string left open: a quote lost or added in each of two records) until
    one closes exactly what is open at its end (a comma after it allowed); blank lines
    between them are part of it (Enter hit twice). Lines indented under the first, the last
    closing brackets alone, are a pretty-printed value, not this (:class:`_Spanning`). All
    within ``limit`` bytes, strings followed, not decoded: each line looked at once."""

    def __init__(self, opened: tuple[int, bool], size: int, limit: int) -> None:
        self.opened = opened
        self.size = size
        self.limit = limit
        self.count = 0
        self.indented = True  # whether each line after the first is indented (pretty)
        self.inner = 0  # how many lines after the first, blank ones left out, went on with it
        self.alone = False  # whether the first line is ``{`` alone

    @classmethod
    def of(cls, line: bytes, limit: int = MAX_RECORD_BYTES) -> Rest | None:
        """How the rest of the record ``line`` starts is followed; None if it starts none."""
        if line.lstrip(b" \t")[:1] != b"{" or len(line) > limit or (
                opened := _open_after(line)) is None:
            return None
        found = cls(opened, len(line), limit)
        found.alone = line.strip(_SPACE) == b"{"
        return found

    def add(self, line: object) -> bool | None:
        """Whether ``line``, the next line, ends the record (True) or is no part of it
        (False: not bytes, over the limits, a record of its own…); None: it goes on."""
        if not isinstance(line, bytes):
            return False
        self.size += len(line)
        self.count += 1
        if self.size > self.limit or self.count > TYPED_BREAKS or _whole_at_start(line):
            return False
        if self.alone and self.count == 1 and line[:1] in (b" ", b"\t"):
            return False  # (a pretty-printed value's first two lines)
        if not line.strip(_SPACE):
            return None  # (Enter hit twice: a blank line inside the record)
        if self.opened[1] and line.lstrip(_SPACE)[:1] == b"{":
            return False  # (a string left open, then a record's start: a quote lost or added
            # in each of two records, not one record's string cut by a line break)
        content = line.rstrip(_SPACE).removesuffix(b",")
        closed, still = follow(content, *self.opened)
        if closed == 0 and not still:
            if _closed_before_end(content, *self.opened):
                return False  # (text after its close: ``}  "id": …,``, a brace typed into
                # a pretty-printed value's first key line, not a record's end)
            return not (self.inner > 0 and self.indented and _closing(line))  # (blank
            # lines between say nothing of indentation: Enter hit twice before the end)
        self.inner += 1
        self.indented = self.indented and line[:1] in (b" ", b"\t")
        self.opened = follow(line, *self.opened)
        return None if self.opened[0] > 0 or self.opened[1] else False


#: A string (its quotes and escapes), or a bracket; the rest of a string left open.
_MARKS = re.compile(rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"|[{}\[\]]')
_STRING_REST = re.compile(rb'[^"\\]*+(?:\\.[^"\\]*+)*+"')


def _closed_before_end(content: bytes, depth: int, quoted: bool) -> bool:
    """Whether ``content`` closes the ``depth`` brackets open before it (a string open, if
    ``quoted``) before its last byte: text follows what closes the record."""
    at = 0
    if quoted:
        if (rest := _STRING_REST.match(content)) is None:
            return False
        at = rest.end()
    for mark in _MARKS.finditer(content, at):
        if mark.group() in (b"{", b"["):
            depth += 1
        elif mark.group() in (b"}", b"]"):
            depth -= 1
            if depth <= 0:
                return bool(content[mark.end():].strip(_SPACE))
    return False


def rest_of(line: bytes, rest: bytes, limit: int = MAX_RECORD_BYTES) -> bool:
    """Whether ``rest`` is the whole rest of the compact record started on ``line``, one
    line break typed into it (:class:`Rest`)."""
    return (found := Rest.of(line, limit)) is not None and found.add(rest) is True


class _Spanning:
    """The lines of a value written over several lines of JSON Lines, held until it closes.

    A line that opens a value it does not close as a pretty-printed value's first line does
    (``{`` alone, or ``{"id": "R2",``: it starts with a bracket and ends with one or a comma,
    more brackets opened than closed, strings left out, none open at its end) is held with
    the lines after it until the brackets close: then, if the lines held are one JSON value
    (a trailing comma after it allowed), it is one record.

    A value indented as pretty-printed (its inner lines deeper than its first) ends, damaged
    or not, at its closing line (``}`` or ``]`` at its first line's indentation), or before
    the first line that is not deeper than its first (it lost its closing line: a record of
    its own starts there), as a named JSON file reads it: its lines are then one record,
    labelled with its first line, a problem if they are no value (a quote added or lost
    inside, brackets that do not close), never one result a line.

    Anything else gives each line held its own result, as it would have alone (a damaged
    line of JSON Lines that starts as a pretty value does): a line opening a string it does
    not close, a line that is a whole record at its first column, bytes that are not UTF-8,
    the end of the input; and lines held past :data:`MAX_RECORD_BYTES` (the record limit)
    are each read alone, whatever they hold."""

    def __init__(self) -> None:
        self.held: list[tuple[int, bytes]] = []
        self.keys: set[str] = set()  # the key the first record read on its line opens
        # with (a damaged value over lines parts only at a line opening with it)
        self.depth: int | None = 0
        self.size = 0
        self.open = False
        self.closed = False
        self.indent = b""
        self.body: bytes | None = None
        self.glued = 0  # where the value held starts in its first line, after a record cut
        self.opened = 0  # how many brackets the value's first line opens (``[ {``: two)
        self.keyed = False  # whether that line ends with a key's colon (a line break typed)

    @property
    def start(self) -> int:
        return self.held[0][0]

    @property
    def pretty(self) -> bool:
        """Whether the value held is indented as pretty-printed: its inner lines deeper."""
        return self.body is not None and _deeper(self.body, self.indent)

    def begin(self, number: int, line: bytes) -> bool:
        """Whether ``line`` opens a value it does not close (then it is held)."""
        end = line.rstrip(b" \t\r\n")
        if (front := _FRONT.fullmatch(end)) is not None:  # a byte or two typed before a
            depth, glued = _depth(front.group(1)), front.start(1)  # document's first line
        elif end[-1:] not in (b"{", b"[", b",", b":") or end.lstrip(b" \t")[:1] not in (
                b"{", b"["):  # (a key's colon last: a line break typed after it)
            return False  # the usual line (a whole record), or no pretty value's start
        else:
            depth, glued = _depth(line), 0
        if not glued and (found := (_OPENS if depth is None else _GLUED_OPEN).search(
                end)) is not None and found.start(1) > 0:  # a line cut (in a string: after
            opened = found.group(1)  # any byte; or not, where no JSON has a bracket), a
            depth, glued = opened.count(b"[") + opened.count(b"{"), found.start(1)  # value's
            # first line joined
        if depth is None or depth <= 0:
            return False
        self.held, self.depth, self.size, self.open = [(number, line)], depth, len(line), True
        self.closed, self.indent, self.body, self.glued = False, _indent(line), None, glued
        self.opened, self.keyed = depth, end[-1:] == b":"
        return True

    def ends_before(self, line: bytes) -> bool:
        """Whether ``line`` is no part of the value held: in a pretty-printed value, a line
        no deeper than its first that is not its closing line; else a whole JSON object or
        array from its first column (a line of JSON Lines after a damaged one). After a
        line ending with a key's colon, the key's value is the next line's only if it is an
        object or an array (a line break typed after the key, or over the blank after its
        colon): a line starting otherwise is no part of it (a character of the value typed
        over: ``"pages": ⏎3``, joined, would say 3 pages for 13)."""
        if self.keyed and len(self.held) == 1 and line.strip(b" \t\r\n") and line.lstrip(
                b" \t")[:1] not in (b"{", b"["):
            return True
        if self.body is None and len(self.held) == 1 and _indent(line) == self.indent and (
                line.strip() in (b"{", b"[") or (self.held[0][1].strip() in (b"{", b"[") and (
                    line.lstrip(b" \t")[:1] in (b"{", b"[")) and not (
                        line[:1] == b"[" and _typed(line, self.indent, b'"')))):
            return True  # a pretty value's first line (a bracket alone), or after one any
            # value, at its indentation: a record cut after its first line, then a file
            # joined (the inner lines of a value are deeper)
        if not self.pretty:
            return _whole_at_start(line)
        if not line.strip(b" \t\r\n"):
            return False
        indent = _indent(line)
        if _deeper(self.indent, indent) and _closing(line) and self.depth is not None and (
                step := _depth(line)) is not None and self.depth + step <= 0:
            return False  # its closing line, less deep than its first by blanks typed before
            # that (`` {`` after JSON Lines): the brackets counted close it there
        return not _deeper(indent, self.indent) and not (
            indent == self.indent and (_closing(line) or (
                self.opened > 1 and _BETWEEN.fullmatch(line.strip(b" \t\r\n"))))) and not (
            _typed(line, self.indent))

    def add(self, number: int, line: bytes) -> str | None:
        """Hold ``line``: the value when the lines held close one, else None (``open``
        False: they are no value, read as :meth:`flush` says)."""
        self.held.append((number, line))
        self.size += len(line)
        if self.size > MAX_RECORD_BYTES:
            self.open = False
            return None
        if self.body is None and line.strip(b" \t\r\n"):
            self.body = _indent(line[1:] if _typed(line, self.indent) else line)
        step = _depth(line)
        self.depth = None if step is None or self.depth is None else self.depth + step
        if self.pretty:
            if _indent(line) == self.indent and _closing(line) and (
                    self.depth is None or self.depth <= 0):  # its closing line (brackets
                # counted, if they can be: ``} },``, a brace typed, closes nothing)
                self.open = False
                return self.value()
            if self.depth is not None and self.depth <= 0 \
                    and not line.rstrip(b" \t\r\n").endswith(b","):
                value = self.value()  # closed on an inner line (its last), and whole
                self.open = value is None
                return value
            return None
        if self.depth is None:
            self.open = False
            return None
        if self.depth > 0:
            return None
        self.open, self.closed = False, True
        return self.value()

    def value(self) -> str | None:
        """The lines held, if they are one JSON value (a comma after it allowed)."""
        try:
            text = b"".join(part for _, part in self.held).decode("utf-8")
        except UnicodeDecodeError:
            return None
        return _value_of(text)

    def flush(self, source: str) -> Iterator[Sourced]:
        """The records of the lines held, no longer held: one, labelled with the first line,
        for a pretty-printed value (or one whose brackets closed) within the record limit;
        else each line's own."""
        one = len(self.held) > 1 and self.size <= MAX_RECORD_BYTES \
            and (self.pretty or self.closed)
        glued = self.glued if self.pretty else 0
        pretty = self.pretty
        held = self.drop()
        if not one:
            yield from _each(held, source)
            return
        where = f"{source}:{held[0][0]}"
        data = b"".join(part for _, part in held)
        if not glued and pretty:
            glued = _joined_at(held[0][1], data) or _doubled_at(data)
        if glued:  # a line cut, then a pretty-printed value joined to it (files joined
            yield Sourced(where, data[:glued].decode("utf-8", "surrogateescape"))  # with
            data = data[glued:]  # no line break between): the cut one, damaged, and it
        # damaged: one record, reported when it is read
        text = data.decode("utf-8", "surrogateescape")
        if _listed(text) and (ESCAPED.search(text) or _value_of(text) is None):
            # a document (an array, an envelope) damaged or not UTF-8 (joined after JSON
            # Lines): read as a whole file is, its damaged elements each one problem (F13)
            yield from Values([data], where, one_line=True, first_line=held[0][0])
            return
        if not (pretty and held[0][1].strip() == b"{") and _value_of(text) is None and (
                parts := _apart([line for _, line in held], None if pretty else self.keys)
        ) is not None:  # (its brackets closed, no value: a record whole on its line among
            yield from _each_part(parts, where)  # them is its own, never a part of the
            return  # damage; pretty-printed, only one shaped as an application; its brace
            # alone, its inner lines its own whatever they hold)
        yield from _one_value(data, where, lambda text: iter((Sourced(where, text),)))

    def drop(self) -> list[tuple[int, bytes]]:
        """The lines held, no longer held."""
        held, self.held, self.depth, self.size, self.open = self.held, [], 0, 0, False
        self.closed, self.body, self.glued, self.keyed = False, None, 0, False
        return held


def _apart(lines: list[bytes], keys: set[str] | None) -> list[tuple[int, list[bytes]]] | None:
    """The ``lines`` of a value over lines, damaged, parted before and after each line after
    the first that holds a record whole and alone opening with the key the value opens with
    or one of ``keys``, that the first record read opens with (:func:`line_record`: an inner
    object whole on its line, opening with another, is none unless shaped as an application),
    each part with the place of its first line among them; None if no line does. ``keys``
    None: a pretty-printed value, parted only at a line shaped as an application."""
    key = first_key(b"".join(lines[:2]).decode("utf-8", "surrogateescape").lstrip(
        " \t\r\n\ufeff"))
    keys = set() if keys is None else keys | ({key} if key is not None else set())
    parts: list[tuple[int, list[bytes]]] = [(0, [lines[0]])]
    for at, line in enumerate(lines[1:], 1):
        if line_record(line.decode("utf-8", "surrogateescape"), keys):
            parts += [(at, [line]), (at + 1, [])]
        else:
            parts[-1][1].append(line)
    parts = [part for part in parts if part[1]]
    return parts if len(parts) > 1 else None


def _each_part(parts: list[tuple[int, list[bytes]]], where: str) -> Iterator[Sourced]:
    """The records of the parts of a damaged value over lines (:func:`_apart`), the first
    line at ``where`` (``source:line``): a line alone its own result, as any line of JSON
    Lines; lines together one damaged record, labelled with their first line."""
    source, first = where.rsplit(":", 1)
    for at, part in parts:
        label = f"{source}:{int(first) + at}"
        if len(part) == 1:
            yield from _one_line(part[0], label)
        else:
            yield Sourced(label, b"".join(part).decode("utf-8", "surrogateescape"))


def _joined_at(first: bytes, data: bytes) -> int:
    """Where a document or a record joined to a line cut after a colon or a comma starts
    (its brackets ending the line ``first``, where a value could stand), in ``data`` (the
    lines held, from ``first``): the brackets from which the lines close alone and are a
    document (an array, an envelope) or a value; else 0."""
    run = _RUN.search(first.rstrip())
    if run is None:
        return 0
    for at in range(run.start(), run.end()):
        if first[at] in b"[{" and first[:at].strip() and _depth(data[at:]) == 0 and (
                _listed(tail := data[at:].decode("utf-8", "surrogateescape"))
                or _value_of(tail) is not None):
            return at  # (or a byte typed before a document's first bracket: ``{[``)
    return 0


def _doubled_at(data: bytes) -> int:
    """Where the value starts in ``data`` (a pretty-printed value's lines held, no value
    together) whose first bracket has another typed before it on its line (``{{  "id": …``,
    a line end typed over: as a JSON file reads it, the bracket one problem, the value
    after it read); else 0."""
    if data[:1] not in (b"{", b"[") or data[1:2] not in (b"{", b"["):
        return 0
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return 0
    return 1 if _value_of(text) is None and _value_of(text[1:]) is not None else 0


def _indent(line: bytes) -> bytes:
    """The blanks ``line`` starts with."""
    return line[:len(line) - len(line.lstrip(b" \t"))]


def _deeper(indent: bytes, than: bytes) -> bool:
    """Whether ``indent`` goes deeper than ``than`` (starts with it, and more)."""
    return len(indent) > len(than) and indent.startswith(than)


def _typed(line: bytes, indent: bytes, starts: bytes = b"") -> bool:
    """Whether ``line`` is a line deeper than ``indent`` (its text starting with one of
    ``starts``, if given) with a byte typed before it (a pretty-printed value's inner line,
    damaged), not a line of JSON Lines."""
    text = line[1:].lstrip(b" \t")
    inner = _indent(line[1:])
    return line[:1] not in b" \t" and _deeper(inner, indent) \
        and bool(text.strip()) and (not starts or text[:1] in starts) \
        and (len(inner) > len(indent) + 1 or not _whole_at_start(line))  # (``{ "id": 1}``)


def _closing(line: bytes) -> bool:
    """Whether ``line`` holds only closing brackets (a comma after them allowed), as a
    pretty-printed value's last line does (``}``; ``} ]`` as Jackson writes an array's)."""
    return _CLOSERS.fullmatch(line.strip(b" \t\r\n")) is not None


#: Closing brackets alone (commas after them allowed): a pretty-printed value's last line.
_CLOSERS = re.compile(rb"[}\]](?:,?[ \t]?[}\]])*[ \t]*,?")
#: An element's closing brace, a comma and the next one's opening brace on one line, as
#: Jackson's pretty printer writes them between the elements of an array (``[ {`` first,
#: ``}, {`` between, ``} ]`` last): a line of the array, at its first line's indentation.
_BETWEEN = re.compile(rb"[}\]][ \t]*,[ \t]*[{\[]")


def _depth(line: bytes) -> int | None:
    """How many more brackets ``line`` opens than it closes, its strings left out; None if
    it is not UTF-8 or leaves a string open at its end (no line of a JSON value does)."""
    try:
        depth, quoted = follow(line.decode("utf-8"))
    except UnicodeDecodeError:
        return None
    return None if quoted else depth


def _whole_at_start(line: bytes) -> bool:
    """Whether ``line`` is a whole JSON object or array from its first column, as a line of
    JSON Lines is (a pretty-printed value's inner lines are indented)."""
    end = line.rstrip(b" \t\r\n")
    return line[:1] in (b"{", b"[") and end[-1:] in (b"}", b"]") and is_json(end)


def _value_of(text: str) -> str | None:
    """``text`` if it is one JSON value, else without a comma after it (a line copied from
    an array's body), else None."""
    end = text.rstrip(JSON_SPACE)
    for value in (text, end[:-1]) if end.endswith(",") else (text,):
        try:
            json.loads(value)
        except (ValueError, RecursionError):
            continue
        return value
    return None


def _each(held: list[tuple[int, bytes]], source: str) -> Iterator[Sourced]:
    """The records of lines held that are no value together: each line's, alone."""
    for number, line in held:
        yield from _one_line(line, f"{source}:{number}")


#: How many lines (blank ones among them) are looked at ahead for another format's first
#: line under lines of text after JSON Lines.
_AHEAD = 16


def _other_starts(line: bytes, lines: GivenBack[bytes | Over], other: OtherFormat) -> bool:
    """Whether another format's text (a CSV file joined after JSON Lines) starts at
    ``line``: on it, or under up to :data:`HEAD_LINES` lines of text holding no JSON (a
    title, ``sep=;``) and blank lines (the lines after it looked at, given back)."""
    ahead: list[bytes | Over] = []

    def at(index: int) -> bytes | None:
        """The line ``ahead[index]``, pulled as needed; None at the end or over the limit."""
        if index == len(ahead) and (pulled := next(lines, None)) is not None:
            ahead.append(pulled)
        if index == len(ahead):
            return None
        following = ahead[index]
        return None if isinstance(following, Over) else following

    def after(index: int) -> Iterator[str]:  # (the lines from ``ahead[index]`` on)
        while (following := at(index)) is not None:
            yield following.decode("utf-8", "surrogateescape")
            index += 1

    text = line.decode("utf-8", "surrogateescape")
    found = other.starts(text, after(0))
    if not found and text.strip(JSON_SPACE) and head_line(text):
        index, heads = 0, 1
        while index < _AHEAD and heads <= HEAD_LINES:
            if (following := at(index)) is None:
                break
            index += 1
            text = following.removeprefix(BOM).decode("utf-8", "surrogateescape")
            if not text.strip(JSON_SPACE):
                continue
            if other.starts(text.lstrip(" \t"), after(index)):
                found = True
                break
            if not head_line(text):
                break
            heads += 1
    lines.give_back(ahead)
    return found


def _other_glued(line: bytes, other: OtherFormat, lines: GivenBack[bytes | Over]) -> int | None:
    """Where another format's text (a CSV file's header, or a title above it: see
    :func:`_other_starts`) starts on ``line``, glued after the whole value the line starts
    with (a file without a final line end, another joined after it: ``{…}id,call``); None
    if it does not."""
    if line.lstrip(b" \t")[:1] not in (b"{", b"[") or line.rstrip(JSON_SPACE.encode(
            "utf-8") + BOM)[-1:] in (b"}", b"]"):
        return None
    text = line.decode("utf-8", "surrogateescape")
    if (end := decoded_end(text, len(text) - len(text.lstrip(" \t")))) is None:
        return None
    rest = text[end:].lstrip(" \t\ufeff")
    if not rest or not _other_starts(rest.encode("utf-8", "surrogateescape"), lines, other):
        return None
    return len(text[:end].encode("utf-8", "surrogateescape"))


def _one_line(line: bytes, where: str) -> Iterator[Sourced]:
    """The records of one line of JSON Lines (a comma alone on its line, between two
    values as a comma-first or comma-alone array's body has it, is none)."""
    if line.strip(b" \t\r\n\x1e") in (b"", b","):
        return
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:  # the values it holds, each bad one alone
        values = joined_values(line.decode("utf-8", "surrogateescape"))
        if len(values) == 1 and _listed(values[0]):  # an array or an envelope: each
            yield from Values([line], where, one_line=True)  # element's bytes its own (F5)
            return
        if len(values) == 1:
            yield not_utf8(where, exc)
            return
        for value in values:
            if ESCAPED.search(value):
                yield not_utf8(where)
            else:
                yield from _line_value(value, where)
        return
    if blank_text(text):
        return  # (no record: a line a reader sees blank, as a form feed or NUL alone)
    for value in joined_values(text):
        yield from _line_value(value, where)


def _listed(value: str) -> bool:
    """Whether the JSON text ``value`` (whole or damaged) is a list of records: an array (no
    log's tag in brackets, see :func:`tagged`) or an envelope."""
    bare = value.lstrip(JSON_SPACE + SEPARATORS)
    return (bare.startswith("[") and not tagged(bare)) or enveloped(bare)


def list_opened(line: bytes) -> bool:
    """Whether ``line`` (stripped) opens a list at its end after text typed or printed
    before it (:data:`_FRONT`: ``x[``, ``const apps = [``, ``Out[3]: [``): an array over
    lines, no line of JSON Lines."""
    front = _FRONT.fullmatch(line)
    return front is not None and front.group(1)[:1] == b"["


def fronted(line: str) -> int:
    """Where the list of records (an array of objects, an envelope) starts that a character
    or two typed before it (:data:`_FRONTED`) hide in ``line``, no JSON value so; else 0.
    Text ending with a quote and a colon (``": [{…}], …}``) is no front but a key's end: the
    rest of an object's member, a line break typed in its key (one record damaged)."""
    front = _FRONTED.match(line)
    if front is None or not _listed(line[front.end():]) or line[:front.end()].rstrip(
            " \t").endswith('":'):
        return 0
    return 0 if is_json(line.encode("utf-8", "surrogatepass")) else front.end()


def _line_value(value: str, where: str) -> Iterator[Sourced]:
    """The records of one value of a JSON Lines line: an array gives its elements, each one
    record, read as a JSON file's are (an empty array is one record, reported: a line meant
    something; an envelope's empty list none, as in a JSON file: an empty page); any other
    value is one."""
    if (bare := value.lstrip(JSON_SPACE + SEPARATORS))[:1] in ("[", ":") and _members_after(
            bare):  # (an object's rest, a line break typed in or after the key of its list)
        yield Sourced(where, value)
        return
    if (bare.startswith("[")
            and not tagged(bare)) or enveloped(bare) or fronted(bare):  # (a byte typed
        # before the list: one problem, its records each, as in a JSON file)
        empty = True
        for item in Values([value.encode("utf-8", "surrogatepass")], where, one_line=True):
            empty = False
            yield item
        if not empty or not bare.startswith("["):
            return
    yield unlisted(value, where) or Sourced(where, value)


#: After a list whole on a line: the brackets it closes, then a comma, a key and its colon
#: (an object's next member).
_MEMBER = re.compile(r'([}\]][ \t]*)*,[ \t]*"(?:[^"\\\n]|\\.)*+"[ \t]*:')


def _members_after(line: str) -> bool:
    """Whether ``line`` (a list first, or a key's colon before it) is the rest of a record,
    a line break typed in or after the key of a list inside it (``{"id": …, "documents`` or
    ``{"id": …, "lines":`` on the line before): the list whole, then the object's next
    member (``, "budget": …}``), after the brackets of the objects the list is in
    (``]}, "exchange_rates": …``) or after the key's colon. Its elements are no records: the
    line is one, damaged. An envelope's list, its key on the line before, is read whole
    with that line (see :class:`_Spanning`)."""
    if line.rstrip(_BLANKS)[-1:] != "}":
        return False  # (a list's line ends with its bracket: no decoding)
    keyed = line.startswith(":")
    start = len(line) - len(line[1:].lstrip(" \t")) if keyed else 0
    if line[start:start + 1] != "[":
        return False
    if (end := decoded_end(line, start)) is None:
        return False
    member = _MEMBER.match(line[end:].lstrip(" \t"))
    return member is not None and (keyed or member.group(1) is not None)


def tagged(line: str) -> bool:
    """Whether ``line`` starts with a tag in brackets that is no JSON (a log's ``[INFO]``,
    ``[2026-06-01 10:00:00,123]``) and goes on: text written before a record, the line one
    record damaged (as any prefix is), not an array."""
    tag = _TAG.match(line)
    return tag is not None and bool(line[tag.end():].strip(_BLANKS)) and not is_json(
        tag.group().encode("utf-8", "surrogatepass")) and _FRONT.fullmatch(line.rstrip(
            _BLANKS).encode("utf-8", "surrogatepass")) is None  # (not before a list's
    # opening bracket ending the line: a list over lines, the tag one problem)


def joined_values(line: str) -> list[str]:
    """The records of one JSON Lines line: each JSON value of a line holding several (files
    joined end to end without a final line break: ``}{``; RFC 7464 record separators;
    ``U+2028``, ``U+2029`` or NEL between them; between two objects or arrays, a comma or
    one to three characters typed for it, no quote or bracket), else the line (without a
    comma after its value, or before it: a line copied from an array's body, ``{…},`` or
    ``, {…}`` (the comma first), is that value).
    Values are split where one ends whole and the next starts with ``{`` or ``[``: a
    damaged line stays one record (its rest, after the last whole value, one record,
    whatever the damage: a stray ``}``, a letter, a quote, ``{``); one to three bytes of damage
    between two whole objects one record between theirs (att91 F1); ONE object then damage
    (``{…}}``, its brace doubled) one record, that object damaged.
    A carriage return alone inside the line ends a line of its own (:func:`_lines_in`): each
    such line's values, the line damaged one value, never taking the record after it (unless
    the line read whole gives more values whole: a record found after text cut short)."""
    if "\r" in line and len(parts := _lines_in(line)) > 1:
        apart = [value for part in parts for value in _values_of(part)]
        whole = _values_of(line)
        return apart if sum(map(_whole_value, apart)) >= sum(map(_whole_value, whole)) \
            else whole
    return _values_of(line)


def _whole_value(value: str) -> bool:
    """Whether ``value`` (a value of a line, :func:`joined_values`) is JSON whole."""
    return is_json(value.encode("utf-8", "surrogatepass"))


def _values_of(line: str) -> list[str]:
    """The values of one JSON Lines line, as :func:`joined_values` gives them, its carriage
    returns alone none of JSON's line ends."""
    if line.rstrip(JSON_SPACE).endswith(",") and (value := _value_of(line)) is not None:
        return [value]  # a line copied from an array's body: the comma is no part of it
    if (bare := line.lstrip(JSON_SPACE)).startswith(",") and bare[1:].lstrip(
            JSON_SPACE)[:1] in ("{", "[") and (value := _value_of(bare[1:])) is not None:
        return [value]  # a line of a comma-first array's body: the comma is no part of it
    if not (_JOINED.search(line) or any(mark in line for mark in SEPARATORS)
            or line.count("{") > line.count("}")):  # (a line cut, another joined to it)
        return [line]  # the usual line: one value (searched by the fastest means)
    if lone_damage(line) is not None:
        return [line]  # one object damaged by a keystroke (a brace doubled): one record
    values = []
    pos = last = _between(line, 0)
    if line[pos:pos + 1] == "," and line[(led := _between(line, pos + 1)):led + 1] in (
            "{", "["):  # (an array's body that lost its head at a comma: ``, {…}, {…}]``)
        pos = last = led
    while pos < len(line):
        if (end := decoded_end(line, pos)) is None:
            break
        values.append(line[pos:end])
        last, pos = pos, _between(line, end)
        if len(values) == 1 and line[end - 1] not in "}]" and line[pos:pos + 1] in ("{", "[") \
                and not any(mark in line[end:pos] for mark in SEPARATORS):
            return [line]  # a number or a string before a record (a line's number, a
            # prefix written on each line): text before it, one record damaged
        if pos < len(line) and line[pos] not in "{[" and line[end - 1] in "}]" and (
                comma := _WRONG_COMMA.match(line, pos)) is not None and line[
                (following := _between(line, comma.end())):following + 1] in ("{", "["):
            pos = following  # a comma between two records, or a wrong byte for it: no record
        if pos < len(line) and line[pos] not in "{[":
            if line[pos] == "]" and _MEMBER.match(line, pos) is not None:
                return [line]  # a list's elements inside a record, then its ``]`` closing
                # nothing on the line and the record's next member (``…}]}, "key": …``):
                # the remains of a record that lost its head, one record, never its list's
                # objects each (mix78: rdr78's remains and jv78's rest after whole values)
            if len(values) > 1 and line[pos:].rstrip(_BLANKS + ",") == "]" and all(
                    value[:1] == "{" for value in values):
                return values  # an array's objects, its ``[`` lost: its ``]`` no record
            if line[end - 1] in "}]" and (record := _record_after(line, pos)) is not None:
                values.append(line[pos:record].rstrip(_BLANKS))  # the damage: one record
                pos = last = record  # (the whole value after it, its own)
                continue
            if len(values) == 1:
                return [line]  # damage after ONE whole value (an extra closer): one record
            if _goes_on(line, pos):
                values[-1] = line[last:]  # the last value cut short by a stray closer, its
                return values  # members after it: one record damaged (look78j F1)
            values.append(line[pos:])  # the rest after whole values, damaged: one record
            return values
    if not values:
        if (after := _joined_after_cut(line, pos)) is not None:
            return [line[pos:after].strip(SEPARATORS), line[after:]]
        return [line.strip(SEPARATORS)] if line.strip(SEPARATORS + JSON_SPACE) else []
    if pos < len(line):
        if len(values) > 1 and (lone_damage(line[last:]) is not None or (
                line[pos] == "{" and line[pos + 1:].lstrip(" \t")[:1] == ","
                and _member_after(line, pos + 1))):
            values[-1] = line[last:]  # the last value and its rest one object damaged (a
            # stray ``{`` before its next member: ``{"id": "a"}{, "note": …}``; a ``[``
            # there is left to the array's reading, which keeps the records after it)
        elif '"' in line[pos:] or len(values) > 1:
            values.append(line[pos:])  # the rest, a record's start damaged: one record
        else:  # a bracket and no key after ONE value (a byte added in a line end): its damage
            values[-1] = line[last:]
    return values


def _record_after(line: str, pos: int) -> int | None:
    """Where a whole object (or array) starts after the damage at ``pos`` that follows a
    whole value (see ``_DAMAGE``): the next record of the line, the damage one between
    them; else None (the damage the line's rest)."""
    if (damage := _DAMAGE.match(line, pos)) is None:
        return None
    if (end := decoded_end(line, damage.end())) is None:
        return None
    if _member_after(line, end):
        return None  # (an object's inner value, members after it: the object's damage)
    return damage.end()


def decoded_end(text: str, pos: int) -> int | None:
    """Where the JSON value at ``pos`` in ``text`` ends, None if none is whole there. A
    value nested deeper than Python's reader goes (its ``RecursionError``: 994 levels on
    3.11, 1,497 on 3.12, less from deep in a call stack), or one it finds broken that nests
    past the levels JSON is read to (:data:`~callrules._json_scan.READ_LEVELS`: its validity
    untold, as on a Python whose reader gives up before the damage), ends where its brackets
    close, as :func:`~callrules._json_scan.value_end` follows them, nothing decoded: one
    value, read (and refused as too deep) on its own, and what follows it on its line read
    on (before, the reading of the line stopped there: the record after it was lost, said
    nowhere). A value nested 500 levels or fewer ends where Python's reader says.

    >>> deep = "[" * 5000 + "]" * 5000
    >>> decoded_end(deep + ' {"id": "A"}', 0), decoded_end('{"id": "A"} x', 0)
    (10000, 11)
    >>> decoded_end("[" * 600 + "1," + "]" * 600 + " {}", 0), decoded_end("[1,] {}", 0)
    (1202, None)
    >>> decoded_end("[" * 5000 + "]" * 4999, 0) is None, decoded_end("x", 0) is None
    (True, True)
    """
    try:
        return STRICT.raw_decode(text, pos)[1]
    except ValueError:
        if text[pos:pos + 1] not in ("[", "{") or not nested_past(text, READ_LEVELS, pos):
            return None
    except RecursionError:
        pass
    return value_end(text, pos)


def _member_after(line: str, pos: int) -> bool:
    """Whether a member of an object follows ``pos`` (see ``_GOES_ON``) and a ``}`` after
    it closes that object (without one, a key typed after a record, not its rest)."""
    return (found := _GOES_ON.match(line, pos)) is not None and line.find(
        "}", found.end()) >= 0


def _goes_on(line: str, pos: int) -> bool:
    """Whether the text at ``pos``, after a whole value, goes on as that value's object: a
    member after a stray closer (``}, "key": …``), or after damage an inner value whole and
    a member after it (``}x{"p": 1}, "key": …``): the value was cut short, not whole.

    >>> _goes_on('{"a": 1}}, "b": 2}', 8), _goes_on('{"a": 1}}x{"p": 1}, "b": 2}', 8)
    (True, True)
    >>> _goes_on('{"a": 1}}{"a": 2}', 8), _goes_on('{"a": 1}}', 8)
    (False, False)
    """
    if _member_after(line, pos):
        return True
    if (damage := _DAMAGE.match(line, pos)) is None:
        return False
    if (end := decoded_end(line, damage.end())) is None:
        return False
    return _member_after(line, end)


#: A carriage return alone inside a line (no line feed nor the line's end after it).
_LONE_CR = re.compile("\r(?![\r\n]|\\Z)")


def _lines_in(line: str) -> list[str]:
    """The lines a carriage return alone ends inside ``line`` (a line of text ended so, old
    Mac's, among lines ended by line feeds), one part if none does: a line that is no value
    whole ends at such a return when what precedes it closes every bracket it opens and
    leaves no string open (text, a value whole: no record cut, whose return is whitespace
    between its tokens). A line that reads as a value whole is never parted. One pass: the
    brackets and string state carried from one return to the next, each character followed
    once (a line of many returns, none a line's end, in linear time); a part's blanks at
    its start (a separator after the return) are no part of its value."""
    if _LONE_CR.search(line) is None or is_json(line.encode("utf-8", "surrogatepass")):
        return [line]
    parts, start, at, state, seen = [], 0, 0, (0, False), False
    for found in _LONE_CR.finditer(line):
        piece = line[at:found.start()]  # (from the last return on: read once)
        state, at = follow(piece, *state), found.start()
        seen = seen or bool(piece.strip(_BLANKS))
        if seen and state == (0, False):
            parts.append(line[start:at])
            start = at = found.end()
            seen = False
    return [parts[0], *(part.lstrip(_BLANKS) for part in [*parts[1:], line[start:]])] \
        if parts else [line]


def _joined_after_cut(line: str, start: int) -> int | None:
    """Where a whole object starts that ends the line whose value at ``start`` is damaged:
    a line cut (brackets left open before it), then the next file's first line joined to it
    (no line break between). It stands where no value inside another can (after text cut,
    no quote, bracket or separator), or it has three keys or more and starts with the
    line's own first key, if the line shows one (an inner object at the end of a record
    that lost its closing brace has another, or fewer); else None."""
    if line[start:start + 1] not in ("{", "["):
        return None  # (no record's start: bytes out of step, not a record cut)
    first = _KEY.match(line, start) or (_KEY.match(line, _between(line, start + 1)) if line[
        start] == "[" else None)  # (a compact array's: its first record's first key; before,
    # none, and an inner list of objects of three keys or more ending the line, a record
    # cut before it, read as the next file's array: 3 results for 2)
    for tries, found in enumerate(_OBJECT_OR_LIST.finditer(line, start + 1)):
        if tries >= _TRIES:
            break
        try:
            value, end = STRICT.raw_decode(line, found.start())
        except (ValueError, RecursionError):
            continue
        records = value if isinstance(value, list) else [value]  # (an array of records: a
        # compact array's file joined)
        if line[end:].strip(JSON_SPACE + SEPARATORS) or not records or not all(
                isinstance(record, dict) for record in records):
            continue
        before = line[start:found.start()].rstrip(JSON_SPACE)
        if sum(before.count(mark) for mark in "{[") <= sum(before.count(mark) for mark in "}]"):
            continue  # the damaged value closes before it: one record damaged, not cut
        if before[-1:] not in tuple(':,"[]{}') or (len(records[0]) >= 3 and (
                not _in_value(before) or _top_keys(before) <= records[0].keys()) and (
                first is None or line.startswith(first.group(), line.index(
                    "{", found.start())))
        ) or (before[-1:] == '"' and enveloped(line[found.start():end])):
            return found.start()  # (an envelope after a quote: a string cut, not a key's)
    return None


#: A string of JSON, a key's when its colon follows, or a bracket or a brace.
_KEY_OR_BRACKET = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"(\s*:)?|[{}\[\]]')


def _top_keys(before: str) -> set[str]:
    """The keys of the object that ``before`` (a record's start, cut) opens, at its top
    level: a whole record joined where a value stands has them all (the next record of the
    same file), an inner object keyed like a record (a budget, a visitor) has not."""
    keys, depth = set(), 0
    for found in _KEY_OR_BRACKET.finditer(before):
        mark = found.group()
        if mark in "{[":
            depth += 1
        elif mark in "}]":
            depth -= 1
        elif depth == 1 and found.group(1) is not None:
            try:
                keys.add(json.loads(mark[:found.start(1) - found.start()]))
            except ValueError:
                continue
    return keys


def _in_value(before: str) -> bool:
    """Whether what follows the text ``before`` (a record's start, left open) stands where
    a value inside it does: after a key's colon, or first or after a comma in a list (an
    inner object keyed like a record, ``"budget": {"id": …}``, the record cut after it)."""
    if before.endswith(":"):
        return True
    if before[-1:] not in ("[", ","):
        return False
    opened = open_brackets(before)
    return bool(opened) and before[opened[-1]] == "["


def _between(line: str, pos: int) -> int:
    """Where the space and separators between values at ``pos`` end."""
    found = _GAP.match(line, pos)
    assert found is not None  # it matches the empty text too
    return found.end()
