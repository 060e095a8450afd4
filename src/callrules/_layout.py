"""Where a call's or an applicant's text stands on an HTML page, and how a page fits the
screen: the layout every HTML view shares (what such text is made harmless by is
:mod:`callrules._safe`'s).

- a call's or an applicant's text set among the library's words is :func:`isolated`
  (``<bdi>``, in the direction of the language it is written in: :func:`direction`), so a
  right-to-left label cannot draw a date's day before it, away from its month;
- a message of the library's words (a finding's, an input problem's) has each value it
  inserts isolated the same way (:func:`message`: a label in Hebrew inside a French
  sentence leaves the sentence's words and dates in order around it);
- every fragment opens with :func:`block`, whose long words (an id, a title of 300 letters)
  break rather than widen the page, and whose tables (:data:`TABLE`) scroll within it.
"""

from __future__ import annotations

import functools

from babel import Locale, UnknownLocaleError

from callrules._inserted import pieces
from callrules._safe import escape
from callrules._tags import bcp47

__all__ = ["TABLE", "block", "direction", "isolated", "message"]


def isolated(text: str, written: str | None = None, page: str | None = None) -> str:
    """``text`` (HTML, escaped already), written by a call's author or an applicant, isolated
    from the library's words around it (``<bdi>``): a Hebrew label beside a French date
    leaves the date whole, after it. Its direction is that of the language it is written in
    (``written``, else the ``page``'s), never guessed from its first letter (a French clause
    opening with an Arabic name stays left to right); it is marked with that language when
    it is not the page's."""
    marked = f' lang="{escape(bcp47(written))}"' if written and written != page else ""
    return f'<bdi dir="{direction(written or page)}"{marked}>{text}</bdi>'


def message(text: str, page: str) -> str:
    """``text``, a message worded while the page was written
    (:func:`callrules._inserted.marking`), as HTML: escaped, each value it inserts
    :func:`isolated` in the ``page``'s direction (whatever the value's own, the sentence
    around it keeps its order)."""
    return "".join(isolated(escape(piece), page=str(page)) if value else escape(piece)
                   for piece, value in pieces(text))


@functools.cache
def direction(lang: str | None) -> str:
    """``rtl`` for a language written right to left (CLDR's, through babel: Hebrew, Arabic,
    Persian…), else ``ltr`` (a tag babel does not know too)."""
    try:
        order = Locale.parse(str(lang).replace("-", "_")).character_order if lang else ""
    except (ValueError, TypeError, UnknownLocaleError):
        order = ""
    return "rtl" if order == "right-to-left" else "ltr"


def block(kind: str, lang: str | None = None) -> str:
    """The opening tag of an HTML fragment of ``kind`` (``report``, ``batch``, ``plan``…),
    closed by ``</div>``: a word longer than the width (an id, a title of 300 letters)
    breaks where it must rather than widen the page; its tables (:data:`TABLE`) scroll
    within it rather than cut an amount across two lines to fit. ``lang``: the language it
    is written in, and its direction (``rtl`` for Arabic: :func:`direction`), so that a
    fragment embedded in a page of another language or direction reads in its own (att82
    F6: an Arabic checklist laid out left to right).

    >>> block("checklist", "ar")
    '<div class="callrules-checklist" style="overflow-wrap:break-word" lang="ar" dir="rtl">'
    >>> block("checklist", "zh_TW")[-24:]  # (HTML's lang: a BCP 47 tag)
    ' lang="zh-TW" dir="ltr">'
    """
    said = f' lang="{escape(bcp47(lang))}" dir="{direction(lang)}"' if lang else ""
    return f'<div class="callrules-{kind}" style="overflow-wrap:break-word"{said}>'


#: A fragment's table: as wide as its columns need (an amount never cut across two lines),
#: scrolled within its block rather than widening the page when that is wider than it.
TABLE = '<table style="display:block;max-width:100%;overflow-x:auto">'
