"""Suggestions: the one home of "did you mean …?" for names a person wrote."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["did_you_mean"]


def did_you_mean(name: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """``did you mean 'x'?`` for the choice closest to ``name``, or ``None``.

    >>> did_you_mean("dedline", ["opening", "deadline"])
    "did you mean 'deadline'?"
    """
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=cutoff)
    return f"did you mean {close[0]!r}?" if close else None
