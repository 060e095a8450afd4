"""A score's spelling: one rule in every format. The same score is read the same (the same
value, or the same problem and the same words) from records given in Python, a JSON file
(as text or as a JSON number), JSON Lines, a CSV file (comma- or semicolon-separated) and
standard input; a number that is fine is never "not a number" (its step or its scale is
said); a value is shown in plain digits, never ``1E+400``."""

from __future__ import annotations

import copy
import csv
import dataclasses
import io
import json
import re
import tempfile
import tomllib
from decimal import Context, Decimal, localcontext
from fractions import Fraction
from functools import cache
from itertools import pairwise, product
from pathlib import Path

import pytest
from babel.numbers import get_decimal_symbol
from hypothesis import assume, example, given
from hypothesis import strategies as st

import callrules
from callrules._i18n import format_exact, format_value
from callrules.selection.criteria import Scale, SelectionRules, selection_rules
from callrules.selection.render import problem_text
from callrules.selection.scores import (
    ScoreProblem,
    ScoreRow,
    ScoreSheet,
    by_scale,
    check_scores,
    read_scores,
    scores_from,
)
from tests.conftest import ROOT
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
    ``1e400`` and ``"1e400"`` give one value, or one problem in the same words. (The one
    exception, a text ``"W.TTT"`` whose point the scale reads as separating thousands, never
    arises on this scale of 0 to 5: its thousands reading, W ≥ 1, is 1000 or more; it is
    tested in :func:`test_a_comma_before_three_digits_is_read_as_the_scale_decides`.)"""
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


LANGS = ("en", "fr", "es", "pt")


@cache
def scaled(low: Decimal, high: Decimal, step: Decimal) -> SelectionRules:
    """The rules of a call whose criterion ``fit`` goes from ``low`` to ``high`` by ``step``."""
    data = tomllib.loads((ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8"))
    data = copy.deepcopy(data)
    data["criteria"][0]["scale"] = {"min": str(low), "max": str(high), "step": str(step)}
    return selection_rules(callrules.Call.from_dict(data))


def said_of(score: str, given_rules: SelectionRules, lang: str) -> tuple[str, str]:
    """The problem's code and its words for a score of ``fit`` (the place left out)."""
    sheet = scores_from([{"application": "A1", "reviewer": "R1", "criterion": "fit",
                          "score": score}])
    _, (problem,) = check_scores(sheet, given_rules, ["A1"])
    return problem.code, problem_text(problem, lang).split(": ", 1)[1]


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 3), st.sampled_from(["0.5", "0.1", "1.5", "0.2", "1", "2.5"]),  # (a half
       # of no three decimals: typed with a comma, "0,125" is refused as maybe thousands)
       st.integers(1, 10), st.sampled_from(LANGS), st.sampled_from([".", ","]))
@example(0, "0.5", 4, "fr", ",")
def test_the_scores_allowed_read_as_many_numbers_as_they_are(
        low: int, step: str, steps: int, lang: str, point: str) -> None:
    """A score off its step (``0,3`` on a scale from 0 to 2 by 0.5) is said in the
    reader's digits (« 0,3 » in French, whether typed ``0.3`` or ``0,3``), and the scores
    allowed are listed so that a reader reads each once: the numbers found in the list, as
    the reader's language writes them, are the scores of the scale, and what tells two
    apart never holds the decimal symbol when one of them has decimals (« 0 ; 0,5 ; 1 ;
    1,5 ou 2 », never « 0, 0,5, 1, 1,5 ou 2 », six numbers to a French reader)."""
    minimum, by = Decimal(low), Decimal(step)
    allowed = [minimum + by * n for n in range(steps + 1)]
    score = minimum + by / 2
    code, text = said_of(format(score, "f").replace(".", point), scaled(minimum, allowed[-1],
                                                                          by), lang)
    assert code == "score_off_step"
    assert text.startswith(format_value(score, lang) + " "), text
    assert said_of(format(score, "f"), scaled(minimum, allowed[-1], by), lang)[1] == text
    symbol = get_decimal_symbol(lang)
    listed = text.rsplit(":", 1)[1]  # (the scores allowed, after the last colon)
    number = re.compile(r"[0-9]+(?:" + re.escape(symbol) + r"[0-9]+)?")
    found = list(number.finditer(listed))
    assert [Decimal(m.group().replace(symbol, ".")) for m in found] == allowed, listed
    if any(symbol in m.group() for m in found):  # (whole numbers: no comma misread)
        for before, after in pairwise(found):
            assert symbol not in listed[before.end():after.start()], listed


