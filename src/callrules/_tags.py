"""Language tags as people write them: one reading of every tag, whatever its form, so that
``--lang``, ``CALLRULES_LANG``, a call's texts and a form's labels agree on a language. Data
and renderings both read tags: this module imports nothing of the library's."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["as_tag", "language_of"]

#: What separates a language from the rest of a tag: BCP 47's ``-``, POSIX's ``_``, ``.``
#: and ``@``.
_SUBTAGS = re.compile(r"[-_.@]")


def as_tag(locale: object) -> object:
    """A locale as the library reads one: a babel ``Locale`` as its tag (``pt_BR``), anything
    else as given (text, None, or what each reader refuses), so that every call that takes a
    locale takes a babel one alike.

    >>> from babel import Locale
    >>> as_tag(Locale.parse("pt_BR")), as_tag("fr"), as_tag(None)
    ('pt_BR', 'fr', None)
    """
    if locale is None or isinstance(locale, str):
        return locale
    from babel.core import Locale

    return str(locale) if isinstance(locale, Locale) else locale


@lru_cache(maxsize=256)  # read for every word a plan or a report writes
def language_of(tag: str) -> str:
    """The language of a tag as people write one (``--lang``, ``CALLRULES_LANG``, a call's
    texts, a form's labels): its first part, in lower case, whether it is a BCP 47 tag
    (``pt-BR``, ``es-419``) or a POSIX locale name (``fr_FR.UTF-8``, ``fr@euro``,
    ``fr_BE.UTF-8@euro``).

    >>> language_of("fr@euro"), language_of("pt-BR"), language_of(" FR_be.UTF-8@euro ")
    ('fr', 'pt', 'fr')
    """
    return _SUBTAGS.split(tag.strip(), maxsplit=1)[0].lower()
