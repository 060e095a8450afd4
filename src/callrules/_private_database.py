"""A private database: a SQLite file of this process's alone in the temporary folder, where
a batch keeps what it holds past its bound in memory (the keys of the rules spanning its
applications, :class:`callrules._evaluate._Unique`), and what the disk's refusals of it are.

The file is made in a folder only this user may open (:func:`tempfile.mkdtemp`, in
``TMPDIR``, else ``TEMP``, ``TMP``, the system's) and is a file, never SQLite's temporary
kind, so that what was committed can be read back after a write the disk refused (SQLite's
temporary kind lives in its cache until the cache is full and cannot be read at all after
its first error). Where the system lets an open file be removed (every system but
Windows), file and folder are removed as soon as SQLite has the file open: nothing is left
behind however the process ends. On Windows they are removed when the database is closed,
or collected, or the interpreter exits; only a process killed outright there leaves them,
in that folder of its own. What it holds is written by :mod:`callrules._tagged_json`.

The connection is not bound to the thread that made it: a batch is consumed from any thread,
one at a time (an :class:`~callrules._evaluate.Evaluation` takes its lock for each step), as
a program running it in a pool of threads consumes it. SQLite built to be used by one
thread at a time in a process (``sqlite3.threadsafety == 0``: no mutex of its own) is
called by every private database under one lock of the process's (:data:`SINGLE_THREAD`):
opening, each statement, each row read, each cursor closed and let go (a statement's rows
read to their end, closed, or collected: :class:`Rows`), each commit and each close, the
collector's included: never two threads in it at once, whichever batches they take records
of. Only an error of the disk's (:func:`refused_by_disk`,
:func:`disk_refusal`) is taken for the temporary folder refusing the file; an error of
SQLite's saying the connection was misused is the library's own and passes through as it is.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
import threading
import weakref
from collections.abc import Iterator
from typing import Any

__all__ = ["PrivateDatabase", "Refusal", "Rows", "disk_refusal", "refused_by_disk"]

#: Whether an open file can be removed from the file system (every system but Windows).
REMOVED_WHILE_OPEN = os.name != "nt"

#: SQLite's codes for what the disk or its file system refuses: no permission, locked (a
#: network file system's locks), read only, a read or write that failed, a file corrupt or
#: not a database, full, not opened, too large for it.
_DISK_CODES = frozenset({
    sqlite3.SQLITE_PERM, sqlite3.SQLITE_BUSY, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_FULL, sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_PROTOCOL, sqlite3.SQLITE_NOLFS, sqlite3.SQLITE_NOTADB})

#: The lock every private database takes for each call into SQLite where SQLite is built
#: for one thread at a time (``sqlite3.threadsafety == 0``): one for the process, as
#: SQLite's own state is then unguarded across all its connections.
SINGLE_THREAD = threading.RLock()


def _guard() -> contextlib.AbstractContextManager[Any]:
    """:data:`SINGLE_THREAD` where SQLite is built without thread safety (read at each
    call: entered, it gives True), else nothing to take (entered, None)."""
    return _Taken() if sqlite3.threadsafety == 0 else contextlib.nullcontext()


class _Taken:
    """:data:`SINGLE_THREAD` taken for a block (``with``: True)."""

    __slots__ = ()

    def __enter__(self) -> bool:
        SINGLE_THREAD.acquire()
        return True

    def __exit__(self, *exc: object) -> None:
        SINGLE_THREAD.release()


class PrivateDatabase:
    """A SQLite database in a file of this process's alone (see the module): ``executemany``,
    ``commit`` and ``rollback`` as a :class:`sqlite3.Connection`'s, a statement run
    (:meth:`execute`), its first row (:meth:`one`) or its rows (:meth:`rows`);
    :meth:`close` closes it and removes what is left of it at once. Making it raises
    :class:`OSError` (no folder can be made) or :class:`sqlite3.Error` (the file cannot be
    opened). Used from any thread, never from two at once (its caller's lock)."""

    __slots__ = ("__weakref__", "_closing", "db", "path")

    def __init__(self) -> None:
        folder = tempfile.mkdtemp(prefix="callrules-")
        self.path = os.path.join(folder, "keys")
        try:
            # (any thread, one at a time: a batch consumed from a pool of threads)
            with _guard():
                self.db = sqlite3.connect(self.path, check_same_thread=False)
        except BaseException:
            _remove(self.path)
            raise
        if REMOVED_WHILE_OPEN:
            _remove(self.path)
        # (closed and removed when collected, or as the interpreter exits, if not before)
        self._closing = weakref.finalize(self, _closed, self.db, self.path)

    def execute(self, sql: str, *args: Any) -> None:
        """Run a statement whose rows are not read (its cursor closed at once)."""
        with _guard():
            self.db.execute(sql, *args).close()  # (let go here: under the guard)

    def one(self, sql: str, *args: Any) -> Any:
        """The first row of a statement, or None (its cursor closed at once)."""
        rows = self.rows(sql, *args)
        try:
            return next(rows, None)
        finally:
            rows.close()

    def rows(self, sql: str, *args: Any) -> Rows:
        """The rows of a statement, each read as it is asked for (:class:`Rows`)."""
        with _guard():
            return Rows(self.db.execute(sql, *args))

    def executemany(self, sql: str, rows: Any) -> None:
        with _guard():
            self.db.executemany(sql, rows)

    def commit(self) -> None:
        with _guard():
            self.db.commit()

    def rollback(self) -> None:
        with _guard():
            self.db.rollback()

    def close(self) -> None:
        """Close it, whatever SQLite says as it closes, and remove its file and folder if
        they are still there; closing it again does nothing."""
        self._closing()


class Rows:
    """The rows of a statement, each read under :data:`SINGLE_THREAD` where SQLite is built
    without thread safety; read to their end, closed (:meth:`close`) or collected, their
    cursor is closed and let go under it too, so that no thread, the collector's included,
    resets a statement of SQLite's unguarded (a cursor let go with a statement in use
    resets it)."""

    __slots__ = ("_cursor",)

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor: sqlite3.Cursor | None = cursor

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        with _guard():
            row = self._cursor.fetchone() if self._cursor is not None else None
            if row is None:
                self._let_go()
        if row is None:
            raise StopIteration
        return row

    def close(self) -> None:
        """Close the cursor, if not already (closing it again does nothing)."""
        with _guard():
            self._let_go()

    def _let_go(self) -> None:
        if self._cursor is not None:
            with contextlib.suppress(sqlite3.Error):  # (its database closed already)
                self._cursor.close()
            self._cursor = None  # (its last reference: let go under the guard)

    def __del__(self) -> None:
        self.close()


def _closed(db: sqlite3.Connection, path: str) -> None:
    with _guard(), contextlib.suppress(sqlite3.Error):
        db.close()
    _remove(path)


def _remove(path: str) -> None:
    """Remove the database's file and its folder, if they are still there."""
    with contextlib.suppress(OSError):
        os.unlink(path)
    with contextlib.suppress(OSError):
        os.rmdir(os.path.dirname(path))


def refused_by_disk(exc: sqlite3.Error) -> bool:
    """Whether an error of SQLite's is the disk refusing the file (full, unwritable,
    unreadable: see :data:`_DISK_CODES`), the only kind the keys go back to memory for;
    never one saying that the connection was misused (closed, used from two threads at
    once: :class:`sqlite3.ProgrammingError`, an :class:`sqlite3.InterfaceError`…), which is
    the library's fault and is not hidden. An error raised without SQLite's code (by a
    stand-in for the disk) is taken by its kind."""
    if not isinstance(exc, sqlite3.OperationalError) and type(exc) is not sqlite3.DatabaseError:
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    return code is None or code & 0xFF in _DISK_CODES


class Refusal:
    """What a block of work on a private database was refused with (:func:`disk_refusal`):
    :attr:`error`, the disk's refusal, or None (true only when refused)."""

    __slots__ = ("error",)

    def __init__(self) -> None:
        self.error: BaseException | None = None

    def __bool__(self) -> bool:
        return self.error is not None


@contextlib.contextmanager
def disk_refusal(*also: type[Exception]) -> Iterator[Refusal]:
    """A block of work on a private database whose refusal by the disk (an error of
    SQLite's that :func:`refused_by_disk` says is the disk's, or one of the kinds ``also``:
    :class:`OSError` where the database is being made) ends the block and is kept in the
    :class:`Refusal` it gives, for its caller to go on without the disk; any other error
    of SQLite's (the connection misused: the library's own) passes through as it is. The
    error is kept without its traceback: with it, the frame holding the refusal would
    refer to itself, its locals (a cursor, the keys) kept until the cyclic collector ran."""
    refusal = Refusal()
    try:
        yield refusal
    except sqlite3.Error as exc:
        if not refused_by_disk(exc):
            raise
        refusal.error = exc.with_traceback(None)
    except also as exc:
        refusal.error = exc.with_traceback(None)
