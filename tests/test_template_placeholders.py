"""Every text of a call file that takes placeholders (a rule's messages, a plan line's label)
names only what it is filled with: anything else is refused when the call loads, naming the
text, and what is accepted reads without holes."""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

import callrules
from callrules._messages import CODES
from callrules.planning.declaration import PLACEHOLDERS, fills
from callrules.planning.render import line_label
from tests.conftest import EXAMPLES, ROOT, eligible_dict
from tests.helpers import code_tokens
from tests.laws import settings

CNRS = tomllib.loads((ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml")
                     .read_text("utf-8"))
LANGS = ("fr", "en", "es", "pt")
AT = datetime(2026, 6, 1, 8, tzinfo=UTC)

#: Lines of every kind, beside the bundled call's (stated per visitor, looked-up rates per
#: visitor): an amount for the whole application, an amount per visitor, a rate given as a
#: figure (not looked up) per visitor.
EXTRA_LINES: list[dict[str, Any]] = [
    {"id": "visa", "category": "visa", "amount": {"param": "fee"},
     "label": {lang: "Visa" for lang in LANGS}},
    {"id": "registration", "category": "registration", "each": "visitors",
     "amount": {"param": "fee"},
     "label": {lang: "Registration" for lang in LANGS}},
    {"id": "insurance", "category": "insurance", "each": "visitors",
     "quantity": {"days_between": [{"path": "stay.arrival"}, {"path": "stay.departure"}]},
     "rate": {"param": "daily"},
     "label": {lang: "Insurance" for lang in LANGS}},
]
#: For each line of that plan: its kind, whether its rate is looked up, whether it is per
#: visitor.
KINDS = [("stated", False, True), ("rate", True, True), ("rate", True, True),
         ("amount", False, False), ("amount", False, True), ("rate", False, True)]


def cnrs_with(labels: dict[int, str] | None = None, message: tuple[str, str] | None = None
              ) -> dict[str, Any]:
    """The bundled call with every kind of plan line, ``labels`` (line → template, in every
    language) and ``message`` (a finding code and a template for the first rule)."""
    data = copy.deepcopy(CNRS)
    data["plan"]["lines"] += copy.deepcopy(EXTRA_LINES)
    data["parameters"].update(fee={"amount": "15.00", "currency": "EUR"},
                              daily={"amount": "2.00", "currency": "EUR"})
    for index, text in (labels or {}).items():
        data["plan"]["lines"][index]["label"] = {lang: text for lang in LANGS}
    if message is not None:
        code, text = message
        data["rules"][0]["messages"] = {code: {lang: text for lang in LANGS}}
    return data


def test_the_kinds_are_those_of_the_plan() -> None:
    """The plan the laws use has one line of each kind listed in KINDS."""
    call = callrules.Call.from_dict(cnrs_with())
    lines = call.definition.plan["lines"]
    assert len(lines) == len(KINDS)
    for line, (how, looked_up, each) in zip(lines, KINDS, strict=True):
        given = "stated" if line.get("stated") else "amount" if "amount" in line else "rate"
        assert (given, "lookup" in str(line.get("rate")), "each" in line) == (
            how, looked_up, each)


NAMES = st.lists(st.sampled_from(sorted(PLACEHOLDERS | {"value", "field", "input"})),
                 max_size=4, unique=True)


class TestPlanLabels:
    @settings(max_examples=30, deadline=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(index=st.integers(0, len(KINDS) - 1), names=NAMES)
    def test_a_label_names_only_what_its_line_fills(self, index: int,
                                                     names: list[str]) -> None:
        """Law: a label naming a placeholder its kind of line never fills is refused at load
        (bad_template, at that label); an accepted one reads, on every line whose amount is
        known, with every placeholder filled."""
        template = "L " + " ".join(f"%({name})s" for name in names)
        known = fills(*KINDS[index])
        data = cnrs_with({index: template})
        if not set(names) <= known:
            with pytest.raises(callrules.DefinitionError) as caught:
                callrules.Call.from_dict(data)
            assert caught.value.code == "bad_template"
            assert caught.value.loc[:4] == ("plan", "lines", index, "label")
            return
        call = callrules.Call.from_dict(data)
        plan = callrules.plan(call, eligible_dict(), now=AT)
        line_id = data["plan"]["lines"][index]["id"]
        shown = [line_label(plan, line, lang) for line in plan.lines
                 if line.line == line_id and line.status != "to_state" for lang in LANGS]
        assert shown
        for text in shown:
            assert text.startswith("L") and "—" not in text and "%(" not in text, text

    def test_a_label_of_a_line_still_to_state_is_not_shown_with_holes(self) -> None:
        """A line whose values are not known (the applicant stated no travel) shows no
        label rather than one with holes."""
        assert _labels_to_state("Travel %(amount)s", ("en",)) == {""}

    def test_a_label_naming_only_the_category_is_not_shown_on_a_line_to_state(self) -> None:
        """A stated line the applicant has not stated yet shows no label even when its label
        names only what is known ("%(category)s, as stated"): its amount is not known
        (attack 38c: "travel: to be stated — Travel, as stated")."""
        assert _labels_to_state("%(category)s, as stated", LANGS) == {""}


def _labels_to_state(label: str, langs: Iterable[str]) -> set[str]:
    """The labels, in ``langs``, of the lines still to state of a plan for the eligible
    example without its travel, the call's first plan line labelled ``label`` (at least
    one such line)."""
    call = callrules.Call.from_dict(cnrs_with({0: label}))
    app = eligible_dict()
    app["budget"]["lines"] = [line for line in app["budget"]["lines"]
                              if line["category"] != "transport"]
    plan = callrules.plan(call, app, now=AT)
    to_state = [line for line in plan.lines if line.status == "to_state"]
    assert to_state
    return {line_label(plan, line, lang) for line in to_state for lang in langs}


#: Placeholders written the way of other template languages.
BRACED = ["{quantity}", "{0.__class__}", "{}", "${rate}", "{0}", "{name!r}"]


class TestBraces:
    @pytest.mark.parametrize("braced", BRACED)
    def test_a_braced_placeholder_in_a_label_is_refused(self, braced: str) -> None:
        """`{name}` in a plan line's label is refused (bad_template), naming the label and
        quoting what was written."""
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(cnrs_with({1: f"Lodging: {braced}"}))
        assert caught.value.code == "bad_template"
        assert caught.value.loc == ("plan", "lines", 1, "label", "fr")
        assert braced in str(caught.value)

    @pytest.mark.parametrize("braced", BRACED)
    def test_a_braced_placeholder_in_a_message_is_refused(self, braced: str) -> None:
        """`{name}` in a rule's message is refused the same way."""
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(cnrs_with(message=("not_allowed", f"{braced} no")))
        assert caught.value.code == "bad_template"
        assert caught.value.loc[:3] == ("rules", 0, "messages")

    def test_a_brace_in_prose_is_kept(self) -> None:
        """A lone brace, or braces around words with spaces, are text, not placeholders."""
        call = callrules.Call.from_dict(cnrs_with({0: "Travel { as stated } {"}))
        assert call.id == "cnrs-amsud-2026"


class TestRuleMessages:
    @settings(max_examples=30, deadline=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(code=st.sampled_from(sorted(CODES)), names=NAMES)
    def test_a_message_names_only_what_its_code_fills(self, code: str,
                                                       names: list[str]) -> None:
        """Law: a rule's message naming a placeholder findings of its code never fill is
        refused at load (bad_template, at that code's text)."""
        known = {"field", "Field", "value", *re.findall(r"%\(([^)]*)\)", CODES[code])}
        template = "M " + " ".join(f"%({name})s" for name in names)
        data = cnrs_with(message=(code, template))
        if set(names) <= known:
            callrules.Call.from_dict(data)
            return
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(data)
        assert (caught.value.code, caught.value.loc[:4]) == (
            "bad_template", ("rules", 0, "messages", code))


    @settings(max_examples=20, deadline=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(code=st.sampled_from(sorted(CODES)), names=NAMES, percents=st.integers(1, 3))
    def test_an_escaped_percent_sign_names_no_placeholder(self, code: str, names: list[str],
                                                          percents: int) -> None:
        """Law: ``%%(name)s`` is a percent sign and the text "(name)s", no placeholder,
        whatever the name and the code (att52j: "literal %%(value)s here" was refused for a
        warning not judged, and "%%(input)s" for every code); an odd number of percent
        signs before it leaves one placeholder, checked as any other."""
        escaped = "%%" * percents
        data = cnrs_with(message=(code, "M " + " ".join(f"{escaped}({n})s" for n in names)
                                  + " %(Field)s"))
        call = callrules.Call.from_dict(data)
        assert call.program.rules[0].wording[code]["en"] % {"Field": "F"} == (
            "M " + " ".join(f"{'%' * percents}({n})s" for n in names) + " F")
        odd = cnrs_with(message=(code, f"M {escaped}%(nothing_such)s"))
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(odd)
        assert caught.value.code == "bad_template"


class TestWhatTheLoaderOffers:
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(code=st.sampled_from(sorted(CODES)))
    def test_every_placeholder_the_refusal_offers_is_accepted(self, code: str) -> None:
        """Law: a message naming a placeholder its code never fills is refused with the list
        of those it fills, and a message naming every one of them (``%(Field)s``, a
        ``not_included``'s ``%(found)s``…) is accepted: the loader never suggests what it
        refuses, nor calls a template with an unknown name "not a message template"."""
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(cnrs_with(message=(code, "M %(nothing_such)s")))
        said = str(caught.value)
        assert "not a message template" not in said
        offered = re.search(r"it fills ([^\[]+?) \[bad_template\]", said)
        assert offered is not None, said
        names = offered[1].split(", ")
        assert "Field" in names and ("found" in names) is (code == "not_included")
        callrules.Call.from_dict(cnrs_with(
            message=(code, "M " + " ".join(f"%({name})s" for name in names))))


#: What Python's repr of an object writes (``amount=Money('1180.00', 'EUR')``): code, not
#: words.
REPR = re.compile(r"\w=|\w\(")


class TestRuleMessagesRead:
    @pytest.mark.parametrize("lang", LANGS)
    def test_a_message_naming_all_its_code_fills_reads_without_holes_or_code(
            self, lang: str) -> None:
        """For each finding of the example applications, the call's own message naming
        every placeholder its code fills reads each of them in words: no "?" (a hole), no
        code (a model's repr, for a total's lines)."""
        call = callrules.Call.from_dict(CNRS)
        findings = [finding for name in ("eligible.json", "ineligible.json")
                    for report in [callrules.evaluate(call, (EXAMPLES / name).read_text(
                        "utf-8"), now=AT)] for finding in report.errors + report.warnings]
        assert len({finding.code for finding in findings}) >= 8
        for finding in findings:
            known = {"field", "Field", "value",
                     *re.findall(r"%\(([^)]*)\)", CODES[finding.code])}
            template = " | ".join(f"%({name})s" for name in sorted(known))
            own = callrules.Finding(finding.code, finding.clause, finding.severity,
                                    finding.loc, finding.input, finding.ctx, {lang: template})
            text = own.message(lang)
            assert "?" not in text.split(" | "), (finding.code, text)
            assert not code_tokens(text) and not REPR.search(text), (finding.code, text)
