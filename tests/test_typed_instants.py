"""An instant a person types (``--at``) that cannot be read is refused in the reader's
language, in words: the problem named (no date, no zone, an abbreviation, a local time the
clocks skip or repeat, outside the calendar), never a parser's English."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules._i18n import phrase, words_said
from tests.conftest import ROOT, eligible_dict
from tests.helpers import code_tokens
from tests.laws import settings
from tests.test_cli import run

LANGS = ("fr", "en", "es", "pt")
CALL_FILE = ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml"
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
                ours = said.replace(text, "")
                for typed in values.values():  # what was typed, as the phrase shows it
                    ours = ours.replace(str(typed), "")
                assert code_tokens(ours) == [], said
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


ZONES = ["Europe/Paris", "America/Sao_Paulo", "America/Bogota", "Pacific/Auckland", "UTC"]
INSTANTS = st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2100, 12, 31),
                        timezones=st.sampled_from([ZoneInfo(z) for z in ZONES]))


def _offset(instant: datetime, style: str) -> str:
    """The instant's offset written as ISO 8601 allows: ``+02:00``, ``+0200``, ``+02``."""
    written = instant.isoformat()[-6:]
    if written == "+00:00" and style == "Z":
        return "Z"
    if style == "basic":
        return written.replace(":", "")
    if style == "hours" and written.endswith(":00"):
        return written[:3]
    return written


