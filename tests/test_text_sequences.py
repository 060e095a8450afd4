"""RFC 7464 JSON text sequences (``jq --seq``), padding after the last record, and lines of
JSON Lines that hold no record: every record meant gives one result in place, from a file
of any JSON name or from standard input, whole or in pieces."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given
from hypothesis import strategies as st

import callrules
from callrules._evaluate import Sourced, read_json
from callrules._invisible import all_blank
from tests.laws import settings
from tests.test_nothing_lost import (
    APPENDED_LAYOUTS,
    EXAMPLE,
    READ_WAYS,
    appended_apps,
    laid_out_too,
    problem,
    read_way,
)
from tests.test_nothing_lost import outcome as outcome_of
from tests.test_pasted_records import Pieces

FUNCTION_SCOPED = [HealthCheck.function_scoped_fixture]
notes = st.text(st.characters(exclude_categories=("Cs",)), max_size=10)


def as_dict(number: int, note: str) -> dict[str, Any]:
    return {"id": f"A-{number}", "note": note, "host": {"name": note, "unit": ["a", note]},
            "visitors": [{"id": f"v{number}", "dates": {"from": "2026-09-01"}}]}


def read(data: bytes, how: str, tmp: Path) -> list[Sourced]:
    """The records of ``data`` read as ``how``: a file name's suffix, or standard input
    whole (``stdin``) or in pieces of a few bytes (``stdinN``)."""
    if how.startswith("."):
        file = tmp / f"batch{how}"
        file.write_bytes(data)
        return list(callrules.records(file))
    stream: Any = io.BytesIO(data) if how == "stdin" else Pieces(data, int(how[5:]))
    return list(callrules.records("-", stdin=stream))


def outcome(item: Sourced) -> Any:
    """What a record gives: its value, or that it is a problem."""
    if isinstance(item.data, callrules.InputError):
        return "problem"
    try:
        return read_json(item.data) if isinstance(item.data, str) else item.data
    except (ValueError, RecursionError):
        return "problem"


hows = st.sampled_from((".json", ".jsonl", "stdin", "stdin1", "stdin3", "stdin7"))


class TestTextSequence:
    """An RFC 7464 sequence: a record separator starts each record."""

    @settings(max_examples=60, deadline=None, suppress_health_check=FUNCTION_SCOPED,
              database=None)
    @given(st.lists(notes, min_size=1, max_size=5), st.booleans(), hows,
           st.lists(st.sampled_from(("whole", "cut", "quote", "brace", "rs_lost",
                                     "rs_doubled")), min_size=5, max_size=5))
    def test_each_record_written_is_one_result_in_place(
            self, tmp_path: Path, meant: list[str], pretty: bool, how: str,
            changes: list[str]) -> None:
        """N records written as ``jq --seq`` writes them (compact or pretty), any of them
        damaged, a separator lost or doubled, give N results in place, undamaged ones
        equal to what was written, from a file or standard input alike."""
        records = [as_dict(number, note) for number, note in enumerate(meant)]
        parts = []
        damaged = set()
        for number, record in enumerate(records):
            text = json.dumps(record, indent=2 if pretty else None)
            change = changes[number]
            separator = b"\x1e"
            if change == "cut":
                text, _ = text[:len(text) // 2], damaged.add(number)
            elif change == "quote":
                text, _ = text.replace('"note"', '"note', 1), damaged.add(number)
            elif change == "brace":
                text, _ = text[:-1], damaged.add(number)
            elif change == "rs_lost" and number:
                separator = b""
            elif change == "rs_doubled":
                separator = b"\x1e\x1e"
            parts.append(separator + text.encode() + b"\n")
        found = read(b"".join(parts), how, tmp_path)
        assert len(found) == len(records), [item.source for item in found]
        for number, (item, record) in enumerate(zip(found, records, strict=True)):
            got = outcome(item)
            assert got == "problem" if number in damaged else got == record


class TestPaddingAfterTheLastRecord:
    """NUL bytes, Ctrl-Z, EOT, DEL, a form feed, a vertical tab, a record separator or a
    shell's ``%`` after the last record are no record."""

    @settings(max_examples=60, deadline=None, suppress_health_check=FUNCTION_SCOPED,
              database=None)
    @given(st.lists(notes, min_size=1, max_size=4),
           st.sampled_from(("array", "pretty", "lines", "stream", "envelope")), hows,
           st.lists(st.sampled_from(("\x00", "\x00" * 64, "\x1a", "%", "\x04", "\x7f", "\x0c",
                                     "\x0b", "\x1e", "\n", " ", "\r\n")),
                    min_size=1, max_size=6).filter(
               lambda bits: "".join(bits).strip(" \r\n") != ""))
    def test_padding_gives_no_result(self, tmp_path: Path, meant: list[str], layout: str,
                                     how: str, padding: list[str]) -> None:
        """A whole batch followed by padding gives its records and nothing more, from a
        file, standard input, or the service (standard input read as JSON Lines)."""
        records = [as_dict(number, note) for number, note in enumerate(meant)]
        if layout == "envelope":
            text = json.dumps({"applications": records}, indent=2) + "\n"
        elif layout == "array":
            text = json.dumps(records)
        elif layout == "pretty":
            text = json.dumps(records, indent=2) + "\n"
        elif layout == "lines":
            text = "".join(json.dumps(record) + "\n" for record in records)
        else:
            text = "".join(json.dumps(record, indent=2) + "\n" for record in records)
        data = (text + "".join(padding)).encode()
        found = read(data, how, tmp_path)
        assert [outcome(item) for item in found] == records
        served = callrules.records("-", stdin=io.BytesIO(data), input_format="jsonl")
        assert [outcome(item) for item in served] == records

    @settings(max_examples=30, deadline=None, suppress_health_check=FUNCTION_SCOPED,
              database=None)
    @given(st.sampled_from(("\x00" * 8, "%", "\x1a")), hows)
    def test_padding_before_a_record_is_read_as_it_was(self, tmp_path: Path, bits: str,
                                                       how: str) -> None:
        """Padding bytes followed by a record are not dropped: what they are in is read
        as written, the record after it read. A line of them is a problem of its own unless
        it holds nothing but blanks by the blank-source rule (NULs, Ctrl-Z: no record, as an
        empty line, since session 38 — fixer nul38); a ``%`` is text, a problem."""
        record = as_dict(1, "x")
        text = json.dumps(as_dict(0, "y")) + "\n" + bits + "\n" + json.dumps(record) + "\n"
        found = read(text.encode(), ".jsonl" if how.startswith(".") else how, tmp_path)
        between = [] if all_blank(bits) else ["problem"]
        assert [outcome(item) for item in found] == [as_dict(0, "y"), *between, record]


