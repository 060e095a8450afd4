"""Batches on Dask give exactly what ``evaluate_many`` gives on one machine."""

from __future__ import annotations

import copy
import copyreg
import importlib.util
import io
import json
import math
import os
import pickle
import sys
import tempfile
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any, cast

import cloudpickle  # type: ignore[import-untyped]
import dask
import dask.bag as db
import pytest
from distributed import Client, LocalCluster
from hypothesis import example, given
from hypothesis import strategies as st
from tblib import pickling_support as tblib_support  # type: ignore[import-untyped]

import callrules
from callrules import ArgumentError, BatchItem, InputError, evaluate_many
from callrules.distributed import evaluate_dask
from tests.conftest import ROOT, eligible_batch, eligible_dict
from tests.generated import batch, json_lines
from tests.laws import settings
from tests.test_copies import PLATFORM_CALL
from tests.test_definitions import minimal_call
from tests.test_nothing_lost import set_limit

NOW = callrules.parse_instant("2026-06-02T09:00:00+02:00")


def sharing_hosts(count: int, per_host: int) -> list[dict[str, Any]]:
    """``count`` eligible records ``P0``, ``P1``…, each host's e-mail address given to
    ``per_host`` records in a row (one-per-host findings across partitions)."""
    return eligible_batch((f"P{number}" for number in range(count)), per_host)


def assert_same(got: Sequence[BatchItem], expected: Sequence[BatchItem]) -> None:
    """Item by item: same index, same report (every finding, in order), same input problems."""
    assert len(got) == len(expected)
    for mine, theirs in zip(got, expected, strict=True):
        assert (mine.index, mine.source, mine.report) == (theirs.index, theirs.source,
                                                          theirs.report)
        if theirs.error is not None:
            assert mine.error is not None
            assert (mine.error.problems, str(mine.error)) == (theirs.error.problems,
                                                              str(theirs.error))
        assert mine.to_dict("fr") == theirs.to_dict("fr")


#: The bundled call's cap as a history: 3,100 € until an amendment raises it to 3,500 €.
AMENDED_CAP = ('cap = { history = [ { from = 2026-04-21T00:00:00, value = { amount = "3100.00", '
               'currency = "EUR" } }, { from = 2026-05-15T12:00:00, value = { amount = '
               '"3500.00", currency = "EUR" }, label = "amendment 1" } ] }')


@pytest.fixture(scope="module")
def amended(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled call, of another id, whose cap is amended on 15 May."""
    source = (ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8")
    changed = source.replace('cap = { amount = "3100.00", currency = "EUR" }', AMENDED_CAP, 1
                             ).replace('id = "cnrs-amsud-2026"', 'id = "amended"')
    assert changed.count("amendment 1") == 1 and 'id = "amended"' in changed
    path = tmp_path_factory.mktemp("amended") / "amended.toml"
    path.write_text(changed, "utf-8")
    return path


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      memory_limit="768MiB", dashboard_address=":0") as cluster, \
            Client(cluster) as dask_client:
        yield dask_client


class _CallersMapping(Mapping[str, Any]):
    """A record of the caller's own mapping class, reading its ``data``."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


class TestOnACluster:
    def test_a_generated_batch_gives_what_evaluate_many_gives(
            self, client: Client, call: callrules.Call) -> None:
        """On two worker processes, 600 records split in 7 partitions: same results."""
        records = batch(600)
        expected = evaluate_many(call, records, now=NOW)
        got = evaluate_dask(call, db.from_sequence(records, npartitions=7), now=NOW).compute()
        assert_same(got, expected)
        assert sum(f.code == "duplicate" for r in expected.reports for f in r.findings) > 50

    def test_json_lines_files_give_what_evaluate_many_gives(
            self, client: Client, tmp_path: Path) -> None:
        """An archive of JSON Lines files, read by the workers (each record labelled with
        its file and line), checked by call id."""
        records = batch(300, seed=7)
        for number in range(3):
            (tmp_path / f"part-{number}.jsonl").write_text(
                json_lines(records[number * 100:(number + 1) * 100]) + "\n", "utf-8")
        expected = evaluate_many(callrules.calls.load("cnrs-amsud-2026"), callrules.records(
            *sorted(tmp_path.glob("part-*.jsonl"))), now=NOW)
        got = evaluate_dask("cnrs-amsud-2026", str(tmp_path / "part-*.jsonl"),
                            now=NOW).compute()
        assert_same(got, expected)

    def test_standard_input_and_this_process_s_descriptors_are_read_by_the_client(
            self, client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
        """``-`` (standard input) and ``/dev/fd/N`` (a pipe of this process) name what no
        worker can open (its own descriptor: nothing, another file, or the pipe of its pool,
        which broke the pool of Dask's ``processes`` scheduler): the client reads them,
        every record in order, as :func:`callrules.records` does. Before, ``-`` was refused
        and ``/dev/fd/N`` read by a worker: 0 of 40 records."""
        records = batch(40, seed=3)

        def given_again() -> int:  # (standard input and a pipe, each holding its records)
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(
                json_lines(records[:30]).encode()), "utf-8"))
            read, write = os.pipe()
            os.write(write, json_lines(records[30:]).encode())
            os.close(write)
            return read

        names = ["-", f"/dev/fd/{(read := given_again())}"]
        try:
            expected = evaluate_many(callrules.calls.load("cnrs-amsud-2026"),
                                     callrules.records(*names), now=NOW)
        finally:
            os.close(read)
        first = read
        names = ["-", f"/dev/fd/{(read := given_again())}"]
        try:
            got = evaluate_dask("cnrs-amsud-2026", names, now=NOW).compute()
        finally:
            os.close(read)
        assert len(expected) == 40
        # (the pipe's number may differ between the two runs: the cluster's own connections
        # open descriptors of this process at any time; each run names its own pipe)
        assert [item.source for item in got[30:]] == [f"/dev/fd/{read}:{n}" for n in
                                                      range(1, 11)]
        def named_first(item: BatchItem) -> BatchItem:  # (its pipe named as the first run's)
            def renamed(where: str | None) -> str | None:
                return None if where is None else where.replace(f"/dev/fd/{read}:",
                                                                 f"/dev/fd/{first}:")
            error = None if item.error is None else InputError(
                item.error.problems, source=renamed(item.error.source))
            return replace(item, source=renamed(item.source), error=error)

        assert_same([named_first(item) for item in got], expected)

    def test_a_call_reading_the_platform_s_values_judges_with_them_on_the_workers(
            self, client: Client, tmp_path: Path, registries: None) -> None:
        """A call file that reads a named set and a shared vocabulary registered here, not in
        the worker processes: sent with the values it was loaded with, it judges there as
        here (attacker 38b: a worker loaded its file again, and failed for want of them)."""
        vocabulary = {"engineer": {"en": "Engineer", "fr": "Ingénieur"},
                      "technician": {"en": "Technician", "fr": "Technicien"}}
        callrules.calls.register_set("partners", ["BR"])
        callrules.calls.register_vocabulary("staff", vocabulary)
        path = tmp_path / "platform-values.json"
        path.write_text(json.dumps(PLATFORM_CALL), "utf-8")
        call = callrules.Call.from_file(path)
        records = []
        for number, country in enumerate(("BR", "CL", "AR", "BR")):
            record = json.loads((ROOT / "examples" / "eligible.json").read_text("utf-8"))
            record.pop("call")
            record["id"] = f"APP-{number}"
            for visitor in record["visitors"]:
                visitor["institution"]["location"] = {"country": country}
                visitor["category"] = "engineer"
            records.append(record)
        expected = evaluate_many(call, records, now=NOW)
        assert [r.eligible for r in expected.reports] == [True, False, False, True]
        got = evaluate_dask(call, records, npartitions=2, now=NOW).compute()
        assert_same(got, expected)

    def test_a_worker_running_another_callrules_refuses_the_batch(
            self, client: Client, call: callrules.Call, tmp_path: Path) -> None:
        """A worker process whose library is not the client's (its code, then the time-zone
        database of the call's zone, then only its catalogs of words: forced here in that
        process) reads, judges and puts together nothing: the batch is refused before
        anything is sent (every worker asked, as one older than the tasks' check must be:
        it could not read them, left the cluster, and the client waited for ever, look71d),
        and by the tasks themselves where that was not asked (a worker joining later), a
        typed error in words naming the worker and both libraries, by a call sent by its id
        as by a call sent whole; the worker given back its own library judges as
        evaluate_many. Before (att71): judged by the other code, 17 of 40 verdicts
        changed, nothing said. A platform's catalogs registered on that worker alone are
        other words too, asked and checked alike (before: not in the check)."""
        platform_catalog(tmp_path)
        address = sorted(client.scheduler_info()["workers"])[0]
        named = f"{client.scheduler_info()['workers'][address]['name']} ({address})"
        here = callrules._library.identity()
        release = callrules._zone_database.zone_database(call.timezone) or "—"

        def forced(identity: str | None, words: str | None, zones: str | None,
                   catalogs: str | None = None) -> None:
            import callrules.distributed as distributed  # (in the worker)
            from callrules import _i18n

            if catalogs is not None:
                callrules.register_catalogs(catalogs)
            elif _i18n._EXTRA_DIRS:  # (put back: none registered)
                _i18n._EXTRA_DIRS.clear()
                _i18n._EXTRA_CATALOGS.clear()
                _i18n.words_changed()

            unforced = vars(distributed).setdefault("_unforced", {  # (the first time)
                "identity": callrules._library.identity, "code_digest": distributed.code_digest,
                "zone_database": distributed.zone_database})
            for module, name, value in (
                    (distributed, "identity", identity), (callrules._library, "identity",
                                                          identity),
                    (distributed, "code_digest", words),
                    (distributed, "zone_database", zones)):
                setattr(module, name, unforced[name] if value is None
                        else (lambda *_, value=value, **__: value))
            for name in ("_library", "_words", "_same_library"):  # (worked out again)
                getattr(getattr(distributed, name, None), "cache_clear", lambda: None)()

        records = batch(12, 3)
        expected = evaluate_many(call, records, now=NOW)
        try:
            for forcing, code, said in (
                    (("0.1.0+0000000000000000", None, None), "worker_library_differs",
                     "et non " + here),
                    ((None, None, "1999z"), "worker_zones_differ",
                     f"(version 1999z, et non {release})"),
                    ((None, "1111111111111111", None), "worker_words_differ",
                     "autres catalogues de textes (1111111111111111"),
                    ((None, None, None, str(tmp_path)), "worker_words_differ",
                     "Enregistrez les mêmes catalogues sur chaque nœud")):
                client.run(forced, *forcing, workers=[address])
                with pytest.raises(ArgumentError) as before:  # (asked before it is sent)
                    evaluate_dask("cnrs-amsud-2026", records, now=NOW, npartitions=3)
                for sent in ("cnrs-amsud-2026", call):
                    with dask.config.set(scheduler="sync"):  # (not asked: a worker joining)
                        bag = evaluate_dask(sent, records, now=NOW, npartitions=3)
                    with pytest.raises(ArgumentError) as refused:
                        bag.compute(workers=[address])
                    for error in (before.value, refused.value):
                        assert error.code == code
                        fr = error.message_in("fr")
                        assert f"«\u202f{named}\u202f»" in fr and said in fr
        finally:
            client.run(forced, None, None, None, workers=[address])
        assert_same(evaluate_dask(call, records, now=NOW, npartitions=3).compute(
            workers=[address]), expected)


