"""Every edition of a recurring call, given by its file, on the command line: a decision
the library made on any edition replays with ``replay --call FILE`` (an edition's id
resolves to that edition of the file, as ``calls.load`` and ``serve --call-dir`` find it),
and what ``replay`` says of a record it cannot replay is in the reader's language."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

import callrules
from callrules._cli import main
from tests.laws import settings

EXAMPLE_CALL = Path("docs/examples/example-call.toml")
EXAMPLE_APPLICATION = Path("docs/examples/example-application.json")
EDITIONS = 3
LANGS = ("fr", "en", "es", "pt")


def _recurring(folder: Path) -> Path:
    """The documentation's example call, recurring for three years, in ``folder``."""
    text = EXAMPLE_CALL.read_text(encoding="utf-8").replace(
        "\n[title]\n", f'\n[recurrence]\ncount = {EDITIONS}\nid = "pacific-workshops-{{year}}"'
        "\n\n[title]\n", 1) + (  # and one application per host, across each edition's
        '\n[[rules]]\nclause = "deadline"\n'
        'check = { op = "unique", path = "host.person.email", order_by = "submitted_at" }\n')
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "pacific-workshops-2027.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _application(call_id: str) -> dict[str, object]:
    data = json.loads(EXAMPLE_APPLICATION.read_text(encoding="utf-8"))
    data["call"] = call_id
    return data


