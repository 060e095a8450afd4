"""Loading a call file: text, TOML or JSON, or a dict → a checked :class:`CallFile`.

A call file is untrusted: every resource it can drive is bounded before the expensive
work. The file's size is checked before it is read; a TOML text is scanned (in one linear
pass) for dotted keys longer than ``LIMITS['key_parts']`` and for more than
``LIMITS['keys']`` keys before it is parsed, because the TOML parser's memory grows with the
square of a dotted key's length; the nesting depth is checked before pydantic validates the
structure. What happens at each limit is listed in docs/reference/call-file.md.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
import tomllib
from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from callrules import _codes
from callrules._definitions import (
    LANG_PATTERN,
    LIMITS,
    OPS,
    CallFile,
    CriterionFile,
    EnvelopeFile,
    SelectionFile,
    SelectionTable,
    VocabularyFile,
    translation_hint,
)
from callrules._invisible import IGNORABLE_BUT_JOINERS
from callrules._json_scan import read_levels
from callrules._jsontext import repeated_key
from callrules._keys import listed_twice, twice_said
from callrules._problems import error_text
from callrules._suggest import did_you_mean
from callrules._system import reason
from callrules._time import fraction_refused, get_zone, is_place
from callrules.exceptions import (
    DefinitionError,
    KindInWords,
    TimeError,
    argument_words,
    choice_words,
    given_key,
)

__all__ = ["STDIN_LIKE", "check_definition", "definition_from_data", "names_standard_input",
           "on_purpose", "opened_as", "read_file", "read_stream", "read_text",
           "text_format"]

# The tokens of a TOML text that matter to its keys: a comment (to its line's end), a
# multi-line string (basic, whose escapes are read, or literal; it may end with one or two
# more quotes, which are its own: one left open runs to the end of the text), a bare key, a
# quoted string on one line (a key's part, or a value: its dots are not a key's; one left
# open ends with its line), a dot, a newline or '=' (which ends a key), or any other
# character. Each alternative is told by its first characters and none backtracks: the scan
# is linear.
_TOKENS = re.compile(r'#[^\n]*'
                     r'|"""(?:[^"\\]|\\[\s\S]|""?(?!"))*(?:"{3,5})?'
                     r"|'''(?:[^']|''?(?!'))*(?:'{3,5})?"
                     r'''|[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"?|'[^'\n]*'?|[ \t]+|\.|=|\n|.''')


#: Paths naming a standard input on purpose, read although they are not regular files.
STDIN_LIKE = re.compile(r"/dev/stdin|/dev/fd/\d+|/proc/self/fd/\d+")
#: The links followed from a name to standard input's, at most (as Linux follows).
_HOPS = 40
#: The names of standard input's own descriptor (0), once made absolute and normal.
_DESCRIPTOR_0 = re.compile(r"/dev/stdin|/dev/fd/0+|/proc/(?:self|thread-self|(?P<pid>\d+))"
                           r"(?:/task/\d+)?/fd/0+")


def names_standard_input(name: str) -> bool:
    """Whether ``name`` is a path to standard input's descriptor (``/dev/stdin``,
    ``/dev/fd/0``, ``/proc/self/fd/0``, however written: ``//dev/./stdin``,
    ``../../dev/stdin`` from a folder, this process's number for ``self``), or a link to one
    of them, or one in a linked folder."""
    path = name
    try:
        for _ in range(_HOPS):  # each link of a chain, as far as a name of descriptor 0
            folder, last = os.path.split(os.path.abspath(path))
            for seen in (os.path.normpath(os.path.abspath(path)),
                         os.path.join(os.path.realpath(folder), last)):
                found = _DESCRIPTOR_0.fullmatch("/" + seen.lstrip("/"))
                if found is not None and found["pid"] in (None, str(os.getpid())):
                    return True
            path = os.path.join(folder, os.readlink(path))
    except (OSError, ValueError):  # not a link (the end of the chain), a NUL in the name
        return False
    return False  # (a chain longer than the system follows)