def _shown(item: BatchItem) -> tuple[str, str, tuple[str, ...]]:
    """What a record says with no language named, where it is shown (a worker): as text,
    its report (or first problem) as HTML or a message, and each finding alone."""
    second = item.report.html() if item.report is not None else str(item.error)
    alone = tuple(f.message() for f in item.report.findings) if item.report else ()
    return item.render(), second, alone


def _as_a_worker(item: BatchItem) -> tuple[str, str, tuple[str, ...]]:
    """:func:`_shown` in a process that has chosen no language and has none set in its
    environment: a worker of a cluster (the synchronous scheduler runs in the caller's)."""
    before, setting = callrules._i18n.chosen_language(), os.environ.pop("CALLRULES_LANG", None)
    callrules.set_language(None)
    try:
        return _shown(item)
    finally:
        callrules.set_language(before)
        if setting is not None:
            os.environ["CALLRULES_LANG"] = setting


class TestTheCallersLanguage:
    """att62: records shown on a worker (``bag.map(lambda item: item.render())``) spoke the
    worker's default, English, whatever the caller chose: 50 of 50."""

    RECORDS = (*batch(12, seed=3), "{not json")

    def test_on_worker_processes_records_speak_the_caller_s_language(
            self, client: Client, call: callrules.Call) -> None:
        """``set_language("fr")`` in the caller: every record shown on the workers of a
        cluster says what it says here, in French."""
        try:
            callrules.set_language("fr")
            here = [_shown(item) for item in evaluate_many(call, self.RECORDS, now=NOW)]
            there = evaluate_dask(call, self.RECORDS, now=NOW, npartitions=2).map(
                _shown).compute()
        finally:
            callrules.set_language(None)
        assert there == here and "Candidature" in here[0][0]
        assert any(alone for _, _, alone in here)

    @pytest.mark.parametrize("lang", ["es", "pt"])
    def test_with_the_synchronous_scheduler_too(self, call: callrules.Call,
                                                lang: str) -> None:
        """The language travels with the records, not with the process: shown as a worker
        would show them (no language chosen there), they still speak the caller's."""
        try:
            callrules.set_language(lang)
            here = [_shown(item) for item in evaluate_many(call, self.RECORDS, now=NOW)]
            there = evaluate_dask(call, self.RECORDS, now=NOW, npartitions=3).map(
                _as_a_worker).compute(scheduler="sync")
        finally:
            callrules.set_language(None)
        assert there == here
        assert [item.render() for item in evaluate_many(call, self.RECORDS, now=NOW)] != [
            text for text, _, _ in here]  # (the session's English now: the records said another)
        # each finding shown alone too (before: the worker's English, lang62's "left")
        english = [f.message() for item in evaluate_many(call, self.RECORDS, now=NOW)
                   if item.report for f in item.report.findings]
        alone = [message for _, _, messages in here for message in messages]
        assert alone and english != alone


