"""Sources that hold a batch in what is no text of records: a spreadsheet saved as a web
page, a file encoded in base64, compressed data, an archive of files, a workbook.

Web applications export tables as HTML named ``.xls`` (a spreadsheet opens it), and Excel
saves a sheet as a web page or as XML Spreadsheet 2003: text, but markup, not rows. A file
sent by mail and saved as its encoded body is base64 (lines of 76 letters, digits, ``+``
and ``/``). Read as records, each gave one problem a line, or one a cell, in words about
JSON or CSV: each is ONE problem for the source, saying what it is and what to do (save it
as CSV UTF-8; decode it first), before any record is read. The base64 may follow a
byte-order mark, blank lines or a mail part's head (``Content-Transfer-Encoding: base64``
and a blank line: a MIME part saved whole), a few lines at most.

Compressed data (gzip, bzip2, xz, zlib, zstd, lz4, compress: ``curl`` without
``--compressed``, a ``.gz`` renamed) is found by its first bytes and refused the same way,
ONE problem (``compressed``) saying to decompress it first; it is never decompressed (a
small file may decompress to any size). An archive of files (tar: ``ustar`` at byte 257;
zip, but a workbook's: an xlsx's or an ods's first entry) is ONE problem (``archive``) saying
to unpack it first, and a workbook (xlsx, ods, xls) ONE (``workbook``) saying to save it as
CSV, by their first bytes; neither is unpacked. Before, a tar of JSON files gave a "not
valid JSON" problem for each header and judged an application read from inside it, and a
zip of JSON files was told to be saved as CSV.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Iterator
from itertools import chain

from callrules._quoted_printable import DECLARED, soft_broken
from callrules._reading import problem
from callrules._sourced import Sourced

__all__ = ["contained"]

#: How markup starts (after a byte-order mark and blanks): an HTML page or table, an XML
#: document.
_MARKUP = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*<(?:!doctype[ \t\r\n]+html|html|table|\?xml)",
                     re.IGNORECASE)
#: What shows markup to be a spreadsheet: a table, Excel's workbook or its name spaces.
_SHEET = re.compile(rb"<table|<(?:ss:)?workbook|urn:schemas-microsoft-com:office:"
                    rb"(?:excel|spreadsheet)", re.IGNORECASE)
#: How far markup is looked at for a table.
_LOOKED = 1 << 16
#: A line of base64 (MIME's 76 characters, or the whole file on one line): 40 characters
#: at least, padding only at its end.
_BASE64 = re.compile(rb"[A-Za-z0-9+/]{40,}={0,2}\r?\n?")
#: The line after a line of base64: more of it (the last line shorter), or a blank line.
_BASE64_END = re.compile(rb"[A-Za-z0-9+/]*={0,2}[ \t]*\r?\n?")
#: What text decoded from base64 holds besides printable characters: blanks, line ends,
#: RFC 7464's record separator.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1d\x1f\x7f]")
#: How far lines above base64 are looked at: a byte-order mark, blank lines, a MIME part's
#: head (its header lines and the blank line after them), a title.
_ABOVE_BASE64 = 8
#: What may stand above base64 on a line: blanks, byte-order marks, a MIME header
#: (``Content-Transfer-Encoding: base64``), a short title of no JSON and no CSV (no
#: bracket: a line holding a record, ``data: {…}``, is answered without a line read ahead).
#: The title starts at its first byte that is no blank (the blanks before it are matched one
#: way only: a long line of spaces is told in time linear in its length).
_ABOVE = re.compile(rb"(?:\xef\xbb\xbf)*[ \t]*(?:[A-Za-z][A-Za-z0-9-]*:[ \t][^\r\n{}\[\]]*"
                    rb"|[^ \r\n{}\[\],;\t|\"][^\r\n{}\[\],;\t|\"]{0,79})?\r?\n")
#: A line ending with a soft break of quoted-printable: an ``=`` alone before its end.
_SOFT_END = re.compile(rb"(?<!=)=\r?\n\Z")
#: How far a line is read to tell a soft break of quoted-printable (its lines are of 78
#: bytes at most, with their end).
_QP_LINE = 128
#: How compressed data starts (its format's magic bytes), and the format's name.
_COMPRESSED = ((re.compile(rb"\x1f\x8b"), "gzip"), (re.compile(rb"\x1f\x9d"), "compress"),
               (re.compile(rb"BZh[1-9](?:1AY&SY|\x17rE8P\x90)"), "bzip2"),
               (re.compile(rb"\xfd7zXZ\x00"), "xz"), (re.compile(rb"\x28\xb5\x2f\xfd"), "zstd"),
               (re.compile(rb"\x04\x22\x4d\x18"), "lz4"),
               (re.compile(rb"x[\x01\x9c\xda]|x\^(?=[^\n]*[\x80-\xff])"), "zlib"))
#: How zlib data starts at levels 2 to 5 (``x^``: text may start so too, a CSV header
#: ``x^2,y``): when its first line holds no byte above 127, it is zlib only if the bytes
#: from there on inflate without an error.
_ZLIB_TEXT_TOO = b"x^"
#: How many bytes of ``x^`` data are inflated to tell zlib from text (text fails soon: a
#: block's lengths that do not match, a distance before the start; 45 in 200,000 random
#: printable texts of 64 bytes inflated, none of 128 or 256); a shorter source must be a
#: whole zlib stream.
_ZLIB_LOOKED = 256

#: How an xls workbook starts: an OLE2 compound file.
_WORKBOOK = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: How a zip archive starts (an xlsx or ods workbook is one): a local file header.
_ZIP = b"PK\x03\x04"
#: How far an archive's head is read: a tar's first header (its mark at 257), a zip's first
#: entry's name.
_HEAD = 1024
#: The first entry of a zip archive that is a workbook: an xlsx's (Excel writes
#: ``[Content_Types].xml`` first, openpyxl ``docProps/app.xml``), an ods's ``mimetype``.
_WORKBOOK_FIRST = frozenset({b"[Content_Types].xml", b"mimetype"})
_WORKBOOK_FOLDERS = (b"xl/", b"docProps/", b"_rels/", b"customXml/", b"META-INF/")


def contained(first: bytes, pieces: Iterator[bytes], source: str
              ) -> tuple[Sourced | None, Iterator[bytes]]:
    """The problem of a source whose first piece is ``first`` and whose other pieces are
    ``pieces``, when it is compressed, an archive, a spreadsheet saved as a web page or a
    file in base64 (else None), and the source's pieces, all of them (markup is read ahead,
    within :data:`_LOOKED`; an archive's head, within its first :data:`_HEAD` bytes)."""
    inflated = False  # (``x^`` with no byte above 127 in its first line, inflated)
    if first.startswith(_ZLIB_TEXT_TOO) and not _COMPRESSED[-1][0].match(first):
        ahead, size = [first], len(first)  # (a line break in the first bytes: zlib's, or
        while size < _ZLIB_LOOKED and (piece := next(pieces, None)) is not None:  # text's)
            ahead.append(piece)
            size += len(piece)
        inflated = _inflates(b"".join(ahead), size >= _ZLIB_LOOKED)
        pieces = chain(ahead[1:], pieces)
    for magic, name in _COMPRESSED:
        if magic.match(first) or (inflated and name == "zlib"):
            return problem(source, "compressed", f"this is compressed data ({name}), not "
                           "text: decompress it first and check what it gives",
                           {"compression": name}), iter(())
    if first.startswith(_WORKBOOK):
        return problem(source, "workbook", "this is a spreadsheet workbook (xlsx, xls or ods), "
                       "not text: save it as CSV UTF-8 and check that file"), iter(())
    zipped = first.startswith(_ZIP)
    if zipped or not first.endswith(b"\n"):  # (a tar's first line holds its head: a line
        held = [first]  # shorter, ended, is no tar's; pieces of a pipe are read to 512)
        size = len(first)
        while size < _HEAD and (zipped or not held[-1].endswith(b"\n")) and (
                piece := next(pieces, None)) is not None:
            held.append(piece)
            size += len(piece)
        first = b"".join(held)  # (one piece: no line end but at its end, unless zipped)
    kind = _archive(first)
    if kind == "workbook":
        return problem(source, "workbook", "this is a spreadsheet workbook (xlsx, xls or "
                       "ods), not text: save it as CSV UTF-8 and check that file"), iter(())
    if kind is not None:
        return problem(source, "archive", f"this is an archive of files ({kind}), not "
                       "text: unpack it first and check the files it holds",
                       {"archive": kind}), iter(())
    if _MARKUP.match(first):
        held = [first]
        size = len(first)
        while size < _LOOKED and (piece := next(pieces, None)) is not None:
            held.append(piece)
            size += len(piece)
        if _SHEET.search(b"".join(held)):
            return problem(source, "workbook", "this is a spreadsheet saved as a web page (HTML "
                           "or XML), not CSV: save it as CSV UTF-8 and check that file",
                           {"template": "workbook_web_page"}), iter(())
        return None, chain(held, pieces)
    held = [first]
    while not (found := _base64(held[-1])) and _ABOVE.fullmatch(held[-1]) \
            and len(held) <= _ABOVE_BASE64 and (piece := next(pieces, None)) is not None:
        held.append(piece)  # (a mark, blank lines, a MIME part's head above it)
    if found:
        after = next(pieces, None) if len(held) > 1 else None  # (lines above it: the next
        if after is None or _BASE64_END.fullmatch(after):  # base64 too, or the end)
            return problem(source, "base64_encoded", "this text is encoded in base64 (as a "
                           "mail attachment is), not records: decode it first (base64 -d) and "
                           "check what it gives"), iter(())
        held.append(after)
        return None, chain(held, pieces)
    if any(DECLARED.fullmatch(line) for line in held) or _soft_broken(held, pieces):
        return problem(source, "quoted_printable", "this text is encoded as quoted-printable "
                       "(as a mail body is: its lines cut with = at their end, an accented "
                       "letter written as =C3=A9), not records: decode it first and check "
                       "what it gives"), iter(())
    return None, chain(held, pieces)


