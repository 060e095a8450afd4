"""A file open in Python given as a batch gives its records, as ``callrules.records`` reads
the same file by its name or as standard input: never a line a record."""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Callable
from itertools import accumulate
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given
from hypothesis import strategies as st

import callrules
from callrules import BatchItem, evaluate_many, evaluate_stream
from callrules._i18n import format_exact
from tests.conftest import EXAMPLES
from tests.laws import settings
from tests.test_nothing_lost import as_dict, serialise

NOW = callrules.parse_instant("2026-06-02T09:00:00+02:00")
CALL = callrules.calls.load("cnrs-amsud-2026")
LAYOUTS = ("jsonl", "array", "compact", "pretty", "csv")
SUFFIXES = {"jsonl": ".jsonl", "array": ".json", "compact": ".json", "pretty": ".json",
            "csv": ".csv"}
notes = st.text(st.characters(exclude_categories=("Cs",)), max_size=8)


def outcome(items: Any) -> list[tuple[Any, ...]]:
    """What a person is told of each item: its place, its report, its problems."""
    return [(item.index, item.source, item.report,
             None if item.error is None else item.error.problems) for item in items]


def relabelled(items: Any, old: str, new: str) -> list[tuple[Any, ...]]:
    return [(index, None if source is None else source.replace(old, new, 1), report,
             problems) for index, source, report, problems in outcome(items)]


class TestOpenFiles:
    @settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(layout=st.sampled_from(LAYOUTS), binary=st.booleans(), named=st.booleans(),
           apps=st.lists(st.tuples(notes, notes), min_size=1, max_size=5))
    def test_an_open_file_gives_the_records_records_reads(
            self, tmp_path: Path, layout: str, binary: bool, named: bool,
            apps: list[tuple[str, str]]) -> None:
        """Any layout (JSON Lines, an array, pretty-printed objects, CSV), open as text or
        as bytes, with a suffix or none: ``evaluate_many(open(path))`` equals
        ``evaluate_many(records(path))``, each record labelled alike, one result each."""
        head, body, tail = serialise(layout, [as_dict(n, note, name)
                                              for n, (note, name) in enumerate(apps)])
        path = tmp_path / ("batch" + (SUFFIXES[layout] if named else ""))
        path.write_bytes(head + b"".join(body) + tail)
        expected = evaluate_many(CALL, callrules.records(path), now=NOW, progress=False)
        with path.open("rb" if binary else "r", encoding=None if binary else "utf-8") as f:
            got = evaluate_many(CALL, f, now=NOW, progress=False)
        assert len(got) == len(apps)
        assert outcome(got) == outcome(expected)
        with path.open("rb" if binary else "r", encoding=None if binary else "utf-8") as f:
            read = list(callrules.records(f))  # records() itself, given the open file
        assert read == list(callrules.records(path))
        with path.open("rb") as f:  # (a stream: the same records, batch rules after)
            streamed = list(evaluate_stream(CALL, f, now=NOW, progress=False))
        assert [(i.index, i.source) for i in streamed] == [e[:2] for e in outcome(expected)]

    @settings(max_examples=30)
    @given(layout=st.sampled_from(LAYOUTS), binary=st.booleans(),
           apps=st.lists(st.tuples(notes, notes), min_size=1, max_size=5))
    def test_a_stream_in_memory_gives_the_records_of_standard_input(
            self, layout: str, binary: bool, apps: list[tuple[str, str]]) -> None:
        """``io.StringIO`` or ``io.BytesIO`` (no name): the records ``records("-")`` reads
        of the same bytes, labelled ``<stream>`` where standard input's are ``<stdin>``."""
        head, body, tail = serialise(layout, [as_dict(n, note, name)
                                              for n, (note, name) in enumerate(apps)])
        data = head + b"".join(body) + tail
        expected = evaluate_many(CALL, callrules.records("-", stdin=io.BytesIO(data)),
                                 now=NOW, progress=False)
        stream = io.BytesIO(data) if binary else io.StringIO(data.decode("utf-8"))
        got = evaluate_many(CALL, stream, now=NOW, progress=False)
        assert len(got) == len(apps)
        assert outcome(got) == relabelled(expected, "<stdin>", "<stream>")
        said = "jsonl" if layout == "jsonl" else "csv" if layout == "csv" else "json"
        again = io.BytesIO(data) if binary else io.StringIO(data.decode("utf-8"))
        assert [r.data for r in callrules.records(again, input_format=said)] == [
            r.data for r in callrules.records("-", stdin=io.BytesIO(data), input_format=said)]

    def test_a_pretty_printed_application_is_one_record(self) -> None:
        """The example application, pretty-printed over 52 lines: one result, its report."""
        path = EXAMPLES / "eligible.json"
        with path.open() as f:
            got = evaluate_many(CALL, f, now=NOW, progress=False)
        assert [(item.source, item.ok) for item in got] == [(str(path), True)]
        assert got[0].report == evaluate_many(CALL, [json.loads(path.read_text())], now=NOW,
                                              progress=False)[0].report

    def test_a_closed_file_is_one_problem(self, tmp_path: Path) -> None:
        """A file already closed is one record that cannot be read, not a traceback."""
        path = tmp_path / "batch.jsonl"
        path.write_text('{"id": "A"}\n')
        with path.open() as f:
            pass
        (item,) = evaluate_many(CALL, f, now=NOW, progress=False)
        assert isinstance(item, BatchItem) and item.error is not None
        assert [p.type for p in item.error.problems] == ["unreadable"]

    @pytest.mark.parametrize("mode", ["w", "wb"])
    def test_a_file_open_for_writing_is_refused_in_words(self, tmp_path: Path,
                                                         mode: str) -> None:
        """A file open for writing only is one record that cannot be read, typed."""
        with (tmp_path / "out.json").open(mode) as f:
            (item,) = evaluate_many(CALL, f, now=NOW, progress=False)
        assert item.error is not None
        assert [p.type for p in item.error.problems] == ["unreadable"]


