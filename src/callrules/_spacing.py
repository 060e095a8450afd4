"""French spacing, the one rule both the data (a call's labels, spaced in the language they
are written in) and the renderings (the library's own words) follow: a narrow no-break space
(U+202F) where a space was written before ``; : ! ? »`` or after ``«``; a space replaced,
never one inserted."""

from __future__ import annotations

import re

__all__ = ["french_spaced", "is_french"]

_FRENCH_SPACE = re.compile(r"[ \u00a0]([;:!?»])")


def is_french(tag: str) -> bool:
    """Whether the language tag ``tag`` (``fr``, ``fr-CA``, ``fr_BE``) is French."""
    return re.split(r"[-_]", tag, maxsplit=1)[0].casefold() == "fr"


def french_spaced(text: str) -> str:
    """``text`` with French spacing: each space (ordinary or no-break) before ``; : ! ? »``
    or after ``«`` made a narrow no-break space; nothing else changed, nothing inserted."""
    return _FRENCH_SPACE.sub("\u202f\\1", text).replace("« ", "«\u202f").replace(
        "«\u00a0", "«\u202f")