@settings(max_examples=60, deadline=None)
@given(st.integers(21, 600), st.sampled_from([1, -1]), st.integers(1, 9),
       st.sampled_from(["large", "small", "long"]), st.sampled_from(LANGS))
@example(400, 1, 1, "large", "en")
@example(400, 1, 1, "small", "fr")
@example(21, 1, 4, "long", "fr")
def test_a_score_is_said_so_that_its_size_reads_right(
        power: int, sign: int, digit: int, size: str, lang: str) -> None:
    """A score refused is said in the reader's digits, every one of them
    (``4.000000000000000000001`` never as 4, a score the same message allows); one too
    large or too small for its digits to be read (``1e400``, ``1e-400``) is said by its
    size: a number of 401 digits, never 59 digits and « … »; a number other than zero below
    0.00000001, never « 0.0000… », which reads as 0."""
    if size == "long":  # (a digit, then 9 to 56 decimals: never cut)
        with localcontext(Context(prec=200)):  # (exact)
            value = Decimal(digit) + Decimal(sign).scaleb(-(power % 48 + 9))
    else:
        value = Decimal(sign * digit).scaleb(power if size == "large" else -power)
    code, text = said_of(str(value), rules(), lang)
    assert code in ("score_out_of_scale", "score_off_step", "score_too_precise")
    if size == "long":
        shown = text.split(" ", 1)[0].replace(get_decimal_symbol(lang), ".")
        assert Decimal(shown.replace("\u2212", "-")) == value, text
        return
    assert not re.search(r"[0-9]{21}", text), text
    if size == "large":
        assert format_exact(power + 1, lang) in text
    else:
        assert format_value(Decimal("1E-8"), lang) in text
        assert not re.match(r"[−-]?0[.,]0", text), text


def exact_decimals(places: int, digits: int) -> st.SearchStrategy[Decimal]:
    return st.builds(lambda whole, exponent: Decimal(whole).scaleb(exponent),
                     st.integers(-10**digits, 10**digits), st.integers(-places, 3))


@settings(max_examples=150, deadline=None)
@given(exact_decimals(3, 40), st.integers(0, 40).map(lambda n: Decimal(10) ** n),
       exact_decimals(3, 6).filter(lambda d: d > 0), exact_decimals(40, 60),
       st.integers(1, 6))
@example(Decimal("0.5"), Decimal(2000), Decimal(1), Decimal(1001), 3)
@example(Decimal(0), Decimal(10) ** 30, Decimal("0.5"), Decimal(10**29) + Decimal("0.5"), 28)
def test_a_scale_judges_a_score_exactly_in_any_decimal_context(
        minimum: Decimal, width: Decimal, step: Decimal, value: Decimal, prec: int) -> None:
    """Whether a value is a score of a scale is exact, whatever its digits and whatever the
    caller's decimal context (``getcontext().prec = 3``): the same as in exact fractions
    (a value between the bounds, a whole number of steps from the minimum), never a
    ``decimal.InvalidOperation``."""
    with localcontext(Context(prec=200)):
        maximum = minimum + width  # (exact: 200 digits hold it)
    scale = Scale(minimum, maximum, step)
    expected = minimum <= value <= maximum and (
        (Fraction(value) - Fraction(minimum)) / Fraction(step)).denominator == 1
    with localcontext() as caller:
        caller.prec = prec
        assert scale.contains(value) == expected


