"""Terminal colour codes in a batch: layout, never data.

``jq -C``, ``http --pretty=all``, ``grep --color=always`` or an alias that colours by default
write ANSI control sequences (``ESC [ 1 ; 39 m``: colour, bold, reset; ``ESC [ K``: erase to
the end of the line) between the tokens of what they print; saved to a file or piped to
``callrules check -``, they would make JSON unreadable, one problem a line, or a first
record of JSON Lines read as a CSV header. No application holds one as data: a JSON string
may not hold the ESC byte (it is written ``\\u001b``), and a CSV cell typed in a
spreadsheet never does. So every control sequence (CSI: ``ESC [``, parameter bytes,
intermediate bytes, a final byte) is dropped where the bytes of a source are read, before
its format is found, from a file, standard input and the service alike: the same batch
with or without colours gives the same results.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

__all__ = ["uncoloured", "uncoloured_text", "without_colours"]

#: One control sequence (ECMA-48 CSI): ESC ``[``, parameters ``0-9:;<=>?``, intermediates
#: (space to ``/``), one final byte ``@`` to ``~``. A ``{`` or ``"`` straight after ``ESC [``
#: is no sequence's (no terminal writes one there): a stray ESC before a JSON array, its
#: ``[`` and its first record's ``{`` kept (``ESC [ {`` is not eaten as a colour code).
_SEQUENCE = re.compile(rb'\x1b\[(?![{"])[0-?]*[ -/]*[@-~]')
#: The same, in decoded text (one application's text given to ``evaluate`` or the service).
_TEXT_SEQUENCE = re.compile(_SEQUENCE.pattern.decode("ascii"))
#: The start of a sequence at the end of a piece, its end in the next piece.
_OPEN = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*)?\Z")
_ESC = b"\x1b"
#: The longest start of a sequence held for the next piece (a longer one is not colour).
_LONGEST = 64


def uncoloured(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """``pieces`` (UTF-8 bytes) without terminal control sequences; a sequence cut between
    two pieces is held until it ends (a piece ends a line or a read of a long one: never
    inside a sequence of a line end, so a line is still given as soon as it arrives)."""
    held = b""
    for piece in pieces:
        if held:
            piece, held = held + piece, b""
        if _ESC not in piece:
            yield piece
            continue
        piece = _SEQUENCE.sub(b"", piece)
        if (cut := _OPEN.search(piece, max(0, len(piece) - _LONGEST))) is not None:
            piece, held = piece[:cut.start()], piece[cut.start():]
        if piece:
            yield piece
    if held:  # (an ESC or an unended sequence at the very end: kept, it is what was sent)
        yield held


def without_colours(line: bytes) -> bytes:
    """One line (a record of ``replay``'s file) without terminal control sequences."""
    return _SEQUENCE.sub(b"", line) if _ESC in line else line


def uncoloured_text(text: str | bytes | bytearray) -> str | bytes | bytearray:
    """One application's text (decoded or not) without terminal control sequences, as the
    readers of batches read it; ``text`` itself when it holds none."""
    if isinstance(text, str):
        return _TEXT_SEQUENCE.sub("", text) if "\x1b" in text else text
    return _SEQUENCE.sub(b"", text) if _ESC in text else text
