"""The registry of calls: one broken call file, folder or entry point never hides the
others; it is reported, with a typed error when it is asked for."""

from __future__ import annotations

import gc
import io
import json
import logging
import logging.config
import os
import shutil
import signal
import sys
import threading
import time
import warnings
import weakref
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import callrules
from callrules import calls
from callrules._cli import main

ANDES = Path(__file__).parent / "data" / "good-andes-2027.toml"
ELIGIBLE = Path(__file__).parent.parent / "examples" / "eligible.json"


class Entry:
    """An entry point of the callrules.calls group, as importlib.metadata gives one."""

    def __init__(self, name: str, target: Any) -> None:
        self.name, self.value, self._target = name, f"pkg:{name}", target
        self.dist = SimpleNamespace(name=f"acme-{name}")

    def load(self) -> Any:
        if isinstance(self._target, BaseException):
            raise self._target
        return self._target


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch, registries: None
              ) -> Callable[..., None]:
    """Install these entry points of the callrules.calls group (fake distributions)."""
    def install(*entries: Entry) -> None:
        monkeypatch.setattr("importlib.metadata.entry_points",
                            lambda group: list(entries) if group == "callrules.calls" else [])
        calls._RAN = None  # (what the entry points gave is remembered until a pip install)
    return install


@pytest.fixture
def folder(tmp_path: Path, registries: None) -> Path:
    """A registered folder holding a good call and a broken one."""
    shutil.copy(ANDES, tmp_path / "andes-2027.toml")
    (tmp_path / "broken.toml").write_text("id = [", "utf-8")
    calls.register_folder(tmp_path)
    return tmp_path


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


class TestBrokenSources:
    def test_a_bad_file_in_a_folder_leaves_the_others_loadable(self, folder: Path) -> None:
        """The good call loads; the bad one raises its DefinitionError; broken() names it."""
        assert {"andes-2027", "broken", "cnrs-amsud-2026"} <= set(calls.available())
        assert calls.load("andes-2027").id == "andes-2027"
        with pytest.raises(callrules.DefinitionError) as info:
            calls.load("broken")
        assert info.value.code == "syntax"
        assert list(calls.broken()) == ["broken"]

    def test_a_failing_entry_point_leaves_the_others_loadable(
            self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registries: None) -> None:
        """An entry point that raises, or names no folder, is listed; the good one loads."""
        shutil.copy(ANDES, tmp_path / "andes-2027.toml")
        entries = [Entry("raises", ImportError("no module named pkg")),
                   Entry("nowhere", tmp_path / "nowhere"), Entry("good", lambda: tmp_path)]
        monkeypatch.setattr("importlib.metadata.entry_points",
                            lambda group: entries if group == "callrules.calls" else [])
        assert calls.load("andes-2027").timezone == "America/Santiago"
        problems = calls.broken()
        assert set(problems) == {"entry point raises", "entry point nowhere"}
        assert problems["entry point raises"].code == "broken_entry_point"
        assert isinstance(problems["entry point nowhere"], callrules.NotAFolderError)

    def test_the_calls_command_lists_a_broken_call_and_the_others(self, folder: Path) -> None:
        """callrules calls prints every good call, the broken one as broken, and exits 2."""
        code, out, err = run("calls")
        assert code == 2
        assert "andes-2027\t" in out and "cnrs-amsud-2026\t" in out
        assert "broken\tbroken\n" in out and "broken" in err

    def test_validate_checks_each_file_of_a_folder(self, folder: Path) -> None:
        """callrules validate FOLDER says which files are valid and which are not."""
        code, out, err = run("validate", str(folder))
        assert code == 2
        assert "andes-2027.toml: call andes-2027" in out
        assert "broken.toml" in err and "syntax" in err


class TestRegistering:
    @pytest.mark.parametrize("folder", ["nowhere", "a\x00b", "x" * 5000, 12, None])
    def test_registering_what_is_not_a_folder_is_a_typed_error(
            self, folder: Any, registries: None) -> None:
        """register_folder and register_catalogs: NotAFolderError (a NotADirectoryError)."""
        for register in (calls.register_folder, callrules.register_catalogs):
            with pytest.raises(callrules.NotAFolderError) as info:
                register(folder)
            assert isinstance(info.value, NotADirectoryError)
            assert info.value.code == "not_a_folder"

    @pytest.mark.parametrize(("name", "values"), [
        ("", ["a"]), (7, ["a"]), ("units", [1]), ("units", None), ("units", ["a"] * 10_001)])
    def test_a_named_set_that_is_not_one_is_refused(self, name: Any, values: Any,
                                                    registries: None) -> None:
        """register_set with a bad name or values: DefinitionError bad_named_set."""
        with pytest.raises(callrules.DefinitionError) as info:
            calls.register_set(name, values)
        assert info.value.code == "bad_named_set"


