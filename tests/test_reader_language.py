"""One rule for the reader's language, wherever a language is chosen (att62: « de » gave
French for tables, HTML and ``render(locale=…)``, English for ``set_language``, the command
line and ``selection_text``).

A language named by the caller (an argument, ``set_language``, ``--lang``) is the language
its tag names (``fr_CA``, ``FR-ca``, ``fr_FR.UTF-8`` → fr; ``C``, ``POSIX`` → en), or a typed
refusal naming the languages spoken; one read from the environment (``CALLRULES_LANG``) or
a request's ``Accept-Language`` is negotiated: the first spoken, else English."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import callrules
from callrules import _cli
from callrules._i18n import LANGUAGES, call_reading, default_language, language_of, words_said
from callrules.serve._http import MOST_RANGES, RANGES_LONGEST
from callrules.serve._http import language as accepted_language
from tests.conftest import ROOT, eligible_dict
from tests.laws import settings
from tests.test_definitions import minimal_call
from tests.test_selection import AT, application, cnrs_with, scores_for

NOW = callrules.parse_instant(AT)
EXAMPLE = ROOT / "examples" / "ineligible.json"


def named(tag: str) -> str | None:
    """The library language a tag names, by the documented rule: its first subtag, in any
    case (``C`` and ``POSIX``: English); None when the library speaks none."""
    first = language_of(tag)
    if first in ("c", "posix"):
        return "en"
    return first if first in callrules.languages() else None


@st.composite
def tags(draw: st.DrawFn) -> str:
    """A locale tag as people write them: a language (spoken or not, ``C``, ``POSIX``),
    a region or script, ``-`` or ``_``, an encoding or a modifier, in any case."""
    tag = draw(st.sampled_from(["en", "fr", "es", "pt", "de", "it", "nl", "zz", "C", "POSIX",
                                "e", "frr"]))
    region = draw(st.sampled_from(["", "CA", "BR", "419", "ch", "Latn", "FR"]))
    if region:
        tag += draw(st.sampled_from("-_")) + region
    tag += draw(st.sampled_from(["", "", ".UTF-8", "@euro"]))
    return str(draw(st.sampled_from([tag, tag.lower(), tag.upper(), tag.title()])))


ANY_TAG = st.one_of(tags(), st.text(max_size=6))


@pytest.fixture(scope="module")
def shown() -> dict[str, Callable[[str | None], object]]:
    """Every way the Python API shows something in a language, by name."""
    call = callrules.calls.load("cnrs-amsud-2026")
    text = EXAMPLE.read_text("utf-8")
    batch = callrules.evaluate_many(call, [text, "{not json"], now=NOW, progress=False)
    report = batch[0].report
    assert report is not None and report.findings
    entries = [application(1), application(2)]
    selection = callrules.select(cnrs_with(), entries, [
        *scores_for("APP-001", 4, 4, 4), *scores_for("APP-002", 3, 3, 3)],
        envelope=callrules.Money("1500.00", "EUR"))
    return {
        "render": lambda lang: report.render(lang),
        "html": lambda lang: report.html(lang),
        "message_of": lambda lang: report.message_of(report.findings[0], lang),
        "rows": lambda lang: batch.rows(lang),
        "batch html": lambda lang: batch.html(lang),
        "item": lambda lang: batch[1].render(lang),
        "to_dict": lambda lang: batch[0].to_dict(lang),
        "checklist": lambda lang: call.checklist(lang),
        "selection_text": lambda lang: callrules.selection_text(
            selection, "en" if lang is None else lang),
    }


@contextmanager
def no_setting() -> Iterator[None]:
    """No language chosen, none in the environment; both put back after."""
    before = callrules._i18n.chosen_language()
    setting = os.environ.pop("CALLRULES_LANG", None)
    callrules.set_language(None)
    try:
        yield
    finally:
        callrules.set_language(before)
        if setting is not None:
            os.environ["CALLRULES_LANG"] = setting


def cli(*argv: str) -> tuple[int, str, str]:
    """``callrules check`` of the ineligible example, in this process."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stderr(err):  # (argparse's usage errors: on sys.stderr, then SystemExit)
        try:
            code = _cli.main(["check", "cnrs-amsud-2026", str(EXAMPLE), "--at", AT, *argv],
                             out=out, err=err)
        except SystemExit as stop:
            code = int(stop.code or 0)
    return code, out.getvalue(), err.getvalue()


