"""The planner's trims of a line computed from the other lines (a flat rate), said as the
lines show them: a flat rate first in the order of trims, under a cap in the call's currency
or another, stays trimmed once computed again on the proposal; each line's trims run from
its most to its proposed amount, once; no trim names a cap the call does not declare."""

from __future__ import annotations

import functools
import itertools
from decimal import Decimal
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

import callrules
from callrules import Money
from callrules._money import quantum
from tests.conftest import eligible_dict
from tests.laws import settings
from tests.test_budget_planner import BUDGET_CLAUSES, CNRS_FILE, planned_stays

#: The CNRS call's plan with a fixed night rate and a flat line of ``percent`` % of the
#: lodging and travel lines (no rule reads it: the call's rules judge the total only).
FLAT_PLAN = '''
[plan]
cap = { param = "cap" }
clause = "budget-cap"
trim = %(trim)s
%(caps)s

[[plan.lines]]
id = "transport"
category = "transport"
each = "visitors"
stated = true
label = { fr = "Transport", en = "Travel", es = "Transporte", pt = "Transporte" }

[[plan.lines]]
id = "lodging"
category = "lodging"
each = "visitors"
quantity = { days_between = [{ path = "stay.arrival" }, { path = "stay.departure" }] }
rate = { amount = "140.00", currency = "EUR" }
label = { fr = "Hébergement", en = "Lodging", es = "Alojamiento", pt = "Hospedagem" }

[[plan.lines]]
id = "overheads"
category = "subsistence"
amount = { times = [{ sum = "budget.lines", of = "amount", where = { op = "in", \
path = "category", set = ["lodging", "transport"] } }, { percent = %(percent)s }] }
label = { fr = "Forfait", en = "Flat", es = "Tanto alzado", pt = "Forfait" }
'''


@functools.cache
def flat_call(currency: str, cap: Decimal, percent: int = 25,
              trim: tuple[str, ...] = ("subsistence", "transport"),
              subsistence_cap: Decimal | None = None) -> callrules.Call:
    """The CNRS call, its cap ``cap`` in ``currency``, and the flat plan above."""
    text = CNRS_FILE.read_text("utf-8").split("\n[plan]\n")[0]
    text = text.replace('cap = { amount = "3100.00", currency = "EUR" }',
                        f'cap = {{ amount = "{cap:f}", currency = "{currency}" }}', 1)
    # an application-wide line has no beneficiary: the costs' rule reads the category only
    text = text.replace('  { op = "in", path = "beneficiary", set = '
                        '{ path = "$root.visitors.id" } },\n', "", 1)
    caps = "" if subsistence_cap is None else \
        f'caps = {{ subsistence = {{ amount = "{subsistence_cap:f}", currency = "EUR" }} }}'
    order = "[" + ", ".join(f'"{c}"' for c in trim) + "]"
    return callrules.Call.from_text(text + FLAT_PLAN % {"trim": order, "caps": caps,
                                                         "percent": percent})


def trims_as_shown(result: callrules.BudgetPlan) -> None:
    """Every trim said is what its line shows: a line's trims run from its most to its
    proposed amount, each from where the one before left it (so what they say adds up to
    what the line lost); a category's cap only if the call's plan declares it, the total's
    the plan's cap."""
    by_line: dict[int, list[Any]] = {}
    for trim in result.trims:
        by_line.setdefault(trim.position, []).append(trim)
        assert trim.by.amount > 0 and trim.after + trim.by == trim.before
        if trim.scope == "total":
            assert trim.cap == result.cap, trim
        elif trim.scope == "category":
            assert trim.category in result.caps and trim.cap == result.caps[trim.category], \
                trim
    for position, trims in by_line.items():
        line = result.lines[position]
        assert trims[0].before == line.most and trims[-1].after == line.proposed, (line, trims)
        for first, then in itertools.pairwise(trims):
            assert then.before == first.after, trims
        said = sum((trim.by for trim in trims), Money(0, result.currency))
        assert line.most is not None and line.proposed is not None
        assert said == line.most - line.proposed


def budget_broken(call: callrules.Call, result: callrules.BudgetPlan) -> set[str]:
    report = callrules.evaluate(call, result.apply())
    return {f.clause for f in report.findings} & BUDGET_CLAUSES


def with_rate(app: dict[str, Any], currency: str, rate: Decimal) -> dict[str, Any]:
    """``app`` with a rate from the euro (and from the real) to ``currency``."""
    pairs = [{"base": "BRL", "quote": "EUR", "rate": "0.1600"}]
    if currency != "EUR":
        pairs += [{"base": "EUR", "quote": currency, "rate": f"{rate:f}"},
                  {"base": "BRL", "quote": currency, "rate": f"{rate * Decimal('0.16'):f}"}]
    return {**app, "exchange_rates": pairs}


SCALE = {"EUR": Decimal(1), "CHF": Decimal("0.94"), "JPY": Decimal(160)}


