"""Bad arguments to the public API are typed errors: a CallrulesError (which also subclasses
the builtin it resembles), never an AttributeError, TypeError, OverflowError or
ZoneInfoNotFoundError from inside the library."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import pickle
import re
import tomllib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from pathlib import Path
from typing import Any

import pydantic
import pytest
from hypothesis import HealthCheck, assume, example, given
from hypothesis import strategies as st

import callrules
from callrules import calls, rules
from callrules._i18n import call_reading, chosen_language, phrase_sentence, said_in
from callrules._in_words import ExactInWords
from callrules._money import Money
from callrules._tags import language_of
from callrules.exceptions import UnknownIdError, given_words
from callrules.serve._app import LIMITS as _LIMITS
from tests.conftest import ROOT, eligible_dict
from tests.helpers import code_tokens
from tests.laws import settings

CALL = calls.load("cnrs-amsud-2026")
#: Values of every kind a caller might pass by mistake, and a few near-misses.
WRONG = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.decimals(), st.text(max_size=40),
    st.binary(max_size=10), st.dates(), st.datetimes(), st.times(),
    st.datetimes(timezones=st.timezones()), st.timedeltas(),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(),
                                                         max_size=2),
    st.sampled_from([object(), Path("/"), Path("nowhere"), "Etc/GMT+5", "Europe/Paris",
                     "../x", "/etc", "\x00", "BR", "BR-AM", "2026-06-01 17:00 Europe/Paris",
                     datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))),
                     datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5))),
                     Decimal("NaN"), float("inf"), date.max, CALL.timeline, {"a": 1}]))

NOW = datetime(2026, 6, 1, tzinfo=UTC)
REPORT = callrules.evaluate(CALL, eligible_dict(), now=NOW)
RECORD = callrules.decision_record(CALL, eligible_dict(), now=NOW)

#: The other arguments of each ``rules`` factory, valid, so that the first is the wrong one.
RULE_REST: dict[str, tuple[Any, ...]] = {
    "compare": ("==", "x"), "contains": ("x",), "days": ("stay.departure",),
    "each": (rules.present("id"),), "not_in": (["a"],), "one_of": (["a"],),
    "within_year": (2026,), "total": ("100",), "rule": (rules.present("id"),)}


def _first(function: Callable[..., object], rest: tuple[Any, ...]) -> Callable[[Any], object]:
    return lambda a: function(a, *rest)


PUBLIC: dict[str, Callable[..., object]] = {
    "parse_instant": callrules.parse_instant,
    "suggest_zone": callrules.suggest_zone,
    "suggest_zone(country, subdivision)": lambda a: callrules.suggest_zone("BR", a),
    "phase_at(timeline, now)": lambda a: callrules.phase_at(CALL.timeline, a),
    "phase_at(wrong, now)": lambda a: callrules.phase_at(a, datetime.now(UTC)),
    "time_left(timeline, now)": lambda a: callrules.time_left(CALL.timeline, a),
    "time_left(wrong, now)": lambda a: callrules.time_left(a, datetime.now(UTC)),
    "calls.load": calls.load,
    "calls.load_file": calls.load_file,
    "calls.register_set": lambda a: calls.register_set("x", a),
    "calls.register_folder": calls.register_folder,
    "calls.shadowed": calls.shadowed,
    "Call.from_dict": callrules.Call.from_dict,
    "Call.from_text": callrules.Call.from_text,
    "Call.from_text(format)": lambda a: callrules.Call.from_text("", format=a),
    "Call.from_file": callrules.Call.from_file,
    "Call.at": CALL.at,
    "Call.parse": CALL.parse,
    "Call.text": lambda a: CALL.text(a, "en"),
    "Call.title_in": CALL.title_in,
    "Call.checklist": CALL.checklist,
    "Call.checklist(zone)": lambda a: CALL.checklist("en", zone=a),
    "Call.checklist(format)": lambda a: CALL.checklist("en", format=a),
    "Call.checklist(audience)": lambda a: CALL.checklist("en", audience=a),
    "evaluate(call)": lambda a: callrules.evaluate(a, eligible_dict()),
    "evaluate(now)": lambda a: callrules.evaluate(CALL, eligible_dict(), now=a),
    "evaluate(application)": lambda a: callrules.evaluate(CALL, a),
    "evaluate_many(call)": lambda a: callrules.evaluate_many(a, []),
    "evaluate_many(now)": lambda a: callrules.evaluate_many(CALL, [], now=a),
    "evaluate_many(records)": lambda a: callrules.evaluate_many(CALL, a),
    "evaluate_stream(call)": lambda a: list(callrules.evaluate_stream(a, [])),
    "evaluate_stream(records)": lambda a: list(callrules.evaluate_stream(CALL, a)),
    "parse_application": callrules.parse_application,
    "decision_record(call)": lambda a: callrules.decision_record(a, eligible_dict(), now=NOW),
    "decision_record(application)": lambda a: callrules.decision_record(CALL, a, now=NOW),
    "decision_record(now)": lambda a: callrules.decision_record(CALL, eligible_dict(), now=a),
    "decision_record(decided_at)": lambda a: callrules.decision_record(
        CALL, eligible_dict(), now=NOW, decided_at=a),
    "decision_record(batch)": lambda a: callrules.decision_record(
        CALL, eligible_dict(), now=NOW, batch=a),
    "decision_record(report)": lambda a: callrules.decision_record(
        CALL, eligible_dict(), now=NOW, report=a),
    "replay": callrules.replay,
    "replay(call)": lambda a: callrules.replay(RECORD, a),
    "schema": callrules.schema,
    "schema(call)": lambda a: callrules.schema("application", call=a),
    "schema(locale)": lambda a: callrules.schema("application", locale=a),
    "schema(call, locale)": lambda a: callrules.schema("application", CALL, a),
    "set_language": callrules.set_language,
    "register_catalogs": callrules.register_catalogs,
    "Money": lambda a: callrules.Money(a, "EUR"),
    "Money(currency)": lambda a: callrules.Money("1", a),
    "records": lambda a: list(callrules.records(a)),
    "records(mapping)": lambda a: list(callrules.records("examples", mapping=a)),
    "records(skipped)": lambda a: list(callrules.records("examples", skipped=a)),
    "records(hidden)": lambda a: list(callrules.records("examples", hidden=a)),
    "records_from_csv": lambda a: list(callrules.records_from_csv(a)),
    "records_from_csv(binary file)": lambda a: list(callrules.records_from_csv(
        io.BytesIO(b"id,language\n" + (a if isinstance(a, bytes) else b"\xff\x00,fr\n")))),
    "records_from_csv(mapping)": lambda a: list(callrules.records_from_csv(
        ["id,language\n", "a,fr\n"], mapping=a)),
    "records_from_csv(source)": lambda a: list(callrules.records_from_csv(
        ["id\n", "a\n"], source=a)),
    "Report.render": REPORT.render,
    "Report.to_json": REPORT.to_json,
    "Finding.message": lambda a: callrules.evaluate(CALL, {
        **eligible_dict(), "submitted_at": "2026-07-01T00:00:00Z"}, now=NOW).findings[0].message(a),
    "InputProblem.message": lambda a: callrules.InputProblem((), "x", "y").message(a),
    "selection_rules": callrules.selection_rules,
    "select(call)": lambda a: callrules.select(a, [], []),
    "select(applications)": lambda a: callrules.select(CALL, a, []),
    "select(applications, envelope)": lambda a: callrules.select(
        CALL, a, [], envelope=callrules.Money("20000", "EUR")),
    "select(scores)": lambda a: callrules.select(CALL, [], a),
    "select(envelope)": lambda a: callrules.select(CALL, [], [], envelope=a),
    "read_scores": callrules.read_scores,
    "read_scores(skipped)": lambda a: callrules.read_scores("examples", skipped=a),
    "read_scores(hidden)": lambda a: callrules.read_scores("examples", hidden=a),
    "selection_record": callrules.selection_record,
    "replay_selection": callrules.replay_selection,
    "selection_text": callrules.selection_text,
    "selection_html": callrules.selection_html,
    "selection_frame": callrules.selection_frame,
    "reason_text": callrules.reason_text,
    "problem_text": callrules.problem_text,
    **{f"rules.{name}": _first(getattr(rules, name), RULE_REST.get(name, ()))
       for name in rules.__all__},
    "rules.compare(cmp)": lambda a: rules.compare("id", a, "x"),
    "rules.rule(check)": lambda a: rules.rule("c", a),
    "rules.each(rule)": lambda a: rules.each("visitors", a),
    "split(total)": lambda a: callrules.split(a, [1, 2]),
    "split(ratios)": lambda a: callrules.split(callrules.Money("10.00", "EUR"), a),
    "split(unit)": lambda a: callrules.split(callrules.Money("10.00", "EUR"), [1], unit=a),
    "plan(call)": lambda a: callrules.plan(a, eligible_dict()),
    "plan(application)": lambda a: callrules.plan(CALL, a),
    "plan(now)": lambda a: callrules.plan(CALL, eligible_dict(), now=a),
}
#: Names of ``callrules.__all__`` outside the law, and why: they are built by the library
#: and returned (reports, findings, selections, the loaded call), are exceptions, take no
#: argument, or are pydantic models whose own ``__init__`` raises pydantic's
#: ``ValidationError`` (read an application from data with ``parse_application`` or
#: ``Call.parse``, which give InputError: overriding ``__init__`` would make pydantic-core
#: call it for every nested model, slowing every read).
EXEMPT = {
    "Application", "Approval", "Budget", "BudgetLine", "Document", "ExchangeRate", "Host",
    "Institution", "Location", "Person", "Stay", "Unit", "Visitor",
    "BatchItem", "BatchResult", "Call", "Clause", "Criterion", "Decision", "Evaluation",
    "Finding", "Milestone", "Phase", "PortfolioLimit", "Reason", "Replay", "Report", "Scale",
    "ScoreProblem", "ScoreRow", "ScoreSheet", "Selection", "SelectionEntry", "SelectionReplay",
    "SelectionRules", "Severity", "ZoneSuggestion", "InputProblem",
    "ArgumentError", "CallrulesError", "CurrencyMismatchError", "DefinitionError", "InputError",
    "MissingExchangeRateError", "NotAFolderError", "TimeError", "UnknownCallError",
    "NoRateError", "NoRoomError", "KeysUnreadableError", "BatchStateError", "UnknownIdError",
    "BudgetPlan",
    "PlannedLine",
    "__version__", "calls", "rules", "languages",
}


class _RaisingZone(tzinfo):
    def utcoffset(self, dt: datetime | None) -> timedelta:
        raise RuntimeError("no offset")

    def dst(self, dt: datetime | None) -> None:
        return None


class _DayAndMoreZone(tzinfo):
    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(hours=30)  # (Python refuses an offset of a day or more)

    def dst(self, dt: datetime | None) -> None:
        return None


_NoModule = type("NoModule", (), {"__module__": None})
try:
    import pandas
    _NAT: list[object] = [pandas.NaT]
    #: Columns, whose truth and whose ``==`` are columns too (numpy's "truth value of an
    #: array is ambiguous"): a column of languages given as a locale, of choices as one.
    _COLUMNS: list[object] = [pandas.Series(["fr", "en"]), pandas.Series(["x"]).to_numpy()]
except ImportError:  # pragma: no cover (pandas is a test dependency)
    _NAT = _COLUMNS = []
class _Other(pydantic.BaseModel):
    """A model of the caller's, not of the library: neither a rule nor an application."""

    id: str = "A-1"


#: Values that raise when asked what they are (their offset, their class's module).
UNASKABLE: list[object] = [datetime(2026, 1, 1, tzinfo=_RaisingZone()),
                           datetime(2026, 1, 1, tzinfo=_DayAndMoreZone()), _NoModule(),
                           *_NAT, *_COLUMNS]


def outcome(function: Callable[..., object], value: object) -> None:
    """Call ``function`` with ``value``: it returns, or raises a CallrulesError."""
    with contextlib.suppress(callrules.CallrulesError):
        function(value)


def _throw(error: Exception) -> None:
    raise error


