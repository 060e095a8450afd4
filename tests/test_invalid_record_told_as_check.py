"""``select`` and ``plan`` tell a record that is not a valid application as ``check`` tells
it: the same problems listed (a few for a small record, the others counted: ``listed_for``),
in words for a person, and keep no more of it than ``check`` does (no traceback, whose frames
held the parse: 107 KB a record of 105 bytes; plan listed 51 problems where check lists 9:
att86 F1, F2)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given
from hypothesis import strategies as st

import callrules
from callrules._cli import main
from callrules._report import BatchItem
from callrules._sourced import Sourced
from callrules.exceptions import InputError, InputProblem, listed_for, weighed
from callrules.selection import ranking
from tests.helpers import Flushed, code_tokens
from tests.laws import settings
from tests.test_batch_answer_size import _LISTS, record
from tests.test_selection import AT, NOW, PANEL, panel

#: A record of the batch: a valid application of the worked example (by its place in it, as
#: often as drawn: a repeat), its first one's twin that cannot be judged ("twin": its id, a
#: line in a currency without a rate), or a small line with many problems (a list of empty
#: objects, some padding).
_RECORDS = st.one_of(
    st.integers(0, 3),
    st.just("twin"),
    st.tuples(_LISTS, st.integers(1, 120), st.integers(0, 600)))


def _twin() -> dict[str, Any]:
    """The first application of the worked example, one of its lines in US dollars without
    a rate: its id, a record that cannot be judged (``same_id_unjudged`` beside it)."""
    twin = panel()[0]
    twin["budget"]["lines"][0]["amount"]["currency"] = "USD"
    twin.pop("exchange_rates", None)
    return twin


def _lines(chosen: list[Any]) -> list[str]:
    apps = panel()
    return [json.dumps(apps[each]) if isinstance(each, int) else
            json.dumps(_twin()) if each == "twin" else record(*each) for each in chosen]


def _run(command: str, file: Path, *extra: str) -> Any:
    out = io.StringIO()
    main([command, "cnrs-amsud-2026", str(file), "--at", AT, "--format", "json", *extra],
         out=out, err=io.StringIO())
    return json.loads(out.getvalue())


class TestSelectTellsARecordAsCheck:
    @settings(max_examples=15, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(chosen=st.lists(_RECORDS, min_size=1, max_size=6))
    @example(chosen=[0, "twin", 0, "twin"])  # a twin, repeats: another record named
    def test_n_in_n_out_with_checks_problems_in_words(self, tmp_path: Path,
                                                      chosen: list[Any]) -> None:
        """Law: any batch of valid and invalid records, repeats and an unjudged twin among
        them: select's JSON parses and gives each record once (an entry or an input error);
        each invalid record's problems are check's for it (the same listed, the same count
        said), beside select's own notes (a repeat, a twin), and its ``error`` is the words
        a person reads: no field path, no code, and another record named by its file's
        folder and name as the text names it, never its whole path."""
        lines = _lines(chosen)
        file = tmp_path / "batches" / "batch.jsonl"  # (a folder named in words)
        file.parent.mkdir(exist_ok=True)
        file.write_text("".join(line + "\n" for line in lines), "utf-8")
        told = _run("select", file, "--scores", str(PANEL / "scores.csv"),
                    "--envelope", "6000 EUR")
        checked = _run("check", file)
        assert len(told["entries"]) + len(told["input_errors"]) == len(lines)
        invalid = {item["index"]: item["input_error"] for item in checked
                   if "input_error" in item}
        own = ("repeated_record", "same_id_unjudged")  # (select's, over the batch)
        for error in told["input_errors"]:
            problems = [p for p in error["problems"] if p["type"] not in own]
            if not any(p["type"] == "repeated_record" for p in error["problems"]):
                assert problems == invalid[error["record"] - 1]  # (a repeat: told as one)
            assert str(tmp_path) not in error["error"] and code_tokens(error["error"]) == []
            if len(problems) < len(error["problems"]):  # another record named, as the text
                assert "batches/batch.jsonl" in error["error"]
        assert {e["record"] - 1 for e in told["input_errors"]} >= set(invalid)

    @settings(max_examples=10, deadline=None)
    @given(field=_LISTS, count=st.integers(1, 120), padding=st.integers(0, 600))
    def test_the_error_kept_holds_no_traceback(self, field: str, count: int,
                                               padding: int) -> None:
        """Law: the error a selection keeps for a record read from text holds no traceback
        (nor the exception it was raised from) and lists what ``check`` lists for it."""
        text = record(field, count, padding) + "\n"
        call = callrules.calls.load("cnrs-amsud-2026")

        def stream() -> Any:
            return callrules.records("-", stdin=io.BytesIO(text.encode()), input_format="jsonl")

        selection = callrules.select(call, stream(), [], envelope=callrules.Money("1", "EUR"),
                                     now=NOW)
        (_, _, error), = selection.unread
        assert error.__traceback__ is None and error.__context__ is None
        (item,) = callrules.evaluate_many(call, stream(), now=NOW, progress=False)
        assert item.error is not None
        assert [p.to_dict() for p in error.problems] == [
            p.to_dict() for p in item.error.problems]


class TestPlanTellsARecordAsCheck:
    @settings(max_examples=10, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(chosen=st.lists(_RECORDS, min_size=1, max_size=5))
    def test_n_in_n_out_with_checks_problems(self, tmp_path: Path, chosen: list[Any]) -> None:
        """Law: any batch of valid and invalid records: plan's JSON parses and gives one
        object for each record, in order; an invalid record's problems are check's for it
        (the same listed, the same count said)."""
        lines = _lines(chosen)
        file = tmp_path / "batch.jsonl"
        file.write_text("".join(line + "\n" for line in lines), "utf-8")
        out = Flushed()
        main(["plan", "cnrs-amsud-2026", str(file), "--at", AT, "--format", "json"], out=out,
             err=io.StringIO())
        planned = json.loads(out.getvalue())
        checked = _run("check", file)
        assert [item["index"] for item in planned] == list(range(len(lines)))
        # each plan flushed as it is made: a run a signal stops there leaves whole plans
        flushed = list(dict.fromkeys(out.flushed))[:len(lines)]
        assert [json.loads(text + "\n]") for text in flushed] == [
            planned[:k] for k in range(1, len(lines) + 1)]
        for made, item in zip(planned, checked, strict=True):
            assert made.get("input_error") == item.get("input_error")

    def test_the_text_names_the_record_as_french_writes_a_colon(self, tmp_path: Path) -> None:
        """plan's text names an invalid record as check's does: in French, a narrow no-break
        space before the colon (look77s F5)."""
        file = tmp_path / "batch.jsonl"
        file.write_text(record("visitors", 3, 0) + "\n", "utf-8")
        out = io.StringIO()
        main(["plan", "cnrs-amsud-2026", str(file), "--at", AT, "--lang", "fr"], out=out,
             err=io.StringIO())
        assert out.getvalue().splitlines()[0].endswith("ligne 1\u202f:")


class TestOneRecordToldAlikeInEveryFormat:
    @settings(max_examples=10, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(count=st.integers(1, 40), paddings=st.lists(st.integers(0, 900), min_size=1,
                                                        max_size=3, unique=True))
    def test_the_same_problems_from_json_lines_an_array_and_csv(
            self, tmp_path: Path, count: int, paddings: list[int]) -> None:
        """Law: the same invalid records given as JSON Lines, as a JSON array and as CSV
        are told alike by check, select and plan: the same problems listed, the same count
        of the others (a record of an array or a CSV row weighed as its JSON text, not as
        one built in Python: 51 problems, selmend77 F1)."""
        records = [{"visitors": [{"id": f"v{i}"} for i in range(count)], "id": "A" + "x" * pad}
                   for pad in paddings]  # (an id too long beyond 99: one problem more)
        texts = [json.dumps(r, separators=(",", ":")) for r in records]
        header = [f"visitors.{i}.id" for i in range(count)] + ["id"]
        files = {"jsonl": "".join(t + "\n" for t in texts), "json": f"[{','.join(texts)}]",
                 "csv": "\r\n".join(",".join(row) for row in [header, *(
                     [*(f"v{i}" for i in range(count)), r["id"]] for r in records)])}
        told: dict[str, list[Any]] = {}
        for suffix, text in files.items():
            file = tmp_path / f"batch.{suffix}"
            file.write_text(text, "utf-8")
            selected = _run("select", file, "--scores", str(PANEL / "scores.csv"),
                            "--envelope", "6000 EUR")["input_errors"]
            told[suffix] = [[item["input_error"] for item in _run("check", file)],
                            [item["input_error"] for item in _run("plan", file)],
                            [error["problems"] for error in selected]]
        for said in told["jsonl"]:  # (each record told by its size: never 50 and a count)
            assert [len(listed) <= listed_for(len(text)) + 1
                    for listed, text in zip(said, texts, strict=True)] == [True] * len(texts)
        assert told["json"] == told["jsonl"]
        assert told["csv"] == told["jsonl"]


class TestSameIdNote:
    def test_the_note_is_kept_when_the_problems_fill_the_list(
            self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A record that cannot be judged, with more problems than its size lists, keeps
        the note that its id is a judged one's: before the count of the others, which
        counts them all (the note never cut into the count: look77s F2)."""
        file = tmp_path / "batch.jsonl"
        file.write_text(json.dumps(panel()[0]) + "\n" + json.dumps(_twin()) + "\n", "utf-8")
        many = tuple(InputProblem(("budget", "lines", i, "amount"), "missing_exchange_rate",
                                  f"no rate {i}") for i in range(60))
        evaluate = ranking.evaluate_many

        def unjudged(call: Any, apps: Any, **options: Any) -> list[BatchItem]:
            items = list(evaluate(call, apps, **options))
            *judged, last = items  # (the twin: 60 problems, as evaluate_many keeps them)
            return [*judged, BatchItem(last.index, None, weighed(InputError(many), None))]

        monkeypatch.setattr(ranking, "evaluate_many", unjudged)
        call = callrules.calls.load("cnrs-amsud-2026")
        selection = callrules.select(call, callrules.records(file), PANEL / "scores.csv",
                                     envelope=callrules.Money("6000", "EUR"), now=NOW)
        (_, _, error), = selection.unread
        listed = listed_for(len(json.dumps(_twin())))
        types = [p.type for p in error.problems]
        assert types == ["missing_exchange_rate"] * listed + ["same_id_unjudged",
                                                              "more_problems"]
        assert error.problems[-1].ctx == {"count": str(60 - listed)}


