"""What the service needs from HTTP itself: languages and media types negotiated from request
headers, problem details (RFC 9457) in the reader's language, and bodies read within a limit.
"""

from __future__ import annotations

import asyncio
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from babel import Locale, UnknownLocaleError
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse

from callrules import _safe
from callrules._encodings import encoding_of
from callrules._i18n import (
    format_exact,
    join_list,
    kept_in_state,
    languages,
    spoken,
    translate,
    translate_plural,
    visible,
    worded,
    words_said,
)
from callrules._inserted import inserted, inserted_values, marked, marking
from callrules._layout import direction
from callrules._tags import bcp47
from callrules.serve._words import SECONDS, WORDS

__all__ = ["ECHO_LIMIT", "INSTANCE_LIMIT", "MOST_EARNED", "PREFER_INSERTED", "PROBLEM_TYPE",
           "SLOWEST_RATE", "BodyTimeout",
           "BodyTooLarge", "ClientGone", "Echo", "JsonTextResponse", "Listed", "Problem", "Seconds",
           "accepts_html", "content_language", "content_type", "echoed", "head_too_large",
           "instance", "json_text", "labels",
           "language", "logged_path", "media_type", "parameters", "pointer", "problem_response",
           "read_body", "shown_values", "text_of"]

#: Problem types are URNs: stable names for programs, which do not pretend to be web pages.
PROBLEM_TYPE = "urn:callrules:problem:"

_DOS_EOF = "\x1a"


def labels() -> Mapping[str, Mapping[str, str]]:
    """The service's own words (the page's labels and the problems' titles), in every
    language the service speaks (:func:`~callrules._i18n.languages`: built in, and a
    platform's registered catalogs), each translated by the catalogs as every message is
    (:data:`~callrules.serve._words.WORDS`), with the language's name in itself
    (``language_name``) and its direction (``direction``: ``rtl`` for Arabic), CLDR's
    through babel; ``in_english``: the keys of the words its catalogs do not word, said in
    English instead (a platform's catalog made from a template older than these words),
    separated by spaces. Worked out once a state of the catalogs, whole in one
    (:func:`~callrules._i18n.kept_in_state`: a platform registering catalogs meanwhile, they are
    worked out again; before, the languages of before were kept, look75g F6)."""
    return kept_in_state(_LABELS, None, _labels)


#: The service's labels, with the catalogs' state they were worked out in.
_LABELS: dict[None, tuple[int, Mapping[str, Mapping[str, str]]]] = {}


def _labels() -> Mapping[str, Mapping[str, str]]:
    return {lang: {**{key: translate(text, lang) for key, text in WORDS.items()},
                   "language_name": _named(lang), "direction": direction(lang),
                   "in_english": " ".join(key for key, text in WORDS.items()
                                          if not worded(text, lang))}
            for lang in languages()}



def _named(lang: str) -> str:
    """``lang``'s name in itself, capitalised (« Français », « العربية »), CLDR's; the
    tag itself for a language babel does not know."""
    try:
        name = Locale.parse(lang).get_display_name(lang) or lang
    except (ValueError, TypeError, UnknownLocaleError):
        name = lang
    return name[:1].upper() + name[1:]


#: The most characters of an ``Accept`` or ``Accept-Language`` header read, and the most
#: ranges read of them (a browser's are a few dozen characters and a few ranges): a range
#: past either is not read, so that a hostile header (1.3 MB of ranges held the event loop
#: 0.5 s a request) costs no more than a browser's. A range cut by the bound is not read.
RANGES_LONGEST = 1024
MOST_RANGES = 32


