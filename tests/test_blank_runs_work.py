"""A run of blank lines inside a record costs the reader work in proportion to its length.

A line break inside a JSON Lines record (inside a string, or in what is left of a record
whose head was lost) or inside a quoted CSV cell, followed by N blank lines, was read in
work growing as N squared (attacker 38a: 128,000 blank lines, a 134 KB file, 25 s; a CSV
cell holding 64,000 line ends 8.6 s): the look-ahead for the next non-blank line searched
again from the run's start for each line read. The work is counted here, not timed: the
Python calls made while reading, plus the characters each regular expression of the
readers is asked to search through. At 4 times the blank lines, at most about 4 times the
work (the seconds are in ``benchmarks/blank_starts.py --inside``).
"""

from __future__ import annotations

import io
import json
import re
import sys
import types
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

import callrules
from tests.laws import settings  # noqa: F401  (the project's hypothesis profiles)

ROOT = Path(__file__).resolve().parent.parent
_RECORD = json.loads((ROOT / "examples" / "eligible.json").read_text(encoding="utf-8"))
_THREE = [_RECORD | {"id": f"A-{n}"} for n in range(3)]
JSON_LINES = "".join(json.dumps(record) + "\n" for record in _THREE).encode()
PRETTY = "".join(json.dumps(record, indent=2) + "\n" for record in _THREE[:2])
HEADER = b"id,submitted_at,call\n"
ROW = b"a1,2026-05-28T10:42:00-03:00,cnrs-amsud-2026\n"


def _inside_string(blank: bytes) -> Callable[[int], bytes]:
    """JSON Lines, a line break typed inside a string of the first record's, ``n`` blank
    lines after it."""
    cut = JSON_LINES.index(b'"', 3000) + 3
    return lambda n: JSON_LINES[:cut] + b"\n" + blank * n + JSON_LINES[cut:]


def _headless(n: int) -> bytes:
    """JSON Lines whose first record lost its head, a line break and ``n`` blank lines in
    what is left of it."""
    cut = JSON_LINES.index(b",", 300) + 1
    return JSON_LINES[200:cut] + b"\n" * (n + 1) + JSON_LINES[cut:]


def _pretty(n: int) -> bytes:
    """Pretty-printed objects (as ``jq`` writes them), ``n`` blank lines between two keys."""
    at = PRETTY.index('"submitted_at"')
    return (PRETTY[:at] + "\n" * n + PRETTY[at:]).encode()


def _csv_cell(end: bytes) -> Callable[[int], bytes]:
    """A CSV file, ``n`` line ends inside a quoted cell of its first row."""
    return lambda n: HEADER.replace(b"\n", end) + b'"x' + end * n + b'",y' + end + \
        ROW.replace(b"\n", end)


SHAPES: dict[str, Callable[[int], bytes]] = {
    "JSON Lines, inside a string": _inside_string(b"\n"),
    "JSON Lines, inside a string, CR LF": _inside_string(b"\r\n"),
    "JSON Lines, inside a string, a blank on each": _inside_string(b" \t\n"),
    "JSON Lines, head lost": _headless,
    "pretty-printed objects, between keys": _pretty,
    "CSV, inside a quoted cell": _csv_cell(b"\n"),
    "CSV, inside a quoted cell, CR LF": _csv_cell(b"\r\n"),
}


class _Pieces(io.RawIOBase):
    """Bytes read a few at a time, as a pipe may give them."""

    def __init__(self, data: bytes, size: int) -> None:
        self.data, self.size, self.pos = data, size, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = min(len(buffer), self.size, len(self.data) - self.pos)
        buffer[:size] = self.data[self.pos:self.pos + size]
        self.pos += size
        return size


def _service(data: bytes, folder: Path) -> list[Any]:
    """Read as the service reads a batch's body, of the type its start says."""
    from callrules.serve import _app  # (the serve extra: skipped without it)
    kind = "csv" if data.startswith(b"id,") else "jsonl" if data.startswith(b'{"') else "json"
    return _app._read(data, kind, 10_000)


def _file(suffix: str) -> Callable[[bytes, Path], list[Any]]:
    def read(data: bytes, folder: Path) -> list[Any]:
        file = folder / f"batch{suffix}"
        file.write_bytes(data)
        return list(callrules.records(file))
    return read


