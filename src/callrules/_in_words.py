"""Values of an error's words said in the reader's language (:class:`InWords`): a label a
call gives in each of its languages among them (:class:`LabelInWords`). Below the rule
language, the call and the renderings, so that each may make them; the renderings say them
(:func:`callrules._i18n.sentence`)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from itertools import pairwise

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


#: How many characters :func:`cut_apart` keeps on each side of where a value first differs
#: from another one of its list past its first :data:`TYPED_SHOWN` characters.
APART_SHOWN = 10

#: How far :func:`cut_apart` moves a cut out of a ``[…]`` naming an invisible character.
_NAMING = 40


def cut_apart(texts: list[str]) -> list[str]:
    """Each of ``texts`` cut as :func:`cut` cuts, yet those told apart still told
    apart: its first :data:`TYPED_SHOWN` characters and, wherever it first differs from
    another one of the list past them, :data:`APART_SHOWN` characters on each side of that
    place, an ellipsis for each part left out; a cut never falls inside a ``[…]`` naming an
    invisible character, as long as told apart. A value alike to no other in its first
    characters reads as :func:`cut` cuts it; each reads in at most :data:`TYPED_SHOWN` +
    (``len(texts)`` - 1) × (2 × :data:`APART_SHOWN` + 2) + :data:`_NAMING` × 2 × ``len(texts)``
    characters.

    >>> a = "A" * 100
    >>> [t.replace(a, "A…") for t in cut_apart([a + "-loan-2026", a + "-refused-" + "x" * 200])]
    ['A…-loan-2026', 'A…-refused-xxx…']
    """
    places = _differ(texts)
    plain = [_kept(text, at, named=False) for text, at in zip(texts, places, strict=True)]
    named = [_kept(text, at, named=True) for text, at in zip(texts, places, strict=True)]
    return named if len(set(named)) == len(set(plain)) else plain


def _differ(texts: list[str]) -> list[set[int]]:
    """Where each of ``texts`` first differs from each other one, past its first
    :data:`TYPED_SHOWN` characters (its length: it is the other's start); read from the
    texts in order, where one's common start with another is the least of those of the
    texts between them (one comparison a neighbour)."""
    order = sorted(range(len(texts)), key=texts.__getitem__)
    common = [_common(texts[one], texts[two]) for one, two in pairwise(order)]
    out: list[set[int]] = [set() for _ in texts]
    for place, index in enumerate(order):
        text = texts[index]
        for way in (range(place, len(common)), range(place - 1, -1, -1)):
            least = len(text)
            for at in way:
                least = min(least, common[at])
                if least < TYPED_SHOWN:
                    break
                if least < len(text):
                    out[index].add(least)
    return out


def _common(one: str, two: str) -> int:
    """How many first characters ``one`` and ``two`` have in common, past the first
    :data:`TYPED_SHOWN` looked at only if those are alike (else 0)."""
    if one[:TYPED_SHOWN] != two[:TYPED_SHOWN]:
        return 0
    low, high = TYPED_SHOWN, min(len(one), len(two))  # (alike up to low, not past high)
    while low < high:
        middle = (low + high + 1) // 2
        if one[low:middle] == two[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _kept(text: str, places: set[int], *, named: bool) -> str:
    """``text``'s first :data:`TYPED_SHOWN` characters and :data:`APART_SHOWN` on each side
    of each of ``places``, an ellipsis for each part left out (``named``: a cut moved out of
    a ``[…]`` naming an invisible character)."""
    spans = [(0, TYPED_SHOWN)] + [(at - APART_SHOWN, at + APART_SHOWN + 1) for at in places]
    if named:
        spans = [(_out_of_naming(text, start, -1), _out_of_naming(text, end, 1))
                 for start, end in spans]
    out, end = [], 0
    for start, stop in sorted((max(start, 0), min(stop, len(text))) for start, stop in spans):
        if stop <= end:
            continue
        if start > end:
            out.append("…")
        out.append(text[max(start, end):stop])
        end = stop
    return "".join([*out, "…" if end < len(text) else ""])


def _out_of_naming(text: str, at: int, way: int) -> int:
    """``at`` (a place where ``text`` is cut), moved by ``way`` out of a ``[…]`` naming an
    invisible character it falls inside: before its ``[`` (a kept part's start), after its
    ``]`` (its end); as it is if it falls inside none within :data:`_NAMING` characters."""
    if at <= 0 or at >= len(text):
        return at
    opened, closed = text.rfind("[", max(at - _NAMING, 0), at), text.find("]", at, at + _NAMING)
    if opened < 0 or closed < 0 or "]" in text[opened:at] or "[" in text[at:closed]:
        return at
    return opened if way < 0 else closed + 1


class TypedInWords(InWords):
    """A text a person typed or edited (a record's version of the library), quoted as the
    library quotes what was typed: cut to :data:`TYPED_SHOWN` characters (:func:`cut`), on
    one line, its invisible characters named in words in the reader's language, never
    escaped (said by :func:`callrules._i18n.said_in`, which names them). As text, the text
    as given."""

    __slots__ = ()

    def __reduce__(self) -> tuple[type[TypedInWords], tuple[str]]:
        return (type(self), (str(self),))
