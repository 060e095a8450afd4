"""The ``callrules`` command line.

Exit codes: 0 every application is eligible (or the command succeeded); 1 at least one
application is not eligible; 2 bad input or usage (a malformed record, an unknown call, a
call file with mistakes).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from callrules import (
    __version__,
    _present,  # noqa: F401 - loads the renderings of what it prints
    calls,
)
from callrules._call import Call
from callrules._evaluate import Sourced, evaluate_many, evaluate_stream
from callrules._i18n import default_language, negotiate
from callrules._record import decision_record, replay
from callrules._report import BatchItem, Finding
from callrules._safe import terminal
from callrules._sources import records
from callrules._tables import (
    MACHINE_HEADER,
    machine_rows,
    neutralised,
    people_header,
    people_row,
    people_rows,
)
from callrules._text import item_text
from callrules._time import get_zone, parse_instant
from callrules.exceptions import CallrulesError, DefinitionError, InputError, InputProblem

__all__ = ["main"]

EXIT_OK, EXIT_INELIGIBLE, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # usage errors exit 2 without a traceback
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="callrules", description="Check applications to research-funding "
                     "calls against the calls' eligibility rules.")
    parser.add_argument("--version", action="version", version=f"callrules {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="check applications against a call",
                           description="Check applications (JSON files, JSON Lines files, "
                           "CSV files with columns named by field path, folders of them, or - "
                           "for standard input) against a call. Files given together are "
                           "checked as one batch.")
    check.add_argument("call", metavar="CALL", help="a call id (see 'callrules calls') or a "
                       "call file (.toml or .json)")
    check.add_argument("files", metavar="FILE", nargs="+", help="application files")
    check.add_argument("--lang", help="language of the messages: fr, en, es or pt (default: "
                       "the CALLRULES_LANG environment variable, else en)")
    check.add_argument("--json", action="store_true", help="same as --format json")
    check.add_argument("--format", choices=["text", "json", "jsonl", "csv"], default="text",
                       help="text for people; json (a list), jsonl (a line per record) or csv "
                       "(a row per finding) for programs")
    check.add_argument("--csv-dialect", choices=["machine", "excel-fr"], default="machine",
                       help="with --format csv: machine (commas, codes and paths, for "
                       "programs) or excel-fr (semicolons, UTF-8 with a byte-order mark, "
                       "labelled columns and words, for a French spreadsheet)")
    check.add_argument("--at", help="the instant of the evaluation, recorded in the reports: "
                       "ISO 8601 with an offset, or e.g. '2026-06-01 16:59 Europe/Paris' "
                       "(default: now)")
    check.add_argument("--record", metavar="FILE", help="also write a decision record per "
                       "valid application to FILE (JSON Lines), for 'callrules replay'")
    check.add_argument("--zone", help="also show instants in this IANA zone, e.g. "
                       "America/Sao_Paulo")

    show = sub.add_parser("show", help="show a call: timeline and eligibility checklist, "
                          "generated from its rules")
    show.add_argument("call", metavar="CALL", help="a call id or a call file")
    show.add_argument("--lang", help="fr, en, es or pt (default: the CALLRULES_LANG "
                      "environment variable, else the call's first language it offers)")
    show.add_argument("--for", dest="audience", choices=["applicants", "officers"],
                      default="applicants", help="applicants: what to do and by when, in plain "
                      "words; officers: each clause's id and how it is checked")
    show.add_argument("--format", choices=["text", "markdown", "html"], default="text")
    show.add_argument("--zone", help="also show instants in this IANA zone")

    sub.add_parser("calls", help="list the calls that can be loaded")

    validate = sub.add_parser("validate", help="check a call file and point at its mistakes")
    validate.add_argument("file", metavar="CALL_FILE")

    replay = sub.add_parser("replay", help="replay decision records and say what changed")
    replay.add_argument("file", metavar="RECORDS", help="a JSON Lines file of decision records")

    schema = sub.add_parser("schema", help="print the JSON Schema of applications or calls")
    schema.add_argument("what", choices=["application", "call"])
    schema.add_argument("--call", dest="for_call", metavar="CALL",
                        help="for an application: also give, field by field, the values this "
                        "call accepts (as examples, for forms)")
    return parser


def _load_call(ref: str) -> Call:
    path = Path(ref)
    if path.suffix in (".toml", ".json") and path.exists():
        return Call.from_file(path)
    return calls.load(ref)


def _print_item(item: BatchItem, lang: str, out: TextIO, zone: str | None) -> None:
    out.write(item_text(item, lang, zone) + "\n")  # every line safe for a terminal


def _language(requested: str | None, err: TextIO) -> str:
    if requested is None:
        return default_language()
    lang = negotiate(requested)
    if lang != requested.replace("-", "_").split("_")[0].lower():
        err.write(f"callrules: no messages in {requested!r}; using {lang}\n")
    return lang


def _check(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    lang = _language(args.lang, err)
    call = _load_call(args.call)
    if args.zone:
        get_zone(args.zone)  # an unknown zone is a usage error, before any work
    clock = datetime.now(UTC)  # the command line is where the clock is read
    now = parse_instant(args.at) if args.at else clock
    sources = records(*args.files, stdin=stdin)
    fmt = "json" if args.json else args.format
    if fmt in ("jsonl", "csv") and not args.record:
        return _stream(call, sources, now, lang, fmt, out, args.csv_dialect)
    batch = list(sources) if args.record else sources
    result = evaluate_many(call, batch, now=now)
    if args.record:
        with open(args.record, "w", encoding="utf-8") as handle:
            spanning = {rule.clause for rule in call.batch_rules}
            for item, record in zip(result, batch, strict=True):
                if item.report is not None:
                    found = [f for f in item.report.findings if f.clause in spanning]
                    entry = decision_record(call, record.data, now=now, decided_at=clock,
                                            batch=found)
                    handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
    if fmt == "json":
        payload = [item.to_dict(lang) for item in result]
        out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        for item in result:
            out.write(json.dumps(item.to_dict(lang), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = _csv_writer(out, args.csv_dialect, lang, call)
        for item in result:
            _csv_rows(writer, item, lang)
    else:
        for position, item in enumerate(result):
            if position:
                out.write("\n")  # a blank line between records, none after the last
            _print_item(item, lang, out, args.zone)
    if result.input_errors:
        return EXIT_USAGE
    return EXIT_OK if result.all_eligible else EXIT_INELIGIBLE


class _CsvWriter:
    """A CSV writer for programs (``machine``: codes and paths) or for a French spreadsheet
    (``excel-fr``: ``;``, a byte-order mark, labelled columns, words); no cell a spreadsheet
    would read as a formula (OWASP CSV injection)."""

    def __init__(self, out: TextIO, dialect: str, lang: str, call: Call) -> None:
        self.people = dialect == "excel-fr"
        self.lang, self.call = lang, call
        if self.people:
            out.write("\ufeff")
        self.writer = csv.writer(out, delimiter=";" if self.people else ",")
        self.writerow(people_header(lang) if self.people else MACHINE_HEADER)

    def writerow(self, row: Sequence[object]) -> None:
        self.writer.writerow(neutralised(row))

    def correction(self, index: int, finding: Finding) -> None:
        """A row for a finding known at the end of a stream (one application per host…)."""
        if self.people:
            self.writerow(people_row(index, finding, self.lang, self.call))
        else:
            self.writerow([index, "", "", finding.severity.value != "error",
                           finding.severity.value, finding.clause, finding.code,
                           finding.path, finding.message(self.lang)])


def _csv_writer(out: TextIO, dialect: str = "machine", lang: str = "en",
                call: Call | None = None) -> _CsvWriter:
    return _CsvWriter(out, dialect, lang, call)  # type: ignore[arg-type]


def _csv_rows(writer: _CsvWriter, item: BatchItem, lang: str) -> None:
    """One row per finding (and one per eligible application or malformed record)."""
    rows = people_rows(item, lang) if writer.people else machine_rows(item, lang)
    for row in rows:
        writer.writerow(row)


def _stream(call: Call, sources: Iterator[Sourced], now: datetime, lang: str, fmt: str,
            out: TextIO, dialect: str = "machine") -> int:
    """Check and print record by record, in constant memory; the findings of rules that
    span applications follow at the end (JSON Lines: ``{"index", "correction"}`` lines;
    CSV: more rows for those records, their verdict now false)."""
    stream = evaluate_stream(call, sources, now=now)
    writer = _csv_writer(out, dialect, lang, call) if fmt == "csv" else None
    eligible = True
    for item in stream:
        eligible = eligible and item.report is not None and item.report.eligible
        if writer is not None:
            _csv_rows(writer, item, lang)
        else:
            out.write(json.dumps(item.to_dict(lang), ensure_ascii=False) + "\n")
    for index, finding in stream.corrections():
        eligible = eligible and finding.severity.value != "error"
        if writer is not None:
            writer.correction(index, finding)
        else:
            out.write(json.dumps({"index": index, "correction": finding.to_dict(lang)},
                                 ensure_ascii=False) + "\n")
    if stream.invalid:
        return EXIT_USAGE
    return EXIT_OK if eligible else EXIT_INELIGIBLE


def _replay(args: argparse.Namespace, out: TextIO) -> int:
    changed = 0
    with open(args.file, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError([InputProblem((), "json_invalid", str(exc))],
                                 source=f"{args.file}:{number}") from None
            outcome = replay(record)
            name = record.get("input", {}).get("id", f"line {number}")
            if outcome.same:
                out.write(f"{name}: same verdict\n")
            else:
                changed += 1
                out.write(f"{name}: CHANGED\n" + "".join(f"  {c}\n" for c in outcome.changes))
            if outcome.same and outcome.changes:
                out.write("".join(f"  (note) {c}\n" for c in outcome.changes))
    return EXIT_INELIGIBLE if changed else EXIT_OK


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None,
         err: TextIO | None = None, stdin: TextIO | None = None) -> int:
    """Run the command line; returns the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    stdin = stdin or sys.stdin
    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            return _check(args, out, err, stdin)
        if args.command == "show":
            if args.zone:
                get_zone(args.zone)
            call = _load_call(args.call)
            lang = negotiate(args.lang, call.languages[0]) if args.lang else None
            if args.lang and lang != args.lang.replace("-", "_").split("_")[0].lower():
                err.write(f"callrules: no messages in {args.lang!r}; using {lang}\n")
            out.write(call.checklist(lang, format=args.format, zone=args.zone,
                                     audience=args.audience))
            return EXIT_OK
        if args.command == "replay":
            return _replay(args, out)
        if args.command == "calls":
            for call_id in calls.available():
                call = calls.load(call_id)
                out.write(terminal(f"{call_id}\t{call.version}\t{call.title_in('en')}") + "\n")
            return EXIT_OK
        if args.command == "validate":
            call = Call.from_file(args.file)
            out.write(f"{args.file}: call {call.id} version {call.version} is valid "
                      f"({len(call.rules)} rules, {len(call.clauses)} clauses)\n")
            return EXIT_OK
        if args.command == "schema":
            from callrules._schema import json_schema

            target = _load_call(args.for_call) if args.for_call else None
            out.write(json.dumps(json_schema(args.what, target), indent=2, ensure_ascii=False)
                      + "\n")
            return EXIT_OK
    except DefinitionError as exc:
        err.write(f"callrules: invalid call definition\n{exc}\n")
        return EXIT_USAGE
    except CallrulesError as exc:
        err.write(f"callrules: {exc}\n")
        return EXIT_USAGE
    except BrokenPipeError:  # the reader stopped reading (| head): not an error of ours
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:
        err.write(f"callrules: {exc.filename}: {exc.strerror}\n")
        return EXIT_USAGE
    raise AssertionError(f"unhandled command {args.command}")  # pragma: no cover
