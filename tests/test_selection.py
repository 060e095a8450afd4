"""Selection: the call's criteria, reviewers' scores, the ranking, and the envelope shared."""

from __future__ import annotations

import ast
import copy
import json
import re
import tempfile
import tomllib
import unicodedata
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules import Decision, Money
from callrules._i18n import phrase_sentence
from callrules._seal import seal
from callrules._sourced import Sourced
from callrules.planning.declaration import plan_of
from callrules.selection.messages import COUNTED, COUNTED_BY, PROBLEMS, REASONS
from callrules.selection.ranking import NAMED_OTHERS, combine
from tests.conftest import ROOT, eligible_dict
from tests.laws import settings
from tests.test_cli import run

PANEL = ROOT / "docs" / "examples" / "panel"
CNRS_FILE = ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml"
AT = "2026-06-15T10:00:00+02:00"
NOW = callrules.parse_instant(AT)
CODE_LIKE = [r"\b[a-z]+_[a-z_]+\b", r"\b[a-z_]+(\[\d+\])?\.[a-z_]+(\.[a-z_]+)*\b",
             r"\w\[\d+\]", r"\$\w+", r"\{'\w+'"]


def code_like(text: str) -> list[str]:
    """The code-like tokens of a text meant for people (as the project's checker finds)."""
    text = re.sub(r"\S+@\S+|https?://\S+|\b[\w-]+\.(json|toml|csv|jsonl)\b", " ", text)
    return [m.group(0) for p in CODE_LIKE for m in re.finditer(p, text)]


def cnrs_data() -> dict[str, Any]:
    """The bundled CNRS call file, as a dict to vary."""
    return tomllib.loads(CNRS_FILE.read_text("utf-8"))


@cache
def cnrs_with(**selection: Any) -> callrules.Call:
    """The CNRS call with its ``[selection]`` table changed (keys given as keyword values;
    ``limits`` as a tuple of (per, at_most) pairs, ``envelope`` as (key, value) pairs)."""
    data = cnrs_data()
    table = dict(data["selection"])
    for key, value in selection.items():
        if key == "limits":
            value = [{"per": per, "at_most": n} for per, n in value]
        elif key == "envelope":
            value = dict(value)
        table[key] = value
    data["selection"] = table
    return callrules.Call.from_dict(data, source="varied.toml")


