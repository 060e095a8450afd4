"""The ``callrules`` command line.

Exit codes: 0 every application is eligible (or the command succeeded); 1 at least one
application is not eligible; 2 bad input or usage (a malformed record, an unknown call, a
call file with mistakes); 70 an internal error (a bug: one line on standard error, the
traceback only with ``CALLRULES_TRACEBACK=1``); 128 + the signal's number when stopped by
a signal (130 Ctrl-C, 129 SIGHUP, 143 SIGTERM) or when the reader of the output went away
(141, as for SIGPIPE: ``| head``). A crash is never 0 or 1.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import signal
import stat
import sys
import threading
import traceback
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext, suppress
from datetime import UTC, datetime
from importlib import import_module
from itertools import islice
from pathlib import Path
from tempfile import TemporaryFile
from typing import Any, BinaryIO, TextIO, cast

from callrules import (
    __version__,
    _present,  # noqa: F401 - loads the renderings of what it prints
    calls,
)
from callrules._arguments import call_given, call_named, edition_named, load_call
from callrules._batch_index import read_digest
from callrules._call import Call
from callrules._checklist import edition_note, in_force_note
from callrules._colours import without_colours
from callrules._csv_dialects import DIALECTS, TableWriter
from callrules._deadline import Deadline, Late
from callrules._encodings import encoding_of
from callrules._evaluate import (
    Evaluation,
    Sourced,
    evaluate_many,
    evaluate_stream,
)
from callrules._file_names import told_apart
from callrules._folded import unfolded
from callrules._i18n import (
    chosen_language,
    default_language,
    ended,
    format_exact,
    phrase,
    phrase_sentence,
    plural,
    set_language,
    translate,
    typography,
    visible,
    words_said,
)
from callrules._in_words import cut
from callrules._json_array import JsonArray
from callrules._json_lines import jsonl
from callrules._jsontext import RepeatedKeyError, read_json
from callrules._loading import names_standard_input, on_purpose, opened_as
from callrules._messages import N_, definition_words, is_entry_point_words
from callrules._places import field_key, field_label
from callrules._problems import too_deep_problem
from callrules._reading import PAD_TEXT, GivenBack
from callrules._reading import unreadable as unreadable_file
from callrules._record import decision_record, replay
from callrules._report import BatchItem, BatchResult, Finding
from callrules._safe import json_text, terminal
from callrules._said import (
    ARGPARSE_WORDS,
    arguments_said,
    argv_language,
    choice_said,
    language,
    lines_of,
    said,
    words_language,
)
from callrules._schema import json_schema
from callrules._signals import Stopped, check, forget, kept, stopping
from callrules._sourced import label_parts
from callrules._sources import (
    INPUT_FORMATS,
    MAX_RECORD_BYTES,
    MAX_SKIP_BYTES,
    Counted,
    Stop,
    lines_read,
    nothing_read,
    records,
    said_hidden,
    said_skipped,
)
from callrules._standard_input import bytes_of
from callrules._system import refused
from callrules._tables import (
    MACHINE_HEADER,
    machine_rows,
    people_corrected,
    people_header,
    people_rows,
)
from callrules._text import item_text
from callrules._time import parse_instant, reader_zone, typed_zone
from callrules._writes import WriteError, refuse_input, replacing, writing
from callrules.exceptions import (
    ArgumentError,
    CallrulesError,
    DefinitionError,
    InputError,
    InputProblem,
)
from callrules.planning import cli as plan_command
from callrules.selection import cli as select_command
from callrules.selection.record import replay_selection

__all__ = ["STOPPED_CODES", "help_texts", "main", "quiet_stderr", "quiet_stdout"]

EXIT_OK, EXIT_INELIGIBLE, EXIT_USAGE = 0, 1, 2
#: ``replay``: no decision changed, but one cannot be told without its batch (``--batch``).
EXIT_BATCH_NEEDED = 3
#: An internal error (``EX_SOFTWARE`` of sysexits.h): never confused with a verdict.
EXIT_CRASH = 70
EXIT_INTERRUPTED = 128 + signal.SIGINT
EXIT_BROKEN_PIPE = 128 + 13  # as a process stopped by SIGPIPE
_CAUGHT = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


#: Where the options given more than once are noted on the parsed arguments.
_GIVEN, _TWICE = "_options_given", "_options_given_twice"
#: Where ``--lang`` given before the command is kept (the command's own ``--lang`` wins).
_LANG_FIRST = "lang_first"


#: argparse's message for an option or argument given an empty or blank value (said in the
#: reader's language by :func:`callrules._said.arguments_said`).
EMPTY_VALUE = "an empty value"


def _refuse_blank(action: argparse.Action, values: Any) -> None:
    """An option or argument given an empty or blank value (``--at ''``, ``''`` for a file)
    is a usage error naming it, never a default taken silently ("now", no record, the
    current folder)."""
    for value in values if isinstance(values, list) else [values]:
        if isinstance(value, str) and not value.strip():
            raise argparse.ArgumentError(action, EMPTY_VALUE)


class _Once(argparse._StoreAction):
    """The action of every single-valued option (``--at``, ``--envelope``, ``--lang``…) and
    argument: an empty value is refused (:func:`_refuse_blank`); given a second time, the
    option is noted with both values, and the command is then a usage error (exit 2) rather
    than the last value silently counting."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        _refuse_blank(self, values)
        if option_string is not None:
            given: dict[str, tuple[str, Any]] = namespace.__dict__.setdefault(_GIVEN, {})
            if self.dest in given:
                namespace.__dict__.setdefault(_TWICE, []).append(
                    (option_string, given[self.dest][1], values))
            else:
                given[self.dest] = (option_string, values)
        super().__call__(parser, namespace, values, option_string)


class _Append(argparse._AppendAction):
    """The action of every repeatable option (``--scores``, ``--call-dir``): an empty value
    is refused (:func:`_refuse_blank`)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        _refuse_blank(self, values)
        super().__call__(parser, namespace, values, option_string)


class _Formatter(argparse.HelpFormatter):
    """argparse's help in the reader's language: the help texts and descriptions (each an
    English msgid of the catalogs) and argparse's own words ("usage:", "options", "show this
    help message and exit"…, msgids of argparse's gettext calls, in the catalogs too:
    :data:`callrules._said.ARGPARSE_WORDS`), translated as the help is written."""

    def __init__(self, prog: str, lang: str) -> None:
        super().__init__(prog)
        self.lang = lang

    def _words(self, text: str | None) -> str | None:
        return text if text is None or text == argparse.SUPPRESS else translate(text, self.lang)

    def start_section(self, heading: str | None) -> None:
        words = self._words(heading)  # argparse writes "heading:" after it
        super().start_section(words + "\u202f" if words and self.lang == "fr" else words)

    def add_text(self, text: str | None) -> None:
        super().add_text(self._words(text))

    def add_usage(self, usage: str | None, actions: Any, groups: Any,
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups,
                          phrase("usage", self.lang) if prefix is None else prefix)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return self._words(action.help)

    def _get_actions_usage_parts(self, actions: Any, groups: Any) -> Any:
        """The usage's parts, as Python 3.11 and 3.12 cut them to wrap the usage (this
        method is Python 3.13's, called there alone): ``{check,…,serve} ...`` two parts, so
        the top-level usage wraps within 80 columns on every Python (wrd78). Only a list of
        texts (3.13's shape) is cut; any other shape (a later argparse's ``(parts,
        pos_start)``) is returned as argparse gave it, so the usage is never broken by a
        change of a private method (wrdmend78)."""
        parts = super()._get_actions_usage_parts(actions, groups)  # type: ignore[misc]
        if not (isinstance(parts, list) and all(isinstance(part, str) for part in parts)):
            return parts
        return [piece for part in parts for piece in _USAGE_PART.findall(part)]


#: How Python 3.11 and 3.12's argparse cut a usage into the parts it wraps.
_USAGE_PART = re.compile(r"\(.*?\)+(?=\s|$)|\[.*?\]+(?=\s|$)|\S+")


class _Parser(argparse.ArgumentParser):
    """A parser whose usage errors exit 2 without a traceback, said in :attr:`lang` (the
    language the command line asks for, read before its arguments are parsed); every
    single-valued option given twice is noted (:class:`_Once`)."""

    lang = "en"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.register("action", "store", _Once)  # and None, argparse's name for it
        self.register("action", None, _Once)
        self.register("action", "append", _Append)

    def _get_formatter(self) -> argparse.HelpFormatter:
        return _Formatter(self.prog, self.lang)

    def format_usage(self) -> str:
        formatter = self._get_formatter()
        formatter.add_usage(self.usage, self._actions, self._mutually_exclusive_groups,
                            prefix=phrase("usage", self.lang))
        return formatter.format_help()

    def _print_message(self, message: str, file: Any = None) -> None:
        """argparse's (help, usage, a usage error), each character the output cannot
        encode escaped (``\\u202f``, a French help to a cp1252 or ASCII output) as text
        output escapes it: the help never fails on a character, whatever prints it."""
        stream = file or sys.stderr
        encoding = getattr(stream, "encoding", None)
        if message and isinstance(encoding, str):
            try:
                message.encode(encoding)
            except UnicodeEncodeError:
                message = message.encode(encoding, "backslashreplace").decode(encoding)
            except LookupError:  # (an encoding Python does not know: written as it is)
                pass
        super()._print_message(message, file)

    #: A refused choice said in :attr:`lang` by :meth:`_check_value`, for :meth:`error`.
    _refused: str | None = None

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        """A value that is not one of ``action``'s choices refused in the reader's words,
        from the value as typed and the choices themselves (argparse's English message,
        which quotes the typed value, is never read back)."""
        if action.choices is not None and value not in action.choices:
            named = argparse.ArgumentError(action, "")
            self._refused = choice_said(named.argument_name, value, action.choices, self.lang)
            raise argparse.ArgumentError(action, "invalid choice")
        super()._check_value(action, value)

    def error(self, message: str) -> Any:
        refused, self._refused = self._refused, None
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {refused or arguments_said(message, self.lang)}\n")


def _given_twice(args: argparse.Namespace, err: TextIO) -> bool:
    """Whether an option was given twice; if so, said on ``err`` in the reader's language
    (that of ``--lang`` unless it is the option given twice)."""
    twice = getattr(args, _TWICE, None)
    if not twice:
        return False
    option, first, second = twice[0]
    requested = getattr(args, "lang", None)
    lang = default_language() if option == "--lang" or not isinstance(requested, str) \
        else words_language(requested)
    said = phrase("option_given_twice", lang, option=option, first=str(first),
                  second=str(second))
    err.write(f"callrules: {terminal(typography(said, lang))}\n")
    return True


def _at_odds(args: argparse.Namespace, err: TextIO) -> bool:
    """Whether two options of ``check`` (or ``select``) say different things (``--json``
    and a ``--format`` that is not json) or one is given without the option it only works
    with (``--csv-dialect`` without ``--format csv``); if so, said on ``err`` in the
    reader's language: a usage error, never one of them silently counting or ignored."""
    if getattr(args, "command", None) not in ("check", "select"):
        return False
    given: dict[str, tuple[str, Any]] = getattr(args, _GIVEN, {})
    lang = words_language(args.lang)
    as_json = getattr(args, "json", False)  # (check's only)
    fmt = "json" if as_json else args.format
    if as_json and "format" in given and args.format != "json":
        said = phrase("options_at_odds", lang, first="--json",
                      second=f"{given['format'][0]} {args.format}")
    elif "csv_dialect" in given and fmt != "csv":
        said = phrase("option_without", lang, option=given["csv_dialect"][0],
                      needs="--format csv")
    else:
        return False
    err.write(f"callrules: {terminal(typography(said, lang))}\n")
    return True


