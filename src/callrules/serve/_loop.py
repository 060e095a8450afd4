"""The event loop ``callrules serve`` runs (uvicorn's ``loop`` option): asyncio's, whose
exception handler says in one line, at most once a minute, that the process has run out of
open files, where asyncio wrote a traceback for every accept it tried again (130,965 of them,
53 MB of stderr, in a few minutes of an attack). Imports nothing of the ``serve`` extra."""

from __future__ import annotations

import asyncio
import errno
import logging
import time
from typing import Any

__all__ = ["LOOP", "OUT_OF_FILES_EVERY", "OutOfFiles", "new_loop"]

#: The seconds between two lines saying that the process has no file left for a connection
#: (the system's ``EMFILE``): the event loop tries again every second. Its warning says
#: "once a minute" in words: change both together.
OUT_OF_FILES_EVERY = 60.0

#: The accept failures that mean no file (or memory) is left for a connection.
_NO_FILE_LEFT = (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM)

_LOG = logging.getLogger("callrules.serve")


class OutOfFiles:
    """An event loop's exception handler: no file left for a new connection (``EMFILE``,
    ``ENFILE``, ``ENOBUFS``, ``ENOMEM`` on accept: the loop stops accepting for a second,
    then tries again) is said in one line at WARNING at most every
    :data:`OUT_OF_FILES_EVERY` seconds, without a traceback; anything else as asyncio says
    it. Each loop has its own (the time it last said so is the handler's)."""

    def __init__(self) -> None:
        self.said: float | None = None  # (when it was last said, by the monotonic clock)

    def __call__(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if not (isinstance(exc, OSError) and exc.errno in _NO_FILE_LEFT
                and "accept" in str(context.get("message", ""))):
            loop.default_exception_handler(context)
            return
        now = time.monotonic()
        if self.said is None or now - self.said >= OUT_OF_FILES_EVERY:
            self.said = now
            _LOG.warning("callrules serve: no connection can be accepted: %s (the limit of "
                         "open files, ulimit -n, is reached); new connections wait until "
                         "others close (said at most once a minute)", exc.strerror or exc)


def new_loop() -> asyncio.AbstractEventLoop:
    """A new event loop (asyncio's), its exception handler an :class:`OutOfFiles` of its
    own."""
    loop = asyncio.new_event_loop()
    loop.set_exception_handler(OutOfFiles())
    return loop


#: :func:`new_loop` as uvicorn imports it (its ``loop`` option).
LOOP = f"{__name__}:new_loop"
