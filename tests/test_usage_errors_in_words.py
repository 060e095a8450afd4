"""Every usage error of the command line, for every command, is said in the reader's language
(``--lang``, else ``CALLRULES_LANG``), from the catalogs: never the English of the library,
of argparse or of the operating system, and never a code token (a field path, a Python
constructor, a snake_case name)."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from callrules._cli import main
from callrules._i18n import phrase
from tests.conftest import EXAMPLES, ROOT
from tests.helpers import code_tokens
from tests.laws import settings

CALL = "cnrs-amsud-2026"
ELIGIBLE = str(EXAMPLES / "eligible.json")
#: A reviewer's scores (the bundled call states no envelope).
SCORES = "{dir}/scores.csv"

#: Each kind of bad argument, by command: how the command line is called (``{dir}`` is a
#: folder of the test's own), and whether the language is asked with ``--lang`` (True) or
#: by ``CALLRULES_LANG`` (False: the commands without ``--lang``).
CASES: dict[str, tuple[list[str], bool]] = {
    "no command": (["chek"], True),
    "check: an unknown call": (["check", "nocall", ELIGIBLE], True),
    "check: a call file that does not exist": (["check", "{dir}/no.toml", ELIGIBLE], True),
    "check: an unknown zone": (["check", CALL, ELIGIBLE, "--zone", "Mars/Olympus"], True),
    "check: a legacy zone": (["check", CALL, ELIGIBLE, "--zone", "EST"], True),
    "check: a fixed offset": (["check", CALL, ELIGIBLE, "--zone", "Etc/GMT+5"], True),
    "check: an instant that is none": (["check", CALL, ELIGIBLE, "--at", "2026-13-01T10:00Z"],
                                       True),
    "check: a record in no folder": (["check", CALL, ELIGIBLE, "--record",
                                      "{dir}/none/x.jsonl"], True),
    "check: a record that is a folder": (["check", CALL, ELIGIBLE, "--record", "{dir}"], True),
    "check: a record over an input": (["check", CALL, "{dir}/app.json", "--record",
                                       "{dir}/app.json"], True),
    "check: a format that is none": (["check", CALL, ELIGIBLE, "--format", "yaml"], True),
    "check: --json beside another --format": (["check", CALL, ELIGIBLE, "--format", "csv",
                                              "--json"], True),
    "check: a CSV dialect without CSV": (["check", CALL, ELIGIBLE, "--csv-dialect",
                                          "excel-fr"], True),
    "serve: a call file the bundled call shadows": (["serve", "--call-dir", "{dir}/calls"],
                                                    False),
    "validate: a folder giving a call twice": (["validate", "{dir}/calls"], False),
    "check: an unknown option": (["check", CALL, ELIGIBLE, "--colour"], True),
    "check: no arguments": (["check"], True),
    "check: an option without its value": (["check", CALL, ELIGIBLE, "--zone"], True),
    "show: an unknown call": (["show", "nocall"], True),
    "show: an unknown zone": (["show", CALL, "--zone", "Paris"], True),
    "show: an audience that is none": (["show", CALL, "--for", "press"], True),
    "select: no envelope": (["select", CALL, ELIGIBLE, "--scores", SCORES], True),
    "select: an envelope in another currency": (["select", CALL, ELIGIBLE, "--scores", SCORES,
                                                 "--envelope", "6000 USD"], True),
    "select: a negative envelope": (["select", CALL, ELIGIBLE, "--scores", SCORES,
                                     "--envelope", "-1 EUR"], True),
    "select: an envelope that is no amount": (["select", CALL, ELIGIBLE, "--scores", SCORES,
                                               "--envelope", "lots"], True),
    "select: a scores file that does not exist": (["select", CALL, ELIGIBLE, "--scores",
                                                   "{dir}/none.csv", "--envelope", "6000"],
                                                  True),
    "select: no scores": (["select", CALL, ELIGIBLE], True),
    "plan: an unknown call": (["plan", "nocall", ELIGIBLE], True),
    "plan: an instant that is none": (["plan", CALL, ELIGIBLE, "--at", "tomorrow"], True),
    "schema: an unknown call": (["schema", "application", "--call", "nocall"], False),
    "schema: a schema that is none": (["schema", "budget"], False),
    "replay: a file that does not exist": (["replay", "{dir}/none.jsonl"], False),
    "replay: a folder": (["replay", "{dir}"], False),
    "replay: an unknown call": (["replay", "{dir}/app.json", "--call", "nocall"], False),
    "validate: a file that does not exist": (["validate", "{dir}/none.toml"], False),
    "serve: a port that is none": (["serve", "--port", "99999"], False),
    "serve: no worker": (["serve", "--workers", "0"], False),
    "serve: a bound that is none": (["serve", "--max-concurrent", "0"], False),
    "serve: too many workers": (["serve", "--workers", "1000"], False),
    "serve: a bound no machine reaches": (["serve", "--max-concurrent-batches", "17"], False),
    "check: records to what it prints": (["check", CALL, ELIGIBLE, "--record", "/dev/stdout"],
                                         True),
    "check: records to a folder": (["check", CALL, ELIGIBLE, "--record", "{dir}/calls"], True),
}


def said(argv: list[str], lang: str, by_option: bool, folder: Path,
         capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """Run the command line; its exit code, and what it said on standard error (argparse's
    too), the test's folder written as FOLDER (its name is pytest's, not the command's)."""
    args = [word.replace("{dir}", str(folder)) for word in argv]
    if by_option:
        args[1:1] = ["--lang", lang]
        monkeypatch.delenv("CALLRULES_LANG", raising=False)
    else:
        monkeypatch.setenv("CALLRULES_LANG", lang)
    err = io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        code = main(args, out=io.StringIO(), err=err, stdin=io.StringIO(""))
    except SystemExit as stop:  # argparse's usage errors
        code = stop.code if isinstance(stop.code, int) else 2
    finally:
        os.chdir(cwd)
    text = err.getvalue() + capsys.readouterr().err
    return code, text.replace(str(folder), "FOLDER")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with an application and a reviewer's score of it."""
    shutil.copy(ELIGIBLE, tmp_path / "app.json")
    (tmp_path / "calls").mkdir()  # a call file of the bundled call's id: never used
    (tmp_path / "calls" / "cnrs-amsud-2026.toml").write_text("", "utf-8")
    (tmp_path / "scores.csv").write_text("application,reviewer,criterion,score\n"
                                         "AMSUD-2026-0007,r1,quality,4\n", "utf-8")
    return tmp_path


