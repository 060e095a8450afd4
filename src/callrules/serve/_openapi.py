"""The service's OpenAPI document: the routes FastAPI describes, completed with the shapes of
applications (the published application schema, :func:`callrules.schema`: what the library
refuses, a JSON Schema validator reading the document refuses too; a client generated from
it, which drops ``if``/``then``, refuses a code that is no subdivision at all), reports, a
batch's lines and problem details; every status the service answers declared (its problems,
500, and the answers to a path or a method it does not serve, or to a path with or without
its last slash), with the headers a problem gives (a 503's ``Retry-After``, and
``Connection: close`` where the answer closes its connection: a 408, a 431, a 503 to a body
still arriving)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

import callrules
from callrules._codes import SUBDIVISIONS

__all__ = ["CHECK_BODY", "SCHEMA_MEDIA_TYPE", "problems", "responses", "with_components"]

_REF = "#/components/schemas/"

_FINDING: dict[str, Any] = {
    "type": "object",
    "description": "One thing a rule found wrong with an application (see the Report JSON "
                   "reference).",
    "required": ["code", "clause", "severity", "loc", "path", "pointer", "input", "ctx"],
    "properties": {
        "code": {"type": "string", "description": "a stable slug, e.g. above_maximum"},
        "clause": {"type": "string", "description": "the id of the call's clause"},
        "severity": {"enum": ["error", "warning"]},
        "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
        "path": {"type": "string"},
        "pointer": {"type": "string", "description": "the field, as a JSON Pointer"},
        "input": {"description": (
            "the value found there; when it is a list also given once under the report's "
            "texts (a long set: one of its values has more than 200 characters), the head "
            "of each of its values, the whole being texts[input_text]")},
        "input_text": {"type": "string", "description": (
            "present only when input is a long set given once: its id in the report's "
            "texts")},
        "ctx": {"type": "object", "description": "the values that fill the message"},
        "message": {"type": "string", "description": "in the reader's language"},
        "inserted": {"type": "array", "items": {"type": "string"}, "description": (
            "the values the message inserts among the library's words (a call's label, a "
            "value as typed, a date), each as it stands in it, in order; left out when it "
            "inserts none; given to a check whose request prefers it (Prefer: "
            "callrules-inserted, with no value or an empty one, RFC 7240; the answer then "
            "says Preference-Applied: callrules-inserted), as the applicants' page does, "
            "which isolates each (<bdi>) as the HTML report does")},
        "around": {"type": "array", "items": {"type": "string"}, "description": (
            "with inserted: the library's words around those values, one more than they "
            "(the message is around[0] + inserted[0] + around[1] + …), so that each value "
            "is isolated where it stands, never where the same text stands in other words")},
    },
}

_REPORT: dict[str, Any] = {
    "type": "object",
    "description": "The verdict on one application (versioned by schema_version).",
    "required": ["schema_version", "call", "application", "eligible", "errors", "warnings",
                 "unchecked", "now"],
    "properties": {
        "schema_version": {"type": "integer"},
        "call": {"type": "object", "properties": {
            "id": {"type": "string"}, "version": {"type": "string"},
            "amendments": {"type": "array", "items": {"type": "string"}}}},
        "application": {"type": "string"},
        "eligible": {"type": "boolean"},
        "errors": {"type": "array", "items": {"$ref": _REF + "Finding"}},
        "warnings": {"type": "array", "items": {"$ref": _REF + "Finding"}},
        "unchecked": {"type": "array", "items": {"type": "string"}},
        "now": {"type": ["string", "null"], "format": "date-time"},
        "texts": {"type": "object", "description": (
            "present only when a finding names a long text or a long set: from "
            "each such text's id to the text, an object from language to text (a "
            "requirement) or an array of values (a set); a batch's answer gives each once, "
            "in the first line naming it"),
            "additionalProperties": {"oneOf": [
                {"type": "object", "additionalProperties": {"type": "string"}},
                {"type": "array"}]}},
        "index": {"type": "integer", "minimum": 0, "description": (
            "in a batch's answer: the record's position in the batch, from 0")},
        "source": {"type": ["string", "null"], "description": (
            "in a batch's answer: where the record came from, when known")},
        "line": {"type": ["integer", "null"], "minimum": 1, "description": (
            "in a batch's answer: the line of the body where the record starts (null for a "
            "record of one JSON document, placed by its index)")},
    },
}

_PROBLEM: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details, title and detail in the reader's language.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri",
                 "examples": ["urn:callrules:problem:invalid_input",
                              "urn:callrules:problem:not_judged"]},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "inserted": {"type": "array", "items": {"type": "string"}, "description": (
            "the values the detail inserts (a zone, an instant, a query parameter's name as "
            "sent, a call's id), as a finding's (see Finding)")},
        "around": {"type": "array", "items": {"type": "string"}, "description": (
            "the words around them in the detail, as a finding's (see Finding)")},
        "instance": {"type": "string", "format": "uri-reference", "description": (
            "the request's path, each character beyond printable ASCII percent-encoded; "
            "left out when that is longer than 1,000 characters")},
        "unlisted": {"type": "integer", "description": (
            "how many more errors of the same kind there are, not listed (a query's "
            "parameters given twice or not taken: ten are listed at most)")},
        "errors": {"type": "array", "items": {"type": "object", "required": ["code", "detail"],
                                              "properties": {
            "pointer": {"type": "string", "description": "where in the body (JSON Pointer)"},
            "parameter": {"type": "string", "description": (
                "or which query parameter: its name as sent; a name holding an invisible "
                "character or a line break, or of more than 100 characters, quoted as the "
                "detail quotes it (each invisible character named in words, the rest cut)")},
            "code": {"type": "string"},
            "detail": {"type": "string"},
            "key": {"type": "string", "description": (
                "for a key the application wrote, not expected (extra_forbidden) or given "
                "twice (duplicate_key): that key, as written")},
            "place": {"type": "string", "description": (
                "with key: where that key is, in words, as the command line's report says "
                "it (Visitor 1 — key “familyname”)")},
            "place_inserted": {"type": "array", "items": {"type": "string"}, "description": (
                "with place, when the request prefers it (Prefer: callrules-inserted): the "
                "values the place inserts (a visitor, a label, a key as written), as a "
                "finding's inserted")},
            "place_around": {"type": "array", "items": {"type": "string"}, "description": (
                "with place_inserted: the words around them in the place, as a finding's "
                "around")},
            "inserted": {"type": "array", "items": {"type": "string"}, "description": (
                "the values the detail inserts, as a finding's (see Finding)")},
            "around": {"type": "array", "items": {"type": "string"}, "description": (
                "the words around them in the detail, as a finding's (see Finding)")}}}},
    },
}

_PROBLEM_REF: dict[str, Any] = {"$ref": _REF + "Problem"}

#: What every line of a batch's answer says of its record, whatever the line is: the schema's
#: version, the record's place in the batch, where it came from, the line it starts at.
_RECORD_PLACE: dict[str, Any] = {
    "schema_version": {"type": "integer"},
    "index": {"type": "integer", "minimum": 0},
    "source": {"type": ["string", "null"]},
    "line": {"type": ["integer", "null"], "minimum": 1}}

#: One line of a batch's answer (``application/jsonl``): a report (with its ``index`` and
#: ``line``), a record that is no valid application (``input_error``, and the ``problem`` one
#: application would be answered with), or a record whose answer could not be written
#: (``failure``, a bug, logged).
_BATCH_LINE: dict[str, Any] = {
    "description": "One line of a batch's answer: a report, an input error or a failure "
                   "(tell them apart by eligible, input_error or failure).",
    "oneOf": [
        {"allOf": [{"$ref": _REF + "Report"}, {"required": ["index", "line"]}]},
        {"type": "object", "required": [*_RECORD_PLACE, "input_error", "problem"],
         "properties": {
             **_RECORD_PLACE,
             "texts": {"type": "object"},
             "input_error": {"type": "array", "items": {
                 "type": "object", "required": ["loc", "pointer", "path", "type", "msg"],
                 "properties": {
                     "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                     "pointer": {"type": "string"}, "path": {"type": "string"},
                     "type": {"type": "string"}, "msg": {"type": "string"},
                     "ctx": {"type": "object"}, "message": {"type": "string"},
                     "place": {"type": "string"}, "key": {"type": "string"},
                     "place_inserted": {"type": "array", "items": {"type": "string"}},
                     "place_around": {"type": "array", "items": {"type": "string"}},
                     "inserted": {"type": "array", "items": {"type": "string"}},
                     "around": {"type": "array", "items": {"type": "string"}}}}},
             "problem": _PROBLEM_REF}},
        {"type": "object", "required": [*_RECORD_PLACE, "failure"],
         "properties": {**_RECORD_PLACE, "failure": _PROBLEM_REF}},
    ],
}

_CALL: dict[str, Any] = {
    "type": "object",
    "required": ["id", "version", "title", "title_language", "languages", "timezone"],
    "properties": {"id": {"type": "string"}, "version": {"type": "string"},
                   "title": {"type": "string"},
                   "title_language": {"type": "string", "description": (
                       "the language the title is written in (the call's first where it "
                       "has not the reader's)")},
                   "languages": {"type": "array", "items": {"type": "string"}},
                   "timezone": {"type": "string"}},
}

_SCHEMAS: dict[str, Any] = {
    "Finding": _FINDING,
    "Report": _REPORT,
    "Problem": _PROBLEM,
    "BatchLine": _BATCH_LINE,
    "CallList": {"type": "array", "items": _CALL},
    "CallDetail": {**_CALL, "properties": {
        **_CALL["properties"], "currency": {"type": "string"}, "timeline": {"type": "object"},
        "now": {"type": "string", "format": "date-time",
                "description": "The instant the call is shown as of: `now`, else the "
                "server's clock; a call with amendments is shown as in force then."},
        "phase": {"type": "string"},
        "checklist": {"type": "object", "properties": {
            "text": {"type": "string"}, "markdown": {"type": "string"},
            "html": {"type": "string"}}},
        "links": {"type": "object"}}},
    "Health": {"type": "object", "required": ["status"], "properties": {
        "status": {"const": "ok"}, "version": {"type": "string"},
        "calls": {"type": "integer"}}},
    "JsonSchema": {"type": "object", "description": "A JSON Schema (draft 2020-12)."},
}

#: The media type of a JSON Schema (draft 2020-12), as ``GET /calls/{id}/schema`` answers.
SCHEMA_MEDIA_TYPE = "application/schema+json"

_STATUS_TEXT = {400: "Bad request", 404: "Unknown call",
                408: "Body not received in time", 413: "Too long for this service",
                415: "Unsupported content type",
                431: "Request headers too long: a request's head (its request line and "
                     "header lines) over 16 KiB or 100 header lines, refused as it arrives "
                     "and its connection closed",
                422: "Invalid application, or application not judged (the type says which)",
                503: "Too busy: as many checks under way, or as many bodies arriving, as "
                     "the service takes at once (with --per-client, a connection one too "
                     "many for its client is answered 503 as it opens, before any request "
                     "is read: no body, Retry-After: 1 and Connection: close); or a "
                     "batch's keys no longer read back from the temporary folder (problem "
                     "type keys_unreadable, the host's fault logged in words: send it again)",
                507: "No room: a batch's keys refused by the temporary folder past what "
                     "memory may hold (no_room); or, for a call's schema, a schema larger "
                     "than the service sends (schema_too_large)",
                500: "A failure of the service (a bug, logged): nothing was judged"}

#: The answers the service gives outside any operation of the document: to a path it does
#: not serve, to a method a path does not take, to a path written with or without its last
#: slash where the other is served (and ``/``, to the applicants' page).
_RESPONSES: dict[str, Any] = {
    "NotFound": {"description": "No such path on this service (problem type not_found)",
                 "content": {"application/problem+json": {"schema": _PROBLEM_REF}}},
    "MethodNotAllowed": {
        "description": "A method the path does not take (problem type method_not_allowed); "
                       "Allow names those it takes",
        "headers": {"Allow": {"required": True, "schema": {"type": "string"}}},
        "content": {"application/problem+json": {"schema": _PROBLEM_REF}}},
    "Redirect": {
        "description": "The same path with or without its last slash (/calls/ to /calls), "
                       "or / to the applicants' page: the same request, repeated at Location",
        "headers": {"Location": {"required": True,
                                 "schema": {"type": "string", "format": "uri-reference"}}}},
}

def _lines(media_type: str, item: str, description: str) -> dict[str, Any]:
    """A body in JSON Lines (``media_type``: ``application/jsonl`` or a synonym): a string of
    that media type, each line a ``item`` (``x-itemSchema``: the schema of each line, as
    OpenAPI 3.2's ``itemSchema``)."""
    return {"schema": {"type": "string", "contentMediaType": media_type,
                       "description": description},
            "x-itemSchema": {"$ref": _REF + item}}


#: The answer to a batch, ``application/jsonl``: one JSON document a line, each a
#: ``BatchLine``.
_JSONL_ANSWER = _lines("application/jsonl", "BatchLine", (
    "for a batch (JSON Lines or CSV, or a JSON array or envelope of applications): JSON "
    "Lines, one line per record, in order, each a BatchLine: a report with its index "
    "and line, an input error with the problem a single check would answer (problem: "
    "its type says invalid_input or not_judged), or a failure to answer it"))

_BATCH_DESCRIPTION = "a batch: JSON Lines, one application a line, each an Application"

#: A check's request bodies: one application (``Application``), or a batch in JSON Lines
#: (each line an ``Application``) or in CSV.
CHECK_BODY: dict[str, Any] = {"required": True, "content": {
    "application/json": {"schema": {"$ref": _REF + "Application"}},
    "application/jsonl": {**_lines("application/jsonl", "Application", _BATCH_DESCRIPTION),
                          "example": '{"id": "A-1", "...": "..."}\n'
                                     '{"id": "A-2", "...": "..."}\n'},
    **{synonym: _lines(synonym, "Application", _BATCH_DESCRIPTION)
       for synonym in ("application/x-ndjson", "application/x-jsonlines")},
    "text/csv": {"schema": {
        "type": "string", "contentMediaType": "text/csv", "description": (
            "a batch: a header line naming fields by their path "
            "(visitors.0.institution.location.country), then one application a row")},
                 "example": "id,call,visitors.0.category\nA-1,cnrs-amsud-2026,engineer\n"}}}


#: ``Connection: close``, as an answer that closes its connection says it (RFC 9112 9.6).
_CLOSE: dict[str, Any] = {"schema": {"const": "close"}}

#: The headers a problem's answer gives beside its body, by status (``required``: on every
#: such answer; else on those its description names): when to ask again, and whether the
#: connection is closed after the answer, the rest of the request's body unread (the next
#: request then goes on a new connection).
_PROBLEM_HEADERS: dict[int, dict[str, Any]] = {
    408: {"Connection": {**_CLOSE, "required": True, "description": (
        "close: a body that did not arrive in time is let go of, its connection closed")}},
    431: {"Connection": {**_CLOSE, "required": True, "description": (
        "close: the rest of a head over the bound is not read, its connection closed")}},
    503: {"Retry-After": {"description": "the seconds to wait before asking again",
                          "required": True, "schema": {"type": "integer", "minimum": 0}},
          "Connection": {**_CLOSE, "description": (
              "close, on a check refused while its body was still arriving (the bodies "
              "arriving together already hold what the service takes): the rest of the "
              "body is not read and the connection is closed; absent on a 503 answered "
              "before the body is read (every check's place taken), unless the client "
              "asked to close or speaks HTTP/1.0 (then every answer says close)")}}}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses`` of a route's problems: those of ``statuses``, 400 (which every route
    answers to a query parameter it does not take, or one given twice), 431 (a head over
    the connection's bound, ``_connection.HEAD_LIMIT``) and 500 (a failure, a bug), each a
    ``Problem``, with the headers it gives (a 503's ``Retry-After``; a 408's and a 431's
    ``Connection: close``, and a 503's where it closes the connection)."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in dict.fromkeys((400, *statuses, 431, 500)):
        out[status] = {"description": _STATUS_TEXT[status], "content": {
            "application/problem+json": {"schema": _PROBLEM_REF}}}
        if status in _PROBLEM_HEADERS:
            out[status]["headers"] = _PROBLEM_HEADERS[status]
    return out


_problems = problems  # (``responses`` names its argument ``problems`` too)


def responses(name: str, *, html: bool = False, batch: bool = False,
              media_type: str = "application/json",
              problems: Iterable[int] = ()) -> dict[int | str, dict[str, Any]]:
    """The ``responses`` of a route answering with the component ``name`` (as ``media_type``):
    200, and the problems of ``problems`` (with 400 and 500, as :func:`problems` says)."""
    content: dict[str, Any] = {media_type: {"schema": {"$ref": _REF + name}}}
    if html:
        content["text/html"] = {"schema": {"type": "string", "contentMediaType": "text/html"}}
    if batch:
        content["application/jsonl"] = _JSONL_ANSWER
    return {200: {"description": "OK", "content": content}, **_problems(*problems)}


def with_components(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document of ``app``, built once, with the shared schemas."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    spec = get_openapi(title=app.title, version=app.version, summary=app.summary,
                       description=app.description, routes=app.routes)
    components = spec.setdefault("components", {})
    schemas: dict[str, Any] = components.setdefault("schemas", {})
    _add(schemas, _published_application())
    _add(schemas, _SCHEMAS)
    components.setdefault("responses", {}).update(_RESPONSES)
    for operation in (op for path in spec["paths"].values() for op in path.values()):
        # FastAPI adds a 422 for its own parameter validation: here, a 400 problem says it
        if "HTTPValidationError" in str(operation.get("responses", {}).get("422", "")):
            del operation["responses"]["422"]
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    app.openapi_schema = spec
    return spec


def _add(schemas: dict[str, Any], more: dict[str, Any]) -> None:
    """``more`` added to the document's ``schemas``: a name given twice (a ``$def`` of the
    published schema named as one of the service's shapes, or as FastAPI's) is a mistake of
    this module, raised when the document is built, never one shape silently replacing the
    other."""
    twice = sorted(set(schemas) & set(more))
    if twice:
        raise ValueError(f"OpenAPI components named twice: {', '.join(twice)}")
    schemas.update(more)


def _published_application() -> dict[str, Any]:
    """The published application schema (:func:`callrules.schema`, as ``callrules schema``
    writes it, in English), as the document's components: ``Application`` and each of its
    ``$defs`` beside it, every reference to one of them made to the component. A location's
    ``subdivision`` also lists every known code (``enum``) beside the rule that it is one of
    its country's (``if``/``then``, which code generators drop): a generated client refuses a
    code that is no subdivision at all; the location and its subdivision say, in their
    descriptions, that such a client does not check the country."""
    application = _refs_to_components(callrules.schema("application"))
    application.pop("$schema", None)  # (the document's dialect: JSON Schema 2020-12 too)
    defs: dict[str, Any] = application.pop("$defs", {})
    subdivision = defs["Location"]["properties"]["subdivision"]
    code = next(each for each in subdivision["anyOf"] if each.get("type") == "string")
    code["enum"] = sorted(SUBDIVISIONS)
    subdivision["description"] = _SUBDIVISION_UNCHECKED
    defs["Location"]["description"] = f"{defs['Location']['description']} " \
        f"{_SUBDIVISION_UNCHECKED}"
    return {**defs, "Application": application}


#: What a client generated from the document cannot check of a location, said where it reads
#: it (code generators keep ``enum`` and drop ``if``/``then``).
_SUBDIVISION_UNCHECKED = (
    "A subdivision must be one of its country's: the allOf of if/then rules says it, one "
    "per country (x-callrules-subdivision-of), and a JSON Schema validator checks it. A "
    "client generated from this document keeps only the list of every known code (enum): "
    "it does not check the country, and the service answers a subdivision of another "
    "country 422 (invalid_input, subdivision_country at the subdivision).")


def _refs_to_components(node: Any) -> Any:
    """``node`` (a JSON Schema) with each ``$ref`` to one of its ``$defs`` made to the
    document's component of that name; any other value as it is.

    >>> _refs_to_components({"$ref": "#/$defs/Location", "title": "#/$defs/Location"})
    {'$ref': '#/components/schemas/Location', 'title': '#/$defs/Location'}
    """
    if isinstance(node, list):
        return [_refs_to_components(each) for each in node]
    if not isinstance(node, dict):
        return node
    out = {key: _refs_to_components(value) for key, value in node.items()}
    ref = out.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        out["$ref"] = _REF + ref.removeprefix("#/$defs/")
    return out
