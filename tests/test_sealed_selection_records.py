"""Selection records are sealed: any edit is refused, any shape is a typed problem in place."""

from __future__ import annotations

import contextlib
import copy
import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

import callrules
from callrules._record import digest
from callrules._seal import seal
from callrules.selection.render import rows
from tests.conftest import eligible_dict
from tests.helpers import code_tokens, with_value
from tests.laws import settings
from tests.test_cli import run
from tests.test_selection import NOW, PANEL, cnrs_data, panel


@cache
def _record_text() -> str:
    selection = callrules.select(callrules.calls.load("cnrs-amsud-2026"), panel(),
                                 PANEL / "scores.csv", envelope=callrules.Money(6000, "EUR"),
                                 now=NOW)
    return json.dumps(callrules.selection_record(selection, decided_at=NOW))


def record() -> dict[str, Any]:
    """A sealed selection record of the documentation's panel, as read back from JSON."""
    return json.loads(_record_text())  # type: ignore[no-any-return]


def _places(value: Any, place: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every place in a record (the first two items of each list, four levels down)."""
    found = [place] if place else []
    if len(place) >= 4:
        return found
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _places(inner, (*place, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value[:2]):
            found += _places(inner, (*place, index))
    return found


PLACES = _places(record())
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 10**30), st.floats(allow_nan=False),
    st.sampled_from(["", "x", "2026-05-30T10:00:00", "9999-12-31T23:59:59+14:00", "NaN",
                     "1E+999999", "-1", "funded", "\ud800", "line", "cnrs-amsud-2026"]),
    st.just([]), st.just({}), st.just([None]), st.just({"amount": "9000", "currency": "EUR"}))


def edited(place: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """The record with one value at ``place`` replaced by ``value``."""
    return with_value(record(), place, value)  # type: ignore[no-any-return]


def _resealed(data: dict[str, Any]) -> dict[str, Any]:
    """The record sealed again after an edit, as a forger who computes the digests would."""
    data["input_digest"] = digest(data.get("inputs"))
    data["record_digest"] = seal(data)
    return data


class TestSealed:
    @settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from(PLACES), VALUES)
    def test_any_one_value_edit_is_refused(self, place: tuple[str | int, ...],
                                           value: Any) -> None:
        """An edit of any one value (envelope, instant, outcome, inputs, call named, the
        version…) is a typed problem, never a replay, let alone "the same outcome"."""
        data = edited(place, value)
        if digest(data) == digest(record()):
            return  # the same value written again: no edit
        with pytest.raises(callrules.InputError) as caught:
            callrules.replay_selection(data)
        assert caught.value.problems[0].type in ("bad_record", "unsealed_record")

    def test_the_envelope_and_outcome_edited_together_are_refused(self) -> None:
        """The attack: a bigger envelope and the reserve funded, digests untouched."""
        data = record()
        data["envelope"]["amount"] = "9000"
        for entry in data["outcome"]:
            entry["decision"] = "funded"
        with pytest.raises(callrules.InputError, match="altered"):
            callrules.replay_selection(data)

    def test_a_record_of_version_1_is_refused_as_unsealed(self) -> None:
        """Version 1 sealed nothing but its inputs: refused, with the decision records' type."""
        data = record()
        data["record_version"] = 1
        del data["record_digest"]
        with pytest.raises(callrules.InputError) as caught:
            callrules.replay_selection(data)
        assert caught.value.problems[0].type == "unsealed_record"
        data["record_version"] = True  # true is not 1, nor 2
        with pytest.raises(callrules.InputError, match="not a selection record"):
            callrules.replay_selection(data)


class TestShapes:
    @settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from(PLACES), VALUES)
    def test_any_shape_resealed_is_typed_and_an_edited_outcome_never_the_same(
            self, place: tuple[str | int, ...], value: Any) -> None:
        """Even sealed again, an edit of any one value replays or is a typed problem, and an
        edited outcome is never "the same" (``true`` is not the rank 1)."""
        data = _resealed(edited(place, value))
        try:
            replayed = callrules.replay_selection(data)
        except callrules.CallrulesError:
            return
        if place[0] == "outcome" and digest(data["outcome"]) != digest(record()["outcome"]):
            assert not replayed.same
        if not replayed.same:  # CHANGED says what changed, in words, never nothing
            assert any(key.startswith("selection_") for key, _ in replayed.words), data
            assert all(code_tokens(line) == [] for line in replayed.said("fr"))


    @pytest.mark.parametrize("depth", [300, 600, 900])
    def test_a_part_nested_deep_and_sealed_again_is_a_change_or_a_typed_problem(
            self, depth: int) -> None:
        """An outcome's part nested deeper than the library writes, sealed again, replays
        as a change or a typed problem, never an untyped error (look62t2: amounts compared
        by value read the whole outcome, and 10 of 18 depths from 100 to 950 crashed)."""
        data = record()
        deep: Any = 1
        for _ in range(depth):
            deep = [deep]
        data["outcome"][0]["reasons"] = deep
        with contextlib.suppress(callrules.CallrulesError):
            assert not callrules.replay_selection(_resealed(data)).same


