"""The command line as a process: a worker answering line by line, exit codes that cannot be
confused with a verdict, signals, closed pipes and ASCII terminals, in real processes."""

from __future__ import annotations

import io
import json
import os
import select
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import callrules
from callrules import _cli, _record
from callrules._cli import main
from tests.conftest import EXAMPLES, ROOT, eligible_dict

ELIGIBLE = str(EXAMPLES / "eligible.json")
INELIGIBLE = str(EXAMPLES / "ineligible.json")
#: A worker whose one-per-host rule spills to disk at once (to see what a signal leaves).
WORKER = ("import sys; from callrules import _evaluate, _cli; _evaluate._Unique.SPILL_AT = 1; "
          "sys.exit(_cli.main(sys.argv[1:]))")


def environment(tmp: Path | None = None, **extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **extra}
    if tmp is not None:
        env["TMPDIR"] = env["SQLITE_TMPDIR"] = str(tmp)
    return env


def line_of(app: dict[str, Any]) -> bytes:
    return json.dumps(app).encode() + b"\n"


def answer(proc: subprocess.Popen[bytes]) -> dict[str, Any]:
    """The next line the process writes (failing, not hanging, if none comes)."""
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], 120)
    assert ready, "no answer: the worker did not flush its line"
    got: dict[str, Any] = json.loads(proc.stdout.readline())
    return got


def start_worker(*command: str, tmp: Path | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, *command], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=environment(tmp), cwd=ROOT)


