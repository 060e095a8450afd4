"""Paths through any model: their types, projections through lists and mappings, variables,
and the paths that are refused."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

import callrules._models
from callrules._money import Money
from callrules._paths import FieldType, PathError, a_or_an, parse_path, type_of
from tests.conftest import ROOT
from tests.helpers import code_tokens
from tests.laws import settings

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 6, 2, 8, tzinfo=UTC)
CNRS_FILE = ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml"


class Row(BaseModel):
    """A model unlike the application's: a list of text and a mapping in each row."""

    tags: tuple[str, ...] = ()
    extra: dict[str, str] = {}
    note: str | None = None


class Sheet(BaseModel):
    rows: tuple[Row, ...]


class Stamp(datetime):
    """A datetime subclass, as some libraries return."""


#: Every model of the library a path goes through (a kind the checker produces).
_MODELS = [m for m in vars(callrules._models).values() if isinstance(m, type) and issubclass(
    m, BaseModel) and m.__module__ == "callrules._models"]


class TestPaths:
    @pytest.mark.parametrize(("annotation", "kind", "optional"), [
        (int | str, "any", False), (int | str | None, "any", True), (int | None, "int", True),
        (Annotated[str, "meta"], "str", False), (tuple[str, ...], "list", False),
        (dict, "mapping", False), (dict[str, int], "mapping", False), (object, "any", False),
        (Stamp, "datetime", False), (Row, "model", False), (Money, "money", False),
        (Decimal, "decimal", False), (type(None), "none", False),
    ])
    def test_annotations_map_to_the_kinds_rules_know(self, annotation: Any, kind: str,
                                                     optional: bool) -> None:
        """A union of several types is "any"; a datetime subclass is a datetime."""
        field_type = type_of(annotation)
        assert (field_type.kind, field_type.optional) == (kind, optional)

    def test_types_describe_themselves_briefly(self) -> None:
        """As they appear in error messages."""
        assert FieldType("model", model=Row).describe() == "row"
        assert type_of(tuple[str, ...] | None).describe() == "list of texts, or nothing"
        assert FieldType("any", optional=True).described() == (
            "an answer (a text, a whole number or yes or no), or nothing")  # (att84)
        for kind in ("str", "int", "bool", "decimal", "date", "datetime", "money", "any",
                     "mapping", "none", "model"):  # no Python type's name said to an author
            said = FieldType(kind, optional=True).described()
            assert not re.search(r"\b(str|int|bool|datetime|any|optional|mapping)\b",
                                 said), said
        assert FieldType("model").describe() == "group of fields"

    @settings(max_examples=300)
    @given(st.recursive(
        st.builds(FieldType, st.sampled_from(["str", "int", "bool", "decimal", "date",
                                              "datetime", "money", "any", "mapping", "none",
                                              "model", "list"]), optional=st.booleans())
        | st.builds(FieldType, st.just("model"), st.sampled_from(_MODELS),
                    optional=st.booleans()),
        lambda inner: st.builds(FieldType, st.just("list"), item=inner,
                                optional=st.booleans()), max_leaves=4))
    def test_every_kind_is_said_in_words(self, kind: FieldType) -> None:
        """wrdmend77 (look77w F1, F7), law: every kind the models and the rule checker
        produce, a model, a list of lists, optional or not, is said in an author's words:
        no code-like token, no Python type's or class's name, and one "or nothing" at
        most (whose it is told apart: "a list of texts (each may be nothing)")."""
        said = kind.described()
        assert code_tokens(said) == [], said
        assert not re.search(r"\b(str|int|bool|datetime|any|optional|mapping|none|list of "
                             r"[A-Z]\w*)\b", said), said
        assert not any(m.__name__ in said for m in _MODELS), said
        assert said.count("or nothing") <= 1, said

    @pytest.mark.parametrize(("text", "words"), [
        (3, "a path is a text of dotted field names, not a number"),
        ("a" * 301, "path longer than 300 characters"), ("", "is not a path"),
        ("Rows", "is not a path"), ("rows..tags", "is not a path")])
    def test_what_is_not_a_path_is_a_syntax_error(self, text: object, words: str) -> None:
        """Checked before any field is looked up."""
        with pytest.raises(PathError) as info:
            parse_path(text, FieldType("model", model=Sheet), {})
        assert info.value.code == "path_syntax" and words in str(info.value)

    def test_a_path_through_a_list_of_lists_flattens_them(self) -> None:
        """rows.tags is every row's tags, in order, as one tuple."""
        path = parse_path("rows.tags", FieldType("model", model=Sheet), {})
        assert path.through_list and path.loc == ("rows",)
        sheet = Sheet(rows=(Row(tags=("a", "b")), Row(), Row(tags=("c",))))
        assert path.getter(sheet) == ("a", "b", "c")

    def test_a_path_through_a_list_of_mappings_reads_each_key_given(self) -> None:
        """rows.extra.colour is the colour of the rows that have one."""
        path = parse_path("rows.extra.colour", FieldType("model", model=Sheet), {})
        assert path.type.kind == "list" and path.type.item is not None
        assert path.type.item.optional
        sheet = Sheet(rows=(Row(extra={"colour": "red"}), Row(), Row(extra={"colour": "ox"})))
        assert path.getter(sheet) == ("red", "ox")

    def test_a_path_through_a_list_leaves_out_absent_values(self) -> None:
        """rows.note lists the notes given."""
        path = parse_path("rows.note", FieldType("model", model=Sheet), {})
        assert path.getter(Sheet(rows=(Row(note="n"), Row(), Row(note="m")))) == ("n", "m")

    def test_a_bare_variable_is_the_item_itself(self) -> None:
        """$row reads the bound value whole."""
        path = parse_path("$row", FieldType("model", model=Sheet),
                          {"row": FieldType("model", model=Row)})
        assert path.var == "row" and path.fields == ()
        row = Row(note="n")
        assert path.getter(row) is row

    def test_no_field_can_follow_a_scalar(self) -> None:
        """rows.note.length: a text has no fields."""
        with pytest.raises(PathError) as info:
            parse_path("rows.note.length", FieldType("model", model=Sheet), {})
        assert info.value.code == "not_a_model"
        assert str(info.value) == "'rows.note' is a text, or nothing; it has no field 'length'"


    @pytest.mark.parametrize(("text", "said"), [
        ("optional date", "an optional date"), ("int", "an int"), ("date", "a date"),
        ("list of Visitor", "a list of Visitor"), ("Unit", "a Unit"), ("any", "an any"),
        ("instant", "an instant"), ("decimal", "a decimal")])
    def test_a_type_is_said_with_its_article(self, text: str, said: str) -> None:
        """Attack 36b: "'fields.ext' is a optional date" to a call's author."""
        assert a_or_an(text) == said
