"""The keys of a batch's rules spanning applications as they are kept on disk
(:mod:`callrules._private_database`): JSON, each instant, amount and decimal tagged by type so
that it reads back exactly (:func:`dump`, :func:`load`). Never pickle: nothing but data is
ever read back."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from callrules._money import Money

__all__ = ["dump", "load"]


def dump(value: Any) -> str:
    """``value`` (a key, or entries) as JSON, each order, value and instant tagged by type so
    that it reads back exactly (no pickle: nothing but data is ever read back)."""
    return json.dumps(value, default=_tag, separators=(",", ":"))


def _tag(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, Money):
        return {"$money": [format(value.amount, "f"), value.currency]}
    raise TypeError(f"cannot keep {type(value).__name__} on disk")


def _untag(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        ((tag, data),) = obj.items()
        if tag == "$datetime":
            return datetime.fromisoformat(data)
        if tag == "$date":
            return date.fromisoformat(data)
        if tag == "$decimal":
            return Decimal(data)
        if tag == "$money":
            return Money(data[0], data[1])
    return obj


def load(data: str) -> Any:
    """What :func:`dump` wrote, read back (an entry as the tuple it was)."""
    loaded = json.loads(data, object_hook=_untag)
    return tuple(loaded) if isinstance(loaded, list) else loaded
