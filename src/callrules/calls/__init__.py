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

import copy
import hashlib
import importlib
import importlib.metadata
import os
import signal
import stat
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from importlib import resources
from pathlib import Path
from threading import Lock
from typing import Any, Literal, NamedTuple

from callrules._call import Call
from callrules._i18n import phrase_sentence
from callrules._parameters import register_set, sets_registered
from callrules._vocabularies import register_vocabulary, vocabularies_registered
from callrules.exceptions import (
    CAUSE_TEXT,
    ArgumentError,
    CallrulesError,
    CauseAsText,
    DefinitionError,
    NotAFolderError,
    UnknownCallError,
    argument_words,
)

__all__ = ["Shadowed", "available", "broken", "call_files", "load", "load_file",
           "refuse_unnamed", "register_folder", "register_set", "register_vocabulary", "shadowed"]

_FOLDERS: list[Path] = []
_CACHE: dict[str, Call] = {}
#: A file's identity: its path, its size, its times of change, its inode (a file written
#: again, or replaced, is read again) and, when its time of change was unsettled
#: (:data:`UNSETTLED_NS`), a digest of what it held (a file written again within the same
#: tick of the file system's clock, with the same size, is read again too).
_Key = tuple[Path, int, int, int, int, bytes | None]
#: The last version of each call file loaded, by its path: its identity and its call (the
#: editions of every source are read from them). One entry a file however often it is
#: written again: a platform reloading a watched folder kept every version it had read
#: before (2,000 saves of a call: 2,001 calls held, memory 58 → 137 MB; att78).
_FILES: dict[Path, tuple[_Key, Call]] = {}
#: The last version of each call file that did not load, by its path: its identity (and how
#: many named sets and vocabularies were registered then: :func:`_registered`) and its
#: typed error, kept without its traceback (which held the file's text). A broken file is
#: read once, not at every listing or every id asked for (a large one took seconds); one
#: entry a file however often it is written again; each caller is given its own copy.
_FAILED: dict[Path, tuple[tuple[_Key, tuple[int, int]], CallrulesError]] = {}
#: The call files being loaded, by identity, each with its own lock and the number of
#: threads holding or waiting for it: one thread compiles a file, the others wait for that
#: one's result (never two compilations of one file), and loading one never waits for
#: another. No package's code runs while such a lock is held (the entry points run before,
#: never inside one: no thread waits for another that waits for it). Reentrant: a file's
#: own loading never waits for itself.
_LOADING: dict[object, tuple[threading.RLock, list[int]]] = {}
_LOCK = Lock()


def _after_fork() -> None:
    """In a process just forked: the locks and the table of what is being loaded made
    anew (a thread of the parent that was loading does not exist in the child: its locks
    would never be released, and the child would wait for ever)."""
    global _LOCK, _LOADING
    _LOCK = Lock()
    _LOADING = {}


if hasattr(os, "register_at_fork"):  # (not on Windows, which does not fork)
    os.register_at_fork(after_in_child=_after_fork)
#: What the installed packages' entry points gave when they last ran: the installed
#: distributions they ran for (:func:`_installed`), and each entry point's result
#: (:class:`_Ran`). One that gave a folder still there, its module's file unchanged, is not
#: run again until a distribution is installed, removed or changed (a notebook's ``pip
#: install`` is seen at once); one that failed, or whose folder is gone, is run again at
#: every listing (a package mended in place, a folder made later, are seen as they were
#: without remembering). A folder given is remembered, not its files: a package adding
#: calls to it is read anew.
_RAN: tuple[_Stamp, tuple[_Ran, ...]] | None = None
#: The thread that is running an installed package's entry point: a package asking the
#: registry for its calls as it loads gets none of the installed packages (no recursion).
_IN_ENTRY_POINT = threading.local()
#: The kind of each source: the bundled calls, a folder registered (by the platform or
#: ``--call-dir``: chosen), or an installed package's (not chosen by who serves).
Origin = Literal["bundled", "registered", "installed"]