class TestEveryUsageError:
    @pytest.mark.parametrize("lang", ["fr", "es", "pt"])
    @pytest.mark.parametrize("case", sorted(CASES))
    def test_is_said_in_the_readers_language_without_code(
            self, case: str, lang: str, folder: Path, capsys: pytest.CaptureFixture[str],
            monkeypatch: pytest.MonkeyPatch) -> None:
        """Exit 2, a message unlike the English one, and no code token in it."""
        argv, by_option = CASES[case]
        code, text = said(argv, lang, by_option, folder, capsys, monkeypatch)
        english = said(argv, "en", by_option, folder, capsys, monkeypatch)[1]
        assert code == 2 and text.strip(), (case, text)
        assert text != english, (case, text)
        assert code_tokens(text) == [], (case, text)


#: Values a person may type where an option takes a zone, an instant, an amount or a call:
#: words, digits, signs and slashes (no underscore or dot, which the code-token check reads
#: as code even when they are the person's own words quoted back).
TYPED = st.text(st.sampled_from("abcXYZ019 /+-:éñ"), min_size=1, max_size=20).filter(
    lambda text: text.strip() and not text.startswith("-"))
OPTIONS: dict[str, Callable[[str], list[str]]] = {
    "zone": lambda value: ["check", CALL, ELIGIBLE, "--zone", value],
    "instant": lambda value: ["check", CALL, ELIGIBLE, "--at", value],
    "envelope": lambda value: ["select", CALL, ELIGIBLE, "--scores", SCORES,
                               "--envelope", value],
    "call": lambda value: ["show", value],
}


