"""Replaying decision records: any record, however malformed or edited, gives a result or a
typed error, and an edit of what a replay judges by is caught."""

from __future__ import annotations

import contextlib
import copy
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import callrules
from callrules._cli import main
from tests.conftest import eligible_dict

NOW = datetime(2026, 5, 1, 10, tzinfo=UTC)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                max_size=3), max_leaves=8)
PARTS = ("record_version", "call", "input", "input_digest", "now", "batch", "verdict",
         "record_digest", "library_version")


@pytest.fixture(scope="module")
def record() -> dict[str, Any]:
    call = callrules.calls.load("cnrs-amsud-2026")
    return callrules.decision_record(call, eligible_dict(), now=NOW)


class TestAnyRecord:
    @settings(max_examples=80, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(part=st.sampled_from(PARTS), value=json_values, nested=st.booleans())
    def test_a_malformed_record_is_a_typed_error(self, record: dict[str, Any], part: str,
                                                 value: Any, nested: bool) -> None:
        """Any part replaced by any JSON value (or a finding's field, or the input's id):
        a result or a typed error (an unknown call named in it is one too)."""
        bad = copy.deepcopy(record)
        if nested and part == "verdict":
            bad["verdict"]["findings"] = [{"clause": value, "code": 1, "severity": "error",
                                           "path": "x"}, {"clause": "a", "code": "b",
                                                          "severity": "error", "path": "y"}]
        elif nested and part == "input":
            bad["input"]["id"] = value
        else:
            bad[part] = value
        with contextlib.suppress(callrules.CallrulesError):  # typed, or a result
            callrules.replay(bad)

    @pytest.mark.parametrize("line", [
        b'\xff\xfe{"record_version": 2}', b"[" * 100_000 + b"]" * 100_000,
        b'{"n": ' + b"9" * 5000 + b"}", b'{"record_version": 2, "input": "\\ud800"}',
        b'"just a string"', b"{oops"], ids=["not-utf8", "deep", "huge-int", "surrogate",
                                           "string", "not-json"])
    def test_a_hostile_line_exits_2_without_a_traceback(self, tmp_path: Path,
                                                        line: bytes) -> None:
        """Each line is refused in words, with its place."""
        file = tmp_path / "r.jsonl"
        file.write_bytes(line + b"\n")
        err = io.StringIO()
        assert main(["replay", str(file)], out=io.StringIO(), err=err) == 2
        assert f"{file}:1" in err.getvalue() or "decision record" in err.getvalue()

    def test_a_lone_surrogate_in_the_input_is_refused_or_replayed(
            self, record: dict[str, Any]) -> None:
        """Text that is not valid Unicode does not escape as UnicodeEncodeError."""
        bad = copy.deepcopy(record)
        bad["input"]["id"] = "\ud800"
        with pytest.raises(callrules.InputError):
            callrules.replay(bad)


class TestEditsAreCaught:
    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(eligible=st.booleans(), codes=st.lists(st.sampled_from(["duplicate", "too_late"]),
                                                  max_size=2))
    def test_verdict_and_batch_edited_together_do_not_replay_as_same(
            self, record: dict[str, Any], eligible: bool, codes: list[str]) -> None:
        """Whatever the edit of the verdict and the batch findings, the record is refused as
        altered unless it is the record as written."""
        edited = copy.deepcopy(record)
        found = [{"clause": "one-per-host", "code": c, "severity": "error",
                  "path": "host.person.email"} for c in codes]
        edited["batch"] = found
        edited["verdict"] = {"eligible": eligible, "findings": found}
        if edited == record:
            assert callrules.replay(edited).same
            return
        with pytest.raises(callrules.InputError, match="altered"):
            callrules.replay(edited)

    def test_a_record_of_version_1_replays_with_a_note(self, record: dict[str, Any]) -> None:
        """Older records have no digest of their verdict, and replay says so."""
        old = {k: v for k, v in record.items() if k != "record_digest"}
        old["record_version"] = 1
        outcome = callrules.replay(old)
        assert outcome.same and any("version 1" in c for c in outcome.changes)


def test_records_are_json(record: dict[str, Any]) -> None:
    """A record survives a JSON round trip and replays the same."""
    assert callrules.replay(json.loads(json.dumps(record))).same
