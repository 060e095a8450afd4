"""The ``callrules plan`` subcommand: propose a budget for a planned stay, line by line.

Exit codes, as for ``check``: 0 every proposal is complete and within the call's caps; 1 some
amount is left for the applicant to state, or a proposal cannot fit the caps; 2 bad input or
usage (a record that is not a valid application, an unknown call, a call without a plan).
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any, TextIO

from callrules._arguments import call_named, edition_named, load_call
from callrules._i18n import after_word, source_words
from callrules._json_array import JsonArray
from callrules._messages import N_
from callrules._safe import terminal
from callrules._said import language
from callrules._sourced import text_size
from callrules._sources import Counted, nothing_read, records, said_hidden, said_skipped
from callrules._text import problem_lines
from callrules._time import parse_instant
from callrules.exceptions import InputError, InputProblem, weighed
from callrules.planning.planner import plan
from callrules.planning.result import PLAN_SCHEMA_VERSION

__all__ = ["add_parser", "run"]

EXIT_OK, EXIT_INCOMPLETE, EXIT_USAGE = 0, 1, 2
#: An input holding no record, in plan's words: nothing to propose a budget for.
_NOTHING_TO_PLAN = InputProblem((), "no_records", "no application to propose a budget for: the "
                               "input holds no record", ctx={"template": "no_records_to_plan"})


def add_parser(sub: Any) -> None:
    """Add the ``plan`` subcommand to the command line's subparsers."""
    parser = sub.add_parser(
        "plan", help=N_("propose a budget for a planned stay, within the call's caps"),
        description=N_("Propose a budget for each application of FILE (a planned stay: the host "
        "unit and its place, the visitors and their dates; budget lines optional, stated "
        "ones such as travel are kept) from the call's plan: the most its rates allow per "
        "category, per participant and in total, trimmed to the caps, explained line by line."))
    parser.add_argument("call", metavar="CALL", help=N_("a call id, a call file, or - for "
                        "the call file on standard input"))
    parser.add_argument("file", metavar="FILE", help=N_("an application file (JSON, JSON Lines, "
                        "CSV), or - for standard input"))
    parser.add_argument("--lang", help=N_("language of the words: fr, en, es or pt (default: the "
                        "CALLRULES_LANG environment variable, else en)"))
    parser.add_argument("--format", choices=["text", "json"], default="text",
                        help=N_("text for people; json for programs (codes, amounts, the "
                        "proposed budget)"))
    parser.add_argument("--at", help=N_("the instant whose version of the call is used "
                        "(default: now)"))



def run(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    """Run ``callrules plan``; returns the exit code."""
    call = load_call(args.call, stdin)
    lang = language(args.lang, err, call.languages)  # (one neither speaks: refused)
    now = parse_instant(args.at) if args.at else datetime.now(UTC)  # the clock is read here
    code = EXIT_OK
    # each plan written as it is made, never the batch's held whole (att85 F4's class), and
    # flushed: a run cut by a signal leaves whole plans, as replay leaves whole records
    array = JsonArray(out, flush=True) if args.format == "json" else None
    told = 0  # (the plans said in words)
    sources = Counted(records(args.file, stdin=stdin, hidden=said_hidden(lang, err),
                              skipped=said_skipped(lang, err)))
    for index, record in enumerate(sources):
        try:
            if isinstance(record.data, InputError):
                raise record.data
            # a recurring call's file: the edition the application names, as check does
            result = plan(edition_named(call, call_named(record)) or call, record.data,
                          now=now)
        except InputError as error:
            code = EXIT_USAGE
            error = weighed(error, text_size(record))  # its problems listed as check lists
            lines = problem_lines(error.problems, lang, error.labels)
            if array is not None:
                array.add({"schema_version": PLAN_SCHEMA_VERSION, "index": index,
                           "source": record.source,
                           "input_error": [p.to_dict(lang) for p in error.problems]})
            else:
                named = terminal(source_words(record.source, lang))  # (in words, as check
                out.write(("\n\n" if told else "") + named  # says it; ":" as French
                          + after_word(":", lang).rstrip() + "\n"  # writes it)
                          + "\n".join(f"  {x}" for x in lines))
                out.flush()
                told += 1
            continue
        if code == EXIT_OK and not (result.complete and result.fits):
            code = EXIT_INCOMPLETE
        if array is not None:  # (placed as check places a report: index, source)
            array.add({**result.to_dict(lang), "index": index, "source": record.source})
        else:
            out.write(("\n\n" if told else "") + result.render(lang))
            out.flush()
            told += 1
    if nothing_read(sources, lang, err, _NOTHING_TO_PLAN):  # nothing planned: never exit 0
        return EXIT_USAGE
    if array is not None:
        array.end()
    else:
        out.write("\n")
    return code
