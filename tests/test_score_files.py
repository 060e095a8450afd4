"""Reviewers' score files are read with the applications' guarantees: N lines in, each used or
reported in place, whatever the damage around it and whatever format the file is in."""

from __future__ import annotations

import csv
import json
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules.selection.criteria import selection_rules
from callrules.selection.scores import (
    _ONLY_SCORES,
    COLUMNS,
    ScoreSheet,
    by_scale,
    place_of,
    scores_from,
)
from tests.laws import settings
from tests.test_selection import NOW, PANEL, code_like, panel

#: One score line: application, reviewer, criterion, score (text as written).
Line = tuple[str, str, str, str]

names = st.text(st.characters(codec="utf-8", categories=("L", "N")), min_size=1,
                max_size=8)
lines_of_scores = st.lists(st.tuples(names, names, st.sampled_from(["fit", "cooperation"]),
                                     st.sampled_from(["0", "1", "2.5", "4", "5"])),
                           min_size=2, max_size=12)

#: json1: a JSON array on one line, as a program writes it.
FORMATS = ("csv", "jsonl", "json", "json1")


def as_text(lines: list[Line], kind: str) -> list[str]:
    """Each score as its file writes it: a CSV row (under a header with a comment column),
    a JSON Lines line, or an element of a JSON array (one per line)."""
    if kind == "csv":
        return [f"{a},{r},{c},{s},ok" for a, r, c, s in lines]
    return [json.dumps({"application": a, "reviewer": r, "criterion": c, "score": s,
                        "comment": "ok"}, ensure_ascii=False) for a, r, c, s in lines]


def damaged(text: str, kind: str, how: str) -> bytes:
    """One score line's text with one kind of damage."""
    raw = text.encode("utf-8")
    if how == "not_utf8":
        return raw[:1] + b"\xe9" + raw[1:]  # one byte of Windows-1252's é
    if kind == "csv":
        return {"quote": raw.replace(b",ok", b',"ok'),  # a quote opened, never closed
                "extra": raw + b",x,y",
                "short": raw.rsplit(b",", 2)[0]}[how]
    if how == "quote":  # a quote dropped before a key
        return raw.replace(b'"criterion"', b'criterion"', 1)
    if how == "extra":  # a key written twice
        return raw.replace(b'"comment"', b'"score": 1, "comment"', 1)
    return raw[:-2]  # cut short: the end of its last string and its brace lost


def file_of(lines: list[Line], kind: str, bad: int, how: str) -> bytes:
    texts = [t.encode("utf-8") for t in as_text(lines, kind)]
    texts[bad] = damaged(as_text(lines, kind)[bad], kind, how)
    if kind == "csv":
        return b"application,reviewer,criterion,score,comment\n" + b"\n".join(texts) + b"\n"
    if kind == "jsonl":
        return b"\n".join(texts) + b"\n"
    if kind == "json1":
        return b"[" + b", ".join(texts) + b"]"
    return b"[\n" + b",\n".join(texts) + b"\n]\n"


def place(kind: str, index: int) -> tuple[int, str]:
    """Where the score at ``index`` is: its line (CSV, after the header; JSON Lines) or its
    item in the list (JSON)."""
    return (index + 2, "line") if kind == "csv" else (
        (index + 1, "line") if kind == "jsonl" else (index + 1, "item"))


def suffix(kind: str) -> str:
    """The file name's suffix of a format."""
    return "json" if kind == "json1" else kind


