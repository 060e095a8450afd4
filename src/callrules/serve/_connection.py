"""A connection to ``callrules serve``, held only while its client keeps it going: uvicorn's
HTTP protocol (httptools) with the deadlines uvicorn does not keep.

uvicorn closes a connection idle between two requests (``timeout_keep_alive``), but not one
whose request head never ends (three lines sent, then nothing, or a line every few seconds),
nor one whose client does not read the answer it asked for (a batch's answer then waits,
its batch's place held, for as long as the connection stays open). Here:

- a request's head must arrive whole within ``stall`` seconds
  (:data:`~callrules.serve.STALL_TIMEOUT`, ``callrules serve --stall-timeout``) of its first
  byte (of the connection, for the first request);
- a client that keeps the server waiting with its answer (the server's buffers full) must
  take it at :data:`~callrules.serve._http.SLOWEST_RATE` bytes a second on average over
  that waiting, the first :data:`HIDDEN` bytes counted as taken: a client's system shows
  the bytes its program reads only in steps, once a whole buffer of them is read (Linux:
  about 128 KiB, a minute at 2 KB/s), so that a reader slower than that, or one taking
  nothing, cannot be told from another sooner (every figure Linux gives of the connection,
  ``SIOCOUTQ`` and ``TCP_INFO``'s bytes acknowledged, unsent, window offered, probes, is
  the same for both until then). It is given ``stall`` seconds at least. Otherwise its
  connection is closed (aborted): the batch is let go of and its place given back;
- a request's head (its request line and header lines, up to the blank line that ends it)
  holds at most :data:`HEAD_LIMIT` bytes and :data:`MOST_FIELDS` header lines: counted as its
  bytes arrive, the parser given at most the bytes left under the limit, so that what it
  holds of a head never grows past the limit whatever the client sends (httptools, unlike
  h11, has no limit of its own: it had read a header of 50 MB whole, in seconds growing with
  its square, att91 F2). One byte or one line more is answered :func:`head_too_large`'s 431
  and the connection closed (what follows dropped unread, as a refused connection's; the
  requests pipelined before it answered first, whole, none after it). A head pipelined
  behind a body in the same read is counted from the next read only (httptools does not
  say where a body ends): the parser may hold one read (asyncio's, 256 KiB) more of it;
- a client (:func:`~callrules.serve._clients.client_of`: an address, an IPv6 one's /64)
  has at most ``per_client`` connections open at once (:data:`~callrules.serve.PER_CLIENT`,
  ``callrules serve --per-client``; 0, the default: no most) in the service: counted in
  each server (:data:`_OPEN`) or, with several worker processes, in the table they share
  (``shared``, :class:`~callrules.serve._clients.SharedCounts`). A running count (one up
  as a connection is accepted, one down as it ends, however it ends), so that a connection
  costs the same however many are open. One more is answered a fixed 503 with
  ``Retry-After`` (:data:`REFUSED`), before a byte of it is read or parsed: what it sends
  is dropped, and it is closed once its client has hung up, or :data:`REFUSED_LINGER`
  seconds after (closed at once, a request already arrived would turn the close into a
  reset, which may take the answer with it); it is not counted.

(A body's own deadlines are ``_http.read_body``'s.) Each is said at INFO in the service's
log, without a traceback. Imports uvicorn: loaded only when the service runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import struct
import sys
import weakref
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from callrules.serve import STALL_TIMEOUT
from callrules.serve._clients import LocalCounts, SharedCounts, client_of, counts_in
from callrules.serve._http import SLOWEST_RATE, head_too_large, logged_path

__all__ = ["HEAD_LIMIT", "HIDDEN", "MOST_FIELDS", "REFUSED", "REFUSED_LINGER", "Connection"]

#: The bytes a request's head (request line, header lines, the blank line ending it) holds
#: at most: h11's (uvicorn's other HTTP implementation) and Node.js's default, 16 KiB; a
#: browser's heads are a few hundred bytes to a few KiB (its cookies included).
HEAD_LIMIT = 16 << 10
#: The header lines a request's head holds at most: Apache's ``LimitRequestFields``
#: default (a browser sends about twenty).
MOST_FIELDS = 100

#: The bytes of an answer a client's system may hold, taken from the server but not yet read
#: by its program, that the server sees only once they are read: counted as read when the
#: waiting begins. Linux gives a connection 128 KiB to start with, and tells the server it
#: has room again only once its program has read nearly all of them (on a local connection
#: measured: 129 to 136 KB, 65 seconds at 2 KB/s), hence half as much again.
HIDDEN = 192 << 10

#: The answer to a connection one too many for its client, whatever it asks: written as the
#: connection opens, without reading its request (nor its language: no words, a status). A
#: second later another of its connections may well have ended.
REFUSED = (b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\n"
           b"Content-Length: 0\r\n\r\n")
#: The seconds a refused connection is kept, what its client sends dropped, for the client to
#: hang up first (it has been told ``Connection: close``).
REFUSED_LINGER = 1.0

_LOG = logging.getLogger("callrules.serve")

#: The connections each server (uvicorn's state of it) has open from each client: a running
#: count, kept by :class:`Connection` (the workers of one service share theirs instead).
_OPEN: weakref.WeakKeyDictionary[object, LocalCounts] = weakref.WeakKeyDictionary()

#: ``SIOCOUTQ`` (``TIOCOUTQ``): the bytes a socket holds that its peer has not acknowledged,
#: asked of Linux; elsewhere only the transport's own buffer is watched.
_OUTQ: int | None = 0x5411 if sys.platform.startswith("linux") else None
try:
    import fcntl
except ImportError:  # (Windows; a Python built without it: the transport's buffer only)
    fcntl = None  # type: ignore[assignment]
    if _OUTQ is not None:
        _OUTQ = None
        _LOG.warning("callrules serve: the system cannot be asked for the bytes a socket "
                     "holds that its client has not taken (no fcntl here): a slow reader is "
                     "measured by the bytes waiting in the service's own buffer only")


class Connection(HttpToolsProtocol):
    """uvicorn's httptools protocol, with a deadline for each request's head (``stall``
    seconds), a slowest pace for an answer the client keeps waiting (``slowest`` bytes a
    second, :data:`~callrules.serve._http.SLOWEST_RATE`, after :data:`HIDDEN` bytes, and
    ``stall`` seconds at least) and a most of connections for each client (``per_client``,
    0: none; counted in the table at ``shared`` if given, the workers' own). uvicorn is
    given the class with its limits set by :func:`functools.partial`, which a worker
    process of several unpickles as it is."""

    def __init__(self, *args: Any, stall: float = STALL_TIMEOUT,
                 slowest: float = SLOWEST_RATE, per_client: int = 0, shared: str = "",
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stall = stall
        self.slowest = slowest
        self.per_client = per_client
        self.shared = shared
        self._head_late: asyncio.TimerHandle | None = None
        # the bytes of the present request's head counted so far (None: in a body, no head
        # begun), and its header lines; True once refused (431)
        self._head: int | None = 0
        self._fields = 0
        self._too_large = False
        self._late: bytes | None = None  # (a 431 waiting for the answers before it)
        self._upgrade = False  # (an upgrade met in the bytes given to the parser)
        self._counted: str | None = None  # (its client, once counted)
        self._refused: asyncio.TimerHandle | None = None
        self._unread: asyncio.TimerHandle | None = None
        # the answer whose waiting is counted (its request's cycle), the seconds it kept the
        # server waiting before the present wait, the bytes taken meanwhile, when the present
        # wait began, and the bytes not yet taken when last looked at
        self._answer: object = None
        self._waited = 0.0
        self._taken = 0
        self._since: float | None = None
        self._held = 0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        client = _client(self)
        if self.per_client and client is not None:
            if not self._counts().take(client, self.per_client):
                self._refuse()  # one too many for its client: nothing read, nothing held
                return
            self._counted = client
        self._head_late = self.loop.call_later(self.stall, self._head_not_whole)

    def data_received(self, data: bytes) -> None:
        if self._refused is not None or self._too_large:
            return  # (a refused connection's request, or what follows a refused head:
            # dropped unread)
        if self._head_late is None and (self.cycle is None or self.cycle.response_complete):
            # the first byte of another request on a kept connection: its head's turn
            self._head_late = self.loop.call_later(self.stall, self._head_not_whole)
        # (slices of the bytes, never copied: httptools' parser reads any buffer)
        view = memoryview(data)
        self._upgrade = False
        while (view and not self._upgrade and self._fields <= MOST_FIELDS
               and not self.transport.is_closing()
               and self.transport.get_protocol() is self):  # (not after an upgrade, made
            # or declined: the rest of these bytes are another protocol's, dropped as
            # uvicorn drops them; a made one's later bytes go to its own protocol)
            if self._head is None:  # a body's bytes (bounded as a body: ``_http.read_body``;
                # a request following it in the same bytes is counted from the next ones)
                super().data_received(view)  # type: ignore[arg-type]
                break
            room = HEAD_LIMIT - self._head
            if room <= 0:  # one byte more than the limit, the head not ended
                self._head_too_large()
                return
            # a head's: the parser is given no more than the bytes left under the limit (a
            # head ending within them goes on to its body, or the next request, given next)
            part, view = view[:room], view[room:]
            self._head += len(part)
            super().data_received(part)  # type: ignore[arg-type]
        if self._fields > MOST_FIELDS and not self._too_large:  # (refused: the rest of
            self._head_too_large()  # these bytes never given to the parser)

    # Past MOST_FIELDS header lines, the parser goes on to the end of the slice it was
    # given (httptools cannot be stopped short but by an error, which uvicorn answers 400):
    # nothing more of it is passed on, neither that head's request nor any following it
    # in the slice (its answer would take the refused one's place), ``_fields`` kept past
    # the most until the connection ends.

    def on_message_begin(self) -> None:
        if self._fields > MOST_FIELDS:
            return
        self._fields = 0
        super().on_message_begin()

    def on_url(self, url: bytes) -> None:
        if self._fields <= MOST_FIELDS:
            super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        if self._head is None:  # a chunked body's trailer lines, after its head: the
            # body's, not counted as the head's lines (att93 F1: 101 trailers made a whole
            # request wait for a 408), passed on as uvicorn takes them
            if self._fields <= MOST_FIELDS:
                super().on_header(name, value)
            return
        if self._fields <= MOST_FIELDS:  # (the lines beyond: not kept; refused after)
            self._fields += 1
            if self._fields <= MOST_FIELDS:
                super().on_header(name, value)

    def on_headers_complete(self) -> None:
        if self._fields <= MOST_FIELDS:  # (else refused once the parser returns: no
            self._cancel_head()  # request begins)
            self._head = None
            super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        if self._fields <= MOST_FIELDS:
            super().on_body(body)

    def on_message_complete(self) -> None:
        if self._fields <= MOST_FIELDS:
            self._head = 0  # (the next bytes are the next request's head)
            super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self._late is not None and self._answered():
            self._refuse_head(self._late)

    def _unsupported_upgrade_warning(self) -> None:
        self._upgrade = True  # (declined: the rest of the bytes dropped, as uvicorn does)
        super()._unsupported_upgrade_warning()

    def pause_writing(self) -> None:
        super().pause_writing()
        if self._since is not None:
            return
        if self._answer is not self.cycle:  # another answer: its own count
            self._answer, self._waited, self._taken = self.cycle, 0.0, 0
        self._since = self.loop.time()
        self._held = self._unsent()
        self._unread = self.loop.call_later(self.stall, self._answer_slow)

    def resume_writing(self) -> None:
        if self._since is not None:
            self._look()  # (no byte is written while the server waits: what went was taken)
            self._waited += self.loop.time() - self._since
            self._since = None
        self._cancel_unread()
        super().resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        self._uncount()
        self._cancel_head()
        self._cancel_unread()
        if self._refused is not None:
            self._refused.cancel()
        super().connection_lost(exc)

    def handle_websocket_upgrade(self) -> None:
        # (the connection goes on as another protocol, this one told nothing more: uvicorn
        # lets go of it in its set of connections, and so here)
        self._upgrade = True
        self._uncount()
        super().handle_websocket_upgrade()

    def _refuse(self) -> None:
        """Answer :data:`REFUSED` and close the connection once its client hung up (the
        transport closes itself at the end of the bytes sent to it), or abort it
        :data:`REFUSED_LINGER` seconds after (its few bytes long sent)."""
        self.transport.write(REFUSED)
        self._refused = self.loop.call_later(REFUSED_LINGER, self.transport.abort)

    def _uncount(self) -> None:
        """Let go of the connection in its client's running count, once."""
        client, self._counted = self._counted, None
        if client is not None:
            self._counts().give(client)

    def _counts(self) -> LocalCounts | SharedCounts:
        """Where its client's connections are counted: the workers' shared table, or this
        server's own count."""
        if self.shared:
            return counts_in(self.shared)
        return _OPEN.setdefault(self.server_state, LocalCounts())

    def _unsent(self) -> int:
        """The bytes of answer the client has not taken yet: those waiting in the
        transport's buffer, and (where the system says it: Linux's ``SIOCOUTQ``) those in
        the socket's own."""
        unsent = self.transport.get_write_buffer_size()
        sock = self.transport.get_extra_info("socket")
        if _OUTQ is not None and sock is not None:
            with contextlib.suppress(OSError, ValueError):  # (a socket closed meanwhile:
                # the transport's buffer only)
                unsent += struct.unpack("i", fcntl.ioctl(sock.fileno(), _OUTQ, b"\0" * 4))[0]
        return unsent

    def _look(self) -> None:
        """Count the bytes the client took since the last look."""
        held = self._unsent()
        self._taken += max(0, self._held - held)
        self._held = held

    def _cancel_head(self) -> None:
        if self._head_late is not None:
            self._head_late.cancel()
            self._head_late = None

    def _cancel_unread(self) -> None:
        if self._unread is not None:
            self._unread.cancel()
            self._unread = None

    def _head_too_large(self) -> None:
        """Answer :func:`head_too_large`'s 431, in the language of the head's
        ``Accept-Language`` if it came before the limit, and close the connection (the rest
        of the head unread)."""
        self._too_large = True
        self._cancel_head()
        _LOG.info("callrules serve: a request's head is longer than %s bytes or %s header "
                  "lines: answered 431 and its connection closed", f"{HEAD_LIMIT:,}",
                  MOST_FIELDS)
        said = dict(self.headers or ()).get(b"accept-language", b"").decode("latin-1")
        answer = head_too_large(said or None, HEAD_LIMIT, MOST_FIELDS,
                                self.server_state.default_headers)
        if self._answered():
            self._refuse_head(answer)
        else:  # (pipelined: the answers to the requests before it go first, whole)
            self._late = answer

    def _answered(self) -> bool:
        """Whether every request of the connection so far has its answer written whole
        (uvicorn's present cycle is the last request begun, those before it done first)."""
        return self.cycle is None or self.cycle.response_complete

    def _refuse_head(self, answer: bytes) -> None:
        """Write the 431 ``answer`` and close the connection."""
        self._late = None
        if self.transport.is_closing():
            return  # (closed meanwhile: after an answer saying ``Connection: close``)
        self.transport.write(answer)
        # its end said (FIN) after the answer, what the client still sends dropped unread
        # (read, not kept), and the connection aborted ``stall`` seconds after unless its
        # client hung up first: closed at once with a head's bytes unread, the system would
        # reset it, which may take the answer with it; a client still sending the rest of
        # its head (slowly: 200 KB over a slow uplink) would have its sending broken, as it
        # would a second after (look78h F5)
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self._refused = self.loop.call_later(max(self.stall, REFUSED_LINGER),
                                             self.transport.abort)

    def _head_not_whole(self) -> None:
        self._head_late = None
        _LOG.info("callrules serve: a request's head did not arrive whole within %s "
                  "seconds: its connection is closed", _seconds(self.stall))
        self.transport.abort()

    def _answer_slow(self) -> None:
        """The client has kept the server waiting ``stall`` seconds at least: it goes on if
        it took the answer at ``slowest`` bytes a second over all its waiting (the first
        :data:`HIDDEN` given), looked at again when it would fall behind; else its
        connection is aborted (not closed: close would wait for the answer's bytes to be
        taken, for ever)."""
        self._unread = None
        if self._since is None:
            return
        self._look()
        waited = self._waited + self.loop.time() - self._since
        ahead = (self._taken + HIDDEN) / self.slowest - waited  # (seconds)
        if ahead > 0:
            self._unread = self.loop.call_later(max(ahead, 1.0), self._answer_slow)
            return
        path = self.cycle.scope.get("path", "") if self.cycle is not None else ""
        _LOG.info("callrules serve: %s: the client took %s bytes of its answer in %s seconds "
                  "of waiting for it, slower than %s bytes a second: its connection is "
                  "closed, and its place given back", logged_path(str(path)), f"{self._taken:,}",
                  _seconds(round(waited, 1)), f"{self.slowest:,.0f}")
        self.transport.abort()


def _client(connection: object) -> str | None:
    """The client of a connection (uvicorn's protocols have its address), or None."""
    client = getattr(connection, "client", None)
    return client_of(client[0]) if client else None


def _seconds(value: float) -> str:
    return f"{value:g}"
