"""``unique``: across a batch, at most one application per value (one application per host).

It spans applications, so it is not part of one application's decision: the call keeps it
as a :class:`BatchRule`, which a batch evaluation (:mod:`callrules._evaluate`) applies. The
first application by ``order_by`` stands; each later one fails ``duplicate``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from callrules import _definitions as d
from callrules._report import Severity
from callrules.language.form import Loc

__all__ = ["BatchRule", "build_batch_rule"]

_ORDERED = {"int", "decimal", "date", "datetime", "money"}


@dataclass(frozen=True, slots=True)
class BatchRule:
    """A rule that spans the applications of a batch (``unique``)."""

    clause: str
    severity: Severity
    key: Callable[[Any], Any]
    order: Callable[[Any], Any] | None
    loc: Loc
    case_insensitive: bool


def build_batch_rule(raw: d.Unique, checker: Any, floc: Loc) -> BatchRule:
    """The batch rule of a ``unique`` check, its paths checked against the models."""
    scope = checker.scope_of(checker.root)
    key = checker.operand(raw.path, scope, floc + ("path",))
    if key.path.type.kind not in ("str", "int") or key.path.var is not None:
        raise checker.error(f"unique compares a text or number field, not "
                            f"{key.path.type.describe()}", floc + ("path",), "wrong_type")
    order = None
    if raw.order_by is not None:
        order = checker.operand(raw.order_by, scope, floc + ("order_by",))
        if order.path.type.kind not in _ORDERED or order.path.type.optional:
            raise checker.error("order_by names a date, instant or number that is always set",
                                floc + ("order_by",), "wrong_type")
    return BatchRule(checker.clause, checker.severity, key.path.getter,
                     order.path.getter if order else None, key.path.loc, raw.case_insensitive)
