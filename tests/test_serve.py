"""The HTTP service, tested against a real uvicorn server on 127.0.0.1 with a real client."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
import uvicorn
from fastapi import FastAPI
from hypothesis import given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate

import callrules
from callrules import _cli
from callrules.serve import _app, create_app
from callrules.serve._http import labels
from tests.conftest import EXAMPLES, ROOT, eligible_dict
from tests.generated import batch, json_lines
from tests.live_server import serving

NOW = "2026-05-30T12:00:00+02:00"
CHECK = "/calls/cnrs-amsud-2026/check"
POINTER = re.compile(r"^(/([^~/]|~[01])*)*$")


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with serving(create_app(max_body=64 << 10, max_batch_body=1 << 20)) as base:
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
    return body


class TestRoutes:
    def test_health_says_ok(self, client: httpx.Client) -> None:
        """/health answers with the number of calls loaded."""
        body = client.get("/health").json()
        assert body["status"] == "ok" and body["calls"] >= 1

    def test_the_calls_are_listed_with_titles_in_the_readers_language(
            self, client: httpx.Client) -> None:
        """/calls gives each call's title in the language asked for."""
        fr = client.get("/calls", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
        en = client.get("/calls", headers={"Accept-Language": "en"})
        (call_fr,) = [c for c in fr.json() if c["id"] == "cnrs-amsud-2026"]
        (call_en,) = [c for c in en.json() if c["id"] == "cnrs-amsud-2026"]
        assert call_fr["title"].startswith("Mobilités") and call_en["title"].startswith("Mobility")
        assert fr.headers["content-language"] == "fr"

    def test_a_call_is_json_or_html_by_accept(self, client: httpx.Client) -> None:
        """/calls/{id} gives the checklist as JSON, or as a page to a browser."""
        call = callrules.calls.load("cnrs-amsud-2026")
        body = client.get("/calls/cnrs-amsud-2026", headers={"Accept-Language": "fr"}).json()
        assert body["checklist"]["text"] == call.checklist("fr")
        assert body["timeline"]["deadline"]["start"] == "2026-06-01T17:00:00+02:00"
        assert body["phase"] is None
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

    def test_the_openapi_document_is_valid(self, client: httpx.Client) -> None:
        """/openapi.json passes the OpenAPI specification's validator and names every route."""
        spec = client.get("/openapi.json").json()
        validate(spec)
        assert {"/health", "/calls", "/calls/{call_id}", "/calls/{call_id}/schema",
                CHECK.replace("cnrs-amsud-2026", "{call_id}")} <= set(spec["paths"])

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
            lines = [json.loads(line) for line in response.text.splitlines()]
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


class TestProblems:
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

    @pytest.mark.parametrize(("body", "headers", "status", "code"), [
        (b"{not json", {"Content-Type": "application/json"}, 400, "not_json"),
        (b'{"id": "caf\xe9"}', {"Content-Type": "application/json"}, 400, "not_utf8"),
        (b"[1, 2]", {"Content-Type": "application/json"}, 422, "invalid_input"),
        (b"x" * (65 << 10), {"Content-Type": "application/json"}, 413, "body_too_large"),
        (b"{}", {"Content-Type": "text/plain"}, 415, "unsupported_media_type"),
        (b"{}", {}, 415, "unsupported_media_type"),
    ])
    def test_bad_bodies_are_problems(self, client: httpx.Client, body: bytes,
                                     headers: dict[str, str], status: int, code: str) -> None:
        """Each kind of bad body is answered by its own problem, never a server error."""
        assert_problem(client.post(CHECK, content=body, headers=headers), status, code)

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
        seen: list[tuple[Any, dict[str, Any]]] = []
        monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.append((app, kw)))
        assert _cli.main(["serve"]) == 0
        ((app, options),) = seen
        assert isinstance(app, FastAPI)
        assert (options["host"], options["port"]) == ("127.0.0.1", 8000)

    def test_workers_each_build_the_app_with_the_call_folder(
            self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, registries: None) -> None:
        """With ``--workers``, each process builds the app from the environment."""
        seen: list[tuple[Any, dict[str, Any]]] = []
        monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.append((app, kw)))
        monkeypatch.delenv(_app.CALL_DIR_VARIABLE, raising=False)
        bundled = (ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8")
        (tmp_path / "copy-2026.toml").write_text(
            bundled.replace('id = "cnrs-amsud-2026"', 'id = "copy-2026"'), "utf-8")
        argv = ["serve", "--workers", "2", "--call-dir", str(tmp_path), "--port", "9000"]
        assert _cli.main(argv) == 0
        ((target, options),) = seen
        assert target == "callrules.serve._app:create_app_from_environment"
        assert options["factory"] and options["workers"] == 2
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
