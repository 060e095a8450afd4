"""An amendment's label in each of the call's languages (``label = { fr = "avenant 1", en =
"amendment 1" }``), as the call's other texts: a French report reads « avenant 1 », not the
English label; one text is still taken, and a label of any other shape is refused."""

from __future__ import annotations

import tomllib
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import callrules
from tests.conftest import ROOT, eligible_dict

PARIS = ZoneInfo("Europe/Paris")
LABELS = {"fr": "avenant 1", "en": "amendment 1", "es": "enmienda 1", "pt": "aditivo 1"}


def amended(label: object) -> callrules.Call:
    data = tomllib.loads((ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text())
    data["parameters"]["cap"] = {"history": [
        {"from": "2026-04-21T00:00:00", "value": {"amount": "3100.00", "currency": "EUR"}},
        {"from": "2026-05-15T12:00:00", "value": {"amount": "3500.00", "currency": "EUR"},
         "label": label}]}
    return callrules.Call.from_dict(data, source="amended")


def report_text(call: callrules.Call, lang: str) -> str:
    app: dict[str, Any] = eligible_dict()
    report = callrules.evaluate(call, app, now=datetime(2026, 5, 20, 12, tzinfo=PARIS))
    return report.render(lang)


class TestAmendmentLabels:
    @pytest.mark.parametrize("lang", sorted(LABELS))
    def test_a_label_per_language_is_read_in_the_readers_language(self, lang: str) -> None:
        """Each report names the amendment in its own language, and no other's label."""
        text = report_text(amended(LABELS), lang)
        assert LABELS[lang] in text
        assert not [other for key, other in LABELS.items() if key != lang and other in text]

    def test_one_text_is_still_a_label(self) -> None:
        """A single text is every language's label."""
        assert "amendment 1" in report_text(amended("amendment 1"), "fr")

    @pytest.mark.parametrize("label", ["", 3, {}, {"fr": ""}, {"fr": 1}, ["a"],
                                       {"fr": "x" * 201}])
    def test_a_label_of_another_shape_is_refused(self, label: object) -> None:
        """An empty text, a number, an empty table, a text too long: ``bad_history``."""
        with pytest.raises(callrules.DefinitionError) as caught:
            amended(label)
        assert caught.value.code == "bad_history"
        assert caught.value.loc[-1] == "label"
