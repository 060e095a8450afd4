"""Records cut or lost by a damage at the head of a file: what is left of a damaged record is
one problem at most, every whole record after it is read, whatever the way in."""

from __future__ import annotations

import io
import json
import re
import time
from pathlib import Path
from typing import Any

from hypothesis import assume, example, given
from hypothesis import strategies as st

import callrules
from callrules import _json_scan
from callrules._evaluate import read_json
from tests.conftest import eligible_batch
from tests.helpers import traced_peak
from tests.laws import settings

#: The ways in: a file by its name's suffix, standard input with the format said or not.
WAYS = ("file.json", "file.jsonl", "file", "stdin", "stdin json", "stdin jsonl")


def applications(count: int) -> list[dict[str, Any]]:
    """``count`` applications, each its own id and host."""
    return eligible_batch(f"APP-{number:04d}" for number in range(count))


def laid_out(apps: list[dict[str, Any]], layout: str) -> bytes:
    """``apps`` pretty-printed as ``layout`` says: ``"array 2"`` (one array, indent 2) or
    ``"jq 4"`` (one document a record, as ``jq .`` prints them, indent 4)."""
    indent = int(layout[-1])
    if layout.startswith("jq"):
        return "".join(json.dumps(app, indent=indent) + "\n" for app in apps).encode()
    return (json.dumps(apps, indent=indent) + "\n").encode()


def read(data: bytes, way: str, folder: Path) -> list[Any]:
    """What ``data`` reads as by ``way``: each record's value, or None for a problem."""
    if way.startswith("stdin"):
        said = way.split()[1] if " " in way else None
        items = callrules.records("-", stdin=io.BytesIO(data), input_format=said)
    else:
        path = folder / way.replace("file", "batch")
        path.write_bytes(data)
        items = callrules.records(path)
    return [value(item.data) for item in items]


def value(data: object) -> Any:
    """A record's value: a dict, or None for a problem (text read later, decoded here)."""
    if isinstance(data, str):
        try:
            data = read_json(data)
        except ValueError:
            return None
    return data if isinstance(data, dict) else None


def read_after(data: bytes, way: str, folder: Path, whole: list[str]) -> None:
    """``data`` read by ``way`` gives the records ``whole`` (ids) in order, after one
    problem at most."""
    found = read(data, way, folder)
    ids = [value.get("id") for value in found if value is not None]
    assert ids[-len(whole):] == whole if whole else True, (way, ids)
    assert len(found) <= len(whole) + 1, (way, len(found))
    assert ids == whole or (len(ids) == len(whole) + 1 and found[0] is not None), (way, ids)


class TestCompactArrayCutInItsFirstRecord:
    """A compact array on one line cut at any byte of its first record (``tail -c``, a
    download resumed at an offset)."""

    @settings(deadline=None, max_examples=60)
    @given(count=st.integers(2, 5), at=st.floats(0, 1), way=st.sampled_from(WAYS))
    @example(count=3, at=64 / 2000, way="stdin")
    @example(count=3, at=5 / 2000, way="stdin jsonl")
    @example(count=3, at=0.6, way="file.json")
    def test_the_cut_record_is_one_problem_at_most_and_every_record_after_it_is_read(
            self, count: int, at: float, way: str, tmp_path_factory: Any) -> None:
        """Cut anywhere in its first record (but its first byte, the array's ``[``, whose
        loss leaves every record whole, and its last), the array reads as what is left of
        that record, one problem, then every record after it, from a file of any name as
        from standard input."""
        apps = applications(count)
        data = json.dumps(apps, ensure_ascii=False).encode() + b"\n"
        second = data.index(b'{"id": "APP-0001"')
        cut = 2 + int(at * (second - 5))  # (the array's "[" and more lost, its "}" kept)
        folder = tmp_path_factory.mktemp("cut")
        read_after(data[cut:], way, folder, [app["id"] for app in apps[1:]])


