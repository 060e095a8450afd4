"""The values a message inserts among the library's words, told apart while a page is
written: a call's label, a value an applicant typed, a date in words.

A message is one text of the catalogs (« Soumise après l’échéance %(milestone)s… »), filled
with values. On a terminal the text is all there is; on an HTML page a value written right to
left (a milestone labelled in Hebrew, a name in Arabic) set in a French sentence without
being isolated draws the sentence's next words and digits on its side (the day of a date
before the label, away from its month). So while a page is written (:func:`marking`), each
value a message inserts is :func:`inserted` between two marks, two Unicode noncharacters no
message keeps otherwise, and the page isolates each piece between them
(:func:`callrules._layout.message`, a ``<bdi>``); everywhere else nothing is marked, and the
texts are as they were.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["CLOSE", "OPEN", "Marked", "each_inserted", "inserted", "inserted_values", "marked",
           "marking", "pieces"]

#: The marks around an inserted value: noncharacters (U+FDD0, U+FDD1), which Unicode keeps
#: for a program's own use. A value's own are never read as marks: inside the marks, each is
#: written after :data:`_ESCAPE` (a third noncharacter, U+FDD2, written so too), and
#: :func:`pieces` gives the value back as it was, character for character (the values a
#: service lists stand in its message as they are: before, a value's U+FDD0 was listed as
#: U+FFFD, found nowhere in the message). A page shows a text's own marks as the
#: replacement character (:func:`callrules._safe.escape`).
OPEN, CLOSE = "\ufdd0", "\ufdd1"
_ESCAPE = "\ufdd2"
_OWN = str.maketrans({OPEN: _ESCAPE + "0", CLOSE: _ESCAPE + "1", _ESCAPE: _ESCAPE + "2"})
_ESCAPED = re.compile(f"{_ESCAPE}([012])")
_BACK = {"0": OPEN, "1": CLOSE, "2": _ESCAPE}
_MARKING: ContextVar[bool] = ContextVar("callrules_marking", default=False)


@contextmanager
def marking() -> Iterator[None]:
    """While a page is written: each value a message inserts marked (:func:`inserted`)."""
    token = _MARKING.set(True)
    try:
        yield
    finally:
        _MARKING.reset(token)


class Marked(str):
    """A text whose own values are marked already, each alone (:func:`marked`): a list of a
    call's labels (« מועד א, מועד ב et Deadline C »), a place (« Personne accueillie 1
    (Joana Silva) — מועד »). Inserted in a message as it is, so that each of its values
    keeps its own direction rather than the whole list one.

    A subclass of :class:`str`: any operation on it (a slice, ``+``, ``%``, ``join``,
    ``strip``) gives a plain :class:`str`, which :func:`inserted` marks whole again; pass it
    on as it is."""

    __slots__ = ()


def marked(text: str) -> str:
    """``text``, built of values each :func:`inserted` and of the library's words, as a
    :class:`Marked` while a page is written (:func:`marking`), else as it is."""
    return Marked(text) if _MARKING.get() else text


def inserted(value: str) -> str:
    """``value``, a value a message inserts: between :data:`OPEN` and :data:`CLOSE` while a
    page is written (:func:`marking`), else as it is; a :class:`Marked` one as it is (its
    values each marked already).

    >>> inserted("מועד"), len(inserted("\\ufdd1x"))
    ('מועד', 2)
    >>> with marking():
    ...     pieces("a " + inserted("\\ufdd1x") + ".") == [("a ", False), ("\\ufdd1x", True),
    ...                                                (".", False)]
    True
    """
    if not _MARKING.get() or isinstance(value, Marked):
        return value
    return OPEN + value.translate(_OWN) + CLOSE


class _Inserted(Mapping[str, object]):
    """A message's values, each text among them :func:`inserted` as it is read."""

    def __init__(self, values: Mapping[str, object]) -> None:
        self._values = values

    def __getitem__(self, key: str) -> object:
        value = self._values[key]  # (a mapping that answers a missing name answers it here)
        return inserted(value) if isinstance(value, str) else value

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def each_inserted(values: Mapping[str, object]) -> Mapping[str, object]:
    """``values``, a message's, each text among them :func:`inserted` while a page is
    written; ``values`` itself otherwise."""
    return _Inserted(values) if _MARKING.get() else values


_MARKS = re.compile(f"([{OPEN}{CLOSE}])")


def pieces(text: str) -> list[tuple[str, bool]]:
    """``text`` cut at its marks: each piece, and whether it is an inserted value, as it was
    inserted (its own marks given back: :data:`_OWN`). A mark without its twin (a text cut
    short) is dropped; what follows an opening mark left open is a value to the end. One
    pass over the text, whatever the number of marks.

    >>> pieces("a \\ufdd0b\\ufdd1 c\\ufdd1 \\ufdd0d")
    [('a ', False), ('b', True), (' c ', False), ('d', True)]
    """
    found: list[tuple[str, bool]] = []
    value, run = False, list[str]()  # (the piece being read: texts between dropped marks)
    for token in _MARKS.split(text):
        if token == (CLOSE if value else OPEN):  # its mark: the piece ends
            if run:
                found.append((_given_back("".join(run), value), value))
            value, run = not value, []
        elif token and token not in (OPEN, CLOSE):
            run.append(token)  # (a mark of the other kind: dropped)
    if run:
        found.append((_given_back("".join(run), value), value))
    return found


def inserted_values(message: object, said: object) -> dict[str, list[str]]:
    """The values a message inserts among the library's words (a call's label, a value
    typed, a date), each as it stands in the message, in order (``inserted``), and the
    library's words around them (``around``, one more: the message is ``around[0] +
    inserted[0] + around[1] + …``), for the applicants' page to isolate each where it
    stands, as the HTML report does (``<bdi>``: a label in Hebrew leaves the French words
    and the date around it in order), never where the same text stands in other words;
    ``message`` worded while marking them (:func:`marking`), ``said``
    the message given (``around`` only when the two make it). Nothing when it inserts
    none."""
    values: list[str] = []
    around = [""]
    for piece, value in pieces(message) if isinstance(message, str) else ():
        if value:
            values.append(piece)
            around.append("")
        else:
            around[-1] += piece
    if not values:
        return {}
    rebuilt = "".join(word + value for word, value in zip(around, [*values, ""], strict=True))
    return {"inserted": values, **({"around": around} if rebuilt == said else {})}


def _given_back(piece: str, value: bool) -> str:
    """``piece`` as it was inserted: a value's own marks (and escapes) given back."""
    if not value or _ESCAPE not in piece:
        return piece
    return _ESCAPED.sub(lambda found: _BACK[found.group(1)], piece)
