"""Typed problems of input records, raised through pydantic with a stable type and context,
so that each can be told in the reader's language (see ``_messages.INPUT_CODES``)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from callrules._i18n import visible
from callrules._json_numbers import too_deep, valid_but_unread
from callrules._messages import GIVEN, INPUT_CODES
from callrules.exceptions import InputError, InputProblem, too_many_digits

__all__ = ["AmountError", "error_text", "input_problems", "printable", "problem",
           "too_deep_problem"]

#: Problems whose message names the value found (``%(value)s``), filled from the input.
_NAMES_VALUE = frozenset({"country_code", "subdivision_code", "currency_code", "language_code",
                          "choice", "not_in_vocabulary", "email_address"})

#: Problems a list's validator finds at one of its items (``ctx["at"]``, its index), by the
#: item's field they are about.
_AT_ITEM = {"duplicate_visitor_id": "id"}


def _english(code: str, ctx: dict[str, object]) -> str:
    return INPUT_CODES[code] % {key: printable(value) for key, value in ctx.items()}


def problem(code: str, *, template: str | None = None, **ctx: Any) -> PydanticCustomError:
    """A pydantic error of type ``code`` with its context, worded by ``INPUT_CODES[template or
    code]``; the values stay in the context, so an applicant's text is never read as a
    template."""
    if template is not None:
        ctx["template"] = template
    words = INPUT_CODES[template or code]
    template = re.sub(r"%\((\w+)\)s", r"{\1}", words)
    return PydanticCustomError(code, template,
                               {k: printable(v) for k, v in ctx.items()} or None)


def too_deep_problem(kind: str = "too_deep") -> InputProblem:
    """The problem of a record nested deeper than every reader reads
    (:data:`~callrules._json_numbers.NESTED_LEVELS`): ``too_deep`` for Python values,
    ``json_invalid`` for JSON text deeper than Python's reader goes (its validity untold),
    said alike, the limit named."""
    ctx = too_deep()
    return InputProblem((), kind, INPUT_CODES["too_deep"] % ctx, None, ctx)


def printable(value: object) -> str:
    """``value`` as text a message can hold: a lone surrogate (from JSON such as
    ``"\\ud800"``) is written as its escape, since messages are encoded as UTF-8."""
    return str(value).encode("utf-8", "backslashreplace").decode("utf-8")


class AmountError(InputError):
    """An amount that is not an exact, finite decimal, or a currency that is not an ISO 4217
    code: an :class:`~callrules.InputError` (hence a ``ValueError``) with one problem, whose
    ``code`` and ``ctx`` say why; its text is that problem's message alone."""

    def __init__(self, code: str, *, loc: tuple[str | int, ...] = (), **ctx: Any) -> None:
        self.ctx: dict[str, Any] = ctx
        shown = {key: printable(value) for key, value in ctx.items()}
        super().__init__([InputProblem(loc, code, _english(code, ctx), None, shown or None)])
        self.code = code

    def _text(self) -> str:
        return self.problems[0].msg


def input_problems(exc: ValidationError) -> list[InputProblem]:
    """The problems of a record, one per pydantic error: where (``loc``, hence the JSON
    Pointer), the stable ``type``, its context, and the message in English from the
    library's own table when it has one (so that every message also exists translated)."""
    found = (_problem(error) for error in exc.errors(include_url=False))
    return _without_echoes([p for p in found if p is not None])


def error_text(error: Mapping[str, Any]) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) in English words for a
    message that formats pydantic's own: pydantic's message, but the library's words (as
    :func:`input_problems` tells them, filled with the value found) for a problem of the
    library whose words name the value, or whose words name a value its context lacks
    (pydantic would keep that placeholder, ``“{value}”``, unfilled). The placeholders are
    read in the library's words, never in pydantic's filled message: a pattern's ``{2}``
    or an author's text quoted there is no gap, and keeps pydantic's precise message."""
    if error["type"] in _NAMES_VALUE or _has_gap(error):
        found = _problem(error)
        if found is not None:
            return found.msg
    return str(error["msg"])


#: A placeholder of the library's words (``%(value)s``).
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _has_gap(error: Mapping[str, Any]) -> bool:
    """Whether the library's words for ``error`` name a value its context does not hold."""
    ctx = error.get("ctx") or {}
    words = INPUT_CODES.get(str(ctx.get("template") or error["type"]))
    return words is not None and any(name not in ctx for name in _PLACEHOLDER.findall(words))


