"""A command given nothing to do, or an empty value, says so in words and exits 2: never
exit 0 with nothing done, never an empty value taken as a default ("now", no record, the
current folder)."""

from __future__ import annotations

import argparse
import asyncio
import io
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from callrules import _cli
from callrules._i18n import LANGUAGES
from callrules.exceptions import InputProblem
from callrules.serve import create_app
from tests.conftest import EXAMPLES
from tests.laws import settings

#: Inputs that hold no record, each as a file (or folder) to write into ``tmp_path``.
EMPTY = {"empty.json": "", "blank.json": "\n\n  \n", "list.json": "[]",
         "header.csv": "id,call\n", "folder": None}


def _write(tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    content = EMPTY[name]
    if content is None:
        path.mkdir()
    else:
        path.write_text(content, "utf-8")
    return str(path)


def _run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = _cli.main(argv, out=out, err=err, stdin=io.StringIO(stdin))
    return code, out.getvalue(), err.getvalue()


def _commands(lang: str = "en") -> dict[str, argparse.ArgumentParser]:
    parser = _cli._parser(lang)
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {"": parser, **sub.choices}


def _valued(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """The options and arguments of ``parser`` that take a value."""
    return [action for action in parser._actions
            if action.nargs != 0 and not isinstance(action, argparse._SubParsersAction)]


def _argv(command: str, parser: argparse.ArgumentParser, blank: argparse.Action,
          value: str) -> list[str]:
    """A command line of ``command`` whose every required value is given (a plain word),
    and ``blank`` given ``value``."""
    before: list[str] = []
    after: list[str] = []
    for action in _valued(parser):
        given = value if action is blank else (
            action.choices and next(iter(action.choices))) or "x"
        if action.option_strings:
            if action is blank or action.required:
                before += [action.option_strings[-1], str(given)]
        else:
            after.append(str(given))
    if not command:
        return [*before, "calls"]
    return [command, *before, *after]


_EVERY = [(command, action.option_strings[-1] if action.option_strings else action.metavar
           or action.dest) for command, parser in _commands().items()
          for action in _valued(parser)]


class TestEmptyValues:
    @pytest.mark.parametrize(("command", "name"), _EVERY)
    @pytest.mark.parametrize("value", ["", " ", "\t"])
    def test_every_option_and_argument_given_a_blank_value_is_a_usage_error_naming_it(
            self, command: str, name: str, value: str,
            capsys: pytest.CaptureFixture[str]) -> None:
        """Each value-taking option and argument of every command, read from the parser
        itself, refuses an empty or blank value: exit 2, its name in the message."""
        parser = _commands()[command]
        action = next(a for a in _valued(parser)
                      if (a.option_strings[-1] if a.option_strings else a.metavar or a.dest)
                      == name)
        with pytest.raises(SystemExit) as stop:
            _run(_argv(command, parser, action, value))
        assert stop.value.code == 2
        said = capsys.readouterr().err.splitlines()[-1]
        assert name in said, said

    @pytest.mark.parametrize("lang", LANGUAGES)
    def test_the_refusal_is_said_in_the_reader_s_language(
            self, lang: str, capsys: pytest.CaptureFixture[str]) -> None:
        """The words of the refusal are the catalog's, in each language."""
        with pytest.raises(SystemExit):
            _run(["check", "cnrs-amsud-2026", str(EXAMPLES / "eligible.json"), "--at", "",
                  "--lang", lang])
        said = capsys.readouterr().err.splitlines()[-1]
        english = "empty value" in said
        assert english == (lang == "en"), said


class TestNothingToDo:
    @pytest.mark.parametrize("name", sorted(EMPTY))
    @pytest.mark.parametrize("command", ["check", "plan", "select", "replay", "validate"])
    def test_a_command_given_an_input_with_nothing_in_it_exits_2_and_says_so(
            self, tmp_path: Path, command: str, name: str) -> None:
        """check, plan, select, replay and validate of an input holding nothing (an empty
        file, blank lines, an empty list, a header only, an empty folder): exit 2, words on
        standard error — or, for a file named to ``check`` or ``plan``, the problem
        ``empty_file`` in its place in the report, as a folder's empty file is said."""
        path = _write(tmp_path, name)
        argv = {"check": ["check", "cnrs-amsud-2026", path],
                "plan": ["plan", "cnrs-amsud-2026", path],
                "select": ["select", "cnrs-amsud-2026", path, "--scores", path,
                           "--envelope", "9000 EUR"],
                "replay": ["replay", path], "validate": ["validate", path]}[command]
        code, out, err = _run([*argv, "--at", "2026-05-30T10:00:00+02:00"]
                              if command in ("check", "plan", "select") else argv)
        assert code == 2
        assert err.strip() or (command in ("check", "plan") and Path(path).name in out
                               and "empty" in out), (out, err)

    @given(st.sampled_from(["", "\n", "\n\n \n", "[]", "[]\n"]),
           st.sampled_from(["check", "plan", "select"]))
    @settings(max_examples=30, deadline=None)
    def test_standard_input_with_nothing_in_it_exits_2(self, text: str, command: str) -> None:
        """An empty or blank standard input (-) is nothing to do: exit 2, said (blank, as a
        file named is: the problem ``empty_file`` in its place in the report)."""
        extra = ["--scores", str(EXAMPLES / "eligible.json"), "--envelope", "9000 EUR"] \
            if command == "select" else []
        code, out, err = _run([command, "cnrs-amsud-2026", "-", *extra,
                               "--at", "2026-05-30T10:00:00+02:00"], stdin=text)
        assert code == 2
        assert err.strip() or (command in ("check", "plan") and "empty" in out), (out, err)


    @pytest.mark.parametrize("lang", LANGUAGES)
    def test_each_command_says_there_is_nothing_to_do_in_its_own_words(
            self, tmp_path: Path, lang: str) -> None:
        """check, plan and select of an input holding no record each say it in the words of
        what they do (check checks, plan proposes budgets, select ranks: neither of these
        two says there is nothing to check), from the catalogs, in the reader's language."""
        path = _write(tmp_path, "list.json")
        words = {"check": "no_records", "plan": "no_records_to_plan",
                 "select": "no_records_to_rank"}
        said = {}
        for command in words:
            extra = ["--scores", path, "--envelope", "9000 EUR"] if command == "select" else []
            code, _, err = _run([command, "cnrs-amsud-2026", path, *extra, "--lang", lang,
                                 "--at", "2026-05-30T10:00:00+02:00"])
            assert code == 2
            said[command] = err.strip().splitlines()[-1]
        for command, template in words.items():
            meant = InputProblem((), "no_records", "", ctx={"template": template})
            assert said[command] == f"callrules: {meant.message(lang)}", said
        assert len(set(said.values())) == len(words), said


class TestPageRedirect:
    @given(st.sampled_from(LANGUAGES), st.sampled_from(["", "&call=cnrs-amsud-2026"]))
    @settings(max_examples=10, deadline=None)
    def test_the_root_keeps_its_query_when_it_sends_to_the_page(
            self, lang: str, more: str) -> None:
        """GET /?lang=pt goes to page/?lang=pt: the page reads its language from it."""
        transport = httpx.ASGITransport(app=create_app())  # type: ignore[arg-type]
        response = _redirect(transport, f"/?lang={lang}{more}")
        assert response.headers["location"] == f"page/?lang={lang}{more}"

    def test_the_root_without_a_query_sends_to_the_page(self) -> None:
        """GET / goes to page/, with no empty query."""
        transport = httpx.ASGITransport(app=create_app())  # type: ignore[arg-type]
        assert _redirect(transport, "/").headers["location"] == "page/"


def _redirect(transport: httpx.ASGITransport, path: str) -> httpx.Response:
    async def get() -> httpx.Response:
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return await client.get(path)
    return asyncio.run(get())
