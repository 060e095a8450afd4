"""Tests inside filters decided without wording a finding for each item (issue 16, session
31): ``days``, ``within_year``, ``present`` and ``contains`` answer a filter by their own
test, and complete months are counted without building a relativedelta; the answers are
the ones the findings give."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

import callrules
from callrules._time import stay_length
from tests.conftest import eligible_dict
from tests.laws import settings
from tests.test_definitions import minimal_call

_DATES = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
#: Dates near the ends of months and of leap Februaries, where months are clipped.
_MONTH_ENDS = st.builds(lambda year, month, day: date(year, month, min(day, 28 if month == 2
                                                                        else 30)),
                        st.integers(1999, 2004), st.integers(1, 12), st.integers(26, 31))


class TestCompleteMonths:
    @settings(max_examples=400, deadline=None)
    @given(st.one_of(_DATES, _MONTH_ENDS), st.one_of(_DATES, _MONTH_ENDS))
    def test_months_and_years_are_counted_as_relativedelta_counts_them(
            self, arrival: date, departure: date) -> None:
        """Complete months and years between any two dates of the calendar, in either
        order, are relativedelta's."""
        span = relativedelta(departure, arrival)
        assert stay_length(arrival, departure, "months") == span.years * 12 + span.months
        assert stay_length(arrival, departure, "years") == span.years

    def test_a_month_from_the_31st_ends_on_the_last_day_of_a_shorter_month(self) -> None:
        """From 31 January, a month is complete on 29 February in a leap year, not before."""
        assert stay_length(date(2024, 1, 31), date(2024, 2, 29), "months") == 1
        assert stay_length(date(2024, 1, 31), date(2024, 2, 28), "months") == 0
        assert stay_length(date(2024, 2, 29), date(2025, 2, 28), "years") == 1


def _visitors(stays: list[tuple[date, date]]) -> dict[str, Any]:
    data = eligible_dict()
    visitor = data["visitors"][0]
    data["visitors"] = [
        dict(copy.deepcopy(visitor), id=f"v{i}",
             stay={"arrival": first.isoformat(), "departure": last.isoformat()})
        for i, (first, last) in enumerate(stays)]
    return data


_FILTERS = st.one_of(
    st.builds(lambda count, low, high: {"op": "days", "start": "$v.stay.arrival",
                                        "end": "stay.departure", "count": count,
                                        **({"min": low} if low is not None else {}),
                                        **({"max": (low or 0) + high} if high is not None
                                           else {})},
              st.sampled_from(["nights", "days", "months", "years"]),
              st.none() | st.integers(1, 3), st.integers(1, 40)),
    st.builds(lambda year: {"op": "within_year", "path": "stay.departure", "year": year},
              st.integers(2025, 2027)),
    st.just({"op": "present", "path": "stay.arrival"}),
)


class TestAFilterAsksTheTestNotItsFindings:
    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(_FILTERS, st.booleans(),
           st.lists(st.tuples(st.dates(date(2025, 6, 1), date(2027, 6, 1)),
                              st.dates(date(2025, 6, 1), date(2027, 6, 1))),
                    min_size=1, max_size=6))
    def test_the_decision_and_the_explanation_agree_for_any_stays(
            self, where: dict[str, Any], negate: bool,
            stays: list[tuple[date, date]]) -> None:
        """For each visitor, some visitor whose stay passes the test (or, under ``not``,
        none): the rule fails in the decision exactly when its explanation finds something,
        and the findings are those of the slow reading by findings."""
        from callrules.language.form import Node
        exists: dict[str, Any] = {"op": "exists", "path": "$root.visitors", "where": where}
        check = {"op": "each", "path": "visitors", "as": "v",
                 "rule": {"op": "not", "rule": exists} if negate else exists}
        data = minimal_call(check)
        call = callrules.Call.from_dict(data)
        app = callrules.parse_application(_visitors(stays))
        program = call.program.generated()
        found = program.findings(app)
        assert bool(program.decide(app)) == bool(found)
        nodes = [type(n) for n in _nodes(program.rules[0])]
        slow = {cls: cls.holds for cls in nodes if "holds" in vars(cls)
                and cls.__name__ in ("Days", "WithinYear", "Present")}
        try:
            for cls in slow:
                cls.holds = Node.holds  # type: ignore[method-assign]
            assert program.findings(app) == found
        finally:
            for cls, holds in slow.items():
                cls.holds = holds  # type: ignore[method-assign]


def _nodes(rule: Any) -> list[Any]:
    """Every node of a rule's typed form."""
    out, todo = [], [getattr(rule, "node", None) or getattr(rule, "check", None)]
    while todo:
        node = todo.pop()
        if node is None:
            continue
        out.append(node)
        todo.extend(node.children())
    return out