def scale_of(low: Decimal, high: Decimal, step: Decimal | None) -> SelectionRules:
    """The rules of a call whose criterion ``fit`` goes from ``low`` to ``high`` (by ``step``,
    or without one)."""
    if step is not None:
        return scaled(low, high, step)
    data = tomllib.loads((ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8"))
    data["criteria"][0]["scale"] = {"min": str(low), "max": str(high)}
    return selection_rules(callrules.Call.from_dict(data))


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(["", "-"]), st.from_regex(r"[0-9]{1,5}", fullmatch=True),
       st.from_regex(r"[0-9]{3}", fullmatch=True),
       st.sampled_from([(0, 5, 1), (0, 5, None), (0, 5, "0.25"), (0, 10000, None),
                        (0, 10000, 1), (1000, 10000, 500), (0, 20, "0.5"), (-5, 5, None),
                        (0, 1000, None)]),
       st.sampled_from([",", "."]))
@example("", "3", "500", (0, 5, None), ",")      # a French reviewer's 3.5: the scale says so
@example("", "3", "500", (0, 10000, None), ",")  # three and a half, or three thousand five hundred
@example("", "0", "000", (1000, 10000, 500), ",")  # 0 however read: out of the scale
@example("", "12", "500", (0, 5, 1), ",")        # neither reading on the scale
@example("", "3", "500", (1000, 10000, 500), ",")  # three thousand five hundred
@example("", "3", "000", (0, 10000, None), ".")  # a French 3.000: three, or three thousand
@example("", "3", "500", (1000, 10000, 500), ".")  # a Spanish 3.500: three thousand five hundred
@example("", "3", "500", (0, 5, None), ".")      # 3.5, as always
@example("", "12", "500", (0, 5, 1), ".")        # neither: 12.5, out of the scale
@example("", "0", "500", (0, 1000, None), ",")   # 0,500: half, never five hundred
def test_a_comma_before_three_digits_is_read_as_the_scale_decides(
        sign: str, whole: str, three: str, scale: tuple[int, int, object], mark: str) -> None:
    """``3,500`` or ``3.500`` typed as text: the mark separates decimals (3.5) or thousands
    (3500), as English or French, Spanish and Portuguese write them. The scale decides, as a
    programme officer would: the one reading within it is the score (then judged by its
    step, as any score is); both within it (a scale of 0 to 10,000) is refused, both
    readings said so that a reader tells them apart (``3.5`` or ``3500``, never the text
    typed again: ``score_comma_ambiguous``, ``score_point_ambiguous``), never guessed;
    neither, a comma refused as before, a point read as its decimal (as a JSON number is);
    digits beginning with 0, or four or more, before the mark (``0,500``, ``12345,500``)
    separate no thousands. Read alike in every format where it is a text (CSV, JSON, JSON
    Lines, Python values); a JSON number ``3.500`` is 3.5 whatever the scale (JSON's
    grammar has no thousands)."""
    low, high = Decimal(scale[0]), Decimal(scale[1])
    step = None if scale[2] is None else Decimal(str(scale[2]))
    given_rules = scale_of(low, high, step)
    text = f"{sign}{whole}{mark}{three}"
    decimal, thousands = Fraction(f"{sign}{whole}.{three}"), Fraction(f"{sign}{whole}{three}")
    # (a group of thousands is one to three digits not beginning with 0: ``12345,500`` and
    # ``0,500`` are decimals only; after four digits the mark is not even read as grouping)
    grouped = not whole.startswith("0") and len(whole) <= 3
    readings = [decimal, thousands] if grouped else [decimal]
    within = [v for v in readings if low <= v <= high]
    read: Fraction | None = None
    if decimal == thousands or len(within) == 1:
        read = within[0] if within else decimal
    elif not within and (mark == "." or len(whole) > 3):
        read = decimal  # (neither: as the JSON number is read)

    def judged_as(sheet: ScoreSheet, value: Fraction) -> object:
        kept, problems = check_scores(sheet, given_rules, ["A1"])
        if kept:
            assert Fraction(kept[0].value) == value
            return kept[0].value
        fits = low <= value <= high and (
            step is None or (value - Fraction(low)) % Fraction(step) == 0)
        assert not fits and problems[0].code in (
            "score_out_of_scale", "score_off_step"), (text, scale, problems)
        assert Fraction(problems[0].ctx["value"]) == value  # (the reading judged)
        return problems[0].code

    outcomes = set()
    with tempfile.TemporaryDirectory() as folder:
        for name, sheet in _sheets(text, Path(folder)):
            if read is not None:
                outcomes.add((name, judged_as(sheet, read)))
                continue
            _, problems = check_scores(sheet, given_rules, ["A1"])
            outcomes.add((name, problems[0].code))
            if within:
                assert problems[0].code == (
                    "score_comma_ambiguous" if mark == "," else "score_point_ambiguous")
                # (its words: the law of the forms it tells to write, below)
            else:
                assert problems[0].code == "score_comma_thousands"
        if mark == ".":  # the JSON number: its decimal, whatever the scale
            (Path(folder) / "n.json").write_text(
                f'[{{"application": "A1", "reviewer": "R1", "criterion": "fit", '
                f'"score": {"-" if sign else ""}{int(whole)}.{three}}}]', "utf-8")
            judged_as(read_scores(Path(folder) / "n.json"), decimal)
    assert len({outcome for _, outcome in outcomes}) == 1, outcomes


def _sheets(text: str, folder: Path) -> list[tuple[str, ScoreSheet]]:
    """One score line for ``A1`` holding ``text``, read from Python values, a JSON file, JSON
    Lines and a CSV file."""
    record = {"application": "A1", "reviewer": "R1", "criterion": "fit", "score": text}
    (folder / "s.json").write_text(json.dumps([record]), "utf-8")
    (folder / "s.jsonl").write_text(json.dumps(record) + "\n", "utf-8")
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL).writerows([KEYS, ["A1", "R1", "fit", text]])
    (folder / "s.csv").write_text(out.getvalue(), "utf-8")
    return [("python", scores_from([record])),
            *((name, read_scores(folder / name)) for name in ("s.json", "s.jsonl", "s.csv"))]


