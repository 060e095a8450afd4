"""The library's less travelled paths, each a behaviour a user or a platform meets: call files
that are wrong in one place, every written form of a parameter, paths through any model,
times at the edges, messages with gaps, records, sources and reports."""

from __future__ import annotations

import enum
import io
import json
import runpy
import sys
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import pytest
from pydantic import BaseModel

import callrules
from callrules import _i18n, _parameters, calls
from callrules import rules as r
from callrules._definitions import LIMITS
from callrules._i18n import format_duration, format_value, negotiate
from callrules._money import Money
from callrules._parameters import named_set, parse_parameter, register_set
from callrules._paths import FieldType, PathError, parse_path, type_of
from callrules._record import _sealed, decision_record, digest, replay
from callrules._report import Finding, Report, Severity, to_json_value
from callrules._text import report_text
from callrules._time import (
    Milestone,
    Phase,
    get_zone,
    localize,
    parse_instant,
    phase_at,
    suggest_zone,
)
from tests.conftest import EXAMPLES, ROOT, eligible_dict
from tests.test_definitions import minimal_call, refused

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 6, 2, 8, tzinfo=UTC)
CNRS_FILE = ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml"


def finding(code: str, loc: tuple[str | int, ...] = ("host", "role"), value: object = "x",
            **ctx: object) -> Finding:
    """A finding built by hand, as a platform or a test might."""
    return Finding(code, "eligibility", Severity.ERROR, loc, value, ctx)


# -- call files ----------------------------------------------------------------------------
class TestCallFiles:
    @pytest.mark.parametrize(("replace", "code", "loc"), [
        ({"timezone": "Mars/Olympus_Mons"}, "unknown_zone", ("timezone",)),
        ({"currency": "ABC"}, "bad_currency", ("currency",)),
        ({"languages": ["fr", "zz"]}, "bad_language", ("languages",)),
    ], ids=["zone", "currency", "language"])
    def test_a_code_that_is_not_a_standard_one_is_refused_at_its_key(
            self, replace: dict[str, Any], code: str, loc: tuple[str, ...]) -> None:
        """Zones are IANA, currencies ISO 4217, languages ISO 639-1: checked on load."""
        error = refused(minimal_call(**replace))
        assert (error.code, error.loc, error.source) == (code, loc, "x.toml")

    def test_two_clauses_with_one_id_are_refused(self) -> None:
        """Clause ids are what rules cite: they must be unique."""
        data = minimal_call()
        data["clauses"].append(dict(data["clauses"][0]))
        error = refused(data)
        assert (error.code, error.loc) == ("duplicate_clause", ("clauses",))

    def test_a_file_that_cannot_be_read_is_a_definition_error(self, tmp_path: Path) -> None:
        """A missing file says so, naming it, with code unreadable."""
        missing = tmp_path / "nowhere.toml"
        with pytest.raises(callrules.DefinitionError) as info:
            callrules.Call.from_file(missing)
        assert (info.value.code, info.value.source) == ("unreadable", str(missing))
        assert "No such file" in info.value.message

    def test_a_rule_description_must_exist_in_every_language(self) -> None:
        """A French-only description in a bilingual call is refused at the description."""
        data = minimal_call()
        data["rules"][0]["description"] = {"fr": "La description."}
        error = refused(data)
        assert (error.code, error.loc) == ("missing_translation", ("rules", 0, "description"))
        data["rules"][0]["description"] = {"fr": "La description.", "en": "The description."}
        assert callrules.Call.from_dict(data).rules[0].clause == "eligibility"

    def test_a_milestone_with_an_offset_is_that_instant_in_the_calls_zone(self) -> None:
        """15:00 UTC is 17:00 Paris in June; the milestone is held in the call's zone."""
        for written in (datetime(2026, 6, 1, 15, tzinfo=UTC), "2026-06-01T15:00:00+00:00"):
            call = callrules.Call.from_dict(minimal_call(timeline={"deadline": written}))
            start = call.timeline["deadline"].start
            assert start == datetime(2026, 6, 1, 17, tzinfo=PARIS)
            assert start.tzinfo == call.zone and start.hour == 17

    @pytest.mark.parametrize(("written", "precision", "start"), [
        ("2026-07-01", "day", datetime(2026, 7, 1, tzinfo=PARIS)),
        ("2026-06", "month", datetime(2026, 6, 1, tzinfo=PARIS)),
        ("2026-06-01T17:00:00", "instant", datetime(2026, 6, 1, 17, tzinfo=PARIS)),
        ({"at": "2026-10-25T02:30:00", "fold": 1}, "instant",
         datetime(2026, 10, 25, 1, 30, tzinfo=UTC)),
        ({"at": "2026-10-25", "fold": 0}, "day", datetime(2026, 10, 25, tzinfo=PARIS)),
    ])
    def test_milestones_written_as_text_are_read_as_in_toml(
            self, written: object, precision: str, start: datetime) -> None:
        """A JSON call writes dates as text: a day, a month, a local time, with a fold."""
        call = callrules.Call.from_dict(minimal_call(timeline={"deadline": written}))
        milestone = call.timeline["deadline"]
        assert milestone.precision == precision
        assert milestone.start.astimezone(UTC) == start.astimezone(UTC)

    def test_a_skipped_local_time_written_as_text_is_refused_at_the_milestone(self) -> None:
        """In a JSON call file too, 02:30 on 29 March does not exist in Paris."""
        data = minimal_call(timeline={"deadline": "2026-03-29T02:30:00"})
        text = json.dumps(data)
        with pytest.raises(callrules.DefinitionError) as info:
            callrules.Call.from_text(text, format="json", source="x.json")
        assert info.value.code == "nonexistent_local_time"
        assert info.value.loc == ("timeline", "deadline")

    @pytest.mark.parametrize(("history", "loc"), [
        ([], ()), ("2026-06-01", ()),
        ([{"from": "2026-01-01", "value": "2026-06-01T17:00:00"}] * 101, ()),
        (["2026-06-01"], (0,)), ([{"from": "2026-01-01"}], (0,)),
        ([{"from": "2026-01-01", "value": "2026-06-01T17:00:00", "why": "x"}], (0,)),
    ], ids=["empty", "not-a-list", "over-100", "not-a-table", "no-value", "unknown-key"])
    def test_a_malformed_history_is_refused_at_its_place(self, history: object,
                                                         loc: tuple[int, ...]) -> None:
        """A history is 1 to 100 {from, value[, label]} tables."""
        error = refused(minimal_call(timeline={"deadline": {"history": history}}))
        assert error.code == "bad_history"
        assert error.loc == ("timeline", "deadline", "history", *loc)

    def test_dated_says_whether_some_value_has_a_history(self) -> None:
        """A call without history is the same at any instant; one with history is dated."""
        plain = callrules.Call.from_dict(minimal_call())
        assert not plain.dated and plain.at(NOW) is plain
        dated = callrules.Call.from_dict(minimal_call(parameters={"cap": {"history": [
            {"from": "2026-01-01", "value": {"amount": "100", "currency": "EUR"}},
            {"from": "2026-05-01", "value": {"amount": "200", "currency": "EUR"}, "label": "x"},
        ]}}))
        assert dated.dated
        assert dated.parameters["cap"].value == Money("200", "EUR")
        assert dated.amendments == ("parameters.cap: x",)
        earlier = dated.at(datetime(2026, 2, 1, tzinfo=UTC))
        assert earlier.parameters["cap"].value == Money("100", "EUR")
        assert earlier.amendments == ()


