"""A source holding nothing but blanks is the problem ``empty_file``, every way it comes in:
one rule (``callrules._blank``) for a file named, a folder's file, standard input, a file
open in Python, ``records()``, and the service's batch body (its 422 ``no_records``)."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given
from hypothesis import strategies as st

import callrules
from callrules._blank import blank_bytes, is_blank
from callrules._evaluate import read_json
from callrules.serve._app import _read as body_records
from tests.laws import settings

#: Blanks of every kind: ASCII, the no-break spaces, ideographic space, line and paragraph
#: separators, zero-width characters, byte-order marks, NUL, controls, and the fillers drawn
#: as nothing (the Hangul fillers, the braille blank): every kind ``callrules._blank`` names.
FILLERS = "\u115f\u1160\u2800\u3164\uffa0"
BLANKS = (" \t\r\n\x00\x0b\x0c\x1a\x1e\x85\xa0\u1680\u2000\u2007\u200a\u200b\u200c\u200d"
          "\u2028\u2029\u202f\u205f\u2060\u3000\ufeff" + FILLERS)
#: Terminal colour codes (``jq -C``, ``grep --color=always``): layout, no more than blanks.
COLOURS = ("\x1b[0m", "\x1b[1;39m", "\x1b[K", "\x1b[38;5;12m", "\x1b[m")
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-32")  # (UTF-16/32 with their mark)
AS_FILE = {"json": ".json", "jsonl": ".jsonl", "csv": ".csv", "none": ".txt"}
blanks = st.lists(st.sampled_from(tuple(BLANKS) + COLOURS), max_size=12).map("".join)
#: One kind of blank (or colour code), repeated, with line ends or not: what the attackers'
#: files hold. (NUL aside: NULs in UTF-16 may be read out of step, as text that is no
#: blank: the readers' own question, said in docs/quality.md.)
one_blank = st.builds(lambda c, n, end: c * n + end,
                      st.sampled_from(tuple(BLANKS.replace("\x00", "")) + COLOURS),
                      st.integers(0, 3), st.sampled_from(["", "\n", "\r\n"]))


class _Trickle(io.RawIOBase):
    """Bytes given ``size`` at a time, as a pipe brings them."""

    def __init__(self, data: bytes, size: int) -> None:
        self.data, self.at, self.size = data, 0, size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        got = self.data[self.at:self.at + min(len(buffer), self.size)]
        buffer[:len(got)] = got
        self.at += len(got)
        return len(got)


def kinds(items: object) -> list[list[str] | None]:
    """The problems' codes of each record given (None: a record, not a problem)."""
    return [[p.type for p in r.data.problems] if isinstance(r.data, callrules.InputError)
            else None for r in items]  # type: ignore[attr-defined]


