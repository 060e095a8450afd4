"""``case_insensitive`` folds the case of text, and nothing else: a number or a yes/no answer
is never equal to a text, with it or without it."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules._keys import text_key
from tests.conftest import eligible_dict
from tests.laws import settings
from tests.test_definitions import minimal_call

_TEXTS = st.sampled_from(["1", "0", "true", "TRUE", "True", "false", "a", "A", "É", "é", ""])
_ANSWERS = st.one_of(st.integers(-2, 2), st.booleans(), _TEXTS)


def _equal_folded(x: Any, y: Any) -> bool:
    """What the rule must say: texts by their keys without case, other values by type and
    value (``True`` is not ``1``). A blank answer (``""``) is no answer (session 44): the
    field left blank fails as missing, and a blank answer on the right holds as a missing
    one does (a requirement on nothing)."""
    if x == "":
        return False
    if y == "":
        return True
    if isinstance(x, str) and isinstance(y, str):
        return text_key(x, True) == text_key(y, True)
    return type(x) is type(y) and bool(x == y)


_BY_PATH = callrules.Call.from_dict(minimal_call({
    "op": "compare", "path": "answers.x", "cmp": "==", "to": {"path": "answers.y"},
    "case_insensitive": True}))


def _eligible(call: callrules.Call, answers: dict[str, Any]) -> bool:
    app = eligible_dict()
    app["answers"] = answers
    return callrules.evaluate(call, json.dumps(app)).eligible


class TestCaseInsensitiveFoldsTextOnly:
    @settings(max_examples=60, deadline=None)
    @given(x=_ANSWERS, y=_ANSWERS)
    def test_an_answer_equals_another_only_as_text_or_as_the_same_kind(
            self, x: Any, y: Any) -> None:
        """Two answers compared without case are equal when both are texts of one key
        without case, or both the same number or yes/no; a number never equals a text."""
        assert _eligible(_BY_PATH, {"x": x, "y": y}) is _equal_folded(x, y)

    @settings(max_examples=40, deadline=None)
    @given(x=_ANSWERS, literal=_ANSWERS.filter(lambda v: v != ""))
    def test_an_answer_equals_a_written_value_the_same_way(self, x: Any, literal: Any) -> None:
        """An answer compared without case with a value written in the call follows the same
        law as with another answer."""
        call = callrules.Call.from_dict(minimal_call({
            "op": "compare", "path": "answers.x", "cmp": "==", "to": literal,
            "case_insensitive": True}))
        assert _eligible(call, {"x": x}) is _equal_folded(x, literal)
