"""How ``callrules serve`` stops on a signal: SIGHUP as SIGTERM and SIGINT do, after the
requests under way are answered, one process or several (uvicorn stops on SIGINT and SIGTERM
only: SIGHUP ended one process in the middle of its event loop, with a traceback, and made
the supervisor of several restart its workers, so that a closed terminal left the service
running). Imports uvicorn: loaded only when the service runs."""

from __future__ import annotations

import logging
import signal
import threading
from typing import TYPE_CHECKING, Any

import uvicorn
from uvicorn.config import LOGGING_CONFIG, STARTUP_FAILURE
from uvicorn.supervisors import Multiprocess

from callrules.serve._app import create_app_from_environment

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["LOG_CONFIG", "WORKER_APP", "run_one", "run_workers", "worker_app"]

#: uvicorn's logging, and the service's own lines (``callrules.serve``: a client that hung up
#: while sending its body, a failure) written as uvicorn writes its own, from INFO up.
LOG_CONFIG: dict[str, Any] = {**LOGGING_CONFIG, "loggers": {
    **LOGGING_CONFIG["loggers"],
    "callrules": {"handlers": ["default"], "level": "INFO", "propagate": False}}}

#: SIGHUP where the system has it (not on Windows).
HANGUP: int | None = getattr(signal, "SIGHUP", None)


def run_one(app: Any, options: dict[str, Any]) -> int | None:
    """Serve ``app`` in this process (uvicorn's ``Server``, as ``uvicorn.run`` does) until a
    signal stops it; returns SIGHUP if that was the signal (SIGTERM and SIGINT go on to the
    handlers there were before: 143 and 130). SystemExit with uvicorn's
    ``STARTUP_FAILURE`` when it could not start."""
    server = uvicorn.Server(uvicorn.Config(app, **options))
    hangups: list[int] = []

    def on_hangup(signum: int, frame: Any) -> None:
        hangups.append(signum)
        server.handle_exit(signum, frame)  # as SIGTERM: the requests under way answered

    before = None
    if HANGUP is not None and threading.current_thread() is threading.main_thread():
        before = signal.signal(HANGUP, on_hangup)
    try:
        server.run()
    finally:
        if before is not None and HANGUP is not None:
            signal.signal(HANGUP, before)
    if not server.started:
        raise SystemExit(STARTUP_FAILURE)
    return HANGUP if hangups else None


class _Supervisor(Multiprocess):
    """uvicorn's supervisor of several worker processes, which stops on SIGHUP as on SIGTERM
    (its workers stopped, each after answering what it had under way) instead of restarting
    them."""

    def handle_hup(self) -> None:
        logging.getLogger("uvicorn.error").info("Received SIGHUP, exiting.")
        self.should_exit.set()


def run_workers(target: str, workers: int, options: dict[str, Any]) -> None:
    """Serve the application that the factory ``target`` (``module:name``) builds in each of
    ``workers`` processes, as ``uvicorn.run`` does, until SIGINT, SIGTERM or SIGHUP."""
    config = uvicorn.Config(target, factory=True, workers=workers, **options)
    _Supervisor(config, sockets=[config.bind_socket()]).run()


def worker_app() -> FastAPI:
    """The factory each worker process of several calls: the application of
    :func:`~callrules.serve._app.create_app_from_environment`, and SIGHUP that stops the
    worker as SIGTERM does (uvicorn's own stop, the requests under way answered) rather than
    at once, as the system's default would (a closed terminal sends it to every process of
    the service)."""
    if HANGUP is not None and threading.current_thread() is threading.main_thread():
        signal.signal(HANGUP, lambda signum, frame: signal.raise_signal(signal.SIGTERM))
    return create_app_from_environment()


#: :func:`worker_app` as uvicorn imports it in each worker process.
WORKER_APP = f"{__name__}:worker_app"
