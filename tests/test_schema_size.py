"""What the library builds from a call is bounded by the call: the application schema grows
with the call's bytes (a vocabulary, a set of values, written once however many fields they
serve), its patterns are short enough to compile in a moment, a load error lists a few codes,
and the service keeps a bounded weight of schemas and answers checks while it builds them
(att79 F1, F2, F3, F6)."""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import re
import threading
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import httpx
import jsonschema
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

import callrules
import tests.test_input_schema  # noqa: F401  (its patch of hypothesis-jsonschema's many)
from callrules import _schema
from callrules._form import FIELDS_MODELS
from callrules._i18n import format_exact
from callrules.serve import _app, create_app
from callrules.serve._http import Size, labels
from tests.conftest import EXAMPLES, ROOT, kept_registries
from tests.laws import settings
from tests.live_server import serving

BASE = tomllib.loads((ROOT / "docs/examples/example-call.toml").read_text("utf-8"))
#: The schema's bytes without a call (the ISO tables, the models).
PLAIN = len(json.dumps(callrules.schema("application"), ensure_ascii=False).encode())
#: Schema bytes a byte of call may cost, beyond the schema without a call.
FACTOR = 8


def _write(definition: dict[str, Any], folder: Path) -> tuple[callrules.Call, int]:
    text = json.dumps(definition, ensure_ascii=False, default=str)
    path = folder / f"{definition['id']}.json"
    path.write_text(text, "utf-8")
    return callrules.Call.from_file(path), len(text.encode())


def _sharing(fields: int, values: int, label: str, items: int,
             own: bool = False, length: int = 0) -> dict[str, Any]:
    """The example call with ``fields`` declared choices served by one vocabulary of
    ``values`` codes labelled ``label`` (and a number) in two languages, and as many text
    fields each checked ``in`` one parameter set of ``items`` values, each ``length``
    characters longer (``own``: or equal to a value of its own, which sorts first, so that
    no two fields accept the same values and none is cut from what a field says)."""
    out = copy.deepcopy(BASE)
    out["id"] = "shared-sets"
    declared = {f"c{i}": {"type": "choice", "label": {"en": "C", "fr": "C"}}
                for i in range(fields)}
    declared |= {f"t{i}": {"type": "text", "max_length": 5000, "label": {"en": "T", "fr": "T"}}
                 for i in range(fields)}
    out["fields"] = {"application": declared}
    out["vocabularies"]["big"] = {
        "fields": [f"fields.c{i}" for i in range(fields)],
        "values": {f"v{j}": {"en": f"{label}{j}", "fr": f"{label.upper()}{j}"}
                   for j in range(values)}}
    out["parameters"]["accepted"] = [f"{label}{j}{'x' * length}" for j in range(items)]
    for i in range(fields):
        out["clauses"].append({"id": f"k{i}", "title": {"en": "K", "fr": "K"},
                               "text": {"en": "K", "fr": "K"}})
        check = {"op": "in", "path": f"fields.t{i}", "set": {"param": "accepted"}}
        if own:
            check = {"op": "any", "rules": [check, {
                "op": "compare", "path": f"fields.t{i}", "cmp": "==", "to": f"-{i}"}]}
        out["rules"].append({"clause": f"k{i}", "check": check})
    return out


@settings(max_examples=12, deadline=None)
@given(fields=st.integers(2, 30), values=st.integers(1, 60),
       label=st.text(st.sampled_from("aéΐﷺß ẞkK"), min_size=1, max_size=40),
       items=st.integers(1, 200), own=st.booleans(), length=st.integers(0, 3000))
