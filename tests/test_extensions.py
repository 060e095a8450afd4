"""What a platform can add without forking: call folders, named sets, translations; and the
rule-language extras (milestone offsets, months and years)."""

from __future__ import annotations

import json
import shutil
import threading
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

import callrules
from callrules import _i18n, calls
from callrules._messages import CODES
from tests.conftest import eligible_dict
from tests.test_definitions import minimal_call


class TestPlatformExtensions:
    def test_a_registered_folder_makes_its_calls_loadable_by_id(
            self, tmp_path: Path, registries: None) -> None:
        """A platform's own call file loads by id; a bundled id cannot be shadowed."""
        shutil.copy(Path(__file__).parent / "data" / "good-andes-2027.toml",
                    tmp_path / "andes-2027.toml")
        calls.register_folder(tmp_path)
        assert "andes-2027" in calls.available()
        assert calls.load("andes-2027").timezone == "America/Santiago"

    def test_an_entry_point_can_declare_a_folder(self, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 registries: None) -> None:
        """Installed packages add folders through the callrules.calls entry-point group."""
        shutil.copy(Path(__file__).parent / "data" / "good-andes-2027.toml",
                    tmp_path / "andes-2027.toml")

        class Entry:
            def load(self) -> Any:
                return lambda: tmp_path

        monkeypatch.setattr("importlib.metadata.entry_points",
                            lambda group: [Entry()] if group == "callrules.calls" else [])
        assert "andes-2027" in calls.available()

    def test_a_named_set_is_read_by_call_files(self, registries: None) -> None:
        """{set = "units"} reads the platform's registered list of units."""
        calls.register_set("cnrs_units", ["UMR 7154", "UAR 3426"])
        data = minimal_call({"op": "in", "path": "host.unit.code", "set": {"param": "units"}})
        data["parameters"]["units"] = {"set": "cnrs_units"}
        call = callrules.Call.from_dict(data)
        assert callrules.evaluate(call, eligible_dict()).eligible
        calls.register_set("cnrs_units", ["UAR 3426"])
        assert not callrules.evaluate(callrules.Call.from_dict(data), eligible_dict()).eligible

    @pytest.mark.parametrize("needs", ["set", "vocabulary"])
    def test_a_call_file_refused_for_what_is_registered_while_it_is_read_loads_after(
            self, needs: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
            registries: None) -> None:
        """A call file of a registered folder refused for a named set (or a vocabulary) not
        registered yet, while another thread registers it between the refusal and its being
        remembered (the window forced: the registration runs as the refusal leaves
        ``Call.from_file``), loads once it is registered: never refused for good."""
        name = f"while_read_{needs}"
        data = minimal_call({"op": "each", "path": "visitors", "rule": {
            "op": "in", "path": "category", "set": {"param": "kinds"}}}, id="while-read")
        if needs == "set":
            data["parameters"]["kinds"] = {"set": name}
        else:
            data["parameters"]["kinds"] = ["engineer"]
            data["vocabularies"] = {"kinds": {"fields": ["visitors.category"], "shared": name}}
        (tmp_path / "while-read.json").write_text(json.dumps(data, default=str), "utf-8")
        calls.register_folder(tmp_path)
        read = callrules.Call.from_file.__func__  # type: ignore[attr-defined]

        def registered_as_it_fails(cls: type[callrules.Call], path: Any,
                                   **kwargs: Any) -> callrules.Call:
            try:
                return read(cls, path, **kwargs)  # type: ignore[no-any-return]
            except callrules.DefinitionError:
                register = threading.Thread(target=(
                    lambda: calls.register_set(name, ["engineer"]) if needs == "set" else
                    calls.register_vocabulary(name, {"engineer": {"fr": "ingénieur",
                                                                  "en": "engineer"}})))
                register.start()
                register.join()
                raise

        monkeypatch.setattr(callrules.Call, "from_file", classmethod(registered_as_it_fails))
        with pytest.raises(callrules.DefinitionError) as refused:
            calls.load("while-read")
        assert refused.value.code == ("bad_parameter" if needs == "set"
                                      else "unknown_vocabulary")
        assert calls.load("while-read").id == "while-read"
        assert "while-read" not in calls.broken()

    def test_an_unregistered_named_set_is_refused_at_load(self, registries: None) -> None:
        """The file names a set the platform never registered."""
        data = minimal_call({"op": "in", "path": "host.unit.code", "set": {"param": "units"}})
        data["parameters"]["units"] = {"set": "nowhere"}
        with pytest.raises(callrules.DefinitionError) as info:
            callrules.Call.from_dict(data)
        assert info.value.loc == ("parameters", "units")

    def test_a_platform_can_add_a_language(self, tmp_path: Path,
                                           registries: None) -> None:
        """Spanish catalogs registered by a platform make es a language messages speak."""
        catalog = Catalog(locale="es")
        catalog.add(CODES["not_allowed"],
                    "El valor %(value)s no es aceptado; aceptados: %(allowed)s.")
        folder = tmp_path / "es" / "LC_MESSAGES"
        folder.mkdir(parents=True)
        with (folder / "callrules.mo").open("wb") as handle:
            write_mo(handle, catalog)
        callrules.register_catalogs(tmp_path)
        assert "es" in callrules.languages()
        app = eligible_dict()
        app["language"] = "pt"
        call = callrules.calls.load("cnrs-amsud-2026")
        (finding,) = callrules.evaluate(call, app).errors
        assert finding.message("es-CL").startswith("El valor portugués no es aceptado")
        assert finding.message("fr").startswith("Langue de la candidature\u202f: «\u202fportugais")


