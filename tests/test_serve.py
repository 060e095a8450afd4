"""The HTTP service, tested against a real uvicorn server on 127.0.0.1 with a real client."""

from __future__ import annotations

import asyncio
import base64
import csv
import gzip
import io
import json
import logging
import pickle
import quopri
import random
import re
import socket
import threading
import time
import tracemalloc
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from unittest import mock

import httpx
import jsonschema
import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, assume, example, given
from hypothesis import strategies as st
from openapi_spec_validator import validate

import callrules
from callrules import _cli, _evaluate, calls
from callrules._i18n import phrase_sentence
from callrules.serve import _app, _stopping, create_app
from callrules.serve._http import INSTANCE_LIMIT, BodyTimeout, Seconds, labels, shown_values
from tests.conftest import EXAMPLES, ROOT, eligible_dict
from tests.generated import batch, json_lines
from tests.laws import settings
from tests.live_server import serving
from tests.test_csv_reading import flatten

NOW = "2026-05-30T12:00:00+02:00"
CHECK = "/calls/cnrs-amsud-2026/check"
CALL = callrules.calls.load("cnrs-amsud-2026")
NOW_INSTANT = callrules.parse_instant(NOW)
POINTER = re.compile(r"^(/([^~/]|~[01])*)*$")


_INELIGIBLE = (EXAMPLES / "ineligible.json").read_bytes()
_ALL_ZONES = sorted(zoneinfo.available_timezones())
_INSTANTS = st.builds(
    lambda moment, minutes: moment.replace(tzinfo=timezone(timedelta(minutes=minutes)))
    .isoformat(),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59)),
    st.integers(-14 * 60, 14 * 60))
_ZONED = st.builds(lambda moment, zone: f"{moment:%Y-%m-%d %H:%M} {zone}",
                   st.datetimes(min_value=datetime(1, 1, 1),
                                max_value=datetime(9999, 12, 31, 23, 59)),
                   st.sampled_from(_ALL_ZONES))


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with serving(create_app(max_body=64 << 10, max_batch_body=1 << 20)) as base:
        yield base


#: The record limit of the second server, small enough to try both sides of it.
FEW = 20
#: The range of each limit of ``create_app`` (docs/reference/inputs.md; those of ``callrules
#: serve``'s options for the three it has).
LIMITS = {"max_body": (1 << 10, 64 << 20), "max_batch_body": (1 << 10, 1 << 30),
          "max_batch_records": (1, 1_000_000), "max_concurrent": (1, 1000),
          "max_concurrent_batches": (1, 16), "body_timeout": (1, 3600),
          "stall_timeout": (1, 3600)}


@pytest.fixture(scope="module")
def few_url() -> Iterator[str]:
    with serving(create_app(max_batch_records=FEW)) as base:
        yield base


@pytest.fixture
def client(url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url, timeout=60) as http:
        yield http


def in_process(data: Any, lang: str = "en") -> dict[str, Any]:
    """The report the library gives in this process, as JSON."""
    call = callrules.calls.load("cnrs-amsud-2026")
    report = callrules.evaluate(call, data, now=callrules.parse_instant(NOW))
    return report.to_dict(lang)


def command_line(body: bytes, input_format: str | None, lang: str = "en"
                 ) -> list[dict[str, Any]]:
    """What ``callrules check CALL - --format json`` gives of ``body`` on standard input
    (read as ``input_format``, or as found when None)."""
    out = io.StringIO()
    said = ["--input-format", input_format] if input_format else []
    _cli.main(["check", "cnrs-amsud-2026", "-", "--format", "json", *said,
               "--at", NOW, "--lang", lang], out=out, err=io.StringIO(),
              stdin=io.TextIOWrapper(io.BytesIO(body)))
    items: list[dict[str, Any]] = json.loads(out.getvalue())
    return items


def would_serve(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, dict[str, Any]]]:
    """What ``callrules serve`` would run, noted instead of run: the application (one
    process) or the factory's import string (several, ``workers`` among the options), and
    uvicorn's options."""
    seen: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(_stopping, "run_one", lambda app, options: seen.append((app, options)))
    monkeypatch.setattr(_stopping, "run_workers", lambda target, workers, options: seen.append(
        (target, {**options, "workers": workers})))
    return seen


def bounded(app: FastAPI) -> Any:
    """The service's own count of the requests under way (its ``_Bounded`` middleware;
    none under way before the first request, which builds it)."""
    node: Any = app.middleware_stack
    while node is not None and not isinstance(node, _app._Bounded):
        node = node.app
    return node or _app._Bounded(None, 1, 1)


def german_and_italian_call(folder: Path) -> None:
    """Write ``it-call``, a call whose texts are in German and Italian only (its title, a
    clause's title and text), into ``folder``."""
    from tests.test_definitions import minimal_call

    data = minimal_call(languages=["de", "it"], title={"de": "Aufruf", "it": "Bando"},
                        clauses=[{"id": "eligibility", "title": {"de": "Frist", "it": "Scadenza"},
                                  "text": {"de": "Text", "it": "Testo"}}])
    data["id"] = "it-call"
    (folder / "it-call.json").write_text(json.dumps(data, default=str), "utf-8")


class Upload:
    """A check whose body comes slowly or not at all, on a socket of its own."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.stop = threading.Event()

    def answer(self) -> bytes:
        """What the service answers, once it closes the connection (at most 60 s): what came
        before a reset, if the connection was reset (a service that closes a connection
        while bytes still come may have them answered with a reset, which takes its answer
        along)."""
        got = b""
        self.sock.settimeout(60)
        try:
            while chunk := self.sock.recv(65536):
                got += chunk
        except ConnectionResetError:
            pass
        self.stop.set()
        return got


@contextmanager
def stalled(base: str, media: str, lang: str = "en", trickle: float | None = None,
            first: bytes = b"{", length: int = 100_000) -> Iterator[Upload]:
    """A check of ``media`` that announces a body of ``length`` bytes, sends its first bytes
    (``first``), then nothing more (or a space every ``trickle`` seconds); the connection
    closed on leaving."""
    host, port = base.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)))
    sock.sendall(f"POST {CHECK}?now={NOW.replace('+', '%2B')} HTTP/1.1\r\nHost: x\r\n"
                 f"Content-Type: {media}\r\nAccept-Language: {lang}\r\n"
                 f"Content-Length: {length}\r\n\r\n".encode() + first)
    upload = Upload(sock)

    def drip(every: float) -> None:
        while not upload.stop.wait(every):
            try:
                sock.sendall(b" ")
            except OSError:  # the service closed it
                return

    dripping = threading.Thread(target=drip, args=(trickle,), daemon=True) if trickle else None
    if dripping:
        dripping.start()
    try:
        yield upload
    finally:
        upload.stop.set()
        if dripping:
            dripping.join(10)
        sock.close()


def answers(url: str, body: bytes, media: str = "application/jsonl") -> list[dict[str, Any]]:
    """The service's answer to the batch ``body`` (a 200), a line of JSON each."""
    with httpx.Client(base_url=url, timeout=60) as http:
        response = http.post(CHECK, params={"now": NOW}, content=body,
                             headers={"Content-Type": media})
    assert response.status_code == 200, response.text
    return [as_the_library(json.loads(line)) for line in response.text.splitlines()]


#: The problems a record read whole may have that the call's own rules make (the record is
#: NOT JUDGED, not UNREADABLE: ``InputError.verdict``).
_CALLS_DOING = {"missing_exchange_rate", "no_rate", "no_rate_in_force",
                "call_figure_too_large", "date_out_of_calendar"}


def as_the_library(line: dict[str, Any]) -> dict[str, Any]:
    """A batch line of the service as the library's ``BatchItem.to_dict`` gives it: the
    ``problem`` of a record refused (what one application would be answered with) checked
    against its problems' verdict, then taken off; so is each problem's ``place`` in words
    (and ``key``, the key not expected or given twice as written, the last step of its
    place), which the page says above the form."""
    if "input_error" in line:
        for said in line["input_error"]:
            assert isinstance(place := said.pop("place"), str) and place, said
            assert said.pop("key", said["loc"][-1] if said["loc"] else None) == (
                said["loc"][-1] if said["loc"] else None), said
        kinds = {p["type"] for p in line["input_error"]}
        code = "not_judged" if kinds <= _CALLS_DOING else "invalid_input"
        problem = line.pop("problem")
        assert problem["type"] == f"urn:callrules:problem:{code}", (problem, kinds)
        assert problem["status"] == 422 and problem["title"] and problem["detail"]
    else:
        assert "problem" not in line
    return line


#: The encodings a batch or an application may come in, as the command line reads them:
#: with or without a byte-order mark ("utf-16" and "utf-32" write one, "utf-8-sig" too).
#: What the readers of batches take for padding before one document and after it, no part
#: of it (docs/reference/inputs.md): a record separator (RFC 7464), a byte-order mark, a
#: no-break, zero-width or ideographic space, a form feed, NEL, U+2028; after it, NUL (a C
#: string's end), EOT, DEL, a vertical tab, a line of NUL bytes, a page break.
PADDING_BEFORE = ("", "\x1e", "\ufeff", "\xa0", "\u200b", "\u3000", "\x0c", "\x85", "\u2028",
                  "\r\n\x0c\r\n")
PADDING_AFTER = ("", "\x00", "\x04", "\x7f", "\x0b", "\x0c", "\xa0", "\u2028", "\u200b",
                 "\u3000", "\x85", "\x1e", "\n\x00\n", "\r\n\x0c\r\n")
#: The quote marks a mail client writes before each line of the text it quotes (a reply of
#: a reply: nested).
QUOTE_MARKS = ("> ", ">", "> > ", ">> ", ">\t")
#: What a person reads as a blank or does not see, laid between JSON tokens by a paste.
LAYOUT_BLANKS = ("\xa0", "\u3000", "\u2028", "\u2029", "\x85", "\u200b", "\x0c", "\x0b",
                 "\ufeff", "\u2009", "\u202f")
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32",
             "utf-32-le", "utf-32-be")
#: What tools and platforms do to JSON Lines: join files without their final newline, end
#: lines with CR or CR LF, write RFC 7464 sequences, leave blank lines, a mark inside (files
#: joined end to end), a DOS end of file, no final newline, one line not in UTF-8.
DAMAGES = ("glued", "cr", "crlf", "rs", "blank", "inner_mark", "ctrl_z", "no_final_newline",
           "latin1")


def damaged(records: list[dict[str, Any] | str], damages: set[str], encoding: str,
            rng: random.Random) -> bytes:
    """``records`` as JSON Lines bytes, damaged and encoded as a platform might send them."""
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    if "rs" in damages:
        lines = ["\x1e" + line for line in lines]
    if "glued" in damages and len(lines) > 1:  # two whole objects joined: ``}{``
        at = rng.randrange(len(lines) - 1)
        if all(isinstance(r, dict) for r in records[at:at + 2]):
            lines[at:at + 2] = [lines[at] + lines[at + 1]]
    if "blank" in damages:
        lines.insert(rng.randrange(len(lines) + 1), "  ")
    if "inner_mark" in damages:
        at = rng.randrange(len(lines))
        lines[at] = "\ufeff" + lines[at]
    end = "\r" if "cr" in damages else "\r\n" if "crlf" in damages else "\n"
    text = end.join(lines) + ("" if "no_final_newline" in damages else end)
    if "ctrl_z" in damages:
        text += "\x1a"
    body = text.encode(encoding)
    if "latin1" in damages and encoding.startswith("utf-8"):
        body = body.replace("é".encode(), b"\xe9", 1)  # one line in Latin-1
    return body


def assert_problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The response is problem details of ``status`` and type ``code``, well formed."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["type"] == f"urn:callrules:problem:{code}"
    assert body["status"] == status
    assert body["title"] and body["detail"]
    for error in body.get("errors", []):
        assert error["code"] and error["detail"]
        assert "pointer" in error or "parameter" in error
        assert POINTER.match(error.get("pointer", ""))
    if "instance" in body:  # (a path, as a URI reference: nothing a terminal acts upon)
        assert URI_PATH.fullmatch(body["instance"]), body["instance"]
        assert len(body["instance"]) <= INSTANCE_LIMIT
    return body


#: A path as RFC 3986 writes one: its characters as they are, or percent-encoded.
URI_PATH = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*")


def _languages_of_texts(page: str) -> dict[str, str]:
    """Each text of an HTML page, by the language the nearest ``lang`` above it says (the
    page's own as ``html``; the document's title as ``title <text>``)."""
    from html.parser import HTMLParser

    found: dict[str, str] = {}
    stack: list[tuple[str, str]] = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            lang = dict(attrs).get("lang") or (stack[-1][1] if stack else "")
            if tag == "html":
                found["html"] = lang
            if tag not in ("meta", "br"):
                stack.append((tag, lang))

        def handle_endtag(self, tag: str) -> None:
            while stack and stack.pop()[0] != tag:
                pass

        def handle_data(self, data: str) -> None:
            if data.strip() and stack:
                tag, lang = stack[-1]
                found[("title " if tag == "title" else "") + data.strip(" :\u202f")] = lang

    Reader().feed(page)
    return found


