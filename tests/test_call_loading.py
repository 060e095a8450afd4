"""Loading an untrusted call file: every resource it drives is bounded before the expensive
work, and every value it holds is checked when it loads, with a typed refusal."""

from __future__ import annotations

import json
import tomllib
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

import callrules
from callrules._definitions import LIMITS, check_template
from tests.conftest import eligible_dict
from tests.helpers import traced_peak
from tests.laws import settings
from tests.test_definitions import mini_toml, minimal_call


def refusal(data: dict[str, Any] | str) -> callrules.DefinitionError:
    """The DefinitionError that loading ``data`` (a dict, or TOML text) raises."""
    with pytest.raises(callrules.DefinitionError) as info:
        if isinstance(data, str):
            callrules.Call.from_text(data)
        else:
            callrules.Call.from_dict(data)
    return info.value


#: What a comment or a text may hold: dotted words, '=', quotes of both kinds, '#'.
_NOISE = st.sampled_from(["a", "b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s", ".", " ", "=", "#", '"',
                          "'", "\\", "[", "]", "1.5"])
_COMMENT = st.lists(_NOISE, max_size=40).map("".join)
_INSIDE = st.lists(st.one_of(_NOISE, st.just("\n")), max_size=60).map("".join)


def _outcome(text: str) -> str:
    """"loaded", or the code of the DefinitionError that loading TOML ``text`` raises."""
    try:
        callrules.Call.from_text(text)
    except callrules.DefinitionError as error:
        return error.code
    return "loaded"


