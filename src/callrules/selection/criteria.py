"""The call's selection criteria and rules, as a loaded call declares them, read once per call.

:func:`selection_rules` gives the :class:`SelectionRules` of ``[[criteria]]`` and
``[selection]`` (read and checked by :mod:`callrules.selection.declaration`, which the call's
loading already ran: a call that loads has none of their mistakes), or
:class:`~callrules.DefinitionError` ``no_criteria`` for a call that declares no criteria.
"""

from __future__ import annotations

import weakref

from callrules._call import Call
from callrules.exceptions import ArgumentError
from callrules.selection.declaration import (
    COMBINE,
    LIMIT_KINDS,
    Criterion,
    PortfolioLimit,
    Scale,
    SelectionRules,
    read_selection,
)

__all__ = ["COMBINE", "LIMIT_KINDS", "Criterion", "PortfolioLimit", "Scale", "SelectionRules",
           "selection_rules"]

_CACHE: weakref.WeakKeyDictionary[Call, SelectionRules] = weakref.WeakKeyDictionary()


def selection_rules(call: Call) -> SelectionRules:
    """The selection criteria and rules ``call`` declares, read and checked once per call.

    :class:`~callrules.DefinitionError` (naming the file and the place in it) if they are
    malformed, or if the call declares no criteria.
    """
    ArgumentError.check(call, Call, "call: a Call", argument="call")
    found = _CACHE.get(call)
    if found is None:
        found = read_selection(call.definition, source=call.source)
        _CACHE[call] = found
    return found


