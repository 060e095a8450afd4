"""A milestone or rate table is shown to people by a label in each of the call's languages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules._labels import BUILT_IN_MILESTONES
from tests.test_definitions import minimal_call, refused

LANGUAGES = ("fr", "en", "es", "pt")
NAMES = st.from_regex(r"[a-z][a-z_]{0,20}", fullmatch=True)


def labelled(names: dict[str, tuple[str, ...]]) -> dict[str, dict[str, str]]:
    """Labels of each milestone in the languages given for it."""
    return {name: {lang: f"{name} ({lang})" for lang in langs}
            for name, langs in names.items()}


class TestLoad:
    @given(NAMES, st.sets(st.sampled_from(("fr", "en")), max_size=2))
    def test_a_milestone_without_a_label_in_a_language_is_refused(
            self, name: str, given_in: set[str]) -> None:
        """Any milestone name, labelled in any part of the call's languages: it loads when
        every language has its label or the library labels it, else missing_translation at
        its label's place."""
        data = minimal_call(timeline={"deadline": datetime(2026, 6, 1, 17),
                                      name: datetime(2026, 5, 1, 17)}, label_all=False)
        if given_in:
            data["labels"] = {"milestones": labelled({name: tuple(sorted(given_in))})}
        if name in BUILT_IN_MILESTONES or given_in == {"fr", "en"}:
            callrules.Call.from_dict(data)
            return
        error = refused(data)
        assert (error.code, error.loc) == ("missing_translation",
                                           ("labels", "milestones", name))

    def test_a_rate_table_without_labels_is_refused(self) -> None:
        """A table parameter is named in words by its label: without one in each language,
        refused; with them, it loads."""
        data = minimal_call(label_all=False)
        data["parameters"]["nightly"] = {
            "table": {"keys": ["place"], "value": "money", "currency": "EUR"},
            "versions": [{"from": "2026-01-01", "source": "Arrêté", "rows": [{"key": ["paris"],
                                                          "value": "110.00"}]}]}
        error = refused(data)
        assert (error.code, error.loc) == ("missing_translation",
                                           ("labels", "parameters", "nightly"))
        data["labels"] = {"parameters": {"nightly": {"fr": "Nuitée", "en": "Night"}}}
        assert callrules.Call.from_dict(data).labels.parameter("nightly", "fr") == "Nuitée"


class TestWords:
    @pytest.mark.parametrize("lang", LANGUAGES)
    def test_built_in_milestones_read_in_the_readers_language(self, lang: str) -> None:
        """A call that does not label deadline and results: its checklist's timeline reads
        the catalogs' labels, never the codes ("Deadline" in French)."""
        data = minimal_call(timeline={"deadline": datetime(2026, 6, 1, 17),
                                      "results": datetime(2026, 7, 1)},
                            languages=list(LANGUAGES),
                            title={lang: "T" for lang in LANGUAGES})
        for clause in data["clauses"]:
            clause["title"] = clause["text"] = {lang: "C" for lang in LANGUAGES}
        call = callrules.Call.from_dict(data)
        text = call.checklist(lang, audience="officers")
        words: dict[str, Any] = {"fr": "Date limite de dépôt", "en": "Submission deadline",
                                 "es": "Fecha límite de presentación",
                                 "pt": "Prazo de submissão"}
        assert words[lang] in text
        assert ("Deadline" in text) == (lang == "en" and "Deadline" in words[lang])
