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
"""

from __future__ import annotations

import signal

__all__ = ["Stopped", "check", "forget", "kept", "stopping"]

#: The signal that asked the run to stop, if one did (kept until :func:`forget`).
_kept: list[int] = []


class Stopped(BaseException):
    """A signal asked the process to stop: unwinds so that temporary files are removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raised(signum: int) -> BaseException:
    """What a signal raises: ``KeyboardInterrupt`` for Ctrl-C, :class:`Stopped` else."""
    return KeyboardInterrupt() if signum == signal.SIGINT else Stopped(signum)


def stopping(signum: int, frame: object) -> None:
    """The handler of the signals that stop the command line: keeps the signal, raises."""
    if not _kept:
        _kept.append(signum)
    raise _raised(signum)


def kept() -> int | None:
    """The signal kept, if any."""
    return _kept[0] if _kept else None


def check() -> None:
    """Raise again the signal kept, if any (one a library's code swallowed)."""
    if _kept:
        raise _raised(_kept[0])


def forget() -> None:
    """Forget the signal kept (the run it stopped has ended)."""
    _kept.clear()
