"""``callrules serve`` refuses what it cannot serve before starting: exit 2, in words."""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

import callrules.serve
from callrules import _cli
from callrules.serve import MAX_PORT, _Refused, _stopping, _whole
from tests.conftest import ROOT
from tests.generated import batch, json_lines
from tests.laws import settings
from tests.test_selection import code_like
from tests.test_serve import CHECK, NOW


def serve(*options: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    """``callrules serve`` with ``options`` in a process of its own (at most 30 s)."""
    return subprocess.run([sys.executable, "-m", "callrules", "serve", *options],
                          capture_output=True, text=True, timeout=30,
                          env={"PYTHONPATH": str(ROOT / "src"), "CALLRULES_LANG": lang,
                               "PATH": "/usr/bin:/bin"})


@pytest.fixture
def busy() -> Iterator[int]:
    """A port of the loopback address that another socket listens on."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield taken.getsockname()[1]


class TestWholeNumbers:
    @given(st.one_of(st.text(max_size=8), st.integers(-10**6, 10**6).map(str),
                     st.integers(0, MAX_PORT).map(lambda n: f" +{n} ")))
    def test_a_port_is_a_whole_number_from_0_to_65535_or_refused(self, text: str) -> None:
        """Any text: a port when it is an ASCII whole number within 0 to 65535, else refused
        with the port's own phrase, never another exception."""
        plain = text.strip().lstrip("+")
        fits = plain.isascii() and plain.isdigit() and len(plain) <= 12 and \
            0 <= int(plain) <= MAX_PORT and text.strip()[:2] not in ("+-", "++")
        try:
            assert _whole(text, 0, MAX_PORT, "serve_bad_port") == int(text) and fits
        except _Refused as refused:
            assert refused.key == "serve_bad_port" and not fits


class TestRefused:
    @pytest.mark.parametrize(("options", "words"), [
        (("--port", "99999"), "port"), (("--port", "-1"), "port"), (("--port", "8x"), "port"),
        (("--workers", "0"), "worker"), (("--workers", "-3"), "worker"),
        (("--host", "999.1.1.1"), "999.1.1.1"), (("--host", "10.254.254.254"), "machine"),
        (("--call-dir", "/nonexistent"), "call folder"), (("--call-dir", "/dev/null"),
                                                            "call folder")])
    def test_an_option_that_cannot_be_served_exits_2_in_words(
            self, options: tuple[str, ...], words: str) -> None:
        """A port out of range, workers below 1, an address not of this machine, a call
        folder that is not one: exit 2, one line that says which, no internal error."""
        done = serve(*options)
        assert done.returncode == 2 and words in done.stderr, done.stderr
        assert "internal error" not in done.stderr and "standard output" not in done.stderr

    def test_a_port_in_use_is_said_in_the_readers_language(self, busy: int) -> None:
        """Another program on the port: exit 2 (not uvicorn's 3), in French, no code."""
        done = serve("--port", str(busy), lang="fr")
        assert done.returncode == 2
        assert "un autre programme utilise ce port" in done.stderr, done.stderr
        assert code_like(done.stderr.removeprefix("callrules: ")) == []

    def test_the_call_folder_is_said_in_each_language(self) -> None:
        """The call folder that cannot be read: no English in another language."""
        for lang, start in (("fr", "Impossible de lire le dossier des appels"),
                            ("es", "No se puede leer la carpeta"),
                            ("pt", "Não é possível ler a pasta")):
            assert serve("--call-dir", "/nonexistent", lang=lang).stderr.startswith(
                f"callrules: {start}")

    def test_an_address_taken_as_the_service_starts_exits_2(
            self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
            tmp_path: Path) -> None:
        """uvicorn stopping at its start (its exit 3) is exit 2 with a sentence; another
        stop passes on as it is."""
        def stop(code: int) -> Any:
            def run(app: Any, options: dict[str, Any]) -> None:
                raise SystemExit(code)
            return run

        monkeypatch.setattr(callrules.serve, "_listen_check", lambda host, port: None)
        monkeypatch.setattr(_stopping, "run_one", stop(3))
        assert _cli.main(["serve", "--port", "0"]) == 2
        assert "could not start" in capsys.readouterr().err
        monkeypatch.setattr(_stopping, "run_one", stop(1))
        with pytest.raises(SystemExit):
            _cli.main(["serve", "--port", "0"])


#: Each option that counts, its phrase when refused, and its highest value.
COUNTS = {"workers": ("serve_bad_workers", callrules.serve.most_workers()),
          "max_concurrent": ("serve_bad_concurrent", callrules.serve.MOST_CONCURRENT_CHECKS),
          "max_concurrent_batches": ("serve_bad_batches",
                                     callrules.serve.MOST_CONCURRENT_BATCHES),
          "body_timeout": ("serve_bad_body_timeout", callrules.serve.LONGEST_BODY_TIMEOUT),
          "stall_timeout": ("serve_bad_stall_timeout", callrules.serve.LONGEST_BODY_TIMEOUT)}


class TestBoundedCounts:
    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(option=st.sampled_from(sorted(COUNTS)),
           text=st.one_of(st.text(max_size=6), st.integers(-5, 10**5).map(str),
                          st.integers(10**5, 10**30).map(str),
                          st.integers(1, 20).map(lambda n: f" {n} ")))
    def test_a_count_is_a_whole_number_within_its_bounds_or_refused(
            self, option: str, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """Law: --workers, --max-concurrent, --max-concurrent-batches, --body-timeout and
        --stall-timeout (seconds), any text: taken
        when it is an ASCII whole number from 1 to the option's highest value (workers: 4
        per processor this process may use), else refused with the option's own phrase and
        both bounds; no count is without an upper bound."""
        monkeypatch.setattr(callrules.serve, "_listen_check", lambda host, port: None)
        key, most = COUNTS[option]
        plain = text.strip().lstrip("+")
        fits = plain.isascii() and plain.isdigit() and 1 <= int(plain) <= most and \
            text.strip()[:2] not in ("+-", "++")
        options = {"port": "0", "host": "127.0.0.1", "call_dir": None, "workers": "1",
                   "max_concurrent": "64", "max_concurrent_batches": "4",
                   "body_timeout": "30", "stall_timeout": "10", option: text}
        args = argparse.Namespace(**options)
        try:
            _, workers = callrules.serve.checked(args)
        except _Refused as refused:
            assert refused.key == key and not fits
            assert refused.values["most"] == most and refused.values["least"] == 1
            return
        assert fits
        assert {**vars(args), "workers": workers}[option] == int(text)

    @pytest.mark.parametrize(("options", "words"), [
        (("--workers", "1000"), "nombre de processus de travail"),
        (("--max-concurrent", "99999999999999999999"), "vérifications en cours"),
        (("--max-concurrent-batches", "17"), "lots en cours"),
        (("--body-timeout", "0"), "secondes"),
        (("--stall-timeout", "3601"), "rester bloqué")])
    def test_a_count_over_its_bound_exits_2_in_words(self, options: tuple[str, ...],
                                                     words: str) -> None:
        """``serve --workers 1000`` (a thousand processes of 70 MB) and limits no machine
        reaches: exit 2 before anything starts, one sentence in the reader's language."""
        done = serve(*options, lang="fr")
        assert done.returncode == 2 and words in done.stderr, done.stderr
        assert "Started" not in done.stderr and done.stderr.count("\n") == 1

    @pytest.mark.parametrize("workers, started", [("1", "Application startup complete"),
                                                  ("2", "Started parent process")])
    def test_sigterm_while_workers_start_stops_every_process(self, workers: str,
                                                             started: str) -> None:
        """SIGTERM as the service starts, one process or several: it stops with 143, as
        every command stopped by SIGTERM (several workers exited 0), and no process of it
        is left."""
        with subprocess.Popen(
                [sys.executable, "-m", "callrules", "serve", "--port", "0", "--workers", workers],
                stderr=subprocess.PIPE, text=True, start_new_session=True,
                env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}) as service:
            try:
                assert service.stderr is not None
                for line in service.stderr:
                    if started in line:
                        break
                service.send_signal(signal.SIGTERM)
                assert service.wait(timeout=60) == 128 + signal.SIGTERM
                deadline = time.monotonic() + 30
                while _group(service.pid) and time.monotonic() < deadline:
                    time.sleep(0.2)
                assert _group(service.pid) == []
            finally:
                if service.poll() is None or _group(service.pid):
                    os.killpg(service.pid, signal.SIGKILL)


    @pytest.mark.parametrize("workers", ["1", "2"])
    @pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM, signal.SIGINT])
    def test_a_signal_while_a_batch_is_read_stops_the_service_as_the_docs_say(
            self, workers: str, signum: int) -> None:
        """SIGHUP, SIGTERM or SIGINT sent to every process of the service (as a closed
        terminal or Ctrl-C does) while a batch is half sent: the batch is answered whole, then
        the service stops with 128 + the signal's number (129, 143, 130), no traceback and no
        process left, one process or several. SIGHUP stopped one process in the middle of its
        event loop with a traceback, and made several restart their workers; SIGINT exited
        0."""
        records = batch(40)
        text = json_lines(records).encode()
        half = text.index(b"\n", len(text) // 2) + 1
        sent, release = threading.Event(), threading.Event()

        def body() -> Iterator[bytes]:
            yield text[:half]
            sent.set()
            release.wait(30)
            yield text[half:]

        with socket.socket() as free:
            free.bind(("127.0.0.1", 0))
            port = free.getsockname()[1]
        answer: list[httpx.Response] = []
        with subprocess.Popen(
                [sys.executable, "-m", "callrules", "serve", "--port", str(port),
                 "--workers", workers], stderr=subprocess.PIPE, text=True,
                start_new_session=True,
                env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}) as service:
            try:
                assert service.stderr is not None
                started = 0
                for line in service.stderr:
                    started += "Application startup complete" in line
                    if started == int(workers):
                        break
                posting = threading.Thread(target=lambda: answer.append(httpx.post(
                    f"http://127.0.0.1:{port}{CHECK}", params={"now": NOW}, content=body(),
                    headers={"Content-Type": "application/jsonl"}, timeout=60)))
                posting.start()
                assert sent.wait(30)
                time.sleep(0.3)  # the request under way on the service's side
                os.killpg(service.pid, signum)
                time.sleep(0.5)  # the signal taken before the rest of the batch comes
                release.set()
                posting.join(60)
                assert service.wait(timeout=60) == 128 + signum
                said = service.stderr.read()
                assert "Traceback" not in said and "ERROR" not in said, said
                assert said.endswith("callrules: interrupted\n") == (signum == signal.SIGINT)
                ((response,),) = (answer,)
                assert response.status_code == 200
                assert len(response.text.splitlines()) == len(records)
                deadline = time.monotonic() + 30
                while _group(service.pid) and time.monotonic() < deadline:
                    time.sleep(0.2)
                assert _group(service.pid) == []
            finally:
                release.set()
                if service.poll() is None or _group(service.pid):
                    os.killpg(service.pid, signal.SIGKILL)


def _group(leader: int) -> list[int]:
    """The processes of the process group ``leader`` leads (Linux's /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if entry.name.isdigit() and int(fields[2]) == leader:
            found.append(int(entry.name))
    return found
