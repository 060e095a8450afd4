"""Probes of a text's shape (is it one JSON value, an object, a line's record, a record
after some text) answer by the library's depth, the same on every Python.

Python's JSON reader gives up at a depth of its version's recursion (994 levels on 3.11,
1,497 on 3.12, 9,998 on 3.13); each probe took that :class:`RecursionError` as "not JSON",
so between 500 and 9,998 levels the answer was the running Python's (session 57's
leftover: about 51 such probes). Read through :mod:`callrules._levelled`, a text nested
past the library's 500 levels gets the answer of a text 501 levels deep on every Python.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callrules import _encodings, _folded, _json_lines, _lone, _sources, _text_before

#: Each probe and the text it is asked about, ``n`` levels deep in all.
PROBES: dict[str, tuple[Callable[..., object], Callable[[int], object]]] = {
    "is_json": (_json_lines.is_json, lambda n: b"[" * n + b"]" * n),
    "is_value": (_encodings._is_value, lambda n: "[" * n + "]" * n),
    "written": (_folded._written, lambda n: b'{"a": ' + b"[" * (n - 1) + b"]" * (n - 1) + b"}"),
    "one_value": (_folded._one_value, lambda n: b"[" * n + b"]" * n),
    "closers_after_whole": (_sources._closers_after_whole,
                            lambda n: b"[" * n + b"]" * n + b"]"),
    "one_object": (_lone._one_object, lambda n: '{"id": ' + "[" * (n - 1) + "]" * (n - 1) + "}"),
    "whole_end": (lambda text: _lone._whole_end(text, 0), lambda n: "[" * n + "]" * n),
    "text_before": (_text_before.text_before,
                    lambda n: 'note: {"id": ' + "[" * (n - 1) + "]" * (n - 1) + "}"),
}


@pytest.mark.parametrize("name", sorted(PROBES))
@settings(max_examples=12, deadline=None)
@given(depth=st.sampled_from((501, 600, 993, 994, 995, 1_496, 1_497, 1_498, 5_000, 9_998,
                              9_999, 12_000)) | st.integers(501, 12_000),
       raised=st.booleans())
def test_a_probe_past_the_library_s_depth_answers_as_at_501_levels(
        name: str, depth: int, raised: bool) -> None:
    """Law: whatever the depth past 500 levels, and however deep the running Python's
    reader goes (on 3.11 its recursion limit raised to 20,000 reads as 3.13 does), a probe
    answers as for 501 levels; a text 500 levels deep is read (its answer may differ)."""
    probe, text = PROBES[name]
    expected = probe(text(501))
    limit = sys.getrecursionlimit()
    if raised:
        sys.setrecursionlimit(20_000)
    try:
        assert probe(text(depth)) == expected, (name, depth)
    finally:
        sys.setrecursionlimit(limit)


def test_the_probes_read_a_text_within_the_depth() -> None:
    """At 500 levels each probe reads the text: the answers differ from past it for the
    probes whose answer is "a value" (the depth alone decides)."""
    differ = {name for name, (probe, text) in PROBES.items()
              if probe(text(500)) != probe(text(501))}
    assert differ >= {"is_json", "is_value", "one_value", "whole_end", "text_before"}
