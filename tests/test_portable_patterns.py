"""Every pattern the library publishes (the application schema, with or without a call, and
the call file's) means one thing in Python's ``re`` (jsonschema, hypothesis-jsonschema) and
in a browser's ECMA-262 (ajv, ``new RegExp(p, "u")``, a form's ``pattern`` attribute), on
the texts where they could part: a final line feed (which Python's ``$`` matched before:
``"Claire\\n"`` was a valid name to jsonschema, refused by ``check`` and by Chromium, att83
F1), ``\\r\\n``, U+2028, U+0085, digits and spaces beyond ASCII (``\\d`` and ``\\s`` are
ASCII in one, Unicode in the other)."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable, Iterator
from re import _constants as _c  # (the parsed form of a pattern: its structure checked)
from re import _parser
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

import callrules
from callrules._schema import json_schema
from tests.browser_regexps import evaluating, schema_patterns
from tests.conftest import EXAMPLES, ROOT
from tests.dialect_texts import variants
from tests.laws import settings


def _strings(node: Any) -> Iterator[str]:
    """Every text of a JSON value (its keys too)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str):
        yield node


def _listed(node: Any) -> Iterator[str]:
    """The texts a schema gives as values: its ``examples`` and ``const``."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("examples", "const"):
                yield from _strings(value)
            elif key != "enum":
                yield from _listed(value)
    elif isinstance(node, list):
        for value in node:
            yield from _listed(value)


def _hostile_call() -> callrules.Call:
    """The bundled call with labels holding what a pattern writes with care (a dollar, a dot,
    a backslash, brackets, a character outside the Basic Multilingual Plane, digits and a
    space) and a declared choice of such values and a decimal field."""
    data = tomllib.loads((ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8"))
    data["id"] = "hostile-2026"
    values = data["vocabularies"]["staff_category"]["values"]
    values["engineer"] = {lang: f"Ing. $1 (\\d) [x] 𝔥 {lang}" for lang in values["engineer"]}
    data["fields"] = {"application": {
        "choice": {"type": "choice", "values": ["a.b", "$x", "k\\s", "10 €"]},
        "rate": {"type": "decimal"}}}
    return callrules.Call.from_dict(data)


def _published() -> dict[str, dict[str, Any]]:
    """The schemas the library publishes: the application's without a call, with each
    bundled call, each call of the docs' examples and of the tests' data, a call labelled
    with what a pattern writes with care; and the call file's."""
    calls = {path.stem: callrules.Call.from_file(path) for path in (
        *sorted((ROOT / "src/callrules/calls").glob("*.toml")),
        *sorted((ROOT / "docs/examples").glob("*-call.toml")),
        *sorted((ROOT / "tests/data").glob("good-*.toml")))}
    calls["hostile"] = _hostile_call()
    out = {"application": json_schema("application"), "call file": json_schema("call")}
    out |= {name: json_schema("application", call) for name, call in calls.items()}
    return out


PUBLISHED = _published()
PATTERNS = sorted({p for schema in PUBLISHED.values() for p in schema_patterns(schema)})
#: Texts the patterns are meant for: every text of the example applications, and the values
#: the schemas give (``examples``, ``const``), which some patterns take and others refuse.
SEEDS = sorted({text for path in (*sorted(EXAMPLES.glob("*.json")),
                                  *sorted((ROOT / "docs/examples").glob("*-application.json")))
                for text in _strings(json.loads(path.read_text("utf-8")))}
               | {text for schema in PUBLISHED.values() for text in _listed(schema)})

#: A browser's reading of each pattern of texts (ECMA-262 without a flag, with ``u``, with
#: ``v``): for each, a ``1`` for each text it matches and a ``0`` for each it does not, or
#: why it does not compile.
_ECMA = """([patterns, texts]) => patterns.map((p, i) => ['', 'u', 'v'].map(flags => {
    let r; try { r = new RegExp(p, flags); } catch (e) { return 'refused: ' + e.message; }
    return (texts[i] || texts[0]).map(t => r.test(t) ? '1' : '0').join(''); }))"""


@pytest.fixture(scope="module")
def ecma() -> Iterator[Callable[[list[str], list[list[str]]], list[list[str]]]]:
    """How a browser's regular expressions read patterns, in one headless Chromium (which CI
    installs, and must run: without it this fails under CI, as the page's tests do): for
    each pattern, its texts (or the first pattern's), read in one evaluation."""
    with evaluating(_ECMA) as read:
        yield read


def _python(pattern: str, texts: list[str]) -> str:
    """Python's reading of ``pattern`` (``re.search``, as jsonschema applies it) of each text,
    as :data:`_ECMA` writes a browser's."""
    compiled = re.compile(pattern)
    return "".join("1" if compiled.search(text) else "0" for text in texts)


