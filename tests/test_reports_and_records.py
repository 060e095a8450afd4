"""Reports as values, evaluation through the Python API, decision records, sources of
applications, factories, models and the module's entry point."""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import io
import json
import re
import runpy
import sys
import tempfile
import tomllib
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules import rules as r
from callrules._i18n import phrase
from callrules._library import identity
from callrules._money import Money
from callrules._record import decision_record, digest, replay
from callrules._report import Severity, to_json_value
from callrules._seal import seal
from tests.conftest import EXAMPLES, ROOT, eligible_dict, kept_registries
from tests.laws import settings
from tests.test_definitions import minimal_call

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 6, 2, 8, tzinfo=UTC)
CNRS_FILE = ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml"


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
        assert "<table" in result._repr_html_() and "Applications failing it" not in \
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

    @settings(max_examples=40, deadline=None)
    @given(forms=st.lists(st.tuples(*[st.text(st.sampled_from("{}[]:!0-24 ab\u00e9\u0644")
                                              | st.characters(blacklist_categories=("Cs", "Cc"),
                                                              blacklist_characters="%"),
                                              max_size=12)] * 2), min_size=3, max_size=3),
           n=st.integers(1, 6), long=st.sampled_from([1, 1, 1, 100_000]),
           long_before=st.sampled_from([1, 1, 20, 100_000]))
    def test_a_platform_s_words_never_lose_a_record_and_follow_the_count(
            self, call: callrules.Call, forms: list[tuple[str, str]], n: int,
            long: int, long_before: int) -> None:
        """Whatever a platform's catalog says for "%(count)s applications checked" (braces
        such as ``{2-4}`` too, a megabyte), a batch shown with its progress bar gives N
        results for N records, and the bar shows the words as written, in the plural form
        for the count itself, the count where the translation puts it, cut to a line
        (att82 F2: 3 in, 0 out, ``KeyError: '2-4'``; "1 applications checked"; bat76: the
        count always before the words, a translation of a megabyte drawn whole; look76b F4:
        the cut took the count away, 130 characters before it: the words around it are cut,
        never the count)."""
        from babel.messages.catalog import Catalog
        from babel.messages.mofile import write_mo

        catalog = Catalog(locale="pl", domain="callrules")  # (three forms: 1, 2-4, 5+)
        said = tuple(f"{before * long_before}%(count)s{after * long}"
                     for before, after in forms)
        catalog.add(("%(count)s application checked", "%(count)s applications checked"), said)
        with tempfile.TemporaryDirectory() as folder, kept_registries():
            (Path(folder) / "pl" / "LC_MESSAGES").mkdir(parents=True)
            with (Path(folder) / "pl" / "LC_MESSAGES" / "callrules.mo").open("wb") as mo:
                write_mo(mo, catalog)
            callrules.register_catalogs(folder)
            shown = io.StringIO()
            try:
                callrules.set_language("pl")
                with contextlib.redirect_stderr(shown):
                    result = callrules.evaluate_many(call, [eligible_dict()] * n,
                                                     progress=True)
            finally:
                callrules.set_language(None)
        assert len(result) == n
        before, after = forms[0 if n == 1 else 1 if 2 <= n <= 4 else 2]
        before, after = before * long_before, after * long
        last = shown.getvalue().rstrip("\n").rpartition("\r")[2]  # (the bar drawn last)
        assert last.startswith("callrules: ")
        drawn = last[len("callrules: "):last.rindex(" [")]
        assert len(drawn) <= 120
        assert drawn == f"{before}{n}{after}" or any(
            _cut_around(drawn, before[:kept], before, n, after) for kept in range(121)), drawn
        assert len(shown.getvalue()) < 2_000 * n

    def test_progress_of_an_empty_batch_draws_nothing(
            self, call: callrules.Call, capsys: pytest.CaptureFixture[str]) -> None:
        """No record, no line to end."""
        assert len(callrules.evaluate_many(call, [], progress=True)) == 0
        assert capsys.readouterr().err == ""


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
                                               "not a decision record of version 3, 4, 5, 6 or 7")

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

    @settings(max_examples=25, deadline=None)
    @given(of=st.sampled_from(["eligible", "ineligible", "renamed"]),
           recorded=st.sampled_from(["eligible", "ineligible", "renamed"]),
           judged_at=st.sampled_from([0, 1, 2]), recorded_at=st.sampled_from([0, 1, 2]),
           call_field=st.sampled_from([None, "call_id", "call_version"]))
    def test_a_record_takes_only_the_report_of_its_application_call_and_instant(
            self, of: str, recorded: str, judged_at: int, recorded_at: int,
            call_field: str | None) -> None:
        """Law: ``decision_record(call, application, now=…, report=…)`` takes the report
        only when it is of that application (its id), that call (id and version) and that
        instant (the same instant in another offset is the same); otherwise an
        ArgumentError (``report_mismatch``) — never a record of one application holding
        another's verdict, or a verdict of another day (attacker 18b F11). A report taken
        gives the record evaluating again gives."""
        call = callrules.calls.load("cnrs-amsud-2026")
        apps = {"eligible": eligible_dict(),
                "ineligible": json.loads((EXAMPLES / "ineligible.json").read_text("utf-8")),
                "renamed": {**eligible_dict(), "id": "AMSUD-2026-0999"}}
        instants = [NOW, NOW.astimezone(timezone(timedelta(hours=-3))), NOW + timedelta(days=3)]
        report = callrules.evaluate(call, apps[of], now=instants[judged_at])
        if call_field is not None:
            report = dataclasses.replace(report, **{call_field: "other"})
        same = (apps[of]["id"] == apps[recorded]["id"] and call_field is None
                and instants[judged_at] == instants[recorded_at])
        record = lambda **more: decision_record(  # noqa: E731
            call, apps[recorded], now=instants[recorded_at], decided_at=NOW, **more)
        if same:  # (alike but for whether it was made alone: told by the report of evaluate)
            alone, bare = record(report=report), record()
            assert (alone["in_batch"], bare["in_batch"]) == (not report.unchecked, True)
            assert {k: v for k, v in alone.items() if k not in ("in_batch", "record_digest")} \
                == {k: v for k, v in bare.items() if k not in ("in_batch", "record_digest")}
        else:
            with pytest.raises(callrules.ArgumentError) as refused:
                record(report=report)
            assert refused.value.code == "report_mismatch"

    def test_a_different_library_or_call_version_is_noted(self, record: dict[str, Any]
                                                          ) -> None:
        """Same verdict, but the notes say what was used then and what is used now."""
        record["library_version"] = "0.0.1"
        record["call"]["version"] = "0"
        record["record_digest"] = seal(record)  # as written by that library, for that call
        outcome = replay(record)
        assert outcome.same
        assert outcome.changes == (
            "call: cnrs-amsud-2026 version 0 → cnrs-amsud-2026 version 1",
            f"library: 0.0.1 → {identity()}")  # (its version and its code's digest)

    def test_a_changed_verdict_lists_what_appeared_and_went(self, record: dict[str, Any]
                                                            ) -> None:
        """A recorded finding that no longer occurs is "gone"; the verdict flips."""
        record["verdict"] = {"eligible": False, "findings": [
            {"clause": "deadline", "code": "too_late", "severity": "error",
             "path": "submitted_at"}]}
        record["record_digest"] = seal(record)  # as written when the rules said so
        outcome = replay(record)
        assert not outcome.same
        assert outcome.changes == ("verdict: eligible False → True",
                                   "finding gone: deadline too_late at submitted_at")

    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.integers(0, 4), max_size=6), st.randoms(use_true_random=False))
    def test_a_changed_verdict_always_says_what_changed(self, drawn: list[int],
                                                        shuffle: Any) -> None:
        """Law: findings are compared as a multiset. A record whose findings are those found
        again, in any order, replays as the same verdict with nothing to say; any other
        (one gone, one new, one said a different number of times) replays as CHANGED with
        a line and a sentence in every language for each change."""
        call = callrules.calls.load("cnrs-amsud-2026")
        data = eligible_dict()
        data["visitors"][0]["stay"]["departure"] = "2027-09-21"  # two findings at one place
        data["budget"]["lines"].append(dict(data["budget"]["lines"][0]))  # and one above
        record = json.loads(json.dumps(decision_record(call, data, now=NOW)))
        found = record["verdict"]["findings"]
        pool = [*found, {"clause": "deadline", "code": "too_late", "severity": "error",
                         "path": "submitted_at"},
                {"clause": "", "code": "gone", "severity": "warning", "path": "id"}]
        before = [pool[i] for i in drawn]
        shuffle.shuffle(before)
        record["verdict"] = {"eligible": not any(f["severity"] == "error" for f in before),
                             "findings": before}
        record["record_digest"] = seal(record)  # as written when the rules said so
        outcome = replay(record, call)
        key = lambda f: json.dumps(f, sort_keys=True)  # noqa: E731
        assert outcome.same is (sorted(map(key, before)) == sorted(map(key, found)))
        assert bool(outcome.changes) is not outcome.same, outcome.changes
        for lang in ("en", "fr", "es", "pt"):
            said = outcome.said(lang)
            assert len(said) == len(outcome.changes), (said, outcome.changes)
            assert all("%(" not in line and "_" not in line for line in said), said

    def test_a_finding_said_another_number_of_times_is_told(self) -> None:
        """A finding recorded twice and found once now: said in words, with both counts."""
        call = callrules.calls.load("cnrs-amsud-2026")
        data = eligible_dict()
        data["budget"]["lines"].append(dict(data["budget"]["lines"][0]))
        record = json.loads(json.dumps(decision_record(call, data, now=NOW)))
        findings = record["verdict"]["findings"]
        findings.insert(0, dict(findings[0]))
        record["record_digest"] = seal(record)
        outcome = replay(record, call)
        assert not outcome.same
        assert outcome.changes == (
            "finding said 2 → 1 times: budget-cap total_above_maximum at budget.lines",)
        assert outcome.said("en") == (
            "Found a different number of times: a problem with budget lines under the "
            "clause “Funding cap” (before: 2, now: 1).",)
        # the list's label in quotes, where Spanish and Portuguese would need its article
        # (« un problema con partidas del presupuesto » before session 44)
        assert "un problema relativo a «partidas del presupuesto» en" in outcome.said("es")[0]
        assert "um problema relativo a “linhas do orçamento” na" in outcome.said("pt")[0]

    def test_a_finding_of_no_field_is_told_without_one(self) -> None:
        """A recorded finding that names no field (a rule over several fields), gone or
        found another number of times, with and without its clause: said by its clause or
        as the application's, never "a problem with" an empty label (« un problema relativo
        a «» »: look60w), in four languages."""
        call = callrules.calls.load("cnrs-amsud-2026")
        data = eligible_dict()
        data["budget"]["lines"].append(dict(data["budget"]["lines"][0]))
        record = json.loads(json.dumps(decision_record(call, data, now=NOW)))
        findings = record["verdict"]["findings"]
        capped = next(f for f in findings if f["clause"] == "budget-cap")
        findings.append({**capped, "path": ""})  # (gone, under its clause)
        findings.append({**capped, "clause": "", "path": ""})  # (gone, and no clause)
        findings.insert(0, dict(capped))  # (found once, recorded twice)
        record["record_digest"] = seal(record)
        said = {lang: replay(record, call).said(lang) for lang in ("en", "fr", "es", "pt")}
        assert said["en"][:2] == (
            "No longer found: a problem with the application.",
            "No longer found: a problem under the clause “Funding cap”.")
        for lines in said.values():
            assert len(lines) == 3, lines
            for line in lines:
                assert not re.search("[«“‘\"][\u202f\u00a0 ]*[»”’\"]", line), line
                assert not re.search(r"(?:with|concernant|relativo a)[\u202f ]*[.(]", line)

    @settings(max_examples=20, deadline=None)
    @given(st.sets(st.sampled_from(["FR", "GF", "GP", "RE"]), min_size=1),
           st.sets(st.sampled_from(["FR", "GF", "GP", "RE"]), min_size=1), st.booleans())
    def test_a_call_s_registered_values_are_part_of_its_digest(
            self, before: set[str], after: set[str], relabel: bool) -> None:
        """Law: a call reading a named set and a shared vocabulary, replayed after the
        platform registered other values under those names, says its definition changed
        exactly when the values it reads changed (then the verdict may change with it); a
        call that reads none keeps the digest of its definition alone."""
        with kept_registries():  # the sets and vocabularies registered here stay here
            data = tomllib.loads((ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml")
                                 .read_text("utf-8"))
            data["parameters"]["destinations"] = {"set": "zz_replay_destinations"}
            costs = data["vocabularies"]["cost_category"]
            labels = {code: dict(texts) for code, texts in costs.pop("values").items()}
            costs["shared"] = "zz_replay_costs"
            callrules.calls.register_set("zz_replay_destinations", sorted(before))
            callrules.calls.register_vocabulary("zz_replay_costs", labels)
            first = callrules.Call.from_dict(data)
            record = decision_record(first, eligible_dict(), now=NOW)
            if relabel:
                labels["meals"]["en"] = "food"
            callrules.calls.register_set("zz_replay_destinations", sorted(after))
            callrules.calls.register_vocabulary("zz_replay_costs", labels)
            outcome = replay(record, callrules.Call.from_dict(data))
            told = any(c.startswith("call definition:") for c in outcome.changes)
            assert told is (before != after or relabel), outcome.changes
            plain = callrules.calls.load("cnrs-amsud-2026")
            assert decision_record(plain, eligible_dict(), now=NOW)["call"]["digest"] == digest(
                plain.definition.model_dump(mode="json", by_alias=True))

    def test_a_digest_is_of_canonical_json(self) -> None:
        """Key order and spacing do not change it; values do."""
        assert digest({"a": 1, "b": [1, 2]}) == digest({"b": [1, 2], "a": 1})
        assert digest({"a": 1}) != digest({"a": 2})
        assert digest({"a": 1}).startswith("sha256:")


def amended_call() -> callrules.Call:
    """The bundled call with its cap amended (3,100 → 2,500 EUR) from 2026-05-15 12:00 in
    Paris: whether the eligible example's budget fits depends on the instant judged at."""
    data = tomllib.loads((ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text())
    data["parameters"]["cap"] = {"history": [
        {"from": "2026-04-21T00:00:00", "value": {"amount": "3100.00", "currency": "EUR"}},
        {"from": "2026-05-15T12:00:00", "value": {"amount": "2500.00", "currency": "EUR"},
         "label": "amendment 1"}]}
    return callrules.Call.from_dict(data, source="amended")


class TestTheInstantJudgedAt:
    @settings(max_examples=60, deadline=None)
    @given(before=st.integers(-2_000_000, 2_000_000), old=st.booleans(),
           tz=st.one_of(st.integers(-24 * 60 + 1, 24 * 60 - 1).map(
               lambda m: timezone(timedelta(minutes=m))), st.integers(
               -86_399_999_999, 86_399_999_999).map(
               lambda us: timezone(timedelta(microseconds=us))),
               st.sampled_from([timedelta(microseconds=1), timedelta(microseconds=-1),
                                timedelta(seconds=30), -timedelta(hours=14, minutes=59)]).map(
               timezone), st.timezones()))
    def test_whatever_now_evaluate_takes_its_record_replays_the_same(
            self, before: int, old: bool, tz: tzinfo) -> None:
        """evaluate and decision_record take the instants --at and parse_instant give (a
        typed offset in whole minutes, -12:00 to +14:00; any zone's offset, the seconds of a
        local mean time of an old date included), and refuse others in words (TimeError, as
        a naive datetime is): a record's now is read back as the same instant, and the
        record replays "same" with the same call (pass 16 F2: an offset of a microsecond
        was taken, and the record replayed CHANGED around an amendment)."""
        call = amended_call()
        edge = datetime(1850 if old else 2026, 5, 15, 10, 0, tzinfo=UTC)
        now = (edge + timedelta(microseconds=before)).astimezone(tz)
        try:
            record = decision_record(call, eligible_dict(), now=now)
        except callrules.TimeError as error:
            assert error.words is not None and isinstance(tz, timezone)
            with pytest.raises(callrules.TimeError):
                callrules.evaluate(call, eligible_dict(), now=now)
            with pytest.raises(callrules.TimeError):
                callrules.parse_instant(now.isoformat())
            return
        assert datetime.fromisoformat(record["now"]) == now
        assert replay(json.loads(json.dumps(record)), call).same


    @settings(max_examples=30, deadline=None)
    @given(before=st.integers(-3_600_000_000, 3_600_000_000))
    def test_a_report_says_which_amendment_it_was_judged_under(self, before: int) -> None:
        """Judged once the cap is amended, the report says so, in each language, as text and
        HTML: the amended value by its label and the instant the amendment took effect;
        judged before, it says nothing of it (pass 16 M4: only the JSON said it, while the
        clause an applicant reads gives the cap as it was)."""
        call = amended_call()
        now = datetime(2026, 5, 15, 10, 0, tzinfo=UTC) + timedelta(microseconds=before)
        report = callrules.evaluate(call, eligible_dict(), now=now)
        amended = bool(report.amendments)
        assert amended == (before >= 0)
        labels = {"fr": "plafond du financement", "en": "funding cap",
                  "es": "tope de financiación", "pt": "teto do financiamento"}
        days = {"fr": "15 mai 2026", "en": "May 15, 2026", "es": "15 de mayo de 2026",
                "pt": "15 de maio de 2026"}
        for lang, label in labels.items():
            second = report.render(lang).splitlines()[1].lower()
            assert (label in second and days[lang].lower() in second) == amended, second
            page = report.html(lang).lower()
            assert (label in page and days[lang].lower() in page) == amended


class TestSources:
    def test_a_missing_file_is_an_unreadable_record(self, tmp_path: Path) -> None:
        """It becomes one input error, labelled with the file, and the batch goes on."""
        missing = tmp_path / "gone.json"
        (first, second) = callrules.records(missing, EXAMPLES / "eligible.json")
        assert first.source == str(missing)
        assert isinstance(first.data, callrules.InputError)
        (problem,) = first.data.problems
        assert problem.type == "unreadable"
        assert problem.msg == f"cannot read {missing}: there is no such file or folder"
        assert problem.message("fr") == ("Le fichier ne peut pas être lu\u202f: il n’y a pas "
                                         "de fichier ou de dossier de ce nom.")
        for lang in ("en", "es", "pt"):  # the reason in the reader's words, in every language
            assert problem.message(lang).endswith(f": {phrase('os_no_such_file', lang)}.")
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
        ("id,visitors.0.id,visitors.x\nA,v1,y\n", "columns 'visitors.0.id' and 'visitors.x': "
                                                "the items of 'visitors' given both by "
                                                "position and by name"),
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
         "“FR-ZZZ” is not a known subdivision"),
        (("exchange_rates", 0, "base"), "ABC", "“ABC” is not a known currency"),
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


def _cut_around(drawn: str, kept: str, before: str, n: int, after: str) -> bool:
    """Whether ``drawn`` is ``kept`` (the start of ``before``, « … » when cut), the count
    ``n`` whole, then the start of ``after`` (« … » when cut)."""
    start = kept + ("" if kept == before else "\u2026") + str(n)
    if not drawn.startswith(start):
        return False
    rest = drawn[len(start):]
    return rest == after or (rest.endswith("\u2026") and after.startswith(rest[:-1])
                             and len(rest) - 1 < len(after))
