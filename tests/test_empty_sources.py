"""A source holding nothing but blanks is the problem ``empty_file``, every way it comes in:
one rule (``callrules._blank``) for a file named, a folder's file, standard input, a file
open in Python, ``records()``, and the service's batch body (its 422 ``no_records``)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, example, given
from hypothesis import strategies as st

import callrules
from callrules._blank import blank_bytes, is_blank
from callrules.serve._app import _read as body_records
from tests.laws import settings

#: Blanks of every kind: ASCII, the no-break spaces, ideographic space, line and paragraph
#: separators, zero-width characters, byte-order marks, NUL, controls (the fillers drawn as
#: nothing, U+2800 and U+3164, are letters to the readers: a CSV header, a problem).
BLANKS = (" \t\r\n\x00\x0b\x0c\x1a\x1e\x85\xa0\u1680\u2000\u2007\u200a\u200b\u200c\u200d"
          "\u2028\u2029\u202f\u205f\u2060\u3000\ufeff")
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-32")  # (UTF-16/32 with their mark)
AS_FILE = {"json": ".json", "jsonl": ".jsonl", "csv": ".csv", "none": ".txt"}
blanks = st.text(st.sampled_from(BLANKS), max_size=12)
#: One kind of blank, repeated, with line ends or not: what the attackers' files hold.
#: (NUL aside: NULs in UTF-16 may be read out of step, as text that is no blank: the
#: readers' own question, said in docs/quality.md.)
one_blank = st.builds(lambda c, n, end: c * n + end, st.sampled_from(BLANKS.replace("\x00", "")),
                      st.integers(0, 3), st.sampled_from(["", "\n", "\r\n"]))


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
    def test_a_source_of_blanks_is_one_empty_file_every_way(
            self, tmp_path: Path, text: str, encoding: str, suffix: str) -> None:
        """One kind of blank, in UTF-8 or a marked UTF-16/32: one ``empty_file`` named, in a
        folder, on standard input, open in Python (bytes or text) — byte-order marks after
        the first in a ``.csv``, a header cell to the CSV reader, its problem instead: never
        nothing, never a record, the same by name and open, on standard input and in
        memory."""
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
        if "\ufeff" not in text or suffix != ".csv":  # (a mark after the first: a cell)
            assert named == piped == [["empty_file"]]  # (nothing the readers read)
        for fmt in ("json", "jsonl", "csv"):  # (the service: no record, 422 no_records;
            # read as a format said, a blank may be a problem of its line: never a record)
            assert all(k is not None for k in kinds(body_records(data, fmt, 10)))
        if piped == [["empty_file"]]:
            assert body_records(data, "jsonl", 10) == []

    @settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(text=blanks, encoding=st.sampled_from(ENCODINGS), suffix=st.sampled_from(
        sorted(AS_FILE.values())))
    def test_a_source_of_blanks_of_any_mix_is_never_silent(
            self, tmp_path: Path, text: str, encoding: str, suffix: str) -> None:
        """Blanks of several kinds mixed: every way in gives something, never nothing (an
        ``empty_file`` when the readers read nothing; some mixes, such as a NUL before an
        ogham space, the readers read as a problem of their own)."""
        data = text.encode(encoding)
        path = tmp_path / f"blank{suffix}"
        path.write_bytes(data)
        assert kinds(callrules.records(path))
        assert kinds(callrules.records("-", stdin=io.BytesIO(data)))
        assert kinds(callrules.records(io.BytesIO(data)))

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


class TestBlankBesideAnother:
    def test_a_file_of_a_unicode_blank_named_beside_another_exits_2(
            self, tmp_path: Path) -> None:
        """The attacker's files: a no-break space, U+3000, U+2028, U+200B named beside an
        application is ``empty_file`` in the report, exit 2 (it gave nothing, exit 0)."""
        app = Path(__file__).parent.parent / "examples"
        apps = sorted(app.glob("*.json"))
        other = tmp_path / "nothing.json"
        for blank in ("\xa0", "\u3000", "\u2028\n", "\u200b"):
            other.write_text(blank, encoding="utf-8")
            done = subprocess.run(
                [sys.executable, "-m", "callrules", "check", "cnrs-amsud-2026", str(other),
                 *(str(a) for a in apps[:1]), "--at", "2026-06-01T10:00:00+02:00",
                 "--format", "json"], capture_output=True, text=True, check=False)
            assert done.returncode == 2, done.stderr
            assert '"empty_file"' in done.stdout