class TestDamageAnywhere:
    @settings(max_examples=150)
    @given(lines_of_scores, st.sampled_from(FORMATS), st.data(),
           st.sampled_from(["not_utf8", "quote", "extra", "short"]))
    def test_one_damaged_line_is_reported_in_place_and_every_other_line_used(
            self, lines: list[Line], kind: str, data: st.DataObject, how: str) -> None:
        """Law: a score file in CSV, JSON Lines or JSON with one damage (a byte that is not
        UTF-8, a quote left open or dropped, extra cells or a key twice, a line cut short) at
        any line gives every undamaged line as a score, exactly, at its place, and one
        problem at the damaged line's place."""
        if kind.startswith("json") and kind != "jsonl" and how == "extra":
            how = "quote"  # a key twice in an array element: see test_a_key_written_twice…
        bad = data.draw(st.integers(0, len(lines) - 1), label="damaged line")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"scores.{suffix(kind)}"
            path.write_bytes(file_of(lines, kind, bad, how))
            sheet = callrules.read_scores(path)
        expected = [(a, r, c, Decimal(s), *place(kind, i))
                    for i, (a, r, c, s) in enumerate(lines) if i != bad]
        assert [(r.application, r.reviewer, r.criterion, r.value, r.line, r.unit)
                for r in sheet.rows] == expected
        assert [(p.line, p.unit) for p in sheet.problems] == [place(kind, bad)], \
            [p.code for p in sheet.problems]
        (problem,) = sheet.problems
        for lang in ("en", "fr", "es", "pt"):
            text = callrules.problem_text(problem, lang).replace(  # (the file: by its folder
                f"{path.parent.name}/{path.name}", "")  # and name, whatever they are)
            assert code_like(text) == [] and "Expecting" not in text, text

    @pytest.mark.parametrize("name", ["scores.json", "scores.txt"])
    def test_a_damaged_element_of_a_one_line_array_loses_no_other_score(
            self, tmp_path: Path, name: str) -> None:
        """The attack's file: nine scores on one line, one quote dropped in the second."""
        lines = [(f"R{i // 3}", "rev", c, "3") for i, c in enumerate(
            ["fit", "cooperation", "durability"] * 3)]
        elements = as_text(lines, "json")
        elements[1] = elements[1].replace('"cooperation"', 'cooperation"')
        (tmp_path / name).write_text("[" + ", ".join(elements) + "]", "utf-8")
        sheet = callrules.read_scores(tmp_path / name)
        assert [r.line for r in sheet.rows] == [1, 3, 4, 5, 6, 7, 8, 9]
        assert [(p.where, p.code) for p in sheet.problems] == [
            (f"{tmp_path / name}[1]", "json_invalid")]


