"""A record written after text on its line: a log shipper's date and time and host
(``<14>Dec  5 09:00:00 host app[123]: {…}``, ``2026-06-01T10:00:00Z {…}``), a label
(``data: {…}``). Read as JSON, each was "This is not valid JSON." and no more; it is said
in words, quoting the text before the record, so that the person who gave it knows what to
take away (a record is never read out of a line that holds something else: what stood
before it may have been part of it)."""

from __future__ import annotations

import json
import re

from callrules._json_scan import value_end
from callrules._reading import readable_text

__all__ = ["text_before"]

#: Where a record starts after text: its opening brace and first key, or an empty object.
_OPENING = re.compile(r'\{\s*(?:"|\})')
#: The most characters of the text before a record quoted.
_QUOTED = 60


def text_before(text: str | bytes | bytearray) -> str | None:
    """The text before a JSON object that fills the rest of ``text`` (which is no JSON
    itself), shortened to :data:`_QUOTED` characters, blanks around it dropped; None if
    ``text`` holds no such object, or no letter nor digit before it (``[{…}`` is a list
    damaged, not a record after text).

    >>> text_before('<14>Dec  5 09:00:00 host app[123]: {"id": "A"}')
    '<14>Dec  5 09:00:00 host app[123]:'
    >>> text_before('{"id": "A"} x') is None, text_before('note {not json}') is None
    (True, True)
    >>> text_before('[ {"id": "A"}') is None
    True
    >>> text_before('data: {"a": ' + "[" * 5000 + "]" * 5000 + "}")
    'data:'
    """
    if not isinstance(text, str):
        text = bytes(text).decode("utf-8", "surrogateescape")
    found = _OPENING.search(text)
    if found is None or not any(c.isalnum() for c in text[:found.start()]):
        return None  # (nothing, or brackets: a damaged list, no text before a record)
    try:
        if not isinstance(json.loads(text[found.start():]), dict):
            return None
    except ValueError:
        return None
    except RecursionError:  # nested deeper than Python's reader goes: a record too deep
        end = value_end(text, found.start())  # if its brackets close at the text's end
        if end is None or text[end:].strip(" \t\r\n"):  # (its end followed, not decoded)
            return None
    before = readable_text(text[:found.start()].strip())
    return before if len(before) <= _QUOTED else before[:_QUOTED - 1] + "…"