def _ranges(header: str | None) -> list[tuple[str, float]]:
    """The ranges of an ``Accept`` or ``Accept-Language`` header, best first (stable), of
    its first :data:`RANGES_LONGEST` characters and :data:`MOST_RANGES` ranges.

    >>> len(_ranges("de, " * 10_000 + "fr")), _ranges("x" * 2000 + ", fr")
    (32, [])
    """
    text = header or ""
    if len(text) > RANGES_LONGEST:  # (the range the bound cuts dropped with what follows)
        text = text[:text.rfind(",", 0, RANGES_LONGEST + 1) + 1]
    out: list[tuple[str, float]] = []
    for part in text.split(",", MOST_RANGES)[:MOST_RANGES]:
        name, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if name.strip() and quality > 0:
            out.append((name.strip().lower(), quality))
    out.sort(key=lambda pair: -pair[1])
    return out


def language(header: str | None, available: Iterable[str], fallback: str = "en") -> str:
    """The best of ``available`` languages for an ``Accept-Language`` header, negotiated
    (a browser's setting, which nobody typed for this request: never refused): each range
    read as the library reads every tag (:func:`~callrules._i18n.spoken`, which this calls:
    BCP 47's lookup, :func:`~callrules._tags.text_key_for`): the same tag first, however
    spelt (``zh-tw`` is a platform's ``zh_TW``), then the one language written in the script
    the range names or implies (``zh-Hant-TW`` and ``zh-HK`` are a platform's ``zh_TW``,
    never its ``zh_Hans`` nor its ``zh``), then its language alone (``pt-BR`` matches
    ``pt``, ``de-CH,fr;q=0.8`` gives ``fr``); none matching gives ``fallback``.

    >>> language("pt-BR,pt;q=0.9,en;q=0.5", ["en", "fr"]), language("fr-CA", ["en", "fr"])
    ('en', 'fr')
    >>> language("*", ["en", "fr"]), language(None, ["fr"], fallback="fr")
    ('en', 'fr')
    >>> language("de-CH,fr;q=0.8", ["en", "fr"]), language("zh-tw", ["en", "zh_TW"])
    ('fr', 'zh_TW')
    >>> language("zh-Hant-TW", ["en", "zh_TW"]), language("zh-HK", ["zh_Hans", "zh_Hant"])
    ('zh_TW', 'zh_Hant')
    """
    known = tuple(dict.fromkeys(available))
    for name, _ in _ranges(header):
        found = spoken(name, among=known)  # (the library's choice: look76v F3)
        if found is not None:
            return found
    return fallback


def content_language(*langs: str) -> str:
    """The ``Content-Language`` of an answer whose words are in ``langs`` (each once, in
    order), each a BCP 47 tag (:func:`~callrules._tags.bcp47`): a platform's ``zh_TW`` said
    ``zh-TW``, never as its catalog's folder is named.

    >>> content_language("zh_TW"), content_language("en", "sr_Latn", "en")
    ('zh-TW', 'en, sr-Latn')
    """
    return ", ".join(dict.fromkeys(bcp47(lang) for lang in langs if lang))


def accepts_html(header: str | None) -> bool:
    """True when an ``Accept`` header prefers HTML to JSON (a browser's does).

    >>> accepts_html("text/html,application/xhtml+xml,*/*;q=0.8"), accepts_html("*/*")
    (True, False)
    """
    for name, _ in _ranges(header):
        if name in ("text/html", "application/xhtml+xml"):
            return True
        if name in ("application/json", "*/*", "application/*"):
            return False
    return False


def media_type(header: str | None) -> str:
    """The media type of a ``Content-Type`` header, without its parameters, lower case."""
    return (header or "").split(";")[0].strip().lower()


def pointer(loc: Sequence[str | int]) -> str:
    """A location as a JSON Pointer (RFC 6901).

    >>> pointer(("visitors", 0, "a/b~c"))
    '/visitors/0/a~1b~0c'
    """
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in loc)


