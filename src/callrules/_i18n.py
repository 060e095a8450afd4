"""Locales, gettext catalogs, the reader's language, and values formatted for a reader.

Catalogs live in ``locale/<lang>/LC_MESSAGES/callrules.mo``. A locale such as ``es-AR``,
``pt_BR`` or ``fr-CA`` resolves to its language (``C`` and ``POSIX`` to English). One rule
for a language the library has no catalog for (``de``): named by a caller (an argument,
:func:`set_language`, ``--lang``) it is refused with an :class:`~callrules.ArgumentError`
naming the languages spoken (:func:`negotiate`); read from the environment
(``CALLRULES_LANG``) or a request's ``Accept-Language`` it is negotiated, English when
nothing asked for is spoken (:func:`setting_language`). The default
language of every display (``str(report)``, notebooks, the progress bar) is set once per
session with :func:`set_language`, or by the ``CALLRULES_LANG`` environment variable.
Values go through babel (imported on first use, so ``import callrules`` stays light).

Which library language a tag asks for is answered once, by :func:`spoken` (``fr-CA`` →
``fr``, ``C`` → ``en``); what stands in for a tag the library does not speak is its
caller's choice, given as ``spoken``'s ``otherwise``:

- an argument, :func:`set_language`, ``--lang`` (:func:`negotiate`,
  :func:`callrules._said.language`): refused, naming the argument (:func:`unspoken`:
  ``locale``, ``--lang``);
- a language a call has its texts in (:func:`call_reading`: reports, checklists, the
  command line): a :class:`Reading`, the call's texts in it, the library's sentences in the
  call's first language if the library speaks it, else English;
- the JSON Schema of such a call (:func:`callrules.schema`, ``callrules schema --call``):
  the call's texts in it, the library's words in English (``callrules._schema.translate``;
  the command line says so);
- the environment (``CALLRULES_LANG``, :func:`setting_language`): English, said in a note;
- the command line's words about itself (a usage error, an interruption:
  :func:`callrules._said.words_language`): the session's (the command refuses the tag);
- a call's own text's typography (:func:`written_in_language`): English's;
- the service (``Accept-Language``, ``callrules.serve._http.language``): negotiated,
  English, the call's texts in the language asked for when it has them.
"""

from __future__ import annotations

import copy
import decimal
import functools
import gettext
import hashlib
import io
import os
import re
import struct
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast, overload

from callrules._file_names import file_named
from callrules._in_words import ExactInWords as ExactInWords  # (errors pickled before 0.42)
from callrules._in_words import (
    InWords,
    KeysInWords,
    LanguagesInWords,
    ListInWords,
    MonthInWords,
    PointedInWords,
    TypedInWords,
    cut,
)
from callrules._inserted import OPEN, inserted, marked
from callrules._invisible import is_blank
from callrules._messages import PHRASES, PLURALS
from callrules._sourced import label_parts
from callrules._spacing import french_spaced
from callrules._tags import language_of, text_key_for
from callrules._time import NOT_PLACES, shown_as_it_is
from callrules.exceptions import (
    ArgumentError,
    DefinitionError,
    NotAFolderError,
    choice_words,
    given_locale,
    locale_tag,
)

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

__all__ = [
    "AROUND",
    "LANGUAGES",
    "PLACES",
    "after_word",
    "around",
    "around_each",
    "conjunction",
    "default_language",
    "distinct_places",
    "file_named",
    "filled",
    "format_number",
    "format_value",
    "join_list",
    "language_of",
    "languages",
    "negotiate",
    "odd_space",
    "phrase",
    "phrase_beside",
    "plural",
    "record_place",
    "register_catalogs",
    "set_language",
    "shown_decimal",
    "source_words",
    "translate",
    "translate_plural",
    "typography",
    "worded",
]

#: The languages the library speaks.
LANGUAGES = ("en", "es", "fr", "pt")
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "callrules"
ENVIRONMENT = "CALLRULES_LANG"

_EXTRA_DIRS: list[Path] = []
#: The catalogs read from each registered folder, by language, as checked when registered.
_EXTRA_CATALOGS: dict[Path, dict[str, gettext.GNUTranslations]] = {}
_CHOSEN: list[str] = []




#: Locale names that name no language but the messages as written (POSIX's ``C`` and
#: ``POSIX``, ``C.UTF-8``): English, the language the messages are written in.
_AS_WRITTEN = frozenset({"c", "posix"})


@overload
def spoken(locale: str, otherwise: str, among: Iterable[str] | None = None) -> str: ...
@overload
def spoken(locale: str, otherwise: None = None,
           among: Iterable[str] | None = None) -> str | None: ...
def spoken(locale: str, otherwise: str | None = None,
           among: Iterable[str] | None = None) -> str | None:
    """The library language a tag names (``fr_CA``, ``FR-ca``, ``fr_FR.UTF-8`` → ``fr``;
    ``pt-BR`` → ``pt``; ``es-419`` → ``es``; ``C`` and ``POSIX`` → ``en``), or ``otherwise``
    when it names none the library speaks (its own, and a platform's
    :func:`register_catalogs`; or those ``among``, a service's: the one choice of a language
    for the library and the service alike): None, or the fallback its caller names (the
    table of fallbacks in the module's docstring).

    >>> spoken("fr_CA"), spoken("de"), spoken("de", otherwise="en")
    ('fr', None, 'en')
    >>> spoken("zh-Hant-TW", among=["en", "zh", "zh_TW"]), spoken("pt-BR", among=["pt"])
    ('zh_TW', 'pt')

    A tag is read as BCP 47 lookup reads it (:func:`~callrules._tags.text_key_for`): a
    platform's catalog named with a region or a script (``zh_TW``, ``sr_Latn``) is the
    language a tag naming it names, however spelt (``zh-tw``, ``zh_TW.UTF-8``), or longer
    (``zh-Hant-TW``, ``zh-HK``, ``sr-Latn-RS``: look76v F3, the library refused what the
    service served).
    """
    if among is None and language_of(locale) in _AS_WRITTEN:
        return "en"  # (a setting's; a browser's ``C`` names no language: none of those among)
    known = tuple(among) if among is not None else (languages() if _EXTRA_DIRS else LANGUAGES)
    found = _spoken_in(known, locale)
    return otherwise if found is None else found


@lru_cache(maxsize=1024)  # (read for every word asked in a language not the library's own)
def _spoken_in(known: tuple[str, ...], locale: str) -> str | None:
    return locale if locale in known else text_key_for(known, locale)


def unspoken(locale: str, also: Iterable[str] = (), argument: str = "locale") -> ArgumentError:
    """The refusal of ``locale``, named explicitly by a caller, in a language the library
    does not speak: an :class:`~callrules.ArgumentError` (``bad_locale``) naming the
    ``argument`` it was given as (``locale``, the command line's ``--lang``) and the
    languages the library speaks (and ``also``: a call's own), never another language
    chosen in its place."""
    known = sorted(set(languages()) | set(also))
    return ArgumentError(f"{argument}: one of {', '.join(known)} was expected, not "
                         f"{locale[:40]!r}", code="bad_locale",
                         words=choice_words(argument, locale, known))


def negotiate(locale: str | None) -> str:
    """The library language for ``locale``, named explicitly by a caller (an argument,
    ``set_language``, ``--lang``): ``es-AR`` → ``es``, ``pt-BR`` → ``pt`` (:func:`spoken`);
    ``None`` is the session's default (:func:`set_language`, else ``CALLRULES_LANG``). A
    language the library does not speak (``de``, ``???``) is refused (:func:`unspoken`), as
    is a locale that is not text (a number, a list, a pandas column of languages): an
    :class:`~callrules.ArgumentError` naming ``locale``, never a language chosen in its
    place. A language read from the environment is negotiated instead
    (:func:`setting_language`).

    >>> negotiate("fr_FR"), negotiate("es-AR"), negotiate("pt-BR"), negotiate("C")
    ('fr', 'es', 'pt', 'en')
    >>> negotiate("de")
    Traceback (most recent call last):
    ...
    callrules.exceptions.ArgumentError: locale: one of en, es, fr, pt was expected, not 'de'
    """
    locale = locale_tag(locale)  # (a babel Locale, as its tag)
    if locale is None:
        return default_language()
    if locale in LANGUAGES:  # already a language of the library's (every word asks again)
        return locale
    lang = spoken(locale)  # (a platform's zh_TW for zh-Hant-TW, as the service chooses)
    if lang is None:
        raise unspoken(locale)
    return lang


def setting_language(setting: str | None) -> str:
    """The library language for a setting read from the environment (``CALLRULES_LANG``),
    which nobody typed for this call: :func:`setting_spoken`'s, else English (a note says
    so where a person reads it, as the command line does); never a refusal.

    >>> setting_language("fr_CA.UTF-8"), setting_language("de_CH"), setting_language(None)
    ('fr', 'en', 'en')
    """
    return (setting_spoken(setting) if setting else None) or "en"


def setting_spoken(setting: str) -> str | None:
    """The language a setting names that the library speaks (:func:`spoken`), read as
    gettext reads ``LANGUAGE``: a list of languages separated by colons, the first of them
    the library speaks (``de:pt_BR:es`` → ``pt``, ``fr:en`` → ``fr``); None if it speaks
    none of them.

    >>> setting_spoken("pt_BR:pt"), setting_spoken("de:es"), setting_spoken("de:it")
    ('pt', 'es', None)
    """
    for part in setting.split(":"):
        lang = spoken(part) if part.strip() else None
        if lang is not None:
            return lang
    return None


def written_in_language(locale: str | None) -> str:
    """The language whose typography (spacing, quotation marks, Spanish « e »/« u ») a text
    in ``locale`` is written with: the library's for a language it speaks, else English's; a
    call's own text in Italian is no reader's choice, never refused (:func:`negotiate`)."""
    locale = locale_tag(locale)
    if locale is None:
        return default_language()
    return locale if locale in LANGUAGES else spoken(locale, otherwise="en")


class Reading(str):
    """The library language a reader is answered in (its catalogs' words), for a reader who
    asked for ``own``, another language that a call has its texts in: the call's own texts
    (title, clauses, labels) come in ``own``, the library's sentences in this language."""

    own: str

    def __new__(cls, lang: str, own: str) -> Reading:
        made = super().__new__(cls, lang)
        made.own = own
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (Reading, (str(self), self.own))


