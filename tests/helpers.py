"""Helpers for tests: evaluate a dict and read which clauses failed."""

from __future__ import annotations

from typing import Any

import callrules


def clauses(call: callrules.Call, data: dict[str, Any]) -> set[str]:
    """The clause ids with at least one finding (errors and warnings)."""
    return {f.clause for f in callrules.evaluate(call, data).findings}


def codes(call: callrules.Call, data: dict[str, Any]) -> set[tuple[str, str]]:
    """The (clause, code) pairs of the findings."""
    return {(f.clause, f.code) for f in callrules.evaluate(call, data).findings}