class TestCompactArrayCutInAnyRecord:
    """A compact array on one line that lost its head down to a cut inside any record, its
    last too (session 33: a cut inside the last record, its inner objects read as records,
    2 to 9 results for 1 from a ``.json`` file and standard input said to be JSON)."""

    WAYS = ("file.json", "file.jsonl", "stdin", "stdin json", "stdin jsonl")

    @settings(deadline=None, max_examples=60)
    @given(count=st.integers(1, 4), record=st.integers(0, 3), at=st.floats(0, 1))
    @example(count=1, record=0, at=196 / 2000)  # (`` {"given_name": "Claire", …`` first)
    @example(count=3, record=2, at=92 / 2000)  # (``": {"given_name": …`` first)
    @example(count=2, record=1, at=4 / 2000)  # (``": "APP-0001", …`` first)
    def test_the_records_after_the_cut_are_read_alike_every_way_in(
            self, count: int, record: int, at: float, tmp_path_factory: Any) -> None:
        """Law: cut at any byte inside any record (but its first, the ``{``, and its last),
        the records after it are read whole, after one problem at most, the same from a
        file named ``.json`` or ``.jsonl`` and from standard input, its format said or
        not."""
        record = min(record, count - 1)
        apps = applications(count)
        data = json.dumps(apps, ensure_ascii=False).encode() + b"\n"
        start = data.index(f'{{"id": "APP-{record:04d}"'.encode())
        end = (data.index(f'{{"id": "APP-{record + 1:04d}"'.encode()) if record + 1 < count
               else len(data)) - 3  # (at the record's "}": ``}, `` or ``}]\n`` after it)
        cut = start + 1 + int(at * (end - start - 2))
        folder = tmp_path_factory.mktemp("any")
        found = [read(data[cut:], way, folder) for way in self.WAYS]
        assert all(each == found[0] for each in found), [len(each) for each in found]
        read_after(data[cut:], "stdin json", folder, [app["id"] for app in apps[record + 1:]])


def head_lost(apps: list[dict[str, Any]], lost: int, blanks: str) -> bytes:
    """``apps`` pretty-printed in an array that lost its first ``lost`` lines, ``blanks``
    inside what is left of its first record (before its budget)."""
    text = json.dumps(apps, indent=2, ensure_ascii=False).split("\n", lost)[lost]
    at = text.index('"budget"')
    return (text[:at] + blanks + text[at:]).encode()


class TestBlankLinesInAHeadLostRecord:
    """Blank lines inside the first record of a pretty-printed array that lost its first
    lines (the thirty-first round: 16,000 such lines took 185 s)."""

    @settings(deadline=None, max_examples=30)
    @given(count=st.integers(2, 4), lost=st.integers(2, 12),
           line=st.sampled_from(("\n", "\t \n", "  \r\n", "\t\t\t\n")),
           lines=st.sampled_from((1, 2, 50, 3000)), way=st.sampled_from(WAYS))
    @example(count=2, lost=11, line="\n", lines=1, way="file.json")  # (session 43: the
    # blanks typed inside the budget's indentation, its line at the first column, taken
    # for the records' level: the visitors read as records, 7 results for 2)
    def test_they_change_nothing(self, count: int, lost: int, line: str, lines: int,
                                 way: str, tmp_path_factory: Any) -> None:
        """What is left of the first record is one problem and every record after it is
        read, however many blank lines it holds."""
        apps = applications(count)
        data = head_lost(apps, lost, line * lines)
        read_after(data, way, tmp_path_factory.mktemp("blank"), [app["id"] for app in apps[1:]])

    def test_they_are_read_in_linear_time(self, tmp_path: Path) -> None:
        """Sixteen times as many blank lines take at most about sixteen times as long (the
        runs of blanks searched by patterns that never split one: ``benchmarks/
        blank_starts.py --runs`` measures them at 1x, 4x and 16x)."""
        apps = applications(4)
        taken = []
        for lines in (2_000, 32_000):
            path = tmp_path / f"blank{lines}.json"
            path.write_bytes(head_lost(apps, 5, "\t \n" * lines))
            start = time.process_time()
            found = list(callrules.records(path))
            taken.append(time.process_time() - start)
            assert len(found) == 4
        assert taken[1] < 16 * 3 * max(taken[0], 0.02)


