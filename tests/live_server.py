"""A real uvicorn server on a free port of 127.0.0.1, in a thread, for the service's tests."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import uvicorn
from fastapi import FastAPI

#: Generous: what a loaded machine may take for what takes a second here.
PATIENCE = 60


@contextmanager
def serving(app: FastAPI, send_buffer: int | None = None, **options: Any) -> Iterator[str]:
    """``app`` served by uvicorn on a free port of 127.0.0.1, in a thread; yields its URL.
    ``send_buffer``: the bytes of the system's send buffer of each connection accepted (a
    small one fills at once when a client reads nothing); ``options``: uvicorn's."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if send_buffer is not None:  # (the connections accepted inherit it)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, send_buffer)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, **{"log_level": "critical", "ws": "none",
                                                   "lifespan": "off", **options}))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()


def address(base: str) -> tuple[str, int]:
    """The host and port of the URL ``base``."""
    parts = urlsplit(base)
    return parts.hostname or "", parts.port or 0


def refused(sock: socket.socket) -> bool:
    """Whether the server answers ``sock`` its fixed 503 (``Retry-After``), ``sock`` having
    sent nothing or a request it drops, and closes it once ``sock`` hangs up, as told."""
    sock.settimeout(20)  # (well before a head's 60 seconds)
    got = b""
    with contextlib.suppress(ConnectionResetError):
        while b"\r\n\r\n" not in got and (chunk := sock.recv(1 << 16)):
            got += chunk
        sock.shutdown(socket.SHUT_WR)
        while chunk := sock.recv(1 << 16):
            got += chunk
    head = got.split(b"\r\n\r\n")[0].split(b"\r\n")
    return head[0] == b"HTTP/1.1 503 Service Unavailable" and b"Retry-After: 1" in head


def health(sock: socket.socket) -> bytes:
    """The status line of ``GET /health`` asked on ``sock``, kept open."""
    sock.settimeout(PATIENCE)
    sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
    got = b""
    while b"\r\n\r\n" not in got:
        got += sock.recv(1 << 16)
    head, _, body = got.partition(b"\r\n\r\n")
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length:"))
    while len(body) < length:  # (the answer read whole: the next begins afresh)
        body += sock.recv(1 << 16)
    return head.split(b"\r\n")[0]