def opened_as(name: str) -> str:
    """The path the system is given to open ``name``: ``/dev/fd/0`` for every name of
    standard input (:func:`names_standard_input`), those the system does not know too
    (``/dev/fd/00``, ``/proc/self/fd/000``: its number written with zeros before it), so
    that each reads what ``/dev/fd/0`` reads (a file or a pipe on standard input; closed,
    nothing); any other name as it is."""
    return "/dev/fd/0" if names_standard_input(name) else name


def on_purpose(name: str) -> bool:
    """Whether ``name`` names a standard input on purpose (:data:`STDIN_LIKE`, or a link to
    standard input's descriptor), read although it is not a regular file."""
    return STDIN_LIKE.fullmatch(name) is not None or names_standard_input(name)


#: A call file that cannot be read, in the reader's words (the reason is in the line above).
_UNREADABLE: tuple[str, dict[str, str]] = ("call_file_unreadable", {})

def read_file(path: str | Path) -> tuple[str | bytes, str, str]:
    """The bytes of the call file at ``path``, its format and its name as a source: at most
    ``LIMITS['file_bytes']`` read (one more byte says it is larger: ``too_large``), and a
    path that is not a regular file (a device, a pipe) refused unless it names a standard
    input (``/dev/stdin``, ``/dev/fd/N``)."""
    file = Path(path) if isinstance(path, (str, Path)) else None
    if file is None:
        raise DefinitionError(f"a call file is named by a path, not {type(path).__name__}",
                              code="unreadable", source=repr(path),
                              words=argument_words("path", path, "kind_path"))
    source = str(file)
    file = Path(opened_as(source))  # (any name of standard input read as its descriptor)
    try:
        if file.is_dir():
            raise DefinitionError("this is a folder, not a call file", code="unreadable",
                                  source=source, words=_UNREADABLE,
                                  hint="register a folder of call files with "
                                       "callrules.calls.register_folder")
        mode = file.stat().st_mode
        if not stat.S_ISREG(mode) and not on_purpose(source):
            raise DefinitionError("this is not a regular file (a pipe, a device or a socket): "
                                  "it is not read", code="not_a_regular_file", source=source,
                                  words=_UNREADABLE)
        with file.open("rb") as handle:  # bounded: a device or a pipe may never end
            data = handle.read(LIMITS["file_bytes"] + 1)
        if len(data) > LIMITS["file_bytes"]:
            raise DefinitionError(f"larger than {LIMITS['file_bytes']} bytes", code="too_large",
                                  source=source)
    except DefinitionError:
        raise
    except OSError as exc:
        raise DefinitionError(f"cannot read the file: {reason(exc, 'en')}", code="unreadable",
                              source=source, words=_UNREADABLE) from None
    except ValueError as exc:  # a path with a NUL byte
        raise DefinitionError(f"cannot read the file: {exc}", code="unreadable",
                              source=source, words=_UNREADABLE) from None
    said = file.suffix.lower() == ".json" or (not file.suffix and on_purpose(source)
                                              and text_format(data) == "json")
    return data, "json" if said else "toml", source


def read_stream(stream: BinaryIO, source: str) -> tuple[bytes, str, str]:
    """The bytes of the call file ``stream`` gives (standard input, ``validate -``), read
    as :func:`read_file` reads a file named: at most ``LIMITS['file_bytes']`` (one more byte
    says it is larger: ``too_large``), its format told by :func:`text_format`."""
    data = stream.read(LIMITS["file_bytes"] + 1)
    if len(data) > LIMITS["file_bytes"]:
        raise DefinitionError(f"larger than {LIMITS['file_bytes']} bytes", code="too_large",
                              source=source)
    return data, text_format(data), source


def text_format(data: bytes) -> str:
    """The format of a call file's text that no name tells (standard input): ``json`` when
    it starts with ``{`` (after a byte-order mark and blanks; never a TOML file's start),
    else ``toml``."""
    start = data.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    return "json" if start.startswith(b"{") else "toml"


