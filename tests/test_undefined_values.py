"""A value that has none of its own (a minimum or a maximum over no item, a ratio to zero) is
said as such, never as a field not given; a value written in the call is never named as if it
were a field; a negated condition is named in words."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import callrules
from tests.conftest import eligible_dict
from tests.helpers import code_tokens, decision_agrees
from tests.laws import settings
from tests.test_definitions import minimal_call

LANGS = ("fr", "en", "es", "pt")
_LINES = "budget.lines"
_MEALS = {"op": "in", "path": "category", "set": ["meals"]}
#: Left sides with no value when the lines are none, or add up to zero: (expression, code).
_SIDES = {
    "max": ({"max": _LINES, "of": "amount"}, "over_no_item"),
    "min of meals": ({"min": _LINES, "of": "amount", "where": _MEALS}, "over_no_item"),
    "meals share": ({"ratio": [{"sum": _LINES, "of": "amount", "where": _MEALS},
                               {"sum": _LINES, "of": "amount"}]}, "zero_divisor"),
    "max in a sum": ({"plus": [{"max": _LINES, "of": "amount"}, {"param": "cap"}]},
                     "over_no_item"),
    "share of a count": ({"ratio": [{"count": "documents"}, {"count": _LINES}]},
                         "zero_divisor"),
}
_BOUNDS = {"max": {"amount": "5000.00", "currency": "EUR"},
           "min of meals": {"amount": "0.00", "currency": "EUR"},
           "meals share": {"percent": 60},
           "max in a sum": {"amount": "8000.00", "currency": "EUR"},
           "share of a count": {"decimal": "10"}}
_CATEGORIES = st.sampled_from(["transport", "meals", "lodging"])
_LINE = st.tuples(_CATEGORIES, st.sampled_from(["0.00", "0.01", "120.00", "4999.99"]))


def _application(lines: list[tuple[str, str]]) -> dict[str, Any]:
    app = eligible_dict()
    app["budget"]["lines"] = [{"category": category, "beneficiary": "v1",
                               "amount": {"amount": amount, "currency": "EUR"}}
                              for category, amount in lines]
    return app


def _findings(check: dict[str, Any], app: dict[str, Any]) -> list[callrules.Finding]:
    call = callrules.Call.from_dict(minimal_call(check))
    application = callrules.parse_application(app)
    found = call.program.findings(application)
    assert decision_agrees(call, application, found)  # decision = explanation
    return found


def _read(finding: callrules.Finding) -> list[str]:
    """The finding's message in each language, each checked to be words only."""
    said = [finding.message(lang) for lang in LANGS]
    for text in said:
        assert code_tokens(text) == [] and "%(" not in text and "?" not in text, text
    return said


