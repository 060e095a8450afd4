"""A worker (``callrules check CALL - --input-format jsonl --format jsonl``) answers each
line before the next one is read: a damaged line too, first or in the middle, at once."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules._messages import UNREAD_JSON
from tests.laws import settings

_EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
#: Damaged lines a platform may write (cut, not JSON, a key lost, a bracket too many…).
DAMAGED = [b'{"id": "cut', b"not json", b'{"id":1,', b'{"a":1}}', b"\x1b[31m{}",
           b'{"id": "x", "call": 5', b"{", b"}", b"]", b"["]


class _Pipe:
    """A standard input fed a line at a time, as a platform writes to its worker: each
    read past a line whose answer has not come yet is noted (where a real pipe blocks)."""

    def __init__(self, lines: list[bytes]) -> None:
        self.lines = [line + b"\n" for line in lines]
        self.given = self.answered = 0
        self.waited: list[int] = []  # the lines read past before they were answered
        self.rest = b""

    def readline(self, size: int = -1) -> bytes:
        if not self.rest:
            if self.answered < self.given and self.given not in self.waited:
                self.waited.append(self.given)
            if self.given == len(self.lines):
                return b""
            self.rest = self.lines[self.given]
            self.given += 1
        size = len(self.rest) if size is None or size < 0 else size
        piece, self.rest = self.rest[:size], self.rest[size:]
        return piece


def _answers(lines: list[bytes]) -> tuple[list[int], list[str]]:
    pipe = _Pipe(lines)
    labels = []
    for record in callrules.records("-", stdin=pipe, input_format="jsonl"):
        pipe.answered += 1
        labels.append(re.sub(r"\[\d+\]$", "", record.source))  # (``[`` alone: ``:1[0]``)
    return pipe.waited, labels


@pytest.mark.parametrize("first", [True, False], ids=["first", "middle"])
@pytest.mark.parametrize("damaged", DAMAGED, ids=[repr(d)[2:-1] for d in DAMAGED])
def test_each_line_is_answered_before_the_next_is_read(damaged: bytes, first: bool) -> None:
    """Said to be JSON Lines on a pipe, every line (good or damaged) is one result,
    labelled with its line, given before the next line is read; ``{`` alone first too (a
    pretty-printed object's start, or damaged: one problem, never the lines after it read
    as a document). Before, a damaged line waited for the next, and after a damaged first
    line nothing at all was answered until the input closed (25 of 32 such inputs, with
    and without ``--input-format``)."""
    good = json.dumps(json.loads((_EXAMPLES / "eligible.json").read_text())).encode()
    other = json.dumps(json.loads((_EXAMPLES / "ineligible.json").read_text())).encode()
    lines = [damaged, good, other] if first else [good, damaged, other, good]
    waited, labels = _answers(lines)
    assert labels == [f"<stdin>:{n}" for n in range(1, len(lines) + 1)]
    assert waited == []


@pytest.mark.parametrize("lines", [
    [b"{", b'{"a":1}}', b'{"id":1,', b"{"], [b"{", b"]", b"\x1b[31m{}", b'{"id":1},'],
    [b"[", b'  {"id": 1},', b'  {"id": 2}', b"]"], [b"{", b'  "id": 1', b"}"]],
    ids=["braces", "bracket", "array", "pretty"])
def test_no_line_is_joined_to_another(lines: list[bytes]) -> None:
    """Damaged lines after a first ``{`` or ``[`` (look61k: a line lost in 7 of 150
    random mixes, read into a pretty-printed document), and JSON of another layout
    written over lines: each line one result, answered before the next is read."""
    waited, labels = _answers(lines)
    assert labels == [f"<stdin>:{n}" for n in range(1, len(lines) + 1)]
    assert waited == []


#: Texts as an application holds them (accents, quotes, brackets, colons and commas too).
_TEXTS = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=8)
_SCALARS = st.none() | st.booleans() | st.integers(-10**6, 10**6) | _TEXTS


def _nested(inner: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """Objects (an empty one too) and lists whose elements are no empty list or object: an
    element ``{}`` or ``[]`` alone on its line is a whole value, read as one."""
    element = inner.filter(lambda value: value not in ({}, []))
    return st.dictionaries(_TEXTS, inner, max_size=3) | st.lists(element, min_size=1,
                                                                  max_size=3)


_RECORDS = st.dictionaries(_TEXTS, st.recursive(_SCALARS, _nested, max_leaves=8),
                           min_size=1, max_size=4)


#: The new words in the four languages, as a reader of each sees them.
_WORDS = {callrules.InputProblem((), "json_invalid", "", ctx={
    "template": "json_record_over_lines"}).message(lang) for lang in ("en", "fr", "es", "pt")}


@settings(max_examples=60, deadline=None)
@given(batch=st.lists(st.tuples(_RECORDS, st.sampled_from((None, 1, 2, 4, "\t")),
                                st.booleans()), min_size=1, max_size=4))
def test_each_line_of_a_pretty_record_says_why_it_is_not_read(
        batch: list[tuple[dict[str, object], int | str | None, bool]]) -> None:
    """Pretty-printed records (``json.dumps(indent=…)``, ``jq .``) among one-line ones on a
    worker's pipe: every line of a pretty one is one result saying it is part of a record
    written over several lines, a pipe read as JSON Lines taking each line as a record, and
    what to do (look62k: each said only "not valid JSON", with the JSON reader's English
    detail, "EOF while parsing an object at line 1 column 1" for a fourth line); each
    one-line record is read as written, and no line waits for the next."""
    lines: list[bytes] = []
    meant: list[dict[str, object] | None] = []  # (None: a line of a pretty record)
    for record, indent, ascii_only in batch:
        text = json.dumps(record, indent=indent, ensure_ascii=ascii_only)
        lines += [line.encode() for line in text.split("\n")]
        meant += [record] if indent is None else [None] * (text.count("\n") + 1)
    pipe = _Pipe(lines)
    results = []
    for item in callrules.records("-", stdin=pipe, input_format="jsonl"):
        pipe.answered += 1
        results.append(item)
    assert pipe.waited == []
    assert [re.sub(r"\[0\]$", "", item.source) for item in results] == [  # (``[``: ``:3[0]``)
        f"<stdin>:{n}" for n in range(1, len(lines) + 1)]
    for item, record in zip(results, meant, strict=True):
        if record is not None:
            assert isinstance(item.data, str) and json.loads(item.data) == record, item
            continue
        assert isinstance(item.data, callrules.InputError), item
        [found] = item.data.problems
        assert (found.ctx or {}).get("template") == "json_record_over_lines", item
        assert found.msg == UNREAD_JSON["json_record_over_lines"]
        assert {found.message(lang) for lang in ("en", "fr", "es", "pt")} == _WORDS
    assert len(_WORDS) == 4  # (each language its own words, none fallen back to English)