class TestOnlyIso8601IsRead:
    @settings(max_examples=300, deadline=None)
    @given(instant=INSTANTS, sep=st.sampled_from(["T", " "]),
           seconds=st.sampled_from(["", ":SS", ":SS.ffffff"]),
           style=st.sampled_from(["extended", "basic", "hours", "Z", "zone"]))
    def test_any_iso_instant_round_trips(self, instant: datetime, sep: str, seconds: str,
                                         style: str) -> None:
        """Law: an instant written in ISO 8601 (date, ``T`` or a space, the time, then an
        offset, ``Z``, or after a space the zone of a place) reads back as that instant."""
        if not seconds:
            instant = instant.replace(second=0, microsecond=0)
        elif seconds == ":SS":
            instant = instant.replace(microsecond=0)
        clock = instant.strftime("%H:%M") + (
            "" if not seconds else instant.strftime(":%S") if seconds == ":SS"
            else instant.strftime(":%S.%f"))
        head = f"{instant.date().isoformat()}{sep}{clock}"
        zone = getattr(instant.tzinfo, "key", "UTC")
        local = instant.replace(tzinfo=None)
        if style == "zone":
            if ZoneInfo(zone).utcoffset(local.replace(fold=1)) != ZoneInfo(zone).utcoffset(
                    local.replace(fold=0)):
                return  # a local time the clocks skip or repeat: refused, said elsewhere
            typed = f"{head} {zone}"
        else:
            typed = head + _offset(instant, style)
        read = callrules.parse_instant(typed)
        assert read.astimezone(UTC) == instant.astimezone(UTC), typed
        assert read.utcoffset() == instant.utcoffset(), typed

    @settings(max_examples=300, deadline=None)
    @given(instant=INSTANTS, how=st.sampled_from([
        "%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M", "%d.%m.%Y %H:%M", "%d-%m-%Y %H:%M",
        "%y-%m-%d %H:%M", "%A %Y-%m-%d %H:%M", "%d %B %Y %H:%M", "%B %d, %Y %H:%M",
        "%Y-%m-%d %H", "%Y/%m/%d %H:%M", "%Y%m%dT%H%M", "%Y-%m-%d %Hh%M", "%Y-%m-%d",
        "%d/%m/%y %H:%M"]), zone=st.sampled_from(["Europe/Paris", "UTC", "+02:00"]))
    def test_any_other_writing_is_refused_never_read(self, instant: datetime, how: str,
                                                     zone: str) -> None:
        """Law: an instant written any other way (day or month first, a two-digit year, a
        weekday or a month by name, an hour without minutes) is refused with words, never
        read as some instant."""
        typed = instant.strftime(how) + ("" if zone.startswith("+") else " ") + zone
        with pytest.raises(callrules.TimeError) as caught:
            callrules.parse_instant(typed)
        assert caught.value.code == "bad_instant", typed
        assert caught.value.words is not None

    @settings(max_examples=200, deadline=None)
    @given(instant=INSTANTS | st.datetimes(min_value=datetime(1, 1, 2),
                                           max_value=datetime(1911, 3, 11)),
           sep=st.sampled_from(["T", " "]),
           zone=st.sampled_from(["Europe/Paris", "UTC", "+02:00", "Z", "America/Santiago",
                                 "america/santiago", "Asia/Kolkata", "Africa/Monrovia",
                                 "Mars/Olympus"]),
           fraction=st.sampled_from(["", ":00.1234567", ":00"]))
    def test_a_day_without_its_time_or_a_one_digit_hour_is_told_what_it_misses(
            self, instant: datetime, sep: str, zone: str, fraction: str) -> None:
        """Law: a day given alone (or with a zone) is told that it lacks its time, with two
        examples that read, as typed, as that day at 17:00 in the zone typed (Paris's where
        none is, or none known; UTC's where the zone's offset that day has seconds, which no
        instant is written with: Paris before 1911, att81 F3); an hour written with one
        digit that reads once it has two is told to write it with two, in the text mended;
        one with something else wrong is told that other thing, of the text as typed (its
        fraction: att81 F4); none is told that it "could be read more than one way" (att80
        A4: ``--at 2026-06-02``), which none can."""
        day = instant.date().isoformat()
        for typed in (day, f"{day} {zone}" if zone[0].isalpha() else day):
            with pytest.raises(callrules.TimeError) as caught:
                callrules.parse_instant(typed)
            key, values = caught.value.words or ("", {})
            assert key == "instant_no_time" and values["day"] == day, typed
            first = callrules.parse_instant(values["example"])
            second = callrules.parse_instant(f"{day} 17:00 {values['zone']}")
            assert first.date() == instant.date() and first.hour == 17, values
            assert second.date() == instant.date() and second.hour == 17, values
            named = {"Z": "UTC", "america/santiago": "America/Santiago",
                     "Mars/Olympus": "Europe/Paris"}.get(zone, zone)
            assert values["zone"] == (named if typed != day else "Europe/Paris"), values
            assert first == second or first.utcoffset() == UTC.utcoffset(None), values
        tail = zone if zone[0] in "+Z" else f" {zone}"
        typed = f"{day}{sep}{instant.hour % 10}:{instant.minute:02d}{fraction}{tail}"
        mended = f"{day}{sep}0{instant.hour % 10}:{instant.minute:02d}{fraction}{tail}"
        try:
            callrules.parse_instant(mended)
        except callrules.TimeError as exc:  # (more is wrong: a local time the clocks
            expected = exc.words[0] if exc.words else ""  # skip, seven digits, a zone)
        else:
            expected = "instant_one_digit_hour"
        with pytest.raises(callrules.TimeError) as caught:
            callrules.parse_instant(typed)
        key, values = caught.value.words or ("", {})
        assert key == expected, typed
        assert values.get("text", typed) == typed, values
        if key == "instant_one_digit_hour":
            assert values["written"] == mended
            for lang in LANGS:
                assert mended in words_said(caught.value.words, lang)
        for lang in LANGS:
            assert "read more than one way" not in words_said(caught.value.words, lang)

    @pytest.mark.parametrize(("typed", "zone"), [
        ("2026-06-01 10:00 GMT", "GMT"), ("2026-06-01 10:00 EST", "EST"),
        ("2026-06-01 10:00 cest", "cest")])
    def test_an_abbreviation_is_named_as_typed(self, typed: str, zone: str) -> None:
        """An abbreviation is refused saying the letters that were typed, in every
        language, with no other abbreviation as an example."""
        with pytest.raises(callrules.TimeError) as caught:
            callrules.parse_instant(typed)
        assert caught.value.code == "zone_abbreviation"
        key, values = caught.value.words or ("", {})
        for lang in LANGS:
            said = phrase(key, lang, **values)
            assert zone in said and "CET" not in said.replace(zone, "")

    @pytest.mark.parametrize("typed", ["2026-06-01 10:00 Z", "2026-06-01 10:00 utc",
                                       "2026-06-01T10:00:00 UTC", "2026-06-01t10:00z"])
    def test_z_and_utc_after_the_time_are_utc(self, typed: str) -> None:
        """``Z`` (ISO 8601's UTC) and ``UTC`` in either case name UTC, after a space too."""
        assert callrules.parse_instant(typed) == datetime(2026, 6, 1, 10, tzinfo=UTC)

    def test_a_zone_in_the_wrong_case_is_given_its_spelling(self) -> None:
        """``europe/paris`` is refused, the message giving the zone's name as written."""
        with pytest.raises(callrules.TimeError) as caught:
            callrules.parse_instant("2026-06-01 10:00 europe/paris")
        key, values = caught.value.words or ("", {})
        assert key == "instant_zone_spelling" and values["name"] == "Europe/Paris"

    @pytest.mark.parametrize(("zone", "key", "name"), [
        ("Paris", "instant_city_zone", "Europe/Paris"),
        ("sao_paulo", "instant_city_zone", "America/Sao_Paulo"),
        ("localtime", "instant_unknown_zone", None),
        ("Factory", "instant_unknown_zone", None)])
    @pytest.mark.parametrize("written", ["2026-06-01 17:00", "2026-06-01T17:00:00"])
    def test_a_wrong_zone_after_a_right_date_and_time_is_named_as_the_fault(
            self, zone: str, key: str, name: str | None, written: str) -> None:
        """``2026-06-01 17:00 Paris`` blames the zone, not the date's writing: the word is no
        zone, and a city's zone is named (Europe/Paris) when one place has that name."""
        with pytest.raises(callrules.TimeError) as caught:
            callrules.parse_instant(f"{written} {zone}")
        said, values = caught.value.words or ("", {})
        assert said == key and values["zone"] == zone and values.get("name") == name
        for lang in ("en", "fr", "es", "pt"):
            told = words_said(caught.value.words, lang)
            assert "ISO" not in told and zone in told and (name is None or name in told)

    def test_the_command_line_refuses_a_day_first_instant(self) -> None:
        """The command line refuses ``01/06/2026 10:00 Europe/Paris`` (exit 2) instead of
        reading 6 January."""
        done = run("check", "cnrs-amsud-2026", "examples/eligible.json", "--at",
                   "01/06/2026 10:00 Europe/Paris")
        assert done.returncode == 2 and "2026-06-01T17:00:00+02:00" in done.stderr


