"""Batches: every record yields one result, in order; streaming in constant memory; sources."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import callrules
from tests.conftest import EXAMPLES, eligible_dict


def host_app(ident: str, email: str, at: str) -> dict[str, Any]:
    """The eligible example with its own id, host (and submitter) e-mail and instant."""
    data = eligible_dict()
    data["id"], data["submitted_at"] = ident, at
    data["host"]["person"]["email"] = data["submitter"]["email"] = email
    return data


class TestStreaming:
    def test_results_come_one_by_one_and_the_batch_rule_at_the_end(
            self, call: callrules.Call) -> None:
        """A later record submitted earlier makes the first one a duplicate, after the fact."""
        late = host_app("late", "a@cnrs.fr", "2026-05-30T10:00:00+02:00")
        early = host_app("early", "A@CNRS.FR", "2026-05-20T10:00:00+02:00")
        stream = callrules.evaluate_stream(call, iter([late, early]))
        first = next(stream)
        assert first.report is not None and first.report.unchecked == ("one-per-host",)
        assert [item.index for item in stream] == [1]
        ((index, finding),) = stream.corrections()
        assert index == 0 and finding.ctx["first"] == "early"

    def test_the_first_is_the_earliest_even_when_it_comes_last(
            self, call: callrules.Call) -> None:
        """Three submissions out of order: both later ones name the earliest."""
        apps = [host_app("c", "x@cnrs.fr", "2026-05-30T10:00:00+02:00"),
                host_app("b", "x@cnrs.fr", "2026-05-25T10:00:00+02:00"),
                host_app("a", "x@cnrs.fr", "2026-05-20T10:00:00+02:00")]
        result = callrules.evaluate_many(call, apps)
        firsts = [f.ctx["first"] for r in result.reports for f in r.errors]
        assert firsts == ["a", "a"] and result[2].report is not None
        assert result[2].report.eligible and result[2].report.unchecked == ()

    def test_a_stream_is_lazy(self, call: callrules.Call) -> None:
        """Records are read only as results are asked for."""
        seen: list[int] = []

        def source() -> Iterator[dict[str, Any]]:
            for number in range(1000):
                seen.append(number)
                yield host_app(f"n{number}", f"h{number}@cnrs.fr",
                               "2026-05-20T10:00:00+02:00")

        stream = callrules.evaluate_stream(call, source())
        next(stream)
        next(stream)
        assert len(seen) == 2

    @given(st.lists(st.one_of(st.just("good"), st.just("bad-json"), st.just("bad-field"),
                              st.just("not-object")), max_size=12))
    def test_every_record_yields_exactly_one_result_in_order(self, kinds: list[str]) -> None:
        """Malformed records sprinkled in a batch are reported in place; nothing is lost."""
        call = callrules.calls.load("cnrs-amsud-2026")
        records: list[Any] = []
        for number, kind in enumerate(kinds):
            if kind == "good":
                records.append(host_app(f"g{number}", f"h{number}@cnrs.fr",
                                        "2026-05-20T10:00:00+02:00"))
            elif kind == "bad-json":
                records.append("{oops")
            elif kind == "bad-field":
                records.append({**eligible_dict(), "language": "xx"})
            else:
                records.append([1, 2])
        result = callrules.evaluate_many(call, records)
        assert [item.index for item in result] == list(range(len(kinds)))
        assert [item.ok for item in result] == [k == "good" for k in kinds]


class TestSources:
    def test_a_folder_of_json_and_json_lines_files(self, tmp_path: Path) -> None:
        """Files are read in name order; each record is labelled with file and line."""
        good = json.dumps(eligible_dict())
        (tmp_path / "a.json").write_text(good, "utf-8")
        (tmp_path / "b.jsonl").write_text(good + "\n\n{broken\n", "utf-8")
        (tmp_path / "notes.txt").write_text("ignored", "utf-8")
        sources = [r.source for r in callrules.records(tmp_path)]
        assert sources == [str(tmp_path / "a.json"), f"{tmp_path / 'b.jsonl'}:1",
                           f"{tmp_path / 'b.jsonl'}:3"]

    def test_a_csv_row_is_an_application_with_columns_named_by_path(
            self, call: callrules.Call) -> None:
        """Dotted column names (with list positions) build the nested application."""
        data = eligible_dict()
        flat: dict[str, str] = {}

        def walk(value: Any, prefix: str) -> None:
            if isinstance(value, dict):
                for key, item in value.items():
                    walk(item, f"{prefix}{key}.")
            elif isinstance(value, list) and not (value and isinstance(value[0], str)):
                for number, item in enumerate(value):
                    walk(item, f"{prefix}{number}.")
            elif isinstance(value, list):
                flat[prefix[:-1]] = "; ".join(value)
            else:
                flat[prefix[:-1]] = str(value)

        walk(data, "")
        text = io.StringIO()
        text.write(",".join(f'"{k}"' for k in flat) + "\n")
        text.write(",".join(f'"{v}"' for v in flat.values()) + "\n")
        (record,) = callrules.records_from_csv(io.StringIO(text.getvalue()))
        report = callrules.evaluate(call, record.data)
        assert report.eligible, report.render()

    def test_a_mapping_renames_a_portals_columns(self) -> None:
        """Columns named by a portal map onto field paths; unmapped columns can be dropped."""
        text = "Dossier,Langue,Commentaire\nA-1,fr,à revoir\n"
        (record,) = callrules.records_from_csv(
            io.StringIO(text), mapping={"Dossier": "id", "Langue": "language",
                                        "Commentaire": None})
        assert record.data == {"id": "A-1", "language": "fr"}

    def test_a_bad_column_is_an_input_error_for_that_row(self, call: callrules.Call) -> None:
        """A column that is not a field path fails its row, not the batch."""
        text = "id,visitors.x.id\nA,v1\n"
        result = callrules.evaluate_many(call, callrules.records_from_csv(io.StringIO(text)))
        (item,) = result
        assert item.error is not None and item.source == "<csv>:2"

    def test_examples_folder_checks_as_one_batch(self, call: callrules.Call) -> None:
        """The examples folder is a batch of two sharing a host."""
        result = callrules.evaluate_many(call, callrules.records(EXAMPLES))
        assert [i.report.eligible for i in result if i.report] == [True, False]


class TestSpillingToDisk:
    def test_past_the_memory_bound_the_batch_rule_decides_the_same(
            self, call: callrules.Call, monkeypatch: Any) -> None:
        """With keys kept on disk after 3 hosts, the duplicates and firsts are the same."""
        from callrules import _evaluate

        apps = [host_app(f"a{n}", f"h{n % 5}@cnrs.fr",
                         f"2026-05-{20 + (7 * n) % 9:02d}T10:00:00+02:00") for n in range(14)]
        expected = callrules.evaluate_many(call, apps)
        monkeypatch.setattr(_evaluate._Unique, "SPILL_AT", 3)
        spilled = callrules.evaluate_many(call, apps)
        assert [i.report.to_dict() for i in spilled if i.report] == [
            i.report.to_dict() for i in expected if i.report]
        assert sum(1 for i in spilled if i.report and not i.report.eligible) == 9
