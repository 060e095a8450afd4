"""One noun per thing in each catalog: Spanish says "candidatura" for an application (as the
service's page, the docs and the French "candidature" do; "solicitud" is kept for an HTTP
request), "partida del presupuesto" for a budget line, "archivo de convocatoria" for a call
file; Portuguese "arquivo de chamada"."""

from __future__ import annotations

import json
import re

import pytest

import callrules
from callrules.serve._http import labels as serve_labels
from tests.test_i18n import catalog

#: Words that name the same thing as the chosen noun, by language.
OTHER_NOUNS = {
    "es": re.compile(r"\bsolicitud(es)?\b|\bl[íi]neas? del? presupuesto\b|"
                     r"\barchivos? de la convocatoria\b", re.IGNORECASE),
    "pt": re.compile(r"\barquivos? da chamada\b", re.IGNORECASE),
}


@pytest.mark.parametrize("lang", sorted(OTHER_NOUNS))
def test_each_thing_has_one_noun_in_the_catalog(lang: str) -> None:
    """No translation of an application, a budget line or a call file uses a second noun
    (a message about an HTTP request may say "solicitud")."""
    for message in catalog(lang):
        english = " ".join(message.id) if isinstance(message.id, tuple) else message.id
        if not english or "request" in english.lower():  # ("Request headers too long")
            continue
        for text in (message.string if isinstance(message.string, tuple)
                     else (message.string,)):
            assert not OTHER_NOUNS[lang].search(text or ""), text


def test_the_page_says_candidatura_for_an_application() -> None:
    """The service page's Spanish names an application "candidatura" too."""
    labels = serve_labels()
    for key in ("problem_internal_record_detail", "problem_archive_detail"):
        assert "candidaturas" in labels["es"][key], labels["es"][key]


@pytest.mark.parametrize(("lang", "by", "on"), [("en", "Signatory", "Date"),
                                                ("fr", "Signataire", "Date"),
                                                ("es", "Firmante", "Fecha"),
                                                ("pt", "Signatário", "Data")])
def test_an_approvals_fields_are_named_as_nouns(lang: str, by: str, on: str) -> None:
    """The page and the schema title an approval's person and date "Signataire" and "Date"
    (never "Par" and "Le", a preposition and an article alone)."""
    text = json.dumps(callrules.schema("application", locale=lang), ensure_ascii=False)
    assert f'"title": "{by}"' in text and f'"title": "{on}"' in text
    assert '"title": "Par"' not in text and '"title": "Le"' not in text
