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
from tests.test_plan_flat_rates_fixed import application as flat_application
from tests.test_plan_flat_rates_fixed import fixed_call

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


    def test_the_largest_flat_line_proposal_takes_no_more_work_than_its_checks(
            self) -> None:
        """The search for the largest proposal under a flat line's caps computes its lines
        alone before judging one: the lines computed (each the plan's work) and the
        proposals judged (each the rules' work) together within twice the work of the checks
        it is given, and at most ``_SEARCHED`` proposals not judged (3 % rounded down to the
        hundred under a cap of €50: a search stopped after five checks at €1,846.03)."""
        call = fixed_call("==", 3, "100", "down", ("transport", "lodging"),
                          Decimal("5000.00"), Decimal(50))
        seen: list[tuple[int, tuple[int, int], int, int]] = []
        real, lines, breaks = planner._held, planner._lines, planner._breaks
        counts = {"lines": 0, "breaks": 0}

        def count(name: str, work: Any) -> Any:
            def counted(*args: Any, **kwargs: Any) -> Any:
                counts[name] += 1
                return work(*args, **kwargs)
            return counted

        def held(*args: Any, **kwargs: Any) -> Any:
            counts.update(lines=0, breaks=0)
            with mock.patch.object(planner, "_lines", count("lines", lines)), \
                    mock.patch.object(planner, "_breaks", count("breaks", breaks)):
                found = real(*args, **kwargs)
            seen.append((args[5], kwargs["sizes"], counts["lines"], counts["breaks"]))
            return found

        with mock.patch.object(planner, "_held", held):
            result = callrules.plan(call, flat_application(5))
        assert result.fits and seen
        for checks, (judging, computing), computed, judged in seen:
            computing = max(computing, len(result.lines))
            # the search within the caps, then (the rules refusing its most) the search
            # below it with all its checks again: twice the checks' work at most
            assert computed * computing + judged * judging <= \
                2 * checks * (judging + computing)
            assert computed - judged <= planner._SEARCHED + 2
            assert judged >= 1


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
        (problem,) = record["input_error"]
        assert problem["type"] == "plan_too_many_lines"
        assert "lignes de budget" in problem["message"] and "ratios" not in err.getvalue()


CODES = ("BRL", "USD", "GBP", "CHF", "CAD", "AUD", "MXN", "JPY", "EUR", "CLP")


def sums_call(sums: int, rules: bool = True) -> callrules.Call:
    """Attack 35b's call: one plan line for each visitor whose amount is the sum of
    ``sums`` sums of ``$root.budget.lines``, each filtered on its own (``sums`` of 2 to 20
    terms, nested by twenty), and a rule capping the budget's total (``rules`` false: a
    rule that reads no amount, so that every conversion counted is the plan's lines')."""
    terms = [{"sum": "$root.budget.lines", "of": "amount", "where": {
        "op": "compare", "path": "beneficiary", "cmp": "!=", "to": f"x{i}"}}
        for i in range(sums)]
    groups = [terms[i:i + 20] for i in range(0, sums, 20)]
    amount = {"plus": [g[0] if len(g) == 1 else {"plus": g} for g in groups]} \
        if len(groups) > 1 else {"plus": groups[0]} if len(groups[0]) > 1 else groups[0][0]
    data: dict[str, Any] = {
        "id": "sums", "version": "1", "languages": ["en"], "title": {"en": "Sums"},
        "timezone": "Europe/Paris", "currency": "EUR",
        "timeline": {"deadline": "2026-06-01T17:00:00"},
        "clauses": [{"id": "c", "title": {"en": "C"}, "text": {"en": "C"}}],
        "parameters": {"cap": {"amount": "1000000.00", "currency": "EUR"}},
        "labels": {"parameters": {"cap": {"en": "Cap"}}},
        "rules": [{"clause": "c", "check": {"op": "total", "path": "budget.lines",
                                            "of": "amount", "max": {"param": "cap"}}}]
        if rules else [{"clause": "c", "check": {"op": "compare", "path": "id", "cmp": "!=",
                                                 "to": "none"}}],
        "plan": {"cap": {"param": "cap"}, "clause": "c", "trim": ["meals"], "lines": [{
            "id": "l0", "category": "meals", "each": "visitors", "amount": amount,
            "label": {"en": "L %(amount)s"}}]}}
    return callrules.Call.from_dict(data)


def with_a_steady_line(call: callrules.Call) -> callrules.Call:
    """``call`` (:func:`sums_call`) with a line for each visitor that does not read the
    budget: 7 days at 20 euros."""
    data = call.definition.model_dump(mode="json", exclude_none=True)
    data["plan"]["lines"].append({
        "id": "steady", "category": "lodging", "each": "visitors",
        "rate": {"amount": "20.00", "currency": "EUR"}, "quantity": 7,
        "label": {"en": "S %(amount)s"}})
    return callrules.Call.from_dict(data)


def ten_currencies(visitors: int, lines: int) -> dict[str, Any]:
    """``visitors`` visitors and ``lines`` budget lines in ten currencies (nine with a rate
    into euros), none of the plan's category: every one is left in the proposal."""
    app = application(visitors)
    app["budget"]["lines"] = [
        {"category": "transport", "beneficiary": f"v{i % visitors}",
         "amount": {"amount": f"{i % 97}" if CODES[i % 10] in ("JPY", "CLP") else
                    f"{i % 97}.{i % 100:02d}", "currency": CODES[i % 10]}}
        for i in range(lines)]
    app["exchange_rates"] = [{"base": code, "quote": "EUR", "rate": "0.1234567"}
                             for code in CODES if code != "EUR"]
    return app


