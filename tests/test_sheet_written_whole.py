"""The sheet for people (``excel-fr``) is written whole and right: a batch read as a stream
writes each application's rows as the batch judged whole writes them, its verdict in every
row, never « oui » in a duplicate's row and its correction at the sheet's foot."""

from __future__ import annotations

import fcntl
import io
import json
import os
import signal
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from callrules._cli import main
from callrules._i18n import phrase_sentence
from callrules._safe import terminal
from tests.laws import settings
from tests.test_batches import host_app

AT = "2026-06-02T09:00:00+02:00"
#: A few hosts and submission instants, so that drawn batches have duplicates, some
#: submitted after the one they duplicate and some before (a later record decides an
#: earlier one).
HOSTS = ("a@cnrs.fr", "A@CNRS.FR", "b@cnrs.fr", "c@ipgp.fr")
INSTANTS = ("2026-05-20T10:00:00+02:00", "2026-05-25T10:00:00+02:00",
            "2026-05-28T10:42:00-03:00")


@st.composite
def _records(draw: st.DrawFn) -> list[Any]:
    """A batch: applications of a few hosts at a few instants, some ineligible (a country
    outside the call), some records malformed."""
    out: list[Any] = []
    for number in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(("app", "app", "app", "ineligible", "malformed")))
        if kind == "malformed":
            out.append({"id": f"M{number}", "host": "nobody"})
            continue
        data = host_app(f"A{number}", draw(st.sampled_from(HOSTS)),
                        draw(st.sampled_from(INSTANTS)))
        if kind == "ineligible":
            data["visitors"][0]["institution"]["location"] = {"country": "FR", "city": "Lyon"}
        out.append(data)
    return out


def _sheet(path: Path, lang: str, *extra: str) -> str:
    out = io.StringIO()
    main(["check", "cnrs-amsud-2026", str(path), "--at", AT, "--format", "csv",
          "--csv-dialect", "excel-fr", "--lang", lang, *extra], out=out, err=io.StringIO())
    return out.getvalue()


@settings(max_examples=30, deadline=None)
@given(records=_records(), lang=st.sampled_from(("fr", "en", "es", "pt")))
@example(records=[host_app("A1", "a@cnrs.fr", INSTANTS[2]),
                  host_app("A2", "A@CNRS.FR", INSTANTS[2])],
         lang="fr").via("att80 A2: « oui » in A2's row, « non » at the foot")
@example(records=[host_app("late", "a@cnrs.fr", INSTANTS[1]),
                  host_app("early", "a@cnrs.fr", INSTANTS[0])],
         lang="es").via("a later record makes the first a duplicate")
def test_a_sheet_read_as_a_stream_is_the_sheet_of_the_batch_judged_whole(
        records: list[Any], lang: str) -> None:
    """Law: ``check --csv-dialect excel-fr`` writes the same sheet as a stream (no
    ``--record``) as when it judges the batch whole (``--record``), in every language: each
    duplicate's own row says « non » and why, with its number, source and id, and no row
    comes at the foot. Before, a duplicate's row said « oui » and a row at the foot, without
    its source or id, said « non » (att80 A2)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "batch.json"
        path.write_text(json.dumps(records), "utf-8")
        streamed = _sheet(path, lang)
        whole = _sheet(path, lang, "--record", str(Path(folder) / "records.jsonl"))
    assert streamed == whole


def _nine_and_the_sheet_of_five(folder: str) -> tuple[Path, str]:
    """A batch of nine records in ``folder``, and the French sheet of its first five, as
    the batch's own would begin had it been stopped after them (named alike)."""
    path = _batch(folder, 9)
    (Path(folder) / "five").mkdir()
    five = Path(folder) / "five" / "batch.json"
    five.write_text(json.dumps(json.loads(path.read_text("utf-8"))[:5]), "utf-8")
    return path, _sheet(five, "fr").replace("five/", f"{Path(folder).name}/")


def _batch(folder: str, count: int) -> Path:
    """A batch of ``count`` applications, each of its own host (no rule spans them)."""
    path = Path(folder) / "batch.json"
    path.write_text(json.dumps([host_app(f"A{n}", f"host{n}@cnrs.fr", INSTANTS[0])
                                for n in range(count)]), "utf-8")
    return path


#: A sheet of a batch written with its held rows' limit lowered to 1,024 characters, the
#: files the process writes limited to 4 KiB (RLIMIT_FSIZE: EFBIG, as a full disk's ENOSPC),
#: its standard output a pipe (no limit).
_SMALL_DISK = """
import resource, sys
import callrules._cli as cli
cli._SHEET_HELD = 1024
if sys.argv[1] == "limited":
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
sys.exit(cli.main(["check", "cnrs-amsud-2026", sys.argv[2], "--at", sys.argv[3], "--format",
                   "csv", "--csv-dialect", "excel-fr", "--lang", "fr"]))
"""


