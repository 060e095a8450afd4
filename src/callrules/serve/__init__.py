"""callrules over HTTP: an ASGI service and a page for applicants (``pip install
'callrules[serve]'``).

``create_app(call_dir=None)`` (a folder of call files, or several) builds the application
(FastAPI, served by uvicorn); the command
``callrules serve`` runs it. Routes: ``GET /calls``, ``GET /calls/{id}``,
``GET /calls/{id}/schema``, ``POST /calls/{id}/check``, ``GET /openapi.json``, ``GET /health``,
and the page at ``/page/``. See ``docs/how-to/serve-over-http.md``.

This module imports nothing of the extra until it is used, so that the command line can say
clearly when the extra is missing.
"""

from __future__ import annotations

import argparse
import errno
import logging.config
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable
from functools import partial
from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any, TextIO

from callrules import calls
from callrules._i18n import default_language, phrase_sentence
from callrules._safe import terminal
from callrules.exceptions import NotAFolderError

if TYPE_CHECKING:
    from callrules.serve._app import create_app

__all__ = ["LONGEST_BODY_TIMEOUT", "MOST_CONCURRENT_BATCHES", "MOST_CONCURRENT_CHECKS",
           "MOST_PER_CLIENT", "PER_CLIENT", "STALL_TIMEOUT", "WORKERS_PER_PROCESSOR",
           "create_app", "main", "most_workers"]

#: What ``pip install 'callrules[serve]'`` brings, by the module it provides (httptools:
#: the HTTP parser whose protocol ``_connection`` gives its deadlines).
EXTRA = ("fastapi", "uvicorn", "httptools")


def missing() -> list[str]:
    """The modules of the ``serve`` extra that cannot be imported."""
    return [name for name in EXTRA if find_spec(name) is None]


#: The highest port number (ports are 16-bit numbers; 0 asks the system for a free one).
MAX_PORT = 65535
#: uvicorn's exit code when the server cannot start (its address cannot be bound).
_STARTUP_FAILURE = 3
#: The most worker processes per processor this process may use: each is a process of its
#: own (about 70 MB), and more than a few per processor only share the same processors.
WORKERS_PER_PROCESSOR = 4
#: The most checks of one application under way at once in a worker process
#: (``--max-concurrent``): they share a few threads (``_app.CHECK_THREADS``), so more only
#: wait longer, their bodies held.
MOST_CONCURRENT_CHECKS = 1000
#: The most batches under way at once in a worker process (``--max-concurrent-batches``):
#: each may hold several hundred MB while it is checked.
MOST_CONCURRENT_BATCHES = 16
#: The most seconds ``--body-timeout`` gives a body to arrive: an hour; a stalled upload
#: holds its place among the checks under way that long.
LONGEST_BODY_TIMEOUT = 3600
#: The seconds a client may stall, by default (``--stall-timeout``, from 1 to
#: :data:`LONGEST_BODY_TIMEOUT`): a request's head must arrive whole within them, a body
#: bringing no byte for that long is answered 408, and an answer the client takes nothing
#: of for that long, and slower than 2 KB a second after its first 192 KiB, has its
#: connection closed, its place given back (``_connection``).
STALL_TIMEOUT = 10
#: The most connections one client (told by its address, an IPv6 client by its /64) may
#: have open at once in the service, its worker processes counting together, by default
#: (``--per-client``): 0, no client counted apart. Given (a service its clients reach
#: directly, from the internet), one more connection is answered 503 as it opens, and each
#: client holds at most half of each worker's batches' places, of its checks' and of the
#: bytes of the bodies arriving there: one client stalling its uploads or
#: answers, however often, leaves the other half to the others. Never behind a reverse
#: proxy, an ingress or a NAT: every client has its address (the proxy bounds its clients).
PER_CLIENT = 0
#: The most ``--per-client`` takes.
MOST_PER_CLIENT = 10_000


def processors() -> int:
    """The processors this process may use (its affinity where the system says it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on every system
        return max(1, os.cpu_count() or 1)


def most_workers() -> int:
    """The most worker processes ``callrules serve --workers`` takes on this machine:
    :data:`WORKERS_PER_PROCESSOR` per processor this process may use."""
    return WORKERS_PER_PROCESSOR * processors()


class _Refused(Exception):
    """An option of ``callrules serve`` that cannot be served: the phrase and its values."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values


