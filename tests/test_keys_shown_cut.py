"""A key the application (or a decision record) wrote, shown cut whatever its length.

A key given twice in a record was quoted whole by ``callrules replay`` (a 3 MB key: 3 MB on
standard output and 3 MB on the error stream, in every format), and ``check`` wrote an
application's key given twice whole in the ``loc``, ``pointer``, ``path`` and ``ctx`` of its
problem (12 MB of JSON Lines for a 6 MB application: att85 F2). Every output now shows such a
key as a message quotes a text typed: at most ``TYPED_SHOWN`` characters, an ellipsis after;
a place for a program (:func:`callrules.exceptions.shown_loc`) adds ``sha256:`` and the whole
key's digest after the ellipsis, so that two different keys are never shown alike (cut to 100
characters alone, keys sharing their first 100 and a real 101-character key ending in ``…``
gave equal problems: look77o F1).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callrules import InputProblem
from callrules._cli import main
from callrules._i18n import visible
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
    """Whether ``part`` shows ``key`` as a place shows it: whole, or cut with its ellipsis and
    the SHA-256 digest of the whole key."""
    return part == key if len(key) <= TYPED_SHOWN else part == (
        key[:TYPED_SHOWN] + "…sha256:" + hashlib.sha256(key.encode()).hexdigest())


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
        assert "sha256" not in said  # (the words a person reads: cut, no digest)

    @settings(max_examples=12, deadline=None)
    @given(key=KEYS, place=PLACES, fmt=st.sampled_from(["jsonl", "json", "csv", "text"]))
    def test_check_shows_a_key_given_twice_cut(
            self, tmp_path_factory: pytest.TempPathFactory, key: str, place: str,
            fmt: str) -> None:
        """``check`` of an application giving a key twice: its problem is bounded whatever
        the key's length, and its place for a program (``loc``, ``pointer``, ``path``,
        ``ctx``) names the key whole, or its start with an ellipsis and its digest."""
        tmp = tmp_path_factory.mktemp("twice")
        (tmp / "a.json").write_text(_twice(key, place) + "\n", "utf-8")
        code, out, _ = _run(["check", "cnrs-amsud-2026", str(tmp / "a.json"), "--format", fmt])
        assert code == 2
        assert len(out.encode()) < MOST, len(out)
        if fmt == "csv":
            (row,) = list(csv.DictReader(io.StringIO(out)))
            assert row["path"].endswith(_one(key))
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


def _one(key: str) -> str:
    """``key`` as a place for a program shows it (for the CSV's path, read from its end)."""
    return key if len(key) <= TYPED_SHOWN else (
        key[:TYPED_SHOWN] + "…sha256:" + hashlib.sha256(key.encode()).hexdigest())


#: Keys around the cut: sharing their first 100 characters (one a real key of 101 ending in
#: the ellipsis, or in the ellipsis and a digest's start), of any length around 100.
NEAR_KEYS = st.tuples(st.sampled_from(["a", "é", "/", "~"]), st.integers(95, 110),
                      st.sampled_from(["", "x", "y", "…", "…sha256:", "xy"])).map(
    lambda made: made[0] * made[1] + made[2])


@settings(max_examples=60, deadline=None)
@given(keys=st.lists(st.one_of(NEAR_KEYS, KEYS), min_size=2, max_size=6, unique=True),
       depth=st.sampled_from([(), ("host",), ("visitors", 1)]))
def test_two_keys_are_never_shown_alike(keys: list[str], depth: tuple[str | int, ...]) -> None:
    """Different keys at the same place give different problems for a program: each
    ``pointer`` (and ``loc``, ``path``) is its own, bounded, and a key shown cut carries its
    whole key's digest. (Cut to its first 100 characters alone, ``"a" * 100 + "x"``,
    ``"a" * 100 + "y"`` and the real key ``"a" * 100 + "…"`` gave three equal problems, each
    pointing at the real key: look77o F1.)"""
    said = [InputProblem((*depth, key), "extra_forbidden", "not expected",
                         ctx={"key": key}).to_dict() for key in keys]
    for shape in ("pointer", "path"):
        assert len({str(one[shape]) for one in said}) == len(keys), shape
    assert len({json.dumps(one["loc"]) for one in said}) == len(keys)
    for one, key in zip(said, keys, strict=True):
        assert _shown(one["loc"][-1], key) and _shown(one["ctx"]["key"], key)
        assert len(one["loc"][-1]) <= TYPED_SHOWN + 72


def test_keys_sharing_their_start_in_one_application(tmp_path: Path) -> None:
    """look77o's record: three keys sharing their first 100 characters (one of them a real
    key of 101 ending in ``…``), one of exactly 100, one of 101: five problems, five pointers,
    none the pointer of another key of the record."""
    app = json.loads((Path(__file__).parent.parent / "examples" / "eligible.json").read_text())
    keys = ["a" * 100 + "x" * 50, "a" * 100 + "y" * 80, "a" * 100 + "…", "b" * 100, "c" * 101]
    app.update(dict.fromkeys(keys, 1))
    (tmp_path / "a.json").write_text(json.dumps(app), "utf-8")
    code, out, _ = _run(["check", "cnrs-amsud-2026", str(tmp_path / "a.json"),
                         "--format", "jsonl", "--at", "2026-05-30T12:00:00+02:00"])
    assert code == 2
    problems = json.loads(out)["input_error"]
    assert sorted(p["pointer"] for p in problems) == sorted("/" + _one(key) for key in keys)


#: A key of ``fields`` the call does not declare: letters, or invisible characters a message
#: names in words (about 30 characters each, in the reader's language), of any length.
UNDECLARED = st.text(alphabet=st.sampled_from("k\u200b\u00a0\t\u202e\u2060"), min_size=1,
                     max_size=12).map(lambda start: start * (1 + 6_000 // len(start))).flatmap(
    lambda long: st.integers(1, len(long)).map(lambda n: long[:n]))
#: The bytes a problem quoting such a key may take: its key cut to ``TYPED_SHOWN``
#: characters, each named in words, in ``msg`` and in ``message``.
MOST_NAMED = 16_000
EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"


@settings(max_examples=16, deadline=None)
@given(key=UNDECLARED, fmt=st.sampled_from(["jsonl", "json", "csv", "text"]),
       declaring=st.booleans())
def test_an_undeclared_key_is_quoted_cut(tmp_path_factory: pytest.TempPathFactory, key: str,
                                          fmt: str, declaring: bool) -> None:
    """A key of ``fields`` the call does not declare (``undeclared_field``, or
    ``no_declared_fields`` for a call declaring none) is quoted in the problem's words cut to
    ``TYPED_SHOWN`` characters before its invisible characters are named: the output is
    bounded whatever the key's length in every format. (Quoted whole, a key of 3,000,000
    characters was 3 MB of text, 6 MB of JSON Lines; 300,000 zero-width spaces, 0.9 MB, were
    10.8 MB of JSON Lines: att88 F1.)"""
    tmp = tmp_path_factory.mktemp("undeclared")
    if declaring:
        call = str(EXAMPLES / "postdoc-call.toml")
        app = json.loads((EXAMPLES / "postdoc-application.json").read_text("utf-8"))
    else:
        call = "cnrs-amsud-2026"
        app = json.loads((EXAMPLES.parent.parent / "examples" / "eligible.json").read_text())
    app.setdefault("fields", {})[key] = 1
    (tmp / "a.json").write_text(json.dumps(app, ensure_ascii=False), "utf-8")
    code, out, _ = _run(["check", call, str(tmp / "a.json"), "--format", fmt,
                         "--at", "2026-05-01T00:00:00Z"])
    assert code == 2
    assert len(out.encode()) < MOST_NAMED, len(out.encode())
    if fmt in ("json", "jsonl"):
        told = json.loads(out)[0] if fmt == "json" else json.loads(out)
        (problem,) = [p for p in told["input_error"] if p["loc"][:1] == ["fields"]]
        assert problem["type"] == ("undeclared_field" if declaring else "no_declared_fields")
        assert _shown(problem["loc"][-1], key)


@pytest.mark.parametrize("lang", ["en", "fr", "es", "pt"])
def test_a_message_naming_invisibles_never_splits_a_name(lang: str) -> None:
    """The key is cut before its invisible characters are named: a message quotes at most
    ``TYPED_SHOWN`` names, each whole, in every language."""
    key = "\u200b" * (TYPED_SHOWN * 3)
    problem = InputProblem(("fields", key), "no_declared_fields", "not declared",
                           ctx={"field": key})
    said = problem.message(lang)
    one = visible("\u200b", lang)
    assert said.count(one) == TYPED_SHOWN
    assert visible("\u200b" * TYPED_SHOWN, lang) + "…" in said


@pytest.mark.parametrize("lang", ["en", "fr", "es", "pt"])
@pytest.mark.parametrize("template", ["column_not_a_position", "column_position_for_name",
                                      "columns_position_and_name", "column_inside_value"])
def test_a_csv_header_s_piece_is_quoted_as_the_column_is(lang: str, template: str) -> None:
    """The piece of a CSV header's column a problem quotes (``part``: the items given both by
    position and by name, a position that is none) is quoted as the column is: its invisible
    characters named in words, cut to ``TYPED_SHOWN`` characters (session 58: a right-to-left
    override in ``visitors.0.a‮b`` went raw into the messages of CSV and JSON, reversing
    what follows it, and as the code ``\u202e`` into the text; only its column was named)."""
    part = "a\u202eb" + "\u200b" * 200
    problem = InputProblem((), "bad_column", "bad column", ctx={
        "template": template, "column": part + ".0.x", "first": part + ".y", "part": part})
    said = problem.message(lang)
    assert "\u202e" not in said and "\u200b" not in said
    assert visible("a\u202eb", lang) in said
    assert said.count(visible("\u200b", lang)) <= 3 * TYPED_SHOWN  # (three pieces at most)
