"""Words worked out while a platform registers catalogs are never kept stale: a memo of
words (a language's catalog, the service's labels) begun before the registration and ended
after it is worked out again, so that what it gives, and what it keeps, is one state of the
catalogs (look75g F6: ``labels()`` kept the languages of before until the next registration).
The interleaving is forced with events, never with sleeps."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from callrules import _i18n, register_catalogs
from callrules.serve import _http
from tests.conftest import kept_registries
from tests.platform_catalogs import platform_catalogs

#: How long a thread waits for the other at most (a deadlock fails, never hangs).
PATIENCE = 30


@pytest.fixture(autouse=True)
def _registries() -> Iterator[None]:
    with kept_registries():
        _i18n.words_changed()
        yield


def _held(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> tuple[threading.Event,
                                                                           threading.Event]:
    """``owner.name`` held at its first call, in whichever thread, until released: (the
    event set when it is held, the event that releases it)."""
    real: Callable[..., Any] = getattr(owner, name)
    holding, release = threading.Event(), threading.Event()

    def held(*args: Any, **kwargs: Any) -> Any:
        if not holding.is_set():
            holding.set()
            assert release.wait(PATIENCE)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, held)
    return holding, release


def _while_held(work: Callable[[], Any], holding: threading.Event, release: threading.Event,
                meanwhile: Callable[[], None]) -> Any:
    """``work`` run in a thread, held where :func:`_held` holds it while ``meanwhile`` runs;
    what ``work`` gave."""
    given: list[Any] = []
    thread = threading.Thread(target=lambda: given.append(work()))
    thread.start()
    assert holding.wait(PATIENCE)
    meanwhile()
    release.set()
    thread.join(PATIENCE)
    assert not thread.is_alive() and given
    return given[0]


def test_labels_read_while_catalogs_are_registered_are_the_catalogs_after(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The service's labels, read in a thread held at their first word while a platform
    registers Arabic: what that read gives, and what is kept after, speak Arabic, as
    ``languages()`` does. Before, the read begun before the registration was kept: no
    Arabic until the next registration, for every request."""
    _http.labels()  # (the four languages, kept)
    _i18n.words_changed()
    holding, release = _held(monkeypatch, _http, "translate")
    read = _while_held(_http.labels, holding, release,
                       lambda: register_catalogs(platform_catalogs(tmp_path, ("ar",))))
    assert "ar" in _i18n.languages()
    assert set(read) == set(_i18n.languages())
    assert set(_http.labels()) == set(_i18n.languages())
    assert _http.labels()["ar"]["problem_not_found"] == _i18n.translate("Not found", "ar")


def _french(folder: Path, said: str) -> Path:
    catalog = Catalog(locale="fr", domain="callrules")
    catalog.add("Not found", said)
    (folder / "fr" / "LC_MESSAGES").mkdir(parents=True)
    with (folder / "fr" / "LC_MESSAGES" / "callrules.mo").open("wb") as handle:
        write_mo(handle, catalog)
    return folder