def _whole(text: object, lowest: int, highest: int, key: str) -> int:
    """``text`` (an option as typed, or a number) as a whole number within the bounds (both
    said when it is refused: ``least``, ``most``)."""
    value = str(text).strip()
    digits = value[1:] if value[:1] in "+-" else value
    if isinstance(text, bool) or not (digits.isascii() and digits.isdigit()) \
            or len(digits) > 12 or not lowest <= int(value) <= highest:
        raise _Refused(key, value=terminal(value), least=lowest, most=highest)
    return int(value)


def _listen_check(host: str, port: int) -> None:
    """Bind ``host``:``port`` as uvicorn will (the family by a colon in the host, the
    address reused), then let it go: an address that is not this machine's, a name that
    cannot be found, a port in use or reserved is said before the service starts."""
    shown = {"host": terminal(host), "port": port}
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except socket.gaierror:
        raise _Refused("serve_unknown_host", **shown) from None
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise _Refused("serve_port_in_use", **shown) from None
        if exc.errno == errno.EACCES:
            raise _Refused("serve_port_reserved", **shown) from None
        if exc.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT, errno.EINVAL):
            raise _Refused("serve_unknown_host", **shown) from None
        raise _Refused("serve_cannot_listen", reason=terminal(exc.strerror or str(exc)),
                       **shown) from None
    except (ValueError, UnicodeError, OverflowError):  # a NUL, a label too long for a name
        raise _Refused("serve_unknown_host", **shown) from None


def _stopping_signal(run: Callable[[], object]) -> int | None:
    """Run ``run`` (the supervisor of several workers, which takes SIGINT, SIGTERM and
    SIGHUP to stop and returns as after a clean stop) and return the signal that stopped it,
    if any: each signal caught while it runs is written to a socket (the signal module's
    wake-up descriptor), read once it has returned. The handlers as they were are set
    back."""
    if threading.current_thread() is not threading.main_thread():
        run()  # signals reach the main thread only
        return None
    stopping = {signum for signum in (signal.SIGINT, signal.SIGTERM,
                                      getattr(signal, "SIGHUP", None)) if signum is not None}
    handlers = {signum: signal.getsignal(signum) for signum in stopping}
    received, sent = socket.socketpair()
    with received, sent:
        for end in (received, sent):
            end.setblocking(False)
        before = signal.set_wakeup_fd(sent.fileno(), warn_on_full_buffer=False)
        try:
            run()
        finally:
            signal.set_wakeup_fd(before)
            for signum, handler in handlers.items():
                signal.signal(signum, handler)
        caught = b""
        try:
            while chunk := received.recv(4096):
                caught += chunk
        except BlockingIOError:
            pass
    return next((signum for signum in reversed(caught) if signum in stopping), None)


def checked(args: argparse.Namespace) -> tuple[int, int]:
    """The port and the number of worker processes of ``callrules serve``, every option
    checked before the service starts: the port a whole number from 0 to 65535, the workers
    from 1 to :func:`most_workers`, the checks and the batches at once from 1 to
    :data:`MOST_CONCURRENT_CHECKS` and :data:`MOST_CONCURRENT_BATCHES`, the seconds a body
    is given from 1 to :data:`LONGEST_BODY_TIMEOUT` (set on ``args`` as numbers), the call
    folder a folder that can be read, the address one this machine can
    listen on (a free port). :class:`_Refused` otherwise."""
    port = _whole(args.port, 0, MAX_PORT, "serve_bad_port")
    workers = _whole(args.workers, 1, most_workers(), "serve_bad_workers")
    args.max_concurrent = _whole(args.max_concurrent, 1, MOST_CONCURRENT_CHECKS,
                                 "serve_bad_concurrent")
    args.max_concurrent_batches = _whole(args.max_concurrent_batches, 1,
                                         MOST_CONCURRENT_BATCHES, "serve_bad_batches")
    args.body_timeout = _whole(args.body_timeout, 1, LONGEST_BODY_TIMEOUT,
                               "serve_bad_body_timeout")
    args.stall_timeout = _whole(getattr(args, "stall_timeout", STALL_TIMEOUT), 1,
                                LONGEST_BODY_TIMEOUT, "serve_bad_stall_timeout")
    args.per_client = _whole(getattr(args, "per_client", PER_CLIENT), 0, MOST_PER_CLIENT,
                             "serve_bad_per_client")
    for folder in args.call_dir or ():
        try:
            NotAFolderError.check(folder)
        except NotAFolderError:
            raise _Refused("serve_no_call_folder", folder=terminal(str(folder))) from None
    _listen_check(str(args.host), port)
    return port, workers