class TestFolders:
    def test_a_registered_folder_that_disappears_is_listed_as_broken(
            self, tmp_path: Path, registries: None) -> None:
        """A folder removed after registering: the bundled calls load, broken() names it."""
        gone = tmp_path / "gone"
        gone.mkdir()
        calls.register_folder(gone)
        gone.rmdir()
        assert calls.load("cnrs-amsud-2026").id == "cnrs-amsud-2026"
        assert isinstance(calls.broken()[str(gone)], callrules.NotAFolderError)


def _interrupting(swallow: bool) -> Callable[[], Path]:
    """An entry point's function during which the user presses Ctrl-C (SIGINT arrives)."""
    def folder() -> Path:
        try:
            os.kill(os.getpid(), signal.SIGINT)
            threading.Event().wait(1)  # the handler runs here, in the main thread
        except KeyboardInterrupt:
            if not swallow:
                raise
        return Path(".")
    return folder


class TestInstalledPackages:
    @pytest.mark.parametrize("stop", [SystemExit(1), SystemExit(3), KeyboardInterrupt(),
                                      GeneratorExit()])
    @pytest.mark.parametrize("when", ["imported", "called"])
    def test_a_package_that_stops_the_program_is_set_aside(
            self, stop: BaseException, when: str, installed: Callable[..., None]) -> None:
        """SystemExit or KeyboardInterrupt raised by a package (not by the user) never stops
        the program nor gives an exit code: the package is broken, the other calls load."""
        def fails() -> Path:
            raise stop
        installed(Entry("stops", stop if when == "imported" else fails))
        assert calls.load("cnrs-amsud-2026").id == "cnrs-amsud-2026"
        problem = calls.broken()["entry point stops"]
        assert problem.code == "broken_entry_point"
        assert problem.words == (f"entry_point_{when}", {"package": "acme-stops"})
        code, out, _ = run("check", "cnrs-amsud-2026", str(ELIGIBLE), "--at",
                           "2026-05-30T10:00:00+00:00")
        assert (code, "ELIGIBLE" in out) == (0, True)

    @pytest.mark.skipif(threading.current_thread() is not threading.main_thread()
                        or not callable(signal.getsignal(signal.SIGINT)),
                        reason="a Ctrl-C reaches the main thread's Python handler")
    @pytest.mark.parametrize("swallow", [False, True])
    def test_the_users_ctrl_c_while_a_package_loads_still_interrupts(
            self, swallow: bool, installed: Callable[..., None]) -> None:
        """Ctrl-C pressed while a package's code runs interrupts, even if it swallows it."""
        before = signal.getsignal(signal.SIGINT)
        installed(Entry("slow", _interrupting(swallow)))
        with pytest.raises(KeyboardInterrupt):
            calls.available()
        with pytest.raises(KeyboardInterrupt):  # (nothing kept of a run interrupted)
            calls.available()
        assert signal.getsignal(signal.SIGINT) is before

    @pytest.mark.skipif(threading.current_thread() is not threading.main_thread(),
                        reason="a Ctrl-C reaches the main thread")
    def test_a_ctrl_c_the_host_handles_without_raising_is_the_hosts(
            self, installed: Callable[..., None]) -> None:
        """A host whose Ctrl-C handler asks for a clean stop (a server's) and does not
        raise: Ctrl-C while a package loads is the host's to handle, never raised here."""
        asked: list[int] = []
        before = signal.signal(signal.SIGINT, lambda number, frame: asked.append(number))

        def pressed() -> Path:
            os.kill(os.getpid(), signal.SIGINT)
            for _ in range(300):  # (the handler runs at once, in the main thread)
                if asked:
                    break
                threading.Event().wait(0.01)
            return Path(".")
        try:
            installed(Entry("slow", pressed))
            assert "cnrs-amsud-2026" in calls.available()
            assert asked == [signal.SIGINT]
        finally:
            signal.signal(signal.SIGINT, before)

    def test_a_broken_package_is_named_in_the_readers_words(
            self, installed: Callable[..., None], tmp_path: Path) -> None:
        """Each language names the package and what failed, not the code's own words."""
        installed(Entry("raises", RuntimeError("boom at /home/dev/pkg/__init__.py")),
                  Entry("number", 42), Entry("nowhere", tmp_path / "nowhere"))
        problems = calls.broken()
        said = set()
        for name in ("raises", "number", "nowhere"):
            for lang in ("en", "fr", "es", "pt"):
                text = problems[f"entry point {name}"].message_in(lang)
                assert f"acme-{name}" in text
                assert not any(code in text for code in ("entry point", "Error", "/", "pkg:"))
                said.add(text)
        assert len(said) == 12
        code, _, err = run("--lang", "fr", "calls")
        assert code == 2 and "Le paquet installé" in err and "L’appel entry point" not in err

    def test_a_package_asking_for_the_calls_as_it_loads_is_given_its_own(
            self, installed: Callable[..., None], tmp_path: Path) -> None:
        """An entry point asking for the calls itself: no recursion, never waiting for
        itself; its call listed."""
        shutil.copy(ANDES, tmp_path / "andes-2027.toml")

        def folder() -> Path:
            assert "andes-2027" not in calls.available()
            return tmp_path
        def loads() -> Path:
            with pytest.raises(callrules.UnknownCallError):
                calls.load("andes-2027")  # (being loaded by this thread: never waits)
            return tmp_path / "nowhere"
        installed(Entry("asks", folder), Entry("loads", loads))
        assert calls.load("andes-2027").id == "andes-2027"
        assert "andes-2027" in calls.available()
        origins = calls._origins()
        assert origins["andes-2027"] == "installed"
        assert origins["cnrs-amsud-2026"] == "bundled"
        assert sorted(origins) == calls.available()


