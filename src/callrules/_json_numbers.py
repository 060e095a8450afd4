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
import re
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal, InvalidOperation

from callrules._json_scan import nested_past

__all__ = ["NESTED_LEVELS", "NUMBER_TEXT", "NumberOutOfRange", "TypedDecimal", "decimal_number",
           "integers_of_any_length", "long_whole_number", "nested_deeper", "number_text",
           "pointed", "proven_valid", "too_deep", "valid_but_unread", "whole_number"]

def number_text(amount: Decimal) -> str:
    """An exact number as one text however it was written (``3100``, ``3100.0``,
    ``3.1e3``): the spelling a digest reads (a replay's reading digest, a batch's index)."""
    return format(amount.normalize(), "f") if amount.is_finite() else str(amount)


#: The reason of the error, as pydantic's own parser words it for a record it reads.
_REASON = "number out of range"
#: The reason for an exponent no Decimal holds (19 digits or more).
_EXPONENT = "number out of range (an exponent of 19 digits or more)"
#: The most digits of an integer Python reads (``sys.get_int_max_str_digits``), and pydantic's
#: parser too.
_DIGITS = 4300
#: The most levels of lists and objects within one another that every reader of callrules
#: reads, below the record's own object (pydantic's parser, the one of a lone application,
#: reads 200): JSON text, a file, standard input, the service, scores and Python values
#: alike, each refusing a record nested deeper with :func:`too_deep`'s words (Python's own
#: reader is given no text nested deeper than
#: :data:`~callrules._json_scan.READ_LEVELS`, 500 levels, on any version).
NESTED_LEVELS = 200
#: What the parsers say of valid JSON they do not read: too many digits, too deep.
_UNREAD = re.compile(r"(?:not valid JSON: )?(?:(?P<exponent>" + re.escape(_EXPONENT) + r")|"
                     r"(?P<digits>number out of range)|"
                     r"(?P<deep>recursion limit exceeded|nested too deeply))")


def valid_but_unread(reason: str, text: str | bytes) -> dict[str, str] | None:
    """The context of a ``json_invalid`` problem whose ``reason`` (its English text, or
    pydantic's ``error``) says the JSON is valid but not read: its ``template`` and the limit
    passed (``json_number_digits`` and ``digits``, ``json_number_exponent``,
    ``json_too_deep`` and ``levels``); None for JSON that is not valid, or not proven so.

    A parser says its first complaint, a number too long or the 201st level, which may come
    before the real damage (``{"x": 1000…0, "y": `` ends early): ``text``, the document
    whole, is said valid only when Python's reader reads it whole, its numbers as text
    (:func:`proven_valid`); text nested deeper than JSON is read on any Python
    (:data:`~callrules._json_scan.READ_LEVELS`, 500 levels, whole or before its damage; Python's
    own reader gives up at a depth that changes by version) is said nested past the limit
    (:func:`too_deep`), which it is, its validity untold; a text Python's reader proves broken
    before that depth is "not valid JSON".

    >>> valid_but_unread("number out of range at line 1 column 4423", '[' + '1' * 4400 + ']')
    {'template': 'json_number_digits', 'digits': '4300'}
    >>> valid_but_unread("number out of range at line 1 column 4423", '[' + '1' * 4400)
    >>> valid_but_unread("not valid JSON: nested too deeply (line 3)", '[' * 300 + ']' * 300)
    {'template': 'json_too_deep', 'levels': '200'}
    >>> valid_but_unread("recursion limit exceeded", '[' * 3000 + ']' * 3000)
    {'template': 'too_deep', 'levels': '200'}
    >>> valid_but_unread("recursion limit exceeded", '[' * 501 + ']' * 501 + ',')
    {'template': 'too_deep', 'levels': '200'}
    >>> valid_but_unread("recursion limit exceeded", '[' * 500 + ']' * 500)
    {'template': 'json_too_deep', 'levels': '200'}
    >>> valid_but_unread("nested too deeply", '[' * 300 + ']' * 300 + ',') is None
    True
    >>> valid_but_unread("Expecting value", "[") is None
    True
    """
    found = _UNREAD.match(reason)
    if found is None:
        return None
    read = _read_whole(text)
    if read is None and found["deep"]:
        return too_deep()  # (deeper than Python reads: the limit passed, true either way)
    if not read:  # (broken, its first complaint the 201st level: "not valid JSON")
        return None
    if found["exponent"]:
        return {"template": "json_number_exponent"}
    if found["digits"]:
        return {"template": "json_number_digits",
                "digits": str(sys.get_int_max_str_digits() or _DIGITS)}
    return {"template": "json_too_deep", "levels": str(NESTED_LEVELS)}