class TestHeadAndBlockLost:
    """A pretty-printed array that lost its first lines (its ``[`` line alone, or more) and a
    block of lines inside a later record (the thirty-first round: 2 results for 5, 8 for 3)."""

    @settings(deadline=None, max_examples=40)
    @given(count=st.integers(3, 5), indent=st.sampled_from((2, 4)), lost=st.integers(1, 9),
           damaged=st.integers(1, 4), at=st.floats(0.05, 0.9), size=st.integers(1, 8),
           way=st.sampled_from(WAYS))
    @example(count=3, indent=2, lost=3, damaged=1, at=0.65, size=4, way="file.json")
    @example(count=5, indent=4, lost=1, damaged=3, at=0.5, size=4, way="stdin")
    @example(count=3, indent=2, lost=1, damaged=2, at=0.0546875, size=1, way="file.json")
    # (session 43: the "[" line lost and the last record's "host" line: the whole read as
    # the tail of a last record, one problem for 3)
    def test_every_whole_record_is_read(self, count: int, indent: int, lost: int,
                                        damaged: int, at: float, size: int, way: str,
                                        tmp_path_factory: Any) -> None:
        """The records neither cut nor holding the lost block are read, each once; what is
        left of the others is one problem each at most."""
        damaged = min(damaged, count - 1)
        apps = applications(count)
        lines = json.dumps(apps, indent=indent, ensure_ascii=False).split("\n")
        starts = [number for number, line in enumerate(lines) if line == " " * indent + "{"]
        first = starts[damaged] + 2
        last = (starts[damaged + 1] if damaged + 1 < count else len(lines) - 1) - 2
        block = first + int(at * (last - first - size))
        kept = lines[lost:block] + lines[block + size:]
        whole = [app["id"] for number, app in enumerate(apps)
                 if number != damaged and (number > 0 or lost == 1)]
        found = read("\n".join(kept).encode() + b"\n", way, tmp_path_factory.mktemp("block"))
        ids = [value.get("id") for value in found if value is not None]
        assert [i for i in ids if i != apps[damaged]["id"]] == whole, (way, ids)  # (the
        # damaged record may still read whole: its lost lines were whole members)
        assert len(found) <= count, (way, len(found))


#: The string patterns of :mod:`callrules._json_scan` before they were written as runs of
#: characters between escapes (each character kept a state: 130 bytes a character).
_OLD_LINE_ENDED = r'"(?:[^"\\\n]|\\[^\n])*(?:"|\\?(?=\n))'
_OLD_LINE_REST = r'(?:[^"\\\n]|\\[^\n])*(?:"|\\?(?=\n))'
_OLD_LINE_ENDED_REST = rb'(?:[^"\\\n]|\\[^\n])*(?:(")|\\?(?=\n)|(\\?)\Z)'


class TestLongStrings:
    """One record holding one long string (the thirty-first round: 5.86 MB held 780 MB)."""

    @settings(deadline=None, max_examples=200)
    @given(text=st.text(st.sampled_from('"\\\n a{}[]'), max_size=40))
    def test_strings_are_followed_as_before(self, text: str) -> None:
        """The patterns that follow strings ended at a line end match what they matched
        before, at the same places, in text and in bytes."""
        for new, old in ((_json_scan._LINE_ENDED, _OLD_LINE_ENDED),
                         (_json_scan._LINE_REST, _OLD_LINE_REST),
                         (_json_scan.LINE_ENDED_REST, _OLD_LINE_ENDED_REST)):
            written: Any = text.encode() if isinstance(old, bytes) else text
            for start in range(len(written) + 1):
                found, meant = (re.compile(pattern).match(written, start)
                                for pattern in (new, old))
                assert (found and (found.span(), found.groups())) == (
                    meant and (meant.span(), meant.groups()))

    def test_a_long_string_is_read_within_the_memory_bound(self, tmp_path: Path) -> None:
        """A JSON Lines record holding a string of 2 MB is read holding at most 40 bytes a
        byte of it (``benchmarks/damaged_elements.py --long-string`` measures 6 MB)."""
        text = json.dumps({"id": "R0", "note": "a" * 2_000_000}) + "\n"
        for name in ("long.json", "long.jsonl"):
            path = tmp_path / name
            path.write_text(text, encoding="utf-8")
            found, peak = traced_peak(lambda at=path: list(callrules.records(at)))
            assert len(found) == 1
            assert peak < 40 * len(text), (name, peak / len(text))