class TestLoadedOnce:
    def test_threads_loading_one_call_get_one_object_compiled_once(
            self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """16 threads load a call at once: one reading of its file, one Call for all."""
        read: list[Path] = []
        from_file = callrules.Call.from_file.__func__  # type: ignore[attr-defined]

        def counted(cls: type, path: Path) -> callrules.Call:
            read.append(Path(path))
            return from_file(cls, path)  # type: ignore[no-any-return]
        monkeypatch.setattr(callrules.Call, "from_file", classmethod(counted))
        start, got = threading.Barrier(16), []

        def load() -> None:
            start.wait()
            got.append(calls.load("andes-2027"))
        threads = [threading.Thread(target=load) for _ in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(got) == 16 and len({id(call) for call in got}) == 1
        assert read.count(folder / "andes-2027.toml") == 1

    def test_packages_run_once_until_one_is_installed_or_removed(
            self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registries: None) -> None:
        """In a notebook: the calls listed, a call package and a broken one pip-installed, the
        calls listed again: the new call is there without a restart, the broken package
        named; the packages' code is run once for every listing and load after, again once
        one is removed. Each caller gets its own copy of a broken package's error."""
        site = tmp_path / "site"
        site.mkdir()
        monkeypatch.syspath_prepend(str(site))

        def install(name: str, code: str) -> None:
            (site / name).mkdir()
            (site / name / "__init__.py").write_text(code, "utf-8")
            info = site / f"{name}-1.0.dist-info"
            info.mkdir()
            (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\n"
                                           "Version: 1.0\n", "utf-8")
            (info / "entry_points.txt").write_text(f"[callrules.calls]\n{name} = {name}:where\n",
                                                   "utf-8")

        def changed() -> None:  # (a pip install takes longer than one tick of the clock)
            at = site.stat().st_mtime_ns + 1_000_000_000
            os.utime(site, ns=(at, at))

        assert "andes-2027" not in calls.available()
        install("acme_pkg70_calls", "from pathlib import Path\nRUNS = []\ndef where():\n"
                "    RUNS.append(1)\n    return Path(__file__).parent\n")
        shutil.copy(ANDES, site / "acme_pkg70_calls" / "andes-2027.toml")
        install("acme_pkg70_broken", "raise ImportError('no module')\n")
        changed()
        try:
            assert "andes-2027" in calls.available()
            assert calls.load("andes-2027").id == "andes-2027"
            with pytest.raises(callrules.UnknownCallError):
                calls.load("nowhere-2027")
            first, again = (calls.broken()["entry point acme_pkg70_broken"] for _ in "12")
            first.add_note("mine")
            assert first.code == again.code == "broken_entry_point"
            assert not getattr(again, "__notes__", None)
            import acme_pkg70_calls  # type: ignore[import-not-found]
            assert acme_pkg70_calls.RUNS == [1]
            shutil.rmtree(site / "acme_pkg70_calls-1.0.dist-info")
            changed()
            assert "andes-2027" not in calls.available()
        finally:
            sys.modules.pop("acme_pkg70_calls", None)

    def test_a_package_changed_in_place_is_seen_at_the_next_listing(
            self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registries: None) -> None:
        """A package on the path changed in place, no folder of the path changed: its
        module mended, an entry point added to its ``entry_points.txt``, the folder it gives
        removed then made again: each is seen at the next listing, as when the entry points
        ran at every listing; the folder gone is said naming the package, not its path."""
        from tests.helpers import code_tokens

        site = tmp_path / "site"
        (site / "acme_pkmend_a" / "calls").mkdir(parents=True)
        (site / "acme_pkmend_b" / "calls").mkdir(parents=True)
        shutil.copy(ANDES, site / "acme_pkmend_a" / "calls" / "andes-2027.toml")
        other = ANDES.read_text("utf-8").replace('id = "andes-2027"', 'id = "andes-b-2027"')
        (site / "acme_pkmend_b" / "calls" / "andes-b-2027.toml").write_text(other, "utf-8")
        gives = ("from pathlib import Path\n"
                 "def where():\n    return Path(__file__).parent / 'calls'\n")
        (site / "acme_pkmend_b" / "__init__.py").write_text(gives, "utf-8")
        module = site / "acme_pkmend_a" / "__init__.py"
        module.write_text("raise ImportError('no module')\n", "utf-8")
        info = site / "acme_pkmend-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-pkmend\n"
                                       "Version: 1.0\n", "utf-8")
        points = info / "entry_points.txt"
        points.write_text("[callrules.calls]\na = acme_pkmend_a:where\n", "utf-8")
        monkeypatch.syspath_prepend(str(site))
        at = site.stat().st_mtime_ns

        def ids() -> list[str]:
            assert site.stat().st_mtime_ns == at  # (in place: no folder of the path changed)
            return sorted(c for c in calls.available() if c.startswith("andes"))
        try:
            assert ids() == [] and "entry point a" in calls.broken()
            module.write_text(gives, "utf-8")  # mended in place
            assert ids() == ["andes-2027"] and "entry point a" not in calls.broken()
            points.write_text("[callrules.calls]\na = acme_pkmend_a:where\n"
                              "b = acme_pkmend_b:where\n", "utf-8")
            later = points.stat().st_mtime_ns + 1_000_000_000  # (an edit a tick later)
            os.utime(points, ns=(later, later))
            assert ids() == ["andes-2027", "andes-b-2027"]
            shutil.rmtree(site / "acme_pkmend_b" / "calls")
            assert ids() == ["andes-2027"]
            gone = calls.broken()["entry point b"]
            assert gone.code == "not_a_folder"
            for lang in ("en", "fr"):
                said = gone.message_in(lang)
                assert "acme-pkmend" in said and not code_tokens(said), said
            (site / "acme_pkmend_b" / "calls").mkdir()  # made again (a folder made later)
            (site / "acme_pkmend_b" / "calls" / "andes-b-2027.toml").write_text(other, "utf-8")
            assert ids() == ["andes-2027", "andes-b-2027"]
            assert "entry point b" not in calls.broken()
        finally:
            for name in ("acme_pkmend_a", "acme_pkmend_b"):
                sys.modules.pop(name, None)

    def test_a_package_installed_in_the_second_of_the_last_listing_is_seen(
            self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registries: None) -> None:
        """On a file system counting whole seconds, a package pip-installed in the second
        of the last listing leaves its folder's time of change as it was: it is listed at
        the next listing, as is an entry point added to it in that second, and its removal;
        a time settled since the listing changes nothing (it was seen only at the folder's
        next change: ``importlib.metadata`` keeps what it read by that time too)."""
        site = tmp_path / "site"
        site.mkdir()
        monkeypatch.syspath_prepend(str(site))
        second = time.time_ns() // 1_000_000_000 * 1_000_000_000  # (as such a system says)

        def same_second(*paths: Path) -> None:
            for path in (site, *paths):
                os.utime(path, ns=(second, second))

        def ids() -> list[str]:
            return sorted(c for c in calls.available() if c.startswith("andes"))

        package = site / "acme_svc72"
        (package / "calls").mkdir(parents=True)
        shutil.copy(ANDES, package / "calls" / "andes-2027.toml")
        other = ANDES.read_text("utf-8").replace('id = "andes-2027"', 'id = "andes-b-2027"')
        (package / "more").mkdir()
        (package / "more" / "andes-b-2027.toml").write_text(other, "utf-8")
        (package / "__init__.py").write_text(
            "from pathlib import Path\ndef where():\n    return Path(__file__).parent / 'calls'"
            "\ndef more():\n    return Path(__file__).parent / 'more'\n", "utf-8")
        (site / "acme_odd-1.0.dist-info" / "entry_points.txt").mkdir(parents=True)  # (unread)
        same_second()
        info = site / "acme_svc72-1.0.dist-info"
        try:
            assert ids() == []  # (listed in that second: the folder holds no distribution)
            info.mkdir()
            (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-svc72\n"
                                           "Version: 1.0\n", "utf-8")
            points = info / "entry_points.txt"
            points.write_text("[callrules.calls]\na = acme_svc72:where\n", "utf-8")
            same_second(points)
            monkeypatch.setattr(calls, "UNSETTLED_NS", 0, raising=False)  # (settled since)
            assert ids() == ["andes-2027"]
            monkeypatch.undo()
            monkeypatch.syspath_prepend(str(site))
            points.write_text("[callrules.calls]\na = acme_svc72:where\n"
                              "b = acme_svc72:more\n", "utf-8")
            same_second(points)
            assert ids() == ["andes-2027", "andes-b-2027"]
            shutil.rmtree(info)
            same_second()
            assert ids() == []
        finally:
            sys.modules.pop("acme_svc72", None)

    def test_a_file_that_does_not_load_is_read_once_until_it_changes(
            self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A broken file is read once for every listing and id; written again, read again."""
        read: list[str] = []
        from_file = callrules.Call.from_file.__func__  # type: ignore[attr-defined]

        def counted(cls: type, path: Path) -> callrules.Call:
            read.append(Path(path).name)
            return from_file(cls, path)  # type: ignore[no-any-return]
        monkeypatch.setattr(callrules.Call, "from_file", classmethod(counted))
        for _ in range(3):
            calls.available()
            for call_id in ("broken", "nope"):
                with pytest.raises(callrules.CallrulesError):
                    calls.load(call_id)
        assert read.count("broken.toml") == 1
        text = ANDES.read_text("utf-8").replace('id = "andes-2027"', 'id = "broken"', 1)
        (folder / "broken.toml").write_text(text, "utf-8")
        assert calls.load("broken").id == "broken"


class _Coarse:
    """The status of a file as a file system counting whole seconds gives it: its times of
    change stay at ``second`` however often it is written in that second (the rest as
    the file's own status says)."""

    def __init__(self, status: os.stat_result, second: int) -> None:
        self._status, self.st_mtime_ns, self.st_ctime_ns = status, second, second

    def __getattr__(self, name: str) -> Any:
        return getattr(self._status, name)


class TestWrittenInTheSameSecond:
    def test_a_call_file_written_again_in_the_same_second_with_the_same_size_is_read_again(
            self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A call file rewritten in place, with the same size, within the second of its
        last loading (its times of change unmoved) is read again; once its time has settled
        and what it holds was told once more, its status alone says a change (no file is
        read to tell)."""
        path = folder / "andes-2027.toml"
        second = time.time_ns() // 1_000_000_000 * 1_000_000_000
        real_stat = Path.stat

        def coarse(self: Path, **kwargs: Any) -> Any:
            status = real_stat(self, **kwargs)
            return _Coarse(status, second) if self == path else status
        monkeypatch.setattr(Path, "stat", coarse)
        assert calls.load_file(path).timezone == "America/Santiago"
        text = path.read_text("utf-8")
        path.write_text(text.replace("America/Santiago", "America/Asuncion"), "utf-8")
        assert calls.load_file(path).timezone == "America/Asuncion"
        monkeypatch.setattr(calls, "UNSETTLED_NS", -1)  # (settled since)
        digests: list[str] = []
        digest = calls._digest

        def counted(where: str) -> bytes:
            digests.append(where)
            return digest(where)
        monkeypatch.setattr(calls, "_digest", counted)
        assert calls.load_file(path).timezone == "America/Asuncion"
        assert len(digests) == 1  # (told once more, then settled)
        for _ in range(3):
            assert calls.load_file(path).timezone == "America/Asuncion"
        assert len(digests) == 1


    def test_a_call_file_written_again_is_held_in_its_last_version_only(
            self, folder: Path) -> None:
        """A call file loaded again after each of its saves is held once, in its last
        version: the versions before it are let go (a platform reloading a watched folder
        kept every one: 2,000 saves, 2,001 calls held; att78)."""
        path = folder / "andes-2027.toml"
        text = path.read_text("utf-8")
        gone = []
        for number in range(5):
            path.write_text(text + f"\n# save {number}\n", "utf-8")
            call = calls.load_file(path)
            gone.append(weakref.ref(call))
        del call
        gc.collect()
        assert [ref() is None for ref in gone] == [True, True, True, True, False]
        assert calls.load_file(path) is gone[-1]()


@pytest.mark.parametrize("count", [3, 12])
def test_a_service_s_calls_are_loaded_from_one_listing_of_their_folders(
        tmp_path: Path, registries: None, count: int, monkeypatch: pytest.MonkeyPatch
        ) -> None:
    """The service's start lists each folder of calls a number of times that does not grow
    with its calls (it listed them all again for each call: 1,000 calls, 62 s, quadratic;
    att79), and serves the calls :func:`calls.load` gives, a broken file said as
    ``broken()`` says it."""
    from callrules.serve._app import served_calls

    text = ANDES.read_text("utf-8")
    for number in range(count):
        name = f"andes-{number:02d}-2027"
        (tmp_path / f"{name}.toml").write_text(
            text.replace('id = "andes-2027"', f'id = "{name}"', 1), "utf-8")
    calls.register_folder(tmp_path)
    listed = []
    listing = calls.call_files
    monkeypatch.setattr(calls, "call_files", lambda f: listed.append(f) or listing(f))
    loaded, _ = served_calls()
    assert len(listed) <= 3, len(listed)
    assert loaded == {call_id: calls.load(call_id) for call_id in calls.available()}
    (tmp_path / "zz-broken.toml").write_text("id = [", "utf-8")  # (after the others)
    with pytest.raises(callrules.DefinitionError) as caught:  # (a registered folder's: the
        served_calls()  # start stops with its error, as broken() says it)
    assert str(caught.value) == str(calls.broken()["zz-broken"])


def _two_calls(folder: Path) -> tuple[str, str]:
    """Two good calls in ``folder`` (andes-a-2027, andes-b-2027), registered."""
    text = ANDES.read_text("utf-8")
    for name in ("andes-a-2027", "andes-b-2027"):
        (folder / f"{name}.toml").write_text(
            text.replace('id = "andes-2027"', f'id = "{name}"', 1), "utf-8")
    calls.register_folder(folder)
    return "andes-a-2027", "andes-b-2027"


def _finished(threads: list[threading.Thread]) -> bool:
    """Start ``threads`` (daemons: one that waits for ever never holds the tests) and say
    whether all of them finished within a bound far above their time (well under a
    second each)."""
    for thread in threads:
        thread.daemon = True
        thread.start()
    for thread in threads:
        thread.join(30)
    return not any(thread.is_alive() for thread in threads)


class TestNeverWaitsForEver:
    def test_packages_loading_calls_in_any_order_from_any_thread_never_deadlock(
            self, installed: Callable[..., None], tmp_path: Path) -> None:
        """An installed package loads two calls as it loads (a then b) while two threads
        load b and a, and another loads a call from a thread of its own: all finish."""
        a, b = _two_calls(tmp_path)
        helper: list[str] = []

        def cross() -> Path:
            calls.load(a)
            calls.load(b)
            return tmp_path / "nowhere"

        def spawn() -> Path:
            if not helper:  # (once: the helper's own loading runs the entry points too)
                helper.append("started")
                thread = threading.Thread(target=lambda: helper.append(calls.load(a).id))
                thread.start()
                thread.join(30)
            return tmp_path / "nowhere"
        installed(Entry("cross", cross), Entry("spawn", spawn))
        got: list[str] = []
        start = threading.Barrier(2)

        def load(call_id: str) -> None:
            start.wait()
            got.append(calls.load(call_id).id)
        assert _finished([threading.Thread(target=load, args=(b,)),
                          threading.Thread(target=load, args=(a,))])
        assert sorted(got) == [a, b] and helper == ["started", a]

    @pytest.mark.skipif(not hasattr(os, "fork"), reason="a platform that forks")
    def test_a_process_forked_while_a_thread_loads_loads_too(
            self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Forked while another thread compiles a call (its lock held): the child loads
        that call, another, and lists them, never waiting for the thread it has not."""
        parent, compiling, release = os.getpid(), threading.Event(), threading.Event()
        from_file = callrules.Call.from_file.__func__  # type: ignore[attr-defined]

        def slow(cls: type, path: Path) -> callrules.Call:
            if os.getpid() == parent:
                compiling.set()
                release.wait(30)
            return from_file(cls, path)  # type: ignore[no-any-return]
        monkeypatch.setattr(callrules.Call, "from_file", classmethod(slow))
        loading = threading.Thread(target=calls.load, args=("andes-2027",), daemon=True)
        loading.start()
        assert compiling.wait(30)
        with warnings.catch_warnings():  # (forking a process with threads: warned of)
            warnings.simplefilter("ignore", DeprecationWarning)
            child = os.fork()
        if not child:  # pragma: no cover - (the child: its exit status says)
            try:
                ok = (calls.load("andes-2027").id == "andes-2027"
                      and "cnrs-amsud-2026" in calls.available())
            finally:
                os._exit(0 if ok else 1)
        release.set()
        loading.join(30)
        for _ in range(300):  # (at most 30 s: the child loads in well under a second)
            done, status = os.waitpid(child, os.WNOHANG)
            if done:
                break
            threading.Event().wait(0.1)
        else:
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
            pytest.fail("the forked process waits for ever")
        assert os.waitstatus_to_exitcode(status) == 0


class TestFailedFiles:
    def test_each_caller_gets_its_own_error_and_one_is_kept_per_file(
            self, folder: Path) -> None:
        """A broken file written again and again: one error kept for it, without its
        traceback; each caller's copy is its own (a note, words changed: never seen by
        the next caller)."""
        before = len(calls._FAILED)
        path = folder / "broken.toml"
        for version in range(5):
            path.write_text("id = [\n" + "#" * version, "utf-8")
            with pytest.raises(callrules.DefinitionError):
                calls.load_file(path)
        assert len(calls._FAILED) == before + 1
        kept = calls._FAILED[path][1]
        assert kept.__traceback__ is None and kept.__context__ is None
        with pytest.raises(callrules.DefinitionError) as first:
            calls.load_file(path)
        first.value.add_note("the first caller's note")
        first.value.words = ("entry_point_called", {"package": "someone"})
        with pytest.raises(callrules.DefinitionError) as second:
            calls.load_file(path)
        assert second.value is not first.value and second.value.code == "syntax"
        assert not hasattr(second.value, "__notes__")
        assert second.value.words == ("call_file_syntax_end", {"format": "TOML"})  # (its own)

    def test_a_file_that_needed_a_set_loads_once_it_is_registered(self, folder: Path) -> None:
        """A call file refused for a named set no one registered yet is read again once one
        is (how-to/platform-extensions.md registers it after a first try): a failure is
        remembered only as long as what was registered then."""
        from tests.test_definitions import minimal_call
        data = minimal_call({"op": "in", "path": "host.unit.code", "set": {"param": "units"}})
        data["parameters"] = {"units": {"set": "units_of_test_registry"}}
        path = folder / f"{data['id']}.json"
        path.write_text(json.dumps(data, default=str), "utf-8")
        with pytest.raises(callrules.DefinitionError):
            calls.load_file(path)
        calls.register_set("units_of_test_registry", ["U1"])
        assert calls.load_file(path).id == data["id"]

    def test_a_file_named_like_an_entry_point_is_said_as_a_call_file(
            self, folder: Path) -> None:
        """A call file named "entry point x" in a folder is said as a call that does not
        load, in the reader's words, not as an installed package."""
        (folder / "entry point x.toml").write_text("id = [", "utf-8")
        code, _, err = run("--lang", "fr", "calls")
        assert code == 2 and "L’appel entry point x ne peut pas être chargé" in err


class TestServedPackages:
    def test_serve_sets_aside_an_installed_packages_broken_calls(
            self, installed: Callable[..., None], tmp_path: Path,
            caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
        """A broken call file or package installed: the others are served, each said in a
        WARNING line; the same file in a folder chosen for the service stops its start."""
        serve = pytest.importorskip("callrules.serve._app")
        (tmp_path / "pacific-bad-2027.toml").write_text("id = [", "utf-8")
        installed(Entry("bad", tmp_path), Entry("raises", ImportError("no module")))
        (tmp_path / "pacific-odd-2027.toml").write_text(
            ANDES.read_text("utf-8").replace("[[clauses]]", "[[clauses]]\nodd_key = 1", 1),
            "utf-8")
        installed(Entry("bad", tmp_path), Entry("raises", ImportError("no module")))
        monkeypatch.setenv("CALLRULES_LANG", "fr")
        with caplog.at_level(logging.WARNING, "callrules.serve"):
            served, _ = serve.served_calls()
        assert set(served) == {"cnrs-amsud-2026"}
        said = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        # the reader's lines: the call or package set aside, then why, in the reader's words
        # (the author's English, with its file and place, on lines of its own between them)
        assert [line for line in said if "pacific-bad-2027" in line and "L’appel" in line]
        why = [line.removeprefix("callrules serve:   ") for line in said
               if line.startswith("callrules serve:   ") and "hint:" not in line]
        assert len(why) == 3 and "acme-raises" in why[2]
        for line in why:
            assert not any(code in line for code in ("/", "[", "_", "\\x", "Error")), line
        assert "supprimez-la" in why[1]  # (an unknown key: said as such, in French)
        installed()
        with pytest.raises(callrules.DefinitionError):
            serve.create_app(tmp_path)

    def test_serve_with_workers_says_what_it_sets_aside_once(
            self, installed: Callable[..., None], monkeypatch: pytest.MonkeyPatch,
            caplog: pytest.LogCaptureFixture) -> None:
        """``serve --workers 3``: a broken package is said by the start, each worker (which
        loads the calls again) silent about it; a worker finding otherwise says its own."""
        app = pytest.importorskip("callrules.serve._app")
        stopping = pytest.importorskip("callrules.serve._stopping")
        installed(Entry("raises", ImportError("no module")))
        for variable in (app.CONCURRENT_VARIABLE, app.BODY_TIMEOUT_VARIABLE,
                         app.STALL_TIMEOUT_VARIABLE, app.PER_CLIENT_VARIABLE):
            monkeypatch.setenv(variable, "")  # (restored after: serve sets them)
        monkeypatch.setattr(logging.config, "dictConfig", lambda config: None)
        monkeypatch.setattr(callrules.serve, "_listen_check", lambda host, port: None)
        told: list[str] = []

        def run_workers(target: object, workers: int, options: object) -> None:
            told.append(os.environ[app.SAID_VARIABLE])
            with monkeypatch.context() as child:  # (as each worker: this start's child)
                child.setattr(os, "getppid", os.getpid)
                for _ in range(workers):
                    app.create_app_from_environment()
        monkeypatch.setattr(stopping, "run_workers", run_workers)

        def said() -> int:
            return len([r for r in caplog.records if "acme-raises" in r.getMessage()])
        with caplog.at_level(logging.WARNING, "callrules.serve"):
            assert main(["serve", "--workers", "3", "--port", "9000"]) == 0
            assert said() == 1
            assert app.SAID_VARIABLE not in os.environ  # (this start's only)
            monkeypatch.setenv(app.SAID_VARIABLE, "another start's")
            app.create_app_from_environment()
            assert said() == 2
            # inherited by a process that is not a worker of that start (a program a worker
            # runs, a service started by hand under it): its lines are said
            monkeypatch.setenv(app.SAID_VARIABLE, told[0])
            app.create_app_from_environment()
            assert said() == 3
            # one worker alone, and the start of several, say theirs whatever is inherited
            monkeypatch.setenv(app.SAID_VARIABLE, f"{os.getppid()}:{told[0].split(':')[1]}")
            monkeypatch.setattr(stopping, "run_one", lambda application, options: None)
            assert main(["serve", "--port", "9000"]) == 0
            assert said() == 4
            monkeypatch.setenv(app.SAID_VARIABLE, f"{os.getppid()}:{told[0].split(':')[1]}")
            assert main(["serve", "--workers", "3", "--port", "9000"]) == 0
            assert said() == 5
