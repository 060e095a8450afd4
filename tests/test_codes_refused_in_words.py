"""A value that is no code of a list (a country, a subdivision, a language, a currency) is
refused naming what was expected in words, in the reader's language (« un pays de la
liste »), then how it is written: the applicants' page offers these by name, and a
mistyped name (« Brazill ») was told of ISO 3166-1 alpha-2 codes only (look75g F5c)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import callrules
from callrules.serve import create_app
from tests.conftest import EXAMPLES
from tests.live_server import serving

ELIGIBLE = json.loads((EXAMPLES / "eligible.json").read_text("utf-8"))

#: Where each list's code is written in an application, and the problem's type.
FIELDS = {"country": (("visitors", 0, "institution", "location", "country"), "country_code"),
          "subdivision": (("visitors", 0, "institution", "location", "subdivision"),
                          "subdivision_code"),
          "language": (("language",), "language_code"),
          "currency": (("budget", "lines", 0, "amount", "currency"), "currency_code")}
#: What is expected, in words, in each language: the thing, and that it is one of a list.
EXPECTED = {
    "country": {"en": "a known country", "fr": "un pays connu",
                "es": "un país conocido", "pt": "um país conhecido"},
    "subdivision": {"en": "a known subdivision", "fr": "une subdivision connue",
                    "es": "una subdivisión conocida", "pt": "uma subdivisão conhecida"},
    "language": {"en": "a known language", "fr": "une langue connue",
                 "es": "un idioma conocido", "pt": "um idioma conhecido"},
    "currency": {"en": "a known currency", "fr": "une devise connue",
                 "es": "una moneda conocida", "pt": "uma moeda conhecida"}}

#: A name mistyped (never a code of any list: more letters than a code has).
MISTYPED = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzéô "), min_size=5, max_size=20) \
    .map(str.strip).filter(lambda name: len(name) >= 5)


def _with(kind: str, typed: str) -> dict[str, Any]:
    app = copy.deepcopy(ELIGIBLE)
    place, _ = FIELDS[kind]
    node: Any = app
    for part in place[:-1]:
        node = node[part]
    node[place[-1]] = typed
    return app


@settings(max_examples=40, deadline=None)
@given(kind=st.sampled_from(sorted(FIELDS)), typed=MISTYPED,
       lang=st.sampled_from(["en", "fr", "es", "pt"]))
def test_a_name_mistyped_is_refused_naming_what_is_expected(kind: str, typed: str,
                                                            lang: str) -> None:
    """A law over the four lists and the four languages: the refusal of a mistyped name
    says, in the reader's words, that a country (a subdivision, a language, a currency) of
    the list is expected, and quotes what was typed. Before, it said only « n’est pas un
    code de pays ISO 3166-1 alpha-2 »: no word of a country for a reader who typed one."""
    with pytest.raises(callrules.InputError) as refused:
        callrules.parse_application(json.dumps(_with(kind, typed)))
    _, code = FIELDS[kind]
    (problem,) = [p for p in refused.value.problems if p.type == code]
    said = problem.message(lang)
    assert EXPECTED[kind][lang] in said, said
    assert typed in said and "alpha-2" not in said


@pytest.fixture(scope="module")
def service() -> Iterator[httpx.Client]:
    with serving(create_app()) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield client


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(sorted(FIELDS)), lang=st.sampled_from(["en", "fr", "es", "pt"]))
def test_the_service_s_422_says_what_is_expected(service: httpx.Client, kind: str,
                                                 lang: str) -> None:
    """The service's 422 (the words the page shows beside the field) says it too, in the
    reader's language, at the field's JSON Pointer."""
    answer = service.post("/calls/cnrs-amsud-2026/check", json=_with(kind, "Brazill"),
                          headers={"Accept-Language": lang})
    assert answer.status_code == 422
    place, _ = FIELDS[kind]
    pointer = "".join(f"/{part}" for part in place)
    (error,) = [e for e in answer.json()["errors"] if e["pointer"] == pointer]
    assert EXPECTED[kind][lang] in error["detail"], error["detail"]
