"""Whether a source holds nothing but blanks: the one rule of ``empty_file``.

A source (a file named or found in a folder, standard input, a file open in Python, a file
of another file system, a service batch's body) that gives no record and holds nothing but
blanks is the problem ``empty_file``, every way it comes in: a failed export, a file
created before it was written, PowerShell's UTF-16 output of nothing, a cell copied from a
web page (a no-break space) — said, never passed over in silence. A blank is one by the
library's one definition (:func:`callrules._invisible.is_blank`, no exception here): any
character Unicode calls a space or a line or paragraph separator (U+00A0, U+3000, U+2028…),
a control or an invisible format character (NUL, U+200B, a byte-order mark, U+2060…), or any
other character drawn as nothing (a variation selector, a Hangul filler, the blank braille
pattern…), in UTF-8, UTF-16 or UTF-32 (either byte order);
terminal colour codes (``ESC [ 0 m``: layout to the readers, :mod:`callrules._colours`) are
no more than blanks either. Such a source is found so before the readers read it (it is
read ahead while all of it is blank, and given to them again if it is not): a blank source
takes no longer to read than records of its size, and the readers' own questions about a
filler or a mark never make it something else.
A source holding ``[]`` or a CSV header alone says itself that it holds no record: it is not
``empty_file``.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections import deque
from collections.abc import Callable
from typing import Any

from callrules._colours import uncoloured_text
from callrules._invisible import all_blank as _all_blank
from callrules._invisible import is_blank

__all__ = ["Blank", "BlankSeen", "blank_bytes", "blank_content", "is_blank"]

#: The encodings a source's bytes may be blank in (each tried alongside the others).
_ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
#: ASCII blanks: what most blank sources hold, checked without decoding.
_ASCII_BLANKS = b" \t\r\n\x00\x0b\x0c\x1a\x1c\x1d\x1e\x1f"
#: The most bytes read on after the readers stopped, to see whether the rest is blank.
_PIECE = 1 << 16
#: The start of a colour code at the end of decoded text, its end in the next piece.
_OPEN = re.compile(r"\x1b(?:\[[0-?]*[ -/]*)?\Z")


class Blank:
    """Bytes fed in pieces (:meth:`feed`), and whether all of them so far are blanks in one
    of the encodings (:attr:`blank`; :meth:`end` at the end of the bytes)."""

    def __init__(self) -> None:
        #: Each encoding still read as blanks: its decoder, and a colour code's start held.
        self._decoders: list[tuple[codecs.IncrementalDecoder, list[str]]] | None = None
        self._skipped = 0  # (ASCII blanks before the first other byte: not decoded, but
        self._tail = b""  # their last bytes kept, to decode UTF-16 and UTF-32 in step)
        self.blank = True

    def feed(self, piece: bytes, final: bool = False) -> bool:
        """Whether the bytes are still all blanks once ``piece`` is added."""
        if not self.blank:
            return False
        if self._decoders is None:
            if not piece.strip(_ASCII_BLANKS) and not final:
                self._skipped += len(piece)  # (ASCII blanks: blanks in any encoding
                self._tail = (self._tail + piece)[-3:]  # reading them)
                return True
            self._decoders = []
            for encoding in _ENCODINGS:
                decoder = codecs.getincrementaldecoder(encoding)("strict")
                unit = 4 if "32" in encoding else 2 if "16" in encoding else 1
                if (cut := self._skipped % unit):  # (a character begun in the blanks)
                    with contextlib.suppress(UnicodeDecodeError):
                        decoder.decode(self._tail[-cut:])
                self._decoders.append((decoder, [""]))
        alive = []
        for decoder, held in self._decoders:
            try:
                text = held[0] + decoder.decode(piece, final)
            except UnicodeDecodeError:
                continue
            if "\x1b" in text:  # (colour codes: layout, a code cut at the piece's end held)
                text, held[0] = str(uncoloured_text(text)), ""
                if not final and (open_ := _OPEN.search(text, max(0, len(text) - 64))):
                    text, held[0] = text[:open_.start()], text[open_.start():]
            if _all_blank(text) and not (piece.endswith(b"\n") and len(
                    decoder.getstate()[0]) > 1):
                alive.append((decoder, held))  # (a line feed ending a piece of blank text
                # in UTF-16 or UTF-32 is a character's first byte or its last, never with
                # a byte of it before: ``{`` alone on its line is read, no next line waited)
        self._decoders = alive
        self.blank = bool(alive)
        return self.blank

    def end(self) -> bool:
        """Whether all the bytes fed are blanks (no piece of a character left over)."""
        return self.feed(b"", final=True)


def blank_bytes(data: bytes) -> bool:
    """Whether ``data`` holds nothing but blanks.

    >>> [blank_bytes(b) for b in (b"", b" \\n", "\\u00a0".encode(), b"\\xff\\xfe\\xa0\\x00",
    ...                           "\\u3000\\u2028\\u200b".encode(), b"[]", b"\\xa0")]
    [True, True, True, True, True, False, False]
    """
    blank = Blank()
    blank.feed(data)
    return blank.end()


def blank_content(opened: Callable[[], Any]) -> bool:
    """Whether the file ``opened()`` opens (in binary mode) holds nothing but blanks; False
    if it cannot be read."""
    blank = Blank()
    try:
        with opened() as handle:
            while piece := handle.read(_PIECE):
                if not blank.feed(piece):
                    return False
    except OSError:
        return False
    return blank.end()


class BlankSeen:
    """A ``readline(size)`` giving what ``readline`` gives, seeing whether all of it is
    blank: :meth:`blank_ahead` reads on while all of it is blank, and says whether the
    source holds nothing but blanks (what it read is given again, in order, by the calls
    after: the readers read a source that is not blank from its start); :meth:`blank_to_end`
    says the same of what the readers read and the rest they left."""

    def __init__(self, readline: Callable[[int], bytes]) -> None:
        self.readline = readline
        self.seen = Blank()
        self._ahead: deque[bytes] = deque()  # (read ahead, not given yet)

    def __call__(self, size: int | None = -1) -> bytes:
        if not self._ahead:
            piece = self.readline(-1 if size is None else size)
            if self.seen.blank:
                self.seen.feed(piece)
            return piece
        limit = float("inf") if size is None or size < 0 else size
        out = b""
        while len(out) < limit and not out.endswith(b"\n"):
            if not self._ahead:  # (a line begun ahead: its rest read now, as a file gives it)
                more = self.readline(-1 if limit == float("inf") else int(limit) - len(out))
                if self.seen.blank:
                    self.seen.feed(more)
                return out + more
            piece = self._ahead.popleft()
            if len(out) + len(piece) > limit:
                cut = int(limit) - len(out)
                piece, rest = piece[:cut], piece[cut:]
                self._ahead.appendleft(rest)
            out += piece
        return out

    def blank_ahead(self, limit: int) -> bool:
        """Whether the source holds nothing but blanks from here, read on (in pieces) only
        while it does, and for at most about ``limit`` bytes (False past them: an endless
        blank stream is the readers' to stop); what was read is given again by the calls
        after."""
        read = 0
        while self.seen.blank and read < limit and (piece := self.readline(_PIECE)):
            self._ahead.append(piece)
            self.seen.feed(piece)
            read += len(piece)
        return read < limit and self.seen.blank and self.seen.end()

    def blank_to_end(self) -> bool:
        """Whether everything given, and everything left to read, is blank."""
        while self.seen.blank and (piece := self.readline(_PIECE)):
            self.seen.feed(piece)
        return self.seen.blank and self.seen.end()
