"""A limit of a field, as its problem's context writes it, carrying the value it writes.

A problem's context is text, to be written as JSON (:meth:`callrules.InputProblem.to_dict`)
and read by programs: a declared field's ``min`` is kept as the call file writes it
(``"0.90"``, ``"2020-01-01"``, ``"10.00 NZD"``), pydantic's ``ge`` as its digits. Its
message says the limit as the rules' findings say such a value (« 0,9 », « 1er janvier
2020 »): a :class:`BoundText` is that text, and beside it the value it was written from
(:attr:`BoundText.value`: a number, a date, an aware instant, an amount), so that the words
are made from the value itself, never from the text read back. It is a ``str``: equal to
its text, written as its text in JSON and records, the same in every other way.
"""

from __future__ import annotations

from typing import Any

__all__ = ["BoundText"]


class BoundText(str):
    """A limit's text (a ``str``, as written) and the value it writes (``value``).

    >>> from decimal import Decimal
    >>> limit = BoundText("0.90", Decimal("0.90"))
    >>> limit == "0.90", limit.value, type(str(limit)).__name__
    (True, Decimal('0.90'), 'str')
    """

    value: Any

    def __new__(cls, text: str, value: Any) -> BoundText:
        made = super().__new__(cls, text)
        made.value = value
        return made

    def __reduce__(self) -> tuple[Any, tuple[str, Any]]:  # (a batch's other processes)
        return (BoundText, (str(self), self.value))
