"""A call file's problem names its place with every key cut as values are ("…" after 64
characters): an unknown key of any length gives a message of bounded size, and ``loc``
keeps the key whole for programs."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from tests.laws import settings
from tests.test_selection import cnrs_data

#: Where an unknown key can be added: the call itself, its timeline.
PLACES = [(), ("timeline",)]


class TestALongKey:
    @settings(max_examples=25, deadline=None)
    @given(length=st.integers(1, 300_000), place=st.sampled_from(PLACES),
           letter=st.sampled_from("kzé"))
    def test_is_cut_in_the_message_and_whole_in_loc(
            self, length: int, place: tuple[str, ...], letter: str) -> None:
        """Law: an unknown key of any length anywhere is refused with a message of at most
        a few hundred characters; loc names the key whole."""
        data: dict[str, Any] = copy.deepcopy(cnrs_data())
        target = data
        for part in place:
            target = target[part]
        key = letter * length
        target[key] = 1
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(data, source="long.toml")
        assert len(str(caught.value)) < 600
        assert key in caught.value.loc
        assert length <= 64 or letter * 64 + "…" in str(caught.value)
