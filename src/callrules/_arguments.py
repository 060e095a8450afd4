"""What a command's CALL argument names: a call file (``.toml`` or ``.json``, when it exists)
or else the id of a registered call, for every command that takes one."""

from __future__ import annotations

from pathlib import Path

from callrules import calls
from callrules._call import Call

__all__ = ["load_call"]


def load_call(ref: str) -> Call:
    """The call ``ref`` names: the file at that path if it is a call file that exists, else
    the registered call of that id (:class:`~callrules.UnknownCallError` if none)."""
    path = Path(ref)
    if path.suffix.lower() in (".toml", ".json") and path.exists():
        return Call.from_file(path)
    return calls.load(ref)
