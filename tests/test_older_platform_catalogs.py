"""A platform's catalogs made from a template older than the service's words (every catalog
deployed before they became messages): the service says which words they leave in English,
and never claims their language for those words (look75g F2)."""

from __future__ import annotations

from pathlib import Path

import httpx

from callrules import register_catalogs
from callrules.serve import create_app
from callrules.serve._http import labels
from callrules.serve._words import WORDS
from tests.conftest import kept_registries
from tests.live_server import serving
from tests.platform_catalogs import platform_catalogs


def test_a_catalog_older_than_the_service_s_words_is_not_said_to_word_them(
        tmp_path: Path) -> None:
    """A platform's catalog made from a template older than the service's words (every one
    deployed before they were messages): ``labels()`` names the words said in English in
    its language, so that the page does not offer it (an English page marked Arabic, right
    to left), and a problem whose title is English says ``en`` in ``Content-Language``.
    Before, the page offered it and the 422 said ``Content-Language: ar`` over an English
    title (look75g F2)."""
    with kept_registries():
        register_catalogs(platform_catalogs(tmp_path, ("ar",),
                                            leaving=frozenset(WORDS.values())))
        said = labels()["ar"]
        assert set(said["in_english"].split()) == set(WORDS)
        assert all(not labels()[lang]["in_english"] for lang in ("en", "fr", "es", "pt"))
        with serving(create_app()) as url, httpx.Client(base_url=url, timeout=60) as client:
            answer = client.post("/calls/cnrs-amsud-2026/check", json={"call": "cnrs-amsud-2026"},
                                 headers={"Accept-Language": "ar"})
        assert answer.status_code == 422
        assert answer.json()["title"] == "Invalid application"
        assert answer.headers["content-language"].split(", ")[0] == "en"
        assert "ar" in answer.headers["content-language"].split(", ")  # (its errors' words)
