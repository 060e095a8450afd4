"""Batches on Dask give exactly what ``evaluate_many`` gives on one machine."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import dask.bag as db
import pytest
from distributed import Client, LocalCluster
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules import BatchItem, evaluate_many
from callrules.distributed import evaluate_dask
from tests.conftest import ROOT
from tests.generated import batch, json_lines
from tests.laws import settings

NOW = callrules.parse_instant("2026-06-02T09:00:00+02:00")


def assert_same(got: Sequence[BatchItem], expected: Sequence[BatchItem]) -> None:
    """Item by item: same index, same report (every finding, in order), same input problems."""
    assert len(got) == len(expected)
    for mine, theirs in zip(got, expected, strict=True):
        assert (mine.index, mine.source, mine.report) == (theirs.index, theirs.source,
                                                          theirs.report)
        if theirs.error is not None:
            assert mine.error is not None
            assert (mine.error.problems, str(mine.error)) == (theirs.error.problems,
                                                              str(theirs.error))
        assert mine.to_dict("fr") == theirs.to_dict("fr")


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      memory_limit="768MiB", dashboard_address=":0") as cluster, \
            Client(cluster) as dask_client:
        yield dask_client


class TestOnACluster:
    def test_a_generated_batch_gives_what_evaluate_many_gives(
            self, client: Client, call: callrules.Call) -> None:
        """On two worker processes, 600 records split in 7 partitions: same results."""
        records = batch(600)
        expected = evaluate_many(call, records, now=NOW)
        got = evaluate_dask(call, db.from_sequence(records, npartitions=7), now=NOW).compute()
        assert_same(got, expected)
        assert sum(f.code == "duplicate" for r in expected.reports for f in r.findings) > 50

    def test_json_lines_files_give_what_evaluate_many_gives(
            self, client: Client, tmp_path: Path) -> None:
        """An archive of JSON Lines files, read by the workers, checked by call id."""
        records = batch(300, seed=7)
        for number in range(3):
            (tmp_path / f"part-{number}.jsonl").write_text(
                json_lines(records[number * 100:(number + 1) * 100]) + "\n", "utf-8")
        lines = [line + "\n" for line in json_lines(records).splitlines()]
        expected = evaluate_many(callrules.calls.load("cnrs-amsud-2026"), lines, now=NOW)
        got = evaluate_dask("cnrs-amsud-2026", str(tmp_path / "part-*.jsonl"),
                            now=NOW).compute()
        assert_same(got, expected)


class TestTheLaw:
    @settings(max_examples=15)
    @given(n=st.integers(0, 60), seed=st.integers(0, 10_000), parts=st.integers(1, 6))
    def test_any_batch_in_any_partitions_gives_what_evaluate_many_gives(
            self, call: callrules.Call, n: int, seed: int, parts: int) -> None:
        """Whatever the batch and its partitioning, the results are those of one batch."""
        records = batch(n, seed)
        expected = evaluate_many(call, records, now=NOW)
        got = evaluate_dask(call, records, now=NOW, npartitions=parts).compute(
            scheduler="sync")
        assert_same(got, expected)

    def test_a_call_from_a_file_is_sent_by_its_path(self, tmp_path: Path) -> None:
        """A call loaded from a file outside the registry reaches the workers by its path."""
        source = (ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8")
        path = tmp_path / "copy.toml"
        path.write_text(source.replace('id = "cnrs-amsud-2026"', 'id = "copy"'), "utf-8")
        call = callrules.Call.from_file(path)
        records = [json.dumps(r) if not isinstance(r, str) else r for r in batch(40, 3)]
        got = evaluate_dask(call, records, npartitions=3).compute(scheduler="sync")
        assert_same(got, evaluate_many(call, records))

    def test_a_call_built_in_memory_cannot_be_sent(self) -> None:
        """A call with no id or file the workers could load is refused, saying why."""
        source = (ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8")
        call = callrules.Call.from_text(source)
        with pytest.raises(ValueError, match="built in memory"):
            evaluate_dask(call, [])

    def test_an_empty_collection_gives_nothing(self, call: callrules.Call) -> None:
        """No records, no results (and no error)."""
        assert evaluate_dask(call, [], now=NOW).compute(scheduler="sync") == []

    def test_a_call_without_batch_rules_needs_no_shuffle(self, tmp_path: Path) -> None:
        """Without ``unique`` rules, each partition's results stand as they are."""
        source = (ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8")
        kept = source.replace('[[rules]]\nclause = "one-per-host"\ncheck = { op = "unique", '
                              'path = "host.person.email", case_insensitive = true, '
                              'order_by = "submitted_at" }\n', "")
        assert kept != source
        path = tmp_path / "no-unique.toml"
        path.write_text(kept.replace('id = "cnrs-amsud-2026"', 'id = "no-unique"'), "utf-8")
        call = callrules.Call.from_file(path)
        records: list[Any] = batch(30, 5)
        got = evaluate_dask(call, records, npartitions=2).compute(scheduler="sync")
        assert_same(got, evaluate_many(call, records))
