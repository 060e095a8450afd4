"""Every count a person reads is written in the reader's digits (« 1 000 », "1,000",
« 1.000 »), as the library writes its amounts and limits: the heading of a report's
findings, a plan's amounts left to state, a list's "and N more", a selection's problems."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest

import callrules
from callrules import rules as r
from callrules._report import Finding, Severity
from tests.conftest import EXAMPLES, eligible_dict
from tests.test_rule_language import cnrs_checking

#: A count of 1,000 (the most visitors or documents an application gives) as the library
#: writes a number for each language (babel's ``format_decimal``, as its amounts and limits).
WRITTEN = {"en": "1,000", "fr": "1\u202f000", "es": "1.000", "pt": "1.000"}
LANGS = sorted(WRITTEN)
#: A run of four digits or more: a count written as a machine writes it.
BARE = re.compile(r"(?<![\d.,\u202f])\d{4,}(?![\d.,\u202f])")


def _visitors(data: dict[str, Any], count: int) -> dict[str, Any]:
    visitor = data["visitors"][0]
    data["visitors"] = [{**visitor, "id": f"v{n}"} for n in range(count)]
    return data


@pytest.mark.parametrize("lang", LANGS)
def test_a_report_counts_its_findings_in_the_reader_s_digits(lang: str) -> None:
    """1,000 documents owned by no visitor: the text report heads its errors with their
    count written as the reader writes it."""
    call = cnrs_checking("owned-documents", r.each(
        "documents", {"op": "in", "path": "owner", "set": {"path": "$root.visitors.id"}}))
    data = eligible_dict()
    data["documents"] = [{"kind": "cv", "owner": f"w{n}", "pages": 1} for n in range(1000)]
    text = callrules.evaluate(call, data).render(lang)
    heading = next(line for line in text.splitlines() if "(" in line and ":" in line
                   and WRITTEN[lang] in line)
    assert not BARE.search(heading.replace(WRITTEN[lang], "")), heading


@pytest.mark.parametrize("lang", LANGS)
def test_a_list_left_out_is_counted_in_the_reader_s_digits(lang: str) -> None:
    """A finding about a list longer than it shows says how many more, in the reader's
    digits."""
    items = [f"id-{n:05}" for n in range(1300)]
    finding = Finding("not_allowed", "c", Severity.ERROR, ("x",), items, {"allowed": items})
    message = finding.message(lang)
    assert not BARE.search(re.sub(r"id-\d{5}", "", message)), message


@pytest.mark.parametrize("lang", LANGS)
def test_a_plan_counts_the_amounts_to_state_in_the_reader_s_digits(lang: str) -> None:
    """A plan of 1,000 visitors whose travel is to be stated counts the amounts left to the
    applicant as the reader writes a number (before: « : 1000. » in every language)."""
    data = _visitors(eligible_dict(), 1000)
    data["budget"]["lines"] = []
    text = callrules.plan(callrules.calls.load("cnrs-amsud-2026"), data).render(lang)
    told = [line for line in text.splitlines() if line.endswith(f" {WRITTEN[lang]}.")]
    assert len(told) == 1 and not BARE.search(told[0].replace(WRITTEN[lang], "")), told


#: The heading of a text report's errors, in the singular and the plural, by language.
ERRORS_HEADING = {"en": ("Error (", "Errors ("), "fr": ("Erreur (", "Erreurs ("),
                  "es": ("Error (", "Errores ("), "pt": ("Erro (", "Erros (")}


@pytest.mark.parametrize("lang", sorted(ERRORS_HEADING))
def test_a_report_s_heading_agrees_with_its_count(lang: str) -> None:
    """A text report's heading counting its errors takes the noun its count asks, by the
    language's plural rule (CLDR through the catalogs' plural forms): « Erreur (1) : »,
    « Erreurs (13) : ». Before: « Erreurs (1) », « Errores (1) », « Erros (1) » (att80 D3)."""
    from babel import Locale

    call = callrules.calls.load("cnrs-amsud-2026")
    one = eligible_dict()
    one["visitors"][0]["institution"]["location"] = {"country": "FR", "city": "Lyon"}
    many = (EXAMPLES / "ineligible.json").read_text("utf-8")
    for application in (one, many):
        report = callrules.evaluate(call, application,
                                    now=datetime.fromisoformat("2026-06-02T09:00:00+02:00"))
        count = len(report.errors)
        heading = ERRORS_HEADING[lang][Locale.parse(lang).plural_form(count) != "one"]
        assert f"{heading}{count})" in report.render(lang), (count, report.render(lang))
        assert count == 1 if application is one else count > 1