class Problem(Exception):
    """A request the service refuses, answered as problem details in the reader's language.

    ``code`` names the problem (its type is ``urn:callrules:problem:<code>``) and its title
    and detail in the service's words (``detail`` names other words for the detail);
    ``values`` fill the detail; ``errors`` are the problems one by one, each with a JSON
    Pointer (or the query parameter) it is about, and its own detail: given, or the
    problem's filled with the error's ``values`` over the problem's (each parameter named
    in its own error). ``words`` (a ``TimeError``'s, from the library's catalogs) say what
    is wrong more exactly than the service's detail can (a local time that does not exist):
    they are then the detail too. ``own``: the language of a call's own texts (its labels)
    that the errors quote, when the call has none in the reader's (said in
    ``Content-Language`` beside the reader's). ``unlisted``: how many more errors of the
    same kind there are, not listed (``unlisted`` in the answer, and the words of
    ``problem_<code>_more_detail`` after its detail).
    """

    def __init__(self, status: int, code: str, *, values: Mapping[str, object] | None = None,
                 errors: Sequence[Mapping[str, Any]] = (),
                 headers: Mapping[str, str] | None = None, detail: str | None = None,
                 words: tuple[str, Mapping[str, object]] | None = None,
                 own: str = "", unlisted: int = 0) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.detail = detail or f"problem_{code}_detail"
        self.values = dict(values or {})
        self.errors = list(errors)
        self.headers = dict(headers or {})
        self.words = words
        self.own = own
        self.unlisted = unlisted


#: The characters of a request's value a problem's words quote at most (the rest cut, an
#: ellipsis in its place), as the library's messages quote an instant or a zone typed.
ECHO_LIMIT = 100


class Echo(str):
    """A value of the request that a problem's words quote (a call id asked for, a query
    parameter's name, the ``now`` or ``zone`` given): written into the words by
    :func:`echoed`, never as sent."""

    __slots__ = ()


#: A run of spaces, quoted as one (as ``callrules._time._shown`` quotes what was typed).
_SPACES = re.compile(" {2,}")


def echoed(text: str, lang: str) -> str:
    """A value of the request as a problem's words quote it, as the library's messages quote
    what an applicant typed (``callrules._time._shown``): the spaces around it dropped and
    a run of spaces one, at most :data:`ECHO_LIMIT` characters (an ellipsis for the rest: a
    60,000-character value is not sent back whole), each invisible character (an escape, a
    bell, a right-to-left override, a line end, NEL, U+2028, a variation selector: anything
    drawn as nothing) named in words in ``lang`` (``[invisible character U+001B]``), never
    written raw into an answer a terminal or a log shows, never left out nor made a space
    (``Europe/Paris`` and NEL is not quoted ``Europe/Paris``): on one line, as the command
    line quotes it."""
    shown = _SPACES.sub(" ", text.strip(" "))
    if len(shown) > ECHO_LIMIT:
        shown = shown[:ECHO_LIMIT - 1] + "…"
    return visible(shown, lang)


#: The longest ``instance`` a problem holds (the request's path, percent-encoded): a longer
#: path is left out rather than cut (a cut path is another address, which a program would
#: follow), so a 60,000-character call id is not sent back whole.
INSTANCE_LIMIT = 1000

#: What RFC 3986 lets a path hold as it is: its unreserved characters (letters, digits and
#: ``-._~``, which :func:`urllib.parse.quote` always keeps), its separators and sub-delimiters.
_PATH_SAFE = "/:@!$&'()*+,;="


def instance(path: str) -> str | None:
    """The ``instance`` of a problem about a request to ``path`` (as routed: decoded): the
    path as a URI reference (RFC 9457), each character beyond printable ASCII percent-encoded
    in UTF-8 (an escape, a bell, a right-to-left override reach no terminal through ``jq -r
    .instance``; a program reads the address back with any URL decoder), ``%`` itself too;
    None (left out) when that is longer than :data:`INSTANCE_LIMIT`. A path beginning with
    two slashes has its second encoded: ``//host/x`` would be a reference to another host
    (RFC 3986, 4.2), which a client resolving ``instance`` against the request would follow.

    >>> instance("/calls/\\x1b]0;pwned\\x07\\u202e/check")
    '/calls/%1B%5D0;pwned%07%E2%80%AE/check'
    >>> instance("/calls/" + "x" * 2000) is None
    True
    >>> instance("//evil.example/x")
    '/%2Fevil.example/x'
    """
    encoded = _encoded(path)
    if encoded.startswith("//"):  # (a network-path reference: another host)
        encoded = "/%2F" + encoded[2:]
    return encoded if len(encoded) <= INSTANCE_LIMIT else None


