"""Locales, gettext catalogs, and values formatted for a reader (through babel).

Catalogs live in ``locale/<lang>/LC_MESSAGES/callrules.mo``. A locale such as ``fr-CA``,
``fr_FR`` or ``en-GB`` resolves to its language; one the library has no catalog for falls
back to ``en`` (or to the fallback the caller gives). babel is imported on first use.
"""

from __future__ import annotations

import decimal
import gettext
from collections.abc import Mapping
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from callrules._messages import CODES, INPUT_CODES, PHRASES
from callrules._money import Money
from callrules.exceptions import NotAFolderError

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from callrules._report import Finding, Report
    from callrules.exceptions import InputProblem

__all__ = ["LANGUAGES", "languages", "negotiate", "register_catalogs", "render_finding",
           "render_report", "translate"]

#: The languages the library speaks.
LANGUAGES = ("en", "fr")
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "callrules"


def negotiate(locale: str | None, fallback: str = "en") -> str:
    """The library language for ``locale``: ``fr-CA`` → ``fr``, ``pt-BR`` → ``fallback``.

    >>> negotiate("fr_FR"), negotiate("en-GB"), negotiate("pt-BR"), negotiate("???")
    ('fr', 'en', 'en', 'en')
    """
    known = languages() if _EXTRA_DIRS else LANGUAGES
    if isinstance(locale, str):
        lang = locale.strip().replace("-", "_").split("_")[0].split(".")[0].lower()
        if lang in known:
            return lang
    return fallback if fallback in known else "en"


_EXTRA_DIRS: list[Path] = []


def register_catalogs(folder: str | Path) -> None:
    """Add a platform's catalogs: ``folder/<lang>/LC_MESSAGES/callrules.mo``. A language
    found there (``es``, ``pt``…) becomes one the library speaks; for ``fr`` or ``en`` the
    platform's translations take precedence, message by message."""
    try:
        path = Path(folder)
        if not path.is_dir():
            raise NotAFolderError(folder)
    except (TypeError, ValueError, OSError):  # not a path; a NUL byte; a name too long
        raise NotAFolderError(folder) from None
    if path not in _EXTRA_DIRS:
        _EXTRA_DIRS.insert(0, path)
    _catalog.cache_clear()


