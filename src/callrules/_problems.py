"""Typed problems of input records, raised through pydantic with a stable type and context,
so that each can be told in the reader's language (see ``_messages.INPUT_CODES``)."""

from __future__ import annotations

import re
from typing import Any

from pydantic_core import PydanticCustomError

from callrules._messages import INPUT_CODES

__all__ = ["AmountError", "printable", "problem"]


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


def printable(value: object) -> str:
    """``value`` as text a message can hold: a lone surrogate (from JSON such as
    ``"\\ud800"``) is written as its escape, since messages are encoded as UTF-8."""
    return str(value).encode("utf-8", "backslashreplace").decode("utf-8")


class AmountError(ValueError):
    """An amount that is not an exact, finite decimal: its ``code`` and ``ctx`` say why."""

    def __init__(self, code: str, **ctx: Any) -> None:
        self.code = code
        self.ctx: dict[str, Any] = ctx
        super().__init__(_english(code, ctx))
