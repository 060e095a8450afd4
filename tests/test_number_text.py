"""An exact number as one text, however it was written (``callrules._json_numbers``).

The reading digest of a call and a batch's index read an amount as one text, so that
``3100``, ``3100.0`` and ``3.1e3`` are one amount. The function lived in the batch index's
module, which the record's module then imported for its own digest (look76r F7): it lives
with the other exact readings of JSON numbers, which import nothing of callrules.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from callrules import _batch_index
from callrules._json_numbers import number_text
from tests.laws import settings


class TestANumberAsOneText:
    @settings(max_examples=100)
    @given(st.integers(-10**12, 10**12), st.integers(-3, 6), st.integers(0, 6))
    def test_a_number_written_with_more_zeros_is_one_text_and_reads_back(
            self, digits: int, places: int, zeros: int) -> None:
        """A number and the same written with ``zeros`` more zeros, or with an exponent:
        one text, which reads back as the number; the batch index's module no longer
        holds it (look76r F7)."""
        value = Decimal(digits).scaleb(-places)
        padded = value.quantize(Decimal(1).scaleb(-max(places, 0) - zeros))
        assert padded == value
        assert number_text(padded) == number_text(value)
        assert Decimal(number_text(value)) == value
        assert "E" not in number_text(value).upper()
        assert "number_text" not in _batch_index.__all__
        assert number_text.__module__ == "callrules._json_numbers"