class TestJsonLinesNamedHeadLost:
    """A ``.jsonl`` file holding pretty-printed JSON that lost its first lines, cut inside
    a line (the thirty-first round: one problem a line, up to 55 results for 5)."""

    @settings(deadline=None, max_examples=40)
    @given(count=st.integers(2, 5), layout=st.sampled_from(("pretty 2", "pretty 4", "jq")),
           at=st.floats(0, 1))
    @example(count=5, layout="pretty 2", at=593 / 1900)
    def test_it_reads_as_the_same_bytes_named_json(self, count: int, layout: str, at: float,
                                                   tmp_path_factory: Any) -> None:
        """Cut anywhere in its first record, it gives what a ``.json`` file of the same bytes
        gives (``replay`` reads it so): every record after the first read, one problem at
        most before them."""
        apps = applications(count)
        if layout == "jq":
            text = "".join(json.dumps(app, indent=2, ensure_ascii=False) + "\n" for app in apps)
        else:
            text = json.dumps(apps, indent=int(layout[-1]), ensure_ascii=False) + "\n"
        data = text.encode()
        second = data.index(b'"APP-0001"') - 40
        data = data[3 + int(at * (second - 3)):]
        folder = tmp_path_factory.mktemp("named")
        whole = [app["id"] for app in apps[1:]]
        lines, json_read = (read(data, way, folder) for way in ("file.jsonl", "file.json"))
        assert len(lines) == len(json_read)
        read_after(data, "file.jsonl", folder, whole)


