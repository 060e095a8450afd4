"""The documentation stays true: its examples run, and its reference covers the code."""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import json
import re
import shlex
import tempfile
import textwrap
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import callrules
from callrules._cli import _parser, main
from callrules._definitions import OPS
from callrules._messages import CODES
from tests.conftest import ROOT

DOCS = ROOT / "docs"
SOURCE = ROOT / "src" / "callrules"
EXAMPLE_CALL = DOCS / "examples" / "example-call.toml"
EXAMPLE_APPLICATION = DOCS / "examples" / "example-application.json"


@dataclass(frozen=True, slots=True)
class Block:
    """A fenced code block of a Markdown file: its language, options, first line and code."""

    language: str
    options: frozenset[str]
    line: int
    code: str

    @property
    def runnable(self) -> bool:
        """True for a ```python block not marked ``no-run``."""
        return self.language == "python" and "no-run" not in self.options


def fenced_blocks(text: str) -> list[Block]:
    """Every fenced block of ``text``, in order (fences may be indented, as in lists)."""
    blocks: list[Block] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        opening = re.match(r"^(\s*)(`{3,})(.*)$", lines[index])
        if opening is None:
            index += 1
            continue
        indent, fence, info = opening.groups()
        body: list[str] = []
        index += 1
        while index < len(lines) and not re.match(
                rf"^{re.escape(indent)}{fence}\s*$", lines[index]):
            body.append(lines[index])
            index += 1
        start = index - len(body) + 1  # 1-based line number of the block's first code line
        words = info.split()
        # options: ``python no-run`` or, as MkDocs renders it, ``python {.no-run}``
        options = frozenset(w.strip("{}.") for w in words[1:])
        blocks.append(Block(words[0] if words else "", options, start,
                            textwrap.dedent("\n".join(body)) + "\n"))
        index += 1
    return blocks


def _heading_between(lines: list[str], block: Block, after: Block) -> bool:
    """True if a Markdown heading stands between ``block``'s closing fence and ``after``: a
    text block of another section illustrates that section, it is no output of ``block``."""
    closing = block.line + block.code.count("\n")  # 1-based line of block's closing fence
    return any(re.match(r"^#{1,6}\s", line) for line in lines[closing:after.line - 2])


def headings(path: Path) -> set[str]:
    """The text of every Markdown heading of ``path``, without #'s and backticks."""
    found: set[str] = set()
    for line in _outside_fences(path.read_text("utf-8")):
        match = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if match:
            found.add(match.group(1).replace("`", "").strip())
    return found


def _outside_fences(text: str) -> list[str]:
    """The lines of ``text`` that are not inside a fenced block."""
    out: list[str] = []
    inside = False
    for line in text.splitlines():
        if re.match(r"^\s*```", line):
            inside = not inside
            continue
        if not inside:
            out.append(line)
    return out


def markdown_files() -> list[Path]:
    """Every Markdown file under docs/, sorted."""
    return sorted(DOCS.rglob("*.md"))


def files_with_python() -> list[Path]:
    """The Markdown files under docs/ that hold at least one runnable python block."""
    return [p for p in markdown_files()
            if any(b.runnable for b in fenced_blocks(p.read_text("utf-8")))]