class TestWholeFileTroubles:
    def test_a_windows_1252_file_reports_its_accented_lines_and_uses_the_others(
            self, tmp_path: Path) -> None:
        """An Excel export in Windows-1252: the lines with an accent are ``not_utf8`` at their
        own line, the others are scores (never one problem for the file at line 0)."""
        path = tmp_path / "notes.csv"
        path.write_bytes("application;reviewer;criterion;score\nA;Rémi;fit;3,5\n"
                         "A;Paul;fit;4\nB;Zoé;fit;2\n".encode("cp1252"))
        sheet = callrules.read_scores(path)
        assert [(r.reviewer, r.value, r.line) for r in sheet.rows] == [
            ("Paul", Decimal(4), 3)]
        assert [(p.line, p.code) for p in sheet.problems] == [(2, "not_utf8"),
                                                               (4, "not_utf8")]

    def test_a_utf16_file_is_read_as_its_mark_says(self, tmp_path: Path) -> None:
        """Excel's "Unicode text" (UTF-16 with a mark, tabs): every score read."""
        path = tmp_path / "notes.csv"
        path.write_bytes("application\treviewer\tcriterion\tscore\nA\tRémi\tfit\t3\n"
                         .encode("utf-16"))
        assert [(r.reviewer, r.line) for r in callrules.read_scores(path).rows] == [
            ("Rémi", 2)]

    @settings(max_examples=40, deadline=None)
    @given(titles=st.lists(st.sampled_from(
               ["Panel scores 2026,exported", "Call,cnrs-amsud-2026", "Scores", "# panel",
                "Call;cnrs-amsud-2026", "criterion,fit,by R1", "Exported,2026-11-30",
                # a key whose value is empty or blank, the key one of the header's names
                "application,", "Application;", "score, ", "criterion,,", 'reviewer,""']),
               min_size=1, max_size=2), blank=st.booleans(),
           separator=st.sampled_from([",", ";", "\t"]), end=st.sampled_from(["\n", "\r\n"]))
    def test_a_title_above_the_header_is_one_problem_and_every_score_is_read(
            self, titles: list[str], blank: bool, separator: str, end: str) -> None:
        """A title line (or two, a blank line after them or not) above the header, as a
        spreadsheet's export writes it, whatever words it holds (``Call,<id>``; a
        column's name and an empty value, ``application,``): each
        one problem at its line (``csv_title_line``), every score below read."""
        lines = [*titles, *([""] if blank else []),
                 separator.join(["application", "reviewer", "criterion", "score", "note"]),
                 separator.join(["A", "R1", "fit", "4", "x"]),
                 separator.join(["B", "R1", "fit", "3", ""])]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "s.csv"
            path.write_text(end.join(lines) + end, "utf-8")
            sheet = callrules.read_scores(path)
        first = len(titles) + blank + 2
        assert [(r.application, r.line) for r in sheet.rows] == [("A", first), ("B", first + 1)]
        assert [(p.line, p.code) for p in sheet.problems] == [
            (k, "csv_title_line") for k in range(1, len(titles) + 1)]

    def test_other_columns_are_ignored_whatever_their_names(self, tmp_path: Path) -> None:
        """A comment column twice, a column named with dots or digits: ignored, as before."""
        path = tmp_path / "s.csv"
        path.write_text("application,reviewer,criterion,score,note,note,reviewer.email,1\n"
                        "A,R,fit,4,x,y,r@x.org,z\n", "utf-8")
        sheet = callrules.read_scores(path)
        assert (len(sheet.rows), sheet.problems) == (1, ())

    def test_a_key_written_twice_is_refused_in_json_lines_and_single_objects(
            self, tmp_path: Path) -> None:
        """``"score": 5, "score": 3``: neither is used (a first-key reader would take 5)."""
        twice = '{"application": "A", "reviewer": "R", "criterion": "fit", "score": 5, ' \
                '"score": 3}'
        for name in ("s.jsonl", "s.json"):
            (tmp_path / name).write_text(twice + "\n", "utf-8")
            sheet = callrules.read_scores(tmp_path / name)
            assert sheet.rows == ()
            assert [p.code for p in sheet.problems] == ["score_duplicate_key"]
            assert callrules.problem_text(sheet.problems[0], "fr").endswith(
                "«\u202fscore\u202f» est donné deux fois dans cette note\u202f: aucune des "
                "deux valeurs n’est utilisée.")

    @pytest.mark.parametrize("text", ["", "\n\n", "[]", "application,reviewer,criterion,score\n"])
    def test_a_file_with_no_score_line_is_a_problem(self, tmp_path: Path, text: str) -> None:
        """No score at all would leave every proposal unranked with exit 0: it is said."""
        path = tmp_path / ("s.json" if text == "[]" else "s.csv")
        path.write_text(text, "utf-8")
        (problem,) = callrules.read_scores(path).problems
        assert (problem.code, problem.unit, problem.where) == ("score_none", "file", str(path))
        assert callrules.problem_text(problem, "en") == (  # (given by its absolute path:
            f"{path.parent.name}/{path.name}: The file holds no score line.")  # its folder
        # and name)

    def test_a_folder_gives_the_scores_of_its_files(self, tmp_path: Path) -> None:
        """A folder of score files, each line labelled by its own file."""
        (tmp_path / "a.csv").write_text("application,reviewer,criterion,score\nA,R,fit,4\n",
                                        "utf-8")
        (tmp_path / "b.jsonl").write_text('{"application": "A", "reviewer": "S", '
                                          '"criterion": "fit", "score": 3}\n', "utf-8")
        sheet = callrules.read_scores(tmp_path)
        assert [r.where for r in sheet.rows] == [f"{tmp_path / 'a.csv'}:2",
                                                 f"{tmp_path / 'b.jsonl'}:1"]


def scores_laid_out(lines: list[Line], layout: str) -> str:
    """Score lines as a JSON file of ``layout`` writes them: JSON Lines, a pretty list
    (``json``), a list on one line (``json1``), or an RFC 7464 sequence (``seq``)."""
    texts = as_text(lines, "json")
    if layout == "seq":
        return "".join(f"\x1e{text}\n" for text in texts)
    if layout == "jsonl":
        return "".join(f"{text}\n" for text in texts)
    if layout == "json1":
        return "[" + ", ".join(texts) + "]\n"
    return json.dumps([json.loads(text) for text in texts], indent=2, ensure_ascii=False) + "\n"