#: The two readings an ambiguous score's message names, in each language's words.
_READINGS = {"en": r"read as (\S+) or as (\S+?),", "fr": r"se lire (\S+) ou (\S+?),",
             "es": r"leerse como (\S+) o como (\S+?),", "pt": r"lido como (\S+) ou como (\S+?),"}


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(["", "-"]), st.from_regex(r"[1-9][0-9]{0,2}", fullmatch=True),
       st.from_regex(r"[0-9]{3}", fullmatch=True), st.sampled_from([",", "."]))
@example("", "3", "125", ",")  # « 3,125 ou 3125 »: 3,125 typed back was ambiguous again
@example("", "3", "500", ".")
@example("-", "123", "567", ".")  # (never grouped with the very mark in question; after
# four digits, ``1234.567``, the point is a decimal point only: no ambiguity, wrd77)
def test_each_form_an_ambiguous_score_is_told_to_take_is_read_as_it_names(
        sign: str, whole: str, three: str, mark: str) -> None:
    """Law: for every ambiguous score (both readings of ``3,125`` within the scale), each of
    the two forms its message, in every language, tells the reviewer to write is read, on
    that scale, as the reading it names (the decimal one, then the thousands one), and
    neither is the text typed: following the advice is never refused again. The same for
    the problem as a record holds it (``to_dict``: its readings texts)."""
    given_rules = scale_of(Decimal(-10**7), Decimal(10**7), None)
    text = f"{sign}{whole}{mark}{three}"
    readings = (Decimal(f"{sign}{whole}.{three}"), Decimal(f"{sign}{whole}{three}"))
    _, problems = check_scores(scores_from([{"application": "A1", "reviewer": "R1",
                                             "criterion": "fit", "score": text}]),
                               given_rules, ["A1"])
    assert problems[0].code.endswith("_ambiguous")
    held = problems[0].to_dict()  # (as a record holds it, its readings texts: said alike)
    again = ScoreProblem(held["source"], held["line"], held["code"], held["ctx"],
                         held["application"], held["unit"])
    for (lang, words), problem in product(_READINGS.items(), (problems[0], again)):
        said = problem_text(problem, lang)
        found = re.search(words, said)
        assert found, (lang, said)
        for form, reading in zip(found.groups(), readings, strict=True):
            assert form != text, (lang, said)
            typed = by_scale(scores_from([{"application": "A1", "reviewer": "R1",
                                           "criterion": "fit", "score": form}]), given_rules)
            assert [row.value for row in typed.rows] == [reading], (lang, form, typed)


def test_a_value_put_in_place_of_a_read_one_is_the_score() -> None:
    """A row read from ``"3.000"`` whose value a caller replaces (``replace(row, value=2)``)
    is judged by the value given, never by the text it was read from."""
    row = scores_from([{"application": "A1", "reviewer": "R1", "criterion": "fit",
                        "score": "3.000"}]).rows[0]
    for low, high, value in ((0, 5, Decimal(2)), (0, 10000, Decimal(7)),
                             (0, 10000, Decimal(3))):
        given = ScoreSheet((dataclasses.replace(row, value=value),), (), ())
        kept, problems = check_scores(given, scale_of(Decimal(low), Decimal(high), None),
                                      ["A1"])
        assert ([r.value for r in kept], problems) == ([value], ()), (value, problems)