def test_a_schema_grows_with_its_call_not_with_its_fields(
        tmp_path_factory: pytest.TempPathFactory, fields: int, values: int, label: str,
        items: int, own: bool, length: int) -> None:
    """Law: the application schema of a call is at most the schema without a call plus
    ``FACTOR`` times the call's bytes, however many fields share one vocabulary or one set
    of values; and it still accepts each code at each field the vocabulary serves, refuses
    what is not one. Before, each field copied the vocabulary (labels, pattern) and the set
    (as examples, in its description): a call of 66 KB made a schema of 47 MB (713 times).
    A field says at most ``SAID_MOST`` of the values it accepts, and at most
    ``SAID_CHARACTERS`` characters of them past the first: fields each reading one set of
    values 5,000 characters long and one of their own made a schema of 72 MB from a call of
    344 KB (look74h 1)."""
    call, size = _write(_sharing(fields, values, label.strip() or "x", items, own, length),
                        tmp_path_factory.mktemp("calls"))
    schema = callrules.schema("application", call=call, locale="fr")
    written = len(json.dumps(schema, ensure_ascii=False).encode())
    assert written <= PLAIN + FACTOR * size, (written, size)
    validator = jsonschema.Draft202012Validator(schema["$defs"]["ApplicationFields"] | {
        "$defs": schema["$defs"]})
    assert validator.is_valid({"c0": "v0", f"c{fields - 1}": f"v{values - 1}"})
    assert not validator.is_valid({"c1": "nowhere"})
    for prop in schema["$defs"]["ApplicationFields"]["properties"].values():
        said = schema["$defs"].get(str(prop.get("$ref")).rsplit("/", 1)[-1], prop)
        examples = said.get("examples", ())
        assert len(examples) <= _schema.SAID_MOST
        assert len(examples) <= 1 or sum(map(len, examples)) <= _schema.SAID_CHARACTERS


#: Where a level's declared fields are, from the application, and the list a rule walks to
#: read them (None: read where the application's rules stand).
_LEVELS = {"application": ("fields", None), "host": ("host.fields", None),
           "visitors": ("fields", "visitors")}


def _many(level: str, fields: int) -> int:
    """The fields declared at ``level``: at most 30 a visitor's (a rule over each visitor
    reading more costs more work than a call may ask of one application)."""
    return min(fields, 30) if level == "visitors" else fields


def _reading(levels: list[str], fields: int, sets: list[tuple[int, int]], rules: int,
             own: bool) -> dict[str, Any]:
    """The example call with ``fields`` declared text fields at each of ``levels``, read by
    ``rules`` rules a level (one rule reading many fields: an ``all``), each field ``in``
    one of the parameter sets (``sets``: each its number of values and their length, past
    ``SAID_CHARACTERS`` together or not) and (``own``) or equal to a value of its own, so that
    no two fields say the same. (A budget line's fields are read as a visitor's are: a rule
    over each line of a budget; the work a rule may cost bounds how many a call may hold.)"""
    out = copy.deepcopy(BASE)
    out["id"] = "one-rule-many-fields"
    out["fields"] = {level: {f"t{i}": {"type": "text", "max_length": 5000}
                             for i in range(_many(level, fields))} for level in levels}
    for j, (count, length) in enumerate(sets):
        out["parameters"][f"s{j}"] = [f"z{j}-{k}".ljust(length, "x") for k in range(count)]
    out["clauses"].append({"id": "many", "title": {"en": "K", "fr": "K"},
                           "text": {"en": "K", "fr": "K"}})
    for level in levels:
        prefix, walked = _LEVELS[level]
        read = [{"op": "in", "path": f"{prefix}.t{i}", "set": {"param": f"s{i % len(sets)}"}}
                for i in range(_many(level, fields))]
        if own:
            read = [{"op": "any", "rules": [check, {"op": "compare", "path": check["path"],
                                                    "cmp": "==", "to": f"{level[0]}{i}"}]}
                    for i, check in enumerate(read)]
        for r in range(rules):
            check: dict[str, Any] = {"op": "all", "rules": read[r::rules]}
            if not check["rules"]:
                continue
            if walked is not None:
                check = {"op": "each", "path": walked, "rule": check}
            out["rules"].append({"clause": "many", "check": check})
    return out


@settings(max_examples=8, deadline=None)
@given(levels=st.lists(st.sampled_from(sorted(_LEVELS)), min_size=1, max_size=3, unique=True),
       fields=st.integers(2, 90),
       sets=st.lists(st.tuples(st.integers(1, 12), st.integers(1, 700)), min_size=1,
                     max_size=3),
       rules=st.integers(1, 3), own=st.booleans())
