"""The ASGI application: the calls, their checklists and schemas, and checking over HTTP.

Nothing is kept between requests except the calls, loaded once when the application is built.
A batch is read as the command line reads the same bytes (``callrules.records``), refused
(413) past :data:`MAX_BATCH_RECORDS` records before anything is checked, checked in a worker
thread, so that it does not hold up the other requests, and answered as a stream, one line
at a time: its answer, which may be many times its size, is never held whole. One
application is checked in a thread too (:data:`CHECK_THREADS` of them): a call's rules or a
large body may take seconds, and the event loop answers meanwhile. At most
:data:`MAX_CONCURRENT_BATCHES` batches and :data:`MAX_CONCURRENT_CHECKS` checks of one
application (``POST``), from the last byte of their body received to the last byte of the
answer sent, are under way at once in a process, and as many reads of a call (``GET
/calls/{id}``, done in the same threads), counted apart: one more is refused (503,
``Retry-After``), so that what the checks hold together stays bounded. The bodies still
arriving hold no place, and together at most as many bytes as the checks under way may hold:
a byte more is refused (503) too. A body must arrive within :data:`BODY_TIMEOUT` seconds
(more for a large one), and bring a byte at least every ``stall_timeout`` seconds: a
stalled upload is answered 408; a client that hangs up while sending it is no failure of
the service. (A head never finished and an answer never read are the connection's:
``_connection``.)
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import logging
import os
import re
import sys
import threading
import zoneinfo
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from functools import lru_cache, partial
from importlib import resources
from itertools import islice
from numbers import Integral
from operator import index
from pathlib import Path, PurePath
from typing import Any, Literal, NamedTuple
from urllib.parse import urlsplit, urlunsplit

from fastapi import Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.responses import (
    HTMLResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Match
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

import callrules
from callrules import (
    BatchItem,
    BatchResult,
    Call,
    InputError,
    InputProblem,
    Report,
    TimeError,
    calls,
)
from callrules._call import generated_when_used
from callrules._cells import CsvRow
from callrules._checklist import in_force_note, written_in
from callrules._colours import uncoloured_text
from callrules._containers import contained
from callrules._i18n import (
    Reading,
    default_language,
    ended,
    phrase_sentence,
    subdivision_name,
    words_said,
)
from callrules._in_words import ExactInWords
from callrules._inserted import inserted_values, marking
from callrules._json_values import RECORD_KEYS
from callrules._jsontext import blanks_as_spaces, unpadded_document
from callrules._labels import CallLabels
from callrules._messages import UNREAD_JSON, definition_words
from callrules._places import SENDERS_KEYS, place
from callrules._report import REPORT_SCHEMA_VERSION
from callrules._safe import escape, terminal
from callrules._said import lines_of
from callrules._schema import json_schema
from callrules._sourced import Sourced
from callrules._tags import bcp47
from callrules._time import reader_zone, shown_as_it_is, typed_zone
from callrules.exceptions import (
    CallrulesError,
    DefinitionError,
    KeysUnreadableError,
    NoRoomError,
    argument_words,
    given_words,
    problem_dict,
)
from callrules.serve import (
    LONGEST_BODY_TIMEOUT,
    MOST_CONCURRENT_BATCHES,
    MOST_CONCURRENT_CHECKS,
    MOST_PER_CLIENT,
    STALL_TIMEOUT,
)
from callrules.serve._clients import client_of
from callrules.serve._http import (
    ECHO_LIMIT,
    PREFER_INSERTED,
    PROBLEM_TYPE,
    ClientGone,
    Echo,
    JsonTextResponse,
    Listed,
    Problem,
    Seconds,
    Size,
    accepts_html,
    content_language,
    content_type,
    json_text,
    labels,
    language,
    logged_path,
    media_type,
    parameters,
    pointer,
    problem_response,
    read_body,
    text_of,
    varied,
)
from callrules.serve._kept import KeptTexts
from callrules.serve._openapi import (
    CHECK_BODY,
    SCHEMA_MEDIA_TYPE,
    problems,
    responses,
    with_components,
)

__all__ = ["BATCH_TYPES", "BODY_TIMEOUT", "BODY_TIMEOUT_VARIABLE", "CALL_DIR_VARIABLE",
           "CONCURRENT_VARIABLE", "LIMITS", "MAX_BATCH_RECORDS",
           "MAX_CONCURRENT_BATCHES", "MAX_CONCURRENT_CHECKS", "PER_CLIENT_VARIABLE",
           "RETRY_AFTER", "SAID_VARIABLE",
           "STALL_TIMEOUT_VARIABLE", "create_app",
           "create_app_from_environment"]

#: The media types of a batch, each with the format its body is read in (as the command
#: line's ``--input-format``): JSON Lines, under its registered and its older names, and CSV
#: (a header of field paths, then one application a row).
BATCH_TYPES: Mapping[str, str] = {"application/jsonl": "jsonl", "application/x-ndjson": "jsonl",
                                  "application/x-jsonlines": "jsonl", "text/csv": "csv"}
#: The most records a batch may hold (by default): a larger one is refused (413) before any is
#: checked. A batch costs about 4 ms and 10 KB of memory a record, its answer up to a few KB a
#: record: larger batches are for the command line, which streams them.
MAX_BATCH_RECORDS = 10_000
#: The most batches under way at once in one process, by default: each may hold its body
#: (64 MB) and its records (10,000, about 10 KB each) while it is checked and answered, so
#: four hold at most about 0.7 GB. One more is refused (503).
MAX_CONCURRENT_BATCHES = 4
#: The most checks of one application under way at once in one process, by default: each
#: holds at most its body (1 MB) and takes a millisecond or two (up to seconds for a heavy
#: call's rules or a large body). One more is refused (503).
MAX_CONCURRENT_CHECKS = 64
#: The seconds a request's body is given to arrive, by default, plus one for every
#: ``_http.SLOWEST_RATE`` bytes received (at most ``_http.MOST_EARNED``, 15 minutes, more): a
#: body still not whole then is refused (408), its
#: connection closed, and what it brought let go of, so that stalled or trickling uploads
#: hold nothing for long (a 1 MB application over a slow mobile uplink takes a few seconds).
BODY_TIMEOUT = 30
#: The threads that check single applications, in each process: the checks under way beyond
#: them wait their turn, bodies held; the event loop only receives, hands over and answers, so
#: that a slow check holds up no other request (``/health`` included). Two: the checks share
#: one interpreter, and each thread more makes the event loop wait longer for it.
CHECK_THREADS = 2
#: How long a thread of the service runs Python before another may (seconds; Python's default
#: is 5 ms): the event loop waits that long behind a check for each step of a request.
SWITCH_INTERVAL = 0.001
#: The seconds a client refused for being one check too many is asked to wait
#: (``Retry-After``): about the time a batch of a few thousand applications takes.
RETRY_AFTER = 5
#: The bytes of the schemas of calls a service keeps built (each call's, in each language it
#: is asked in): past them, the least recently asked for is let go of (and built again if
#: asked for again); a schema heavier is never kept, nor sent: it is built once (for each
#: language), then refused (507 ``schema_too_large``) at that ask and every one after.
KEPT_SCHEMA_BYTES = 64 << 20
#: The threads that build schemas, in each process: a call's are built one at a time, so
#: that a call whose schema takes long (asked in every language at once) holds up the
#: first asks of other calls only when as many other calls' schemas are being built too.
SCHEMA_THREADS = 2
#: The answer to a batch is sent in pieces of about this many bytes.
_PIECE = 1 << 16
#: The line a batch record's source names: ``<stdin>:N``, ``<stdin>:N[K]`` in an array.
_STDIN_LINE = re.compile(r"<stdin>:(\d+)")
#: The environment variable through which ``callrules serve --workers N`` passes each
#: ``--call-dir`` to each worker process (the folders joined by ``os.pathsep``, in order).
CALL_DIR_VARIABLE = "CALLRULES_CALL_DIR"
#: The environment variable through which ``callrules serve --workers N`` passes
#: ``--max-concurrent`` and ``--max-concurrent-batches`` (``checks,batches``) to each worker
#: process.
CONCURRENT_VARIABLE = "CALLRULES_MAX_CONCURRENT"
#: The environment variable through which ``callrules serve --workers N`` passes
#: ``--body-timeout`` to each worker process.
BODY_TIMEOUT_VARIABLE = "CALLRULES_BODY_TIMEOUT"
#: The environment variable through which ``callrules serve --workers N`` passes
#: ``--stall-timeout`` to each worker process.
STALL_TIMEOUT_VARIABLE = "CALLRULES_STALL_TIMEOUT"
#: The environment variable through which ``callrules serve --workers N`` passes
#: ``--per-client`` to each worker process.
PER_CLIENT_VARIABLE = "CALLRULES_PER_CLIENT"

#: The environment variable through which ``callrules serve --workers N`` tells each worker
#: process what its start said of the calls and packages set aside (``<pid>:<digest>``, the
#: start's process id and a digest of its lines): a worker of that start (its child) that
#: would say the same says nothing (once for the service, not once more by each worker), and
#: one that finds otherwise (a package installed since) says its own. Any other process
#: that inherits it (a program a worker runs; one worker alone) is not silenced by it.
SAID_VARIABLE = "CALLRULES_SET_ASIDE_SAID"

#: The key of a request's ASGI scope under which ``_Bounded`` puts the function that moves
#: a check of one application to a batch's place (503 ``too_busy`` when none is free).
_AS_BATCH = "callrules.as_batch"

_LOG = logging.getLogger("callrules.serve")
_NOW = Query(None, description="The instant of the evaluation: ISO 8601 with an offset or an "
             "IANA zone (default: the server's clock).",
             examples=["2026-06-01T16:59:00+02:00"])
_ZONE = Query(None, description="Also show instants in this IANA zone, for the reader.",
              examples=["America/Sao_Paulo"])


def served_calls() -> tuple[dict[str, Call], str]:
    """Every call the service serves, by id, loaded and checked now (before it serves). A
    call that does not load stops the start with its error when it is bundled or in a folder
    registered (``--call-dir``, the platform's: chosen by who serves); one given by an
    installed package (not chosen) is not served, and said in a ``WARNING`` line, as is each
    installed package whose calls cannot be found and each call file not used (given by a
    source before it): the other calls are served. The lines are not written when they are
    those whose digest :data:`SAID_VARIABLE` holds (said by the start of the service, this
    process's parent); returns the calls and the digest of the lines ("" for none)."""
    lang = default_language()
    loaded: dict[str, Call] = {}
    lines: list[str] = []
    set_aside = set()
    folders: dict[str, CallrulesError] = {}
    # each call read and checked now, its decision generated at its first check (Call.at,
    # once): generating was 14–22% of the start, 1.3–2.0 s of 8–11 s for 50 calls
    with generated_when_used():
        sources = calls._sources(folders)  # (listed once: loading each call by its id lists
        origins = calls._origins(sources)  # them all again, a start quadratic in the calls)
        each = calls._each(sources)
        broken = calls._broken(sources, each, folders)
    for call_id in sorted(origins):
        found = each[call_id]
        if isinstance(found, Call):
            loaded[call_id] = found
            continue
        if not isinstance(found, CallrulesError) or origins[call_id] != "installed":
            raise found  # (the registry's own, no user's; or the library's fault)
        set_aside.add(call_id)
        lines += _warning(terminal(ended(phrase_sentence("serve_call_set_aside", lang,
                                                         call=call_id))), found, lang)
    for where, problem in broken.items():
        if where not in set_aside:  # (a file broken, just said)
            lines += _warning("", problem, lang)
    said = hashlib.sha256("\n".join(lines).encode("utf-8", "replace")).hexdigest() \
        if lines else ""
    if f"{os.getppid()}:{said}" != os.environ.get(SAID_VARIABLE):  # (its start: the parent)
        for line in lines:
            _LOG.warning("callrules serve: %s", line)
    return loaded, said


def _reader_of(header: str | None, lang: str, languages: Sequence[str],
               spoken: Sequence[str]) -> str:
    """The language a call having ``languages`` is read in for the ``Accept-Language``
    ``header``, whose language of the library's is ``lang``: ``lang``, or a
    :class:`Reading` of it with the call's own texts in another (the reader's when the
    library has it not; the call's first when the call has not ``lang``)."""
    own = language(header, languages, fallback="")
    if not own and lang not in languages:
        own = languages[0]  # a language the call has not: its texts in its first
    # a language the call has and the library not: the call's own texts come in it
    return Reading(lang, own) if own and own != lang and own not in spoken else lang


#: The most lists of calls a service keeps written (one for each way of reading them: the
#: reader's language and, for each set of languages the calls have, the one their titles
#: are read in), and the most ``Accept-Language`` headers it remembers the list of (by a
#: digest); past it, the least recently asked for is dropped.
_KEPT_LISTINGS = 64


def _warning(said: str, error: CallrulesError, lang: str) -> list[str]:
    """The ``WARNING`` lines of a call or a source set aside, as ``callrules calls`` says
    it: ``said`` (in the reader's words), each line of the error for its authors (English,
    with its file and its place in it), then why in the reader's words, on lines of their
    own."""
    return [*([said] if said else []), *lines_of(error).split("\n"),
            "  " + _reason(error, lang)]


def _reason(error: CallrulesError, lang: str) -> str:
    """Why a call or a source is set aside, in the reader's words (as ``callrules calls``
    says it after the author's English): its own words, else those of its kind; never a
    path, a code or a place in the file (``callrules calls`` lists them for its authors)."""
    if error.words is None and not isinstance(error, DefinitionError):
        return terminal(ended(error.message_in(lang)))
    return terminal(ended(words_said(definition_words(getattr(error, "code", ""), error.words),
                                     lang)))


def create_app(call_dir: str | Path | Sequence[str | Path] | None = None, *,
               max_body: int = 1 << 20,
               max_batch_body: int = 64 << 20,
               max_batch_records: int = MAX_BATCH_RECORDS,
               max_concurrent: int = MAX_CONCURRENT_CHECKS,
               max_concurrent_batches: int = MAX_CONCURRENT_BATCHES,
               body_timeout: float = BODY_TIMEOUT,
               stall_timeout: float = STALL_TIMEOUT,
               per_client: int = 0) -> FastAPI:
    """The service as an ASGI application, serving the bundled calls and those in
    ``call_dir`` (a folder of call files, or several, registered in their order: for an id
    that two of them hold, the first wins, as :func:`callrules.calls.register_folder` says),
    every one loaded and checked now. A folder given as empty text (what an unset
    environment variable gives: the working folder's call files would be served), as bytes,
    or an empty list of folders is an :class:`~callrules.ArgumentError` saying so in words;
    ``None`` serves the bundled calls alone.

    ``max_body`` limits the body of one application (bytes), ``max_batch_body`` that of a
    batch, and ``max_batch_records`` the records of a batch; a body over a limit is refused
    (413), a batch over its number of records before any of them is checked.
    ``max_concurrent`` limits the checks of one application under way at once (and, apart,
    the reads of a call), and ``max_concurrent_batches`` the batches (each at least 1), each
    from the last byte of its body received: one more is refused (503, with
    ``Retry-After``), as is a byte more of the bodies still arriving past what those checks
    may hold together (``max_concurrent`` times ``max_body``, ``max_concurrent_batches``
    times ``max_batch_body``). ``body_timeout`` is the seconds a body is given to arrive
    (more for a large one: one second for every 2,000 bytes received, at most 15 minutes
    more): a body still not whole then is refused (408), as is one that brings no byte for
    ``stall_timeout`` seconds (its earlier bytes earn it no time then).
    ``per_client`` (not 0: ``callrules serve --per-client``, which also bounds the
    connections of one client to that number) has each client, told by its address, hold
    at most half of the places of each kind and of the bytes the bodies arriving may hold
    (rounded up; one body's at least): 0, the default, counts no client apart (behind a
    proxy, every client has its address).

    Each limit is a whole number within :data:`LIMITS` (``body_timeout`` and
    ``stall_timeout`` from 1 to 3600 seconds, ``per_client`` from 0 to 10,000,
    ``max_concurrent`` from 1 to 1000,
    ``max_concurrent_batches`` from 1 to 16, as
    ``callrules serve`` takes them; ``max_body`` from 1 KiB to 64 MiB, ``max_batch_body``
    from 1 KiB to 1 GiB, ``max_batch_records`` from 1 to 1,000,000): anything else is an
    :class:`~callrules.ArgumentError` naming the argument and its range, before any call is
    loaded.
    """
    (max_body, max_batch_body, max_batch_records, max_concurrent, max_concurrent_batches,
     body_timeout, stall_timeout, per_client) = _bounded(
        max_body=max_body, max_batch_body=max_batch_body,
        max_batch_records=max_batch_records, max_concurrent=max_concurrent,
        max_concurrent_batches=max_concurrent_batches, body_timeout=body_timeout,
        stall_timeout=stall_timeout, per_client=per_client)
    folders = _folders(call_dir)
    for folder in folders:
        calls.register_folder(folder)
    loaded, _ = served_calls()
    # its threads start at the first checks and wait idle between them
    checkers = ThreadPoolExecutor(CHECK_THREADS, thread_name_prefix="callrules-check")
    app = FastAPI(title="callrules", version=callrules.__version__, docs_url=None,
                  redoc_url=None, summary="Is an application to a research-funding call "
                  "eligible, and why?", description="Check applications against a call's "
                  "rules. Messages are in the language of `Accept-Language`; problems are "
                  "RFC 9457 problem details with JSON Pointers. The headers each answer "
                  "declares are those given to a client that keeps its connection open: "
                  "any answer also says `Connection: close`, and closes, to a client that "
                  "asked for it (its own `Connection: close`) or speaks HTTP/1.0. With "
                  "`--per-client`, a connection one too many for its client is answered "
                  "503 on any path as it opens, before any request is read: no body, "
                  "`Retry-After: 1` and `Connection: close`.",
                  openapi_url=None, dependencies=[Depends(_query_checked)],
                  # a path with or without its last slash is sent on by _http, to a
                  # Location on this server's own paths, never to the client's Host header
                  redirect_slashes=False)
    spoken = callrules.languages()

    def reader(request: Request, call: Call | None = None) -> str:
        header = request.headers.get("accept-language")
        lang = language(header, spoken)
        return lang if call is None else _reader_of(header, lang, call.languages, spoken)

    def find(call_id: str) -> Call:
        call = loaded.get(call_id)
        if call is None:
            raise Problem(404, "unknown_call",  # (the id as asked for: echoed)
                          values={"call": Echo(call_id), "known": Listed(sorted(loaded))})
        return call

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> Response:
        return problem_response(exc, request, listing=_lists_inserted(request))

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 404 and (other := _slash_toggled(app, request)) is not None:
            return RedirectResponse(other, status_code=307)
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "internal")
        return problem_response(Problem(exc.status_code, code, headers=exc.headers), request)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"parameter": str(e["loc"][-1]), "code": e["type"]} for e in exc.errors()]
        return problem_response(Problem(400, "bad_request", errors=errors), request)

    @app.exception_handler(ClientGone)
    async def _gone(request: Request, exc: ClientGone) -> Response:
        # the client hung up while sending: nothing to answer (nobody reads it), no failure
        _LOG.info("callrules serve: %s %s: the client hung up while sending its body",
                  request.method, logged_path(request.scope["path"]))
        return Response(status_code=400)

    @app.exception_handler(NoRoomError)
    async def _no_room(request: Request, exc: NoRoomError) -> Response:
        # the temporary folder refusing a batch's keys past their bound: the host's, not a
        # bug (507, in words), logged once in a line without a traceback; the operator's
        # words (give TMPDIR room) for the log alone, the client told the service has no
        # room, which it can do nothing about (att80 A5); its words insert no value
        return _host_fault(request, exc, Problem(507, "no_room"))

    @app.exception_handler(KeysUnreadableError)
    async def _keys_unreadable(request: Request, exc: KeysUnreadableError) -> Response:
        # the file of a batch's keys no longer read back (the disk's EIO): the host's fault,
        # not a bug, as no_room's sibling: one WARNING line in the library's words (the
        # operator's: TMPDIR, run the batch again), no traceback (look75v 3); 503, not 507:
        # no want of room an operator would free, the service unable to answer this batch
        # now, which the client may send again: told when (``Retry-After``, as a 503 of a
        # service too busy is: RFC 9110 §10.2.3)
        return _host_fault(request, exc, Problem(
            503, "keys_unreadable", headers={"Retry-After": str(RETRY_AFTER)}))

    def _host_fault(request: Request, exc: CallrulesError, problem: Problem) -> Response:
        """A fault of the host, not of the service (its disk): logged in one line of the
        library's words, no traceback, and answered ``problem`` in the client's language."""
        _LOG.warning("callrules serve: %s %s: %s", request.method,
                     logged_path(request.scope["path"]), exc.message_in(None))
        return problem_response(problem, request, listing=_lists_inserted(request))

    @app.exception_handler(Exception)
    async def _failure(request: Request, exc: Exception) -> Response:
        _LOG.exception("callrules serve: %s %s failed", request.method,
                       logged_path(request.scope["path"]))
        return problem_response(Problem(500, "internal"), request)

    app.add_middleware(_Bounded, one=max_concurrent, batch=max_concurrent_batches,
                       one_body=max_body, batch_body=max_batch_body, per_client=per_client)
    app.add_middleware(_Query)  # (before a place is taken: a query refused unread)
    app.add_middleware(_Head)  # outermost: HEAD is routed as GET by every middleware too
    # the page's words in every language the service speaks, a platform's registered ones
    # too (att82 F6): served before the page's own files, of which it is no longer one
    @app.get("/page/labels.json", include_in_schema=False)
    async def page_labels() -> Response:
        return JsonTextResponse(labels())

    # a country's subdivisions by their names in the reader's language (pycountry's, where
    # it has them), for the page, which has none of its own (look75g F5b)
    @app.get("/page/subdivisions/{country}.json", include_in_schema=False)
    async def page_subdivisions(country: str, request: Request) -> Response:
        lang = language(request.headers.get("accept-language"), labels())
        return JsonTextResponse(_subdivision_names(country, lang))

    app.mount("/page", _Page(directory=str(resources.files("callrules.serve")
                                                 .joinpath("page")), html=True), name="page")

    @app.get("/", summary="The applicants' page, where an application is filled in and "
             "checked", status_code=307, response_class=RedirectResponse,
             responses={307: {"$ref": "#/components/responses/Redirect",
                              "description": "To the applicants' page (page/), the query "
                                             "along (?lang=pt: the page's language)"},
                        **problems()})
    async def root(request: Request) -> Response:  # (no work: no thread to wait for)
        # the query goes along: the page reads its language from it (?lang=pt)
        query = request.url.query
        return RedirectResponse("page/?" + query if query else "page/")

    @app.get("/health", summary="Is the service up?", responses=responses("Health"))
    async def health() -> dict[str, Any]:  # in the event loop: no thread to wait for
        return {"status": "ok", "version": callrules.__version__, "calls": len(loaded)}

    # the list of calls, written once for each way of reading it: the calls served are
    # loaded once, when the application is built, and never change; what a request changes
    # is the language each call's title is read in, which depends on the languages the call
    # has (the same for most calls), not on the call: negotiated once for each set of them.
    # A list kept is answered in the event loop (found by the header asked with); one not
    # kept is negotiated and written in a thread, as any work that grows with the calls
    listings: OrderedDict[tuple[str, ...], tuple[bytes, str]] = OrderedDict()
    asked: OrderedDict[tuple[str, bytes], tuple[str, ...]] = OrderedDict()
    listed = threading.Lock()
    spoken_by = list(dict.fromkeys(call.languages for call in loaded.values()))

    def said_as(lang: str, header: str | None) -> tuple[str, bytes]:
        return lang, hashlib.blake2b((header or "").encode("utf-8", "surrogatepass"),
                                     digest_size=16).digest()

    def kept_listing(said: tuple[str, bytes]) -> tuple[bytes, str] | None:
        """The list kept for a request asked as ``said`` (:func:`said_as`), if any."""
        with listed:
            key = asked.get(said)
            if key is None or (kept := listings.get(key)) is None:
                return None
            asked.move_to_end(said)  # (the most recently asked for last)
            listings.move_to_end(key)
            return kept

    def write_listing(lang: str, header: str | None,
                      said_with: tuple[str, bytes]) -> tuple[bytes, str]:
        readings = {languages: _reader_of(header, lang, languages, spoken)
                    for languages in spoken_by}
        key = (lang, *(f"{reading}/{getattr(reading, 'own', '')}"
                       for reading in readings.values()))
        with listed:
            kept = listings.get(key)
        if kept is None:
            body: list[dict[str, Any]] = []  # (each title in the reader's language, or the
            owns: list[str] = []  # call's)
            used: list[str] = []
            for call in loaded.values():
                own = readings[call.languages]
                # (with the language its title is in, another than the reader's where the
                # call has not theirs: the page marks it, for a screen reader to read it so)
                body.append({"id": call.id, "version": call.version,
                             "title": call.title_in(own),
                             "title_language": written_in(call, call.definition.title, own),
                             "languages": list(call.languages), "timezone": call.timezone})
                (owns if isinstance(own, Reading) else used).append(
                    getattr(own, "own", str(own)))
            # the calls' own languages first, then the library's, as every other answer
            # says them
            said = content_language(*owns, *used) or content_language(lang)
            kept = (json_text(body).encode("utf-8"), said)
        with listed:  # the least recently asked for dropped (a bound, whatever the
            listings[key] = kept  # calls' languages and the headers)
            listings.move_to_end(key)
            asked[said_with] = key
            asked.move_to_end(said_with)
            while len(listings) > _KEPT_LISTINGS:
                listings.popitem(last=False)
            while len(asked) > _KEPT_LISTINGS:
                asked.popitem(last=False)
        return kept

    @app.get("/calls", summary="The calls this service checks against",
             responses=responses("CallList"))
    async def list_calls(request: Request) -> Response:  # (a list kept: no thread)
        lang = reader(request)
        header = request.headers.get("accept-language")
        said = said_as(lang, header)  # (its digest: once a request)
        kept = kept_listing(said)
        if kept is None:
            kept = await run_in_threadpool(write_listing, lang, header, said)
        return Response(kept[0], media_type="application/json", headers={
            **_negotiated(lang), "Content-Language": kept[1]})

    @app.get("/calls/{call_id}", summary="A call: its timeline and checklist, in JSON or HTML",
             responses=responses("CallDetail", html=True, problems=(404, 503)))
    async def show_call(request: Request, call_id: str, now: str | None = _NOW,
                        zone: str | None = _ZONE) -> Response:
        # the version in force at `now`, or at the server's clock: the one a check without
        # `now` judges by (before, the file's last amendment, even one not yet in force)
        instant, reader_zone = _instant(now) or datetime.now(UTC), _zone(zone)
        whole = find(call_id)
        lang = reader(request, whole)
        # in the checks' threads, as a check: the version of a call in force at an instant,
        # asked for the first time, has its rules checked (a second for a large call), and
        # the event loop answers meanwhile
        return await asyncio.get_running_loop().run_in_executor(
            checkers, _call_answer, whole, instant, lang, reader_zone,
            accepts_html(request.headers.get("accept")))

    # a call's schema in each language, built at its first request and kept, the least
    # recently asked for let go of past KEPT_SCHEMA_BYTES (att79 F3: kept for every call and
    # language, 81 MB became 1,334 MB); built in threads of their own (a check never waits
    # behind them: a check of another call waited 66.8 s behind 40 schemas on the checks'
    # threads), each once however many ask for it at once, a call's one after another (a
    # call asked in every language at once holds one thread: another call's is built on
    # the other meanwhile, look74h 2); one heavier than KEPT_SCHEMA_BYTES, never kept, is
    # remembered as such (its size): refused at each ask after, never built again
    schemas: OrderedDict[tuple[str, str, str], bytes] = OrderedDict()
    kept_bytes = [0]
    too_heavy: dict[tuple[str, str, str], int] = {}  # (a few each call at most: its readings)
    building: dict[tuple[str, str, str], asyncio.Future[bytes]] = {}
    # (a call's builds, one at a time, in each event loop; the builds holding or awaiting it)
    lanes: dict[tuple[asyncio.AbstractEventLoop, str], asyncio.Lock] = {}
    lane_users: dict[tuple[asyncio.AbstractEventLoop, str], int] = {}
    builder = ThreadPoolExecutor(SCHEMA_THREADS, thread_name_prefix="callrules-schema")

    def schema_key(call: Call, lang: str) -> tuple[str, str, str]:
        return call.id, lang, getattr(lang, "own", "")

    def schema_body(call: Call, lang: str) -> bytes:
        return bytes(JsonTextResponse(json_schema("application", call, lang)).body)

    def keep_schema(key: tuple[str, str, str], body: bytes) -> None:
        """``body`` kept (in the event loop: no lock), the least recently asked for let go
        of while those kept weigh more than KEPT_SCHEMA_BYTES (one heavier is not kept, its
        size remembered instead)."""
        if len(body) > KEPT_SCHEMA_BYTES:
            too_heavy[key] = len(body)
            return
        if key in schemas:
            return
        schemas[key] = body
        kept_bytes[0] += len(body)
        while kept_bytes[0] > KEPT_SCHEMA_BYTES:
            _, gone = schemas.popitem(last=False)
            kept_bytes[0] -= len(gone)

    async def build(call: Call, lang: str, key: tuple[str, str, str]) -> bytes:
        # a call's lane is the running loop's, dropped once no build holds or awaits it: an
        # asyncio.Lock is bound to the loop that first waits on it, and one kept would fail
        # the same app served again in another loop (a second session, uvicorn run again:
        # 500s, look75v 1)
        here = asyncio.get_running_loop(), call.id
        lane = lanes.setdefault(here, asyncio.Lock())
        lane_users[here] = lane_users.get(here, 0) + 1
        try:
            async with lane:
                body = await asyncio.get_running_loop().run_in_executor(
                    builder, schema_body, call, lang)
        finally:
            lane_users[here] -= 1
            if not lane_users[here]:
                del lane_users[here], lanes[here]
        keep_schema(key, body)
        return body

    async def built_schema(call: Call, lang: str) -> bytes:
        key = schema_key(call, lang)
        body = schemas.get(key)
        if body is not None:
            schemas.move_to_end(key)
            return body
        pending = building.get(key)
        # (a task of its own: a client gone does not stop it for others; one of another
        # loop, left by a loop that ended without cancelling it, awaited by none)
        if pending is None or pending.get_loop() is not asyncio.get_running_loop():
            pending = building[key] = asyncio.ensure_future(build(call, lang, key))
            pending.add_done_callback(lambda done: forget(key, done))
        return await asyncio.shield(pending)

    def forget(key: tuple[str, str, str], done: asyncio.Future[bytes]) -> None:
        """A build ended: the next ask of ``key`` finds it kept, or builds it again (it
        failed); its failure read here too, where every client that asked is gone (said to
        those waiting, never a second time in the log)."""
        if building.get(key) is done:
            del building[key]
        if not done.cancelled():
            done.exception()

    def refused_schema(key: tuple[str, str, str]) -> Problem | None:
        """The refusal of a schema heavier than the service sends, if it is one."""
        if key not in too_heavy:
            return None
        return Problem(507, "schema_too_large",  # (its bound as a person reads a size:
                       values={"most": Size(KEPT_SCHEMA_BYTES)})  # never "0 MiB", att85)

    app.state.kept_schemas = schemas

    @app.get("/calls/{call_id}/schema", summary="The JSON Schema of an application to a call",
             responses=responses("JsonSchema", media_type=SCHEMA_MEDIA_TYPE,
                                 problems=(404, 503, 507)))
    async def schema(request: Request, call_id: str) -> Response:
        # titled in the reader's language: the page draws its form from these titles; once
        # built, answered from the event loop (no thread to wait for)
        call = find(call_id)
        lang = reader(request, call)
        key = schema_key(call, lang)
        if (refused := refused_schema(key)) is not None:
            raise refused  # (known too heavy: never built again)
        body = await built_schema(call, lang)
        if (refused := refused_schema(key)) is not None:
            raise refused
        return Response(body, media_type=SCHEMA_MEDIA_TYPE, headers=_negotiated(lang))

    @app.post("/calls/{call_id}/check", summary="Check one application (JSON) or a batch "
              "(JSON Lines or CSV, or a JSON array or envelope of applications, with the "
              "rules that span applications)",
              responses=responses("Report", batch=True,
                                  problems=(400, 404, 408, 413, 415, 422, 503, 507)),
              openapi_extra={"requestBody": CHECK_BODY})
    async def check(request: Request, call_id: str, now: str | None = _NOW,
                    zone: str | None = _ZONE) -> Response:
        call = find(call_id)
        instant, reader_zone = _instant(now) or datetime.now(UTC), _zone(zone)
        header = content_type(request)  # a 400 if given twice, differing
        kind = media_type(header)
        input_format = BATCH_TYPES.get(kind)
        if input_format is None and kind != "application/json":
            raise Problem(415, "unsupported_media_type",
                          headers={"Accept-Post": ", ".join(("application/json",
                                                             *BATCH_TYPES))})
        if input_format == "csv" and _header_absent(header):
            raise Problem(415, "csv_header_absent")  # (RFC 4180: no header line; never
            # its first row taken for one, nor its columns guessed)
        body = await read_body(request, max_batch_body if input_format else max_body,
                               body_timeout, stall_timeout, batch=input_format is not None)
        lang = reader(request, call)
        listing = _lists_inserted(request)
        if input_format is not None:
            held = [body]  # let go of once its records are read: not held while they are checked
            del body
            return await _batch_answer(request, lang, reader_zone, listing, _check_batch, call,
                                       held, input_format, instant, max_batch_records)
        held_in = _not_text(body)
        if held_in is not None:  # an archive, compressed data, a workbook: said as check says
            raise Problem(400, held_in.problems[0].type, headers=_applied(listing),
                          errors=_problems(held_in, lang, listing))
        try:
            text = text_of(body)
        except UnicodeDecodeError:
            raise Problem(400, "not_utf8", errors=[{"pointer": "", "code": "not_utf8"}]
                          ) from None
        # in a thread of its own pool: a check may take seconds (a call's heavy rules, a large
        # body), and the event loop answers the other requests meanwhile; a few threads, as
        # the checks share one interpreter
        try:
            checked = await asyncio.get_running_loop().run_in_executor(
                checkers, _check_one, call, text, instant, lang, reader_zone,
                max_batch_records, listing)
        except Problem as refused:  # (an application refused: its details listed as asked)
            refused.headers.update(_applied(listing))
            raise
        if isinstance(checked, list):  # one JSON document of several applications: the
            # batch it is, holding a batch's place, checked as batches are (not in the
            # checks' threads)
            as_batch = request.scope.get(_AS_BATCH)
            if as_batch is not None:
                as_batch()  # a 503 if every batch's place is taken
            return await _batch_answer(request, lang, reader_zone, listing, _check_read, call,
                                       checked, instant, max_batch_records)
        answer = _json(checked, lang)
        answer.headers.update(_applied(listing))
        return answer

    # the specification written once, at its first request (in the checks' threads), then
    # answered from the event loop: the routes do not change
    specification: list[bytes] = []

    def specification_body() -> bytes:
        if not specification:
            specification.append(bytes(JsonTextResponse(app.openapi()).body))
        return specification[0]

    @app.get("/openapi.json", include_in_schema=False)
    async def openapi() -> Response:
        body = specification[0] if specification else await \
            asyncio.get_running_loop().run_in_executor(checkers, specification_body)
        return Response(body, media_type="application/json")

    app.openapi = lambda: with_components(app)  # type: ignore[method-assign]
    return app


