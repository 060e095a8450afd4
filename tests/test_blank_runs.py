"""Blank space anywhere JSON allows it changes nothing: N records in, the same N out.

Runs of spaces, tabs and line breaks (any mix, short or thousands long) before the first
record, between records, after the last and between the tokens of each record are read as
the records alone are (issue 16: four records and 62,500 spaces after them took 45.7 s; the
time and memory are measured in ``benchmarks/blank_starts.py --runs``, not here).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules._evaluate import read_json
from tests.laws import settings

#: A run of blanks: pieces of spaces, tabs and line breaks, some long.
LINE_BREAKS = (" ", "\t", "\n", "\r\n")
SAME_LINE = (" ", "\t")


def runs(blanks: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Runs of ``blanks``: spaces and tabs up to 5,000 long, line breaks up to 300 (each
    blank line costs the time of a line read, measured in the benchmark)."""
    piece = st.sampled_from(blanks).flatmap(lambda blank: st.tuples(st.just(blank), st.sampled_from(
        (1, 2, 7, 300) if "\n" in blank else (1, 2, 7, 300, 5000))))
    return st.lists(piece, max_size=4).map(lambda pieces: "".join(b * n for b, n in pieces))


records = st.lists(st.tuples(st.integers(0, 999), st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=8)),
    min_size=1, max_size=5).map(lambda drawn: [
        {"id": f"A-{number}", "note": note, "host": {"name": note, "n": number}}
        for number, note in drawn])


def laid_out(layout: str, meant: list[dict[str, Any]], around: list[str], inner: str,
             key: str) -> bytes:
    """``meant`` written in ``layout``, ``around[i]`` before record ``i`` (and the last
    after them all), ``inner`` after each comma and ``key`` after each colon inside them."""
    texts = [json.dumps(record, ensure_ascii=False, separators=("," + inner, ":" + key))
             for record in meant]
    placed = [before + record for before, record in zip(around[:-1], texts, strict=True)]
    if layout == "jsonl":
        text = "".join(record + "\n" for record in placed)
    elif layout == "array":
        text = "[" + ",".join(placed) + "]"
    else:  # objects one after the other
        text = "".join(placed) + "\n"
    return (text + around[-1]).encode()


def read(data: bytes, stdin: bool, folder: Path) -> list[Any]:
    if stdin:
        found = list(callrules.records("-", stdin=io.BytesIO(data)))
    else:
        file = folder / "batch.json"
        file.write_bytes(data)
        found = list(callrules.records(file))
    return [read_json(item.data) if isinstance(item.data, str) else item.data
            for item in found]


class TestBlankRuns:
    @settings(deadline=None, max_examples=40)
    @given(meant=records, layout=st.sampled_from(("jsonl", "array", "objects")),
           data=st.data(), stdin=st.booleans())
    def test_blanks_inserted_anywhere_leave_the_records_as_they_are(
            self, meant: list[dict[str, Any]], layout: str, data: st.DataObject,
            stdin: bool, tmp_path_factory: Any) -> None:
        """Each record read back as it was meant, in place, whatever the blanks around and
        inside the records (inside a JSON Lines record: no line break, which would cut it)."""
        inside = SAME_LINE if layout == "jsonl" else LINE_BREAKS
        around = data.draw(st.lists(runs(LINE_BREAKS), min_size=len(meant) + 1,
                                    max_size=len(meant) + 1))
        if layout == "objects":  # (objects one after the other on one line: JSON Lines'
            around[1:-1] = [run + "\n" for run in around[1:-1]]  # line, left open)
        inner, key = data.draw(runs(inside)), data.draw(runs(inside))
        found = read(laid_out(layout, meant, around, inner, key), stdin,
                     tmp_path_factory.mktemp("blank"))
        assert found == meant

    @settings(deadline=None, max_examples=20)
    @given(blank=runs(LINE_BREAKS), stdin=st.booleans())
    def test_blanks_alone_are_no_record(self, blank: str, stdin: bool,
                                        tmp_path_factory: Any) -> None:
        """Blank space alone gives no record, or one problem; never a record read."""
        found = read(blank.encode(), stdin, tmp_path_factory.mktemp("blank"))
        assert all(isinstance(item, callrules.InputError) for item in found)
        assert len(found) <= 1