def _soft_broken(held: list[bytes], pieces: Iterator[bytes]) -> bool:
    """Whether the last line of ``held`` (completed from ``pieces``, the next line read
    too, only when it ends with an ``=``: each appended to ``held``) is a source's first
    line of records in quoted-printable, cut with a soft break
    (:func:`callrules._quoted_printable.soft_broken`)."""
    if held[-1].endswith(b"\n") and not held[-1].rstrip(b"\r\n").endswith(b"="):
        return False  # (as most first lines are: answered without a line read ahead)
    line = _line_of(pieces, held.pop())
    held.append(line)
    if not _SOFT_END.search(line):
        return False
    below = _line_of(pieces, next(pieces, b""))
    held.append(below)
    return soft_broken(line, below or None)


def _line_of(pieces: Iterator[bytes], start: bytes) -> bytes:
    """``start`` and the pieces after it to its line's end, within :data:`_QP_LINE` bytes
    (a line of quoted-printable is 78 at most: a longer one is none, read no further)."""
    line = start
    while line and not line.endswith(b"\n") and len(line) <= _QP_LINE and (
            piece := next(pieces, None)) is not None:
        line += piece
    return line


def _inflates(data: bytes, more: bool) -> bool:
    """Whether ``data`` is the start of a zlib stream (``more``: the source goes on after
    it; else it must be the whole stream): inflated, with its output bounded (256 bytes
    inflate to at most 264 KB), and thrown away."""
    inflater = zlib.decompressobj()
    try:
        inflater.decompress(data, 1 << 19)
    except zlib.error:
        return False
    return more or inflater.eof


