"""A score's spelling: one rule in every format. The same score is read the same (the same
value, or the same problem and the same words) from records given in Python, a JSON file
(as text or as a JSON number), JSON Lines, a CSV file (comma- or semicolon-separated) and
standard input; a number that is fine is never "not a number" (its step or its scale is
said); a value is shown in plain digits, never ``1E+400``."""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from decimal import Decimal
from functools import cache
from pathlib import Path

from hypothesis import assume, example, given
from hypothesis import strategies as st

import callrules
from callrules.selection.criteria import SelectionRules, selection_rules
from callrules.selection.render import problem_text
from callrules.selection.scores import ScoreSheet, check_scores, read_scores, scores_from
from tests.laws import settings

KEYS = ("application", "reviewer", "criterion", "score")


@cache
def rules() -> SelectionRules:
    return selection_rules(callrules.calls.load("cnrs-amsud-2026"))  # fit: 0 to 5 by 1


def judged(sheet: ScoreSheet) -> tuple[object, ...]:
    """What a sheet of one score line says, whatever its file: the value kept, or the
    problem's code and its words in every language (the place left out)."""
    kept, problems = check_scores(sheet, rules(), ["A1"])
    if kept:
        return ("kept", kept[0].value)
    (problem,) = problems
    return (problem.code, tuple(problem_text(problem, lang).split(": ", 1)[1]
                                for lang in ("en", "fr", "es", "pt")))


def every_format(score: object, folder: Path) -> dict[str, tuple[object, ...]]:
    """One score line for ``A1`` (``score`` as a JSON value: a string or a number), read
    from each format; JSON numbers are written as their own text (``score`` a str tagged
    by :class:`Number`)."""
    record = {"application": "A1", "reviewer": "R1", "criterion": "fit", "score": "§"}
    value = score.text if isinstance(score, Number) else json.dumps(score, ensure_ascii=False)
    line = json.dumps(record, ensure_ascii=False).replace('"§"', value)
    said: dict[str, tuple[object, ...]] = {}
    (folder / "s.json").write_text(f"[{line}]", "utf-8")
    (folder / "s.jsonl").write_text(line + "\n", "utf-8")
    said["json"] = judged(read_scores(folder / "s.json"))
    said["jsonl"] = judged(read_scores(folder / "s.jsonl"))
    said["stdin"] = judged(read_scores("-", stdin=io.StringIO(line + "\n")))
    if isinstance(score, str):
        said["python"] = judged(scores_from([{**record, "score": score}]))
        for name, separator in (("csv", ","), ("csv;", ";")):
            out = io.StringIO()
            writer = csv.writer(out, delimiter=separator, quoting=csv.QUOTE_ALL)
            writer.writerows([KEYS, ["A1", "R1", "fit", score]])
            (folder / "s.csv").write_text(out.getvalue(), "utf-8")
            said[name] = judged(read_scores(folder / "s.csv"))
    return said


class Number(str):
    """A JSON number's text, written as a number (not a string) in the JSON files."""

    @property
    def text(self) -> str:
        return str(self)


digits = st.text("0123456789", min_size=1, max_size=25)
exponents = st.builds(lambda e, sign, n: f"{e}{sign}{n}", st.sampled_from("eE"),
                      st.sampled_from(["", "+", "-"]), st.integers(0, 450))
#: Texts a score may be written as in any format, and texts near them.
spellings = st.builds(
    lambda sign, whole, sep, fraction, exponent, left, right:
        f"{left}{sign}{whole}{sep}{fraction}{exponent}{right}",
    st.sampled_from(["", "+", "-"]), st.one_of(st.just(""), digits),
    st.sampled_from(["", ".", ","]), st.one_of(st.just(""), digits),
    st.one_of(st.just(""), exponents), st.sampled_from(["", " "]), st.sampled_from(["", " "]))
#: JSON numbers, as their text.
json_numbers = st.builds(
    lambda sign, whole, fraction, exponent: Number(f"{sign}{whole}{fraction}{exponent}"),
    st.sampled_from(["", "-"]), st.one_of(st.just("0"), st.from_regex(r"[1-9][0-9]{0,20}",
                                                                      fullmatch=True)),
    st.one_of(st.just(""), digits.map(lambda d: "." + d)), st.one_of(st.just(""), exponents))


@settings(max_examples=60, deadline=None)
@given(spellings)
@example("4,0")
@example("1E0")
@example("0.5e1")
@example("3,000")
@example("4.000000000000000000001")
@example("1e400")
def test_the_same_text_is_read_the_same_in_every_format(text: str) -> None:
    """A score written as text (a CSV cell, a JSON string, a value given in Python, standard
    input) is read the same everywhere: the same value, or the same problem in the same
    words (``4,0`` is 4 in a JSON file as in a French spreadsheet's CSV; ``1E0`` is 1 as
    the JSON number ``1E0`` is). (A blank score is a missing one, said per file.)"""
    assume(text.strip())
    with tempfile.TemporaryDirectory() as folder:
        said = every_format(text, Path(folder))
    assert len(set(said.values())) == 1, said


@settings(max_examples=60, deadline=None)
@given(json_numbers)
@example(Number("1E0"))
@example(Number("4e0"))
@example(Number("1e400"))
@example(Number("4.000000000000000000001"))
def test_a_json_number_reads_as_its_text_does(number: Number) -> None:
    """A JSON number is read as the same number written as text: ``4e0`` and ``"4e0"``,
    ``1e400`` and ``"1e400"`` give one value, or one problem in the same words."""
    with tempfile.TemporaryDirectory() as folder:
        as_number = every_format(number, Path(folder))
        as_text = every_format(str(number), Path(folder))
    assert len(set(as_number.values()) | set(as_text.values())) == 1, (as_number, as_text)


#: Engineering notation as a person would read it in a message.
EXPONENT = re.compile(r"[0-9][eE][+-]?[0-9]")


@settings(max_examples=80, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False,
                   min_value=Decimal("-1e30"), max_value=Decimal("1e30")),
       st.sampled_from(["plain", "number"]))
@example(Decimal("4.000000000000000000001"), "number")
@example(Decimal("1E+400"), "number")
@example(Decimal("1E-7"), "plain")
def test_a_number_is_never_said_not_to_be_one(value: Decimal, written: str) -> None:
    """A number written in plain digits or as a JSON number is a number: refused, it is
    said to be outside the scale or off its step (the scores allowed listed: ``0, 1, 2, 3,
    4 or 5``), never "not a number"; the value is shown in plain digits, never
    ``1E+400``; it is kept exactly when it is a score of the scale."""
    plain = format(value, "f")
    score: object = Number(str(value)) if written == "number" else plain
    with tempfile.TemporaryDirectory() as folder:
        said = every_format(score, Path(folder))
    code, *words = next(iter(said.values()))
    scale = rules().criterion("fit").scale
    on_scale = scale.minimum <= value <= scale.maximum and value == value.to_integral_value()
    if on_scale:
        assert code == "kept"
        return
    assert code == ("score_off_step" if scale.minimum <= value <= scale.maximum
                    else "score_out_of_scale")
    (texts,) = words
    assert isinstance(texts, tuple)
    for text in texts:
        assert not EXPONENT.search(text), text
    if code == "score_off_step":
        assert "0, 1, 2, 3, 4, or 5" in texts[0]
