"""A milestone moved in turn (a shift of a shift) is the date reached step by step, and its
words and ``ctx.limit`` say that date: a deadline of 31 January moved a month later is 28
February, and a month earlier than that 28 January, never the 31st again. Said as one offset
(the moves added up), the months had cancelled: « date limite de dépôt : 28 janvier » for a
deadline of the 31st, the move left unsaid (attack 37b). A shift of a shift moved off the
calendar is refused naming the call's milestone and every move, in the author's words."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import example, given
from hypothesis import strategies as st

import callrules
from callrules._i18n import long_date
from tests.conftest import eligible_dict
from tests.laws import settings

LANGS = ["en", "fr", "es", "pt"]
NAMES = {lang: "T" for lang in LANGS}
NOW = datetime(2200, 1, 1, tzinfo=UTC)
PARIS = ZoneInfo("Europe/Paris")
#: The comparisons a milestone takes, and whether a submission on a day passes it, for the
#: limit day ``limit``: ``<=`` up to the day's end, ``<`` before its start…
PASSES = {"<=": lambda day, limit: day <= limit, "<": lambda day, limit: day < limit,
          ">=": lambda day, limit: day >= limit, ">": lambda day, limit: day > limit}


def _call(deadline: date, to: dict[str, Any], cmp: str) -> callrules.Call:
    return callrules.Call.from_dict({
        "id": "steps", "version": "1", "languages": LANGS, "title": NAMES,
        "timezone": "Europe/Paris", "currency": "EUR",
        "timeline": {"deadline": deadline.isoformat()},
        "clauses": [{"id": "c", "title": NAMES, "text": NAMES}],
        "rules": [{"clause": "c", "check": {"op": "compare", "path": "submitted_at",
                                            "cmp": cmp, "to": to}}]})


def _judged(call: callrules.Call, day: date) -> callrules.Report:
    data = eligible_dict()
    data["call"] = "steps"
    data["submitted_at"] = f"{day.isoformat()}T12:00:00+01:00"
    return callrules.evaluate(call, data, now=NOW)


#: A milestone's day: any day, or one that moves badly (a month's end, a leap day).
DAYS = st.one_of(
    st.dates(date(1990, 1, 1), date(2090, 12, 31)),
    st.builds(lambda y, m: (date(y, m, 1) + relativedelta(months=1)) - timedelta(days=1),
              st.integers(1990, 2090), st.integers(1, 12)),
    st.integers(1990 // 4, 2090 // 4).map(lambda q: date(q * 4, 2, 29) if q * 4 % 100
                                          else date(q * 4, 2, 28)))
#: One move: signed years, months and days (at least one of them, zero ones left out).
STEP = st.fixed_dictionaries({}, optional={
    "years": st.integers(-3, 3), "months": st.integers(-25, 25),
    "days": st.integers(-400, 400)}).filter(lambda step: any(step.values()))


def _written(steps: list[dict[str, int]]) -> dict[str, Any]:
    """The milestone moved by ``steps`` in turn: the first written with the milestone, each
    next one a ``shift`` around it."""
    to: dict[str, Any] = {"milestone": "deadline", **steps[0]}
    for step in steps[1:]:
        to = {"shift": to, **step}
    return to


def _reached(start: date, steps: list[dict[str, int]]) -> date:
    """The day reached moving ``start`` by each step in turn (a month later than 31 January
    is 28 February)."""
    for step in steps:
        start += relativedelta(years=step.get("years", 0), months=step.get("months", 0),
                               days=step.get("days", 0))
    return start


class TestTheLimitReachedStepByStepIsTheOneSaid:
    @settings(max_examples=200, deadline=None)
    @given(DAYS, st.lists(STEP, min_size=1, max_size=3), st.sampled_from(sorted(PASSES)))
    @example(date(2027, 1, 31), [{"months": 1}, {"months": -1}], "<=")
    @example(date(2027, 1, 31), [{"months": 1}, {"months": 1}], "<=")
    @example(date(2028, 2, 29), [{"years": 1}, {"years": -1}], ">=")
    @example(date(2027, 1, 31), [{"years": 1}, {"days": -365}], "<")
    def test_the_verdict_the_limit_and_the_words_agree(
            self, deadline: date, steps: list[dict[str, int]], cmp: str) -> None:
        """Law: a day milestone (month ends and leap days among them) moved by 1–3 random
        steps of years, months and days either way, compared by ``<``, ``<=``, ``>`` or
        ``>=`` → submissions the day before, on and after the day reached step by step are
        judged against that day; a failing one's ``ctx.limit`` is that day and its words
        say it, with each move in its turn when there are two or more, in four languages."""
        limit = _reached(deadline, steps)
        call = _call(deadline, _written(steps), cmp)
        for day in (limit - timedelta(days=1), limit, limit + timedelta(days=1)):
            report = _judged(call, day)
            assert report.eligible is PASSES[cmp](day, limit), (day, limit)
            if report.eligible:
                continue
            finding, = report.findings
            assert finding.ctx["limit"] == limit
            for lang in LANGS:
                words = finding.message(lang)
                assert long_date(limit, lang) in words, (lang, words)
            said = finding.message("en")
            assert (", then " in said) is (len(steps) > 1), said
            # three moves or more read as a list whose last move is said last, never "y
            # luego … y luego" (session 37); each step's units moved one way said together
            for lang, last, heavy in (("es", "y, por último, ", " y luego "),
                                      ("pt", "e, por fim, ", "e, em seguida,")):
                words = finding.message(lang)
                if len(steps) > 2:
                    assert last in words and heavy not in words, words
                for unit in ("años", "meses", "días", "anos", "meses", "dias"):
                    assert not re.search(rf"\b(después|depois|antes) [ye] \d+ {unit} \1\b",
                                         words), words
            if len(steps) == 1 and limit != deadline:
                assert any(w in said for w in (" moved ", " after ", " before ")), said
        # the instant judged against: the limit day's end (``<=``, ``>``) or its start (``<``,
        # ``>=``) on the call's clocks, a second either side
        edge = datetime.combine(limit + timedelta(days=cmp in ("<=", ">")), time(0),
                                tzinfo=PARIS)
        for instant in (edge - timedelta(seconds=1), edge):
            data = eligible_dict()
            data["call"] = "steps"
            data["submitted_at"] = instant.isoformat()
            report = callrules.evaluate(call, data, now=NOW)
            assert report.eligible is (
                (instant < edge) if cmp in ("<=", "<") else (instant >= edge)), instant

    def test_attack_37b_case_in_four_languages(self) -> None:
        """31 January moved a month later, then a month earlier: 28 January, the two moves
        said (« date limite de dépôt : 28 janvier » had been said, the moves cancelled)."""
        report = _judged(_call(date(2027, 1, 31), _written([{"months": 1}, {"months": -1}]),
                               "<="), date(2027, 1, 30))
        finding, = report.findings
        assert finding.ctx["limit"] == date(2027, 1, 28)
        assert finding.ctx["steps"] == [{"months": 1}, {"months": -1}]
        assert {lang: finding.message(lang).split("; ")[1] for lang in LANGS} == {
            "en": "the submission deadline moved 1 month later, then 1 month earlier: January "
                  "28, 2027 — 1 day and 12 hours too late.",
            "fr": "la date limite de dépôt (décalage\u202f: 1\xa0mois plus tard, puis 1\xa0mois "
                  "plus tôt)\u202f: 28 janvier 2027 — 1\xa0jour et 12\xa0heures de retard.",
            "es": "la fecha límite de presentación (desplazamiento: 1 mes después y luego 1 "
                  "mes antes): 28 de enero de 2027 — 1 día y 12 horas de retraso.",
            "pt": "o prazo de submissão (deslocamento: 1 mês depois e, em seguida, 1 mês "
                  "antes): 28 de janeiro de 2027 — 1 dia e 12 horas de atraso."}


class TestAShiftOffTheCalendar:
    @pytest.mark.parametrize("lang", LANGS)
    def test_the_calls_milestone_and_every_move_are_named(self, lang: str) -> None:
        """Three moves of 1,000 years back from 2026: refused naming the submission
        deadline and the three moves (« deadline-1000y-1000y » and the last move alone had
        been said), in the author's language."""
        to = _written([{"years": -1000}] * 3)
        with pytest.raises(callrules.DefinitionError) as caught:
            _call(date(2026, 10, 1), to, "<=")
        error = caught.value
        assert error.code == "bad_milestone"
        assert "1000y" not in error.message and "'deadline'" in error.message
        assert error.words is not None
        from callrules._i18n import words_said

        said = words_said(error.words, lang)
        assert said.count({"en": "1,000 years earlier", "fr": "1\u202f000\xa0ans plus tôt",
                           "es": "1.000 años antes", "pt": "1.000 anos antes"}[lang]) == 3, said
        assert {"en": "the submission deadline", "fr": "la date limite de dépôt",
                "es": "la fecha límite de presentación",
                "pt": "o prazo de submissão"}[lang] in said, said
        assert "deadline-" not in said and "_" not in said