class TestTheLaw:
    @settings(max_examples=15)
    @given(n=st.integers(0, 60), seed=st.integers(0, 10_000), parts=st.integers(1, 6))
    def test_any_batch_in_any_partitions_gives_what_evaluate_many_gives(
            self, call: callrules.Call, n: int, seed: int, parts: int) -> None:
        """Whatever the batch and its partitioning, the results are those of one batch."""
        records = batch(n, seed)
        expected = evaluate_many(call, records, now=NOW)
        got = evaluate_dask(call, records, now=NOW, npartitions=parts).compute(
            scheduler="sync")
        assert_same(got, expected)

    @settings(max_examples=12, deadline=None)
    @given(rules=st.lists(st.tuples(
        st.sampled_from(["host.person.email", "visitors.person.email"]), st.booleans(),
        st.sampled_from(["error", "warning"]), st.sampled_from(["eligibility", "second"]),
        st.sampled_from(["submitted_at", None])), max_size=3),
        n=st.integers(2, 24), seed=st.integers(0, 10_000), parts=st.integers(1, 4))
    @example(rules=[("visitors.person.email", False, "error", "eligibility", None)] * 2,
             n=4, seed=1, parts=2)
    def test_any_call_s_batch_rules_give_what_evaluate_many_gives(
            self, tmp_path_factory: pytest.TempPathFactory,
            rules: list[tuple[str, bool, str, str, str | None]], n: int, seed: int,
            parts: int) -> None:
        """For a call of 0 to 3 ``unique`` rules (on the host's e-mail or each visitor's,
        in the same case or any, of either severity, in one clause or two, ordered by
        submission or by place), a batch with duplicates gives on Dask what it gives in
        one batch. Before: two rules of one clause on one field doubled their findings on
        Dask (232 of 680 records of 85 calls). Each call is written to one file, rewritten
        in place: before, the first call read there judged every batch after it."""
        data = minimal_call()
        data["clauses"].append({"id": "second", "title": {"fr": "Second", "en": "Second"},
                                "text": {"fr": "Le texte.", "en": "The text."}})
        data["rules"] += [{"clause": clause, "severity": severity, "check": {
            "op": "unique", "path": path, "case_insensitive": loose,
            **({"order_by": order} if order else {})}}
            for path, loose, severity, clause, order in rules]
        file = tmp_path_factory.getbasetemp() / "rewritten-call.json"  # (sent by its path)
        file.write_text(json.dumps(data, default=str), "utf-8")
        call = callrules.Call.from_file(file)
        records = batch(n, seed)
        got = evaluate_dask(call, records, now=NOW, npartitions=parts).compute(
            scheduler="sync")
        assert_same(got, evaluate_many(call, records, now=NOW))

    def test_a_call_from_a_file_is_sent_by_its_path(self, tmp_path: Path) -> None:
        """A call loaded from a file outside the registry reaches the workers by its path."""
        source = (ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8")
        path = tmp_path / "copy.toml"
        path.write_text(source.replace('id = "cnrs-amsud-2026"', 'id = "copy"'), "utf-8")
        call = callrules.Call.from_file(path)
        records = [json.dumps(r) if not isinstance(r, str) else r for r in batch(40, 3)]
        got = evaluate_dask(call, records, npartitions=3).compute(scheduler="sync")
        assert_same(got, evaluate_many(call, records))

    def test_a_call_file_rewritten_while_its_batch_runs_is_refused(self,
                                                                   tmp_path: Path) -> None:
        """A call whose file is rewritten after it was loaded is sent whole, judged by its
        own rules as evaluate_many judges; rewritten after the batch was built, the workers,
        reading the file, refuse it (a typed error in words) rather than judge the batch by
        the rules it holds now; written back, the call read again is judged by its own.
        Before (look63r): no finding of two, and the call written back judged by the rules
        of the other."""
        from callrules.distributed import _named

        path = tmp_path / "call.json"
        data = minimal_call()
        kept = json.dumps(data, default=str)
        data["rules"].append({"clause": "eligibility",
                              "check": {"op": "unique", "path": "visitors.person.email"}})
        path.write_text(json.dumps(data, default=str), "utf-8")
        sent = callrules.Call.from_file(path)
        records = []
        for number in range(2):
            record = eligible_dict()
            record["id"] = f"P{number}"
            records.append(record)
        built = evaluate_dask(sent, records, now=NOW)
        path.write_text(kept, "utf-8")
        _named.cache_clear()  # (a worker that had not read the file yet)
        with pytest.raises(ArgumentError) as refused:
            built.compute(scheduler="sync")
        assert refused.value.code == "call_file_changed"
        assert "fichier de l’appel a été modifié" in refused.value.message_in("fr")
        got = evaluate_dask(sent, records, now=NOW).compute(scheduler="sync")
        assert_same(got, evaluate_many(sent, records, now=NOW))
        assert any(item.report.findings for item in got if item.report)
        path.write_text(json.dumps(data, default=str), "utf-8")
        again = callrules.Call.from_file(path)
        got = evaluate_dask(again, records, now=NOW).compute(scheduler="sync")
        assert_same(got, evaluate_many(again, records, now=NOW))
        assert any(item.report.findings for item in got if item.report)

    @pytest.mark.parametrize("warm", [False, True], ids=["fresh worker", "worker that read it"])
    @pytest.mark.parametrize("change", ["removed", "a folder", "not UTF-8", "emptied",
                                        "not a call", "another call", "respaced",
                                        "same size and time"])
    def test_a_call_file_changed_in_any_way_after_scheduling_is_call_file_changed(
            self, tmp_path: Path, change: str, warm: bool) -> None:
        """Whatever becomes of a call file sent by its path once the batch is built (removed,
        a folder in its place, bytes that are not UTF-8, emptied, text that is no call,
        another call, the same call written with other spacing), every worker refuses the
        batch with ``call_file_changed``, naming the file as the caller gave it: the bytes
        are compared before anything is read from them. A worker that loaded the call
        before refuses it as a fresh one does. Before (att82, F3): 5 of these 7 raised an
        error about the new file (``unreadable``, ``not_utf8``, ``missing``, ``syntax``),
        and a worker that had loaded the call judged by it while a fresh one refused; then
        (look75k) another call of the same size, its time of change put back, was judged by
        a worker that had read the file before."""
        from callrules.distributed import _named

        path = tmp_path / "call.json"
        data = minimal_call()
        path.write_text(json.dumps(data, default=str), "utf-8")
        os.utime(path, ns=(0, 10**18))  # (a file written long ago: its stamp is trusted)
        sent = callrules.Call.from_file(path)
        records = [eligible_dict() for _ in range(2)]
        built = evaluate_dask(sent, records, now=NOW, npartitions=2)
        _named.cache_clear()
        if warm:
            assert_same(built.compute(scheduler="sync"), evaluate_many(sent, records, now=NOW))
        if change in ("removed", "a folder"):
            path.unlink()
            if change == "a folder":
                path.mkdir()
        else:
            other = dict(data, title={language: "Other" for language in data["title"]})
            path.write_bytes({"not UTF-8": b"{\xff\xfe}", "emptied": b"",
                              "not a call": b"[1, 2]",
                              "another call": json.dumps(other, default=str).encode(),
                              "respaced": json.dumps(data, default=str, indent=2).encode(),
                              "same size and time": json.dumps(dict(data, title={
                                  language: "X" + text[1:] for language, text
                                  in data["title"].items()}), default=str).encode(),
                              }[change])
            if change == "same size and time":
                os.utime(path, ns=(0, 10**18))
        try:
            with pytest.raises(ArgumentError) as refused:
                built.compute(scheduler="sync")
        finally:
            _named.cache_clear()
        assert refused.value.code == "call_file_changed"
        assert str(path) in str(refused.value)
        assert "fichier de l’appel a été modifié" in refused.value.message_in("fr")

    def test_a_worker_with_another_call_registered_under_its_id_refuses_it(
            self, amended: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A call sent by its id carries the fingerprint of the client's: a worker whose
        registry gives another call under that id (another version of it) refuses it, a
        typed error in words, rather than judge by it. Before: judged by the worker's."""
        import callrules.distributed as distributed

        records = [eligible_dict() for _ in range(2)]
        built = evaluate_dask("cnrs-amsud-2026", records, now=NOW, npartitions=2)
        other = callrules.Call.from_file(amended)
        monkeypatch.setattr(distributed.calls, "load", lambda name: other)
        distributed._named.cache_clear()  # (a worker of its own registry)
        try:
            with pytest.raises(ArgumentError) as refused:
                built.compute(scheduler="sync")
        finally:
            distributed._named.cache_clear()
        assert refused.value.code == "call_registered_differs"
        assert "autre version de l’appel" in refused.value.message_in("fr")

    def test_a_report_s_call_says_the_source_it_was_given(self, tmp_path: Path) -> None:
        """A copy of a registered call at another path, or its text, is judged on the
        workers as the registered call and read back saying its own source, as
        evaluate_many's. Before (look65k): the registered call's file, 80 of 80."""
        text = (ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8")
        (tmp_path / "copy.toml").write_text(text, "utf-8")
        records = batch(12, 3)
        for call in (callrules.Call.from_file(tmp_path / "copy.toml"),
                     callrules.Call.from_text(text)):
            got = evaluate_dask(call, records, now=NOW, npartitions=3).compute(
                scheduler="sync")
            assert_same(got, evaluate_many(call, records, now=NOW))
            assert {item.report.call.source for item in got if item.report} == {call.source}

    def test_records_sharing_keys_are_judged_about_a_partition_s_share_a_task(
            self, call: callrules.Call, monkeypatch: pytest.MonkeyPatch) -> None:
        """Every record sharing its host with another, 320 in 32 partitions: no task
        judges more than a few partitions' share of them, nor takes the findings of more
        (before: eight tasks, the largest an eighth of the batch or more, and every
        partition given every finding); the results are evaluate_many's."""
        import callrules.distributed as distributed

        records = sharing_hosts(320, 2)
        judged: list[int] = []
        given: list[int] = []
        judge, assemble = distributed._judge, distributed._assemble

        def counted_judge(*arguments: Any) -> Any:
            judged.append(sum(len(piece) for piece in arguments[5:]))
            return judge(*arguments)

        def counted_assemble(*arguments: Any) -> Any:
            given.append(sum(len(piece) for piece in arguments[5:]))
            return assemble(*arguments)

        monkeypatch.setattr(distributed, "_judge", counted_judge)
        monkeypatch.setattr(distributed, "_assemble", counted_assemble)
        got = evaluate_dask(call, records, now=NOW, npartitions=32).compute(scheduler="sync")
        assert_same(got, evaluate_many(call, records, now=NOW))
        assert sum(judged) >= 320 and len(given) == 32
        assert max(judged) <= 3 * 10 < 320 / 8 and max(given) <= 10

    def test_the_graph_grows_by_a_few_tasks_a_partition(self, call: callrules.Call) -> None:
        """Records sharing keys in many small partitions: the graph has at most 20 tasks a
        partition (the shuffle's buckets each a group of partitions beyond 64), and the
        results are evaluate_many's. Before (att82, F10): 62 tasks a partition (2,000
        partitions: 124,289 tasks, 63 s where evaluate_many took 2.6 s)."""
        records = sharing_hosts(600, 3)
        bag = evaluate_dask(call, records, now=NOW, npartitions=600)
        assert bag.npartitions == 600
        assert len(dict(bag.__dask_graph__())) <= 20 * 600
        assert_same(bag.compute(scheduler="sync"), evaluate_many(call, records, now=NOW))

    def test_records_in_memory_are_not_read_to_name_the_bag(self, call: callrules.Call
                                                           ) -> None:
        """Building the Bag of records in memory reads none of them (Dask's
        ``from_sequence`` named its Bag by a digest of every record: 20,000 records took
        70 s before anything ran, att82 F10); computing it judges each."""
        read: list[int] = []

        class Record(_CallersMapping):
            def __dask_tokenize__(self) -> object:
                read.append(1)
                return sorted(self.data)

        records = [Record({**eligible_dict(), "id": f"P{number}"}) for number in range(50)]
        bag = evaluate_dask(call, records, now=NOW, npartitions=5)
        assert read == []
        assert_same(bag.compute(scheduler="sync"), evaluate_many(call, records, now=NOW))

    @settings(max_examples=10, deadline=None)
    @given(made=st.sampled_from(["file", "text", "constructor"]),
           day=st.integers(-10, 40), n=st.integers(1, 24), seed=st.integers(0, 10_000),
           parts=st.integers(1, 4))
    @example(made="file", day=10, n=24, seed=0, parts=3)
    def test_any_version_of_a_call_however_made_gives_what_evaluate_many_gives(
            self, amended: Path, made: str, day: int, n: int, seed: int, parts: int
            ) -> None:
        """A call as it stood at an instant (``call.at``), read from a file, built in
        memory from its text or by the constructor's ``as_of``, judges on Dask as
        evaluate_many judges with it and no ``now``: by the version in force then. Before
        (att67): the workers loaded the file's latest version, 300 of 300 items differed
        and 83 verdicts flipped (cap 3,500 € where 3,100 € was in force); a call built
        in memory was refused."""
        instant = callrules.parse_instant("2026-05-05T12:00:00+02:00") + timedelta(days=day)
        if made == "file":
            call = callrules.Call.from_file(amended).at(instant)
        elif made == "text":
            call = callrules.Call.from_text(amended.read_text("utf-8")).at(instant)
        else:
            definition = callrules.Call.from_file(amended).definition
            call = callrules.Call(definition, source="<built>", as_of=instant)
        records = batch(n, seed)
        got = evaluate_dask(call, records, npartitions=parts).compute(scheduler="sync")
        assert_same(got, evaluate_many(call, records))

    def test_an_empty_collection_gives_nothing(self, call: callrules.Call) -> None:
        """No records, no results (and no error)."""
        assert evaluate_dask(call, [], now=NOW).compute(scheduler="sync") == []

    def test_a_call_without_batch_rules_needs_no_shuffle(self, tmp_path: Path) -> None:
        """Without ``unique`` rules, each partition's results stand as they are."""
        source = (ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8")
        kept = source.replace('[[rules]]\nclause = "one-per-host"\ncheck = { op = "unique", '
                              'path = "host.person.email", case_insensitive = true, '
                              'order_by = "submitted_at" }\n', "")
        assert kept != source
        path = tmp_path / "no-unique.toml"
        path.write_text(kept.replace('id = "cnrs-amsud-2026"', 'id = "no-unique"'), "utf-8")
        call = callrules.Call.from_file(path)
        records: list[Any] = batch(30, 5)
        got = evaluate_dask(call, records, npartitions=2).compute(scheduler="sync")
        assert_same(got, evaluate_many(call, records))


#: A record bound small enough for a test to go over it (the library's is 8 MiB).
BOUND = 4096


def written(kind: str, records: list[dict[str, Any] | str], folder: Path, number: int
            ) -> Path:
    """A file (or folder, or path to nothing) of ``records`` damaged the way ``kind`` says."""
    path = folder / f"{number}-{kind}.jsonl"
    text = json_lines(records)
    objects = [r for r in records if isinstance(r, dict)]
    if kind == "plain":
        path.write_text(text, "utf-8")
    elif kind == "not_utf8":  # one byte of Latin-1 in the first record
        path.write_bytes(text.encode("utf-8").replace(b'"', b'"\xe9', 1))
    elif kind == "utf16":
        path.write_bytes(text.encode("utf-16"))
    elif kind in ("pretty", "array"):
        path = path.with_suffix(".json")
        path.write_text(json.dumps(objects, indent=2 if kind == "pretty" else None), "utf-8")
    elif kind == "commas":  # lines ending in a comma, as when an array's brackets are cut
        path.write_text(",\n".join(text.splitlines()) + "\n", "utf-8")
    elif kind == "ctrl_z":
        path.write_bytes(text.encode("utf-8") + b"\x1a")
    elif kind == "over":  # a record over the bound between the others
        big = json.dumps({"id": "big", "note": "x" * 2 * BOUND})
        lines = text.splitlines()
        path.write_text("\n".join([*lines[:1], big, *lines[1:]]) + "\n", "utf-8")
    elif kind == "folder":  # its files read, in order of their names
        path = folder / f"{number}-folder"
        path.mkdir()
        (path / "a.jsonl").write_text(text, "utf-8")
        (path / "b.json").write_text(json.dumps(objects, indent=1), "utf-8")
    # "missing": nothing there
    return path


KINDS = ("plain", "not_utf8", "utf16", "pretty", "array", "commas", "ctrl_z", "over",
         "missing", "folder")


class TestFilesAreReadAsTheLibraryReadsThem:
    @settings(max_examples=15)
    @given(files=st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 4),
                                    st.integers(0, 10_000)), min_size=1, max_size=5),
           again=st.booleans(), parts=st.none() | st.integers(1, 4))
    def test_damaged_files_give_what_check_gives(
            self, call: callrules.Call, tmp_path_factory: pytest.TempPathFactory,
            files: list[tuple[str, int, int]], again: bool, parts: int | None) -> None:
        """Whatever files of whatever damage, a file given twice, a folder or a path to
        nothing: Dask gives the records ``callrules.records`` reads, one result each, with
        the same labels, problems and verdicts as ``evaluate_many`` (so as ``check``)."""
        folder = tmp_path_factory.mktemp("files")
        with pytest.MonkeyPatch.context() as patch:
            set_limit(patch, "MAX_RECORD_BYTES", BOUND)
            paths = [written(kind, batch(n, seed), folder, number)
                     for number, (kind, n, seed) in enumerate(files)]
            paths += paths[:1] if again else []
            read = list(callrules.records(*paths))
            expected = evaluate_many(call, read, now=NOW)
            got = evaluate_dask(call, [str(p) for p in paths], now=NOW,
                                npartitions=parts).compute(scheduler="sync")
            assert len(got) == len(read)
            assert_same(got, expected)

    def test_a_glob_pattern_reads_every_file_it_matches(self, call: callrules.Call,
                                                        tmp_path: Path) -> None:
        """A pattern is its files, in order of their names; one that matches nothing is one
        record that cannot be read, not an error that loses the batch."""
        for number, kind in enumerate(("plain", "utf16", "not_utf8")):
            written(kind, batch(3, number), tmp_path, number)
        files = sorted(tmp_path.glob("*.jsonl"))
        got = evaluate_dask(call, [str(tmp_path / "*.jsonl"), str(tmp_path / "none-*.jsonl")],
                            now=NOW).compute(scheduler="sync")
        expected = evaluate_many(call, callrules.records(*files, tmp_path / "none-*.jsonl"),
                                 now=NOW)
        assert_same(got, expected)
        assert got[-1].error is not None and got[-1].error.problems[0].type == "unreadable"

    def test_files_of_another_file_system_are_read_the_same(
            self, call: callrules.Call, tmp_path: Path) -> None:
        """Files that fsspec reads (here its memory file system, as s3:// would be) give the
        same records, problems and verdicts as the same bytes in a local file."""
        import fsspec

        local = [written(kind, batch(3, number), tmp_path, number)
                 for number, kind in enumerate(("plain", "utf16", "pretty", "over"))]
        memory = fsspec.filesystem("memory")
        for path in local:
            memory.pipe(f"/{tmp_path.name}/{path.name}", path.read_bytes())
        try:
            got = evaluate_dask(call, f"memory://{tmp_path.name}/*", now=NOW).compute(
                scheduler="sync")
        finally:
            memory.rm(f"/{tmp_path.name}", recursive=True)
        expected = evaluate_many(call, callrules.records(*local), now=NOW)
        assert [told(item) for item in got] == [told(item) for item in expected]

    def test_a_remote_path_to_nothing_is_one_record_that_cannot_be_read(
            self, call: callrules.Call, tmp_path: Path) -> None:
        """A file or a pattern of another file system that names nothing is one result that
        cannot be read, the files beside it read all the same."""
        local = written("plain", batch(2), tmp_path, 0)
        got = evaluate_dask(call, ["memory://none/x.jsonl", "memory://none/*.jsonl",
                                   str(local)], now=NOW).compute(scheduler="sync")
        assert [told(item)[1:] for item in got] == [
            ("x.jsonl", ["unreadable"]), ("*.jsonl", ["unreadable"]),
            *(told(item)[1:] for item in evaluate_many(call, callrules.records(local),
                                                      now=NOW))]


#: Files a folder may hold beside its batches, each read (or not) as ``records`` reads a
#: local folder: hidden, of another name, empty, blank, a sub-folder's.
EXTRAS = ("hidden", "other_name", "empty", "blank", "sub_folder", "upper", "csv",
          "sub_folder_named")


def extra(kind: str, folder: Path, number: int) -> None:
    record = json.dumps(batch(1, number)[0])
    if kind == "hidden":
        (folder / f".{number}-hidden.json").write_text(record, "utf-8")
    elif kind == "other_name":
        (folder / f"{number}-other.json.txt").write_text(record, "utf-8")
    elif kind == "empty":
        (folder / f"{number}-empty.jsonl").write_bytes(b"")
    elif kind == "blank":
        (folder / f"{number}-blank.json").write_bytes(b"\xef\xbb\xbf \n\n")
    elif kind == "sub_folder":
        (folder / f"{number}-sub").mkdir(exist_ok=True)
        (folder / f"{number}-sub" / "a.jsonl").write_text(record, "utf-8")
    elif kind == "sub_folder_named":  # a sub-folder named as a file of records
        (folder / f"{number}-d.json").mkdir(exist_ok=True)
        (folder / f"{number}-d.json" / "a.jsonl").write_text(record, "utf-8")
    elif kind == "upper":
        (folder / f"{number}-UPPER.JSONL").write_text(record + "\n" + record, "utf-8")
    else:
        (folder / f"{number}-rows.csv").write_text("id,note\nA-1,x\nA-2,y\n", "utf-8")


def copied(local: Path, root: str) -> None:
    """Every file under ``local`` copied under ``root`` of fsspec's memory file system."""
    import fsspec

    memory = fsspec.filesystem("memory")
    for path in sorted(local.rglob("*")):
        if path.is_file():
            memory.pipe(f"{root}/{path.relative_to(local).as_posix()}", path.read_bytes())


class TestFoldersOfOtherFileSystems:
    @settings(max_examples=12)
    @given(files=st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 3),
                                    st.integers(0, 10_000)), max_size=4),
           extras=st.lists(st.sampled_from(EXTRAS), max_size=4),
           how=st.sampled_from(("slash", "bare", "glob", "twice")))
    @example(files=[], extras=["sub_folder_named"], how="slash")  # (left out silently)
    def test_a_folder_of_another_file_system_is_read_as_a_local_folder(
            self, call: callrules.Call, tmp_path_factory: pytest.TempPathFactory,
            files: list[tuple[str, int, int]], extras: list[str], how: str) -> None:
        """A folder of another file system (here fsspec's memory, as ``s3://bucket/prefix/``
        would be), named with or without its slash, by a glob or twice, gives what
        ``evaluate_many(records(folder))`` gives on the same files copied locally: the same
        files read in the same order (hidden ones, sub-folders and other names left out,
        an empty one said, a sub-folder named ``d.json`` said in its place), the same
        records, problems and verdicts, each once."""
        import fsspec

        folder = tmp_path_factory.mktemp("remote")
        with pytest.MonkeyPatch.context() as patch:
            set_limit(patch, "MAX_RECORD_BYTES", BOUND)
            for number, (kind, n, seed) in enumerate(files):
                written(kind, batch(n, seed), folder, number)
            for number, kind in enumerate(extras):
                extra(kind, folder, number)
            written("plain", batch(2), folder, 9)  # (an object store has no empty folder)
            root = f"/{folder.name}"
            copied(folder, root)
            try:
                named = {"slash": [f"memory://{root}/"], "bare": [f"memory://{root}"],
                         "glob": [f"memory://{root}/*"],
                         "twice": [f"memory://{root}/", f"memory://{root}"]}[how]
                got = evaluate_dask(call, named, now=NOW).compute(scheduler="sync")
            finally:
                fsspec.filesystem("memory").rm(root, recursive=True)
            local = [folder] if how != "glob" else sorted(
                p for p in folder.glob("*") if not p.name.startswith("."))
            expected = evaluate_many(call, callrules.records(*local), now=NOW)
        assert [told(item) for item in got] == [told(item) for item in expected]
        assert [item.source for item in got] == [
            None if item.source is None else item.source.replace(str(folder), f"memory://{root}")
            for item in expected]


