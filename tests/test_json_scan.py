"""JSON strings and brackets followed without decoding (``callrules._json_scan``): on valid
JSON each question has the answer a character-by-character reading gives, whatever the
pieces the text comes in; at a line end each grammar does what its readers need."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callrules import _json_scan
from callrules._json_scan import (
    LINE_STRINGS,
    STRINGS,
    Scan,
    follow,
    nested_past,
    open_brackets,
    value_end,
)
from tests.helpers import traced_peak
from tests.laws import settings

#: Strings full of what a scanner could take for structure: quotes, backslashes, brackets.
_TEXT = st.text(alphabet=st.sampled_from('ab"\\{}[],: é\u2028'), max_size=8)
_SCALARS = st.none() | st.booleans() | st.integers() | _TEXT
_VALUES = st.recursive(
    _SCALARS, lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(_TEXT, inner, max_size=3), max_leaves=12)
_CONTAINERS = st.lists(_VALUES, max_size=3) | st.dictionaries(_TEXT, _VALUES, max_size=3)


def _dumped(value: Any, indent: int | None, ascii_only: bool) -> str:
    return json.dumps(value, indent=indent, ensure_ascii=ascii_only)


def _reference(text: str) -> list[tuple[int, bool, bool, list[int]]]:
    """Before each character of valid JSON ``text`` (and at its end): the brackets open,
    whether inside a string, just after a backslash there, and where the open brackets
    are."""
    states: list[tuple[int, bool, bool, list[int]]] = []
    opened: list[int] = []
    in_string = escaped = False
    for place, char in enumerate(text):
        states.append((len(opened), in_string, escaped, list(opened)))
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            opened.append(place)
        elif char in "]}":
            opened.pop()
    states.append((len(opened), in_string, escaped, list(opened)))
    return states


class TestValidJson:
    """On valid JSON, every question agrees with a character-by-character reading."""

    @settings(max_examples=200, deadline=None)
    @given(_CONTAINERS, st.sampled_from([None, 0, 2]), st.booleans(), st.data())
    def test_a_growing_text_ends_with_its_value(self, value: Any, indent: int | None,
                                                ascii_only: bool, data: st.DataObject) -> None:
        """Fed as it grows, in any pieces, a value's end is told once it is whole, and
        only then, bytes or text, with text after it."""
        text = _dumped(value, indent, ascii_only)
        whole = (text + ' ["after"]').encode("utf-8")
        cuts = sorted(data.draw(st.lists(st.integers(0, len(whole)), max_size=6)))
        scan = Scan(0)
        size = len(text.encode("utf-8"))
        for cut in [*cuts, len(whole)]:
            end = scan.end(whole[:cut])
            assert end == (size if cut >= size else None)
            if end is not None:
                break
        assert value_end(text + " {}", 0) == len(text)

    @settings(max_examples=200, deadline=None)
    @given(_CONTAINERS, st.sampled_from([None, 2]), st.booleans(), st.data())
    def test_brackets_open_at_any_place(self, value: Any, indent: int | None,
                                        ascii_only: bool, data: st.DataObject) -> None:
        """The brackets open, whether in a string, and where the open brackets are, at any
        place of the text, from its start or on from the state there."""
        text = _dumped(value, indent, ascii_only)
        states = _reference(text)
        place = data.draw(st.integers(0, len(text)))
        depth, in_string, escaped, opened = states[place]
        head = text[:place].encode("utf-8")
        assert follow(head) == (depth, in_string)
        if not escaped:  # (the state has no escape: its readers' texts end at line ends)
            assert follow(text[place:].encode("utf-8"), depth, in_string) == (0, False)
        assert follow(head, lines=True) == (depth, in_string)  # (no line end in a string)
        if not in_string:
            assert open_brackets(text, 0, place) == opened
            assert open_brackets(text, 0, place, LINE_STRINGS) == opened


class TestLineEnds:
    """At a line end, which JSON strings never hold, each grammar does what its readers
    need."""

    def test_a_backslash_escapes_a_line_end_in_a_scan(self) -> None:
        """A value's end is looked for past a line end escaped in a string."""
        assert value_end('["a\\\n]", 1] x', 0) == len('["a\\\n]", 1]')

    def test_a_backslash_before_a_line_end_leaves_a_string_open(self) -> None:
        """``follow`` counts up to the string that cannot close; ``STRINGS`` reads it to
        there and goes on."""
        assert follow(b'[{"a\\\n"}]') == (2, True)
        assert open_brackets('[{"a\\\n[') == [0, 1, 6]
        assert STRINGS.match('"a\\\n') is not None

    def test_a_line_end_ends_a_string_with_lines(self) -> None:
        """With ``lines``, the next line is JSON's again."""
        assert follow(b'[ "a\n[', lines=True) == (2, False)
        assert follow(b'a\n{', 1, True, lines=True) == (2, False)
        assert follow(b'a\n{', 1, True) == (1, True)

    def test_a_quote_not_closed_on_its_line_opens_no_string(self) -> None:
        """With ``LINE_STRINGS``, the quote is passed over and its line read as JSON's."""
        assert open_brackets('{"a\n[', strings=LINE_STRINGS) == [0, 4]
        assert open_brackets('{"a\n[') == [0]


