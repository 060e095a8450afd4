"""Schemathesis hooks for fuzzing the HTTP service from its OpenAPI document (docs/fuzzing.md,
"The service, with schemathesis"). Not part of the test suite, and schemathesis is no
dependency of callrules: ``pip install schemathesis`` (4.x) beside it, then

    SCHEMATHESIS_HOOKS=schemathesis_hooks PYTHONPATH=fuzz \\
        st run http://127.0.0.1:8000/openapi.json -c all -n 60 --seed 77

The document is served unchanged; for the run only, these hooks

- drop ``Location``'s per-country ``if``/``then`` (a subdivision of its own country), from
  which schemathesis cannot generate (its canonicalizer reads them as "RAW": it then gives
  the check few bodies, 1 answer 422 in a run where it gave 28 with this hook); the
  subdivision stays one of the known codes (its ``enum``), so a run also sends a subdivision
  of another country, which the service refuses (422), as the document says;
- give each JSON Lines request body (``application/jsonl`` and its synonyms) as a list of
  applications (its lines' schema, ``x-itemSchema``, as OpenAPI 3.2's ``itemSchema``) and
  write it one JSON document a line, where schemathesis has no serializer of its own.
"""

from __future__ import annotations

import json
from typing import Any

import schemathesis

JSON_LINES = ("application/jsonl", "application/x-ndjson", "application/x-jsonlines")


@schemathesis.hook
def before_load_schema(context: Any, raw_schema: dict[str, Any]) -> None:
    raw_schema["components"]["schemas"]["Location"].pop("allOf", None)
    for item in raw_schema["paths"].values():
        for operation in item.values():
            content = (operation.get("requestBody", {}).get("content", {})
                       if isinstance(operation, dict) else {})
            for media in JSON_LINES:
                given = content.get(media)
                if given and "x-itemSchema" in given:
                    given["schema"] = {"type": "array", "items": given["x-itemSchema"],
                                       "minItems": 1, "maxItems": 5}
                    given.pop("example", None)


@schemathesis.serializer(*JSON_LINES)
def json_lines(context: Any, value: Any) -> bytes:
    """A list of applications, one JSON document a line; a text (an example), as it is."""
    if isinstance(value, str):
        return value.encode("utf-8")
    lines = value if isinstance(value, list) else [value]
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode()