def test_one_rule_reading_many_fields_grows_with_its_call(
        tmp_path_factory: pytest.TempPathFactory, levels: list[str], fields: int,
        sets: list[tuple[int, int]], rules: int, own: bool) -> None:
    """Law: however many fields one rule (or a few) reads, on however many levels, each
    ``in`` a parameter set and equal to a value of its own, the application schema is at most
    the schema without a call plus ``FACTOR`` times the call's bytes; each field says only
    values its rules accept. Before, each field said up to
    ``SAID_CHARACTERS`` of the set's values (three times: ``examples``, its description, the
    values it inserts) where the call names the set once: 200 fields read by one rule made a
    schema of 1.34 MB from a call of 73 KB (16.6 times; 21.3 on two levels: att81 F5)."""
    call, size = _write(_reading(levels, fields, sets, rules, own),
                        tmp_path_factory.mktemp("calls"))
    schema = callrules.schema("application", call=call, locale="fr")
    written = len(json.dumps(schema, ensure_ascii=False).encode())
    assert written <= PLAIN + FACTOR * size, (written, size, written / size)
    for level in levels:
        holder = schema["$defs"][FIELDS_MODELS[level]]
        for i, prop in enumerate(holder["properties"][f"t{j}"]
                                 for j in range(_many(level, fields))):
            said = schema["$defs"].get(str(prop.get("$ref")).rsplit("/", 1)[-1], prop)
            accepted = {*call.parameters[f"s{i % len(sets)}"].value,
                        *([f"{level[0]}{i}"] if own else [])}
            assert set(said.get("examples", ())) <= accepted, (level, i)


def _overlapping(sets: int, count: int, length: int, reads: int, fields: int, pool: int,
                 alone: bool, served: bool) -> tuple[dict[str, Any], dict[str, set[str]]]:
    """The example call with up to ``fields`` declared text fields, each ``in`` ``reads`` of
    ``sets`` parameter sets (each ``count`` values ``length`` characters long, a field's
    sets the next combination of them), equal to one of ``pool`` values of
    their own (0: none), and (``alone``) ``in`` a set of one value only it reads, sorted
    after the shared ones: fields whose values differ only past the ``SAID_MOST`` first
    said (look76s 1), or that read only shared sets of long values (look76s 3). ``served``:
    the fields are choices one vocabulary serves, its codes short, their labels ``length``
    characters long (optional, each field's schema an ``anyOf`` holding a ``$ref``, written
    where it stands: look76s 2). With the values each field accepts (and, served, their
    labels)."""
    out = copy.deepcopy(BASE)
    out["id"] = "overlapping"
    combos = list(itertools.islice(itertools.combinations(range(sets), min(reads, sets)),
                                   fields))
    out["fields"] = {"application": {f"t{i}": {"type": "text", "max_length": 5000}
                                     for i in range(fields)}}
    for j in range(sets):
        out["parameters"][f"s{j}"] = [f"m{j}-{k:02d}".ljust(1 if served else length, "x")
                                      for k in range(count)]
    out["clauses"].append({"id": "many", "title": {"en": "K", "fr": "K"},
                           "text": {"en": "K", "fr": "K"}})
    accepted: dict[str, set[str]] = {}
    checks = []
    for i in range(fields):
        combo = combos[i % len(combos)]
        field = f"fields.t{i}"
        read: list[dict[str, Any]] = [{"op": "in", "path": field, "set": {"param": f"s{j}"}}
                                      for j in combo]
        accepted[f"t{i}"] = {v for j in combo for v in out["parameters"][f"s{j}"]}
        if pool:
            read.append({"op": "compare", "path": field, "cmp": "==", "to": f"a{i % pool}"})
            accepted[f"t{i}"].add(f"a{i % pool}")
        if alone:
            out["parameters"][f"z{i}"] = [f"z{i}"]
            read.append({"op": "in", "path": field, "set": {"param": f"z{i}"}})
            accepted[f"t{i}"].add(f"z{i}")
        checks.append({"op": "any", "rules": read})
    out["rules"].append({"clause": "many", "check": {"op": "all", "rules": checks}})
    if served:
        codes = sorted(set().union(*accepted.values()))
        labels = {code: {lang: f"{lang}-{code}-".ljust(length, "é") for lang in ("en", "fr")}
                  for code in codes}
        for start in range(0, fields, 50):  # (a vocabulary serves at most 50 fields)
            out["vocabularies"][f"big{start}"] = {
                "fields": [f"fields.t{i}" for i in range(start, min(fields, start + 50))],
                "values": labels}
        for declared in out["fields"]["application"].values():
            declared.clear()
            declared.update({"type": "choice", "label": {"en": "C", "fr": "C"}})
        accepted = {field: values | {label for code in values for label in labels[code].values()}
                    for field, values in accepted.items()}
    return out, accepted


