"""A client of ``callrules serve``, told by its address, and the connections each client has
open across the service's worker processes.

An IPv4 client is its address. An IPv6 client is its address's /64 network: one home or one
server is given a whole /64, and takes any of its 2⁶⁴ addresses at will, so that counting
each address apart would count nothing (an IPv4 address written as IPv6, ``::ffff:a.b.c.d``,
is that IPv4 client).

Several worker processes (``callrules serve --workers N``) take connections from one
listening socket, the system giving each to whichever worker takes it. So that
``--per-client`` bounds a client's connections to the service, not to each worker, the
workers count them in one table, a file :class:`SharedCounts` maps into each worker's
memory, made with all its space reserved (a full disk: no table, said, rather than a worker
killed writing in it) in a folder only the service's user may enter: a column for each
worker, which only that worker writes, of :data:`SLOTS` places, each holding a client (a
keyed hash of it, 128 bits, the key drawn when the service starts) and its count; a
client's count is the sum of its places' counts. A client is counted by what it holds
itself, never by another's connections: a client holding nothing is never refused. A client
whose places near its hash are all taken by others (:data:`PROBES` of them) is counted by
its worker alone, apart. A worker takes a free column as it starts, held by a lock on the
file that the system lets go of when the process ends however it ends, and zeroes it and
every other free one a worker wrote in; a worker about to refuse a connection zeroes those
freed since (at most once every :data:`SWEEP_EVERY` seconds): a worker that died, its
connections ended with it, leaves no count behind. Two workers accepting a connection of one
client in the same instant may both see it under its most: a client has at most one
connection more than its most for each worker doing so. Where the system has no such locks
(Windows), or the table cannot be made or opened, each worker counts its own, said in a
``WARNING`` line.
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import logging
import mmap
import os
import stat
import tempfile
import time
from collections import Counter

__all__ = ["PROBES", "SLOTS", "SWEEP_EVERY", "LocalCounts", "SharedCounts", "client_of",
           "counts_in", "remove_table", "shared_table"]

#: The places of a worker's column: the clients it holds connections of at once (a client
#: with none frees its place).
SLOTS = 1 << 13
#: The places, from the one its hash names, where a client is looked for and put: a client
#: finding none free is counted by its worker alone (not by the others).
PROBES = 8
_KEY = 16  # (bytes of the hash's key, at the start of the file)
_HEAD = 64  # (bytes before the first column: the key, then the columns' number)
_ID = 16  # (bytes of a client's keyed hash)
_CELL = 4  # (a count: a signed 32-bit number)
_COLUMN = SLOTS * (_ID + _CELL)  # (a column: its clients' hashes, then their counts)
_ZEROS = bytes(_COLUMN)  # (a column at zero)
#: The seconds at least between two looks, by one worker refusing a connection, for the
#: columns of workers that died (their process ended after this one took its column).
SWEEP_EVERY = 1.0

_LOG = logging.getLogger("callrules.serve")

try:
    import fcntl
except ImportError:  # (Windows: each worker counts its own)
    fcntl = None  # type: ignore[assignment]


def _size(columns: int) -> int:
    """The bytes of a table of ``columns`` columns: the head, the columns, and a byte for
    each (set: its worker wrote in it since it was zeroed; its lock's byte too)."""
    return _HEAD + columns * _COLUMN + columns


def _alone(reason: object) -> None:
    _LOG.warning("callrules serve: the workers cannot count each client's connections "
                 "together (%s): each counts its own", reason)


def client_of(host: object) -> str:
    """The client a connection's address ``host`` is: an IPv4 address, an IPv6 address's
    /64 network (``2001:db8:1:2::/64``), or, if it is no IP address, ``host`` as it is."""
    text = str(host)
    try:
        address = ipaddress.ip_address(text.partition("%")[0])  # (a zone said after "%")
    except ValueError:
        return text
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return text


class LocalCounts:
    """The connections each client has open in this process: a running count."""

    def __init__(self) -> None:
        self._open: Counter[str] = Counter()

    def take(self, client: str, most: int) -> bool:
        """One more connection of ``client``, if it has fewer than ``most`` open."""
        if self._open[client] >= most:
            return False
        self._open[client] += 1
        return True

    def give(self, client: str) -> None:
        """One connection of ``client`` fewer (one it had: else said in an ``ERROR`` line)."""
        if self._open[client] <= 0:
            _LOG.error("callrules serve: a connection let go of that was not counted")
            del self._open[client]
            return
        self._open[client] -= 1
        if self._open[client] <= 0:
            del self._open[client]


def shared_table(workers: int) -> str:
    """Create the table of counts for ``workers`` worker processes (a column for each, and as
    many again for workers restarted while another has not yet let go of its column), its
    space reserved, in a new folder of the temporary folder only this user may enter, and
    return its path; the caller removes it once the service stops. "" if no such file can
    be made (the folder full, or none): each worker then counts its own, said in a line."""
    columns = 2 * max(1, workers)
    folder = path = ""
    try:
        folder = tempfile.mkdtemp(prefix="callrules-clients-")  # (0700: only this user)
        path = os.path.join(folder, "counts")
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                     0o600)
        try:
            os.write(fd, os.urandom(_KEY) + columns.to_bytes(4, "little"))
            _reserve(fd, _size(columns))
        finally:
            os.close(fd)
    except OSError as error:
        if folder:
            remove_table(path or os.path.join(folder, "counts"))
        _alone(f"no file can be made for it in the temporary folder: "
               f"{error.strerror or error}")
        return ""
    return path


