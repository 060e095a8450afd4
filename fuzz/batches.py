"""A seeded corpus of batches in every shape the readers promise, for fuzz/differential.py.

    python fuzz/batches.py DIR [--seed N] [--count N]

Writes DIR/NNNN-SHAPE[-DAMAGE].EXT and DIR/manifest.json, which gives for each file the
number of applications written into it (``n``), its shape, its damage and the family
(``json`` or ``csv``) the service is sent it as. The applications are examples/eligible.json,
examples/ineligible.json and docs/examples/*application*.json, each copy with its own id.
Shapes follow docs/reference/inputs.md: JSON arrays, objects and envelopes (compact or
pretty), ``jq -s``, ``jq --seq``, JSON Lines, CSV dialects, tables, mail replies, flowed
text, prompts and log prefixes, UTF-8/16/32, line ends, Unicode blanks, formats appended.
Damage (a cut in the last record, a keystroke, a lost quote, a NUL, a bad byte…) falls
inside one record, so that record is one result still: N applications in, N results out.
The same seed gives the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: Where damage may fall: the text of a record is wrapped in these marks by the shapes, then
#: damaged between them, then the marks dropped (they never reach a file).
START, END = "\x02", "\x03"
BAD = "\udcff"  # a byte that is no character: 0xFF in UTF-8 (surrogateescape)


def applications() -> list[dict[str, Any]]:
    names = [ROOT / "examples" / "eligible.json", ROOT / "examples" / "ineligible.json",
             *sorted((ROOT / "docs" / "examples").glob("*application*.json"))]
    return [json.loads(name.read_text("utf-8")) for name in names]


def flatten(value: Any, prefix: str = "") -> dict[str, str]:
    """An application as CSV columns named by field path (a list of texts in one cell)."""
    out: dict[str, str] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}{key}."))
    elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        out[prefix[:-1]] = "; ".join(value)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out.update(flatten(item, f"{prefix}{index}."))
    elif isinstance(value, bool):
        out[prefix[:-1]] = "true" if value else "false"
    elif value is not None:
        out[prefix[:-1]] = str(value)
    return out


def marked(text: str) -> str:
    return START + text + END


# -- JSON shapes: each takes the applications and gives text, each record's text marked ------
def compact(app: dict[str, Any]) -> str:
    return json.dumps(app, ensure_ascii=False)


def pretty(app: dict[str, Any], indent: int = 2) -> str:
    return json.dumps(app, ensure_ascii=False, indent=indent)


def indented(text: str, by: str) -> str:
    return "\n".join(by + line for line in text.split("\n"))


def json_lines(apps: list[dict[str, Any]]) -> str:
    return "".join(marked(compact(a)) + "\n" for a in apps)


def array(apps: list[dict[str, Any]]) -> str:
    return "[" + ", ".join(marked(compact(a)) for a in apps) + "]\n"


def array_pretty(apps: list[dict[str, Any]]) -> str:  # json.dumps(indent=2), jq -s .
    return "[\n" + ",\n".join(indented(marked(pretty(a)), "  ") for a in apps) + "\n]\n"


def array_jackson(apps: list[dict[str, Any]]) -> str:  # `[ {`, `}, {`, `} ]`
    inner = [pretty(a)[1:-1].strip("\n") for a in apps]
    return "[ {\n" + "\n}, {\n".join(marked(t) for t in inner) + "\n} ]\n"


def envelope(apps: list[dict[str, Any]]) -> str:
    return '{"applications": [' + ", ".join(marked(compact(a)) for a in apps) + "]}\n"


def envelope_pretty(apps: list[dict[str, Any]]) -> str:
    body = ",\n".join(indented(marked(pretty(a)), "    ") for a in apps)
    return '{\n  "applications": [\n' + body + "\n  ]\n}\n"


def jq_stream(apps: list[dict[str, Any]]) -> str:  # jq . a.json b.json
    return "".join(marked(pretty(a)) + "\n" for a in apps)


def jq_slurp_nested(apps: list[dict[str, Any]]) -> str:  # jq -s . a.json b.json of arrays
    half = max(1, len(apps) // 2)
    parts = [apps[:half], apps[half:]] if len(apps) > 1 else [apps]
    return "[" + ", ".join("[" + ", ".join(marked(compact(a)) for a in p) + "]"
                           for p in parts) + "]\n"


def jq_seq(apps: list[dict[str, Any]]) -> str:  # jq --seq
    return "".join("\x1e" + marked(compact(a)) + "\n" for a in apps)


def jq_seq_pretty(apps: list[dict[str, Any]]) -> str:
    return "".join("\x1e" + marked(pretty(a)) + "\n" for a in apps)


def lone(apps: list[dict[str, Any]]) -> str:  # one application, a document of its own
    return marked(pretty(apps[0])) + "\n"


def lines_then_array(apps: list[dict[str, Any]]) -> str:  # cat export.jsonl dump.json
    half = max(1, len(apps) // 2)
    return json_lines(apps[:half]) + (array_pretty(apps[half:]) if apps[half:] else "")


def lines_then_seq(apps: list[dict[str, Any]]) -> str:
    half = max(1, len(apps) // 2)
    return array_pretty(apps[:half]) + (jq_seq(apps[half:]) if apps[half:] else "")


JSON_SHAPES: dict[str, tuple[Callable[[list[dict[str, Any]]], str], str]] = {
    "jsonl": (json_lines, ".jsonl"), "array": (array, ".json"),
    "array-pretty": (array_pretty, ".json"), "array-jackson": (array_jackson, ".json"),
    "envelope": (envelope, ".json"), "envelope-pretty": (envelope_pretty, ".json"),
    "jq-stream": (jq_stream, ".json"), "jq-s-nested": (jq_slurp_nested, ".json"),
    "jq-seq": (jq_seq, ".json"), "jq-seq-pretty": (jq_seq_pretty, ".json"),
    "lone": (lone, ".json"), "jsonl-then-array": (lines_then_array, ".jsonl"),
    "array-then-seq": (lines_then_seq, ".json"),
}


# -- CSV shapes ------------------------------------------------------------------------------
def csv_text(apps: list[dict[str, Any]], separator: str = ",", quote_all: bool = False,
             blank_after: bool = False) -> tuple[str, list[str]]:
    """The header and each row (marked), as a spreadsheet writes them."""
    rows = [flatten(a) for a in apps]
    header = sorted({k for row in rows for k in row})

    def line(cells: list[str]) -> str:
        out = io.StringIO()
        csv.writer(out, delimiter=separator, lineterminator="\n",
                   quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL).writerow(cells)
        return out.getvalue()[:-1]

    return line(header), [marked(line([row.get(k, "") for k in header])) for row in rows]


def csv_plain(apps: list[dict[str, Any]], separator: str = ",", quote_all: bool = False,
              first: str = "") -> str:
    header, rows = csv_text(apps, separator, quote_all)
    return first + header + "\n" + "".join(r + "\n" for r in rows)


def table(apps: list[dict[str, Any]], mysql: bool) -> str:
    header, rows = csv_text(apps, "|")
    names = header.split("|")
    rule = "+" + "+".join("-" * (len(n) + 2) for n in names) + "+\n"
    bar = "| " + " | ".join(names) + " |\n"
    body = "".join("| " + r.replace("|", " | ") + " |\n" for r in rows)
    if mysql:
        return rule + bar + rule + body + rule + f"{len(apps)} rows in set (0.00 sec)\n"
    return bar + "|" + "|".join("---" for _ in names) + "|\n" + body


CSV_SHAPES: dict[str, tuple[Callable[[list[dict[str, Any]]], str], str]] = {
    "csv": (csv_plain, ".csv"),
    "csv-semicolon": (lambda a: csv_plain(a, ";"), ".csv"),
    "csv-tab": (lambda a: csv_plain(a, "\t"), ".tsv"),
    "csv-quoted": (lambda a: csv_plain(a, ";", quote_all=True), ".csv"),
    "csv-sep": (lambda a: csv_plain(a, ";", first="sep=;\n"), ".csv"),
    "csv-title": (lambda a: csv_plain(a, first="Applications export, June 2026\n"), ".csv"),
    "csv-comment": (lambda a: csv_plain(a, first="# export 2026\n"), ".csv"),
    "table-markdown": (lambda a: table(a, mysql=False), ".csv"),
    "table-mysql": (lambda a: table(a, mysql=True), ".csv"),
}


# -- wrappings: what a person or a program put around a batch --------------------------------
def quoted(text: str, mark: str = "> ", above: str = "") -> str:
    return above + "".join(mark + line + "\n" for line in text.rstrip("\n").split("\n"))


def flowed(text: str) -> str:
    """format=flowed: long lines broken at blanks, each piece but the last ending with one."""
    out = []
    for line in text.rstrip("\n").split("\n"):
        while len(line) > 72 and " " in line[40:72]:
            cut = line.rindex(" ", 40, 72) + 1
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return "\n".join(out) + "\n"


def prefixed(text: str, prefix: str) -> str:
    return "".join(prefix + line + "\n" for line in text.rstrip("\n").split("\n"))


#: Each wrapping: what it does, how many results it adds (a stray line above the records is
#: one problem, a title above a CSV header one ``csv_title_line``…), the shapes it fits.
LINES, FIRST_LINE = ("jsonl",), ("array", "envelope", "jq-s-nested")
WRAPPINGS: dict[str, tuple[Callable[[str], str], int, tuple[str, ...] | None]] = {
    "plain": (lambda t: t, 0, None),
    "reply": (lambda t: quoted(t, "> ", "On Mon, Jun 1, 2026 at 10:00 AM Ana <a@b.org> "
                               "wrote:\n"), 1, None),
    "reply-fr": (lambda t: quoted(t, "> ", "Hi,\nHere is the batch again.\n\n"
                                  "Le lun. 1 juin 2026 à 10:00, Ana <a@b.org> a écrit :\n"),
                 1, None),
    "reply-outlook": (lambda t: quoted(t, ">", "-----Original Message-----\n"), 1, None),
    "reply-nested": (lambda t: quoted(t, "> > "), 0, None),
    "flowed": (flowed, 0, LINES),
    "prompt": (lambda t: "const apps = " + t.rstrip("\n") + ";\n", 2, FIRST_LINE),
    "log-prefix": (lambda t: prefixed(t, "2026-06-01 10:00:00 INFO "), 0, LINES),
    "sse": (lambda t: prefixed(t, "data: "), 0, LINES),
    "title": (lambda t: "Applications, June 2026\n\n" + t, 1, None),
    "fence": (lambda t: "Applications\n```json\n" + t, 2, tuple(JSON_SHAPES)),
    "blank-lines": (lambda t: "\u00a0\n\x0c\n" + t.replace("\n", "\n\u2028\n", 1) + "\u3000\n",
                    0, None),
    "padding": (lambda t: t + "\x00\x00\x00\x1a", 0, None),
    "http-head": (lambda t: "HTTP/1.1 200 OK\nContent-Type: application/json\n\n" + t,
                  1, None),
}


# -- damage, inside one record ---------------------------------------------------------------
def damage(text: str, rng: random.Random, kind: str) -> str:
    """``text`` with one damage of ``kind`` inside one of its marked records."""
    starts = [i for i, c in enumerate(text) if c == START]
    if kind == "cut":  # in the last record: the records before it are whole
        start = starts[-1]
        end = text.index(END, start)
        return text[:rng.randint(start + 2, max(start + 2, end - 1))]
    start = rng.choice(starts)
    end = text.index(END, start)
    where = rng.randint(start + 1, end)
    if kind == "lost-quote":
        quotes = [i for i in range(start, end) if text[i] == '"']
        if quotes:
            where = rng.choice(quotes)
            return text[:where] + text[where + 1:]
        kind = "keystroke"
    inserted = {"keystroke": rng.choice("x,;:{}[]\"'\\ 1é"), "nul": "\x00", "bad-byte": BAD,
                "newline": "\n", "cr": "\r", "tab": "\t", "bom": "\ufeff",
                "nbsp": "\u00a0", "ctrl-z": "\x1a"}[kind]
    return text[:where] + inserted + text[where:]


#: Damage after which a record may read as two (a line broken in two): N out is not promised.
SPLITTING = ("newline", "cr")
DAMAGE = ("cut", "keystroke", "lost-quote", "nul", "bad-byte", "newline", "cr", "tab", "bom",
          "nbsp", "ctrl-z")


# -- bytes: line ends, encodings, appended formats -------------------------------------------
def line_ends(text: str, kind: str, rng: random.Random) -> str:
    if kind == "lf":
        return text
    if kind == "crlf":
        return text.replace("\n", "\r\n")
    if kind == "cr":
        return text.replace("\n", "\r")
    return "".join(c if c != "\n" else rng.choice(["\n", "\r\n"]) for c in text)  # mixed


ENCODINGS = {"utf-8": ("utf-8", b""), "utf-8-bom": ("utf-8", b"\xef\xbb\xbf"),
             "utf-16-le-bom": ("utf-16-le", b"\xff\xfe"),
             "utf-16-be-bom": ("utf-16-be", b"\xfe\xff"),
             "utf-16-le": ("utf-16-le", b""), "utf-16-be": ("utf-16-be", b""),
             "utf-32-le-bom": ("utf-32-le", b"\xff\xfe\x00\x00"),
             "utf-32-be": ("utf-32-be", b"")}


def encoded(text: str, encoding: str) -> bytes:
    codec, mark = ENCODINGS[encoding]
    errors = "surrogateescape" if codec == "utf-8" else "surrogatepass"
    return mark + text.encode(codec, errors)


def clean(text: str) -> str:
    return text.replace(START, "").replace(END, "")


# -- the corpus ------------------------------------------------------------------------------
def one(rng: random.Random, number: int, apps: list[dict[str, Any]]
        ) -> tuple[str, bytes, dict[str, Any]]:
    """The name, bytes and manifest entry of input ``number``."""
    count = rng.choice([1, 1, 2, 2, 3, 4])
    chosen = []
    for copy in range(count):
        app = json.loads(json.dumps(rng.choice(apps)))
        app["id"] = f"{app.get('id', 'X')}-{number}-{copy}"
        chosen.append(app)
    family = rng.choice(["json", "json", "csv"])
    shapes = JSON_SHAPES if family == "json" else CSV_SHAPES
    shape = rng.choice(sorted(shapes))
    write, suffix = shapes[shape]
    if shape == "lone":
        chosen, count = chosen[:1], 1
    text = write(chosen)
    fitting = [w for w, (_, _, fits) in sorted(WRAPPINGS.items())
               if fits is None or shape in fits]
    wrapping = rng.choice(fitting)
    wrap, extra, _ = WRAPPINGS[wrapping]
    kind = rng.choice(DAMAGE) if rng.random() < 0.4 else ""  # as written, or one damage
    text = wrap(damage(text, rng, kind) if kind else text)
    if shape in ("csv-title", "csv-comment"):
        extra += 1
    if shape.startswith("jq-seq") and wrapping == "fence":  # lines above a sequence: one
        extra = 1
    ends = rng.choice(["lf", "lf", "lf", "crlf", "crlf", "cr", "mixed"])
    text = line_ends(clean(text), ends, rng)
    encoding = rng.choice(["utf-8"] * 8 + ["utf-8-bom"] * 2 + sorted(ENCODINGS))
    data = encoded(text, encoding)
    appended = ""
    if rng.random() < 0.08 and not kind and family == "json":  # another layout appended
        more = [dict(json.loads(json.dumps(rng.choice(apps))),
                     id=f"{number}-appended-{i}") for i in range(rng.randint(1, 2))]
        appended = rng.choice(["jsonl", "jq-seq", "array-pretty"])
        also = line_ends(clean(JSON_SHAPES[appended][0](more)), ends, rng)
        data += encoded(also, rng.choice(["utf-8", encoding]))
        count += len(more)
    parts = [f"{number:04d}", shape, wrapping, ends, encoding, kind,
             appended and f"then-{appended}"]
    name = "-".join(p for p in parts if p) + (suffix if wrapping == "plain" else ".txt")
    # N out is promised after a line break typed into a record, and for CR-only line ends
    # under text, only for CSV (old Mac "CSV (Macintosh)")
    promised = kind not in SPLITTING and not (ends == "cr" and wrapping != "plain"
                                              and family != "csv")
    return name, data, {"n": count + extra if promised else None,
                        "shape": shape, "wrapping": wrapping, "ends": ends,
                        "encoding": encoding, "damage": kind, "appended": appended,
                        "family": family}


def generate(folder: Path, seed: int, count: int) -> dict[str, dict[str, Any]]:
    rng = random.Random(seed)
    apps = applications()
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {}
    for number in range(count):
        name, data, entry = one(rng, number, apps)
        (folder / name).write_bytes(data)
        manifest[name] = entry
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True),
                                          "utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--count", type=int, default=2000)
    args = parser.parse_args()
    manifest = generate(args.folder, args.seed, args.count)
    print(f"{len(manifest)} inputs in {args.folder}")


if __name__ == "__main__":
    main()
