"""Language tags as people write them: one reading of every tag, whatever its form, so that
``--lang``, ``CALLRULES_LANG``, a call's texts and a form's labels agree on a language; and
a locale as babel names it, for an error naming the languages asked and given. Data and
renderings both read tags: this module imports nothing of the library's."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

__all__ = [
    "as_tag",
    "asked_code",
    "babel_code",
    "bcp47",
    "each_locale_once",
    "keys_in_language",
    "language_names",
    "language_of",
    "locale_of",
    "nameable",
    "named_code",
    "script_of",
    "text_key_for",
]

#: What separates a language from the rest of a tag: BCP 47's ``-``, POSIX's ``_``, ``.``
#: and ``@``.
_SUBTAGS = re.compile(r"[-_.@]")


def as_tag(locale: object) -> object:
    """A locale as the library reads one: a babel ``Locale`` as its tag (``pt_BR``), anything
    else as given (text, None, or what each reader refuses), so that every call that takes a
    locale takes a babel one alike.

    >>> from babel import Locale
    >>> as_tag(Locale.parse("pt_BR")), as_tag("fr"), as_tag(None)
    ('pt_BR', 'fr', None)
    """
    if locale is None or isinstance(locale, str):
        return locale
    from babel.core import Locale

    return str(locale) if isinstance(locale, Locale) else locale


@lru_cache(maxsize=256)  # read for every word a plan or a report writes
def language_of(tag: str) -> str:
    """The language of a tag as people write one (``--lang``, ``CALLRULES_LANG``, a call's
    texts, a form's labels): its first part, in lower case, whether it is a BCP 47 tag
    (``pt-BR``, ``es-419``) or a POSIX locale name (``fr_FR.UTF-8``, ``fr@euro``,
    ``fr_BE.UTF-8@euro``).

    >>> language_of("fr@euro"), language_of("pt-BR"), language_of(" FR_be.UTF-8@euro ")
    ('fr', 'pt', 'fr')
    """
    return _SUBTAGS.split(tag.strip(), maxsplit=1)[0].lower()


#: A POSIX locale name's modifier that names a script (``sr_RS@latin``): that script's subtag.
_SCRIPT_MODIFIERS = {"latin": "latn", "cyrillic": "cyrl", "devanagari": "deva"}
#: A modifier that names a variant IANA registered under another name (KDE's and gettext's
#: ``sr@ijekavian``, Serbian of Ijekavian pronunciation: BCP 47's ``sr-ijekavsk``).
_VARIANTS = {"ijekavian": "ijekavsk"}


#: What JavaScript's ``trim`` takes from the ends of a text (its white space and line ends,
#: U+FEFF among them, U+001C to U+001F not): the page's ``tagOf`` trims a name so, and the
#: service reads the name as the page does.
_TRIMMED = ("\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
            "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff")


def _subtags(tag: str) -> list[str]:
    """The subtags of ``tag`` in lower case, ``-`` and ``_`` alike; of a POSIX name, its
    encoding dropped (``.UTF-8``), and its modifier read: a script's (``@latin``) as that
    script, a currency's (``@euro``) dropped, any other (``@valencia``) kept as a variant, so
    that ``sr_RS@latin`` and ``sr_RS`` are two locales.

    >>> _subtags("sr_RS@latin"), _subtags("ca_ES@valencia"), _subtags("fr_FR.UTF-8@euro")
    (['sr', 'latn', 'rs'], ['ca', 'es', 'valencia'], ['fr', 'fr'])
    """
    name, _, modifier = tag.strip(_TRIMMED).partition("@")
    parts = re.split(r"[-_]", name.split(".", 1)[0].lower())
    if "x" in parts[1:]:  # (BCP 47's private use, ``sr-x-ijekavian``: read as ``sr@ijekavian``;
        del parts[parts.index("x", 1)]  # the first after the language, as the page's tagOf)
    modifier = modifier.split(".", 1)[0].lower()
    if modifier in _SCRIPT_MODIFIERS:
        parts.insert(1, _SCRIPT_MODIFIERS[modifier])
    elif modifier.endswith("latin") and modifier[:-5] not in ("", "euro"):
        parts[1:1] = ["latn"]  # (KDE's ``sr@ijekavianlatin``: ijekavian, in the Latin script)
        parts.append(_VARIANTS.get(modifier[:-5], modifier[:-5]))
    elif modifier.isascii() and modifier.isalnum() and modifier != "euro":
        parts.append(_VARIANTS.get(modifier, modifier))
    return parts


def babel_code(tag: str) -> str:
    """``tag`` as babel and CLDR write a locale, whatever its spelling: the language in lower
    case, a script in title case, a region in upper case, joined by ``_``.

    >>> babel_code("PT-br"), babel_code("zh-hant-tw"), babel_code("fr_FR.UTF-8@euro")
    ('pt_BR', 'zh_Hant_TW', 'fr_FR')
    """
    parts = _subtags(tag)
    return "_".join([parts[0], *(part.title() if len(part) == 4 else part.upper()
                                 for part in parts[1:])])


#: A region subtag: two letters, or UN M.49's three digits (``419``).
_REGION = re.compile(r"[a-z]{2}|[0-9]{3}")


def bcp47(tag: str) -> str:
    """``tag`` as BCP 47 writes a language tag (``Content-Language``, HTML's ``lang``), whatever
    its spelling (a platform's catalog folder is named as gettext names one): subtags joined
    by ``-``, the language and a variant in lower case, a script in title case, a region in
    upper case; a POSIX name's encoding dropped and its script modifier read as a script
    (:func:`_subtags`). Always a valid tag (RFC 5646): a subtag that is no script ISO 15924
    names, no region and no variant (5 to 8 letters or digits, or a digit and 3 more) is said
    after ``-x-`` (private use, ``en@quot`` is ``en-x-quot``, never a made-up script ``Quot``),
    cut in pieces of 8 at most; a language BCP 47 cannot name is ``und`` (undetermined)
    with its name after ``-x-``. A subtag holding a character beyond ASCII's letters and
    digits (``ру``, ``中文``, ``ÇA``) is left out whole, a language so written said ``und``:
    the page's ``tagOf`` reads every name alike.

    >>> [bcp47(t) for t in ("zh_TW", "zh_Hant", "sr_Latn", "zh_hant_tw", "pt-br", "fr")]
    ['zh-TW', 'zh-Hant', 'sr-Latn', 'zh-Hant-TW', 'pt-BR', 'fr']
    >>> bcp47("sr_RS@latin"), bcp47("ca_ES@valencia"), bcp47("es_419"), bcp47("de.UTF-8")
    ('sr-Latn-RS', 'ca-ES-valencia', 'es-419', 'de')
    >>> bcp47("sr@ijekavian"), bcp47("sr@ijekavianlatin"), bcp47("en@quot"), bcp47("1x")
    ('sr-ijekavsk', 'sr-Latn-ijekavsk', 'en-x-quot', 'und-x-1x')
    >>> bcp47("ру"), bcp47("中文"), bcp47("ελ_GR"), bcp47("fr_ÇA")
    ('und', 'und', 'und-GR', 'fr')
    """
    parts = [part for part in _subtags(tag) if part]
    # (a subtag holding a character beyond ASCII's letters and digits is left out whole, as
    # the page's ``tagOf`` leaves it: never cut down to the letters it holds, ``ÇA`` to ``a``)
    language = parts[0] if parts and _SUBTAG.fullmatch(parts[0]) else ""
    said: list[str] = []
    private: list[str] = []
    if not (language.isalpha() and len(language) in (2, 3, 5, 6, 7, 8)):
        said.append("und")
        if language:
            private.append(language)
    else:
        said.append(language)
    step = 1  # (1: a script may come, 2: a region may, 3: variants only)
    for part in parts[1:]:
        if not _SUBTAG.fullmatch(part):
            continue
        if private:
            private.append(part)
        elif step <= 1 and len(part) == 4 and part.isalpha() and part.title() in _scripts():
            said.append(part.title())  # a script (Hant, Latn)
            step = 2
        elif step <= 2 and _REGION.fullmatch(part):
            said.append(part.upper())  # a region (TW, 419)
            step = 3
        elif _VARIANT.fullmatch(part) and part not in said:
            said.append(part)  # a variant (valencia), lower case
            step = 3
        else:
            private.append(part)
    pieces = [piece[at:at + 8] for piece in private for at in range(0, len(piece), 8)]
    return "-".join(said + (["x", *pieces] if pieces else []))


#: What a subtag is made of (RFC 5646): ASCII's letters and digits, nothing else.
_SUBTAG = re.compile(r"[a-z0-9]+")
#: A variant subtag (RFC 5646): 5 to 8 letters or digits, or a digit and 3 more.
_VARIANT = re.compile(r"[a-z0-9]{5,8}|[0-9][a-z0-9]{3}")


#: Scripts CLDR names (babel's) that browsers' ``Intl.DisplayNames`` do not (Chromium's ICU,
#: 2026: Pau Cin Hau's ``Pcun`` and Seal's ``Seal``):
#: the page's ``tagOf`` says them after ``-x-``, so the service does too, both sides reading
#: the scripts both know (the law of tests/test_bcp47_tags.py tries each of babel's).
_SCRIPTS_NO_BROWSER_NAMES = frozenset({"Pcun", "Seal"})


@lru_cache(maxsize=1)
def _scripts() -> frozenset[str]:
    """The scripts ISO 15924 codes and CLDR names (``Latn``, ``Hant``) and browsers name
    too."""
    from babel import Locale

    return frozenset(Locale("en").scripts) - _SCRIPTS_NO_BROWSER_NAMES


def _script(parts: tuple[str, ...]) -> str | None:
    """The script of a tag's ``parts`` (:func:`_subtags`): the one written (``zh-Hant``),
    else the one CLDR's likely subtags imply for its language and region (``zh-TW``: Hant,
    ``sr``: Cyrl, ``zh``: Hans); None for a language babel does not know."""
    written = [part for part in parts[1:] if len(part) == 4 and part.isalpha()]
    if written:
        return written[0].title()
    from babel.core import get_global

    likely = get_global("likely_subtags")
    regions = [part.upper() for part in parts[1:] if len(part) in (2, 3)]
    for code in [f"{parts[0]}_{region}" for region in regions[:1]] + [parts[0]]:
        full = likely.get(code)
        if full is not None:
            found = [part for part in full.split("_")[1:] if len(part) == 4]
            return found[0] if found else None
    return None


_script_of = lru_cache(maxsize=512)(_script)  # (tags are few; a batch asks the same ones)


def locale_of(tag: str) -> tuple[str, ...]:
    """The locale ``tag`` names as written, whatever its case and separators: its language,
    script, region and variants, every subtag kept and none filled in (``pt_BR`` and
    ``PT-br`` are one locale; ``fr`` and ``fr_FR``, ``zh_Hant`` and ``zh-TW``, ``sgn-BE-FR``
    and ``sgn-BE-NL`` are not: two keys are one text only when one tag is spelt twice).

    >>> locale_of("pt_BR") == locale_of("PT-br"), locale_of("zh_Hant") == locale_of("zh-TW")
    (True, False)
    >>> locale_of("fr_FR") == locale_of("fr-Latn"), locale_of("sgn-BE-FR") == locale_of(
    ...     "sgn-BE-NL")
    (False, False)
    """
    return tuple(_subtags(tag))


def script_of(tag: str) -> str | None:
    """The script ``tag`` names or implies (CLDR's likely subtags: ``zh-TW`` Hant, ``sr``
    Cyrl); None for a language babel does not know.

    >>> script_of("zh-TW"), script_of("zh_hans"), script_of("xx")
    ('Hant', 'Hans', None)
    """
    return _script_of(tuple(_subtags(tag)))


def text_key_for(texts: Iterable[object], tag: str) -> str | None:
    """The key of ``texts`` (a mapping of texts by language) that holds the text for ``tag``,
    as BCP 47 lookup and babel match tags, case and ``-`` or ``_`` alike: the same tag
    first; then, for a tag naming a script or region, the one key in that language written
    in the script it names or implies (``zh-Hant-TW``, ``zh-HK`` get ``zh_TW`` beside
    ``zh``; ``sr-Latn-RS`` gets ``sr_Latn`` beside ``sr``: look76v F2); then the language
    alone (``pt-BR`` gets ``pt`` beside ``pt_PT``); then that one key (``zh-Hans`` is never
    the text of a ``zh-TW`` reader, nor ``sr-Latn`` of an ``sr`` one); None when none
    does (nor when the language has two such keys and neither is the tag or the language
    alone: a region is never picked at random; two spellings of one tag, ``pt_BR`` and
    ``pt-BR``, are one region, the first written chosen, as for the tag itself). A key
    that is not text, or names no language, is never chosen.

    >>> texts = {"fr": "a", "FR-ca": "b", "pt_BR": "c", "es-AR": "d", "es-MX": "e"}
    >>> [text_key_for(texts, t) for t in ("fr_CA", "fr-BE", "pt", "es", "de")]
    ['FR-ca', 'fr', 'pt_BR', None, None]
    >>> [text_key_for(["zh-Hans", "zh_Hant"], t) for t in ("zh-TW", "zh-CN", "zh-Hant-HK")]
    ['zh_Hant', 'zh-Hans', 'zh_Hant']
    >>> text_key_for(["sr-Latn"], "sr"), text_key_for(["sr-Latn"], "sr-ME")
    (None, 'sr-Latn')
    >>> text_key_for(["pt_BR", "pt-BR"], "pt"), text_key_for(["zh_Hant", "zh-TW"], "zh-HK")
    ('pt_BR', None)
    >>> [text_key_for(["zh", "zh_TW", "sr", "sr_Latn"], t) for t in ("zh-HK", "zh-Hant",
    ...     "zh-CN", "sr-Latn-RS", "sr-RS")]
    ['zh_TW', 'zh_TW', 'zh', 'sr_Latn', 'sr']
    """
    asked = _subtags(tag)
    if not asked[0]:
        return None
    keys = [(key, parts) for key in texts if isinstance(key, str)
            if (parts := _subtags(key))[0]]
    if any(key == tag for key, _ in keys):  # (written as asked: before another spelling)
        return tag
    for key, parts in keys:
        if parts == asked:
            return key
    if len(asked) > 1:  # (a script or region asked: its script's one key, zh-HK is zh_TW)
        same = keys_in_language(texts, tag)
        if len({locale_of(key) for key in same}) == 1:
            return same[0]
    for key, parts in keys:
        if parts == asked[:1]:
            return key
    same = keys_in_language(texts, tag)
    return same[0] if len({locale_of(key) for key in same}) == 1 else None


def keys_in_language(texts: Iterable[object], tag: str) -> list[str]:
    """The keys of ``texts`` in ``tag``'s language written in the script ``tag`` names or
    implies (or in none babel knows), in their order: the texts :func:`text_key_for` may
    choose among when neither the tag nor the language alone is a key.

    >>> keys_in_language(["fr-CA", "fr_FR", "en", "zh-Hans"], "fr"), keys_in_language(
    ...     ["zh-Hans", "zh-TW"], "zh-Hant")
    (['fr-CA', 'fr_FR'], ['zh-TW'])
    """
    asked = _subtags(tag)
    if not asked[0]:
        return []
    script = _script_of(tuple(asked))
    return [key for key in texts if isinstance(key, str)
            if (parts := _subtags(key))[0] == asked[0]
            and (script is None or _script_of(tuple(parts)) in (None, script))]


def each_locale_once(keys: Iterable[Any]) -> list[Any]:
    """``keys`` with each locale named once: a key spelling a locale named by a key before
    it (``pt-BR`` after ``pt_BR``: one tag spelt twice) left out; a key that is not
    text or names no language kept (it is counted, never named)."""
    seen: set[tuple[str, ...]] = set()
    kept: list[Any] = []
    for key in keys:
        if isinstance(key, str) and language_of(key):
            named = locale_of(key)
            if named in seen:
                continue
            seen.add(named)
        kept.append(key)
    return kept


def named_code(key: str) -> str:
    """The code of ``key`` as babel names it: as written (``pt_BR``, ``fr_CA``), else as CLDR
    completes it if it names it so (``zh-TW``: ``zh_Hant_TW``, « Chinese (Traditional,
    Taiwan) », never « Chinese » alone), else as written (named by its language)."""
    code = babel_code(key)
    if nameable(code):
        return code
    from babel import Locale
    from babel.core import UnknownLocaleError

    try:
        full = str(Locale.parse(code))
    except (UnknownLocaleError, ValueError, TypeError, LookupError):
        return code
    parts = code.split("_")
    kept = full.split("_")
    # (the language and the region written kept: ``fr_ZZ`` is parsed as fr_FR, never so named)
    if kept[0] == parts[0] and set(parts[1:]) <= set(kept[1:]) and nameable(full):
        return full
    return code


def asked_code(tag: str, held: Sequence[object]) -> str:
    """The language of ``tag`` as an error names what was asked: its language (``fr``); with
    its script (« Simplified Chinese ») when texts of the language in another script were
    given, so that « no text in Chinese » never stands beside « Traditional Chinese »."""
    lang = language_of(tag)
    script = script_of(tag)
    if script and any(isinstance(key, str) and language_of(key) == lang
                      and script_of(key) not in (None, script) for key in held) \
            and nameable(f"{lang}_{script}"):
        return f"{lang}_{script}"
    return lang


@lru_cache(maxsize=512)
def nameable(code: str) -> bool:
    """Whether babel names the language ``code`` (``fr``, ``pt_BR``, ``fr_FR`` as
    « French (France) »): a language CLDR names, or a locale babel reads as written."""
    if code in language_names():
        return True
    from babel import Locale
    from babel.core import UnknownLocaleError

    try:
        return str(Locale.parse(code)) == code
    except (UnknownLocaleError, ValueError, TypeError):
        return False


@lru_cache(maxsize=1)
def language_names() -> frozenset[str]:
    """The language tags babel names (``en``, ``pt_BR``), as CLDR gives them in English."""
    from babel import Locale

    return frozenset(Locale("en").languages)