class TestRegisteredCalls:
    def test_registering_something_that_is_not_a_folder_fails(self, tmp_path: Path) -> None:
        """A file, or a path that does not exist, is not a folder of calls."""
        with pytest.raises(NotADirectoryError):
            calls.register_folder(tmp_path / "nowhere")

    def test_a_folder_registered_twice_is_listed_once_and_other_files_ignored(
            self, tmp_path: Path, registries: None) -> None:
        """Registering is idempotent; only .toml and .json files are calls."""
        (tmp_path / "mini.json").write_text(json.dumps(minimal_call(), default=str), "utf-8")
        (tmp_path / "README.txt").write_text("not a call", "utf-8")
        (tmp_path / "sub.toml").mkdir()
        calls.register_folder(tmp_path)
        calls.register_folder(tmp_path)
        assert calls._FOLDERS.count(tmp_path) == 1
        available = calls.available()
        assert "mini" in available and "README" not in available and "sub" not in available
        assert calls.load("mini").id == "mini"

    def test_a_file_declaring_another_id_is_refused(self, tmp_path: Path,
                                                    registries: None) -> None:
        """other.json declaring id "mini" cannot be loaded as "other"."""
        (tmp_path / "other.json").write_text(json.dumps(minimal_call(), default=str), "utf-8")
        calls.register_folder(tmp_path)
        with pytest.raises(callrules.DefinitionError) as info:
            calls.load("other")
        assert (info.value.code, info.value.loc) == ("id_mismatch", ("id",))

    def test_an_entry_point_naming_a_missing_folder_is_skipped(
            self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A package declaring a folder that is not there adds nothing, and breaks nothing."""

        class Entry:
            def load(self) -> Any:
                return str(tmp_path / "gone")

        monkeypatch.setattr("importlib.metadata.entry_points",
                            lambda group: [Entry()] if group == "callrules.calls" else [])
        assert "cnrs-amsud-2026" in calls.available()


# -- parameters ----------------------------------------------------------------------------
class TestParameters:
    @pytest.mark.parametrize(("raw", "kind", "value"), [
        (True, "bool", True), (7, "int", 7), ("CNRS", "str", "CNRS"),
        (date(2026, 12, 31), "date", date(2026, 12, 31)),
        (["a", "b"], "set", frozenset({"a", "b"})), ([1, 2], "set", frozenset({1, 2})),
        ({"amount": "3100.00", "currency": "EUR"}, "money", Money("3100.00", "EUR")),
        ({"decimal": "0.5"}, "decimal", Decimal("0.5")),
        ({"date": "2026-12-31"}, "date", date(2026, 12, 31)),
        ({"date": date(2026, 12, 31)}, "date", date(2026, 12, 31)),
    ])
    def test_each_written_form_has_its_kind(self, raw: object, kind: str,
                                            value: object) -> None:
        """The table of the module docstring, row by row."""
        parameter = parse_parameter("p", raw)
        assert (parameter.name, parameter.kind, parameter.value) == ("p", kind, value)
        assert type(parameter.value) is type(value)

    def test_a_region_is_the_set_of_its_countries(self) -> None:
        """{region = "013"} is Central America's countries, remembering the region."""
        parameter = parse_parameter("p", {"region": "013"})
        assert parameter.kind == "set" and parameter.region == "013"
        assert parameter.value == frozenset({"BZ", "CR", "SV", "GT", "HN", "MX", "NI", "PA"})

    @pytest.mark.parametrize(("raw", "words"), [
        (["a", 1], "all of one kind"), ([True, False], "all of one kind"),
        ({"amount": "1", "currency": 978}, "currency must be an ISO 4217 code"),
        ({"region": "999"}, "unknown UN M49 region '999'; known: 005, 013, 019, 021, 029, 419"),
        ({"date": datetime(2026, 6, 1, 17)}, "a parameter is a number, a string, a date"),
        ({"date": "2026-02-30"}, "day is out of range"),
        ({"decimal": "1e3"}, "not a plain decimal number"),
        ({"set": 3}, "a parameter is a number"), (1.5, "a parameter is a number"),
        (datetime(2026, 6, 1), "a parameter is a number"), ({"amount": "1"}, "a parameter"),
    ], ids=["mixed-set", "booleans", "numeric-currency", "unknown-region", "datetime-as-date",
            "impossible-date", "exponent", "set-name-not-text", "float", "datetime", "half-money"])
    def test_malformed_parameters_are_refused_saying_what_is_expected(
            self, raw: object, words: str) -> None:
        """A ValueError whose words name the problem (the call reports it at the parameter)."""
        with pytest.raises(ValueError) as info:
            parse_parameter("p", raw)
        assert words in str(info.value)

    def test_a_bad_parameter_is_located_in_the_call_file(self) -> None:
        """Through a call: code bad_parameter, at parameters.<name>."""
        error = refused(minimal_call(parameters={"origin": {"region": "999"}}))
        assert (error.code, error.loc) == ("bad_parameter", ("parameters", "origin"))

    @pytest.mark.parametrize("name", ["", "x" * 65, 3])
    def test_a_named_set_needs_a_short_text_name(self, name: Any, registries: None) -> None:
        """Names are 1 to 64 characters of text."""
        with pytest.raises(ValueError, match="non-empty string of at most 64"):
            register_set(name, ["a"])

    def test_a_named_set_holds_bounded_text(self, registries: None) -> None:
        """Only strings, at most the set limit of them; 64-character names are fine."""
        with pytest.raises(ValueError, match="at most 10000 strings"):
            register_set("units", ["a", 1])  # type: ignore[list-item]
        with pytest.raises(ValueError, match="at most 10000 strings"):
            register_set("units", (str(i) for i in range(LIMITS["set_items"] + 1)))
        register_set("u" * 64, [str(i) for i in range(LIMITS["set_items"])])
        assert len(named_set("u" * 64)) == LIMITS["set_items"]

    def test_an_unknown_named_set_lists_the_registered_ones(self, registries: None) -> None:
        """The LookupError names the sets there are, or says there are none."""
        _parameters._NAMED_SETS.clear()
        with pytest.raises(LookupError, match=r"\(registered: none\)"):
            named_set("units")
        register_set("labs", ["A"])
        register_set("teams", ["B"])
        with pytest.raises(LookupError, match=r"\(registered: labs, teams\)"):
            named_set("units")


# -- paths ---------------------------------------------------------------------------------
class Row(BaseModel):
    """A model unlike the application's: a list of text and a mapping in each row."""

    tags: tuple[str, ...] = ()
    extra: dict[str, str] = {}
    note: str | None = None


class Sheet(BaseModel):
    rows: tuple[Row, ...]


class Stamp(datetime):
    """A datetime subclass, as some libraries return."""


class TestPaths:
    @pytest.mark.parametrize(("annotation", "kind", "optional"), [
        (int | str, "any", False), (int | str | None, "any", True), (int | None, "int", True),
        (Annotated[str, "meta"], "str", False), (tuple[str, ...], "list", False),
        (dict, "mapping", False), (dict[str, int], "mapping", False), (object, "any", False),
        (Stamp, "datetime", False), (Row, "model", False), (Money, "money", False),
        (Decimal, "decimal", False), (type(None), "none", False),
    ])
    def test_annotations_map_to_the_kinds_rules_know(self, annotation: Any, kind: str,
                                                     optional: bool) -> None:
        """A union of several types is "any"; a datetime subclass is a datetime."""
        field_type = type_of(annotation)
        assert (field_type.kind, field_type.optional) == (kind, optional)

    def test_types_describe_themselves_briefly(self) -> None:
        """As they appear in error messages."""
        assert FieldType("model", model=Row).describe() == "Row"
        assert type_of(tuple[str, ...] | None).describe() == "optional list of str"
        assert FieldType("model").describe() == "model"

    @pytest.mark.parametrize(("text", "words"), [
        (3, "a path is a string of dotted field names, not int"),
        ("a" * 301, "path longer than 300 characters"), ("", "is not a path"),
        ("Rows", "is not a path"), ("rows..tags", "is not a path")])
    def test_what_is_not_a_path_is_a_syntax_error(self, text: object, words: str) -> None:
        """Checked before any field is looked up."""
        with pytest.raises(PathError) as info:
            parse_path(text, FieldType("model", model=Sheet), {})
        assert info.value.code == "path_syntax" and words in str(info.value)

    def test_a_path_through_a_list_of_lists_flattens_them(self) -> None:
        """rows.tags is every row's tags, in order, as one tuple."""
        path = parse_path("rows.tags", FieldType("model", model=Sheet), {})
        assert path.through_list and path.loc == ("rows",)
        sheet = Sheet(rows=(Row(tags=("a", "b")), Row(), Row(tags=("c",))))
        assert path.getter(sheet) == ("a", "b", "c")

    def test_a_path_through_a_list_of_mappings_reads_each_key_given(self) -> None:
        """rows.extra.colour is the colour of the rows that have one."""
        path = parse_path("rows.extra.colour", FieldType("model", model=Sheet), {})
        assert path.type.kind == "list" and path.type.item is not None
        assert path.type.item.optional
        sheet = Sheet(rows=(Row(extra={"colour": "red"}), Row(), Row(extra={"colour": "ox"})))
        assert path.getter(sheet) == ("red", "ox")

    def test_a_path_through_a_list_leaves_out_absent_values(self) -> None:
        """rows.note lists the notes given."""
        path = parse_path("rows.note", FieldType("model", model=Sheet), {})
        assert path.getter(Sheet(rows=(Row(note="n"), Row(), Row(note="m")))) == ("n", "m")

    def test_a_bare_variable_is_the_item_itself(self) -> None:
        """$row reads the bound value whole."""
        path = parse_path("$row", FieldType("model", model=Sheet),
                          {"row": FieldType("model", model=Row)})
        assert path.var == "row" and path.fields == ()
        row = Row(note="n")
        assert path.getter(row) is row

    def test_no_field_can_follow_a_scalar(self) -> None:
        """rows.note.length: a text has no fields."""
        with pytest.raises(PathError) as info:
            parse_path("rows.note.length", FieldType("model", model=Sheet), {})
        assert info.value.code == "not_a_model"
        assert str(info.value) == "'rows.note' is a optional str; it has no field 'length'"


# -- time ----------------------------------------------------------------------------------
class TestTimeEdges:
    @pytest.mark.parametrize("name", ["", "../etc/passwd", "/usr/share/zoneinfo/UTC", 3,
                                      "Europe/Nowhere"])
    def test_only_iana_names_are_zones(self, name: Any) -> None:
        """No path tricks, no empty name, no number: TimeError unknown_zone."""
        with pytest.raises(callrules.TimeError) as info:
            get_zone(name)
        assert info.value.code == "unknown_zone"
        assert str(info.value) == f"{name!r} is not an IANA time zone (e.g. 'Europe/Paris')"

    def test_localize_refuses_a_time_that_already_has_an_offset(self) -> None:
        """Only naive local times are localized."""
        with pytest.raises(callrules.TimeError) as info:
            localize(datetime(2026, 6, 1, tzinfo=UTC), PARIS, what="deadline")
        assert info.value.code == "unexpected_offset"
        assert str(info.value).startswith("deadline: ")

    def test_an_instant_milestone_ends_where_it_starts(self) -> None:
        """An instant has no length: one day, the day it is on."""
        milestone = Milestone("deadline", datetime(2026, 6, 1, 17, tzinfo=PARIS))
        assert milestone.end == milestone.start
        assert milestone.first_day == milestone.last_day == date(2026, 6, 1)

    def test_a_month_milestone_spans_to_the_next_month_even_in_december(self) -> None:
        """December ends at the first midnight of January of the next year."""
        december = Milestone("m", datetime(2026, 12, 1, tzinfo=PARIS), "month")
        assert december.end == datetime(2027, 1, 1, tzinfo=PARIS)
        assert december.last_day == date(2026, 12, 31)

    def test_a_shift_onto_a_repeated_hour_takes_its_first_occurrence(self) -> None:
        """24 Oct 02:30 + 1 day is 25 Oct 02:30, which happens twice: the first, at +02:00."""
        shifted = Milestone("m", localize(datetime(2026, 10, 24, 2, 30), PARIS)).shifted(days=1)
        assert shifted.start.utcoffset() == timedelta(hours=2)
        assert shifted.start.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
        assert shifted.name == "m+1d"

    def test_a_shift_of_the_second_occurrence_elsewhere_is_plain(self) -> None:
        """From the second 02:30 of 25 Oct, +1 month is 25 Nov 02:30 at +01:00."""
        second = localize(datetime(2026, 10, 25, 2, 30), PARIS, fold=1)
        shifted = Milestone("m", second).shifted(months=1, years=-1)
        assert shifted.start.astimezone(UTC) == datetime(2025, 11, 25, 1, 30, tzinfo=UTC)
        assert shifted.name == "m-1y+1m"

    def test_a_shift_into_the_spring_gap_reads_with_the_earlier_offset(self) -> None:
        """28 Mar 02:30 + 1 day does not exist in Paris; it is read at +01:00."""
        shifted = Milestone("m", localize(datetime(2026, 3, 28, 2, 30), PARIS)).shifted(days=1)
        assert shifted.start.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)

    def test_a_call_without_a_deadline_stays_open_once_opened(self) -> None:
        """Upcoming before its opening, open for ever after."""
        opening = Milestone("opening", datetime(2026, 4, 21, tzinfo=PARIS))
        timeline = {"opening": opening}
        assert phase_at(timeline, opening.start - timedelta(seconds=1)) is Phase.UPCOMING
        assert phase_at(timeline, opening.start) is Phase.OPEN
        assert phase_at(timeline, datetime(2099, 1, 1, tzinfo=UTC)) is Phase.OPEN

    def test_a_call_without_results_is_closed_after_a_whole_day_deadline(self) -> None:
        """A day deadline is open through that whole day, closed from the next midnight."""
        deadline = Milestone("deadline", datetime(2026, 6, 1, tzinfo=PARIS), "day")
        timeline = {"deadline": deadline}
        assert phase_at(timeline, datetime(2026, 6, 1, 23, 59, 59, tzinfo=PARIS)) is Phase.OPEN
        assert phase_at(timeline, datetime(2026, 6, 2, tzinfo=PARIS)) is Phase.CLOSED

    def test_a_country_without_a_zone_is_an_error(self) -> None:
        """"XX" has no zone in the tz database."""
        with pytest.raises(callrules.TimeError, match="no time zone is known for country 'XX'"):
            suggest_zone("XX")

    def test_an_unnamed_subdivision_falls_back_to_the_principal_zone(self) -> None:
        """BR-XX names no zone: São Paulo is proposed, as uncertain, among all of Brazil's."""
        suggestion = suggest_zone("BR", "BR-XX")
        assert suggestion.zone == "America/Sao_Paulo"
        assert suggestion.reason == "principal zone" and not suggestion.certain
        assert "America/Manaus" in suggestion.candidates

    @pytest.mark.parametrize("text", ["", "   ", "2026-06-01T17:00:00+02:00" + " " * 80, 3])
    def test_empty_long_or_non_text_instants_are_refused(self, text: Any) -> None:
        """Nothing to read, more than 100 characters, or not text: bad_instant."""
        with pytest.raises(callrules.TimeError) as info:
            parse_instant(text)
        assert info.value.code == "bad_instant"

    def test_an_offset_and_a_zone_together_are_refused(self) -> None:
        """Which would win? Neither: give one."""
        with pytest.raises(callrules.TimeError, match="gives both an offset and a zone"):
            parse_instant("2026-06-01T16:59:00+02:00 Europe/Paris")

    def test_utc_may_follow_a_local_time(self) -> None:
        """"UTC" is the one abbreviation accepted: it is a zone."""
        assert parse_instant("2026-06-01 15:00 UTC") == datetime(2026, 6, 1, 15, tzinfo=UTC)


