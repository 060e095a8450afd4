"""Which time-zone database decides a zone's instants: its release, as a decision record names it.

A deadline written in a call's zone (``2026-06-30 17:00`` in ``America/Sao_Paulo``) becomes an
instant by that zone's rules, and those rules come from the IANA time-zone database the
system or the ``tzdata`` package provides: a country that moves its clocks gets a new release,
and the same deadline can fall an hour apart under two releases. The library's identity
(:mod:`callrules._library`) does not hold it (it is data of the system, not the library's),
so a record names it apart: :func:`zone_database` is the release (``2025b``) that
:class:`zoneinfo.ZoneInfo` reads a zone from, found as :mod:`zoneinfo` finds the zone (each
folder of :data:`zoneinfo.TZPATH`, then the ``tzdata`` package); where no release is written
beside the zone's file, a digest (BLAKE2b, 16 hexadecimal digits) of that file, which tells
two databases apart without naming them. A replay compares it with today's
(:func:`zone_database_changes`) and says when another database took the decision.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import re
import zoneinfo
from functools import cache
from importlib import resources
from pathlib import Path

__all__ = ["RELEASE", "is_zone_database", "zone_database", "zone_database_changes"]

#: A release of the IANA time-zone database: a year and one or two letters (``2025b``).
RELEASE = re.compile(r"[0-9]{4}[a-z]{1,2}")
#: What a record names when the release is not written beside the zone: a digest of its file.
_DIGEST = re.compile(r"[0-9a-f]{16}")
#: The first line of ``tzdata.zi``: ``# version 2025b``.
_ZI_VERSION = re.compile(rb"# version ([0-9]{4}[a-z]{1,2})\s")


@cache
def zone_database(zone: str) -> str:
    """The release of the time-zone database ``zone`` is read from (``2025b``), or a digest
    of its file when no release is written beside it; ``""`` when the zone is found in none
    (a fixed offset, or no database at all), or when ``zone`` is no key :mod:`zoneinfo` reads
    (an absolute path, a ``..`` part: never a file outside the database, look66r)."""
    if not _is_key(zone):
        return ""
    for folder in zoneinfo.TZPATH:
        path = Path(folder, zone)
        try:
            if not path.is_file():
                continue
            content = path.read_bytes()
        except (OSError, ValueError):
            continue
        return _release_in(Path(folder)) or _digest(content)
    try:  # (as :mod:`zoneinfo` falls back to the ``tzdata`` package, where it is installed)
        content = resources.files("tzdata.zoneinfo").joinpath(*zone.split("/")).read_bytes()
        version = getattr(importlib.import_module("tzdata"), "IANA_VERSION", "")
    except (ImportError, OSError, ValueError):
        return ""
    return version if isinstance(version, str) and RELEASE.fullmatch(version) \
        else _digest(content)


def _is_key(zone: str) -> bool:
    """Whether ``zone`` is a key that :class:`zoneinfo.ZoneInfo` would look up (its own
    check: a relative path, normalised, that stays inside the database's folder)."""
    path = os.path.normpath(zone)
    return (bool(zone) and not os.path.isabs(zone) and len(path) == len(zone)
            and not path.startswith(".." + os.sep) and path != "..")


def _release_in(folder: Path) -> str:
    """The release written in a database's folder (``tzdata.zi``'s first line, or
    ``+VERSION``), or ``""``."""
    try:
        with open(folder / "tzdata.zi", "rb") as file:
            found = _ZI_VERSION.match(file.readline(100))
        if found:
            return found.group(1).decode("ascii")
    except OSError:
        pass
    try:
        told = (folder / "+VERSION").read_text("ascii", errors="replace").strip()
    except OSError:
        return ""
    return told if RELEASE.fullmatch(told) else ""


def _digest(content: bytes) -> str:
    return hashlib.blake2b(content, digest_size=8).hexdigest()


def is_zone_database(value: object) -> bool:
    """Whether ``value`` is what a record names as its time-zone database: a release, a
    digest, or ``""`` (none found)."""
    return isinstance(value, str) and (value == "" or bool(
        RELEASE.fullmatch(value) or _DIGEST.fullmatch(value)))


def zone_database_changes(recorded: str, zone: str
                          ) -> tuple[list[str], list[tuple[str, dict[str, str]]]]:
    """What a replay says when the record's time-zone database (``recorded``) is not the one
    ``zone`` is read from today: a change line and its words (a note: the decision worked
    out again already uses today's database); nothing when they are the same."""
    now = zone_database(zone)
    if recorded == now:
        return [], []
    line = (f"time-zone database: {recorded or 'none found'} → {now or 'none found'}"
            " (a deadline or instant in a zone whose rules changed may fall otherwise)")
    if RELEASE.fullmatch(recorded) and RELEASE.fullmatch(now):
        return [line], [("replay_zone_database_changed", {"was": recorded, "now": now})]
    return [line], [("replay_zone_database_other", {})]