class TestOffsetsAndLongDurations:
    @pytest.mark.parametrize(("submitted", "ok"), [("2025-06-01T17:00:00+02:00", True),
                                                   ("2025-06-01T16:59:59+02:00", False)])
    def test_within_twelve_months_before_the_deadline(self, submitted: str, ok: bool) -> None:
        """A milestone shifted by -12 months, in the call's zone, bounds an instant."""
        data = minimal_call({"op": "compare", "path": "submitted_at", "cmp": ">=",
                             "to": {"milestone": "deadline", "months": -12}})
        app = eligible_dict()
        app["submitted_at"] = submitted
        assert callrules.evaluate(callrules.Call.from_dict(data), app).eligible is ok

    def test_a_shifted_month_end_stays_a_month_end(self) -> None:
        """31 March minus one month is 28 February (relativedelta), in the call's zone."""
        paris = ZoneInfo("Europe/Paris")
        milestone = callrules.Milestone("end", datetime(2026, 3, 31, tzinfo=paris), "day")
        shifted = milestone.shifted(months=-1)
        assert shifted.first_day == date(2026, 2, 28) and shifted.start.utcoffset() == \
            timedelta(hours=1)

    @pytest.mark.parametrize(("departure", "ok"), [("2026-09-13", True), ("2026-09-14", False)])
    def test_complete_years_are_counted_with_relativedelta(self, departure: str,
                                                           ok: bool) -> None:
        """Fewer than 2 complete years from arrival passes; exactly 2 years fails max = 1."""
        data = minimal_call({"op": "each", "path": "visitors", "rule": {
            "op": "days", "start": "stay.arrival", "end": "stay.departure", "max": 1,
            "count": "years"}})
        app = eligible_dict()
        app["visitors"] = app["visitors"][:1]
        app["visitors"][0]["stay"] = {"arrival": "2024-09-14", "departure": departure}
        report = callrules.evaluate(callrules.Call.from_dict(data), app)
        assert report.eligible is ok
        if not ok:
            assert "2 years" in report.errors[0].message("en")


class TestMessagesDetails:
    def test_durations_in_json_are_exact_iso_8601(self, call: callrules.Call) -> None:
        """One millisecond late is PT0.001S in the JSON context."""
        app = eligible_dict()
        app["submitted_at"] = "2026-06-01T17:00:00.001+02:00"
        (error,) = callrules.evaluate(call, app).to_dict()["errors"]
        assert error["ctx"]["late_by"] == "PT0.001S"

    def test_french_elides_before_a_vowel(self) -> None:
        """heure d’Auckland, not heure de Auckland."""
        shown = _i18n.format_instant(datetime(2026, 6, 1, 17, tzinfo=ZoneInfo(
            "Pacific/Auckland")), "fr")
        assert shown.endswith("(heure d’Auckland)")

    def test_a_duplicate_names_the_field_it_compares(self, call: callrules.Call) -> None:
        """The message says which field is shared, not only "host"."""
        first, second = eligible_dict(), eligible_dict()
        second["id"], second["submitted_at"] = "B", "2026-05-29T10:00:00-03:00"
        result = callrules.evaluate_many(call, [first, second])
        report = result[1].report
        assert report is not None
        (dup,) = report.errors
        assert "host's e-mail address" in dup.message("en")

    def test_an_unknown_language_on_the_command_line_is_refused(self) -> None:
        """--lang xx: a usage error (exit 2) naming the languages spoken, nothing checked."""
        from tests.test_cli import EXAMPLES, run

        done = run("check", "cnrs-amsud-2026", str(EXAMPLES / "eligible.json"), "--lang", "xx")
        assert (done.returncode, done.stdout) == (2, "")
        assert "`en`, `es`, `fr`, `pt`, not “xx”" in done.stderr
