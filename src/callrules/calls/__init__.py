"""The calls callrules knows: bundled call files, and those a platform registers.

>>> from callrules import calls
>>> "cnrs-amsud-2026" in calls.available()
True
>>> calls.load("cnrs-amsud-2026").timezone
'Europe/Paris'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from threading import Lock

from callrules._call import Call
from callrules._parameters import register_set
from callrules.exceptions import DefinitionError, UnknownCallError

__all__ = ["available", "load", "register_folder", "register_set"]

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


def _entry_point_folders() -> list[Path]:
    """Folders of call files that installed packages declare in the ``callrules.calls``
    entry-point group (the value is a folder, or a callable returning one)."""
    from importlib.metadata import entry_points

    folders = []
    for entry in entry_points(group="callrules.calls"):
        target = entry.load()
        folder = Path(target() if callable(target) else target)
        if folder.is_dir():
            folders.append(folder)
    return folders


def _files() -> dict[str, Path]:
    files = _bundled()
    for folder in [*_FOLDERS, *_entry_point_folders()]:
        for path in sorted(folder.iterdir()):
            if path.suffix in (".toml", ".json") and path.is_file():
                files.setdefault(path.stem, path)
    return files


def available() -> list[str]:
    """The ids of the calls that :func:`load` can load, sorted: each file's, and the later
    editions of recurring calls."""
    ids = set(_files())
    for call_id in list(ids):
        try:
            ids.update(edition.id for edition in load(call_id).editions())
        except DefinitionError:
            continue  # listed by its file name; loading it says what is wrong
    return sorted(ids)


def register_folder(folder: str | Path) -> None:
    """Make the call files (``<id>.toml`` or ``<id>.json``) in ``folder`` loadable by id.

    Bundled calls keep their ids: a registered file cannot shadow one.
    """
    path = Path(folder)
    if not path.is_dir():
        raise NotADirectoryError(f"{folder} is not a folder")
    with _LOCK:
        if path not in _FOLDERS:
            _FOLDERS.append(path)


def load(call_id: str) -> Call:
    """The call ``call_id``, loaded, checked and compiled (once; later calls reuse it)."""
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
        except DefinitionError:
            continue
        if first.definition.recurrence is None:
            continue
        for edition in first.editions()[1:]:
            if edition.id == call_id:
                return edition
    return None
