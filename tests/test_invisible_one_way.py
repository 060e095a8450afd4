"""An invisible character an applicant typed is shown one way in one report: named in words
in the reader's language (« [caractère invisible U+202E] »), in the id, a visitor's name and
a budget line's label alike, in the text report, its HTML and the people's CSV; never a
Python escape (``\\u202e``) beside the words."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import callrules
from callrules._cli import main
from callrules._html import report_html
from callrules._i18n import visible
from callrules._tables import people_rows
from callrules.serve import create_app
from tests.conftest import eligible_dict
from tests.laws import settings
from tests.live_server import serving

NAMED = {"en": "[invisible character U+202E]", "fr": "[caractère invisible U+202E]"}


def _item() -> callrules.BatchItem:
    app = eligible_dict()
    app["id"] = "AMSUD-2026-0101\u202e"
    app["visitors"][0]["person"]["family_name"] = "Silva\u202egnp.exe"
    app["visitors"][0]["stay"]["departure"] = "2026-12-30"  # a stay too long: a finding
    app["budget"]["lines"][0]["label"] = "Vol\u202e retour"
    app["budget"]["lines"][0]["beneficiary"] = "nobody"  # a finding at that line
    result = callrules.evaluate_many(callrules.calls.load("cnrs-amsud-2026"), [app],
                                     now=callrules.parse_instant("2026-05-30T10:00:00+02:00"))
    (item,) = result.items
    assert item.report is not None and item.report.findings
    return item


@pytest.mark.parametrize("lang", sorted(NAMED))
def test_an_invisible_character_is_named_the_same_way_everywhere(lang: str) -> None:
    """The text report, its HTML and the people's CSV rows name U+202E in words wherever it
    is shown, and never write it as \\u202e."""
    item = _item()
    report = item.report
    assert report is not None
    outputs = {"text": report.render(lang), "html": report_html(report, lang),
               "csv": "\n".join(str(c) for row in people_rows(item, lang) for c in row)}
    for kind, text in outputs.items():
        assert "\\u202e" not in text and "\u202e" not in text, (kind, text)
        assert NAMED[lang] in text, (kind, text)
    assert outputs["text"].count(NAMED[lang]) >= 2  # the id and a name or label


#: The invisible characters an applicant may type in an id or a reference (bidi overrides,
#: isolates and marks, a zero-width space, a byte-order mark, the Arabic letter mark).
HIDDEN = "\u202e\u202c\u2066\u2067\u2068\u2069\u200b\ufeff\u061c\u200e\u200f"
_ESCAPED = re.compile(r"\\(u(202e|202c|206[6-9]|200b|feff|061c|200e|200f)|x[0-9a-f]{2})", re.I)
LANGS = ("en", "fr", "es", "pt")
NOW = "2026-06-01T10:00:00Z"
hidden_ids = st.lists(st.sampled_from(HIDDEN) | st.sampled_from("v1Ab-"), min_size=1,
                      max_size=6).map("".join).filter(
                          lambda text: any(char in HIDDEN for char in text))


def _said_once(text: str, where: str) -> None:
    """``text``, a sentence for a person, holds none of :data:`HIDDEN` raw nor escaped."""
    assert not any(char in HIDDEN for char in text), (where, ascii(text))
    assert not _ESCAPED.search(text), (where, text)


def _applications(hidden: str) -> list[dict[str, object]]:
    """Applications quoting ``hidden`` in their sentences: as the application's id, as a
    visitor's id given twice, as a reference to no visitor, and as the id of an application
    another one repeats (``duplicate``)."""
    twice = eligible_dict()
    twice["id"] = "twice"
    twice["visitors"][0]["id"] = hidden
    twice["visitors"].append(copy.deepcopy(twice["visitors"][0]))
    unknown = eligible_dict()
    unknown["id"] = "unknown"
    unknown["documents"][1]["owner"] = hidden
    unknown["budget"]["lines"][0]["beneficiary"] = hidden + "x"
    first, again = eligible_dict(), eligible_dict()
    first["id"], again["id"] = hidden, "again" + hidden
    first["visitors"][0]["stay"]["departure"] = "2026-12-30"  # a stay too long
    return [twice, unknown, first, again]


class TestEverySentenceNamesThem:
    """An applicant's invisible character is named in words in every sentence that quotes
    the value holding it (``check``'s text, JSON ``message`` and ``msg``, CSV; ``replay``'s
    lines), in every language: never raw, never as a Python escape. The data (an id in
    ``application``, a ``ctx``) keep it as given."""

    @settings(max_examples=8, deadline=None)
    @given(hidden=hidden_ids)
    @example(hidden="\ufeff=1id")
    def test_every_message_of_a_batch(self, hidden: str) -> None:
        """The messages of the batch's reports and input problems (``evaluate_many``), in
        four languages, for any id drawn with invisible characters."""
        call = callrules.calls.load("cnrs-amsud-2026")
        result = callrules.evaluate_many(call, _applications(hidden),
                                         now=callrules.parse_instant(NOW), progress=False)
        for lang in LANGS:
            said = [problem.message(lang) for item in result.items if item.error is not None
                    for problem in getattr(item.error, "problems", ())]
            said += [finding["message"] for item in result.items if item.report is not None
                     for part in ("errors", "warnings")
                     for finding in item.report.to_dict(lang)[part]]
            assert len(said) >= 4
            for text in said:
                _said_once(text, f"{lang}")

    @pytest.mark.parametrize("hidden", ["v\u2066\u202e\u200b\u2069"])
    def test_check_and_replay(self, hidden: str, tmp_path: Path) -> None:
        """``check`` (text, JSON, CSV) and ``replay``, in four languages."""
        given = tmp_path / "apps.jsonl"
        given.write_text("".join(json.dumps(app) + "\n" for app in _applications(hidden)),
                         "utf-8")
        record = tmp_path / "record.jsonl"
        for lang in LANGS:
            outputs = {}
            for form in ("text", "json", "csv"):
                out, err = io.StringIO(), io.StringIO()
                main(["check", "cnrs-amsud-2026", str(given), "--at", NOW, "--lang", lang,
                      "--format", form, *(["--record", str(record)] if form == "text"
                                          else [])], out=out, err=err)
                outputs[form] = out.getvalue()
                _said_once(err.getvalue(), f"{form} {lang} stderr")
            _said_once(outputs["text"], f"text {lang}")
            rows = list(csv.DictReader(io.StringIO(outputs["csv"])))
            assert rows  # (the machine's columns are data: its message is a sentence)
            for row in rows:
                _said_once(row["message"], f"csv {lang}")
            reports = json.loads(outputs["json"])
            said = [problem[key] for each in reports
                    for part in ("errors", "warnings", "input_error")
                    for problem in each.get(part) or () for key in ("message", "msg")
                    if key in problem]
            assert len(said) >= 4
            for text in said:
                _said_once(text, f"json {lang}")
            assert hidden in [each.get("application") for each in reports]  # data: as given
            out = io.StringIO()
            main(["replay", str(record), "--lang", lang], out=out, err=io.StringIO())
            assert out.getvalue()
            _said_once(out.getvalue(), f"replay {lang}")


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with serving(create_app()) as base:
        yield base


@pytest.mark.parametrize("hidden", ["\u202ev1", "\ufeff=1id"])
def test_the_service_names_them_in_its_problems(url: str, hidden: str) -> None:
    """The service's 422 (a visitor's id given twice) quotes the id in each language with
    its invisible characters named, as the command line does."""
    body = json.dumps(_applications(hidden)[0]).encode()
    with httpx.Client(base_url=url, timeout=60) as http:
        for lang in LANGS:
            answer = http.post("/calls/cnrs-amsud-2026/check", params={"now": NOW},
                               content=body, headers={"Content-Type": "application/json",
                                                      "Accept-Language": lang})
            assert answer.status_code == 422
            details = [error["detail"] for error in answer.json()["errors"]]
            assert details
            for detail in details:
                _said_once(detail, f"service {lang}")
            assert "]" in " ".join(details)  # named between brackets


#: Pieces of ordinary text a joiner or a selector joins: Persian and Devanagari letters (a
#: virama among them), emoji and symbols.
JOINED_PIECES = ("\u0645\u0647\u0633\u0627", "\u0631\u0636\u0627\u06cc\u06cc", "\u06a9",
                 "\u0915\u094d", "\u0937", "\u0930\u094d", "\U0001f468", "\U0001f469",
                 "\U0001f467", "\u2764\ufe0f", "\U0001f525", "\u00e9", "\u00a9\ufe0e")
JOINING = "\u200c\u200d"
joined_texts = st.lists(st.sampled_from(JOINED_PIECES), min_size=2, max_size=5).flatmap(
    lambda pieces: st.lists(st.sampled_from(JOINING), min_size=len(pieces) - 1,
                            max_size=len(pieces) - 1).map(
        lambda joints: "".join(a + b for a, b in zip(pieces, [*joints, ""], strict=True))))


class TestJoinersWhereTheyJoin:
    """A joiner (U+200C, U+200D) between two letters, marks or symbols beyond ASCII, and a
    variation selector after one or on a keycap, are part of the text typed: a sentence
    quotes them as typed (« مهسا‌رضایی », 👨‍👩‍👧, 1️⃣); alone, at an edge or next to ASCII
    they draw nothing a reader could tell, and are named."""

    @settings(max_examples=40, deadline=None)
    @given(text=joined_texts, lang=st.sampled_from(LANGS))
    @example(text="\u0645\u0647\u0633\u0627\u200c\u0631\u0636\u0627\u06cc\u06cc", lang="fr")
    @example(text="\U0001f468\u200d\U0001f469\u200d\U0001f467", lang="en")
    @example(text="\u2764\ufe0f\u200d\U0001f525", lang="es")
    def test_joined_text_reads_as_typed(self, text: str, lang: str) -> None:
        assert visible(text, lang) == text
        assert visible(f"1\ufe0f\u20e3{text}", lang) == f"1\ufe0f\u20e3{text}"

    @settings(max_examples=40, deadline=None)
    @given(joiner=st.sampled_from(JOINING + "\ufe0f\ufe0e"), piece=st.sampled_from(
        JOINED_PIECES), ascii_=st.sampled_from("v1A-_ "), where=st.sampled_from(
        ("alone", "lead", "trail", "ascii", "ascii before", "ascii after")),
        lang=st.sampled_from(LANGS))
    @example(joiner="\u200d", piece="\u0937", ascii_="v", where="ascii", lang="en")
    def test_a_joiner_that_joins_nothing_is_named(self, joiner: str, piece: str, ascii_: str,
                                                  where: str, lang: str) -> None:
        if joiner in "\ufe0f\ufe0e" and where in ("trail", "ascii after"):
            piece = piece.rstrip("\ufe0f\ufe0e")  # (a selector after a symbol joins it)
            where = "lead"
        text = {"alone": joiner, "lead": joiner + piece, "trail": piece + joiner,
                "ascii": f"{ascii_}{joiner}1", "ascii before": f"{ascii_}{joiner}{piece}",
                "ascii after": f"{piece}{joiner}{ascii_}"}[where]
        shown = visible(text, lang)
        assert f"U+{ord(joiner):04X}" in shown and joiner not in shown.replace(piece, ""), (
            text, shown)

    def test_a_sentence_quotes_a_joined_id_as_typed(self) -> None:
        """A visitor's id given twice, a Persian name with its non-joiner: the message
        quotes it as typed, in every language."""
        name = "\u0645\u0647\u0633\u0627\u200c\u0631\u0636\u0627\u06cc\u06cc"
        app = _applications(name)[0]
        result = callrules.evaluate_many(callrules.calls.load("cnrs-amsud-2026"), [app],
                                         now=callrules.parse_instant(NOW), progress=False)
        (item,) = result.items
        assert item.error is not None
        for lang in LANGS:
            said = " ".join(problem.message(lang) for problem in item.error.problems)
            assert name in said and "U+200C" not in said, (lang, said)