def _archive(head: bytes) -> str | None:
    """``"tar"`` or ``"zip"`` if ``head`` starts an archive of files, ``"workbook"`` if a
    zip archive that is a spreadsheet workbook (xlsx, ods), else None."""
    if head[257:262] == b"ustar" and _tar_sum(head):  # (POSIX's and GNU's tar; version
        return "tar"  # 7's has no mark)
    if not head.startswith(_ZIP):
        return None
    entry = head[30:30 + int.from_bytes(head[26:28], "little")]  # (the first entry's name)
    return "workbook" if entry in _WORKBOOK_FIRST or entry.startswith(_WORKBOOK_FOLDERS) \
        else "zip"


def _tar_sum(head: bytes) -> bool:
    """Whether ``head`` holds a whole tar header whose checksum (bytes 148 to 155: octal
    digits, then a NUL or a blank) is the sum of its 512 bytes, those eight counted as
    blanks (signed or not, as tar's readers accept): ``ustar`` at byte 257 of a line of JSON
    (a name such as « Augustarelli » there) is no archive."""
    if len(head) < 512:
        return False
    field = head[148:156].strip(b" \0")
    if not field or any(byte not in b"01234567" for byte in field):
        return False
    said = int(field, 8)
    block = head[:148] + b" " * 8 + head[156:512]
    return said in (sum(block), sum(b - 256 if b > 127 else b for b in block))


def _base64(line: bytes) -> bool:
    """Whether ``line`` (after byte-order marks) is a line of base64 decoding to text."""
    while line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    return _BASE64.fullmatch(line) is not None and _decodes(line)


def _decodes(line: bytes) -> bool:
    """Whether the base64 ``line`` (its start, a whole number of quartets) decodes to
    text: UTF-8 (a character cut at its end allowed), no control character but blanks."""
    body = line.rstrip(b"\r\n")
    try:
        data = base64.b64decode(body[:len(body) // 4 * 4], validate=True)
    except (binascii.Error, ValueError):
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(data) - 3:
            return False
        text = data[:exc.start].decode("utf-8")
    return bool(text.strip()) and not _CONTROL.search(text)
