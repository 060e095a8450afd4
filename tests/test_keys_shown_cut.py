"""A key the application (or a decision record) wrote, shown cut whatever its length.

A key given twice in a record was quoted whole by ``callrules replay`` (a 3 MB key: 3 MB on
standard output and 3 MB on the error stream, in every format), and ``check`` wrote an
application's key given twice whole in the ``loc``, ``pointer``, ``path`` and ``ctx`` of its
problem (12 MB of JSON Lines for a 6 MB application: att85 F2). Every output now shows such a
key as a message quotes a text typed: at most ``TYPED_SHOWN`` characters, an ellipsis after
(:func:`callrules.exceptions.shown_loc`); a part of a place of at most that many characters is
the key as written, a longer one the start of the key, never another key.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callrules._cli import main
from callrules._in_words import TYPED_SHOWN
from tests.laws import settings

#: What a key is drawn from: letters, JSON's escapes, a pointer's and a path's own marks.
KEYS = st.text(alphabet=st.sampled_from('ké"\\/~.[]_ -'), min_size=1, max_size=30).map(
    lambda start: (start * (1 + 30_000 // len(start)))).flatmap(
    lambda long: st.integers(1, len(long)).map(lambda n: long[:n]))
#: Where the key given twice is: the record itself, a part of it, an item of a list.
PLACES = st.sampled_from(["{%s}", '{"host": {%s}}', '{"visitors": [{}, {%s}]}'])
#: The bytes a problem's line may take, whatever the key's length.
MOST = 4_000


def _twice(key: str, place: str) -> str:
    """A record (one line) that gives ``key`` twice at ``place``."""
    quoted = json.dumps(key, ensure_ascii=False)
    return place % f"{quoted}: 1, {quoted}: 2"


def _run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(args, out=out, err=err), out.getvalue(), err.getvalue()


def _shown(part: str, key: str) -> bool:
    """Whether ``part`` shows ``key`` as a place shows it: whole, or cut with its ellipsis."""
    return part == key if len(key) <= TYPED_SHOWN else part == key[:TYPED_SHOWN] + "…"


class TestKeysShownCut:
    @settings(max_examples=12, deadline=None)
    @given(key=KEYS, place=PLACES, fmt=st.sampled_from(["text", "json", "jsonl"]))
    def test_replay_quotes_a_key_given_twice_cut(
            self, tmp_path_factory: pytest.TempPathFactory, key: str, place: str,
            fmt: str) -> None:
        """``replay`` of a record giving a key twice: what it prints of it, on standard
        output and on the error stream, is bounded whatever the key's length."""
        tmp = tmp_path_factory.mktemp("twice")
        (tmp / "r.jsonl").write_text(_twice(key, place) + "\n", "utf-8")
        code, out, err = _run(["replay", str(tmp / "r.jsonl"), "--format", fmt])
        assert code == 2
        assert len(out.encode()) < MOST and len(err.encode()) < MOST, (len(out), len(err))
        said = out if fmt == "text" else " ".join(
            (json.loads(out)[0] if fmt == "json" else json.loads(out))["said"])
        assert (key if len(key) <= TYPED_SHOWN else key[:TYPED_SHOWN] + "…") in said

    @settings(max_examples=12, deadline=None)
    @given(key=KEYS, place=PLACES, fmt=st.sampled_from(["jsonl", "json", "csv", "text"]))
    def test_check_shows_a_key_given_twice_cut(
            self, tmp_path_factory: pytest.TempPathFactory, key: str, place: str,
            fmt: str) -> None:
        """``check`` of an application giving a key twice: its problem is bounded whatever
        the key's length, and its place for a program (``loc``, ``pointer``, ``path``,
        ``ctx``) names the key whole, or its start with an ellipsis: never another key."""
        tmp = tmp_path_factory.mktemp("twice")
        (tmp / "a.json").write_text(_twice(key, place) + "\n", "utf-8")
        code, out, _ = _run(["check", "cnrs-amsud-2026", str(tmp / "a.json"), "--format", fmt])
        assert code == 2
        assert len(out.encode()) < MOST, len(out)
        if fmt == "csv":
            (row,) = list(csv.DictReader(io.StringIO(out)))
            assert row["path"].endswith(key if len(key) <= TYPED_SHOWN
                                        else key[:TYPED_SHOWN] + "…")
            return
        if fmt == "text":
            return
        told = json.loads(out)[0] if fmt == "json" else json.loads(out)
        (problem,) = told["input_error"]
        assert problem["type"] == "duplicate_key"
        assert _shown(problem["loc"][-1], key) and _shown(problem["ctx"]["key"], key)
        shown = problem["loc"][-1]
        assert problem["pointer"].endswith("/" + shown.replace("~", "~0").replace("/", "~1"))
        assert problem["path"].endswith(shown)


def test_a_key_of_megabytes(tmp_path: Path) -> None:
    """att85 F2's record, 6 MB, a key of 3 MB given twice: a few hundred bytes said."""
    key = "k" * 3_000_000
    (tmp_path / "r.jsonl").write_text(_twice(key, "{%s}") + "\n", "utf-8")
    code, out, err = _run(["replay", str(tmp_path / "r.jsonl"), "--format", "jsonl"])
    assert code == 2 and len(out) < MOST and len(err) < MOST
    code, out, _ = _run(["check", "cnrs-amsud-2026", str(tmp_path / "r.jsonl"),
                         "--format", "jsonl"])
    assert code == 2 and len(out) < MOST
