"""The service's start reads and checks every call but generates no call's decision code:
each call's is generated at its first check, once however many check it at once (a start
with many calls grew by some 25–40 ms a call generating code no request may ever use)."""

from __future__ import annotations

import json
import threading
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

import callrules
from callrules import Call
from callrules.language import program
from callrules.serve import create_app
from tests.conftest import EXAMPLES, ROOT, kept_registries
from tests.live_server import serving

BUNDLED = ROOT / "src" / "callrules" / "calls" / "cnrs-amsud-2026.toml"
ELIGIBLE = json.loads((EXAMPLES / "eligible.json").read_text("utf-8"))


def _copies(folder: Path, count: int) -> list[str]:
    text = BUNDLED.read_text("utf-8")
    ids = [f"copy-{at}" for at in range(count)]
    for call_id in ids:
        (folder / f"{call_id}.toml").write_text(
            text.replace('id = "cnrs-amsud-2026"', f'id = "{call_id}"', 1), "utf-8")
    return ids


def test_a_call_is_generated_at_its_first_check_once(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    """Three calls served: none generated as the service starts; eight checks of one at
    once generate it once, and judge as the library judges a call generated at load (the
    same report); the others stay ungenerated. Before, the start generated all three."""
    generated: Counter[str] = Counter()
    real = program._generate

    def counted(*args: Any) -> Any:
        generated[str(args[1])] += 1
        return real(*args)

    monkeypatch.setattr(program, "_generate", counted)
    ids = _copies(tmp_path, 3)
    with kept_registries():
        app = create_app(tmp_path)
        mine = {source: n for source, n in generated.items() if str(tmp_path) in source}
        assert mine == {}, mine
        answers: list[httpx.Response] = []
        body = ELIGIBLE | {"call": ids[0]}
        with serving(app) as url:
            def check() -> None:
                with httpx.Client(base_url=url, timeout=60) as client:
                    answers.append(client.post(f"/calls/{ids[0]}/check?now=2026-05-01T12:00:00Z",
                                               json=body))
            threads = [threading.Thread(target=check) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
        mine = {Path(source).stem: n for source, n in generated.items()
                if str(tmp_path) in source}
        assert mine == {ids[0]: 1}, mine
        assert [answer.status_code for answer in answers] == [200] * 8
        at_load = Call.from_file(tmp_path / f"{ids[0]}.toml")
        assert at_load.program.is_generated  # (the library's default: at load)
        expected = callrules.evaluate(at_load, body, now=datetime(2026, 5, 1, 12, tzinfo=UTC))
        for answer in answers:
            assert answer.json()["eligible"] == expected.eligible


def test_a_call_whose_generation_fails_decides_by_its_explanations(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    """Generating a call's decision at its first check fails (no memory left): every check
    is judged all the same, as the library judges the call generated (its rules deciding
    by their explanations), the failure logged once and generation never tried again.
    Before, every check of the call answered 500, generating again each time (look76v
    F4)."""
    tried: list[str] = []

    def failing(*args: Any) -> Any:
        tried.append(str(args[1]))
        raise MemoryError("generation failed")

    ids = _copies(tmp_path, 1)
    body = json.loads((EXAMPLES / "ineligible.json").read_text("utf-8")) | {"call": ids[0]}
    with kept_registries():
        at_load = Call.from_file(tmp_path / f"{ids[0]}.toml")
        expected = callrules.evaluate(at_load, body, now=datetime(2026, 5, 1, 12, tzinfo=UTC))
        monkeypatch.setattr(program, "_generate", failing)
        app = create_app(tmp_path)
        with serving(app) as url, httpx.Client(base_url=url, timeout=60) as client:
            answers = [client.post(f"/calls/{ids[0]}/check?now=2026-05-01T12:00:00Z",
                                   json=body) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200] * 3
    assert not expected.eligible
    codes = sorted(error["code"] for error in expected.to_dict()["errors"])
    assert codes and all(sorted(error["code"] for error in answer.json()["errors"]) == codes
                         for answer in answers)
    assert all(answer.json()["eligible"] == expected.eligible for answer in answers)
    assert len([source for source in tried if str(tmp_path) in source]) == 1, tried
    assert len([record for record in caplog.records
                if "could not be generated" in record.getMessage()]) == 1
