"""The ASGI application: the calls, their checklists and schemas, and checking over HTTP.

Nothing is kept between requests except the calls, loaded once when the application is built.
A batch is checked in a worker thread, so that it does not hold up the other requests.
"""

from __future__ import annotations

import html
import json
import logging
import os
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.staticfiles import StaticFiles

import callrules
from callrules import Call, InputError, Report, TimeError, calls
from callrules._schema import json_schema
from callrules.serve._http import (
    Problem,
    accepts_html,
    language,
    media_type,
    pointer,
    problem_response,
    read_body,
)
from callrules.serve._openapi import responses, with_components

__all__ = ["BATCH_TYPES", "CALL_DIR_VARIABLE", "create_app", "create_app_from_environment"]

#: The media types of a batch: JSON Lines, under its registered and its older names.
BATCH_TYPES = ("application/jsonl", "application/x-ndjson", "application/x-jsonlines")
#: The environment variable through which ``callrules serve --workers N`` passes
#: ``--call-dir`` to each worker process.
CALL_DIR_VARIABLE = "CALLRULES_CALL_DIR"

_LOG = logging.getLogger("callrules.serve")
_NOW = Query(None, description="The instant of the evaluation: ISO 8601 with an offset or an "
             "IANA zone (default: the server's clock).",
             examples=["2026-06-01T16:59:00+02:00"])
_ZONE = Query(None, description="Also show instants in this IANA zone, for the reader.",
              examples=["America/Sao_Paulo"])


def create_app(call_dir: str | Path | None = None, *, max_body: int = 1 << 20,
               max_batch_body: int = 64 << 20) -> FastAPI:
    """The service as an ASGI application, serving the bundled calls and those in
    ``call_dir`` (a folder of call files), every one loaded and checked now.

    ``max_body`` limits the body of one application (bytes), ``max_batch_body`` that of a
    batch; a body over its limit is refused (413).
    """
    if call_dir is not None:
        calls.register_folder(call_dir)
    loaded: dict[str, Call] = {call_id: calls.load(call_id) for call_id in calls.available()}
    app = FastAPI(title="callrules", version=callrules.__version__, docs_url=None,
                  redoc_url=None, summary="Is an application to a research-funding call "
                  "eligible, and why?", description="Check applications against a call's "
                  "rules. Messages are in the language of `Accept-Language`; problems are "
                  "RFC 9457 problem details with JSON Pointers.")
    spoken = callrules.languages()

    def reader(request: Request) -> str:
        return language(request.headers.get("accept-language"), spoken)

    def find(call_id: str) -> Call:
        call = loaded.get(call_id)
        if call is None:
            raise Problem(404, "unknown_call",
                          values={"call": call_id, "known": ", ".join(sorted(loaded))})
        return call

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> Response:
        return problem_response(exc, request)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "internal")
        return problem_response(Problem(exc.status_code, code, headers=exc.headers), request)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"parameter": str(e["loc"][-1]), "code": e["type"]} for e in exc.errors()]
        return problem_response(Problem(400, "bad_request", errors=errors), request)

    @app.exception_handler(Exception)
    async def _failure(request: Request, exc: Exception) -> Response:
        _LOG.exception("callrules serve: %s %s failed", request.method, request.url.path)
        return problem_response(Problem(500, "internal"), request)

    app.mount("/page", StaticFiles(directory=str(resources.files("callrules.serve")
                                                 .joinpath("page")), html=True), name="page")

    @app.get("/", include_in_schema=False)
    def root() -> Response:
        return RedirectResponse("page/")

    @app.get("/health", summary="Is the service up?", responses=responses("Health"))
    def health() -> dict[str, Any]:
        return {"status": "ok", "version": callrules.__version__, "calls": len(loaded)}

    @app.get("/calls", summary="The calls this service checks against",
             responses=responses("CallList"))
    def list_calls(request: Request) -> Response:
        lang = reader(request)
        body = [{"id": call.id, "version": call.version, "title": call.title_in(lang),
                 "languages": list(call.languages), "timezone": call.timezone}
                for call in loaded.values()]
        return _json(body, lang)

    @app.get("/calls/{call_id}", summary="A call: its timeline and checklist, in JSON or HTML",
             responses=responses("CallDetail", html=True, problems=(404, 400)))
    def show_call(request: Request, call_id: str, now: str | None = _NOW,
                  zone: str | None = _ZONE) -> Response:
        call = find(call_id)
        instant, reader_zone = _instant(now), _zone(zone)
        lang = reader(request)
        if instant is not None:
            call = call.at(instant)
        if accepts_html(request.headers.get("accept")):
            page = (f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
                    f"<title>{html.escape(call.title_in(lang))}</title></head><body>\n"
                    f"{call.checklist(lang, format='html', zone=reader_zone)}</body></html>\n")
            return HTMLResponse(page, headers=_negotiated(lang))
        timeline = {name: {"start": m.start.isoformat(), "end": m.end.isoformat()}
                    for name, m in call.timeline.items()}
        body = {
            "id": call.id, "version": call.version, "title": call.title_in(lang),
            "languages": list(call.languages), "timezone": call.timezone,
            "currency": call.currency, "timeline": timeline,
            "phase": None if instant is None else callrules.phase_at(call.timeline,
                                                                     instant).value,
            "checklist": {fmt: call.checklist(lang, format=fmt, zone=reader_zone)
                          for fmt in ("text", "markdown", "html")},
            "links": {"schema": f"/calls/{call.id}/schema", "check": f"/calls/{call.id}/check"},
        }
        return _json(body, lang)

    @app.get("/calls/{call_id}/schema", summary="The JSON Schema of an application to a call",
             responses=responses("JsonSchema", problems=(404,)))
    def schema(call_id: str) -> Response:
        return JSONResponse(json_schema("application", find(call_id)),
                            media_type="application/schema+json")

    @app.post("/calls/{call_id}/check", summary="Check one application (JSON) or a batch "
              "(JSON Lines, with the rules that span applications)",
              responses=responses("Report", batch=True, problems=(400, 404, 413, 415, 422)),
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/json": {"schema": {"$ref": "#/components/schemas/Application"}},
                  "application/jsonl": {"schema": {"type": "string"},
                                        "example": '{"id": "A-1", "...": "..."}\n'
                                                   '{"id": "A-2", "...": "..."}\n'},
                  "application/x-ndjson": {"schema": {"type": "string"}}}}})
    async def check(request: Request, call_id: str, now: str | None = _NOW,
                    zone: str | None = _ZONE) -> Response:
        call = find(call_id)
        instant, reader_zone = _instant(now) or datetime.now(UTC), _zone(zone)
        kind = media_type(request.headers.get("content-type"))
        batch = kind in BATCH_TYPES
        if not batch and kind != "application/json":
            raise Problem(415, "unsupported_media_type",
                          headers={"Accept-Post": "application/json, application/jsonl"})
        body = await read_body(request, max_batch_body if batch else max_body)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise Problem(400, "not_utf8", errors=[{"pointer": "", "code": "not_utf8"}]
                          ) from None
        lang = reader(request)
        if batch:
            lines = await run_in_threadpool(_check_batch, call, text, instant, lang,
                                            reader_zone)
            return Response(lines, media_type="application/jsonl", headers=_negotiated(lang))
        # one application takes a millisecond or two: checked in the event loop, as a thread
        # hop and the contention of fifty threads for the interpreter would cost more
        return _json(_check_one(call, text, instant, lang, reader_zone), lang)

    app.openapi = lambda: with_components(app)  # type: ignore[method-assign]
    return app