def too_deep() -> dict[str, str]:
    """The context of a record nested deeper than :data:`NESTED_LEVELS` whose validity as
    JSON is not told (deeper than Python's reader goes, or Python values): the limit passed,
    ``too_deep``'s words. (A reader that says so reached the level past the limit: the text
    up to it was JSON, nested that deep, whatever follows.)

    >>> too_deep()
    {'template': 'too_deep', 'levels': '200'}
    """
    return {"template": "too_deep", "levels": str(NESTED_LEVELS)}


def nested_deeper(value: object, levels: int = NESTED_LEVELS) -> bool:
    """Whether ``value`` (Python values, as a JSON reader gives them: mappings, lists,
    tuples) holds lists or objects nested more than ``levels`` deep below itself, as
    pydantic's parser counts them in JSON text: walked with a stack, never a call per level,
    and stopped at the first level past the limit.

    A value may hold the same list or mapping at many places (``[x, x]``, ``x`` holding
    ``[y, y]``, …: a few objects, two to the power of their depth paths): each is walked
    again only when reached deeper than before, so the walk is bounded by the objects held
    times the limit, never by the paths to them; one that holds itself is nested past any
    limit.

    >>> nested_deeper({"x": [[1]]}, 2), nested_deeper({"x": [[[1]]]}, 2)
    (False, True)
    >>> shared = [1]
    >>> for _ in range(60):
    ...     shared = [shared, shared]
    >>> nested_deeper(shared, 60), nested_deeper(shared, 59)
    (False, True)
    """
    deepest: dict[int, int] = {}  # the deepest level each object held was walked at, by id
    todo: list[tuple[object, int]] = [(value, 0)]
    while todo:
        held, depth = todo.pop()
        if deepest.get(id(held), -1) >= depth:  # (walked already, as deep or deeper)
            continue
        deepest[id(held)] = depth
        inner = held if isinstance(held, (list, tuple)) else held.values() if isinstance(
            held, Mapping) else ()
        for item in inner:
            if isinstance(item, _HELD) or (not isinstance(item, _SCALARS)
                                           and isinstance(item, Mapping)):
                if depth >= levels:
                    return True
                todo.append((item, depth + 1))
    return False


#: What a walk goes into at once, and what it never does (a Mapping is asked of the rest:
#: ``MappingProxyType``, ``UserDict``; asking it of every text and number is slow).
_HELD = (dict, list, tuple)
_SCALARS = (str, int, float, Decimal, type(None))


def _no_constant(text: str) -> object:
    """``parse_constant``: ``NaN``, ``Infinity`` are no JSON."""
    raise ValueError(text)


def proven_valid(text: str | bytes) -> bool:
    """Whether ``text`` is one JSON document whole, as Python's reader reads it with its
    numbers kept as text (no number is too long for it) and no ``NaN`` or ``Infinity``.
    Bounded by the text (already size-limited where it is read); nesting deeper than JSON
    is read (:data:`~callrules._json_scan.READ_LEVELS`, 500 levels) is not proven, on any
    Python.

    >>> proven_valid('{"x": ' + '9' * 5000 + '}'), proven_valid('{"x": 1,}')
    (True, False)
    >>> proven_valid('[' * 5000 + ']' * 5000), proven_valid('[NaN]')
    (False, False)
    >>> proven_valid('[' * 500 + ']' * 500), proven_valid('[' * 501 + ']' * 501)
    (True, False)
    """
    return _read_whole(text) is True


