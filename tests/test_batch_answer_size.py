"""What a batch's record costs to tell is proportional to what it weighs: a small record with
many problems lists a few of them and counts the others, so no batch within the limits of
its body is answered at a hundred times its size (nor held at that size in memory)."""

from __future__ import annotations

import functools
import io
import json
from datetime import datetime

from hypothesis import HealthCheck, example, given
from hypothesis import strategies as st

import callrules
from callrules.exceptions import MAX_PROBLEMS, MIN_LISTED, PROBLEM_BYTES, listed_for
from callrules.serve._app import _entry
from tests.laws import settings

AT = datetime.fromisoformat("2026-05-30T10:00:00+02:00")
#: What the answer of one record may take beyond its listed problems (its line, index,
#: source) and what one listed problem may take (pointer, code, message in words): measured
#: about 500 and 200 bytes.
ENTRY_BYTES = 1_000
PROBLEM_ANSWER_BYTES = 400

#: Records of one line each, with many problems for few bytes: lists of empty objects
#: where each object must hold several fields.
_LISTS = st.sampled_from(["visitors", "documents", "approvals"])


def record(field: str, count: int, padding: int) -> str:
    return json.dumps({field: [{}] * count, "note": "x" * padding}, separators=(",", ":"))


class TestProblemsByWeight:
    @given(st.integers(0, 10_000_000))
    def test_the_listed_problems_grow_with_the_record(self, size: int) -> None:
        """At least MIN_LISTED, one more per PROBLEM_BYTES, never more than MAX_PROBLEMS."""
        listed = listed_for(size)
        assert MIN_LISTED <= listed <= MAX_PROBLEMS
        assert listed == MAX_PROBLEMS or listed <= max(MIN_LISTED, size // PROBLEM_BYTES)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(field=_LISTS, count=st.integers(1, 200), padding=st.integers(0, 4_000))
    @example(field="visitors", count=21, padding=1_000)  # 1,087 bytes and a line end
    def test_a_records_answer_is_bounded_by_its_size_and_counts_every_problem(
            self, field: str, count: int, padding: int) -> None:
        """Any record of a batch: its answer line is at most a constant plus a multiple of
        its bytes, and the problems listed plus those counted are all the record has."""
        text = record(field, count, padding)
        size = len(text) + 1  # the line as read, its line end included
        items = list(callrules.evaluate_many(
            cnrs(), callrules.records(
                "-", stdin=io.BytesIO(text.encode() + b"\n"), input_format="jsonl"),
            now=AT, progress=False))
        assert len(items) == 1 and items[0].error is not None
        problems = items[0].error.problems
        assert len(problems) <= listed_for(size) + 1
        answer = json.dumps(_entry(items[0], "en", None), ensure_ascii=False)
        assert len(answer.encode()) <= ENTRY_BYTES + PROBLEM_ANSWER_BYTES * listed_for(size)
        try:
            cnrs().parse(text)
        except callrules.InputError as whole:
            assert _told(problems) == _told(whole.problems)
        else:
            raise AssertionError("the record was read without a problem")


def _told(problems: tuple[callrules.InputProblem, ...]) -> int:
    """The problems listed and those counted in the last one."""
    if problems and problems[-1].type == "more_problems":
        return len(problems) - 1 + int((problems[-1].ctx or {})["count"])
    return len(problems)


@functools.cache
def cnrs() -> callrules.Call:
    return callrules.Call.from_file(
        str(callrules.__file__).rsplit("/", 1)[0] + "/calls/cnrs-amsud-2026.toml")
