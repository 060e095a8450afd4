"""Sources that hold a batch in what is no text of records: a spreadsheet saved as a web
page, a file encoded in base64.

Web applications export tables as HTML named ``.xls`` (a spreadsheet opens it), and Excel
saves a sheet as a web page or as XML Spreadsheet 2003: text, but markup, not rows. A file
sent by mail and saved as its encoded body is base64 (lines of 76 letters, digits, ``+``
and ``/``). Read as records, each gave one problem a line, or one a cell, in words about
JSON or CSV: each is ONE problem for the source, saying what it is and what to do (save it
as CSV UTF-8; decode it first), before any record is read.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from itertools import chain

from callrules._evaluate import Sourced
from callrules._reading import problem

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
#: What text decoded from base64 holds besides printable characters: blanks, line ends,
#: RFC 7464's record separator.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1d\x1f\x7f]")


def contained(first: bytes, pieces: Iterator[bytes], source: str
              ) -> tuple[Sourced | None, Iterator[bytes]]:
    """The problem of a source whose first piece is ``first`` and whose other pieces are
    ``pieces``, when it is a spreadsheet saved as a web page or a file in base64 (else
    None), and the source's pieces, all of them (markup is read ahead, within
    :data:`_LOOKED`)."""
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
    if _BASE64.fullmatch(first) and _decodes(first):
        return problem(source, "base64_encoded", "this text is encoded in base64 (as a mail "
                       "attachment is), not records: decode it first (base64 -d) and check "
                       "what it gives"), iter(())
    return None, chain([first], pieces)


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
