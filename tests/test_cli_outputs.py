"""The command line's other paths: call files by path, every output format with records and
with malformed records, replay's verdicts, and the ways a run can end (a closed pipe, a file
that cannot be written)."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from callrules._cli import main
from callrules._seal import seal
from tests.conftest import EXAMPLES, ROOT, eligible_dict
from tests.test_cli import run

ELIGIBLE = str(EXAMPLES / "eligible.json")
INELIGIBLE = str(EXAMPLES / "ineligible.json")
CNRS_FILE = str(ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml")
AT = "2026-06-02 11:00 Europe/Paris"


@pytest.fixture
def batch(tmp_path: Path) -> str:
    """A JSON Lines batch: the eligible example, a broken line, a later same-host copy."""
    later = eligible_dict()
    later["id"] = "AMSUD-2026-0099"
    later["submitted_at"] = "2026-05-29T10:00:00+02:00"
    file = tmp_path / "batch.jsonl"
    file.write_text("\n".join([json.dumps(eligible_dict()), "{broken", json.dumps(later)])
                    + "\n", "utf-8")
    return str(file)


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


class TestCallByPath:
    def test_a_call_file_path_is_checked_against_like_a_bundled_id(self) -> None:
        """The CALL argument may be a .toml file: the same verdict as by id."""
        by_path = run("check", CNRS_FILE, INELIGIBLE, "--json", "--at", AT)
        by_id = run("check", "cnrs-amsud-2026", INELIGIBLE, "--json", "--at", AT)
        assert by_path.returncode == by_id.returncode == 1
        assert by_path.stdout == by_id.stdout

    def test_a_missing_call_file_is_taken_for_an_unknown_id(self, tmp_path: Path) -> None:
        """A path that does not exist is looked up as an id, and that fails with exit 2."""
        done = run("check", str(tmp_path / "no.toml"), ELIGIBLE)
        assert done.returncode == 2 and "the calls known are: " in done.stderr

    def test_show_reads_a_call_file_too_in_markdown(self) -> None:
        """show CALL_FILE --format markdown gives headings and a checkbox per clause."""
        done = run("show", CNRS_FILE, "--format", "markdown")
        assert done.returncode == 0
        assert done.stdout.startswith("# ")
        assert done.stdout.count("- [ ] **") == 16

    def test_show_without_a_zone_shows_the_calls_own(self) -> None:
        """No --zone: instants in Paris time only."""
        done = run("show", "cnrs-amsud-2026", "--format", "html")
        assert done.returncode == 0 and "<h1>" in done.stdout
        assert "Paris time" in done.stdout and "that is" not in done.stdout


class TestCheckOptions:
    def test_a_zone_shows_instants_there_too(self) -> None:
        """--zone America/Santiago adds the Santiago reading of the missed deadline."""
        done = run("check", "cnrs-amsud-2026", INELIGIBLE, "--zone", "America/Santiago")
        assert done.returncode == 1
        assert "Santiago time" in done.stdout

    def test_an_unknown_zone_is_refused_before_any_work(self, tmp_path: Path) -> None:
        """--zone Paris is not IANA: exit 2, nothing checked, nothing recorded."""
        records = tmp_path / "records.jsonl"
        done = run("check", "cnrs-amsud-2026", ELIGIBLE, "--zone", "Paris",
                   "--record", str(records))
        assert done.returncode == 2 and "“Paris” is not a time zone" in done.stderr
        assert done.stdout == "" and not records.exists()

    def test_records_are_written_for_valid_applications_only(self, batch: str,
                                                             tmp_path: Path) -> None:
        """A broken line has no decision to record: two records for three lines."""
        records = tmp_path / "records.jsonl"
        done = run("check", "cnrs-amsud-2026", batch, "--record", str(records), "--at", AT)
        assert done.returncode == 2
        written = [json.loads(line) for line in records.read_text("utf-8").splitlines()]
        assert [w["input"]["id"] for w in written] == ["AMSUD-2026-0007", "AMSUD-2026-0099"]

    def test_jsonl_with_a_record_is_one_line_per_record_with_the_batch_rule_applied(
            self, batch: str, tmp_path: Path) -> None:
        """With --record the batch is held, so each line already carries one-per-host."""
        done = run("check", "cnrs-amsud-2026", batch, "--format", "jsonl",
                   "--record", str(tmp_path / "r.jsonl"), "--at", AT)
        lines = [json.loads(line) for line in done.stdout.splitlines()]
        assert [line["index"] for line in lines] == [0, 1, 2]
        assert lines[0]["eligible"] is True and lines[0]["unchecked"] == []
        assert "input_error" in lines[1]
        assert [e["clause"] for e in lines[2]["errors"]] == ["one-per-host"]
        assert done.returncode == 2

    def test_csv_with_a_record_has_rows_for_eligible_invalid_and_failing_records(
            self, batch: str, tmp_path: Path) -> None:
        """An eligible record is one empty row; a broken one an input_error row."""
        done = run("check", "cnrs-amsud-2026", batch, "--format", "csv",
                   "--record", str(tmp_path / "r.jsonl"), "--at", AT)
        rows = csv_rows(done.stdout)
        assert [(r["index"], r["eligible"], r["severity"], r["clause"]) for r in rows] == [
            ("0", "true", "", ""), ("1", "", "input_error", ""),
            ("2", "false", "error", "one-per-host")]
        assert rows[1]["code"] == "json_invalid" and rows[1]["source"].endswith("batch.jsonl:2")
        assert done.returncode == 2

    def test_the_machine_csv_says_each_verdict_as_the_json_does(
            self, batch: str, tmp_path: Path) -> None:
        """The ``eligible`` cells of the machine CSV are JSON's words, ``true`` and
        ``false`` (empty for a record not read), each the verdict the JSON of the same run
        gives its record; before, Python's ``True`` and ``False`` (3 of 3 verdicts)."""
        as_json = json.loads(run("check", "cnrs-amsud-2026", batch, "--format", "json",
                                 "--record", str(tmp_path / "a.jsonl"), "--at", AT).stdout)
        rows = csv_rows(run("check", "cnrs-amsud-2026", batch, "--format", "csv",
                            "--record", str(tmp_path / "b.jsonl"), "--at", AT).stdout)
        verdicts = {str(item["index"]): json.dumps(item["eligible"]) if "eligible" in item
                    else "" for item in as_json}
        assert {row["index"]: row["eligible"] for row in rows} == verdicts
        assert sorted(verdicts.values()) == ["", "false", "true"]

    def test_streamed_csv_adds_the_batch_findings_at_the_end(self, batch: str) -> None:
        """Without --record, CSV streams: the later same-host record's row comes last,
        with its verdict now false; a broken record makes the exit code 2."""
        done = run("check", "cnrs-amsud-2026", batch, "--format", "csv", "--at", AT)
        rows = csv_rows(done.stdout)
        assert [(r["index"], r["eligible"], r["clause"]) for r in rows] == [
            ("0", "true", ""), ("1", "", ""), ("2", "true", ""), ("2", "false", "one-per-host")]
        assert rows[-1]["message"].startswith("Application AMSUD-2026-0007")
        assert done.returncode == 2

    def test_streamed_jsonl_of_valid_records_exits_by_the_verdicts(self, tmp_path: Path
                                                                   ) -> None:
        """All valid and eligible: 0; a duplicate found at the end: 1."""
        file = tmp_path / "one.jsonl"
        file.write_text(json.dumps(eligible_dict()) + "\n", "utf-8")
        assert run("check", "cnrs-amsud-2026", str(file), "--format", "jsonl").returncode == 0
        file.write_text(json.dumps(eligible_dict()) + "\n" + json.dumps(eligible_dict()) + "\n",
                        "utf-8")
        assert run("check", "cnrs-amsud-2026", str(file), "--format", "jsonl").returncode == 1

    def test_text_output_names_a_malformed_record_by_its_source(self, batch: str) -> None:
        """The broken line is named by its file and line in words, as select names it (the
        file given by its absolute path by its folder and name), with the parser's reason."""
        done = run("check", "cnrs-amsud-2026", batch, "--at", AT)
        assert done.returncode == 2
        folder = Path(batch).parent.name
        assert f"Record 2 ({folder}/batch.jsonl, line 2): NOT ADMISSIBLE" in done.stdout
        assert "The application as a whole" in done.stdout