def _read_whole(text: str | bytes) -> bool | None:
    """:func:`proven_valid`'s answer, None when the text nests deeper than JSON is read
    (:data:`~callrules._json_scan.READ_LEVELS`, whole or up to its damage: neither valid nor
    broken proven), the same on every Python: its reader's own limit (``RecursionError``)
    is deeper, and changes by version."""
    try:
        json.loads(text, parse_int=str, parse_float=str, parse_constant=_no_constant)
    except RecursionError:
        return None
    except json.JSONDecodeError as exc:  # (the text before the damage nested past: untold)
        return None if nested_past(exc.doc[:exc.pos]) else False
    except (ValueError, MemoryError):  # (UnicodeDecodeError, NaN: ValueErrors)
        return False
    return None if nested_past(text) else True


class NumberOutOfRange(json.JSONDecodeError):
    """A JSON number no Python value holds; ``doc`` is its text. ``end``: where the value
    holding it ends, when a reader found it whole (its syntax right: one problem, the value
    read past as any whole value is)."""

    end: int | None = None


class TypedDecimal(Decimal):
    """A number whose text, as typed (``5.0e1``), its Decimal no longer writes (``50``):
    a refusal quotes it as typed (wrd78)."""

    __slots__ = ("text",)

    text: str

    def __new__(cls, text: str) -> TypedDecimal:
        number = super().__new__(cls, text)
        number.text = text
        return number

    def __reduce__(self) -> tuple[type[TypedDecimal], tuple[str]]:
        """Pickled with its typed text (a record sent to a process or a Dask worker): a
        Decimal's own rebuilds it from ``str()``, ``50`` for ``5.0e1`` (look78w F5).

        >>> import pickle; pickle.loads(pickle.dumps(TypedDecimal("5.0e1"))).text
        '5.0e1'
        """
        return (type(self), (self.text,))


def decimal_number(text: str) -> Decimal:
    """A JSON number with a fraction or an exponent, exactly (``parse_float``); one whose
    Decimal writes neither (``5.0e1`` is ``50``) a :class:`TypedDecimal` keeping its text.

    >>> decimal_number("5.0e1").text, str(decimal_number("5.0e1")), decimal_number("1.5")
    ('5.0e1', '50', Decimal('1.5'))
    """
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise NumberOutOfRange(_EXPONENT, text, 0) from None
    return number if pointed(str(number)) else TypedDecimal(text)


def pointed(written: str) -> bool:
    """Whether a number's text has a point or an exponent (``5.0``, ``1e9``, ``1E+1``):
    what makes a Decimal keep its typed form, and an answer refused as such a number."""
    return any(mark in written for mark in ".eE")


def whole_number(text: str) -> int | Decimal:
    """A JSON integer (``parse_int``); within :func:`integers_of_any_length`, one of more
    digits than Python converts is the Decimal of its text (:func:`long_whole_number`)."""
    if _any_length.get():
        return long_whole_number(text)
    try:
        return int(text)
    except ValueError:  # more digits than sys.get_int_max_str_digits()
        raise NumberOutOfRange(_REASON, text, 0) from None


def long_whole_number(text: str) -> int | Decimal:
    """A JSON integer (``parse_int``) of any length: an int, or, past the digits Python
    converts (4,300), the exact Decimal of its text (a score, judged by its scale, never
    its record refused for its length).

    >>> long_whole_number("12"), long_whole_number("9" * 4301).adjusted()
    (12, 4300)
    """
    try:
        return int(text)
    except ValueError:
        return Decimal(text)


#: Whether the readers' JSON integers are read at any length (:func:`integers_of_any_length`).
_any_length: ContextVar[bool] = ContextVar("callrules_integers_of_any_length", default=False)


@contextmanager
def integers_of_any_length() -> Iterator[None]:
    """Within it, the JSON integers every reader reads in this context
    (:func:`whole_number`) are read at any length: the readers of scores, whose numbers
    a scale judges (an application's numbers keep the limit)."""
    token = _any_length.set(True)
    try:
        yield
    finally:
        _any_length.reset(token)


#: A decoder that reads numbers as their text: where a value holding one no Python value
#: holds ends.
NUMBER_TEXT = json.JSONDecoder(parse_float=str, parse_int=str)
