"""One call id given by several sources: the first source in order of precedence wins, by a
file or an edition alike, and every other source is named, never silently dropped."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

import callrules
from callrules import calls
from callrules._cli import main
from tests.laws import settings


def _call(call_id: str, version: str, year: int, count: int = 0,
          template: str = "t-{year}") -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": call_id, "version": version, "languages": ["en"], "title": {"en": "T"},
        "timezone": "Europe/Paris", "currency": "EUR",
        "timeline": {"deadline": f"{year}-06-01T17:00:00", "results": f"{year}-07-01"},
        "clauses": [{"id": "c", "title": {"en": "C"}, "text": {"en": "C"}}],
        "rules": [{"clause": "c", "check": {"op": "present", "path": "id"}}]}
    if count:
        data["recurrence"] = {"every": "year", "count": count, "id": template}
    return data


#: Folders, each with its files (name → call); the ids they give overlap on purpose.
FOLDERS: dict[str, dict[str, dict[str, Any]]] = {
    # a recurring call: t-2026, and its editions t-2027 and t-2028
    "recurring": {"t-2026.json": _call("t-2026", "recurring", 2026, 3)},
    # a file with the id of the recurring call's second edition
    "single": {"t-2027.json": _call("t-2027", "single", 2027)},
    # a file and a recurring call in one folder: t-2028 by a file, t-2028 by an edition
    "both": {"t-2028.json": _call("t-2028", "both-file", 2028),
             "u-2027.json": _call("u-2027", "both-recurring", 2027, 2, "u-{year}")},
    # a recurring call whose second edition has the bundled call's id
    "bundled": {"cnrs-amsud-2025.json": _call("cnrs-amsud-2025", "evil", 2025, 2,
                                              "cnrs-amsud-{year}")},
    # u-2028 again, by a file
    "later": {"u-2028.json": _call("u-2028", "later", 2028)},
}


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("sources")
    made = {}
    for name, files in FOLDERS.items():
        (root / name).mkdir()
        for file, data in files.items():
            (root / name / file).write_text(json.dumps(data), "utf-8")
        made[name] = root / name
    return made


def _claims(order: list[str], folders: dict[str, Path]) -> list[tuple[str, str, str]]:
    """Every (id, where, version) the sources give, in order of precedence: the bundled
    call, then each folder in the order registered, its files (by name) before its
    editions."""
    claims = [("cnrs-amsud-2026", "bundled", "1")]
    for name in order:
        files, editions = [], []
        for file, data in sorted(FOLDERS[name].items()):
            path = folders[name] / file
            files.append((data["id"], str(path), data["version"]))
            if "recurrence" in data:
                year = int(data["id"].rsplit("-", 1)[1])
                template = data["recurrence"]["id"]
                editions += [(template.format(year=year + n), f"{path} "
                              f"({template.format(year=year + n)})", data["version"])
                             for n in range(1, data["recurrence"]["count"])]
        claims += files + editions
    return claims


class TestPrecedence:
    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(order=st.permutations(sorted(FOLDERS)), size=st.integers(1, len(FOLDERS)))
    def test_the_first_source_wins_and_every_other_is_named(
            self, folders: dict[str, Path], order: list[str], size: int) -> None:
        """Law, over registration orders: each id loads from the first source that gives it
        (a file or an edition alike), and broken() names every other source that gives it,
        as shadowed_call; no id is missing from available()."""
        order = order[:size]
        saved, cache, files = list(calls._FOLDERS), dict(calls._CACHE), dict(calls._FILES)
        try:
            calls._CACHE.clear()
            for name in order:
                calls.register_folder(folders[name])
            claims = _claims(order, folders)
            winners: dict[str, str] = {}
            shadowed = set()
            for call_id, where, version in claims:
                if call_id in winners:
                    shadowed.add(where)
                else:
                    winners[call_id] = version
            assert set(calls.available()) == set(winners)
            for call_id, version in winners.items():
                assert calls.load(call_id).version == version, (order, call_id)
            broken = calls.broken()
            assert set(broken) == shadowed
            assert {getattr(e, "code", None) for e in broken.values()} <= {"shadowed_call"}
        finally:
            calls._FOLDERS[:] = saved
            calls._CACHE.clear()
            calls._CACHE.update(cache)
            calls._FILES.clear()
            calls._FILES.update(files)

    @pytest.mark.usefixtures("registries")
    def test_the_command_line_lists_a_shadowed_source(self, folders: dict[str, Path]
                                                      ) -> None:
        """`callrules calls` lists the shadowed edition as such, says why, and exits 2."""
        calls.register_folder(folders["bundled"])
        out, err = io.StringIO(), io.StringIO()
        assert main(["calls"], out=out, err=err) == 2
        assert f"{folders['bundled'] / 'cnrs-amsud-2025.json'} (cnrs-amsud-2026)\tshadowed" \
            in out.getvalue()
        assert "is not used" in err.getvalue() and "shadowed_call" in err.getvalue()
        assert calls.load("cnrs-amsud-2026").version == "1"

    @pytest.mark.usefixtures("registries")
    def test_two_files_of_one_folder_with_one_id_name_the_second(self, tmp_path: Path
                                                                 ) -> None:
        """t.json and t.toml in one folder: the first by name is used, the other named."""
        (tmp_path / "w-2026.json").write_text(json.dumps(_call("w-2026", "json", 2026)),
                                              "utf-8")
        (tmp_path / "w-2026.toml").write_text('id = "w-2026"\n', "utf-8")
        calls.register_folder(tmp_path)
        assert calls.load("w-2026").version == "json"
        broken = calls.broken()
        assert getattr(broken[str(tmp_path / "w-2026.toml")], "code", None) == "shadowed_call"

    @pytest.mark.usefixtures("registries")
    def test_a_file_gone_after_listing_is_a_typed_error(self, tmp_path: Path) -> None:
        """A call file removed between the listing of its folder and its loading: the file's
        own typed error (unreadable), never an OSError."""
        with pytest.raises(callrules.DefinitionError) as caught:
            calls._file_call("gone", tmp_path / "gone.json")
        assert caught.value.code == "unreadable"