# -- messages --------------------------------------------------------------------------------
class TestMessages:
    def test_registering_catalogs_needs_a_folder_and_counts_it_once(
            self, tmp_path: Path, registries: None) -> None:
        """A missing folder is refused; the same folder twice is one entry."""
        with pytest.raises(NotADirectoryError):
            callrules.register_catalogs(tmp_path / "nowhere")
        callrules.register_catalogs(tmp_path)
        callrules.register_catalogs(tmp_path)
        assert _i18n._EXTRA_DIRS.count(tmp_path) == 1

    def test_no_locale_gives_the_fallback_if_it_is_spoken(self) -> None:
        """None or an unknown language: the fallback, or English if that is unknown too."""
        assert negotiate(None) == "en"               # the session's language, by default
        assert negotiate("de-DE", "fr") == "fr"
        assert negotiate("de-DE", "it") == "en"

    @pytest.mark.parametrize(("value", "lang", "text"), [
        (timedelta(0), "en", "0 seconds"), (timedelta(0), "fr", "0\xa0seconde"),
        (True, "en", "yes"), (False, "fr", "non"), (1.5, "en", "1.5"),
        ({}, "fr", "—"), ({"fr": "bonjour", "en": "hello"}, "fr", "bonjour"),
        ({"es": "hola"}, "fr", "hola"), (frozenset(), "en", "nothing"),
        (frozenset({"b", "a"}), "fr", "a et b"), (None, "fr", "aucun"),
    ])
    def test_context_values_are_formatted_for_the_reader(self, value: object, lang: str,
                                                         text: str) -> None:
        """Zero durations, booleans, texts by language, empty and sorted sets."""
        if isinstance(value, timedelta):
            assert format_duration(value, lang) == text
        assert format_value(value, lang) == text

    def test_a_message_missing_a_value_shows_a_question_mark(self) -> None:
        """A finding built without its context still renders, never raising KeyError."""
        message = finding("too_late", value=date(2026, 6, 2)).message("en")
        assert message == "Host's position: June 2, 2026; limit: ? — ? too late."

    def test_an_unknown_code_reads_as_an_unmet_condition(self) -> None:
        """A platform's own code without a template falls back to the generic message."""
        assert finding("platform_code").message("fr") == \
            callrules.Finding("not_satisfied", "c", Severity.ERROR, (), None).message("fr")

    def test_a_country_finding_without_a_country_code_still_renders(self) -> None:
        """A missing country (None) is shown as "none", not looked up as a territory."""
        message = finding("not_allowed", loc=("institution", "location", "country"),
                          value=None, allowed=frozenset({"BR", "CL"})).message("en")
        assert message == ("Country: none is not among the accepted values (Brazil and "
                           "Chile).")

    def test_a_report_without_its_call_renders_without_clause_titles(self) -> None:
        """The clause id is given; its title needs the call, which a bare report lacks."""
        report = Report("mini", "1", "A-1", (finding("missing"),))
        text = report_text(report, "en")
        assert "Clause: eligibility" in text
        assert ">eligibility</td>" in report.html("en")


