"""One choice of a language, for the library and the service alike (look76v F2, F3): a
reader's tag asked of the service (``Accept-Language``) and of the library (``negotiate``,
``spoken``) gives the same language, the one a platform registered in the script or region
the tag names, even beside the language's untagged catalog (``zh-HK`` is ``zh_TW`` beside
``zh``; ``sr-Latn-RS`` is ``sr_Latn`` beside ``sr``). Before, the library refused
``zh-Hant-TW`` the service served in ``zh_TW``, and the service gave ``zh-Hant-TW`` the
Simplified ``zh`` and ``sr-Latn-RS`` the Cyrillic ``sr`` where a platform had both."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callrules import register_catalogs
from callrules._i18n import negotiate, spoken
from callrules._tags import bcp47
from callrules.serve import create_app
from tests.conftest import kept_registries
from tests.live_server import serving
from tests.platform_catalogs import platform_catalogs

#: The languages a platform registers: two of them both untagged and tagged.
REGISTERED = ("sr", "sr_Latn", "zh", "zh_TW")
LETTERS = {"sr": "бвгдђжзијклљмнњћџш", "sr_Latn": "čćđšžČĆĐŠŽ",
           "zh": "的一是不了人我在有他这中大来上国个",
           "zh_TW": "的一是不了人我在有他這中大來上國個"}
#: What a reader asks, and the language that answers.
CHOSEN = {"sr-Latn-RS": "sr_Latn", "sr-Latn": "sr_Latn", "sr_RS@latin": "sr_Latn",
          "sr-Latn-ME": "sr_Latn", "sr-RS": "sr", "sr": "sr", "sr-Cyrl": "sr",
          "zh-Hant-TW": "zh_TW", "zh-Hant": "zh_TW", "zh-HK": "zh_TW", "zh-TW": "zh_TW",
          "zh_TW.UTF-8": "zh_TW", "zh-CN": "zh", "zh": "zh", "zh-Hans-TW": "zh",
          "pt-BR": "pt", "fr-CA": "fr"}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    with kept_registries():
        register_catalogs(platform_catalogs(tmp_path_factory.mktemp("locale"), REGISTERED,
                                            letters=LETTERS))
        with serving(create_app()) as url, httpx.Client(base_url=url, timeout=60) as client:
            yield client


@st.composite
def spelt(draw: st.DrawFn, tag: str) -> str:
    """``tag`` as a reader may spell it: each letter in either case."""
    return "".join(char.upper() if draw(st.booleans()) else char.lower() for char in tag)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(asked=st.sampled_from(sorted(CHOSEN)).flatmap(
    lambda tag: st.tuples(st.just(tag), spelt(tag))))
def test_the_library_and_the_service_choose_one_language(service: httpx.Client,
                                                          asked: tuple[str, str]) -> None:
    tag, spelling = asked
    answer = service.get("/nothing-here", headers={"Accept-Language": spelling})
    assert answer.headers["content-language"] == bcp47(CHOSEN[tag]), spelling
    assert negotiate(spelling) == CHOSEN[tag], spelling
    assert spoken(spelling) == CHOSEN[tag], spelling