def panel() -> list[dict[str, Any]]:
    """The worked example's applications."""
    lines = (PANEL / "applications.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines]


def application(number: int, *, amount: str = "1000.00", unit: str = "UMR 7154",
                country: str = "BR", late: bool = False, minute: int = 0) -> dict[str, Any]:
    """An eligible application (one visitor) with its own host, or a late one."""
    data = eligible_dict()
    data["id"] = f"APP-{number:03d}"
    email = f"host{number}@cnrs.fr"
    data["submitter"]["email"] = data["host"]["person"]["email"] = email
    data["submitted_at"] = "2026-06-01T17:30:00+02:00" if late else \
        f"2026-05-20T10:{minute:02d}:00+02:00"
    data["host"]["unit"]["code"] = unit
    visitor = data["visitors"][0]
    visitor["institution"]["location"] = {"country": country}
    data["visitors"] = [visitor]
    data["documents"] = [{"kind": "project_description", "pages": 3},
                         {"kind": "cv", "owner": "v1", "pages": 2}]
    data["budget"] = {"lines": [{"category": "transport", "beneficiary": "v1",
                                 "amount": {"amount": amount, "currency": "EUR"}}]}
    data.pop("exchange_rates")
    return data


def scores_for(app_id: str, fit: int, cooperation: int, durability: int,
               reviewer: str = "R1") -> list[dict[str, object]]:
    """One reviewer's three scores of an application."""
    return [{"application": app_id, "reviewer": reviewer, "criterion": c, "score": s}
            for c, s in (("fit", fit), ("cooperation", cooperation),
                         ("durability", durability))]


class TestTheCnrsCall:
    def test_it_declares_the_three_criteria_of_its_text_with_equal_weights(
            self, call: callrules.Call) -> None:
        """Fit, cooperation and durability, labelled in the call's four languages, weight 1
        each."""
        rules = callrules.selection_rules(call)
        assert rules.ids == ("fit", "cooperation", "durability")
        assert {c.weight for c in rules.criteria} == {Decimal(1)}
        assert all(set(c.label) == {"fr", "en", "es", "pt"} for c in rules.criteria)
        assert "Amérique du Sud" in rules.criterion("cooperation").label["fr"]

    def test_its_envelope_is_left_to_the_officer(self, call: callrules.Call) -> None:
        """The text states no envelope: selecting without one is refused, saying why."""
        assert callrules.selection_rules(call).envelope is None
        with pytest.raises(callrules.InputError, match="no envelope"):
            callrules.select(call, [], [])

    def test_every_bundled_call_with_criteria_reads_them(self) -> None:
        """Each bundled call that declares criteria has well-formed selection rules."""
        for call_id in callrules.calls.available():
            call = callrules.calls.load(call_id)
            if call.definition.criteria:
                assert callrules.selection_rules(call).criteria


class TestCallFileMistakes:
    @pytest.mark.parametrize(("change", "code", "loc"), [
        (lambda d: d["selection"].update(tie_break=["fit", "cooperaton"]), "unknown_criterion",
         ("selection", "tie_break", 1)),
        (lambda d: d["criteria"][0]["label"].pop("en"), "missing_translation",
         ("criteria", 0, "label")),
        (lambda d: d["criteria"][1].update(scale={"min": 5, "max": 0}), "bad_scale",
         ("criteria", 1, "scale")),
        (lambda d: d["criteria"][1].update(scale={"min": 0, "max": 5, "step": 2}), "bad_scale",
         ("criteria", 1, "scale", "step")),
        (lambda d: d["criteria"][2].update(weight=0), "bad_weight", ("criteria", 2, "weight")),
        (lambda d: d["criteria"][2].update(id="fit"), "duplicate_criterion",
         ("criteria", 2, "id")),
        (lambda d: d["criteria"][0].update(weight="1,5"), "bad_number",
         ("criteria", 0, "weight")),
        (lambda d: d["selection"].update(envelope={"amount": "10", "currency": "USD"}),
         "bad_envelope", ("selection", "envelope")),
        (lambda d: d["selection"].update(envelope={"amount": "1,0", "currency": "EUR"}),
         "bad_envelope", ("selection", "envelope")),
        (lambda d: d["selection"].update(envelope={"amount": "20.000", "currency": "EUR"}),
         "bad_envelope", ("selection", "envelope")),
        (lambda d: d["selection"].update(precision="0.05"), "bad_number",
         ("selection", "precision")),
        (lambda d: d["selection"].update(combine="mode"), "literal_error",
         ("selection", "combine")),
        (lambda d: d["selection"].update(limits=[{"per": "country", "at_most": 1},
                                                 {"per": "country", "at_most": 2}]),
         "bad_limit", ("selection", "limits")),
        (lambda d: d["selection"].update(tie_break=["fit", "fit"]), "duplicate_criterion",
         ("selection", "tie_break")),
        (lambda d: d.pop("criteria"), "no_criteria", ("criteria",)),
    ])
    def test_a_mistake_names_the_file_the_place_and_a_code(self, change: Any, code: str,
                                                           loc: tuple[Any, ...]) -> None:
        """Each malformed criterion or selection rule raises DefinitionError with its place,
        when the call loads (so that ``validate`` says it, not only ``select``)."""
        data = cnrs_data()
        change(data)
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(data, source="mine.toml")
        assert (caught.value.code, caught.value.loc, caught.value.source) == (
            code, loc, "mine.toml")

    @settings(max_examples=40, deadline=None)
    @given(weights=st.lists(st.sampled_from(["1", "2", "0.5"]), min_size=3, max_size=3),
           top=st.sampled_from([5, 10]),
           total=st.none() | st.decimals(min_value=0, max_value=40, places=1),
           on_fit=st.none() | st.decimals(min_value=0, max_value=11, places=1))
    def test_a_threshold_no_score_reaches_is_refused(
            self, weights: list[str], top: int, total: Decimal | None,
            on_fit: Decimal | None) -> None:
        """A threshold above the highest score it is compared with (the top of the
        criterion's scale; for the total, the weighted sum of the tops) is refused when the
        call loads, ``bad_threshold`` at the threshold, in the four languages, naming the
        criterion by its label; a threshold within reach loads. Before, a total threshold of
        16 where at most 15 could be given loaded, and nothing was ever ranked (attack 25b
        F3)."""
        data = cnrs_data()
        for criterion, weight in zip(data["criteria"], weights, strict=True):
            criterion.update(weight=weight, scale={"min": 0, "max": top})
        if total is not None:
            data["selection"]["threshold"] = str(total)
        if on_fit is not None:
            data["criteria"][0]["threshold"] = str(on_fit)
        most = sum(Decimal(w) * top for w in weights)
        if (on_fit is None or on_fit <= top) and (total is None or total <= most):
            callrules.Call.from_dict(data)
            return
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.Call.from_dict(data, source="mine.toml")
        error = caught.value
        fit_first = on_fit is not None and on_fit > top
        assert (error.code, error.source, error.loc) == (
            "bad_threshold", "mine.toml",
            ("criteria", 0, "threshold") if fit_first else ("selection", "threshold"))
        assert error.words is not None
        key, values = error.words
        for lang in ("fr", "en", "es", "pt"):
            said = phrase_sentence(key, lang, **values)
            assert not code_like(said) and "%(" not in said, said
            if fit_first:
                assert data["criteria"][0]["label"][lang] in said

    def test_validate_refuses_a_broken_selection_as_select_does(self, tmp_path: Path) -> None:
        """``callrules validate`` exits 2 for a call whose ``[[criteria]]`` or ``[selection]``
        is broken, naming the same place and code as ``select`` (it said "valid" before)."""
        data = cnrs_data()
        data["criteria"][0]["scale"]["step"] = "0.3"
        path = tmp_path / "cnrs-amsud-2026.json"
        path.write_text(json.dumps(data, default=str), "utf-8")
        said = run("validate", str(path))
        assert said.returncode == 2, said.stdout
        assert "criteria[0].scale.step" in said.stderr and "[bad_scale]" in said.stderr
        app = tmp_path / "app.json"
        app.write_text(json.dumps(eligible_dict()), "utf-8")
        scores = tmp_path / "scores.csv"
        scores.write_text("application,reviewer,criterion,score\n", "utf-8")
        chosen = run("select", "--scores", str(scores), "--at", AT, str(path), str(app))
        assert chosen.returncode == 2
        assert "criteria[0].scale.step" in chosen.stderr and "[bad_scale]" in chosen.stderr

    def test_a_call_without_criteria_loads_and_only_select_refuses_it(self) -> None:
        """A call that declares neither ``[[criteria]]`` nor ``[selection]`` is an
        eligibility call: it loads (``validate`` accepts it); ``select`` refuses it."""
        data = cnrs_data()
        del data["criteria"], data["selection"]
        call = callrules.Call.from_dict(data)
        with pytest.raises(callrules.DefinitionError) as caught:
            callrules.selection_rules(call)
        assert caught.value.code == "no_criteria"

    def test_an_unknown_tie_break_criterion_suggests_the_right_one(self) -> None:
        """A misspelt criterion id comes with "did you mean"."""
        data = cnrs_data()
        data["selection"]["tie_break"] = ["cooperaton"]
        with pytest.raises(callrules.DefinitionError, match="did you mean 'cooperation'"):
            callrules.selection_rules(callrules.Call.from_dict(data))

    def test_an_envelope_in_the_file_is_used_unless_the_officer_overrides_it(self) -> None:
        """The call's envelope applies by default; the one given to select wins."""
        call = cnrs_with(envelope=(("amount", "1500.00"), ("currency", "EUR")))
        apps = [application(1, amount="1000.00"), application(2, amount="1000.00", minute=1)]
        scores = scores_for("APP-001", 5, 5, 5) + scores_for("APP-002", 4, 4, 4)
        assert len(callrules.select(call, apps, scores, now=NOW).funded) == 1
        bigger = callrules.select(call, apps, scores, envelope=Money("2000", "EUR"), now=NOW)
        assert len(bigger.funded) == 2


class TestScoresFiles:
    def test_a_bad_line_is_reported_with_its_file_and_line_and_the_others_kept(
            self, tmp_path: Path) -> None:
        """A malformed score, a row with a cell more than its header and a missing cell each
        name their line."""
        path = tmp_path / "scores.csv"
        path.write_text("application,reviewer,criterion,score\n"
                        "A,R1,fit,4\n"
                        "A,R1,cooperation,3,5\n"
                        "A,R2,fit,three\n"
                        "A,,fit,4\n"
                        "B,R1,fit,3.5\n", "utf-8")
        sheet = callrules.read_scores(path)
        assert [(r.application, r.line) for r in sheet.rows] == [("A", 2), ("B", 6)]
        assert [(p.line, p.code) for p in sheet.problems] == [
            (3, "score_extra_cells"), (4, "score_not_a_number"), (5, "score_missing")]
        assert all(p.source == str(path) for p in sheet.problems)

    def test_a_semicolon_csv_from_a_french_spreadsheet_reads_decimal_commas(
            self, tmp_path: Path) -> None:
        """``;``-separated with ``3,5``: read as 3.5; a comma that may separate thousands
        (``1,000``) is refused, in any CSV, never read as 1 (said so: the comma may
        separate thousands)."""
        path = tmp_path / "notes.csv"
        path.write_text("\ufeffapplication;reviewer;criterion;score\nA;R1;fit;3,5\n"
                        "A;R2;fit;3,5,1\nA;R3;fit;1,000\n", "utf-8")
        sheet = callrules.read_scores(path)
        assert [r.value for r in sheet.rows] == [Decimal("3.5")]
        assert [(p.line, p.code) for p in sheet.problems] == [(3, "score_not_a_number"),
                                                               (4, "score_comma_thousands")]
        path.write_text('application,reviewer,criterion,score\nA,R1,fit,"3,25"\n', "utf-8")
        assert [r.value for r in callrules.read_scores(path).rows] == [Decimal("3.25")]

    def test_decimals_in_the_call_file_are_read_exactly(self) -> None:
        """A TOML step of 0.5 and a weight of 0.1 are the decimals written."""
        data = cnrs_data()
        data["criteria"][0].update(scale={"min": 0, "max": 20, "step": 0.5}, weight=0.1)
        criterion = callrules.selection_rules(callrules.Call.from_dict(data)).criteria[0]
        assert (criterion.scale.step, criterion.weight) == (Decimal("0.5"), Decimal("0.1"))

    def test_json_scores_are_read_with_their_place_in_the_list(self, tmp_path: Path) -> None:
        """A JSON array's elements keep their place; a float-looking score stays exact."""
        path = tmp_path / "scores.json"
        path.write_text('[\n {"application": "A", "reviewer": "R", "criterion": "fit",\n'
                        '  "score": 4.5},\n {"application": "A", "reviewer": "R",'
                        ' "criterion": "fit", "score": true}\n]\n', "utf-8")
        sheet = callrules.read_scores(path)
        assert [(r.line, r.unit, r.value) for r in sheet.rows] == [(1, "item", Decimal("4.5"))]
        assert [(p.where, p.code) for p in sheet.problems] == [
            (f"{path}[1]", "score_not_a_number")]

    @pytest.mark.parametrize(("name", "text", "expected"), [
        ("s.json", '{"a": 1}', [(0, "score_no_column")]),
        ("s.json", '[{"application": "A"} {"b": 2}]', [(1, "score_missing"),
                                                       (2, "score_missing")]),
        ("s.json", '[{"application": "A", "reviewer": "R", "criterion": "fit", "score": 1},\n'
                   ' nope]', [(2, "json_invalid")]),
        ("s.json", "[ ]", [(0, "score_none")]),
        ("s.jsonl", '{"application": "A", "reviewer": "R", "criterion": "fit", "score": "x"}'
                    '\n\n[1]\n{oops\n', [(1, "score_not_a_number"), (3, "score_not_an_object"),
                                         (4, "json_invalid")]),
        ("s.jsonl", '{"application": "A", "reviewer": "R", "criterion": "fit", "score": 1,'
                    ' "score": 2}\n', [(1, "score_duplicate_key")]),
        ("s.csv", "application,reviewer,score\nA,R,1\n", [(2, "score_no_column")]),
        ("s.csv", "application,reviewer,criterion,score\nA,R,,1\nA,R,fit,1\n",
         [(2, "score_missing")]),
        ("s.csv", "application,reviewer,criterion,score,score\nA,R,fit,1,2\n",
         [(2, "csv_duplicate_column")]),
        ("s.csv", "application,reviewer,criterion,score\n", [(0, "score_none")]),
    ])
    def test_each_kind_of_unreadable_line_is_named(self, tmp_path: Path, name: str, text: str,
                                                   expected: list[tuple[int, str]]) -> None:
        """One object, broken JSON, a key twice, JSON Lines, missing or doubled CSV columns,
        and a file without a score line."""
        path = tmp_path / name
        path.write_text(text, "utf-8")
        assert [(p.line, p.code) for p in callrules.read_scores(path).problems] == expected

    def test_a_missing_file_is_one_problem(self, tmp_path: Path) -> None:
        """A file that cannot be read is reported for the file as a whole, not raised."""
        (problem,) = callrules.read_scores(tmp_path / "none.csv").problems
        assert (problem.code, problem.line, problem.unit) == ("unreadable", 0, "file")
        assert callrules.problem_text(problem, "fr") == (  # (by its folder and name: given
            f"{tmp_path.name}/none.csv\u202f: Le fichier ne peut pas être lu\u202f: il n’y a "
            "pas de fichier ou de dossier de ce nom.")  # whole; why, in the reader's words)

    def test_scores_off_the_scale_or_the_batch_are_named_and_make_their_proposal_unranked(
            self) -> None:
        """Out of scale, off step, unknown criterion, unknown application, second score: each
        is a problem; the proposal it was for is not ranked; the others are unaffected."""
        apps = [application(1), application(2, minute=1), application(3, minute=2)]
        scores = [*scores_for("APP-001", 4, 4, 4), *scores_for("APP-002", 4, 4, 4),
                  *scores_for("APP-003", 4, 4, 4),
                  {"application": "APP-001", "reviewer": "R2", "criterion": "fit", "score": 6},
                  {"application": "APP-002", "reviewer": "R2", "criterion": "fit",
                   "score": "2.5"},
                  {"application": "APP-002", "reviewer": "R2", "criterion": "impact",
                   "score": 2},
                  {"application": "APP-404", "reviewer": "R2", "criterion": "fit", "score": 2},
                  {"application": "APP-001", "reviewer": "R1", "criterion": "fit", "score": 4}]
        result = callrules.select(callrules.calls.load("cnrs-amsud-2026"), apps, scores,
                                  envelope=Money("10000", "EUR"), now=NOW)
        assert [(p.line, p.code) for p in result.problems] == [
            (10, "score_out_of_scale"), (11, "score_off_step"), (12, "score_unknown_criterion"),
            (13, "score_unknown_application"), (14, "score_duplicate")]
        assert result.entry("APP-001").decision is Decision.UNSCORED
        assert result.entry("APP-002").decision is Decision.UNSCORED
        assert result.entry("APP-003").decision is Decision.FUNDED
        for lang in ("fr", "en"):
            for problem in result.problems:
                text = callrules.problem_text(problem, lang, result.call)
                assert "item" in text or "élément" in text
                assert code_like(text) == [], text


class TestTheWorkedPanel:
    def select(self, envelope: str = "6000") -> callrules.Selection:
        return callrules.select(callrules.calls.load("cnrs-amsud-2026"),
                                callrules.records(PANEL / "applications.jsonl"),
                                PANEL / "scores.csv", envelope=Money(envelope, "EUR"), now=NOW)

    def test_the_panel_funds_in_rank_order_within_the_envelope(self) -> None:
        """Two funded, two on the reserve list, one unranked by a typo, one late."""
        result = self.select()
        assert [(e.application_id, e.rank, e.decision.value, str(e.funded.amount))
                for e in result] == [
            ("AMSUD-2026-0101", 1, "funded", "1920.00"),
            ("AMSUD-2026-0102", 2, "funded", "2210.00"),
            ("AMSUD-2026-0103", 3, "reserve", "0.00"),
            ("AMSUD-2026-0104", 4, "reserve", "0.00"),
            ("AMSUD-2026-0105", None, "unscored", "0.00"),
            ("AMSUD-2026-0106", None, "not_eligible", "0.00")]
        assert result.remaining == Money("1870.00", "EUR")
        assert result.entry("AMSUD-2026-0101").score == Decimal("13.00")
        assert [p.where for p in result.problems] == [f"{PANEL / 'scores.csv'}:31"]

    def test_the_tie_on_the_total_is_broken_by_the_first_criterion_and_said(self) -> None:
        """0101 and 0102 both total 13; 0101 is ahead on fit, and each says so."""
        result = self.select()
        first = result.entry("AMSUD-2026-0101")
        assert [r.code for r in first.reasons] == ["funded", "tie_criterion_ahead"]
        text = callrules.reason_text(first.reasons[1], "en", result.call)
        assert text == ("Same total as AMSUD-2026-0102, ranked ahead of it on Purpose of the "
                        "mobility and fit with the call.")

    def test_a_tie_says_which_of_the_two_is_ahead_and_the_head_names_the_call(self) -> None:
        """Each of two tied applications names the other, then says that it (this one) is
        ahead or behind, in every language: « Mismo total que 0102, clasificada por
        delante » read as 0102 ahead (attacker att48). The first line names the call as a
        report does, by its title in the reader's language, never by its id."""
        result = self.select()
        said = {"es": ("; esta candidatura queda por delante",
                       "; esta candidatura queda por detrás"),
                "pt": ("; esta candidatura fica à frente", "; esta candidatura fica atrás"),
                "fr": (", qu’elle devance", ", qui la devance"),
                "en": (", ranked ahead of it", ", ranked behind it")}
        assert result.call is not None
        for lang, (ahead, behind) in said.items():
            for number, other, words in (("0101", "0102", ahead), ("0102", "0101", behind)):
                reason = result.entry(f"AMSUD-2026-{number}").reasons[-1]
                text = callrules.reason_text(reason, lang, result.call)
                assert text.split(f"AMSUD-2026-{other}", 1)[1].startswith(words), text
            head = callrules.selection_text(result, lang).splitlines()[0]
            assert result.call.title_in(lang) in head and "cnrs-amsud-2026" not in head, head

    def test_every_reason_reads_in_both_languages_without_code(self) -> None:
        """Reasons, text view and headings are words for people, in French and English."""
        result = self.select()
        for lang in ("fr", "en"):
            text = callrules.selection_text(result, lang)
            assert code_like(text) == [], text
        assert "Non éligible, donc non classé" in callrules.selection_text(result, "fr")
        assert "Date limite de soumission" in callrules.selection_text(result, "fr")

    @pytest.mark.parametrize(("envelope", "count"), [("0", 0), ("2000", 1), ("6000", 2),
                                                      ("9200", 4)])
    def test_the_first_line_counts_the_funded_in_real_plurals(self, envelope: str,
                                                              count: int) -> None:
        """"2 candidatures financées", never "2 financée(s)": the first line's words agree
        with the number funded, in each language."""
        result = self.select(envelope)
        assert len(result.funded) == count
        many = count > 1
        expected = {"en": "applications funded" if count != 1 else "application funded",
                    "fr": "candidatures financées" if many else "candidature financée",
                    "es": "candidaturas financiadas" if count != 1 else "candidatura financiada",
                    "pt": "candidaturas financiadas" if many else "candidatura financiada"}
        for lang, words in expected.items():
            head = callrules.selection_text(result, lang).splitlines()[0]
            assert f"{count} {words} " in head and "(s)" not in head, head

    def test_the_html_view_labels_its_columns_and_escapes_what_it_shows(self) -> None:
        """French headings with criteria labels; an application id with markup is escaped."""
        apps = [application(1)]
        apps[0]["id"] = "<b>x</b>"
        result = callrules.select(callrules.calls.load("cnrs-amsud-2026"), apps,
                                  scores_for("<b>x</b>", 3, 3, 3), envelope=Money(5000, "EUR"),
                                  now=NOW)
        page = callrules.selection_html(result, "fr")
        assert "<th>Rang</th>" in page and "Potentiel de structuration" in page
        assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page
        bad = callrules.select(callrules.calls.load("cnrs-amsud-2026"), apps,
                               [{"application": "<b>x</b>", "reviewer": "R",
                                 "criterion": "fit", "score": 9}], envelope=Money(1, "EUR"))
        assert "<li>" in callrules.selection_html(bad, "en")

    def test_the_dataframe_has_labelled_columns_and_exact_amounts(self) -> None:
        """One row per application, indexed by id; amounts are Decimal, never float."""
        frame = callrules.selection_frame(self.select(), "fr")
        assert frame.index.name == "Candidature"
        assert list(frame.columns[:2]) == ["Rang", "Note"]
        assert frame.loc["AMSUD-2026-0101", "Financé (EUR)"] == Decimal("1920.00")
        assert not any(isinstance(v, float) for v in frame.to_numpy().ravel())

    def test_a_larger_envelope_funds_the_reserve_list_in_order(self) -> None:
        """With 9,200 €, the first four fit (9,110 €); the unranked stay unfunded."""
        result = self.select("9200")
        assert [e.application_id for e in result.funded] == [
            "AMSUD-2026-0101", "AMSUD-2026-0102", "AMSUD-2026-0103", "AMSUD-2026-0104"]

    def test_a_malformed_record_is_listed_and_the_others_selected(self) -> None:
        """A record that is not an application does not stop the selection."""
        result = callrules.select(callrules.calls.load("cnrs-amsud-2026"),
                                  [*panel(), {"id": "broken"}], PANEL / "scores.csv",
                                  envelope=Money(6000, "EUR"), now=NOW)
        assert len(result.entries) == 6 and result.input_errors[0][0] == "record 7"  # from 1
        text = callrules.selection_text(result, "en")
        assert "Records that are not valid" in text and "  Record 7\n" in text


class TestRules:
    @pytest.mark.parametrize(("how", "values", "expected"), [
        ("mean", ["1", "2", "4"], "2.33"),
        ("median", ["1", "2", "5"], "2.00"),
        ("median", ["1", "2", "4", "5"], "3.00"),
        ("trimmed_mean", ["0", "3", "4", "5"], "3.50"),
        ("trimmed_mean", ["0", "5"], "2.50"),
        ("mean", ["0.125", "0.13"], "0.13"),
    ])
    def test_reviewers_scores_combine_as_the_call_says(self, how: str, values: list[str],
                                                       expected: str) -> None:
        """Mean, median and trimmed mean, rounded half-even to the precision."""
        rules = callrules.SelectionRules((), combine=how)  # type: ignore[arg-type]
        assert combine([Decimal(v) for v in values], rules) == Decimal(expected)

    def test_partial_funding_gives_the_last_the_remainder(self) -> None:
        """With partial funding, the first that does not fit gets what remains; no more."""
        call = cnrs_with(partial_funding=True)
        apps = [application(1, amount="2000.00"), application(2, amount="2000.00", minute=1),
                application(3, amount="500.00", minute=2)]
        scores = [*scores_for("APP-001", 5, 5, 5), *scores_for("APP-002", 4, 4, 4),
                  *scores_for("APP-003", 3, 3, 3)]
        result = callrules.select(call, apps, scores, envelope=Money("3000", "EUR"), now=NOW)
        assert [(e.decision.value, str(e.funded.amount)) for e in result] == [
            ("funded", "2000.00"), ("funded", "1000.00"), ("reserve", "0.00")]
        assert result.entry("APP-002").reasons[0].code == "funded_part"
        assert result.remaining == Money(0, "EUR")

    def test_fill_funds_smaller_proposals_further_down(self) -> None:
        """Without fill the list stops at the first that does not fit; with fill it goes on."""
        apps = [application(1, amount="2000.00"), application(2, amount="2000.00", minute=1),
                application(3, amount="500.00", minute=2)]
        scores = [*scores_for("APP-001", 5, 5, 5), *scores_for("APP-002", 4, 4, 4),
                  *scores_for("APP-003", 3, 3, 3)]
        strict = callrules.select(cnrs_with(), apps, scores, envelope=Money(3000, "EUR"))
        filled = callrules.select(cnrs_with(fill=True), apps, scores,
                                  envelope=Money(3000, "EUR"))
        assert strict.entry("APP-003").decision is Decision.RESERVE
        assert filled.entry("APP-003").decision is Decision.FUNDED

    @pytest.mark.parametrize(("per", "key", "words"), [
        ("host_unit", "UMR 7154", "per host unit, and UMR 7154"),
        ("country", "BR", "per home country, and Brazil (BR)"),
    ])
    def test_a_portfolio_limit_leaves_a_proposal_out_and_says_which(
            self, per: str, key: str, words: str) -> None:
        """At most one per unit (or country): the second is left out, the third funded."""
        call = cnrs_with(limits=((per, 1),))
        apps = [application(1, unit="UMR 7154", country="BR"),
                application(2, unit="UMR 7154", country="BR", minute=1),
                application(3, unit="UPR 8001", country="CL", minute=2)]
        scores = [*scores_for("APP-001", 5, 5, 5), *scores_for("APP-002", 4, 4, 4),
                  *scores_for("APP-003", 3, 3, 3)]
        result = callrules.select(call, apps, scores, envelope=Money(10000, "EUR"), now=NOW)
        assert [e.decision.value for e in result] == ["funded", "over_limit", "funded"]
        (reason,) = result.entry("APP-002").reasons
        assert reason.ctx["key"] == key
        assert words in callrules.reason_text(reason, "en", call)

    def test_thresholds_on_a_criterion_and_on_the_total_leave_proposals_unranked(
            self) -> None:
        """Below a criterion's threshold or the total's: not ranked, saying which and by how
        much."""
        data = cnrs_data()
        data["criteria"][0]["threshold"] = 3
        data["selection"]["threshold"] = "10"
        call = callrules.Call.from_dict(data)
        apps = [application(1), application(2, minute=1), application(3, minute=2)]
        scores = [*scores_for("APP-001", 5, 5, 5), *scores_for("APP-002", 2, 5, 5),
                  *scores_for("APP-003", 3, 3, 3)]
        result = callrules.select(call, apps, scores, envelope=Money(10000, "EUR"))
        assert result.entry("APP-001").rank == 1
        assert [r.code for r in result.entry("APP-002").reasons] == ["below_threshold"]
        assert [r.code for r in result.entry("APP-003").reasons] == ["below_threshold_total"]
        text = callrules.reason_text(result.entry("APP-002").reasons[0], "fr", call)
        assert text.startswith("Sous le seuil pour le critère «\u202fObjet de la mobilité")

    def test_missing_scores_and_too_few_reviewers_leave_a_proposal_unranked(self) -> None:
        """A criterion with fewer scores than needed: not ranked, naming it."""
        call = cnrs_with(min_reviewers=2)
        apps = [application(1), application(2, minute=1)]
        scores = [*scores_for("APP-001", 5, 5, 5), *scores_for("APP-001", 5, 5, 5, "R2"),
                  *scores_for("APP-002", 5, 5, 5)]
        result = callrules.select(call, apps, scores, envelope=Money(10000, "EUR"))
        assert result.entry("APP-001").decision is Decision.FUNDED
        assert [r.ctx["criterion"] for r in result.entry("APP-002").reasons] == [
            "fit", "cooperation", "durability"]

    def test_ties_fall_to_the_earlier_submission_then_to_the_id(self) -> None:
        """Equal on every score: the earlier submission first; equal instants: the id."""
        apps = [application(3, minute=5), application(2, minute=5), application(1, minute=9)]
        scores = [*scores_for("APP-001", 4, 4, 4), *scores_for("APP-002", 4, 4, 4),
                  *scores_for("APP-003", 4, 4, 4)]
        result = callrules.select(cnrs_with(), apps, scores, envelope=Money(0, "EUR"))
        assert [e.application_id for e in result] == ["APP-002", "APP-003", "APP-001"]
        assert [r.code for r in result.entry("APP-003").reasons[1:]] == [
            "tie_id_behind", "tie_submission_ahead"]

    def test_two_applications_with_one_id_are_not_ranked(self) -> None:
        """Their scores cannot be told apart: both are left unranked, saying why."""
        apps = [application(1, minute=3), application(1, minute=3)]
        apps[1]["submitter"]["email"] = apps[1]["host"]["person"]["email"] = "other@cnrs.fr"
        result = callrules.select(cnrs_with(), apps, scores_for("APP-001", 5, 5, 5),
                                  envelope=Money(10000, "EUR"))
        assert [r.code for e in result for r in e.reasons] == ["unscored_same_id"] * 2

    def test_many_records_under_one_id_each_name_a_few_others_and_count_the_rest(
            self) -> None:
        """n records under one id: each names at most NAMED_OTHERS of the others (the first
        of the batch) and counts the rest in words, apart by « ; », so the words grow as n,
        never as n × n (before: each named all n − 1, 99,990,000 places for 10,000 records);
        the places are read-only."""
        n = 9
        apps = [application(1, minute=3) for _ in range(n)]
        for i, app in enumerate(apps):
            app["submitter"]["email"] = app["host"]["person"]["email"] = f"p{i}@cnrs.fr"
        result = callrules.select(cnrs_with(), apps, scores_for("APP-001", 5, 5, 5),
                                  envelope=Money(10000, "EUR"))
        reasons = [r for e in result for r in e.reasons]
        assert [r.code for r in reasons] == ["unscored_same_id"] * n
        first = tuple(range(1, NAMED_OTHERS + 2))  # each names the first others of the batch
        assert sorted(r.places["others"] for r in reasons) == sorted(
            [tuple(k for k in first if k != own) for own in first]
            + [first[:NAMED_OTHERS]] * (n - len(first)))
        assert {r.places["more"] for r in reasons} == {(n - 1 - NAMED_OTHERS,)}
        words = {"en": (r"record \d", "; and 5 other records)"),
                 "fr": (r"enregistrement \d", "\u202f; et 5 autres enregistrements)"),
                 "es": (r"registro \d", "; y 5 registros más)"),
                 "pt": (r"registro \d", "; e mais 5 registros)")}
        for lang, (named, more) in words.items():
            said = callrules.reason_text(reasons[0], lang)
            assert len(re.findall(named, said)) == NAMED_OTHERS and more in said, said
        with pytest.raises(TypeError):
            reasons[0].places["others"] = ()  # type: ignore[index]

    @pytest.mark.parametrize("lang", ["en", "fr", "es", "pt"])
    def test_a_same_id_reason_without_places_is_the_whole_sentence(self, lang: str) -> None:
        """A caller's reason, or one rebuilt from its dict (which leaves places out), says
        the sentence without a list (before: "other applications of the batch (?)")."""
        rebuilt = callrules.Reason(**callrules.Reason("unscored_same_id", {}, {
            "others": ("a.jsonl:3",)}).to_dict())
        for reason in (callrules.Reason("unscored_same_id"), rebuilt):
            said = callrules.reason_text(reason, lang)
            assert "(" not in said and "?" not in said and said.endswith("."), said
            assert said == callrules.reason_text(callrules.Reason("unscored_same_id", {}, {
                "others": (), "more": (0,)}), lang)

    def test_a_budget_that_cannot_be_totalled_waits_on_the_reserve_list(self) -> None:
        """Without the rate to the call's currency, the amount is unknown: never funded."""
        data = cnrs_data()
        data["rules"] = [r for r in data["rules"] if r["clause"] != "budget-cap"]
        call = callrules.Call.from_dict(data)
        app = application(1)
        app["budget"]["lines"][0]["amount"] = {"amount": "100", "currency": "BRL"}
        result = callrules.select(call, [app], scores_for("APP-001", 5, 5, 5),
                                  envelope=Money(10000, "EUR"))
        assert result.entry("APP-001").reasons[0].code == "reserve_no_amount"
        assert result.entry("APP-001").requested is None

    @settings(max_examples=40, deadline=None)
    @given(asked=st.lists(st.one_of(st.none(), st.integers(10_000, 310_000)), min_size=1,
                          max_size=5),
           fill=st.booleans(), partial=st.booleans(), share=st.integers(0, 120))
    def test_funding_follows_merit_when_an_amount_is_unknown(
            self, asked: list[int | None], fill: bool, partial: bool, share: int) -> None:
        """Without fill, no proposal ranked below one on the reserve list is funded, even
        when that one waits because its amount is unknown (att67 F4: P3 funded below P2, whose
        budget could not be totalled); each reason's words are true: one said to wait for
        want of money asks more than what remained."""
        data = cnrs_data()
        data["rules"] = [r for r in data["rules"] if r["clause"] != "budget-cap"]
        data["selection"] = {**data["selection"], "fill": fill, "partial_funding": partial}
        call = callrules.Call.from_dict(data, source="unknown-amounts.toml")
        apps, scores = [], []
        for number, cents in enumerate(asked):
            app = application(number, minute=number)
            app["budget"]["lines"][0]["amount"] = {
                "amount": "100", "currency": "BRL"} if cents is None else {
                "amount": f"{Decimal(cents) / 100:.2f}", "currency": "EUR"}
            apps.append(app)
            scores += scores_for(app["id"], 5, 5, 5 - min(number, 5))
        known = sum(cents for cents in asked if cents is not None)
        envelope = Money(Decimal(known * share // 100) / 100, "EUR")
        result = callrules.select(call, apps, scores, envelope=envelope, now=NOW)
        ranked = sorted((e for e in result if e.rank is not None), key=lambda e: e.rank or 0)
        waiting = [e.rank for e in ranked if e.decision is Decision.RESERVE]
        if not fill and waiting:
            assert all(e.decision is not Decision.FUNDED for e in ranked
                       if (e.rank or 0) > min(r or 0 for r in waiting)), result
        for entry in ranked:
            for reason in entry.reasons:
                if reason.code == "reserve":
                    assert entry.requested is not None
                    remaining = reason.ctx["remaining"]
                    assert isinstance(remaining, Money), reason
                    assert entry.requested.amount > remaining.amount, (reason, result)

    @pytest.mark.parametrize("envelope", [Money("10", "USD"), Money("-1", "EUR"), "10 EUR"])
    def test_a_wrong_envelope_is_refused(self, envelope: Any) -> None:
        """Another currency, a negative amount or not Money: a clear, typed error."""
        with pytest.raises(callrules.CallrulesError):
            callrules.select(cnrs_with(), [], [], envelope=envelope)


# -- properties ------------------------------------------------------------------------------
_UNITS = ("UMR 7154", "UAR 2928", "UPR 8001")
_COUNTRIES = ("BR", "CL", "AR")


@st.composite
def panels(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, object]], Money]:
    """A batch of up to six applications (some late), scores by up to three reviewers
    (some missing), and an envelope that often runs out inside the list."""
    count = draw(st.integers(1, 6))
    apps, scores = [], []
    asked = 0
    for number in range(count):
        cents = draw(st.integers(10_000, 310_000))
        asked += cents
        apps.append(application(number, amount=f"{Decimal(cents) / 100:.2f}",
                                unit=draw(st.sampled_from(_UNITS)),
                                country=draw(st.sampled_from(_COUNTRIES)),
                                late=draw(st.integers(0, 4)) == 0,
                                minute=draw(st.integers(0, 3))))
        for reviewer in ("R1", "R2", "R3")[:draw(st.integers(1, 3))]:
            for criterion in ("fit", "cooperation", "durability"):
                if draw(st.integers(0, 9)) == 0:
                    continue
                scores.append({"application": f"APP-{number:03d}", "reviewer": reviewer,
                               "criterion": criterion, "score": draw(st.integers(0, 5))})
    # an envelope that often runs out inside the list: 0 to 120 % of all that is asked
    envelope = Money(Decimal(asked * draw(st.integers(0, 120)) // 100) / 100, "EUR")
    return apps, scores, envelope


_VARIANTS = st.sampled_from([
    {}, {"partial_funding": True}, {"fill": True}, {"combine": "median"},
    {"combine": "trimmed_mean", "limits": (("host_unit", 1),)},
    {"partial_funding": True, "limits": (("country", 2),)}, {"threshold": 6},
])


#: Values a call author may write in ``[[criteria]]`` and ``[selection]``, right or wrong.
_SELECTION_KEYS: dict[tuple[str, ...], list[Any]] = {
    ("criteria", 0, "scale", "step"): [1, "0.5", "0.3", 0, -1, "x", None],
    ("criteria", 0, "scale", "max"): [5, 0, -1, "10", "abc"],
    ("criteria", 1, "weight"): [1, 0, "2.5", -1, "1,5", True],
    ("criteria", 1, "threshold"): [None, 2, "abc", "2.5"],
    ("criteria", 2, "id"): ["durability", "fit", "x y", ""],
    ("criteria", 2, "label", "pt"): ["Durabilidade", None, ""],
    ("selection", "tie_break"): [None, ["fit"], ["fitt"], ["fit", "fit"], []],
    ("selection", "envelope"): [None, {"amount": "10.00", "currency": "EUR"},
                                {"amount": "-1.00", "currency": "EUR"},
                                {"amount": "10", "currency": "USD"},
                                {"amount": "1.001", "currency": "EUR"}],
    ("selection", "precision"): ["0.01", "0.03", "1", 0, "abc"],
    ("selection", "threshold"): [None, 6, "abc", "-1"],
    ("selection", "combine"): ["mean", "median", "mode"],
    ("selection", "limits"): [[], [{"per": "country", "at_most": 1}] * 2,
                              [{"per": "host_unit", "at_most": 0}]],
}


@st.composite
def selection_variants(draw: st.DrawFn) -> dict[str, Any]:
    """The CNRS call with up to three of its criteria's or selection's values changed
    (``None``: the key removed), or with neither table."""
    data = cnrs_data()
    if draw(st.integers(0, 9)) == 0:
        del data["criteria"], data["selection"]
        return data
    for place in draw(st.lists(st.sampled_from(sorted(_SELECTION_KEYS, key=str)),
                               max_size=3, unique=True)):
        value = draw(st.sampled_from(_SELECTION_KEYS[place]))
        table = data
        for step in place[:-1]:
            table = table[step]
        if value is None:
            table.pop(place[-1], None)
        else:
            table[place[-1]] = copy.deepcopy(value)
    return data


class TestLaws:
    @settings(max_examples=80, deadline=None)
    @given(selection_variants())
    def test_a_call_validate_accepts_select_and_plan_accept(self, data: dict[str, Any]
                                                            ) -> None:
        """Whatever the criteria and selection say: a call file that loads (what ``validate``
        checks) is one whose selection rules and plan ``select`` and ``plan`` read without
        a mistake, and one they refuse is refused when it loads. Only a call declaring no
        criteria at all (an eligibility call) loads and is refused by ``select``."""
        try:
            call = callrules.Call.from_dict(data, source="law.toml")
        except callrules.DefinitionError as exc:
            assert exc.source == "law.toml" and exc.code
            return
        plan_of(call)
        if "criteria" in data or "selection" in data:
            callrules.selection_rules(call)
        else:
            with pytest.raises(callrules.DefinitionError, match="no selection criteria"):
                callrules.selection_rules(call)

    @settings(max_examples=60)
    @given(panels(), _VARIANTS)
    def test_the_funded_total_never_exceeds_the_envelope(
            self, panel: tuple[Any, Any, Money], variant: dict[str, Any]) -> None:
        """Whatever the scores and rules, Σ funded ≤ envelope, and each ≤ its request."""
        apps, scores, envelope = panel
        result = callrules.select(cnrs_with(**variant), apps, scores, envelope=envelope,
                                  now=NOW)
        assert result.funded_total <= envelope
        for entry in result:
            assert entry.funded.amount >= 0
            if entry.decision is not Decision.FUNDED:
                assert entry.funded.amount == 0
            else:
                assert entry.requested is not None and entry.funded <= entry.requested

    @settings(max_examples=60)
    @given(panels(), _VARIANTS, st.booleans())
    def test_every_amount_is_written_with_the_currency_s_digits(
            self, panel: tuple[Any, Any, Money], variant: dict[str, Any],
            whole: bool) -> None:
        """Law: whatever the scores, rules and envelope (given in whole euros, in tenths
        or in cents), every amount of a selection's JSON (the envelope, the total funded,
        what is left, each amount asked for and funded, nothing included, and those its
        reasons name) is written with the currency's digits (``0.00``, ``20000.00``), its
        value as it was; before, an application funded nothing showed ``"0"`` beside
        ``"1920.00"`` (2 of 6 entries of the worked panel), and an envelope given as
        ``6000`` was written ``"6000"`` beside a total funded of ``"4130.00"``."""
        apps, scores, envelope = panel
        if whole:
            envelope = Money(envelope.amount.to_integral_value(), "EUR")
        result = callrules.select(cnrs_with(**variant), apps, scores, envelope=envelope,
                                  now=NOW)
        data = result.to_dict()
        written: list[str] = []

        def amounts(value: Any) -> None:
            if isinstance(value, dict) and set(value) == {"amount", "currency"}:
                written.append(value["amount"])
            for inner in value.values() if isinstance(value, dict) else \
                    value if isinstance(value, list) else ():
                amounts(inner)

        amounts(data)
        assert Decimal(data["envelope"]["amount"]) == envelope.amount
        assert len(written) >= 3 + 2 * len(data["entries"]) - sum(
            entry["requested"] is None for entry in data["entries"])
        for amount in written:
            assert re.fullmatch(r"\d+\.\d\d", amount), (amount, written)

    @settings(max_examples=60)
    @given(panels(), _VARIANTS)
    def test_a_not_eligible_application_is_never_funded_nor_ranked(
            self, panel: tuple[Any, Any, Money], variant: dict[str, Any]) -> None:
        """A late application gets no rank and no money, whatever its scores."""
        apps, scores, envelope = panel
        result = callrules.select(cnrs_with(**variant), apps, scores, envelope=envelope,
                                  now=NOW)
        late = {a["id"] for a in apps if a["submitted_at"].startswith("2026-06-01")}
        for entry in result:
            if entry.application_id in late:
                assert entry.decision is Decision.NOT_ELIGIBLE and entry.rank is None

    @settings(max_examples=60)
    @given(panels(), _VARIANTS, st.data())
    def test_raising_a_proposals_scores_never_lowers_its_rank(
            self, panel: tuple[Any, Any, Money], variant: dict[str, Any],
            data: st.DataObject) -> None:
        """One application's scores go up (each by 0 or more, on the scale): its rank does
        not get worse."""
        apps, scores, envelope = panel
        call = cnrs_with(**variant)
        target = data.draw(st.sampled_from([a["id"] for a in apps]))
        raised = [dict(s, score=min(5, int(str(s["score"])) + data.draw(st.integers(0, 3))))
                  if s["application"] == target else s for s in scores]
        before = callrules.select(call, apps, scores, envelope=envelope).entry(target)
        after = callrules.select(call, apps, raised, envelope=envelope).entry(target)
        if before.rank is not None:
            assert after.rank is not None and after.rank <= before.rank

    @settings(max_examples=60)
    @given(panels(), _VARIANTS, st.randoms(use_true_random=False))
    def test_the_outcome_does_not_depend_on_the_order_of_the_inputs(
            self, panel: tuple[Any, Any, Money], variant: dict[str, Any], rnd: Any) -> None:
        """Shuffling the applications and the score lines changes nothing decided."""
        apps, scores, envelope = panel
        call = cnrs_with(**variant)
        first = callrules.select(call, apps, scores, envelope=envelope, now=NOW)
        apps2, scores2 = copy.deepcopy(apps), list(scores)
        rnd.shuffle(apps2)
        rnd.shuffle(scores2)
        again = callrules.select(call, apps2, scores2, envelope=envelope, now=NOW)
        assert again.outcome() == first.outcome()

    @settings(max_examples=25)
    @given(panels(), st.data())
    def test_a_twin_that_cannot_be_judged_takes_nothing_from_the_judged_one(
            self, panel: tuple[Any, Any, Money], data: st.DataObject) -> None:
        """One id written twice (a fullwidth letter, an invisible space, a fullwidth digit,
        a soft hyphen), by a record that cannot be judged (no rate for its currency),
        given anywhere and submitted at any time: every application keeps its decision,
        rank and scores, and the twin is told which record holds its id."""
        apps, scores, envelope = panel
        call = cnrs_with()
        first = callrules.select(call, apps, scores, envelope=envelope, now=NOW)
        target = data.draw(st.sampled_from(apps))
        twin = copy.deepcopy(target)
        aid = target["id"]
        twin["id"] = data.draw(st.sampled_from([
            aid, "\uff21" + aid[1:], aid + "\u200b", aid[:-1] + chr(0xFF10 + int(aid[-1])),
            aid[:3] + "\u00ad" + aid[3:]]))
        twin["submitted_at"] = data.draw(st.sampled_from([
            "2026-05-01T09:00:00+02:00", "2026-05-31T09:00:00+02:00"]))
        twin["budget"]["lines"][0]["amount"] = {"amount": "100.00", "currency": "USD"}
        batch = list(apps)
        batch.insert(data.draw(st.integers(0, len(apps))), twin)
        again = callrules.select(call, batch, scores, envelope=envelope, now=NOW)
        assert again.outcome() == first.outcome()
        (_, _, error), = again.unread
        assert error.verdict == "not_judged"  # the note never makes it "not admissible"
        said = [p for p in error.problems if p.type == "same_id_unjudged"]
        assert [(p.ctx or {}).get("other") for p in said] == [aid]
        for lang in ("en", "fr", "es", "pt"):
            words = said[0].message(lang)
            assert aid in words and "%(" not in words and "{" not in words
            # the spelling is said only when it differs (never "written APP-001 here")
            assert twin["id"] != aid or words.count(aid) == 1, words

    def test_scores_for_an_id_two_judged_records_share_are_used_for_neither(self) -> None:
        """Two judged records whose ids are one id written twice: neither is ranked, and
        each score for that id says it names both, in the reader's language."""
        apps = [application(1, minute=3), application(1, minute=4)]
        apps[1]["id"] = "APP-00\uff11"
        apps[1]["submitter"]["email"] = apps[1]["host"]["person"]["email"] = "other@cnrs.fr"
        for order in (apps, apps[::-1]):
            result = callrules.select(cnrs_with(), order, scores_for("APP-001", 5, 5, 5),
                                      envelope=Money(10000, "EUR"))
            assert [r.code for e in result for r in e.reasons] == ["unscored_same_id"] * 2
            assert [p.code for p in result.problems] == ["score_same_id"] * 3
            for lang in ("en", "fr", "es", "pt"):
                words = callrules.selection_text(result, lang)
                assert "APP-001" in words and "APP-00\uff11" in words, lang


    @settings(max_examples=60)
    @given(panels(), _VARIANTS)
    def test_money_follows_the_ranks_and_the_limits_hold(
            self, panel: tuple[Any, Any, Money], variant: dict[str, Any]) -> None:
        """Without fill, no proposal on the reserve list ranks above a funded one; no host
        unit or country has more funded proposals than its limit allows."""
        apps, scores, envelope = panel
        result = callrules.select(cnrs_with(**variant), apps, scores, envelope=envelope,
                                  now=NOW)
        funded = [e.rank for e in result if e.decision is Decision.FUNDED]
        reserve = [e.rank for e in result if e.decision is Decision.RESERVE]
        if not variant.get("fill") and funded and reserve:
            assert max(r for r in funded if r is not None) < min(
                r for r in reserve if r is not None)
        by_id = {a["id"]: a for a in apps}
        for per, most in variant.get("limits", ()):
            seen: dict[str, int] = {}
            for entry in result.funded:
                app = by_id[entry.application_id]
                keys = {app["host"]["unit"]["code"]} if per == "host_unit" else {
                    v["institution"]["location"]["country"] for v in app["visitors"]}
                for key in keys:
                    seen[key] = seen.get(key, 0) + 1
            assert max(seen.values(), default=0) <= most

    @settings(max_examples=60)
    @given(st.lists(st.tuples(st.sampled_from(["A", "B", ""]), st.sampled_from(["fit", "x"]),
                              st.sampled_from(["4", "3.5", "9", "abc", "", "2,5"])),
                    max_size=30))
    def test_every_score_line_is_either_kept_or_reported(
            self, lines: list[tuple[str, str, str]]) -> None:
        """Read from CSV, each line is a score or a problem naming its line; none is lost."""
        text = "application,reviewer,criterion,score\n" + "".join(
            f'{a},R{i},{c},"{v}"\n' for i, (a, c, v) in enumerate(lines))
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "scores.csv"
            path.write_text(text, "utf-8")
            sheet = callrules.read_scores(path)
        numbers = sorted([r.line for r in sheet.rows] + [p.line for p in sheet.problems
                                                          if p.unit == "line"])
        assert numbers == list(range(2, len(lines) + 2))
        assert [p.code for p in sheet.problems if p.unit == "file"] == (
            [] if lines else ["score_none"])


class TestRecordAndReplay:
    def select(self, call: callrules.Call | None = None) -> callrules.Selection:
        return callrules.select(call or callrules.calls.load("cnrs-amsud-2026"), panel(),
                                PANEL / "scores.csv", envelope=Money(6000, "EUR"), now=NOW)

    def test_a_recorded_selection_replays_the_same(self) -> None:
        """Replaying the record gives the same outcome and no change, through JSON."""
        record = json.loads(json.dumps(callrules.selection_record(
            self.select(), decided_at=NOW)))
        assert record["call"]["version"] == "1" and record["envelope"]["amount"] == "6000"
        replayed = callrules.replay_selection(record)
        assert replayed.same and replayed.changes == ()

    def test_a_changed_call_is_replayed_and_each_change_named(self) -> None:
        """With a lower weight on durability, the replay says what moved."""
        record = callrules.selection_record(self.select())
        data = cnrs_data()
        data["version"] = "2"
        data["criteria"][0]["weight"] = 3
        replayed = callrules.replay_selection(record, callrules.Call.from_dict(data))
        assert not replayed.same
        assert replayed.changes[0] == "call: cnrs-amsud-2026 version 1 → cnrs-amsud-2026 version 2"
        assert any(c.startswith("AMSUD-2026-0103: decision reserve → funded")
                   for c in replayed.changes)

    def test_an_altered_or_foreign_record_is_refused(self) -> None:
        """Inputs that do not match their digest, or a record of another kind: InputError."""
        record = callrules.selection_record(self.select())
        record["inputs"]["scores"][0]["score"] = "0"
        with pytest.raises(callrules.InputError, match="altered"):
            callrules.replay_selection(record)
        with pytest.raises(callrules.InputError, match="not a selection record"):
            callrules.replay_selection({"kind": "eligibility"})
        with pytest.raises(callrules.InputError, match="version 1 has no digest"):
            callrules.replay_selection({"kind": "selection", "record_version": 1})
        with pytest.raises(callrules.InputError, match="malformed"):
            callrules.replay_selection({"kind": "selection", "record_version": 2})

    def test_unreadable_score_lines_are_kept_in_the_record(self, tmp_path: Path) -> None:
        """A line that could not be read still leaves its proposal unranked on replay."""
        path = tmp_path / "s.csv"
        path.write_text("application,reviewer,criterion,score\nAMSUD-2026-0101,R,fit,x\n",
                        "utf-8")
        result = callrules.select(callrules.calls.load("cnrs-amsud-2026"), panel(), path,
                                  envelope=Money(6000, "EUR"), now=NOW)
        replayed = callrules.replay_selection(callrules.selection_record(result))
        assert replayed.same
        assert replayed.selection.entry("AMSUD-2026-0101").decision is Decision.UNSCORED


class TestCommandLine:
    ARGS = ("select", "cnrs-amsud-2026", "docs/examples/panel/applications.jsonl",
            "--scores", "docs/examples/panel/scores.csv", "--envelope", "6000 EUR",
            "--at", AT)

    def test_the_text_view_is_in_the_readers_language_and_exit_2_names_the_bad_line(
            self) -> None:
        """French words; a score line not used makes the exit code 2."""
        done = run(*self.ARGS, "--lang", "fr")
        assert done.returncode == 2 and "1 ligne de notes non utilisée" in done.stderr
        assert "1. AMSUD-2026-0101" in done.stdout and "ligne 31" in done.stdout
        portuguese = run(*self.ARGS, "--lang", "pt")
        assert "no messages" not in portuguese.stderr
        assert "colaborações duradouras" in portuguese.stdout

    def test_json_csv_and_html_formats(self) -> None:
        """JSON keeps codes and exact amounts; CSV has labelled columns; HTML a table."""
        payload = json.loads(run(*self.ARGS, "--format", "json").stdout)
        assert payload["entries"][0]["decision"] == "funded"
        assert payload["funded_total"] == {"amount": "4130.00", "currency": "EUR"}
        assert payload["problems"][0]["message"].endswith("from 0 to 5.")
        csv_text = run(*self.ARGS, "--format", "csv").stdout
        assert csv_text.splitlines()[0].startswith("Application,Rank,Score,Purpose")
        assert "<table" in run(*self.ARGS, "--format", "html").stdout

    def test_a_clean_selection_exits_0_and_writes_a_record_that_replays(
            self, tmp_path: Path) -> None:
        """Scores without problems: exit 0; --record writes the decision record."""
        scores = tmp_path / "scores.csv"
        lines = (PANEL / "scores.csv").read_text("utf-8").replace("durability,6,", "durability,4,")
        scores.write_text(lines, "utf-8")
        record = tmp_path / "selection.json"
        done = run("select", "cnrs-amsud-2026", str(PANEL / "applications.jsonl"),
                   "--scores", str(scores), "--envelope", "6000", "--record", str(record))
        assert done.returncode == 0, done.stderr
        assert callrules.replay_selection(json.loads(record.read_text("utf-8"))).same

    def test_replay_reads_a_selection_record_and_says_what_changed(self,
                                                                   tmp_path: Path) -> None:
        """``callrules replay`` on a selection record: same outcome (exit 0), or CHANGED with
        each change (exit 1) when the recorded outcome, sealed, is not what the inputs give."""
        record = tmp_path / "selection.jsonl"
        run(*self.ARGS, "--record", str(record))
        done = run("replay", str(record))
        assert (done.returncode, done.stdout) == (0, "selection for cnrs-amsud-2026: same "
                                                     "outcome\n")
        data = json.loads(record.read_text("utf-8"))
        data["outcome"][2]["decision"] = "funded"
        data["record_digest"] = seal(data)
        record.write_text(json.dumps(data) + "\n", "utf-8")
        done = run("replay", str(record))
        assert done.returncode == 1
        assert done.stdout.splitlines()[1] == "  AMSUD-2026-0103: decision funded → reserve list"

    def test_replay_with_a_call_given_replays_a_selection_record_against_it(
            self, tmp_path: Path) -> None:
        """``--call`` naming the record's call replays against it (same outcome, exit 0);
        naming another call, the record says it was replayed against its own, and the run
        ends with a problem (exit 2), never a plain "same outcome" about another call."""
        record = tmp_path / "selection.jsonl"
        run(*self.ARGS, "--record", str(record))
        done = run("replay", str(record), "--call", "cnrs-amsud-2026")
        assert (done.returncode, done.stdout) == (0, "selection for cnrs-amsud-2026: same "
                                                     "outcome\n")
        done = run("replay", str(record), "--call", "tests/data/good-summer-school-2027.toml")
        assert done.returncode == 2
        assert "(note) This record is a decision of another call" in done.stdout
        assert "No record of this file is a decision of the call given" in done.stderr

    @pytest.mark.parametrize("envelope", ["lots", "20000 XYZ"])
    def test_a_bad_envelope_is_a_usage_error(self, envelope: str) -> None:
        """An envelope that is not an amount exits 2 with a message."""
        done = run(*self.ARGS[:5], "--envelope", envelope)
        assert done.returncode == 2 and "envelope" in done.stderr


class TestLayers:
    def imports(self, path: Path) -> set[str]:
        """The callrules modules ``path`` imports (at any level of the file)."""
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        return {m for m in found if m.startswith("callrules")}

    def test_the_selection_data_never_imports_its_renderings(self) -> None:
        """criteria, scores, result and ranking import no view, record, words or command."""
        views = {f"callrules.selection.{m}" for m in ("render", "frame", "cli", "record",
                                                       "messages")}
        for name in ("criteria", "scores", "result", "ranking"):
            path = ROOT / "src" / "callrules" / "selection" / f"{name}.py"
            assert self.imports(path) & views == set(), name

    def test_only_the_command_line_and_the_package_reach_into_selection(self) -> None:
        """The rest of the library does not depend on selection: no cycle can form. The one
        exception is the call's loading, which reads the call file's criteria and selection
        (``selection.declaration``, which imports no other part of selection and no call)."""
        declaration = "callrules.selection.declaration"
        for path in (ROOT / "src" / "callrules").rglob("*.py"):
            if "selection" in path.parts or path.name in ("_cli.py", "__init__.py"):
                continue
            allowed = {declaration} if path.name == "_call.py" else set()
            assert not {m for m in self.imports(path)
                        if m.startswith("callrules.selection")} - allowed, path
        found = self.imports(ROOT / "src" / "callrules" / "selection" / "declaration.py")
        assert not {m for m in found if m.startswith("callrules.selection")
                    or m == "callrules._call"}


class TestCodesAreDocumented:
    def test_every_reason_and_problem_code_has_a_section_quoting_its_template(self) -> None:
        """reference/selection-codes.md has one section per code, with its English words."""
        text = (ROOT / "docs" / "reference" / "selection-codes.md").read_text("utf-8")
        quoted = dict(re.findall(r"^### (\w+)\n.*?^- \*\*English:\*\* `(.*?)`$", text,
                                 re.M | re.S))
        assert quoted == {**REASONS, **{code: COUNTED[code][1] for code in COUNTED_BY},
                          **PROBLEMS}


class TestEnvelopeDecimals:
    @settings(max_examples=60)
    @given(st.integers(0, 10**9), st.text("0123456789", max_size=6), st.booleans())
    def test_an_envelope_is_never_read_with_more_decimals_than_its_currency(
            self, whole: int, decimals: str, dot: bool) -> None:
        """Law: an envelope with more decimals than the currency's minor unit (2 for EUR) is
        refused, from Python as from the command line (``20.000 EUR``, twenty thousand as
        fr, es, pt or de write it, was read as €20.00: nothing funded, exit 0); one of the
        thousands form (``20.000``, ``1.250.000``) says which amount it may mean."""
        text = f"{whole}.{decimals}" if dot else str(whole)
        call = cnrs_with()
        if len(decimals) <= 2 or not dot:
            result = callrules.select(call, [], [], envelope=Money(text, "EUR"), now=NOW)
            assert result.envelope == Money(text, "EUR")
            return
        with pytest.raises(callrules.InputError) as caught:
            callrules.select(call, [], [], envelope=Money(text, "EUR"), now=NOW)
        (problem,) = caught.value.problems
        thousands = re.fullmatch(r"[1-9]\d{0,2}(\.\d{3})+", text) is not None
        assert problem.type == ("envelope_thousands" if thousands else "envelope_decimals")
        if thousands:
            assert problem.ctx["suggestion"] == text.replace(".", "")

    @pytest.mark.parametrize("lang", ["fr", "en", "es", "pt"])
    @pytest.mark.parametrize("envelope", ["20.000 EUR", "2.500", "0.001 EUR",
                                          "20000.005 EUR"])
    def test_the_command_line_refuses_it_in_the_readers_words(self, lang: str,
                                                              envelope: str) -> None:
        """Exit 2, nothing printed on standard output, the message in ``--lang``'s words
        (``did you mean 20000?`` for the thousands form), no code in it."""
        done = run(*TestCommandLine.ARGS[:5], "--envelope", envelope, "--at", AT, "--lang", lang)
        assert (done.returncode, done.stdout) == (2, "")
        said = done.stderr.strip()
        assert said.startswith("callrules: ") and code_like(said) == [], said
        english = run(*TestCommandLine.ARGS[:5], "--envelope", envelope, "--at", AT,
                      "--lang", "en").stderr
        assert (said == english.strip()) == (lang == "en")
        if envelope.startswith(("20.000", "2.500")):
            assert envelope.split()[0].replace(".", "") in said


#: A record's place in each language, as a note says it: given bare (by its number in the
#: batch), from a list in a file (its item, from 1), from a line of a file.
_PLACES = {"en": ("record {n}", "item {n} of the list", "line {n}"),
           "fr": ("enregistrement {n}", "élément {n} de la liste", "ligne {n}"),
           "es": ("registro {n}", "elemento {n} de la lista", "línea {n}"),
           "pt": ("registro {n}", "elemento {n} da lista", "linha {n}")}
#: English words that no French, Spanish or Portuguese note has.
_ENGLISH = re.compile(r"\b(record|item|line|list|given|written|here|the|of)\b", re.I)


class TestRepeatedRecords:
    @settings(max_examples=12)
    @given(st.integers(0, 5), st.integers(0, 6))
    def test_a_record_given_twice_is_judged_and_ranked_once(self, which: int,
                                                            at: int) -> None:
        """Law: the panel with one of its records given again, the same in every field (a
        double export), is ranked as the panel alone, and the repeat is one problem naming
        where the record was first given (before: the repeated application, ranked first,
        was "not ranked" and "not eligible", unfunded, with exit 0)."""
        apps = panel()
        scores = PANEL / "scores.csv"
        alone = callrules.select(callrules.calls.load("cnrs-amsud-2026"), apps, scores,
                                 envelope=Money(6000, "EUR"), now=NOW)
        batch = [*apps[:at], copy.deepcopy(apps[which]), *apps[at:]]
        # the copy is inserted at ``at``: before the original when ``which`` is not before
        first, repeat = (which, at) if which < at else (at, which + 1)
        twice = callrules.select(callrules.calls.load("cnrs-amsud-2026"), batch, scores,
                                 envelope=Money(6000, "EUR"), now=NOW)
        assert twice.outcome() == alone.outcome()
        assert [(n, e.problems[0].type, e.problems[0].ctx) for n, _, e in twice.unread] == [
            (repeat + 1, "repeated_record", {"id": apps[which]["id"],
                                             "first": f"record {first + 1}",
                                             "first_record": str(first + 1)})]

    @settings(max_examples=20, deadline=None)
    @given(st.sampled_from(["repeat", "unjudged twin", "judged twin"]), st.integers(0, 5),
           st.integers(0, 6), st.sampled_from([0, 1, 2]))
    def test_a_note_on_a_shared_id_names_the_other_record_in_the_reader_s_words(
            self, kind: str, which: int, at: int, given_as: int) -> None:
        """Law: a record given again, an unjudged twin and two judged records under one id
        each get a note that names the other record by its place in the batch, in each of
        the four languages: a bare record by its number, a record from a file by its line or
        its item of the list (from 1, never the index from 0), in the reader's words, no
        English word in French, Spanish or Portuguese, no code (before: "(record 3)" in
        every language, ``batch.json[2]`` for the third record, and ``unscored_same_id``
        named no record)."""
        apps = panel()
        again = copy.deepcopy(apps[which])
        if kind == "unjudged twin":  # (no rate for its currency: it cannot be judged)
            again["budget"]["lines"][0]["amount"] = {"amount": "100.00", "currency": "USD"}
            again.pop("exchange_rates", None)
        elif kind == "judged twin":
            again["budget"]["lines"][0]["amount"]["amount"] = "101.00"
        batch: list[Any] = [*apps[:at], again, *apps[at:]]
        original, copied = (which if which < at else which + 1) + 1, at + 1
        wrap = ["", "lot.json[{i}]", "lot.jsonl:{n}"][given_as]
        if wrap:
            batch = [Sourced(wrap.format(i=i, n=i + 1), r) for i, r in enumerate(batch)]
        result = callrules.select(callrules.calls.load("cnrs-amsud-2026"), batch,
                                  PANEL / "scores.csv", envelope=Money(6000, "EUR"), now=NOW)
        if which == 5:  # (the late one is judged, not eligible, without its budget's total)
            kind = "judged twin" if kind == "unjudged twin" else kind
        notes: list[tuple[int, Any]] = []  # (the place the note must name, its words)
        if kind == "judged twin":
            shared = [r for e in result for r in e.reasons if r.code == "unscored_same_id"]
            assert len(shared) == 2
            named = {original, copied}
            for reason in shared:  # each names one of the two, not the same one twice
                place, = [n for n in named if self._named(
                    n, given_as, callrules.reason_text(reason, "en"), "en")]
                named.discard(place)
                notes.append((place, lambda lang, r=reason: callrules.reason_text(r, lang)))
        else:
            (number, _, error), = result.unread
            assert number == (max(original, copied) if kind == "repeat" else copied)
            problem, = [p for p in error.problems
                        if p.type in ("repeated_record", "same_id_unjudged")]
            notes.append((min(original, copied) if kind == "repeat" else original,
                          problem.message))
        for place, words in notes:
            for lang in ("en", "fr", "es", "pt"):
                said = words(lang)
                assert self._named(place, given_as, said, lang), (lang, said)
                assert not code_like(said) and not re.search(r"\[[0-9]+\]", said), said
                if lang != "en":
                    assert not _ENGLISH.search(re.sub(r"\S+\.jsonl?\b", "", said)), said

    def _named(self, place: int, given_as: int, said: str, lang: str) -> bool:
        """Whether ``said`` names the ``place``-th record of the batch as ``lang`` says it
        (its file named too when it has one)."""
        words = _PLACES[lang][given_as].format(n=place)
        return words in said and (given_as == 0 or f"lot.json{'l' * (given_as - 1)}, "
                                  f"{words}" in said)

    @settings(max_examples=16, deadline=None)
    @given(st.integers(0, 5), st.integers(0, 6),
           st.sampled_from(["instant", "amount", "text", "other call"]), st.data())
    def test_a_record_given_again_respelt_or_for_another_call_leaves_the_ranking(
            self, which: int, at: int, how: str, data: st.DataObject) -> None:
        """Law: the panel with one of its records given again written otherwise but equal
        once read (its instant at another offset, an amount with more or fewer zeros after
        the point, a name in another Unicode form) is ranked as the panel alone, the copy
        one ``repeated_record``; a copy addressed to another call is a record not judged,
        and leaves the application ranked (before: both copies "not ranked", the panel's
        first unfunded)."""
        apps = panel()
        scores = PANEL / "scores.csv"
        alone = callrules.select(callrules.calls.load("cnrs-amsud-2026"), apps, scores,
                                 envelope=Money(6000, "EUR"), now=NOW)
        again = copy.deepcopy(apps[which])
        if how == "instant":
            offset = data.draw(st.sampled_from(["Z", "+05:30", "-03:00", "+00:00"]))
            instant = callrules.parse_instant(again["submitted_at"])
            zone = UTC if offset in ("Z", "+00:00") else datetime.strptime(
                offset, "%z").tzinfo
            again["submitted_at"] = instant.astimezone(zone).isoformat().replace(
                "+00:00", offset)
        elif how == "amount":
            amount = again["budget"]["lines"][0]["amount"]
            plain = Decimal(amount["amount"]).normalize()
            spellings = [f"{plain:f}", f"{plain:.2f}"]  # (within the currency's cents: a
            # third decimal is refused where it is read, never a spelling of the amount)
            if -plain.as_tuple().exponent <= 1:  # type: ignore[operator]
                spellings.append(f"{plain:.1f}")
            amount["amount"] = data.draw(st.sampled_from(spellings))
        elif how == "text":
            person = again["visitors"][0]["person"]
            person["family_name"] = unicodedata.normalize("NFD", person["family_name"] + "é")
            for app in apps:  # (the original spelt precomposed)
                if app["id"] == again["id"]:
                    app["visitors"][0]["person"]["family_name"] = unicodedata.normalize(
                        "NFC", person["family_name"])
            alone = callrules.select(callrules.calls.load("cnrs-amsud-2026"), apps, scores,
                                     envelope=Money(6000, "EUR"), now=NOW)
        else:
            again["call"] = "other-call"
        batch = [*apps[:at], again, *apps[at:]]
        twice = callrules.select(callrules.calls.load("cnrs-amsud-2026"), batch, scores,
                                 envelope=Money(6000, "EUR"), now=NOW)
        if at <= which and how != "other call":  # the copy given first stands, as written
            alone = callrules.select(callrules.calls.load("cnrs-amsud-2026"), [
                again if n == which else app for n, app in enumerate(apps)], scores,
                envelope=Money(6000, "EUR"), now=NOW)
        assert twice.outcome() == alone.outcome(), how
        types = [(n, e.problems[0].type) for n, _, e in twice.unread]
        if how == "other call":
            assert [n for n, _ in types] == [at + 1]
            assert types[0][1] != "repeated_record"
        elif at <= which:  # (the copy first: the original is the repeat)
            assert types == [(which + 2, "repeated_record")]
        else:
            assert types == [(at + 1, "repeated_record")]

    @settings(max_examples=6, deadline=None)
    @given(st.integers(0, 5))
    def test_an_id_two_records_have_is_no_single_entry(self, which: int) -> None:
        """Two different records under one id: ``entry(id)`` is ``ambiguous_id`` naming the
        id (before: the first of the two, silently); the other ids are one entry each; the
        frame indexes both rows by the id."""
        apps = panel()
        other = copy.deepcopy(apps[which])
        other["visitors"][0]["person"]["given_name"] += "e"
        result = callrules.select(callrules.calls.load("cnrs-amsud-2026"), [*apps, other],
                                  PANEL / "scores.csv", envelope=Money(6000, "EUR"), now=NOW)
        twice = apps[which]["id"]
        with pytest.raises(callrules.ArgumentError) as caught:
            result.entry(twice)
        assert caught.value.code == "ambiguous_id" and twice in str(caught.value)
        for app in apps:
            if app["id"] != twice:
                assert result.entry(app["id"]).application_id == app["id"]
        frame = callrules.selection_frame(result)
        assert len(frame.loc[[twice]]) == 2 and not frame.index.is_unique

    def test_the_command_line_exits_2_for_a_repeat_and_for_two_records_with_one_id(
            self, tmp_path: Path) -> None:
        """A repeated record, or another record under the same id: the input was not all
        used, exit 2, said on standard error."""
        lines = (PANEL / "applications.jsonl").read_text("utf-8").splitlines()
        same = tmp_path / "same.jsonl"
        same.write_text("\n".join([*lines, lines[0]]) + "\n", "utf-8")
        done = run("select", "cnrs-amsud-2026", str(same), *TestCommandLine.ARGS[3:])
        assert done.returncode == 2 and "1 record not valid" in done.stderr
        assert "1. AMSUD-2026-0101" in done.stdout
        assert "This record repeats the application AMSUD-2026-0101" in done.stdout
        other = json.loads(lines[0])
        other["visitors"][0]["person"]["given_name"] += "e"
        differs = tmp_path / "differs.jsonl"
        differs.write_text("\n".join([*lines, json.dumps(other)]) + "\n", "utf-8")
        done = run("select", "cnrs-amsud-2026", str(differs), *TestCommandLine.ARGS[3:],
                   "--lang", "fr")
        assert done.returncode == 2
        assert "2 candidatures non classées" in done.stderr
        assert done.stdout.count("AMSUD-2026-0101 — non classée") == 2

    def test_a_selection_with_two_records_under_one_id_replays(self) -> None:
        """Its record names the id twice, both not ranked: replayed, the same outcome
        (before: refused as malformed, "the outcome gives … twice"); an id given twice
        otherwise (one funded) is still refused as altered."""
        apps = panel()
        other = copy.deepcopy(apps[0])
        other["visitors"][0]["person"]["given_name"] += "e"
        result = callrules.select(callrules.calls.load("cnrs-amsud-2026"), [*apps, other],
                                  PANEL / "scores.csv", envelope=Money(6000, "EUR"), now=NOW)
        record = json.loads(json.dumps(callrules.selection_record(result)))
        assert callrules.replay_selection(record).same
        twice = [e for e in record["outcome"] if e["application"] == apps[0]["id"]]
        assert [e["decision"] for e in twice] == ["unscored", "unscored"]
        twice[0]["decision"] = "funded"
        record["record_digest"] = seal(record)
        with pytest.raises(callrules.InputError, match="twice"):
            callrules.replay_selection(record)
