"""The service's contract, as a platform in another language reads it: every answer is one its
OpenAPI document declares (the status, the media type, and a body valid against the schema
given for them), and every answer whose words depend on a request header names it in
``Vary`` (att77: F1, F2, F6)."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import jsonschema
import pytest
from fastapi import FastAPI
from hypothesis import given, settings
from hypothesis import strategies as st

import callrules
from callrules._codes import SUBDIVISIONS
from callrules._schema import SUBDIVISION_PATTERN
from callrules.serve import _app, _openapi, create_app
from tests.conftest import EXAMPLES, eligible_dict
from tests.live_server import serving

NOW = "2026-05-30T12:00:00%2B02:00"  # (as a query writes it: + encoded)
CHECK = "/calls/cnrs-amsud-2026/check"
CALL = "/calls/cnrs-amsud-2026"
JSON = {"Content-Type": "application/json"}

_invalid = eligible_dict()
_invalid["visitors"][0]["category"] = "astronaut"
_not_judged = eligible_dict()
_not_judged["exchange_rates"] = []
_not_judged["budget"]["lines"][0]["amount"]["currency"] = "BRL"
_eligible = (EXAMPLES / "eligible.json").read_text("utf-8")
_ineligible = (EXAMPLES / "ineligible.json").read_text("utf-8")

#: A request of each kind the service answers: each route's answer, each problem of a
#: request (unknown call or path, a method not taken, a parameter not taken or unreadable,
#: a body too long, of a type not taken, or holding no record), a refused application
#: (invalid, not judged), a batch of each format, and the redirects.
REQUESTS: list[tuple[str, str, dict[str, str], str | bytes | None]] = [
    ("GET", "/health", {}, None),
    ("GET", "/calls", {}, None),
    ("GET", CALL + f"?now={NOW}", {}, None),
    ("GET", CALL + f"?now={NOW}", {"Accept": "text/html"}, None),
    ("GET", CALL + "?now=tomorrow", {}, None),
    ("GET", CALL + "?colour=blue", {}, None),
    ("GET", CALL + "?zone=Mars/Olympus", {}, None),
    ("GET", "/calls/nope", {}, None),
    ("GET", CALL + "/schema", {}, None),
    ("GET", "/calls/nope/schema", {}, None),
    ("GET", "/nope", {}, None),
    ("PUT", "/calls", {}, None),
    ("DELETE", CHECK, {}, None),
    ("GET", "/calls/", {}, None),
    ("GET", "/", {}, None),
    ("GET", "/?lang=fr&lang=pt", {}, None),
    ("POST", CHECK + f"?now={NOW}", JSON, _eligible),
    ("POST", CHECK + f"?now={NOW}", JSON, _ineligible),
    ("POST", CHECK + f"?now={NOW}", JSON, json.dumps(_invalid)),
    ("POST", CHECK + f"?now={NOW}", JSON, json.dumps(_not_judged)),
    ("POST", CHECK + f"?now={NOW}", JSON, "{not json"),
    ("POST", CHECK + f"?now={NOW}", JSON, "[]"),
    ("POST", CHECK + f"?now={NOW}", JSON, b"\xff\xfe\xfa"),
    ("POST", CHECK + f"?now={NOW}", JSON, json.dumps({"x": "y" * (70 << 10)})),
    ("POST", CHECK + f"?now={NOW}", {"Content-Type": "text/plain"}, _eligible),
    ("POST", "/calls/nope/check", JSON, _eligible),
    ("POST", CHECK + f"?now={NOW}", JSON, f"[{_eligible}, {json.dumps(_invalid)}]"),
    ("POST", CHECK + f"?now={NOW}", {"Content-Type": "application/jsonl"},
     "\n".join((json.dumps(json.loads(_eligible)), "{damaged", json.dumps(_not_judged),
                json.dumps(json.loads(_ineligible))))),
    ("POST", CHECK + f"?now={NOW}", {"Content-Type": "text/csv"},
     "id,call,visitors.0.category\nA-1,cnrs-amsud-2026,engineer\n"),
    ("POST", CHECK + f"?now={NOW}", {"Content-Type": "text/csv"}, "{}"),
]

#: Each request header an answer's words may depend on, with two values to tell apart.
HEADERS = {"Accept-Language": ("en", "fr"), "Prefer": (None, "callrules-inserted"),
           "Accept": ("application/json", "text/html")}


@pytest.fixture(scope="module")
def app() -> FastAPI:
    return create_app(max_body=64 << 10, max_batch_body=1 << 20)


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[httpx.Client]:
    with serving(app) as base, \
            httpx.Client(base_url=base, timeout=60, follow_redirects=False) as http:
        yield http


@pytest.fixture(scope="module")
def spec(client: httpx.Client) -> dict[str, Any]:
    document: dict[str, Any] = client.get("/openapi.json").json()
    return document


def _send(client: httpx.Client, request: tuple[str, str, dict[str, str], str | bytes | None],
          **extra: str | None) -> httpx.Response:
    method, path, headers, body = request
    sent = {**headers, **{name: value for name, value in extra.items() if value is not None}}
    return client.request(method, path, headers=sent, content=body)


def _declared(spec: dict[str, Any], method: str, path: str, status: int) -> dict[str, Any]:
    """The response the document declares for ``status`` to ``method`` on ``path``: its
    operation's, else, for a path or a method it does not serve, the component saying so."""
    components = spec["components"].get("responses", {})
    for template, item in spec["paths"].items():
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), path):
            operation = item.get(method.lower())
            if operation is None:
                assert status == 405, (method, path, status)
                return dict(components.get("MethodNotAllowed", {"content": {}}))
            declared = operation["responses"].get(str(status))
            assert declared is not None, (method, path, status, sorted(operation["responses"]))
            if "$ref" in declared:
                declared = components[declared["$ref"].rsplit("/", 1)[1]]
            return dict(declared)
    assert status in (404, 307), (method, path, status)
    return dict(components.get("NotFound" if status == 404 else "Redirect", {"content": {}}))


