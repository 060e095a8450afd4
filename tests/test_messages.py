"""Messages a person reads: values formatted in each language, messages with gaps, findings
built by platforms, and the checklist's wording."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import callrules
from callrules import _i18n
from callrules import rules as r
from callrules._i18n import format_duration, format_value, negotiate
from callrules._report import Finding, Report, Severity
from callrules._text import report_text
from tests.conftest import ROOT
from tests.test_definitions import minimal_call

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 6, 2, 8, tzinfo=UTC)
CNRS_FILE = ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml"


def finding(code: str, loc: tuple[str | int, ...] = ("host", "role"), value: object = "x",
            **ctx: object) -> Finding:
    """A finding built by hand, as a platform or a test might."""
    return Finding(code, "eligibility", Severity.ERROR, loc, value, ctx)


class TestMessages:
    def test_registering_catalogs_needs_a_folder_and_counts_it_once(
            self, tmp_path: Path, registries: None) -> None:
        """A missing folder is refused; the same folder twice is one entry."""
        with pytest.raises(NotADirectoryError):
            callrules.register_catalogs(tmp_path / "nowhere")
        callrules.register_catalogs(tmp_path)
        callrules.register_catalogs(tmp_path)
        assert _i18n._EXTRA_DIRS.count(tmp_path) == 1

    def test_no_locale_gives_the_fallback_if_it_is_spoken(self) -> None:
        """None or an unknown language: the fallback, or English if that is unknown too."""
        assert negotiate(None) == "en"               # the session's language, by default
        assert negotiate("de-DE", "fr") == "fr"
        assert negotiate("de-DE", "it") == "en"

    @pytest.mark.parametrize(("value", "lang", "text"), [
        (timedelta(0), "en", "0 seconds"), (timedelta(0), "fr", "0\xa0seconde"),
        (True, "en", "yes"), (False, "fr", "non"), (1.5, "en", "1.5"),
        ({}, "fr", "—"), ({"fr": "bonjour", "en": "hello"}, "fr", "bonjour"),
        ({"es": "hola"}, "fr", "hola"), (frozenset(), "en", "nothing"),
        (frozenset({"b", "a"}), "fr", "a et b"), (None, "fr", "aucun"),
    ])
    def test_context_values_are_formatted_for_the_reader(self, value: object, lang: str,
                                                         text: str) -> None:
        """Zero durations, booleans, texts by language, empty and sorted sets."""
        if isinstance(value, timedelta):
            assert format_duration(value, lang) == text
        assert format_value(value, lang) == text

    def test_a_message_missing_a_value_shows_a_question_mark(self) -> None:
        """A finding built without its context still renders, never raising KeyError."""
        message = finding("too_late", value=date(2026, 6, 2)).message("en")
        assert message == "Host's position: June 2, 2026; limit: ? — ? too late."

    def test_an_unknown_code_reads_as_an_unmet_condition(self) -> None:
        """A platform's own code without a template falls back to the generic message."""
        assert finding("platform_code").message("fr") == \
            callrules.Finding("not_satisfied", "c", Severity.ERROR, (), None).message("fr")

    def test_a_country_finding_without_a_country_code_still_renders(self) -> None:
        """A missing country (None) is shown as "none", not looked up as a territory."""
        message = finding("not_allowed", loc=("institution", "location", "country"),
                          value=None, allowed=frozenset({"BR", "CL"})).message("en")
        assert message == ("Country: none is not among the accepted values (Brazil and "
                           "Chile).")

    def test_a_report_without_its_call_renders_without_clause_titles(self) -> None:
        """The clause id is given; its title needs the call, which a bare report lacks."""
        report = Report("mini", "1", "A-1", (finding("missing"),))
        text = report_text(report, "en")
        assert "Clause: eligibility" in text
        assert ">eligibility</td>" in report.html("en")


class TestChecklistWording:
    def test_every_operator_is_described_from_the_rule(self) -> None:
        """not, exists with and without where, present, a literal set, a literal cap, and a
        days rule with a minimum and no maximum each read as the rule says."""
        rules = [
            r.rule("eligibility", r.not_(r.present("host.unit.kind"))),
            r.rule("eligibility", r.exists("approvals")),
            r.rule("eligibility", r.exists("documents", where=r.compare("kind", "==", "cv"))),
            r.rule("eligibility", r.one_of("host.role", ["engineer", "technician"])),
            r.rule("eligibility", r.total("budget.lines", {"amount": "3100.00",
                                                            "currency": "EUR"}, of="amount")),
            r.rule("eligibility", r.each("visitors", r.days("stay.arrival", "stay.departure",
                                                            min=2))),
            r.rule("eligibility", r.not_in("host.role", r.field("$root.visitors.category"))),
            r.rule("eligibility", r.unique("host.person.email")),
        ]
        call = callrules.Call.from_dict(minimal_call(rules=rules))
        text = call.checklist("en", audience="officers")
        for line in ("Not (kind of host unit: given)", "at least one item in “approvals”",
                     "at least one item of “documents” (kind of document: CV)",
                     "host's position: one of engineer and technician",
                     "total of “budget lines”: at most €3,100.00",
                     "from the date of arrival to the date of departure: at least 2 nights",
                     "host's position: none of the values of “staff category”",
                     "at most one application per host's e-mail address (the earliest "
                     "stands) (checked across all applications)"):
            assert line in text, line

    def test_a_zero_minimum_is_not_worth_saying(self) -> None:
        """min = 0 with a maximum reads as "at most" only."""
        call = callrules.Call.from_dict(minimal_call(r.to_dict(r.each("visitors", r.days(
            "stay.arrival", "stay.departure", min=0, max=7)))))
        assert "from the date of arrival to the date of departure: at most 7 nights" in \
            call.checklist("en", audience="officers")
