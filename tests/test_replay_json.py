"""``callrules replay --format json`` and ``jsonl``: each record's outcome for a program.

A program reading what ``callrules replay`` printed had only the text for people to parse
(session 55: ``Replay.verdict_changed`` was in the library alone). Each record is now an
object of one documented shape (docs/how-to/record-and-replay.md): codes for programs
(``outcome``, ``verdict_changed``, ``codes``, ``changes``), words for people in the
reader's language (``said``, ``notes``), a record not replayed among the others, in the
file's order, the exit status the text's (rpl76).
"""

from __future__ import annotations

import copy
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules._cli import main
from tests.conftest import eligible_dict
from tests.helpers import Flushed, code_tokens
from tests.laws import settings
from tests.test_replay_work import hosts_call_data

NOW = datetime(2026, 3, 1, tzinfo=UTC)
#: Every part of an object, in its order (the documented shape).
SHAPE = ["schema_version", "line", "rank", "index", "kind", "id", "outcome",
         "verdict_changed", "changes", "codes", "said", "notes"]
#: What a code is: a slug, never words.
CODE = re.compile(r"[a-z][a-z0-9_]*")


def _call_data(rules: list[tuple[str, str]]) -> dict[str, Any]:
    """A call whose ``unique`` rules on the host's e-mail are ``rules`` (clause, severity),
    as JSON reads it (as the command line reads it from a file)."""
    loaded: dict[str, Any] = json.loads(json.dumps(hosts_call_data(rules), default=str))
    return loaded


def _replayed(tmp: Path, records: list[str], call: dict[str, Any], fmt: str, lang: str,
              batch: list[dict[str, Any]] | None) -> tuple[int, str, str]:
    """``callrules replay`` of the lines ``records`` against ``call`` (and ``batch``)."""
    (tmp / "records.jsonl").write_text("".join(f"{line}\n" for line in records), "utf-8")
    (tmp / "call.json").write_text(json.dumps(call, default=str), "utf-8")
    args = ["replay", str(tmp / "records.jsonl"), "--call", str(tmp / "call.json"),
            "--lang", lang, "--format", fmt]
    if batch is not None:
        (tmp / "batch.jsonl").write_text("".join(json.dumps(a) + "\n" for a in batch), "utf-8")
        args += ["--batch", str(tmp / "batch.jsonl")]
    out, err = io.StringIO(), io.StringIO()
    return main(args, out=out, err=err), out.getvalue(), err.getvalue()


class TestReplayForPrograms:
    @settings(max_examples=6, deadline=None)
    @given(hosts=st.lists(st.sampled_from("ab"), min_size=1, max_size=4),
           rules=st.lists(st.tuples(st.sampled_from(["eligibility", "other"]),
                                    st.sampled_from(["error", "warning"])), max_size=2),
           with_batch=st.booleans(), broken=st.integers(0, 4),
           lang=st.sampled_from(["en", "fr", "es", "pt"]))
    def test_each_record_an_object_of_the_shape_the_library_s_replay(
            self, tmp_path_factory: pytest.TempPathFactory, hosts: list[str],
            rules: list[tuple[str, str]], with_batch: bool, broken: int, lang: str) -> None:
        """Records of a batch (one line not JSON among them) replayed against their call
        amended in its ``unique`` rules, with or without the batch: ``jsonl`` prints an
        object a record, in order, of the documented shape; a decision's ``outcome``,
        ``verdict_changed`` and ``changes`` are the library's replay's, its ``codes`` are
        slugs, its ``said`` the words the text prints under its line (no code in them);
        the line not JSON is ``not_replayed`` with its code; ``json`` is the same objects
        in a list; the exit status is the text's."""
        tmp = tmp_path_factory.mktemp("replay")
        apps = []
        for n, host in enumerate(hosts):
            app = eligible_dict()
            app["id"], app["host"]["person"]["email"] = f"P{n}", f"{host}@x.org"
            apps.append(app)
        was = callrules.Call.from_dict(_call_data([("eligibility", "error")]))
        then = callrules.evaluate_many(was, apps, now=NOW, progress=False)
        made = [callrules.decision_record(was, app, now=NOW, report=item.report)
                for app, item in zip(apps, then, strict=True)]
        lines = [json.dumps(record) for record in made]
        broken = min(broken, len(lines))
        lines.insert(broken, "{not json")
        now = _call_data(rules)
        batch = apps if with_batch else None
        code, out, _ = _replayed(tmp, lines, copy.deepcopy(now), "jsonl", lang, batch)
        text_code, text, _ = _replayed(tmp, lines, copy.deepcopy(now), "text", lang, batch)
        assert code == text_code
        told = [json.loads(line) for line in out.splitlines()]
        assert [list(entry) for entry in told] == [SHAPE] * len(lines)
        assert [entry["line"] for entry in told] == list(range(1, len(lines) + 1))
        assert {(entry["schema_version"], entry["index"]) for entry in told} == {(1, 0)}
        call = callrules.Call.from_dict(now)
        records = iter(made)
        for number, entry in enumerate(told, start=1):
            assert all(CODE.fullmatch(each) for each in entry["codes"]), entry["codes"]
            assert code_tokens(" ".join(entry["said"] + entry["notes"])) == []
            if number == broken + 1:
                assert (entry["kind"], entry["outcome"], entry["codes"]) == (
                    None, "not_replayed", ["json_invalid"])
                continue
            record = next(records)
            replayed = callrules.replay(record, call, batch=batch)
            assert (entry["kind"], entry["id"], entry["outcome"], entry["verdict_changed"],
                    entry["changes"], entry["codes"], entry["said"]) == (
                "decision", record["input"]["id"], replayed.outcome,
                replayed.verdict_changed, list(replayed.changes),
                list(dict.fromkeys(key for key, _ in replayed.words)),
                list(replayed.said(lang)))
            for line in entry["said"]:  # (the text prints them under the record's line)
                assert line in text
        _, listed, _ = _replayed(tmp, lines, copy.deepcopy(now), "json", lang, batch)
        assert json.loads(listed) == told