def _assert_declared(spec: dict[str, Any], method: str, path: str,
                     answer: httpx.Response) -> None:
    """``answer`` is one the document declares: its status for its operation (or, for a
    path or a method not served, by the document's components), its media type one
    declared for it, and its body valid against the
    schema given for that media type (a batch's: each line against the schema of its
    lines); each header it declares as required given, and each header telling the client
    what to do next (Allow, Location, Retry-After, Connection) given only where declared
    (to a client keeping its connection open, as these tests' is: the document's
    description says any answer closes for a client that asks or speaks HTTP/1.0), with a
    value its schema allows."""
    declared = _declared(spec, method, path, answer.status_code)
    headers = {name.lower(): said for name, said in declared.get("headers", {}).items()}
    for header, said in headers.items():
        if said.get("required"):
            assert header in answer.headers, (answer.status_code, header)
    for header in _CONTRACT_HEADERS & set(answer.headers):
        assert header in headers, (answer.status_code, header, answer.headers[header])
        assert jsonschema.Draft202012Validator(headers[header]["schema"]).is_valid(
            int(answer.headers[header]) if header == "retry-after"
            else answer.headers[header]), (header, answer.headers[header])
    content = declared.get("content")
    if content is None:  # (a redirect: no body, and where to go)
        assert answer.status_code == 307 and answer.headers["location"]
        return
    media = answer.headers["content-type"].split(";")[0].strip()
    assert media in content, (answer.status_code, media, sorted(content))
    given = content[media]
    if media == "application/jsonl":
        lines = answer.text.splitlines()
        assert lines
        for line in lines:
            assert not _valid(spec, given["x-itemSchema"], json.loads(line)), line[:300]
    elif media.endswith("json"):
        assert not _valid(spec, given["schema"], answer.json()), answer.text[:300]
    else:
        assert given["schema"]["type"] == "string"


#: The headers of an answer that tell a client what to do next, which the document must
#: declare for that answer where they are given.
_CONTRACT_HEADERS = {"allow", "location", "retry-after", "connection"}


def _valid(spec: dict[str, Any], schema: dict[str, Any], value: Any) -> list[str]:
    """What is wrong with ``value`` by ``schema``, a schema of the document (its references
    to the document's components resolved)."""
    whole = {"components": spec["components"], "allOf": [schema]}
    validator = jsonschema.Draft202012Validator(
        whole, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"[:300]
            for e in validator.iter_errors(value)]