#: What each limit of :func:`create_app` may be: a whole number from the first to the
#: second (the same as ``callrules serve`` takes, for those it has an option for), and the
#: unit it counts, in words.
LIMITS: Mapping[str, tuple[int, int, str]] = {
    "max_body": (1 << 10, 64 << 20, "bytes"),
    "max_batch_body": (1 << 10, 1 << 30, "bytes"),
    "max_batch_records": (1, 1_000_000, "records"),
    "max_concurrent": (1, MOST_CONCURRENT_CHECKS, "requests"),
    "max_concurrent_batches": (1, MOST_CONCURRENT_BATCHES, "requests"),
    "body_timeout": (1, LONGEST_BODY_TIMEOUT, "seconds"),
    "stall_timeout": (1, LONGEST_BODY_TIMEOUT, "seconds"),
    "per_client": (0, MOST_PER_CLIENT, "connections"),
}


def _bounded(**limits: object) -> tuple[Any, ...]:
    """The limits of :func:`create_app`, each a whole number within :data:`LIMITS` (numpy's
    as the ``int`` it is; ``body_timeout`` and ``stall_timeout`` may be a float with no
    fraction): one that is not
    refused (:class:`~callrules.ArgumentError`), naming it and its range in words."""
    for name, value in limits.items():
        least, most, unit = LIMITS[name]
        whole = not isinstance(value, bool) and (isinstance(value, Integral) or (
            name in ("body_timeout", "stall_timeout") and isinstance(value, float)
            and value.is_integer()))
        if not whole or not least <= value <= most:  # type: ignore[operator]
            raise callrules.ArgumentError(
                f"{name} is a whole number of {unit} from {least:,} to {most:,}, "
                f"not {_given(value)}", words=argument_words(name, None, int) if value is None
                else (f"limit_{unit}", {"argument": name, "least": ExactInWords(least),
                                        "most": ExactInWords(most), "given": given_words(value)}))
    return tuple(index(value) if isinstance(value, Integral) else value
                 for value in limits.values())


