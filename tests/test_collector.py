"""The garbage collector is paused while a JSON text is read, and left as it was found,
however many threads read at once: its switch is the process's, and a service whose
collector is left off keeps every batch a hung-up client left behind (att63)."""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callrules._collector import paused
from callrules._jsontext import json_values
from tests.conftest import ROOT
from tests.laws import settings


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    yield
    gc.enable()  # (as every other test expects it, whatever a failure here left)


@settings(max_examples=80)
@given(data=st.data(), count=st.integers(1, 5), was_on=st.booleans())
def test_pauses_ended_in_any_order_leave_the_collector_as_it_was(
        data: st.DataObject, count: int, was_on: bool) -> None:
    """Law: pauses begun and ended in any order (as threads interleave them) keep the
    collector off while any is running, and leave it as it was before the first."""
    (gc.enable if was_on else gc.disable)()
    pauses = [ExitStack() for _ in range(count)]
    for stack in pauses:
        stack.enter_context(paused())
        assert not gc.isenabled()
    for stack in data.draw(st.permutations(pauses)):
        assert not gc.isenabled()
        stack.close()
    assert gc.isenabled() is was_on


def test_threads_reading_json_at_once_leave_the_collector_on() -> None:
    """Four threads reading JSON texts at once, switched between as often as Python can:
    the collector is on when they are done (before, one thread could save "off" while
    another had it paused, then put that back for good: 10 of 10 runs of att63's)."""
    text = (ROOT / "examples" / "eligible.json").read_bytes()
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        readers = [threading.Thread(target=lambda: [json_values(text) for _ in range(1000)])
                   for _ in range(4)]
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join()
    finally:
        sys.setswitchinterval(interval)
    assert gc.isenabled()