class TestAValueWithNoneOfItsOwn:
    @settings(max_examples=60, deadline=None)
    @given(side=st.sampled_from(sorted(_SIDES)), cmp=st.sampled_from(["<=", ">=", "<", ">"]),
           lines=st.lists(_LINE, max_size=4))
    def test_it_is_said_as_such_never_as_a_field_not_given(
            self, side: str, cmp: str, lines: list[tuple[str, str]]) -> None:
        """For any budget (no line, lines of 0.00, some meals or none) and any comparison of
        a side that may have no value: when it has none, the one finding is ``over_no_item``
        or ``zero_divisor`` at the list, worded in each language without a code, never
        ``missing``; when it has one, no finding says either."""
        written, code = _SIDES[side]
        found = _findings({"op": "compare", "left": written, "cmp": cmp,
                           "to": _BOUNDS[side]}, _application(lines))
        meals = [amount for category, amount in lines if category == "meals"]
        total = sum(float(amount) for _, amount in lines)
        undefined = {"max": not lines, "min of meals": not meals,
                     "meals share": total == 0, "max in a sum": not lines,
                     "share of a count": not lines}[side]
        assert all(f.code != "missing" for f in found)
        if undefined:
            (finding,) = found
            assert finding.code == code
            assert finding.loc[:1] in (("budget",), ("documents",))
            english = _read(finding)[1]
            assert english.startswith("No value can be worked out for ")
        else:
            assert all(f.code not in ("over_no_item", "zero_divisor") for f in found)

    @settings(max_examples=40, deadline=None)
    @given(right=st.sampled_from(["largest line", "share of lines"]),
           cmp=st.sampled_from(["<=", ">=", "<", ">", "==", "!="]),
           lines=st.lists(_LINE, max_size=3))
    def test_a_limit_with_no_value_fails_and_is_named(
            self, right: str, cmp: str, lines: list[tuple[str, str]]) -> None:
        """A limit computed from the application that has no value of its own (three times
        the largest line, with no line; a share of the lines, with none) fails the
        comparison, whatever it is, with one finding naming that limit (``side`` right),
        never a silent pass; with a value, no such finding."""
        left, to, code = {
            "largest line": ({"sum": _LINES, "of": "amount"},
                             {"times": [{"max": _LINES, "of": "amount"}, 3]}, "over_no_item"),
            "share of lines": ({"count": "documents"},
                               {"ratio": [{"count": "documents"}, {"count": _LINES}]},
                               "zero_divisor")}[right]
        found = _findings({"op": "compare", "left": left, "cmp": cmp, "to": to},
                          _application(lines))
        if not lines:
            (finding,) = found
            assert (finding.code, finding.ctx["side"]) == (code, "right")
            english = _read(finding)[1]
            assert english.startswith("No value can be worked out for the ")
        else:
            assert all(f.code not in ("over_no_item", "zero_divisor") for f in found)

    @settings(max_examples=40, deadline=None)
    @given(owners=st.lists(st.sampled_from(["v1", "v2", None]), max_size=4))
    def test_an_item_with_nothing_of_its_own_is_told_at_that_item(
            self, owners: list[str | None]) -> None:
        """Each visitor's smallest document, over the documents that name them: a visitor
        with no document gets one ``over_no_item`` finding, at that visitor, that says no
        document meets the condition; the others get none."""
        app = eligible_dict()
        app["documents"] = [{"kind": "cv", "pages": 1, **({"owner": o} if o else {})}
                            for o in owners]
        found = _findings({"op": "each", "path": "visitors", "as": "v", "rule": {
            "op": "compare", "cmp": ">=", "to": 1, "left": {
                "min": "$root.documents", "of": "pages", "where": {
                    "op": "compare", "path": "owner", "cmp": "==", "to": {"path": "$v.id"}}}}},
            app)
        assert [(f.code, f.loc) for f in found] == [
            ("over_no_item", ("visitors", index)) for index, visitor in enumerate(("v1", "v2"))
            if visitor not in owners]
        for finding in found:
            assert "meets its condition" in _read(finding)[1]


class TestAValueWrittenInTheCall:
    @settings(max_examples=40, deadline=None)
    @given(cmp=st.sampled_from(["<=", ">=", "<", ">", "==", "!="]),
           value=st.sampled_from(["0", "0.5", "1", "2.5"]), lines=st.integers(0, 3))
    def test_on_the_left_it_is_read_as_the_other_side(self, cmp: str, value: str,
                                                      lines: int) -> None:
        """``value cmp expression`` finds what ``expression cmp' value`` finds (the
        comparison read the other way round), and no message names the value as a field."""
        mirror = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}[cmp]
        expression = {"ratio": [{"count": _LINES}, {"count": "documents"}]}
        app = _application([("transport", "10.00")] * lines)
        written = _findings({"op": "compare", "left": {"decimal": value}, "cmp": cmp,
                             "to": expression}, app)
        read = _findings({"op": "compare", "left": expression, "cmp": mirror,
                          "to": {"decimal": value}}, app)
        assert [(f.code, f.loc, f.input) for f in written] == [
            (f.code, f.loc, f.input) for f in read]
        for finding in written:
            assert not _read(finding)[1].startswith(f"{value}:")

    def test_two_values_written_in_the_call_are_refused(self) -> None:
        """A comparison of two written values reads nothing of the application: refused
        when the call loads, never a finding naming a number as a field."""
        try:
            callrules.Call.from_dict(minimal_call({
                "op": "compare", "left": {"decimal": "0.5"}, "cmp": "<=", "to": {
                    "percent": 40}}))
        except callrules.DefinitionError as error:
            assert error.code == "wrong_type" and "reads nothing" in error.message
        else:
            raise AssertionError("loaded")


class TestANegatedCondition:
    def test_its_finding_names_the_condition(self) -> None:
        """``not exists`` a document of the visitor: the finding of a visitor who has one
        says, in each language, which condition must not be met."""
        app = eligible_dict()
        found = _findings({"op": "each", "path": "visitors", "as": "v", "rule": {
            "op": "not", "rule": {"op": "exists", "path": "$root.documents", "where": {
                "op": "compare", "path": "owner", "cmp": "==", "to": {"path": "$v.id"}}}}},
            app)
        assert [f.code for f in found] == ["not_satisfied", "not_satisfied"]
        said = _read(found[0])
        assert said[1].startswith("This condition must not be met, and it is: at least one")
        assert "documents" in said[1] and "This condition is not met." not in said