def _depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    return 0


class TestNestedPast:
    @settings(max_examples=150)
    @given(value=_CONTAINERS, indent=st.sampled_from((None, 1)), chunk=st.integers(1, 9),
           levels=st.integers(0, 6), after=st.sampled_from(("", " ", " [[[[[[[]]]]]]]")),
           as_bytes=st.booleans())
    def test_the_depth_is_the_reference_s_whatever_the_chunks(
            self, value: Any, indent: int | None, chunk: int, levels: int, after: str,
            as_bytes: bool) -> None:
        """Law: whether a JSON text nests past ``levels`` is what its decoded value's depth
        says (the value opened at its start, what follows it not read), however many
        characters the running maximum takes at a time (a chunk's end inside a string, a
        bracket's run, a value's end)."""
        text = json.dumps(value, indent=indent, ensure_ascii=False) + after
        given_text: str | bytes = text.encode() if as_bytes else text
        spaced: str | bytes = b" " + given_text if as_bytes else " " + text
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_json_scan, "_CHUNK", chunk)
            assert nested_past(given_text, levels) == (_depth(value) > levels)
            # a text not opened by a bracket is read to its end
            assert nested_past(spaced, levels) == (
                max(_depth(value), 7 if after.strip() else 0) > levels)
            # from ``start``, what is before it not read (brackets, a quote)
            before = '"[[[[[[[['
            prefixed: str | bytes = (before.encode() + given_text if isinstance(
                given_text, bytes) else before + given_text)
            assert nested_past(prefixed, levels, len(before)) == (_depth(value) > levels)

    @pytest.mark.parametrize("shape", ["deep", "pairs", "late", "strings", "applications",
                                       "long_string", "bytes"])
    def test_its_memory_does_not_grow_with_the_brackets(self, shape: str) -> None:
        """The scan keeps a running maximum: 4 MiB of brackets, nested or side by side,
        take a bounded few MiB (before, a depth per bracket: 40 bytes each, +159 MiB for
        4 MiB, +637 MiB for 16 MiB; look77p finding 4); and of strings, short or one past a
        piece's end, as text or bytes (before, the strings were taken out of the whole text
        first: 4 MiB of applications peaked at 29 MiB, of ``"",`` at 36 MiB; session 57's
        leftover)."""
        size = 4 * 2**20
        application = json.dumps({"id": "A-1", "title": 'a "[" {', "lines": [
            {"kind": "travel", "notes": ["a", "b"]}, {"kind": "stay", "notes": []}]})
        text = {"deep": "[" * (size // 2) + "]" * (size // 2),
                "pairs": "[" + "[]," * (size // 3) + "[]]",
                "late": "[" + "[]," * (size // 3) + "[" * 600 + "]" * 600 + "]",
                "strings": "[" + '"",[],' * (size // 6) + "[]]",
                "applications": "[" + ",".join([application] * (size // len(application)))
                + "]",
                "long_string": "[" * 600 + '"' + "[\\\"" * (size // 4) + '"' + "]" * 600,
                "bytes": "[" + '"a\\\\",{},' * (size // 9) + "[]]"}[shape]
        given: str | bytes = text.encode() if shape == "bytes" else text
        deeper, peak = traced_peak(lambda: nested_past(given))
        assert peak < 16 * 2**20, f"{peak / 2**20:.0f} MiB"
        assert deeper == (shape in ("deep", "late", "long_string"))