class TestARecordWeighedOnlyWhenRefused:
    @settings(max_examples=10, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(chosen=st.lists(_RECORDS, min_size=1, max_size=6))
    @example(chosen=[0, 1, 2, 3])  # all judged: none written as JSON text
    @example(chosen=[0, "twin"])  # refused once judged: weighed then
    def test_only_a_refused_record_is_written_as_json_text(
            self, monkeypatch: pytest.MonkeyPatch, chosen: list[Any]) -> None:
        """Law: a batch of records of a JSON array given as a list: select measures as text
        only the records it refuses (unreadable, or refused once read), never one judged
        (its JSON text written for every record: 7 % of the parse, reread77 F3), and tells
        each refused one as check does (the same problems listed, the same count said)."""
        records = [Sourced(f"batch.json[{i}]", json.loads(line))
                   for i, line in enumerate(_lines(chosen))]
        measured: list[str] = []
        size = ranking.text_size

        def counted(record: Any) -> int | None:
            measured.append(record.source)
            return size(record)

        monkeypatch.setattr(ranking, "text_size", counted)
        call = callrules.calls.load("cnrs-amsud-2026")
        selection = callrules.select(call, records, PANEL / "scores.csv",
                                     envelope=callrules.Money("6000", "EUR"), now=NOW)
        checked = {item.index: item.error for item in callrules.evaluate_many(
            call, records, now=NOW, progress=False)}
        own = ("repeated_record", "same_id_unjudged")
        refused = [(number, source, error) for number, source, error in selection.unread
                   if not any(p.type == "repeated_record" for p in error.problems)]
        assert sorted(measured) == sorted(source for _, source, _ in refused)
        for number, _, error in refused:
            told = checked[number - 1]
            assert told is not None
            assert [p.to_dict() for p in error.problems if p.type not in own] == [
                p.to_dict() for p in told.problems]