def logged_path(path: str) -> str:
    """``path`` as the service's log lines write it: percent-encoded as :func:`instance`
    writes it (no escape reaches a terminal tailing the log, no line break forges a log
    line), cut at :data:`INSTANCE_LIMIT` characters with an ellipsis.

    >>> logged_path("/x\\n/y"), len(logged_path("/" + "x" * 5000))
    ('/x%0A/y', 1001)
    """
    encoded = _encoded(path)
    return encoded if len(encoded) <= INSTANCE_LIMIT else encoded[:INSTANCE_LIMIT] + "…"


def _encoded(path: str) -> str:
    """``path`` percent-encoded in UTF-8 beyond RFC 3986's path characters, ``%`` too."""
    return quote(path.encode("utf-8", "surrogatepass"), safe=_PATH_SAFE)


class Size(int):
    """A number of bytes a problem's words say as a person reads a size: in mebibytes or
    kibibytes when it is a whole number of them (``64 KiB``, « 64 Kio »), else in bytes, in
    the reader's digits (:func:`shown_values`)."""

    __slots__ = ()

    def said(self, lang: str) -> str:
        """This size in ``lang``'s words: ``1 MiB``, ``64 KiB``, ``1 500 bytes``."""
        unit, count = next((unit, int(self) // scale) for unit, scale in _UNITS
                           if int(self) % scale == 0)
        return labels()[lang][unit] % {"n": format_exact(count, lang),
                                       "bytes": format_exact(int(self), lang)}


#: The units a :class:`Size` is said in, the largest first, with the bytes each holds.
_UNITS = (("size_mib", 1 << 20), ("size_kib", 1 << 10), ("size_bytes", 1))


class Seconds(float):
    """A number of seconds a problem's words say with its noun agreeing with it, as the
    reader's language counts (CLDR's plural rules, through babel): « 1 seconde », « 1,5
    seconde » and « 2 secondes » in French, "1 second" and "1.5 seconds" in English — never
    « pendant 1 secondes » (att80: ``--body-timeout 1``), in the reader's digits."""

    __slots__ = ()

    def said(self, lang: str) -> str:
        """These seconds in ``lang``'s words: ``1 second``, ``30 seconds``, « 2,5 secondes »."""
        number = int(self) if float(self).is_integer() else Decimal(repr(float(self)))
        # a whole number chooses its form as the catalog counts (gettext's Plural-Forms: as
        # many as the language has); a fraction, which gettext does not count, takes the
        # form of 1 where CLDR says « one » (« 1,5 seconde »), else that of 2
        count = number if isinstance(number, int) else (
            1 if Locale.parse(lang).plural_form(number) == "one" else 2)
        return translate_plural(SECONDS, count, lang) % {"n": format_exact(number, lang)}


class BodyTooLarge(Problem):
    """A body over the service's limit (413): an application (or, ``batch``, a batch of
    them) longer than this service accepts, said with the limit in words (``64 KiB``) and
    what to do (att65 W5: the page had said « Corps trop volumineux », nothing more)."""

    def __init__(self, limit: int, *, batch: bool = False) -> None:
        super().__init__(413, "body_too_large", values={"limit": limit, "size": Size(limit)},
                         detail="problem_body_too_large_batch_detail" if batch else None)


def head_too_large(accept_language: str | None, limit: int, most_fields: int,
                   first: Iterable[tuple[bytes, bytes]] = ()) -> bytes:
    """The whole answer (status line, headers, problem details) to a request whose head is
    longer than ``limit`` bytes or ``most_fields`` header lines: 431, in the language
    ``accept_language`` asks for (the head's, when it came before the limit), its connection
    closed, its headers after those ``first`` (the server's own: ``Date``). Written by the
    connection itself (``_connection``): no request reaches the application."""
    words = labels()
    lang = language(accept_language, words)
    said = words[lang]
    problem = Problem(431, "head_too_large",
                      values={"size": Size(limit), "fields": most_fields})
    detail, _ = _details(problem, lang, said)
    english = "problem_head_too_large" in said["in_english"].split()
    body = json_text({"type": PROBLEM_TYPE + problem.code,
                      "title": said["problem_head_too_large"], "status": 431,
                      "detail": detail}).encode("utf-8")
    headers = {"Content-Type": "application/problem+json",
               "Content-Language": content_language("en" if english else "", lang),
               "Vary": varied("Accept-Language"), "Content-Length": str(len(body)),
               "Connection": "close"}
    return (b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
            + b"".join(name + b": " + value + b"\r\n" for name, value in first)
            + "".join(f"{name}: {value}\r\n" for name, value in headers.items()).encode("latin-1")
            + b"\r\n" + body)


class Listed(tuple[str, ...]):
    """Texts a problem's words list (the calls known, the parameters a request takes): said
    as the reader's language lists them (« now et zone »), each a value alone on a page,
    never joined by commas whatever the language (:func:`shown_values`)."""

    __slots__ = ()

    def said(self, lang: str) -> str:
        """These texts as ``lang`` lists them, each :func:`echoed` and inserted alone."""
        return marked(join_list([inserted(echoed(text, lang)) for text in self], lang))


def shown_values(values: Mapping[str, object], lang: str) -> dict[str, object]:
    """``values`` as a problem's words hold them in ``lang``: a whole number in the reader's
    digits and grouping (``10 000`` in French, ``10.000`` in Spanish and Portuguese), never
    in English's (``10,000``, which a French reader takes for ten); a number of seconds with
    a fraction with the reader's decimal sign (``2,5`` in French, not ``2.5``)."""
    return {name: echoed(value, lang) if isinstance(value, Echo)
            else value.said(lang) if isinstance(value, Size | Listed | Seconds)
            else format_exact(value, lang) if isinstance(value, int) and not isinstance(
                value, bool) else format_exact(Decimal(repr(value)), lang)
            if isinstance(value, float) and math.isfinite(value) else value
            for name, value in values.items()}


def _library_words(words: tuple[str, Mapping[str, object]] | None, lang: str) -> str | None:
    """An error's own words from the library's catalogs (a ``TimeError``'s: what is wrong
    with an instant, as the command line says it), in ``lang``; None without any. The
    texts they quote (the instant or zone as sent) are :func:`echoed`."""
    return words_said(words, lang, echoed) if words else None


def json_text(body: Any) -> str:
    """``body`` as JSON text, as the command line writes it (:func:`callrules._safe.json_text`):
    its characters beyond ASCII as they are but the line and paragraph separators and the
    next line (a reader of lines cuts a JSON Lines record at them; JavaScript before ES2019
    ends a string at the first two) and a lone surrogate (a byte of a body that was no UTF-8
    text, quoted in a problem: no UTF-8 answer holds it raw) escaped: the same values."""
    return _safe.json_text(body)


class JsonTextResponse(JSONResponse):
    """A JSON answer written by :func:`json_text` (starlette's writes U+2028 raw)."""

    def render(self, content: Any) -> bytes:
        return json_text(content).encode("utf-8")


#: The headers of a request an answer's words may depend on, in the order ``Vary`` names
#: them: its format (``Accept``: JSON or HTML), its language (``Accept-Language``), the
#: values its messages list (``Prefer: callrules-inserted``).
_VARIED = ("Accept", "Accept-Language", "Prefer")


def varied(*named: str | None) -> str:
    """The ``Vary`` header of an answer whose words depend on the request headers
    ``named`` (each a header's name, or a ``Vary`` value naming several, or None: none),
    each named once whatever its case, in one order: the one place every answer's ``Vary``
    is built (:func:`problem_response`'s, a call's, a check's).

    >>> varied("Accept-Language", None, "prefer, Accept", "Accept-Language")
    'Accept, Accept-Language, Prefer'
    """
    names = {name.strip().lower(): name.strip() for value in named if value
             for name in value.split(",") if name.strip()}
    known = [name for name in _VARIED if name.lower() in names]
    return ", ".join(known + [name for key, name in names.items()
                              if key not in {each.lower() for each in _VARIED}])


def problem_response(problem: Problem, request: Request, *, listing: bool | None = None
                     ) -> JSONResponse:
    """``problem`` as ``application/problem+json``, in the language the request asks for;
    ``listing`` (the request prefers it: ``Prefer: callrules-inserted``): its detail and each
    error's with the values they insert (a zone, an instant, a parameter's name as sent:
    :func:`inserted_values`), as a check's messages have theirs, for the applicants' page to
    isolate each. Asked either way (not None), the answer varies with ``Prefer`` (``Vary``),
    a cache never giving one without them to a request asking them (look72w R5); every
    problem varies with ``Accept-Language``, the language its words are in."""
    words = labels()
    lang = language(request.headers.get("accept-language"), words)
    said = words[lang]
    detail, details = _details(problem, lang, said)
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + problem.code,
        "title": said[f"problem_{problem.code}"],
        "status": problem.status,
        "detail": detail,
    }
    if problem.unlisted:  # (errors of the same kind beyond those listed: counted)
        body["detail"] += " " + said[f"problem_{problem.code}_more_detail"] % shown_values(
            {"count": problem.unlisted}, lang)
        body["unlisted"] = problem.unlisted
    if (where := instance(request.scope["path"])) is not None:  # (decoded: request.url's
        body["instance"] = where  # path holds ?, # and \\ encoded, and the rest raw)
    if problem.errors:  # an error without its own words is the problem's detail, in place
        body["errors"] = [  # (a field quoting the request, a parameter's name, as words do)
            {**{k: echoed(v, lang) if isinstance(v, Echo) else v
                for k, v in error.items() if k not in ("values", "words")},
             "detail": said_here}
            for error, said_here in zip(problem.errors, details, strict=True)]
    english = f"problem_{problem.code}" in said["in_english"].split()  # (its title in English)
    headers = {"Content-Language": content_language("en" if english else "", problem.own, lang),
               **problem.headers}
    if listing:  # (the same words, each value inserted marked: the same texts given)
        with marking():
            worded, worded_details = _details(problem, lang, said)
        body.update(inserted_values(worded, detail))
        for error, each in zip(body.get("errors", ()), worded_details, strict=True):
            error.update(inserted_values(each, error["detail"]))
        headers["Preference-Applied"] = PREFER_INSERTED
    # its words depend on Accept-Language (Content-Language), always; on Prefer, asked
    # or not, where the request may list the values inserted (att77 F2: a cache giving a
    # French problem to an English reader)
    headers["Vary"] = varied(headers.get("Vary"), "Accept-Language",
                             "Prefer" if listing is not None else None)
    return JsonTextResponse(body, status_code=problem.status,
                            media_type="application/problem+json", headers=headers)


