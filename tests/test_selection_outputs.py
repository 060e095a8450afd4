"""Whatever the applications and the scores hold, no output of ``callrules select`` can be
turned against its reader: no control sequence in text, no formula in a CSV cell, nothing
unescaped in HTML, and JSON that gives every value back as it was."""

from __future__ import annotations

import csv
import io
import json
import tempfile
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from hypothesis import assume, example, given
from hypothesis import strategies as st

import callrules
from callrules._i18n import visible
from tests.laws import settings
from tests.test_cli import run
from tests.test_output_safety import ATTACKS, texts
from tests.test_selection import AT, application, cnrs_with, scores_for

#: The tags a selection's HTML is made of (``bdi``: each value a message inserts, isolated).
TAGS = {"div", "p", "table", "thead", "tbody", "tr", "th", "td", "span", "ul", "li", "bdi"}
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _unsafe(char: str) -> bool:
    """A character that can move a terminal's cursor, reorder a line or hide text."""
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") and \
        char not in "\n\u200c\u200d"


def valid_id(value: str) -> bool:
    """Whether ``value`` is an id an application may have (its model decides)."""
    data = application(1)
    data["id"] = value
    try:
        callrules.parse_application(data)
    except callrules.InputError:
        return False
    return True


def panel_files(folder: Path, value: str, app_id: str) -> tuple[Path, Path]:
    """Two applications, one of them with ``app_id``; scores by a reviewer named ``value``
    with a comment ``value``, a second score by them, and lines for an unknown application
    and an unknown criterion named ``value``."""
    apps = folder / "apps.jsonl"
    apps.write_text("\n".join(json.dumps(a) for a in (
        {**application(1), "id": app_id}, application(2, minute=1))) + "\n", "utf-8")
    lines: list[dict[str, Any]] = [
        *scores_for(app_id, 4, 4, 4, reviewer=value), *scores_for("APP-002", 3, 3, 3),
        {"application": app_id, "reviewer": value, "criterion": "fit", "score": 2},
        {"application": value, "reviewer": value, "criterion": "fit", "score": 2},
        {"application": "APP-002", "reviewer": value, "criterion": value, "score": 2}]
    scores = folder / "scores.jsonl"
    scores.write_text("\n".join(json.dumps({**line, "comment": value}) for line in lines)
                      + "\n", "utf-8")
    return apps, scores


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)


class TestEveryFormat:
    @settings(max_examples=40)
    @given(texts, texts)
    def test_no_input_string_reaches_a_reader_raw(self, value: str, wanted_id: str) -> None:
        """Law: for any text as an application id, a reviewer's name, a criterion, a comment
        or an unknown application, select's text holds no control or invisible character,
        its CSV no cell a spreadsheet reads as a formula, its HTML no tag of its own, and its
        JSON the values as given."""
        app_id = wanted_id if valid_id(wanted_id) else value if valid_id(value) else ""
        assume(app_id)
        with tempfile.TemporaryDirectory() as folder:
            apps, scores = panel_files(Path(folder), value, app_id)
            args = ("select", "cnrs-amsud-2026", str(apps), "--scores", str(scores),
                    "--envelope", "20000", "--at", AT)
            done = {f: run(*args, "--format", f, "--lang", "fr" if f == "text" else "en")
                    for f in ("text", "csv", "html", "json")}
        assert {d.returncode for d in done.values()} == {2}  # the lines not used
        for d in done.values():
            assert not any(_unsafe(c) for c in d.stderr), d.stderr
        text = done["text"].stdout
        assert not any(_unsafe(c) for c in text), text
        cells = [c for row in csv.reader(io.StringIO(done["csv"].stdout)) for c in row]
        assert not any(c.startswith(FORMULA) or any(_unsafe(x) for x in c) for c in cells)
        parser = _Tags()
        parser.feed(done["html"].stdout)
        assert parser.tags <= TAGS, parser.tags
        payload = json.loads(done["json"].stdout)
        assert app_id in {e["application"] for e in payload["entries"]}
        # the unknown application as read (a cell's or key's spaces around it are not kept)
        assert value.strip() in {p["ctx"].get("value") for p in payload["problems"]}

    def test_the_attacks_formula_id_is_neutralised_in_csv(self) -> None:
        """The attack's id ``=HYPERLINK(...)``: a valid id, written ``'=HYPERLINK(...)``."""
        app_id = '=HYPERLINK("http://evil","x")'
        assert valid_id(app_id)
        with tempfile.TemporaryDirectory() as folder:
            apps, scores = panel_files(Path(folder), "<i>r1</i>", app_id)
            done = run("select", "cnrs-amsud-2026", str(apps), "--scores", str(scores),
                       "--envelope", "20000", "--at", AT, "--format", "csv")
        first = [row[0] for row in csv.reader(io.StringIO(done.stdout))]
        assert "'" + app_id in first and app_id not in first

    def test_every_attack_in_the_text_view_is_shown_escaped(self) -> None:
        """Each attack string as a reviewer and comment: the text view escapes its controls."""
        for value in ATTACKS:
            with tempfile.TemporaryDirectory() as folder:
                apps, scores = panel_files(Path(folder), value, "APP-001")
                done = run("select", "cnrs-amsud-2026", str(apps), "--scores", str(scores),
                           "--envelope", "20000", "--at", AT)
            assert not any(_unsafe(c) for c in done.stdout), (value, done.stdout)


class TestAnIdSaidOneWay:
    @settings(max_examples=30)
    @given(texts, st.sampled_from(["en", "fr", "es", "pt"]))
    @example("\u202eB", "en")  # att46's id, A U+202E B
    @example("\u200b\u00a0x", "fr")
    def test_a_tied_id_is_said_as_its_own_heading_says_it(self, text: str, lang: str) -> None:
        """Law: an application id (any valid one, invisible characters and all) is said the
        same way where its entry is headed and where a tied neighbour's reason names it:
        each invisible character named in words, never escaped as code (``A\\u202eB``)."""
        app_id = "A" + text
        assume(valid_id(app_id) and app_id != "APP-002")
        first, second = application(1, minute=5), application(2, minute=5)
        first["id"] = app_id
        scores = [*scores_for(app_id, 4, 4, 4), *scores_for("APP-002", 4, 4, 4)]
        result = callrules.select(cnrs_with(), [first, second], scores,
                                  envelope=callrules.Money(0, "EUR"))
        shown = callrules.selection_text(result, lang)
        said = visible(app_id, lang)
        other = [callrules.reason_text(r, lang) for r in result.entry("APP-002").reasons
                 if r.code.startswith("tie_id")]
        assert other and all(said in line for line in other), (said, other)
        assert shown.count(said) >= 2 and "\\u" not in shown.replace(said, "")

