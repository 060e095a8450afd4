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
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import callrules
from callrules._cli import main
from callrules._json_numbers import NESTED_LEVELS
from callrules._json_scan import READ_LEVELS
from callrules._messages import INPUT_CODES
from callrules.serve import create_app
from tests.laws import settings
from tests.live_server import serving

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


#: How records stand one after another: on one line (a space, or glued ``}{``), or each on
#: its own.
_BETWEEN = (" ", "", "\n")


def _joined(depth: int, count: int, deep_at: int, between: list[str], broken: bool = False
            ) -> bytes:
    """``count`` applications (ids ``AMSUD-2026-0001``…, hosts apart) as JSON Lines, the one
    at ``deep_at`` nested ``depth`` levels (as :func:`_deep`; ``broken``: a comma too many
    at its innermost, its brackets balanced), ``between[i]`` after the i-th."""
    texts = []
    for number in range(count):
        email = f"host{number}@ipgp.fr"
        one = {**EXAMPLE, "id": f"AMSUD-2026-{number + 1:04d}", "host": {
            **EXAMPLE["host"], "person": {**EXAMPLE["host"]["person"], "email": email}},
            "submitter": {**EXAMPLE["submitter"], "email": email}}
        texts.append(json.dumps(one) if number != deep_at else json.dumps(
            {**one, "x": "@N@"}).replace('"@N@"', "[" * depth + "1," * broken + "]" * depth))
    return "".join(text + gap for text, gap in zip(texts, [*between, "\n"], strict=True)
                   ).encode("utf-8")


def _results(lines: list[dict[str, Any]]) -> list[str | None]:
    """Each record's result of ``callrules check --format jsonl`` (or the service's lines),
    in order: its application's id when it is eligible, the template of its ``json_invalid``
    problem when it is refused so, else None."""
    told: list[str | None] = []
    for line in lines:
        if "correction" in line or "summary" in line or "index" not in line:
            continue
        problems = line.get("input_error") or []
        told.append(line["application"] if line.get("eligible") else next(
            (p["ctx"].get("template", "") for p in problems if p["type"] == "json_invalid"),
            None))
    return told


@pytest.fixture(scope="module")
def service() -> Iterator[str]:
    with serving(create_app()) as base:
        yield base


@settings(max_examples=25, deadline=None)
@given(depth=st.sampled_from((300, 501, 994, 1_200, 3_000, 20_000)),
       data=st.data())
@example(depth=1_200, data=None)
def test_a_record_nested_too_deep_loses_none_of_its_neighbours(
        tmp_path_factory: Any, service: str, depth: int, data: Any) -> None:
    """Law (N in, N out): 1 to 4 applications joined on a line (a space, or ``}{``) or each
    on its own, one nested ``depth`` levels: each gives one result, by file, by standard input
    and by the service; the deep one refused by its depth (:func:`_said`: ``json_too_deep``
    or ``too_deep``), the others eligible as alone. Before, on 3.11, the reading of a line
    stopped at a value nested past Python's own reader (994 levels): the records after it
    on its line were lost, said nowhere (4 in, 3 out). Past the levels JSON is read to, the
    deep one may be broken inside (its validity untold): the same, on every Python."""
    broken = False
    if data is None:  # (look78s's: the deep one first, a record after it on its line)
        count, deep_at, between = 4, 1, ["\n", " ", "\n"]
    else:
        broken = depth + 1 > READ_LEVELS and data.draw(st.booleans())
        count = data.draw(st.integers(1, 4))
        deep_at = data.draw(st.integers(0, count - 1))
        between = data.draw(st.lists(st.sampled_from(_BETWEEN), min_size=count - 1,
                                     max_size=count - 1))
    body = _joined(depth, count, deep_at, between, broken)
    expected = [_said(depth, False) if number == deep_at else f"AMSUD-2026-{number + 1:04d}"
                for number in range(count)]
    file = tmp_path_factory.mktemp("j") / "joined.jsonl"
    file.write_bytes(body)
    for given_as, stdin in ((str(file), None), ("-", io.TextIOWrapper(io.BytesIO(body)))):
        out = io.StringIO()
        main(["--lang", "en", "check", CALL, given_as, "--format", "jsonl", "--at",
              NOW.isoformat()], out=out, err=io.StringIO(), stdin=stdin)
        told = _results([json.loads(line) for line in out.getvalue().splitlines()])
        assert told == expected, (given_as, depth, broken, between, told)
    with httpx.Client(base_url=service, timeout=120) as http:
        response = http.post(f"/calls/{CALL}/check", params={"now": NOW.isoformat()},
                             content=body, headers={"Content-Type": "application/jsonl"})
    assert response.status_code == 200, response.text
    told = _results([json.loads(line) for line in response.text.splitlines()])
    assert told == expected, ("service", depth, between, told)


@settings(max_examples=10, deadline=None)
@given(depth=st.sampled_from((300, 501, 994, 1_200, 3_000, 20_000)),
       before=st.sampled_from(("note:", "2026-06-01T10:00:00Z", "data:")))
@example(depth=1_200, before="note:")
def test_text_before_a_record_nested_deep_is_said_at_every_depth(depth: int, before: str
                                                                 ) -> None:
    """Law: a record nested ``depth`` levels, text written before it on its JSON Lines line,
    is said to be written after that text (``json_text_before``, quoting it), at every depth
    as at 300 levels. Before, on 3.11, from 994 levels on (where Python's reader gives up)
    it was "This is not valid JSON." for a valid record."""
    body = f"{before} {_deep(depth, False)}\n"
    templates = []
    for item in callrules.records(io.StringIO(body)):
        try:
            callrules.evaluate(callrules.calls.load(CALL), item.data)
        except callrules.InputError as error:
            templates += [((p.ctx or {}).get("template", ""), (p.ctx or {}).get("text"))
                          for p in error.problems if p.type == "json_invalid"]
    assert templates == [("json_text_before", before)], (depth, templates)