def _parted(patterns: list[str], texts: list[list[str]],
            readings: list[list[str]]) -> list[tuple[str, str, str]]:
    """Where a browser's reading (any flag) and Python's part: (pattern, text, readings)."""
    out = []
    for i, (pattern, read) in enumerate(zip(patterns, readings, strict=True)):
        said = texts[i] if i < len(texts) else texts[0]
        python = _python(pattern, said)
        for flag, ecma in zip(("", "u", "v"), read, strict=True):
            if ecma != python:
                parted = [t for t, a, b in zip(said, python, ecma, strict=False) if a != b]
                out.append((pattern[:120], ascii(parted[:3]), f"flag {flag!r}: {ecma[:40]}"))
    return out


class TestEveryPublishedPatternReadsAlike:
    def test_on_the_texts_of_the_examples_with_every_ending(self, ecma: Any) -> None:
        """Every pattern of every published schema (40: the application's, with the bundled
        call, the docs' and the tests' calls, one labelled with ``$``, dots, brackets and
        ``𝔥``; the call file's), over every text of the example applications and the
        schemas' values, each also ending in a line break of every kind, after one, and
        with digits and spaces beyond ASCII: a browser (no flag, ``u``, ``v``) and Python
        match the same texts. Before: ``Claire\\n`` and ``2026-06-01\\n`` matched in Python
        only (36 fields of the bundled call's schema took a final line feed, att83 F1)."""
        texts = sorted({variant for seed in SEEDS for variant in variants(seed)})
        readings = ecma(PATTERNS, [texts])
        assert _parted(PATTERNS, [texts], readings) == []

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def test_the_law_on_texts_each_pattern_takes(self, ecma: Any, data: st.DataObject) -> None:
        """The law, on texts drawn from each pattern (hypothesis reads it as Python does),
        then ended, begun or written with what the dialects could read otherwise: a browser
        and Python match the same ones."""
        patterns = data.draw(st.lists(st.sampled_from(PATTERNS), min_size=1, max_size=4,
                                      unique=True))
        texts = [sorted({variant for text in data.draw(st.lists(st.from_regex(
                     pattern, fullmatch=True), min_size=1, max_size=3))
                         for variant in variants(text)}) for pattern in patterns]
        assert _parted(patterns, texts, ecma(patterns, texts)) == []


#: The one class that stands for any character (``\\s`` and ``\\S`` in it mean all of them
#: together in every dialect).
_ANY_CHARACTER = [(_c.CATEGORY, _c.CATEGORY_SPACE), (_c.CATEGORY, _c.CATEGORY_NOT_SPACE)]


def _unportable(items: Any) -> list[str]:
    """What a parsed pattern holds that some dialect reads otherwise: ``$`` (Python's
    matches before a final line feed), ``\\Z``, ``\\A``, ``\\b``, ``.``, ``\\d``, ``\\w``,
    ``\\s`` but in ``[\\s\\S]``."""
    found: list[str] = []
    for op, av in items:
        if op is _c.AT and av not in (_c.AT_BEGINNING,):
            found.append(str(av))
        elif op in (_c.ANY, _c.CATEGORY):
            found.append(str(op))
        elif op is _c.IN and av != _ANY_CHARACTER:
            found += [f"{kind} in a class" for kind, _ in av if kind is _c.CATEGORY]
        elif op is _c.SUBPATTERN:
            found += _unportable(av[-1])
        elif op is _c.BRANCH:
            for branch in av[1]:
                found += _unportable(branch)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            found += _unportable(av[2])
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            found += _unportable(av[1])
        elif op in (_c.ATOMIC_GROUP, _c.GROUPREF_EXISTS):
            found.append(str(op))
    return found


@pytest.mark.parametrize("pattern", PATTERNS, ids=range(len(PATTERNS)))
def test_a_published_pattern_holds_nothing_a_dialect_reads_otherwise(pattern: str) -> None:
    """The form of every published pattern, read without a browser (so that a run without
    one still says it): no ``$`` (its end is ``(?![\\s\\S])``, which no dialect matches
    before a character), no ``\\Z`` or ``\\A`` (Python's alone), no ``.``, ``\\d``, ``\\w``,
    ``\\s`` or ``\\b`` (other characters in each dialect) but the class ``[\\s\\S]``, no
    inline flag. Before: 21 of them ended with ``$``."""
    parsed = _parser.parse(pattern)
    assert parsed.state.flags & ~re.UNICODE == 0, pattern
    assert _unportable(parsed) == [], pattern
