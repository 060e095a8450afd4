"""A request's head is bounded in bytes and in header lines, counted as its bytes arrive: one
past the bound, however it arrives (one packet, byte by byte, one long line, many lines), is
answered 431 in the reader's language and its connection closed, and the parser is never
given more of a head than the bound (att91 F2: a header of 50 MB was read whole, answered
200). A real server on a local port; what is buffered asserted, not times."""

from __future__ import annotations

import json
import logging
import re
import select
import socket
from collections.abc import Iterator
from functools import partial
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callrules.serve import create_app
from callrules.serve._connection import HEAD_LIMIT, MOST_FIELDS, Connection
from tests.conftest import eligible_dict
from tests.live_server import PATIENCE, serving
from tests.live_server import address as _address

#: The most bytes of a head the parser of each connection was given, each connection's
#: own (by its id), while its head was not whole.
_FED: dict[int, int] = {}


class _Counted:
    """The parser of a connection, counting the bytes it is given before its first head
    is whole."""

    def __init__(self, parser: Any, owner: int) -> None:
        self._parser, self._owner, self.whole = parser, owner, False

    def feed_data(self, data: Any) -> None:
        if not self.whole:
            _FED[self._owner] = _FED.get(self._owner, 0) + len(data)
        self._parser.feed_data(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._parser, name)


class _Watched(Connection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parser = _Counted(self.parser, id(self))

    def on_headers_complete(self) -> None:
        self.parser.whole = True
        super().on_headers_complete()


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serving(create_app(), http=partial(_Watched)) as url:
        yield url


def _head(kind: str, size: int, lang: str) -> bytes:
    """A ``GET /health`` head of ``size`` bytes at least, as ``kind`` builds it: one long
    header line, many short lines, or a long address (of nothing served)."""
    start = b"GET /health HTTP/1.1\r\nHost: x\r\nAccept-Language: " + lang.encode() + b"\r\n"
    if kind == "line":
        return start + b"X-A: " + b"a" * max(0, size - len(start) - 9) + b"\r\n\r\n"
    if kind == "lines":
        return start + b"X-A: b\r\n" * max(1, (size - len(start)) // 8) + b"\r\n"
    pad = b"a" * max(0, size - len(start) - 3)
    return start.replace(b"/health", b"/health/" + pad, 1) + b"\r\n"  # (not found: 404)


def _ask(base: str, head: bytes, pieces: int) -> bytes:
    """``head`` sent in ``pieces`` parts (1: one packet; its length: byte by byte) until
    the server answers; the answer read to the connection's end."""
    sock = socket.create_connection(_address(base))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.settimeout(PATIENCE)
    step = -(-len(head) // pieces)
    answer = b""
    try:
        for at in range(0, len(head), step):
            sock.sendall(head[at:at + step])
            if select.select([sock], [], [], 0)[0]:
                break  # (answered: the rest would be dropped, as a client stops sending)
        while chunk := sock.recv(1 << 16):
            answer += chunk
    except (ConnectionResetError, BrokenPipeError):
        pass
    finally:
        sock.close()
    return answer


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["line", "lines", "address"]),
       size=st.integers(HEAD_LIMIT // 2, 2 * HEAD_LIMIT),
       pieces=st.sampled_from([1, 7, 1 << 30]), lang=st.sampled_from(["fr", "en", "es", "pt"]))
def test_a_head_past_the_bound_is_refused_and_never_held_whole(
        base: str, kind: str, size: int, pieces: int, lang: str) -> None:
    head = _head(kind, size, lang)
    fields = head.count(b"\r\n") - 2  # (the request line and the blank line are none)
    _FED.clear()
    answer = _ask(base, head, min(pieces, len(head)))
    status = int(answer.split(b" ", 2)[1]) if answer else None
    past = len(head) > HEAD_LIMIT or fields > MOST_FIELDS
    assert status == (431 if past else 404 if kind == "address" else 200), (
        len(head), fields, answer[:200])
    # the law on what is held: never more of a head than the bound, however it arrives
    assert max(_FED.values()) <= HEAD_LIMIT
    if past:
        problem = json.loads(answer.split(b"\r\n\r\n", 1)[1])
        assert problem["status"] == 431
        assert problem["type"] == "urn:callrules:problem:head_too_large"
        # in the language asked, when it was asked before the bound (after a long address,
        # it never arrives: English)
        said = "en" if kind == "address" else lang
        assert b"Content-Language: " + said.encode() + b"\r\n" in answer
        assert b"Connection: close" in answer
        assert b"\r\ndate: " in answer  # (the server's own headers, as every answer's)


def test_a_head_at_the_bound_and_one_more_byte() -> None:
    with serving(create_app(), http=partial(Connection)) as url:
        at = _head("line", HEAD_LIMIT, "en")
        assert len(at) == HEAD_LIMIT
        assert _ask(url, at, 1).startswith(b"HTTP/1.1 200")
        over = _head("line", HEAD_LIMIT + 1, "en")
        assert _ask(url, over, 1).startswith(b"HTTP/1.1 431")


def _statuses(answer: bytes) -> list[int]:
    return [int(status) for status in re.findall(rb"(?:^|\r\n\r\n|})HTTP/1\.1 (\d{3}) ", answer)]


_HEALTH = b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n"


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["line", "lines"]), before=st.integers(0, 2),
       after=st.integers(0, 2))