class TestHeadLostEveryWayIn:
    """Pretty-printed JSON that lost its first lines or bytes, read every way in (the
    thirty-second round: standard input said to be JSON Lines answered the first line alone,
    6 results for 5 in 70–93 of about 300 cuts a layout)."""

    @settings(deadline=None, max_examples=40)
    @given(count=st.integers(2, 4), layout=st.sampled_from(("array 2", "array 4", "jq 2",
                                                             "jq 4")),
           at=st.floats(0, 1), by_lines=st.booleans())
    @example(count=5, layout="array 2", at=596 / 1900, by_lines=False)  # (a string first:
    # 38 results for 5)
    @example(count=5, layout="jq 2", at=1941 / 3000, by_lines=False)  # (``],`` then a key)
    @example(count=5, layout="array 2", at=3433 / 6852, by_lines=False)  # (cut at an inner
    # object's ``{``, its indentation lost: 1 result for 5)
    @example(count=5, layout="jq 4", at=6813 / 8058, by_lines=False)  # (the same: 7 for 5)
    @example(count=5, layout="array 2", at=3795 / 6852, by_lines=False)  # (``3,``: a cut
    # inside a number, the first line starting with a digit)
    @example(count=5, layout="jq 4", at=7095 / 8058, by_lines=False)  # (``00",``)
    def test_any_head_cut_gives_the_same_records_every_way_in(
            self, count: int, layout: str, at: float, by_lines: bool,
            tmp_path_factory: Any) -> None:
        """Law: cut anywhere in its first record, by lines or bytes, the same bytes give the
        same records from a file of any name and from standard input with or without its
        format said: every record after the first, after one problem at most."""
        apps = applications(count)
        data = laid_out(apps, layout)
        second = data.index(b'"APP-0001"') - 40
        cut = 1 + int(at * (second - 1))
        if by_lines:
            cut = data.index(b"\n", cut) + 1
        data = data[cut:]
        folder = tmp_path_factory.mktemp("every")
        found = [read(data, way, folder) for way in WAYS]
        assert all(each == found[0] for each in found), [len(each) for each in found]
        read_after(data, "stdin jsonl", folder, [app["id"] for app in apps[1:]])

    @settings(deadline=None, max_examples=20)
    @given(count=st.integers(2, 4), lost=st.integers(6, 7), width=st.sampled_from((5, 6)))
    @example(count=3, lost=7, width=5)  # (``00",`` first: read as one record, session 32)
    def test_a_first_line_starting_with_a_digit_is_what_is_left_of_the_head(
            self, count: int, lost: int, width: int, tmp_path_factory: Any) -> None:
        """Law: a pretty array folded at a few columns (``fold -w``) that lost its first
        lines up to a cut inside its first id's digits (``6-000``, ``00",``) gives N
        results for N records every way in: the damaged head one problem at most, every
        record after it judged."""
        apps = applications(count)
        for number, app in enumerate(apps):
            app["id"] = f"AMSUD-2026-{number:05d}"
        text = json.dumps(apps, indent=2)
        lines = [line[at:at + width] for line in text.split("\n")
                 for at in range(0, max(len(line), 1), width)]
        data = ("\n".join(lines[lost:]) + "\n").encode()
        folder = tmp_path_factory.mktemp("digit")
        found = [read(data, way, folder) for way in WAYS]
        assert all(each == found[0] for each in found), [len(each) for each in found]
        read_after(data, "stdin jsonl", folder, [app["id"] for app in apps[1:]])


class TestPrettyCutInItsLastRecord:
    """Pretty-printed JSON that lost its head down to a cut inside its last record (session
    35: a cut at an inner object's ``{`` there read that record's inner objects as records,
    7 results for 1 in 18 of 42 cuts, every way in)."""

    @settings(deadline=None, max_examples=40)
    @given(count=st.integers(1, 3), layout=st.sampled_from(("array 2", "array 4", "jq 2",
                                                             "jq 4")),
           at=st.floats(0, 1), cut=st.sampled_from(("byte", "line", "brace")))
    @example(count=4, layout="array 2", at=0.02, cut="brace")  # (host's person first)
    @example(count=2, layout="jq 4", at=0.99, cut="brace")  # (an exchange rate first)
    @example(count=2, layout="array 2", at=0.5, cut="line")
    # random seeds (session 48): cut at the opening line of its last inner object (an
    # exchange rate, whole, then ``]``, ``}``, ``]``): read as an application, not as what
    # is left of one
    @example(count=1, layout="array 2", at=0.96875, cut="line")
    def test_what_is_left_of_it_is_one_problem_every_way_in(
            self, count: int, layout: str, at: float, cut: str,
            tmp_path_factory: Any) -> None:
        """Law: cut anywhere inside its last record (but its first byte, the ``{``), at a
        byte, a line or an inner object's ``{``, what is left is one problem, the same from
        a file of any name and from standard input with or without its format said."""
        apps = applications(count)
        data = laid_out(apps, layout)
        start = data.rindex(b"{", 0, data.index(f'"APP-{count - 1:04d}"'.encode())) + 1
        end = data.rindex(b"}")
        place = start + int(at * (end - start - 1))
        if cut == "line":
            place = data.index(b"\n", place) + 1
        elif cut == "brace":
            braces = [found.start() for found in re.finditer(rb"\{", data[start:end])]
            if not braces:
                return
            place = start + braces[int(at * (len(braces) - 1))]
        folder = tmp_path_factory.mktemp("last")
        found = [read(data[place:], way, folder) for way in WAYS]
        assert all(each == found[0] for each in found), [len(each) for each in found]
        assert found[0] == [None], (place, [len(each) for each in found])


    @settings(deadline=None, max_examples=30)
    @given(count=st.integers(2, 4), indent=st.sampled_from((2, 4, "\t")),
           shape=st.sampled_from(("envelope", "arrays")),
           junk=st.sampled_from(({"note": "a"}, {"count": "1", "label": "x"})))
    @example(count=2, indent=2, shape="envelope", junk={"note": "a"})  # (look65l's)
    def test_objects_that_are_no_inner_objects_stay_one_result_each(
            self, count: int, indent: int | str, shape: str, junk: dict[str, Any],
            tmp_path_factory: Any) -> None:
        """Law: objects that are no application's inner objects (keys no application and
        none of its visitors, lines, rates… gives, or none), one after the other in an
        envelope's list or arrays whose head was cut down to the first one's ``{``, are
        each a result of its own, as whole objects in a list are (look65l: laws64's rule for
        a last record's inner objects made 36 of 48 such shapes one problem; an envelope
        within an array, its own ``}`` then left, and empty objects read otherwise on the
        base too, and are not this law's)."""
        objects = [{key: f"{value}{number}" for key, value in junk.items()}
                   for number in range(count)]
        whole: Any = {"count": count, "applications": objects}
        if shape == "arrays":
            whole = [objects]
        data = (json.dumps(whole, indent=indent) + "\n").encode()
        first = data.index(b"{", data.index(b"["))  # (its head lost, down to the line of
        data = data[data.rindex(b"\n", 0, first) + 1:]  # the first one's ``{``)
        folder = tmp_path_factory.mktemp("junk")
        found = [read(data, way, folder) for way in WAYS]
        assert all(len(each) == count for each in found), [len(each) for each in found]


