"""Helpers for tests: evaluate a dict and read which clauses failed."""

from __future__ import annotations

import re
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
