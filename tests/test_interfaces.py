"""The three users: a portal (fields and pointers), a notebook (HTML, rows), a platform
(decision records and replay)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from tests.conftest import EXAMPLES, eligible_dict
from tests.test_cli import run

NOW = datetime(2026, 6, 2, 9, tzinfo=UTC)


class TestPortal:
    def test_findings_group_by_json_pointer_for_the_form(self, call: callrules.Call) -> None:
        """Each pointer names a form field; the messages go beside it."""
        text = (EXAMPLES / "ineligible.json").read_text("utf-8")
        groups = callrules.evaluate(call, text).by_field()
        assert "/visitors/0/institution/location/country" in groups
        assert all(p.startswith("/") for p in groups)

    def test_every_pointer_resolves_in_the_submitted_json(self, call: callrules.Call) -> None:
        """A pointer walks the application's JSON to the offending value."""
        data = json.loads((EXAMPLES / "ineligible.json").read_text("utf-8"))
        for finding in callrules.evaluate(call, data).findings:
            node: Any = data
            for part in finding.pointer.split("/")[1:]:
                node = node[int(part)] if isinstance(node, list) else node[part]
            assert node is not None


class TestNotebook:
    def test_a_report_renders_as_html_in_the_readers_language(self,
                                                              call: callrules.Call) -> None:
        """The verdict at a glance, then each finding with field, message and clause."""
        text = (EXAMPLES / "ineligible.json").read_text("utf-8")
        report = callrules.evaluate(call, text)
        html = report.html("fr")
        assert "NON ÉLIGIBLE" in html and "<table" in html
        assert "Plafond du financement" in html
        assert report._repr_html_().count("<tr>") == len(report.findings) + 1

    def test_html_escapes_what_applicants_typed(self, call: callrules.Call) -> None:
        """A script in an id is shown, not run."""
        data = eligible_dict()
        data["id"] = "<script>alert(1)</script>"
        assert "<script>" not in callrules.evaluate(call, data).html()

    def test_a_batch_gives_rows_and_failures_per_clause(self, call: callrules.Call) -> None:
        """One row per record with a column per failing clause; counts per clause."""
        texts = [(EXAMPLES / n).read_text("utf-8") for n in ("eligible.json",
                                                             "ineligible.json")]
        result = callrules.evaluate_many(call, [*texts, "{}"])
        rows = result.rows("en")
        assert [r["Eligible"] for r in rows] == ["yes", "no", "not admissible"]
        assert [r["No."] for r in rows] == [1, 2, 3]
        assert "Funding cap" in rows[1] and rows[2]["Problems"]
        assert all(value is not None for row in rows for value in row.values())
        assert result.clause_failures()["one-per-host"] == 1
        html = result.html()
        for count in ("Eligible applications</th><td", "Applications not eligible</th>",
                      "Records not admissible</th>", "Applications with warnings</th>"):
            assert count in html
        assert "Funding cap" in html and "budget-cap" not in html


class TestPlatform:
    def test_a_decision_record_replays_to_the_same_verdict(self, call: callrules.Call) -> None:
        """The record holds call digest, versions, instants and input; replay agrees."""
        record = callrules.decision_record(call, eligible_dict(), now=NOW)
        assert record["call"]["digest"].startswith("sha256:")
        assert record["now"] == NOW.isoformat()
        outcome = callrules.replay(json.loads(json.dumps(record)))
        assert outcome.same and outcome.changes == ()

    def test_replay_says_what_changed_when_the_call_changed(self, call: callrules.Call,
                                                            tmp_path: Path) -> None:
        """A lowered cap turns the verdict and replay names the call and the finding."""
        record = callrules.decision_record(call, eligible_dict(), now=NOW)
        source = Path(callrules.calls.__file__).with_name("cnrs-amsud-2026.toml")
        lowered = tmp_path / "cnrs-amsud-2026.toml"
        lowered.write_text(source.read_text("utf-8").replace('"3100.00"', '"2000.00"'), "utf-8")
        outcome = callrules.replay(record, callrules.Call.from_file(lowered))
        assert not outcome.same
        assert any("digest differs" in c for c in outcome.changes)
        assert "finding new: budget-cap total_above_maximum at budget.lines" in outcome.changes

    def test_an_altered_record_is_refused(self, call: callrules.Call) -> None:
        """Changing the input without its digest is detected."""
        record = callrules.decision_record(call, eligible_dict(), now=NOW)
        record["input"]["language"] = "es"
        with pytest.raises(callrules.InputError):
            callrules.replay(record)

    def test_the_cli_records_and_replays(self, tmp_path: Path) -> None:
        """check --record writes JSON Lines that replay finds unchanged (exit 0)."""
        records = tmp_path / "records.jsonl"
        done = run("check", "cnrs-amsud-2026", str(EXAMPLES / "eligible.json"),
                   "--at", "2026-06-02 11:00 Europe/Paris", "--record", str(records))
        assert done.returncode == 0
        (line,) = records.read_text("utf-8").splitlines()
        assert json.loads(line)["now"] == "2026-06-02T11:00:00+02:00"
        again = run("replay", str(records))
        assert again.returncode == 0 and "same verdict" in again.stdout


