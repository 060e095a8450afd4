"""A record with a label saying where it came from: what every reader yields and every
batch takes. Its own module, below both the readers (:mod:`callrules._sources`) and the
evaluation (:mod:`callrules._evaluate`), so that the evaluation can read a batch given as
an open file with the readers, and the readers label their records, without a cycle."""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

__all__ = ["Sourced", "label_parts", "text_size"]


class Sourced(NamedTuple):
    """A record with a label saying where it came from (``file.jsonl:3``)."""

    source: str
    data: Any


def text_size(record: Any) -> int | None:
    """The size of ``record`` as text read, by which a record that is not valid input is
    told in proportion to what it weighs (:func:`callrules.exceptions.weighed`): a text's
    characters or bytes (a :class:`Sourced` record's data, or the record itself); for a
    :class:`Sourced` object (a record of a JSON array, a CSV row, nested as the JSON it
    stands for), the length of its JSON text written compactly, so that the same record is
    told alike from JSON Lines, a JSON array or CSV. None for a value built in Python, not
    read (a text of the caller's class too: its own ``len`` may raise), or an object whose
    JSON text cannot be written.

    >>> text_size('{"id": "A"}'), text_size(Sourced("b.json[0]", {"id": "A"}))
    (11, 10)
    >>> text_size({"id": "A"}) is None
    True
    """
    if type(record) is not Sourced:
        return len(record) if type(record) in (str, bytes, bytearray) else None
    data = record.data
    if type(data) in (str, bytes, bytearray):
        return len(data)
    if not isinstance(data, dict):
        return None
    try:  # (a reader's object holds JSON values; one labelled by the caller may hold anything)
        return len(json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str))
    except Exception:  # told as a value built in Python, as before
        return None


#: A label as the readers write it: the file (or ``<stdin>``), then the line the record starts
#: on (``:7``) and its index in a list there (``[0]``, from 0); numbers of at most 18 digits
#: (a longer one is part of the file's name: never a number Python refuses to read).
_LABEL = re.compile(r"(?P<file>.*?)(?::(?P<line>[0-9]{1,18}))?(?:\[(?P<item>[0-9]{1,18})\])?",
                    re.S)


def label_parts(label: str) -> tuple[str, int | None, int | None]:
    """The file, line and index in a list (from 0) of a label (:attr:`Sourced.source`), each
    None when the label has none: ``("b.jsonl", 8, 0)`` for ``b.jsonl:8[0]``, ``("b.json",
    None, 2)`` for ``b.json[2]``, ``("folder", None, None)``. The one reading of the notation
    (the words of :func:`callrules._i18n.source_words`, a score's place)."""
    found = _LABEL.fullmatch(label)
    assert found is not None  # (every part may be empty)
    line, item = found["line"], found["item"]
    return (found["file"], None if line is None else int(line),
            None if item is None else int(item))