@settings(max_examples=10, deadline=None)
@given(sets=st.integers(1, 11), count=st.integers(1, 70), length=st.integers(1, 120),
       reads=st.integers(1, 3), fields=st.integers(2, 165), pool=st.integers(0, 3),
       alone=st.booleans(), served=st.booleans())
@example(sets=1, count=60, length=3, reads=1, fields=3, pool=2, alone=True,
         served=False)  # look76s 1
@example(sets=11, count=5, length=30, reads=3, fields=165, pool=0, alone=False,
         served=False)  # look76s 3
@example(sets=1, count=20, length=50, reads=1, fields=100, pool=1, alone=False,
         served=True)  # look76s 2
def test_each_field_says_values_it_accepts_within_its_call(
        tmp_path_factory: pytest.TempPathFactory, sets: int, count: int, length: int,
        reads: int, fields: int, pool: int, alone: bool, served: bool) -> None:
    """Law: fields reading overlapping parameter sets (past the ``SAID_MOST`` values a field
    says, or so many that a set's allowance leaves each little) each say only values their
    rules accept, as ``examples`` and in the values their description lists, each still says
    what it accepts (a description, in every language), and the schema is at most the schema
    without a call plus ``FACTOR`` times the call, choices a vocabulary serves as well. Before,
    a field whose values differed from another's only past the first 49 said the other's
    (« za », which its rules refuse: look76s 1), 165 fields each reading 3 of 11 sets said
    nothing at all (look76s 3), and 100 choices each reading one set of 20 codes and one
    code more, all alike, made a schema 13.4 times their call (look76s 2)."""
    definition, accepted = _overlapping(sets, count, length, reads, fields, pool, alone,
                                        served)
    call, size = _write(definition, tmp_path_factory.mktemp("calls"))
    for locale in ("fr", "en", "es", "pt"):
        schema = callrules.schema("application", call=call, locale=locale)
        written = len(json.dumps(schema, ensure_ascii=False).encode())
        assert written <= PLAIN + FACTOR * size, (written, size, written / size)
        for field, values in accepted.items():
            prop = schema["$defs"]["ApplicationFields"]["properties"][field]
            said = schema["$defs"].get(str(prop.get("$ref")).rsplit("/", 1)[-1], prop)
            assert "description" in said, (locale, field)
            assert set(said.get("examples", ())) <= values, (locale, field)
            listed = said.get("x-callrules-inserted", ())
            assert set(listed) <= values, (locale, field, listed)


@settings(max_examples=10, deadline=None)
@given(values=st.integers(1, 400), length=st.integers(1, 150),
       char=st.sampled_from("aéΐßǅ"))
def test_a_label_pattern_is_never_longer_than_its_bound(
        tmp_path_factory: pytest.TempPathFactory, values: int, length: int,
        char: str) -> None:
    """Law: every pattern of a call's schema is at most ``PATTERN_MOST`` characters (a
    vocabulary whose labels would make it longer has none: its codes only are accepted), and
    compiles. Before, a call of 797 KB made one pattern of 9.5 million characters, which
    Python's ``re`` took 70 s to compile."""
    definition = copy.deepcopy(BASE)
    definition["vocabularies"]["host_kind"]["values"].update({
        f"v{j}": {"en": f"{char * length}{j}", "fr": f"{char.upper() * length}{j}"}
        for j in range(values)})
    call, _ = _write(definition, tmp_path_factory.mktemp("calls"))
    text = json.dumps(callrules.schema("application", call=call))
    patterns = [json.loads(f'"{p}"') for p in re.findall(r'"pattern": "((?:[^"\\]|\\.)*)"',
                                                         text)]
    assert patterns and max(map(len, patterns)) <= _schema.PATTERN_MOST
    for pattern in patterns:
        re.compile(pattern)


def test_a_load_error_lists_a_few_codes(tmp_path: Path) -> None:
    """A rule naming a code a vocabulary of thousands lacks is refused in a message that
    lists the first codes and counts the others. Before, it listed every one (95,075
    characters for 4,990 codes)."""
    definition = copy.deepcopy(BASE)
    definition["vocabularies"]["host_kind"]["values"].update({
        f"code-{j:05d}": {"en": f"l{j}", "fr": f"e{j}"} for j in range(3000)})
    definition["parameters"]["host_kinds"] = ["nope"]
    with pytest.raises(callrules.DefinitionError) as refused:
        _write(definition, tmp_path)
    assert refused.value.code == "not_in_vocabulary"
    assert len(str(refused.value)) < 2000 and "2984 more" in str(refused.value)


