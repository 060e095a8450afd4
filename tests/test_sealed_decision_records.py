"""Decision records are sealed as selection records are: any one-value edit, any added part,
is refused (or changes nothing), and records of the partly sealed versions are refused."""

from __future__ import annotations

import copy
import json
import tomllib
from collections import Counter
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given
from hypothesis import strategies as st

import callrules
from callrules._i18n import words_said
from callrules._record import (
    PARTS,
    PARTS_READING,
    PARTS_RULES,
    RECORD_VERSION,
    RECORD_VERSION_NAMED,
    RECORD_VERSION_UNNAMED,
    reading_digest,
)
from callrules._seal import digest, seal
from callrules._zone_database import zone_database
from tests.conftest import ROOT, eligible_dict
from tests.helpers import with_value
from tests.laws import settings
from tests.test_cli import run
from tests.test_definitions import minimal_call
from tests.test_rate_tables import LODGING, application, table_call
from tests.test_replay_work import hosts_in_turn
from tests.test_sealed_selection_records import VALUES, _places
from tests.test_sealed_selection_records import record as selection_record

NOW = datetime(2026, 5, 30, 8, tzinfo=UTC)


@cache
def _record_text() -> str:
    call = callrules.calls.load("cnrs-amsud-2026")
    return json.dumps(callrules.decision_record(call, eligible_dict(), now=NOW))


def as_written_before(made: dict[str, Any]) -> dict[str, Any]:
    """``made`` as session 49 wrote it: of version 4 when its batch findings name their
    rules, else of version 3, without the call's batch rules and time-zone database."""
    before = {k: v for k, v in copy.deepcopy(made).items() if k in PARTS}
    before["record_version"] = (RECORD_VERSION_NAMED if any("rule" in f for f in made["batch"])
                                else RECORD_VERSION_UNNAMED)
    before["record_digest"] = seal(before)
    return before


def record() -> dict[str, Any]:
    """A sealed decision record of the eligible example, as read back from JSON."""
    return json.loads(_record_text())  # type: ignore[no-any-return]


PLACES = _places(record())
RECORDS = {"decision": (record, callrules.replay),
           "selection": (selection_record, callrules.replay_selection)}



def _said_once(replayed: callrules.Replay, lang: str) -> bool:
    """Whether each change of ``replayed`` is said in ``lang``, a sentence once (the lines
    for a program, a finding each, may be more: a rule's findings at many places are one
    sentence, rpl75; two findings said alike, the sentence once, with how many places:
    rplmend75)."""
    said = replayed.said(lang)
    return bool(said) == bool(replayed.changes) and len(said) == len(set(said)) <= len(
        replayed.changes) and len(said) <= len(replayed.words)


class TestEveryPartSealed:
    def test_every_part_but_the_input_is_under_the_seal(self) -> None:
        """The record holds exactly its parts, and its seal is over all of them."""
        data = record()
        assert set(data) == PARTS_READING
        assert data["record_version"] == RECORD_VERSION == 6
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


@cache
def _batch_record_text() -> str:
    """A record of the second application of a batch from one host (its ``duplicate`` under
    ``batch`` and in the verdict), its stay too long too."""
    call = callrules.calls.load("cnrs-amsud-2026")
    first, second = eligible_dict(), eligible_dict()
    second["id"], second["submitted_at"] = "AMSUD-2026-0099", "2026-05-30T10:00:00-03:00"
    second["visitors"][0]["stay"]["departure"] = "2026-12-30"
    batch = callrules.evaluate_many(call, [first, second], now=NOW, progress=False)
    spanning = [f for f in batch[1].report.findings if f.clause == "one-per-host"]
    assert spanning
    return json.dumps(callrules.decision_record(call, second, now=NOW, batch=spanning))


