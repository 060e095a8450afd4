"""The command line, as a user calls it: most tests call ``main`` in-process (fast, and
measured by coverage) with the arguments a shell would pass; ``TestEntryPoints`` runs the
installed ``callrules`` script and ``python -m callrules`` in real processes."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from callrules._cli import main
from tests.conftest import EXAMPLES, ROOT


@dataclass
class Done:
    """What a command printed, and its exit code."""

    returncode: int
    stdout: str
    stderr: str


def run(*args: str, stdin: str | None = None) -> Done:
    """Run ``callrules ARGS`` from the repository root and capture what it prints."""
    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        try:
            code = main(list(args), out=out, err=err, stdin=io.StringIO(stdin or ""))
        except SystemExit as exc:  # argparse's usage errors and --version
            code = exc.code if isinstance(exc.code, int) else 2
    finally:
        os.chdir(cwd)
    return Done(code, out.getvalue(), err.getvalue())


class TestEntryPoints:
    def test_the_installed_script_checks_an_application(self) -> None:
        """``callrules check`` as installed by pip prints the verdict and exits 0."""
        script = shutil.which("callrules") or str(Path(sys.executable).with_name("callrules"))
        done = subprocess.run([script, "check", "cnrs-amsud-2026", "examples/eligible.json"],
                              capture_output=True, text=True, cwd=ROOT, timeout=120,
                              check=False)
        assert done.returncode == 0 and "ELIGIBLE" in done.stdout

    def test_python_dash_m_works_and_reports_usage_errors_with_exit_2(self) -> None:
        """``python -m callrules`` is the same program; a bad option exits 2 without a
        traceback."""
        done = subprocess.run([sys.executable, "-m", "callrules", "check", "--nope"],
                              capture_output=True, text=True, cwd=ROOT, timeout=120,
                              check=False)
        assert done.returncode == 2 and "Traceback" not in done.stderr
        version = subprocess.run([sys.executable, "-m", "callrules", "--version"],
                                 capture_output=True, text=True, timeout=120, check=False)
        assert version.stdout.startswith("callrules ")


class TestCheck:
    def test_an_eligible_application_exits_0_and_says_so(self) -> None:
        """The README's main command prints the verdict and exits 0."""
        done = run("check", "cnrs-amsud-2026", str(EXAMPLES / "eligible.json"))
        assert done.returncode == 0, done.stderr
        assert "ELIGIBLE" in done.stdout and "NOT ELIGIBLE" not in done.stdout

    def test_an_ineligible_application_exits_1_with_every_reason_in_french(self) -> None:
        """--lang fr gives the verdict and each finding's path, message and clause in French."""
        done = run("check", "cnrs-amsud-2026", str(EXAMPLES / "ineligible.json"),
                   "--lang", "fr")
        assert done.returncode == 1
        assert "NON ÉLIGIBLE" in done.stdout
        assert ("Personne accueillie 1 (Joana Silva) — pays de l’établissement d’origine"
                in done.stdout)
        assert "Plafond du financement" in done.stdout

    def test_files_given_together_are_one_batch_for_one_per_host(self) -> None:
        """The two examples share a host, so the later one fails one-per-host."""
        done = run("check", "cnrs-amsud-2026", str(EXAMPLES / "eligible.json"),
                   str(EXAMPLES / "ineligible.json"), "--json")
        reports = json.loads(done.stdout)
        assert [r["eligible"] for r in reports] == [True, False]
        assert "one-per-host" in {e["clause"] for e in reports[1]["errors"]}
        assert reports[0]["unchecked"] == []

    def test_json_output_has_the_documented_shape(self) -> None:
        """--json prints a list of reports with schema_version, errors and messages."""
        done = run("check", "cnrs-amsud-2026", str(EXAMPLES / "ineligible.json"), "--json")
        (report,) = json.loads(done.stdout)
        assert report["schema_version"] == 1
        assert report["call"] == {"id": "cnrs-amsud-2026", "version": "1", "amendments": []}
        first = report["errors"][0]
        assert set(first) >= {"code", "clause", "severity", "loc", "path", "pointer", "input",
                              "ctx", "message"}

    @pytest.mark.parametrize(("change", "field", "expected"), [
        ({"submitted_at": "2026-05-28T10:42:00"}, "Date and time of submission", "time zone"),
        ({"language": "xx"}, "Language of the application", "ISO 639-1"),
        ({"budget": {"lines": [{"category": "transport", "beneficiary": "v1",
                                "amount": {"amount": "-5", "currency": "EUR"}}]}},
         "Budget line 1 — amount", "no sign"),
        ({"budget": {"lines": [{"category": "transport", "beneficiary": "v1",
                                "amount": {"amount": "NaN", "currency": "EUR"}}]}},
         "Budget line 1 — amount", "plain decimal"),
        ({"budget": {"lines": [{"category": "transport", "beneficiary": "v1",
                                "amount": {"amount": "10", "currency": "EUX"}}]}},
         "Budget line 1 — currency", "ISO 4217"),
    ])
    def test_bad_input_exits_2_naming_the_field_without_a_traceback(
            self, tmp_path: Path, change: dict[str, object], field: str, expected: str) -> None:
        """A naive timestamp, unknown code, negative or non-finite amount is named, no crash."""
        data = json.loads((EXAMPLES / "eligible.json").read_text("utf-8"))
        data.update(change)
        file = tmp_path / "bad.json"
        file.write_text(json.dumps(data), "utf-8")
        done = run("check", "cnrs-amsud-2026", str(file))
        assert done.returncode == 2
        assert "Traceback" not in done.stdout + done.stderr
        assert field in done.stdout and expected in done.stdout

    def test_one_bad_record_in_a_batch_does_not_stop_the_others(self, tmp_path: Path) -> None:
        """JSON Lines with a broken line: the other records are still checked, in order."""
        good = json.dumps(json.loads((EXAMPLES / "eligible.json").read_text("utf-8")))
        file = tmp_path / "batch.jsonl"
        file.write_text("\n".join([good, "{not json", '{"id": "x"}']) + "\n", "utf-8")
        done = run("check", "cnrs-amsud-2026", str(file), "--json")
        assert done.returncode == 2
        items = json.loads(done.stdout)
        assert [i["index"] for i in items] == [0, 1, 2]
        assert items[0]["eligible"] is True
        assert "input_error" in items[1] and "input_error" in items[2]
        assert items[1]["source"].endswith("batch.jsonl:2")

    def test_standard_input_is_read_with_a_dash(self) -> None:
        """``-`` reads the application from standard input."""
        text = (EXAMPLES / "eligible.json").read_text("utf-8")
        assert run("check", "cnrs-amsud-2026", "-", stdin=text).returncode == 0

    def test_an_unknown_call_is_a_usage_error(self) -> None:
        """Exit 2, and the known calls are listed."""
        done = run("check", "no-such-call", str(EXAMPLES / "eligible.json"))
        assert done.returncode == 2
        assert "cnrs-amsud-2026" in done.stderr and "Traceback" not in done.stderr