class TestOneRule:
    @settings(max_examples=40, deadline=None)
    @given(tag=ANY_TAG)
    @example("de")  # att62's
    @example("fr_CA")
    @example("pt-BR")
    @example("es-419")
    @example("FR")
    @example("C")
    @example("POSIX")
    @example("C.UTF-8")
    @example("")
    @example("???")
    @example("-FR")
    def test_a_language_named_is_spoken_or_refused_by_every_entry_point(
            self, shown: dict[str, Callable[[str | None], object]], tag: str) -> None:
        """Law: every entry point of the Python API and the command line's ``--lang``
        answer a tag the same way: in the language it names, exactly as they answer that
        language, or with an ArgumentError (``bad_locale``; exit 2 on the command line)
        that names the languages spoken, never another language chosen in its place."""
        with no_setting():
            lang = named(tag)
            for name, show in shown.items():
                if lang is not None:
                    assert show(tag) == show(lang), (name, tag)
                    continue
                with pytest.raises(callrules.ArgumentError) as info:
                    show(tag)
                assert info.value.code == "bad_locale", (name, tag)
                if language_of(tag):  # (a text naming no language is said so)
                    assert info.value.words is not None
                    said = words_said(info.value.words, "fr")
                    assert all(f"`{one}`" in said for one in callrules.languages()), said
            if lang is None:
                with pytest.raises(callrules.ArgumentError):
                    callrules.set_language(tag)
                assert default_language() == "en"  # (the session's kept)
            else:
                assert callrules.set_language(tag) == lang
                assert shown["render"](None) == shown["render"](lang)
                callrules.set_language(None)
            code, out, err = cli(f"--lang={tag}")
            if lang is None:
                assert (code, out) == (2, ""), (tag, err)
                assert "--lang" in err, err
                assert not language_of(tag) or all(
                    f"`{one}`" in err for one in callrules.languages()), err
            else:
                assert (code, out, err) == cli(f"--lang={lang}")

    @settings(max_examples=30, deadline=None)
    @given(tag=ANY_TAG)
    @example("de_CH.UTF-8")
    @example("C")
    @example("fr_CA")
    @example(" ")
    def test_a_language_of_the_environment_is_negotiated(self, tag: str) -> None:
        """Law: ``CALLRULES_LANG`` and ``Accept-Language``, which nobody typed for this
        call, are never refused: the language they name if spoken, else the next spoken
        (``de-CH,fr;q=0.8`` → fr), else English; the command line says on standard error
        that a setting names no language it speaks, and checks all the same."""
        with no_setting():
            lang = named(tag)
            if "\x00" not in tag:
                os.environ["CALLRULES_LANG"] = tag
                try:
                    assert default_language() == (lang or "en")
                    code, out, err = cli()
                finally:
                    del os.environ["CALLRULES_LANG"]
                assert code == 1 and out == cli(f"--lang={lang or 'en'}")[1]
                assert bool(err) == (lang is None and bool(tag.strip())), err
            if tag.strip() and not set(tag) & set(",;*"):
                spoken = callrules.languages()
                first = language_of(tag)  # (an HTTP range: no POSIX ``C`` there)
                assert accepted_language(tag, spoken) == (first if first in spoken else "en")
                assert accepted_language(f"{tag}, pt;q=0.5", spoken) == (
                    first if first in spoken else "pt")


@settings(max_examples=60)
@given(first=st.lists(st.sampled_from(["de", "it", "fr-CA", "pt-BR", "es;q=0.5", "*", "en;q=0"]),
                      max_size=5),
       more=st.integers(0, 3000))