def _every_place(value: Any, place: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every place in a record but inside its input (whose edits are evaluated again)."""
    found = [place] if place else []
    if place[:1] == ("input",):
        return found
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _every_place(inner, (*place, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _every_place(inner, (*place, index))
    return found


def _near(value: Any) -> list[Any]:
    """Values a forger would write instead of ``value``: of another type that a loose
    reader takes for it (``1`` for ``true``), a text changed a little, a list or an object
    with one item more or less."""
    if isinstance(value, bool):
        return [int(value), not value, str(value).lower()]
    if isinstance(value, str):
        return [value + "x", value.upper(), "", value + " "]
    if isinstance(value, list):
        return [value[1:], value + value[:1], value[::-1], [*value, None]]
    if isinstance(value, dict):
        return [{**value, "signed_by": "the funder"},
                *({k: v for k, v in value.items() if k != key} for key in value)]
    return [None, str(value)]


def _decision(data: dict[str, Any]) -> tuple[str, list[str], list[str]]:
    """The decision a record holds, type for type (``1`` is not ``true``), the order of its
    findings aside."""
    def texts(findings: Any) -> list[str]:
        return sorted(map(json.dumps, findings)) if isinstance(findings, list) else [
            json.dumps(findings)]
    verdict = data.get("verdict")
    found = verdict.get("findings") if isinstance(verdict, dict) else None
    rest = {k: v for k, v in verdict.items() if k != "findings"} if isinstance(
        verdict, dict) else verdict
    return json.dumps(rest, sort_keys=True), texts(found), texts(data.get("batch"))


_RECORDS = {"alone": _record_text, "batch": _batch_record_text}


class TestResealedEdits:
    @settings(max_examples=80, deadline=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(kind=st.sampled_from(sorted(_RECORDS)), data=st.data())
    def test_a_resealed_edit_never_replays_as_same_unless_the_decision_is(
            self, kind: str, data: st.DataObject) -> None:
        """Law (att62: a part added in the verdict or a finding, ``"eligible": 1``, a batch
        finding edited with its copy in the verdict, each sealed again, replayed "same
        verdict"): an edit anywhere in a real record (a part added, removed or changed, at
        any depth; a batch finding and its copy in the verdict edited alike), its digests
        computed again by the documented recipe, is refused (typed), or replays as CHANGED,
        or leaves the decision equal, type for type."""
        original = json.loads(_RECORDS[kind]())
        edited = json.loads(_RECORDS[kind]())
        place = data.draw(st.sampled_from(_every_place(original)), label="place")
        old = original
        for step in place:
            old = old[step]
        removing = data.draw(st.booleans(), label="remove") and isinstance(place[-1], str)
        value = None if removing else data.draw(st.sampled_from(_near(old)), label="value")
        twins = [place]
        if place[:1] == ("batch",) and len(place) > 1:  # its copy in the verdict, alike
            copy_at = original["verdict"]["findings"].index(original["batch"][place[1]])
            twins.append(("verdict", "findings", copy_at, *place[2:]))
        for where in twins:
            inner: Any = edited
            for step in where[:-1]:
                inner = inner[step]
            if removing:
                del inner[where[-1]]
            else:
                inner[where[-1]] = json.loads(json.dumps(value))
        if isinstance(edited.get("input"), dict):
            edited["input_digest"] = digest(edited["input"])
        if place != ("record_digest",):
            edited["record_digest"] = seal(edited)
        try:
            outcome = callrules.replay(edited)
        except (callrules.UnknownCallError, callrules.InputError):  # (typed: refused)
            return
        if outcome.same:
            assert _decision(edited) == _decision(original), (place, value, removing)
        else:
            assert outcome.changes and _said_once(outcome, "fr")

    @pytest.mark.parametrize(("edit", "part"), [
        (lambda r: r["verdict"].update(eligible=0), "decision_part_verdict"),
        (lambda r: r["verdict"].update(signed_by="the funder"), "decision_part_verdict"),
        (lambda r: r["verdict"]["findings"][0].update(note="x"), "decision_part_verdict_finding"),
        (lambda r: r["batch"][0].update(note="x"), "decision_part_batch_finding"),
        (lambda r: r["batch"][0].pop("path"), "decision_part_batch_finding"),
        (lambda r: r["batch"][0].update(severity="fatal"), "decision_part_batch_finding"),
        (lambda r: r.update(batch={}), "decision_part_batch"),
    ], ids=["eligible-0", "verdict-extra", "finding-extra", "batch-extra", "batch-no-path",
            "severity", "batch-object"])
    def test_a_part_read_strictly_is_named_in_words(self, edit: Any, part: str) -> None:
        """A part added, missing or of another kind in the recorded decision is refused
        (sealed again or not), naming where in the reader's words, no code in them."""
        data = json.loads(_batch_record_text())
        edit(data)
        data["record_digest"] = seal(data)
        with pytest.raises(callrules.InputError) as caught:
            callrules.replay(data)
        (problem,) = caught.value.problems
        assert problem.ctx is not None and problem.ctx["part"] == part
        for lang in ("en", "fr", "es", "pt"):
            said = problem.message(lang)
            assert "_" not in said and "%(" not in said and "(None)" not in said, said
        assert problem.message("fr").startswith("Dans cet enregistrement, ")

    def test_a_batch_finding_edited_with_its_copy_is_refused(self) -> None:
        """A batch finding and its copy in the verdict renamed alike, sealed again: no rule
        of the call makes it, refused as altered (before: "same verdict")."""
        data = json.loads(_batch_record_text())
        copy_at = data["verdict"]["findings"].index(data["batch"][0])
        for finding in (data["batch"][0], data["verdict"]["findings"][copy_at]):
            finding["path"] = "host.person.given_name"
        data["record_digest"] = seal(data)
        with pytest.raises(callrules.InputError) as caught:
            callrules.replay(data)
        assert caught.value.problems[0].ctx == {"template": "record_batch_not_of_call"}

    def test_a_record_s_batch_is_never_its_verdict_s(self) -> None:
        """The record made holds the batch findings and their copies in the verdict apart:
        an edit of one in memory leaves the other as it was."""
        call = callrules.calls.load("cnrs-amsud-2026")
        first, second = eligible_dict(), eligible_dict()
        second["id"] = "AMSUD-2026-0099"
        batch = callrules.evaluate_many(call, [first, second], now=NOW, progress=False)
        made = callrules.decision_record(call, second, now=NOW, batch=[
            f for f in batch[1].report.findings if f.clause == "one-per-host"])
        made["batch"][0]["clause"] = "edited"
        assert all(f["clause"] != "edited" for f in made["verdict"]["findings"])

    def test_a_finding_of_no_batch_rule_is_refused_as_a_batch_finding(self) -> None:
        """``decision_record(batch=…)`` takes the findings of the call's rules spanning a
        batch only: another would make a record that replays as altered."""
        call = callrules.calls.load("cnrs-amsud-2026")
        data = eligible_dict()
        data["visitors"][0]["stay"]["departure"] = "2026-12-30"
        other = callrules.evaluate(call, data, now=NOW).findings
        with pytest.raises(callrules.ArgumentError) as caught:
            callrules.decision_record(call, data, now=NOW, batch=other)
        assert caught.value.code == "batch_not_of_call"

    def test_a_batch_finding_of_a_rule_the_call_no_longer_has_is_gone(self) -> None:
        """Replayed against a call whose batch rule was removed since, the batch finding is
        not taken as recorded: told as gone, the verdict now eligible (never refused as an
        edit of the record, which it is not)."""
        file = ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml"
        data = tomllib.loads(file.read_text("utf-8"))
        data["version"] = "2"
        data["clauses"] = [c for c in data["clauses"] if c.get("id") != "one-per-host"]
        data["rules"] = [r for r in data["rules"] if r.get("clause") != "one-per-host"]
        record = json.loads(_batch_record_text())
        record["input"]["visitors"][0]["stay"]["departure"] = eligible_dict()[
            "visitors"][0]["stay"]["departure"]
        record["input_digest"] = digest(record["input"])
        record["verdict"]["findings"] = [f for f in record["verdict"]["findings"]
                                         if f["clause"] != "duration"]
        record["record_digest"] = seal(record)
        outcome = callrules.replay(record, callrules.Call.from_dict(data))
        assert not outcome.same
        assert outcome.changes[-2:] == (
            "verdict: eligible False → True",
            "finding gone: one-per-host duplicate at host.person.email")


def _shared_clause_call() -> dict[str, Any]:
    """A call whose one clause holds a one-per-host ``unique`` rule and an ordinary rule
    (look62r: every finding of that clause was taken as a batch finding)."""
    data = minimal_call({"op": "unique", "path": "host.person.email",
                         "order_by": "submitted_at"})
    data["rules"].append({"clause": data["rules"][0]["clause"],
                          "check": {"op": "present", "path": "host.unit.kind"}})
    return data


class TestBatchFindingsOfAClause:
    def test_a_batch_with_both_kinds_of_findings_is_recorded_whole(self,
                                                                   tmp_path: Path) -> None:
        """``check --record`` on a batch whose applications fail the ordinary rule, the
        batch rule, both or neither: N results, N records, each replayed as the same
        verdict (before: 0 results, 0 records, exit 2)."""
        call = tmp_path / "call.json"
        call.write_text(json.dumps(_shared_clause_call(), default=str), "utf-8")
        apps = []
        for number in range(6):
            app = eligible_dict()
            app["id"] = f"A{number}"
            app["submitted_at"] = f"2026-05-0{number + 2}T10:00:00+02:00"
            app["host"]["person"]["email"] = f"h{number % 4}@example.org"  # (4, 5: twice)
            if number % 2:
                app["host"]["unit"].pop("kind", None)
            apps.append(app)
        inputs, records = tmp_path / "apps.jsonl", tmp_path / "records.jsonl"
        inputs.write_text("".join(json.dumps(a) + "\n" for a in apps), "utf-8")
        done = run("check", str(call), str(inputs), "--at", "2026-06-02 09:00 Europe/Paris",
                   "--record", str(records), "--format", "jsonl")
        assert done.returncode == 1 and done.stderr == ""
        results = [json.loads(line) for line in done.stdout.splitlines()]
        assert len(results) == 6 and sum(not r["eligible"] for r in results) == 4
        made = [json.loads(line) for line in records.read_text("utf-8").splitlines()]
        assert len(made) == 6
        assert sorted(len(r["batch"]) for r in made) == [0, 0, 0, 0, 1, 1]
        assert all(f["code"] == "duplicate" for r in made for f in r["batch"])
        again = run("replay", str(records), "--call", str(call))
        assert again.returncode == 0 and again.stdout.count("same verdict") == 6

    def test_a_batch_rule_amended_in_its_severity_finds_the_duplicate_still(self) -> None:
        """Replayed against a call whose ``unique`` rule is now a warning, the duplicate is
        said as such, never as no longer found (before: "No longer found")."""
        file = ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml"
        data = tomllib.loads(file.read_text("utf-8"))
        data["version"] = "2"
        next(r for r in data["rules"] if r["clause"] == "one-per-host")["severity"] = "warning"
        outcome = callrules.replay(json.loads(_batch_record_text()),
                                   callrules.Call.from_dict(data))
        assert not outcome.same
        assert not any(c.startswith("finding gone") for c in outcome.changes)
        assert "finding's severity error → warning: one-per-host duplicate at " \
               "host.person.email" in outcome.changes
        said = outcome.said("fr")
        assert any(s.startswith("Désormais un avertissement") for s in said), said

    def test_a_batch_finding_listed_twice_is_one_in_a_record_written_so(self) -> None:
        """A record of version 3 listing a batch finding twice (in its batch and its
        verdict: an earlier library wrote so a finding given both in ``batch`` and in
        ``report``) replays as the same verdict; the library's own record lists it once,
        and one of version 5 listing it twice was edited: "changed", said in words, with
        its batch or without it (att72: "same")."""
        call = callrules.calls.load("cnrs-amsud-2026")
        first, second = eligible_dict(), eligible_dict()
        second["id"], second["submitted_at"] = "AMSUD-2026-0099", "2026-05-30T10:00:00-03:00"
        item = callrules.evaluate_many(call, [first, second], now=NOW, progress=False)[1]
        spanning = [f for f in item.report.findings if f.code == "duplicate"]
        made = callrules.decision_record(call, second, now=NOW, batch=spanning,
                                         report=item.report)
        assert len(made["batch"]) == 1
        made["batch"] *= 2
        made["verdict"]["findings"] += made["batch"][:1]
        made["record_digest"] = seal(made)
        assert callrules.replay(as_written_before(made)).same
        for batch in (None, [first, second]):
            told = callrules.replay(made, batch=batch)
            assert told.outcome == "changed", told.changes
            assert told.said("en") == ("Found a different number of times: a problem with "
                                       "host's e-mail address under the clause “One "
                                       "application per host” (before: 2, now: 1).",), (
                told.said("en"))

    @pytest.mark.parametrize("severity", ["warning", "error"])
    def test_two_batch_rules_on_one_field_each_keep_their_findings(self,
                                                                   severity: str) -> None:
        """A clause with two ``unique`` rules on one field (case-sensitive, and
        case-insensitive of ``severity``): each application's record lists every finding of
        its report, and replays as the same verdict; so does a record written as an earlier
        library wrote it (each batch finding listed twice: given in ``batch`` and in
        ``report``). Before (look62r2): refused (an error and a warning), or one finding
        where the report has two (two errors)."""
        rule = {"op": "unique", "path": "visitors.person.email", "order_by": "submitted_at"}
        data = minimal_call(rule)
        data["rules"].append({"clause": data["rules"][0]["clause"], "severity": severity,
                              "check": {**rule, "case_insensitive": True}})
        call = callrules.Call.from_dict(data)
        apps = []
        for number in range(4):
            app = eligible_dict()
            app["id"], app["submitted_at"] = f"P{number}", f"2026-05-0{number + 2}T09:00:00Z"
            del app["visitors"][1:]
            app["visitors"][0]["person"]["email"] = "Same@x.org" if number % 2 else "same@x.org"
            apps.append(app)
        for item in callrules.evaluate_many(call, apps, now=NOW, progress=False):
            made = callrules.decision_record(call, apps[item.index], now=NOW,
                                             report=item.report)
            found = sorted(f["severity"] for f in made["verdict"]["findings"]
                           if f["code"] == "duplicate")
            assert found == sorted(f.severity.value for f in item.report.findings
                                   if f.code == "duplicate")
            # (P1 repeats P0 but in case; P2 and P3 repeat P0 and P1 exactly, too)
            assert len(made["batch"]) == len(found) == [0, 1, 2, 2][item.index]
            assert callrules.replay(made, call).same
            # (as an earlier library wrote it: of version 3, naming no rule, each listed twice)
            made = as_written_before(made)
            made["record_version"] = 3
            made["batch"] = [{k: v for k, v in f.items() if k != "rule"} for f in made["batch"]]
            made["verdict"]["findings"] += made["batch"]
            made["batch"] *= 2
            made["record_digest"] = seal(made)
            assert callrules.replay(made, call).same

    @settings(max_examples=40, deadline=None)
    @given(rules=st.lists(st.tuples(st.booleans(), st.sampled_from([None, "submitted_at"]),
                                    st.sampled_from(["error", "warning"]),
                                    st.sampled_from(["error", "warning"])),
                          min_size=1, max_size=3),
           emails=st.lists(st.lists(st.sampled_from(["same@x.org", "SAME@x.org",
                                                     "other@x.org"]), min_size=1, max_size=2),
                           min_size=2, max_size=3),
           days=st.permutations(range(3)), reordered=st.booleans(),
           edits=st.lists(st.sampled_from(["", "", "order", "case"]), min_size=3, max_size=3))
    @example(rules=[(False, "submitted_at", "error", "error"),
                    (False, "submitted_at", "error", "warning")],
             emails=[["same@x.org"], ["same@x.org"]], days=[0, 1, 2], reordered=False,
             edits=["", "", ""])
    @example(rules=[(False, "submitted_at", "error", "error"),
                    (True, "submitted_at", "error", "warning")],
             emails=[["same@x.org"], ["same@x.org"], ["SAME@x.org"]], days=[0, 1, 2],
             reordered=False, edits=["", "", ""])
    @example(rules=[(True, "submitted_at", "warning", "warning"),
                    (False, "submitted_at", "error", "error")],
             emails=[["other@x.org", "SAME@x.org"], ["same@x.org", "SAME@x.org"]],
             days=[0, 1, 2], reordered=True, edits=["", "", ""])
    @example(rules=[(False, None, "error", "error"), (True, "submitted_at", "error", "warning")],
             emails=[["same@x.org"], ["same@x.org"], ["SAME@x.org"]], days=[0, 1, 2],
             reordered=False, edits=["", "", ""])
    @example(rules=[(False, "submitted_at", "error", "error"),
                    (True, None, "warning", "warning")],
             emails=[["SAME@x.org"], ["same@x.org"], ["same@x.org"]], days=[2, 1, 0],
             reordered=False, edits=["order", "", ""])
    def test_a_change_of_severity_is_never_replayed_as_the_same(
            self, rules: list[tuple[bool, str | None, str, str]], emails: list[list[str]],
            days: list[int], reordered: bool, edits: list[str]) -> None:
        """A record of a batch checked by ``unique`` rules on one field (each comparing in
        the same case or in any case, ordering applications by the batch or by submission,
        of either severity; an application listing one or two visitors, two case variants
        of one address among them; submitted in any order), replayed against the call with
        some of them now of the other severity, or listed in the other order: "same"
        exactly when that call, checking the batch, takes the same decision (eligibility,
        and findings' codes, severities and counts); otherwise each finding changed is
        said. Before: two errors, the second rule now a warning, replayed as the same (454
        of 1,752 cases of three applications); then (look63r) a case variant listed second
        in an application, its finding of the rule comparing in the same case taken as the
        other rule's, a change said where none was (48 of 240 calls reordered); then
        (session 49) rules ordering applications differently, a finding matched to a rule
        by its severity, not the rule that made it (16 of 816 cases: now named in the
        record). A rule may also be changed in its order or case (``edits``): the record's
        finding of a rule the call no longer has is never replayed "same" (look65r: handed
        to a rule left over, replayed "same" though the decision differed); the law, never
        "same" when the decision differs, holds for a record naming its rules but for what
        a rule new to the call finds (batch findings are taken as recorded). A record of
        version 5 (session 50), naming its call's rules, is never "same" with another
        decision (look65r's sweep: 169 of 1,600 "same" with another decision, then 0); nor
        "changed" with the same one, what only the batch can tell said so (replay66: 374 of
        1,208), the record of version 3 or 4 written before likewise; given the batch, each
        says what the batch checked again decides."""
        def made(severities: list[str], reverse: bool = False, edited: bool = False
                 ) -> callrules.Call:
            data = minimal_call()
            listed = [{"clause": "eligibility", "severity": severity, "check": {
                "op": "unique", "path": "visitors.person.email",
                "case_insensitive": loose != (edited and edit == "case"),
                **({"order_by": "submitted_at"} if bool(order) != (edited and edit == "order")
                   else {})}}
                for (loose, order, _, _), severity, edit in zip(rules, severities, edits,
                                                                strict=False)]
            data["rules"] += listed[::-1] if reverse else listed
            return callrules.Call.from_dict(data)

        was, now = made([r[2] for r in rules]), made([r[3] for r in rules], reordered, True)
        edited = any(edits[:len(rules)])
        apps = []
        for number, listing in enumerate(emails):
            app = eligible_dict()
            app["id"] = f"P{number}"
            app["submitted_at"] = f"2026-05-0{days[number] + 2}T09:00:00Z"
            del app["visitors"][len(listing):]
            for visitor, email in zip(app["visitors"], listing, strict=True):
                visitor["person"]["email"] = email
            apps.append(app)
        before = callrules.evaluate_many(was, apps, now=NOW, progress=False)
        after = callrules.evaluate_many(now, apps, now=NOW, progress=False)
        for app, then, again in zip(apps, before, after, strict=True):
            made_then = callrules.decision_record(was, app, now=NOW, report=then.report)
            made_now = callrules.decision_record(now, app, now=NOW, report=again.report)
            decided = [(r["verdict"]["eligible"], sorted(map(str, r["verdict"]["findings"])))
                       for r in (made_then, made_now)]
            # (the record as written now, and as session 49 wrote it, of version 3 or 4:
            # "same" only with the same decision, "changed" only with another, else only
            # the batch can tell; with the batch given, the batch's decision, replay66)
            outcome = callrules.replay(made_then, now)
            written_before = as_written_before(made_then)
            earlier = callrules.replay(written_before, now)
            alike = decided[0] == decided[1]
            for replayed in (outcome, earlier):
                assert _said_once(replayed, "fr")
                assert replayed.outcome != ("changed" if alike else "same"), replayed.changes
                # (a finding gone, new or regraded is said only where it is known)
                told = [c for c in replayed.changes if c.startswith("finding")]
                assert not told or replayed.outcome == "changed", replayed.changes
            assert callrules.replay(made_then, now, batch=apps).outcome == (
                "same" if alike else "changed")
            fresh = [c for c in outcome.changes if c.startswith("batch rule new")]
            added = Counter(r.identifier for r in now.batch_rules) - Counter(
                r.identifier for r in was.batch_rules)
            assert not fresh or any(r.identifier in added and r.keys(now.parse(app))
                                    for r in now.batch_rules)
            unmade = [c for c in earlier.changes if c.startswith("batch finding's rule")]
            # (said only when a finding names a rule the call no longer has at all: removed,
            # or changed in its order or case; and always so when only the batch can tell;
            # one of a rule left in fewer copies is gone for certain, the others finding
            # what it found, rpl72)
            kept = Counter(rule.identifier for rule in now.batch_rules)
            gone = any(kept[f["rule"]] == 0 for f in made_then["batch"] if "rule" in f)
            assert not unmade or gone
            assert bool(unmade) == gone or earlier.outcome != "batch_needed"
            if not edited and earlier.outcome == "changed":
                assert any(c.startswith("finding") for c in earlier.changes), earlier.changes
            # (a record names its batch findings' rules exactly when its call has two or
            # more rules that could make one: else written as earlier versions read it)
            assert written_before["record_version"] == (
                RECORD_VERSION_NAMED if made_then["batch"] and len(rules) > 1
                else RECORD_VERSION_UNNAMED)

    def test_a_batch_finding_names_its_rule_only_when_it_must_and_truly(self) -> None:
        """Two rules of one clause on one field: a record of their batch findings names
        each one's rule (version 4), each once however often given; the same findings naming
        no rule (built by hand, or by an earlier version) make a record of version 3,
        replayed the same; a finding naming a rule of another call, or of another severity,
        is refused."""
        rule = {"op": "unique", "path": "visitors.person.email"}
        data = minimal_call(rule)
        data["rules"].append({"clause": data["rules"][0]["clause"], "severity": "warning",
                              "check": {**rule, "order_by": "submitted_at"}})
        call = callrules.Call.from_dict(data)
        apps = [eligible_dict(), eligible_dict()]
        apps[1]["id"] = "P1"
        for app in apps:
            del app["visitors"][1:]
        report = callrules.evaluate_many(call, apps, now=NOW, progress=False)[1].report
        spanning = [f for f in report.findings if f.code == "duplicate"]
        assert len({f.rule for f in spanning}) == len(spanning) == 2
        named = callrules.decision_record(call, apps[1], now=NOW, batch=spanning)
        assert named["record_version"] == RECORD_VERSION == 6
        assert {f["rule"] for f in named["batch"]} == {f.rule for f in spanning}
        plain = callrules.decision_record(call, apps[1], now=NOW,
                                          batch=[f._moved(rule=None) for f in spanning])
        assert "rule" not in plain["batch"][0]
        assert callrules.replay(named, call).same and callrules.replay(plain, call).same
        # (as session 49 wrote them: versions 4 and 3, replayed as then)
        assert as_written_before(named)["record_version"] == RECORD_VERSION_NAMED
        assert as_written_before(plain)["record_version"] == RECORD_VERSION_UNNAMED
        assert callrules.replay(as_written_before(named), call).same
        assert callrules.replay(as_written_before(plain), call).same
        # (a finding naming its rule beside one naming none: refused, as a version 4 with one)
        mixed = copy.deepcopy(named)
        del mixed["batch"][0]["rule"]
        mixed["record_digest"] = seal(mixed)
        with pytest.raises(callrules.InputError):
            callrules.replay(mixed, call)
        # (a rule makes a place once: the findings given twice, or in the report too, are
        # recorded once, never as a record its replay refuses as altered: look65r)
        for twice in ({"batch": spanning * 2}, {"batch": spanning * 2, "report": report}):
            again = callrules.decision_record(call, apps[1], now=NOW, **twice)
            assert again["batch"] == named["batch"] and callrules.replay(again, call).same
        for wrong in ("0123456789abcdef", spanning[1].rule):
            with pytest.raises(callrules.ArgumentError) as caught:
                callrules.decision_record(call, apps[1], now=NOW,
                                          batch=[spanning[0]._moved(rule=wrong)])
            assert caught.value.code == "batch_not_of_call"

    def test_a_rule_new_to_the_call_is_never_replayed_as_the_same(self) -> None:
        """A record names its call's rules spanning a batch (version 5): replayed against the
        call given a rule since, it is never "same" where that rule keys the application,
        said in words; the same rule once more (another severity), where the rule the call
        had found nothing, cannot change the decision and is not said. (Before: "same", a
        rule added finding nothing in a record: 109 of 1,600 records of a sweep.)"""
        def made(*extra: dict[str, Any]) -> callrules.Call:
            data = minimal_call({"op": "unique", "path": "visitors.person.email"})
            data["rules"] += [{"clause": "eligibility", "severity": "warning", "check": {
                "op": "unique", "path": "visitors.person.email", **more}} for more in extra]
            return callrules.Call.from_dict(data)

        was = made()
        apps = [eligible_dict(), eligible_dict()]
        apps[1]["id"] = "P1"
        apps[1]["visitors"][0]["person"]["email"] = "Other@x.org"
        reports = callrules.evaluate_many(was, apps, now=NOW, progress=False)
        first, second = (callrules.decision_record(was, app, now=NOW, report=item.report)
                         for app, item in zip(apps, reports, strict=True))
        assert first["batch"] == [] and second["batch"]  # (P1 repeats P0's second visitor)
        for extra, same_first in (({"case_insensitive": True}, False),
                                  ({"order_by": "submitted_at"}, False), ({}, True)):
            now = made(extra)
            outcome = callrules.replay(first, now)
            assert outcome.same is same_first, outcome.changes
            assert any(c.startswith("batch rule new") for c in outcome.changes) != same_first
            if not same_first:
                assert "added or changed since the decision" in outcome.said("en")[-1]
                assert "ajoutée ou modifiée depuis la décision" in outcome.said("fr")[-1]
            # (where the rule the call had found a duplicate, its twin finds one too)
            assert not callrules.replay(second, now).same
            # (as session 49 wrote them, naming no rule of the call: a rule added since
            # cannot be told from one the call had, so only the batch can tell, replay66)
            assert callrules.replay(as_written_before(first), now).outcome == "batch_needed"
            assert callrules.replay(as_written_before(first), now, batch=apps).same is (
                same_first or True)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(rules=st.lists(st.tuples(st.sampled_from(["eligibility", "other"]),
                                    st.sampled_from(["host.person.email",
                                                     "visitors.person.email"]),
                                    st.booleans(), st.booleans()), min_size=1, max_size=3),
           moved=st.booleans(), mails=st.lists(st.sampled_from(["a@x.org", "A@x.org",
                                                                 "b@x.org"]),
                                               min_size=2, max_size=3))
    def test_a_rule_moved_or_added_changes_no_decision_made_alone(
            self, rules: list[tuple[str, str, bool, bool]], moved: bool,
            mails: list[str]) -> None:
        """Law: a decision made alone (no batch: :func:`callrules.evaluate`, or a record
        evaluating it) is never changed by a rule spanning a batch, added or amended since:
        replayed "same", as it truly is (look66r: 112 of 300 "changed", "only checking the
        batch again can tell" with no batch). A decision made in a batch, its call's rules
        spanning it moved to another clause (field, order, case alike), replays "same"
        when the batch checked again decides alike (look66r: 62 of 1,208 said changed though
        the moved rule finds nothing there), but for two rules of one field told apart by
        case alone; never "same" where it decides otherwise."""
        def made(clauses: list[str], extra: bool) -> callrules.Call:
            data = minimal_call({"op": "present", "path": "host.unit.kind"})
            data["clauses"].append({"id": "other", "title": {"fr": "Autre", "en": "Other"},
                                    "text": {"fr": "Le texte.", "en": "The text."}})
            data["rules"] += [{"clause": clause, "severity": "error" if error else "warning",
                               "check": {"op": "unique", "path": path,
                                         **({"case_insensitive": True} if fold else {})}}
                              for clause, (_, path, fold, error) in zip(clauses, rules,
                                                                        strict=True)]
            if extra:
                data["rules"].append({"clause": "eligibility", "severity": "error", "check": {
                    "op": "unique", "path": "host.person.email", "case_insensitive": True}})
            return callrules.Call.from_dict(data)

        clauses = [clause for clause, *_ in rules]
        others = [{"eligibility": "other", "other": "eligibility"}[c] for c in clauses]
        was, now = made(clauses, False), made(others if moved else clauses, not moved)
        apps = []
        for n, mail in enumerate(mails):
            app = eligible_dict()
            app["id"] = f"P{n}"
            app["host"]["person"]["email"] = app["visitors"][0]["person"]["email"] = mail
            apps.append(app)
        data = callrules.decision_record(was, apps[0], now=NOW,
                                         report=callrules.evaluate(was, apps[0], now=NOW))
        assert data["in_batch"] is False
        outcome = callrules.replay(data, now)
        assert outcome.same, outcome.changes
        assert not any(c.startswith("batch rule new") for c in outcome.changes)
        # (recorded with neither its report nor batch findings: it may have been made in a
        # batch, so never taken as made alone, replay66; with its batch, alone, decided)
        data = callrules.decision_record(was, apps[0], now=NOW)
        assert data["in_batch"] is True
        assert callrules.replay(data, now).outcome in ("same", "batch_needed")
        assert callrules.replay(data, now, batch=apps[:1]).same
        if not moved:
            return
        then = callrules.evaluate_many(was, apps, now=NOW, progress=False)
        again = callrules.evaluate_many(now, apps, now=NOW, progress=False)
        for app, one, other in zip(apps, then, again, strict=True):
            data = callrules.decision_record(was, app, now=NOW, report=one.report)
            truth = callrules.decision_record(now, app, now=NOW, report=other.report)
            assert data["in_batch"] is True
            outcome = callrules.replay(data, now)
            # (never "same" where the batch checked again decides otherwise; "changed" where
            # it decides alike only for two rules of one field and order told apart by case
            # alone, which swap clauses: look66r2, the safe side)
            assert outcome.same or truth["verdict"] != data["verdict"] or len(
                {(path, error) for _, path, _, error in rules}) < len(rules), outcome.changes
            if truth["verdict"] != data["verdict"]:
                assert not outcome.same, outcome.changes

    def test_a_decision_of_a_streamed_batch_is_made_in_a_batch(self) -> None:
        """A decision of :func:`callrules.evaluate_stream` (its report leaves the rules
        spanning a batch unchecked, their findings given apart), recorded with its batch
        findings, none for it, is made in a batch: a rule spanning a batch added since that
        finds it is said, never "same" (look66r2: 31 of 1,203 "same")."""
        data = minimal_call({"op": "present", "path": "host.unit.kind"})
        was = callrules.Call.from_dict(data)
        data["rules"].append({"clause": "eligibility", "severity": "error",
                              "check": {"op": "unique", "path": "submitter.email"}})
        now = callrules.Call.from_dict(data)
        apps = []
        for n in range(2):
            app = eligible_dict()
            app["id"], app["submitted_at"] = f"P{n}", f"2026-05-0{n + 1}T09:00:00+02:00"
            app["submitter"]["email"] = "same@x.org"
            apps.append(app)
        stream = callrules.evaluate_stream(was, apps, now=NOW, progress=False)
        items, found = list(stream), stream.corrections()
        again = callrules.evaluate_many(now, apps, now=NOW, progress=False)
        for n, item in enumerate(items):
            made = callrules.decision_record(was, apps[n], now=NOW, report=item.report,
                                             batch=[f for at, f in found if at == n])
            assert made["in_batch"] is True
            if again[n].report.eligible != made["verdict"]["eligible"]:
                assert not callrules.replay(made, now).same

    def test_a_decision_made_alone_with_batch_findings_is_refused(self) -> None:
        """A record of a decision made alone holds no batch finding: one that does was
        altered (sealed again by a forger), and is refused."""
        call = callrules.Call.from_dict(minimal_call({"op": "unique",
                                                      "path": "host.person.email"}))
        apps = [eligible_dict(), eligible_dict()]
        apps[1]["id"] = "P1"
        found = callrules.evaluate_many(call, apps, now=NOW, progress=False)[1].report
        data = callrules.decision_record(call, apps[1], now=NOW, report=found)
        assert data["in_batch"] is True and data["batch"]
        data["in_batch"] = False
        data["record_digest"] = seal(data)
        with pytest.raises(callrules.InputError) as caught:
            callrules.replay(data, call)
        assert caught.value.problems[0].type == "bad_record"

    def test_the_time_zone_database_is_named_and_another_one_said(self) -> None:
        """A record names the time-zone database its call's zone was read from; replayed
        with another, a note says so (the decision worked out again is today's), in words;
        a value that is no release nor digest is refused, as a malformed part."""
        data = record()
        assert data["zone_database"] == zone_database("Europe/Paris")
        # (a key zoneinfo would refuse names no file: never one outside the database)
        assert [zone_database(k) for k in ("/etc/localtime", "../zoneinfo/UTC",
                                            "Europe/../UTC")] == ["", "", ""]
        assert callrules.replay(data).changes == ()
        for was, told in (("1999a", "decision was taken with release 1999a"),
                          ("0123456789abcdef", "not the one the decision was taken with")):
            data["zone_database"] = was
            data["record_digest"] = seal(data)
            outcome = callrules.replay(data)
            assert outcome.same and outcome.changes[0].startswith("time-zone database")
            assert told in outcome.said("en")[0] and len(outcome.said("pt")) == 1
        data["zone_database"] = "2025b; checked"
        data["record_digest"] = seal(data)
        with pytest.raises(callrules.InputError) as caught:
            callrules.replay(data)
        assert caught.value.problems[0].type == "bad_record"

    def test_a_missing_batch_is_said_missing(self) -> None:
        data = record()
        del data["batch"]
        data["record_digest"] = seal(data)
        with pytest.raises(callrules.InputError) as caught:
            callrules.replay(data)
        problem = caught.value.problems[0]
        assert problem.ctx == {"template": "record_part_absent", "part": "decision_part_batch"}
        assert problem.message("pt").startswith("Falta a este registro a sua lista"), \
            problem.message("pt")
        for part in ("batch_rules", "zone_database", "in_batch", "reading_digest"):  # (5, 6)
            data = record()
            del data[part]
            data["record_digest"] = seal(data)
            with pytest.raises(callrules.InputError) as caught:
                callrules.replay(data)
            assert caught.value.problems[0].ctx == {"template": "record_part_absent",
                                                    "part": f"decision_part_{part}"}

    @pytest.mark.parametrize("written", ["sha256:", "sha256:" + "0" * 63, "sha256:" + "G" * 64,
                                         "md5:" + "0" * 64, 6, None, ["sha256:" + "0" * 64]])
    def test_a_malformed_reading_digest_is_named(self, written: Any) -> None:
        """A reading digest is ``sha256:`` and 64 hexadecimal digits; anything else is
        refused naming the part, in words (look73r: ``sha256:`` alone was read); a text of
        another form is quoted as written, never said to be "a text" where a text is
        written (att80: « … mais un texte »)."""
        data = record()
        data["reading_digest"] = written
        data["record_digest"] = seal(data)
        with pytest.raises(callrules.InputError) as caught:
            callrules.replay(data)
        problem = caught.value.problems[0]
        assert problem.ctx["template"] == (
            "record_part_form" if isinstance(written, str) else "record_part_kind")
        assert problem.ctx["part"] == "decision_part_reading_digest"
        for lang, digits in (("fr", "chiffres hexadécimaux"), ("es", "dígitos hexadecimales"),
                             ("pt", "dígitos hexadecimais"), ("en", "hexadecimal digits")):
            said = problem.message(lang)
            assert digits in said, said
            assert not isinstance(written, str) or written[:40] in said, said


#: A ``unique`` rule as the law below draws it: its clause, field, whether it orders by the
#: submission, whether it compares in any case, and whether it is an error.
_Rule = tuple[str, str, bool, bool, bool]
_RULES = st.tuples(st.sampled_from(["eligibility", "other"]),
                   st.sampled_from(["host.person.email", "visitors.person.email"]),
                   st.booleans(), st.booleans(), st.booleans())


def _with_unique_rules(data: dict[str, Any], rules: list[_Rule]) -> callrules.Call:
    """The call of ``data`` with a clause ``other`` and a ``unique`` rule for each of
    ``rules`` (its clause, path, order, case folding and severity)."""
    data["clauses"].append({"id": "other", "title": {"fr": "Autre", "en": "Other"},
                            "text": {"fr": "Le texte.", "en": "The text."}})
    data["rules"] += [{"clause": clause, "severity": "error" if error else "warning",
                       "check": {"op": "unique", "path": path,
                                 **({"order_by": "submitted_at"} if order else {}),
                                 **({"case_insensitive": True} if fold else {})}}
                      for clause, path, order, fold, error in rules]
    return callrules.Call.from_dict(data)


def _batch_call(rules: list[_Rule]) -> callrules.Call:
    data = minimal_call({"op": "present", "path": "host.unit.kind"})
    return _with_unique_rules(data, rules)


def _amended(rules: list[_Rule], how: int, which: int, added: _Rule) -> list[_Rule]:
    """``rules`` amended as the replay sweeps amend them (look66r): a rule added, removed,
    moved to the other clause, ordered or compared otherwise, two rules swapping clauses."""
    rules, at = list(rules), which % len(rules)
    clause, path, order, fold, error = rules[at]
    if how == 0:
        rules.insert(which % (len(rules) + 1), added)
    elif how == 1:
        rules.pop(at)
    elif how == 2:
        rules[at] = ({"eligibility": "other", "other": "eligibility"}[clause], path, order,
                     fold, error)
    elif how == 3:
        rules[at] = (clause, path, not order, fold, error)
    elif how == 4:
        rules[at] = (clause, path, order, not fold, error)
    else:
        rules = [(rules[-1 - n][0], *rule[1:]) for n, rule in enumerate(rules)]
    return rules


class TestReplayAgainstItsBatch:
    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(rules=st.lists(_RULES, min_size=1, max_size=3), how=st.integers(0, 5),
           which=st.integers(0, 3), added=_RULES, same_field=st.booleans(),
           mails=st.lists(st.tuples(st.sampled_from(["a@x.org", "A@x.org", "b@x.org"]),
                                    st.sampled_from(["a@x.org", "A@x.org", "b@x.org"]),
                                    st.integers(1, 3)), min_size=2, max_size=4),
           twice=st.booleans())
    @example(rules=[("eligibility", "visitors.person.email", False, False, False),
                    ("other", "visitors.person.email", False, True, False)], how=5, which=0,
             added=("eligibility", "host.person.email", False, False, False),
             same_field=False, mails=[("a@x.org", "a@x.org", 1), ("a@x.org", "a@x.org", 1)],
             twice=False)
    @example(rules=[("eligibility", "host.person.email", False, False, True)], how=0, which=0,
             added=("other", "visitors.person.email", False, False, True), same_field=False,
             mails=[("a@x.org", "b@x.org", 1), ("c@x.org", "d@x.org", 2)], twice=True)
    def test_a_replay_is_same_or_changed_only_when_known_and_with_its_batch_as_a_check(
            self, rules: list[_Rule], how: int, which: int, added: _Rule, same_field: bool,
            mails: list[tuple[str, str, int]], twice: bool) -> None:
        """Law: every record of a batch (written now, or as session 49 wrote it, of
        version 3 or 4), replayed against its call amended in its rules spanning a batch,
        says "same" only when the batch checked again decides alike and "changed" only
        when it decides otherwise; else ``batch_needed`` (replay66: 374 of 1,208 "changed"
        though the batch decided alike; two rules of one field told apart by case alone
        that swap clauses, look66r2). Given its batch, as applications or as their
        records, the replay's answer is that of the batch checked again, for every record;
        a record made in a batch with neither ``report`` nor ``batch`` too (it is not
        taken as made alone). The same application given ``twice`` (a resubmission, the
        copy one of its duplicate): a record does not hold its place in the batch, so its
        replay is "same" when a copy's decision in the batch is the one recorded (never a
        false "changed", look71y)."""
        if same_field:  # (rules of one field, told apart by their order, case, severity)
            rules = [(rules[0][0], rules[0][1], *rule[2:]) for rule in rules]
        was, now = _batch_call(rules), _batch_call(_amended(rules, how, which, added))
        apps = []
        for n, (host, visitor, day) in enumerate(mails):
            app = eligible_dict()
            app["id"], app["submitted_at"] = f"P{n}", f"2026-05-0{day}T09:00:00+02:00"
            app["host"]["person"]["email"], app["visitors"][0]["person"]["email"] = (
                host, visitor)
            apps.append(app)
        if twice:
            apps.append(copy.deepcopy(apps[0]))
        then = callrules.evaluate_many(was, apps, now=NOW, progress=False)
        again = callrules.evaluate_many(now, apps, now=NOW, progress=False)
        made = [callrules.decision_record(was, app, now=NOW, report=item.report)
                for app, item in zip(apps, then, strict=True)]
        for n, (app, data, truth) in enumerate(zip(apps, made, again, strict=True)):
            decided = [_decision(callrules.decision_record(now, app, now=NOW, report=item.report)
                                 )[:2] for other, item in zip(apps, again, strict=True)
                       if other == app]  # (its copies' decisions in the batch)
            own = _decision(callrules.decision_record(now, app, now=NOW, report=truth.report))
            alike = _decision(data)[:2] in decided
            told = {"same": alike, "changed": own[:2] != _decision(data)[:2]}
            # (the batch given as its applications, or as the records of them)
            for written, batch in ((data, apps), (as_written_before(data), made)):
                outcome = callrules.replay(written, now)
                assert told.get(outcome.outcome, True), (outcome.outcome, outcome.changes)
                assert outcome.same is (outcome.outcome == "same")
                checked = callrules.replay(written, now, batch=batch)
                assert checked.outcome == ("same" if alike else "changed"), (
                    checked.changes, n)
            # (made in a batch, recorded with neither its report nor its batch findings)
            bare = callrules.decision_record(was, app, now=NOW)
            assert bare["in_batch"] is True
            if not data["batch"]:
                assert callrules.replay(bare, now, batch=apps).outcome == (
                    "same" if alike else "changed")
                assert told.get(callrules.replay(bare, now).outcome, True)

    def test_a_rule_alike_or_moved_since_is_decided_from_the_record_alone(self) -> None:
        """A rule added alike to one the call had (another severity) or the very rule moved
        to another clause finds what the rule it was found: the record alone decides, as
        the batch checked again does (rpl72: "cannot tell without its batch"); a finding
        moved is said as such, in the reader's words, never as one gone and one new."""
        rule = ("eligibility", "host.person.email", False, False, True)
        was = _batch_call([rule])
        apps = [eligible_dict(), eligible_dict(), eligible_dict()]
        apps[1]["id"], apps[2]["id"] = "P1", "P2"
        apps[2]["host"]["person"]["email"] = "other@x.org"
        then = callrules.evaluate_many(was, apps, now=NOW, progress=False)
        made = [callrules.decision_record(was, app, now=NOW, report=item.report)
                for app, item in zip(apps, then, strict=True)]
        assert [len(data["batch"]) for data in made] == [0, 1, 0]
        alike = _batch_call([rule, (*rule[:4], False)])
        moved = _batch_call([("other", *rule[1:])])
        for now, outcomes in ((alike, ["same", "changed", "same"]),
                              (moved, ["same", "changed", "same"])):
            for data, expected in zip(made, outcomes, strict=True):
                alone = callrules.replay(data, now)
                assert alone.outcome == expected, alone.changes
                assert callrules.replay(data, now, batch=apps).outcome == expected
        found = callrules.replay(made[1], alike)  # (a warning now beside the error)
        assert found.said("en")[-1].startswith("Newly found: a problem with host"), found.said()
        assert _said_once(found, "pt")
        told = callrules.replay(made[1], moved)
        assert not any(c.startswith("finding") for c in told.changes), told.changes
        # (given the batch, said alike: moved, never one gone and one new, rpl73)
        assert callrules.replay(made[1], moved, batch=apps).said("en") == told.said("en")
        # (moved and made a warning: said moved and now a warning, never moved alone,
        # rpmend72, nor "newly found" by a rule alike, rpl73; with its batch or without)
        for batch in (None, apps):
            regraded = callrules.replay(made[1], _batch_call([("other", *rule[1:4], False)]),
                                        batch=batch)
            assert regraded.outcome == "changed"
            assert [c.split(":")[0] for c in regraded.changes] == [
                "call definition", "verdict", "batch rule moved to another clause",
                "finding's severity error → warning"], regraded.changes
            assert regraded.said("en")[-1] == (
                "Now a warning, no longer an error: the problem with host's e-mail address "
                "under the clause “Other”, found in its batch."), regraded.said("en")
            assert _said_once(regraded, "fr")
        said = {lang: told.said(lang)[-1].replace("\u202f", " ")
                for lang in ("en", "fr", "es", "pt")}
        assert "now under the clause “Other”" in said["en"], said
        assert "désormais au titre de la clause « Autre »" in said["fr"], said
        assert all("Other" not in said[lang] and "Autre" in said[lang]
                   for lang in ("fr", "es", "pt")), said

    def test_a_batch_is_checked_once_a_version_and_read_again_when_given_anew(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Records of one batch decided at two instants, the call's rate table amended
        between them, so that an application judged at the first is refused at the second
        (no rate in force): each record replayed against the batch is decided as a fresh
        check at its instant decides (rpl72: the check of the first instant held for the
        second, the refused application still counted by the rule spanning the batch:
        "changed"), the batch checked once a version however the records alternate
        (rpmend72: checked again at each switch). A batch edited in place is known by the
        very list alone, as documented: read again when given anew (a new list)."""
        import callrules._record as record_module

        checks = []
        stream = record_module.evaluate_stream
        monkeypatch.setattr(record_module, "evaluate_stream",
                            lambda *args, **kwargs: checks.append(1) or stream(*args, **kwargs))
        amended = copy.deepcopy(LODGING)
        amended["versions"][1]["rows"] = [{"key": ["paris"], "value": "150.00"}]
        table = table_call(parameters={"lodging_night": {"history": [
            {"from": datetime(2026, 1, 1), "value": LODGING},
            {"from": datetime(2026, 3, 1), "value": amended}]}})
        data = table.definition.model_dump(mode="json", by_alias=True)
        data["rules"].append({"clause": data["rules"][0]["clause"], "severity": "error",
                              "check": {"op": "unique", "path": "host.person.email"}})
        call = callrules.Call.from_dict(data)
        apps = [application("elsewhere", "2026-09-14", 1, "80.00"),
                application("paris", "2026-09-14", 1, "100.00")]
        apps[1]["id"] = "P1"
        made = []
        for month in (2, 3):
            now = datetime(2026, month, 15, tzinfo=UTC)
            checked = callrules.evaluate_many(call, apps, now=now, progress=False)
            made.append(callrules.decision_record(call, apps[1], now=now,
                                                  report=checked[1].report))
        assert [f["code"] for data in made for f in data["batch"]] == ["duplicate"]
        batch = copy.deepcopy(apps)
        assert [callrules.replay(data, call, batch=batch).outcome
                for data in (*made, *made, *made)] == ["same"] * 6
        assert len(checks) == 2  # (one a version)
        batch[0]["host"]["person"]["email"] = "third@x.org"  # (P1 no longer a duplicate)
        assert callrules.replay(made[0], call, batch=batch).outcome == "same"  # (not seen)
        assert callrules.replay(made[0], call, batch=list(batch)).outcome == "changed"

    def test_a_held_batch_keeps_the_checks_of_its_last_versions(self) -> None:
        """A batch held keeps one check a key, the last :data:`CHECKS` of them, the oldest
        let go first; a key checked again is the last."""
        from callrules import _held_batch

        inputs = _held_batch.held_inputs([object()], tuple)
        last = _held_batch.CHECKS + 1
        for key in (*range(last), 1, last):
            _held_batch.hold_check(inputs, key, f"check {key}")
        assert [_held_batch.held_check(inputs, key) for key in range(last + 1)] == [
            None, "check 1", None, *(f"check {key}" for key in range(3, last + 1))]

    def test_a_batch_without_the_record_s_application_is_refused_in_words(self) -> None:
        """A batch given that does not hold the record's application as it was decided (an
        application of another content, or none) is an :class:`ArgumentError` said in the
        reader's words, never a replay against another batch; a rule added since that only
        the batch can tell is said so, in words, and decided with the batch."""
        was, now, apps, then = _rule_added_since()
        data = callrules.decision_record(was, apps[1], now=NOW, report=then[1].report)
        outcome = callrules.replay(data, now)
        assert (outcome.outcome, outcome.same, outcome.batch_needed) == (
            "batch_needed", False, True)
        assert "added or changed since the decision" in outcome.said("en")[-1]
        assert callrules.replay(data, now, batch=apps).outcome == "changed"
        other = copy.deepcopy(apps)
        other[1]["host"]["person"]["email"] = "third@x.org"
        for batch in (other, apps[:1], []):
            with pytest.raises(callrules.ArgumentError) as caught:
                callrules.replay(data, now, batch=batch)
            assert caught.value.code == "batch_without_record"
            assert caught.value.words is not None
            assert "lot donné ne contient pas" in words_said(caught.value.words, "fr")

    def test_the_command_line_replays_against_a_batch_and_exits_3_without_it(
            self, tmp_path: Path) -> None:
        """``callrules replay --batch``: the records' own file as their batch decides what
        a record alone cannot tell, as the API does; without it, such a record is said
        "cannot tell without its batch", exit 3 (none changed for certain)."""
        was, now, apps, then = _rule_added_since()
        records = tmp_path / "records.jsonl"
        records.write_text("".join(json.dumps(callrules.decision_record(
            was, app, now=NOW, report=item.report)) + "\n" for app, item in zip(
                apps, then, strict=True)), encoding="utf-8")
        call_file = tmp_path / "call.json"
        call_file.write_text(json.dumps(now.definition.model_dump(mode="json", by_alias=True)),
                             encoding="utf-8")
        done = run("replay", str(records), "--call", str(call_file), "--lang", "fr")
        assert done.returncode == 3, done
        assert done.stdout.count("IMPOSSIBLE À DIRE SANS SON LOT") == 2, done.stdout
        done = run("replay", str(records), "--call", str(call_file), "--batch", str(records))
        assert done.returncode == 1 and "CANNOT TELL" not in done.stdout, done
        assert done.stdout.count("same verdict") == 1, done.stdout
        assert done.stdout.count("CHANGED") == 1, done.stdout

    def test_the_command_line_says_a_moved_rule_s_duplicate_changed_without_a_verdict(
            self, tmp_path: Path) -> None:
        """att80: the bundled call's one-per-host rule moved to the clause ``host``, the call
        made version 2 with a new cap: the duplicate's record is "CHANGED", exit 1 — its
        finding under the clause it was recorded under can never be found again (look74v:
        "cannot tell", exit 3, where every batch says changed) — with no verdict line, the
        rule not checked listed, never "the verdict has changed: … it now is" (the batch: not
        eligible still, the finding moved); the first application, which the moved rule may
        now refuse, "cannot tell without its batch". The rule moved alone: "CHANGED", exit
        1, said moved, and no line says the verdict changed (it did not)."""
        apps = [eligible_dict(), eligible_dict()]
        apps[1]["id"] = "A2"
        apps[1]["submitted_at"] = "2026-05-29T10:00:00+02:00"
        source = tmp_path / "batch.json"
        source.write_text(json.dumps(apps), encoding="utf-8")
        records = tmp_path / "rec.jsonl"
        done = run("check", "cnrs-amsud-2026", str(source), "--at", "2026-06-02T09:00:00+02:00",
                   "--record", str(records))
        assert done.returncode == 1, done
        rule = 'clause = "one-per-host"\ncheck = { op = "unique", path = "host.person.email"'
        assert _BUNDLED.count(rule) == 1
        moved = _BUNDLED.replace(rule, rule.replace('"one-per-host"', '"host"'))
        calls = {"moved": moved, "changed": moved.replace('version = "1"', 'version = "2"', 1)
                 .replace('cap = { amount = "3100.00"', 'cap = { amount = "4000.00"', 1)}
        assert calls["changed"].count("4000.00") == 1
        for name, text in calls.items():
            (tmp_path / f"{name}.toml").write_text(text, encoding="utf-8")
        told = {(name, lang): run("replay", str(records), "--call",
                                  str(tmp_path / f"{name}.toml"), "--lang", lang)
                for name in calls for lang in ("en", "fr")}
        changed = told["changed", "en"]
        assert changed.returncode == 1, changed
        assert "A2: CHANGED" in changed.stdout and "No longer found" in changed.stdout, \
            changed.stdout
        assert changed.stdout.count("CANNOT TELL WITHOUT ITS BATCH") == 1, changed.stdout
        assert "verdict has changed" not in changed.stdout, changed.stdout
        assert "IMPOSSIBLE À DIRE SANS SON LOT" in told["changed", "fr"].stdout
        checked = run("replay", str(records), "--call", str(tmp_path / "changed.toml"),
                      "--batch", str(records))
        assert checked.returncode == 1 and "Moved:" in checked.stdout, checked
        assert "verdict has changed" not in checked.stdout, checked.stdout
        alone = told["moved", "en"]
        assert alone.returncode == 1, alone
        assert "A2: CHANGED" in alone.stdout and "Moved:" in alone.stdout, alone.stdout
        assert "verdict has changed" not in alone.stdout, alone.stdout
        assert f"{apps[0]['id']}: same verdict" in alone.stdout, alone.stdout

    def test_a_batch_file_missing_or_empty_is_said_once_and_nothing_replayed(
            self, tmp_path: Path) -> None:
        """``callrules replay --batch`` naming a file that is missing or empty, or a folder
        holding nothing: one line naming it, in words, exit 2, nothing replayed (look71y:
        "the batch does not hold the application" for every record)."""
        records = tmp_path / "records.jsonl"
        records.write_text(json.dumps(callrules.decision_record(
            callrules.calls.load("cnrs-amsud-2026"), eligible_dict(), now=NOW, batch=[]))
            + "\n", encoding="utf-8")
        (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
        (tmp_path / "folder").mkdir()
        for name, words in (("nope.jsonl", "cannot be read"), ("empty.jsonl", "is empty"),
                            ("folder", "holds no application and no decision record")):
            done = run("replay", str(records), "--batch", str(tmp_path / name))
            assert (done.returncode, done.stdout) == (2, ""), done
            assert done.stderr.count("\n") == 1 and name in done.stderr, done.stderr
            assert words in done.stderr and "does not hold" not in done.stderr, done.stderr

    def test_a_generator_given_as_the_batch_of_several_records_is_read_once(self) -> None:
        """One generator given as the batch of each record in turn: read once, and every
        record replayed against it as against the list (look71y: the records after the
        first were refused, ``batch_without_record``, the generator spent)."""
        was, apps, made = _hosts_shared(3)
        given = (app for app in apps)
        assert [callrules.replay(data, was, batch=given).outcome for data in made] == [
            "same"] * 3

    def test_each_record_of_a_held_batch_finds_its_application_by_index(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Records of one batch replayed one after another find their application through
        the batch's index, built once (reread51: each replay read the whole batch again to
        find it, quadratic over the batch), the same places as reading it: a copy without
        its id too, and a record whose application is not there refused."""
        import callrules._batch_index as index_module

        built = []
        by_id = index_module._by_id
        monkeypatch.setattr(index_module, "_by_id",
                            lambda inputs: built.append(1) or by_id(inputs))
        was, apps, made = _hosts_shared(4)
        given = (*apps, json.dumps(apps[0]))
        assert [callrules.replay(data, was, batch=given).outcome for data in made] == [
            "same"] * 4
        assert built == [1]
        with pytest.raises(callrules.ArgumentError) as refused:
            callrules.replay(made[3], was, batch=given[:3])
        assert refused.value.code == "batch_without_record"

    def test_a_batch_is_read_with_no_lock_of_every_batch_held(self) -> None:
        """The caller's code that a batch runs as it is read (a generator's, a list's items')
        runs with the lock every replay needs free (reread51: a generator replaying another
        batch as it was read hung for ever), an iterator still read once."""
        from callrules import _held_batch

        def read(batch: Any) -> tuple[Any, ...]:
            assert not _held_batch._lock.locked()
            return tuple(batch)

        def generated() -> Any:
            yield _held_batch.held_inputs([1, 2], read)  # (another batch, meanwhile)
            yield 3

        given = generated()
        assert _held_batch.held_inputs(given, read) == ((1, 2), 3)
        assert _held_batch.held_inputs(given, read) == ((1, 2), 3)  # (held: read once)
        assert [_held_batch.held_inputs(batch, read) for batch in ([4], (5,))] == [(4,), (5,)]


def _hosts_shared(count: int) -> tuple[callrules.Call, list[dict[str, Any]], list[dict[str, Any]]]:
    """A call of one application per host, ``count`` applications two hosts share in turn,
    and the decision record of each, made in their batch."""
    return hosts_in_turn(_batch_call([("eligibility", "host.person.email", False, False, True)]),
                         count, 2, NOW)


def _rule_added_since() -> tuple[callrules.Call, callrules.Call, list[dict[str, Any]],
                                 callrules.BatchResult]:
    """A call of one application per host, the same call with a rule spanning the batch
    added since, two applications of two hosts and their batch checked by the first."""
    was = _batch_call([("eligibility", "host.person.email", False, False, True)])
    now = _batch_call([("eligibility", "host.person.email", False, False, True),
                       ("other", "visitors.person.email", False, True, True)])
    apps = [eligible_dict(), eligible_dict()]
    apps[1]["id"] = "P1"
    apps[1]["host"]["person"]["email"] = "other@x.org"
    return was, now, apps, callrules.evaluate_many(was, apps, now=NOW, progress=False)


def _reading_call(rules: list[_Rule], rated: bool) -> callrules.Call:
    """A call of a lodging rate by place, with ``rules`` spanning a batch: every place
    rated when ``rated``, else Paris alone (an application elsewhere is refused, no rate
    in force for its place, and so compared by none of those rules)."""
    table = copy.deepcopy(LODGING)
    table["versions"][1]["rows"] = [{"key": ["paris"], "value": "150.00"},
                                    *([{"key": ["*"], "value": "90.00"}] if rated else [])]
    data = table_call(table=table).definition.model_dump(mode="json", by_alias=True)
    return _with_unique_rules(data, rules)


def _judged_then_and_now(
        was: callrules.Call, now: callrules.Call,
        apps: list[tuple[str, str, str, int, str]], *, twice: bool,
) -> tuple[list[dict[str, Any]], list[Any], list[Any]]:
    """A batch of one visitor an application, each ``(place, host's address, visitor's
    address, day of May it was submitted, lodging)``, its first application given twice
    when ``twice``, and its evaluations by the call as it was and as it is now."""
    batch = []
    for n, (place, host, visitor, day, lodging) in enumerate(apps):
        app = application(place, "2026-09-14", 1, lodging)
        app["id"], app["submitted_at"] = f"P{n}", f"2026-05-0{day}T09:00:00+02:00"
        app["host"]["person"]["email"] = host
        app["visitors"][0]["person"]["email"] = visitor
        batch.append(app)
    if twice:
        batch.append(copy.deepcopy(batch[0]))
    return (batch, list(callrules.evaluate_many(was, batch, now=NOW, progress=False)),
            list(callrules.evaluate_many(now, batch, now=NOW, progress=False)))


def as_version_5(made: dict[str, Any]) -> dict[str, Any]:
    """``made`` as session 52 wrote it: of version 5, without its call's reading digest."""
    before = {k: v for k, v in copy.deepcopy(made).items() if k in PARTS_RULES}
    before["record_version"] = 5
    before["record_digest"] = seal(before)
    return before


class TestReplayOfABatchReadOtherwise:
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(rules=st.lists(_RULES, min_size=1, max_size=2), amend=st.booleans(),
           how=st.integers(0, 5), which=st.integers(0, 3), added=_RULES,
           rated=st.tuples(st.booleans(), st.booleans()),
           apps=st.lists(st.tuples(st.sampled_from(["paris", "elsewhere"]),
                                   st.sampled_from(["a@x.org", "A@x.org", "b@x.org"]),
                                   st.sampled_from(["a@x.org", "b@x.org"]), st.integers(1, 3)),
                         min_size=2, max_size=4),
           twice=st.booleans())
    @example(rules=[("eligibility", "host.person.email", False, False, True)], amend=False,
             how=0, which=0, added=("other", "host.person.email", False, False, True),
             rated=(False, True), apps=[("elsewhere", "a@x.org", "a@x.org", 1),
                                        ("paris", "a@x.org", "b@x.org", 2)], twice=False)
    @example(rules=[("eligibility", "host.person.email", False, False, True)], amend=False,
             how=0, which=0, added=("other", "host.person.email", False, False, True),
             rated=(True, False), apps=[("elsewhere", "a@x.org", "a@x.org", 1),
                                        ("paris", "a@x.org", "b@x.org", 2)], twice=False)
    def test_a_replay_says_same_exactly_when_a_fresh_check_of_its_batch_decides_alike(
            self, rules: list[_Rule], amend: bool, how: int, which: int, added: _Rule,
            rated: tuple[bool, bool], apps: list[tuple[str, str, str, int]], twice: bool
            ) -> None:
        """Law: replay(record) is "same" only when a fresh check of its batch by the call
        given decides as recorded (its verdict and findings), "changed" only when it decides
        otherwise, else "batch needed"; given the batch, exactly the fresh check's answer.
        Batches of duplicates (in the same case or not), of applications the call refuses
        (no rate in force for their place) then or now but not both, of the same
        application twice, against a call amended in its rates, in its rules spanning a
        batch, or both; each record as written (version 6), as session 52 wrote it
        (version 5) and as session 49 did (3 or 4). (look72r: an application refused then
        and judged now made the record's a duplicate, replayed "same".)"""
        was = _reading_call(rules, rated[0])
        now = _reading_call(_amended(rules, how, which, added) if amend else rules, rated[1])
        batch, then, again = _judged_then_and_now(
            was, now, [(*app, "80.00") for app in apps], twice=twice)

        def decided(call: callrules.Call, app: dict[str, Any], item: Any) -> Any:
            return None if item.report is None else _decision(callrules.decision_record(
                call, app, now=NOW, report=item.report))[:2]

        for app, item in zip(batch, then, strict=True):
            if item.report is None:  # (refused then: no record)
                continue
            made = callrules.decision_record(was, app, now=NOW, report=item.report)
            copies = [decided(now, other, fresh) for other, fresh
                      in zip(batch, again, strict=True) if other == app]
            alike = _decision(made)[:2] in copies
            told = {"same": alike, "changed": not alike}
            for written in (made, as_version_5(made), as_written_before(made)):
                outcome = callrules.replay(written, now)
                assert told.get(outcome.outcome, True), (
                    written["record_version"], outcome.outcome, outcome.changes)
                checked = callrules.replay(written, now, batch=batch)
                assert checked.outcome == ("same" if alike else "changed"), (
                    written["record_version"], checked.changes)

    def test_a_call_reading_the_batch_otherwise_is_said_in_words(self) -> None:
        """The record of an application whose batch held one the call then refused (no rate
        for its place) and the call now judges, a duplicate of it now: its replay without
        the batch says that only the batch tells, why, in four languages (look72r: "same"),
        of a record of version 6 or 5; given the batch, "changed"."""
        rule = ("eligibility", "host.person.email", False, False, True)
        was, now = _reading_call([rule], False), _reading_call([rule], True)
        batch = [application("elsewhere", "2026-09-14", 1, "80.00"),
                 application("paris", "2026-09-14", 1, "80.00")]
        batch[1]["id"] = "P1"
        then = callrules.evaluate_many(was, batch, now=NOW, progress=False)
        assert then[0].report is None
        made = callrules.decision_record(was, batch[1], now=NOW, report=then[1].report)
        for written in (made, as_version_5(made)):
            told = callrules.replay(written, now)
            assert told.outcome == "batch_needed", told.changes
            said = {lang: told.said(lang)[-1].replace("\u202f", " ")
                    for lang in ("en", "fr", "es", "pt")}
            assert "may accept or refuse other applications" in said["en"], said
            assert "peut accepter ou refuser d’autres candidatures" in said["fr"], said
            assert "puede aceptar o rechazar otras candidaturas" in said["es"], said
            assert "pode aceitar ou recusar outras candidaturas" in said["pt"], said
            assert callrules.replay(written, now, batch=batch).outcome == "changed"


def _call_changed(rules: list[_Rule], rated: bool, paris: str, renamed: bool
                  ) -> callrules.Call:
    """The call of :func:`_reading_call` (its rate for Paris ``paris``), its clause
    ``other`` renamed ``host`` when ``renamed`` (its rules with it)."""
    table = copy.deepcopy(LODGING)
    table["versions"][1]["rows"] = [{"key": ["paris"], "value": paris},
                                    *([{"key": ["*"], "value": "90.00"}] if rated else [])]
    data = table_call(table=table).definition.model_dump(mode="json", by_alias=True)
    made = _with_unique_rules(data, rules).definition.model_dump(mode="json", by_alias=True)
    if renamed:
        for part in (*made["clauses"], *made["rules"]):
            for name in ("id", "clause"):
                if part.get(name) == "other":
                    part[name] = "host"
    return callrules.Call.from_dict(made)


#: What a replay without its batch says of the verdict, by its words' keys.
_VERDICT_SAID = {"replay_now_eligible": True, "replay_now_ineligible": False}
#: The words saying that a rule spanning a batch was not checked again.
_NOT_CHECKED = {"replay_batch_rule_new", "replay_batch_rule_unknown",
                "replay_batch_rule_read_again", "replay_batch_rule_gone"}


class TestReplayWithoutItsBatchSaysOnlyWhatItKnows:
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(rules=st.lists(_RULES, min_size=1, max_size=3),
           amended=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3), _RULES),
                            max_size=2),
           renamed=st.booleans(), rated=st.tuples(st.booleans(), st.booleans()),
           paris=st.sampled_from(["150.00", "160.00", "70.00"]),
           apps=st.lists(st.tuples(st.sampled_from(["paris", "elsewhere"]),
                                   st.sampled_from(["a@x.org", "A@x.org", "b@x.org"]),
                                   st.sampled_from(["a@x.org", "b@x.org"]), st.integers(1, 3),
                                   st.sampled_from(["80.00", "120.00"])),
                         min_size=2, max_size=4),
           twice=st.booleans())
    # (att80: the duplicate rule moved to another clause, a parameter changed: "the verdict
    # has changed: … it now is", where the batch says not eligible still)
    @example(rules=[("other", "host.person.email", True, True, True)],
             amended=[(2, 0, ("other", "host.person.email", False, False, True))],
             renamed=False, rated=(True, True), paris="160.00",
             apps=[("paris", "a@x.org", "a@x.org", 1, "80.00"),
                   ("paris", "A@x.org", "b@x.org", 2, "80.00")], twice=False)
    # (its clause renamed, a rate added; and a finding of its own rules gone beside it)
    @example(rules=[("other", "host.person.email", False, False, True)], amended=[],
             renamed=True, rated=(False, True), paris="150.00",
             apps=[("paris", "a@x.org", "a@x.org", 1, "80.00"),
                   ("paris", "a@x.org", "b@x.org", 2, "120.00")], twice=False)
    @example(rules=[("eligibility", "host.person.email", False, False, True)],
             amended=[(2, 0, ("other", "host.person.email", False, False, True))],
             renamed=False, rated=(True, True), paris="160.00",
             apps=[("paris", "a@x.org", "a@x.org", 1, "120.00"),
                   ("paris", "a@x.org", "b@x.org", 2, "150.00")], twice=False)
    def test_a_replay_without_its_batch_never_says_what_its_batch_contradicts(
            self, rules: list[_Rule], amended: list[tuple[int, int, _Rule]], renamed: bool,
            rated: tuple[bool, bool], paris: str,
            apps: list[tuple[str, str, str, int, str]], twice: bool) -> None:
        """Law (att80): a record of a batch replayed without it, against its call changed in
        any of the ways a call changes (a rule spanning a batch moved to another clause, its
        clause renamed, rules added or removed, ordered or compared otherwise, a rate added
        or removed, a rate changed), says "same" only where the replay given the batch says
        "same", "changed" only where it says "changed", that the verdict changed only where
        the batch's verdict is the one it names, and a decision changed but not its verdict
        only where the batch's verdict is the one recorded or where it says which rule
        spanning a batch it did not check; each record as written (6), as session 52 wrote
        it (5) and as session 49 did (3, 4). (An application given twice: the verdict of
        either copy in the batch checked again, a record not holding its place.)"""
        now_rules = rules
        for how, which, added in amended:
            now_rules = _amended(now_rules, how, which, added) if now_rules else [added]
        was = _call_changed(rules, rated[0], "150.00", False)
        now = _call_changed(now_rules or rules, rated[1], paris, renamed)
        batch, then, again = _judged_then_and_now(was, now, apps, twice=twice)
        for app, item in zip(batch, then, strict=True):
            if item.report is None:  # (refused then: no record)
                continue
            made = callrules.decision_record(was, app, now=NOW, report=item.report)
            # (the verdicts of its copies in the batch checked again: a record does not
            # hold its place, and a copy's decision may be its own)
            verdicts = {None if fresh.report is None else fresh.report.eligible
                        for other, fresh in zip(batch, again, strict=True) if other == app}
            for written in (made, as_version_5(made), as_written_before(made)):
                alone = callrules.replay(written, now)
                checked = callrules.replay(written, now, batch=batch)
                seen = (written["record_version"], alone.changes, checked.changes)
                assert alone.outcome in ("batch_needed", checked.outcome), seen
                keys = {key for key, _ in alone.words}
                for key in keys & _VERDICT_SAID.keys():
                    assert _VERDICT_SAID[key] in verdicts, seen
                refused = any(key.startswith("replay_input_refused_was_") for key in keys)
                assert refused is (checked.refused is not None), seen
                if alone.outcome == "changed" and not refused and not keys & {
                        *_VERDICT_SAID, *_NOT_CHECKED}:
                    assert made["verdict"]["eligible"] in verdicts, seen
                assert alone.same is (alone.outcome == "same")
                assert checked.outcome != "batch_needed"
                # (``verdict_changed``, for a program: what the words say, and never what
                # the batch contradicts; given the batch, always known, rpl75)
                recorded = made["verdict"]["eligible"]
                assert checked.verdict_changed is (
                    checked.refused is not None or (checked.report is not None
                    and checked.report.eligible is not recorded)), seen
                if alone.same or refused or keys & _VERDICT_SAID.keys() or alone.batch_needed:
                    assert alone.verdict_changed is (
                        False if alone.same else None if alone.batch_needed else True), seen
                else:  # (changed, no verdict said: the same, or not known, rules said)
                    assert alone.verdict_changed is False or (
                        alone.verdict_changed is None and keys & _NOT_CHECKED), seen
                if alone.verdict_changed is not None:
                    assert {not recorded if alone.verdict_changed else recorded} & verdicts \
                        or refused, seen