class TestRoutes:
    def test_health_says_ok(self, client: httpx.Client) -> None:
        """/health answers with the number of calls loaded."""
        body = client.get("/health").json()
        assert body["status"] == "ok" and body["calls"] >= 1

    @pytest.mark.parametrize(("method", "path", "there"), [
        ("POST", "/calls/cnrs-amsud-2026/check/?now=2026-05-30T10:00:00Z",
         "/calls/cnrs-amsud-2026/check?now=2026-05-30T10:00:00Z"),
        ("GET", "/calls/", "/calls"), ("GET", "/calls/cnrs-amsud-2026/", "/calls/cnrs-amsud-2026"),
        ("GET", "/page", "/page/")])
    def test_a_path_with_or_without_its_last_slash_is_sent_on_within_the_service(
            self, client: httpx.Client, method: str, path: str, there: str) -> None:
        """A route asked for with a slash too many or too few is sent on (307, the method
        and body kept) to the route's own path on this server, whatever ``Host`` the client
        says: Starlette's redirect named that host (``http://evil.example/calls``), an open
        redirect behind a proxy passing ``Host`` on (attack 27b F2); followed, the same
        answer as the route's."""
        body = (EXAMPLES / "eligible.json").read_bytes() if method == "POST" else None
        headers = {"Host": "evil.example", "Content-Type": "application/json"}
        moved = client.request(method, path, content=body, headers=headers)
        assert (moved.status_code, moved.headers["location"]) == (307, there)
        media = {"Content-Type": "application/json"}
        straight = client.request(method, there, content=body, headers=media)
        followed = client.request(method, path, content=body, headers=media,
                                  follow_redirects=True)
        assert followed.status_code == straight.status_code == 200
        if method == "POST":
            assert followed.json()["eligible"] is straight.json()["eligible"] is True
        for folder in ("/page/x%2F..", "/page/.", "/page/%2e", "/page/x/.."):  # (attack 28b)
            page = client.get(folder, headers=headers)
            assert page.status_code == 404 or (
                page.status_code == 307 and page.headers["location"].startswith("/page/")), (
                folder, page.status_code, page.headers.get("location"))
        for nowhere in ("/nowhere/", "/page/nothing.js/", "/calls/cnrs-amsud-2026/x/"):
            assert_problem(client.get(nowhere, headers=headers), 404, "not_found")

    def test_an_unknown_call_is_named_in_at_most_a_hundred_characters(
            self, client: httpx.Client) -> None:
        """A 7,000-character call id is not echoed whole in the detail (14 KB of body)."""
        detail = assert_problem(client.get("/calls/" + "x" * 7000), 404, "unknown_call")
        assert len(detail["detail"]) < 300 and "x" * 99 + "…" in detail["detail"]

    def test_the_calls_are_listed_with_titles_in_the_readers_language(
            self, client: httpx.Client) -> None:
        """/calls gives each call's title in the language asked for."""
        fr = client.get("/calls", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
        en = client.get("/calls", headers={"Accept-Language": "en"})
        (call_fr,) = [c for c in fr.json() if c["id"] == "cnrs-amsud-2026"]
        (call_en,) = [c for c in en.json() if c["id"] == "cnrs-amsud-2026"]
        assert call_fr["title"].startswith("Mobilités") and call_en["title"].startswith("Mobility")
        assert fr.headers["content-language"] == "fr"

    def test_a_call_in_a_language_the_library_has_no_catalog_for(
            self, tmp_path: Path, registries: None) -> None:
        """Accept-Language it, for a call in German and Italian: the call's own title and
        checklist in Italian (as ``title_in("it")``), the library's words in English; a
        language the call does not have: its first language (round 25, F4). The answer's
        ``Content-Language`` names both: the call's texts' language, then the library's; the
        list of calls, the schema and a 422 quoting the call's labels alike."""
        german_and_italian_call(tmp_path)
        with serving(create_app([str(tmp_path)])) as base, httpx.Client(base_url=base,
                                                                          timeout=60) as http:
            for asked, title, said in (("it-CH", "Bando", "it, en"), ("de", "Aufruf", "de, en"),
                                       ("nl", "Aufruf", "de, en"), ("fr", "Aufruf", "de, fr")):
                answer = http.get("/calls/it-call", headers={"Accept-Language": asked})
                body = answer.json()
                assert answer.headers["content-language"] == said
                assert body["title"] == title
                assert f'<h1><bdi dir="ltr" lang="{said[:2]}">{title}</bdi></h1>' in (
                    body["checklist"]["html"])
                assert ("Ce que les candidates et candidats doivent savoir" if asked == "fr" else
                        "What applicants need to know") in body["checklist"]["text"]
                # the list, the schema and a refusal quoting the call's labels say it alike
                listed = http.get("/calls", headers={"Accept-Language": asked})
                assert listed.headers["content-language"] == said  # (its own first: alike)
                assert [c["title"] for c in listed.json() if c["id"] == "it-call"] == [title]
                schema = http.get("/calls/it-call/schema", headers={"Accept-Language": asked})
                assert schema.headers["content-language"] == said
                refused = http.post("/calls/it-call/check", content=b"{}", headers={
                    "Accept-Language": asked, "Content-Type": "application/json"})
                assert refused.status_code == 422
                assert refused.headers["content-language"] == said

    def test_a_call_s_page_marks_each_text_with_its_language(
            self, tmp_path: Path, registries: None) -> None:
        """A browser's page of a call in German and Italian: the page in the library's
        language its sentences are in (``lang="en"`` asked in Italian, ``"fr"`` asked in
        French), and each of the call's own texts (its title, a clause's title and text)
        marked with the language it is written in, so a screen reader reads "Bando" in
        Italian and "Aufruf" in German, not with an English or French voice."""
        german_and_italian_call(tmp_path)
        with serving(create_app([str(tmp_path)])) as base, httpx.Client(base_url=base,
                                                                          timeout=60) as http:
            for asked, page_lang, own, texts, library in (
                    ("it", "en", "it", ("Bando", "Scadenza", "Testo"), "Timeline"),
                    ("fr", "fr", "de", ("Aufruf", "Frist", "Text"), "Calendrier"),
                    ("de", "en", "de", ("Aufruf", "Frist", "Text"), "Timeline")):
                page = http.get("/calls/it-call", headers={
                    "Accept": "text/html", "Accept-Language": asked})
                spoken = _languages_of_texts(page.text)
                assert spoken[library] == page_lang and spoken["html"] == page_lang
                assert {text: spoken[text] for text in texts} == dict.fromkeys(texts, own)
                assert spoken["title " + texts[0]] == own
            # a call with the reader's language: nothing marked but the page, and its
            # checklist's block in the page's own (a fragment says its language and
            # direction wherever it is put: att82 F6)
            page = http.get("/calls/cnrs-amsud-2026", headers={
                "Accept": "text/html", "Accept-Language": "fr"})
            assert re.findall(r'lang="([^"]*)"', page.text) == ["fr", "fr"]
            assert '<html lang="fr">' in page.text and 'lang="fr" dir="ltr">' in page.text

    def test_a_call_is_json_or_html_by_accept(self, client: httpx.Client) -> None:
        """/calls/{id} gives the checklist as JSON, or as a page to a browser."""
        call = callrules.calls.load("cnrs-amsud-2026")
        body = client.get("/calls/cnrs-amsud-2026", headers={"Accept-Language": "fr"}).json()
        assert body["checklist"]["text"] == call.checklist("fr")
        assert body["timeline"]["deadline"]["start"] == "2026-06-01T17:00:00+02:00"
        assert body["phase"] == callrules.phase_at(  # now: the server's clock
            call.timeline, callrules.parse_instant(body["now"])).value
        page = client.get("/calls/cnrs-amsud-2026", headers={
            "Accept": "text/html,*/*;q=0.8", "Accept-Language": "es, fr;q=0.5"})
        assert page.headers["content-type"].startswith("text/html")
        assert call.checklist("es", format="html") in page.text  # the call speaks Spanish

    def test_a_call_at_an_instant_in_a_zone(self, client: httpx.Client) -> None:
        """``now`` gives the phase; ``zone`` adds the reader's own times to the checklist."""
        body = client.get("/calls/cnrs-amsud-2026", params={
            "now": NOW, "zone": "America/Sao_Paulo"}).json()
        assert body["phase"] == "open"
        assert "São Paulo" in body["checklist"]["text"]

    def test_the_schema_of_a_call_is_a_json_schema_the_example_meets(
            self, client: httpx.Client) -> None:
        """/calls/{id}/schema is a valid draft 2020-12 schema, met by the eligible example."""
        response = client.get("/calls/cnrs-amsud-2026/schema")
        assert response.headers["content-type"] == "application/schema+json"
        schema = response.json()
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.Draft202012Validator(schema).validate(eligible_dict())

    @pytest.mark.parametrize("lang", ["fr", "es", "pt", "en"])
    def test_the_schema_is_in_the_readers_language(self, client: httpx.Client,
                                                   lang: str) -> None:
        """/calls/{id}/schema is titled in the language of ``Accept-Language`` (the page
        draws its form from it), and says so. Before, it was in English whatever asked."""
        response = client.get("/calls/cnrs-amsud-2026/schema",
                              headers={"Accept-Language": f"{lang}-XX, en;q=0.5"})
        assert response.headers["content-language"] == lang
        call = callrules.calls.load("cnrs-amsud-2026")
        assert response.json() == callrules.schema("application", call, lang)

    def test_a_calls_schema_is_built_once_for_each_language(self) -> None:
        """The schema of a call (immutable once loaded) is built at its first request in a
        language and kept: the page asks for it on every visit, and a call of many long
        labels took seconds of CPU for each request before."""
        built = mock.Mock(wraps=_app.json_schema)
        with mock.patch.object(_app, "json_schema", built), serving(create_app()) as base, \
                httpx.Client(base_url=base, timeout=60) as http:
            answers = [http.get("/calls/cnrs-amsud-2026/schema",
                                headers={"Accept-Language": lang})
                       for lang in ("fr", "fr", "en", "fr", "en")]
        assert built.call_count == 2
        call = callrules.calls.load("cnrs-amsud-2026")
        for answer, lang in zip(answers, ("fr", "fr", "en", "fr", "en"), strict=True):
            assert answer.headers["content-type"] == "application/schema+json"
            assert answer.headers["content-language"] == lang
            assert answer.json() == callrules.schema("application", call, lang)

    def test_the_openapi_document_is_valid(self, client: httpx.Client) -> None:
        """/openapi.json passes the OpenAPI specification's validator and names every route,
        the check's with each problem it answers (507 too: a batch's keys with no room)."""
        spec = client.get("/openapi.json").json()
        validate(spec)
        assert {"/health", "/calls", "/calls/{call_id}", "/calls/{call_id}/schema",
                CHECK.replace("cnrs-amsud-2026", "{call_id}")} <= set(spec["paths"])
        check = spec["paths"][CHECK.replace("cnrs-amsud-2026", "{call_id}")]["post"]
        assert {"400", "413", "503", "507"} <= set(check["responses"])

    def test_the_root_leads_to_the_page(self, client: httpx.Client) -> None:
        """/ redirects to the page, which loads its script and labels."""
        page = client.get("/", follow_redirects=True)
        assert page.status_code == 200 and "app.js" in page.text
        assert client.get("/page/labels.json").json() == labels()


class TestCheck:
    @pytest.mark.parametrize("name", ["eligible.json", "ineligible.json"])
    @pytest.mark.parametrize("lang", ["fr", "en"])
    def test_a_check_gives_the_report_evaluate_gives(
            self, client: httpx.Client, name: str, lang: str) -> None:
        """One application posted as JSON gets the same report as in-process, in its language."""
        body = (EXAMPLES / name).read_bytes()
        response = client.post(CHECK, params={"now": NOW}, content=body, headers={
            "Content-Type": "application/json; charset=utf-8", "Accept-Language": lang})
        assert response.status_code == 200
        assert response.json() == in_process(body, lang)

    @pytest.mark.parametrize(("prefer", "applied"), [
        ("callrules-inserted", True), ("Callrules-Inserted=", True),
        ("respond-async, callrules-inserted; x=1", True), ("callrules-inserted=0", False),
        ("return=minimal; callrules-inserted", False),
        ("callrules-inserted=1, callrules-inserted", False), (None, False),
        ("x=" + "y" * 1004 + ", callrules-inserted", False)])
    def test_the_values_inserted_are_listed_as_preferred(
            self, client: httpx.Client, prefer: str | None, applied: bool) -> None:
        """``Prefer: callrules-inserted`` (RFC 7240: a name in any case, no value or an empty
        one, the first of a name the only one read, a parameter no preference) lists the
        values each message inserts, for a report and a refusal alike; the answer says so
        (``Preference-Applied``) and varies by ``Prefer``. A value it does not define (``=0``)
        is not understood and ignored: the answer of a request without it; so is a header
        longer than the service reads (1 KiB: its parsing never holds a worker, reread50)."""
        headers = {"Content-Type": "application/json", **({"Prefer": prefer} if prefer else {})}
        refused = eligible_dict()
        refused["visitors"][0]["category"] = "astronaut"  # (the labels accepted, inserted)
        for body, status, kind in (((EXAMPLES / "ineligible.json").read_bytes(), 200, "errors"),
                                   (json.dumps(refused).encode(), 422, "errors")):
            answer = client.post(CHECK, params={"now": NOW}, content=body, headers=headers)
            assert answer.status_code == status, answer.text
            assert "Prefer" in answer.headers["vary"].split(", "), answer.headers
            assert answer.headers.get("preference-applied") == (
                "callrules-inserted" if applied else None), answer.headers
            listed = [item for item in answer.json()[kind] if "inserted" in item]
            assert bool(listed) == applied, answer.json()[kind]
            assert all(_rebuilt(item, "detail" if status == 422 else "message")
                       for item in listed), listed
        # a batch (one JSON document of several applications) as one: each record's lines
        answer = client.post(CHECK, params={"now": NOW}, headers=headers, content=json.dumps(
            [refused, json.loads((EXAMPLES / "ineligible.json").read_text("utf-8"))]))
        assert answer.status_code == 200, answer.text
        assert "Prefer" in answer.headers["vary"].split(", "), answer.headers
        assert answer.headers.get("preference-applied") == (
            "callrules-inserted" if applied else None), answer.headers
        lines = [json.loads(line) for line in answer.text.splitlines()]
        for said in (lines[0]["input_error"], lines[1]["errors"]):
            listed = [item for item in said if "inserted" in item]
            assert bool(listed) == applied and all(_rebuilt(item, "message") for item in listed)

    def test_a_problem_of_the_request_lists_its_values_as_preferred(
            self, client: httpx.Client) -> None:
        """A problem of the request itself (an instant or a zone the service cannot read, a
        query parameter it does not take, a call it does not have), asked with ``Prefer:
        callrules-inserted``, lists the values its detail and each error's insert
        (``inserted``, ``around`` rebuilding it), as a check's messages do, and says so
        (``Preference-Applied``, ``Vary``); a list it names (the parameters taken, the calls
        known) is said as the reader's language lists it. Before, none listed (4 of 4
        answers), and « now, zone » in every language; the answer not asking them said no
        ``Vary: Prefer`` either (look72w R5)."""
        headers = {"Content-Type": "application/json", "Accept-Language": "fr"}
        body = json.dumps(eligible_dict())
        for params, path, value in (
                ({"now": "demain"}, CHECK, "demain"),
                ({"now": NOW, "zone": "Mars/Olympus"}, CHECK, "Mars/Olympus"),
                ({"now": NOW, "colour": "x"}, CHECK, "colour"),
                ({"now": NOW}, "/calls/nope/check", "nope")):
            plain = client.post(path, params=params, content=body, headers=headers)
            answer = client.post(path, params=params, content=body,
                                 headers={**headers, "Prefer": "callrules-inserted"})
            assert answer.status_code == plain.status_code in (400, 404), answer.text
            assert "inserted" not in plain.text and "preference-applied" not in plain.headers
            assert answer.headers.get("preference-applied") == "callrules-inserted"
            assert "Prefer" in answer.headers["vary"].split(", "), answer.headers
            # (asked or not, the body depends on Prefer: a cache must tell them apart)
            assert "Prefer" in plain.headers.get("vary", "").split(", "), plain.headers
            said = answer.json()
            for item in (said, *said.get("errors", ())):
                assert value in item["inserted"] and _rebuilt(item, "detail"), item
            assert said["detail"] == plain.json()["detail"]
            if value == "colour":
                assert "(ses paramètres\N{NARROW NO-BREAK SPACE}: now et zone)" in said["detail"]

    @settings(max_examples=60, deadline=None)
    @given(seed=st.integers(0, 1000), encoding=st.sampled_from(ENCODINGS),
           ctrl_z=st.booleans(), pretty=st.booleans(), lead=st.sampled_from(PADDING_BEFORE),
           trail=st.sampled_from(PADDING_AFTER))
    @example(seed=188, encoding="utf-8", ctrl_z=False, pretty=False, lead="\r\n\x0c\r\n",
             trail="")  # an application refused (no offset) after a page break: answered as
    # a batch of one (json.loads refuses the form feed), where the command line refuses it
    def test_one_application_is_read_as_the_command_line_reads_the_same_bytes(
            self, url: str, seed: int, encoding: str, ctrl_z: bool, pretty: bool, lead: str,
            trail: str) -> None:
        """In any encoding the command line reads (a byte-order mark dropped, UTF-16 and
        UTF-32 decoded, a DOS end of file dropped), padded as the readers of batches let a
        document be (a NUL after it, a no-break space, U+2028, a record separator before
        it…), one application gets the report the command line gives of the same bytes, or
        its input problems; and ``evaluate(call, text)`` reads the same text alike."""
        # (UTF-16 and UTF-32 without a byte-order mark are told by the NUL bytes of the
        # first characters, which padding before it has none of)
        assume(not lead or encoding in ("utf-8", "utf-8-sig", "utf-16", "utf-32"))
        (record,) = batch(1, seed)
        text = lead + (record if isinstance(record, str) else json.dumps(
            record, ensure_ascii=False, indent=2 if pretty else None)) + trail
        body = (text + ("\x1a" if ctrl_z else "")).encode(encoding)
        with httpx.Client(base_url=url, timeout=60) as http:
            response = http.post(CHECK, params={"now": NOW}, content=body,
                                 headers={"Content-Type": "application/json"})
        (item,) = command_line(body, "json")
        if response.status_code == 200:
            del item["index"], item["source"], item["unchecked"]  # a batch of one
            report = response.json()
            assert report.pop("unchecked") == ["one-per-host"]  # one alone: unchecked
            assert report == item
            assert callrules.evaluate(callrules.calls.load("cnrs-amsud-2026"), text, now=(
                callrules.parse_instant(NOW))).eligible == report["eligible"]
        else:
            codes = [p["type"] for p in item["input_error"]]
            problem = assert_problem(response, 400 if codes == ["json_invalid"] else 422,
                                     "not_json" if codes == ["json_invalid"] else
                                     "invalid_input")
            assert [e["code"] for e in problem["errors"]] == codes

    @settings(max_examples=40, deadline=None)
    @given(seed=st.integers(0, 1000), blank=st.sampled_from(LAYOUT_BLANKS),
           where=st.sampled_from(["indent", "line ends", "after line ends", "after colons",
                                  "before commas"]))
    def test_one_application_laid_out_with_any_blank_is_read_as_the_command_line_reads_it(
            self, url: str, seed: int, blank: str, where: str) -> None:
        """Law: one application indented, broken or spaced with a character a reader sees
        as a blank or does not see (a no-break or ideographic space, a NEL or U+2028 for a
        line end, a zero-width space, a form feed: an Outlook, Teams or Confluence paste)
        between its tokens gets the verdict the command line gives of the same bytes, from
        the service's application/json and from ``evaluate(call, text)`` alike. (They
        answered "not valid JSON" where the command line judged it.)"""
        (record,) = batch(1, seed)
        pretty = record if isinstance(record, str) else json.dumps(
            record, ensure_ascii=False, indent=2)
        text = {"indent": pretty.replace("  ", blank * 2),
                "line ends": pretty.replace("\n", blank),
                "after line ends": pretty.replace("\n", "\n" + blank),
                "after colons": pretty.replace('": ', '":' + blank),
                "before commas": pretty.replace(",\n", blank + ",\n")}[where]
        body = text.encode()
        with httpx.Client(base_url=url, timeout=60) as http:
            response = http.post(CHECK, params={"now": NOW}, content=body,
                                 headers={"Content-Type": "application/json"})
        (item,) = command_line(body, "json")
        try:
            judged: Any = callrules.evaluate(CALL, text, now=NOW_INSTANT).eligible
        except callrules.InputError as exc:
            judged = [p.type for p in exc.problems]
        if "input_error" in item:
            assert judged == [p["type"] for p in item["input_error"]]
            assert response.status_code in (400, 422)
        else:
            assert response.status_code == 200
            assert response.json()["eligible"] == item["eligible"] == judged

    @settings(max_examples=40, deadline=None)
    @given(seed=st.integers(0, 1000), marks=st.lists(st.sampled_from(QUOTE_MARKS), min_size=1,
                                                     max_size=3),
           pretty=st.booleans(), lead=st.sampled_from(PADDING_BEFORE),
           trail=st.sampled_from(PADDING_AFTER))
    @example(seed=0, marks=["> "], pretty=True, lead="", trail="")  # (41a F4: 400 not_json)
    def test_one_application_quoted_in_a_mail_reply_is_read_as_the_command_line_reads_it(
            self, url: str, seed: int, marks: list[str], pretty: bool, lead: str,
            trail: str) -> None:
        """Law: one application quoted as a mail reply quotes it (``> ``, ``>``, nested,
        the depth changing from line to line), padded as the readers of batches let a
        document be, gets the verdict the command line gives of the same bytes (a file,
        read as JSON), from the service's application/json and from ``evaluate(call,
        text)`` alike. (They answered "not valid JSON" where the command line judged it:
        6 of 6 shapes.)"""
        (record,) = batch(1, seed)
        written = record if isinstance(record, str) else json.dumps(
            record, ensure_ascii=False, indent=2 if pretty else None)
        text = lead + "".join(marks[number % len(marks)] + line + "\n" for number, line in
                              enumerate(written.splitlines())) + trail
        body = text.encode()
        with httpx.Client(base_url=url, timeout=60) as http:
            response = http.post(CHECK, params={"now": NOW}, content=body,
                                 headers={"Content-Type": "application/json"})
        (item,) = command_line(body, "json")
        try:
            judged: Any = callrules.evaluate(CALL, text, now=NOW_INSTANT).eligible
        except callrules.InputError as exc:
            judged = [p.type for p in exc.problems]
        if "input_error" in item:
            assert judged == [p["type"] for p in item["input_error"]]
            assert response.status_code in (400, 422)
        else:
            assert response.status_code == 200
            assert response.json()["eligible"] == item["eligible"] == judged

    @pytest.mark.parametrize("kind", ["application/json", "application/jsonl"])
    def test_a_line_separator_in_a_value_is_answered_escaped(self, client: httpx.Client,
                                                             kind: str) -> None:
        """U+2028 and U+2029 in an answer's strings are written escaped: raw, they end a
        JavaScript string before ES2019 and split a JSON Lines record for a reader of
        lines (Python's ``str.splitlines``); the values read back are the same."""
        app = eligible_dict()
        app["host"]["unit"]["affiliations"] = ["Université\u2028Paris\u2029Cité"]  # quoted
        body = json.dumps(app, ensure_ascii=False).encode()
        response = client.post(CHECK, params={"now": NOW}, content=body,
                               headers={"Content-Type": kind})
        assert "\u2028".encode() not in response.content
        assert "\u2029".encode() not in response.content
        assert b"\\u2028" in response.content
        lines = response.text.splitlines()
        assert len(lines) == 1 and json.loads(lines[0])["errors"][0]["code"] == "not_included"

    def test_zone_shows_instants_to_the_reader(self, client: httpx.Client) -> None:
        """With ``zone``, a deadline message also gives the reader's own time."""
        body = (EXAMPLES / "ineligible.json").read_bytes()
        report = client.post(CHECK, params={"now": NOW, "zone": "America/Sao_Paulo"},
                             content=body, headers={"Content-Type": "application/json"}).json()
        (late,) = [f for f in report["errors"] if f["code"] == "too_late"]
        assert "São Paulo" in late["message"]

    def test_a_batch_in_json_lines_gets_the_batch_rules(self, client: httpx.Client) -> None:
        """A batch posted as JSON Lines gets one line per record, as ``evaluate_many`` does."""
        records = batch(60)
        text = json_lines(records)
        call = callrules.calls.load("cnrs-amsud-2026")
        expected = callrules.evaluate_many(call, [r if isinstance(r, str) else json.dumps(r)
                                                  for r in records],
                                           now=callrules.parse_instant(NOW))
        for media in ("application/jsonl", "application/x-ndjson"):
            response = client.post(CHECK, params={"now": NOW}, content="\n" + text,
                                   headers={"Content-Type": media, "Accept-Language": "fr"})
            assert response.headers["content-type"] == "application/jsonl"
            lines = [as_the_library(json.loads(line)) for line in response.text.splitlines()]
            assert [line.pop("line") for line in lines] == list(range(2, len(records) + 2))
            for line, item in zip(lines, expected, strict=True):
                for problem in line.get("input_error", []):
                    assert POINTER.match(problem["pointer"])
                assert line == item.to_dict("fr")
        assert any(f["code"] == "duplicate" for line in lines for f in line.get("errors", []))

    def test_fifty_concurrent_checks_give_the_reports_of_evaluate(self, url: str) -> None:
        """50 clients checking at once each get the report the library gives in-process."""
        records = [r for r in batch(50) if not isinstance(r, str)]

        async def check_all() -> list[httpx.Response]:
            async with httpx.AsyncClient(base_url=url, timeout=60) as http:
                return await asyncio.gather(*(
                    http.post(CHECK, params={"now": NOW}, json=record) for record in records))

        responses = asyncio.run(check_all())
        for record, response in zip(records, responses, strict=True):
            if response.status_code == 422:
                with pytest.raises(callrules.InputError):
                    in_process(record)
            else:
                assert response.json() == in_process(record)


class TestBatchReading:
    @settings(max_examples=40, deadline=None)
    @given(n=st.integers(1, 12), seed=st.integers(0, 1000),
           damages=st.sets(st.sampled_from(DAMAGES), max_size=4),
           encoding=st.sampled_from(ENCODINGS))
    def test_a_batch_is_read_as_the_command_line_reads_the_same_bytes(
            self, url: str, n: int, seed: int, damages: set[str], encoding: str) -> None:
        """Whatever the damage or the encoding, the service answers every record the command
        line reads from the same bytes, in order, with the same report or the same input
        problems, labelled by the same line; and no record is lost."""
        records = batch(n, seed)
        body = damaged(records, damages, encoding, random.Random(seed))
        answered = answers(url, body)
        expected = command_line(body, "jsonl")
        assert len(answered) == len(expected)
        for got, item in zip(answered, expected, strict=True):
            assert f"<stdin>:{got.pop('line')}" == item.pop("source")
            got.pop("source", None)
            assert got == item
        if "cr" in damages and isinstance(records[0], str):
            return  # a damaged first line ending with a carriage return alone: the lines
            # end there only when the next starts with a brace (docs/reference/inputs.md)
        assert len(answered) == n  # n in, n out
        for record, got in zip(records, answered, strict=True):  # each in its place
            if "application" in got:
                assert isinstance(record, dict) and got["application"] == record["id"]

    @settings(max_examples=30, deadline=None)
    @given(n=st.integers(1, 6), seed=st.integers(0, 1000),
           layout=st.sampled_from(["array line", "compact array", "pretty array",
                                   "envelope", "pretty stream"]))
    def test_a_batch_of_any_json_layout_is_answered_record_by_record(
            self, url: str, n: int, seed: int, layout: str) -> None:
        """A JSON batch laid out otherwise than a record a line (a line holding an array of
        records, a whole array, compact or pretty, an ``applications`` envelope, records
        pretty-printed one after another) is answered as the command line reads the same
        bytes: one line of answer per record, in order, each with the line of the body
        where its record (or the array on a line holding it) starts. Before, any record read from an
        array was answered 200 with an empty body: the line of its source ``<stdin>:1[0]``
        was no number, and every record of the batch was lost."""
        records = [r for r in batch(n, seed) if isinstance(r, dict)] or [eligible_dict()]
        if layout == "array line":  # records in pairs, each pair an array on its line
            pairs = [records[at:at + 2] for at in range(0, len(records), 2)]
            text = "".join(json.dumps(pair) + "\n" for pair in pairs)
        elif layout == "compact array":
            text = json.dumps(records)
        elif layout == "pretty array":
            text = json.dumps(records, indent=2)
        elif layout == "envelope":
            text = json.dumps({"count": len(records), "applications": records}, indent=2)
        else:
            text = "".join(json.dumps(r, indent=2) + "\n" for r in records)
        body = text.encode()
        answered = answers(url, body)
        expected = command_line(body, "jsonl")
        assert len(answered) == len(expected) == len(records)
        for got, item, record in zip(answered, expected, records, strict=True):
            source = item.pop("source")
            assert re.match(rf"<stdin>:{got.pop('line')}(\[|$)", source), source
            got.pop("source", None)
            assert got == item
            assert got.get("application", record.get("id")) == record.get("id")  # in place

    @settings(max_examples=30, deadline=None)
    @given(n=st.integers(1, 5), seed=st.integers(0, 1000), bad=st.booleans(),
           layout=st.sampled_from(["envelope", "pretty envelope", "page", "array",
                                   "pretty array"]))
    def test_a_batch_sent_as_application_json_is_answered_as_the_batch_it_is(
            self, url: str, n: int, seed: int, bad: bool, layout: str) -> None:
        """Law: one JSON document holding several applications (an ``applications``
        envelope, a page under another key, an array) posted as ``application/json`` is
        answered as the batch it is, as ``callrules check CALL batch.json`` reads that file:
        one result a record, N in, N out, in order, a bad record a typed problem in its
        place naming its field, the others judged; the same answers as the same body sent
        as ``application/jsonl``, but for their ``line`` (none: a record of a JSON document
        is placed by its ``index``, as the command line labels it ``batch.json[2]``).
        Before, the whole body was one 422 ``invalid_input`` (an envelope: "id missing,
        submitted_at missing…")."""
        records: list[Any] = [r for r in batch(n, seed) if isinstance(r, dict)] or [
            eligible_dict()]
        at = seed % (len(records) + 1)
        if bad:
            records.insert(at, {**eligible_dict(), "id": "BAD-1", "submitted_at": "soon"})
        text = {"envelope": json.dumps({"applications": records}),
                "pretty envelope": json.dumps({"count": len(records), "applications": records},
                                              indent=2),
                "page": json.dumps({"count": len(records), "next": None, "results": records}),
                "array": json.dumps(records),
                "pretty array": json.dumps(records, indent=2)}[layout]
        body = text.encode()
        with httpx.Client(base_url=url, timeout=60) as http:
            response = http.post(CHECK, params={"now": NOW}, content=body,
                                 headers={"Content-Type": "application/json"})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/jsonl"
        answered = [as_the_library(json.loads(line)) for line in response.text.splitlines()]
        assert [a.pop("line") for a in answered] == [None] * len(records)
        assert answered == [{k: v for k, v in a.items() if k != "line"}  # as a batch
                            for a in answers(url, body)]
        expected = command_line(body, "json")  # as the command line reads batch.json
        assert len(answered) == len(expected) == len(records)
        for got, item in zip(answered, expected, strict=True):
            assert item.pop("source") == f"<stdin>[{got['index']}]"  # batch.json[2]
            assert got.pop("source", None) is None  # (a body is no file: no source)
            assert got == item
        if bad:
            problem = answered[at]
            assert "eligible" not in problem and problem["index"] == at
            assert [p["pointer"] for p in problem["input_error"]] == ["/submitted_at"]

    @pytest.mark.parametrize("dated", [True, False])
    def test_an_application_holding_a_list_of_applications_is_one_application(
            self, client: httpx.Client, dated: bool) -> None:
        """An application giving its own keys beside a list named ``applications`` (its
        past applications, say) posted as ``application/json`` is one application, as the
        command line reads that file (one result): its 422 naming the same places (the
        list a key it does not take), never a batch of the list's objects."""
        data = {**eligible_dict(), "applications": [eligible_dict(), eligible_dict()]}
        if not dated:
            data["submitted_at"] = "soon"
        body = json.dumps(data).encode()
        response = client.post(CHECK, params={"now": NOW}, content=body,
                               headers={"Content-Type": "application/json"})
        (item,) = command_line(body, "json")
        problem = assert_problem(response, 422, "invalid_input")
        assert {e["pointer"] for e in problem["errors"]} == {
            p["pointer"] for p in item["input_error"]} >= {"/applications"}

    @pytest.mark.parametrize("body", ['{"applications": []}', '{"count": 0, "applications": []}',
                                      "[]", '[{"applications": []}, {"applications": []}]'])
    def test_json_holding_no_application_is_no_records_as_on_the_command_line(
            self, client: httpx.Client, body: str) -> None:
        """An empty envelope, an empty array or empty pages posted as ``application/json``
        hold no application: 422 ``no_records``, as the command line exits 2 for that
        file ("no application"): never an empty answer that a program could take for
        "none ineligible"."""
        response = client.post(CHECK, params={"now": NOW}, content=body.encode(),
                               headers={"Content-Type": "application/json"})
        assert_problem(response, 422, "no_records")
        code = _cli.main(["check", "cnrs-amsud-2026", "-", "--input-format", "json",
                          "--at", NOW], out=io.StringIO(), err=io.StringIO(),
                         stdin=io.TextIOWrapper(io.BytesIO(body.encode())))
        assert code == 2

    @settings(max_examples=30, deadline=None)
    @given(n=st.integers(2, 5), seed=st.integers(0, 1000),
           layout=st.sampled_from(["pretty array", "tabs", "column0", "one a line",
                                   "pretty stream"]),
           kind=st.sampled_from(["lost", "added", "changed"]), where=st.floats(0, 0.999),
           byte=st.sampled_from(list(b'{}[]",:/ x\n')))
    def test_a_damaged_batch_of_any_json_layout_is_read_as_its_format_found(
            self, url: str, n: int, seed: int, layout: str, kind: str, where: float,
            byte: int) -> None:
        """A JSON batch laid out otherwise than a record a line, a byte lost, added or
        changed after its first line, is answered as the command line reads the same bytes
        when their format is found (no ``--input-format``): a line of answer per result, the
        same applications judged, in order. Before, a pretty array with one damage was one
        problem for all its records (or one per line: 212 answers for 4), and a ``jq .``
        stream whose record lost its ``{`` had its inner objects judged as applications."""
        records = [r for r in batch(n, seed) if isinstance(r, dict)] or [eligible_dict()]
        if layout in ("pretty array", "tabs"):
            text = json.dumps(records, indent="\t" if layout == "tabs" else 2)
        elif layout in ("column0", "one a line"):
            text = "[\n" + ",\n".join(json.dumps(r, indent=2 if layout == "column0" else None)
                                      for r in records) + "\n]"
        else:
            text = "".join(json.dumps(r, indent=2) + "\n" for r in records)
        data = text.encode()
        first = data.index(b"\n") + 1
        at = first + int((len(data) - first) * where)
        body = data[:at] + (b"" if kind == "lost" else bytes([byte])) + data[
            at + (kind != "added"):]
        answered = answers(url, body)
        found = command_line(body, None)
        assert [(a.get("application"), a.get("eligible")) for a in answered] == [
            (f.get("application"), f.get("eligible")) for f in found]
        assert all(isinstance(a["line"], int) for a in answered)

    @pytest.mark.parametrize("name", ["glued", "cr", "rs", "inner_mark", "ctrl_z"])
    def test_each_damage_of_a_valid_batch_loses_nothing(self, client: httpx.Client,
                                                        name: str) -> None:
        """Three valid applications damaged one way are three reports, in order."""
        records: list[dict[str, Any] | str] = []
        for index in range(3):
            data = eligible_dict()
            data["id"] = f"R{index}"
            data["host"]["person"]["email"] = data["submitter"]["email"] = f"h{index}@ipgp.fr"
            records.append(data)
        body = damaged(records, {name, "glued"} if name == "glued" else {name}, "utf-8",
                       random.Random(0))
        response = client.post(CHECK, params={"now": NOW}, content=body,
                               headers={"Content-Type": "application/x-ndjson"})
        answered = [json.loads(line) for line in response.text.splitlines()]
        assert [(a["application"], a["eligible"]) for a in answered] == [
            ("R0", True), ("R1", True), ("R2", True)]

    @settings(max_examples=20, deadline=None)
    @given(n=st.integers(1, 8), seed=st.integers(0, 1000), encoding=st.sampled_from(ENCODINGS),
           end=st.sampled_from(["\n", "\r\n", "\r"]), ctrl_z=st.booleans())
    def test_a_csv_batch_is_read_as_the_command_line_reads_it(
            self, url: str, n: int, seed: int, encoding: str, end: str, ctrl_z: bool) -> None:
        """A batch posted as CSV (a header of field paths, one application a row), in any
        encoding and with any line ends, gets the command line's results on the same bytes,
        one per row, in order, each labelled by the line where its row starts."""
        rows: list[dict[str, str]] = []
        for record in batch(n, seed):
            if isinstance(record, dict):
                rows.append({})
                flatten(record, "", rows[-1], joined=False)
        assume(rows)  # a damaged JSON record has no CSV form
        columns = list(dict.fromkeys(column for row in rows for column in row))
        text = io.StringIO()
        writer = csv.DictWriter(text, columns, lineterminator=end)
        writer.writeheader()
        writer.writerows(rows)
        body = (text.getvalue() + ("\x1a" if ctrl_z else "")).encode(encoding)
        answered = answers(url, body, "text/csv; charset=utf-8")
        expected = command_line(body, "csv")
        assert len(answered) == len(expected) == len(rows)
        for got, item in zip(answered, expected, strict=True):
            assert f"<stdin>:{got.pop('line')}" == item.pop("source")
            got.pop("source", None)
            assert got == item

    def test_bytes_that_are_no_text_make_one_record_invalid_not_the_batch(
            self, client: httpx.Client) -> None:
        """A line that is not UTF-8 is that record's ``not_utf8``; the others are checked."""
        body = b'{"id": "caf\xe9"}\n' + json.dumps(eligible_dict()).encode() + b"\n"
        response = client.post(CHECK, params={"now": NOW}, content=body,
                               headers={"Content-Type": "application/jsonl"})
        first, second = (json.loads(line) for line in response.text.splitlines())
        assert first["input_error"][0]["type"] == "not_utf8" and first["line"] == 1
        assert second["eligible"] is True and second["line"] == 2

    @settings(max_examples=40, deadline=None)
    @given(cells=st.lists(st.text(st.characters(min_codepoint=32, max_codepoint=255,
                                                exclude_characters='",;\t'), max_size=8),
                          min_size=1, max_size=3),
           rows=st.integers(0, 2), sep=st.sampled_from([",", ";", "\t"]),
           media=st.sampled_from(["text/csv", "application/jsonl"]))
    @example(cells=["\x7f"], rows=0, sep=",", media="text/csv")  # (a DEL alone: blank)
    @example(cells=["Catégorie", "Nom"], rows=0, sep=";", media="text/csv")  # (a header)
    def test_latin1_bytes_quoted_in_a_problem_give_a_whole_answer(
            self, url: str, cells: list[str], rows: int, sep: str, media: str) -> None:
        """A spreadsheet's header saved in Windows-1252 (« Catégorie;Nom », alone or over
        rows): its bytes that are no UTF-8 text, quoted in a problem, never cut the answer
        short (it died after its 200, empty); the answer holds the records the command line
        reads of the same bytes, each problem quoting the text as a person sees it (U+FFFD
        for such a byte). Where the command line reads no record (a header naming fields,
        alone) or finds the body blank (``empty_file``: spaces, or a DEL or another control
        alone, by the library's one rule of a blank source), the service answers 422
        ``no_records``, never an empty 200."""
        line = sep.join(cells) + "\r\n"
        body = (line * (1 + rows)).encode("cp1252", "replace")
        expected = command_line(body, "csv" if media == "text/csv" else "jsonl")
        assert "\\ud" not in json.dumps(expected, ensure_ascii=False)  # (no escape shown)
        if not expected or [p["type"] for item in expected
                            for p in item.get("input_error", [])] == ["empty_file"]:
            with httpx.Client(base_url=url, timeout=60) as http:
                assert_problem(http.post(CHECK, params={"now": NOW}, content=body,
                                         headers={"Content-Type": media}), 422, "no_records")
            return
        answered = answers(url, body, media)
        assert len(answered) == len(expected)
        for got, item in zip(answered, expected, strict=True):
            got.pop("line"), got.pop("source", None), item.pop("source")
            assert got == item




class TestBatchBounds:
    @settings(max_examples=25, deadline=None)
    @given(lines=st.integers(0, 2 * FEW), per_line=st.integers(1, 3))
    def test_a_batch_over_the_record_limit_is_refused_whole(
            self, few_url: str, lines: int, per_line: int) -> None:
        """A batch of one to the limit of records (counted as the command line reads them,
        several on a line) gets one answer line each; one more is a 413 problem."""
        body = ("{}" * per_line + "\n").encode() * lines
        with httpx.Client(base_url=few_url, timeout=60) as http:
            response = http.post(CHECK, params={"now": NOW}, content=body,
                                 headers={"Content-Type": "application/jsonl"})
        if lines * per_line > FEW:
            problem = assert_problem(response, 413, "too_many_records")
            assert f"{FEW:,}" in problem["detail"]
        elif not lines:
            assert_problem(response, 422, "no_records")
        else:
            assert response.status_code == 200
            assert len(response.text.splitlines()) == lines * per_line

    @pytest.mark.parametrize("body", [b"", b"\n\n  \r\n", b"\xef\xbb\xbf\n", b"\x1a"])
    def test_a_batch_of_no_record_is_a_problem_not_an_empty_answer(
            self, client: httpx.Client, body: bytes) -> None:
        """No record at all is a 422 problem, as the command line exits 2: never an empty
        answer, which a program could read as "no application is ineligible"."""
        for media in ("application/jsonl", "text/csv"):
            response = client.post(CHECK, content=body, headers={"Content-Type": media})
            assert_problem(response, 422, "no_records")

    def test_a_batch_over_the_limit_is_refused_before_any_record_is_checked(
            self, few_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """The refusal comes before the expensive work: nothing is evaluated."""
        def never(*args: Any, **kwargs: Any) -> None:
            raise AssertionError("a refused batch was evaluated")

        monkeypatch.setattr(callrules, "evaluate_many", never)
        with httpx.Client(base_url=few_url, timeout=60) as http:
            response = http.post(CHECK, content=b"{}\n" * (FEW + 1),
                                 headers={"Content-Type": "application/jsonl",
                                          "Accept-Language": "fr"})
        problem = assert_problem(response, 413, "too_many_records")
        assert problem["title"] == labels()["fr"]["problem_too_many_records"]

    def test_a_csv_batch_is_held_about_as_its_body_until_checked(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The records of a CSV batch, read whole before any is checked (a batch over the
        limit is refused first), hold about its size (they held 25 to 45 times it, as the
        dictionaries of their cells, where JSON Lines held its text), and are given to the
        check as the command line reads the same bytes, cell for cell."""
        application = eligible_dict()
        application["visitors"] = [dict(application["visitors"][0], id=f"v{k}")
                                   for k in range(30)]
        rows = []
        for number in range(150):
            cells: dict[str, str] = {}
            flatten(dict(application, id=f"A-{number}"), "", cells, False)
            rows.append(cells)
        text = io.StringIO()
        writer = csv.DictWriter(text, list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
        body = text.getvalue().encode("utf-8")
        given: list[Any] = []

        def held(call: Any, records: Iterator[Any], **kwargs: Any) -> Any:
            given.append(tracemalloc.get_traced_memory()[0])
            given.extend(records)
            return callrules.BatchResult(())

        monkeypatch.setattr(callrules, "evaluate_many", held)
        _app._check_batch(CALL, [body], "csv", NOW_INSTANT, 10_000)  # (imports, caches)
        given.clear()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            _app._check_batch(CALL, [body], "csv", NOW_INSTANT, 10_000)
        finally:
            tracemalloc.stop()
        assert given[0] - before < 3 * len(body)
        assert given[1:] == list(callrules.records("-", stdin=io.BytesIO(body),
                                                   input_format="csv"))
        assert len(given) == 151 and isinstance(given[1].data, dict)

    def test_the_answer_to_a_batch_is_streamed_in_pieces(self, few_url: str) -> None:
        """An answer many times larger than its batch is sent as it is written, in pieces,
        without a length announced: it is never held whole."""
        body = b"{}\n" * FEW
        with httpx.Client(base_url=few_url, timeout=60) as http, http.stream(
                "POST", CHECK, content=body, headers={"Content-Type": "application/jsonl"}
        ) as response:
            assert "content-length" not in response.headers
            assert response.headers["transfer-encoding"] == "chunked"
            text = b"".join(response.iter_bytes()).decode()
        assert len(text) > 100 * len(body)
        assert [json.loads(line)["line"] for line in text.splitlines()] == list(
            range(1, FEW + 1))


class TestConcurrency:
    def test_one_check_more_than_the_limit_is_refused_until_one_ends(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """With ``max_concurrent_batches`` batches under way (their bodies arrived, their
        checks still running), one more is answered 503, with Retry-After and a typed
        problem in the reader's language, and so is a batch sent as one JSON document
        (``application/json``, an envelope), which takes a batch's place once its body is
        read as several applications, never one of the checks'; a check of one application
        (its own bound) and reading the calls still work; once a batch ends, a batch is
        taken."""
        record = json.dumps(eligible_dict()).encode()
        release = threading.Event()
        check_batch = _app._check_batch

        def slow(*args: Any) -> Any:  # a batch whose check waits for the release
            release.wait(60)
            return check_batch(*args)

        monkeypatch.setattr(_app, "_check_batch", slow)
        app = create_app(max_concurrent=1, max_concurrent_batches=2)

        async def scenario(base: str) -> None:
            async with httpx.AsyncClient(base_url=base, timeout=60) as http:
                held = [asyncio.create_task(http.post(
                    CHECK, params={"now": NOW}, content=record + b"\n",
                    headers={"Content-Type": "application/jsonl"})) for _ in range(2)]
                for _ in range(3000):  # until the service counts both as under way
                    if bounded(app).under_way["batch"] == 2:
                        break
                    await asyncio.sleep(0.01)
                busy = await http.post(CHECK, params={"now": NOW}, content=record,
                                       headers={"Content-Type": "text/csv",
                                                "Accept-Language": "pt-BR"})
                problem = assert_problem(busy, 503, "too_busy")
                assert problem["title"] == labels()["pt"]["problem_too_busy"]
                assert busy.headers["retry-after"] == str(_app.RETRY_AFTER)
                assert "2" in problem["detail"]
                assert (await http.get("/calls")).status_code == 200
                one = await http.post(CHECK, params={"now": NOW}, content=record,
                                      headers={"Content-Type": "application/json"})
                assert one.status_code == 200
                # a batch sent as one JSON document takes a batch's place, not a check's
                envelope = b'{"applications": [' + record + b", " + record + b"]}"
                busy = await http.post(CHECK, params={"now": NOW}, content=envelope,
                                       headers={"Content-Type": "application/json"})
                assert_problem(busy, 503, "too_busy")
                assert bounded(app).under_way["one"] == 0
                release.set()
                for task in held:
                    answer = await task
                    assert answer.status_code == 200
                    assert json.loads(answer.text.splitlines()[0])["eligible"] is True
                for _ in range(3000):  # the count falls once each answer is sent whole
                    if bounded(app).under_way == {"one": 0, "batch": 0, "call": 0}:
                        break
                    await asyncio.sleep(0.01)
                assert bounded(app).under_way == {"one": 0, "batch": 0, "call": 0}
                assert bounded(app).arriving == {"one": 0, "batch": 0}
                after = await http.post(CHECK, params={"now": NOW}, content=record,
                                        headers={"Content-Type": "application/jsonl"})
                assert after.status_code == 200
                after = await http.post(CHECK, params={"now": NOW}, content=envelope,
                                        headers={"Content-Type": "application/json"})
                assert len(after.text.splitlines()) == 2, after.text
                for _ in range(3000):
                    if bounded(app).under_way == {"one": 0, "batch": 0, "call": 0}:
                        break
                    await asyncio.sleep(0.01)
                assert bounded(app).under_way == {"one": 0, "batch": 0, "call": 0}

        with serving(app) as base:
            asyncio.run(scenario(base))

    def test_a_slow_check_of_one_application_holds_up_no_other_request(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """While checks of one application take as long as they take (a call's heavy rules, a
        large body), the service answers the other requests (``/health``, the calls, another
        check): each check runs off the event loop, as a batch does. Here each check of the
        first application waits until ``/health`` has been answered (at most 20 s): in the
        event loop, it would hold ``/health`` up for those 20 s (attacker 12b F12)."""
        answered = threading.Event()
        waited: list[bool] = []
        check_one = _app._check_one

        def slow(call: Any, text: str, *args: Any) -> Any:
            if '"slow"' in text:
                waited.append(answered.wait(20))
            return check_one(call, text, *args)

        monkeypatch.setattr(_app, "_check_one", slow)
        record = eligible_dict()
        slow_body = json.dumps({**record, "id": "slow"}).encode()

        async def scenario(base: str) -> None:
            async with httpx.AsyncClient(base_url=base, timeout=60) as http:
                held = [asyncio.create_task(http.post(
                    CHECK, params={"now": NOW}, content=slow_body,
                    headers={"Content-Type": "application/json"})) for _ in range(3)]
                await asyncio.sleep(0.3)  # the checks under way
                assert (await http.get("/health")).status_code == 200
                assert (await http.get("/calls")).status_code == 200
                answered.set()
                for task in held:
                    assert (await task).status_code == 200

        with serving(create_app()) as base:
            asyncio.run(scenario(base))
        assert waited and all(waited)

    def test_reading_a_call_at_an_instant_counts_against_the_bound_on_checks(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """``GET /calls/{id}?now=…`` asks for the version of the call in force then, whose
        rules are checked the first time (up to a second for a large call): it is done in
        the checks' threads and counts against ``max_concurrent`` like a check, apart from
        the checks (which then still go on), so that anonymous reads cannot hold up
        ``/health`` (p90 724 ms behind 8 clients) or go beyond the bound (they were counted
        nowhere); ``/health`` is answered meanwhile."""
        answered = threading.Event()
        waited: list[bool] = []
        real = _app._call_answer

        def slow(*args: Any) -> Any:
            waited.append(answered.wait(20))
            return real(*args)

        monkeypatch.setattr(_app, "_call_answer", slow)
        app = create_app(max_concurrent=1)

        async def scenario(base: str) -> None:
            async with httpx.AsyncClient(base_url=base, timeout=60) as http:
                held = asyncio.create_task(http.get("/calls/cnrs-amsud-2026",
                                                    params={"now": NOW}))
                await asyncio.sleep(0.3)  # the read under way
                assert (await http.get("/health")).status_code == 200
                busy = await http.get("/calls/cnrs-amsud-2026", params={"now": NOW},
                                      headers={"Accept-Language": "fr"})
                assert_problem(busy, 503, "too_busy")
                one = await http.post(CHECK, params={"now": NOW}, json=eligible_dict())
                assert one.status_code == 200, one.text  # counted apart from the reads
                answered.set()
                assert (await held).status_code == 200
                assert (await http.get("/calls/cnrs-amsud-2026")).status_code == 200

        with serving(app) as base:
            asyncio.run(scenario(base))
        assert waited == [True, True]

    @pytest.mark.parametrize("media", ["application/json", "application/jsonl"])
    def test_bodies_still_coming_hold_no_place_only_their_bytes(self, media: str) -> None:
        """Uploads whose bodies have not arrived (a head, one byte, then nothing), more than
        there are places: they hold none, so the applicants' page still reads its call
        (``GET /calls/{id}``, counted apart) and checks and batches are answered (attacker
        16b F1: 64 idle connections made every check and every read of a call 503, for as
        long as they stayed open, and 4 every batch; reopened every time they were let go,
        they would again). What the bodies still arriving bring is bounded by the bytes
        the checks under way may hold: one more byte is answered 503 at once, in the
        reader's language, and a check whose body fits is answered."""
        limit = 4096
        app = create_app(max_concurrent=1, max_concurrent_batches=1, max_body=limit,
                         max_batch_body=limit, body_timeout=600)
        record = json.dumps(eligible_dict()).encode() + b"\n"
        kind = "batch" if media == "application/jsonl" else "one"
        with serving(app) as base, httpx.Client(base_url=base, timeout=60) as http, \
                stalled(base, media, length=limit), stalled(base, media, length=limit), \
                stalled(base, media, length=limit):
            for _ in range(3000):  # until the service counts their first bytes
                if bounded(app).arriving[kind] == 3:
                    break
                time.sleep(0.01)
            assert http.get("/calls/cnrs-amsud-2026").status_code == 200
            assert http.get("/calls/cnrs-amsud-2026", params={"now": NOW}).status_code == 200
            for _ in range(2):
                response = http.post(CHECK, params={"now": NOW}, content=record,
                                     headers={"Content-Type": media})
                assert response.status_code == 200, response.text
            with stalled(base, media, first=b" " * (limit - 3 - len(record) + 1),
                         length=limit):
                for _ in range(3000):
                    if bounded(app).arriving[kind] > limit - len(record):
                        break
                    time.sleep(0.01)
                busy = http.post(CHECK, params={"now": NOW}, content=record,
                                 headers={"Content-Type": media, "Accept-Language": "es"})
                problem = assert_problem(busy, 503, "too_busy")
                assert problem["title"] == labels()["es"]["problem_too_busy"]
                assert http.post(CHECK, params={"now": NOW}, content=b"{}",
                                 headers={"Content-Type": media}).status_code in (200, 422)
        assert bounded(app).under_way == {"one": 0, "batch": 0, "call": 0}

    @pytest.mark.parametrize(("lang", "one", "more"), [
        ("en", "1 second", "2.5 seconds"), ("fr", "1\u00a0seconde", "2\u00a0secondes"),
        ("es", "1 segundo", "2,5 segundos"), ("pt", "1 segundo", "2,5 segundos")])
    def test_a_problem_s_seconds_agree_with_their_noun_in_the_reader_s_digits(
            self, lang: str, one: str, more: str) -> None:
        """Every problem that counts seconds (a body too slow, a stalled one, a service too
        busy) says them as the reader's language counts: "1 second", never « pendant 1
        secondes » (att80, ``--body-timeout 1``); 2,5 in French, Spanish and Portuguese (not
        2.5, English's), and 10 000 as those languages group it."""
        counting = [key for key, text in labels()[lang].items() if "%(seconds)s" in text]
        assert len(counting) == 3, counting
        for seconds, said in ((1, one), (2.5 if lang != "fr" else 2, more)):
            values = shown_values({**BodyTimeout(seconds).values, "limit": 4}, lang)
            for key in counting:
                detail = labels()[lang][key] % values
                assert re.search(re.escape(said) + r"(?!\w)", detail), (key, seconds, detail)
        assert shown_values({"seconds": Seconds(1.5)}, lang)["seconds"] == {
            "en": "1.5 seconds", "fr": "1,5\u00a0seconde", "es": "1,5 segundos",
            "pt": "1,5 segundo"}[lang]  # CLDR: French and Portuguese count 1.5 as one
        grouped = shown_values({"seconds": 10_000.0}, lang)["seconds"]
        assert grouped == {"en": "10,000", "fr": "10\u202f000"}.get(lang, "10.000"), grouped

    def test_seconds_take_every_form_a_language_counts(self, tmp_path: Path) -> None:
        """A platform's Polish, which counts three forms (1 sekunda, 2 sekundy, 5 sekund, 22
        sekundy), says each problem's seconds in its own: the seconds are one message with
        its plural forms, as many as a catalog gives; a fraction takes the form CLDR gives
        it (1,5 sekundy). Before, they were two singular messages, one and other: « 2
        sekund » and « 22 sekund », which no catalog could mend (look75g F3)."""
        from babel.messages.catalog import Catalog
        from babel.messages.mofile import write_mo

        from callrules import register_catalogs
        from callrules.serve._words import SECONDS
        from tests.conftest import kept_registries

        catalog = Catalog(locale="pl", domain="callrules")
        catalog.add(SECONDS, ("%(n)s sekunda", "%(n)s sekundy", "%(n)s sekund"))
        (tmp_path / "pl" / "LC_MESSAGES").mkdir(parents=True)
        with (tmp_path / "pl" / "LC_MESSAGES" / "callrules.mo").open("wb") as handle:
            write_mo(handle, catalog)
        with kept_registries():
            register_catalogs(tmp_path)
            said = {n: Seconds(n).said("pl") for n in (1, 2, 5, 22, 25, 1.5)}
        assert said == {1: "1 sekunda", 2: "2 sekundy", 5: "5 sekund", 22: "22 sekundy",
                        25: "25 sekund", 1.5: "1,5 sekundy"}, said

    @pytest.mark.parametrize("lang", ["fr", "en", "es", "pt"])
    def test_a_stalled_or_trickling_upload_gives_up_its_place(self, lang: str) -> None:
        """A check and a batch hold every place with bodies that do not come (nothing after
        the first byte) or trickle (a byte every 0.2 s): each is answered 408
        (``body_timeout``, in the reader's language, the connection closed) once its time is
        up, and its place is given back: the next check and batch are answered 200 (attacker
        16b F1: the places were held for as long as the connections stayed open)."""
        app = create_app(max_concurrent=1, max_concurrent_batches=1, body_timeout=1)
        record = json.dumps(eligible_dict()).encode()
        with serving(app) as base:
            with stalled(base, "application/json", lang) as one, \
                    stalled(base, "application/jsonl", lang, trickle=0.2) as batch:
                answers = [one.answer(), batch.answer()]
            for answer in answers:
                if not answer and answer is answers[1]:  # reset as it trickled: closed
                    continue
                head, _, body = answer.partition(b"\r\n\r\n")
                assert head.startswith(b"HTTP/1.1 408 "), answer[:300]
                assert b"connection: close" in head.lower()
                problem = json.loads(body)
                assert problem["type"] == "urn:callrules:problem:body_timeout"
                assert problem["title"] == labels()[lang]["problem_body_timeout"]
            with httpx.Client(base_url=base, timeout=60) as http:
                assert http.post(CHECK, params={"now": NOW}, content=record, headers={
                    "Content-Type": "application/json"}).status_code == 200
                assert http.post(CHECK, params={"now": NOW}, content=record + b"\n", headers={
                    "Content-Type": "application/jsonl"}).status_code == 200
        assert bounded(app).under_way == {"one": 0, "batch": 0, "call": 0}

    @pytest.mark.parametrize("media", ["application/json", "application/jsonl", "text/csv"])
    def test_a_body_that_never_starts_is_timed_out_too(self, media: str) -> None:
        """A check whose head announces a body of which no byte ever comes is answered 408
        once its time is up (the review of the seventeenth round: the first deadline was
        read as the loop's clock plus the timeout, hours away, until a first byte came)."""
        app = create_app(body_timeout=1)
        with serving(app) as base, stalled(base, media, first=b"") as upload:
            began = time.monotonic()
            answer = upload.answer()
            waited = time.monotonic() - began
        assert answer.startswith(b"HTTP/1.1 408 "), answer[:300]
        assert waited < 30, waited  # not the 60 s the answer is waited for
        assert bounded(app).arriving == {"one": 0, "batch": 0}

    def test_a_client_that_hangs_up_while_sending_is_one_line_not_a_failure(
            self, caplog: pytest.LogCaptureFixture) -> None:
        """A client that closes its connection in the middle of its body (a closed laptop,
        a cancelled upload), for each kind of body: one INFO line each, no traceback, no
        failure (500) logged, the places given back (attacker 16b F9: each was an internal
        failure with a traceback of about 60 lines)."""
        caplog.set_level(logging.INFO, logger="callrules.serve")
        app = create_app()
        kinds = ("application/json", "application/jsonl", "text/csv")
        with serving(app) as base:
            for kind in kinds:
                with stalled(base, kind):
                    for _ in range(3000):  # its first byte arrived
                        if sum(bounded(app).arriving.values()) == 1:
                            break
                        time.sleep(0.01)
            for _ in range(3000):  # each hang-up seen
                if len(caplog.records) >= len(kinds) and not sum(bounded(app).arriving.values()):
                    break
                time.sleep(0.01)
            with httpx.Client(base_url=base, timeout=60) as http:
                assert http.post(CHECK, params={"now": NOW},
                                 json=eligible_dict()).status_code == 200
        said = [r for r in caplog.records if r.name.startswith("callrules")]
        assert len(said) == len(kinds), [r.getMessage() for r in said]
        assert all(r.levelno == logging.INFO and r.exc_info is None
                   and "hung up" in r.getMessage() for r in said)

    def test_a_batch_whose_client_hung_up_is_checked_no_further(
            self, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
        """A client that hangs up once its batch is sent (curl giving up after 100 s): the
        records left are not checked, for nobody (attacker 19b F1: a batch of minutes kept
        its worker's CPU and one of its four batch places after the client left, and held
        up the server's stop). One INFO line, no failure, the place given back."""
        caplog.set_level(logging.INFO, logger="callrules.serve")
        app = create_app()
        records = 40
        body = json_lines([{**eligible_dict(), "id": f"A-{n}"} for n in range(records)])
        checked: list[int] = []
        hung_up = threading.Event()
        judge = _evaluate._findings

        def slow(*args: Any, **kwargs: Any) -> Any:
            checked.append(1)
            if len(checked) == 3:  # the client hangs up while the third record is checked
                hung_up.wait(5)
                time.sleep(0.2)
            return judge(*args, **kwargs)

        monkeypatch.setattr(_evaluate, "_findings", slow)

        async def talk() -> list[dict[str, Any]]:
            sent: list[dict[str, Any]] = []
            given = False

            async def receive() -> dict[str, Any]:
                nonlocal given
                if not given:
                    given = True
                    return {"type": "http.request", "body": body.encode(),
                            "more_body": False}
                while len(checked) < 3:
                    await asyncio.sleep(0.01)
                hung_up.set()
                return {"type": "http.disconnect"}

            async def send(message: dict[str, Any]) -> None:
                sent.append(message)

            scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
                     "method": "POST", "scheme": "http", "path": CHECK, "raw_path":
                     CHECK.encode(), "query_string": f"now={NOW}".encode().replace(b"+",
                                                                                   b"%2B"),
                     "headers": [(b"content-type", b"application/jsonl"),
                                 (b"host", b"test")], "client": ("127.0.0.1", 1),
                     "server": ("127.0.0.1", 80), "root_path": ""}
            await app(scope, receive, send)
            return sent

        sent = asyncio.run(talk())
        assert len(checked) <= 4, len(checked)  # before: all 40
        assert sent and sent[0]["type"] == "http.response.start"
        said = [r for r in caplog.records if r.name.startswith("callrules")]
        assert [r.levelno for r in said] == [logging.INFO] and "hung up" in said[0].getMessage()
        assert bounded(app).under_way == {"one": 0, "batch": 0, "call": 0}

    @pytest.mark.parametrize("timeout", [0, -1, float("inf"), float("nan"), True, "30"])
    def test_a_body_timeout_that_is_not_a_positive_number_is_refused(self, timeout: Any
                                                                      ) -> None:
        """``body_timeout`` is a positive number of seconds: anything else is a typed
        ArgumentError, before any call is loaded."""
        with pytest.raises(callrules.ArgumentError):
            create_app(body_timeout=timeout)

    @pytest.mark.parametrize(("call_dir", "code"), [
        ("", "folder_empty_text"), ("  ", "folder_empty_text"), ([""], "folder_empty_text"),
        ((ROOT, ""), "folder_empty_text"), ([], "folders_none_given"),
        ((), "folders_none_given"), (b"/tmp", "folder_as_bytes"),
        ([b"/tmp"], "folder_as_bytes")])
    def test_a_call_folder_not_named_is_refused_in_words(
            self, call_dir: Any, code: str, registries: None,
            monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        """A folder of call files given as empty text (an unset variable), an empty list of
        folders, or bytes, is an ArgumentError saying so in the reader's language, before any
        folder is registered: never the working folder's call files served (the working
        folder here holds one), never ``47 is not a folder`` (the bytes walked)."""
        bundled = (ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8")
        (tmp_path / "here-2026.toml").write_text(
            bundled.replace('id = "cnrs-amsud-2026"', 'id = "here-2026"'), "utf-8")
        monkeypatch.chdir(tmp_path)
        before = calls.available()
        with pytest.raises(callrules.ArgumentError) as info:
            create_app(call_dir)
        assert info.value.code == code and info.value.words == (code, {})
        assert calls.available() == before and "here-2026" not in before
        said = {lang: phrase_sentence(code, lang) for lang in ("en", "fr", "es", "pt")}
        assert len(set(said.values())) == 4 and str(info.value) == said["en"]
        if isinstance(call_dir, str):
            with pytest.raises(callrules.ArgumentError):
                calls.register_folder(call_dir)
            assert "here-2026" not in calls.available()

    def test_an_unset_call_folder_variable_serves_the_bundled_calls(
            self, monkeypatch: pytest.MonkeyPatch, registries: None) -> None:
        """``CALLRULES_CALL_DIR`` set empty (or unset) is no folder: the bundled calls alone,
        not a refusal of an empty list."""
        monkeypatch.setenv(_app.CALL_DIR_VARIABLE, "")
        with serving(_app.create_app_from_environment()) as base:
            assert {c["id"] for c in httpx.get(base + "/calls").json()} >= {"cnrs-amsud-2026"}

    @pytest.mark.parametrize("limit", [0, -1, 1.5, True, "8"])
    @pytest.mark.parametrize("name", ["max_concurrent", "max_concurrent_batches"])
    def test_a_limit_that_is_not_a_count_is_refused(self, name: str, limit: Any) -> None:
        """Each bound is a whole number of at least 1: anything else is a typed
        ArgumentError, before any call is loaded."""
        with pytest.raises(callrules.ArgumentError):
            create_app(**{name: limit})

    @settings(max_examples=60, deadline=None)
    @given(data=st.data(), name=st.sampled_from(sorted(LIMITS)))
    def test_a_limit_out_of_its_range_is_refused_in_words(self, data: st.DataObject,
                                                          name: str) -> None:
        """Law: every limit of ``create_app`` is a whole number within its range, the range
        ``callrules serve`` takes for those it has an option for: anything else (0, -1, one
        past the most, 10**400, 0.001, nan, a bool, a text) is an ArgumentError naming the
        argument and both bounds, before any call is loaded — never a service that starts
        and then answers every request 500 or 413 (attacker 18b F6: ``body_timeout=10**400``
        made every POST 500)."""
        least, most = LIMITS[name]
        value = data.draw(st.one_of(
            st.integers(max_value=least - 1), st.integers(min_value=most + 1),
            st.sampled_from([10 ** 400, -(10 ** 400), 0.001, float("nan"), float("inf"),
                             True, False, "30", None, most + 0.5]),
            st.floats().filter(lambda f: name not in ("body_timeout", "stall_timeout") or not (
                f.is_integer() and least <= f <= most))))
        with pytest.raises(callrules.ArgumentError) as refused:
            create_app(**{name: value})
        said = str(refused.value)
        assert said.startswith(f"{name} is a whole number") and f"{least:,}" in said \
            and f"{most:,}" in said and len(said) < 200, said

    @pytest.mark.parametrize(("name", "option"), [
        ("body_timeout", "--body-timeout"), ("stall_timeout", "--stall-timeout"),
        ("max_concurrent", "--max-concurrent"),
        ("max_concurrent_batches", "--max-concurrent-batches")])
    def test_create_app_takes_the_range_the_command_line_takes(
            self, name: str, option: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """``create_app`` refuses a limit exactly when ``callrules serve``'s option does:
        either side of each bound (the command line hands what it takes to create_app)."""
        seen = would_serve(monkeypatch)
        monkeypatch.setattr(callrules.serve, "_listen_check", lambda host, port: None)
        least, most = LIMITS[name]
        for value in (least - 1, least, most, most + 1):
            code = _cli.main(["serve", option, str(value)], out=io.StringIO(),
                             err=io.StringIO())
            if least <= value <= most:
                assert code == 0 and len(seen) == 1, (option, value)  # create_app took it
                seen.clear()
            else:
                assert code == 2 and not seen, (option, value)
                with pytest.raises(callrules.ArgumentError):
                    create_app(**{name: value})

    def test_the_command_line_passes_its_limit_to_each_process(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """``--max-concurrent N`` (and ``--body-timeout``) reaches the application, in one
        process or in each worker (through the environment); 0 is refused, exit 2."""
        would_serve(monkeypatch)
        monkeypatch.setattr(callrules.serve, "_listen_check", lambda host, port: None)
        made: list[tuple[int, int, float, float]] = []
        real = _app.create_app

        def create(*args: Any, **kwargs: Any) -> FastAPI:
            made.append((kwargs["max_concurrent"], kwargs["max_concurrent_batches"],
                         kwargs["body_timeout"], kwargs["stall_timeout"]))
            return real(*args, **kwargs)

        monkeypatch.setattr(_app, "create_app", create)
        monkeypatch.setenv(_app.CONCURRENT_VARIABLE, "")  # restored, whatever serve sets
        monkeypatch.setenv(_app.BODY_TIMEOUT_VARIABLE, "")
        monkeypatch.setenv(_app.STALL_TIMEOUT_VARIABLE, "")
        assert _cli.main(["serve", "--max-concurrent", "3"]) == 0
        assert made == [(3, _app.MAX_CONCURRENT_BATCHES, _app.BODY_TIMEOUT,
                         callrules.serve.STALL_TIMEOUT)]
        assert _cli.main(["serve", "--workers", "2", "--max-concurrent", "5",
                          "--max-concurrent-batches", "2", "--body-timeout", "7",
                          "--stall-timeout", "4"]) == 0
        _app.create_app_from_environment()
        assert made[1:] == [(5, 2, 7, 4)]
        for option in ("--max-concurrent", "--max-concurrent-batches", "--body-timeout",
                       "--stall-timeout"):
            assert _cli.main(["serve", option, "0"]) == 2  # refused in words


class TestProblems:
    @settings(max_examples=30, deadline=None)
    @given(number=st.integers(1000, 10**12), lang=st.sampled_from(["fr", "es", "pt"]))
    def test_no_problem_writes_a_number_with_english_grouping_in_another_language(
            self, number: int, lang: str) -> None:
        """Law: every problem of the service, each of its values a whole number, is said in
        French, Spanish and Portuguese with that language's grouping (babel's), never with
        English's: "au plus 10,000 candidatures" reads as ten, "1,048,576 octets" as 1.048."""
        from starlette.requests import Request

        from callrules._i18n import format_exact
        from callrules.serve._http import Problem, problem_response

        request = Request({"type": "http", "method": "GET", "path": "/x", "query_string": b"",
                           "headers": [(b"accept-language", lang.encode())],
                           "scheme": "http", "server": ("t", 80)})
        for key in labels()[lang]:
            if not (key.startswith("problem_") and key.endswith("_detail")):
                continue
            names = re.findall(r"%\((\w+)\)s", labels()["en"][key])
            problem = Problem(400, "internal", values=dict.fromkeys(names, number),
                              detail=key)
            detail = json.loads(problem_response(problem, request).body)["detail"]
            assert not re.search(r"\d,\d{3}", detail), detail
            if names:
                assert format_exact(number, lang) in detail

    @pytest.mark.parametrize(("lang", "shown", "size", "batch"), [
        ("fr", "65\u202f536", "64\u00a0Kio", "1\u00a0Mio"),
        ("es", "65.536", "64\u00a0KiB", "1\u00a0MiB"),
        ("pt", "65.536", "64\u00a0KiB", "1\u00a0MiB"),
        ("en", "65,536", "64\u00a0KiB", "1\u00a0MiB")])
    def test_a_limit_is_said_in_the_reader_s_digits(
            self, client: httpx.Client, lang: str, shown: str, size: str, batch: str) -> None:
        """The limit of a body too large is written as the reader writes numbers, and as a
        person reads a size (« 64 Kio »), in words that say what was too long, an application
        or a batch of them, and what to do, never « Corps trop volumineux » alone (att65 W5):
        the page shows these words beside the form."""
        said = labels()[lang]
        response = client.post(CHECK, content=b"x" * (65 << 10),
                               headers={"Content-Type": "application/json",
                                        "Accept-Language": lang})
        one = assert_problem(response, 413, "body_too_large")
        assert shown in one["detail"] and size in one["detail"]
        before, after = said["problem_body_too_large_detail"].split("%(size)s")
        assert one["detail"].startswith(before) and one["detail"].endswith(after)
        response = client.post(CHECK, content=b"x" * ((1 << 20) + 1),
                               headers={"Content-Type": "application/jsonl",
                                        "Accept-Language": lang})
        many = assert_problem(response, 413, "body_too_large")
        before, after = said["problem_body_too_large_batch_detail"].split("%(size)s")
        assert batch in many["detail"] and many["detail"].endswith(after)

    @pytest.mark.parametrize("lang", ["en", "fr", "es", "pt"])
    def test_an_unencoded_plus_is_said_with_its_encoding(
            self, client: httpx.Client, lang: str) -> None:
        """``?now=2026-06-01T17:00:00+02:00`` as the docs write an instant, its ``+`` not
        encoded (a URL's query reads it as a space), is refused saying so and how to write it
        (``%2B``), in the reader's language; so is ``?zone=Etc/GMT+3``. The example given was
        what the user had typed."""
        answer = client.get("/calls/cnrs-amsud-2026?now=2026-06-01T17:00:00+02:00",
                            headers={"Accept-Language": lang})
        detail = assert_problem(answer, 400, "bad_now")["detail"]
        assert "2026-06-01T17:00:00%2B02:00" in detail and "+" in detail
        assert detail == labels()[lang]["problem_bad_now_plus_detail"] % {
            "value": "2026-06-01T17:00:00 02:00", "encoded": "2026-06-01T17:00:00%2B02:00"}
        answer = client.get("/calls/cnrs-amsud-2026?zone=Etc/GMT+3",
                            headers={"Accept-Language": lang})
        assert "Etc/GMT%2B3" in assert_problem(answer, 400, "bad_zone")["detail"]

    @pytest.mark.parametrize(("now", "said"), [
        ("2026-06-01T17:00:00.1234567Z", "7"), ("2026-06-01T17:00:00-00:00", "-00:00"),
        ("01/06/2026 17:00", "ISO 8601")])
    def test_a_bad_now_says_what_is_wrong_with_it(
            self, client: httpx.Client, now: str, said: str) -> None:
        """The error of a ``now`` that cannot be read holds the command line's words for
        what is wrong with it (as ``--at`` says), in the reader's language."""
        for lang in ("en", "fr"):
            answer = client.get("/calls/cnrs-amsud-2026", params={"now": now},
                                headers={"Accept-Language": lang})
            [error] = assert_problem(answer, 400, "bad_now")["errors"]
            assert error["parameter"] == "now" and said in error["detail"]
            assert error["detail"] != labels()[lang]["problem_bad_now_detail"] % {"value": now}

    @pytest.mark.parametrize(("now", "said"), [
        ("2026-03-29 02:30 Europe/Paris", "does not exist"),
        ("2026-10-25 02:30 Europe/Paris", "happens twice"),
        ("2026-06-01T17:00:00.1234567Z", "7"), ("01/06/2026 17:00", "ISO 8601")])
    def test_a_bad_now_s_detail_gives_the_true_reason(
            self, client: httpx.Client, now: str, said: str) -> None:
        """The problem's own detail (what a page shows) says why ``now`` cannot be read as
        ``--at`` says it: a local time in a gap or a fold has a zone, and is never said to
        be "not a date and time with a zone"; in every language it is the error's words."""
        for lang in ("en", "fr", "es", "pt"):
            answer = client.post(CHECK, params={"now": now}, json=eligible_dict(),
                                 headers={"Accept-Language": lang})
            body = assert_problem(answer, 400, "bad_now")
            [error] = body["errors"]
            assert body["detail"] == error["detail"]
            assert body["detail"] != labels()[lang]["problem_bad_now_detail"] % {"value": now}
            if lang == "en":
                assert said in body["detail"], body["detail"]

    def test_a_malformed_application_points_at_each_field(self, client: httpx.Client) -> None:
        """Input problems come as a 422 with a JSON Pointer each, in the reader's language."""
        data = eligible_dict()
        data["visitors"][1]["stay"]["arrival"] = "le 14 septembre"
        del data["host"]
        response = client.post(CHECK, json=data, headers={"Accept-Language": "fr"})
        body = assert_problem(response, 422, "invalid_input")
        assert body["title"] == labels()["fr"]["problem_invalid_input"]
        assert {e["pointer"] for e in body["errors"]} == {"/host",
                                                          "/visitors/1/stay/arrival"}

    def test_a_code_outside_the_call_s_vocabulary_is_an_input_problem(
            self, client: httpx.Client) -> None:
        """A visitor's category the call does not know is a 422 at its pointer, told with
        the call's labels in the reader's language, like any other input problem."""
        data = eligible_dict()
        data["visitors"][1]["category"] = "astronaut"
        response = client.post(CHECK, json=data, headers={"Accept-Language": "fr"})
        body = assert_problem(response, 422, "invalid_input")
        (error,) = body["errors"]
        assert (error["pointer"], error["code"]) == ("/visitors/1/category",
                                                     "not_in_vocabulary")
        assert "autre personnel technique" in error["detail"]

    def test_a_key_the_application_wrote_is_named_as_written(
            self, client: httpx.Client) -> None:
        """Keys not expected (one in a visitor, one at the top) and a key given twice: each
        error names its key as the application wrote it (``key``) and where it is in words
        (``place``), as the command line's report does, in the reader's language. Before,
        the pointer and the message only, the key named nowhere."""
        data = eligible_dict()
        data["visitors"][0]["person"]["familyname"] = "X"
        data["_id"] = "x"
        named: dict[str, tuple[str, str, str]] = {}
        for text in (json.dumps(data), json.dumps(eligible_dict())[:-1] + ', "colour": "a", '
                     '"colour": "b"}'):
            response = client.post(CHECK, content=text.encode(), headers={
                "Accept-Language": "es", "Content-Type": "application/json"})
            body = assert_problem(response, 422, "invalid_input")
            named |= {e["pointer"]: (e["code"], e["key"], e["place"]) for e in body["errors"]}
        assert named == {
            "/visitors/0/person/familyname": ("extra_forbidden", "familyname",
                                              "Visitante 1 — clave «familyname»"),
            "/_id": ("extra_forbidden", "_id", "Clave «_id»"),
            "/colour": ("duplicate_key", "colour", "Clave «colour»")}

    @pytest.mark.parametrize(("body", "headers", "status", "code"), [
        (b"{not json", {"Content-Type": "application/json"}, 400, "not_json"),
        # a path of the server's, existing or not: the same answer (attack 34b: 500 with a
        # traceback for an existing file, 400 for a missing one)
        (str(ROOT / "pyproject.toml").encode(), {"Content-Type": "application/json"}, 400,
         "not_json"),
        (str(ROOT / "no-such-file").encode(), {"Content-Type": "application/json"}, 400,
         "not_json"),
        (b'{"id": "caf\xe9"}', {"Content-Type": "application/json"}, 400, "not_utf8"),
        (b'"an application"', {"Content-Type": "application/json"}, 422, "invalid_input"),
        (b"42", {"Content-Type": "application/json"}, 422, "invalid_input"),
        (b"x" * (65 << 10), {"Content-Type": "application/json"}, 413, "body_too_large"),
        (b"{}", {"Content-Type": "text/plain"}, 415, "unsupported_media_type"),
        (b"{}", {}, 415, "unsupported_media_type"),
    ])
    def test_bad_bodies_are_problems(self, client: httpx.Client, body: bytes,
                                     headers: dict[str, str], status: int, code: str) -> None:
        """Each kind of bad body is answered by its own problem, never a server error."""
        assert_problem(client.post(CHECK, content=body, headers=headers), status, code)

    @settings(max_examples=30, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(kind=st.sampled_from(["zip", "tar", "gzip", "bzip2", "xz", "xlsx", "xls",
                                 "base64", "quoted-printable"]),
           lang=st.sampled_from(["fr", "en", "es", "pt"]), seed=st.integers(0, 1000))
    @example(kind="base64", lang="en", seed=0)  # (a 500 before: no title for its code)
    @example(kind="quoted-printable", lang="fr", seed=0)
    def test_an_archive_sent_as_one_application_is_said_as_check_says_it(
            self, client: httpx.Client, kind: str, lang: str, seed: int) -> None:
        """Law: an archive (zip, tar), compressed data or a workbook sent as
        ``application/json`` is a 400 whose code is the problem ``callrules check`` finds in
        the same bytes (``archive``, ``compressed``, ``workbook``), titled and told in the
        reader's language, its error the command line's own words; never "not JSON" or
        "not UTF-8". A body in base64 or quoted-printable, as a mail sends it, too: base64
        was a 500 (no title for its code)."""
        import bz2
        import lzma
        import tarfile
        import zipfile

        (record,) = batch(1, seed)
        text = (record if isinstance(record, str) else json.dumps(record)).encode()
        if kind == "base64":  # (a mail attachment's body, saved as it came)
            text = base64.encodebytes(text)
        elif kind == "quoted-printable":  # (a mail body, its lines cut with soft breaks)
            text = quopri.encodestring(text)
            assume(b"=\n" in text)  # (a record short enough to be sent as it is: none)
        held = io.BytesIO()
        if kind in ("zip", "xlsx"):
            with zipfile.ZipFile(held, "w") as archive:
                archive.writestr("[Content_Types].xml" if kind == "xlsx" else "a.json", text)
        elif kind == "tar":
            with tarfile.open(fileobj=held, mode="w") as archive:
                entry = tarfile.TarInfo("a.json")
                entry.size = len(text)
                archive.addfile(entry, io.BytesIO(text))
        body = held.getvalue() or {"gzip": gzip.compress, "bzip2": bz2.compress,
                                   "xz": lzma.compress}.get(kind, lambda t: (
                                       b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + t))(text)
        (item,) = command_line(body, None, lang)
        ((code, message),) = [(p["type"], p["message"]) for p in item["input_error"]]
        assert code in ("archive", "compressed", "workbook", "base64_encoded",
                        "quoted_printable")
        response = client.post(CHECK, content=body, headers={
            "Content-Type": "application/json", "Accept-Language": lang})
        problem = assert_problem(response, 400, code)
        assert [(e["code"], e["detail"]) for e in problem["errors"]] == [(code, message)]
        assert (problem["title"], problem["detail"]) == (
            labels()[lang][f"problem_{code}"], labels()[lang][f"problem_{code}_detail"])

    @pytest.mark.parametrize("media", ["application/json", "application/jsonl", "text/csv"])
    @pytest.mark.parametrize("lang", ["fr", "en", "es", "pt"])
    def test_a_body_compressed_or_in_another_charset_is_refused_never_read_as_utf8(
            self, client: httpx.Client, media: str, lang: str) -> None:
        """A body sent compressed (``Content-Encoding: gzip``, as clients and proxies do) or
        declared in a character set other than UTF-8 is refused (415, in the reader's
        language; RFC 7694's ``Accept-Encoding: identity``), never read as UTF-8 text into
        one ``not_utf8`` problem per line; UTF-8 declared, quoted or in capitals, and
        ``identity`` are read."""
        body = {"text/csv": b"id,call\nA-1,cnrs-amsud-2026\n"}.get(
            media, json.dumps(eligible_dict()).encode() + b"\n")
        for encoding in ("gzip", "deflate", "br", "identity, gzip"):
            response = client.post(CHECK, content=gzip.compress(body), headers={
                "Content-Type": media, "Content-Encoding": encoding, "Accept-Language": lang})
            assert_problem(response, 415, "unsupported_encoding")
            assert response.headers["accept-encoding"] == "identity"
            assert response.headers["content-language"] == lang
        for charset in ("windows-1252", '"iso-8859-1"', "latin1", "x-unknown"):
            response = client.post(CHECK, content=body.decode().encode("latin-1"), headers={
                "Content-Type": f"{media}; charset={charset}", "Accept-Language": lang})
            assert_problem(response, 415, "unsupported_charset")
        response = client.post(CHECK, content=body.decode().encode("utf-16"),
                               headers={"Content-Type": f"{media}; charset=UTF-16"})
        assert response.status_code in (200, 422), response.text
        for headers in ({"Content-Type": f'{media}; charset="UTF-8"'},
                        {"Content-Type": f"{media};charset=utf-8",
                         "Content-Encoding": "identity"}):
            response = client.post(CHECK, content=body, headers=headers)
            assert response.status_code in (200, 422), response.text

    @pytest.mark.parametrize("media", ["application/json", "application/jsonl", "text/csv"])
    def test_a_header_given_twice_is_read_whole_or_refused_never_its_first_taken(
            self, client: httpx.Client, media: str) -> None:
        """``Content-Encoding`` repeated (a client's ``identity``, then a proxy's ``gzip``):
        every field is read, as RFC 9110 reads a list split over fields: 415, never the gzip
        body read as text. ``Content-Type`` given twice with different values: 400
        ``repeated_content_type``, never the first taken (a batch read as one application);
        twice the same: read (attacker 16b F6)."""
        body = {"text/csv": b"id,call\nA-1,cnrs-amsud-2026\n"}.get(
            media, json.dumps(eligible_dict()).encode() + b"\n")
        for fields in (["identity", "gzip"], ["gzip", "identity"], ["identity", "identity, br"]):
            response = client.post(CHECK, params={"now": NOW}, content=gzip.compress(body),
                                   headers=[("Content-Type", media), *(
                                       ("Content-Encoding", field) for field in fields)])
            assert_problem(response, 415, "unsupported_encoding")
        for other in ("application/json", "application/jsonl", "text/csv",
                      f"{media}; charset=latin1"):
            if other == media:
                continue
            for order in ((media, other), (other, media)):
                response = client.post(CHECK, params={"now": NOW}, content=body, headers=[
                    ("Content-Type", order[0]), ("Content-Type", order[1]),
                    ("Accept-Language", "fr")])
                problem = assert_problem(response, 400, "repeated_content_type")
                assert problem["title"] == labels()["fr"]["problem_repeated_content_type"]
        response = client.post(CHECK, params={"now": NOW}, content=body, headers=[
            ("Content-Type", media), ("Content-Type", media.upper()),
            ("Content-Encoding", "identity"), ("Content-Encoding", "identity")])
        assert response.status_code in (200, 422), response.text

    @settings(max_examples=30, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.sampled_from(["application/json", "application/jsonl", "text/csv"]),
           st.lists(st.sampled_from(["utf-8", "UTF-8", '"utf-8"', "windows-1252",
                                     "utf-16", "us-ascii"]), min_size=2, max_size=3),
           st.sampled_from(["fr", "en", "es", "pt"]))
    def test_a_parameter_given_twice_is_refused_unless_the_same(
            self, client: httpx.Client, media: str, charsets: list[str], lang: str) -> None:
        """Law: a ``Content-Type`` whose ``charset`` is given more than once is read only
        when every value is the same one (case and quotes aside); otherwise 400
        ``repeated_content_type_parameter``, in the reader's language, never the first or
        the last taken (the eighteenth attack: ``charset=utf-8; charset=windows-1252`` read
        as UTF-8, the other order 415)."""
        body = {"text/csv": b"id,call\nA-1,cnrs-amsud-2026\n"}.get(
            media, json.dumps(eligible_dict()).encode() + b"\n")
        header = media + "".join(f"; charset={c}" for c in charsets)
        response = client.post(CHECK, params={"now": NOW}, content=body, headers={
            "Content-Type": header, "Accept-Language": lang})
        if len({c.strip('"').lower() for c in charsets}) > 1:
            problem = assert_problem(response, 400, "repeated_content_type_parameter")
            assert problem["title"] == labels()[lang][
                "problem_repeated_content_type_parameter"]
        else:
            assert response.status_code != 400 or "repeated" not in response.text

    @pytest.mark.parametrize("lang", ["fr", "en", "es", "pt"])
    def test_a_body_in_another_shape_than_its_type_says_is_told_what_to_send(
            self, client: httpx.Client, lang: str) -> None:
        """CSV said to have no header line (``text/csv; header=absent``, RFC 4180) is refused
        (415) before it is read: never its first row taken for the header (0 of 3 rows
        judged before), nor its columns guessed; ``header=present`` is read. JSON Lines
        sent as ``application/json`` (no JSON document) is refused, saying to send it as
        ``application/jsonl`` (before: "not valid JSON"), in the reader's language; a list
        of applications so sent is one JSON document, answered as the batch it is (see
        ``test_a_batch_sent_as_application_json_is_answered_as_the_batch_it_is``)."""
        rows = "A-1,cnrs-amsud-2026\nA-2,cnrs-amsud-2026\n"
        for header in ("header=absent", 'header="Absent"', "charset=utf-8; header=absent"):
            response = client.post(CHECK, content=rows.encode(), headers={
                "Content-Type": f"text/csv; {header}", "Accept-Language": lang})
            assert_problem(response, 415, "csv_header_absent")
            assert response.headers["content-language"] == lang
        response = client.post(CHECK, content=("id,call\n" + rows).encode(),
                               headers={"Content-Type": "text/csv; header=present"})
        assert response.status_code == 200, response.text
        assert len(response.text.splitlines()) == 2
        english: dict[str, str] = {}
        for body, status, code in ((b"\n".join([json.dumps(eligible_dict()).encode()] * 2), 400,
                                    "not_json"),):
            for language in ("en", lang):
                response = client.post(CHECK, content=body, headers={
                    "Content-Type": "application/json", "Accept-Language": language})
                detail = assert_problem(response, status, code)["detail"]
                assert "application/jsonl" in detail
                english.setdefault(code, detail)
                assert (detail == english[code]) == (language == "en"), detail

    def test_a_body_too_large_is_refused_while_it_is_read(self, client: httpx.Client) -> None:
        """A body sent in chunks, with no length announced, is refused past the limit."""
        def chunks() -> Iterator[bytes]:
            for _ in range(40):
                yield b" " * (32 << 10)

        response = client.post(CHECK, content=chunks(),
                               headers={"Content-Type": "application/jsonl"})
        assert_problem(response, 413, "body_too_large")

    @pytest.mark.parametrize(("method", "path", "params", "status", "code"), [
        ("POST", "/calls/no-such-call/check", {}, 404, "unknown_call"),
        ("GET", "/calls/no-such-call", {}, 404, "unknown_call"),
        ("GET", "/calls/no-such-call/schema", {}, 404, "unknown_call"),
        ("POST", CHECK, {"zone": "Paris"}, 400, "bad_zone"),
        ("POST", CHECK, {"zone": "../../etc/passwd"}, 400, "bad_zone"),
        ("GET", "/calls/cnrs-amsud-2026", {"zone": "Mars/Olympus"}, 400, "bad_zone"),
        ("POST", CHECK, {"now": "2026-06-01 17:00"}, 400, "bad_now"),
        ("GET", "/nowhere", {}, 404, "not_found"),
        ("GET", CHECK, {}, 405, "method_not_allowed"),
    ])
    def test_bad_requests_are_problems(self, client: httpx.Client, method: str, path: str,
                                       params: dict[str, str], status: int, code: str) -> None:
        """Unknown calls, zones, instants, routes and methods are problems, not errors."""
        response = client.request(method, path, params=params, content=b"{}",
                                  headers={"Content-Type": "application/json"})
        assert_problem(response, status, code)

    @pytest.mark.parametrize("path", ["/health", "/", "/calls", "/calls/cnrs-amsud-2026",
                                      "/calls/cnrs-amsud-2026/schema", "/openapi.json",
                                      "/page/", "/calls/no-such-call", CHECK])
    def test_head_is_answered_wherever_get_is(self, client: httpx.Client, path: str) -> None:
        """``HEAD`` gets the status and headers ``GET`` gets, without a body (RFC 9110
        §9.1): a monitor probing ``HEAD /health`` sees the service up, not a 405."""
        got, head = client.get(path), client.head(path)
        assert head.status_code == got.status_code and head.content == b""
        assert head.headers.get("content-type") == got.headers.get("content-type")
        assert head.headers.get("allow") == got.headers.get("allow")

    @settings(max_examples=30)
    @given(lang=st.sampled_from(["fr", "en", "es", "pt", "pt-BR", "de", "*"]),
           body=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
    def test_whatever_the_body_the_answer_is_a_report_or_a_problem(
            self, url: str, lang: str, body: bytes) -> None:
        """Any body gets a report or problem details in the language asked (or English)."""
        with httpx.Client(base_url=url, timeout=60) as http:
            response = http.post(CHECK, content=body, headers={
                "Content-Type": "application/json", "Accept-Language": lang})
        assert response.status_code in (200, 400, 422)
        if response.status_code != 200:
            problem = response.json()
            said = labels().get(lang.split("-")[0], labels()["en"])
            assert problem["title"] in {said[k] for k in said if k.startswith("problem_")}

    @settings(max_examples=60, deadline=None)
    @given(now=st.none() | st.text(max_size=40) | _INSTANTS | _ZONED,
           zone=st.none() | st.text(max_size=30) | st.sampled_from(_ALL_ZONES),
           show=st.booleans())
    def test_whatever_the_query_the_answer_is_never_a_server_error(
            self, url: str, now: str | None, zone: str | None, show: bool) -> None:
        """Any value of ``now`` and ``zone`` (any text, any instant up to the calendar's ends
        at any offset, any zone of the database) is answered 200, or 400 naming the
        parameter, before any work: never a 500, whatever the findings to word."""
        params = {k: v for k, v in (("now", now), ("zone", zone)) if v is not None}
        with httpx.Client(base_url=url, timeout=60) as http:
            if show:
                response = http.get("/calls/cnrs-amsud-2026", params=params)
            else:
                response = http.post(CHECK, params=params, content=_INELIGIBLE,
                                     headers={"Content-Type": "application/json"})
        assert response.status_code in (200, 400), response.text
        if response.status_code == 400:
            (error,) = assert_problem(response, 400, response.json()["type"].rsplit(":")[-1]
                                      )["errors"]
            assert error["parameter"] in params

    @pytest.mark.parametrize(("params", "code"), [
        ({"now": "9999-12-31T23:00:00-01:00"}, "bad_now"),
        ({"now": "9999-12-31T23:59:59-14:00"}, "bad_now"),
        ({"now": "9999-12-31 23:00 America/Santiago"}, "bad_now"),
        ({"now": "0001-01-01T00:30:00+01:00"}, "bad_now"),
        ({"now": "2026-06-01T10:00:00 Etc/GMT+5"}, "bad_now"),
        *[({"now": typed}, "bad_now") for typed in (  # never read as some instant
            "01/06/2026 10:00 Europe/Paris", "1/6/2026 10:00 Europe/Paris",
            "Friday 2026-06-01 10:00 Europe/Paris", "2026-06-01 10 Europe/Paris")],
        *[({"zone": name}, "bad_zone") for name in (
            "Zulu", "GMT0", "EST5EDT", "Factory", "posixrules", "right/UTC",
            "posix/Europe/Paris", "Etc/GMT+5", "Etc/GMT-14")],
    ])
    def test_the_attacker_s_query_values_are_bad_requests(
            self, client: httpx.Client, params: dict[str, str], code: str) -> None:
        """Instants past either end of the calendar in UTC, instants in a zone that is no
        place, and zones that are no place are a 400 naming the parameter."""
        for response in (client.post(CHECK, params=params, content=_INELIGIBLE,
                                     headers={"Content-Type": "application/json"}),
                         client.get("/calls/cnrs-amsud-2026", params=params)):
            assert_problem(response, 400, code)

    def test_tzdata_s_name_of_utc_is_a_zone(self, client: httpx.Client) -> None:
        """``Etc/UTC`` is UTC, as on the command line and in call files."""
        response = client.post(CHECK, params={"zone": "Etc/UTC", "now": NOW},
                               content=_INELIGIBLE,
                               headers={"Content-Type": "application/json"})
        assert response.status_code == 200 and "UTC" in response.text

    def test_a_failure_is_a_problem_and_says_nothing_of_the_code(self) -> None:
        """An unexpected exception becomes a 500 problem without a traceback."""
        app = create_app()

        @app.get("/fail")
        def fail() -> None:
            raise RuntimeError("secret detail")

        with serving(app) as base, httpx.Client(base_url=base) as http:
            response = http.get("/fail", headers={"Accept-Language": "es"})
        body = assert_problem(response, 500, "internal")
        assert "secret" not in response.text and body["title"] == "Error interno"

    def test_a_query_parameter_of_the_wrong_shape_is_a_problem(self, url: str) -> None:
        """A parameter FastAPI itself refuses is a 400 problem naming it."""
        app = create_app()

        @app.get("/count")
        def count(n: int) -> int:
            return n

        with serving(app) as base, httpx.Client(base_url=base) as http:
            body = assert_problem(http.get("/count", params={"n": "x"}), 400, "bad_request")
        assert body["errors"][0]["parameter"] == "n"


class TestCommandLine:
    def test_serve_runs_uvicorn_on_loopback_by_default(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """``callrules serve`` serves on 127.0.0.1:8000 unless told otherwise."""
        seen = would_serve(monkeypatch)
        monkeypatch.setattr(callrules.serve, "_listen_check", lambda host, port: None)
        assert _cli.main(["serve"]) == 0
        ((app, options),) = seen
        assert isinstance(app, FastAPI)
        assert (options["host"], options["port"]) == ("127.0.0.1", 8000)

    def test_workers_each_build_the_app_with_the_call_folder(
            self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, registries: None) -> None:
        """With ``--workers``, each process builds the app from the environment."""
        seen = would_serve(monkeypatch)
        monkeypatch.setattr(callrules.serve, "_listen_check", lambda host, port: None)
        monkeypatch.setenv(_app.CALL_DIR_VARIABLE, "")  # (restored after: serve sets it)
        bundled = (ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8")
        (tmp_path / "copy-2026.toml").write_text(
            bundled.replace('id = "cnrs-amsud-2026"', 'id = "copy-2026"'), "utf-8")
        monkeypatch.setenv(_app.PER_CLIENT_VARIABLE, "")
        argv = ["serve", "--workers", "2", "--call-dir", str(tmp_path), "--port", "9000",
                "--per-client", "3"]
        assert _cli.main(argv) == 0
        ((target, options),) = seen
        assert target == _stopping.WORKER_APP and options["workers"] == 2
        # each worker process unpickles its connections' protocol, their deadline in it, and
        # the table where the workers count each client's connections together, removed
        # once the service stopped
        keywords = pickle.loads(pickle.dumps(options["http"])).keywords
        shared = keywords.pop("shared")
        assert keywords == {"stall": callrules.serve.STALL_TIMEOUT, "per_client": 3}
        assert shared and not Path(shared).exists()
        with serving(_app.create_app_from_environment()) as base:
            assert "copy-2026" in {c["id"] for c in httpx.get(base + "/calls").json()}

    def test_without_the_extra_serve_says_how_to_install_it(
            self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        """Missing the extra, ``callrules serve`` exits 2 and names the package to install."""
        import callrules.serve

        monkeypatch.setattr(callrules.serve, "EXTRA", ("fastapi", "no_such_module_here"))
        assert _cli.main(["serve"]) == 2
        assert "pip install 'callrules[serve]'" in capsys.readouterr().err

    def test_the_container_file_runs_the_serve_command(self) -> None:
        """The Containerfile installs the extra and runs ``callrules serve``, which exists."""
        text = (ROOT / "Containerfile").read_text("utf-8")
        assert "pip install" in text and ".[serve]" in text
        command = json.loads(re.search(r"^CMD (\[.*\])$", text, re.M).group(1))  # type: ignore[union-attr]
        assert command[:2] == ["callrules", "serve"] and "0.0.0.0" in command
        args = _cli._parser().parse_args(command[1:])
        assert args.command == "serve" and args.host == "0.0.0.0"


def _rebuilt(item: dict[str, Any], key: str) -> bool:
    """Whether ``item``'s message (``key``) is its ``around`` words and its ``inserted``
    values in turn, one more word than values."""
    around, inserted = item["around"], item["inserted"]
    return len(around) == len(inserted) + 1 and "".join(
        word + value for word, value in zip(around, [*inserted, ""], strict=True)) == item[key]


class TestNoRoomForABatchsKeys:
    @pytest.mark.parametrize("prefer", [None, "callrules-inserted"])
    def test_answered_507_in_words_and_logged_once_without_a_traceback(
            self, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
            prefer: str | None) -> None:
        """The temporary folder refusing a batch's keys past what memory may hold: the host
        has no room, not a bug; answered 507 in the reader's words (never 500 ``internal``),
        one ``WARNING`` line and no traceback; as any problem of a check, varying with
        ``Prefer`` and saying the page's preference applied when it asks it."""
        from callrules import _spill_notice
        caplog.set_level(logging.INFO, logger="callrules")

        def refusing() -> Any:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(_evaluate, "PrivateDatabase", refusing)
        monkeypatch.setattr(_spill_notice, "_refusal_said", True)
        monkeypatch.setattr(_evaluate._Unique, "SPILL_AT", 2)
        from tests.test_batches import host_app
        body = json_lines([host_app(f"A-{n}", f"h{n}@cnrs.fr", "2026-05-10T10:00:00+02:00")
                           for n in range(30)])

        async def ask() -> httpx.Response:
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app()),
                                         base_url="http://service") as http:
                return await http.post(CHECK, params={"now": NOW}, content=body.encode(),
                                       headers={"content-type": "application/jsonl",
                                                "accept-language": "fr",
                                                **({"prefer": prefer} if prefer else {})})

        answer = asyncio.run(ask())
        problem = assert_problem(answer, 507, "no_room")
        assert "Prefer" in answer.headers["vary"]
        assert answer.headers.get("preference-applied") == prefer
        assert problem["title"] == labels()["fr"]["problem_no_room"]
        # (the client told the service has no room; the operator's words, TMPDIR, logged:
        # before, the client was told to give TMPDIR room, att80 A5)
        assert problem["detail"] == labels()["fr"]["problem_no_room_detail"]
        said = [r for r in caplog.records if r.name.startswith("callrules")]
        assert [(r.levelname, r.exc_info) for r in said] == [("WARNING", None)]
        assert "TMPDIR" in said[0].getMessage()

    def test_its_file_unreadable_is_answered_503_and_logged_once_without_a_traceback(
            self, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
        """The file of a batch's keys no longer read back (the disk's EIO): the host's fault,
        as the want of room is, not a bug; answered 503 (the client may send it again) in
        the reader's words, the library's words (the file in the temporary folder, run the
        batch again) in one ``WARNING`` line of the log, no traceback. Before: 500 and
        "failed" with a traceback, the words the error was made for said nowhere
        (look75v 3)."""
        from tests.test_batches import host_app
        from tests.test_one_per_host import _Refusing
        caplog.set_level(logging.INFO, logger="callrules")
        made = _evaluate.PrivateDatabase
        monkeypatch.setattr(_evaluate, "PrivateDatabase",
                            lambda: _Refusing(made(), "look", 1, True))
        monkeypatch.setattr(_evaluate._Unique, "SPILL_AT", 2)
        body = json_lines([host_app(f"A-{n}", f"h{n % 3}@cnrs.fr", "2026-05-10T10:00:00+02:00")
                           for n in range(30)])

        async def ask() -> httpx.Response:
            transport = httpx.ASGITransport(app=create_app(), raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url="http://service") as http:
                return await http.post(CHECK, params={"now": NOW}, content=body.encode(),
                                       headers={"content-type": "application/jsonl",
                                                "accept-language": "pt"})

        answer = asyncio.run(ask())
        problem = assert_problem(answer, 503, "keys_unreadable")
        # told when to send it again, as every 503 of the service tells (before: no
        # Retry-After, att85)
        assert int(answer.headers["retry-after"]) > 0
        assert problem["title"] == labels()["pt"]["problem_keys_unreadable"]
        assert problem["detail"] == labels()["pt"]["problem_keys_unreadable_detail"]
        said = [r for r in caplog.records if r.name.startswith("callrules")]
        assert [(r.levelname, r.exc_info) for r in said] == [("WARNING", None)]
        assert callrules.KeysUnreadableError().message_in(None) in said[0].getMessage()


@pytest.mark.parametrize("length", [100, 101, 150, 5_000])
def test_a_long_key_has_one_pointer_in_a_single_and_a_batch_answer(
        client: httpx.Client, length: int) -> None:
    """A key not expected, of any length, is named whole (``pointer``, ``key``) by the
    single check's answer and by the batch's alike (the request is bounded): a client
    matches the two by ``pointer``. (The batch's came from the command line's problem, its
    key cut, beside a whole ``key``: look77o F2.)"""
    key = "k" * length
    body = json.dumps({**eligible_dict(), key: 1})
    one = client.post(CHECK, params={"now": NOW}, content=body.encode(),
                      headers={"Content-Type": "application/json"})
    (single,) = one.json()["errors"]
    many = client.post(CHECK, params={"now": NOW}, content=(body + "\n").encode(),
                       headers={"Content-Type": "application/jsonl"})
    (batch,) = json.loads(many.text)["input_error"]
    assert single["pointer"] == batch["pointer"] == "/" + key
    assert single["key"] == batch["key"] == batch["loc"][-1] == key
    assert batch["path"] == key
