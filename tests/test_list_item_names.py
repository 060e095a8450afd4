"""The lists of an application named item by item in the singular, in each language: the
schema says what one item is (``x-callrules-item``, « Affiliation {n} ») and how to add one
(``x-callrules-add``, « Ajouter une affiliation »), for the page to draw."""

from __future__ import annotations

from typing import Any

import pytest

import callrules
from callrules._messages import ITEMS

LANGS = ("en", "fr", "es", "pt")


def named_lists(node: Any) -> dict[str, tuple[str, str]]:
    """Every array of a schema that names its items: its item name and its button."""
    found: dict[str, tuple[str, str]] = {}
    if isinstance(node, dict):
        if "x-callrules-item" in node:
            found[node["x-callrules-item"]] = (node["x-callrules-item"],
                                               node.get("x-callrules-add", ""))
        for value in node.values():
            found.update(named_lists(value))
    elif isinstance(node, list):
        for value in node:
            found.update(named_lists(value))
    return found


class TestListItemNames:
    @pytest.mark.parametrize("lang", LANGS)
    @pytest.mark.parametrize("with_call", [False, True])
    def test_every_list_the_library_names_is_named_in_the_schema(
            self, lang: str, with_call: bool) -> None:
        """The six lists of the library (visitors, documents, approvals, budget lines,
        exchange rates, affiliations), each with its item's name and its button's words."""
        call = callrules.calls.load("cnrs-amsud-2026") if with_call else None
        lists = named_lists(callrules.schema("application", call, lang))
        assert len(lists) == len(ITEMS)
        for item, add in lists.values():
            assert "{n}" in item and "%(" not in item
            assert add and "(" not in add and add.split()[0] in {
                "Add", "Ajouter", "Añadir", "Adicionar"}

    def test_the_french_affiliation_is_singular(self) -> None:
        """« Affiliation {n} », « Ajouter une affiliation »."""
        unit = callrules.schema("application", None, "fr")["$defs"]["Unit"]
        affiliations = unit["properties"]["affiliations"]
        assert affiliations["x-callrules-item"] == "Affiliation {n}"
        assert affiliations["x-callrules-add"] == "Ajouter une affiliation"