LANGUAGES = ("fr", "en", "es", "pt")


def test_the_schemas_kept_are_bounded() -> None:
    """The service keeps at most ``KEPT_SCHEMA_BYTES`` of schemas, the least recently asked
    for let go of, and answers each language as it is built. Before, it kept every schema of
    every call in every language for its life (a call of 90 KB: 81 MB became 1,334 MB)."""
    with mock.patch.object(_app, "KEPT_SCHEMA_BYTES", 300_000):
        app = create_app()
        with serving(app) as base, httpx.Client(base_url=base, timeout=60) as http:
            for _ in range(2):
                for lang in LANGUAGES:
                    answer = http.get("/calls/cnrs-amsud-2026/schema",
                                      headers={"Accept-Language": lang})
                    assert answer.status_code == 200
                    assert answer.headers["content-language"] == lang
                    kept = app.state.kept_schemas
                    assert 0 < sum(map(len, kept.values())) <= 300_000
            assert len(kept) < len(LANGUAGES)


@contextmanager
def _asked_in_every_language(http: httpx.Client, release: threading.Event) -> Iterator[None]:
    """The bundled call's schema asked in every language at once, each in a thread of its
    own, while the block runs; on leaving it (however), ``release`` set and every answer
    awaited."""
    asked = [threading.Thread(target=http.get, args=("/calls/cnrs-amsud-2026/schema",),
                              kwargs={"headers": {"Accept-Language": lang}})
             for lang in LANGUAGES]
    for thread in asked:
        thread.start()
    try:
        yield
    finally:
        release.set()
        for thread in asked:
            thread.join()


def test_a_check_is_answered_while_schemas_are_built() -> None:
    """A check does not wait behind schemas being built (as long as they take). Before, they
    were built on the checks' two threads: a check of another call waited 66.8 s behind 40
    of them."""
    release = threading.Event()
    real = _app.json_schema

    def slow(*args: Any) -> Any:
        release.wait(30)
        return real(*args)

    body = (EXAMPLES / "eligible.json").read_bytes()
    with mock.patch.object(_app, "json_schema", slow), serving(create_app()) as base, \
            httpx.Client(base_url=base, timeout=60) as http, \
            _asked_in_every_language(http, release):
        answer = http.post("/calls/cnrs-amsud-2026/check", content=body, timeout=10,
                           headers={"Content-Type": "application/json"})
        assert answer.status_code == 200
        assert not release.is_set()  # (answered while the schemas were still building)


def test_a_schema_heavier_than_kept_is_built_once_then_refused() -> None:
    """A schema heavier than the service keeps (``KEPT_SCHEMA_BYTES``) is built once in a
    language, however many ask for it at once or after, and refused in words (507
    ``schema_too_large``) each time: never built again. Before, it was built again at each
    ask (look74h 2: 1.8–2.7 s each for a 72 MB schema), keeping the builder busy."""
    built = mock.Mock(wraps=_app.json_schema)
    with mock.patch.object(_app, "KEPT_SCHEMA_BYTES", 1000), \
            mock.patch.object(_app, "json_schema", built), serving(create_app()) as base, \
            httpx.Client(base_url=base, timeout=60) as http:
        def ask(lang: str) -> httpx.Response:
            return http.get("/calls/cnrs-amsud-2026/schema", headers={"Accept-Language": lang})

        answers: list[httpx.Response] = []
        at_once = [threading.Thread(target=lambda: answers.append(ask("fr")))
                   for _ in range(4)]
        for thread in at_once:
            thread.start()
        for thread in at_once:
            thread.join()
        answers += [ask("fr"), ask("fr"), ask("pt"), ask("pt")]
    assert built.call_count == 2  # (once in French, once in Portuguese)
    for answer in answers:
        assert answer.status_code == 507, answer.text
        problem = answer.json()
        assert problem["type"] == "urn:callrules:problem:schema_too_large"
        # its bound said as a person reads a size, in the reader's digits: « 1 000 octets »,
        # never « 0 Mio » (att85: the bound was said in whole mebibytes)
        lang = answer.headers["content-language"]
        assert problem["title"] and problem["detail"] == labels()[lang][
            "problem_schema_too_large_detail"] % {"most": Size(1000).said(lang)}
        assert format_exact(1000, lang) in problem["detail"]
    assert {answer.headers["content-language"] for answer in answers} == {"fr", "pt"}


