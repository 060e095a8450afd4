"""The ``callrules select`` subcommand: rank a batch on reviewers' scores and share the
envelope. Exit codes: 0 the selection is complete; 2 bad input or usage (a malformed record,
a score line that could not be used, an envelope in another currency…), the selection still
printed for what could be used.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Mapping
from contextlib import nullcontext
from datetime import UTC, datetime
from typing import Any, TextIO

from callrules._arguments import edition_of_batch, load_call
from callrules._call import Call
from callrules._csv_dialects import DIALECTS, TableWriter
from callrules._i18n import phrase, visible
from callrules._messages import N_
from callrules._money import Money
from callrules._safe import json_text, terminal
from callrules._said import language, words_language
from callrules._sources import (
    INPUT_FORMATS,
    Counted,
    nothing_read,
    records,
    said_hidden,
    said_skipped,
)
from callrules._text import problem_lines
from callrules._time import parse_instant
from callrules._writes import refuse_input, replacing, writing
from callrules.exceptions import InputError, InputProblem
from callrules.selection.ranking import select
from callrules.selection.record import replay_selection, selection_record
from callrules.selection.render import (
    columns,
    problem_text,
    reason_text,
    rows,
    same_id,
    selection_html,
    selection_text,
    summary,
)
from callrules.selection.result import Selection
from callrules.selection.scores import read_scores

__all__ = ["add_parser", "replay", "run"]

EXIT_OK, EXIT_USAGE = 0, 2
#: An input holding no record, in select's words: nothing to rank.
_NOTHING_TO_RANK = InputProblem((), "no_records", "no application to rank: the input holds no "
                               "record", ctx={"template": "no_records_to_rank"})


def add_parser(sub: Any) -> None:
    """Add the ``select`` subcommand to the command line's subparsers."""
    parser = sub.add_parser(
        "select", help=N_("rank eligible applications on reviewers' scores and share the "
        "envelope"), description=N_("Check a batch of applications, rank the eligible ones on "
        "the reviewers' scores (CSV, JSON or JSON Lines: application, reviewer, criterion, "
        "score) by the call's criteria, and fund them in rank order within the envelope."))
    parser.add_argument("call", metavar="CALL", help=N_("a call id, a call file, or - for "
                        "the call file on standard input"))
    parser.add_argument("files", metavar="APPLICATIONS", nargs="+",
                        help=N_("application files or folders, as for 'check'"))
    parser.add_argument("--scores", required=True, metavar="FILE", action="append",
                        help=N_("the reviewers' scores (may be given more than once)"))
    parser.add_argument("--envelope", help=N_("the amount to share, e.g. '20000 EUR' (required "
                        "unless the call states its envelope; overrides it)"))
    parser.add_argument("--lang", help=N_("language of the words: fr, en, es or pt (default: "
                        "the CALLRULES_LANG environment variable, else en)"))
    parser.add_argument("--input-format", choices=INPUT_FORMATS, help=N_("how to read standard "
                        "input (-) and files whose name says no format (default: as their "
                        "first line shows)"))
    parser.add_argument("--format", choices=["text", "json", "csv", "html"], default="text")
    parser.add_argument("--csv-dialect", choices=DIALECTS, default="machine",
                        help=N_("with --format csv: machine (commas, for programs) or excel-fr "
                        "(semicolons, UTF-8 with a byte-order mark, decimals with a comma, "
                        "for a French spreadsheet)"))
    parser.add_argument("--at", help=N_("the instant eligibility is decided at (default: now)"))
    parser.add_argument("--record", metavar="FILE",
                        help=N_("also write the selection's decision record (JSON) to FILE"))


_ENVELOPE = re.compile(r"^\s*([0-9][0-9.]*)\s*([A-Za-z]{3})?\s*$")


def _envelope(text: str | None, call: Call) -> Money | None:
    """The ``--envelope`` typed: an amount, then the call's currency if none is written
    (``20000``, ``20000 EUR``); an :class:`InputError` (``envelope_format``) otherwise."""
    if text is None:
        return None
    match = _ENVELOPE.match(text)
    money = None
    if match is not None:
        try:
            money = Money(match.group(1), (match.group(2) or call.currency).upper())
        except ValueError:
            money = None
    if money is None:
        ctx = {"value": " ".join(text.split())[:100], "example": f"20000 {call.currency}"}
        raise InputError([InputProblem(("envelope",), "envelope_format",
                                       f"{text!r} is not an amount such as "
                                       f"'{ctx['example']}'", ctx=ctx)], source="--envelope")
    return money


