"""The command line as a process: a worker answering line by line, exit codes that cannot be
confused with a verdict, signals, closed pipes and ASCII terminals, in real processes."""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import select
import signal
import subprocess
import sys
import termios
import threading
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules import _cli, _form, _record, _signals, _sources
from callrules._cli import EXIT_USAGE, main
from callrules._i18n import phrase, typography
from callrules.exceptions import InputError, InputProblem
from tests.conftest import EXAMPLES, ROOT, eligible_dict
from tests.helpers import code_tokens
from tests.laws import settings

ELIGIBLE = str(EXAMPLES / "eligible.json")
INELIGIBLE = str(EXAMPLES / "ineligible.json")
#: A worker whose one-per-host rule spills to disk at once (to see what a signal leaves),
#: started as the command is (its signals as the console script sets them).
WORKER = ("import sys; from callrules import _evaluate, _entry; _evaluate._Unique.SPILL_AT = 1; "
          "sys.exit(_entry.main())")
#: The command started as ``python -m callrules`` is, Ctrl-C pressed (SIGINT sent to itself)
#: as the module named first is imported (before the command line's modules load, or while
#: they do).
INTERRUPTED_AT = (
    "import os, runpy, signal, sys\n"
    "class Interrupt:\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    "        if name == AT:\n"
    "            os.kill(os.getpid(), signal.SIGINT)\n"
    "AT = sys.argv.pop(1)\n"
    "sys.meta_path.insert(0, Interrupt())\n"
    "runpy.run_module('callrules', run_name='__main__', alter_sys=True)\n")


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

