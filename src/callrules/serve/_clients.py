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
memory: a row for each client (a keyed hash of it, the key drawn when the service starts,
so that nobody can choose two clients of one row), a column for each worker, which only
that worker writes; a client's count is its row's sum. A worker takes a free column as it
starts, held by a lock on the file that the system lets go of when the process ends however
it ends, and zeroes it and every other free one; a worker about to refuse a connection
zeroes the columns freed since (at most once every :data:`SWEEP_EVERY` seconds): a worker
that died, its connections ended with it, leaves no count behind. Two
workers accepting a connection of one client in the same instant may both see it under its
most: a client has at most one connection more than its most for each worker doing so.
Where the system has no such locks (Windows), each worker counts its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import logging
import mmap
import os
import tempfile
import time
from collections import Counter

__all__ = ["ROWS", "SWEEP_EVERY", "LocalCounts", "SharedCounts", "client_of", "counts_in",
           "remove_table", "shared_table"]

#: The rows of the shared table: clients whose keyed hashes fall in one row share a count
#: (with 1,000 clients connected at once, one in 65 shares its row with another).
ROWS = 1 << 16
_KEY = 16  # (bytes of the hash's key, at the start of the file)
_HEAD = 64  # (bytes before the first count)
_CELL = 4  # (a count: a signed 32-bit number)
_ZEROS = memoryview(bytes(ROWS * _CELL))  # (a column at zero)
#: The seconds at least between two looks, by one worker refusing a connection, for the
#: columns of workers that died (their process ended after this one took its column).
SWEEP_EVERY = 1.0

_LOG = logging.getLogger("callrules.serve")

try:
    import fcntl
except ImportError:  # (Windows: each worker counts its own)
    fcntl = None  # type: ignore[assignment]


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
        """One connection of ``client`` fewer."""
        self._open[client] -= 1
        if self._open[client] <= 0:
            del self._open[client]


def shared_table(workers: int) -> str:
    """Create the table of counts for ``workers`` worker processes (a column for each, and as
    many again for workers restarted while another has not yet let go of its column) in a
    temporary file, and return its path; the caller removes it once the service stops. ""
    if no such file can be made: each worker then counts its own, said in a line."""
    path = ""
    try:
        fd, path = tempfile.mkstemp(prefix="callrules-clients-")
        try:
            os.write(fd, os.urandom(_KEY))
            os.ftruncate(fd, _HEAD + ROWS * 2 * max(1, workers) * _CELL)
        finally:
            os.close(fd)
    except OSError as error:
        if path:
            remove_table(path)
        _LOG.warning("callrules serve: the workers cannot count each client's connections "
                     "together (no file can be made for it in the temporary folder: %s): "
                     "each counts its own", error.strerror or error)
        return ""
    return path


class SharedCounts:
    """The connections each client has open across the worker processes, counted in the
    table at ``path`` (:func:`shared_table`) of which this process holds a column. Raises
    :class:`OSError` if the table cannot be opened, or no column is free."""

    def __init__(self, path: str) -> None:
        if fcntl is None:
            raise OSError("no locks on files here")
        self._file = open(path, "r+b")  # noqa: SIM115  (held while the process lives: its
        # lock with it)
        try:
            size = os.fstat(self._file.fileno()).st_size
            self._columns = (size - _HEAD) // (ROWS * _CELL)
            self._map = mmap.mmap(self._file.fileno(), size)
            self._key = bytes(self._map[:_KEY])
            self._view = memoryview(self._map)
            self._cells = self._view[_HEAD:_HEAD + ROWS * self._columns * _CELL].cast("i")
            self._column = self._claim()
            self._swept = time.monotonic()
        except BaseException:
            self._file.close()
            raise

    def _lock(self, column: int, how: int) -> bool:
        """Lock ``column`` (a byte beyond the table for each), or let go of it (``how``);
        whether done (not: another process holds it)."""
        try:
            fcntl.lockf(self._file.fileno(), how, 1,
                        _HEAD + ROWS * self._columns * _CELL + column)
        except OSError:
            return False
        return True

    def _zero(self, column: int) -> None:
        start = column * ROWS  # (a column's counts side by side: its pages alone)
        if self._view[_HEAD + start * _CELL:_HEAD + (start + ROWS) * _CELL] != _ZEROS:
            self._cells[start:start + ROWS] = _ZEROS.cast("i")

    def _claim(self) -> int:
        """Lock the first free column and zero it, and every other free one (a worker that
        died left them: no process counts in them)."""
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
        return mine

    def _sweep(self) -> None:
        """Zero the columns no process holds (their worker died since this one began)."""
        for column in range(self._columns):
            if column != self._column and self._lock(column, fcntl.LOCK_EX | fcntl.LOCK_NB):
                self._zero(column)
                self._lock(column, fcntl.LOCK_UN)

    def close(self) -> None:
        """Let go of the table (and of this process's column)."""
        self._cells.release()
        self._view.release()
        self._map.close()
        self._file.close()

    def _row(self, client: str) -> int:
        digest = hashlib.blake2b(client.encode("utf-8", "surrogatepass"), key=self._key,
                                 digest_size=8).digest()
        return int.from_bytes(digest, "little") % ROWS

    def take(self, client: str, most: int) -> bool:
        """One more connection of ``client`` in this process's column, if its row holds
        fewer than ``most`` in all."""
        row = self._row(client)
        if sum(self._cells[row:ROWS * self._columns:ROWS]) >= most:
            if time.monotonic() < self._swept + SWEEP_EVERY:
                return False
            self._swept = time.monotonic()  # (a count left by a worker that died: let go of)
            self._sweep()
            if sum(self._cells[row:ROWS * self._columns:ROWS]) >= most:
                return False
        self._cells[self._column * ROWS + row] += 1
        return True

    def give(self, client: str) -> None:
        """One connection of ``client`` fewer in this process's column."""
        cell = self._column * ROWS + self._row(client)
        self._cells[cell] = max(0, self._cells[cell] - 1)


#: This process's view of each shared table it counts in, by path (one file opened once:
#: closing another descriptor of it would let go of the column's lock).
_SHARED: dict[str, LocalCounts | SharedCounts] = {}


def counts_in(path: str) -> LocalCounts | SharedCounts:
    """This process's counts in the shared table at ``path``, opened on first use; where it
    cannot be (no locks here, the file gone, every column taken), this process's own."""
    counts = _SHARED.get(path)
    if counts is None:
        try:
            counts = SharedCounts(path)
        except OSError:
            counts = LocalCounts()
        _SHARED[path] = counts
    return counts


def remove_table(path: str) -> None:
    """Remove the table at ``path`` (the service stopped), and this process's view of it."""
    counts = _SHARED.pop(path, None)
    if isinstance(counts, SharedCounts):
        counts.close()
    with contextlib.suppress(OSError):
        os.remove(path)