class TestTomlKeys:
    @pytest.mark.parametrize("parts", [LIMITS["key_parts"] + 1, 30_000])
    def test_a_long_dotted_key_is_refused_before_the_file_is_parsed(self, parts: int) -> None:
        """A dotted key of more parts than the limit is too_deep, whatever its length."""
        text = mini_toml() + "\nx" + ".x" * (parts - 1) + " = 1\n"
        refusal(text)  # once before measuring: what the first load imports is not counted
        error, peak = traced_peak(lambda: refusal(text))
        assert error.code == "too_deep" and "dotted key" in error.message
        assert peak < 50 * len(text) + 1_000_000  # linear in the text, not its square

    def test_dots_inside_strings_are_not_keys(self) -> None:
        """A clause text full of dots loads: only keys are counted."""
        text = mini_toml().replace('"Le texte."', '"' + "a." * 200 + '"')
        assert callrules.Call.from_text(text).id == "mini"

    def test_a_file_of_more_keys_than_the_limit_is_refused(self) -> None:
        """More than LIMITS['keys'] keys: too_many_keys, before parsing."""
        text = mini_toml() + "".join(f"\nk{i}=1" for i in range(LIMITS["keys"] + 1))
        assert refusal(text).code == "too_many_keys"

    def test_a_dotted_key_too_deep_is_named_with_its_line(self) -> None:
        """The refusal says where the key is and how it starts: the author finds it."""
        text = mini_toml() + "\nnotes" + ".x" * LIMITS["key_parts"] + " = 1\n"
        message = refusal(text).message
        assert f"line {text.count(chr(10))}" in message and "notes.x.x" in message

    def test_comments_and_multi_line_strings_hold_no_keys(self) -> None:
        """A comment of dotted words, separator lines of '=' (more of them than the keys a
        file may hold), and dotted words or '=' inside multi-line strings of both kinds
        load: only keys are counted."""
        words = ".".join(["art"] * (LIMITS["key_parts"] + 4))
        separators = ("# " + "=" * 98 + "\n") * (LIMITS["keys"] // 98 + 2)
        for text in (mini_toml() + f"# {words}\n", separators + mini_toml(),
                     mini_toml() + f"# {words} = 1\n" + separators):
            assert callrules.Call.from_text(text).id == "mini"
        for open_, close in (('"""', '"""'), ("'''", "'''")):
            inside = f"{words} = 1\n" + "k = 1\n" * 3 + '" \' \'\' ""'
            text = mini_toml().replace('"Le texte."', f"{open_}\n{inside}\n{close}")
            assert callrules.Call.from_text(text).id == "mini"

    def test_a_long_dotted_key_after_a_multi_line_string_is_still_refused(self) -> None:
        """The scan skips a string and reads on: a key after it is counted as any other."""
        text = (mini_toml().replace('"Le texte."', '"""a.b\n"c" \\""" ""\n.d"""')
                + "\nx" + ".x" * LIMITS["key_parts"] + " = 1\n")
        assert refusal(text).code == "too_deep"

    @settings(max_examples=60)
    @given(st.lists(st.tuples(st.integers(0, 20), _COMMENT), max_size=8),
           _INSIDE, st.sampled_from(['"""', "'''"]))
    def test_comments_and_multi_line_strings_change_no_verdict(
            self, comments: list[tuple[int, str]], inside: str, quotes: str) -> None:
        """Law: a call file with comment lines added and a text written as a multi-line
        string (basic or literal) loads, or is refused with the same code, as the same file
        with none of the comments and the text on one line."""
        if quotes == "'''" and ("'''" in inside or inside.endswith("'''")):
            return  # (a literal string cannot hold its own delimiter)
        plain = mini_toml().replace('"Le texte."', json.dumps("x" + inside))
        lines = mini_toml().splitlines(keepends=True)
        for at, comment in sorted(comments, reverse=True):
            lines.insert(min(at, len(lines)), f"#{comment}\n")
        written = ("x" + inside.replace("\\", "\\\\").replace('"', '\\"')
                   if quotes == '"""' else "x" + inside)
        commented = "".join(lines).replace('"Le texte."', f"{quotes}{written}{quotes}")
        assert tomllib.loads(commented) == tomllib.loads(plain)
        assert _outcome(commented) == _outcome(plain)

    @settings(max_examples=50)
    @given(st.lists(st.sampled_from(["a", ".", " ", "=", "\n", '"', "'", "\\", "1", "[", "]"]),
                    max_size=300).map("".join))
    def test_any_text_is_a_call_or_a_definition_error(self, text: str) -> None:
        """Law: TOML-like noise never escapes as another exception."""
        with pytest.raises(callrules.DefinitionError):
            callrules.Call.from_text(text)


class TestTemplates:
    @pytest.mark.parametrize("template", [
        "%(value)999999999s", "%(value)-20s", "%(value).500s", "%(value)r", "%(value)d",
        "%s", "%(value", "100 %", "%*s", "%(value)#s", "%(value)0s",
        "%(a)s" * (LIMITS["template_placeholders"] + 1)])
    def test_a_template_that_is_not_plain_is_refused_at_load(self, template: str) -> None:
        """Widths, precision, flags, other conversions, too many placeholders: bad_template,
        with the code and the language in loc."""
        data = minimal_call()
        data["rules"][0]["messages"] = {"missing": {"fr": "ok", "en": template}}
        error = refusal(data)
        assert (error.code, error.loc) == ("bad_template",
                                           ("rules", 0, "messages", "missing", "en"))

    def test_a_long_template_is_refused(self) -> None:
        """A template longer than LIMITS['template_chars']: template_too_long."""
        data = minimal_call()
        data["rules"][0]["messages"] = {
            "missing": {"fr": "x" * (LIMITS["template_chars"] + 1), "en": "ok"}}
        assert refusal(data).code == "template_too_long"

    @given(st.text(alphabet="%()abs.-09 x", max_size=60))
    def test_an_accepted_template_renders_no_larger_than_it_is(self, text: str) -> None:
        """Law: a template check_template accepts fills with empty values into at most its
        own length: the call's wording cannot grow a message."""
        try:
            check_template(text)
        except PydanticCustomError:
            return
        assert len(text % defaultdict(str)) <= len(text)

    def test_an_unknown_finding_code_is_refused_with_a_suggestion(self) -> None:
        """A messages key that is no finding code: unknown_finding_code, closest named."""
        data = minimal_call()
        data["rules"][0]["messages"] = {"mising": {"fr": "a", "en": "b"}}
        error = refusal(data)
        assert error.code == "unknown_finding_code" and "'missing'" in error.message
        assert error.message.startswith("'mising' is not a finding code"), error.message


class TestSets:
    @pytest.mark.parametrize("items", [[True, 1], [1, True], ["1", 1], [False, 0, "0"]])
    def test_a_set_mixing_kinds_is_refused(self, items: list[object]) -> None:
        """true and 1 are one item to Python: a set that mixes kinds is mixed_set."""
        data = minimal_call({"op": "in", "path": "answers.x", "set": items})
        error = refusal(data)
        assert (error.code, error.loc) == ("mixed_set", ("rules", 0, "check", "set"))

    def test_a_set_of_booleans_keeps_both(self) -> None:
        """[true, false] loads, and an answer false is in it."""
        call = callrules.Call.from_dict(
            minimal_call({"op": "in", "path": "answers.x", "set": [True, False]}))
        app = eligible_dict()
        app["answers"] = {"x": False}
        assert callrules.evaluate(call, app).eligible


class TestZonesAndTheCalendar:
    @pytest.mark.parametrize("zone", ["Etc/GMT+5", "Etc/GMT-14", "Zulu", "Etc/Greenwich",
                                      "EST5EDT", "CET"])
    def test_a_zone_that_is_no_place_is_refused(self, zone: str) -> None:
        """Fixed offsets and legacy names are zone_not_a_place."""
        assert refusal(minimal_call(timezone=zone)).code == "zone_not_a_place"

    @pytest.mark.parametrize(("zone", "milestone"), [
        ("Asia/Tokyo", datetime(1, 1, 1, 3)), ("Europe/Paris", "0001-01-01"),
        ("America/Santiago", "9999-12-31"), ("Europe/Paris", "9999-12"),
        ("Pacific/Kiritimati", datetime(9999, 12, 31, 23)),
        ("Europe/Paris", "9999-12-31T23:59:59"), ("UTC", "9999-12-31T12:00:00")])
    def test_a_milestone_at_the_calendars_edge_is_refused_at_load(
            self, zone: str, milestone: object) -> None:
        """A milestone that cannot be shown in every zone is bad_milestone, not an
        OverflowError later."""
        error = refusal(minimal_call(timezone=zone, timeline={"deadline": milestone}))
        assert (error.code, error.loc) == ("bad_milestone", ("timeline", "deadline"))

    @settings(max_examples=60)
    @given(st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2200, 12, 30)),
           st.integers(0, 10))
    def test_a_milestone_is_read_only_as_the_docs_write_it(self, moment: datetime,
                                                           how: int) -> None:
        """Law: a milestone written as text loads exactly when it is written as the docs
        say (a date, a month, a date and a time of day), never in the other writings that
        Python's ``fromisoformat`` reads and ``--at`` refuses: an ISO week (``2026-W23``,
        read as that Monday at midnight, 17 hours before the real deadline), an ordinal
        day, the basic format (``20260601``), an hour alone (``2026-06-01T17``)."""
        iso = moment.isocalendar()
        written = [f"{moment:%Y-%m-%d}", f"{moment:%Y-%m}", f"{moment:%Y-%m-%dT%H:%M}",
                   f"{moment:%Y-%m-%dT%H:%M:%S}", f"{moment:%Y-%m-%d %H:%M:%S}",
                   f"{iso.year}-W{iso.week:02d}-{iso.weekday}", f"{iso.year}-W{iso.week:02d}",
                   f"{moment:%Y-%j}", f"{moment:%Y%m%d}", f"{moment:%Y-%m-%dT%H}",
                   f"{moment:%Y-%m-%dT%H%M}"][how]
        data = minimal_call(timezone="Europe/Paris", timeline={"deadline": written})
        if how < 5:
            assert callrules.Call.from_dict(data).timeline["deadline"] is not None
        else:
            error = refusal(data)
            assert (error.code, error.loc) == ("bad_milestone", ("timeline", "deadline"))

    @settings(max_examples=60)
    @given(st.dates(), st.sampled_from(["UTC", "Asia/Tokyo", "Pacific/Pago_Pago"]))
    def test_any_date_is_a_milestone_or_a_definition_error(self, day: Any, zone: str) -> None:
        """Law: any day of the calendar, in any zone, loads (and then every phase can be
        asked) or is refused with a DefinitionError."""
        data = minimal_call(timezone=zone, timeline={"deadline": day.isoformat()})
        try:
            call = callrules.Call.from_dict(data)
        except callrules.DefinitionError:
            return
        for now in (datetime(1, 1, 2, tzinfo=UTC), datetime(9999, 12, 30, tzinfo=UTC)):
            callrules.phase_at(call.timeline, now)
            callrules.time_left(call.timeline, now)
            call.at(now)