def _recorded_inputs(command: str, tmp_path: Path, count: int) -> list[str]:
    """The arguments after the call of a ``check`` (``count`` eligible applications in a
    JSON Lines file) or a ``select`` (the documentation's panel) whose ``--record`` a test
    stops or cuts."""
    if command == "select":
        panel = ROOT / "docs" / "examples" / "panel"
        return [str(panel / "applications.jsonl"), "--scores", str(panel / "scores.csv"),
                "--envelope", "20000 EUR", "--at", "2026-06-15T10:00:00+02:00"]
    batch = tmp_path / "b.jsonl"
    batch.write_bytes(b"".join(line_of({**eligible_dict(), "id": f"n{n}"})
                               for n in range(count)))
    return [str(batch), "--at", AT]



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

    @pytest.mark.parametrize("module", ["callrules._cli", "pydantic"])
    def test_ctrl_c_while_the_command_starts_ends_it_without_a_traceback(
            self, module: str) -> None:
        """Ctrl-C while the command starts (its modules loading: pydantic building its
        schemas, the calls…): the process ends, stopped by SIGINT (or with 130 and
        ``callrules: interrupted``); never a traceback, never a run that goes on to a
        verdict's code or prints one. (Later, the real processes below.)"""
        done = subprocess.run(
            [sys.executable, "-c", INTERRUPTED_AT, module, "check", "cnrs-amsud-2026",
             ELIGIBLE, "--at", AT], capture_output=True, env=environment(), cwd=ROOT,
            timeout=120, check=False)
        assert done.returncode in (-signal.SIGINT, 130), done
        assert done.stderr.decode().strip() in ("", "callrules: interrupted"), done
        assert done.stdout == b""

    @pytest.mark.parametrize("stop", ["SIGTERM", "SIGHUP", "SIGINT", "crash"])
    @pytest.mark.parametrize("command", ["check", "select"])
    def test_a_record_file_stopped_while_written_is_left_as_it_was(
            self, tmp_path: Path, stop: str, command: str) -> None:
        """``--record FILE`` stopped by a real signal (or a crash) as its records are being
        written: exit 128 + the signal (70), FILE as it was before, no file left beside it;
        the program that ran the command line in-process still prints after it."""
        folder = tmp_path / "out"
        folder.mkdir()
        record = folder / "decisions.jsonl"
        record.write_bytes(b'{"before": true}\n' * 5)  # a whole record of an earlier run
        stopping = ("raise RuntimeError('boom')" if stop == "crash"
                    else f"os.kill(os.getpid(), signal.{stop})")
        # stopped in the second decision record (check), or as the selection's record is
        # put in words (select), whichever way the file is written
        worker = ("import os, signal, sys\n"
                  "from callrules import _cli\n"
                  "import callrules.selection.cli as sel\n"
                  "def stopping(real, at):\n"
                  "    calls = []\n"
                  "    def stop(*args, **kwargs):\n"
                  "        calls.append(1)\n"
                  "        if len(calls) == at:\n"
                  f"            {stopping}\n"
                  "        return real(*args, **kwargs)\n"
                  "    return stop\n"
                  "_cli.decision_record = stopping(_cli.decision_record, 2)\n"
                  "sel.json_text = stopping(sel.json_text, 1)\n"
                  "code = _cli.main(sys.argv[1:])\n"
                  "print('the program goes on printing')\n"
                  "sys.exit(code)")
        given = _recorded_inputs(command, tmp_path, 3)
        done = subprocess.run([sys.executable, "-c", worker, command, "cnrs-amsud-2026",
                               *given, "--record", str(record)], capture_output=True,
                              env=environment(tmp_path), cwd=ROOT, timeout=120)
        expected = _cli.EXIT_CRASH if stop == "crash" else 128 + getattr(signal, stop)
        assert done.returncode == expected, done.stderr
        assert b"Traceback" not in done.stderr
        assert record.read_bytes() == b'{"before": true}\n' * 5
        assert [entry.name for entry in folder.iterdir()] == ["decisions.jsonl"]
        # a program that runs the command line in-process keeps its standard output
        assert done.stdout.endswith(b"the program goes on printing\n")

    @pytest.mark.parametrize(("command", "reader"), [
        ("check", "gone"), ("check", "paused"), ("check", "interrupted"), ("select", "gone")])
    def test_a_record_file_is_put_in_place_only_with_the_whole_output(
            self, tmp_path: Path, command: str, reader: str) -> None:
        """``--record FILE`` while the output is cut (its reader gone: ``| head -1``, exit
        141), or stopped by SIGTERM or Ctrl-C while it waits to print (its reader paused,
        the pipe full: exit 143 or 130, never a hang): FILE as it was, so that it never holds
        decisions the output did not show; no file left beside it."""
        folder = tmp_path / "out"
        folder.mkdir()
        record = folder / "decisions.jsonl"
        record.write_bytes(b'{"before": true}\n')
        given = [*_recorded_inputs(command, tmp_path, 8),
                 *(["--format", "json"] if command == "check" else [])]
        reading, writing = os.pipe()
        if reader == "gone":
            os.close(reading)
        else:  # a small pipe, which the output fills
            fcntl.fcntl(writing, fcntl.F_SETPIPE_SZ, 4096)
        with subprocess.Popen([sys.executable, "-m", "callrules", command, "cnrs-amsud-2026",
                               *given, "--record", str(record)], stdout=writing,
                              stderr=subprocess.PIPE, env=environment(tmp_path),
                              cwd=ROOT) as proc:
            os.close(writing)
            if reader != "gone":
                try:
                    while proc.poll() is None and int.from_bytes(fcntl.ioctl(
                            reading, termios.FIONREAD, bytes(4)), sys.byteorder) < 4096:
                        select.select([], [], [], 0.05)  # (the output filling the pipe)
                    signum = signal.SIGTERM if reader == "paused" else signal.SIGINT
                    proc.send_signal(signum)
                    assert proc.wait(60) == 128 + signum
                finally:
                    os.close(reading)
            else:
                assert proc.wait(120) == 141
            assert proc.stderr is not None and proc.stderr.read() == (
                b"\ncallrules: interrupted\n" if reader == "interrupted" else b"")
        assert record.read_bytes() == b'{"before": true}\n'
        assert [entry.name for entry in folder.iterdir()] == ["decisions.jsonl"]


    @pytest.mark.parametrize(("signum", "swallowed", "at", "record"), [
        (signal.SIGTERM, "ignored", 2, True), (signal.SIGTERM, "refused", 1, True),
        (signal.SIGTERM, "error", 3, True), (signal.SIGHUP, "refused", 2, True),
        (signal.SIGINT, "refused", 2, True), (signal.SIGINT, "error", 1, True),
        (signal.SIGTERM, "refused", 2, False), (signal.SIGHUP, "ignored", 3, False),
        (signal.SIGINT, "ignored", 1, False)])
    def test_a_signal_a_library_swallows_still_stops_the_run(
            self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: int,
            swallowed: str, at: int, record: bool) -> None:
        """A signal that lands inside a library's compiled code that does not let its
        exception through (pydantic-core matching a pattern with Python's ``re`` writes it
        off as ignored and finds the text not matching it; a validator being built turns it
        into an error of its own), as the record ``at`` of 3 is read: the run still ends by
        the signal (128 + N), never 1, 2 or 70; ``--record``'s file is as it was, nothing
        beside it; without ``--record``, nothing of that record or later is printed. (The
        handler is called where the signal lands, as Python calls it: no timing.)"""
        folder = tmp_path / "out"
        folder.mkdir()
        kept = folder / "decisions.jsonl"
        kept.write_bytes(b'{"before": true}\n')
        batch = tmp_path / "b.jsonl"
        batch.write_bytes(b"".join(line_of({**eligible_dict(), "id": f"n{n}"})
                                   for n in range(3)))
        real, calls = _form._check_shape, []

        def landing(*args: Any) -> Any:
            calls.append(1)
            if len(calls) == at:
                # the signal lands here, and the library swallows its exception
                with contextlib.suppress(BaseException):
                    signal.getsignal(signum)(signum, None)  # type: ignore[operator]
                if swallowed == "refused":  # the text "holds a control character"
                    raise InputError([InputProblem(
                        ("id",), "control_character", "a control character")])
                if swallowed == "error":  # "SchemaError: Error building validator"
                    raise RuntimeError("a validator could not be built")
            return real(*args)

        monkeypatch.setattr(_form, "_check_shape", landing)
        out, err = io.StringIO(), io.StringIO()
        given = [str(batch), "--format", "jsonl", "--at", AT]
        code = main(["check", "cnrs-amsud-2026", *given,
                     *(["--record", str(kept)] if record else [])], out=out, err=err)
        assert (code, len(calls)) == (128 + signum, at)
        assert err.getvalue().strip() == ("callrules: interrupted"
                                          if signum == signal.SIGINT else "")
        assert kept.read_bytes() == b'{"before": true}\n'
        assert [entry.name for entry in folder.iterdir()] == ["decisions.jsonl"]
        printed = [json.loads(line)["application"] for line in out.getvalue().splitlines()]
        assert printed == ([] if record else [f"n{n}" for n in range(at - 1)])
        # the signal is not kept once the run it stopped has ended
        assert main(["check", "cnrs-amsud-2026", ELIGIBLE, "--at", AT], out=io.StringIO(),
                    err=io.StringIO()) == 0


    def test_the_first_signal_is_the_one_kept(self) -> None:
        """A second signal while the first is kept (Ctrl-C after SIGTERM) raises its own
        exception where it lands, but the run ends by the first; nothing is kept once
        forgotten, and asking again then does nothing."""
        with pytest.raises(_signals.Stopped):
            _signals.stopping(signal.SIGTERM, None)
        try:
            with pytest.raises(KeyboardInterrupt):
                _signals.stopping(signal.SIGINT, None)
            assert _signals.kept() == signal.SIGTERM
            with pytest.raises(_signals.Stopped, match="15"):
                _signals.check()
        finally:
            _signals.forget()
        assert _signals.kept() is None
        _signals.check()


    @pytest.mark.parametrize("elsewhere", ["check", "judge", "read", "forget", "main"])
    def test_a_signal_kept_stops_only_the_thread_whose_run_it_stopped(
            self, elsewhere: str) -> None:
        """A signal the command line's handler keeps (Python calls it in the main thread, the
        one whose run it stops) is for that thread only: another thread of the program,
        judging records with the library, asking again, forgetting, or running a command line
        of its own, is never stopped by it (no ``Stopped``, which no ``except Exception``
        catches, every record judged) and never forgets it; in the thread that kept it, it is
        raised again wherever asked. (The handler is called as Python calls it: no timing.)"""
        records = [{**eligible_dict(), "id": f"n{n}"} for n in range(3)]
        done: list[object] = []

        def other() -> None:
            try:
                if elsewhere == "check":
                    _signals.check()
                    done.append(_signals.kept())
                elif elsewhere == "judge":
                    done.extend(item.report is not None for item in callrules.evaluate_stream(
                        callrules.calls.load("cnrs-amsud-2026"), records,
                        now=datetime.fromisoformat(AT), progress=False))
                elif elsewhere == "read":
                    done.extend(item for item in _sources.Counted(records))
                elif elsewhere == "forget":
                    _signals.forget()
                    done.append(_signals.kept())
                else:
                    done.append(main(["check", "cnrs-amsud-2026", ELIGIBLE, "--at", AT],
                                     out=io.StringIO(), err=io.StringIO()))
            except BaseException as exc:  # (what the thread met: compared below)
                done.append(exc)

        with pytest.raises(_signals.Stopped):
            _signals.stopping(signal.SIGTERM, None)
        try:
            worker = threading.Thread(target=other)
            worker.start()
            worker.join()
            assert done == {"check": [None], "judge": [True] * 3, "read": records,
                            "forget": [None], "main": [0]}[elsewhere]
            assert _signals.kept() == signal.SIGTERM
            with pytest.raises(_signals.Stopped, match="15"):
                _signals.check()
            with pytest.raises(_signals.Stopped, match="15"):
                next(_sources.Counted(records))
        finally:
            _signals.forget()
        assert _signals.kept() is None


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


