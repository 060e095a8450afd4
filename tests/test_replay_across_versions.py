"""Records made by an earlier library, replayed by this one (att65): a record whose input this
version refuses is a decision that no longer stands (CHANGED, and why, in words), never a
record "not replayed" as an altered one is; and a record names the library that made it by
its version and a digest of its code, so that a change of the library itself is said."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import babel
import pydantic
import pytest

import callrules
from callrules._library import RELIED_ON, code_digest, identity
from callrules._record import decision_record, digest, replay
from callrules._seal import seal
from tests.conftest import eligible_dict
from tests.helpers import code_tokens
from tests.test_cli import run
from tests.test_selection import NOW as SELECTED_AT
from tests.test_selection import PANEL, panel

NOW = datetime(2026, 6, 2, 8, tzinfo=UTC)
LANGS = ("en", "fr", "es", "pt")


def resealed(record: dict[str, Any], inputs: str = "input") -> dict[str, Any]:
    """``record`` sealed again: as the library that wrote its parts sealed it."""
    record["input_digest"] = digest(record[inputs])
    record["record_digest"] = seal(record)
    return record


def misread(application: dict[str, Any]) -> None:
    """The first budget line's amount written with five decimals ("1180.00000" EUR), which
    an earlier library read as 1180 and this one refuses."""
    amount = application["budget"]["lines"][0]["amount"]
    amount["amount"] = format(float(amount["amount"]), ".5f")


@pytest.fixture(scope="module")
def call() -> callrules.Call:
    return callrules.calls.load("cnrs-amsud-2026")


def recorded(call: callrules.Call) -> dict[str, Any]:
    record: dict[str, Any] = json.loads(json.dumps(decision_record(call, eligible_dict(),
                                                                   now=NOW)))
    return record


class TestAnInputNowRefused:
    def test_a_sealed_record_is_changed_and_says_why_in_words(self, call: callrules.Call
                                                              ) -> None:
        """CHANGED: the verdict recorded, the input refused and where, in each language;
        no report (the application is not judged), the error kept for a program."""
        record = recorded(call)
        misread(record["input"])
        outcome = replay(resealed(record))
        assert not outcome.same and outcome.report is None
        assert isinstance(outcome.refused, callrules.InputError)
        assert outcome.changes[-2] == "verdict: eligible True → the input is refused"
        assert outcome.changes[-1].startswith("input refused: ")
        assert outcome.changes[-1].endswith(" at budget.lines[0].amount")  # (as other lines)
        for lang in LANGS:
            said = outcome.said(lang)[-2:]
            assert "1180.00000" in said[1] and "1180.00." in said[1], said
            assert not code_tokens("\n".join(said)), said
        assert outcome.said("fr")[-2].startswith("La décision ne tient plus")
        assert outcome.said("en")[-1].endswith("(Budget line 1 — amount)")

    def test_an_altered_record_is_still_not_replayed(self, call: callrules.Call) -> None:
        """Its input edited and not sealed again: refused, as before."""
        record = recorded(call)
        misread(record["input"])
        with pytest.raises(callrules.InputError) as refused:
            replay(record)
        ctx = refused.value.problems[0].ctx
        assert ctx is not None and ctx["template"] == "record_input_altered"

    def test_the_command_line_says_changed_with_exit_1(self, call: callrules.Call,
                                                       tmp_path: Path) -> None:
        record = recorded(call)
        misread(record["input"])
        file = tmp_path / "records.jsonl"
        file.write_text(json.dumps(resealed(record)) + "\n", "utf-8")
        done = run("replay", str(file), "--lang", "fr")
        assert done.returncode == 1, done.stdout + done.stderr
        assert "CHANGÉ" in done.stdout and "NON REJOUÉ" not in done.stdout
        assert "jugée éligible" in done.stdout and "(Ligne de budget 1 — montant)" in done.stdout

    def test_a_selection_record_says_why_an_application_left_it(self, call: callrules.Call
                                                                ) -> None:
        selection = callrules.select(call, panel(), PANEL / "scores.csv",
                                     envelope=callrules.Money(6000, "EUR"), now=SELECTED_AT)
        record: dict[str, Any] = json.loads(json.dumps(callrules.selection_record(selection)))
        refused = next(a for a in record["inputs"]["applications"]
                       if a["budget"]["lines"][0]["amount"]["amount"].endswith(".00"))
        misread(refused)
        outcome = callrules.replay_selection(resealed(record, "inputs"))
        assert not outcome.same
        said = [line for line in outcome.said("pt") if line.startswith(refused["id"])]
        assert len(said) == 1 and "já não está na seleção" in said[0]
        assert said[0].endswith("(Linha do orçamento 1 — valor)")
        assert not code_tokens(said[0])


class TestTheLibrarysIdentity:
    def test_a_record_names_the_version_and_a_digest_of_the_code(self, call: callrules.Call
                                                                 ) -> None:
        assert re.fullmatch(rf"{re.escape(callrules.__version__)}\+[0-9a-f]{{16}}", identity())
        assert recorded(call)["library_version"] == identity()

    def test_the_digest_follows_the_code_and_calls_not_the_words(self, tmp_path: Path
                                                                 ) -> None:
        """An edit of a source or a call changes it; of a catalog, no; a line's end written
        as Windows writes it, no; another version of Babel (its CLDR data: a currency's
        decimals, the names of currencies) or of Pydantic, yes (session 48: the same)."""
        (tmp_path / "calls").mkdir()
        (tmp_path / "rules.py").write_bytes(b"A = 1\nB = 2\n")
        (tmp_path / "calls" / "c.toml").write_bytes(b"id = 'c'\n")
        (tmp_path / "fr.mo").write_bytes(b"one")
        before = code_digest(tmp_path)
        (tmp_path / "fr.mo").write_bytes(b"other")
        (tmp_path / "rules.py").write_bytes(b"A = 1\r\nB = 2\r\n")
        assert code_digest(tmp_path) == before
        assert dict(RELIED_ON) == {"babel": babel.__version__, "pydantic": pydantic.VERSION}
        with_babel = code_digest(tmp_path, (("babel", "2.17.0"),))
        assert len({before, with_babel, code_digest(tmp_path, (("babel", "2.18.0"),))}) == 3
        (tmp_path / "calls" / "c.toml").write_bytes(b"id = 'd'\n")
        assert code_digest(tmp_path) != before

    @pytest.mark.parametrize(("named", "key"), [
        ("0.0.1", "replay_library_changed"),
        (f"{callrules.__version__}+0123456789abcdef", "replay_library_code_changed"),
        (callrules.__version__, "replay_library_code_unknown"),  # (before records said it)
        (None, None)])
    def test_a_replay_says_how_the_library_differs(self, call: callrules.Call,
                                                   named: str | None, key: str | None) -> None:
        """The same verdict, noted when the library differs: another version, the same
        version with other code, a version alone; nothing said when it is the same."""
        record = recorded(call)
        record["library_version"] = named or identity()
        outcome = replay(resealed(record))
        assert outcome.same
        assert [k for k, _ in outcome.words] == ([key] if key else [])
        assert outcome.changes == ((f"library: {named} → {identity()}",) if key else ())
        for lang in LANGS:
            assert not code_tokens(" ".join(outcome.said(lang)))


    @pytest.mark.parametrize("named", [
        "9.9.9\x1b[31mRED\x1b[0m\nsame verdict", "\u202eevil", "1.0\r\nX: y",
        "0.1.0+" + "a" * 100_000, "0.2.0+0123456789abcdef\n"])
    def test_a_version_edited_into_a_record_is_quoted_as_typed(
            self, call: callrules.Call, named: str) -> None:
        """A version a record holds, sealed again by hand, is said as the library says a
        text typed, in a decision's replay and a selection's: on one line, its invisible
        characters named in words (never escaped as ``\\x1b``), at most 100 characters of
        it; the line for a program at most as many."""
        record = recorded(call)
        record["library_version"] = named
        selection: dict[str, Any] = json.loads(json.dumps(callrules.selection_record(
            callrules.select(call, panel(), PANEL / "scores.csv",
                             envelope=callrules.Money(6000, "EUR"), now=SELECTED_AT))))
        selection["library_version"] = named
        outcomes = (replay(resealed(record)), callrules.replay_selection(
            resealed(selection, "inputs")))
        for outcome in outcomes:
            assert outcome.same and len(outcome.changes[-1]) < 250
            at = [key for key, _ in outcome.words].index("replay_library_changed")
            for lang in LANGS:
                said = outcome.said(lang)[at]
                assert not {unicodedata.category(c) for c in said} & {"Cc", "Cf"}, said
                assert "\\" not in said and len(said) < 300, said
                assert ("U+" in said) == (not named.isprintable()), said
                assert not code_tokens(said), said

    @pytest.mark.parametrize(("named", "key"), [
        ("{version}+{code}", None), ("{version}+{CODE}", None),  # (a digest in capitals:
        ("{version}+0123456789ABCDEF", "replay_library_code_changed"),  # as PEP 440 reads it)
        ("", "record_malformed"), (" \t", "record_malformed"),
        ("\u200b\u3164\u00a0", "record_malformed")])  # (blanks of every kind: look65c)
    def test_a_version_is_compared_as_the_format_defines_it(
            self, call: callrules.Call, named: str, key: str | None) -> None:
        """The digest of the code in either case is the same code; a record naming no
        version (empty, blank) is malformed, not replayed, as a damaged one is."""
        version, code = identity().split("+")
        record = recorded(call)
        record["library_version"] = named.format(version=version, code=code,
                                                 CODE=code.upper())
        if key == "record_malformed":
            with pytest.raises(callrules.InputError) as refused:
                replay(resealed(record))
            assert (refused.value.problems[0].ctx or {}).get("template") == "record_malformed"
            return
        assert [k for k, _ in replay(resealed(record)).words] == ([key] if key else [])


EXAMPLES = Path(__file__).parent.parent / "docs" / "examples"
NOTES = {"replay_call_edited", "replay_library_changed", "replay_library_code_changed",
         "replay_library_code_unknown"}


def _amended(tmp_path: Path) -> callrules.Call:
    """The postdoc example call, its next version asking for one more field, required."""
    text = (EXAMPLES / "postdoc-call.toml").read_text("utf-8")
    text = text.replace('version = "2027.1"', 'version = "2027.2"', 1) + (
        '\n[fields.application.contract_start]\ntype = "date"\nrequired = true\n'
        'label = { en = "Start of the contract", fi = "Sopimuksen alku" }\n')
    (tmp_path / "postdoc.toml").write_text(text, "utf-8")
    return callrules.Call.from_file(tmp_path / "postdoc.toml")


class TestWhoRefusesTheInput:
    @pytest.mark.parametrize(("cause", "notes"), [
        ("the call", {"replay_call_edited"}),  # (its amendment requires one more field)
        ("the library", {"replay_library_changed"}),  # (an amount an earlier one misread)
        ("nobody", set())])  # (a record sealed again by hand, its input no version read)
    def test_the_refusal_is_said_neutrally_and_the_notes_say_what_changed(
            self, call: callrules.Call, tmp_path: Path, cause: str, notes: set[str]) -> None:
        """Read again, the input is refused: the decision no longer stands, said the same
        whatever refuses it; the call or the library is said to have changed only by its
        own note, when its digest or identity says so (look64c)."""
        again: callrules.Call | None = None
        if cause == "the call":
            postdoc = callrules.Call.from_file(EXAMPLES / "postdoc-call.toml")
            application = json.loads((EXAMPLES / "postdoc-application.json").read_text("utf-8"))
            record = json.loads(json.dumps(decision_record(
                postdoc, application, now=datetime(2027, 3, 25, 7, tzinfo=UTC))))
            again = _amended(tmp_path)
        else:
            record = recorded(call)
            if cause == "the library":
                misread(record["input"])
                record["library_version"] = "0.0.1"
            else:
                del record["input"]["host"]
            record = resealed(record)
        outcome = replay(record, again)
        assert not outcome.same and outcome.report is None
        assert isinstance(outcome.refused, callrules.InputError)
        keys = [key for key, _ in outcome.words]
        assert set(keys) & NOTES == notes
        at = keys.index("replay_input_refused_was_eligible")
        assert keys[at + 1:] and set(keys[at + 1:]) == {"replay_input_refused_at"}
        for lang in LANGS:
            refused = outcome.said(lang)[at]
            assert not re.search(r"versi[oóã]", refused), refused  # (no version blamed)
            assert not code_tokens(" ".join(outcome.said(lang)))