def _raised(action: Callable[[], object]) -> callrules.CallrulesError:
    """The error ``action`` raises."""
    with pytest.raises(callrules.CallrulesError) as caught:
        action()
    return caught.value


class TestErrorsAcrossProcesses:
    @pytest.mark.parametrize("action", [
        lambda: callrules.evaluate(CALL, "{"),
        lambda: CALL.parse({**eligible_dict(), "visitors": "none"}),
        lambda: callrules.Call.from_dict({"id": "x"}),
        lambda: calls.load("no-such-call"),
        lambda: rules.contains(3, "x"),
        lambda: callrules.evaluate(CALL, eligible_dict(), now="tomorrow"),
        lambda: _throw(callrules.MissingExchangeRateError("BRL", "EUR")),
        lambda: _throw(callrules.NoRateError("travel", ("BR", "FR"), date(2026, 6, 1))),
        lambda: _throw(UnknownIdError("visitor", "v9")),
        lambda: calls.register_folder("/nowhere/at/all"),
        lambda: callrules.evaluate_stream(CALL, [], progress=False).corrections(),
        lambda: _throw(callrules.NoRoomError(400_000)),
        lambda: _throw(callrules.KeysUnreadableError()),
    ], ids=["input", "parse", "definition", "unknown call", "rule", "time", "rate", "table",
            "id", "folder", "batch", "no room", "keys unreadable"])
    def test_an_error_pickles_to_the_same_error(self, action: Callable[[], object]) -> None:
        """An error raised in a Dask worker or another process reaches the caller as the
        same typed error: pickled, of the same type, with the same text, words, problems
        and place (before, InputError, DefinitionError and four more could not be
        unpickled: their ``__init__`` takes other arguments than ``args``)."""
        error = _raised(action)
        str(error)  # (what is worked out when it is said is worked out before it is pickled)
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error) and copy.args == error.args
        assert str(copy) == str(error) and copy.words == error.words
        assert getattr(copy, "problems", None) == getattr(error, "problems", None)
        assert getattr(copy, "loc", None) == getattr(error, "loc", None)


class TestABatchAskedWhatItCannotGive:
    """A batch being evaluated asked for a record once it stopped, or for its corrections
    once closed or before its end: the batch's own state, a :class:`BatchStateError` said
    in words in each language, never the caller's argument's fault (``ArgumentError``) nor
    English alone (``RuntimeError``)."""

    @staticmethod
    def _stopped_next() -> None:
        def records() -> Any:
            yield eligible_dict()
            raise callrules.ArgumentError("the records stop here")
        stream = callrules.evaluate_stream(CALL, records(), progress=False)
        with contextlib.suppress(callrules.ArgumentError):
            list(stream)
        next(stream)

    @staticmethod
    def _closed_corrections() -> None:
        stream = callrules.evaluate_stream(CALL, [eligible_dict()] * 2, progress=False)
        next(stream)
        stream.close()
        stream.corrections()

    @pytest.mark.parametrize(("code", "action"), [
        ("batch_stopped", _stopped_next),
        ("batch_closed", _closed_corrections),
        ("batch_not_read", lambda: callrules.evaluate_stream(
            CALL, [eligible_dict()], progress=False).corrections()),
    ], ids=["stopped", "closed", "not read"])
    def test_typed_and_said_in_words_in_each_language(
            self, code: str, action: Callable[[], object]) -> None:
        """Each state: its code, a ``RuntimeError`` still (as before), never an
        ``ArgumentError``; four different sentences, words only."""
        error = _raised(action)
        assert isinstance(error, callrules.BatchStateError) and error.code == code
        assert isinstance(error, RuntimeError)
        assert not isinstance(error, (callrules.ArgumentError, ValueError))
        said = {lang: error.message_in(lang) for lang in ("en", "fr", "es", "pt")}
        assert len(set(said.values())) == 4
        for text in said.values():
            assert code_tokens(text) == [], text

    def test_a_stopped_batch_says_to_run_it_whole_for_its_rules_spanning_applications(
            self) -> None:
        """A batch stopped on an error (its records failed, or the keys of its rules spanning
        applications could not be kept) tells where to start again, and that the findings of
        those rules need the whole batch: started again from the first application not
        judged, a duplicate of an earlier one is never found."""
        error = _raised(self._stopped_next)
        for lang, whole in (("en", "or whole"), ("fr", "ou en entier"), ("es", "o entero"),
                            ("pt", "ou inteiro")):
            assert whole in error.message_in(lang), error.message_in(lang)

    def test_a_batch_read_whole_without_rules_spanning_applications_has_none_closed(
            self) -> None:
        """A call with no rule spanning applications keeps no key: read whole, then closed
        (the end of its ``with`` block), its corrections are none, ``[]``, as unclosed — never
        ``batch_closed``, whose words say the keys are gone (att78 F5: in four languages).
        One not read whole is ``batch_closed`` still."""
        data = tomllib.loads(Path("src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8"))
        data["rules"] = [rule for rule in data["rules"] if "unique" not in json.dumps(rule)]
        call = callrules.Call.from_dict(data)
        with callrules.evaluate_stream(call, [eligible_dict()] * 3, progress=False) as stream:
            assert len(list(stream)) == 3
        assert stream.corrections() == []
        stream = callrules.evaluate_stream(call, [eligible_dict()] * 3, progress=False)
        next(stream)
        stream.close()
        with pytest.raises(callrules.BatchStateError) as closed:
            stream.corrections()
        assert closed.value.code == "batch_closed"

    @settings(max_examples=60)
    @given(st.one_of(st.sampled_from(["batch_stopped", "batch_closed", "batch_not_read"]),
                     st.text(max_size=30), WRONG))
    @example("something else")
    def test_one_built_with_any_code_is_that_state_or_refused_naming_the_three(
            self, code: Any) -> None:
        """Law: built by hand with any code, a :class:`BatchStateError` is that state, said
        in words, or refused with an :class:`ArgumentError` naming the three codes, in each
        language (before: another text raised a bare ``KeyError``, a list a ``TypeError``)."""
        try:
            error = callrules.BatchStateError(code)
        except callrules.ArgumentError as refused:
            for lang in ("en", "fr", "es", "pt"):
                said = refused.message_in(lang)
                assert all(state in said for state in (
                    "batch_stopped", "batch_closed", "batch_not_read")), said
        else:
            assert error.code == code and error.message_in("fr") != str(error)


class TestTypedErrors:
    @pytest.mark.parametrize("name", sorted(PUBLIC))
    # registries: what register_folder or register_set took is undone after the test (an
    # empty text registers the working folder, whose pyproject.toml then reads as a call)
    @settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(value=WRONG)
    def test_a_public_function_raises_only_callrules_errors(
            self, name: str, value: object, registries: None) -> None:
        """Law: given any value of any type, a public function returns or raises a
        CallrulesError."""
        outcome(PUBLIC[name], value)

    @pytest.mark.parametrize("name", sorted(PUBLIC))
    def test_a_value_that_cannot_be_asked_what_it_is_raises_only_callrules_errors(
            self, name: str, registries: None) -> None:
        """Law: a value whose own methods raise when an error's words are built (a date and
        time whose zone raises or gives 30 hours, ``pandas.NaT``, a class whose module is
        not text) is refused by a CallrulesError, never an error of its own (before, 77 of
        att49a's 177 calls raised pandas' or Python's ValueError, one an AttributeError)."""
        for value in UNASKABLE:
            outcome(PUBLIC[name], value)

    @pytest.mark.parametrize("value", UNASKABLE)
    def test_a_call_named_by_a_value_that_cannot_be_written_is_still_read(
            self, value: object) -> None:
        """``source``, the name a call's messages give it, of a value whose text raises:
        the call is read, named by the value's kind (before, Python's ValueError)."""
        loaded = callrules.Call.from_dict(CALL.definition.model_dump(mode="json",
                                                                     exclude_unset=True),
                                          source=value)  # type: ignore[arg-type]
        assert loaded.source

    @pytest.mark.parametrize("value", [*UNASKABLE[:3], *_NAT])
    @pytest.mark.parametrize("entry", ["records_from_csv", "evaluate_many(records)",
                                       "evaluate_stream(records)"])
    def test_rows_that_cannot_be_asked_what_they_are_are_refused_not_read(
            self, entry: str, value: object) -> None:
        """Rows given as one such value are refused by an ArgumentError, not read as one
        unreadable record (invented: the error raised while its words were built was taken
        for the caller's rows failing)."""
        assert isinstance(_raised(lambda: PUBLIC[entry](value)), callrules.ArgumentError)

    def test_the_table_covers_every_public_name_that_takes_an_argument(self) -> None:
        """Every name ``callrules`` exports is in the law's table or exempt for a reason
        written above, and so is every function of ``calls`` and ``rules``."""
        named = {key.split("(")[0].split(".")[0] for key in PUBLIC}
        missing = set(callrules.__all__) - named - EXEMPT
        assert not missing, missing
        assert {f"rules.{n}" for n in rules.__all__} <= set(PUBLIC)
        assert {"calls.load", "calls.register_folder", "calls.register_set",
                "calls.shadowed"} <= set(PUBLIC)

    @pytest.mark.parametrize("value", [True, "x", 1, [print]])
    @pytest.mark.parametrize("keyword", ["skipped", "hidden"])
    @pytest.mark.parametrize("read", ["records", "read_scores"])
    def test_a_skipped_or_hidden_that_cannot_be_called_is_refused_before_any_reading(
            self, tmp_path: Path, read: str, keyword: str, value: object) -> None:
        """``skipped=True``: an ArgumentError naming the keyword before any record is read,
        not a TypeError once the first file is skipped (records perhaps already yielded), nor
        nothing at all for a folder with nothing to skip."""
        (tmp_path / "notes.txt").write_text("not read", "utf-8")
        (tmp_path / ".hidden.json").write_text("{}", "utf-8")
        (tmp_path / "a.json").write_text('{"id": "a"}', "utf-8")
        for folder in (tmp_path, ROOT / "examples"):
            with pytest.raises(callrules.ArgumentError, match=f"^{keyword}: "):
                if read == "records":
                    next(callrules.records(folder, **{keyword: value}))  # type: ignore[arg-type]
                else:
                    callrules.read_scores(folder, **{keyword: value})  # type: ignore[arg-type]

    @pytest.mark.parametrize("name", ["\x00", "\ud800", "a\x00b"])
    def test_a_folder_name_no_system_takes_gives_no_shadowed_file(self, name: str) -> None:
        """A folder whose name holds a NUL or a lone surrogate cannot be read: it gives no
        shadowed file (as a folder that does not exist), and one such name given alone, as
        a text, is an ArgumentError (a list of folders is expected)."""
        assert calls.shadowed([name]) == []
        with pytest.raises(callrules.ArgumentError):
            calls.shadowed(name)

    @pytest.mark.parametrize("value", [b"\x00\xff,fr\n", [b"id\n"], io.BytesIO(b"id\n")])
    def test_csv_from_bytes_is_an_argument_error_saying_to_open_in_text_mode(
            self, value: Any) -> None:
        """A binary file given to records_from_csv: ArgumentError naming text mode."""
        with pytest.raises(callrules.ArgumentError, match="text"):
            list(callrules.records_from_csv(value))

    @pytest.mark.parametrize("value", [
        date(2026, 6, 1), "2026-06-01T17:00:00+02:00", None, 1.5,
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))])
    def test_now_that_is_not_an_aware_instant_is_a_time_error(self, value: Any) -> None:
        """evaluate(now=…) and Call.at with a non-datetime: TimeError, a ValueError."""
        for ask in (lambda: callrules.evaluate(CALL, eligible_dict(), now=value),
                    lambda: CALL.at(value)):
            if value is None:
                continue
            with pytest.raises(callrules.TimeError) as info:
                ask()
            assert isinstance(info.value, ValueError)
            assert info.value.code in ("not_a_datetime", "bad_instant")

    def test_a_checklist_format_that_does_not_exist_is_an_argument_error(self) -> None:
        """call.checklist(format="pdf"): ArgumentError, both a ValueError and a TypeError."""
        with pytest.raises(callrules.ArgumentError) as info:
            CALL.checklist("en", format="pdf")  # type: ignore[arg-type]
        assert isinstance(info.value, ValueError) and isinstance(info.value, TypeError)
        assert info.value.code == "bad_argument"


