"""A call author's message about a milestone at the calendar's edge says it in the library's
words (never Python's "date value out of range", never a chain "not a date or time: start:
…"), and the line in the reader's language points at no English line it would not read."""

from __future__ import annotations

from pathlib import Path

import pytest

import callrules
from callrules._i18n import translate
from tests.conftest import ROOT
from tests.test_i18n import catalog


def _call(tmp_path: Path, opening: str, deadline: str | None = None) -> Path:
    text = (ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml").read_text(
        encoding="utf-8")
    lines, section = [], ""
    for line in text.splitlines():
        section = line if line.startswith("[") else section
        if section == "[timeline]" and line.startswith("opening = "):
            line = f"opening = {opening}"
        if section == "[timeline]" and deadline is not None and line.startswith("deadline = "):
            line = f"deadline = {deadline}"
        lines.append(line)
    path = tmp_path / "edge.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("opening", "deadline", "said"), [
    ("0001-01-01T00:00:00", None, "too close to the edge of the calendar"),
    ("2026-01-01", '"9999-12"', "9999-12 is too close to the edge of the calendar"),
])
def test_a_milestone_at_the_calendar_s_edge_is_said_in_the_library_s_words(
        tmp_path: Path, opening: str, deadline: str | None, said: str) -> None:
    """No Python message, no chain of prefixes."""
    with pytest.raises(callrules.DefinitionError) as caught:
        callrules.Call.from_file(_call(tmp_path, opening, deadline))
    text = str(caught.value)
    assert said in text, text
    assert "date value out of range" not in text and "start:" not in text, text


@pytest.mark.parametrize("lang", ["fr", "es", "pt"])
def test_the_reader_s_line_does_not_point_at_an_english_line(lang: str) -> None:
    """fr/es/pt: "this part is not accepted" without "the line above says where and why"
    (the three messages that said so, and those written since: a list or a table where one
    value goes, pln78)."""
    pointers = [m.id for m in catalog(lang) if isinstance(m.id, str) and (
        "line above says where" in m.id or "line above says which" in m.id
        or "the line above, for" in m.id)]
    assert len(pointers) >= 3
    for message in pointers:
        text = translate(message, lang)
        assert not any(w in text for w in ("ci-dessus", "de arriba", "acima")), text


#: A call with no vocabulary of budget line categories and a plan of one line.
_PLAN_CALL = """format = 1
id = "plan-cat"
version = "1"
languages = ["en", "fr"]
timezone = "Europe/Paris"
currency = "EUR"
[title]
en = "Plan"
fr = "Plan"
[timeline]
deadline = 2026-06-01T17:00:00
[[clauses]]
id = "cap"
title = { en = "Cap", fr = "Plafond" }
text = { en = "Cap.", fr = "Plafond." }
[[rules]]
clause = "cap"
check = { op = "total", path = "budget.lines", of = "amount", max = { param = "cap" } }
[parameters]
cap = { amount = "1000.00", currency = "EUR" }
[labels.parameters]
cap = { en = "Cap", fr = "Plafond" }
[plan]
cap = { param = "cap" }
clause = "cap"
trim = ["%s"]
[[plan.lines]]
id = "one"
category = "%s"
amount = { amount = "10.00", currency = "EUR" }
label = { en = "One", fr = "Une" }
"""


@pytest.mark.parametrize(("category", "refused"), [("indirect_costs", True),
                                                   ("transport", False)])
def test_a_plan_category_no_label_names_is_refused_when_the_call_loads(
        tmp_path: Path, category: str, refused: bool) -> None:
    """A plan line's category that neither the library nor a vocabulary of the call labels
    (``indirect_costs``) is refused at load, as a field with no label is: a French or
    Spanish plan would show it as its identifier; a library category loads."""
    path = tmp_path / "plan.toml"
    path.write_text(_PLAN_CALL % (category, category), encoding="utf-8")
    if not refused:
        callrules.Call.from_file(path)
        return
    with pytest.raises(callrules.DefinitionError) as caught:
        callrules.Call.from_file(path)
    assert caught.value.loc[-1] == "category" and "no label" in str(caught.value)
