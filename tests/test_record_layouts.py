"""Records read in place whatever their layout: in an envelope, each wrapped, some with a key
before their own."""

from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, assume, example, given
from hypothesis import strategies as st

import callrules
from callrules._json_values import RECORD_KEYS
from callrules.serve import create_app
from tests.laws import settings
from tests.strategies import cnrs_applications
from tests.test_csv_dialects import _Pieces
from tests.test_nothing_lost import (
    BYTE_DAMAGE,
    EXAMPLE,
    STRUCTURE,
    damage_bytes,
    problem,
    read_bytes,
    read_in_place,
    value,
)
from tests.test_records_shape import is_valid_json, layout

#: The keys an envelope names its list of records by (docs/reference/inputs.md, "Envelopes").
ENVELOPE_KEYS = ("applications", "Applications", "APPLICATIONS", "candidatures",
                 "candidaturas", "solicitudes", "postulaciones")
#: Keys an envelope gives beside its list, holding no record.
BESIDE = st.dictionaries(st.sampled_from(("count", "exported", "next", "page", "total")),
                         st.one_of(st.integers(0, 99), st.none(), st.booleans(),
                                   st.just("2026-06-01")), max_size=3)
#: What an envelope's other keys hold, before or after its list: numbers, texts (brackets in
#: them too), lists and objects, empty or nested, of numbers or of objects (people, links,
#: withdrawn applications): never records.
OTHER_VALUES = st.recursive(
    st.one_of(st.integers(0, 99), st.none(), st.booleans(),
              st.sampled_from(("2026-06-01", "]}", '"applications": [{')),
              st.builds(lambda n: {**EXAMPLE, "id": f"W-{n}"}, st.integers(0, 9))),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(
        st.sampled_from(("id", "name", "href", "next", "number")), inner, max_size=3)),
    max_leaves=6)
OTHERS = st.dictionaries(st.sampled_from(("count", "withdrawn", "_links", "page", "errors",
                                          "meta", "x", "reviewers")), OTHER_VALUES, max_size=3)
damages = st.tuples(st.sampled_from(BYTE_DAMAGE), st.floats(0.05, 0.999),
                    st.sampled_from(STRUCTURE), st.integers(1, 8))


def enveloped(key: str, before: dict[str, Any], after: dict[str, Any], elements: list[bytes],
              indent: int | None) -> bytes:
    """The elements as the list ``key`` of an envelope object, ``before`` and ``after`` it."""
    separator = b",\n" if indent is not None else b","
    head = json.dumps(before)[1:-1].encode()
    tail = json.dumps(after)[1:-1].encode()
    return (b"{" + head + (b", " if head else b"") + json.dumps(key).encode() + b": ["
            + separator.join(elements) + b"]" + (b", " if tail else b"") + tail + b"}\n")


def reads_past_itself(data: bytes, element: bytes) -> bool:
    """Whether the damaged ``element``, read from its place in ``data``, is a whole JSON
    value that ends past its own text (the brackets closing the list and the envelope
    around it taken for its own)."""
    text = data.decode("utf-8", "replace")
    at = text.index(element.decode("utf-8", "replace"))
    try:
        _, end = json.JSONDecoder().raw_decode(text, at)
    except ValueError:
        return False
    return end > at + len(element.decode("utf-8", "replace"))


def read_every_way(data: bytes, tmp_path_factory: pytest.TempPathFactory, how: str
                   ) -> list[Any]:
    """The records of ``data`` read ``how``: from standard input (told JSON Lines or not),
    or from a file of that suffix."""
    if how in ("stdin", "said jsonl"):
        return list(callrules.records("-", stdin=io.BytesIO(data),
                                      input_format="jsonl" if how == "said jsonl" else None))
    return read_bytes(data, tmp_path_factory, False, how)


