"""The last writes of a stopped run, never blocked by an output that takes nothing.

A run that a signal stops still writes a little: the rows a sheet for people held (see
``callrules._cli._sheet``) and a word on standard error that it stopped. An output whose
reader does not read (a pipe full, a terminal paused) would block those writes, and so
the stop, for ever: a supervisor's SIGTERM would need SIGKILL, and what was held is lost
anyway. Within a :class:`Deadline`, a run that makes no progress for the time given is
interrupted where it waits (an alarm, SIGALRM, breaks the blocked write off): it raises
:class:`Late` there, once, and the run gives the writing up and ends. The time counts
from the last progress the run reports (:meth:`Deadline.again`, after each write that
returned): a reader that takes a write within the time given (the command line gives
five seconds, ``callrules._cli._STOP_WAIT``) is written to; one that takes nothing for
that long, however it reads, is given up. A write returns only once the output took all
of it (some 8 KiB of buffered text), so a reader slower than that per time given is
given up too.

Only the main thread gets signals: in another (a program running the command line in a
thread, where no signal stops it either), or where the platform has no alarm, nothing is
bounded. The alarm's handler and the process's timer are the caller's again once the
deadline ends (pytest-timeout's alarm, for one), the timer with the time it had left.
"""

from __future__ import annotations

import signal
import threading
import time
from types import FrameType, TracebackType


class Late(BaseException):
    """The run made no progress within its deadline (its output took nothing): what it was
    writing is given up. Not an :class:`Exception`: nothing on the way swallows it."""


class Deadline:
    """A deadline of ``seconds`` without progress, while the ``with`` block runs."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.armed = False  # (the alarm is ours and may raise :class:`Late`, once)
        self.installed = False
        self.before: object = None
        self.outer = (0.0, 0.0)
        self.started = 0.0

    def __enter__(self) -> Deadline:
        if hasattr(signal, "setitimer") \
                and threading.current_thread() is threading.main_thread():
            self.before = signal.signal(signal.SIGALRM, self._late)
            self.installed = True
            self.started = time.monotonic()
            self.armed = True
            self.outer = signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def _late(self, signum: int, frame: FrameType | None) -> None:
        # once only, and never while the deadline ends (where nothing waits any more):
        # so the caller's handler and timer are always put back
        if self.armed and (frame is None or frame.f_code is not _ENDING):
            self.armed = False
            raise Late

    def again(self) -> None:
        """The run made progress: its time counts again from now."""
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 trace: TracebackType | None) -> None:
        if not self.installed:
            return
        self.armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        # (a handler not set from Python, None, is put back as the default)
        signal.signal(signal.SIGALRM, signal.SIG_DFL if self.before is None
                      else self.before)  # type: ignore[arg-type]
        self.installed = False
        left, interval = self.outer
        if left:  # the caller's timer, with the time it had left (at once if it would
            # have ended meanwhile)
            signal.setitimer(signal.ITIMER_REAL,
                             max(left - (time.monotonic() - self.started), 1e-6), interval)


_ENDING = Deadline.__exit__.__code__
