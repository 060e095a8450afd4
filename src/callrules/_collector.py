"""The garbage collector paused while a parse makes many objects, safely across threads.

Python's collector runs after every few hundred lists or objects made, and walks every
object of the process each time: reading a megabyte of ``[[[]]]`` would walk the whole
process thousands of times over, though the values a JSON text makes hold no cycle. So a
parse runs with the collector paused (:func:`paused`).

The collector's switch is the process's, not a thread's: a parse that saved "on", switched
it off and put back what it saved would, beside another thread's parse, put back "off" for
good (att63: 4 threads reading JSON left the collector off after 10 of 10 two-second runs,
and the service's memory grew by the batches whose clients hung up, 308 → 617 MB over 100,
objects of cycles freed by the collector only). So the pauses are counted under one lock:
the first pause saves the switch and turns it off, the last puts back what the first saved.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["paused"]

_LOCK = threading.Lock()
#: How many pauses are running, in every thread; and whether the collector ran before the
#: first of them.
_state = {"pauses": 0, "was_on": False}


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block, on again after it if it was on before the first of
    the pauses running in any thread when the last of them ends."""
    with _LOCK:
        if _state["pauses"] == 0:
            _state["was_on"] = gc.isenabled()
            gc.disable()
        _state["pauses"] += 1
    try:
        yield
    finally:
        with _LOCK:
            _state["pauses"] -= 1
            if _state["pauses"] == 0 and _state["was_on"]:
                gc.enable()