def test_an_accept_language_is_read_as_far_as_a_browsers(first: list[str], more: int) -> None:
    """An ``Accept-Language`` header is read for its first ``MOST_RANGES`` ranges and
    ``RANGES_LONGEST`` characters (a browser's are a few ranges, a few dozen characters):
    what lies past them changes no answer, so a hostile header costs what a browser's
    does. Before, every range was read, in the event loop: 1.3 MB of ranges held it 0.5 s
    for each request (a range past the bound, ``fr`` here, then chose the language)."""
    spoken = callrules.languages()
    head = ", ".join(first)
    hostile = f"{head}, " + "de;q=0.9, " * (MOST_RANGES + more) + "fr"
    assert accepted_language(hostile, spoken) == accepted_language(head, spoken)
    assert accepted_language("x" * RANGES_LONGEST + ", fr", spoken) == "en"
    assert accepted_language(f"{head}, " + " " * RANGES_LONGEST + ", fr", spoken) == \
        accepted_language(head, spoken)


class TestACallsOwnLanguage:
    def test_a_language_only_the_call_has_is_read_in_its_texts(self) -> None:
        """``it-CH`` for a call written in German and Italian: its texts in Italian, the
        library's sentences in English (German, its first language, is not spoken); ``nl``,
        which neither has, is refused, naming the call's languages too."""
        with pytest.raises(callrules.ArgumentError) as info:
            call_reading("nl", ("de", "it"), "de")
        assert info.value.words is not None
        said = words_said(info.value.words, "en")
        assert all(f"`{one}`" in said for one in ("de", "it", *LANGUAGES)), said
        reading = call_reading("it-CH", ("de", "it"), "de")
        assert (str(reading), getattr(reading, "own", None)) == ("en", "it")


    def test_the_command_line_s_schema_answers_it_as_callrules_schema_does(
            self, tmp_path: Path) -> None:
        """``callrules schema application --call F --lang it`` for a call in German and
        Italian: the schema ``callrules.schema`` gives for ``it`` (the call's texts in
        Italian, the library's words in English, a note saying so), where it was refused
        (exit 2) though ``show``, ``check`` and ``plan`` of that call answer ``it``
        (tidy63); ``nl``, which neither has, is refused naming the call's languages."""
        data = minimal_call(languages=["de", "it"], title={"de": "Aufruf", "it": "Bando"},
                            clauses=[{"id": "eligibility", "title": {"de": "Frist",
                                                                     "it": "Scadenza"},
                                      "text": {"de": "Vor.", "it": "Prima."}}])
        file = tmp_path / "aufruf.json"
        file.write_text(json.dumps(data, default=str), "utf-8")
        call = callrules.Call.from_file(file)
        for tag in ("it", "it-CH"):
            out, err = io.StringIO(), io.StringIO()
            code = _cli.main(["schema", "application", "--call", str(file), "--lang", tag],
                             out=out, err=err)
            assert code == 0, err.getvalue()
            assert json.loads(out.getvalue()) == callrules.schema("application", call, tag)
            assert "English" in err.getvalue()
        out, err = io.StringIO(), io.StringIO()
        code = _cli.main(["schema", "application", "--call", str(file), "--lang", "nl"],
                         out=out, err=err)
        assert code == 2 and "--lang" in err.getvalue()
        assert all(f"`{one}`" in err.getvalue() for one in ("de", "it", *LANGUAGES))


