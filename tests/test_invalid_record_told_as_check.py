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

from hypothesis import HealthCheck, given
from hypothesis import strategies as st

import callrules
from callrules._cli import main
from tests.helpers import code_tokens
from tests.laws import settings
from tests.test_batch_answer_size import _LISTS, record
from tests.test_selection import AT, NOW, PANEL, panel

#: A record of the batch: a valid application of the worked example (by its place in it), or
#: a small line with many problems (a list of empty objects, some padding).
_RECORDS = st.one_of(
    st.integers(0, 3),
    st.tuples(_LISTS, st.integers(1, 120), st.integers(0, 600)))


def _lines(chosen: list[Any]) -> list[str]:
    apps = panel()
    return [json.dumps(apps[each]) if isinstance(each, int) else record(*each)
            for each in dict.fromkeys(chosen)]  # (a valid application given once)


def _run(command: str, file: Path, *extra: str) -> Any:
    out = io.StringIO()
    main([command, "cnrs-amsud-2026", str(file), "--at", AT, "--format", "json", *extra],
         out=out, err=io.StringIO())
    return json.loads(out.getvalue())


class _Flushed(io.StringIO):
    """Standard output that keeps what had been written at each flush."""

    def __init__(self) -> None:
        super().__init__()
        self.flushed: list[str] = []

    def flush(self) -> None:
        self.flushed.append(self.getvalue())


class TestSelectTellsARecordAsCheck:
    @settings(max_examples=15, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(chosen=st.lists(_RECORDS, min_size=1, max_size=6))
    def test_n_in_n_out_with_checks_problems_in_words(self, tmp_path: Path,
                                                      chosen: list[Any]) -> None:
        """Law: any batch of valid and invalid records: select's JSON parses and gives each
        record once (an entry or an input error); each invalid record's problems are
        check's for it (the same listed, the same count said), and its ``error`` is the
        words a person reads: no field path, no file path."""
        lines = _lines(chosen)
        file = tmp_path / "batch.jsonl"
        file.write_text("".join(line + "\n" for line in lines), "utf-8")
        told = _run("select", file, "--scores", str(PANEL / "scores.csv"),
                    "--envelope", "6000 EUR")
        checked = _run("check", file)
        assert len(told["entries"]) + len(told["input_errors"]) == len(lines)
        invalid = {item["index"]: item["input_error"] for item in checked
                   if "input_error" in item}
        assert sorted(e["record"] - 1 for e in told["input_errors"]) == sorted(invalid)
        for error in told["input_errors"]:
            assert error["problems"] == invalid[error["record"] - 1]
            assert str(tmp_path) not in error["error"] and "batch.jsonl" not in error["error"]
            assert code_tokens(error["error"]) == []

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
        out = _Flushed()
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