# -- reports ---------------------------------------------------------------------------------
class Colour(enum.Enum):
    RED = 1


class Dumpable:
    def model_dump(self, mode: str) -> dict[str, str]:
        return {"mode": mode}


class TestReportValues:
    @pytest.mark.parametrize(("value", "json_value"), [
        (Decimal("0.10"), "0.10"), (Severity.WARNING, "warning"), (Colour.RED, 1),
        (Dumpable(), {"mode": "json"}), (1.5, "1.5"), (frozenset({"b", "a"}), ["a", "b"]),
        ({1: Decimal("1")}, {"1": "1"}), (Money("1.50", "EUR"),
                                          {"amount": "1.50", "currency": "EUR"}),
        (timedelta(hours=-1), "-PT1H"), (timedelta(0), "PT0S"),
    ])
    def test_values_become_exact_json(self, value: object, json_value: object) -> None:
        """Decimals as text, enums as their value, models dumped, sets sorted, else str."""
        assert to_json_value(value) == json_value
        json.dumps(to_json_value(value))

    def test_a_batch_shows_as_html_in_a_notebook(self, call: callrules.Call) -> None:
        """_repr_html_ is the English HTML view."""
        result = callrules.evaluate_many(call, [eligible_dict()], now=NOW)
        assert result._repr_html_() == result.html("en")
        assert "<table>" in result._repr_html_() and "Applications failing it" not in \
            result._repr_html_()

    def test_to_dataframe_without_pandas_says_how_to_install_it(
            self, call: callrules.Call, monkeypatch: pytest.MonkeyPatch) -> None:
        """pandas is optional: the ImportError names the extra."""
        import importlib

        real = importlib.import_module

        def no_pandas(name: str, *args: Any) -> Any:
            if name == "pandas":
                raise ImportError("No module named 'pandas'")
            return real(name, *args)

        monkeypatch.setattr(importlib, "import_module", no_pandas)
        result = callrules.evaluate_many(call, [eligible_dict()], now=NOW)
        with pytest.raises(ImportError, match=r"pip install 'callrules\[pandas\]'"):
            result.to_dataframe()

    def test_to_dataframe_builds_the_rows_indexed_by_record(
            self, call: callrules.Call, monkeypatch: pytest.MonkeyPatch) -> None:
        """The frame is rows(locale), indexed by the record's index."""
        import importlib
        import types

        made: dict[str, Any] = {}

        class Frame:
            def __init__(self, rows: list[dict[str, object]]) -> None:
                made["rows"] = rows

            def set_index(self, column: str) -> str:
                made["index"] = column
                return "frame"

        fake = types.SimpleNamespace(DataFrame=Frame)
        real = importlib.import_module
        monkeypatch.setattr(importlib, "import_module",
                            lambda name, *a: fake if name == "pandas" else real(name, *a))
        result = callrules.evaluate_many(call, [eligible_dict(), "{"], now=NOW)
        assert result.to_dataframe("fr") == "frame"
        assert made == {"rows": result.rows("fr"), "index": "N°"}


