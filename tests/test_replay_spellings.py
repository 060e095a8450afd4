"""A decision record replays alike against any spelling of its call and its batch that the
library reads alike.

The replay finds the record's application in its batch by how the call's form reads it,
and tells a call amended in its words alone by what in it reads applications
(:func:`callrules._record.reading_digest`). Both were digests of spellings: a batch whose
amounts had another number of zeros (``250.0`` for ``250.00``) or whose instants another
offset did not hold the record's application (refused, ``batch_without_record``), and a
call written otherwise but read alike (a deadline as a history of one entry, an amount's
zeros, a set's order, a history's instants with other offsets) could not be told without
the batch (att78 F4: 6 of 6 such rewritings "cannot tell", never a false "same"). Now each
replays as its first spelling does (rpl75).
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given
from hypothesis import strategies as st

import callrules
from callrules import _record
from tests.conftest import eligible_dict
from tests.laws import settings
from tests.test_definitions import minimal_call

NOW = datetime(2026, 3, 1, tzinfo=UTC)
#: Offsets an instant may be written with (the same instant).
OFFSETS = [timedelta(0), timedelta(hours=-5), timedelta(hours=9, minutes=30),
           timedelta(hours=2)]


def _call_data() -> dict[str, Any]:
    """A call of one application per host (its definition as ``Call.from_dict`` takes it)."""
    data = minimal_call({"op": "present", "path": "host.unit.kind"})
    data["rules"].append({"clause": "eligibility",
                          "check": {"op": "unique", "path": "host.person.email"}})
    return data


def _batch(hosts: list[int]) -> list[dict[str, Any]]:
    """An application a host of ``hosts`` (a host given twice: the second a duplicate)."""
    apps = []
    for n, host in enumerate(hosts):
        app = eligible_dict()
        app["id"], app["host"]["person"]["email"] = f"P{n}", f"h{host}@x.org"
        apps.append(app)
    return apps


def _reordered(value: Any, draw: st.DrawFn) -> Any:
    """``value`` with the keys of each object in an order drawn."""
    if isinstance(value, dict):
        keys = draw(st.permutations(list(value)))
        return {key: _reordered(value[key], draw) for key in keys}
    if isinstance(value, list):
        return [_reordered(item, draw) for item in value]
    return value


def _respelled(value: Any, zeros: int, offset: timedelta) -> Any:
    """``value`` (an application) with each amount written with ``zeros`` fewer zeros
    (``250.0``, ``250``: at most a currency's decimals, each read alike), each rate with
    ``zeros`` more, and each instant with ``offset``: the same values, as the library reads
    them."""
    if isinstance(value, dict):
        said = {}
        for key, item in value.items():
            if key == "amount" and isinstance(item, str) and item.endswith(".00"):
                said[key] = item[:-zeros - (zeros == 2)] if zeros else item
            elif key == "rate" and isinstance(item, str):
                said[key] = item + "0" * zeros
            elif key == "submitted_at" and isinstance(item, str):
                instant = datetime.fromisoformat(item).astimezone(timezone(offset))
                said[key] = instant.isoformat().replace("+00:00", "Z")
            else:
                said[key] = _respelled(item, zeros, offset)
        return said
    if isinstance(value, list):
        return [_respelled(item, zeros, offset) for item in value]
    return value


@st.composite
def spellings(draw: st.DrawFn) -> tuple[dict[str, Any], list[str]]:
    """A spelling of :func:`_call_data` and of a batch's applications (JSON texts) that the
    library reads alike: the deadline in another offset or as a history of one entry, the
    cap with more zeros, the countries in another order; each application's keys in
    another order, indented or not, its amounts with more zeros, its instant in another
    offset."""
    call = _call_data()
    deadline = datetime(2026, 6, 1, 15, 0, tzinfo=UTC)  # (17:00 in Paris)
    offset = draw(st.sampled_from(OFFSETS))
    written = deadline.astimezone(timezone(offset)).isoformat()
    match draw(st.sampled_from(["as is", "offset", "history"])):
        case "offset":
            call["timeline"]["deadline"] = written
        case "history":
            call["timeline"]["deadline"] = {"history": [
                {"from": "2025-12-31T23:00:00Z", "value": written}]}
    call["parameters"]["cap"]["amount"] += "0" * draw(st.integers(0, 3))
    call["parameters"]["countries"] = draw(st.permutations(call["parameters"]["countries"]))
    texts = []
    zeros = draw(st.integers(0, 2))
    instant = draw(st.sampled_from(OFFSETS))
    for app in _batch(HOSTS):
        app = _reordered(_respelled(app, zeros, instant), draw)
        texts.append(json.dumps(app, indent=draw(st.sampled_from([None, 1, 4]))))
    return _reordered(call, draw), texts


#: The hosts of the batch's applications: the second and the fourth are duplicates.
HOSTS = [0, 1, 0, 1, 2]


class TestASpellingReadAlikeReplaysAlike:
    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(spellings())
    @example(({**_call_data(), "parameters": {"cap": {"amount": "3100.0", "currency": "EUR"},
                                              "countries": ["CL", "BR"]},
               "timeline": {"deadline": {"history": [{"from": "2026-01-01T00:00:00",
                                                      "value": "2026-06-01T17:00:00"}]}}},
              [json.dumps(_respelled(app, 1, timedelta(0))) for app in _batch(HOSTS)]))
    def test_any_spelling_the_library_reads_alike_replays_alike(
            self, spelled: tuple[dict[str, Any], list[str]]) -> None:
        """Each record of a batch replayed against its call and its batch spelled otherwise
        but read alike by the library (:func:`spellings`): "same", with the batch and
        without it, as against the call and batch as first written (att78 F4: "cannot
        tell without its batch"; a batch of amounts with another number of zeros, or of
        instants with another offset: "the batch does not hold the record's
        application")."""
        data, texts = spelled
        was = callrules.Call.from_dict(_call_data())
        apps = _batch(HOSTS)
        then = callrules.evaluate_many(was, apps, now=NOW, progress=False)
        made = [callrules.decision_record(was, app, now=NOW, report=item.report)
                for app, item in zip(apps, then, strict=True)]
        assert [m["verdict"]["eligible"] for m in made] == [True, True, False, False, True]
        call = callrules.Call.from_dict(copy.deepcopy(data))
        batch = tuple(texts)
        assert [callrules.replay(m, call, batch=batch).outcome for m in made] == [
            "same"] * len(made)
        assert [callrules.replay(m, call).outcome for m in made] == ["same"] * len(made)


def _amended(name: str, hours: list[int]) -> dict[str, Any]:
    """The call of :func:`_call_data` with ``name`` (``cap`` or ``deadline``) amended as of
    each instant ``hours`` from :data:`NOW` (another value each time), its first value as
    written before."""
    data = _call_data()
    first = data["parameters" if name == "cap" else "timeline"][name]
    later = sorted({NOW + timedelta(hours=h) for h in hours})
    values: list[Any] = ([{"amount": f"{3100 + 100 * n}.00", "currency": "EUR"}
                          for n in range(1, len(later) + 1)] if name == "cap" else
                         [f"2026-06-{1 + n:02d}T17:00:00" for n in range(1, len(later) + 1)])
    data["parameters" if name == "cap" else "timeline"][name] = {"history": [
        {"from": "2025-01-01T00:00:00", "value": first if name == "cap"
         else first.isoformat()},
        *({"from": at.isoformat(), "value": value, "label": f"amendment {n}"}
          for n, (at, value) in enumerate(zip(later, values, strict=True), start=1))]}
    return data


class TestACallAmendedAfterTheRecord:
    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(name=st.sampled_from(["cap", "deadline"]),
           hours=st.lists(st.integers(-2000, 2000), min_size=1, max_size=3))
    @example(name="cap", hours=[1800])  # (att78 F4's sixth rewriting: "cannot tell")
    @example(name="cap", hours=[-24])
    @example(name="deadline", hours=[1, 24 * 30])
    def test_a_call_amended_as_of_instants_after_the_record_replays_as_it_stood(
            self, name: str, hours: list[int]) -> None:
        """Each record of a batch replayed without its batch against its call amended since
        as of instants after the record's ``now`` alone: the decision is worked out with the
        call as it stood at ``now``, said so ("The call as in force on …"), and it replays
        "same", as against the call it was decided with (att78 F4, rpl75: "cannot tell
        without its batch"); amended as of an instant at or before ``now`` (its value in
        force then is another), never "same" (the call may read the batch otherwise)."""
        was = callrules.Call.from_dict(_call_data())
        apps = _batch(HOSTS)
        then = callrules.evaluate_many(was, apps, now=NOW, progress=False)
        made = [callrules.decision_record(was, app, now=NOW, report=item.report)
                for app, item in zip(apps, then, strict=True)]
        call = callrules.Call.from_dict(_amended(name, hours))
        after = all(h > 0 for h in hours)
        for record in made:
            replayed = callrules.replay(record, call)
            said = [key for key, _ in replayed.words]
            if after:
                assert replayed.outcome == "same", (replayed.changes, hours)
                assert "in_force_on" in said
                assert any("as a check then reads it" in line for line in replayed.said("en"))
            else:
                assert replayed.outcome != "same", (replayed.changes, hours)
                assert "in_force_on" not in said  # (no cut reads as the record's call)

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(name=st.sampled_from(["cap", "deadline"]),
           hours=st.lists(st.integers(1, 2000), min_size=1, max_size=3))
    def test_the_call_as_in_force_is_said_only_where_it_was_amended_since(
            self, name: str, hours: list[int]) -> None:
        """A record whose own call already held amendments after its ``now``, replayed
        against that call retitled: the call as in force at ``now`` is never said (nothing
        was amended since: look76r F4, said of any call holding an amendment after ``now``,
        edited in any way); against that call amended once more after ``now``, it is."""
        data = _amended(name, hours)
        was = callrules.Call.from_dict(data)
        record = callrules.decision_record(was, _batch([0])[0], now=NOW, batch=[])
        retitled = callrules.Call.from_dict({**data, "title": {"fr": "Appel (corrigé)",
                                                                "en": "Call (corrected)"}})
        again = callrules.replay(record, retitled)
        assert again.outcome == "same"
        assert "in_force_on" not in [key for key, _ in again.words], again.changes
        later = callrules.Call.from_dict(_amended(name, [*hours, max(hours) + 24]))
        again = callrules.replay(record, later)
        assert again.outcome == "same", again.changes
        assert "in_force_on" in [key for key, _ in again.words]

    def test_the_cut_calls_are_digested_once_a_call_never_once_a_record(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The records of a batch replayed without it against their call amended since as
        of instants after their ``now``: each record after the first works out as many
        digests whether the call was amended once or eight times (look76r F2: the call
        digested again for each amendment after ``now``, on every record, 6.3 → 26.2 ms a
        record for a call amended 12 times)."""
        was = callrules.Call.from_dict(_call_data())
        apps = _batch(HOSTS)
        then = callrules.evaluate_many(was, apps, now=NOW, progress=False)
        made = [callrules.decision_record(was, app, now=NOW, report=item.report)
                for app, item in zip(apps, then, strict=True)]
        counted = [0]
        digest = _record.digest

        def counting(value: Any) -> str:
            counted[0] += 1
            return digest(value)

        monkeypatch.setattr(_record, "digest", counting)
        each = []
        for amendments in (1, 8):
            call = callrules.Call.from_dict(_amended("cap", [24 * n for n in range(
                1, amendments + 1)]))
            assert callrules.replay(made[0], call).outcome == "same"
            counted[0] = 0
            assert [callrules.replay(record, call).outcome
                    for record in made[1:]] == ["same"] * (len(made) - 1)
            each.append(counted[0])
        assert each[0] == each[1], each