def run(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    """Run ``callrules select``; returns the exit code."""
    lang = words_language(args.lang)
    if args.record:  # before anything is read: never write over an input
        refuse_input(args.record, [args.call, *args.files, *args.scores], lang, stdin)
    call = load_call(args.call, stdin)
    lang = language(args.lang, err, call.languages)  # (one neither speaks: refused)
    clock = datetime.now(UTC)  # the command line is where the clock is read
    now = parse_instant(args.at) if args.at else clock
    envelope = _envelope(args.envelope, call)
    scores = read_scores(*args.scores, skipped=said_skipped(lang, err),
                         hidden=said_hidden(lang, err), stdin=stdin)  # (``-``: as check)
    sources = Counted(records(*args.files, stdin=stdin, input_format=args.input_format,
                              hidden=said_hidden(lang, err),
                              skipped=said_skipped(lang, err)))
    batch = sources if call.definition.recurrence is None else list(sources)
    if isinstance(batch, list):  # a recurring call: the edition its applications name
        call = edition_of_batch(call, batch)
    selection = select(call, batch, scores, envelope=envelope, now=now)
    # the French spreadsheet's dialect is in French unless --lang says otherwise, as check's
    sheet = "fr" if args.format == "csv" and args.csv_dialect == "excel-fr" and not args.lang \
        else lang
    recorded = args.record and selection.applications  # a run that ranks nothing writes
    # nothing; the record put in place only once the output is written whole (flushed): a
    # run whose output is cut (``| head -1``: 141), or that a signal stops while it prints,
    # leaves the file as it was
    with replacing(args.record) if recorded else nullcontext(None) as write:
        if write is not None:  # whole or not at all; one line of JSON: ``callrules
            # replay`` reads it as it reads decision records
            write(json_text(selection_record(selection, decided_at=clock)) + "\n")
        with writing(phrase("standard_output", words_language(args.lang))):  # (its errors named
            _print(selection, call, args.format, sheet, out,  # as the command line
                   args.csv_dialect)  # names
            out.flush()  # them, never as the record's file's)
    if nothing_read(sources, lang, err, _NOTHING_TO_RANK):
        return EXIT_USAGE
    if selection.problems or selection.input_errors or same_id(selection):
        err.write("callrules: " + terminal(summary(selection, lang)) + "\n")
        return EXIT_USAGE
    return EXIT_OK


def _print(selection: Selection, call: Call, fmt: str, lang: str, out: TextIO,
           dialect: str = "machine") -> None:
    """Print ``selection`` in ``fmt``."""
    if fmt == "json":
        payload = selection.to_dict()
        for entry, data in zip(selection.entries, payload["entries"], strict=True):
            data["reasons_text"] = [reason_text(r, lang, call) for r in entry.reasons]
        for problem, data in zip(selection.problems, payload["problems"], strict=True):
            data["message"] = problem_text(problem, lang, call)
        for (_, _, error), data in zip(selection.unread, payload["input_errors"], strict=True):
            data["problems"] = [p.to_dict(lang) for p in error.problems]  # codes and words
            # what a person reads, as check says a record's problems: places in words, no
            # field path nor file path (those are in ``problems`` and ``source``)
            data["error"] = "\n".join(problem_lines(error.problems, lang, error.labels))
        out.write(json_text(payload, indent=2) + "\n")
    elif fmt == "csv":  # no cell a spreadsheet reads as a formula (callrules._csv_dialects)
        writer = TableWriter(out, dialect)
        writer.writerow(columns(selection, lang))
        for row in rows(selection, lang):
            writer.writerow(["" if v is None else v for v in row])
    elif fmt == "html":
        out.write(selection_html(selection, lang) + "\n")
    else:
        out.write(selection_text(selection, lang) + "\n")


def replay(record: Mapping[str, Any], out: TextIO, call: Call | None = None,
           lang: str = "en") -> int:
    """Replay one selection record for ``callrules replay`` (against ``call``, given with
    ``--call`` and named by the record, or the call the record names): print whether the
    outcome is the same, and what changed; 1 when it changed, else 0."""
    outcome = replay_selection(record, call)  # its shape checked: the call is named by a text
    name = visible(record["call"]["id"], lang)  # (as typed: its invisible characters named)
    said = [terminal(line) for line in outcome.said(lang)]
    if outcome.same:
        out.write(phrase("selection_replay_same", lang, call=name) + "\n" + "".join(
            "  " + phrase("replay_note", lang, said=line) + "\n" for line in said))
        return 0
    out.write(phrase("selection_replay_changed", lang, call=name) + "\n"
              + "".join(f"  {line}\n" for line in said))
    return 1