# -- evaluation ------------------------------------------------------------------------------
class TestEvaluation:
    def test_a_record_that_could_not_be_read_raises_its_own_error(self) -> None:
        """An InputError standing for a record (from a source) is raised as it is."""
        error = callrules.InputError([callrules.InputProblem((), "unreadable", "gone")],
                                     source="a.json")
        with pytest.raises(callrules.InputError) as info:
            callrules.parse_application(error)
        assert info.value is error

    def test_corrections_are_known_only_after_the_last_record(self,
                                                              call: callrules.Call) -> None:
        """Asking early is a RuntimeError: a later record may still come first."""
        stream = callrules.evaluate_stream(call, [eligible_dict(), eligible_dict()])
        next(stream)
        with pytest.raises(RuntimeError, match="once every record has been read"):
            stream.corrections()
        list(stream)
        assert [index for index, _ in stream.corrections()] == [1]

    def test_unique_ignores_applications_without_the_value(self) -> None:
        """Two applications without a unit kind are not duplicates of each other."""
        call = callrules.Call.from_dict(minimal_call({"op": "unique", "path": "host.unit.kind"}))
        first, second, third = eligible_dict(), eligible_dict(), eligible_dict()
        for app in (first, second):
            del app["host"]["unit"]["kind"]
        result = callrules.evaluate_many(call, [first, second, third, eligible_dict()])
        assert [item.report.eligible for item in result if item.report] == [
            True, True, True, False]

    def test_progress_is_shown_only_when_asked_or_on_a_terminal(
            self, call: callrules.Call, capsys: pytest.CaptureFixture[str]) -> None:
        """progress=True draws a line on stderr and ends it; False or no terminal: silence."""
        records = [eligible_dict(), eligible_dict()]
        callrules.evaluate_many(call, records, progress=False)
        callrules.evaluate_many(call, records)
        assert capsys.readouterr().err == ""
        result = callrules.evaluate_many(call, records, progress=True)
        assert len(result) == 2
        err = capsys.readouterr().err
        assert "callrules: 2 applications checked [" in err and err.endswith("\n")

    def test_progress_speaks_the_sessions_language(
            self, call: callrules.Call, capsys: pytest.CaptureFixture[str]) -> None:
        """The progress bar (tqdm's) reads in the language set for the session."""
        try:
            callrules.set_language("fr")
            callrules.evaluate_many(call, [eligible_dict()] * 3, progress=True)
        finally:
            callrules.set_language(None)
        assert "callrules: 3 candidatures vérifiées [" in capsys.readouterr().err

    def test_progress_of_an_empty_batch_draws_nothing(
            self, call: callrules.Call, capsys: pytest.CaptureFixture[str]) -> None:
        """No record, no line to end."""
        assert len(callrules.evaluate_many(call, [], progress=True)) == 0
        assert capsys.readouterr().err == ""


