"""A date written right (YYYY-MM-DD, alone or opening an instant) whose day does not exist
(2026-02-29, 2026-09-31) is told as such, in each language: the month and how many days it
has, never "a date is expected here, written YYYY-MM-DD", which blames the writing."""

from __future__ import annotations

import calendar
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from tests.conftest import eligible_dict
from tests.laws import settings
from tests.test_control_characters import put

#: Where the example application holds a date, and where an instant.
DATES = [("visitors", 0, "stay", "arrival"), ("visitors", 0, "stay", "departure"),
         ("approvals", 0, "on")]
INSTANTS = [("submitted_at",)]
SAID = {"en": "does not exist", "fr": "n’existe pas", "es": "no existe", "pt": "não existe"}


def messages(app: dict[str, Any], lang: str) -> list[str]:
    try:
        callrules.parse_application(json.dumps(app))
    except callrules.InputError as error:
        return [p.message(lang) for p in error.problems]
    return []


@st.composite
def impossible_days(draw: st.DrawFn) -> str:
    year = draw(st.integers(2, 9998))
    month = draw(st.integers(1, 12))
    days = calendar.monthrange(year, month)[1]
    day = draw(st.sampled_from([0, *range(days + 1, 32)]) if days < 31 else st.just(0)
               | st.just(32))
    return f"{year:04d}-{month:02d}-{day:02d}"


class TestImpossibleDates:
    @settings(max_examples=120, deadline=None)
    @given(written=impossible_days(), loc=st.sampled_from(DATES + INSTANTS),
           lang=st.sampled_from(sorted(SAID)))
    def test_any_impossible_date_is_said_not_to_exist(self, written: str,
                                                      loc: tuple[str | int, ...],
                                                      lang: str) -> None:
        """Law: any date written right whose day does not exist (day 00, or past the end of
        its month), as a date or as an instant's date, is said not to exist."""
        app = eligible_dict()
        put(app, loc, written if loc not in INSTANTS else f"{written}T10:00:00+02:00")
        said = messages(app, lang)
        assert any(f"{written} {SAID[lang]}" in text for text in said), said

    @pytest.mark.parametrize(("written", "expected"), [
        ("2026-02-29", "2026-02-29 does not exist: February 2026 has 28 days."),
        ("2026-09-31", "2026-09-31 does not exist: September 2026 has 30 days."),
        ("2026-13-01", "2026-13-01 does not exist: a year has 12 months, and this date is in "
                       "month 13."),
    ])
    def test_the_month_and_its_days_are_named(self, written: str, expected: str) -> None:
        """The words name the month and how many days it has."""
        app = eligible_dict()
        put(app, DATES[0], written)
        assert expected in messages(app, "en")

    def test_french_spanish_and_portuguese_name_the_month_in_their_words(self) -> None:
        """septembre 2026, septiembre de 2026, setembro de 2026."""
        app = eligible_dict()
        put(app, DATES[0], "2026-09-31")
        assert "2026-09-31 n’existe pas\u202f: septembre 2026 compte 30\xa0jours." in messages(
            app, "fr")
        assert "2026-09-31 no existe: septiembre de 2026 tiene 30 días." in messages(app, "es")
        assert "2026-09-31 não existe: setembro de 2026 tem 30 dias." in messages(app, "pt")

    def test_a_date_that_exists_but_is_written_otherwise_still_says_the_form(self) -> None:
        """2026-9-30 is a writing problem, not a missing day."""
        app = eligible_dict()
        put(app, DATES[0], "2026-9-30")
        assert not any("exist" in text for text in messages(app, "en"))
