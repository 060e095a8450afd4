"""A date written right (YYYY-MM-DD, alone or opening an instant) whose day does not exist
(2026-02-29, 2026-09-31) is told as such, in each language: the month and how many days it
has, never "a date is expected here, written YYYY-MM-DD", which blames the writing. An
instant whose day, month or time of day does not exist (2026-02-29T10:00Z, 24:00, a leap
second 23:59:60) is told why, the same words whichever way it comes in: an application's
reader, ``parse_instant``, the command line's ``--at`` and the service's ``now``."""

from __future__ import annotations

import asyncio
import calendar
import functools
import io
import json
import pickle
import re
from typing import Any

import httpx
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import callrules
from callrules import _cli
from callrules._time import impossible
from callrules.serve import create_app
from tests.conftest import EXAMPLES, eligible_dict
from tests.helpers import code_tokens
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


#: What Python's own errors say of a date or a time it cannot make ("day is out of range for
#: month", "second must be in 0..59"): never said to a person.
PYTHON_WORDS = re.compile(r"out of range|must be in|\.\.59|\.\.23|\.\.12")


@st.composite
def impossible_instants(draw: st.DrawFn) -> tuple[str, str]:
    """An instant written right whose month, day, hour, minute or second does not exist, and
    the part that is wrong as written (``2026-02-30``, ``24:00:00``, ``23:59:60``)."""
    year, month = draw(st.integers(2, 9998)), draw(st.integers(1, 12))
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    hour, minute, second = draw(st.integers(0, 23)), draw(st.integers(0, 59)), \
        draw(st.integers(0, 59))
    wrong = draw(st.sampled_from(["month", "day", "hour", "minute", "second"]))
    if wrong == "month":
        month = draw(st.sampled_from([0, *range(13, 100)]))
    elif wrong == "day":
        day = draw(st.sampled_from([0, *range(calendar.monthrange(year, month)[1] + 1, 100)]))
    elif wrong == "hour":
        hour = draw(st.integers(24, 99))
    elif wrong == "minute":
        minute = draw(st.integers(60, 99))
    else:
        second = draw(st.integers(60, 99))
    date, time = f"{year:04d}-{month:02d}-{day:02d}", f"{hour:02d}:{minute:02d}:{second:02d}"
    offset = draw(st.sampled_from(["Z", "+02:00", "-03:30"]))
    return f"{date}T{time}{offset}", date if wrong in ("month", "day") else time


def reader_says(instant: str, lang: str) -> str:
    """What an application's reader says of ``instant`` as its date and time of submission."""
    app = eligible_dict()
    app["submitted_at"] = instant
    [said] = messages(app, lang)
    return said


def library_says(instant: str, lang: str) -> str:
    with pytest.raises(callrules.TimeError) as raised:
        callrules.parse_instant(instant)
    assert not PYTHON_WORDS.search(str(raised.value)), str(raised.value)
    assert raised.value.code == "bad_instant"
    return raised.value.message_in(lang)


def command_line_says(instant: str, lang: str) -> str:
    err = io.StringIO()
    code = _cli.main(["check", "cnrs-amsud-2026", str(EXAMPLES / "eligible.json"),
                      "--at", instant, "--lang", lang], out=io.StringIO(), err=err)
    assert code == 2
    return err.getvalue().removeprefix("callrules: ").strip()


@functools.cache
def _service() -> Any:
    """One service for the module's questions (made once: its making is most of the cost)."""
    return create_app()


def service_says(instant: str, lang: str) -> str:
    async def ask() -> httpx.Response:
        transport = httpx.ASGITransport(app=_service())
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return await client.post("/calls/cnrs-amsud-2026/check", params={"now": instant},
                                     json=eligible_dict(), headers={"Accept-Language": lang})
    answer = asyncio.run(ask())
    assert answer.status_code == 400
    body = answer.json()
    assert body["errors"][0]["code"] == "bad_instant"
    return str(body["detail"])