class TestAFlatRateTrimmed:
    @settings(max_examples=40, deadline=None)
    @given(planned_stays(), st.sampled_from(sorted(SCALE)),
           st.decimals(Decimal("0.8"), Decimal("1.2"), places=3),
           st.decimals(200, 6000, places=0), st.sampled_from([5, 25, 60]),
           st.sampled_from([("subsistence", "transport"), ("transport", "subsistence"),
                            ("subsistence",)]))
    @example(with_rate(eligible_dict(), "CHF", Decimal("0.94")), "CHF", Decimal(1),
             Decimal("2029.99"), 25, ("subsistence", "transport"))  # the attack's flat_chf
    @example(with_rate(eligible_dict(), "JPY", Decimal(160)), "JPY", Decimal(1),
             Decimal("2600"), 25, ("subsistence", "transport"))
    def test_fits_when_a_budget_fits_and_then_the_rules_accept_it(
            self, app: dict[str, Any], currency: str, skew: Decimal, cap: Decimal,
            percent: int, trim: tuple[str, ...]) -> None:
        """Law: with a flat rate of the other lines in the order of trims (first or not),
        under a cap in the call's currency or another, the plan fits whenever the lines it
        cannot trim (the lodging) are within the cap, and then the call's rules accept the
        proposal; said not to fit, it is over the cap or breaks a rule; every trim is said
        as the line shows it. Before, a flat rate first in the order, trimmed to nothing,
        was proposed again in whole: a plan said not to fit under a cap in francs, or
        "trimmed to €0.00" beside a line of €420.00."""
        rate = SCALE[currency] * skew
        cap = (cap * SCALE[currency] / 1000 * 1000 if currency == "JPY" else
               cap * SCALE[currency]).quantize(quantum(currency))
        call = flat_call(currency, cap, percent, trim)
        app = with_rate(app, currency, rate)
        result = callrules.plan(call, app)
        trims_as_shown(result)
        broken = budget_broken(call, result)
        if result.fits:
            assert not broken and result.total <= result.cap
        else:
            assert result.total > result.cap or result.breaks
        lodging = sum((line.proposed.amount for line in result.lines
                       if line.category == "lodging" and line.proposed is not None),
                      Decimal(0))
        # the lodging is in euros: under a cap in euros it is not converted, whatever the
        # rate drawn (a skew of 0.8 had a lodging of €700.00 "within" a cap of €561.00)
        converts = Decimal(1) if currency == "EUR" else rate
        slack = (len(result.lines) + 2) * quantum(currency) + converts
        if "transport" in trim and "subsistence" in trim and \
                lodging * converts <= cap - slack and result.complete:
            assert result.fits, (result.total, result.cap, lodging)

    def test_the_attack_s_flat_rate_first_under_a_cap_in_francs_is_trimmed_and_fits(
            self) -> None:
        """The attack's case (flat_chf): a flat rate of 25 %, first in the order of trims,
        under a cap of CHF 2,029.99: before, "Trimmed by €539.89 … to €0.00" was said of a
        line kept at €539.89, and the plan said it could not fit (exit 1); it fits, the
        flat rate trimmed to nothing, the travel to the rest."""
        call = flat_call("CHF", Decimal("2029.99"))
        result = callrules.plan(call, with_rate(eligible_dict(), "CHF", Decimal("0.94")))
        flat = [line for line in result.lines if line.line == "overheads"]
        assert result.fits and [line.proposed for line in flat] == [Money(0, "EUR")]
        assert not budget_broken(call, result)
        trims_as_shown(result)

    def test_a_flat_rate_trimmed_where_no_plan_fits_is_not_counted_in_whole(self) -> None:
        """Where no plan fits (the lodging alone over a cap of €1,000), the flat rate,
        trimmed to nothing, is proposed at nothing: the overshoot said is the lodging's
        (before, the line showed its €420.00 beside "trimmed to €0.00", and the overshoot
        was overstated by as much)."""
        call = flat_call("EUR", Decimal(1000), trim=("transport", "subsistence"))
        app = eligible_dict()
        for line in app["budget"]["lines"]:
            if line["category"] == "transport":
                line["amount"] = {"amount": "0", "currency": "EUR"}
        result = callrules.plan(call, app)
        lodging = sum((line.proposed for line in result.lines if line.category == "lodging"
                       and line.proposed is not None), Money(0, "EUR"))
        assert not result.fits and result.total == lodging
        trims_as_shown(result)

    def test_a_flat_rate_under_its_category_cap_is_said_trimmed_once(self) -> None:
        """A flat rate over the subsistence cap the plan declares is said trimmed once,
        by what it lost (before, twice: the trims said €1,300 for €650)."""
        call = flat_call("EUR", Decimal(3100), trim=("transport",),
                         subsistence_cap=Decimal(100))
        result = callrules.plan(call, eligible_dict())
        flat = [i for i, line in enumerate(result.lines) if line.line == "overheads"]
        assert [t.position for t in result.trims].count(flat[0]) == 1
        trims_as_shown(result)

    def test_no_category_cap_is_said_that_the_call_does_not_declare(self) -> None:
        """A flat rate trimmed first under the call's cap alone is said trimmed to keep the
        total within it, never within a cap of its category the call does not declare
        (before: "to keep subsistence within €0.00")."""
        call = flat_call("EUR", Decimal(3100))
        result = callrules.plan(call, eligible_dict())
        assert result.fits and {t.scope for t in result.trims} == {"total"}
        trims_as_shown(result)
        for lang in ("fr", "en", "es", "pt"):
            assert "0,00 € (" not in result.render(lang).replace("\u202f", " ")