class TestBlockParser:
    def test_python_blocks_are_found_in_order_with_their_line(self) -> None:
        """Two python blocks come back in order, with the line their code starts on."""
        text = "# T\n\n```python\na = 1\n```\n\ntext\n\n```python\nb = a + 1\n```\n"
        blocks = fenced_blocks(text)
        assert [b.code for b in blocks] == ["a = 1\n", "b = a + 1\n"]
        assert [b.line for b in blocks] == [4, 10]

    def test_a_no_run_block_and_other_languages_are_not_runnable(self) -> None:
        """``python no-run``, ``toml`` and ``text`` blocks are kept but not run."""
        text = "```python no-run\nraise SystemExit\n```\n```toml\na = 1\n```\n```text\nx\n```\n"
        assert [b.runnable for b in fenced_blocks(text)] == [False, False, False]

    def test_an_indented_block_is_dedented(self) -> None:
        """A block inside a list item runs as if written at the margin."""
        text = "1. Step:\n\n   ```python\n   x = 1\n   if x:\n       y = 2\n   ```\n"
        (block,) = fenced_blocks(text)
        assert block.code == "x = 1\nif x:\n    y = 2\n"

    @pytest.mark.parametrize(("printed", "shown", "same"), [
        ("a\nb\n", "a\nb", True),
        ("  a\n", "a\n", True),                          # printed is dedented
        ("a\nb\n", "a\n", False),                       # a line the page does not show
        ("a\n", "a\nb\n", False),                       # a line that is not printed
        ("/tmp/x1/f.toml: bad\n", "…/f.toml: bad\n", True),
        ("sha256:9c1e04aa77\n", "sha256:9c1e04aa…\n", True),
        ("sha256:0c1e04aa77\n", "sha256:9c1e04aa…\n", False),
        ("/tmp/x1/f.toml: bad\n", "…/f.toml: good\n", False),
        ("x\ny\nz\n", "x\n…\n", False),                 # … stands for one line's text only
        ("a.b\n", "a*b\n", False),                       # the rest is read as it is written
    ])
    def test_a_shown_output_is_the_printed_one_line_for_line(
            self, printed: str, shown: str, same: bool) -> None:
        """An output block matches what is printed line for line; ``…`` stands for the rest
        of a line's text, never for a line."""
        assert same_text(printed, shown) is same

    @pytest.mark.parametrize(("code", "words"), [
        ("callrules calls\n", ["callrules", "calls"]),
        ("callrules check c a.json \\\n    --at 2026-06-02\n",
         ["callrules", "check", "c", "a.json", "--at", "2026-06-02"]),
        ("callrules replay r.jsonl   # one line per record\n", ["callrules", "replay", "r.jsonl"]),
        ("callrules check c - < a.jsonl\n", None),
        ("callrules schema application > s.json\n", None),
        ("callrules serve --port 8001\n", None),
        ("callrules show a\ncallrules show b\n", None),
        ("pip install callrules\n", None),
    ])
    def test_the_commands_run_are_one_callrules_command_without_redirection(
            self, code: str, words: list[str] | None) -> None:
        """A ```sh block is run when it holds one ``callrules`` command, not a service and
        without redirection; its continued lines are one command."""
        assert one_command(Block("sh", frozenset(), 1, code)) == words


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registries: None
             ) -> Iterator[None]:
    """A page may register call folders, named sets and catalogs, and make temporary folders:
    its registrations are undone afterwards, and its temporary files go under ``tmp_path``."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    yield
    callrules.set_language(None)  # a page that chose a language, even one that failed


class TestExamplesRun:
    def test_the_documentation_has_runnable_examples(self) -> None:
        """The tutorial and the how-to guides each hold python examples that are run below."""
        names = {p.relative_to(DOCS).as_posix() for p in files_with_python()}
        assert {"tutorial.md", "how-to/write-a-call.md", "how-to/declare-fields.md",
                "how-to/embed-in-a-web-form.md",
                "how-to/review-a-batch.md", "how-to/record-and-replay.md",
                "how-to/add-a-translation.md", "how-to/platform-extensions.md",
                "how-to/run-a-selection.md"} <= names

    @pytest.mark.parametrize("path", files_with_python(),
                             ids=lambda p: p.relative_to(DOCS).as_posix())
    @pytest.mark.usefixtures("isolated")
    def test_every_python_block_of_a_file_runs_in_order(
            self, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """The file's python blocks run in order, in one namespace, from the repository root."""
        monkeypatch.chdir(ROOT)
        for where, printed, shown in run_python_blocks(path):
            if shown is not None:
                assert same_text(printed, shown), \
                    f"the output shown after the python block at {where} is not what it prints"


def run_python_blocks(path: Path) -> Iterator[tuple[str, str, str | None]]:
    """Run the python blocks of ``path`` in order, in one namespace; for each, where it is,
    what it printed, and the output the page shows after it (a ```text {.output} block)."""
    namespace: dict[str, object] = {"__name__": "__docs__"}
    blocks = fenced_blocks(path.read_text("utf-8"))
    for index, block in enumerate(blocks):
        if not block.runnable:
            continue
        where = f"{path.relative_to(ROOT)}:{block.line}"
        code = compile(block.code, where, "exec")
        printed = io.StringIO()
        try:
            with contextlib.redirect_stdout(printed):
                exec(code, namespace)
        except Exception as exc:  # name the block that failed, keep the cause
            raise AssertionError(f"the python block at {where} failed: {exc!r}") from exc
        yield where, printed.getvalue(), shown_output(blocks, index)


def shown_output(blocks: list[Block], index: int) -> str | None:
    """The output the page shows for ``blocks[index]``: the next block, if it is a
    ```text {.output} block."""
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    if following is not None and following.language == "text" and "output" in following.options:
        return following.code
    return None