@contextmanager
def _one_at_a_time(what: object) -> Iterator[None]:
    """Hold the lock of ``what`` (a file's identity, an id): the threads that load the same
    thing wait for each other, not for the others; the lock is forgotten with its last."""
    with _LOCK:
        lock, users = _LOADING.setdefault(what, (threading.RLock(), [0]))
        users[0] += 1
    try:
        with lock:
            yield
    finally:
        with _LOCK:
            users[0] -= 1
            if not users[0] and _LOADING.get(what, (None,))[0] is lock:
                del _LOADING[what]  # (after a fork, the child's table is another)


def _bundled() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for entry in resources.files(__name__).iterdir():
        name = entry.name
        if name.endswith((".toml", ".json")) and entry.is_file():
            out[name.rsplit(".", 1)[0]] = Path(str(entry))
    return out


@contextmanager
def _interrupts() -> Iterator[list[int]]:
    """A list that gets an item when the user interrupts the program (Ctrl-C: ``SIGINT``)
    while the block runs, the program's own handler still run: a ``KeyboardInterrupt`` a
    package raises by itself is then told from the user's. Outside the main thread, or with
    a handler not set from Python (or none), no interrupt can reach the block as an
    exception: the list stays empty."""
    pressed: list[int] = []
    try:
        previous = signal.getsignal(signal.SIGINT)
    except ValueError:  # pragma: no cover - (a platform without signals)
        previous = None
    if not callable(previous) or threading.current_thread() is not threading.main_thread():
        yield pressed
        return

    def seen(number: int, frame: Any) -> None:
        # a press interrupts only when the program's handler raises (Python's own does): a
        # host that asks for a clean stop instead (a server's) is not interrupted here
        if previous is signal.default_int_handler:
            pressed.append(number)
        try:
            previous(number, frame)
        except BaseException:
            if not pressed:
                pressed.append(number)
            raise

    try:
        signal.signal(signal.SIGINT, seen)
    except (ValueError, OSError):  # pragma: no cover - (an interpreter not allowing it)
        yield pressed
        return
    try:
        yield pressed
    finally:
        signal.signal(signal.SIGINT, previous)


def _package(entry: Any) -> str:
    """The name of the installed package (its distribution) that declares ``entry``."""
    name = getattr(getattr(entry, "dist", None), "name", None)
    return str(name or getattr(entry, "module", None) or getattr(entry, "name", entry))[:100]


#: What failed in an installed package's entry point, by its step, said to its authors.
_STEPS = {"imported": "as its code was imported", "called": "as its function was called",
          "no_folder": "what it gave is not a folder's name"}


def _broken_entry_point(entry: Any, name: str, step: str, exc: BaseException
                        ) -> DefinitionError:
    """The error of the entry point ``entry`` whose ``step`` failed with ``exc``:
    ``broken_entry_point``, its words naming the package and the step (``imported``: its
    code as it was loaded; ``called``: the function that gives its folder; ``no_folder``:
    what it gives is not a folder's name)."""
    error = DefinitionError(
        f"the package's entry point {getattr(entry, 'value', entry)!r} failed "
        f"({_STEPS[step]}): {type(exc).__name__}: {str(exc)[:200]}", code="broken_entry_point",
        source=name, words=(f"entry_point_{step}", {"package": _package(entry)}))
    if isinstance(exc, Exception):
        error.__cause__ = exc
    return error


class _Ran(NamedTuple):
    """What one entry point gave when it last ran: its folder, or its error (kept as
    :func:`_kept` keeps a file's), and the file of its module as it was then."""

    entry: Any
    name: str
    folder: Path | None
    error: CallrulesError | None
    module: object

    def still(self) -> bool:
        """Whether what it gave holds without running it again: a folder still there, its
        module's file unchanged (never an error: a failed one runs again)."""
        return self.folder is not None and self.folder.is_dir() \
            and _module_file(self.entry) == self.module


def _module_file(entry: Any) -> object:
    """The file of the module of ``entry`` (loaded) and its identity (:func:`_identity`):
    a module changed in place, even within the same second, is run again."""
    module = sys.modules.get(str(getattr(entry, "module", "") or ""))
    path = getattr(module, "__file__", None)
    try:
        return _identity(Path(path))  # type: ignore[arg-type]
    except TypeError:  # (none; not a path)
        return path


