"""A private database: a SQLite file of this process's alone in the temporary folder, where
a batch keeps what it holds past its bound in memory (the keys of the rules spanning its
applications, :class:`callrules._evaluate._Unique`).

The file is made in a folder only this user may open (:func:`tempfile.mkdtemp`, in
``TMPDIR``, else ``TEMP``, ``TMP``, the system's) and is a file, never SQLite's temporary
kind, so that what was committed can be read back after a write the disk refused (SQLite's
temporary kind lives in its cache until the cache is full and cannot be read at all after
its first error). Where the system lets an open file be removed (every system but
Windows), file and folder are removed as soon as SQLite has the file open: nothing is left
behind however the process ends. On Windows they are removed when the database is closed,
or collected, or the interpreter exits; only a process killed outright there leaves them,
in that folder of its own.

What it holds is data written as JSON, each instant, amount and decimal tagged by type so
that it reads back exactly (:func:`dump`, :func:`load`): never pickle, nothing but data is
ever read back.

The connection is not bound to the thread that made it: a batch is consumed from any thread,
one at a time (an :class:`~callrules._evaluate.Evaluation` takes its lock for each step), as
a program running it in a pool of threads consumes it. Only an error of the disk's
(:func:`refused_by_disk`) is taken for the temporary folder refusing the file; an error of
SQLite's saying the connection was misused is the library's own and passes through as it is.

That the temporary folder refused it is said once a process (:func:`say_refused`, a
``WARNING`` of the logger ``callrules`` in the session's language), whichever thread sees
it first; where the keys it should have taken outgrow what memory may hold, the batch stops
with :class:`NoRoomError`, in words.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import sqlite3
import tempfile
import threading
import weakref
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from callrules._in_words import ExactInWords
from callrules._money import Money
from callrules._renderings import renderings
from callrules.exceptions import CallrulesError

__all__ = ["NoRoomError", "PrivateDatabase", "dump", "load", "refused_by_disk", "say_refused"]

#: Whether an open file can be removed from the file system (every system but Windows).
REMOVED_WHILE_OPEN = os.name != "nt"

#: SQLite's codes for what the disk or its file system refuses: no permission, locked (a
#: network file system's locks), read only, a read or write that failed, a file corrupt or
#: not a database, full, not opened, too large for it.
_DISK_CODES = frozenset({
    sqlite3.SQLITE_PERM, sqlite3.SQLITE_BUSY, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_FULL, sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_PROTOCOL, sqlite3.SQLITE_NOLFS, sqlite3.SQLITE_NOTADB})

_LOG = logging.getLogger("callrules")
_SAID = threading.Lock()
#: Whether the process has said that the temporary folder refused a file (said once).
_refusal_said = False


class PrivateDatabase:
    """A SQLite database in a file of this process's alone (see the module): ``execute``,
    ``executemany``, ``commit`` and ``rollback`` as a :class:`sqlite3.Connection`'s;
    :meth:`close` closes it and removes what is left of it at once. Making it raises
    :class:`OSError` (no folder can be made) or :class:`sqlite3.Error` (the file cannot be
    opened). Used from any thread, never from two at once (its caller's lock)."""

    __slots__ = ("__weakref__", "_closing", "db", "path")

    def __init__(self) -> None:
        folder = tempfile.mkdtemp(prefix="callrules-")
        self.path = os.path.join(folder, "keys")
        try:
            # (any thread, one at a time: a batch consumed from a pool of threads)
            self.db = sqlite3.connect(self.path, check_same_thread=False)
        except BaseException:
            _remove(self.path)
            raise
        if REMOVED_WHILE_OPEN:
            _remove(self.path)
        # (closed and removed when collected, or as the interpreter exits, if not before)
        self._closing = weakref.finalize(self, _closed, self.db, self.path)

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        return self.db.execute(sql, *args)

    def executemany(self, sql: str, rows: Any) -> sqlite3.Cursor:
        return self.db.executemany(sql, rows)

    def commit(self) -> None:
        self.db.commit()

    def rollback(self) -> None:
        self.db.rollback()

    def close(self) -> None:
        """Close it, whatever SQLite says as it closes, and remove its file and folder if
        they are still there; closing it again does nothing."""
        self._closing()


def _closed(db: sqlite3.Connection, path: str) -> None:
    with contextlib.suppress(sqlite3.Error):
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


def say_refused(most: int, long: bool = False) -> None:
    """Say, once a process whichever thread comes first, that the temporary folder refuses
    the file of a batch's keys: they are kept in memory, ``most`` of them at most (``long``:
    about so many, the bound of their characters reached first by keys as long as these)."""
    global _refusal_said
    with _SAID:
        if _refusal_said:
            return
        _refusal_said = True
    _LOG.warning("callrules: %s", renderings().phrase(
        "spill_refused_long" if long else "spill_refused", None, most=ExactInWords(most)))


class NoRoomError(CallrulesError, OSError):
    """The temporary folder still refuses the file of a batch's keys when memory holds the
    most it may of them (:attr:`most`, the entries it held then: the bound of entries, or
    fewer where their characters reached theirs first): the batch stops there, said in
    words, where memory would otherwise grow without bound. The records judged before it
    keep their results; it is an :class:`OSError` too (``ENOSPC``), as a full disk is."""

    code = "no_room_for_keys"

    def __init__(self, most: int) -> None:
        self.most = most
        super().__init__(errno.ENOSPC, (
            f"the temporary folder (TMPDIR) refuses the file that keeps the batch's keys "
            f"for the rules spanning its applications, and memory holds the most it may "
            f"of them ({most:,}): the batch stops here"), words=(
            "spill_limit", {"most": ExactInWords(most)}))

    def __str__(self) -> str:
        return str(self.args[1])

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.most,))  # (its number kept: a Dask worker's error)


def dump(value: Any) -> str:
    """``value`` (a key, or entries) as JSON, each order, value and instant tagged by type so
    that it reads back exactly (no pickle: nothing but data is ever read back)."""
    return json.dumps(value, default=_tag, separators=(",", ":"))


def _tag(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, Money):
        return {"$money": [format(value.amount, "f"), value.currency]}
    raise TypeError(f"cannot keep {type(value).__name__} on disk")


def _untag(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        ((tag, data),) = obj.items()
        if tag == "$datetime":
            return datetime.fromisoformat(data)
        if tag == "$date":
            return date.fromisoformat(data)
        if tag == "$decimal":
            return Decimal(data)
        if tag == "$money":
            return Money(data[0], data[1])
    return obj


def load(data: str) -> Any:
    """What :func:`dump` wrote, read back (an entry as the tuple it was)."""
    loaded = json.loads(data, object_hook=_untag)
    return tuple(loaded) if isinstance(loaded, list) else loaded