#: Offsets as written: a sign, hours and minutes (RFC 3339 and Python read up to 23:59).
OFFSETS = st.builds(lambda sign, hours, minutes: f"{sign}{hours:02d}:{minutes:02d}",
                    st.sampled_from("+-"), st.integers(0, 23), st.integers(0, 59))


def on_earth(offset: str) -> bool:
    """Whether a place uses ``offset``: from -12:00 to +14:00, and not -00:00 (RFC 3339: a
    time in UTC whose local offset is unknown)."""
    minutes = int(offset[1:3]) * 60 + int(offset[4:])
    return offset != "-00:00" and -12 * 60 <= (-minutes if offset[0] == "-" else minutes) \
        <= 14 * 60


class TestOffsets:
    @settings(max_examples=80, deadline=None)
    @given(offset=OFFSETS | st.sampled_from(["-00:00", "+14:00", "-12:00", "+14:01", "+23:59"]))
    def test_an_offset_no_place_uses_is_refused_wherever_an_instant_is_written(
            self, offset: str) -> None:
        """Law: an instant typed (``--at``, the service's ``now``), an application's
        submission instant and a call's milestone written as text are read with their
        offset when a place uses it, and refused otherwise (-00:00, +23:59 were read as UTC
        and as a day's shift): the typed one in words, the application's as its
        ``instant_text`` problem, the milestone as ``bad_milestone``."""
        expected = on_earth(offset)
        try:
            typed = callrules.parse_instant(f"2026-05-30T10:00{offset}")
            assert expected and typed.isoformat().endswith(offset)
        except callrules.TimeError as error:
            assert not expected and error.words is not None
            assert offset in phrase(error.words[0], "en", **error.words[1])
        app = eligible_dict()
        app["submitted_at"] = f"2026-05-28T10:42:00{offset}"
        try:
            callrules.evaluate(callrules.calls.load("cnrs-amsud-2026"), app)
            assert expected
        except callrules.InputError as error:
            assert not expected
            assert [(p.path, p.type) for p in error.problems] == [("submitted_at",
                                                                  "instant_text")]
        data = tomllib.loads(CALL_FILE.read_text("utf-8"))
        data["timeline"]["deadline"] = f"2026-06-01T17:00:00{offset}"
        try:
            callrules.Call.from_dict(data)
            assert expected
        except callrules.DefinitionError as error:
            assert not expected and error.code == "bad_milestone"

    def test_a_toml_date_time_at_minus_zero_is_refused(self) -> None:
        """``deadline = 2026-06-01T17:00:00-00:00`` (a TOML date-time, read as UTC by TOML)
        is refused when the call loads, ``+00:00`` and ``Z`` read as UTC."""
        source = CALL_FILE.read_text("utf-8")
        for written, refused in (("-00:00", True), ("+00:00", False), ("Z", False)):
            text = source.replace("deadline = 2026-06-01T17:00:00",
                                  f"deadline = 2026-06-01T17:00:00{written}")
            try:
                call = callrules.Call.from_text(text)
                assert not refused
                assert call.timeline["deadline"].start.utcoffset() is not None
            except callrules.DefinitionError as error:
                assert refused and error.code == "unknown_offset"
                assert error.loc == ("timeline", "deadline")