def test_another_calls_schema_is_answered_while_one_builds(tmp_path: Path) -> None:
    """A call's schema being built (in every language at once, as long as it takes) holds up
    no other call's: their first asks are answered meanwhile, each built on its own. Before,
    one thread built every schema one after another: another call's first ask waited 8.2 s
    behind a heavy one's (look74h 2)."""
    other = copy.deepcopy(BASE)
    other["id"] = "other-call"
    _write(other, tmp_path)
    release, started = threading.Event(), threading.Event()
    real = _app.json_schema

    def slow(kind: str, call: Any, lang: Any) -> Any:
        if call.id == "cnrs-amsud-2026":
            started.set()
            release.wait(30)
        return real(kind, call, lang)

    with kept_registries(), mock.patch.object(_app, "json_schema", slow), \
            serving(create_app(tmp_path)) as base, \
            httpx.Client(base_url=base, timeout=60) as http, \
            _asked_in_every_language(http, release):
        assert started.wait(30)
        for lang in LANGUAGES:
            answer = http.get("/calls/other-call/schema", timeout=10,
                              headers={"Accept-Language": lang})
            assert answer.status_code == 200, answer.text
        assert not release.is_set()  # (answered while the first call's still built)


def test_one_app_served_in_several_loops_builds_in_each() -> None:
    """One app served again (a second session, uvicorn run again in the process: another
    event loop) builds its schemas there as in the first, every language asked at once in
    each. Before, a call's builds waited their turn on a lock kept for the app's life, bound
    to the first loop: in the next, the asks that waited on it were answered 500 (look75v 1).
    The bound keeps one schema only, so each session builds again."""
    with serving(create_app()) as base:
        most = max(len(httpx.get(f"{base}/calls/cnrs-amsud-2026/schema", timeout=60,
                                 headers={"Accept-Language": lang}).content)
                   for lang in LANGUAGES)
    real = _app.json_schema

    def slow(*args: Any) -> Any:  # (long enough for the other languages' asks to wait on it)
        threading.Event().wait(0.2)
        return real(*args)

    def ask(base: str, lang: str, answers: dict[str, int]) -> None:
        answers[lang] = httpx.get(f"{base}/calls/cnrs-amsud-2026/schema", timeout=60,
                                  headers={"Accept-Language": lang}).status_code

    app = create_app()
    with mock.patch.object(_app, "KEPT_SCHEMA_BYTES", most), \
            mock.patch.object(_app, "json_schema", mock.Mock(wraps=slow)) as built:
        for session in range(3):
            answers: dict[str, int] = {}
            with serving(app) as base:
                asked = [threading.Thread(target=ask, args=(base, lang, answers))
                         for lang in LANGUAGES]
                for thread in asked:
                    thread.start()
                for thread in asked:
                    thread.join()
            assert answers == dict.fromkeys(LANGUAGES, 200), (session, answers)
    assert built.call_count >= len(LANGUAGES) + 2 * (len(LANGUAGES) - 1)  # (built again)


def test_a_build_left_by_a_loop_abandoned_is_not_awaited_in_another() -> None:
    """A loop abandoned while a schema's build is under way (its request given up, the loop
    never run again, its build's task left pending): the same app asked the same schema in
    another loop builds it there and answers 200. Before, the other loop awaited the first
    loop's task, and answered 500 ("attached to a different loop")."""
    started, release = threading.Event(), threading.Event()
    real = _app.json_schema

    def held(*args: Any) -> Any:
        started.set()
        release.wait(30)
        return real(*args)

    async def ask(app: Any) -> int:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as http:
            answer = await http.get("/calls/cnrs-amsud-2026/schema",
                                    headers={"Accept-Language": "fr"})
        return answer.status_code

    async def abandoned(app: Any) -> asyncio.Task[int]:
        asked = asyncio.ensure_future(ask(app))
        while not started.is_set():  # (its build under way in the builder's thread)
            await asyncio.sleep(0.01)
        return asked

    one, two = asyncio.new_event_loop(), asyncio.new_event_loop()
    with mock.patch.object(_app, "json_schema", held):
        app = create_app()
        try:
            left = one.run_until_complete(abandoned(app))
            release.set()
            assert two.run_until_complete(asyncio.wait_for(ask(app), 60)) == 200
        finally:
            release.set()
            left.cancel()
            one.run_until_complete(asyncio.gather(left, return_exceptions=True))
            for loop in (one, two):
                loop.run_until_complete(loop.shutdown_default_executor())
                loop.close()


