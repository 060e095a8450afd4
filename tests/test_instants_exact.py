"""An instant said to a person: precise enough to differ from the deadline it is compared
with whenever it differs (milliseconds, or every microsecond when they would cut one), in
the one clock style of the reader's language (English's 12-hour clock, seconds or not)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import example, given
from hypothesis import strategies as st

import callrules
from callrules._i18n import format_instant
from tests.conftest import eligible_dict
from tests.laws import settings

PARIS = ZoneInfo("Europe/Paris")
DEADLINE = datetime(2026, 6, 1, 17, tzinfo=PARIS)
LANGS = ("en", "fr", "es", "pt")


class TestInstantsSaidExactly:
    @settings(max_examples=200)
    @given(us=st.integers(1, 86_400_000_000), lang=st.sampled_from(LANGS),
           zone=st.sampled_from(["Europe/Paris", "America/Sao_Paulo", "UTC", "Asia/Tokyo"]))
    @example(us=1, lang="en", zone="Europe/Paris")
    @example(us=1_000, lang="fr", zone="Europe/Paris")
    def test_two_different_instants_are_never_written_alike(
            self, us: int, lang: str, zone: str) -> None:
        """Any instant after the deadline (1 µs to a day) reads otherwise than the
        deadline, in any language and zone: nothing cut."""
        later = DEADLINE + timedelta(microseconds=us)
        shown = ZoneInfo(zone)
        assert format_instant(later, lang, shown) != format_instant(DEADLINE, lang, shown)

    def test_a_microsecond_late_is_shown_to_the_microsecond_and_a_millisecond_to_it(
            self) -> None:
        """« 17:00:00,000001 », not « 17:00:00,000 »; « 17:00:00,001 », not six digits."""
        micro = DEADLINE + timedelta(microseconds=1)
        milli = DEADLINE + timedelta(milliseconds=1)
        assert "17:00:00,000001 " in format_instant(micro, "fr", PARIS)
        assert "17:00:00,001 " in format_instant(milli, "fr", PARIS)
        assert "5:00:00.000001\u202fPM" in format_instant(micro, "en", PARIS)

    @settings(max_examples=100)
    @given(us=st.integers(0, 86_400_000_000 - 1))
    def test_english_keeps_one_clock_style_with_or_without_seconds(self, us: int) -> None:
        """Every English time is on the 12-hour clock (AM/PM), seconds and fractions too."""
        instant = datetime(2026, 6, 1, tzinfo=UTC) + timedelta(microseconds=us)
        text = format_instant(instant, "en", PARIS)
        assert re.search(r", (1[0-2]|[1-9]):[0-5][0-9](:[0-5][0-9]([.][0-9]{3,6})?)?\u202f"
                         r"(AM|PM) ", text), text

    def test_a_late_submission_reads_as_another_time_than_the_deadline(self) -> None:
        """The attacker's case: 17:00:00.000001 Paris, a microsecond late: the finding shows
        it as such, beside « 5:00 PM » in the same clock style."""
        app = eligible_dict()
        app["submitted_at"] = "2026-06-01T17:00:00.000001+02:00"
        report = callrules.evaluate(callrules.calls.load("cnrs-amsud-2026"), app,
                                    now=datetime(2026, 6, 2, tzinfo=UTC))
        late = next(f for f in report.errors if f.code == "too_late")
        en, fr = report.message_of(late, "en"), report.message_of(late, "fr")
        assert "5:00:00.000001\u202fPM" in en and "5:00\u202fPM" in en
        assert "17:00:00,000001" in fr
