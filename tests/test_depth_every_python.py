"""How deeply nested JSON is refused, and in which words, is the library's on every Python.

Python's own JSON reader gives up at a depth of its version's (994 levels on 3.11, fewer from
deep in a call stack; 1,497 on 3.12; 9,998 on 3.13): when the library let it decide, a text
nested 995 to 9,998 levels was "valid JSON, but nested too deep" on 3.13 and "nested too
deep" on 3.11, and a decision record nested 300 levels was "altered" where the limit the
library states is 200 (att87). These laws state the refusal by the depth alone (the limit,
200 levels; the levels JSON is read to, ``READ_LEVELS``): run on each Python, they hold on
each, so every Python says the same.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

import callrules
from callrules._cli import main
from callrules._json_numbers import NESTED_LEVELS
from callrules._json_scan import READ_LEVELS
from callrules._messages import INPUT_CODES
from tests.laws import settings

EXAMPLE = json.loads((Path(__file__).parent.parent / "examples" / "eligible.json").read_text(
    "utf-8"))
CALL = "cnrs-amsud-2026"
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
#: Depths either side of the limit, of ``READ_LEVELS``, and of each Python's own depth.
DEPTHS = (150, 199, 200, 201, 498, 499, 500, 993, 994, 995, 1_496, 1_497, 1_498, 9_997,
          9_998, 9_999, 20_000)


def _deep(depth: int, broken: bool) -> str:
    """An application whose key ``x`` holds ``depth`` lists one in another (its object one
    level more), or the same with a bracket too many after them (broken after the depth)."""
    return json.dumps({**EXAMPLE, "x": "@N@"}).replace(
        '"@N@"', "[" * depth + "]" * (depth + broken))


def _said(depth: int, broken: bool) -> str | None:
    """The refusal stated by the depth alone: None (read: no ``json_invalid`` problem),
    ``""`` ("not valid JSON"), ``json_too_deep`` (valid JSON past the limit) or ``too_deep``
    (past the levels JSON is read to, its validity untold)."""
    if depth + 1 > READ_LEVELS:
        return "too_deep"
    if broken:
        return ""
    return None if depth <= NESTED_LEVELS else "json_too_deep"


def _refusals(text: str, whole_only: bool) -> set[str]:
    """The templates of the ``json_invalid`` problems of ``text`` read every way (given whole
    to ``evaluate``, as a JSON Lines line, in an array), ``""`` for "not valid JSON"."""
    found: list[callrules.InputProblem] = []
    call = callrules.calls.load(CALL)
    try:
        callrules.evaluate(call, text)
    except callrules.InputError as error:
        found += error.problems
    for body in () if whole_only else (text + "\n", f"[{text}]"):
        for item in callrules.records(io.StringIO(body)):
            try:
                callrules.evaluate(call, item.data)
            except callrules.InputError as error:
                found += error.problems
    return {(p.ctx or {}).get("template", "") for p in found if p.type == "json_invalid"}


@settings(max_examples=40, deadline=None)
@given(depth=st.one_of(st.sampled_from(DEPTHS), st.integers(150, 20_000)),
       broken=st.booleans())
@example(depth=995, broken=False)
@example(depth=1_200, broken=False)
@example(depth=600, broken=True)
def test_a_depth_is_refused_in_the_same_words_on_every_python(depth: int, broken: bool
                                                              ) -> None:
    """Law: an application nested d levels is read up to 200; past them it is refused as
    valid JSON nested more than 200 levels deep (``json_too_deep``) up to ``READ_LEVELS``,
    and past that as nested more than 200 levels deep (``too_deep``), whole or broken after
    the depth, given whole, as a JSON Lines line and in an array: by the depth alone, never
    by the depth the running Python's reader goes to (before: ``json_too_deep`` on 3.13
    where 3.11 said ``too_deep``, from 995 to 9,998 levels)."""
    said = _said(depth, broken)
    refusals = _refusals(_deep(depth, broken), whole_only=broken)
    assert refusals == (set() if said is None else {said}), (depth, broken, refusals)


def _record_nested(depth: int) -> str:
    """A decision record (one JSON Lines line) whose application's ``x`` holds ``depth``
    lists one in another (an edit: its digest no longer matches)."""
    record = callrules.decision_record(callrules.calls.load(CALL), EXAMPLE, now=NOW)
    record["input"]["x"] = "@N@"
    return json.dumps(record, default=str).replace('"@N@"', "[" * depth + "]" * depth) + "\n"


@settings(max_examples=20, deadline=None)
@given(depth=st.one_of(st.sampled_from(DEPTHS), st.integers(150, 20_000)))
@example(depth=300)
@example(depth=1_200)
def test_a_record_nested_past_the_limit_is_refused_as_such_on_every_python(
        tmp_path_factory: Any, depth: int) -> None:
    """Law: ``replay`` refuses a record whose application nests more than 200 levels with
    the depth's words (``too_deep``), whatever the depth and the Python; one nested less,
    edited, is "altered" (before: "altered" up to the depth the running Python's reader goes
    to, 994 levels on 3.11, 9,998 on 3.13: the limit it states was not the one applied)."""
    file = tmp_path_factory.mktemp("r") / "records.jsonl"
    file.write_text(_record_nested(depth), "utf-8")
    out, err = io.StringIO(), io.StringIO()
    main(["--lang", "en", "replay", str(file), "--format", "jsonl"], out=out, err=err)
    [told] = [json.loads(line) for line in out.getvalue().splitlines()]
    deep = depth > NESTED_LEVELS  # (levels below the application's object)
    assert told["outcome"] == "not_replayed"
    assert told["said"] == [INPUT_CODES["too_deep" if deep else "record_input_altered"]
                            % {"levels": str(NESTED_LEVELS)}], (depth, told)
    # (its code: the reader's, json_invalid, past the levels JSON is read to)
    assert told["codes"] == (["bad_record", "record_input_altered"] if not deep else ["too_deep"]
                             if depth + 2 <= READ_LEVELS else ["json_invalid"]), (depth, told)