def _details(problem: Problem, lang: str, said: Mapping[str, str]) -> tuple[str, list[str]]:
    """``problem``'s detail and each of its errors', in ``lang`` (``said``: the service's
    words in it): an error's own, else its words from the library's catalogs, else the
    service's sentence for the problem filled with its values (each :func:`inserted` while
    a page is written)."""
    def filled(values: Mapping[str, object]) -> str:
        return said[problem.detail] % {name: inserted(value) if isinstance(value, str) else value
                                       for name, value in shown_values(values, lang).items()}
    return (_library_words(problem.words, lang) or filled(problem.values),
            [error.get("detail") or _library_words(error.get("words"), lang)
             or filled({**problem.values, **error.get("values", {})})
             for error in problem.errors])


#: The preference (RFC 7240) of a check asking, with each message, the values it inserts:
#: the applicants' page's (``serve/page/app.js``); any other answer is the command line's.
#: It takes no value: written bare, or with an empty one (RFC 7240 §2: the same as none).
PREFER_INSERTED = "callrules-inserted"


def text_of(body: bytes) -> str:
    """``body`` as text, decoded as the command line reads a file: a byte-order mark says the
    encoding (UTF-8, UTF-16 or UTF-32) and is dropped; without one, UTF-16 and UTF-32 are known
    by where their NULs fall (RFC 4627), NUL characters before the text dropped, else it is
    UTF-8 (``callrules._encodings.encoding_of``); a final Ctrl-Z (DOS end of file) is
    dropped. ``UnicodeDecodeError`` for bytes that are no text in that encoding.

    >>> text_of(b"\\xef\\xbb\\xbf{}"), text_of("{}".encode("utf-16")), text_of(b"{}\\x1a")
    ('{}', '{}', '{}')
    """
    skip, encoding = encoding_of(body)
    body, found = body[skip:], encoding or "utf-8"
    return body.decode(found).rstrip(_DOS_EOF)