def read_text(text: str | bytes, format: str, source: str) -> Any:
    """The structure of a TOML or JSON text, within the limits; DefinitionError if not."""
    if not isinstance(text, (str, bytes)):
        raise DefinitionError(f"a call file's text is str or bytes, not {type(text).__name__}",
                              code="not_text", source=source,
                              words=argument_words("text", text, "kind_call_text"))
    if not isinstance(format, str) or format not in ("toml", "json"):
        raise DefinitionError(f"format is 'toml' or 'json', not {format!r:.80}",
                              code="bad_format", source=source,
                              words=choice_words("format", format, ("toml", "json")))
    size = len(text)
    if isinstance(text, str) and size <= LIMITS["file_bytes"] < size * 4:
        size = len(text.encode("utf-8", "surrogatepass"))  # the bytes of the file it would be
    if size > LIMITS["file_bytes"]:
        raise DefinitionError(f"larger than {LIMITS['file_bytes']} bytes", code="too_large",
                              source=source)
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        text = text.removeprefix("\ufeff")  # a byte-order mark (saved so by an editor)
        if format == "toml":
            _scan_toml_keys(text, source)
            read = tomllib.loads(text)
            if "-00:00" in text:
                _unknown_offsets(read, text, source)
            if _LONG_FRACTION.search(text):
                _long_fractions(read, text, source)
            return read
        read_levels(text)  # (deeper than JSON is read: refused at one depth on every Python)
        data = json.loads(text)
        if (twice := repeated_key(text)) is not None:  # JSON would keep the last silently
            key = (twice.ctx or {}).get("key", "")
            raise DefinitionError(f"the key {key!r} is written twice in one object, where a "
                                  "JSON reader keeps one of them silently",
                                  code="duplicate_key", source=source, loc=twice.loc,
                                  hint="keep one of them")
        return data
    except UnicodeDecodeError:
        raise DefinitionError("not UTF-8 text", code="not_utf8", source=source) from None
    except DefinitionError:
        raise
    except RecursionError:
        raise _too_deep(source) from None
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:  # TOML or JSON syntax
        raise _syntax_error(exc, format.upper(), source) from None
    except ValueError:  # a whole number longer than Python converts (both readers call int())
        raise _number_too_long(source) from None


#: Where tomllib says it stopped, in its message (its only account of it before 3.14).
_TOML_PLACE = re.compile(r"\(at line (\d+), column (\d+)\)$")
#: A comma, then blanks, then the bracket it stands before (JSON's trailing comma).
_TRAILING_COMMA = re.compile(r",[ \t\r\n]*(?=[}\]])")
#: tomllib's words for a syntax error at the end of a document.
_TOML_END = re.compile(r" \(at end of document\)$")
#: What Python's ``json`` before 3.13 says of a trailing comma, by the bracket it stands
#: before (3.13 says "Illegal trailing comma before end of object" or "… of array").
_BEFORE_CLOSING = {"}": "Expecting property name enclosed in double quotes",
                   "]": "Expecting value"}


def _syntax_error(exc: json.JSONDecodeError | tomllib.TOMLDecodeError, format: str,
                  source: str) -> DefinitionError:
    """The refusal of a call file that is not valid ``format`` (``JSON``, ``TOML``).

    For the reader, in the library's words in each language: where its reader stopped (line
    and column), or that it stops before its end. For the call file's author (the English
    message): the reader's reason and that place, the same on every Python: 3.13's ``json``
    words a trailing comma otherwise (``Illegal trailing comma before end of object``) and
    places it at the comma, so its reason is said as 3.11's and 3.12's (``Expecting property
    name enclosed in double quotes`` before a brace, ``Expecting value`` before a bracket)
    and its place is the bracket after the comma, where they stop."""
    if isinstance(exc, json.JSONDecodeError):
        pos, reason = exc.pos, exc.msg
        if exc.msg.startswith("Illegal trailing comma") and (
                comma := _TRAILING_COMMA.match(exc.doc, pos)) is not None:
            pos = comma.end()  # (3.13's place, at the comma: the bracket's, as before it)
            reason = _BEFORE_CLOSING[exc.doc[pos]]
        line = exc.doc.count("\n", 0, pos) + 1
        place: tuple[str, str] | None = (str(line), str(pos - exc.doc.rfind("\n", 0, pos)))
    else:
        found = _TOML_PLACE.search(str(exc))
        place = (found[1], found[2]) if found else None
        reason = str(exc)[:found.start()].rstrip() if found else _TOML_END.sub("", str(exc))
    if place is None:
        return DefinitionError(f"not valid {format}: {reason}, at the end of the file",
                               code="syntax", source=source,
                               words=("call_file_syntax_end", {"format": format}))
    return DefinitionError(f"not valid {format}: {reason}: line {place[0]}, column {place[1]}",
                           code="syntax", source=source, words=(
                               "call_file_syntax", {"format": format, "line": place[0],
                                                    "column": place[1]}))


