"""Standard codes: ISO 3166-1/-2 countries and subdivisions, ISO 4217 currencies,
ISO 639-1 languages, and the library's own small table of UN M49 regions.

pycountry and babel are imported on first use only, so ``import callrules`` stays light.
"""

from __future__ import annotations

from functools import cache

__all__ = [
    "REGIONS",
    "countries_in_region",
    "currency_minor_unit",
    "is_country",
    "is_currency",
    "is_language",
    "is_subdivision",
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


@cache
def _country_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries)


@cache
def _subdivision_codes() -> frozenset[str]:
    import pycountry

    return frozenset(s.code for s in pycountry.subdivisions)


@cache
def _currency_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.currencies)


@cache
def _language_codes() -> frozenset[str]:
    import pycountry

    return frozenset(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))


def is_country(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-2 code (upper case)."""
    return code in _country_codes()


def is_subdivision(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-2 subdivision code such as ``FR-971``."""
    return code in _subdivision_codes()


def is_currency(code: str) -> bool:
    """Whether ``code`` is an active ISO 4217 currency code (upper case)."""
    return code in _currency_codes()


def is_language(code: str) -> bool:
    """Whether ``code`` is an ISO 639-1 two-letter language code (lower case)."""
    return code in _language_codes()


@cache
def currency_minor_unit(code: str) -> int:
    """Decimal places of the currency's minor unit (2 for EUR, 0 for CLP), from CLDR."""
    from babel.numbers import get_currency_precision

    return int(get_currency_precision(code))