class TestRfc3339Writings:
    @settings(max_examples=80, deadline=None)
    @given(t=st.sampled_from("Tt"), z=st.sampled_from(["Z", "z", "+02:00", "-03:30"]),
           digits=st.integers(0, 9), fraction=st.integers(0, 10**9 - 1))
    def test_an_instant_rfc_3339_allows_is_read_or_refused_in_words_everywhere(
            self, t: str, z: str, digits: int, fraction: int) -> None:
        """Law: an instant written as RFC 3339 allows (``t`` and ``z`` in lower case, any
        number of digits of a second) is read alike wherever an instant is written (``--at``
        and the service's ``now``, an application's submission instant, a call's milestone as
        text or as a TOML date-time) when it has at most six digits of a second, the same
        instant everywhere; with more, it is refused everywhere, the words saying how many
        digits and that at most 6 are read (lower case was refused, and 7 digits were refused
        with words that said nothing of them, or cut by TOML without a word)."""
        shown = f".{fraction:09d}"[:digits + 1] if digits else ""
        written = f"2026-05-28{t}10:42:00{shown}{z}"
        upper = written.upper()
        read = digits <= 6
        try:
            typed = callrules.parse_instant(written)
            assert read and typed == datetime.fromisoformat(upper.replace("Z", "+00:00"))
        except callrules.TimeError as error:
            assert not read and error.words is not None
            said = phrase(error.words[0], "en", **error.words[1])
            assert f"with {digits} digits" in said and "at most 6" in said
        app = eligible_dict()
        app["submitted_at"] = written
        try:
            parsed = callrules.calls.load("cnrs-amsud-2026").parse(app)
            assert read and parsed.submitted_at == typed
        except callrules.InputError as error:
            assert not read
            [problem] = error.problems
            assert (problem.path, problem.type) == ("submitted_at", "instant_text")
            for lang in LANGS:
                assert str(digits) in problem.message(lang) and "6" in problem.message(lang)
        data = tomllib.loads(CALL_FILE.read_text("utf-8"))
        data["timeline"]["deadline"] = written
        source = CALL_FILE.read_text("utf-8").replace(
            "deadline = 2026-06-01T17:00:00", f"deadline = {written}")
        for load in (lambda: callrules.Call.from_dict(data),
                     lambda: callrules.Call.from_text(source)):
            try:
                deadline = load().timeline["deadline"].start
                assert read and deadline == typed
            except callrules.DefinitionError as error:
                assert not read and error.code == "bad_milestone"
                assert "microsecond" in error.message and error.loc == ("timeline",
                                                                        "deadline")


class TestSpreadsheetWritings:
    @settings(max_examples=60, deadline=None)
    @given(seconds=st.sampled_from(["", ":00", ":00.5"]),
           offset=st.sampled_from(["+00:00", "+00", "-03", "Z", ""]),
           space=st.sampled_from([" ", "  ", "T"]))
    def test_a_space_for_the_t_or_an_offset_in_hours_is_refused_saying_which(
            self, seconds: str, offset: str, space: str) -> None:
        """An application's instant written as spreadsheets, pandas, SQLite and
        PostgreSQL write them (``2026-05-28 13:42:00+00:00``: a space for the ``T``; ``+00``:
        an offset in hours alone) is refused (the call's instants are ISO 8601's, a ``T``
        between date and time: RFC 3339 allows a space in a note only), in words saying what
        is wrong, in each language; before, the words said an offset and seconds were
        expected, which the instant had."""
        written = f"2026-05-28{space}13:42{seconds}{offset}"
        hours = offset in ("+00", "-03")
        if space == "T" and not hours:
            return  # (an instant read, or refused for what it lacks)
        app = eligible_dict()
        app["submitted_at"] = written
        with pytest.raises(callrules.InputError) as caught:
            callrules.calls.load("cnrs-amsud-2026").parse(app)
        [problem] = caught.value.problems
        assert (problem.path, problem.type) == ("submitted_at", "instant_text")
        general = callrules.InputProblem(("submitted_at",), "instant_text", "")
        for lang in LANGS:
            said = problem.message(lang)
            assert said != general.message(lang) and "2026-06-01T17:00:00+02:00" in said
            assert not code_tokens(said)
        said = problem.message("en")
        assert ("space" in said) == (space != "T") and ("hours alone" in said) == (
            space == "T")
