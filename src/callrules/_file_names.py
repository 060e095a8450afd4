r"""A file as a person reads its name where a record is placed (« in/b.json, item 3 of the
list »): never its whole absolute path, and never one name for two files.

A file given by its absolute path, or found in a folder so given, is said by its folder and
its name (``/srv/in/a.json``: ``in/a.json``); a path given relative to where the command
runs (``in/a.json``), or no path (``<stdin>``), as it was given. Two folders of one name
(``/a/in`` and ``/c/in``, or ``/c/d/in``) would then read alike: a run that knows the paths
it was given (the command line's files, a batch's sources) says them with
:func:`told_apart`, and while it runs each folder that reads like another is said by as
many of its parents as tell them apart (``a/in/b.json``, ``c/in/b.json``), the others as
before. A folder's files are its own (never its sub-folders'), so two files of one name
given apart are in two folders, and two folders said apart say their files apart.

A backslash separates only where the system's paths use it (Windows): elsewhere it is a
character of the name.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from os import PathLike

from callrules._sourced import label_parts

__all__ = ["file_named", "files_of_labels", "told_apart"]

#: Whether the system's paths separate by a backslash too (Windows).
_WINDOWS = os.sep == "\\"
#: An absolute path: POSIX (``/srv/a.json``), or Windows (``C:\in\a.json``, ``\\host\share``).
_ABSOLUTE = re.compile(r"/|[A-Za-z]:[\\/]|\\\\" if _WINDOWS else "/")
_SEPARATORS = re.compile(r"[\\/]" if _WINDOWS else "/")

#: The folders of the paths of the run, each (its absolute path) with how it is said, when
#: the run said its paths (:func:`told_apart`).
_FOLDERS: ContextVar[dict[str, str] | None] = ContextVar("callrules_folders_said", default=None)


def _parts(path: str) -> list[str]:
    """The names of ``path``'s folders and its own, a drive left out (no folder of it)."""
    parts = [part for part in _SEPARATORS.split(path) if part]
    if parts and re.fullmatch(r"[A-Za-z]:", parts[0]):
        parts = parts[1:]
    return parts


def _split(file: str) -> tuple[str, str]:
    """``file``'s folder as it was given (empty: where the command runs) and its name."""
    found = list(_SEPARATORS.finditer(file))
    if not found:
        return "", file
    last = found[-1]
    return file[:last.start()] or file[:last.end()], file[last.end():]


def _key(folder: str) -> str:
    """A folder, the same for each way of giving it (``in``, ``./in``, ``/c/in`` from
    ``/c``)."""
    return os.path.normcase(os.path.abspath(folder or os.curdir))


def file_named(file: str) -> str:
    r"""``file`` as a person reads its name (see the module's docstring).

    >>> file_named("/srv/in/a.json"), file_named("/a.json"), file_named("in/a.json")
    ('in/a.json', 'a.json', 'in/a.json')
    >>> with told_apart(["/a/in/b.json", "/c/in/b.json", "/c/x.json"]):
    ...     file_named("/a/in/b.json"), file_named("/c/in/b.json"), file_named("/c/x.json")
    ('a/in/b.json', 'c/in/b.json', 'c/x.json')
    """
    folders = _FOLDERS.get()
    if folders is not None and not file.startswith("<"):  # (``<stdin>``: no folder)
        folder, name = _split(file)
        said = folders.get(_key(folder)) if name else None
        if said is not None:
            return f"{said}/{name}" if said else name
    if not _ABSOLUTE.match(file):
        return file
    return "/".join(_parts(file)[-2:]) or file


def _given_folders(paths: Iterable[str | PathLike[str]]) -> dict[str, tuple[list[str], str | None]]:
    """The folders of ``paths`` (a folder given: itself; a file: the folder it is in), each
    by its key with the names of its absolute path and how it is said alone: its last name
    for one given by its absolute path, as it was given (None) for one given relative."""
    folders: dict[str, tuple[list[str], str | None]] = {}
    for given in paths:
        path = os.fspath(given)
        if not isinstance(path, str) or path in ("", "-") or "\0" in path:
            continue
        try:
            is_folder = os.path.isdir(path)
        except (OSError, ValueError):
            is_folder = False
        folder = (path.rstrip("\\/" if _WINDOWS else "/") or path) if is_folder \
            else _split(path)[0]
        key = _key(folder)
        if key not in folders:
            relative = not _ABSOLUTE.match(folder or ".")
            folders[key] = (_parts(os.path.abspath(folder or os.curdir)),
                            _tidied(folder) if relative else None)
    return folders


def _tidied(folder: str) -> str:
    """A relative folder as a person reads it, each way of typing it alike (``./in``,
    ``in//``, ``in/.``: ``in``; ``.``: empty, where the command runs), so two spellings of
    one folder never pass for two, and one is said as a record's place says it."""
    tidy = os.path.normpath(folder) if folder else ""
    return "" if tidy == os.curdir else tidy


def _said_apart(folders: dict[str, tuple[list[str], str | None]]) -> dict[str, str]:
    """How each folder is said: as alone (:func:`file_named`), unless that reads like
    another's; then by one more of its parents, and again, until none reads like another
    (two folders said by all their names are two paths: said apart)."""
    depth = {key: 1 for key in folders}
    grown: set[str] = set()  # (said by its parents, no longer as it was given)

    def said(key: str) -> str:
        parts, given = folders[key]
        if given is not None and key not in grown:
            return given
        return "/".join(parts[-depth[key]:]) if depth[key] else ""

    for key, (parts, given) in folders.items():  # (a relative one: as many names as given)
        if given is not None:
            depth[key] = _given_depth(given, parts)
    while True:
        by_words: dict[str, list[str]] = {}
        for key in folders:
            by_words.setdefault(said(key), []).append(key)
        alike = [keys for keys in by_words.values() if len(keys) > 1]
        moved = False
        for keys in alike:
            for key in keys:
                parts, given = folders[key]
                if given is not None and key not in grown:
                    grown.add(key)  # (``..``, ``.``: said by its own names from now on)
                    depth[key] = _given_depth(given, parts)
                    moved = True
                if depth[key] < len(parts):
                    depth[key] += 1
                    moved = True
        if not alike or not moved:
            return {key: said(key) for key in folders}


def _given_depth(given: str, parts: list[str]) -> int:
    """How many of a relative folder's names it was given by (``in``: 1; ``./in``: 1; the
    folder where the command runs: 0), at most those of its absolute path."""
    names = [part for part in _parts(os.path.normpath(given or os.curdir)) if part != "."]
    return min(len(names), len(parts))


@contextmanager
def told_apart(paths: Iterable[str | PathLike[str]]) -> Iterator[None]:
    """While it runs, the files of ``paths`` (files and folders, as a command was given
    them) and of their folders are said apart by :func:`file_named`."""
    token = _FOLDERS.set(_said_apart(_given_folders(paths)))
    try:
        yield
    finally:
        _FOLDERS.reset(token)


def files_of_labels(labels: Iterable[str | None]) -> list[str]:
    """The files records' labels (:attr:`~callrules._sourced.Sourced.source`) name, once
    each: ``/a/in/b.json`` for ``/a/in/b.json[2]``, ``arr.json[0][1]`` or ``b.jsonl:8``, to
    say a batch's files apart (:func:`told_apart`)."""
    files: dict[str, None] = {}
    for label in labels:
        file = label or ""
        while True:
            file, line, item = label_parts(file)
            if line is None and item is None:
                break
        if file and not file.startswith("<"):
            files[file] = None
    return list(files)
