"""The calls callrules knows: bundled call files, and those a platform registers.

A broken source never hides the others: a call file that does not load, a folder that
cannot be read, or an installed package whose ``callrules.calls`` entry point fails is set
aside; :func:`load` raises its typed error when that call is asked for, and :func:`broken`
lists every one with its error (``callrules calls`` prints them).

>>> from callrules import calls
>>> "cnrs-amsud-2026" in calls.available()
True
>>> calls.load("cnrs-amsud-2026").timezone
'Europe/Paris'
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from threading import Lock

from callrules._call import Call
from callrules._parameters import register_set
from callrules._vocabularies import register_vocabulary
from callrules.exceptions import (
    CallrulesError,
    DefinitionError,
    NotAFolderError,
    UnknownCallError,
)

__all__ = ["available", "broken", "load", "register_folder", "register_set",
           "register_vocabulary"]

_FOLDERS: list[Path] = []
_CACHE: dict[str, Call] = {}
_LOCK = Lock()


def _bundled() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for entry in resources.files(__name__).iterdir():
        name = entry.name
        if name.endswith((".toml", ".json")) and entry.is_file():
            out[name.rsplit(".", 1)[0]] = Path(str(entry))
    return out


def _entry_point_folders(problems: dict[str, CallrulesError]) -> list[Path]:
    """Folders of call files that installed packages declare in the ``callrules.calls``
    entry-point group (the value is a folder, or a callable returning one). One that fails
    is set aside in ``problems``, by the name ``entry point <name>``."""
    folders = []
    for entry in importlib.metadata.entry_points(group="callrules.calls"):
        name = f"entry point {getattr(entry, 'name', entry)}"
        try:
            target = entry.load()
            folder = Path(target() if callable(target) else target)
            if not folder.is_dir():
                raise NotAFolderError(folder)
        except CallrulesError as exc:
            problems[name] = exc
        except Exception as exc:  # a third party's code: any failure of it is its own
            problems[name] = DefinitionError(
                f"the package's entry point {getattr(entry, 'value', entry)!r} failed: "
                f"{type(exc).__name__}: {exc}", code="broken_entry_point", source=name)
        else:
            folders.append(folder)
    return folders


def _files(problems: dict[str, CallrulesError] | None = None) -> dict[str, Path]:
    """Every call file by id (the file's name): bundled first, then registered folders and
    entry points; a folder that cannot be read is set aside in ``problems``."""
    problems = {} if problems is None else problems
    files = _bundled()
    for folder in [*_FOLDERS, *_entry_point_folders(problems)]:
        try:
            paths: Iterable[Path] = sorted(folder.iterdir())
        except OSError:
            problems[str(folder)] = NotAFolderError(folder)
            continue
        for path in paths:
            if path.suffix in (".toml", ".json") and path.is_file():
                files.setdefault(path.stem, path)
    return files


def available() -> list[str]:
    """The ids of the calls that :func:`load` can load, sorted: each file's, and the later
    editions of recurring calls (a file that does not load is listed by its name; loading
    it says what is wrong)."""
    ids = set(_files())
    for call_id in list(ids):
        try:
            ids.update(edition.id for edition in load(call_id).editions())
        except CallrulesError:
            continue
    return sorted(ids)


def broken() -> dict[str, CallrulesError]:
    """Every call source that cannot be loaded, with its error: call files by id, folders by
    path, entry points as ``entry point <name>``."""
    problems: dict[str, CallrulesError] = {}
    for call_id in _files(problems):
        try:
            load(call_id)
        except CallrulesError as exc:
            problems[call_id] = exc
    return dict(sorted(problems.items()))


def register_folder(folder: str | Path) -> None:
    """Make the call files (``<id>.toml`` or ``<id>.json``) in ``folder`` loadable by id.

    Bundled calls keep their ids: a registered file cannot shadow one.
    :class:`~callrules.NotAFolderError` if ``folder`` is not a folder.
    """
    path = NotAFolderError.check(folder)
    with _LOCK:
        if path not in _FOLDERS:
            _FOLDERS.append(path)


def load(call_id: str) -> Call:
    """The call ``call_id``, loaded, checked and compiled (once; later calls reuse it).

    :class:`~callrules.UnknownCallError` if no call has that id;
    :class:`~callrules.DefinitionError` if its file does not load."""
    if not isinstance(call_id, str):
        raise UnknownCallError(repr(call_id), available())
    with _LOCK:
        if call_id in _CACHE:
            return _CACHE[call_id]
    files = _files()
    if call_id not in files:
        edition = _edition(call_id, files)
        if edition is None:
            raise UnknownCallError(call_id, sorted(files))
        with _LOCK:
            _CACHE[call_id] = edition
        return edition
    call = Call.from_file(files[call_id])
    if call.id != call_id:
        raise DefinitionError(f"the file is named {call_id!r} but declares id {call.id!r}",
                              code="id_mismatch", source=str(files[call_id]), loc=("id",))
    with _LOCK:
        _CACHE[call_id] = call
    return call


def _edition(call_id: str, files: dict[str, Path]) -> Call | None:
    """A later edition of a recurring call, found among the editions of each file's call."""
    for stem in files:
        try:
            first = load(stem)
        except CallrulesError:
            continue
        if first.definition.recurrence is None:
            continue
        for edition in first.editions()[1:]:
            if edition.id == call_id:
                return edition
    return None