class TestTheDocumentDeclaresEveryAnswer:
    @pytest.mark.parametrize("request_", REQUESTS, ids=lambda r: f"{r[0]} {r[1][:40]}")
    @pytest.mark.parametrize("prefer", [None, "callrules-inserted"])
    def test_an_answer_is_one_the_document_declares(
            self, client: httpx.Client, spec: dict[str, Any],
            request_: tuple[str, str, dict[str, str], str | bytes | None],
            prefer: str | None) -> None:
        """The law: each answer's status is declared for its operation (or, for a path or a
        method not served, by the document's components), its media type is one declared
        for that status, and its body is valid against the schema given for that media type
        (a batch's: each line against the schema of its lines). Before: the call's page
        lacked title_language (1 of 1), a call's schema was answered as a media type the
        document did not give, and 405, 404 not_found and the redirects were declared by no
        operation."""
        answer = _send(client, request_, Prefer=prefer, **{"Accept-Language": "fr"})
        _assert_declared(spec, request_[0], request_[1].split("?")[0], answer)

    def test_a_busy_service_answers_as_declared(
            self, app: FastAPI, client: httpx.Client, spec: dict[str, Any]) -> None:
        """A service with every place taken answers each bounded route 503 (too_busy, with
        Retry-After), as the document declares. Before, a call's page and its schema declared
        no 503, and no 503 declared Retry-After."""
        client.get("/health")  # (the first request builds the middleware)
        node: Any = app.middleware_stack
        while not isinstance(node, _app._Bounded):
            node = node.app
        kept = dict(node.under_way)
        node.under_way.update(node.limits)
        try:
            for request in (("GET", CALL, {}, None), ("GET", CALL + "/schema", {}, None),
                            ("POST", CHECK + f"?now={NOW}", JSON, _eligible)):
                answer = _send(client, request, **{"Accept-Language": "fr"})
                assert answer.status_code == 503, (request[:2], answer.status_code)
                _assert_declared(spec, request[0], request[1].split("?")[0], answer)
        finally:
            node.under_way.update(kept)

    def test_a_body_refused_while_arriving_closes_its_connection_as_declared(
            self, app: FastAPI, client: httpx.Client, spec: dict[str, Any]) -> None:
        """A check refused 503 while its body is still arriving (the bodies arriving
        together hold what the service takes) says ``Connection: close``, and the document
        declares it for that answer (with ``Retry-After``). Before, the header was given and
        declared nowhere (att77, look73a 2)."""
        client.get("/health")  # (the first request builds the middleware)
        node: Any = app.middleware_stack
        while not isinstance(node, _app._Bounded):
            node = node.app
        kept = dict(node.arriving)
        node.arriving.update(node.most_arriving)
        try:
            answer = _send(client, ("POST", CHECK + f"?now={NOW}", JSON, _eligible),
                           **{"Accept-Language": "fr"})
        finally:
            node.arriving.update(kept)
        assert answer.status_code == 503, answer.status_code
        assert answer.headers["connection"] == "close"
        _assert_declared(spec, "POST", CHECK, answer)

    def test_the_documented_application_is_the_published_schema(
            self, client: httpx.Client, spec: dict[str, Any]) -> None:
        """A check's body is documented by the published application schema (``callrules
        schema``): what the library refuses, a JSON Schema validator reading the document
        refuses too. Before, pydantic's looser schema: an application with a subdivision of another
        country, or a key holding a control character, was valid by the document (4 of 4)."""
        body = spec["paths"]["/calls/{call_id}/check"]["post"]["requestBody"]["content"]
        application = body["application/json"]["schema"]
        refused = [eligible_dict() for _ in range(3)]
        refused[0]["host"]["unit"]["location"]["subdivision"] = "BR-SP"
        refused[1]["answers"] = {"a\u0001b": True}
        refused[2]["fields"] = {"a\nb": "x"}
        assert not _valid(spec, application, eligible_dict())
        for each in refused:
            assert _valid(spec, application, each), each
            answer = client.post(f"{CHECK}?now={NOW}", content=json.dumps(each),
                                 headers=JSON)
            assert answer.status_code == 422, answer.text


def _location_without_rules(spec: dict[str, Any]) -> jsonschema.Draft202012Validator:
    """A validator of a location by the document as a code generator reads it: without its
    ``if``/``then`` rules (a subdivision of its own country), which generators drop."""
    components = copy.deepcopy(spec["components"])
    components["schemas"]["Location"].pop("allOf", None)
    return jsonschema.Draft202012Validator({
        "components": components, "$ref": "#/components/schemas/Location"})