def _reserve(fd: int, size: int) -> None:
    """Give the file ``fd`` ``size`` bytes, each of them on the disk (a page of a mapping
    written where the disk has no room for it kills the process: SIGBUS); raises
    :class:`OSError` (ENOSPC) where there is no room."""
    if hasattr(os, "posix_fallocate"):
        os.posix_fallocate(fd, 0, size)  # (raises ENOSPC as an OSError)
    elif os.fstat(fd).st_size < size:  # (no such call here, macOS: zeros written, once, as
        # the table is made; one being opened is not written in)
        done = os.lseek(fd, 0, os.SEEK_END)
        while done < size:
            done += os.write(fd, bytes(min(size - done, 1 << 16)))


class SharedCounts:
    """The connections each client has open across the worker processes, counted in the
    table at ``path`` (:func:`shared_table`) of which this process holds a column. Raises
    :class:`OSError` if the table cannot be opened (not this user's alone, not the size it
    says, no room for it on the disk), or no column is free."""

    def __init__(self, path: str) -> None:
        if fcntl is None:
            raise OSError("no locks on files here")
        folder = os.stat(os.path.dirname(path) or ".", follow_symlinks=False)
        if folder.st_uid != os.geteuid() or folder.st_mode & 0o077 or \
                not stat.S_ISDIR(folder.st_mode):
            raise OSError("its folder is not this user's alone")
        fd = os.open(path, os.O_RDWR | os.O_NOFOLLOW)
        self._file = os.fdopen(fd, "r+b")  # (held while the process lives: its lock with it)
        try:
            found = os.fstat(fd)
            head = os.pread(fd, _HEAD, 0)
            self._columns = int.from_bytes(head[_KEY:_KEY + 4], "little")
            size = _size(self._columns)
            if found.st_uid != os.geteuid() or found.st_mode & 0o077 or \
                    not stat.S_ISREG(found.st_mode) or found.st_size != size or \
                    not 0 < self._columns <= 1 << 12:
                raise OSError("the table is not this user's alone, or not whole")
            _reserve(fd, size)  # (every page backed before one is touched)
            self._map = mmap.mmap(fd, size)
            self._key = head[:_KEY]
            self._view = memoryview(self._map)
            self._flags = _HEAD + self._columns * _COLUMN
            self._own: dict[bytes, int] = {}  # (this process's clients: their places)
            self._taken: set[int] = set()  # (those places)
            self._apart: Counter[bytes] = Counter()  # (those without one: counted here)
            self._column = self._claim()
            self._swept = time.monotonic()
        except BaseException:
            if hasattr(self, "_view"):
                self._view.release()
            if hasattr(self, "_map"):
                self._map.close()
            self._file.close()
            raise

    def _lock(self, column: int, how: int) -> bool:
        """Lock ``column`` (its byte beyond the columns), or let go of it (``how``); whether
        done (not: another process holds it)."""
        try:
            fcntl.lockf(self._file.fileno(), how, 1, self._flags + column)
        except OSError:
            return False
        return True

    def _zero(self, column: int) -> None:
        """Zero the free ``column`` a worker wrote in, locked by this process."""
        if self._map[self._flags + column]:
            start = _HEAD + column * _COLUMN
            self._view[start:start + _COLUMN] = _ZEROS
            self._map[self._flags + column] = 0

    def _claim(self) -> int:
        """Lock the first free column, and zero every free one a worker wrote in (a worker
        that died left them: no process counts in them)."""
        mine = None
        for column in range(self._columns):
            if not self._lock(column, fcntl.LOCK_EX | fcntl.LOCK_NB):
                continue
            self._zero(column)
            if mine is None:
                mine = column
            else:
                self._lock(column, fcntl.LOCK_UN)
        if mine is None:
            raise OSError("no column free")
        self._map[self._flags + mine] = 1
        return mine

    def _sweep(self) -> None:
        """Zero the columns a worker wrote in and no process holds (their worker died since
        this one began): a column known zero is not looked at again."""
        for column in range(self._columns):
            if column != self._column and self._map[self._flags + column] and \
                    self._lock(column, fcntl.LOCK_EX | fcntl.LOCK_NB):
                self._zero(column)
                self._lock(column, fcntl.LOCK_UN)

    def close(self) -> None:
        """Let go of the table (and of this process's column)."""
        self._view.release()
        self._map.close()
        self._file.close()

    def _id(self, client: str) -> tuple[bytes, int]:
        """``client``'s keyed hash (never 0: a free place's) and its first place."""
        digest = bytearray(hashlib.blake2b(client.encode("utf-8", "surrogatepass"),
                                           key=self._key, digest_size=_ID).digest())
        digest[-1] |= 1
        return bytes(digest), int.from_bytes(digest[:8], "little") % (SLOTS - PROBES + 1)

    def _held(self, client: bytes, first: int) -> int:
        """The connections ``client`` holds: in this process (its place, or apart), and in
        the places near ``first`` of every other column a worker writes in."""
        held = self._apart[client]
        place = self._own.get(client)
        if place is not None:
            held += self._count(self._column, place)
        flags = self._map[self._flags:self._flags + self._columns]
        for column, used in enumerate(flags):
            if not used or column == self._column:
                continue
            low = _HEAD + column * _COLUMN + first * _ID
            high = low + PROBES * _ID
            at = self._map.find(client, low, high)
            while at >= 0:
                if (at - low) % _ID == 0:
                    held += self._count(column, first + (at - low) // _ID)
                at = self._map.find(client, at + 1, high)
        return held

    def _count(self, column: int, place: int) -> int:
        at = _HEAD + column * _COLUMN + SLOTS * _ID + place * _CELL
        return max(0, int.from_bytes(self._map[at:at + _CELL], "little", signed=True))

    def _set(self, place: int, count: int) -> None:
        at = _HEAD + self._column * _COLUMN + SLOTS * _ID + place * _CELL
        self._map[at:at + _CELL] = count.to_bytes(_CELL, "little", signed=True)

    def take(self, client: str, most: int) -> bool:
        """One more connection of ``client`` in this process's column, if it holds fewer
        than ``most`` in all."""
        key, first = self._id(client)
        if self._held(key, first) >= most:
            if time.monotonic() < self._swept + SWEEP_EVERY:
                return False
            self._swept = time.monotonic()  # (a count left by a worker that died: let go of)
            self._sweep()
            if self._held(key, first) >= most:
                return False
        place = self._own.get(key)
        if place is None:
            place = self._free(first)
            if place is None:  # (the places near its hash taken: counted here alone)
                self._apart[key] += 1
                return True
            start = _HEAD + self._column * _COLUMN
            self._view[start + place * _ID:start + (place + 1) * _ID] = key
            self._own[key] = place
            self._taken.add(place)
        self._set(place, self._count(self._column, place) + 1)
        return True

    def _free(self, first: int) -> int | None:
        """The first place from ``first`` where this process holds no client, if any within
        :data:`PROBES`."""
        return next((place for place in range(first, first + PROBES)
                     if place not in self._taken), None)

    def give(self, client: str) -> None:
        """One connection of ``client`` fewer in this process's count (one it had: else said
        in an ``ERROR`` line)."""
        key, _ = self._id(client)
        if self._apart[key] > 0:
            self._apart[key] -= 1
            if not self._apart[key]:
                del self._apart[key]
            return
        self._apart.pop(key, None)
        place = self._own.get(key)
        count = 0 if place is None else self._count(self._column, place)
        if count <= 0:
            _LOG.error("callrules serve: a connection let go of that was not counted")
            return
        assert place is not None
        self._set(place, count - 1)
        if count == 1:  # (its place free again; its hash left there, at 0)
            del self._own[key]
            self._taken.discard(place)


#: This process's view of each shared table it counts in, by path (one file opened once:
#: closing another descriptor of it would let go of the column's lock).
_SHARED: dict[str, LocalCounts | SharedCounts] = {}


def counts_in(path: str) -> LocalCounts | SharedCounts:
    """This process's counts in the shared table at ``path``, opened on first use; where it
    cannot be (no locks here, the file gone or not this user's alone, no room for it, every
    column taken), this process's own, said in a ``WARNING`` line."""
    counts = _SHARED.get(path)
    if counts is None:
        try:
            counts = SharedCounts(path)
        except OSError as error:
            _alone(f"their table cannot be used: {error.strerror or error}")
            counts = LocalCounts()
        _SHARED[path] = counts
    return counts


def remove_table(path: str) -> None:
    """Remove the table at ``path`` (the service stopped) and its folder, and this process's
    view of it."""
    counts = _SHARED.pop(path, None)
    if isinstance(counts, SharedCounts):
        counts.close()
    with contextlib.suppress(OSError):
        os.remove(path)
    with contextlib.suppress(OSError):
        os.rmdir(os.path.dirname(path))
