"""A file open in Python given as a batch gives its records, as ``callrules.records`` reads
the same file by its name or as standard input: never a line a record."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

import callrules
from callrules import BatchItem, evaluate_many, evaluate_stream
from tests.conftest import EXAMPLES
from tests.laws import settings
from tests.test_nothing_lost import as_dict, serialise

NOW = callrules.parse_instant("2026-06-02T09:00:00+02:00")
CALL = callrules.calls.load("cnrs-amsud-2026")
LAYOUTS = ("jsonl", "array", "compact", "pretty", "csv")
SUFFIXES = {"jsonl": ".jsonl", "array": ".json", "compact": ".json", "pretty": ".json",
            "csv": ".csv"}
notes = st.text(st.characters(exclude_categories=("Cs",)), max_size=8)


def outcome(items: Any) -> list[tuple[Any, ...]]:
    """What a person is told of each item: its place, its report, its problems."""
    return [(item.index, item.source, item.report,
             None if item.error is None else item.error.problems) for item in items]


def relabelled(items: Any, old: str, new: str) -> list[tuple[Any, ...]]:
    return [(index, None if source is None else source.replace(old, new, 1), report,
             problems) for index, source, report, problems in outcome(items)]


class TestOpenFiles:
    @settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(layout=st.sampled_from(LAYOUTS), binary=st.booleans(), named=st.booleans(),
           apps=st.lists(st.tuples(notes, notes), min_size=1, max_size=5))
    def test_an_open_file_gives_the_records_records_reads(
            self, tmp_path: Path, layout: str, binary: bool, named: bool,
            apps: list[tuple[str, str]]) -> None:
        """Any layout (JSON Lines, an array, pretty-printed objects, CSV), open as text or
        as bytes, with a suffix or none: ``evaluate_many(open(path))`` equals
        ``evaluate_many(records(path))``, each record labelled alike, one result each."""
        head, body, tail = serialise(layout, [as_dict(n, note, name)
                                              for n, (note, name) in enumerate(apps)])
        path = tmp_path / ("batch" + (SUFFIXES[layout] if named else ""))
        path.write_bytes(head + b"".join(body) + tail)
        expected = evaluate_many(CALL, callrules.records(path), now=NOW, progress=False)
        with path.open("rb" if binary else "r", encoding=None if binary else "utf-8") as f:
            got = evaluate_many(CALL, f, now=NOW, progress=False)
        assert len(got) == len(apps)
        assert outcome(got) == outcome(expected)
        with path.open("rb" if binary else "r", encoding=None if binary else "utf-8") as f:
            read = list(callrules.records(f))  # records() itself, given the open file
        assert read == list(callrules.records(path))
        with path.open("rb") as f:  # (a stream: the same records, batch rules after)
            streamed = list(evaluate_stream(CALL, f, now=NOW, progress=False))
        assert [(i.index, i.source) for i in streamed] == [e[:2] for e in outcome(expected)]

    @settings(max_examples=30)
    @given(layout=st.sampled_from(LAYOUTS), binary=st.booleans(),
           apps=st.lists(st.tuples(notes, notes), min_size=1, max_size=5))
    def test_a_stream_in_memory_gives_the_records_of_standard_input(
            self, layout: str, binary: bool, apps: list[tuple[str, str]]) -> None:
        """``io.StringIO`` or ``io.BytesIO`` (no name): the records ``records("-")`` reads
        of the same bytes, labelled ``<stream>`` where standard input's are ``<stdin>``."""
        head, body, tail = serialise(layout, [as_dict(n, note, name)
                                              for n, (note, name) in enumerate(apps)])
        data = head + b"".join(body) + tail
        expected = evaluate_many(CALL, callrules.records("-", stdin=io.BytesIO(data)),
                                 now=NOW, progress=False)
        stream = io.BytesIO(data) if binary else io.StringIO(data.decode("utf-8"))
        got = evaluate_many(CALL, stream, now=NOW, progress=False)
        assert len(got) == len(apps)
        assert outcome(got) == relabelled(expected, "<stdin>", "<stream>")
        said = "jsonl" if layout == "jsonl" else "csv" if layout == "csv" else "json"
        again = io.BytesIO(data) if binary else io.StringIO(data.decode("utf-8"))
        assert [r.data for r in callrules.records(again, input_format=said)] == [
            r.data for r in callrules.records("-", stdin=io.BytesIO(data), input_format=said)]

    def test_a_pretty_printed_application_is_one_record(self) -> None:
        """The example application, pretty-printed over 52 lines: one result, its report."""
        path = EXAMPLES / "eligible.json"
        with path.open() as f:
            got = evaluate_many(CALL, f, now=NOW, progress=False)
        assert [(item.source, item.ok) for item in got] == [(str(path), True)]
        assert got[0].report == evaluate_many(CALL, [json.loads(path.read_text())], now=NOW,
                                              progress=False)[0].report

    def test_a_closed_file_is_one_problem(self, tmp_path: Path) -> None:
        """A file already closed is one record that cannot be read, not a traceback."""
        path = tmp_path / "batch.jsonl"
        path.write_text('{"id": "A"}\n')
        with path.open() as f:
            pass
        (item,) = evaluate_many(CALL, f, now=NOW, progress=False)
        assert isinstance(item, BatchItem) and item.error is not None
        assert [p.type for p in item.error.problems] == ["unreadable"]

    @pytest.mark.parametrize("mode", ["w", "wb"])
    def test_a_file_open_for_writing_is_refused_in_words(self, tmp_path: Path,
                                                         mode: str) -> None:
        """A file open for writing only is one record that cannot be read, typed."""
        with (tmp_path / "out.json").open(mode) as f:
            (item,) = evaluate_many(CALL, f, now=NOW, progress=False)
        assert item.error is not None
        assert [p.type for p in item.error.problems] == ["unreadable"]