def _parser(lang: str = "en") -> argparse.ArgumentParser:
    """The command line's parser, its usage errors said in ``lang``."""
    parser = _Parser(prog="callrules", description=N_("Check applications to research-funding "
                     "calls against the calls' eligibility rules."))
    parser.add_argument("--version", action="version", version=f"callrules {__version__}")
    parser.add_argument("--lang", dest=_LANG_FIRST, metavar="LANG", help=N_(
        "language of the messages of every command: fr, en, es or pt (default: the "
        "CALLRULES_LANG environment variable, else en); a command's own --lang wins"))
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help=N_("check applications against a call"),
                           description=N_("Check applications (JSON files, JSON Lines files, "
                           "CSV files with columns named by field path, folders of them, or - "
                           "for standard input) against a call. Files given together are "
                           "checked as one batch."))
    check.add_argument("call", metavar="CALL", help=N_("a call id (see 'callrules calls'), a "
                       "call file (.toml or .json), or - for the call file on standard input"))
    check.add_argument("files", metavar="FILE", nargs="+", help=N_("application files"))
    check.add_argument("--lang", help=N_("language of the messages: fr, en, es or pt (default: "
                       "the CALLRULES_LANG environment variable, else en)"))
    check.add_argument("--input-format", choices=INPUT_FORMATS, help=N_("how to read standard "
                       "input (-) and files whose name says no format (default: as their "
                       "first line shows: an array, JSON Lines, a JSON object, CSV)"))
    check.add_argument("--json", action="store_true", help=N_("same as --format json"))
    check.add_argument("--format", choices=["text", "json", "jsonl", "csv"], default="text",
                       help=N_("text for people; json (a list), jsonl (a line per record) or csv "
                       "(a row per finding) for programs"))
    check.add_argument("--csv-dialect", choices=DIALECTS, default="machine",
                       help=N_("with --format csv: machine (commas, codes and paths, for "
                       "programs) or excel-fr (semicolons, UTF-8 with a byte-order mark, "
                       "labelled columns and words, for a French spreadsheet)"))
    check.add_argument("--at", help=N_("the instant of the evaluation, recorded in the reports: "
                       "ISO 8601 with an offset, or e.g. '2026-06-01 16:59 Europe/Paris' "
                       "(default: now)"))
    check.add_argument("--record", metavar="FILE", help=N_("also write a decision record per "
                       "valid application to FILE (JSON Lines), for 'callrules replay'"))
    check.add_argument("--zone", type=typed_zone, help=N_("also show instants in this IANA "
                       "zone, e.g. America/Sao_Paulo"))

    show = sub.add_parser("show", help=N_("show a call: timeline and eligibility checklist, "
                          "generated from its rules"))
    show.add_argument("call", metavar="CALL", help=N_("a call id, a call file, or - for the "
                      "call file on standard input"))
    show.add_argument("--lang", help=N_("fr, en, es or pt (default: the CALLRULES_LANG "
                      "environment variable, else the call's first language it offers)"))
    show.add_argument("--for", dest="audience", choices=["applicants", "officers"],
                      default="applicants", help=N_("applicants: what to do and by when, in plain "
                      "words; officers: each clause's id and how it is checked"))
    show.add_argument("--format", choices=["text", "markdown", "html"], default="text")
    show.add_argument("--zone", type=typed_zone,
                      help=N_("also show instants in this IANA zone"))
    show.add_argument("--at", help=N_("the instant whose version of the call is shown, for a "
                      "call with amendments: ISO 8601 with an offset, or e.g. '2026-06-01 16:59 "
                      "Europe/Paris' (default: now, the version a check now reads)"))
    show.add_argument("--edition", metavar="ID", help=N_("for a call that recurs: the id of "
                      "the edition shown, e.g. summer-school-2027 (default: the one CALL "
                      "names, for a call file its first)"))

    sub.add_parser("calls", help=N_("list the calls that can be loaded"))

    validate = sub.add_parser("validate", help=N_("check a call file (or each call file of a "
                              "folder) and point at its mistakes"))
    validate.add_argument("file", metavar="CALL_FILE")
    validate.add_argument("--lang", help=N_("language of the messages: fr, en, es or pt "
                          "(default: the CALLRULES_LANG environment variable, else en)"))

    replay = sub.add_parser("replay", help=N_("replay decision records and say what changed"))
    replay.add_argument("file", metavar="RECORDS", help=N_("a JSON Lines file of decision records"))
    replay.add_argument("--lang", help=N_("language of what is printed: fr, en, es or pt "
                        "(default: the CALLRULES_LANG environment variable, else en)"))
    replay.add_argument("--call", dest="replay_call", metavar="CALL",
                        help=N_("a call file, a call id, or - for the call file on standard "
                        "input: the call of the records that name its id (a call that is not "
                        "registered, such as a call file); other records are replayed against "
                        "the registered calls"))
    replay.add_argument("--batch", dest="replay_batch", metavar="BATCH", action="append",
                        help=N_("the applications of the records' batch, as 'callrules check' "
                        "reads them, or their decision records (the file of records itself): "
                        "the rules comparing applications across a batch are checked again "
                        "against it, where a record alone cannot tell whether its decision "
                        "stands; a batch of several files: --batch once for each, in the "
                        "order 'callrules check' was given them"))
    replay.add_argument("--format", dest="replay_format", choices=["text", "json", "jsonl"],
                        default="text", help=N_("text for people; json (a list) or jsonl (a "
                        "line per record) for programs: each record's outcome and what "
                        "changed, as codes and in words"))

    select_command.add_parser(sub)
    plan_command.add_parser(sub)

    schema = sub.add_parser("schema", help=N_("print the JSON Schema of applications or calls"))
    schema.add_argument("what", choices=["application", "call"], metavar="{application,call}")
    schema.add_argument("--call", dest="for_call", metavar="CALL",
                        help=N_("for an application: also give, field by field, the values this "
                        "call accepts (as examples, for forms); the call is a call id, a call "
                        "file, or - for the call file on standard input"))
    schema.add_argument("--lang", help=N_("language of the messages: fr, en, es or pt "
                        "(default: the CALLRULES_LANG environment variable, else en)"))

    serve = sub.add_parser("serve", help=N_("check applications over HTTP, with a page for "
                           "applicants (needs: pip install 'callrules[serve]')"))
    serve.add_argument("--host", default="127.0.0.1", help=N_("address to listen on"))
    serve.add_argument("--port", default="8000", help=N_("port to listen on, from 0 to 65535 "
                       "(0: any free port; default: 8000)"))
    serve.add_argument("--call-dir", action="append", metavar="FOLDER",
                       help=N_("also serve the call files in this folder (repeatable: every "
                       "folder is served; for an id two of them hold, the first given wins)"))
    serve.add_argument("--workers", default="1", help=N_("worker processes, from 1 to 4 "
                       "per processor (default: 1)"))
    serve.add_argument("--max-concurrent", default="64", metavar="N",
                       help=N_("checks of one application under way at once in each worker "
                       "process, from 1 to 1000; one more is answered 503 with Retry-After "
                       "(default: 64)"))
    serve.add_argument("--max-concurrent-batches", default="4",
                       metavar="N", help=N_("batches under way at once in each worker process, "
                       "from 1 to 16; one more is answered 503 with Retry-After (default: 4)"))
    serve.add_argument("--body-timeout", default="30", metavar="SECONDS",
                       help=N_("seconds a request's body is given to arrive, from 1 to 3600, "
                       "one more for every 2,000 bytes received, at most 900 more; a body "
                       "still not whole then is answered 408 (default: 30)"))
    serve.add_argument("--stall-timeout", default="10", metavar="SECONDS",
                       help=N_("seconds a client may stall, from 1 to 3600: a request's head "
                       "must arrive whole within them, a body bringing no byte for that long "
                       "is answered 408, and an answer the client reads slower than 2,000 "
                       "bytes a second (its first 192 KiB given, and never for less than "
                       "these seconds) has its connection closed (default: 10)"))
    serve.add_argument("--per-client", default="0", metavar="N",
                       help=N_("connections one client (an address; an IPv6 client: its /64 "
                       "network) may have open at once in the service, its worker processes "
                       "counting together, from 0 to 10000, for a service its clients reach "
                       "directly (from the internet): one more is answered 503, and a client "
                       "holds at most half of each worker's places and of the bytes of the "
                       "bodies arriving there; never behind a reverse proxy, whose address "
                       "every client has (default: 0, no client counted apart)"))
    sub.metavar = "{" + ",".join(sub.choices) + "}"  # its name in a usage error: no word
    for each in (parser, *sub.choices.values()):
        each.lang = lang
    return parser



def help_texts() -> list[str]:
    """Every text of the command line's help (its descriptions, the help of each option and
    command, argparse's own words): the msgids :class:`_Formatter` translates."""
    texts: list[str] = [*ARGPARSE_WORDS]
    parsers = [_parser()]
    while parsers:
        parser = parsers.pop()
        texts += [parser.description] if parser.description else []
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                parsers += action.choices.values()
                texts += [each.help for each in action._choices_actions if each.help]
            elif action.help and action.help != argparse.SUPPRESS:
                texts.append(action.help)
    return list(dict.fromkeys(texts))


def _print_item(item: BatchItem, lang: str, out: TextIO, zone: str | None) -> None:
    out.write(item_text(item, lang, zone) + "\n")  # every line safe for a terminal