def commands(path: Path) -> Iterator[tuple[str, list[str], str | None]]:
    """Each ``callrules …`` command of ``path`` that the tests can run, in page order (see
    :func:`one_command`): where it is, its arguments, and the output the page shows after
    it (a ```text {.output} block), if it shows one."""
    blocks = fenced_blocks(path.read_text("utf-8"))
    for index, block in enumerate(blocks):
        words = one_command(block)
        if words is not None:
            yield (f"{path.relative_to(ROOT)}:{block.line}", words[1:],
                   shown_output(blocks, index))


def one_command(block: Block) -> list[str] | None:
    """The words of ``block``'s command when it is a ```sh block of one ``callrules`` command
    (its lines joined at a ``\\``) that the tests can run: no redirection, no pipe, not
    ``serve``; else None."""
    if block.language != "sh":
        return None
    lines = [line for line in block.code.replace("\\\n", " ").splitlines() if line.strip()]
    if len(lines) != 1:
        return None
    words = shlex.split(lines[0], comments=True)
    if words[:1] != ["callrules"] or "serve" in words or {"<", ">", "|"} & set("".join(words)):
        return None
    return words


def same_text(printed: str, shown: str) -> bool:
    """True when ``printed`` is the ``shown`` output (shown dedented, as blocks are read),
    line for line; a ``…`` in a shown line stands for any text of that line (a temporary
    folder, a digest shortened)."""
    printed_lines = textwrap.dedent(printed).rstrip("\n").split("\n")
    shown_lines = shown.rstrip("\n").split("\n")
    return len(printed_lines) == len(shown_lines) and all(
        re.fullmatch(".*?".join(map(re.escape, want.split("…"))), got) is not None
        for got, want in zip(printed_lines, shown_lines, strict=True))


def run_command(arguments: list[str]) -> str:
    """What ``callrules ARGUMENTS`` prints on standard output."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):  # --version exits
        main(arguments, out=out, err=io.StringIO())
    return out.getvalue()


class TestPrintedOutputIsTrue:
    @pytest.mark.parametrize("path", markdown_files(), ids=lambda p: p.relative_to(DOCS).as_posix())
    def test_a_command_shown_with_its_output_prints_it(
            self, path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Each command the docs show with its output (```text {.output}) prints exactly
        that output, so the docs cannot drift from the library. A page's commands run in
        order in one working folder, where ``docs/`` and ``examples/`` are the repository's,
        so that a command reads what an earlier one wrote (``check --record``, then
        ``replay``); they stop at the last one whose output is shown."""
        steps = list(commands(path))
        shown_at = [index for index, (_, _, shown) in enumerate(steps) if shown is not None]
        if not shown_at:
            return
        del steps[shown_at[-1] + 1:]  # the commands after the last output shown change nothing
        for folder in ("docs", "examples"):
            (tmp_path / folder).symlink_to(ROOT / folder, target_is_directory=True)
        monkeypatch.chdir(tmp_path)
        for where, arguments, shown in steps:
            printed = run_command(arguments)
            assert shown is None or same_text(printed, shown), \
                f"the output shown after the command at {where} is not what it prints"

    @pytest.mark.parametrize("path", markdown_files(), ids=lambda p: p.relative_to(DOCS).as_posix())
    def test_every_output_shown_is_compared(self, path: Path) -> None:
        """A ```text block right after a python block that runs, or after a command the tests
        run, shows what it prints: it is marked {.output}, so that the tests compare it
        (plain ```text blocks there went stale unseen)."""
        text = path.read_text("utf-8")
        lines, blocks = text.splitlines(), fenced_blocks(text)
        unmarked = [f"{path.relative_to(ROOT)}:{after.line}"
                    for block, after in itertools.pairwise(blocks)
                    if (block.runnable or one_command(block) is not None)
                    and after.language == "text" and "output" not in after.options
                    and not _heading_between(lines, block, after)]
        assert unmarked == []

    def test_the_tutorial_and_the_cli_reference_show_output(self) -> None:
        """The pages people copy from compare their printed output with the library's."""
        for page in ("tutorial.md", "reference/cli.md", "how-to/review-a-batch.md"):
            blocks = fenced_blocks((DOCS / page).read_text("utf-8"))
            assert any(shown_output(blocks, i) for i in range(len(blocks))), page


