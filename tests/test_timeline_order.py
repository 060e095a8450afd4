"""A call's timeline is in order in every version and every edition: a call that loads opens
by its deadline and publishes its results once it has closed, at every instant of every
edition; one that does not is refused at load (``bad_timeline``, a history out of order in
some edition: ``bad_history`` naming the edition), never an edition silently lost."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules import DefinitionError, Phase, phase_at
from callrules._i18n import phrase
from tests.helpers import code_tokens
from tests.laws import settings
from tests.test_definitions import minimal_call

#: The order of the phases: at successive instants a call never goes back.
RANK = {Phase.UPCOMING: 0, Phase.OPEN: 1, Phase.UNDER_EVALUATION: 2, Phase.CLOSED: 2,
        Phase.DECIDED: 3}

#: Days around which moving by whole years is delicate: month ends, leap days, and the
#: changes of clocks in Paris (29 March, 25 October 2026; 28 March, 31 October 2027).
DELICATE = [date(2028, 2, 28), date(2028, 2, 29), date(2028, 3, 1), date(2028, 3, 26),
            date(2028, 10, 29), date(2028, 1, 31), date(2028, 4, 30), date(2028, 12, 31)]


@st.composite
def milestones(draw: st.DrawFn, base: date) -> Any:
    """A milestone as a call file writes it, within a year of ``base``: an instant (maybe a
    table with a fold), a day or a month."""
    day = base + timedelta(days=draw(st.integers(-3, 3)) * draw(st.sampled_from([1, 40])))
    kind = draw(st.sampled_from(["instant", "fold", "day", "month"]))
    if kind == "day":
        return day.isoformat()
    if kind == "month":
        return f"{day:%Y-%m}"
    moment = datetime.combine(day, datetime.min.time()) + timedelta(
        minutes=30 * draw(st.integers(0, 47)))
    if kind == "fold":
        return {"at": moment.isoformat(), "fold": draw(st.integers(0, 1))}
    return moment.isoformat()


@st.composite
def timelines(draw: st.DrawFn) -> dict[str, Any]:
    """Some of opening, deadline and results, each written once or with a short history."""
    base = draw(st.sampled_from(DELICATE))
    out: dict[str, Any] = {"deadline": draw(milestones(base))}
    for name in ("opening", "results"):
        if draw(st.booleans()):
            out[name] = draw(milestones(base))
    name = draw(st.sampled_from(sorted(out)))
    if draw(st.booleans()):
        starts = sorted({draw(st.integers(-60, 60)) for _ in range(draw(st.integers(1, 3)))})
        out[name] = {"history": [
            {"from": (datetime.combine(base, datetime.min.time())
                      + timedelta(hours=12 * h)).isoformat(), "value": draw(milestones(base))}
            for h in starts]}
    return out


def instants(call: callrules.Call) -> list[datetime]:
    """Instants around every milestone and every amendment of ``call``, in order."""
    around = {m.start.astimezone(UTC) for v in _versions(call) for m in v.timeline.values()}
    around |= {m.end.astimezone(UTC) for v in _versions(call) for m in v.timeline.values()}
    around |= set(call._values.changes)
    return sorted({t + timedelta(seconds=s) for t in around for s in (-1, 0, 1)})


def _versions(call: callrules.Call) -> list[callrules.Call]:
    return [call, *(call.at(t) for t in call._values.changes)]


class TestPhasesInOrder:
    @settings(max_examples=150, deadline=None)
    @given(timelines())
    def test_a_call_that_loads_goes_through_its_phases_in_order(self, timeline: Any) -> None:
        """Law: in every version of any call whose timeline loads, successive instants are
        upcoming, open, under evaluation, decided, never back, and open at some instant;
        a call that would not be is refused as bad_timeline."""
        data = minimal_call(timeline=timeline)
        try:
            call = callrules.Call.from_dict(data)
        except DefinitionError as exc:
            assert exc.code in ("bad_timeline", "bad_milestone", "ambiguous_local_time",
                                "nonexistent_local_time", "bad_history"), exc
            if exc.code == "bad_timeline":
                assert exc.words is not None and exc.words[0].startswith("timeline_")
            return
        for version in _versions(call):
            phases = [phase_at(version.timeline, t) for t in instants(call)]
            ranks = [RANK[p] for p in phases]
            assert ranks == sorted(ranks), phases
            assert Phase.OPEN in phases, phases

    def test_an_opening_after_the_deadline_is_refused_in_words(self) -> None:
        """Opening 1 November, deadline 1 October, results 1 July: bad_timeline, at load,
        with words in every language free of code tokens."""
        data = minimal_call(timeline={"opening": "2026-11-01",
                                      "deadline": "2026-10-01T17:00:00",
                                      "results": "2026-07-01"})
        with pytest.raises(DefinitionError) as caught:
            callrules.Call.from_dict(data)
        assert caught.value.code == "bad_timeline"
        assert caught.value.words is not None
        key, values = caught.value.words
        days = {"fr": ("1er novembre 2026", "1er octobre 2026, 17:00"),
                "en": ("November 1, 2026", "October 1, 2026, 5:00"),
                "es": ("1 de noviembre de 2026", "1 de octubre de 2026, 17:00"),
                "pt": ("1º de novembro de 2026", "1º de outubro de 2026, 17:00")}
        for lang in ("fr", "en", "es", "pt"):
            said = phrase(key, lang, **values)
            assert all(day in said for day in days[lang]), said  # the dates in words
            assert "2026-1" not in said and code_tokens(said) == []
        assert "2026-11-01" in values["first"]  # (as text, for JSON: the date as written)

    @pytest.mark.parametrize(("lang", "month"), [
        ("fr", "La publication des résultats, mai 2026, vient avant"),
        ("en", "The results, May 2026, come before"),
        ("es", "La publicación de los resultados, mayo de 2026, es anterior"),
        ("pt", "A publicação dos resultados, maio de 2026, é anterior")])
    def test_a_month_is_said_as_a_month(self, lang: str, month: str) -> None:
        """Results given as a month before the deadline: the month in words, with no
        article of a day (« le 2026-05 » before)."""
        data = minimal_call(timeline={"deadline": "2026-06-01T17:00:00",
                                      "results": "2026-05"})
        with pytest.raises(DefinitionError) as caught:
            callrules.Call.from_dict(data)
        assert caught.value.words is not None
        key, values = caught.value.words
        assert phrase(key, lang, **values).startswith(month)

    @pytest.mark.parametrize(("results", "fine"), [
        ("2026-06-01T17:00:00", True), ("2026-06-01T16:59:00", False),
        ("2026-06-02", True), ("2026-06-01", False)])
    def test_the_results_come_once_the_call_has_closed(self, results: str, fine: bool) -> None:
        """Results at the deadline's instant are in order, a minute before it are not; for a
        deadline that is a day, the results come the next day at the earliest."""
        for deadline in ("2026-06-01T17:00:00", "2026-06-01"):
            data = minimal_call(timeline={"deadline": deadline, "results": results})
            ok = fine if deadline.endswith("00") else results == "2026-06-02"
            if ok:
                callrules.Call.from_dict(data)
            else:
                with pytest.raises(DefinitionError, match="bad_timeline"):
                    callrules.Call.from_dict(data)

    def test_an_amendment_that_moves_the_deadline_past_the_results_is_refused(self) -> None:
        """A deadline whose last amendment (25 October) falls after the results (1 July):
        bad_timeline at that entry of the history, naming the version."""
        data = minimal_call(timeline={"deadline": {"history": [
            {"from": "2026-04-01T00:00:00", "value": "2026-06-01T17:00:00"},
            {"from": "2026-05-25T00:00:00", "value": "2026-10-25T12:00:00"}]},
            "results": "2026-07-01"})
        with pytest.raises(DefinitionError) as caught:
            callrules.Call.from_dict(data)
        assert caught.value.code == "bad_timeline"
        assert caught.value.loc == ("timeline", "deadline", "history", 1)
        assert "in force from" in caught.value.message


def recurring(history: list[Any], count: int = 3) -> dict[str, Any]:
    """A call recurring ``count`` years from 2028, whose cap has ``history``."""
    data = minimal_call({"op": "total", "path": "budget.lines", "of": "amount",
                         "max": {"param": "cap"}}, id="rec-2028",
                        timeline={"deadline": "2028-06-01T17:00:00", "results": "2028-07-01"},
                        recurrence={"every": "year", "count": count, "id": "rec-{year}"})
    data["parameters"]["cap"] = {"history": [
        {"from": start, "value": {"amount": f"{100 * (i + 1)}.00", "currency": "EUR"}}
        for i, start in enumerate(history)]}
    return data


@st.composite
def froms(draw: st.DrawFn) -> Any:
    """A ``from`` near a delicate day: an instant, maybe a table with a fold."""
    day = draw(st.sampled_from(DELICATE)) + timedelta(days=draw(st.integers(-1, 1)))
    moment = datetime.combine(day, datetime.min.time()) + timedelta(
        minutes=30 * draw(st.integers(0, 47)))
    if draw(st.booleans()):
        return {"at": moment.isoformat(), "fold": draw(st.integers(0, 1))}
    return moment.isoformat()


class TestEveryEditionLoads:
    @settings(max_examples=120, deadline=None)
    @given(st.lists(froms(), min_size=1, max_size=4), st.integers(2, 6))
    def test_a_recurring_call_that_loads_loads_in_every_edition(
            self, history: list[Any], count: int) -> None:
        """Law: any recurring call with a history near month ends, leap days and changes of
        clocks either is refused at load, or every one of its editions is built, with its
        history in order and the version in force at each amendment found."""
        try:
            call = callrules.Call.from_dict(recurring(history, count))
        except DefinitionError as exc:
            assert exc.code in ("bad_history", "ambiguous_local_time",
                                "nonexistent_local_time"), exc
            return
        editions = call.editions()
        assert [e.id for e in editions] == [f"rec-{2028 + k}" for k in range(count)]
        for edition in editions:
            starts = edition._values.parameters[-1].starts
            assert list(starts) == sorted(set(starts))
            for start in starts:
                edition.at(start)

    @pytest.mark.parametrize("history", [
        ["2028-02-28T12:00:00", "2028-02-29T00:00:00"],
        [{"at": "2028-10-29T02:30:00", "fold": 0}, {"at": "2028-10-29T02:30:00", "fold": 1}]])
    def test_a_history_out_of_order_in_a_later_edition_refuses_the_file(
            self, history: list[Any]) -> None:
        """A leap day, or a repeated hour, in order in 2028 and not in 2029: the file is
        refused, naming the edition of 2029 and both entries' instants."""
        with pytest.raises(DefinitionError) as caught:
            callrules.Call.from_dict(recurring(history))
        assert caught.value.code == "bad_history"
        assert "edition of 2029" in caught.value.message
        assert caught.value.loc == ("parameters", "cap", "history", 1, "from")

    def test_a_folder_with_such_a_call_lists_it_as_broken(self, tmp_path: Any,
                                                          registries: None) -> None:
        """calls.broken() names the file; no edition of it is said to be available."""
        (tmp_path / "rec-2028.json").write_text(json.dumps(recurring(
            ["2028-02-28T12:00:00", "2028-02-29T00:00:00"])), encoding="utf-8")
        callrules.calls.register_folder(tmp_path)
        assert "rec-2028" in callrules.calls.broken()
        assert not {"rec-2029", "rec-2030"} & set(callrules.calls.available())

    def test_the_entries_of_every_edition_count_against_the_bound(self) -> None:
        """50 editions of a call with 500 history entries are more than 20,000 entries:
        too_many_history_entries, at the recurrence's count."""
        start = datetime(2028, 1, 1)
        data = recurring([(start + timedelta(hours=h)).isoformat() for h in range(100)], 50)
        for name in ("a", "b", "c", "d"):
            data["parameters"][name] = {"history": [
                {"from": (start + timedelta(hours=h)).isoformat(), "value": h}
                for h in range(100)]}
        with pytest.raises(DefinitionError) as caught:
            callrules.Call.from_dict(data)
        assert caught.value.code == "too_many_history_entries"
        assert caught.value.loc == ("recurrence", "count")


