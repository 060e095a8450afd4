"""A command's output file is never one of its inputs: however the input is named again
(the same path, another spelling of it, a symbolic or a hard link, a new file in a folder
given as input), the command refuses in words, exit 2, before anything is written, and the
input is left as it was."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from callrules._cli import main
from callrules._writes import refuse_input
from callrules.exceptions import ArgumentError
from tests.laws import settings

EXAMPLE = Path("examples/eligible.json")
SCORES = "application,reviewer,criterion,score\nAMSUD-1,r1,fit,5\n"
AT = ["--at", "2026-06-01T10:00:00+02:00"]


def _same(path: Path) -> str:
    return str(path)


def _dotted(path: Path) -> str:
    return str(path.parent / "." / path.name)


def _up_and_down(path: Path) -> str:
    return str(path.parent / ".." / path.parent.name / path.name)


def _symlink(path: Path) -> str:
    link = path.parent / f"link-{path.name}"
    link.unlink(missing_ok=True)
    link.symlink_to(path)
    return str(link)


def _hardlink(path: Path) -> str:
    link = path.parent.parent / f"hard-{path.name}"
    link.unlink(missing_ok=True)
    os.link(path, link)
    return str(link)


def _new_in_folder(path: Path) -> str:
    return str(path.parent / "new-records.jsonl")


NAMINGS: dict[str, Callable[[Path], str]] = {
    "same": _same, "dotted": _dotted, "up and down": _up_and_down, "symbolic link": _symlink,
    "hard link": _hardlink, "new file in the folder": _new_in_folder}


def _setup(root: Path) -> tuple[Path, Path, Path]:
    folder = root / "in"
    shutil.rmtree(root, ignore_errors=True)
    folder.mkdir(parents=True)
    application = folder / "a.json"
    shutil.copy(EXAMPLE, application)
    scores = folder / "scores.csv"
    scores.write_text(SCORES, encoding="utf-8")
    call = root / "call.toml"
    shutil.copy("src/callrules/calls/cnrs-amsud-2026.toml", call)
    return application, scores, call


class TestAnOutputOverAnInput:
    @settings(max_examples=30, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(naming=st.sampled_from(sorted(NAMINGS)), command=st.sampled_from(["check", "select"]),
           target=st.sampled_from(["application", "scores", "call"]),
           by_folder=st.booleans(), lang=st.sampled_from(["en", "fr", "es", "pt"]))
    def test_is_refused_and_the_input_kept(self, tmp_path: Path, naming: str, command: str,
                                           target: str, by_folder: bool, lang: str) -> None:
        """Any input of check or select (application, score file, call file), named again
        in any way as the record to write: exit 2, the reason in words, every input
        unchanged and no file written."""
        application, scores, call = _setup(tmp_path / "case")
        if target == "scores" and command == "check":
            target = "application"
        chosen = {"application": application, "scores": scores, "call": call}[target]
        output = NAMINGS[naming](chosen)
        before = {p: p.read_bytes() for p in (application, scores, call)}
        apps = str(application.parent) if by_folder else str(application)
        if command == "check":
            args = ["check", str(call), apps, "--record", output, "--lang", lang, *AT]
        else:
            args = ["select", str(call), apps, "--scores", str(scores), "--envelope",
                    "20000", "--record", output, "--lang", lang, *AT]
        err = io.StringIO()
        code = main(args, out=io.StringIO(), err=err)
        if naming == "new file in the folder" and not (by_folder and target != "call"):
            assert "Traceback" not in err.getvalue()  # no folder given: a new file is allowed
            assert Path(output).exists() or code == 2
            return
        assert code == 2, err.getvalue()
        assert output in err.getvalue() and "Traceback" not in err.getvalue()
        assert {p: p.read_bytes() for p in before} == before
        assert not (application.parent / "new-records.jsonl").exists()

    def test_another_file_is_written(self, tmp_path: Path) -> None:
        """A record file outside the inputs and their folders is written as before."""
        application, _, call = _setup(tmp_path / "case")
        output = tmp_path / "records.jsonl"
        code = main(["check", str(call), str(application), "--record", str(output), *AT],
                    out=io.StringIO(), err=io.StringIO())
        assert code == 0 and output.read_text(encoding="utf-8").startswith("{")

    @pytest.mark.parametrize("inputs", [["-"], [None], ["/no/such/file"], ["bad\0name"]])
    def test_what_is_no_file_is_no_input(self, tmp_path: Path, inputs: list[str | None]
                                         ) -> None:
        """Standard input, nothing, a missing file or an impossible name is no input to
        protect: the output is allowed."""
        refuse_input(str(tmp_path / "out.jsonl"), inputs, "en")

    def test_the_refusal_is_typed(self, tmp_path: Path) -> None:
        """The refusal is an ArgumentError whose code says which."""
        application, _, _ = _setup(tmp_path / "case")
        with pytest.raises(ArgumentError) as caught:
            refuse_input(str(application), [str(application)], "fr")
        assert caught.value.code == "output_is_input"


def _where(kind: str, root: Path) -> tuple[str, Callable[[], None]]:
    """A record target of the kind, and what undoes it: the file standard output already
    is, ``/dev/stdout`` (the same), a pipe that a reader holds open (so that writing to it
    would not hang), a folder, a device."""
    if kind in ("the file of the standard output", "/dev/stdout"):
        printed = root / "printed.json"
        handle = printed.open("w")
        saved = os.dup(1)
        os.dup2(handle.fileno(), 1)

        def undo() -> None:
            os.dup2(saved, 1)
            os.close(saved)
            handle.close()
        return (str(printed) if kind != "/dev/stdout" else "/dev/stdout"), undo
    if kind == "pipe":
        pipe = root / "records.pipe"
        os.mkfifo(pipe)
        reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
        return str(pipe), lambda: os.close(reader)
    if kind == "folder":
        (root / "records").mkdir()
        return str(root / "records"), lambda: None
    return "/dev/null", lambda: None


class TestAnOutputThatIsNoFile:
    @settings(max_examples=30, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(kind=st.sampled_from(["the file of the standard output", "/dev/stdout", "pipe",
                                 "folder", "device"]),
           command=st.sampled_from(["check", "select"]),
           fmt=st.sampled_from(["text", "json", "jsonl", "csv"]),
           lang=st.sampled_from(["en", "fr", "es", "pt"]))
    def test_is_refused_in_words(self, tmp_path: Path, kind: str, command: str, fmt: str,
                                 lang: str) -> None:
        """Law: --record naming what the command prints to (the file standard output is,
        ``/dev/stdout``) or what is not a regular file (a pipe: it would hang without a
        reader; a folder; a device): exit 2, one sentence in the reader's words naming it,
        nothing written there, for check and select in every format."""
        root = tmp_path / "case"
        application, scores, call = _setup(root)
        output, undo = _where(kind, root)
        if command == "check":
            args = ["check", str(call), str(application), "--format", fmt]
        else:
            args = ["select", str(call), str(application), "--scores", str(scores),
                    "--envelope", "20000", "--format", "json" if fmt == "jsonl" else
                    "text" if fmt == "csv" else fmt]
        err = io.StringIO()
        try:
            code = main([*args, "--record", output, "--lang", lang, *AT], out=io.StringIO(),
                        err=err)
        finally:
            undo()
        assert code == 2, err.getvalue()
        said = err.getvalue()
        assert output in said and said.count("\n") == 1 and "Traceback" not in said
        assert not (root / "printed.json").exists() or \
            (root / "printed.json").read_bytes() == b""

    @pytest.mark.parametrize("command", ["check", "select"])
    @pytest.mark.parametrize("lang", ["en", "fr", "es", "pt"])
    def test_a_dash_is_standard_output_never_a_file_named_dash(
            self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, lang: str
    ) -> None:
        """``--record -``: ``-`` names standard output wherever the command line writes, so
        it is refused as ``/dev/stdout`` is (exit 2, one sentence in the reader's words),
        and no file named ``-`` appears in the working folder (``./-`` names one)."""
        root = tmp_path / "case"
        application, scores, call = _setup(root)
        monkeypatch.chdir(root)
        args = ["check", str(call), str(application)] if command == "check" else \
            ["select", str(call), str(application), "--scores", str(scores), "--envelope",
             "20000"]
        err = io.StringIO()
        code = main([*args, "--record", "-", "--lang", lang, *AT], out=io.StringIO(), err=err)
        said = err.getvalue()
        assert code == 2 and said.count("\n") == 1 and "Traceback" not in said, said
        assert not (root / "-").exists()
        english = io.StringIO()
        main([*args, "--record", "-", "--lang", "en", *AT], out=io.StringIO(), err=english)
        assert lang == "en" or said != english.getvalue()

    def test_the_same_file_as_standard_output_is_refused_by_a_shell(self, tmp_path: Path
                                                                    ) -> None:
        """``check … --format json --record out.json > out.json``, as a shell runs it: exit
        2, not a JSON array whose records were written over."""
        application, _, call = _setup(tmp_path / "case")
        printed = tmp_path / "out.json"
        with printed.open("w") as handle:
            done = subprocess.run(
                [sys.executable, "-m", "callrules", "check", str(call), str(application),
                 "--format", "json", "--record", str(printed), *AT], stdout=handle,
                stderr=subprocess.PIPE, text=True, timeout=60,
                env={**os.environ, "PYTHONPATH": str(Path("src").resolve())})
        assert done.returncode == 2 and str(printed) in done.stderr, done.stderr
        assert printed.read_bytes() == b""


STDIN_NAMES = ["the file itself", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0",
               "symbolic link", "hard link"]


def _stdin_target(naming: str, read: Path) -> str:
    """The record target naming ``read``, the file standard input is redirected from."""
    if naming == "the file itself":
        return str(read)
    if naming == "symbolic link":
        return _symlink(read)
    if naming == "hard link":
        return _hardlink(read)
    return naming


class TestAnOutputOverStandardInput:
    @settings(max_examples=30, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(naming=st.sampled_from(STDIN_NAMES), command=st.sampled_from(["check", "select"]),
           target=st.sampled_from(["applications", "scores"]),
           fmt=st.sampled_from(["text", "json", "jsonl", "csv"]),
           lang=st.sampled_from(["en", "fr", "es", "pt"]))
    def test_is_refused_and_the_input_kept(self, tmp_path: Path, naming: str, command: str,
                                           target: str, fmt: str, lang: str) -> None:
        """Law: when standard input is an input (``-``, applications or ``--scores -``) and
        the record names the file it reads (the file, ``/dev/stdin``, ``/dev/fd/0``,
        ``/proc/self/fd/0``, a link), check and select refuse (exit 2, one sentence in the
        reader's words naming it), and the input is left byte for byte: nothing written."""
        application, scores, call = _setup(tmp_path / "case")
        if command == "check":
            target = "applications"
        read = application if target == "applications" else scores
        output = _stdin_target(naming, read)
        before = {p: p.read_bytes() for p in (application, scores, call)}
        apps = "-" if target == "applications" else str(application)
        if command == "check":
            args = ["check", str(call), apps, "--format", fmt]
        else:
            args = ["select", str(call), apps, "--scores",
                    "-" if target == "scores" else str(scores), "--envelope", "20000",
                    "--format", "json" if fmt == "jsonl" else fmt]
        err = io.StringIO()
        saved = os.dup(0)
        with read.open("r", encoding="utf-8") as handle:
            os.dup2(handle.fileno(), 0)
            try:
                code = main([*args, "--record", output, "--lang", lang, *AT],
                            out=io.StringIO(), err=err, stdin=handle)
            finally:
                os.dup2(saved, 0)
                os.close(saved)
        said = err.getvalue()
        assert code == 2, said
        assert output in said and said.count("\n") == 1 and "Traceback" not in said
        assert {p: p.read_bytes() for p in before} == before

    def test_as_a_shell_runs_it(self, tmp_path: Path) -> None:
        """``check CALL - --record apps.json < apps.json`` in a shell: exit 2 in words, the
        applications left as they were."""
        application, _, call = _setup(tmp_path / "case")
        before = application.read_bytes()
        with application.open("rb") as handle:
            done = subprocess.run(
                [sys.executable, "-m", "callrules", "check", str(call), "-", "--record",
                 str(application), "--lang", "fr", *AT], stdin=handle, capture_output=True,
                text=True, timeout=60,
                env={**os.environ, "PYTHONPATH": str(Path("src").resolve())})
        assert done.returncode == 2 and str(application) in done.stderr, done.stderr
        assert "entrée standard" in done.stderr
        assert application.read_bytes() == before

    def test_standard_input_not_read_is_no_input(self, tmp_path: Path) -> None:
        """Standard input redirected from a file the command does not read (no ``-``) is
        no input: a record written there is allowed."""
        application, _, call = _setup(tmp_path / "case")
        output = tmp_path / "records.jsonl"
        output.write_text("old\n", encoding="utf-8")
        saved = os.dup(0)
        with output.open("r", encoding="utf-8") as handle:
            os.dup2(handle.fileno(), 0)
            try:
                code = main(["check", str(call), str(application), "--record", str(output),
                             *AT], out=io.StringIO(), err=io.StringIO(), stdin=handle)
            finally:
                os.dup2(saved, 0)
                os.close(saved)
        assert code == 0 and output.read_text(encoding="utf-8").startswith("{")


NOTHING_DECIDED = {"empty": "", "blank lines": "\n\n", "only a damaged record": '{"id": "broken\n',
                   "only invalid records": '{"id": "a"}\n{"call": 3}\n',
                   "a CSV header alone": "id,call\n"}


class TestARunThatDecidesNothing:
    @settings(max_examples=30, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(given_in=st.sampled_from(sorted(NOTHING_DECIDED)),
           command=st.sampled_from(["check", "select"]),
           fmt=st.sampled_from(["text", "json", "jsonl", "csv"]),
           existing=st.binary(max_size=64))
    def test_leaves_the_record_file_as_it_was(self, tmp_path: Path, given_in: str,
                                              command: str, fmt: str, existing: bytes) -> None:
        """Law: a run refused with nothing decided (no record, or none a valid application:
        exit 2) leaves an existing record file byte for byte, for check and select in every
        format: the file is replaced only once there is a record to write."""
        _, scores, call = _setup(tmp_path / "case")
        output = tmp_path / "yesterday.jsonl"
        output.write_bytes(existing)
        if command == "check":
            args = ["check", str(call), "-", "--format", fmt]
        else:
            args = ["select", str(call), "-", "--scores", str(scores), "--envelope", "20000",
                    "--format", "json" if fmt == "jsonl" else fmt]
        code = main([*args, "--record", str(output), *AT], out=io.StringIO(),
                    err=io.StringIO(), stdin=io.StringIO(NOTHING_DECIDED[given_in]))
        assert code == 2
        assert output.read_bytes() == existing

    def test_a_run_that_decides_writes(self, tmp_path: Path) -> None:
        """One valid application among invalid ones (exit 2): its record replaces the file."""
        application, _, call = _setup(tmp_path / "case")
        output = tmp_path / "records.jsonl"
        output.write_text("old\n", encoding="utf-8")
        batch = '{"id": "a"}\n' + application.read_text(encoding="utf-8").replace("\n", " ")
        code = main(["check", str(call), "-", "--record", str(output), *AT],
                    out=io.StringIO(), err=io.StringIO(), stdin=io.StringIO(batch + "\n"))
        lines = output.read_text(encoding="utf-8").splitlines()
        assert code == 2 and len(lines) == 1 and lines[0].startswith('{"record_version"')
