"""A JSON array written as its elements come, never held whole (``--format json``).

``callrules replay --format json`` kept each record's object until the last was replayed,
then wrote the list: 400 KB of ``{}`` records held 722 MB, and a run a signal stopped wrote
nothing at all (att85 F4). :class:`JsonArray` writes each element as it is given, in the
very text :func:`~callrules._safe.json_text` gives the whole list with ``indent=2``: a run
that ends writes the same bytes as before, and memory does not grow with the elements.

What a reader gets of a run cut short (a signal: exit 143; its reader gone: 141): the
opening bracket and the elements written so far, each whole when standard output was
flushed after it (``flush``), separated by commas, and no closing bracket: no JSON document,
so never taken for a whole answer; the text with ``]`` added is the array of the elements
told. Nothing is written after a signal (the command line drops what its output holds: a
reader that does not read would block it for ever), nor to a pipe whose reader is gone.
"""

from __future__ import annotations

from typing import Any, TextIO

from callrules._safe import json_text

__all__ = ["JsonArray"]


class JsonArray:
    """A JSON array written to ``out`` an element at a time (:meth:`add`), closed by
    :meth:`end`; ``flush``: ``out`` flushed after each element.

    >>> import io, json
    >>> out = io.StringIO()
    >>> array = JsonArray(out)
    >>> array.add({"a": [1]}); array.add("é"); array.end()
    >>> out.getvalue() == json_text([{"a": [1]}, "é"], indent=2) + "\\n"
    True
    """

    def __init__(self, out: TextIO, flush: bool = False) -> None:
        self.out = out
        self.flush = flush
        #: How many elements were written.
        self.count = 0

    def add(self, value: Any) -> None:
        """Write ``value``, an element of the array, after those written."""
        # (a JSON text's line breaks are its layout: its strings hold theirs escaped)
        text = json_text(value, indent=2).replace("\n", "\n  ")
        self.out.write(("[\n  " if not self.count else ",\n  ") + text)
        self.count += 1
        if self.flush:
            self.out.flush()

    def end(self) -> None:
        """Close the array (``[]`` if it holds nothing), a line break after it."""
        self.out.write("\n]\n" if self.count else "[]\n")
