"""No control character in a text a person reads: a NUL, an escape or a line break in a name,
an id or a title is the typed problem ``control_character`` at that field, from JSON and from
Python alike; answers and declared texts may hold lines and tabs, nothing else."""

from __future__ import annotations

import copy
import json
import tomllib
import unicodedata
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from tests.conftest import ROOT, eligible_dict
from tests.laws import settings
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


#: Characters shown as nothing (Unicode's default-ignorable code points, format characters)
#: but for the joiners some scripts need inside words, and the format characters that show
#: (prepended number signs of Arabic, Syriac, Kaithi; Egyptian hieroglyph controls).
_SHOWN_FORMAT = {*range(0x600, 0x606), 0x6DD, 0x70F, 0x890, 0x891, 0x8E2, 0x110BD, 0x110CD,
                 *range(0x13430, 0x13440)}
INVISIBLE = st.sampled_from(sorted({
    chr(c) for c in range(0x110000)
    if (unicodedata.category(chr(c)) == "Cf" and c not in _SHOWN_FORMAT
        and c not in (0x200C, 0x200D))
    or c in (0x34F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0, *range(0x180B, 0x1810),
             *range(0xFE00, 0xFE10), 0xFDD0, 0xFFFE, 0xFFFF, 0xFFFC, 0x10FFFF)}))


class TestInvisibleCharacters:
    @settings(max_examples=120, deadline=None)
    @given(invisible=INVISIBLE, in_key=st.booleans())
    def test_a_character_shown_as_nothing_is_refused_in_texts_and_codes(
            self, invisible: str, in_key: bool) -> None:
        """A zero-width space, a soft hyphen, a bidirectional mark, a Hangul filler, a
        variation selector, a noncharacter… in a title or in a vocabulary's code is
        control_character: two codes or texts never look alike while being different."""
        data = copy.deepcopy(SUMMER)
        if in_key:
            values = data["vocabularies"]["place"]["values"]
            values["paris" + invisible] = values.pop("paris")
        else:
            data["title"]["en"] += invisible
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(data)
        assert caught.value.code == "control_character"

    @pytest.mark.parametrize("joiner", ["\u200c", "\u200d"])
    def test_joiners_are_taken_in_texts_and_refused_in_codes(self, joiner: str) -> None:
        """The zero-width non-joiner and joiner, which Persian and the scripts of India
        write inside words, are accepted in a label, never in a code."""
        data = copy.deepcopy(SUMMER)
        data["title"]["en"] = "\u0645\u06cc" + joiner + "\u062e\u0648\u0627\u0647\u0645"
        callrules.Call.from_dict(data)
        values = data["vocabularies"]["place"]["values"]
        values["paris" + joiner] = values.pop("paris")
        with pytest.raises(callrules.DefinitionError):
            callrules.Call.from_dict(data)

    def test_a_key_written_twice_in_a_json_call_file_is_refused(self) -> None:
        """JSON keeps the last of two keys silently; a call file's is refused (TOML refuses
        it itself), and a byte-order mark before a JSON or TOML call file is read."""
        text = json.dumps(SUMMER, default=str)
        twice = text.replace('"rules": [', '"rules": [], "rules": [', 1)
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_text(twice, format="json", source="x.json")
        assert caught.value.code == "duplicate_key"
        callrules.Call.from_text("\ufeff" + text, format="json", source="x.json")
        toml_text = (ROOT / "tests" / "data" / "good-summer-school-2027.toml").read_text()
        callrules.Call.from_text("\ufeff" + toml_text, source="x.toml")