def spaced(text: str) -> str:
    """``text`` with its no-break spaces as spaces (the service's detail, the terminal's)."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


class TestImpossibleInstants:
    @settings(max_examples=60, deadline=None)
    @given(written=impossible_instants(), lang=st.sampled_from(sorted(SAID)))
    @example(written=("2026-06-30T23:59:60Z", "23:59:60"), lang="fr")
    @example(written=("2026-06-01T24:00:00Z", "24:00:00"), lang="es")
    @example(written=("2026-02-29T10:00:00Z", "2026-02-29"), lang="pt")
    @example(written=("2026-13-01T10:00:00Z", "2026-13-01"), lang="en")
    def test_every_way_in_says_the_same_reason(self, written: tuple[str, str],
                                               lang: str) -> None:
        """Law: an instant whose month, day, hour, minute or second does not exist is told
        why, the wrong part quoted as written, in the same words by an application's reader
        and by ``parse_instant`` (the words of ``--at`` and ``now``), with no code token and
        none of Python's own English, never "write it as …", the form it already has."""
        instant, part = written
        said = library_says(instant, lang)
        assert said == reader_says(instant, lang)
        assert said.startswith(part) and instant not in said
        assert code_tokens(said) == [] and not PYTHON_WORDS.search(said), said
        assert "2026-06-01T17:00:00+02:00" not in said

    @pytest.mark.parametrize("lang", sorted(SAID))
    @pytest.mark.parametrize("instant", ["2026-06-30T23:59:60Z", "2026-06-01T24:00:00+02:00",
                                         "2026-04-31T10:00:00Z", "2026-02-29 10:00 "
                                         "Europe/Paris"])
    def test_the_command_line_and_the_service_say_it_too(self, instant: str,
                                                         lang: str) -> None:
        """``--at`` and the service's ``now`` say the library's words for it."""
        said = spaced(library_says(instant, lang))
        assert spaced(command_line_says(instant, lang)) == said
        assert spaced(service_says(instant, lang)) == said

    @pytest.mark.parametrize(("instant", "expected"), [
        ("2026-06-30T23:59:60Z", "23:59:60 is not a time of day: the seconds run from 00 to 59 "
                                 "(a leap second, 60, is not counted: write 59, or 00 of the "
                                 "next minute)."),
        ("2026-06-01T24:00:00Z", "24:00:00 is not a time of day: the hours run from 00 to 23 "
                                 "(midnight at the end of a day is 00:00 of the next day)."),
        ("2026-06-01T10:60:00Z", "10:60:00 is not a time of day: the minutes run from 00 to "
                                 "59."),
        ("2026-02-29T10:00:00Z", "2026-02-29 does not exist: February 2026 has 28 days."),
    ])
    def test_the_reason_in_english(self, instant: str, expected: str) -> None:
        """The words say what is wrong and what the numbers may be; ``str`` says them too."""
        assert library_says(instant, "en") == expected
        assert str(self._error(instant)) == f"{instant!r}: {expected}"

    @pytest.mark.parametrize("lang", sorted(SAID))
    @pytest.mark.parametrize("instant", ["2026-06-01T10:615", "2026-06-01T10:00:601Z",
                                         "2026-06-01T24:00:00000", "2026-06-01 24:00 tomorrow",
                                         "2026-06-01T10:00:60junk", "2026-02-30T10:00junk"])
    def test_a_malformed_instant_is_given_its_form_never_cut_and_judged(
            self, instant: str, lang: str) -> None:
        """An instant with more after its time (digits, words) is judged only whole: its
        form is the problem, said by the reader and by ``parse_instant`` (``--at``,
        ``now``), never a part cut from it (``10:61``) said not to exist."""
        reasons = [impossible(instant)[1]["value"]  # (the parts the law's instants quote)
                   for instant in ("2026-06-01T10:61:00Z", "2026-06-01T10:00:60Z",
                                   "2026-06-01T24:00Z", "2026-02-30T10:00Z")
                   if impossible(instant) is not None]
        with pytest.raises(callrules.TimeError) as raised:
            callrules.parse_instant(instant)
        assert raised.value.words is not None
        assert not raised.value.words[0].startswith(("time_no_", "date_no_"))
        assert impossible(instant) is None
        said = reader_says(instant, lang)
        assert not any(said.startswith(part) for part in reasons), said
        assert code_tokens(said) == []

    def test_a_year_0000_is_no_date_and_python_s_words_are_not_said(self) -> None:
        """Year 0000, which Python cannot make, is not a date and time; its text holds none
        of Python's own words."""
        error = self._error("0000-01-01T10:00:00Z")
        assert not PYTHON_WORDS.search(str(error)) and "year" not in str(error)
        assert error.words is not None and error.words[0] == "instant_not_a_date"

    def test_the_words_survive_pickling(self) -> None:
        """An error sent from a worker process says the same month in each language."""
        error = self._error("2027-02-29T10:00:00Z")
        again = pickle.loads(pickle.dumps(error))
        assert [again.message_in(lang) for lang in SAID] == [
            error.message_in(lang) for lang in SAID]
        assert "février 2027" in again.message_in("fr")

    @staticmethod
    def _error(instant: str) -> callrules.TimeError:
        with pytest.raises(callrules.TimeError) as raised:
            callrules.parse_instant(instant)
        return raised.value
