"""JSON Schema (draft 2020-12) of applications and of call files, for forms and editors.

With a call, the application schema also says, field by field, the values that call accepts
(its sets of countries, roles, cost categories…) as ``examples`` and in the description, so
a form can offer them; they are not made into ``enum`` constraints, because a value outside
them is valid input that the call judges ineligible, with a reason.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from callrules._definitions import CallFile
from callrules._models import Application
from callrules._paths import FieldType, type_of

if TYPE_CHECKING:
    from callrules._call import Call

__all__ = ["json_schema"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(what: Literal["application", "call"], call: Call | None = None
                ) -> dict[str, Any]:
    """The JSON Schema of an application (``"application"``) or of a call file (``"call"``);
    for an application, ``call`` adds the values that call accepts, field by field."""
    model = Application if what == "application" else CallFile
    schema: dict[str, Any] = {"$schema": DIALECT, **model.model_json_schema(by_alias=True)}
    if call is not None and what == "application":
        schema["description"] = f"An application to the call {call.id} (version {call.version})."
        definitions = schema.get("$defs", {})
        found = list(_accepted(call))
        clauses: dict[tuple[type[BaseModel], str], set[str]] = {}
        for owner, field, _, clause in found:
            clauses.setdefault((owner, field), set()).add(clause)
        for owner, field, values, _ in found:
            if len(clauses[(owner, field)]) > 1:
                continue  # a shared place (a Location) judged by several clauses: ambiguous
            target = schema if owner is Application else definitions.get(owner.__name__)
            if target is None or field not in target.get("properties", {}):
                continue
            prop = target["properties"][field]
            known = sorted(set(prop.get("examples", [])) | set(values))
            prop["examples"] = known
            prop["description"] = (f"{prop.get('description', '')} The call {call.id} accepts: "
                                   f"{', '.join(known)}.").strip()
    return schema


def _accepted(call: Call) -> Iterator[tuple[type[BaseModel], str, list[str], str]]:
    """(model, field, values, clause) for each rule accepting a set of text values."""
    root = FieldType("model", model=Application)
    for entry in call.definition.rules:
        for owner, field, values in _walk(entry.check, root, call):
            yield owner, field, values, entry.clause


def _walk(node: Any, scope: FieldType, call: Call
          ) -> Iterator[tuple[type[BaseModel], str, list[str]]]:
    op = getattr(node, "op", None)
    if op in ("all", "any"):
        for child in node.rules:
            yield from _walk(child, scope, call)
    elif op == "not":
        return
    elif op in ("each", "exists"):
        inner = _resolve(scope, node.path)
        if inner is not None and inner[2].kind == "list" and inner[2].item is not None:
            for child in (getattr(node, "rule", None), node.where):
                if child is not None:
                    yield from _walk(child, inner[2].item, call)
    elif op in ("in", "contains", "compare"):
        path = node.path
        values = _values(node, call)
        found = _resolve(scope, path)
        if values and found is not None:
            yield found[0], found[1], values


def _values(node: Any, call: Call) -> list[str]:
    raw: Any
    if node.op == "in":
        raw = node.set_
    elif node.op == "contains":
        raw = node.value
    else:
        raw = node.to if node.cmp == "==" else None
    if isinstance(raw, Mapping) and set(raw) == {"param"}:
        param = call.parameters.get(str(raw["param"]))
        raw = None if param is None else param.value
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, (list, frozenset, set, tuple)) and all(isinstance(v, str) for v in raw):
        return sorted(raw)
    return []


def _resolve(scope: FieldType, path: str) -> tuple[type[BaseModel], str, FieldType] | None:
    """The model and field a relative path ends on (through lists), with the field's type."""
    if path.startswith("$"):
        return None
    current = scope
    owner: type[BaseModel] | None = None
    name = ""
    for name in path.split("."):
        base = current.item if current.kind == "list" and current.item else current
        if base.kind != "model" or base.model is None or name not in base.model.model_fields:
            return None
        owner = base.model
        current = type_of(base.model.model_fields[name].annotation)
    return (owner, name, current) if owner is not None else None