#: How long after a time of change (nanoseconds) a file system may change the same thing
#: again without moving it: a time counted in whole seconds (ext3, HFS+), or in two (FAT),
#: or one tick of the system's coarse clock (Linux: a few milliseconds). A time of change
#: that recent, or to come, says nothing of a change made since: the thing is looked at
#: itself (what a folder lists, what a file holds) until its time is older than that.
UNSETTLED_NS = 3_000_000_000

#: What :func:`_installed` gives: each folder of the path and ``entry_points.txt`` with its
#: time of change (-1: none) and, while that time is unsettled, what it holds (a folder's
#: distributions, a file's digest; None when settled); and the finders of
#: ``sys.meta_path``.
_Stamp = tuple[tuple[tuple[object, int, object], ...], tuple[int, ...]]


def _installed(before: _Stamp | None = None) -> _Stamp:
    """What says whether the installed distributions changed: each folder of ``sys.path``
    with its time of change, the entry points of the distributions in it (each
    ``*.dist-info`` and ``*.egg-info``'s ``entry_points.txt`` and its time of change: an
    entry point added or changed in place), and the finders of ``sys.meta_path``. It is what
    ``importlib.metadata`` reads its distributions and their entry points from: a package
    installed, upgraded or removed changes its folder, and a folder added to the path is
    another path. (A stat call each: no file is read.) A time of change still unsettled
    (:data:`UNSETTLED_NS`), or one that was when ``before`` was taken, adds what the folder
    lists or the file holds (a folder listed, a file read): an install in the same second
    as the last listing, on a file system counting whole seconds, changes that, not the
    time. Compare it with ``before`` (:func:`_settled` drops what the times say alone)."""
    now = time.time_ns()
    looked = {entry[0]: entry[2] for entry in before[0]} if before is not None else {}
    where: list[tuple[object, int, object]] = []
    for entry in sys.path:
        try:  # ("" is the working folder: the one it is now)
            path = os.path.abspath(entry)
            changed = os.stat(path).st_mtime_ns
        except (OSError, ValueError, TypeError):  # (gone; a NUL; not a path at all)
            where.append((entry, -1, None))
            continue
        unsettled = now - changed <= UNSETTLED_NS or looked.get(path) is not None
        files = _entry_point_files(path, changed, listed=unsettled)
        where.append((path, changed, files if unsettled else None))
        for stamped in files:
            try:
                changed = os.stat(stamped).st_mtime_ns
            except OSError:  # (none, or gone)
                where.append((stamped, -1, None))
                continue
            unsettled = now - changed <= UNSETTLED_NS or looked.get(stamped) is not None
            where.append((stamped, changed, _digest(stamped) if unsettled else None))
    return tuple(where), tuple(map(id, sys.meta_path))


def _settled(stamp: _Stamp) -> _Stamp:
    """``stamp`` as it is kept: what a folder lists or a file holds dropped where its time
    of change has settled since (:data:`UNSETTLED_NS`): its time alone then says a change."""
    now = time.time_ns()
    return tuple((path, changed, held if now - changed <= UNSETTLED_NS else None)
                 for path, changed, held in stamp[0]), stamp[1]