class TestTheDocumentItself:
    @settings(max_examples=200, deadline=None)
    @given(code=st.from_regex(SUBDIVISION_PATTERN, fullmatch=True)
           | st.sampled_from(sorted(SUBDIVISIONS)))
    def test_a_reader_without_if_then_refuses_a_code_that_is_no_subdivision(
            self, spec: dict[str, Any], code: str) -> None:
        """The law: read without its per-country ``if``/``then`` (as datamodel-codegen
        reads it), the document accepts a subdivision exactly when it is a known code (its
        own country's: the service refuses any other). Before, only the pattern was left:
        a client generated from it accepted FR-ZZZ and XX-1, which the service refuses."""
        validator = _location_without_rules(spec)
        location = {"country": code[:2], "subdivision": code}
        assert validator.is_valid(location) == (code in SUBDIVISIONS), code

    def test_what_a_generated_client_cannot_check_is_said_where_it_reads_it(
            self, spec: dict[str, Any]) -> None:
        """A generator keeps the location's and its subdivision's descriptions (it drops
        ``if``/``then``): both say that a client generated from the document does not
        check that a subdivision is its country's, and what the service answers. Before,
        nothing in the document said it (look73a 1)."""
        location = spec["components"]["schemas"]["Location"]
        for said in (location["description"],
                     location["properties"]["subdivision"]["description"]):
            assert "generated" in said and "subdivision_country" in said, said

    def test_what_closes_a_connection_beyond_the_declared_headers_is_said(
            self, spec: dict[str, Any]) -> None:
        """The headers declared are those a client keeping its connection open gets: the
        document's description says that any answer closes (``Connection: close``) for a
        client that asks for it or speaks HTTP/1.0, and what the raw ``--per-client`` 503
        is, on any path. Before, the 503's description said ``Connection`` was absent
        before the body is read, which such a client gets all the same (look74c 6)."""
        said = spec["info"]["description"]
        for words in ("Connection: close", "HTTP/1.0", "--per-client", "any path",
                      "Retry-After: 1"):
            assert words in said, (words, said)
        closing = spec["paths"]["/calls/{call_id}/check"]["post"]["responses"]["503"][
            "headers"]["Connection"]["description"]
        assert "HTTP/1.0" in closing, closing

    def test_each_batch_body_says_its_own_media_type(self, spec: dict[str, Any]) -> None:
        """Each request body given as a string says its own media type (before,
        application/x-ndjson said application/jsonl), and each JSON Lines one gives the
        schema of its lines; every batch format the service takes is declared."""
        content = spec["paths"]["/calls/{call_id}/check"]["post"]["requestBody"]["content"]
        assert set(content) == {"application/json", *_app.BATCH_TYPES}
        for media, given_ in content.items():
            if media != "application/json":
                assert given_["schema"]["contentMediaType"] == media
            if _app.BATCH_TYPES.get(media) == "jsonl":
                assert given_["x-itemSchema"] == {"$ref": "#/components/schemas/Application"}

    def test_a_component_named_twice_is_refused_when_the_document_is_built(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A ``$def`` of the published schema named as one of the service's own shapes
        raises when the document is built, never silently replacing one by the other."""
        monkeypatch.setattr(_openapi, "_SCHEMAS", {**_openapi._SCHEMAS, "Location": {}})
        with pytest.raises(ValueError, match="Location"):
            _openapi.with_components(FastAPI())

    def test_only_references_are_rewritten(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The published schema's references become the document's (each resolves, none
        to ``$defs`` is left), and a text that merely reads like one is kept as it is."""
        published = callrules.schema

        def schema(*args: Any, **kwargs: Any) -> dict[str, Any]:
            out = published(*args, **kwargs)
            return {**out, "examples": ["#/$defs/Location"]}

        monkeypatch.setattr(callrules, "schema", schema)
        document = _openapi.with_components(FastAPI())
        schemas = document["components"]["schemas"]
        assert schemas["Application"]["examples"] == ["#/$defs/Location"]
        refs = re.findall(r'"\$ref": "([^"]+)"', json.dumps(document))
        assert refs and all(r.startswith("#/components/") for r in refs)
        assert all(r.rsplit("/", 1)[1] in schemas for r in refs
                   if r.startswith("#/components/schemas/"))


class TestVary:
    @pytest.mark.parametrize("request_", REQUESTS, ids=lambda r: f"{r[0]} {r[1][:40]}")
    def test_an_answer_names_in_vary_each_header_its_words_depend_on(
            self, client: httpx.Client,
            request_: tuple[str, str, dict[str, str], str | bytes | None]) -> None:
        """The law: the same request sent with two values of a header (Accept-Language,
        Prefer, Accept) is answered alike (status, media type, language, body), or both
        answers name that header in ``Vary``; and an answer in a language
        (``Content-Language``) names ``Accept-Language``. Before, 17 of 17 kinds of problem
        of a request said ``Vary: Prefer`` only, and 404 not_found and 405 no Vary at all,
        while their words were in the reader's language: a shared cache could give a French
        problem to an English reader."""
        for header, (one, other) in HEADERS.items():
            first, second = (_send(client, request_, **{header: value})
                             for value in (one, other))
            alike = (first.status_code, first.headers.get("content-type"),
                     first.headers.get("content-language"), first.content) == (
                second.status_code, second.headers.get("content-type"),
                second.headers.get("content-language"), second.content)
            for answer in (first, second):
                vary = [name.strip().lower()
                        for name in answer.headers.get("vary", "").split(",")]
                assert alike or header.lower() in vary, (header, answer.status_code,
                                                         answer.headers)
                if "content-language" in answer.headers:
                    assert "accept-language" in vary, answer.headers


def test_the_requests_reach_every_kind_of_answer(client: httpx.Client) -> None:
    """The requests the laws above are checked on reach each status they are meant to (a
    report, a batch, each problem): a law checked on problems alone would hold by default."""
    statuses = [_send(client, request).status_code for request in REQUESTS]
    assert set(statuses) == {200, 307, 400, 404, 405, 413, 415, 422}, statuses
    assert _send(client, ("GET", "/?lang=fr&lang=pt", {}, None)).status_code == 400
    assert statuses.count(200) >= 7, statuses
