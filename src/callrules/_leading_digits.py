"""The first digits of a whole number too long to write whole (:func:`leading_digits`).

A refusal quotes a number by the characters :func:`callrules._in_words.cut` keeps of its
text; a Python int of millions of digits is never written whole for that (its decimal
conversion is quadratic, and refused past Python's own limit). Its first digits are read
from its leading bits instead, in time bounded by a fixed number of passes over it, even
for a number crafted so that its digits after the 120th are all nines or zeros (look78w F2,
wrdmend78).
"""

from __future__ import annotations

import decimal
from decimal import Decimal

__all__ = ["EXACT_BITS", "SHOWN_DIGITS", "leading_digits"]

#: How many first digits :func:`leading_digits` gives (more than a cut shows).
SHOWN_DIGITS = 120

#: Decimal digits a bit (log10 2, rounded down): how many digits a count of bits makes.
_DIGITS_A_BIT = 0.30102999566398

#: The leading bits read, in turn, until two bounds of the number agree on its first
#: :data:`SHOWN_DIGITS` digits (each pass linear in the number's length).
_TOP_BITS = (480, 1_920, 7_680, 30_720)

#: The longest number (in bits, about 39,000 digits) whose first digits are found by an
#: exact division when the bounds never agree (a power of ten): past it the division would
#: cost as much as writing a number of millions of digits.
EXACT_BITS = 131_072


def leading_digits(whole: int) -> str:
    """The first :data:`SHOWN_DIGITS` digits of a positive ``whole`` longer than them.

    Read from its leading bits, between two bounds whose first digits agree. When they
    never agree, ``whole`` is nearer than one part in 10**9000 to a round number ``B *
    10**k`` (a power of ten, ``10**k - 1``): its first digits are found by an exact
    division if it has at most :data:`EXACT_BITS` bits. Past that, they are those of the
    number just below ``B * 10**k`` when ``whole`` is below it by less than 2**64 (told
    modulo :data:`_CHECK`: ``10**k - 1``), else ``B``'s, the number rounded to its first
    120 digits: exact when ``whole`` is ``B * 10**k`` or above it (``10**k``, ``7 * 10**k
    + 10**100``), rounded up only when it is below by 2**64 or more yet by less than one
    part in 10**9000 (``10**k - 10**100``, 120 nines, is quoted as 1 and 119 zeros); and
    one lower only for a number crafted above ``B * 10**k`` by a multiple of
    :data:`_CHECK` less 2**64 at most.

    >>> leading_digits(10 ** 5000)[:3], leading_digits(2 ** 20000)[:10]
    ('100', '3980276840')
    >>> [leading_digits(10 ** 99_999 + d)[:4] for d in (0, -1, 10 ** 100, -(10 ** 100))]
    ['1000', '9999', '1000', '1000']
    """
    length = whole.bit_length()
    for top_bits in _TOP_BITS:
        shift = max(length - top_bits, 0)
        low, high = _bounds(whole >> shift, shift, int(top_bits * _DIGITS_A_BIT))
        first, last = (bound.as_tuple().digits[:SHOWN_DIGITS] for bound in (low, high))
        if first == last and low.adjusted() == high.adjusted():
            return "".join(map(str, first))
    if length <= EXACT_BITS:
        return str(whole // 10 ** max(int(length * _DIGITS_A_BIT) - 150, 0))[:SHOWN_DIGITS]
    boundary = high.as_tuple().digits[:SHOWN_DIGITS]
    shown = int("".join(map(str, boundary)))
    power = high.adjusted() - (SHOWN_DIGITS - 1)
    below = (whole - shown * pow(10, power, _CHECK)) % _CHECK > _CHECK - 2 ** 64
    return "".join(map(str, (low.as_tuple().digits[:SHOWN_DIGITS] if below else boundary)))


#: The modulus by which a number past :data:`EXACT_BITS` is told just below the round number
#: it is nearest (:func:`leading_digits`): one pass over it, unlike the round number.
_CHECK = 2 ** 64 * (2 ** 61 - 1)


def _bounds(top: int, shift: int, digits: int) -> tuple[Decimal, Decimal]:
    """Two numbers around ``top << shift``'s range ``[top, top + 1) · 2**shift``, to
    ``digits`` digits (a margin of 16 digits for the roundings)."""
    with decimal.localcontext() as context:
        context.prec, context.Emax = digits + 16, decimal.MAX_EMAX
        margin = Decimal(10) ** (4 - digits)
        context.rounding = decimal.ROUND_FLOOR
        low = Decimal(top) * Decimal(2) ** shift * (1 - margin)
        context.rounding = decimal.ROUND_CEILING
        high = Decimal(top + 1) * Decimal(2) ** shift * (1 + margin)
    return low, high