#: Lines of text written above ``jq --seq`` output: a title (commas and semicolons in it: no
#: CSV header), a Markdown fence, a comment, a stray keystroke.
titles = st.one_of(
    st.sampled_from(("Applications June 2026", "# batch", "```", "```json",
                     "// jq --seq output", "x", "Applications, June 2026", "Scores; June")),
    st.builds(str.__add__, st.sampled_from("ABCxyz#/`"),
              st.text("abcXYZ019 ,;:#/-_.()!?`'", max_size=40)))


class TestTitleAboveASequence:
    @settings(max_examples=60, deadline=None, suppress_health_check=FUNCTION_SCOPED,
              database=None)
    @given(st.lists(notes, min_size=1, max_size=4), st.lists(titles, min_size=1, max_size=3),
           st.booleans(), st.booleans(), st.sampled_from(("\n", "\r\n")),
           st.sampled_from((".json", ".jsonl", "stdin", "stdin3", "service")))
    @example(["a", "b"], ["Applications June 2026"], False, False, "\n", "stdin")
    @example(["a", "b"], ["Applications, June 2026"], True, False, "\n", ".json")
    @example(["a", "b"], ["# batch", "# from jq"], True, False, "\n", "service")
    def test_the_title_is_one_problem_and_every_record_is_judged(
            self, tmp_path: Path, meant: list[str], lines: list[str], pretty: bool,
            blank: bool, end: str, how: str) -> None:
        """Law: a line of text or a few (a title, a fence, a comment; a blank line after
        them or not) above an RFC 7464 sequence give one problem each at most, before the
        records, and every record is judged as written, the same from a file named ``.json``
        or ``.jsonl``, standard input whole or in pieces, and the service (which gives each
        line of text as it comes, before reading the next). Before, a ``.json`` file gave a
        phantom problem before each record (8 results for 4), standard input one problem a
        record (none judged), a title holding a comma made each record a CSV row; two lines
        above gave the service each separator a problem beside its record (10 for 4)."""
        records = [as_dict(number, note) for number, note in enumerate(meant)]
        text = "".join(f"{line}\n" for line in lines) + ("\n" if blank else "") + "".join(
            "\x1e" + json.dumps(record, indent=2 if pretty else None) + "\n"
            for record in records)
        data = text.replace("\n", end).encode()
        if how == "service":
            found = list(callrules.records("-", stdin=io.BytesIO(data), input_format="jsonl"))
        else:
            found = read(data, how, tmp_path)
        got = [outcome(item) for item in found]
        assert [value for value in got if isinstance(value, dict)] == records, got
        assert got[len(got) - len(records):] == records, got
        assert 1 <= len(got) - len(records) <= len(lines), got