class TestOtherCommands:
    def test_calls_lists_the_bundled_call(self) -> None:
        """``callrules calls`` names the CNRS call."""
        done = run("calls")
        assert done.returncode == 0 and "cnrs-amsud-2026" in done.stdout

    def test_validate_points_at_the_mistake_in_a_call_file(self, tmp_path: Path) -> None:
        """A misspelt path is reported with its place in the file and a suggestion."""
        source = (ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8")
        broken = tmp_path / "broken.toml"
        broken.write_text(source.replace('path = "language"', 'path = "langage"'), "utf-8")
        done = run("validate", str(broken))
        assert done.returncode == 2
        assert "rules[13].check.path" in done.stderr and "did you mean 'language'" in done.stderr
        ok = run("validate", str(ROOT / "src/callrules/calls/cnrs-amsud-2026.toml"))
        assert ok.returncode == 0
        # every rule is counted, the one that spans applications (one per host) too
        assert f"({source.count('[[rules]]')} rules, " in ok.stdout

    def test_schema_prints_a_draft_2020_12_schema_that_accepts_the_examples(self) -> None:
        """The application schema validates both examples with a real validator."""
        jsonschema = pytest.importorskip("jsonschema")
        done = run("schema", "application")
        schema = json.loads(done.stdout)
        assert schema["$schema"].endswith("2020-12/schema")
        for name in ("eligible.json", "ineligible.json"):
            jsonschema.validate(json.loads((EXAMPLES / name).read_text("utf-8")), schema)

    def test_usage_errors_exit_2(self) -> None:
        """A missing argument is a usage error."""
        assert run("check").returncode == 2


class TestShow:
    def test_show_prints_the_checklist_in_french_with_the_readers_zone(self) -> None:
        """``callrules show`` renders the timeline and every clause, instants in both zones."""
        done = run("show", "cnrs-amsud-2026", "--lang", "fr", "--zone", "America/Santiago")
        assert done.returncode == 0
        assert "Conditions d’éligibilité" in done.stdout
        assert "soit 1er juin 2026, 11:00 (heure de Santiago)" in done.stdout

    @pytest.mark.parametrize("blank", [" ", "\u00a0", "\t", "  \t"])
    @pytest.mark.parametrize("command", ["show", "check"])
    def test_a_zone_with_blanks_around_it_is_read_as_at_reads_it(
            self, blank: str, command: str) -> None:
        """``--zone "Europe/Paris "`` (a shell variable's or a copied cell's blank, before or
        after) is read as the zone, as ``--at "… Europe/Paris "`` is: one reading on the
        command line. Before, it was refused by a message that hid the blank ("“Europe/Paris”
        is not a time zone … such as Europe/Paris"). Blanks alone are an empty value."""
        extra = [ROOT / "examples" / "eligible.json"] if command == "check" else []
        for zone in (f"America/Santiago{blank}", f"{blank}America/Santiago"):
            done = run(command, "cnrs-amsud-2026", *map(str, extra), "--zone", zone,
                       "--at", f"2026-05-20T00:00:00 Europe/Paris{blank}")
            assert done.returncode == 0, done.stderr
            assert "Santiago" in done.stdout
        done = run(command, "cnrs-amsud-2026", *map(str, extra), "--zone", blank)
        assert done.returncode == 2  # (argparse says it: an empty value)

    def test_a_lang_naming_no_language_is_read_alike_before_and_after_the_command(
            self) -> None:
        """``--lang=@euro`` (a locale's tail, ``-FR``, ``.``) before the command is read as
        after it: refused, exit 2, naming what was given and the languages there are
        (session 47; before, a note and the session's language; before that, before the
        command, it exited 70 "internal error")."""
        for lang in ("@euro", "-FR", "."):
            after = run("show", "cnrs-amsud-2026", f"--lang={lang}")
            before = run(f"--lang={lang}", "show", "cnrs-amsud-2026")
            assert before.returncode == after.returncode == 2, before.stderr
            assert before.stdout == after.stdout == ""
            assert before.stderr == after.stderr and f"“{lang}”" in before.stderr
            assert "`en`, `es`, `fr`, `pt`" in before.stderr

    @pytest.mark.parametrize(("first", "said"), [("fr", "on attendait"),
                                                  ("es", "se esperaba"), ("pt", "esperava")])
    def test_a_command_s_own_lang_it_cannot_speak_is_refused_in_the_lang_given_before(
            self, first: str, said: str) -> None:
        """``--lang fr check … --lang de``: the command's own ``--lang`` is refused (exit 2)
        in the language given before the command, never in the session's English (att80)."""
        done = run(f"--lang={first}", "show", "cnrs-amsud-2026", "--lang=de")
        assert done.returncode == 2 and said in done.stderr, done.stderr

    def test_an_unknown_zone_is_a_usage_error(self) -> None:
        """A zone that is not IANA is refused with exit 2."""
        done = run("show", "cnrs-amsud-2026", "--zone", "Paris")
        assert done.returncode == 2 and "“Paris” is not a time zone" in done.stderr
