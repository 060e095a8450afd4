"""A long text of the call is said whole once in an answer, however many findings name it."""

from __future__ import annotations

import json
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules._report import LONG_TEXT, TEXT_HEAD, text_head
from tests.conftest import eligible_dict
from tests.laws import settings
from tests.test_cli import run

LANGS = ("fr", "en", "es", "pt")
AT = "2026-05-30T10:00:00+02:00"


def _texts(rule: int, length: int, shared: bool) -> dict[str, str]:
    """A requirement of ``length`` characters in each language (its own for each rule, or
    one for every rule), each language told apart by its start."""
    start = "" if shared else f"r{rule} "
    return {lang: (f"{lang} {start}" + "texte exigé " * length)[:length] for lang in LANGS}


def _call_file(folder: Path, rules: int, length: int, shared: bool) -> Path:
    cnrs = callrules.calls.load("cnrs-amsud-2026")
    data: dict[str, Any] = tomllib.loads(Path(cnrs.source).read_text("utf-8"))
    kinds = data["vocabularies"]["document_kind"]["values"]
    for n in range(rules):
        kinds[f"k{n}"] = {lang: f"document {n}" for lang in LANGS}
        data["rules"].append({"clause": "documents", "check": {
            "op": "exists", "path": "documents",
            "where": {"op": "compare", "path": "kind", "cmp": "==", "to": f"k{n}"},
            "requirement": _texts(n, length, shared)}})
    path = folder / "long.json"
    path.write_text(json.dumps(data, ensure_ascii=False, default=str), "utf-8")
    return path


def _batch(folder: Path, records: int) -> Path:
    path = folder / "batch.jsonl"
    lines = []
    for n in range(records):
        data = eligible_dict()
        data["id"] = f"APP-{n}"
        data["submitter"]["email"] = data["host"]["person"]["email"] = f"host{n}@cnrs.fr"
        lines.append(json.dumps(data, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


class TestAnswers:
    @settings(max_examples=8, deadline=None)
    @given(st.integers(1, 4), st.integers(LONG_TEXT + 1, 1500), st.booleans(),
           st.integers(1, 5), st.sampled_from(["jsonl", "json", "csv"]),
           st.sampled_from(LANGS))
    def test_each_long_text_is_said_whole_once_whatever_the_records(
            self, rules: int, length: int, shared: bool, records: int, fmt: str,
            lang: str) -> None:
        """Law: in the answer of `check` (JSON Lines, JSON, CSV), each long requirement is
        given whole once (JSON: in `texts`, and in the first message naming it; CSV: in the
        first message), and every other finding naming it carries its head."""
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            call = _call_file(folder, rules, length, shared)
            batch = _batch(folder, records)
            done = run("check", str(call), str(batch), "--at", AT, "--format", fmt,
                       "--lang", lang)
        assert done.returncode == 1, done.stderr
        said = {json.dumps(_texts(n, length, shared), sort_keys=True) for n in range(rules)}
        for texts in (json.loads(t) for t in said):
            whole = texts[lang]
            named = done.stdout.count(text_head(whole)[:TEXT_HEAD // 2])
            if fmt == "csv":
                assert done.stdout.count(whole) == 1
            else:
                assert done.stdout.count(json.dumps(whole, ensure_ascii=False)[1:-1]) == 2
            # every finding of every record names it: by its head, or whole once
            assert named >= records * sum(json.dumps(_texts(n, length, shared),
                                                     sort_keys=True) == json.dumps(
                texts, sort_keys=True) for n in range(rules))
        if fmt != "csv":
            lines = [json.loads(line) for line in done.stdout.splitlines()] if fmt == "jsonl" \
                else json.loads(done.stdout)
            given = [key for line in lines for key in line.get("texts", {})]
            assert len(given) == len(set(given)) == len(said)

    def test_a_report_alone_gives_its_texts(self) -> None:
        """One application's report gives each long text it names under `texts`, by the id
        its findings carry, the same in every run."""
        with tempfile.TemporaryDirectory() as name:
            call = callrules.Call.from_file(_call_file(Path(name), 2, 900, False))
        report = callrules.evaluate(call, eligible_dict())
        answer = report.to_dict("en")
        ids = {f["ctx"]["requirement_text"] for f in answer["errors"]
               if "requirement_text" in f["ctx"]}
        assert ids == set(answer["texts"]) and len(ids) == 2
        assert report.to_dict("fr")["texts"] == answer["texts"]
        assert all(len(t) == 900 for texts in answer["texts"].values() for t in texts.values())