def test_a_temporary_folder_that_refuses_the_sheet_s_rows_loses_none() -> None:
    """A temporary folder that refuses the file holding the sheet's rows (full, or not
    writable) is no error: the rows stay in memory, said once, and the sheet and exit code
    are those of a folder with room. Before: exit 2, no row, and « Impossible d’écrire dans
    la sortie standard » though standard output was fine (look75w 4)."""
    import subprocess
    import sys
    with tempfile.TemporaryDirectory() as folder:
        path = _batch(folder, 150)
        runs = {kind: subprocess.run([sys.executable, "-c", _SMALL_DISK, kind, str(path), AT],
                                     capture_output=True, text=True, encoding="utf-8")
                for kind in ("limited", "room")}
    limited, room = runs["limited"], runs["room"]
    assert room.returncode == limited.returncode == 0, limited.stderr
    assert limited.stdout == room.stdout
    assert room.stdout.count("\n") == 151
    assert limited.stderr.count("callrules:") == 1, limited.stderr
    assert "TMPDIR" in limited.stderr and "sortie standard" not in limited.stderr


def test_a_sheet_stopped_before_its_end_keeps_the_rows_it_held(
        monkeypatch: Any) -> None:
    """A batch stopped before its end (Ctrl-C here; a signal or an error alike) writes the
    rows of the applications judged so far, as a batch of them alone writes them, and says
    that the sheet stopped before its end. Before: 0 bytes, not even the header, where the
    sheet streamed row by row kept them (look75w 5)."""
    import callrules._cli as cli
    real = cli.records

    def cut(*args: Any, **kwargs: Any) -> Any:
        for number, record in enumerate(real(*args, **kwargs)):
            if number == 5:
                raise KeyboardInterrupt
            yield record

    with tempfile.TemporaryDirectory() as folder:
        path, whole = _nine_and_the_sheet_of_five(folder)
        monkeypatch.setattr(cli, "records", cut)
        out, err = io.StringIO(), io.StringIO()
        code = main(["check", "cnrs-amsud-2026", str(path), "--at", AT, "--format", "csv",
                     "--csv-dialect", "excel-fr", "--lang", "fr"], out=out, err=err)
    assert code == 130
    assert out.getvalue() == whole
    assert whole.count("\n") == 6
    assert "avant sa fin" in err.getvalue(), err.getvalue()


#: A sheet of a batch that the process stops with a real signal, sent to itself: at the
#: third row of the sheet's write (``writing``), or once 100 records are read (``reading``).
_SIGNALLED = """
import os, signal, sys
import callrules._cli as cli
when, name, path, at, lang = sys.argv[1:6]
signum = getattr(signal, name)
if when == "writing":
    rows = cli._CsvWriter.writerow
    count = [0]
    def writerow(self, row):
        count[0] += 1
        if count[0] == 3:
            os.kill(os.getpid(), signum)
        rows(self, row)
    cli._CsvWriter.writerow = writerow
else:
    real = cli.records
    def records(*args, **kwargs):
        for number, record in enumerate(real(*args, **kwargs)):
            if number == 100:
                os.kill(os.getpid(), signum)
            yield record
    cli.records = records
sys.argv = ["callrules", "check", "cnrs-amsud-2026", path, "--at", at, "--format", "csv",
            "--csv-dialect", "excel-fr", "--lang", lang]
from callrules._entry import main
sys.exit(main())
"""


def _signalled(when: str, name: str, path: Path, lang: str, **streams: Any) -> Any:
    """The command line of :data:`_SIGNALLED` run in its own process, TMPDIR its own."""
    import subprocess
    import sys
    return subprocess.Popen([sys.executable, "-c", _SIGNALLED, when, name, str(path), AT, lang],
                            env={**os.environ, "TMPDIR": streams.pop("tmpdir")}, **streams)


@pytest.mark.parametrize(("name", "lang"), [("SIGTERM", "fr"), ("SIGHUP", "es"),
                                            ("SIGINT", "pt")])
