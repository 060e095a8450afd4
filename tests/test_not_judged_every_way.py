"""A record the call's own rules cannot judge (a date they move out of the calendar, a figure
their numbers make too large, an exchange rate or a table's rate missing) is NOT JUDGED by
every way in alike: ``evaluate`` and ``evaluate_many`` (``InputError.verdict``), the command
line (exit 2, its word for it), the service (one application: 422 with the problem
``not_judged``; a batch: its line's ``problem``), never "Invalid application" there."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules import _cli
from callrules._i18n import phrase
from callrules.serve import create_app
from callrules.serve._http import labels
from tests.conftest import eligible_dict, kept_registries
from tests.laws import settings
from tests.live_server import serving
from tests.test_cannot_be_judged import TABLE, rule_of
from tests.test_definitions import minimal_call

LANGUAGES = ("en", "fr", "es", "pt")

#: The calls whose own rules leave a record unjudged, by the problem they give.
RULES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    # a departure moved 1,000 days on: past year 9999 for a departure late in 9997 or after
    "date_out_of_calendar": ({"op": "each", "path": "visitors", "rule": {
        "op": "compare", "cmp": "<=", "to": 5, "left": {"days_between": [
            {"path": "stay.arrival"}, {"shift": {"path": "stay.departure"}, "days": 1000}]}}},
        {}),
    # the budget's sum times a factor of 17 digits: too large for any budget
    "call_figure_too_large": ({"op": "compare", "cmp": "<=", "to": {"param": "cap"},
                               "left": {"times": [{"sum": "budget.lines", "of": "amount"},
                                                  {"decimal": "99999999999999999.9"}]}}, {}),
    # each line at most 5,000 euros: a line in another currency, no rate given
    "missing_exchange_rate": ({"op": "each", "path": "budget.lines", "rule": {
        "op": "compare", "path": "amount", "cmp": "<=",
        "to": {"amount": "5000.00", "currency": "EUR"}}}, {}),
    # each line within a table's rate: no row for a host outside Paris
    "no_rate": (rule_of(("each", ("within_rate",))), {"t": TABLE}),
}

#: Calls whose rules judge a record all the same beside a rule that cannot judge it (the date
#: moved out of the calendar): a warning (eligible), or beside a rule that fails (not).
_MOVED = RULES["date_out_of_calendar"][0]
_FAILS = {"op": "compare", "path": "language", "cmp": "==", "to": "de"}
JUDGED_BESIDE: dict[str, list[dict[str, Any]]] = {
    "warning-not-judged": [{"clause": "eligibility", "check": _MOVED, "severity": "warning"}],
    "fails-beside": [{"clause": "eligibility", "check": _MOVED},
                     {"clause": "eligibility", "check": _FAILS}],
}

#: Calls of rules alike (three, at one place) that cannot judge a record: by what they meet,
#: their severity, and the kind of record each way in says (the codes that say it).
_RATE = RULES["no_rate"][0]
ALIKE: dict[str, tuple[dict[str, Any], str, dict[str, Any]]] = {
    "alike-moved-warning": (_MOVED, "warning", {}),
    "alike-rate-warning": (_RATE, "warning", {"t": TABLE}),
    "alike-rate-error": (_RATE, "error", {"t": TABLE}),
    "alike-moved-error": (_MOVED, "error", {}),
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding one call for each problem, named by it (``-`` for ``_``)."""
    where = tmp_path_factory.mktemp("unjudging")
    for code, (rule, tables) in RULES.items():
        data = minimal_call(rule, parameters={**minimal_call()["parameters"], **tables})
        data["id"] = code.replace("_", "-")
        (where / f"{data['id']}.json").write_text(json.dumps(data, default=str), "utf-8")
    for name, rules in JUDGED_BESIDE.items():
        data = minimal_call(rules=rules)
        data["id"] = name
        (where / f"{name}.json").write_text(json.dumps(data, default=str), "utf-8")
    for name, (rule, severity, tables) in ALIKE.items():
        data = minimal_call(parameters={**minimal_call()["parameters"], **tables}, rules=[
            {"clause": "eligibility", "check": rule, "severity": severity}] * 3)
        data["id"] = name
        (where / f"{name}.json").write_text(json.dumps(data, default=str), "utf-8")
    return where


@pytest.fixture(scope="module")
def url(folder: Path) -> Iterator[str]:
    # serving a folder registers it for the whole process: left as it was for the tests
    # after these (``callrules calls`` would list these calls)
    with kept_registries(), serving(create_app(folder)) as base:
        yield base