def told(item: BatchItem) -> tuple[int, str, Any]:
    """An item as a reader compares it across file systems: its place, its file's name and
    line, its verdict and findings, or its problems' codes."""
    where = Path(item.source or "").name
    if item.report is not None:
        return item.index, where, (item.report.eligible, [f.code for f in item.report.findings])
    assert item.error is not None
    return item.index, where, [problem.type for problem in item.error.problems]


class TestRecordsInMemory:
    @pytest.mark.parametrize("texts", [
        ["\ufeff" + json.dumps(batch(1)[0])], ["\u200b" + json.dumps(batch(1)[0])],
        ["[" + json.dumps(batch(1)[0]) + "]"], ["null", "1"], ["", " "], ["abc", "{"]],
        ids=["bom", "zero-width-space", "array", "json-values", "blank", "one-not-json"])
    def test_texts_are_records_as_evaluate_many_takes_them(
            self, call: callrules.Call, texts: list[str]) -> None:
        """JSON texts however they start (a BOM, a zero-width space, a bracket, a value that
        is no object) are records, judged as ``evaluate_many`` judges them."""
        got = evaluate_dask(call, texts, now=NOW).compute(scheduler="sync")
        assert_same(got, evaluate_many(call, texts, now=NOW))

    @pytest.mark.parametrize("binary", [False, True])
    def test_an_open_file_gives_its_records_as_evaluate_many_reads_it(
            self, call: callrules.Call, binary: bool) -> None:
        """A file open in Python (a pretty-printed application of 52 lines) is its records,
        read on the client as ``evaluate_many`` reads it: one result, never 52."""
        path = ROOT / "examples" / "eligible.json"
        with path.open("rb" if binary else "r") as file:
            got = evaluate_dask(call, file, now=NOW).compute(scheduler="sync")
        with path.open("rb" if binary else "r") as file:
            assert_same(got, evaluate_many(call, file, now=NOW))
        assert len(got) == 1

    @pytest.mark.parametrize("records", [
        batch(1)[0], json.dumps(batch(1)[0]), json.dumps(batch(1)[0]).encode(), None, 5,
        {"a": batch(1)[0]}], ids=["dict", "text", "bytes", "none", "number", "mapping"])
    def test_what_evaluate_many_refuses_is_refused(self, call: callrules.Call,
                                                   records: Any) -> None:
        """What is not a batch is refused as ``evaluate_many`` refuses it, before any work,
        never read as a batch of its keys, characters or bytes."""
        with pytest.raises(ArgumentError):
            evaluate_many(call, records, now=NOW)
        with pytest.raises(ArgumentError, match="records"):
            evaluate_dask(call, records, now=NOW)