#: A selection record written by callrules 0.1.0 at main 618c6682 (``callrules select
#: cnrs-amsud-2026 … --envelope "6000 EUR" --record``): APP-001 asks ``1000`` EUR and
#: APP-002 ``2186.5``, written in its outcome as the record held them.
WRITTEN_BEFORE = Path(__file__).parent / "data" / "selection-record-0.1.0.jsonl"


def _amounts(value: Any, write: Any) -> Any:
    """``value`` with each amount's text passed through ``write``."""
    if isinstance(value, dict):
        if set(value) == {"amount", "currency"}:
            return {"amount": write(value["amount"]), "currency": value["currency"]}
        return {key: _amounts(inner, write) for key, inner in value.items()}
    if isinstance(value, list):
        return [_amounts(inner, write) for inner in value]
    return value


class TestAcrossVersions:
    def test_a_record_written_before_replays_the_same_and_is_written_the_same(self) -> None:
        """A record written by 0.1.0, asking ``1000``: "same outcome", and a record of the
        same selection written now holds the same outcome, byte for byte (so it replays
        the same on 0.1.0, which compares it as written); only ``select``'s JSON and CSV
        write the currency's places (``1000.00``; the CSV wrote ``1000`` before). Before
        the mend, 290 of 300 such records said CHANGED, with no change named."""
        old = json.loads(WRITTEN_BEFORE.read_text("utf-8"))
        assert old["outcome"][0]["requested"] == {"amount": "1000", "currency": "EUR"}
        replayed = callrules.replay_selection(old)
        assert replayed.same
        # (a record of 0.1.0 names no digest of its code: said to leave it unknown; the
        # bundled call's file was edited since, its roles' labels corrected in session 54)
        assert {key for key, _ in replayed.words} <= {"replay_library_changed",
                                                      "replay_library_code_unknown",
                                                      "replay_call_edited"}
        again = callrules.selection_record(replayed.selection)
        assert json.dumps(again["outcome"]) == json.dumps(old["outcome"])
        entries = replayed.selection.to_dict()["entries"]
        assert [e["requested"]["amount"] for e in entries] == ["1000.00", "2186.50"]
        assert [[str(v) for v in row[-3:-1]] for row in rows(replayed.selection)] == [
            ["1000.00", "1000.00"], ["2186.50", "2186.50"]]  # the CSV's Requested, Funded

    def test_an_amount_is_compared_by_its_value_not_its_zeros(self) -> None:
        """The outcome's amounts written with two places (``1000.00``, as the unmended branch
        wrote them), sealed again: the same outcome; an amount asked for changed by a cent:
        CHANGED, naming the amount asked for, before and after."""
        old = json.loads(WRITTEN_BEFORE.read_text("utf-8"))
        padded = copy.deepcopy(old)
        padded["outcome"] = _amounts(old["outcome"], lambda a: a if "." in a else a + ".00")
        assert padded["outcome"] != old["outcome"]
        assert callrules.replay_selection(_resealed(padded)).same
        moved = copy.deepcopy(old)
        moved["outcome"][0]["requested"]["amount"] = "1000.01"
        replayed = callrules.replay_selection(_resealed(moved))
        assert not replayed.same
        assert [key for key, _ in replayed.words if key.startswith("selection_")] == [
            "selection_requested_changed"]
        assert replayed.said("en")[-1] == "APP-001: amount asked for €1,000.01 → €1,000.00"


def _spelled(value: Any, write: Any, decimal: bool = False) -> Any:
    """``value`` (an outcome) with each decimal's text (an entry's score and criteria, a
    reason's score and threshold) passed through ``write``."""
    if isinstance(value, dict):
        return {key: _spelled(inner, write, decimal or key in ("score", "criteria",
                                                                 "threshold"))
                for key, inner in value.items()}
    if isinstance(value, list):
        return [_spelled(inner, write, decimal) for inner in value]
    return write(value) if decimal and isinstance(value, str) else value