def _folders(call_dir: object) -> tuple[Any, ...]:
    """The folders ``call_dir`` names, each refused before any is registered
    (:class:`~callrules.ArgumentError`, in words) if it is empty text or bytes; an empty list
    of folders is refused too (an unset variable split into nothing: ``None`` says the
    bundled calls alone)."""
    if call_dir is None:
        return ()
    if isinstance(call_dir, (str, PurePath, bytes, bytearray)) or not isinstance(
            call_dir, Iterable):
        folders: tuple[Any, ...] = (call_dir,)
    else:
        folders = tuple(call_dir)
        if not folders:
            code = "folders_none_given"
            raise callrules.ArgumentError(phrase_sentence(code, "en"), code=code,
                                          words=(code, {}))
    for folder in folders:
        calls.refuse_unnamed(folder)
    return folders


def _given(value: object) -> str:
    """``value`` as a programmer wrote it, short: a number of many digits by its size."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10 ** 18:
        return f"a number of about {value.bit_length() * 30103 // 100000 + 1:,} digits"
    return f"{value!r:.80}"


def create_app_from_environment() -> FastAPI:
    """:func:`create_app` with the call folders named by ``CALLRULES_CALL_DIR`` (if set),
    the checks at once by ``CALLRULES_MAX_CONCURRENT`` and the seconds a body is given by
    ``CALLRULES_BODY_TIMEOUT`` and the seconds a client may stall by
    ``CALLRULES_STALL_TIMEOUT`` and each client's share by ``CALLRULES_PER_CLIENT`` (if
    set): the factory each worker
    process calls under ``callrules serve --workers N`` (which also switches threads every
    :data:`SWITCH_INTERVAL`)."""
    sys.setswitchinterval(SWITCH_INTERVAL)
    checks, _, batches = os.environ.get(CONCURRENT_VARIABLE, "").partition(",")
    folders = [f for f in os.environ.get(CALL_DIR_VARIABLE, "").split(os.pathsep) if f]
    timeout = os.environ.get(BODY_TIMEOUT_VARIABLE, "")
    stall = os.environ.get(STALL_TIMEOUT_VARIABLE, "")
    per_client = os.environ.get(PER_CLIENT_VARIABLE, "")
    return create_app(folders or None,
                      max_concurrent=int(checks) if checks.isdigit() else MAX_CONCURRENT_CHECKS,
                      max_concurrent_batches=int(batches) if batches.isdigit()
                      else MAX_CONCURRENT_BATCHES,
                      body_timeout=int(timeout) if timeout.isdigit() and int(timeout) > 0
                      else BODY_TIMEOUT,
                      stall_timeout=int(stall) if stall.isdigit() and int(stall) > 0
                      else STALL_TIMEOUT,
                      per_client=int(per_client) if per_client.isdigit()
                      and int(per_client) <= MOST_PER_CLIENT else 0)


class _Head:
    """ASGI middleware: ``HEAD`` is answered wherever ``GET`` is (RFC 9110 §9.1), with the
    status and headers the ``GET`` would have, and no body (a monitor probing ``HEAD
    /health`` or ``curl -I`` saw 405 on every route but the page's)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Any) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        # a copy: the server keeps its own scope, which says HEAD, and sends no body
        await self.app({**scope, "method": "GET"}, receive, headers_only)


class _Bounded:
    """ASGI middleware: at most ``batch`` batches and ``one`` checks of one application
    (``POST`` requests, told apart by their ``Content-Type``) under way at once, each from
    the moment its body has arrived whole to the last byte of its answer, and ``one`` reads
    of a call (``GET /calls/{id}…``: a version of a call asked for at an instant has its
    rules checked, as heavy as a check), counted apart, from their arrival; one more is
    answered 503 (problem ``too_busy``, ``Retry-After``), in the reader's language. The
    bodies still arriving hold no place (a stalled or trickling upload keeps no one else
    from a check, nor the applicants' page from its call) but count by the bytes they have
    brought: together at most what the checks under way may hold (``one`` times
    ``one_body``, ``batch`` times ``batch_body``); a byte more is answered 503 too. With
    ``per_client`` (not 0), one client (an address, an IPv6 one's /64) holds at most half
    of each (rounded up: of the batches' places, of the checks', of the bytes arriving, one
    body at least), so that one client stalling its uploads or answers, however often,
    leaves the other half to the others. A check of one application found to be a batch
    (one JSON document of several applications) moves to a batch's place by the function
    the request's scope holds under ``_AS_BATCH``, or is refused (503) if every batch's
    place is taken. The counts are kept in the event loop, which runs one request step at a
    time: no lock."""

    def __init__(self, app: Any, one: int, batch: int, one_body: int = 1 << 20,
                 batch_body: int = 64 << 20, per_client: int = 0) -> None:
        self.app = app
        self.limits = {"one": one, "batch": batch, "call": one}
        self.under_way = {"one": 0, "batch": 0, "call": 0}
        #: the bytes of the bodies still arriving, of checks and of batches, and their bound
        self.arriving = {"one": 0, "batch": 0}
        self.most_arriving = {"one": one * one_body, "batch": batch * batch_body}
        self.body_limits = {"one": one_body, "batch": batch_body}
        #: whether each client's share is counted, and the counts of those that hold some
        #: (places, bytes arriving), by kind and client
        self.per_client = per_client > 0
        self.held_by: dict[tuple[str, str], int] = {}
        self.arriving_by: dict[tuple[str, str], int] = {}

    def _busy(self, kind: str, **headers: str) -> Problem:
        return Problem(503, "too_busy", values={"limit": self.limits[kind],
                                                "seconds": Seconds(RETRY_AFTER)},
                       headers={"Retry-After": str(RETRY_AFTER), **headers})

    def _take(self, kind: str, client: str) -> None:
        """A place of ``kind`` taken for ``client``, or a 503 when none is free, or when
        the client holds its share already."""
        mine = self.held_by.get((kind, client), 0)
        if self.under_way[kind] >= self.limits[kind] or (
                self.per_client and mine >= -(-self.limits[kind] // 2)):
            raise self._busy(kind)
        self.under_way[kind] += 1
        self.held_by[kind, client] = mine + 1

    def _give(self, kind: str, client: str) -> None:
        self.under_way[kind] -= 1
        _count(self.held_by, (kind, client), -1)

    def _arrive(self, kind: str, client: str, size: int, held: int) -> None:
        """``size`` bytes more of a body of ``kind`` (``held`` of it counted already)
        counted as arriving, or a 503 when they pass what the bodies arriving may hold
        together, or the client's share of it (a body over its own limit is a 413)."""
        share = max(self.body_limits[kind], self.most_arriving[kind] // 2)
        if held + size <= self.body_limits[kind] and (
                self.arriving[kind] + size > self.most_arriving[kind] or (
                self.per_client and self.arriving_by.get((kind, client), 0) + size > share)):
            raise self._busy(kind, Connection="close")  # the rest of it unread
        self.arriving[kind] += size
        _count(self.arriving_by, (kind, client), size)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not (scope["method"] == "POST" or str(
                scope.get("path", "")).startswith("/calls/")):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        client = client_of((scope.get("client") or ("",))[0]) if self.per_client else ""
        kind = "call" if scope["method"] != "POST" else "batch" if media_type(
            request.headers.get("content-type")) in BATCH_TYPES else "one"
        if kind == "call":
            try:
                self._take(kind, client)
            except Problem as busy:
                await problem_response(busy, request)(scope, receive, send)
                return
            try:
                await self.app(scope, receive, send)
            finally:
                self._give(kind, client)
            return
        held = 0  # the bytes of this body counted as arriving
        placed = False

        def as_batch() -> None:
            # a check of one application whose body is a batch (one JSON document of
            # several applications) moves to a batch's place, or is refused as one more
            nonlocal kind
            if kind == "one" and placed:
                self._take("batch", client)
                self._give("one", client)
                kind = "batch"

        scope[_AS_BATCH] = as_batch

        async def counted() -> Any:
            # the body's pieces as they come: counted while they arrive, then a place taken
            # for the check once the last has come (a 503 raised here is answered as any
            # problem)
            nonlocal held, placed
            message = await receive()
            if message["type"] != "http.request" or placed:
                return message
            size = len(message.get("body", b""))
            self._arrive(kind, client, size, held)
            held += size
            if not message.get("more_body", False):
                self._arrive(kind, client, -held, 0)
                held = 0
                self._take(kind, client)
                placed = True
            return message

        try:
            await self.app(scope, counted, send)
        finally:
            self._arrive(kind, client, -held, 0)
            if placed:
                self._give(kind, client)


def _count(counts: dict[tuple[str, str], int], key: tuple[str, str], change: int) -> None:
    """``counts[key]`` changed by ``change``, the key dropped at 0 (a client that holds
    nothing is not remembered)."""
    counts[key] = counts.get(key, 0) + change
    if not counts[key]:
        del counts[key]


async def _query_checked(request: Request) -> None:
    """Every query parameter is given once and is one the route takes; otherwise a 400
    problem naming it, before any work, rather than a value or a default silently used
    (in the event loop, which has read the query already: a function of FastAPI that is not
    ``async`` is run in a thread, each request of every route waiting for one): one
    given twice (``?now=A&now=B``: ``repeated_parameter``, rather than the last value
    counting and the first never checked), then one the route does not take (``?nwo=…``,
    ``?now[]=…``: ``unknown_parameter``, which says those it takes). The query holds at
    most :data:`MOST_QUERY_PARAMETERS` parameters (:class:`_Query` refuses more unread);
    the problem lists at most :data:`LISTED_PARAMETERS` of them and counts the others
    (:func:`_listed`)."""
    given = [name for name, _ in request.query_params.multi_items()]
    seen: set[str] = set()
    repeated: dict[str, None] = {}  # (in the order given; a dict, not a list: linear in the
    for name in given:  # query's size, however many names are repeated)
        if name in seen:
            repeated[name] = None
        seen.add(name)
    if repeated:
        first = next(iter(repeated))
        listed, unlisted = _listed(list(repeated), "repeated_parameter")
        raise Problem(400, "repeated_parameter", values={"parameter": Echo(first)},
                      errors=listed, unlisted=unlisted)
    route: APIRoute = request.scope["route"]  # a dependency of the application's routes
    takes = [field.alias for field in route.dependant.query_params]
    known = set(takes)
    unknown = [name for name in given if name not in known and route.path != "/"]  # the page's
    if unknown:
        listed, unlisted = _listed(unknown, "unknown_parameter")
        raise Problem(400, "unknown_parameter", values={
            "parameter": Echo(unknown[0]), "known": Listed(takes)}, errors=listed,
            unlisted=unlisted, detail=None if takes else "problem_unknown_parameter_none_detail")


#: The most parameters a request's query may give (each route takes two at most): a query
#: giving more is refused (400 ``too_many_parameters``) before it is read (:class:`_Query`).
MOST_QUERY_PARAMETERS = 100
#: The most parameters a problem of the query lists one by one (an error each): the others
#: are counted (``unlisted``, and a sentence of its detail), as the library counts a
#: record's problems beyond those it lists, so that the answer stays the size of a few names.
LISTED_PARAMETERS = 10


def _listed(names: list[str], code: str) -> tuple[list[dict[str, Any]], int]:
    """The errors of a problem of the query, one a name of ``names`` (each ``code``), at
    most :data:`LISTED_PARAMETERS`, and how many names are not listed (two at least: one
    more would be listed instead)."""
    listed = names if len(names) <= LISTED_PARAMETERS + 1 else names[:LISTED_PARAMETERS]
    return [{"parameter": Echo(name), "code": code, "values": {"parameter": Echo(name)}}
            for name in listed], len(names) - len(listed)


#: A run of ``&`` in a query: one separator, as a query is read (empty pieces are skipped).
_SEPARATORS = re.compile(rb"&+")


class _Query:
    """ASGI middleware: a query giving more than :data:`MOST_QUERY_PARAMETERS` parameters
    (pieces between ``&``, the empty ones not counted) is refused (400
    ``too_many_parameters``) before it is read, parsed or routed: what the service does
    with a query it reads grows with its parameters (Starlette's parsing alone took 40 ms of
    the event loop for 11,000 of them, in 60 KB), so a hostile one costs no more than a
    count of its separators, in C."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        query = scope.get("query_string", b"") if scope["type"] == "http" else b""
        if query.count(b"&") >= MOST_QUERY_PARAMETERS:  # (else too few pieces to count)
            pieces = _SEPARATORS.sub(b"&", query).strip(b"&")
            count = pieces.count(b"&") + 1 if pieces else 0
            if count > MOST_QUERY_PARAMETERS:
                refused = Problem(400, "too_many_parameters", values={
                    "count": count, "most": MOST_QUERY_PARAMETERS})
                request = Request(scope)  # (as every problem: Vary names Prefer)
                await problem_response(refused, request, listing=_lists_inserted(request))(
                    scope, receive, send)
                return
        await self.app(scope, receive, send)


class _Page(StaticFiles):
    """The applicants' page: Starlette's static files, whose redirect of a folder named
    without its last slash (``/page/x%2F..``) is written as a path on this server
    (``/page/x/../``), never with the client's ``Host`` header, which Starlette copies into
    it (an open redirect behind a proxy passing ``Host`` on)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if "location" in response.headers:
            moved = urlsplit(response.headers["location"])
            response.headers["location"] = urlunsplit(
                ("", "", "/" + moved.path.lstrip("/"), moved.query, ""))  # (never //host)
        return response


def _slash_toggled(app: FastAPI, request: Request) -> str | None:
    """Where a request whose path no route takes is sent on when the same path with its
    last slash taken off (``/calls/``), or one added (``/page``), is a route: that path, with
    the query, written from the server's root (``/calls``, the service's own root in it) and
    never with the client's ``Host`` header, which Starlette's own redirect copies (an open
    redirect behind a proxy passing ``Host`` on). None when neither is a route, or when the
    path itself is one (a file missing under ``/page/``)."""
    path = str(request.scope["path"])
    if any(route.matches(request.scope)[0] == Match.FULL for route in app.router.routes):
        return None
    other = path[:-1] if path.endswith("/") and path != "/" else path + "/"
    moved = dict(request.scope, path=other)  # (a path the ASGI server gives with its root)
    if all(route.matches(moved)[0] == Match.NONE for route in app.router.routes):
        return None
    query = request.url.query
    return other + ("?" + query if query else "")


#: What an answer's words depend on in its request (``Vary``): its format, its language.
_VARY = varied("Accept", "Accept-Language")


def _negotiated(lang: str) -> dict[str, str]:
    """The headers of an answer in ``lang``: ``Content-Language`` names both languages of a
    :class:`Reading` (the call's own texts in one, the library's sentences in the other)."""
    said = content_language(getattr(lang, "own", ""), str(lang))
    return {"Content-Language": said, "Vary": _VARY}


def _json(body: Any, lang: str) -> Response:
    return Response(json_text(body), media_type="application/json",
                    headers=_negotiated(lang))


#: An offset whose ``+`` a URL's query turned into a space (``17:00:00 02:00``).
_SPACED_OFFSET = re.compile(r"(.*[0-9]) ([0-9]{2}(?::?[0-9]{2})?)")


def _instant(text: str | None) -> datetime | None:
    """``now`` as ``--at`` reads it; a 400 problem saying what is wrong otherwise (the
    command line's words for it, in the reader's language), and, for an offset whose ``+``
    was sent unencoded (a URL's query reads ``+`` as a space), how to write it: ``%2B``."""
    if text is None:
        return None
    try:
        return callrules.parse_instant(text)
    except TimeError as exc:
        spaced = _SPACED_OFFSET.fullmatch(text)
        if spaced is not None and _reads(f"{spaced[1]}+{spaced[2]}"):
            raise Problem(400, "bad_now", values={
                "value": Echo(text), "encoded": Echo(f"{spaced[1]}%2B{spaced[2]}")},
                detail="problem_bad_now_plus_detail", errors=[
                    {"parameter": "now", "code": exc.code}]) from None
        # the detail says what is wrong as --at does (a local time in a gap or a fold has a
        # zone: "not a date and time with a zone" would be untrue)
        raise Problem(400, "bad_now", values={"value": Echo(text)}, errors=[
            {"parameter": "now", "code": exc.code, "words": exc.words}],
            words=exc.words or None) from None


def _reads(text: str) -> bool:
    """Whether ``now`` would be read as an instant, written so."""
    try:
        callrules.parse_instant(text)
    except TimeError:
        return False
    return True


def _zone(name: str | None) -> str | None:
    """``name`` without the blanks around it, read as ``--zone`` reads it
    (:func:`~callrules._time.typed_zone`), if it is a zone callrules takes (a place's, or
    UTC: the rule of ``--zone`` and call files), else a 400 problem in ``--zone``'s words:
    said now, not when the messages are written."""
    if name is None:
        return None
    name = typed_zone(name)
    try:
        if len(name) > 100:
            raise TimeError("too long", code="unknown_zone",  # (quoted cut, as --zone's)
                            words=("zone_unknown", {"zone": name}))
        reader_zone(name)
    except TimeError as exc:
        plus = name.replace(" ", "+")
        if " " in name and plus in zoneinfo.available_timezones():  # Etc/GMT+3, sent bare
            raise Problem(400, "bad_zone", values={
                "value": Echo(name), "encoded": Echo(plus.replace("+", "%2B"))},
                          detail="problem_bad_zone_plus_detail", errors=[
                              {"parameter": "zone", "code": exc.code}]) from None
        # the detail says what is wrong as --zone does, in the library's words (the zone
        # quoted alike: each invisible character named)
        raise Problem(400, "bad_zone", values={"value": Echo(name)}, errors=[
            {"parameter": "zone", "code": exc.code, "words": exc.words}],
            words=exc.words or None) from None
    return name


#: The call's own page fits a phone's screen as the applicants' page does: laid out at the
#: screen's width, not a desktop's, its long words broken rather than widening it.
_CALL_PAGE_HEAD = ('<meta name="viewport" content="width=device-width, initial-scale=1">'
                   "<style>body{font-family:system-ui,sans-serif;margin:1rem;"
                   "overflow-wrap:anywhere}</style>")


def _call_answer(whole: Call, instant: datetime, lang: str, reader_zone: str | None,
                 as_html: bool) -> Response:
    """``GET /calls/{id}``: the call as it stands at ``instant``, in JSON, or in HTML for a
    browser, each checklist saying which version is in force."""
    call = whole.at(instant)

    def listed(fmt: Literal["text", "markdown", "html"]) -> str:
        return (_checklist(call, str(lang), getattr(lang, "own", ""), reader_zone, fmt)
                + in_force_note(whole, instant, lang, fmt, reader_zone))

    if as_html:
        # the page in the library's language its sentences are in; the call's own texts
        # (its title here, its clauses in the checklist) marked with theirs where they differ
        own = written_in(call, call.definition.title, lang)
        titled = f' lang="{escape(bcp47(own))}"' if own != str(lang) else ""
        page = (f'<!doctype html>\n<html lang="{escape(bcp47(str(lang)))}"><head>'
                f'<meta charset="utf-8">{_CALL_PAGE_HEAD}'
                f"<title{titled}>{escape(call.title_in(lang))}</title></head><body>\n"
                f"{listed('html')}</body></html>\n")
        return HTMLResponse(page, headers=_negotiated(lang))
    timeline = {name: {"start": shown_as_it_is(m.start, m.precision).isoformat(),  # (an
                       "end": shown_as_it_is(m.end, m.precision).isoformat()}  # instant as
                for name, m in call.timeline.items()}  # it exists, a day as written)
    body = {
        "id": call.id, "version": call.version, "title": call.title_in(lang),
        # (the language that title is in, as the list of calls says it: the reader's, or
        # the call's own where it has not theirs)
        "title_language": written_in(call, call.definition.title, lang),
        "languages": list(call.languages), "timezone": call.timezone,
        "currency": call.currency, "timeline": timeline,
        "now": instant.isoformat(),
        "phase": callrules.phase_at(call.timeline, instant).value,
        "checklist": {fmt: listed(fmt) for fmt in ("text", "markdown", "html")},
        "links": {"schema": f"/calls/{call.id}/schema", "check": f"/calls/{call.id}/check"},
    }
    return _json(body, lang)


#: The most characters of checklists a process keeps written, in all (a call's page gives its
#: checklist in three formats): each of a version of a call, in a language, for a reader's
#: zone or none, the least recently asked for dropped first; a checklist longer is written at
#: each request. (A character takes one to four bytes: 4 to 16 MB.)
MOST_CHECKLIST_CHARACTERS = 4_000_000
#: The most readers' zones whose checklists are kept: a new one drops those of the zone
#: least recently asked for, never the checklists in the call's own zone (asked without
#: ``zone``), so that a reader asking a page in every zone pushes out no one else's.
KEPT_CHECKLIST_ZONES = 8

_CHECKLISTS = KeptTexts(MOST_CHECKLIST_CHARACTERS, KEPT_CHECKLIST_ZONES)


def _checklist(call: Call, lang: str, own: str, reader_zone: str | None,
               fmt: Literal["text", "markdown", "html"]) -> str:
    """The checklist of ``call`` (a version, as :meth:`~callrules.Call.at` gives it: the
    same object for every instant up to its next amendment while it is among the versions
    kept, and immutable) in ``lang`` (its own texts in ``own``, when not ``""``), in
    ``fmt``, written once while it is kept (:data:`MOST_CHECKLIST_CHARACTERS`,
    :data:`KEPT_CHECKLIST_ZONES`; it took 2.6 to 2.9 ms of CPU at each request of a call's
    page). The version is not kept alive by it (:class:`KeptTexts`)."""
    return _CHECKLISTS.get(call, (lang, own, fmt), reader_zone, lambda: call.checklist(
        Reading(lang, own) if own else lang, format=fmt, zone=reader_zone))


#: The most characters of a request's ``Prefer`` headers read, together: a longer one is
#: no preference (a preference it cannot read, ignored: RFC 7240 §2), never read at length.
PREFER_LONGEST = 1024
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')


def _outside_quotes(text: str, separator: str) -> list[str]:
    """``text`` cut at each ``separator`` outside a quoted string (RFC 7240 §2's commas
    between preferences, semicolons between a preference and its parameters), in one pass."""
    parts, start, quoted, escaped = [], 0, False, False
    for at, char in enumerate(text):
        if escaped:
            escaped = False
        elif quoted and char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            parts.append(text[start:at])
            start = at + 1
    return [*parts, text[start:]]


def _lists_inserted(request: Request) -> bool:
    """Whether ``request`` prefers each message with the values it inserts (``Prefer:
    callrules-inserted``), as RFC 7240 §2 reads preferences: a name in any case, the first
    of a name the only one considered, a parameter (``return=minimal; callrules-inserted``)
    no preference; given a value other than an empty one (``callrules-inserted=0``), one
    this service does not understand, which it ignores, answering as to any other request
    (and a preference it cannot read, likewise: headers longer than
    :data:`PREFER_LONGEST` together are not read)."""
    headers = request.headers.getlist("prefer")
    if sum(map(len, headers)) > PREFER_LONGEST:
        return False
    for header in headers:
        for item in _outside_quotes(header, ","):
            name, _, value = _outside_quotes(item, ";")[0].partition("=")
            name, value = name.strip(), value.strip()
            if not _TOKEN.fullmatch(name) or (value and not (
                    _TOKEN.fullmatch(value) or _QUOTED.fullmatch(value))):
                continue  # (a preference it cannot read)
            if name.lower() == PREFER_INSERTED:
                return value in ("", '""')
    return False


def _applied(listing: bool) -> dict[str, str]:
    """The headers of a check's answer, which :func:`_lists_inserted` changes: ``Vary``
    names ``Prefer``; ``Preference-Applied`` (RFC 7240 §3) says when the values each message
    inserts are listed."""
    return {"Vary": varied(_VARY, "Prefer"),
            **({"Preference-Applied": PREFER_INSERTED} if listing else {})}


def _report(report: Report, lang: str, zone: str | None, said: set[str] | None = None,
            *, listing: bool = False) -> dict[str, Any]:
    """The report's JSON, its messages in ``lang`` and its instants also in ``zone``; the
    call's long texts given once in an answer (``said``: those already given);
    ``listing``: each finding's message with the values it inserts (``inserted``:
    :func:`inserted_values`), for the applicants' page, which asks it (:data:`PREFER_INSERTED`)."""
    given = None if said is None else set(said)
    out = report.to_dict(lang, zone, said)
    if not listing:
        return out
    with marking():  # (the same words, each value inserted marked: the same texts given)
        marked = report.to_dict(lang, zone, given)
    for kind in ("errors", "warnings"):
        for finding, worded in zip(out[kind], marked[kind], strict=True):
            finding.update(inserted_values(worded.get("message"), finding.get("message")))
    return out



def _problems(error: InputError, lang: str, listing: bool = False) -> list[dict[str, Any]]:
    """Each problem by its pointer, code and words; one about a key the application wrote
    (not expected, or given twice) names that key too, as written (``key``), and where it
    is in words (``place``, as the command line says it: « Personne accueillie 1 — clé
    « familyname » »), since a pointer's last step is no field a person can find in the form."""
    return [{"pointer": pointer(p.loc), "code": p.type, "detail": detail,
             **_place_listed(partial(_key_named, p.loc, p.type, lang, error.labels), listing),
             **(_detail_inserted(p, lang, detail) if listing else {})}
            for p in error.problems for detail in (p.message(lang),)]


def _place_listed(named: Callable[[], dict[str, str]], listing: bool) -> dict[str, Any]:
    """What ``named`` gives of a problem (its key as written, its ``place`` in words); with
    ``listing``, the values its place inserts too (a visitor's name, a label, a key as
    written: ``place_inserted``, and ``place_around`` the words around them, as a message's
    ``inserted`` and ``around``: :func:`inserted_values`), for the applicants' page to
    isolate each, as it isolates a message's."""
    out: dict[str, Any] = named()
    if listing and "place" in out:
        with marking():
            worded = named()["place"]
        out.update({f"place_{key}": found
                    for key, found in inserted_values(worded, out["place"]).items()})
    return out


def _detail_inserted(problem: InputProblem, lang: str, detail: str) -> dict[str, list[str]]:
    """The values ``problem``'s ``detail`` (its message in ``lang``, worded already)
    inserts (:func:`inserted_values`)."""
    with marking():
        worded = problem.message(lang)
    return inserted_values(worded, detail)


def _key_named(loc: Sequence[str | int], kind: str, lang: str,
               labels: CallLabels | None = None
               ) -> dict[str, str]:
    """The key a problem of the application's own keys names, as written, and its place
    in words; nothing for any other problem."""
    if kind not in SENDERS_KEYS or not loc or not isinstance(loc[-1], str):
        return {}
    key = loc[-1]  # (in its place, cut as a request's value is quoted, :data:`ECHO_LIMIT`
    # characters at most, so that the words after it are seen)
    shown = key if len(key) <= ECHO_LIMIT else key[:ECHO_LIMIT - 1] + "…"
    return {"key": key, "place": place((*loc[:-1], shown), lang, None, labels, kind)}


def _not_text(body: bytes) -> InputError | None:
    """The problem of one application's body that is no text at all, as ``callrules check``
    finds it in a file of the same bytes (:func:`callrules._containers.contained`): an
    archive of files (zip, tar, 7z…: ``archive``), compressed data (``compressed``) or a
    spreadsheet workbook (``workbook``); None for any other body (only its first bytes, and
    a zip's or a tar's head, are looked at)."""
    lines = iter(io.BytesIO(body))
    found, _ = contained(next(lines, b""), lines, "")
    if found is None or not isinstance(found.data, InputError):
        return None
    return found.data


def _check_one(call: Call, text: str, now: datetime, lang: str, zone: str | None,
               limit: int = MAX_BATCH_RECORDS, listing: bool = False
               ) -> dict[str, Any] | list[Any]:
    """The report of the application ``text`` (``application/json``); or, when ``text`` is
    one JSON document holding several applications (an ``applications`` envelope, a page
    under another key, an array: :func:`_several`), its records as a batch reads the same
    bytes, to be checked as the batch they are (:func:`_check_read`), as ``callrules check
    CALL batch.json`` reads that file; else a problem: 400 for a body that is not JSON, 422
    for an application that is not well formed."""
    try:
        report = callrules.evaluate(call, text, now=now)
    except InputError as exc:
        if [p.type for p in exc.problems] == ["json_invalid"]:
            raise Problem(400, "not_json", errors=_problems(exc, lang, listing), detail=(
                "problem_not_json_lines_detail" if _json_lines(text) else None),
                words=_unread(exc.problems[0])) from None
        several = _several(text, limit)  # read only when one application is refused
        if several is not None:
            return several
        raise Problem(422, refused_as(exc), errors=_problems(exc, lang, listing),
                      own=getattr(lang, "own", "")) from None
    return _report(report, lang, zone, listing=listing)


def _unread(problem: InputProblem) -> tuple[str, dict[str, object]] | None:
    """The words of a body of valid JSON that is not read (a number of 5,000 digits, lists
    2,000 deep: :data:`~callrules._messages.UNREAD_JSON`), for the answer's detail, which
    would else say it is not valid JSON; None for JSON that is not valid."""
    ctx = problem.ctx or {}
    template = ctx.get("template", "")
    if template not in UNREAD_JSON:
        return None
    return template, {name: ExactInWords(int(str(ctx[name]))) for name in ("digits", "levels")
                      if name in ctx}


def refused_as(error: InputError) -> str:
    """The problem a record refused with ``error`` is answered with, as the command line's
    word for it (:attr:`~callrules.InputError.verdict`): ``not_judged`` ("Application not
    judged": read whole, but the call's own rules cannot judge it: a date they move out of
    the calendar, a figure their numbers make too large, a rate missing), else
    ``invalid_input`` ("Invalid application"). Both are 422: no report is given, as the
    command line gives none (exit 2 for both); the type and title tell them apart."""
    return "not_judged" if error.verdict == "not_judged" else "invalid_input"



def _several(text: str, limit: int) -> list[Any] | None:
    """The records of ``text`` (one JSON document), read as the command line reads a JSON
    file (``callrules check CALL batch.json``, ``--input-format json``: each labelled by its
    place in its list, no line), if it holds none or several applications, or one inside a
    list (``[A]``, ``{"applications": [A]}``): at most ``limit`` + 1 of them. None if it is
    one record, not in a list (an application, well formed or not: its own problems say
    what is wrong with it). An object giving a key every application gives (``id``,
    ``submitted_at``…) is one application, whatever list it holds, as the reader says:
    known at once, never read a second time (a 1 MB application refused took 0.7 s more)."""
    value = _one_document(text)
    if value is not None and (not isinstance(value, (dict, list)) or (
            isinstance(value, dict) and not RECORD_KEYS.isdisjoint(value))):
        return None
    read = _read(text.encode("utf-8"), "json", limit)
    if len(read) == 1 and not read[0].source.endswith("]"):
        return None
    return read


def _one_document(text: str) -> Any:
    """The value of ``text`` read as one application is read (``evaluate(call, text)``):
    the padding around it dropped (a page break, a no-break space or a record separator
    before it, a NUL after it), the blanks a paste lays between its tokens read as spaces,
    terminal colours dropped; None if it is no JSON so (before, JSON as Python reads it: an
    application after a page break, refused with its own problems by the command line,
    was answered as a batch of one)."""
    body = unpadded_document(text)
    for candidate in (body, blanks_as_spaces(uncoloured_text(body))):
        try:
            return json.loads(candidate)
        except (ValueError, RecursionError):  # (JSON as callrules reads it: the reader
            continue  # tells)
    return None


def _header_absent(header: str | None) -> bool:
    """Whether a ``Content-Type`` header says ``header=absent`` (RFC 4180's parameter of
    ``text/csv``: the body has no header line)."""
    return any(name == "header" and value.lower() == "absent"
               for name, value in parameters(header))


def _json_lines(text: str) -> bool:
    """Whether ``text``, not one JSON value, is JSON Lines: two lines or more that are not
    blank, the first of them one JSON value (a batch sent as one application; quoted as a
    mail reply quotes, or padded, as one application is read: :func:`unpadded_document`)."""
    lines = [line for line in str(unpadded_document(text)).splitlines() if line.strip()]
    if len(lines) < 2:
        return False
    try:
        json.loads(lines[0])
    except (ValueError, RecursionError):
        return False
    return True


async def _batch_answer(request: Request, lang: str, zone: str | None, listing: bool,
                        check: Callable[..., BatchResult], *args: Any) -> Response:
    """The answer to a batch, ``check(*args, gone)`` run in a worker thread, a line a
    record (:func:`_answer`; ``listing``: each message with the values it inserts, as a
    single check's); should the client hang up before it is answered, the records left
    are not checked (``gone``) and nobody is answered."""
    gone = threading.Event()  # the client hung up: the records left are not checked
    watching = asyncio.ensure_future(_hang_up(request, gone))
    try:
        result = await run_in_threadpool(check, *args, gone)
    except ClientGone:
        _LOG.info("callrules serve: %s %s: the client hung up before its batch was "
                  "answered: the records left were not checked", request.method,
                  logged_path(request.scope["path"]))
        return Response(status_code=400)  # (nobody reads it)
    finally:
        watching.cancel()
    return StreamingResponse(_answer(result, lang, zone, listing),
                             media_type="application/jsonl",
                             headers={**_negotiated(lang), **_applied(listing)})


async def _hang_up(request: Request, gone: threading.Event) -> None:
    """Sets ``gone`` when the client of ``request``, whose body has been read whole, hangs
    up (the server then says ``http.disconnect``): a batch checked meanwhile, in a thread,
    stops at its next record rather than checking, for nobody, what may take minutes."""
    while (await request.receive())["type"] != "http.disconnect":
        pass
    gone.set()


def _check_batch(call: Call, held: list[bytes], input_format: str, now: datetime, limit: int,
                 gone: threading.Event | None = None) -> BatchResult:
    """The results of the records of the body ``held`` (taken from it), read in
    ``input_format`` as the command line reads the same bytes (``callrules check CALL -
    --input-format FORMAT``); more than ``limit`` records are refused (413) before any is
    checked, and none at all (422), as the command line refuses an empty batch. The body is
    let go of once its records are read, and each record once it is checked: a batch holds its
    text about once, not three times. A CSV row is held as the JSON text of its cells
    (:func:`_packed`), about the size of its line, not as the dictionaries its cells are read
    into (about 30 times it), and read back as it is checked. Once ``gone`` is set (the client
    hung up), no other record is checked: :class:`ClientGone` is raised instead."""
    return _check_read(call, _read(held.pop(), input_format, limit), now, limit, gone)


def _read(body: bytes, input_format: str, limit: int) -> list[Any]:
    """The records of ``body`` read in ``input_format`` (as :func:`_packed` holds them), at
    most ``limit`` + 1: one more than a batch may hold says it holds too many. A body of
    blanks alone (``empty_file`` as standard input) is no record: answered 422
    ``no_records``, the service's one word for a batch holding none."""
    read = list(islice(map(_packed, callrules.records("-", stdin=io.BytesIO(body),
                                                      input_format=input_format)), limit + 1))
    if len(read) == 1 and _empty_body(read[0]):
        return []
    return read


def _empty_body(record: Any) -> bool:
    """Whether ``record`` (as :func:`_packed` holds it) is a body's ``empty_file``."""
    data = getattr(record, "data", None)
    return isinstance(data, callrules.InputError) and record.source == "<stdin>" and [
        p.type for p in data.problems] == ["empty_file"]


def _check_read(call: Call, read: list[Any], now: datetime, limit: int,
                gone: threading.Event | None = None) -> BatchResult:
    """The results of the records ``read`` (:func:`_read`), taken from the list as each is
    checked: more than ``limit`` are refused (413) before any is checked, none at all
    (422) as the command line refuses an empty batch."""
    if len(read) > limit:
        raise Problem(413, "too_many_records", values={"limit": limit})
    if not read:  # never an empty answer, which a program could take for "none ineligible"
        raise Problem(422, "no_records", errors=[{"pointer": "", "code": "no_records"}])
    return callrules.evaluate_many(call, _let_go(read, gone), now=now, progress=False)


def _let_go(records: list[Any], gone: threading.Event | None = None) -> Iterator[Any]:
    """The items of ``records``, each taken out of the list as it is given; ClientGone
    raised instead of the next once ``gone`` is set."""
    for position in range(len(records)):
        if gone is not None and gone.is_set():
            raise ClientGone
        record, records[position] = records[position], None
        yield _unpacked(record)


class _PackedRow(NamedTuple):
    """A CSV row held until it is checked: where it came from, and its cells (nested as the
    application's fields, each the text of its cell) as ASCII JSON text."""

    source: str
    text: str


def _packed(record: Sourced) -> Sourced | _PackedRow:
    """``record`` as it is held until checked: a CSV row as :class:`_PackedRow`, anything
    else (a JSON Lines record, which is its text; a problem) as it is."""
    if isinstance(record.data, CsvRow):
        return _PackedRow(record.source, json.dumps(record.data, separators=(",", ":")))
    return record


def _unpacked(record: Any) -> Any:
    """The record :func:`_packed` held, as it was read: the same cells, in the same order
    (JSON writes and reads back text, dictionaries and lists exactly)."""
    if isinstance(record, _PackedRow):
        return Sourced(record.source, CsvRow(json.loads(record.text)))
    return record


def _answer(result: BatchResult, lang: str, zone: str | None, listing: bool = False
            ) -> Iterator[bytes]:
    """The answer to a batch, one JSON line per record, in order, each with the ``line`` of
    the body where its record starts: a report (with its ``index``), or the record's input
    problems (each with its pointer), or, should the service fail to write a record's answer
    (a bug: the 200 is already sent), that failure as problem details in its place, logged,
    and the other records answered; given in pieces as the lines are written."""
    piece: list[str] = []
    size = 0
    said: set[str] = set()  # the call's long texts, each given once in the answer
    for item in result:
        try:
            entry = _entry(item, lang, zone, said, listing=listing)
        except Exception:  # a bug: said in the record's place, never a body cut short
            _LOG.exception("callrules serve: the answer to record %s failed", item.index)
            entry = _failure(item, lang)
        line = json_text(entry) + "\n"
        piece.append(line)
        size += len(line)
        if size >= _PIECE:
            yield "".join(piece).encode("utf-8")
            piece, size = [], 0
    if piece:
        yield "".join(piece).encode("utf-8")


@lru_cache(maxsize=64)
def _subdivision_names(country: str, lang: str) -> dict[str, str]:
    """``country``'s ISO 3166-2 subdivisions, each by its name in ``lang``
    (:func:`~callrules._i18n.subdivision_name`); none for a code that is no country's."""
    import pycountry

    if not re.fullmatch(r"[A-Z]{2}", country):
        return {}
    found = pycountry.subdivisions.get(country_code=country) or ()  # type: ignore[no-untyped-call]
    return {str(entry.code): subdivision_name(str(entry.code), lang) for entry in found}


def _failure(item: BatchItem, lang: str) -> dict[str, Any]:
    """The line of a record whose answer could not be written: its place, and the problem
    ``internal`` (type, title, status, detail) under ``failure``."""
    said = labels()[language(lang, labels())]
    return {"schema_version": REPORT_SCHEMA_VERSION, "index": item.index, "source": None,
            "line": _line(item), "failure": {
                "type": PROBLEM_TYPE + "internal", "title": said["problem_internal"],
                "status": 500, "detail": said["problem_internal_record_detail"]}}


def _line(item: BatchItem) -> int | None:
    """The line of the body where ``item``'s record starts, from its source: ``<stdin>:N``,
    or ``<stdin>:N[K]`` for the elements of an array that starts on line N (they share it);
    none for a source that names no line."""
    found = _STDIN_LINE.match(item.source or "")
    return int(found[1]) if found else None


def _entry(item: BatchItem, lang: str, zone: str | None, said: set[str] | None = None, *,
           listing: bool = False) -> dict[str, Any]:
    """One line of a batch's answer: ``line`` says where the record starts in the body, as
    the command line's label ``<stdin>:N`` does (several records may share a line);
    ``listing``: each message with the values it inserts (:func:`inserted_values`)."""
    line = _line(item)
    if item.report is not None:
        return {**_report(item.report, lang, zone, said, listing=listing),
                "index": item.index, "line": line}
    assert item.error is not None
    out = item.to_dict(lang)  # problems with pointers, each with its place in words (the
    labels = item.error.labels  # page says them above the form: no field beside them)
    out["input_error"] = [{**said, **problem_dict(problem, lang, keys_whole=True),
                           # (key and pointer whole, as a single check's answer: the
                           # request is bounded; the command line shows a long key cut)
                           **_place_listed(partial(_placed, problem, labels, lang), listing),
                           **(_detail_inserted(problem, lang, said["message"])
                              if listing else {})}
                          for said, problem
                          in zip(out["input_error"], item.error.problems, strict=True)]
    return {**out, "source": None, "line": line,
            "problem": _refusal(item.error, lang)}  # and what a single check answers


def _placed(problem: InputProblem, labels: CallLabels | None, lang: str) -> dict[str, str]:
    """Where a problem of a batch's record is, in words (``place``: « Personne accueillie 1 — Nom de
    famille », « Clé « colour[0] » »), and the key it names as written (``key``), for one
    about a key the record wrote: a batch's problems are said above the form, beside no
    field, so each says its field as the command line does."""
    named = _key_named(problem.loc, problem.type, lang, labels)
    return named or {"place": place(problem.loc, lang, None, labels, problem.type)}


def _refusal(error: InputError, lang: str) -> dict[str, Any]:
    """The problem (type, title, status, detail) a record refused with ``error`` would be
    answered with alone (:func:`refused_as`): a batch's line says whether its record is not
    judged or invalid as a single check does."""
    code = refused_as(error)
    said = labels()[language(lang, labels())]
    return {"type": PROBLEM_TYPE + code, "title": said[f"problem_{code}"], "status": 422,
            "detail": said[f"problem_{code}_detail"]}