def call_reading(locale: str | None, languages: Iterable[str], fallback: str | None = None) -> str:
    """The reader's language for a call in ``languages``: :func:`negotiate`'s; for a
    language the library has no catalog for but the call has its texts in (``it`` for a
    call in German and Italian), a :class:`Reading` of it, the library's sentences in
    ``fallback`` (the call's first language) if the library speaks it, else English; a
    language neither speaks is refused (:func:`unspoken`, naming the call's too)."""
    locale = locale_tag(locale)  # (a babel Locale, as its tag: its call texts too)
    if locale is None or locale in LANGUAGES:
        return negotiate(locale)
    lang = spoken(locale)
    if lang is not None:
        return lang
    asked, own = language_of(locale), tuple(languages)
    if asked and asked in own:
        return Reading(spoken(fallback, otherwise="en") if fallback else "en", asked)
    raise unspoken(locale, own)


def set_language(locale: str | None) -> str:
    """Choose the language of every display of this session (``str(report)``, notebook
    tables, the progress bar): ``callrules.set_language("fr")``. ``None`` goes back to the
    ``CALLRULES_LANG`` environment variable, or English. Returns the language chosen. A
    language the library does not speak (``de``) is refused as :func:`negotiate` refuses
    it, and the session's language is kept."""
    locale = given_locale(locale)  # (a text naming no language: refused, the choice kept)
    lang = None if locale is None else negotiate(locale)  # (one not spoken: refused, kept)
    _CHOSEN.clear()
    if lang is not None:
        _CHOSEN.append(lang)
    return default_language()


def chosen_language() -> str | None:
    """The language :func:`set_language` chose for the session (None: none was chosen, the
    ``CALLRULES_LANG`` environment variable or English speaks), to put it back after a
    while."""
    return _CHOSEN[0] if _CHOSEN else None


def default_language() -> str:
    """The session's language: :func:`set_language`'s, else ``CALLRULES_LANG``'s, else en."""
    if _CHOSEN:
        return _CHOSEN[0]
    return setting_language(os.environ.get(ENVIRONMENT))


#: A catalog folder's name a reader can ask for, by ``Accept-Language`` or ``?lang=``: ASCII
#: letters and digits, ``-``, ``_``, ``.`` and ``@`` between them (``zh_TW``, ``sr@latin``,
#: ``fr_FR.UTF-8``); never ``ру`` or ``fr_ÇA``, which no header carries and two of which
#: would be said one tag (``und``).
LOCALE_NAME = re.compile(r"[A-Za-z0-9]+(?:[-_.@][A-Za-z0-9]+)*", re.ASCII)


def register_catalogs(folder: str | Path) -> None:
    """Add a platform's catalogs: ``folder/<lang>/LC_MESSAGES/callrules.mo``. A language
    found there (``de``, ``it``…) becomes one the library speaks; for a language the library
    has, the platform's translations take precedence, message by message.

    The catalogs are read and checked now, and kept as read: a file that is not a compiled
    catalog, or a translation that names a value its message does not give (``%(nope)s``)
    or that cannot be filled (a lone ``%``), or that leaves out the count the progress bar
    shows (``%(count)s``), or whose header declares its plural forms without their number
    (``nplurals``) or their formula (``plural=``), or whose folder is named otherwise than
    by ASCII letters and digits with ``-``, ``_``, ``.`` or ``@`` between them (``ру``,
    ``fr_ÇA``: no ``Accept-Language`` can ask for it; name it by its ISO 639 code), is
    refused with a
    :class:`~callrules.DefinitionError` (``bad_catalog``) naming the file and the message,
    and nothing of the folder is registered; never an error of every later message. Empty
    text (``""``, spaces: an unset environment variable) is an
    :class:`~callrules.ArgumentError`, never the working folder read in its place."""
    if isinstance(folder, str) and not folder.strip():
        raise ArgumentError(phrase_sentence("catalogs_empty_text", "en"),
                            code="folder_empty_text", words=("catalogs_empty_text", {}))
    path = NotAFolderError.check(folder)
    read = {}
    for place in sorted(path.iterdir()):
        file = place / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if file.is_file():
            if not LOCALE_NAME.fullmatch(place.name):
                raise DefinitionError(
                    f"the catalog folder {place.name[:80]!r} is no locale name a reader can "
                    f"ask for (ASCII letters and digits, - _ . @ between them)",
                    code="bad_catalog", source=str(file),
                    hint="name the folder by its language's ISO 639 code (ru, zh_TW)",
                    words=("catalog_folder_not_a_locale_name", {"lang": place.name[:80]}))
            read[place.name] = checked_catalog(file)
    with _changing_words():
        _EXTRA_CATALOGS[path] = read
        if path not in _EXTRA_DIRS:
            _EXTRA_DIRS.insert(0, path)


def registered_digest() -> str:
    """The digest of the catalogs a platform registered (:func:`register_catalogs`), in the
    order they take precedence (16 hexadecimal digits), or ``""`` when none is: each
    language and each message with its translation, never the folder's path (the same
    catalogs registered from another folder, on another machine, are the same words)."""
    if not _EXTRA_DIRS:
        return ""
    hashed = hashlib.blake2b(digest_size=8)
    for folder in _EXTRA_DIRS:
        for lang, catalog in sorted(_EXTRA_CATALOGS.get(folder, {}).items()):
            entries: Mapping[object, str] = getattr(catalog, "_catalog", None) or {}
            hashed.update(f"\0{lang}\0".encode())
            for key, text in sorted((repr(key), str(text)) for key, text in entries.items()):
                hashed.update(f"{key}\0{text}\0".encode())
        hashed.update(b"\1")
    return hashed.hexdigest()


#: What forgets words worked out once (a memo keyed by language) when the catalogs they
#: were worked out from change: a registration (:func:`_changing_words`) and
#: :func:`words_changed` call each.
_FORGET: list[Callable[[], object]] = []


def forget_on_new_words(clear: Callable[[], object]) -> None:
    """Have ``clear`` called whenever the catalogs change (:func:`words_changed`): a memo of
    words kept by language, which would otherwise keep a platform's words, or the library's,
    after the catalogs said otherwise."""
    _FORGET.append(clear)


#: The state of the catalogs: even while they stand, odd while a registration changes
#: them (:func:`_changing_words`); each change moves it on by two. A memo of words kept
#: with the state it was worked out in (:func:`consistent`) is worked out again once the
#: state moved on, even when its work began before the change and ended after it (look75g
#: F6: ``labels()`` begun before a registration kept the languages of before).
_STATE = [0]
_CHANGING = threading.Lock()  # (one change at a time: the state's two steps its own)

_T = TypeVar("_T")


@contextmanager
def _changing_words() -> Iterator[None]:
    """The catalogs changed within: the state odd meanwhile, moved on after, and every
    memo forgotten (:func:`_forget_words`)."""
    with _CHANGING:
        _STATE[0] += 1
        try:
            yield
        finally:
            _STATE[0] += 1
            _forget_words()


#: How many times :func:`consistent` works anew before it works under the registrations'
#: lock (a registration is a few assignments: one overlapping a work is rare, eight never).
_RETRIES = 8


def consistent(work: Callable[[], _T]) -> tuple[int, _T]:
    """``work()`` (words worked out from the catalogs) done while they stood still, with
    the state it was done in: done again when a registration changed them meanwhile, so that
    what it gives is one state of the catalogs, never the languages of before with words of
    after. Bounded (look76v F7): after :data:`_RETRIES` tries overlapped by registrations,
    or when one is under way (the state odd), the work is done under the registrations'
    lock (waiting the registration out, never spinning)."""
    for _ in range(_RETRIES):
        before = _STATE[0]
        if before % 2:
            break  # (a registration under way: waited out on its lock)
        value = work()
        if _STATE[0] == before:
            return before, value
    with _CHANGING:
        return _STATE[0], work()


def kept_in_state(memo: dict[Any, tuple[int, _T]], key: Any, work: Callable[[], _T]) -> _T:
    """``memo[key]``, worked out by ``work`` (:func:`consistent`) in the catalogs' state it
    is kept with; worked out again once a registration moved the state on (the one memo
    of words across a registration: a language's catalogs, the service's labels).

    >>> memo: dict[str, tuple[int, str]] = {}
    >>> kept_in_state(memo, "fr", lambda: "a"), kept_in_state(memo, "fr", lambda: "b")
    ('a', 'a')
    """
    kept = memo.get(key)
    if kept is not None and kept[0] == _STATE[0]:
        return kept[1]
    state, value = consistent(work)
    memo[key] = (state, value)
    return value


class _WordsMemo(Protocol[_T]):
    """``work`` kept by its arguments and the catalogs' state it began in: a reading begun
    before a registration and ended after it is kept under the state of before, which no
    later reading asks for (look76v F5: ``zone_label`` read across a registration kept
    « heure de Lima » for the platform's « fuseau de Lima »)."""

    __wrapped__: Callable[..., _T]

    def __call__(self, *args: Any) -> _T: ...

    def cache_clear(self) -> None: ...


def words_memo(maxsize: int) -> Callable[[Callable[..., _T]], _WordsMemo[_T]]:
    """A memo of words worked out from the catalogs (``lru_cache`` with ``maxsize``), kept
    by the catalogs' state as well as its arguments (:class:`_WordsMemo`), and forgotten at
    each registration (:func:`forget_on_new_words`)."""
    def memo(work: Callable[..., _T]) -> _WordsMemo[_T]:
        cached = lru_cache(maxsize=maxsize)(lambda state, *args: work(*args))
        state = _STATE

        def read(*args: Any) -> _T:
            return cached(state[0], *args)

        kept: Any = functools.update_wrapper(read, work)
        kept.cache_clear = cached.cache_clear
        forget_on_new_words(cached.cache_clear)
        return cast("_WordsMemo[_T]", kept)
    return memo


def words_state() -> int:
    """The catalogs' state (even while they stand, moved on by each registration): what a
    memo of words is kept by beside its own key, read before its work begins, so that a
    reading crossing a registration is never kept as a reading of after it."""
    return _STATE[0]


def words_changed() -> None:
    """The catalogs changed where :func:`register_catalogs` did not change them (the
    registries put back as they were, as a test's ``kept_registries`` does; a registered
    folder's files rewritten in place): the state moved on and every memo of words
    forgotten, as after a registration (:func:`_changing_words`)."""
    with _CHANGING:
        _STATE[0] += 2
        _forget_words()