def test_a_comma_read_by_the_scale_is_a_row_in_its_line_s_place() -> None:
    """A score read by its scale (``4,000`` on a scale of 0 to 5) is a row of the sheet in its
    line's place, the first line the first score."""
    sheet = scores_from([{"application": "A1", "reviewer": "R1", "criterion": "fit",
                          "score": "4,000"},
                         {"application": "A1", "reviewer": "R1", "criterion": "fit",
                          "score": "4"}])
    resolved = callrules.selection.scores.by_scale(sheet, rules())
    assert [(r.line, r.value) for r in resolved.rows] == [(1, 4), (2, 4)]
    assert resolved.problems == ()
    kept, problems = check_scores(sheet, rules(), ["A1"])  # (the first line is the first)
    assert [r.line for r in kept] == [1] and [p.code for p in problems] == ["score_duplicate"]


#: The score 4 on the scale of 0 to 5 (by 1) as a spreadsheet, a JSON number or a French
#: reviewer writes it (``4,000``, read 4 by the scale).
_FOUR = ["4", "4,000", "4.000", "4,0", "4.", "40e-1", "+4", "004"]


@settings(max_examples=30, deadline=None)
@given(first=st.sampled_from(_FOUR), second=st.sampled_from(["2", "2,000", *_FOUR]),
       others=st.lists(st.sampled_from(["1", "3,000", "5"]), max_size=3))
@example(first="4,000", second="2", others=[])  # (look75s: b.csv's 2 kept, a.csv's refused)
@example(first="4", second="2", others=["3,000"])
def test_a_reviewer_s_first_score_is_the_one_read_first_whatever_its_spelling(
        first: str, second: str, others: list[str]) -> None:
    """Two files read in order, a reviewer scoring one application in both: the score read
    first is kept, the other is the repeat (``score_duplicate``), however either is written,
    a comma read by the scale (``4,000``) as any other; rows given in memory keep their
    order too, whatever the lines they name. Before, a score read by its scale was put back
    by its file and line, every row sorted so: a file of comma scores only came after the
    others, and ``4,000`` read first lost to the ``2`` read after it (look75s F3)."""
    with tempfile.TemporaryDirectory() as folder:
        a, b = Path(folder) / "a.csv", Path(folder) / "b.csv"
        for path, lines in ((a, [*(["A2", f"R{n}", "fit", score] for n, score
                                   in enumerate(others)), ["A1", "R1", "fit", first]]),
                            (b, [["A1", "R1", "fit", second]])):
            out = io.StringIO()
            csv.writer(out, quoting=csv.QUOTE_ALL).writerows([KEYS, *lines])
            path.write_text(out.getvalue(), "utf-8")
        kept, problems = check_scores(read_scores(a, b), rules(), ["A1", "A2"])
        assert [(Path(r.source).name, r.value) for r in kept if r.application == "A1"] == [
            ("a.csv", 4)]
        assert [Path(p.source).name for p in problems if p.code == "score_duplicate"] == [
            "b.csv"]
    given = [ScoreRow("A1", "R1", "fit", Decimal(4), "x.csv", 9),
             ScoreRow("A1", "R1", "fit", Decimal(2), "x.csv", 3),
             *({"application": "A2", "reviewer": f"R{n}", "criterion": "fit", "score": score}
               for n, score in enumerate([first, *others]))]
    kept, _ = check_scores(scores_from(given), rules(), ["A1", "A2"])
    assert [(r.line, r.value) for r in kept if r.application == "A1"] == [(9, 4)]


@pytest.mark.parametrize("scale", [(0, 5, None), (1, 5, None), (0, 10000, None)])
def test_an_exponent_after_a_comma_of_three_digits_is_refused_as_read(
        scale: tuple[int, int, None]) -> None:
    """``3,500e-3``: nobody writes a thousands separator before an exponent, and a decimal
    comma makes it 0.0035: refused as written (``score_comma_thousands``) whatever the scale,
    never read 3.5 (look75s F5)."""
    given_rules = scale_of(Decimal(scale[0]), Decimal(scale[1]), scale[2])
    with tempfile.TemporaryDirectory() as folder:
        for text in ("3,500e-3", "3,500E0", "-0,500e+1"):
            for name, sheet in _sheets(text, Path(folder)):
                kept, problems = check_scores(sheet, given_rules, ["A1"])
                assert not kept and [p.code for p in problems] == ["score_comma_thousands"], (
                    name, text)