class TestFilesAppended:
    @settings(max_examples=80, deadline=None)
    @given(lines_of_scores, st.data(), st.sampled_from(["jsonl", "json", "json1", "seq"]),
           st.sampled_from(["jsonl", "json", "json1", "seq"]),
           st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]))
    def test_scores_appended_in_another_encoding_or_as_a_sequence_are_each_used(
            self, lines: list[Line], data: st.DataObject, first: str, second: str,
            encoding: str) -> None:
        """Law: score lines in JSON, then more appended in UTF-16 or UTF-32 (PowerShell
        5.1's ``>>``; ``utf-16``, ``utf-32``: with a mark) or as ``jq --seq`` writes them:
        every score line used, in order (before: 23 UTF-16 score lines, or 23 of a
        sequence, were one problem or each unused)."""
        cut = data.draw(st.integers(1, len(lines) - 1), label="appended from")
        text = scores_laid_out(lines[:cut], first).encode() + scores_laid_out(
            lines[cut:], second).encode(encoding)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "scores.json"
            path.write_bytes(text)
            sheet = callrules.read_scores(path)
        assert [(r.application, r.reviewer, r.criterion, r.value) for r in sheet.rows] == [
            (a, r, c, Decimal(s)) for a, r, c, s in lines]
        assert not sheet.problems


class TestPlaces:
    @given(st.text(max_size=20), st.integers(1, 10**6), st.sampled_from(["line", "item"]))
    def test_a_place_reads_back_from_its_label(self, source: str, number: int,
                                               unit: Any) -> None:
        """Law: ``where`` and ``place_of`` are inverse for lines and items."""
        row = callrules.ScoreRow("A", "R", "fit", Decimal(1), source, number, unit)
        assert place_of(row.where) == (source, number, unit)

    def test_a_recorded_item_place_replays(self, tmp_path: Path) -> None:
        """A selection whose scores come from a JSON list records their items and replays
        the same."""
        rows = [json.loads(json.dumps(r)) for r in _panel_scores()]
        path = tmp_path / "scores.json"
        path.write_text(json.dumps(rows), "utf-8")
        result = callrules.select(callrules.calls.load("cnrs-amsud-2026"), panel(), path,
                                  envelope=callrules.Money(6000, "EUR"), now=NOW)
        record = json.loads(json.dumps(callrules.selection_record(result)))
        assert {s["unit"] for s in record["inputs"]["scores"]} == {"item"}
        assert callrules.replay_selection(record).same
        record["inputs"]["scores"][0]["unit"] = "page"
        with pytest.raises(callrules.InputError, match="malformed"):
            callrules.replay_selection(record)

    def test_the_score_columns_map_each_to_itself(self) -> None:
        """The mapping given to the applications' reader: the four columns, others None."""
        assert (len(_ONLY_SCORES), dict(_ONLY_SCORES), _ONLY_SCORES["note"]) == (
            4, {c: c for c in COLUMNS}, None)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(["4", "abc", "3,500", "3.500", "4 pts", "0,000"]), max_size=6),
       st.lists(st.integers(-3, 9), max_size=6), st.booleans())
def test_by_scale_keeps_every_line_whatever_the_places(scores: list[str], places: list[int],
                                                       placed: bool) -> None:
    """Law: for any sheet and any places of its problems among its rows (a public field,
    a caller's edit of a sheet keeps it: a place past the last row, before the first), the
    lines in are the lines out of :func:`by_scale`, every problem and row kept, in order."""
    read = scores_from([{"application": "A1", "reviewer": "R1", "criterion": "fit",
                         "score": score} for score in scores])
    given = ScoreSheet(read.rows, read.problems, tuple(
        (places + [0] * 9)[:len(read.problems)]) if placed else ())
    out = by_scale(given, selection_rules(callrules.calls.load("cnrs-amsud-2026")))
    assert sorted(r.line for r in (*out.rows, *out.problems)) == sorted(
        r.line for r in (*given.rows, *given.problems)), (given, out)


def _panel_scores() -> list[dict[str, str]]:
    """The worked panel's score lines, their four columns."""
    with (PANEL / "scores.csv").open(encoding="utf-8", newline="") as handle:
        return [{k: row[k] for k in ("application", "reviewer", "criterion", "score")}
                for row in csv.DictReader(handle)]


def _cased(name: str, flips: list[bool]) -> str:
    """``name`` with the case of each letter flipped where ``flips`` says."""
    return "".join(c.swapcase() if flip else c for c, flip in zip(name, flips + [False] * 9,
                                                                   strict=False))


