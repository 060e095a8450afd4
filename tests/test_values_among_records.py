"""Values that are no record (numbers, nulls, strings, empty objects and lists) among the
records of a JSON array, and a record damaged beside them: one result each, in place."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given
from hypothesis import strategies as st

from tests.laws import settings
from tests.test_nothing_lost import BYTE_DAMAGE, EXAMPLE, STRUCTURE, damage_bytes, read_bytes, value

#: Elements that are no record, as exports leave them for deleted entries.
FILLERS = (0, 1, None, True, "", "x", {}, [])


def elements(kinds: list[int | None], indent: int | None) -> tuple[list[bytes], list[Any]]:
    """The elements' bytes and values: a record for None, else the filler numbered."""
    meant: list[Any] = [{**EXAMPLE, "id": f"R{n}"} if kind is None else FILLERS[kind]
                        for n, kind in enumerate(kinds)]
    return [json.dumps(item, ensure_ascii=False, indent=indent).encode()
            for item in meant], meant


layouts = st.lists(st.one_of(st.none(), st.integers(0, len(FILLERS) - 1)), min_size=2,
                   max_size=8)


class TestValuesAmongRecords:
    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(kinds=layouts, which=st.integers(0, 7), indent=st.sampled_from((None, 2)),
           stdin=st.booleans())
    @example(kinds=[2, 2, None, None], which=0, indent=2, stdin=False)  # "[null, null," first:
    # an array's values, not a CSV header of two names in brackets
    def test_a_record_that_lost_its_brace_among_values_is_one_problem_in_place(
            self, tmp_path_factory: pytest.TempPathFactory, kinds: list[int | None],
            which: int, indent: int | None, stdin: bool) -> None:
        """A record that lost its opening brace, after or before numbers, nulls, strings,
        empty objects or lists, among other records, is one problem in its place; every
        other element reads back as written, with its own label."""
        records = [n for n, kind in enumerate(kinds) if kind is None]
        assume(len(records) >= 2)  # (one record alone, after a string: nothing tells a key
        # of its from the rest of a record cut after its first value)
        lost = records[which % len(records)]
        parts, meant = elements(kinds, indent)
        parts[lost] = parts[lost].replace(b"{", b"", 1)
        data = b"[" + b", ".join(parts) + b"]\n"
        out = read_bytes(data, tmp_path_factory, stdin, "json")
        assert len(out) == len(meant), [item.source for item in out]
        for number, (item, written) in enumerate(zip(out, meant, strict=True)):
            assert item.source.endswith(f"[{number}]"), item.source
            if number != lost:
                assert value(item) == written, (number, item)

    @settings(max_examples=300, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(kinds=layouts, damage=st.lists(st.tuples(
               st.integers(0, 7), st.sampled_from(BYTE_DAMAGE), st.floats(0, 0.999),
               st.sampled_from(STRUCTURE), st.integers(1, 8)), min_size=1, max_size=3),
           indent=st.sampled_from((None, 2)), stdin=st.booleans())
    def test_any_damage_among_values_gives_results_never_an_exception(
            self, tmp_path_factory: pytest.TempPathFactory, kinds: list[int | None],
            damage: list[tuple[int, str, float, int, int]], indent: int | None,
            stdin: bool) -> None:
        """Records and values that are no record mixed, damaged anywhere (bytes lost,
        added, changed or cut), read as results: the reader of damaged JSON raises nothing
        (K0: a value that is no record before one that lost its brace killed the batch).
        """
        parts, _ = elements(kinds, indent)
        for number, kind, place, byte, length in damage:
            parts[number % len(parts)] = damage_bytes(parts[number % len(parts)], kind, place,
                                                      byte, length)
        data = b"[" + b", ".join(parts) + b"]\n"
        out = read_bytes(data, tmp_path_factory, stdin, "json")
        assert all(item.source for item in out)