def _made(count: int) -> list[dict[str, Any]]:
    """The decision records of ``count`` applications of a batch, each its own host."""
    was = callrules.Call.from_dict(_call_data([("eligibility", "error")]))
    apps = []
    for n in range(count):
        app = eligible_dict()
        app["id"], app["host"]["person"]["email"] = f"P{n}", f"h{n}@x.org"
        apps.append(app)
    then = callrules.evaluate_many(was, apps, now=NOW, progress=False)
    return [callrules.decision_record(was, app, now=NOW, report=item.report)
            for app, item in zip(apps, then, strict=True)]


def _told(args: list[str], tmp: Path) -> tuple[int, list[dict[str, Any]],
                                               list[dict[str, Any]]]:
    """``callrules replay ARGS`` against the call of :func:`_made` (a file in ``tmp``) in
    ``jsonl`` and in ``json``: the exit status (the same both times) and the objects printed
    each time."""
    (tmp / "call.json").write_text(json.dumps(_call_data([("eligibility", "error")]),
                                              default=str), "utf-8")
    args = [*args, "--call", str(tmp / "call.json")]
    told = []
    codes = set()
    for fmt in ("jsonl", "json"):
        out, err = io.StringIO(), io.StringIO()
        codes.add(main([*args, "--format", fmt], out=out, err=err))
        told.append([json.loads(line) for line in out.getvalue().splitlines()]
                    if fmt == "jsonl" else json.loads(out.getvalue()))
    assert len(codes) == 1, codes
    return codes.pop(), told[0], told[1]


