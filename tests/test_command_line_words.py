"""What the command line prints for a person is in the reader's language: every command's
help and what ``callrules replay`` prints hold no sentence left in English and no code."""

from __future__ import annotations

import copy
import io
import json
import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

import callrules
from callrules._cli import main
from callrules._i18n import default_language
from callrules._said import language
from callrules._seal import seal
from tests.conftest import eligible_dict
from tests.laws import settings
from tests.test_i18n import code_tokens
from tests.test_sealed_selection_records import record as selection_record

NOW = datetime(2026, 5, 1, 10, tzinfo=UTC)
COMMANDS = (None, "check", "show", "calls", "validate", "replay", "select", "plan", "schema",
            "serve")
OTHERS = ("fr", "es", "pt")
#: Two words of prose side by side: a line without any is names, options or codes.
PROSE = re.compile(r"\b[^\W\d_A-Z]{2,} [^\W\d_A-Z]{2,}\b")


def _help(capsys: pytest.CaptureFixture[str], lang: str, command: str | None) -> str:
    with pytest.raises(SystemExit) as stop:
        main(["--lang", lang, *([command] if command else []), "--help"])
    assert stop.value.code == 0
    return capsys.readouterr().out


def _english_left(said: str, english: str) -> list[str]:
    """The lines of prose of ``said`` that are lines of ``english`` as they are."""
    lines = {line.strip() for line in english.splitlines()}
    return [line for line in said.splitlines() if PROSE.search(line) and line.strip() in lines]


def _records(tmp_path: Path) -> Path:
    """A file of records, each replayed differently: the same, its verdict changed and its
    findings gone and new (sealed again), a selection the same and one whose decisions,
    ranks and amounts changed (sealed again), an older version, not a record, not JSON."""
    call = callrules.calls.load("cnrs-amsud-2026")
    bad = {**eligible_dict(), "id": "bad", "language": "de"}
    same = callrules.decision_record(call, eligible_dict(), now=NOW)
    changed = callrules.decision_record(call, bad, now=NOW)
    findings = changed["verdict"]["findings"]
    changed["verdict"] = {"eligible": False, "findings": [
        *findings[1:], {"clause": "deadline", "code": "too_late", "severity": "error",
                        "path": "visitors[0].stay.arrival"}]}
    changed["record_digest"] = seal(changed)
    old = {**copy.deepcopy(same), "record_version": 2}
    selection, reshuffled = selection_record(), selection_record()
    first, second = reshuffled["outcome"][:2]
    first.update(decision="reserve", rank=2, funded=None)
    second.update(rank=1, funded={"amount": "9.50", "currency": "EUR"})
    reshuffled["outcome"] = reshuffled["outcome"][:-1]
    reshuffled["record_digest"] = seal(reshuffled)
    lines = [json.dumps(r) for r in (same, changed, selection, reshuffled, old,
                                     {"kind": "nothing"})] + ["{not json"]
    file = tmp_path / "records.jsonl"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return file


class TestHelpInWords:
    """Every command's help, in each language, is written in that language."""

    @pytest.mark.parametrize("command", COMMANDS)
    @pytest.mark.parametrize("lang", OTHERS)
    def test_no_english_sentence_and_no_code(self, capsys: pytest.CaptureFixture[str],
                                             lang: str, command: str | None) -> None:
        """No line of prose of the help is the English help's, and none holds a code."""
        english, said = _help(capsys, "en", command), _help(capsys, lang, command)
        assert _english_left(said, english) == []
        assert code_tokens(said) == []
        assert "usage" not in said and "options:" not in said

    def test_the_session_language_serves_when_no_lang_is_given(
            self, capsys: pytest.CaptureFixture[str],
            monkeypatch: pytest.MonkeyPatch) -> None:
        """With CALLRULES_LANG and no --lang, the help is in the session's language."""
        english = _help(capsys, "en", "replay")
        monkeypatch.setenv("CALLRULES_LANG", "es")
        with pytest.raises(SystemExit):
            main(["replay", "--help"])
        said = capsys.readouterr().out
        assert said.startswith("uso:") and _english_left(said, english) == []

    @pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
    def test_help_to_an_output_that_cannot_show_its_characters_is_escaped(
            self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
            encoding: str) -> None:
        """Every command's help (and the top level's) in every language, written to an
        output in ``encoding`` (a Windows console, ``PYTHONIOENCODING=ascii``): exit 0, the
        help itself with what the output cannot encode escaped (French U+202F: a traceback
        and exit 1 in 39 of 80 runs before)."""
        for lang in ("en", *OTHERS):
            for command in COMMANDS:
                said = _help(capsys, lang, command)
                raw = io.BytesIO()
                monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding=encoding))
                with pytest.raises(SystemExit) as stop:
                    main(["--lang", lang, *([command] if command else []), "--help"])
                sys.stdout.flush()
                monkeypatch.undo()
                assert stop.value.code == 0, (lang, command)
                assert raw.getvalue() == said.encode(encoding, "backslashreplace")


