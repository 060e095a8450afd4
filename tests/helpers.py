"""Helpers for tests: evaluate a dict and read which clauses failed."""

from __future__ import annotations

from typing import Any, NamedTuple

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


def explained(call: callrules.Call, app: Any) -> Explained:
    """What ``call``'s rules find on ``app``, at the level of the rule language: an amount
    that needs an exchange rate the application does not give is a finding here, where
    :func:`callrules.evaluate` makes the whole application incomplete input (exit 2)."""
    application = app if isinstance(app, callrules.Application) else call.parse(app)
    return Explained(tuple(call.program.findings(application)))
