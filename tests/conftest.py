"""Shared fixtures: the bundled CNRS call and a valid application to vary."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import callrules

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")


def eligible_dict() -> dict[str, Any]:
    """A fresh copy of the eligible example application, as a dict."""
    data: dict[str, Any] = json.loads((EXAMPLES / "eligible.json").read_text("utf-8"))
    return copy.deepcopy(data)


@pytest.fixture(scope="session")
def call() -> callrules.Call:
    return callrules.calls.load("cnrs-amsud-2026")


@pytest.fixture
def app() -> dict[str, Any]:
    return eligible_dict()
