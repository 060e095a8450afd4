"""What a caller keeps copies and pickles: every value object the library hands out (a
report and its findings, a call, an amount, input problems and errors, a batch, a plan, a
selection and its rules and scores) comes back from ``copy.copy``, ``copy.deepcopy`` and a
pickle (a process pool, Dask, a cache such as joblib) equal, with the same JSON and the same
words in every language; a pickled call is its definition, compiled again on the other side,
the same version, judging as the original — with the named sets and shared vocabularies it
was loaded with, whatever the other side has registered."""

from __future__ import annotations

import copy
import json
import pickle
import pickletools
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

import callrules
from callrules import _call, _parameters, _vocabularies
from callrules import _report as report_module
from callrules.calls import register_set, register_vocabulary
from tests.conftest import ROOT, eligible_dict, kept_registries
from tests.laws import settings
from tests.strategies import call_files, cnrs_applications
from tests.test_selection import application, scores_for

NOW = callrules.parse_instant("2026-05-30T10:00:00+02:00")
LANGS = ("en", "fr", "es", "pt")
INSTANTS = st.datetimes(datetime(2025, 11, 1), datetime(2027, 2, 1), timezones=st.just(UTC))
EXAMPLES = ("eligible", "ineligible")


def pickled(value: Any) -> Any:
    """``value`` pickled here, read back where no call is kept (see :func:`elsewhere`)."""
    data = pickle.dumps(value)
    with elsewhere():
        return pickle.loads(data)


#: The three ways a value is copied.
WAYS: dict[str, Callable[[Any], Any]] = {"copy": copy.copy, "deepcopy": copy.deepcopy,
                                         "pickle": pickled}


@contextmanager
def elsewhere() -> Iterator[None]:
    """Read pickles as another process would: no call kept from a pickle (each read back
    compiles its definition again)."""
    with _call._PICKLED_LOCK:
        kept = dict(_call._PICKLED)
        _call._PICKLED.clear()
    try:
        yield
    finally:
        with _call._PICKLED_LOCK:
            _call._PICKLED.clear()
            _call._PICKLED.update(kept)


def report_said(report: callrules.Report) -> tuple[Any, ...]:
    """Everything a report says: its JSON, its text and each finding's message, in each
    language."""
    return (report.to_json(), report.eligible, tuple(
        (report.to_json(lang), report.render(lang), report.html(lang),
         tuple(report.message_of(f, lang) for f in report.findings),
         tuple(f.message(lang) for f in report.findings)) for lang in LANGS))


def error_said(error: callrules.InputError) -> tuple[Any, ...]:
    return (type(error), str(error), error.source, repr(error.problems), tuple(  # (a NaN
        # found is never equal to itself: its text is)
        tuple(json.dumps(p.to_dict(lang), sort_keys=True, default=str) for p in error.problems)
        for lang in LANGS))


def item_said(item: callrules.BatchItem) -> tuple[Any, ...]:
    return (item.index, item.source, json.dumps(item.to_dict(), default=str),
            tuple(item.render(lang) for lang in LANGS),
            None if item.report is None else report_said(item.report),
            None if item.error is None else error_said(item.error))


def call_said(call: callrules.Call) -> tuple[Any, ...]:
    return (call.id, call.version, call.edition, call._key, call.amendments, call.source,
            _call.fingerprint(call), tuple(call.clauses.items()),
            tuple(call.title_in(lang) for lang in LANGS))


def same_everywhere(value: Any, said: Callable[[Any], Any], *, equal: bool = True) -> None:
    """``value`` copied each way: equal (when its kind compares values; ``equal`` False for
    values holding an exception, which Python compares by identity) and saying the same."""
    for way, copier in WAYS.items():
        back = copier(value)
        assert type(back) is type(value), way
        if equal and type(value).__eq__ is not object.__eq__ \
                and not isinstance(value, BaseException):
            assert back == value, way
        assert said(back) == said(value), way