def _shared_both_ways() -> dict[str, Any]:
    """The bundled call, its vocabulary ``staff_category`` serving a visitor's category and
    six declared choices (required, may be null, a list, the host's, a visitor's, a budget
    line's), five of them read by rules ``in`` one set (so each says what it accepts, alike:
    an ``accepted-*`` in ``$defs``) (look74h 3)."""
    from callrules.calls import __file__ as calls
    out = tomllib.loads((Path(calls).parent / "cnrs-amsud-2026.toml").read_text("utf-8"))
    out["id"] = "shared-vocab"

    def label(text: str) -> dict[str, str]:
        return {lang: f"{text} ({lang})" for lang in out["languages"]}

    out["fields"] = {
        "application": {"c0": {"type": "choice", "required": True, "label": label("C0")},
                        "c1": {"type": "choice", "label": label("C1")},
                        "cl": {"type": "choice", "list": True, "label": label("CL")}},
        "visitors": {"vc": {"type": "choice", "label": label("VC")}},
        "host": {"hc": {"type": "choice", "required": True, "label": label("HC")}},
        "budget_lines": {"bc": {"type": "choice", "label": label("BC")}}}
    out["vocabularies"]["staff_category"]["fields"] = [
        "visitors.category", "fields.c0", "fields.c1", "fields.cl", "visitors.fields.vc",
        "host.fields.hc", "budget.lines.fields.bc"]
    for i, path in enumerate(["fields.c0", "fields.c1", "host.fields.hc"]):
        out["clauses"].append({"id": f"x{i}", "title": label("K"), "text": label("K")})
        out["rules"].append({"clause": f"x{i}", "check": {
            "op": "in", "path": path, "set": {"param": "technical_categories"}}})
    out["clauses"].append({"id": "xv", "title": label("K"), "text": label("K")})
    out["rules"].append({"clause": "xv", "check": {"op": "each", "path": "visitors", "rule": {
        "op": "in", "path": "fields.vc", "set": {"param": "technical_categories"}}}})
    return out


_SHARED_SCHEMA = callrules.schema("application", locale="fr", call=callrules.Call.from_dict(
    json.loads(json.dumps(_shared_both_ways(), default=str))))


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_a_shared_field_is_drawn_by_hypothesis_jsonschema(data: st.DataObject) -> None:
    """hypothesis-jsonschema (a consumer the docs name) draws a valid value at each field a
    shared vocabulary serves, and what it draws the call reads at that field. Before, a
    field that may be null, sharing its vocabulary and what it accepts, had an
    ``accepted-*`` ``$ref`` beside an ``anyOf`` holding the vocabulary's ``$ref``, and
    hypothesis-jsonschema 0.23 failed (PointerToNowhere) (look74h 3)."""
    schema = _SHARED_SCHEMA
    model, field = data.draw(st.sampled_from([
        ("ApplicationFields", "c0"), ("ApplicationFields", "c1"), ("HostFields", "hc"),
        ("VisitorFields", "vc"), ("BudgetLineFields", "bc"), ("Visitor", "category")]))
    node = schema["$defs"][model]["properties"][field] | {
        "$schema": schema["$schema"],
        "$defs": {key: value for key, value in schema["$defs"].items() if "-" in key}}
    value = data.draw(from_schema(node))
    assert jsonschema.Draft202012Validator(node).is_valid(value), (field, value)


@pytest.mark.parametrize("most", [1000, 64 * 2**20, 10**10])
def test_the_bound_is_said_without_parentheses_in_parentheses(most: int) -> None:
    """A size in bytes past a kibibyte is said with its bytes in parentheses ("64 MiB
    (67,108,864 bytes)"): the detail holds it without a pair of its own around it. Before:
    "…sends (64 MiB (67,108,864 bytes)); ask…" (look77v)."""
    for lang in ("fr", "en", "es", "pt"):
        detail = labels()[lang]["problem_schema_too_large_detail"] % {
            "most": Size(most).said(lang)}
        depth = 0
        for sign in detail:
            depth += {"(": 1, ")": -1}.get(sign, 0)
            assert depth in (0, 1), detail
        assert depth == 0, detail
