"""After damage, records are known by the shape most of them share, not by the first element."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given
from hypothesis import strategies as st

from tests.laws import settings
from tests.test_nothing_lost import (
    EXAMPLE,
    STRUCTURE,
    damage_bytes,
    problem,
    read_bytes,
    read_in_place,
    value,
)

#: What the first element may be, the records after it whole applications: an export's
#: header, a record with a key before its own, one whose first key is misspelt or left out.
FIRSTS = ("header", "leading_key", "misspelt_first_key", "first_key_left_out")
names = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters='"\\'),
                min_size=1, max_size=12)


def first_element(kind: str, name: str, record: dict[str, Any]) -> dict[str, Any]:
    """The first element of ``kind``, ``name`` the key it brings."""
    if kind == "header":
        return {name: "2026-06-01", "count": 5, "by": "portal"}
    if kind == "leading_key":
        return {name: "https://example.org/application.json", **record}
    rest = {key: item for key, item in record.items() if key != "id"}
    return {name: record["id"], **rest} if kind == "misspelt_first_key" else rest


def layout(elements: list[bytes], array: bool, indent: int | None) -> bytes:
    """The elements as a JSON array, or one after the other as ``jq`` writes them."""
    if array:
        return b"[\n" + (b",\n" if indent is not None else b",").join(elements) + b"\n]\n"
    return b"\n".join(elements) + b"\n"


def read_with_one_problem(data: bytes, meant: list[dict[str, Any]], damaged: int,
                          tmp_path_factory: pytest.TempPathFactory, stdin: bool) -> None:
    """``data`` reads as one result per element, each with its own label, every element
    but the damaged one exactly as meant, the damaged one a problem."""
    out = read_in_place(data, meant, {damaged}, tmp_path_factory, stdin)
    assert problem(out[damaged]) is not None, out[damaged]


def is_valid_json(text: bytes) -> bool:
    """Whether ``text`` is still one JSON value (a damage that left it valid is no damage)."""
    try:
        json.loads(text)
    except ValueError:
        return False
    return True

class TestFirstElementOfAnotherShape:
    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(first=st.sampled_from(FIRSTS), name=names, count=st.integers(2, 5),
           damaged=st.integers(1, 2), damage=st.tuples(
               st.sampled_from(("lost", "cut")), st.floats(0.05, 0.999), st.sampled_from(STRUCTURE),
               st.integers(1, 8)),
           array=st.booleans(), indent=st.sampled_from((None, 2)), stdin=st.booleans())
    @example(first="header", name="0", count=2, damaged=2,
             damage=("lost", 0.6937286000253113, 123, 1), array=True, indent=2, stdin=False)
    @example(first="header", name="0", count=2, damaged=2,
             damage=("lost", 0.975439455265317, 123, 1), array=True, indent=2, stdin=False)
    # (the last record lost an inner brace: the whole one before it is no inner object of it)
    def test_a_damaged_record_after_a_first_element_of_another_shape_is_one_problem(
            self, tmp_path_factory: pytest.TempPathFactory, first: str, name: str, count: int,
            damaged: int, damage: tuple[str, float, int, int], array: bool,
            indent: int | None, stdin: bool) -> None:
        """Applications in a JSON array or one after the other, after a first element of
        another shape (any object before them, a record with a key before its own, or whose
        first key is misspelt or left out): a record damaged anywhere past its first bytes (a
        byte lost, a few cut) is one problem, and every other element
        reads back exactly with its own label."""
        assume(name not in EXAMPLE and name not in ("count", "by"))
        # (a brace added in the last record after a header may lose it: a known limit,
        # docs/reference/inputs.md, "Damaged JSON")
        indent = indent if array else 2  # (one a line on standard input: JSON Lines)
        records = [{**EXAMPLE, "id": f"A-{n}"} for n in range(count + 1)]
        meant: list[dict[str, Any]] = [first_element(first, name, records[0]), *records[1:]]
        elements = [json.dumps(item, ensure_ascii=False, indent=indent).encode()
                    for item in meant]
        damaged = min(damaged, count)
        kind, place, byte, length = damage
        elements[damaged] = b"{" + damage_bytes(elements[damaged][1:-1], kind, place, byte,
                                                length) + b"}"
        assume(not is_valid_json(elements[damaged]))  # the damage left valid JSON
        read_with_one_problem(layout(elements, array, indent), meant, damaged,
                              tmp_path_factory, stdin)



#: The kinds of records a batch may hold besides applications: a withdrawn application's
#: stub, a cancelled one starting as applications do, a draft with the first keys only.
KINDS = ("application", "withdrawn", "cancelled", "draft")


def record_of(kind: str, number: int) -> dict[str, Any]:
    """A record of ``kind``, its id numbered ``number``."""
    ident = f"A-{number}"
    if kind == "withdrawn":
        return {"id": ident, "status": "withdrawn", "reason": f"asked by host {number}"}
    if kind == "cancelled":
        return {"id": ident, "call": EXAMPLE["call"], "status": "cancelled"}
    if kind == "draft":
        return {key: item for key, item in {**EXAMPLE, "id": ident}.items()
                if key in ("id", "call", "submitted_at", "language")}
    return {**EXAMPLE, "id": ident}


class TestRecordsOfSeveralKinds:
    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(kinds=st.lists(st.sampled_from(KINDS), min_size=3, max_size=7).filter(
               lambda kinds: len(set(kinds)) >= 2),
           header=st.booleans(), damaged=st.integers(0, 7), damage=st.tuples(
               st.sampled_from(("lost", "cut", "brace")), st.floats(0.05, 0.999),
               st.sampled_from(STRUCTURE), st.integers(1, 8)),
           array=st.booleans(), indent=st.sampled_from((None, 2)), stdin=st.booleans())
    @example(kinds=["cancelled", "withdrawn", "withdrawn", "withdrawn", "application"],
             header=True, damaged=3, damage=("brace", 0.5, 123, 1), array=True, indent=None,
             stdin=False)  # a stub that lost its brace: the whole ones before it are records
    @example(kinds=["application", "withdrawn", "application"], header=True, damaged=3,
             damage=("lost", 0.25, 123, 1), array=True, indent=2, stdin=False)  # (the last
    # record lost an inner brace, a stub before it)
    def test_a_damaged_record_among_records_of_several_kinds_is_one_problem(
            self, tmp_path_factory: pytest.TempPathFactory, kinds: list[str], header: bool,
            damaged: int, damage: tuple[str, float, int, int], array: bool,
            indent: int | None, stdin: bool) -> None:
        """A batch of records of two or three kinds in any order (applications, stubs of
        withdrawn or cancelled ones, drafts), an export's header first or not, in a JSON
        array or one after the other: any element damaged past its first bytes (a byte lost,
        a few cut) or that lost its opening brace, the header too, is one problem, and every
        other reads back exactly with its own label."""
        indent = indent if array else 2  # (one a line on standard input: JSON Lines)
        meant: list[dict[str, Any]] = [
            *([{"exported": "2026-06-01", "count": len(kinds)}] if header else []),
            *(record_of(kind, number) for number, kind in enumerate(kinds))]
        elements = [json.dumps(item, ensure_ascii=False, indent=indent).encode()
                    for item in meant]
        damaged = min(damaged, len(meant) - 1)
        kind, place, byte, length = damage
        unseen = damaged + 1 < len(meant) and not any(
            set(item) == set(meant[damaged + 1]) for item in meant[:damaged])
        assume(not unseen or (kind != "brace" and (indent is not None or damaged > 0)))
        # (a record of a kind not read before right after one that lost its opening brace,
        # or after the first element, compact: a known limit, docs/reference/inputs.md)
        at = min(int((len(elements[damaged]) - 2) * place), len(elements[damaged]) - 3)
        assume(indent is not None or kind == "brace" or damaged + 1 >= len(meant) or set(
            meant[damaged + 1]) == set(meant[damaged]) or not set(b"]}") & set(
                elements[damaged][1 + at:1 + at + (1 if kind == "lost" else length)]))
        # (compact, a closing bracket lost before a record of another kind: the same limit)
        assume(not (header and kind == "cut" and damaged + 1 == len(meant)))
        # (after an export's header, the last record with a piece cut out: it may give two or
        # three results, none lost, a known limit found by CI, docs/reference/inputs.md)
        elements[damaged] = elements[damaged][1:] if kind == "brace" else b"{" + damage_bytes(
            elements[damaged][1:-1], kind, place, byte, length) + b"}"
        assume(not is_valid_json(elements[damaged]))  # the damage left valid JSON
        read_with_one_problem(layout(elements, array, indent), meant, damaged,
                              tmp_path_factory, stdin)


class TestInnerObjectsWithTheRecordsFirstKeys:
    @settings(max_examples=100, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(count=st.integers(3, 5), holder=st.integers(0, 4), items=st.integers(2, 12),
           keys=st.integers(3, 5), prefix=st.booleans(), damaged=st.integers(0, 4),
           damage=st.tuples(st.sampled_from(("lost", "cut")), st.floats(0.0, 0.999),
                            st.sampled_from(STRUCTURE), st.integers(1, 4)),
           quote=st.booleans(), array=st.booleans(), indent=st.sampled_from((None, 0, 2)),
           stdin=st.booleans())
    @example(count=3, holder=0, items=5, keys=5, prefix=True, damaged=0,
             damage=("lost", 0.75, 123, 1), quote=False, array=True, indent=None, stdin=False)
    @example(count=3, holder=0, items=3, keys=5, prefix=True, damaged=0,
             damage=("lost", 0.984375, 123, 1), quote=False, array=True, indent=None,
             stdin=False)
    # (the items holding an object, the first record damaged in one, or after them)
    @example(count=3, holder=0, items=2, keys=3, prefix=True, damaged=0,
             damage=("lost", 0.962890625, 123, 1), quote=False, array=True, indent=2,
             stdin=False)  # an item that lost its brace, its keys the records' first: its
    # keys indented deeper than the record's, no record
    def test_no_inner_object_of_a_damaged_record_is_read_as_a_record(
            self, tmp_path_factory: pytest.TempPathFactory, count: int, holder: int,
            items: int, keys: int, prefix: bool, damaged: int,
            damage: tuple[str, float, int, int], quote: bool, array: bool,
            indent: int | None, stdin: bool) -> None:
        """Applications one of which holds a list of earlier ones with only some of the
        records' keys (their first three to five, or as many taken further on): one record
        damaged (a quote lost in it, in the list or not, or a byte lost, a few cut) is one
        problem in place, every other record reads back exactly, and no inner object is
        read as a record."""
        indent = indent if array else 2  # (one a line on standard input: JSON Lines)
        holder, damaged = min(holder, count - 1), min(damaged, count - 1)
        names = list(EXAMPLE)[:keys] if prefix else list(EXAMPLE)[:keys + 2:2]
        meant = [{**EXAMPLE, "id": f"A-{n}"} for n in range(count)]
        meant[holder]["answers"] = {"earlier": [
            {name: f"P-{n}" if name == "id" else EXAMPLE[name] for name in names}
            for n in range(items)]}
        elements = [json.dumps(item, ensure_ascii=False, indent=indent).encode()
                    for item in meant]
        inner = elements[damaged][1:-1]
        kind, place, byte, length = damage
        if quote:  # a quote lost: the records' own or one of an inner object's
            quotes = [at for at, mark in enumerate(inner) if mark == ord('"')]
            at = quotes[min(int(len(quotes) * place), len(quotes) - 1)]
            inner = inner[:at] + inner[at + 1:]
        else:
            inner = damage_bytes(inner, kind, place, byte, length)
        elements[damaged] = b"{" + inner + b"}"
        assume(not is_valid_json(elements[damaged]))  # the damage left valid JSON
        out = read_in_place(layout(elements, array, indent), meant, {damaged},
                            tmp_path_factory, stdin)
        assert problem(out[damaged]) is not None, out[damaged]


class TestRecordOfAnotherKindAfterALostEnd:
    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(kinds=st.lists(st.sampled_from(KINDS), min_size=1, max_size=6),
           damaged=st.integers(0, 6), after=st.sampled_from(KINDS[1:]),
           indent=st.sampled_from((2, 4, "\t")), line_end=st.booleans(),
           stdin=st.booleans())
    def test_a_stub_after_an_application_that_lost_its_last_brace_is_its_own_result(
            self, tmp_path_factory: pytest.TempPathFactory, kinds: list[str], damaged: int,
            after: str, indent: int | str, line_end: bool, stdin: bool) -> None:
        """Records one after the other pretty-printed as ``jq .`` writes them, of several
        kinds (applications, withdrawn or cancelled stubs, drafts): an application that lost
        its closing brace (its line end kept or not), followed by a short record of another
        kind, is one problem, and that record and every other read back exactly, each with
        its own label."""
        damaged = min(damaged, len(kinds) - 1)
        kinds = [*kinds[:damaged], "application", after, *kinds[damaged + 1:]]
        meant = [record_of(kind, number) for number, kind in enumerate(kinds)]
        elements = [json.dumps(item, ensure_ascii=False, indent=indent).encode()
                    for item in meant]
        elements[damaged] = elements[damaged][:-1].rstrip() + (b"\n" if line_end else b"")
        read_with_one_problem(layout(elements, False, indent), meant, damaged,
                              tmp_path_factory, stdin)


class TestRecordCutAfterAnInnerObjectKeyedLikeARecord:
    @settings(max_examples=100, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(count=st.integers(2, 5), cut=st.integers(0, 4),
           where=st.sampled_from(("budget", "visitors")), keys=st.integers(3, 5),
           array=st.booleans(), indent=st.sampled_from((None, 2)), stdin=st.booleans())
    @example(count=4, cut=1, where="budget", keys=3, array=False, indent=None,
             stdin=False)  # (5 results for 4: the inner object taken for a record joined)
    def test_the_cut_record_is_one_problem_in_its_place(
            self, tmp_path_factory: pytest.TempPathFactory, count: int, cut: int,
            where: str, keys: int, array: bool, indent: int | None, stdin: bool) -> None:
        """Law: a record whose last value is an object keyed as records are (the records'
        first three to five keys: a budget, or a visitor in a list), cut right after that
        object (its closing brackets lost), is one problem in its place and every other
        record reads back exactly, in an array or one after the other, compact or pretty,
        from a file or standard input. Before, a compact line so cut gave two results: the
        cut record's start, and the inner object read as a record joined after a cut."""
        cut = min(cut, count - 1)
        meant = [{**EXAMPLE, "id": f"A-{n}"} for n in range(count)]
        inner = {name: f"P-{cut}" if name == "id" else EXAMPLE[name]
                 for name in list(EXAMPLE)[:keys]}
        record = {key: item for key, item in meant[cut].items() if key != where}
        record[where] = [{**inner, "note": "x"}] if where == "visitors" else {
            **inner, "lines": []}
        meant[cut] = record
        elements = [json.dumps(item, ensure_ascii=False, indent=indent).encode()
                    for item in meant]
        text = elements[cut].rstrip()[:-1].rstrip()  # (the record's ``}``)
        elements[cut] = text[:-1].rstrip() if where == "visitors" else text  # (``]``)
        out = read_bytes(layout(elements, array, indent), tmp_path_factory, stdin, "json")
        assert [None if n == cut else value(item) for n, item in enumerate(out)] == [
            None if n == cut else app for n, app in enumerate(meant)], [
            item.source for item in out]  # (labels: JSON Lines' on standard input)
        assert problem(out[cut]) is not None, out[cut]