class TestReplayInWords:
    """What replay prints, record by record, is in the reader's language."""

    def _replay(self, file: Path, *args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = main(["replay", str(file), *args], out=out, err=err)
        return code, out.getvalue(), err.getvalue()

    @pytest.mark.parametrize("lang", OTHERS)
    def test_no_english_sentence_and_no_code(self, tmp_path: Path, lang: str) -> None:
        """Same verdict, changed (each change), not replayed and why: nothing of it left in
        English, no code, on standard output and on standard error."""
        file = _records(tmp_path)
        code, english, english_err = self._replay(file, "--lang", "en")
        assert code == 2
        assert "CHANGED" in english and "NOT REPLAYED" in english
        assert "Newly found" in english and "No longer found" in english
        assert "same outcome" in english and "decision reserve list → funded" in english
        assert code_tokens(english) == []
        again, said, said_err = self._replay(file, "--lang", lang)
        assert again == code
        assert len(said.splitlines()) == len(english.splitlines())
        assert _english_left(said, english) == []
        assert _english_left(said_err, english_err) == []
        assert code_tokens(said) == [] and code_tokens(said_err) == []

    def test_the_session_language_serves(self, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
        """CALLRULES_LANG, with no --lang, chooses replay's language."""
        monkeypatch.setenv("CALLRULES_LANG", "pt")
        _code, said, _err = self._replay(_records(tmp_path))
        assert "mesmo veredito" in said and "NÃO REPRODUZIDO" in said
        assert "mesmo resultado" in said and "ALTERADA" in said


class TestRecordProblemsInWords:
    """A record refused is told by its own sentence in every language, English too."""

    @pytest.mark.parametrize("lang", ("en", *OTHERS))
    @pytest.mark.parametrize("edit", ("version", "part", "malformed", "input", "verdict",
                                      "old"))
    def test_each_reason_has_its_sentence(self, lang: str, edit: str) -> None:
        """Each way a record is refused gives a sentence of its own, not the general one."""
        call = callrules.calls.load("cnrs-amsud-2026")
        record: dict[str, Any] = callrules.decision_record(call, eligible_dict(), now=NOW)
        if edit == "version":
            record["record_version"] = 99
        elif edit == "part":
            record["signed_by"] = "someone"
        elif edit == "malformed":
            record["now"] = "yesterday"
        elif edit == "input":
            record["input"]["id"] = "other"
        elif edit == "verdict":
            record["verdict"]["eligible"] = False
        else:
            record["record_version"] = 1
        with pytest.raises(callrules.InputError) as caught:
            callrules.replay(record)
        said = caught.value.problems[0].message(lang)
        general = callrules.InputProblem((), "no_such_code", "").message(lang)
        assert said != general and code_tokens(said) == []


class TestLanguageBeforeTheCommand:
    """``--lang`` before the command is the language of every command, for one run."""

    @pytest.mark.parametrize("lang", OTHERS)
    def test_a_command_without_its_own_lang_speaks_it(self, lang: str) -> None:
        """``serve``, which reads the session's language, refuses a port in ``lang``; the
        session's language is as it was afterwards."""
        pytest.importorskip("uvicorn")
        before = callrules.set_language(None)
        out, err, english = io.StringIO(), io.StringIO(), io.StringIO()
        assert main(["serve", "--port", "99999"], out=out, err=english) == 2
        assert main(["--lang", lang, "serve", "--port", "99999"], out=out, err=err) == 2
        assert err.getvalue() != english.getvalue() and "99999" in err.getvalue()
        assert _english_left(err.getvalue(), english.getvalue()) == []
        assert callrules.set_language(None) == before

    @pytest.mark.parametrize("lang", OTHERS)
    @pytest.mark.parametrize("where", ["before", "after"])
    def test_every_command_speaks_it_schema_and_validate_too(self, lang: str,
                                                             where: str) -> None:
        """``schema`` and ``validate`` take ``--lang`` before or after the command, as the
        others do: the schema is the one ``callrules.schema`` gives in that language (its
        titles and descriptions), never the English one silently."""
        def ran(*args: str) -> str:
            given = ["--lang", lang, *args] if where == "before" else [*args, "--lang", lang]
            out = io.StringIO()
            assert main(given, out=out, err=io.StringIO()) == 0
            return out.getvalue()
        call = callrules.calls.load("cnrs-amsud-2026")
        for args, call_given in ((["schema", "application"], None),
                                 (["schema", "application", "--call", "cnrs-amsud-2026"], call)):
            said = json.loads(ran(*args))
            assert said == callrules.schema("application", call_given, locale=lang)
            assert said != callrules.schema("application", call_given, locale="en")
        file = str(Path(callrules.__file__).parent / "calls" / "cnrs-amsud-2026.toml")
        english, said = io.StringIO(), ran("validate", file)
        assert main(["validate", file], out=english, err=io.StringIO()) == 0
        assert said != english.getvalue()

    def test_the_commands_own_lang_wins(self, tmp_path: Path) -> None:
        """``--lang es replay … --lang pt``: the command's own, Portuguese."""
        out = io.StringIO()
        main(["--lang", "es", "replay", str(_records(tmp_path)), "--lang", "pt"], out=out,
             err=io.StringIO())
        assert "mesmo veredito" in out.getvalue()


#: A language tag as people write one: BCP 47 (``pt-BR``) or a POSIX locale name
#: (``fr_BE.UTF-8@euro``, ``fr@euro``), in any case, for a language spoken or not.
TAGS = st.builds(lambda lang, region, codeset, modifier, upper: (
    (lang + region).upper() if upper else lang + region) + codeset + modifier,
    st.sampled_from(["fr", "en", "es", "pt", "de", "zz"]),
    st.sampled_from(["", "_FR", "-BR", "_419", "-Latn"]),
    st.sampled_from(["", ".UTF-8", ".utf8", ".ISO-8859-15"]),
    st.sampled_from(["", "@euro", "@latin"]), st.booleans())


class TestOneReadingOfALanguageTag:
    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(tag=TAGS)
    def test_lang_and_the_environment_read_a_tag_alike(
            self, tag: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """Law: any tag names the same language to ``--lang`` and to ``CALLRULES_LANG``: its
        first part (``fr@euro`` is French). Spoken, both give it, without a note; not
        spoken, ``--lang`` (named by the person who typed it) is refused, exit 2, naming the
        languages spoken, and ``CALLRULES_LANG`` (a setting) gives English with a note (a
        misspelt ``CALLRULES_LANG=xx`` is told) (session 47: one rule, att62)."""
        checked = ["check", "cnrs-amsud-2026", "examples/eligible.json", "--at",
                   "2026-05-30T10:00:00Z"]
        given_out, given_err = io.StringIO(), io.StringIO()
        monkeypatch.delenv("CALLRULES_LANG", raising=False)
        given_code = main([*checked, "--lang", tag], out=given_out, err=given_err)
        monkeypatch.setenv("CALLRULES_LANG", tag)
        env_out, env_err = io.StringIO(), io.StringIO()
        env_code = main(checked, out=env_out, err=env_err)
        spoken = re.split(r"[-_.@]", tag)[0].lower()
        expected = spoken if spoken in ("fr", "en", "es", "pt") else "en"
        monkeypatch.setenv("CALLRULES_LANG", expected)
        plain = io.StringIO()
        main(checked, out=plain, err=io.StringIO())
        assert env_code == 0 and env_out.getvalue() == plain.getvalue()
        assert (env_err.getvalue() != "") == (spoken != expected), env_err.getvalue()
        if spoken == expected:
            assert (given_code, given_out.getvalue(), given_err.getvalue()) == (
                env_code, env_out.getvalue(), env_err.getvalue())
        else:
            assert (given_code, given_out.getvalue()) == (2, "")
            assert "`en`, `es`, `fr`, `pt`" in given_err.getvalue(), given_err.getvalue()

    @settings(max_examples=30, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(tags=st.lists(TAGS, min_size=1, max_size=3))
    def test_a_list_of_languages_is_read_as_gettext_reads_language(
            self, tags: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
        """Law: ``CALLRULES_LANG`` holding languages separated by colons (as gettext's
        ``LANGUAGE``) gives the first of them the library speaks, without a note; English
        with a note only when it speaks none (``pt_BR:pt`` gave Portuguese, ``pt:es`` and
        ``fr:en`` English with a note, before session 51)."""
        setting = ":".join(tags)
        firsts = [re.split(r"[-_.@]", tag)[0].lower() for tag in tags]
        spoken = [lang for lang in firsts if lang in ("fr", "en", "es", "pt")]
        monkeypatch.setenv("CALLRULES_LANG", setting)
        err = io.StringIO()
        assert language(None, err) == (spoken[0] if spoken else "en")
        assert ("“" + setting[:40] in err.getvalue()) == (not spoken), err.getvalue()
        assert default_language() == (spoken[0] if spoken else "en")  # (the library's too)


class TestCountedWords:
    @settings(max_examples=20, deadline=None)
    @given(dropped=st.sets(st.sampled_from(["id", "version", "title", "timezone", "currency",
                                            "timeline", "clauses", "languages"]),
                           min_size=2))
    def test_the_authors_line_counts_its_problems_in_words(self, dropped: set[str]) -> None:
        """Law: a call file with several mistakes says "(and 1 more problem)" or "(and N
        more problems)" in its author's line, never "problem(s)"."""
        import tempfile
        import tomllib

        data = tomllib.loads(Path("src/callrules/calls/cnrs-amsud-2026.toml").read_text(
            "utf-8"))
        for key in dropped:
            data.pop(key, None)
        with tempfile.TemporaryDirectory() as root:
            path = Path(root) / "c.json"
            path.write_text(json.dumps(data, default=str), "utf-8")
            err = io.StringIO()
            assert main(["validate", str(path)], out=io.StringIO(), err=err) == 2
        said = err.getvalue()
        assert "(s)" not in said, said
        for count, word in re.findall(r"\(and (\d+) more (\w+)\)", said):
            assert word == ("problem" if count == "1" else "problems"), said
