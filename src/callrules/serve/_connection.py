"""A connection to ``callrules serve``, held only while its client keeps it going: uvicorn's
HTTP protocol (httptools) with two deadlines uvicorn does not keep, and an event loop that
says once in a while, in one line, that the process has run out of open files.

uvicorn closes a connection idle between two requests (``timeout_keep_alive``), but not one
whose request head never ends (three lines sent, then nothing, or a line every few seconds),
nor one whose client never reads the answer it asked for (a batch's answer then waits, its
batch's place held, for as long as the connection stays open). Both kept a place (a file
descriptor, a batch's place) for ever. Here each has ``stall`` seconds
(:data:`~callrules.serve.STALL_TIMEOUT`, ``callrules serve --stall-timeout``; a body has
them too: ``_http.read_body``): a request's head must arrive whole within them of its first
byte (of the connection, for the first request), and an answer the client takes no byte of
for that long (the server's buffer full) has its connection closed: the batch is let go of
and its place given back. Each is said at INFO in the service's log, without a traceback.
Imports uvicorn: loaded only when the service runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import struct
import sys
import time
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from callrules.serve import STALL_TIMEOUT
from callrules.serve._http import logged_path

__all__ = ["LOOP", "Connection", "new_loop"]

#: The seconds between two lines saying that the process has no file left for a connection
#: (the system's ``EMFILE``): the event loop tries again every second, and each try wrote a
#: traceback.
_OUT_OF_FILES_EVERY = 60.0

_LOG = logging.getLogger("callrules.serve")

#: ``SIOCOUTQ`` (``TIOCOUTQ``): the bytes a socket holds that its peer has not acknowledged,
#: asked of Linux; elsewhere only the transport's own buffer is watched.
_OUTQ: int | None = 0x5411 if sys.platform.startswith("linux") else None
if _OUTQ is not None:
    import fcntl


class Connection(HttpToolsProtocol):
    """uvicorn's httptools protocol, with a deadline for each request's head and one for an
    answer the client does not read: ``stall`` seconds (uvicorn is given the class with
    ``stall`` set by :func:`functools.partial`, which a worker process of several unpickles
    as it is)."""

    def __init__(self, *args: Any, stall: float = STALL_TIMEOUT, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stall = stall
        self._head_late: asyncio.TimerHandle | None = None
        self._unread: asyncio.TimerHandle | None = None
        self._held = 0  # (the bytes of answer waiting for the client when last looked at)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_late = self.loop.call_later(self.stall, self._head_not_whole)

    def data_received(self, data: bytes) -> None:
        if self._head_late is None and (self.cycle is None or self.cycle.response_complete):
            # the first byte of another request on a kept connection: its head's turn
            self._head_late = self.loop.call_later(self.stall, self._head_not_whole)
        super().data_received(data)

    def on_headers_complete(self) -> None:
        self._cancel_head()
        super().on_headers_complete()

    def pause_writing(self) -> None:
        super().pause_writing()
        if self._unread is None:
            self._held = self._unsent()
            self._unread = self.loop.call_later(self.stall, self._answer_not_read)

    def resume_writing(self) -> None:
        if self._unread is not None:
            self._unread.cancel()
            self._unread = None
        super().resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head()
        if self._unread is not None:
            self._unread.cancel()
            self._unread = None
        super().connection_lost(exc)

    def _unsent(self) -> int:
        """The bytes of answer the client has not taken yet: those waiting in the
        transport's buffer, and (where the system says it: Linux's ``SIOCOUTQ``) those in
        the socket's own, which a client reading slowly empties long before the transport's
        moves (a window reopens only once it has room for a whole segment)."""
        unsent = self.transport.get_write_buffer_size()
        sock = self.transport.get_extra_info("socket")
        if _OUTQ is not None and sock is not None:
            with contextlib.suppress(OSError, ValueError):  # (a socket closed meanwhile:
                # the transport's buffer only)
                unsent += struct.unpack("i", fcntl.ioctl(sock.fileno(), _OUTQ, b"\0" * 4))[0]
        return unsent

    def _cancel_head(self) -> None:
        if self._head_late is not None:
            self._head_late.cancel()
            self._head_late = None

    def _head_not_whole(self) -> None:
        self._head_late = None
        _LOG.info("callrules serve: a request's head did not arrive whole within %s "
                  "seconds: its connection is closed", _seconds(self.stall))
        self.transport.abort()

    def _answer_not_read(self) -> None:
        held = self._unsent()
        if held < self._held:  # the client took some of it since: another ``stall`` seconds
            # (a slow reader is no stalled one: writing resumes only once the buffer is
            # down to its low mark, which a reader of a few kilobytes a second takes longer
            # than ``stall`` to reach; look62v: 7 of 8 such readers were cut)
            self._held = held
            self._unread = self.loop.call_later(self.stall, self._answer_not_read)
            return
        # abort, not close: close would wait for the answer's bytes to be taken, for ever
        self._unread = None
        path = self.cycle.scope.get("path", "") if self.cycle is not None else ""
        _LOG.info("callrules serve: %s: the client took nothing of its answer for %s "
                  "seconds: its connection is closed, and its place given back",
                  logged_path(str(path)), _seconds(self.stall))
        self.transport.abort()


def _seconds(value: float) -> str:
    return f"{value:g}"


def _exception_handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """The event loop's handler: no file left for a new connection (``EMFILE``, ``ENFILE``,
    ``ENOBUFS``, ``ENOMEM`` on accept: the loop stops accepting for a second, then tries
    again) is said in one line at WARNING at most every minute, without a traceback;
    anything else as asyncio says it."""
    exc = context.get("exception")
    if isinstance(exc, OSError) and exc.errno in (errno.EMFILE, errno.ENFILE, errno.ENOBUFS,
                                                  errno.ENOMEM) and "accept" in str(
            context.get("message", "")):
        now = time.monotonic()
        last = getattr(loop, "_callrules_out_of_files", None)
        if last is None or now - last >= _OUT_OF_FILES_EVERY:
            loop._callrules_out_of_files = now  # type: ignore[attr-defined]
            _LOG.warning("callrules serve: no connection can be accepted: %s (the limit of "
                         "open files, ulimit -n, is reached); new connections wait until "
                         "others close (said at most once a minute)", exc.strerror or exc)
        return
    loop.default_exception_handler(context)


def new_loop() -> asyncio.AbstractEventLoop:
    """A new event loop (asyncio's), its exception handler :func:`_exception_handler`."""
    loop = asyncio.new_event_loop()
    loop.set_exception_handler(_exception_handler)
    return loop


#: :func:`new_loop` as uvicorn imports it (its ``loop`` option).
LOOP = f"{__name__}:new_loop"
