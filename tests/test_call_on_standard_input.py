"""A call given as ``-`` is the call file on standard input, for every command that takes a
call (``check``, ``show``, ``plan``, ``select``, ``replay --call``, ``schema --call``), read
as ``validate -`` reads it; a command given standard input for two of its inputs (the call
and the applications, the applications and the scores…) is refused in words before reading
anything, since standard input is read once."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

import callrules
from callrules import _cli
from callrules._i18n import LANGUAGES, phrase, typography
from tests.conftest import EXAMPLES, ROOT
from tests.helpers import code_tokens

CALL = ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml"
ELIGIBLE, INELIGIBLE = str(EXAMPLES / "eligible.json"), str(EXAMPLES / "ineligible.json")
AT = "2026-05-01T12:00:00+02:00"
SCORES = ("application,reviewer,criterion,score\n"
          "AMSUD-2026-0007,r1,fit,4\nAMSUD-2026-0007,r1,cooperation,5\n"
          "AMSUD-2026-0007,r1,durability,3\n")


def _run(argv: list[str], stdin: str) -> tuple[int, str, str, int]:
    """The exit code, standard output and error of ``argv``, and how much of ``stdin`` was
    read."""
    out, err, given = io.StringIO(), io.StringIO(), io.StringIO(stdin)
    code = _cli.main(argv, out=out, err=err, stdin=given)
    return code, out.getvalue(), err.getvalue(), given.tell()


@pytest.mark.parametrize(("command", "lang"), [
    (["check", "{call}", ELIGIBLE, INELIGIBLE, "--at", AT, "--format", "json"], "fr"),
    (["check", "{call}", ELIGIBLE, "--at", AT, "--record", "{records}"], "es"),
    (["show", "{call}", "--for", "officers", "--format", "html", "--at", AT], "pt"),
    (["plan", "{call}", ELIGIBLE, "--at", AT, "--format", "json"], "en"),
    (["select", "{call}", ELIGIBLE, INELIGIBLE, "--scores", "{scores}", "--envelope",
      "9000 EUR", "--at", AT, "--format", "json"], "fr"),
    (["schema", "application", "--call", "{call}"], "pt"),
    (["replay", "{made}", "--call", "{call}"], "es")],
    ids=["check", "check-record", "show", "plan", "select", "schema", "replay"])
def test_a_call_given_on_standard_input_is_the_call_file_named(
        command: list[str], lang: str, tmp_path: Path) -> None:
    """Each command given ``-`` for its call and the call file's text on standard input
    prints, writes and exits as given the file's name: the same call, read whole."""
    (tmp_path / "scores.csv").write_text(SCORES, "utf-8")
    made = tmp_path / "made.jsonl"  # (decision records for replay, made from the file)
    if command[0] == "replay":
        assert _run(["check", str(CALL), ELIGIBLE, INELIGIBLE, "--at", AT, "--record",
                     str(made)], "")[0] == 1
    runs = []
    for call, stdin in ((str(CALL), ""), ("-", CALL.read_text("utf-8"))):
        records = tmp_path / f"{len(runs)}.jsonl"
        argv = [part.format(call=call, scores=tmp_path / "scores.csv", made=made,
                            records=records) for part in command]
        code, out, err, read = _run([*argv, "--lang", lang], stdin)
        assert read == len(stdin)  # (the call read from standard input when it is there)
        runs.append((code, out, err, records.read_text("utf-8").count("\n")
                     if records.exists() else None))
    assert runs[0] == runs[1]
    assert runs[0][0] in (0, 1) and runs[0][1]


@pytest.mark.parametrize(("argv", "key"), [
    (["check", "-", "-"], "standard_input_for_call_and_applications"),
    (["check", "-", ELIGIBLE, "/dev/stdin", "--record", "r.jsonl"],
     "standard_input_for_call_and_applications"),
    (["plan", "-", "-"], "standard_input_for_call_and_applications"),
    (["select", "-", ELIGIBLE, "--scores", "-", "--envelope", "9000 EUR"],
     "standard_input_for_call_and_scores"),
    (["select", "-", "-", "--scores", "-"], "standard_input_for_call_and_applications"),
    (["select", "cnrs-amsud-2026", ELIGIBLE, "-", "--scores", "-", "--record", "r.json"],
     "standard_input_for_applications_and_scores"),
    (["replay", "-", "--call", "-"], "standard_input_for_call_and_records"),
    (["replay", "-", "--batch", "-"], "standard_input_for_records_and_applications")],
    ids=["check", "check-named", "plan", "select-call-scores", "select-three",
         "select-applications-scores", "replay", "replay-batch"])