class _RefusesPickling:
    """An object of the caller's that refuses to be pickled (its ``__reduce__`` raises)."""

    def __reduce__(self) -> Any:
        raise RuntimeError("this object stays in its process")


def _refuse_rebuilding() -> Any:
    raise RuntimeError("this object cannot be rebuilt here")


class _Unrebuildable:
    """An object of the caller's that pickles, but whose rebuild raises."""

    def __reduce__(self) -> Any:
        return (_refuse_rebuilding, ())


def _two_arguments() -> type[Exception]:
    """An exception class of the caller's whose ``__init__`` takes other arguments than it
    keeps: a rebuild of it by its class raises, and tblib's reducer, which Dask installs for
    every exception class there is when it is first used (as it was for this one in a
    caller's script run), sends it without calling its ``__init__``. Made in a function, it
    is sent by value, as a class of the caller's script is: a worker makes it as it reads
    it, with no reducer of tblib's for it there."""

    class TwoArguments(Exception):
        def __init__(self, a: str, b: str) -> None:
            super().__init__(a)

    return TwoArguments


_TwoArguments = _two_arguments()
tblib_support.install(_TwoArguments)


class _WithALock(_CallersMapping):
    """A record of the caller's class holding a lock (and a function, which Dask's pickler
    could send alone): it cannot be copied to another process."""

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__(data)
        self.lock, self.hook = __import__("threading").Lock(), lambda: 1


