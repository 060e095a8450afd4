"""Values of an error's words said in the reader's language (:class:`InWords`): a label a
call gives in each of its languages among them (:class:`LabelInWords`). Below the rule
language, the call and the renderings, so that each may make them; the renderings say them
(:func:`callrules._i18n.sentence`)."""

from __future__ import annotations

from collections.abc import Mapping

from callrules._tags import language_of


class InWords(str):
    """A value of an error's words (:attr:`callrules.CallrulesError.words`) that a sentence
    says in its reader's language (a date in words): as text, the form every language
    reads (an ISO date, which the English line and JSON show); in a sentence, :meth:`said`."""

    __slots__ = ()

    def said(self, locale: str) -> str:
        """The value in ``locale``'s words."""
        raise NotImplementedError


class LabelInWords(InWords):
    """A label the call gives in each of its languages (a criterion's, a parameter's), said
    in its reader's language, else in the call's first: written in that first language."""

    __slots__ = ("labels",)
    labels: Mapping[str, str]

    def __new__(cls, labels: Mapping[str, str]) -> LabelInWords:
        made = super().__new__(cls, next(iter(labels.values()), ""))
        made.labels = dict(labels)
        return made

    def __reduce__(self) -> tuple[type[LabelInWords], tuple[Mapping[str, str]]]:
        return (type(self), (self.labels,))

    def said(self, locale: str) -> str:
        return self.labels.get(language_of(locale)) or str(self)