def test_standard_input_given_for_two_inputs_is_refused_in_words(
        argv: list[str], key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard input given for two inputs of a command (as ``-``, or a name of it for what
    any name reads): exit 2 and one line naming the two in the reader's language, in
    words (no code); nothing read from standard input, nothing printed or written."""
    monkeypatch.chdir(tmp_path)
    for lang in LANGUAGES:
        code, out, err, read = _run([*argv, "--lang", lang], CALL.read_text("utf-8"))
        assert (code, out, read) == (2, "", 0)
        assert err == f"callrules: {typography(phrase(key, lang), lang)}\n"
        assert not code_tokens(err.removeprefix("callrules: ")), err
    assert list(tmp_path.iterdir()) == []


def test_one_input_named_twice_as_standard_input_is_still_read_once() -> None:
    """Standard input named twice for one input (``check CALL - -``) is read once, as a
    file named twice is: no refusal, as before."""
    given = (EXAMPLES / "eligible.json").read_text("utf-8")
    code, out, err, read = _run(["check", str(CALL), "-", "-", "--at", AT], given)
    assert (code, out.count("ELIGIBLE"), read, err) == (0, 1, len(given), "")


@pytest.mark.parametrize("by", ["pipe", "file"])
def test_standard_input_named_twice_is_one_input_from_a_pipe_as_from_a_file(
        by: str, tmp_path: Path) -> None:
    """``check CALL - -`` and ``check CALL - /dev/stdin`` with standard input a real pipe or
    a redirected file: one result per record, the note a file named twice gets, the exit of
    a single ``-``. Before, from a pipe, the second name read the spent pipe and added a
    false "This file is empty" record, exit 2 (from a file: read once, as now)."""
    records = tmp_path / "two.jsonl"
    records.write_text("".join(json.dumps(json.loads(Path(name).read_text("utf-8"))) + "\n"
                               for name in (ELIGIBLE, INELIGIBLE)), "utf-8")

    def run(*names: str) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, "-m", "callrules", "check", str(CALL), *names, "--at", AT,
                "--lang", "en"]
        if by == "pipe":  # (a real pipe: written by this process, never a file)
            return subprocess.run(argv, input=records.read_text("utf-8"), capture_output=True,
                                  text=True, check=False)
        with records.open("rb") as given:
            return subprocess.run(argv, stdin=given, capture_output=True, text=True,
                                  check=False)

    once = run("-")
    assert ("AMSUD-2026-0007" in once.stdout, "AMSUD-2026-0031" in once.stdout,
            once.stderr) == (True, True, ""), once
    for names in (["-", "-"], ["-", "/dev/stdin"], ["/dev/stdin", "-"]):
        twice = run(*names)
        said = f"{'<stdin>' if names[1] == '-' else names[1]} is not read again"
        assert (twice.returncode, twice.stdout) == (once.returncode, once.stdout), (
            names, twice)
        assert twice.stderr.count(said) == 1 and "empty" not in twice.stdout, (names, twice)


def test_a_call_on_standard_input_judges_as_the_library_does() -> None:
    """``check - FILE…`` judges as ``evaluate_many`` does with the call read from the same
    text (``Call.from_text``): the same reports, in JSON, and the same exit code."""
    code, out, _, _ = _run(["check", "-", ELIGIBLE, INELIGIBLE, "--at", AT, "--format",
                            "json"], CALL.read_text("utf-8"))
    call = callrules.Call.from_text(CALL.read_text("utf-8"), format="toml")
    batch = callrules.evaluate_many(call, [json.loads(Path(name).read_text("utf-8"))
                                           for name in (ELIGIBLE, INELIGIBLE)],
                                    now=datetime.fromisoformat(AT))
    keys = ("call", "application", "eligible", "errors", "warnings", "unchecked", "now")
    assert [{key: item[key] for key in keys} for item in json.loads(out)] == [
        {key: item[key] for key in keys} for item in (
            json.loads(json.dumps(report.to_dict("en"), default=str))
            for report in batch.reports)]
    assert code == (0 if batch.all_eligible else 1) == 1


@pytest.mark.parametrize("argv", [
    ["show", "-"], ["schema", "application", "--call", "-"],
    ["replay", "{records}", "--call", "-"],
    ["check", "-", ELIGIBLE], ["validate", "/dev/stdin"]],
    ids=["show", "schema", "replay", "check", "validate"])
def test_a_call_wanted_from_a_closed_standard_input_asks_for_a_call_file(
        argv: list[str], tmp_path: Path) -> None:
    """The call (or ``validate``'s call file) given as standard input when the process has
    none: exit 2 and one line asking for a call file in the reader's language, in words,
    never for "the files to check"; nothing printed."""
    records = tmp_path / "made.jsonl"
    records.write_text("", "utf-8")
    argv = [records.as_posix() if arg == "{records}" else arg for arg in argv]
    for lang in LANGUAGES:
        out, err = io.StringIO(), io.StringIO()
        assert _cli.main([*argv, "--lang", lang], out=out, err=err,
                         stdin=_cli._ClosedInput()) == 2
        said = typography(phrase("standard_input_closed_for_call", lang), lang)
        assert (out.getvalue(), err.getvalue()) == ("", f"callrules: {said}\n")
        assert said != typography(phrase("standard_input_closed", lang), lang)
        assert not code_tokens(said), said


#: How each language names the two inputs standard input was given for, as its readers
#: write "both X and Y", and turns to why that cannot be ("but").
BOTH = {"en": r"for both .+ and .+, and it can", "fr": r"à la fois pour .+ et pour .+, mais elle",
        "es": r"^se ha indicado la entrada estándar tanto para .+ como para .+, pero solo",
        "pt": r"^a entrada padrão foi indicada tanto para .+ como para .+, mas só"}


@pytest.mark.parametrize("key", ["standard_input_for_call_and_applications",
                                 "standard_input_for_call_and_scores",
                                 "standard_input_for_call_and_records",
                                 "standard_input_for_applications_and_scores"])
def test_standard_input_given_twice_is_said_as_a_reader_writes_it(key: str) -> None:
    """Each language names the two inputs as its readers pair two things ("tanto para … como
    para …"), never as a gift made at one moment: before, Portuguese said « a entrada padrão
    é dada ao mesmo tempo para … » (and Spanish « se da a la vez para … »), 8 of 8."""
    for lang, said in BOTH.items():
        assert re.search(said, phrase(key, lang)), (lang, phrase(key, lang))