class TestBlankSources:
    @settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(text=one_blank, encoding=st.sampled_from(ENCODINGS), suffix=st.sampled_from(
        sorted(AS_FILE.values())))
    @example(text="\xa0", encoding="utf-8", suffix=".json")
    @example(text="\u3000", encoding="utf-8", suffix=".json")
    @example(text="\u2028\n", encoding="utf-8", suffix=".jsonl")
    @example(text="\u200b", encoding="utf-8", suffix=".json")
    @example(text="", encoding="utf-8", suffix=".json")
    @example(text="\x1b[0m\n", encoding="utf-8", suffix=".json")
    @example(text="\x1b[1;39m\u3000\x1b[0m", encoding="utf-16", suffix=".jsonl")
    @example(text="\u2800", encoding="utf-8", suffix=".json")
    @example(text="\u3164\n", encoding="utf-16", suffix=".json")
    @example(text="\u115f", encoding="utf-8", suffix=".txt")
    @example(text="\u1160", encoding="utf-32", suffix=".csv")
    @example(text="\uffa0\uffa0", encoding="utf-8-sig", suffix=".json")
    @example(text="\ufeff\ufeff", encoding="utf-8", suffix=".csv")
    def test_a_source_of_blanks_is_one_empty_file_every_way(
            self, tmp_path: Path, text: str, encoding: str, suffix: str) -> None:
        """One kind of blank (a filler drawn as nothing, a terminal colour code too), in
        UTF-8 or a marked UTF-16/32: one ``empty_file`` named, in a folder, on standard
        input, open in Python (bytes or text), and no record to the service, whatever
        format is said: never nothing, never a record, never the readers' own problem."""
        data = text.encode(encoding)
        assert blank_bytes(data)
        folder = tmp_path / "in"
        folder.mkdir(exist_ok=True)
        for old in folder.iterdir():  # (the examples before: one file at a time)
            old.unlink()
        path = folder / f"blank{suffix}"
        path.write_bytes(data)
        named = kinds(callrules.records(path))
        assert named and None not in named
        assert kinds(callrules.records(folder)) == (named if suffix != ".txt" else [])
        with path.open("rb") as f:
            assert kinds(callrules.records(f)) == named
        piped = kinds(callrules.records("-", stdin=io.BytesIO(data)))
        assert piped and None not in piped
        assert kinds(callrules.records(io.BytesIO(data))) == piped
        if encoding == "utf-8":
            assert kinds(callrules.records(io.StringIO(text))) == piped
        assert named == piped == [["empty_file"]]  # (found before the readers read it)
        for fmt in ("json", "jsonl", "csv"):  # (the service: no record, 422 no_records)
            assert body_records(data, fmt, 10) == []
            assert kinds(callrules.records("-", stdin=io.BytesIO(data), input_format=fmt)
                         ) == [["empty_file"]]

    @settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(text=blanks, encoding=st.sampled_from(ENCODINGS), suffix=st.sampled_from(
        sorted(AS_FILE.values())))
    def test_a_source_of_blanks_of_any_mix_is_never_silent(
            self, tmp_path: Path, text: str, encoding: str, suffix: str) -> None:
        """Blanks of several kinds mixed (colour codes among them): every way in gives one
        ``empty_file``, the same named, on standard input, open in Python and read in
        pieces of any size (a NUL before an ogham space, a mark after the first in a CSV:
        no longer a problem of the readers' own)."""
        data = text.encode(encoding)
        path = tmp_path / f"blank{suffix}"
        path.write_bytes(data)
        assert kinds(callrules.records(path)) == [["empty_file"]]
        assert kinds(callrules.records("-", stdin=io.BytesIO(data))) == [["empty_file"]]
        assert kinds(callrules.records(io.BytesIO(data))) == [["empty_file"]]
        assert kinds(callrules.records("-", stdin=io.BufferedReader(
            _Trickle(data, 3)))) == [["empty_file"]]

    @settings(max_examples=40)
    @given(before=blanks, after=blanks, word=st.sampled_from(
        ["x", "[]", "{}", "id", "\u00e9", "\u4e00", "-", "0"]))
    def test_one_character_that_is_no_blank_is_never_an_empty_file(
            self, before: str, after: str, word: str) -> None:
        """A character that is no blank among blanks: the source is not ``empty_file``
        (``[]`` says itself it holds no record; anything else is read, or a problem)."""
        data = (before + word + after).encode()
        assert not blank_bytes(data)
        for way in (lambda: callrules.records("-", stdin=io.BytesIO(data)),
                    lambda: callrules.records(io.BytesIO(data))):
            assert ["empty_file"] not in kinds(way())

    def test_every_character_said_blank_is_drawn_as_nothing(self) -> None:
        """The blanks are spaces, separators, controls and invisible formats: no letter,
        digit, mark or symbol (but the fillers Unicode draws as nothing, and the marks it
        draws as nothing: variation selectors, the combining grapheme joiner, the Khmer
        inherent vowels: every default-ignorable code point is a blank)."""
        import unicodedata
        marks = {*map(chr, range(0xFE00, 0xFE10)), *map(chr, range(0xE0100, 0xE01F0)),
                 "\u034f", "\u17b4", "\u17b5", "\u180b", "\u180c", "\u180d", "\u180f"}
        for code in range(sys.maxunicode + 1):
            c = chr(code)
            if is_blank(c) and c not in "\u115f\u1160\u2800\u3164\uffa0" and c not in marks:
                assert unicodedata.category(c)[0] in "ZC", hex(code)

    def test_the_readers_blanks_in_utf8_are_the_one_definition(self) -> None:
        """The readers that look at bytes (:data:`callrules._invisible.UTF8_BLANK`, with
        ASCII's space, tab, line ends and the C0 controls each says what it does with)
        read as a blank exactly the characters :func:`is_blank` calls one, code point by
        code point, on every Python: the format characters Unicode 15.0 added (U+13439 to
        U+1343F, unassigned in 3.11's Unicode 14) are blanks on 3.11 too (before, drawn raw
        on 3.11 and named on 3.12+, att87 F4). Before, the readers' list lacked the Hangul fillers,
        the blank braille pattern, the variation selectors, the combining grapheme joiner,
        the C1 controls and the tags: a filler before a closer after a whole array was
        one more record."""
        import re

        from callrules._invisible import UTF8_BLANK
        pattern = re.compile(rb"(?:[\x00-\x0a\x0d\x0e-\x1b\x1e\x20\x7f]|" + UTF8_BLANK
                             + rb")\Z")
        for code in range(sys.maxunicode + 1):
            if 0xD800 <= code < 0xE000:
                continue  # (surrogates: no UTF-8)
            c = chr(code)
            read = pattern.match(c.encode()) is not None
            assert read == is_blank(c), hex(code)