class TestReplay:
    @pytest.fixture
    def records(self, tmp_path: Path) -> Path:
        file = tmp_path / "records.jsonl"
        assert run("check", "cnrs-amsud-2026", ELIGIBLE, "--at", AT,
                   "--record", str(file)).returncode == 0
        return file

    def test_blank_lines_are_skipped(self, records: Path) -> None:
        """Empty lines between records are not records."""
        line = records.read_text("utf-8")
        records.write_text("\n" + line + "\n   \n" + line, "utf-8")
        done = run("replay", str(records))
        assert done.returncode == 0
        assert done.stdout == "AMSUD-2026-0007: same verdict\n" * 2

    @pytest.mark.parametrize("layout", ["array", "pretty_array", "jq", "rfc7464", "utf16",
                                        "utf16_array"])
    def test_records_laid_out_as_check_reads_them_are_each_replayed(
            self, records: Path, layout: str) -> None:
        """Decision records pretty-printed (``jq .``), in an array, as an RFC 7464 sequence
        or in UTF-16 (PowerShell) are read as ``check`` reads these layouts: N records in,
        N results, the damaged one a problem in its place (not one per line of text)."""
        record = json.loads(records.read_text("utf-8"))
        values: list[Any] = [record, {"not": "a record"}, record]
        if layout in ("array", "pretty_array", "utf16_array"):
            text = json.dumps(values, indent=None if layout == "array" else 2) + "\n"
        elif layout == "rfc7464":
            text = "".join("\x1e" + json.dumps(v) + "\n" for v in values)
        elif layout == "jq":
            text = "".join(json.dumps(v, indent=2) + "\n" for v in values)
        else:
            text = "\r\n".join(json.dumps(v) for v in values) + "\r\n"
        records.write_bytes(text.encode("utf-16") if layout.startswith("utf16")
                            else text.encode("utf-8"))
        done = run("replay", str(records))
        assert done.returncode == 2
        second = "record 2" if layout.endswith("array") else (  # (an element: its rank;
            f"line {json.dumps(record, indent=2).count(chr(10)) + 2}" if layout == "jq"
            else "line 2")  # else the line it starts on, as a person finds it)
        assert done.stdout.startswith(f"AMSUD-2026-0007: same verdict\n{second}: NOT REPLAYED")
        assert done.stdout.count("same verdict") == 2
        assert done.stdout.count("NOT REPLAYED") == 1

    def test_a_changed_verdict_exits_1_and_says_what_changed(self, records: Path) -> None:
        """A record whose verdict differs from today's evaluation is CHANGED."""
        record = json.loads(records.read_text("utf-8"))
        record["verdict"] = {"eligible": False, "findings": [  # (an error, as a verdict
            {"clause": "deadline", "code": "too_late", "severity": "error",  # of not
             "path": "visitors[0].stay.arrival"}]}  # eligible has: replay reads it whole)
        record["record_digest"] = seal(record)  # as written when the rules said so
        records.write_text(json.dumps(record) + "\n", "utf-8")
        done = run("replay", str(records))
        assert done.returncode == 1
        assert done.stdout.startswith("AMSUD-2026-0007: CHANGED\n"
                                      "  The verdict has changed: the application was not "
                                      "eligible, it now is.\n")
        assert "No longer found" in done.stdout

    def test_a_same_verdict_under_another_library_version_is_noted(self,
                                                                   records: Path) -> None:
        """Same verdict, exit 0, and a note saying the library changed."""
        record = json.loads(records.read_text("utf-8"))
        record["library_version"] = "0.0.1"
        record["record_digest"] = seal(record)  # as that library wrote it
        records.write_text(json.dumps(record) + "\n", "utf-8")
        done = run("replay", str(records))
        assert done.returncode == 0
        assert done.stdout.startswith("AMSUD-2026-0007: same verdict\n  (note) The library is "
                                      "now version")
        assert "was taken with version 0.0.1" in done.stdout

    def test_a_line_that_is_not_json_is_a_usage_error_naming_the_line(
            self, records: Path) -> None:
        """Exit 2 with file:line, no traceback."""
        records.write_text(records.read_text("utf-8") + "{oops\n", "utf-8")
        done = run("replay", str(records))
        assert done.returncode == 2
        assert f"{records}:2" in done.stderr and "Traceback" not in done.stderr

    def test_a_malformed_record_is_a_usage_error(self, records: Path) -> None:
        """A record whose call part is text is refused, not crashed on."""
        record = json.loads(records.read_text("utf-8"))
        record["call"] = "cnrs-amsud-2026"
        records.write_text(json.dumps(record) + "\n", "utf-8")
        done = run("replay", str(records))
        assert done.returncode == 2 and "missing or malformed" in done.stderr.lower()

    def test_records_made_from_a_call_file_replay_with_that_file(self, tmp_path: Path
                                                                 ) -> None:
        """A record of a call that is not registered (made from a call file) is replayed
        with --call naming that file; without it, the call is unknown (exit 2); records of
        registered calls in the same file still use the registry."""
        call = "tests/data/good-summer-school-2027.toml"
        file, other = tmp_path / "records.jsonl", tmp_path / "registered.jsonl"
        assert run("check", call, "docs/examples/summer-school-application.json", "--at",
                   "2027-04-25T10:00:00+00:00", "--record", str(file)).returncode == 0
        assert run("check", "cnrs-amsud-2026", ELIGIBLE, "--at", AT,
                   "--record", str(other)).returncode == 0
        file.write_text(file.read_text("utf-8") + other.read_text("utf-8"), "utf-8")
        done = run("replay", str(file))
        assert done.returncode == 2 and "summer-school-2027" in done.stderr
        done = run("replay", str(file), "--call", call)
        assert (done.returncode, done.stdout) == (
            0, "SS-2027-0001: same verdict\nAMSUD-2026-0007: same verdict\n"
            "  (note) This record is a decision of another call (“cnrs-amsud-2026”), not of "
            "the call given (“summer-school-2027”): it was replayed against its own call.\n")

    @pytest.mark.parametrize("copies", [1, 3])
    def test_a_call_given_that_no_record_names_is_a_problem(self, tmp_path: Path,
                                                           copies: int) -> None:
        """Records of another call replayed with --call naming a call none of them names:
        each says it was replayed against its own call, and the run ends with a problem
        (exit 2) saying the call given was used for none, never a plain "same verdict"."""
        records = tmp_path / "records.jsonl"
        assert run("check", "cnrs-amsud-2026", ELIGIBLE, "--at", AT,
                   "--record", str(records)).returncode == 0
        records.write_text(records.read_text("utf-8") * copies, "utf-8")
        done = run("replay", str(records), "--call", "tests/data/good-summer-school-2027.toml")
        assert done.returncode == 2
        assert done.stdout.count("(note) This record is a decision of another call") == copies
        assert done.stderr == (
            f"callrules: {records}: No record of this file is a decision of the call given "
            "(“summer-school-2027”): none was replayed against it, so nothing here says how "
            "that call decides these applications.\n")


