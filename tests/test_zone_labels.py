"""A zone's label is a phrase a person reads inside brackets: the city's region after a
comma, never a bracket in the brackets (« heure de Knox, Indiana », not « Knox [Indiana] »),
and a place named by a common noun with its article (« horário da Cidade de Ho Chi Minh »,
« heure de l’île de Man », « hora de la Isla de Man »)."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, available_timezones

import pytest

from callrules._i18n import zone_label
from callrules._time import is_place

PLACES = sorted(z for z in available_timezones() if is_place(z) and "/" in z)
#: A common noun opening a place's name said without its article after "de".
NO_ARTICLE = {"fr": re.compile(r"\b(de|d’) ?[IÎ]les?\b"),
              "es": re.compile(r"\bde Islas?\b"),
              "pt": re.compile(r"\bde (Cidade|Ilhas?)\b")}


@pytest.mark.parametrize("lang", ["en", "fr", "es", "pt"])
def test_every_place_s_zone_reads_without_nested_brackets_or_missing_article(
        lang: str) -> None:
    """Law: every place's zone, in each language, has no bracket of its own and, where its
    name opens with a common noun, that noun's article."""
    for key in PLACES:
        label = zone_label(ZoneInfo(key), lang)
        assert not re.search(r"[()\[\]]", label), (key, label)
        if lang in NO_ARTICLE:
            assert not NO_ARTICLE[lang].search(label), (key, label)


@pytest.mark.parametrize(("key", "lang", "expected"), [
    ("America/North_Dakota/New_Salem", "fr", "heure de New Salem, Dakota du Nord"),
    ("America/Indiana/Knox", "fr", "heure de Knox, Indiana"),
    ("Asia/Ho_Chi_Minh", "pt", "horário da Cidade de Ho Chi Minh"),
    ("Europe/Isle_of_Man", "fr", "heure de l’île de Man"),
    ("Atlantic/Faroe", "fr", "heure des îles Féroé"),
    ("Pacific/Easter", "es", "hora de la Isla de Pascua"),
    ("Asia/Yangon", "es", "hora de Yangón"),
    ("Europe/Paris", "fr", "heure de Paris"),
    ("Pacific/Auckland", "fr", "heure d’Auckland"),
])
def test_the_city_names_babel_gives_are_shaped_into_the_phrase(key: str, lang: str,
                                                               expected: str) -> None:
    """Region after a comma, article with a common noun, elision kept."""
    assert zone_label(ZoneInfo(key), lang) == expected
