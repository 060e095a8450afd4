"""A finding in a table's row: its place, then its message, the field's label said once (a
row never reads « Visas : Visas : il manque… »)."""

from __future__ import annotations

import html
import itertools
import json
import re

from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules._html import batch_html, report_html
from callrules._messages import CODES, FIELDS
from callrules._places import field_label, place
from callrules._report import Finding, Severity
from callrules._tables import people_rows
from callrules._text import finding_line, labels_of, report_text
from callrules._wording import render_finding
from tests.conftest import ROOT
from tests.laws import settings

LANGS = ("en", "fr", "es", "pt")
#: Every finding code whose message leads with its field's label, in the catalogs' English.
LEADING = sorted(code for code, text in CODES.items() if text.startswith("%(Field)s:"))
FIELD_KEYS = sorted(key for key in FIELDS if "." in key or key.isidentifier())


def _ineligible() -> callrules.BatchResult:
    call = callrules.calls.load("cnrs-amsud-2026")
    app = json.loads((ROOT / "examples" / "ineligible.json").read_text(encoding="utf-8"))
    return callrules.evaluate_many(call, [app])


def _repeats(text: str) -> bool:
    """Whether a line says a label, a colon, and the same label again (any case)."""
    for line in text.splitlines():
        parts = [p.strip(" \u202f\u00a0").casefold() for p in re.split(r"[:;]", line)]
        heads = [p.rsplit(" — ", 1)[-1] for p in parts]
        if any(a and a == b for a, b in zip(heads, parts[1:], strict=False)):
            return True
    return False


class TestRowsSayTheLabelOnce:
    def test_the_bundled_ineligible_example_repeats_no_label_in_any_language(self) -> None:
        """rows(), the people's CSV rows, the batch and report HTML: no label said twice."""
        result = _ineligible()
        (item,) = result.items
        assert item.report is not None
        for lang in LANGS:
            cells = [str(v) for row in result.rows(lang) for v in row.values()]
            cells += [str(c) for row in people_rows(item, lang) for c in row]
            cells += [batch_html(result, lang), report_html(item.report, lang)]
            assert not [c for c in cells if _repeats(c)], lang
            assert len(item.report.findings) == 13

    def test_a_row_reads_the_place_then_what_is_wrong(self) -> None:
        """« Visas : il manque le visa… », not « Visas : Visas : il manque… »."""
        rows = _ineligible().rows("fr")[0]
        assert rows["Visa du directeur ou de la directrice d’unité"] == (
            "Visas\u202f: il manque le visa du directeur ou de la directrice d’unité.")
        assert rows["Langue"].startswith(
            "Langue de la candidature\u202f: «\u202fespagnol\u202f» ne fait pas partie")

    def test_a_message_alone_still_names_its_field(self) -> None:
        """The JSON's and Finding.message's text stands alone: it leads with the label."""
        report = _ineligible().reports[0]
        approvals = next(f for f in report.findings if f.loc == ("approvals",))
        assert report.message_of(approvals, "en").startswith("Approvals: ")
        assert report.to_dict("en")["errors"][4]["message"].startswith("Approvals: ")

    @settings(max_examples=200)
    @given(code=st.sampled_from(LEADING), key=st.sampled_from(FIELD_KEYS),
           lang=st.sampled_from(LANGS), item=st.booleans())
    def test_any_finding_beside_a_place_naming_its_field_does_not_name_it_again(
            self, code: str, key: str, lang: str, item: bool) -> None:
        """Any code whose message leads with the label, any field, any language: beside a
        place that ends with the field's label, the message starts after it; beside a
        place that ends with an item (« Dates de déplacement 2 »), which says it, too (never
        « Date 2 : Date : … », a date of a list of dates said as a field of itself: session
        44 G5)."""
        parts: list[str | int] = key.split(".")  # type: ignore[assignment]
        loc = tuple(parts[:1] + [0] + parts[1:]) if item and len(parts) > 1 else tuple(parts)
        finding = Finding(code, "c", Severity.ERROR, loc, "x", {})
        label = field_label(key, lang)
        placed = render_finding(finding, lang, placed=True)
        assert not placed.casefold().startswith(label.casefold())
        where = place(loc, lang)
        assert where.casefold().endswith(label.casefold())
        alone = render_finding(finding, lang)
        assert alone.casefold().startswith(label.casefold())
        item_loc = (*loc, 0)  # a place that ends with an item: it has said the field,
        at_item = Finding(code, "c", Severity.ERROR, item_loc, "x", {})  # but its label
        alone = render_finding(at_item, lang)  # stays before the value as typed (look60w)
        assert alone.casefold().startswith(label.casefold())
        assert render_finding(at_item, lang, placed=True).casefold().startswith(
            label.casefold()) == _value_first(alone, label)

    def test_a_line_is_the_place_a_colon_and_the_rest(self) -> None:
        """finding_line joins the place and the message with the language's colon."""
        report = _ineligible().reports[0]
        approvals = next(f for f in report.findings if f.loc == ("approvals",))
        assert finding_line(report, approvals, "en", None) == (
            "Approvals: the approval of the unit director is missing.")


