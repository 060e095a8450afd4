"""What a command's CALL argument names: a call file (``.toml`` or ``.json``, when it exists),
the call file given on standard input (``-``) or else the id of a registered call, for every
command that takes one; and, for a recurring call, the edition of it that an application or
a record names (a later year's id, as ``calls.load`` finds it once the file is registered)."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from callrules import calls
from callrules._call import Call
from callrules._evaluate import Sourced, same_call
from callrules._jsontext import read_json
from callrules._loading import read_stream
from callrules._standard_input import bytes_of

__all__ = ["call_given", "call_named", "edition_named", "edition_of_batch", "load_call"]


def load_call(ref: str, stdin: TextIO | None = None) -> Call:
    """The call ``ref`` names: the call file given on standard input ``stdin`` if ``ref`` is
    ``-`` (:func:`call_given`), the file at that path if it is a call file that exists,
    else the registered call of that id (:class:`~callrules.UnknownCallError` if none)."""
    if ref == "-" and stdin is not None:
        return call_given(stdin)
    path = Path(ref)
    if path.suffix.lower() in (".toml", ".json") and path.exists():
        return Call.from_file(path)
    return calls.load(ref)


def call_given(stdin: TextIO) -> Call:
    """The call file given on standard input ``stdin`` (``validate -``, ``check - …``), read
    as a named call file is (:func:`callrules._loading.read_file`: at most its size read),
    JSON when it starts with ``{``, else TOML; named ``<stdin>`` in its mistakes."""
    data, format, source = read_stream(bytes_of(stdin), "<stdin>")
    return Call.from_text(data, format=format, source=source)


def edition_named(given: Call | None, named: object) -> Call | None:
    """The call ``given`` if ``named`` (a record's or an application's call) is its id, or
    its edition of that id if it recurs (as ``calls.load`` and ``serve --call-dir`` find a
    later year's edition of a registered file); None otherwise."""
    if given is None or not isinstance(named, str):
        return None
    if same_call(named, given.id):
        return given
    if given.definition.recurrence is None:
        return None
    return next((each for each in given.editions() if same_call(named, each.id)), None)


def call_named(record: Sourced) -> object:
    """The call a record names (its ``call``), read from its text if it is text; None if
    it names none or cannot be read (reading it again says why)."""
    data = record.data
    if isinstance(data, (str, bytes, bytearray)):
        try:
            data = read_json(data)
        except (ValueError, RecursionError):
            return None
    return data.get("call") if isinstance(data, dict) else None


def edition_of_batch(call: Call, batch: list[Sourced]) -> Call:
    """The edition of ``call`` that the applications of ``batch`` name, when they name one
    edition of it and no other (a selection shares one edition's envelope), else ``call``:
    an application of another edition is then ``other_call``, as any other call's."""
    if call.definition.recurrence is None:
        return call
    named = {found.id: found for record in batch
             if (found := edition_named(call, call_named(record))) is not None}
    return next(iter(named.values())) if len(named) == 1 else call