@pytest.fixture(scope="module")
def shown_de_it() -> dict[str, Callable[[str | None], object]]:
    """Every way the Python API shows a call written in German and Italian (languages the
    library does not speak), by name: a record judged before it was submitted (a finding of
    the library's own, ``judged_before_submission``, beside the call's) and one that is not
    JSON (lmend62: those two refused ``it``, which the other entry points answered)."""
    call = callrules.Call.from_dict(minimal_call(
        {"op": "compare", "path": "submitted_at", "cmp": "<=", "to": {"milestone": "deadline"}},
        languages=["de", "it"], title={"de": "Aufruf", "it": "Bando"},
        clauses=[{"id": "eligibility", "title": {"de": "Frist", "it": "Scadenza"},
                  "text": {"de": "Vor der Frist.", "it": "Prima della scadenza."}}]))
    late = {**eligible_dict(), "submitted_at": "2026-06-02T10:00:00+02:00"}
    batch = callrules.evaluate_many(call, [json.dumps(late, default=str), "{not json"],
                                    now=callrules.parse_instant("2026-06-02 09:00 Europe/Paris"),
                                    progress=False)
    report = batch[0].report
    assert report is not None
    assert {f.code for f in report.findings} == {"too_late", "judged_before_submission"}
    return {
        "render": lambda lang: report.render(lang),
        "html": lambda lang: report.html(lang),
        "message_of": lambda lang: [report.message_of(f, lang) for f in report.findings],
        "finding.message": lambda lang: [f.message(lang) for f in report.findings],
        "rows": lambda lang: batch.rows(lang),
        "batch html": lambda lang: batch.html(lang),
        "item": lambda lang: batch[1].render(lang),
        "to_dict": lambda lang: [item.to_dict(lang) for item in batch],
        "checklist": lambda lang: call.checklist(lang),
    }


class TestACallsOwnLanguageEverywhere:
    @settings(max_examples=25, deadline=None)
    @given(tag=tags())
    @example("it")  # look62l's
    @example("de")
    @example("it-CH")
    @example("IT")
    @example("nl")
    def test_every_entry_point_answers_a_tag_alike_for_a_call_in_its_own_languages(
            self, shown_de_it: dict[str, Callable[[str | None], object]], tag: str) -> None:
        """Law: for a call in German and Italian, every entry point accepts a tag naming
        one of the call's languages (its texts in it, the library's sentences in English)
        and answers it as it answers the bare language; a language the library speaks is
        answered as that language; one neither has is refused (``bad_locale``) by all."""
        first = language_of(tag)
        lang = named(tag) or (first if first in ("de", "it") else None)
        with no_setting():
            for name, show in shown_de_it.items():
                if lang is None:
                    with pytest.raises(callrules.ArgumentError) as info:
                        show(tag)
                    assert info.value.code == "bad_locale", (name, tag)
                else:
                    assert show(tag) == show(lang), (name, tag)


def _old_state(made: object) -> list[object]:
    """The pickled state of ``made`` as a version before ``reader`` wrote it: its fields'
    values in order, ``reader`` (the last) left out."""
    names = [one.name for one in dataclasses.fields(made)]  # type: ignore[arg-type]
    assert names[-1] == "reader"
    return [getattr(made, name) for name in names[:-1]]


class TestAPickleMadeBeforeTheReader:
    def test_a_report_and_a_record_pickled_without_reader_are_whole(self) -> None:
        """A report or a record of a batch pickled before ``reader`` was a field loads as one
        made now (lmend62: pickling it again, ``dataclasses.replace``, ``asdict`` and
        ``astuple`` raised AttributeError 'reader'): reader None, the session's language."""
        call = callrules.calls.load("cnrs-amsud-2026")
        batch = callrules.evaluate_many(call, [EXAMPLE.read_text("utf-8"), "{not json"],
                                        now=NOW, progress=False)
        report = batch[0].report
        assert report is not None
        pickled: tuple[callrules.Report | callrules.BatchItem, ...] = (report, batch[0], batch[1])
        for made in pickled:
            old = object.__new__(type(made))
            old.__setstate__(_old_state(made))  # (as pickle.loads sets an old pickle's)
            assert old.reader is None and old == made
            again = pickle.loads(pickle.dumps(old))
            assert again == made and again.reader is None
            assert dataclasses.replace(old) == made
            assert str(old) == str(made)
        old = object.__new__(callrules.BatchItem)  # (a record of a batch that is not read:
        old.__setstate__(_old_state(batch[1]))  # asdict copies no call, which copy refuses)
        assert dataclasses.asdict(old)["reader"] is None
        assert dataclasses.astuple(old)[-1] is None
        assert len(dataclasses.astuple(old)) == len(dataclasses.fields(batch[1]))