class TestBlankBesideAnother:
    def test_a_file_of_a_unicode_blank_named_beside_another_exits_2(
            self, tmp_path: Path) -> None:
        """The attackers' files: a no-break space, U+3000, U+2028, U+200B, a colour code
        alone, a braille blank named beside an application is ``empty_file`` in the report,
        exit 2 (it gave nothing, or ``json_invalid``, exit 0)."""
        app = Path(__file__).parent.parent / "examples"
        apps = sorted(app.glob("*.json"))
        other = tmp_path / "nothing.json"
        for blank in ("\xa0", "\u3000", "\u2028\n", "\u200b", "\x1b[0m\n", "\u2800"):
            other.write_text(blank, encoding="utf-8")
            done = subprocess.run(
                [sys.executable, "-m", "callrules", "check", "cnrs-amsud-2026", str(other),
                 *(str(a) for a in apps[:1]), "--at", "2026-06-01T10:00:00+02:00",
                 "--format", "json"], capture_output=True, text=True, check=False)
            assert done.returncode == 2, done.stderr
            assert '"empty_file"' in done.stdout


class TestReadAhead:
    """A source is read ahead while all of it is blank (``BlankSeen.blank_ahead``): what
    was read is given to the readers again when a record follows, and a blank source never
    reaches them."""

    @settings(max_examples=40)
    @given(before=st.sampled_from([" ", "\n", "\xa0", "\u3000\n", "\x1b[0m\n", "\r\n"]),
           times=st.sampled_from([0, 1, 7, 40_000]), encoding=st.sampled_from(ENCODINGS),
           layout=st.sampled_from(["jsonl", "array"]), size=st.sampled_from([1, 5, 4096]))
    def test_blanks_read_ahead_are_given_again_before_the_records(
            self, before: str, times: int, encoding: str, layout: str, size: int) -> None:
        """Blanks (up to hundreds of kilobytes: more than a piece read ahead) before three
        records: the three records, the same named, on standard input whole or in pieces
        of any size, and open in Python. (Hundreds of kilobytes a byte or five at a time:
        not drawn, the suite's slowest after a cycle's walk, 189 s under load; blanks of a
        few characters in such pieces are.)"""
        assume(times < 40_000 or size >= 4096)
        rows = [f'{{"id": "A-{i}", "budget": {{"total": {i}}}}}' for i in range(3)]
        body = "\n".join(rows) + "\n" if layout == "jsonl" else "[\n" + ",\n".join(rows) + "\n]\n"
        data = (before * times + body).encode(encoding)
        whole = kinds(callrules.records("-", stdin=io.BytesIO(data)))
        assert whole == [None, None, None]
        assert kinds(callrules.records(io.BytesIO(data))) == whole
        assert kinds(callrules.records("-", stdin=io.BufferedReader(
            _Trickle(data, size), buffer_size=max(size, 8)))) == whole


