"""JSON wrapped by ``fold -w N``: every long line broken into pieces of N characters (or
bytes, inside a character's too), nothing lost, the breaks inside strings, keys, numbers or
between tokens. N records in, N results out, every way in: a record read as written (joined
again), or one problem; never a record split into pieces or records merged."""

from __future__ import annotations

import io
import json
import re
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

import callrules
from callrules import _folded
from callrules._invisible import is_blank
from tests.laws import settings
from tests.test_pasted_records import (
    FUNCTION_SCOPED,
    WAYS_IN,
    numbered,
    outcome,
    read_every_way,
    texts,
)

#: How the records are laid out before they are wrapped: a pretty-printed array (``json.dumps
#: indent``), objects one after the other (``jq .``, ``jq --indent 4``, ``jq --tab``), a
#: compact array on one line, compact records one a line (JSON Lines).
LAYOUTS = ("array 1", "array 2", "array 4", "jq 2", "jq 4", "jq tab", "compact array",
           "lines")


def laid_out(apps: list[dict[str, Any]], layout: str) -> str:
    if layout.startswith("array"):
        return json.dumps(apps, ensure_ascii=False, indent=int(layout.split()[1]))
    if layout.startswith("jq"):
        step = layout.split()[1]
        indent: int | str = "\t" if step == "tab" else int(step)
        return "\n".join(json.dumps(app, ensure_ascii=False, indent=indent) for app in apps)
    if layout == "compact array":
        return json.dumps(apps, ensure_ascii=False)
    return "\n".join(json.dumps(app, ensure_ascii=False) for app in apps)


def folded(text: str, width: int, by_bytes: bool) -> bytes:
    """``text`` as ``fold -w width`` gives it: each line longer than ``width`` broken into
    pieces of ``width`` bytes (GNU fold's columns: inside a character's bytes too) or
    characters, the last shorter."""
    out = []
    for line in text.split("\n"):
        data = line.encode()
        if by_bytes:
            out.extend(data[at:at + width] for at in range(0, max(len(data), 1), width))
        else:
            out.extend(line[at:at + width].encode() for at in range(0, max(len(line), 1),
                                                                    width))
    return b"\n".join(out) + b"\n"


