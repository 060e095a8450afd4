"""No control character in a text a person reads: a NUL, an escape or a line break in a name,
an id or a title is the typed problem ``control_character`` at that field, from JSON and from
Python alike; answers and declared texts may hold lines and tabs, nothing else."""

from __future__ import annotations

import json
import tomllib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import callrules
from tests.conftest import ROOT, eligible_dict
from tests.test_declared_fields import call_with

#: Every one-line text of the example application a person reads: names, ids, titles, labels.
LINE_FIELDS = [
    ("id",), ("call",), ("submitter", "given_name"), ("submitter", "family_name"),
    ("host", "person", "given_name"), ("host", "role"), ("host", "status"),
    ("host", "unit", "code"), ("host", "unit", "name"), ("host", "unit", "kind"),
    ("host", "unit", "affiliations", 0), ("host", "unit", "location", "city"),
    ("visitors", 0, "id"), ("visitors", 0, "category"), ("visitors", 0, "institution", "name"),
    ("documents", 0, "kind"), ("documents", 0, "title"), ("documents", 1, "owner"),
    ("approvals", 0, "kind"), ("budget", "lines", 0, "category"),
    ("budget", "lines", 0, "beneficiary"), ("budget", "lines", 0, "label"),
]
CONTROL = st.sampled_from([chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]])
PLAIN = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), min_size=0,
                max_size=6)


def put(app: dict[str, Any], loc: tuple[str | int, ...], value: Any) -> None:
    node: Any = app
    for part in loc[:-1]:
        node = node[part]
    node[loc[-1]] = value


def problems_of(app: Any) -> list[callrules.InputProblem]:
    try:
        callrules.parse_application(app)
    except callrules.InputError as error:
        return list(error.problems)
    return []


class TestOneLineTexts:
    @settings(max_examples=150, deadline=None)
    @given(loc=st.sampled_from(LINE_FIELDS), before=PLAIN, control=CONTROL, after=PLAIN,
           as_json=st.booleans())
    def test_a_control_character_anywhere_is_refused_at_its_field(
            self, loc: tuple[str | int, ...], before: str, control: str, after: str,
            as_json: bool) -> None:
        """Law: any one-line text holding any control character (C0, DEL, C1) anywhere is
        the problem control_character at that field, and only there."""
        app = eligible_dict()
        put(app, loc, (before + control + after)[:90] or control)
        found = problems_of(json.dumps(app) if as_json else app)
        assert [(p.loc, p.type) for p in found] == [(loc, "control_character")]
        assert "control" in found[0].message("en")
        assert "contrôle" in found[0].message("fr")

    @settings(max_examples=60, deadline=None)
    @given(loc=st.sampled_from(LINE_FIELDS), text=PLAIN.filter(bool))
    def test_text_without_one_is_accepted(self, loc: tuple[str | int, ...], text: str
                                          ) -> None:
        """The same fields take any other text (letters of any script, spaces, symbols)."""
        app = eligible_dict()
        put(app, loc, text)
        assert not [p for p in problems_of(app) if p.type == "control_character"]

    @pytest.mark.parametrize("key", ["a\x00", "\x1b[31m"])
    def test_an_answer_s_name_is_an_id_too(self, key: str) -> None:
        """A key of answers with a control character is refused at that key."""
        app = eligible_dict()
        app["answers"] = {key: "x"}
        assert [p.type for p in problems_of(app)] == ["control_character"]


class TestLongerTexts:
    @pytest.mark.parametrize(("text", "ok"), [
        ("line one\nline two", True), ("a\tb\r\nc", True), ("a\x00b", False),
        ("\x1b[2J", False), ("a\x85b", False), ("a\x7fb", False)])
    def test_answers_and_declared_texts_take_lines_and_tabs_only(self, text: str, ok: bool
                                                                  ) -> None:
        """An answer or a declared text may span lines; any other control character is
        refused there, named by its field."""
        app = eligible_dict()
        app["answers"] = {"motivation": text}
        assert (not problems_of(app)) is ok
        call = call_with({"application": {"summary": {"type": "text"}}})
        declared = eligible_dict()
        declared["fields"] = {"summary": text}
        if ok:
            call.parse(declared)
        else:
            with pytest.raises(callrules.InputError) as caught:
                call.parse(declared)
            assert [(p.loc, p.type) for p in caught.value.problems] == [
                (("fields", "summary"), "control_character")]

    def test_the_json_schema_says_it(self) -> None:
        """The application schema carries the same patterns (names and answers)."""
        text = json.dumps(callrules.schema())
        assert "\\\\x00-\\\\x1f\\\\x7f-\\\\x9f" in text
        assert "\\\\x00-\\\\x08\\\\x0b\\\\x0c\\\\x0e-\\\\x1f\\\\x7f-\\\\x9f" in text


SUMMER = tomllib.loads((ROOT / "tests" / "data" / "good-summer-school-2027.toml"
                        ).read_text("utf-8"))


def _leaves(node: Any, loc: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    if isinstance(node, dict):
        return [x for key, value in node.items() for x in _leaves(value, (*loc, key))]
    if isinstance(node, list):
        return [x for index, value in enumerate(node) for x in _leaves(value, (*loc, index))]
    return [loc] if isinstance(node, str) else []


class TestCallFiles:
    @settings(max_examples=150, deadline=None)
    @given(loc=st.sampled_from(_leaves(SUMMER)), control=CONTROL, at=st.integers(0, 5))
    def test_a_control_character_in_any_text_of_a_call_is_refused_where_it_is(
            self, loc: tuple[str | int, ...], control: str, at: int) -> None:
        """Law: a control character in any text of a call file (a title, a label, a
        vocabulary, a table's source, a template, a code) is the DefinitionError
        control_character naming that place; only a clause's full text takes lines and
        tabs."""
        data = tomllib.loads((ROOT / "tests" / "data" / "good-summer-school-2027.toml"
                              ).read_text("utf-8"))
        node: Any = data
        for part in loc[:-1]:
            node = node[part]
        node[loc[-1]] = node[loc[-1]][:at] + control + node[loc[-1]][at:]
        if loc[0] == "clauses" and loc[2] == "text" and control in "\t\n\r":
            callrules.Call.from_dict(data)
            return
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(data)
        assert (caught.value.code, caught.value.loc) == ("control_character", loc)

    def test_a_control_character_in_a_key_is_refused(self) -> None:
        """A key holding an escape (a vocabulary's code) is refused, named by its table."""
        data = tomllib.loads((ROOT / "tests" / "data" / "good-summer-school-2027.toml"
                              ).read_text("utf-8"))
        values = data["vocabularies"]["place"]["values"]
        values["pa\x1bris"] = values.pop("paris")
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(data)
        assert (caught.value.code, caught.value.loc) == (
            "control_character", ("vocabularies", "place", "values"))