class TestWorker:
    def test_each_line_is_answered_before_the_next_is_written(self) -> None:
        """JSON Lines in, one report out per line as it arrives; a bad line in place; the
        batch rule's corrections when standard input closes."""
        with start_worker("-m", "callrules", "check", "cnrs-amsud-2026", "-",
                          "--format", "jsonl", "--at", "2026-05-01T12:00:00+02:00") as proc:
            self.converse(proc)

    def converse(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdin is not None
        first = eligible_dict()
        proc.stdin.write(line_of(first))
        proc.stdin.flush()
        got = answer(proc)
        assert (got["index"], got["source"], got["eligible"]) == (0, "<stdin>:1", True)
        assert got["unchecked"] == ["one-per-host"]
        proc.stdin.write(b'{"id": oops}\n')
        proc.stdin.flush()
        got = answer(proc)
        assert (got["index"], got["source"]) == (1, "<stdin>:2") and "input_error" in got
        proc.stdin.write(line_of({**first, "id": "again",
                                  "submitted_at": "2026-04-01T10:00:00+02:00"}))
        proc.stdin.flush()
        assert answer(proc)["index"] == 2
        proc.stdin.close()
        correction = answer(proc)
        assert correction["index"] == 0 and correction["correction"]["code"] == "duplicate"
        assert proc.wait(120) == 2 and b"Traceback" not in (proc.stderr or io.BytesIO()).read()


class TestSignals:
    @pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
    def test_a_signal_during_a_spilled_stream_leaves_nothing_behind(
            self, tmp_path: Path, signum: int) -> None:
        """Stopped while its hosts are on disk: exit 128 + the signal, no traceback, and no
        temporary file left."""
        with start_worker("-c", WORKER, "check", "cnrs-amsud-2026", "-", "--format",
                          "jsonl", tmp=tmp_path) as proc:
            assert proc.stdin is not None
            for number in range(3):
                proc.stdin.write(line_of({**eligible_dict(), "id": f"n{number}"}))
                proc.stdin.flush()
                answer(proc)
            proc.send_signal(signum)
            assert proc.wait(120) == 128 + signum
            assert proc.stderr is not None and b"Traceback" not in proc.stderr.read()
        assert list(tmp_path.iterdir()) == []


class TestExitCodes:
    def test_a_closed_pipe_is_not_a_verdict(self, tmp_path: Path) -> None:
        """``| head -1`` on a long stream: exit 141, quietly, never 0 ("all eligible")."""
        batch = tmp_path / "b.jsonl"
        batch.write_bytes(b"".join(line_of({**eligible_dict(), "id": f"n{n}"})
                                   for n in range(400)))
        with subprocess.Popen([sys.executable, "-m", "callrules", "check", "cnrs-amsud-2026",
                               str(batch), "--format", "jsonl"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=environment(), cwd=ROOT) as proc:
            assert proc.stdout is not None and proc.stderr is not None
            proc.stdout.readline()
            proc.stdout.close()
            assert proc.wait(120) == 141
            assert proc.stderr.read() == b""

    def test_a_crash_is_never_0_or_1_and_prints_one_line(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """An error the library did not expect: exit 70, one line; the traceback on request."""
        def broken(*args: Any) -> int:
            raise TypeError("something the library did not expect")

        monkeypatch.setattr(_cli, "_check", broken)
        monkeypatch.delenv("CALLRULES_TRACEBACK", raising=False)
        err = io.StringIO()
        assert main(["check", "cnrs-amsud-2026", ELIGIBLE], out=io.StringIO(), err=err) == 70
        assert err.getvalue().count("\n") == 1 and "TypeError" in err.getvalue()
        monkeypatch.setenv("CALLRULES_TRACEBACK", "1")
        err = io.StringIO()
        assert main(["check", "cnrs-amsud-2026", ELIGIBLE], out=io.StringIO(), err=err) == 70
        assert "Traceback" in err.getvalue()

    def test_ctrl_c_is_130_without_a_traceback(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """An interrupted run says so in one line."""
        def interrupted(*args: Any) -> int:
            raise KeyboardInterrupt

        monkeypatch.setattr(_cli, "_check", interrupted)
        err = io.StringIO()
        assert main(["check", "cnrs-amsud-2026", ELIGIBLE], out=io.StringIO(), err=err) == 130
        assert err.getvalue().strip() == "callrules: interrupted"


class TestOutput:
    @pytest.mark.parametrize("args", [
        ["check", "cnrs-amsud-2026", INELIGIBLE, "--lang", "fr"],
        ["check", "cnrs-amsud-2026", INELIGIBLE, "--lang", "fr", "--format", "csv"],
        ["show", "cnrs-amsud-2026", "--lang", "fr"],
        ["check", "cnrs-amsud-2026", INELIGIBLE, "--lang", "fr", "--format", "json"]])
    def test_an_ascii_terminal_does_not_crash_any_output(self, args: list[str]) -> None:
        """With an ASCII standard output, text is escaped and JSON and CSV are UTF-8."""
        done = subprocess.run([sys.executable, "-m", "callrules", *args], capture_output=True,
                              env=environment(PYTHONIOENCODING="ascii", LC_ALL="C",
                                              PYTHONUTF8="0"), cwd=ROOT, timeout=120,
                              check=False)
        assert done.returncode in (0, 1) and b"Traceback" not in done.stderr
        if "json" in args:
            assert json.loads(done.stdout.decode("utf-8"))[0]["errors"]

    def test_zone_applies_to_json_messages(self) -> None:
        """--zone shows instants in the reader's zone in JSON messages too."""
        out = io.StringIO()
        main(["check", "cnrs-amsud-2026", INELIGIBLE, "--format", "json", "--zone",
              "America/Sao_Paulo"], out=out, err=io.StringIO())
        messages = [e["message"] for e in json.loads(out.getvalue())[0]["errors"]]
        assert any("São Paulo" in m for m in messages)

    def test_input_problems_carry_json_pointers(self) -> None:
        """A worker's answer to a bad line points at the field, for a form to show it."""
        line = json.dumps({**eligible_dict(), "language": "xx"}) + "\n"
        out = io.StringIO()
        main(["check", "cnrs-amsud-2026", "-", "--format", "jsonl"], out=out,
             err=io.StringIO(), stdin=io.StringIO(line))
        (problem,) = json.loads(out.getvalue().splitlines()[0])["input_error"]
        assert problem["pointer"] == "/language" and problem["path"] == "language"

    def test_record_does_not_evaluate_twice(self, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
        """The records are written from the batch's own reports."""
        def again(*args: Any, **kwargs: Any) -> Any:
            raise AssertionError("evaluated a second time")

        monkeypatch.setattr(_record, "evaluate", again)
        file = tmp_path / "r.jsonl"
        code = main(["check", "cnrs-amsud-2026", ELIGIBLE, INELIGIBLE, "--record", str(file),
                     "--at", "2026-05-01T12:00:00+02:00"], out=io.StringIO(),
                    err=io.StringIO())
        assert code == 1 and len(file.read_text("utf-8").splitlines()) == 2
        monkeypatch.undo()
        lines = file.read_text("utf-8").splitlines()
        outcomes = [callrules.replay(json.loads(line)) for line in lines]
        assert [o.same for o in outcomes] == [True, True]
