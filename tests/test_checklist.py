"""The checklist is generated from the executable rules, in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import callrules
from tests.conftest import ROOT

CLAUSES_MD = ROOT.parent / "shared" / "calls" / "cnrs-amsud-2026" / "CLAUSES.md"
CALL_FILE = ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml"


class TestChecklist:
    @pytest.mark.parametrize("lang", ["fr", "en"])
    def test_every_clause_of_the_specification_appears_in_both_languages(
            self, call: callrules.Call, lang: str) -> None:
        """Each clause id of CLAUSES.md is a line of the checklist, with its title."""
        text = call.checklist(lang)
        ids = set(re.findall(r"^\| `([a-z-]+)`", CLAUSES_MD.read_text("utf-8"), re.M)) if \
            CLAUSES_MD.exists() else set(call.clauses)
        assert ids == set(call.clauses)
        for clause in call.clauses.values():
            assert f"[{clause.id}] {clause.title[lang]}" in text

    def test_parameter_values_appear(self, call: callrules.Call) -> None:
        """The cap, the stay length, the page counts and the deadline are written out."""
        text = call.checklist("fr")
        assert "3\u202f100,00\xa0€" in text and "au plus 7 (nuits)" in text
        assert "1er juin 2026, 17:00 (heure de Paris)" in text
        assert "Amérique du Sud (UN M49 005)" in text

    def test_changing_a_parameter_in_the_call_file_changes_the_checklist(
            self, tmp_path: Path) -> None:
        """The checklist cannot drift from the rules: a new cap shows at once."""
        source = CALL_FILE.read_text("utf-8").replace('amount = "3100.00"', 'amount = "4200.00"')
        changed = tmp_path / "cnrs-amsud-2026.toml"
        changed.write_text(source, "utf-8")
        text = callrules.Call.from_file(changed).checklist("en")
        assert "€4,200.00" in text and "€3,100.00" not in text

    @pytest.mark.parametrize("fmt", ["markdown", "html"])
    def test_markdown_and_html_carry_every_clause(self, call: callrules.Call, fmt: str) -> None:
        """Both formats list each clause id."""
        text = call.checklist("en", format=fmt)  # type: ignore[arg-type]
        assert all(cid in text for cid in call.clauses)
        if fmt == "html":
            assert "<h1>" in text and "<script" not in text
