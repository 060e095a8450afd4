"""An input problem in JSON: ``msg`` the problem in English, the very words ``message`` gives
an English reader (pydantic's ``msg``, one language whatever the reader's), ``message`` in the
reader's language; the two never say different things."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules.exceptions import InputProblem
from tests.conftest import ROOT
from tests.laws import settings
from tests.test_cli import run

LANGS = ("en", "fr", "es", "pt")

#: Ways to break the bundled example: each gives at least one input problem.
BREAKS: dict[str, Any] = {
    "instant with a space": lambda d: d.update(submitted_at="2026-06-01 12:00:00+00:00"),
    "instant in hours": lambda d: d.update(submitted_at="2026-06-01T12:00:00+00"),
    "instant digits": lambda d: d.update(submitted_at="2026-06-01T12:00:00.1234567+00:00"),
    "language code": lambda d: d.update(language="xx"),
    "amount as a number": lambda d: d["budget"]["lines"][0].update(
        amount={"amount": 3.5, "currency": "EUR"}),
    "currency": lambda d: d["budget"]["lines"][0].update(
        amount={"amount": "3.5", "currency": "EURO"}),
    "unknown field": lambda d: d.update(extra_field=1),
    "date": lambda d: d["visitors"][0]["stay"].update(arrival="2026-13-01"),
    "missing": lambda d: d.pop("host"),
    "id": lambda d: d.update(id=5),
}


def _broken(name: str) -> dict[str, Any]:
    data = json.loads((ROOT / "examples" / "ineligible.json").read_text("utf-8"))
    data = copy.deepcopy(data)
    BREAKS[name](data)
    return data


class TestMsgIsTheEnglishMessage:
    @settings(max_examples=40, deadline=None)
    @given(name=st.sampled_from(sorted(BREAKS)), lang=st.sampled_from(LANGS))
    def test_each_problem_s_msg_is_its_english_message(self, name: str, lang: str) -> None:
        """Any way of breaking a record, any language: each problem's ``msg`` is what
        ``message`` says in English, and its ``message`` what the reader's language says
        (English: the same text)."""
        call = callrules.calls.load("cnrs-amsud-2026")
        item = callrules.evaluate_many(call, [_broken(name)]).items[0]
        assert item.error is not None
        for problem, said in zip(item.error.problems, item.to_dict(lang)["input_error"],
                                 strict=True):
            assert said["msg"] == problem.message("en")
            assert said["message"] == problem.message(lang)
            if lang == "en":
                assert said["msg"] == said["message"]

    def test_an_instant_written_with_a_space_says_so_in_msg_too(self) -> None:
        """Before: ``msg`` said what an instant is in general, ``message`` that this one has a
        space for the T; both say the latter now, on the command line too."""
        call = callrules.calls.load("cnrs-amsud-2026")
        item = callrules.evaluate_many(call, [_broken("instant with a space")]).items[0]
        said = item.to_dict("fr")["input_error"][0]
        assert "with a space" in said["msg"] and "par une espace" in said["message"]

    def test_the_command_line_s_json_says_the_same(self) -> None:
        """``check --format json --lang fr``: ``msg`` the English message, ``message`` French."""
        out = json.loads(run("check", "cnrs-amsud-2026", "-", "--format", "json", "--lang",
                             "fr", stdin=json.dumps(_broken("instant with a space"))).stdout)
        problem = out[0]["input_error"][0]
        assert problem["msg"] == InputProblem(
            tuple(problem["loc"]), problem["type"], "x", "2026-06-01 12:00:00+00:00",
            problem.get("ctx")).message("en")
        assert problem["message"] != problem["msg"]
