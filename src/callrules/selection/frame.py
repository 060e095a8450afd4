"""A selection as a pandas DataFrame (the optional ``pandas`` extra), columns labelled in the
reader's language, amounts and scores as exact decimals."""

from __future__ import annotations

import importlib
from typing import Any

from callrules.exceptions import ArgumentError, given_locale
from callrules.selection.render import columns, rows
from callrules.selection.result import Selection

try:
    pandas = importlib.import_module("pandas")
except ImportError as exc:  # pragma: no cover - the extra is installed in the test setup
    raise ImportError("a DataFrame needs pandas: pip install 'callrules[pandas]'") from exc

__all__ = ["selection_frame"]


def selection_frame(selection: Selection, locale: str = "en") -> Any:
    """One row per application, in the selection's order; an application's id is the index
    (an id that two different records of the batch have, neither ranked, indexes both rows:
    the index is unique exactly when the batch's ids are).

    Scores and amounts stay ``Decimal`` (an ``object`` column), never floats.
    """
    ArgumentError.check(selection, Selection, "selection: a Selection", argument="selection")
    given_locale(locale)  # (not text, or naming no language: refused in words)
    heads = columns(selection, locale)
    frame = pandas.DataFrame(rows(selection, locale), columns=heads, dtype=object)
    return frame.set_index(heads[0])
