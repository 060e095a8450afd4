"""The identity of the library that takes a decision: its version and a digest of its code.

``__version__`` names a release, and stayed ``0.1.0`` while the library's code, rules and
calls changed over many commits: a record naming it could not tell that the library itself
had changed since the decision (att65). :func:`identity` is the version with, as a local
label (PEP 440), a digest (BLAKE2b, 16 hexadecimal digits) of every file of the installed
package that can change a decision: its Python sources and the calls it carries (``*.py``,
``*.toml``), each by its path in the package and its content, a line's end read as ``\\n``
(a checkout on Windows is the same library): ``0.1.0+3f2a9c1b7d0e5a48``; and of the versions
of the libraries it relies on for what a decision and its words hold (:data:`RELIED_ON`):
Babel's data (CLDR: how many decimals a currency's amount may have, the names of
currencies, languages and places) and Pydantic's reading of an input come with their
versions, so a record made with another Babel says that the library changed. Its catalogs
of words and the service's page are left out: they change what is said, never a decision.
It is worked out once in a process, when a record is first made or replayed (in session 48,
about 130 files, 3 MB: 11 ms of processor time; the two versions, read from the modules
already imported, add under a microsecond).

:func:`library_changes` compares the identity a record names with this one, for the replay
of a decision or a selection: a new version is said with both versions; the same version
with other code is said as that; a record that names a version alone (written before
records named the code) is said to leave the code unknown.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import babel
import pydantic

from callrules import __version__
from callrules._in_words import TypedInWords, cut
from callrules._invisible import all_blank

__all__ = ["RELIED_ON", "code_digest", "identity", "library_changes", "recorded_identity"]

#: The libraries whose version is part of the identity: what a decision, or its words, may
#: take from them (Babel's CLDR data, Pydantic's reading of an input), each by its version.
RELIED_ON = (("babel", babel.__version__), ("pydantic", pydantic.VERSION))

#: The files of the package that can change a decision: its code and its calls.
_DECIDING = (".py", ".toml")


def _deciding(folder: Path, suffixes: tuple[str, ...] = _DECIDING) -> Iterator[Path]:
    for top, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if name != "__pycache__"]
        yield from (Path(top, name) for name in names if name.endswith(suffixes))


@cache
def identity() -> str:
    """This library's identity: its version and, as a local label, a digest of its code and
    calls (see the module)."""
    label = code_digest(Path(__file__).parent, RELIED_ON)
    return f"{__version__}{'.' if '+' in __version__ else '+'}{label}"


def code_digest(root: Path, relied_on: tuple[tuple[str, str], ...] = (), *,
                suffixes: tuple[str, ...] = _DECIDING) -> str:
    """The digest of the files under ``root`` that can change a decision (16 hexadecimal
    digits): each by its path under ``root`` and its content, a line's end read as ``\\n``;
    then each library of ``relied_on`` by its name and version. ``suffixes``: the files
    read (by default the code and calls; ``(".mo",)``: the catalogs of words, which a
    Dask worker must share with its client too)."""
    hashed = hashlib.blake2b(digest_size=8)
    for path in sorted(_deciding(root, suffixes), key=lambda p: p.relative_to(root).as_posix()):
        content = path.read_bytes()
        if b"\r\n" in content:
            content = content.replace(b"\r\n", b"\n")
        hashed.update(f"{path.relative_to(root).as_posix()}\0{len(content)}\0".encode())
        hashed.update(content)
    for name, version in relied_on:
        hashed.update(f"{name}\0{version}\0".encode())
    return hashed.hexdigest()


def _parts(named: str) -> tuple[str, str | None]:
    """The version an identity names, and its code's digest (None: a version alone)."""
    found = re.fullmatch(r"(.+)([+.])([0-9a-fA-F]{16})", named)
    if found is None or (found[2] == "." and "+" not in found[1]):
        return named, None
    return found[1], found[3].lower()


def recorded_identity(value: object) -> str:
    """The identity a record holds (``library_version``): a text that names something;
    TypeError or ValueError (the record is malformed, as for any other part) if it is
    not text, or empty or blank, whatever its blanks (it names no version)."""
    if not isinstance(value, str):
        raise TypeError(f"text expected, not {type(value).__name__}")
    if all_blank(value):  # (blanks of every kind: U+200B, U+3164, a no-break space)
        raise ValueError("the library's version is empty")
    return value


def library_changes(named: str) -> tuple[list[str], list[tuple[str, Mapping[str, Any]]]]:
    """How the library that made a record (``named``: the identity it holds) differs from
    this one: lines for a program or a log, and phrases' keys with their values, for a
    person (none when it is the same). The digest of the code is read as PEP 440 reads a
    local label, whatever its case (``+3F2A…`` is the code of ``+3f2a…``); the version a
    record names is quoted for a person as a text typed is (:class:`TypedInWords`: on one
    line, its invisible characters named, at most :data:`~callrules._in_words.TYPED_SHOWN`
    characters), and at most as many in the line for a program."""
    now = identity()
    (was_version, was_code), (version, code) = _parts(named), _parts(now)
    if (was_version, was_code) == (version, code):
        return [], []
    line = f"library: {cut(named)} → {now}"
    if was_version != version:
        return [line], [("replay_library_changed", {"was": TypedInWords(was_version),
                                                    "version": version})]
    if was_code is None:
        return [line], [("replay_library_code_unknown", {"version": version})]
    return [line], [("replay_library_code_changed", {"version": version})]