@settings(max_examples=12, deadline=None)
@given(st.integers(4290, 4420), st.sampled_from(["", "-"]))
@example(4301, "")
@example(4300, "")
def test_a_json_integer_of_any_length_reads_as_its_text_does(length: int, sign: str) -> None:
    """A JSON integer past the 4,300 digits Python converts is read as its text is (out of
    the scale, its size said): never its whole record refused (``json_invalid``)."""
    digits = sign + "9" * length
    with tempfile.TemporaryDirectory() as folder:
        as_number = every_format(Number(digits), Path(folder))
        as_text = every_format(digits, Path(folder))
    assert {*as_number.values(), *as_text.values()} == {as_text["python"]}
    assert as_text["python"][0] == "score_out_of_scale"


@settings(max_examples=60)
@given(st.integers(0, 12), st.text("0123456789", min_size=3, max_size=3),
       st.sampled_from([(0, 5), (0, 10000), (1000, 10000)]))
def test_equal_rows_are_judged_alike(whole: int, digits: str, scale: tuple[int, int]) -> None:
    """Law over rows (att84, sel76's "left"): two score rows that are equal (``==``, and so
    of one hash) are judged alike by every scale; two that are not never print alike (wrd78:
    the typed text in the repr). A row read from the text ``"3.000"``, whose point the scale
    may read as a thousands separator, is not the row of
    ``Decimal("3.000")`` given in Python; a row whose value a caller replaces is its value."""
    text = f"{whole}.{digits}"
    read = scores_from([{"application": "A1", "reviewer": "R1", "criterion": "fit",
                         "score": text}]).rows[0]
    given_number = scores_from([{"application": "A1", "reviewer": "R1", "criterion": "fit",
                                 "score": Decimal(text)}]).rows[0]
    built = ScoreRow("A1", "R1", "fit", Decimal(text), read.source, read.line, read.unit)
    rows = [read, given_number, built, dataclasses.replace(read, value=Decimal(text)),
            dataclasses.replace(read, written=None),
            dataclasses.replace(read, value=Decimal(whole)),
            dataclasses.replace(built, written=text)]
    given_rules = scale_of(Decimal(scale[0]), Decimal(scale[1]), None)

    def verdict(row: ScoreRow) -> tuple[object, ...]:
        kept, problems = check_scores(ScoreSheet((row,), (), ()), given_rules, ["A1"])
        return (tuple(r.value for r in kept), tuple(p.code for p in problems))

    for one, other in product(rows, repeat=2):
        if one == other:
            assert hash(one) == hash(other)
            assert verdict(one) == verdict(other), (text, scale, one, other)
        else:  # (wrd78: two rows that are not equal never print alike, the typed text shown)
            assert repr(one) != repr(other), (one, other)


@settings(max_examples=60)
@given(st.integers(0, 12), st.text("0123456789", min_size=3, max_size=3),
       st.sampled_from([(0, 5), (0, 2), (0, 10000), (1000, 10000)]), st.booleans())
def test_a_line_given_twice_is_one_line_typed_text_or_not(
        whole: int, digits: str, scale: tuple[int, int], untyped_first: bool) -> None:
    """wrdmend77 (look77w F5), law: one line of one file given twice, once with the text
    it was typed as and once without (``written`` dropped), is one line, as on the base:
    judged as that typed line given twice (a sheet added to itself), whichever comes first;
    on 0–2, one problem, never two."""
    text = f"{whole}.{digits}"
    read = scores_from([{"application": "A1", "reviewer": "R1", "criterion": "fit",
                         "score": text}]).rows[0]
    bare = dataclasses.replace(read, written=None)
    given_rules = scale_of(Decimal(scale[0]), Decimal(scale[1]), None)

    def verdict(*rows: ScoreRow) -> tuple[object, ...]:
        kept, problems = check_scores(ScoreSheet(rows, (), ()), given_rules, ["A1"])
        return (tuple(r.value for r in kept), tuple(p.code for p in problems))

    twice = (bare, read) if untyped_first else (read, bare)
    assert verdict(*twice) == verdict(read, read), (text, scale, untyped_first)
    if scale == (0, 2) and whole > 2:
        assert len(verdict(*twice)[1]) == 1


@settings(max_examples=60)
@given(st.from_regex(r"[1-9][0-9]{3,7}", fullmatch=True),
       st.from_regex(r"[0-9]{3}", fullmatch=True), st.sampled_from([".", ","]),
       st.sampled_from([(0, 10**12), (0, 5), (1000, 10**9)]))