class TestReplayOfEveryEdition:
    @settings(max_examples=12, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(edition=st.integers(0, EDITIONS - 1), day=st.integers(0, 2 * 365),
           lang=st.sampled_from(LANGS))
    def test_a_decision_on_any_edition_replays_against_the_file(
            self, tmp_path: Path, edition: int, day: int, lang: str) -> None:
        """Law: the decision record the library makes on edition k of a recurring call (any
        instant, any verdict) replays as the same verdict with ``replay --call FILE``, the
        first edition's file: exit 0, no record refused, nothing said on standard error."""
        path = _recurring(tmp_path / "calls")
        call = callrules.Call.from_file(path).editions()[edition]
        now = datetime(2027, 1, 1, tzinfo=UTC).replace(year=2027 + edition) + \
            (datetime(2027, 1, 2, tzinfo=UTC) - datetime(2027, 1, 1, tzinfo=UTC)) * day
        record = callrules.decision_record(call, _application(call.id), now=now)
        records = tmp_path / "records.jsonl"
        records.write_text(json.dumps(record) + "\n", encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        code = main(["replay", str(records), "--call", str(path), "--lang", lang], out=out,
                    err=err)
        assert code == 0, out.getvalue() + err.getvalue()
        assert err.getvalue() == ""

    def test_a_record_of_no_edition_is_not_replayed(self, tmp_path: Path) -> None:
        """A record naming a year the file has no edition of is still another call's."""
        path = _recurring(tmp_path / "calls")
        call = callrules.Call.from_file(path).editions()[1]
        record = callrules.decision_record(call, _application(call.id),
                                           now=datetime(2028, 3, 1, tzinfo=UTC))
        record["call"]["id"] = "pacific-workshops-2031"
        records = tmp_path / "records.jsonl"
        records.write_text(json.dumps(record) + "\n", encoding="utf-8")
        code = main(["replay", str(records), "--call", str(path)], out=io.StringIO(),
                    err=io.StringIO())
        assert code == 2


class TestWhyNotReplayedInWords:
    @settings(max_examples=8, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(lang=st.sampled_from(("fr", "es", "pt")))
    def test_an_unknown_call_is_said_in_the_readers_language(self, tmp_path: Path,
                                                             lang: str) -> None:
        """A record naming a call that is not known: NOT REPLAYED and the reason in the
        ``--lang`` language, as on standard error, never the error's English text."""
        path = _recurring(tmp_path / "calls")
        call = callrules.Call.from_file(path)
        record = callrules.decision_record(call, _application(call.id),
                                           now=datetime(2027, 3, 1, tzinfo=UTC))
        records = tmp_path / "records.jsonl"
        records.write_text(json.dumps(record) + "\n", encoding="utf-8")
        out = io.StringIO()
        code = main(["replay", str(records), "--lang", lang], out=out, err=io.StringIO())
        assert code == 2
        assert "no call" not in out.getvalue() and "known calls" not in out.getvalue()
        assert "pacific-workshops-2027" in out.getvalue()


class TestCheckOfEveryEdition:
    @settings(max_examples=15, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(chosen=st.lists(st.integers(0, EDITIONS - 1), min_size=1, max_size=5),
           fmt=st.sampled_from(["json", "jsonl"]), record=st.booleans())
    def test_each_application_is_checked_against_the_edition_it_names(
            self, tmp_path: Path, chosen: list[int], fmt: str, record: bool) -> None:
        """Law: ``check FILE`` of a recurring call, on a batch whose applications name any of
        its editions, gives each the verdict the library gives it on that edition (the rules
        spanning applications within each edition's applications), in order, streamed or
        not; and the decision records it writes replay as the same verdicts."""
        path = _recurring(tmp_path / "calls")
        editions = callrules.Call.from_file(path).editions()
        now = datetime(2028, 3, 1, tzinfo=UTC)
        apps = [_application(editions[k].id) for k in chosen]
        for number, app in enumerate(apps):
            app["id"] = f"PW-{number}"
        expected: dict[int, tuple[str, bool]] = {}
        for k in set(chosen):
            places = [place for place, each in enumerate(chosen) if each == k]
            judged = callrules.evaluate_many(editions[k], [apps[p] for p in places], now=now,
                                             progress=False)
            for place, item in zip(places, judged, strict=True):
                assert item.report is not None
                expected[place] = (editions[k].id, item.report.eligible)
        batch = tmp_path / "batch.jsonl"
        batch.write_text("".join(json.dumps(app) + "\n" for app in apps), encoding="utf-8")
        records = tmp_path / "records.jsonl"
        out, err = io.StringIO(), io.StringIO()
        code = main(["check", str(path), str(batch), "--format", fmt, "--at", now.isoformat(),
                     *(["--record", str(records)] if record else [])], out=out, err=err)
        assert code in (0, 1), err.getvalue()
        text = out.getvalue()
        results = json.loads(text) if fmt == "json" else [
            json.loads(line) for line in text.splitlines()]
        corrected = {r["index"] for r in results if "correction" in r}
        said = [(r["call"]["id"], r["eligible"] and r.get("index") not in corrected)
                for r in results if "correction" not in r]
        assert said == [expected[place] for place in range(len(apps))]
        if record:
            replayed = main(["replay", str(records), "--call", str(path)],
                            out=io.StringIO(), err=io.StringIO())
            assert replayed == 0



def _bundled_edition(folder: Path, edition: int) -> tuple[Path, callrules.Call, dict[str, Any]]:
    """The bundled call made recurring (two yearly editions) in ``folder``; its edition
    ``edition``; and the bundled eligible application naming it, written to ``app.json``."""
    text = Path("src/callrules/calls/cnrs-amsud-2026.toml").read_text(encoding="utf-8")
    text = text.replace("\n[title]", '\n[recurrence]\ncount = 2\nid = "cnrs-amsud-{year}"'
                        "\n\n[title]", 1)
    path = folder / "cnrs-amsud-2026.toml"
    path.write_text(text, encoding="utf-8")
    chosen = callrules.Call.from_file(path).editions()[edition]
    app = json.loads(Path("examples/eligible.json").read_text(encoding="utf-8"))
    app["call"] = chosen.id
    (folder / "app.json").write_text(json.dumps(app), encoding="utf-8")
    return path, chosen, app

SCORES = ("application,reviewer,criterion,score\n"
          "AMSUD-2026-0007,r1,fit,5\nAMSUD-2026-0007,r1,cooperation,4\n"
          "AMSUD-2026-0007,r1,durability,4\n")


class TestSelectionOfAnEdition:
    @settings(max_examples=6, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(edition=st.integers(0, 1), year=st.integers(0, 1))
    def test_a_batch_of_one_edition_is_ranked_against_it(self, tmp_path: Path, edition: int,
                                                          year: int) -> None:
        """Law: ``select FILE`` of a recurring call, on applications naming one of its
        editions, ranks them as the library does against that edition (the same decisions),
        and its record replays as the same outcome with ``replay --call FILE``."""
        path, chosen, app = _bundled_edition(tmp_path, edition)
        (tmp_path / "scores.csv").write_text(SCORES, encoding="utf-8")
        now = datetime(2026 + year, 6, 1, 8, tzinfo=UTC)
        expected = callrules.select(chosen, [app], callrules.read_scores(tmp_path / "scores.csv"),
                                    envelope=callrules.Money("20000", "EUR"), now=now)
        out = io.StringIO()
        code = main(["select", str(path), str(tmp_path / "app.json"), "--scores",
                     str(tmp_path / "scores.csv"), "--envelope", "20000", "--format", "json",
                     "--at", now.isoformat(), "--record", str(tmp_path / "sel.jsonl")],
                    out=out, err=io.StringIO())
        assert code == 0, out.getvalue()
        said = json.loads(out.getvalue())
        assert [(e["application"], e["decision"]) for e in said["entries"]] == [
            (e["application"], e["decision"]) for e in expected.to_dict()["entries"]]
        assert main(["replay", str(tmp_path / "sel.jsonl"), "--call", str(path)],
                    out=io.StringIO(), err=io.StringIO()) == 0


class TestPlanOfAnEdition:
    @settings(max_examples=4, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(edition=st.integers(0, 1))
    def test_an_application_is_planned_against_the_edition_it_names(
            self, tmp_path: Path, edition: int) -> None:
        """Law: ``plan FILE`` of a recurring call plans an application naming any edition
        as the library plans it against that edition."""
        path, chosen, app = _bundled_edition(tmp_path, edition)
        now = datetime(2026 + edition, 6, 1, 8, tzinfo=UTC)
        expected = callrules.plan(chosen, app, now=now).to_dict("en")
        out = io.StringIO()
        code = main(["plan", str(path), str(tmp_path / "app.json"), "--format", "json",
                     "--at", now.isoformat()], out=out, err=io.StringIO())
        assert code in (0, 1), out.getvalue()
        assert json.loads(out.getvalue()) == [{  # (placed in the batch as check places it)
            **json.loads(json.dumps(expected, default=str)), "index": 0,
            "source": str(tmp_path / "app.json")}]


class TestShowOfAnEdition:
    @settings(max_examples=12, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(edition=st.integers(0, EDITIONS - 1), named=st.booleans(),
           lang=st.sampled_from(LANGS), fmt=st.sampled_from(["text", "markdown", "html"]))
    def test_show_gives_the_edition_asked_and_names_the_others(
            self, tmp_path: Path, edition: int, named: bool, lang: str, fmt: str) -> None:
        """Law: ``show FILE --edition ID`` of a recurring call shows that edition (its
        checklist, as the library writes it), then a line that names it first and every
        other edition; without ``--edition``, the file's own. ``show FILE`` showed the first
        edition only, saying nothing of the others, and no option asked for another."""
        path = _recurring(tmp_path / "calls")
        editions = callrules.Call.from_file(path).editions()
        asked = editions[edition] if named else editions[0]
        out, err = io.StringIO(), io.StringIO()
        code = main(["show", str(path), "--lang", lang, "--format", fmt,
                     *(["--edition", asked.id] if named else [])], out=out, err=err)
        assert code == 0, err.getvalue()
        listed = asked.checklist(lang, format=fmt)
        assert out.getvalue().startswith(listed)
        note = out.getvalue()[len(listed):]
        assert note.strip().count("\n") == 0
        places = [note.find(each.id) for each in editions]
        assert -1 not in places and min(places) == places[editions.index(asked)]

    @pytest.mark.parametrize("lang, words", [("fr", "éditions"), ("es", "ediciones"),
                                             ("pt", "edições"), ("en", "editions")])
    def test_an_edition_the_call_has_not_is_said_naming_those_it_has(
            self, tmp_path: Path, lang: str, words: str) -> None:
        """``--edition`` naming a year the file has no edition of: exit 2, one line in the
        reader's language naming the editions there are; nothing shown."""
        path = _recurring(tmp_path / "calls")
        out, err = io.StringIO(), io.StringIO()
        code = main(["show", str(path), "--lang", lang, "--edition", "pacific-workshops-2031"],
                    out=out, err=err)
        assert (code, out.getvalue()) == (2, "")
        said = err.getvalue()
        assert said.count("\n") == 1 and words in said and "pacific-workshops-2031" in said
        assert all(each.id in said for each in callrules.Call.from_file(path).editions())