def _rebuild_in(pid: int) -> dict[str, Any]:
    if os.getpid() != pid:
        raise RuntimeError("this object can be rebuilt in its own process only")
    return {}


class _RebuiltHereOnly:
    """An object of the caller's that pickles and is rebuilt in the client's process, but
    whose rebuild raises in any other."""

    def __reduce__(self) -> Any:
        return (_rebuild_in, (os.getpid(),))


def _exit_unless_in(pid: int) -> dict[str, Any]:
    if os.getpid() != pid:
        raise SystemExit("records are rebuilt only on their own host")
    return {}


class _ExitsElsewhere:
    """An object of the caller's whose rebuild exits (``SystemExit``, a platform's guard of
    its own host, a module calling ``sys.exit()`` as it is imported) in any process but the
    client's."""

    def __reduce__(self) -> Any:
        return (_exit_unless_in, (os.getpid(),))


def _module_only_here(stem: str, source: str) -> Any:
    """A module the client loads from a folder of its own, which no worker has (as a module
    of the caller's, imported from where only the client sees it)."""
    folder = Path(tempfile.mkdtemp(prefix=f"{stem}-"))
    name = f"{stem}_{os.getpid()}"
    (folder / f"{name}.py").write_text(source, "utf-8")
    spec = importlib.util.spec_from_file_location(name, folder / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@cache
def _elsewhere() -> type[dict[str, Any]]:
    """A mapping class of a module only the client has: its records pickle and are read
    back on the client, never on a worker."""
    module = _module_only_here("callrules_elsewhere", "class Elsewhere(dict):\n    pass\n")
    return cast(type[dict[str, Any]], module.Elsewhere)


@cache
def _sent_by_value() -> type[dict[str, Any]]:
    """A mapping class of a module only the client has, registered with
    ``cloudpickle.register_pickle_by_value`` (Dask's remedy for such a module): sent by
    value, its records are checked as ``evaluate_many`` checks them (dskmend78)."""
    module = _module_only_here("callrules_by_value", "class ByValue(dict):\n    pass\n")
    cloudpickle.register_pickle_by_value(module)
    return cast(type[dict[str, Any]], module.ByValue)


@cache
def _of_main() -> type[dict[str, Any]]:
    """A mapping class of ``__main__`` (defined in a notebook, by ``python -c``, under a
    script's main guard), which no spawned worker's ``__main__`` holds: Dask sends it by
    value, and its records are checked as ``evaluate_many`` checks them (dskmend78)."""
    cls = type("CallrulesRecordOfMain", (dict,), {"__module__": "__main__"})
    setattr(sys.modules["__main__"], cls.__qualname__, cls)
    return cast(type[dict[str, Any]], cls)


@cache
def _of_main_reading_a_table() -> type[dict[str, Any]]:
    """A mapping class of ``__main__`` (a notebook's, a script's) whose method reads a
    module global of 30,000 numbers: sent by value, with the table."""
    main = sys.modules["__main__"]
    main.CALLRULES_TABLE = list(range(30_000))  # type: ignore[attr-defined]
    reads = (lambda self, x: x in CALLRULES_TABLE).__code__  # type: ignore[name-defined] # noqa: F821
    method = types.FunctionType(reads, vars(main), "in_table")  # (a function of __main__)
    cls = type("CallrulesRecordReadingATable", (dict,), {
        "__module__": "__main__", "in_table": method})
    main.CallrulesRecordReadingATable = cls  # type: ignore[attr-defined]
    return cast(type[dict[str, Any]], cls)


def _interrupt() -> None:
    raise KeyboardInterrupt


class _Interrupts:
    def __reduce__(self) -> Any:
        return (_interrupt, ())


class _Money:
    def __init__(self, units: int) -> None:
        self.units = units


def _as_text(money: _Money) -> tuple[Any, ...]:
    return (str, (f"text:{money.units}",))


def _as_cents(money: _Money) -> tuple[Any, ...]:
    return (str, (f"cents:{money.units * 100}",))


def _nested(depth: int) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for _ in range(depth):
        record = {"a": record}
    return record


#: Records that cannot be pickled: each read on the client as ``evaluate_many`` reads it and
#: sent as its reading (refused: a field not expected, not an object, too deep; or a valid
#: application, whose duplicate is found: dskmend77), but for those whose reading cannot be
#: sent either (:data:`STILL_UNSENT`: the fields a call declares are read untyped).
UNSENT: dict[str, Callable[[dict[str, Any]], Any]] = {
    "lock": lambda record: {**record, "lock": __import__("threading").Lock()},
    "generator": lambda record: (value for value in record),
    "refuses": lambda record: _RefusesPickling(),
    "refuses-inside": lambda record: {**record, "extra": [1, _RefusesPickling()]},
    "class-with-a-lock": lambda record: {**record, "extra": _WithALock(record)},
    "too-deep": lambda record: _nested(3_000),
    "rebuild-raises": lambda record: {**record, "extra": _Unrebuildable()},
    "exception-of-two-arguments": lambda record: {**record, "language": _TwoArguments("x", "y")},  # type: ignore[call-arg]
    "valid-in-a-class-with-a-lock": _WithALock,  # (followed by its duplicate)
    "lock-in-fields": lambda record: {**record, "fields": {"x": __import__("threading").Lock()}},
    "class-missing-on-workers": lambda record: _elsewhere()(record),  # (and its duplicate)
    "rebuilt-here-only": lambda record: {**record, "extra": _RebuiltHereOnly()},
    "exits-elsewhere": lambda record: {**record, "extra": _ExitsElsewhere()},
    "class-of-main": lambda record: _of_main()(record),  # (checked: sent by value)
    "class-sent-by-value": lambda record: _sent_by_value()(record),  # (checked too)
}
#: The kinds of :data:`UNSENT` that go as ``given_unsent`` (``evaluate_many`` refuses them
#: too: no other record's batch findings change).
STILL_UNSENT = frozenset({"lock-in-fields"})
#: The kinds of :data:`UNSENT` that pickle and are read back on the client, but that a
#: worker cannot rebuild: each its own problem (``given_unread``), the batch's findings
#: those of the records that arrive.
UNREAD = frozenset({"class-missing-on-workers", "rebuilt-here-only", "exits-elsewhere"})


@pytest.fixture(scope="module")
def processes() -> Iterator[Any]:
    """Two worker processes of Dask's ``processes`` scheduler, started once (spawned:
    nothing of this process but what Dask pickles reaches them)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield pool


class TestRecordsThatCannotBeSent:
    @settings(max_examples=6, deadline=None)
    @given(n=st.integers(0, 16), seed=st.integers(0, 10_000), parts=st.integers(1, 4),
           unsent=st.lists(st.tuples(st.integers(0, 30), st.sampled_from(sorted(UNSENT))),
                           min_size=1, max_size=4), fused=st.booleans())
    @example(n=4, seed=1, parts=2, unsent=[(1, "lock")], fused=True)
    @example(n=2, seed=1, parts=2, unsent=[(0, "valid-in-a-class-with-a-lock"),
                                           (5, "lock-in-fields")], fused=True)
    @example(n=2, seed=1, parts=1, unsent=[(1, "exception-of-two-arguments")], fused=False)
    @example(n=3, seed=2, parts=2, unsent=[(1, "class-missing-on-workers"),
                                           (3, "rebuilt-here-only")], fused=True)
    @example(n=3, seed=3, parts=2, unsent=[(0, "class-of-main"),
                                           (2, "class-sent-by-value")], fused=False)
    @example(n=4, seed=4, parts=1, unsent=[(1, "exits-elsewhere"),
                                           (3, "class-of-main")], fused=True)
    def test_a_record_that_cannot_be_pickled_is_its_own_problem_the_others_checked(
            self, call: callrules.Call, processes: Any, n: int, seed: int, parts: int,
            unsent: list[tuple[int, str]], fused: bool) -> None:
        """On worker processes, records that cannot be pickled or rebuilt (a lock, a
        generator, an object whose ``__reduce__`` or its rebuild raises, one nested too
        deeply, a valid application in a caller's mapping holding a lock, followed by its
        duplicate) at any places among ordinary ones (one holding a function of the
        caller's, which Dask's pickler sends): N in, N out, every result that of
        ``evaluate_many``, duplicates found, but a record whose reading cannot be sent
        either: a ``given_failed`` problem naming it, worded in the reader's language.
        Before (dsk77): Dask's own error (``TypeError: cannot pickle '_thread.lock'
        object``, ``PicklingError``, the caller's ``RuntimeError``), every record lost;
        before (dskmend77): such a valid application ``given_unsent``, its duplicate
        judged eligible; before (dsk2mend77): an exception of the caller's whose rebuild
        raises, sent by tblib's reducer, its partition's records coming back from the worker
        (their task not fused with the next, as Dask's optimisation does in some runs and
        not others: ``fused`` says which) could not be read, every record lost; before
        (dskmend78b): a rebuild exiting on the worker (``SystemExit``) lost every record."""
        records: list[Any] = batch(n, seed)
        if records:  # (a dict: a record of the batch may be JSON text)
            records[0] = {**eligible_dict(), "hook": lambda: 1}  # (sent: no problem of its own)
        kinds: list[str | None] = [None] * len(records)
        for at, kind in unsent:
            place = min(at, len(records))
            added = [UNSENT[kind](eligible_dict())]
            if kind in ("valid-in-a-class-with-a-lock", "class-missing-on-workers"):
                added.append(eligible_dict())  # (its duplicate: found on every scheduler)
            records[place:place] = added
            kinds[place:place] = [kind, *[None] * (len(added) - 1)]
        # (those a worker cannot rebuild take no part in the batch's findings: a record
        # holding no key stands for each)
        expected = evaluate_many(call, [{} if kind in UNREAD else record for record, kind in
                                        zip(records, kinds, strict=True)], now=NOW)
        got = evaluate_dask(call, records, now=NOW, npartitions=parts).compute(
            scheduler="processes", pool=processes, optimize_graph=fused)
        assert len(got) == len(records) == len(expected)
        for index, (mine, theirs) in enumerate(zip(got, expected, strict=True)):
            assert mine.index == index
            if kinds[index] not in STILL_UNSENT | UNREAD:
                assert_same([mine], [theirs])
                continue
            template, said = ("given_unread", "Cet enregistrement n’a pas pu être relu") if (
                kinds[index] in UNREAD) else ("given_unsent", "Cet enregistrement ne peut pas")
            assert mine.report is None and isinstance(mine.error, InputError)
            assert [(p.type, (p.ctx or {}).get("template")) for p in mine.error.problems] == [
                ("given_failed", template)]
            assert f"record {index}" in str(mine.error)
            assert mine.to_dict("fr")["input_error"][0]["message"].startswith(said)

    @settings(max_examples=5, deadline=None)
    @given(n=st.integers(2, 40))
    def test_a_class_of_main_is_pickled_once_in_a_partition(self, n: int) -> None:
        """A partition of ``n`` records of a class of ``__main__`` whose method reads a
        large module global (a notebook's lookup table), pickled as Dask pickles it
        (:mod:`cloudpickle`), grows by the records' own data, never by the class and its
        global again for each record: the partition's pickler memoizes them. Before
        (dskmend78b, att92 F1): each record its own pickle, the class and the table in
        each (1,000 records: 371 MB, against 2.2 MB)."""
        from callrules import distributed
        cls = _of_main_reading_a_table()
        one = len(cloudpickle.dumps(cls))  # (the class and the table it reads)
        assert one > 50_000
        records = [cls({"id": f"A{i}"}) for i in range(n)]
        sizes = [len(cloudpickle.dumps(distributed._PartitionRecords(records[:k])))
                 for k in (1, n)]
        assert sizes[1] - sizes[0] < (n - 1) * one / 20
        back = pickle.loads(cloudpickle.dumps(distributed._PartitionRecords(records)))
        assert back.items() == records and len({type(r) for r in back.items()}) == 1

    def test_a_rebuild_interrupted_is_its_record_s_problem_but_on_the_client(self) -> None:
        """A rebuild raising ``KeyboardInterrupt`` where a worker reads back (a thread of
        its own) is that record's problem (``given_unread``); in the client's main thread,
        where the caller's Ctrl-C lands, it is raised (dskmend78b)."""
        from concurrent.futures import ThreadPoolExecutor

        from callrules import distributed
        data = bytearray(pickle.dumps(_Interrupts()))
        with ThreadPoolExecutor(1) as pool:
            unread = pool.submit(distributed._read_back, bytearray(data), None).result()
        assert isinstance(unread, InputError)
        assert (unread.problems[0].ctx or {}).get("template") == "given_unread"
        with pytest.raises(KeyboardInterrupt):
            distributed._read_back(bytearray(data), None)

    def test_a_reducer_replaced_in_place_is_the_one_used(self) -> None:
        """A reducer of copyreg's replaced in place (its table the same size) is the one a
        record is pickled by, as :mod:`pickle` pickles it (dskmend78)."""
        from callrules import distributed
        copyreg.pickle(_Money, _as_text)
        try:
            assert pickle.loads(distributed._pickled_back(_Money(5))) == "text:5"
            copyreg.pickle(_Money, _as_cents)
            assert pickle.loads(distributed._pickled_back(_Money(5))) == pickle.loads(
                pickle.dumps(_Money(5))) == "cents:500"
        finally:
            del copyreg.dispatch_table[_Money]

    def test_a_copy_of_a_partition_holds_its_records(self) -> None:
        """``copy.copy`` and ``copy.deepcopy`` of a partition's records give the records,
        never the wrappers a pickler is given (dskmend78)."""
        from callrules import distributed
        records = [eligible_dict(), {"x": 1}]
        for copied in (copy.copy, copy.deepcopy):
            assert copied(distributed._PartitionRecords(records)).items() == records

    def test_nothing_is_pickled_for_threads(self, call: callrules.Call,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
        """The threaded and synchronous schedulers copy no record: nothing pickled, a record
        holding a lock judged as ``evaluate_many`` judges it."""
        from callrules import distributed
        pickled: list[Any] = []  # (counted, never raised: an error there could be caught)
        monkeypatch.setattr(distributed, "_sendable", lambda record: pickled.append(record))
        records = [*batch(6, 3), UNSENT["lock"](eligible_dict())]
        for scheduler in ("threads", "sync"):
            got = evaluate_dask(call, records, now=NOW, npartitions=3).compute(
                scheduler=scheduler)
            assert_same(got, evaluate_many(call, records, now=NOW))
        assert pickled == []


class TestArguments:
    @pytest.mark.parametrize("npartitions", [0, -1, -5, "2", 2.0, True])
    def test_npartitions_is_a_whole_number_of_one_or_more(
            self, call: callrules.Call, npartitions: Any) -> None:
        """A number of partitions below 1 or not a whole number is refused, naming it."""
        with pytest.raises(ArgumentError, match="npartitions"):
            evaluate_dask(call, [json.dumps(batch(1)[0])], npartitions=npartitions)

    def test_many_files_make_a_graph_that_grows_with_the_files_not_their_square(
            self, call: callrules.Call, tmp_path: Path) -> None:
        """By default at most FILE_PARTITIONS partitions, however many files: the shuffle
        makes a task for each pair of partitions (attack 28a: one partition a file, 200
        files made 41,800 tasks, 50 s to build); the results are still one per file, in
        order."""
        from callrules.distributed import FILE_PARTITIONS

        for number, record in enumerate(batch(120)):
            (tmp_path / f"a{number:03d}.json").write_text(json.dumps(record), "utf-8")
        files = sorted(str(p) for p in tmp_path.iterdir())
        many = evaluate_dask(call, files, now=NOW)
        assert len(dict(many.__dask_graph__())) < 4 * FILE_PARTITIONS ** 2 < 120 ** 2
        items = many.compute(scheduler="sync")
        assert [Path(str(i.source)).name for i in items] == [Path(f).name for f in files]

    def test_the_graph_grows_with_the_partitions_not_their_square(
            self, call: callrules.Call) -> None:
        """Four times the partitions, at most four times the tasks times the ratio of the
        stages of the staged shuffle (the logarithm of the partitions), and a few dozen a
        partition. Before (att67): the shuffle had a task for each pair of partitions, 400
        records in 25/50/100/200 partitions made 2,723/10,448/40,898/161,798 tasks (1.8/5/
        16/66 s to build); a Bag of many partitions took the same path."""
        records = batch(80, 2)
        tasks = {parts: len(dict(evaluate_dask(call, records, now=NOW, npartitions=parts)
                                 .__dask_graph__())) for parts in (20, 80)}
        assert tasks[80] <= 4 * tasks[20] * math.log(80) / math.log(20) < 16 * tasks[20]
        assert tasks[80] < 50 * 80
        bag = db.from_sequence(records, npartitions=80)
        assert len(dict(evaluate_dask(call, bag, now=NOW).__dask_graph__())) < 50 * 80

    @pytest.mark.parametrize("given", [5, None, b"cnrs-amsud-2026"])
    def test_call_is_a_call_or_an_id(self, given: Any) -> None:
        """A call that is neither a Call nor an id is refused, naming the argument."""
        with pytest.raises(ArgumentError, match="call"):
            evaluate_dask(given, [json.dumps(batch(1)[0])])


def platform_catalog(folder: Path) -> Path:
    """``folder`` holding a platform's French catalog of one message."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    from callrules._messages import CODES
    catalog = Catalog(locale="fr")
    catalog.add(CODES["not_allowed"], "Valeur %(value)s refusée ; admises : %(allowed)s.")
    (folder / "fr" / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    with (folder / "fr" / "LC_MESSAGES" / "callrules.mo").open("wb") as handle:
        write_mo(handle, catalog)
    return folder


class TestEachTaskChecksItsWorker:
    def test_catalogs_a_platform_registered_are_in_the_check(
            self, tmp_path: Path, registries: None, call: callrules.Call) -> None:
        """A graph built, then computed later (by another client, or by a worker joining
        after the client asked its workers): each task checks what the client asked
        (:func:`callrules.distributed._differs` over the same library: its code, its
        catalogs and the zone's database), the catalogs a platform registered among them
        (they say the library's messages in their own words, which an item shown on a
        worker speaks). Registered since the graph was built: the batch is refused in
        words, never shown in two ways; built again with them, it judges as
        evaluate_many. Before: judged, the registered catalogs not in the check."""
        records = batch(6, 2)
        with dask.config.set(scheduler="sync"):  # (this process its only worker)
            built = evaluate_dask(call, records, now=NOW, npartitions=2)
            callrules.register_catalogs(platform_catalog(tmp_path))
            with pytest.raises(ArgumentError) as refused:
                built.compute()
            assert refused.value.code == "worker_words_differ"
            assert "Enregistrez les mêmes catalogues" in refused.value.message_in("fr")
            assert "Installez" not in refused.value.message_in("fr")
            assert_same(evaluate_dask(call, records, now=NOW, npartitions=2).compute(),
                        evaluate_many(call, records, now=NOW))


@pytest.mark.parametrize("lang", ["en", "fr", "es", "pt"])
def test_a_side_with_no_catalogs_or_no_known_zone_release_is_said_in_words(lang: str) -> None:
    """A worker without the catalogs the client registered, with catalogs the client has
    not, or reading a time-zone database of no known release (or the client so) is told so
    in words, in every language: never « (—, et non 3fa4…) », a dash for none (att80 B4).
    Where both sides have one, both are named as before."""
    from callrules import distributed

    base = distributed._Library("0.1.0+abc", "0123456789abcdef", "Europe/Paris", "2025b")
    cases = (
        (base._replace(words="0123456789abcdef+"), base._replace(words="0123456789abcdef+f00d"),
         ("f00d",)),
        (base._replace(words="0123456789abcdef+f00d"), base._replace(words="0123456789abcdef+"),
         ("f00d",)),
        (base._replace(zones=""), base, ("2025b",)),
        (base, base._replace(zones=""), ("2025b",)),
        (base._replace(words="0123456789abcdef+beef"),
         base._replace(words="0123456789abcdef+f00d"), ("beef", "f00d")),
        (base._replace(zones="2024a"), base, ("2024a", "2025b")))
    for here, client, named in cases:
        error = distributed._differs("tcp://10.0.0.2:4000", here, client)
        assert error is not None
        said = error.message_in(lang)
        assert "—" not in said and all(each in said for each in named), said
