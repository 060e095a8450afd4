"""Where batches come from: JSON files, JSON Lines, folders, CSV, standard input.

Every reader yields :class:`Sourced` records lazily, and never reads a source whole: a JSON
Lines or CSV file is read line by line, a JSON array element by element, so a batch of any
size streams in memory bounded by its largest record. Nothing is lost and nothing is
invented: every record meant gives one result, in place, and a record that cannot be read
(bytes that are not UTF-8, a record longer than :data:`MAX_RECORD_BYTES`, an unclosed
quote, a cell over the CSV field limit, damaged JSON) becomes an input error for that
record alone, labelled with where it came from (``batch.jsonl:3``, ``batch.csv:7``,
``batch.json[4]``).

This module opens the sources and decides how each is read; the readers are modules of
their own: ``callrules._encodings`` (bytes to UTF-8 lines), ``callrules._json_values`` (JSON
documents), ``callrules._json_lines``, ``callrules._csv_rows``, and ``callrules._reading``
(the bounds of every read, and the problem of a record that cannot be read).

Folders give their regular files whose names end in ``.json``, ``.jsonl``, ``.ndjson``,
``.csv`` or ``.tsv`` (CSV of tabs) in any case; anything else there (a pipe, a device, a
socket, a folder) is reported and not opened (``not_a_regular_file``), and so is such a
file named on its own, unless it is a standard input on purpose (``/dev/stdin``,
``/dev/fd/N``). A spreadsheet workbook is one problem (``workbook``), and so is a spreadsheet
saved as a web page, or a file in base64 (``callrules._containers``); a file whose first
line plainly belongs to another format than its name says is read as it is; a ``.json``
file of compact records one a line (``jq -c``) is read line by line, its records labelled
by their place (``batch.json[2]``).

Standard input (``"-"``), and a file whose name says no format, is read as the format
given (``input_format``: ``json``, ``jsonl`` or ``csv``), or else as its first non-blank
line shows: ``[`` a JSON array; ``{`` alone a pretty-printed JSON object (or several); an
object on the line (``{`` … ``}``) JSON Lines; a record separator an RFC 7464 sequence (read
as one whatever the name); a CSV header (two or
more cells naming fields, of any separator: ``callrules._csv_rows.is_csv_header``, the one
reading of a header; some in braces or brackets, ``{note}``, if the line is not JSON; a
quoted cell left open read over the lines it spans; a byte not UTF-8 in a name, damage the
CSV reader reports on every row, as for a file named ``.csv``) CSV,
unless the next non-blank line is a JSON object whole on its line (no CSV row is: the
first record of JSON Lines was damaged into what reads as a header). A first line holding a
JSON object after text (``data: {…}``) or quoted as one CSV cell (``"{""id"": …}"``) is
JSON Lines, never a header (even in a ``.csv`` file); JSON Lines wrapped at a width, JSON.
A first line that is none of these (damaged) leaves it to the next non-blank line: starting
with ``{`` in its first column, JSON Lines (``{`` alone: pretty-printed objects, JSON); else
CSV if the first line holds two cells or more (separated by commas, semicolons or tabs: a
header of odd names) and does not start as JSON does; else (an indented line of a
pretty-printed document) JSON; so a damaged first line is one bad record and the others
are still checked (read as JSON, a stray first line holding no bracket before a line
starting with ``{`` or ``[`` is one problem, labelled with its line). JSON Lines are read
line by line, each record as soon as its line arrives, which makes ``callrules check CALL
-`` a worker. Said to be JSON Lines (``input_format="jsonl"``, as the service reads every
JSON batch), text whose start shows JSON of another layout (an array over several lines, an
envelope, pretty-printed objects) is read as that JSON is, with the same recovery from
damage, each record labelled with the line it starts on (``<stdin>:153[1]``); its first
line alone decides (a damaged one is a record at once, and the next line decides the same
way for the rest).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import chain, islice
from os import PathLike
from pathlib import Path, PurePosixPath
from typing import IO, Any, NoReturn, TextIO

from callrules._blank import Blank, BlankSeen
from callrules._colours import uncoloured
from callrules._containers import contained
from callrules._csv_rows import (
    HEADER_CELL,
    SEP_LINE,
    TABLE_BORDER,
    TITLE_LINES,
    bare_cr_lines,
    box_bars,
    csv_line_ends,
    csv_records,
    csv_separator,
    empty_row,
    filled_cells,
    holds_no_header,
    in_quote_after,
    is_csv_header,
    names_a_field,
    title_over,
)
from callrules._cut_lines import uncut
from callrules._encodings import (
    Mark,
    decoded,
    lined,
    lines,
    mac_line_ends,
    starts_record,
    text_lines,
    without_dos_eof,
)
from callrules._files_given import is_open_file
from callrules._fixed_width import RULE, blank_columns, set_apart
from callrules._flowed import unflowed, wrapped_at
from callrules._folded import _string_after, unfolded
from callrules._given import CalledFailed, Ended, called, given, iterated, then_failure
from callrules._invisible import UTF8_BLANK
from callrules._json_lines import (
    RS,
    Rest,
    blank_line,
    fronted,
    in_body,
    is_json,
    joined_values,
    jsonl,
    list_opened,
    rest_of,
    sequence,
    tagged,
)
from callrules._json_scan import LINE_ENDED_REST, Scan, follow, unopened_closer
from callrules._json_values import STRICT, OtherFormat, Values, encoded_record, enveloped
from callrules._loading import on_purpose, opened_as
from callrules._lone import LONE_BYTES, lone_damage
from callrules._messages import PHRASES
from callrules._pages import paged
from callrules._quoted_printable import Watched
from callrules._reading import (
    BOM,
    MAX_RECORD_BYTES,
    MAX_SKIP_BYTES,
    PAD_TEXT,
    PIECE,
    Over,
    crlf_whole,
    lines_fed,
    problem,
    unreadable,
)
from callrules._reading import NON_BLANK as _NON_BLANK
from callrules._record_cut import first_whole, last_tail, pretty_last_tail
from callrules._replies import unquoted
from callrules._safe import terminal
from callrules._signals import check
from callrules._sourced import Sourced
from callrules._whole_json import whole_document
from callrules.exceptions import (
    ArgumentError,
    InputError,
    InputProblem,
    argument_words,
    choice_words,
)

__all__ = ["INPUT_FORMATS", "MAX_RECORD_BYTES", "MAX_SKIP_BYTES", "NO_RECORDS", "Counted",
           "lines_read", "nothing_read", "records", "records_from_csv", "said_hidden",
           "said_skipped"]

SUFFIXES = (".json", ".jsonl", ".csv", ".ndjson", ".tsv")
#: Spreadsheet workbooks: in a folder, each is one problem (``workbook``), never skipped.
_WORKBOOK_SUFFIXES = (".xlsx", ".xls", ".ods", ".xlsm")
#: The formats a source can be read as, when its name does not say (standard input).
INPUT_FORMATS = ("json", "jsonl", "csv")
_BRACKET_OR_END = re.compile(rb"[\[{\n]")
_BRACKET = re.compile(rb"[\[\]{}]")
#: How a name may start: a letter (ASCII, or the first byte of another in UTF-8) or ``_``.
_NAME_START = re.compile(rb"[A-Za-z_\x80-\xff]")
ReadLine = Callable[[int], bytes]


def records(*sources: str | Path | IO[Any], stdin: Any = None,
            mapping: Mapping[str, str | None] | None = None,
            input_format: str | None = None,
            hidden: Callable[[Path], None] | None = None,
            skipped: Callable[[Path, str], None] | None = None) -> Iterator[Sourced]:
    """Every record of ``sources`` (files, folders of them, ``"-"`` for standard input, or
    files open in Python: ``open("apps.json")``, ``io.BytesIO``, read as by their name).

    ``input_format`` (``"json"``, ``"jsonl"`` or ``"csv"``) says how to read standard
    input and files whose name says no format; by default their first line decides. A
    folder's hidden files (their name starting with a dot: the ``._x.json`` a Mac writes
    beside ``x.json`` on a USB stick, an editor's lock ``.#x.json``) and the owner files
    Excel and Word keep beside a file they have open (``~$x.csv``) hold no application
    and are not read: ``hidden`` is called with each, to say so (:func:`said_hidden`). Nor
    are its sub-folders and its files of other names (``a.json.txt``, ``x.json.part``), nor a
    file given again (a regular file, or a pipe such as standard input: named twice, as
    ``- -`` or ``- /dev/stdin``, or named and in a folder given: read once):
    ``skipped`` is called with each and why (``"folder"``, ``"name"``, ``"again"``:
    :func:`said_skipped`). A ``hidden`` or ``skipped`` that raises is the problem
    ``given_failed`` naming the file, after the records read before, and reading stops.
    A file named that holds nothing (or blanks alone) is the problem ``empty_file``, as a
    folder's is.
    :class:`~callrules.ArgumentError` for a source that is not a path, a ``mapping`` that
    is not one, an unknown ``input_format``, or a ``hidden`` or ``skipped`` that cannot be
    called (before anything is read); a path that cannot be read is an invalid record of its
    own.
    """
    # (a function of the caller's failing: the records before kept, then one problem
    # naming the file it failed for; a file failing as it is read is said by its reader)
    for item in given(_every_record(sources, stdin, mapping, input_format, hidden, skipped),
                      sourced=True, only=CalledFailed):
        yield from paged(item)  # (a page of applications under another key: one each)


def _every_record(sources: tuple[str | Path | IO[Any], ...], stdin: Any,
                  mapping: Mapping[str, str | None] | None, input_format: str | None,
                  hidden: Callable[[Path], None] | None,
                  skipped: Callable[[Path, str], None] | None) -> Iterator[Sourced]:
    """:func:`records`, each as it is read (a page of applications still one)."""
    _check_mapping(mapping)
    ArgumentError.callable_or_none(hidden, "hidden: a function of a path", argument="hidden")
    ArgumentError.callable_or_none(skipped, "skipped: a function of a path and a reason",
                                   argument="skipped")
    seen: set[tuple[int, int]] = set()  # the regular files read (device, inode)
    if input_format is not None and (not isinstance(input_format, str)
                                     or input_format not in INPUT_FORMATS):
        shown = (f"{input_format!r:.40}" if isinstance(input_format, str)
                 else type(input_format).__name__)  # (a column's text has lines)
        raise ArgumentError(f"input_format must be one of {', '.join(INPUT_FORMATS)}, "
                            f"not {shown}",
                            words=choice_words("input_format", input_format, INPUT_FORMATS))
    for name in sources:
        if is_open_file(name):  # a file open in Python: its records, as read by its name
            yield from open_file_records(name, input_format, mapping)
            continue
        if not isinstance(name, (str, PathLike)):
            raise ArgumentError("a source: a path, \"-\" or an open file was expected, "
                                f"not {type(name).__name__}",
                                words=argument_words("sources", name, "kind_source"))
        if name == "":  # (an unset variable in a script: never the working folder read)
            raise ArgumentError("a source: a path or \"-\", not empty text",
                                words=argument_words("sources", name, "kind_source"))
        if str(name) == "-":
            stream = sys.stdin if stdin is None else stdin
            readline = _readline_of(stream, stdin=True)
            again = False
            with contextlib.suppress(OSError, ValueError, AttributeError):
                again = _identity(Path(f"/dev/fd/{stream.fileno()}"), seen, True)
            if again:  # standard input (or the file it is) named before: read once
                if skipped is not None:
                    called(skipped, "given_failed_skipped", Path("<stdin>"), "again")
                continue
            yield from _stream(stream, readline, "<stdin>", "the standard input",
                               input_format, mapping)
            continue
        for file in _files(Path(name), seen, hidden, skipped):
            if isinstance(file, Sourced):  # (a path that cannot be listed)
                yield file
            else:
                yield from _file(file[0], file[1], mapping, input_format)


def _files(path: Path, seen: set[tuple[int, int]], hidden: Callable[[Path], None] | None,
           skipped: Callable[[Path, str], None] | None) -> Iterator[tuple[Path, bool] | Sourced]:
    """The files :func:`records` reads for ``path``, in order, each with whether it was
    named itself (not found in a folder), or the problem of a path that cannot be listed;
    a regular file already in ``seen`` is left out (read once), the others added to it."""
    try:
        if path.is_dir():
            entries = sorted(path.iterdir())
            read, unseen = listed(entry.name for entry in entries)
            for entry in entries:  # (a sub-folder, ``a.json.txt``: said, not read)
                if skipped is not None and entry.suffix.lower() not in SUFFIXES \
                        + _WORKBOOK_SUFFIXES and not _hidden(entry.name):
                    called(skipped, "given_failed_skipped", entry,
                           "folder" if entry.is_dir() else "name")
            for name in unseen:
                if hidden is not None:  # (a Mac's ``._x.json``, an editor's ``.#x.json``,
                    called(hidden, "given_failed_hidden", path / name)  # Excel's ``~$x.csv``)
            files = [path / name for name in read]
            named = False
        else:
            files, named = [path], True
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        yield unreadable(path, exc)
        return
    for file in files:
        opened = opened_as(str(file)) if named else None  # (/dev/fd/0: standard input)
        if _identity(Path(opened) if opened else file, seen, opened == "/dev/fd/0"):
            # the same file given again (or as a name of standard input): read once
            if skipped is not None:
                called(skipped, "given_failed_skipped", file, "again")
            continue
        yield file, named


def files_of(sources: Iterable[str | PathLike[str]]) -> Iterator[tuple[str, bool] | Sourced]:
    """What :func:`records` reads of the paths ``sources``, listed without being read: each
    file (its path, and whether it was named itself rather than found in a folder), in
    order, or the problem of a path that cannot be listed (a file given again left out).
    :func:`file_records` reads each file: together, exactly the records of
    ``records(*sources)``, which a batch spread over processes (``callrules.distributed``)
    reads each file where it is checked. :class:`~callrules.ArgumentError` for a source
    that is not a path, or for standard input (``"-"``), which only :func:`records` reads."""
    seen: set[tuple[int, int]] = set()
    for name in sources:
        ArgumentError.check(name, (str, PathLike), "a source: a path")
        if str(name) == "-":
            raise ArgumentError("a source: a path was expected, not \"-\" (standard input "
                                "is read by callrules.records only)")
        for file in _files(Path(name), seen, None, None):
            yield (str(file[0]), file[1]) if isinstance(file, tuple) else file


def file_records(file: str, named: bool = True) -> Iterator[Sourced]:
    """The records of one file of :func:`files_of`, as :func:`records` reads them."""
    for item in _file(Path(file), named, None, None):
        yield from paged(item)


def stream_records(handle: Any, source: str, named: bool = True) -> Iterator[Sourced]:
    """The records of a file of another file system (``s3://…``), open in binary mode and
    named ``source``, read as :func:`records` reads a regular file of that name (its
    suffix says its format, or its first line); a read error is a problem of its own.
    Holding nothing but blanks, it is the problem ``empty_file``, as a local file's (read
    ahead while all of it is blank, then given to the readers again)."""
    suffix = PurePosixPath(source).suffix.lower()
    kind = _format_named(suffix)
    seen = BlankSeen(handle.readline)
    try:
        if seen.blank_ahead(MAX_SKIP_BYTES):  # (the one rule of ``empty_file``: ``_blank``)
            yield _empty(source, named)
            return
        for item in _read(seen, source, kind, None, suffix in SUFFIXES, True):
            yield from paged(item)
    except OSError as exc:
        yield unreadable(source, exc)
        return


def _empty(source: str, named: bool) -> Sourced:
    """The problem of a file holding nothing but blanks, ``named`` itself or found in a
    folder: never passed over without a word (a failed export, a file created before it
    was written)."""
    return problem(source, "empty_file", f"{source} is empty: it holds no record",
                   {"template": "empty_file_named"} if named else None)


def listed(names: Iterable[str]) -> tuple[list[str], list[str]]:
    """Of the names of a folder's files (of any file system), those :func:`records` reads,
    in order, and the hidden ones it does not (a folder's other names are not read)."""
    names = sorted(names)
    kept = [n for n in names if PurePosixPath(n).suffix.lower() in SUFFIXES + _WORKBOOK_SUFFIXES]
    return ([n for n in kept if not _hidden(PurePosixPath(n).name)],
            [n for n in kept if _hidden(PurePosixPath(n).name)])


def _stream(stream: Any, guarded: _Guarded, source: str, said: str,
            input_format: str | None, mapping: Mapping[str, str | None] | None,
            by_name: bool = False, regular: bool = False) -> Iterator[Sourced]:
    """The records of an open ``stream`` (standard input, or a file open in Python), read
    with ``guarded`` as ``source``; closed, or a read error (of any kind: a device gone, a
    cut gzip, text not in its encoding), a problem of its own after the records before.
    Holding nothing but blanks from its start, or from where it stands when its position
    cannot be read (a pipe, a socket), it is ``empty_file`` as a file named is; a stream
    read in part before, as its position says (the caller took its first records), and
    blank after that gives nothing more."""
    if _closed(stream):
        yield problem(source, "unreadable", f"cannot read {said}: it is closed")
        return
    fresh = _at_start(stream)
    given = 0
    seen = BlankSeen(_as_a_file(guarded))
    if seen.blank_ahead(MAX_SKIP_BYTES) and guarded.failed is None:  # (the one rule of
        if fresh:  # ``empty_file``, as a file named: ``_blank``; never given to the readers)
            yield _empty(source, True)
    else:
        for item in _read(seen, source, input_format, mapping, by_name, regular,
                          not regular and _streamed(stream)):
            given += 1
            yield item
    if (failed := guarded.failed) is not None:
        ctx = {"template": failed.template, **failed.ctx} if failed.template else {}
        if failed.placed:  # (where the reading stopped: the line after the last whole
            line, record = guarded.lines + 1, given + 1  # one given, the record after)
            ctx |= {"line": str(line), "record": str(record)}
            said = f"{said} from line {line} on (record {record} and those after it)"
        yield problem(source, "unreadable", f"cannot read {said}: {failed.said}",
                      ctx or None)


def _streamed(stream: Any) -> bool:
    """Whether ``stream`` is read as it arrives, each line perhaps long before the next is
    written (a pipe, a terminal, a socket, a reader of the caller's own: no ``seek``), not
    a text there whole (a file, ``io.BytesIO``: the service's body)."""
    try:  # (a seekable of its own may raise anything)
        return not stream.seekable()
    except Stop:  # (never the file's failure: passed through)
        raise
    except Exception:
        return True


def _at_start(stream: Any) -> bool:
    """Whether ``stream`` may stand at its start: not where its position is read and is not
    0 (the caller read some of it before). A stream whose position cannot be read (a pipe,
    a socket, a subprocess's output, a reader of the caller's own) is taken as given: the
    library reads what it is given, so nothing at all from it is ``empty_file``."""
    try:  # (a tell of the caller's own may raise anything, or give anything)
        return bool(stream.tell() == 0)
    except Stop:  # (never the file's failure: passed through)
        raise
    except Exception:
        return True


def _format_named(suffix: str) -> str | None:
    """The input format a file's name says by its (lower-case) ``suffix``: ``json``,
    ``jsonl`` (``.ndjson`` too) or ``csv`` (``.tsv`` too); None for a name saying none."""
    return {".ndjson": "jsonl", ".tsv": "csv"}.get(suffix, suffix[1:]) if suffix in SUFFIXES \
        else None


def open_file_records(handle: Any, input_format: str | None = None,
                      mapping: Mapping[str, str | None] | None = None) -> Iterator[Sourced]:
    """The records of a file open in Python, text or binary, read as :func:`records` reads
    a file of its name (its suffix saying its format, else its first line decides) or
    standard input (``-``), each labelled with its place in it (``apps.json[2]``,
    ``<stdin>:3``): a JSON array, an envelope, pretty-printed objects, JSON Lines or CSV,
    never a line a record; ``input_format`` and ``mapping`` as :func:`records` has them
    (the suffix of the file's name says its format first). Read from where it stands, once;
    not closed here. Closed, or a read error: a problem of its own."""
    name = attribute(handle, "name")
    if isinstance(name, str) and name and not (name.startswith("<") and name.endswith(">")):
        source, said = name, name
    else:  # (sys.stdin, io.StringIO, a file named by a number: a descriptor)
        source = "<stdin>" if handle is sys.stdin or name == "<stdin>" else "<stream>"
        said = "the standard input" if source == "<stdin>" else "the stream"
    suffix = PurePosixPath(source).suffix.lower() if source[:1] != "<" else ""
    kind = _format_named(suffix) or input_format
    try:  # (closed: said by ``_stream``; asked to ``reconfigure``, it is read as text)
        readline = _readline_of(handle, stdin=source == "<stdin>")
    except ArgumentError:
        raise ArgumentError("applications: a batch of records, or a file open for reading, "
                            "was expected: this file cannot be read") from None
    regular = False
    try:  # (a fileno of its own may raise anything, or give a number too large, or text)
        regular = stat.S_ISREG(os.fstat(handle.fileno()).st_mode)
    except Stop:  # (never the file's failure: passed through)
        raise
    except Exception:  # (no descriptor: read as a stream, waited for)
        regular = False
    for item in _stream(handle, readline, source, said, kind, mapping, suffix in SUFFIXES,
                        regular):
        yield from paged(item)


def _identity(file: Path, seen: set[tuple[int, int]], standard_input: bool = False) -> bool:
    """Whether ``file`` is a regular file (or, as ``standard_input``, a pipe or a socket)
    already in ``seen`` (by device and inode); else it is added there if it is one. A pipe
    is spent by its first reading: standard input from a pipe named twice (``- -``,
    ``- /dev/stdin``) is one input, read once as a file named twice is, never a second,
    empty one. (A named pipe named twice is refused twice, as any file not regular.)"""
    try:
        found = file.stat()
    except (OSError, ValueError):
        return False
    if not (stat.S_ISREG(found.st_mode) or (standard_input and (
            stat.S_ISFIFO(found.st_mode) or stat.S_ISSOCK(found.st_mode)))):
        return False
    key = (found.st_dev, found.st_ino)
    if key in seen:
        return True
    seen.add(key)
    return False


class Counted(Iterator[Sourced]):
    """Records counted as they pass: a batch of none is an input problem for a command."""

    def __init__(self, items: Iterable[Sourced]) -> None:
        self.items = iter(items)
        self.count = 0

    def __next__(self) -> Sourced:
        check()  # a signal a library's code swallowed (callrules._signals): stop here
        item = next(self.items)
        check()  # (while this record was read: never its problem)
        self.count += 1
        return item


#: The input problem of a batch holding no record at all (``no_records``).
NO_RECORDS = InputProblem((), "no_records", "no application to check: the input holds no "
                          "record (an empty file or folder, an empty list, or a CSV file with "
                          "only its header)")


def nothing_read(sources: Counted, lang: str, err: TextIO, said: InputProblem = NO_RECORDS
                 ) -> bool:
    """Whether no record at all was read (then ``said`` on ``err`` in ``lang``, in the
    command's words: nothing to check, to plan, to rank): a command with no application
    exits 2, never "every application is eligible"."""
    if sources.count:
        return False
    err.write(f"callrules: {terminal(said.message(lang))}\n")
    return True


def _hidden(name: str) -> bool:
    """Whether a folder's file of this name holds no application: a hidden file (a dot
    first) or the owner file Excel or Word keeps, hidden on Windows, beside a file it has
    open (``~$`` and the file's name: the user who has it open, no application)."""
    return name.startswith((".", "~$"))


def said_hidden(lang: str, err: TextIO) -> Callable[[Path], None]:
    """What says on ``err``, in ``lang``, that a folder's hidden file is not read."""
    def say(file: Path) -> None:
        if file.name.startswith("~$"):
            note = InputProblem((), "lock_file", f"{file} is not read: the owner file Excel "
                                "or Word keeps beside a file it has open",
                                ctx={"file": str(file)})
        else:
            note = InputProblem((), "hidden_file", f"{file} is not read: a hidden file (its "
                                "name starts with a dot)", ctx={"file": str(file)})
        err.write(f"callrules: {terminal(note.message(lang))}\n")
    return say


def said_skipped(lang: str, err: TextIO) -> Callable[[Path, str], None]:
    """What says on ``err``, in ``lang``, that a folder's sub-folder or file of another name
    is not read, or a file given again is not read twice (``records(skipped=)``)."""
    words = {"folder": ("sub_folder", "{file} is not read: a sub-folder (only the files of "
                        "the folder given are read; give the sub-folder too to read its files)"),
             "name": ("other_name", "{file} is not read: its name does not end in .json, "
                      ".jsonl, .ndjson, .csv or .tsv (rename it to read it)"),
             "again": ("given_again", "{file} is not read again: the same file was given "
                       "before, and is read once")}

    def say(file: Path, why: str) -> None:
        kind, text = words[why]
        note = InputProblem((), kind, text.format(file=file), ctx={"file": str(file)})
        err.write(f"callrules: {terminal(note.message(lang))}\n")
    return say


def _readline_of(stream: Any, stdin: bool = False) -> _Guarded:
    """A ``readline(size)`` giving bytes, for a binary or a text stream, or any object with
    ``readline`` or ``read`` (a zip member, ``codecs.open``, an ``mmap``): a text stream is
    read through its text, from where it stands and in the encoding it was opened with (its
    buffer only when that gives the same: UTF-8, nothing read ahead); whatever the object
    raises ends the reading, kept as :class:`ReadFailed` saying what happened. Standard
    input (``stdin``) is read through its buffer whatever its encoding while nothing was
    read ahead: its encoding is the system's guess (a Windows pipe's code page), no one's
    choice, and its bytes are read as a file's are (UTF-8, UTF-16, UTF-32 known by
    themselves)."""
    readline, read = attribute(stream, "readline"), attribute(stream, "read")
    if not callable(readline) and not callable(read):
        raise ArgumentError("the standard input is missing (closed before the program "
                            "started), or what was given for it is no stream to read")
    if _buffer_same(stream, stdin):
        buffer = attribute(stream, "buffer")
        return _Guarded(stream, _crc_checked(buffer, buffer.readline))
    text = _TextLines.of(stream, stdin) or _TextLines.of_codecs(stream)
    if text is not None:  # (a text file in another encoding, or read ahead)
        return _Guarded(stream, text)
    return _Guarded(stream, _crc_checked(stream, readline) if callable(readline) else read)


def _buffer_same(stream: Any, stdin: bool) -> bool:
    """Whether the bytes of a text stream's ``buffer`` are exactly what its text gives, from
    where it stands: UTF-8 (strict, or its bytes kept; any encoding for standard input), and
    nothing read ahead into the text layer (a text stream refuses to change its encoding
    once it holds text read ahead: asked to keep the one it has, it says so). Standard input
    never read, a file just opened."""
    raw = attribute(stream, "buffer")
    if raw is None or not callable(attribute(raw, "readline")):
        return False
    try:
        encoding = codecs.lookup(stream.encoding).name
        if not stdin and (encoding not in ("utf-8", "utf-8-sig")
                          or stream.errors not in ("strict", "surrogateescape")):
            return False
        return _unread(stream)
    except Stop:  # (never the file's failure: passed through)
        raise
    except Exception:  # (closed; no such encoding; anything of its own)
        return False


def _unread(stream: Any) -> bool:
    """Whether a text stream holds no text read ahead (a text stream refuses to change its
    encoding once it holds some: asked to keep the one it has, it says so)."""
    try:
        stream.reconfigure(encoding=stream.encoding, errors=stream.errors)
    except Stop:  # (never the file's failure: passed through)
        raise
    except Exception:  # (read ahead: UnsupportedOperation; no reconfigure…)
        return False
    return True


class _TextLines:
    """``readline(size)`` of a text file (``io.TextIOWrapper``) whose bytes are not read as
    they stand (another encoding than UTF-8, or text read ahead), giving exactly the lines
    before a byte not in its encoding, however far its text layer decodes ahead (8 KiB at
    once: a failure there lost every line of the piece before the bad byte). Its ``buffer``
    is read line by line and decoded here in its encoding, so a bad byte fails only its own
    line: at once when nothing was read ahead; else once the text layer has let go of what
    it read ahead, by ``seek(tell())`` (a file, a stream in memory: the layer's own way to
    stand where its text does). A text layer that cannot (a pipe; ``tell`` refused after
    ``next()``) is read through, a character at a time, so that nothing it holds is lost
    to a failure of its next piece, and the text its next piece decoded before a bad byte
    (the error's own ``object`` and ``start``) is given before the failure. The text
    layer is only read and sought, never changed otherwise (before, its ``_CHUNK_SIZE``
    was set to 1 while it was read, and restored)."""

    def __init__(self, stream: Any, buffer: Any, readline: Callable[[int], Any],
                 decoder: codecs.IncrementalDecoder, layer: bool = False) -> None:
        self.stream, self.buffer, self.decoder = stream, buffer, decoder
        self.held = ""  # text decoded ahead by a codecs reader, or before a failure, first
        self.failure: BaseException | None = None  # raised once ``held`` is given
        self.readline = readline  # the buffer's
        self.layer = layer  # whether read through the text layer, a character at a time
        #: whether the buffer's bytes are the text's (UTF-8, kept as bytes: each record
        #: not UTF-8 said on its own, as a file read by its name)
        self.same = False
        with contextlib.suppress(LookupError, TypeError, AttributeError):
            self.same = codecs.lookup(stream.encoding).name in ("utf-8", "utf-8-sig") \
                and stream.errors in ("strict", "surrogateescape")

    @classmethod
    def of(cls, stream: Any, stdin: bool = False) -> _TextLines | None:
        """The lines of ``stream``, or None if it is no text file read so (``stdin``: its
        bytes, once reached, read as they stand, as :func:`_buffer_same` says)."""
        buffer = attribute(stream, "buffer")
        try:
            if not callable(attribute(buffer, "readline")) \
                    or not isinstance(stream.encoding, str) \
                    or not isinstance(stream.errors, str):
                return None
            decoder = codecs.getincrementaldecoder(stream.encoding)(stream.errors)
            if _unread(stream) or _let_go(stream, buffer, decoder):
                text = cls(stream, buffer, _crc_checked(buffer, buffer.readline), decoder)
                text.same = text.same or stdin
                return text
            if not callable(attribute(stream, "readline")):
                return None
        except Stop:  # (never the file's failure: passed through)
            raise
        except Exception:  # (no encoding known: as it reads)
            return None
        text = cls(stream, buffer, buffer.readline, decoder, layer=True)
        text.same = text.same or stdin
        return text

    @classmethod
    def of_codecs(cls, stream: Any) -> _TextLines | None:
        """The lines of a ``codecs`` reader (``codecs.open``, ``codecs.getreader``), or None:
        its file's bytes decoded here after the text it holds decoded ahead (which asked
        for a line of any size read that many bytes at once, and lost them all to a byte not
        in its encoding)."""
        reader = attribute(stream, "reader", stream)
        try:
            held, pending = reader.charbuffer, reader.bytebuffer
            if reader.linebuffer:
                held = "".join(reader.linebuffer)
            buffer = reader.stream
            encoding = attribute(stream, "encoding") or type(reader).__module__.rpartition(
                "encodings.")[2]
            if not isinstance(held, str) or not isinstance(pending, bytes) \
                    or not callable(attribute(buffer, "readline")):
                return None
            if codecs.lookup(encoding).name in ("utf-16", "utf-32"):
                return None  # (their byte order is the reader's to know)
            decoder = codecs.getincrementaldecoder(encoding)(reader.errors)
            held += decoder.decode(pending)
            reader.reset()
        except Stop:  # (never the file's failure: passed through)
            raise
        except Exception:  # (no codecs reader: read as it reads)
            return None
        text = cls(stream, buffer, _crc_checked(buffer, buffer.readline), decoder)
        text.same = False
        text.held = held
        return text

    def __call__(self, size: int) -> Any:
        if self.held:
            end = self.held.find("\n", 0, size) + 1 or size
            line, self.held = self.held[:end], self.held[end:]
            return line
        if self.failure is not None:
            failure, self.failure = self.failure, None
            raise failure
        if self.layer:
            return self._through_layer(size)
        data = self.readline(size)
        if self.same:
            return bytes(data)
        try:
            return self.decoder.decode(bytes(data), not data)
        except UnicodeDecodeError as exc:  # (the text before the bad byte, to the end of
            return self._failed(exc, "", size)  # its last line: a UTF-16 line's end is
            # decoded with the next line's first byte)

    def _failed(self, exc: UnicodeDecodeError, before: str, size: int) -> Any:
        """The first line of the text decoded before a bad byte (``before``, then what
        ``exc`` says its piece held before it), whole lines only, the others held for the
        next calls, then ``exc`` raised; ``exc`` at once if there is none."""
        held = before + _decoded_before(exc, self.stream)
        self.held = held[:held.rfind("\n") + 1]
        if not self.held:
            raise exc
        self.failure = exc
        return self(size)

    def _through_layer(self, size: int) -> str:
        """A line of at most ``size`` characters read through the text layer a character at
        a time: a character it holds is given without its next piece read, and a failure
        reading that piece loses none it gave (a line's start kept here); the text the
        piece decoded before its bad byte given before the failure, to the start of the
        line holding that byte."""
        read = self.stream.readline
        chars: list[str] = []
        try:
            while len(chars) < size:
                char = read(1)
                if not char:
                    break
                chars.append(char)
                if char == "\n":
                    break
        except UnicodeDecodeError as exc:
            # (whole lines: the start of the one holding the bad byte is no line of its own)
            line: str = self._failed(exc, "".join(chars), size)
            return line
        return "".join(chars)


def _let_go(stream: Any, buffer: Any, decoder: codecs.IncrementalDecoder) -> bool:
    """Whether the text layer of ``stream``, read ahead, has let go of the text it held by
    ``seek(tell())``, its buffer standing where its text does (``decoder`` then set to
    read on from there: the byte order its file's mark says). False for a layer that
    cannot stand so (a pipe; ``tell`` refused after ``next()``; an encoding whose decoder
    holds a state there), or whose buffer says another place: read through the layer."""
    try:
        return _stood(stream, buffer, decoder)
    except Stop:  # (never the file's failure: passed through)
        raise
    except Exception:  # (a pipe, ``tell`` refused, anything of its own: read through it)
        return False


def _stood(stream: Any, buffer: Any, decoder: codecs.IncrementalDecoder) -> bool:
    if not stream.seekable() or not buffer.seekable():
        return False
    place = stream.tell()
    if not isinstance(place, int) or place < 0:
        return False
    stream.seek(place)
    at = buffer.tell()
    # (the place's bytes before the decoder's own state, and nothing more to decode
    # again: the layer holds no text; else it re-read a few bytes, and holds their text)
    if not isinstance(at, int) or place & _BYTES != at or place >> 128:
        return False
    name = codecs.lookup(stream.encoding).name
    if at and name in ("utf-16", "utf-32", "utf-8-sig"):  # (a mark read at the start)
        buffer.seek(0)
        head = buffer.read(min(at, 4 if name == "utf-32" else 3 if name == "utf-8-sig" else 2))
        buffer.seek(at)
        if not isinstance(head, (bytes, bytearray)) or buffer.tell() != at:
            return False
        decoder.decode(bytes(head))
        decoder.setstate((b"", decoder.getstate()[1]))
    return True


#: The bits of a text layer's place (``tell()``) saying the byte its buffer stands at.
_BYTES = (1 << 64) - 1


def _decoded_before(exc: UnicodeDecodeError, stream: Any) -> str:
    """The text of the piece a text layer failed to decode, before its bad byte: what the
    error says its decoder was given (``object``), to the bad byte (``start``), in the
    encoding it names; a byte-order mark at its start (the file's first piece) dropped."""
    try:
        text = bytes(exc.object[:exc.start]).decode(exc.encoding)
        if text.startswith("\ufeff") and codecs.lookup(stream.encoding).name in (
                "utf-16", "utf-32", "utf-8-sig"):
            text = text[1:]
    except Stop:  # (never the file's failure: passed through)
        raise
    except Exception:  # (no such encoding, an object of its own: nothing more)
        return ""
    return text


def _crc_checked(stream: Any, read: Callable[[int], Any]) -> Callable[[int], Any]:
    """``read`` (``readline``) of a zip member (``zipfile.ZipFile.open``), which checks its
    CRC when its last piece is read and then raises, that piece lost (the last records of a
    member intact but for a byte elsewhere): read from a twin of the member standing where
    it stands, which does not check (its own copies of the member's state, its place in
    the archive and its decompressor: the member itself neither read nor changed), the
    check made here on the bytes given, at the end (a :class:`ReadFailed` then, after them
    all). Anything else, or a member that cannot be twinned so (encrypted, compressed by
    bzip2 or LZMA, or a Python whose members hold other state): ``read``."""
    if type(stream).__name__ != "ZipExtFile":
        return read
    import copy  # (only for a zip member)
    import zlib
    try:
        state = vars(stream)
        expected, crc = state["_expected_crc"], state["_running_crc"]
        decompressor = state["_decompressor"]
        if not isinstance(expected, int) or not isinstance(crc, int) \
                or state["_decrypter"] is not None or not isinstance(state["_close_fileobj"],
                                                                      bool):
            return read
        # (the bytes it holds decoded ahead are in its CRC already)
        counted = len(state["_readbuffer"]) - state["_offset"]
        twin = copy.copy(stream)
        twin._fileobj = copy.copy(state["_fileobj"])
        twin._decompressor = None if decompressor is None else decompressor.copy()
        twin._close_fileobj = False  # (the archive is the member's to close)
        twin._expected_crc = None  # (checked here)
        twin_read = twin.readline
    except Stop:  # (never the file's failure: passed through)
        raise
    except Exception:  # (a member of another make: checked by the member itself)
        return read

    def checked(size: int) -> Any:
        nonlocal crc, counted
        piece = twin_read(size)
        if isinstance(piece, (bytes, bytearray)) and piece:
            if counted:
                skipped = min(counted, len(piece))
                counted -= skipped
                crc = zlib.crc32(piece[skipped:], crc)
            else:
                crc = zlib.crc32(piece, crc)
        elif not piece and crc != expected:
            raise ReadFailed("the compressed data or the archive holding it is damaged",
                             "read_damaged", placed=False)  # (every record read)
        return piece
    return checked


class Stop(Exception):
    """Raised by a stream on purpose to stop the reading, passed through, never a record's
    problem (the command line's standard input, when the process has none). What is not an
    ``Exception`` (a program's end, an interrupt, the command line's signal unwinding to
    remove its temporary files) is never caught by the readers either, nor said as the
    caller's iterable failing (``given_failed``) by a batch reading them."""

    passes_through = True


def attribute(value: Any, name: str, default: Any = None) -> Any:
    """``getattr(value, name, default)``, whatever the object raises for it (a property
    failing, a ``__getattr__`` raising other than AttributeError): ``default`` then."""
    try:
        return getattr(value, name, default)
    except Stop:  # (never the file's failure: passed through)
        raise
    except Exception:  # (anything of the caller's own: the attribute missing)
        return default


def _closed(stream: Any) -> bool:
    """Whether ``stream`` says it is closed (a ``closed`` failing says nothing)."""
    return attribute(stream, "closed", False) is True


class ReadFailed(OSError):
    """A file object given by the caller failed while it was read: ``template`` (a key of the
    input problems' words) and ``ctx`` say what happened, ``said`` in English; ``placed``:
    whether it failed where the reading stopped (its line then said), not in a check of the
    whole (a zip member's CRC, known at its end)."""

    def __init__(self, said: str, template: str | None, ctx: dict[str, str] | None = None,
                 placed: bool = True) -> None:
        super().__init__(said)
        self.said = said
        self.template = template
        self.ctx = ctx or {}
        self.placed = placed


def read_failed(exc: BaseException, stream: Any) -> ReadFailed:
    """What ``exc``, raised by ``stream`` while it was read, says to a person (whatever
    the exception's own words raise: an ``OSError`` whose ``strerror`` fails, a
    ``ValueError`` whose ``str()`` does)."""
    try:
        return _read_failed(exc, stream)
    except Stop:  # (never the file's failure: passed through)
        raise
    except Exception:  # (its words fail: said in ours)
        return ReadFailed("what was given for it failed when it was read", "read_failed")


#: The modules whose file objects decompress (``bz2.BZ2File``…): an OSError with no
#: system words raised by one is its data damaged (bz2's "Invalid data stream").
_COMPRESSING = ("bz2", "gzip", "lzma", "zipfile", "_compression", "zlib", "tarfile")


def _compressing(stream: Any) -> bool:
    """Whether ``stream``, or the buffer under its text, decompresses as it reads."""
    return any(type(s).__module__.split(".")[0] in _COMPRESSING
               for s in (stream, attribute(stream, "buffer")) if s is not None)


def _read_failed(exc: BaseException, stream: Any) -> ReadFailed:
    import gzip  # (only on a failure: never at start-up)
    import zipfile
    import zlib
    damaged: tuple[type[BaseException], ...] = (zipfile.BadZipFile, zlib.error,
                                                gzip.BadGzipFile)
    with contextlib.suppress(ImportError):
        import lzma
        damaged += (lzma.LZMAError,)
    if isinstance(exc, ReadFailed):
        return exc
    if isinstance(exc, UnicodeError):
        encoding = str(attribute(stream, "encoding") or attribute(exc, "encoding") or "UTF-8")
        return ReadFailed(f"from here on it is not {encoding} text, the encoding it was "
                          "opened with", "read_not_in_encoding", {"encoding": encoding})
    if isinstance(exc, damaged):
        return ReadFailed("the compressed data or the archive holding it is damaged",
                          "read_damaged")
    if isinstance(exc, EOFError):
        return ReadFailed("the compressed file ends before its end (cut short)",
                          "read_cut_short")
    if isinstance(exc, ValueError) and (_closed(stream) or "closed file" in str(exc)):
        return ReadFailed("it was closed while it was read", "read_closed")
    if isinstance(exc, OSError) and isinstance(exc.strerror, str) and exc.strerror:
        return ReadFailed(exc.strerror, None)  # (a device gone, a disk error: the system's
    if isinstance(exc, OSError) and not isinstance(exc, io.UnsupportedOperation) \
            and _compressing(stream):  # words; bz2's damage, none)
        return ReadFailed("the compressed data or the archive holding it is damaged",
                          "read_damaged")
    # (a file open for writing only: io.UnsupportedOperation, no words)
    return ReadFailed("what was given for it failed when it was read", "read_failed")


class _Guarded:
    """``read(size)`` (a ``readline`` or a ``read`` of ``stream``) giving bytes: text encoded
    as UTF-8 (characters that are no text kept, reported as not UTF-8), bytes-like as bytes;
    a ``readline`` that takes no size (an ``mmap``'s) replaced by ``read``. Anything raised,
    or anything else given, ends the reading as an end of file would, and is kept in
    ``failed`` (:class:`ReadFailed`): every record read before it is read, the failure
    said after them, at its line (``lines``: how many line ends were given)."""

    def __init__(self, stream: Any, read: Callable[[int], Any]) -> None:
        self.stream = stream
        self.read: Callable[[int], Any] = read
        self.first = True  # (no piece given yet: a readline taking no size may be replaced)
        self.failed: ReadFailed | None = None
        self.lines = 0

    def __call__(self, size: int) -> bytes:
        if self.failed is not None:
            return b""
        piece = self._piece(size)
        self.lines += piece.count(b"\n")
        return piece

    def _piece(self, size: int) -> bytes:
        try:
            try:
                piece = self.read(size)
            except TypeError:  # (a readline taking no size: read by size, nothing lost)
                read = attribute(self.stream, "read")
                if not self.first or not callable(read) or self.read == read:
                    raise
                self.read = read
                piece = self.read(size)
            self.first = False
            if isinstance(piece, str):
                try:
                    return piece.encode("utf-8", "surrogateescape")
                except UnicodeEncodeError:
                    return piece.encode("utf-8", "surrogatepass")  # reported as not UTF-8
            if isinstance(piece, (bytes, bytearray, memoryview)):
                return bytes(piece)
            raise TypeError(type(piece).__name__)  # (None, a number: no text, no bytes)
        except Stop:  # (never the file's failure: passed through)
            raise
        except Exception as exc:  # (a zip member's CRC, a cut gzip, a decoding error,
            # an exception of the caller's own, of any kind but a program's end)
            self.failed = read_failed(exc, self.stream).with_traceback(None)  # (no cycle
            # through this frame: the file object freed, and closed, as soon as let go)
            return b""


def _as_a_file(readline: ReadLine) -> ReadLine:
    """``readline`` giving what a file's gives: a line whole (to its ``\\n``), ``size``
    bytes of it, or the rest at the end, however many bytes each read of a pipe brings (a
    few, or more than a line: the rest is kept for the next). So the readers are given the
    same pieces as from a file of the same bytes, and read them alike (a line is still
    given as soon as its end arrives: a worker answers each)."""
    held = bytearray()

    def whole(size: int) -> bytes:
        while (end := held.find(b"\n", 0, size)) == -1 and len(held) < size:
            if not (piece := readline(size - len(held))):  # (a failure: an end, said after)
                break
            held.extend(piece)
        stop = end + 1 if end != -1 else min(size, len(held))
        out = bytes(held[:stop])
        del held[:stop]
        return out

    return whole


def _file(file: Path, named: bool, mapping: Mapping[str, str | None] | None,
          input_format: str | None) -> Iterator[Sourced]:
    opened = Path(opened_as(str(file))) if named else file  # (any name of standard input
    # as its descriptor, ``/dev/fd/00`` too; labelled as it was named)
    try:
        mode = opened.stat().st_mode
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        yield unreadable(file, exc)
        return
    if not stat.S_ISREG(mode) and not (named and on_purpose(str(file))):
        yield problem(str(file), "not_a_regular_file", f"{file} is not a regular file (a "
                      "folder, a pipe, a device or a socket): it is not read")
        return
    try:
        handle = opened.open("rb")
    except OSError as exc:
        yield unreadable(file, exc)
        return
    suffix = file.suffix.lower()
    kind = _format_named(suffix) or input_format
    with handle:
        seen = BlankSeen(handle.readline)
        try:
            if seen.blank_ahead(MAX_SKIP_BYTES):  # (named or in a folder: in its place; never
                yield _empty(str(file), named)  # given to the readers: ``_blank``, one rule)
                return
            yield from _read(seen, str(file), kind, mapping, suffix in SUFFIXES,
                             stat.S_ISREG(mode))
        except OSError as exc:  # a read error in the middle (a device gone)
            yield unreadable(file, exc)
            return


def lines_read(readline: ReadLine) -> ReadLine:
    """``readline`` of a file of records one a line that are no applications (decision
    records: ``callrules replay``), giving its text as ``check`` reads the text around a
    batch's records before cutting it into records (:func:`_read`): terminal colour codes
    and a final Ctrl-Z dropped, a mail reply's quote marks taken off (``> ``, nested:
    :mod:`callrules._replies`), the padding starting or ending a line (NUL, a form feed, a
    no-break or zero-width space, a byte-order mark…) dropped and a line of padding alone
    left empty (:func:`_blank_lines_emptied`), no indentation (:func:`_no_padding_indents`);
    each line where it was written. One rule of what a source may carry around its
    records, whatever records it holds."""
    pieces = _blank_lines_emptied(_no_padding_indents(unquoted(without_dos_eof(uncoloured(
        _raw(readline))))))
    return _as_a_file(lambda _size: next(pieces, b""))


def _read(readline: ReadLine, source: str, kind: str | None,
          mapping: Mapping[str, str | None] | None, by_name: bool = False,
          regular: bool = False, streamed: bool = False) -> Iterator[Sourced]:
    """The records of one source, read as ``kind`` (None: as its first line shows; said
    ``by_name``, by the file's suffix: unless its first line plainly belongs to another;
    ``regular``: a regular file, never waited for; ``streamed``: read as it arrives, a
    pipe: said to be JSON Lines, each line is then read when its line end arrives, never
    held for the next: :data:`_WORKER`)."""
    worker = streamed and kind == "jsonl" and not by_name
    raw = _raw(readline)
    first = next(raw, b"")
    alone = worker and not first.rstrip(b"\r\n").endswith(b"=")  # (a worker's first line
    # alone says it, nothing read ahead; but a soft break of quoted-printable ends no line)
    other, whole = contained(first, iter(()) if alone else raw, source)
    if other is not None:  # a workbook, an archive, a file in base64, compressed…
        yield other
        return
    whole = chain(whole, raw) if alone else whole
    mark = Mark(whole)  # (whether UTF-8's byte-order mark starts the text: :func:`unfolded`)
    watched = Watched(decoded(iter(mark), kind is not None))  # (a format told: its line ends;
    # quoted-printable cut with soft breaks: said)
    pieces = uncoloured(iter(watched))  # (terminal colour codes: layout, never data)
    pieces = unquoted(without_dos_eof(pieces), not worker)  # (a batch quoted in a mail reply)
    head_lines, pieces = _without_http_head(pieces)  # (a chunked body joined before it is
    if not worker:  # (lines joined by what the lines after them show: a worker's never)
        pieces = uncut(pieces)  # (JSON cut into lines of one width by a SQL client: joined)
        pieces = unfolded(pieces, mark.seen)  # (JSON wrapped by fold -w at a narrow width: joined;
        pieces = unflowed(pieces)  # lines unflowed; JSON Lines wrapped by a mail client)
        pieces = _mac_json(pieces, kind == "jsonl")  # (old Mac line ends: a CSV may
        # follow the JSON; said to be JSON Lines, its line ends decided once, here)
    decided = kind == "jsonl" and not worker  # (then not again by its reader)
    if head_lines:  # ``curl -i`` saved: the head is one problem, the body read as it is
        yield problem(f"{source}:1", "http_head", "these lines are the head of an HTTP "
                      "response (saved with its body, as curl -i writes it), not records: "
                      "they are not read; the body after them is")
    named = kind
    pieces = split = _BeforeSequence(pieces)
    if kind is None:
        kind, pieces = _detect(pieces)
        if kind == "csv":
            headless, pieces = _headless(pieces)
            if headless:  # (read ahead: its rows are not read anyway)
                lone, pieces = _lone_application(pieces)
                kind = "json" if lone else kind  # one application, its brace typed over
    elif by_name:  # content plainly of another format than the name says is read as it is
        kind, pieces = _as_named(kind, pieces)
    elif kind == "jsonl":  # JSON Lines as told: JSON of any layout read as JSON
        kind, pieces = _as_lines(pieces, worker)
    elif (looks := _not_as_told(kind, pieces := _Detected(pieces))) == _LINES_FIRST:
        kind = "jsonl"  # CSV told, a record on its first line: JSON Lines, as in a .csv file
    elif looks is not None:
        yield problem(source, "input_format_mismatch", f"the input does not look like "
                      f"{kind.upper()}, the format given for it: it looks like {looks}; it "
                      "is not read", {"given": kind.upper(), "found": looks})
        return
    elif kind != "csv":  # JSON as told: an RFC 7464 sequence is read as one; JSON Lines
        if pieces.found == "jsonl":  # as a ``.json`` file's are
            kind, pieces = _json_lines_as_json(pieces.pieces)
        else:
            kind, pieces = _sequence_or(kind, _blank_lines_emptied(pieces))
    if kind not in ("json", _LINED, _SEQUENCE) and (named != "csv" or by_name) and not worker:
        # an array, an envelope over lines that reads as JSON whole (one compact application
        # a line, the comma first): read as JSON, never cut in lines first, whatever its name
        # or the format told (CSV told: read as told); JSON Lines told: labelled by lines
        document, pieces = whole_document(pieces, objects=named == "json" and kind != _COMPACT)
        # (JSON said: an object over lines that reads whole is one, as written; records one
        # a line, line breaks typed into the first, each record one: :func:`_typed_in`)
        kind = (_LINED if named == "jsonl" and not by_name else "json") if document else kind
    if kind != "csv":
        pieces = _unpadded(_blank_lines_emptied(pieces))
    cut: Iterator[Sourced] | None = None
    marked_in_reading = False  # (the records' quoted-printable marks given by the reader
    # itself, each as it is read: :func:`_json`'s ``noted``; else marked here as yielded)
    if kind in ("json", _LINED, "jsonl", _COMPACT, _FIRST_ALONE) and not worker:  # a compact
        # array cut in its
        cut, pieces = _cut_in_first(pieces, source, named == "jsonl",  # first record: alike
                                    _csv_after(source, mapping))  # whatever the way in
    if cut is not None:
        found = cut
    elif kind == _SEQUENCE:
        found = sequence(lines(lined(pieces if decided else _json_lines_ended(pieces))),
                         source, _csv_after(source, mapping))
        found = _counted(found, source) if named == "json" and by_name else found
    elif kind == _FIRST_ALONE:
        found = _first_alone(pieces, source)
    elif kind in ("jsonl", _COMPACT):
        found = jsonl(lines(lined(pieces if decided else _json_lines_ended(pieces))), source,
                      other=None if worker else _csv_after(source, mapping),
                      told=named == "jsonl", alone=worker)
        found = found if kind == "jsonl" else _counted(found, source)
    elif kind == "csv":
        found = csv_records(bare_cr_lines(text_lines(lines(lined(csv_line_ends(pieces))))),
                            source, mapping)
    else:  # (each record marked as it is read, before a file's records are held)
        found = _json(pieces, source, kind == _LINED, _csv_after(source, mapping), regular,
                      lambda item: _encoded(item, True) if watched.seen else item)
        marked_in_reading = True
    last, count = None, 0
    for last in found:
        count += 1
        yield _encoded(last, kind != "csv") if watched.seen and not marked_in_reading else last
    if split.rest is None:
        return
    # ``jq --seq`` output appended after JSON of another layout: from its first record
    # separator, an RFC 7464 sequence, labelled as the records before it are
    found = sequence(lines(lined(_json_lines_ended(_unpadded(_blank_lines_emptied(
        split.rest))))), source, _csv_after(source, mapping), split.lines + 1)
    indexed = last is not None and re.fullmatch(re.escape(source) + r"\[\d+\]", last.source)
    yield from _counted(found, source, count) if indexed else found


def _encoded(item: Sourced, json: bool) -> Sourced:
    """``item``, or the problem ``quoted_printable`` in its place, read from its source
    after a line cut with a soft break of quoted-printable: when it is no valid JSON (a
    problem ``json_invalid``, or a text that does not read as JSON), the cut is why; in
    JSON (``json``), any record: no line of JSON ends with an ``=``, and the lines of a
    pretty-printed record cut so are read joined again with the ``=`` in a value (a label
    “wo=rd”). A CSV row may end with one (a cell of base64): only what is no JSON."""
    data = item.data
    if isinstance(data, InputError):
        if not data.problems or any(p.type != "json_invalid" for p in data.problems):
            return item
    elif not json and (not isinstance(data, (str, bytes)) or is_json(
            data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data)):
        return item
    return problem(item.source, "quoted_printable", "this text is encoded as quoted-printable "
                   "(as a mail body is: its lines cut with = at their end, an accented letter "
                   "written as =C3=A9), not records: decode it first and check what it gives")


#: A separator typed twice (an empty cell in a header: a keystroke's damage).
_DOUBLED = re.compile(r"([,;\t|])\1+")
#: What a keystroke may have typed in a header after JSON: quotes, braces, brackets.
_DAMAGE = str.maketrans("", "", '"{}[]')


def _stray_separator(line: str) -> bool:
    """Whether ``line`` reads as a CSV header but for one of the separators its file does
    not use typed at a name's edge (``id;,note``, a comma typed in a file of semicolons):
    it, with those separators taken out, reads as a header (:func:`is_csv_header`)."""
    separator = csv_separator(line.strip(" \t\r\n\ufeff"))
    return is_csv_header(line.translate(str.maketrans("", "", ",;|".replace(separator, ""))))


def _csv_after(source: str, mapping: Mapping[str, str | None] | None) -> OtherFormat:
    """How a CSV file joined after JSON values is read: from a line that reads as a CSV
    header, its rows as a CSV file's, labelled by their lines in the source."""
    def read_lines(rows: Iterator[bytes | Over], first: int) -> Iterator[Sourced]:
        return csv_records(bare_cr_lines(text_lines(rows)), source, mapping, start=first)

    def read(pieces: Iterator[bytes], first: int) -> Iterator[Sourced]:
        return read_lines(lines(lined(csv_line_ends(pieces))), first)

    def header_at(line: str, following: Iterator[str]) -> bool:  # (its header damaged by
        if SEP_LINE.fullmatch(line.removeprefix("\ufeff").rstrip("\r\n")):  # Excel's
            return True  # ``sep=;``: a CSV file starts, as a file alone starting with it is
        # read whatever its header (a separator typed in a quoted name: ``"host,.name"``)
        if is_csv_header(line):  # a bracket, a quote or a separator typed in it, as a CSV
            return _rows_under(line, following, mapping)  # file alone reads it: never a
        line = _DOUBLED.sub(r"\1", line)  # line of JSON, whose keys have colons)
        undamaged = line.translate(_DAMAGE)
        return line.lstrip(" \t\ufeff")[:1] not in ("{", "[") and (_damaged_header(
            line.encode("utf-8", "surrogateescape")) or _stray_separator(undamaged)) \
            and _rows_under(undamaged, following, mapping)

    told: dict[str, bool] = {}  # lines told without the lines under them (each line of text
    # is looked at under the HEAD_LINES lines above it too: told once, not four times)

    def starts(line: str, following: Iterator[str]) -> bool:
        if (known := told.get(line)) is not None:
            return known
        asked: list[bool] = []  # (whether the lines under it were asked for: even none)

        def under() -> Iterator[str]:
            asked.append(True)
            yield from following
        found = header_at(line, under())
        if not asked and len(line) <= _TOLD_LENGTH:
            if len(told) == _TOLD:
                told.clear()
            told[line] = found
        return found
    return OtherFormat(starts, read, read_lines)


#: A column's name as a hand-written header has it: a word or a path, no blank inside.
_NAME = re.compile(r"[^\W\d][\w.\-]*")

#: How many lines, of at most how many characters, are kept told (:func:`_csv_after`).
_TOLD, _TOLD_LENGTH = 64, 1024


#: How many lines the first row under a CSV header joined after JSON is read on (its cells
#: may quote line breaks).
_ROW_LINES = 64


def _rows_under(header: str, following: Iterator[str],
                mapping: Mapping[str, str | None] | None) -> bool:
    """Whether the CSV header ``header``, after JSON values, has two cells or more, one
    naming a field (``Ana,Bruno,Carla`` names none: prose), with no blank beside a
    separator, as prose writes ``Bruno Lima, IPGP``, unless three cells or more, or
    commas or semicolons between names written as names are (``id, note``: no blank
    inside one; the row under it then naming none), and the first
    row under it (blank lines between) as many, or one fewer if it has four or more (a
    separator typed in the header), not starting as JSON does: lines of prose
    (``Paris, France`` under ``Bruno Lima, IPGP``, ``psql -x``'s ``call | cnrs-amsud-2026``
    lines, a title line above no row) are no CSV, but text after the JSON (a problem)."""
    text = header.removeprefix("\ufeff").strip(" \t\r\n")
    separator = csv_separator(text)
    try:
        names = next(csv.reader([text], delimiter=separator), [])
    except csv.Error:  # (a line break or NUL in it, a cell over the limit)
        return False
    while names and not names[-1].strip():
        names.pop()
    spaced = (f" {separator}" in text or f"{separator} " in text) and len(names) == 2
    if len(names) < 2 or not names_a_field(text, mapping) or (spaced and (
            separator not in ",;" or not all(_NAME.fullmatch(n.strip()) for n in names))):
        return False  # (no field named, or a blank beside a separator: prose)
    held: list[str] = []
    quoted = False
    for line in islice(following, _ROW_LINES):
        if not held and not line.strip(" \t\r\n\ufeff"):
            continue
        if not held and line.lstrip(" \t\ufeff")[:1] in ("{", "["):
            return False
        held.append(line)
        if not (quoted := in_quote_after(line, quoted, separator)):
            break
    try:
        cells = next(csv.reader("".join(held).splitlines(keepends=True),
                                delimiter=separator), [])
    except csv.Error:
        return False
    if spaced and names_a_field("".join(held), mapping):
        return False  # (a line of prose naming a field over a header: ``Call, Paris``)
    return len(cells) >= (len(names) - 1 if len(names) > 3 else len(names))


def _json(pieces: Iterator[bytes], source: str, lined: bool = False,
          other: OtherFormat | None = None, regular: bool = False,
          noted: Callable[[Sourced], Sourced] = lambda item: item) -> Iterator[Sourced]:
    """The records of JSON text (see ``_json_records``); a document of one application
    damaged by a keystroke (``callrules._lone``), all read when its first record is found
    (a ``regular`` file's records held while its text is within the bound; standard input
    never waited for), is one record, however its damage reads. Each record is given to
    ``noted`` as it is read, before it is held: what it says of the source so far
    (quoted-printable seen) is what standard input would say, never what the file holds
    further on."""
    kept = _Kept(pieces)
    found = map(noted, _json_records(kept, source, lined, other))
    first = next(found, None)
    if first is None:
        return
    held = [first]
    if regular:  # (read on within the bound: the rest of the text too, once its records
        # are all read)
        while kept.text is not None and (item := next(found, None)) is not None:
            held.append(item)
        while kept.text is not None and not kept.ended and next(kept, None) is not None:
            pass
    if not kept.ended or kept.text is None:  # (JSON Lines said and read as JSON: the
        yield from held  # same, labelled by the line it starts on)
        yield from found
        return
    rest = [*held[1:], *found]  # (all read)
    with contextlib.suppress(UnicodeDecodeError):
        text = kept.text.decode("utf-8").lstrip("\ufeff")
        if rest and any(isinstance(item.data, InputError) for item in (first, *rest)) \
                and not (lined and any(_on_its_line(item) for item in (first, *rest))) \
                and (error := lone_damage(text)):  # (values read whole one after the
            # other are what was written: ``{…}`` then ``0`` is two, never one keystroke;
            # JSON Lines said, a record whole on its line is one, as told)
            start = text[:len(text) - len(text.lstrip())].count("\n") + 1
            yield noted(problem(f"{source}:{start}" if lined else source, "json_invalid",
                                f"not valid JSON: {error.msg} (line {error.lineno})"))
            return
        if not rest and first.source == f"{source}[0]" and isinstance(first.data, InputError) \
                and text.lstrip(" \t\r\n")[:1] == "{" and not enveloped(text):
            # the document's lone object, damaged: the file's record, not an array's element
            yield Sourced(source, InputError(first.data.problems, source=source))
            return
    yield first
    yield from rest


#: A pretty-printed value's closing line: brackets alone, a comma after them.
_CLOSING_LINE = re.compile(rb"[ \t]*[}\]](?:[ \t]*[}\]])*[ \t]*,?[ \t]*")
#: A compact object whole on its line (a key in it; a comma after it): no pretty-printed
#: line is so.
_COMPACT_RECORD = re.compile(rb'\{[ \t]*"[^\n]*\}[ \t]*,?')
#: A pretty-printed object's opening line: its brace alone.
_OPENING_LINE = re.compile(rb"[ \t]*\{[ \t]*\r?")


def _line_ahead(head: bytearray, at: int, first: int, pieces: Iterator[bytes]
                ) -> tuple[int, bytes]:
    """The line of ``head`` from ``at`` and where it ends (-1: at the end of what is read),
    pieces read into ``head`` while it has no end, within the record limit from ``first``."""
    end = head.find(b"\n", at)
    while end == -1 and len(head) <= first + MAX_RECORD_BYTES + PIECE and (
            piece := next(pieces, None)) is not None:
        head += piece
        end = head.find(b"\n", at)
    return end, bytes(head[at:end if end != -1 else len(head)])


def _lost_head(head: bytearray, first: int, pieces: Iterator[bytes], whole: bool = True
               ) -> int | None:
    """Where the records start in pretty-printed JSON (``jq .``, an array, records wrapped in
    another object) that lost its first lines (a terminal's scrollback, ``tail -n``, a file
    cut at a byte): after the first damaged record's tail, at a closing line that closes
    more brackets than the text before it opened (strings followed on each line: none spans
    lines in pretty JSON), at the least indentation yet, the next non-blank line an
    object's brace alone at that indentation; of such places the first at the least
    indentation, and the text after it never less indented but for closing lines (an
    array's end). Indentation, not the count of brackets, says a record's level: a later
    record that lost a brace leaves it as it was. Looked for within the record limit (pieces
    read into ``head``), else None; ``first`` itself when the line there is an object's
    brace alone at the records' indentation: no head lost but an array's ``[`` line, the
    first record whole (a later record that lost a block of lines closes more than it
    opens, and is no first record's end), unless not ``whole``: that brace known to have
    lost its indentation (:func:`_brace_moved`)."""
    depth = 0
    indent: int | None = None
    pending: tuple[int, int] | None = None  # (end, indentation) of a closing line
    found: tuple[int, int] | None = None  # (indentation, where) records start
    stray = False  # a line less indented than the records found, not a closing one
    at = head.rfind(b"\n", 0, first) + 1
    own = None  # the first line's indentation, if an object's brace alone (a record whole)
    if whole and (at == first or not head[at:first].strip(b" \t")):
        end = head.find(b"\n", first)
        if _OPENING_LINE.fullmatch(head, first, end if end != -1 else len(head)):
            own = first - at
    while at <= first + MAX_RECORD_BYTES:
        end, line = _line_ahead(head, at, first, pieces)
        if line.strip(b" \t\r"):
            lead = len(line) - len(line.lstrip(b" \t"))
            try:
                text = line.decode("utf-8") if at > first else line.decode("utf-8", "replace")
            except UnicodeDecodeError:
                return None
            step, quoted = follow(text)
            if quoted and at > first:
                return None  # (a string open at a line's end: no pretty JSON)
            if quoted:  # (the first line cut inside a string: its quote closes it)
                step, quoted = follow(text, 0, True)
            closing = _CLOSING_LINE.fullmatch(line.rstrip(b"\r")) is not None
            if pending is not None and pending[1] == lead and _OPENING_LINE.fullmatch(line) \
                    and (found is None or lead < found[0]):
                found, stray = (lead, pending[0]), False
            elif found is not None and lead < found[0] and not closing:
                stray = True
            pending = None
            depth += step
            if at > first and closing:  # (the first line may be cut in its indentation;
                # a member's line that lost its indentation, blank lines typed inside it,
                # says no level: the closing lines do)
                indent = lead if indent is None else min(indent, lead)
            if depth < 0 and (lead == indent or at <= first) and closing:  # (the first
                # line whole a closing line, or the least indented yet)
                pending = (end + 1, lead)
            elif at > first and _COMPACT_RECORD.fullmatch(line.rstrip(b" \t\r")):
                break  # (a record whole on its line, as no pretty-printed line is: JSON
                # Lines after the remains, each answered once read, not held to the limit)
        if end == -1:
            break
        at = end + 1
    if found is not None and found[0] == own:
        return first  # (the first record whole, an array's "[" lost: a record damaged
        # further on, a block of its lines lost, is no end of the first)
    return found[1] if found is not None and not stray else None


def _all_read(head: bytearray, first: int, pieces: Iterator[bytes]) -> bool:
    """Whether ``pieces`` end within the record limit from ``first``, read into ``head``."""
    while len(head) <= first + MAX_RECORD_BYTES + PIECE:
        piece = next(pieces, None)
        if piece is None:
            return True
        head += piece
    return False


def _brace_moved(head: bytearray, first: int, pieces: Iterator[bytes]) -> bool:
    """Whether the line at ``first`` in ``head`` is an object's brace alone whose closing
    line is indented otherwise than it: pretty-printed JSON cut just before an inner
    object's brace (``tail -c``), the brace's own indentation lost with the lines before
    it, its record's tail ahead. The first record is followed to its end (strings
    followed; it is read whole before it is answered anyway), pieces read into ``head``
    within the record limit; one never closed there is no such brace."""
    at = head.rfind(b"\n", 0, first) + 1
    end = head.find(b"\n", first)
    if end == -1 or not _OPENING_LINE.fullmatch(head, first, end):
        return False
    brace = first - at
    depth, quoted = 0, False
    while at <= first + MAX_RECORD_BYTES:
        end, line = _line_ahead(head, at, first, pieces)
        depth, quoted = follow(line, depth, quoted)
        if depth <= 0 and not quoted:
            return len(line) - len(line.lstrip(b" \t")) != brace
        if end == -1:
            return False
        at = end + 1
    return False


def _cut_in_first(pieces: Iterator[bytes], source: str, lined: bool,
                  other: OtherFormat) -> tuple[Iterator[Sourced] | None, Iterator[bytes]]:
    """The records of a compact array on one line cut inside its first record (see
    :mod:`callrules._record_cut`): what is left of that record one problem, each record
    after it read as the array's (``[1]``, ``[2]``, …; ``lined``, after their line:
    ``:1[1]``), from a file of any name as from standard input; else None, and the pieces
    again (the first line read, within the record limit)."""
    head, first = _head(pieces, lambda head, start, first: head.find(
        b"\n", max(first, start)) != -1)  # (the first line whole)
    if first is None:
        return None, _given_back(head, pieces)
    end = head.find(b"\n", first)
    at = first_whole(head, first, end if end != -1 else len(head))
    line = head.count(b"\n", 0, first) + 1
    if at is None and not _closers_after_whole(bytes(head[first:end if end != -1 else len(
            head)])) and last_tail(head, first, end if end != -1 else len(head)) \
            and _blank_after(head, end, pieces):  # (the last record's tail alone: its inner
        # objects none of the records)
        return iter([problem(f"{source}:{line}" if lined else f"{source}[0]", "json_invalid",
                             "not valid JSON: the end of a record whose start is lost")]), iter(())
    if at is None:
        return None, _given_back(head, pieces)

    def found() -> Iterator[Sourced]:
        yield problem(f"{source}:{line}[0]" if lined else f"{source}[0]", "json_invalid",
                      "not valid JSON: the end of a record whose start is lost")
        values = Values(chain([b"[" + bytes(head[at:])], pieces), source, lined, other,
                        first_line=head.count(b"\n", 0, at) + 1)
        values.index = 1
        yield from values

    return found(), iter(())


def _closers_after_whole(line: bytes) -> bool:
    """Whether ``line`` is a whole array followed by nothing but closing brackets (``]]}``,
    an edit's leftovers): no record's tail whose start is lost, though it closes more
    than it opens."""
    text = line.decode("utf-8", "surrogateescape").strip()
    if not text.startswith("[") or not text.endswith(("]", "}")):
        return False
    try:
        _, end = STRICT.raw_decode(text)
    except (ValueError, RecursionError):
        return False
    return not text[end:].strip(" \t\r]}")


def _blank_after(head: bytearray, end: int, pieces: Iterator[bytes]) -> bool:
    """Whether nothing but blanks follows the line ending at ``end`` (pieces read into
    ``head`` until a byte that is not one, or their end)."""
    blank = end == -1 or not head[end:].strip()
    while blank and (piece := next(pieces, None)) is not None:
        head += piece
        blank = not piece.strip()
    return blank


def _array_alone(head: bytearray, first: int) -> int | None:
    """Where the next non-blank line starts in ``head`` after the ``[`` alone on the line at
    ``first``, when it is indented and starts as no element does (a key, a closing
    bracket: a pretty-printed array whose first lines after its ``[`` were lost); else
    None."""
    end = head.find(b"\n", first)
    if end == -1 or head[first:end].strip(b" \t\r") != b"[":
        return None
    found = _NON_BLANK.search(head, end)
    if found is None or head[found.start() - 1] not in b" \t" or head[found.start()] not in (
            b'"}]'):
        return None
    return found.start()


def _on_its_line(item: Sourced) -> bool:
    """Whether ``item`` is a record's text whole on one line (a line of JSON Lines)."""
    return isinstance(item.data, str) and "\n" not in item.data.strip()


class _Kept:
    """Pieces of bytes, the text they hold kept while it is short enough to be one
    application (``LONE_BYTES``), and whether they all were read."""

    def __init__(self, pieces: Iterator[bytes]) -> None:
        self.pieces = pieces
        self.ended = False
        self.text: bytearray | None = bytearray()

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        try:
            piece = next(self.pieces)
        except StopIteration:
            self.ended = True
            raise
        if self.text is not None and not self.ended:
            self.text += piece
            if len(self.text) > LONE_BYTES:
                self.text = None
        return piece


def _json_records(pieces: Iterator[bytes], source: str, lined: bool = False,
                  other: OtherFormat | None = None) -> Iterator[Sourced]:
    """The records of JSON text; a stray first line before them (a title, a comment, a CSV
    header: a line with no bracket, so no record nor part of one in it (a record that lost
    its opening brace keeps its closing one), and a line starting with ``{`` or
    ``[`` next, at its first column or indented: a code block pasted under a title; up to
    :data:`_HEAD_LOOKED` such lines) is one problem each, labelled by its line
    (``batch.json:1``)
    however many commas it holds, and the records are labelled as written (``[0]``, the
    first element of the array or the first object; ``lined``, after the line each starts
    on: ``:3[0]``, ``:1``)."""
    head, first = _head(pieces, lambda head, start, first: _BRACKET_OR_END.search(
        head, max(first, start)) is not None)  # the first line whole, or holding a bracket
    lost, opened = first, b""
    if first is not None and (after := _array_alone(head, first)) is not None:
        lost, opened = after, b"["  # (an array's "[" kept, the lines after it lost)
    tail = None
    if lost is not None and ((lost > 0 and head[lost - 1] in b" \t") or head[
            lost] not in b"{["):
        tail = _lost_head(head, lost, pieces)
    elif lost is not None and _brace_moved(head, lost, pieces):  # (a record's inner
        tail = _lost_head(head, lost, pieces, whole=False)  # object cut at its brace)
    else:
        lost = None
    if lost is not None and tail is None and not opened and _all_read(head, lost, pieces) \
            and pretty_last_tail(head[lost - len(head[:lost]) + len(head[:lost].rstrip(
                b" \t")):]):  # (what is left of the last record alone, its indentation
        # with it: its inner objects none of the records)
        number = head.count(b"\n", 0, lost) + 1
        yield problem(f"{source}:{number}" if lined else f"{source}[0]", "json_invalid",
                      "not valid JSON: the end of a record whose start is lost")
        return
    if tail is not None and tail == lost:
        # (records whole from the first line, indented: an array that lost its "[" line)
        yield from Values(chain([bytes(head[:lost]) + b"[" + bytes(head[lost:])], pieces),
                          source, lined, other)
        return
    if tail is not None:  # (pretty-printed JSON that lost its first lines: their tail one
        # problem)
        number = head.count(b"\n", 0, tail) + 1
        start = head.count(b"\n", 0, lost) + 1
        yield problem(f"{source}:{start}" if lined else f"{source}[0]", "json_invalid",
                      "not valid JSON: the end of a record whose start is lost")
        brace = _NON_BLANK.search(head, tail)
        if not opened and brace is not None and brace.start() > head.rfind(
                b"\n", 0, brace.start()) + 1:  # (records indented: an array's elements,
            opened, number = b"[\n", number - 1  # read as such, a later one damaged as in
            # the array whole, not its inner objects taken for records; on a line of its
            # own, the records' indentation as written)
        values = Values(chain([opened + bytes(head[tail:])], pieces), source, lined, other,
                        first_line=number)
        values.index, values.after_lost_head = 1, True
        yield from values
        return
    end = head.find(b"\n", first) if first is not None else -1
    line = bytes(head[first:end]) if first is not None and end != -1 else b""
    line = _unmarked(line)
    stray = bool(line.strip(b" \t\r")) and not _BRACKET.search(line)
    strays = [(first, end)] if first is not None else []  # the stray lines (a title, then
    while stray and strays:  # an indented fence: a code block in a list item): their ends
        found_next = _next_line(head, strays[-1][0], pieces, whole=False)
        if found_next is None or head[found_next[0]] in b"{[":
            stray = found_next is not None
            break
        found_next = _next_line(head, strays[-1][0], pieces, whole=True)
        if found_next is None or len(strays) == _HEAD_LOOKED:
            stray = False
            break
        line = _unmarked(bytes(head[found_next[0]:found_next[1]]))
        stray = not _BRACKET.search(line) and not blank_line(line)
        strays.append(found_next)
    if not stray or first is None:
        yield from Values(chain([bytes(head)], pieces), source, lined, other)
        return
    kept, at = bytearray(), 0
    for start, stop in strays:
        number = head.count(b"\n", 0, start) + 1
        yield problem(f"{source}:{number}", "json_invalid", "not valid JSON: a line before "
                      "the records, not one of them")
        kept += head[at:start]
        at = stop
    yield from Values(chain([bytes(kept + head[at:])], pieces), source, lined, other)


def _trimmed(line: bytes) -> bytes:
    """``line`` stripped, the invisible characters and padding it ends with too (a no-break
    space pasted after a record: :data:`_PADDED_END`), and those before a bracket or a brace
    it starts with (:data:`_PADDED_START`: ``printf '\\0%s\\0\\n'``), as the records are
    read: before, a record a line so padded on both sides, a line of NULs under it, was
    taken for a CSV header, its record lost."""
    line = line.strip().rstrip(_END_BYTES)
    if front := _PADDED_START.match(line):
        line = line[front.end():]
    end = len(line)  # (where the line ends, moved back: never copied byte by byte, so a line
    while (other := _OTHER_END.search(line, max(0, end - 4), end)) is not None:  # of NULs
        end = other.start()  # or no-break spaces costs its length, not its square)
        while end and line[end - 1] in _END_BYTES:
            end -= 1
    return line[:end]


#: What a line ends with that is no text: blanks, and the controls that are padding
#: (:data:`_CONTROL_PADS`: NUL, SOH, Ctrl-D, Ctrl-Z, DEL…; before, NUL, Ctrl-D, Ctrl-Z and DEL
#: alone: a record a line padded with SOH on both sides was taken for a CSV header).
_END_BYTES = (b" \t\n\r\x0b\x0c\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13"
              b"\x14\x15\x16\x17\x18\x19\x1a\x7f")


def _unmarked(line: bytes) -> bytes:
    """``line`` without the byte-order marks before it (one each time files were joined)."""
    while line.startswith(BOM):
        line = line[len(BOM):]
    return line


def _fronted_over_lines(line: bytes) -> bool:
    """Whether ``line`` (stripped) starts a list of records, a character or two typed before
    it (:func:`_unfronted`), that goes on past it: JSON, read as a whole file is."""
    bare = _unfronted(line)
    return len(bare) < len(line) and not is_json(bare)


def _unfronted(line: bytes) -> bytes:
    """``line`` (stripped) from the list of records it starts, a character or two typed
    before it (``x[{…},``, a no-break space: :func:`fronted`): its format is the list's
    (the character one problem when read, the records each)."""
    text = line.decode("utf-8", "surrogateescape")
    start = fronted(text)
    return text[start:].encode("utf-8", "surrogateescape") if start else line


def _head(pieces: Iterator[bytes], enough: Callable[[bytearray, int, int], bool]
          ) -> tuple[bytearray, int | None]:
    """The first pieces of ``pieces``, read until ``enough(head, start, first)`` (``start``:
    where the last piece begins, ``first``: the first byte that is no blank) or past the
    record limit; and ``first`` (None: only blanks read)."""
    head = bytearray()
    first = None
    for piece in pieces:
        start = len(head)
        head += piece
        if first is None and (found := _NON_BLANK.search(head, start)):
            first = found.start()
        if (first is not None and enough(head, start, first)) or len(head) > MAX_RECORD_BYTES:
            break
    return head, first


def _given_back(head: bytes | bytearray, pieces: Iterator[bytes]) -> Iterator[bytes]:
    """The source again, whole: ``head`` as it is now (every piece a check read into it)
    then the pieces not yet read. Built where it is given back, never held before a check
    that may read on (such a copy would lose what the check reads), and ``head`` copied
    once, however many checks run."""
    return chain([bytes(head)], pieces)


#: How JSON said to be JSON Lines is read when it is not one record a line (an array, an
#: envelope, objects pretty-printed): as JSON, each record labelled with its line.
_LINED = "lined"


def _as_lines(pieces: Iterator[bytes], worker: bool = False) -> tuple[str, Iterator[bytes]]:
    """How text said to be JSON Lines is read, by its first non-blank line alone (a worker
    waits for no second line): line by line, unless that line is JSON of another layout
    (not one JSON value, and ``[`` first: an array over several lines; ``{`` or ``[`` last:
    pretty-printed objects, an envelope; indented and neither first: a pretty-printed
    object's inner line, its opening line lost), read then as JSON is when its format is
    found, with the same recovery from damage, its records labelled with the lines they
    start on (``<stdin>:3``, ``<stdin>:2[1]``); a record separator first, an RFC 7464
    sequence. An array whole on the line is a line of JSON Lines; the pieces read to decide
    are at most the record limit and a piece. A first line starting a record left open is
    judged with the next (:func:`_wrapped`: JSON Lines wrapped at a width, read as JSON).
    A ``worker`` (:data:`_WORKER`) reads no line after that first line: line by line,
    whatever it starts (``{`` or ``[`` alone, a pretty-printed document's first line or a
    damaged one: one problem, no line after it read as part of a document), unless it
    starts with a record separator (an RFC 7464 sequence, each record ended by the next)."""
    if worker:
        held = _first_line(pieces)
        kind, rest = _as_lines(iter(held))  # (judged as if it were the input's last line)
        return (kind if kind == _SEQUENCE else "jsonl"), chain(rest, pieces)
    head, first = _head(pieces, lambda head, start, first: head.find(b"\n", first) != -1)
    if first is None:
        return "jsonl", _given_back(head, pieces)
    written = bytes(head[head.rfind(b"\n", 0, first) + 1:].split(b"\n", 1)[0])
    while blank_line(written) and (after := _next_line(head, first, pieces, whole=True)):
        first = after[0]  # (a form feed, a no-break space alone: no record; the next decides)
        written = bytes(head[first:].split(b"\n", 1)[0])
    line = _trimmed(written)
    while line.startswith(BOM):
        line = line[len(BOM):].lstrip()
    if _fronted_over_lines(line):  # a byte typed before a list of records written over lines
        return _LINED, _given_back(head, pieces)
    line = _unfronted(line)
    if line.startswith(RS):
        return _SEQUENCE, _given_back(head, pieces)
    if _brace_before_list(line):  # (a stray ``{`` before a list on its line: as
        return "jsonl", _given_back(head, pieces)  # :func:`_detect` reads it, whatever
        # the next line holds)
    if (remains := _remains_above_lines(head, first, line, pieces)) is not None:
        return "jsonl", chain([remains], pieces)  # (the tail of pretty JSON, then records
        # one a line: the tail one problem, each record answered once read)
    if _head_remains(head, first, line, pieces):  # pretty JSON that lost its first lines or
        return _LINED, _given_back(head, pieces)  # bytes: JSON, as a ``.jsonl`` file
    if _list_over_limit(head, first, line):  # (F5)
        return _LINED, _given_back(head, pieces)
    if is_json(line):  # a record, or an array of them, on its line; an empty one, alone
        empty = _EMPTY_ARRAY.fullmatch(line) and head.find(b"\n", first) != -1
        return (_FIRST_ALONE if empty else "jsonl"), _given_back(head, pieces)
    if _damaged_array_line(line) or (line.startswith(b"[") and tagged(
            line.decode("utf-8", "replace"))):  # a compact array's line damaged, a log's
        return "jsonl", _given_back(head, pieces)  # ``[INFO]`` before a record: one
        # damaged line
    if _record_after_text(line):  # a number or a prefix before a record (``cat -n``'s
        return "jsonl", _given_back(head, pieces)  # ``     1<TAB>{…}``): one damaged
        # line, as a file reads it
    if _array_line_cut_at_comma(head, first, line, pieces):  # (pieces read into ``head``)
        return "jsonl", _given_back(head, pieces)
    if line.startswith(b"{") and _typed_in(head, first, pieces):  # line breaks typed into
        return "jsonl", _given_back(head, pieces)  # the first record: line by line
    indented = written[:1] in (b" ", b"\t") and line[:1] not in (b"{", b"[") and not (
        _members_on(line))  # (members side by side: a compact record cut at a blank)
    opens = line.startswith(b"[") or line.endswith((b"{", b"["))
    if opens and _record_cut_open(head, first, line, pieces):  # (a compact record cut after
        return "jsonl", _given_back(head, pieces)  # a bracket: no pretty JSON's first line)
    if (opens or indented) and not (indented and line.endswith(b"[")):  # (the key of an
        return _LINED, _given_back(head, pieces)  # envelope's list, its ``{`` line lost:
        # the lines its records)
    if head.find(b"\n", first) != -1 and _wrapped(head, first, pieces):
        return _LINED, _given_back(head, pieces)  # (pieces read into ``head``)
    if _cut_before_record(head, first, line, pieces):  # a record's start, left open, then
        return "jsonl", _given_back(head, pieces)  # a line starting as a record does:
        # each line one result, as a file reads it (not the rest read as JSON after it)
    if head.find(b"\n", first) == -1 or (line.startswith(b"{") and line.endswith(b",")
                                         and line.count(b"{") > line.count(b"}")
                                         and b'"' in line):
        return "jsonl", _given_back(head, pieces)  # one line, or a pretty record's
    return _FIRST_ALONE, _given_back(head, pieces)  # first (``{"id": "R2",``; ``{,``
    # holds no key: a document's ``{`` damaged)


def _first_line(pieces: Iterator[bytes]) -> list[bytes]:
    """The pieces read from ``pieces`` up to the end of the first line that is not blank
    (:func:`blank_line`: the blank lines before it too), or past the record limit; none
    read after it."""
    held: list[bytes] = []
    line, size = b"", 0
    for piece in pieces:
        held.append(piece)
        size += len(piece)
        line += piece
        while (end := line.find(b"\n")) != -1:
            if not blank_line(line[:end + 1]):
                return held
            line = line[end + 1:]
        if size > MAX_RECORD_BYTES:
            break
    return held


#: Said to be JSON Lines and read as it arrives (standard input from a pipe: a worker,
#: ``callrules check CALL - --input-format jsonl --format jsonl``), each line is a record
#: as soon as its line end arrives, answered before the next line is read, and every line
#: holding anything gives one result at least (several only when it holds several values,
#: an array whole on it: as a file gives them): the lines are never joined by what the next
#: ones show (JSON of another layout, an array or a record pretty-printed over lines, JSON
#: cut or wrapped at a width, a line break typed into a record, CSV after JSON Lines: each
#: line its own result, as a damaged line is). Only a mail reply's first line may wait for
#: one more (:func:`~callrules._replies.unquoted`), and a record separator first reads an
#: RFC 7464 sequence (:func:`_as_lines`). A file, or a text given whole (the service's
#: body), is read with the lines after in view, as without it.
_WORKER = "worker"


#: A string (its quotes and escapes), a bracket or a comma.
_MEMBER_MARKS = re.compile(rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"|[{}\[\],]')


def _members_on(line: bytes) -> bool:
    """Whether ``line`` goes on after a comma outside any bracket it opens (``"v1",
    "amount": {…``): the remains of a compact record cut at a blank, never a pretty-printed
    value's inner line (one member or element a line, a comma last)."""
    depth = 0
    for mark in _MEMBER_MARKS.finditer(line):
        token = mark.group()
        if token in (b"{", b"["):
            depth += 1
        elif token in (b"}", b"]"):
            depth -= 1
        elif token == b"," and depth == 0 and line[mark.end():].strip(b" \t\r"):
            return True
    return False


def _remains_above_lines(head: bytearray, first: int, line: bytes, pieces: Iterator[bytes]
                         ) -> bytes | None:
    """``head`` with its first lines (from ``first``, ``line`` stripped) joined into one,
    their line ends after it, when they are the tail of pretty-printed JSON that lost its
    head (no record's start first; a closing line last, at most :data:`_TAIL_LINES`) and a
    compact record whole on its line follows them: JSON Lines after the remains, told so,
    read line by line (each record answered once read, none held for the remains' sake;
    the remains one problem, as read as JSON); None if not (pieces read into ``head``)."""
    if line[:1] in (b"{", b"[") or head.find(b"\n", first) == -1:
        return None
    at, before = first, line
    for _ in range(_TAIL_LINES):
        found = _next_line(head, at, pieces, whole=True)
        if found is None:
            return None
        written = bytes(head[found[0]:found[1]]).rstrip(b" \t\r")
        if written[:1] == b"{" and _COMPACT_RECORD.fullmatch(written) and is_json(written):
            if not _CLOSING_LINE.fullmatch(before):
                return None
            start = head.rfind(b"\n", 0, first) + 1
            stop = head.rfind(b"\n", 0, found[0]) + 1
            tail = bytes(head[start:stop])
            joined = b"".join(part.rstrip(b"\r") for part in tail.split(b"\n"))
            return bytes(head[:start]) + joined + b"\n" * tail.count(b"\n") + bytes(
                head[stop:])
        at, before = found[0], written
    return None


#: How many lines of a pretty-printed tail are looked past for records one a line below it.
_TAIL_LINES = 64


def _head_remains(head: bytearray, first: int, line: bytes, pieces: Iterator[bytes]
                  ) -> bool:
    """Whether ``line`` (at ``first`` in ``head``, stripped) is what is left of the head of
    pretty-printed JSON that lost its first lines or bytes (a terminal's scrollback,
    ``tail -c``): a fragment that cannot be a JSON Lines record (neither ``{`` nor ``[``
    first: a member, a string, a closing line, the end of a cut one) followed by an indented
    line of pretty-printed JSON inside a record (a member, a closing line, an element; a
    brace alone below a key or a value's end and its comma, a list's key below such an end).
    Only such a first line, no record, waits for the next line (pieces read into ``head``,
    within the record limit); a record is answered before the next line is read."""
    if line[:1] in (b"{", b"[") or head.find(b"\n", first) == -1:
        return False
    below = _next_line(head, first, pieces, whole=True)
    if below is None or head[below[0] - 1] not in b" \t":
        return False
    written = _line_from(head, below[0]).rstrip(b"\r")
    ended = len(line) > 1 and line.endswith(b",")  # (a value's end, its comma after it)
    return _pretty_line(written) and (ended or not ((_OPENING_LINE.fullmatch(written) and (
        not _MEMBER.match(line))) or _LIST_KEY.fullmatch(written.strip())))  # (a brace
    # alone below a line neither a key nor a value's end: a record's start, read after that
    # line given alone, as a damaged ``[`` is; an envelope's list key below a damaged
    # ``{``: the key one problem with it, its records each read)


def _wrapped(head: bytearray, first: int, pieces: Iterator[bytes]) -> bool:
    """Whether the line at ``first`` in ``head`` is a compact record's start, left open,
    and the next non-blank line its continuation, at its first column and starting as no
    record nor pretty-printed line does (not a bracket, not indented), as long as it or
    closing what it left open, or the line ends with a blank: JSON Lines wrapped at a
    width (a mail client's, quoted-printable; at blanks, format=flowed), read as JSON, each
    record one result
    however many lines it was wrapped over (as standard input reads it); pieces read into
    ``head`` to see that line, within the record limit (only after a line left open: a
    whole record is answered before the next line is written)."""
    end = head.find(b"\n", first)
    line = bytes(head[first:end if end != -1 else len(head)]).strip()
    line = _unmarked(line)
    if not line.startswith(b"{") or _opened(line) <= 0 or is_json(line):
        return False
    found = _next_line(head, first, pieces, whole=True)
    if found is None:
        return False
    start = head.rfind(b"\n", 0, found[0]) + 1
    if head[start] in b"{[\x1e":  # (a record's start)
        return False
    following = bytes(head[start:found[1] if found[1] != -1 else len(head)]).rstrip(b"\r")
    width = len(bytes(head[first:end if end != -1 else len(head)]).rstrip(b"\r"))
    if start != found[0] and width < _WIDTH:  # cut before a blank: a long line, not a
        return False  # pretty-printed record's first
    written = bytes(head[first:end if end != -1 else len(head)]).rstrip(b"\r")
    if start == found[0] and width >= _WIDTH and head[start] not in b"}]" and \
            written.endswith(b" "):  # (wrapped at blanks, a mail's format=flowed: a soft
        return wrapped_at(written, following)  # break after a space, if the widths are
        # a wrap's; else a line break typed over a character after a blank: one problem)
    if start == found[0] and width >= _WIDTH and head[start] not in b"}]" and len(
            following) <= width + len(following.split(b" ", 1)[0]) + 1:
        return True  # wrapped at blanks, the blank dropped (a mail client's hard wrap,
        # ``fmt``): the next line no wider than the first and the word that did not fit
    return (width == len(following) and head[start] not in b"}]") or (  # cut at one width,
        _opened(line) + _opened(following) <= 0  # or its last piece (a closing bracket too)
        and following.rstrip().endswith((b"}", b"]")))


def _cut_before_record(head: bytearray, first: int, line: bytes, pieces: Iterator[bytes]
                       ) -> bool:
    """Whether ``line`` (at ``first`` in ``head``) starts a record left open and the next
    non-blank line starts at its first column as a record does (``{``, ``[``): no record
    wrapped (:func:`_wrapped`), nor pretty-printed: lines of JSON Lines, each damaged one a
    result of its own (a record wrapped at blanks before a ``{``, mail's format=flowed)."""
    if not line.startswith(b"{") or _opened(line) <= 0 or head.find(b"\n", first) == -1:
        return False
    found = _next_line(head, first, pieces, whole=True)
    return found is not None and head[found[0]] in b"{[" and (
        head.rfind(b"\n", 0, found[0]) + 1 == found[0])


def _record_cut_open(head: bytearray, first: int, line: bytes, pieces: Iterator[bytes]
                     ) -> bool:
    """Whether ``line`` (at ``first`` in ``head``, stripped) is a compact record cut after
    a bracket it opens (``{"id": "A-1", "host": {``): members side by side after its brace
    (:func:`_members_on`), which no pretty-printed value's first line holds, and after it
    no line at all, or a line starting at its first column as a record does (the next
    record): a line of JSON Lines, one problem, the records after it each read (read as
    JSON, the next record was taken into it). Pieces read into ``head`` to see that line,
    within the record limit (only after a line left open)."""
    if not line.startswith(b"{") or not _members_on(line[1:]):
        return False
    found = _next_line(head, first, pieces, whole=True)
    if found is None:  # (the input's end; past the record limit, no line seen: not known)
        return len(head) <= MAX_RECORD_BYTES
    if not (head[found[0]] in b"{[" and head.rfind(b"\n", 0, found[0]) + 1 == found[0]):
        return False
    return not _whole_from(head, head.find(b"{", first), pieces)


def _opens_whole(head: bytearray, first: int, pieces: Iterator[bytes]
                 ) -> tuple[bool, Iterator[bytes]]:
    """Whether the line at ``first`` in ``head`` starts a record (``{``, a byte order mark
    before it at most) that it leaves open and that closes on a later line as JSON
    (:func:`_whole_from`): one value written over lines, its items at their first column
    (``{"id": "A", "visitors": [`` then ``{"id": "v1"},``…), read as JSON whatever the way
    in, never its items taken for records (as the service reads it: :func:`_record_cut_open`);
    and the pieces to read on from. Pieces are read into ``head`` only while it stays within
    the record limit; when the value is not whole by then, ``head`` is left as it was and
    the pieces read are handed back as they came (the next decisions see the head they would
    have seen: a line left open above records is no record grown past the limit)."""
    end = head.find(b"\n", first)
    line = _unmarked(_trimmed(bytes(head[first:end if end != -1 else len(head)])))
    if not (line.startswith(b"{") and _opened(line) > 0):
        return False, pieces
    size = len(head)
    read: list[bytes] = []
    if _whole_from(head, head.find(b"{", first), _within(pieces, read, MAX_RECORD_BYTES - size)):
        return True, pieces
    del head[size:]
    return False, chain(read, pieces)


def _within(pieces: Iterator[bytes], read: list[bytes], room: int) -> Iterator[bytes]:
    """``pieces`` while they fit in ``room`` bytes, each kept in ``read`` (the one that did
    not fit too: nothing taken from ``pieces`` is lost)."""
    for piece in pieces:
        read.append(piece)
        room -= len(piece)
        if room < 0:
            return
        yield piece


def _whole_from(head: bytearray, start: int, pieces: Iterator[bytes]) -> bool:
    """Whether the value opened at ``start`` in ``head`` closes within the record limit and
    reads as JSON: a record written over lines, its items at their first column (``{"id":
    "A", "visitors": [`` then ``{"id": "v1"}``…), one value, never a record cut before the
    next. Its strings and brackets followed as pieces are read into ``head`` (:class:`Scan`:
    each byte looked at once), then decoded once."""
    scan = Scan(start)
    while (end := scan.end(head)) is None and len(head) <= MAX_RECORD_BYTES:
        if (piece := next(pieces, None)) is None:
            return False
        head += piece
    return end is not None and is_json(bytes(head[start:end]))


#: The least width a line wrapped before a blank is taken to be cut at.
_WIDTH = 40


#: How text said to be JSON Lines whose first line is damaged is read: that line alone, at
#: once, then the rest as its next line shows (see :func:`_first_alone`).
_FIRST_ALONE = "first alone"


def _first_alone(pieces: Iterator[bytes], source: str, above: int = 1, body: bool = False
                 ) -> Iterator[Sourced]:
    """The records of text said to be JSON Lines whose first line is damaged (no JSON value,
    nor the start of JSON of another layout): that line's, given before the next line is
    read (a worker waits for no second line), then the rest's, read as its first line shows
    (:func:`_as_lines`), labelled by their lines in the whole: after a pretty-printed
    document's first line damaged (``x`` for ``[`` or ``{``), its records are read as JSON,
    not one result a line; a next line damaged too (``above``: up to :data:`_TITLE_LINES`
    lines of text above JSON, or ``jq --seq`` output) is given alone in the same way."""
    head = bytearray()
    end = -1
    for piece in pieces:
        head += piece
        if (start := _NON_BLANK.search(head)) and (end := head.find(b"\n", start.start())) != -1:
            break
    if end == -1:
        yield from jsonl(lines(lined([bytes(head)])), source, body=body)
        return
    yield from jsonl(lines(lined([bytes(head[:end + 1])])), source, body=body)
    body = body or in_body(bytes(head[:end + 1]))  # (a compact array's body, its "[" lost)
    after = _next_line(head, end, pieces, whole=True)
    if after is not None and after[1] != -1 and head[after[0] - 1] in b" \t" \
            and _LIST_KEY.fullmatch(bytes(head[after[0]:after[1]]).rstrip()):
        end = after[1]  # an envelope's list key after its damaged start: of that damage
    elif after is not None and after[1] != -1 and start is not None and rest_of(
            bytes(head[start.start():head.find(b"\n", start.start()) + 1]),
            bytes(head[after[0]:after[1] + 1])):  # (a line break typed into the record: its
        end = after[1]  # rest no record of its own, the damaged record one problem)
    kind, rest = _as_lines(chain(
        [b"\n" * head.count(b"\n", 0, end + 1) + bytes(head[end + 1:])], pieces))
    if kind == _LINED:
        yield from _json(rest, source, lined=True)
        return
    if kind == _FIRST_ALONE and above < _TITLE_LINES:  # (lines of text above JSON: each
        yield from _first_alone(rest, source, above + 1, body)  # one problem, the JSON
        return  # read as is)
    found = lines(lined(_json_lines_ended(rest)))
    yield from sequence(found, source) if kind == _SEQUENCE else jsonl(found, source,
                                                                          body=body)


#: An indented line opening an envelope's list (``  "applications": [``).
_LIST_KEY = re.compile(rb'"[^"\\]*":[ \t]*\[')


#: How JSON text in an RFC 7464 sequence (a record separator before each record) is read.
_SEQUENCE = "sequence"
#: Bytes no JSON text ends with, left after the last record as padding: NUL (a file
#: preallocated, or written at a crash), Ctrl-Z (DOS's end of file), EOT (a terminal's end
#: of input), DEL, a form feed or a vertical tab (a printer's page end), a record
#: separator (RFC 7464's, with no record after it), a shell's ``%``; with the blanks
#: between them.
_PADDING = b"\x00\x1a\x04\x7f\x0c\x0b\x1e% \t\r\n"
_BLANKS = b" \t\r\n"


def _sequence_or(kind: str, pieces: Iterator[bytes]) -> tuple[str, Iterator[bytes]]:
    """``kind``, or an RFC 7464 sequence if the first byte that is not blank is a record
    separator (pieces read to it, within the record limit)."""
    head = bytearray()
    for piece in pieces:
        head += piece
        if head.lstrip(_BLANKS).removeprefix(BOM) or len(head) > MAX_RECORD_BYTES:
            break
    starts = head.lstrip(_BLANKS).removeprefix(BOM).startswith(RS)
    return (_SEQUENCE if starts else kind), _given_back(head, pieces)


#: A record separator before a record (RFC 7464), and the blanks between them.
_SEPARATED = re.compile(rb"\x1e[ \t\r\n]*[{\[]")
#: The rest of a JSON string from inside it, ended at a line end (no string holds one: a
#: damaged line's string ends there; see callrules._json_scan).
_IN_STRING = re.compile(LINE_ENDED_REST)
#: What tells where a separator is in JSON text: a string, a bracket, a separator.
_TOKEN = re.compile(rb'"' + LINE_ENDED_REST + rb'|[{}\[\]\x1e]')


#: How many bytes of pieces given are followed at once (the state of the JSON they end in).
_FOLLOWED = 1 << 16


#: What no line of text above JSON holds (:meth:`_BeforeSequence._titles`).
_NOT_TITLE = re.compile(rb'[{}\[\]"\x1e]')


def _gap(data: bytes) -> bool:
    """Whether ``data`` holds only blanks and byte-order marks (files joined)."""
    return not data.replace(BOM, b"").strip(_BLANKS)


class _BeforeSequence(Iterator[bytes]):
    """The pieces of a source of JSON (its first byte that is not blank a ``{`` or ``[``,
    or that of the line after a few lines of text: :meth:`_titles`) up
    to the first record separator before a record outside every value (after a top-level
    value closed, or at a line's start; never inside a string, an array or an object: a
    stray one there is the damage of that value alone) (``jq --seq`` output appended after
    JSON of another layout: ``>>``, ``cat``): the pieces from there are :attr:`rest` (None:
    no such separator), read as an RFC 7464 sequence, every record of it one result;
    :attr:`lines`: the line ends before it."""

    def __init__(self, pieces: Iterator[bytes]) -> None:
        self.pieces = pieces
        self.rest: Iterator[bytes] | None = None
        self.lines = 0
        self.json: bool | None = None  # whether the source starts as JSON (None: not seen)
        self.above, self.titled = 0, False  # lines of text above it; inside one
        self.held = b""  # a separator and blanks at a piece's end: what follows tells
        self.depth = 0  # the brackets open before the pieces given (strings aside)
        self.in_string = False  # whether those end inside a string (``escaped``: after a
        self.escaped = False  # backslash in it)
        self.line_start = True  # whether they end with a line end, then blanks or nothing
        self.closed = False  # whether they end with a top-level value closed, then blanks
        self.pending: list[bytes] = []  # pieces given not yet followed (joined: C speed)
        self.pending_size = 0

    def __next__(self) -> bytes:
        while self.rest is None:
            piece = next(self.pieces, None)
            if piece is None:
                if not self.held:
                    raise StopIteration
                piece, self.held = self.held, b""
                return self._given(piece)
            data, self.held = self.held + piece, b""
            if self.json is None:
                at = self._titles(data)
                self.json = None if at == len(data) else at is not None
                if at == len(data) or not self.json:
                    return self._given(data)
                if at:  # (lines of text above the JSON, as a title: given as they are)
                    self.pieces = chain([data[at:]], self.pieces)
                    return self._given(data[:at])
            if not self.json:
                return self._given(data)
            if RS not in data:
                self.pending.append(data)
                self.pending_size += len(data)
                if self.pending_size > _FOLLOWED:
                    self._skimmed(b"".join(self.pending))
                    self.pending, self.pending_size = [], 0
                return self._given(data)
            if self.pending:
                self._skimmed(b"".join(self.pending))
                self.pending, self.pending_size = [], 0
            at = self._separator(data)
            if at is None:
                return self._given(data)
            if _SEPARATED.match(data, at):
                self.rest = chain([data[at:]], self.pieces)
                if at:
                    return self._given(data[:at])
                break
            data, self.held = data[:at], data[at:]  # a separator, blanks: what follows tells
            if data:
                return self._given(data)
        raise StopIteration

    def _titles(self, data: bytes) -> int | None:
        """How much of ``data``, at the source's start, is blank or lines of text above JSON
        (up to :data:`_TITLE_LINES`, holding no bracket, brace, quote or separator: a
        title); None: the source does not start as JSON (a line of other text, or too
        many)."""
        at = 0
        while True:
            if not self.titled:  # (not inside a title line)
                start = len(data) - len(data[at:].lstrip(_BLANKS))
                if start == len(data) or data[start:start + 1] in (b"{", b"["):
                    return start
                if self.above == _TITLE_LINES:
                    return None
                self.above, self.titled, at = self.above + 1, True, start
            end = data.find(b"\n", at)
            if _NOT_TITLE.search(data, at, end if end != -1 else len(data)):
                return None
            if end == -1:
                return len(data)
            self.titled, at = False, end + 1

    def _skimmed(self, data: bytes) -> None:
        """The state after ``data``, which holds no separator (strings set aside, brackets
        counted at C speed)."""
        at = self._out_of_string(data)
        if at is None:
            self.closed = False
            return None
        depth, quoted = follow(data[at:] if at and b'"' in data else data, self.depth,
                               lines=True)  # (a string ended by a line end: see the module)
        if quoted:  # a string open to the end of ``data``
            self.in_string = True
            self.escaped = (len(data) - len(data.rstrip(b"\\"))) % 2 == 1
        self.depth = max(0, depth)
        self.closed = (_gap(data) and self.closed) or (
            not quoted and not self.depth and data.rstrip(_BLANKS)[-1:] in (b"}", b"]"))
        return None

    def _separator(self, data: bytes) -> int | None:
        """Where in ``data`` the first record separator outside every value starts that is
        before a record, or followed by blanks alone (held: what follows tells); the state
        after what comes before it (after ``data``: None, none there)."""
        at = self._out_of_string(data)
        if at is None:
            self.closed = False
            return None
        # (``closed``: only blanks since a top-level value closed, up to ``end``; a separator
        # at depth 0 after other text, ``{x},a,\x1e[`` in a CSV header's file, is no
        # sequence's)
        closed, end = self.closed and not at, at
        for token in _TOKEN.finditer(data, at):
            byte = data[token.start()]
            closed = closed and _gap(data[end:token.start()])
            end = token.end()
            if byte in b"{[":
                self.depth += 1
            elif byte in b"}]":
                self.depth = max(0, self.depth - 1)
                closed = self.depth == 0
            elif byte == 0x1E:
                start = token.start()
                line = data.rfind(b"\n", 0, start)
                at_line = not data[line + 1:start].strip(b" \t") and (
                    line != -1 or self.line_start)
                if (closed or at_line) and (_SEPARATED.match(data, start) or (
                        not data[start:].strip(_BLANKS + RS)
                        and len(data) - start <= MAX_RECORD_BYTES)):
                    self.closed = closed
                    return start
            elif token.group(1) is None and token.group(2) is not None:  # open to the end
                self.in_string, self.escaped = True, token.group(2) == b"\\"
                self.closed = False
                return None
            else:  # a string
                closed = False
        self.closed = closed and _gap(data[end:])
        return None

    def _out_of_string(self, data: bytes) -> int | None:
        """Where in ``data`` the string the pieces before it ended in closes (0: none; None:
        it goes on after ``data``)."""
        if not self.in_string:
            return 0
        rest = _IN_STRING.match(data, 1 if self.escaped and data[:1] not in (b"", b"\n") else 0)
        assert rest is not None  # (the pattern matches the empty string at the end)
        if rest.group(1) is None and rest.group(2) is not None:
            self.escaped = rest.group(2) == b"\\"
            return None
        self.in_string = self.escaped = False
        return rest.end()

    def _given(self, data: bytes) -> bytes:
        self.lines += data.count(b"\n")
        if data.endswith(b"\n"):
            self.line_start = True
        else:
            line = data.rfind(b"\n")
            self.line_start = (line != -1 or self.line_start) and not data[line + 1:].strip(
                b" \t")
        return data


def _unpadded(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """The pieces without the padding after the last record (:data:`_PADDING`, from its
    first byte that is not blank, within the record limit): no record. Padding held is
    given back when text follows it, so the same bytes are read inside a record."""
    held = bytearray()
    for piece in pieces:
        body = piece.rstrip(_PADDING)
        end = len(body)  # (moved back, never copied at each character: linear)
        while end and body[end - 1] in _BLANK_ENDS and (other := _OTHER_END.search(
                body, max(0, end - 4), end)) is not None:
            end = other.start()  # (a no-break space, U+2028…)
            while end and body[end - 1] in _PADDING:
                end -= 1
        body = body[:end]
        if body:
            if held:
                yield bytes(held)
                held = bytearray()
            yield body
        elif held:
            held += piece
            if len(held) > MAX_RECORD_BYTES:  # (held within the record limit, as below)
                yield bytes(held)
                held = bytearray()
            continue
        tail = piece[len(body):]
        padding = tail.lstrip(_BLANKS)
        if len(padding) < len(tail):
            yield tail[:len(tail) - len(padding)]  # blanks: a line's end, given at once
        held += padding
        if len(held) > MAX_RECORD_BYTES:
            yield bytes(held)
            held = bytearray()


#: A character a reader sees as space, or does not see, other than ASCII's space, tab and
#: line ends, and the controls :data:`_PAD` adds (:data:`callrules._invisible.UTF8_BLANK`:
#: a blank by the library's one definition; before, the fillers, the variation selectors
#: and the C1 controls were missing: a filler before a closer left after a whole array was
#: one more record).
_OTHER_BLANK = UTF8_BLANK
#: A line a reader sees blank holding more than spaces and tabs (a form feed, a no-break
#: space, an ideographic or zero-width space, a BOM…): its text before its line end.
_BLANK_TEXT = re.compile(rb"(?m)^[ \t]*(?:" + _OTHER_BLANK + rb")(?:[ \t]|" + _OTHER_BLANK
                         + rb")*+(?=\r?\n)")
#: A line that may hold nothing but blanks of the blank-source rule (no printable ASCII; a
#: control, DEL or a character beyond ASCII after its spaces: NUL, Ctrl-Z, EOT, a Hangul
#: filler, the blank braille pattern…): its text before its line end, looked at whole by
#: :func:`blank_line`.
_MAYBE_BLANK = re.compile(rb"(?m)^[ \t]*+[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\xff]"
                          rb"[\x00-\x09\x0b\x0c\x0e-\x20\x7f-\xff]*+(?=\r?\n)")
#: The control bytes a line may end with before its line end (DEL too).
_CONTROLS = frozenset(range(0x20)) | {0x7f}
#: The controls that are padding around a record, as NUL is (what makes a source blank,
#: :mod:`callrules._blank`): C0 controls and DEL but JSON's blanks, ESC (a colour code's
#: start), the record separator and those read as spaces (VT, FF, FS, GS, US).
_CONTROL_PADS = frozenset(b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12"
                          b"\x13\x14\x15\x16\x17\x18\x19\x1a\x7f")
#: The bytes such a line ends with before its line end (the last of a character's: any
#: byte continuing a character in UTF-8).
_BLANK_ENDS = frozenset(b" \t\x0b\x0c\x1c\x1d\x1f" + bytes(range(0x80, 0xc0)))
#: Such characters, or padding (a control: NUL, SOH, Ctrl-Z, EOT, DEL…:
#: :data:`_CONTROL_PADS`), ending a line (after a record's closing bracket, or any line of
#: one: a no-break space pasted from a web page, ``printf '%s\0\n'``, a printer's form feed;
#: no JSON string holds a line break), or after a closing bracket before a pretty value's
#: first line glued to it (``}\xa0{``): no part of the record. (A run is matched from its
#: start only, after a byte that is neither blank nor the end of such a character: each run
#: is read once; a line of them alone is no record's end, but a line holding nothing,
#: :data:`_MAYBE_BLANK`.)
_PAD = rb"(?:" + _OTHER_BLANK + rb"|[\x00-\x08\x0e-\x1a\x7f])"
_PADDED_END = re.compile(rb"(?<=[^\x00-\x20\x7f\x80-\xbf])[ \t]*" + _PAD
                         + rb"(?:[ \t]|" + _PAD + rb")*+(?=\r?\n)|(?<=[}\]])[ \t]*" + _PAD
                         + rb"(?:[ \t]|" + _PAD + rb")*+(?=[{\[](?:[ \t]|" + _PAD
                         + rb")*+\r?\n)")
_PADDED_ENDS = _BLANK_ENDS | _CONTROL_PADS
_GLUED_PADDED = _PADDED_ENDS - frozenset(b" \t")
#: Such characters at a line's start, before a record's or a list's opening bracket (a form
#: feed starting a printed page, a no-break space pasted): no part of it.
_PADDED_START = re.compile(rb"(?m)^[ \t]*" + _PAD + rb"(?:[ \t]|" + _PAD + rb")*+(?=[{\[])")
_PAD_STARTS = _CONTROL_PADS | frozenset(b"\x0b\x0c\x1c\x1d\x1f\xc2\xcd\xd8\xdb\xdc\xe0\xe1\xe2"
                                        b"\xe3\xef\xf0\xf3")
#: Such a character ending a piece: padding too after the last record.
_OTHER_END = re.compile(rb"(?:" + _OTHER_BLANK + rb")\Z")


#: Such a character, or a control that is padding (:data:`_PAD`: NUL, SOH, Ctrl-Z, DEL…).
_ANY_INVISIBLE = re.compile(_PAD)
#: A JSON string on a line (or what is left of the line after a quote never closed: no
#: string holds a line end), or a run of blanks holding such a character.
_STRING_OR_BLANKS = re.compile(rb'"(?:[^"\\\n]|\\[^\n]?)*+"?|(?:[ \t]|' + _PAD + rb")++")
#: What JSON text holds between values besides blanks: a run of them after one of these,
#: before one of these (or a line end), or starting a line before a value or a key, stands
#: between two tokens.
_AFTER_TOKEN = frozenset(b"{}[],:")
_BEFORE_TOKEN = frozenset(b"{}[],:\r\n")
_VALUE_START = frozenset(b'"-0123456789tfn')
#: A line of JSON text: a bracket, a brace, a key or a string, a record separator first,
#: after blanks, or a comma before a bracket or a brace or alone (an array's leftovers, a
#: comma-first layout), or blanks alone (a CSV row joined after JSON starts with a cell:
#: its blanks kept).
_JSON_LINE = re.compile(rb'(?:[ \t\r]|' + _PAD + rb')*+(?:[{}\[\]"\x1e]|,(?:[ \t\r]|' + _PAD
                        + rb')*+(?:[{}\[\]]|\Z)|\Z)')


def _blanks_as_spaces(text: bytes) -> bytes:
    """``text`` (whole lines), such characters (:data:`_ANY_INVISIBLE`: a no-break space, an
    ideographic or zero-width space pasted from a web page or an HTML mail, a filler, NUL)
    outside strings,
    in a run of blanks between JSON tokens (indenting a line, after a ``:`` or a ``,``,
    between a carriage return and its line feed), read as the spaces they are to a reader;
    in strings, between words, and in a line that starts with no bracket, brace, string or
    record separator (a CSV row joined after JSON, a line of text), kept as they are."""
    def spaced(match: re.Match[bytes]) -> bytes:
        run = match[0]
        if run[0] == 34 or not run.strip(b" \t"):
            return run  # (a string; spaces and tabs)
        start, end = match.span()
        line = match.string  # (one line: before and after it, its ends)
        before = line[start - 1] if start else 10
        after = line[end] if end < len(line) else 10
        if before in _AFTER_TOKEN or after in _BEFORE_TOKEN or (
                before in b"\r\n" and after in _VALUE_START and run != BOM):
            return _ANY_INVISIBLE.sub(b" ", run)
        return run  # (a title's or a CSV row's: its first cell; a mark alone: a file's start)
    return b"\n".join(_in_step_sub(spaced, line) if _JSON_LINE.match(line) else line
                      for line in text.split(b"\n"))


#: What follows a JSON string on its line: blanks, then a colon, a comma, a closing
#: bracket or brace, or the line's end.
_AFTER_STRING = re.compile(rb"(?:[ \t\r]|" + _OTHER_BLANK + rb")*+(?:[:,}\]]|\Z)")


def _in_step_sub(spaced: Callable[[re.Match[bytes]], bytes], line: bytes) -> bytes:
    """``_STRING_OR_BLANKS.sub(spaced, line)``, read in step with the line's strings again
    after damage: a string found between two things no string stands between (a word
    before it, a word after it: ``note": "0`` after a key's opening quote was lost) is
    the text between a string's closing quote and the next one's opening quote, so the
    reading goes on from its first quote as the end of a string (never else: in JSON text
    as written every string follows a bracket, a brace, a comma, a colon or a line's
    start, and a colon, a comma, a bracket, a brace or its line's end follows it; a
    string cut short, or a byte added after one, keeps it). Before, a record damaged so
    on a line of several (a compact array) turned the invisible spaces inside the next
    records' strings into spaces."""
    out: list[bytes] = []
    at = 0
    while (match := _STRING_OR_BLANKS.search(line, at)) is not None:
        start, end = match.span()
        if line[start] == 34 and end - start > 1 and line[end - 1] == 34 and not (
                _AFTER_STRING.match(line, end) or _string_may_start(line, start)):
            out.append(line[at:start + 1])  # (a closing quote: in step from after it)
            at = start + 1
            continue
        out.append(line[at:start])
        out.append(spaced(match))
        at = end
    out.append(line[at:])
    return b"".join(out)


def _string_may_start(line: bytes, start: int) -> bool:
    """Whether a JSON string may open at ``start`` of ``line``: after blanks, at the line's
    start or after a bracket, a brace, a comma, a colon or a record separator."""
    before = line[:start].rstrip(b" \t\r")
    while before and (other := _OTHER_END.search(before, max(0, len(before) - 4))):
        before = before[:other.start()].rstrip(b" \t\r")
    return not before or before[-1] in b"{[,:\x1e"


def _indent_kept(match: re.Match[bytes]) -> bytes:
    """Blanks and padding starting a line before a bracket (:data:`_PADDED_START`): a space
    separator (Zs: a no-break, em or ideographic space) a space, one a character, the rest
    dropped (a form feed, a byte-order mark, a zero-width space, NUL): a line indented with
    no-break spaces keeps its depth (a record's brace told from an inner object's, as with
    spaces); a list's bracket, or a brace after a mark or a form feed alone, stays at its
    line's start (a document typed after JSON Lines)."""
    run = match[0]
    if match.string[match.end():match.end() + 1] == b"[" or len(run.decode(
            "utf-8", "replace")) < 2:
        return b""
    return _NOT_WIDE.sub(b"", _WIDE_BLANK.sub(b" ", run))


#: Padding starting a line (:data:`_PAD`: a NUL, a form feed, a no-break or zero-width
#: space, a byte-order mark…), blanks among it, whatever follows it.
_PADDED_LINE_START = re.compile(rb"(?m)^[ \t]*" + _PAD + rb"(?:[ \t]|" + _PAD + rb")*+")


def _no_padding_indents(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """The pieces of a file of records one a line, the padding starting each line no
    indentation: as ``check`` reads it before a record's bracket (:func:`_indent_kept`:
    a lone character, or any but space separators, dropped), whatever the line holds. A
    damaged record padded (``\\f"not a record"``) is then no line of an object printed over
    lines that lost its head, and the file keeps being read one record a line."""
    start = True  # (whether the piece starts a line: a part of a long one is left whole)
    for piece in _lines_whole(pieces):
        at = 0 if start else piece.find(b"\n") + 1
        if start or at:
            piece = piece[:at] + _PADDED_LINE_START.sub(_indent_kept, piece[at:])
        start = piece.endswith(b"\n")
        yield piece


#: A space separator (Zs) other than the space, in UTF-8; what else such a run holds.
_WIDE_BLANK = re.compile(rb"\xc2\xa0|\xe1\x9a\x80|\xe2\x80[\x80-\x8a\xaf]|\xe2\x81\x9f"
                         rb"|\xe3\x80\x80")
_NOT_WIDE = re.compile(_OTHER_BLANK + rb"|[\x00-\x08\x0e-\x1a\x7f]")


def _lines_whole(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """The pieces, a line's start after a piece's last line end held for the next piece
    (text decoded from UTF-16 or UTF-32 comes in pieces cut anywhere): each line read whole,
    as a line of UTF-8 is, unless longer than a piece (then in parts, as read)."""
    held = bytearray()  # (never copied at each piece: linear)
    for piece in pieces:
        if end := piece.rfind(b"\n") + 1:
            held += piece[:end]
            yield bytes(held)
            held = bytearray(piece[end:])
        else:
            held += piece
        if len(held) >= PIECE:
            yield bytes(held)
            held = bytearray()
    if held:
        yield bytes(held)


def _blank_lines_emptied(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """The pieces of JSON text, a line a reader sees blank (:data:`_BLANK_TEXT`), or one
    holding nothing but what makes a source blank (:data:`_MAYBE_BLANK`: NUL, Ctrl-Z, DEL,
    a filler alone), left empty: no blank in JSON, but no damage between values either
    (pretty records, an array's elements), no record, nothing said (as of an empty line).
    The first piece (the head read to tell the format) is looked at whole, each other (a
    line, or a part of a long one) when it ends as such a line does."""
    start = None  # whether the piece starts a line (None: the first piece)
    for piece in _lines_whole(pieces):
        if start is None or (len(piece) > 1 and piece[-1] == 10 and (  # (its last byte
                last := -3 if piece[-2] == 13 and len(piece) > 2 else -2) and (  # before its
                piece[last] in _PADDED_ENDS or piece[last] in _CONTROLS or (  # end)
                    start and piece[0] in _PAD_STARTS) or (
                    piece[last] in b"{[" and len(piece) + last > 0
                    and piece[last - 1] in _GLUED_PADDED))):
            at = 0 if start is not False else piece.find(b"\n") + 1  # (the end of a line
            piece = _PADDED_END.sub(b"", piece[:at]) + _PADDED_START.sub(  # given in parts:
                _indent_kept, _PADDED_END.sub(b"", _BLANK_TEXT.sub(b"", _MAYBE_BLANK.sub(
                    _emptied, piece[at:]))))  # its padding; an indentation's width kept:
            # an inner object is no record)
        at = 0 if start is not False else piece.find(b"\n") + 1  # (lines whole from a start)
        if (at or start is not False) and _ANY_INVISIBLE.search(piece, at):
            piece = piece[:at] + _blanks_as_spaces(piece[at:])
        start = piece.endswith(b"\n")
        yield piece


def _emptied(match: re.Match[bytes]) -> bytes:
    """A line found by :data:`_MAYBE_BLANK`, empty if it holds nothing but blanks."""
    return b"" if blank_line(match[0]) else match[0]


#: An HTTP response's status line, and a field of its head (``curl -i`` writes them
#: before the body, then a blank line).
_HTTP_STATUS = re.compile(rb"HTTP/\d(?:\.\d)? \d{3}(?: [^\r\n]*)?\r?\n")
_HTTP_FIELD = re.compile(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+:[^\r\n]*\r?\n")
#: The longest HTTP head looked for.
_HTTP_HEAD_BYTES = 1 << 14


def _without_http_head(pieces: Iterator[bytes]) -> tuple[int, Iterator[bytes]]:
    """How many lines an HTTP response's head before the body takes (its status line, its
    fields and the blank line after them; 0 if the source starts with none), and the
    source with those lines left blank (the body's lines keep their numbers)."""
    held = bytearray()
    while b"\n" not in held and len(held) <= _HTTP_HEAD_BYTES \
            and (piece := next(pieces, None)) is not None:
        held += piece
    if not _HTTP_STATUS.match(held):
        return 0, chain([bytes(held)], pieces)
    while not re.search(rb"\n\r?\n", held) and len(held) <= _HTTP_HEAD_BYTES \
            and (piece := next(pieces, None)) is not None:
        held += piece
    end = re.search(rb"\n\r?\n", held)
    if end is None or end.end() > _HTTP_HEAD_BYTES:
        return 0, chain([bytes(held)], pieces)
    lines = held[:end.end()].splitlines(keepends=True)
    if not all(_HTTP_FIELD.fullmatch(line) for line in lines[1:-1]):
        return 0, chain([bytes(held)], pieces)
    body: Iterator[bytes] = chain([bytes(held[end.end():])], pieces)
    if any(_CHUNKED.match(line) for line in lines[1:-1]):  # ``curl -i --raw``: the body
        body = _dechunked(body)  # framed in chunks, each after its size in hex
    return len(lines), chain([b"\n" * len(lines)], body)


#: The field of an HTTP head saying the body is sent in chunks.
_CHUNKED = re.compile(rb"(?i)transfer-encoding:[ \t]*(?:[^\r\n]*,[ \t]*)?chunked[ \t]*\r?$")
#: A chunk's size line (in hex, extensions after a semicolon).
_CHUNK_SIZE = re.compile(rb"([0-9a-fA-F]{1,8})[ \t]*(?:;[^\r\n]*)?\r?\n")


def _dechunked(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """The body of an HTTP response sent in chunks (RFC 9112, section 7.1: each chunk
    after a line giving its size in hex, a line end after it, ``0`` last), saved with its
    framing (``curl -i --raw``, a proxy's capture): the chunks' bytes joined, the size
    lines dropped, so a record cut between two chunks is read whole. Where the framing
    does not hold (a size line missing, a chunk not ended where its size says), the rest is
    given as it is, read as the body is. Each byte is looked at once."""
    held = bytearray()

    def fill(size: int) -> None:
        while len(held) < size and (piece := next(pieces, None)) is not None:
            held.extend(piece)

    while True:
        fill(1)
        while held.find(b"\n") == -1 and len(held) <= 64 and (
                piece := next(pieces, None)) is not None:
            held.extend(piece)
        size_line = _CHUNK_SIZE.match(held)
        if size_line is None:
            break
        size = int(size_line.group(1), 16)
        del held[:size_line.end()]
        if size == 0:  # the last chunk: the trailer and the blank line after it as written
            break
        while size:
            fill(1)
            if not held:
                return
            take = min(size, len(held))
            yield bytes(held[:take])
            del held[:take]
            size -= take
        fill(2)
        if held.startswith(b"\r\n"):
            del held[:2]
        elif held.startswith(b"\n"):
            del held[:1]
        else:
            break
    yield b"\n"  # (the records end before what comes after the chunks)
    yield bytes(held)
    yield from pieces


def _mac_json(pieces: Iterator[bytes], json_lines: bool) -> Iterator[bytes]:
    """The pieces of JSON whose lines end with a carriage return alone (old Mac:
    :func:`_mac_lines`) with each carriage return, and CR LF, made a line feed, read as the
    same text with line feeds is (a carriage return is JSON whitespace, and no string holds
    one raw): a CSV joined after the JSON, its rows ending so too, is found on its line.
    Said to be JSON Lines (``json_lines``: by its name or as told, from a file, standard
    input or the service's body alike), also as JSON Lines' own rule has it
    (:func:`_json_lines_ended`: its first line ended by a carriage return alone after a
    whole value, or before a record, not inside a string), decided here once, before its
    layout is, and not again by its reader (a worker's pipe, which skips this, is decided
    by its reader; a ``jq --seq`` tail after it, its own text, by its own), so that every
    way in judges its layout on the same lines (before, a record cut inside a string
    first: a file's lines read one a record, standard input's and the service's whole
    text one line, one problem). Other text is given as it is (a raw carriage return
    inside a record of JSON Lines whose lines end with line feeds stays whitespace)."""
    head = b""
    for piece in pieces:
        head += piece
        if b"\n" in head or len(head) >= PIECE:
            break
    if not _mac_lines(head.lstrip(_BLANKS + b"\x0c").removeprefix(BOM).lstrip(_BLANKS)):
        given = chain([head] if head else [], pieces)
        yield from _json_lines_ended(given) if json_lines else given
        return
    yield from lines_fed(chain([head], pieces))


def _json_lines_ended(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """The pieces of JSON Lines with their line ends as JSON Lines' rule has them
    (:func:`~callrules._encodings.mac_line_ends`: old Mac's carriage returns made line
    feeds, or left as whitespace inside records), CR LF kept whole across pieces."""
    return mac_line_ends(crlf_whole(pieces), json_lines=True)


def _mac_lines(start: bytes) -> bool:
    """Whether ``start``, a source's first bytes (up to its first line feed, within
    :data:`PIECE`), is JSON whose lines end with a carriage return alone: a bracket first,
    its first line ending so (not inside a string of its first value, unless a record starts
    after it: :func:`~callrules._encodings.starts_record`), and a line feed, if any, only
    after two lines so ended (or one holding a whole value then other text: a CSV's header
    glued to it), inside a quote left open (a cell of a CSV after the JSON: a
    string of JSON holds no line break, and its quotes go in pairs)."""
    first = start.split(b"\n", 1)[0].removesuffix(b"\r")
    if b"\r" not in first:
        return False
    if start[:1] not in (b"[", b"{"):
        return b"\n" not in start and _mac_titled_json(first)
    before, after = first.split(b"\r", 1)
    if (scan := Scan(0)).end(before) is None and scan.in_string \
            and not starts_record(after, quoted=True):
        return False  # (a raw carriage return inside a string of its first value: no line end)
    return b"\n" not in start or (len(_UNESCAPED_QUOTE.findall(first)) % 2 == 1 and (
        first.count(b"\r") >= 2 or _value_glued(first.split(b"\r", 1)[0])))


def _mac_titled_json(text: bytes) -> bool:
    """Whether ``text``, lines ended by carriage returns alone, is a few lines holding no
    bracket (a title, a line of field names ``id,call``: at most :data:`_HEAD_LOOKED`) above
    JSON: a line starting with ``[`` or ``{`` (a key or nothing after it): read as the same
    text with line feeds is, every way alike (before, said to be JSON Lines, as the service
    reads it, the whole text was one line, one problem)."""
    above = 0
    for part in text.split(b"\r"):
        line = part.strip(_BLANKS + b"\x0c")
        if not line:
            continue
        if line[:1] in (b"[", b"{"):
            return above > 0 and (line in (b"[", b"{") or line.startswith((b'{"', b"[{")))
        if _BRACKET.search(line) or above >= _HEAD_LOOKED:
            return False
        above += 1
    return False


def _value_glued(line: bytes) -> bool:
    """Whether ``line`` is a whole JSON value then other text (a CSV's header joined after
    JSON written on one line without a line end, as mongoexport writes an array): a line of
    its own, as two lines ended with carriage returns are."""
    try:
        text = line.decode("utf-8")
        _, end = STRICT.raw_decode(text)
    except ValueError:  # (UnicodeDecodeError too)
        return False
    return end < len(text.rstrip())  # (characters both: a byte count runs past them)


#: A quote that is no JSON string's escaped one.
_UNESCAPED_QUOTE = re.compile(rb'(?<!\\)"')


def _raw(readline: ReadLine) -> Iterator[bytes]:
    """The stream in pieces of at most ``PIECE`` bytes (a line, or a part of one)."""
    while piece := readline(PIECE):
        yield piece


#: A line starting with a comma, then an object or an array: a list's rest.
_COMMA_LED = re.compile(rb",[ \t]*[{\[]")


#: A member after a value, brackets closing before it or not (``], "labels":``).
_MEMBER_NEXT = re.compile(r'[\]} \t]*,[ \t]*"(?:[^"\\\n]|\\.)*+"[ \t]*:')


def inner_list_rest(line: str) -> bool:
    """Whether ``line``, led by a comma (``, {…}, {…}], "labels": …``), is the rest of a
    list inside a record whose head was lost (``tail -c`` cut at a comma between the
    objects of a record's list), not a compact array's rest: the list it goes on closes,
    and a member follows it, as only in an object. Its objects are no records: the line is
    the record's remains, one problem (brackets may close before that member:
    ``…]}, "exchange_rates": …``).

    >>> inner_list_rest(', {"a": 1}], "b": 2},')
    True
    >>> inner_list_rest(', {"a": 1}]}, "b": 2},')
    True
    >>> inner_list_rest(', {"id": "A-1"}, {"id": "A-2"}]')
    False
    """
    at = unopened_closer(line, 1)
    return at is not None and line[at] == "]" and _MEMBER_NEXT.match(line, at + 1) is not None


def _lines_tail(head: bytearray, first: int, line: bytes, pieces: Iterator[bytes]) -> bool:
    """Whether ``line`` (at ``first`` in ``head``, stripped), led by a comma, is the tail of
    a JSON Lines record that lost its head (``, {…}], "budget": {…}}``), not a compact
    array's: it ends as a record does (``}``, no ``]`` nor comma after it) and the next
    non-blank line is a record at its first column (:func:`_of_json_lines`). Read as JSON,
    the record after it was taken into it (lost); as JSON Lines, the tail is one problem
    and each record after it is read (pieces read into ``head``, only after such a
    line)."""
    if not line.endswith(b"}"):
        return False
    found = _next_line(head, first, pieces, whole=False)
    return found is not None and _of_json_lines(head, found) and head[found[0]] == ord("{")


def _detect(pieces: Iterator[bytes]) -> tuple[str, Iterator[bytes]]:
    """The format of a source by its first non-blank line, and the source again, whole
    (the head read to decide is at most :data:`MAX_RECORD_BYTES` and a piece)."""
    head, first = _head(pieces, lambda head, start, first: _opens_array(head, first)
                        or head.find(b"\n", first) != -1)  # an array, or the first line whole
    if first is None:
        return "jsonl", _given_back(head, pieces)
    written = _line_from(head, first)
    while (blank_line(written) or (_separators_alone(written) and not _sequence_from(
            head, first, pieces))) and (after := _next_line(head, first, pieces, whole=True)):
        first = after[0]  # (a form feed, a no-break space alone: no record; the next decides;
        written = _line_from(head, first)  # that line only: each byte looked at once)
    line = _trimmed(written)
    line = _unmarked(line)  # (a mark again: files joined, or written twice)
    if _fronted_over_lines(line):  # a byte typed before a list of records over lines
        return "json", _given_back(head, pieces)
    line = _unfronted(line)
    if _COMMA_LED.match(line) and not is_json(line[1:].strip()) and not _lines_tail(
            head, first, line, pieces) and not inner_list_rest(line.decode(
                "utf-8", "surrogateescape")):  # a compact array that lost its head at a comma
        return "json", _given_back(head, pieces)  # between records (``, {…}, {…}]``):
        # its records each, as the array whole reads them (one whole record after a
        # comma is a JSON Lines line, ``,{…}``; JSON Lines' remains: :func:`_lines_tail`)
    if line.startswith(RS):  # RFC 7464: a record separator before each record
        return _SEQUENCE, _given_back(head, pieces)
    if _brace_before_list(line):  # a stray ``{`` before a list whole on its line: JSON
        return "jsonl", _given_back(head, pieces)  # Lines (the brace one problem, each
        # record judged), whatever follows (before, junk on a next line made it JSON: a
        # file's whole text read as one application damaged, its records lost; standard
        # input's 3 records)
    if list_opened(line):  # text before an array over lines (``const apps = [``)
        return "json", _given_back(head, pieces)
    if not line.startswith((b"{", b"[")) and (  # (a record whole on its first line is
            # answered before a next line is asked for: a worker's standard input)
            _CLOSING_LINE.fullmatch(written.rstrip(b"\r")) or b'"' in written
            or written.rstrip(b" \t\r").endswith(b",")) and (found := _next_line(
                head, first, pieces, whole=True)) is not None and head[
            found[0] - 1] in b" \t" and (_MEMBER.match(below := _line_from(
                head, found[0])) or _CLOSING_LINE.fullmatch(below.rstrip(b"\r")) or (
                    _OPENING_LINE.fullmatch(below.rstrip(b"\r")))):
        return "json", _given_back(head, pieces)  # (pretty JSON that lost its first
        # lines, cut after a closing line, ``},``, or in a line: no CSV header above the
        # indented lines of an object)
    if line.startswith(b"{") and line.endswith(b"[") and enveloped((line + b"\n" + _line_at(
            head, first, pieces)).decode("utf-8", "surrogateescape")):  # an envelope written
        return "json", _given_back(head, pieces)  # a record a line: JSON, one value
    if _titled_sequence(head, first, pieces):  # a title, a fence, a comment above ``jq --seq``
        return _SEQUENCE, _given_back(head, pieces)  # output: each line one problem
    header = box_bars(line.split(b"\r", 1)[0].decode("utf-8", "surrogateescape")).encode(
        "utf-8", "surrogateescape")  # cut at a carriage return (a Mac file's), its bars
    # drawn as a box's (psql's unicode border) read as ``|``
    if SEP_LINE.fullmatch(written.split(b"\r", 1)[0].decode("utf-8", "replace")):
        return "csv", _given_back(head, pieces)  # Excel's line naming the separator
        # before the header
    if TABLE_BORDER.fullmatch(written.split(b"\r", 1)[0].decode("utf-8", "replace")):
        return "csv", _given_back(head, pieces)  # a SQL client's table border above its
        # header (``+---+``)
    if set_apart(text := written.split(b"\r", 1)[0].decode("utf-8", "replace")) and (
            blank_columns(text) or RULE.fullmatch(_line_at(head, first, pieces).decode(
                "utf-8", "replace"))):  # a table in columns (``Format-Table``, ``column -t``)
        return "csv", _given_back(head, pieces)
    if written.startswith(b"||") and is_csv_header(written.split(b"\r", 1)[0].replace(
            b"||", b"|")):
        return "csv", _given_back(head, pieces)  # a Jira or Confluence table's header
        # (``||id||call||``)
    if not holds_no_header(header) and (  # a quoted cell over lines
            separator := _left_open(header)) is not None:
        header = _spanned(head, first, pieces, separator)
    if is_csv_header(header) or (  # lines end so
            is_csv_header(header, loose=True) and not is_json(line)  # "{note}", "[note]"
            and not _LITERALS.match(line)):  # (an array's first values: "[null, true,")
        return _header_or_damage(head, first, pieces)
    if _EMPTY_ARRAY.match(line) and _lines_after_empty_array(head, first, pieces):
        return "jsonl", _given_back(head, pieces)
    if _list_over_limit(head, first, line):  # (F5)
        return "json", _given_back(head, pieces)
    if line.startswith(b"[") and tagged(line.decode("utf-8", "replace")):
        return "jsonl", _given_back(head, pieces)  # a log's ``[INFO]`` before a record
    if _damaged_header(written.split(b"\r", 1)[0]) and not is_json(line) \
            and not line.startswith(b"["):  # an array's first line: values, not names
        return _header_or_damage(head, first, pieces)  # a quote or a brace added or lost
    if line.startswith(b"[") and line != b"[" and _array_then_lines(head, first, pieces):
        return "jsonl", _given_back(head, pieces)  # as a ``.jsonl`` file is read
    if _damaged_array_line(line) and (found := _next_line(head, first, pieces, whole=True)) \
            and _of_json_lines(head, found) and head[found[0]] in b"{[":
        return "jsonl", _given_back(head, pieces)  # JSON Lines, its array line damaged
    if _array_line_cut_at_comma(head, first, line, pieces):
        return "jsonl", _given_back(head, pieces)  # (cut after an element's comma)
    if line.startswith(b"{") and _typed_in(head, first, pieces):  # line breaks typed into
        return "jsonl", _given_back(head, pieces)  # the first record: JSON Lines
    if line.startswith(b"[") or line == b"{":
        return "json", _given_back(head, pieces)
    if line == b"{}" and _MEMBER.match(_line_at(head, first, pieces)):  # a ``}`` typed after
        return "json", _given_back(head, pieces)  # an object's ``{`` line, its members
    # under it: one application damaged, read as JSON (never a member a line)
    if line.startswith(b"{") and line.endswith(b"}") and not _over_lines(head, first, pieces):
        return "jsonl", _given_back(head, pieces)
    if line.startswith(b'"') and is_json(line) and _titled_header(head, first, pieces):
        return "csv", _given_back(head, pieces)  # a quoted title above a CSV header
    if _quoted_header(line) and ((after := _next_line(head, first, pieces, whole=False))
                                 is None or head[after[0]] not in b"{["):
        return "csv", _given_back(head, pieces)  # a CSV of one column, each line quoted
    if line.startswith(b'"') and is_json(line):  # a string whole on its line, and another
        after = _next_line(head, first, pieces, whole=True)  # or a record at the next's
        if after is None or _of_json_lines(head, after):  # first column (or none): a line
            return "jsonl", _given_back(head, pieces)  # each, as in a file
    if _quoted_record(line) or _split_record(line):  # JSON Lines re-saved by a spreadsheet:
        return "jsonl", _given_back(head, pieces)  # a line each, as a ``.jsonl`` file
    if _mac_titled(written):  # a title above the header of Excel's "CSV (Macintosh)"
        return "csv", _given_back(head, pieces)
    if not line.strip(b",;|\t ") and _MEMBER.match(_line_from(
            head, found[0]) if (found := _next_line(head, first, pieces, whole=True)) else b""):
        return "json", _given_back(head, pieces)  # a record's ``{`` line changed to a
        # separator (``,``): no name in it, a member under it (not a header, rows under it)
    return _second_line(head, first, pieces)


def _line_from(head: bytearray, first: int) -> bytes:
    """The line starting at ``first`` in ``head``, without its line feed (to the end of
    ``head`` if it has none); not the rest of ``head`` copied to cut it."""
    end = head.find(b"\n", first)
    return bytes(head[first:end if end != -1 else len(head)])


def _mac_titled(written: bytes) -> bool:
    """Whether ``written``, a first line holding carriage returns alone (old Mac line
    ends: Excel's "CSV (Macintosh)"), is up to six lines of a title or a comment (no
    bracket, one filled cell at most, as :func:`_titled_header` reads them) above a CSV
    header, or emptied rows (separators alone) above one."""
    parts = written.rstrip(b"\r").split(b"\r")
    if len(parts) < 2:
        return False
    lines = [part for part in parts if not empty_row(part)][:_MAC_LOOKED]  # (blank or
    # separators alone, a spreadsheet's emptied row: no title, as the CSV reader reads it)
    if lines and lines[0] is not parts[0] and empty_row(parts[0]) and is_csv_header(lines[0]):
        return True  # (emptied rows alone above the header)
    if len(lines) < 2 or is_csv_header(lines[0]) or _BRACKET.search(lines[0]):
        return False
    return _header_below(lines[0].decode("utf-8", "replace"), lines[1:])


#: How many lines ended by carriage returns alone are looked at for a header under a title.
_MAC_LOOKED = 16


def _json_first(line: bytes) -> bool:
    """Whether ``line`` holds a JSON record, after text or quoted as one CSV cell (or split
    into cells: :func:`_split_record`): no header, whatever the file's name says."""
    line = _unmarked(line.strip())
    return _record_after_text(line) or _quoted_record(line) or _split_record(line)


def _quoted_record(line: bytes) -> bool:
    """Whether ``line`` (stripped) is a JSON object or array quoted as one CSV cell
    (``"{""id"": ""R1""}"``): a line of JSON Lines re-saved by a spreadsheet, or a row of a
    one-column CSV of JSON texts; never two records."""
    inner = line[1:-1]
    return len(line) > 4 and line[:2] in (b'"{', b'"[') and line[-2:] in (b'}"', b']"') \
        and b'"' not in inner.replace(b'""', b"") and is_json(inner.replace(b'""', b'"'))


def _named_escaped_texts(head: bytes | bytearray, first: int, start: int) -> bool:
    """Whether the line at ``first`` in ``head`` is one name (a CSV header of one column)
    and each line from ``start`` on that is not blank a JSON text quoted as one CSV cell
    (:func:`_escaped_record`): rows that each read as CSV, giving records (a row whose
    backslash escapes anything but a quote, ``\\\\"``, is no CSV row: JSON text encoded
    twice, as JSON Lines reads it). The last line of ``head`` is looked at only if it is
    the first row (it may be cut where ``head`` ends: its rest not read yet)."""
    if not HEADER_CELL.fullmatch(bytes(head[first:head.find(b"\n", first)]).strip().decode(
            "utf-8", "replace")):
        return False
    lines = bytes(head[start:]).split(b"\n")  # (the last cut where the head ends, or empty)
    rows = [row for row in lines[:-1] if row.strip()] or lines[-1:]
    return all(map(_escaped_record, rows))


def _named_texts_first(head: bytes) -> bool:
    """Whether ``head``, a source's start, is a name above JSON texts each quoted as one
    CSV cell (:func:`_named_escaped_texts`), its first two lines that are not blank."""
    if (found := _first_written(head)) is None or (end := head.find(b"\n", found.start())) \
            == -1 or (start := _NON_BLANK.search(head, end + 1)) is None:
        return False
    return head[start.start() - 1] == ord("\n") and _named_escaped_texts(
        head, found.start(), start.start())


#: A JSON string whose only escapes are of quotes (``\\"``): as one CSV cell whose quotes
#: are escaped with a backslash, the same text.
_QUOTES_ESCAPED = re.compile(rb'"(?:[^"\\]|\\")*+"')


def _escaped_record(line: bytes) -> bool:
    """Whether ``line`` (stripped) is a JSON object or array quoted as one CSV cell, each
    quote inside escaped with a backslash (``"{\\"id\\": \\"R1\\"}"``), no other backslash
    in it: a row of a one-column CSV of JSON texts so written (it reads as a JSON string,
    too, the same text)."""
    line = line.strip()
    if len(line) <= 4 or line[:2] not in (b'"{', b'"[') or line[-2:] not in (b'}"', b']"') \
            or not _QUOTES_ESCAPED.fullmatch(line):
        return False
    try:
        inner = json.loads(line)
    except (ValueError, RecursionError):
        return False
    return isinstance(inner, str) and is_json(inner.encode("utf-8", "surrogatepass"))


def _split_record(line: bytes) -> bool:
    """Whether ``line`` (stripped) is a line of JSON Lines a spreadsheet split at its commas
    into cells, each quoted again (a first cell ``"{""id"":""R1""`` and more, by commas,
    semicolons or tabs): read as CSV, its first cell opens a record with a key (``{"``,
    ``[{"``) and its last ends with a bracket. No header reads so: JSON Lines, each line
    one damaged record, as a ``.jsonl`` file reads them (read as JSON, one result a cell
    or two lines in one)."""
    if line[:3] not in (b'"{"', b'"[{'):
        return False
    text = line.decode("utf-8", "replace")
    for separator in ",;\t":
        try:
            cells = next(csv.reader([text], delimiter=separator, strict=True))
        except (csv.Error, StopIteration):
            continue
        if len(cells) > 1 and cells[0].startswith(('{"', '[{"')) and '":' in cells[0] \
                and cells[-1].rstrip().endswith(("}", "]")):
            return True
    return False


def _quoted_header(line: bytes) -> bool:
    """Whether ``line`` is a CSV header quoted whole in one cell (``"id,call,…"``), as a
    CSV of one column writes each of its lines (a CSV re-saved from a single spreadsheet
    column): the header of that one column, its rows the lines after it, as a file named
    ``.csv`` reads them (never a JSON string, a record of its own, above them)."""
    inner = line[1:-1]
    return len(line) > 2 and line[:1] == line[-1:] == b'"' and b'"' not in inner \
        and is_csv_header(inner)


#: An array's first line opening with a literal (``[null, null,``): values, no header's
#: names in brackets (``[note],id``), whatever follows.
_LITERALS = re.compile(rb"\[[ \t]*(?:null|true|false)[ \t]*(?:[,\]]|\Z)")
#: A line that is an empty array (``[]``, JSON's blanks of a line inside), as a line of
#: JSON Lines holding no record is.
_EMPTY_ARRAY = re.compile(rb"\[[ \t\r]*\]")


def _lines_after_empty_array(head: bytearray, first: int, pieces: Iterator[bytes]) -> bool:
    """Whether the line at ``first`` is ``[]`` alone and the next non-blank line is one of
    JSON Lines (a value starting at its first column with ``{``, ``[`` or a quote, not a
    bracket alone as a pretty-printed value's first line): JSON Lines whose first line
    holds no record (pieces read into ``head`` to see both lines, within the limit)."""
    found = _next_line(head, first, pieces, whole=True)
    if found is None:
        return False
    if not _EMPTY_ARRAY.fullmatch(bytes(head[first:head.find(b"\n", first)]).strip()):
        return False
    return _of_json_lines(head, found)


def _array_then_lines(head: bytearray, first: int, pieces: Iterator[bytes],
                      after: bool = True) -> bool:
    """Whether the line at ``first`` is an array whole on its line, or one damaged (ending
    with ``]``) before a line that is a whole JSON value at its first column, and (if
    ``after``: no damaged record before it) a non-blank line follows it: JSON Lines whose
    first line is an array, read line by line as a ``.jsonl`` file is (pieces read into
    ``head`` to see both lines, within the limit); an array alone is read as JSON."""
    if (end := head.find(b"\n", first)) != -1 and not head[first:end].rstrip().endswith(b"]"):
        return False  # (no array whole on its line: no need to read on)
    found = _next_line(head, first, pieces, whole=True)
    if found is None and after:
        return False
    end = head.find(b"\n", first)
    line = bytes(head[first:end if end != -1 else len(head)]).strip()
    line = _unmarked(line)
    if not line.endswith(b"]"):
        return False
    if is_json(line):  # (any line after it: as a ``.jsonl`` file reads), but an empty one,
        return not _EMPTY_ARRAY.fullmatch(line)  # read as JSON: nothing (an
        # empty page, ``[]``, before pretty-printed envelopes)
    return found is not None and head[found[0] - 1] == ord("\n") and is_json(bytes(
        head[found[0]:found[1] if found[1] != -1 else len(head)]))  # a damaged array line


def _list_over_limit(head: bytes | bytearray, first: int, line: bytes) -> bool:
    """Whether the line at ``first`` in ``head`` (``line``, stripped) goes on past the
    record limit and starts an array or an envelope: a list of records written on one line
    (``jq -c``), read as JSON, each element within the limit or one ``too_large`` problem,
    never the whole line one."""
    end = head.find(b"\n", first)
    return (end if end != -1 else len(head)) - first > MAX_RECORD_BYTES and (
        line.startswith(b"[") or (line.startswith(b"{") and enveloped(
            line.decode("utf-8", "surrogateescape"))))


def _damaged_array_line(line: bytes) -> bool:
    """Whether ``line`` (stripped) is a compact array's line of JSON Lines, damaged (cut
    short, its bracket left open; a byte lost or added): ``[`` first, a key in it, no JSON
    value, and not ending as a line of a value written over lines does (``{``, ``[`` or a
    comma: ``[{"id": "R1",``, an array's first element on its line)."""
    return line.startswith(b"[") and b'":' in line and not is_json(line) \
        and not line.endswith((b"{", b"[", b","))


def _array_line_cut_at_comma(head: bytearray, first: int, line: bytes,
                             pieces: Iterator[bytes]) -> bool:
    """Whether the line at ``first`` in ``head`` (``line``, stripped) is a compact array's
    line of JSON Lines cut short after a comma (``[{"id": "R1", …}, {"id": "R2",``), a
    whole record or array on its own line after it: not the first line of an array written
    over lines (the line after it would be a member, an element ending in a comma or a
    bracket, or an element whole with ``]`` on the line after it). Before, the lines after
    it were read into the array, a record lost or labelled as one of its elements."""
    if not (line.startswith(b"[") and line.endswith(b",") and b'":' in line
            and not is_json(line)):
        return False
    found = _next_line(head, first, pieces, whole=True)
    if found is None or not _of_json_lines(head, found) or head[found[0]] not in b"{[":
        return False
    after = bytes(head[found[0]:found[1] if found[1] != -1 else len(head)]).strip()
    if not is_json(after):
        return False
    return not _line_at(head, found[0], pieces).startswith((b"]", b","))


def _line_at(head: bytearray, first: int, pieces: Iterator[bytes]) -> bytes:
    """The next non-blank line after the line at ``first`` in ``head``, whole and stripped
    (pieces read into ``head`` as needed, within the record limit)."""
    found = _next_line(head, first, pieces, whole=True)
    return b"" if found is None else bytes(
        head[found[0]:found[1] if found[1] != -1 else len(head)]).strip()


def _of_json_lines(head: bytearray, found: tuple[int, int]) -> bool:
    """Whether the line at ``found`` in ``head`` starts as a line of JSON Lines: at its
    first column, ``{``, ``[`` or a quote, and not brackets opened alone (``{``, ``[{``: a
    pretty-printed value's first line)."""
    line = bytes(head[found[0]:found[1] if found[1] != -1 else len(head)]).rstrip(b" \t\r")
    return head[found[0] - 1] == ord("\n") and line[:1] in (b"{", b"[", b'"') \
        and bool(line.translate(None, b"{[ \t"))


def _damaged_header(line: bytes) -> bool:
    """Whether ``line`` is a CSV header damaged by a quote, a brace or a bracket added or
    lost (``"language""``, ``{"id","call"``): without its quotes, braces and brackets, it
    reads as a header (:func:`is_csv_header`). A JSON record never does: its keys are
    followed by colons, which no header's name holds."""
    return is_csv_header(line.translate(None, b'"{}[]'))


def _left_open(line: bytes) -> str | None:
    """The first separator (comma, semicolon, tab, bar) by which ``line`` ends inside a
    quoted cell, if any."""
    text = line.decode("utf-8", "replace")
    return next((separator for separator in ",;\t|"
                 if in_quote_after(text, False, separator)), None)


def _spanned(head: bytearray, first: int, pieces: Iterator[bytes], separator: str) -> bytes:
    """The first line at ``first`` in ``head``, whose quoted cell is left open at its end
    (by ``separator``), with the lines that cell spans (at most ``_SPANNED``, pieces read
    into ``head`` within the record limit) joined by blanks: a header over several lines
    reads as one (CSV, its header damaged, as in a file named ``.csv``)."""
    end = head.find(b"\n", first)
    line = bytes(head[first:end]).rstrip(b"\r") if end != -1 else bytes(head[first:])
    quoted = True
    for _ in range(_SPANNED):
        if not quoted or end == -1:
            break
        while (stop := head.find(b"\n", end + 1)) == -1 and len(head) <= MAX_RECORD_BYTES \
                and (piece := next(pieces, None)) is not None:
            head += piece
        following = bytes(head[end + 1:stop if stop != -1 else len(head)]).rstrip(b"\r")
        line += b" " + following
        quoted = in_quote_after(following.decode("utf-8", "replace"), True, separator)
        end = stop
    return line


#: How many lines a quoted cell of the first line is read over, to tell a header.
_SPANNED = 16


def _opens_array(head: bytearray, first: int) -> bool:
    """Whether the line at ``first`` plainly opens a JSON array: ``[`` and, after blanks,
    what no name starts with (a header's first name in brackets, ``[note],id``, is told
    from an array once its line is whole, however the input arrives)."""
    if not head.startswith(b"[", first):
        return False
    found = _NON_BLANK.search(head, first + 1)
    return found is not None and not _NAME_START.match(head, found.start())


def _header_or_damage(head: bytearray, first: int, pieces: Iterator[bytes]
                      ) -> tuple[str, Iterator[bytes]]:
    """CSV, its first line a header; or JSON Lines, when the next non-blank line is a JSON
    object whole on its line (no CSV row reads so: the first line was a damaged record)."""
    found = _next_line(head, first, pieces, whole=True)
    if found is None:
        return "csv", _given_back(head, pieces)
    line = bytes(head[found[0]:found[1]]).rstrip(b"\r")
    if _fronted_list(line):  # a list of records, text printed before it (``'[{…}]'``,
        return "jsonl", _given_back(head, pieces)  # ``Out[3]: '…'``): no CSV row, but a
        # title above JSON (a REPL's prompt, ``$ curl …?a=1,b=2``), each line read as the
        # service reads it
    whole = (line.startswith(b"{") and line.endswith(b"}") and is_json(line)) or (
        head[found[0] - 1] == ord("\n") and encoded_record(line))  # (records encoded twice)
    if not whole and line[:1] in (b"{", b"[") and _cells_of(line) != _cells_of(
            bytes(head[first:head.find(b"\n", first)])):  # no row of that header: JSON
        return "json", _given_back(head, pieces)  # (pretty-printed, or an array) after a
        # damaged first line
    return "jsonl" if whole else "csv", _given_back(head, pieces)


#: How many lines of text (a title, a fence, a comment) may stand above a sequence's first RS.
_TITLE_LINES = 4


def _titled_sequence(head: bytearray, first: int, pieces: Iterator[bytes]) -> bool:
    """Whether the line at ``first`` in ``head``, and up to :data:`_TITLE_LINES` in all, are
    lines of text (none starting a record or a list, or holding a record separator) above a
    line starting with a record separator: an RFC 7464 sequence under a title."""
    at = first
    for _ in range(_TITLE_LINES):
        end = head.find(b"\n", at)
        if bytes(head[at:at + 1]) in (b"{", b"[") or RS in head[at:end if end != -1 else len(
                head)]:
            return False
        found = _next_line(head, at, pieces, whole=False)
        if found is None:
            return False
        at = found[0]
        if head[at:at + 1] == RS:
            return _sequence_from(head, at, pieces)
    return False


def _separators_alone(line: bytes) -> bool:
    """Whether ``line`` holds one record separator or more and blanks alone (the one
    definition, :func:`~callrules._json_lines.blank_line`)."""
    return RS in line and blank_line(line.replace(RS, b""))


def _sequence_from(head: bytearray, at: int, pieces: Iterator[bytes]) -> bool:
    """Whether the record separator starting the line at ``at`` in ``head`` starts an RFC
    7464 sequence: text follows it on its line (``jq --seq`` writes each record there), or,
    it and the lines after it holding separators and blanks alone, the next line opens a
    record (``{``, ``[``: a text's blanks may hold a line end). A line of separators alone
    above a CSV row or other text is a blank line of that text, never a switch of format
    (a CSV with such a line was read as one sequence: 1 result for 3 rows). Pieces are
    read into ``head`` as needed, within the record limit."""
    while _separators_alone(_line_from(head, at)):
        if (found := _next_line(head, at, pieces, whole=False)) is None:
            return False  # (separators alone to the end: padding, no record)
        at = found[0]
    return head[at:at + 1] in (b"{", b"[", RS)


def _typed_in(head: bytearray, first: int, pieces: Iterator[bytes]) -> bool:
    """Whether the line at ``first`` in ``head`` starts a compact record that line breaks
    were typed into (:class:`~callrules._json_lines.Rest`: Enter hit once or more, an
    editor's wrap), the lines after it its rest, and the next non-blank line after them, if
    any, starts with ``{`` at its first column (the next record): JSON Lines, read line by
    line, the record's lines one record (pieces read into ``head`` within the record
    limit)."""
    end = head.find(b"\n", first)
    if end == -1 or (rest := Rest.of(bytes(head[first:end + 1]))) is None:
        return False
    at = end + 1
    while True:
        while (stop := head.find(b"\n", at)) == -1 and len(head) <= MAX_RECORD_BYTES and (
                piece := next(pieces, None)) is not None:
            head += piece
        line = bytes(head[at:stop + 1 if stop != -1 else len(head)])
        closed = rest.add(line) if line else False
        if closed is None and stop != -1:
            at = stop + 1
            continue
        if not closed:
            return False
        after = _next_line(head, at, pieces, whole=False) if stop != -1 else None
        return after is None or (head[after[0]] == ord("{") and head[after[0] - 1] == ord("\n"))


def _next_line(head: bytearray, first: int, pieces: Iterator[bytes], whole: bool
               ) -> tuple[int, int] | None:
    """Where the next non-blank line after the line at ``first`` starts and ends in
    ``head`` (pieces read into it as needed, within the record limit; ``whole``: read to
    that line's end, the input's end if it has none); None if there is none. Each byte is
    looked at once: a long line or a run of blank lines, however long, is searched past as
    it comes, not again from its start for each piece read."""
    looked = first  # (where the search goes on from: what is before was looked at)
    end = at = -1  # (where the line at ``first`` ends; where the next non-blank starts)
    while len(head) <= MAX_RECORD_BYTES:
        if end == -1 and (end := head.find(b"\n", looked)) != -1:
            looked = end + 1
        if end != -1 and at == -1 and (found := _NON_BLANK.search(head, looked)) is not None:
            at = looked = found.start()
        if at != -1:
            stop = head.find(b"\n", looked)
            if stop != -1 or not whole:
                return at, stop
        looked = len(head)
        if (piece := next(pieces, None)) is None:
            return None if at == -1 else (at, len(head))
        head += piece
    return None


def _as_named(kind: str, pieces: Iterator[bytes]) -> tuple[str, Iterator[bytes]]:
    """The format of a file named as ``kind``, unless its start plainly belongs to another,
    as standard input's is found (:func:`_detect`): JSON (``[``, or ``{`` alone: an array,
    pretty-printed objects as ``jq`` writes them) or JSON Lines in a ``.csv`` file; JSON in
    a ``.jsonl`` file; CSV (a header, of any separator) in a ``.json`` or ``.jsonl`` file."""
    found, rest = _detect(pieces)
    if found == _SEQUENCE:  # a record separator first: RFC 7464, whatever the name says
        return found, rest
    if found == "csv" and kind in ("json", "jsonl"):
        head = next(rest, b"")
        rest = chain([head], rest)
        if _named_texts_first(head):  # a name above JSON texts each quoted: in a file named
            found = "jsonl"  # so, JSON Lines' lines, each a JSON text encoded twice, as its
            # name says (CSV's rows in a ``.csv`` file; on standard input too where the
            # second line holds no escaped quote, ``"[1, 2]"`` or ``"{}"``: one escaped is a
            # record encoded twice, JSON Lines, :func:`_second_line`)
    if kind == "json" and found == "jsonl":
        return _json_lines_as_json(rest)
    if found == kind:
        return kind, rest
    if found == "csv" and kind in ("json", "jsonl"):
        lone, rest = _lone_application(rest)
        if lone:  # one application, its brace typed over (``,``): JSON, one record
            return "json", rest
    head = next(rest, b"")
    rest = chain([head], rest)
    start = _first_written(head)
    first = head[start.start():start.start() + 1] if start else b""
    if kind == "csv" and first not in (b"{", b"[") and not (found == "jsonl" and _json_first(
            head[start.start():].split(b"\n", 1)[0] if start else b"")):
        return kind, rest  # a CSV whose first line is odd stays CSV (not one holding a
        # record, with text before it or quoted as a cell: no header of any row)
    if kind == "jsonl" and found == "json":  # read line by line, a damaged line one record;
        if _plainly_json(head, start) or (start is not None and start.start() > 0 and (
                head[start.start() - 1] in b" \t" or _under_indentation(
                    head, start.start())) and head[start.start()] in b'"}]') or (
                start is not None and _indented_second(head, start.start())):
            return _LINED, rest  # or JSON, labelled by lines as JSON Lines said is (the
            # service's); wrapped at a width, JSON too; pretty JSON that lost its first
            # lines (an indented key or closing line first, or one under a line of its
            # indentation alone: wrapped at the indentation's width), JSON too
        grown = bytearray(next(rest))  # (the head again)
        whole, rest = (False, rest) if start is None else _opens_whole(grown, start.start(), rest)
        if whole:  # (one record over lines, its items at the first column: one value, as
            return _LINED, _given_back(grown, rest)  # the service reads it)
        if start is not None and grown[start.start()] not in b"{[" and (
                below := _next_line(grown, start.start(), rest, whole=True)) is not None \
                and grown[below[0] - 1] in b" \t" and _pretty_line(_line_from(
                    grown, below[0]).rstrip(b"\r")):  # pretty JSON that lost its first
            return _LINED, _given_back(grown, rest)  # lines cut inside one: JSON too, as
            # standard input and replay read it (line by line, one problem a line)
        wrapped = start is not None and _wrapped(grown, start.start(), rest)
        return (_LINED if wrapped else kind), _given_back(grown, rest)
    return found, rest


#: On a line, what compact JSON shows and a pretty line's start does not: a value, then a
#: comma and a key (a second member on the line), or then a closing bracket (the object's
#: or list's end on the value's line); a match counts only when its value's last character
#: is outside a string (:func:`_compact_members`), not in a title such as ``"Ph 1]"``.
_COMPACT_MEMBERS = re.compile(rb'(?:"|[0-9el])[ \t]*(?:,[ \t]*"(?:[^"\\\n]|\\.)*+"'
                              rb'[ \t]*:|[}\]])')


def _compact_members(line: bytes) -> bool:
    """Whether ``line`` (a pretty line's start, outside a string, if it is one) shows
    :data:`_COMPACT_MEMBERS` outside its strings, their state read quote by quote as the
    unfolder reads it (:func:`callrules._folded._string_after`, escapes whole).

    >>> [_compact_members(line) for line in (b'"id": "A", "x": 1}', b'"n": 10}',
    ...     b'"title": "Ph 1]"', b'"title": "a\\\\", \\\\"b\\\\": 1}",', b'"title": "]"')]
    [True, True, False, False, False]
    """
    quoted, escaped, at = False, False, 0
    while (found := _COMPACT_MEMBERS.search(line, at)) is not None:  # (overlapping: a
        # match in a string may hide one outside it)
        quoted, escaped = _string_after(line[at:found.start() + 1], quoted, escaped)
        at = found.start() + 1
        if not quoted:
            return True
    return False


def _under_indentation(head: bytes, at: int) -> bool:
    """Whether the line at ``at`` in ``head`` (its first byte) is under a line of blanks
    alone (spaces, tabs; not empty) and no wider than it: pretty JSON wrapped at its
    indentation's width, or a divisor of it, an indentation its own line, a piece of
    that width under it (before, a ``.jsonl`` file of such JSON that lost its first lines
    was read a line a record: 62 results for 2). A line wider than the blanks above it is
    no piece of a wrap at their width: blanks typed above JSON Lines (before, taken so,
    and the records after it that lost their ``{`` merged into one problem: 2 results
    for 4).

    >>> [_under_indentation(text, text.rfind(b"\\n") + 1) for text in (
    ...     b'    \\n"fam', b'\\n"fam', b'x\\n"fam', b'"fam', b'   \\n"id":"A"}\\n',
    ...     b'\\t\\n"id": "', b'        \\n"id": "A", "x": 1}')]
    [True, False, False, False, False, True, False]
    """
    if at == 0 or head[at - 1:at] != b"\n":
        return False
    above = head[head.rfind(b"\n", 0, at - 1) + 1:at - 1].removesuffix(b"\r")
    end = head.find(b"\n", at)
    line = head[at:len(head) if end == -1 else end].removesuffix(b"\r")
    return bool(above) and not above.strip(b" \t") and len(line.decode(
        "utf-8", "replace").expandtabs(8)) <= len(above.decode("ascii").expandtabs(8)) and (
        not _compact_members(line))  # (a second key after a value, or a value
    # then its object's closer: compact JSON, no piece of a pretty line's start; before,
    # records narrower than the blanks above them merged: 16 of 224 so)
    # (in columns as ``fold`` counts them, a tab up to the next multiple of 8: ``jq --tab``
    # folded, a tab alone above a piece up to the width; before, a tab counted 1, and such
    # a file read a line a problem: 639 results for 2. In characters, the line's end read
    # or not: a piece cut in bytes is no narrower so; a line not read to its end, no
    # wider than the blanks so far: a piece, maybe)


def _first_written(head: bytes) -> re.Match[bytes] | None:
    """The first byte of ``head`` that is no blank, on a line that is not blank
    (:func:`blank_line`: a line of NUL, a form feed or a no-break space alone holds no
    record, and says nothing of the format)."""
    start = _NON_BLANK.search(head)
    while start is not None and (end := head.find(b"\n", start.start())) != -1 \
            and blank_line(head[start.start():end]):
        start = _NON_BLANK.search(head, end + 1)
    return start


def _pretty_line(line: bytes) -> bool:
    """Whether ``line`` (indented) is a line of pretty-printed JSON: a member, a closing
    line, an object's opening brace alone or an array's element that is neither."""
    return bool(_MEMBER.match(line) or _CLOSING_LINE.fullmatch(line)
                or _OPENING_LINE.fullmatch(line) or _ELEMENT_LINE.fullmatch(line))


#: A pretty-printed array's element that is no object nor list, alone on its line.
_ELEMENT_LINE = re.compile(rb'[ \t]*(?:"(?:[^"\\\n]|\\.)*+"|-?[0-9][0-9.eE+-]*|true|false'
                           rb'|null)[ \t]*,?[ \t]*')
def _indented_second(head: bytes, start: int) -> bool:
    """Whether the line after the one at ``start`` in ``head`` is an indented key or closing
    line: pretty JSON that lost its first lines, then wrapped by ``fold -w`` (or wrapped,
    then cut), the end of a line wrapped first."""
    end = head.find(b"\n", start)
    second = head[end + 1:end + 200] if end != -1 else b""
    stripped = second.lstrip(b" \t")
    return len(stripped) < len(second) and stripped[:1] in (b'"', b"}", b"]")


def _json_lines_as_json(rest: Iterator[bytes]) -> tuple[str, Iterator[bytes]]:
    """How JSON whose first line is JSON Lines' is read, JSON said by a ``.json`` name or
    by ``--input-format json`` alike: JSON reads JSON Lines too; a compact stream
    (``jq -c``) line by line, a damaged line one record (lines all cut at one width by
    ``cut -c`` or ``less -S``: one problem each, not one for them all); JSON Lines in
    disguise (text before each record: ``data: ``, a timestamp), or a line alone with no
    bracket nor quote first (a CSV whose line ends were lost), one problem a line, as
    standard input reads them, never value by value (a title above records: its own
    problem, below)."""
    held = bytearray(next(rest, b""))
    begins = _NON_BLANK.search(held)
    if begins is not None and ((held[begins.start()] not in b"{[\"" and _next_line(
            held, begins.start(), rest, whole=False) is None) or _disguised(
            held, begins.start(), rest)):
        return "jsonl", _given_back(held, rest)
    return _compact_or_json(_given_back(held, rest))


def _disguised(head: bytearray, first: int, pieces: Iterator[bytes]) -> bool:
    """Whether the line at ``first`` in ``head`` is a record after text (``data: {…}``, a
    timestamp, ``N:``, a bullet), or a line with no bracket above such lines (Server-Sent
    Events saved whole: ``event:`` before each ``data: {…}``), or a title above a list on
    one line printed after text (a REPL's ``'[{…}]'``): JSON Lines in disguise,
    each line one problem naming it, as standard input and the service read them, whatever
    the file's name (pieces read into ``head`` within the record limit)."""
    while head.find(b"\n", first) == -1 and len(head) <= MAX_RECORD_BYTES \
            and (piece := next(pieces, None)) is not None:
        head += piece
    end = head.find(b"\n", first)
    line = _unmarked(bytes(head[first:end if end != -1 else len(head)]))
    return _record_after_text(line) or _prefixed_records_after(head, first, pieces) or (
        _lines_under_head(head, first, pieces)) or (
        line[:1] not in b"{[" and not _fronted_list(line)
        and _fronted_list(_line_at(head, first, pieces))) or _brace_before_list(line)


#: A stray ``{`` typed before a list of records on one line (``{[{…}]``).
_BRACE_BEFORE_LIST = re.compile(rb"\{[ \t]*(?=\[[ \t]*\{)")


def _brace_before_list(line: bytes) -> bool:
    """Whether ``line`` is a stray ``{`` and a list of records whole after it: read as JSON
    Lines read it (the brace one problem, each record judged), every way in.

    >>> _brace_before_list(b'{[{"id": "A"}]'), _brace_before_list(b'{"a": [{"id": "A"}]}')
    (True, False)
    """
    line = _trimmed(line)  # (padding before the brace, a NUL: no text)
    start = _BRACE_BEFORE_LIST.match(line)
    return start is not None and is_json(_trimmed(line[start.end():]))


def _fronted_list(line: bytes) -> bool:
    """Whether ``line`` is a list of records on one line with text printed or typed before
    it (``'[{…}]'``, ``b'[…]'``, ``Out[3]: '[…]'``, ``= […]``: :func:`_unfronted`)."""
    line = _unmarked(_trimmed(line))
    return _unfronted(line) != line


def _headless(pieces: Iterator[bytes]) -> tuple[bool, Iterator[bytes]]:
    """Whether the first non-blank line of ``pieces`` (within their first piece) is no CSV
    header; and the pieces, all still to read."""
    head = next(pieces, b"")
    found = _NON_BLANK.search(head)
    line = head[found.start():].split(b"\n", 1)[0] if found else b""
    return not is_csv_header(line), chain([head], pieces)


def _lone_application(pieces: Iterator[bytes]) -> tuple[bool, Iterator[bytes]]:
    """Whether ``pieces`` (a file's) hold one JSON object damaged by a keystroke
    (``callrules._lone``), read within ``LONE_BYTES``; and the pieces, all still to read."""
    head = bytearray()
    for piece in pieces:
        head += piece
        if len(head) > LONE_BYTES:
            return False, _given_back(head, pieces)
    try:
        lone = lone_damage(head.decode("utf-8").lstrip("\ufeff")) is not None
    except UnicodeDecodeError:
        lone = False
    return lone, iter([bytes(head)])


class _Detected(Iterator[bytes]):
    """Pieces, with the format their first non-blank line shows (:func:`_detect`)."""

    def __init__(self, pieces: Iterator[bytes]) -> None:
        self.found, self.pieces = _detect(pieces)

    def __next__(self) -> bytes:
        return next(self.pieces)


def _not_as_told(kind: str, pieces: _Detected) -> str | None:
    """The format a source said to be ``kind`` (``csv`` or ``json``: ``--input-format``,
    not its name) plainly is instead, if another: JSON (an array, an object, JSON Lines, an
    RFC 7464 sequence: its first non-blank character a bracket, a brace or a record
    separator) said to be CSV, or CSV (a header) said to be JSON; else None. Read as told,
    it would give invented records (one per cell or line) or lose them (an array taken for
    a header): it is one problem."""
    if kind == "json":
        return "CSV" if pieces.found == "csv" else None
    if pieces.found == "csv":
        return None
    head = next(pieces.pieces, b"")
    pieces.pieces = chain([head], pieces.pieces)
    if pieces.found == "jsonl" and _json_first(head.lstrip(_BLANKS).split(b"\n", 1)[0]):
        return _LINES_FIRST  # (a record after text, or quoted as cells: no header's line)
    return "JSON" if head.lstrip(_BLANKS).removeprefix(BOM)[:1] in (b"{", b"[", RS) else None


#: What :func:`_not_as_told` gives for CSV told whose first line holds a JSON record after
#: text or quoted as cells: JSON Lines, read one result a line as a ``.csv`` file is.
_LINES_FIRST = "lines first"


#: How a JSON file holding one compact value a line (``jq -c``) is read: as JSON Lines, each
#: record labelled as a JSON file's are (``batch.json[3]``).
_COMPACT = "compact"


def _compact_or_json(rest: Iterator[bytes]) -> tuple[str, Iterator[bytes]]:
    """How a JSON file whose first line is a whole object (JSON Lines' first line) is read:
    line by line when its next non-blank line also starts with ``{`` or ``[`` at its first
    column and is more than brackets opened (``{``, ``[{``: a pretty-printed value's first
    line), or is a record that lost its opening brace (a key at its first column, a ``}``
    ending it): a ``jq -c`` stream, where a damaged line then
    takes no line after it; else as JSON (one object, or pretty-printed objects after it)."""
    head = bytearray(next(rest, b""))
    start = _NON_BLANK.search(head)
    if start is None:
        return "json", _given_back(head, rest)
    if _typed_in(head, start.start(), rest):  # line breaks typed into the first record
        return _COMPACT, _given_back(head, rest)
    found = _next_line(head, start.start(), rest, whole=True)
    if found is None and _joined(head, start.start()):
        return _COMPACT, _given_back(head, rest)  # records joined on its one line
    if found is None or head[found[0] - 1] != ord("\n"):
        return "json", _given_back(head, rest)
    line = bytes(head[found[0]:found[1]]).rstrip(b" \t\r,")
    compact = (line[:1] in (b"{", b"[") and bool(line.translate(None, b"{[ \t"))) \
        or (line[:1] == b'"' and line.endswith(b"}") and b'":' in line)
    return (_COMPACT if compact else "json"), _given_back(head, rest)


def _joined(head: bytearray, first: int) -> bool:
    """Whether the line at ``first`` in ``head`` (its only line) holds whole values joined
    (by a comma or what was typed for it: :func:`joined_values`), read each as JSON Lines
    reads them, not as one damaged value."""
    try:
        values = joined_values(bytes(head[first:]).decode("utf-8").rstrip(PAD_TEXT))
    except UnicodeDecodeError:
        return False
    return len(values) > 1 and all(is_json(value.encode()) for value in values)


def _counted(found: Iterator[Sourced], source: str, start: int = 0) -> Iterator[Sourced]:
    """The records of a JSON file read line by line, labelled by their place in it
    (``batch.json[3]``; the first ``start``), as a JSON file's records are."""
    for index, item in enumerate(found, start=start):
        where = f"{source}[{index}]"
        data = item.data
        if isinstance(data, InputError):
            data = InputError(data.problems, source=where)
        yield Sourced(where, data)


def _plainly_json(head: bytes, start: re.Match[bytes] | None) -> bool:
    """Whether the first non-blank line of ``head`` (at ``start``) opens JSON no line of
    JSON Lines does: an array (``[``), or a pretty-printed object (``{`` alone)."""
    text = head[start.start():] if start else b""
    line = _trimmed(text.split(b"\n", 1)[0])
    line = _unmarked(line)
    if _fronted_over_lines(line):
        return True  # (a byte typed before an array or an envelope over lines)
    line = _unfronted(line)
    if start is not None and _list_over_limit(head, start.start(), line):
        return True  # (F5)
    if line.startswith(b"[") and b"\n" in text and is_json(line):
        return False  # an array whole on its line: a line of JSON Lines (``[]`` one too)
    if line.startswith(b"{") and line.endswith(b"[") and enveloped(b"\n".join(text.split(
            b"\n", 2)[:2]).decode("utf-8", "surrogateescape")):
        return True  # an envelope written a record a line (its list opened on its line)
    return line.startswith(b"[") or line == b"{"


def _second_line(head: bytearray, first: int, pieces: Iterator[bytes], above: int = 1
                 ) -> tuple[str, Iterator[bytes]]:
    """The format of a source whose first line is damaged, by its next non-blank line: one
    starting with ``{`` at its first column is JSON Lines, unless it is ``{`` alone (a
    pretty-printed object, as ``jq .`` writes them one after another: a stray first line, a
    comment or a title, before them); anything else (an indented line of a pretty-printed
    document) JSON; with no next line within the limit, JSON Lines. A CSV header
    (:func:`is_csv_header`) in the next six lines, the lines before it holding no
    bracket and one cell at most, is CSV: a title or a comment above
    its header, as in a file named ``.csv``. A first line holding a JSON object whole at
    its end, after text (``data: `` of Server-Sent Events, a log's time and level, a mail
    reply's ``> ``), is JSON Lines, each such line one problem, never a CSV header taking
    the first record."""
    if _record_after_text(bytes(head[first:head.find(b"\n", first)])):
        return "jsonl", _given_back(head, pieces)
    if _fronted_list(_line_at(head, first, pieces)):  # a REPL's prompt, ``$ curl …``,
        return "jsonl", _given_back(head, pieces)  # above a list printed after text
    if _titled_header(head, first, pieces):
        return "csv", _given_back(head, pieces)
    if _prefixed_records_after(head, first, pieces):  # (an event's ``id:``, ``event:``
        return "jsonl", _given_back(head, pieces)  # lines before its ``data: {…}``)
    if _lines_under_head(head, first, pieces):  # a mail's or ``curl -v``'s head
        return "jsonl", _given_back(head, pieces)
    found = _next_line(head, first, pieces, whole=False)
    if found is None:
        return "jsonl", _given_back(head, pieces)
    start = found[0]
    if head[start - 1] == ord("\n") and encoded_record(_line_from(head, start)):
        return "jsonl", _given_back(head, pieces)  # records encoded twice, a line each
        # (under a name too: each such line reads as JSON Lines' string holding a record
        # and as a CSV cell whose quotes a backslash escapes; as a ``.jsonl`` file reads
        # them, each line's record read, where one column's rows would hold none of its
        # fields; a file named ``.csv`` is CSV)
    whole, pieces = _opens_whole(head, first, pieces)
    if whole:  # (one record, its items at the first column)
        return "json", _given_back(head, pieces)
    if above < _HEAD_LOOKED and head[start] not in b"{[\x1e" and not _BRACKET.search(
            head, first, max(first, head.find(b"\n", first))) and (
                following := _line_at(head, first, pieces)) and not _BRACKET.search(following) \
            and _json_below(head, start, pieces, _HEAD_LOOKED - above):
        return _second_line(head, start, pieces, above + 1)  # lines of text above (a title,
        # an indented fence: a code block in a list item): the next line decides
    if head[start] == ord("{") and (head[start - 1] == ord("\n") or is_json(_line_at(
            head, first, pieces))):  # at its first column, or whole (indented)
        alone = _brace_alone(head, start, pieces)  # (reads the line to its end)
        return ("json" if alone or _over_lines(head, first, pieces) else "jsonl"), chain(
            [bytes(head)], pieces)
    if head[start - 1] == ord("\n") and head[start] == ord("[") \
            and (_array_then_lines(head, start, pieces, after=not bytes(
                head[first:first + 4]).removeprefix(BOM).startswith(b"{"))
                 or _damaged_array_line(_line_at(head, first, pieces))):
        return "jsonl", _given_back(head, pieces)  # an array line after a damaged record
    line = bytes(head[first:head.find(b"\n", first)]).rstrip()
    if line.startswith(b"{") and follow(line)[1] and head[start - 1] == ord("\n") and is_json(
            _line_at(head, first, pieces).strip()):  # a record cut in a string (no JSON
        return "jsonl", _given_back(head, pieces)  # goes on over a line break there), then
        # a value whole at the first column: lines each, never one document taking them
    if _cells_of(line) == 1 and not is_json(line) and _quoted_record(_line_at(
            head, first, pieces)):  # (a name, not a JSON value: ``null``, ``2`` are lines
        return "csv", _given_back(head, pieces)  # one column of JSON texts, its name
    if _cells_of(line) > 1 and head[start] not in b"{[" and line[-1:] not in b"{[":
        return "csv", _given_back(head, pieces)  # a header of odd names (empty,
        # decomposed…), rows after it (a line that opens an object or a list at its end:
    return "json", _given_back(head, pieces)  # JSON's)


def _json_below(head: bytearray, at: int, pieces: Iterator[bytes], left: int) -> bool:
    """Whether one of the next ``left`` non-blank lines after the line at ``at`` in ``head``
    starts with ``{``, ``[`` or a record separator, the lines before it holding no bracket:
    lines of text above JSON (a title, an indented fence), which standard input looks past.
    A CSV's rows under a damaged header never reach one: the header decides, as alone."""
    for _ in range(left):
        found = _next_line(head, at, pieces, whole=False)
        if found is None:
            return False
        if _JSON_START.match(head, found[0]):  # (indented with no-break spaces too)
            return True
        end = head.find(b"\n", found[0])
        if _BRACKET.search(head, found[0], end if end != -1 else len(head)):
            return False
        at = found[0]
    return False


#: A line starting JSON: ``{``, ``[`` or a record separator after blanks of any kind.
_JSON_START = re.compile(rb"(?:[ \t]|" + _OTHER_BLANK + rb")*+[{\[\x1e]")


#: How many lines of text above records (a title, a mail's greeting or head, ``curl -v``'s)
#: are looked past: each one problem, every record below read (JSON of any layout, JSON Lines
#: bare or in disguise), the same from standard input and a file.
_HEAD_LOOKED = 16


def _prefixed_records_after(head: bytearray, first: int, pieces: Iterator[bytes]) -> bool:
    """Whether, the line at ``first`` in ``head`` holding no bracket, one of the next
    :data:`_HEAD_LOOKED` non-blank lines (those before it holding none either) is a record
    after text (:func:`_record_after_text`): Server-Sent Events saved whole (``id: 0``,
    ``event: …`` or ``: keep-alive`` before each ``data: {…}``), a log's lines between its
    records, under lines of text (a title, ``Batch:``, a mail's head: as many as
    :func:`_lines_under_head` looks past above bare JSON Lines); JSON Lines, each line one
    result, as a file named ``.jsonl`` reads them (read as JSON, the whole was one problem,
    every record lost, or records judged out of log lines); pieces read into ``head``
    within the record limit. A line naming a key (``"id": "R1",``, ``"host": {…},``) is a
    member of an object written over lines (its ``{`` lost: one application damaged), no
    text of a stream: no such line is looked past, nor taken for a record after text."""
    end = head.find(b"\n", first)
    if _BRACKET.search(head, first, end if end != -1 else len(head)) or _MEMBER.match(
            head, first):
        return False
    at = first
    for _ in range(_HEAD_LOOKED):
        if (after := _next_line(head, at, pieces, whole=True)) is None:
            return False
        line = bytes(head[after[0]:after[1] if after[1] != -1 else len(head)])
        if _MEMBER.match(line):
            return False
        if _record_after_text(line):
            return True
        if _BRACKET.search(line):
            return False
        at = after[0]
    return False


#: A line of an object written over lines: a quoted key and its colon first (blanks before).
_MEMBER = re.compile(rb'[ \t]*"(?:[^"\\\n]|\\.)*"[ \t]*:')


def _lines_under_head(head: bytearray, first: int, pieces: Iterator[bytes]) -> bool:
    """Whether more than :data:`_TITLE_LINES` lines holding no bracket, from the line at
    ``first`` in ``head`` (at most :data:`_HEAD_LOOKED`), stand above a line of JSON Lines
    (a whole JSON object or array at its first column): a forwarded mail's head, ``curl
    -v``'s, above records one a line; each line one result, as a ``.jsonl`` file and the
    service read them (read as JSON, the head was one problem, the records labelled by
    their place); pieces read into ``head`` within the record limit."""
    at = first
    for above in range(1, _HEAD_LOOKED + 1):
        end = head.find(b"\n", at)
        if _BRACKET.search(head, at, end if end != -1 else len(head)):
            return False
        found = _next_line(head, at, pieces, whole=True)
        if found is None:
            return False
        at = found[0]
        if head[at - 1] == ord("\n") and head[at] in b"{[":
            line = bytes(head[at:found[1] if found[1] != -1 else len(head)]).strip()
            return above > _TITLE_LINES and is_json(line)
    return False


def _record_after_text(line: bytes) -> bool:
    """Whether ``line`` ends with a JSON object whole, text before it (a prefix written on
    a line of JSON Lines): no CSV header holds one."""
    line = line.strip(b" \t\r")
    start = line.find(b'{"')
    if start > 0 and line.endswith(b"}") and is_json(line[start:]):
        return True
    close = _CLOSED_BY.search(line)  # (or closed by what opened it: a backtick, a table's
    return start > 0 and close is not None and close.start() > start and is_json(  # ``|``,
        line[start:close.start() + 1])  # a quote then a comma: ```{…}```, ``| {…} |``)


#: What closes a record written inside a line after it: a backtick, a table's bar, a quote
#: and a comma (a string in a list), a semicolon, at most three of them with blanks.
_CLOSED_BY = re.compile(rb"\}([ \t]*[`|'\",;)][ \t]*){1,3}$")


def _over_lines(head: bytearray, first: int, pieces: Iterator[bytes]) -> bool:
    """Whether the line at ``first`` in ``head`` and the next non-blank one, the last, are
    each no JSON value, the second closing the brackets the first leaves open (counted
    quoted or not: a quote may be what was lost): one value written over two lines (a line
    break typed in a compact record), JSON, not JSON Lines (two damaged records, each
    reported); pieces read into ``head`` as needed, and only for a first line that leaves
    brackets open (a whole record on its line is answered before the next is written: a
    worker's)."""
    end = head.find(b"\n", first)
    alone = bytes(head[first:end if end != -1 else len(head)])
    if _opened(alone) <= 0 or is_json(alone):
        return False
    found = _next_line(head, first, pieces, whole=True)
    if found is None:
        return False
    line = bytes(head[first:found[0]])
    opened = _opened(line)
    if opened <= 0 or is_json(line) or (
            found[1] != -1 and _next_line(head, found[0], pieces, whole=False)):
        return False
    following = bytes(head[found[0]:found[1] if found[1] != -1 else len(head)])
    return abs(opened + _opened(following)) <= 1 and not is_json(_trimmed(following)) and not (
        blank_line(following))  # (a line of padding, VT or NUL alone, closes nothing, and
    # a record padded is one: before, two records glued on a line, a ``{`` in a string,
    # then such a line, read as CSV, the records lost)


def _opened(text: bytes) -> int:
    """How many more brackets ``text`` opens than it closes, quoted or not."""
    return sum(1 if mark in b"[{" else -1 for mark in _BRACKET.findall(text))


def _titled_header(head: bytearray, first: int, pieces: Iterator[bytes]) -> bool:
    """Whether a CSV header follows the line at ``first`` within six non-blank lines
    (:func:`_second_line`), that line and any between them holding one cell at most, or
    a title over that header naming a field (:func:`title_over`: ``Applications
    2026;exported 2026-11-30``, ``Call,cnrs-amsud-2026`` above it: as the CSV reader's
    ``_title``); pieces read into ``head`` as needed, within the record limit."""
    title = bytes(head[first:head.find(b"\n", first)]).decode("utf-8", "replace")
    after = _next_line(head, first, pieces, whole=True)
    if after is None or _BRACKET.search(head, first, after[0]):
        return False
    return _header_below(title, _lines_from(head, after, pieces))


def _lines_from(head: bytearray, found: tuple[int, int], pieces: Iterator[bytes]
                ) -> Iterator[bytes]:
    """The non-blank line at ``found`` in ``head``, then each next non-blank line, whole
    (pieces read into ``head`` as they are asked for, within the record limit)."""
    while True:
        yield bytes(head[found[0]:found[1]])
        if (following := _next_line(head, found[0], pieces, whole=True)) is None:
            return
        found = following


def _header_below(title: str, lines: Iterable[bytes]) -> bool:
    """Whether a CSV header comes within the first :data:`TITLE_LINES` of ``lines`` (the
    non-blank lines under ``title``, a line holding no bracket), the lines before it holding
    no bracket and one cell at most, or ``title`` a title over that header naming a field
    (:func:`title_over`: ``Applications 2026;exported 2026-11-30``, ``Call,cnrs-amsud-2026``
    above it), as the CSV reader's ``_title`` finds them."""
    most = filled_cells(title)  # the most cells of a line above the header
    for line in islice((line for line in _line_ends_read(lines) if not empty_row(line)),
                       TITLE_LINES):  # (a spreadsheet's emptied rows: blank lines)
        text = line.decode("utf-8", "replace")
        if is_csv_header(line) and (most <= 1 or (names_a_field(text)
                                    and title_over(title, most, text))):
            return True  # (else one more line of a block above the header, or a row)
        if _BRACKET.search(line):
            return False
        most = max(most, filled_cells(text))
    return False


def _line_ends_read(lines: Iterable[bytes]) -> Iterator[bytes]:
    """``lines`` as the CSV reader reads their ends: split at carriage returns alone (old
    Mac line ends, Excel's "CSV (Macintosh)", under a title typed with line feeds), and
    without what a reader sees blank before their end (a no-break space, U+2028, a
    zero-width space, a form feed, a tab or a blank, left by a web page or a chat's paste):
    the same header found below a title from standard input as in a file named ``.csv``."""
    for line in lines:
        for part in line.rstrip(b"\r").split(b"\r") if b"\r" in line.rstrip(b"\r") \
                else (line,):
            yield _PADDED_LINE_END.sub(b"", part)


#: What a reader sees blank at a line's end (a carriage return of a CR LF too).
_PADDED_LINE_END = re.compile(rb"(?:[ \t\r\x0b\x0c]|" + _OTHER_BLANK + rb")+\Z")


def _brace_alone(head: bytearray, start: int, pieces: Iterator[bytes]) -> bool:
    """Whether the line at ``start`` in ``head`` is ``{`` alone, as a pretty-printed object
    starts (``jq .``, ``json.dumps(indent=2)``); pieces read into ``head`` as needed to see
    that line's end, within the record limit."""
    while (stop := head.find(b"\n", start)) == -1 and not head[start + 1:].strip() \
            and len(head) <= MAX_RECORD_BYTES:
        if (piece := next(pieces, None)) is None:
            break
        head += piece
    return bytes(head[start:stop if stop != -1 else len(head)]).strip() == b"{"


def _cells_of(line: bytes) -> int:
    """How many CSV cells ``line`` holds, 0 if it may be a line of JSON (it starts as one:
    ``{``, ``[``, a quote or an indent) or does not read as CSV."""
    line = line.removeprefix(BOM).rstrip(b"\r")
    if not line or line[:1] in b'{["\t ':
        return 0
    try:  # a file of another separator (Excel's ";" or a tab) is CSV, read as the file is
        return max(len(next(csv.reader([line.decode("utf-8")], delimiter=sep, strict=True)))
                   for sep in ",;\t")
    except (UnicodeDecodeError, csv.Error, ValueError):
        return 0


def records_from_csv(rows: Iterable[str], *, source: str = "<csv>",
                     mapping: Mapping[str, str | None] | None = None) -> Iterator[Sourced]:
    """Applications from CSV text, one per row, columns named by field paths.

    ``rows`` is CSV text in pieces (an open file, a list of lines, or the text whole); it
    is split into lines on ``\\n`` (or, when the header ends with a carriage return alone,
    on carriage returns), each kept up to :data:`MAX_RECORD_BYTES`, as a file is read. A
    list of lines without their ends (a first piece holding no line end) is read as the
    rows it holds, each piece a line: make it with ``text.split("\n")`` or
    ``text.splitlines(keepends=True)``, not ``text.splitlines()``, which also splits at
    characters a cell may hold (U+2028, a form feed…) and drops them.
    :class:`~callrules.ArgumentError` for ``rows`` that are not text (bytes: a file opened
    in binary mode), a ``source`` that is not text, or a ``mapping`` that is not one;
    ``rows`` that raise part way: the rows before read, then the problem ``given_failed``.
    """
    _check_mapping(mapping)
    ArgumentError.check(source, str, "source: a text", argument="source")
    # (rows failing as they are read: the rows before read, then the failure said)
    chunks = Ended([rows] if isinstance(rows, str)
                   else iterated(rows, "rows: CSV text", argument="rows", each="kind_text"))
    blank = Blank()
    return _or_empty(then_failure(csv_records(bare_cr_lines(text_lines(lines(lined(
        csv_line_ends(without_dos_eof(_fed(map(_utf8, _ended(chunks)), blank))))))), source,
        mapping), chunks, source), blank, source)


def _fed(pieces: Iterable[bytes], blank: Blank) -> Iterator[bytes]:
    """``pieces``, each fed to ``blank`` as it passes."""
    for piece in pieces:
        blank.feed(piece)
        yield piece


def _or_empty(items: Iterable[Sourced], blank: Blank, source: str) -> Iterator[Sourced]:
    """``items``; none, from text holding nothing but blanks (``blank``, fed all of it: none
    at all too), ``empty_file``, as a file of that text is (the one rule: ``_blank``)."""
    given = False
    for item in items:
        given = True
        yield item
    if not given and blank.end():
        yield _empty(source, True)


def _ended(chunks: Iterable[str]) -> Iterator[str]:
    """``chunks``; when the first is text holding no line end (a list of lines without
    their ends, as ``splitlines()`` gives), each text piece with a line end added if it has
    none. Pieces of any other kind as they are: an open file's lines keep their ends, and a
    piece read by size holds some."""
    pieces = iter(chunks)
    for first in pieces:
        if not isinstance(first, str) or "\n" in first or "\r" in first:
            yield first
            yield from pieces
            return
        for piece in chain((first,), pieces):
            yield piece + "\n" if isinstance(piece, str) and not piece.endswith(
                ("\n", "\r")) else piece


def _check_mapping(mapping: object) -> None:
    """:class:`ArgumentError`, in the reader's words, for a ``mapping`` that is not one of
    columns (text) to field paths (text, or None), naming the entry that is not."""
    if mapping is None:
        return
    if not isinstance(mapping, Mapping):
        _refuse_mapping("mapping_not_a_mapping", {})
    for column, path in mapping.items():
        if not isinstance(column, str):
            _refuse_mapping("mapping_column", {"value": _shown_value(column)})
        if path is not None and not isinstance(path, str):
            _refuse_mapping("mapping_path", {"column": column, "value": _shown_value(path)})


def _refuse_mapping(key: str, values: dict[str, str]) -> NoReturn:
    said = PHRASES[key] % values
    raise ArgumentError(said[:1].upper() + said[1:], words=(key, values))


def _shown_value(value: object) -> str:
    """A value of a mapping as a person reads it, kept short."""
    try:
        shown = repr(value)
    except Exception:  # (a repr of the caller's own that fails)
        shown = "?"
    return shown if len(shown) <= 60 else shown[:59] + "…"


def _utf8(text: str) -> bytes:
    ArgumentError.check(text, str, "rows: CSV text (a file opened in text mode)", argument="rows")
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")  # reported as not UTF-8
