"""A mapping that refuses writes: the values a frozen result holds (a finding's ``ctx``).

A finding is frozen, but its ``ctx`` was a plain dict: ``finding.ctx["limit"] = 999`` in a
notebook changed the words its message, the batch's rows, its HTML and its JSON said
afterwards (att62: 4 of 4), on a result that is otherwise read-only. :class:`ReadOnlyDict`
is a dict (``json.dumps`` writes it as one, it equals a dict of the same items, ``{**ctx}``
and ``dict(ctx)`` copy it) whose every write raises :class:`TypeError`, as a frozen
dataclass's assignment does; a copy (``copy``, ``deepcopy``, ``pickle``) is read-only too.
A changed finding is made with :func:`dataclasses.replace` and a ``ctx`` of its own.
"""

from __future__ import annotations

from typing import Any, NoReturn

__all__ = ["ReadOnlyDict"]


class ReadOnlyDict(dict[str, Any]):
    """A dict whose items cannot be changed once it is made (see the module)."""

    __slots__ = ()

    def _refused(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("a finding's values (ctx) are read-only: make another finding with "
                        "dataclasses.replace(finding, ctx={...})")

    __setitem__ = __delitem__ = __ior__ = _refused
    update = pop = popitem = setdefault = clear = _refused

    def __reduce__(self) -> tuple[type[ReadOnlyDict], tuple[dict[str, Any]]]:
        return (type(self), (dict(self),))  # (pickle and deepcopy: made whole, never filled)

    def __copy__(self) -> ReadOnlyDict:
        return self  # (it cannot change: a copy is itself)

    def copy(self) -> dict[str, Any]:
        """A plain dict of the same items, to change (as ``dict(ctx)``)."""
        return dict(self)
