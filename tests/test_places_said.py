"""Where a record is, and which key a record wrote, said to a person in words: every text
meant for a person (check's text, its tables and page, the French spreadsheet, the plan,
select's reasons) names a record's place as select does ("batch.json, item 3 of the list"),
never by an index from 0 (``batch.json[2]``) nor by an absolute path; the service names a
key the application wrote, whatever it holds, alone or in a pasted batch."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

import callrules
from callrules._file_names import file_named, told_apart
from callrules._i18n import source_words, visible
from callrules._report import BatchItem
from callrules._tables import people_rows
from callrules._text import item_text
from callrules.exceptions import InputError, InputProblem
from callrules.selection.render import place_text
from callrules.serve import _app
from callrules.serve._http import ECHO_LIMIT
from tests.conftest import eligible_dict
from tests.laws import settings
from tests.test_cli import run

LANGS = ("en", "fr", "es", "pt")
CALL = callrules.calls.load("cnrs-amsud-2026")
NOW = callrules.parse_instant("2026-05-30T12:00:00+02:00")
#: An index from 0 in brackets, as the readers label a record of a list.
INDEX = re.compile(r"\[[0-9]+\]")

_PART = st.text(st.characters(codec="ascii", categories=("L", "N"), include_characters="-_ ."),
                min_size=1, max_size=12).filter(lambda p: p.strip(". ") == p and p)
_NAME = st.builds(lambda stem, ext: f"{stem}.{ext}", _PART,
                  st.sampled_from(("json", "jsonl", "csv")))
_NUMBER = st.integers(1, 10**6)


@st.composite
def _labels(draw: st.DrawFn) -> tuple[str, str, bool]:
    """A record's label as the readers write it (``dir/a.json[2]``, ``/srv/in/b.jsonl:8[0]``,
    ``<stdin>:3``), the name of its file, and whether it was given by an absolute path."""
    folders = draw(st.lists(_PART, max_size=3))
    absolute = draw(st.booleans())
    name = draw(st.one_of(_NAME, st.just("<stdin>")))
    file = "/".join([*folders, name]) if name != "<stdin>" else name
    if absolute and name != "<stdin>":
        file = "/" + file
    line = draw(st.none() | _NUMBER)
    item = draw(st.none() | st.integers(0, 10**6))
    pages = draw(st.lists(st.integers(0, 10**6), max_size=2)) if item is not None else []
    label = file + ("" if line is None else f":{line}") + "".join(
        f"[{page}]" for page in pages) + ("" if item is None else f"[{item}]")  # (pages of
    # applications read as items of a list: ``arr.json[0][1]``, the first page's second)
    return label, name, absolute and name != "<stdin>"


def _said(label: str, lang: str) -> list[str]:
    """Every text for a person that names the record labelled ``label``."""
    problem = InputProblem(("submitter",), "missing", "required")
    item = BatchItem(2, None, InputError([problem], source=label), label)
    result = callrules.BatchResult((item,))
    table = result.rows(lang)
    return [source_words(label, lang), item_text(item, lang),
            *(str(cell) for row in people_rows(item, lang) for cell in row),
            *(str(value) for row in table for value in row.values()),
            result.html(lang)]


class TestARecordsPlace:
    @settings(max_examples=60, deadline=None)
    @given(_labels(), st.sampled_from(LANGS))
    @example(("/srv/in/pages/arr.json[0][1]", "arr.json", True), "en")  # (look61x: the text
    # said "pages/arr.json[0], item 2 of the list")
    def test_is_said_in_words_never_by_an_index_or_an_absolute_path(
            self, labelled: tuple[str, str, bool], lang: str) -> None:
        """A record's place, in every text for a person, says its file by the name it was
        given (a file given by its absolute path, or found in a folder so given, by its
        folder and name), then its line, the page it is in (a page of applications read as
        an item of a list) and its item of a list, counted from 1: never ``[2]``, never
        the absolute path; a machine's output (``source``) keeps the label as
        read."""
        label, name, absolute = labelled
        file = label.split(name)[0] + name  # (as given: its folders, then its name)
        for text in _said(label, lang):
            assert not INDEX.search(text.replace(name, "")), text
            assert not absolute or file not in text, text
        said = source_words(label, lang)
        shown = "/".join([part for part in file.split("/") if part][-2:])  # (folder and name)
        assert said.startswith(shown if absolute else file), said
        if "[" in label:
            number = int(label.rsplit("[", 1)[1][:-1]) + 1
            assert re.sub(r"\D", "", said).endswith(str(number)), said
            pages = re.findall(r"\[([0-9]+)\]", label.split(name)[-1])[:-1]
            after = said[len(shown if absolute else file):]  # (past the file's name)
            assert len(re.findall(r"\bpag|\bpág", after)) == len(pages), said  # (each
            # page said, its number from 1)
        item = BatchItem(0, None, InputError([InputProblem((), "missing", "required")],
                                             source=label), label)
        assert item.to_dict(lang)["source"] == label

    def test_a_scores_place_given_by_an_absolute_path_is_its_folder_and_name(self) -> None:
        """A score line of a file given by its absolute path is said by the file's folder
        and name: two files of one name in two folders told apart (look61x)."""
        assert place_text("/srv/panel/scores.csv", 20, "line", "en") == (
            "panel/scores.csv, line 20")
        assert place_text("/srv/other/scores.csv", 20, "line", "en") == (
            "other/scores.csv, line 20")
        windows = place_text("C:\\panel\\scores.json", 3, "item", "fr")  # (a backslash is a
        assert windows.startswith(  # separator on Windows only: elsewhere, of the name)
            "panel/scores.json" if os.sep == "\\" else "C:\\panel\\scores.json"), windows


class TestFilesOfOneName:
    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.lists(st.sampled_from(("in", "a", "c", "d")), max_size=4), min_size=1,
                    max_size=5),
           st.lists(st.booleans(), min_size=5, max_size=5),
           st.lists(st.sampled_from(("", "./")), min_size=5, max_size=5),
           st.lists(st.sampled_from(("/", "//", "/./")), min_size=5, max_size=5))
    def test_files_given_apart_are_said_apart(self, folders: list[list[str]],
                                              absolute: list[bool], start: list[str],
                                              between: list[str]) -> None:
        """Files of one name in folders of one name at any depths (``/a/in/b.json``,
        ``/c/d/in/b.json``, ``in/b.json`` relative, however typed: ``./in/b.json``,
        ``in//b.json``, ``in/./b.json``), given together, are each said by its folder and
        name, tidied, never two alike (before: ``in/b.json`` for all, look61x; then
        ``./in/b.json`` beside ``in/b.json``, look63t); a folder that reads like no other
        is said as before."""
        paths = [("/" if absolute[n] else start[n]) + between[n].join([*parts, "b.json"])
                 for n, parts in enumerate(folders)]
        alone = {path: file_named(os.path.normpath(path)) for path in paths}
        with told_apart(paths):
            said = {path: file_named(path) for path in paths}
        files = {os.path.abspath(path) for path in paths}
        assert len(set(said.values())) == len(files), said
        assert all(said[path].endswith("b.json") and "./" not in said[path]
                   and "//" not in said[path] for path in paths), said
        if len(set(alone.values())) == len(files):  # (none read like another: as before)
            assert said == alone

    def test_the_command_line_says_them_apart_in_every_language(self, tmp_path: Path
                                                                 ) -> None:
        """``check`` given ``/…/a/in/b.json`` and ``/…/c/d/in/b.json``: each bad record is
        placed in its own file (before, both ``in/b.json``)."""
        for folder in ("a/in", "c/d/in"):
            (tmp_path / folder).mkdir(parents=True)
            (tmp_path / folder / "b.json").write_text("[{}]", "utf-8")
        for lang, said in (("en", "Record {} ({}/in/b.json, item 1 of the list)"),
                           ("fr", "Enregistrement {} ({}/in/b.json, élément 1 de la liste)"),
                           ("es", "Registro {} ({}/in/b.json, elemento 1 de la lista)"),
                           ("pt", "Registro {} ({}/in/b.json, elemento 1 da lista)")):
            done = run("check", "cnrs-amsud-2026", str(tmp_path / "a/in/b.json"),
                       str(tmp_path / "c/d/in/b.json"), "--lang", lang,
                       "--at", "2026-05-20T12:00:00+02:00")
            assert said.format(1, "a") in done.stdout and said.format(2, "d") in done.stdout


    def test_a_batch_rendered_whole_says_them_apart(self, tmp_path: Path) -> None:
        """A batch read from ``/…/a/in/b.json`` and ``/…/c/d/in/b.json`` in Python: its
        rows and its page place each bad record in its own file."""
        for folder in ("a/in", "c/d/in"):
            (tmp_path / folder).mkdir(parents=True)
            (tmp_path / folder / "b.json").write_text("[{}]", "utf-8")
        batch = callrules.evaluate_many(CALL, callrules.records(
            tmp_path / "a/in/b.json", tmp_path / "c/d/in/b.json"), now=NOW, progress=False)
        rows = batch.rows("en")
        said = {str(row["Source"]) for row in rows}
        assert {"a/in/b.json, item 1 of the list", "d/in/b.json, item 1 of the list"} <= said
        page = batch.html("fr")
        assert "a/in/b.json, élément 1" in page and "d/in/b.json, élément 1" in page


def _with_key(key: str) -> dict[str, Any]:
    application = eligible_dict()
    application["host"] = {**application["host"], key: 1}
    return application


class TestAKeyTheApplicationWrote:
    @settings(max_examples=30, deadline=None)
    @given(st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), min_size=1,
                   max_size=ECHO_LIMIT + 20).map(lambda k: f"{k}[0]" if len(k) % 2 else k),
           st.sampled_from(LANGS))
    def test_is_named_as_written_alone_and_in_a_pasted_batch(self, key: str,
                                                               lang: str) -> None:
        """A key not expected, whatever it holds (``colour[0]``: before, dropped from its
        place and not named), is named as written (``key``) and in words (``place``, cut at
        the service's echo limit), by the answer to one application and by each line of a
        batch's answer, where every problem of a record says its place in words."""
        application = _with_key(key)
        try:
            callrules.evaluate(CALL, application, now=NOW)
        except InputError as error:
            alone = _app._problems(error, lang)
        batch = callrules.evaluate_many(CALL, [application, {"id": "x"}], now=NOW)
        lines = [_app._entry(item, lang, None) for item in batch]
        for answers in (alone, lines[0]["input_error"]):
            named = [a for a in answers if a.get("key") == key]
            assert named, answers
            assert visible(key[:ECHO_LIMIT - 1], lang).strip() in named[0]["place"], named
        assert all(isinstance(p.get("place"), str) and p["place"]
                   for line in lines for p in line["input_error"])