class TestDecimalsAcrossVersions:
    def test_a_decimal_written_either_way_replays_the_same(self, tmp_path: Path) -> None:
        """A combined score of 0 at a precision of seven places: main wrote it ``"0E-7"``
        (``str``) in the criteria and in the reason below the threshold, and such a record
        said "reasons changed" (look72p); this version writes ``"0.0000000"`` in both. Each
        spelling replays the same; a score changed by its last place is a change."""
        data = cnrs_data()
        data["selection"] = {**data["selection"], "precision": "0.0000001"}
        data["criteria"][0] = {**data["criteria"][0], "threshold": 1}  # (fit)
        call = callrules.Call.from_dict(data, source="varied.toml")
        scores = (PANEL / "scores.csv").read_text("utf-8").replace(
            "AMSUD-2026-0101,R1,fit,5", "AMSUD-2026-0101,R1,fit,0").replace(
            "AMSUD-2026-0101,R2,fit,4", "AMSUD-2026-0101,R2,fit,0")
        (tmp_path / "scores.csv").write_text(scores, "utf-8")
        selection = callrules.select(call, panel(), tmp_path / "scores.csv",
                                     envelope=callrules.Money(6000, "EUR"), now=NOW)
        written = callrules.selection_record(selection, decided_at=NOW)
        entry = next(e for e in written["outcome"] if e["application"] == "AMSUD-2026-0101")
        assert entry["criteria"]["fit"] == entry["reasons"][0]["ctx"]["score"] == "0.0000000"
        as_main = _resealed(copy.deepcopy(written))
        as_main["outcome"] = _spelled(written["outcome"], lambda d: str(Decimal(d)))
        entry = next(e for e in as_main["outcome"] if e["application"] == "AMSUD-2026-0101")
        assert entry["criteria"]["fit"] == entry["reasons"][0]["ctx"]["score"] == "0E-7"
        for data in (written, _resealed(as_main)):
            replayed = callrules.replay_selection(data, call)
            assert replayed.same and replayed.changes == (), replayed.changes
        moved = copy.deepcopy(as_main)
        moved["outcome"] = _spelled(as_main["outcome"], lambda d: d if d != "0E-7" else "1E-7")
        replayed = callrules.replay_selection(_resealed(moved), call)
        assert not replayed.same
        assert set(replayed.changes) == {"AMSUD-2026-0101: criteria changed",
                                         "AMSUD-2026-0101: reasons changed"}


class TestCommandLine:
    def test_each_line_is_replayed_or_refused_in_place(self, tmp_path: Path) -> None:
        """A good selection record, one naming its call by a number, one whose outcome names
        no application, then a decision record: lines 2 and 3 NOT REPLAYED, 1 and 4
        replayed, exit 2."""
        call0, appnull = record(), record()
        call0["call"] = 0
        appnull["outcome"][0]["application"] = None
        decision = callrules.decision_record(callrules.calls.load("cnrs-amsud-2026"),
                                             eligible_dict(), now=NOW)
        path = tmp_path / "records.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in (
            record(), _resealed(call0), _resealed(appnull), decision)), "utf-8")
        done = run("replay", str(path))
        assert done.returncode == 2, done.stderr
        lines = done.stdout.splitlines()
        assert lines[0] == "selection for cnrs-amsud-2026: same outcome"
        assert [n for n, line in enumerate(lines) if "NOT REPLAYED" in line] == [1, 3]
        assert lines[-1].endswith(": same verdict")

    def test_an_outcome_changed_and_sealed_again_is_a_change(self, tmp_path: Path) -> None:
        """A recorded outcome that the inputs do not give, its seal computed again: CHANGED
        with what moved (exit 1); not sealed again: NOT REPLAYED (exit 2)."""
        data = copy.deepcopy(record())
        data["outcome"][0]["rank"] = True
        path = tmp_path / "selection.jsonl"
        path.write_text(json.dumps(data) + "\n", "utf-8")
        assert run("replay", str(path)).returncode == 2
        path.write_text(json.dumps(_resealed(data)) + "\n", "utf-8")
        done = run("replay", str(path))
        assert done.returncode == 1 and "CHANGED" in done.stdout
        assert ": rank True → 1" in done.stdout