class TestEnvelope:
    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(key=st.sampled_from(ENVELOPE_KEYS), before=BESIDE | OTHERS, after=BESIDE | OTHERS,
           count=st.integers(1, 6), damaged=st.lists(st.tuples(st.integers(0, 5), damages),
                                                     max_size=2),
           indent=st.sampled_from((None, 2)), stdin=st.booleans())
    def test_the_records_of_an_envelope_are_each_one_result_in_place(
            self, tmp_path_factory: pytest.TempPathFactory, key: str, before: dict[str, Any],
            after: dict[str, Any], count: int, damaged: list[tuple[int, tuple[str, float, int,
                                                                               int]]],
            indent: int | None, stdin: bool) -> None:
        """Applications in the list of an object around them (``{"count": 3,
        "applications": [...]}``, as APIs and exports write them), compact or pretty, in a
        file or on standard input: each is one result in place, labelled by its place in the
        list, and one or two damaged inside past their first bytes (a byte lost, added or
        changed, a few cut; not side by side) are each one problem, every other record as
        written."""
        indent = 2 if stdin else indent  # (on one line on standard input: a JSON Lines
        # line, a byte that is not UTF-8 in it one problem for the line, a known limit)
        where = {number % count: damage for number, damage in damaged}
        assume(all(abs(a - b) >= 2 for a in where for b in where if a != b))
        meant = [{**EXAMPLE, "id": f"A-{n}"} for n in range(count)]
        elements = [json.dumps(item, ensure_ascii=False, indent=indent).encode()
                    for item in meant]
        for number, (kind, place, byte, length) in where.items():
            elements[number] = b"{" + damage_bytes(elements[number][1:-1], kind, place, byte,
                                                    length) + b"}"
            assume(not is_valid_json(elements[number]))  # the damage left valid JSON
        data = enveloped(key, before, after, elements, indent)
        assume(not any(reads_past_itself(data, elements[number]) for number in where))
        # (a piece cut out so that the rest reads whole with the envelope's own closing
        # brackets, `}]}`: one problem more at the end, from a file as from standard input, a
        # known limit in docs/reference/inputs.md)
        out = read_in_place(data, meant, set(where), tmp_path_factory, stdin)
        for number in where:
            assert problem(out[number]) is not None, out[number]


    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(key=st.sampled_from(ENVELOPE_KEYS), before=BESIDE, after=BESIDE,
           items=st.lists(st.one_of(st.integers(0, 4).map(str), st.sampled_from(
               (1, -2.5, "x", "", None, True, False, [], [1]))), min_size=1, max_size=6),
           indent=st.sampled_from((None, 2)),
           how=st.sampled_from(("json", "stdin", "service")))
    @example(key="applications", before={"count": 3}, after={}, items=[1, "0", "1"],
             indent=None, how="service")
    def test_an_envelope_s_list_is_read_whatever_its_first_element(
            self, tmp_path_factory: pytest.TempPathFactory, key: str, before: dict[str, Any],
            after: dict[str, Any], items: list[Any], indent: int | None, how: str) -> None:
        """An envelope whose list holds values that are no applications, first or not (a
        number, a text, ``null``, ``true``, a list): each element one result in its place,
        such a value one problem, the applications beside it judged, from a file, standard
        input and the service alike (att91 F4: the first element no object, the envelope was
        read as one application: 40 in, 1 out, the service 422)."""
        meant = [{**EXAMPLE, "id": f"A-{item}"} if isinstance(item, str) and item.isdigit()
                 and len(item) == 1 else item for item in items]
        elements = [json.dumps(item, indent=indent).encode() for item in meant]
        data = enveloped(key, before, after, elements, indent)
        if how == "service":
            async def ask() -> httpx.Response:
                transport = httpx.ASGITransport(app=create_app())  # type: ignore[arg-type]
                async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                    return await client.post(
                        "/calls/cnrs-amsud-2026/check?now=2026-06-01T10:00Z",
                        headers={"Content-Type": "application/json"}, content=data)
            answer = asyncio.run(ask())
            assert answer.status_code == 200, answer.text
            lines = [json.loads(line) for line in answer.text.splitlines()]
            results = [line for line in lines if "correction" not in line]
            assert [("input_error" in line) for line in results] == [
                not isinstance(item, dict) for item in meant]
            return
        out = read_bytes(data, tmp_path_factory, how == "stdin", "json")
        assert len(out) == len(meant)
        for item, record in zip(out, meant, strict=True):
            if isinstance(record, dict):
                assert value(item) == record
            else:
                assert problem(item) is not None or not isinstance(value(item), dict)

    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(key=st.sampled_from(ENVELOPE_KEYS), past=st.lists(st.one_of(
               st.sampled_from(("AMSUD-2025-0001", "A-1", "")), st.integers(2000, 2030),
               st.none()), min_size=1, max_size=4),
           damage=st.sampled_from(("comma", "cut", "none")), stdin=st.booleans())
    @example(key="candidatures", past=["A-1", "A-2"], damage="none", stdin=False)
    def test_an_application_whose_first_key_lists_its_past_ones_is_one_record(
            self, tmp_path_factory: pytest.TempPathFactory, key: str, past: list[Any],
            damage: str, stdin: bool) -> None:
        """An application (or an object with some of its keys) whose first key, named as an
        envelope's list, holds ids or years, whole or damaged later (a comma lost, its end
        cut): one record, never split at its list's elements (look78j F2: 1 in, 3 out; an
        object without an application's required key lost its other keys)."""
        record = {key: past, **(EXAMPLE if damage != "none" else {
            "call": "cnrs-amsud-2026", "title": "x"})}
        text = json.dumps(record)
        if damage == "comma":
            text = text[:(comma := text.rindex(', "'))] + text[comma + 1:]  # (its last)
        elif damage == "cut":
            text = text[:-40]
        out = read_bytes(text.encode(), tmp_path_factory, stdin, "json")
        assert len(out) == 1, [item.data for item in out]
        if damage == "none":
            assert value(out[0]) == record
        else:
            assert problem(out[0]) is not None

    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(key=st.sampled_from(ENVELOPE_KEYS),
           pages=st.lists(st.tuples(OTHERS, OTHERS, st.integers(0, 3)), min_size=1, max_size=3),
           how=st.sampled_from(("one", "array", "sequence")),
           indent=st.sampled_from((None, 2)), stdin=st.sampled_from((None, "whole", "pieces")),
           seed=st.integers(0, 1000))
    def test_the_other_keys_of_an_envelope_are_no_records(
            self, tmp_path_factory: pytest.TempPathFactory, key: str,
            pages: list[tuple[dict[str, Any], dict[str, Any], int]], how: str,
            indent: int | None, stdin: str | None, seed: int) -> None:
        """Envelopes whose list has other keys before or after it, holding anything (a
        count, lists and objects, empty or nested, withdrawn applications, links, a page):
        one envelope, several in an array (pages collected) or one after the other, compact
        or pretty, in a file or on standard input (whole, or a few bytes at each read): N
        applications in their lists are N results, each read as written, in order; the
        other keys give none and take none."""
        pages = pages[:1] if how == "one" else pages
        meant: list[dict[str, Any]] = []
        texts = []
        for before, after, count in pages:
            records = [{**EXAMPLE, "id": f"A-{len(meant) + n}"} for n in range(count)]
            meant += records
            texts.append(json.dumps({**before, key: records, **after}, ensure_ascii=False,
                                    indent=indent))
        assume(meant)
        text = (f"[{', '.join(texts)}]" if how == "array" else "\n".join(texts)) + "\n"
        data = text.encode()
        if stdin is None:
            file = tmp_path_factory.mktemp("e") / "batch.json"
            file.write_bytes(data)
            out = list(callrules.records(file))
        else:
            out = list(callrules.records("-", stdin=io.BytesIO(data) if stdin == "whole"
                                         else _Pieces(data, seed)))
        assert [value(item) for item in out] == meant, [item.source for item in out]
        if stdin is None:
            assert [item.source.rsplit("/", 1)[-1] for item in out] == [
                f"batch.json[{n}]" for n in range(len(meant))]


