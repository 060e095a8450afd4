"""An instant a person types (``--at``) that cannot be read is refused in the reader's
language, in words: the problem named (no date, no zone, an abbreviation, a local time the
clocks skip or repeat, outside the calendar), never a parser's English."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import callrules
from callrules._i18n import phrase
from tests.helpers import code_tokens
from tests.test_cli import run

LANGS = ("fr", "en", "es", "pt")
#: What people (and attackers) type as an instant.
TYPED = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["2026-06-01T17:00:00+25:00", "+002026-06-01T10:00:00Z",
                     "\u0661\u0662\u0660\u0662\u0666-06-01T10:00:00Z",
                     "2026-10-25 02:30 Europe/Paris", "2026-03-29 02:30 Europe/Paris",
                     "2026-06-01", "9999-12-31T23:00:00-01:00", "0001-01-01T00:30:00+01:00",
                     "2026-06-01 10:00 CET", "2026-06-01 10:00 Foo/Bar", "10:00 Europe/Paris",
                     "2026-06-01T10:00:00+02:00 Europe/Paris", "2026-06-01 10:00 UTC+2",
                     "2026-06-01T10:00:00Z", "2026-06-01 10:00 Europe/Paris"]))


class TestAnInstantTyped:
    @settings(max_examples=150, deadline=None)
    @given(text=TYPED)
    def test_every_refusal_is_worded_in_each_language(self, text: str) -> None:
        """Any text either reads as an aware instant that UTC can show, or is refused with
        words: a phrase of the library, filled, translated, free of code tokens."""
        try:
            instant = callrules.parse_instant(text)
        except callrules.TimeError as error:
            assert error.words is not None, (text, str(error))
            key, values = error.words
            english = phrase(key, "en", **values)
            for lang in LANGS:
                said = phrase(key, lang, **values)
                assert code_tokens(said.replace(text, "")) == [], said
                assert (said != english) is (lang != "en")
        else:
            assert instant.utcoffset() is not None
            instant.astimezone(callrules.parse_instant("2026-01-01T00:00:00Z").tzinfo)

    @pytest.mark.parametrize("at", ["2026-06-01T17:00:00+25:00", "2026-06-01",
                                    "9999-12-31T23:00:00-01:00",
                                    "2026-10-25 02:30 Europe/Paris"])
    def test_the_command_line_says_it_in_french(self, at: str) -> None:
        """``check --lang fr --at …`` exits 2 with a French sentence naming what was typed,
        with none of the date parser's English."""
        done = run("check", "cnrs-amsud-2026", "examples/eligible.json", "--lang", "fr",
                   "--at", at)
        assert done.returncode == 2
        assert f"«\u202f{at}\u202f»" in done.stderr
        for english in ("Invalid", "Expected", "should", "is not", "as of", "outside"):
            assert english not in done.stderr
