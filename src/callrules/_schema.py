"""JSON Schema (draft 2020-12) of applications and of call files, for forms and editors."""

from __future__ import annotations

from typing import Any, Literal

from callrules._definitions import CallFile
from callrules._models import Application

__all__ = ["json_schema"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(what: Literal["application", "call"]) -> dict[str, Any]:
    """The JSON Schema of an application (``"application"``) or of a call file (``"call"``)."""
    model = Application if what == "application" else CallFile
    schema: dict[str, Any] = {"$schema": DIALECT, **model.model_json_schema(by_alias=True)}
    return schema
