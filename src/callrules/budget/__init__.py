"""Budgets: dated rate tables, rounding declared by a call, and splits to the cent.

The modules, each depending only on the model (money, limits, errors): ``tables`` (a
parameter that is a table of rates in dated versions, and the one routine that looks a rate
up), ``rounding`` (a unit and a mode, declared by a call or by an expression) and ``split``
(an amount shared by ratios, adding up to the total to the cent). The rule language reads
them (the ``lookup`` and ``round`` expressions); :func:`callrules.split` is public.
"""

__all__: list[str] = []
