"""A message set in an HTML page has each value it inserts isolated from the library's words
around it: a call's label written right to left (a milestone in Hebrew, a kind of approval in
Arabic) cannot draw the sentence's next words or a date's day on its side. The words are the
same as on a terminal; only the page isolates them (the browser's drawing is asserted in
``tests/test_page.py``)."""

from __future__ import annotations

import contextlib
import datetime
import html
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import callrules
from callrules._inserted import CLOSE, OPEN, marking, pieces
from tests.conftest import ROOT, eligible_dict
from tests.laws import settings

NOW = datetime.datetime.fromisoformat("2026-06-02T09:00:00+02:00")
LANGS = ("en", "fr", "es", "pt")
#: Labels of a call in a script written right to left, or left to right, two letters of
#: their own script telling each value apart.
LABELS = {"he": ("מועד הגשה", "אבגדהוזחטיכלמנ"), "ar": ("جامعة القاهرة", "ابتثجحخدذرزسشص"),
          "la": ("ÉCHÉANCE", "abcdefghijklmn")}


def labelled_call(folder: Path, script: str, word: str | None = None) -> Any:
    """The bundled call, each milestone, parameter and value of a vocabulary labelled in
    ``script`` in every language (``word`` and two letters: by default ``script``'s)."""
    data = tomllib.loads((ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8"))
    word, letters = word or LABELS[script][0], LABELS[script][1]
    data["id"] = f"labelled-{script}{'-own' if word != LABELS[script][0] else ''}"
    for texts in (data["labels"]["milestones"], data["labels"]["parameters"],
                  *(v["values"] for v in data["vocabularies"].values())):
        for at, name in enumerate(texts):
            tell = letters[at % len(letters)] + letters[at // len(letters)]
            texts[name] = {lang: f"{word} {tell}" for lang in texts[name]}
    path = folder / f"{data['id']}.json"
    path.write_text(json.dumps(data, default=str), "utf-8")
    return callrules.calls.load_file(path)


@pytest.fixture(scope="module")
def calls(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("labelled")
    return {script: labelled_call(folder, script) for script in LABELS}


def refused(how: str) -> dict[str, Any]:
    """The eligible application, made to fail one rule whose message inserts a label, or to
    be refused as read (a value outside a vocabulary: the accepted values' labels)."""
    app = eligible_dict()
    if how == "late":
        app["submitted_at"] = "2026-12-01T10:00:00+01:00"
    elif how == "no approval":
        app["approvals"] = []
    elif how == "category":
        app["visitors"][0]["category"] = "researcher"
    elif how == "status":
        app["host"]["status"] = "fixed_term"
    return app


def _text(page: str) -> str:
    """What a reader of ``page`` reads: its tags left out, its entities read."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@settings(max_examples=16, deadline=None)
@given(script=st.sampled_from(sorted(LABELS)), lang=st.sampled_from(LANGS),
       how=st.sampled_from(("late", "no approval", "category", "status")))
@example(script="he", lang="fr", how="late").via("« מועד הגשה ב : 1er juin 2026 »")
def test_each_value_a_message_inserts_is_isolated_in_html(
        calls: dict[str, Any], script: str, lang: str, how: str) -> None:
    """In an HTML report and batch, each label a message inserts stands in a ``<bdi>`` of
    the page's direction, and the page reads the very words of the text; the text itself
    holds no mark of the values it inserted. Before, a message was escaped whole: a label
    written right to left drew the day of the date after it on its side."""
    call, word = calls[script], LABELS[script][0]
    app = refused(how)
    batch = callrules.evaluate_many(call, [app], progress=False, now=NOW)
    try:
        report = callrules.evaluate(call, app, now=NOW)
    except callrules.InputError as error:
        said = [p.message(lang) for p in error.problems]
        pages = [batch.html(lang)]
    else:
        said = [f.message(lang) for f in report.findings]
        pages = [report.html(lang), batch.html(lang)]
        assert OPEN not in report.render(lang) and CLOSE not in report.render(lang)
    assert any(word in message for message in said), said
    for page in pages:
        assert OPEN not in page and CLOSE not in page
        # the label is in a <bdi> of the page's direction, every time it is said
        outside = re.sub(r'<bdi dir="ltr">[^<]*</bdi>', "", page)
        assert word in _text(page) and word not in _text(outside), page
        for message in said:  # (the words of each message, as on a terminal)
            assert OPEN not in message and message[-12:] in _text(page)


def _pieces_one_at_a_time(text: str) -> list[tuple[str, bool]]:
    """:func:`callrules._inserted.pieces` as its docstring says it, one character at a time."""
    found, value, piece = [], False, ""
    for char in text:
        if char == (CLOSE if value else OPEN):
            found += [(piece, value)] if piece else []
            value, piece = not value, ""
        elif char not in (OPEN, CLOSE):  # (a mark of the other kind: dropped)
            piece += char
    return found + ([(piece, value)] if piece else [])


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", "b", " ", OPEN, CLOSE]), max_size=40))
@example(f"a{CLOSE}{CLOSE}b{OPEN}c{OPEN}d{CLOSE}{OPEN}").via("marks stray and doubled")
def test_a_text_is_cut_at_its_marks_as_said(text: str) -> None:
    """A page cuts a message at its marks as a walk over its characters does: each mark
    ending its piece, a mark of the other kind dropped, an open value running to the end
    (in one pass: before, each stray mark rebuilt the rest of the text, 28.9 s for a key
    of 80,000 stray marks in a batch's page)."""
    assert pieces(text) == _pieces_one_at_a_time(text)


#: Any text an applicant may type: any character but a lone surrogate (UTF-8 has none),
#: the marks and their escape among them, and lone surrogates too, which a JSON body escapes
#: (``"\\ud800"``) and reading makes the replacement character.
_TYPED = st.text(st.one_of(
    st.characters(), st.sampled_from([OPEN, CLOSE, "\ufdd2", "\ufffd", "\u0301", "\u200f",
                                      "\ud800", "\udfff", "0", "1", "2"])), min_size=1, max_size=12)
#: Fields whose messages insert the value typed (a visitor's category, a currency).
_FIELDS = {"category": ("visitors", 0, "category"),
           "currency": ("budget", "lines", 0, "amount", "currency")}


@pytest.fixture(scope="module")
def service() -> Any:
    import httpx

    from callrules.serve import create_app
    from tests.live_server import serving
    with serving(create_app()) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield client


@settings(max_examples=30, deadline=None)
@given(typed=_TYPED, field=st.sampled_from(sorted(_FIELDS)), lang=st.sampled_from(LANGS))
@example(typed="\ufdd0", field="currency", lang="en").via("listed as U+FFFD, kept in the message")
@example(typed="a\ufdd2" + "0\ufdd1", field="category", lang="fr").via("the escape's own")
def test_each_value_listed_as_inserted_stands_in_its_message(
        service: Any, typed: str, field: str, lang: str) -> None:
    """Whatever text an applicant typed (noncharacters, the marks themselves, lone
    surrogates escaped in JSON, combining marks), each value the service lists as a
    message's ``inserted`` stands in that message (``detail``) as sent, in order; and the
    message, cut at its marks, is the very text a terminal reads, each value in its place.
    Before, a value holding U+FDD0 or U+FDD1 was listed as U+FFFD while the message kept
    the character (24 of 24 such items)."""
    app = eligible_dict()
    *path, last = _FIELDS[field]
    at: Any = app
    for step in path:
        at = at[step]
    at[last] = typed
    body = json.dumps(app, ensure_ascii=True)  # (a lone surrogate escaped, as JSON allows)
    answer = service.post("/calls/cnrs-amsud-2026/check", params={"now": NOW.isoformat()},
                          content=body, headers={"Content-Type": "application/json",
                                                 "Prefer": "callrules-inserted",
                                                 "Accept-Language": lang})
    said = answer.json().get("errors", [])
    listed = [item for item in said if item.get("inserted")]
    assert listed or answer.status_code == 400 or typed.isascii() or not typed.strip(), said
    # (400: a lone surrogate is not JSON the service reads; ASCII: a code that may be valid)
    for item in listed:
        message, start = item.get("detail", item.get("message")), 0
        for value in item["inserted"]:
            found = message.find(value, start)
            assert found >= 0, (value, message)
            start = found + len(value)
    try:
        callrules.evaluate(callrules.calls.load("cnrs-amsud-2026"), body, now=NOW)
    except callrules.InputError as error:
        for problem in error.problems:
            with marking():
                marked = problem.message(lang)
            assert "".join(piece for piece, _ in pieces(marked)) == problem.message(lang)


@pytest.mark.parametrize("mark", [OPEN, CLOSE])
def test_an_applicants_own_marks_are_never_read_as_marks(mark: str) -> None:
    """An applicant's own U+FDD0 or U+FDD1, in a place (a budget line named by its route)
    or in a key the call does not expect, is shown on a report's and a batch's page as the
    replacement character: nothing dropped, no words isolated after it. Before, the place
    read it as a mark (« Pa<bdi dir="ltr">ris) — person the cost is for</bdi> »)."""
    call = callrules.calls.load("cnrs-amsud-2026")
    app = eligible_dict()
    line = app["budget"]["lines"][1]
    key = next(k for k, v in line.items() if isinstance(v, str) and "Santiago" in v)
    line[key], line["beneficiary"] = f"Santiago {mark}– Pa{mark}ris", "zz"
    unknown = eligible_dict()
    unknown[f"x{mark}y"] = 1
    report = callrules.evaluate(call, app, now=NOW)
    batch = callrules.evaluate_many(call, [app, unknown], progress=False, now=NOW)
    for page in (report.html("en"), batch.html("fr")):
        assert OPEN not in page and CLOSE not in page
        assert "Santiago \ufffd– Pa\ufffdris" in _text(page)
        assert not re.search(r"<bdi[^>]*>[^<]*ris\)", page), page
    assert "x\ufffdy" in _text(batch.html("fr"))


#: A visitor's name in each script (given, family): what a place names an item by.
NAMES = {"he": ("שרה", "כהן"), "ar": ("سارة", "علي"), "la": ("Joana", "Silva")}


@settings(max_examples=12, deadline=None)
@given(script=st.sampled_from(sorted(LABELS)), lang=st.sampled_from(LANGS),
       how=st.sampled_from(("category", "status")))
@example(script="he", lang="fr", how="category").via("a list of Hebrew labels isolated whole")
def test_each_label_of_a_list_and_each_part_of_a_place_is_isolated_alone(
        calls: dict[str, Any], script: str, lang: str, how: str) -> None:
    """In an HTML report and batch, a list of a call's labels a message inserts (the values a
    field accepts) has each label in a ``<bdi>`` of its own, never two in one (a Hebrew label
    among Latin ones keeps its own order), and a finding's place names the visitor in a
    ``<bdi>`` too. Before, the list was one value, isolated whole (36 of 36 cells over the
    three scripts, four languages, a report and a batch), and the place not at all (24 of
    24)."""
    call, word = calls[script], LABELS[script][0]
    app = refused(how)
    given_name, family = NAMES[script]
    for visitor in app["visitors"]:
        visitor["person"]["given_name"], visitor["person"]["family_name"] = given_name, family
    pages = [callrules.evaluate_many(call, [app], progress=False, now=NOW).html(lang)]
    with contextlib.suppress(callrules.InputError):  # (refused as read: the batch only)
        pages.append(callrules.evaluate(call, app, now=NOW).html(lang))
    for page in pages:
        listed = [cell for cell in re.findall(r"<td[^>]*>(.*?)</td>", page)
                  if _text(cell).count(word) >= 2]
        assert listed, page  # (the message lists the accepted values' labels)
        for cell in listed:
            assert all(value.count(word) <= 1
                       for value in re.findall(r"<bdi[^>]*>([^<]*)</bdi>", cell)), cell
        if how == "category":  # (a finding of the first visitor: its place names them)
            assert family in _text(page), page
            assert family not in _text(re.sub(r"<bdi[^>]*>[^<]*</bdi>", "", page)), page


#: Labels holding a comma and a space, the very words that join a list, in each script.
COMMA_LABELS = {"he": "מועד, הגשה", "ar": "جامعة، القاهرة, س", "la": "Échéance, jour"}


@pytest.fixture(scope="module")
def comma_calls(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("comma")
    return {script: labelled_call(folder, script, word) for script, word in COMMA_LABELS.items()}


@settings(max_examples=12, deadline=None)
@given(script=st.sampled_from(sorted(COMMA_LABELS)), lang=st.sampled_from(LANGS),
       field=st.sampled_from(("category", "status", "declared")))
@example(script="la", lang="fr", field="category").via("a list of labels with commas, whole")
def test_each_label_is_isolated_alone_whatever_it_holds(
        comma_calls: dict[str, Any], script: str, lang: str, field: str) -> None:
    """Each label of a list a refusal inserts (the values a field accepts, the fields a
    call declares) is one value alone on a page even when it holds ", " itself: the
    message's values are exactly the labels, each once. Before, such a list was isolated
    whole (24 of 24 cells over three scripts, two fields, four languages)."""
    word = COMMA_LABELS[script]
    if field == "declared":
        letters = LABELS[script][1]
        labels = [f"{word} {letters[at]}" for at in range(3)]
        call = callrules.Call.from_dict({
            "id": "declared", "version": "1", "languages": list(LANGS),
            "timezone": "Europe/Paris", "currency": "EUR",
            "title": dict.fromkeys(LANGS, "T"),
            "fields": {"application": {f"f{at}": {"type": "text", "label": dict.fromkeys(
                LANGS, label)} for at, label in enumerate(labels)}},
            "clauses": [{"id": "c", "title": dict.fromkeys(LANGS, "C"),
                         "text": dict.fromkeys(LANGS, "C")}],
            "rules": [{"clause": "c", "check": {"op": "present", "path": "id"}}]})
        app = {**eligible_dict(), "fields": {"f0": "x", "f1": "y", "f2": "z", "zz": 1}}
    else:
        call, app = comma_calls[script], eligible_dict()
        if field == "category":  # (a value outside the field's vocabulary)
            app["visitors"][0]["category"] = "professor"
        else:
            app["host"]["status"] = "tenured"
    with pytest.raises(callrules.InputError) as caught:
        call.parse(app)
    (problem,) = [p for p in caught.value.problems if word in p.message(lang)]
    with marking():
        said = problem.message(lang)
    values = [piece for piece, value in pieces(said) if value and word in piece]
    assert len(values) >= 2 and all(value.count(word) == 1 for value in values), said
    assert problem.message(lang) == "".join(piece for piece, _ in pieces(said))


def _professor_refused(comma_calls: dict[str, Any]) -> callrules.InputProblem:
    """The refusal of a visitor's category « professor » by the Latin-labelled call."""
    app = eligible_dict()
    app["visitors"][0]["category"] = "professor"
    with pytest.raises(callrules.InputError) as caught:
        comma_calls["la"].parse(app)
    (problem,) = [p for p in caught.value.problems if p.type == "not_in_vocabulary"]
    assert problem.ctx is not None
    return problem


def test_the_labels_a_problem_keeps_apart_are_a_list_never_text_to_decode(
        comma_calls: dict[str, Any]) -> None:
    """The labels a refusal keeps apart (``ctx.labels``, ``ctx.labels_<lang>``) are a
    tuple of texts, a JSON array in the JSON answer, the labels alone (no « … » read as
    one of them), each isolated alone in the message; a problem built by hand whose
    ``labels`` is a text (JSON nested deep) is worded from its joined text, never decoded.
    Before, they were JSON text inside a string, decoded a second time by a reader, and a
    public problem holding ``"[" * 100000`` raised RecursionError when worded (look67w R3)."""
    word = COMMA_LABELS["la"]
    problem = _professor_refused(comma_calls)
    assert problem.ctx is not None
    for lang in LANGS:
        labels = problem.ctx[f"labels_{lang}"]
        assert type(labels) is tuple and len(labels) >= 2 and "…" not in labels, labels
        assert ", ".join(labels) == problem.ctx[f"accepted_{lang}"]
        answered = json.loads(json.dumps(problem.to_dict(lang)))["ctx"][f"labels_{lang}"]
        assert answered == list(labels) and all(word in label for label in answered)
    deep = callrules.InputProblem(
        ("visitors", 0, "category"), "not_in_vocabulary", "m", "astronaut",
        {**{k: v for k, v in problem.ctx.items() if not k.startswith("labels")},
         "labels": "[" * 100_000, **{f"labels_{lang}": "[" * 100_000 for lang in LANGS}})
    for lang in LANGS:
        assert problem.ctx[f"accepted_{lang}"] in deep.message(lang)


def test_the_codes_a_problem_lists_are_given_apart(comma_calls: dict[str, Any]) -> None:
    """The codes a refusal lists (``ctx.keys``: the values a field accepts, the fields a call
    declares) are a tuple of texts, a JSON array in the JSON answer, one a label (no « … »
    read as a code); a problem built before, its codes joined by ", ", is worded as it was.
    Before, ``keys`` was the codes joined by ", ", a code holding one split in two, « … »
    read as a code when more were left out (wdmend67's leftover)."""
    problem = _professor_refused(comma_calls)
    assert problem.ctx is not None
    keys = problem.ctx["keys"]
    assert type(keys) is tuple and "…" not in keys and len(keys) == len(problem.ctx["labels"])
    assert json.loads(json.dumps(problem.to_dict("en")))["ctx"]["keys"] == list(keys)
    joined = {k: v for k, v in problem.ctx.items() if not k.startswith("labels")}
    before = callrules.InputProblem(problem.loc, problem.type, "m", problem.input,
                                    {**joined, "keys": ", ".join(keys)})
    apart = callrules.InputProblem(problem.loc, problem.type, "m", problem.input, joined)
    for lang in LANGS:
        assert before.message(lang) == apart.message(lang)


@pytest.mark.parametrize(("lang", "joined", "marked"), [
    ("fr", " et ", ""), ("en", " and ", ""), ("es", " y ", ' lang="fr"'),
    ("pt", " e ", ' lang="fr"')])
def test_the_clauses_not_checked_yet_and_a_batch_s_ids_are_isolated_in_html(
        lang: str, joined: str, marked: str) -> None:
    """An HTML report's note of the clauses not checked yet (they need the whole batch)
    lists their titles as the reader's language lists them, each in a ``<bdi>`` of its own,
    marked with the language it is written in when not the page's (a call in French and
    English read in Spanish); a batch's row has the application's id, as given, in a
    ``<bdi>`` too. Before, the titles were joined by ", " in one text, unmarked, and the id
    escaped but not isolated (a Hebrew id drew the row's next cell on its side)."""
    data = tomllib.loads((ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8"))
    data["languages"] = ["fr", "en"]
    for clause in data["clauses"]:
        for key in ("title", "text"):
            clause[key] = {each: text for each, text in clause[key].items() if each in ("fr", "en")}
        if clause["id"] == "one-per-host":
            clause["title"] = {"fr": LABELS["he"][0], "en": LABELS["he"][0]}
    data["rules"].append({"clause": "stay-before-results", "check": {
        "op": "unique", "path": "visitors.person.email"}})
    call = callrules.Call.from_dict(data)
    app = eligible_dict()
    app["id"] = LABELS["he"][0] + " 12"
    report = callrules.evaluate(call, app, now=NOW)
    assert report.unchecked == ("one-per-host", "stay-before-results")
    page = report.html(lang)
    note = page[page.index("<small>") + 7:page.index("</small>")]
    titles = re.findall(rf'<bdi dir="ltr"{marked}>([^<]*)</bdi>', note)
    assert titles[0] == LABELS["he"][0] and len(titles) == 2, note
    assert f"</bdi>{joined}<bdi" in note and _text(note).endswith(titles[1]), note
    batch = callrules.evaluate_many(call, [app], progress=False, now=NOW).html(lang)
    assert f'<bdi dir="ltr">{app["id"]}</bdi>' in batch, batch
