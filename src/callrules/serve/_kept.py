"""Texts a service keeps written, each of an object it does not keep alive (a version of a
call), bounded by their total size in characters and by the readers' zones they are for.

A text is kept by its object and a key (the language, the zone, the format), in a
:class:`weakref.WeakKeyDictionary` of the objects: keeping its texts never keeps an object
(a version of a call dropped by :meth:`~callrules.Call.at` goes, and its texts with it, as
it is collected), and an object made later is never given another's texts, whatever its
id. The least recently asked for goes first once the texts kept hold more than their bound
of characters, or once they are for more readers' zones than theirs: a reader asking the
same page in every zone there is writes it each time, as though nothing were kept, and
pushes out only the texts of other zones, never those read in the call's own."""

from __future__ import annotations

import threading
import weakref
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Hashable

#: A text's place among an object's: its key and its reader's zone (None: the call's own).
Place = tuple[Hashable, str | None]


class _Texts:
    """The texts kept of one object (referred to weakly: :attr:`owner`), by place, their
    characters, and the keys of its texts for each reader's zone."""

    __slots__ = ("__weakref__", "characters", "gone", "owner", "said_gone", "texts", "zones")

    def __init__(self, owner: object, gone: deque[_Texts]) -> None:
        self.owner = weakref.ref(owner)
        self.texts: dict[Place, str] = {}
        self.characters = 0
        self.zones: dict[str, set[Hashable]] = {}
        self.gone = False  # (its owner collected, its texts no longer counted)
        # (told to the kept texts as its owner is collected, in whatever thread: an append
        # alone, never the lock; taken back once it is no longer listed)
        self.said_gone = weakref.finalize(owner, gone.append, self)
        self.said_gone.atexit = False

    def add(self, place: Place, text: str) -> None:
        self.texts[place] = text
        self.characters += len(text)
        if place[1] is not None:
            self.zones.setdefault(place[1], set()).add(place[0])

    def pop(self, place: Place) -> None:
        text = self.texts.pop(place, None)
        if text is None:
            return
        self.characters -= len(text)
        key, zone = place
        if zone is not None:
            of_zone = self.zones[zone]
            of_zone.discard(key)
            if not of_zone:
                del self.zones[zone]


