"""A budget plan's work is bounded by its call's: the proposals it tries are each checked
against the call's rules, so their number shrinks as the rules' work grows (together at most
one evaluation's bound), and a list of the whole application is read once per check."""

from __future__ import annotations

import copy
import io
import json
import tempfile
import tomllib
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import example, given
from hypothesis import strategies as st

import callrules
from callrules import Money
from callrules._cli import main
from callrules.language import membership
from callrules.language.quantifiers import CALL_WORK_LIMIT
from callrules.planning import planner
from tests.conftest import ROOT, eligible_dict
from tests.laws import settings

AT = datetime.fromisoformat("2026-05-30T10:00:00+02:00")
LANGS = ("fr", "en", "es", "pt")


def never_fitting_call() -> callrules.Call:
    """The CNRS call with a flat-rate line of 25 % of the others and no beneficiary: the
    call's rules refuse every proposal, so the planner tries all the rounds it may."""
    path = ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml"
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    data["id"] = "settle"
    data["vocabularies"]["cost_category"]["values"]["overheads"] = dict.fromkeys(LANGS, "oh")
    data["parameters"]["eligible_costs"] = ["transport", "lodging", "meals", "overheads"]
    data["plan"]["lines"].append({
        "id": "oh", "category": "overheads", "label": dict.fromkeys(LANGS, "OH"),
        "amount": {"times": [{"sum": "budget.lines", "of": "amount", "where": {
            "op": "not_in", "path": "category", "set": ["overheads"]}}, {"percent": 25}]}})
    data["plan"]["trim"] = ["overheads", "meals", "lodging", "transport"]
    data["parameters"]["cap"] = {"amount": "99999999.00", "currency": "EUR"}
    return callrules.Call.from_dict(data)


def application(visitors: int) -> dict[str, Any]:
    app = eligible_dict()
    first = app["visitors"][0]
    app["visitors"], app["budget"]["lines"] = [], []
    for i in range(visitors):
        visitor = copy.deepcopy(first)
        visitor["id"], visitor["person"]["email"] = f"v{i}", f"p{i}@usp.br"
        app["visitors"].append(visitor)
        app["budget"]["lines"].append({"category": "transport", "beneficiary": f"v{i}",
                                       "amount": {"amount": "10.00", "currency": "EUR"}})
    app["documents"] = [{"kind": "project_description", "pages": 3}] + [
        {"kind": "cv", "owner": f"v{i}", "pages": 1} for i in range(visitors)]
    return app


class TestRounds:
    @given(st.integers(0, 10 * CALL_WORK_LIMIT))
    def test_the_rounds_together_stay_within_one_evaluations_bound(self, work: int) -> None:
        """For any work of a call's rules, at least one round and at most SETTLE_ROUNDS; more
        than one only while the rounds' work stays within the bound of one evaluation."""
        rounds = planner.settle_rounds(work)
        assert 1 <= rounds <= planner.SETTLE_ROUNDS
        assert rounds == 1 or rounds * work <= CALL_WORK_LIMIT

    def test_a_plan_that_never_fits_checks_no_more_proposals_than_its_rounds(self) -> None:
        """A proposal the rules always refuse is checked at most once per round, and once
        more for the plan returned: never SETTLE_ROUNDS times whatever the call's work."""
        call = never_fitting_call().at(AT)
        checks = []
        real = planner._breaks

        def counted(*args: Any) -> tuple[str, ...]:
            checks.append(1)
            return real(*args)

        with mock.patch.object(planner, "_breaks", counted):
            plan = callrules.plan(call, application(5), now=AT)
        assert not plan.fits
        rounds = planner.settle_rounds(call.program.work_of(planner.budget_rules(call)))
        assert rounds < planner.SETTLE_ROUNDS
        assert 1 < len(checks) <= rounds + 1


    def test_the_rounds_are_counted_on_the_rules_a_proposal_is_checked_against(self) -> None:
        """A proposal is checked against the rules that read the budget alone, so the rounds
        are counted on their work (with what is worked out once an evaluation), never on the
        whole call's: a call whose other rules grew costlier (findings charged by what they
        say) kept proposing 619.94 EUR of overheads where 620.00 fit, for want of rounds."""
        from tests.test_budget_planner import flat_rate_call

        call = flat_rate_call(25, Decimal(3100))
        program, rules = call.program, planner.budget_rules(call)
        assert program.work_of(program.rules) == program.work
        assert program.once_work <= program.work_of(rules) < program.work
        assert planner.settle_rounds(program.work_of(rules)) > planner.settle_rounds(
            program.work)
        overheads = [line.proposed for line in callrules.plan(call, eligible_dict()).lines
                     if line.category == "overheads"]
        assert overheads == [Money("620.00", "EUR")]


class TestListsOfTheWholeApplication:
    def test_a_set_of_the_whole_application_is_keyed_once_per_check(self) -> None:
        """The explanation of 'each line's beneficiary is one of the visitors' keys the
        visitors' ids once, not once per line (quadratic in the application's size)."""
        call = never_fitting_call().at(AT)
        real = membership.keys_of
        sizes: list[int] = []

        def counted(values: Any, *args: Any) -> frozenset[Any]:
            found = real(values, *args)
            sizes.append(len(found))
            return found

        with mock.patch.object(membership, "keys_of", counted):
            callrules.plan(call, application(40), now=AT)
        assert sum(sizes) <= 40 * 2 * (planner.settle_rounds(call.program.work) + 1)


