"""A string that lost its closing quote, whatever quotes and backslashes it holds: one
problem in its record's place, the other records read, in time linear in the text."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import callrules
from callrules._evaluate import read_json

EXAMPLE = json.loads((Path(__file__).parent.parent / "examples" / "eligible.json").read_text(
    encoding="utf-8"))
#: Text with quotes and backslashes in it (each escaped quote could open a string).
notes = st.text(st.sampled_from('a"\\ é'), min_size=1, max_size=60)
LAYOUTS = ("pretty array", "pretty stream", "compact array", "json lines")


def applications(count: int) -> list[dict[str, Any]]:
    apps = []
    for number in range(count):
        app = copy.deepcopy(EXAMPLE)
        app["id"] = f"R{number}"
        apps.append(app)
    return apps


def written(layout: str, texts: list[str]) -> bytes:
    if layout == "pretty array":
        return ("[\n" + ",\n".join(texts) + "\n]\n").encode()
    return ("\n".join(texts) + "\n").encode()


def without_closing_quote(text: str, note: str) -> str:
    """``text`` with the closing quote of the string ``note`` (as JSON writes it) lost."""
    quoted = json.dumps(note, ensure_ascii=False)
    at = text.index(quoted) + len(quoted) - 1
    return text[:at] + text[at + 1:]


class TestLostClosingQuote:
    @settings(max_examples=60, deadline=None)
    @given(note=notes, repeat=st.integers(1, 4000), count=st.integers(2, 5),
           damaged=st.integers(0, 4), layout=st.sampled_from(LAYOUTS), stdin=st.booleans())
    def test_one_problem_in_place_the_others_read(
            self, note: str, repeat: int, count: int, damaged: int, layout: str,
            stdin: bool, tmp_path_factory: Any) -> None:
        """A note of any length with quotes and backslashes in it that lost its closing
        quote is one problem in its record's place; every other record is read as written
        (the escaped quotes in it no longer cost a reading of the line each)."""
        damaged %= count
        apps = applications(count)
        apps[damaged]["visitors"][0]["note"] = note * repeat
        indent = 2 if layout.startswith("pretty") else None
        texts = [json.dumps(app, indent=indent, ensure_ascii=False) for app in apps]
        texts[damaged] = without_closing_quote(texts[damaged], note * repeat)
        data = written(layout, texts)
        if stdin:
            got = list(callrules.records("-", stdin=io.BytesIO(data)))
        else:
            suffix = "jsonl" if layout == "json lines" else "json"
            file = tmp_path_factory.mktemp("q") / f"batch.{suffix}"
            file.write_bytes(data)
            got = list(callrules.records(file))
        assert len(got) == count
        for number, item in enumerate(got):
            assert item.source.endswith((f"[{number}]", f":{number + 1}"))
            if number == damaged and not isinstance(item.data, callrules.InputError):
                with pytest.raises((callrules.InputError, ValueError)):  # (a line is read
                    read_json(item.data)  # when evaluated)
            elif number == damaged:
                pass
            else:
                value = read_json(item.data) if isinstance(item.data, str) else item.data
                assert value["id"] == f"R{number}"
                assert value == read_json(json.dumps(apps[number]))
