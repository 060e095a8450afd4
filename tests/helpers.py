"""Helpers for tests: evaluate a dict and read which clauses failed."""

from __future__ import annotations

import io
import re
import tracemalloc
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

import callrules


def clauses(call: callrules.Call, data: dict[str, Any]) -> set[str]:
    """The clause ids with at least one finding (errors and warnings)."""
    return {f.clause for f in callrules.evaluate(call, data).findings}


def codes(call: callrules.Call, data: dict[str, Any]) -> set[tuple[str, str]]:
    """The (clause, code) pairs of the findings."""
    return {(f.clause, f.code) for f in callrules.evaluate(call, data).findings}


class Explained(NamedTuple):
    """The findings of a call's rules on an application, as the rule language explains them."""

    findings: tuple[callrules.Finding, ...]

    @property
    def eligible(self) -> bool:
        return not any(f.severity is callrules.Severity.ERROR for f in self.findings)

    @property
    def outcome(self) -> bool | None:
        """Eligible or not; ``None`` when a rule cannot be judged (an amount without its
        exchange rate, a table without the rate: the findings say so)."""
        if any(f.code in UNJUDGED for f in self.findings):
            return None
        return self.eligible

    def judged(self, outcome: bool | None) -> tuple[callrules.Finding, ...]:
        """The findings, less those saying a part cannot be judged when ``outcome`` is known
        (a rule whose outcome is the same whatever that part is)."""
        if outcome is None:
            return self.findings
        return tuple(f for f in self.findings if f.code not in UNJUDGED)


#: The codes of the findings that say a test cannot be judged.
UNJUDGED = frozenset({"missing_exchange_rate", "no_rate", "no_rate_in_force"})


def kleene_and(*values: bool | None) -> bool | None:
    """Three-valued "and": false if one is false, else unknown if one is unknown."""
    return False if False in values else None if None in values else True


def kleene_or(*values: bool | None) -> bool | None:
    """Three-valued "or": true if one is true, else unknown if one is unknown."""
    return True if True in values else None if None in values else False


def explained(call: callrules.Call, app: Any) -> Explained:
    """What ``call``'s rules find on ``app``, at the level of the rule language: an amount
    that needs an exchange rate the application does not give is a finding here, where
    :func:`callrules.evaluate` makes the whole application incomplete input (exit 2)."""
    application = app if isinstance(app, callrules.Application) else call.parse(app)
    return Explained(tuple(call.program.findings(application)))


def decision(call: callrules.Call, application: Any) -> list[int] | None:
    """The rules the generated decision fails (their indexes), or ``None`` when it meets a
    test it cannot judge (an exchange rate or a table rate missing): the explanations of
    every rule then decide, and say where."""
    try:
        return call.program.decide(application)
    except (callrules.MissingExchangeRateError, callrules.NoRateError):
        return None


def decision_agrees(call: callrules.Call, application: Any, found: Any) -> bool:
    """Law: the decision fails some rule exactly when the explanations find something, or
    it could not judge a test and the explanations decided."""
    decided = decision(call, application)
    return decided is None or bool(decided) is bool(found)


#: What /work/shared/tools/code_tokens.py counts as code in a text for people (that script
#: runs on import, so its patterns are repeated here): snake_case, dotted paths, list
#: indexes, $-variables, raw dicts; e-mail addresses, URLs and file names do not count.
_NOT_CODE = re.compile(r"\S+@\S+|https?://\S+|\b[\w-]+\.(json|toml|csv|jsonl)\b")
_CODE = [re.compile(p) for p in (
    r"\b[a-z]+_[a-z_]+\b", r"\b[a-z_]+(\[\d+\])?\.[a-z_]+(\.[a-z_]+)*\b", r"\w\[\d+\]",
    r"\$[A-Za-z_]\w*", r"\{'\w+'")]


def code_tokens(text: str) -> list[str]:
    """The code-like tokens of ``text`` (empty for words only)."""
    text = _NOT_CODE.sub(" ", text)
    return [m.group(0) for pattern in _CODE for m in pattern.finditer(text)]


def with_value(data: Any, place: tuple[str | int, ...], value: object) -> Any:
    """``data`` (changed in place, and returned) with the value at ``place`` replaced."""
    inner: Any = data
    for step in place[:-1]:
        inner = inner[step]
    inner[place[-1]] = value
    return data


class Flushed(io.StringIO):
    """Standard output that keeps what had been written at each flush (what a reader had
    when a run was stopped there)."""

    def __init__(self) -> None:
        super().__init__()
        self.flushed: list[str] = []

    def flush(self) -> None:
        self.flushed.append(self.getvalue())


_T = TypeVar("_T")


def traced_peak(work: Callable[[], _T]) -> tuple[_T, int]:
    """What ``work()`` returns, and the peak of the memory Python allocated while it ran
    (``tracemalloc``'s, in bytes), tracing stopped whatever happens."""
    tracemalloc.start()
    try:
        done = work()
        return done, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