def test_a_refused_head_is_answered_in_its_turn_and_ends_the_connection(
        base: str, caplog: pytest.LogCaptureFixture, kind: str, before: int,
        after: int) -> None:
    """Pipelined, in one write: the requests before a refused head are answered first,
    whole, then the 431, then the connection ends: nothing after it is answered (its
    answer would take the refused one's place, hdmend78 F1), and no answer is cut short
    by the 431 (the server's log without an error, F2)."""
    caplog.clear()
    over = _head(kind, 2 * HEAD_LIMIT if kind == "line" else MOST_FIELDS * 8 + 200, "en")
    with caplog.at_level(logging.INFO, logger="callrules.serve"):
        answer = _ask(base, _HEALTH * before + over + _HEALTH * after, 1)
        assert _ask(base, _HEALTH.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n"),
                    1).startswith(b"HTTP/1.1 200")  # (the server has gone on meanwhile)
    assert _statuses(answer) == [200] * before + [431], answer[-300:]
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


@pytest.mark.parametrize(("headers", "trailers"), [(0, MOST_FIELDS + 1), (95, 10)])
def test_a_chunked_body_s_trailer_lines_are_not_its_head_s(base: str, headers: int,
                                                           trailers: int) -> None:
    """A chunked body's trailer lines come after its head: they are not counted among the
    head's lines. Before (att93 F1), 101 trailers, or 95 header lines and 10 trailers, made
    a whole request wait for a 408 ("body not received in time"), its 431 never sent."""
    body = json.dumps(eligible_dict()).encode()
    request = (b"POST /calls/cnrs-amsud-2026/check HTTP/1.1\r\nHost: x\r\n"
               b"Content-Type: application/json\r\nConnection: close\r\n"
               + b"".join(b"X-H%d: v\r\n" % n for n in range(headers))
               + b"Transfer-Encoding: chunked\r\n\r\n" + b"%x\r\n" % len(body) + body
               + b"\r\n0\r\n" + b"".join(b"X-T%d: v\r\n" % n for n in range(trailers))
               + b"\r\n")
    assert _statuses(_ask(base, request, 1)) == [200]


@pytest.mark.parametrize("tail", [b"z" * 20_000, _HEALTH * 600], ids=["junk", "requests"])
def test_the_bytes_after_a_declined_upgrade_are_dropped(tail: bytes) -> None:
    """An ``Upgrade`` the service does not make (not a websocket) is answered as a plain
    request, and the rest of the bytes it came with are dropped, as uvicorn drops them
    (neither parsed as HTTP nor answered: hdmend78 F3, the head's count had fed them on).
    The connection kept (as uvicorn keeps it) until its idle second is over."""
    upgrade = b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: foo/1\r\n\r\n"
    with serving(create_app(), http=partial(Connection), timeout_keep_alive=1) as url:
        assert _statuses(_ask(url, upgrade + tail, 1)) == [200]


def test_the_openapi_document_says_the_bound_the_connection_keeps() -> None:
    """The 431's description (words in ``_openapi``, which does not load uvicorn) names the
    bound ``_connection`` keeps: one changed, the other must be."""
    said = {response["description"] for path in create_app().openapi()["paths"].values()
            for operation in path.values() for status, response in operation["responses"].items()
            if status == "431"}
    assert said and all(f" {HEAD_LIMIT >> 10} KiB or {MOST_FIELDS} header lines" in text
                        for text in said), said
