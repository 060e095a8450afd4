"""A computed date compared with a milestone: the milestone, moved or not, is said as the
limit in words every language reads (« limite : l’échéance « date limite » (1er janvier
2026) — la date doit être antérieure »), never after a preposition that contracts with a
date only (« antérieure au l’échéance », « anterior al el hito », « anterior a o marco »,
« antérieure au 3 jours avant… »: attack 35b)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

import callrules
from tests.conftest import ROOT

LANGS = ("en", "fr", "es", "pt")
#: Every form of a milestone as a limit: named, moved by days, a month, moved "before" by a
#: duration, moved by a parameter's days, a month moved by months.
MILESTONES: dict[str, dict[str, Any]] = {
    "named": {"milestone": "dl"},
    "moved by days": {"milestone": "dl", "days": -3},
    "a month": {"milestone": "mo"},
    "moved before": {"milestone": "dl", "before": {"months": 1}},
    "moved by a parameter": {"milestone": "dl", "days": {"param": "n"}},
    "a month moved": {"milestone": "mo", "months": 1},
}
#: A preposition contracted with an article, or with a number, before a limit's words.
CONTRACTED = re.compile(r"\bau l[’']|\bau \d|\bal el\b|\bal \d|\ba o |\ba os |\bà le\b|"
                        r"\ba el\b|\bde el\b")
LABELS = {"dl": {"en": "deadline", "fr": "date limite", "es": "plazo", "pt": "prazo"},
          "mo": {"en": "opening month", "fr": "mois d’ouverture", "es": "mes de apertura",
                 "pt": "mês de abertura"}}


def _messages(to: dict[str, Any], cmp: str) -> dict[str, str]:
    """The message, in each language, of a visitor's arrival moved by a day compared with
    ``to`` by ``cmp``, on a call whose milestones make it fail."""
    early = cmp == "<"
    names = {lang: f"T-{lang}" for lang in LANGS}
    call = callrules.Call.from_dict({
        "id": "named", "version": "1", "languages": list(LANGS), "title": names,
        "timezone": "Europe/Paris", "currency": "EUR",
        "timeline": {"dl": "2026-01-01T17:00:00" if early else "2027-06-01T17:00:00",
                     "mo": "2026-01" if early else "2027-06"},
        "clauses": [{"id": "c", "title": names, "text": names}], "parameters": {"n": 2},
        "labels": {"milestones": LABELS, "parameters": {"n": names}},
        "rules": [{"clause": "c", "check": {"op": "each", "path": "visitors", "rule": {
            "op": "compare", "left": {"shift": {"path": "stay.arrival"}, "days": 1},
            "cmp": cmp, "to": to}}}]})
    app = json.loads((ROOT / "examples" / "eligible.json").read_text(encoding="utf-8"))
    app.pop("call", None)
    report = callrules.evaluate(call, app)
    finding = report.findings[0]
    assert finding.code == ("not_before" if early else "not_after")
    return {lang: finding.message(lang) for lang in LANGS}


@pytest.mark.parametrize("cmp", ["<", ">"])
@pytest.mark.parametrize("form", sorted(MILESTONES))
def test_a_milestone_in_any_form_is_said_as_the_limit(form: str, cmp: str) -> None:
    """Every milestone form × ``<``/``>`` × 4 languages: no contraction before the limit's
    words; the milestone's label and its date both said; the French spaced with U+202F
    before its colons and semicolons."""
    messages = _messages(MILESTONES[form], cmp)
    for lang, message in messages.items():
        assert not CONTRACTED.search(message), (lang, message)
        assert LABELS[MILESTONES[form]["milestone"]][lang] in message, (lang, message)
        assert "%(" not in message and "?" not in message, (lang, message)
    assert re.search(r"[^\u202f][:;]", messages["fr"].replace("1er", "")) is None, \
        messages["fr"]


def test_the_words_of_a_named_limit() -> None:
    """The words, in each language, for the deadline itself and for 3 days before it."""
    named = _messages(MILESTONES["named"], "<")
    assert named["en"].endswith(
        "; limit: the deadline (January 1, 2026) — it must be before.")
    assert named["fr"].endswith(
        "\u202f; limite\u202f: l’échéance «\u202fdate limite\u202f» (1er janvier 2026) — "
        "la date doit être antérieure.")
    assert named["es"].endswith(
        "; límite: el hito «plazo» (1 de enero de 2026) — debe ser anterior.")
    assert named["pt"].endswith(
        "; limite: o marco “prazo” (1º de janeiro de 2026) — deve ser anterior.")
    moved = _messages(MILESTONES["moved by days"], ">")
    assert moved["fr"].endswith(
        "limite\u202f: 3\xa0jours avant l’échéance «\u202fdate limite\u202f» (29 mai 2027) — "
        "la date doit être postérieure.")
    assert moved["es"].endswith(
        "límite: 3 días antes del hito «plazo» (29 de mayo de 2027) — debe ser posterior.")


def test_a_date_as_the_limit_keeps_its_words() -> None:
    """A bare date after « antérieure au » is French: that wording stays for it."""
    names = {lang: f"T-{lang}" for lang in LANGS}
    call = callrules.Call.from_dict({
        "id": "dated", "version": "1", "languages": list(LANGS), "title": names,
        "timezone": "Europe/Paris", "currency": "EUR",
        "clauses": [{"id": "c", "title": names, "text": names}],
        "rules": [{"clause": "c", "check": {"op": "each", "path": "visitors", "rule": {
            "op": "compare", "left": {"shift": {"path": "stay.arrival"}, "days": 1},
            "cmp": "<", "to": "2026-01-01"}}}]})
    app = json.loads((ROOT / "examples" / "eligible.json").read_text(encoding="utf-8"))
    app.pop("call", None)
    finding = callrules.evaluate(call, app).findings[0]
    assert finding.message("fr").endswith("la date doit être antérieure au 1er janvier 2026.")