class TestColumnNamesInAnyCase:
    @settings(max_examples=40)
    @given(lines_of_scores, st.sampled_from(FORMATS),
           st.lists(st.lists(st.booleans(), min_size=11, max_size=11), min_size=4,
                    max_size=4), st.sampled_from(["", " ", "\ufeff"]))
    def test_a_header_in_another_case_reads_every_score(
            self, lines: list[Line], kind: str, flips: list[list[bool]], around: str) -> None:
        """Law: the four columns (CSV) or keys (JSON) named in any case, with blanks or a
        byte-order mark around them (``Application,Reviewer,Criterion,Score``, as people
        head a spreadsheet), give the same scores as written in lower case (before: every
        line "The application is missing", nothing ranked)."""
        names = {c: around + _cased(c, f) + (" " if around == " " else "")
                 for c, f in zip(COLUMNS, flips, strict=True)}
        with tempfile.TemporaryDirectory() as folder:
            plain, cased = Path(folder) / f"a{suffix(kind)}", Path(folder) / f"b{suffix(kind)}"
            texts = as_text(lines, kind)
            if kind == "csv":
                head = ",".join(COLUMNS) + ",comment\n"
                plain.write_text(head + "\n".join(texts) + "\n", "utf-8")
                cased.write_text(",".join(names[c] for c in COLUMNS) + ",Comment\n"
                                 + "\n".join(texts) + "\n", "utf-8")
            else:
                rows = [json.loads(t) for t in texts]
                renamed = [{names.get(k, k): v for k, v in row.items()} for row in rows]
                for path, data in ((plain, rows), (cased, renamed)):
                    if kind == "jsonl":
                        text = "\n".join(json.dumps(r, ensure_ascii=False) for r in data)
                    else:
                        text = json.dumps(data, ensure_ascii=False,
                                          indent=None if kind == "json1" else 1)
                    path.write_text(text + "\n", "utf-8")
            want = callrules.read_scores(plain)
            got = callrules.read_scores(cased)
        assert got.problems == () and want.problems == ()
        assert [(r.application, r.reviewer, r.criterion, r.value, r.line) for r in got.rows] == \
            [(r.application, r.reviewer, r.criterion, r.value, r.line) for r in want.rows]

    def test_a_column_named_twice_in_two_cases_is_refused(self, tmp_path: Path) -> None:
        """``score`` and ``Score``: which counts cannot be told, never one silently."""
        (tmp_path / "s.csv").write_text("application,reviewer,criterion,score,Score\n"
                                        "A,R,fit,4,5\n", "utf-8")
        (tmp_path / "s.jsonl").write_text('{"application": "A", "reviewer": "R", '
                                          '"criterion": "fit", "score": 4, "Score": 5}\n',
                                          "utf-8")
        assert [p.code for p in callrules.read_scores(tmp_path / "s.csv").problems] == [
            "csv_duplicate_column"]
        assert [p.code for p in callrules.read_scores(tmp_path / "s.jsonl").problems] == [
            "score_duplicate_key"]


class TestAFileGivenTwice:
    @pytest.mark.parametrize("how", ["twice", "folder and file", "symlink", "hard link"])
    def test_is_read_once_and_said(self, tmp_path: Path, how: str) -> None:
        """Law: a scores file named twice, in a folder and by itself, or through a link,
        gives the scores of the file read once, and the second naming is said (before:
        every line a duplicate of itself, every application not ranked, 0 funded)."""
        folder = tmp_path / "scores"
        folder.mkdir()
        file = folder / "scores.csv"
        file.write_bytes((PANEL / "scores.csv").read_bytes())
        other = {"twice": file, "folder and file": file, "symlink": tmp_path / "link.csv",
                 "hard link": tmp_path / "hard.csv"}[how]
        if how == "symlink":
            other.symlink_to(file)
        elif how == "hard link":
            other.hardlink_to(file)
        first = folder if how == "folder and file" else file
        said: list[tuple[Path, str]] = []
        once = callrules.read_scores(file)
        sheet = callrules.read_scores(first, other, skipped=lambda f, why: said.append((f, why)))
        assert (sheet.rows, sheet.problems) == (once.rows, once.problems)
        assert said == [(other, "again")]
        call = callrules.calls.load("cnrs-amsud-2026")
        both = callrules.select(call, panel(), sheet, envelope=callrules.Money(6000, "EUR"),
                                now=NOW)
        alone = callrules.select(call, panel(), once, envelope=callrules.Money(6000, "EUR"),
                                 now=NOW)
        assert both.outcome() == alone.outcome()

    def test_the_command_line_says_it_in_the_readers_words(self, tmp_path: Path) -> None:
        """As ``check`` says a file given twice."""
        from tests.test_cli import run
        scores = str(PANEL / "scores.csv")
        done = run("select", "cnrs-amsud-2026", str(PANEL / "applications.jsonl"),
                   "--scores", scores, "--scores", scores, "--envelope", "6000", "--at",
                   "2026-06-15T10:00:00+02:00", "--lang", "fr")
        assert "n’est pas relu" in done.stderr and "1. AMSUD-2026-0101" in done.stdout


