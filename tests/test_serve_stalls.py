"""A client that stalls holds nothing for long: a request head never finished, a body that
stops arriving, an answer never read each end their connection after ``stall`` seconds (one,
here), and the place they held is given back; running out of open files is said in a line.
A real server on a local port, as the attacks came; outcomes asserted, not times."""

from __future__ import annotations

import errno
import json
import logging
import socket
import time
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from callrules.serve import create_app
from callrules.serve._connection import Connection, _exception_handler, new_loop
from tests.live_server import serving

EXAMPLE = (Path(__file__).parent.parent / "examples" / "eligible.json").read_bytes()
CHECK = "/calls/cnrs-amsud-2026/check?now=2026-05-01T00:00:00Z"
#: Generous: what a loaded machine may take for what takes a second here.
PATIENCE = 60


def _address(base: str) -> tuple[str, int]:
    parts = urlsplit(base)
    return parts.hostname or "", parts.port or 0


def _closed(sock: socket.socket) -> bool:
    """Whether the server closes ``sock`` within :data:`PATIENCE` seconds (what it sent
    before read and dropped)."""
    sock.settimeout(PATIENCE)
    try:
        while sock.recv(1 << 16):
            pass
    except ConnectionResetError:
        pass
    except TimeoutError:
        return False
    return True


def _stalling() -> partial[Connection]:
    return partial(Connection, stall=1)


def test_a_head_never_finished_is_closed_and_health_answered() -> None:
    with serving(create_app(stall_timeout=1), http=_stalling()) as base:
        heads = []
        for _ in range(5):
            sock = socket.create_connection(_address(base))
            sock.sendall(b"POST /calls/cnrs-amsud-2026/check HTTP/1.1\r\nHost: x\r\n")
            heads.append(sock)
        silent = socket.create_connection(_address(base))  # not a byte sent
        try:
            assert all(_closed(sock) for sock in [*heads, silent])
            assert httpx.get(base + "/health", timeout=PATIENCE).status_code == 200
        finally:
            for sock in [*heads, silent]:
                sock.close()


def test_an_answer_never_read_gives_its_batchs_place_back(caplog: pytest.LogCaptureFixture
                                                           ) -> None:
    record = json.dumps(json.loads(EXAMPLE)).encode()
    body = b"\n".join([record] * 200) + b"\n"
    head = (b"POST " + CHECK.encode() + b" HTTP/1.1\r\nHost: x\r\nContent-Type: "
            b"application/jsonl\r\nContent-Length: %d\r\n\r\n" % len(body))
    app = create_app(max_concurrent_batches=1, stall_timeout=1)
    with caplog.at_level(logging.INFO, "callrules.serve"), \
            serving(app, send_buffer=4096, http=_stalling()) as base:
        reader = socket.socket()
        reader.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        reader.connect(_address(base))
        try:
            reader.sendall(head + body)  # and never a byte of the answer read
            given_back = False
            deadline = time.monotonic() + PATIENCE
            with httpx.Client(base_url=base, timeout=PATIENCE) as client:
                while not given_back and time.monotonic() < deadline:
                    answer = client.post(CHECK, content=record + b"\n",
                                         headers={"Content-Type": "application/jsonl"})
                    given_back = answer.status_code == 200
                    time.sleep(0.2)
            assert given_back, "the batch's place was never given back"
            assert _closed(reader)
        finally:
            reader.close()
    said = [r for r in caplog.records if "took nothing of its answer" in r.getMessage()]
    assert said and all(r.levelno == logging.INFO and r.exc_info is None for r in said)


def test_a_body_that_stops_arriving_is_refused_before_its_time_runs_out() -> None:
    # an hour for the body, one second without a byte: the second decides
    with serving(create_app(body_timeout=3600, stall_timeout=1), http=_stalling()) as base:
        sock = socket.create_connection(_address(base))
        try:
            sock.sendall(b"POST " + CHECK.encode() + b" HTTP/1.1\r\nHost: x\r\nContent-Type: "
                         b"application/json\r\nAccept-Language: fr\r\nContent-Length: "
                         b"100000\r\n\r\n" + b" " * 50_000)
            sock.settimeout(PATIENCE)
            answer = b""
            while chunk := sock.recv(1 << 16):
                answer += chunk
        finally:
            sock.close()
    status, _, rest = answer.partition(b"\r\n")
    assert status.split()[1] == b"408"
    problem = json.loads(rest.partition(b"\r\n\r\n")[2])
    assert problem["type"].endswith("body_timeout")
    assert "Aucun octet" in problem["detail"] and "1 secondes" in problem["detail"]


def test_no_file_left_for_a_connection_is_said_once_without_a_traceback(
        caplog: pytest.LogCaptureFixture) -> None:
    loop = new_loop()
    try:
        context = {"message": "socket.accept() out of system resource",
                   "exception": OSError(errno.EMFILE, "Too many open files")}
        with caplog.at_level(logging.INFO, "callrules.serve"):
            for _ in range(1000):  # the loop tries again every second
                loop.call_exception_handler(context)
        said = [r for r in caplog.records if r.name == "callrules.serve"]
        assert len(said) == 1 and said[0].levelno == logging.WARNING
        assert said[0].exc_info is None and "Too many open files" in said[0].getMessage()
        assert loop.get_exception_handler() is _exception_handler
    finally:
        loop.close()