class TestWhatIsNotReplayedForPrograms:
    @pytest.mark.parametrize(("part", "reason"), [("input", "record_input_altered"),
                                                  ("record_digest", "record_altered"),
                                                  ("verdict", "record_part_kind")])
    def test_a_record_refused_says_why_as_its_precise_code(
            self, tmp_path: Path, part: str, reason: str) -> None:
        """A record altered or malformed, among others: its object's ``codes`` hold
        ``bad_record`` and why precisely (look76r F3: every refused record said
        ``bad_record`` alone, altered told from malformed by the words alone)."""
        made = _made(2)
        damaged = copy.deepcopy(made[1])
        if part == "input":
            damaged["input"]["host"]["person"]["email"] = "other@x.org"
        elif part == "record_digest":
            damaged["record_digest"] = "sha256:" + "0" * 64
        else:
            damaged["verdict"] = "yes"
        (tmp_path / "r.jsonl").write_text(
            "".join(json.dumps(each) + "\n" for each in [made[0], damaged]), "utf-8")
        code, told, listed = _told(["replay", str(tmp_path / "r.jsonl")], tmp_path)
        assert code == 2 and told == listed
        assert [entry["outcome"] for entry in told] == ["same", "not_replayed"]
        assert told[1]["codes"] == ["bad_record", reason]

    @pytest.mark.parametrize("what", ["missing", "folder", "batch missing", "batch empty"])
    def test_a_file_that_cannot_be_read_is_one_object(self, tmp_path: Path,
                                                       what: str) -> None:
        """A file of records missing or a folder, a batch missing or holding nothing: one
        object saying so (``kind`` ``file`` or ``batch``, a code, words without a path),
        exit 2, as ``check --format json`` gives one (look76r F3: nothing was printed)."""
        (tmp_path / "r.jsonl").write_text(json.dumps(_made(1)[0]) + "\n", "utf-8")
        (tmp_path / "empty.jsonl").write_text("", "utf-8")
        (tmp_path / "folder").mkdir()
        args = {"missing": ["replay", str(tmp_path / "none.jsonl")],
                "folder": ["replay", str(tmp_path / "folder")],
                "batch missing": ["replay", str(tmp_path / "r.jsonl"), "--batch",
                                  str(tmp_path / "none.jsonl")],
                "batch empty": ["replay", str(tmp_path / "r.jsonl"), "--batch",
                                str(tmp_path / "empty.jsonl")]}[what]
        code, told, listed = _told(args, tmp_path)
        assert code == 2 and told == listed
        assert len(told) == 1 and list(told[0]) == SHAPE
        entry = told[0]
        assert (entry["kind"], entry["outcome"], entry["line"]) == (
            "batch" if what.startswith("batch") else "file", "not_replayed", None)
        assert entry["codes"] and all(CODE.fullmatch(each) for each in entry["codes"])
        assert entry["said"] and str(tmp_path) not in " ".join(entry["said"])

    def test_records_sharing_a_line_are_told_apart(self, tmp_path: Path) -> None:
        """A line holding several records (or values): each its object, told apart by its
        ``index`` on the line (look76r F3: three objects all ``line: 7``, stderr alone
        telling them apart); a line holding one, ``index`` 0."""
        made = _made(3)
        (tmp_path / "r.jsonl").write_text(
            json.dumps(made[0]) + "\n" + json.dumps(made[1]) + " " + json.dumps(made[2])
            + "\n", "utf-8")
        code, told, listed = _told(["replay", str(tmp_path / "r.jsonl")], tmp_path)
        assert code == 0 and told == listed
        assert [(entry["line"], entry["index"], entry["id"]) for entry in told] == [
            (1, 0, "P0"), (2, 0, "P1"), (2, 1, "P2")]


class TestJsonWrittenAsItGoes:
    @settings(max_examples=6, deadline=None)
    @given(count=st.integers(1, 4), broken=st.lists(st.integers(0, 4), max_size=2),
           fmt=st.sampled_from(["json", "jsonl"]))
    def test_each_object_is_written_as_its_record_is_replayed(
            self, tmp_path_factory: pytest.TempPathFactory, count: int, broken: list[int],
            fmt: str) -> None:
        """``json`` is written an object at a time, standard output flushed after each, as
        ``jsonl`` is: what a reader has after the k-th flush (a run stopped there) is the
        first k objects, whole (``json``: the array without its closing bracket), never an
        array kept whole until the last record (att85 F4: 722 MB for 400 KB of records, and
        nothing at all of a run a signal stopped); the whole output is the same objects."""
        tmp = tmp_path_factory.mktemp("flushed")
        lines = [json.dumps(record) for record in _made(count)]
        for at in broken:
            lines.insert(min(at, len(lines)), "{}")
        (tmp / "r.jsonl").write_text("".join(f"{line}\n" for line in lines), "utf-8")
        (tmp / "call.json").write_text(json.dumps(_call_data([("eligibility", "error")]),
                                                  default=str), "utf-8")
        out = Flushed()
        main(["replay", str(tmp / "r.jsonl"), "--call", str(tmp / "call.json"),
              "--format", fmt], out=out, err=io.StringIO())
        whole = (json.loads(out.getvalue()) if fmt == "json" else
                 [json.loads(line) for line in out.getvalue().splitlines()])
        assert [entry["line"] for entry in whole] == list(range(1, len(lines) + 1))
        flushed = list(dict.fromkeys(out.flushed))[:len(lines)]  # (each text once; then
        # the end: the closing bracket)
        cut = [json.loads(text + "\n]") if fmt == "json" else
               [json.loads(line) for line in text.splitlines()] for text in flushed]
        assert cut == [whole[:k] for k in range(1, len(lines) + 1)]