#: The character sets a body may be declared in (``charset=``): UTF-8 and ASCII, a part of
#: it; UTF-16 and UTF-32, known by their byte-order mark or NULs (:func:`text_of`).
_CHARSETS = frozenset({"utf-8", "utf8", "us-ascii", "ascii", "utf-16", "utf-16le", "utf-16be",
                       "utf-32", "utf-32le", "utf-32be"})


def parameters(header: str | None) -> Iterator[tuple[str, str]]:
    """The parameters of a ``Content-Type`` header, in order: each name (lower case) and its
    value (its quotes taken off, its case kept)."""
    for parameter in (header or "").split(";")[1:]:
        name, _, value = parameter.partition("=")
        yield name.strip().lower(), value.strip().strip('"')


def _charset(header: str | None) -> str | None:
    """The ``charset`` parameter of a ``Content-Type`` header (its quotes taken off, lower
    case), or None."""
    for name, value in parameters(header):
        if name == "charset":
            return value.strip().lower()
    return None


#: The slowest a client may send a body or take an answer, in bytes a second: 2 KB a second
#: is a slow link (16 kbit/s). A body's bytes received give it one second more for each
#: this many beyond the time first given to it (Apache's ``mod_reqtimeout``'s ``MinRate``),
#: up to :data:`MOST_EARNED`: a batch of 1 MiB sent at that pace arrives whole, one byte
#: now and then never keeps a body going. An answer the client keeps the server waiting for
#: must be taken at this pace on average over that waiting (``_connection``).
SLOWEST_RATE = 2_000
#: The most seconds a body's bytes earn it beyond the time first given to it: a body arrives
#: whole within that time and ``--body-timeout`` (fifteen and a half minutes by default), or
#: is refused, however it keeps arriving (a batch of 64 MiB then needs 72 KB a second).
MOST_EARNED = 900