def lines_data(per_visitor: int) -> dict[str, Any]:
    """The CNRS call whose plan has ``per_visitor`` lines for each visitor (copies of its
    lodging line, as many as the 100 lines a plan may declare)."""
    path = ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml"
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    lodging = next(line for line in data["plan"]["lines"] if line["id"] == "lodging")
    data["plan"]["lines"] = [dict(lodging, id=f"lodging-{k}") for k in range(per_visitor)]
    data["plan"]["trim"] = ["lodging"]
    return data


def lines_call(per_visitor: int) -> callrules.Call:
    return callrules.Call.from_dict(lines_data(per_visitor))


class TestLinesOfAPlan:
    @settings(max_examples=8, deadline=None)
    @given(st.integers(1, 100), st.integers(1, 20) | st.integers(101, 130))
    @example(100, 101)  # 10,100 lines: one visitor more than the bound
    def test_a_plan_of_more_lines_than_a_budget_holds_is_refused_before_any_work(
            self, per_visitor: int, visitors: int) -> None:
        """Law: a call's plan (up to 100 lines) for an application (up to 1,000 visitors)
        has as many lines as a budget holds (10,000) or is refused before any line is
        worked out: one problem, ``plan_too_many_lines``, for the application, in the
        reader's words and digits; never the split API's "a split has 1 to 10000 ratios"
        (an argument the caller never gave: 100 lines × 500 visitors did), never 25 s of
        work. Within it, every line is planned and trimmed, however many share a trim."""
        call = lines_call(per_visitor).at(AT)
        app = application(visitors)
        count = per_visitor * visitors
        computed: list[int] = []
        real = planner._compute

        def counted(*args: Any) -> Any:
            computed.append(1)
            return real(*args)

        with mock.patch.object(planner, "_compute", counted):
            try:
                plan = callrules.plan(call, app, now=AT)
            except callrules.InputError as exc:
                assert count > 10_000 and not computed
                (problem,) = exc.problems
                assert (problem.loc, problem.type) == ((), "plan_too_many_lines")
                for lang, digits in (("en", f"{count:,}"), ("fr", f"{count:,}".replace(
                        ",", "\u202f")), ("es", f"{count:,}".replace(",", ".")),
                                     ("pt", f"{count:,}".replace(",", "."))):
                    said = problem.message(lang)
                    assert digits in said and "split" not in said, (lang, said)
                return
        assert count <= 10_000
        assert len(plan.lines) == count
        assert plan.total <= plan.cap and plan.fits

    def test_the_attack_s_plan_of_25_000_lines_is_refused_in_the_reader_s_words(
            self) -> None:
        """The attacker's call of 100 lines for each of 500 visitors: exit 2 with the
        problem in French under --lang fr and in the JSON under --format json (it was the
        split API's English, and no JSON)."""
        with tempfile.TemporaryDirectory() as folder:
            where = Path(folder)
            (where / "call.json").write_text(json.dumps(lines_data(100), default=str),
                                             "utf-8")
            (where / "app.json").write_text(json.dumps(application(500)), "utf-8")
            out, err = io.StringIO(), io.StringIO()
            code = main(["plan", str(where / "call.json"), str(where / "app.json"), "--at",
                         "2026-05-30T10:00+02:00", "--lang", "fr", "--format", "json"],
                        out=out, err=err)
        assert code == 2, err.getvalue()
        (record,) = json.loads(out.getvalue())
        (problem,) = record["input_errors"]
        assert problem["type"] == "plan_too_many_lines"
        assert "lignes de budget" in problem["message"] and "ratios" not in err.getvalue()


class TestACapInAnotherCurrency:
    def test_its_search_fits_amounts_alone_and_few_of_them(self) -> None:
        """A cap in another currency is searched for in the call's, a fit of the amounts
        alone per step (lines and trims made once, for the cap found), starting from the cap
        found for the proposal before and a step at the rate from the rules' total: 900
        visitors (9,901 lines) under a yen cap took 156 s and 212 MB, five times a euro
        cap's 28 s (some twenty full fits, lines and trims made, per proposal tried); the
        steps are now some twelve a proposal, each a pass over the amounts."""
        from tests.test_plan_trims_said import flat_call, with_rate

        call = flat_call("JPY", Decimal(8_000_000), trim=("transport", "subsistence",
                                                           "lodging"))
        app = with_rate(application(150), "JPY", Decimal(160))
        counts = {"amounts": 0, "fits": 0, "searches": 0}
        real_amounts, real_fit, real_measured = (planner._fit_amounts, planner._fit,
                                                 planner._fit_measured)

        def amounts(*args: Any) -> Any:
            counts["amounts"] += 1
            return real_amounts(*args)

        def fit(*args: Any) -> Any:
            counts["fits"] += 1
            return real_fit(*args)

        def measured(*args: Any) -> Any:
            counts["searches"] += 1
            return real_measured(*args)

        with mock.patch.object(planner, "_fit_amounts", amounts), \
                mock.patch.object(planner, "_fit", fit), \
                mock.patch.object(planner, "_fit_measured", measured):
            result = callrules.plan(call, app)
        assert result.fits and any(trim.scope == "total" for trim in result.trims)
        assert counts["fits"] == counts["searches"]  # a fit of lines and trims per search
        assert counts["amounts"] <= 16 * counts["searches"], counts
