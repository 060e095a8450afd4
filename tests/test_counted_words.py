"""The selection's words that hold a number take the form of that number in each language
(gettext plural forms): never "at most 1 applications", "at least 1 are needed" or "(s)"."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callrules import reason_text
from callrules._i18n import LANGUAGES
from callrules.selection.result import Reason
from tests.laws import settings

#: Words that say one, and words that say many, for each reason, in each language.
FORMS = {
    "over_limit_unit": {"en": ("application is funded", "applications are funded"),
                        "fr": ("candidature est financée", "candidatures sont financées"),
                        "es": ("financia como máximo", "financian como máximo"),
                        "pt": ("candidatura é financiada", "candidaturas são financiadas")},
    "over_limit_country": {"en": ("application is funded", "applications are funded"),
                           "fr": ("candidature est financée", "candidatures sont financées"),
                           "es": ("financia como máximo", "financian como máximo"),
                           "pt": ("candidatura é financiada", "candidaturas são financiadas")},
    "unscored_missing": {"en": ("is needed", "are needed"), "fr": None,
                         "es": ("se requiere al", "se requieren al"),
                         "pt": ("é necessária", "são necessárias")},
}
#: The number of scores given, in words: one, many.
SCORES = {"en": ("score on", "scores on"), "fr": ("note pour", "notes pour"),
          "es": ("puntaje en", "puntajes en"), "pt": ("nota no", "notas no")}


def _one(n: int, lang: str) -> bool:
    """Whether ``n`` takes the singular in ``lang`` (French and Portuguese: 0 and 1)."""
    return n <= 1 if lang in ("fr", "pt") else n == 1


def _reason(code: str, n: int, count: int) -> Reason:
    if code == "unscored_missing":
        return Reason(code, {"count": count, "criterion": "quality", "minimum": n})
    key = "UMR 7154" if code == "over_limit_unit" else "BR"
    return Reason(code, {"rank": 2, "limit": n, "key": key})


class TestCountedWords:
    @given(st.sampled_from(sorted(FORMS)), st.sampled_from([0, 1, 2, 21]),
           st.sampled_from([0, 1, 2, 21]), st.sampled_from(LANGUAGES))
    @settings(max_examples=200, deadline=None)
    def test_the_words_agree_with_the_number(self, code: str, n: int, count: int,
                                             lang: str) -> None:
        """Over counts 0, 1, 2 and 21 in the four languages, each reason's words take the
        form its number asks for, the number written, and never "(s)"."""
        text = reason_text(_reason(code, n, count), lang)
        assert "(s)" not in text and str(n) in text
        forms = FORMS[code][lang]
        if forms is not None:
            one, many = forms
            assert (one in text, many in text) == (_one(n, lang), not _one(n, lang)), text
        if code == "unscored_missing":
            one, many = SCORES[lang]
            assert f"{count} {one if _one(count, lang) else many}" in text, text

    @pytest.mark.parametrize("lang", LANGUAGES)
    def test_the_attacker_s_limit_of_one_is_said_in_the_singular(self, lang: str) -> None:
        """A limit of 1 per host unit is "at most 1 application is funded" in English and its
        singular in every language."""
        text = reason_text(_reason("over_limit_unit", 1, 0), lang)
        assert FORMS["over_limit_unit"][lang][0] in text, text
