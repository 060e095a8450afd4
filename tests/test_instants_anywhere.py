"""Any instant the library accepts is shown in any zone, in every output, without an error: an
instant whose date in the reader's zone (or the call's) is outside the calendar is said so."""

from __future__ import annotations

import csv
import io
import json
import zoneinfo
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules import _cli
from callrules._i18n import LANGUAGES, format_instant, format_instant_in, format_value
from callrules._time import is_place
from tests.conftest import EXAMPLES, ROOT, eligible_dict
from tests.laws import settings

#: The zones of places, the reader's zones: the farthest from UTC either way among them.
PLACES = sorted(z for z in zoneinfo.available_timezones() if is_place(z))
FARTHEST = ("Pacific/Kiritimati", "Pacific/Niue", "America/Lima", "Asia/Tokyo", "UTC",
            "Pacific/Pago_Pago", "Pacific/Apia")
_FIRST = datetime(1, 1, 1, tzinfo=UTC)
_LAST = datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
#: Instants the library accepts (within the calendar once seen from UTC), most within two days
#: of one of its ends, where a zone's clocks leave it.
ACCEPTED = st.one_of(
    st.timedeltas(timedelta(0), timedelta(days=2)).map(lambda d: _FIRST + d),
    st.timedeltas(timedelta(0), timedelta(days=2)).map(lambda d: _LAST - d),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59),
                 timezones=st.just(UTC)))
ZONES = st.sampled_from(FARTHEST) | st.sampled_from(PLACES)


def given_as(instant: datetime, zone: tzinfo) -> datetime:
    """``instant`` as given with ``zone``'s offset, or in UTC where ``zone`` cannot show it."""
    try:
        return instant.astimezone(zone)
    except OverflowError:
        return instant


class TestFormatting:
    @settings(max_examples=300)
    @given(instant=ACCEPTED, given_in=ZONES, zone=ZONES | st.integers(-14 * 60, 14 * 60),
           lang=st.sampled_from(LANGUAGES))
    def test_any_instant_reads_in_any_zone(self, instant: datetime, given_in: str,
                                           zone: str | int, lang: str) -> None:
        """Any accepted instant, given at any offset, shown in any zone (a place's or a fixed
        offset) in any language, is a text: the instant, then either its time there or that
        it falls before the year 1 or after 9999 there, never an error."""
        value = given_as(instant, zoneinfo.ZoneInfo(given_in))
        reader: tzinfo = (zoneinfo.ZoneInfo(zone) if isinstance(zone, str)
                          else timezone(timedelta(minutes=zone)))
        shown = format_value(value, lang, reader)
        assert shown.startswith(format_instant(value, lang))
        elsewhere = format_instant_in(value, lang, reader)
        assert format_instant(value, lang, reader)
        try:
            local = value.astimezone(reader)
        except OverflowError:
            assert ("9999" if instant.year > 1 else " 1 (") in elsewhere
        else:
            assert elsewhere.endswith(format_instant(local, lang))

    @pytest.mark.parametrize(("instant", "zone", "said"), [
        (_FIRST, "America/Lima", "January 1, 1, 12:00\u202fAM (UTC), that is before "
                                 "the year 1 (Lima time)"),
        (_LAST, "Asia/Tokyo", "December 31, 9999, 11:59:59.999999\u202fPM (UTC), that "
                              "is after the year 9999 (Tokyo time)"),
    ])
    def test_an_instant_outside_the_calendar_there_is_said_to_be(
            self, instant: datetime, zone: str, said: str) -> None:
        """The reader is told why the instant has no time in their zone, in words."""
        assert format_value(instant, "en", zoneinfo.ZoneInfo(zone)) == said


def _records(out: str, fmt: str) -> int:
    """How many records an output of ``callrules check`` answers."""
    if fmt == "json":
        return len(json.loads(out))
    if fmt == "jsonl":
        return len(out.splitlines())
    if fmt.startswith("csv"):
        rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff")),
                               delimiter=";" if fmt == "csv-fr" else ","))
        return len({row[1] for row in rows[1:]})
    return out.count("\n\n") + 1


def _application(submitted: datetime, number: int) -> dict[str, Any]:
    data = eligible_dict()
    data["id"] = f"AMSUD-2026-{number:04d}"
    data["submitted_at"] = submitted.isoformat()
    return data


class TestEveryOutput:
    @settings(max_examples=40, deadline=None)
    @given(now=ACCEPTED, submitted=ACCEPTED, zone=st.none() | ZONES,
           fmt=st.sampled_from(["text", "json", "jsonl", "csv", "csv-fr"]),
           call=st.sampled_from(["cnrs-amsud-2026", "lima"]),
           lang=st.sampled_from(LANGUAGES))
    def test_a_check_at_any_instant_in_any_zone_answers_every_record(
            self, tmp_path_factory: pytest.TempPathFactory, now: datetime,
            submitted: datetime, zone: str | None, fmt: str, call: str, lang: str) -> None:
        """``check`` at any accepted instant, of applications submitted at any accepted
        instant, shown in any zone (or none), in every format, with a decision record,
        answers each record (exit 0, 1 or 2, N results for N records), never a crash."""
        folder = tmp_path_factory.mktemp("anywhere")
        applications = [_application(submitted, 1), _application(now, 2),
                        json.loads((EXAMPLES / "ineligible.json").read_text("utf-8"))]
        batch = folder / "batch.jsonl"
        batch.write_text("".join(json.dumps(a) + "\n" for a in applications), "utf-8")
        argv = ["check", _lima(folder) if call == "lima" else call, str(batch),
                "--at", now.isoformat(), "--lang", lang, "--record", str(folder / "r.jsonl")]
        argv += ["--format", "csv", "--csv-dialect", "excel-fr"] if fmt == "csv-fr" else [
            "--format", fmt]
        if zone is not None:
            argv += ["--zone", zone]
        out, err = io.StringIO(), io.StringIO()
        assert _cli.main(argv, out=out, err=err) in (0, 1, 2), err.getvalue()
        assert "internal error" not in err.getvalue()
        assert _records(out.getvalue(), fmt) == len(applications)

    @settings(max_examples=30, deadline=None)
    @given(now=ACCEPTED, zone=ZONES, fmt=st.sampled_from(["text", "markdown", "html"]),
           lang=st.sampled_from(LANGUAGES))
    def test_checklists_and_explanations_at_any_instant_in_any_zone(
            self, now: datetime, zone: str, fmt: str, lang: str) -> None:
        """A call's checklist at any instant in any zone, and a report's every rendering
        (text, HTML, JSON, each finding's message) in that zone, are texts, never an
        error."""
        call = callrules.calls.load("cnrs-amsud-2026").at(now)
        assert call.checklist(lang, format=fmt, zone=zone)  # type: ignore[arg-type]
        for data in (eligible_dict(), json.loads(
                (EXAMPLES / "ineligible.json").read_text("utf-8"))):
            report = callrules.evaluate(call, data, now=now)
            assert report.render(lang, zone) and report.html(lang, zone)
            assert json.dumps(report.to_dict(lang, zone))
            for finding in (*report.errors, *report.warnings):
                assert finding.message(lang, zone)


def _lima(folder: Path) -> str:
    """The bundled call in the zone of Lima (UTC−05:00), written in ``folder``."""
    path = folder / "lima.toml"
    text = (ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml").read_text("utf-8")
    path.write_text(text.replace('timezone = "Europe/Paris"', 'timezone = "America/Lima"', 1),
                    "utf-8")
    return str(path)