# -- decision records ------------------------------------------------------------------------
@pytest.fixture
def record(call: callrules.Call) -> dict[str, Any]:
    """A decision record of the eligible example."""
    data: dict[str, Any] = json.loads(json.dumps(decision_record(call, eligible_dict(), now=NOW)))
    return data


class TestRecords:
    @pytest.mark.parametrize("bad", [
        [], {"record_version": 99}, "record",
    ], ids=["a-list", "another-version", "text"])
    def test_what_is_not_a_record_of_this_version_is_refused(self, bad: Any) -> None:
        """bad_record, saying which version is read."""
        with pytest.raises(callrules.InputError) as info:
            replay(bad)
        (problem,) = info.value.problems
        assert (problem.type, problem.msg) == ("bad_record",
                                               "not a decision record of version 2")

    @pytest.mark.parametrize("damage", [
        lambda rec: rec.pop("now"), lambda rec: rec.update(now="2026-06-02T08:00:00"),
        lambda rec: rec.update(now=17), lambda rec: rec.update(call="cnrs-amsud-2026"),
        lambda rec: rec["call"].pop("id"), lambda rec: rec.update(verdict=[]),
        lambda rec: rec["verdict"].update(findings=["x"]),
    ], ids=["no-now", "naive-now", "numeric-now", "call-as-text", "call-without-id",
            "verdict-as-list", "finding-as-text"])
    def test_a_record_with_a_malformed_part_is_refused_not_crashed_on(
            self, record: dict[str, Any], damage: Any) -> None:
        """Every malformed part is an InputError, never a KeyError or AttributeError."""
        damage(record)
        with pytest.raises(callrules.InputError) as info:
            replay(record)
        assert info.value.problems[0].msg.startswith("missing or malformed part: ")

    def test_a_different_library_or_call_version_is_noted(self, record: dict[str, Any]
                                                          ) -> None:
        """Same verdict, but the notes say what was used then and what is used now."""
        record["library_version"] = "0.0.1"
        record["call"]["version"] = "0"
        outcome = replay(record)
        assert outcome.same
        assert outcome.changes == (
            "call: cnrs-amsud-2026 version 0 → cnrs-amsud-2026 version 1",
            f"library: 0.0.1 → {callrules.__version__}")

    def test_a_changed_verdict_lists_what_appeared_and_went(self, record: dict[str, Any]
                                                            ) -> None:
        """A recorded finding that no longer occurs is "gone"; the verdict flips."""
        record["verdict"] = {"eligible": False, "findings": [
            {"clause": "deadline", "code": "too_late", "severity": "error",
             "path": "submitted_at"}]}
        record["record_digest"] = _sealed(record)  # as written when the rules said so
        outcome = replay(record)
        assert not outcome.same
        assert outcome.changes == ("verdict: eligible False → True",
                                   "finding gone: deadline too_late at submitted_at")

    def test_a_digest_is_of_canonical_json(self) -> None:
        """Key order and spacing do not change it; values do."""
        assert digest({"a": 1, "b": [1, 2]}) == digest({"b": [1, 2], "a": 1})
        assert digest({"a": 1}) != digest({"a": 2})
        assert digest({"a": 1}).startswith("sha256:")


