"""What every reader of a source shares: the bounds of a read, and the problem that stands
for a record that cannot be read.

Every read is bounded: a record is kept up to :data:`MAX_RECORD_BYTES` (plus one piece of
64 KiB), then skipped without being kept up to its end (``too_large``); a record with no
end after :data:`MAX_SKIP_BYTES` more bytes (``/dev/zero``) stops its source
(``record_without_end``). A record that cannot be read (those, or bytes that are not UTF-8:
``not_utf8``) becomes an input error for that record alone, labelled with where it came
from. A byte-order mark is dropped wherever a record may start (files joined end to end).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from os import PathLike
from typing import Generic, TypeVar

from callrules._sourced import Sourced
from callrules._system import unreadable_context, unreadable_reason
from callrules.exceptions import InputError, InputProblem

__all__ = ["BOM", "ESCAPED", "LONE_SURROGATE", "MAX_RECORD_BYTES", "MAX_SKIP_BYTES",
           "NON_BLANK", "PAD_TEXT", "PIECE", "GivenBack", "Over", "crlf_whole", "endless",
           "lines_fed", "not_utf8", "over", "problem", "readable_text", "too_large",
           "unreadable"]

#: What a reader of JSON text takes for padding around a document, no part of it (as the
#: readers of batches drop it: ``docs/reference/inputs.md``): JSON's blanks, NUL, EOT,
#: Ctrl-Z, DEL, a vertical tab, a form feed, FS to US (RFC 7464's record separator), and
#: the characters a reader sees as space or does not see (Unicode's space separators other
#: than the space, its format characters: zero-width spaces, a byte-order mark…, NEL,
#: U+2028, U+2029).
PAD_TEXT = " \t\r\n\x00\x04\x1a\x7f\x0b\x0c\x1c\x1d\x1e\x1f" + "".join(
    chr(code) for first, last in (
    (0x85, 0x85), (0xa0, 0xa0), (0xad, 0xad), (0x600, 0x605), (0x61c, 0x61c), (0x6dd, 0x6dd),
    (0x70f, 0x70f), (0x890, 0x891), (0x8e2, 0x8e2), (0x1680, 0x1680), (0x180e, 0x180e),
    (0x2000, 0x200f), (0x2028, 0x202f), (0x205f, 0x2064), (0x2066, 0x206f), (0x3000, 0x3000),
    (0xfeff, 0xfeff), (0xfff9, 0xfffb), (0x110bd, 0x110bd), (0x110cd, 0x110cd),
    (0x13430, 0x1343f), (0x1bca0, 0x1bca3), (0x1d173, 0x1d17a), (0xe0001, 0xe0001),
    (0xe0020, 0xe007f)) for code in range(first, last + 1))
#: The largest record read (a JSON Lines line, a CSV row, an element of a JSON array, a
#: JSON document): a larger one is reported as ``too_large`` and skipped.
MAX_RECORD_BYTES = 8 * 1024 * 1024
#: How far a record over :data:`MAX_RECORD_BYTES` is skipped, looking for its end, before
#: the rest of its source is given up (``record_without_end``): 128 MiB.
MAX_SKIP_BYTES = 128 * 1024 * 1024
PIECE = 1 << 16
BOM = b"\xef\xbb\xbf"
ESCAPED = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8 (surrogateescape)
#: A byte that is no space, tab or line end: where a line's text starts.
NON_BLANK = re.compile(rb"[^ \t\r\n]")

_Item = TypeVar("_Item")


class GivenBack(Generic[_Item]):
    """Items (pieces of bytes, lines) with those a reader read ahead given back before them,
    read again next in their order: one object handed from reader to reader, never one more
    ``chain`` around the last (which made each item pass through as many as there had been
    readers: their square in time, and as deep in C)."""

    def __init__(self, items: Iterable[_Item]) -> None:
        self.items: Iterator[_Item] = iter(items)
        self.back: list[_Item] = []

    def __iter__(self) -> GivenBack[_Item]:
        return self

    def __next__(self) -> _Item:
        return self.back.pop() if self.back else next(self.items)

    def give_back(self, ahead: Sequence[_Item]) -> None:
        """``ahead`` (items read ahead, in their order) read again next."""
        self.back.extend(reversed(ahead))


class Over(enum.Enum):
    """A line that is not given: over the limit, or without an end (the source stops)."""

    LINE = "too_large"
    ENDLESS = "record_without_end"


def crlf_whole(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """The pieces, a carriage return ending one held for the next: a CR LF is never cut in
    two, so the same bytes give the same lines however they arrive."""
    held = b""
    for piece in pieces:
        piece, held = held + piece, b""
        if piece.endswith(b"\r"):
            piece, held = piece[:-1], b"\r"
        if piece:
            yield piece
    if held:
        yield held


def lines_fed(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """``pieces`` with each carriage return, and CR LF, made a line feed (old Mac text read
    as the same text with line feeds), whole (:func:`crlf_whole`)."""
    for piece in crlf_whole(pieces):
        yield piece.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


#: A lone surrogate: a byte that was no UTF-8 text, decoded with ``surrogateescape`` (or
#: half of a pair in UTF-16), which no answer encoded as UTF-8 can hold.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def readable_text(text: str) -> str:
    """``text`` as a message can quote it: each lone surrogate (a byte of the input that is
    no UTF-8 text) written as the replacement character U+FFFD, as a reader of the bytes
    sees it (« Cat�gorie » for Latin-1's « Catégorie »)."""
    return LONE_SURROGATE.sub("\ufffd", text)


def problem(where: str, kind: str, message: str,
            ctx: Mapping[str, str] | None = None) -> Sourced:
    """The record at ``where``: a problem ``kind`` in ``message`` (English; ``ctx`` holds
    its values for its words in other languages), any text of the input it quotes
    :func:`readable_text`."""
    if ctx is not None:
        ctx = {key: readable_text(value) if isinstance(value, str) else value
               for key, value in ctx.items()}
    return Sourced(where, InputError([InputProblem((), kind, readable_text(message), ctx=ctx)],
                                     source=where))


def unreadable(where: str | PathLike[str], error: BaseException) -> Sourced:
    """The record at ``where``, a file that cannot be opened or read because of ``error``:
    the problem ``unreadable``, its reason said in the reader's language
    (:func:`callrules._system.unreadable_context`), never the system's English."""
    ctx = unreadable_context(error)
    return problem(str(where), "unreadable",
                   f"cannot read {where}: {unreadable_reason(ctx, 'en')}", ctx)


def too_large(where: str) -> Sourced:
    return problem(where, "too_large", f"the record is larger than {MAX_RECORD_BYTES:,} bytes")


def endless(where: str) -> Sourced:
    return problem(where, "record_without_end", "the record goes on for more than "
                   f"{MAX_RECORD_BYTES + MAX_SKIP_BYTES:,} bytes without an end; the rest of "
                   "this source is not read")


def over(mark: Over, where: str) -> Sourced:
    """The problem of a line over the size limit, or with no end within the skip limit."""
    return endless(where) if mark is Over.ENDLESS else too_large(where)


def not_utf8(where: str, exc: UnicodeDecodeError | None = None, byte: int | None = None
             ) -> Sourced:
    byte = exc.start + 1 if exc is not None else byte
    place = f" (byte {byte} of the record)" if byte is not None else ""
    return problem(where, "not_utf8", f"the record is not UTF-8 text{place}")
