"""A signal that stops the command line (SIGTERM, SIGHUP, Ctrl-C), kept until the run ends.

The command line's handler raises an exception where the main thread is, between any two
steps of Python, so that a run blocked on a pipe stops at once and its temporary files are
removed. That step may be inside a library's compiled code that calls back into Python and
does not let the exception through: pydantic-core checking a text against a pattern with
Python's ``re`` (which looks for signals during a long match) writes it off as "ignored" and
finds the text not matching it; a validator being built turns it into a ``SchemaError``.
The signal would then be lost, and its trace taken for the input's fault: an application
not admissible for a control character it does not hold, its decision record missing, exit
2 (or 70), never 143.

So the handler also keeps the signal (:func:`stopping`), and the run asks again
(:func:`check`) wherever a result is about to count: before and after each record is read
and judged, before a file of records is put in place, before a problem is said, and before
an exit code is chosen. A signal kept is raised there again, whatever swallowed it.
Outside the command line (the library called by a program), nothing is kept: :func:`check`
does nothing.

The signal is kept for the thread the handler ran in, the one whose run it stops (Python
calls handlers in the main thread, where the command line installs them): another thread
of the same program (one judging records with the library while ``main()`` runs) is never
stopped by it, and a run in another thread never forgets it.
"""

from __future__ import annotations

import signal
import threading

__all__ = ["Stopped", "check", "forget", "kept", "stopping"]

#: The signal that asked the run of a thread to stop, if one did, kept for that thread
#: (its attribute ``signum``, until :func:`forget`).
_kept = threading.local()


class Stopped(BaseException):
    """A signal asked the process to stop: unwinds so that temporary files are removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raised(signum: int) -> BaseException:
    """What a signal raises: ``KeyboardInterrupt`` for Ctrl-C, :class:`Stopped` else."""
    return KeyboardInterrupt() if signum == signal.SIGINT else Stopped(signum)


def stopping(signum: int, frame: object) -> None:
    """The handler of the signals that stop the command line: keeps the signal for the
    thread it runs in (the first one only), raises."""
    if kept() is None:
        _kept.signum = signum
    raise _raised(signum)


def kept() -> int | None:
    """The signal kept for this thread, if any."""
    signum: int | None = getattr(_kept, "signum", None)
    return signum


def check() -> None:
    """Raise again the signal kept for this thread, if any (one a library's code swallowed);
    in any other thread, nothing."""
    signum = kept()
    if signum is not None:
        raise _raised(signum)


def forget() -> None:
    """Forget the signal kept for this thread (the run it stopped has ended); one kept for
    another thread stays."""
    _kept.signum = None
