"""Texts a service keeps written, each of an object it does not keep alive (a version of a
call), bounded by their total size in characters and by the readers' zones they are for.

A text is kept by its object's identity and a key (the language, the zone, the format):
the object is referred to weakly, so that keeping its texts never keeps it (a version of a
call dropped by :meth:`~callrules.Call.at` goes, and its texts with it, at the next look).
The least recently asked for goes first once the texts kept hold more than their bound of
characters, or once they are for more readers' zones than theirs: a reader asking the
same page in every zone there is writes it each time, as though nothing were kept, and
pushes out only the texts of other zones, never those read in the call's own."""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable


class KeptTexts:
    """Texts written once each, by an object (weakly) and a key whose zone (``None``: the
    call's own) is told apart: at most ``characters`` characters in all (a text longer is
    not kept) and texts for at most ``zones`` readers' zones."""

    def __init__(self, characters: int, zones: int) -> None:
        self.most = characters
        self.most_zones = zones
        self.characters = 0  # (held now)
        self._texts: OrderedDict[tuple[int, Hashable, str | None], str] = OrderedDict()
        self._of: dict[int, tuple[weakref.ref[object], set[tuple[Hashable, str | None]]]] = {}
        self._zones: OrderedDict[str, set[tuple[int, Hashable]]] = OrderedDict()
        self._gone: list[int] = []  # (objects collected: their texts dropped at the next look)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            self._drop_gone()
            return len(self._texts)

    def get(self, owner: object, key: Hashable, zone: str | None,
            write: Callable[[], str]) -> str:
        """The text of ``owner`` for ``key`` and ``zone``, kept, or written by ``write`` (out
        of the lock: two threads may write the same text, one is kept)."""
        ident = id(owner)
        with self._lock:
            self._drop_gone()
            held = self._of.get(ident)
            if held is not None and held[0]() is owner:
                text = self._texts.get((ident, key, zone))
                if text is not None:
                    self._texts.move_to_end((ident, key, zone))
                    if zone is not None:
                        self._zones.move_to_end(zone)
                    return text
        text = write()
        if len(text) > self.most:
            return text
        with self._lock:
            self._drop_gone()
            held = self._of.get(ident)
            if held is None or held[0]() is not owner:  # (none, or another object's id)
                self._drop(ident)
                held = self._of[ident] = (weakref.ref(owner, _noting(self._gone, ident)),
                                          set())
            if (ident, key, zone) in self._texts:
                return self._texts[(ident, key, zone)]
            if zone is not None and zone not in self._zones \
                    and len(self._zones) >= self.most_zones:
                self._drop_zone(next(iter(self._zones)))
            self._texts[(ident, key, zone)] = text
            held[1].add((key, zone))
            if zone is not None:
                self._zones.setdefault(zone, set()).add((ident, key))
                self._zones.move_to_end(zone)
            self.characters += len(text)
            while self.characters > self.most:
                self._forget(next(iter(self._texts)))
        return text

    def _forget(self, entry: tuple[int, Hashable, str | None]) -> None:
        ident, key, zone = entry
        self.characters -= len(self._texts.pop(entry))
        held = self._of[ident]  # (every text's object is held while it has one)
        held[1].discard((key, zone))
        if not held[1]:
            del self._of[ident]
        if zone is not None:
            of_zone = self._zones[zone]
            of_zone.discard((ident, key))
            if not of_zone:
                del self._zones[zone]

    def _drop(self, ident: int) -> None:
        held = self._of.get(ident)
        for key, zone in list(held[1]) if held is not None else ():
            self._forget((ident, key, zone))
        self._of.pop(ident, None)

    def _drop_zone(self, zone: str) -> None:
        for ident, key in list(self._zones[zone]):
            self._forget((ident, key, zone))

    def _drop_gone(self) -> None:
        while self._gone:
            self._drop(self._gone.pop())


def _noting(gone: list[int], ident: int) -> Callable[[weakref.ref[object]], None]:
    """The callback of an object's weak reference: its identity noted in ``gone`` (a list,
    whose ``append`` needs no lock: it may be called in any thread, by the collector)."""
    def note(_: weakref.ref[object]) -> None:
        gone.append(ident)
    return note