class TestAnyValueTyped:
    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(option=st.sampled_from(sorted(OPTIONS)), value=TYPED,
           lang=st.sampled_from(["fr", "es", "pt"]))
    def test_a_value_refused_is_said_in_words(
            self, option: str, value: str, lang: str, folder: Path,
            capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        """Whatever is typed as a zone, an instant, an envelope or a call: refused (exit 2)
        in the reader's language, or accepted; never English, never code."""
        argv = OPTIONS[option](value)
        code, text = said(argv, lang, True, folder, capsys, monkeypatch)
        if code != 2:  # a value that happens to be valid (a call whose name this is…)
            return
        english = said(argv, "en", True, folder, capsys, monkeypatch)[1]
        assert text != english and code_tokens(text) == [], text


class TestScoresNotRead:
    @pytest.mark.parametrize("lang", ["en", "fr", "es", "pt"])
    def test_a_scores_file_that_cannot_be_read_is_named_as_a_file(
            self, lang: str, folder: Path, capsys: pytest.CaptureFixture[str],
            monkeypatch: pytest.MonkeyPatch) -> None:
        """select with a scores file missing beside a good one: the missing file is named,
        and not counted among the score lines not used."""
        argv = ["select", CALL, ELIGIBLE, "--scores", "{dir}/none.csv", "--scores",
                "{dir}/gone.csv", "--envelope", "6000"]
        code, text = said(argv, lang, True, folder, capsys, monkeypatch)
        assert code == 2 and "none.csv" in text and "gone.csv" in text
        assert not any(digit in text for digit in "0123456789"), text  # no count of lines


class TestCallFileNotRead:
    @pytest.mark.parametrize("lang", ["fr", "es", "pt"])
    @pytest.mark.parametrize("name", ["/dev/zero", "{dir}/none.toml", "{dir}/none/x.json"])
    def test_a_call_file_not_read_is_said_in_the_readers_words(
            self, name: str, lang: str, folder: Path, capsys: pytest.CaptureFixture[str],
            monkeypatch: pytest.MonkeyPatch) -> None:
        """validate of a call "file" that is a device, missing, or in no folder: exit 2,
        the reader's sentence for a call file that cannot be read, and never the operating
        system's English."""
        code, text = said(["validate", name], lang, False, folder, capsys, monkeypatch)
        assert code == 2
        assert phrase("call_file_unreadable", lang).lower() in text.lower()
        assert "No such file" not in text and "directory" not in text.lower()


class TestValidateSays:
    @pytest.mark.parametrize("lang", ["fr", "en", "es", "pt"])
    def test_rules_and_clauses_are_counted_in_the_readers_words(
            self, lang: str, capsys: pytest.CaptureFixture[str]) -> None:
        """validate of the bundled call file: its rules and clauses counted with the plural
        of the reader's language, never "1 rules"."""
        file = str(ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml")
        out = io.StringIO()
        assert main(["--lang", lang, "validate", file], out=out, err=io.StringIO()) == 0
        words = {"fr": "règles", "en": "rules", "es": "reglas", "pt": "regras"}[lang]
        assert words in out.getvalue() and code_tokens(out.getvalue().replace(file, "")) == []


#: Options whose value is one of a list, and the choices argparse lists for them.
CHOICES = {("check", "--format"): ("text", "json", "jsonl", "csv"),
           ("check", "--csv-dialect"): ("machine", "excel-fr")}
#: Values that imitate argparse's English message about a choice (look75w 1): the first made
#: Python's parser run out of memory when the message was read back as Python's literals.
HOSTILE_CHOICES = ("x (choose from 'a', " + "-" * 10_000 + "1, ",
                   "x (choose from 'a', " + "(" * 150 + "1", "'a', 'b') (choose from 'c'")
#: How each language quotes a value in a sentence.
QUOTED = {"en": "“{}”", "fr": "«\u202f{}\u202f»", "es": "«{}»", "pt": "“{}”"}


@settings(max_examples=20, deadline=None)
@given(option=st.sampled_from(sorted(CHOICES)), lang=st.sampled_from(sorted(QUOTED)),
       value=st.sampled_from(["yaml", "xlsx", "it's", "Excel", *HOSTILE_CHOICES]))
def test_a_choice_that_is_none_is_said_with_the_language_s_quotes(
        option: tuple[str, str], lang: str, value: str) -> None:
    """Law: a value that is not one of an option's choices is quoted as the language quotes
    a value, and the choices listed as words joined by its "or", in every language: never
    Python's quotes (« invalid choice: 'yaml' (choose from 'text', 'json', 'jsonl', 'csv') »,
    att80 B4); a value that imitates argparse's own words is said as typed, a usage error
    (exit 2), never parsed as Python (look75w 1: a MemoryError traceback, exit 1)."""
    command, name = option
    err = io.StringIO()
    with pytest.raises(SystemExit) as stopped, contextlib.redirect_stderr(err):  # (argparse's)
        main([command, CALL, ELIGIBLE, name, value, "--lang", lang], out=io.StringIO(),
             err=err)
    assert stopped.value.code == 2
    said = err.getvalue().splitlines()[-1]
    assert QUOTED[lang].format(value) in said, said
    assert not any(f"'{choice}'" in said for choice in CHOICES[option]), said
    assert all(choice in said for choice in CHOICES[option]), said


def test_the_usage_is_cut_into_the_parts_every_python_wraps(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """wrd78: Python 3.13's argparse cuts a usage into one part per argument
    (``_get_actions_usage_parts``, 3.13's alone), ``{check,…,serve} ...`` one part, and
    wrote the top-level usage 80 characters wide; the formatter cuts each part as Python
    3.11 and 3.12 do (``{check,…,serve}``, then ``...``), so every Python wraps the usage
    alike, within 80 columns (``callrules --help``, ``callrules`` alone: compared on 3.11
    and 3.13, every command in four languages). 3.13's parts are played here on any Python."""
    import argparse

    from callrules import _cli

    parser = _cli._parser("en")
    actions = [a for a in parser._actions if a.help != argparse.SUPPRESS]

    def as_313(self: argparse.HelpFormatter, given: list[argparse.Action],
               groups: object) -> list[str]:  # (3.13's parts: one an argument)
        return ["[-h]", "[--version]", "[--lang LANG]",
                self._format_args(given[-1], "command")]

    monkeypatch.setattr(argparse.HelpFormatter, "_get_actions_usage_parts", as_313,
                        raising=False)
    formatter = parser._get_formatter()
    parts = formatter._get_actions_usage_parts(actions, [])  # type: ignore[attr-defined]
    assert parts == ["[-h]", "[--version]", "[--lang LANG]",
                     "{check,show,calls,validate,replay,select,plan,schema,serve}", "..."]
    assert " ".join(parts) == " ".join(as_313(formatter, actions, []))


@pytest.mark.parametrize("lang", ["en", "es", "pt"])
def test_the_top_level_usage_is_within_80_columns(
        lang: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """wrd78: ``callrules --help`` at 80 columns writes its usage within them (on 3.13
    too: the parts above). In French, « utilisation : » puts the list of commands, one
    part argparse never cuts, at 83 characters, alike on every Python (left)."""
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit):
        main(["--lang", lang, "--help"])
    usage = capsys.readouterr().out.split("\n\n")[0].splitlines()
    assert max(map(len, usage)) < 80, usage


def test_a_later_argparse_s_usage_parts_are_left_as_it_gives_them(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """wrdmend78: a later argparse (gh-75949, Python 3.14) returns ``(parts, pos_start)``
    from ``_get_actions_usage_parts`` and unpacks two values; the formatter, which cuts only
    3.13's list of texts, returns any other shape unchanged, so ``--help`` is still
    written (before: a ``TypeError`` for every usage, help and usage error)."""
    import argparse

    from callrules import _cli

    later = (["[-h]", "[--version]", "[--lang LANG]", "{check,show} ..."], 3)

    def as_later(self: argparse.HelpFormatter, given: object, groups: object) -> object:
        return later

    monkeypatch.setattr(argparse.HelpFormatter, "_get_actions_usage_parts", as_later,
                        raising=False)
    formatter = _cli._parser("en")._get_formatter()
    assert formatter._get_actions_usage_parts([], []) == later  # type: ignore[attr-defined]
