"""An invisible character an applicant typed is shown one way in one report: named in words
in the reader's language (« [caractère invisible U+202E] »), in the id, a visitor's name and
a budget line's label alike, in the text report, its HTML and the people's CSV; never a
Python escape (``\\u202e``) beside the words."""

from __future__ import annotations

import pytest

import callrules
from callrules._html import report_html
from callrules._tables import people_rows
from tests.conftest import eligible_dict

NAMED = {"en": "[invisible character U+202E]", "fr": "[caractère invisible U+202E]"}


def _item() -> callrules.BatchItem:
    app = eligible_dict()
    app["id"] = "AMSUD-2026-0101\u202e"
    app["visitors"][0]["person"]["family_name"] = "Silva\u202egnp.exe"
    app["visitors"][0]["stay"]["departure"] = "2026-12-30"  # a stay too long: a finding
    app["budget"]["lines"][0]["label"] = "Vol\u202e retour"
    app["budget"]["lines"][0]["beneficiary"] = "nobody"  # a finding at that line
    result = callrules.evaluate_many(callrules.calls.load("cnrs-amsud-2026"), [app],
                                     now=callrules.parse_instant("2026-05-30T10:00:00+02:00"))
    (item,) = result.items
    assert item.report is not None and item.report.findings
    return item


@pytest.mark.parametrize("lang", sorted(NAMED))
def test_an_invisible_character_is_named_the_same_way_everywhere(lang: str) -> None:
    """The text report, its HTML and the people's CSV rows name U+202E in words wherever it
    is shown, and never write it as \\u202e."""
    item = _item()
    report = item.report
    assert report is not None
    outputs = {"text": report.render(lang), "html": report_html(report, lang),
               "csv": "\n".join(str(c) for row in people_rows(item, lang) for c in row)}
    for kind, text in outputs.items():
        assert "\\u202e" not in text and "\u202e" not in text, (kind, text)
        assert NAMED[lang] in text, (kind, text)
    assert outputs["text"].count(NAMED[lang]) >= 2  # the id and a name or label