class TestCompactArrayExtraClosers:
    """A compact array on one line, closers typed inside one of its records (session 35: a
    ``}}`` added in the second record lost the first, read as what is left of a record
    cut, in 13 of 60 arrays)."""

    WAYS = ("file.json", "file.jsonl", "stdin", "stdin json", "stdin jsonl")

    @settings(deadline=None, max_examples=40)
    @given(count=st.integers(2, 4), record=st.integers(1, 3), at=st.floats(0, 1),
           closers=st.sampled_from(("}", "]", "}}", "]}")))
    @example(count=4, record=1, at=0.38, closers="}}")  # (the first record lost)
    def test_every_other_record_is_judged_and_the_damaged_one_is_one_problem(
            self, count: int, record: int, at: float, closers: str,
            tmp_path_factory: Any) -> None:
        """Law: closers added before a comma or a closing bracket inside any record but the
        first (and not closing that record itself early), N records give N results every way
        in, every other record read whole."""
        record = min(record, count - 1)
        apps = applications(count)
        text = json.dumps(apps, ensure_ascii=False)
        start = text.index(f'{{"id": "APP-{record:04d}"')
        end = (text.index(f'{{"id": "APP-{record + 1:04d}"') if record + 1 < count
               else len(text)) - 3  # (before the record's "}")
        places = [place for place in range(start + 1, end) if text[place] in ",}]"]
        place = places[int(at * (len(places) - 1))]
        damaged = text[:place] + closers + text[place:]
        try:
            json.JSONDecoder().raw_decode(damaged, start)
        except ValueError:
            pass
        else:  # (left open: closers that close the record itself early, its rest after it
            assume(False)  # read as one more problem, the record cut short judged)
        data = (damaged + "\n").encode()
        folder = tmp_path_factory.mktemp("closers")
        found = [read(data, way, folder) for way in self.WAYS]
        assert all(each == found[0] for each in found), [len(each) for each in found]
        ids = [value["id"] for value in found[0] if value is not None]
        others = [app["id"] for number, app in enumerate(apps) if number != record]
        assert len(found[0]) == count and set(others) <= set(ids), (place, ids)
