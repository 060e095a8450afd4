"""A key a call file does not know, in any of its tables, is refused when the call loads:
a misspelt setting (``portfolio_limt``) never loads as if it were not written."""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Iterator
from typing import Any

import pytest

import callrules
from tests.conftest import ROOT

CNRS_FILE = ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml"
#: The misspelt key added to each table.
UNKNOWN = "portfolio_limt"
#: Tables whose keys are names the call's author chooses: a key added there is a new
#: parameter, which loads (every other table's keys are the file format's own).
NAMED = {("parameters",)}


def cnrs_data() -> dict[str, Any]:
    """The bundled CNRS call file as a dict, with the optional tables it does not write
    (portfolio limits, an envelope, a rounding, a recurrence, a declared field) added, so
    that every kind of table is walked."""
    data = tomllib.loads(CNRS_FILE.read_text("utf-8"))
    data["selection"]["limits"] = [{"per": "host_unit", "at_most": 2}]
    data["selection"]["envelope"] = {"amount": "9300.00", "currency": "EUR"}
    data["budget"] = {"rounding": {"unit": "0.01", "mode": "half_up"}}
    data["recurrence"] = {"every": "year", "count": 2, "id": "cnrs-amsud-{year}",
                          "year_parameters": ["funding_year"]}
    data["fields"] = {"visitors": {"orcid": {"type": "text", "max_length": 19}}}
    return data


def kinds_of_tables(data: object, path: tuple[str | int, ...] = ()
                    ) -> Iterator[tuple[str | int, ...]]:
    """The path of one table of each kind in ``data`` (the items of a list are one kind:
    the first of them stands for the others)."""
    if isinstance(data, dict):
        yield path
        for key, value in data.items():
            yield from kinds_of_tables(value, (*path, key))
    elif isinstance(data, list) and data:
        yield from kinds_of_tables(data[0], (*path, 0))


def with_unknown_key(data: dict[str, Any], path: tuple[str | int, ...]) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    table: Any = changed
    for part in path:
        table = table[part]
    table[UNKNOWN] = 1
    return changed


TABLES = [path for path in kinds_of_tables(cnrs_data()) if path not in NAMED]


class TestUnknownKeysAreRefused:
    def test_the_varied_call_loads(self) -> None:
        """The bundled call with its optional tables added loads as it is (so each refusal
        below is the unknown key's)."""
        assert callrules.Call.from_dict(cnrs_data()).definition.selection

    @pytest.mark.parametrize("path", TABLES, ids=lambda p: ".".join(map(str, p)) or "top")
    def test_every_table_refuses_an_unknown_key(self, path: tuple[str | int, ...]) -> None:
        """A key added to any table of the call file (but the parameters, whose keys are
        names) is refused at load, in that table."""
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(with_unknown_key(cnrs_data(), path), source="mine.toml")
        assert caught.value.source == "mine.toml"
        assert caught.value.loc[:len(path)] == path or caught.value.loc == path[:-1]

    @pytest.mark.parametrize("path", [(), ("selection",), ("selection", "limits", 0),
                                      ("criteria", 0), ("criteria", 0, "scale"),
                                      ("clauses", 0), ("rules", 0)])
    def test_selection_refuses_it_as_the_rest_of_the_file_does(
            self, path: tuple[str | int, ...]) -> None:
        """An unknown key of the selection tables is said as one at the top of the file is:
        the same code, the key's place, the same hint."""
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(with_unknown_key(cnrs_data(), path))
        assert (caught.value.code, caught.value.loc) == ("extra_forbidden", (*path, UNKNOWN))
        assert caught.value.hint == "remove this key, or check its spelling"