class TestStructuresJsonCannotHold:
    @pytest.mark.parametrize("shape", ["cycle", "deep"])
    def test_a_cyclic_or_deep_dict_is_an_input_error_everywhere(self, shape: str) -> None:
        """An application dict holding itself, or nested 5,000 deep, is an InputError for
        evaluate, plan and decision_record alike (it was a ValueError from the record)."""
        app = eligible_dict()
        if shape == "cycle":
            app["fields"] = {"self": app}
        else:
            deep: dict[str, Any] = {}
            current = deep
            for _ in range(5000):
                current["a"] = {}
                current = current["a"]
            app["visitors"][0]["fields"] = deep
        for ask in (lambda: callrules.evaluate(CALL, app, now=NOW),
                    lambda: callrules.plan(CALL, app, now=NOW),
                    lambda: callrules.decision_record(CALL, app, now=NOW)):
            with pytest.raises(callrules.InputError):
                ask()


PANEL = Path(__file__).resolve().parent.parent / "docs" / "examples" / "panel"
SELECTION = callrules.select(CALL, callrules.records(PANEL / "applications.jsonl"),
                             PANEL / "scores.csv", envelope=callrules.Money("6000", "EUR"),
                             now=NOW)
PLAN = callrules.plan(CALL, eligible_dict(), now=NOW)
BATCH = callrules.evaluate_many(CALL, [eligible_dict()], now=NOW)
FAILED = callrules.evaluate(CALL, {**eligible_dict(), "submitted_at": "2026-07-01T00:00:00Z"},
                            now=NOW)

#: An instance of every exported class with methods of its own, and of the objects public
#: functions and methods return (a report's findings, a plan's lines, a batch's items, a
#: selection's entries and replay…): the law calls every public method of each.
INSTANCES: dict[str, object] = {
    "Call": CALL, "Report": FAILED, "Finding": FAILED.findings[0],
    "Milestone": CALL.timeline["deadline"], "BudgetPlan": PLAN, "PlannedLine": PLAN.lines[0],
    "BatchResult": BATCH, "BatchItem": BATCH[0], "Replay": callrules.replay(RECORD),
    "Money": callrules.Money("1.00", "EUR"), "InputProblem": callrules.InputProblem((), "x", "y"),
    "Selection": SELECTION, "SelectionEntry": SELECTION.entries[0],
    "SelectionReplay": callrules.replay_selection(callrules.selection_record(SELECTION)),
    "ZoneSuggestion": callrules.suggest_zone("BR"),
    "SelectionRules": callrules.selection_rules(CALL),
    "Scale": callrules.selection_rules(CALL).criteria[0].scale,
    "Reason": SELECTION.entries[0].reasons[0],
    "Evaluation": callrules.evaluate_stream(CALL, [eligible_dict()], now=NOW),
}
#: Exported classes outside this law, and why: their methods are those of pydantic models
#: (an application's parts, read with parse_application), of enumerations, of exceptions,
#: or they hold data only (ScoreProblem's to_dict takes no argument); ``Call.labels``,
#: ``Call.form`` and ``Call.program`` are the call's working parts, which the library
#: calls, not a caller.
METHODS_EXEMPT = {
    "Application", "Approval", "Budget", "BudgetLine", "Document", "ExchangeRate", "Host",
    "Institution", "Location", "Person", "Stay", "Unit", "Visitor",
    "Decision", "Phase", "Severity", "Criterion", "PortfolioLimit", "ScoreProblem",
    "ScoreRow", "ScoreSheet", "Clause",
    "ArgumentError", "CallrulesError", "CurrencyMismatchError", "DefinitionError",
    "InputError", "MissingExchangeRateError", "NotAFolderError", "TimeError",
    "UnknownCallError", "NoRateError", "NoRoomError", "KeysUnreadableError", "BatchStateError",
    "UnknownIdError",
}
#: Values no method takes: of every kind, huge, and a number whose arithmetic is slow.
HOSTILE = st.one_of(WRONG, st.sampled_from([
    10 ** 50, -(10 ** 50), 3_000_000, 1.5, Decimal("1E+999999"), Decimal("sNaN"), "\ud800",
    True, float("nan")]))


def _own_methods() -> list[tuple[str, str, str]]:
    """(class, method, parameter) for each parameter of each public method of
    :data:`INSTANCES` that callrules defines (not one inherited from Python's own types)."""
    import inspect

    found = []
    for kind, instance in INSTANCES.items():
        for name in dir(type(instance)):
            owner = next((k for k in type(instance).__mro__ if name in vars(k)), None)
            if name.startswith("_") or owner is None or not owner.__module__.startswith(
                    "callrules"):
                continue
            member = getattr(instance, name)
            if not callable(member) or isinstance(member, type):
                continue
            for parameter in inspect.signature(member).parameters.values():
                if parameter.kind not in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                    found.append((kind, name, parameter.name))
    return found


METHODS = _own_methods()
#: The valid value of each parameter, so that the hostile one is the only wrong one.
VALID: dict[str, object] = {"locale": "en", "zone": None, "finding": FAILED.findings[0],
                            "lang": "en", "format": "text"}


class TestMethodsOfReturnedObjects:
    @pytest.mark.parametrize(("kind", "method", "parameter"), METHODS)
    @settings(max_examples=25, deadline=None)
    @given(value=HOSTILE)
    def test_a_public_method_raises_only_callrules_errors(
            self, kind: str, method: str, parameter: str, value: object) -> None:
        """Law: every public method of the objects callrules returns, given any value of
        any type (None, floats, huge numbers, Decimal('1E+999999'), text, truth values) in
        any parameter, returns or raises a CallrulesError, quickly (a file it writes goes
        to a folder of its own)."""
        import inspect
        import os
        import tempfile

        member = getattr(INSTANCES[kind], method)
        arguments: dict[str, object] = {}
        for name, spec in inspect.signature(member).parameters.items():
            if name == parameter:
                arguments[name] = value
            elif spec.default is spec.empty and name in VALID:
                arguments[name] = VALID[name]
        with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
            try:
                member(**arguments)
            except callrules.CallrulesError:
                pass
            except TypeError as exc:  # only for a parameter this table cannot fill
                assert "required" in str(exc) and "missing" in str(exc), exc
            assert os.getcwd() == os.path.realpath(folder)

    def test_every_exported_class_with_methods_is_in_the_law(self) -> None:
        """Every class ``callrules`` exports has an instance in the law's table or is exempt
        for a reason written above; the law calls each of Milestone.shifted's offsets."""
        classes = {name for name in callrules.__all__
                   if isinstance(getattr(callrules, name), type)}
        assert classes - set(INSTANCES) - METHODS_EXEMPT == set()
        assert {("Milestone", "shifted", p) for p in ("years", "months", "days")} <= set(
            METHODS)


class TestShiftedMilestones:
    @given(st.sampled_from(["years", "months", "days"]),
           st.one_of(st.integers(), st.decimals(), st.floats(), st.none(), st.text(),
                     st.booleans()))
    def test_an_offset_is_a_whole_number_within_the_bound_of_call_files(
            self, unit: str, value: Any) -> None:
        """Law: Milestone.shifted takes a whole number from -1000 to 1000 of each unit
        (the bound of a call file's offsets); anything else is an ArgumentError naming the
        unit, before any arithmetic; a move past the calendar is date_out_of_calendar."""
        milestone = CALL.timeline["deadline"]
        fine = isinstance(value, int) and not isinstance(value, bool) and abs(value) <= 1000
        try:
            moved = milestone.shifted(**{unit: value})
        except callrules.ArgumentError as exc:
            assert not fine or exc.code == "date_out_of_calendar"
            assert exc.code in ("bad_offset", "date_out_of_calendar")
            assert unit in str(exc) or exc.code == "date_out_of_calendar"
        else:
            assert fine
            assert moved.precision == milestone.precision

    def test_a_milestone_moved_past_the_calendar_is_a_typed_error(self) -> None:
        """A milestone in 9990 moved 1000 years on: date_out_of_calendar, not ValueError."""
        late = callrules.Milestone("end", datetime(9990, 1, 1, tzinfo=UTC), "day")
        with pytest.raises(callrules.ArgumentError) as caught:
            late.shifted(years=1000)
        assert caught.value.code == "date_out_of_calendar"
        with pytest.raises(callrules.ArgumentError):
            callrules.Milestone("end", datetime(9999, 12, 5, tzinfo=UTC), "month")