def test_a_catalog_read_while_a_platform_registers_is_read_again(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """French read in a thread held as it chains a platform's catalog registered before,
    while the platform registers another: the word after is the last registered's. Before,
    the catalog chained before the registration was kept (« Page 1 » until the next
    registration)."""
    register_catalogs(_french(tmp_path / "first", "Page 1"))
    holding, release = _held(monkeypatch, _Copying, "copy")  # (copy.copy itself untouched)
    monkeypatch.setattr(_i18n, "copy", _Copying)
    _while_held(lambda: _i18n.translate("Not found", "fr"), holding, release,
                lambda: register_catalogs(_french(tmp_path / "second", "Page 2")))
    assert _i18n.translate("Not found", "fr") == "Page 2"


class _Copying:
    """What the library's ``copy`` module gives it, its ``copy`` held by the test."""

    copy = staticmethod(copy.copy)


def test_a_work_overlapped_by_every_registration_ends() -> None:
    """A work of words overlapped by a registration each time it is done (a platform
    registering in a loop) is done a bounded number of times, then once under the
    registrations' lock, and its words given. Before, it was done again without end
    (look76v F7: a livelock, a hot loop under a free-threaded Python)."""
    done: list[int] = []

    def overlapped() -> str:
        done.append(1)
        if len(done) > 100:
            raise RuntimeError("done again without end")
        _i18n._STATE[0] += 2  # (a registration, between the work's start and its end)
        return "words"

    state, words = _i18n.consistent(overlapped)
    assert words == "words" and len(done) == _i18n._RETRIES + 1
    assert state % 2 == 0


def test_a_zone_label_read_while_catalogs_are_registered_is_not_kept(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A zone's label worked out in a thread held after its words were read, while a
    platform registers French words for it: the label asked after the registration is the
    platform's. Before, the label read across the registration was kept (« heure de Lima »
    for « fuseau de Lima »), as every memo of words but the catalogs' and the labels' was
    (look76v F5)."""
    from zoneinfo import ZoneInfo

    from callrules._messages import PHRASES

    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalog = Catalog(locale="fr", domain="callrules")
    catalog.add(PHRASES["zone_time"], "fuseau de %(city)s")
    with (folder / "callrules.mo").open("wb") as handle:
        write_mo(handle, catalog)
    zone = ZoneInfo("America/Lima")
    holding, release = threading.Event(), threading.Event()

    class Held(dict[str, Any]):
        def get(self, *args: Any) -> Any:
            if not holding.is_set():
                holding.set()
                assert release.wait(PATIENCE)
            return dict.get(self, *args)

    monkeypatch.setattr(_i18n, "_CITY_ARTICLES", Held(_i18n._CITY_ARTICLES))
    read = _while_held(lambda: _i18n.zone_label(zone, "fr"), holding, release,
                       lambda: register_catalogs(tmp_path))
    assert read in ("heure de Lima", "fuseau de Lima")
    assert _i18n.zone_label(zone, "fr") == "fuseau de Lima"


def test_a_comparison_s_words_read_while_catalogs_are_registered_are_not_kept(
        tmp_path: Path) -> None:
    """A comparison's sides worded (``_wording._SAID``) while a platform registers catalogs,
    between the reading's start and its end: the next reading words them again, in the
    catalogs of after. Before, the words of before were kept, keyed without the catalogs'
    state, until the next registration (att85)."""
    from callrules import _wording

    said = iter(["words of before", "words of after"])

    class Words:
        lang = "fr"

        def expression(self, value: object, scope: str, names: object) -> str:
            words = next(said)
            if words == "words of before":  # (a registration, within the reading)
                register_catalogs(_french(tmp_path, "Page"))
            return words

    left, labels = {"path": "budget.total"}, object()
    assert _wording._sides_said(Words(), labels, left, None, "") == ("words of before", None)
    assert _wording._sides_said(Words(), labels, left, None, "") == ("words of after", None)


def test_a_worker_s_words_read_while_catalogs_are_registered_are_not_kept(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The digest of a process's words (``distributed._words``, which a Dask worker checks
    against its client's) worked out while a platform registers catalogs: the next reading
    names the catalogs of after. Before, the digest of before was kept until the next
    registration: a worker's words said to differ from its client's, or to agree with
    catalogs it no longer had (att85)."""
    from callrules import distributed

    real = _i18n.registered_digest
    crossed: list[str] = []

    def crossing() -> str:
        digest = real()
        if not crossed:  # (a registration, between the reading's start and its end)
            crossed.append(digest)
            register_catalogs(_french(tmp_path, "Page"))
        return digest

    monkeypatch.setattr(distributed, "registered_digest", crossing)
    assert "+" not in distributed._words()  # (the reading across: none registered then)
    assert distributed._words().endswith("+" + real()) and real()