def create_app_from_environment() -> FastAPI:
    """:func:`create_app` with the call folder named by ``CALLRULES_CALL_DIR`` (if set): the
    factory each worker process calls under ``callrules serve --workers N``."""
    return create_app(os.environ.get(CALL_DIR_VARIABLE) or None)


def _negotiated(lang: str) -> dict[str, str]:
    return {"Content-Language": lang, "Vary": "Accept, Accept-Language"}


def _json(body: Any, lang: str) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), media_type="application/json",
                    headers=_negotiated(lang))


def _instant(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return callrules.parse_instant(text)
    except TimeError as exc:
        raise Problem(400, "bad_now", values={"value": text}, errors=[
            {"parameter": "now", "code": exc.code}]) from None


def _zone(name: str | None) -> str | None:
    """``name`` if it is an IANA zone, else a 400 problem: said now, not when the messages
    are written."""
    if name is None:
        return None
    try:
        if not name or ".." in name or name.startswith("/") or len(name) > 100:
            raise ValueError(name)
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise Problem(400, "bad_zone", values={"value": name}, errors=[
            {"parameter": "zone", "code": "unknown_zone"}]) from None
    return name


def _report(report: Report, lang: str, zone: str | None) -> dict[str, Any]:
    """The report's JSON, its messages in ``lang`` and its instants also in ``zone``."""
    out = report.to_dict(lang)
    if zone is not None:
        for key, findings in (("errors", report.errors), ("warnings", report.warnings)):
            for entry, finding in zip(out[key], findings, strict=True):
                entry["message"] = finding.message(lang, zone)
    return out


def _problems(error: InputError, lang: str) -> list[dict[str, Any]]:
    return [{"pointer": pointer(p.loc), "code": p.type, "detail": p.message(lang)}
            for p in error.problems]


def _check_one(call: Call, text: str, now: datetime, lang: str, zone: str | None
               ) -> dict[str, Any]:
    try:
        report = callrules.evaluate(call, text, now=now)
    except InputError as exc:
        if [p.type for p in exc.problems] == ["json_invalid"]:
            raise Problem(400, "not_json", errors=_problems(exc, lang)) from None
        raise Problem(422, "invalid_input", errors=_problems(exc, lang)) from None
    return _report(report, lang, zone)


def _check_batch(call: Call, text: str, now: datetime, lang: str, zone: str | None) -> str:
    """One JSON line per non-blank line of ``text``, in order, each with its ``line``
    number: a report, or the record's input problems (each with its pointer)."""
    records: list[str] = []
    numbers: list[int] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            records.append(line)
            numbers.append(number)
    out: list[str] = []
    for item in callrules.evaluate_many(call, records, now=now, progress=False):
        entry: Mapping[str, Any]
        if item.report is not None:
            entry = {**_report(item.report, lang, zone), "index": item.index}
        else:
            assert item.error is not None
            entry = item.to_dict(lang)  # each problem with its JSON Pointer
        out.append(json.dumps({**entry, "line": numbers[item.index]}, ensure_ascii=False))
    return "".join(line + "\n" for line in out)