class TestReferenceIsComplete:
    def test_every_finding_code_has_a_heading(self) -> None:
        """Each key of CODES is a heading of reference/finding-codes.md."""
        documented = headings(DOCS / "reference" / "finding-codes.md")
        assert set(CODES) - documented == set()

    def test_the_finding_code_headings_are_all_real_codes(self) -> None:
        """No heading of the code sections names a code the library does not produce."""
        documented = {h for h in headings(DOCS / "reference" / "finding-codes.md")
                      if re.fullmatch(r"[a-z_]+", h)}
        assert documented - set(CODES) == set()

    def test_each_code_section_quotes_its_english_template(self) -> None:
        """Each code's section quotes, word for word, its English template from CODES."""
        text = (DOCS / "reference" / "finding-codes.md").read_text("utf-8")
        quoted = dict(re.findall(r"^## (\w+)\n.*?^- \*\*English:\*\* `(.*?)`$",
                                 text, re.M | re.S))
        assert quoted == CODES

    def test_every_operator_has_a_heading(self) -> None:
        """Each operator of OPS is a heading of reference/rule-language.md."""
        documented = headings(DOCS / "reference" / "rule-language.md")
        assert set(OPS) - documented == set()

    def test_every_error_code_in_the_source_has_a_heading(self) -> None:
        """Each ``code="…"`` written in src/callrules is a heading of reference/errors.md."""
        written = set()
        for module in SOURCE.rglob("*.py"):
            written |= set(re.findall(r'\bcode="([a-z_]+)"', module.read_text("utf-8")))
        documented = {code for heading in headings(DOCS / "reference" / "errors.md")
                      for code in heading.split(", ")}  # (one heading for kindred codes)
        assert written - documented == set()
        text = (DOCS / "reference" / "errors.md").read_text("utf-8")
        for module in SOURCE.rglob("*.py"):  # (an error class's own: ``code = "…"``)
            for code in re.findall(r'^    code(?:: str)? = "([a-z_]+)"$',
                                   module.read_text("utf-8"), re.M):
                assert code in documented or f'"{code}"' in text or f"`{code}`" in text, code

    def test_every_command_and_option_of_the_command_line_is_documented(self) -> None:
        """Each subcommand is a heading of reference/cli.md, and its section names each of
        its options (and the command's own options are named before the first section)."""
        text = (DOCS / "reference" / "cli.md").read_text("utf-8")
        sections = dict(re.findall(r"^## (\S+)\n(.*?)(?=^## |\Z)", text, re.M | re.S))
        parser = _parser()
        (commands,) = [a for a in parser._actions
                       if isinstance(a, argparse._SubParsersAction)]
        missing = []
        for name, sub in commands.choices.items():
            if name not in sections:
                missing.append(f"## {name}")
                continue
            for action in sub._actions:
                for option in action.option_strings:
                    if option.startswith("--") and option != "--help" and \
                            f"`{option}" not in sections[name]:
                        missing.append(f"{name} {option}")
        for action in parser._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help" and \
                        f"## {option}" not in text:
                    missing.append(option)
        assert missing == []

    def test_every_page_is_in_the_navigation(self) -> None:
        """mkdocs.yml's nav lists every Markdown page of docs/."""
        nav = (ROOT / "mkdocs.yml").read_text("utf-8").split("\nnav:", 1)[1]
        listed = set(re.findall(r":\s*(\S+\.md)\s*$", nav, re.M))
        assert {p.relative_to(DOCS).as_posix() for p in markdown_files()} - listed == set()

    def test_relative_links_between_documents_resolve(self) -> None:
        """Every relative link in docs/ names a file that exists."""
        broken = []
        for path in markdown_files():
            text = "\n".join(_outside_fences(path.read_text("utf-8")))
            for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
                if "://" in target or target.startswith("mailto:"):
                    continue
                if not (path.parent / target).resolve().exists():
                    broken.append(f"{path.relative_to(ROOT)} -> {target}")
        assert broken == []


def as_toml_document(code: str) -> str:
    """A ```toml block as a document: a block of rules written alone (each line starting
    with ``{`` opens one, as rule-language.md shows them) becomes a list of values; any
    other block is a document (or a part of one) as it stands."""
    lines = code.splitlines()
    written = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not written or not written[0].startswith("{"):
        return code
    opened = [line.startswith("{") for line in lines]
    first = opened.index(True)
    return "values = [\n" + "\n".join(
        (", " + line) if is_value and n > first else line
        for n, (line, is_value) in enumerate(zip(lines, opened, strict=True))) + "\n]\n"