class TestFiles:
    def test_a_folder_given_as_a_call_file_is_unreadable(self, tmp_path: Path) -> None:
        """Call.from_file on a folder: DefinitionError unreadable, with a hint."""
        with pytest.raises(callrules.DefinitionError) as info:
            callrules.Call.from_file(tmp_path)
        assert info.value.code == "unreadable" and info.value.hint

    @pytest.mark.parametrize(("text", "format", "code"), [
        (12, "toml", "not_text"), ("{}", "yaml", "bad_format"), (b"\xff", "toml", "not_utf8")])
    def test_text_of_the_wrong_kind_is_refused(self, text: Any, format: str, code: str
                                               ) -> None:
        """from_text with something not text, or a format it does not read."""
        with pytest.raises(callrules.DefinitionError) as info:
            callrules.Call.from_text(text, format=format)
        assert info.value.code == code


_CNRS_FILE = Path(__file__).resolve().parent.parent / "src/callrules/calls/cnrs-amsud-2026.toml"
#: Every number a call file sets (the bundled call's, and those of the parts it does not
#: have: a recurrence, declared fields, a rounding, a portfolio limit), by its place, and the
#: code of its refusal when it is a boolean.
NUMBER_SETTINGS: list[tuple[tuple[str | int, ...], str]] = [
    (("format",), "bad_number"),
    (("criteria", 0, "scale", "min"), "bad_number"),
    (("criteria", 0, "scale", "max"), "bad_number"),
    (("criteria", 0, "scale", "step"), "bad_number"), (("criteria", 0, "weight"), "bad_number"),
    (("criteria", 0, "threshold"), "bad_number"), (("selection", "min_reviewers"), "bad_number"),
    (("selection", "trim"), "bad_number"), (("selection", "precision"), "bad_number"),
    (("selection", "threshold"), "bad_number"),
    (("selection", "limits", 0, "at_most"), "bad_number"), (("recurrence", "count"), "bad_number"),
    (("fields", "application", "note", "max_length"), "bad_number"),
    (("fields", "application", "note", "min_length"), "bad_number"),
    (("fields", "application", "count", "min"), "bad_field"),
    (("fields", "application", "count", "max"), "bad_field"),
    (("budget", "rounding", "unit"), "bad_rounding"),
    (("plan", "lines", 2, "quantity", "times", 0), "wrong_type"),
]