class TestJsonFoldedAtAWidth:
    @settings(max_examples=100, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(names=st.lists(texts, min_size=1, max_size=5), layout=st.sampled_from(LAYOUTS),
           width=st.integers(3, 200), by_bytes=st.booleans(),
           how=st.sampled_from(WAYS_IN), piece=st.integers(1, 64))
    # the attacker's (session 30): 4 records, 2 to 272 results
    @example(names=["Morel"] * 4, layout="array 2", width=3, by_bytes=False, how=".json",
             piece=7)  # (272 results)
    @example(names=["Morel"] * 4, layout="array 4", width=12, by_bytes=False, how=".json",
             piece=7)  # (6)
    @example(names=["Morel"] * 4, layout="array 4", width=21, by_bytes=False, how=".json",
             piece=7)  # (176)
    @example(names=["Morel"] * 4, layout="array 2", width=19, by_bytes=False, how=".json",
             piece=7)  # (2: records merged)
    @example(names=["Morel"] * 4, layout="jq 2", width=7, by_bytes=False, how=".json",
             piece=7)  # (257)
    @example(names=["Morel"] * 4, layout="jq 4", width=14, by_bytes=False, how=".json",
             piece=7)  # (179)
    @example(names=["Morel"] * 4, layout="jq tab", width=13, by_bytes=False, how=".json",
             piece=7)  # (3)
    @example(names=["Morel"] * 4, layout="array 4", width=25, by_bytes=False, how=".json",
             piece=7)  # (2)
    @example(names=["Morel"] * 4, layout="compact array", width=25, by_bytes=False,
             how=".json", piece=7)  # (2: once joined, then taken for format=flowed)
    @example(names=["Morel"] * 4, layout="lines", width=21, by_bytes=True, how="stdin",
             piece=7)
    # the attacker's (session 36): folded at the indentation's width, lines of it alone
    @example(names=["Morel"] * 3, layout="array 4", width=4, by_bytes=False, how=".json",
             piece=7)  # (194 results, none a record)
    @example(names=["Morel"], layout="array 2", width=4, by_bytes=False, how="stdin",
             piece=7)  # (7: four inner objects read as records)
    @example(names=["Morel"], layout="jq 4", width=4, by_bytes=True, how="pieces",
             piece=3)  # (1 problem)
    def test_json_folded_at_a_width_gives_a_result_per_record(
            self, tmp_path: Path, names: list[str], layout: str, width: int, by_bytes: bool,
            how: str, piece: int) -> None:
        """Law: N records in any layout (a pretty-printed array, ``jq .`` at any indent or
        with tabs, a compact array, JSON Lines) wrapped by ``fold -w`` at any width from 3,
        in bytes or characters, give exactly N results every way in, in order: each the
        record as written, or one problem (a record of ``jq .`` with a single line longer
        than the width, say); never a record in pieces, nor two merged."""
        apps = [numbered(number, name) for number, name in enumerate(names)]
        data = folded(laid_out(apps, layout), width, by_bytes)
        read = [outcome(item) for item in read_every_way(data, tmp_path, how, piece)]
        assert len(read) == len(apps), read
        for app, got in zip(apps, read, strict=True):
            assert got == app or isinstance(got, str), got

    @settings(max_examples=30, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(width=st.integers(3, 16), times=st.integers(1, 3), count=st.integers(1, 3),
           by_bytes=st.booleans(), how=st.sampled_from(WAYS_IN))
    @example(width=4, times=1, count=3, by_bytes=False, how=".json")  # (194 results)
    def test_json_folded_at_its_indentation_width_is_read_as_written(
            self, tmp_path: Path, width: int, times: int, count: int, by_bytes: bool,
            how: str) -> None:
        """Pretty JSON indented by a multiple of the width it is folded at (lines of
        indentation alone as wide as the wrap, pieces of it) has its records read as
        written, every way in: none lost, none of its inner objects read as one."""
        apps = [numbered(number, "Morel") for number in range(count)]
        text = json.dumps(apps, ensure_ascii=False, indent=width * times)
        data = folded(text, width, by_bytes)
        assert [outcome(item) for item in read_every_way(data, tmp_path, how)] == apps

    @settings(max_examples=30, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(layout=st.sampled_from([each for each in LAYOUTS if not each.startswith("jq")]),
           width=st.integers(3, 30), by_bytes=st.booleans(), how=st.sampled_from(WAYS_IN))
    def test_records_folded_narrow_are_read_as_written(
            self, tmp_path: Path, layout: str, width: int, by_bytes: bool, how: str) -> None:
        """Folded at 30 columns or fewer, an array's or JSON Lines' records of the example
        are each read as they were written before the wrap, every way in (the width shown
        by two lines of it at least)."""
        apps = [numbered(number, "Morel") for number in range(3)]
        data = folded(laid_out(apps, layout), width, by_bytes)
        assert [outcome(item) for item in read_every_way(data, tmp_path, how)] == apps

    @settings(max_examples=40, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(name=st.text(st.characters(exclude_categories=("Cs",)), max_size=6),
           layout=st.sampled_from(LAYOUTS), width=st.integers(3, 30), by_bytes=st.booleans(),
           how=st.sampled_from(WAYS_IN), data=st.data())
    @example(name="]\x8e", layout="array 2", width=14, by_bytes=True, how=".json",
             data=None)  # (session 43: ``…"]\x8e\`` then ``"",``; 3 problems for 2)
    def test_a_fold_between_a_backslash_and_its_quote_is_joined_back(
            self, tmp_path: Path, name: str, layout: str, width: int, by_bytes: bool,
            how: str, data: Any) -> None:
        """Law 4: records whose text ``fold`` breaks between a backslash and the quote it
        escapes (``…\\`` a line, ``"…`` the next) are read as written, every way in: the
        backslash escapes the quote once the pieces are joined again, not the line end
        (the string read inside out from there, the value's end looked for in the wrong
        place: every piece a problem, 3 to 134 results for 2)."""
        folds = []  # (the padding before the escaped quote that puts the fold there)
        for pad in range(width):
            apps = [numbered(number, "a" * pad + name + '"') for number in range(2)]
            if b'\\\n"' in folded(laid_out(apps, layout), width, by_bytes):
                folds.append(pad)
        assume(folds)
        pad = folds[0] if data is None else data.draw(st.sampled_from(folds))
        apps = [numbered(number, "a" * pad + name + '"') for number in range(2)]
        text = folded(laid_out(apps, layout), width, by_bytes)
        assert [outcome(item) for item in read_every_way(text, tmp_path, how)] == apps


#: Strings with what a parity of quotes misreads: quotes, backslashes (escaping the quote,
#: or one another), blanks, a colon, a comma; and brackets, which a wrap may put at a
#: piece's start after a piece ending with a closing one (``"title": "A :}`` then
#: ``[ b"``: before, taken for a record's end and the next's start, 55 results for 1).
TRICKY = st.text(st.sampled_from(' "\\:,ab\u00e9[]{}'), max_size=10).map(
    lambda text: f"A {text} b")


class TestPrettyStringsOfAnyKind:
    @settings(max_examples=150, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(titles=st.lists(TRICKY, min_size=1, max_size=3), layout=st.sampled_from(
        ("array 2", "array 4", "jq 2", "jq 4", "jq tab")), width=st.integers(3, 40),
        by_bytes=st.booleans(), how=st.sampled_from(("stdin", ".json", "pieces")))
    # (look75d, session 55: a title quoting a name, a later one with a bracket, indent 2,
    # fold -w 5: 136 results, none read, for 2; at w10, 2 problems for 2)
    @example(titles=['Visit to "IPGP"', "Week 1 [draft]"], layout="array 2", width=5,
             by_bytes=False, how="stdin")
    @example(titles=['Visit to "IPGP"', "Week 1 [draft]"], layout="array 2", width=10,
             by_bytes=False, how="stdin")
    @example(titles=['The "ALMA" school', "A {b} c"], layout="array 4", width=7,
             by_bytes=False, how=".json")
    # (session 56: a piece ending with a closing bracket inside a string, the next
    # starting with an opening one, taken for two records: 55 results for 1, 67 for 1)
    @example(titles=["A :}[ b"], layout="array 4", width=11, by_bytes=False, how="stdin")
    @example(titles=["]["], layout="array 2", width=5, by_bytes=False, how=".json")
    def test_valid_pretty_json_wrapped_at_any_width_is_read_as_written(
            self, tmp_path: Path, titles: list[str], layout: str, width: int,
            by_bytes: bool, how: str) -> None:
        """Law: valid pretty-printed records, their strings holding quotes (escaped),
        backslashes, blanks, colons, brackets, at any indent, wrapped by ``fold -w``
        at any width from 3, are each read as written, every way in: a line end kept in
        a pretty value only where its string state, escapes carried over the pieces, is
        outside a string (before, a parity of quotes took a ``\\"`` cut by the wrap for a
        string's end, and a piece inside a later string for a line's end: every record
        lost); a piece starting with a bracket after one ending with a closing bracket is
        the next record's only outside a string (before, a title's ``:}`` then ``[``: 55
        results for 1)."""
        apps = [{**numbered(number, "Morel"), "title": title}
                for number, title in enumerate(titles)]
        data = folded(laid_out(apps, layout), width, by_bytes)
        assert [outcome(item) for item in read_every_way(data, tmp_path, how)] == apps


    @settings(max_examples=60, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(layout=st.sampled_from(("array 2", "array 4", "jq 2", "jq 4")),
           width=st.integers(5, 30), blank=st.sampled_from(("\u00a0", "\u3000", "\u2007")),
           more=st.integers(0, 2), how=st.sampled_from(("stdin", ".json", "pieces")))
    @example(layout="array 2", width=7, blank="\u00a0", more=0, how="stdin")
    def test_a_string_after_a_cut_escape_keeps_its_blank_pieces(
            self, tmp_path: Path, layout: str, width: int, blank: str, more: int,
            how: str) -> None:
        """Law: a string holding an escaped quote that the wrap cuts after its backslash
        (``\\`` ending a piece, ``"`` the next's first), then blanks no JSON's (a
        no-break, ideographic or figure space) a piece's width or more, is read as written:
        the pieces after the cut are in the string (before, the parity of quotes read
        them outside, and a piece of those blanks alone was passed over as blanks typed
        between the pieces: the title changed, 381 cases of 381)."""
        head = laid_out([{**numbered(0, "Morel"), "title": "\x00"}], layout)
        line = next(line for line in head.split("\n") if "\\u0000" in line)
        column = line.index("\\u0000")  # (where the title's text starts on its line)
        title = "a" * ((-(column + 1)) % width + more * width) + '"' + blank * (2 * width)
        apps = [{**numbered(0, "Morel"), "title": title}]
        data = folded(laid_out(apps, layout), width, False)
        assert b'\\\n"' in data  # (the cut between the backslash and its quote)
        assert [outcome(item) for item in read_every_way(data, tmp_path, how)] == apps


def typed_among(apps: list[dict[str, Any]], lines: list[bytes], inside: list[int],
                place: float, typed: str, tmp_path: Path, how: str) -> None:
    """A short line ``typed`` before the line of ``lines`` at ``place`` among those
    ``inside`` a record, read every way in: a result per record of ``apps``, in order, at
    most one a problem, the others as written."""
    at = inside[min(int(place * len(inside)), len(inside) - 1)]
    data = b"".join([*lines[:at], typed.encode() + b"\n", *lines[at:]])
    read = [outcome(item) for item in read_every_way(data, tmp_path, how)]
    assert len(read) == len(apps), read
    assert sum(isinstance(got, str) for got in read) <= 1, read
    for app, got in zip(apps, read, strict=True):
        assert got == app or isinstance(got, str), got


class TestALineTypedAmongPieces:
    @settings(max_examples=30, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(count=st.integers(1, 4), width=st.integers(30, 60), place=st.floats(0, 1),
           typed=st.sampled_from(("x", "xyz", "0")), how=st.sampled_from(WAYS_IN))
    # the attacker's (session 36): ``x`` typed among the pieces of the second record
    @example(count=4, width=40, place=0.32, typed="x", how=".jsonl")  # (5 results)
    def test_a_line_typed_among_a_records_pieces_makes_it_one_problem(
            self, tmp_path: Path, count: int, width: int, place: float, typed: str,
            how: str) -> None:
        """JSON Lines wrapped by ``fold``, a short line typed between two pieces of a
        record (not before its first): a result per record, in order, the damaged one a
        problem or as written (never changed), the others as written."""
        apps = [numbered(number, "Morel") for number in range(count)]
        lines = folded(laid_out(apps, "lines"), width, False).splitlines(keepends=True)
        inside = [at for at in range(1, len(lines)) if not lines[at].startswith(b"{")]
        typed_among(apps, lines, inside, place, typed, tmp_path, how)


    @settings(max_examples=60, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(count=st.integers(1, 4), width=st.integers(3, 60), place=st.floats(0, 1),
           typed=st.sampled_from(("x", "xyz", "#", "?")), how=st.sampled_from(WAYS_IN))
    # the third look's (session 37): inner objects first keyed as the record (``id``), a
    # piece starting at one of them or at a list's bracket after the typed line: 5 to 7
    # results for 4 (76 of 92 places at 7 columns, 58 of 64 at 10)
    @example(count=4, width=7, place=0.0, typed="x", how=".jsonl")  # (6: split at v2)
    @example(count=4, width=8, place=0.2, typed="x", how=".jsonl")  # (6: v1, v2 records)
    @example(count=4, width=3, place=0.5, typed="x", how=".jsonl")  # (5: ``]}`` its own)
    def test_a_line_typed_among_a_nested_records_pieces_makes_it_one_problem(
            self, tmp_path: Path, count: int, width: int, place: float, typed: str,
            how: str) -> None:
        """Law: JSON Lines whose records hold lists of objects keyed as the record is
        (``{"id": …}`` inside ``{"id": …}``), wrapped by ``fold`` at any width from 3, a
        short line typed before any piece of a record but its first (one starting at an
        inner object's brace or a list's, or at its closers, too): a result per record, in
        order, the damaged one a problem or as written, the others as written. A bracket
        while the record's brackets are open is an inner value's, not a record's start."""
        apps = [{"id": f"APP-{number:04d}", "call": "cnrs-amsud-2026",
                 "host": {"family_name": "Morel", "unit": "UMR 7154"},
                 "visitors": [{"id": "v1", "nights": 7}, {"id": "v2", "nights": 5}]}
                for number in range(count)]
        lines = folded(laid_out(apps, "lines"), width, False).splitlines(keepends=True)
        size = -(-len(json.dumps(apps[0])) // width)  # (each record's pieces: as many)
        inside = [at for at in range(1, len(lines)) if at % size]
        assume(inside and len(typed) < width - 1)  # (a line as wide as the wrap, or
        # one narrower, is a piece as far as the bytes tell)
        typed_among(apps, lines, inside, place, typed, tmp_path, how)

    @settings(max_examples=40, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(sizes=st.lists(st.integers(0, 12), min_size=2, max_size=5),
           width=st.integers(10, 200), how=st.sampled_from(WAYS_IN))
    # session 38: wrap41's bracket count joined lines each cut at one width, their brackets
    # left open, into one record (60 lines cut at 200: one result; a line cut after a
    # colon, the next one a record's head: 3 for 4)
    @example(sizes=[3, 1, 12, 1], width=95, how=".json")
    @example(sizes=[0, 0, 0, 0], width=60, how="stdin")
    def test_nested_records_cut_at_one_width_are_each_a_result(
            self, tmp_path: Path, sizes: list[int], width: int, how: str) -> None:
        """Law: JSON Lines of records holding objects keyed as the record is, each line cut
        at one width (``cut -c``, ``less -S``): a result per line, in order, each a problem
        (or, the cut past its end, the record as written). A line showing the record's first
        two keys, or a record's head after a string or a value cut short, is a record of
        its own, however many brackets the lines before it leave open."""
        apps = [{"id": f"APP-{number:04d}", "call": "cnrs-amsud-2026",
                 "host": {"family_name": "Morel" + "o" * size, "unit": "UMR 7154"},
                 "visitors": [{"id": "v1", "nights": 7}, {"id": "v2", "nights": 5}]}
                for number, size in enumerate(sizes)]
        data = b"".join(json.dumps(app).encode()[:width] + b"\n" for app in apps)
        read = [outcome(item) for item in read_every_way(data, tmp_path, how)]
        assert len(read) == len(apps), read
        for app, got in zip(apps, read, strict=True):
            assert got == app if len(json.dumps(app)) <= width else isinstance(got, str), got


class TestOneLineWrappedARecord:
    @settings(max_examples=60, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(count=st.integers(1, 5), indent=st.sampled_from(("2", "4", "tab")),
           array=st.booleans(), title=st.text(st.characters(
               exclude_categories=("Cs", "Cc")), min_size=40, max_size=120),
           place=st.floats(0, 1), by_bytes=st.booleans(), how=st.sampled_from(WAYS_IN))
    # the attacker's (session 31): ``jq .`` copied from an 80-column terminal, each record's
    # title one line longer than 80 characters: 0 of 5 judged, every way
    @example(count=5, indent="2", array=False, title="Seismic instrumentation training for "
             "technical staff of partner observatories in the Andes", place=0.5,
             by_bytes=False, how=".json")
    @example(count=5, indent="2", array=False, title="Seismic instrumentation training for "
             "technical staff of partner observatories in the Andes", place=0.0,
             by_bytes=False, how="stdin")
    def test_records_each_with_one_line_wrapped_are_read_as_written(
            self, tmp_path: Path, count: int, indent: str, array: bool, title: str,
            place: float, by_bytes: bool, how: str) -> None:
        """Law: pretty-printed records (``jq .`` at any indent, or an array) wrapped by
        ``fold -w`` at a width where each record has ONE line longer than it (a title)
        are each read as written, every way in: the wrap is known by that one line,
        continued where no line of pretty JSON starts, and the record joined whole."""
        apps = [{**numbered(number, "Morel"), "note": title} for number in range(count)]
        text = laid_out(apps, f"{'array' if array else 'jq'} {indent}".replace(
            "array tab", "array 4"))
        measure = (lambda line: len(line.encode())) if by_bytes else len
        lines = text.split("\n")
        noted = [line.lstrip().startswith('"note"') for line in lines]
        widths = sorted({measure(line) for line, note in zip(lines, noted, strict=True)
                         if not note})
        longest = min(measure(line) for line, note in zip(lines, noted, strict=True) if note)
        assume(widths[-1] < longest - 1)
        width = widths[-1] + int((longest - 1 - widths[-1]) * place)
        data = folded(text, max(width, 3), by_bytes)
        assert [outcome(item) for item in read_every_way(data, tmp_path, how)] == apps


class TestAWrapWhoseFirstRecordLostItsOpening:
    @pytest.mark.parametrize("opening", ['{id"', "{'id\"", '{{"id"'])
    @pytest.mark.parametrize("width", [24, 27])
    def test_the_records_after_it_are_read_as_written(self, tmp_path: Path, opening: str,
                                                     width: int) -> None:
        """JSON Lines wrapped by ``fold -w``, its first record's opening damaged (its first
        key's quote lost or replaced, its brace doubled): still a wrap, each record after
        the damaged one read as written, every way in. Before (session 52's rule refusing
        a ``{`` then a letter, meant for a CSV header ``{A,B``), it was no wrap's start and
        its pieces were read a line each: look72d's set e, 16 of 200 inputs lost records."""
        records = [{"id": f"R{n}", "call": "ERC-2026", "note": note}
                   for n, note in enumerate(["{", "{", "a, b", "{"])]
        lines = [json.dumps(record) for record in records]
        lines[0] = opening + lines[0][len('{"id"'):]
        data = folded("".join(line + "\n" for line in lines), width, False)
        for how in WAYS_IN:
            got = [outcome(item) for item in read_every_way(data, tmp_path, how)]
            assert got[-3:] == records[1:], (how, got)


class TestFoldedAndCutShort:
    @settings(max_examples=40, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(count=st.integers(2, 6), bad=st.integers(0, 5), layout=st.sampled_from(
        ("array 2", "array 4", "jq 2", "lines")), width=st.integers(3, 60))
    # the attacker's (session 31): 8 records, an é in the 7th, at 9 columns, opened as
    # ASCII: 433 results, none judged; at 40 columns with the é in the 4th: 5, none judged
    @example(count=8, bad=6, layout="array 2", width=9)
    @example(count=8, bad=3, layout="array 2", width=40)
    # (at --hypothesis-seed=7: JSON Lines at 26 columns, the second record cut after its
    # first two pieces, the second starting with a blank: 2 problems for it, not 1)
    @example(count=2, bad=1, layout="lines", width=26)
    @example(count=6, bad=5, layout="lines", width=26)
    def test_a_folded_file_failing_on_a_byte_keeps_the_records_before(
            self, tmp_path: Path, count: int, bad: int, layout: str, width: int) -> None:
        """Law: records wrapped by ``fold -w`` in a file opened as ASCII, a character it
        has not in record ``k``, give the ``k`` records before it as written, then at most
        two problems (the record cut short, the ``unreadable`` text): never each piece a
        problem."""
        import callrules

        bad = min(bad, count - 1)
        apps = [{"id": f"APP-{number:04d}", "call": "cnrs-amsud-2026", "host": {
            "family_name": "Müller" if number == bad else "Morel", "unit": "UMR 7154"},
                 "visitors": [{"id": "v1", "nights": 7}, {"id": "v2", "nights": 5}]}
                for number in range(count)]
        path = tmp_path / "batch.json"
        path.write_bytes(folded(laid_out(apps, layout), width, False))
        with path.open(encoding="ascii") as handle:
            read = [outcome(item) for item in callrules.records(handle)]
        assert read[:bad] == apps[:bad], read
        assert bad < len(read) <= bad + 2 and all(isinstance(got, str) for got in read[bad:])


def _read_way(data: bytes, tmp_path: Path, how: str) -> list[Any]:
    """What ``data`` gives read ``how``: as :func:`read_every_way`, or ``service``: as the
    service reads a batch said to be JSON Lines (standard input said ``jsonl``)."""
    if how == "service":
        return list(callrules.records("-", stdin=io.BytesIO(data), input_format="jsonl"))
    return read_every_way(data, tmp_path, how)


class TestFoldedWithItsBom:
    @settings(max_examples=60, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(layout=st.sampled_from(LAYOUTS), width=st.integers(3, 200), by_bytes=st.booleans(),
           how=st.sampled_from((*WAYS_IN, "service")))
    # the attacker's (session 34): a compact array, JSON Lines at 20 to 80: the first lost
    @example(layout="compact array", width=37, by_bytes=True, how=".json")
    @example(layout="lines", width=20, by_bytes=False, how="service")
    def test_a_bom_wrapped_with_the_text_is_no_part_of_the_width(
            self, tmp_path: Path, layout: str, width: int, by_bytes: bool, how: str) -> None:
        """Law: records wrapped by ``fold -w`` with the file's own BOM before them (a
        character of the first line, three bytes, taken off as the text is read) are each
        read as written, every way in and by the service (JSON Lines said). Before, the
        first line was narrower than the width once the BOM was taken off, so a compact
        array's or JSON Lines' first record was not joined: one problem, or one a piece."""
        apps = [numbered(number, "Morel") for number in range(3)]
        data = folded("\ufeff" + laid_out(apps, layout), width, by_bytes)
        assert [outcome(item) for item in _read_way(data, tmp_path, how)] == apps


def _head_lost(text: str, lost: int, width: int, folded_first: bool) -> bytes:
    """``text`` wrapped at ``width`` that lost its first ``lost`` lines, wrapped then cut
    (a terminal's scrollback) or cut then wrapped."""
    if folded_first:
        return b"\n".join(folded(text, width, False).split(b"\n")[lost:])
    return folded("\n".join(text.split("\n")[lost:]), width, False)


class TestFoldedThatLostItsHead:
    @settings(max_examples=40, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(count=st.integers(2, 5), layout=st.sampled_from(("array 2", "array 4", "jq 2",
                                                           "jq 4")),
           width=st.integers(3, 120), lost=st.integers(1, 25), folded_first=st.booleans(),
           how=st.sampled_from(WAYS_IN))
    # the attacker's (session 31): 1,767 results for 5; 493, none judged; 1 of 5 judged
    @example(count=5, layout="array 2", width=5, lost=6, folded_first=True, how=".json")
    @example(count=5, layout="jq 2", width=8, lost=3, folded_first=True, how="stdin")
    @example(count=5, layout="array 2", width=27, lost=1, folded_first=True, how=".json")
    @example(count=5, layout="array 2", width=13, lost=3, folded_first=True, how=".json")
    # random seeds (session 40): jq 4 at 3 columns, its first 3 lines lost: every line of
    # the width joined, ``,`` then an indentation's piece too, two keys' lines lost (5
    # results for 2: the budget's inner objects read as records)
    @example(count=2, layout="jq 4", width=3, lost=3, folded_first=True, how=".json")
    # random seeds (session 45): cut then wrapped at 16 characters, a piece holding an
    # "é" 17 bytes wide: the wrap taken in bytes at 17 (2 lines so broken, where 20 are at
    # 16 in characters), the remains' lines each a problem (9 results for 4)
    @example(count=4, layout="jq 4", width=16, lost=16, folded_first=False, how=".json")
    # random seeds (session 49, seed 25): the remains' one line of the width among the 64
    # held (the others further down), no wrap proven: 6 results for 2, the record lost
    @example(count=2, layout="jq 2", width=44, lost=11, folded_first=False, how=".json")
    # random seeds (session 54): cut then wrapped at 3 columns, the second record's first
    # key indented by 4 (``   `` then `` "i``): the indentation's piece given as written,
    # the record's lines joined across their ends, its visitors and documents read as
    # records (6 results for 2)
    @example(count=2, layout="array 2", width=3, lost=12, folded_first=False, how=".json")
    # session 54's seeds 18 and 19, look74r2's draw (session 55): a ``.jsonl`` file whose
    # remains start under lines of indentation alone (62 results for 2, a line each); the
    # second record's lines a multiple of 3 long joined across their ends, its ``},``'s
    # comma a line of its own (7 results for 4: a visitor, documents read as records)
    @example(count=2, layout="array 4", width=4, lost=14, folded_first=False, how=".jsonl")
    @example(count=2, layout="jq 4", width=4, lost=13, folded_first=False, how=".jsonl")
    @example(count=3, layout="array 2", width=3, lost=12, folded_first=False, how=".json")
    def test_the_records_after_the_remains_are_read(
            self, tmp_path: Path, count: int, layout: str, width: int, lost: int,
            folded_first: bool, how: str) -> None:
        """Law: pretty records wrapped by ``fold -w`` that lost their first lines (wrapped
        then cut, or cut then wrapped) give at most one result more than the records: the
        remains one problem, never a result per line of them; each record after the
        remains read as written (N in, N out: none lost, none made of a record's inner
        values)."""
        apps = [numbered(number, "Morel") for number in range(count)]
        data = _head_lost(laid_out(apps, layout), lost, width, folded_first)
        read = [outcome(item) for item in read_every_way(data, tmp_path, how)]
        assert len(read) <= count + 1, read
        assert [r for r in read if isinstance(r, dict)][-(count - 1):] == apps[1:], read

    @settings(max_examples=60, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(count=st.integers(2, 5), layout=st.sampled_from(("compact array", "lines")),
           width=st.integers(3, 120), lost=st.integers(1, 3000), folded_first=st.booleans(),
           by_bytes=st.booleans(), how=st.sampled_from((*WAYS_IN, "service")))
    # the attacker's (session 32): 126 results for 5, none judged; 30 (each piece of the
    # damaged record its own problem); 129 at 17 columns; cut in bytes then wrapped: 120
    @example(count=5, layout="compact array", width=80, lost=1, folded_first=True,
             by_bytes=False, how=".json")
    @example(count=5, layout="lines", width=80, lost=1, folded_first=True, by_bytes=False,
             how=".jsonl")
    @example(count=5, layout="lines", width=17, lost=1, folded_first=True, by_bytes=False,
             how=".jsonl")
    @example(count=5, layout="compact array", width=80, lost=585, folded_first=False,
             by_bytes=False, how=".json")
    @example(count=5, layout="compact array", width=13, lost=10, folded_first=True,
             by_bytes=False, how=".json")  # (a piece opening an object first: 291)
    # the attacker's (session 34): an inner object's brace first (24 results for 3 from
    # JSON Lines said); a piece's end first, a bracket in it (61 for 2); an empty line first
    # (15 for 4)
    @example(count=4, layout="compact array", width=112, lost=2860, folded_first=False,
             by_bytes=False, how="service")
    @example(count=3, layout="compact array", width=26, lost=2000, folded_first=False,
             by_bytes=False, how="service")
    @example(count=4, layout="lines", width=16, lost=331, folded_first=True,
             by_bytes=False, how=".jsonl")
    # random seeds (session 40): JSON Lines at 5 bytes, 118 lines lost, an inner list of
    # visitors first, wider than 64 lines of 5 bytes (8 results for 5)
    @example(count=5, layout="lines", width=5, lost=118, folded_first=True, by_bytes=True,
             how="stdin")
    # random seeds (session 46): JSON Lines whose remains start at a comma before an inner
    # object (``, {"kind": "cv", …}], …}``), the last record whole under them: taken for a
    # compact array's body, read as JSON, the record merged into the remains (1 for 2)
    @example(count=5, layout="lines", width=90, lost=90, folded_first=True, by_bytes=True,
             how="pieces")
    # random seeds (session 53): a file named JSON Lines holding four pieces of the last
    # record's end (one key in them), no record whole: each line a problem (see below)
    @example(count=3, layout="compact array", width=11, lost=589, folded_first=True,
             by_bytes=False, how=".jsonl")
    def test_compact_records_after_the_remains_are_read_as_written(
            self, tmp_path: Path, count: int, layout: str, width: int, lost: int,
            folded_first: bool, by_bytes: bool, how: str) -> None:
        """Law: a compact array or JSON Lines wrapped by ``fold -w`` (in bytes or
        characters) that lost its head (its first ``lost`` lines after the wrap, or its
        first ``lost`` characters before it) gives every record after the damage as
        written, every way in and by the service (JSON Lines said), and the damaged
        record one problem at most: never a result per piece of it, nor the records after
        it lost. Before, remains starting with an inner object's brace, the end of a
        piece holding a bracket, or an empty line were read line by line. But a file
        named JSON Lines whose remains hold no record whole and one key at most (too
        few pieces to tell a wrap from lines of one width): each of its lines is
        answered, a problem, as any line of JSON Lines that is no record (N lines in, N
        out; joined on such a guess, lines of a true JSON Lines file would be one
        problem, their numbers lost)."""
        apps = [numbered(number, "Morel") for number in range(count)]
        text = laid_out(apps, layout)
        starts, at = [], 1 if layout == "compact array" else 0  # (in bytes)
        for app in apps:
            starts.append(at)
            at += len(json.dumps(app, ensure_ascii=False).encode()) + (
                2 if layout == "compact array" else 1)
        if folded_first:
            pieces = folded(text, width, by_bytes).split(b"\n")
            assume(lost < len(pieces) - 1)
            data, cut = b"\n".join(pieces[lost:]), _bytes_before(text.encode(), pieces, lost)
        else:
            assume(lost < len(text) - 2)
            data, cut = folded(text[lost:], width, by_bytes), len(text[:lost].encode())
        intact = [app for app, start in zip(apps, starts, strict=True) if start >= cut]
        read = [outcome(item) for item in _read_way(data, tmp_path, how)]
        assert read[len(read) - len(intact):] == intact, read
        # (as the text left read unwrapped: the damaged record one problem at most)
        unwrapped = [outcome(item) for item in _read_way(
            text.encode()[cut:], tmp_path, how)]
        shown = [got if got in apps else "problem" for got in read]
        if how == ".jsonl" and not intact and len(_KEY.findall(text.encode()[cut:])) <= 1:
            assert shown == ["problem"] * sum(1 for line in data.split(b"\n")
                                              if line.strip()), read  # (each line)
            return
        assert shown == [got if got in apps else "problem" for got in unwrapped], read

    @settings(max_examples=60, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(count=st.integers(2, 4), layout=st.sampled_from(("compact array", "lines")),
           width=st.integers(5, 30), brackets=st.sampled_from(("}[", "]{", "}{", "][", "}}[[")),
           which=st.integers(0, 1000), lost=st.integers(1, 3),
           how=st.sampled_from((*WAYS_IN, "service")))
    # (look76d, session 56: a title ``xxxxxx}[yyy``, ``}`` ending a piece of 11 and ``[``
    # starting the next, the first line lost: the record after the remains split there,
    # 3 results for 3, 1 read; JSON Lines at 11, the title ``xxxxxxxx}[yyy``: 10 results
    # for 3, none read)
    @example(count=3, layout="compact array", width=11, brackets="}[", which=0, lost=1,
             how="stdin")
    @example(count=3, layout="lines", width=11, brackets="}[", which=0, lost=1, how="stdin")
    def test_a_bracket_in_a_string_at_a_pieces_start_splits_no_record(
            self, tmp_path: Path, count: int, layout: str, width: int, brackets: str,
            which: int, lost: int, how: str) -> None:
        """Law: a compact array or JSON Lines whose titles hold closing then opening
        brackets, wrapped by ``fold -w`` so that a closing one ends a piece and an opening
        one starts the next (at any place of the wrap: in any record, the pair or its
        middle cut), then cut of its first lines, gives the remains one problem and every
        record after them as written, every way in: the remains' string state, found from
        what is left outside their strings (inside or outside one where they start), keeps
        the pieces of a string together (before, a parity of quotes counted from outside
        took the title's brackets, inside a string, for a record's end and the next's
        start: 3 results for 3 and 1 read, 10 for 3 and none read)."""
        cut = len(brackets) // 2  # (where the wrap falls: between the closers and openers)
        places = []  # (the titles' paddings that put a piece's end there, in any record)
        for pad in range(width):
            apps = [{**numbered(number, "Morel"), "title": "x" * pad + brackets + "yyy"}
                    for number in range(count)]
            pieces = folded(laid_out(apps, layout), width, False).split(b"\n")
            if any(piece.endswith(brackets[:cut].encode()) and after.startswith(
                    brackets[cut:].encode() + b"y") for piece, after in pairwise(pieces)):
                places.append((apps, pieces))
        assume(places)
        apps, pieces = places[which % len(places)]
        data = b"\n".join(pieces[lost:])
        read = [outcome(item) for item in _read_way(data, tmp_path, how)]
        assert len(read) == count and read[1:] == apps[1:], read

    # session 40 (att47f): what follows a value opened first (read to tell an inner value
    # from a record) matched again from the value's end at each piece, 3 bytes wide: 93 KB
    # read in 80 s of CPU (old: 1.7 s)
    @pytest.mark.parametrize("after", [', "' + "x" * 1500, " " * 1500, "]" + " " * 1500,
                                       ', "k"' + " " * 1500, ', "' + "\\x" * 1500,
                                       "," + " " * 1500])
    def test_what_follows_a_value_opened_first_is_read_once(
            self, monkeypatch: pytest.MonkeyPatch, after: str) -> None:
        """The text after a value that opens the text (a key's characters, blanks) is read
        once as its pieces come, however narrow: the bytes the runs' matches may read are
        linear in the text's (twice it: in bytes, in characters), not its square."""
        text = '{"a":1}' + after
        data = "".join(text[at:at + 3] + "\n" for at in range(0, len(text), 3)).encode()
        read = [0]

        class Counted:
            def __init__(self, pattern: re.Pattern[bytes]) -> None:
                self.pattern = pattern

            def match(self, text: bytearray, at: int) -> re.Match[bytes] | None:
                read[0] += len(text) - at
                return self.pattern.match(text, at)

        for name in ("_BLANKS", "_KEY_CHARACTERS"):
            monkeypatch.setattr(_folded, name, Counted(getattr(_folded, name)))
        out = b"".join(_folded.unfolded(iter([data]), lambda: False))
        assert out.replace(b"\n", b"").rstrip(b" ") == text.rstrip(" ").encode()  # (nothing
        # lost but blanks at the end, as before)
        assert 0 < read[0] <= 2 * len(data), read


    # session 54 (look74r): a run read on to the text's end, then given back at its
    # first value ended (``{"k":"v"}]`` before a line no JSON goes on with), was read
    # again from each opening after it: 39 KB read in 12.5 s (base 0.07 s)
    @settings(max_examples=20, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(width=st.integers(12, 40), times=st.integers(20, 60),
           after=st.sampled_from(('"', "x", "1", '"id","note",')))
    def test_the_lines_after_a_value_ended_are_read_a_bounded_number_of_times(
            self, monkeypatch: pytest.MonkeyPatch, width: int, times: int,
            after: str) -> None:
        """Lines each of one width, repeated: an opening held in a string, a whole object
        then closers, a line no JSON goes on with. The lines read (given back and read
        again included) are at most twice the text's: linear, not its square."""
        three = ('[{"a":"' + "b" * (width - 7), '{"k":"' + "v" * (width - 9) + '"}]',
                 (after + "x" * width)[:width])
        data = "".join(line + "\n" for line in three * times).encode()
        read, back = [0], [0]

        class Counted(_folded._Again):
            def __next__(self) -> bytes:
                line = super().__next__()
                read[0] += 1
                return line

            def again(self, lines: list[bytes]) -> None:
                back[0] += len(lines)
                super().again(lines)

        monkeypatch.setattr(_folded, "_Again", Counted)
        out = b"".join(_folded.unfolded(iter([data]), lambda: False))
        assert out.replace(b"\n", b"") == data.replace(b"\n", b"")  # (nothing lost)
        assert read[0] <= 2 * 3 * times and back[0] <= 3 * times, (read, back)

#: A key of JSON (a string, then its colon).
_KEY = re.compile(rb'"(?:[^"\\\n]|\\.)*"[ \t]*:')


def _bytes_before(data: bytes, pieces: list[bytes], lost: int) -> int:
    """How many bytes of ``data`` (its line ends too) the first ``lost`` lines of it
    wrapped (``pieces``, none empty but where ``data`` has an empty line) hold: where the
    text left starts in it."""
    at = 0
    for piece in pieces[:lost]:
        at += len(piece)
        if at < len(data) and data[at:at + 1] == b"\n":
            at += 1
    return at


#: Blanks by the library's one definition (:func:`callrules._invisible.is_blank`), but the
#: line ends (a line feed, a carriage return: the end of the line typed) and the escape
#: (a colour code's start: :mod:`callrules._colours`).
BLANKS = st.sampled_from(sorted(
    c for c in map(chr, range(0x10000)) if is_blank(c) and c not in "\n\r\x1b"))


def gnu_folded(text: str, width: int) -> bytes:
    """``text`` as GNU ``fold -w width`` gives it: columns counted a byte each, a tab up to
    the next multiple of 8; a line broken before the byte that would pass ``width`` (a tab
    alone on its line when it passes it at the line's start)."""
    out = []
    for line in text.encode().split(b"\n"):
        piece, column = b"", 0
        for byte in line:
            step = 8 - column % 8 if byte == 9 else 1
            if column + step > width and piece:
                out.append(piece)
                piece, column, step = b"", 0, 8 if byte == 9 else 1
            piece += bytes((byte,))
            column += step
        out.append(piece)
    return b"\n".join(out)


class TestTabIndentedFoldedByColumns:
    @settings(max_examples=20, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(count=st.integers(2, 3), width=st.integers(3, 8), which=st.integers(0, 2))
    # look76d (session 56): ``jq --tab`` folded at 8, its first line lost, a tab alone
    # above ``"id": "A`` (8 columns): a tab counted 1 column, the remains read a line a
    # problem (639 results for 2; 28 before and after)
    @example(count=2, width=8, which=0)
    def test_a_tab_above_a_piece_counts_to_the_next_multiple_of_8(
            self, tmp_path: Path, count: int, width: int, which: int) -> None:
        """Law: ``jq --tab`` records wrapped by GNU ``fold -w`` at 8 columns or fewer (a
        tab alone on a line, 8 columns wide, above pieces of the width), their first lines
        lost down to a line of a tab, read from a ``.jsonl`` file, are never read a line a
        problem: at most one result in 20 lines. (Not each record as written: left, see
        docs/quality.md.)"""
        apps = [numbered(number, "Morel") for number in range(count)]
        lines = gnu_folded(laid_out(apps, "jq tab") + "\n", width).split(b"\n")
        tabs = [at for at in range(1, len(lines) - 2) if lines[at] == b"\t"]
        data = b"\n".join(lines[tabs[min(which, len(tabs) - 1)]:])
        path = tmp_path / "batch.jsonl"
        path.write_bytes(data)
        read = list(callrules.records(path))
        assert len(read) * 20 <= data.count(b"\n"), len(read)


class TestBlankLinesInsideAWrappedLine:
    @settings(max_examples=40, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(layout=st.sampled_from(("array 2", "array 4", "jq 2", "compact array", "lines")),
           width=st.integers(8, 80), lost=st.integers(0, 8),
           blanks=st.lists(st.tuples(st.integers(1, 60), st.sampled_from((1, 2, 5, 30))),
                           min_size=1, max_size=3),
           how=st.sampled_from(WAYS_IN))
    # the attacker's (session 32): a 4-space array wrapped at 17 columns, runs of blank
    # lines typed between the pieces of its wrapped lines: 32 results for 5, none judged
    @example(layout="array 4", width=17, lost=0, blanks=[(34, 7), (42, 5)], how=".json")
    @example(layout="array 4", width=17, lost=7, blanks=[(15, 2), (18, 5), (33, 5)],
             how=".json")
    @example(layout="array 2", width=8, lost=3, blanks=[(1, 1)], how=".json")  # (session
    # 38: 1 result for 5, none judged)
    # random seeds (session 40): 30 or 60 empty lines among the remains' first pieces
    # (1 and 17 results for 5: the remains held to find the width, 64 lines, mostly
    # empty; an indentation as wide as the wrap given apart from its key)
    @example(layout="array 4", width=8, lost=3, blanks=[(3, 30)], how="stdin")
    @example(layout="lines", width=8, lost=4, blanks=[(22, 30), (22, 30)], how="stdin")
    # random seeds (session 46): 60 empty lines among the remains' first 64 (the lines held
    # to find the width, blank ones counted): too few pieces left to prove it, the remains
    # read as a CSV header and rows (35 results for 5, every way in)
    @example(layout="compact array", width=12, lost=4, blanks=[(4, 30), (4, 30)],
             how=".json")
    # random seeds (session 48): JSON Lines at 63 that lost its head, a blank line typed
    # between the remains and the next record (35 results for 5: the remains not proven
    # wrapped, read as a CSV header and rows); a 4-space array at 13 and 14 that lost its
    # head, a key's line of the width (``"id":``, ``"id": ``) given apart from its value's
    # pieces (1 result for 5: every record after the remains lost)
    @example(layout="lines", width=63, lost=3, blanks=[(32, 1)], how=".json")
    @example(layout="array 4", width=13, lost=4, blanks=[(2, 1)], how=".json")
    @example(layout="array 4", width=14, lost=4, blanks=[(2, 3)], how="stdin")
    def test_blank_lines_between_the_pieces_of_a_wrapped_line_are_passed_over(
            self, tmp_path: Path, layout: str, width: int, lost: int,
            blanks: list[tuple[int, int]], how: str) -> None:
        """Law: JSON wrapped by ``fold -w`` (its head lost or not), runs of blank lines
        typed anywhere among its lines, gives a result per record at most, and one more
        for a head lost: never a result per piece, nor the records after a blank run lost
        (at most the one a run falls in, and the one the head was lost in)."""
        apps = [numbered(number, "Morel") for number in range(5)]
        lines = folded(laid_out(apps, layout), width, False).split(b"\n")[lost:]
        assume(len(lines) > 4)
        for at, run in sorted(blanks, reverse=True):
            at = min(at, len(lines) - 2)
            lines[at:at] = [b""] * run
        read = [outcome(item) for item in read_every_way(b"\n".join(lines), tmp_path, how)]
        assert len(read) <= len(apps) + (1 if lost else 0), read
        assert sum(got in apps for got in read) >= len(apps) - len(blanks) - (
            1 if lost else 0), read

    @settings(max_examples=40, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(layout=st.sampled_from(("array 2", "array 4", "jq 2", "compact array", "lines")),
           width=st.integers(8, 80), lost=st.integers(0, 8),
           blanks=st.lists(st.tuples(st.integers(2, 60), st.sampled_from((1, 2, 5, 30))),
                           min_size=1, max_size=3),
           how=st.sampled_from(WAYS_IN),
           blank=st.sampled_from((b" ", b"\t", b"\xc2\xa0", b"\x0c", b" \t", b"\xe3\x80\x80")))
    # the attacker's (session 35): the session 32 text, each blank line a space: 32 results
    # for 5 (80 records: 32, all after line 501 lost); a form feed, a no-break space the
    # same; JSON Lines, a tab or a space: the count kept, every record unreadable
    @example(layout="array 4", width=17, lost=0, blanks=[(34, 7), (42, 5)], how=".json",
             blank=b" ")
    @example(layout="array 4", width=17, lost=0, blanks=[(2, 1), (34, 7)], how="stdin",
             blank=b"\x0c")
    @example(layout="array 4", width=17, lost=7, blanks=[(15, 2), (33, 5)], how=".json",
             blank=b"\xc2\xa0")
    @example(layout="lines", width=80, lost=0, blanks=[(3, 1), (9, 2)], how=".jsonl",
             blank=b"\t")
    @example(layout="compact array", width=13, lost=1, blanks=[(2, 1)], how="pieces",
             blank=b" ")
    # the thirtieth pass' leftover (session 38): a 2-space array wrapped at 8 that lost its
    # first 3 lines, a blank line after its first (1 result for 5, none judged: every key
    # of the width, its colon the next line's first character, given apart from it)
    @example(layout="array 2", width=8, lost=3, blanks=[(1, 1)], how=".json", blank=b" ")
    @example(layout="array 2", width=8, lost=3, blanks=[(1, 1)], how="stdin", blank=b"\t")
    # random seeds (session 40): a no-break space among a 4-space array's remains at 8
    # (1 result for 5: an indentation as wide as the wrap given apart from its key)
    @example(layout="array 4", width=8, lost=3, blanks=[(5, 1)], how=".json",
             blank=b"\xc2\xa0")
    @example(layout="compact array", width=12, lost=4, blanks=[(4, 30), (4, 30)],
             how="stdin", blank=b"\xe3\x80\x80")  # (session 46: 35 results for 5)
    def test_lines_a_reader_sees_blank_between_the_pieces_are_passed_over(
            self, tmp_path: Path, layout: str, width: int, lost: int,
            blanks: list[tuple[int, int]], how: str, blank: bytes) -> None:
        """Law: as above, the blank lines each a few characters a reader sees blank (a
        space, a tab, a no-break or ideographic space, a form feed: editors and mail leave
        them), narrower than the wrap: passed over as empty lines are, never a piece."""
        apps = [numbered(number, "Morel") for number in range(5)]
        lines = folded(laid_out(apps, layout), width, False).split(b"\n")[lost:]
        assume(len(lines) > 4)
        for at, run in sorted(blanks, reverse=True):
            at = min(at, len(lines) - 2)
            lines[at:at] = [blank] * run
        read = [outcome(item) for item in read_every_way(b"\n".join(lines), tmp_path, how)]
        assert len(read) <= len(apps) + (1 if lost else 0), read
        assert sum(got in apps for got in read) >= len(apps) - len(blanks) - (
            1 if lost else 0), read

    @settings(max_examples=60, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(layout=st.sampled_from(LAYOUTS), width=st.integers(3, 80), by_bytes=st.booleans(),
           typed=st.lists(st.tuples(st.integers(0, 10_000), st.text(BLANKS, min_size=1,
                                                                   max_size=170)),
                          min_size=1, max_size=3),
           how=st.sampled_from((*WAYS_IN, "said jsonl")))
    # the attacker's (session 35): a 4-space array wrapped at 17 columns, each blank line a
    # space: 32 results for 5; a form feed, a no-break space the same; JSON Lines, a tab or
    # a space: the count kept, every record unreadable
    @example(layout="array 4", width=17, by_bytes=False, typed=[(30, " "), (38, " ")],
             how=".json")
    @example(layout="array 4", width=17, by_bytes=False, typed=[(2, "\x0c")], how="stdin")
    @example(layout="lines", width=80, by_bytes=False, typed=[(3, "\t")], how=".jsonl")
    # the attacker's (session 37): a blank the unfolder's list lacked (U+205F, U+1680, a
    # BOM, U+2060, a soft hyphen, U+3164) or one wider than the wrap: 5 to 187 results for 3
    @example(layout="array 2", width=9, by_bytes=False, typed=[(40, "\u205f")], how=".json")
    @example(layout="jq 2", width=16, by_bytes=False, typed=[(25, "\u3164")], how=".txt")
    @example(layout="lines", width=9, by_bytes=False, typed=[(7, "\ufeff")], how="stdin")
    @example(layout="array 2", width=9, by_bytes=False, typed=[(60, "\t" * 45)],
             how="said jsonl")
    @example(layout="jq 2", width=9, by_bytes=False, typed=[(60, " " * 80)], how=".jsonl")
    @example(layout="array 2", width=5, by_bytes=False, typed=[(60, "\u3000" * 5)],
             how=".json")
    # random seeds (session 40): a DEL (or U+0085, U+200B) alone at the first cut of an
    # array at 3 columns, after an indentation's piece held (203 results for 3)
    @example(layout="array 4", width=3, by_bytes=False, typed=[(0, "\x7f")], how=".json")
    def test_lines_of_blanks_between_the_pieces_are_passed_over(
            self, tmp_path: Path, layout: str, width: int, by_bytes: bool,
            typed: list[tuple[int, str]], how: str) -> None:
        """Law: a line of nothing but blanks (the library's one definition,
        :func:`callrules._invisible.is_blank`: spaces of any width, tabs, form feeds,
        zero-width and joining characters, a BOM, a soft hyphen, fillers, controls), of any
        length, wider than the wrap too, typed between two pieces of a line ``fold -w``
        wrapped (any layout), reads as the same text without it, every way in: each record
        read whole. (A line exactly as wide as the wrap of blanks a string may hold is a
        piece of the wrap, a string's spaces cut: not drawn.)"""
        apps = [numbered(number, "Morel") for number in range(3)]
        text = laid_out(apps, layout)
        data = folded(text, width, by_bytes)
        lines = data.split(b"\n")
        between = _cuts(text, width, by_bytes)
        assume(between)
        for at, blank in sorted(((between[at % len(between)], blank) for at, blank in typed),
                                reverse=True):
            encoded = blank.encode()
            assume(min(encoded) < 0x20 or width not in (len(encoded), len(blank)))
            lines.insert(at, encoded)
        read = [outcome(item) for item in _read_said(b"\n".join(lines), tmp_path, how)]
        assert read == [outcome(item) for item in _read_said(data, tmp_path, how)], read
        assert read == apps, read


def _cuts(text: str, width: int, by_bytes: bool) -> list[int]:
    """Where ``text`` wrapped by :func:`folded` is cut inside a line: the numbers of the
    lines (from 0) that go on with the line before them."""
    cuts, at = [], 0
    for line in text.split("\n"):
        size = len(line.encode()) if by_bytes else len(line)
        pieces = max(1, -(-size // width))
        cuts.extend(range(at + 1, at + pieces))
        at += pieces
    return cuts


def _read_said(data: bytes, tmp: Path, how: str) -> list[Any]:
    """What ``data`` gives read ``how`` (:func:`read_every_way`, or said to be JSON Lines)."""
    if how == "said jsonl":
        return list(callrules.records("-", stdin=io.BytesIO(data), input_format="jsonl"))
    return read_every_way(data, tmp, how)


#: What may be typed before a record's first line, no part of it: blanks, a blank line,
#: characters a reader sees as blank or does not see (a BOM of a file joined to another, a
#: no-break, zero-width or ideographic space, a form feed).
PADDING = (" ", "\t", "\n", "\ufeff", "\u00a0", "\x0c", "\u200b", "\u3000", " \u00a0",
           "\ufeff\n")
#: Damage inside one wrapped line: a blank line typed, a line lost, a character lost or
#: added at a line's start, a zero-width space, a NUL or a BOM typed there.
DAMAGE = ("blank line", "line lost", "character lost", "character added", "zero-width",
          "nul", "bom")


def _pieces(apps: list[dict[str, Any]], layout: str, width: int, by_bytes: bool,
            padding: str = "", at: int = -1, before_wrap: bool = False) -> list[bytes]:
    """Each record of ``apps`` laid out (JSON Lines, ``jq .``) and wrapped alone (as the
    whole text is: ``fold`` breaks each line apart), ``padding`` typed before record
    ``at``'s first line, before the wrap or after it."""
    pieces = []
    for number, app in enumerate(apps):
        text = laid_out([app], layout)
        if number == at and before_wrap:
            text = padding + text
        piece = folded(text, width, by_bytes)
        if number == at and not before_wrap:
            piece = padding.encode() + piece
        pieces.append(piece)
    return pieces


class TestPaddedOrDamagedFolded:
    @settings(max_examples=80, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(count=st.integers(1, 5), at=st.integers(0, 4),
           layout=st.sampled_from(("lines", "jq 2", "jq 4", "jq tab")),
           width=st.integers(10, 200), by_bytes=st.booleans(),
           padding=st.sampled_from(PADDING), before_wrap=st.booleans(),
           how=st.sampled_from(WAYS_IN))
    # the attacker's (session 33): JSON Lines wrapped at 80, one space before record 3's
    # first line: 32 results for 5, record 3 read as 28 problems (one a wrapped line)
    @example(count=5, at=3, layout="lines", width=80, by_bytes=False, padding=" ",
             before_wrap=False, how=".jsonl")
    @example(count=5, at=2, layout="lines", width=40, by_bytes=False, padding="\ufeff",
             before_wrap=False, how="stdin")
    @example(count=5, at=0, layout="lines", width=80, by_bytes=False, padding="\u00a0",
             before_wrap=False, how=".json")
    @example(count=5, at=1, layout="lines", width=80, by_bytes=False, padding=" ",
             before_wrap=True, how=".json")
    def test_padding_before_a_folded_record_is_no_part_of_it(
            self, tmp_path: Path, count: int, at: int, layout: str, width: int,
            by_bytes: bool, padding: str, before_wrap: bool, how: str) -> None:
        """Law: records (JSON Lines, ``jq .``) wrapped by ``fold -w`` at any width, blanks
        or invisible characters typed before one record's first line (a BOM of files
        joined by ``cat``, a no-break space, a form feed; before the wrap or after it),
        are each read as written, every way in: the padding is no part of the record, nor
        of the wrap's width."""
        at = min(at, count - 1)
        assume(not (at == 0 and before_wrap and padding.startswith("\ufeff")))  # (a
        # file's BOM, taken off as it is read: its first line shorter than the width)
        apps = [numbered(number, "Morel") for number in range(count)]
        data = b"".join(_pieces(apps, layout, width, by_bytes, padding, at, before_wrap))
        assert [outcome(item) for item in read_every_way(data, tmp_path, how)] == apps

    @settings(max_examples=80, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(count=st.integers(1, 5), at=st.integers(0, 4), width=st.integers(20, 200),
           by_bytes=st.booleans(), damage=st.sampled_from(DAMAGE), line=st.integers(1, 40),
           how=st.sampled_from(WAYS_IN))
    # the attacker's (session 33): JSON Lines of 5 records wrapped at 80, damage in the
    # third's sixth line: 31 results for 5, every way
    @example(count=5, at=2, width=80, by_bytes=False, damage="line lost", line=5,
             how=".json")
    @example(count=5, at=2, width=80, by_bytes=False, damage="zero-width", line=5,
             how="stdin")
    @example(count=5, at=2, width=80, by_bytes=False, damage="character added", line=5,
             how=".jsonl")
    # random seeds (session 48): a character typed at the start of a record's third line,
    # the lines before it ending where JSON allows a blank (``",`` then `` "call"``), or
    # one of them ending at a space: the damaged line, one wider, stopped the run there,
    # the record given as its pieces (86 results for 2); a line lost, a visitor keyed as
    # the record (``{"id": "v2", "person"``) starting a piece after a comma: 3 for 2
    @example(count=2, at=1, width=25, by_bytes=False, damage="character added", line=1,
             how=".json")
    @example(count=2, at=1, width=26, by_bytes=False, damage="zero-width", line=1,
             how=".json")
    @example(count=2, at=0, width=38, by_bytes=False, damage="line lost", line=1,
             how=".json")
    # (a record's first line ending at a key's colon, ``"submitter": ``, the next piece
    # its value's ``{``: the first line given alone, the record's lines each a problem)
    @example(count=2, at=1, width=129, by_bytes=False, damage="character lost", line=1,
             how=".json")
    # random seeds (session 51): a line lost, a visitor the only whole object after the
    # damage, taken for the records' shape (3 results for 1, a visitor one, ``.json``); a
    # character lost at a piece's start, the piece shorter, taken for the record's end
    # though the next line starts as no line does (2 problems for one record, every way)
    @example(count=1, at=0, width=72, by_bytes=False, damage="line lost", line=7,
             how=".json")
    @example(count=2, at=1, width=20, by_bytes=False, damage="character lost", line=14,
             how="stdin")
    # random seed 9 (session 52): the shorter piece followed by one starting with ``}``
    # that closes an inner object, the record open after it (3 results for 2, every way)
    @example(count=2, at=1, width=123, by_bytes=True, damage="character lost", line=14,
             how=".jsonl")
    def test_damage_inside_a_folded_record_is_one_problem(
            self, tmp_path: Path, count: int, at: int, width: int, by_bytes: bool,
            damage: str, line: int, how: str) -> None:
        """Law: JSON Lines wrapped by ``fold -w``, one record damaged inside (a line lost,
        a blank line or a character typed, a character lost) give a result per record
        every way in: the others as written, the damaged one at most one problem (or a
        record, a character typed in one of its strings)."""
        apps = [numbered(number, "Morel") for number in range(count)]
        at = min(at, count - 1)
        pieces = _pieces(apps, "lines", width, by_bytes)
        lines = pieces[at].splitlines(keepends=True)
        assume(len(lines) > 2)
        where = 1 + line % (len(lines) - 1)  # (not the first: its record's start)
        if damage == "line lost":
            assume(where < len(lines) - 1)
            del lines[where]
        elif damage == "blank line":
            lines.insert(where, b"\n")
        elif damage == "character lost":
            lines[where] = lines[where][1:]
        else:
            typed = {"character added": "x", "zero-width": "\u200b", "nul": "\x00",
                     "bom": "\ufeff"}[damage]
            lines[where] = typed.encode() + lines[where]
        pieces[at] = b"".join(lines)
        read = [outcome(item) for item in read_every_way(b"".join(pieces), tmp_path, how)]
        assert len(read) == len(apps), read
        for number, (app, got) in enumerate(zip(apps, read, strict=True)):
            assert got == app or number == at, (number, got)  # (the damaged one: one
            # problem, or read with the character typed in a string)


#: Remains of a compact array (four records) wrapped at a width: where they start, the
#: ``nth`` place of ``marker``, cut before the wrap or (``after_wrap``) inside a wrapped
#: line, and blank lines above them.
REMAINS = [("compact array", 61, '{"country": "CL"', 2, False, ""),  # (an inner object's
           # brace first, closing brackets opened before it: 11 results for 3)
           ("compact array", 26, ' [{"kind": "unit', 2, True, ""),  # (a piece's end first,
           # a bracket in it: 31)
           ("lines", 16, 'us": "permanent"', 2, False, "\n"),  # (an empty line first: 15)
           ("compact array", 112, '{"arrival"', 3, False, "")]


class TestRemainsOfAWrapEveryWay:
    @pytest.mark.parametrize(("layout", "width", "marker", "nth", "after_wrap", "above"),
                             REMAINS)
    @pytest.mark.parametrize("how", (*WAYS_IN, "service"))
    def test_the_remains_read_as_the_same_text_unwrapped(
            self, tmp_path: Path, layout: str, width: int, marker: str, nth: int,
            after_wrap: bool, above: str, how: str) -> None:
        """A compact array or JSON Lines wrapped by ``fold -w`` whose head was lost where a
        piece starts with a bracket closing brackets opened before it, or inside a wrapped
        line at a piece holding a bracket, or with an empty line above the remains, gives
        the results of the same text unwrapped, every way in and by the service (JSON Lines
        said): the remains one problem, every record after them as written."""
        apps = [numbered(number, "Morel") for number in range(4)]
        text = laid_out(apps, layout)
        at = -1
        for _ in range(nth):
            at = text.index(marker, at + 1)
        if after_wrap:  # (a compact array's: its line ends are the wrap's alone)
            wrapped = folded(text, width, False).decode()
            data = wrapped[wrapped.index(marker[:8]):].encode()
            left = data.replace(b"\n", b"")
        else:
            data, left = folded(text[at:], width, False), text[at:].encode()
        read = [outcome(item) for item in _read_way(above.encode() + data, tmp_path, how)]
        unwrapped = [outcome(item) for item in _read_way(above.encode() + left, tmp_path,
                                                         how)]
        assert [got if got in apps else "problem" for got in read] == [
            got if got in apps else "problem" for got in unwrapped], read

    @settings(max_examples=60, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(layout=st.sampled_from(("compact array", "lines")), width=st.integers(20, 127),
           at=st.integers(1, 10_000), on_a_line=st.booleans(),
           how=st.sampled_from((*WAYS_IN, "service")))
    # the attacker's (session 36): the line cut off before the remains ends with a key's
    # colon, the remains opening an inner object or array (1 result for 40, 4 for 40, 55
    # for 40 from JSON Lines said, 83 for 5)
    @example(layout="compact array", width=26, at=130, on_a_line=True, how=".json")
    @example(layout="lines", width=29, at=1740, on_a_line=True, how="stdin")
    @example(layout="lines", width=98, at=588, on_a_line=True, how="service")
    @example(layout="lines", width=23, at=713, on_a_line=True, how=".jsonl")
    @example(layout="compact array", width=74, at=222, on_a_line=True, how="service")
    # the thirtieth pass' leftovers (session 38): remains of two or three pieces, one line
    # of the width only before the record after them (1 result for 3)
    @example(layout="lines", width=29, at=2116, on_a_line=False, how=".json")
    @example(layout="lines", width=35, at=2115, on_a_line=False, how="stdin")
    # (wider than 40 columns, the records after them joined before the unfolder: ``, {``
    # first, two pieces, one more result from JSON Lines said)
    @example(layout="lines", width=110, at=1999, on_a_line=False, how="service")
    @example(layout="lines", width=80, at=2054, on_a_line=False, how=".jsonl")
    def test_the_remains_cut_at_any_byte_of_a_head_read_as_the_same_text_unwrapped(
            self, tmp_path: Path, layout: str, width: int, at: int, on_a_line: bool,
            how: str) -> None:
        """Law: a compact array or JSON Lines (three records) that lost its head at any
        byte of its first record, wrapped by ``fold -w`` (cut then wrapped, or wrapped
        then its first lines lost: a cut at a multiple of the width), gives the results
        of the same text unwrapped, every way in and by the service (JSON Lines said): the
        remains one problem, every record after them as written. Before, remains whose
        first line opened an inner object or array (the line lost before it ending with
        ``"key": ``) were read as a record (1 result for 40, or a result a piece); remains
        with one line of the width only were not joined (a wrap is proven by two), and
        are now when the record after them is proven wrapped at that width."""
        apps = [numbered(number, "Morel") for number in range(3)]
        text = laid_out(apps, layout)
        head = len(json.dumps(apps[0], ensure_ascii=False)) + (layout == "compact array")
        cut = at % (head - 1) + 1
        if on_a_line:
            cut -= cut % width
        assume(cut > 0)
        data, left = folded(text[cut:], width, False), text[cut:].encode()
        read = [outcome(item) for item in _read_way(data, tmp_path, how)]
        unwrapped = [outcome(item) for item in _read_way(left, tmp_path, how)]
        assert [got if got in apps else "problem" for got in read] == [
            got if got in apps else "problem" for got in unwrapped], read


#: What is left after a whole array (an edit's leftovers, a list copied out of a larger
#: one, a wrapper's end): closing brackets, a comma.
JUNK = (",", "]", "]]}", "}", "],", "]]")
#: Blanks of the one definition (:func:`callrules._invisible.is_blank`) other than ASCII's
#: space and tab: spaces of every width, format characters, fillers drawn as nothing,
#: variation selectors, controls (C0 but the line ends, the separator and ESC; C1).
JUNK_BLANKS = ("\u3000", "\xa0", "\ufeff", "\u3164", "\u205f", "\u1680", "\u00ad", "\u2060",
               "\ufe0f", "\u2800", "\u115f", "\uffa0", "\u200b", "\u034f", "\u2065", "\x7f",
               "\x01", "\x00", "\x1a", "\x0c", "\x0b", "\x85", "\x9b", "\u2028", "\u180b",
               "\U000e0020", "\U000e0100", " ", "\t")


class TestJunkAfterAWholeArray:
    @settings(max_examples=100, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(count=st.integers(1, 5), layout=st.sampled_from(("array 1", "array 2", "array 4",
                                                            "compact array")),
           width=st.none() | st.integers(3, 200), by_bytes=st.booleans(),
           end=st.sampled_from(("\n", "\r\n")), junk=st.sampled_from(JUNK),
           own_line=st.booleans(), how=st.sampled_from(WAYS_IN), piece=st.integers(1, 64))
    # the attacker's (session 38): 12 records unreadable, 6 results for 5, 4 for 3
    @example(count=5, layout="array 2", width=40, by_bytes=True, end="\n", junk="]",
             own_line=False, how=".json", piece=7)  # (12 of 12 json_invalid)
    @example(count=5, layout="array 2", width=17, by_bytes=True, end="\n", junk="]",
             own_line=False, how=".json", piece=7)  # (456 results, none judged)
    @example(count=5, layout="array 2", width=None, by_bytes=True, end="\n", junk=",",
             own_line=False, how=".json", piece=7)  # (6: the sixth "[5]")
    @example(count=3, layout="compact array", width=None, by_bytes=True, end="\n",
             junk="]]}", own_line=True, how=".jsonl", piece=7)  # (4: the closers' line)
    @example(count=3, layout="compact array", width=17, by_bytes=True, end="\r\n",
             junk="]]}", own_line=False, how=".json", piece=7)  # (4: the wrap's line ends
    # after the joined line hid the end of the text)
    # CI's seed (session 39): the closers on the last piece's line, wider than a wrap at 3
    @example(count=1, layout="array 1", width=3, by_bytes=False, end="\n", junk="]]}",
             own_line=False, how=".json", piece=1)  # (65 json_invalid results for 1)
    def test_junk_after_a_whole_array_is_no_record(
            self, tmp_path: Path, count: int, layout: str, width: int | None,
            by_bytes: bool, end: str, junk: str, own_line: bool, how: str,
            piece: int) -> None:
        """Law: a whole array of N records (pretty-printed or compact), wrapped by ``fold``
        at any width or not, with LF or CRLF line ends, then closing brackets or a comma
        left after it to the end (on its last line or on one of their own) gives its N
        records as the array alone gives them (each read as written, wrapped wider than 16),
        every way in: the leftovers are no record, as closers after a whole array never
        were (before, 0 of 12 records judged, or one result more, named as an element
        after the last)."""
        apps = [numbered(number, "Morel") for number in range(count)]
        text = laid_out(apps, layout)
        data = (folded(text, width, by_bytes) if width else (text + "\n").encode())
        junked = data.rstrip(b"\n") + (b"\n" if own_line else b"") + junk.encode() + b"\n"
        read = [outcome(item) for item in read_every_way(
            junked.replace(b"\n", end.encode()), tmp_path, how, piece)]
        assert read == [outcome(item) for item in read_every_way(
            data.replace(b"\n", end.encode()), tmp_path, how, piece)], [
                each if isinstance(each, str) else "record" for each in read]
        if width is None or width > 16:  # (narrower, the pretty array alone is not always
            assert read == apps  # read as written: a wrap at 4 with 2 blanks an indent)

    @settings(max_examples=120, deadline=None, suppress_health_check=FUNCTION_SCOPED)
    @given(count=st.integers(1, 4), layout=st.sampled_from(("array 2", "compact array")),
           width=st.none(), junk=st.sampled_from(JUNK),
           blanks=st.lists(st.tuples(st.floats(0, 1), st.sampled_from(JUNK_BLANKS)),
                           min_size=1, max_size=1),  # (more blanks, or wrapped: left open)
           own_line=st.booleans(), end=st.sampled_from(("\n", "\r\n")),
           how=st.sampled_from((*WAYS_IN, "service")))
    # the attacker's (session 40): one result more for the junk
    @example(count=3, layout="compact array", width=None, junk=",", blanks=[(0.0, "\u3000")],
             own_line=True, end="\n", how=".json")
    @example(count=3, layout="compact array", width=None, junk="]", blanks=[(0.0, "\u3164")],
             own_line=True, end="\n", how=".jsonl")
    @example(count=3, layout="array 2", width=None, junk="],", blanks=[(0.5, "\x7f")],
             own_line=False, end="\n", how="stdin")
    @example(count=3, layout="compact array", width=None, junk=",", blanks=[(0.0, "\ufeff")],
             own_line=True, end="\n", how="said")
    def test_blanks_among_the_junk_after_a_whole_array_are_no_record(
            self, tmp_path: Path, count: int, layout: str, width: int | None, junk: str,
            blanks: list[tuple[float, str]], own_line: bool, end: str, how: str) -> None:
        """Law: the junk after a whole array (closers, a comma) with blanks of the one
        definition (:func:`callrules._invisible.is_blank`: a no-break, ideographic or
        zero-width space, a BOM, a Hangul filler, a variation selector, the blank braille
        pattern, NUL, DEL, a C1 control…) before, between or after its characters is no
        record either, every way in (the service too): the array's N records alone, as
        with ASCII blanks there. Before, a blank other than ASCII's before a comma on its
        own line, or a filler, a variation selector, a control anywhere in the junk, gave
        one result more (488 of 1,200 layouts, every way)."""
        apps = [numbered(number, "Morel") for number in range(count)]
        text = laid_out(apps, layout)
        data = (folded(text, width, True) if width else (text + "\n").encode())
        spread = junk
        for at, blank in blanks:
            cut = round(at * len(spread))
            spread = spread[:cut] + blank + spread[cut:]
        junked = data.rstrip(b"\n") + (b"\n" if own_line else b"") + spread.encode() + b"\n"
        read = [outcome(item) for item in _read_way(
            junked.replace(b"\n", end.encode()), tmp_path, how)]
        assert read == [outcome(item) for item in _read_way(
            data.replace(b"\n", end.encode()), tmp_path, how)], [
                each if isinstance(each, str) else "record" for each in read]
        assert read == apps, [each if isinstance(each, str) else "record" for each in read]