def _forget_words() -> None:
    _CATALOGS.clear()
    for clear in _FORGET:
        clear()


#: A placeholder of a message (``%(name)s``, ``%(n)d``): its name and its conversion.
_PLACEHOLDER = re.compile(r"%%|%\((\w+)\)[#0\- +]*\d*(?:\.\d+)?([a-zA-Z])")


def _placeholders(text: str) -> set[tuple[str, str]]:
    """The ``%(name)kind`` placeholders of ``text``, not what a ``%%`` (a percent sign as
    written) is followed by: ``%%(0)A`` is text."""
    return {(name, kind) for name, kind in _PLACEHOLDER.findall(text) if name}


_SAMPLES = {"d": 1, "i": 1, "f": 1.5, "e": 1.5, "g": 1.5}

#: The messages whose every translation keeps a value of theirs, and why: the progress
#: bar's words are all it shows of the count (a translation without it, a bar that never
#: changes, batmend76).
_KEPT = {PLURALS["checked"][0]: (("count", "s"), "the progress bar would show no count")}


#: The counts a catalog's plural formula is tried on when it is registered: every count to
#: 1,000 (what the rules of the languages look at: the last digits, up to the hundreds),
#: then around each power of ten up to the largest count a message says.
_PLURAL_COUNTS = (*range(1001), *(10 ** k + d for k in range(4, 19) for d in (-1, 0, 1)))
#: The most plural forms a language has: CLDR's six categories (zero, one, two, few, many,
#: other; Arabic says each).
MOST_PLURAL_FORMS = 6
#: The number of plural forms a catalog's header declares, its first segment (``nplurals=3``).
_NPLURALS = re.compile(r"\s*nplurals\s*=\s*([0-9]+)\s*")


def _plural_fault(header: str | None,
                  catalog: gettext.GNUTranslations | None = None,
                  ) -> tuple[str, dict[str, str]] | None:
    """What is wrong with a catalog's ``Plural-Forms`` header (None: none, gettext's own
    ``n != 1`` then), read as gettext reads it (its formula after ``plural=`` in the second
    segment, split at ``;``), as the words of a message (its key and values), or None: no
    number of forms (``nplurals``) in its first segment, or no formula in its second; a number
    of forms beyond 1 to :data:`MOST_PLURAL_FORMS`; a formula gettext cannot read
    (``plural=n+``), or that raises (``plural=n / 0``: an error of every later plural
    message, att82 F9) or gives a form beyond those declared (the message would be said in
    English instead, silently) for a count of :data:`_PLURAL_COUNTS`."""
    if header is None:
        return None
    segments = header.split(";")
    declared = _NPLURALS.fullmatch(segments[0])
    formula = segments[1].partition("plural=")[2].strip() if len(segments) > 1 else ""
    if not declared or not formula:
        return "catalog_plural_forms_incomplete", {}
    forms = int(declared.group(1)) if len(declared.group(1)) <= 3 else MOST_PLURAL_FORMS + 1
    if not 1 <= forms <= MOST_PLURAL_FORMS:
        return "catalog_plural_forms_count", {"most": str(MOST_PLURAL_FORMS)}
    wrong = "catalog_plural_rule_wrong", {"rule": formula[:80], "last": str(forms - 1)}
    if catalog is None:  # (gettext failed to read the catalog: it reads the header alone)
        try:
            catalog = _header_catalog(header)
        except Exception:  # (the formula is the catalog's, read by gettext: its own errors)
            return wrong
    plural = catalog.plural  # type: ignore[attr-defined]
    for count in _PLURAL_COUNTS:
        try:
            form = plural(count)
        except Exception:  # (the formula is the catalog's, read by gettext)
            return wrong
        if not isinstance(form, int) or not 0 <= form < forms:
            return wrong
    return None


def _header_catalog(plural_forms: str) -> gettext.GNUTranslations:
    """The catalog of one header, ``plural_forms`` its ``Plural-Forms``, as gettext reads it
    (its formula read as gettext reads a catalog's, never by a helper of ours turning text
    into code: reread77 4); gettext's own error if it cannot read it.

    >>> _header_catalog(" nplurals=2; plural=(n != 1);").plural(5)
    1
    """
    text = ("Content-Type: text/plain; charset=UTF-8\nPlural-Forms:"
            f"{plural_forms}\n").encode("utf-8", "replace")
    start = 7 * 4 + 2 * 2 * 4  # (the header, then the two tables of one entry each)
    mo = struct.pack("<9I", 0x950412DE, 0, 1, 28, 36, 0, 0, 0, start) \
        + struct.pack("<2I", len(text), start + 1) + b"\0" + text + b"\0"
    return gettext.GNUTranslations(io.BytesIO(mo))


#: Each fault of a ``Plural-Forms`` header (:func:`_plural_fault`) in English, for ``str()``.
_PLURAL_FAULTS = {
    "catalog_plural_forms_incomplete":
        "declares its plural forms (Plural-Forms) without their number (nplurals=2;) or "
        "without the formula choosing one (plural=(n != 1);)",
    "catalog_plural_forms_count":
        "declares a number of plural forms (nplurals) beyond 1 to %(most)s",
    "catalog_plural_rule_wrong":
        "has a plural formula (%(rule)r) that cannot be read, or that fails or gives no "
        "form from 0 to %(last)s for some count",
}


def _raw_plural_forms(file: Path) -> str | None:
    """The ``Plural-Forms`` header of the compiled catalog ``file`` as written, or None: read
    from its bytes, for a catalog gettext failed to read."""
    try:
        found = re.search(rb"(?im)^plural-forms:([^\n]*)", file.read_bytes())
    except OSError:
        return None
    return found.group(1).decode("utf-8", "replace") if found else None


def checked_catalog(file: Path) -> gettext.GNUTranslations:
    """The catalog compiled in ``file``, each translation checked against its message: it
    names only the values the message names, converted as the message converts them, and
    fills; its plural formula gives one of its forms for every count tried
    (:func:`_plural_fault`); :class:`~callrules.DefinitionError` (``bad_catalog``)
    otherwise."""
    def refused(why: str, message: str | None = None,
                words: tuple[str, Mapping[str, str]] | None = None) -> DefinitionError:
        said = "the catalog" if message is None else f"the translation of {message[:80]!r}"
        return DefinitionError(f"{said} {why}", code="bad_catalog", source=str(file),
                               hint="compile the catalog with pybabel compile --statistics "
                                    "(msgfmt --check), from a .po file whose translations use "
                                    "the placeholders of their messages", words=words)
    # a header's plural forms without their number or their formula (``nplurals=2`` alone),
    # with too many, or with a formula gettext cannot read or that fails: refused in the
    # library's words, in the reader's language, never in gettext's own (« list index out of
    # range », « unexpected end of plural form », which it raises reading such a header:
    # att85, look77v)
    def faulty(fault: tuple[str, dict[str, str]]) -> DefinitionError:
        key, values = fault
        return refused(_PLURAL_FAULTS[key] % values,
                       words=(key, {"lang": file.parent.parent.name, **values}))
    try:
        with file.open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)
    except (OSError, ValueError, LookupError, IndexError, OverflowError,
            struct.error) as exc:
        fault = _plural_fault(_raw_plural_forms(file)) \
            if isinstance(exc, (IndexError, ValueError)) else None
        if fault is not None:
            raise faulty(fault) from None
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise refused(f"is not a compiled gettext catalog (.mo) that can be read: "
                      f"{why[:200]}") from None
    header = getattr(catalog, "_info", {}).get("plural-forms")
    fault = _plural_fault(None if header is None else str(header), catalog)
    if fault is not None:
        raise faulty(fault)
    plurals = dict(PLURALS.values())
    entries: dict[object, str] = getattr(catalog, "_catalog", {})
    for key, translation in entries.items():
        message = key[0] if isinstance(key, tuple) else key
        if not message or not isinstance(message, str) or not isinstance(translation, str):
            continue  # the header
        wanted = _placeholders(message)
        if isinstance(key, tuple):  # a plural form: its plural message's and the count's
            wanted |= _placeholders(plurals.get(message, "")) | {("n", "d"), ("n", "s")}
        if "%" not in translation and not wanted:
            continue
        extra = sorted({f"%({name}){kind}" for name, kind in _placeholders(translation)
                        if (name, kind) not in wanted})
        if extra:
            raise refused(f"names {', '.join(extra)}, which the message does not give",
                          message)
        kept = _KEPT.get(message)
        if kept is not None and kept[0] not in _placeholders(translation):
            raise refused(f"leaves out %({kept[0][0]}){kept[0][1]}: {kept[1]}", message)
        if "%" in message or wanted:  # a message filled with values: its translation fills
            try:
                translation % {name: _SAMPLES.get(kind, "x") for name, kind in wanted}
            except (ValueError, TypeError, KeyError) as exc:
                raise refused(f"cannot be filled ({exc}): a percent sign is written %%",
                              message) from None
    return catalog


def languages() -> tuple[str, ...]:
    """The languages messages can be read in: built in, and registered by a platform."""
    extra = {lang for d in _EXTRA_DIRS for lang in _EXTRA_CATALOGS.get(d, {})}
    return tuple(sorted(set(LANGUAGES) | extra))


#: Each language's catalog chain, with the catalogs' state it was read in (:func:`consistent`).
_CATALOGS: dict[str, tuple[int, gettext.NullTranslations]] = {}


def _catalog(lang: str) -> gettext.NullTranslations:
    """``lang``'s catalogs, a platform's first (the most recently registered first), then the
    library's; read once a state of the catalogs (look75g F6: one read while a platform
    registered was kept, its words of before served until the next registration)."""
    return kept_in_state(_CATALOGS, lang, lambda: _chained(lang))


def _chained(lang: str) -> gettext.NullTranslations:
    catalog = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
    for folder in reversed(_EXTRA_DIRS):  # the most recently registered wins
        extra = _EXTRA_CATALOGS.get(folder, {}).get(lang)
        if extra is None:
            continue
        extra = copy.copy(extra)  # its own fallback, whatever was registered before
        extra.add_fallback(catalog)
        catalog = extra
    return catalog


def worded(message: str, locale: str | None) -> bool:
    """Whether a catalog of ``locale``'s language words ``message`` (an English msgid):
    always in English; in another language, False where :func:`translate` gives the English
    back for want of a translation (a platform's catalog made before the message was one).

    >>> worded("Verdict", "fr"), worded("No such message", "fr"), worded("No such", "en")
    (True, False, True)
    """
    lang = negotiate(locale)
    if lang == "en":
        return True
    link: gettext.NullTranslations | None = _catalog(lang)
    while link is not None:
        if message in (getattr(link, "_catalog", None) or {}):
            return True
        link = getattr(link, "_fallback", None)
    return False