def _check(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    lang = words_language(args.lang)
    if args.record:  # before anything is read: never write over an input
        refuse_input(args.record, [args.call, *args.files], lang, stdin)
    call = load_call(args.call, stdin)
    # (a language the call has and the library not: its texts; one neither has: refused)
    lang = language(args.lang, err, call.languages)
    if args.zone:
        reader_zone(args.zone)  # an unknown zone is a usage error, before any work
    clock = datetime.now(UTC)  # the command line is where the clock is read
    now = parse_instant(args.at) if args.at else clock
    sources = Counted(records(*args.files, stdin=stdin, input_format=args.input_format,
                              hidden=said_hidden(lang, err),
                              skipped=said_skipped(lang, err)))
    fmt = "json" if args.json else args.format
    # the French spreadsheet's dialect is in French unless --lang says otherwise (its
    # columns are documented as N°, Candidature, Éligible…); what goes to stderr is not CSV
    sheet = "fr" if fmt == "csv" and args.csv_dialect == "excel-fr" and not args.lang \
        else lang
    if fmt in ("jsonl", "csv") and not args.record:
        code = _stream(call, sources, now, sheet, fmt, out, args.zone, args.csv_dialect,
                       err)
        return EXIT_USAGE if nothing_read(sources, lang, err) else code
    batch = list(sources) if args.record else sources
    result = _byedition_named(call, batch, now)
    unrecorded = 0  # (applications decided whose record could not be made: each said)
    if not args.record:
        _print_batch(call, result, fmt, lang, sheet, out, args)
    else:  # the records put in place only once the output is written whole (flushed): a
        # run whose output is cut (``| head -1``: 141), or that a signal stops while it
        # prints, leaves the file as it was, so that it never holds more than was printed
        with replacing(args.record) as write:
            unrecorded = _write_records(write, call, result, batch, now, clock, lang, err)
            with writing(phrase("standard_output", words_language(args.lang))):  # (its errors
                _print_batch(call, result, fmt, lang, sheet, out, args)  # named as _run
                out.flush()  # names them, never as the records' file's)
    if result.input_errors or nothing_read(sources, lang, err) or unrecorded:
        return EXIT_USAGE
    return EXIT_OK if result.all_eligible else EXIT_INELIGIBLE


def _print_batch(call: Call, result: BatchResult, fmt: str, lang: str, sheet: str,
                 out: TextIO, args: argparse.Namespace) -> None:
    """Print the results of a batch judged whole, in ``fmt``."""
    said: set[str] = set()  # the call's long texts, each given once in the answer
    if fmt == "json":  # (each written as it is made, never the list whole: att85 F4)
        array = JsonArray(out)
        for item in result:
            array.add(item.to_dict(lang, args.zone, said))
        array.end()
    elif fmt == "jsonl":
        for item in result:
            out.write(json_text(item.to_dict(lang, args.zone, said))
                      + "\n")
    elif fmt == "csv":
        writer = _csv_writer(out, args.csv_dialect, sheet, call)
        for item in result:
            _csv_rows(writer, item, sheet)
    else:
        for position, item in enumerate(result):
            if position:
                out.write("\n")  # a blank line between records, none after the last
            _print_item(item, lang, out, args.zone)


def _write_records(write: Callable[[str], None], call: Call, result: BatchResult,
                   batch: Iterable[Sourced], now: datetime, clock: datetime, lang: str,
                   err: TextIO) -> int:
    """Write a decision record per application decided with ``write`` (that of
    :func:`~callrules._writes.replacing`, whole or not at all: a run that decides nothing
    (no record read, none valid: exit 2), or that a signal or an error stops, leaves the
    file as it was). A record that cannot be made is that record's problem, said on
    ``err`` with where it came from, never the batch's end (look62r): the number of them."""
    unrecorded = 0
    seen: Counter[str] = Counter()  # (the applications decided so far, by their reading)
    for index, (item, record) in enumerate(zip(result, batch, strict=True)):
        if item.report is None:
            continue
        # the report is reused: no second evaluation; by the edition that judged it; its
        # place in the batch named (the copy of an application given twice told, session 58):
        # how many copies of it came before it, as replay counts them, counted before its
        # record is made, a record that cannot be made counted too (it is in the batch)
        judged = edition_named(call, item.report.call_id) or call
        reading = read_digest(judged, record)  # (None: refused by the form, no copy's)
        copies_before = 0 if reading is None else seen[reading]
        if reading is not None:
            seen[reading] += 1
        try:
            made = decision_record(judged, record.data, now=now, decided_at=clock,
                                   report=item.report, place=index,
                                   copies_before=copies_before)
        except CallrulesError as exc:
            unrecorded += 1
            err.write(f"callrules: {terminal(record.source)}: {said(exc, lang)}\n")
            continue
        write(json_text(made) + "\n")
    return unrecorded


class _CsvWriter:
    """A CSV writer for programs (``machine``: codes and paths) or for a French spreadsheet
    (``excel-fr``: labelled columns, words), written by :class:`TableWriter`: no cell a
    spreadsheet would read as a formula (OWASP CSV injection), nor in ``excel-fr`` any text
    it would read as a number or a date."""

    def __init__(self, out: TextIO, dialect: str, lang: str, call: Call) -> None:
        self.people = dialect == "excel-fr"
        self.out, self.lang, self.call = out, lang, call
        self.said: set[str] = set()  # the call's long texts, each said whole once
        self.writer = TableWriter(out, dialect)
        self.writerow(people_header(lang) if self.people else MACHINE_HEADER)

    def writerow(self, row: Sequence[object]) -> None:
        self.writer.writerow(row)

    def correction(self, index: int, finding: Finding) -> None:
        """A row of the machine CSV for a finding known at the end of a stream (one
        application per host…); the sheet for people puts it in its application's rows
        (:func:`_sheet`)."""
        self.writerow([index, "", "", finding.severity.value != "error",
                       finding.severity.value, finding.clause, finding.code,
                       finding.path, finding.message(self.lang)])


def _csv_writer(out: TextIO, dialect: str = "machine", lang: str = "en",
                call: Call | None = None) -> _CsvWriter:
    return _CsvWriter(out, dialect, lang, call)  # type: ignore[arg-type]


def _csv_rows(writer: _CsvWriter, item: BatchItem, lang: str) -> None:
    """One row per finding (and one per eligible application or malformed record)."""
    rows = (people_rows(item, lang, writer.said) if writer.people
            else machine_rows(item, lang, writer.said))
    for row in rows:
        writer.writerow(row)


def _stream(call: Call, sources: Iterator[Sourced], now: datetime, lang: str, fmt: str,
            out: TextIO, zone: str | None = None, dialect: str = "machine",
            err: TextIO | None = None) -> int:
    """Check and print record by record, in constant memory, each result flushed as soon as
    it is written (so that ``callrules check CALL - --format jsonl`` is a worker that
    answers each line as it arrives); the findings of rules that span applications follow
    at the end of the input (JSON Lines: ``{"index", "correction"}`` lines; machine CSV:
    more rows for those records, their verdict now false). The sheet for people
    (``excel-fr``) is the exception: its rows are held until every verdict is known, then
    written whole (:func:`_sheet`)."""
    stream: Evaluation | _ByEdition = evaluate_stream(call, sources, now=now) if \
        call.definition.recurrence is None else _ByEdition(call, sources, now)
    writer = _csv_writer(out, dialect, lang, call) if fmt == "csv" else None
    if writer is not None and writer.people:
        return _sheet(stream, writer, lang, err or sys.stderr)
    said: set[str] = set()  # the call's long texts, each given once in the answer
    eligible = True
    for item in stream:
        eligible = eligible and item.report is not None and item.report.eligible
        if writer is not None:
            _csv_rows(writer, item, lang)
        else:
            out.write(json_text(item.to_dict(lang, zone, said)) + "\n")
        out.flush()
    late = stream.corrections()
    for index, finding in late:
        if writer is not None:
            writer.correction(index, finding)
        else:
            out.write(json_text({"index": index, "correction": finding.to_dict(lang, zone)}) + "\n")
    return _stream_code(stream, eligible, late)


def _stream_code(stream: Evaluation | _ByEdition, eligible: bool,
                 late: list[tuple[int, Finding]]) -> int:
    """The exit code of a batch read as a stream: ``eligible``, every application read
    eligible, and the findings of the rules spanning applications, ``late``."""
    if stream.invalid:
        return EXIT_USAGE
    eligible = eligible and all(finding.severity.value != "error" for _, finding in late)
    return EXIT_OK if eligible else EXIT_INELIGIBLE


#: The most characters of rows a sheet for people holds in memory while its batch is read
#: (the rest waits in a temporary file): its rows are written once the rules spanning
#: applications are known.
_SHEET_HELD = 4 * 1024 * 1024


class _HeldRows:
    """The rows of a sheet for people while its batch is read, one JSON line an application:
    in memory up to :data:`_SHEET_HELD` characters, the rest in a temporary file. A
    temporary folder that refuses the file (full, not writable) is no error: the rows stay
    in memory, said once on ``err`` (as the one-per-host rule's keys are), nothing lost."""

    def __init__(self, err: TextIO, lang: str) -> None:
        self.err, self.lang = err, lang
        self.memory: list[str] = []
        self.size = 0
        self.file: io.FileIO | None = None
        self.spilled = 0  # (the bytes of whole rows in the file)
        self.refused = False

    def add(self, line: str) -> None:
        self.memory.append(line)
        self.size += len(line)
        if self.size > _SHEET_HELD and not self.refused:
            self._spill()

    def _spill(self) -> None:
        chunk = "".join(self.memory).encode("utf-8")
        try:
            if self.file is None:
                self.file = TemporaryFile(buffering=0)  # noqa: SIM115 (closed by close)
            written = 0
            while written < len(chunk):
                written += self.file.write(chunk[written:]) or 0
        except OSError:
            self._refuse()
            return
        self.spilled += len(chunk)
        self.memory, self.size = [], 0

    def _refuse(self) -> None:
        """The file refused (its folder full or not writable): what it holds stays, cut
        back to its whole rows; the rest, and all that follow, in memory."""
        self.refused = True
        if self.file is not None:
            with suppress(OSError):
                self.file.truncate(self.spilled)
        self.err.write("callrules: " + terminal(phrase_sentence("sheet_spill_refused",
                                                                self.lang)) + "\n")

    def lines(self) -> Iterator[str]:
        """The rows held, in the order given (the file's, then memory's)."""
        if self.file is not None:
            self.file.seek(0)
            left = self.spilled
            for raw in io.BufferedReader(self.file):
                if left <= 0:
                    break
                left -= len(raw)
                yield raw.decode("utf-8")
        yield from self.memory

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


def _sheet(stream: Evaluation | _ByEdition, writer: _CsvWriter, lang: str, err: TextIO) -> int:
    """A sheet for people (``excel-fr``) of a batch read as a stream, written whole once
    every verdict is known: each application's rows as the batch judged whole writes them
    (a duplicate's own row says « non » and why, never « oui » with its correction at the
    foot), the rows held meanwhile (:class:`_HeldRows`). A batch stopped before its end
    (Ctrl-C, a signal, an error) still writes the rows it held, as they were known (without
    the findings of the rules spanning applications); one a signal stopped, never blocked
    for ever by an output that takes nothing (:func:`_sheet_stopped`); one stopped while its
    sheet is written stops there.
    Either way, ``err`` says that the sheet stopped before its end, in the reader's words."""
    eligible = True
    held = _HeldRows(err, lang)
    try:
        try:
            for item in stream:
                eligible = eligible and item.report is not None and item.report.eligible
                held.add(json.dumps([item.index, people_rows(item, lang, writer.said)]) + "\n")
            late = stream.corrections()
        except (Stopped, KeyboardInterrupt):  # a signal: never blocked on its output
            _sheet_stopped(held, writer, lang, err)
            raise
        except BaseException:  # an error (no room for the keys: exit 2): written whole
            _sheet_rows(held, writer, {}, lang)
            writer.out.flush()
            err.write("callrules: " + terminal(phrase_sentence("sheet_cut", lang)) + "\n")
            raise
        found: dict[int, list[Finding]] = {}
        for index, finding in late:
            found.setdefault(index, []).append(finding)
        try:
            _sheet_rows(held, writer, found, lang)
            writer.out.flush()  # (a stop in its last rows' write is one in the sheet's)
        except BrokenPipeError:  # the reader went away (| head): stopped on purpose
            raise
        except BaseException:  # (a signal, a full disk: its rows so far, the last one
            _stop_said(err, "sheet_cut_written", lang)  # perhaps cut short)
            raise
    finally:
        held.close()
    return _stream_code(stream, eligible, late)


#: The most seconds a run stopped by a signal waits for an output that takes nothing (a
#: pipe nobody reads, a terminal paused), counted again from each write it took: then what
#: it still had to write is given up, and it ends. Well within the time supervisors give
#: before SIGKILL (10 s for docker, 30 s for Kubernetes, 90 s for systemd), well beyond the
#: pauses of a slow reader that reads.
_STOP_WAIT = 5.0


def _sheet_stopped(held: _HeldRows, writer: _CsvWriter, lang: str, err: TextIO) -> None:
    """The rows ``held`` of a batch a signal stopped before its end written (without the
    findings of the rules spanning applications), flushed, and the sheet said cut on
    ``err``. An output that takes nothing for :data:`_STOP_WAIT` seconds (counted again
    from each write it took: a pipe nobody reads), or a second signal, gives the rest up,
    said so (att83 F5: a SIGTERM never ended); a reader gone (``| head``) is left quiet.
    Whatever happens here, the signal that stopped the batch is the one the caller raises."""
    key = "sheet_cut"
    try:
        with Deadline(_STOP_WAIT) as deadline:
            _sheet_rows(held, writer, {}, lang, deadline.again)
            writer.out.flush()
    except BrokenPipeError:  # its reader went away on purpose: nothing more said
        return
    except (Late, Stopped, KeyboardInterrupt):  # nothing read in time, or a second signal
        key = "sheet_cut_short"
    except OSError:  # (a full disk: its rows so far, the last one perhaps cut short)
        key = "sheet_cut_written"
    _stop_said(err, key, lang)


def _stop_said(err: TextIO, key: str, lang: str) -> None:
    """Say on ``err`` the words ``key`` of a run that stops, never blocked by a standard
    error nobody reads (given up after :data:`_STOP_WAIT` seconds)."""
    with suppress(Late), Deadline(_STOP_WAIT):
        err.write("callrules: " + terminal(phrase_sentence(key, lang)) + "\n")


def _sheet_rows(held: _HeldRows, writer: _CsvWriter, late: dict[int, list[Finding]],
                lang: str, written: Callable[[], None] | None = None) -> None:
    """The rows ``held``, each application's with the findings of the rules spanning
    applications ``late`` by its place (:func:`~callrules._tables.people_corrected`);
    ``written`` called after each row whose write returned (the output took it)."""
    for line in held.lines():
        index, rows = json.loads(line)
        if index in late:
            rows = people_corrected(rows, late[index], lang, writer.call)
        for row in rows:
            writer.writerow(row)
            if written is not None:
                written()


def _byedition_named(call: Call, batch: Iterable[Sourced], now: datetime) -> BatchResult:
    """The batch checked, each application against the edition of ``call`` it names when
    ``call`` recurs (a later year's id, as ``calls.load`` finds it once the file is
    registered), the others against ``call``; the rules that span applications within each
    edition's applications. A call that does not recur checks the batch as it is."""
    if call.definition.recurrence is None:
        return evaluate_many(call, batch, now=now)
    records = list(batch)
    groups: dict[str, tuple[Call, list[int]]] = {}
    for place, record in enumerate(records):
        edition = edition_named(call, call_named(record)) or call
        groups.setdefault(edition.id, (edition, []))[1].append(place)
    if len(groups) <= 1:
        return evaluate_many(next(iter(groups.values()))[0] if groups else call, records,
                             now=now)
    items: dict[int, BatchItem] = {}
    for edition, places in groups.values():
        judged = evaluate_many(edition, [records[place] for place in places], now=now)
        for place, item in zip(places, judged, strict=True):
            items[place] = BatchItem(place, item.report, item.error, item.source)
    return BatchResult(tuple(items[place] for place in range(len(records))))


class _Feed(Iterator[Sourced]):
    """The records of one edition's evaluation, given to it one at a time."""

    def __init__(self) -> None:
        self.record: Sourced | None = None

    def __next__(self) -> Sourced:
        record, self.record = self.record, None
        if record is None:
            raise StopIteration
        return record


class _ByEdition(Iterator[BatchItem]):
    """A stream of records checked as :func:`_by_edition` checks a batch, in constant
    memory but for the place of each record in the batch (8 bytes a record): an evaluation
    per edition named, each given its records one at a time."""

    def __init__(self, call: Call, sources: Iterable[Sourced], now: datetime) -> None:
        self.call, self.now, self.sources = call, now, iter(sources)
        self.streams: dict[str, tuple[Evaluation, _Feed, array[int]]] = {}
        self.invalid = self.count = 0

    def __next__(self) -> BatchItem:
        record = next(self.sources)
        edition = edition_named(self.call, call_named(record)) or self.call
        if edition.id not in self.streams:
            feed = _Feed()
            self.streams[edition.id] = (evaluate_stream(edition, feed, now=self.now,
                                                        progress=False), feed, array("q"))
        stream, feed, places = self.streams[edition.id]
        feed.record = record
        item = next(stream)
        place, self.count = self.count, self.count + 1
        places.append(place)
        self.invalid += item.error is not None
        return BatchItem(place, item.report, item.error, item.source)

    def corrections(self) -> list[tuple[int, Finding]]:
        """The findings of the rules spanning applications, by record's place in the batch
        (once every record has been read), each edition's within its applications."""
        found: list[tuple[int, Finding]] = []
        for stream, _, places in self.streams.values():
            for _ in stream:  # its feed is empty: the evaluation ends
                pass
            found += [(places[index], finding) for index, finding in stream.corrections()]
        return sorted(found, key=lambda each: each[0])


def _replay(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    """Replay each line of a file of records, in order: a line that cannot be replayed (not
    JSON, a key given twice, altered, malformed, its call not loaded) is reported in place
    (``line 3: NOT REPLAYED`` and why) and the next lines are still replayed; exit 2 if any
    was, else 1 if a decision changed (its verdict, or only its findings: one moved to another
    clause with its rule, say), else 3 if one cannot be told without its batch (with
    ``--batch``, the rules spanning a batch are checked again against it)."""
    changed = bad = unknown = 0
    lang = language(args.lang, err)
    told = _Told(args.replay_format, out, lang)
    given = load_call(args.replay_call, stdin) if args.replay_call is not None else None
    # the batch, read whole, as ``check`` reads its applications (or the records' inputs)
    # (of several files, --batch once for each: read in their order, as ``check`` read them,
    # so that a record's place is the one it names, look78r F5)
    batch = None if args.replay_batch is None else tuple(records(*args.replay_batch,
                                                                stdin=stdin))
    # a batch holding nothing that can be read (a file missing, empty, unreadable; an empty
    # folder): said once, of the file, and nothing replayed, never "the batch does not hold
    # the application" for each record
    unread = [item.data for item in batch or () if isinstance(item, Sourced)
              and isinstance(item.data, InputError)]
    if batch is not None and len(unread) == len(batch):
        for unreadable in unread:
            err.write(f"callrules: {said(unreadable, lang)}\n")
        if not batch:
            err.write(f"callrules: {', '.join(map(terminal, args.replay_batch))}: "
                      f"{typography(phrase('batch_holds_nothing', lang), lang)}\n")
        told.unreadable("batch", [problem.type for unreadable in unread
                                  for problem in unreadable.problems] or
                        ["batch_holds_nothing"], [problem.message(lang) for unreadable in unread
                                                  for problem in unreadable.problems]
                        or [typography(phrase("batch_holds_nothing", lang), lang)])
        return EXIT_USAGE
    named: list[bool] = []  # for each record replayed, whether it names the call given
    standard_input = args.file == "-"  # as ``check -`` reads it: never a file named -
    name = "<stdin>" if standard_input else args.file  # (named as ``check`` names it)
    if not standard_input and not _regular(args.file):  # a device or a pipe may never
        err.write(f"callrules: {terminal(args.file)}: "  # end: as check, not opened
                  f"{terminal(_NOT_REGULAR.message(lang))}\n")
        told.unreadable("file", [_NOT_REGULAR.type], [terminal(_NOT_REGULAR.message(lang))])
        return EXIT_USAGE
    seen = 0  # the lines that are not blank: a file without one replayed nothing
    last = None  # the line of the record told last
    try:
        reading = nullcontext(bytes_of(stdin)) if standard_input else _opened(args.file)
    except OSError as exc:  # (said as every command says it; for a program, an object too)
        cannot = cast(InputError, unreadable_file(args.file, exc).data).problems[0]
        if not told.unreadable("file", [cannot.type], [cannot.message(lang)]):
            raise
        err.write("callrules: " + refused(exc, lang, writing=False) + "\n")
        return EXIT_USAGE
    with reading as opened:
        head = opened.read(_LAYOUT_BYTES)
        laid_out = _laid_out(head)  # not one record a line
        # read once from its start, never sought back: a pipe (``… | callrules replay
        # /dev/stdin``, ``<(…)``) cannot be
        handle = _Reread(head, opened)
        items: Iterable[tuple[int, Any, str]] = _laid_out_records(
            name, handle, standard_input) if laid_out else _line_records(
                name, lines_read(handle.readline))  # (its text as check reads a batch's)
        for number, raw, where in _unpadded_records(items):
            if isinstance(raw, bytes) and not raw.strip():
                continue
            seen += 1
            told.index = told.index + 1 if number == last else 0  # (among its line's)
            last = number
            ranked = laid_out and _line_named(where, name) is None  # (named by its rank:
            # an array's element; by its first line where the reader names one)
            if isinstance(raw, InputError):  # a record of a layout read as check reads it
                bad += 1
                _tell_not_replayed(raw, number, where, ranked, lang, told, err)
                continue
            if isinstance(raw, _Endless):  # the rest of the file is not read
                bad += 1
                why = terminal(_WITHOUT_END.message(lang))
                told.not_replayed(number, False, [_WITHOUT_END.type], [why])
                err.write(f"callrules: {terminal(where)}: {why}\n")
                break
            error: CallrulesError
            try:
                if raw is None:
                    raise _Unreadable(InputProblem(
                        (), "too_large", f"the line is longer than {MAX_RECORD_LINE:,} bytes"))
                status = _replay_line(raw, number, given, told, lang, named, ranked, batch)
                changed += status == EXIT_INELIGIBLE
                unknown += status == EXIT_BATCH_NEEDED
                continue
            except _Unreadable as exc:
                error = InputError([exc.problem], source=where)
                if exc.words is not None:  # the key and its place, in words
                    bad += 1
                    why = terminal(words_said(exc.words, lang))
                    told.not_replayed(number, ranked, [exc.problem.type], [why])
                    err.write(f"callrules: {terminal(where)}: {why}\n")
                    continue
            except InputError as exc:  # told after the file and line, not "decision record"
                error = InputError(exc.problems, source=where)
            except CallrulesError as exc:
                error = exc
            bad += 1
            _tell_not_replayed(error, number, where, ranked, lang, told, err)
    told.end()
    if not seen:  # nothing replayed: never exit 0, which says "every decision replays"
        err.write(f"callrules: {terminal(name)}: {terminal(_NO_RECORD.message(lang))}\n")
        return EXIT_USAGE
    if given is not None and not any(named):
        # the call given was used for no record: never a run that looks like its replay
        bad += 1
        unused = InputProblem((), "call_named_by_no_record", "no record of this file is a "
                              f"decision of the call given ({given.id}): none was replayed "
                              "against it", ctx={"call": given.id})
        err.write(f"callrules: {terminal(name)}: {terminal(unused.message(lang))}\n")
    return EXIT_USAGE if bad else EXIT_INELIGIBLE if changed else (
        EXIT_BATCH_NEEDED if unknown else EXIT_OK)


class _Told:
    """What ``callrules replay`` prints of each record, in the format asked for: ``text``,
    for people (a line naming the record and its outcome, what changed under it); ``jsonl``,
    a JSON object a record, on a line of its own, in the file's order; ``json``, those
    objects in a list, each written as its record is replayed (:class:`JsonArray`: kept
    until the end, 400 KB of records held 722 MB, and a run stopped wrote nothing: att85
    F4), standard output flushed after each object in both. Each object (documented in
    docs/how-to/record-and-replay.md) holds codes for programs and words for people:
    ``line`` (or ``rank``, for a file laid out otherwise than a record a line), ``kind``
    (``decision``, ``selection``, or null for a record not replayed), ``id`` (the
    application's), ``outcome`` (``same``, ``changed``, ``batch_needed`` or
    ``not_replayed``), ``verdict_changed`` (true, false or null: not known),
    ``changes`` (a line each, in English, with ids, codes and paths), ``codes`` (the codes
    of what is said, each once, in order), ``said`` (what changed, a sentence each, in the
    reader's language) and ``notes`` (sentences about the replay itself); first, its
    ``schema_version`` (:data:`REPLAY_SCHEMA_VERSION`), and after ``rank``, ``index`` (the
    record's place among the records its line holds, from 0; null with ``rank``: look76r
    F3, records sharing a line were one ``line`` and nothing else). A file of records or a
    batch that cannot be read is one object too (``kind`` ``file`` or ``batch``, no line:
    look76r F3, nothing printed before)."""

    def __init__(self, format: str, out: TextIO, lang: str) -> None:
        self.format = format
        self.out = out
        self.lang = lang
        self.listed = JsonArray(out, flush=True)
        #: The place of the record being told among those its line holds, from 0.
        self.index = 0

    def _entry(self, number: int | None, ranked: bool, **values: Any) -> None:
        index = None if ranked or number is None else self.index
        entry = {"schema_version": REPLAY_SCHEMA_VERSION, "line": None if ranked else number,
                 "rank": number if ranked else None, "index": index,
                 "kind": None, "id": None, "outcome": "not_replayed", "verdict_changed": None,
                 "changes": [], "codes": [], "said": [], "notes": []} | values
        if self.format == "jsonl":
            self.out.write(json_text(entry) + "\n")
            self.out.flush()
        else:
            self.listed.add(entry)

    def not_replayed(self, number: int, ranked: bool, codes: list[str], lines: list[str]
                     ) -> None:
        """A record not replayed (``codes``: why, as codes; ``lines``: in words)."""
        if self.format == "text":
            self.out.write(_not_replayed(number, self.lang, ranked)
                           + "".join(f"  {line}\n" for line in lines))
            return
        self._entry(number, ranked, codes=list(dict.fromkeys(codes)), said=lines)

    def unreadable(self, kind: str, codes: list[str], lines: list[str]) -> bool:
        """The file of records (``kind`` ``file``) or the batch (``batch``) cannot be read
        (``codes``: why, as codes; ``lines``: in words): one object, for a program (said on
        the error stream alone, for people). Whether it was told so."""
        if self.format == "text":
            return False
        self._entry(None, False, kind=kind, codes=list(dict.fromkeys(codes)), said=lines)
        self.end()
        return True

    def replayed(self, number: int, ranked: bool, kind: str, identifier: Any,
                 outcome: str, head: str, lines: list[str], notes: list[str],
                 **values: Any) -> None:
        """A record replayed: its outcome (``head``, its line for people) and what changed
        (``lines``), the notes about it (``notes``)."""
        if self.format == "text":
            noted = [_note(note, self.lang) for note in notes]
            said = [_note(line, self.lang) for line in lines] if outcome == "same" else lines
            self.out.write(head + "\n" + "".join(f"  {line}\n" for line in [*said, *noted]))
            return
        self._entry(number, ranked, kind=kind, id=identifier, outcome=outcome,
                    said=lines, notes=notes, **values)

    def end(self) -> None:
        """Every record told: the list closed, for ``json``."""
        if self.format == "json":
            self.listed.end()


#: The version of the shape of ``callrules replay --format json|jsonl``'s objects (as
#: ``check``'s JSON has its own): raised when a part is removed or changes meaning.
REPLAY_SCHEMA_VERSION = 1


def _tell_not_replayed(error: CallrulesError, number: int, where: str, laid_out: bool,
                       lang: str, told: _Told, err: TextIO) -> None:
    """Say that the record ``number`` (at ``where``) is not replayed, and why: its reasons
    under its first line (:class:`_Told`), the error on ``err`` after its place (unless it
    names it)."""
    codes = [code for problem in error.problems for code in _codes_of(problem)] \
        if isinstance(error, InputError) else [getattr(error, "code", "callrules_error")]
    told.not_replayed(number, laid_out, codes, _reasons(error, lang))
    why = said(error, lang)
    place = "" if terminal(where) in why else f"{terminal(where)}: "
    err.write(f"callrules: {place}{why}\n")


def _codes_of(problem: InputProblem) -> list[str]:
    """The codes of why a record is not replayed: its problem's type, and for a record
    refused (``bad_record``) the precise reason (``record_altered``, ``record_malformed``…:
    its words' key; look76r F3, a program could not tell altered from malformed)."""
    template = (problem.ctx or {}).get("template")
    return [problem.type, *([template] if problem.type == "bad_record"
                            and isinstance(template, str) else [])]


def _not_replayed(number: int, lang: str, laid_out: bool = False) -> str:
    """The first line of a record not replayed, in ``lang``: by its line, or by its rank in
    a file ``laid_out`` otherwise than one record a line."""
    line = phrase("replay_record" if laid_out else "replay_line", lang,
                  n=format_exact(number, lang))
    return phrase_sentence("replay_not_replayed", lang, name=line) + "\n"


#: How much of a file of records tells its layout.
_LAYOUT_BYTES = 4096


def _laid_out(head: bytes) -> bool:
    """Whether a file of records starting with ``head`` holds them otherwise than one a line
    (as ``check --record`` writes them): a JSON array, an RFC 7464 sequence, objects printed
    over several lines (``jq .``; its first lines lost, an indented line first; wrapped at a
    width, ``fold -w 80``, a mail's lines, its first lines lost or not), or text in
    UTF-16 or UTF-32; they are then read as
    ``check`` reads a batch of these layouts. The layout is told from the text as ``check``
    reads it (:func:`~callrules._sources.lines_read`: a mail reply's quote marks, padding at
    a line's start or end, colour codes are none of it)."""
    if encoding_of(head)[1] is not None:  # (UTF-16 or UTF-32 as ``check`` tells it, by its
        return True  # mark or its NULs: a NUL padding UTF-8 text is no sign of either)
    marked = head.startswith(b"\xef\xbb\xbf")  # (UTF-8's mark: :func:`unfolded` measures
    # the first line with it only then, as ``check`` does)
    given = iter((head,))
    read = lines_read(lambda _size: next(given, b""))
    head = b"".join(iter(lambda: read(_LAYOUT_BYTES), b""))
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    written = head.removeprefix(b"\xef\xbb\xbf").lstrip(b"\r\n").splitlines(keepends=True)
    lines = list(islice(unfolded(iter(written), lambda: marked), 2))  # (wrapped by
    # ``fold -w``: joined)
    return text.startswith((b"[", b"\x1e")) or (
        lines[:1] != written[:1]) or (  # (records wrapped at a width, each over lines,
        # the first lines lost or not: read as ``check`` reads them, a result each)
        text.startswith(b"{") and text.split(b"\n", 1)[0].strip() == b"{") or any(
            line[:1] in (b" ", b"\t") and line.strip()[:1] in (b'"', b"}", b"]")
            for line in lines[:1 if lines[:1] and lines[0].lstrip()[:1] in b"{[" else 2])
    # (the last: printed over lines, its first lines lost: a terminal's scrollback; or
    # wrapped too, by ``fold -w``, the first line the end of one wrapped, the next indented)


class _Reread:
    """A file of records read from its start again after its first bytes (``head``) were
    read to see its layout, without seeking back: the bytes read are given first."""

    def __init__(self, head: bytes, handle: BinaryIO) -> None:
        self.head, self.handle = head, handle

    def readline(self, size: int = -1) -> bytes:
        if not self.head:
            return self.handle.readline(size)
        end = self.head.find(b"\n") + 1 or len(self.head)
        end = end if size < 0 else min(end, size)
        line, self.head = self.head[:end], self.head[end:]
        if not self.head and not line.endswith(b"\n") and (size < 0 or len(line) < size):
            line += self.handle.readline(-1 if size < 0 else size - len(line))
        return line


def _laid_out_records(name: str, handle: _Reread, standard_input: bool = False
                      ) -> Iterator[tuple[int, Any, str]]:
    """The records of a file laid out otherwise than one a line, read as ``check`` reads
    them (from ``handle``, its bytes from the start; ``standard_input``: whether they are
    standard input's, never read again by its name), each numbered by the line it starts on
    where the reader names one (as a person finds it: a record pretty-printed, or one a
    line), else by its rank (an array's element): a record's JSON text, its value, or its
    problem, and where it is (named as the file)."""
    read = records(name) if not standard_input and handle.handle.seekable() else (
        Sourced(name + item.source.removeprefix("<stdin>"), item.data)
        for item in records("-", stdin=handle))  # (a pipe: read from the bytes held)
    for number, item in enumerate(read, start=1):
        line = _line_named(item.source, name)
        yield number if line is None else line, _record_read(item), item.source


#: The line a reader names a record by, after the file's name (``records.jsonl:12``).
_LINE_NAMED = re.compile(r":(\d+)")


def _line_named(source: str, name: str) -> int | None:
    """The line the reader names a record of the file ``name`` by (``source``, where it
    says the record is: ``name:12``), or None (an array's element, ``name[3]``, or the
    file's one record, named as the file): read after the file's name, never in it (a
    file named ``decisions:9`` holding one record is no record at line 9)."""
    line = _LINE_NAMED.fullmatch(source, len(name)) if source.startswith(name) else None
    return int(line.group(1)) if line else None


def _record_read(item: Sourced) -> Any:
    """What replay takes of a record read as ``check`` reads a batch: its JSON text (as
    bytes, read again as a record), its value, or its problem, named where it is."""
    data = item.data
    if isinstance(data, str):
        return data.encode("utf-8", "surrogateescape")
    if isinstance(data, InputError):
        return InputError(data.problems, source=item.source)
    if isinstance(data, dict):
        return data
    return InputError([InputProblem((), "type_error", "not a decision record")],
                      source=item.source)


#: The longest line of records read: a record holds an application (at most
#: ``MAX_RECORD_BYTES``, as a batch reads it) and its verdict.
MAX_RECORD_LINE = 2 * MAX_RECORD_BYTES
#: A line over :data:`MAX_RECORD_LINE` with no end after this many more bytes ends the
#: replay of its file (``record_without_end``), as a batch's sources do.
MAX_LINE_SKIP = MAX_SKIP_BYTES
_NOT_REGULAR = InputProblem((), "not_a_regular_file", "this is not a regular file (a folder, "
                            "a pipe, a device or a socket): it is not read")
_NO_RECORD = InputProblem((), "no_decision_records", "the file holds no decision record: "
                          "nothing was replayed")
_NO_CALL_FILE = InputProblem((), "no_call_files", "the folder holds no call file (.toml or "
                             ".json): nothing was validated")
_WITHOUT_END = InputProblem((), "record_without_end", "the record goes on without an end: "
                            "the rest of this source is not read")


class _Endless:
    """A line of records with no end within :data:`MAX_LINE_SKIP` bytes after the limit."""


_ENDLESS = _Endless()


def _opened(name: str) -> BinaryIO:
    """The file ``name`` open for reading, any name of standard input as its descriptor
    (``/dev/fd/00`` too, :func:`callrules._loading.opened_as`); an error names ``name``."""
    try:
        return open(opened_as(name), "rb")
    except OSError as exc:
        exc.filename = name  # (as typed, never the descriptor's name)
        raise


def _regular(name: str) -> bool:
    """Whether ``name`` is a regular file, or standard input on purpose (``/dev/stdin``),
    as the records of a batch are read: a device or a pipe (``/dev/zero``, a pipe with no
    writer) is not opened. What cannot be found is left to opening it, which says why."""
    try:
        mode = os.stat(opened_as(name)).st_mode
    except (OSError, ValueError):
        return True
    return stat.S_ISREG(mode) or on_purpose(name)


def _record_lines(readline: Callable[[int], bytes]) -> Iterator[bytes | _Endless | None]:
    """The lines of a file of records, each at most :data:`MAX_RECORD_LINE` bytes held; a
    longer one is None, read to its end in pieces without being kept, up to
    :data:`MAX_LINE_SKIP` more bytes: past them, :data:`_ENDLESS` and no more lines."""
    while line := readline(MAX_RECORD_LINE + 1):
        if len(line) <= MAX_RECORD_LINE or line.endswith(b"\n"):
            yield line if len(line) <= MAX_RECORD_LINE else None
            continue
        skipped = 0
        while (piece := readline(1 << 16)) and not piece.endswith(b"\n"):
            skipped += len(piece)
            if skipped > MAX_LINE_SKIP:
                yield _ENDLESS
                return
        yield None


def _unpadded_records(items: Iterable[tuple[int, Any, str]]
                      ) -> Iterator[tuple[int, Any, str]]:
    """``items`` without the padding after the last record (lines of NUL bytes, a final
    Ctrl-Z, what :data:`PAD_TEXT` holds: a file cut by a crash, ``copy /a``), as ``check``
    reads a batch: such lines are held, and given only when a record follows them."""
    held: list[tuple[int, Any, str]] = []
    for item in items:
        raw = item[1]
        if isinstance(raw, bytes) and raw.strip() and _padding(raw):
            held.append(item)
            continue
        yield from held
        held.clear()
        yield item


def _padding(raw: bytes) -> bool:
    """Whether a line of records holds padding alone."""
    try:
        return not raw.decode("utf-8").strip(PAD_TEXT)
    except UnicodeDecodeError:
        return False


def _line_records(name: str, readline: Callable[[int], bytes]
                  ) -> Iterator[tuple[int, Any, str]]:
    """The records of a file of records one a line, read as ``check`` reads JSON Lines
    (:func:`~callrules._json_lines.jsonl`, the batch readers' rules), each with the number
    of its first line and where it is: a line holding several values gives each, a comma
    after or before a line's record is no part of it, a record line breaks were typed into
    is one, and a record pretty-printed among them (``jq .``, pasted) is one, numbered by
    its first line, damaged or not (before, each of its lines was a record not replayed:
    186 results for one record). A line over :data:`MAX_RECORD_LINE` (None) and the end of
    what is read (:data:`_ENDLESS`) are given in their place, the lines between them read
    as a run of JSON Lines."""
    numbered = GivenBack(enumerate(_record_lines(readline), start=1))
    for number, first in numbered:
        if not isinstance(first, bytes):
            yield number, first, f"{name}:{number}"
            continue
        for item in jsonl(_run_of_lines(first, numbered), name, start=number, told=True):
            line = label_parts(item.source)[1]  # (the line it starts on: ``:3``, ``:3[1]``)
            yield (number if line is None else line), _record_read(item), item.source


def _run_of_lines(first: bytes, numbered: GivenBack[tuple[int, bytes | _Endless | None]]
                  ) -> Iterator[bytes]:
    """``first`` and the lines after it up to one over the limit or the end of what is read
    (given back), each without colour codes (``jq -C``: layout, as ``check`` reads it)."""
    yield without_colours(first)
    for number, line in numbered:
        if not isinstance(line, bytes):
            numbered.give_back([(number, line)])
            return
        yield without_colours(line)


class _Unreadable(Exception):
    """A line of records that is not a JSON value (one problem), with the words that say it
    when the problem's own message cannot tell enough (which key a record gives twice)."""

    def __init__(self, problem: InputProblem,
                 words: tuple[str, dict[str, object]] | None = None) -> None:
        super().__init__(problem.msg)
        self.problem = problem
        self.words = words


def _key_twice(problem: InputProblem) -> tuple[str, dict[str, object]]:
    """The words of a key a record gives twice (read after its escapes: ``"n\\u006fw"`` is
    ``now``): the key, and the part of the record that holds it (the key above it, and
    which item of a list), each cut as a message cuts a text typed (:func:`cut`: a key of
    3 MB was quoted whole, on standard output and on the error stream: att85 F2)."""
    *above, key = problem.loc or ("",)
    values: dict[str, object] = {"name": cut(str(key))}
    item = None
    while above and isinstance(above[-1], int):
        item = above.pop() if item is None else item
    if not above:
        return "replay_key_twice", values
    values["part"] = cut(str(above[-1]))
    if item is None:
        return "replay_key_twice_in", values
    return "replay_key_twice_item", {**values, "n": int(item) + 1}


def _reasons(error: CallrulesError, lang: str) -> list[str]:
    """Why a record is not replayed, a line per problem, in the reader's language."""
    if isinstance(error, InputError):
        return [terminal(phrase_sentence(
            "replay_problem_at", lang, message=problem.message(lang),
            field=field_label(field_key(problem.loc), lang)) if problem.loc
            else problem.message(lang)) for problem in error.problems]
    if error.words is not None:  # an unknown call…: its words, never its English text
        return [terminal(words_said(error.words, lang))]
    return [terminal(line) for line in str(error).split("\n") if line.strip()]


def _replay_line(raw: bytes | dict[str, Any], number: int, given: Call | None, told: _Told,
                 lang: str, named: list[bool], laid_out: bool = False,
                 batch: tuple[Any, ...] | None = None) -> int:
    """Replay one line's record (1 if its decision changed, 3 if it cannot be told without
    its batch, else 0), against its ``batch`` when given; :class:`_Unreadable` or a
    :class:`CallrulesError` if it cannot be. With a call ``given``, whether the record names
    it is added to ``named``, and a record of another call says so under its verdict."""
    try:
        record = raw if isinstance(raw, dict) else read_json(raw)
    except RepeatedKeyError as exc:
        raise _Unreadable(exc.problem, _key_twice(exc.problem)) from None
    except (ValueError, RecursionError) as exc:
        if isinstance(exc, RecursionError):  # past the one limit of every reader: said so
            raise _Unreadable(too_deep_problem("json_invalid")) from None
        kind, why = (("not_utf8", "the line is not UTF-8 text")
                     if isinstance(exc, UnicodeDecodeError) else
                     ("json_invalid", f"not valid JSON: {exc}"))
        raise _Unreadable(InputProblem((), kind, why)) from None
    named_call = record.get("call") if isinstance(record, dict) else None
    named_id = named_call.get("id") if isinstance(named_call, dict) else None
    # the call given is the record's when they are one id (as an application's call is), or
    # when the record names one of its editions (a recurring call's later year)
    edition = edition_named(given, named_id)
    own = edition is not None
    notes: list[str] = []
    noted: list[str] = []
    if given is not None and not own:  # replayed, but against its own call: said
        note = InputProblem((), "record_of_another_call", "this record is a decision of "
                            f"another call ({named_id}), not of the call given "
                            f"({given.id}): it was replayed against its own call",
                            ctx={"call": str(named_id), "given": given.id})
        notes, noted = [terminal(note.message(lang))], [note.type]
    if isinstance(record, dict) and record.get("kind") == "selection":
        if told.format == "text":
            changed = select_command.replay(record, told.out, edition, lang)
            told.out.write("".join(f"  {_note(note, lang)}\n" for note in notes))
            named += [own] if given is not None else []
            return changed
        chosen = replay_selection(record, edition)
        named += [own] if given is not None else []
        told.replayed(number, laid_out, "selection", record["call"]["id"],
                     "same" if chosen.same else "changed", "",
                     [terminal(line) for line in chosen.said(lang)], notes,
                     changes=list(chosen.changes),
                     codes=list(dict.fromkeys([*(key for key, _ in chosen.words), *noted])))
        return EXIT_OK if chosen.same else EXIT_INELIGIBLE
    outcome = replay(record, edition, batch=batch)
    named += [own] if given is not None else []
    data = record.get("input") if isinstance(record, dict) else None
    identifier = data.get("id") if isinstance(data, dict) else None
    name = visible(identifier, lang) if isinstance(identifier, str) else phrase(
        "replay_record" if laid_out else "replay_line", lang, n=number)
    head = phrase_sentence("replay_same" if outcome.same else "replay_batch_needed"
                           if outcome.batch_needed else "replay_changed", lang, name=name)
    told.replayed(number, laid_out, "decision", identifier, outcome.outcome, head,
                 [terminal(line) for line in outcome.said(lang)], notes,
                 verdict_changed=outcome.verdict_changed, changes=list(outcome.changes),
                 codes=list(dict.fromkeys([*(key for key, _ in outcome.words), *noted])))
    return EXIT_OK if outcome.same else (
        EXIT_BATCH_NEEDED if outcome.batch_needed else EXIT_INELIGIBLE)


def _note(said: str, lang: str) -> str:
    """A note under a record's verdict, in ``lang``."""
    return phrase("replay_note", lang, said=said)


def _definition_lines(error: DefinitionError, lang: str) -> str:
    """A call file's problem for its author (English, with its place in the file), then in
    the reader's language: its own words, else the words of its kind (every refusal has a
    line the reader reads, never English alone)."""
    said = lines_of(error)
    return said + "\n  " + terminal(ended(words_said(definition_words(error.code, error.words),
                                                      lang)))


def _invalid_call(lang: str) -> str:
    """The first line of a call file's mistakes, in ``lang``."""
    return typography(phrase("invalid_call_file", lang), lang)


def _calls(out: TextIO, err: TextIO, lang: str) -> int:
    """List the calls; one that does not load is listed as broken, a source shadowed by one
    before it as shadowed (exit 2 for either), and the others still are."""
    problems = calls.broken()
    for call_id in calls.available():
        if call_id not in problems:
            call = calls.load(call_id)
            out.write("\t".join(map(terminal, (call_id, call.version, call.title_in(lang))))
                      + "\n")
    for name, problem in problems.items():
        shadowed = getattr(problem, "code", None) == "shadowed_call"
        # the state is a code, as the id and version are (a column for scripts); why is
        # told on standard error, in the reader's words after the author's
        out.write(terminal(name) + ("\tshadowed\n" if shadowed else "\tbroken\n"))
        if shadowed and isinstance(problem, DefinitionError):
            err.write(f"callrules: {_definition_lines(problem, lang)}\n")
            continue
        if isinstance(problem, CallrulesError) and is_entry_point_words(problem.words):
            # an installed package, named in the reader's words, then what failed in it
            # (told by its words, never by its name: a file may be named "entry point x")
            said = problem.message_in(lang)
        else:
            said = typography(phrase("call_not_loaded", lang, call=name), lang)
        err.write("callrules: " + terminal(said) + f"\n{lines_of(problem)}\n")
    return EXIT_USAGE if problems else EXIT_OK


def _validate(path: Path, out: TextIO, err: TextIO, lang: str) -> int:
    """Validate a call file, or every call file of a folder (each, whatever the others); in
    a folder, a file that would not be used once the folder is registered is said and the
    exit code is 2 (:func:`callrules.calls.shadowed`), as ``callrules calls`` does."""
    folder = path.is_dir()
    files = calls.call_files(path) if folder else [path]
    invalid = _say_shadowed([path], err, lang) if folder else 0
    if not files:  # nothing validated: never exit 0, which says "every call file is valid"
        err.write(f"callrules: {terminal(str(path))}: "
                  f"{terminal(_NO_CALL_FILE.message(lang))}\n")
        return EXIT_USAGE
    for file in files:
        try:  # in a folder, each file as registering the folder reads it (its id its name)
            call = calls.load_file(file) if folder else Call.from_file(file)
        except DefinitionError as exc:
            invalid += 1
            _say_invalid(exc, err, lang)
            continue
        _say_valid(call, str(file), out, lang)
    return EXIT_USAGE if invalid else EXIT_OK


def _say_valid(call: Call, file: str, out: TextIO, lang: str) -> None:
    """Say on ``out`` that the call file ``file`` is valid: its call, rules and clauses."""
    rules = len(call.rules) + len(call.batch_rules)  # unique rules too
    out.write(terminal(phrase_sentence(
        "call_file_is_valid", lang, file=file, call=call.id, version=call.version,
        rules=plural("call_rules", rules, lang, count=format_exact(rules, lang)),
        clauses=plural("call_clauses", len(call.clauses), lang,
                       count=format_exact(len(call.clauses), lang)))) + "\n")


def _validate_text(stdin: TextIO, out: TextIO, err: TextIO, lang: str) -> int:
    """Validate the call file given on standard input (``validate -``): read as a named
    call file is (:func:`callrules._loading.read_file`, at most its size read), JSON when
    it starts with ``{``, else TOML, as a name of standard input is read."""
    try:  # (named as ``check`` names it)
        call = call_given(stdin)
    except DefinitionError as exc:
        _say_invalid(exc, err, lang)
        return EXIT_USAGE
    _say_valid(call, call.source, out, lang)
    return EXIT_OK


def _say_invalid(error: DefinitionError, err: TextIO, lang: str) -> None:
    """Say on ``err`` that a call file has mistakes, and its first one (the author's line,
    then the reader's): what ``validate`` and ``serve`` say of each broken call file."""
    err.write(f"callrules: {_invalid_call(lang)}\n{_definition_lines(error, lang)}\n")


def _say_broken(folders: Sequence[str | Path], err: TextIO, lang: str) -> int:
    """Say on ``err`` every call file of ``folders`` that does not load as registering the
    folder loads it (:func:`callrules.calls.load_file`), each with its first mistake, in the
    words ``validate`` of the folder says it in; the number of them. A folder that cannot
    be read is passed over (``serve`` says so)."""
    broken = 0
    for folder in dict.fromkeys(map(Path, folders)):
        try:
            files = calls.call_files(folder)
        except (OSError, ValueError):  # ValueError: a NUL in its name
            continue
        for file in files:
            try:
                calls.load_file(file)
            except DefinitionError as exc:
                broken += 1
                _say_invalid(exc, err, lang)
    return broken


#: Each reason a call file is not used, with its words and whether it is a mistake (exit 2).
_SHADOWED = {"known": ("shadowed_by_known", True), "folder": ("shadowed_in_folder", True),
             "earlier": ("shadowed_by_folder", False),
             "edition_known": ("edition_shadowed_by_known", True),
             "edition_folder": ("edition_shadowed", True),
             "edition_earlier": ("edition_shadowed", False)}


def _say_shadowed(folders: Sequence[str | Path], err: TextIO, lang: str) -> int:
    """Say on ``err`` every call file of ``folders`` that would not be used; the number of
    them that are mistakes (shadowed by a known call, or by a file of the same folder)."""
    mistakes = 0
    for found in calls.shadowed(folders):
        key, mistake = _SHADOWED[("edition_" if found.edition else "") + found.why]
        mistakes += mistake
        said = phrase_sentence(key, lang, call=found.call_id, file=str(found.by))
        err.write(f"callrules: {terminal(str(found.path))}: {terminal(said)}\n")
    return mistakes


def _utf8_out(stream: TextIO, machine: bool) -> None:
    """Make ``stream`` (standard output) unable to fail on a character: machine formats are
    written in UTF-8 whatever the locale (JSON and CSV exchanged are UTF-8); text keeps the
    locale's encoding, with escapes for what it cannot encode."""
    reconfigure = getattr(stream, "reconfigure", None)
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    if reconfigure is None or encoding in ("utf-8", "utf8"):
        return
    if machine:
        reconfigure(encoding="utf-8", errors="surrogateescape")
    else:
        reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None,
         err: TextIO | None = None, stdin: TextIO | None = None) -> int:
    """Run the command line; returns the exit code (see the module's docstring).

    A standard stream that is not there (its descriptor closed, ``2>&-``, or no console, as
    under ``pythonw``) is never a crash: without standard error the messages are dropped and
    the exit code still says what happened; without standard output a command that prints
    exits 2 ("cannot write to the standard output"); without standard input, reading ``-``
    is an input error (exit 2)."""
    real_out = out is None
    out = _there(sys.stdout if out is None else out)
    messages = _Messages(sys.stderr if err is None else err)
    said = cast(TextIO, messages)
    stdin = _there(sys.stdin if stdin is None else stdin)
    try:
        args = _parser(argv_language(sys.argv[1:] if argv is None else argv)).parse_args(argv)
    except SystemExit as stop:  # --help or --version (0), or a usage error (2, said)
        if stop.code == 0 and out is None:
            return _closed_output(said, None)
        raise
    first = getattr(args, _LANG_FIRST, None)
    if getattr(args, "lang", None) is None and first is not None:
        args.lang = first  # --lang before the command: that of every command
    # (and the session's while the command runs: a command's own --lang it does not speak,
    # ``--lang fr check … --lang de``, is refused in French, not in English: att80)
    if _given_twice(args, said) or _at_odds(args, said):
        return EXIT_USAGE
    if out is None and args.command != "serve":
        return _closed_output(said, getattr(args, "lang", None))
    given = cast(TextIO, _ClosedInput()) if stdin is None else stdin
    printed = cast(TextIO, _Messages(None)) if out is None else out  # serve prints nothing
    handlers = {}
    main_thread = threading.current_thread() is threading.main_thread()
    if main_thread:
        handlers = {signum: signal.signal(signum, stopping) for signum in _CAUGHT}
    try:
        if main_thread and signal.getsignal(signal.SIGINT) in (signal.SIG_DFL,
                                                               signal.default_int_handler):
            # (as callrules._entry starts the command: Ctrl-C ends it at once while the
            # modules load; from here it unwinds, said, its temporary files removed; and
            # it is kept, as the other signals are: see callrules._signals)
            handlers[signal.SIGINT] = signal.signal(signal.SIGINT, stopping)
        if real_out and out is not None:
            machine = getattr(args, "json", False) or getattr(args, "format", "text") in (
                "json", "jsonl", "csv") or args.command == "schema"
            printed = _buffered(out)
            _utf8_out(printed, machine)
            if messages.stream is not None:
                _utf8_out(messages.stream, False)
        with _speaking(first), _speaking(getattr(args, "lang", None)), told_apart(
                name for _, names in _inputs_named(args) for name in names):  # (two files of
            code = _run(args, printed, said, given)  # one name in two folders said apart)
        check()  # a signal a library's code swallowed: never a verdict's exit code
        return code
    except Stopped as stop:
        _drop_held(printed)  # (what standard output itself holds: see callrules._entry)
        return 128 + stop.signum
    except KeyboardInterrupt:
        _drop_held(printed)
        _interrupted(said, args)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (| head): stop quietly, not "eligible"
        if real_out:
            quiet_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as exc:  # a bug: one line, never a verdict's exit code
        if kept() is not None:  # (a signal turned into an error by a library's code)
            _drop_held(printed)
            return _stopped_code(said, args)
        if os.environ.get("CALLRULES_TRACEBACK"):
            said.write(traceback.format_exc())
        said.write("callrules: " + terminal(phrase("internal_error", _lang_of(args),
                                                   error=f"{type(exc).__name__}: {exc}")) + "\n")
        return EXIT_CRASH
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        forget()


def _stopped_code(said: TextIO, args: argparse.Namespace) -> int:
    """The exit code of a run stopped by the signal kept (said as Ctrl-C is)."""
    signum = kept()
    if signum == signal.SIGINT:
        _interrupted(said, args)
    return 128 + (signum or 0)


def _interrupted(said: TextIO, args: argparse.Namespace) -> None:
    """Say that Ctrl-C stopped the run, never blocked by a standard error nobody reads."""
    with suppress(Late), Deadline(_STOP_WAIT):
        said.write("\ncallrules: " + phrase("interrupted", _lang_of(args)) + "\n")


@contextmanager
def _speaking(lang: str | None) -> Iterator[None]:
    """With ``--lang`` given (before the command, or its own), the session's language while
    the command runs (what a command reads from the session, as ``serve`` does, and what the
    library says in it, a temporary folder refusing a batch's keys, speaks it too), then the
    session's language as it was."""
    if lang is None:
        yield
        return
    before = chosen_language()
    set_language(words_language(lang))  # (one not spoken: the command's --lang refuses it)
    try:
        yield
    finally:
        set_language(before)


def _lang_of(args: argparse.Namespace) -> str:
    """The language of the command line's own words about itself (an interruption, a
    bug): its ``--lang``, else the session's; never a new problem."""
    return words_language(getattr(args, "lang", None))


class _Messages(io.TextIOBase):
    """Standard error as the command line writes to it: a stream that is not there (None, a
    closed descriptor) or that fails (its reader gone; a stopped run's reader that did not
    read in time, :mod:`callrules._deadline`) drops the message and those that follow, so
    that saying a problem never becomes another one; the exit code still tells."""

    def __init__(self, stream: TextIO | None) -> None:
        super().__init__()
        self.stream = stream

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if self.stream is not None and not getattr(self.stream, "closed", False):
            try:
                self.stream.write(text)
                self.stream.flush()
            except (OSError, ValueError, Late):  # closed, its reader went away, or (a
                self.stream = None  # stopped run's words) did not read them in time
        return len(text)

    def isatty(self) -> bool:
        try:
            return self.stream is not None and self.stream.isatty()
        except (OSError, ValueError):
            return False


class _StandardInputClosed(Stop):
    """Standard input was to be read (``-``), but the process has none (``<&-``): said
    before any work when an input of the command is ``-``, and by any read of it that
    would come later (passed through the readers and the batch, never a record's
    problem). ``kind`` is the input that wanted it, ``"call"`` or another (said as
    the applications' own); None for a read that comes later."""

    def __init__(self, kind: str | None = None) -> None:
        super().__init__(kind)
        self.kind = kind


class _ClosedInput(io.TextIOBase):
    """Standard input when the process has none: reading it says so, in words."""

    def readable(self) -> bool:
        return True

    def readline(self, size: int | None = -1) -> Any:
        raise _StandardInputClosed

    def read(self, size: int | None = -1) -> str:
        raise _StandardInputClosed


def _there(stream: TextIO | None) -> TextIO | None:
    """``stream``, or None if it is not there or closed (a file object closed by the program
    that runs this one behaves as a closed descriptor)."""
    try:
        return None if stream is None or stream.closed else stream
    except (AttributeError, ValueError):  # a stand-in that does not say: taken as open
        return stream


def _closed_output(err: TextIO, lang: str | None) -> int:
    """Say that standard output is closed (a command that prints cannot run): exit 2."""
    lang = words_language(lang)
    err.write("callrules: " + typography(phrase("standard_output_closed", lang), lang) + "\n")
    return EXIT_USAGE


def _buffered(out: TextIO) -> TextIO:
    """Standard output over a buffered writer. Unbuffered (``python -u``,
    ``PYTHONUNBUFFERED``), it is written through to the descriptor, and a long write that a
    pipe takes only in part (its reader gone: ``| head -c 100``) loses the rest without an
    error; a buffered writer writes the rest, and the broken pipe shows (exit 141)."""
    raw = getattr(out, "buffer", None)
    if not isinstance(raw, io.RawIOBase):
        return out  # buffered already, or not a file (a test's StringIO)
    try:
        fileno = out.fileno()
    except (OSError, ValueError):
        return out
    out.flush()
    return io.TextIOWrapper(io.BufferedWriter(_Output(fileno, "w", closefd=False)),
                            encoding=out.encoding, errors=out.errors,
                            line_buffering=out.isatty())


class _Output(io.FileIO):
    """Standard output's descriptor under :func:`_buffered`'s writer, whose output a signal
    may stop: what the writer then holds is dropped, never written (no one reads it: a
    reader paused, its pipe full, would block the writer's release for ever)."""

    dropped = False

    def write(self, data: Any, /) -> int:
        return len(memoryview(data)) if self.dropped else super().write(data)


def _drop_held(printed: TextIO) -> None:
    """Drop what ``printed`` holds, if it is :func:`_buffered`'s own writer (the process's
    standard output is left as it is: a program that runs the command line in-process
    keeps it; :mod:`callrules._entry` silences it where the process ends)."""
    raw = getattr(getattr(printed, "buffer", None), "raw", None)
    if isinstance(raw, _Output):
        raw.dropped = True


#: The exit codes of a run a signal stopped (Ctrl-C, SIGTERM, SIGHUP).
STOPPED_CODES = frozenset(128 + signum for signum in (signal.SIGINT, *_CAUGHT))


def quiet_stdout() -> None:
    """Point standard output at the null device, so that the final flush at exit does not
    raise again, nor wait on a reader that is not reading. Only where the process is about
    to end (:mod:`callrules._entry`, a broken pipe): it is the whole process's output."""
    _to_null(sys.stdout)


def quiet_stderr() -> None:
    """Point standard error at the null device, as :func:`quiet_stdout` standard output:
    its words were flushed as said, but for one given up on a reader that did not read."""
    _to_null(sys.stderr)


def _to_null(stream: TextIO) -> None:
    """The process's descriptor under ``stream`` pointed at the null device, if it has one."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _edition(call: Call, named: str | None) -> Call:
    """The edition of ``call`` that ``show --edition`` names (``call`` itself without it);
    :class:`~callrules.ArgumentError` naming the editions there are if it names none."""
    if named is None:
        return call
    edition = edition_named(call, named)
    if edition is None:
        editions = ", ".join(each.id for each in call.editions())
        raise ArgumentError(f"the call {call.id!r} has no edition {named!r}: {editions}",
                            code="unknown_edition", words=("unknown_edition", {
                                "call": call.id, "edition": f"{named:.100}",
                                "editions": editions}))
    return edition
def _run(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    lang = words_language(getattr(args, "lang", None))
    try:
        with writing(phrase("standard_output", lang)):
            wanting = _wanting_standard_input(args)
            if len(wanting) > 1:  # read once, it cannot be given to two of them
                key = f"standard_input_for_{wanting[0]}_and_{wanting[1]}"
                err.write("callrules: " + typography(phrase(key, lang), lang) + "\n")
                return EXIT_USAGE  # (before any work: nothing read, nothing written)
            if isinstance(stdin, _ClosedInput) and wanting:
                raise _StandardInputClosed(wanting[0])  # before any work, as for a closed output
            code = _dispatch(args, out, err, stdin)
            out.flush()  # a full disk shows here, not after the exit code is chosen
            return code
    except DefinitionError as exc:
        check()  # (a signal a library's code turned into the call's fault: not said)
        _say_invalid(exc, err, lang)
        return EXIT_USAGE
    except CallrulesError as exc:  # in the reader's language (callrules._said)
        check()  # (a signal a library's code turned into the input's fault: not said)
        err.write(f"callrules: {said(exc, lang)}\n")
        return EXIT_USAGE
    except _StandardInputClosed as exc:  # what to name instead: the call, or the files
        key = "standard_input_closed" + ("_for_call" if exc.kind == "call" else "")
        err.write("callrules: " + typography(phrase(key, lang), lang) + "\n")
        return EXIT_USAGE
    except BrokenPipeError:
        raise
    except OSError as exc:  # the file named, the reason in the reader's language
        check()
        err.write("callrules: " + refused(exc, lang, writing=isinstance(exc, WriteError))
                  + "\n")
        return EXIT_USAGE


def _wanting_standard_input(args: argparse.Namespace) -> list[str]:
    """The inputs of the command that name standard input, in the order of
    :func:`_inputs_named`: ``call``, ``applications``, ``scores``, ``records`` (each once,
    however many times it names it)."""
    return [kind for kind, names in _inputs_named(args)
            if any(_is_standard_input(name) for name in names)]


def _inputs_named(args: argparse.Namespace) -> list[tuple[str, list[str]]]:
    """What the command reads, each kind with the names given for it: the call of ``check``,
    ``show``, ``plan``, ``select``, ``replay --call`` and ``schema --call`` (``-`` for
    standard input; any other name is a call file by its suffix, ``.toml`` or ``.json``, else
    a call's id), and, where any name of standard input reads it, the call file of
    ``validate``, the applications of ``check``, ``plan`` and ``select``, the scores of
    ``select`` and the records of ``replay``."""
    call = getattr(args, {"replay": "replay_call", "schema": "for_call"}.get(
        args.command, "call"), None)
    named: list[tuple[str, list[str]]] = [("call", [call])] if call == "-" else []
    if args.command == "validate":
        named.append(("call", [args.file]))
    if args.command in ("check", "select"):
        named.append(("applications", list(args.files)))
    if args.command == "plan":
        named.append(("applications", [args.file]))
    if args.command == "select":
        named.append(("scores", list(args.scores)))
    if args.command == "replay":
        named.append(("records", [args.file]))
        if args.replay_batch is not None:
            named.append(("applications", list(args.replay_batch)))
    return named


def _is_standard_input(name: str) -> bool:
    """Whether ``name`` is standard input itself: ``-``, or a path to its descriptor or a
    link to one (:func:`callrules._loading.names_standard_input`). Without a standard
    input, such a name opens nothing (or whatever file the process has opened since on
    descriptor 0)."""
    return name == "-" or names_standard_input(name)


def _asked(args: argparse.Namespace, err: TextIO) -> str:
    """The language of a command that has no call of its own: its ``--lang``, a language the
    library does not speak refused (:func:`~callrules._said.language`), else the session's."""
    requested = getattr(args, "lang", None)
    return default_language() if requested is None else language(requested, err)


def _dispatch(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    if args.command == "check":
        return _check(args, out, err, stdin)
    if args.command == "serve":  # an optional extra: imported only when asked for
        spoken = _asked(args, err)
        # every call file that could not be served is said before the start, as `validate`
        # of each folder says it (not only the first: a folder mended one file a start)
        shadowed = _say_shadowed(args.call_dir or (), err, spoken)
        broken = _say_broken(args.call_dir or (), err, spoken)
        for key, count in (("serve_shadowed", shadowed), ("serve_broken", broken)):
            if count:
                err.write("callrules: " + terminal(phrase_sentence(key, spoken)) + "\n")
        if shadowed or broken:  # an operator's call file that would never be used
            return EXIT_USAGE
        return import_module("callrules.serve").main(args, err)  # type: ignore[no-any-return]
    if args.command == "show":
        if args.zone:
            reader_zone(args.zone)
        call = _edition(load_call(args.call, stdin), args.edition)
        # (a language the call has and the library not: its texts; one neither has: refused)
        lang = language(args.lang, err, call.languages) if args.lang is not None else None
        # the version in force at --at, or now (the clock read here), as `check` judges by
        now = parse_instant(args.at) if args.at else datetime.now(UTC)
        shown = call.at(now) if call.dated else call
        out.write(shown.checklist(lang, format=args.format, zone=args.zone,
                                  audience=args.audience)
                  + edition_note(call, lang, args.format)
                  + in_force_note(call, now, lang, args.format, args.zone))
        return EXIT_OK
    if args.command == "select":
        return select_command.run(args, out, err, stdin)
    if args.command == "plan":
        return plan_command.run(args, out, err, stdin)
    if args.command == "replay":
        return _replay(args, out, err, stdin)
    if args.command == "calls":
        return _calls(out, err, _asked(args, err))
    if args.command == "validate":
        if args.file == "-":  # standard input, as ``check -`` reads it: never a file named -
            return _validate_text(stdin, out, err, _asked(args, err))
        return _validate(Path(args.file), out, err, _asked(args, err))
    if args.command == "schema":
        target = load_call(args.for_call, stdin) if args.for_call else None
        if target is None:
            lang = _asked(args, err)
        else:  # (a language only the call speaks: its texts in it, as callrules.schema
            lang = language(args.lang, err, target.languages, first=False)  # says them)
            lang = getattr(lang, "own", lang)
        out.write(json_text(json_schema(args.what, target, lang), indent=2) + "\n")
        return EXIT_OK
    raise AssertionError(f"unhandled command {args.command}")  # pragma: no cover
