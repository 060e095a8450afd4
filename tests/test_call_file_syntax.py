"""A call file that is not valid JSON or TOML is said so in the library's words, by the line
and column its reader stops at, the same on every Python; its author's line keeps the
reader's reason (3.13's words for a trailing comma said as 3.11's) with that place.

Before, the refusal quoted Python's own English (``Expecting property name enclosed in double
quotes: line 1 column 12 (char 11)``), under every language, and 3.13's ``json`` words a
trailing comma otherwise and places it one character earlier, at the comma (``Illegal
trailing comma before end of object: line 1 column 11 (char 10)``, att87 F2).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callrules import DefinitionError
from callrules._i18n import words_said
from callrules._loading import definition_from_data, read_text
from callrules._messages import definition_words
from tests.helpers import code_tokens
from tests.laws import settings

#: Values of a call file's shape: objects and lists of plain values, keys of letters.
_VALUES = st.recursive(
    st.one_of(st.integers(-9, 99), st.booleans(), st.text("abc xyz", max_size=4)),
    lambda inner: st.one_of(st.lists(inner, min_size=1, max_size=3),
                            st.dictionaries(st.text("abcdef", min_size=1, max_size=3), inner,
                                            min_size=1, max_size=3)),
    max_leaves=12)
#: Python's own words for a JSON error, in any version: never in the refusal.
_PYTHON_WORDS = ("Expecting", "Illegal", "char ", "delimiter", "Extra data")


def _refusal(text: str) -> DefinitionError:
    with pytest.raises(DefinitionError) as refused:
        read_text(text, "json", "call.json")
    return refused.value


@settings(max_examples=80, deadline=None)
@given(value=st.dictionaries(st.text("abcdef", min_size=1, max_size=3), _VALUES, min_size=1,
                             max_size=3),
       indent=st.sampled_from((None, 2)), pick=st.integers(0, 10_000),
       blanks=st.sampled_from(("", " ", "\n", "\n  ")))
def test_a_trailing_comma_is_placed_at_the_bracket_after_it(
        value: dict[str, Any], indent: int | None, pick: int, blanks: str) -> None:
    """Law: a valid call file with a comma typed before one of its closing brackets (after
    blanks or none) is refused as not valid JSON (``syntax``) at that bracket's line and
    column, in the library's words in each language (never Python's English, nor a code):
    the place Python 3.11 and 3.12 stop at, which 3.13 places at the comma."""
    text = json.dumps(value, indent=indent)
    closing = [at for at, mark in enumerate(text) if mark in "}]"]  # (no bracket in a key
    at = closing[pick % len(closing)]  # or a text: their letters hold none)
    broken = text[:at].rstrip() + "," + blanks + text[at:]
    bracket = len(text[:at].rstrip()) + 1 + len(blanks)
    line = broken.count("\n", 0, bracket) + 1
    column = bracket - broken.rfind("\n", 0, bracket)
    refused = _refusal(broken)
    assert refused.code == "syntax"
    assert refused.words == ("call_file_syntax", {"format": "JSON", "line": str(line),
                                                  "column": str(column)}), broken
    assert f"line {line}, column {column}" in str(refused)
    for lang in ("en", "fr", "es", "pt"):
        said = words_said(definition_words(refused.code, refused.words), lang)
        assert str(line) in said and str(column) in said and not code_tokens(said), said
        assert not any(word in said for word in _PYTHON_WORDS), said
    reason = ("Expecting value" if text[at] == "]"
              else "Expecting property name enclosed in double quotes")
    assert str(refused).endswith(f"not valid JSON: {reason}: line {line}, column {column}"
                                 " [syntax]"), str(refused)


#: Broken call files, and what the author's line says of each on every Python: Python's
#: reason (3.11's and 3.12's words for a trailing comma) and the place.
_AUTHOR_LINES = [
    ('{"id": "x" "version": 1}', "json",
     "not valid JSON: Expecting ',' delimiter: line 1, column 12"),
    ('{"a": 1,}', "json",
     "not valid JSON: Expecting property name enclosed in double quotes: line 1, column 9"),
    ('{"a": [1,\n  ]}', "json", "not valid JSON: Expecting value: line 2, column 3"),
    ('{"a": }', "json", "not valid JSON: Expecting value: line 1, column 7"),
    ('{"a": 1} x', "json", "not valid JSON: Extra data: line 1, column 10"),
    ('id = "x"\nk = [1,\n2 3]\n', "toml",
     "not valid TOML: Unclosed array: line 3, column 3"),
    ('id = "x"\nk = [1,,]', "toml", "not valid TOML: Invalid value: line 2, column 8"),
    ('id = "x"\nkey', "toml", "not valid TOML: Expected '=' after a key in a key/value pair, "
     "at the end of the file"),
]


@pytest.mark.parametrize(("text", "format", "said"), _AUTHOR_LINES)
def test_the_author_is_told_the_reason_and_the_place_on_every_python(
        text: str, format: str, said: str) -> None:
    """Law (on 3.11, 3.12 and 3.13 alike): the author's line of a call file's syntax error
    says its reader's reason and where it stopped (before, only the place: look77p
    finding 2); 3.13's own words for a trailing comma are said as 3.11's; the reader's line
    stays in the library's words, without Python's English."""
    with pytest.raises(DefinitionError) as refused:
        read_text(text, format, f"call.{format}")
    assert str(refused.value) == f"call.{format}: {said} [syntax]"
    assert "Illegal" not in str(refused.value)
    for lang in ("en", "fr", "es", "pt"):
        words = words_said(definition_words(refused.value.code, refused.value.words), lang)
        assert not any(word in words for word in _PYTHON_WORDS), words


@pytest.mark.parametrize(("text", "words"), [
    ('{"id": "x" "version": 1}', ("call_file_syntax", {"format": "JSON", "line": "1",
                                                        "column": "12"})),
    ('{\n  "id": ,\n}', ("call_file_syntax", {"format": "JSON", "line": "2", "column": "9"})),
    ("[" * 5_000 + "]" * 5_000, ("call_file_too_deep", {"levels": "40"})),
])
def test_other_json_errors_are_said_by_their_place_in_every_language(
        text: str, words: tuple[str, dict[str, str]]) -> None:
    """A JSON call file's other syntax errors, and one nested deeper than its reader goes,
    are said in the library's words (each with a line in every language)."""
    refused = _refusal(text)
    assert refused.words == words
    for lang in ("fr", "es", "pt"):
        said = words_said(definition_words(refused.code, refused.words), lang)
        assert said != words_said(definition_words(refused.code, refused.words), "en")