_BUNDLED = (ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml").read_text(
    encoding="utf-8")
_DEADLINE = "deadline = 2026-06-01T17:00:00"


class TestOneReadingOneDigest:
    """What decides reading is hashed as read, not as written (look73r): the same call gives
    one reading digest however its instants are spelled, and words alone never change it."""

    @pytest.mark.parametrize("spelled", ['"2026-06-01T17:00:00"', '"2026-06-01 17:00:00"',
                                         "2026-06-01T17:00:00+02:00", "2026-06-01T15:00:00Z",
                                         '"2026-06-01t15:00:00z"'])
    def test_one_instant_however_spelled(self, spelled: str) -> None:
        assert _DEADLINE in _BUNDLED
        again = _BUNDLED.replace(_DEADLINE, f"deadline = {spelled}")
        assert (reading_digest(callrules.Call.from_text(again))
                == reading_digest(callrules.Call.from_text(_BUNDLED)))

    def test_an_amended_deadline_is_digested_too(self) -> None:
        """A deadline amended (a history of its values) is no single milestone to read as
        one instant: it is hashed as written, never refused (the first mend read every
        milestone alone, and a replay against an amended call raised)."""
        amended = _BUNDLED.replace(_DEADLINE, (
            "deadline = { history = [ "
            "{ from = 2026-01-01T00:00:00, value = 2026-06-01T17:00:00 }, "
            "{ from = 2026-05-20T00:00:00, value = 2026-06-08T17:00:00 } ] }"))
        assert amended != _BUNDLED
        first = reading_digest(callrules.Call.from_text(amended))
        assert first == reading_digest(callrules.Call.from_text(amended)) != reading_digest(
            callrules.Call.from_text(_BUNDLED))

    def test_another_instant_another_digest(self) -> None:
        moved = _BUNDLED.replace(_DEADLINE, "deadline = 2026-06-01T17:00:01")
        assert (reading_digest(callrules.Call.from_text(moved))
                != reading_digest(callrules.Call.from_text(_BUNDLED)))

    def test_a_rate_tables_citation_is_words(self) -> None:
        cited = _BUNDLED.replace('source = "Arrêté du 26 février 2019', 'source = "Arrêté du '
                                 '26 février 2019 (cité)', 1)
        assert cited != _BUNDLED
        assert (reading_digest(callrules.Call.from_text(cited))
                == reading_digest(callrules.Call.from_text(_BUNDLED)))

    def test_a_declared_fields_label_is_words(self) -> None:
        data = minimal_call({"op": "present", "path": "host.unit.kind"})
        data["fields"] = {"application": {"theme": {"type": "text", "label": {
            "fr": "Thème", "en": "Theme"}}}}
        relabelled = copy.deepcopy(data)
        relabelled["fields"]["application"]["theme"]["label"] = {"fr": "Sujet", "en": "Topic"}
        required = copy.deepcopy(data)
        required["fields"]["application"]["theme"]["required"] = True
        digests = [reading_digest(callrules.Call.from_dict(d))
                   for d in (data, relabelled, required)]
        assert digests[0] == digests[1] != digests[2]
