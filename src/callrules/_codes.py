"""Standard codes: ISO 3166-1/-2 countries and subdivisions, ISO 4217 currencies,
ISO 639-1 languages, and the library's own small table of UN M49 regions.

The ISO tables are frozen in ``_code_tables`` (from pycountry); babel is imported on first
use only, so ``import callrules`` stays light.
"""

from __future__ import annotations

from functools import cache

from callrules import _code_tables

__all__ = [
    "COUNTRIES",
    "CURRENCIES",
    "LANGUAGES",
    "REGIONS",
    "SUBDIVISIONS",
    "countries_in_region",
    "currency_minor_unit",
    "currency_written_places",
    "is_country",
    "is_currency",
    "is_language",
    "is_subdivision",
    "subdivisions_by_country",
]

#: UN M49 geographic regions used by calls, by their three-digit code, as ISO 3166-1 alpha-2
#: countries and areas. Source: United Nations Statistics Division, "Standard country or area
#: codes for statistical use (M49)", https://unstats.un.org/unsd/methodology/m49/ .
#: Only regions of the Americas are tabulated so far; a call may also list countries itself.
REGIONS: dict[str, frozenset[str]] = {
    # South America
    "005": frozenset({"AR", "BO", "BV", "BR", "CL", "CO", "EC", "FK", "GF", "GY", "PY", "PE",
                      "GS", "SR", "UY", "VE"}),
    # Central America
    "013": frozenset({"BZ", "CR", "SV", "GT", "HN", "MX", "NI", "PA"}),
    # Caribbean
    "029": frozenset({"AI", "AG", "AW", "BS", "BB", "BQ", "VG", "KY", "CU", "CW", "DM", "DO",
                      "GD", "GP", "HT", "JM", "MQ", "MS", "PR", "BL", "KN", "LC", "MF", "VC",
                      "SX", "TT", "TC", "VI"}),
    # Northern America
    "021": frozenset({"BM", "CA", "GL", "PM", "US"}),
}
REGIONS["419"] = REGIONS["005"] | REGIONS["013"] | REGIONS["029"]  # Latin America and the Caribbean
REGIONS["019"] = REGIONS["419"] | REGIONS["021"]  # Americas

#: Names of the regions, for messages and checklists.
REGION_NAMES: dict[str, dict[str, str]] = {
    "005": {"en": "South America", "fr": "Amérique du Sud"},
    "013": {"en": "Central America", "fr": "Amérique centrale"},
    "029": {"en": "the Caribbean", "fr": "Caraïbes"},
    "021": {"en": "Northern America", "fr": "Amérique septentrionale"},
    "419": {"en": "Latin America and the Caribbean", "fr": "Amérique latine et Caraïbes"},
    "019": {"en": "the Americas", "fr": "Amériques"},
}


def countries_in_region(code: str) -> frozenset[str]:
    """The ISO 3166-1 alpha-2 codes of UN M49 region ``code``; ``LookupError`` if unknown."""
    try:
        return REGIONS[code]
    except KeyError:
        known = ", ".join(sorted(REGIONS))
        raise LookupError(f"unknown UN M49 region {code!r}; known: {known}") from None


#: The code tables, frozen in the package (``_code_tables``, written from pycountry by
#: ``tools/code_tables.py``): the codes an application may use do not depend on the
#: pycountry installed, so a decision replays the same everywhere, and no data file is read.
COUNTRIES: frozenset[str] = frozenset(_code_tables.COUNTRIES)
SUBDIVISIONS: frozenset[str] = frozenset(_code_tables.SUBDIVISIONS)
CURRENCIES: frozenset[str] = frozenset(_code_tables.CURRENCIES)
LANGUAGES: frozenset[str] = frozenset(_code_tables.LANGUAGES)


@cache
def subdivisions_by_country() -> dict[str, tuple[str, ...]]:
    """The ISO 3166-2 subdivision codes of each country that has some, sorted."""
    out: dict[str, list[str]] = {}
    for code in _code_tables.SUBDIVISIONS:
        out.setdefault(code.split("-", 1)[0], []).append(code)
    return {country: tuple(sorted(codes)) for country, codes in sorted(out.items())}


def is_country(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-2 code (upper case)."""
    return code in COUNTRIES


def is_subdivision(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-2 subdivision code such as ``FR-971``."""
    return code in SUBDIVISIONS


def is_currency(code: str) -> bool:
    """Whether ``code`` is an ISO 4217 currency code (upper case)."""
    return code in CURRENCIES


def is_language(code: str) -> bool:
    """Whether ``code`` is an ISO 639-1 two-letter language code (lower case)."""
    return code in LANGUAGES


@cache
def currency_minor_unit(code: str) -> int:
    """Decimal places of the currency's minor unit (2 for EUR, 0 for CLP), from CLDR."""
    from babel.numbers import get_currency_precision

    return int(get_currency_precision(code))


#: ISO 4217's minor unit of each currency whose minor unit is not 2 (ISO 4217, list one,
#: "Minor unit" column; the funds and metals without a minor unit are left to CLDR). CLDR's
#: digits, which :func:`currency_minor_unit` gives, are how amounts are shown and rounded:
#: they drop a minor unit no one pays in any more (0 for the Colombian peso and the
#: Hungarian forint, whose ISO minor unit is 2).
_ISO_MINOR_UNITS: dict[str, int] = {
    **dict.fromkeys(("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF",
                     "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"), 0),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
    **dict.fromkeys(("CLF", "UYW"), 4),
}


@cache
def currency_written_places(code: str) -> int:
    """The most decimal places an amount of the currency may be written with: its ISO 4217
    minor unit, or CLDR's digits where they are more (an accounting export writes
    ``4500000.00`` COP, exact, though CLDR shows the peso without cents).

    >>> [currency_written_places(code) for code in ("COP", "CLP", "EUR", "KWD")]
    [2, 0, 2, 3]
    """
    iso = _ISO_MINOR_UNITS.get(code, 2)
    return max(iso, currency_minor_unit(code))
