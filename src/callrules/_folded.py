"""JSON wrapped at a narrow width, as ``fold -w N`` wraps it: every line longer than N
broken into pieces of N characters (or bytes, inside a character's too), the last shorter,
nothing lost; the breaks fall anywhere (inside strings, keys, numbers, between tokens).

Read as written, a pretty-printed document so wrapped at 25 columns or fewer was pieces of
records (2 to 272 results for 4: the readers of damage find records by their indentation,
and wrapped pieces start at the first column). Where the breaks all fall where JSON allows
a blank, the text is JSON as it is and is read so. In a value opened by a line starting
with ``[`` or ``{`` (after blanks) and left open on it, each line is given at once, but
one that may end inside a token (a string, a number, a literal) or after a string (a key,
its colon maybe the next line's first character), or after a key's colon (``"id":``, its
value the next piece), held until the next line shows whether it goes on there: a line
that starts at the first column with no blank or bracket (what no pretty-printed line
does), or after a line ending inside a string; a ``}`` or ``]`` at the first column after
a held line is a piece too (a wrap falling just after a string's closing quote). From
there, the lines are held up to where the value ends once joined again (within the record
limit), and given joined when they are a wrap: no line of the value wider than the line
before that one (the width), two lines of the width at least each continued by the next
so (a line break typed over a character of a record leaves one; one will do at a width
proven so before in the text), the width 3 or more, and each line of the width joined to
the next makes the value JSON whole. A line of the width ending a record (``}`` or ``]``)
is not joined to a next starting one (JSON Lines wrapped, a record a multiple of the width
long). The line ends taken off are given after the line joined, so that each line keeps
its number. Blank lines typed between the pieces of a wrapped line are passed over (their
line ends given after it too): ``fold`` never makes one; a blank line is one of nothing but
blanks (the library's one definition, :func:`callrules._invisible.is_blank`), of any width
but the wrap's (:func:`_blank`: a line of the width of blanks a string may hold is a
piece, a string's spaces cut; a line of indentation alone, the text folded at its
indentation's width or a divisor of it, is held as the line before the next, a piece
when that next goes on with it). Padding typed before a value's
opening line (blanks, a form feed, a no-break or zero-width space, a BOM: :data:`_PAD`) is
measured in the width, then not (typed after the wrap); the text's first line is measured
with a BOM too (the file's own, wrapped with the text, taken off as it is read).
A compact value whose lines are a
wrap but not JSON once joined (damaged inside: a line lost, a character lost, added or
typed at a line's start) has each record's pieces joined still (:func:`_damaged`): the
damaged record one problem, the others whole (a short line typed between two of a
record's pieces joined with them, its line end kept where it was typed: a problem, not a
record changed). Any other text is given as it is.

A text that lost its head after it was wrapped, or before (its first lines, or bytes),
starts inside a record (after empty lines; or at a bracket that closes one opened before
it, an inner object's; or at a bracket opening an inner value, a key or a closing
brace after it once its wrapped line is joined: :func:`_opens_inner`; or at a piece's end,
the line after it wider and going on with it): its first lines are held to find the width
(see :func:`_head`),
pretty JSON by two keys' lines once joined, compact JSON (an array on one line, JSON
Lines) by two keys of a compact object and the text read as JSON from one of them (remains
with one line of the width only: the record below them proven wrapped at it); a
compact array's line is joined whole (up to the record limit), a JSON Lines' remains up
to the next record. A compact array that lost its head where a piece opens an object
reads as a value: once that value is whole and a comma follows it on its line, the
array's line is joined on past it (:func:`_going_on`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Generator, Iterator
from itertools import chain, islice, pairwise, product

from callrules._cut_lines import _reads as reads
from callrules._cut_lines import whole
from callrules._invisible import UTF8_BLANK, all_blank
from callrules._json_scan import Scan, follow
from callrules._reading import MAX_RECORD_BYTES

__all__ = ["unfolded"]

#: The narrowest width taken for a wrap.
_NARROWEST = 3
#: A line of blanks alone narrower than this, outside a string, typed among a value's lines
#: is a blank line (an editor's, a mail's), passed over as an empty one is; in a string, one
#: narrower than the line before it.
_PIECE = 8
#: How many lines of the width, each continued by the next as a wrap's pieces are, make a
#: wrap (a line break typed over a character of a pretty-printed record leaves one); once
#: a width is proven in a text, one will do after, and in a pretty-printed value, one
#: continued where no line of it can start (``jq .``'s records, each with one line longer
#: than the width: :func:`_pretty`).
_LEAST = 2
#: What a pretty-printed line (after the first) may start with at the first column: a
#: blank (its indentation), or a top-level bracket (``jq .``'s records, one after the other).
_FIRST_COLUMN = b" \t\r\n{}[]"  # (and nothing: ``b"" in`` it)
#: How much wider than the width a piece of a damaged wrap may be, a character typed in it
#: (a zero-width space, a BOM: three bytes of UTF-8; a letter, a NUL: one): read on past once.
_TYPED = 3
#: What a line ends with where its line end is one of JSON's blanks (outside a string).
_PUNCTUATION = b' \t,:{}[]"\n'  # (and nothing: a blank line; a line feed: one alone)
_BRACKET = re.compile(rb"[{}\[\]]")
#: How many lines (blank ones not counted: typed among the pieces, passed over), and bytes,
#: of a text opening no value on its first line are held to find whether they are the
#: remains of a wrapped text that lost its head (at most).
_HEAD_LINES = 64
_HEAD_BYTES = 64 * 1024
#: A key's line of pretty-printed JSON: two among the held lines joined at the width tell
#: the remains from a table's rows.
_KEY_LINE = re.compile(rb'\n[ \t]+"[^"\n]*": ')
#: A key of compact JSON (after its object's brace or a comma, on the same line).
_FLAT_KEY = re.compile(rb'[{,][ \t]*"[^"\n]*"[ \t]*:')
#: A compact object's first key, a value of one token (a string, a number, a literal), and
#: its second key: the keys a record's first piece shows when it is one of a record's.
_LEAD = re.compile(rb'\{[ \t]*("[^"\\\n]*")[ \t]*:[ \t]*(?:"[^"\\\n]*"|[-+.\w]+)[ \t]*,'
                   rb'[ \t]*("[^"\\\n]*")[ \t]*:')
#: How many of its first keys are tried to prove compact JSON (the first may be in a string).
_FLAT_TRIED = 8
#: What may be typed before a record's first line and is no part of it: a blank, a
#: character a reader sees as blank or does not see (a form feed, a no-break, ideographic
#: or zero-width space, a BOM of a file joined to another, a direction mark, a filler…:
#: :data:`callrules._invisible.UTF8_BLANK`, the one definition of a blank in UTF-8, as the
#: readers after this one pass it over there), padding (NUL, Ctrl-Z, EOT, DEL). Typed
#: after the text was wrapped, it is no part of the width either.
_PAD = rb"[ \t\x00\x04\x0b\x0c\x1a\x1c\x1d\x1f\x7f]|" + UTF8_BLANK
#: The text's first line measured with a BOM before it (a cut of its three bytes, negative:
#: added): a file's own BOM, wrapped with the text by ``fold`` and taken off as the file is
#: read, leaves that line narrower than the width by its bytes (one character).
_BOM = -3
_PADDED = re.compile(rb"(?:" + _PAD + rb")*+(?=[{\[])")


def unfolded(pieces: Iterator[bytes], marked: Callable[[], bool]) -> Iterator[bytes]:
    """``pieces`` (text in UTF-8), each run of lines that is JSON wrapped at a width joined
    again (see the module); the other lines as they are. ``marked`` tells, once the first
    line is read, whether the text had UTF-8's byte-order mark before it (taken off;
    :class:`~callrules._encodings.Mark`; no default, no guess): only then
    is its first line measured with one (:data:`_BOM`; before, always: a one-element
    compact array that lost a quote, its line of 24 characters, measured 27 with a BOM
    no file had, and a CSV header of 27 after it were taken for a wrap, the header and
    its rows joined to the array, 6 problems for one record and one row)."""
    lines = _lines(pieces)
    known: set[tuple[bool, int]] = set()  # (the widths proven wrapped in the text so far)
    first = next(lines, None)
    while first in (b"\n", b"\r\n"):  # (empty lines above: the text starts after them)
        yield first
        first = next(lines, None)
    if first is None:
        return
    after: list[bytes] = [first]
    opening = first[_padding(first):][:1] in b"{["  # (after padding: see _PAD)
    ahead: list[bytes] = []  # (the second line, read to see whether the first is a piece:
    # never after a value whole, answered before the next line is read; then the lines of
    # its wrapped line, read to see whether the value it opens is an inner one)
    if opening and not whole(_bare(first)) and (second := next(lines, None)) is not None:
        ahead.append(second)
        inner = _closes_unopened(first) or _piece_end(first, ahead) or _opens_inner(
            first, ahead, lines)
        lines = chain(ahead, lines)
    else:
        inner = False
    if (not opening and first.lstrip(b" \t")[:1] not in b"{[\r\n\x1e") or (
            first.rstrip(b"\r\n") and not first.strip(b" \t\r\n")) or inner:
        # (a line of blanks too, not empty: an indentation wrapped; a bracket first that
        # closes brackets opened before it, or opens a value a key's comes after: an inner
        # one, the record's head lost)
        after.clear()  # (a text that lost its head, say: the lines given are the head's)
        yield from _head(first, lines, known, after)
    lines = _Again(chain(after, lines))
    for line in lines:
        read: bytes | None = line
        while read is not None and _opens(read):
            read = yield from _run(read, lines, known, read is first and marked())
        if read is not None:  # (the line read after a compact value whose line went on)
            yield read


def _head(first: bytes, lines: Iterator[bytes], known: set[tuple[bool, int]],
          after: list[bytes]) -> Iterator[bytes]:
    """The lines from ``first`` (the text's, opening no value) up to a record's first line
    (put in ``after`` with the lines held after it), joined again when they are the
    pieces of a wrap: JSON wrapped by ``fold -w`` that then lost its first lines, or lost
    them and then was wrapped, whose remains start anywhere in a record. The first
    :data:`_HEAD_LINES` lines (blank lines not counted) are held to find the width (two
    lines of the widest width at least, each continued by the next as a wrap's pieces are,
    and two keys' lines once joined: no table's rows); proven so, each line of that width
    is joined to the next that continues it (inside a string, at the first column, after a
    key's colon or blanks alone; no JSON whole to prove it: the remains are one problem
    anyway, read as the pretty lines they were), up to a line opening a value indented no
    deeper than any line of the remains (a record, not an object inside the remains' one) or a
    line wider than the width. The line ends taken off are given after the
    remains, so that each line after them keeps its number (the problem they are is
    said at their first line)."""
    held = _held(first, lines)
    wide = max((len(_bare(line)) for line in held if not _blanks_only(_bare(line))),
               default=0)  # (a wrap's pieces: none wider; a line of blanks typed may be)
    shown = [line[len(_bare(line)):] if _blank(_bare(line), wide) else line
             for line in held]  # (lines a reader sees blank, narrower: empty, for the proof)
    cut = _remains(shown)
    remains = shown[:cut]
    while len(remains) > 1 and not _bare(remains[-1]):  # (blank lines typed after them,
        remains.pop()  # before the record below: no piece of them)
    proven = [way for way in (*(_wrap_of(shown, by_bytes, False) for by_bytes in (True, False)),
                              *(_wrap_of(remains, by_bytes, True) or _below(
                                  remains, shown[cut:], by_bytes)
                                for by_bytes in (True, False)))
              if way is not None] or [
                  way for way in (_wrap_of(shown, by_bytes, False, ends=True)
                                  for by_bytes in (True, False)) if way is not None]
    # (pretty remains with one line of the width only, no record's first line held: read on
    # to that record, a second line of the width there, or after, proving the wrap)
    if not proven and any(_wrap_of(shown, by_bytes, False, 1) for by_bytes in (True, False)) \
            and not any(line[:1] in b"{[" for line in held[1:]):
        held += _held_on(held, lines)
        shown = [line[len(_bare(line)):] if _blank(_bare(line), wide) else line
                 for line in held]
        proven = [way for way in (_wrap_of(shown, by_bytes, False) for by_bytes in (True, False))
                  if way is not None]
    if _starts_repeated(held, first):  # (lines each a record's start: cut, no wrap)
        proven = []
    # (pretty: proven on every line held; compact: on the remains alone, or on the record
    # below them; else pretty, a line of the width a line's end where the next starts
    # with a blank: ``,`` then an indentation's piece, wrapped at 3 columns)
    if not proven:  # (no wrap: the lines up to the first opening a value given as they are)
        opening = next((at for at, line in enumerate(held) if at and _opens(line)),
                       len(held))
        yield from held[:opening]
        after.extend(held[opening:])
        return
    # (compact JSON wrapped in characters has a few lines wider in bytes, holding letters
    # outside ASCII)
    broken, by_bytes, widest, flat = max(proven, key=lambda way: way[0])
    if not flat:  # (the proof with more lines of its width broken, pretty or compact, in
        broken, by_bytes, widest, flat = max(  # bytes first when as many: wrapped in
            (way for way in proven if not way[3]), key=lambda way: way[0])  # characters,
    # a line of a letter outside ASCII is the widest in bytes, the other lines narrower)
    either = [way[:3] for way in proven] == [(broken, True, widest), (broken, False, widest)]
    # (as many in both, the lines held all ASCII: a line of the width in either is one)
    known.add((by_bytes, widest))
    parts: list[bytes] = []  # (the pieces of the line being joined, without their ends)
    pending: list[bytes] = []  # (the line ends taken off: given after the remains)
    moved, width, size = b"", -1, 0
    start = _start_state(b"".join(_bare(line) for line in held))  # (where the remains
    # start, inside a string or not, found from the lines held; None when both read alike)
    string = start or (False, False)  # (the string state after the pieces joined so far,
    # quote by quote, escapes carried over the pieces: a parity of quotes counted from
    # outside took a title's ``}`` ending a piece and ``[`` starting the next for a
    # record's end and the next's start once the remains started inside a string, the
    # record split there, 88 of 88 so cut)
    least = None  # (the least indentation of a line of the remains after the first)
    source = chain(held, lines)
    for index, more in enumerate(source):
        bare = _bare(more)
        if bare and _blank(bare, widest):  # (a line a reader sees blank: empty)
            more, bare = more[len(bare):], b""
        if parts and not bare and width == widest:  # (a blank line inside a wrapped
            pending.append(more)  # line: its end given after the remains)
            continue
        if parts and (width != widest or size > MAX_RECORD_BYTES or (
                (more[:1] in b"{[" and _last(parts) in b"}]" and (
                    start is None or string == (False, False))) if flat else (
                    more[:1] in _FIRST_COLUMN and not string[0]
                    and _last(parts) not in b":"))):
            yield b"".join(parts) + moved  # (after a key's colon, its value goes on;
            # after blanks alone, an indentation wider than the width, its line)
            parts, moved, size, string = [], b"", 0, (False, False)
        if not parts and index:
            indent = len(bare) - len(bare.lstrip(b" \t"))
            if more[:1] in _FIRST_COLUMN and (
                    (_opens(more) and (least is None or indent <= least))
                    or _measured(bare, by_bytes, widest, either) > widest):
                after.append(more)  # (a record after the remains: read as the others)
                after.extend(held[index + 1:])
                break
            if more[:1] in _FIRST_COLUMN:
                least = indent if least is None else min(least, indent)
        if parts:
            pending.append(more[len(bare):])
        else:
            moved = more[len(bare):]
        parts.append(bare)
        width, size = _measured(bare, by_bytes, widest, either), size + len(bare)
        if flat and not index and more.endswith(b"\n"):
            width = widest  # (compact JSON's first line a piece's end: cut in bytes)
        string = _string_after(bare, *string)
    if parts:
        yield b"".join(parts) + moved
    if pending:  # (after the remains: lines of blanks inside them would read as the ends
        yield b"".join(pending)  # of records, each line one problem)


#: A JSON string whole on a line (its escapes), or left open at the line's end.
_STRING = re.compile(rb'"(?:[^"\\\n]|\\.)*+(?:"|$)')


def _piece_end(first: bytes, second: list[bytes]) -> bool:
    """Whether ``first`` (the text's first line, a bracket first) is the end of a wrap's
    piece whose start was lost (the text cut inside a wrapped line: ``tail -c``): the
    line after it (in ``second``, if any) continues it as a wrap's pieces do and is wider
    by more than a BOM taken off (:data:`_BOM`) would make it."""
    if not second or not first.endswith(b"\n") or not _continues(first, second[0]):
        return False
    line, more = _bare(first), _bare(second[0])
    return len(more) - len(line) > -_BOM and _width(more, False) - _width(line, False) > 1


def _opens_inner(first: bytes, ahead: list[bytes], lines: Iterator[bytes]) -> bool:
    """Whether ``first`` (the text's first line, a bracket first, ``ahead`` the line after
    it) opens a value that is inside a record whose head was lost (``"key": `` at the end
    of the line cut off before it): once the pieces of its wrapped line are joined at its
    width (in bytes or characters; the lines read from ``lines`` put in ``ahead``,
    :data:`_HEAD_BYTES` at most, however narrow), the value ends, and after it
    and the values of its array after it (their commas before them) a key or a brace
    closing follows, or a bracket closing then a key or a brace closing, as never after
    a record (:func:`_inner`)."""
    if not first.endswith(b"\n"):
        return False
    line = _bare(first)
    start = _padding(first)
    size = len(first) + len(ahead[0])
    for by_bytes in (True, False):
        widest = _width(line, by_bytes)
        if widest < _NARROWEST:
            continue
        text, at, going = bytearray(line), 0, True
        scans: list[Scan | tuple[int, int]] = [Scan(start)]
        while (found := _inner(text, scans)) is None and going:
            if at == len(ahead):
                if size > _HEAD_BYTES or (
                        more := next(lines, None)) is None:
                    break
                ahead.append(more)
                size += len(more)
            piece = ahead[at]
            at += 1
            bare = _bare(piece)
            if bare:  # (a blank line typed between the pieces: passed over)
                text += bare
                going = _width(bare, by_bytes) == widest and piece.endswith(b"\n")
        if found:
            return True
    return False


#: What comes after a value, read one character at a time (:func:`_inner`), each run of
#: blanks, or of a key's characters, read at once: in each way the text after it is read
#: so far (a state), the character that comes next and the state after it, or whether the
#: value is an inner one (True: a brace closing, or a comma then a key and its colon, a
#: bracket closing before them or not, as never after a record); a comma then a value
#: opening (its sibling, followed on: :data:`_SIBLING`); anything else: a record's.
_SIBLING = -1
_IN_KEY = 4
_AFTER: tuple[dict[int, int | bool], ...] = (
    {ord("]"): 1, ord("}"): True, ord(","): 2},  # (after the value)
    {ord("}"): True, ord(","): 3},  # (after a bracket closing it)
    {ord('"'): _IN_KEY, ord("{"): _SIBLING, ord("["): _SIBLING},  # (after its comma)
    {ord('"'): _IN_KEY},  # (after a bracket closing, then a comma)
    {ord('"'): 5},  # (in a key: its closing quote)
    {ord(":"): True},  # (after a key: its colon)
)
#: A run of blanks, of a key's characters (a backslash escapes any character), up to what
#: comes after it (none: the text ends in it).
_BLANKS = re.compile(rb"[ \t]*+(?=[^ \t])")
_KEY_CHARACTERS = re.compile(rb'(?:[^"\\]|\\.)*+(?=["\\])')


def _inner(text: bytearray, scans: list[Scan | tuple[int, int]]) -> bool | None:
    """Whether the value opened in ``text`` is an inner one (see :func:`_opens_inner`);
    None while ``text`` is too short to tell. ``scans`` follow it and its siblings after
    it as ``text`` grows, then what comes after the last (where it is read to, and its
    state in :data:`_AFTER`): the text read once, however narrow its pieces."""
    while True:
        last = scans[-1]
        if isinstance(last, Scan):
            end = last.end(text)
            if end is None:
                return None
            last = (end, 0)
        at, state = last
        while True:
            run = (_KEY_CHARACTERS if state == _IN_KEY else _BLANKS).match(text, at)
            at = len(text) if run is None else run.end()
            if at == len(text) or (state == _IN_KEY and at + 1 == len(text)):  # (in a key,
                scans[-1] = (at, state)  # a backslash or a quote last: read again with
                return None  # what follows it)
            step = _AFTER[state].get(text[at])
            if step is None or isinstance(step, bool):
                return bool(step)
            if step == _SIBLING:
                scans.append(Scan(at))
                break
            at, state = at + 1, step


def _closes_unopened(line: bytes) -> bool:
    """Whether ``line`` closes a bracket it did not open (outside strings): the remains of
    a value whose opening was lost, though a bracket comes first."""
    depth = 0
    for bracket in _BRACKET.findall(_STRING.sub(b"", _bare(line))):
        depth += 1 if bracket in b"{[" else -1
        if depth < 0:
            return True
    return False


def _held(first: bytes, lines: Iterator[bytes]) -> list[bytes]:
    """``first`` and the lines after it read from ``lines``, :data:`_HEAD_LINES` in all
    (or :data:`_HEAD_BYTES`) at most, up to a record whole on its
    line (a compact object, no piece of a wrap: the lines after it are records, each
    answered once read, not held to find a width); wider than the lines before it, up to
    the line after its empty lines (a record wrapped and joined again by the reader
    before this one, its line ends after it: the proof of the width,
    :func:`_joined_below`)."""
    held = [first]
    size, written = len(first), 1  # (lines holding more than blanks: a run of blank lines
    for more in lines:  # typed among the pieces crowds none of them out of the proof)
        held.append(more)
        size += len(more)
        written += not _blanks_only(_bare(more))
        if written >= _HEAD_LINES or size > _HEAD_BYTES:
            break
        if _record_line(more):
            if len(more) > max(map(len, held[:-1])) + 1:  # (wider than the remains: maybe
                for end in islice(lines, len(more) // _NARROWEST + 1):  # joined already,
                    held.append(end)  # its line ends after it, as many as its pieces but
                    if end not in (b"\n", b"\r\n"):  # one: read up to the next line)
                        break
            break
    return held


def _held_on(held: list[bytes], lines: Iterator[bytes]) -> list[bytes]:
    """The lines after ``held`` (pretty-printed remains with one line of the width only among
    them) read from ``lines`` up to the first at the first column opening a value (the
    record below the remains, its first line the last), :data:`_HEAD_BYTES` in all at
    most: the remains' other lines of the width, if any, prove the wrap."""
    more: list[bytes] = []
    size = sum(map(len, held))
    for line in lines:
        more.append(line)
        size += len(line)
        if line[:1] in b"{[" or size > _HEAD_BYTES:
            break
    return more


def _record_line(line: bytes) -> bool:
    """Whether ``line`` is a compact object whole (a key in it), alone on its line."""
    bare = _bare(line).rstrip(b" \t")
    return bare[:1] == b"{" and bare[-1:] == b"}" and b'"' in bare and whole(bare)


def _remains(held: list[bytes]) -> int:
    """How many of ``held`` are before a record at the first column after a value's end
    (JSON Lines' next records: joined already when of one width, no wider than a wrap's
    remains; blank lines typed between them passed over)."""
    last = b""  # (the last line holding more than blanks)
    for at, line in enumerate(held):
        if at and line[:1] in b"{[" and last[-1:] in b"}]":
            return at
        if not _blanks_only(bare := _bare(line)):
            last = bare.rstrip(b" \t")
    return len(held)


def _wrap_of(held: list[bytes], by_bytes: bool, flat: bool, least: int = _LEAST,
             ends: bool = False) -> tuple[int, bool, int, bool] | None:
    """How ``held`` (a text's first lines, opening no value) is proven the remains of JSON
    wrapped at a width, measured in bytes or characters (``by_bytes``): how many lines of
    the width (the widest) go on in the next as a wrap's pieces do (``least`` at least),
    the width, and ``flat``: compact JSON (two keys of a compact object once joined,
    :func:`_flat`), else pretty (two keys' lines once joined: no table's rows; ``ends``:
    a line of the width joined to the next only where it continues it, :func:`_continues`,
    a line's end of the width kept so); None if not."""
    widest = max(_width(_bare(line), by_bytes) for line in held)
    broken = sum(1 for line, more in pairwise(held)
                 if _width(_bare(line), by_bytes) == widest and line.endswith(b"\n")
                 and _continues(line, more))
    if widest < _NARROWEST or broken < least:
        return None
    joined = b"".join(_bare(line) if (_width(_bare(line), by_bytes) == widest and (
        not ends or _continues(line, more))) or (flat and not _bare(line)) else line
        for line, more in pairwise([*held, b""]))  # (compact: its blank lines, typed
    # between the pieces, passed over)
    if not flat:
        return (broken, by_bytes, widest, False) if len(_KEY_LINE.findall(joined)) >= _LEAST \
            else None
    if all(_width(bare, by_bytes) == widest or not bare
           for bare in map(_bare, held[1:-1])) and _FLAT_KEY.search(
               b"".join(map(_bare, held[:-1]))) and _flat(joined):
        # (a compact array, JSON Lines: each line of the width joined; every line but the
        # first and the last of the width, as ``fold`` leaves them, a key before the last:
        # no pretty JSON, no text wrapped at blanks, a mail's format=flowed, above a record)
        return broken, by_bytes, widest, True
    return None


def _below(remains: list[bytes], below: list[bytes], by_bytes: bool
           ) -> tuple[int, bool, int, bool] | None:
    """How ``remains`` (compact JSON's, with one line of the width only, continued by the
    next: a record's last pieces) are proven wrapped by the record ``below`` them (its
    lines up to the next record's): compact JSON wrapped at the same width, as
    :func:`_wrap_of` proves it (the lines of the width broken counted in both). None if
    not."""
    way = _wrap_of(remains, by_bytes, True, 1) if remains and below else None
    record = below[:_remains(below)]
    if way is None or len(record) < 2:
        return None
    proof = _wrap_of(record, by_bytes, True) or _joined_below(record, by_bytes, way[2])
    if proof is None or proof[2] != way[2]:
        return None
    return way[0] + proof[0], *way[1:]  # (the lines of the width broken in both)


def _joined_below(record: list[bytes], by_bytes: bool, widest: int
                  ) -> tuple[int, bool, int, bool] | None:
    """How ``record`` (a record whole on its line, then empty lines) is proven compact JSON
    wrapped at ``widest`` and joined again before this reader (by the reader of text cut
    at one width: its line ends given after it), as many line ends after it as ``fold``
    cuts it into pieces: as :func:`_wrap_of` proves it; None if not."""
    bare = _bare(record[0])
    if widest < _NARROWEST or not _record_line(record[0]) or any(
            end not in (b"\n", b"\r\n") for end in record[1:]):
        return None
    pieces = -(-_width(bare, by_bytes) // widest)
    return (pieces - 1, by_bytes, widest, True) if pieces == len(record) > _LEAST else None


def _flat(text: bytes) -> bool:
    """Whether ``text`` (the lines held, each of the width joined to the next) is compact
    JSON (an array on one line, JSON Lines) that lost its head: two keys of a compact
    object at least, and from one of the first (the text may start inside a string),
    once an object's brace put before it, JSON as far as it goes (the first that reads
    so decides), its object closed where a value may be followed (a comma, a bracket
    closing, a line end, the next record), not by a table's next row nor text before a
    record on its line."""
    keys = [key.start() for key in islice(_FLAT_KEY.finditer(text), _FLAT_TRIED)]
    if len(keys) < _LEAST:
        return False
    for at in keys:
        start = text.index(b'"', at)
        candidate = b"{" + text[start:start + _HEAD_BYTES]
        end = Scan(0).end(candidate)
        if end is None:
            if reads(candidate) is False:
                return True
        elif reads(candidate[:end]) is True:  # (the first read decides; b"": the end)
            return candidate[end:].lstrip(b" \t\r\n")[:1] in b",]}{"
    return False


class _Again:
    """The lines of a text, some given back to be read again (the line after a value's end
    at which a run stops: :func:`_wrapped_on`, :func:`_damaged`)."""

    __slots__ = ("_back", "_lines")

    def __init__(self, lines: Iterator[bytes]) -> None:
        self._lines = lines
        self._back: list[bytes] = []

    def __iter__(self) -> _Again:
        return self

    def __next__(self) -> bytes:
        if self._back:
            return self._back.pop()
        return next(self._lines)

    def again(self, lines: list[bytes]) -> None:
        """Read ``lines`` again next, in their order, before the others."""
        self._back.extend(reversed(lines))


def _run(line: bytes, lines: _Again, known: set[tuple[bool, int]],
         first: bool = False) -> Generator[bytes, None, bytes | None]:
    """The lines of a value opened by ``line``, read from ``lines``: each given at once,
    but one that may end inside a token (a string, a number, a literal: where a wrap's
    line end is no blank of JSON) or after a key's colon held until the next shows it
    whole (a next starting with ``}`` or ``]`` may go on with it too), up to where its
    brackets close (strings ended at line ends); from a line that continues the one before
    it as a wrap's pieces do, held up to where the value ends once joined again, and given
    joined if it is a wrap (see the module). Each line of a pretty-printed value costs a
    few searches at C speed (its brackets followed only when it holds one). The text's
    ``first`` line is measured with a BOM before it too (:data:`_BOM`)."""
    seen = bytearray()  # (the value's lines given so far, as written; past the record
    # limit, none: no wrap joined)
    held: list[bytes] = []
    depth, _ = follow(line, lines=True)
    before, in_string = line, _in_string(line)
    pad = _padding(line)  # (before its bracket: tried in the width, then not)
    cuts = (0, pad) if pad else (0, _BOM) if first else (0,)
    if in_string or _token_open(line) or b'"' in line:  # (compact: held, so that a
        held.append(line)  # wrap damaged inside is joined from its first line)
    else:
        seen += line
        yield line
    for more in lines:
        if not held and not in_string and depth > 0 and more[:1] in b" \t" and len(
                _bare(more)) >= _NARROWEST and not _bare(more).strip(b" \t"):  # (an
            held.append(more)  # indentation alone, wrapped at its width or a divisor of
            before = more  # it, as wide as a piece or narrower: a piece when the next
            continue  # line goes on with it; else given)
        if more[:1] not in b"\r\n" and len(_bare(more)) < (
                len(_bare(before)) if in_string else max(len(_bare(before)), _PIECE)) and (
                    _blanks_only(_bare(more))):  # (narrower than the line before: a
            # piece of blanks as wide or wider read as a piece below)
            if held:  # (a line a reader sees blank, narrower than a wrap's piece: as an
                held.append(more)  # empty line, below; held, judged once joined)
                continue
            if len(seen) <= MAX_RECORD_BYTES:
                seen += more[len(_bare(more)):]  # (its blanks no JSON's: a form feed…)
            yield more
            continue
        if (more[:1] not in _FIRST_COLUMN or in_string or (
                not seen and held[:1] == [line] and more[:1] in b" \t}]") or (
                held and more[:1] in b" \t{[" and _last([_bare(held[-1])]) == b":") or (
                    held and more[:1] in b" \t" and _bare(held[-1])[:1] in b" \t"
                    and not _bare(held[-1]).strip(b" \t"))) and (
                    len(seen) <= MAX_RECORD_BYTES):  # (a compact first line's piece
            # may start with a blank, or close a value: a string's end the first line's;
            # after a key's colon, open its value: ``"submitter": `` then ``{"given_name"``,
            # what no pretty line is, its value's bracket on the key's line; after an
            # indentation alone held, its rest: ``    "id"`` wrapped at 3 is ``   `` then
            # `` "i``, a record's first key in a text that lost its head, the first
            # record's remains joined above it: before, given as written, the lines
            # after it joined across their ends, its inner objects read as records)
            run = [*held, more]  # (a line going on with the one before as a wrap's do)
            ended = _wrapped_on(seen, run, before, lines, line, cuts)
            for by_bytes, cut in product((True, False), cuts):
                joined = _joined(seen, run, before, by_bytes, known, ended, line, cut)
                if joined:
                    break
            else:
                if seen:  # (its first line given: as written)
                    yield from run
                    return None
                return (yield from _damaged(run, before, lines, line, cuts))
            yield from joined[:-1]
            widest = _measure(before, by_bytes, line, cut)
            if run[-1].endswith(b"\n") and _measure(run[-1], by_bytes, line, cut) == widest:
                joined[-1] = _comma_after(joined[-1], lines)
            if (line[:1] in b"{[" and b'"' in line and run[-1].endswith(b"\n")
                    and _measure(run[-1], by_bytes, line, cut) == widest):
                return (yield from _going_on(joined[-1], lines, by_bytes, widest))
            yield joined[-1]
            return None
        if _BRACKET.search(more):
            depth, _ = follow(more, depth, lines=True)
        if not _bare(more):  # (a blank line: held after a line held, the line before
            if held:  # it read on past it)
                held.append(more)
                continue
            if len(seen) <= MAX_RECORD_BYTES:
                seen += more
            yield more
            continue
        if held:
            if len(seen) <= MAX_RECORD_BYTES:
                seen += b"".join(map(_as_seen, held))
            yield from held
            held.clear()
        before = more
        quotes = more.count(b'"')  # (inline: a few searches a line, no call)
        if quotes and b"\\" in more:
            quotes -= more.count(b'\\"')
        in_string = bool(quotes & 1)
        last = more[-2:-1]  # (the character before a line feed)
        if last == b"\r":
            last = more[-3:-2]
        if depth > 0 and (in_string or last not in _PUNCTUATION or last in b'":' or (
                last in b" \t" and _bare(more).rstrip(b" \t")[-1:] == b":")):
            # (a string closed at the line's end: a key, its colon maybe the next line's
            # first character, the key's line of the width; a key's colon, its value
            # maybe the next line's piece, after a blank)
            held.append(more)
            continue
        if len(seen) <= MAX_RECORD_BYTES:
            seen += more
        yield more
        if depth <= 0:
            return None
    yield from held
    return None


_IN_STRING = re.compile(rb'["\\]')


def _string_after(piece: bytes, quoted: bool = False, escaped: bool = False
                  ) -> tuple[bool, bool]:
    """Whether a string is open after ``piece``, and whether a backslash in it waits for
    the character it escapes (the next piece's first), from the same before it.

    >>> _string_after(b'"a\\\\'), _string_after(b'"b', True, True), _string_after(b'"a\\\\\\\\"')
    ((True, True), (True, False), (False, False))
    """
    at = 1 if escaped and piece else 0
    escaped = escaped and not piece
    while True:
        if not quoted:
            at = piece.find(b'"', at)
            if at == -1:
                return False, False
            quoted, at = True, at + 1
            continue
        found = _IN_STRING.search(piece, at)
        if found is None:
            return True, escaped
        if found.group() == b'"':
            quoted, at = False, found.end()
            continue
        if found.end() == len(piece):
            return True, True
        at = found.end() + 1


#: What a JSON text holds outside its strings: blanks, brackets, commas, colons, numbers,
#: literals (the first and the last maybe cut: a piece starting or ending inside one).
_OUTSIDE = re.compile(rb"(?:rue|ue|alse|lse|se|ull|ll|l)?+(?:[ \t\r\n{}\[\],:0-9eE+\-.]|true"
                      rb"|false|null)*+(?:tru|tr|t|fals|fal|fa|f|nul|nu|n)?+")
#: The rest of a string from a piece's start in it, to its closing quote (escapes whole).
_STRING_END = re.compile(rb'(?:[^"\\]|\\.)*+"', re.DOTALL)


def _start_state(text: bytes) -> tuple[bool, bool] | None:
    """The string state at the start of ``text`` (the remains of a wrapped text that lost
    its first lines, their pieces joined): outside a string, inside one, or inside one
    just after a backslash, as :func:`_string_after` gives it; the only one of these from
    which what is left outside the strings is JSON's (blanks, punctuation, numbers,
    literals), else None (both read alike: text all of JSON's punctuation and digits, or
    damaged).

    >>> _start_state(b'SUD-0001", "title": "x}'), _start_state(b': "}[yy", "n": 1, "t": "a')
    ((True, False), (False, False))
    >>> _start_state(b'12, 3'), _start_state(b'"a b", "c'), _start_state(b'\\\\", "y": 1')
    (None, (False, False), (True, True))
    """
    alike = {b'"': (False, False), b"\\": (True, True)}.get(text[:1], (True, False))  # (after
    # a backslash, the first character escaped: a quote read as outside's opening one, any
    # other but a backslash as inside's; the states after it the same)
    fits = {alike if state == (True, True) else state
            for state in ((False, False), (True, False), (True, True))
            if _outside_only(text, state)}
    return fits.pop() if len(fits) == 1 else None


def _outside_only(text: bytes, state: tuple[bool, bool]) -> bool:
    """Whether what ``text`` holds outside its strings, from ``state`` (see
    :func:`_start_state`), is JSON's."""
    quoted, at = state[0], 1 if state[1] else 0
    while True:
        if quoted:
            end = _STRING_END.match(text, at)
            if end is None:
                return True  # (a string open at the text's end)
            at, quoted = end.end(), False
        quote = text.find(b'"', at)
        if _OUTSIDE.fullmatch(text, at, len(text) if quote == -1 else quote) is None:
            return False
        if quote == -1:
            return True
        at, quoted = quote + 1, True


def _indented(bare: bytes) -> bool:
    """Whether ``bare`` (a piece) starts as a pretty-printed line after its line end does:
    blanks, then a key's or a string's quote, a bracket, or nothing more (an indentation
    cut at the width); a piece inside a string (`` physique``) does not.

    >>> [_indented(bare) for bare in (b'   ', b'  "id', b'  }', b' physique', b'"id')]
    [True, True, True, False, False]
    """
    rest = bare.lstrip(b" \t")
    return rest != bare and rest[:1] in (b"", b'"', b"{", b"}", b"[", b"]")


def _comma_after(joined: bytes, lines: _Again) -> bytes:
    """``joined`` (a value joined again, its line ends after it, its last piece of the
    width) with the next line of ``lines`` joined to it when that line is a comma alone
    (the rest of the value's last line, ``  },`` wrapped after its bracket: before, the
    comma was a line of its own and the record after it read as a damaged one's inner
    values, 7 results for 4); else that line read again.

    >>> _comma_after(b"  }\\n\\n", _Again(iter([b",\\n", b"  {\\n"])))
    b'  },\\n\\n\\n'
    >>> _comma_after(b"  }\\n", _Again(iter([b"  {\\n"])))
    b'  }\\n'
    """
    more = next(lines, None)
    if more is None:
        return joined
    if _bare(more).strip(b" \t") != b",":
        lines.again([more])
        return joined
    body = joined.rstrip(b"\r\n")
    return body + b"," + joined[len(body):] + more[len(_bare(more)):]


def _as_seen(line: bytes) -> bytes:
    """``line`` (held among a value's lines, then given as written) as the value's text
    holds it: a line of blanks no JSON's (DEL, U+0085, a zero-width space…: a line a reader
    sees blank, typed there) its line end alone, as a blank line given at once is.

    >>> [_as_seen(line) for line in (b"   \\n", b"\\x7f\\n", b'"id"\\n')]
    [b'   \\n', b'\\n', b'"id"\\n']
    """
    bare = _bare(line)
    return line[len(bare):] if bare.strip(b" \t") and _blanks_only(bare) else line


def _damaged(run: list[bytes], before: bytes, lines: _Again, opening: bytes,
             cuts: tuple[int, ...]) -> Generator[bytes, None, bytes | None]:
    """``run`` (the lines of a compact value from its first, ``opening``, read on to where
    it would end once joined again at the width of ``before``) that is no JSON once so
    joined: damaged inside (a line lost, a character lost, added or typed at a line's
    start), and read as a wrap still when two of its lines at least are of the width, each
    continued by the next, and the others of the width but one (the damaged) before the
    last, shorter: each record's pieces joined again (a record from its first piece, up
    to a shorter one or where the next record starts: ``{`` or ``[`` after ``}`` or
    ``]``, or the first key of the first record once the brackets before it are closed:
    an inner object keyed as the record is, or a list, is the record going on), so that
    the damaged record is one problem and the others read whole; the lines after ``run``
    read on so while the record goes on. The line read after them is
    returned (else None); not so proven, ``run`` is given as written (its value may have
    ended early once joined, a line lost: ``run`` is read on first while its last line
    is of the width, up to a record's first line after a record's end, returned after
    it). A line after a value whole that no JSON goes on with (:func:`_ended`: a CSV
    file's header after a damaged array whose last line is of the width) is no piece: the
    run stops before it (:func:`_wrapped_on` reads no further), and it is read again as the
    text after the value (before, taken as a piece with a character typed, within
    :data:`_TYPED` of the width, it and the row under it were the array's last element, the
    row lost)."""
    start = _bare(opening)[_padding(opening):]
    key = _FLAT_KEY.match(start)  # (its first key: a line starting so starts a record,
    head = start[:key.end()] if key else b"\x00"  # a text's lines each cut at a width)
    lead = _LEAD.match(start)  # (its first two keys: a piece showing both starts a record)
    ways = [(by_bytes, cut, _measure(before, by_bytes, opening, cut))
            for by_bytes, cut in product((True, False), cuts)]
    after: bytes | None = None
    size = sum(map(len, run))
    typed = False  # (a line read on past though wider than the width: a character typed)
    while size <= MAX_RECORD_BYTES and run[-1].endswith(b"\n"):
        measured = [(_measure(run[-1], by_bytes, opening, cut), widest)
                    for by_bytes, cut, widest in ways]
        if not any(width == widest for width, widest in measured):
            if typed or not any(widest < width <= widest + _TYPED
                                for width, widest in measured):
                break
            typed = True  # (the damaged line, typed at its start: the run stopped at it)
        after = next(lines, None)
        if after is not None and _ended(run[-1], after):
            lines.again([after])
            after = None
            break
        if after is None or (after[:1] in b"{[" and (_last([_bare(run[-1])]) in b"}]"
                                                      or after.startswith(head))):
            break
        run.append(after)
        size += len(after)
        after = None
    tried = [(sum(1 for line, more in pairwise(run)
                  if _measure(line, by_bytes, opening, cut) == widest
                  and _continues(line, more) and not (_measure(
                      more, by_bytes, opening, cut) >= widest and _apart(line, more))),
              by_bytes, cut, widest)
             for by_bytes, cut in product((True, False), cuts)
             for widest in (_measure(before, by_bytes, opening, cut),)]
    broken, by_bytes, cut, widest = max(tried)
    pieces = [line for line in run if not _blank(_bare(line), widest, by_bytes)]
    odd = sum(1 for line in pieces[:-1]
              if _measure(line, by_bytes, opening, cut) != widest)
    flowed = sum(1 for line in pieces[:-1] if _bare(line).endswith(b" "))  # (a mail's
    # format=flowed: a soft break a blank at a line's end, unflowed after this reader)
    if broken < _LEAST or widest < _NARROWEST or 2 * flowed >= len(pieces) - 1 or odd > 1 + sum(
            1 for line in pieces[1:] if line[:1] in b"{[") or _starts_repeated(run, opening) \
            or _whole_each(run):
        yield from run
        return after
    parts: list[bytes] = []  # (the pieces of the record being joined, without their ends)
    moved: list[bytes] = []  # (their line ends, and blank lines among them)
    size = 0
    short = False  # (a shorter piece read, the record not whole up to it: a line typed
    # among its pieces, the record going on when the next is a piece of the width, or its
    # last, shorter, closing it, and no record's first line)
    depth, quoted = 0, False  # (the brackets the record's pieces leave open: a piece
    # opening a bracket, or starting as the record did, while one is open and the last
    # piece of the width ends where a value may start, is an inner value's, the record
    # going on, typed line or not; a bracket after a closing one at a piece's end starts a
    # record whatever the count, a line holding one lost)
    joint = False  # (the last piece of the width ends, outside a string, at ``[``, ``,``
    # or ``:``: lines each cut at one width, a record's head after a string or a value
    # cut short, or one showing the record's first two keys, are records of their own)
    last = b""  # (the last line joined that a reader does not see blank)
    for index, more in enumerate(chain(run, [after] if after else (), lines)):
        bare = _bare(more)
        if _blank(bare, widest, by_bytes):
            if parts:
                moved.append(more[len(bare):])  # (its blanks: no JSON's)
            else:
                yield more
            continue
        if parts and index >= len(run) and _ended(last, more):
            yield b"".join(parts + moved)  # (the value ended: the text after it read so)
            return more
        last = more
        width = _measure(more, by_bytes, opening, cut)
        shown = _LEAD.match(bare.lstrip(b" \t")) if lead else None
        inner = not (shown and lead and shown.groups() == lead.groups()) and (
            (depth > 0 and joint) or (shown is not None and _last(parts) == b","))  # (a
        # bracket or the record's head going on with it, but a piece starting as the record
        # did; an object keyed first as the record is, its second key another, after a
        # comma: an inner object, a visitor, whatever a line lost left of the strings)
        if short and (more[:1] in b"\r\n" or (depth <= 0 and more[:1] in b"}]") or (
                not inner and (more[:1] in b"{[" or bare.lstrip(b" \t").startswith(head)))
                      or (width < widest - 1 and bare.rstrip(b" \t")[-1:] not in b"}]")):
            yield b"".join(parts + moved)  # (its last piece was the shorter line)
            parts, moved, size, depth, quoted, joint = [], [], 0, 0, False, False
        short = False
        if parts and ((bare[:1] in b"{[" and (_last(parts) in b"}]" or (
                not inner and bare.startswith(head)))) or width > widest + _TYPED
                      or size > MAX_RECORD_BYTES):
            yield b"".join(parts + moved)
            parts, moved, size, depth, quoted, joint = [], [], 0, 0, False, False
        if not parts and index >= len(run):
            return more  # (after the run, the record ended: read as the others)
        parts.append(bare)
        moved.append(more[len(bare):])
        size += len(bare)
        depth, quoted = follow(bare, depth, quoted)
        if width < widest - 1 and more.endswith(b"\n") and not whole(b"".join(parts)):
            parts[-1] = more  # (its line end kept where it was typed: no JSON's there,
            moved.pop()  # in a string, so that the record is a problem, not one changed)
            short = True  # (one problem with the pieces after it, if they go on)
            continue  # (``joint`` the last piece's of the width: a typed line passed over)
        if width < widest - 1 or not more.endswith(b"\n"):
            yield b"".join(parts + moved)  # (its last piece, shorter)
            parts, moved, size, depth, quoted, joint = [], [], 0, 0, False, False
            continue
        joint = not quoted and bare.rstrip(b" \t")[-1:] in b"[,:"
    if parts:
        yield b"".join(parts + moved)
    return None


def _goes_on(text: bytes) -> bool:
    """Whether ``text`` is a compact value (an object of a record whose head was lost,
    its first line opening it) whole, then a comma and more on its line: the line of an
    array going on."""
    if text[:1] not in b"{[" or b'"' not in text[:text.find(b"\n") % (len(text) + 1)]:
        return False
    end = Scan(0).end(text)
    return end is not None and text[end:].lstrip(b" \t")[:1] == b"," and whole(text[:end])


def _going_on(joined: bytes, lines: Iterator[bytes], by_bytes: bool, widest: int
              ) -> Generator[bytes, None, bytes | None]:
    """``joined`` (a compact value joined again, its line ends after it; its last piece
    of the width) and the lines of ``lines`` going on with it as a wrap's pieces do
    (a record of a compact array whose head was lost where a piece opens it: the array's
    line goes on past it), joined to it; the line read after them, if any, returned."""
    bare = joined.rstrip(b"\r\n")
    parts, moved = [bare], [joined[len(bare):]]
    string, size, width = _string_after(bare), len(joined), widest  # (the string state
    # after the pieces joined, quote by quote, escapes carried over: see _joined)
    for more in lines:
        piece = _bare(more)
        if _blank(piece, widest, by_bytes) and width == widest:  # (a blank line inside the wrapped
            # line)
            moved.append(more[len(piece):])
            continue
        if width != widest or size > MAX_RECORD_BYTES or (
                more[:1] in _FIRST_COLUMN and not string[0] and _last(parts) not in b",:"
                and len(parts) == 1) or (more[:1] in b"{[" and _last(parts) in b"}]"
                                         and string == (False, False)):
            # (the first line after the value goes on with it as a wrap's do, or after
            # a comma; a record after a record's end: JSON Lines; not in a string, a
            # title's ``}`` then ``[``)
            yield b"".join(parts + moved)
            return more
        parts.append(piece)
        moved.append(more[len(piece):])
        string = _string_after(piece, *string)
        size += len(piece)
        width = _measured(piece, by_bytes, widest, True) if more.endswith(b"\n") else -1
        # (in bytes or characters: the value joined may have held no letter outside ASCII)
    yield b"".join(parts + moved)
    return None


def _in_string(line: bytes) -> bool:
    """Whether ``line`` (starting outside a string) ends inside one: an odd number of
    quotes not escaped (a string opened on it and not closed)."""
    quotes = line.count(b'"')
    if quotes and b"\\" in line:
        quotes -= line.count(b'\\"')
    return bool(quotes & 1)


def _token_open(line: bytes) -> bool:
    """Whether ``line`` may end inside a number or a literal: not after a blank or JSON's
    punctuation, where a line end is one of JSON's blanks."""
    last = line[-2:-1] if line.endswith(b"\n") else line[-1:]
    if last == b"\r":
        last = line[-3:-2]
    return last not in _PUNCTUATION


def _continues(line: bytes, more: bytes) -> bool:
    """Whether ``more`` continues ``line`` as the pieces of a wrap do: ``line`` ends inside
    a string (an odd number of quotes not escaped: a string opened on it and not closed),
    or ``more`` starts at the first column with no blank or bracket (what no
    pretty-printed line does but the first)."""
    return more[:1] not in _FIRST_COLUMN or _in_string(line)


def _wrapped_on(seen: bytearray, run: list[bytes], before: bytes, lines: _Again,
                opening: bytes, cuts: tuple[int, ...]) -> bool:
    """``run`` read on (lines appended to it from ``lines``) while it may be a value wrapped
    at the width of ``before`` (the line before its line continuing one), up to the line
    where the value (opened in ``seen``, or by ``run``'s first line) ends once joined again
    (in bytes or in characters, whichever ends first), or a line wider, or the record
    limit, or a line that no wrap goes on with after the line before (:func:`_ended`: given
    back, read again after the run; before, read on to the text's end and given back at
    once, every line after it read again for each opening after it, the time quadratic).
    Whether the text ended first (a value cut short: a text file failing on a
    byte its encoding has not, the rest of the text lost). ``opening`` is the value's
    first line, measured without its first bytes, as many as each of ``cuts`` (padding
    typed after the wrap, or none)."""
    start = _padding(opening)
    scans: list[tuple[bool, int, bytearray, Scan]] = []
    for by_bytes, cut in product((True, False), cuts):
        widest = _measure(before, by_bytes, opening, cut)
        text = bytearray(seen)
        for line in run:
            bare = _bare(line)
            text += bare if _measure(line, by_bytes, opening, cut) == widest else (
                line[len(bare):] if _blank(bare, widest, by_bytes) else line)  # (a blank line's
            # blanks no JSON's: a form feed, a no-break space…)
        scans.append((by_bytes, widest, text, Scan(start)))
    if any(scan.end(text) is not None for _, _, text, scan in scans):
        return False
    _unescaped(scans)
    size = len(seen) + sum(len(line) for line in run)
    for more in lines:
        if _ended(run[-1], more):
            lines.again([more])
            return False
        run.append(more)
        size += len(more)
        bare = _bare(more)
        for by_bytes, widest, text, scan in list(scans):
            width = _width(bare, by_bytes)
            text += bare if width == widest and more.endswith(b"\n") else (
                more[len(bare):] if _blank(bare, widest, by_bytes) else more)
            if scan.end(text) is not None:
                return False
            if width > widest and not _blank(bare, widest, by_bytes):  # (no wrap at that width)
                scans.remove((by_bytes, widest, text, scan))
        _unescaped(scans)
        if not scans or size > MAX_RECORD_BYTES:
            return False
    return True


def _unescaped(scans: list[tuple[bool, int, bytearray, Scan]]) -> None:
    """Drop from ``scans`` (the widths a run may be wrapped at, each its text joined so
    far) those whose text ends in a string at a line end kept (no piece of that width):
    no JSON string holds a line end, and a backslash before it, escaping it as
    :class:`Scan` reads it, would turn the quote after it (the one it escaped, the fold
    between them) into the string's end, and every string after it inside out: the run
    then seen to end where the value does not. One reading at least is kept (a wrap
    damaged inside is read on as before)."""
    ended = [each for each in scans if each[2][-1:] == b"\n" and each[3].in_string]
    if ended and len(ended) < len(scans):
        for each in ended:
            scans.remove(each)


def _lines(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """The lines of ``pieces``, each with its line end (the last may have none); a line
    longer than the record limit given in pieces as they come (no wrap holds one)."""
    held = bytearray()
    for piece in pieces:
        if not held and piece.find(b"\n") == len(piece) - 1:  # (a line, as pieces come)
            yield piece
            continue
        looked = len(held)
        held += piece
        if b"\n" not in piece:
            if len(held) > MAX_RECORD_BYTES:
                yield bytes(held)
                held.clear()
            continue
        start = 0
        while (end := held.find(b"\n", max(start, looked))) != -1:
            yield bytes(held[start:end + 1])
            start = end + 1
        del held[:start]
    if held:
        yield bytes(held)


def _padding(line: bytes) -> int:
    """How many bytes of ``line`` are padding before its first bracket (:data:`_PAD`); 0
    if it starts otherwise than with padding and a bracket."""
    if line[:1] in b"{[":
        return 0
    padded = _PADDED.match(line)
    return padded.end() if padded else 0


def _measure(line: bytes, by_bytes: bool, opening: bytes, cut: int) -> int:
    """The width of ``line`` (without its line end), but for the value's opening line
    (``opening``): without its first ``cut`` bytes (padding typed after the wrap)."""
    bare = _bare(line)
    if cut < 0 and line is opening:  # (a BOM taken off before it: its bytes, one character)
        return _width(bare, by_bytes) + (-cut if by_bytes else 1)
    return _width(bare[cut:] if line is opening else bare, by_bytes)


def _bare(line: bytes) -> bytes:
    return line.removesuffix(b"\n").removesuffix(b"\r")


#: The blanks a line starts with most often, looked at without decoding it.
_ASCII_BLANKS = b" \t\x0b\x0c"


def _blank(bare: bytes, widest: int, by_bytes: bool | None = None) -> bool:
    """Whether ``bare`` (a line without its line end, among the lines of a wrapped run)
    is a blank line typed between a wrap's pieces: empty, or holding only blanks (the
    library's one definition, :func:`callrules._invisible.is_blank`, no exception here: a
    space of any width, a tab, a form feed, a zero-width space, a BOM, a soft hyphen, a
    Hangul filler…), and either not as wide as the wrap's width ``widest`` (in bytes or in
    characters, ``by_bytes``; None: in neither) or holding a control (but a tab) that no
    JSON holds. A line wider than the wrap is no piece of it, nor is a narrower
    one (the last piece of a line, shorter, never ends in a string); a piece of the wrap
    that holds only blanks (an indentation, a string's spaces cut) is as wide as the wrap:
    a line of the width holding spaces, no-break spaces or other blanks a string may hold
    is taken for such a piece (:func:`_joined` tells where it is: :func:`_no_piece_here`)."""
    wide = (len(bare), _width(bare, False)) if by_bytes is None else (_width(bare, by_bytes),)
    return not bare or (_blanks_only(bare) and (
        widest not in wide or min(bare.replace(b"\t", b" ")) < 0x20))


def _no_piece_here(bare: bytes, quoted: bool) -> bool:
    """Whether ``bare`` (a line of blanks as wide as the wrap) is no piece of it where it
    is: in a string (``quoted``), a tab (no string of JSON holds one); outside, any blank
    but a space and a tab (JSON's, an indentation's)."""
    return (b"\t" in bare if quoted else bool(bare.strip(b" \t"))) and _blanks_only(bare)


def _blanks_only(bare: bytes) -> bool:
    """Whether ``bare`` (UTF-8) holds only blanks (:func:`callrules._invisible.all_blank`);
    a line starting with a letter, a digit or JSON's punctuation answered at once."""
    rest = bare.lstrip(_ASCII_BLANKS)
    if not rest:
        return True
    if 0x20 < rest[0] < 0x7F:
        return False
    try:
        return all_blank(rest.decode())
    except UnicodeDecodeError:
        return False


def _opens(line: bytes) -> bool:
    """Whether ``line`` may start a wrapped run: ``[`` or ``{`` first (after blanks), ended,
    its brackets left open (strings ended at its end); a line that reads as a CSV header
    whose first name a brace was typed before (``{A,B``: a name after the brace, no quote
    nor colon in the line) is no object's first piece: its rows were joined to it as the
    wrap's. (An object's opening damaged, ``{id"``, ``{{"``, is still a wrap's start.)"""
    rest = line[_padding(line):]
    start = rest[:1]
    if start == b"{" and rest[1:].lstrip(b" \t")[:1] not in (b"}", b"\r", b"\n", b"") \
            and b'"' not in rest and b":" not in rest:
        return False
    return start in (b"[", b"{") and line.endswith(b"\n") and follow(line, lines=True)[0] > 0


def _last(parts: list[bytes]) -> bytes:
    """The last character of ``parts`` joined that is not a blank (b"" if none)."""
    for part in reversed(parts):
        if stripped := part.rstrip(b" \t"):
            return stripped[-1:]
    return b""


def _pretty(seen: bytearray) -> bool:
    """Whether ``seen`` (a value's lines given before a line continued as a wrap's are) is
    pretty-printed: its opening line, then one indented at least. In such a value a line
    continued so (inside a string, or at the first column with no blank or bracket, where
    every line of it is indented) cannot be a line of JSON there: one wrapped line is the
    evidence of the wrap once the value joined is JSON whole (``jq .``'s records, each
    with one line longer than the terminal's width)."""
    start = seen.find(b"\n") + 1
    while 0 < start < len(seen):  # (blank lines typed after the opening passed over)
        end = seen.find(b"\n", start)
        end = len(seen) if end == -1 else end + 1
        if not _blank(_bare(bytes(seen[start:end])), _PIECE):
            return seen[start] in b" \t"
        start = end
    return False


def _measured(line: bytes, by_bytes: bool, widest: int, either: bool) -> int:
    """The width of ``line`` in bytes or characters (``by_bytes``), or (``either``) the
    width ``widest`` when it is so in one of them, else the narrower."""
    if not either:
        return _width(line, by_bytes)
    if len(line) == widest or _width(line, False) == widest:
        return widest
    return _width(line, False)


def _width(line: bytes, by_bytes: bool) -> int:
    return len(line) if by_bytes else len(line) - sum(1 for byte in line if byte & 0xC0 == 0x80)


def _joined(seen: bytearray, run: list[bytes], before: bytes, by_bytes: bool,
            known: set[tuple[bool, int]], ended: bool, opening: bytes, cut: int
            ) -> list[bytes] | None:
    """``run`` joined again at its lines of the width of ``before`` (the line before its
    line continuing one; see the module), its line ends after each line joined; None if
    it is not JSON wrapped at that width (after ``seen``, the value's lines given; the
    value's first line, ``opening``, measured without its first ``cut`` bytes)."""
    widest = _measure(before, by_bytes, opening, cut)
    widths = [_measure(line, by_bytes, opening, cut) for line in run]
    given = bytes(seen).splitlines()
    if given:
        given[0] = given[0][max(cut, 0):]
    tail = _overwide_tail(run[-1], widths[-1], widest, by_bytes)
    if widest < _NARROWEST or any(width > widest and not _blank(_bare(line), widest, by_bytes)
                                  for line, width in zip(run[:-1] if tail else run, widths,
                                                         strict=False)) or any(
            _width(line, by_bytes) > widest for line in given):
        return None
    counted = [line for line in (run if run[0] is before else [before, *run])
               if not _blank(_bare(line), widest, by_bytes)]  # (blank lines typed inside a wrapped
    # line: passed over)
    proven = (by_bytes, widest) in known
    broken = sum(1 for line, more in pairwise(counted)
                 if _measure(line, by_bytes, opening, cut) == widest
                 and (_continues(line, more) or (proven and line is opening and more[:1]
                                                 in b" \t")))  # (a compact first line
    # of a width proven before in the text, its piece after it starting with a blank: a
    # JSON Line broken before a key, its value or the text cut short after that piece)
    if broken < (1 if proven or _pretty(seen) else _LEAST):
        return None
    out: list[bytes] = []
    held: list[bytes] = []  # (the pieces of the line being joined, and their line ends:
    moved: list[bytes] = []  # lists, joined once, so that a line of any length is linear)
    string = _string_after(bytes(seen))  # (whether the line read starts inside a string,
    # and after a backslash there: read quote by quote, escapes carried over the pieces;
    # a parity of quotes took a ``\"`` cut by the wrap for a string's end, pieces inside a
    # string for line ends, every record lost, and a piece of no-break spaces in it for
    # blanks typed outside, passed over: the title changed, 381 of 381 so cut)
    pretty = _pretty(seen) or (bytes(seen).split(b"\n", 1)[0].strip(b" \t\r") in (b"{", b"["))
    # (pretty-printed, its opening bracket alone on its line: a piece of the width ending
    # outside a string, but after a key's colon or a blank, then a piece starting with a
    # blank ends a line of it (a line a multiple of the width long), as no blank follows
    # a token on a pretty line but the colon's: its line end kept;
    # before, joined across it, the lines after it read with the indentation out of step,
    # a record's visitor and documents read as records: 7 results for 4)
    depth, inside = follow(bytes(seen))  # (the brackets the value leaves open so far)
    for index, (line, width) in enumerate(zip(run, widths, strict=True)):
        bare = _bare(line)
        if bare and (_blank(bare, widest, by_bytes) or _no_piece_here(bare, string[0])):
            bare = b""  # (a line a reader sees blank: empty, its blanks no JSON's, a form
            line = line[len(line.rstrip(b"\r\n")):]  # feed, a no-break space…; outside
            # a string, as wide as the wrap too: no piece there but an indentation's)
        if held and not bare:  # (a blank line inside a wrapped line: given after it)
            moved.append(line)
            continue
        if held and bare[:1] in (b"{", b"[") and _last(held) in (b"}", b"]") and (
                string == (False, False)):  # (a record's end, the next record's start;
            out.append(b"".join(held + moved))  # in a string, ``"A :}`` then ``[ b"``,
            held, moved = [], []  # a title's brackets: before, split there, 55 for 1)
        string = _string_after(bare, *string)
        depth, inside = follow(bare, depth, inside)
        if width == widest and line.endswith(b"\n") and not (
                pretty and string == (False, False) and bare[-1:] not in (b"", b" ", b"\t", b":")
                and index + 1 < len(run) and _indented(_bare(run[index + 1]))):
            held.append(bare)
            moved.append(line[len(bare):])
            continue
        if bare and width < widest and depth > 0 and line.endswith(b"\n") and _piece_next(
                run, index + 1, widest, by_bytes, 0 if inside else depth):  # (a character
            held.append(line)  # lost at its start: the value open and the next line a
            continue  # piece, no line's start, its line end kept where it was)
        out.append(b"".join([*held, line, *moved]))
        held, moved = [], []
    if held:
        out.append(b"".join(held + moved))
    if any(line.rstrip(b" \t\r\n").endswith(b":") for line in out[:-1]):
        return None  # (a line once joined ending with a key's colon: no JSON's line, pretty,
    # compact or JSON Lines, ends so; a mail's format=flowed, wrapped at blanks, does)
    text = (bytes(seen) + b"".join(out)).rstrip(b" \t\r\n")
    value = text[_padding(opening):]  # (padding typed before it: no part of it)
    if tail and (whole(value) or not _closers_after(value)):
        return None  # (a last line wider than the width: only for closers typed after it)
    if not whole(value.removesuffix(b",")) and not (
            ended and reads(value) is False and not _starts_repeated(run, opening)) and (
            not _goes_on(text)) and not _closers_after(value):
        return None  # (a record of an array whose head was lost: its comma after it; the
    # text ended inside the value, JSON so far: records cut short read as such, not each
    # piece a problem)
    known.add((by_bytes, widest))
    return out


def _piece_next(run: list[bytes], at: int, widest: int, by_bytes: bool, depth: int = 0
                ) -> bool:
    """Whether the first line of ``run`` from ``at`` on that a reader does not see blank
    starts where no line of JSON does (at the first column: a bracket or a blank), as a
    wrap's pieces do; or, ``depth`` brackets open before it (outside a string), with
    closers that leave one open: an inner value's end (a pretty line at the first column
    closes a record, at the top level). Read from ``at`` by index (``islice`` walks the
    lines before it too: asked of each short line of a long value, the time was quadratic,
    pretty JSON wrapped at 5, 2.3 MB in 36 s)."""
    for index in range(at, len(run)):
        line = run[index]
        bare = _bare(line)
        if bare and not _blank(bare, widest, by_bytes):
            closers = len(bare) - len(bare.lstrip(b"}]"))
            return line[:1] not in _FIRST_COLUMN or 0 < closers < depth
    return False


def _starts_repeated(run: list[bytes], opening: bytes) -> bool:
    """Whether each line of ``run`` (two at least, blank lines passed over) starts as the
    value's first line ``opening`` does: its bracket and the character after it (``{"``).
    Such lines are records cut at a width (``cut -c 3`` of JSON Lines: ``{"i`` a line), each
    a record's start, not the pieces of one record that the text's end cut short: ``fold``
    makes ``{"i{"i{"i`` so, a text no writer of JSON gives; nor the remains of a wrap that
    lost its head (:func:`_head`: ``cut -c 443`` of JSON Lines, 1 problem for 3). A line
    that is a whole JSON value (a record not cut, its comma after it if any) stops the
    run: not a record's start cut (whole records after cut ones, each read, never lost in
    one problem with them)."""
    head = opening[_padding(opening):][:2]
    starts = 0
    for line in run:
        if not (bare := _bare(line).strip(b" \t")):
            continue
        if bare[:2] != head or whole(bare.removesuffix(b",")):
            return False
        starts += 1
    return len(head) == 2 and starts >= 2


def _whole_each(run: list[bytes]) -> bool:
    """Whether each line of ``run`` after its first (two at least, blank lines passed over)
    is a JSON value whole (a string, an object, an array: a record alone on its line).
    Such lines are JSON Lines after a damaged first (a record lost its first character:
    one narrower than the others, as wide as they are once a BOM is counted in it), not
    the pieces of a wrap: two values are never side by side in JSON (a comma or a colon
    between) but inside a string, so no wrap leaves two pieces on end each whole (before,
    the damaged record and the records after it were one problem: 1 result for 3)."""
    values = 0
    for line in run[1:]:
        if not (bare := _bare(line).strip(b" \t")):
            continue
        if bare[:1] not in b'"{[' or not whole(bare) or not _one_value(bare):
            return False
        values += 1
    return values >= _LEAST


def _apart(line: bytes, more: bytes) -> bool:
    """Whether ``more`` is a line no wrap continues ``line`` with: one JSON value whole
    holding a text no JSON holds between two strings (:func:`_written`), after a line
    ending otherwise than where a value may start (``,``, ``:``, ``[``, ``{``, a blank) or
    after a backslash. Such a line is a value whole in the text, were it a wrap's piece
    (inside a string, its first quote would close it, and its text after it go on
    outside), and no JSON writes a value right after a string's end, a number or another
    value. :func:`_damaged` counts no such pair of lines among a wrap's pieces, ``more``
    as wide as the width or wider (a record whole on a narrower line is a wrap's last
    piece or a short record, as before): the records of JSON Lines as wide as each other,
    after a first that lost its first character (one narrower than the others, as wide as
    they are once a BOM is counted in it), are no wrap, whatever the other lines are (a
    ``null``, a number or ``true`` record, a second record damaged, the last cut short:
    before, their pieces joined, the damaged record and the records after it were one
    problem, 1 result for 3 to 6).

    >>> _apart(b'"id": "R0", "call": "X"}\\n', b'{"id": "R1", "call": "X"}\\n')
    True
    >>> _apart(b'{"note": "x", "id":\\n', b'"AMSUD-2026-0001"\\n')
    False
    """
    end = _bare(line).rstrip(b" \t")[-1:]
    if not end or end in b",:[{\\":
        return False
    bare = _bare(more).strip(b" \t")
    return bare[:1] in b'"{[' and whole(bare) and _one_value(bare) and _written(bare)


def _ended(line: bytes, more: bytes) -> bool:
    """Whether ``line`` ends a JSON value whole and ``more`` is no piece after it: ``line``
    is an object or an array whole holding a text no JSON holds between two strings
    (:func:`_written`: no piece of a string), then closing brackets only (up to
    :data:`_CLOSERS`), and ``more`` is not empty and starts with any byte but a space, a
    tab, a line end (``\\r``, ``\\n``), a comma or a bracket or brace: a letter, a digit, a
    quote, but also ``:``, ``-``, ``#``, a form feed, a no-break space, a BOM or a control
    byte (none of them JSON after a closing bracket). Were ``line`` a wrap's piece, its
    value would be outside any string (its quotes unescaped), and a wrap goes on after it
    only where JSON does.

    >>> _ended(b'{"id":"J-1","note":"n"}]\\n', b'id,note,host.name,host.unit\\n')
    True
    >>> [_ended(b'{"id":"J-1"}]\\n', more) for more in (b',{"id"\\n', b']\\n', b'  "a"\\n')]
    [False, False, False]
    >>> _ended(b'"J-1","note":"n"}]\\n', b'id,note\\n')
    False
    >>> [_ended(b'{"id":"J-1"}]\\n', more) for more in (b'#x\\n', b'\\xc2\\xa0x\\n', b'')]
    [True, True, False]
    """
    if more[:1] in b" \t\r\n,{}[]" or not more:
        return False
    bare = _bare(line).strip(b" \t")
    if bare[:1] not in b"{[" or bare[-1:] not in b"]}":
        return False
    closers = min(len(bare) - len(bare.rstrip(b"]}")), _CLOSERS)
    return any(whole(bare[:end]) and _written(bare[:end])
               for end in range(len(bare), len(bare) - closers, -1))


#: How many closing brackets after a value whole :func:`_ended` tries it before.
_CLOSERS = 16


#: What JSON text holds outside strings, between two of them (``", 12, true, "`` is a
#: string of its own when cut so): blanks, punctuation, digits and the literals' letters.
_BETWEEN = frozenset(" \t\r\n,:[]{}0123456789.eE+-truefalsn")


def _written(line: bytes) -> bool:
    """Whether ``line`` (one JSON value whole) holds a key or a string whose text has a
    character that JSON never holds outside a string (a letter of no literal, a backslash,
    a character outside ASCII): no piece of a wrap cut between two strings.

    >>> [_written(line) for line in (b'"R1 x"', b'{"id": 1}', b'", 12, "', b'12')]
    [True, True, False, False]
    """
    try:
        found = json.loads(line)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False
    stack = [found]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if not _BETWEEN.issuperset(value):
                return True
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def _one_value(line: bytes) -> bool:
    """Whether ``line`` (JSON whole) is one value, not several on end (``[0,1][][[]]``: a
    damaged record's string holding brackets, on a line of its own, is no four records).

    >>> [_one_value(line) for line in (b'{"a": [1]}', b'"s"', b'[0,1][][[]]', b'"a" "b"')]
    [True, True, False, False]
    """
    try:
        text = line.decode("utf-8")
        _, end = _DECODER.raw_decode(text)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False
    return not text[end:].strip(" \t\r")


_DECODER = json.JSONDecoder()


def _overwide_tail(last: bytes, width: int, widest: int, by_bytes: bool) -> bool:
    """Whether ``last`` (the last line of a wrapped run, ``width`` wide) is wider than the
    wrap's width ``widest`` only by closing brackets or commas typed after it (``]]}``
    after a whole array's last piece, ``]``: an edit's leftovers, added after the text
    was wrapped): up to the first closer of its trailing run of them, no wider than the
    width. (The value joined must then end inside that run: :func:`_closers_after`.)

    >>> [_overwide_tail(line, 4, 3, True) for line in (b"]]]}", b"ab]]", b"abcd")]
    [True, True, False]
    """
    if width <= widest:
        return False
    bare = _bare(last)
    tail = _TAIL.search(bare, max(0, len(bare) - 64))
    return tail is not None and _width(bare[:tail.start() + 1], by_bytes) <= widest


#: Closing brackets and commas at a text's end, blanks between (ASCII's, or any of the one
#: definition, :data:`_PAD` and the other C0 controls; a run this long at most).
_TAIL = re.compile(rb"[\]},](?:[\]},\r\n\x01-\x03\x05-\x08\x0e-\x19]|" + _PAD + rb"){0,15}\Z")


def _closers_after(value: bytes) -> bool:
    """Whether ``value`` is a whole array or object, then closing brackets or commas left
    after it to its end (``]]}``, ``],``: an edit's leftovers, a list copied out of a
    larger one), which the readers drop.

    >>> [_closers_after(text) for text in (b'[{"a": 1}]]]}', b'[{"a": 1}],', b'[{"a": 1}')]
    [True, True, False]
    """
    tail = _TAIL.search(value, max(0, len(value) - 64))
    if tail is None:
        return False
    return any(value[end - 1:end] in (b"]", b"}") and whole(value[:end])
               for end in range(tail.start() + 1, tail.end()))