class TestLinesHoldingNoRecord:
    """JSON Lines whose lines hold ``[]`` or ``""`` among the records."""

    @settings(max_examples=40, deadline=None, suppress_health_check=FUNCTION_SCOPED,
              database=None)
    @given(st.lists(st.sampled_from(("record", "[]", '""')), min_size=1, max_size=6),
           st.sampled_from((".jsonl", "stdin", "stdin3")))
    def test_each_line_is_read_as_a_line_labelled_by_it(
            self, tmp_path: Path, kinds: list[str], how: str) -> None:
        """A record a line is read, ``""`` is one problem and ``[]`` at most one, each
        labelled by its line, whatever the first line holds."""
        lines = [json.dumps(as_dict(number, "n")) if kind == "record" else kind
                 for number, kind in enumerate(kinds)]
        found = read(("\n".join(lines) + "\n").encode(), how, tmp_path)
        records = [as_dict(number, "n") for number, kind in enumerate(kinds)
                   if kind == "record"]
        assert [outcome(item) for item in found if isinstance(outcome(item), dict)] == records
        strings = [number for number, kind in enumerate(kinds, start=1) if kind == '""']
        said = {int(item.source.rsplit(":", 1)[1]) for item in found}
        assert set(strings) <= said
        assert len(found) <= len(kinds)
        for item in found:
            number = int(item.source.rsplit(":", 1)[1])
            assert kinds[number - 1] == "record" or outcome(item) != "problem" \
                or item.source.endswith(f":{number}")


