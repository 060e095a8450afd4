"""A call's versions: dated values read and checked once, at load; the version in force at an
instant found by one selection routine, compiled once and shared; a Call is immutable."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import FrozenInstanceError
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules import _call, _timeline, _versions
from callrules.language import program
from tests.laws import settings
from tests.test_definitions import minimal_call

START = datetime(2026, 1, 1, tzinfo=UTC)


def dated_call(offsets: list[int], name: str = "cap") -> dict[str, Any]:
    """The minimal call whose whole-number parameter ``name`` changes at each offset (hours
    after 1 January 2026, UTC): entry ``i`` holds the value ``i``."""
    data = minimal_call({"op": "within_year", "path": "submitted_at",
                         "year": {"param": "year"}})
    data["parameters"]["year"] = 2026
    data["parameters"][name] = {"history": [
        {"from": (START + timedelta(hours=h)).isoformat(), "value": i}
        for i, h in enumerate(offsets)]}
    return data


def in_force(offsets: list[int], instant: datetime) -> int:
    """The entry in force at ``instant``, by a linear scan: the reference to agree with."""
    chosen = 0
    for index, hours in enumerate(offsets):
        if START + timedelta(hours=hours) <= instant:
            chosen = index
    return chosen


OFFSETS = st.lists(st.integers(0, 2000), min_size=1, max_size=30, unique=True).map(sorted)


class TestSelection:
    @settings(max_examples=60)
    @given(OFFSETS, st.lists(st.integers(-50, 2100), min_size=1, max_size=10))
    def test_the_version_at_an_instant_holds_the_value_in_force_then(
            self, offsets: list[int], probes: list[int]) -> None:
        """Law: Call.at agrees with a linear scan of the history, and instants of one span
        between two amendments share one version."""
        call = callrules.Call.from_dict(dated_call(offsets))
        for hours in probes:
            instant = START + timedelta(hours=hours, minutes=30)
            version = call.at(instant)
            assert version.parameters["cap"].value == in_force(offsets, instant)
            assert version.at(instant) is version
            assert call.at(instant.astimezone(callrules.calls.load("cnrs-amsud-2026").zone)
                           ) is version
            assert (("parameters.cap: " in " ".join(version.amendments))
                    is (in_force(offsets, instant) > 0))

    def test_a_version_is_checked_once_generated_when_asked_again_then_only_looked_up(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A version is checked the first time it is asked for, its decision generated the
        second time, and then nothing is checked, generated or read again."""
        call = callrules.Call.from_dict(dated_call([0, 100, 200]))
        checked, generated = counting(monkeypatch)
        monkeypatch.setattr(_timeline, "_read", lambda *a: pytest.fail("a value re-read"))
        instants = [START + timedelta(hours=h) for h in (-5, 1, 50, 99, 150, 250, 9000)]
        first = [call.at(i) for i in instants]
        assert len(checked) == 2  # 0-99 h, 100-199 h; from 200 h the file's own rules
        assert len(generated) == 1  # 0-99 h, asked for again; 100-199 h asked for once
        assert [call.at(i) for i in reversed(instants)] == list(reversed(first))
        assert (len(checked), len(generated)) == (2, 2)
        assert [call.at(i) for i in instants] == first
        assert (len(checked), len(generated)) == (2, 2)

    def test_at_most_kept_versions_stay_and_a_dropped_one_comes_back_right(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Walking through more versions than are kept keeps memory bounded (the least
        recently asked for are dropped) and a dropped version, asked for again, holds the
        same values as before."""
        monkeypatch.setattr(_call, "KEPT_VERSIONS", 4)
        offsets = list(range(0, 100, 10))
        call = callrules.Call.from_dict(dated_call(offsets))
        instants = [START + timedelta(hours=h + 1) for h in offsets]
        for instant in instants:
            assert call.at(instant).parameters["cap"].value == in_force(offsets, instant)
        assert len(call._shared.by_key) <= 4
        assert len(set(map(id, call._shared.by_span.values()))) <= 4
        for instant in instants:  # back to the first ones, dropped and checked again
            assert call.at(instant).parameters["cap"].value == in_force(offsets, instant)
        assert len(call._shared.by_key) <= 4

    @settings(max_examples=40, deadline=None)
    @given(asks=st.lists(st.integers(0, 11), max_size=80))
    def test_code_is_generated_at_most_once_per_version_whatever_the_order(
            self, asks: list[int]) -> None:
        """Law: in any order of asking (round robin over more versions than are kept, or
        fewer, or any other), each version's decision is generated at most once and checked
        at most once per ask, every version holds its values, and a version dropped and asked
        for again is checked, never generated again."""
        with pytest.MonkeyPatch.context() as monkeypatch:
            monkeypatch.setattr(_call, "KEPT_VERSIONS", 4)
            offsets = list(range(0, 120, 10))
            call = callrules.Call.from_dict(dated_call(offsets))
            checked, generated = counting(monkeypatch)
            for index in asks:
                instant = START + timedelta(hours=offsets[index] + 1)
                assert call.at(instant).parameters["cap"].value == index
            # each generation is of a version not generated before (the set of them grows)
            assert len(generated) == len(call._shared.generated)
            assert len(generated) <= len({i for i in asks if i != len(offsets) - 1})
            assert len(checked) <= len(asks)
            assert len(call._shared.by_key) <= 4

    @pytest.mark.parametrize("versions", [3, 34, 100])
    def test_round_robin_checks_only_the_versions_beyond_those_kept(
            self, monkeypatch: pytest.MonkeyPatch, versions: int) -> None:
        """Round robin over 3, 34 or 100 versions, five times: the decision of a version is
        generated at most once, for at most as many versions as are kept, and after the
        first pass each pass checks only as many versions as there are beyond those kept
        (a first-in-first-out or least-recently-used cache would check every one)."""
        offsets = list(range(0, 10 * versions, 10))
        call = callrules.Call.from_dict(dated_call(offsets))
        checked, generated = counting(monkeypatch)
        asked = offsets[:-1]  # the last is the file's own version, generated at load
        per_pass = []
        for _ in range(5):
            before = len(checked)
            for hours in asked:
                call.at(START + timedelta(hours=hours + 1))
            per_pass.append(len(checked) - before)
        assert per_pass[0] == len(asked)
        assert max(per_pass[1:]) <= max(0, len(asked) - _call.KEPT_VERSIONS)
        assert len(generated) == len(call._shared.generated) <= min(len(asked),
                                                                    _call.KEPT_VERSIONS)

    def test_a_version_decides_the_same_checked_or_generated(self) -> None:
        """The findings of a version deciding by its rules' explanations (asked for once) and
        by generated code (asked for again) are the same."""
        data = dated_call([0, 100])
        data["parameters"]["year"] = {"history": [
            {"from": START.isoformat(), "value": 2025},
            {"from": (START + timedelta(hours=100)).isoformat(), "value": 2026}]}
        call = callrules.Call.from_dict(data)
        instant = START + timedelta(hours=1)
        version = call.at(instant)
        assert not version.program.is_generated
        checked = callrules.evaluate(version, minimal_app())
        assert call.at(instant) is version and version.program.is_generated
        generated = callrules.evaluate(version, minimal_app())
        assert not checked.eligible
        assert checked.to_dict() == generated.to_dict()

    def test_a_call_of_twenty_thousand_history_entries_is_read_once(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """200 parameters of 100 entries each load; evaluations then never re-read them."""
        data = minimal_call()
        for p in range(200):
            data["parameters"][f"p{p}"] = {"history": [
                {"from": (START + timedelta(hours=100 * p + i)).isoformat(), "value": i}
                for i in range(100)]}
        call = callrules.Call.from_dict(data)
        monkeypatch.setattr(_timeline, "_read", lambda *a: pytest.fail("a value re-read"))
        app = callrules.evaluate(call, minimal_app(), now=START + timedelta(days=900))
        assert len(app.amendments) == 200

    def test_more_history_entries_than_the_limit_are_refused(self) -> None:
        """Histories of more than 20,000 entries in all: too_many_history_entries."""
        data = minimal_call()
        for p in range(201):
            data["parameters"][f"p{p}"] = {"history": [
                {"from": (START + timedelta(hours=i)).isoformat(), "value": i}
                for i in range(100)]}
        with pytest.raises(callrules.DefinitionError) as info:
            callrules.Call.from_dict(data)
        assert info.value.code == "too_many_history_entries"

    def test_threads_asking_for_one_version_share_one_compiled_call(self) -> None:
        """Eight threads asking at once for the same instants (of fewer versions than are
        kept) get the same objects."""
        call = callrules.Call.from_dict(dated_call(list(range(0, 300, 10))))
        instants = [START + timedelta(hours=h, minutes=5) for h in range(0, 300, 7)]
        results: list[list[callrules.Call]] = []
        barrier = threading.Barrier(8)

        def ask() -> None:
            barrier.wait()
            results.append([call.at(i) for i in instants])

        threads = [threading.Thread(target=ask) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert all(all(a is b for a, b in zip(r, results[0], strict=True)) for r in results)


def counting(monkeypatch: pytest.MonkeyPatch) -> tuple[list[Any], list[Any]]:
    """The checks of a version's rules (each a call of ``compile_rules``) and the decisions
    generated (each a call of the code generator), recorded as they happen."""
    checked: list[Any] = []
    generated: list[Any] = []
    real_check, real_generate = _call.compile_rules, program._generate

    def check(*args: Any, **kwargs: Any) -> Any:
        checked.append(args[1])
        return real_check(*args, **kwargs)

    def generate(*args: Any) -> Any:
        generated.append(args[1:])
        return real_generate(*args)

    monkeypatch.setattr(_call, "compile_rules", check)
    monkeypatch.setattr(program, "_generate", generate)
    return checked, generated


def minimal_app() -> dict[str, Any]:
    from tests.conftest import eligible_dict

    return eligible_dict()


class TestHistoriesAreCheckedAtLoad:
    @pytest.mark.parametrize(("entry", "code", "where"), [
        ({"from": "2026-05-01T00:00:00", "value": {"amount": "lots", "currency": "EUR"}},
         "bad_parameter", "value"),
        ({"from": "2026-13-45T00:00:00", "value": {"amount": "3500.00", "currency": "EUR"}},
         "bad_milestone", "from"),
        ({"from": "2026-05-01", "value": "3500.00"}, "bad_history", "value"),
        ({"from": "2026-05-01", "value": {"amount": "3500.00", "currency": "USD"}},
         "bad_history", "value"),
        ({"from": "2026-05-01", "value": {"amount": "1", "currency": "EUR"}, "label": 7},
         "bad_history", "label"),
        ({"from": "9999-12-31T23:00:00", "value": {"amount": "1", "currency": "EUR"}},
         "bad_milestone", "from"),
    ])
    def test_a_bad_entry_of_a_history_is_refused_when_the_call_loads(
            self, entry: dict[str, Any], code: str, where: str) -> None:
        """A value or a from that cannot be read is refused at load, naming the entry."""
        data = minimal_call()
        data["parameters"]["cap"] = {"history": [
            {"from": "2026-04-21T00:00:00", "value": {"amount": "3100.00", "currency": "EUR"}},
            entry]}
        with pytest.raises(callrules.DefinitionError) as info:
            callrules.Call.from_dict(data)
        assert (info.value.code, info.value.loc) == (
            code, ("parameters", "cap", "history", 1, where))


class TestImmutability:
    def test_a_call_and_its_versions_cannot_be_changed(self) -> None:
        """Setting or deleting an attribute of a call, or of a version, is refused."""
        call = callrules.Call.from_dict(dated_call([0, 10]))
        for target in (call, call.at(START + timedelta(hours=1))):
            with pytest.raises(FrozenInstanceError):
                target.id = "other"  # type: ignore[misc]
            with pytest.raises(FrozenInstanceError):
                del target.rules
            with pytest.raises(TypeError):
                target.parameters["cap"] = None  # type: ignore[index]

    def test_editions_are_built_once(self) -> None:
        """editions() gives the same objects each time, the file's own first."""
        data = minimal_call()
        data["id"] = "mini-2026"
        data["recurrence"] = {"count": 3, "id": "mini-{year}"}
        call = callrules.Call.from_dict(data)
        editions = call.editions()
        assert editions[0] is call and call.editions() is editions
        assert [e.id for e in editions] == ["mini-2026", "mini-2027", "mini-2028"]
        assert editions[2].timeline["deadline"].start.year == 2028

    def test_a_call_is_built_only_from_a_checked_definition(self) -> None:
        """Call() given a dict (not a CallFile) is a DefinitionError saying what to use."""
        with pytest.raises(callrules.DefinitionError) as info:
            callrules.Call(minimal_call())  # type: ignore[arg-type]
        assert info.value.code == "not_a_definition"


class TestEditionsAndAsOf:
    def test_a_call_built_as_of_an_instant_is_that_version(self) -> None:
        """Call(definition, as_of=…) holds the values in force then, like call.at(…)."""
        call = callrules.Call.from_dict(dated_call([0, 100]))
        instant = START + timedelta(hours=50)
        built = callrules.Call(call.definition, as_of=instant)
        assert built.parameters["cap"].value == call.at(instant).parameters["cap"].value == 0
        assert built.as_of == instant

    @pytest.mark.parametrize("edition", [-1, 1, True, "1"])
    def test_an_edition_the_call_does_not_have_is_refused(self, edition: Any) -> None:
        """A call without recurrence has edition 0 only: bad_recurrence otherwise."""
        call = callrules.Call.from_dict(minimal_call())
        with pytest.raises(callrules.DefinitionError) as info:
            callrules.Call(call.definition, edition=edition)
        assert info.value.code == "bad_recurrence"

    @pytest.mark.parametrize(("change", "code"), [
        ({"timeline": {}}, "bad_recurrence"),
        ({"parameters": {"year": "2026"}}, "bad_recurrence"),
        ({"timeline": {"deadline": "9998-06-01"}}, "bad_milestone"),
    ])
    def test_a_recurrence_that_does_not_fit_the_call_is_refused(
            self, change: dict[str, Any], code: str) -> None:
        """No timeline to move, a year parameter that is no whole number, an edition past
        the calendar: refused when the call loads."""
        data = minimal_call(**change)
        first = 9998 if "9998" in str(change) else 2026
        data["id"] = f"mini-{first}"
        data["recurrence"] = {"count": 3, "id": "mini-{year}", "year_parameters": ["year"]}
        data["parameters"].setdefault("year", 2026)
        with pytest.raises(callrules.DefinitionError) as info:
            callrules.Call.from_dict(data).editions()
        assert info.value.code == code


#: Years around the calendar's bounds (1 and 9999), and any other whole number.
YEARS = st.one_of(st.integers(-3, 3), st.integers(9990, 10_010), st.integers(-10**6, 10**6))


class TestYearsAreOfTheCalendar:

    @settings(max_examples=40, deadline=None)
    @given(year=YEARS, through_parameter=st.booleans())
    def test_a_year_outside_the_calendar_is_refused_at_load(
            self, year: int, through_parameter: bool) -> None:
        """within_year with any whole number, written or in a parameter: loads exactly when
        it is a year of the calendar (1 to 9999); no date is in any other, so the rule would
        bar every application."""
        data = minimal_call({"op": "within_year", "path": "submitted_at",
                             "year": {"param": "year"} if through_parameter else year})
        data["parameters"]["year"] = year
        try:
            callrules.Call.from_dict(data)
        except callrules.DefinitionError as exc:
            assert not 1 <= year <= 9999
            assert exc.code == ("bad_parameter" if through_parameter else "bad_literal")
            assert exc.loc[-1] == ("param" if through_parameter else "year")
        else:
            assert 1 <= year <= 9999

    @settings(max_examples=40, deadline=None)
    @given(year=YEARS, count=st.integers(2, 20))
    def test_a_year_parameter_is_a_year_in_every_edition(self, year: int, count: int) -> None:
        """A recurring call's year parameter, moved a year per edition, loads exactly when
        it stays a year of the calendar in every edition; otherwise the call is refused,
        naming the first edition where it leaves it."""
        data = minimal_call({"op": "within_year", "path": "submitted_at",
                             "year": {"param": "year"}}, id="mini-2026")
        data["parameters"]["year"] = year
        data["recurrence"] = {"count": count, "id": "mini-{year}", "year_parameters": ["year"]}
        try:
            call = callrules.Call.from_dict(data)
        except callrules.DefinitionError as exc:
            assert not (1 <= year <= 10_000 - count)
            assert exc.code == "bad_recurrence"
            if 1 <= year <= 9999:  # the file's own is a year: an edition moves it out
                assert f"edition {10_000 - year + 1} of {count}" in exc.message
        else:
            assert 1 <= year <= 10_000 - count
            assert [e.parameters["year"].value for e in call.editions()] == list(
                range(year, year + count))

    def test_a_year_in_the_history_of_a_parameter_is_checked_at_load(self) -> None:
        """A within_year reading a parameter whose value before an amendment is no year is
        refused at load: a decision as of that day would apply it (and fail later)."""
        data = dated_call([0, 24])  # the year parameter of within_year has no history
        data["parameters"]["year"] = {"history": [
            {"from": START.isoformat(), "value": 20260},
            {"from": (START + timedelta(days=1)).isoformat(), "value": 2026,
             "label": "a typo corrected"}]}
        with pytest.raises(callrules.DefinitionError) as info:
            callrules.Call.from_dict(data)
        assert info.value.code == "bad_parameter" and "20260" in info.value.message


def recurring(offsets: list[int], count: int) -> dict[str, Any]:
    """:func:`dated_call` recurring ``count`` years: edition ``k`` has its cap's history
    moved by ``k`` years."""
    data = dated_call(offsets)
    data["id"] = "mini-2026"
    data["recurrence"] = {"count": count, "id": "mini-{year}", "year_parameters": ["year"]}
    return data


class TestEditionsTogether:
    @settings(max_examples=30, deadline=None)
    @given(asks=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 5)), max_size=60))
    def test_the_versions_kept_are_bounded_for_the_file_all_editions_together(
            self, asks: list[tuple[int, int]]) -> None:
        """Law: whatever the editions and versions asked for, in any order, at most
        KEPT_VERSIONS versions are kept for the file, all its editions together (each edition
        kept up to KEPT_VERSIONS of its own, so that a file of 50 editions asked for at many
        instants grew by about 29 MB an edition), and each version asked for holds the value
        in force then, in its edition."""
        with pytest.MonkeyPatch.context() as monkeypatch:
            monkeypatch.setattr(_call, "KEPT_VERSIONS", 4)
            offsets = list(range(0, 60, 10))
            editions = callrules.Call.from_dict(recurring(offsets, 3)).editions()
            checked, generated = counting(monkeypatch)
            for edition, index in asks:
                instant = START.replace(year=2026 + edition) + timedelta(
                    hours=offsets[index] + 1)
                assert editions[edition].at(instant).parameters["cap"].value == index
                assert sum(len(e._shared.by_key) for e in editions) <= 4
            assert len(generated) <= len(set(asks))
            assert len(checked) <= len(asks)

    def test_later_editions_are_generated_when_first_asked_for_not_at_load(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Loading a recurring call generates the decision of the file's own edition only
        (every edition's was generated at load: 50 editions of a large call took 39 s to
        start the service); a later edition is checked at load, deciding by its rules'
        explanations, and generated once when it is first asked for, deciding the same."""
        checked, generated = counting(monkeypatch)
        data = minimal_call({"op": "within_year", "path": "submitted_at",
                             "year": {"param": "year"}})
        data["parameters"]["year"] = 2026
        data["id"] = "mini-2026"
        data["recurrence"] = {"count": 5, "id": "mini-{year}", "year_parameters": ["year"]}
        editions = callrules.Call.from_dict(data).editions()
        assert len(generated) == 1 and len(checked) == 5
        late = editions[3]
        explained = callrules.evaluate(late, minimal_app())
        assert not late.program.is_generated and not explained.eligible
        assert late.at(START) is late and late.program.is_generated
        assert len(generated) == 2
        assert callrules.evaluate(late, minimal_app()).to_dict() == explained.to_dict()
        late.at(START)
        assert len(generated) == 2

    @pytest.mark.parametrize("count", [2, 10, 50])
    def test_each_parameter_is_parsed_once_whatever_the_editions(
            self, monkeypatch: pytest.MonkeyPatch, count: int) -> None:
        """A recurring call's parameters (a rate table's rows, a history's values) are parsed
        once for the file, its editions all built: an edition moves dates and year
        parameters, never a table's rows (every table was parsed twice an edition: 880 KB of
        table took 76 s to load with 50 editions, 5 s without, attack 23b F-R1). Each edition
        still has its own year and its own dates."""
        parsed: list[str] = []
        real = _versions.parse_parameter
        monkeypatch.setattr(_versions, "parse_parameter",
                            lambda name, raw, *sets: parsed.append(name) or real(name, raw, *sets))
        data = recurring(list(range(0, 60, 10)), count)
        written = len(data["parameters"]["cap"]["history"]) + len(data["parameters"]) - 1
        editions = callrules.Call.from_dict(data).editions()
        assert len(parsed) == written
        assert [e.parameters["year"].value for e in editions] == [
            2026 + k for k in range(count)]
        assert [e.timeline["deadline"].start.year - editions[0].timeline[
            "deadline"].start.year for e in editions] == list(range(count))


#: A call whose deadline (15 January 2999) is extended to 31 January from an instant drawn
#: in 2998: at any clock before then, the extension is not yet in force.
FAR = datetime(2998, 1, 1, tzinfo=UTC)


def far_amended(extended_from: datetime) -> dict[str, Any]:
    data = minimal_call(id="far-amended")
    data["timeline"] = {"deadline": {"history": [
        {"from": "2998-01-01T00:00:00", "value": "2999-01-15T12:00:00"},
        {"from": extended_from.replace(tzinfo=None).isoformat(),
         "value": "2999-01-31T12:00:00", "label": "extension"}]}}
    return data


@pytest.fixture(scope="module")
def far_served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    from callrules.serve import create_app
    from tests.conftest import kept_registries
    from tests.live_server import serving

    folder = tmp_path_factory.mktemp("far")
    (folder / "far-amended.json").write_text(json.dumps(far_amended(FAR + timedelta(
        days=200))), "utf-8")
    with kept_registries(), serving(create_app(folder)) as url:
        yield folder / "far-amended.json", url


class TestShownAsChecked:
    """``show``, ``GET /calls/{id}`` (and the page, which asks it) show the version of a call
    a check reads at the same instant: ``--at``/``now``, else the clock read at their edge;
    and they say which. Before, they showed the file's last amendment even before it took
    effect (an extended deadline the check did not yet grant)."""

    @settings(max_examples=25, deadline=None)
    @given(st.integers(0, 364 * 24))
    def test_the_version_shown_at_an_instant_is_the_one_a_check_reads(
            self, far_served: tuple[Path, str], asked: int) -> None:
        import httpx

        from tests.test_cli import run

        path, url = far_served
        call = callrules.Call.from_dict(far_amended(FAR + timedelta(days=200)))
        instant = FAR + timedelta(hours=asked, minutes=1)
        version = call.at(instant)
        deadline = version.timeline["deadline"].start
        assert deadline.day == (31 if instant >= FAR + timedelta(days=200) else 15)
        shown = run("show", str(path), "--at", instant.isoformat()).stdout
        body = httpx.get(f"{url}/calls/far-amended", params={"now": instant.isoformat()},
                         timeout=60).json()
        for text in (shown, body["checklist"]["text"]):
            assert text.startswith(version.checklist("en"))
            assert f"January {deadline.day}, 2999" in text
            assert "as in force on" in text.splitlines()[-1]
            # the amendment in force is named (the eighteenth attack: never said)
            assert ("extension" in text.splitlines()[-1]) == (
                instant >= FAR + timedelta(days=200)), text.splitlines()[-1]
        assert body["now"] == instant.isoformat()

    @pytest.mark.parametrize(("lang", "words"), [
        ("en", "Amendments in force then: submission deadline"),
        ("fr", "Modifications en vigueur à cette date\u202f: date limite"),
        ("es", "Modificaciones vigentes en esa fecha: fecha límite"),
        ("pt", "Alterações em vigor nessa data: prazo")])
    def test_the_amendment_in_force_is_named_in_the_reader_s_language(
            self, far_served: tuple[Path, str], lang: str, words: str) -> None:
        from tests.test_cli import run

        path, _url = far_served
        instant = FAR + timedelta(days=201)
        shown = run("show", str(path), "--at", instant.isoformat(), "--lang", lang).stdout
        assert words in shown.splitlines()[-1] and "extension" in shown.splitlines()[-1]

    @settings(max_examples=20, deadline=None)
    @given(asked=st.integers(0, 364 * 24), lang=st.sampled_from(["en", "fr", "es", "pt"]),
           zone=st.sampled_from(["Asia/Tokyo", "America/Sao_Paulo", "Europe/Paris", "UTC",
                                 "Pacific/Chatham", "America/St_Johns"]))
    def test_the_note_s_instants_are_in_the_call_s_zone_and_the_reader_s(
            self, far_served: tuple[Path, str], asked: int, lang: str, zone: str) -> None:
        """Law: the line saying which version is shown, and the report's line saying which
        amendments judged it, give each instant in the call's zone and, for a reader in
        another zone (``--zone``, the service's ``zone``), in the reader's too, as the
        timeline does; ``show`` and ``GET /calls/{id}`` say the same (attacker 38c: ``show``
        and the service in the call's zone only, ``check`` in the reader's only)."""
        from zoneinfo import ZoneInfo

        import httpx

        from callrules._checklist import in_force_note
        from callrules._i18n import format_instant
        from tests.conftest import eligible_dict

        _path, url = far_served
        call = callrules.Call.from_dict(far_amended(FAR + timedelta(days=200)))
        instant = FAR + timedelta(hours=asked, minutes=1)
        note = in_force_note(call, instant, lang, "text", zone).strip()
        body = httpx.get(f"{url}/calls/far-amended", params={"now": instant.isoformat(),
                         "zone": zone}, headers={"Accept-Language": lang}, timeout=60).json()
        assert body["checklist"]["text"].strip().endswith(note)
        application = eligible_dict()
        application["call"] = "far-amended"
        judged = callrules.evaluate(call, application, now=instant).render(lang, zone)
        # the extension takes effect at its ``from``, a time of the call's own zone
        amended = (FAR + timedelta(days=200)).replace(tzinfo=None).replace(tzinfo=call.zone)
        for moment, text in ((instant, note), (amended, note), (amended, judged)):
            if moment is not instant and instant < amended:
                continue  # (no amendment in force yet: none named)
            moment = moment.replace(microsecond=0)
            own = format_instant(moment, lang, call.zone)
            assert text.count(own) == 1, text
            if zone != call.timezone:
                assert format_instant(moment, lang, ZoneInfo(zone)) in text, text

    def test_without_an_instant_the_version_in_force_now_is_shown(
            self, far_served: tuple[Path, str]) -> None:
        import httpx

        from tests.test_cli import run

        path, url = far_served
        for lang, extended in (("en", "January 31, 2999"), ("fr", "31 janvier 2999")):
            shown = run("show", str(path), "--lang", lang).stdout
            body = httpx.get(f"{url}/calls/far-amended", headers={"Accept-Language": lang},
                             timeout=60).json()
            for text in (shown, body["checklist"]["text"], body["checklist"]["html"]):
                assert extended not in text
                assert "2999" in text
            assert body["phase"] is not None
