"""The sheet for people (``--csv-dialect excel-fr``) says each finding's message in a cell of
its own, as a sentence: the words the text report writes under the finding's place, in
every language, never the words as they stand after a colon (« this information is
required… » where the text says « This information is required… », att84)."""

from __future__ import annotations

import copy
import json
import tomllib
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

import callrules
from callrules._tables import people_rows
from tests.conftest import EXAMPLES, ROOT, eligible_dict
from tests.laws import settings

LANGS = ("en", "fr", "es", "pt")
NOW = callrules.parse_instant("2026-05-30T12:00:00+02:00")


def _asking_answers() -> callrules.Call:
    """The bundled call with rules on answers an application may leave out: a missing answer
    is said « This information is required and was not given », a message that leads with
    its field after a colon and stands alone in its own cell."""
    data = tomllib.loads((ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8"))
    data["rules"] += [
        {"clause": "opening", "check": {"op": "compare", "path": "answers.previous_award",
                                        "cmp": "!=", "to": True}},
        {"clause": "opening", "check": {"op": "in", "path": "answers.stage",
                                        "set": ["postdoc", "phd"]}}]
    return callrules.Call.from_dict(data)


CALL = _asking_answers()
_INELIGIBLE: dict[str, Any] = json.loads((EXAMPLES / "ineligible.json").read_text("utf-8"))
_ANSWERS = st.fixed_dictionaries({}, optional={
    "previous_award": st.sampled_from([True, False]),
    "stage": st.sampled_from(["postdoc", "phd", "master"])})


@settings(max_examples=30, deadline=None)
@given(st.booleans(), _ANSWERS, st.sampled_from(LANGS))
@example(False, {}, "en")  # (att84: « this information is required… » in the sheet)
@example(True, {"stage": "master"}, "fr")
def test_each_message_of_the_sheet_is_the_text_report_s_sentence(
        ineligible: bool, answers: dict[str, Any], lang: str) -> None:
    """Law: every message cell of an application's rows is a line the text report writes
    for that application: a sentence of its own, its capital where the report has it."""
    app = copy.deepcopy(_INELIGIBLE) if ineligible else eligible_dict()
    app.pop("call", None)
    app["answers"] = answers
    (item,) = callrules.evaluate_many(CALL, [app], now=NOW, progress=False)
    assert item.report is not None
    said = {line.strip() for line in item.report.render(lang).splitlines()}
    messages = [row[7] for row in people_rows(item, lang) if row[7] != ""]
    assert len(messages) == len(item.report.findings)
    for message in messages:
        assert message in said, (message, said)