def test_a_sheet_stopped_while_it_is_written_says_it_is_cut(name: str, lang: str) -> None:
    """A signal while the sheet is written (its batch read whole) stops it there, and says
    that the sheet stopped before its end, in the reader's language; the exit code says
    which signal. Before: 148 rows of 3,000 and nothing said (att83 F4)."""
    import subprocess
    with tempfile.TemporaryDirectory() as folder:
        path = _batch(folder, 30)
        whole = _sheet(path, lang).encode("utf-8")
        (Path(folder) / "tmp").mkdir()
        run = _signalled("writing", name, path, lang, tmpdir=str(Path(folder) / "tmp"),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = run.communicate(timeout=300)
        left = os.listdir(Path(folder) / "tmp")
    assert run.returncode == 128 + getattr(signal, name)
    assert whole.startswith(out) and len(out) < len(whole)
    said = terminal(phrase_sentence("sheet_cut_written", lang))
    assert said in err.decode("utf-8"), err
    assert left == []


@pytest.mark.skipif(not hasattr(fcntl, "F_SETPIPE_SZ"), reason="pipe sizes are Linux's")
@pytest.mark.parametrize("error", ["apart", "same"])
def test_a_stopped_sheet_never_waits_for_an_output_nobody_reads(error: str) -> None:
    """SIGTERM while the batch is read, its standard output a pipe nobody reads (full
    before the rows held are written): the process ends (128 + SIGTERM), says that the
    sheet is cut and not all its rows written (standard error apart; the same full pipe
    takes nothing, and is not waited for either), and leaves nothing in TMPDIR. Before, it
    never ended: the rows held were written to the full pipe for ever (att83 F5)."""
    read, write = os.pipe()
    fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, 4096)  # (the 150 rows held are 9 KiB)
    with tempfile.TemporaryDirectory() as folder:
        path = _batch(folder, 150)
        (Path(folder) / "tmp").mkdir()
        with open(Path(folder) / "err", "w+b") as err:
            run = _signalled("reading", "SIGTERM", path, "fr",
                             tmpdir=str(Path(folder) / "tmp"), stdout=write,
                             stderr=write if error == "same" else err)
            os.close(write)
            try:
                code = run.wait(timeout=300)  # (a hang, not a time: it never ended)
            finally:
                run.kill()
                os.close(read)
            err.seek(0)
            said = err.read().decode("utf-8")
        left = os.listdir(Path(folder) / "tmp")
    assert code == 128 + signal.SIGTERM
    if error == "apart":
        assert terminal(phrase_sentence("sheet_cut_short", "fr")) in said, said
    assert left == []


class _Impatient:
    """A deadline whose output never takes anything in time: the first write given up."""

    entered = 0

    def __init__(self, seconds: float) -> None:
        pass

    def __enter__(self) -> Any:
        _Impatient.entered += 1
        return self

    def again(self) -> None:
        from callrules._deadline import Late
        raise Late

    def __exit__(self, *exc: object) -> None:
        pass


@pytest.mark.parametrize("stop", ["no room", "Ctrl-C", "reader gone"])
def test_only_a_signal_gives_a_stopped_sheet_s_rows_up(monkeypatch: Any, stop: str) -> None:
    """A batch stopped by an error, no signal (its keys with no room left: exit 2), writes
    every row it held as a batch of them alone writes them, never under a deadline, and
    says the sheet stopped before its end; one stopped by a signal gives up what its output
    does not take in time and says so (« toutes pu être écrites »); one whose reader went
    away (``| head``) says nothing of the sheet. Before: the error's rows given up after
    half a second of a reader's pause, 1,032 rows of 1,400 and « rien ne les lisait »
    (look76w 1); the reader gone said as « n’ont pas pu être toutes écrites » (look76w 3)."""
    import callrules._cli as cli
    from callrules.exceptions import NoRoomError
    real = cli.evaluate_stream
    stopped: list[bool] = []

    class Cut:
        def __init__(self, inner: Any) -> None:
            self.inner, self.count = inner, 0

        def __iter__(self) -> Any:
            return self

        def __next__(self) -> Any:
            self.count += 1
            if self.count > 5:
                stopped.append(True)
                raise NoRoomError(400_000) if stop == "no room" else KeyboardInterrupt
            return next(self.inner)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

    class Gone(io.StringIO):  # (its reader gone once the batch is stopped)
        def write(self, text: str) -> int:
            if stopped:
                raise BrokenPipeError
            return super().write(text)

    with tempfile.TemporaryDirectory() as folder:
        path, whole = _nine_and_the_sheet_of_five(folder)
        monkeypatch.setattr(cli, "evaluate_stream", lambda *a, **k: Cut(real(*a, **k)))
        monkeypatch.setattr(cli, "Deadline", _Impatient)
        _Impatient.entered = 0
        out, err = (Gone() if stop == "reader gone" else io.StringIO()), io.StringIO()
        code = main(["check", "cnrs-amsud-2026", str(path), "--at", AT, "--format", "csv",
                     "--csv-dialect", "excel-fr", "--lang", "fr"], out=out, err=err)
    said = err.getvalue()
    if stop == "no room":
        assert code == 2
        assert out.getvalue() == whole and whole.count("\n") == 6
        assert _Impatient.entered == 0
        assert terminal(phrase_sentence("sheet_cut", "fr")) in said, said
    elif stop == "Ctrl-C":
        assert code == 130
        assert len(out.getvalue()) < len(whole)
        assert terminal(phrase_sentence("sheet_cut_short", "fr")) in said, said
    else:
        assert code == 130
        assert "avant sa fin" not in said, said
