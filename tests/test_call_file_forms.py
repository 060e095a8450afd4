"""Call files that are wrong in one place, calls registered by platforms, and every written
form of a parameter."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules import _parameters, calls
from callrules._definitions import LIMITS, CallFile
from callrules._loading import _FORMS
from callrules._money import Money
from callrules._parameters import named_set, parse_parameter, register_set
from tests.conftest import ROOT
from tests.laws import settings
from tests.test_definitions import minimal_call, refused

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 6, 2, 8, tzinfo=UTC)
CNRS_FILE = ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml"


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

    @settings(max_examples=30, deadline=None)
    @given(languages=st.lists(st.sampled_from(["fr", "en"]), min_size=1, max_size=6))
    def test_a_language_listed_twice_is_refused(self, languages: list[str]) -> None:
        """Any list of the call's languages loads exactly when each is listed once; a
        language listed again is refused at its second place (it was served twice)."""
        data = minimal_call(languages=languages)
        try:
            call = callrules.Call.from_dict(data, source="x.toml")
        except callrules.DefinitionError as exc:
            assert len(set(languages)) < len(languages)
            again = next(i for i, lang in enumerate(languages) if lang in languages[:i])
            assert (exc.code, exc.loc) == ("bad_language", ("languages", again))
        else:
            assert list(call.languages) == languages
            assert len(set(languages)) == len(languages)

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
        assert "no such file" in info.value.message  # in words, not the OS's English

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


class TestFormsInWords:
    def test_every_form_a_call_file_asks_for_is_said_in_words(self) -> None:
        """Every pattern a call file's texts must match has its words, so no call author
        is shown a regular expression."""
        patterns: set[str] = set()

        def walk(schema: Any) -> None:
            if isinstance(schema, dict):
                if isinstance(schema.get("pattern"), str):
                    patterns.add(schema["pattern"])
                for item in schema.values():
                    walk(item)
            elif isinstance(schema, list):
                for item in schema:
                    walk(item)

        walk(CallFile.model_json_schema())
        assert patterns and patterns <= set(_FORMS)

    @pytest.mark.parametrize(("where", "value", "words"), [
        ("clause", "bad id!", "a lower-case letter"),
        ("language", "FR", "two lower-case letters"),
        ("currency", "eur", "three capital letters")])
    def test_a_code_of_the_wrong_form_is_refused_with_the_form_in_words(
            self, where: str, value: str, words: str) -> None:
        """A clause id, a language or a currency of the wrong form names the form it must
        have in words, and the text given."""
        data = minimal_call()
        if where == "clause":
            data["clauses"][0]["id"] = value
        elif where == "language":
            data["languages"] = ["fr", value]
        else:
            data["currency"] = value
        error = refused(data)
        assert error.code == "string_pattern_mismatch"
        assert words in str(error) and repr(value) in str(error)
        assert "^" not in str(error) and "{0," not in str(error)


class TestRegisteredCalls:
    def test_registering_something_that_is_not_a_folder_fails(self, tmp_path: Path) -> None:
        """A file, or a path that does not exist, is not a folder of calls."""
        with pytest.raises(NotADirectoryError):
            calls.register_folder(tmp_path / "nowhere")

    def test_a_folder_registered_twice_is_listed_once_and_other_files_ignored(
            self, tmp_path: Path, registries: None) -> None:
        """Registering is idempotent; only entries named .toml and .json are calls, and
        one that is not a regular file (a folder ``sub.toml``) is never skipped without a
        word: it is listed, and loading it says why it cannot be read."""
        (tmp_path / "mini.json").write_text(json.dumps(minimal_call(), default=str), "utf-8")
        (tmp_path / "README.txt").write_text("not a call", "utf-8")
        (tmp_path / "sub.toml").mkdir()
        calls.register_folder(tmp_path)
        calls.register_folder(tmp_path)
        assert calls._FOLDERS.count(tmp_path) == 1
        available = calls.available()
        assert "mini" in available and "README" not in available and "sub" in available
        assert calls.load("mini").id == "mini"
        with pytest.raises(callrules.DefinitionError):
            calls.load("sub")
        assert "sub" in calls.broken()

    def test_one_broken_file_never_hides_the_others_of_its_folder(
            self, tmp_path: Path, registries: None, monkeypatch: pytest.MonkeyPatch) -> None:
        """A folder of a valid call, a call file the library refuses (a compare of an
        expression with nothing: once an AssertionError), and one on which the library itself
        fails (any exception, simulated): the valid call loads, each other is in ``broken()``
        with a DefinitionError (``missing_bound``; ``internal_error``, saying to report it), and
        ``callrules validate`` of the folder says all three (exit 2, never 70). The call
        asked for by its id lets the fault through: an internal error (exit 70), never the
        call author's mistake."""
        from tests.test_cli import run

        (tmp_path / "ok.json").write_text(json.dumps(minimal_call() | {"id": "ok"}, default=str),
                                          "utf-8")
        bad = minimal_call({"op": "compare", "cmp": ">", "to": {"plus": [1, 2]}})
        (tmp_path / "bad.json").write_text(json.dumps(bad | {"id": "bad"}, default=str),
                                           "utf-8")
        (tmp_path / "crash.json").write_text(json.dumps(minimal_call() | {"id": "crash"},
                                                        default=str), "utf-8")
        from_file = callrules.Call.from_file.__func__  # type: ignore[attr-defined]

        def failing(cls: type[callrules.Call], path: Any, **kwargs: Any) -> callrules.Call:
            if Path(path).stem == "crash":
                raise RuntimeError("a fault of the library")
            return from_file(cls, path, **kwargs)  # type: ignore[no-any-return]

        monkeypatch.setattr(callrules.Call, "from_file", classmethod(failing))
        calls.register_folder(tmp_path)
        assert calls.load("ok").id == "ok"
        broken = calls.broken()
        assert (broken["bad"].code, broken["crash"].code) == ("missing_bound", "internal_error")
        assert "ok" not in broken
        assert "RuntimeError" in str(broken["crash"]) and "report" in str(broken["crash"])
        done = run("validate", str(tmp_path), "--lang", "fr")
        assert done.returncode == 2
        assert "ok.json" in done.stdout and "[missing_bound]" in done.stderr
        assert "[internal_error]" in done.stderr and "signaler" in done.stderr
        with pytest.raises(RuntimeError):  # asked for by its id: the fault itself, exit 70
            calls.load("crash")
        app = json.dumps({"id": "A-1", "call": "crash"})
        asked = run("check", "crash", "-", "--lang", "fr", stdin=app)
        assert asked.returncode == 70, asked.stderr
        assert "[internal_error]" not in asked.stderr

    def test_a_file_declaring_another_id_is_refused(self, tmp_path: Path,
                                                    registries: None) -> None:
        """other.json declaring id "mini" cannot be loaded as "other"."""
        (tmp_path / "other.json").write_text(json.dumps(minimal_call(), default=str), "utf-8")
        calls.register_folder(tmp_path)
        with pytest.raises(callrules.DefinitionError) as info:
            calls.load("other")
        assert (info.value.code, info.value.loc) == ("id_mismatch", ("id",))

    def test_an_entry_point_naming_a_missing_folder_is_skipped(
            self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registries: None) -> None:
        """A package declaring a folder that is not there adds nothing, and breaks nothing."""

        class Entry:
            def load(self) -> Any:
                return str(tmp_path / "gone")

        monkeypatch.setattr("importlib.metadata.entry_points",
                            lambda group: [Entry()] if group == "callrules.calls" else [])
        assert "cnrs-amsud-2026" in calls.available()


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