#: Where each standard stream goes when its descriptor is closed (``<&-``, ``>&-``, ``2>&-``)
#: or the process has no console (``pythonw``, a service): Python makes it None.
STREAMS = ("stdin", "stdout", "stderr")
AT = "2026-05-01T12:00:00+02:00"


class TestClosedStandardStreams:
    @settings(max_examples=80)
    @given(closed=st.sets(st.sampled_from(STREAMS)),
           fmt=st.sampled_from(["text", "json", "jsonl", "csv"]),
           from_stdin=st.booleans(), known_call=st.booleans(), as_none=st.booleans())
    def test_any_closed_streams_give_a_documented_code_and_one_line(
            self, closed: set[str], fmt: str, from_stdin: bool, known_call: bool,
            as_none: bool) -> None:
        """Any subset of closed standard streams (None, as Python makes a closed
        descriptor, or a closed file object), any format, any source: the exit code says
        what happened (2 without the output or the input it needs, else the verdict), never
        a crash's 1 or 70; standard error, if open, holds one line at most and no
        traceback."""
        streams = {"stdin": io.StringIO(json.dumps(eligible_dict())), "stdout": io.StringIO(),
                   "stderr": io.StringIO()}
        for name in closed:
            streams[name].close()
            if as_none:
                streams[name] = None  # type: ignore[assignment]
        args = ["check", "cnrs-amsud-2026" if known_call else "no-such-call",
                "-" if from_stdin else ELIGIBLE, "--format", fmt, "--at", AT]
        with pytest.MonkeyPatch.context() as patch:
            for name, stream in streams.items():
                patch.setattr(sys, name, stream)
            code = main(args)
        cannot = "stdout" in closed or (from_stdin and "stdin" in closed) or not known_call
        assert code == (EXIT_USAGE if cannot else 0)
        if "stderr" not in closed:
            said = streams["stderr"].getvalue()
            assert said.count("\n") <= 1 and "Traceback" not in said
            assert bool(said) == cannot
            assert not (known_call and code_tokens(said))  # words, not code
        if "stdout" not in closed and not cannot:
            assert "ELIGIBLE" in streams["stdout"].getvalue().upper()
        if "stdout" not in closed and cannot:  # nothing judged, no record invented
            assert streams["stdout"].getvalue() == ""

    @pytest.mark.parametrize(("args", "lang"), [
        *((["check", "cnrs-amsud-2026", *files, "--format", fmt], lang)
          for files, fmt, lang in [
              (["-"], "text", "en"), (["-"], "json", "fr"), (["-"], "jsonl", "es"),
              (["-"], "csv", "pt"), ([ELIGIBLE, "-", INELIGIBLE], "text", "fr"),
              ([ELIGIBLE, "-"], "jsonl", "en"), (["-", ELIGIBLE], "csv", "es"),
              ([ELIGIBLE, INELIGIBLE, "-"], "json", "pt")]),
        (["check", "cnrs-amsud-2026", ELIGIBLE, "-", "--record", "r.jsonl"], "en"),
        (["plan", "cnrs-amsud-2026", "-"], "fr"),
        (["plan", "cnrs-amsud-2026", "-", "--format", "json"], "en"),
        (["select", "cnrs-amsud-2026", ELIGIBLE, "-", "--scores", ELIGIBLE,
          "--envelope", "1000 EUR"], "es"),
        (["select", "cnrs-amsud-2026", ELIGIBLE, "--scores", "-", "--envelope", "1000 EUR",
          "--format", "csv"], "pt"),
        # standard input named as a file: the same refusal, in each command
        (["check", "cnrs-amsud-2026", "/dev/stdin"], "en"),
        (["check", "cnrs-amsud-2026", ELIGIBLE, "/dev/fd/0", "--format", "jsonl"], "fr"),
        (["check", "cnrs-amsud-2026", "/proc/self/fd/0", "--record", "r.jsonl"], "es"),
        (["plan", "cnrs-amsud-2026", "//dev/./stdin"], "pt"),
        (["plan", "cnrs-amsud-2026", "/dev/fd/00", "--format", "json"], "en"),
        (["select", "cnrs-amsud-2026", "/proc/thread-self/fd/0", "--scores", ELIGIBLE,
          "--envelope", "1000 EUR"], "fr"),
        (["select", "cnrs-amsud-2026", ELIGIBLE, "--scores", "/dev/stdin", "--envelope",
          "1000 EUR", "--format", "csv"], "es")])
    @pytest.mark.parametrize("as_none", [True, False])
    def test_reading_a_closed_standard_input_is_said_before_any_work(
            self, args: list[str], lang: str, as_none: bool, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> None:
        """Every command that reads ``-`` (applications, scores), every format, ``-``
        anywhere among the files, without a standard input: exit 2 and the one line that
        says so in the reader's language, before any work: nothing judged or printed (the
        other files named neither), no record invented in place of the input, nothing
        written."""
        monkeypatch.chdir(tmp_path)
        closed = io.StringIO("[]")
        closed.close()
        monkeypatch.setattr(sys, "stdin", None if as_none else closed)
        out, err = io.StringIO(), io.StringIO()
        assert main([*args, "--lang", lang, "--at", AT], out=out, err=err) == EXIT_USAGE
        said = typography(phrase("standard_input_closed", lang), lang)
        assert err.getvalue() == f"callrules: {said}\n"
        assert out.getvalue() == "" and list(tmp_path.iterdir()) == []

    def test_every_name_of_standard_input_reads_a_pipe_or_a_file_on_it(
            self, tmp_path: Path) -> None:
        """A pipe or a regular file on standard input, named by any name of it (a link to
        ``/dev/stdin`` or a link to such a link; ``/dev/fd/00``, which the system does not
        know but which is refused as standard input when it is closed), is read as
        ``/dev/stdin`` reads it, its one record judged (exit 0), never refused as "not a
        regular file" nor said unreadable; ``replay`` reads it too, and ``--record`` never
        writes over what it reads."""
        link, again = tmp_path / "lnk", tmp_path / "lnk2"
        link.symlink_to("/dev/stdin")
        again.symlink_to(link)
        record = Path(ELIGIBLE).read_bytes()
        kept = tmp_path / "one.json"
        kept.write_bytes(record)
        saved = os.dup(0)
        try:
            for name in ("/dev/stdin", str(link), str(again), "/dev/fd/00",
                         "/proc/self/fd/000", "//proc/thread-self/fd/00"):
                for kind in ("pipe", "file"):
                    if kind == "pipe":
                        reading, writing = os.pipe()
                        os.write(writing, record)
                        os.close(writing)
                    else:
                        reading = os.open(kept, os.O_RDONLY)
                    os.dup2(reading, 0)  # on descriptor 0, as ``cat one.json |`` gives
                    os.close(reading)
                    out, err = io.StringIO(), io.StringIO()
                    code = main(["check", "cnrs-amsud-2026", name, "--at", AT, "--format",
                                 "jsonl"], out=out, err=err)
                    assert (code, err.getvalue()) == (0, ""), (name, kind)
                    assert len(out.getvalue().splitlines()) == 1, (name, kind)
                    assert json.loads(out.getvalue())["eligible"] is True, (name, kind)
            reading = os.open(kept, os.O_RDONLY)  # read through such a name, never written
            os.dup2(reading, 0)
            os.close(reading)
            assert main(["check", "cnrs-amsud-2026", "/dev/fd/00", "--at", AT, "--record",
                         str(kept)], out=io.StringIO(), err=io.StringIO()) == EXIT_USAGE
            assert kept.read_bytes() == record
            decided = tmp_path / "decided.jsonl"
            assert main(["check", "cnrs-amsud-2026", str(kept), "--at", AT, "--record",
                         str(decided)], out=io.StringIO(), err=io.StringIO()) == 0
            reading = os.open(decided, os.O_RDONLY)
            os.dup2(reading, 0)
            os.close(reading)
            out, err = io.StringIO(), io.StringIO()
            assert main(["replay", "/dev/fd/00"], out=out, err=err) == 0, err.getvalue()
        finally:
            os.dup2(saved, 0)
            os.close(saved)

    @pytest.mark.parametrize("command", ["check", "plan", "select", "scores", "replay",
                                         "validate", "validate_json"])
    def test_dash_is_standard_input_in_every_command_never_a_file_named_so(
            self, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """``-`` is standard input in every command that reads files (applications, scores,
        records, a call file), as ``check`` reads it: a file named ``-`` in the working
        folder is never read in its place (``./-`` names it). The run gives what the same
        input from a file gives."""
        monkeypatch.chdir(tmp_path)
        Path("-").write_text("not records, scores nor a call\n", "utf-8")
        panel = ROOT / "docs" / "examples" / "panel"
        records = tmp_path / "records.jsonl"
        main(["check", "cnrs-amsud-2026", ELIGIBLE, INELIGIBLE, "--at", AT, "--record",
              str(records)], out=io.StringIO(), err=io.StringIO())
        call_file = ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml"
        as_json = tmp_path / "call.json"  # (a call file in JSON: told by its first ``{``)
        as_json.write_text(json.dumps(tomllib.loads(call_file.read_text("utf-8")),
                                      default=lambda value: value.isoformat()), "utf-8")
        select = ["select", "cnrs-amsud-2026", "--envelope", "6000 EUR", "--at", AT]
        args, file = {
            "check": (["check", "cnrs-amsud-2026", "{}", "--at", AT], ELIGIBLE),
            "plan": (["plan", "cnrs-amsud-2026", "{}", "--at", AT], ELIGIBLE),
            "select": ([*select, "{}", "--scores", str(panel / "scores.csv")],
                       str(panel / "applications.jsonl")),
            "scores": ([*select, str(panel / "applications.jsonl"), "--scores", "{}"],
                       str(panel / "scores.csv")),
            "replay": (["replay", "{}"], str(records)),
            "validate": (["validate", "{}"], str(call_file)),
            "validate_json": (["validate", "{}"], str(as_json))}[command]
        ran = []  # (standard input given as text, as bytes: look65c, bytes crashed two)
        for name, piped in (("-", Path(file).read_text("utf-8")), ("-", Path(file).read_bytes()),
                            (file, "")):
            out, err = io.StringIO(), io.StringIO()
            code = main([name if a == "{}" else a for a in args], out=out, err=err,
                        stdin=io.BytesIO(piped) if isinstance(piped, bytes) else io.StringIO(piped))
            said = out.getvalue().replace("<stdin>", "NAME")
            for shown in (file, file.lstrip("/"), f"{Path(file).parent.name}/{Path(file).name}"):
                said = said.replace(shown, "NAME")  # (a file named by the end of its path)
            ran.append((code, said))
        assert ran[0][0] == ran[1][0] == ran[2][0], ran
        assert ran[0][1] == ran[1][1], ran
        if command != "check":  # (a record of a file is labelled by its name alone)
            assert ran[0][1] == ran[2][1], ran
        assert "not records" not in "".join(out for _, out in ran)

    @pytest.mark.parametrize(("args", "lang"), [
        (["replay", "-"], "en"), (["replay", "/dev/stdin"], "fr"),
        (["replay", "/dev/fd/00", "--call", "cnrs-amsud-2026"], "es"),
        (["validate", "-"], "pt"), (["validate", "/proc/self/fd/0"], "en")])
    def test_replay_and_validate_say_a_closed_standard_input_as_check_does(
            self, args: list[str], lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """``replay`` and ``validate`` of ``-`` (or another name of standard input) without
        a standard input: the line ``check`` says, in the reader's language, exit 2,
        never "no such file" (asking ``validate`` for a call file, not files to check)."""
        monkeypatch.setattr(sys, "stdin", None)
        out, err = io.StringIO(), io.StringIO()
        assert main([*args, "--lang", lang], out=out, err=err) == EXIT_USAGE
        key = "standard_input_closed" + ("_for_call" if args[0] == "validate" else "")
        said = typography(phrase(key, lang), lang)
        assert (out.getvalue(), err.getvalue()) == ("", f"callrules: {said}\n")

    def test_every_name_of_standard_input_is_known_as_it(self, tmp_path: Path) -> None:
        """Standard input's descriptor however it is named (``-``, a path written otherwise,
        relative, this process's number, a link to it) is standard input; another
        descriptor, another process's, a file, a name that cannot be are not."""
        link, folder, loop = tmp_path / "link", tmp_path / "devices", tmp_path / "loop"
        link.symlink_to("/dev/stdin")
        folder.symlink_to("/dev")
        loop.symlink_to(loop)  # (a link to itself: never standard input)
        depth = "../" * len(Path.cwd().parts)
        for name in ("-", "/dev/stdin", "/dev/fd/0", "/dev/fd/000", "//dev//stdin",
                     "/proc/self/fd/0", f"/proc/{os.getpid()}/fd/0", "/proc/thread-self/fd/0",
                     f"/proc/self/task/{os.getpid()}/fd/0", f"{depth}dev/stdin", str(link),
                     str(folder / "stdin"), str(folder / "fd" / "0")):
            assert _cli._is_standard_input(name), name
        for name in ("/dev/fd/1", "/dev/stdout", "/proc/1/fd/0", "/dev/fd/10", ELIGIBLE,
                     "stdin", "/dev/stdin\x00", "-x", str(tmp_path), str(loop)):
            assert not _cli._is_standard_input(name), name

    @pytest.mark.parametrize("args", [["calls"], ["schema", "application"], ["--version"],
                                      ["show", "cnrs-amsud-2026", "--lang", "fr"]])
    def test_a_command_that_prints_says_its_output_is_closed(
            self, args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
        """Without a standard output, every command that prints exits 2 and says why, in the
        reader's language."""
        err = io.StringIO()
        monkeypatch.setattr(sys, "stdout", None)
        assert main(args, err=err) == EXIT_USAGE
        assert err.getvalue().count("\n") == 1
        assert ("fermée" if "fr" in args else "closed") in err.getvalue()

    @pytest.mark.parametrize("closing", ["2>&-", ">&-", "<&-", "<&- >&- 2>&-"])
    def test_a_real_process_with_closed_descriptors(self, closing: str) -> None:
        """The same with descriptors closed by the shell: one line at most, a documented
        code."""
        command = (f"exec {sys.executable} -m callrules check cnrs-amsud-2026 - --format "
                   f"jsonl --at {AT} {closing}")
        done = subprocess.run(["sh", "-c", command], capture_output=True, env=environment(),
                              cwd=ROOT, timeout=120, check=False,
                              input=json.dumps(eligible_dict()).encode())
        assert done.returncode == (0 if closing == "2>&-" else EXIT_USAGE)
        assert done.stderr.count(b"\n") <= 1 and b"Traceback" not in done.stderr

    @pytest.mark.parametrize("progress", [None, True])
    def test_the_api_without_standard_error_shows_no_progress(
            self, progress: bool | None, monkeypatch: pytest.MonkeyPatch) -> None:
        """``pythonw`` or a service (no standard error), or one closed: a batch gives its
        results, without a progress bar, never an AttributeError."""
        call = callrules.calls.load("cnrs-amsud-2026")
        closed = io.StringIO()
        closed.close()
        for stream in (None, closed):
            monkeypatch.setattr(sys, "stderr", stream)
            result = callrules.evaluate_many(call, [eligible_dict()] * 2, progress=progress)
            assert len(result) == 2

    def test_a_progress_bar_that_fails_never_fails_the_batch(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Standard error whose reader went away while the bar is drawn: the bar is dropped,
        every record still checked."""
        class Gone(io.StringIO):
            def write(self, text: str) -> int:
                raise BrokenPipeError(32, "Broken pipe")

        monkeypatch.setattr(sys, "stderr", Gone())
        call = callrules.calls.load("cnrs-amsud-2026")
        assert len(callrules.evaluate_many(call, [eligible_dict()] * 3, progress=True)) == 3


class TestClosedPipeWhateverTheSize:
    @pytest.mark.parametrize("unbuffered", ["1", ""])
    @pytest.mark.parametrize("fmt", ["json", "text"])
    def test_a_reader_gone_during_one_long_write_is_141(
            self, tmp_path: Path, fmt: str, unbuffered: str) -> None:
        """One write far larger than a pipe holds (a JSON list), its reader gone after 100
        bytes (``| head -c 100``): exit 141, buffered or not (``PYTHONUNBUFFERED``), never 0
        with the output cut."""
        batch = tmp_path / "b.jsonl"
        batch.write_bytes(b"".join(line_of({**eligible_dict(), "id": f"n{n}"})
                                   for n in range(600)))
        with subprocess.Popen([sys.executable, "-m", "callrules", "check", "cnrs-amsud-2026",
                               str(batch), "--format", fmt, "--at", AT],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                              env=environment(PYTHONUNBUFFERED=unbuffered)) as proc:
            assert proc.stdout is not None and proc.stderr is not None
            assert len(proc.stdout.read(100)) == 100
            proc.stdout.close()
            assert proc.wait(120) == 141
            assert proc.stderr.read() == b""
