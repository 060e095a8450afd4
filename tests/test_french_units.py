"""French typography of a number and its unit: one rule, a no-break space between them,
whatever the unit (babel's French data gives one in "1 jour", "1 heure", but a plain space in
"1 minute", "16 nuits", "16 ans"); the offsets' range written with the minus sign."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callrules._i18n import format_count, format_duration, translate
from callrules._messages import INPUT_CODES, PHRASES
from tests.laws import settings

#: A number, then a space that is not a no-break one, then a letter.
BREAKABLE = re.compile(r"[0-9][ \u2009\u202f](?=[^\W\d])")


class TestNumberAndUnit:
    @settings(max_examples=200, deadline=None)
    @given(micros=st.integers(1, 10**15))
    def test_any_duration_in_french_keeps_its_number_and_unit_together(self,
                                                                       micros: int) -> None:
        """Law: any duration in French has a no-break space between each number and its
        unit (1 minute, 1 jour, 2 heures, 3 millisecondes alike)."""
        text = format_duration(timedelta(microseconds=micros), "fr")
        assert not BREAKABLE.search(text), text
        assert re.search(r"[0-9]\u00a0[^\W\d]", text), text

    @settings(max_examples=100, deadline=None)
    @given(number=st.integers(0, 10**6),
           unit=st.sampled_from(["days", "nights", "months", "years"]))
    def test_any_count_of_days_nights_months_or_years_in_french_too(self, number: int,
                                                                    unit: str) -> None:
        """Law: 16 nuits, 16 ans, 1 jour, 10 000 jours: a no-break space before the unit."""
        text = format_count(number, unit, "fr")
        assert not BREAKABLE.search(text), text
        assert "\u00a0" in text, text

    def test_other_languages_are_left_as_babel_writes_them(self) -> None:
        """English keeps its plain space: 16 nights."""
        assert format_count(16, "nights", "en") == "16 nights"

    @pytest.mark.parametrize("lang", ["en", "fr", "es", "pt"])
    @pytest.mark.parametrize("code", ["instant_text", "instant_offset_nowhere",
                                      "instant_unknown_offset"])
    def test_the_offsets_range_is_written_as_it_is_typed(self, code: str, lang: str) -> None:
        """« de -12:00 à +14:00, pas -00:00 »: the message says what to type in RFC 3339,
        which refuses U+2212 (« −12:00 »), so every language writes the hyphen-minus."""
        text = translate({**PHRASES, **INPUT_CODES}[code], lang)
        typed = ["-00:00"] if code == "instant_unknown_offset" else ["-12:00", "+14:00"]
        assert "\u2212" not in text and all(offset in text for offset in typed), text