def _digest(path: str) -> bytes:
    """A digest of what the file ``path`` holds (empty when it cannot be read, or is not a
    regular file: a FIFO or a device is opened without waiting for a writer, never read)."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return b""
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):  # (a folder: no file to read)
            return b""
        with open(handle, "rb", closefd=False) as held:
            return hashlib.blake2b(held.read(), digest_size=16).digest()
    except OSError:
        return b""
    finally:
        os.close(handle)


#: The ``entry_points.txt`` files of each folder's distributions, by the folder and its time
#: of change (when it was listed): a folder is listed again once something in it is added,
#: removed or renamed, never at every listing.
_LISTED: dict[str, tuple[int, tuple[str, ...]]] = {}


def _entry_point_files(folder: str, changed: int, *, listed: bool = False
                       ) -> tuple[str, ...]:
    """The ``entry_points.txt`` files of the distributions (``*.dist-info``, ``*.egg-info``)
    of the folder ``folder``, whose time of change is ``changed``: listed again when that
    time moved, or when ``listed`` (a time that may not have moved)."""
    kept = _LISTED.get(folder)
    if kept is not None and kept[0] == changed and not listed:
        return kept[1]
    try:
        with os.scandir(folder) as items:
            files = tuple(sorted(os.path.join(item.path, "entry_points.txt") for item in items
                                 if item.name.endswith((".dist-info", ".egg-info"))))
    except OSError:  # (a file: a zip's time of change says it)
        files = ()
    _LISTED[folder] = (changed, files)
    return files


def _entry_point_folders(problems: dict[str, CallrulesError]) -> list[Path]:
    """Folders of call files that installed packages declare in the ``callrules.calls``
    entry-point group (the value is a folder, or a callable returning one), their entry
    points run once for the distributions installed (:data:`_RAN`), but one that failed or
    whose folder is gone, run at every listing. One that fails is set aside in ``problems``
    (each caller its own copy of its error), by the name ``entry point <name>``. A package
    that asks the registry for calls as it loads is given none of the installed packages'
    (no recursion). No lock is held while they run: threads asking at once, before any has
    finished, each run them."""
    if getattr(_IN_ENTRY_POINT, "active", False):
        return []
    global _RAN
    ran = _RAN
    now = _installed(None if ran is None else ran[0])  # (type: _RAN keeps a _Stamp)
    if ran is None or ran[0] != now:
        if ran is not None:  # (importlib's own caches go by times of change too: a
            _forget_imports()  # distribution installed in the same second is not seen)
        entries = tuple(importlib.metadata.entry_points(group="callrules.calls"))
        before: tuple[_Ran | None, ...] = (None,) * len(entries)
    else:
        entries, before = tuple(kept.entry for kept in ran[1]), ran[1]
    results = tuple(kept if kept is not None and kept.still() else _run_entry_point(entry)
                    for entry, kept in zip(entries, before, strict=True))
    _RAN = (_settled(now), results)
    folders = []
    for result in results:
        if result.error is not None:
            problems[result.name] = _given_again(result.error)
        elif result.folder is not None:
            folders.append(result.folder)
    return folders


def _forget_imports() -> None:
    """``importlib``'s caches of what each folder of the path holds forgotten: they are
    kept by the folder's time of change (``importlib.metadata``'s distributions, the
    finders' modules), so a package installed in the same second as the last look would be
    neither listed nor imported. (``importlib.invalidate_caches`` forgets
    ``importlib.metadata``'s from Python 3.13 on; before, its own function for it takes
    its class by hand: no class method.)"""
    importlib.invalidate_caches()
    finder = importlib.metadata.MetadataPathFinder
    try:
        finder.invalidate_caches()
    except TypeError:  # (Python 3.11 and 3.12)
        finder.invalidate_caches(finder)  # type: ignore[call-arg]


def _run_entry_point(entry: Any) -> _Ran:
    """Run the entry point ``entry`` of the ``callrules.calls`` group: the folder it gives,
    or its error: whatever it raises (``SystemExit`` and ``KeyboardInterrupt`` too: a
    package never stops the program, nor gives an exit code that would read as a verdict),
    but the user's own Ctrl-C while it runs, which interrupts as everywhere (and nothing is
    remembered)."""
    name = f"entry point {getattr(entry, 'name', entry)}"
    step = "imported"
    problem: CallrulesError | None = None
    folder: Path | None = None
    _IN_ENTRY_POINT.active = True
    try:
        with _interrupts() as pressed:
            try:
                target = entry.load()
                if callable(target):
                    step = "called"
                    target = target()
                step = "no_folder"
                given = Path(target)
            except BaseException as exc:  # a third party's code: any failure is its own
                if pressed:  # the user's Ctrl-C: interrupts, as it does everywhere
                    raise
                problem = _broken_entry_point(entry, name, step, exc)
            else:
                if given.is_dir():
                    folder = given
                else:  # (a typed error the package raised itself is never reworded)
                    nowhere = NotAFolderError(given)
                    nowhere.words = ("entry_point_no_folder", {"package": _package(entry)})
                    problem = nowhere
    finally:
        _IN_ENTRY_POINT.active = False
    if pressed:  # pressed while the package ran, and swallowed by it
        raise KeyboardInterrupt
    return _Ran(entry, name, folder, None if problem is None else _kept(problem),
                _module_file(entry))


#: The last identity of each file given by :func:`_identity`: its status, the digest of what
#: it held when one was taken, and whether that digest was taken once its time of change had
#: settled (then its status alone says a change: the file is not read again to tell).
_LAST: dict[Path, tuple[tuple[int, int, int, int], bytes | None, bool]] = {}


def _identity(path: Path) -> _Key:
    """The identity of the file ``path``: what it is remembered by, loaded or not. Its
    status (size, times of change, inode) and, while its time of change is unsettled
    (:data:`UNSETTLED_NS`, or to come), or was when its identity was last given, a digest
    of what it holds: a file written again within the tick of a file system counting whole
    seconds, with the same size, has another identity (the digest is taken before the file
    is loaded: a change in between makes it read once more, never kept stale)."""
    try:
        status = path.stat()
    except (OSError, ValueError):  # ValueError: a NUL byte in the path
        return (path, -1, -1, -1, -1, None)  # loading it says why it cannot be read
    held = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
    last = _LAST.get(path)
    if last is not None and last[0] == held and last[2]:
        return (path, *held, last[1])  # (settled and told since: unchanged)
    unsettled = time.time_ns() - max(status.st_mtime_ns, status.st_ctime_ns) <= UNSETTLED_NS
    digest: bytes | None = None
    if unsettled or (last is not None and last[0] == held and last[1] is not None):
        digest = _digest(str(path))
    with _LOCK:
        _LAST[path] = (held, digest, not unsettled)
    return (path, *held, digest)


def _kept(error: CallrulesError) -> CallrulesError:
    """What is remembered of the error of a file that did not load: a copy, without its
    traceback nor the exception during which it was raised (their frames held the file's
    text), its cause too without its own."""
    # (its arguments, attributes and cause; its traceback dropped here, since a copy keeps it
    # where exceptions are pickled with theirs: tblib's, which Dask's distributed installs)
    kept = copy.copy(error).with_traceback(None)
    kept.__context__ = None
    cause = kept.__cause__
    if cause is not None:
        try:
            bare = copy.copy(cause)
        except Exception:  # (a caller's exception that cannot be copied: said as text)
            bare = CauseAsText(f"{type(cause).__module__}.{type(cause).__qualname__}",
                               str(cause)[:CAUSE_TEXT])
        if bare is not cause:
            kept.__cause__ = bare.with_traceback(None)
    return kept


def _given_again(kept: CallrulesError) -> CallrulesError:
    """A copy of a remembered error for one caller: what it adds (a note) or changes (its
    words) is its own, never seen by the next caller."""
    fresh = copy.copy(kept)
    with suppress(Exception):  # (an attribute that cannot be copied: shared)
        fresh.__dict__.update(copy.deepcopy(kept.__dict__))
    return fresh


def _registered() -> tuple[int, int]:
    """What a call file may need that is registered apart, as it stands: a file that did not
    load is read again once a named set or a vocabulary is registered (one unknown then)."""
    return sets_registered(), vocabularies_registered()


def _remembered(key: _Key) -> Call | None:
    """The call of the file ``key`` if it was loaded; its error again if it did not load."""
    with _LOCK:
        failed = _FAILED.get(key[0])
        if failed is None or failed[0] != (key, _registered()):
            kept = _FILES.get(key[0])
            return kept[1] if kept is not None and kept[0] == key else None
    raise _given_again(failed[1])


def _file_call(call_id: str, path: Path) -> Call:
    """The call of the file ``path`` (``<call_id>.toml`` or ``.json``), loaded once (from
    any number of threads), and a file that does not load read once too."""
    key = _identity(path)
    call = _remembered(key)
    if call is not None:
        return call
    with _one_at_a_time(key):
        call = _remembered(key)  # loaded by the thread this one waited for
        if call is not None:
            return call
        # What was registered before the file is read: a set or a vocabulary registered
        # while it is read (by another thread) makes the error remembered under an older
        # count, so the file is read again, never refused for good.
        registered = _registered()
        try:
            call = Call.from_file(path)
            if call.id != call_id:
                raise DefinitionError(
                    f"the file is named {call_id!r} but declares id {call.id!r}",
                    code="id_mismatch", source=str(path), loc=("id",))
        except CallrulesError as exc:
            with _LOCK:
                _FAILED[key[0]] = ((key, registered), _kept(exc))
            raise
        with _LOCK:
            _FILES[key[0]] = (key, call)
    return call


def _set_aside(path: Path, exc: Exception) -> DefinitionError:
    """The library's own fault on the file ``path`` (``exc``, not a typed error), as a folder
    says it: that file broken (``internal_error``, asking for a report), so that a fault on
    one file never hides its folder's other calls. A call asked for by its id or its file
    lets the fault through, an internal error (exit 70), never a mistake of its author."""
    error = DefinitionError(
        f"the library failed on this file ({type(exc).__name__}: {str(exc)[:200]}); "
        "please report it", code="internal_error", source=str(path),
        words=("call_file_internal_error", {}))
    error.__cause__ = exc
    return error


def _shadowed(call_id: str, where: str, winner: Path | str) -> DefinitionError:
    """The error of a source that gives ``call_id`` after ``winner`` gave it."""
    return DefinitionError(
        f"the call {call_id!r} is also given by {winner}, which comes first (bundled calls, "
        "then folders in the order registered): this one is not used", code="shadowed_call",
        source=where, words=("shadowed_call", {"call": call_id}))


def call_files(folder: str | Path) -> list[Path]:
    """The call files of ``folder``, by name: every entry named ``<id>.toml`` or
    ``<id>.json`` (in any case: ``<id>.TOML``), whatever it is. One that is not a regular
    file (a folder, a pipe, a device, a link to nothing or a loop of links) is listed too,
    never skipped without a word: loading it says why it cannot be read
    (``not_a_regular_file``, ``unreadable``). ``OSError`` if the folder cannot be read."""
    return sorted((p for p in Path(folder).iterdir() if p.suffix.lower() in (".toml", ".json")),
                  key=_by_name)


def _by_name(path: Path) -> str:
    """A file's place among its folder's: its name, as paths of one folder are ordered (in
    the system's case), compared as text: a path's own comparison splits and normalizes it
    at each of the n log n comparisons, most of a start's time with 1,000 calls (att79)."""
    return os.path.normcase(path.name)


def load_file(path: str | Path) -> Call:
    """The call of the file ``path`` as a registered folder gives it: loaded and checked,
    and the id it declares the file's name (``id_mismatch`` otherwise), as :func:`load`
    and ``callrules serve --call-dir`` read it; what ``callrules validate`` of a folder
    says of each of its files. :class:`~callrules.DefinitionError` if it does not load."""
    if not isinstance(path, (str, Path)):
        raise DefinitionError(f"a call file is named by a path, not {type(path).__name__}",
                              code="unreadable", source=repr(path)[:100],
                              words=argument_words("path", path, "kind_path"))
    path = Path(path)
    try:
        return _file_call(path.stem, path)
    except CallrulesError:
        raise
    except Exception as exc:  # the library's own fault on this file: the folder's others load
        raise _set_aside(path, exc) from exc


def _sources(problems: dict[str, CallrulesError] | None = None,
             folders: Iterable[str | Path] | None = None
             ) -> list[tuple[str, list[Path], Origin]]:
    """Every source of call files in order of precedence, each with its files by name and
    its kind: the bundled calls, then ``folders`` in their order (None: the registered
    folders, then the entry points' folders); a folder that cannot be read is set aside in
    ``problems``."""
    problems = {} if problems is None else problems
    sources: list[tuple[str, list[Path], Origin]] = [
        ("bundled", sorted(_bundled().values()), "bundled")]
    given: list[tuple[str | Path, Origin]]
    if folders is None:
        with _LOCK:
            registered = list(_FOLDERS)
        given = [*((f, "registered") for f in registered),
                 *((f, "installed") for f in _entry_point_folders(problems))]
    else:
        given = [(f, "registered") for f in folders]
    for folder, kind in given:
        try:
            sources.append((str(folder), call_files(folder), kind))
        except (OSError, ValueError):  # ValueError: a NUL or a lone surrogate in its name
            problems[str(folder)] = NotAFolderError(folder)
    return sources


def _given(sources: list[tuple[str, list[Path], Origin]]
           ) -> Iterator[tuple[str, Path, Call | None, int]]:
    """Each id the sources give, in order of precedence (the one place it is written): by
    source; within one, its files by name, then the later editions of its recurring calls;
    each with its file, the edition (None for a file's own id) and the source's number. The
    first to give an id wins; every later one is shadowed."""
    for number, (_, paths, _kind) in enumerate(sources):
        for path in paths:
            yield path.stem, path, None, number
        for path in paths:
            try:
                first = _file_call(path.stem, path)
            except Exception:  # a file that does not load, whyever, gives no
                continue  # edition (loading it says why: a typed error, or the fault itself)
            if first.definition.recurrence is not None:
                for edition in first.editions()[1:]:
                    yield edition.id, path, edition, number


class Shadowed(NamedTuple):
    """A call file, or an edition of a recurring one, that would not be used: its id is
    given first by another file (``by``) before it in the order of precedence."""

    #: The file not used (the first edition's file for an edition).
    path: Path
    call_id: str
    #: The file that gives the id first.
    by: Path
    #: ``known``: a bundled call gives it; ``folder``: a file before it in its own folder;
    #: ``earlier``: a folder that comes before it.
    why: Literal["known", "folder", "earlier"]
    #: True when the id not used is an edition's (a later year of a recurring call).
    edition: bool


def shadowed(folders: Iterable[str | Path] | None = None) -> list[Shadowed]:
    """The call files that would not be used, in order, each with the file that wins, when
    the bundled calls are followed by ``folders`` in this order (None: the registered
    folders, then the entry points' folders): what :func:`broken` names
    ``shadowed_call``, and what ``callrules validate`` of a folder and ``callrules serve``
    say before they start. A folder that cannot be read, or a file that does not load, gives
    none (what reads it says so)."""
    if folders is not None:
        folders = list(ArgumentError.iterable(folders, "folders: a list of folders",
                                              argument="folders", each="kind_path"))
        for folder in folders:
            ArgumentError.check(folder, (str, Path), "folders: each a path (str or Path)",
                                argument="folders")
    return _shadowed_in(_sources(None, folders))


def _shadowed_in(sources: list[tuple[str, list[Path], Origin]]) -> list[Shadowed]:
    first: dict[str, tuple[Path, int]] = {}
    here: dict[tuple[int, str], Path] = {}
    out = []
    for call_id, path, edition, number in _given(sources):
        winner = first.get(call_id)
        if winner is None:
            first[call_id] = (path, number)
        elif winner[1] == 0:  # the bundled calls come before every folder
            out.append(Shadowed(path, call_id, winner[0], "known", edition is not None))
        elif (number, call_id) in here:
            out.append(Shadowed(path, call_id, here[number, call_id], "folder",
                                edition is not None))
        else:
            out.append(Shadowed(path, call_id, winner[0], "earlier", edition is not None))
        here.setdefault((number, call_id), path)
    return out


def available() -> list[str]:
    """The ids of the calls that :func:`load` can load, sorted: each file's, and the later
    editions of recurring calls (a file that does not load is listed by its name; loading
    it says what is wrong)."""
    return sorted({call_id for call_id, _, _, _ in _given(_sources())})


def broken() -> dict[str, CallrulesError]:
    """Every call source that cannot be loaded or is not used, with its error: call files by
    id, folders by path, entry points as ``entry point <name>``; a source that gives an id a
    source before it gives too (``shadowed_call``, :func:`shadowed`) by its file's path, and
    an edition by its first edition's file and its id (``path (id)``)."""
    problems: dict[str, CallrulesError] = {}
    sources = _sources(problems)
    return _broken(sources, _each(sources), problems)


def _each(sources: list[tuple[str, list[Path], Origin]]) -> dict[str, Call | Exception]:
    """Each id ``sources`` give, with its call as :func:`load` gives it, or the exception
    loading it raises: every call of a folder loaded from one listing of the sources. Loading
    each by :func:`load` lists every source again for each (a start with 1,000 calls: 62 s,
    quadratic; att79)."""
    out: dict[str, Call | Exception] = {}
    for given, path, edition, _ in _given(sources):
        if given in out:
            continue  # (given first by a source before: the later one is shadowed)
        with _LOCK:
            cached = _CACHE.get(given)
        try:
            call = cached or (_file_call(given, path) if edition is None else edition)
        except Exception as exc:  # (said by the caller: a typed error, or the fault)
            out[given] = exc
            continue
        with _LOCK:  # one object for every thread, as load gives it
            out[given] = _CACHE.setdefault(given, call)
    return out


def _broken(sources: list[tuple[str, list[Path], Origin]], each: Mapping[str, Call | Exception],
            problems: Mapping[str, CallrulesError]) -> dict[str, CallrulesError]:
    """:func:`broken` for ``sources`` already listed, ``each`` their calls loaded
    (:func:`_each`) and ``problems`` the folders that could not be read."""
    problems = dict(problems)
    for _, paths, _kind in sources:
        for path in paths:
            loaded = each.get(path.stem)
            if isinstance(loaded, CallrulesError):
                problems.setdefault(path.stem, loaded)
            elif isinstance(loaded, Exception):  # the library's fault: this file broken
                problems.setdefault(path.stem, _set_aside(path, loaded))
    for found in _shadowed_in(sources):
        where = f"{found.path} ({found.call_id})" if found.edition else str(found.path)
        problems[where] = _shadowed(found.call_id, where, found.by)
    return dict(sorted(problems.items()))


def refuse_unnamed(folder: object) -> None:
    """:class:`~callrules.ArgumentError`, in words, for a folder of call files given as
    empty text (``""``, blanks: what an unset environment variable gives; ``Path("")`` is
    the working folder, and its call files would be read without a word) or as bytes (whose
    numbers would be walked as folders); nothing otherwise."""
    if isinstance(folder, (bytes, bytearray)):
        code = "folder_as_bytes"
    elif isinstance(folder, str) and not folder.strip():
        code = "folder_empty_text"
    else:
        return
    raise ArgumentError(phrase_sentence(code, "en"), code=code, words=(code, {}))


def register_folder(folder: str | Path) -> None:
    """Make the call files (``<id>.toml`` or ``<id>.json``) in ``folder`` loadable by id.

    Bundled calls keep their ids: a registered file cannot shadow one. For an id that two
    folders give (by a file or by an edition of a recurring call), the folder registered
    first wins; the other is named in :func:`broken` (``shadowed_call``).
    :class:`~callrules.NotAFolderError` if ``folder`` is not a folder;
    :class:`~callrules.ArgumentError` if it is empty text (an unset environment variable:
    never the working folder's call files read in its place) or bytes.
    """
    refuse_unnamed(folder)
    path = NotAFolderError.check(folder)
    with _LOCK:
        if path not in _FOLDERS:
            _FOLDERS.append(path)


def load(call_id: str) -> Call:
    """The call ``call_id``, loaded, checked and compiled (once; later calls reuse it): the
    first source's, in order of precedence, that gives it by a file or an edition.

    :class:`~callrules.UnknownCallError` if no call has that id;
    :class:`~callrules.DefinitionError` if its file does not load."""
    if isinstance(call_id, os.PathLike):  # a file's path, said as the path, not its repr
        raise UnknownCallError(os.fsdecode(call_id), available(), path=True)
    if not isinstance(call_id, str):
        raise UnknownCallError(repr(call_id), available())
    with _LOCK:
        if call_id in _CACHE:
            return _CACHE[call_id]
    # no lock held here: the sources' entry points run a package's code, which may load
    # calls itself, from this thread or another (each file is compiled once by its own lock)
    sources = _sources()
    for given, path, edition, _ in _given(sources):
        if given == call_id:
            call = _file_call(call_id, path) if edition is None else edition
            break
    else:
        raise UnknownCallError(call_id, sorted({p.stem for _, paths, _kind in sources
                                                for p in paths}))
    with _LOCK:  # one object for every thread: the first to finish gives it
        return _CACHE.setdefault(call_id, call)


def _origins(sources: list[tuple[str, list[Path], Origin]] | None = None
             ) -> dict[str, Origin]:
    """Each id the sources give (those of :func:`available`), with the kind of the first
    source giving it: ``bundled``, ``registered`` (a folder registered: chosen by the
    platform, or by ``callrules serve --call-dir``) or ``installed`` (an installed package's
    entry point: not chosen by who serves, whose broken calls ``callrules serve`` sets aside
    with a warning); the sources read once for them all (``sources``, listed already)."""
    sources = _sources() if sources is None else sources
    origins: dict[str, Origin] = {}
    for given, _, _, number in _given(sources):
        origins.setdefault(given, sources[number][2])
    return origins