class TestNumbersAreNotBooleans:
    @pytest.mark.parametrize("value", [True, False])
    @pytest.mark.parametrize(("place", "code"), NUMBER_SETTINGS)
    def test_a_boolean_where_a_call_file_sets_a_number_is_refused(
            self, place: tuple[str | int, ...], code: str, value: bool) -> None:
        """Every number a call file sets (its format, a criterion's scale, weight and
        threshold, the selection's settings and limits, a recurrence, the bounds of a
        declared field, a rounding unit, a plan's quantity) refuses true and false (never
        read as 1 and 0), when the call loads or its selection rules are read."""
        data = tomllib.loads(_CNRS_FILE.read_text("utf-8"))
        data["recurrence"] = {"count": 2, "id": "cnrs-amsud-{year}",
                              "year_parameters": ["funding_year"]}
        data["fields"] = {"application": {"note": {"type": "text"},
                                          "count": {"type": "integer"}}}
        data["budget"] = {"rounding": {"unit": "0.01", "mode": "half_even"}}
        data["selection"]["limits"] = [{"per": "country", "at_most": 1}]
        node: Any = data
        for key in place[:-1]:
            node = node[key]
        node[place[-1]] = value
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.selection_rules(callrules.Call.from_dict(data))
        assert caught.value.code == code
        assert caught.value.loc[:len(place) - 1] == place[:len(place) - 1]