#: How many levels of tables and arrays a call file may nest (the documented 40): the
#: rules' own limit (:data:`LIMITS` ``depth``, 32 levels of a rule's nodes) and the tables
#: a call file holds its rules in.
FILE_LEVELS = LIMITS["depth"] + 8


def _too_deep(source: str) -> DefinitionError:
    """The refusal of a call file nested deeper than a call file may be: one message, saying
    the limit it is refused at (:data:`FILE_LEVELS`: a file of 41 levels said "deeper than
    32" before, where 40 pass), whether its reader read it or gave up on it first (JSON past
    500 levels, TOML's arrays past about 496 and inline tables past about 330: before, those
    said "nested too deeply to read" and no limit, look77p finding 3)."""
    levels = FILE_LEVELS
    return DefinitionError(f"nested deeper than {levels} levels", code="too_deep",
                           source=source, words=("call_file_too_deep", {"levels": str(levels)}))


def _number_too_long(source: str) -> DefinitionError:
    """The refusal of a whole number longer than Python converts (4,300 digits): typed, and
    said in the reader's language, without the interpreter's advice."""
    limit = sys.get_int_max_str_digits()
    return DefinitionError(f"a whole number of more than {limit} digits, longer than a call "
                           "file can hold", code="too_large", source=source,
                           words=("number_too_long", {"limit": str(limit)}))


#: A time of day written with more than six digits of a second (TOML cuts them silently).
_LONG_FRACTION = re.compile(r"\d{2}:\d{2}:\d{2}\.\d{7}", re.ASCII)


