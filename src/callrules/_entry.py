"""Where the ``callrules`` command starts (the console script and ``python -m callrules``).

Ctrl-C while the command line's modules load (pydantic building its schemas, babel, the
calls: the first seconds) would raise ``KeyboardInterrupt`` in the middle of a library,
which prints its traceback, or swallows it and lets the run go on to a verdict's code. So
SIGINT takes its default action first, before anything heavy is imported: the process ends
at once, stopped by the signal (130 for a shell), with no traceback, nothing printed and
nothing to remove yet; :func:`callrules._cli.main` makes it unwind again (``callrules:
interrupted``, temporary files removed) once its own handling is in place. SIGTERM and
SIGHUP keep their default action until then too. A signal the process was started to
ignore (``nohup``, a background job's SIGINT) stays ignored. Only ``import callrules``
itself (its errors and words, a fraction of a second) comes before, as Python's own start
does.
"""

from __future__ import annotations

import signal
import threading
from importlib import import_module


def main() -> int:
    """Run the command line (:func:`callrules._cli.main`) with SIGINT taking its default
    action while the modules load; SIGINT's handler as it was once it returns."""
    # (Python's own handler only: not one ignored, nor a caller's; and only where a
    # handler may be set, the main thread)
    quiet = signal.getsignal(signal.SIGINT) is signal.default_int_handler \
        and threading.current_thread() is threading.main_thread()
    if quiet:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
    try:
        # the heavy imports, then the command (imported here, not at the top: after the
        # signal's action is set)
        cli = import_module("callrules._cli")
        code: int = cli.main()
        if code in cli.STOPPED_CODES:  # stopped by a signal, the process about to end:
            # what standard output holds is never written (a reader paused, its pipe
            # full, would block the exit for ever); here, never in callrules._cli.main,
            # which a program may run in-process and keep printing after. Nor what
            # standard error holds: its words were flushed as said, but for one given up
            # on a reader that did not read (callrules._deadline)
            cli.quiet_stdout()
            cli.quiet_stderr()
        return code
    finally:
        if quiet:
            signal.signal(signal.SIGINT, signal.default_int_handler)
