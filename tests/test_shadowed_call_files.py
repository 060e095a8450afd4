"""A call file that would not be used is never silent: ``validate`` of a folder and ``serve``
at its start name every one, as :func:`callrules.calls.broken` does (``shadowed_call``). A
mistake (a file shadowed by a bundled call, or by a file of its own folder) is exit 2, and
the service does not start; a file shadowed by a ``--call-dir`` given before it (the
documented precedence) is a warning."""

from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

import callrules.serve
from callrules import _cli, calls
from tests.conftest import kept_registries
from tests.helpers import code_tokens
from tests.laws import settings
from tests.test_call_precedence import _call
from tests.test_serve import would_serve

#: Ids a folder's files may have: two of the operator's, and the bundled call's.
IDS = ["a-1", "b-1", "cnrs-amsud-2026"]
#: A folder: its files, each an id and a suffix.
FOLDER = st.sets(st.tuples(st.sampled_from(IDS), st.sampled_from([".json", ".toml"])),
                 max_size=4)


def _write(root: Path, layout: list[set[tuple[str, str]]]) -> list[Path]:
    folders = []
    for number, files in enumerate(layout):
        folder = root / f"f{number}"
        folder.mkdir()
        for call_id, suffix in files:
            data = _call(call_id, f"v{number}", 2026)
            text = json.dumps(data) if suffix == ".json" else (
                f'id = "{call_id}"\nversion = "v{number}"\n' + _toml_rest(data))
            (folder / f"{call_id}{suffix}").write_text(text, "utf-8")
        folders.append(folder)
    return folders


def _toml_rest(data: dict[str, Any]) -> str:
    """The rest of a small call as TOML (its keys after id and version)."""
    return ('languages = ["en"]\ntimezone = "Europe/Paris"\ncurrency = "EUR"\n'
            '[title]\nen = "T"\n[timeline]\ndeadline = "2026-06-01T17:00:00"\n'
            'results = "2026-07-01"\n[[clauses]]\nid = "c"\n[clauses.title]\nen = "C"\n'
            '[clauses.text]\nen = "C"\n[[rules]]\nclause = "c"\n'
            '[rules.check]\nop = "present"\npath = "id"\n')


def _expected(folders: list[Path]) -> tuple[set[str], bool]:
    """The files not used, as the registry reads the folders, and whether one is a mistake."""
    seen: dict[str, int] = {"cnrs-amsud-2026": -1}
    shadowed, mistake = set(), False
    for number, folder in enumerate(folders):
        for path in sorted(p for p in folder.iterdir()):
            owner = seen.setdefault(path.stem, number)
            twice = any(p.stem == path.stem for p in folder.iterdir() if p < path)
            if owner != number or twice:
                shadowed.add(str(path))  # a mistake unless only an earlier folder wins
                mistake = mistake or owner == -1 or twice
    return shadowed, mistake


