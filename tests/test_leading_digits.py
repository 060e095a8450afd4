"""The first digits of a whole number too long to write whole (``callrules._leading_digits``).

A refusal quotes a Python int of millions of digits by its first digits, read from its
leading bits (wrd78). A number crafted so that its digits after the 120th are zeros or
nines made the reading fall back on an exact division, as slow as writing the number
(10,000,000 digits: 34 s, look78w F2): the reading now takes a fixed number of passes
(``benchmarks/leading_digits.py`` measures them), and the law below holds its digits.
"""

from __future__ import annotations

import sys

from hypothesis import example, given
from hypothesis import strategies as st

from callrules._in_words import cut
from callrules._leading_digits import EXACT_BITS, SHOWN_DIGITS, leading_digits
from callrules._models import answer_number_text
from tests.laws import settings


@given(head=st.integers(1, 10 ** 30), places=st.integers(3_700, 42_000),
       near=st.integers(-(10 ** 30), 10 ** 30), zeros=st.integers(0, 200))
@example(head=1, places=40_000, near=-1, zeros=0)     # 10**40000 - 1: past EXACT_BITS
@example(head=7, places=40_000, near=5, zeros=0)      # 7 * 10**40000 + 5
@example(head=1, places=3_700, near=0, zeros=0)       # 10**3700, within EXACT_BITS
@example(head=1, places=40_000, near=1, zeros=100)    # 10**40000 + 10**100
@example(head=1, places=40_000, near=-1, zeros=100)   # 10**40000 - 10**100: rounded
@example(head=3, places=12_000, near=-1, zeros=100)   # within EXACT_BITS: exact
@settings(max_examples=100, deadline=None)
def test_the_first_digits_of_a_long_whole_number_are_its_own(
        head: int, places: int, near: int, zeros: int) -> None:
    """Law (wrdmend78): a whole number of 12,000 bits or more, round (``head * 10**k``) or
    near one by a few units or by a number followed by up to 200 zeros (digits after the
    120th all nines or zeros, those whose bounds never agree), past :data:`EXACT_BITS` too,
    is quoted by its own first 120 digits, and a cut of that text is a cut of its text;
    past :data:`EXACT_BITS`, one below its round number by 2**64 or more (yet by less than
    one part in 10**9000) by those of the round number, as documented."""
    number = head * 10 ** places + near * 10 ** zeros
    if number.bit_length() <= 12_000:
        return
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        whole = str(number)
    finally:
        sys.set_int_max_str_digits(old)
    if number.bit_length() > EXACT_BITS and near * 10 ** zeros <= -(2 ** 64):
        whole = str(head) + "0" * SHOWN_DIGITS  # (rounded up to its first 120 digits)
    assert leading_digits(number) == whole[:SHOWN_DIGITS]
    assert cut(answer_number_text(-number)) == cut("-" + whole)


@given(head=st.integers(1, 10 ** 30), places=st.integers(91, 1_200),
       near=st.integers(-(10 ** 30), 10 ** 30), zeros=st.integers(0, 200))
@example(head=1, places=130, near=0, zeros=0)   # 10**130: a float's text before (att92)
@settings(max_examples=100, deadline=None)
def test_a_shorter_whole_number_longer_than_its_shown_digits_gives_them(
        head: int, places: int, near: int, zeros: int) -> None:
    """Law: any whole number of more than :data:`SHOWN_DIGITS` digits, however short, gives
    its own first digits (the exact division of a number of fewer than 150 digits divided by
    a negative power of ten, a float: ``1.0000000000000002e+150`` for ``10**130``)."""
    number = head * 10 ** places + near * 10 ** zeros
    if number <= 0 or len(str(number)) <= SHOWN_DIGITS:
        return  # (a positive number, as the function takes)
    assert leading_digits(number) == str(number)[:SHOWN_DIGITS]