class BodyTimeout(Problem):
    """A body that did not arrive in time (408), its connection closed: a stalled or very
    slow upload gives up what it holds rather than keep it."""

    def __init__(self, seconds: float, *, stalled: bool = False) -> None:
        super().__init__(408, "body_timeout", values={"seconds": Seconds(seconds)},
                         headers={"Connection": "close"},
                         detail="problem_body_stalled_detail" if stalled else None)


class ClientGone(Exception):
    """The client hung up while sending its body (a closed laptop, a network lost, an upload
    cancelled): nothing to answer, no failure of the service."""

    #: Raised through a batch's records by the service itself, to stop: never said as the
    #: caller's iterable failing (``given_failed``).
    passes_through = True


def _values(request: Request, name: str) -> list[str]:
    """Every value of the list header ``name``, over all its fields (RFC 9110 §5.3: a list
    may be split over repeated fields), each trimmed and in lower case."""
    return [value.strip().lower() for field in request.headers.getlist(name)
            for value in field.split(",") if value.strip()]


def content_type(request: Request) -> str | None:
    """The request's ``Content-Type`` header; a 400 problem (``repeated_content_type``) when
    it is given more than once with different values, rather than the first taken (a
    JSON Lines batch read as one JSON application, or the other way)."""
    given = request.headers.getlist("content-type")
    if len({" ".join(value.split()).lower() for value in given}) > 1:
        raise Problem(400, "repeated_content_type")
    if given:
        _parameters_once(given[0])
    return given[0] if given else None