def test_a_mark_after_more_than_three_digits_is_a_decimal_mark(
        whole: str, digits: str, mark: str, scale: tuple[int, int]) -> None:
    """Law over digit counts (sel76's "left"): no one groups thousands after four digits or
    more, so ``12345.500`` and ``12345,500`` are the decimal 12345.5 on every scale, judged
    as the JSON number ``12345.500`` is; never ambiguous, never twelve million."""
    text = f"{whole}{mark}{digits}"
    given_rules = scale_of(Decimal(scale[0]), Decimal(scale[1]), None)

    def verdict(score: object) -> tuple[object, ...]:
        sheet = scores_from([{"application": "A1", "reviewer": "R1", "criterion": "fit",
                              "score": score}])
        kept, problems = check_scores(sheet, given_rules, ["A1"])
        return (tuple(r.value for r in kept), tuple(p.code for p in problems))

    assert verdict(text) == verdict(Decimal(f"{whole}.{digits}")), (text, scale)


def _said_back_alike(value: Decimal, scale: tuple[int, int, object]) -> None:
    """Each problem of ``value`` scored on ``scale``, read back from ``to_dict`` (as a
    replayed record holds it), is said word for word as it first was, in every language."""
    low, high, step = scale
    given_rules = scale_of(Decimal(low), Decimal(high),
                           None if step is None else Decimal(str(step)))
    sheet = scores_from([{"application": "A1", "reviewer": "R1", "criterion": "fit",
                          "score": value}])
    _, problems = check_scores(sheet, given_rules, ["A1"])
    for problem in problems:
        said = problem.to_dict()
        back = ScoreProblem(str(said["source"]), int(str(said["line"])), str(said["code"]),
                            dict(said["ctx"]),  # type: ignore[call-overload]
                            None if said["application"] is None else str(said["application"]),
                            problem.unit)
        for lang in ("en", "fr", "es", "pt"):
            assert problem_text(back, lang) == problem_text(problem, lang), (lang, problem)


@settings(max_examples=60)
@given(st.decimals(-10**7, 10**7, places=3, allow_nan=False, allow_infinity=False),
       st.sampled_from([(0, 5, 1), (0, 10000, None), (1000, 10**6, "0.5"), (-5, 5, "0.25")]))
def test_a_problem_read_back_is_said_as_it_was_first(
        value: Decimal, scale: tuple[int, int, object]) -> None:
    """sel76's "left": a problem of a score judged by its scale, read back from its
    ``to_dict`` (as a replayed record holds it, its numbers as texts), is said word for word
    as it first was in every language: its bounds, its step and the score in the reader's
    digits (« de 0 à 10 000 », « 12,5 »), never in plain digits. Scores of at most 60
    characters only (|v| ≤ 10^7 drawn): a longer one, which ``to_dict`` keeps cut, is
    still said in plain digits when read back (look77w F4, left)."""
    _said_back_alike(value, scale)


@settings(max_examples=60)
@given(st.booleans(), st.text("0123456789", min_size=1, max_size=55),
       st.text("0123456789", max_size=90), st.integers(-120, 0),
       st.sampled_from([(0, 5, 1), (0, 10000, None), (-5, 5, "0.25")]))
@example(True, "3", "1" * 70, 0, (0, 5, 1))  # (−3,111…: the reader's digits and sign)
@example(True, "1", "", -100, (0, 5, 1))  # (a tiny number, its sign kept)
@example(False, "1" * 25, "5" * 40, 0, (0, 5, 1))  # (a number of 25 digits)
def test_a_long_score_read_back_is_said_as_it_was_first(
        negative: bool, whole: str, fraction: str, shift: int,
        scale: tuple[int, int, object]) -> None:
    """wrd78 (look77w F4), law: a problem of a score of more than 60 characters, read back
    from ``to_dict`` (which keeps the score cut), is said word for word as it first was, in
    every language: in the reader's digits and minus sign, or by its size (« un nombre de
    25 chiffres », a tiny number between −0,00000001 and 0) when what was kept tells it:
    any score whose digits before its point fit in the cut (a longer whole part: its count
    of digits is lost with the cut, said in digits)."""
    value = Decimal(f"{'-' if negative else ''}{whole}.{fraction or '0'}").scaleb(shift)
    _said_back_alike(value, scale)