#: Notes of any character a text file holds on its line (no line-end or control characters:
#: text mode reads ``\r`` as a line end; JSON escapes them anyway), in Latin-1's range.
latin_notes = st.text(st.characters(max_codepoint=0xFF, exclude_categories=("Cs", "Cc")),
                      max_size=6)
ENCODINGS = ("utf-8", "latin-1", "utf-16")


def unplaced(ctx: Any) -> dict[str, Any]:
    """A problem's context without where the reading stopped (its line and record)."""
    return {key: value for key, value in (ctx or {}).items() if key not in ("line", "record")}


def readable(items: Any) -> list[tuple[str, str]]:
    """Each record's label and what it holds (an input error by its words: no equality)."""
    return [(r.source, repr(r.data)) for r in items]


def by_name(items: Any) -> list[tuple[str, str]]:
    """:func:`readable` of the records of a file read by its name, the problem of a file
    named and empty left out: a file open in Python and read in part first gives what it
    holds from where it stands, and nothing there is no record (standard input alike), not
    an empty file (blank from its start, it is one, as a file named is)."""
    return [(source, data) for source, data in readable(
        item for item in items if not (isinstance(item.data, callrules.InputError) and [
            p.type for p in item.data.problems] == ["empty_file"]))]


class TestReadPartlyFirst:
    @settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(layout=st.sampled_from(LAYOUTS), binary=st.booleans(),
           encoding=st.sampled_from(ENCODINGS), first=st.integers(0, 12),
           apps=st.lists(st.tuples(latin_notes, latin_notes), min_size=1, max_size=4))
    def test_the_records_after_where_the_file_stands(
            self, tmp_path: Path, layout: str, binary: bool, encoding: str, first: int,
            apps: list[tuple[str, str]]) -> None:
        """A file read partly first (``f.readline()`` any number of times), open as text in
        UTF-8, Latin-1 or UTF-16, or as bytes: its records are those of the rest of it, as
        reading that rest by its name gives them (in UTF-8 for text: the text read as it
        was opened), never the text layer's read-ahead skipped nor its encoding ignored."""
        head, body, tail = serialise(layout, [as_dict(n, note, name)
                                              for n, (note, name) in enumerate(apps)])
        text = (head + b"".join(body) + tail).decode("utf-8")
        path = tmp_path / ("batch" + SUFFIXES[layout])
        path.write_bytes(text.encode(encoding))
        mode = {"mode": "rb"} if binary else {"mode": "r", "encoding": encoding}
        with path.open(**mode) as f:  # type: ignore[call-overload]
            for _ in range(first):
                f.readline()
            rest = f.read()
        (tmp_path / "rest").mkdir(exist_ok=True)
        again = tmp_path / "rest" / path.name
        again.write_bytes(rest if binary else rest.encode("utf-8"))
        expected = [(source.replace(str(again), str(path), 1),
                     data.replace(str(again), str(path)))
                    for source, data in by_name(callrules.records(again))]
        with path.open(**mode) as f:  # type: ignore[call-overload]
            for _ in range(first):
                f.readline()
            assert readable(callrules.records(f)) == expected
        with path.open(**mode) as f:  # type: ignore[call-overload]
            for _ in range(first):
                f.readline()
            got = evaluate_many(CALL, f, now=NOW, progress=False)
        assert [item.source for item in got] == [source for source, _ in expected]

    @settings(max_examples=40)
    @given(layout=st.sampled_from(LAYOUTS), first=st.integers(0, 12),
           apps=st.lists(st.tuples(notes, notes), min_size=1, max_size=4))
    def test_standard_input_read_partly_first(self, layout: str, first: int,
                                              apps: list[tuple[str, str]]) -> None:
        """Standard input whose first lines were read (``sys.stdin.readline()``): the records
        of the rest, as standard input holding only the rest gives them."""
        head, body, tail = serialise(layout, [as_dict(n, note, name)
                                              for n, (note, name) in enumerate(apps)])
        data = head + b"".join(body) + tail
        stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")
        for _ in range(first):
            stdin.readline()
        rest = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")
        for _ in range(first):
            rest.readline()
        left = rest.read().encode("utf-8", "surrogatepass")
        expected = by_name(callrules.records("-", stdin=io.BytesIO(left)))  # (the rest
        assert readable(callrules.records("-", stdin=stdin)) == expected  # blank: nothing)

    def test_a_latin1_file_is_read_as_latin1(self, tmp_path: Path) -> None:
        """A file written in Latin-1 and opened so: its accented notes read as written, no
        record "not UTF-8"."""
        path = tmp_path / "batch.jsonl"
        apps = [as_dict(n, "café à l’été"[:7], "Müller") for n in range(3)]
        path.write_bytes(b"".join(json.dumps(a, ensure_ascii=False).encode("latin-1") + b"\n"
                                  for a in apps))
        with path.open(encoding="latin-1") as f:
            assert [json.loads(r.data) for r in callrules.records(f)] == apps


