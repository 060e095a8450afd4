"""A platform's own catalogs, made as docs/how-to/add-a-translation.md makes them (from the
shipped template, every message translated, compiled), written in letters of the language
only: every word the service says in it is then told from an English one that was left."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from callrules._i18n import LOCALE_DIR

#: Each language's letters, standing for the English ones (a pseudo-translation).
LETTERS = {"ar": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي", "pl": "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ",
           "he": "אבגדהוזחטיכלמנסעפצקרשת",
           # (a tag with a region, as a platform may name its folder: zh_TW, sr_Latn)
           "zh_TW": "的一是不了人我在有他這中大來上國個到說們為子和你地出道也時年",
           # (a tag with a script, in letters of its own beyond ASCII's)
           "sr_Latn": "čćđšžČĆĐŠŽ"}
#: What a translation keeps as it is: placeholders, the page's ``{name}``, ``%%``.
KEPT = re.compile(r"%\(\w+\)[#0\- +]*\d*(?:\.\d+)?[a-zA-Z]|%%|\{\w+\}")


def pseudo(text: str, lang: str, letters: str = "") -> str:
    """``text`` in ``lang``'s letters (``letters``, else :data:`LETTERS`'), its placeholders
    kept."""
    letters = letters or LETTERS[lang]
    def swap(piece: str) -> str:
        return "".join(letters[ord(c) % len(letters)] if c.isascii() and c.isalpha() else c
                       for c in piece)
    out, at = [], 0
    for found in KEPT.finditer(text):
        out += [swap(text[at:found.start()]), found.group(0)]
        at = found.end()
    return "".join([*out, swap(text[at:])])


def platform_catalogs(folder: Path, languages: tuple[str, ...] = ("ar", "pl"),
                      leaving: frozenset[str] = frozenset(),
                      letters: dict[str, str] | None = None) -> Path:
    """Catalogs for ``languages`` in ``folder`` (``LANG/LC_MESSAGES/callrules.mo``), every
    message of the template translated (:func:`pseudo`, in ``letters``' of each language
    given, else :data:`LETTERS`') but those ``leaving`` names (a catalog made from an older
    template); ``folder`` returned."""
    letters = letters or {}
    with (LOCALE_DIR / "callrules.pot").open("rb") as handle:
        template = read_po(handle)
    for lang in languages:
        catalog = Catalog(locale=lang, domain="callrules")
        for message in template:
            if not message.id or message.id in leaving:
                continue
            if isinstance(message.id, tuple):
                forms = tuple(pseudo(message.id[min(n, 1)], lang, letters.get(lang, ""))
                              for n in range(catalog.num_plurals))
                catalog.add(message.id, forms, flags=message.flags)
            else:
                catalog.add(message.id, pseudo(message.id, lang, letters.get(lang, "")),
                            flags=message.flags)
        (folder / lang / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
        with (folder / lang / "LC_MESSAGES" / "callrules.mo").open("wb") as handle:
            write_mo(handle, catalog)
    return folder