class TestShadowedCallFiles:
    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(layout=st.lists(FOLDER, min_size=1, max_size=3),
           lang=st.sampled_from(["fr", "en", "es", "pt"]))
    def test_serve_names_every_file_not_used(self, layout: list[set[tuple[str, str]]],
                                             lang: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
        """Law: for any folders, serve names on standard error exactly the files the
        registry names shadowed_call, in words; exit 2 (nothing served) iff one is a
        mistake, else it starts."""
        would_serve(monkeypatch)
        monkeypatch.setattr(callrules.serve, "_listen_check", lambda host, port: None)
        with tempfile.TemporaryDirectory() as root, kept_registries():
            folders = _write(Path(root), layout)
            expected, mistake = _expected(folders)
            for folder in folders:
                calls.register_folder(folder)
            named = {where for where, error in calls.broken().items()
                     if getattr(error, "code", None) == "shadowed_call"}
            assert named == expected
            calls._FOLDERS[:] = [f for f in calls._FOLDERS if f not in folders]
            err = io.StringIO()
            argv = ["--lang", lang, "serve", *(w for f in folders for w in ("--call-dir", str(f)))]
            code = _cli.main(argv, out=io.StringIO(), err=err)
            said = err.getvalue()
        assert code == (2 if mistake else 0), said
        told = {line.split(": ", 2)[1] for line in said.splitlines() if line.count(": ") >= 2
                and line.split(": ", 2)[1].startswith(root)}
        assert told == expected
        assert code_tokens(said.replace(root, "FOLDER")) == []

    @settings(max_examples=30, deadline=None)
    @given(files=FOLDER.filter(bool), lang=st.sampled_from(["fr", "en", "es", "pt"]))
    def test_validate_of_a_folder_names_every_file_not_used(
            self, files: set[tuple[str, str]], lang: str) -> None:
        """Law: validate of any folder says each file valid, and names each one a file
        before it in the folder or a bundled call shadows; exit 2 iff there is one."""
        with tempfile.TemporaryDirectory() as root:
            folder = _write(Path(root), [files])[0]
            expected, _ = _expected([folder])
            out, err = io.StringIO(), io.StringIO()
            code = _cli.main(["--lang", lang, "validate", str(folder)], out=out, err=err)
        assert code == (2 if expected else 0)
        assert len(out.getvalue().splitlines()) == len(files)
        told = {line.split(": ", 2)[1] for line in err.getvalue().splitlines()}
        assert told == expected

    def test_an_edition_with_the_bundled_id_stops_the_start(
            self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A recurring call whose next edition has the bundled call's id: named by its
        edition, and the service does not start."""
        would_serve(monkeypatch)
        (tmp_path / "cnrs-amsud-2025.json").write_text(json.dumps(_call(
            "cnrs-amsud-2025", "evil", 2025, 2, "cnrs-amsud-{year}")), "utf-8")
        err = io.StringIO()
        assert _cli.main(["serve", "--call-dir", str(tmp_path)], out=io.StringIO(),
                         err=err) == 2
        assert "“cnrs-amsud-2026”" in err.getvalue()
        assert "not started" in err.getvalue()


class TestOneOrderOfPrecedence:
    @settings(max_examples=30, deadline=None)
    @given(layout=st.lists(FOLDER, min_size=1, max_size=3))
    def test_shadowed_names_what_the_registry_sets_aside(
            self, layout: list[set[tuple[str, str]]]) -> None:
        """Law: calls.shadowed(folders) names exactly the files the registry would not use
        were the folders registered in this order, each with a winner that gives its id
        first, and a mistake (known or folder) exactly when the command line says so."""
        with tempfile.TemporaryDirectory() as root:
            folders = _write(Path(root), layout)
            expected, mistake = _expected(folders)
            found = calls.shadowed(folders)
            assert {str(s.path) for s in found} == expected
            assert any(s.why in ("known", "folder") for s in found) == mistake
            for each in found:
                assert each.call_id == each.path.stem and each.by.stem == each.call_id
                assert each.by != each.path and not each.edition


def _entry(folder: Path, call_id: str, kind: str) -> Path:
    """An entry ``<call_id>.toml`` of ``folder`` of the kind: a call file that registers
    (``good``), one whose declared id is not its name, one that is not TOML, or something
    that is not a regular file (a link to nothing, a loop of links, a pipe, a folder, a
    link to a device)."""
    path = folder / f"{call_id}.{'TOML' if kind == 'upper case' else 'toml'}"
    data = _call(call_id, "v", 2026)
    if kind in ("good", "upper case", "mismatch"):
        declared = f"{call_id}-other" if kind == "mismatch" else call_id
        path.write_text(f'id = "{declared}"\nversion = "v"\n' + _toml_rest(data), "utf-8")
    elif kind == "syntax":
        path.write_text("x = [", "utf-8")
    elif kind == "dangling":
        path.symlink_to(folder / "nowhere" / "x.toml")
    elif kind == "loop":
        path.symlink_to(path.name)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to("/dev/null")
    return path


#: The kinds of entries of a call folder; only ``good`` and ``upper case`` are served.
KINDS = ["good", "upper case", "mismatch", "syntax", "dangling", "loop", "fifo", "folder", "device"]


class TestValidateSaysWhatRegisteringSays:
    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(entries=st.dictionaries(st.sampled_from(["a-1", "b-1", "c-1", "d-1"]),
                                   st.sampled_from(KINDS), min_size=1, max_size=4),
           lang=st.sampled_from(["fr", "en", "es", "pt"]))
    def test_every_entry_that_would_not_be_served_is_named(
            self, entries: dict[str, str], lang: str,
            monkeypatch: pytest.MonkeyPatch) -> None:
        """Law: for any folder, whatever its entries named ``*.toml`` are (a call file
        named ``*.TOML``, one whose id is not its name, one with mistakes, a link to
        nothing, a loop of links, a pipe, a folder, a link to a device), ``validate
        FOLDER`` exits 0 exactly when
        ``serve --call-dir FOLDER`` starts; each entry that would not be served is named
        by ``validate`` with the reason in words, and by ``serve`` in the same words
        (every one, not only the first), and listed broken by ``calls``; none is
        left without a word."""
        would_serve(monkeypatch)
        monkeypatch.setattr(callrules.serve, "_listen_check", lambda host, port: None)
        with tempfile.TemporaryDirectory() as root, kept_registries():
            folder = Path(root)
            made = {call_id: _entry(folder, call_id, kind) for call_id, kind in entries.items()}
            unused = {str(made[call_id]) for call_id, kind in entries.items()
                      if kind not in ("good", "upper case")}
            out, err = io.StringIO(), io.StringIO()
            validated = _cli.main(["--lang", lang, "validate", root], out=out, err=err)
            serve_err = io.StringIO()
            served = _cli.main(["--lang", lang, "serve", "--call-dir", root],
                               out=io.StringIO(), err=serve_err)
            calls.register_folder(folder)
            listed, listed_err = io.StringIO(), io.StringIO()
            _cli.main(["--lang", lang, "calls"], out=listed, err=listed_err)
        assert validated == served == (2 if unused else 0), (err.getvalue(), entries)
        named = {line.split(": ", 1)[0] for line in err.getvalue().splitlines()
                 if line.startswith(root)}
        assert named == unused, err.getvalue()
        said = [line for line in serve_err.getvalue().splitlines() if line.startswith(root)]
        assert {line.split(": ", 1)[0] for line in said} == unused, serve_err.getvalue()
        assert said == [line for line in err.getvalue().splitlines() if line.startswith(root)]
        broken = {line.split("\t")[0] for line in listed.getvalue().splitlines()
                  if line.endswith("\tbroken")}
        assert broken == {Path(p).stem for p in unused}
        assert len(out.getvalue().splitlines()) == len(entries) - len(unused)


class TestServeNamesEveryBrokenFile:
    @pytest.mark.parametrize("workers", ["1", "2"])
    def test_three_broken_files_are_all_named_and_the_service_does_not_start(
            self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str) -> None:
        """A call folder holding three broken call files (TOML that does not parse, a call
        missing its fields, an id that is not its name) and a good one: ``serve`` names
        all three, each with its reason in the reader's language, as ``validate`` of the
        folder does, and does not start (exit 2, nothing served), with one worker or
        several. Before, it named only the first and stopped, so an operator mended the
        folder one file a start."""
        seen = would_serve(monkeypatch)
        monkeypatch.setattr(callrules.serve, "_listen_check", lambda host, port: None)
        broken = [_entry(tmp_path, "a-1", "syntax"), _entry(tmp_path, "b-1", "mismatch")]
        (tmp_path / "c-1.json").write_text('{"id": "c-1"}', "utf-8")
        broken.append(tmp_path / "c-1.json")
        _entry(tmp_path, "d-1", "good")
        for lang in ("fr", "en"):
            err, validated = io.StringIO(), io.StringIO()
            with kept_registries():
                code = _cli.main(["--lang", lang, "serve", "--workers", workers,
                                  "--call-dir", str(tmp_path)], out=io.StringIO(), err=err)
                _cli.main(["--lang", lang, "validate", str(tmp_path)], out=io.StringIO(),
                          err=validated)
            assert code == 2 and not seen
            said = err.getvalue()
            assert [line.split(": ", 1)[0] for line in said.splitlines()
                    if line.startswith(str(tmp_path))] == [str(p) for p in broken], said
            assert said.startswith(validated.getvalue())  # validate's words, then one line
            last = said.splitlines()[-1]
            assert ("pas démarré" if lang == "fr" else "not started") in last
            # the reader's lines (not the author's, which give the place and its code, as
            # validate's do) are words only
            readers = [line for line in said.splitlines() if not line.startswith(str(tmp_path))]
            assert len(readers) == 2 * len(broken) + 1
            assert code_tokens("\n".join(readers)) == []