class TestTomlBlocks:
    @pytest.mark.parametrize("path", markdown_files(), ids=lambda p: p.name)
    def test_every_toml_block_is_toml(self, path: Path) -> None:
        """Every ```toml block of the docs reads as TOML 1.0, the version a call file is read
        in (an inline table over several lines is not: pasted as a how-to says, `callrules
        validate` said "not valid TOML", att60)."""
        for block in fenced_blocks(path.read_text("utf-8")):
            if block.language == "toml":
                try:
                    tomllib.loads(as_toml_document(block.code))
                except tomllib.TOMLDecodeError as error:
                    pytest.fail(f"{path.name}, line {block.line}: {error}")


class TestExampleCall:
    def test_the_example_call_loads(self) -> None:
        """docs/examples/example-call.toml loads and compiles with Call.from_file."""
        call = callrules.Call.from_file(EXAMPLE_CALL)
        assert call.id == "pacific-workshops-2027"
        assert call.timezone == "Pacific/Auckland" and call.currency == "NZD"

    def test_the_example_application_is_eligible_for_it(self) -> None:
        """The how-to's example application passes every rule of the example call."""
        call = callrules.Call.from_file(EXAMPLE_CALL)
        report = callrules.evaluate(call, EXAMPLE_APPLICATION.read_text("utf-8"))
        assert report.eligible, report.render("en")
        assert report.findings == ()

    def test_the_how_to_shows_the_example_call_in_full(self) -> None:
        """One toml block of the how-to is exactly docs/examples/example-call.toml."""
        howto = (DOCS / "how-to" / "write-a-call.md").read_text("utf-8")
        tomls = [b.code for b in fenced_blocks(howto) if b.language == "toml"]
        assert EXAMPLE_CALL.read_text("utf-8") in tomls

    def test_the_declared_fields_how_to_shows_its_call_in_full(self) -> None:
        """One toml block of the declared-fields how-to is exactly its example call, whose
        rules are those of the Helsinki fixture call the tests check at every boundary."""
        howto = (DOCS / "how-to" / "declare-fields.md").read_text("utf-8")
        tomls = [b.code for b in fenced_blocks(howto) if b.language == "toml"]
        example = DOCS / "examples" / "postdoc-call.toml"
        assert example.read_text("utf-8") in tomls
        fixture = ROOT / "tests" / "data" / "good-helsinki-postdoc-2027.toml"
        assert (callrules.Call.from_file(example).definition
                == callrules.Call.from_file(fixture).definition)

    def test_the_budget_how_to_shows_its_call_in_full(self) -> None:
        """One toml block of the computed-budget how-to is exactly its example call, which is
        the summer school fixture the tests check at every boundary."""
        howto = (DOCS / "how-to" / "compute-a-budget.md").read_text("utf-8")
        tomls = [b.code for b in fenced_blocks(howto) if b.language == "toml"]
        example = DOCS / "examples" / "summer-school-call.toml"
        assert example.read_text("utf-8") in tomls
        fixture = ROOT / "tests" / "data" / "good-summer-school-2027.toml"
        assert example.read_text("utf-8") == fixture.read_text("utf-8")


class TestReportJsonExample:
    def test_the_documented_cli_output_is_what_the_cli_prints(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The JSON example of reference/report-json.md is the output of its command."""
        monkeypatch.chdir(ROOT)
        page = (DOCS / "reference" / "report-json.md").read_text("utf-8")
        (documented,) = [json.loads(b.code) for b in fenced_blocks(page)
                         if b.language == "json" and b.code.lstrip().startswith("[")]
        out = io.StringIO()
        code = main(["check", "cnrs-amsud-2026", "docs/examples/late-application.json",
                     "docs/examples/malformed-application.json", "--json",
                     "--at", "2026-06-02T09:00:00+02:00"], out=out, err=io.StringIO())
        assert code == 2
        assert json.loads(out.getvalue()) == documented

    def test_the_documented_correction_line_is_what_the_cli_streams(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The streamed-correction example is the last line of its ``--format jsonl`` run."""
        monkeypatch.chdir(ROOT)
        page = (DOCS / "reference" / "report-json.md").read_text("utf-8")
        (documented,) = [json.loads(b.code) for b in fenced_blocks(page)
                         if b.language == "json" and '"correction"' in b.code]
        out = io.StringIO()
        code = main(["check", "cnrs-amsud-2026", "examples/eligible.json",
                     "examples/ineligible.json", "--format", "jsonl"], out=out,
                    err=io.StringIO())
        assert code == 1
        assert json.loads(out.getvalue().splitlines()[-1]) == documented