class TestBlankWork:
    """A blank source takes the work of one look at each piece: never a reader's question
    asked once a character (UTF-16 of U+3000 asked whether the text was in step again at
    each character: 6 MB, 109 s)."""

    def test_a_blank_utf16_source_never_reaches_the_readers(
            self, tmp_path: Path, monkeypatch: object) -> None:
        """6 × 10⁵ bytes of U+3000 in UTF-16 (and of no-break spaces in UTF-8), named and on
        standard input: the readers' line ends are never looked for, and each kind of
        character is judged at most once a piece read (the pieces are 64 KiB)."""
        import callrules._invisible as blank_module  # (the one definition of a blank)
        from callrules import _encodings, _sources
        calls = {"read": 0, "blank": 0, "step": 0}
        real_read, real_blank = _sources._read, blank_module.is_blank
        real_step = _encodings._LineEnds.in_step_again

        def read(*args: object, **kwargs: object) -> object:
            calls["read"] += 1
            return real_read(*args, **kwargs)  # type: ignore[arg-type]

        def blank(character: str) -> bool:
            calls["blank"] += 1
            return real_blank(character)

        def step(*args: object, **kwargs: object) -> object:
            calls["step"] += 1
            return real_step(*args, **kwargs)  # type: ignore[arg-type]

        patch = monkeypatch.setattr  # type: ignore[attr-defined]
        patch(_sources, "_read", read)
        patch(blank_module, "is_blank", blank)
        patch(_encodings._LineEnds, "in_step_again", step)
        for data in (b"\xff\xfe" + "\u3000".encode("utf-16-le") * 300_000,
                     "\u00a0".encode() * 300_000):
            path = tmp_path / "blank.json"
            path.write_bytes(data)
            for way in (lambda: callrules.records(path),  # noqa: B023
                        lambda: callrules.records("-", stdin=io.BytesIO(data))):  # noqa: B023
                calls.update(read=0, blank=0, step=0)
                assert kinds(way()) == [["empty_file"]]
                pieces = len(data) // (1 << 16) + 2
                assert calls["read"] == calls["step"] == 0
                assert calls["blank"] <= 5 * 4 * pieces, calls  # (5 encodings, kinds a piece)


class _NothingYet(_Trickle):
    """A raw stream that has nothing yet at first (``readinto`` gives None: a non-blocking
    pipe or socket), then its bytes."""

    def __init__(self, data: bytes, size: int) -> None:
        super().__init__(data, size)
        self.waited = False

    def readinto(self, buffer: bytearray | memoryview) -> int | None:  # type: ignore[override]
        if not self.waited:
            self.waited = True
            return None
        return super().readinto(buffer)


def _piped(data: bytes) -> Any:
    """A pipe's reading end (``os.pipe``) that another thread writes ``data`` into."""
    read, write = os.pipe()

    def writer() -> None:
        with os.fdopen(write, "wb") as end:
            end.write(data)

    threading.Thread(target=writer, daemon=True).start()
    return os.fdopen(read, "rb")


def _socket(data: bytes) -> Any:
    """A socket's file (``makefile("rb")``) whose other end sends ``data``, then closes."""
    ours, theirs = socket.socketpair()

    def sender() -> None:
        with theirs:
            theirs.sendall(data)

    threading.Thread(target=sender, daemon=True).start()
    made = ours.makefile("rb")
    ours.close()  # (the file keeps the socket open until it is closed)
    return made


#: Streams of every kind open in Python, seekable or not, from a source's bytes (and its
#: text, its encoding): each made anew for each way in.
STREAMS: dict[str, Callable[[bytes, str, str], Any]] = {
    "memory": lambda data, text, encoding: io.BytesIO(data),
    "text in memory": lambda data, text, encoding: io.StringIO(text),
    "trickle": lambda data, text, encoding: io.BufferedReader(_Trickle(data, 3)),
    "trickle as text": lambda data, text, encoding: io.TextIOWrapper(
        io.BufferedReader(_Trickle(data, 3)), encoding=encoding),
    "nothing yet": lambda data, text, encoding: io.BufferedReader(_NothingYet(data, 3)),
    "pipe": lambda data, text, encoding: _piped(data),
    "socket": lambda data, text, encoding: _socket(data),
}


