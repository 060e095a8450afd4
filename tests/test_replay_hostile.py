"""Replaying decision records: any record, however malformed or edited, gives a result or a
typed error, and an edit of what a replay judges by is caught."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import re
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given
from hypothesis import strategies as st

import callrules
from callrules import _cli
from callrules._cli import main
from callrules._jsontext import RepeatedKeyError, read_json
from callrules._sources import records as check_records
from tests.conftest import eligible_dict
from tests.laws import settings
from tests.test_replay_work import _one_per_host, hosts_in_turn
from tests.test_strict_input import objects, with_repeat

NOW = datetime(2026, 5, 1, 10, tzinfo=UTC)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                max_size=3), max_leaves=8)
PARTS = ("record_version", "call", "input", "input_digest", "now", "batch", "verdict",
         "record_digest", "library_version", "batch_rules", "zone_database")


#: What a record of version 2 seals (``record_digest``), and the input it seals by digest.
SEALED = ("record_version", "now", "input_digest", "batch", "verdict", "record_digest",
          "input")


@pytest.fixture(scope="module")
def batched() -> dict[str, Any]:
    """The record of the second of two applications from one host: not eligible, by a
    finding of the batch."""
    call = callrules.calls.load("cnrs-amsud-2026")
    first = eligible_dict()
    second = {**copy.deepcopy(first), "id": "second"}
    second["submitted_at"] = "2026-05-01T09:00:00+00:00"
    first["submitted_at"] = "2026-04-30T09:00:00+00:00"
    result = callrules.evaluate_many(call, [first, second], now=NOW, progress=False)
    report = result[1].report
    assert report is not None and not report.eligible
    return callrules.decision_record(call, second, now=NOW, report=report)


@pytest.fixture(scope="module")
def record() -> dict[str, Any]:
    call = callrules.calls.load("cnrs-amsud-2026")
    return callrules.decision_record(call, eligible_dict(), now=NOW)


class TestAnyRecord:
    @settings(max_examples=80, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(part=st.sampled_from(PARTS), value=json_values, nested=st.booleans())
    def test_a_malformed_record_is_a_typed_error(self, record: dict[str, Any], part: str,
                                                 value: Any, nested: bool) -> None:
        """Any part replaced by any JSON value (or a finding's field, or the input's id):
        a result or a typed error (an unknown call named in it is one too)."""
        bad = copy.deepcopy(record)
        if nested and part == "verdict":
            bad["verdict"]["findings"] = [{"clause": value, "code": 1, "severity": "error",
                                           "path": "x"}, {"clause": "a", "code": "b",
                                                          "severity": "error", "path": "y"}]
        elif nested and part == "input":
            bad["input"]["id"] = value
        else:
            bad[part] = value
        with contextlib.suppress(callrules.CallrulesError):  # typed, or a result
            callrules.replay(bad)

    @pytest.mark.parametrize("line", [
        b'\xff\xfe{"record_version": 2}', b"[" * 100_000 + b"]" * 100_000,
        b'{"n": ' + b"9" * 5000 + b"}", b'{"record_version": 2, "input": "\\ud800"}',
        b'"just a string"', b"{oops"], ids=["not-utf8", "deep", "huge-int", "surrogate",
                                           "string", "not-json"])
    def test_a_hostile_line_exits_2_without_a_traceback(self, tmp_path: Path,
                                                        line: bytes) -> None:
        """Each line is refused in words, with its place."""
        file = tmp_path / "r.jsonl"
        file.write_bytes(line + b"\n")
        err = io.StringIO()
        assert main(["replay", str(file)], out=io.StringIO(), err=err) == 2
        assert f"{file}:1" in err.getvalue() or "decision record" in err.getvalue()

    def test_a_lone_surrogate_in_the_input_is_refused_or_replayed(
            self, record: dict[str, Any]) -> None:
        """Text that is not valid Unicode does not escape as UnicodeEncodeError."""
        bad = copy.deepcopy(record)
        bad["input"]["id"] = "\ud800"
        with pytest.raises(callrules.InputError):
            callrules.replay(bad)


class TestEditsAreCaught:
    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(eligible=st.booleans(), codes=st.lists(st.sampled_from(["duplicate", "too_late"]),
                                                  max_size=2))
    def test_verdict_and_batch_edited_together_do_not_replay_as_same(
            self, record: dict[str, Any], eligible: bool, codes: list[str]) -> None:
        """Whatever the edit of the verdict and the batch findings, the record is refused as
        altered unless it is the record as written."""
        edited = copy.deepcopy(record)
        found = [{"clause": "one-per-host", "code": c, "severity": "error",
                  "path": "host.person.email"} for c in codes]
        edited["batch"] = found
        edited["verdict"] = {"eligible": eligible, "findings": found}
        if edited == record:
            assert callrules.replay(edited).same
            return
        with pytest.raises(callrules.InputError, match="altered"):
            callrules.replay(edited)

    @settings(max_examples=120, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(part=st.sampled_from(SEALED), value=json_values, version=st.sampled_from(
        [2, 1, None]), drop_digest=st.booleans(), batch_too=st.booleans())
    def test_an_edit_of_a_sealed_field_never_replays_as_the_same_verdict(
            self, batched: dict[str, Any], part: str, value: Any, version: int | None,
            drop_digest: bool, batch_too: bool) -> None:
        """Law: any edit of what a record seals, in a record of any version (downgraded to
        version 1, its digest removed or not, its batch findings cleared too), is refused
        with a typed error, never replayed as the same verdict."""
        edited = copy.deepcopy(batched)
        edited[part] = value
        if batch_too:
            edited["batch"] = []
        if version is not None:
            edited["record_version"] = version
        if drop_digest:
            edited.pop("record_digest", None)
        if edited == batched:
            return
        try:
            outcome = callrules.replay(edited)
        except callrules.CallrulesError:
            return
        assert not outcome.same, (part, value)

    @pytest.mark.parametrize("version", [1, True, 1.0, "1"])
    def test_a_record_of_version_1_is_not_replayed(self, record: dict[str, Any],
                                                   version: Any) -> None:
        """Version 1 sealed neither verdict nor batch findings: refused as unsealed, even as
        written (a version 2 record turned into one cannot pass for it)."""
        old = {k: v for k, v in record.items() if k != "record_digest"}
        old["record_version"] = version
        with pytest.raises(callrules.InputError) as info:
            callrules.replay(old)
        (problem,) = info.value.problems
        assert problem.type == ("unsealed_record" if version == 1 and type(version) is int
                                else "bad_record")

    def test_the_attackers_downgrade_exits_2(self, tmp_path: Path,
                                             batched: dict[str, Any]) -> None:
        """A version 2 record with a duplicate, turned into version 1 with its verdict and
        batch cleared: `callrules replay` exits 2 (refused), not 0 (same)."""
        old = {k: v for k, v in batched.items() if k != "record_digest"}
        old.update(record_version=1, batch=[], verdict={"eligible": True, "findings": []})
        file = tmp_path / "r.jsonl"
        file.write_text(json.dumps(old) + "\n", encoding="utf-8")
        err = io.StringIO()
        assert main(["replay", str(file)], out=io.StringIO(), err=err) == 2
        assert "version 1" in err.getvalue()


def test_records_are_json(record: dict[str, Any]) -> None:
    """A record survives a JSON round trip and replays the same."""
    assert callrules.replay(json.loads(json.dumps(record))).same


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    """Four records of eligible applications, R0 to R3."""
    call = callrules.calls.load("cnrs-amsud-2026")
    return [callrules.decision_record(call, {**eligible_dict(), "id": f"R{n}"}, now=NOW)
            for n in range(4)]


def _damaged(record: dict[str, Any], kind: str) -> bytes:
    """A record's line, damaged in one of the ways an attacker or an accident does."""
    text = json.dumps(record, ensure_ascii=False)
    if kind == "cut":  # (each record at its own place: records of one length all cut at
        # their half are lines of one width, a shorter line after them, as ``fold -w`` writes
        # a wrapped record, which every reader joins as such; not an accident's damage)
        return text[:len(text) // 2 + 7 * int(record["input"]["id"][1:])].encode()
    if kind == "half":
        return text[:len(text) // 2].encode()
    if kind == "not-utf8":
        return b"\xff" + text.encode()
    if kind == "repeated-key":
        return with_repeat(record, ("input",), "id", "EVIL", True).encode()
    if kind == "altered":
        return json.dumps({**record, "now": "2026-01-01T00:00:00+00:00"}).encode()
    return b'"not a record"'


def _first_named(file: Path) -> str:
    """How replay names the first record of ``file`` not replayed: by the line it starts on
    where ``check`` names one (``r.jsonl:1``), else by its rank (an element: ``r.json[0]``)."""
    source = next(iter(callrules.records(str(file)))).source
    return f"line {source.rsplit(':', 1)[1]}" if re.search(r":\d+\Z", source) else "record 1"


class TestEveryLineReplayedOrReported:
    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(damage=st.lists(st.sampled_from([None, "cut", "not-utf8", "repeated-key",
                                            "altered", "string"]), min_size=1, max_size=4))
    def test_each_line_is_replayed_or_reported_in_place(
            self, records: list[dict[str, Any]], tmp_path: Path,
            damage: list[str | None]) -> None:
        """Law: N lines in, N answers out, in order: a damaged line (anywhere: first, in the
        middle, last) is reported where it is, and the lines after it are still replayed;
        the exit code is 2 if any line was damaged, else 0."""
        file = tmp_path / "r.jsonl"
        file.write_bytes(b"".join(
            (json.dumps(records[n]).encode() if kind is None else _damaged(records[n], kind))
            + b"\n" for n, kind in enumerate(damage)))
        out, err = io.StringIO(), io.StringIO()
        code = main(["replay", str(file)], out=out, err=err)
        answers = [line for line in out.getvalue().splitlines() if not line.startswith(" ")]
        assert answers == [f"R{n}: same verdict" if kind is None else
                           f"line {n + 1}: NOT REPLAYED" for n, kind in enumerate(damage)]
        assert code == (2 if any(damage) else 0)
        assert err.getvalue().count(f"{file}:") == sum(map(bool, damage))

    def test_a_record_cut_in_a_string_then_a_text_alone_are_two_lines(
            self, records: list[dict[str, Any]], tmp_path: Path) -> None:
        """A record cut inside a string, then a JSON text alone on its line, then another
        cut so (the law's random example ``['cut', 'string', 'cut', None]``, each cut at its
        half, of one width): each line one result, from a file and standard input, and each
        line replayed or reported. Before, the first three were read as one document, one
        problem (``record 1``, 2 answers for 4)."""
        data = b"".join((_damaged(records[n], kind) if kind else json.dumps(
            records[n]).encode()) + b"\n" for n, kind in enumerate(["half", "string", "half",
                                                                  None]))
        file = tmp_path / "r.jsonl"
        file.write_bytes(data)
        for read in (callrules.records(file), callrules.records("-", stdin=io.BytesIO(data))):
            assert [item.source.rsplit(":", 1)[1] for item in read] == ["1", "2", "3", "4"]
        out, err = io.StringIO(), io.StringIO()
        assert main(["replay", str(file)], out=out, err=err) == 2
        assert [line for line in out.getvalue().splitlines() if not line.startswith(" ")] == [
            "line 1: NOT REPLAYED", "line 2: NOT REPLAYED", "line 3: NOT REPLAYED",
            "R3: same verdict"]

    @pytest.mark.skipif(os.name == "nt", reason="no colon in a Windows file's name")
    def test_a_file_whose_name_ends_in_a_number_names_its_record_by_its_rank(
            self, tmp_path: Path) -> None:
        """A file named ``decisions:9`` holding one record laid out over lines: the record is
        named by its rank, ``record 1``, as in any other file, never ``line 9`` (the number
        is the file's name, not a line the reader names)."""
        file = tmp_path / "decisions:9"
        file.write_text('{\n  "not": "a decision record"\n}\n', encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        assert main(["replay", str(file)], out=out, err=err) == 2
        assert out.getvalue().splitlines()[0] == "record 1: NOT REPLAYED"

    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(cut=st.integers(0, 2), at=st.floats(0, 1, exclude_max=True))
    def test_a_record_cut_without_its_line_end_leaves_the_next_replayed(
            self, records: list[dict[str, Any]], tmp_path: Path, cut: int, at: float) -> None:
        """Law: a record cut short without its line end (a run killed, another records file
        appended after it) is one problem in its place, and the whole record glued after it
        on its line is replayed, as check reads such a line of applications."""
        lines = [json.dumps(record).encode() for record in records]
        lines[cut] = lines[cut][:2 + int(at * (len(lines[cut]) - 2))]  # ("{" alone: a brace
        # doubled in the next record, one damaged record, as check reads it)
        file = tmp_path / "r.jsonl"
        file.write_bytes(b"\n".join(lines[:cut] + [lines[cut] + lines[cut + 1]]
                                    + lines[cut + 2:]) + b"\n")
        out, err = io.StringIO(), io.StringIO()
        code = main(["replay", str(file)], out=out, err=err)
        answers = [line for line in out.getvalue().splitlines() if not line.startswith(" ")]
        assert answers == [f"line {cut + 1}: NOT REPLAYED" if n == cut else
                           f"R{n}: same verdict" for n in range(len(records))]
        assert code == 2


class TestPrettyRecordsThatLostTheirHead:
    @settings(max_examples=20, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(layout=st.sampled_from(("jq", "array")), place=st.floats(0.01, 0.9),
           name=st.sampled_from(("r.jsonl", "r.json", "r.txt")))
    @example(layout="jq", place=0.01, name="r.jsonl")  # (1,147 lines not replayed, none
    # replayed: the attacker's file)
    def test_the_head_s_remains_are_one_record_not_replayed(
            self, records: list[dict[str, Any]], tmp_path: Path, layout: str, place: float,
            name: str) -> None:
        """Law: pretty-printed decision records (``jq .``, an array) that lost their first
        lines (a terminal's scrollback, ``tail -n``): the first record's remains are one
        record not replayed, every record after it replayed, as check reads such a file.
        Before, each line was one record not replayed."""
        texts = [json.dumps(record, indent=2) for record in records]
        if layout == "array":
            text = "[\n" + ",\n".join("\n".join("  " + line for line in item.split("\n"))
                                       for item in texts) + "\n]\n"
        else:
            text = "\n".join(texts) + "\n"
        lines = text.split("\n")
        first = texts[0].count("\n") + (1 if layout == "array" else 0)
        cut = 2 + int(place * (first - 2))
        file = tmp_path / name
        file.write_text("\n".join(lines[cut:]), encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        code = main(["replay", str(file)], out=out, err=err)
        answers = [line for line in out.getvalue().splitlines() if not line.startswith(" ")]
        first = _first_named(file)
        assert answers == [f"{first}: NOT REPLAYED"] + [
            f"R{n}: same verdict" for n in range(1, len(records))], answers[:5]
        assert code == 2


class TestWrappedRecords:
    @settings(max_examples=20, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(width=st.integers(40, 200), crlf=st.booleans(), count=st.integers(1, 4))
    @example(width=80, crlf=False, count=4)  # (the attacker's file: 227 lines not
    # replayed for 5 records)
    # random seeds (session 48): a first piece ending at a string's closing quote, the
    # next starting with the brace closing its object (``"…"`` then ``}, "library_version"``):
    # not taken for a wrap's piece, each of 20 lines not replayed
    @example(width=155, crlf=False, count=1)
    def test_records_wrapped_at_a_width_are_each_replayed_once(
            self, records: list[dict[str, Any]], tmp_path: Path, width: int, crlf: bool,
            count: int) -> None:
        """Law: decision records wrapped at a width (``fold -w 80``, a mail's lines), each
        over many lines: every record replayed, one answer each, as ``check`` reads such a
        file of applications. Before, each piece of a line was one line not replayed."""
        end = "\r\n" if crlf else "\n"
        text = "".join(
            end.join(line[at:at + width] for at in range(0, len(line), width)) + end
            for line in (json.dumps(record) for record in records[:count]))
        file = tmp_path / "r.jsonl"
        file.write_bytes(text.encode())
        out, err = io.StringIO(), io.StringIO()
        code = main(["replay", str(file)], out=out, err=err)
        answers = [line for line in out.getvalue().splitlines() if not line.startswith(" ")]
        assert answers == [f"R{n}: same verdict" for n in range(count)], answers[:5]
        assert code == 0


    @settings(max_examples=20, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(width=st.integers(40, 200), crlf=st.booleans(), count=st.integers(2, 4),
           lost=st.integers(1, 3), name=st.sampled_from(("r.jsonl", "r.json", "r.txt")))
    @example(width=80, crlf=False, count=4, lost=2, name="r.jsonl")  # (the attacker's
    # file: 366 lines not replayed, none replayed, for 5 records check reads as 5)
    def test_records_wrapped_at_a_width_that_lost_their_head_replay_as_check_reads_them(
            self, records: list[dict[str, Any]], tmp_path: Path, width: int, crlf: bool,
            count: int, lost: int, name: str) -> None:
        """Law: decision records wrapped at a width (``fold -w 80``) whose first lines were
        lost (``tail -n``, a terminal's scrollback): as many answers as ``check`` reads
        results, the first record's remains one record not replayed, every record after
        it replayed. Before, each line was one line not replayed, none replayed."""
        end = "\r\n" if crlf else "\n"
        lines = [piece for line in (json.dumps(record) for record in records[:count])
                 for piece in (line[at:at + width] for at in range(0, len(line), width))]
        assume(len(json.dumps(records[0])) > (lost + 1) * width)
        file = tmp_path / name
        file.write_bytes((end.join(lines[lost:]) + end).encode())
        out, err = io.StringIO(), io.StringIO()
        code = main(["replay", str(file)], out=out, err=err)
        answers = [line for line in out.getvalue().splitlines() if not line.startswith(" ")]
        assert len(answers) == len(list(callrules.records(str(file))))
        first = _first_named(file)
        assert answers == [f"{first}: NOT REPLAYED"] + [
            f"R{n}: same verdict" for n in range(1, count)], answers[:5]
        assert code == 2


#: Colour codes as ``jq -C`` writes them around a record's tokens.
_COLOURED = re.compile(r'("(?:[^"\\]|\\.)*"\s*:?|[{}\[\],])')


def _coloured(text: str) -> str:
    """``text`` (JSON) with terminal colour codes around its keys, strings and brackets."""
    return _COLOURED.sub(lambda match: f"\x1b[1;39m{match.group()}\x1b[0m", text)


class TestAFileOfRecordsAsItComes:
    @settings(max_examples=30, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(layout=st.sampled_from(("lines", "pretty", "array", "comma after each",
                                   "comma first", "comma-first array", "array a line")),
           coloured=st.booleans(),
           padding=st.sampled_from(("", "\x1a", "\x00" * 512, "\n\x00\x00\n", "\x0c\n")),
           piped=st.booleans())
    @example(layout="lines", coloured=False, padding="", piped=True)  # (F7: a pipe)
    @example(layout="lines", coloured=False, padding="\x1a", piped=False)  # (F11: Ctrl-Z)
    @example(layout="lines", coloured=True, padding="", piped=False)  # (jq -C -c)
    def test_every_record_is_replayed_from_a_pipe_with_colours_or_padding(
            self, records: list[dict[str, Any]], tmp_path: Path, layout: str,
            coloured: bool, padding: str, piped: bool) -> None:
        """Law: a file of records replays each of its records, exit 0, laid out as
        ``check`` reads a batch (one a line, pretty, an array; each followed by a comma or
        the comma first on lines 2..n: an array's body copied; an array comma first or a
        record a line: before, these were NOT REPLAYED, "not valid JSON"), whether it comes
        from a pipe (``… | callrules replay /dev/stdin``: read once, never sought back;
        before, nothing was replayed and standard output was said to have failed) or a
        file, in colours (``jq -C``) or not, with the padding after its last record that
        ``check`` takes for padding (a final Ctrl-Z, NUL bytes, a form feed: before, one
        NOT REPLAYED and exit 2)."""
        texts = [json.dumps(record, indent=2 if layout == "pretty" else None)
                 for record in records]
        text = {"array": "[" + ",".join(texts) + "]\n",
                "comma after each": "".join(line + ",\n" for line in texts),
                "comma first": "\n, ".join(texts) + "\n",
                "comma-first array": "[ " + "\n, ".join(texts) + "\n]\n",
                "array a line": "[" + ",\n".join(texts) + "\n]\n",
                }.get(layout) or "".join(line + "\n" for line in texts)
        data = ((_coloured(text) if coloured else text) + padding).encode()
        out, err, code = _replayed(data, piped, tmp_path)
        assert (out.getvalue().splitlines(), err.getvalue(), code) == (
            [f"R{n}: same verdict" for n in range(len(records))], "", 0)


#: Padding ``check`` passes over around a record (a NUL, Ctrl-Z, a form feed, a vertical
#: tab, a no-break, zero-width or ideographic space, DEL, EOT, U+2028, NEL, a byte-order
#: mark), and the quote marks of a mail reply.
_PADS = ("\x00", "\x1a", "\x0c", "\x0b", "\xa0", "\u200b", "\x7f", "\x04", "\u3000",
         "\u2028", "\x85", "\ufeff")
_QUOTES = ("", "> ", ">", "> > ", ">> ")


def _decorated(lines: list[str], pads: list[tuple[int, str, str]], quote: str) -> bytes:
    """``lines`` (a record's or an application's each) with ``pads`` (the line, the padding,
    where: before it, after it, or on a line of its own after it) and each line quoted."""
    out = []
    for number, line in enumerate(lines):
        own = [pad for at, pad, where in pads if at == number and where == "line"]
        line = "".join(pad for at, pad, where in pads if at == number and where == "before"
                       ) + line + "".join(pad for at, pad, where in pads
                                          if at == number and where == "after")
        out += [line, *own]
    return "".join(quote + line + "\n" for line in out).encode()


class TestReplayReadsAsCheckReads:
    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(pads=st.lists(st.tuples(st.integers(0, 3), st.sampled_from(_PADS),
                                   st.sampled_from(("before", "after", "line"))), max_size=3),
           quote=st.sampled_from(_QUOTES))
    @example(pads=[(2, "\x00", "before")], quote="")  # (41a F3: "not valid JSON")
    @example(pads=[(2, "\x00", "line")], quote="")  # (an extra record, exit 2)
    @example(pads=[(1, "\ufeff", "after")], quote="")
    @example(pads=[], quote="> ")  # (a file of records quoted in a mail reply)
    def test_padding_and_quoting_are_read_as_check_reads_them(
            self, records: list[dict[str, Any]], tmp_path: Path,
            pads: list[tuple[int, str, str]], quote: str) -> None:
        """Law: decision records one a line, padded as ``check`` lets a batch be padded (NUL,
        Ctrl-Z, a form feed, a no-break or zero-width space, U+2028, NEL… before a record's
        line, after it, or on a line of its own) and quoted as a mail reply quotes (``> ``,
        ``>``, nested), are replayed as ``check`` reads the applications they hold padded
        and quoted alike: the same records, and nothing else said (before, 30 of 36
        paddings and 5 of 5 quoted records were NOT REPLAYED, "not valid JSON", or a line of
        padding an extra record, exit 2)."""
        inputs = tmp_path / "a.jsonl"
        inputs.write_bytes(_decorated([json.dumps(r["input"]) for r in records], pads, quote))
        read = [json.loads(item.data)["id"] for item in check_records(str(inputs))]
        file = tmp_path / "r.jsonl"
        file.write_bytes(_decorated([json.dumps(r) for r in records], pads, quote))
        out, err = io.StringIO(), io.StringIO()
        code = main(["replay", str(file)], out=out, err=err)
        assert (out.getvalue().splitlines(), err.getvalue(), code) == (
            [f"{name}: same verdict" for name in read], "", 0)

    @settings(max_examples=30, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(damage=st.lists(st.sampled_from([None, "cut", "not-utf8", "repeated-key", "altered",
                                            "string"]), min_size=1, max_size=3),
           pad=st.tuples(st.integers(0, 2), st.sampled_from(_PADS),
                         st.sampled_from(("before", "after", "line"))),
           quote=st.sampled_from(_QUOTES), piped=st.booleans())
    @example(damage=["string"], pad=(0, "\x0c", "before"), quote="", piped=False)  # (read
    # as an indented line of a record printed over lines: "record 1")
    @example(damage=["cut"], pad=(0, "\x00", "before"), quote="", piped=False)  # (a NUL:
    # said UTF-16 text, "record 1")
    @example(damage=[None, "cut"], pad=(0, "\x00", "after"), quote="> ", piped=True)
    def test_a_damaged_record_padded_or_quoted_is_named_by_its_line(
            self, records: list[dict[str, Any]], tmp_path: Path, damage: list[str | None],
            pad: tuple[int, str, str], quote: str, piped: bool) -> None:
        """Law: in a file of records one a line, padded and quoted as ``check`` lets a batch
        be, each damaged record is NOT REPLAYED named by its line, the others replayed, from
        a file or a pipe: padding is no sign of another layout (before, a NUL in the first
        bytes said UTF-16 text and a padded first line was an indented line of a record
        printed over lines: the records were named by their rank, "record 1")."""
        at, padding, where = pad
        lines: list[bytes] = []
        expected = []
        for n, kind in enumerate(damage):
            line = json.dumps(records[n]).encode() if kind is None else _damaged(records[n],
                                                                                 kind)
            if n == at and where != "line":
                line = padding.encode() + line if where == "before" else line + padding.encode()
            lines.append(quote.encode() + line)
            expected.append(f"R{n}: same verdict" if kind is None else
                            f"line {len(lines)}: NOT REPLAYED")
            if n == at and where == "line":
                lines.append((quote + padding).encode())
        data = b"".join(line + b"\n" for line in lines)
        out, _err, code = _replayed(data, piped, tmp_path)
        answers = [line for line in out.getvalue().splitlines() if not line.startswith(" ")]
        assert (answers, code) == (expected, 2 if any(damage) else 0)


def _written(fd: int, data: bytes) -> None:
    """``data`` written to the pipe ``fd``, which is then closed."""
    with os.fdopen(fd, "wb") as pipe:
        pipe.write(data)


def _replayed(data: bytes, piped: bool, tmp_path: Path) -> tuple[io.StringIO, io.StringIO, int]:
    """``callrules replay`` of ``data`` from a pipe (written by a thread) or a file: what it
    printed, what it said, and its exit code."""
    out, err = io.StringIO(), io.StringIO()
    if piped:
        read, write = os.pipe()
        writer = threading.Thread(target=_written, args=(write, data))
        writer.start()
        try:
            code = main(["replay", f"/dev/fd/{read}"], out=out, err=err)
        finally:
            writer.join()
            os.close(read)
    else:
        file = tmp_path / "r.jsonl"
        file.write_bytes(data)
        code = main(["replay", str(file)], out=out, err=err)
    return out, err, code


class TestNoKeyTwiceInARecord:
    @settings(max_examples=120, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(data=st.data(), extra=json_values, first=st.booleans())
    def test_any_key_given_twice_at_any_depth_is_refused_as_altered(
            self, record: dict[str, Any], tmp_path: Path, data: st.DataObject, extra: Any,
            first: bool) -> None:
        """Law: a record with any key written twice, in any object at any depth (the input,
        the verdict, a finding, ``now``…), whatever the other value, is refused
        (``duplicate_key``, exit 2), never "same verdict": a reader taking the first value
        would read another decision."""
        target, key = data.draw(st.sampled_from(objects(record)))
        file = tmp_path / "r.jsonl"
        file.write_text(with_repeat(record, target, key, extra, first) + "\n", "utf-8")
        out = io.StringIO()
        assert main(["replay", str(file)], out=out, err=io.StringIO()) == 2
        assert out.getvalue().startswith("line 1: NOT REPLAYED")
        with pytest.raises(RepeatedKeyError) as caught:
            read_json(file.read_bytes())
        assert caught.value.problem.loc == (*target, key)

    @settings(max_examples=120, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(data=st.data(), extra=json_values, first=st.booleans(),
           lang=st.sampled_from(["fr", "en", "es", "pt"]))
    def test_a_key_given_twice_through_escapes_is_named_with_its_part(
            self, record: dict[str, Any], tmp_path: Path, data: st.DataObject, extra: Any,
            first: bool, lang: str) -> None:
        """Law: a key given twice in any object, the second writing escaped (``"n\\u006fw"``
        is ``now``), is refused naming the key as read and the part of the record that
        holds it (the key above, and which item), in the reader's words, on standard
        output and standard error alike."""
        target, key = data.draw(st.sampled_from(objects(record)))
        pair = f"{json.dumps(key)}: {json.dumps(extra)}"
        escaped = '"' + "".join(f"\\u{ord(c):04x}" for c in key) + f'": {json.dumps(extra)}'
        text = with_repeat(record, target, key, extra, first).replace(pair, escaped, 1)
        file = tmp_path / "r.jsonl"
        file.write_text(text + "\n", "utf-8")
        out, err = io.StringIO(), io.StringIO()
        assert main(["replay", str(file), "--lang", lang], out=out, err=err) == 2
        told = out.getvalue().splitlines()[1]
        parts = [p for p in target if isinstance(p, str)]
        marks = ("«\u202f", "\u202f»") if lang == "fr" else ("«", "»") if lang == "es" \
            else ("“", "”")
        assert f"{marks[0]}{key}{marks[1]}" in told
        assert not parts or f"{marks[0]}{parts[-1]}{marks[1]}" in told
        assert told.strip() in err.getvalue()

    def test_a_line_over_the_limit_is_reported_without_being_held(
            self, records: list[dict[str, Any]], tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> None:
        """A line longer than the limit (a file of records is read line by line, each held
        whole) is ``too_large`` in place, read to its end without being kept; the lines
        around it are replayed."""
        lines = [json.dumps(r).encode() for r in records[:2]]
        monkeypatch.setattr(_cli, "MAX_RECORD_LINE", max(map(len, lines)) + 10)
        file = tmp_path / "r.jsonl"
        file.write_bytes(lines[0] + b"\n" + b"[" * 300_000 + b"\n" + lines[1] + b"\n"
                         + b" " * 200_000)
        out = io.StringIO()
        assert main(["replay", str(file)], out=out, err=io.StringIO()) == 2
        assert out.getvalue().splitlines() == [
            "R0: same verdict", "line 2: NOT REPLAYED", "  The record is too large to be read.",
            "R1: same verdict", "line 4: NOT REPLAYED", "  The record is too large to be read."]


class TestAnyLayoutOfRecords:
    @settings(max_examples=30, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(laid=st.lists(st.tuples(st.sampled_from([None, 2, 4]), st.booleans()),
                         min_size=1, max_size=4), array=st.booleans())
    @example(laid=[(None, False)] * 3 + [(2, False)], array=False).via(
        "JSON Lines ending in one pretty-printed record: 186 results for it")
    def test_n_records_in_any_layout_give_n_results(
            self, records: list[dict[str, Any]], tmp_path: Path,
            laid: list[tuple[int | None, bool]], array: bool) -> None:
        """Law: N records in, N results out, whatever their layout (one a line, each
        pretty-printed or not, mixed, or an array), read by the batch readers' rules: a
        damaged record (a value that is no JSON) is one problem, named by the line it starts
        on; the others are replayed, each as it would be alone, one a line. Before, a
        JSON Lines file ending in one pretty-printed record gave one result per line of it
        (189 results for 4 records); one opening pretty-printed named a damaged record by
        its rank (``record 2``), which a person cannot look up."""
        texts, starts, line = [], [], 1
        for n, (indent, damaged) in enumerate(laid):
            text = json.dumps(records[n], indent=indent)
            if damaged and not array:
                text = text.replace(f'"id": "R{n}"', f'"id": R{n}', 1)
            texts.append(text)
            starts.append(line)
            line += text.count("\n") + 1
        file = tmp_path / "r.jsonl"
        file.write_text(("[\n" + ",\n".join(texts) + "\n]" if array else "\n".join(texts))
                        + "\n", "utf-8")
        out, err = io.StringIO(), io.StringIO()
        code = main(["replay", str(file)], out=out, err=err)
        answers = [said for said in out.getvalue().splitlines() if not said.startswith(" ")]
        assert answers == [  # (a file opening pretty-printed too: laid out, read as
            # ``check`` reads it, each record named by its first line, not by its rank)
            f"line {starts[n]}: NOT REPLAYED"
            if damaged and not array else f"R{n}: same verdict"
            for n, (_, damaged) in enumerate(laid)]
        assert code == (2 if any(damaged for _, damaged in laid) and not array else 0)
        assert all(f"{file}:{starts[n]}" in err.getvalue()
                   for n, (_, damaged) in enumerate(laid) if damaged and not array)


class TestAFileOfRecordsIsBounded:
    @pytest.mark.parametrize("kind", ["device", "link to a device", "pipe", "folder"])
    def test_what_is_not_a_regular_file_is_not_opened(self, tmp_path: Path, kind: str
                                                      ) -> None:
        """A device, a link to one, a pipe with no writer or a folder is refused without
        being opened (it may never end), exit 2, in words, as ``check`` refuses it."""
        target = tmp_path / "records.jsonl"
        if kind == "device":
            target = Path("/dev/zero")
        elif kind == "link to a device":
            target.symlink_to("/dev/zero")
        elif kind == "pipe":
            os.mkfifo(target)
        else:
            target.mkdir()
        out, err = io.StringIO(), io.StringIO()
        assert main(["replay", str(target)], out=out, err=err) == 2
        assert "not a regular file" in err.getvalue() and out.getvalue() == ""

    @settings(max_examples=20, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(before=st.integers(0, 2), over=st.integers(1, 60_000), endless=st.booleans(),
           newline=st.booleans(), after=st.integers(0, 2))
    def test_a_line_without_end_stops_the_file(
            self, records: list[dict[str, Any]], tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch, before: int, over: int, endless: bool,
            newline: bool, after: int) -> None:
        """Any line longer than the limit is skipped to its end if it has one within the
        skip bound (``too_large``, the next lines replayed); past the bound it is
        ``record_without_end`` and the rest of the file is not read: the lines before it
        are replayed either way, and the exit code is 2."""
        lines = [json.dumps(r).encode() for r in records[:4]]
        limit = max(map(len, lines)) + 10
        monkeypatch.setattr(_cli, "MAX_RECORD_LINE", limit)
        monkeypatch.setattr(_cli, "MAX_LINE_SKIP", 3 << 16)
        newline = newline or not endless  # a line within the bound has its end
        long = b" " * (limit + over + (4 << 16 if endless else 0)) + b"\n" * newline
        file = tmp_path / "r.jsonl"
        file.write_bytes(b"".join(line + b"\n" for line in lines[:before]) + long
                         + b"".join(line + b"\n" for line in lines[:after]))
        out, err = io.StringIO(), io.StringIO()
        assert main(["replay", str(file)], out=out, err=err) == 2
        said = out.getvalue().splitlines()
        assert said[:before] == [f"R{i}: same verdict" for i in range(before)]
        assert said[before] == f"line {before + 1}: NOT REPLAYED"
        if endless:
            assert "without an end" in said[before + 1] and len(said) == before + 2
        else:
            assert said[before + 2:] == [f"R{i}: same verdict" for i in range(after)]


class _Proxy:
    """A lazy proxy of the caller's: asking its class raises (``error``, set per class)."""

    error: type[Exception] = ValueError

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        raise self.error("proxy")


class TestAnApplicationHoldsTheCallersObjects:
    @settings(max_examples=10, deadline=None)
    @given(error=st.sampled_from([ValueError, RuntimeError, KeyError, TypeError]),
           depth=st.integers(0, 3), lazy=st.booleans())
    def test_a_proxy_in_an_application_of_the_batch_runs_none_of_its_code(
            self, error: type[Exception], depth: int, lazy: bool) -> None:
        """An application of the batch holding, at any depth, a proxy whose class raises
        when asked: the replay answers as without it (``same``), the batch given as an
        iterator (read and weighed by the library) or as a list: weighing the batch held
        runs none of the proxy's code (reread77 F2: an untyped ``ValueError`` from an
        iterator batch)."""
        call, apps, made = hosts_in_turn(_one_per_host(), 2, 2)
        proxy = type(f"Proxy{error.__name__}", (_Proxy,), {"error": error})()
        extra: Any = proxy
        for _ in range(depth):
            extra = [extra] if depth % 2 else {"inner": extra}
        other = {**apps[1], "extra": extra}
        batch = iter([apps[0], other]) if lazy else [apps[0], other]
        assert callrules.replay(made[0], call, batch=batch).outcome == "same"