class TestSaidInWords:
    def test_the_command_line_says_the_timeline_problem_in_the_readers_language(
            self, tmp_path: Any) -> None:
        """callrules check with --lang fr on a call out of order: exit 2, the author's
        message with its code, then the problem in French, free of code tokens."""
        from tests.test_cli import run

        path = tmp_path / "late.json"
        path.write_text(json.dumps(minimal_call(timeline={
            "opening": "2026-11-01", "deadline": "2026-10-01T17:00:00"})), encoding="utf-8")
        done = run("check", str(path), "examples/eligible.json", "--lang", "fr")
        assert done.returncode == 2
        assert "[bad_timeline]" in done.stderr
        said = done.stderr.splitlines()[-1].strip()
        assert said.startswith("L’ouverture de l’appel, 1er novembre 2026, vient après sa date "
                               "limite, 1er octobre 2026, 17:00")
        assert code_tokens(said) == []
        done = run("validate", str(path))
        assert done.returncode == 2 and "[bad_timeline]" in done.stderr
        assert "2026-10-01 17:00 UTC+02:00" in done.stderr  # (the author's line)
        assert "October 1, 2026, 5:00" in done.stderr.splitlines()[-1]  # (the reader's)

    def test_a_call_recurring_once_is_its_own_only_edition(self) -> None:
        """A recurrence of one edition reads no other: the call loads as the file has it."""
        call = callrules.Call.from_dict(recurring(["2028-02-28T12:00:00",
                                                   "2028-02-29T00:00:00"], 1))
        assert [e.id for e in call.editions()] == ["rec-2028"]