def _codes(items: Iterable[Any]) -> list[list[str] | None]:
    """The problems' codes of each result of ``evaluate_many`` or ``evaluate_stream``."""
    return [[p.type for p in item.error.problems] if item.error is not None else None
            for item in items]


class TestStreamsOfEveryKind:
    @settings(max_examples=40, deadline=None)
    @given(text=one_blank, encoding=st.sampled_from(("utf-8", "utf-16", "utf-32")),
           kind=st.sampled_from(sorted(STREAMS)))
    @example(text="", encoding="utf-8", kind="pipe")  # (Popen's output: 0 results, no word)
    @example(text="  \n", encoding="utf-8", kind="socket")
    @example(text="", encoding="utf-8", kind="nothing yet")
    def test_an_empty_or_blank_stream_is_one_empty_file_whatever_its_kind(
            self, text: str, encoding: str, kind: str) -> None:
        """Law: a stream open in Python holding nothing, or nothing but blanks, is one
        ``empty_file`` whatever its kind, seekable or not (a pipe, a socket, a reader of
        the caller's own, one that has nothing yet at first), to ``records``,
        ``evaluate_many`` and ``evaluate_stream`` alike: the library reads what it is
        given, so nothing at all from a stream whose position cannot be read is an empty
        source. Before, a stream whose ``tell`` failed gave no result and no word."""
        data = text.encode(encoding)
        with STREAMS[kind](data, text, encoding) as stream:
            assert kinds(callrules.records(stream)) == [["empty_file"]]
        call = callrules.calls.load("cnrs-amsud-2026")
        now = callrules.parse_instant("2026-06-02T09:00:00+02:00")
        for way in (callrules.evaluate_many, callrules.evaluate_stream):
            with STREAMS[kind](data, text, encoding) as stream:
                assert _codes(way(call, stream, now=now)) == [["empty_file"]], way.__name__

    def test_a_subprocess_s_empty_or_blank_output_is_one_empty_file(self) -> None:
        """A subprocess's output (``Popen(...).stdout``: a pipe) that is empty or blank is
        one ``empty_file``, as the same bytes in memory are."""
        for text in ("", " \n\n", "\u3000\n"):
            with subprocess.Popen([sys.executable, "-c", "import sys; sys.stdout.buffer."
                                   f"write({text.encode()!r})"], stdout=subprocess.PIPE
                                  ) as process:
                assert process.stdout is not None
                assert kinds(callrules.records(process.stdout)) == [["empty_file"]]

    @pytest.mark.parametrize("made", ["", "  \n", "\u3000\r\n", "file:  \n", "file:",
                                      "no lines"])
    def test_csv_text_of_blanks_is_one_empty_file_as_the_same_stream_said_csv(
            self, made: str) -> None:
        """``records_from_csv`` of text holding nothing, or nothing but blanks (whole, in
        an open file, a list of no lines): one ``empty_file``, as ``records`` of the same
        text said to be CSV. Before, nothing."""
        rows: Any = [] if made == "no lines" else io.StringIO(made.removeprefix("file:")) \
            if made.startswith("file:") else made
        text = rows.getvalue() if isinstance(rows, io.StringIO) else "".join(rows)
        assert kinds(callrules.records_from_csv(rows)) == [["empty_file"]] == kinds(
            callrules.records(io.StringIO(text), input_format="csv"))
        assert kinds(callrules.records_from_csv(["id"])) == []


#: What a line among records may hold that makes it blank: any kind the blank-source rule
#: names (controls such as NUL, SOH, EOT, Ctrl-Z, DEL, FS, VT; the spaces of every kind;
#: format characters; the fillers drawn as nothing), a colour code, and spaces or tabs.
LINE_BLANKS = ("\x00", "\x01", "\x04", "\x1a", "\x7f", "\x1c", "\x0b", "\x0c", "\x85", "\xa0",
               "\u1680", "\u2000", "\u200b", "\u2028", "\u205f", "\u2060", "\u3000", "\ufeff",
               "\u00ad", "\ufe0f", *FILLERS, *COLOURS, " ", "\t")