# -- sources ---------------------------------------------------------------------------------
class TestSources:
    def test_a_missing_file_is_an_unreadable_record(self, tmp_path: Path) -> None:
        """It becomes one input error, labelled with the file, and the batch goes on."""
        missing = tmp_path / "gone.json"
        (first, second) = callrules.records(missing, EXAMPLES / "eligible.json")
        assert first.source == str(missing)
        assert isinstance(first.data, callrules.InputError)
        (problem,) = first.data.problems
        assert problem.type == "unreadable"
        assert problem.msg == f"cannot read {missing}: No such file or directory"
        assert second.source.endswith("eligible.json")

    def test_a_file_that_is_not_utf8_is_an_unreadable_record(self, tmp_path: Path) -> None:
        """Latin-1 bytes are refused as not UTF-8 text."""
        file = tmp_path / "latin.json"
        file.write_bytes('{"id": "é"}'.encode("latin-1"))
        (only,) = callrules.records(file)
        assert isinstance(only.data, callrules.InputError)
        assert only.data.problems[0].type == "not_utf8"
        assert only.data.problems[0].msg == "the record is not UTF-8 text (byte 9 of the record)"

    def test_a_json_file_holding_a_list_is_one_record_per_item(self, tmp_path: Path) -> None:
        """Labelled file[0], file[1]…"""
        file = tmp_path / "two.json"
        file.write_text(json.dumps([eligible_dict(), {"id": "x"}]), "utf-8")
        sources = [s.source for s in callrules.records(file)]
        assert sources == [f"{file}[0]", f"{file}[1]"]

    def test_a_broken_json_file_is_reported_as_invalid_json(self, call: callrules.Call,
                                                            tmp_path: Path) -> None:
        """The parser's reason reaches the record's input error."""
        file = tmp_path / "broken.json"
        file.write_text("{broken", "utf-8")
        (item,) = callrules.evaluate_many(call, callrules.records(file))
        assert item.error is not None and item.source == str(file)
        assert item.error.problems[0].type == "json_invalid"

    def test_json_nested_too_deeply_is_refused_as_too_deep(self, call: callrules.Call) -> None:
        """100,000 nested arrays from standard input: one input error, no RecursionError."""
        text = "[" * 100_000 + "]" * 100_000
        (item,) = callrules.evaluate_many(call, callrules.records("-", stdin=io.StringIO(text)))
        assert item.error is not None and item.source == "<stdin>[0]"
        assert item.error.problems[0].type in ("too_deep", "json_invalid")

    def test_a_csv_file_is_read_with_its_mapping(self, tmp_path: Path) -> None:
        """records() reads .csv files row by row, renaming columns as mapped."""
        file = tmp_path / "portal.csv"
        file.write_text("Dossier,Langue\nA-1,fr\nA-2,en\n", "utf-8")
        rows = list(callrules.records(file, mapping={"Dossier": "id", "Langue": "language"}))
        assert [(s.source, s.data) for s in rows] == [
            (f"{file}:2", {"id": "A-1", "language": "fr"}),
            (f"{file}:3", {"id": "A-2", "language": "en"})]

    @pytest.mark.parametrize(("text", "words"), [
        ("id\nA,B\n", "the row has more cells than the header has columns"),
        ("id,visitors..id\nA,x\n", "column 'visitors..id' is not a field path"),
        ("id,a.b.c.d.e.f.g.h.i\nA,x\n", "is not a field path"),
        ("id,visitors.1001.id\nA,x\n", "column 'visitors.1001.id': '1001' is not a list "
                                        "position"),
        ("id,visitors.0.id,visitors.x\nA,v1,y\n", "'x' is not a list position"),
        ("id,0\nA,x\n", "column '0': a position where a field name is needed"),
        ("id,id.x\nA,B\n", "column 'id.x': another column gives 'id' a value of its own"),
        ("visitors.0,visitors.0.id\nx,y\n",
         "column 'visitors.0.id': another column gives '0' a value of its own"),
        ("host.unit.code,host.unit\nU,x\n", "column 'host.unit': other columns give fields "
                                            "inside it"),
    ], ids=["extra-cell", "empty-part", "too-deep", "position-over-1000", "name-in-a-list",
            "position-at-top", "value-then-field", "item-then-field", "field-then-value"])
    def test_a_malformed_csv_row_is_an_input_error_for_that_row(self, text: str,
                                                               words: str) -> None:
        """Each problem is named; the row is labelled with its line; no exception escapes."""
        (row,) = callrules.records_from_csv(io.StringIO(text), source="p.csv")
        assert row.source == "p.csv:2"
        assert isinstance(row.data, callrules.InputError)
        (problem,) = row.data.problems
        assert problem.type == "bad_column"
        assert words in problem.msg

    def test_the_rows_after_a_bad_row_are_still_read(self) -> None:
        """A conflict on line 2 does not stop line 3."""
        rows = list(callrules.records_from_csv(io.StringIO("id,id.x\nA,B\nC,\n")))
        assert isinstance(rows[0].data, callrules.InputError)
        assert rows[1].data == {"id": "C"}


