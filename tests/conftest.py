"""Shared fixtures: the bundled CNRS call and a valid application to vary."""

from __future__ import annotations

import copy
import json
import os
import signal
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import callrules
from callrules import _encodings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

#: Under CI (``CI`` set, as ``.ci/run`` does), each law draws its examples from a seed fixed by
#: the test itself (``derandomize``): a run on the same code gives the same verdict, so a
#: rare example no law has met before cannot fail one merge and pass the next. Elsewhere
#: (a developer's run, the stress runs at three times the examples before a merge) the
#: examples are random, which is how the laws keep finding new ones. CI draws a quarter of
#: the examples each law asks for (``tests/laws.py``), on every core (``pytest -n auto``).
settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow],
                          derandomize=True)
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")

#: The tests stop the processes they start with Ctrl-C (SIGINT) as a terminal would. A suite
#: started in the background by a shell without job control (``./.ci/run &``, ``nohup``) has
#: SIGINT ignored, as POSIX says, and an ignored signal stays ignored across ``exec``: every
#: command line and service a test started would then go on through its Ctrl-C (exit 0, or
#: a timeout, where 130 is the answer). A handled signal is put back to its default in them.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


def eligible_dict() -> dict[str, Any]:
    """A fresh copy of the eligible example application, as a dict, naming no call: the
    tests check it against calls of their own too, and an application that names another
    call than the one checking it is not judged (``other_call``)."""
    data: dict[str, Any] = json.loads((EXAMPLES / "eligible.json").read_text("utf-8"))
    data.pop("call", None)
    return copy.deepcopy(data)


def eligible_batch(ids: Iterable[str], per_host: int = 1) -> list[dict[str, Any]]:
    """The eligible example application under each of ``ids``, each host's e-mail address
    ``host<n>@example.org`` given to ``per_host`` applications in a row (one a host when 1;
    one-per-host findings across a batch's parts otherwise)."""
    batch = []
    for number, id_ in enumerate(ids):
        app = eligible_dict()
        app["id"] = id_
        app["host"]["person"]["email"] = f"host{number // per_host}@example.org"
        batch.append(app)
    return batch


@pytest.fixture
def readings(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """How the sources of a test were read: for each reading of ``_encodings._read``, in
    order, whether it was the second, wide one (a source read twice: UTF-16/32 lines among
    UTF-8 lines); the test counts them to say a source was read once, or twice up to a bound."""
    calls: list[bool] = []
    reading = _encodings._read

    def counted(pieces: Any, wide: bool, **how: Any) -> Any:
        calls.append(wide)  # (a reading in the encoding a source's first bytes say: False)
        return reading(pieces, wide, **how)

    monkeypatch.setattr(_encodings, "_read", counted)
    return calls


@pytest.fixture(autouse=True)
def session_language() -> Iterator[None]:
    """Every test starts and ends with no session language chosen (``set_language``): one
    chosen by a test (the hostile-argument laws call it with values that it accepts) would
    otherwise speak for the command lines run in-process by the tests after it."""
    callrules.set_language(None)
    yield
    callrules.set_language(None)


@contextmanager
def kept_registries() -> Iterator[None]:
    """Leave the module-level registries as they were: call folders and the loaded calls,
    named sets, shared vocabularies, and platform catalogs (what the installed packages'
    entry points gave is forgotten, before and after) (a context, for a property whose
    every example must find them as they were)."""
    from callrules import _i18n, _parameters, _vocabularies, calls

    folders, cache, files = list(calls._FOLDERS), dict(calls._CACHE), dict(calls._FILES)
    failed = dict(calls._FAILED)
    sets, catalogs = dict(_parameters._NAMED_SETS), list(_i18n._EXTRA_DIRS)
    vocabularies = dict(_vocabularies._SHARED)
    calls._RAN = None  # (the entry points a test installs by hand are run anew)
    try:
        yield
    finally:
        calls._RAN = None
        _vocabularies._SHARED.clear()
        _vocabularies._SHARED.update(vocabularies)
        calls._FOLDERS[:] = folders
        calls._CACHE.clear()
        calls._CACHE.update(cache)
        calls._FILES.clear()
        calls._FILES.update(files)
        calls._FAILED.clear()
        calls._FAILED.update(failed)
        _parameters._NAMED_SETS.clear()
        _parameters._NAMED_SETS.update(sets)
        _i18n._EXTRA_DIRS[:] = catalogs
        _i18n.words_changed()


@pytest.fixture
def registries() -> Iterator[None]:
    """The registries as they were after the test (:func:`kept_registries`)."""
    with kept_registries():
        yield


@pytest.fixture(scope="session")
def call() -> callrules.Call:
    return callrules.calls.load("cnrs-amsud-2026")


@pytest.fixture
def app() -> dict[str, Any]:
    return eligible_dict()
