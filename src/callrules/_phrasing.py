"""Rules and expressions in words, in the reader's language, from a call file's rules as written.

The officers' checklist reads each rule through :class:`Phrasing` (with the call's parameters
and timeline, to give their values); a finding of a comparison with an expression names its
two sides with it too (with the values the rule was compiled with, carried in the finding's
context). Fields are named by their labels, coded values by the call's vocabularies,
parameters and milestones by their labels and values: never a path, a code or a ``{…}``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, tzinfo
from decimal import Decimal
from functools import cache
from types import SimpleNamespace
from typing import Any

from callrules._i18n import (
    after_word,
    filled,
    format_count,
    format_instant,
    format_instant_in,
    format_percent,
    format_value,
    inner_quotes,
    join_list,
    long_date,
    month_year,
    phrase,
    phrase_beside,
    territory_name,
    translate,
)
from callrules._in_words import InWords
from callrules._labels import (
    BUILT_IN_MILESTONE_NOUNS,
    BUILT_IN_MILESTONES,
    CallLabels,
    in_sentence,
)
from callrules._paths import path_key
from callrules._places import field_label, value_label, values_label
from callrules._spacing import french_spaced, is_french
from callrules._tags import language_of

__all__ = ["EXPRESSION_HEADS", "MilestoneInWords", "MovesInWords", "Phrasing", "contracted",
           "is_relation", "milestone_label", "milestone_noun", "moves_in_words"]

_AGGREGATES = ("sum", "count", "min", "max")
_BETWEEN = ("days_between", "months_between", "years_between")
#: The keys that make a ``left`` or ``to`` an expression (as :mod:`callrules.language`).
EXPRESSION_HEADS = (*_AGGREGATES, "plus", "minus", "times", "ratio", "percent", "decimal",
                    "shift", *_BETWEEN, "lookup", "round")
_OFFSETS = ("years", "months", "days")
#: Expressions whose words need brackets as an operand of arithmetic.
_COMPOUND = ("plus", "minus", "times", "ratio", "lookup", "round")
_DIRECTIONS = ("before", "after")
#: The entry of ``names`` (:meth:`Phrasing.describe`) that holds the variable of the item a
#: rule reads inside an ``each`` or an ``exists`` it describes ("" for an item without one):
#: a variable of an outer item of the same list (``each documents as e`` around ``exists
#: documents where owner == $e.owner``) is then told from it, never named as the item's own
#: field (« persona…: igual al dato «persona…» », a tautology: attack 52w R4). Absent at a
#: finding's own level, where a variable of the scope's list is the scope's own item.
_OWN = ""
#: A date or an instant written in ISO form, as a call file writes a literal.
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T[\d:.]+([+-]\d{2}:\d{2}|Z)?)?$")
#: A date written out for a reader, which begins with its day (« 1er janvier 2026 »), not
#: an English one (which begins with its month) nor a month and year (« mars 2027 »).
_BARE_DATE = re.compile(r"^\d")
#: How a preposition and the article after it are written together in a language, once a
#: phrase is composed: a template ends with a preposition (« après », « igual a », « de ») and
#: the phrase put after it may bring its own article (« le 1er juin », « el número »,
#: « a soma »). Each pair is contracted as the language writes it; a month (« juin 2026 »)
#: takes no article, and « au plus tard » before a noun takes « à ».
_GLUE: Mapping[str, tuple[tuple[str, str], ...]] = {
    "fr": ((r"\bau plus (tard|tôt) le (?={month})", r"au plus \1 en "),
           (r"\b(?:le|la|l’|les) (?={month})", ""),
           (r"\bau plus (tard|tôt) (?=(?:la|le|les) (?!\d)\S|l’)", r"au plus \1 à "),
           (r"\bde le\b", "du"), (r"\bde les\b", "des"),
           (r"\bà le\b", "au"), (r"\bà les\b", "aux")),
    "es": ((r"\ba más tardar el (?={month})", "a más tardar en "),
           (r"\bdel (?={month})", "de "), (r"\bal (?={month})", "a "),
           (r"\b(?:el|la) (?={month})", ""),
           (r"\bde el\b", "del"), (r"\ba el\b", "al")),
    "pt": ((r"\bde o\b", "do"), (r"\bde a\b", "da"), (r"\bde os\b", "dos"),
           (r"\bde as\b", "das"), (r"\ba o\b", "ao"), (r"\ba a\b", "à"),
           (r"\ba os\b", "aos"), (r"\ba as\b", "às"), (r"\bem o\b", "no"),
           (r"\bem a\b", "na")),
}


@cache
def _glue(lang: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """The contractions of :data:`_GLUE` for ``lang``, with its month names (CLDR)."""
    from babel.dates import get_month_names

    months = "|".join(sorted({str(name).lower() for name in get_month_names(
        "wide", locale=lang).values()}, key=len, reverse=True))
    return tuple((re.compile(pattern.replace("{month}", rf"(?:{months})\b")), into)
                 for pattern, into in _GLUE.get(lang, ()))


#: A side of a count of days inside quotes its sentence puts around it (a platform's French
#: « entre « %(start)s » et « %(end)s » »).
_QUOTED_SIDE = re.compile("[«“„\"‘][\u00a0\u202f ]*%\\((?:start|end)\\)s")


#: The articles a language's words may put before a field's label, and the words that join
#: a preposition with one (« du », « del », « da », « ao »: the preposition alone), which
#: :func:`seated` leaves out before the words of an item itself, that bring their own.
_ARTICLES: Mapping[str, tuple[str, ...]] = {
    "en": ("the",), "fr": ("le", "la", "les"), "es": ("el", "la", "lo", "los", "las"),
    "pt": ("o", "a", "os", "as")}
_JOINED: Mapping[str, Mapping[str, str]] = {
    "fr": {"du": "de", "des": "de", "au": "à", "aux": "à"},
    "es": {"del": "de", "al": "a"},
    "pt": {"do": "de", "da": "de", "dos": "de", "das": "de", "no": "em", "na": "em",
           "nos": "em", "nas": "em", "ao": "a", "à": "a", "aos": "a", "às": "a",
           "pelo": "por", "pela": "por", "pelos": "por", "pelas": "por", "num": "em",
           "numa": "em"}}
#: A preposition and an article joined where only an item's words follow them (:func:`seated`,
#: after a platform's « pelo %(path)s »: « pelo item », never « por o item »), beside those of
#: :data:`_GLUE`.
_SEATED_GLUE: Mapping[str, tuple[tuple[str, str], ...]] = {
    "pt": (("por o", "pelo"), ("por a", "pela"), ("por os", "pelos"), ("por as", "pelas"))}
#: French words cut before a vowel, written whole before words that bring their own article
#: (« d’%(start)s » is « de l’élément »; « l’ » is the article itself).
_ELIDED: Mapping[str, str] = {"l": "", "d": "de ", "qu": "que ", "jusqu": "jusque ",
                               "lorsqu": "lorsque ", "puisqu": "puisque ", "quoiqu": "quoique "}
#: Portuguese « a » is an article after a preposition or at the start (« com a », « a a »,
#: « A … deve »), and otherwise the preposition itself (« de %(start)s a %(end)s »).
_PT_BEFORE_ARTICLE = ("a", "de", "em", "por", "para", "com", "sem", "sobre", "entre", "até",
                      "contra", "desde", "perante", "sob")
_SPACES = "[ \u00a0\u202f]"
#: A quote mark around a slot, and a word (or an elided one) just before it.
#: (A straight apostrophe quotes only after no letter, and before none: « l'\ue0000\ue001 » is
#: an elision.)
_QUOTED_SLOT = re.compile(f"(?:[«“„\"‘‹]|(?<!\\w)'){_SPACES}*(\ue000\\d+\ue001){_SPACES}*"
                          f"(?:[»”“\"’›]|'(?!\\w))")
_WORD_BEFORE = re.compile(f"(?:^|(?<=[^\\w’']))"
                          f"(?:(?P<prep>[^\\W\\d_]+)(?P<space>{_SPACES}+))?"
                          f"(?P<word>[^\\W\\d_]+)"
                          f"(?P<gap>[’']|{_SPACES}+)(?P<slot>\ue000\\d+\ue001)")
#: The last word of a text, and what follows it (found from the word's start, in time linear
#: in the text's length, however long a word or the marks after it).
_LAST_WORD = re.compile(r"(?<!\w)(\w+)\W*$")


class ItemWords(str):
    """The words of an item itself (“the item”, « l’élément vérifié dans « visiteurs » »):
    no field, and words that bring their own article. A sentence made for a field's label
    may quote its slot or give it an article (a platform's « de la %(start)s », « entre
    « %(start)s » »): :meth:`Phrasing.p` leaves those out before these words
    (:func:`seated`), never « de la el elemento » nor « « l’élément » »."""

    __slots__ = ()


def seated(text: str, slot: str, words: str, lang: str) -> str:
    """``text``, whose ``slot`` (a mark standing for a value) is to hold ``words``, an item
    itself: the quotes around the slot left out, and, when ``words`` begin with an article
    of ``lang``, the article the sentence put before it (alone, joined to a preposition, or
    elided), the sentence's capital kept; then ``words`` in the slot, a preposition before
    them joined to their article (the sentence's capital kept too: only here, never on the
    text of a label, whose capitalised « Plan A el año » is no preposition).

    >>> seated("De la \ue0000\ue001 a la fecha", "\ue0000\ue001", "el elemento", "es")
    'Del elemento a la fecha'
    >>> seated("entre « \ue0000\ue001 » et", "\ue0000\ue001", "l’élément", "fr")
    'entre l’élément et'
    >>> seated("A \ue0000\ue001 deve", "\ue0000\ue001", "o item", "pt")
    'O item deve'
    """
    lang = lang[:2]
    text = _QUOTED_SLOT.sub(lambda found: found[1] if found[1] == slot else found[0], text)
    own = re.match(r"(?i)(\w+)(?: |’|')", words)
    if own is None or own[1].lower() not in (*_ARTICLES.get(lang, ()), "l"):
        return text.replace(slot, words)

    head, rest = words[:own.end(1)], words[own.end(1):]

    def unsaid(found: re.Match[str]) -> str:
        word, gap, prep = found["word"], found["gap"], found["prep"]
        low = word.lower()
        kept = "" if prep is None else prep + found["space"]  # (the word before ``word``)
        if found["slot"] != slot:
            return found[0]
        if gap in "’'":
            into = _ELIDED.get(low) if lang == "fr" else None
        elif low in _JOINED.get(lang, {}):
            into = _JOINED[lang][low] + gap
        elif low in _ARTICLES.get(lang, ()) and (lang != "pt" or low != "a" or _pt_article(
                text[:found.start("word")])):
            into = ""
        else:  # (a word of the sentence's own, that may join the item's article)
            return kept + joined(word, gap, found[0][len(kept):])
        if into is None:
            return found[0]
        if into == "" and prep is not None:  # (the word before the article left out)
            said = joined(prep, found["space"], prep + found["space"] + slot)
            if said != prep + found["space"] + slot:
                return said
        said = _join(into + head, lang) + rest  # (« de el elemento »: « del elemento »)
        return kept + (said[:1].upper() + said[1:] if word[:1].isupper() else said)

    def joined(word: str, gap: str, unjoined: str) -> str:
        """``word`` and the item's words after it, joined as the language writes a
        preposition and an article (« De el elemento » is « Del elemento », « Em a
        entrada » « Na entrada »), the word's capital kept; else ``unjoined``. Only there,
        where the item's words are seated: the capitalised words of a label (« Plan A el
        año ») are no preposition of the sentence, and are written as they are."""
        pair = word.lower() + gap + head
        said = _join(pair, lang)
        if said == pair:
            return unjoined
        return (said[:1].upper() + said[1:] if word[:1].isupper() else said) + rest

    shaped = _WORD_BEFORE.sub(unsaid, text)
    return shaped.replace(slot, words)


def _join(words: str, lang: str) -> str:
    """``words`` (a word before an item and the item's article) as ``lang`` joins them."""
    return dict(_SEATED_GLUE.get(lang, ())).get(words, contracted(words, lang))


def _pt_article(before: str) -> bool:
    """Whether a Portuguese « a » after ``before`` is an article (after a preposition, or
    starting the text), not the preposition."""
    last = _LAST_WORD.search(re.sub("\ue000\\d+\ue001", " slot ", before))
    return last is None or last[1].lower() in _PT_BEFORE_ARTICLE


def contracted(text: str, lang: str) -> str:
    """``text`` with each preposition and the article after it written as ``lang`` writes
    them together (:data:`_GLUE`): « après de le 1er » is « du 1er », « igual a el número » is
    « igual al número », « igual a a soma » is « igual à soma », « avant le juin 2026 » is
    « avant juin 2026 »."""
    for pattern, into in _glue(lang[:2]) if lang[:2] in _GLUE else ():
        text = pattern.sub(into, text)
    return text


def milestone_label(labels: CallLabels, name: str, lang: str) -> str | None:
    """A milestone's label in ``lang``: the call's own, else the catalogs' for a built-in
    milestone (``deadline``: "Submission deadline"), else None."""
    own = labels.milestone(name, lang)
    if own is None and name in BUILT_IN_MILESTONES:
        return translate(BUILT_IN_MILESTONES[name], lang)
    return own


#: A label that begins with an article, in any of the catalogs' languages: « la fenêtre »,
#: "the end of the window", « el plazo », « o prazo ».
_ARTICLE = re.compile(r"^(the|an?|l’|l'|la|le|les|el|los|las|o|os|as|a) ")


def milestone_noun(labels: CallLabels, name: str, lang: str) -> str | None:
    """A milestone as a sentence names it after a preposition, with its article: the call's
    own label in the catalogs' frame (« l’échéance « fenêtre tardive » »), else the catalogs'
    for a built-in milestone (« la date limite de dépôt »), else None."""
    own = labels.milestone(name, lang)
    if own is not None and _ARTICLE.match(in_sentence(own)):  # it brings its own article
        return in_sentence(own)
    if own is not None:
        return phrase("e_milestone", lang, name=in_sentence(own))
    if name in BUILT_IN_MILESTONE_NOUNS:
        return translate(BUILT_IN_MILESTONE_NOUNS[name], lang)
    return None


def moves_in_words(steps: list[list[tuple[str, int]]], lang: str) -> str:
    """Signed moves (``[[("months", 1)], [("months", -1)]]``: a date moved by each step in
    turn) in words: "1 month later, then 1 month earlier"; a step of several units said
    together ("1 year later and 365 days earlier")."""
    said = [_step_in_words(step, lang) for step in steps if step]
    if len(said) < 3:
        moves = said[0] if said else ""
        for following in said[1:]:
            moves = phrase("e_then", lang, first=moves, next=following)
        return moves
    # three moves or more: a list whose last move is said as the last ("1 mes después,
    # luego 2 días antes y, por último, 1 año antes", where "y luego … y luego" read heavy)
    moves = said[0]
    for following in said[1:-1]:
        moves = phrase("e_then_on", lang, moves=moves, next=following)
    return phrase("e_then_last", lang, moves=moves, last=said[-1])


def _step_in_words(step: list[tuple[str, int]], lang: str) -> str:
    """One step's signed offsets in words: units moved the same way one after the other
    said together ("1 month and 3 days later", not "1 month later and 3 days later"), a
    step moving both ways each way in turn ("1 year later and 365 days earlier")."""
    runs: list[list[tuple[str, int]]] = []
    for unit, n in step:
        if runs and (runs[-1][-1][1] > 0) == (n > 0):
            runs[-1].append((unit, n))
        else:
            runs.append([(unit, n)])
    return join_list((contracted(phrase(
        "e_later" if run[0][1] > 0 else "e_earlier", lang, offset=join_list(
            (format_count(abs(n), unit, lang) for unit, n in run), lang)), lang)
        for run in runs), lang)


class MilestoneInWords(InWords):
    """A call's milestone in an error's words, as a sentence names it with its article: the
    call's own label in the reader's language (« l’échéance « fenêtre tardive » »), else the
    catalogs' for a built-in milestone (« la date limite de dépôt »); written by its name
    where every language reads it (the English line for the call's author)."""

    __slots__ = ("labels",)
    labels: Mapping[str, str]

    def __new__(cls, name: str, labels: Mapping[str, str] | None) -> MilestoneInWords:
        made = super().__new__(cls, name)
        made.labels = dict(labels or {})
        return made

    def __reduce__(self) -> tuple[type[MilestoneInWords], tuple[str, Mapping[str, str]]]:
        return (type(self), (str(self), self.labels))  # (an error is pickled by Dask)

    def said(self, locale: str) -> str:
        lang = language_of(locale)
        # the reader's language, else the call's first that labels it (as ``CallLabels.pick``
        # picks a label), spaced as the language it is written in: never the name the
        # call's author gave it where a label exists (reviewer, session 36)
        found = lang if lang in self.labels else next(iter(self.labels), None)
        own = None if found is None else self.labels[found]
        if found is not None and own is not None and is_french(found):
            own = french_spaced(own)
        if own is not None and _ARTICLE.match(in_sentence(own)):
            return in_sentence(own)
        if own is not None:
            return phrase("e_milestone", lang, name=in_sentence(own))
        if str(self) in BUILT_IN_MILESTONE_NOUNS:
            return translate(BUILT_IN_MILESTONE_NOUNS[str(self)], lang)
        return phrase("e_milestone", lang, name=str(self).replace("_", " "))


class MovesInWords(InWords):
    """The moves of a milestone made in turn, in an error's words (:func:`moves_in_words`):
    written ``-1000y; -1000y`` where every language reads it."""

    __slots__ = ("steps",)
    steps: tuple[tuple[tuple[str, int], ...], ...]

    def __new__(cls, steps: list[dict[str, int]]) -> MovesInWords:
        turns = tuple(tuple(step.items()) for step in steps)
        made = super().__new__(cls, "; ".join(
            " ".join(f"{n:+d}{unit[0]}" for unit, n in turn) for turn in turns))
        made.steps = turns
        return made

    def __reduce__(self) -> tuple[type[MovesInWords], tuple[list[dict[str, int]]]]:
        return (type(self), ([dict(turn) for turn in self.steps],))

    def said(self, locale: str) -> str:
        return moves_in_words([list(turn) for turn in self.steps], language_of(locale))


def is_relation(left: object, to: object) -> bool:
    """Whether a ``compare`` is worded as a sentence about expressions: it has a ``left``, or
    its ``to`` is an expression or a milestone moved by an offset."""
    if left is not None:
        return True
    if not isinstance(to, Mapping):
        return False
    return any(k in to for k in EXPRESSION_HEADS) or (
        "milestone" in to and any(k in to for k in (*_OFFSETS, *_DIRECTIONS)))


class Phrasing:
    """How rules and expressions read, in ``lang``: fields by label, values by label,
    parameters by label and value, milestones by label and date.

    ``parameters`` and ``timeline`` are the call's (objects with ``value``, ``kind``,
    ``region``; milestones); without them, a parameter or milestone is told by the value
    written beside it in the expression (``{param = "cap", value = …}``), else by its label.
    """

    def __init__(self, lang: str, labels: CallLabels | None = None,
                 parameters: Mapping[str, Any] | None = None,
                 timeline: Mapping[str, Any] | None = None, zone: tzinfo | None = None
                 ) -> None:
        self.lang, self.zone = lang, zone
        self.labels = labels if isinstance(labels, CallLabels) else CallLabels()
        self.parameters = parameters or {}
        self.timeline = timeline or {}
        self.memo: dict[tuple[str, str, str], str] = {}  # a parameter is worded once per field

    def p(self, key: str, **values: object) -> str:
        items = {name: value for name, value in values.items() if isinstance(value, ItemWords)}
        if not items:
            return contracted(phrase(key, self.lang, **values), self.lang)
        # an item itself in a slot made for a label: the sentence's quotes and article
        # around the slot left out, whichever catalog words it (:func:`seated`)
        slots = {name: f"\ue000{number}\ue001" for number, name in enumerate(items)}
        text = phrase(key, self.lang, **{**values, **slots})
        for name, slot in slots.items():
            text = seated(text, slot, items[name], self.lang)
        return contracted(text, self.lang)

    def dated(self, words: str) -> str:
        """A date inside an expression's words, with the article its language puts before
        one (« entre le 1er janvier 2026 », « después del 1 de enero »); words that are no
        bare date (a milestone's label, a month) as they are."""
        return self.p("e_date", date=words) if _BARE_DATE.match(words) else words

    def label(self, key: str) -> str:
        return field_label(key, self.lang, self.labels)

    # -- operands as written in rules --------------------------------------------------------
    def operand(self, raw: object, key: str, style: str = "standard") -> str:
        """``raw`` in words; a set of values joined as ``style`` says ("or": a choice)."""
        if isinstance(raw, Mapping) and set(raw) <= {"param", "value"} and "param" in raw:
            memo = (str(raw["param"]), key, style)
            if memo not in self.memo:
                self.memo[memo] = self.parameter(raw, key, style)
            return self.memo[memo]
        return self.literal(raw, key, style)

    def parameter(self, raw: Mapping[str, object], key: str, style: str = "standard") -> str:
        param = self.parameters.get(str(raw["param"]))
        compiled = raw.get("value")
        if param is None and isinstance(compiled, list):  # a set, as compiled
            return values_label(key, frozenset(compiled), self.lang, self.labels, style)
        if param is None and "value" in raw:
            return value_label(key, raw["value"], self.lang, self.labels)
        if param is None:
            return self.parameter_name(str(raw["param"]))
        if param.region:
            return territory_name(param.region, self.lang)
        if param.kind == "set":
            return values_label(key, param.value, self.lang, self.labels, style)
        return value_label(key, param.value, self.lang, self.labels)

    def _region(self, raw: object) -> bool:
        """True when the set ``raw`` is a parameter naming a region (the countries of South
        America): said "in South America", never "one of South America"."""
        param = self.parameters.get(str(raw.get("param"))) if isinstance(raw, Mapping) else None
        return param is not None and bool(param.region)

    def _one_value(self, raw: object) -> bool:
        """True when the set ``raw`` (written in the rule, or a parameter's) holds one value."""
        value = self._value(raw) if isinstance(raw, Mapping) and "param" in raw else raw
        if isinstance(value, Mapping) and isinstance(value.get("value"), list):
            value = value["value"]  # a parameter as compiled, kept by the finding
        return isinstance(value, (list, tuple, set, frozenset)) and len(set(map(repr, value))) == 1

    def _value(self, raw: object) -> object:
        """A number written in a rule, or a parameter's value; a parameter whose value is not
        known here (a finding's words, made without the call's parameters) by its name."""
        if not isinstance(raw, Mapping):
            return raw
        param = self.parameters.get(str(raw.get("param")))
        if param is None and "value" in raw:  # as compiled, kept by the finding
            return raw["value"]
        if param is None:
            return self.parameter_name(str(raw.get("param")))
        return param.value

    def parameter_label(self, name: str) -> str | None:
        """The call's label of the parameter ``name``, as read inside a sentence."""
        label = self.labels.parameter(name, self.lang)
        return in_sentence(label) if label else None

    def parameter_name(self, name: str) -> str:
        return self.labels.parameter(name, self.lang) or name.replace("_", " ")

    def literal(self, raw: object, key: str, style: str = "standard") -> str:
        if isinstance(raw, Mapping) and "milestone" in raw:
            point = self.timeline.get(str(raw["milestone"]))
            if point is not None:  # a field compared with a milestone: its date says it
                return self.milestone(point)
            if raw.get("value") is not None:  # the same, from the date it was compiled with
                return self.milestone_words("", raw["value"], raw.get("precision"))
            return self.milestone_words(str(raw["milestone"]), raw.get("value"),
                                        raw.get("precision"))
        if isinstance(raw, Mapping) and set(raw) == {"path"}:
            return self.label(path_key(str(raw["path"]), key.rsplit(".", 1)[0]
                                       if "." in key else ""))
        if isinstance(raw, list):
            return values_label(key, frozenset(str(v) for v in raw), self.lang, self.labels,
                                style)
        if isinstance(raw, Mapping) and set(raw) == {"amount", "currency"}:
            return format_value(SimpleNamespace(amount=Decimal(str(raw["amount"])),
                                                currency=str(raw["currency"])), self.lang)
        if isinstance(raw, str) and _ISO_DATE.match(raw):  # a date as written in the file
            try:
                when = datetime.fromisoformat(raw) if "T" in raw else date.fromisoformat(raw)
            except ValueError:
                return value_label(key, raw, self.lang, self.labels)
            if isinstance(when, datetime) and when.tzinfo is not None:
                return self.instant(when)
            if isinstance(when, datetime):  # in the call's zone: its day and its time
                return f"{long_date(when.date(), self.lang)}, {when:%H:%M}"
            return long_date(when, self.lang)
        return value_label(key, raw, self.lang, self.labels)

    def milestone(self, milestone: Any) -> str:
        if milestone.precision == "instant":
            return self.instant(milestone.start)
        if milestone.precision == "day":
            return long_date(milestone.start.date(), self.lang)
        return month_year(milestone.start, self.lang)

    def milestone_words(self, name: str, value: object = None, precision: object = None,
                        noun: bool = False) -> str:
        """A milestone by its label and its date: « date limite (31 mars 2027) »; a month
        (``precision``, as a finding keeps it) by its month: « (octobre 2026) »; as a
        ``noun`` after a preposition, with its article: « la date limite (31 mars 2027) »."""
        point = self.timeline.get(name)
        if point is not None:
            when: str | None = self.milestone(point)
        elif isinstance(value, datetime):
            when = self.instant(value)
        elif isinstance(value, date) and precision == "month":
            when = month_year(value, self.lang)
        elif isinstance(value, date):
            when = long_date(value, self.lang)
        else:
            when = None
        label = (milestone_noun(self.labels, name, self.lang) if noun
                 else milestone_label(self.labels, name, self.lang))
        if label is None:
            return when or name.replace("_", " ")
        label = label if noun else in_sentence(label)
        return self.p("e_named", name=label, value=when) if when else label

    def month_start(self, raw: object, going_on: bool = False) -> str | None:
        """A month milestone counted from (a side of ``days_between``…), by the day it is
        counted from: "September 1, 2026, the first day of the travel month" (was "the
        travel month (September 2026)", a count of −13 days to it from the 14th read as
        wrong: attack 38b); moved (``shift``), by its first day moved: "September 4, 2026,
        3 days after the first day of the travel month" (session 37: "3 days after the
        travel month (September 2026)", which reads as after its end); None for anything
        else. ``going_on``: the sentence goes on after it, and an apposition is closed
        there ("…, the first day of the travel month, to “date of arrival”")."""
        steps: list[Mapping[str, Any]] = []
        while isinstance(raw, Mapping) and "shift" in raw:
            steps.append(raw)
            raw = raw["shift"]
        if not isinstance(raw, Mapping) or "milestone" not in raw or not set(raw) <= {
                "milestone", "value", "precision"}:
            return None
        name = str(raw["milestone"])
        point = self.timeline.get(name)
        first: object
        if point is not None:
            if point.precision != "month":
                return None
            first = point.start.date()
        elif raw.get("precision") == "month":
            first = raw.get("value")
            if isinstance(first, str):
                try:
                    first = date.fromisoformat(first[:10])
                except ValueError:
                    return None
            if isinstance(first, datetime):
                first = first.date()
        else:
            return None
        if not isinstance(first, date):
            return None
        first = first.replace(day=1)
        month = milestone_noun(self.labels, name, self.lang) or month_year(first, self.lang)
        on = "_on" if going_on else ""
        if not steps:
            return self.p(f"e_month_first_day{on}",
                          day=self.dated(long_date(first, self.lang)), month=month)
        signed = [self.signed(step) for step in reversed(steps)]
        from dateutil.relativedelta import relativedelta

        try:  # each move in turn, from the first day (as the milestone's start is moved)
            for step in signed:
                moved = dict.fromkeys(("years", "months", "days"), 0)
                for unit, n in step:
                    moved[unit] += n
                first = first + relativedelta(years=moved["years"], months=moved["months"],
                                              days=moved["days"])
        except (OverflowError, ValueError):
            return None
        return self.p(f"e_month_first_day_moved{on}",
                      day=self.dated(long_date(first, self.lang)),
                      moved=self.in_steps(self.p("e_first_day_of", month=month), signed))

    def instant(self, value: datetime) -> str:
        if self.zone is not None and getattr(self.zone, "key", None) != getattr(
                value.tzinfo, "key", None):
            return format_instant_in(value, self.lang, self.zone)  # never an error
        return format_instant(value, self.lang)

    # -- rules -------------------------------------------------------------------------------
    def describe(self, node: Any, scope: str = "", names: Mapping[str, str] | None = None
                 ) -> str:
        """The rule ``node`` in words; ``scope`` is the field key of the item it reads."""
        names = names or {}
        key_of = self._keys(scope, names)
        op = node.op
        if op in ("all", "any"):
            parts = after_word(";", self.lang).join(self.describe(child, scope, names)
                                                    for child in node.rules)
            return self.p("d_all" if op == "all" else "d_any", parts=parts)
        if op == "not":
            return self.p("d_not", part=self.describe(node.rule, scope, names))
        if op == "each":
            inner = key_of(node.path)
            inner_names = self._entered(names, inner, getattr(node, "as_", None))
            part = self.describe(node.rule, inner, inner_names)
            if node.where is not None:
                return self.p("d_each_where", path=self.label(inner),
                              where=self.describe(node.where, inner, inner_names), part=part)
            return self.p("d_each", path=self.label(inner), part=part)
        if op == "exists":
            inner = key_of(node.path)
            if node.requirement:
                return self.labels.pick(node.requirement, self.lang) or ""
            if node.where is None:
                return self.p("d_exists_any", path=self.label(inner))
            inner_names = self._entered(names, inner, getattr(node, "as_", None))
            return self.p("d_exists", path=self.label(inner),
                          where=self.describe(node.where, inner, inner_names))
        if op == "present":
            return self.p("d_present", path=self.named(node.path, scope, names))
        if op == "compare":
            return self.compare(node, scope, names)
        if op in ("in", "not_in"):
            key = key_of(node.path)
            values = node.set_
            if isinstance(values, Mapping) and set(values) == {"path"}:
                shown = self.p("values_of", path=self.label(key_of(str(values["path"]))))
            else:
                shown = self.operand(values, key, "or")  # a choice: « francés o inglés »
            # a set of one value is that value: "title: other than permanent", never
            # "none of permanent" (attacker 41b)
            one = "_region" if self._region(values) else (
                "_one" if self._one_value(values) else "")
            return self.p(("d_in" if op == "in" else "d_not_in") + one,
                          path=self.named(node.path, scope, names), set=shown)
        if op == "contains":
            key = key_of(node.path)
            return self.p("d_contains", path=self.named(node.path, scope, names),
                          value=self.operand(node.value, key))
        if op == "days":
            bounds = []
            for bound, phrase_key in ((node.min, "d_days_min"), (node.max, "d_days_max")):
                if bound is None:
                    continue
                number = self._value(bound)
                if phrase_key == "d_days_min" and number == 0:
                    continue
                count = format_count(int(number), node.count, self.lang) \
                    if isinstance(number, int) else str(number)
                bounds.append(self.p(phrase_key, min=count, max=count))
            # each date by its label, an outer item's with that item named and its label
            # quoted (attack 52w R3, session 44 R6); a field of the item checked as its
            # language writes a side of a count of days (the catalogs' ``d_days_side``:
            # French, Spanish and Portuguese quote it, « entre «fecha de firma» y … », as
            # they cannot give a label its article without its gender; English does not);
            # the item itself (a date of a list of dates) as a side, never as a label
            start, end = (self.days_side(path, scope, names) for path in (node.start, node.end))
            return self.p("d_days", start=start, end=end, bounds=join_list(bounds, self.lang))
        if op == "within_year":
            year = node.year
            shown = str(self._value(year))
            return self.p("d_within_year", path=self.named(node.path, scope, names),
                          year=shown)
        if op == "total":
            return self.p("d_total", path=self.label(key_of(node.path)),
                          max=self.operand(node.max, key_of(node.path)))
        return self.p("d_unique", path=self.label(key_of(node.path)))

    def days_side(self, path: str, scope: str, names: Mapping[str, str]) -> str:
        """A side of a count of days (``d_days``), as the catalog that words ``d_days`` writes
        it (:func:`~callrules._i18n.phrase_beside`): a field of the item checked by its label,
        bare or enclosed by that catalog's words or quotes (``d_days_side``), and then the
        label's own quotes of the other level (« entre « date “d’ouverture” » et … »); the
        item itself (a date of a list of dates) in that sentence's grammar
        (``d_days_item``: "from the item", « entre l’élément et … », never "from the the
        item" nor « entre « l’élément » »); an outer item's field, quoted already, as it is
        (inside quotes of the sentence's own, with its quotes of the other level).
        A catalog that words ``d_days`` but not the side (a platform's, written before the
        side was a message) gets the bare label (its own quotes of the other level inside
        the quotes that catalog puts around it, as before session 44), or the item as
        :meth:`named` says it: what it wrote around its own placeholders is never doubled
        by the library's."""
        # inside quotes the sentence puts around its sides (a platform's « entre
        # « %(start)s » et … »), a side's own quotes of the other level (look60w R-A)
        enclosed = _QUOTED_SIDE.search(phrase("d_days", self.lang))
        around = enclosed[0][0] if enclosed else None  # (the mark it chose: « or “…)
        if self.is_outer(path, scope, names):
            named = self.named(path, scope, names)
            if isinstance(named, ItemWords):  # (an outer item itself: no label to quote)
                return named
            return inner_quotes(named, self.lang, around) if enclosed else named
        if path and path == names.get(_OWN):
            item = phrase_beside("d_days", "d_days_item", self.lang)
            return self.named(path, scope, names) if item is None else contracted(
                item, self.lang)
        label = self.named(path, scope, names)
        side = phrase_beside("d_days", "d_days_side", self.lang)  # (its words, unfilled)
        if side is None or not side.replace("%(date_field)s", "").strip():
            # the label alone, as the language or the catalog of d_days writes it
            return inner_quotes(label, self.lang, around) if enclosed else label
        return contracted(filled(side, {"date_field": inner_quotes(label, self.lang)},
                                 self.lang), self.lang)

    def _keys(self, scope: str, names: Mapping[str, str]) -> Any:
        def key_of(path: str) -> str:
            return path_key(path, scope, names)
        return key_of

    @staticmethod
    def _entered(names: Mapping[str, str], inner: str, as_: str | None) -> dict[str, str]:
        """``names`` inside an ``each`` or an ``exists`` over the list ``inner``: its
        variable (``as_``) names its item, and is that item's own (:data:`_OWN`)."""
        entered = {**names, _OWN: "$" + as_ if as_ else ""}
        if as_:
            entered["$" + as_] = inner
        return entered

    def named(self, path: str, scope: str, names: Mapping[str, str], *,
              quoted: bool = False) -> str:
        """The label of the field at ``path``; a field of an outer item (``$v.person.email``
        in a filter on the documents) with that item named, the same way for every field
        (“e-mail address” of the item of “visitors” checked), never the bare label, which
        reads as the filtered item's own. One rule for every operator and either side of a
        test: the label of an outer item's field is in quotes, as the item's list is (never
        one side quoted and its sibling bare, session 44 R6); ``quoted``: a field of the
        item checked in quotes too, as an expression names a field (never quotes inside
        quotes, session 41)."""
        if path and path == names.get(_OWN):  # the item itself (a date of a list of
            return ItemWords(self.p("item_itself"))  # dates), never a field of itself
        outer = self.is_outer(path, scope, names)
        if not outer and path.startswith("$") and "." not in path and path != "$root" and \
                scope and names.get(path) == scope:  # (the item of a finding's own level,
            return ItemWords(self.p("item_itself"))  # by its variable: « no (el elemento: … »)
        if outer and path == path.split(".", 1)[0]:  # an outer item itself (``$t`` of an
            # ``each`` around the ``exists`` that reads it), never a field of itself
            return ItemWords(self.p("outer_item", items=inner_quotes(
                self.label(names[path]), self.lang)))
        shown = self.label(path_key(path, scope, names))
        if quoted or outer:  # a label's own quotes of the other level inside them
            shown = self.p("e_field", field=inner_quotes(shown, self.lang))
        if outer:
            head = path.split(".", 1)[0]
            return self.p("outer_field", field=shown, items=inner_quotes(
                self.label(names[head]), self.lang))
        return shown

    @staticmethod
    def is_outer(path: str, scope: str, names: Mapping[str, str]) -> bool:
        """Whether ``path`` reads a field of an outer item (``$v.person.email`` in a filter
        on the documents; ``$e.owner`` in a filter on the documents inside ``each documents
        as e``), which :meth:`named` names with that item."""
        head = path.split(".", 1)[0]
        if head not in names or head in ("$root", _OWN) or names[head] == "":
            return False
        return names[head] != scope or names.get(_OWN, head) != head

    def compare(self, node: Any, scope: str, names: Mapping[str, str]) -> str:
        key_of = self._keys(scope, names)
        to = node.to
        if is_relation(node.left, to):
            return self.relation(node.left, node.path, node.cmp, to, scope, names)
        key = key_of(node.path)
        timely = isinstance(to, Mapping) and "milestone" in to
        if node.cmp in ("==", "!="):
            verb = self.p(f"cmp {node.cmp}")
        else:
            verb = self.p(f"{'time' if timely else 'quantity'} {node.cmp}")
        if isinstance(to, Mapping) and set(to) == {"path"}:
            other = str(to["path"])
            if node.cmp in ("==", "!=") and other and other == names.get(_OWN):
                # the item itself (a date of a list of dates) is no field: "equal to the
                # item", « identique à l’élément », never « identique au champ « l’élément » »
                return self.p("d_is", path=self.named(node.path, scope, names),
                              to=self.p(f"cmp {node.cmp} item"))
            outer = self.named(other, scope, names) if self.is_outer(
                other, scope, names) else None
            if node.cmp in ("==", "!=") and isinstance(outer, ItemWords):
                # an outer item itself: « identique à l’élément vérifié dans « dates de
                # déplacement » », never the field of that name of itself (look60w)
                return self.p("d_is", path=self.named(node.path, scope, names),
                              to=self.p(f"cmp {node.cmp} outer item", items=inner_quotes(
                                  self.label(names[other]), self.lang)))
            if node.cmp in ("==", "!=") and not self.is_outer(other, scope, names):
                # « igual al dato «correo electrónico…» », as the finding says it
                return self.p("d_is", path=self.named(node.path, scope, names),
                              to=self.p(f"cmp {node.cmp} field", field=inner_quotes(
                                  self.named(other, scope, names), self.lang)))
            # an outer item's field: its label alone quoted (« plus de « nombre » de l’élément
            # vérifié dans « visiteurs » »), whatever the comparison
            shown = self.named(other, scope, names, quoted=self.is_outer(other, scope, names))
        else:
            shown = self.operand(to, key)
            if node.cmp in ("==", "!="):
                return self.p("d_is" if node.cmp == "==" else "d_is_not",
                              path=self.named(node.path, scope, names), to=shown)
        return self.p("d_compare", path=self.named(node.path, scope, names), cmp=verb,
                      to=shown)

    def relation(self, left: object, path: str | None, cmp: str, to: object, scope: str,
                 names: Mapping[str, str] | None = None) -> str:
        """A comparison with an expression, as a sentence: « la somme … doit être d’au plus
        60 % de … »."""
        names = names or {}
        shown_left = (self.expression(left, scope, names) if left is not None
                      else self.expression({"path": path}, scope, names))
        field = path if left is None else left.get("path") if isinstance(
            left, Mapping) and set(left) == {"path"} else None
        if field is not None and isinstance(to, str) and not _ISO_DATE.match(to):
            # a value of the one field on the left (a code of its vocabulary), said by its
            # label as ``path = …`` says it (« r eng » under ``not``: session 38)
            shown_right = self.operand(to, self._keys(scope, names)(str(field)))
        else:
            shown_right = self.expression(to, scope, names)
        timely = self.timely(left, path, to)
        verb = self.p(f"must {'time ' if timely and cmp not in ('==', '!=') else ''}{cmp}")
        return self.p("d_relation", left=shown_left, must=verb, right=shown_right)

    @staticmethod
    def timely(left: object, path: str | None, to: object) -> bool:
        """Whether a comparison is about dates (its right side is a date or a moved one)."""
        def dated(raw: object) -> bool:
            return isinstance(raw, Mapping) and (
                "milestone" in raw or "shift" in raw)
        return dated(to) or dated(left)

    # -- expressions -------------------------------------------------------------------------
    def expression(self, raw: object, scope: str = "",
                   names: Mapping[str, str] | None = None) -> str:
        """The expression ``raw`` (as written in a call file, or with the values it was
        compiled with beside its parameters and milestones) as a noun phrase."""
        names = names or {}
        key_of = self._keys(scope, names)
        if not isinstance(raw, Mapping):
            if isinstance(raw, str) and _ISO_DATE.match(raw):
                return self.dated(self.literal(raw, scope))
            return self.literal(raw, scope)
        head = next((h for h in EXPRESSION_HEADS if h in raw), None)
        if head in _AGGREGATES:
            items = key_of(str(raw[head]))
            what = self.label(items)
            if head == "count":
                words = self.p("e_count", items=what)
            elif raw.get("of") is not None:
                words = self.p(f"e_{head}", of=self.label(path_key(str(raw["of"]), items)),
                               items=what)
            else:
                words = self.p(f"e_{head}_all", items=what)
            where = raw.get("where")
            if isinstance(where, Mapping) and "op" in where:
                words = self.p("e_where", what=words, where=self.describe(
                    _Rule(where), items, self._entered(names, items, None)))
            return words
        if head in ("plus", "minus", "times", "ratio"):
            # an operand that is itself arithmetic (or a rate looked up) is bracketed, so
            # that "(A minus B) times C" cannot be read "A minus (B times C)"
            parts = [f"({words})" if isinstance(part, Mapping) and any(
                         k in part for k in _COMPOUND) else words
                     for part in raw[head]
                     for words in (self.expression(part, scope, names),)]
            if head == "plus":
                return self.p("e_plus", parts=join_list(parts, self.lang))
            return self.p(f"e_{head}", first=parts[0], second=parts[-1])
        if head == "percent":
            return format_percent(Decimal(str(raw[head])) / 100, self.lang)
        if head == "decimal":
            return format_value(Decimal(str(raw[head])), self.lang)
        if head in _BETWEEN:  # a month counted from its first day, said so
            start, end = (self.month_start(part, going_on=not at) or self.expression(
                              part, scope, names) for at, part in enumerate(raw[head]))
            return self.p(f"e_{head}", start=start, end=end)
        if head == "lookup":  # a rate from a dated table: by its label, its keys, its day
            return self.lookup(raw, scope, names)
        if head == "round":
            mode = str(raw.get("mode", "half_even"))
            what = self.expression(raw[head], scope, names)
            unit = raw.get("unit")
            how = self.p(f"round {mode}")  # one of the modes checked at load
            if unit is None:
                return self.p("e_round_minor", what=what, how=how)
            return self.p("e_round", what=what, how=how,
                          unit=format_value(Decimal(str(unit)), self.lang))
        if head == "shift" or "milestone" in raw:
            # a shift of a shift: its base, then each move in turn (a month later than 31
            # January is 28 February, and a month earlier than that 28 January: said as one
            # offset, « la date limite » alone, the months had cancelled: attack 37b)
            steps = [raw]
            while "shift" in steps[-1] and isinstance(steps[-1]["shift"], Mapping) and (
                    "shift" in steps[-1]["shift"] or "milestone" in steps[-1]["shift"]):
                steps.append(steps[-1]["shift"])
            inner = steps[-1]
            if "shift" in inner:
                base = self.expression(inner["shift"], scope, names)
            else:
                base = self.dated(self.milestone_words(str(inner["milestone"]),
                                                       inner.get("value"),
                                                       inner.get("precision"), noun=True))
            return self.in_steps(base, [self.signed(step) for step in reversed(steps)])
        if "path" in raw:  # (an outer item's field named as on either side of a test)
            return self.named(str(raw["path"]), scope, names, quoted=True)
        if "param" in raw:
            name = str(raw["param"])
            value: str | None
            if name in self.parameters:
                value = self.parameter(raw, scope)
            else:
                value = format_value(raw["value"], self.lang) if "value" in raw else None
            label = self.labels.parameter(name, self.lang)
            if label is None:
                return value or self.parameter_name(name)
            label = in_sentence(label)
            return self.p("e_named", name=label, value=value) if value else label
        return self.literal(raw, scope)

    def lookup(self, raw: Mapping[str, Any], scope: str, names: Mapping[str, str],
               dated: bool = True) -> str:
        """A rate from a dated table: by its label, its keys and its day; a key that is a
        lookup on the same day is said without it, the day said once for both."""
        name = str(raw["lookup"])
        table = self.labels.parameter(name, self.lang)
        written = raw.get("key")
        keys: list[Any] = written if isinstance(written, list) else []
        words = join_list([
            self.lookup(k, scope, names, dated=False) if isinstance(k, Mapping)
            and "lookup" in k and k.get("on") == raw.get("on")
            else self.expression(k, scope, names) for k in keys], self.lang)
        table_words = in_sentence(table) if table else self.parameter_name(name)
        if not dated:
            return self.p("e_lookup_keys", table=table_words, keys=words)
        return self.p("e_lookup", table=table_words, keys=words,
                      on=self.expression(raw.get("on"), scope, names))

    def in_steps(self, base: str, steps: list[list[tuple[str, int]]]) -> str:
        """A date moved by each of ``steps`` in turn (signed years, months and days): one
        step before or after its base ("2 months after the submission deadline"), or its
        base moved by its offsets ("moved 1 year later and 365 days earlier"); two or more,
        each said in turn ("moved 1 month later, then 1 month earlier"), never added up: a
        month moved from 31 January is a shorter month's end, and moving it back does not
        bring the 31st back."""
        steps = [step for step in steps if step]
        if not steps:
            return base
        if len(steps) > 1:
            return self.p("e_moved", base=base, moves=moves_in_words(steps, self.lang))
        signed = steps[0]
        counts = join_list((format_count(abs(n), unit, self.lang) for unit, n in signed),
                           self.lang)
        if all(n < 0 for _, n in signed):
            return self.p("e_before", offset=counts, base=base)
        if all(n > 0 for _, n in signed):
            return self.p("e_after", offset=counts, base=base)
        return self.p("e_moved", base=base, moves=_step_in_words(signed, self.lang))

    def signed(self, raw: Mapping[str, Any]) -> list[tuple[str, int]]:
        """The offsets one step writes (``years = -5``, ``before = { days = 15 }``, a
        parameter), signed, those of zero left out."""
        signed: list[tuple[str, int]] = []
        for direction in _DIRECTIONS:
            table = raw.get(direction)
            if isinstance(table, Mapping):
                sign = -1 if direction == "before" else 1
                signed += [(unit, sign * self.offset(table[unit]))
                           for unit in _OFFSETS if unit in table]
        signed += [(unit, self.offset(raw[unit])) for unit in _OFFSETS if unit in raw]
        return [(unit, n) for unit, n in signed if n]

    def offset(self, raw: object) -> int:
        """A number of years, months or days: written, a parameter's value (as compiled, or
        the call's), else nothing."""
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        if isinstance(raw, Mapping):
            if isinstance(raw.get("value"), int):
                return int(raw["value"])
            param = self.parameters.get(str(raw.get("param")))
            if param is not None and isinstance(param.value, int):
                return int(param.value)
        return 0


class _Rule(SimpleNamespace):
    """A rule written inside an expression (a ``where``), read as the grammar reads it."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        fields = {k: v for k, v in raw.items() if k not in ("set", "as", "rule", "rules")}
        fields.setdefault("path", None)
        for name in ("where", "left", "to", "requirement", "value", "min", "max", "year",
                     "start", "end", "count", "cmp"):
            fields.setdefault(name, None)
        if "set" in raw:
            fields["set_"] = raw["set"]
        if "as" in raw:
            fields["as_"] = raw["as"]
        if isinstance(raw.get("where"), Mapping):
            fields["where"] = _Rule(raw["where"])
        if isinstance(raw.get("rule"), Mapping):
            fields["rule"] = _Rule(raw["rule"])
        if isinstance(raw.get("rules"), list):
            fields["rules"] = [_Rule(r) for r in raw["rules"]]
        super().__init__(**fields)