class TestLinesComputedFromSums:
    """Attack 35b: the plan's lines each the sum of many differently filtered sums of the
    budget's lines in ten currencies. The planner works its lines out as an evaluation
    does: each amount converted once a plan, however many sums and rounds read it."""

    def counted(self, call: callrules.Call, app: dict[str, Any]
                ) -> tuple[callrules.BudgetPlan, list[int], list[int], list[int]]:
        """The plan, and the conversions, line computations and passes over the lines
        (``_lines``) it made."""
        from callrules import _money
        conversions: list[int] = []
        computed: list[int] = []
        passes: list[int] = []
        convert, compute, lines = _money.convert_exactly, planner._compute, planner._lines

        def converting(*args: Any) -> Any:
            conversions.append(1)
            return convert(*args)

        def computing(*args: Any) -> Any:
            computed.append(1)
            return compute(*args)

        def passing(*args: Any) -> Any:
            passes.append(1)
            return lines(*args)

        with mock.patch.object(_money, "convert_exactly", converting), \
                mock.patch.object(planner, "_compute", computing), \
                mock.patch.object(planner, "_lines", passing):
            plan = callrules.plan(call, app, now=AT)
        return plan, conversions, computed, passes

    def test_each_amount_is_converted_once_a_plan(self) -> None:
        """20 sums over 200 lines in ten currencies, for each of 10 visitors: each of the
        180 amounts in another currency is converted once for the whole plan (it was once
        for each sum, each time the lines were worked out, and once more for the trace
        nobody read: 14,400 conversions), and each line computed once a pass."""
        call = sums_call(20, rules=False).at(AT)
        app = ten_currencies(10, 200)
        plan, conversions, computed, passes = self.counted(call, app)
        assert len(plan.lines) == 10
        spec = planner.plan_of(call)
        assert spec is not None
        rounds = planner.settle_rounds(call.program.work_of(planner.budget_rules(call))
                                       + spec.work)
        # the lines read the budget: worked out again on each proposal, a round at a time
        assert 2 <= len(passes) <= 1 + rounds + 2
        assert len(conversions) <= 180, len(conversions)
        assert len(computed) == 10 * len(passes)

    def test_the_rules_check_converts_on_its_own_and_the_lines_do_not_again(self) -> None:
        """With the call's rule capping the total, the proposals' checks convert the lines
        each time (an evaluation of their own), the plan's lines still once a plan."""
        call = sums_call(20).at(AT)
        app = ten_currencies(10, 200)
        _plan, conversions, _computed, passes = self.counted(call, app)
        checks = len(passes) + 1  # a check for each proposal, and the rules elsewhere
        assert len(conversions) <= 180 * (1 + checks), len(conversions)

    def test_the_same_plan_is_proposed_as_when_each_sum_converted_again(self) -> None:
        """The conversions shared do not change the plan: it is the plan worked out with no
        memo (each sum converting each amount again, each time), line by line and trim by
        trim, with a rule capping the total and without."""
        import contextlib
        real = planner.keys_held

        def no_memo(memo: Any = None) -> Any:  # the lines' (the rules' checks keep theirs)
            return real() if memo is None else contextlib.nullcontext()

        app = ten_currencies(4, 50)
        for rules in (True, False):
            call = sums_call(3, rules).at(AT)
            shared = callrules.plan(call, app, now=AT).to_dict("en")
            with mock.patch.object(planner, "keys_held", no_memo), \
                    mock.patch.object(planner, "conversions_carried", lambda *args: None):
                again = callrules.plan(call, app, now=AT).to_dict("en")
            assert shared == again

    def test_lines_near_the_bound_are_worked_out_in_few_rounds(self) -> None:
        """220 filtered sums of the budget's 10,000 lines for each visitor (near half of one
        evaluation's bound on their own): the rounds that work them out again on each
        proposal are counted against the lines' work too, so the rounds together stay
        within one evaluation's bound and the lines are worked out at most five times
        (once, two rounds, twice more fitting the others around them), never 43 times."""
        call = sums_call(220).at(AT)
        spec = planner.plan_of(call)
        assert spec is not None and spec.work > CALL_WORK_LIMIT // 3
        work = call.program.work_of(planner.budget_rules(call)) + spec.work
        rounds = planner.settle_rounds(work)
        assert rounds == 2 and rounds * work <= CALL_WORK_LIMIT
        _plan, _conversions, _computed, passes = self.counted(call, ten_currencies(3, 30))
        assert len(passes) <= 1 + rounds + 2

    def test_a_line_that_does_not_read_the_budget_is_computed_once_a_plan(self) -> None:
        """Beside the lines computed from the budget, a line of a visitor's own (a rate
        times days) is the same on every proposal: computed once a plan for each visitor,
        not once a pass (the rounds compute again only the lines that read the budget)."""
        call = with_a_steady_line(sums_call(3)).at(AT)
        app = ten_currencies(4, 50)
        plan, _conversions, computed, passes = self.counted(call, app)
        assert len(passes) >= 2
        assert len(computed) == 4 * len(passes) + 4  # the sums each pass, the rate once
        assert [line.proposed for line in plan.lines if line.line == "steady"] == \
            [Money("140.00", "EUR")] * 4


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