class KeptTexts:
    """Texts written once each, by an object (weakly) and a key whose zone (``None``: the
    call's own) is told apart: at most ``characters`` characters in all (a text longer is
    not kept) and texts for at most ``zones`` readers' zones."""

    def __init__(self, characters: int, zones: int) -> None:
        self.most = characters
        self.most_zones = zones
        self._of: weakref.WeakKeyDictionary[object, _Texts] = weakref.WeakKeyDictionary()
        # (the texts in the order they were last asked for, the least recent first, each
        # by its object's texts, weakly: those of an object gone are passed over)
        self._order: OrderedDict[tuple[int, Hashable, str | None], weakref.ref[_Texts]] = \
            OrderedDict()
        self._zones: OrderedDict[str, None] = OrderedDict()  # (the least recent first)
        self._lock = threading.Lock()
        # running totals of the texts held (of objects alive), so that a miss never sums
        # over every object held (at 4,000 versions: 18-55 us a miss, against 2 us before
        # the texts were kept weakly): their characters, their number, theirs in each zone;
        # the texts of an object collected are taken off as its finalizer says so (_gone)
        self._characters = 0
        self._texts = 0
        self._in_zone: Counter[str] = Counter()
        self._gone: deque[_Texts] = deque()

    @property
    def characters(self) -> int:
        """The characters of the texts held now (those of objects still alive)."""
        with self._lock:
            self._settle()
            return self._characters

    def __len__(self) -> int:
        with self._lock:
            self._settle()
            return self._texts

    def zones(self) -> set[str]:
        """The readers' zones the texts held now are for."""
        with self._lock:
            return self._live_zones()

    def get(self, owner: object, key: Hashable, zone: str | None,
            write: Callable[[], str]) -> str:
        """The text of ``owner`` for ``key`` and ``zone``, kept, or written by ``write`` (out
        of the lock: two threads may write the same text, one is kept). Only the objects
        with a text held are listed: a miss costs the texts held, never the objects alive
        that were once asked."""
        place = (key, zone)
        with self._lock:
            held = self._of.get(owner)
            text = held.texts.get(place) if held is not None else None
            if held is not None and text is not None:
                self._order.move_to_end((id(held), key, zone))
                if zone is not None:
                    self._zones.move_to_end(zone)
                return text
        text = write()
        if len(text) > self.most:
            return text
        with self._lock:
            held = self._of.get(owner)
            if held is not None and (kept := held.texts.get(place)) is not None:
                return kept
            if zone is not None and zone not in self._zones:
                self._make_room_for_a_zone()  # (it may drop the owner's last text: then
                self._zones[zone] = None      # its texts are listed again below)
            elif zone is not None:
                self._zones.move_to_end(zone)
            held = self._of.get(owner)
            if held is None:
                held = self._of[owner] = _Texts(owner, self._gone)
            held.add(place, text)
            self._characters += len(text)
            self._texts += 1
            if zone is not None:
                self._in_zone[zone] += 1
            entry = (id(held), key, zone)
            self._order[entry] = weakref.ref(held)
            self._order.move_to_end(entry)  # (an entry of an object gone, its id reused)
            self._bound()
        return text

    def _settle(self) -> None:
        """The texts of objects collected since taken off the totals (under the lock)."""
        while self._gone:
            texts = self._gone.popleft()
            if texts.gone:
                continue
            texts.gone = True
            self._characters -= texts.characters
            self._texts -= len(texts.texts)
            for zone, keys in texts.zones.items():
                self._in_zone[zone] -= len(keys)
                if self._in_zone[zone] <= 0:
                    del self._in_zone[zone]

    def _pop(self, texts: _Texts, place: Place) -> None:
        """``place`` of ``texts`` let go of, off the totals (unless its object is gone)."""
        text = texts.texts.get(place)
        if text is None or texts.gone:
            return
        texts.pop(place)
        self._characters -= len(text)
        self._texts -= 1
        if (zone := place[1]) is not None:
            self._in_zone[zone] -= 1
            if self._in_zone[zone] <= 0:
                del self._in_zone[zone]

    def _live_zones(self) -> set[str]:
        self._settle()
        return set(self._in_zone)

    def _make_room_for_a_zone(self) -> None:
        """Room for the texts of one more zone: the zones without a text any more forgotten,
        then, if they are still as many as the bound, the least recently asked for dropped
        with its texts."""
        if len(self._zones) < self.most_zones:
            return
        live = self._live_zones()
        for gone in [zone for zone in self._zones if zone not in live]:
            del self._zones[gone]
        while len(self._zones) >= self.most_zones:
            zone, _ = self._zones.popitem(last=False)
            for texts in list(self._of.values()):
                for key in list(texts.zones.get(zone, ())):
                    self._pop(texts, (key, zone))
                    self._order.pop((id(texts), key, zone), None)
                self._unlist_if_empty(texts)

    def _unlist_if_empty(self, texts: _Texts) -> None:
        """An object's texts, once none is held, no longer listed (its object alive or not):
        the objects listed never outnumber the texts held."""
        if not texts.texts and (owner := texts.owner()) is not None \
                and self._of.get(owner) is texts:
            del self._of[owner]
            texts.said_gone.detach()  # (not kept alive by its finalizer till its owner goes)

    def _bound(self) -> None:
        """The least recently asked for texts dropped while they hold more characters than
        the bound; entries of objects gone passed over, and forgotten once they outnumber
        the texts held. From the running totals: no pass over the objects held."""
        self._settle()
        while self._characters > self.most and self._order:
            (_, key, zone), ref = self._order.popitem(last=False)
            texts = ref()
            if texts is None or texts.gone:
                continue  # (its object gone: its characters no longer counted)
            self._pop(texts, (key, zone))
            self._unlist_if_empty(texts)
            self._settle()
        if len(self._order) > 64 and len(self._order) > 2 * self._texts + 64:
            self._order = OrderedDict(
                (entry, ref) for entry, ref in self._order.items()
                if (texts := ref()) is not None and not texts.gone
                and entry[1:] in texts.texts)
