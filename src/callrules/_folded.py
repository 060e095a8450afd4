"""JSON wrapped at a narrow width, as ``fold -w N`` wraps it: every line longer than N
broken into pieces of N characters (or bytes, inside a character's too), the last shorter,
nothing lost; the breaks fall anywhere (inside strings, keys, numbers, between tokens).

Read as written, a pretty-printed document so wrapped at 25 columns or fewer was pieces of
records (2 to 272 results for 4: the readers of damage find records by their indentation,
and wrapped pieces start at the first column). Where the breaks all fall where JSON allows
a blank, the text is JSON as it is and is read so. In a value opened by a line starting
with ``[`` or ``{`` (after blanks) and left open on it, each line is given at once, but
one that may end inside a token (a string, a number, a literal), held until the next line
shows whether it goes on there: a line that starts at the first column with no blank or
bracket (what no pretty-printed line does), or after a line ending inside a string. From
there, the lines are held up to where the value ends once joined again (within the record
limit), and given joined when they are a wrap: no line of the value wider than the line
before that one (the width), two lines of the width at least each continued by the next
so (a line break typed over a character of a record leaves one; one will do at a width
proven so before in the text), the width 3 or more, and each line of the width joined to
the next makes the value JSON whole. A line of the width ending a record (``}`` or ``]``)
is not joined to a next starting one (JSON Lines wrapped, a record a multiple of the width
long). The line ends taken off are given after the line joined, so that each line keeps
its number. Any other text is given as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain, pairwise

from callrules._cut_lines import _reads as reads
from callrules._cut_lines import whole
from callrules._json_scan import Scan, follow
from callrules._reading import MAX_RECORD_BYTES

__all__ = ["unfolded"]

#: The narrowest width taken for a wrap.
_NARROWEST = 3
#: How many lines of the width, each continued by the next as a wrap's pieces are, make a
#: wrap (a line break typed over a character of a pretty-printed record leaves one); once
#: a width is proven in a text, one will do after, and in a pretty-printed value, one
#: continued where no line of it can start (``jq .``'s records, each with one line longer
#: than the width: :func:`_pretty`).
_LEAST = 2
#: What a pretty-printed line (after the first) may start with at the first column: a
#: blank (its indentation), or a top-level bracket (``jq .``'s records, one after the other).
_FIRST_COLUMN = b" \t\r\n{}[]"  # (and nothing: ``b"" in`` it)
#: What a line ends with where its line end is one of JSON's blanks (outside a string).
_PUNCTUATION = b' \t,:{}[]"\n'  # (and nothing: a blank line; a line feed: one alone)
_BRACKET = re.compile(rb"[{}\[\]]")
#: How many lines, and bytes, of a text opening no value on its first line are held to find
#: whether they are the remains of a wrapped text that lost its head (at most).
_HEAD_LINES = 64
_HEAD_BYTES = 64 * 1024
#: A key's line of pretty-printed JSON: two among the held lines joined at the width tell
#: the remains from a table's rows.
_KEY_LINE = re.compile(rb'\n[ \t]+"[^"\n]*": ')


def unfolded(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """``pieces`` (text in UTF-8), each run of lines that is JSON wrapped at a width joined
    again (see the module); the other lines as they are."""
    lines = _lines(pieces)
    known: set[tuple[bool, int]] = set()  # (the widths proven wrapped in the text so far)
    first = next(lines, None)
    if first is None:
        return
    after: list[bytes] = [first]
    if first.lstrip(b" \t")[:1] not in b"{[\r\n\x1e" or (
            first.rstrip(b"\r\n") and not first.strip(b" \t\r\n")):
        # (a line of blanks too, not empty: an indentation wrapped)
        after.clear()  # (a text that lost its head, say: the lines given are the head's)
        yield from _head(first, lines, known, after)
    lines = chain(after, lines)
    for line in lines:
        if _opens(line):
            yield from _run(line, lines, known)
        else:
            yield line


def _head(first: bytes, lines: Iterator[bytes], known: set[tuple[bool, int]],
          after: list[bytes]) -> Iterator[bytes]:
    """The lines from ``first`` (the text's, opening no value) up to a record's first line
    (put in ``after`` with the lines held after it), joined again when they are the
    pieces of a wrap: JSON wrapped by ``fold -w`` that then lost its first lines, or lost
    them and then was wrapped, whose remains start anywhere in a record. The first
    :data:`_HEAD_LINES` lines are held to find the width (two lines of the widest width at
    least, each continued by the next as a wrap's pieces are, and two keys' lines once
    joined: no table's rows); proven so, each line of that width is joined to the next
    that continues it (inside a string, at the first column, after a key's colon or
    blanks alone; no JSON whole to prove it: the remains are one problem anyway, read as
    the pretty lines they were), up to a line opening a value indented no deeper than
    any line of the remains (a record, not an object inside the remains' one) or a
    line wider than the width. The line ends taken off are given after the
    remains, so that each line after them keeps its number (the problem they are is
    said at their first line)."""
    held = [first]
    size = len(first)
    for more in lines:
        held.append(more)
        size += len(more)
        if len(held) >= _HEAD_LINES or size > _HEAD_BYTES:
            break
    for by_bytes in (True, False):
        widest = max(_width(_bare(line), by_bytes) for line in held)
        broken = sum(1 for line, more in pairwise(held)
                     if _width(_bare(line), by_bytes) == widest and line.endswith(b"\n")
                     and _continues(line, more))
        if widest >= _NARROWEST and broken >= _LEAST and len(_KEY_LINE.findall(b"".join(
                _bare(line) if _width(_bare(line), by_bytes) == widest else line
                for line in held))) >= _LEAST:
            break
    else:  # (no wrap: the lines up to the first opening a value given as they are)
        opening = next((at for at, line in enumerate(held) if at and _opens(line)),
                       len(held))
        yield from held[:opening]
        after.extend(held[opening:])
        return
    known.add((by_bytes, widest))
    parts: list[bytes] = []  # (the pieces of the line being joined, without their ends)
    pending: list[bytes] = []  # (the line ends taken off: given after the remains)
    moved, width, size, quoted = b"", -1, 0, False
    least = None  # (the least indentation of a line of the remains after the first)
    source = chain(held, lines)
    for index, more in enumerate(source):
        bare = _bare(more)
        if parts and (width != widest or size > MAX_RECORD_BYTES or (
                more[:1] in _FIRST_COLUMN and not quoted and _last(parts) not in b":")):
            yield b"".join(parts) + moved  # (after a key's colon, its value goes on;
            # after blanks alone, an indentation wider than the width, its line)
            parts, moved, size, quoted = [], b"", 0, False
        if not parts and index:
            indent = len(bare) - len(bare.lstrip(b" \t"))
            if more[:1] in _FIRST_COLUMN and (
                    (_opens(more) and (least is None or indent <= least))
                    or _width(bare, by_bytes) > widest):
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
        width, size = _width(bare, by_bytes), size + len(bare)
        quoted ^= _in_string(bare)
    if parts:
        yield b"".join(parts) + moved
    if pending:  # (after the remains: lines of blanks inside them would read as the ends
        yield b"".join(pending)  # of records, each line one problem)


def _run(line: bytes, lines: Iterator[bytes], known: set[tuple[bool, int]]
         ) -> Iterator[bytes]:
    """The lines of a value opened by ``line``, read from ``lines``: each given at once,
    but one that may end inside a token (a string, a number, a literal: where a wrap's
    line end is no blank of JSON) held until the next shows it whole, up to where its
    brackets close (strings ended at line ends); from a line that continues the one before
    it as a wrap's pieces do, held up to where the value ends once joined again, and given
    joined if it is a wrap (see the module). Each line of a pretty-printed value costs a
    few searches at C speed (its brackets followed only when it holds one)."""
    seen = bytearray()  # (the value's lines given so far, as written; past the record
    # limit, none: no wrap joined)
    held: list[bytes] = []
    depth, _ = follow(line, lines=True)
    before, in_string = line, _in_string(line)
    if in_string or _token_open(line):
        held.append(line)
    else:
        seen += line
        yield line
    for more in lines:
        if (more[:1] not in _FIRST_COLUMN or in_string) and len(seen) <= MAX_RECORD_BYTES:
            run = [*held, more]  # (a line going on with the one before as a wrap's do)
            ended = _wrapped_on(seen, run, before, lines)
            joined = None
            for by_bytes in (True, False):
                joined = joined or _joined(seen, run, before, by_bytes, known, ended)
            yield from joined or run
            return
        if _BRACKET.search(more):
            depth, _ = follow(more, depth, lines=True)
        if held:
            if len(seen) <= MAX_RECORD_BYTES:
                seen += held[0]
            yield held.pop()
        before = more
        quotes = more.count(b'"')  # (inline: a few searches a line, no call)
        if quotes and b"\\" in more:
            quotes -= more.count(b'\\"')
        in_string = bool(quotes & 1)
        last = more[-2:-1]  # (the character before a line feed)
        if depth > 0 and (in_string or (last not in _PUNCTUATION if last != b"\r"
                                        else _token_open(more))):
            held.append(more)
            continue
        if len(seen) <= MAX_RECORD_BYTES:
            seen += more
        yield more
        if depth <= 0:
            return
    yield from held


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


def _wrapped_on(seen: bytearray, run: list[bytes], before: bytes, lines: Iterator[bytes]
                ) -> bool:
    """``run`` read on (lines appended to it from ``lines``) while it may be a value wrapped
    at the width of ``before`` (the line before its line continuing one), up to the line
    where the value (opened in ``seen``, or by ``run``'s first line) ends once joined again
    (in bytes or in characters, whichever ends first), or a line wider, or the record
    limit. Whether the text ended first (a value cut short: a text file failing on a
    byte its encoding has not, the rest of the text lost)."""
    first = seen if seen else run[0]
    start = len(first) - len(first.lstrip(b" \t"))
    scans: list[tuple[bool, int, bytearray, Scan]] = []
    for by_bytes in (True, False):
        widest = _width(_bare(before), by_bytes)
        text = bytearray(seen)
        for line in run:
            text += _bare(line) if _width(_bare(line), by_bytes) == widest else line
        scans.append((by_bytes, widest, text, Scan(start)))
    if any(scan.end(text) is not None for _, _, text, scan in scans):
        return False
    size = len(seen) + sum(len(line) for line in run)
    for more in lines:
        run.append(more)
        size += len(more)
        bare = _bare(more)
        for by_bytes, widest, text, scan in list(scans):
            width = _width(bare, by_bytes)
            text += bare if width == widest and more.endswith(b"\n") else more
            if scan.end(text) is not None:
                return False
            if width > widest:  # (no wrap at that width)
                scans.remove((by_bytes, widest, text, scan))
        if not scans or size > MAX_RECORD_BYTES:
            return False
    return True


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


def _bare(line: bytes) -> bytes:
    return line.removesuffix(b"\n").removesuffix(b"\r")


def _opens(line: bytes) -> bool:
    """Whether ``line`` may start a wrapped run: ``[`` or ``{`` first (after blanks), ended,
    its brackets left open (strings ended at its end)."""
    start = line.lstrip(b" \t")[:1]
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
    second = seen.find(b"\n") + 1
    return 0 < second < len(seen) and seen[second] in b" \t"


def _width(line: bytes, by_bytes: bool) -> int:
    return len(line) if by_bytes else len(line) - sum(1 for byte in line if byte & 0xC0 == 0x80)


def _joined(seen: bytearray, run: list[bytes], before: bytes, by_bytes: bool,
            known: set[tuple[bool, int]], ended: bool = False) -> list[bytes] | None:
    """``run`` joined again at its lines of the width of ``before`` (the line before its
    line continuing one; see the module), its line ends after each line joined; None if
    it is not JSON wrapped at that width (after ``seen``, the value's lines given)."""
    widest = _width(_bare(before), by_bytes)
    widths = [_width(_bare(line), by_bytes) for line in run]
    if widest < _NARROWEST or max(widths) > widest or any(
            _width(line, by_bytes) > widest for line in bytes(seen).splitlines()):
        return None
    counted = run if run[0] is before else [before, *run]
    broken = sum(1 for line, more in pairwise(counted)
                 if _width(_bare(line), by_bytes) == widest and _continues(line, more))
    if broken < (1 if (by_bytes, widest) in known or _pretty(seen) else _LEAST):
        return None
    out: list[bytes] = []
    held: list[bytes] = []  # (the pieces of the line being joined, and their line ends:
    moved: list[bytes] = []  # lists, joined once, so that a line of any length is linear)
    for line, width in zip(run, widths, strict=True):
        bare = _bare(line)
        if held and bare[:1] in (b"{", b"[") and _last(held) in (b"}", b"]"):
            out.append(b"".join(held + moved))  # (a record's end, the next record's start)
            held, moved = [], []
        if width == widest and line.endswith(b"\n"):
            held.append(bare)
            moved.append(line[len(bare):])
            continue
        out.append(b"".join([*held, line, *moved]))
        held, moved = [], []
    if held:
        out.append(b"".join(held + moved))
    text = (bytes(seen) + b"".join(out)).rstrip(b" \t\r\n")
    if not whole(text.removesuffix(b",")) and not (ended and reads(text) is False):
        return None  # (a record of an array whose head was lost: its comma after it; the
    # text ended inside the value, JSON so far: records cut short read as such, not each
    # piece a problem)
    known.add((by_bytes, widest))
    return out