WAYS: dict[str, Callable[[bytes, Path], list[Any]]] = {
    "open file": lambda data, folder: list(callrules.records(io.BytesIO(data))),
    "file .jsonl": _file(".jsonl"),
    "file .json": _file(".json"),
    "file .csv": _file(".csv"),
    "file .txt": _file(".txt"),
    "standard input, whole": lambda data, folder: list(callrules.records(
        "-", stdin=io.TextIOWrapper(io.BytesIO(data)))),
    "standard input, 7 bytes at a time": lambda data, folder: list(callrules.records(
        "-", stdin=io.TextIOWrapper(io.BufferedReader(_Pieces(data, 7), 1)))),
    "the service": _service,
}


class _Counted:
    """A compiled pattern that adds to ``tally`` the characters each search is asked to
    look through (to the match's end, or to the end of the text when none is found)."""

    def __init__(self, pattern: re.Pattern[Any], tally: list[int]) -> None:
        self._pattern, self._tally = pattern, tally

    def _add(self, text: Any, pos: int, endpos: int, found: re.Match[Any] | None) -> None:
        last = found.end() if found is not None else min(len(text), endpos)
        self._tally[0] += max(last - max(pos, 0), 1)

    def search(self, text: Any, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        found = self._pattern.search(text, pos, endpos)
        self._add(text, pos, endpos, found)
        return found

    def match(self, text: Any, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        found = self._pattern.match(text, pos, endpos)
        self._add(text, pos, pos if found is None else endpos, found)
        return found

    def fullmatch(self, text: Any, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        found = self._pattern.fullmatch(text, pos, endpos)
        self._add(text, pos, endpos, found)
        return found

    def finditer(self, text: Any, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[Any]:
        self._tally[0] += max(min(len(text), endpos) - pos, 1)
        return self._pattern.finditer(text, pos, endpos)

    def findall(self, text: Any, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        self._tally[0] += max(min(len(text), endpos) - pos, 1)
        return self._pattern.findall(text, pos, endpos)

    def __getattr__(self, name: str) -> Any:  # (sub, split, pattern, groups…: as they are)
        return getattr(self._pattern, name)


def work(read: Callable[[], object], monkeypatch: pytest.MonkeyPatch) -> int:
    """The Python calls made by ``read()`` plus the characters the readers' patterns are
    asked to search through."""
    tally = [0]
    for name, module in list(sys.modules.items()):
        if name.startswith("callrules.") and isinstance(module, types.ModuleType):
            for attribute, value in list(vars(module).items()):
                if isinstance(value, re.Pattern):
                    monkeypatch.setattr(module, attribute, _Counted(value, tally))

    def count(frame: Any, event: str, arg: Any) -> None:
        if event == "call":
            tally[0] += 1

    sys.setprofile(count)
    try:
        read()
    finally:
        sys.setprofile(None)
        monkeypatch.undo()
    return tally[0]


def _results(found: list[Any]) -> list[str]:
    """What each result is (a record, a problem), not its label: the line numbers move."""
    return [type(getattr(item, "data", item)).__name__ for item in found]


def _read_into(results: list[Any], read: Callable[[bytes, Path], list[Any]], data: bytes,
               folder: Path) -> None:
    results.append(_results(read(data, folder)))


class TestBlankRunsInsideARecord:
    @pytest.mark.parametrize("way", list(WAYS))
    @pytest.mark.parametrize("shape", list(SHAPES))
    def test_work_grows_as_the_blank_lines_do(self, shape: str, way: str, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
        """1,000 and 4,000 blank lines in the same place: at most 4.5 times the work (it
        was about 13 times: each line searched the run again from its start), and the
        same results."""
        if way == "the service":
            pytest.importorskip("starlette")
        make, read = SHAPES[shape], WAYS[way]
        results: list[Any] = []
        costs = []
        for data in (make(1_000), make(4_000)):
            costs.append(work(partial(_read_into, results, read, data, tmp_path), monkeypatch))
        assert results[0] == results[1]
        assert costs[1] <= 4.5 * costs[0], costs
