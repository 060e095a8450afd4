"""A platform's language named with a region, a script, both, or gettext's modifier
(``zh_TW``, ``sr_Latn``, ``pa_Arab_PK``, ``ca@valencia``) is read by its whole tag however a
reader spells it, and said as BCP 47 tags it: ``Content-Language: zh-TW``, HTML's
``lang="zh-TW"``, never the catalog folder's ``zh_TW`` (session 55 left both: the page
picked by the first part of a tag only, and ``Content-Language`` said ``zh_TW``)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callrules import register_catalogs
from callrules.serve import create_app
from callrules.serve._http import labels
from tests.conftest import kept_registries
from tests.live_server import serving
from tests.platform_catalogs import platform_catalogs

#: Each shape of tag a platform may name its catalog's folder with, and its BCP 47 tag.
REGISTERED = {"de": "de", "zh_TW": "zh-TW", "sr_Latn": "sr-Latn", "pa_Arab_PK": "pa-Arab-PK",
              "ca@valencia": "ca-valencia"}
#: Each one's letters (its words told from another's and from English).
LETTERS = {"de": "äöüßÄÖÜ", "zh_TW": "的一是不了人我在有他這中大來上國個",
           "sr_Latn": "čćđšžČĆĐŠŽ", "pa_Arab_PK": "ابتثجحخدذرزسش", "ca@valencia": "àèéíòóúçÀÈ"}
#: What a reader may ask for each (as a browser or a person writes it): its tag, that tag
#: made longer (a region, a script implied: BCP 47's lookup, CLDR's likely script).
ASKED = {"de": ["de", "de-CH", "de-AT-1996"],
         "zh_TW": ["zh-TW", "zh-Hant-TW", "zh-Hant", "zh-HK"],
         "sr_Latn": ["sr-Latn", "sr-Latn-RS", "sr-ME"],
         "pa_Arab_PK": ["pa-Arab-PK", "pa-Arab", "pa-PK"],
         "ca@valencia": ["ca-valencia", "ca-ES-valencia", "ca@valencia"]}
#: Tags no registered language is: another script (Simplified Chinese, Cyrillic Serbian,
#: Gurmukhi Punjabi), which the next range of the header answers instead.
OTHERS = ["zh", "zh-CN", "zh-Hans-TW", "sr", "sr-Cyrl", "pa", "pa-Guru-IN"]
#: A BCP 47 language tag as RFC 5646 writes one (language, script, region, variants).
BCP47 = re.compile(r"[a-z]{2,3}(-[A-Z][a-z]{3})?(-(?:[A-Z]{2}|[0-9]{3}))?(-[a-z0-9]{4,8})*")


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """The service with a platform's catalogs of every shape of tag registered."""
    with kept_registries():
        register_catalogs(platform_catalogs(tmp_path_factory.mktemp("locale"),
                                            tuple(REGISTERED), letters=LETTERS))
        with serving(create_app()) as url, httpx.Client(base_url=url, timeout=60) as client:
            yield client


@st.composite
def spelt(draw: st.DrawFn, tag: str) -> str:
    """``tag`` as a reader may spell it: ``-`` or ``_`` between its subtags, each letter in
    either case."""
    text = tag.replace("-", draw(st.sampled_from("-_")))
    return "".join(char.upper() if draw(st.booleans()) else char.lower() for char in text)


def asked_for(lang: str) -> st.SearchStrategy[tuple[str, str]]:
    return st.tuples(st.just(lang), st.sampled_from(ASKED[lang]).flatmap(spelt))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(asked=st.sampled_from(sorted(ASKED)).flatmap(asked_for),
       before=st.sampled_from(OTHERS).flatmap(spelt))
def test_a_tagged_language_is_read_whole_and_said_as_bcp47(service: httpx.Client,
                                                           asked: tuple[str, str],
                                                           before: str) -> None:
    """A law over every shape of tag a platform registers, each asked as a reader may spell
    it (case, ``-`` or ``_``, longer), after a range of the same language in another script:
    the answer is in the registered language (its title the catalog's), and its
    ``Content-Language`` is that language's BCP 47 tag. Before, ``zh-Hant-TW``,
    ``sr-Latn-RS`` or ``pa-PK`` were read by their first part and answered in English, and
    ``Content-Language`` said ``zh_TW``, ``ca@valencia``, which no BCP 47 reader reads."""
    lang, spelling = asked
    answer = service.get("/nothing-here", headers={
        "Accept-Language": f"{before}, {spelling};q=0.9, fr;q=0.1"})
    assert answer.status_code == 404
    said = answer.headers["content-language"]
    assert said == REGISTERED[lang], (spelling, said)
    assert BCP47.fullmatch(said), said
    assert answer.json()["title"] == labels()[lang]["problem_not_found"]


@pytest.mark.parametrize("lang", sorted(REGISTERED))
def test_html_marks_each_language_with_its_bcp47_tag(service: httpx.Client, lang: str) -> None:
    """A call's HTML page and its checklist are marked ``lang`` with the BCP 47 tag
    (``zh-TW``): HTML reads no ``zh_TW``. Before, both said the folder's name."""
    page = service.get("/calls/cnrs-amsud-2026", headers={
        "Accept": "text/html", "Accept-Language": REGISTERED[lang]}).text
    assert page.startswith(f'<!doctype html>\n<html lang="{REGISTERED[lang]}">'), page[:80]
    assert f'<div class="callrules-checklist" style="overflow-wrap:break-word" lang="' \
           f'{REGISTERED[lang]}"' in page
    assert all(BCP47.fullmatch(tag) for tag in re.findall(r'lang="([^"]*)"', page))