class TestCommandLineFormats:
    def test_csv_has_a_row_per_finding(self) -> None:
        """--format csv: a header, then a row per finding with its message."""
        done = run("check", "cnrs-amsud-2026", str(EXAMPLES / "ineligible.json"),
                   "--format", "csv", "--lang", "fr")
        rows = list(csv.DictReader(io.StringIO(done.stdout)))
        assert {r["clause"] for r in rows} >= {"deadline", "budget-cap"}
        assert all(r["message"] for r in rows)

    def test_jsonl_streams_a_line_per_record_then_the_batch_findings(self) -> None:
        """--format jsonl prints each record as it is checked, then one-per-host at the end."""
        done = run("check", "cnrs-amsud-2026", str(EXAMPLES / "eligible.json"),
                   str(EXAMPLES / "ineligible.json"), "--format", "jsonl")
        lines = [json.loads(x) for x in done.stdout.splitlines()]
        assert [x["index"] for x in lines] == [0, 1, 1]
        assert lines[0]["unchecked"] == ["one-per-host"]
        assert lines[2]["correction"]["clause"] == "one-per-host"
        assert done.returncode == 1

    @pytest.mark.parametrize("at", ["2026-06-01 17:00", "2026-06-01 17:00 CET", "tomorrow"])
    def test_an_at_without_a_zone_or_with_an_abbreviation_is_refused(self, at: str) -> None:
        """A missing zone is an error, not a guess; CET is ambiguous."""
        done = run("check", "cnrs-amsud-2026", str(EXAMPLES / "eligible.json"), "--at", at)
        assert done.returncode == 2 and "Traceback" not in done.stderr


class TestParseInstant:
    @given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1),
                        timezones=st.timezones()))
    def test_rendering_then_parsing_an_instant_gives_it_back(self, instant: datetime) -> None:
        """Law: ISO text of an aware instant parses back to the same instant (compared in UTC:
        Python never calls an instant in a repeated hour equal to one in another zone)."""
        parsed = callrules.parse_instant(instant.isoformat())
        assert parsed.astimezone(UTC) == instant.astimezone(UTC)
        assert parsed.utcoffset() == instant.utcoffset()

    def test_a_zone_name_after_a_local_time_is_read_in_that_zone(self) -> None:
        """'2026-06-01 16:59 Europe/Paris' is one minute before the deadline."""
        parsed = callrules.parse_instant("2026-06-01 16:59 Europe/Paris")
        assert datetime(2026, 6, 1, 15, tzinfo=UTC) - parsed == timedelta(minutes=1)


class TestRecordsOfBatches:
    def test_a_record_keeps_the_batch_findings_and_replays_them_as_recorded(
            self, call: callrules.Call, tmp_path: Path) -> None:
        """The second application of a host is recorded ineligible, and replays the same."""
        records = tmp_path / "records.jsonl"
        done = run("check", "cnrs-amsud-2026", str(EXAMPLES / "eligible.json"),
                   str(EXAMPLES / "ineligible.json"), "--at", "2026-06-02 11:00 Europe/Paris",
                   "--record", str(records))
        assert done.returncode == 1
        second = json.loads(records.read_text("utf-8").splitlines()[1])
        assert [f["clause"] for f in second["batch"]] == ["one-per-host"]
        assert "one-per-host" in {f["clause"] for f in second["verdict"]["findings"]}
        assert callrules.replay(second).same


class TestTimeAcrossDaylightSaving:
    def test_time_left_is_real_elapsed_time_across_a_dst_change(self) -> None:
        """From the evening before Paris springs forward, 24 wall hours are 23 real ones."""
        from zoneinfo import ZoneInfo

        paris = ZoneInfo("Europe/Paris")
        timeline = {"deadline": callrules.Milestone(
            "deadline", datetime(2026, 3, 29, 20, tzinfo=paris))}
        nxt = callrules.time_left(timeline, datetime(2026, 3, 28, 20, tzinfo=paris))
        assert nxt is not None and nxt[1] == timedelta(hours=23)

    def test_a_typed_time_skipped_by_dst_is_refused_with_a_hint_for_people(self) -> None:
        """--at 2026-03-29 02:30 Europe/Paris: the message suggests an offset, not fold."""
        with pytest.raises(callrules.TimeError) as info:
            callrules.parse_instant("2026-03-29 02:30 Europe/Paris")
        assert "offset" in str(info.value) and "fold" not in str(info.value)


class TestSchemaForACall:
    def test_the_schema_for_a_call_offers_the_values_it_accepts(self) -> None:
        """Roles, categories, costs and languages appear as examples, never as enum limits."""
        jsonschema = pytest.importorskip("jsonschema")
        done = run("schema", "application", "--call", "cnrs-amsud-2026")
        schema = json.loads(done.stdout)
        defs = schema["$defs"]
        assert defs["Host"]["properties"]["role"]["examples"] == [
            "engineer", "faculty", "researcher", "technician"]
        assert defs["BudgetLine"]["properties"]["category"]["examples"] == [
            "lodging", "meals", "subsistence", "transport"]
        assert schema["properties"]["language"]["examples"] == ["en", "fr"]
        assert "examples" not in defs["Location"]["properties"]["country"]  # two clauses
        for name in ("eligible.json", "ineligible.json"):
            jsonschema.validate(json.loads((EXAMPLES / name).read_text("utf-8")), schema)