class TestReports:
    @settings(max_examples=40, deadline=None)
    @given(st.one_of(st.sampled_from(EXAMPLES), cnrs_applications()))
    def test_a_report_and_its_findings_copy_and_pickle_saying_the_same(
            self, record: str | dict[str, Any]) -> None:
        """Law: over the bundled examples and random applications, a report, each finding
        and the batch item holding it copy, deep-copy and pickle to equal values, the same
        JSON and the same words in en, fr, es and pt."""
        call = callrules.calls.load("cnrs-amsud-2026")
        data = json.loads((ROOT / "examples" / f"{record}.json").read_text("utf-8")) \
            if isinstance(record, str) else record
        try:
            report = callrules.evaluate(call, data, now=NOW)
        except callrules.InputError as error:  # (a record the call cannot read)
            event("input error")
            same_everywhere(error, error_said)
            return
        event("eligible" if report.eligible else "not eligible")
        same_everywhere(report, report_said)
        for finding in report.findings:
            same_everywhere(finding, lambda f: (f, tuple(f.message(lang) for lang in LANGS)))
        batch = callrules.evaluate_many(call, [data, {"id": 3}, "[1", {"call": float("nan")}],
                                        now=NOW)
        # (an item holding an input error equal to its copy: the error's kind, problems,
        # source and labels compared, not the exception's identity)
        same_everywhere(batch, lambda b: tuple(item_said(i) for i in b))
        for way, copier in WAYS.items():
            back = copier(batch)
            assert [hash(i) for i in back if i.error] == [hash(i) for i in batch if i.error], way
        assert batch[1] != batch[2]  # (two records unreadable for different reasons)

    def test_a_finding_s_values_are_read_only_as_the_finding_is(self) -> None:
        """att62: ``finding.ctx["limit"] = 999`` on a frozen finding changed its message, the
        batch's rows, HTML and JSON. Every write to ``ctx`` is refused; its copies, deep
        copies and pickles are read-only too, equal to the dict of its items, and its JSON
        is as before."""
        call = callrules.calls.load("cnrs-amsud-2026")
        data = eligible_dict()
        data["visitors"][0]["stay"]["departure"] = "2026-12-30"
        batch = callrules.evaluate_many(call, [data], now=NOW, progress=False)
        finding = batch[0].report.errors[0]
        said = (finding.message("fr"), batch.rows("fr"), batch.html("fr"),
                batch[0].report.to_json("fr"))
        writes: list[Callable[[Any], object]] = [
            lambda c: c.__setitem__("limit", 999), lambda c: c.__delitem__("limit"),
            lambda c: c.update(limit=999), lambda c: c.setdefault("new", 1),
            lambda c: c.pop("limit"), lambda c: c.popitem(), lambda c: c.clear(),
            lambda c: c.__ior__({"limit": 999}), lambda c: c.__init__({"limit": 999})]
        for way, copier in {"itself": lambda f: f, **WAYS}.items():
            ctx = copier(finding).ctx
            assert ctx == dict(finding.ctx) and json.dumps(ctx, default=str) == json.dumps(
                dict(finding.ctx), default=str), way
            for write in writes:
                with suppress(TypeError):
                    write(ctx)
                assert ctx == dict(finding.ctx), way  # (refused, or changing nothing)
        assert (finding.message("fr"), batch.rows("fr"), batch.html("fr"),
                batch[0].report.to_json("fr")) == said

    def test_a_finding_s_pickle_is_one_an_earlier_library_reads(self) -> None:
        """A finding's pickle names no module an earlier version of the library lacks (its
        ``ctx``: ``callrules._portable.ReadOnly`` with its items, read there as a dict), and
        a finding an earlier version pickled (its ``ctx`` a plain dict) is read back with a
        read-only ``ctx`` (look62r: ``ModuleNotFoundError: callrules._read_only``)."""
        call = callrules.calls.load("cnrs-amsud-2026")
        data = eligible_dict()
        data["visitors"][0]["stay"]["departure"] = "2026-12-30"
        finding = callrules.evaluate(call, data, now=NOW).errors[0]
        names = {arg for op, arg, _ in pickletools.genops(pickle.dumps(finding))
                 if op.name in ("STACK_GLOBAL", "GLOBAL", "SHORT_BINUNICODE", "BINUNICODE")
                 and isinstance(arg, str) and arg.startswith("callrules.")}
        assert names <= {"callrules._report", "callrules._portable", "callrules._labels",
                         "callrules._messages"}, names
        earlier = object.__new__(type(finding))
        state = finding.__getstate__()
        earlier.__setstate__([dict(v) if i == 5 else v for i, v in enumerate(state)])
        assert earlier == finding
        with pytest.raises(TypeError):
            earlier.ctx["limit"] = 999  # type: ignore[index]

    def test_a_finding_carrying_its_reader_or_rule_pickles_them_as_earlier_ones_read(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A finding's ``reader`` (the caller's language, given by Dask to the findings of
        its records) and ``rule`` (the batch rule that made it) travel in its pickle and
        copies; the reader speaks where no language is chosen. Its pickle is the finding
        without them, as an earlier version pickled one (nine values), given them by
        ``_moved``: an earlier version (its fields those of session 47, or 48 with a
        reader) reads it, without what it does not know; before, a state of ten values
        session 47 refused. A state of another length is refused (``TypeError``, as pickle
        refuses one), never half read."""
        call = callrules.calls.load("cnrs-amsud-2026")
        data = eligible_dict()
        data["visitors"][0]["stay"]["departure"] = "2026-12-30"
        finding = callrules.evaluate(call, data, now=NOW).errors[0]
        assert len(finding.__getstate__()) == 9 and finding.reader is finding.rule is None
        read = finding._moved(reader="pt", rule="0123456789abcdef")
        kept = pickle.dumps(read)
        for copied in (pickle.loads(kept), copy.copy(read), copy.deepcopy(read)):
            assert (copied, copied.reader, copied.rule) == (finding, "pt", read.rule)
            assert copied.message() == finding.message("pt") != finding.message("en")
        earlier = object.__new__(type(finding))
        earlier.__setstate__(finding.__getstate__())
        assert (earlier, earlier.reader, earlier.rule) == (finding, None, None)
        fields = report_module._FIELDS
        for known, reader in ((fields[:9], None), (fields[:10], "pt")):
            monkeypatch.setattr(report_module, "_FIELDS", known)
            back = pickle.loads(kept)
            monkeypatch.undo()
            assert back == finding
            assert [getattr(back, n, None) for n in ("reader", "rule")] == [reader, None]
        for state in (finding.__getstate__()[:8], [*read.__getstate__(), None]):
            with pytest.raises(TypeError):
                object.__new__(type(finding)).__setstate__(state)

    def test_a_report_read_in_another_process_says_the_same(self) -> None:
        """The bundled ineligible example's report, pickled here and read by a new Python
        process (nothing of the call loaded there): the same JSON and text in four
        languages."""
        call = callrules.calls.load("cnrs-amsud-2026")
        data = json.loads((ROOT / "examples" / "ineligible.json").read_text("utf-8"))
        report = callrules.evaluate(call, data, now=NOW)
        script = ("import pickle, sys, json\n"
                  "report = pickle.loads(sys.stdin.buffer.read())\n"
                  "print(json.dumps([report.to_json(), report.call.id, report.call._key,"
                  f" [[report.render(l), [f.message(l) for f in report.findings]] for l in"
                  f" {LANGS!r}]]))\n")
        done = subprocess.run([sys.executable, "-c", script], input=pickle.dumps(report),
                              capture_output=True, check=True, timeout=120)
        assert json.loads(done.stdout) == [
            report.to_json(), call.id, list(call._key),
            [[report.render(lang), [f.message(lang) for f in report.findings]]
             for lang in LANGS]]


class TestCalls:
    def test_a_call_copies_as_itself(self) -> None:
        """A call is immutable: a copy and a deep copy are the call itself."""
        call = callrules.calls.load("cnrs-amsud-2026")
        assert copy.copy(call) is call and copy.deepcopy(call) is call
        assert copy.deepcopy([call])[0] is call

    def test_a_call_read_back_in_its_own_process_is_itself(self) -> None:
        """A pickle of a call read back where it was made: the call itself, not compiled
        again."""
        call = callrules.calls.load("cnrs-amsud-2026")
        assert pickle.loads(pickle.dumps(call)) is call

    @settings(max_examples=40, deadline=None)
    @given(call_files(), cnrs_applications(), INSTANTS)
    def test_a_pickled_call_is_the_same_version_and_judges_as_the_original(
            self, data: dict[str, Any], record: dict[str, Any], now: datetime) -> None:
        """Law: a generated call, in each of its editions and as of any instant, pickled
        and read back where no call is kept (compiled again from its definition): the same
        id, version, amendments and fingerprint, and the same report for any application."""
        try:
            loaded = callrules.Call.from_dict(data, source="generated")
        except callrules.DefinitionError as error:
            event(f"refused: {error.code}")
            return
        for edition in loaded.editions():
            for call in (edition, edition.at(now)):
                back = pickled(call)
                assert back is not call
                assert call_said(back) == call_said(call)
                assert (back.as_of is None) == (call.as_of is None)
                try:
                    expected = callrules.evaluate(call, record, now=now)
                except callrules.InputError as error:
                    try:
                        callrules.evaluate(back, record, now=now)
                    except callrules.InputError as again:
                        assert error_said(again) == error_said(error)
                    else:
                        raise AssertionError("the pickled call read the record") from None
                    continue
                assert report_said(callrules.evaluate(back, record, now=now)) == \
                    report_said(expected)

    def test_the_bundled_call_read_back_elsewhere_judges_the_examples_alike(self) -> None:
        """The bundled call compiled again from its pickle: the same reports for both
        examples."""
        call = callrules.calls.load("cnrs-amsud-2026")
        back = pickled(call)
        assert back is not call and call_said(back) == call_said(call)
        for name in EXAMPLES:
            data = json.loads((ROOT / "examples" / f"{name}.json").read_text("utf-8"))
            assert report_said(callrules.evaluate(back, data, now=NOW)) == report_said(
                callrules.evaluate(call, data, now=NOW))


class TestOtherValues:
    def test_money_problems_and_input_errors_copy_and_pickle(self) -> None:
        """An amount, an input error (and each of its problems, with the call's labels) come
        back saying the same."""
        call = callrules.calls.load("cnrs-amsud-2026")
        same_everywhere(callrules.Money("1.50", "EUR"), lambda m: (m, repr(m)))
        try:
            call.parse({"id": 3, "visitors": [{"id": 4}]})
        except callrules.InputError as error:
            same_everywhere(error, error_said)
            for problem in error.problems:
                same_everywhere(problem, lambda p: (p, tuple(p.message(lang) for lang in LANGS)))
        else:
            raise AssertionError("the record was read")

    def test_applications_copy_and_pickle(self) -> None:
        """An application read by the call (its declared fields typed) and one read without
        a call: equal after each copy, into the same classes."""
        call = callrules.calls.load("cnrs-amsud-2026")
        for read in (call.parse(eligible_dict()), callrules.parse_application(eligible_dict())):
            same_everywhere(read, lambda a: a.model_dump_json())

    def test_plans_copy_and_pickle_saying_the_same(self) -> None:
        """A budget plan and each of its lines: equal, the same JSON and text."""
        call = callrules.calls.load("cnrs-amsud-2026")
        result = callrules.plan(call, eligible_dict())
        same_everywhere(result, lambda p: (json.dumps(p.to_dict(), default=str), tuple(
            (json.dumps(p.to_dict(lang), default=str), p.render(lang)) for lang in LANGS)))
        for line in result.lines:
            same_everywhere(line, lambda line: json.dumps(line.to_dict(), default=str))

    def test_a_score_row_an_earlier_library_pickled_reads_back(self) -> None:
        """A score row pickled before ``written`` was added (7 values, look76e: ``ValueError:
        zip() argument 2 is shorter``) reads back, ``written`` its default (None), and
        judges as the row it was; a state of too many values is still refused."""
        row = callrules.ScoreRow("A1", "R1", "fit", Decimal("3.5"), "scores.csv", 2, "line")
        state = row.__getstate__()
        earlier = object.__new__(callrules.ScoreRow)
        earlier.__setstate__(state[:7])
        assert (earlier, earlier.written, earlier.where) == (row, None, row.where)
        with pytest.raises(ValueError):
            object.__new__(callrules.ScoreRow).__setstate__([*state, "more"])

    def test_selections_copy_and_pickle_saying_the_same(self) -> None:
        """A selection, its entries and the call's selection rules: the same JSON and the
        same text in each language."""
        call = callrules.calls.load("cnrs-amsud-2026")
        apps = [application(1), application(2, minute=1), application(3, late=True)]
        scores = scores_for("APP-001", 5, 5, 5) + scores_for("APP-002", 4, 4, 4)
        result = callrules.select(call, apps, scores, envelope=callrules.Money("1500", "EUR"),
                                  now=NOW)
        same_everywhere(result, lambda s: (json.dumps(s.to_dict(), default=str), tuple(
            callrules.selection_text(s, lang) for lang in LANGS)))
        for entry in result.entries:
            same_everywhere(entry, lambda e: json.dumps(e.to_dict(), default=str))
        same_everywhere(callrules.selection_rules(call), repr)
        for clause in call.clauses.values():
            same_everywhere(clause, lambda c: (c.id, dict(c.title), dict(c.text)))


#: The countries and staff categories the platform's values are drawn from.
COUNTRIES = ("AR", "BR", "CL", "UY", "FR")
CATEGORIES = ("technician", "engineer", "researcher")


#: A call that reads a named set (``partners``: where every visitor's institution is) and a
#: shared vocabulary (``staff``: the visitors' categories, engineers only), in English and
#: French.
PLATFORM_CALL: dict[str, Any] = {
    "id": "platform-values", "version": "1", "languages": ["en", "fr"],
    "title": {"en": "P", "fr": "P"}, "timezone": "Europe/Paris", "currency": "EUR",
    "timeline": {"deadline": "2026-06-01T17:00:00"},
    "parameters": {"partners": {"set": "partners"}},
    "vocabularies": {"staff": {"fields": ["visitors.category"], "shared": "staff"}},
    "clauses": [{"id": "c", "title": {"en": "C", "fr": "C"}, "text": {"en": "C", "fr": "C"}}],
    "rules": [{"clause": "c", "check": {"op": "each", "path": "visitors", "rule": {
        "op": "all", "rules": [
            {"op": "in", "path": "institution.location.country", "set": {"param": "partners"}},
            {"op": "in", "path": "category", "set": ["engineer"]}]}}}]}


def platform_call() -> callrules.Call:
    """:data:`PLATFORM_CALL` loaded with the values registered now."""
    return callrules.Call.from_dict(PLATFORM_CALL)


@st.composite
def platform_values(draw: st.DrawFn) -> tuple[list[str], dict[str, dict[str, str]]]:
    """A named set of countries (one or more) and a vocabulary of staff categories (the
    engineers, that the rule names, and others), each labelled in English and French (one
    word of the draw's, then the code's place: never two alike)."""
    countries = draw(st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=4))
    codes = draw(st.permutations(CATEGORIES))[:draw(st.integers(0, 2))]
    codes = [*codes, "engineer"] if "engineer" not in codes else codes  # (the rule's)
    word = draw(st.text("abcdéèçñ ’", min_size=1, max_size=8)).strip() or "x"
    return countries, {code: {"en": f"{word} {k}", "fr": f"{word.upper()} {k}"}
                       for k, code in enumerate(codes)}


def registered(values: tuple[list[str], dict[str, dict[str, str]]] | None) -> None:
    """The platform's values registered (None: none registered at all)."""
    _parameters._NAMED_SETS.pop("partners", None)
    _vocabularies._SHARED.pop("staff", None)
    if values is not None:
        register_set("partners", values[0])
        register_vocabulary("staff", values[1])


@st.composite
def visiting(draw: st.DrawFn) -> dict[str, Any]:
    """The eligible example, its visitors' countries and categories drawn."""
    data = eligible_dict()
    for visitor in data["visitors"]:
        visitor["institution"]["location"] = {"country": draw(st.sampled_from(COUNTRIES))}
        visitor["category"] = draw(st.sampled_from(CATEGORIES))
    return data


def judged(call: callrules.Call, data: dict[str, Any]) -> tuple[Any, ...]:
    """What ``call`` says of ``data``: its report's words, or its input error's."""
    try:
        return report_said(callrules.evaluate(call, data, now=NOW))
    except callrules.InputError as error:
        return error_said(error)


class TestPlatformValues:
    """A call reading the platform's values (a named set, a shared vocabulary) is the values
    it was loaded with: its pickle (and a report's) carries them (attacker 38b: read back
    where other values, or none, were registered, it judged with those, or did not load)."""

    @settings(max_examples=40, deadline=None)
    @given(platform_values(), st.one_of(st.none(), platform_values()), visiting())
    def test_a_call_and_its_report_read_back_judge_with_the_values_loaded(
            self, values: tuple[list[str], dict[str, dict[str, str]]],
            other: tuple[list[str], dict[str, dict[str, str]]] | None,
            data: dict[str, Any]) -> None:
        """Law: over random named set and vocabulary values, a call and its report pickled
        here and read back where no call is kept and other values (or none) are registered:
        the same fingerprint, the same report for any application, and the report the same
        words in every language."""
        with kept_registries():
            registered(values)
            call = platform_call()
            expected = judged(call, data)
            try:
                report = callrules.evaluate(call, data, now=NOW)
            except callrules.InputError:
                report = None
            call_data, report_data = pickle.dumps(call), pickle.dumps(report)
            registered(other)
            event("nothing registered there" if other is None else "other values there")
            with elsewhere():
                back = pickle.loads(call_data)
                assert back is not call and call_said(back) == call_said(call)
                assert judged(back, data) == expected
                read = pickle.loads(report_data)
                if report is not None:
                    assert report_said(read) == report_said(report)
                    assert judged(read.call, data) == expected

    @settings(max_examples=4, deadline=None)
    @given(platform_values(), st.one_of(st.none(), platform_values()), visiting())
    def test_read_in_a_fresh_process_with_other_values_they_judge_the_same(
            self, values: tuple[list[str], dict[str, dict[str, str]]],
            other: tuple[list[str], dict[str, dict[str, str]]] | None,
            data: dict[str, Any]) -> None:
        """Law: a call and a report pickled here, read by a new Python process that
        registered other values of the set and the vocabulary (or none): the same report
        of the application, the same words in each language."""
        with kept_registries():
            registered(values)
            call = platform_call()
            readable = eligible_dict()  # (its categories among the vocabulary's codes)
            for visitor in readable["visitors"]:
                visitor["category"] = next(iter(values[1]))
            report = callrules.evaluate(call, readable, now=NOW)
            script = (
                "import json, pickle, sys\n"
                "from callrules.calls import register_set, register_vocabulary\n"
                "import callrules\n"
                "other, data, now, call_data, report_data = pickle.loads("
                "sys.stdin.buffer.read())\n"
                "if other is not None:\n"
                "    register_set('partners', other[0])\n"
                "    register_vocabulary('staff', other[1])\n"
                "call, report = pickle.loads(call_data), pickle.loads(report_data)\n"
                "def said(r):\n"
                "    return [r.to_json(), r.eligible, [[r.render(l), [r.message_of(f, l)"
                f" for f in r.findings]] for l in {LANGS!r}]]\n"
                "def judged(c):\n"
                "    try:\n"
                "        return said(callrules.evaluate(c, data, now=now))\n"
                "    except callrules.InputError as e:\n"
                "        return [str(e), [p.message('fr') for p in e.problems]]\n"
                "print(json.dumps([judged(call), said(report), judged(report.call)]))\n")
            sent = pickle.dumps((other, data, NOW, pickle.dumps(call), pickle.dumps(report)))
            done = subprocess.run([sys.executable, "-c", script], input=sent,
                                  capture_output=True, check=True, timeout=120)

            def said(r: callrules.Report) -> list[Any]:
                return [r.to_json(), r.eligible, [[r.render(lang), [
                    r.message_of(f, lang) for f in r.findings]] for lang in LANGS]]

            try:
                here = said(callrules.evaluate(call, data, now=NOW))
            except callrules.InputError as error:
                here = [str(error), [p.message("fr") for p in error.problems]]
            assert json.loads(done.stdout) == [here, said(report), here]

    def test_one_definition_with_other_values_is_another_call(self) -> None:
        """Two loads of one definition with other values of its named set: other
        fingerprints, each read back as itself, each judging with its own values."""
        with kept_registries():
            vocabulary = {"engineer": {"en": "Engineer", "fr": "Ingénieur"},
                          "technician": {"en": "Technician", "fr": "Technicien"}}
            registered((["BR", "CL"], vocabulary))
            wide = platform_call()
            registered((["AR"], vocabulary))
            narrow = platform_call()
            assert _call.fingerprint(wide) != _call.fingerprint(narrow)
            data = eligible_dict()
            for visitor in data["visitors"]:
                visitor["category"] = "engineer"
            wide_data, narrow_data = pickle.dumps(wide), pickle.dumps(narrow)
            assert pickle.loads(wide_data) is wide and pickle.loads(narrow_data) is narrow
            with elsewhere():
                assert callrules.evaluate(pickle.loads(wide_data), data, now=NOW).eligible
                assert not callrules.evaluate(pickle.loads(narrow_data), data,
                                              now=NOW).eligible

    def test_every_edition_of_a_recurring_call_keeps_the_values_it_was_loaded_with(
            self) -> None:
        """The later editions of a recurring call, built after other values were registered,
        read the values the call was loaded with; each edition's pickle, read back where
        none are registered, is that edition, judging with them."""
        with kept_registries():
            registered((["BR"], {"engineer": {"en": "Engineer", "fr": "Ingénieur"}}))
            data = {**PLATFORM_CALL, "id": "platform-values-2026",
                    "recurrence": {"count": 3, "id": "platform-values-{year}"}}
            call = callrules.Call.from_dict(data)
            registered((["AR"], {"engineer": {"en": "Other", "fr": "Autre"},
                                 "technician": {"en": "Technician", "fr": "Technicien"}}))
            editions = call.editions()
            assert [e.parameters["partners"].value for e in editions] == [{"BR"}] * 3
            assert [e.labels == call.labels for e in editions] == [True] * 3
            kept = [pickle.dumps(e) for e in editions]
            registered(None)
            with elsewhere():
                for edition, back in zip(editions, map(pickle.loads, kept), strict=True):
                    assert call_said(back) == call_said(edition)
                    assert back.parameters["partners"].value == {"BR"}