class TestArgumentsOfMethods:
    def test_an_empty_source_is_refused_not_read_as_the_working_folder(
            self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """``records("")`` (an unset variable in a script) is an ArgumentError, as the
        command line refuses an empty FILE: it read the working folder as the batch
        (attack 28a: 929,263 records of a scratch folder)."""
        monkeypatch.chdir(tmp_path)
        (tmp_path / "a.json").write_text("{}", "utf-8")
        with pytest.raises(callrules.ArgumentError, match="empty"):
            list(callrules.records(""))
        assert len(list(callrules.records("."))) == 1  # (the folder, when it is named)

    @pytest.mark.parametrize(("name", "start", "precision"), [
        (None, datetime(2026, 6, 1, tzinfo=UTC), "day"),
        ("end", datetime(2026, 6, 1), "day"),
        ("end", date(2026, 6, 1), "day"),
        ("end", datetime(2026, 6, 1, tzinfo=UTC), "week")])
    def test_a_milestone_is_built_from_a_name_an_aware_start_and_a_precision(
            self, name: Any, start: Any, precision: Any) -> None:
        """Milestone(...) with a name that is not text, a naive or date start, or an unknown
        precision: ArgumentError naming what was expected."""
        with pytest.raises(callrules.ArgumentError):
            callrules.Milestone(name, start, precision)

    @pytest.mark.parametrize("path", ["", "a\x00b", "\ud800.xlsx", "no/such/folder/x.xlsx", 3])
    def test_a_workbook_path_that_cannot_be_written_is_an_argument_error(
            self, path: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """BatchResult.to_xlsx with an empty name, a NUL, an unencodable name, a missing
        folder or a number: ArgumentError (cannot_write, or bad_argument for the number)."""
        pytest.importorskip("openpyxl")
        monkeypatch.chdir(tmp_path)
        with pytest.raises(callrules.ArgumentError) as caught:
            BATCH.to_xlsx(path)
        assert caught.value.code == ("bad_argument" if path == 3 else "cannot_write")
        assert list(tmp_path.iterdir()) == []

    @pytest.mark.parametrize("stream", [
        lambda tmp: io.StringIO(),
        lambda tmp: open(tmp / "w.xlsx", "w", encoding="utf-8"),  # noqa: SIM115 - closed below
        lambda tmp: io.TextIOWrapper(io.BytesIO(), encoding="utf-8")])
    def test_a_text_stream_is_no_workbook_file_and_says_what_was_expected(
            self, stream: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """BatchResult.to_xlsx into a text stream (a StringIO, a file open as text): an
        ArgumentError that names a binary file, nothing written, nothing on standard error;
        a binary stream still takes the workbook."""
        pytest.importorskip("openpyxl")
        handle = stream(tmp_path)
        with handle, pytest.raises(callrules.ArgumentError) as caught:
            BATCH.to_xlsx(handle)
        assert caught.value.code == "bad_argument" and "binary" in str(caught.value)
        assert capsys.readouterr().err == ""
        binary = io.BytesIO()
        BATCH.to_xlsx(binary)
        assert binary.getvalue().startswith(b"PK")

    def test_an_id_that_names_no_entry_is_an_argument_error_and_a_key_error(self) -> None:
        """Selection.entry and SelectionRules.criterion with an unknown id: unknown_id, still
        caught by ``except KeyError``."""
        for lookup in (SELECTION.entry, callrules.selection_rules(CALL).criterion):
            with pytest.raises(KeyError) as caught:
                lookup("nobody")
            assert isinstance(caught.value, callrules.ArgumentError)
            assert caught.value.code == "unknown_id"
            assert "nobody" in str(caught.value)

    @pytest.mark.parametrize("indent", [None, 0, 4, 16])
    def test_a_report_is_written_with_any_indent_from_0_to_16(self, indent: Any) -> None:
        """Report.to_json takes None and 0 to 16; 17, -1, 1.5, True are ArgumentErrors."""
        assert json.loads(FAILED.to_json(indent=indent))["eligible"] is False
        for wrong in (17, -1, 1.5, True):
            with pytest.raises(callrules.ArgumentError, match="indent"):
                FAILED.to_json(indent=wrong)


class _Table:
    """A table as polars has them: iterating it gives its columns, not its rows."""

    columns = ("id", "call")

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows

    def __iter__(self) -> Any:
        return iter(self.columns)

    def to_dicts(self) -> list[dict[str, Any]]:
        return self.rows


class TestTablesGivenAsABatch:
    @settings(max_examples=10, deadline=None)
    @given(count=st.integers(0, 3), kind=st.sampled_from(["pandas", "polars-like"]),
           entry=st.sampled_from(["evaluate_many", "evaluate_stream"]))
    def test_a_table_is_refused_saying_to_give_its_rows(self, count: int, kind: str,
                                                        entry: str) -> None:
        """Law: a DataFrame (pandas, or any table whose iteration gives its column names)
        given where a batch is expected is an ArgumentError saying to give its rows
        (``df.to_dict("records")``), as a dict or a text is — never one unreadable result
        per column name (attacker 18b F5: 2 applications in, 11 "not valid JSON" out)."""
        rows = [{**eligible_dict(), "id": f"n{n}"} for n in range(count)]
        if kind == "pandas":
            pandas = pytest.importorskip("pandas")
            table: Any = pandas.DataFrame(rows, columns=list(eligible_dict()))
        else:
            table = _Table(rows)
        calling = {"evaluate_many": lambda: callrules.evaluate_many(CALL, table, now=NOW),
                   "evaluate_stream": lambda: list(callrules.evaluate_stream(CALL, table,
                                                                             now=NOW))}[entry]
        with pytest.raises(callrules.ArgumentError) as refused:
            calling()
        assert 'df.to_dict("records")' in str(refused.value)
        assert refused.value.words is not None and refused.value.words[0] == "argument_table"
        assert_argument_in_words(refused.value)  # (said a table, its rows asked for, in words)
        records = table.to_dict("records") if kind == "pandas" else table.to_dicts()
        assert len(callrules.evaluate_many(CALL, records, now=NOW)) == count


    @pytest.mark.parametrize(("entry", "words", "advice"), [
        (lambda t: callrules.records_from_csv(t), "argument_table_csv", "df.to_csv(index=False)"),
        (lambda t: calls.shadowed(t), "argument_table_items", "column names"),
        (lambda t: callrules.Money.total(t, "EUR"), "argument_table_items", "column names"),
        (lambda t: callrules.decision_record(CALL, {}, batch=t, now=NOW), "argument_table_items",
         "column names"),
    ], ids=["records_from_csv", "calls.shadowed", "Money.total", "decision_record"])
    def test_a_table_where_no_records_are_wanted_is_not_told_to_give_records(
            self, entry: Callable[[Any], object], words: str, advice: str) -> None:
        """A table given where CSV text, folders, amounts or findings are wanted is refused
        saying what is wanted there, never "give its rows, such as df.to_dict('records')",
        which that place refuses in turn (att52a: 4 of the 8 places that read a batch)."""
        with pytest.raises(callrules.ArgumentError) as refused:
            entry(_Table([{"id": "a"}]))
        assert refused.value.words is not None and refused.value.words[0] == words
        assert "to_dict" not in str(refused.value) and advice in str(refused.value)
        assert all("to_dict" not in refused.value.message_in(lang)
                   for lang in ("en", "fr", "es", "pt"))
        assert_argument_in_words(refused.value)


class TestJsonEncodedTwice:
    """Applications written as JSON text inside a JSON string (``json.dumps`` of text
    already JSON, a log shipper storing a body as a string) are one problem saying what the
    text is and what to do, every way in; they were "An application is a JSON object."."""

    @pytest.mark.parametrize("layout", ["json lines", "array", "one", "one, padded"])
    def test_json_in_a_string_is_said_to_be_encoded_twice(self, layout: str) -> None:
        apps = [eligible_dict(), eligible_dict()]
        inner = {"json lines": "\n".join(json.dumps(a) for a in apps),
                 "array": json.dumps(apps), "one": json.dumps(apps[0]),
                 "one, padded": "\n " + json.dumps(apps[0], indent=2) + "\n"}[layout]
        text = json.dumps(inner)
        call = calls.load("cnrs-amsud-2026")
        with pytest.raises(callrules.InputError) as info:
            callrules.evaluate(call, text)
        (found,) = info.value.problems
        assert found.type == "json_in_a_string"
        words = {lang: found.message(lang) for lang in ("en", "fr", "es", "pt")}
        assert len(set(words.values())) == 4 and "Decode it once" in words["en"]

    @pytest.mark.parametrize("text", ['"hello"', '"{not json"', '"[1, 2"', '"{}x"'])
    def test_a_string_that_holds_no_json_is_no_application(self, text: str) -> None:
        with pytest.raises(callrules.InputError) as info:
            callrules.evaluate(calls.load("cnrs-amsud-2026"), text)
        assert [p.type for p in info.value.problems] == ["not_an_object"]


#: A result of each kind callrules returns, to build again by hand with one argument wrong.
BATCH = callrules.evaluate_many(CALL, [{**eligible_dict(), "submitted_at":
                                        "2026-07-01T00:00:00Z"}, "{"], progress=False)
BUILT: dict[str, Callable[..., object]] = {
    "BatchItem": lambda **changed: dataclasses.replace(BATCH[0], **changed),
    "BatchItem (error)": lambda **changed: dataclasses.replace(BATCH[1], **changed),
    "Report": lambda **changed: dataclasses.replace(FAILED, **changed),
    "Finding": lambda **changed: dataclasses.replace(FAILED.findings[0], **changed),
    "InputProblem": lambda **changed: dataclasses.replace(
        BATCH[1].error.problems[0], **changed),  # type: ignore[union-attr]
    "BatchResult": lambda **changed: callrules.BatchResult(**changed),
    "InputError": lambda **changed: callrules.InputError(**{
        "problems": BATCH[1].error.problems, **changed}),  # type: ignore[union-attr]
}
FIELDS = [(kind, name) for kind in BUILT for name in (
    ("problems", "source") if kind == "InputError" else ("items",) if kind == "BatchResult"
    else [f.name for f in dataclasses.fields(BUILT[kind]())  # type: ignore[arg-type]
          if f.init])]  # (the fields a caller gives: not a finding's table of words)
#: Each way a result is shown or told.
SHOWN = ("__str__", "__repr__", "render", "to_dict", "to_json", "html", "rows", "message",
         "path", "pointer", "eligible", "errors", "warnings", "failed_clauses", "by_field",
         "reports", "input_errors", "all_eligible", "clause_failures", "ok", "__len__")


def _holding_itself() -> list[object]:
    looped: list[object] = [1]
    looped.append(looped)
    return looped


def _nested(depth: int) -> list[object]:
    value: list[object] = []
    for _ in range(depth):
        value = [value]
    return value


#: Values a result carries that no reader gives, to put inside an argument.
INNER_VALUES: list[object] = [
    datetime(2026, 1, 1), Decimal("sNaN"), Decimal("NaN"), Decimal("-Infinity"),
    float("inf"), 10 ** 5000, -(10 ** 4300), Decimal("1E+100000"), Decimal("1E+999999"),
    Decimal("9" * 5000), Decimal("1E-999999"), 10 ** 4299, "%", "%(limit)d",
    "%(limit)999999s", "{limit}", None, b"x", _holding_itself(), _nested(150),
    {1: "x"}, {10 ** 5000: "x"}, object(), Decimal(1), date(2026, 1, 1)]


class _Unwritable:
    """An object of a caller's whose text cannot be written."""

    def __str__(self) -> str:
        raise RuntimeError("no text")


class _Unrepresented:
    """An object of a caller's whose ``repr`` raises."""

    def __repr__(self) -> str:
        raise RuntimeError("no repr")


#: Values a result could not show: objects whose text raises, money built past its
#: constructor.
UNSHOWN: list[object] = [_Unwritable(), _Unrepresented(), object.__new__(Money),
                         Money._trusted(Decimal("NaN"), "EUR"),
                         Money._trusted(Decimal("1E+5000"), "EUR")]
INNER = st.sampled_from(INNER_VALUES)
#: Ways to hold a value: bare, or inside a list or a mapping (under the names a finding's
#: context, a template and an input problem's context use).
HOLDERS: tuple[Callable[[object], object], ...] = (
    lambda v: v, lambda v: [v], lambda v: [[1, v]], lambda v: {"limit": v},
    lambda v: {"limit": [v]}, lambda v: {"en": v}, lambda v: {"fr": "x", "en": v},
    lambda v: {"count": v}, lambda v: {"limit": {"a": v}})
NESTED = st.one_of(HOSTILE, st.tuples(INNER, st.sampled_from(HOLDERS)).map(
    lambda pair: pair[1](pair[0])))
LANGUAGES = ("fr", "en", "es", "pt")


def shown_every_way(built: object) -> None:
    """Show ``built`` as text, in words in each language, as JSON (``json.dumps`` of its
    dict), as text, HTML and rows: a CallrulesError is allowed (a method refusing an
    argument), no other exception, each way within a second."""
    import time

    ways: list[Callable[[], object]] = [lambda: str(built), lambda: repr(built)]
    for way in SHOWN:
        member = getattr(type(built), way, None)
        if member is None:
            continue
        ways.append(lambda way=way: (lambda got: got() if callable(got) else got)(
            getattr(built, way)))
    for lang in LANGUAGES:
        for way in ("message", "render", "html", "rows", "to_json"):
            if callable(getattr(built, way, None)):
                ways.append(lambda way=way, lang=lang: getattr(built, way)(lang))
        if callable(getattr(built, "to_dict", None)):
            ways.append(lambda lang=lang: json.dumps(built.to_dict(lang)))  # type: ignore[attr-defined]
    for show in ways:
        start = time.perf_counter()
        with contextlib.suppress(callrules.CallrulesError):
            show()
        assert time.perf_counter() - start < 1.0


def assert_said_in_words(error: callrules.ArgumentError) -> None:
    """``error`` carries words, said in each of the four languages differently, none
    holding a code token or the name of a class."""
    assert error.words is not None, str(error)
    said = {lang: phrase_sentence(error.words[0], lang, **error.words[1])
            for lang in LANGUAGES}
    assert len(set(said.values())) == 4, said
    for lang, text in said.items():
        assert code_tokens(text) == [], (lang, text)
        assert not re.search(r"[A-Z][a-z]+[A-Z]|%\(|[()]\w*[()]", text), (lang, text)
        assert not any(word in text for word in ("Finding", "Report", "BatchItem",
                                                  "InputError", "InputProblem", "None")), \
            (lang, text)


class TestResultsBuiltByHand:
    @pytest.mark.parametrize(("kind", "name"), FIELDS)
    @settings(max_examples=20, deadline=None)
    @given(value=st.one_of(HOSTILE, st.sampled_from([
        (), ("x",), (None,), [FAILED.findings[0]], (FAILED.findings[0], None), (1, "x"),
        BATCH[0], FAILED, FAILED.findings[0], BATCH[1].error, "error", "warning",
        datetime(2026, 1, 1)])))
    def test_a_result_built_with_a_wrong_argument_is_refused_or_shown(
            self, kind: str, name: str, value: object) -> None:
        """Law: a result built by hand (``BatchItem('x', None)`` and its kin: reports,
        findings, problems, input errors, batches), any one argument of any kind, is either
        refused where it is built with a CallrulesError, or shown every way (text, HTML,
        JSON, rows, messages) without any other exception: never an AssertionError or an
        AttributeError from inside the library."""
        try:
            built = BUILT[kind](**{name: value})
        except callrules.CallrulesError:
            return
        for way in SHOWN:
            if not hasattr(type(built), way):
                continue
            try:
                shown = getattr(built, way)
                if callable(shown):
                    shown()
            except callrules.CallrulesError:
                pass

    @pytest.mark.parametrize(("kind", "name"), FIELDS)
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(value=NESTED)
    def test_a_value_inside_an_argument_is_refused_or_shown_every_way(
            self, kind: str, name: str, value: object) -> None:
        """Law: any field of a result built by hand, given a hostile value (a naive
        instant, a number no reader reads, a signalling NaN, a wording that is no template,
        a list holding itself or nested too deep), bare or inside a list or a mapping (its
        ``input``, its ``ctx``, its ``template``), is refused where it is built with a
        CallrulesError naming the argument, or shown every way (text, messages in the four
        languages, JSON, text, HTML and rows) without any other exception, each in a
        second or less."""
        try:
            built = BUILT[kind](**{name: value})
        except callrules.CallrulesError as error:
            assert f"{kind.split()[0]}(" in str(error) or kind.startswith("Batch")
            return
        shown_every_way(built)

    @pytest.mark.parametrize(("kind", "name"), [
        ("Finding", "input"), ("Finding", "ctx"), ("Finding", "template"),
        ("InputProblem", "input"), ("InputProblem", "ctx")])
    def test_every_hostile_value_in_every_holder_is_refused_or_shown(
            self, kind: str, name: str) -> None:
        """The same law, exhaustively for the arguments that carry values: each hostile
        value in each holder."""
        for value in INNER_VALUES:
            for hold in HOLDERS:
                try:
                    built = BUILT[kind](**{name: hold(value)})
                except callrules.CallrulesError as error:
                    assert f"{kind}(" in str(error)
                    continue
                shown_every_way(built)

    @pytest.mark.parametrize(("kind", "name"), [
        ("Finding", "input"), ("Finding", "ctx"), ("InputProblem", "input")])
    @pytest.mark.parametrize("hold", HOLDERS[:5])
    def test_a_value_that_cannot_be_shown_is_refused_in_words(
            self, kind: str, name: str, hold: Callable[[object], object]) -> None:
        """An object whose text cannot be written (its ``__str__`` or ``__repr__``
        raising) and, in a finding, a ``Money`` built past its constructor (no amount, an
        amount not finite), bare or held in a list or a mapping, are refused where the
        result is built (they raised when it was shown), with words in the four languages
        that name no identifier."""
        for value in UNSHOWN:
            if name == "input" and kind == "InputProblem" and isinstance(value, Money) \
                    and hasattr(value, "amount"):
                continue  # (an input problem shows a value found as its text: it can)
            with pytest.raises(callrules.ArgumentError, match=rf"{kind}\(") as caught:
                BUILT[kind](**{name: hold(value) if name == "input" else {"limit": hold(value)}})
            assert caught.value.words is not None
            for lang in LANGUAGES:
                said = phrase_sentence(caught.value.words[0], lang, **caught.value.words[1])
                assert said and "_" not in said and "Money" not in said, (lang, said)
        assert len({phrase_sentence("value_refused", lang) for lang in LANGUAGES}) == 4

    @pytest.mark.parametrize(("kind", "name"), FIELDS)
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(value=st.one_of(NESTED, st.sampled_from([
        (), ("x",), (None,), [FAILED.findings[0]], (FAILED.findings[0], None), (1, "x"),
        (-1,), (True,), (10 ** 5000,), [], BATCH[0], FAILED, FAILED.findings[0],
        BATCH[1].error, "error", "warning", {"en": ""}, {"en": "%(nope)s"}, {"en": "%"},
        {1: "x"}, {"count": "x"}])))
    def test_every_refusal_of_a_hand_built_result_reads_in_each_language(
            self, kind: str, name: str, value: object) -> None:
        """Law: every ArgumentError a result built by hand raises (any argument of any
        kind: a finding, a report, a batch's item or results, an input problem or error)
        carries words that read differently in French, English, Spanish and Portuguese,
        with no code token (no snake_case value, path, index or class name)."""
        try:
            BUILT[kind](**{name: value})
        except callrules.ArgumentError as error:
            assert_said_in_words(error)
        except callrules.CallrulesError:
            pass

    @pytest.mark.parametrize("build", [
        lambda: callrules.InputError([]),
        lambda: callrules.InputError("x"),  # type: ignore[arg-type]
        lambda: callrules.BatchItem(0, None),
        lambda: callrules.BatchItem(10 ** 5000, FAILED),
        lambda: callrules.BatchResult([1]),  # type: ignore[list-item]
        lambda: callrules.Finding("above_maximum", "budget", "error", ("a",), 1, {},
                                  template={"en": " "}),
        lambda: callrules.Finding("above_maximum", "budget", "error", ("a",), 1, {},
                                  template={"en": "%(nope)s"}),
        lambda: callrules.Finding("above_maximum", "budget", "fatal", ("a",), 1, {}),
        lambda: callrules.InputProblem((), "more_problems", "m", None, {"count": "x"}),
        lambda: FAILED.findings[0].with_prefix(("a", -1)),
        lambda: FAILED.findings[0].with_labels("x"),
    ])
    def test_the_new_refusals_read_in_each_language(self, build: Callable[[], object]
                                                    ) -> None:
        """The refusals added where results are built (an input error listing no problem,
        a template that is empty or names what the finding does not fill, a position out
        of range…) are said in the four languages, not in English only."""
        with pytest.raises(callrules.ArgumentError) as info:
            build()
        assert_said_in_words(info.value)

    def test_a_more_problems_problem_without_its_count_is_refused(self) -> None:
        """An input error of more problems than it lists ends with one counting the others;
        given by hand with no count, or a count that is no whole number, that problem is
        refused where it is built (it raised KeyError or ValueError inside InputError)."""
        listed = [callrules.InputProblem(("a",), "missing", "m")] * 60
        for ctx in ({"x": "1"}, {"count": "abc"}, {"count": "9" * 5000}, {"count": 3},
                    {"count": "²"}, None):
            with pytest.raises(callrules.ArgumentError, match=r"InputProblem\(ctx\)"):
                callrules.InputError([*listed, callrules.InputProblem(
                    (), "more_problems", "m", None, ctx)])  # type: ignore[arg-type]
        error = callrules.InputError([*listed, callrules.InputProblem(
            (), "more_problems", "m", None, {"count": "7"})])
        assert error.problems[-1].ctx == {"count": "17"}
        shown_every_way(error)

    @pytest.mark.parametrize("ctx", [None, {}, {"min_length": "²"}, {"count": "9" * 5000},
                                     {"max_length": "x"}])
    @pytest.mark.parametrize("kind", ["too_short", "too_long", "call_rules"])
    def test_a_counted_problem_without_its_count_is_worded(
            self, kind: str, ctx: dict[str, str] | None) -> None:
        """A problem whose message counts (a list too short) built by hand without its
        count, or with a count that is no number, is worded with ``?`` for it (it raised
        KeyError or ValueError when shown)."""
        shown_every_way(callrules.InputProblem((), kind, "m", None, ctx))
        for lang in LANGUAGES:
            assert callrules.InputProblem((), kind, "m", None, ctx).message(lang)

    def test_an_item_is_a_report_or_an_error_never_neither(self) -> None:
        """``BatchItem(0, None)``: neither a report nor an error, refused in words."""
        with pytest.raises(callrules.ArgumentError, match="either a report"):
            callrules.BatchItem(0, None)
        with pytest.raises(callrules.ArgumentError, match="whole number"):
            callrules.BatchItem("x", None)  # type: ignore[arg-type]

    @pytest.mark.parametrize(("build", "said"), [
        (lambda: callrules.Finding("above_maximum", "budget", "error", ("visitors", 10**5000),
                                   1, {}), "a list position"),
        (lambda: callrules.Finding("above_maximum", "budget", "error", ("visitors", -1), 1,
                                   {}), "a list position"),
        (lambda: callrules.Finding("above_maximum", "budget", "error", (True,), 1, {}),
         "a list position"),
        (lambda: callrules.InputProblem((10**5000,), "missing", "x"), "a list position"),
        (lambda: callrules.InputProblem(("visitors", -2), "missing", "x"), "a list position"),
        (lambda: callrules.BatchItem(10**5000, FAILED), "BatchItem(index)"),
        (lambda: callrules.InputError([]), "at least one InputProblem"),
        (lambda: callrules.Finding("above_maximum", "budget", "error", ("a",), 1, {},
                                   template={"en": ""}), "not an empty one"),
        (lambda: callrules.Finding("above_maximum", "budget", "error", ("a",), 1, {},
                                   template={"en": "  "}), "not an empty one"),
        (lambda: callrules.Finding("above_maximum", "budget", "error", ("a",), 1,
                                   {"limit": 3}, template={"en": "%(nope)s here"}),
         "names %(nope)s, which this finding does not fill"),
    ])
    def test_what_could_not_be_shown_is_refused_where_it_is_built(
            self, build: Callable[[], object], said: str) -> None:
        """A result built by hand with a list position of 5,000 digits (its path, pointer,
        JSON and text raised ValueError), a negative one or ``True`` (``/True``), an input
        error with no problem ("Record 1: UNREADABLE" with no reason), a message template
        that is empty or names a value the finding does not fill ("? here"; a call file
        refuses both) is refused where it is built, in words."""
        with pytest.raises(callrules.ArgumentError) as info:
            build()
        assert said in str(info.value) and len(str(info.value)) < 600

    def test_a_template_naming_what_the_finding_fills_is_taken(self) -> None:
        """The field, the value found and the context's values are filled: a template
        naming them is taken and worded (and one naming the code's own placeholders that
        the finding holds, as a call file's message may)."""
        finding = callrules.Finding(
            "above_maximum", "budget", "error", ("visitors", 0), 5, {"limit": 3, "own": "x"},
            template={"en": "%(Field)s: %(value)s over %(limit)s (%(own)s)"})
        over = callrules.Finding("above_maximum", "budget", "error", ("a",), 5,
                                 {"limit": 3, "excess": 2}, template={"en": "over by %(excess)s"})
        assert "over 3" in finding.message("en") and "?" not in finding.message("en")
        assert over.message("en") == "Over by 2"

    @pytest.mark.parametrize(("code", "ctx", "template"), [
        ("above_maximum", {"limit": 3}, "over by %(excess)s"),
        ("above_maximum", {}, "over the cap of %(limit)s"),
        ("too_late", {}, "%(late_by)s after %(limit)s"),
        ("below_minimum", {"limit": 3}, "short by %(shortfall)s"),
    ])
    def test_a_template_naming_a_value_of_its_code_the_finding_lacks_is_refused(
            self, code: str, ctx: dict[str, object], template: str) -> None:
        """A template naming a value of its code's own sentence (the excess of an amount
        over its cap) that the finding built by hand does not hold would read "?" (as the
        library's sentence for it would): refused where it is built, in words in the four
        languages that name no placeholder."""
        with pytest.raises(callrules.ArgumentError, match="would read") as info:
            callrules.Finding(code, "budget", "error", ("a",), 5, ctx,
                              template={"en": template, "fr": template})
        assert_said_in_words(info.value)
        assert info.value.words is not None
        assert info.value.words[0] == "built_wording_unfilled"


#: A wrong value of each kind a caller passes by mistake: the examples of the law below.
MISTAKES: list[object] = [
    None, True, 0, 1.5, Decimal("1.5"), "", "x", b"x", [], {}, ("a",), {1}, object(),
    datetime(2026, 1, 1), datetime(2026, 1, 1, tzinfo=UTC), date(2026, 1, 1),
    timedelta(days=1), Path("nowhere"), io.StringIO("{}"), iter([1]), len, CALL, *_COLUMNS]
#: The names of Python's classes a reader of French, Spanish or Portuguese is not told.
_CLASS_NAMES = re.compile(r"\b(?:NoneType|int|str|float|dict|tuple|datetime|"
                          r"Decimal|PosixPath|StringIO|list_iterator|builtin_function_or_"
                          r"method|object|set|Call|Money|Selection)\b")


def assert_argument_in_words(error: callrules.CallrulesError) -> None:
    """``error`` carries words, said in French, Spanish and Portuguese with no code token
    but the argument's own name, set as code (between backquotes), and no class name; in
    each of the four languages a sentence that ends with a full stop and never says what
    was given as "not nothing"."""
    assert error.words is not None, str(error)
    for lang in ("en", "fr", "es", "pt"):
        text = error.message_in(lang)
        assert text.endswith("."), (lang, text)
        assert not _NOT_NOTHING.search(text), (lang, text)
        if lang == "en":
            continue
        words = re.sub(r"`[^`]*`", " ", text)  # (the argument's name, as the code spells it)
        assert code_tokens(words) == [], (lang, text)
        assert not _CLASS_NAMES.search(words), (lang, text)
        assert "%(" not in text and text != error.message_in("en"), (lang, text)


#: A double negative: what was given said as "not nothing" (« non rien », "no nada"…).
_NOT_NOTHING = re.compile(r"\b(?:not nothing|non rien|no nada|não nada)\b")


#: The codes of a definition's errors that say the call's text or table was given wrong
#: (not a mistake in a call file, said to its author in English).
_MISUSED_DEFINITION = frozenset({"not_text", "bad_format", "not_a_table", "unreadable"})


def _misuse(error: callrules.CallrulesError) -> bool:
    """Whether ``error`` says an argument was given wrong (what the law asks in words):
    any :class:`ArgumentError`, :class:`TimeError` or :class:`NotAFolderError`, and a
    :class:`DefinitionError` of the text, table or path given; not an input error (said by
    its problems), nor an unknown call (which echoes the id asked, as given), nor a
    mistake of a definition (a rule built wrong: its author's English)."""
    if isinstance(error, callrules.DefinitionError):
        return error.code in _MISUSED_DEFINITION
    return isinstance(error, (callrules.ArgumentError, callrules.TimeError,
                              callrules.NotAFolderError))


def _app(**limits: object) -> object:
    """The service made with ``limits`` (only the refusal of one is asked of it)."""
    from callrules.serve import create_app

    return create_app(**limits)  # type: ignore[arg-type]


def _numpy_int(number: int) -> object:
    """``number`` as numpy's 64-bit int (a whole number that is no ``int``)."""
    import numpy

    return numpy.int64(number)


def _dask(*args: object, **kwargs: object) -> Any:
    """``evaluate_dask`` given these (only the refusal of one is asked of it)."""
    from callrules.distributed import evaluate_dask

    return evaluate_dask(*args, **kwargs)  # type: ignore[arg-type]


class TestTextsByLanguageAsTagsAreWritten:
    @settings(max_examples=40, deadline=None)
    @given(asked=st.sampled_from(["fr", "fr-CA", "fr-BE", "pt", "pt-BR", "es-419", "en",
                                  "de-AT", "it"]),
           keys=st.lists(st.sampled_from(["fr", "fr-CA", "pt-BR", "pt-PT", "es", "es-419",
                                          "en-GB", "de"]), min_size=1, unique=True),
           spelling=st.randoms(use_true_random=False))
    def test_a_text_is_found_by_its_tag_however_either_is_written(
            self, asked: str, keys: list[str], spelling: Any) -> None:
        """Law: ``call.text`` reads its keys and the locale as BCP 47 and babel read tags,
        case, ``-`` and ``_`` alike: the same tag, else the language alone, else the one key
        in that language, else the call's first language (French) so; never a key of
        another language, nor one of two regions picked at random; else an error in words
        naming the languages there are (before: ``fr-CA`` asked got ``fr`` beside
        ``fr-CA``, ``pt-BR`` never found ``pt_BR``, ``FR`` never ``fr``)."""
        def spelt(tag: str) -> str:
            cased = "".join(c.upper() if spelling.random() < 0.5 else c.lower() for c in tag)
            return cased.replace("-", spelling.choice("-_"))

        def found(tag: str) -> str | None:
            language = tag.split("-")[0]
            same = [key for key in keys if key.split("-")[0] == language]
            return tag if tag in keys else language if language in keys else (
                same[0] if len(same) == 1 else None)

        texts = {spelt(key): key for key in keys}
        expected = found(asked) or found("fr")
        if expected is not None:
            assert CALL.text(texts, spelt(asked)) == expected
            return
        error = _raised(lambda: CALL.text(texts, spelt(asked)))
        assert error.words is not None and error.words[0].startswith(
            ("call_text_missing", "call_text_regions"))  # (regions: amend59; pt-BR, pt-PT)
        assert_argument_in_words(error)
        said = error.message_in("en")
        assert all(spelt(key) not in said or key in ("de", "es") for key in keys), said

    @pytest.mark.parametrize(("texts", "asked", "expected"), [
        ({"pt": "Título", "pt_BR": ""}, "pt-BR", "Título"),
        ({"fr": "Titre", "en": "Title", "en-GB": ""}, "en-GB", "Title"),
        ({"fr": "Titre", "en-GB": None, "en_US": "Title"}, "en", "Title"),
        ({"fr": "", "en": ""}, "en", ""),
        ({"fr": "Titre", "zh-Hans": "标题"}, "zh-Hant-TW", "Titre"),
        ({"fr": "Titre", "zh-Hans": "标题"}, "zh_TW", "Titre"),
        ({"fr": "Titre", "zh-Hans": "标题", "zh_Hant": "標題"}, "zh-TW", "標題"),
        ({"fr": "Titre", "sr-Latn": "Naslov"}, "sr", "Titre"),
        ({"fr": "Titre", "sr-Latn": "Naslov"}, "sr-ME", "Naslov"),
    ])
    def test_an_empty_text_or_another_script_is_never_the_text(
            self, texts: dict[str, str], asked: str, expected: str) -> None:
        """A key whose text is empty or None hides no other (before: ``pt_BR: ""`` gave an
        error for a ``pt-BR`` reader with ``pt`` there, ``en-GB: ""`` French for an
        ``en-GB`` one); a text in another script than the one asked or implied is never
        chosen (before: Simplified Chinese for ``zh-TW``, Latin Serbian for ``sr``); the
        first language's text left empty, no other there, is the text, as before."""
        assert CALL.text(texts, asked) == expected

    @pytest.mark.parametrize(("texts", "asked"), [({"fr-CA": "a", "fr-FR": "b"}, "fr"),
                                                  ({"pt-BR": "a", "pt_PT": "b"}, "pt-AO")])
    def test_texts_for_several_regions_none_chosen_are_named_as_regions(
            self, texts: dict[str, str], asked: str) -> None:
        """A language whose texts are for several regions, none of them asked, is said so,
        each region named in the reader's language (before: "there is no text in French;
        the texts given are in: Canadian French, French", 1,143 of 10,051 errors)."""
        error = _raised(lambda: CALL.text(texts, asked))
        assert error.words is not None and error.words[0] == "call_text_regions"
        assert_argument_in_words(error)
        regions = {"en": ("Canadian French", "French (France)", "Brazilian Portuguese",
                          "European Portuguese"),
                   "fr": ("français canadien", "français (France)", "portugais brésilien",
                          "portugais européen"),
                   "es": ("francés canadiense", "francés (Francia)", "portugués de Brasil",
                          "portugués de Portugal"),
                   "pt": ("francês (Canadá)", "francês (França)", "português (Brasil)",
                          "português (Portugal)")}
        for lang, names in regions.items():
            said = error.message_in(lang)
            assert sum(name in said for name in names) == 2, said
            assert not code_tokens(said)

    def test_parse_instant_given_no_text_says_its_kind_never_its_value(self) -> None:
        """``parse_instant`` given a dict (an offset in hours as ``{"hours": 2}``), a list
        or a number: its English text and its words say what kind of value it is, never
        the value (before: "{'hours': 2} is not a date and time")."""
        for wrong in ({"hours": 2}, ["+02"], 2):
            error = _raised(lambda wrong=wrong: callrules.parse_instant(wrong))  # type: ignore[arg-type]
            assert isinstance(error, callrules.TimeError) and error.code == "bad_instant"
            assert "{" not in str(error) and "[" not in str(error) and "2" not in str(error)
            assert_argument_in_words(error)

    def test_partitions_refused_say_what_may_be_given_in_words(self) -> None:
        """``evaluate_dask``'s ``npartitions`` refused says that no number at all may be
        given, in words, in each language (before: "or nothing (None)")."""
        error = _raised(lambda: _dask(CALL, [], npartitions=0))
        for lang in ("en", "fr", "es", "pt"):
            assert "None" not in error.message_in(lang)
        assert_argument_in_words(error)


class TestMisuseInWords:
    @pytest.mark.parametrize("name", sorted(PUBLIC))
    def test_a_wrong_argument_is_said_in_the_readers_language(
            self, name: str, registries: None) -> None:
        """Law: every ArgumentError a public function raises for a wrong argument, and
        every TimeError for an instant that is none, carries words: which argument (named
        as the function spells it, as code), what it takes and what it was given, in words
        (before, 1,660 of 2,081 such errors of att46's sweep were English only and named
        Python's classes: "now: expected an aware datetime, not int")."""
        first = sorted(PUBLIC).index(name) * 3  # (each value tried by a third of them)
        for value in (MISTAKES[(first + step) % len(MISTAKES)] for step in range(0, 21, 3)):
            try:
                PUBLIC[name](value)
            except callrules.CallrulesError as error:
                if _misuse(error):
                    assert_argument_in_words(error)

    @pytest.mark.parametrize(("action", "said"), [
        (lambda: callrules.evaluate(None, {}),
         "Argument `call` : on attendait un appel chargé par la bibliothèque, mais rien (None) "
         "n’a été donné."),
        (lambda: callrules.evaluate(CALL, {}, now=datetime(2026, 1, 1)),
         "Argument `now` : on attendait une date et une heure avec leur fuseau horaire, non "
         "une date et une heure sans fuseau horaire."),
        (lambda: CALL.checklist("fr", format="pdf"),
         "Argument `format` : on attendait l’une des valeurs `text`, `markdown`, `html`, "
         "non « pdf »."),
        (lambda: callrules.schema(3),
         "Argument `kind` : on attendait l’une des valeurs `application`, `call`, non un "
         "nombre entier."),
        (lambda: callrules.evaluate(callrules.parse_application(eligible_dict()), {}),
         "Argument `call` : on attendait un appel chargé par la bibliothèque, non une "
         "candidature lue par la bibliothèque."),
        (lambda: callrules.selection_text(_Other()),
         "Argument `selection` : on attendait une sélection, non une valeur d’un autre type."),
        (lambda: rules.to_dict(3),
         "Argument `node` : on attendait une règle construite avec les règles de la "
         "bibliothèque, non un nombre entier."),
        (lambda: callrules.decision_record(CALL, eligible_dict(), now=NOW,
                                           decided_at=datetime(2026, 1, 1)),
         "L’instant où la décision a été prise : on attendait une date et une heure avec "
         "leur fuseau horaire, non une date et une heure sans fuseau horaire."),
    ], ids=["call", "naive now", "format", "kind", "application", "model", "rule",
            "decided_at in words"])
    def test_the_words_name_the_argument_and_both_kinds(
            self, action: Callable[[], object], said: str) -> None:
        """What a French reader is told; ``str(error)`` stays English as before, and the
        words cross processes (a Dask worker's error) with the kinds still said in words."""
        error = _raised(action)
        assert error.message_in("fr") == said.replace(" :", "\u202f:").replace(
            "« ", "«\u202f").replace(" »", "\u202f»")
        copy = pickle.loads(pickle.dumps(error))
        assert copy.message_in("fr") == error.message_in("fr") and str(copy) == str(error)
        assert error.message_in("en") != str(error) or error.words is None

    def test_any_error_is_said_in_a_language(self) -> None:
        """``message_in``: an error's words in the language asked; an input error without
        words, its problems' messages, one a line; else its English text."""
        unreadable = _raised(lambda: callrules.evaluate(CALL, "{"))
        assert unreadable.words is None
        assert unreadable.message_in("fr") == "\n".join(
            problem.message("fr") for problem in unreadable.problems)  # type: ignore[attr-defined]
        english = _raised(lambda: _throw(callrules.MissingExchangeRateError("BRL", "EUR")))
        assert english.message_in("pt") == str(english)
        unknown = _raised(lambda: calls.load("no-such-call"))
        assert unknown.message_in("es") != unknown.message_in("en") != str(unknown)

    @pytest.mark.parametrize("action", [
        lambda: callrules.Call.from_text(None),
        lambda: callrules.Call.from_text("a = 1", format="yaml"),
        lambda: callrules.Call.from_text("[1]", format="json"),
        lambda: callrules.Call.from_text("null", format="json"),
        lambda: callrules.Call.from_dict([CALL.id]),
        lambda: callrules.Call.from_file(3),
        lambda: calls.load_file(b"call.toml"),
        lambda: calls.register_folder("nowhere"),
        lambda: calls.register_folder(3),
        lambda: callrules.register_catalogs(Path("nowhere")),
        lambda: callrules.suggest_zone("ZZ"),
        lambda: callrules.suggest_zone(3),
        lambda: callrules.suggest_zone("BR", ["BR-AM"]),
        lambda: callrules.phase_at([], NOW),
        lambda: CALL.checklist("en", zone=3),
        lambda: CALL.text({"": "empty", "de": "Text"}, ""),
        *(lambda limit=limit, value=value: _app(**{limit: value})  # type: ignore[misc]
          for limit, value in [("max_body", 10), ("max_batch_body", 10 ** 40),
                               ("max_batch_records", "x"), ("max_concurrent", 0),
                               ("max_concurrent_batches", None), ("body_timeout", 1.5)]),
        lambda: _dask(3, []),
        lambda: _dask(CALL, [], npartitions=0),
        lambda: _dask(CALL, [], npartitions="2"),
        lambda: _app(body_timeout=float("nan")),
        lambda: list(callrules.records("examples", input_format=["json"])),
        # (api60: eleven parameters of returned objects were English only, 100 of 1,590)
        lambda: REPORT.to_json(indent=""), lambda: REPORT.to_json(indent=17),
        lambda: REPORT.to_dict(said=["a"]), lambda: SELECTION.entry(""),
        lambda: SELECTION.entry("no such id"), lambda: SELECTION.entry(None),
        lambda: callrules.selection_rules(CALL).criterion("no such id"),
        lambda: callrules.selection_rules(CALL).criteria[0].scale.contains(1.5),
        lambda: CALL.timeline["deadline"].shifted(days=1.5),
        lambda: CALL.timeline["deadline"].shifted(years=2000),
        lambda: PLAN.apply(3), lambda: BATCH.to_xlsx(io.StringIO()), lambda: BATCH.to_xlsx(""),
        lambda: BATCH.to_xlsx(str(ROOT / "no such folder" / "x.xlsx")),
        lambda: callrules.register_catalogs(""),
        lambda: callrules.Money(1.5, "EUR"), lambda: callrules.Money(None, "EUR"),
        lambda: callrules.Money(" ", "EUR"), lambda: callrules.Money("1", b"EUR"),
        lambda: callrules.Money("1", ""),
        lambda: callrules.Money("1", "EUR").convert("BRL", 3),  # type: ignore[arg-type]
        lambda: callrules.Money("1", "EUR").convert("BRL", {("EUR", "BRL"): "5.1"}),
        lambda: callrules.Money("1", "EUR").convert("BRL", {("EUR", "BRL"): Decimal(-1)}),
        lambda: callrules.Money("1", "EUR").convert("BRL", {("EUR", "BRL"): Decimal(5),
                                                           ("BRL", "EUR"): Decimal(1)}),
        lambda: CALL.checklist("en", zone=" "), lambda: callrules.suggest_zone(""),
    ])
    def test_the_last_english_only_misuses_are_said_in_words(
            self, action: Callable[[], object], registries: None) -> None:
        """A call's text, table or path given wrong, a folder that is none, a place with no
        zone, the service's bounds, ``evaluate_dask``'s call and partitions: said in each
        language, naming the argument (before, English only: "<text>: a call file's text is
        str or bytes, not NoneType [not_text]", "max_body is a whole number of bytes from
        1,024 to 67,108,864, not 10"); the English text stays as it was."""
        error = _raised(action)
        assert_argument_in_words(error)
        assert "%(" not in str(error)

    @pytest.mark.parametrize("locale", _COLUMNS)
    @pytest.mark.parametrize("say", [
        lambda locale: REPORT.render(locale=locale),
        lambda locale: REPORT.to_json(locale=locale),
        lambda locale: callrules.set_language(locale),
        lambda locale: CALL.checklist(locale),
        lambda locale: callrules.schema("application", locale=locale),
        lambda locale: CALL.text({"fr": "texte"}, locale),
        lambda locale: callrules.ArgumentError("x").message_in(locale),
    ], ids=["render", "to_json", "set_language", "checklist", "schema", "text", "message_in"])
    def test_a_column_given_as_a_locale_is_refused_in_words(
            self, say: Callable[[object], object], locale: object) -> None:
        """A pandas column or a numpy array of languages given as ``locale``: an
        ArgumentError naming ``locale`` (before, numpy's untyped "truth value of an array is
        ambiguous" from 78 of att52a's calls); an int the same, never English chosen for it."""
        for wrong in (locale, 5):
            error = _raised(lambda wrong=wrong: say(wrong))
            assert isinstance(error, callrules.ArgumentError)
            assert_argument_in_words(error)
            assert "`locale`" in error.message_in("pt")

    @given(key=st.sampled_from(["", " ", "x-none", "\x1b[31m"]),
           locale=st.sampled_from(["en", "fr", "es", "pt", "ja", "FR", "de-CH"]))
    @settings(max_examples=20)
    def test_a_key_that_names_no_language_is_never_the_text_chosen(
            self, key: str, locale: str) -> None:
        """Law: a key of the texts that names no language (``""``, a blank) is never the text
        given for any locale (before, ``{"": …}`` won over the language asked): the text of
        the language asked, else the call's first, else an error in words."""
        texts = {key: "none", "pt": "português", "fr": "français"}
        assert CALL.text(texts, locale) == ("português" if locale == "pt" else "français")
        error = _raised(lambda: CALL.text({key: "none"}, locale))
        assert_argument_in_words(error)

    @given(limit=st.sampled_from(sorted(_LIMITS)), offset=st.sampled_from([-1, 0, 1]),
           at=st.sampled_from(["least", "most", "between"]),
           kind=st.sampled_from(["int", "float", "decimal", "numpy", "fraction"]))
    @settings(max_examples=40)
    @example(limit="max_body", offset=0, at="between", kind="float")  # (2,048.0: att56a)
    @example(limit="max_body", offset=0, at="between", kind="decimal")
    @example(limit="max_body", offset=0, at="between", kind="numpy")
    @example(limit="max_concurrent", offset=0, at="least", kind="float")
    def test_a_refused_limit_is_never_said_by_digits_inside_its_range(
            self, limit: str, offset: int, at: str, kind: str) -> None:
        """Law: a limit of ``create_app`` at, under, over or between its bounds, given as an
        int, a float, a decimal, numpy's int or a number with a fraction, is taken (a whole
        number within its range, numpy's too, as the int it is) or refused with words that
        never name it by the digits of a whole number the range holds (att56a: 2048.0 said
        "expected a whole number of bytes from 1,024 to 67,108,864, not 2,048"; numpy's
        4096 refused as "a value of another kind"): a whole float or decimal with its
        point, in the reader's digits and words."""
        from callrules.serve._app import _bounded

        least, most, _ = _LIMITS[limit]
        whole = {"least": least, "most": most, "between": (least + most) // 2}[at] + offset
        value: object = {"int": whole, "float": float(whole), "decimal": Decimal(whole),
                         "numpy": _numpy_int(whole), "fraction": whole + 0.5}[kind]
        inside = least <= whole <= most
        try:
            taken = _bounded(**{limit: value})
        except callrules.ArgumentError as error:
            assert not inside or kind not in ("int", "numpy"), (limit, value)
            assert error.words is not None
            given = error.words[1]["given"]
            assert not (isinstance(given, ExactInWords) and given.number == int(
                given.number) and least <= given.number <= most), (limit, value, given)
            assert_argument_in_words(error)
            if kind in ("float", "decimal") and inside:
                assert ",0, un nombre à virgule." in error.message_in("fr")
                assert ",0, um número com casas decimais." in error.message_in("pt")
        else:
            assert inside and (kind in ("int", "numpy") or (
                kind == "float" and limit in ("body_timeout", "stall_timeout"))), (limit, value)
            assert taken == (whole,) and type(taken[0]) is (float if kind == "float" else int)

    @pytest.mark.parametrize(("value", "said"), [
        (2048.0, "2,048.0, a number with a decimal point"),
        (Decimal("1E+3"), "1,000.0, a number with a decimal point"),
        (-0.0, "0.0, a number with a decimal point"), (2.5, "2.5"), (7, "7"),
        (True, "a yes-or-no value (true or false)"), (1e30, "a number of more than 18 digits"),
        (float("nan"), "an inexact decimal number")])
    def test_a_number_given_is_said_as_written(self, value: object, said: str) -> None:
        """What was given where a whole number was expected: an int by its digits, a float
        or a decimal with no fraction by its digits and its point (never as the int it is
        not), one with a fraction by its digits, a boolean as a yes-or-no value."""
        assert said_in(given_words(value), "en") == said
        assert said_in(given_words(_numpy_int(7)), "fr") == "7"
        assert said_in(given_words(2048.0), "fr") == "2\u202f048,0, un nombre à virgule"

    def test_numpy_s_whole_numbers_are_taken_where_ints_are(self) -> None:
        """numpy's int is taken as the int it is by ``evaluate_dask``'s partitions and
        ``create_app``'s limits (before, "not a value of another kind")."""
        assert _dask(CALL, [eligible_dict()] * 4, npartitions=_numpy_int(2)).npartitions == 2
        error = _raised(lambda: _dask(CALL, [], npartitions=2.0))
        assert "2,0, un nombre à virgule" in error.message_in("fr"), error.message_in("fr")

    @pytest.mark.parametrize("text", ["[1, 2]", "[]", "42", "1.5", "1e999", "-0.0", "null",
                                      "true", "false", '"x"'])
    def test_what_a_call_file_holds_at_its_top_is_said_in_words(self, text: str) -> None:
        """A call file (JSON) holding no table at its top: said in each language as what it
        holds, a number as a number (not "an inexact decimal number"), nothing as nothing
        (not "nothing (None) was given": a file holds, it does not give), a boolean as a
        yes-or-no value (not "not true or false", read as neither), with no code token."""
        error = _raised(lambda: callrules.Call.from_text(text, format="json"))
        assert error.code == "not_a_table"
        for lang in ("en", "fr", "es", "pt"):
            said = error.message_in(lang)
            assert said.endswith(".") and code_tokens(said) == [], (lang, said)
            assert not re.search(r"None|inexact|not true|given|donné|\bdio\b|dado", said), said
        english = error.message_in("en")
        assert english.endswith({"[": "list.", "n": "holds nothing.", "t": "(true or false).",
                                 "f": "(true or false).", '"': "text."}.get(
                                     text[0], "a whole number." if text == "42" else
                                     "a number.")), english
        assert ("archivo de convocatoria" in error.message_in("es")
                and "arquivo de chamada" in error.message_in("pt"))

    @pytest.mark.parametrize(("action", "argument", "number"), [
        (lambda: callrules.split(callrules.Money("10.01", "EUR"), [1, 1], unit="0.05"),
         "total", r"10,01"),
        (lambda: callrules.split(callrules.Money("10", "EUR"), [1] * 10_001), "ratios",
         r"10\s000"),
        (lambda: callrules.BatchItem(-1, FAILED), None, r"9\s223\s372"),
    ], ids=["total not in units", "too many ratios", "place"])
    def test_the_value_at_fault_is_blamed_and_numbers_are_the_readers(
            self, action: Callable[[], object], argument: str | None, number: str) -> None:
        """A total that is not a whole number of the split's unit blames ``total`` (it
        blamed ``unit``, given right); the numbers of the words are written in the reader's
        digits (« 10 000 », not "10000" nor "10,000" in French)."""
        error = _raised(action)
        assert argument is None or error.message_in("en").startswith(f"Argument `{argument}`")
        assert re.search(number, error.message_in("fr")), error.message_in("fr")
        assert_argument_in_words(error)

    @settings(max_examples=40, deadline=None)
    @given(keys=st.lists(st.one_of(st.sampled_from(
        ["de", "it", "es-AR", "pt_BR", "id", "zz", "EN", "x" * 30, "\x1b[31mred\x1b[0m",
         "<b>x</b>", "submitted_at", "\u202e"]), st.integers(0, 3)), max_size=14),
        asked=st.sampled_from(["ja", "pt", "de", "fr", "fr-CA", "x", "EN"]))
    @example(keys=["de", "it"], asked="ja")
    @example(keys=["en"], asked="fr")
    @example(keys=["id", "call", "submitted_at"], asked="en")
    @example(keys=["de", "it", "es", "pt", "nl", "pl", "sv", "da", "fi", "cs", "el", "hu"],
             asked="ja")  # (ten languages said, the others not counted as keys)
    def test_a_text_in_no_language_the_call_reads_names_the_languages(
            self, keys: list[Any], asked: str) -> None:
        """Law: ``call.text`` of texts in neither the language asked nor the call's first
        (French) says the language asked (once, and only one babel knows) and the call's
        first, each by its name in the reader's language, the languages the keys are in
        by name, the other keys only counted: a key is never echoed (att52a: "in French or
        in French", 40 of 200; "in: Indonesian, call, submitted_at", escapes and markup
        echoed raw)."""
        texts = {key: "text" for key in keys if not isinstance(key, str) or language_of(
            key) not in ("fr", language_of(asked))}  # (``EN``, ``pt_BR``: read as ``en``, ``pt``)
        assume(texts)
        error = _raised(lambda: CALL.text(texts, asked))
        assert error.words is not None
        assert error.words[0] in ("call_text_missing", "call_text_missing_first")
        for lang, french in (("en", "French"), ("fr", "français")):
            said = error.message_in(lang)
            assert said.count(french) == 1, said
            for key in texts:
                if key in ("x" * 30, "submitted_at", "<b>x</b>") or key == "EN":
                    assert key not in said, (key, said)
            assert "\x1b" not in said and "<" not in said and "\u202e" not in said
        assert_argument_in_words(error)

    @pytest.mark.parametrize(("texts", "named"), [
        ({"en": None}, "English"), ({"en": ""}, "English"), ({"en": 0, "de": "x"}, "English"),
        ({"fr": None, "de": "x"}, "French")])
    def test_a_key_of_the_language_asked_without_a_text_is_said_so(
            self, texts: dict[str, object], named: str) -> None:
        """``call.text`` where the language asked (or the call's first) has a key holding
        no text: "the text for English is not a text", never "no text in English… the
        texts given are in: English" (att52a)."""
        error = _raised(lambda: CALL.text(texts, "en"))  # type: ignore[arg-type]
        assert error.words is not None and error.words[0] == "call_text_not_text"
        assert error.message_in("en") == f"Argument `texts`: the text for {named} is not a text."
        assert_argument_in_words(error)

    @pytest.mark.parametrize("tag", ["fr", "pt_BR", "es", "en_GB"])
    def test_a_babel_locale_is_read_as_its_tag_everywhere(self, tag: str) -> None:
        """A babel ``Locale`` is read as its tag (``str(locale)``) by every call that takes
        a locale alike: ``message_in`` refused it, ``call.text`` refused it, a finding said
        it in English (att52a)."""
        babel = pytest.importorskip("babel")
        locale = babel.Locale.parse(tag)
        unknown = _raised(lambda: calls.load("no-such-call"))
        assert unknown.message_in(locale) == unknown.message_in(tag)
        assert CALL.text({"fr": "a", tag[:2]: "b"}, locale) == CALL.text(
            {"fr": "a", tag[:2]: "b"}, tag)
        examples = Path(__file__).resolve().parents[1] / "examples"
        report = callrules.evaluate(CALL, (examples / "ineligible.json").read_text())
        finding = report.findings[0]
        assert finding.message(locale) == finding.message(tag)
        assert report.to_json(locale) == report.to_json(tag)  # type: ignore[arg-type]
        # ``schema`` refused it (api58); a reader asking for a call's own language keeps it
        assert callrules.schema(locale=locale) == callrules.schema(locale=tag)
        assert call_reading(locale, ("fr", "it")) == call_reading(tag, ("fr", "it"))

    def test_an_error_pickled_before_exact_in_words_moved_unpickles(self) -> None:
        """An error pickled when ``ExactInWords`` lived in ``callrules._i18n`` (before it
        moved to ``_in_words``) reads back, its number said in the reader's digits."""
        old = b"\x80\x02ccallrules._i18n\nExactInWords\nq\x00M\x10'\x85q\x01Rq\x02."
        number = pickle.loads(old)
        assert said_in(number, "fr") == "10\u202f000" and str(number) == "10000"

    @pytest.mark.parametrize("locale", [5, b"fr", ["fr"], 1.5, CALL])
    def test_a_language_that_is_not_text_is_refused(self, locale: object) -> None:
        """``message_in`` of a locale that is not text (nor None): an ArgumentError naming
        ``locale``, in words, never the error's English said in its place as if asked."""
        unknown = _raised(lambda: calls.load("no-such-call"))
        with pytest.raises(callrules.ArgumentError) as refused:
            unknown.message_in(locale)  # type: ignore[arg-type]
        assert refused.value.words is not None
        assert refused.value.words[1]["argument"] == "locale"
        assert_argument_in_words(refused.value)


def _locale_takers() -> dict[str, Callable[[object], object]]:
    """Every public function and method that takes a ``locale``, given only it (the other
    arguments valid): the methods of :data:`INSTANCES`' objects, found by their signature,
    and the functions ``callrules`` exports."""
    import inspect

    takers: dict[str, Callable[[object], object]] = {}
    for kind, instance in INSTANCES.items():
        for name in dir(type(instance)):
            if name.startswith("_"):  # (never asked: a slotted dataclass's ``__weakref__``
                continue  # raises when read on Python 3.11.2)
            member = getattr(instance, name, None)
            if not callable(member) or isinstance(member, type):
                continue
            parameters = inspect.signature(member).parameters
            if "locale" in parameters and name != "to_xlsx":  # (writes a file: asked below)
                filled = {"texts": {"fr": "texte"}, "finding": FAILED.findings[0]}
                given = {k: v for k, v in filled.items() if k in parameters}
                takers[f"{kind}.{name}"] = lambda value, m=member, g=given: m(**g, locale=value)
    reason, problem = SELECTION.entries[0].reasons[0], SELECTION.problems[0]
    takers.update({
        "schema": lambda value: callrules.schema("application", locale=value),
        "schema(call)": lambda value: callrules.schema("application", CALL, value),
        "set_language": callrules.set_language,
        "selection_text": lambda value: callrules.selection_text(SELECTION, value),
        "selection_html": lambda value: callrules.selection_html(SELECTION, value),
        "selection_frame": lambda value: callrules.selection_frame(SELECTION, value),
        "reason_text": lambda value: callrules.reason_text(reason, value, CALL),
        "problem_text": lambda value: callrules.problem_text(problem, value, CALL),
        "InputError.message_in": lambda value: _raised(
            lambda: callrules.evaluate(CALL, "{")).message_in(value),
        "BatchResult.to_xlsx": lambda value: BATCH.to_xlsx(Path("never.xlsx"), value),
    })
    return takers


LOCALE_TAKERS = _locale_takers()


class TestLocalesThatNameNoLanguage:
    @pytest.mark.parametrize("name", sorted(LOCALE_TAKERS))
    def test_a_locale_naming_no_language_is_refused_in_words_everywhere(
            self, name: str, tmp_path: Path) -> None:
        """Law: every public function or method that takes a ``locale``, given text that
        names no language (empty, spaces only, a region with no language), raises an
        ArgumentError (``bad_locale``) naming ``locale`` and saying what was given in the
        reader's words (before, 96 of 448 such calls of api60's attack answered in English
        or the session's language: ``call.text(texts, "")`` gave the call's first
        language's text); the session's language is left as it was; a tag in odd case or
        a babel ``Locale`` is read as the language it names."""
        callrules.set_language("es")
        try:
            with contextlib.chdir(tmp_path):
                for value in ("", "  ", "\t\n", "-FR"):
                    error = _raised(lambda value=value: LOCALE_TAKERS[name](value))
                    assert isinstance(error, callrules.ArgumentError), (value, error)
                    assert error.code == "bad_locale"
                    assert "`locale`" in error.message_in("pt")
                    assert_argument_in_words(error)
                assert not (tmp_path / "never.xlsx").exists()
            assert chosen_language() == "es"
        finally:
            callrules.set_language(None)

    def test_a_locale_in_any_spelling_is_the_language_it_names(self) -> None:
        """``FR``, ``fr_fr``, ``fr-Latn-FR`` and babel's ``Locale("fr")`` are French as ``fr``
        is, in a call's texts, a report and the session's language."""
        from babel import Locale

        for tag in ("FR", "fr_fr", "fr-Latn-FR", Locale("fr"), Locale.parse("fr_CA")):
            assert CALL.text({"en": "text", "fr": "texte"}, tag) == "texte"  # type: ignore[arg-type]
            assert REPORT.render(tag) == REPORT.render("fr")  # type: ignore[arg-type]
            assert callrules.set_language(tag) == "fr"  # type: ignore[arg-type]
        callrules.set_language(None)

    @pytest.mark.parametrize(("texts", "asked", "found"), [
        ({"pt_BR": "a", "pt-BR": "b"}, "pt", "a"), ({"fr-CA": "a", "FR_ca": "b"}, "fr", "a"),
        ({"ZH-hant": "a", "zh_Hant": "b"}, "zh-HK", "a"),
        ({"fr-CA": "a", "fr_CA": "b", "en": "x"}, "de", "a"),
        ({"sr_RS@latin": "L", "sr_RS": "C"}, "sr", "C"),  # (a POSIX script modifier: its
        ({"sr_RS": "C", "sr_RS@latin": "L"}, "sr", "C"),  # script, two locales, look60a2)
        ({"de_DE@euro": "a", "de-DE": "b"}, "de", "a")])
    def test_two_spellings_of_one_locale_are_one_region(
            self, texts: dict[str, str], asked: str, found: str) -> None:
        """Two keys spelling one tag (``pt_BR`` and ``pt-BR``, case and separator aside) are
        one region of their language, its first spelling the text, as one key would be
        (before: "no text in Portuguese; the texts given are in: Brazilian Portuguese")."""
        assert CALL.text(texts, asked) == found

    @pytest.mark.parametrize(("texts", "asked", "said"), [
        ({"zh_Hant": "a", "ZH-hant": "b"}, "zh",
         "there is no text in Simplified Chinese or in French, the call's first language; "
         "the texts given are in: Traditional Chinese."),
        ({"fr_FR": "a", "fr-Latn": "b"}, "fr-CA",  # (two locales: none filled in, look60a)
         "there is no text in French, the call's first language; the texts given are in: "
         "French (France) and French."),
        ({"zh-TW": "a", "pt-BR": "b", "pt_BR": "c"}, "de",
         "there is no text in German or in French, the call's first language; the texts "
         "given are in: Chinese (Traditional, Taiwan) and Brazilian Portuguese."),
        ({"pt-BR": "a", "pt_BR": "b", "pt-PT": "c"}, "pt",
         "there are texts in Portuguese for several regions (Brazilian Portuguese and European "
         "Portuguese) and none of them is chosen; give one in Portuguese with no region.")])
    def test_an_error_names_each_locale_once_in_words(
            self, texts: dict[str, str], asked: str, said: str) -> None:
        """An error of ``call.text`` names each locale given once, however many spellings of
        it are keys, by its name (never ``zh-TW`` as « Chinese » beside « no text in
        Chinese »), and what was asked in the script it implies."""
        error = _raised(lambda: CALL.text(texts, asked))
        assert error.message_in("en") == f"Argument `texts`: {said}"
        assert_argument_in_words(error)
