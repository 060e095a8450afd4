"""The service speaks a platform's languages as it speaks its own: its words (the page's, the
problems') are the catalogs', said in ``Content-Language``, and its HTML laid out in each
language's direction (att82 F6)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from callrules import register_catalogs
from callrules._i18n import languages
from callrules._layout import direction
from callrules._tags import bcp47
from callrules.serve import create_app
from callrules.serve._http import labels
from callrules.serve._words import WORDS
from tests.conftest import kept_registries
from tests.live_server import serving
from tests.platform_catalogs import KEPT, LETTERS, platform_catalogs


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """The service, with a platform's Arabic, Polish, Hebrew, Traditional Chinese (``zh_TW``)
    and Latin Serbian (``sr_Latn``) registered."""
    with kept_registries():
        register_catalogs(platform_catalogs(tmp_path_factory.mktemp("locale"),
                                            tuple(LETTERS)))
        with serving(create_app()) as url, httpx.Client(base_url=url, timeout=60) as client:
            yield client


def test_the_page_s_words_are_served_in_every_language_spoken(service: httpx.Client) -> None:
    """``/page/labels.json``: every language the library speaks, a platform's too, each word
    the catalog's translation of its English, with the language's name in itself and its
    direction. Before, the file held four languages, outside the catalogs."""
    served = service.get("/page/labels.json").json()
    assert set(served) == set(languages()) >= {"ar", "pl", "he", "en", "fr"}
    assert served == labels()
    for lang, words in served.items():
        assert set(words) == {*WORDS, "language_name", "direction", "in_english"}
        assert words["in_english"] == ""  # (every word worded: the page offers it)
        assert words["direction"] == ("rtl" if lang in ("ar", "he") else "ltr")
        if lang in LETTERS:
            english = [key for key in WORDS
                       if re.search(r"[A-Za-z]", KEPT.sub("", words[key]))]
            assert english == [], (lang, english)
    assert served["ar"]["language_name"] == "العربية"
    assert served["fr"]["language_name"] == "Français"


@pytest.mark.parametrize("lang", sorted(LETTERS))
def test_a_problem_is_in_the_language_it_says(service: httpx.Client, lang: str) -> None:
    """A 422 asked in a platform's language: its title, its detail and each error's detail
    in it, and ``Content-Language`` saying it. Before, the title and detail were English and
    ``Content-Language: en``, beside details in Arabic."""
    answer = service.post("/calls/cnrs-amsud-2026/check", json={"call": "cnrs-amsud-2026"},
                          headers={"Accept-Language": lang})
    assert answer.status_code == 422
    # (BCP 47's tag: ``zh-TW``, never the folder's ``zh_TW``)
    assert answer.headers["content-language"].split(", ")[-1] == bcp47(lang)
    problem = answer.json()
    assert problem["title"] == labels()[lang]["problem_invalid_input"]
    for said in (problem["title"], problem["detail"],
                 *(error["detail"] for error in problem["errors"])):
        assert not re.search(r"\b(the|is|not|of|application|required)\b", said), said


@pytest.mark.parametrize("lang", ["ar", "he", "pl", "fr", "en", "zh_TW", "sr_Latn"])
def test_a_checklist_says_its_language_and_direction(service: httpx.Client,
                                                     lang: str) -> None:
    """The HTML checklist the service sends is marked with the reader's language and laid
    out in its direction (an Arabic one right to left, whatever the page it is put in).
    Before, it was a bare ``<div>``: an Arabic checklist read left to right."""
    html = service.get("/calls/cnrs-amsud-2026",
                       headers={"Accept-Language": lang}).json()["checklist"]["html"]
    head = html[:html.index(">") + 1]
    assert f' lang="{bcp47(lang)}" dir="{direction(lang)}"' in head, head
    assert direction(lang) == ("rtl" if lang in ("ar", "he") else "ltr")


def test_the_words_are_the_catalogs_own() -> None:
    """No word of the service lives outside the catalogs: the page's folder holds no words
    file of its own any more (a platform could not translate it)."""
    folder = Path(__file__).parent.parent / "src" / "callrules" / "serve" / "page"
    assert not (folder / "labels.json").exists()