def _datetimes(value: object, loc: tuple[str | int, ...] = ()
               ) -> Iterator[tuple[datetime, tuple[str | int, ...]]]:
    """Each date-time TOML read into ``value``, with its place."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _datetimes(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _datetimes(item, (*loc, index))
    elif isinstance(value, datetime):
        yield value, loc


def _long_fractions(value: object, text: str, source: str) -> None:
    """Refuse a TOML date-time written with more than ``FRACTION_DIGITS`` digits of a
    second, which TOML cuts to what the reader holds (microseconds) without a word: the text
    says which was written (``bad_milestone``, as for a milestone written as text)."""
    for instant, loc in _datetimes(value):
        written = (re.escape(f"{instant:%Y-%m-%d}") + "[Tt ]"
                   + re.escape(f"{instant:%H:%M:%S}") + rf"\.{instant.microsecond:06d}\d+")
        found = re.search(written, text)
        if found:
            raise DefinitionError(f"not a date or time: {fraction_refused(found[0])}",
                                  code="bad_milestone", source=source, loc=loc)


def _unknown_offsets(value: object, text: str, source: str) -> None:
    """Refuse a TOML date-time written with the offset ``-00:00``, which RFC 3339 gives to a
    time in UTC whose local offset is unknown (so no local time is told): TOML reads it as
    UTC, as ``+00:00``; the text says which was written."""
    for instant, loc in _datetimes(value):
        if instant.utcoffset() != timedelta(0):
            continue
        local = instant.replace(tzinfo=None).isoformat()
        written = re.escape(local[:16]) + r"(?::" + re.escape(local[17:19]) + \
            r"(?:\.\d+)?)?-00:00"
        if re.search(written.replace("T", "[Tt ]"), text):
            raise DefinitionError(
                f"{local}-00:00: -00:00 says that the local offset is unknown (RFC 3339): "
                "write the offset, or none for the call's zone", code="unknown_offset",
                source=source, loc=loc)


def _scan_toml_keys(text: str, source: str) -> None:
    """Refuse, before parsing, a dotted key of more than ``LIMITS['key_parts']`` parts and a
    text of more than ``LIMITS['keys']`` keys: one pass, memory bounded by one token.

    Comments and the insides of strings (on one line or several, basic or literal) are no
    keys and are skipped; what could be a key elsewhere is counted (the dots of a number are
    read as a key's): the scan can only overcount keys, so a file it lets through is within
    the limits."""
    parts = 0  # parts of the dotted key being read
    dotted = False  # the last token was a dot: a part must follow
    keys = 0
    line = 1
    start = 0  # where the dotted key being read starts
    for match in _TOKENS.finditer(text):
        token = match.group()
        first = token[0]
        if first in " \t#":  # (a comment runs to its newline, which ends a key)
            continue
        if first == ".":
            dotted = True
            continue
        if token[:3] in ('"""', "'''"):  # a multi-line string: a value, never a key
            line += token.count("\n")
            parts, dotted = 0, False
            continue
        if first.isalnum() or first in "_-\"'":
            if dotted and parts:
                parts += 1
            else:
                parts, start = 1, match.start()
            dotted = False
            if parts > LIMITS["key_parts"]:
                key = text[start:match.end()]
                raise DefinitionError(
                    f"a dotted key of more than {LIMITS['key_parts']} parts (line {line}: "
                    f"{key[:60] + '…' if len(key) > 60 else key})", code="too_deep",
                    source=source)
            continue
        if first == "=":
            keys += 1
            if keys > LIMITS["keys"]:
                raise DefinitionError(f"more than {LIMITS['keys']} keys (the last one read is "
                                      f"on line {line})", code="too_many_keys", source=source)
        elif first == "\n":
            line += 1
        parts, dotted = 0, False


def _top_kind(data: object) -> str:
    """The phrase saying what a call file holds at its top instead of a table: a number as
    a number, whether a float or a decimal read it (never "an inexact decimal number")."""
    return "kind_number" if isinstance(data, (float, Decimal)) else given_key(data)


def definition_from_data(data: object, source: str) -> CallFile:
    """The checked definition of a call from its structure (as read from TOML or JSON)."""
    if not isinstance(data, Mapping):
        raise DefinitionError("a call file holds a table (an object) at its top",
                              code="not_a_table", source=source, words=(
                                  "call_not_a_table_none", {}) if data is None else (
                                  "call_not_a_table", {"given": KindInWords(_top_kind(data))}))
    if _depth(data, FILE_LEVELS) > FILE_LEVELS:
        raise _too_deep(source)
    _refuse_control_characters(data, source)
    try:
        return CallFile.model_validate(data)
    except ValidationError as exc:
        raise _refused(exc, source) from None
    except RecursionError:  # a tree built in Python, nested past the interpreter's limit
        raise _too_deep(source) from None


def _refused(exc: ValidationError, source: str, at: tuple[str | int, ...] = ()
             ) -> DefinitionError:
    """The first problem validation found in a call file (at ``at`` in it), with its place,
    its code and a hint: an unknown key is ``extra_forbidden``, wherever it is."""
    first = exc.errors(include_url=False)[0]
    more = exc.error_count() - 1
    loc = at + _clean_loc(tuple(first["loc"]))
    message = _said(first) + (f" (and {more} more {'problem' if more == 1 else 'problems'})"
                              if more else "")
    return DefinitionError(message, code=first["type"], source=source, loc=loc,
                           hint=_HINTS.get(first["type"]))


def _check_selection_tables(definition: CallFile, source: str) -> None:
    """The keys of ``[[criteria]]`` and ``[selection]`` checked as those of every other table
    of the file are: a misspelt one (``portfolio_limt``) is refused when the call loads, not
    ignored until a panel selects. Their values are read by :mod:`callrules.selection`."""
    tables: list[tuple[type[SelectionTable], object, tuple[str | int, ...]]] = [
        (CriterionFile, raw, ("criteria", index))
        for index, raw in enumerate(definition.criteria)]
    if definition.selection is not None:
        tables.append((SelectionFile, definition.selection, ("selection",)))
        envelope = definition.selection.get("envelope")
        if isinstance(envelope, Mapping):
            tables.append((EnvelopeFile, envelope, ("selection", "envelope")))
    for model, raw, at in tables:
        try:
            model.model_validate(raw)
        except ValidationError as exc:
            raise _refused(exc, source, at) from None


def _said(error: Any) -> str:
    """A problem found by validation, in words: a pattern (for a machine) as the form it
    asks for."""
    if error["type"] in _STRICT_KINDS:  # "no" for false, "5" for 5: never read leniently
        given = error.get("input")
        shown = repr(given)[:40] if not isinstance(given, bool) else str(given).lower()
        return f"{_STRICT_KINDS[error['type']]} is expected here, not {shown}"
    if error["type"] != "string_pattern_mismatch":
        return error_text(error)
    form = _FORMS.get(error.get("ctx", {}).get("pattern", ""), "a text of another form")
    text = str(error["input"])
    return f"expected {form}; {text[:40] + '…' if len(text) > 40 else text!r} is not"


#: The forms of a call file's codes and names, in words.
_FORMS = {
    r"^[a-z][a-z0-9_\-]{0,63}$": "a code: a lower-case letter, then up to 63 lower-case "
                               "letters, digits, hyphens or underscores (no space)",
    r"^[a-z][a-z0-9_]{0,63}$": "a name: a lower-case letter, then up to 63 lower-case "
                              "letters, digits or underscores (no space, no hyphen)",
    LANG_PATTERN: "a language: two lower-case letters, such as \"fr\"",
    r"^[A-Z]{3}$": "a currency: three capital letters, such as \"EUR\"",
    r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$": "a field's path: lower-case names joined by "
                                            "dots, such as \"visitors.category\"",
    r"^[a-z][a-z0-9_\-]{0,40}\{year\}[a-z0-9_\-]{0,20}$": "a code holding {year}, such as "
                                                      "\"summer-school-{year}\"",
}

#: The kind a strict key of a call file takes (a boolean, a whole number), by pydantic's code.
_STRICT_KINDS = {"bool_type": "true or false (without quotes)",
                 "int_type": "a whole number (without quotes or decimals)"}
_HINTS = {
    "extra_forbidden": "remove this key, or check its spelling",
    "union_tag_invalid": f"op is one of: {', '.join(OPS)}",
    "bad_template": "write values as %(name)s, and a percent sign as %%",
    "unknown_finding_code": "the finding codes are listed in docs/reference/finding-codes.md",
    "mixed_set": "write the set with items of one kind, such as [\"a\", \"b\"] or [1, 2]",
}


#: Invisible characters that change how a text reads or prints: a lone surrogate (which no
#: UTF-8 output can write), line and paragraph separators, interlinear annotations, and
#: Unicode's default-ignorable code points (shown as nothing: zero-width spaces, soft hyphens,
#: bidirectional marks, embeddings, overrides and isolates, "Trojan Source"; word joiners,
#: Hangul fillers, variation selectors, a byte-order mark, tag characters: those of
#: :mod:`callrules._invisible`), but for its exception, the zero-width joiner and
#: non-joiner (:data:`callrules._invisible.JOINERS`), which some scripts need in their
#: words (Persian, the scripts of India), allowed in texts and never in codes and keys.
_INVISIBLE = "\ud800-\udfff\u2028\u2029\ufff9-\ufffb" + IGNORABLE_BUT_JOINERS
#: A control character (C0, DEL, C1) or an invisible one; a clause's text may also hold line
#: breaks and tabs; a code or key, no joiner either.
#: Noncharacters (never for interchange) and the object replacement character, refused in
#: texts too; in codes and keys also the private use areas, blank patterns (a space other
#: than the space, a blank Braille cell) that would make two codes look alike.
_NOT_TEXT = "\ufdd0-\ufdef\ufffc" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
_CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f{_INVISIBLE}{_NOT_TEXT}]")
_CONTROL_IN_LINES = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_INVISIBLE}{_NOT_TEXT}]")
_CONTROL_IN_KEYS = re.compile(
    f"[\x00-\x1f\x7f-\x9f\u200c\u200d{_INVISIBLE}{_NOT_TEXT}\ue000-\uf8ff"
    f"\U000f0000-\U0010ffff\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u2800]")