class TestSequenceAppended:
    """``jq --seq`` output appended after JSON of another layout (``>>``, ``cat``)."""

    @settings(max_examples=150, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(first=st.sampled_from(APPENDED_LAYOUTS), before=st.integers(1, 3),
           after=st.integers(1, 3), pretty=st.booleans(), final=st.booleans(),
           way=st.sampled_from(READ_WAYS), seed=st.integers(0, 1000),
           sequence_first=st.booleans(), title=st.booleans())
    @example(first="array", before=2, after=2, pretty=False, final=True, way="json",
             seed=0, sequence_first=False, title=False)  # (``jq . a.json > all.json; jq
    # --seq -c '.[]' b.json >> all.json``)
    @example(first="stream", before=1, after=3, pretty=False, final=False, way="stdin",
             seed=0, sequence_first=False, title=False)  # (a jq stream without its final
    # line end: 1 result for 4)
    @example(first="mongo", before=1, after=3, pretty=False, final=True, way="json", seed=0,
             sequence_first=True, title=False)  # (a mongoexport array after a sequence: 5
    # for 4)
    @example(first="array", before=2, after=2, pretty=True, final=True, way="json", seed=0,
             sequence_first=False, title=True)  # (a title above: the two records of the
    # sequence one problem each)
    def test_every_record_of_a_sequence_appended_after_other_json_is_read(
            self, tmp_path_factory: pytest.TempPathFactory, first: str, before: int,
            after: int, pretty: bool, final: bool, way: str, seed: int,
            sequence_first: bool, title: bool) -> None:
        """JSON of any layout (its final line end or not), then an RFC 7464 sequence
        appended (compact or pretty records, a RS before each): a RS starts a record
        wherever it comes, and every record is read back in order, from a ``.json`` or
        ``.jsonl`` file, standard input whole or in pieces, or said to be JSON Lines (the
        service). Before, a record was lost into a problem beside a phantom one (5 results
        for 4), all were lost after a jq stream without its final line end (1 for 4), and
        after JSON Lines the sequence's records were each "not valid JSON" (59 of 66
        generated files). The other order too: a sequence, its last line end there or not,
        then JSON of any layout (a ``mongoexport --jsonArray`` array after it gave a phantom
        problem). A title line above the whole is one problem, the records read the same
        (before, two of the sequence's records were one problem each)."""
        assume(not title or way != "jsonl" or first not in ("column0", "one_a_line"))  # (a
        # title above an array of records at the first column in a ``.jsonl`` file: its
        # records lost with no sequence after it too, a limit of its own)
        head = appended_apps(before, 0)
        tail = appended_apps(after, before)
        text = laid_out_too(first, tail if sequence_first else head)
        sequence = "".join("\x1e" + json.dumps(app, indent=2 if pretty else None) + "\n"
                           for app in (head if sequence_first else tail))
        if sequence_first:
            data = ((sequence if final else sequence.rstrip("\n")) + text).encode()
        else:
            data = ((text if final else text.rstrip("\r\n")) + sequence).encode()
        data = b"Applications June 2026\n" * title + data
        out = read_way(data, way, tmp_path_factory, seed)
        if title:
            assert problem(out[0]) is not None, out[0]
            out = out[1:]
        assert [outcome_of(item) for item in out] == [(None, app) for app in head + tail], [
            (item.source, problem(item)) for item in out]


def _stray_separator_laid_out(layout: str, apps: list[dict[str, Any]]) -> str:
    """``apps`` as a pretty array, an envelope, an array of a record a line, JSON Lines."""
    if layout == "array":
        return json.dumps(apps, indent=2) + "\n"
    if layout == "envelope":
        return json.dumps({"applications": apps}, indent=2) + "\n"
    lines = [json.dumps(app) for app in apps]
    if layout == "one_a_line":
        return "[\n" + ",\n".join(lines) + "\n]\n"
    return "".join(line + "\n" for line in lines)


class TestStrayRecordSeparator:
    @settings(max_examples=100, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(count=st.integers(2, 4), layout=st.sampled_from(("array", "envelope", "one_a_line",
                                                            "jsonl")),
           where=st.sampled_from(("after_open", "between", "string")), which=st.integers(0, 3),
           opened=st.sampled_from(("{", "[")), way=st.sampled_from(READ_WAYS),
           seed=st.integers(0, 1000))
    @example(count=4, layout="envelope", where="between", which=0, opened="{", way="json",
             seed=0)  # (3 results for 4: the records after it lost)
    @example(count=4, layout="array", where="between", which=0, opened="{", way="json",
             seed=0)  # (5 for 4)
    @example(count=4, layout="one_a_line", where="after_open", which=0, opened="{",
             way="json", seed=0)  # (5 for 4)
    @example(count=4, layout="jsonl", where="string", which=1, opened="[", way="jsonl",
             seed=0)  # (6 for 4)
    def test_a_stray_record_separator_inside_json_loses_no_record(
            self, tmp_path_factory: pytest.TempPathFactory, count: int, layout: str,
            where: str, which: int, opened: str, way: str, seed: int) -> None:
        """A record separator (0x1E) where no appended ``jq --seq`` sequence starts (inside a
        string, after an array's ``[``, after the comma between two elements of an array
        or an envelope's list), a ``{`` or ``[`` after it: no sequence starts there, every
        record is one result in its place, each judged but the one holding it in a string
        (one problem). Before (since a sequence appended after JSON was looked for), the
        records after it were lost (3 results for 4) or gained a phantom (5, 6 for 4)."""
        which = min(which, count - 2)
        apps = [{**EXAMPLE, "id": f"A-{n}", "note": f"N{n}"} for n in range(count)]
        text = _stray_separator_laid_out(layout, apps)
        if where == "after_open" and layout == "envelope":  # (one after its list's
            where = "between"  # ``[`` spoils the envelope whole, as before this change)
        if where == "string":
            text = text.replace(f'"N{which}"', f'"see \x1e{opened}1] ok"')
        elif where == "after_open" and layout != "jsonl":
            at = text.index("[")
            text = text[:at + 1] + "\x1e" + text[at + 1:]
        elif where == "between" and layout != "jsonl":
            at = text.rindex("{", 0, text.index(f'"A-{which + 1}"'))  # (its opening brace)
            comma = text.rindex(",", 0, at) + 1
            text = text[:comma] + "\x1e" + text[comma:]
        else:  # (after a line of JSON Lines, a separator there may start a sequence)
            text = text.replace(f'"N{which}"', f'"see \x1e{opened}1] ok"')
            where = "string"
        out = read_way(text.encode(), way, tmp_path_factory, seed)
        meant = [(None, app) for app in apps]
        found = [outcome_of(item) for item in out]
        assert len(found) == count, [(item.source, problem(item)) for item in out]
        assert [found[n] for n in range(count) if where != "string" or n != which] == [
            meant[n] for n in range(count) if where != "string" or n != which]
        assert where != "string" or found[which][0] is not None