blank_lines = st.lists(st.sampled_from(LINE_BLANKS), min_size=1, max_size=4).map("".join)
#: Layouts of records over lines: JSON Lines, ``jq .``'s stream, a pretty array, an array
#: of one record a line, a ``jq --seq`` sequence.
LINE_LAYOUTS = ("jsonl", "pretty", "array", "compact_array", "sequence")


def laid(layout: str, apps: list[dict[str, object]]) -> list[str]:
    """``apps`` in ``layout``, as its lines (each with its line end)."""
    import json
    if layout == "jsonl":
        text = "".join(json.dumps(app) + "\n" for app in apps)
    elif layout == "pretty":
        text = "".join(json.dumps(app, indent=2) + "\n" for app in apps)
    elif layout == "array":
        text = json.dumps(apps, indent=2) + "\n"
    elif layout == "compact_array":
        text = "[\n" + ",\n".join(json.dumps(app) for app in apps) + "\n]\n"
    else:
        text = "".join("\x1e" + json.dumps(app) + "\n" for app in apps)
    return [line + "\n" for line in text.split("\n")[:-1]]  # (no split at RS)


def ways_in(data: bytes, tmp_path: Path) -> dict[str, list[callrules.Sourced]]:
    """The records of ``data`` every way in: named ``.json``, ``.jsonl``, ``.txt``; on
    standard input, its format said or not (as the service reads a batch's body), and in
    pieces of 5 bytes; open in Python."""
    found = {}
    for suffix in (".json", ".jsonl", ".txt"):
        path = tmp_path / f"batch{suffix}"
        path.write_bytes(data)
        found[suffix] = list(callrules.records(path))
    for said in (None, "json", "jsonl"):
        found[f"stdin {said}"] = list(callrules.records("-", stdin=io.BytesIO(data),
                                                        input_format=said))
    found["pieces"] = list(callrules.records("-", stdin=io.BufferedReader(
        _Trickle(data, 5), buffer_size=8)))
    found["open"] = list(callrules.records(io.BytesIO(data)))
    return found