def _value_first(alone: str, label: str) -> bool:
    """Whether a finding's message standing alone (« Answers: x; maximum: … ») says, after
    its label and colon, the value as typed (``x``) first: under or beside the place of an
    item of a list, that message keeps its label (never « x; maximum: … », « de n’est pas
    accepté ici »: look60w R-C)."""
    return alone[len(label):].lstrip(" \u00a0\u202f:").startswith("x")


def _said_again(text: str) -> list[tuple[str, str]]:
    """Each place line of a text report whose message, on the line under it, starts with
    the field's label the place ends with (« Approvals » then « Approvals: … »)."""
    lines = text.splitlines()
    out = []
    for where, message in itertools.pairwise(lines):
        if where.startswith("  ") and not where.startswith("    ") and \
                message.startswith("    "):
            label = where.strip().rsplit(" — ", 1)[-1].casefold()
            if message.strip().casefold().startswith(label):
                out.append((where, message))
    return out


class TestTheTextReportSaysTheLabelOnce:
    def test_the_bundled_ineligible_example_names_each_field_once_in_any_language(
            self) -> None:
        """The place line names the field; the message under it does not name it again;
        each message starts with a capital when its first word is the library's own or a
        code's label (« Il manque le visa… », « Fixed-term contract is not… »)."""
        report = _ineligible().reports[0]
        for lang in LANGS:
            text = report_text(report, lang)
            assert _said_again(text) == [], lang
        en = report_text(report, "en").splitlines()
        assert "    The approval of the unit director is missing." in en
        assert "    Fixed-term contract is not among the accepted values (permanent staff)." in en
        assert "    Researcher is not among the accepted values (engineer, other technical " \
               "staff, and technician)." in en
        assert any(line.startswith("    assistant@ipgp.fr; it must be") for line in en)
        fr = report_text(report, "fr").splitlines()
        assert "    Il manque le visa du directeur ou de la directrice d’unité." in fr

    @settings(max_examples=200)
    @given(code=st.sampled_from(LEADING), key=st.sampled_from(FIELD_KEYS),
           lang=st.sampled_from(LANGS), item=st.booleans())
    def test_any_finding_under_a_place_naming_its_field_does_not_name_it_again(
            self, code: str, key: str, lang: str, item: bool) -> None:
        """Any code whose message leads with the label, any field, any language: under a
        place that ends with the field's label, the message starts after it, with the
        words beside the place but a capital when it starts with a word of its own; under
        a place that ends with an item, which says it, too (session 44 G5)."""
        parts: list[str | int] = key.split(".")  # type: ignore[assignment]
        loc = tuple(parts[:1] + [0] + parts[1:]) if item and len(parts) > 1 else tuple(parts)
        finding = Finding(code, "c", Severity.ERROR, loc, "x", {})
        label = field_label(key, lang)
        under = render_finding(finding, lang, under=True)
        beside = render_finding(finding, lang, placed=True)
        assert not under.casefold().startswith(label.casefold())
        assert under.casefold() == beside.casefold()
        if beside[:1].islower() and not beside.startswith("x"):  # a word, not the value
            assert under[:1].isupper()
        at_item = Finding(code, "c", Severity.ERROR, (*loc, 0), "x", {})
        alone = render_finding(at_item, lang)
        assert alone.casefold().startswith(label.casefold())
        assert render_finding(at_item, lang, under=True).casefold().startswith(
            label.casefold()) == _value_first(alone, label)


