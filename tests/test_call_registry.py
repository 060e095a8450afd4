"""The registry of calls: one broken call file, folder or entry point never hides the
others; it is reported, with a typed error when it is asked for."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest

import callrules
from callrules import calls
from callrules._cli import main

ANDES = Path(__file__).parent / "data" / "good-andes-2027.toml"


class Entry:
    """An entry point of the callrules.calls group, as importlib.metadata gives one."""

    def __init__(self, name: str, target: Any) -> None:
        self.name, self.value, self._target = name, f"pkg:{name}", target

    def load(self) -> Any:
        if isinstance(self._target, Exception):
            raise self._target
        return self._target


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