class TestABlankLineAmongRecords:
    @settings(max_examples=120, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(count=st.integers(1, 4), layout=st.sampled_from(LINE_LAYOUTS),
           inserted=st.lists(st.tuples(st.floats(0, 1), blank_lines), min_size=1,
                             max_size=3))
    @example(count=3, layout="jsonl", inserted=[(0.5, "\x00")])
    @example(count=3, layout="pretty", inserted=[(0.0, "\x1a")])
    @example(count=3, layout="pretty", inserted=[(1.0, "\u3164")])
    @example(count=3, layout="jsonl", inserted=[(0.5, "\x7f"), (1.0, "\u2800")])
    @example(count=3, layout="pretty", inserted=[(0.5, "\x04"), (0.2, "\u115f")])
    def test_a_line_of_blanks_gives_no_result(
            self, tmp_path: Path, count: int, layout: str,
            inserted: list[tuple[float, str]]) -> None:
        """Law: records with lines holding nothing but what makes a source blank (NUL,
        Ctrl-Z, EOT, DEL, FS, VT, a filler drawn as nothing, a colour code…) inserted before,
        between, inside or after them give exactly the records, every way in: no result for
        such a line, as none for an empty one. Before, a line of NUL, Ctrl-Z, DEL, EOT or a
        filler among JSON Lines or pretty records was one more ``json_invalid`` result
        (the same bytes alone are ``empty_file``)."""
        apps = [{"id": f"A-{n}", "note": f"n{n}", "host": {"name": "x"}} for n in range(count)]
        lines = laid(layout, apps)  # type: ignore[arg-type]
        for at, blank in inserted:
            lines.insert(round(at * len(lines)), blank + "\n")
        data = "".join(lines).encode()
        for way, items in ways_in(data, tmp_path).items():
            assert kinds(items) == [None] * count, (way, [item.source for item in items])
            assert [read_json(item.data) if isinstance(item.data, str) else item.data
                    for item in items] == apps, way


    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(count=st.integers(1, 4),
           inserted=st.lists(st.tuples(st.floats(0, 1), blank_lines), min_size=1,
                             max_size=3))
    @example(count=3, inserted=[(0.5, "\x7f")])
    @example(count=3, inserted=[(0.5, "\u3164"), (1.0, "\uffa0")])
    @example(count=3, inserted=[(0.5, " \x7f ")])
    @example(count=3, inserted=[(0.6, "\x1b[31m\x7f\x1b[0m")])
    def test_a_csv_line_of_blanks_gives_no_row(
            self, tmp_path: Path, count: int, inserted: list[tuple[float, str]]) -> None:
        """Law: CSV rows with lines holding nothing but blanks (the library's one definition,
        :func:`callrules._invisible.is_blank`: DEL, a Hangul filler, NUL, a colour code…)
        inserted between or after them give exactly the rows, every way in (``.csv``,
        standard input, its format said or not, UTF-16). Before, a line of DEL, U+3164,
        U+FFA0 or ``" \x7f "`` was one more ``csv_short_row`` result (4 for 3)."""
        rows = [f"A-{n},n{n},x" for n in range(count)]
        lines = [row + "\n" for row in rows]
        for at, blank in inserted:
            lines.insert(round(at * len(lines)), blank + "\n")
        text = "id,note,host.name\n" + "".join(lines)
        path = tmp_path / "batch.csv"
        path.write_bytes(text.encode())
        found = {".csv": list(callrules.records(path))}
        for said in (None, "csv"):
            found[f"stdin {said}"] = list(callrules.records(
                "-", stdin=io.BytesIO(text.encode()), input_format=said))
        found["utf-16"] = list(callrules.records(
            "-", stdin=io.BytesIO(text.encode("utf-16")), input_format="csv"))
        for way, items in found.items():
            assert kinds(items) == [None] * count, (way, [item.source for item in items])

    @settings(max_examples=80, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(count=st.integers(1, 4),
           inserted=st.lists(st.tuples(st.floats(0, 1), st.lists(st.sampled_from(
               ("\x1e", "\x1e", *LINE_BLANKS)), min_size=1, max_size=4).map(
               lambda bits: "".join(bits) + "\x1e")), min_size=1, max_size=3),
           line_end=st.sampled_from(("\n", "\r\n")))
    @example(count=3, inserted=[(0.4, "\x1e")], line_end="\n")  # (3 rows: 1 result)
    @example(count=3, inserted=[(0.0, "\x1e")], line_end="\n")  # (above the header)
    @example(count=3, inserted=[(1.0, "\x1e")], line_end="\n")  # (below the rows)
    @example(count=3, inserted=[(0.4, " \x1e\x1e\u3000")], line_end="\r\n")
    def test_a_csv_line_of_record_separators_gives_no_row(
            self, tmp_path: Path, count: int, inserted: list[tuple[float, str]],
            line_end: str) -> None:
        """Law: CSV rows with lines holding record separators (RFC 7464's ``\\x1e``) and
        blanks of the one definition alone, inserted above the header, between the rows or
        after them, give exactly the rows, every way in: a file of any name (the content
        says CSV), standard input, its format said or not, in pieces, open in Python, UTF-16,
        the service's body. A CSV is a CSV: such a line is one of its blank lines, never the
        start of a ``jq --seq`` sequence. Before, a line of ``\\x1e`` switched the source to
        a sequence's reading: 3 rows gave 1 or 2 ``json_invalid`` results, said CSV an
        ``input_format_mismatch``."""
        rows = [f"A-{n},n{n},x" for n in range(count)]
        lines = ["id,note,host.name", *rows]
        for at, blank in inserted:
            lines.insert(round(at * len(lines)), blank)
        text = line_end.join(lines) + line_end
        data = text.encode()
        found = {}
        for suffix in (".csv", ".txt", ".json", ".jsonl"):
            path = tmp_path / f"batch{suffix}"
            path.write_bytes(data)
            found[suffix] = list(callrules.records(path))
        for said in (None, "csv"):
            found[f"stdin {said}"] = list(callrules.records(
                "-", stdin=io.BytesIO(data), input_format=said))
        found["pieces"] = list(callrules.records("-", stdin=io.BufferedReader(
            _Trickle(data, 5), buffer_size=8)))
        found["open"] = list(callrules.records(io.BytesIO(data)))
        found["utf-16"] = list(callrules.records(  # (a NUL first: FF FE 00 00, UTF-32's mark)
            "-", stdin=io.BytesIO(text.encode("utf-16")), input_format="csv"))
        for way, items in found.items():
            assert kinds(items) == [None] * count, (way, [item.source for item in items])
            assert [item.data["id"] for item in items] == [f"A-{n}" for n in range(count)]
        assert [json.loads(record.text)["id"] for record in body_records(data, "csv", 10)] == [
            f"A-{n}" for n in range(count)]


class TestJunkAroundAnArray:
    @settings(max_examples=120, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(count=st.integers(1, 4), pretty=st.booleans(),
           before=st.sampled_from(("", "\x00", "\x01", "\x00 ", " \x00", "\x1a", "\x02\x03",
                                   "\x1b[31m", "\xa0\x00", "\u205f", "\u3164\n", "x", "#",
                                   "\ufeff\ufeff", "\x1b", "{", "\x00{")),
           after=st.sampled_from(("", "}", "]", "]]}", "],", ",", "\x00", "\x1b[0m", "\x01",
                                  "\n,{}")))
    @example(count=3, pretty=False, before="\x01", after="}")
    @example(count=3, pretty=True, before="x", after="}")
    @example(count=3, pretty=False, before="\x01", after="")
    @example(count=3, pretty=False, before="\x1b", after="")
    @example(count=3, pretty=False, before="\x1b", after="x")
    @example(count=3, pretty=False, before="{", after="")
    @example(count=3, pretty=False, before="{", after="x")  # (3 lost from a file, read whole
    # as one application damaged; standard input and the service each record)
    @example(count=3, pretty=False, before="\x00{", after=",")
    def test_junk_before_and_after_an_array_leaves_every_record_judged(
            self, tmp_path: Path, count: int, pretty: bool, before: str, after: str) -> None:
        """Law: junk typed before an array (a control, a letter, ``#``, a filler) and after
        it (a closer, a comma, a control): every record of the array judged, in order, every
        way in; the junk at most one problem at each end (a ``{}`` after it its own record).
        Before, ``\\x01`` before a one-line array and ``}`` after it were one result for
        three (the whole taken for the end of a record whose start was lost); an ESC before a
        one-line array was 2 records for 3 (``ESC [ {`` eaten as a colour code), and ``{``
        before it, read as ``.json``, one problem for the whole; with junk on the line after
        it, one problem for the whole from a file of any name (read whole as one
        application damaged), each record from standard input."""
        import json
        assume(not before.endswith("{") or after == "" or (
            not pretty and after[:1] not in ("}", "]")))  # (``{`` and a closer around it:
        # an object holding a list with no key, read as one damaged record; ``{`` before a
        # pretty array: left open)
        apps = [{"id": f"A-{n}", "note": f"n{n}", "host": {"name": "x"}} for n in range(count)]
        data = (before + json.dumps(apps, indent=2 if pretty else None) + "\n" + after
                ).encode()
        for way, items in ways_in(data, tmp_path).items():
            records = [item.data if isinstance(item.data, dict) else read_json(item.data)
                       for item in items if not isinstance(item.data, callrules.InputError)
                       and _json(item.data) and (item.data if isinstance(item.data, dict)
                                                 else read_json(item.data))]
            assert records == apps, (way, [item.source for item in items])
            problems = len(items) - len(records) - (1 if after.endswith("{}") else 0)
            assert problems <= 2, (way, [item.source for item in items])


def _json(data: object) -> bool:
    """Whether ``data`` is a record's value, or text that reads as one."""
    if not isinstance(data, str):
        return True
    try:
        read_json(data)
    except (ValueError, RecursionError):
        return False
    return True