def _refuse_control_characters(data: object, source: str) -> None:
    """Refuse, as ``control_character`` naming where, a control character (an escape, a
    line break, a tab, NUL…) in any key or text of a call file: its titles, labels,
    vocabularies, templates, sources and codes are printed for people and copied into
    applications (a plan's lines), where such a character is never accepted. Only a
    clause's full text (``clauses[n].text``) may hold line breaks and tabs."""
    stack: list[tuple[object, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        item, loc = stack.pop()
        if isinstance(item, Mapping):
            for key, value in item.items():
                if isinstance(key, str) and _CONTROL_IN_KEYS.search(key):
                    raise _control(source, loc)
                stack.append((value, (*loc, key)))
        elif isinstance(item, list):
            stack.extend((value, (*loc, index)) for index, value in enumerate(item))
        elif isinstance(item, str):
            lines = len(loc) >= 3 and loc[0] == "clauses" and loc[2] == "text"
            if (_CONTROL_IN_LINES if lines else _CONTROL).search(item):
                raise _control(source, loc)


def vocabulary_values(values: object, source: str) -> dict[str, dict[str, str]]:
    """A vocabulary's values given outside a call file (a platform's, to
    :func:`callrules.calls.register_vocabulary`: code → language → label) checked by the
    rules and bounds of a call file's ``[vocabularies.<name>] values``, the same functions:
    no more bytes than a call file holds (``too_large``), no control or invisible character
    in a code, a language or a label (``control_character``, :func:`_refuse_control_characters`),
    then its model (:class:`VocabularyFile`: 1 to 10,000 codes of 1 to 100 characters, each
    language two lower-case letters, each label 1 to 500 characters). A
    :class:`DefinitionError` naming where, the values read otherwise (att82 F4: an escape,
    a right-to-left override and a language ``"../zz"`` accepted, 30 labels of 2 MB making
    one message of 40 MB)."""
    size = 0
    if isinstance(values, Mapping):
        for code, texts in values.items():
            size += _text_bytes(code)
            if isinstance(texts, Mapping):
                size += sum(_text_bytes(lang) + _text_bytes(text)
                            for lang, text in texts.items())
            if size > LIMITS["file_bytes"]:
                raise DefinitionError(f"larger than {LIMITS['file_bytes']} bytes, the most a "
                                      "call file holds", code="too_large", source=source,
                                      loc=(code,) if isinstance(code, str) else ())
    _refuse_control_characters(values, source)
    try:
        read = VocabularyFile.model_validate({"values": values})
    except ValidationError as exc:
        said = _refused(exc, source)  # (its place in the values, not in a file's table)
        raise DefinitionError(said.message, code=said.code, source=source, loc=said.loc[1:],
                              hint=said.hint) from None
    assert read.values is not None  # (1 code or more)
    return read.values


def _text_bytes(text: object) -> int:
    """The bytes of ``text`` in UTF-8 as a call file would hold it (another value: 0,
    refused by its type after)."""
    return len(text.encode("utf-8", "surrogatepass")) if isinstance(text, str) else 0


def _control(source: str, loc: tuple[str | int, ...]) -> DefinitionError:
    return DefinitionError(
        "this text holds a control or invisible character (such as an escape, a tab, a line "
        "break, a lone surrogate or a bidirectional override), which a call file's texts, "
        "labels and codes do not accept", code="control_character",
        source=source, loc=loc,
        hint="remove it; only a clause's full text may hold line breaks and tabs")


def _depth(value: object, limit: int) -> int:
    """Nesting depth of ``value``, stopping (with ``limit + 1``) once past ``limit``."""
    stack: list[tuple[object, int]] = [(value, 1)]
    deepest = 0
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > limit:
            return deepest
        if isinstance(item, Mapping):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest


def _clean_loc(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """A pydantic error location without the union tags it inserts (``'compare'``…)."""
    return tuple(p for p in loc if not (isinstance(p, str) and (p in OPS or "[" in p)))



#: The first part of the zones that name no place: fixed offsets (``Etc/GMT+5``, whose sign
#: POSIX reverses) and the tz database's copies and legacy trees.


def check_definition(definition: CallFile, source: str) -> ZoneInfo:
    """What a call file's structure cannot say alone: its zone is a place's, its languages
    and currency exist, every text is in every language, clause ids are distinct and every
    rule cites one. Returns the call's zone."""
    name = definition.timezone
    try:
        zone = get_zone(name)
    except TimeError as exc:
        raise DefinitionError(str(exc), code=exc.code, source=source, loc=("timezone",)
                              ) from None
    if not is_place(name):
        raise DefinitionError(
            f"{name!r} is a fixed offset or a legacy zone: it does not say where the call is, "
            "and reads wrongly in messages", code="zone_not_a_place", source=source,
            loc=("timezone",),
            hint="use the zone of a place, such as 'Europe/Paris' or 'America/Bogota', or UTC")
    _check_languages(definition, source)
    _check_selection_tables(definition, source)
    if not _codes.is_currency(definition.currency):
        raise DefinitionError(f"{definition.currency!r} is not an ISO 4217 currency code",
                              code="bad_currency", source=source, loc=("currency",))
    ids = [clause.id for clause in definition.clauses]
    if len(set(ids)) != len(ids):
        raise DefinitionError("two clauses have the same id", code="duplicate_clause",
                              source=source, loc=("clauses",))
    for index, entry in enumerate(definition.rules):
        if entry.clause not in ids:
            raise DefinitionError(
                f"rule cites clause {entry.clause!r}, which the call does not define",
                code="unknown_clause", source=source, loc=("rules", index, "clause"),
                hint=did_you_mean(entry.clause, ids))
    return zone


def _check_languages(definition: CallFile, source: str) -> None:
    for lang in definition.languages:
        if not _codes.is_language(lang):
            raise DefinitionError(f"{lang!r} is not an ISO 639-1 language code",
                                  code="bad_language", source=source, loc=("languages",))
    twice = listed_twice(definition.languages)
    if twice is not None:  # served and listed as is: a language offered twice
        raise DefinitionError(twice_said(list(definition.languages), twice),
                              code="bad_language", source=source, loc=("languages", twice[1]))
    needed = set(definition.languages)
    texts: list[tuple[tuple[str | int, ...], Mapping[str, str]]] = [
        (("title",), definition.title)]
    for i, clause in enumerate(definition.clauses):
        texts.append((("clauses", i, "title"), clause.title))
        texts.append((("clauses", i, "text"), clause.text))
    for key, note in definition.notes.items():
        texts.append((("notes", key), note))
    for i, rule in enumerate(definition.rules):
        if rule.description is not None:
            texts.append((("rules", i, "description"), rule.description))
        texts.extend(_node_texts(rule.check, ("rules", i, "check")))
        for code, words in (rule.messages or {}).items():
            texts.append((("rules", i, "messages", code), words))
    for loc, text in texts:
        missing = needed - set(text)
        if missing:
            raise DefinitionError(
                f"no {', '.join(sorted(missing))} text, though the call declares "
                f"languages {', '.join(definition.languages)}", code="missing_translation",
                source=source, loc=loc, hint=translation_hint(definition.languages, text))




def _node_texts(node: object, loc: tuple[str | int, ...]
                ) -> list[tuple[tuple[str | int, ...], Mapping[str, str]]]:
    """The bilingual texts inside a rule tree (an ``exists`` requirement…), with their places.

    Walked without recursion, in document order, and no deeper than the compiler accepts: a
    tree built in Python (``rules.not_`` 10,000 times) is never validated as nested data, and
    the compiler refuses it (``too_deep``) with its place."""
    out: list[tuple[tuple[str | int, ...], Mapping[str, str]]] = []
    stack: list[tuple[object, tuple[str | int, ...], int]] = [(node, loc, 1)]
    while stack:
        node, loc, depth = stack.pop()
        if depth > LIMITS["depth"]:
            continue
        requirement = getattr(node, "requirement", None)
        if requirement is not None:
            out.append((loc + ("requirement",), requirement))
        children: list[tuple[object, tuple[str | int, ...], int]] = []
        for key in ("rule", "where"):
            child = getattr(node, key, None)
            if child is not None:
                children.append((child, loc + (key,), depth + 1))
        for index, child in enumerate(getattr(node, "rules", None) or ()):
            children.append((child, loc + ("rules", index), depth + 1))
        stack.extend(reversed(children))
    return out
