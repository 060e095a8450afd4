"""Every text a call file holds for people is in every language of the call: one left out is
refused when the call loads (``missing_translation``), at its place, whatever kind of text it
is (a reader of that language would otherwise read another language's words)."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from typing import Any

import pytest

import callrules
from tests.conftest import ROOT

LANGUAGES = ("fr", "en", "es", "pt")


def words(text: str) -> dict[str, str]:
    return {lang: f"{text} ({lang})" for lang in LANGUAGES}


def every_kind() -> dict[str, Any]:
    """The CNRS call (fr, en, es, pt), holding every kind of text a call file can hold."""
    data = tomllib.loads((ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text())
    data["rules"][0]["description"] = words("opening")
    data["labels"]["fields"] = {"answers.motivation": words("motivation")}
    data["fields"] = {"application": {"motto": {"type": "text", "label": words("motto")}}}
    data["parameters"]["cap"] = {"history": [
        {"from": "2026-04-21T00:00:00", "value": {"amount": "3100.00", "currency": "EUR"}},
        {"from": "2026-05-15T12:00:00", "value": {"amount": "3500.00", "currency": "EUR"},
         "label": words("amendment 1")}]}
    data["timeline"]["deadline"] = {"history": [
        {"from": "2026-04-21T00:00:00", "value": "2026-06-01T17:00:00"},
        {"from": "2026-05-20T09:00:00", "value": "2026-06-08T17:00:00",
         "label": words("extension")}]}
    return data


def _requirement(data: dict[str, Any]) -> tuple[str | int, ...]:
    """The place of the first ``requirement`` in the rules (document order)."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data["rules"], ("rules",))]
    while stack:
        node, loc = stack.pop(0)
        if isinstance(node, dict):
            if "requirement" in node:
                return (*loc, "requirement")
            stack.extend((v, (*loc, k)) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, (*loc, i)) for i, v in enumerate(node))
    raise AssertionError("no requirement")


#: Each kind of text, and where one of it is in :func:`every_kind` (its place, as ``loc``).
KINDS: dict[str, Callable[[dict[str, Any]], tuple[str | int, ...]]] = {
    "title": lambda d: ("title",),
    "clause title": lambda d: ("clauses", 0, "title"),
    "clause text": lambda d: ("clauses", 0, "text"),
    "note": lambda d: ("notes", "activities"),
    "rule description": lambda d: ("rules", 0, "description"),
    "rule message": lambda d: ("rules", 2, "messages", "excluded"),
    "requirement": _requirement,
    "vocabulary value": lambda d: ("vocabularies", "document_kind", "values",
                                   "project_description"),
    "milestone label": lambda d: ("labels", "milestones", "evaluation"),
    "parameter label": lambda d: ("labels", "parameters", "project_pages_max"),
    "field label": lambda d: ("labels", "fields", "answers.motivation"),
    "declared field label": lambda d: ("fields", "application", "motto", "label"),
    "criterion label": lambda d: ("criteria", 0, "label"),
    "budget plan line label": lambda d: ("plan", "lines", 0, "label"),
    "parameter amendment label": lambda d: ("parameters", "cap", "history", 1, "label"),
    "milestone amendment label": lambda d: ("timeline", "deadline", "history", 1, "label"),
}


def _at(data: Any, loc: tuple[str | int, ...]) -> Any:
    for key in loc:
        data = data[key]
    return data


def test_the_call_with_every_kind_of_text_loads() -> None:
    """Every kind of text in every language: the call loads (the refusals below are the
    language left out, nothing else)."""
    callrules.Call.from_dict(every_kind(), source="every kind")


@pytest.mark.parametrize(("kind", "left_out"), [
    (kind, LANGUAGES[n % len(LANGUAGES)]) for n, kind in enumerate(KINDS)])
def test_a_text_without_one_language_is_refused_at_its_place(kind: str, left_out: str) -> None:
    """Each kind of text, one language left out (each language in turn): refused at load,
    ``missing_translation``, at that text, naming the language."""
    data = every_kind()
    loc = KINDS[kind](data)
    del _at(data, loc)[left_out]
    with pytest.raises(callrules.DefinitionError) as caught:
        callrules.Call.from_dict(data, source="one left out")
    error = caught.value
    assert (error.code, error.loc) == ("missing_translation", loc)
    assert f"no {left_out} " in error.message
