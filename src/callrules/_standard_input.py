"""Standard input as the bytes a command reads from it (``callrules … -``): a process's
standard input through its binary buffer, and a stream given in its place
(``main(stdin=io.StringIO(…))`` or ``io.BytesIO``) read as the bytes such an input gives."""

from __future__ import annotations

from typing import BinaryIO, TextIO, cast

__all__ = ["bytes_of"]


class _Encoded:
    """A stream given as standard input with no ``buffer`` (``main(stdin=io.StringIO(…))``
    or ``io.BytesIO``) read as the bytes a process's standard input gives: text in UTF-8,
    bytes as they are, as it comes."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def read(self, size: int = -1) -> bytes:
        return _utf8(self.stream.read(size))

    def readline(self, size: int = -1) -> bytes:
        return _utf8(self.stream.readline(size))

    def seekable(self) -> bool:
        return False


def _utf8(piece: str | bytes) -> bytes:
    """A piece read from standard input as bytes: text in UTF-8, bytes as they are (a
    binary stream given as ``main(stdin=io.BytesIO(…))``, as ``check -`` reads it)."""
    return piece if isinstance(piece, bytes) else piece.encode("utf-8", "surrogateescape")


def bytes_of(stdin: TextIO) -> BinaryIO:
    """The bytes of standard input ``stdin``, read from where it stands, never closed."""
    binary = getattr(stdin, "buffer", None)
    return cast(BinaryIO, binary if binary is not None else _Encoded(stdin))
