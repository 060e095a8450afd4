"""How long a refusal takes to quote a Python int of millions of digits by its first digits
(``callrules._leading_digits``, look78w F2): numbers crafted so that their digits after the
120th are zeros or nines (once 34 s for 10,000,000 digits), round numbers and their
neighbours. Printed for each: the seconds to build the number, the seconds of
``number_text``, beside the target (within 0.5 s whatever the number: a fixed number of
passes over it), and whether the first 100 digits, all a cut shows, are the number's own.

    python benchmarks/leading_digits.py
"""

from __future__ import annotations

import time
from decimal import MAX_EMAX, Decimal, localcontext

from callrules._models import number_text

#: The seconds a quote may take, whatever the number.
TARGET = 0.5


def crafted(digits: int, top_bits: int, step: int) -> int:
    """A number of ``digits`` digits whose leading ``top_bits`` bits are those nearest to
    120 sevens followed by zeros (``step`` away): its digits after the 120th are zeros or
    nines for about ``top_bits * 0.3`` digits; built in linear time."""
    shift = int(digits * 3.3219280948873626) - top_bits
    with localcontext() as context:
        context.prec, context.Emax = top_bits // 3 + 400, MAX_EMAX
        near = Decimal(int("7" * 120)) * Decimal(10) ** (digits - 120) / Decimal(2) ** shift
        return (int(near.to_integral_value()) + step) << shift


def run() -> None:
    cases: list[tuple[str, object, str]] = []
    for digits in (1_000_000, 3_000_000, 10_000_000):
        for top_bits, step in ((480, 0), (40_000, 1), (40_000, -1)):
            cases.append((f"{digits:,} digits, zeros or nines for {top_bits * 3 // 10:,} "
                          f"({'above' if step >= 0 else 'below'})",
                          lambda d=digits, t=top_bits, s=step: crafted(d, t, s), "7" * 100))
    for k in (1_000_000, 3_000_000):
        for name, delta, want in (("", 0, "1" + "0" * 99), (" - 1", -1, "9" * 100),
                                  (" + 10**100", 10 ** 100, "1" + "0" * 99)):
            cases.append((f"10**{k:,}{name}", lambda k=k, d=delta: 10 ** k + d, want))
    for label, build, want in cases:
        start = time.perf_counter()
        number = build()  # type: ignore[operator]
        built = time.perf_counter() - start
        start = time.perf_counter()
        text = number_text(number)
        took = time.perf_counter() - start
        print(f"{label}: built in {built:.3f} s, quoted in {took:.3f} s "
              f"({'met' if took <= TARGET else 'MISSED'}: {TARGET} s), first 100 digits "
              f"{'exact' if text[:100] == want else 'DIFFER'}", flush=True)


if __name__ == "__main__":
    run()
