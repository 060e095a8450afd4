"""JSON numbers as exact Python values, or a JSON error for a number no value can hold.

A number is read as a Decimal (a fraction or an exponent) or an int, exactly. Some numbers
JSON allows cannot be held: an exponent past Decimal's limits (``1e9999999999999999999``,
``1e-9999999999999999999``, 40 bytes) raises ``decimal.InvalidOperation``, an integer of
more digits than Python converts (4300) a ``ValueError``; out of a decoder, either would
escape a reader that waits for a JSON error, and stop a whole batch for one value. So every
JSON parse of callrules reads numbers through these hooks: such a number is a
:class:`NumberOutOfRange`, a ``json.JSONDecodeError`` (its ``doc`` the number's text, its
``pos`` 0: the decoder does not say where the number is), the problem of its record alone.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

__all__ = ["NUMBER_TEXT", "NumberOutOfRange", "decimal_number", "whole_number"]

#: The reason of the error, as pydantic's own parser words it for a record it reads.
_REASON = "number out of range"


class NumberOutOfRange(json.JSONDecodeError):
    """A JSON number no Python value holds; ``doc`` is its text. ``end``: where the value
    holding it ends, when a reader found it whole (its syntax right: one problem, the value
    read past as any whole value is)."""

    end: int | None = None


def decimal_number(text: str) -> Decimal:
    """A JSON number with a fraction or an exponent, exactly (``parse_float``)."""
    try:
        return Decimal(text)
    except InvalidOperation:
        raise NumberOutOfRange(_REASON, text, 0) from None


def whole_number(text: str) -> int:
    """A JSON integer (``parse_int``)."""
    try:
        return int(text)
    except ValueError:  # more digits than sys.get_int_max_str_digits()
        raise NumberOutOfRange(_REASON, text, 0) from None


#: A decoder that reads numbers as their text: where a value holding one no Python value
#: holds ends.
NUMBER_TEXT = json.JSONDecoder(parse_float=str, parse_int=str)