def translate(message: str, locale: str | None) -> str:
    """``message`` (an English msgid) in ``locale``'s language."""
    return _catalog(negotiate(locale)).gettext(message)


def translate_plural(forms: tuple[str, str], n: int, locale: str | None) -> str:
    """The form for ``n`` of ``forms`` (English singular and plural msgids, marked
    ``Nn_``) in ``locale``'s language, unfilled."""
    return _catalog(negotiate(locale)).ngettext(forms[0], forms[1], n)


def plural(key: str, n: int, locale: str | None, **values: object) -> str:
    """The message ``PLURALS[key]`` in the form for ``n``, translated and filled."""
    singular, many = PLURALS[key]
    text = _catalog(negotiate(locale)).ngettext(singular, many, n)
    return filled(text, {"n": n, **values}, locale) if "%(" in text else text


def _invisible(char: str) -> bool:
    """Whether ``char`` draws nothing a reader could tell from a space or from nothing: a
    blank (:func:`callrules._invisible.is_blank`: a control or format character, a
    separator, a space, a variation selector, a Hangul filler, the blank braille pattern…)
    but the space, its exception here (a message shows it as it is); and a surrogate or a
    private use character, named too."""
    return (char != " " and is_blank(char)) or unicodedata.category(char) in ("Cs", "Co")


#: Characters that join the letters or symbols around them and are part of the text typed:
#: the zero-width non-joiner and joiner (Persian, the scripts of India, emoji sequences) and
#: the text and emoji variation selectors (``❤️``), shown as typed where they join.
_JOINING = frozenset("\u200c\u200d\ufe0e\ufe0f")
#: The selectors, which join the character before them only.
_SELECTORS = frozenset("\ufe0e\ufe0f")
#: What a keycap (U+20E3) is drawn on: a digit, ``#`` or ``*`` and its emoji selector.
_KEYCAP_BASES = frozenset("0123456789#*")


def _joinable(char: str) -> bool:
    """Whether a joiner may join ``char``: a letter, a mark or a symbol beyond ASCII, drawn."""
    return not char.isascii() and unicodedata.category(char)[0] in "LMS" \
        and not _invisible(char)


def _joined(char: str, joins: bool, after: str, before: str) -> bool:
    """Whether ``char``, an invisible character of a text, is part of the text typed and is
    shown as typed (:func:`visible`): a selector (:data:`_SELECTORS`) right after a character
    it may join (:func:`_joinable`), or on a keycap's base before the keycap (``1️⃣``); the
    zero-width non-joiner or joiner between two characters it may join (``joins``: the one
    before, or a joiner before shown as typed).

    >>> [_joined(c, j, a, b) for c, j, a, b in [("\\u200d", True, "\\u0937", "\\u094d"),
    ...     ("\\u200d", True, "1", "\\u0937"), ("\\u200d", False, "\\u0937", "v"),
    ...     ("\\ufe0f", False, "\\u20e3", "1"), ("\\ufe0f", False, "", "a"),
    ...     ("\\u200b", True, "\\u0937", "\\u0937")]]
    [True, False, False, True, False, False]
    """
    if char in _SELECTORS:
        return _joinable(before) or (before in _KEYCAP_BASES and after == "\u20e3")
    return char in _JOINING and joins and _joinable(after)


#: How many characters a long value is shown by on either side of the one a note is about.
AROUND = 24


def around(text: str, at: int) -> tuple[str, str, str]:
    """A long ``text`` (over twice :data:`AROUND` characters) as a note shows it, around its
    character at ``at``: an ellipsis if cut before, the part shown, an ellipsis if cut
    after; a shorter one whole (``("", text, "")``).

    >>> around("abc", 1), around("x" * 30 + "!" + "y" * 30, 30)[::2]
    (('', 'abc', ''), ('…', '…'))
    """
    if len(text) <= 2 * AROUND:
        return "", text, ""
    start, end = max(0, at - AROUND), at + AROUND
    return ("…" if start else ""), text[start:end], ("…" if end < len(text) else "")


