"""A client that stalls holds nothing for long: a request head never finished, a body that
stops arriving, an answer never read each end their connection after ``stall`` seconds (one,
here), and the place they held is given back; running out of open files is said in a line.
A real server on a local port, as the attacks came; outcomes asserted, not times."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import logging
import os
import socket
import struct
import subprocess
import sys
import termios
import threading
import time
from functools import partial
from pathlib import Path

import httpx
import pytest

from callrules.serve import create_app
from callrules.serve._connection import Connection
from callrules.serve._loop import OutOfFiles, new_loop
from tests.live_server import PATIENCE, serving
from tests.live_server import address as _address
from tests.live_server import health as _health
from tests.live_server import refused as _refused

EXAMPLE = (Path(__file__).parent.parent / "examples" / "eligible.json").read_bytes()
CHECK = "/calls/cnrs-amsud-2026/check?now=2026-05-01T00:00:00Z"


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
    return partial(Connection, stall=1, slowest=1 << 30)


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
    said = [r for r in caplog.records if "bytes of its answer in" in r.getMessage()]
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
    assert "Aucun octet" in problem["detail"]  # (one second, its noun agreeing)
    assert "1\u00a0seconde\u202f:" in problem["detail"], problem["detail"]


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
        assert isinstance(loop.get_exception_handler(), OutOfFiles)
    finally:
        loop.close()


def _batch(records: int) -> bytes:
    record = json.dumps(json.loads(EXAMPLE)).encode()
    body = b"\n".join([record] * records) + b"\n"
    return (b"POST " + CHECK.encode() + b" HTTP/1.1\r\nHost: x\r\nContent-Type: "
            b"application/jsonl\r\nConnection: close\r\nContent-Length: %d\r\n\r\n" % len(body)
            + body)


def _read(sock: socket.socket, pause: float, most: int = 1 << 30, first: float = 0
          ) -> tuple[bytes, bool]:
    """What ``sock`` brings, ``most`` bytes at a time every ``pause`` seconds (``first``
    before the first), until the server closes it; and whether it was cut (reset, or the
    answer's last chunk missing)."""
    sock.settimeout(PATIENCE)
    got = b""
    time.sleep(first)
    try:
        while True:
            time.sleep(pause)
            chunk = sock.recv(most)
            if not chunk:
                break
            got += chunk
    except ConnectionResetError:
        return got, True
    return got, not got.endswith(b"0\r\n\r\n")


def _full(sock: socket.socket) -> None:
    """Wait until the bytes ``sock``'s system holds for it come and stop growing: its
    buffer is full (the server waits)."""
    held, before = 0, -1
    while not held or held != before:
        time.sleep(0.3)
        before, held = held, struct.unpack("i", fcntl.ioctl(sock.fileno(), termios.FIONREAD,
                                                            b"\0" * 4))[0]


def test_a_reader_whose_system_shows_its_progress_late_gets_its_whole_answer() -> None:
    # a client that takes nothing for 2 seconds once its buffer is full (about 128 KiB
    # here), then reads the rest: its system says so to the server only once read, later
    # than ``stall`` seconds (look62v: readers at 2.5 to 6 KB/s were cut, 7 of 8)
    with serving(create_app(stall_timeout=1), send_buffer=4096,
                 http=partial(Connection, stall=1)) as base:
        sock = socket.create_connection(_address(base))
        try:
            sock.sendall(_batch(200))
            _full(sock)
            answer, cut = _read(sock, 0, first=2)
        finally:
            sock.close()
    assert not cut and answer.startswith(b"HTTP/1.1 200 ") and len(answer) > 200_000


def test_an_answer_read_at_a_trickle_is_cut(caplog: pytest.LogCaptureFixture) -> None:
    # 8 KB a second, shown to the server as it comes (small buffers), against a slowest
    # pace of 400 KB a second (the default's 2 KB scaled, so that it takes half a second,
    # not a minute and a half): cut, though it never stalls for ``stall`` seconds
    with caplog.at_level(logging.INFO, "callrules.serve"), \
            serving(create_app(stall_timeout=1), send_buffer=4096,
                    http=partial(Connection, stall=1, slowest=400_000)) as base:
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(_address(base))
        try:
            sock.sendall(_batch(120))
            answer, cut = _read(sock, 0.1, 800)
        finally:
            sock.close()
    assert cut and 0 < len(answer) < 100_000
    assert any("slower than 400,000 bytes a second" in r.getMessage() for r in caplog.records)


def test_a_client_holds_at_most_its_share(monkeypatch: pytest.MonkeyPatch) -> None:
    # one address: two uploads stalled one byte short of the limit (two checks' bytes,
    # all the bodies arriving may hold), and three connections where it may have two;
    # another address (127.0.0.2, the same loopback) still has its check answered
    app = create_app(max_concurrent=2, max_body=4 << 10, per_client=2)
    with serving(app, http=partial(Connection, stall=60, per_client=2)) as base:
        host, port = _address(base)
        head = (b"POST " + CHECK.encode() + b" HTTP/1.1\r\nHost: x\r\nContent-Type: "
                b"application/json\r\nContent-Length: 4096\r\n\r\n")
        first, second = (socket.create_connection((host, port)) for _ in range(2))
        third = socket.create_connection((host, port))
        try:
            first.sendall(head + b" " * 4095)
            time.sleep(0.5)  # (its bytes counted before the second's)
            second.sendall(head + b" " * 4095)
            second.settimeout(PATIENCE)
            assert second.recv(1 << 16).startswith(b"HTTP/1.1 503 ")  # over its share
            assert _refused(third)  # one connection too many: 503 as it opened
            other = socket.create_connection((host, port), source_address=("127.0.0.2", 0))
            with other:
                other.sendall(b"POST " + CHECK.encode() + b" HTTP/1.1\r\nHost: x\r\n"
                              b"Content-Type: application/json\r\nConnection: close\r\n"
                              b"Content-Length: %d\r\n\r\n" % len(EXAMPLE) + EXAMPLE)
                other.settimeout(PATIENCE)
                assert other.recv(1 << 16).startswith(b"HTTP/1.1 200 ")
        finally:
            for sock in (first, second, third):
                sock.close()


def test_a_clients_connections_are_counted_as_they_open_and_end() -> None:
    # per_client 2: two connections held are both served, a third is answered 503 however
    # often it comes; one ended by its client, one by the server (a request it cannot
    # parse, answered 400), each gives its client's place back
    with serving(create_app(), http=partial(Connection, stall=60, per_client=2)) as base:
        where = _address(base)
        held = [socket.create_connection(where) for _ in range(2)]
        try:
            assert [_health(sock) for sock in held] == [b"HTTP/1.1 200 OK"] * 2
            for _ in range(3):
                with socket.create_connection(where) as more:
                    more.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
                    assert _refused(more)
            held[0].close()
            held[0] = _admitted(where)
            assert _health(held[0]) == b"HTTP/1.1 200 OK"
            held[1].sendall(b"\x00 not a request\r\n\r\n")
            assert held[1].recv(1 << 16).startswith(b"HTTP/1.1 400 ")
            held[1].close()
            held[1] = _admitted(where)
            assert _health(held[1]) == b"HTTP/1.1 200 OK"
            with socket.create_connection(where) as more:
                assert _refused(more)
        finally:
            for sock in held:
                sock.close()


def _admitted(where: tuple[str, int]) -> socket.socket:
    """A connection to ``where`` not refused, asked for again as its client would (the
    server may see it before it sees the end of the one it takes the place of)."""
    for _ in range(100):
        sock = socket.create_connection(where)
        sock.settimeout(0.1)
        try:
            if sock.recv(1 << 16) == b"":
                sock.close()
                continue
        except TimeoutError:
            sock.settimeout(PATIENCE)
            return sock  # (nothing said: not refused)
        sock.close()
    raise AssertionError("a client's place was not given back")


def _upload(base: str, size: int, answers: dict[int, bytes]) -> None:
    """A check of ``size`` bytes sent at 4 KB a second (400 bytes every 0.1 s)."""
    sock = socket.create_connection(_address(base))
    try:
        sock.sendall(b"POST " + CHECK.encode() + b" HTTP/1.1\r\nHost: x\r\nContent-Type: "
                     b"application/json\r\nConnection: close\r\nContent-Length: %d\r\n\r\n"
                     % size)
        body = EXAMPLE.ljust(size)
        with contextlib.suppress(OSError):  # (refused and closed as it comes)
            for at in range(0, size, 400):
                sock.sendall(body[at:at + 400])
                time.sleep(0.1)
        sock.settimeout(PATIENCE)
        answers[size] = sock.recv(1 << 16)
    finally:
        sock.close()


def test_an_upload_at_a_slow_links_pace_arrives_and_one_that_goes_on_is_cut(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # 4 KB a second with a second to start: enough (2 KB a second is; 10 KB was asked,
    # which cut it after 1.7 s), for 8 KB; its bytes earn at most MOST_EARNED seconds
    # (two, here): 24 KB at that pace are refused after three seconds
    from callrules.serve import _http
    monkeypatch.setattr(_http, "MOST_EARNED", 2)
    answers: dict[int, bytes] = {}
    with serving(create_app(body_timeout=1, stall_timeout=1), http=_stalling()) as base:
        uploads = [threading.Thread(target=_upload, args=(base, size, answers))
                   for size in (8_000, 24_000)]
        for upload in uploads:
            upload.start()
        for upload in uploads:
            upload.join(PATIENCE)
    assert answers[8_000].startswith(b"HTTP/1.1 200 "), answers[8_000][:200]
    assert answers[24_000].startswith(b"HTTP/1.1 408 "), answers[24_000][:200]


def test_a_system_without_fcntl_serves_measuring_its_own_buffer() -> None:
    """Where ``fcntl`` cannot be imported (as on Windows, here on Linux), the connections
    module loads, never asks the socket's count, and says so in a ``WARNING`` line (the
    service started: exit 70 before)."""
    code = ("import sys; sys.modules['fcntl'] = None\n"
            "import callrules.serve._connection as c\nassert c._OUTQ is None and c.fcntl is None")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "no fcntl here" in done.stderr and "Traceback" not in done.stderr
