"""An application is judged by the call it names, never by another; an application judged as
of an instant before it was submitted says so in its report."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules import _cli
from callrules._keys import text_key
from callrules.serve import create_app
from tests.conftest import EXAMPLES, eligible_dict
from tests.helpers import code_tokens
from tests.laws import settings
from tests.live_server import serving

CNRS = callrules.calls.load("cnrs-amsud-2026")
NOW = datetime(2026, 5, 30, 10, tzinfo=UTC)
#: What an application's own ``call`` may say: nothing, the call, the call in another form
#: or case, or another call.
NAMED = st.one_of(st.none(), st.sampled_from([
    "cnrs-amsud-2026", "CNRS-AMSUD-2026", "ｃｎｒｓ-amsud-2026", "cnrs-amsud-2026\u200b",
    "erc-2027", "cnrs-amsud-2027"]), st.from_regex(r"[a-zA-Z0-9-]{1,20}", fullmatch=True))


def named(call: str | None) -> dict[str, Any]:
    """The eligible example application, naming ``call`` (no call when None)."""
    data = eligible_dict()
    if call is not None:
        data["call"] = call
    return data


def is_other(call: str | None) -> bool:
    """Whether ``call`` names a call other than the CNRS call, by its text key without case
    (``CNRS-AMSUD-2026`` is the CNRS call: session 54, one rule with the call's schema)."""
    return call is not None and text_key(call, True) != text_key(CNRS.id, True)


class TestTheCallAnApplicationNames:

    @settings(max_examples=40, deadline=None)
    @given(calls=st.lists(NAMED, min_size=1, max_size=6))
    def test_a_record_naming_another_call_is_an_input_problem_in_place(
            self, calls: list[str | None]) -> None:
        """Any batch: each record naming another call (by its text key) is the input problem
        other_call at its call, never a verdict; every other record is judged as if it
        named no call, in place."""
        records = [named(call) for call in calls]
        result = callrules.evaluate_many(CNRS, records, now=NOW)
        # the same batch, each record naming another call replaced by one that is not read
        unread = [{} if is_other(call) else named(None) for call in calls]
        expected = callrules.evaluate_many(CNRS, unread, now=NOW)
        assert len(result) == len(calls)
        for item, alone, call in zip(result, expected, calls, strict=True):
            if is_other(call):
                assert item.report is None and item.error is not None
                (problem,) = item.error.problems
                assert (problem.type, problem.loc) == ("other_call", ("call",))
                assert problem.ctx == {"call": call, "given": CNRS.id}
            else:
                assert item.report is not None and alone.report is not None
                assert item.report.findings == alone.report.findings

    def test_the_example_naming_its_own_call_is_judged(self) -> None:
        """The example names the CNRS call, and the CNRS call judges it."""
        assert named(CNRS.id)["call"] == CNRS.id
        assert callrules.evaluate(CNRS, named(CNRS.id), now=NOW).eligible
        text = (EXAMPLES / "eligible.json").read_text("utf-8")
        assert json.loads(text)["call"] == CNRS.id
        assert callrules.evaluate(CNRS, text, now=NOW).eligible

    def test_the_problem_is_said_in_words_in_every_language(self) -> None:
        """The message names both calls, in each language, with no code token but the ids."""
        try:
            callrules.evaluate(CNRS, named("erc-2027"), now=NOW)
        except callrules.InputError as exc:
            (problem,) = exc.problems
        for lang in ("fr", "en", "es", "pt"):
            said = problem.message(lang)
            assert "erc-2027" in said and CNRS.id in said
            assert code_tokens(said.replace("erc-2027", "").replace(CNRS.id, "")) == []
        assert problem.message("fr") != problem.message("en")

    def test_the_command_line_exits_2_and_checks_the_others(self, tmp_path: Path) -> None:
        """callrules check exits 2 for a record naming another call and still judges the
        record beside it."""
        batch = tmp_path / "batch.jsonl"
        batch.write_text("\n".join(json.dumps(named(c)) for c in ("erc-2027", CNRS.id)),
                         encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        code = _cli.main(["check", CNRS.id, str(batch), "--format", "json", "--at",
                          NOW.isoformat()], out=out, err=err)
        first, second = json.loads(out.getvalue())
        assert code == 2
        assert [p["type"] for p in first["input_error"]] == ["other_call"]
        assert second["eligible"] is True

    def test_the_service_answers_422_for_the_record(self) -> None:
        """POST /calls/{id}/check with an application naming another call is a 422 naming
        the problem, as the command line exits 2."""
        with serving(create_app()) as base, httpx.Client(base_url=base, timeout=60) as http:
            response = http.post(f"/calls/{CNRS.id}/check", params={"now": NOW.isoformat()},
                                 json=named("erc-2027"))
        assert response.status_code == 422, response.text
        assert [e["code"] for e in response.json()["errors"]] == ["other_call"]


class TestJudgedBeforeSubmission:

    @settings(max_examples=40, deadline=None)
    @given(hours=st.integers(-24 * 400, 24 * 400))
    def test_a_warning_says_when_now_is_before_the_submission(self, hours: int) -> None:
        """For any instant of judgement, the report holds the warning
        judged_before_submission exactly when that instant is before the application's
        submission; the warning bars nothing, and every other finding is the same."""
        data = named(None)
        submitted = datetime.fromisoformat(data["submitted_at"])
        now = submitted + timedelta(hours=hours)
        report = callrules.evaluate(CNRS, data, now=now)
        notes = [f for f in report.findings if f.code == "judged_before_submission"]
        others = [f for f in report.findings if f.code != "judged_before_submission"]
        assert len(notes) == (1 if now < submitted else 0)
        assert all(f.severity is callrules.Severity.WARNING for f in notes)
        assert report.eligible == (not any(f.severity is callrules.Severity.ERROR
                                           for f in others))
        if notes:
            assert notes[0].loc == ("submitted_at",) and notes[0].ctx == {"now": now}

    def test_the_note_is_in_words_in_every_language_and_cites_no_clause(self) -> None:
        """The warning is translated, free of code tokens, and the text report shows no
        clause under it."""
        report = callrules.evaluate(CNRS, named(None),
                                    now=datetime(2026, 4, 1, 8, tzinfo=UTC))
        (note,) = [f for f in report.warnings if f.code == "judged_before_submission"]
        said = {lang: report.message_of(note, lang) for lang in ("fr", "en", "es", "pt")}
        assert len(set(said.values())) == 4
        for lang, text in said.items():
            assert code_tokens(text) == [], (lang, text)
            assert code_tokens(report.render(lang)) == [], lang
        assert "Clause: \n" not in report.render("en") + "\n"
        assert report.eligible