class TestListKeyTwice:
    @settings(max_examples=120, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(key=st.sampled_from(ENVELOPE_KEYS), case=st.sampled_from((str, str.upper,
                                                                      str.capitalize)),
           counts=st.tuples(st.integers(0, 3), st.integers(0, 3)), before=BESIDE | OTHERS,
           between=BESIDE | OTHERS, after=BESIDE | OTHERS,
           how=st.sampled_from(("one", "array", "sequence")), indent=st.sampled_from((None, 2)),
           stdin=st.sampled_from((None, "whole", "pieces", "jsonl")), seed=st.integers(0, 1000))
    def test_a_list_given_twice_in_an_envelope_is_said_and_loses_no_record(
            self, tmp_path_factory: pytest.TempPathFactory, key: str, case: Any,
            counts: tuple[int, int], before: dict[str, Any], between: dict[str, Any],
            after: dict[str, Any], how: str, indent: int | None, stdin: str | None,
            seed: int) -> None:
        """An envelope whose list's key is given twice (``{"applications": [a, b],
        "applications": [c, d]}``, in any case, other keys before, between or after; one
        envelope, pages in an array or one after the other, compact or pretty; a file,
        standard input whole or in pieces, or read as the service reads a batch): every
        record of both lists is one result, in order, and one ``duplicate_key`` problem
        naming the key stands between the two lists. Before, the second list was dropped
        silently (exit 0 possible; an empty first list: "No application to check")."""
        assume(sum(counts))
        pages = 1 if how == "one" else 2
        meant: list[dict[str, Any]] = []
        texts = []
        for _ in range(pages):
            lists = []
            for count in counts:
                lists.append([{**EXAMPLE, "id": f"A-{len(meant) + n}"} for n in range(count)])
                meant += lists[-1]
            parts = [json.dumps(before, indent=indent)[1:-1].strip(),
                     f"{json.dumps(key)}: {json.dumps(lists[0], indent=indent)}",
                     json.dumps(between, indent=indent)[1:-1].strip(),
                     f"{json.dumps(case(key))}: {json.dumps(lists[1], indent=indent)}",
                     json.dumps(after, indent=indent)[1:-1].strip()]
            texts.append("{" + ", ".join(part for part in parts if part) + "}")
        text = (f"[{', '.join(texts)}]" if how == "array" else "\n".join(texts)) + "\n"
        assume(stdin != "jsonl" or not text.split("\n", 1)[0].endswith(","))  # (a first
        # line `{"applications": [], "count": 1,` said to be JSON Lines is read line by
        # line, as a pretty record's first line: a known limit, one list or two)
        data = text.encode()
        if stdin is None:
            out = read_bytes(data, tmp_path_factory, False, "json")
        else:
            out = list(callrules.records("-", stdin=io.BytesIO(data) if stdin != "pieces"
                                         else _Pieces(data, seed),
                                         input_format="jsonl" if stdin == "jsonl" else None))
        said = [item for item in out if problem(item) == "duplicate_key"]
        assert len(said) == pages, [item.source for item in out]
        assert all((said_ := item.data.problems[0]).ctx and said_.ctx["key"] == key
                   for item in said)
        assert [value(item) for item in out if item not in said] == meant
        firsts = [n for n, item in enumerate(out) if item in said]
        assert firsts[0] == counts[0], [item.source for item in out]


#: How a record is wrapped in another object, as APIs write them.
WRAPPINGS = ("kind_data", "one_key")
#: Damage to a wrapped record: a byte lost, added or changed or a few cut inside its braces,
#: or its opening or closing brace lost.
WRAP_DAMAGE = (*BYTE_DAMAGE, "first_brace", "last_brace")


def wrapped(how: str, record: dict[str, Any]) -> dict[str, Any]:
    """``record`` wrapped the way ``how`` names."""
    if how == "kind_data":
        return {"kind": "application", "data": record}
    return {"application": record}


def damage_wrapped(element: bytes, kind: str, place: float, byte: int, length: int) -> bytes:
    """The wrapped record's text ``element`` damaged by ``kind``."""
    if kind == "first_brace":
        return element[1:]
    if kind == "last_brace":
        return element[:-1]
    return b"{" + damage_bytes(element[1:-1], kind, place, byte, length) + b"}"


def starts_whole(element: bytes) -> bool:
    """Whether the damaged ``element`` starts with a whole object, its rest after it."""
    try:
        json.JSONDecoder().raw_decode(element.decode("utf-8", "replace"))
    except ValueError:
        return False
    return True


class TestEnvelopeARecordALine:
    @settings(max_examples=100, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(key=st.sampled_from(ENVELOPE_KEYS), count=st.integers(1, 4),
           before=st.sampled_from(("", '"count": 4, ', " ")),
           separator=st.sampled_from((",\n", "\n,", ", \n")),
           tail=st.sampled_from(("]}", "]\n}", '], "next": null}')),
           end=st.sampled_from(("\n", "\r\n")),
           how=st.sampled_from(("json", "jsonl", "stdin", "service")))
    def test_every_record_is_one_result_and_no_line_a_problem(
            self, tmp_path_factory: pytest.TempPathFactory, key: str, count: int,
            before: str, separator: str, tail: str, end: str, how: str) -> None:
        """Law: a valid envelope written a record a line (``{"applications": [`` on its
        line, one compact record a line, ``]}``: a streaming exporter) gives each record as
        one result and nothing else, from a file named ``.json`` or ``.jsonl``, standard
        input and the service alike. Before, a file and standard input gave two phantom
        "not valid JSON" problems (its first and last lines), exit 2."""
        records = [{**EXAMPLE, "id": f"A-{n}"} for n in range(count)]
        text = (f"{{{before}{json.dumps(key)}: [\n"
                + separator.join(json.dumps(record) for record in records) + f"\n{tail}\n")
        data = text.replace("\n", end).encode()
        if how in ("json", "jsonl"):
            out = read_bytes(data, tmp_path_factory, False, how)
        else:
            out = list(callrules.records("-", stdin=io.BytesIO(data),
                                         input_format="jsonl" if how == "service" else None))
        assert [value(item) for item in out] == records, [item.source for item in out]


#: How the elements of a document are set apart, as people and tools lay them out: the comma
#: last, first (a space after it or not, indented, after a tab), alone on its line, blank
#: lines between.
SEPARATORS = (",\n", "\n, ", "\n,", "\n,\n", ",\n\n", "\n\n, ", ",\n  ", "\n  , ",
              "\n\t, ", " ,\n ", "\t,\n\t")


class TestWholeDocumentAnyLayout:
    @settings(max_examples=100, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(count=st.integers(1, 5), kind=st.sampled_from(("array", "envelope", "page")),
           key=st.sampled_from(ENVELOPE_KEYS), separator=st.sampled_from(SEPARATORS),
           element=st.sampled_from(("compact", "pretty", "tabs")), opening=st.booleans(),
           closing=st.sampled_from(("\n]", "]", "\n  ]")), end=st.sampled_from(("\n", "\r\n")),
           how=st.sampled_from(("json", "jsonl", "txt", "csv", "stdin", "said jsonl")))
    @example(count=4, kind="envelope", key="applications", separator=",\n",
             element="compact", opening=True, closing="\n]", end="\n", how="json")  # (F7)
    @example(count=4, kind="envelope", key="applications", separator="\n  , ",
             element="compact", opening=True, closing="\n]", end="\n", how="stdin")  # (1 of
    # 4 judged from standard input, the service and a ``.jsonl`` file)
    @example(count=3, kind="array", key="applications", separator="\n, ", element="compact",
             opening=True, closing="\n]", end="\n", how="said jsonl")  # (F1: the service)
    def test_a_valid_document_gives_each_application_once_whatever_its_layout(
            self, tmp_path_factory: pytest.TempPathFactory, count: int, kind: str, key: str,
            separator: str, element: str, opening: bool, closing: str, end: str,
            how: str) -> None:
        """Law: a valid JSON document (an array, an envelope, a page) of N applications
        gives exactly the N applications, each read back as written, whatever its line
        layout (one compact application a line, the comma first or alone on its line,
        blank lines, indented or tab-indented elements, CRLF) and whichever way it comes
        (a file of any suffix, standard input, said to be JSON Lines as the service reads
        every JSON batch): a document that is JSON whole is read as that document, never cut
        in lines first. Before, ``{"applications": [a,⏎b,⏎c,⏎d⏎]}`` gave two phantom "not
        valid JSON" problems every way, and a comma-first array or envelope judged only its
        first application on standard input and in the service."""
        records = [{**EXAMPLE, "id": f"A-{n}"} for n in range(count)]
        indent = {"compact": None, "pretty": 2, "tabs": "\t"}[element]
        body = separator.join(json.dumps(record, indent=indent) for record in records)
        listed = "[" + ("" if opening else "\n") + body + closing
        text = {"array": listed, "envelope": f'{{{json.dumps(key)}: {listed}}}',
                "page": f'{{"count": {count}, {json.dumps(key)}: {listed}, "next": null}}'
                }[kind] + "\n"
        assume("\n" in text.strip())  # (a document over lines: one on a line is a line's)
        data = text.replace("\n", end).encode()
        assert json.loads(data) is not None  # (valid JSON, as written)
        out = read_every_way(data, tmp_path_factory, how)
        assert [value(item) for item in out] == records, [item.source for item in out]


    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(count=st.integers(2, 5), separator=st.sampled_from(("\n, ", "\n,", "\n  , ",
                                                               "\n\t, ", "\n,\n")),
           end=st.sampled_from(("\n", "\r\n")),
           how=st.sampled_from(("json", "jsonl", "txt", "stdin", "said jsonl")))
    def test_lines_with_the_comma_first_give_each_record_every_way(
            self, tmp_path_factory: pytest.TempPathFactory, count: int, separator: str,
            end: str, how: str) -> None:
        """Law: the inside of a comma-first array pasted (``{a}⏎, {b}⏎, {c}⏎``: lines 2..n
        starting with a comma, or a comma alone on the line between two) gives each record,
        from a file of any name, standard input and the service alike: the comma before a
        line's value is no part of it, as the comma after it. Before, a ``.json`` file
        judged them and every other way refused lines 2..n as "not valid JSON"."""
        records = [{**EXAMPLE, "id": f"A-{n}"} for n in range(count)]
        data = (separator.join(json.dumps(record) for record in records) + "\n").replace(
            "\n", end).encode()
        out = read_every_way(data, tmp_path_factory, how)
        assert [value(item) for item in out] == records, [item.source for item in out]


class TestArraysCollected:
    @settings(max_examples=100, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(sizes=st.lists(st.integers(0, 3), min_size=1, max_size=4),
           indent=st.sampled_from((None, 2)),
           how=st.sampled_from(("file", "stdin", "service")))
    @example(sizes=[0, 2, 1], indent=2, how="file")  # (3 results "not an object" for 3)
    def test_the_records_of_arrays_collected_in_one_are_each_one_result(
            self, tmp_path_factory: pytest.TempPathFactory, sizes: list[int],
            indent: int | None, how: str) -> None:
        """Law: files that are arrays of applications merged by ``jq -s . a.json b.json``
        (an array of arrays, pretty or compact) give each application as one result, in
        order, labelled by its place, from a file, standard input and the service alike; a
        file holding an empty array gives one result for it (``[]``, no application), the
        first one too. Before, each array was one problem ("An application is a JSON
        object."); then, with an empty first array, still each array one problem."""
        arrays = [[{**EXAMPLE, "id": f"A-{n}-{m}"} for m in range(size)]
                  for n, size in enumerate(sizes)]
        data = (json.dumps(arrays, indent=indent) + "\n").encode()
        if how == "file":
            out = read_bytes(data, tmp_path_factory, False, "json")
        else:
            out = list(callrules.records("-", stdin=io.BytesIO(data),
                                         input_format="jsonl" if how == "service" else None))
        meant = [app for apps in arrays for app in (apps or [apps])]
        assert [value(item) for item in out] == meant
        assert [item.source.rsplit("[", 1)[-1] for item in out] == [
            f"{n}]" for n in range(len(meant))]


class TestListsAmongRecords:
    @settings(max_examples=100, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(key=st.sampled_from(ENVELOPE_KEYS), lists=st.lists(st.integers(-1, 2), min_size=1,
                                                              max_size=4),
           wrapped=st.booleans(), indent=st.sampled_from((None, 2)), stdin=st.booleans())
    def test_a_list_among_the_records_is_one_result_in_its_place(
            self, tmp_path_factory: pytest.TempPathFactory, key: str, lists: list[int],
            wrapped: bool, indent: int | None, stdin: bool) -> None:
        """Valid JSON whose list of records (an envelope's, ``{"applications": [[A0, A1],
        A2]}``, or a bare array, ``[[A0, A1], A2]``) holds lists among the applications,
        empty or holding applications themselves: each element is one result in its place,
        a list read as the list it is (reported as no application), never its applications
        taken out of it nor the envelope's start taken for damaged; the envelope and the
        bare array alike. A bare array whose first element is a list of applications (or
        an empty one) and whose second is a list too, or none, collects arrays (``jq -s .
        a.json b.json``): the applications of its lists are its records, each one result in
        order, an empty list one result."""
        elements: list[Any] = [
            {**EXAMPLE, "id": f"A-{n}"} if size < 0 else [
                {**EXAMPLE, "id": f"L-{n}-{m}"} for m in range(size)]
            for n, size in enumerate(lists)]
        data = json.dumps({key: elements} if wrapped else elements, indent=indent).encode()
        out = read_bytes(data, tmp_path_factory, stdin, "json")
        meant = elements
        if not wrapped and lists[0] >= 0 and (len(lists) == 1 or lists[1] >= 0):
            meant = [record for element in elements for record in (
                element if isinstance(element, list) and element else [element])]
        assert [value(item) for item in out] == meant
        assert [item.source.rsplit("[", 1)[-1] for item in out] == [
            f"{n}]" for n in range(len(meant))]

    @settings(max_examples=100, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(key=st.sampled_from(ENVELOPE_KEYS), before=BESIDE, held=st.one_of(
               st.none(), st.integers(), st.booleans(), st.text(max_size=5),
               st.dictionaries(st.sampled_from(("id", "call")), st.text(max_size=3),
                               max_size=2)),
           indent=st.sampled_from((None, 2)), stdin=st.booleans())
    def test_an_envelope_without_its_list_is_one_problem(
            self, tmp_path_factory: pytest.TempPathFactory, key: str, before: dict[str, Any],
            held: Any, indent: int | None, stdin: bool) -> None:
        """An object naming the list of applications whose key holds no list
        (``{"applications": null}``, a number, a text, an object): one problem saying so,
        the key as the file wrote it, never the envelope judged as an application nor
        nothing said."""
        data = json.dumps({**before, key: held}, indent=indent).encode()
        out = read_bytes(data, tmp_path_factory, stdin, "json")
        assert [problem(item) for item in out] == ["envelope_without_list"], out
        assert json.dumps(key) in str(out[0].data)


class TestWrappedRecords:
    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(how=st.sampled_from(WRAPPINGS), count=st.integers(2, 6),
           damaged=st.lists(st.tuples(st.integers(0, 5), st.sampled_from(WRAP_DAMAGE),
                                      st.floats(0.05, 0.999), st.sampled_from(STRUCTURE),
                                      st.integers(1, 8)), min_size=1, max_size=2),
           array=st.booleans(), indent=st.sampled_from((None, 2)), stdin=st.booleans())
    @example(how="kind_data", count=4, damaged=[(0, "first_brace", 0.5, 123, 1),
                                                (2, "first_brace", 0.5, 123, 1)],
             array=False, indent=None, stdin=False)  # (CI's example: the first record read
    # as a head lost, the third's end, a brace fewer, taken for where records start: 2
    # results for 4)
    def test_wrapped_records_each_give_one_result_in_place(
            self, tmp_path_factory: pytest.TempPathFactory, how: str, count: int,
            damaged: list[tuple[int, str, float, int, int]], array: bool, indent: int | None,
            stdin: bool) -> None:
        """Records each wrapped in another object (``{"kind": "application", "data": {…}}``,
        ``{"application": {…}}``), in a JSON array or one after the other, one or two of them
        damaged (the first too; not side by side): a byte lost, added or changed, a few cut
        past its first bytes, an opening or closing brace lost: each damaged one is one
        problem in place, every other record reads back exactly with its own label."""
        indent = indent if array else 2  # (one a line on standard input: JSON Lines)
        where = {number % count: rest for number, *rest in damaged}
        assume(all(abs(a - b) >= 2 for a in where for b in where if a != b))
        meant = [wrapped(how, {**EXAMPLE, "id": f"A-{n}"}) for n in range(count)]
        elements = [json.dumps(item, ensure_ascii=False, indent=indent).encode()
                    for item in meant]
        for number, (kind, place, byte, length) in where.items():
            elements[number] = damage_wrapped(elements[number], kind, place, byte, length)
            assume(not is_valid_json(elements[number]))  # the damage left valid JSON
            assume(not starts_whole(elements[number]))  # (a record whose start reads whole,
            # its rest after it: a known limit, docs/reference/inputs.md)
        out = read_in_place(layout(elements, array, indent), meant, set(where),
                            tmp_path_factory, stdin)
        for number in where:
            assert problem(out[number]) is not None, out[number]


class TestLeadingKeyOnSome:
    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(leading=st.lists(st.booleans(), min_size=3, max_size=7).filter(
               lambda leading: 0 < sum(leading) < len(leading)),
           damaged=st.lists(st.tuples(st.integers(0, 6), st.sampled_from(WRAP_DAMAGE),
                                      st.floats(0.05, 0.999), st.sampled_from(STRUCTURE),
                                      st.integers(1, 8)), min_size=1, max_size=2),
           array=st.booleans(), indent=st.sampled_from((None, 2)), stdin=st.booleans())
    def test_records_some_with_a_leading_key_each_give_one_result_in_place(
            self, tmp_path_factory: pytest.TempPathFactory, leading: list[bool],
            damaged: list[tuple[int, str, float, int, int]], array: bool, indent: int | None,
            stdin: bool) -> None:
        """Applications of which some start with an extra key before their own (a portal's
        row number, ``"row": 3``), in a JSON array or one after the other, one or two of
        them damaged (not side by side; a byte lost, added or changed or a few cut past its
        first bytes, an opening or closing brace lost): each damaged one is one result in
        place, every other record reads back exactly with its own label."""
        indent = indent if array else 2  # (one a line on standard input: JSON Lines)
        count = len(leading)
        where = {number % count: rest for number, *rest in damaged}
        assume(all(abs(a - b) >= 2 for a in where for b in where if a != b))
        meant = [{**({"row": n} if lead else {}), **EXAMPLE, "id": f"A-{n}"}
                 for n, lead in enumerate(leading)]
        elements = [json.dumps(item, ensure_ascii=False, indent=indent).encode()
                    for item in meant]
        for number, (kind, place, byte, length) in where.items():
            elements[number] = damage_wrapped(elements[number], kind, place, byte, length)
            assume(not is_valid_json(elements[number]))  # the damage left valid JSON
            assume(not starts_whole(elements[number]))  # (a known limit, as above)
        read_in_place(layout(elements, array, indent), meant, set(where), tmp_path_factory,
                      stdin)


def escaped(key: str, which: list[bool]) -> bytes:
    """The JSON text of ``key``, the letters ``which`` says written as ``\\uXXXX`` escapes."""
    return ('"' + "".join(f"\\u{ord(char):04x}" if escape else char
                          for char, escape in zip(key, which, strict=False)) + key[len(which):]
            + '"').encode()


class TestEnvelopePages:
    @settings(max_examples=100, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(key=st.sampled_from(ENVELOPE_KEYS), sizes=st.lists(st.integers(0, 3), min_size=1,
                                                              max_size=4),
           which=st.lists(st.booleans(), max_size=12), before=BESIDE,
           indent=st.sampled_from((None, 2)), empty_first=st.booleans(),
           how=st.sampled_from(("file", "stdin", "said")))
    def test_pages_empty_or_with_an_escaped_key_give_their_applications_and_nothing_else(
            self, tmp_path_factory: pytest.TempPathFactory, key: str, sizes: list[int],
            which: list[bool], before: dict[str, Any], indent: int | None,
            empty_first: bool, how: str) -> None:
        """Pages of an API export, one after the other (compact, one a line, or pretty): an
        empty page (``{"applications": []}``, the usual last one) is no record, a key
        written with JSON escapes (``"\\u0061pplications"``) is the key it decodes to, and
        an empty array before pretty pages holds none: the applications, each once, in
        order, and nothing else, from a file, standard input or standard input said to be
        JSON Lines (the service's reading; compact pages)."""
        assume(how != "said" or indent is None)
        meant = [{**EXAMPLE, "id": f"A-{n}"} for n in range(sum(sizes))]
        pages, start = [], 0
        for size in sizes:
            page = json.dumps({**before, "applications": meant[start:start + size]},
                              indent=indent).encode() + b"\n"
            start += size
            pages.append(page.replace(b'"applications"', escaped(key, which), 1))
        data = (b"[]\n" if empty_first and indent is not None else b"") + b"".join(pages)
        out = read_bytes(data, tmp_path_factory, how != "file", "json",
                         "jsonl" if how == "said" else None)
        assert [value(item) for item in out if problem(item) is None] == meant, [
            item.source for item in out]
        assert len(out) == len(meant), [item.source for item in out]
#: The marks of an envelope's start a keystroke may lose, double or change (a quote to ').
HEAD_MARKS = '{":,['


class TestDamagedEnvelope:
    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(key=st.sampled_from(ENVELOPE_KEYS), before=BESIDE, count=st.integers(1, 4),
           indent=st.sampled_from((None, 2)), mark=st.integers(0, 99),
           kind=st.sampled_from(("lost", "added", "changed")),
           how=st.sampled_from(("file", "stdin", "said")))
    def test_damage_to_the_envelope_itself_loses_no_application(
            self, tmp_path_factory: pytest.TempPathFactory, key: str, before: dict[str, Any],
            count: int, indent: int | None, mark: int, kind: str, how: str) -> None:
        """An envelope damaged in its own start (its ``{`` or its list's ``[`` lost, a quote,
        colon or comma of its keys lost, doubled or changed) loses no application: each is
        read back as written, in order, and the damage is at most one problem, from a file,
        standard input or standard input said to be JSON Lines (compact)."""
        assume(how != "said" or indent is None)
        meant = [{**EXAMPLE, "id": f"A-{n}"} for n in range(count)]
        elements = [json.dumps(item, indent=indent).encode() for item in meant]
        data = enveloped(key, before, {}, elements, indent)
        head = data.index(b"[") + 1
        places = [at for at in range(head) if data[at:at + 1] in HEAD_MARKS.encode()]
        at = places[mark % len(places)]
        assume(kind != "changed" or data[at:at + 1] == b'"')
        data = data[:at] + {"lost": b"", "added": data[at:at + 1], "changed": b"'"}[kind] \
            + data[at + 1:]
        out = read_bytes(data, tmp_path_factory, how != "file", "json",
                         "jsonl" if how == "said" else None)
        read = [value(item) for item in out if problem(item) is None]
        assert [item for item in read if item in meant] == meant, [i.source for i in out]
        assert len(out) <= count + 1, [item.source for item in out]


#: What an application may hold under a key named as envelopes name their list: its past
#: applications (a year and an id, or whole ones), an empty list, an object, a count, nothing.
HELD = st.one_of(
    st.lists(st.builds(lambda n, year: {"id": f"OLD-{n}", "year": year}, st.integers(0, 9),
                       st.integers(2000, 2026)), min_size=1, max_size=3),
    st.lists(st.builds(lambda n: {**EXAMPLE, "id": f"OLD-{n}"}, st.integers(0, 9)),
             min_size=1, max_size=2),
    st.dictionaries(st.sampled_from(("count", "id", "last")), st.integers(0, 9), max_size=2),
    st.just([]), st.none(), st.integers(0, 9))


class TestApplicationHoldingAList:
    @settings(max_examples=100, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(key=st.sampled_from(ENVELOPE_KEYS), held=HELD, place=st.integers(0, 20),
           others=st.lists(st.booleans(), max_size=2),
           layout=st.sampled_from(("alone", "array", "lines", "stream")),
           indent=st.sampled_from((None, 2)), how=st.sampled_from(("file", "stdin", "said")))
    def test_an_application_holding_a_list_so_named_is_an_application(
            self, tmp_path_factory: pytest.TempPathFactory, key: str, held: Any, place: int,
            others: list[bool], layout: str, indent: int | None, how: str) -> None:
        """An application giving a key named as envelopes name their list (``applications``,
        ``candidatures``…: its past applications, a count, an object, nothing), wherever
        among its keys, is an application, never an envelope: each application one result
        in its place, read as written (that key then not expected), none of the list's
        objects judged, from a file, standard input or standard input said to be JSON
        Lines; alone, in an array, one a line or one after the other (pretty or not).
        Before, each such application was lost, its list's objects judged in its place."""
        assume(how != "said" or layout == "lines" or indent is None)
        meant = []
        for n, holds in enumerate([True, *others][:1 if layout == "alone" else None]):
            application = {**EXAMPLE, "id": f"A-{n}"}
            if holds:
                items = list(application.items())
                at = place % (len(items) + 1)
                application = dict([*items[:at], (key, held), *items[at:]])
            meant.append(application)
        texts = [json.dumps(item, indent=None if layout == "lines" else indent)
                 for item in meant]
        data = ("[" + ",\n".join(texts) + "]" if layout == "array" else "\n".join(texts))
        out = read_bytes(data.encode() + b"\n", tmp_path_factory, how != "file", "json",
                         "jsonl" if how == "said" else None)
        assert [value(item) for item in out] == meant, [item.source for item in out]


#: The example applications (examples/).
EXAMPLES = [EXAMPLE, json.loads((Path(__file__).parent.parent / "examples" / "ineligible.json"
                                 ).read_text(encoding="utf-8"))]
#: Keys an export or an API names its page's list by, none of them an application's.
PAGE_KEYS = st.sampled_from(("results", "data", "items", "records", "rows", "application",
                             "applications ", "Bewerbungen", "nodes")) | st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzé_- 0123456789"), min_size=1, max_size=12
).filter(lambda key: key not in RECORD_KEYS)
#: What a page gives beside its list: a count, links, a schema; never a list of applications.
PAGE_BESIDE = st.dictionaries(
    st.sampled_from(("count", "next", "previous", "meta", "schema", "total", "links")),
    st.one_of(st.integers(0, 99), st.none(), st.just("https://example.org/?page=2"),
              st.dictionaries(st.sampled_from(("fields", "pandas_version", "self")),
                              st.one_of(st.just("1.4.0"), st.lists(st.integers(0, 9)))),
              st.lists(st.dictionaries(st.sampled_from(("name", "type")), st.just("string")),
                       max_size=2)), max_size=3)


class TestPageUnderAnotherKey:
    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(key=PAGE_KEYS, beside=PAGE_BESIDE, count=st.integers(1, 6),
           nested=st.booleans(), at=st.integers(0, 3), indent=st.sampled_from((None, 2)),
           how=st.sampled_from(("file", "stdin", "said")))
    @example(key="results", beside={"count": 3, "next": None, "previous": None}, count=3,
             nested=False, at=3, indent=None, how="file")  # Django REST framework's page
    def test_the_applications_of_a_page_under_another_key_are_each_one_result(
            self, tmp_path_factory: pytest.TempPathFactory, key: str, beside: dict[str, Any],
            count: int, nested: bool, at: int, indent: int | None, how: str) -> None:
        """An object none of whose keys is an application's, holding one list of
        applications under a key callrules does not name (Django REST framework's
        ``results``, ``data`` beside ``meta``, pandas' ``orient="table"``, a key with a
        trailing blank; under ``data`` as GraphQL answers), other keys before or after it:
        each application is one result, read as written, labelled by its place in that list,
        from a file, standard input or standard input said to be JSON Lines. Before, the N
        applications were one record "missing everything"."""
        assume(how != "said" or indent is None)
        meant = [{**EXAMPLE, "id": f"A-{n}"} for n in range(count)]
        items = list(beside.items())
        inner = dict([*items[:at], (key, meant), *items[at:]])
        page = {"data": inner} if nested else inner
        assume(key not in beside)
        data = json.dumps(page, ensure_ascii=False, indent=indent).encode() + b"\n"
        out = read_bytes(data, tmp_path_factory, how != "file", "json",
                         "jsonl" if how == "said" else None)
        assert [value(item) for item in out] == meant, [item.source for item in out]
        assert [item.source[-3:] for item in out] == [f"[{n}]" for n in range(count)]

    @settings(max_examples=100, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(application=cnrs_applications() | st.sampled_from(EXAMPLES), key=PAGE_KEYS,
           held=st.lists(st.sampled_from(EXAMPLES) | st.builds(
               lambda n: {"id": f"V-{n}", "person": {"given_name": "Ana"}},
               st.integers(0, 9)), min_size=1, max_size=3),
           dropped=st.sets(st.sampled_from(sorted(RECORD_KEYS)), max_size=5),
           how=st.sampled_from(("file", "stdin", "said")))
    def test_an_application_holding_a_list_of_applications_is_one_result(
            self, tmp_path_factory: pytest.TempPathFactory, application: dict[str, Any],
            key: str, held: list[Any], dropped: set[str], how: str) -> None:
        """An application (the examples, generated ones), some of its own keys missing but
        not all, with a key it does not take holding a list of applications or of visitors:
        one result, read as written; the objects of its list are never read as records of
        their own."""
        assume(key not in application)
        meant = {name: item for name, item in application.items() if name not in dropped}
        meant[key] = held
        data = json.dumps(meant, ensure_ascii=False).encode() + b"\n"
        out = read_bytes(data, tmp_path_factory, how != "file", "json",
                         "jsonl" if how == "said" else None)
        assert [value(item) for item in out] == [meant], [item.source for item in out]

    @pytest.mark.parametrize(("shape", "kind"), [
        ("columns", "applications_by_column"), ("index", "applications_by_column"),
        ("split", "applications_by_column"), ("elastic", "applications_elsewhere"),
        ("jsonapi", "applications_elsewhere"), ("relay", "applications_elsewhere"),
        ("two", "applications_elsewhere")])
    @pytest.mark.parametrize("how", ["file", "stdin", "said"])
    def test_applications_laid_out_otherwise_are_one_problem_saying_so(
            self, tmp_path_factory: pytest.TempPathFactory, shape: str, kind: str,
            how: str) -> None:
        """Applications held otherwise than as one list of them (pandas' default
        ``to_json()`` column by column, ``orient="index"`` or ``"split"``; each wrapped, as
        Elasticsearch's ``_source``, JSON:API's ``attributes``, Relay's ``node``; two lists)
        are not guessed at: one problem saying where they seem to be, in every language,
        never a list of required fields."""
        apps = [{**EXAMPLE, "id": f"A-{n}"} for n in range(3)]
        columns = list(EXAMPLE)
        page = {
            "columns": {name: {str(n): app[name] for n, app in enumerate(apps)}
                        for name in columns},
            "index": {str(n): app for n, app in enumerate(apps)},
            "split": {"columns": columns, "index": [0, 1, 2],
                      "data": [[app[name] for name in columns] for app in apps]},
            "elastic": {"took": 3, "hits": {"total": {"value": 3}, "hits": [
                {"_index": "calls", "_id": str(n), "_source": app}
                for n, app in enumerate(apps)]}},
            "jsonapi": {"data": [{"type": "application", "id": app["id"], "attributes": app}
                                 for app in apps], "meta": {"count": 3}},
            "relay": {"data": {"applications": {"edges": [{"node": app} for app in apps]}}},
            "two": {"accepted": apps[:2], "refused": apps[2:]},
        }[shape]
        data = json.dumps(page, ensure_ascii=False).encode() + b"\n"
        out = read_bytes(data, tmp_path_factory, how != "file", "json",
                         "jsonl" if how == "said" else None)
        assert [problem(item) for item in out] == [kind], out
        said = out[0].data.problems[0]
        for lang, word in (("en", "applications"), ("fr", "candidatures"),
                           ("es", "candidaturas"), ("pt", "candidaturas")):
            assert said.message(lang).split()[1] in (word, word.capitalize()), said.message(lang)
