"""The same bytes of a damaged JSON Lines batch give the same records, in the same order,
with the same problems, whatever way they come in: a file named ``.jsonl`` (``callrules
check CALL apps.jsonl``), standard input said to be JSON Lines (``check CALL -
--input-format jsonl``, its bytes there whole) and the service's batch body
(``POST /calls/{id}/check`` as ``application/jsonl``), whatever the lines end with."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given
from hypothesis import strategies as st

import callrules
from tests.laws import settings

EXAMPLES = Path(__file__).parent.parent / "examples"
APPLICATIONS = [json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
                for name in ("eligible.json", "ineligible.json")]
#: The line ends a batch's lines are drawn from: Unix, Windows, old Mac.
LINE_ENDS = ("\n", "\r\n", "\r")
#: What follows a raw carriage return typed inside a record's string (invalid JSON, one
#: record still): nothing, a bracket opening (a JSON text pasted with old Mac line ends), a
#: brace holding a word.
AFTER_RAW_RETURN = ("", "{", "[", "{draft} v2", "[\r  {\r    k: 1\r  }\r]", " {", "{}")


def outcome(item: Any) -> tuple[str, Any]:
    """An item read, as a reader of the answers sees it: its line (the label after the
    source's name) and its value, or its problems' types."""
    label = re.sub(r"^.*?(?=:\d+(\[\d+\])?$)", "", item.source)
    if isinstance(item.data, callrules.InputError):
        return label, ("problems", tuple(p.type for p in item.data.problems))
    try:
        return label, json.loads(item.data)
    except (TypeError, ValueError):
        return label, ("text", item.data)


def every_way(data: bytes, folder: Path) -> dict[str, list[tuple[str, Any]]]:
    """The records of ``data`` read from a file named ``.jsonl``, from standard input said
    to be JSON Lines, and as the service reads its batch body (in-process)."""
    from callrules.serve._app import _read  # (the service's own reading of a batch body)

    file = folder / "batch.jsonl"
    file.write_bytes(data)
    return {"file": [outcome(item) for item in callrules.records(str(file))],
            "stdin": [outcome(item) for item in callrules.records(
                "-", stdin=io.BytesIO(data), input_format="jsonl")],
            "service": [outcome(item) for item in _read(data, "jsonl", 10_000)]}


@st.composite
def batches(draw: st.DrawFn) -> tuple[bytes, bool]:
    """A batch of JSON Lines, one application a line (a few cut inside a string: a
    transfer cut short, the next record on the next line), its lines ended alike (LF, CR
    LF or a carriage return alone), or each as drawn; where no line ends with a carriage
    return alone, a few holding a raw carriage return inside one of their strings (then
    nothing, a bracket, a brace: one record still, on its own line)."""
    count = draw(st.integers(1, 5))
    mixed = draw(st.booleans())
    raw = draw(st.booleans())  # (a raw CR inside strings: only where no line ends so)
    ends = LINE_ENDS[:2] if raw else LINE_ENDS
    same = draw(st.sampled_from(ends))
    lines = []
    for number in range(count):
        record = {**APPLICATIONS[number % 2], "id": f"A-{number}"}
        text = json.dumps(record, ensure_ascii=False)
        if raw and draw(st.booleans()):  # a raw carriage return typed inside a string
            strings = [found for found in re.finditer(r'"[^"\\]*"', text)
                       if len(found.group()) > 2]
            chosen = draw(st.sampled_from(strings))
            at = chosen.start() + 1 + draw(st.integers(0, len(chosen.group()) - 2))
            text = text[:at] + "\r" + draw(st.sampled_from(AFTER_RAW_RETURN)) + text[at:]
        if draw(st.booleans()):  # cut inside one of its strings
            strings = [found for found in re.finditer(r'"[^"\\]*"', text)
                       if len(found.group()) > 2]
            chosen = draw(st.sampled_from(strings))
            text = text[:chosen.start() + 1 + draw(st.integers(0, len(chosen.group()) - 3))]
        ending = draw(st.sampled_from(ends)) if mixed else same
        lines.append(text + ending)
    data = "".join(lines)
    if draw(st.booleans()):
        data = data.rstrip("\r\n")  # (no line end after the last line)
    return data.encode(), raw


class TestSameRecordsEveryWay:
    @settings(max_examples=120, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(batch=batches())
    @example(batch=(("\r".join([  # (att91 F3: a cut record first, lines ended by CR alone:
        '{"id": "A-0", "submitter": {"given_name": "Cla',  # the file 6 records, standard
        *(json.dumps({**APPLICATIONS[n % 2], "id": f"A-{n + 1}"}) for n in range(4)),
        '{"id": "A-5", "title": "Obs']) + "\n").encode(), False))  # input and the service 1)
    @example(batch=("\n".join([  # (look78x: a raw CR, then a brace, inside the first
        json.dumps({**APPLICATIONS[0], "id": "A-0"}).replace(  # record's
            '"A-0"', '"A-0 plan:\r{draft} v2"'),
        *(json.dumps({**APPLICATIONS[n % 2], "id": f"A-{n}"}) for n in range(1, 4))  # string:
    ]).encode(), True))  # 4 records read as 5 every way in)
    def test_a_file_standard_input_and_the_service_read_alike(
            self, tmp_path_factory: pytest.TempPathFactory, batch: tuple[bytes, bool]) -> None:
        """A file of the bytes, standard input and the service's body give the same
        records, same order, same problems (before: JSON Lines whose lines end with a
        carriage return alone and whose first record was cut inside a string were read
        line by line from a file, as one line, one problem, from standard input and the
        service: every whole application after the cut lost). Its lines ended with line
        feeds, each record is read alone, labelled with its line (a raw carriage return
        inside a string ends no line: before, followed by a brace in the first record, it
        split the record in two, every label after it one line on)."""
        data, fed = batch
        read = every_way(data, tmp_path_factory.mktemp("b"))
        assert read["stdin"] == read["file"], data
        assert read["service"] == read["file"], data
        if fed:  # (its lines ended with line feeds: each record read alone, on its line)
            lines = data.rstrip(b"\r\n").count(b"\n") + 1
            assert [label for label, _ in read["file"]] == [
                f":{number}" for number in range(1, lines + 1)], data
