"""Text encoded as quoted-printable (RFC 2045), as a mail body sent in 7 bits is: an accented
letter written as the escapes of its UTF-8 bytes (``Université`` as ``Universit=C3=A9``), an
``=`` as ``=3D``, and each line longer than 76 characters cut with a soft break (an ``=`` at
the end of the line, the line going on below).

Read as records, a body saved so was judged with its names garbled (``Universit=C3=A9 Paris
Cit=C3=A9``, three applications of three eligible, nothing said), or, its lines cut with soft
breaks, each was "not valid JSON". Like a file in base64 (``callrules._containers``), it is
refused in words, never decoded: what a decoder would guess from a stray ``=41`` is not the
applicant's, and the person who saved it can decode it (their mail reader does) and check
what it gives. It is told from strong evidence only, each way the same:

- a source whose head declares it (a MIME part's header ``Content-Transfer-Encoding:
  quoted-printable``), or whose first line is cut with a soft break (at most 76 characters,
  7-bit, every ``=`` in it an escape ``=XX`` of two capital hexadecimal digits but the last
  one, and the line below it of the same make): ONE problem for the source
  (:func:`soft_broken`, :data:`DECLARED`, used by ``callrules._containers``);
- a record (from a file, standard input, the service or a dict given to the API) a text of
  which, key or value, holds the escapes of a character of UTF-8 written over two to four
  bytes (``=C3=A9``, never an escape of one byte, such as ``=3D`` or ``=41``, that a text may
  hold as it is: ``size=3D``): ONE problem for the record, naming what the escapes stand for
  (:func:`escaped_character`, used by ``callrules._form``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

__all__ = ["DECLARED", "Watched", "cut_softly", "escaped_character", "soft_broken"]

#: A MIME header declaring quoted-printable, alone on its line.
DECLARED = re.compile(rb"[ \t]*Content-Transfer-Encoding:[ \t]*quoted-printable[ \t]*\r?\n?",
                      re.IGNORECASE)
#: The escapes of one character of UTF-8 over two to four bytes (the lead byte, then its
#: continuation bytes), capital hexadecimal digits as RFC 2045 writes them.
_ESCAPED = re.compile("=(?:[CD][0-9A-F](?:=[89AB][0-9A-F])"
                      "|E[0-9A-F](?:=[89AB][0-9A-F]){2}"
                      "|F[0-4](?:=[89AB][0-9A-F]){3})")
#: A line of quoted-printable cut with a soft break: printable ASCII and tabs, each ``=`` an
#: escape but the last, at most 76 characters with it (RFC 2045's width).
_SOFT_BROKEN = re.compile(rb"(?:[\t\x20-\x3c\x3e-\x7e]|=[0-9A-F]{2}){1,75}=\r?\n")
#: The line below a soft break: more of the same, the last line of a record ending without
#: one.
_GOING_ON = re.compile(rb"(?:[\t\x20-\x3c\x3e-\x7e]|=[0-9A-F]{2}){1,76}=?\r?\n?")
#: The least width of a line taken to be cut with a soft break: encoders cut at 76 (an
#: escape that does not fit moves to the next line: 73 at least).
_NARROWEST = 60
#: How much of a line is held to tell whether it is cut with a soft break (a line of
#: quoted-printable is 78 bytes at most, with its end).
_QP_LINE = 128
#: A line ending with a soft break: an ``=`` alone before its end.
_SOFT_END = re.compile(rb"(?<!=)=\r?\n\Z")
#: The most texts of one record looked at (a record is within the record limit anyway).
_MOST_TEXTS = 1 << 20


def soft_broken(line: bytes, below: bytes | None) -> bool:
    """Whether ``line`` (a source's first line of records) is a line of quoted-printable cut
    with a soft break, ``below`` (the next line) going on with it.

    >>> cut = b'{"id":"AMSUD-2026-0000","call":"cnrs-amsud-2026","submitted_at":"2026-05-28='
    >>> soft_broken(cut + b"\\n", b'T10:42:00-03:00","language":"fr"}\\n')
    True
    >>> soft_broken(b'{"id": "A", "note": "an equal sign at the end of a line ="}\\n', b'{}\\n')
    False
    """
    written = line.rstrip(b"\r\n")
    return (len(written) >= _NARROWEST and _SOFT_BROKEN.fullmatch(line) is not None
            and below is not None and _GOING_ON.fullmatch(below) is not None)


def cut_softly(text: str | bytes | bytearray) -> bool:
    """Whether ``text`` (one record's, no JSON) holds a line cut with a soft break and the
    line below going on with it (:func:`soft_broken`), or a MIME part's head above it
    declaring the encoding (:data:`DECLARED`): a record given whole, as the API and the
    service take one, encoded as quoted-printable.

    >>> cut_softly('{"id": "AMSUD-2026-0000", "call": "cnrs-amsud-2026", "submitted_at=\\n'
    ...            '": "2026-05-28T10:42:00-03:00"}')
    True
    >>> cut_softly('{"id": "A", "note": "x="\\n}')
    False
    """
    data = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else bytes(text)
    cut = None
    start = 0
    head = True  # (above the record: a MIME part's head declaring the encoding)
    while (end := data.find(b"\n", start)) != -1:
        line = data[start:end + 1]
        start = end + 1
        head = head and not line.lstrip().startswith((b"{", b"["))
        if (cut is not None and soft_broken(cut, line)) or (head and DECLARED.fullmatch(line)):
            return True
        cut = line if len(line) <= _QP_LINE and _SOFT_END.search(line) else None
    return cut is not None and soft_broken(cut, data[start:])


def escaped_character(record: Any) -> tuple[tuple[str | int, ...], str, str] | None:
    """The place in ``record`` (a record as JSON gives it: objects, lists, texts) of the
    first text holding the escapes of a character of UTF-8 (:data:`_ESCAPED`), the escapes
    and the character they stand for; None if no text holds any.

    >>> escaped_character({"host": {"unit": {"name": "Universit=C3=A9 Paris"}}})
    (('host', 'unit', 'name'), '=C3=A9', 'é')
    >>> escaped_character({"budget": {"label": "size=3D, a=41"}}) is None
    True
    """
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), record)]
    seen = 0
    walked: set[int] = set()  # the objects and lists walked: each once (a dict holding
    # itself was walked round its cycle, its place longer each time: 514 s under load)
    while stack and seen < _MOST_TEXTS:
        at, value = stack.pop()
        seen += 1
        if isinstance(value, (Mapping, list, tuple)):
            if id(value) in walked:
                continue
            walked.add(id(value))
        if isinstance(value, str):
            found = _decoded(value)
            if found is not None:
                return (at, *found)
        elif isinstance(value, Mapping):
            items = list(value.items())
            for key, item in reversed(items):
                if not isinstance(key, (str, int)) or isinstance(key, bool):
                    continue  # (no key of a record: the model refuses it)
                if isinstance(key, str) and (found := _decoded(key)) is not None:
                    return ((*at, key), *found)
                stack.append(((*at, key), item))
        elif isinstance(value, (list, tuple)):
            stack.extend(((*at, index), item) for index, item in reversed(
                list(enumerate(value))))
    return None


def _decoded(text: str) -> tuple[str, str] | None:
    """The first escapes in ``text`` of a character of UTF-8 and that character (None if
    there are none: escapes of bytes that are no UTF-8, ``=C0=80``, are none)."""
    if "=" not in text:
        return None
    for match in _ESCAPED.finditer(text):
        written = match.group()
        try:
            return written, bytes.fromhex(written.replace("=", "")).decode("utf-8")
        except UnicodeDecodeError:
            continue
    return None


class Watched:
    """Pieces of a source passed on as they are, watched for a line cut with a soft break of
    quoted-printable and the line going on below it (:func:`soft_broken`): ``seen`` once
    one passed. A record that is not valid JSON read after it is told to be encoded so
    (``callrules._sources``): a pretty-printed document whose long lines a mail cut has no
    such line first."""

    def __init__(self, pieces: Iterator[bytes]) -> None:
        self.pieces = pieces
        self.seen = False

    def __iter__(self) -> Iterator[bytes]:
        line = b""  # (the line being read, while it is short enough to be one cut)
        cut: bytes | None = None  # (the line before it, when it ends with a soft break)
        for piece in self.pieces:
            yield piece
            if self.seen:
                continue
            start = 0
            while start < len(piece):  # (each line's first bytes only are copied)
                end = piece.find(b"\n", start)
                stop = len(piece) if end == -1 else end + 1
                if len(line) <= _QP_LINE:
                    line += piece[start:min(stop, start + _QP_LINE + 1 - len(line))]
                start = stop
                if end == -1:
                    break
                if len(line) > _QP_LINE:  # (too long to be one: neither cut nor its next)
                    cut, line = None, b""
                    continue
                if cut is not None and soft_broken(cut, line):
                    self.seen = True
                    break
                cut = line if _SOFT_END.search(line) else None
                line = b""
