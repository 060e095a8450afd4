"""The calls callrules knows: bundled call files, and those a platform registers.

Sources are read in one order of precedence: the bundled calls, then each registered folder
in the order it was registered, then the folders of installed packages' entry points. An id
belongs to the first source that gives it, by a file or by an edition of a recurring call
(within one source, a file before an edition); every other source that gives the same id is
shadowed, and named in :func:`broken` (``shadowed_call``), so that no call is silently
missing. A broken source never hides the others: a call file that does not load, a folder that
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
from collections.abc import Iterable, Iterator
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
#: Each call file loaded, by its path and its size and time of change (a file written again
#: is loaded again): the editions of every source are read from them.
_FILES: dict[tuple[Path, int, int], Call] = {}
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


def _sources(problems: dict[str, CallrulesError] | None = None
             ) -> list[tuple[str, dict[str, Path]]]:
    """Every source of call files in order of precedence, each with its files by id (the
    file's name): the bundled calls, the registered folders in their order, the entry
    points' folders; a folder that cannot be read is set aside in ``problems``. Two files of
    one folder with the same id (``t.json``, ``t.toml``): the first by name is its file, the
    other is in ``problems`` as shadowed."""
    problems = {} if problems is None else problems
    sources = [("bundled", _bundled())]
    for folder in [*_FOLDERS, *_entry_point_folders(problems)]:
        try:
            paths: Iterable[Path] = sorted(folder.iterdir())
        except OSError:
            problems[str(folder)] = NotAFolderError(folder)
            continue
        files: dict[str, Path] = {}
        for path in paths:
            if path.suffix in (".toml", ".json") and path.is_file():
                if path.stem in files:
                    problems[str(path)] = _shadowed(path.stem, str(path), files[path.stem])
                    continue
                files[path.stem] = path
        sources.append((str(folder), files))
    return sources


def _file_call(call_id: str, path: Path) -> Call:
    """The call of the file ``path`` (``<call_id>.toml`` or ``.json``), loaded once."""
    try:
        status = path.stat()
        key = (path, status.st_size, status.st_mtime_ns)
    except OSError:
        key = (path, -1, -1)  # loading it says why it cannot be read
    with _LOCK:
        if key in _FILES:
            return _FILES[key]
    call = Call.from_file(path)
    if call.id != call_id:
        raise DefinitionError(f"the file is named {call_id!r} but declares id {call.id!r}",
                              code="id_mismatch", source=str(path), loc=("id",))
    with _LOCK:
        _FILES[key] = call
    return call


def _editions(files: dict[str, Path]) -> Iterator[tuple[Call, Path]]:
    """The later editions of the recurring calls among ``files`` (one source's), each with
    the file of its first edition; a file that does not load gives none."""
    for stem, path in files.items():
        try:
            first = _file_call(stem, path)
        except CallrulesError:
            continue
        if first.definition.recurrence is not None:
            for edition in first.editions()[1:]:
                yield edition, path


def _shadowed(call_id: str, where: str, winner: Path | str) -> DefinitionError:
    """The error of a source that gives ``call_id`` after ``winner`` gave it."""
    return DefinitionError(
        f"the call {call_id!r} is also given by {winner}, which comes first (bundled calls, "
        "then folders in the order registered): this one is not used", code="shadowed_call",
        source=where, words=("shadowed_call", {"call": call_id}))


def available() -> list[str]:
    """The ids of the calls that :func:`load` can load, sorted: each file's, and the later
    editions of recurring calls (a file that does not load is listed by its name; loading
    it says what is wrong)."""
    ids: set[str] = set()
    for _, files in _sources():
        ids.update(files)
        ids.update(edition.id for edition, _ in _editions(files))
    return sorted(ids)


def broken() -> dict[str, CallrulesError]:
    """Every call source that cannot be loaded or is not used, with its error: call files by
    id, folders by path, entry points as ``entry point <name>``; a source that gives an id a
    source before it gives too (``shadowed_call``) by its file's path, and an edition by its
    first edition's file and its id (``path (id)``)."""
    problems: dict[str, CallrulesError] = {}
    sources = _sources(problems)
    first: dict[str, str] = {}  # each id, by where the source that wins gives it
    for _, files in sources:
        for call_id, path in files.items():
            try:
                load(call_id)
            except CallrulesError as exc:
                problems.setdefault(call_id, exc)
            if call_id in first:
                problems[str(path)] = _shadowed(call_id, str(path), first[call_id])
            else:
                first[call_id] = str(path)
        for edition, path in _editions(files):
            where = f"{path} ({edition.id})"
            if edition.id in first:
                problems[where] = _shadowed(edition.id, where, first[edition.id])
            else:
                first[edition.id] = where
    return dict(sorted(problems.items()))


def register_folder(folder: str | Path) -> None:
    """Make the call files (``<id>.toml`` or ``<id>.json``) in ``folder`` loadable by id.

    Bundled calls keep their ids: a registered file cannot shadow one. For an id that two
    folders give (by a file or by an edition of a recurring call), the folder registered
    first wins; the other is named in :func:`broken` (``shadowed_call``).
    :class:`~callrules.NotAFolderError` if ``folder`` is not a folder.
    """
    path = NotAFolderError.check(folder)
    with _LOCK:
        if path not in _FOLDERS:
            _FOLDERS.append(path)


def load(call_id: str) -> Call:
    """The call ``call_id``, loaded, checked and compiled (once; later calls reuse it): the
    first source's, in order of precedence, that gives it by a file or an edition.

    :class:`~callrules.UnknownCallError` if no call has that id;
    :class:`~callrules.DefinitionError` if its file does not load."""
    if not isinstance(call_id, str):
        raise UnknownCallError(repr(call_id), available())
    with _LOCK:
        if call_id in _CACHE:
            return _CACHE[call_id]
    sources = _sources()
    for _, files in sources:
        if call_id in files:
            call = _file_call(call_id, files[call_id])
            break
        edition = next((e for e, _ in _editions(files) if e.id == call_id), None)
        if edition is not None:
            call = edition
            break
    else:
        raise UnknownCallError(call_id, sorted({i for _, files in sources for i in files}))
    with _LOCK:
        _CACHE[call_id] = call
    return call
