"""A record with a label saying where it came from: what every reader yields and every
batch takes. Its own module, below both the readers (:mod:`callrules._sources`) and the
evaluation (:mod:`callrules._evaluate`), so that the evaluation can read a batch given as
an open file with the readers, and the readers label their records, without a cycle."""

from __future__ import annotations

from typing import Any, NamedTuple

__all__ = ["Sourced"]


class Sourced(NamedTuple):
    """A record with a label saying where it came from (``file.jsonl:3``)."""

    source: str
    data: Any