class Failing:
    """A file object over ``data`` whose ``count``-th call to ``readline`` or ``read``
    raises ``error`` (or gives it, when it is no exception)."""

    def __init__(self, data: str | bytes, name: str, count: int, error: object) -> None:
        self.inner = io.StringIO(data) if isinstance(data, str) else io.BytesIO(data)
        self.name, self.count, self.error = name, count, error
        self.failed = False  # (whether the reader asked that far)

    def _call(self, method: Any, size: int = -1) -> Any:
        self.count -= 1
        if self.count == 0:
            self.failed = True
            if isinstance(self.error, BaseException):
                raise self.error
            return self.error
        return method(size)

    def readline(self, size: int = -1) -> Any:
        return self._call(self.inner.readline, size)

    def read(self, size: int = -1) -> Any:
        return self._call(self.inner.read, size)


def errors() -> st.SearchStrategy[object]:
    import lzma
    import zipfile
    import zlib
    return st.sampled_from([
        OSError(5, "Input/output error"), ValueError("bad"), TypeError("bad"),
        RuntimeError("bad"), KeyError("bad"), EOFError("cut"), StopIteration(),
        UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"),
        zipfile.BadZipFile("Bad CRC-32"), lzma.LZMAError("Corrupt input data"),
        zlib.error("invalid stored block lengths"), ArithmeticError(), MemoryError(),
        None, 5, ["a"]])


