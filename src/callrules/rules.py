"""The rule language from Python: small factories that build the same nodes a call file holds.

>>> from callrules import rules as r
>>> check = r.each("visitors", r.days("stay.arrival", "stay.departure", max=r.param("max_nights")))
>>> check.op, check.rule.op
('each', 'days')
>>> r.to_dict(r.compare("submitted_at", "<=", r.milestone("deadline")))
{'op': 'compare', 'path': 'submitted_at', 'cmp': '<=', 'to': {'milestone': 'deadline'}}

A node is checked against the models when the call that holds it is loaded, exactly as if it
had been written in a TOML file; :func:`to_dict` gives the structure to write there.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from callrules import _definitions as d
from callrules._problems import error_text
from callrules.exceptions import ArgumentError, DefinitionError, argument_words

__all__ = [
    "all_of", "any_of", "compare", "contains", "days", "each", "exists", "field",
    "milestone", "not_", "not_in", "one_of", "param", "present", "rule", "to_dict", "total",
    "unique", "within_year",
]

Cmp = Literal["==", "!=", "<", "<=", ">", ">="]
_N = TypeVar("_N", bound=BaseModel)


def _node(kind: type[_N], **values: Any) -> _N:
    """A node of ``kind``; a value it cannot take is a :class:`DefinitionError` (code
    ``bad_rule``) saying where in the node and what is expected, as from a call file."""
    try:
        return kind(**values)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        loc = tuple(p for p in first["loc"] if not (isinstance(p, str) and "[" in p))
        raise DefinitionError(error_text(first), code="bad_rule", source="callrules.rules",
                              loc=loc) from None


def param(name: str) -> dict[str, str]:
    """An operand naming a parameter of the call: ``{"param": name}``."""
    return {"param": name}


def milestone(name: str) -> dict[str, str]:
    """An operand naming a milestone of the call's timeline."""
    return {"milestone": name}


def field(path: str) -> dict[str, str]:
    """An operand naming another field (``$root.…`` or ``$variable.…`` for another scope)."""
    return {"path": path}


def all_of(*rules: Any) -> d.AllOf:
    """Every rule holds; all failing ones are reported."""
    return _node(d.AllOf, op="all", rules=list(rules))


def any_of(*rules: Any) -> d.AnyOf:
    """At least one rule holds."""
    return _node(d.AnyOf, op="any", rules=list(rules))


def not_(rule: Any) -> d.Not:
    """The rule does not hold."""
    return _node(d.Not, op="not", rule=rule)


def each(path: str, rule: Any, *, where: Any = None, as_: str | None = None) -> d.Each:
    """``rule`` holds for each item of the list at ``path`` (those matching ``where``)."""
    return _node(d.Each, op="each", path=path, rule=rule, where=where, as_=as_)


def exists(path: str, *, where: Any = None, as_: str | None = None,
           requirement: dict[str, str] | None = None) -> d.Exists:
    """Some item of the list at ``path`` matches ``where``; ``requirement`` says what is
    required in words (``{"fr": …, "en": …}``), for the message and the checklist."""
    return _node(d.Exists, op="exists", path=path, where=where, as_=as_, requirement=requirement)


def present(path: str) -> d.Present:
    """The field has a value."""
    return _node(d.Present, op="present", path=path)


def compare(path: str, cmp: Cmp, to: Any, *, case_insensitive: bool = False) -> d.Compare:
    """The field compares with ``to``: a literal, :func:`param`, :func:`milestone` or
    :func:`field`."""
    return _node(d.Compare, op="compare", path=path, cmp=cmp, to=to,
                 case_insensitive=case_insensitive)


def one_of(path: str, values: Any) -> d.In:
    """The field is one of ``values`` (a list, :func:`param` or :func:`field` of a list)."""
    return _node(d.In, op="in", path=path, set_=values)


def not_in(path: str, values: Any) -> d.NotIn:
    """The field is none of ``values``."""
    return _node(d.NotIn, op="not_in", path=path, set_=values)


def contains(path: str, value: Any, *, case_insensitive: bool = False) -> d.Contains:
    """The list at ``path`` contains ``value``."""
    return _node(d.Contains, op="contains", path=path, value=value,
                 case_insensitive=case_insensitive)


def days(start: str, end: str, *, min: Any = None, max: Any = None,
         count: Literal["nights", "days", "months", "years"] = "nights") -> d.Days:
    """The length from ``start`` to ``end`` (nights, or days inclusive) lies within bounds."""
    return _node(d.Days, op="days", start=start, end=end, min=min, max=max, count=count)


def within_year(path: str, year: Any) -> d.WithinYear:
    """The date falls within calendar year ``year``."""
    return _node(d.WithinYear, op="within_year", path=path, year=year)


def total(path: str, max: Any, *, of: str | None = None) -> d.Total:
    """The sum of the money at ``path`` (each item's ``of``), converted, is at most ``max``."""
    return _node(d.Total, op="total", path=path, of=of, max=max)


def unique(path: str, *, order_by: str | None = None, case_insensitive: bool = False
           ) -> d.Unique:
    """Across a batch, only the first application (by ``order_by``) with a value stands."""
    return _node(d.Unique, op="unique", path=path, order_by=order_by,
                 case_insensitive=case_insensitive)


def rule(clause: str, check: Any, *, severity: Literal["error", "warning"] = "error"
         ) -> d.RuleEntry:
    """A rule entry of a call: ``check`` implements ``clause``."""
    return _node(d.RuleEntry, clause=clause, check=check, severity=severity)


def to_dict(node: Any) -> dict[str, Any]:
    """The structure of a node as written in a call file (unset options left out);
    :class:`~callrules.DefinitionError` (``too_deep``) for a node nested deeper than a call
    file may be (``LIMITS['depth']`` levels), which no call would load."""
    ArgumentError.check(node, BaseModel, "node: a rule built by callrules.rules",
                        words=argument_words("node", node, "kind_rule"))
    if _levels(node) > d.LIMITS["depth"]:
        raise DefinitionError(f"a rule nested deeper than {d.LIMITS['depth']} levels: no call "
                              "file may hold it", code="too_deep", source="rules.to_dict")
    result: dict[str, Any] = node.model_dump(by_alias=True, exclude_defaults=True)
    return result


def _levels(node: BaseModel) -> int:
    """How many rules deep ``node`` goes (a walk without recursion, stopped once past the
    limit: a node built in Python may go deeper than the interpreter recurses)."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > d.LIMITS["depth"]:
            break
        for value in item.__dict__.values():
            for inner in value if isinstance(value, (list, tuple)) else (value,):
                if isinstance(inner, BaseModel):
                    stack.append((inner, level + 1))
    return deepest