def _problem(error: Mapping[str, Any]) -> InputProblem | None:
    """:func:`input_problems` for one error (None: an echo of other errors, not said)."""
    # a union or tagged schema adds labels such as "[key]" or "function-after[...]"; the
    # key a sender wrote that is not expected (the last step of its place) is theirs, as
    # written, whatever it holds (``colour[0]``: before, dropped, and the key not named)
    parts = tuple(error["loc"])
    own = parts[-1:] if error["type"] == "extra_forbidden" else ()
    loc = tuple(p for p in parts[:len(parts) - len(own)]
                if not (isinstance(p, str) and "[" in p)) + own
    value = error.get("input")
    ctx: dict[str, Any] = {  # (a choice's values, ``keys``: each apart, a tuple)
        str(k): tuple(map(printable, v)) if k in ("keys", "labels") and isinstance(v, (tuple, list))
        else printable(v) for k, v in (error.get("ctx") or {}).items()}
    kind = error["type"]
    if kind == "too_short" and _long_enough(error.get("input"), error.get("ctx")):
        return None  # pydantic counts only the valid items: the others are reported
    if not loc and kind in ("model_type", "dict_type"):  # JSON text that is no object
        kind = "not_an_object"
    if kind in _AT_ITEM and "at" in ctx:  # the item of the list, at its field
        loc = (*loc, int(ctx.pop("at")), _AT_ITEM[kind])
    if kind in _NAMES_VALUE and value is None and "value" not in ctx:
        kind, ctx = "missing", {}  # a code given as null is a code not given
    if kind in _NAMES_VALUE and "value" not in ctx:
        ctx["value"] = _shown(value)
    template = INPUT_CODES.get(ctx.get("template") or kind)
    msg = error["msg"]
    if kind == "json_invalid":
        msg = f"not valid JSON: {ctx.get('error', msg)}"
        if isinstance(value, (str, bytes)) and (  # valid JSON no reader reads (a number
                unread := valid_but_unread(msg, value)):  # of 5,000 digits, lists 500
            ctx.update(unread)  # deep): said so, its limit named; broken: not valid
            msg = INPUT_CODES[unread["template"]] % unread  # (never "not valid JSON")
    elif template is not None:
        msg = template % _Filled({key: visible(value, "en") if key in GIVEN else value
                                  for key, value in ctx.items()})
    elif kind.startswith("value_error") and msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    kept = _plain(value)
    return InputProblem(loc, kind, msg, kept if kept is not None and not too_many_digits(kept)
                        else None, ctx or None)


def _plain(value: object) -> str | int | float | bool | None:
    """``value`` as the problem keeps it: a text, a whole number, a float or a boolean of
    exactly its type, or its plain copy when it is of a subclass (numpy's ``str_`` and
    ``float64``, a ``StrEnum``: ``str.__str__``, ``int.__int__``, ``float.__float__``,
    which read its value and run none of its class's code, where its ``repr`` may raise,
    bat76); None for any other value, or one whose copy fails (look76b F3: such values
    were dropped)."""
    kind = type(value)  # (its exact type: ``isinstance`` would ask it for ``__class__``)
    if kind in (str, int, float, bool):
        return value  # type: ignore[return-value]
    for plain, copy in ((str, str.__str__), (int, int.__int__), (float, float.__float__)):
        if plain in kind.__mro__:
            try:
                kept = copy(value)  # type: ignore[arg-type]
            except Exception:  # (a value of the caller's class: anything, dropped)
                return None
            return kept if type(kept) is plain else None
    return None


def _without_echoes(found: list[InputProblem]) -> list[InputProblem]:
    """The problems without a list's ``too_short`` that only echoes its invalid items
    (pydantic-core counts the items that validated: one visitor with a bad date would also
    read "at least 1 item")."""
    inside = {p.loc[:i] for p in found for i, part in enumerate(p.loc) if isinstance(part, int)}
    return [p for p in found if not (p.type == "too_short" and p.loc in inside)]


def _long_enough(value: object, ctx: Any) -> bool:
    """Whether a list said to be too short has in fact enough items (some of them invalid,
    and reported on their own)."""
    wanted = (ctx or {}).get("min_length")
    return isinstance(value, (list, tuple)) and isinstance(wanted, int) and len(value) >= wanted


def _shown(value: object) -> str:
    """A value found, as a message names it (between the quotation marks of its language):
    a text as typed, a number as written, anything else as the JSON it was given as
    (``true``, ``false``, ``null``, ``{…}`` for an object, ``[…]`` for a list: never
    Python's words for them); cut to 60 characters."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool) or value is None:
        text = json.dumps(value)
    elif isinstance(value, (int, float, Decimal)):
        text = str(value)
    elif isinstance(value, Mapping):
        text = "{…}"
    else:  # a list (or, from Python, another collection or object)
        text = "[…]" if isinstance(value, (list, tuple, set, frozenset)) else "…"
    return printable(text if len(text) <= 60 else text[:59] + "…")


class _Filled(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"