class TestFailingFileObjects:
    @settings(max_examples=120, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(layout=st.sampled_from(LAYOUTS), binary=st.booleans(), at=st.integers(1, 14),
           error=errors(), apps=st.lists(st.tuples(notes, notes), min_size=1, max_size=4))
    @example(layout="jsonl", binary=False, at=1, error=TypeError("bad"),
             apps=[("", "")])  # (seed 5: the first readline's TypeError, read by ``read``)
    @example(layout="csv", binary=False, at=6, error=OSError(5, "Input/output error"),
             apps=[("", ""), ("", ""), ("", ""), ("", "\r")])  # (seed 6: a CR in a cell)
    def test_a_read_failing_at_any_point_is_one_problem_after_the_records_before(
            self, tmp_path: Path, layout: str, binary: bool, at: int, error: object,
            apps: list[tuple[str, str]]) -> None:
        """A file object whose read raises anything (or gives neither text nor bytes) at any
        call: never an exception, a typed result for each record read before (as reading
        by name a file of what was given gives them), then one ``unreadable`` problem. But
        a ``TypeError`` from the very first ``readline`` is what a ``readline`` taking no
        size raises (an ``mmap``'s): the file is read by its ``read`` instead, and when
        that reads, every record is read, none lost."""
        head, body, tail = serialise(layout, [as_dict(n, note, name)
                                              for n, (note, name) in enumerate(apps)])
        data = head + b"".join(body) + tail
        lines = io.BytesIO(data).readlines()  # (as a readline gives them: a CR in a cell
        path = tmp_path / ("batch" + SUFFIXES[layout])  # ends no line)
        given_before = b"".join(lines[:at - 1])
        path.write_bytes(given_before)
        expected = by_name(callrules.records(path))
        stream = Failing(data if binary else data.decode("utf-8"), str(path), at, error)
        got = readable(callrules.records(stream))
        if at == 1 and isinstance(error, TypeError):  # (a readline taking no size: read)
            path.write_bytes(data)
            assert got == by_name(callrules.records(path))
        elif stream.failed:
            assert got[:-1] == expected
            last = list(callrules.records(Failing(
                data if binary else data.decode("utf-8"), str(path), at, error)))[-1].data
            assert isinstance(last, callrules.InputError)
            assert [p.type for p in last.problems] == ["unreadable"]
            place = last.problems[0].ctx  # (where it stopped: the line after those given)
            line = given_before.count(b"\n") + 1
            assert place is not None and place["line"] == str(line)
            assert place["record"] == str(len(got))
            assert all(format_exact(line, lang) in last.problems[0].message(lang)
                       for lang in ("en", "fr", "es", "pt"))
            assert all(word not in last.problems[0].message(lang)
                       for lang in ("en", "fr") for word in ("Error", "_"))
        else:
            assert got == expected
        stream = Failing(data if binary else data.decode("utf-8"), str(path), at, error)
        items = evaluate_many(CALL, stream, now=NOW, progress=False)
        assert len(items) == len(got)
        assert all(isinstance(item, BatchItem) for item in items)


def _lines_file(tmp_path: Path, count: int = 40) -> tuple[Path, bytes]:
    path = tmp_path / "batch.jsonl"
    data = b"".join(json.dumps(as_dict(n, "note é", "name")).encode() + b"\n"
                    for n in range(count))
    path.write_bytes(data)
    return path, data


class TestFileLikes:
    def test_codecs_open_and_mmap_give_the_records_of_the_file(self, tmp_path: Path) -> None:
        """``codecs.open`` (text, whose ``readline`` takes a size of its own) and an ``mmap``
        of the file (whose ``readline`` takes none): the records of the file by its name."""
        import codecs
        import mmap
        path, _ = _lines_file(tmp_path)
        expected = readable(callrules.records(path))
        with codecs.open(str(path), encoding="utf-8") as f:
            assert readable(callrules.records(f)) == expected
        with path.open("rb") as raw, mmap.mmap(raw.fileno(), 0, access=mmap.ACCESS_READ) as m:
            assert [data for _, data in readable(callrules.records(m))] == [
                data for _, data in expected]
            m.seek(0)
            assert len(evaluate_many(CALL, m, now=NOW, progress=False)) == len(expected)

    @pytest.mark.parametrize("kind", ["zip_crc", "xz_corrupt", "gzip_cut", "gzip_corrupt"])
    def test_a_damaged_archive_or_compressed_file_is_one_problem_at_its_end(
            self, tmp_path: Path, kind: str) -> None:
        """A zip member whose CRC is wrong, a corrupt ``lzma.open``, a ``gzip.open`` cut short
        or damaged: the records read before, then one ``unreadable`` problem saying what
        happened (in every language), never ``BadZipFile``, ``LZMAError`` or ``EOFError``."""
        import gzip
        import lzma
        import zipfile
        _, data = _lines_file(tmp_path, 2000)
        if kind == "zip_crc":
            with zipfile.ZipFile(tmp_path / "a.zip", "w") as archive:
                archive.writestr("a.jsonl", data)
            packed = bytearray((tmp_path / "a.zip").read_bytes())
            at = packed.find(b'"A-1500-x"')
            packed[at + 1] = ord("B")
            (tmp_path / "a.zip").write_bytes(packed)
            opened: Any = zipfile.ZipFile(tmp_path / "a.zip").open("a.jsonl")  # noqa: SIM115
            template = "read_damaged"
        elif kind == "xz_corrupt":
            packed = bytearray(lzma.compress(data))
            packed[len(packed) // 2] ^= 0xFF
            (tmp_path / "a.jsonl.xz").write_bytes(packed)
            opened = lzma.open(tmp_path / "a.jsonl.xz")  # noqa: SIM115
            template = "read_damaged"
        else:
            packed = bytearray(gzip.compress(data))
            if kind == "gzip_cut":
                packed = packed[:len(packed) * 2 // 3]
            else:
                packed[len(packed) // 2:len(packed) // 2 + 8] = b"\xff" * 8
            (tmp_path / "a.jsonl.gz").write_bytes(packed)
            opened = gzip.open(tmp_path / "a.jsonl.gz")  # noqa: SIM115
            template = "read_cut_short" if kind == "gzip_cut" else "read_damaged"
        with opened:
            got = list(callrules.records(opened))
        last = got[-1].data
        assert isinstance(last, callrules.InputError)
        (said,) = last.problems
        assert (said.type, unplaced(said.ctx)) == ("unreadable", {"template": template})
        assert all(isinstance(r.data, str) for r in got[:-1])  # (the records before, read)
        assert len({said.message(lang) for lang in ("en", "fr", "es", "pt")}) == 4
        if kind == "zip_crc":  # (its CRC known at its end: every record read, no line)
            assert said.ctx == {"template": template}
        else:  # where the reading stopped: after the records given
            assert said.ctx["record"] == str(len(got))

    def test_text_not_in_the_encoding_it_was_opened_with(self, tmp_path: Path) -> None:
        """A file opened as UTF-16 text that is not: one problem naming the encoding, after
        the records before; opened as UTF-8 (the buffer read), each record on its own."""
        path, _ = _lines_file(tmp_path, 3)
        with path.open(encoding="utf-16") as f:
            got = list(callrules.records(f))
        said = got[-1].data.problems[0]
        assert (said.type, unplaced(said.ctx)) == ("unreadable", {
            "template": "read_not_in_encoding", "encoding": "utf-16"})
        assert "utf-16" in said.message("fr")
        path.write_bytes("".join(json.dumps(as_dict(n, "été", "x"), ensure_ascii=False) + "\n"
                             for n in range(3)).encode("latin-1"))
        with path.open(encoding="utf-8") as f:
            assert [[p.type for p in r.data.problems] for r in callrules.records(f)] == [
                ["not_utf8"]] * 3

    @pytest.mark.parametrize("how", ["evaluate_many", "evaluate_stream", "records",
                                     "evaluate_dask"])
    def test_a_memoryview_is_refused_as_bytes_are(self, how: str) -> None:
        """``memoryview(data)`` is refused as ``data`` (bytes) is: an ``ArgumentError``, never
        each byte taken for a record."""
        data = memoryview(b'[{"id": "A"}]')
        with pytest.raises(callrules.ArgumentError):
            if how == "evaluate_dask":
                from callrules.distributed import evaluate_dask
                evaluate_dask(CALL, data, now=NOW).compute(scheduler="sync")
            elif how == "records":
                list(callrules.records(data))  # type: ignore[arg-type]
            else:
                list(getattr(callrules, how)(CALL, data, now=NOW, progress=False))


class _Pipe(io.RawIOBase):
    """A pipe's bytes: read in pieces, never told where it stands (``tell`` refused)."""

    def __init__(self, data: bytes) -> None:
        self.inner = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        piece = self.inner.read(min(len(buffer), 3))
        buffer[:len(piece)] = piece
        return len(piece)


#: Encodings, each with a byte it does not decode (UTF-8's: read as bytes, each record
#: not UTF-8 said on its own).
BAD_BYTES = {"ascii": b"\xe9", "cp1252": b"\x81", "utf-8": b"\xff", "latin-1": None}


class TestBadByteAnywhere:
    @settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(encoding=st.sampled_from(sorted(BAD_BYTES)),
           how=st.sampled_from(["file", "memory", "pipe", "codecs"]),
           chunk=st.sampled_from([1, 2, 7, 64, 1000, 8192]),
           first=st.integers(0, 3), count=st.integers(1, 400), data=st.data())
    def test_a_bad_byte_in_record_k_keeps_the_records_before(
            self, tmp_path: Path, encoding: str, how: str, chunk: int, first: int,
            count: int, data: st.DataObject) -> None:
        """A JSON Lines file open as text (a file, a stream in memory, a pipe,
        ``codecs.open``, which reads as many bytes as a line may hold at once), read partly
        first or not, whatever its text layer's piece size: a byte not in its encoding in
        record ``k`` gives every record before it, intact, then one ``unreadable`` problem
        naming the encoding (UTF-8 read from its bytes: that record alone not UTF-8, the
        others read); never the records of the text layer's piece before the bad byte
        lost."""
        pad = data.draw(st.integers(0, 200))
        first = min(first, count)
        lines = [json.dumps(as_dict(n, "x" * (n * 7 % (pad + 1)), "name")).encode() + b"\n"
                 for n in range(count)]
        path = tmp_path / "batch.jsonl"

        def opened(raw: bytes) -> tuple[Any, Callable[[], int]]:
            """The file of ``raw`` open as text, read partly first, and where the text
            layer's bytes stand (the next it may decode)."""
            if how == "file":
                path.write_bytes(raw)
                f: Any = path.open(encoding=encoding)
                at = f.buffer.tell
            elif how == "codecs":
                path.write_bytes(raw)
                f = codecs.open(str(path), encoding=encoding)  # noqa: SIM115
                at = f.stream.tell
            elif how == "memory":
                inner = io.BytesIO(raw)
                f, at = io.TextIOWrapper(inner, encoding=encoding), inner.tell
            else:
                pipe = _Pipe(raw)
                f = io.TextIOWrapper(io.BufferedReader(pipe), encoding=encoding)
                at = pipe.inner.tell
            if how != "codecs":
                f._CHUNK_SIZE = chunk
            for _ in range(first):
                f.readline()
            return f, at
        clean, at = opened(b"".join(lines))  # (where what was read first left the layer)
        starts = list(accumulate(len(line) for line in [b"", *lines]))
        after = [n for n in range(first, count) if starts[n] >= at()]
        clean.close()
        k = data.draw(st.sampled_from(after)) if after else count  # (0-based)
        bad = BAD_BYTES[encoding] or b"\xe9"
        if k < count:
            lines[k] = lines[k].replace(b'"A-', b'"' + bad + b"-", 1)
        before = tmp_path / "before.jsonl"
        before.write_bytes(b"".join(lines[first:k]))
        expected = [r.data for r in callrules.records(before)
                    if not (isinstance(r.data, callrules.InputError)  # (none before: no
                            and r.data.problems[0].type == "empty_file")]  # empty file)
        f, _ = opened(b"".join(lines))
        with f:
            got = list(callrules.records(f))
        if k == count:  # (no byte left unread by what was read first: none bad)
            if how == "pipe" and not expected:  # (a pipe read to its end by the caller:
                # its position cannot be read, so nothing at all from it is empty_file)
                assert [[p.type for p in r.data.problems] for r in got] == [["empty_file"]]
                return
            assert [r.data for r in got] == expected
            return
        if BAD_BYTES[encoding] is None:  # (Latin-1: every byte a letter)
            assert len(got) == count - first
            return
        assert [r.data for r in got[:k - first]] == expected
        if encoding == "utf-8" and [p.type for p in got[k - first].data.problems] == [
                "not_utf8"]:  # (its bytes read: the bad byte met in the text a layer held
            assert len(got) == count - first  # read ahead ends the reading as others do)
            return
        assert len(got) == k - first + 1
        (said,) = got[-1].data.problems
        assert (said.type, said.ctx) == ("unreadable", {"template": "read_not_in_encoding",
                                                        "encoding": encoding,
                                                        "line": str(k - first + 1),
                                                        "record": str(k - first + 1)})


class BadWords(ValueError):
    """An exception whose words cannot be said."""

    def __str__(self) -> str:
        raise RuntimeError("no words")


class NoStrerror(OSError):
    """An OSError whose ``strerror`` raises."""

    @property  # type: ignore[override]
    def strerror(self) -> str:
        raise RuntimeError("no words")


class Ours(BaseException):
    """An exception of the caller's own, not an Exception."""


def hostile_errors() -> st.SearchStrategy[object]:
    return st.one_of(errors(), st.sampled_from([BadWords(), NoStrerror(),
                                                RecursionError(), AttributeError("x")]))


class Hostile(Failing):
    """:class:`Failing`, whose attributes ``broken`` raise ``error`` when asked for (a
    property failing, ``__getattr__`` raising) and whose ``fileno`` gives ``fileno``."""

    def __init__(self, data: str | bytes, name: str, count: int, error: object,
                 broken: frozenset[str], fileno: object) -> None:
        super().__init__(data, name, count, error)
        self.broken, self.number = broken, fileno

    def __getattribute__(self, name: str) -> Any:
        if name in object.__getattribute__(self, "broken"):
            error = object.__getattribute__(self, "error")
            raise error if isinstance(error, BaseException) else RuntimeError(name)
        return object.__getattribute__(self, name)

    def __getattr__(self, name: str) -> Any:
        if "__getattr__" in self.broken:
            raise RuntimeError(name)
        raise AttributeError(name)

    def fileno(self) -> Any:
        if isinstance(self.number, BaseException):
            raise self.number
        return self.number


class TestFailingAnywhere:
    @settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(layout=st.sampled_from(LAYOUTS), binary=st.booleans(), at=st.integers(1, 14),
           error=hostile_errors(), broken=st.frozensets(st.sampled_from(
               ["name", "closed", "buffer", "encoding", "errors", "mode", "fileno",
                "reconfigure", "seekable", "tell", "__getattr__", "_CHUNK_SIZE"])),
           fileno=st.sampled_from([10**30, "x", None, -1, RuntimeError("x"),
                                   OSError(9, "Bad file descriptor")]),
           apps=st.lists(st.tuples(notes, notes), min_size=1, max_size=4))
    def test_a_file_object_failing_at_any_attribute_or_call(
            self, layout: str, binary: bool, at: int, error: object,
            broken: frozenset[str], fileno: object, apps: list[tuple[str, str]]) -> None:
        """A file object failing anywhere, not only in its reads: its name, ``closed``,
        ``buffer`` or any attribute raising any ``Exception`` (one whose words raise),
        ``__getattr__`` raising, ``fileno`` raising or giving a
        number too large or text: never an exception; its records, or those before its read
        failed then one ``unreadable`` problem, said without a word of Python; the program's
        own ends (``SystemExit``…, and any exception that is not an ``Exception``) passed
        through: see :meth:`test_what_is_not_an_exception_passes_through`."""
        head, body, tail = serialise(layout, [as_dict(n, note, name)
                                              for n, (note, name) in enumerate(apps)])
        data = head + b"".join(body) + tail

        def stream() -> Hostile:
            return Hostile(data if binary else data.decode("utf-8"), "batch"
                           + SUFFIXES[layout], at, error, broken, fileno)
        got = list(callrules.records(stream()))
        problems = [p for r in got if isinstance(r.data, callrules.InputError)
                    for p in r.data.problems if p.type == "unreadable"]
        assert len(problems) <= 1
        if problems:
            assert list(got[-1].data.problems) == problems
            assert all(word not in problems[0].message(lang) for lang in ("en", "fr")
                       for word in ("Error", "_", "no words"))
        items = evaluate_many(CALL, stream(), now=NOW, progress=False)
        assert len(items) == len(got)
        assert all(isinstance(item, BatchItem) for item in items)


    @pytest.mark.parametrize("broken", [frozenset(), frozenset({"name"}),
                                        frozenset({"closed"}), frozenset({"fileno"})])
    def test_what_is_not_an_exception_passes_through(self, broken: frozenset[str]) -> None:
        """An exception that is not an ``Exception`` (an interrupt, the command line's
        signal unwinding to remove its temporary files, one of the caller's own) is never
        taken for the file's failure: it reaches the caller, wherever it is raised."""
        data = b"".join(line for line in [b'{"id": "a"}\n', b'{"id": "b"}\n'])
        with pytest.raises(Ours):
            list(callrules.records(Hostile(data, "batch.jsonl", 1, Ours(), broken, Ours())))


class TestDamagedMembers:
    def test_a_zip_member_of_a_wrong_crc_gives_every_record_then_the_damage(
            self, tmp_path: Path) -> None:
        """A zip member stored whole whose CRC is wrong (a byte changed in one record): its
        CRC is known at its end only, so every record is read, then one problem saying the
        member is damaged (never the last piece's records lost to it), read as bytes or as
        text."""
        import zipfile
        _, data = _lines_file(tmp_path, 2000)
        with zipfile.ZipFile(tmp_path / "a.zip", "w") as archive:
            archive.writestr("a.jsonl", data)
        packed = bytearray((tmp_path / "a.zip").read_bytes())
        packed[packed.find(b'"A-1500-x"') + 1] = ord("B")
        (tmp_path / "a.zip").write_bytes(packed)
        for text in (False, True):
            with zipfile.ZipFile(tmp_path / "a.zip") as archive, \
                    archive.open("a.jsonl") as member:
                got = list(callrules.records(io.TextIOWrapper(member, encoding="cp1252")
                                             if text else member))
            assert len(got) == 2001
            assert all(isinstance(r.data, str) for r in got[:-1])
            (said,) = got[-1].data.problems
            assert (said.type, said.ctx) == ("unreadable", {"template": "read_damaged"})

    def test_bz2_damage_is_said_as_damage(self, tmp_path: Path) -> None:
        """A bz2 file damaged in its middle: the records before, then one problem saying the
        compressed data is damaged (bz2 says so with no words of the system's)."""
        import bz2
        _, data = _lines_file(tmp_path, 2000)
        packed = bytearray(bz2.compress(data))
        packed[len(packed) // 2] ^= 0xFF
        (tmp_path / "a.jsonl.bz2").write_bytes(packed)
        with bz2.open(tmp_path / "a.jsonl.bz2") as f:
            got = list(callrules.records(f))
        (said,) = got[-1].data.problems
        assert (said.type, unplaced(said.ctx)) == ("unreadable", {"template": "read_damaged"})


#: A byte (or a few) each encoding does not decode, in place of a record's letter ``A``.
UNDECODABLE = {"utf-8": b"\xff", "ascii": b"\xe9", "cp1252": b"\x81",
               "utf-16": b"\x00\xdc", "utf-32": b"\x00\x00\x11\x00"}


def _state(value: Any) -> tuple[Any, ...]:
    """What a reader must never change of an object it was lent: its own attributes
    (``vars``), its text layer's piece size, encoding and error handling, and those of the
    buffer under it."""
    buffer = getattr(value, "buffer", None)
    return (dict(getattr(value, "__dict__", {})), getattr(value, "_CHUNK_SIZE", None),
            getattr(value, "encoding", None), getattr(value, "errors", None),
            getattr(value, "line_buffering", None),
            None if buffer is None else dict(getattr(buffer, "__dict__", {})))


class TestTheCallersObjectUntouched:
    @settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(how=st.sampled_from(["file", "memory", "pipe"]),
           encoding=st.sampled_from(sorted(UNDECODABLE)), first=st.integers(0, 3),
           count=st.integers(1, 300), bad=st.none() | st.integers(0, 299))
    def test_a_text_layer_is_read_never_changed(
            self, tmp_path: Path, how: str, encoding: str, first: int, count: int,
            bad: int | None) -> None:
        """A text file (on disk, in memory, a pipe) in any encoding, read partly first or
        not, whole or with a byte not in its encoding in any record: its text layer is
        read and sought, never changed (its piece size, its attributes and its buffer's,
        the same while each record is given and after them all: another thread may read
        it, and an exception between a change and its undoing would leave it changed), and
        every record before the bad byte is given, then one problem."""
        text = "".join(json.dumps(as_dict(n, "x" * (n % 50), "name")) + "\n"
                       for n in range(count))
        raw = text.encode(encoding)
        unit = "A".encode(encoding.replace("utf-16", "utf-16-le").replace(
            "utf-32", "utf-32-le"))
        first = min(first, count)
        bad = None if bad is None or bad < first or bad >= count else bad
        if bad is not None:
            mark = f'"A-{bad}-'.encode(encoding.replace("utf-16", "utf-16-le").replace(
                "utf-32", "utf-32-le"))
            at = raw.index(mark) + len(mark) - len(unit) * 2
            raw = raw[:at] + UNDECODABLE[encoding] + raw[at + len(unit):]
        if how == "file":
            path = tmp_path / "batch.jsonl"
            path.write_bytes(raw)
            f: Any = path.open(encoding=encoding)
        elif how == "memory":
            f = io.TextIOWrapper(io.BytesIO(raw), encoding=encoding)
        else:
            f = io.TextIOWrapper(io.BufferedReader(_Pipe(raw)), encoding=encoding)
        with f:
            try:
                for _ in range(first):
                    f.readline()
            except UnicodeDecodeError:  # (the bad byte in what the layer read ahead: the
                return  # caller's own reading fails)
            before = _state(f)
            got = []
            for record in callrules.records(f):
                assert _state(f) == before
                got.append(record)
            assert _state(f) == before
        if bad is None:
            if how == "pipe" and first == count:  # (a pipe read to its end by the caller:
                # its position cannot be read, so nothing at all from it is empty_file)
                assert [[p.type for p in r.data.problems] for r in got] == [["empty_file"]]
                return
            assert [json.loads(r.data)["id"] for r in got] == [
                f"A-{n}-x" for n in range(first, count)]
            return
        assert [json.loads(r.data)["id"] for r in got[:bad - first]] == [
            f"A-{n}-x" for n in range(first, bad)]
        (said,) = got[bad - first].data.problems
        if said.type == "not_utf8":  # (UTF-8 read from its bytes: that record alone)
            assert encoding == "utf-8" and len(got) == count - first
            return
        assert said.type == "unreadable" and len(got) == bad - first + 1
        assert (said.ctx["line"], said.ctx["record"]) == (str(bad - first + 1),) * 2

    @pytest.mark.parametrize("compression", ["stored", "deflated"])
    @pytest.mark.parametrize("damaged", [False, True])
    @pytest.mark.parametrize("first", [0, 1, 700])
    @pytest.mark.parametrize("text", [False, True])
    def test_a_zip_member_is_never_changed(self, tmp_path: Path, compression: str,
                                           damaged: bool, first: int, text: bool) -> None:
        """A zip member, stored or compressed, whole or of a wrong CRC, read partly first or
        not, as bytes or through a text layer: never changed while it is read (its CRC
        check left on: a twin of it is read, the CRC checked on the bytes given), every
        record given, then, damaged, one problem saying so."""
        import zipfile
        count = 2000
        _, data = _lines_file(tmp_path, count)
        method = zipfile.ZIP_STORED if compression == "stored" else zipfile.ZIP_DEFLATED
        with zipfile.ZipFile(tmp_path / "a.zip", "w", compression=method) as archive:
            archive.writestr("a.jsonl", data)
        if damaged:  # (a byte of the data changed, its CRC then wrong)
            if compression == "stored":
                packed = bytearray((tmp_path / "a.zip").read_bytes())
                packed[packed.find(b'"A-1500-x"') + 1] = ord("B")
                (tmp_path / "a.zip").write_bytes(packed)
            else:
                with zipfile.ZipFile(tmp_path / "a.zip") as archive:
                    info = archive.getinfo("a.jsonl")
                packed = bytearray((tmp_path / "a.zip").read_bytes())
                at = packed.rfind(info.CRC.to_bytes(4, "little"))
                packed[at] ^= 0xFF  # (the CRC itself changed, in the central directory)
                (tmp_path / "a.zip").write_bytes(packed)
        with zipfile.ZipFile(tmp_path / "a.zip") as archive, \
                archive.open("a.jsonl") as member:
            read: Any = io.TextIOWrapper(member, encoding="utf-8") if text else member
            for _ in range(first):
                read.readline()
            before = _state(read)[:5], dict(vars(member))
            got = []
            for record in callrules.records(read):
                assert _state(read)[:5] == before[0]
                if not text or not first:  # (a text layer's place found again by seeking)
                    assert dict(vars(member)) == before[1]
                got.append(record)
            assert _state(read)[:5] == before[0]
        assert len(got) == count - first + damaged
        assert all(isinstance(r.data, str) for r in got[:count - first])
        if damaged:
            (said,) = got[-1].data.problems
            assert (said.type, said.ctx) == ("unreadable", {"template": "read_damaged"})