def main(args: argparse.Namespace, err: TextIO) -> int:
    """Run the service as ``callrules serve`` was asked (``--host``, ``--port``,
    ``--call-dir``, ``--workers``, ``--max-concurrent``, ``--max-concurrent-batches``,
    ``--body-timeout``, ``--stall-timeout``, ``--per-client``);
    returns the exit code: 2, with the reason in the reader's language, for an option that
    cannot be served (a port out of range, workers below 1, a call folder that cannot be
    read, an address this machine cannot listen on, a port in use)."""
    absent = missing()
    lang = default_language()
    if absent:
        err.write("callrules: " + phrase_sentence("serve_extra_missing", lang,
                                                  missing=", ".join(absent)) + "\n")
        return 2
    try:
        port, workers = checked(args)
    except _Refused as refused:
        err.write("callrules: " + phrase_sentence(refused.key, lang, **refused.values) + "\n")
        return 2
    stopping = import_module("callrules.serve._stopping")
    app_module = import_module("callrules.serve._app")
    # the event loop waits for the checks' threads at most a millisecond at a time
    sys.setswitchinterval(app_module.SWITCH_INTERVAL)
    # the service's lines (an installed package's calls set aside) as uvicorn writes its own
    logging.config.dictConfig(stopping.LOG_CONFIG)
    # what another start said (inherited from a service this one runs under, or set by
    # hand) never silences this one: the start, and one worker alone, say their own lines
    os.environ.pop(app_module.SAID_VARIABLE, None)
    said = ""
    if workers > 1:  # every call loaded here first: a call file that cannot be served stops
        # the start with its mistake (exit 2), as with one worker, before a worker starts
        # (an installed package's is set aside, said in a line here, the workers silent)
        for folder in args.call_dir or ():
            calls.register_folder(folder)
        _, said = app_module.served_calls()
    connection = import_module("callrules.serve._connection")
    clients = import_module("callrules.serve._clients")
    # several workers count each client's connections in one table: --per-client bounds a
    # client's connections to the service, whichever worker the system gives each to
    shared = clients.shared_table(workers) if workers > 1 and args.per_client else ""
    # uvicorn's httptools protocol with a deadline for a request's head, a slowest pace for
    # an answer and a most of connections for a client, and an event loop that says in a
    # line that no file is left for a connection
    options: dict[str, Any] = {"host": args.host, "port": port, "log_level": "info",
                               "log_config": stopping.LOG_CONFIG, "proxy_headers": False,
                               "server_header": False,
                               "loop": import_module("callrules.serve._loop").LOOP,
                               "http": partial(connection.Connection,
                                               stall=args.stall_timeout,
                                               per_client=args.per_client,
                                               shared=shared)}
    try:
        if workers > 1:  # each worker process builds its own application
            if args.call_dir:
                os.environ[app_module.CALL_DIR_VARIABLE] = os.pathsep.join(args.call_dir)
            os.environ[app_module.CONCURRENT_VARIABLE] = \
                f"{args.max_concurrent},{args.max_concurrent_batches}"
            os.environ[app_module.BODY_TIMEOUT_VARIABLE] = str(args.body_timeout)
            os.environ[app_module.STALL_TIMEOUT_VARIABLE] = str(args.stall_timeout)
            os.environ[app_module.PER_CLIENT_VARIABLE] = str(args.per_client)
            # (for its own workers only: they check that they are this process's children)
            os.environ[app_module.SAID_VARIABLE] = f"{os.getpid()}:{said}"
            stopped = _stopping_signal(lambda: stopping.run_workers(
                stopping.WORKER_APP, workers, options))
        else:  # SIGTERM and SIGINT go on to the command line's handlers (143, 130)
            stopped = stopping.run_one(app_module.create_app(
                args.call_dir, max_concurrent=args.max_concurrent,
                max_concurrent_batches=args.max_concurrent_batches,
                body_timeout=args.body_timeout, stall_timeout=args.stall_timeout,
                per_client=args.per_client), options)
        if stopped == signal.SIGINT:  # as every command interrupted: said, 130
            raise KeyboardInterrupt
        if stopped is not None:  # as one process stopped by it: 143 or 129, not 0
            return 128 + stopped
    except SystemExit as stop:  # the address taken between the check and the start
        if stop.code != _STARTUP_FAILURE:
            raise
        err.write("callrules: " + phrase_sentence(
            "serve_not_started", lang, host=terminal(str(args.host)), port=port) + "\n")
        return 2
    finally:
        os.environ.pop(app_module.SAID_VARIABLE, None)  # (this process's start only)
        if shared:
            clients.remove_table(shared)
    return 0


def __getattr__(name: str) -> Any:
    if name == "create_app":
        return import_module("callrules.serve._app").create_app
    raise AttributeError(f"module 'callrules.serve' has no attribute {name!r}")
