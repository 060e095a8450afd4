"""The notice that the temporary folder refused the file of a batch's keys
(:mod:`callrules._private_database`): said once a process, whichever thread sees it first,
in a ``WARNING`` of the logger ``callrules`` in the session's language."""

from __future__ import annotations

import logging
import threading

from callrules._in_words import ExactInWords
from callrules._renderings import renderings

__all__ = ["say_refused"]

_LOG = logging.getLogger("callrules")
_SAID = threading.Lock()
#: Whether the process has said that the temporary folder refused a file (said once).
_refusal_said = False


def say_refused(most: int, long: bool = False) -> None:
    """Say, once a process whichever thread comes first, that the temporary folder refuses
    the file of a batch's keys: they are kept in memory, ``most`` of them at most (``long``:
    about so many, the bound of their characters reached first by keys as long as these)."""
    global _refusal_said
    with _SAID:
        if _refusal_said:
            return
        _refusal_said = True
    _LOG.warning("callrules: %s", renderings().phrase(
        "spill_refused_long" if long else "spill_refused", None, most=ExactInWords(most)))
