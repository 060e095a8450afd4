"""How many examples each law of the suite draws: ``settings``, hypothesis' own, with the
examples a law asks for in a developer's run, and a quarter as many (ten at least) under CI.

CI runs every law on examples drawn from a seed the test itself fixes (``derandomize``, the
``ci`` profile in ``conftest``), the same examples on every run of the same code: they are a
gate, not a search. The search is the developer's runs (examples random, every one asked
for) and the stress runs before a merge (three times as many: ``LAWS_TIMES=3``, below). A quarter
of the examples keeps CI within its time on two cores (half had grown to 1,991 s, over the
30 minutes: docs/quality.md); a law's failing examples once found stay as ``@example``
cases, drawn on every run whatever the count."""

from __future__ import annotations

import os
from typing import Any

import hypothesis
import pytest

#: The share of the examples a law asks for that CI draws.
CI_SHARE = 0.25
#: The fewest examples a law draws under CI (or all it asks for, if fewer).
CI_LEAST = 10
#: The variable that multiplies the examples of a developer's run: ``LAWS_TIMES=3`` for the
#: stress run before a merge (a whole number, 1 when unset; CI ignores it).
TIMES = "LAWS_TIMES"


def drawn(asked: int, ci: bool, times: int = 1) -> int:
    """How many examples a law asking for ``asked`` draws (``ci``: under CI; ``times``: the
    developer's multiplier, ignored under CI)."""
    return max(min(asked, CI_LEAST), int(asked * CI_SHARE)) if ci else asked * times


def times() -> int:
    """The multiplier :data:`TIMES` sets: a whole number of at least 1, or a usage error."""
    given = os.environ.get(TIMES, "1")
    if not given.isdigit() or int(given) < 1:
        raise pytest.UsageError(f"{TIMES} must be a whole number of at least 1, not {given!r}")
    return int(given)


def settings(*, max_examples: int | None = None, **kwargs: Any) -> hypothesis.settings:
    """hypothesis' ``settings``, ``max_examples`` (None: the profile's) drawn as
    :func:`drawn` says for this run."""
    asked = hypothesis.settings.default.max_examples if max_examples is None else max_examples
    return hypothesis.settings(
        max_examples=drawn(asked, bool(os.environ.get("CI")), times()), **kwargs)