def _parameters_once(header: str) -> None:
    """A 400 problem (``repeated_content_type_parameter``) when a parameter of ``header``
    is given more than once with different values (``charset=utf-8; charset=windows-1252``):
    never one of them taken by its place, as for a repeated header."""
    seen: dict[str, str] = {}
    for name, value in parameters(header):
        if seen.setdefault(name, value := value.strip().lower()) != value:
            raise Problem(400, "repeated_content_type_parameter")


async def read_body(request: Request, limit: int, timeout: float,
                    stall: float | None = None, *, batch: bool = False) -> bytes:
    """The request's body, refused with :class:`BodyTooLarge` as soon as it passes ``limit``
    bytes (announced by ``Content-Length`` or found while reading). A body compressed
    (``Content-Encoding`` other than ``identity``, in any of its fields) or declared in a
    character set other than UTF-8, UTF-16 or UTF-32 is refused before it is read (415, with
    RFC 7694's ``Accept-Encoding: identity`` for the first), never read as if it were UTF-8
    text. A body not received within ``timeout`` seconds, plus one second for every
    :data:`SLOWEST_RATE` bytes received (at most :data:`MOST_EARNED` seconds more), is
    refused with :class:`BodyTimeout` (408), and
    so is one that brings no byte for ``stall`` seconds (if given): an upload sent quickly
    up to its last byte, then stalled, is not given the time its bytes earned. A client
    that hangs up while sending it raises :class:`ClientGone`. ``batch``: the body holds
    applications, not one (a body too large says so)."""
    if any(encoding != "identity" for encoding in _values(request, "content-encoding")):
        raise Problem(415, "unsupported_encoding", headers={"Accept-Encoding": "identity"})
    charset = _charset(content_type(request))
    if charset is not None and charset not in _CHARSETS:
        raise Problem(415, "unsupported_charset")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(limit, batch=batch)
    chunks: list[bytes] = []
    size = 0
    loop = asyncio.get_running_loop()
    start = loop.time()
    stalled = False

    def when() -> float:  # the earlier of the whole body's deadline and the next byte's
        nonlocal stalled
        whole = start + timeout + min(size / SLOWEST_RATE, MOST_EARNED)
        stalled = stall is not None and loop.time() + stall < whole
        return loop.time() + stall if stall is not None and stalled else whole

    try:
        async with asyncio.timeout_at(when()) as deadline:
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise BodyTooLarge(limit, batch=batch)
                chunks.append(chunk)
                deadline.reschedule(when())
    except TimeoutError:
        raise (BodyTimeout(stall, stalled=True) if stalled and stall is not None
               else BodyTimeout(timeout)) from None
    except ClientDisconnect:
        raise ClientGone from None
    return b"".join(chunks)