# -- checklist --------------------------------------------------------------------------------
class TestChecklistWording:
    def test_every_operator_is_described_from_the_rule(self) -> None:
        """not, exists with and without where, present, a literal set, a literal cap, and a
        days rule with a minimum and no maximum each read as the rule says."""
        rules = [
            r.rule("eligibility", r.not_(r.present("host.unit.kind"))),
            r.rule("eligibility", r.exists("approvals")),
            r.rule("eligibility", r.exists("documents", where=r.compare("kind", "==", "cv"))),
            r.rule("eligibility", r.one_of("host.role", ["engineer", "technician"])),
            r.rule("eligibility", r.total("budget.lines", {"amount": "3100.00",
                                                            "currency": "EUR"}, of="amount")),
            r.rule("eligibility", r.each("visitors", r.days("stay.arrival", "stay.departure",
                                                            min=2))),
            r.rule("eligibility", r.not_in("host.role", r.field("$root.visitors.category"))),
            r.rule("eligibility", r.unique("host.person.email")),
        ]
        call = callrules.Call.from_dict(minimal_call(rules=rules))
        text = call.checklist("en", audience="officers")
        for line in ("Not (kind of host unit: given)", "at least one item in “approvals”",
                     "at least one item of “documents” (kind of document: cv)",
                     "host's position: one of engineer and technician",
                     "total of “budget lines”: at most €3,100.00",
                     "from the date of arrival to the date of departure: at least 2 nights",
                     "host's position: none of the values of “staff category”",
                     "at most one application per host's e-mail address (the earliest "
                     "stands) (checked across all applications)"):
            assert line in text, line

    def test_a_zero_minimum_is_not_worth_saying(self) -> None:
        """min = 0 with a maximum reads as "at most" only."""
        call = callrules.Call.from_dict(minimal_call(r.to_dict(r.each("visitors", r.days(
            "stay.arrival", "stay.departure", min=0, max=7)))))
        assert "from the date of arrival to the date of departure: at most 7 nights" in \
            call.checklist("en", audience="officers")


class TestPythonFactories:
    def test_not_in_and_unique_build_the_nodes_a_file_holds(self) -> None:
        """As written in TOML: op, path, and only the options given."""
        assert r.to_dict(r.not_in("host.role", ["student"])) == {
            "op": "not_in", "path": "host.role", "set": ["student"]}
        assert r.to_dict(r.unique("host.person.email", order_by="submitted_at",
                                  case_insensitive=True)) == {
            "op": "unique", "path": "host.person.email", "order_by": "submitted_at",
            "case_insensitive": True}


class TestModels:
    @pytest.mark.parametrize(("place", "value", "words"), [
        (("host", "unit", "location", "subdivision"), "FR-ZZZ",
         "'FR-ZZZ' is not an ISO 3166-2 subdivision code"),
        (("exchange_rates", 0, "base"), "ABC", "'ABC' is not an ISO 4217 currency code"),
        (("exchange_rates", 0, "rate"), "0", "an exchange rate must be positive"),
    ])
    def test_codes_and_rates_are_checked_naming_the_field(self, place: tuple[str | int, ...],
                                                          value: str, words: str) -> None:
        """A subdivision ISO does not know, a currency code, a zero rate: named input errors."""
        app = eligible_dict()
        target: Any = app
        for part in place[:-1]:
            target = target[part]
        target[place[-1]] = value
        with pytest.raises(callrules.InputError) as info:
            callrules.parse_application(app)
        (problem,) = info.value.problems
        assert problem.loc == place and words in problem.msg


class TestModuleEntryPoint:
    def test_python_dash_m_runs_the_command_line(self, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
        """``python -m callrules calls`` runs main and exits with its code."""
        monkeypatch.setattr(sys, "argv", ["callrules", "calls"])
        sys.modules.pop("callrules.__main__", None)
        with pytest.raises(SystemExit) as info:
            runpy.run_module("callrules", run_name="__main__")
        assert info.value.code == 0
        assert "cnrs-amsud-2026" in capsys.readouterr().out