#: A computed value's expression for each shape a comparison's left side may take, on the
#: dates of a visitor's stay and the budget (attack 35b: the under-the-label shortening
#: dropped « The number of days from… » as if it were the field's label).
_COMPUTED = {
    "days_between": ({"days_between": [{"path": "stay.arrival"}, {"path": "stay.departure"}]},
                     "<=", 3),
    "shift_months": ({"shift": {"path": "stay.departure"}, "months": -2}, "<=",
                     {"milestone": "dl"}),
    "shift_days": ({"shift": {"path": "stay.arrival"}, "days": 1}, "<", {"milestone": "dl"}),
    "sum": ({"sum": "$root.budget.lines", "of": "amount"}, "<=",
            {"amount": "1.00", "currency": "EUR"}),
    "count": ({"count": "$root.documents"}, "<=", 1),
    "plus": ({"plus": [{"days_between": [{"path": "stay.arrival"},
                                          {"path": "stay.departure"}]}, 1]}, "<=", 3),
}


def _computed_report(left: object, cmp: str, to: object) -> callrules.BatchResult:
    labels = {lang: f"T-{lang}" for lang in LANGS}
    call = callrules.Call.from_dict({
        "id": "computed", "version": "1", "languages": list(LANGS), "title": labels,
        "timezone": "Europe/Paris", "currency": "EUR",
        "timeline": {"dl": "2026-01-01T17:00:00"},
        "labels": {"milestones": {"dl": {lang: f"deadline-{lang}" for lang in LANGS}}},
        "clauses": [{"id": "c", "title": labels, "text": labels}],
        "rules": [{"clause": "c", "check": {"op": "each", "path": "visitors", "rule": {
            "op": "compare", "left": left, "cmp": cmp, "to": to}}}]})
    app = json.loads((ROOT / "examples" / "eligible.json").read_text(encoding="utf-8"))
    app.pop("call", None)
    return callrules.evaluate_many(call, [app])


class TestAComputedValueKeepsItsWords:
    def test_every_expression_shape_is_said_whole_under_and_beside_its_place(self) -> None:
        """Every shape of a computed left side × 4 languages × the text report, the HTML
        report and the people's CSV rows: the message under or beside the place is the
        whole message, its expression's words first (« The number of days from “date of
        arrival” to “date of departure”: 7 », never « date of departure / 7 »)."""
        for shape, (left, cmp, to) in _COMPUTED.items():
            result = _computed_report(left, cmp, to)
            (item,) = result.items
            report = item.report
            assert report is not None and report.findings, shape
            for lang in LANGS:
                text = report_text(report, lang)
                # (each value a message inserts is isolated: the words read without the tags)
                page = re.sub(r"</?bdi[^>]*>", "", report_html(report, lang))
                cells = {str(c) for row in people_rows(item, lang) for c in row}
                for finding in report.findings:
                    whole = render_finding(finding, lang, labels=labels_of(report))
                    assert render_finding(finding, lang, labels=labels_of(report),
                                          under=True) == whole, (shape, lang)
                    assert render_finding(finding, lang, labels=labels_of(report),
                                          placed=True) == whole, (shape, lang)
                    assert f"    {whole}" in text.splitlines(), (shape, lang)
                    assert html.escape(whole, quote=False) in page, (shape, lang)
                    assert any(whole in cell for cell in cells), (shape, lang)

    def test_a_path_alone_on_the_left_is_the_field_its_place_names(self) -> None:
        """``left = { path = … }`` says the field's label, quoted: under the place that
        ends with it, the message starts after it, as for ``path``."""
        result = _computed_report({"path": "stay.arrival"}, "<", {"milestone": "dl"})
        report = result.reports[0]
        for lang in LANGS:
            text = report_text(report, lang)
            assert _said_again(text) == [], lang
            finding = report.findings[0]
            label = field_label("visitors.stay.arrival", lang)
            assert label in render_finding(finding, lang)
            assert label not in render_finding(finding, lang, under=True)
