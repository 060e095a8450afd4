"""Decision records are sealed as selection records are: any one-value edit, any added part,
is refused (or changes nothing), and records of the partly sealed versions are refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

import callrules
from callrules._record import PARTS, RECORD_VERSION
from callrules._seal import digest, seal
from tests.conftest import eligible_dict
from tests.helpers import with_value
from tests.laws import settings
from tests.test_cli import run
from tests.test_sealed_selection_records import VALUES, _places
from tests.test_sealed_selection_records import record as selection_record

NOW = datetime(2026, 5, 30, 8, tzinfo=UTC)


@cache
def _record_text() -> str:
    call = callrules.calls.load("cnrs-amsud-2026")
    return json.dumps(callrules.decision_record(call, eligible_dict(), now=NOW))


def record() -> dict[str, Any]:
    """A sealed decision record of the eligible example, as read back from JSON."""
    return json.loads(_record_text())  # type: ignore[no-any-return]


PLACES = _places(record())
RECORDS = {"decision": (record, callrules.replay),
           "selection": (selection_record, callrules.replay_selection)}


class TestEveryPartSealed:
    def test_every_part_but_the_input_is_under_the_seal(self) -> None:
        """The record holds exactly its parts, and its seal is over all of them."""
        data = record()
        assert set(data) == PARTS
        assert data["record_version"] == RECORD_VERSION == 3
        assert data["record_digest"] == seal(data)

    @settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from(PLACES), VALUES)
    def test_any_one_value_edit_is_refused_or_a_no_op(self, place: tuple[str | int, ...],
                                                      value: Any) -> None:
        """Law: an edit of any one value (the instant of the decision, the call's id,
        version or digest, the library, the verdict, the input…) is a typed problem, or
        writes the same value again and replays the same."""
        data = with_value(record(), place, value)
        if digest(data) == digest(record()):
            assert callrules.replay(data).same
            return
        with pytest.raises(callrules.InputError) as caught:
            callrules.replay(data)
        assert caught.value.problems[0].type in ("bad_record", "unsealed_record")

    @settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
    @given(kind=st.sampled_from(sorted(RECORDS)), inside=st.booleans(),
           key=st.text(min_size=1, max_size=12), value=VALUES)
    def test_an_added_part_is_refused_in_either_kind_of_record(
            self, kind: str, inside: bool, key: str, value: Any) -> None:
        """A part the record does not have (beside the others, or in the call it names),
        even sealed again by a forger, is refused: nothing stands beside the seal unjudged."""
        make, replay = RECORDS[kind]
        data = make()
        where = data["call"] if inside else data
        if key in where:
            return
        where[key] = value
        data["record_digest"] = seal(data)
        with pytest.raises(callrules.InputError) as caught:
            replay(data)
        assert caught.value.problems[0].type == "bad_record"
        assert "altered" in caught.value.problems[0].msg

    @pytest.mark.parametrize("version", [1, 2])
    def test_records_of_the_partly_sealed_versions_are_refused(self, version: int) -> None:
        """Versions 1 and 2 left parts unsealed: unsealed_record, whatever they hold."""
        data = record()
        data["record_version"] = version
        with pytest.raises(callrules.InputError) as caught:
            callrules.replay(data)
        assert caught.value.problems[0].type == "unsealed_record"


class TestCommandLine:
    @pytest.mark.parametrize("edit", [
        lambda r: r.update(decided_at="2026-05-31T10:00:00+02:00"),
        lambda r: r["call"].update(version="7"),
        lambda r: r["call"].update(digest=r["call"]["digest"].upper()),
        lambda r: r.update(library_version="0.1.0; verified by the funder"),
        lambda r: r.update(signed_by="the funder"),
        lambda r: r["call"].update(note="checked"),
    ], ids=["decided-at", "call-version", "call-digest", "library", "extra", "call-extra"])
    def test_the_attackers_edits_exit_2(self, tmp_path: Path, edit: Any) -> None:
        """Each edit the attacker replayed as "same verdict" (exit 0) is refused as altered,
        exit 2, never a note that the call definition changed."""
        data = record()
        edit(data)
        path = tmp_path / "r.jsonl"
        path.write_text(json.dumps(data) + "\n", "utf-8")
        done = run("replay", str(path))
        assert done.returncode == 2, done.stdout
        assert "NOT REPLAYED" in done.stdout and "same verdict" not in done.stdout
        assert "call definition" not in done.stdout