class TestUnusedLinesAreListedInOrder:
    def test_line_8_comes_before_line_10(self) -> None:
        """The lines a reason names are in the order of their files and numbers (before,
        as text: "line 10, line 11, line 8")."""
        reason = callrules.Reason("unscored_problem", {"where": (
            "b.csv:2", "a.csv:10", "a.csv:8", "a.csv:11", "a.csv:9")})
        assert callrules.reason_text(reason, "en") == (
            "Not ranked: a score given for it could not be used (a.csv, line 8, a.csv, line 9, "
            "a.csv, line 10, a.csv, line 11, and b.csv, line 2).")


class TestADamagedLineNamingItsApplication:
    @settings(max_examples=15)
    @given(st.integers(0, 31), st.integers(1, 30))
    def test_leaves_that_application_not_ranked(self, index: int, cut: int) -> None:
        """Law: a JSON Lines score line cut short after its application's id (a file cut,
        a line edited by hand) leaves that application not ranked, saying which line,
        as a readable line that cannot be used does (before: ranked on its other scores,
        13 → 12.50, first to second)."""
        rows = _panel_scores()
        texts = [json.dumps(r) for r in rows]
        id_end = texts[index].index(rows[index]["application"]) + len(
            rows[index]["application"]) + 1
        texts[index] = texts[index][:max(id_end, len(texts[index]) - cut)]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "scores.jsonl"
            path.write_text("\n".join(texts) + "\n", "utf-8")
            result = callrules.select(callrules.calls.load("cnrs-amsud-2026"), panel(), path,
                                      envelope=callrules.Money(6000, "EUR"), now=NOW)
        entry = result.entry(rows[index]["application"])
        assert entry.decision in (callrules.Decision.UNSCORED, callrules.Decision.NOT_ELIGIBLE)
        if entry.decision == callrules.Decision.UNSCORED:
            assert f"{path}:{index + 1}" in entry.reasons[0].ctx["where"]


class TestAColumnNamedOtherwise:
    @pytest.mark.parametrize("header", ["Candidature;Évaluateur;Critère;Note",
                                        "app,rev,crit,note", "application,reviewer,score"])
    def test_is_said_once_for_what_it_is_never_an_empty_cell_line_after_line(
            self, tmp_path: Path, header: str) -> None:
        """A header naming a column otherwise (in French, abbreviated, left out): each line
        says that no line of the file gives that column and names the columns a score file
        has (before: "The application is missing" / « La colonne application est vide » on
        every full cell)."""
        sep = ";" if ";" in header else ","
        cells = ["A", "R", "fit", "4"][:len(header.split(sep))]
        path = tmp_path / "s.csv"
        path.write_text(header + "\n" + "\n".join(sep.join(cells) for _ in range(3)) + "\n",
                        "utf-8")
        problems = callrules.read_scores(path).problems
        assert [(p.line, p.code) for p in problems] == [(n, "score_no_column")
                                                        for n in (2, 3, 4)]
        said = callrules.problem_text(problems[0], "fr")
        assert "Aucune ligne de ce fichier ne donne la colonne" in said
        # each a quoted literal, never an English word in a French sentence
        assert "«\u202fapplication\u202f», «\u202freviewer\u202f», «\u202fcriterion\u202f» et " \
               "«\u202fscore\u202f»" in said, said


def test_a_sheet_added_to_itself_uses_each_line_once() -> None:
    """From Python, ``sheet + sheet``: each line once, none a duplicate of itself (before:
    "R1 already scored fit … see scores.csv, line 2" on line 2, every application not
    ranked)."""
    sheet = callrules.read_scores(PANEL / "scores.csv")
    call = callrules.calls.load("cnrs-amsud-2026")
    once = callrules.select(call, panel(), sheet, envelope=callrules.Money(6000, "EUR"),
                            now=NOW)
    twice = callrules.select(call, panel(), sheet + sheet,
                             envelope=callrules.Money(6000, "EUR"), now=NOW)
    assert twice.outcome() == once.outcome()
    assert [p.where for p in twice.problems] == [p.where for p in once.problems]