def unjudged(code: str, data: st.DataObject) -> dict[str, Any]:
    """An application that the call of ``code`` cannot judge, drawn by ``data``."""
    app = eligible_dict()
    if code == "date_out_of_calendar":
        app["visitors"] = app["visitors"][:1]
        day = data.draw(st.dates(min_value=date(9997, 4, 6)), label="departure")
        app["visitors"][0]["stay"] = {"arrival": day.isoformat(), "departure": day.isoformat()}
    elif code == "missing_exchange_rate":
        app["exchange_rates"] = []
        line = data.draw(st.integers(0, len(app["budget"]["lines"]) - 1), label="line")
        app["budget"]["lines"][line]["amount"] = {
            "amount": data.draw(st.sampled_from(["1", "12.50", "900.00"]), label="amount"),
            "currency": data.draw(st.sampled_from(["USD", "BRL", "CHF"]), label="currency")}
    elif code == "no_rate":
        place = app["host"]["unit"]["location"]
        place["city"] = data.draw(st.sampled_from(["Lyon", "Lille", "Nice"]), label="city")
        place["subdivision"] = data.draw(st.sampled_from(["FR-69", "FR-59", "FR-06"]),
                                         label="subdivision")
    return app


class TestNotJudgedEveryWay:
    @settings(max_examples=40, deadline=None)
    @given(code=st.sampled_from(sorted(RULES)), lang=st.sampled_from(LANGUAGES),
           data=st.data())
    def test_a_record_the_call_cannot_judge_is_not_judged_by_every_way_in(
            self, url: str, folder: Path, tmp_path_factory: pytest.TempPathFactory,
            code: str, lang: str, data: st.DataObject) -> None:
        """Law: whatever problem the call's own rules make, in any language, the library,
        the command line and the service (one application and a batch) all say the record is
        not judged, with the same problems at the same places; the service's answer is the
        problem ``not_judged`` ("Application not judged" in the reader's language), never
        "Invalid application" (before: 422 ``invalid_input``, told apart only by each
        error's code)."""
        call_id = code.replace("_", "-")
        call = callrules.Call.from_file(folder / f"{call_id}.json")
        app = unjudged(code, data)
        with pytest.raises(callrules.InputError) as info:
            callrules.evaluate(call, app)
        assert info.value.verdict == "not_judged"
        problems = [(p.type, p.pointer) for p in info.value.problems]
        assert {kind for kind, _ in problems} == {code}
        (item,) = callrules.evaluate_many(call, [app])
        assert item.error is not None and item.error.verdict == "not_judged"

        file = tmp_path_factory.mktemp("app") / "app.json"
        file.write_text(json.dumps(app), "utf-8")
        out = io.StringIO()
        exit_code = _cli.main(["check", str(folder / f"{call_id}.json"), str(file),
                               "--lang", lang], out=out, err=io.StringIO())
        assert exit_code == 2
        assert phrase("not_judged", lang) in out.getvalue()
        assert phrase("invalid_input", lang) not in out.getvalue()

        said = labels()[lang]
        with httpx.Client(base_url=url, timeout=60,
                          headers={"Accept-Language": lang}) as http:
            one = http.post(f"/calls/{call_id}/check", json=app)
            many = http.post(f"/calls/{call_id}/check", headers={
                "Content-Type": "application/jsonl"},
                content=json.dumps(app) + "\n" + json.dumps({"id": 1}) + "\n")
        assert one.status_code == 422, one.text
        body = one.json()
        assert body["type"] == "urn:callrules:problem:not_judged"
        assert body["title"] == said["problem_not_judged"] != said["problem_invalid_input"]
        assert body["detail"] == said["problem_not_judged_detail"]
        assert [(e["code"], e["pointer"]) for e in body["errors"]] == problems
        first, second = (json.loads(line) for line in many.text.splitlines())
        assert first["problem"] == {"type": body["type"], "title": body["title"],
                                    "status": 422, "detail": body["detail"]}
        assert [(p["type"], p["pointer"]) for p in first["input_error"]] == problems
        assert second["problem"]["type"] == "urn:callrules:problem:invalid_input"
        assert second["problem"]["title"] == said["problem_invalid_input"]

    @pytest.mark.parametrize(("call_id", "eligible"), [("warning-not-judged", True),
                                                       ("fails-beside", False)])
    def test_a_rule_not_judged_beside_a_verdict_leaves_it_to_every_way_in(
            self, url: str, folder: Path, tmp_path: Path, call_id: str, eligible: bool
            ) -> None:
        """A warning that cannot be judged, or a rule that cannot be judged beside one that
        fails, leaves the verdict to the others, alike by the library, the command line
        (exit 0 or 1, never 2) and the service (200, never 422)."""
        app = unjudged("date_out_of_calendar", _Drawn())
        report = callrules.evaluate(callrules.Call.from_file(folder / f"{call_id}.json"), app)
        assert report.eligible is eligible
        file = tmp_path / "app.json"
        file.write_text(json.dumps(app), "utf-8")
        exit_code = _cli.main(["check", str(folder / f"{call_id}.json"), str(file)],
                              out=io.StringIO(), err=io.StringIO())
        assert exit_code == (0 if eligible else 1)
        with httpx.Client(base_url=url, timeout=60) as http:
            one = http.post(f"/calls/{call_id}/check", json=app)
        assert one.status_code == 200, one.text
        assert one.json()["eligible"] is eligible

    @pytest.mark.parametrize(("rule", "severity"), [
        (_RATE, "error"), (_RATE, "warning"), (_MOVED, "warning")])
    def test_rules_alike_of_two_clauses_are_each_said_under_its_clause(
            self, rule: dict[str, Any], severity: str) -> None:
        """Rules alike of two clauses that cannot judge a record at one place: each clause
        says it, once (att52j: ``Program.findings`` left the second clause's rate not known
        out, the code reference says it lists the findings of every rule that fails)."""
        data = minimal_call(parameters={**minimal_call()["parameters"], "t": TABLE}, rules=[
            {"clause": clause, "check": rule, "severity": severity}
            for clause in ("eligibility", "other", "eligibility", "other")])
        data["clauses"].append({**data["clauses"][0], "id": "other"})
        call = callrules.Call.from_dict(data)
        app = unjudged("no_rate" if rule is _RATE else "date_out_of_calendar", _Drawn())
        said = [(f.clause, f.code, f.loc) for f in call.program.findings(call.parse(app))
                if f.code != "judged_before_submission"]
        assert said and len(set(said)) == len(said), said
        places = {(code, loc) for _, code, loc in said}
        assert sorted(said) == sorted((clause, *place) for place in places
                                      for clause in ("eligibility", "other")), said

    @pytest.mark.parametrize("call_id", sorted(ALIKE))
    def test_rules_alike_not_judged_say_each_problem_once_every_way_in(
            self, url: str, folder: Path, tmp_path: Path, call_id: str) -> None:
        """Three rules alike that cannot judge a record at one place say it once: the
        warning's finding, or the problem of a record not judged, alike by
        ``Program.findings``, ``evaluate``, ``evaluate_many``, the command line and the
        service (session 41: ``Program.findings`` said a rate not known three times, and a
        warning not judged was said once a rule by every way in)."""
        rule, severity, _ = ALIKE[call_id]
        app = unjudged("no_rate" if rule is _RATE else "date_out_of_calendar", _Drawn())
        call = callrules.Call.from_file(folder / f"{call_id}.json")
        try:
            said = [(f.code, f.loc) for f in call.program.findings(call.parse(app))]
        except callrules.InputError as error:
            said = [(p.type, p.loc) for p in error.problems]
        assert said and len(set(said)) == len(said), said  # (one a budget line at most)
        code = said[0][0]
        if severity == "warning":
            report = callrules.evaluate(call, app)
            assert [(f.code, f.loc) for f in report.findings] == said
            (item,) = callrules.evaluate_many(call, [app])
            assert item.report is not None
            assert [(f.code, f.loc) for f in item.report.findings] == said
        else:
            with pytest.raises(callrules.InputError) as info:
                callrules.evaluate(call, app)
            assert [(p.type, p.loc) for p in info.value.problems] == said
        file = tmp_path / "app.json"
        file.write_text(json.dumps(app), "utf-8")
        out = io.StringIO()
        _cli.main(["check", str(folder / f"{call_id}.json"), str(file), "--json"],
                  out=out, err=io.StringIO())
        text = out.getvalue()
        assert text.count(f'"{code}"') == len(said), text
        with httpx.Client(base_url=url, timeout=60) as http:
            body = http.post(f"/calls/{call_id}/check", json=app).text
        assert body.count(f'"{code}"') == len(said), body

    @pytest.mark.parametrize("lang", LANGUAGES)
    def test_an_invalid_application_is_still_invalid(self, url: str, lang: str) -> None:
        """A record that cannot be read (a field missing) is still "Invalid application",
        to a call whose rules could not have judged it either, as the command line says
        UNREADABLE for it."""
        app = eligible_dict()
        app["exchange_rates"] = []
        app["budget"]["lines"][0]["amount"]["currency"] = "USD"
        del app["submitted_at"]
        with httpx.Client(base_url=url, timeout=60,
                          headers={"Accept-Language": lang}) as http:
            body = http.post("/calls/missing-exchange-rate/check", json=app).json()
        assert body["type"] == "urn:callrules:problem:invalid_input"
        assert body["title"] == labels()[lang]["problem_invalid_input"]

    def test_every_language_says_not_judged_in_its_own_words(self) -> None:
        """The title and detail of ``not_judged`` are in each language, each its own, the
        French spaced with U+202F before its colon, and name no code."""
        said = labels()
        for key in ("problem_not_judged", "problem_not_judged_detail", "not_judged"):
            texts = [said[lang][key] for lang in LANGUAGES]
            assert len(set(texts)) == 4, key
            assert all("_" not in text for text in texts), key
        assert "\u202f:" in said["fr"]["problem_not_judged_detail"]


class _Drawn:
    """What :func:`unjudged` draws, fixed: the least of each."""

    def draw(self, strategy: Any, label: str | None = None) -> Any:
        return {"departure": date(9997, 4, 6), "line": 0, "city": "Lyon",
                "subdivision": "FR-69"}.get(label or "")