@pytest.mark.parametrize(("text", "words"), [
    ('id = "x"\nk = [1,\n2 3]\n', ("call_file_syntax", {"format": "TOML", "line": "3",
                                                         "column": "3"})),
    ('id = "x"\nkey', ("call_file_syntax_end", {"format": "TOML"})),
])
def test_a_toml_call_file_s_syntax_error_is_said_by_its_place(
        text: str, words: tuple[str, dict[str, str]]) -> None:
    """A TOML call file's syntax error: its place (or its end) in the library's words, never
    tomllib's English."""
    with pytest.raises(DefinitionError) as refused:
        read_text(text, "toml", "call.toml")
    assert refused.value.code == "syntax" and refused.value.words == words


#: Call files nested past the limit (40 levels), read by their reader or not: JSON is read to
#: 500 levels, TOML's arrays to about 496 and its inline tables to about 330 (tomllib's
#: recursion, the same on 3.11, 3.12 and 3.13).
_DEEP = [(f'{{"id": "x", "x": {"[" * n}{"]" * n}}}', "json", n) for n in (41, 499, 501, 5_000)] \
    + [(f'x = {"[" * n}{"]" * n}\n', "toml", n) for n in (41, 495, 499, 2_000)] \
    + [(f'x = {"{a=" * n}1{"}" * n}\n', "toml", n) for n in (41, 329, 331, 1_000)]


@pytest.mark.parametrize(("text", "format", "levels"), _DEEP)
def test_a_call_file_nested_too_deep_is_told_one_message_with_its_limit(
        text: str, format: str, levels: int) -> None:
    """Law: a call file nested past 40 levels is refused with one message saying that limit,
    in every language, whether its reader read it (then the definition's check refused it)
    or gave up on it first. Before, past the reader's depth (JSON 501, TOML arrays 496,
    inline tables 330) it was "nested too deeply to read", with no limit, and below it
    "nested deeper than 32 levels" with the generic line (look77p finding 3)."""
    with pytest.raises(DefinitionError) as refused:
        definition_from_data(read_text(text, format, f"call.{format}"), f"call.{format}")
    assert refused.value.code == "too_deep"
    assert str(refused.value) == f"call.{format}: nested deeper than 40 levels [too_deep]"
    assert refused.value.words == ("call_file_too_deep", {"levels": "40"}), levels
    for lang in ("en", "fr", "es", "pt"):
        said = words_said(definition_words(refused.value.code, refused.value.words), lang)
        assert "40" in said and not code_tokens(said), said


@pytest.mark.parametrize("format", ["json", "toml"])
def test_the_limit_said_is_the_limit_a_call_file_is_refused_at(format: str) -> None:
    """The depth said is the one checked (the documented 40 levels): a file 40 levels deep,
    its top table one of them, is not refused for its depth; one of 41 is, saying 40 (before,
    "deeper than 32" where 33 to 40 levels pass: session 57's leftover)."""
    def nested(levels: int) -> str:
        arrays = levels - 1
        return (f'{{"x": {"[" * arrays}{"]" * arrays}}}' if format == "json"
                else f'x = {"[" * arrays}{"]" * arrays}\n')
    with pytest.raises(DefinitionError) as passed:
        definition_from_data(read_text(nested(40), format, "c"), "c")
    assert passed.value.code != "too_deep"
    with pytest.raises(DefinitionError) as refused:
        definition_from_data(read_text(nested(41), format, "c"), "c")
    assert refused.value.code == "too_deep"
    assert refused.value.words == ("call_file_too_deep", {"levels": "40"})
    assert "40" in str(refused.value)


def test_a_call_file_that_ends_too_soon_is_said_so_in_french() -> None:
    """A TOML call file that ends too soon: « il s’interrompt avant sa fin », as a French
    reader says it (before, « il ne peut pas être lu à sa fin », look77p)."""
    with pytest.raises(DefinitionError) as refused:
        read_text('id = "x"\nkey', "toml", "call.toml")
    said = words_said(definition_words(refused.value.code, refused.value.words), "fr")
    assert said == ("Ce fichier d’appel n’est pas du TOML valide\u202f: il s’interrompt avant "
                    "sa fin.")
