"""Values of an error's words said in the reader's language (:class:`InWords`): a label a
call gives in each of its languages among them (:class:`LabelInWords`). Below the rule
language, the call and the renderings, so that each may make them; the renderings say them
(:func:`callrules._i18n.sentence`)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

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


class ExactInWords(InWords):
    """A number of an error's words, said in its reader's digits (« 100 000 », « 5,5 »):
    written as plain text (``100000``, ``5.5``) where every language reads it. Said by
    :func:`callrules._i18n.said_in`, which holds the reader's digits."""

    __slots__ = ("number",)
    number: int | Decimal

    def __new__(cls, number: int | Decimal) -> ExactInWords:
        made = super().__new__(cls, str(number))
        made.number = number
        return made

    def __reduce__(self) -> tuple[type[ExactInWords], tuple[int | Decimal]]:
        return (type(self), (self.number,))  # (an error is pickled by Dask's workers)


class LanguagesInWords(InWords):
    """Languages of an error's words (a mapping's keys), each said by its name in the
    reader's language, as it lists them (« anglais et espagnol »): written as their codes
    (``en, es``) where every
    language reads it. Said by :func:`callrules._i18n.said_in`, which holds their names."""

    __slots__ = ("codes",)
    codes: tuple[str, ...]

    def __new__(cls, codes: tuple[str, ...]) -> LanguagesInWords:
        made = super().__new__(cls, ", ".join(codes))
        made.codes = codes
        return made

    def __reduce__(self) -> tuple[type[LanguagesInWords], tuple[tuple[str, ...]]]:
        return (type(self), (self.codes,))  # (an error is pickled by Dask's workers)


class ListInWords(InWords):
    """Texts an error's words list (the calls known), said as the reader's language lists
    them (« a, b et c »), each a value alone on a page: written joined by ", " where every
    language reads it. Said by :func:`callrules._i18n.said_in`, which holds the lists."""

    __slots__ = ("texts",)
    texts: tuple[str, ...]

    def __new__(cls, texts: tuple[str, ...]) -> ListInWords:
        made = super().__new__(cls, ", ".join(texts))
        made.texts = tuple(texts)
        return made

    def __reduce__(self) -> tuple[type[ListInWords], tuple[tuple[str, ...]]]:
        return (type(self), (self.texts,))  # (an error is pickled by Dask's workers)


class KeysInWords(InWords):
    """The keys of a mapping of texts given by language, said in the reader's language: the
    languages among them by name, the others only counted (a key that is not a language is
    never echoed: it may hold a terminal's escape or markup). Written ``en, de; 2`` where every
    language reads it. Said by :func:`callrules._i18n.said_in`, which holds the phrases."""

    __slots__ = ("codes", "others")
    codes: tuple[str, ...]
    others: int

    def __new__(cls, codes: tuple[str, ...], others: int) -> KeysInWords:
        made = super().__new__(cls, "; ".join(
            part for part in (", ".join(codes), str(others) if others else "") if part))
        made.codes, made.others = codes, others
        return made

    def __reduce__(self) -> tuple[type[KeysInWords], tuple[tuple[str, ...], int]]:
        return (type(self), (self.codes, self.others))  # (an error is pickled by Dask)


class MoneyInWords(InWords):
    """An amount of money of an error's words, said in its reader's digits with its currency
    as babel writes it (« 0,05 JPY », "¥0.05", "JP¥ 0,05"): written ``0.05 JPY`` where every
    language reads it (the English line, JSON)."""

    __slots__ = ("amount", "currency")
    amount: Decimal
    currency: str

    def __new__(cls, amount: Decimal, currency: str) -> MoneyInWords:
        made = super().__new__(cls, f"{amount} {currency}")
        made.amount, made.currency = amount, currency
        return made

    def __reduce__(self) -> tuple[type[MoneyInWords], tuple[Decimal, str]]:
        return (type(self), (self.amount, self.currency))  # (an error is pickled by Dask)

    def said(self, locale: str) -> str:
        from babel import UnknownLocaleError
        from babel.numbers import format_currency

        try:
            return str(format_currency(self.amount, self.currency, locale=language_of(locale),
                                       decimal_quantization=False))
        except (UnknownLocaleError, ValueError):
            return str(self)


#: The months' names in English, for the text every language reads (``February 2026``).
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


class MonthInWords(InWords):
    """A month of a year of an error's words, named in its reader's language (« février
    2026 », "febrero de 2026"): written in English (``February 2026``) where every language
    reads it (the English line, JSON). Said by :func:`callrules._i18n.said_in`, which holds
    the months' names."""

    __slots__ = ("month", "year")
    year: int
    month: int

    def __new__(cls, year: int, month: int) -> MonthInWords:
        made = super().__new__(cls, f"{_MONTHS[month - 1]} {year}")
        made.year, made.month = year, month
        return made

    def __reduce__(self) -> tuple[type[MonthInWords], tuple[int, int]]:
        return (type(self), (self.year, self.month))  # (an error is pickled by Dask)


class PointedInWords(InWords):
    """A whole number written with a decimal point (a float or a decimal given where a whole
    number is taken, ``2048.0``): said in the reader's digits with the point and a phrase
    that says why it is not the whole number asked for (« 2 048,0, un nombre à virgule »),
    never as the bare digits of a number that would be accepted. Written ``2048.0`` where
    every language reads it. Said by :func:`callrules._i18n.said_in`."""

    __slots__ = ("number",)
    number: int

    def __new__(cls, number: int) -> PointedInWords:
        made = super().__new__(cls, f"{number}.0")
        made.number = number
        return made

    def __reduce__(self) -> tuple[type[PointedInWords], tuple[int]]:
        return (type(self), (self.number,))  # (an error is pickled by Dask's workers)


#: The characters of a text typed that a sentence shows at most (then an ellipsis).
TYPED_SHOWN = 100


def cut(text: str) -> str:
    """``text`` at most :data:`TYPED_SHOWN` characters long, an ellipsis after it if cut."""
    return text if len(text) <= TYPED_SHOWN else text[:TYPED_SHOWN] + "…"


class TypedInWords(InWords):
    """A text a person typed or edited (a record's version of the library), quoted as the
    library quotes what was typed: cut to :data:`TYPED_SHOWN` characters (:func:`cut`), on
    one line, its invisible characters named in words in the reader's language, never
    escaped (said by :func:`callrules._i18n.said_in`, which names them). As text, the text
    as given."""

    __slots__ = ()

    def __reduce__(self) -> tuple[type[TypedInWords], tuple[str]]:
        return (type(self), (str(self),))
