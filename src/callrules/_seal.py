"""The seal of a record: one digest over every part of a decision or selection record.

Both kinds of record are sealed the same way, by this module: ``input_digest`` covers the
input (``input`` of a decision, ``inputs`` of a selection), and ``record_digest`` covers
every other part together (the version, the call and library named, the instants, the
verdict or outcome, the input's digest), so that an edit of any one value, or of several
together, is refused as an alteration. A part that the record's version does not have (an
added ``signed_by``, a ``note`` in the call it names) is refused too, before the seal is
compared: an unknown part would otherwise stand beside the sealed ones unjudged. A digest,
not a signature: it tells an edit from an accident, not from a forger who computes it again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

__all__ = ["CALL_PARTS", "canonical", "digest", "is_version", "seal", "unknown_parts"]

#: Not under ``record_digest``: the input (under ``input_digest``) and the seal itself.
_NOT_SEALED = frozenset({"input", "inputs", "record_digest"})
#: The parts of the call a record names.
CALL_PARTS = frozenset({"id", "version", "digest"})


def canonical(value: Any) -> str:
    """``value``'s canonical JSON: sorted keys, no spaces, any other value as its text. Two
    values are the same for a record exactly when their canonical forms are (what
    :func:`digest` seals, and what a finding said once is keyed on).

    >>> canonical({"b": [1, "1"], "a": None})
    '{"a":null,"b":[1,"1"]}'
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)


def digest(value: Any) -> str:
    """``sha256:`` and the hex digest of ``value``'s canonical JSON (:func:`canonical`; text
    that is not valid Unicode, a lone surrogate, is written as its escape)."""
    text = canonical(value)
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def seal(record: Mapping[str, Any]) -> str:
    """The ``record_digest`` of ``record``: the digest of every part of it but its input
    (which ``input_digest`` covers) and the seal itself."""
    return digest({k: v for k, v in record.items() if k not in _NOT_SEALED})


def unknown_parts(record: Mapping[str, Any], parts: frozenset[str]) -> list[str]:
    """The parts of ``record`` that a record of its kind does not have (``parts`` are its
    own), and those of the call it names beyond :data:`CALL_PARTS`, each quoted as a person
    reads it (``“note” (in the call it names)``), sorted: a record with any is refused,
    whatever its seal says."""
    unknown = [f"“{k}”" for k in sorted(str(k) for k in record if k not in parts)]
    named = record.get("call")
    if isinstance(named, Mapping):
        unknown += [f"“{k}” (in the call it names)"
                    for k in sorted(str(k) for k in named if k not in CALL_PARTS)]
    return unknown


def is_version(value: Any, version: int) -> bool:
    """Whether ``value`` is the integer ``version`` (``true`` and ``2.0`` are not 1 and 2)."""
    return type(value) is int and value == version