def languages() -> tuple[str, ...]:
    """The languages messages can be read in: built in, and registered by a platform."""
    extra = {p.name for d in _EXTRA_DIRS for p in d.iterdir()
             if (p / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()}
    return tuple(sorted(set(LANGUAGES) | extra))


@cache
def _catalog(lang: str) -> gettext.NullTranslations:
    catalog = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
    for folder in reversed(_EXTRA_DIRS):  # the most recently registered wins
        extra = gettext.translation(DOMAIN, folder, languages=[lang], fallback=True)
        if not isinstance(extra, gettext.GNUTranslations):
            continue
        extra.add_fallback(catalog)
        catalog = extra
    return catalog


def translate(message: str, locale: str) -> str:
    """``message`` (an English msgid) in ``locale``'s language."""
    return _catalog(negotiate(locale)).gettext(message)


def phrase(key: str, locale: str, **values: object) -> str:
    """A report phrase by key, translated and filled."""
    text = translate(PHRASES[key], locale)
    return text % values if values else text


# -- formatting ----------------------------------------------------------------------------
_UNITS = (("day", 86400_000_000), ("hour", 3600_000_000), ("minute", 60_000_000),
          ("second", 1_000_000), ("millisecond", 1000), ("microsecond", 1))


def format_duration(value: timedelta, locale: str) -> str:
    """A duration in at most two units, exact to the microsecond: ``30 minutes``, ``1 ms``."""
    from babel.lists import format_list
    from babel.units import format_unit

    lang = negotiate(locale)
    micros = abs(value // timedelta(microseconds=1))
    parts = []
    for unit, size in _UNITS:
        count, micros = divmod(micros, size)
        if count:
            parts.append(format_unit(count, f"duration-{unit}", locale=lang))
        if len(parts) == 2:
            break
    if not parts:
        return format_unit(0, "duration-second", locale=lang)
    return format_list(parts, locale=lang)


def long_date(value: date, locale: str) -> str:
    """A date written out: ``June 1, 2026`` / ``1er juin 2026`` (French writes the first day
    of a month as an ordinal, which CLDR's pattern does not)."""
    from babel.dates import format_date

    lang = negotiate(locale)
    text = str(format_date(value, "long", locale=lang))
    if lang == "fr" and value.day == 1 and text.startswith("1 "):
        text = "1er " + text[2:]
    return text


def format_instant(value: datetime, locale: str, zone: tzinfo | None = None) -> str:
    """An instant as the reader reads it, with the zone it is shown in.

    ``June 1, 2026, 5:00 PM (Paris time)`` / ``1 juin 2026, 17:00 (heure de Paris)``.
    """
    from babel.dates import format_time, get_timezone_location

    lang = negotiate(locale)
    shown = value.astimezone(zone) if zone is not None else value
    if shown.microsecond:
        time_text = format_time(shown, "HH:mm:ss.SSS", locale=lang)
    elif shown.second:
        time_text = format_time(shown, "medium", locale=lang)
    else:
        time_text = format_time(shown, "short", locale=lang)
    text = f"{long_date(shown.date(), lang)}, {time_text}"
    tz = shown.tzinfo
    key = getattr(tz, "key", None)
    if key:
        city = get_timezone_location(tz, locale=lang, return_city=True)
        label = phrase("zone_time", lang, city=city)
        if lang == "fr" and city[:1] in "AEIOUYÉÈÊÎÔÛaeiouyéèêîôû":
            label = label.replace(f"de {city}", f"d’{city}")  # heure d’Auckland
        return f"{text} ({label})"
    return f"{text} ({shown.strftime('UTC%z')[:-2]}:{shown.strftime('%z')[-2:]})"


def format_value(value: object, locale: str, zone: tzinfo | None = None) -> str:
    """Any context value, formatted for ``locale``; instants also in ``zone`` if given."""
    from babel.lists import format_list
    from babel.numbers import format_currency, format_decimal

    lang = negotiate(locale)
    if value is None:
        return phrase("none", lang)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, Money):
        return format_currency(value.amount, value.currency, locale=lang)
    if isinstance(value, (int, Decimal)):
        with _wide(value):
            return format_decimal(value, locale=lang)
    if isinstance(value, datetime):
        text = format_instant(value, lang)
        if zone is not None and getattr(zone, "key", None) != getattr(value.tzinfo, "key", 0):
            text = phrase("instant_elsewhere", lang, instant=text,
                          local=format_instant(value, lang, zone))
        return text
    if isinstance(value, date):
        return long_date(value, lang)
    if isinstance(value, timedelta):
        return format_duration(value, lang)
    if isinstance(value, (list, tuple, frozenset, set)):
        items = [format_value(v, lang) for v in value]
        if isinstance(value, (frozenset, set)):
            items.sort()
        if not items:
            return phrase("empty", lang)
        return format_list(items, locale=lang)
    if isinstance(value, str):
        return value
    if hasattr(type(value), "model_fields"):  # an item of the application: name it, briefly
        ident = getattr(value, "id", None) or getattr(value, "kind", None)
        return f"{type(value).__name__} {ident}" if ident else type(value).__name__
    if isinstance(value, Mapping):  # a text given in several languages, by the call
        return str(value.get(lang) or next(iter(value.values()), "")) if value else "—"
    return str(value)


def _wide(number: int | Decimal) -> AbstractContextManager[decimal.Context]:
    """A decimal context precise enough for babel to round ``number`` (an int parameter or
    answer can have more than the default 28 digits)."""
    return decimal.localcontext(prec=max(28, Decimal(number).adjusted() + 30))


def _values(finding: Finding, lang: str, zone: tzinfo | None) -> dict[str, str]:
    ctx = finding.ctx
    out = {key: format_value(value, lang, zone) for key, value in ctx.items()}
    if isinstance(ctx.get("year"), int):
        out["year"] = str(ctx["year"])
    out["value"] = format_value(finding.input, lang) if not isinstance(
        finding.input, tuple) or len(finding.input) < 20 else str(len(finding.input))
    if finding.code in ("too_long", "too_short"):
        from babel.units import format_unit

        unit = {"nights": "duration-night", "months": "duration-month",
                "years": "duration-year"}.get(str(ctx.get("count")), "duration-day")
        for key in ("days", "limit", "excess", "shortfall"):
            number = ctx.get(key)
            if isinstance(number, int):
                with _wide(number):
                    out[key] = format_unit(number, unit, locale=lang)
    if finding.loc and finding.loc[-1] == "country":  # ISO 3166-1 codes, by the models
        out["value"] = _country(finding.input, lang)
        for key in ("allowed", "excluded"):
            codes = ctx.get(key)
            if isinstance(codes, (frozenset, set, tuple, list)):
                out[key] = format_list_sorted([_country(c, lang) for c in codes], lang)
    if finding.code == "not_allowed" and ctx.get("region"):
        from callrules._codes import REGION_NAMES

        names = REGION_NAMES.get(str(ctx["region"]), {})
        if lang in names:
            out["allowed"] = f"{names[lang]} (UN M49 {ctx['region']})"
    return out


def _zone(zone: str | tzinfo | None) -> tzinfo | None:
    if zone is None or isinstance(zone, tzinfo):
        return zone
    from callrules._time import get_zone

    return get_zone(zone)


def render_finding(finding: Finding, locale: str, zone: str | tzinfo | None = None) -> str:
    """The message of ``finding`` in ``locale``; instants shown in ``zone`` too, if given."""
    lang = negotiate(locale)
    own = finding.template
    if own and lang in own:  # the call's own wording, when it has the reader's language;
        template = own[lang]  # otherwise the library's, which the platform may have translated
    else:
        template = translate(CODES.get(finding.code, CODES["not_satisfied"]), lang)
    values = _SafeDict(_values(finding, lang, _zone(zone)))
    return template % values


class _SafeDict(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def render_report(report: Report, locale: str, zone: str | tzinfo | None = None) -> str:
    """A report as text: the verdict, then each finding's path with its message under it."""
    lang = negotiate(locale)
    reader = _zone(zone)
    verdict = phrase("eligible" if report.eligible else "not_eligible", lang)
    lines = [phrase("report_head", lang, application=report.application_id,
                    call=report.call_id, version=report.call_version, verdict=verdict)]
    call = report.call
    for key, findings in (("errors", report.errors), ("warnings", report.warnings)):
        if not findings:
            continue
        lines.append(phrase("heading_count", lang, heading=phrase(key, lang), n=len(findings)))
        for finding in findings:
            title = ""
            if call is not None and finding.clause in call.clauses:
                title = " — " + call.text(call.clauses[finding.clause].title, lang)
            lines.append(f"  {finding.path or phrase('whole_application', lang)}")
            lines.append(f"    {render_finding(finding, lang, reader)}")
            lines.append(f"    [{phrase('clause', lang)} {finding.clause}{title}]")
    if report.unchecked:
        lines.append(phrase("unchecked", lang, clauses=", ".join(report.unchecked)))
    return "\n".join(lines)


def _country(code: object, lang: str) -> str:
    """``Guyane française (GF)``: a country code with its name in the reader's language."""
    if not isinstance(code, str):
        return format_value(code, lang)
    name = territory_name(code, lang)
    return f"{name} ({code})" if name != code else code


def format_list_sorted(items: list[str], lang: str) -> str:
    """``items`` sorted for the reader's language and joined as a list (``a, b et c``)."""
    from babel.lists import format_list

    return format_list(sorted(items, key=_collation_key), locale=lang) if items else \
        phrase("empty", lang)


def _collation_key(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c)).casefold()


def render_problem(problem: InputProblem, locale: str) -> str:
    """An input problem in ``locale``: the library's template for its type when there is one
    in that language, else the message as it was written (English)."""
    lang = negotiate(locale)
    ctx = dict(problem.ctx or {})
    template = INPUT_CODES.get(ctx.get("template") or problem.type)
    if template is None or (lang == "en" and problem.msg):
        return problem.msg
    reason = INPUT_CODES.get(ctx.get("reason_code", ""))
    if reason is not None:  # an amount's own reason, told in the same language
        ctx["reason"] = translate(reason, lang) % _SafeDict(ctx)
    text: str = translate(template, lang) % _SafeDict(ctx)
    return text


def territory_name(code: str, locale: str) -> str:
    """A country's name in ``locale``'s language, from CLDR (babel)."""
    from babel import Locale

    names: Mapping[str, Any] = Locale.parse(negotiate(locale)).territories
    return str(names.get(code, code))