def around_each(text: str, places: Iterable[int], locale: str | None) -> str:
    """A long ``text`` (over twice :data:`AROUND` characters) as a note naming its
    characters at ``places`` shows it, in ``locale``'s words: a stretch around each, those
    that meet joined, an ellipsis where it is cut (before, between two, after); each stretch
    :data:`AROUND` characters either side of its place for one or two places, fewer for more
    (at least four), so that what is shown stays bounded however many there are. A shorter
    text whole. Each stretch as :func:`visible` shows it (an invisible character named).

    >>> around_each("a" * 60 + "!" + "b" * 60 + "?" + "c" * 60, [60, 121], "en").count("…")
    3
    """
    at = sorted(set(places))
    if len(text) <= 2 * AROUND or not at:
        return visible(text, locale)
    reach = AROUND if len(at) <= 2 else max(4, 2 * AROUND // len(at))
    spans: list[list[int]] = []
    for place in at:
        start, end = max(0, place - reach), min(len(text), place + reach)
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    return "".join(["…" if spans[0][0] else "",
                    "…".join(visible(text[a:b], locale) for a, b in spans),
                    "…" if spans[-1][1] < len(text) else ""])


def visible(text: str, locale: str | None) -> str:
    """``text`` (a value an applicant typed) as a message shows it: as typed, each invisible
    character (:func:`_invisible`: a no-break space, a zero-width space, a tab…) named in
    words between brackets, in ``locale``'s language: ``[espace insécable]FR``; but a
    joiner or a selector where it joins (:func:`_joined`: « مهسا‌رضایی », ``1️⃣``, 👨‍👩‍👧), as
    typed, and named alone, at an edge or next to ASCII (``v‍1``).

    >>> visible("\u0645\u200c\u0631", "en") == "\u0645\u200c\u0631", visible("v\u200d1", "en")
    (True, 'v[invisible character U+200D]1')
    """
    if text.isascii() and text.isprintable():
        return text
    out, last = [], 0
    for at in named_at(text):
        char = text[at]
        key = f"char_{ord(char):04x}"
        other = "char_space" if unicodedata.category(char) == "Zs" else "char_other"
        out += [text[last:at], phrase(key, locale) if key in PHRASES else
                phrase(other, locale, code=f"{ord(char):04X}")]
        last = at + 1
    return "".join([*out, text[last:]])


def odd_space(char: str) -> bool:
    """Whether ``char`` is a space a person sees, though not the ordinary one: a no-break, a
    narrow, an em, a thin, a figure or an ideographic space, a tab."""
    return char == "\t" or (char != " " and unicodedata.category(char) == "Zs")


def named_at(text: str) -> list[int]:
    """Where in ``text`` are the characters :func:`visible` names: each invisible one, but a
    joiner or a selector where it joins, kept as typed (:func:`_joined`).

    >>> named_at("2026\u200b \u0645\u200c\u0631")
    [4]
    """
    if text.isascii() and text.isprintable():
        return []
    places = []
    joins = False  # whether the character before may be joined (:func:`_joined`)
    for at, char in enumerate(text):
        if not _invisible(char) or _joined(char, joins, text[at + 1:at + 2], text[at - 1:at]):
            joins = _invisible(char) or _joinable(char)  # (an invisible one: a joiner kept)
            continue
        joins = False
        places.append(at)
    return places


def phrase(key: str, locale: str | None, **values: object) -> str:
    """A report phrase by key, translated and filled."""
    text = translate(PHRASES[key], locale)
    return filled(text, _in_words(values, locale), locale) if values else text


def record_place(place: int | str, locale: str | None) -> str:
    """Where a record of a batch was given, as a sentence names it: its source in words
    (:func:`source_words`), or, for a record given bare (a number: its place in the batch,
    from 1), that number in the reader's words and digits.

    >>> record_place(1234, "fr"), record_place(3, "es"), record_place("a.jsonl:3", "pt")
    ('enregistrement 1\u202f234', 'registro 3', 'a.jsonl, linha 3')
    """
    if isinstance(place, int) and not isinstance(place, bool):
        return phrase("record_in_batch", locale, n=format_exact(place, locale))
    return source_words(str(place), locale)


def source_words(source: str, locale: str | None) -> str:
    """A record's source (``batch.jsonl:7``, ``batch.json[2]``, ``batch.jsonl:8[0]``) in
    ``locale``'s words: its file (invisible characters named), the line, and the item of the
    list counted from 1, never an index from 0; numbers in the reader's digits. A source of
    another form is said as it is.

    >>> source_words("batch.json[2]", "fr"), source_words("b.jsonl:8[0]", "en")
    ('batch.json, élément 3 de la liste', 'b.jsonl, line 8, item 1 of the list')
    >>> source_words("<stdin>:1200", "pt"), source_words("folder", "es")
    ('<stdin>, linha 1.200', 'folder')

    A file given by its absolute path, or found in a folder so given, is said by its folder
    and name (:func:`file_named`), as a person reads it:

    >>> source_words("/srv/calls/2027/in/batch.json[2]", "en")
    'in/batch.json, item 3 of the list'

    The applications of a page read as an item of a list (``arr.json[0][1]``: the first
    page, its second application) are said by the page and their item in its list:

    >>> source_words("arr.json[0][1]", "en"), source_words("b.jsonl:4[1][0]", "fr")
    ('arr.json, page 1, item 2 of the list', 'b.jsonl, ligne 4, page 2, élément 1 de la liste')
    """
    file, line, item = label_parts(source)
    # A page's applications (``arr.json[0][1]``): each index before the last one is a
    # page's place, read off the file's name.
    pages: list[int] = []
    while item is not None and line is None:
        outer, at, page = label_parts(file)
        if page is None:
            break
        file, line = outer, at
        pages.insert(0, page)
    if not file:  # (no file: said as it is)
        return visible(source, locale)
    said = visible(file_named(file), locale)
    if line is not None:
        said = phrase("source_line", locale, file=said, line=format_exact(line, locale))
    for page in pages:
        said = phrase("source_page", locale, file=said, line=format_exact(page + 1, locale))
    if item is not None:
        said = phrase("source_item", locale, file=said, line=format_exact(item + 1, locale))
    return said


def phrase_beside(key: str, beside: str, locale: str | None, **values: object) -> str | None:
    """The phrase ``beside`` as the catalog that words the phrase ``key`` words it, filled: a
    part of a sentence its sentence's catalog shapes (a side of a count of days, quoted in
    its words or not); the English message when no catalog words ``key``; None when the
    catalog that words it does not word ``beside`` (a platform's, registered before the
    part was a message of its own: the part is then said as that catalog's sentence
    expects, never as another catalog's sentence would)."""
    message = PHRASES[key]
    link: gettext.NullTranslations | None = _catalog(negotiate(locale))
    text: str | None = PHRASES[beside]
    while link is not None:
        entries: Mapping[object, str] = getattr(link, "_catalog", None) or {}
        if message in entries:
            text = entries.get(PHRASES[beside])
            break
        link = getattr(link, "_fallback", None)
    if text is None:
        return None
    return filled(text, _in_words(values, locale), locale) if values else text


#: What may stand before a value's first word without being heard: quotes, an opening mark,
#: a space, the mark of a value inserted (callrules._inserted).
_UNHEARD = f" \u00a0\u202f«“\"'‘(¿¡{OPEN}"
#: A word that begins with the sound i (« inglés », « hijo », « Italia »), not with a
#: diphthong (« hielo », « hiato », « ion »): Spanish joins it with « e », not « y ».
_I_SOUND = re.compile(r"h?(?:[ií](?![aeouáéóú])|í)", re.IGNORECASE)
#: A word or a number that begins with the sound o (« otro », « holandés », « 8 », « 11 »,
#: « 11 000 »): Spanish chooses between it and another with « u », not « o ».
_O_SOUND = re.compile(r"h?[oó]", re.IGNORECASE)
#: A conjunction of a Spanish template just before a placeholder (« y «%(code)s» »).
_SEAM = re.compile(r"(?<!\S)([yo])(?=\s+[«“]?\s*%\((\w+)\)s)")


def conjunction(word: str, following: str, locale: str | None) -> str:
    """The conjunction ``word`` (Spanish « y » or « o ») as it is written before
    ``following``: « e » before the sound i, « u » before the sound o; any other word, or
    any other language, as it is.

    >>> [conjunction("y", w, "es") for w in ("inglés", "«Italia»", "hijo", "hielo", "ion")]
    ['e', 'e', 'e', 'y', 'y']
    >>> [conjunction("o", w, "es") for w in ("otro", "hora", "8", "11 000", "110", "uno")]
    ['u', 'u', 'u', 'u', 'o', 'o']
    >>> conjunction("e", "inglês", "pt"), conjunction("ou", "outro", "fr")
    ('e', 'ou')
    """
    if word not in ("y", "o") or written_in_language(locale) != "es":
        return word
    heard = following.lstrip(_UNHEARD)
    if word == "y":
        return "e" if _I_SOUND.match(heard) else word
    digits = re.match(r"[0-9][0-9 .\u00a0\u202f]*", heard)
    if digits:  # « ocho… », « once », « once mil », « once millones »: not « ciento diez »
        whole = re.sub(r"\D", "", digits[0].rstrip(" .\u00a0\u202f"))
        return "u" if whole[0] == "8" or (whole[:2] == "11" and len(whole) % 3 == 2) else word
    return "u" if _O_SOUND.match(heard) else word


#: The quotes a language's words put around a label, and those a label holds inside them
#: become (the other level: « … “…” … » in French and Spanish, “… ‘…’ …” in English and
#: Portuguese).
_INNER_QUOTES = {
    "fr": ((re.compile("«[ \u00a0\u202f]*"), "“"), (re.compile("[ \u00a0\u202f]*»"), "”")),
    "es": ((re.compile("«"), "“"), (re.compile("»"), "”"))}
_INNER_CURLY = ((re.compile("“"), "‘"), (re.compile("”"), "’"))


def inner_quotes(label: str, locale: str | None, around: str | None = None) -> str:
    """``label`` as it is written inside the quotes of ``locale``'s words: the quotes it
    holds of the same kind as those put around it, of the other level (never « «fecha «de
    apertura»» », nor “data “de abertura””); ``around``: the opening mark a sentence puts
    around it when a catalog chose it (a platform's French « entre “%(start)s” et … »): the
    other level of that mark's.

    >>> inner_quotes("fecha «de apertura»", "es"), inner_quotes("date « d’ouverture »", "fr")
    ('fecha “de apertura”', 'date “d’ouverture”')
    >>> inner_quotes("data “de abertura”", "pt"), inner_quotes("“total” sum", "en")
    ('data ‘de abertura’', '‘total’ sum')
    >>> inner_quotes("fecha “de apertura”", "es"), inner_quotes("date", "fr")
    ('fecha “de apertura”', 'date')
    >>> inner_quotes("date “d’ouverture”", "fr", "“"), inner_quotes("data «x»", "pt", "«")
    ('date ‘d’ouverture’', 'data “x”')
    """
    if "«" not in label and "“" not in label:
        return label  # (most labels)
    if around is None:  # (the language's own quotes around it)
        table = _INNER_QUOTES.get(written_in_language(locale), _INNER_CURLY)
    elif around == "«":  # (guillemets around it: its own turned curly)
        table = _INNER_QUOTES.get(written_in_language(locale), _INNER_QUOTES["fr"])
    else:  # (curly quotes around it: its own turned single)
        table = _INNER_CURLY
    for found, written in table:
        label = found.sub(written, label)
    return label


def filled(template: str, values: Mapping[str, object], locale: str | None) -> str:
    """``template % values``, a Spanish conjunction just before a value written as the value
    asks (« por país de origen e Italia (IT) ya alcanzó… »: :func:`conjunction`)."""
    if written_in_language(locale) == "es" and _SEAM.search(template):
        def seam(found: re.Match[str]) -> str:  # (a value missing: % says so, as before)
            return conjunction(found[1], str(values[found[2]]), locale)
        template = _SEAM.sub(seam, template)
    return template % values


#: An ordinary or no-break space before a mark French writes after a narrow no-break space.
def typography(text: str, locale: str | None) -> str:
    """``text`` with its first letter capital, and in French, a narrow no-break space
    (U+202F) before ``; : ! ?`` and inside « » where a space was written: a space is
    replaced, never one inserted (``Re:``, ``info@cnrs.fr!``, ``C#;``, ``&gt;`` are kept as
    written). The library's own words are written spaced (the catalog; :func:`after_word`
    where the code joins words with a mark).

    For a text of the library's own words only: a text filled with values (a file name, an
    applicant's e-mail address) is written by :func:`sentence`, which never alters them."""
    if text[:1].islower():
        text = text[0].upper() + text[1:]
    return _spaced(text, locale)


def capital(text: str) -> str:
    """``text`` with its first letter capital, nothing else changed: for words assembled
    from pieces each already spaced (the library's words by their catalog, a call's label as
    the language it is written in), which :func:`typography` would space again."""
    return text[0].upper() + text[1:] if text[:1].islower() else text


def sentence(template: str, values: Mapping[str, object], locale: str | None) -> str:
    """``template`` (words already in ``locale``'s language) filled with ``values``, as a
    sentence: the template's own first letter capital and its French spacing, as
    :func:`typography` does, but no value altered. A value is shown as given: a path, an
    e-mail address or a name that starts the sentence keeps its first letter (``ßtrasse@…``
    is not ``SStrasse@…``, ``mycall.toml`` is not ``Mycall.toml``); a template asks for a
    label capitalised by naming it so (``%(Field)s``)."""
    return filled(typography(template, locale), _in_words(values, locale), locale)


def _in_words(values: Mapping[str, object], locale: str | None) -> Mapping[str, object]:
    """``values``, each :class:`InWords` one said in ``locale``'s words (``values`` itself,
    which may answer a missing name, when it holds none)."""
    if not any(isinstance(value, InWords) for value in values.values()):
        return values
    said = negotiate(None) if locale is None else locale  # (None: the session's language)
    return {name: said_in(value, said) if isinstance(value, InWords) else value
            for name, value in values.items()}


def said_in(value: InWords, locale: str) -> str:
    """``value`` in ``locale``'s words: a number in its digits, languages by their names, the
    keys of texts by language as a phrase; any other :class:`InWords` says itself (the values
    that need this module's catalogs are said here, so that the errors' module, below it,
    makes them without importing it).

    >>> said_in(ExactInWords(100000), "fr")
    '100\u202f000'
    >>> said_in(LanguagesInWords(("en", "es")), "fr")
    'anglais et espagnol'
    >>> said_in(MonthInWords(2026, 2), "es")
    'febrero de 2026'
    """
    if isinstance(value, ExactInWords):
        return format_exact(value.number, locale)
    if isinstance(value, MonthInWords):
        return format_month(value.year, value.month, locale)
    if isinstance(value, PointedInWords):
        return phrase("given_pointed", locale, number=_pointed_text(value.number, locale))
    if isinstance(value, LanguagesInWords):  # (as the language lists: « a, b et c »)
        return join_list([language_name(code, locale) for code in value.codes], locale)
    if isinstance(value, ListInWords):  # (each a value alone on a page)
        return marked(join_list([inserted(visible(text, locale)) for text in value.texts],
                                locale))
    if isinstance(value, TypedInWords):  # (a text typed: cut, its invisibles named)
        return visible(cut(str(value)), locale)
    if isinstance(value, KeysInWords):
        count = ExactInWords(value.others)
        if not value.codes:
            return phrase("texts_in_no_language", locale, count=count)
        languages = LanguagesInWords(value.codes)
        if not value.others:
            return phrase("texts_in_languages", locale, languages=languages)
        return phrase("texts_in_languages_others", locale, languages=languages, count=count)
    return value.said(locale)


def _pointed_text(number: int, locale: str) -> str:
    """A whole ``number`` in ``locale``'s digits, with its decimal point and a zero after
    it (« 2 048,0 »): how a float or a decimal with no fraction is written.

    >>> _pointed_text(2048, "en"), _pointed_text(-3, "es")
    ('2,048.0', '−3,0')
    """
    from babel.numbers import get_decimal_symbol

    return format_exact(number, locale) + get_decimal_symbol(negotiate(locale)) + "0"


#: What ends a sentence already; the marks that may close it after that end.
_STOPS = (".", "!", "?", "…")
_CLOSING = "”»’\u202f)]"


def ended(said: str) -> str:
    """``said``, an error's words as one sentence for the program's reader, ended with a
    full stop unless it ends with one (or a question…) already.

    >>> ended("Argument `now`: expected a date"), ended("Is it «\u202fx\u202f?\u202f»")
    ('Argument `now`: expected a date.', 'Is it «\u202fx\u202f?\u202f»')
    """
    return said if said.rstrip(_CLOSING).endswith(_STOPS) else said + "."


def phrase_sentence(key: str, locale: str | None, **values: object) -> str:
    """A report phrase by key, translated and filled as a :func:`sentence`."""
    return sentence(translate(PHRASES[key], locale), values, locale)


def words_said(words: tuple[str, Mapping[str, object]], locale: str | None,
               quote: Callable[[str, Any], str] | None = None) -> str:
    """An error's ``words`` (a key of the phrases and the values that fill it) as a
    sentence in ``locale``'s language, each text it quotes (an instant or a zone typed, a
    file's name) with its invisible characters named in words (:func:`visible`:
    ``[invisible character U+001B]``), never escaped as Python writes them (``\\x1b``): the
    command line and the service spell them alike. ``quote``: how a text is quoted instead
    (the service's bounds it too); a value said in words (a number) is left to be said."""
    quoted = quote or visible
    return phrase_sentence(words[0], locale, **{  # (each text quoted marked on a page)
        name: inserted(quoted(value, locale)) if isinstance(value, str)
        and not isinstance(value, InWords) else value
        for name, value in words[1].items()})


def spaced(text: str, locale: str | None) -> str:
    """``text``, the library's own words, with French spacing in French (:func:`_spaced`)
    and its first letter as written: for words that follow a label of a call's own."""
    return _spaced(text, locale)


def _spaced(text: str, locale: str | None) -> str:
    """In French, each space (ordinary or no-break) before ``; : ! ? »`` or after ``«`` made
    a narrow no-break space; nothing else changed, nothing inserted."""
    return french_spaced(text) if written_in_language(locale) == "fr" else text


def after_word(mark: str, locale: str | None) -> str:
    """``mark`` (``:``, ``;``, ``!`` or ``?``) followed by a space, as the library's own words
    put it after a word: in French after a narrow no-break space (``Lieu\u202f: Paris``)."""
    return ("\u202f" if written_in_language(locale) == "fr" else "") + mark + " "


# -- formatting ----------------------------------------------------------------------------
_UNITS = (("day", 86400_000_000), ("hour", 3600_000_000), ("minute", 60_000_000),
          ("second", 1_000_000), ("millisecond", 1000), ("microsecond", 1))


#: The space babel writes between a number and its unit, where French wants a no-break one
#: (babel's French data gives one in "1 jour", "1 heure", but not in "1 minute", "16 nuits").
_NUMBER_THEN_UNIT = re.compile(r"(?<=[0-9]) (?=[^\W\d])")


def _unit_spaced(text: str, lang: str) -> str:
    """``text`` (a number and its unit, from babel) with, in French, a no-break space
    between the number and the unit: one rule, whatever the unit."""
    return _NUMBER_THEN_UNIT.sub("\u00a0", text) if lang == "fr" else text


def format_duration(value: timedelta, locale: str | None) -> str:
    """A duration in at most two units, exact to the microsecond: ``30 minutes``, ``1 ms``."""
    lang = negotiate(locale)
    micros = abs(value // timedelta(microseconds=1))
    parts = []
    for unit, size in _UNITS:
        count, micros = divmod(micros, size)
        if count:
            parts.append(_said_once(_unit, count, f"duration-{unit}", lang))
        if len(parts) == 2:
            break
    if not parts:
        return _unit(0, "duration-second", lang)
    return join_list(parts, lang)


#: The words of the values of the findings being worded, by the function and its
#: arguments: one table for the findings of one evaluation (their ``words``), so that a
#: report is worded at the cost of its distinct values, however many there are (attack 36b:
#: 10,000 distinct amounts, each said again in each of 55 rules' messages, thrashed the
#: small tables shared by every report below). None: those tables alone.
_REPORT_WORDS: ContextVar[dict[tuple[Any, ...], str] | None] = ContextVar(
    "callrules_report_words", default=None)


@contextmanager
def report_words(memo: dict[tuple[Any, ...], str] | None) -> Iterator[None]:
    """While a finding of a report is worded: its values said once for the report, in
    ``memo`` (the findings' ``words``; None: no table of the report's)."""
    token = _REPORT_WORDS.set(memo)
    try:
        yield
    finally:
        _REPORT_WORDS.reset(token)


def _said_once(fn: Callable[..., str], *args: Any) -> str:
    """``fn(*args)``, read from the report's table (:data:`_REPORT_WORDS`) when it has it."""
    memo = _REPORT_WORDS.get()
    if memo is None:
        return fn(*args)
    key = (fn, *args)
    said = memo.get(key)
    if said is None:
        said = memo[key] = fn(*args)
    return said


@words_memo(maxsize=4096)
def _unit(count: int, unit: str, lang: str) -> str:
    """``634 jours``: a count of a unit in ``lang``, each worked out once (attack 33b: the
    delays of 40,000 findings, each said anew by babel)."""
    from babel.units import format_unit

    return _unit_spaced(str(format_unit(count, unit, locale=lang)), lang)


def format_count(number: int, unit: str, locale: str | None) -> str:
    """``9 nights`` / ``9 nuits`` / ``9 noches``: a whole number of days, nights, months or
    years, with babel's plural forms."""
    from babel.units import format_unit

    name = {"nights": "duration-night", "months": "duration-month",
            "years": "duration-year"}.get(unit, "duration-day")
    lang = negotiate(locale)
    if type(number) is int and -10**18 < number < 10**18:  # said once per language
        return _said_once(_unit, number, name, lang)
    with _wide(number):
        return _unit_spaced(str(format_unit(number, name, locale=lang)), lang)


def long_date(value: date, locale: str | None) -> str:
    """A date written out: ``June 1, 2026`` / ``1er juin 2026`` / ``1 de junio de 2026`` /
    ``1º de junho de 2026`` (French and Brazilian usage write the first day of a month as an
    ordinal, which CLDR's pattern does not)."""
    return _said_once(_long_date, value, negotiate(locale))


@words_memo(maxsize=4096)
def _long_date(value: date, lang: str) -> str:
    from babel.dates import format_date

    text = str(format_date(value, "long", locale=lang))
    if value.day == 1 and text.startswith("1 "):
        if lang == "fr":
            text = "1er " + text[2:]
        elif lang == "pt":
            text = "1º " + text[2:]
    return text


def seen_in(value: datetime, zone: tzinfo) -> datetime | None:
    """``value`` as the clocks of ``zone`` show it, or None when its date there is outside
    the calendar (years 1 to 9999): the first instant of the year 1 in UTC is still in the
    year 0 at Lima, the last of 9999 already in 10000 at Tokyo."""
    if zone is value.tzinfo:  # (its own zone: a time held as written there that its
        return shown_as_it_is(value)  # clocks skip is shown as the instant it is)
    try:
        return value.astimezone(zone)
    except (OverflowError, ValueError):
        return None


def _showable(value: datetime) -> datetime:
    """``value`` in UTC, or as given when even UTC cannot show it (an instant the library
    refuses, but which a caller of this function may still hold)."""
    return seen_in(value, UTC) or value


def format_instant(value: datetime, locale: str | None, zone: tzinfo | None = None) -> str:
    """An instant as the reader reads it, with the zone it is shown in.

    ``June 1, 2026, 5:00 PM (Paris time)`` / ``1er juin 2026, 17:00 (heure de Paris)``. An
    instant that ``zone`` cannot show (its date there is outside the calendar) is shown in
    UTC: never an error (:func:`format_instant_in` says why).
    """
    from babel.dates import format_time

    lang = negotiate(locale)
    own = zone or value.tzinfo
    shown = value if own is None else (seen_in(value, own) or _showable(value))  # (an
    # instant that exists there, never a time its clocks skip)
    if shown.microsecond:
        time_text = format_time(shown, _fraction_pattern(lang, shown.microsecond), locale=lang)
    elif shown.second:
        time_text = format_time(shown, "medium", locale=lang)
    else:
        time_text = format_time(shown, "short", locale=lang)
    text = f"{long_date(shown.date(), lang)}, {time_text}"
    key = getattr(shown.tzinfo, "key", None)
    if key and not _names_a_place(key):  # UTC, a fixed or legacy zone: its offset then
        return f"{text} ({_offset_name(shown)})"
    if shown.tzinfo is not None and key:
        label = zone_label(shown.tzinfo, lang)
        if shown.replace(fold=1 - shown.fold).utcoffset() != shown.utcoffset():
            label += f", {_offset(shown)}"  # a time the clocks repeat: which of the two
        return f"{text} ({label})"
    return f"{text} ({_offset_name(shown)})"  # ``Z`` or ``+00:00`` typed: « (UTC) »


def _fraction_pattern(lang: str, microsecond: int) -> str:
    """The language's own time with seconds (``h:mm:ss a`` in English, ``HH:mm:ss`` in
    French: one clock for every time of a text), its seconds followed by their fraction in the
    reader's decimal mark: the milliseconds, or every microsecond when the milliseconds would
    cut one (17:00:00.000001 is not 17:00:00.000, the deadline it missed)."""
    from babel.dates import get_time_format
    from babel.numbers import get_decimal_symbol

    digits = f"{microsecond // 1000:03d}" if microsecond % 1000 == 0 else f"{microsecond:06d}"
    pattern = str(get_time_format("medium", locale=lang).pattern)
    return pattern.replace("ss", f"ss'{get_decimal_symbol(lang)}{digits}'", 1)


def zone_label(zone: tzinfo, locale: str | None) -> str:
    """``Lima time`` / ``heure de Lima``: the zone of a place, as a reader names it; a zone
    that is no place's (a fixed offset) by its offset, ``UTC−05:00``."""
    lang = negotiate(locale)
    try:
        return _zone_label(zone, lang)
    except TypeError:  # (a zone of the caller's that cannot be a key)
        return _zone_label.__wrapped__(zone, lang)


@words_memo(maxsize=1024)
def _zone_label(zone: tzinfo, lang: str) -> str:
    """:func:`zone_label` in ``lang``, each zone's words worked out once (attack 33b: said
    again for each of 40,000 findings)."""
    from babel.dates import get_timezone_location

    key = getattr(zone, "key", None)
    if key and not _names_a_place(key):  # UTC (Etc/UTC, Zulu…), a fixed offset: no city's
        return _offset_name(datetime(2000, 1, 1, tzinfo=zone))  # time, « (UTC) »
    if key:
        city = get_timezone_location(zone, locale=lang, return_city=True)
        city = _CITY_MENDS.get((lang, city), city)
        # a region or country babel adds in brackets, said after a comma: the label is
        # itself shown in brackets (« heure de Knox, Indiana », not « Knox [Indiana] »)
        city = _CITY_REGION.sub(r", \1", city)
        label = phrase("zone_time", lang, city=city)
        for opening, said in _CITY_ARTICLES.get(lang, ()):
            if city.startswith(opening):  # a common noun takes its article: « horário da
                return label.replace(f"de {city}", said + city[len(opening):])  # Cidade »
        if lang == "fr" and city[:1] in "AEIOUYÉÈÊÎÔÛaeiouyéèêîôû":
            label = label.replace(f"de {city}", f"d’{city}")  # heure d’Auckland
        return label
    offset = zone.utcoffset(None)
    return str(zone) if offset is None else _offset_name(
        datetime(2000, 1, 1, tzinfo=timezone(offset)))


def format_instant_in(value: datetime, locale: str | None, zone: tzinfo) -> str:
    """``value`` as given, then as ``zone``'s clocks show it: ``May 28, 2026, 10:42 AM
    (UTC−03:00), that is May 28, 2026, 8:42 AM (Lima time)``. An instant whose date in
    ``zone`` is outside the calendar is said to be so (``January 1, 1, 12:00 AM
    (UTC), that is before the year 1 (Lima time)``): never an error, whatever the
    instant and the zone."""
    lang = negotiate(locale)
    text = format_instant(value, lang)
    local = seen_in(value, zone)
    if local is None:
        key = "instant_before_calendar" if _showable(value).year == 1 else (
            "instant_after_calendar")
        return phrase(key, lang, instant=text, zone=zone_label(zone, lang))
    return phrase("instant_elsewhere", lang, instant=text, local=format_instant(local, lang))


def format_instant_for(value: datetime, locale: str | None, zone: tzinfo,
                       reader: tzinfo | None = None) -> str:
    """``value`` in the call's ``zone``, then, for a reader in another zone, as the reader's
    clocks show it (``May 15, 2026, 12:00 PM (Paris time), that is May 15, 2026, 7:00 PM
    (Tokyo time)``), as a call's timeline is shown; only in ``zone`` when ``reader`` is None
    or the same zone. Never an error, whatever the instant and the zones."""
    shown = seen_in(value, zone)
    if reader is None or shown is None or getattr(reader, "key", None) == getattr(
            zone, "key", None):
        return format_instant(value, locale, zone)
    return format_instant_in(shown, locale, reader)


#: Cities CLDR misspells (babel's data, which the library does not patch), in our own
#: words: Brazilian Portuguese « Chatnam » for the Chatham Islands (Pacific/Chatham).
_CITY_MENDS = {("pt", "Chatnam"): "Chatham", ("es", "Yangón (Rangún)"): "Yangón"}
#: A region or country babel gives in brackets after a city's name (``Knox [Indiana]``,
#: ``New Salem (Dakota du Nord)``, ``Tripoli (Libye)``).
_CITY_REGION = re.compile(r"\s*[(\[]([^()\[\]]+)[)\]]$")
#: Place names that open with a common noun, which takes its article after "de": by
#: language, the opening and what "de" and it become.
_CITY_ARTICLES: dict[str, tuple[tuple[str, str], ...]] = {
    "fr": (("Île ", "de l’île "), ("Îles ", "des îles ")),
    "es": (("Isla ", "de la Isla "), ("Islas ", "de las Islas ")),
    "pt": (("Cidade ", "da Cidade "), ("Ilha ", "da Ilha "), ("Ilhas ", "das Ilhas ")),
}


def _names_a_place(key: str) -> bool:
    """Whether the IANA zone ``key`` is a place's (``Region/City``), said by its city; UTC
    under any of its names and the fixed offsets (``Etc/GMT+5``) are said by their offset."""
    return "/" in key and not key.startswith(NOT_PLACES)


def _offset_name(shown: datetime) -> str:
    """``UTC`` for UTC itself, else the offset (``UTC−05:00``)."""
    return "UTC" if not shown.utcoffset() else _offset(shown)


def _offset(shown: datetime) -> str:
    """``UTC+02:00`` / ``UTC−03:00``: the offset of ``shown`` from UTC."""
    offset = shown.strftime("%z")
    sign = "+" if offset[0] == "+" else "\u2212"
    return f"UTC{sign}{offset[1:3]}:{offset[3:5]}"


def join_list(items: Iterable[str], locale: str | None, style: str = "standard") -> str:
    """``a, b and c`` / ``a, b et c`` / ``a, b y c``: babel's list patterns, joined in one
    pass (babel's ``format_list`` is quadratic in the number of items); ``style="or"`` for a
    choice, ``a, b or c`` / ``a, b o c``.

    >>> join_list(["alemán", "francés"], "es"), join_list(["alemán", "francés"], "es", "or")
    ('alemán y francés', 'alemán o francés')

    Values that hold the word themselves are told apart by a comma:

    >>> join_list(["ingeniero o ingeniera", "técnico o técnica"], "es", "or")
    'ingeniero o ingeniera, o técnico o técnica'

    Spanish writes « e » before the sound i, « u » before the sound o:

    >>> join_list(["francés", "inglés"], "es"), join_list(["alemán", "holandés"], "es", "or")
    ('francés e inglés', 'alemán u holandés')
    """
    from babel import Locale

    parts = list(items)
    if not parts:
        return phrase("empty", locale)
    if len(parts) == 1:
        return parts[0]
    patterns = Locale.parse(negotiate(locale)).list_patterns[style]

    def sep(key: str) -> str:
        return str(patterns[key]).replace("{0}", "", 1).replace("{1}", "", 1)

    last = sep("2" if len(parts) == 2 else "end")
    if style == "or" and not last.startswith(",") and any(last in p for p in parts):
        last = "," + last  # « ingeniero o ingeniera, o técnico o técnica »: which "o" splits
    if last.endswith((" y ", " o ")):  # « francés e inglés », « siete u ocho »
        last = last[:-2] + conjunction(last[-2], parts[-1], locale) + " "
    if len(parts) == 2:
        return parts[0] + last + parts[1]
    middle = sep("middle")
    return (parts[0] + sep("start") + middle.join(parts[1:-1]) + last + parts[-1])


def join_sorted(items: Iterable[str], locale: str | None) -> str:
    """``items`` in the reader's alphabetical order, joined as a list."""
    return join_list(sorted(items, key=collation_key), locale)


def collation_key(text: str) -> str:
    """A key that sorts text as a reader expects (accents aside, case aside)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c)).casefold()


def _is_money(value: object) -> bool:
    return isinstance(getattr(value, "amount", None), Decimal) and isinstance(
        getattr(value, "currency", None), str)


def format_money(value: Any, locale: str | None) -> str:
    """``3 100,00 €`` / ``€3,100.00``: an amount with its currency, for the reader, with
    every decimal it has (``€3,000.001``: the amount rule allows 8, and an amount is never
    shown as another than the one judged)."""
    # the same amount, digit for digit (1.0 is not 1.00: its text), written once per language
    return _said_once(_money_text, _figure(value), value.currency, negotiate(locale))


def _figure(value: Any) -> str:
    """A Money's amount as its digits (``1.0`` is not ``1.00``), zero never signed (no -0):
    the key its words are written once by, per language."""
    amount = value.amount.copy_abs() if value.amount.is_zero() else value.amount
    return format(amount, "f")


@words_memo(maxsize=4096)
def _money_text(amount: str, currency: str, lang: str) -> str:
    """An amount written by babel (a plan writes the same few amounts thousands of times,
    and babel takes a tenth of a millisecond for each)."""
    from babel.numbers import format_currency

    return minus(str(format_currency(Decimal(amount), currency, locale=lang,
                                     decimal_quantization=False)))


def format_named_money(value: Any, locale: str | None) -> str:
    """``5 200,00 réals brésiliens`` / ``5,200.00 Brazilian reals``: an amount with its
    currency's name, for a currency a reader may not know by its sign (and no sign glued to
    a digit, as in ``R$5``)."""
    # the same amount, digit for digit, written once per language (attack 35: 30
    # conversions told in each of 10,000 messages, babel 0.3 ms each)
    return _said_once(_named_money_text, _figure(value), value.currency, negotiate(locale))


@words_memo(maxsize=4096)
def _named_money_text(figure: str, currency: str, lang: str) -> str:
    from babel.numbers import format_currency, get_currency_name

    amount = Decimal(figure)
    text = minus(str(format_currency(amount, currency, locale=lang, format_type="name",
                                     decimal_quantization=False)))
    # the noun agrees with the figure shown, never with how it was written: "1" is shown
    # "1.00", and "1.00 Brazilian reals" whether "1" or "1.00" was written (attacker 41c)
    written = str(get_currency_name(currency, count=amount, locale=lang))  # babel's
    name = str(get_currency_name(currency, count=_shown_as(amount, currency), locale=lang))
    mended = _PLURAL_NAMES.get((lang, name), name)
    if lang in _LOWER_CURRENCY_NAMES:  # CLDR capitalises them; running text does not
        mended = mended[:1].lower() + mended[1:]
    return text.replace(written, mended) if mended != written else text


def _shown_as(amount: Decimal, currency: str) -> Decimal:
    """``amount`` with at least its currency's decimal places, as babel shows it (``1`` is
    shown ``1.00`` in euros, ``1`` in yen): what a plural agrees with.

    >>> _shown_as(Decimal("1"), "BRL"), _shown_as(Decimal("1.005"), "BRL")
    (Decimal('1.00'), Decimal('1.005'))
    >>> _shown_as(Decimal("1"), "JPY")
    Decimal('1')
    """
    from babel.numbers import get_currency_precision

    places = get_currency_precision(currency)
    exponent = amount.as_tuple().exponent
    if not isinstance(exponent, int) or -exponent >= places:
        return amount
    return amount.quantize(Decimal(1).scaleb(-places))


#: CLDR plurals that agree the adjective and not the noun (``1 300,000 dinar koweïtiens``),
#: as a French reader writes them; found by comparing every accepted currency's singular and
#: plural name word by word (``tests/test_i18n.py``). Spanish ``MVDOL bolivianos`` keeps its
#: noun: an abbreviation, the same in the plural.
_PLURAL_NAMES: dict[tuple[str, str], str] = {
    ("fr", "dinar koweïtiens"): "dinars koweïtiens",
    ("fr", "lari géorgiens"): "laris géorgiens",
}


#: The languages whose currency names CLDR writes with a capital (``Reais brasileiros``)
#: where a sentence writes them in lower case (``5.200,00 reais brasileiros``).
_LOWER_CURRENCY_NAMES = frozenset({"pt"})


def format_month(year: int, month: int, locale: str | None) -> str:
    """A month of a year as ``locale`` names it: September 2026, septembre 2026,
    septiembre de 2026."""
    from babel.dates import format_skeleton
    return format_skeleton("yMMMM", date(year, month, 1), locale=negotiate(locale))


def format_exact(number: int | Decimal, locale: str | None) -> str:
    """``number`` in ``locale``'s digits with every decimal it has (babel rounds to three
    otherwise): for a quantity shown beside the product it was used in."""
    # a Decimal by its digits (7.0 is not 7), each written once per language
    key = str(number) if isinstance(number, Decimal) else number
    return _said_once(_exact_text, key, negotiate(locale))


@words_memo(maxsize=4096)
def _exact_text(key: int | str, lang: str) -> str:
    from babel.numbers import format_decimal

    number = Decimal(key) if isinstance(key, str) else key
    with _wide(number):
        return minus(str(format_decimal(number, locale=lang, decimal_quantization=False)))


@words_memo(maxsize=4096)
def _decimal_text(key: str, lang: str) -> str:
    """A decimal (by its digits: 7.0 is not 7) as :func:`format_value` writes it, once."""
    from babel.numbers import format_decimal

    shown = Decimal(key)
    with _wide(shown):
        return minus(str(format_decimal(shown, locale=lang, decimal_quantization=False)))


@words_memo(maxsize=4096)
def _int_text(value: int, lang: str) -> str:
    """A whole number as :func:`format_value` writes it, once per language."""
    from babel.numbers import format_decimal

    with _wide(value):
        return minus(str(format_decimal(value, locale=lang)))


def format_value(value: object, locale: str | None, zone: tzinfo | None = None) -> str:
    """Any context value, formatted for ``locale``; instants also in ``zone`` if given; a
    text (an applicant's id, a value typed) as :func:`visible` shows it, its invisible
    characters named in words (« [caractère invisible U+202E] »), never raw nor escaped."""
    from babel.numbers import format_decimal

    lang = negotiate(locale)
    if value is None:
        return phrase("none", lang)
    if isinstance(value, bool):
        return phrase("yes" if value else "no", lang)
    if _is_money(value):
        return format_money(value, lang)
    if isinstance(value, Decimal):  # with the digits it has, as it was judged
        shown = shown_decimal(value)
        if len(shown.as_tuple().digits) <= 40:  # each written once per language (attack
            return _said_once(_decimal_text, str(shown), lang)  # 35: a number in 120,000 messages)
        with _wide(shown):
            return minus(str(format_decimal(shown, locale=lang, decimal_quantization=False)))
    if isinstance(value, int):
        if type(value) is int and -10**18 < value < 10**18:
            return _said_once(_int_text, value, lang)
        with _wide(value):
            return minus(str(format_decimal(value, locale=lang)))
    if isinstance(value, datetime):
        if zone is not None and getattr(zone, "key", None) != getattr(value.tzinfo, "key", 0):
            return format_instant_in(value, lang, zone)
        return format_instant(value, lang)
    if isinstance(value, date):
        return long_date(value, lang)
    if isinstance(value, timedelta):
        return format_duration(value, lang)
    if isinstance(value, (frozenset, set)):
        return join_sorted((format_value(v, lang) for v in value), lang)
    if isinstance(value, (list, tuple)):
        return join_list((format_value(v, lang) for v in value), lang)
    if isinstance(value, str):  # a value as given: its invisible characters in words
        return visible(value, lang)
    if isinstance(value, Mapping):  # a text given in several languages, by the call
        return str(value.get(lang) or next(iter(value.values()), "")) if value else "—"
    return str(value)


#: The most decimals a number is shown with by default: those the amount rule allows. A
#: number computed with more (a quotient) is rounded to them, unless that would show it equal
#: to the limit it was judged against (:func:`distinct_places`).
PLACES = 8


def shown_decimal(value: Decimal, places: int = PLACES) -> Decimal:
    """``value`` with the digits it has, or rounded (half-even) to ``places`` decimals when it
    has more, without the zeros that rounding leaves at its end. A zero (or a number that
    rounds to zero) has no sign: never "-0"."""
    if value.is_finite() and value.is_zero():
        return value.copy_abs()
    if not value.is_finite() or value.as_tuple().exponent >= -places:  # type: ignore[operator]
        return value
    with _wide(value):
        rounded = value.quantize(Decimal(1).scaleb(-places))
        stripped = rounded.normalize().copy_abs() if rounded.is_zero() else rounded.normalize()
        return stripped if stripped.as_tuple().exponent <= 0 else rounded.quantize(  # type: ignore[operator]
            Decimal(1))


def distinct_places(value: Decimal, limit: Decimal, least: int) -> int:
    """The fewest decimals, at least ``least``, at which ``value`` and ``limit`` rounded are
    two different numbers (``least`` when they are equal): a value judged beyond its limit is
    never shown equal to it (``0.1254`` against ``0.125``, a ratio of ``0.6000008`` against
    60 %)."""
    if value == limit or not (value.is_finite() and limit.is_finite()):
        return least
    places = least
    with decimal.localcontext(prec=max(60, abs(value.adjusted()) + 70,
                                       abs(limit.adjusted()) + 70)):
        while places < 60 and (value.quantize(Decimal(1).scaleb(-places))
                               == limit.quantize(Decimal(1).scaleb(-places))):
            places += 1
    return places


def format_number(value: Decimal, places: int, locale: str | None) -> str:
    """``value`` rounded (half-even) to ``places`` decimals, without trailing zeros."""
    from babel.numbers import format_decimal

    shown = shown_decimal(value, places)
    with _wide(shown):
        return str(format_decimal(shown, locale=negotiate(locale), decimal_quantization=False))


def format_percent(value: Decimal, locale: str | None, places: int = 3) -> str:
    """``0.6`` as ``60 %`` / ``60%`` (the locale's pattern): a ratio as a percentage, to
    ``places`` decimals of the percentage at most (three unless the ratio needs more to be
    told from its limit, see :func:`distinct_places`)."""
    from babel.numbers import format_percent as babel_percent

    with decimal.localcontext(prec=max(60, places + value.adjusted() + 30)):
        shown = value.quantize(Decimal(1).scaleb(-places - 2)).normalize()
    if shown.is_zero():  # 0 %, never "-0 %"
        shown = shown.copy_abs()
    with _wide(shown):
        return minus(str(babel_percent(shown, locale=negotiate(locale),
                                       decimal_quantization=False)))


def month_year(value: date, locale: str | None) -> str:
    """``mars 2027`` / ``March 2027``: a month of a year."""
    from babel.dates import format_skeleton

    return str(format_skeleton("yMMMM", value, locale=negotiate(locale)))


def minus(text: str) -> str:
    """A number as babel writes it, its minus sign the mathematical one (U+2212), as the
    library writes it everywhere (``−25``, ``UTC−03:00``), not a hyphen (CLDR's for en, fr,
    es and pt): the minus sign comes before the first digit (``-€25.50``), a hyphen after it
    is a currency's name's (« dollar des États-Unis »)."""
    first = next((i for i, char in enumerate(text) if char.isdigit()), len(text))
    return text[:first].replace("-", "\u2212", 1) + text[first:]


def _wide(number: int | Decimal) -> AbstractContextManager[decimal.Context]:
    """A decimal context precise enough for babel to round ``number`` (an int parameter or
    answer can have more than the default 28 digits)."""
    return decimal.localcontext(prec=max(28, Decimal(number).adjusted() + 30))


def territory_name(code: str, locale: str | None) -> str:
    """A country's (or a UN M49 region's) name in ``locale``'s language, from CLDR (babel);
    a code CLDR does not know is shown as given (:func:`visible`: its invisible characters
    named in words)."""
    from babel import Locale

    names: Mapping[str, Any] = Locale.parse(negotiate(locale)).territories
    return str(names[code]) if code in names else visible(code, locale)


def subdivision_name(code: str, locale: str | None) -> str:
    """An ISO 3166-2 subdivision's name (``FR-75C`` → ``Paris``) from pycountry, translated
    into ``locale``'s language where its catalogs have it; a code it does not know is shown
    as given (:func:`visible`)."""
    import gettext

    import pycountry

    try:
        found = pycountry.subdivisions.get(code=code)  # type: ignore[no-untyped-call]
    except (LookupError, ValueError):
        found = None
    if found is None:
        return visible(code, locale)
    names = gettext.translation("iso3166-2", pycountry.LOCALES_DIR,
                                languages=[negotiate(locale)], fallback=True)
    return names.gettext(str(found.name))


def language_name(code: str, locale: str | None) -> str:
    """A language's name in ``locale``'s language (``es`` → ``espagnol``, ``fr_FR`` →
    ``français (France)``), from CLDR; a code it does not know as given (:func:`visible`)."""
    from babel import Locale
    from babel.core import UnknownLocaleError

    names: Mapping[str, Any] = Locale.parse(negotiate(locale)).languages
    if code in names:
        return str(names[code])
    try:  # a language of a region or script CLDR does not name as one: « français (France) »
        parsed = Locale.parse(code)  # (``fr_ZZ``: parsed as fr_FR, so never named so)
        shown = parsed.get_display_name(negotiate(locale)) if str(parsed) == code else None
    except (UnknownLocaleError, ValueError, TypeError):
        shown = None
    return str(shown) if shown else visible(code, locale)


def currency_name(code: str, locale: str | None) -> str:
    """A currency's name in ``locale``'s language (``BRL`` → ``réal brésilien``); a code CLDR
    does not name as given (:func:`visible`)."""
    from babel.core import UnknownLocaleError
    from babel.numbers import get_currency_name

    try:
        name = str(get_currency_name(code, locale=negotiate(locale)))
    except (UnknownLocaleError, LookupError, ValueError):  # not a code CLDR names
        name = code
    return visible(code, locale) if name == code else name