class TestEndings:
    def test_a_file_that_cannot_be_opened_is_a_usage_error_naming_it(self,
                                                                    tmp_path: Path) -> None:
        """replay of a missing file, or a record file in a missing folder: exit 2."""
        missing = tmp_path / "none.jsonl"
        done = run("replay", str(missing))
        assert (done.returncode, done.stderr) == (
            2, f"callrules: Cannot read {missing}: there is no such file or folder\n")
        unwritable = tmp_path / "no" / "records.jsonl"
        done = run("check", "cnrs-amsud-2026", ELIGIBLE, "--record", str(unwritable))
        assert done.returncode == 2 and str(unwritable) in done.stderr

    def test_a_reader_that_stops_reading_ends_the_run_quietly(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """``callrules calls | head -0``: nothing said, and exit 141 (as for SIGPIPE), never
        0, which would read as "every application is eligible"."""

        class ClosedPipe(io.StringIO):
            def write(self, text: str) -> int:
                raise BrokenPipeError(32, "Broken pipe")

        err = io.StringIO()
        code = main(["calls"], out=ClosedPipe(), err=err)
        assert code == 141 and err.getvalue() == ""

    def test_main_reads_the_process_streams_by_default(
            self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        """Without explicit streams, main writes to sys.stdout and reads sys.stdin."""
        monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(eligible_dict())))
        assert main(["check", "cnrs-amsud-2026", "-"]) == 0
        assert "ELIGIBLE" in capsys.readouterr().out

    def test_an_unknown_language_is_refused(self) -> None:
        """--lang de: refused (exit 2), naming the languages the library and the call
        speak; before session 47 the call's first language, French, with a note (att62)."""
        done: Any = run("show", "cnrs-amsud-2026", "--lang", "de")
        assert (done.returncode, done.stdout) == (2, "")
        assert done.stderr == ("callrules: Argument `--lang`: expected one of `en`, `es`, "
                               "`fr`, `pt`, not “de”\n")
