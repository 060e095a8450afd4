"""Findings and reports: failures as data, rendered into words only when asked.

The JSON shape of a report (``Report.to_dict()``) is versioned by ``REPORT_SCHEMA_VERSION``
and documented in ``docs/reference/report-json.md``; adding a key is a minor change, renaming
or removing one is a breaking change.
"""

from __future__ import annotations

import hashlib
import heapq
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import MISSING, dataclass, field, fields, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum, StrEnum
from functools import lru_cache, partial
from io import TextIOBase
from itertools import zip_longest
from os import PathLike, fsencode
from pathlib import Path
from typing import Any

from pydantic_core import PydanticCustomError

from callrules._definitions import check_template, template_names
from callrules._labels import CallLabels
from callrules._messages import ALSO_FILLED, CODES
from callrules._models import Application
from callrules._money import Money, amount_written
from callrules._portable import ReadOnly, own_state
from callrules._renderings import renderings
from callrules._system import reason_key
from callrules._time import require_aware
from callrules.exceptions import (
    BUILT,
    NUMBER_DIGITS,
    ArgumentError,
    InputError,
    KindInWords,
    argument_words,
    blank_words,
    check_loc,
    check_value,
    format_loc,
    given_locale,
    given_words,
)

__all__ = ["LONG_TEXT", "REPORT_SCHEMA_VERSION", "TEXT_HEAD", "BatchItem", "BatchResult",
           "Finding", "Report", "Severity", "Texts", "long_text", "text_head", "worded"]

REPORT_SCHEMA_VERSION = 1


class Severity(StrEnum):
    """How much a finding weighs: an error bars the application; a warning does not."""

    ERROR = "error"
    WARNING = "warning"


def owned(value: Any) -> Any:
    """``value`` with each dict, list and set it holds copied (what a report hands out is its
    own: a caller changing one report's never changes another's, nor the call's)."""
    if type(value) is dict:
        return {key: owned(item) for key, item in value.items()}
    if type(value) is list:
        return [owned(item) for item in value]
    if type(value) is set:
        return {owned(item) for item in value}
    return value


@own_state
@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a rule found wrong with an application.

    ``code`` is a stable slug (documented in the reference, one template per code in the
    catalogs); ``clause`` the id of the call's clause it comes from; ``loc`` the path to the
    offending field; ``input`` the value found there; ``ctx`` the values that fill the message.
    """

    code: str
    clause: str
    severity: Severity
    loc: tuple[str | int, ...]
    input: object
    ctx: Mapping[str, object] = field(default_factory=dict)
    #: The call's own wording of this finding, by language (from the rule's ``messages``).
    template: Mapping[str, str] | None = field(default=None, compare=False, repr=False)
    #: The call's labels (its coded values, milestones…), for the words of the message.
    labels: Any = field(default=None, compare=False, repr=False)
    #: The words of its values, worked out once for the findings of one evaluation (a table
    #: they share; None outside an evaluation): see ``callrules._i18n.report_words``.
    words: Any = field(default=None, init=False, compare=False, repr=False)
    #: As :attr:`Report.reader`: the language the finding is said in when none is named and
    #: the process has none chosen (the caller's, for a finding shown alone on a Dask
    #: worker); None: the session's. Never compared.
    reader: str | None = field(default=None, compare=False, repr=False, kw_only=True)
    #: Which rule made it, for a finding of a rule spanning applications (``unique``: its
    #: identifier, :attr:`callrules.language.unique.BatchRule.identifier`); None for any
    #: other. Two such rules of one clause reading one field make findings alike (clause,
    #: code, place): a decision record tells them apart by it. Never compared.
    rule: str | None = field(default=None, compare=False, repr=False, kw_only=True)

    def __post_init__(self) -> None:
        """Bound what a finding carries: a list of more than ``LIST_CAP`` items (in ``input``
        or a ``ctx`` value) keeps its first ones, a marker saying how many more there are
        (shown in messages), and the count in ``ctx`` as ``<key>_omitted``, so that a report
        stays proportional to its application however many findings share a long list.
        A finding built by hand with arguments of the wrong kind is refused here
        (:class:`~callrules.ArgumentError`), never when it is shown."""
        _check_finding(self)
        if type(self.template) is dict:  # (the call's wording: the finding's own copy, so
            object.__setattr__(self, "template", dict(self.template))  # that a caller
            # changing one report's never changes the words of another)
        try:
            self._capped()
        except (ArithmeticError, TypeError, ValueError, RecursionError):
            _check_finding_values(self)  # a value that cannot be cut, refused in words
            raise
        # the report's own values: a mapping or list the rule holds (its sides as written)
        # copied once an evaluation, never handed to two reports (attack 36b)
        # (read-only: a frozen finding whose values an edit changed would say other words)
        object.__setattr__(self, "ctx", ReadOnly(_own_ctx(self.ctx)))
        if self.words is None:  # (the words of the evaluation's values, said once for all)
            object.__setattr__(self, "words", _words.get())
        # the values, once capped: a long list shared by many findings is read once each
        _check_finding_values(self)
        _check_wording_filled(self)

    def __getstate__(self) -> list[object]:
        """Its fields, for pickle and copies: the words of its report's values left out (a
        table of the evaluation's, worked out again where it is read). :meth:`__reduce_ex__`
        asks for them only of a finding with no ``reader`` and no ``rule``: the nine values
        an earlier version pickled. A caller asking for the state itself of one that carries
        them (``copyreg``, a serialiser of its own) gets them after the nine, as far as the
        last one it carries, which :meth:`__setstate__` reads back."""
        state = [None if name == "words" else getattr(self, name) for name in _FIELDS]
        while len(state) > _PLAIN_STATE and state[-1] is None:
            state.pop()
        return state

    _own_getstate = __getstate__  # (:func:`~callrules._portable.own_state`)

    def __reduce_ex__(self, protocol: Any) -> Any:
        """How it is pickled and copied: as an earlier version pickled a finding (its nine
        values); one carrying a ``reader`` or a ``rule``, as the same finding without them,
        then given them by :meth:`_moved`, which earlier versions have too and which leaves
        aside a name it does not know: session 48's version reads such a finding with its
        reader, session 47's without (before, a finding with a reader was pickled as ten
        values, which session 47's version refused; with a rule, it would have been eleven,
        which session 48's refuses)."""
        if self.reader is None and self.rule is None:
            return object.__reduce_ex__(self, protocol)
        plain = self._moved(reader=None, rule=None)
        return partial(Finding._moved, reader=self.reader, rule=self.rule), (plain,)

    def __setstate__(self, state: Sequence[object]) -> None:
        """Its fields read back, its ``ctx`` read-only whatever pickled it (an earlier
        version of the library pickled a plain dict), its ``reader`` and ``rule`` None when
        the pickle has none (an earlier version's, or a finding without them)."""
        if not _PLAIN_STATE <= len(state) <= len(_FIELDS):  # (another shape: refused,
            raise TypeError(f"Finding: a pickle of {len(state)} fields")  # never half-made)
        for name, value in zip_longest(_FIELDS, state):
            if name == "ctx" and type(value) is not ReadOnly and isinstance(value, Mapping):
                value = ReadOnly(value)
            object.__setattr__(self, name, value)

    _own_setstate = __setstate__  # (:func:`~callrules._portable.own_state`)

    def _capped(self) -> None:
        extra: dict[str, object] = {}
        if _too_long(self.input):
            capped = _cap(self.input)
            object.__setattr__(self, "input", capped)
            extra["input_omitted"] = capped.omitted
        if any(_too_long(v) for v in self.ctx.values()):
            ctx: dict[str, object] = {}
            for key, value in self.ctx.items():
                if _too_long(value):
                    value = _cap(value)
                    extra[f"{key}_omitted"] = value.omitted
                ctx[key] = value
            object.__setattr__(self, "ctx", ctx)
        if extra:
            object.__setattr__(self, "ctx", {**self.ctx, **extra})

    @property
    def path(self) -> str:
        """``loc`` as ``visitors[1].institution.country``."""
        return format_loc(self.loc)

    @property
    def pointer(self) -> str:
        """``loc`` as a JSON Pointer (RFC 6901): ``/visitors/1/institution/country``."""
        return _pointer(self.loc)

    def message(self, locale: str | None = None, zone: str | None = None) -> str:
        """The finding in words, in ``locale`` (``fr``, ``en``, ``es``, ``pt``; others fall
        back; None is the session's language, see ``callrules.set_language``).

        With ``zone`` (an IANA name), instants are also shown in the reader's zone.
        """
        given_locale(locale)  # (not text: refused at once, said in words)
        return renderings().finding(self, locale, zone)

    def with_prefix(self, prefix: tuple[str | int, ...]) -> Finding:
        """The same finding, its location under ``prefix`` (a tuple of names and list
        positions, as ``loc`` is)."""
        if not isinstance(prefix, tuple) or not all(
                isinstance(part, (str, int)) and not isinstance(part, bool) for part in prefix):
            raise ArgumentError("prefix: a tuple of names and list positions (such as "
                                f"('visitors', 0)) was expected, not {type(prefix).__name__}",
                                words=BUILT["place"])
        check_loc(prefix, "prefix")
        return self._moved(loc=prefix + self.loc)

    def with_labels(self, labels: Any) -> Finding:
        """The same finding, worded with a call's ``labels`` (``call.labels``; None: the
        library's own words)."""
        if labels is not None and not isinstance(labels, CallLabels):
            raise ArgumentError("labels: a call's labels (call.labels) or None was expected, "
                                f"not {type(labels).__name__}", words=BUILT["labels"])
        return self._moved(labels=labels)

    def _moved(self, **changed: Any) -> Finding:
        """The same finding with ``changed`` fields (a place, labels, a call's wording that
        its rule checked when the call was loaded), built without checking again what this
        one's construction checked: its values are the same objects (attack 33b: each
        finding was built three times, each time walking its values again, 40,000 findings
        of a 12-level expression 17.6 s). A name it does not know is left aside (a later
        version's pickle may name fields this one lacks: :meth:`__reduce_ex__`)."""
        new = object.__new__(Finding)
        if type(changed.get("template")) is dict:  # (the call's wording: this finding's
            changed["template"] = dict(changed["template"])  # own copy, see __post_init__)
        for name in _FIELDS:
            object.__setattr__(new, name, changed[name] if name in changed
                               else getattr(self, name))
        return new

    def to_dict(self, locale: str | None = None, zone: str | None = None) -> dict[str, Any]:
        """A JSON-ready dict; with ``locale``, the rendered message too (instants also in
        ``zone``, an IANA name, if given)."""
        given_locale(locale)  # (not text: refused at once, said in words)
        out: dict[str, Any] = {
            "code": self.code,
            "clause": self.clause,
            "severity": self.severity.value,
            "loc": list(self.loc),
            "path": self.path,
            "pointer": self.pointer,
            "input": to_json_value(self.input),
            "ctx": {k: to_json_value(v) for k, v in sorted(self.ctx.items())},
        }
        if locale is not None:
            out["message"] = self.message(locale, zone)
        return out


_LOC = "a tuple of names and list positions (such as ('visitors', 0))"
#: The fields of a finding, in order (:meth:`Finding._moved`).
_FIELDS = ("code", "clause", "severity", "loc", "input", "ctx", "template", "labels",
           "words", "reader", "rule")
#: The values of a finding's pickle before it had a ``reader`` (session 47's and earlier).
_PLAIN_STATE = 9
#: The values of findings already checked during one evaluation, by their id (each kept, so
#: that its id names no other object while it is held): see :func:`values_checked`.
_checked: ContextVar[dict[int, object] | None] = ContextVar("callrules_checked", default=None)


#: The copies of the containers findings carry, made once an evaluation, by the id of the
#: container copied (each kept beside its copy, so that its id names no other object while
#: it is held): see :func:`_own_ctx`.
_copies: ContextVar[dict[int, tuple[object, object]] | None] = ContextVar(
    "callrules_copies", default=None)


#: The table the findings of one evaluation share for the words of their values.
_words: ContextVar[dict[tuple[Any, ...], str] | None] = ContextVar(
    "callrules_words", default=None)


@contextmanager
def values_checked() -> Iterator[None]:
    """While an evaluation makes its findings: a list or mapping a finding carries that a
    finding made before carried too (the comparison as written, shared by every finding of
    its rule) is checked once (:func:`_check_finding_values`), not once a finding, and
    copied once (:func:`_own_ctx`): the findings of one report share it, no two reports."""
    token, copies, words = _checked.set({}), _copies.set({}), _words.set({})
    try:
        yield
    finally:
        _words.reset(words)
        _copies.reset(copies)
        _checked.reset(token)


def _own_ctx(ctx: Mapping[str, object]) -> dict[str, object]:
    """``ctx`` as a dict of its own whose every dict, list, set and tuple (nested too) is
    the report's own: copied once an evaluation (:data:`_copies`), once a finding outside
    one. What a report hands out never reaches the call's compiled rules nor another
    report (attack 36b: a comparison's sides, shared by every report of the call)."""
    memo = _copies.get()
    if memo is None:
        memo = {}
    return {key: _own_value(value, memo, 0) for key, value in ctx.items()}


def _own_value(value: Any, memo: dict[int, tuple[object, object]], depth: int) -> Any:
    kind = type(value)
    if kind not in _CONTAINERS and kind is not Capped:
        return value
    held = memo.get(id(value))
    if held is not None and held[0] is value:
        return held[1]
    if depth > _OWN_DEPTH:  # (deeper than a call may nest: refused by the checks after)
        return value
    copy: Any
    if kind is dict:
        copy = {k: _own_value(v, memo, depth + 1) for k, v in value.items()}
    elif kind is list:
        copy = [_own_value(v, memo, depth + 1) for v in value]
    elif kind is set:
        copy = {_own_value(v, memo, depth + 1) for v in value}
    else:  # a tuple (a capped list too): immutable, its items made the report's own
        items = tuple(_own_value(v, memo, depth + 1) for v in value)
        if all(a is b for a, b in zip(items, value, strict=True)):
            copy = value
        elif kind is Capped:
            copy = Capped(items)
            copy.omitted = value.omitted
        else:
            copy = items
    memo[id(value)] = (value, copy)
    return copy


#: The containers :func:`_own_value` copies (by exact type: a caller's own kinds are kept).
_CONTAINERS = frozenset({dict, list, set, tuple})
#: How deep :func:`_own_value` follows containers (a call nests at most a few hundred).
_OWN_DEPTH = 400


def _check_finding(finding: Finding) -> None:
    ArgumentError.check(finding.code, str, "Finding(code): its code, a text", BUILT["code"])
    ArgumentError.check(finding.clause, str, "Finding(clause): the id of its clause, a text",
                        BUILT["code"])
    if finding.rule is not None:
        ArgumentError.check(finding.rule, str, "Finding(rule): the identifier of the rule "
                            "that made it, a text, or None", BUILT["code"])
    if not isinstance(finding.severity, Severity):
        if finding.severity not in tuple(Severity):  # ("error" is Severity.ERROR)
            raise ArgumentError("Finding(severity): Severity.ERROR or Severity.WARNING was "
                                f"expected, not {_shown_kind(finding.severity)}",
                                words=BUILT["severity"])
        object.__setattr__(finding, "severity", Severity(finding.severity))
    check_loc(finding.loc, "Finding(loc)")
    ArgumentError.check(finding.ctx, Mapping, "Finding(ctx): a mapping of names to values",
                        BUILT["context"])
    ArgumentError.tuple_of(tuple(finding.ctx), str, "Finding(ctx): a mapping of names to "
                           "values", BUILT["context"])
    if finding.template is not None:
        ArgumentError.check(finding.template, Mapping, "Finding(template): a mapping of "
                            "languages to texts, or None", BUILT["wording"])
        for lang, text in finding.template.items():
            ArgumentError.check(lang, str, "Finding(template): a mapping of languages to "
                                "texts, or None", BUILT["wording"])
            ArgumentError.check(text, str, f"Finding(template): its wording {lang[:10]!r}, "
                                "a text", BUILT["wording"])
            try:
                check_template(text)
            except PydanticCustomError as error:
                raise ArgumentError(f"Finding(template): its wording {lang[:10]!r}, a text "
                                    "with %(name)s placeholders (and %% for a percent sign) "
                                    f"as a call's messages are, was expected: {error}",
                                    words=BUILT["wording"]) from None
            if not text.strip():  # an empty message, as a call file refuses one
                raise ArgumentError(f"Finding(template): its wording {lang[:10]!r}, a text "
                                    "that says something, was expected, not an empty one",
                                    words=BUILT["wording_empty"])
            unfilled = sorted(template_names(text) - _filled(finding))
            if unfilled:  # it would read "?" to the applicant, as a call file refuses it
                raise ArgumentError(
                    f"Finding(template): its wording {lang[:10]!r} names "
                    f"%({unfilled[0][:40]})s, which this finding does not fill; it fills "
                    f"{', '.join(sorted(_filled(finding)))[:400]}",
                    words=BUILT["wording_unfilled"])
    if finding.labels is not None and not isinstance(finding.labels, CallLabels):
        raise ArgumentError("Finding(labels): a call's labels (call.labels) or None was "
                            f"expected, not {type(finding.labels).__name__}",
                            words=BUILT["labels"])


def _check_wording_filled(finding: Finding) -> None:
    """Refuse (in words) a finding whose own wording names a value of its code's sentence
    that it does not hold (``over by %(excess)s`` without the excess): it would read "?".
    Only when the library's own sentence for it lacks a value too: a finding the library
    builds fills its sentence whole (a law of ``test_template_placeholders.py``), so only
    one built by hand is refused, never one a call's rule makes while it is judged."""
    if not finding.template:
        return
    named = set().union(*(template_names(text) for text in finding.template.values()))
    if not named - set(finding.ctx) - {"field", "Field", "value"}:
        return  # (each named value held: nothing to work out)
    try:
        own, library = renderings().holes(finding)
    except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError):
        return  # (a value the wording cannot read: refused, or said, when shown)
    if own and library:
        raise ArgumentError(
            f"Finding(template): its wording names %({sorted(own)[0][:40]})s, a value of the "
            f"library's sentence for {finding.code[:40]!r} that this finding does not hold "
            "(its ctx lacks it): it would read '?'",
            words=BUILT["wording_unfilled"])


def _filled(finding: Finding) -> set[str]:
    """The placeholders a finding's message fills: the field and the value found, those of
    the library's template for its code (as a call file's message may name them) and its
    context's."""
    template = CODES.get(finding.code, CODES["not_satisfied"])
    return {"field", "Field", "value", *template_names(template),
            *ALSO_FILLED.get(finding.code, ()), *finding.ctx}


def _check_finding_values(finding: Finding) -> None:
    memo = _checked.get()
    _check_once(finding.input, "Finding(input): a value read from an application", memo)
    for key, value in finding.ctx.items():
        _check_once(value, f"Finding(ctx): its value {key[:40]!r}, a value read from an "
                    "application or the call", memo)


def _check_once(value: object, what: str, memo: dict[int, object] | None) -> None:
    """:func:`_check_value`, a list or mapping once an evaluation (:func:`values_checked`)."""
    if memo is not None and memo.get(id(value)) is value:
        return
    _check_value(value, what)
    if memo is not None and isinstance(value, (list, tuple, Mapping)):
        memo[id(value)] = value


def _check_value(value: object, what: str) -> None:
    """A value an application could hold, down to the items of its lists and mappings (their
    keys too): an instant with its offset, a finite number of at most ``NUMBER_DIGITS``
    digits before its point (and the bounds of :func:`~callrules.exceptions.check_value`)."""
    check_value(value, what, _wrong_scalar)


def _wrong_scalar(value: object) -> str | None:
    """What is wrong with ``value`` as a value of an application, in words; None if
    nothing is."""
    if isinstance(value, datetime) and (value.tzinfo is None or value.utcoffset() is None):
        return "a datetime without a time zone"
    if isinstance(value, Money):  # (built past its constructor: its parts checked too)
        amount, currency = getattr(value, "amount", None), getattr(value, "currency", None)
        if not isinstance(amount, Decimal) or not isinstance(currency, str):
            return "an amount of money without a number and a currency"
        value = amount
    if isinstance(value, Decimal):
        if not value.is_finite():
            return repr(value)
        if value.adjusted() >= NUMBER_DIGITS:
            return f"a number of more than {NUMBER_DIGITS:,} digits before its point"
    elif isinstance(value, float) and not (value == value and abs(value) != float("inf")):
        return repr(value)
    return None


def _set_fields(made: Any, state: Sequence[object]) -> None:
    """A pickled report or record of a batch (``state``: its fields' values, in order) set
    on ``made``; a field the pickle has no value for (``reader``, in a pickle made by a
    version before it) takes its default, so that the copy pickles again, and
    ``dataclasses.replace`` and ``asdict`` read it, as one made now."""
    values = list(state)
    for place, known in enumerate(fields(made)):
        if place < len(values):
            value = values[place]
        elif known.default is not MISSING:
            value = known.default
        elif known.default_factory is not MISSING:
            value = known.default_factory()
        else:  # (a pickle of another shape: refused as pickle refuses it, never half-made)
            raise TypeError(f"{type(made).__name__}: a pickle without {known.name}")
        object.__setattr__(made, known.name, value)


def _shown_kind(value: object) -> str:
    """What was given, for a message: a text in quotes (cut short), else its kind."""
    return repr(value[:40]) if isinstance(value, str) else type(value).__name__


def _pointer(loc: Sequence[str | int]) -> str:
    """``loc`` as a JSON Pointer (RFC 6901)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in loc)


#: The most items of a list a finding carries (see :meth:`Finding.__post_init__`).
LIST_CAP = 30


class More:
    """The marker ending a capped list: how many items were left out."""

    __slots__ = ("count",)

    def __init__(self, count: int) -> None:
        self.count = count

    def __str__(self) -> str:
        return f"… (+{self.count})"

    def __repr__(self) -> str:
        return f"More({self.count})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, More) and other.count == self.count

    def __hash__(self) -> int:
        return hash(("More", self.count))


class Capped(tuple[Any, ...]):
    """A list cut to its first items, then a :class:`More` marker."""

    omitted: int


def _too_long(value: object) -> bool:
    return isinstance(value, (list, tuple, set, frozenset)) and not isinstance(value, Capped) \
        and len(value) > LIST_CAP


def _cap(value: Any) -> Capped:
    """``value`` cut to its first :data:`LIST_CAP` items (a set's smallest, in the order
    of their JSON), then a :class:`More` marker. A set of the call (a frozenset: a
    parameter's values) is cut once and the cut shared by every finding that names it, so
    that 500 findings about a set of 10,000 codes sort it once, not 500 times."""
    if isinstance(value, frozenset):
        return _cap_frozen(value)
    if isinstance(value, set):
        return _cap_set(value)
    return _capped(value[:LIST_CAP] if isinstance(value, (list, tuple)) else list(value)[
        :LIST_CAP], len(value))


@lru_cache(maxsize=256)
def _cap_frozen(value: frozenset[Any]) -> Capped:
    return _cap_set(value)


def _cap_set(value: set[Any] | frozenset[Any]) -> Capped:
    # the smallest items only, each one's sort key made once: linear in the set's size
    return _capped(heapq.nsmallest(LIST_CAP, value, key=_sort_key), len(value))


def _sort_key(value: object) -> str:
    return json.dumps(to_json_value(value), sort_keys=True)


def capped(kept: Sequence[Any], length: int) -> Capped:
    """The first :data:`LIST_CAP` items ``kept`` of a list of ``length`` items, then a
    :class:`More` marker: the list as a finding carries it."""
    return _capped(kept[:LIST_CAP], length)


def _capped(kept: Sequence[Any], length: int) -> Capped:
    capped = Capped([*kept, More(length - LIST_CAP)])
    capped.omitted = length - LIST_CAP
    return capped


def iso_duration(value: timedelta) -> str:
    """An exact ISO 8601 duration: ``PT0.001S``, ``P2DT3H``, ``-PT30M``.

    >>> iso_duration(timedelta(days=2, hours=3)), iso_duration(timedelta(milliseconds=-1))
    ('P2DT3H', '-PT0.001S')
    """
    sign = "-" if value < timedelta(0) else ""
    micros = abs(value) // timedelta(microseconds=1)
    days, micros = divmod(micros, 86_400_000_000)
    hours, micros = divmod(micros, 3_600_000_000)
    minutes, micros = divmod(micros, 60_000_000)
    seconds = Decimal(micros).scaleb(-6).normalize()
    time = "".join(part for part in (f"{hours}H" if hours else "", f"{minutes}M" if minutes
                                     else "", f"{seconds:f}S" if micros else ""))
    text = (f"{days}D" if days else "") + (f"T{time}" if time else "")
    return f"{sign}P{text or 'T0S'}"


#: The most places, or zeros before the point, a decimal is written plain with: every value
#: an application or a call may hold, far beyond (one from elsewhere keeps its exponent).
_PLAIN_PLACES = 100


def to_json_value(value: object, *,
                  amount: Callable[[Money], str] = amount_written) -> Any:
    """A JSON-ready form of a finding's input or context value (exact: decimals as strings).

    ``amount`` writes the amount of each :class:`Money` (by default the rule of every machine
    output, :func:`~callrules._money.amount_written`; a selection record's outcome passes
    :func:`~callrules._money.amount_held`, the form records have always held, so that they
    replay the same across versions)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Money):
        return {"amount": amount(value), "currency": value.currency}
    if isinstance(value, Decimal):  # plain, as the reader takes it back: never "1E-8"
        exponent = value.as_tuple().exponent
        return format(value, "f") if isinstance(exponent, int) and abs(
            exponent) <= _PLAIN_PLACES else str(value)  # (not a million zeros)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return iso_duration(value)
    if isinstance(value, Enum):
        return to_json_value(value.value, amount=amount)
    if isinstance(value, Mapping):
        return {str(k): to_json_value(v, amount=amount) for k, v in value.items()}
    if isinstance(value, (list, tuple, frozenset, set)):
        items = [to_json_value(v, amount=amount) for v in value if not isinstance(v, More)]
        if isinstance(value, (frozenset, set)):
            items.sort(key=lambda v: json.dumps(v, sort_keys=True))
        return items
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return dump(mode="json")
    return str(value)


#: A text of the call that a finding carries (an ``exists`` rule's ``requirement``) is long
#: when it has more characters than this in one of its languages: the JSON of a report
#: then says it once (``texts``), not in every finding that names it.
LONG_TEXT = 200
#: The characters of a long text each finding keeps (its ``ctx`` and its message in JSON),
#: cut at a space where one is near, then ``…``.
TEXT_HEAD = 100

#: The ids of the long texts already given in an answer (a batch says each one once).
Texts = set[str]
#: The entries of a finding's ``ctx`` holding a set of values: an ``in`` or ``not_in`` rule's
#: (written in the call file or a parameter's: ``allowed``, ``excluded``; or read from the
#: application, ``set = { path = … }``: ``known``), or the list a ``contains`` rule looked
#: in (``found``); said once per answer, as a long requirement is, when one of its values is
#: long (:func:`long_sets`).
SET_KEYS = ("allowed", "excluded", "known", "found")


def text_head(text: str) -> str:
    """``text`` if it is not long, else its first :data:`TEXT_HEAD` characters or so (cut
    at the last space among them, when there is one in their second half), then ``…``.

    >>> text_head("short")
    'short'
    >>> text_head("word " * 100)[-11:]
    'word word …'
    """
    if len(text) <= LONG_TEXT:
        return text
    head = text[:TEXT_HEAD]
    space = head.rfind(" ")
    if space > TEXT_HEAD // 2:
        head = head[:space]
    return head.rstrip() + " …"


@lru_cache(maxsize=1024)
def _text_id(items: tuple[Any, ...]) -> str:
    digest = hashlib.sha256(json.dumps(items, ensure_ascii=False).encode("utf-8"))
    return "t" + digest.hexdigest()[:16]


def long_text(finding: Finding) -> tuple[str, Mapping[str, str]] | None:
    """The long text of the call ``finding`` carries, with its id (the same texts, the same
    id, in every report and every run), or None."""
    texts = finding.ctx.get("requirement")
    if not isinstance(texts, Mapping) or not any(
            isinstance(t, str) and len(t) > LONG_TEXT for t in texts.values()):
        return None
    items = tuple(sorted((str(k), str(v)) for k, v in texts.items()))
    return _text_id(items), texts


def long_sets(finding: Finding) -> list[tuple[str, str, list[Any], list[Any]]]:
    """The sets of values ``finding`` carries (:data:`SET_KEYS`) of which one value is long
    (more than :data:`LONG_TEXT` characters), each as its key in ``ctx``, its id (as a long
    text's: the same values, the same id, in every report and every run), its values in JSON,
    in the order ``ctx`` writes them (at most :data:`LIST_CAP`), and their heads
    (:func:`set_heads`). A report's JSON gives them whole once, under ``texts`` by that id,
    and each finding their heads: 480 rules naming a set of 20 values of 4,999 characters no
    longer repeat 100 KB in each finding (att86 N1). Each set is written in JSON once while
    it is kept (:func:`_long_set`), not twice per finding (weighed, then written: 86,400
    ``json.dumps`` of 5 KB values for 1,443 findings, look78c); the lists are shared, never
    to be changed."""
    out = []
    for key in SET_KEYS:
        value = finding.ctx.get(key)
        if isinstance(value, (frozenset, set, tuple, list)) and (
                said := _long_set(Same(value))) is not None:
            out.append((key, *said))
    return out


def input_set(finding: Finding, sets: list[tuple[str, str, list[Any], list[Any]]]
              ) -> tuple[str, list[Any]] | None:
    """The id and heads of the long set among ``sets`` (:func:`long_sets`) that ``finding``'s
    ``input`` is, the same values (a ``contains`` rule's list, also its ``ctx.found``), or
    None: a report's JSON then gives that input as the set's heads and its id
    (``input_text``), the values being said once under ``texts`` (att92 F4: 30 findings
    carried the same 15 KB list whole as their ``input``)."""
    given = finding.input
    if not sets or not isinstance(given, (list, tuple, set, frozenset)):
        return None
    shown: tuple[Any, ...] | None = None
    for _name, key, values, heads in sets:
        if len(given) - isinstance(given, Capped) != len(values):
            continue
        shown = tuple(to_json_value(given)) if shown is None else shown  # (a capped
        if same_values_key(shown) == same_values_key(tuple(values)):  # list: its items,
            return key, heads  # its marker left out, as in ctx; the count in ctx)
    return None


def same_values_key(values: frozenset[Any] | set[Any] | tuple[Any, ...] | list[Any]
                    ) -> tuple[object, ...]:
    """A key equal for two collections of values only when they read the same: each value by
    its type and its ``repr`` (a text by itself), not by Python's equality, which joins
    ``1`` and ``True``, ``Decimal("1.0")`` and ``Decimal("1")``, and two instants at one time
    in different zones (look78c F3).

    >>> same_values_key(frozenset({1, 0})) == same_values_key(frozenset({True, False}))
    False
    >>> same_values_key(("a", "b")) == same_values_key(("a", "b"))
    True
    """
    typed = (v if type(v) is str else (type(v), repr(v)) for v in values)
    if isinstance(values, (frozenset, set)):
        return (type(values), frozenset(typed))
    return (type(values), tuple(typed))


class Same:
    """A collection of values held for a memo, equal to another only when they read the same
    (:func:`same_values_key`)."""

    __slots__ = ("key", "value")

    def __init__(self, value: frozenset[Any] | set[Any] | tuple[Any, ...] | list[Any]
                 ) -> None:
        self.value = value
        self.key = same_values_key(value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)


@lru_cache(maxsize=64)  # (as the words of sets: 64 × 30 values of 5,000 characters at most)
def _long_set(held: Same) -> tuple[str, list[Any], list[Any]] | None:
    value = held.value
    if not any(isinstance(v, str) and len(v) > LONG_TEXT for v in value):
        return None
    values = to_json_value(value)  # (its id made here, not kept by _text_id's own memo too)
    return _text_id.__wrapped__(("set", *values)), values, set_heads(values)


def set_heads(values: list[Any]) -> list[Any]:
    """The values of a long set as each finding keeps them: each text's head
    (:func:`text_head`), in the same order as the whole values under ``texts``."""
    return [text_head(v) if isinstance(v, str) else v for v in values]


def _cut(finding: Finding, texts: Mapping[str, str]) -> Finding:
    """``finding`` with each language of its long text cut to its head."""
    return replace(finding, ctx={**finding.ctx, "requirement": {
        lang: text_head(str(text)) for lang, text in texts.items()}})


def _os_reason(exc: BaseException) -> str:
    """The phrase saying why ``exc`` (an OSError, or a name the file system cannot encode)
    kept a file from being written: a usual reason in words, as :mod:`callrules._system`
    says it of any file; else that the name is none a file can have (a NUL byte, a lone
    surrogate) or, for another reason, that the system refused it."""
    if not isinstance(exc, OSError) or not exc.errno:
        return "os_no_file_name"
    return reason_key(exc) or "os_refused"


def _check_said(said: object) -> None:
    """Refuse a ``said`` that is not a set of text ids (or None)."""
    if said is not None and (not isinstance(said, set)
                             or not all(isinstance(key, str) for key in said)):
        raise ArgumentError("said: a set of the ids of the texts already given, or None, was "
                            f"expected, not {type(said).__name__}",
                            words=argument_words("said", said, "kind_said"))


def worded(finding: Finding, said: Texts | None) -> Finding:
    """The finding to word in an answer that has already said the long texts ``said``: the
    finding itself the first time it names a long text of the call (its id is then added to
    ``said``), that text cut to its head afterwards; with ``said`` None, always itself.
    Rows of CSV take their messages so: each long text said whole once in a file."""
    long = long_text(finding) if said is not None else None
    if long is None:
        return finding
    assert said is not None
    if long[0] in said:
        return _cut(finding, long[1])
    said.add(long[0])
    return finding


@own_state
@dataclass(frozen=True, slots=True)
class Report:
    """The verdict on one application: every finding, errors and warnings apart."""

    call_id: str
    call_version: str
    application_id: str
    findings: tuple[Finding, ...]
    unchecked: tuple[str, ...] = ()
    now: datetime | None = None
    call: Any = field(default=None, compare=False, repr=False)
    amendments: tuple[str, ...] = ()
    #: The application, kept when it has findings, so that their places can be named
    #: (« Personne accueillie 2 (Mateo Rojas) »); None otherwise.
    application: Any = field(default=None, compare=False, repr=False)
    #: The language the report is shown in when none is named and the process has none
    #: chosen (:func:`callrules.set_language`): the caller's, carried with the report to
    #: the process that shows it (a Dask worker, :func:`callrules.distributed.evaluate_dask`);
    #: None: the session's. Not part of what the report says (never compared).
    reader: str | None = field(default=None, compare=False, repr=False, kw_only=True)

    def __setstate__(self, state: Sequence[object]) -> None:
        """Its fields from a pickle, one made before ``reader`` was a field too
        (:func:`_set_fields`)."""
        _set_fields(self, state)

    _own_setstate = __setstate__  # (:func:`~callrules._portable.own_state`)

    def __post_init__(self) -> None:
        """A report built by hand with arguments of the wrong kind is refused here
        (:class:`~callrules.ArgumentError`; a naive ``now``, :class:`~callrules.TimeError`),
        never when it is shown."""
        for name in ("call_id", "call_version", "application_id"):
            ArgumentError.check(getattr(self, name), str, f"Report({name}): a text",
                                BUILT["report_ids"])
        ArgumentError.tuple_of(self.findings, Finding, "Report(findings): a tuple of Finding",
                               BUILT["report_lists"])
        ArgumentError.tuple_of(self.unchecked, str, "Report(unchecked): a tuple of the ids "
                               "of clauses not checked", BUILT["report_lists"])
        ArgumentError.tuple_of(self.amendments, str, "Report(amendments): a tuple of the ids "
                               "of amendments in force", BUILT["report_lists"])
        if self.now is not None:
            require_aware(self.now, "now", what="Report(now)")
        if self.call is not None and not (  # a Call (which this module cannot import)
                isinstance(getattr(self.call, "labels", None), CallLabels)
                and isinstance(getattr(self.call, "languages", None), tuple)
                and isinstance(getattr(self.call, "id", None), str)):
            raise ArgumentError("Report(call): the Call the application was checked against, "
                                f"or None, was expected, not {type(self.call).__name__}",
                                words=BUILT["report_call"])
        if self.application is not None and not isinstance(self.application, Application):
            raise ArgumentError("Report(application): the Application checked, or None, was "
                                f"expected, not {type(self.application).__name__}",
                                words=BUILT["report_call"])

    @property
    def eligible(self) -> bool:
        """True when no finding is an error (warnings do not bar an application)."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings that make the application ineligible."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings a programme officer should look at, which do not bar it."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def failed_clauses(self) -> tuple[str, ...]:
        """The ids of the clauses with at least one error, in call order of first finding."""
        return tuple(dict.fromkeys(f.clause for f in self.errors))

    def render(self, locale: str | None = None, zone: str | None = None) -> str:
        """The report as text for a person, in ``locale`` (None: the session's language),
        instants also in ``zone``."""
        given_locale(locale)  # (not text: refused at once, said in words)
        return renderings().report_text(self, locale, zone)

    def __str__(self) -> str:
        return self.render()

    def html(self, locale: str | None = None, zone: str | None = None) -> str:
        """The report as an HTML fragment: the verdict, then each finding in a table."""
        given_locale(locale)  # (not text: refused at once, said in words)
        return renderings().report_html(self, locale, zone)

    def _repr_html_(self) -> str:
        return self.html()

    def message_of(self, finding: Finding, locale: str | None = None,
                   zone: str | None = None) -> str:
        """The message of one of this report's findings, worded with the call's labels (its
        coded values, milestones) and the application's names."""
        ArgumentError.check(finding, Finding, "finding: a Finding (one of report.findings)",
                            argument="finding")
        given_locale(locale)  # (not text: refused at once, said in words)
        return renderings().report_finding(self, finding, locale, zone)

    def by_field(self) -> dict[str, tuple[Finding, ...]]:
        """The findings grouped by JSON Pointer, for showing each beside its form field."""
        groups: dict[str, list[Finding]] = {}
        for finding in self.findings:
            groups.setdefault(finding.pointer, []).append(finding)
        return {pointer: tuple(items) for pointer, items in groups.items()}

    def to_dict(self, locale: str | None = None, zone: str | None = None,
                said: Texts | None = None) -> dict[str, Any]:
        """The report as a JSON-ready dict of the documented, versioned shape (messages in
        ``locale``, instants in them also in ``zone``).

        A long text of the call (a requirement of more than :data:`LONG_TEXT` characters)
        is given whole once, under ``texts`` by its id, and in the message of the first
        finding that names it; each finding keeps its head (``ctx.requirement``, and the
        message of the others) and its id (``ctx.requirement_text``). So is a set of values
        one of whose values is long (:func:`long_sets`: the call's or the application's):
        given once, a list under ``texts`` by its id (the values the finding holds, at most
        :data:`LIST_CAP`); each finding keeps the heads of its values (``ctx.allowed``,
        ``ctx.excluded``, ``ctx.known`` or ``ctx.found``) and the id (``ctx.allowed_text``
        and so on); its messages say a bounded part of it, as always. A finding whose
        ``input`` is such a set (a ``contains`` rule's list, its ``ctx.found``:
        :func:`input_set`) gives it so too: ``input`` the heads, ``input_text`` the id.
        ``said``: the ids already given in the same answer (a batch), to give each once;
        the ids given here are added to it."""
        given_locale(locale)  # (not text: refused at once, said in words)
        _check_said(said)
        used: dict[str, Mapping[str, str] | list[Any]] = {}
        out: dict[str, Any] = {
            "schema_version": REPORT_SCHEMA_VERSION,
            "call": {"id": self.call_id, "version": self.call_version,
                     "amendments": list(self.amendments)},
            "application": self.application_id,
            "eligible": self.eligible,
            "errors": [self._finding_dict(f, locale, zone, used, said) for f in self.errors],
            "warnings": [self._finding_dict(f, locale, zone, used, said)
                         for f in self.warnings],
            "unchecked": list(self.unchecked),
            "now": None if self.now is None else self.now.isoformat(),
        }
        given = {key: texts for key, texts in used.items() if said is None or key not in said}
        if said is not None:
            said.update(given)
        if given:
            out["texts"] = {key: list(texts) if isinstance(texts, list) else {
                str(lang): str(text) for lang, text in texts.items()}
                for key, texts in sorted(given.items())}
        return out

    def _finding_dict(self, finding: Finding, locale: str | None, zone: str | None,
                      used: dict[str, Mapping[str, str] | list[Any]], said: Texts | None
                      ) -> dict[str, Any]:
        long = long_text(finding)
        worded = finding  # the message of the first finding naming a long text says it whole
        if long is not None:
            key, texts = long
            if key in used or (said is not None and key in said):
                worded = finding = _cut(finding, texts)
            else:
                used[key] = texts
                finding = _cut(finding, texts)
        sets = long_sets(finding)  # (its messages say a bounded part of each, as ever)
        out = finding.to_dict()
        if long is not None:
            out["ctx"]["requirement_text"] = long[0]
        for name, key, values, heads in sets:
            out["ctx"][name] = list(heads)  # (the kept heads: the caller's own copy)
            out["ctx"][name + "_text"] = key
            if key not in used and (said is None or key not in said):
                used[key] = values
        if (as_set := input_set(finding, sets)) is not None:  # (the set itself, said once)
            out["input"] = list(as_set[1])
            out["input_text"] = as_set[0]
        if long is not None or sets:
            out["ctx"] = dict(sorted(out["ctx"].items()))
        if locale is not None:
            out["message"] = self.message_of(worded, locale, zone)
        return out

    def to_json(self, locale: str | None = None, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as a JSON string (keys in a stable order); ``indent`` is None
        (one line) or the spaces of each level, from 0 to 16."""
        given_locale(locale)  # (not text: refused at once, said in words)
        if indent is not None and (isinstance(indent, bool) or not isinstance(indent, int)
                                   or not 0 <= indent <= 16):
            raise ArgumentError("indent: None or a whole number of spaces from 0 to 16 was "
                                f"expected, not this {type(indent).__name__}", words=(
                                    "argument_expected", {
                                        "argument": "indent",
                                        "expected": KindInWords("kind_indent"),
                                        "given": given_words(indent)}))
        return json.dumps(self.to_dict(locale), ensure_ascii=False, indent=indent)


@own_state
@dataclass(frozen=True, slots=True)
class BatchItem:
    """One record of a batch: its index, and either its report or the input error."""

    index: int
    report: Report | None
    error: InputError | None = None
    source: str | None = None
    #: As :attr:`Report.reader`: the caller's language, for a record shown where it was
    #: not checked (a Dask worker); never compared.
    reader: str | None = field(default=None, compare=False, repr=False, kw_only=True)

    def __setstate__(self, state: Sequence[object]) -> None:
        """Its fields from a pickle, one made before ``reader`` was a field too
        (:func:`_set_fields`)."""
        _set_fields(self, state)

    _own_setstate = __setstate__  # (:func:`~callrules._portable.own_state`)

    def __post_init__(self) -> None:
        """An item built by hand with arguments of the wrong kind (an index that is no
        whole number, both a report and an error, or neither) is refused here
        (:class:`~callrules.ArgumentError`), never when it is shown."""
        if isinstance(self.index, bool) or not isinstance(self.index, int) or self.index < 0:
            raise ArgumentError("BatchItem(index): the record's place in its batch, a whole "
                                f"number from 0, was expected, not {_shown_kind(self.index)}",
                                words=BUILT["index"])
        check_loc((self.index,), "BatchItem(index)", BUILT["index"])  # (not 5,000 digits)
        if self.report is not None:
            ArgumentError.check(self.report, Report, "BatchItem(report): a Report or None",
                                BUILT["item"])
        if self.error is not None:
            ArgumentError.check(self.error, InputError,
                                "BatchItem(error): an InputError or None", BUILT["item"])
        if (self.report is None) == (self.error is None):
            raise ArgumentError("BatchItem: either a report (a valid record) or an error (a "
                                "record that cannot be read) was expected, not "
                                + ("both" if self.report is not None else "neither"),
                                words=BUILT["item"])
        if self.source is not None:
            ArgumentError.check(self.source, str, "BatchItem(source): where the record comes "
                                "from, a text (or None)", BUILT["source"])

    def _said(self) -> tuple[Any, ...]:
        """What the item says: its place, its report, its source, and of its error (an
        exception, which Python compares by identity) its kind, problems, source and labels."""
        error = self.error
        told = None if error is None else (type(error), tuple(
            # the value found by its text: a NaN read from a record (pandas' empty cell) is
            # never equal to itself once a pickle made it a new float
            (p.loc, p.type, p.msg, repr(p.input), None if p.ctx is None else dict(p.ctx))
            for p in error.problems), error.source, error.labels)
        return (self.index, self.report, self.source, told)

    def __eq__(self, other: object) -> bool:
        """Items are equal when they say the same: an item whose record could not be read
        equals its copy read back from a pickle or another process (its error a new
        exception saying the same problems)."""
        if not isinstance(other, BatchItem):
            return NotImplemented
        return self._said() == other._said()

    def __hash__(self) -> int:
        """A hash agreeing with ``==`` (an item with a report is hashable when its report
        is)."""
        index, report, source, told = self._said()
        kinds = None if told is None else (told[0], tuple(p[1] for p in told[1]), told[2])
        return hash((index, report, source, kinds))

    @property
    def ok(self) -> bool:
        """True when the record was valid input (whatever the verdict)."""
        return self.report is not None

    def render(self, locale: str | None = None, zone: str | None = None) -> str:
        """The record as text for a person: its report, or what makes it unreadable, each
        problem's place in words (None: the session's language)."""
        given_locale(locale)  # (not text: refused at once, said in words)
        return renderings().item_text(self, locale, zone)

    def __str__(self) -> str:
        return self.render()

    def to_dict(self, locale: str | None = None, zone: str | None = None,
                said: Texts | None = None) -> dict[str, Any]:
        """A JSON-ready dict: the report, or the input problems of a malformed record.
        ``said``: the long texts of the call already given in the same answer (see
        :meth:`Report.to_dict`)."""
        given_locale(locale)  # (not text: refused at once, said in words)
        _check_said(said)
        if self.report is not None:
            out = self.report.to_dict(locale, zone, said)
            out["index"] = self.index
            if self.source:
                out["source"] = self.source
            return out
        assert self.error is not None
        lang = renderings().record_language(self, locale)  # (its call's languages too)
        return {
            "schema_version": REPORT_SCHEMA_VERSION,
            "index": self.index,
            "source": self.source,
            "input_error": [p.to_dict(lang) for p in self.error.problems],
        }


@dataclass(frozen=True)
class BatchResult(Sequence[BatchItem]):
    """The results of a batch, one per input record, in input order."""

    items: tuple[BatchItem, ...]

    def __post_init__(self) -> None:
        """Results built by hand: a list is kept as a tuple; anything but BatchItems is
        refused here (:class:`~callrules.ArgumentError`), never when it is shown."""
        if isinstance(self.items, list):
            object.__setattr__(self, "items", tuple(self.items))
        ArgumentError.tuple_of(self.items, BatchItem, "BatchResult(items): a tuple of "
                               "BatchItem", BUILT["batch"])

    def __getitem__(self, index: int) -> BatchItem:  # type: ignore[override]
        return self.items[index]

    def __len__(self) -> int:
        return len(self.items)

    @property
    def reports(self) -> tuple[Report, ...]:
        """The reports of the valid records."""
        return tuple(i.report for i in self.items if i.report is not None)

    @property
    def input_errors(self) -> tuple[BatchItem, ...]:
        """The malformed records."""
        return tuple(i for i in self.items if i.error is not None)

    @property
    def all_eligible(self) -> bool:
        """True when the batch holds at least one record and every one was valid and
        eligible: a batch of nothing (an empty list, a file read to its end) is never "all
        eligible", as the command line and the service refuse it (``no_records``)."""
        return bool(self.items) and all(i.report is not None and i.report.eligible
                                        for i in self.items)

    def html(self, locale: str | None = None) -> str:
        """The batch as an HTML fragment: counts, failures per clause, a row per record."""
        given_locale(locale)  # (not text: refused at once, said in words)
        return renderings().batch_html(self, locale)

    def _repr_html_(self) -> str:
        return self.html()

    def rows(self, locale: str | None = None) -> list[dict[str, object]]:
        """One row per record, its columns labelled in ``locale``: number (from 1),
        application, verdict, then a column per failing clause (by its title) holding its
        messages, errors and warnings, ready for a table or a DataFrame."""
        given_locale(locale)  # (not text: refused at once, said in words)
        return renderings().batch_rows(self, locale)

    def to_dataframe(self, locale: str | None = None) -> Any:
        """:meth:`rows` as a pandas DataFrame (pandas is an optional extra:
        ``pip install 'callrules[pandas]'``)."""
        given_locale(locale)  # (not text: refused at once, said in words)
        return renderings().batch_dataframe(self, locale)

    def to_xlsx(self, path: str | Path, locale: str | None = None) -> None:
        """:meth:`rows` as an Excel workbook at ``path``, no cell ever a formula (openpyxl is
        an optional extra: ``pip install 'callrules[xlsx]'``); a text over the 32,767
        characters a cell holds ends saying where it goes on, in a sheet of its own: never
        cut without a word; ``path`` is a file's path or a binary file open for writing. A
        path that cannot be written (no such folder, a name the file system refuses):
        ArgumentError ``cannot_write``."""
        if not isinstance(path, (str, PathLike)) and not callable(getattr(path, "write", None)):
            raise ArgumentError("path: a file's path or a binary file open for writing was "
                                f"expected, not {type(path).__name__}",
                                words=argument_words("path", path, "kind_workbook"))
        if isinstance(path, TextIOBase) or isinstance(getattr(path, "encoding", None), str):
            # a workbook is bytes (a zip archive): a text stream cannot hold it
            raise ArgumentError("path: a binary file open for writing (or a file's path) was "
                                f"expected, not a text stream ({type(path).__name__})",
                                words=("argument_expected", {
                                    "argument": "path", "expected": KindInWords("kind_workbook"),
                                    "given": KindInWords("kind_text_stream")}))
        given_locale(locale)  # (not text: refused at once, said in words)
        if isinstance(path, str) and not path.strip():  # (never the working folder)
            raise ArgumentError("path: a file's path or a binary file open for writing was "
                                f"expected, not {path!r}", code="cannot_write",
                                words=blank_words("path", path, "kind_workbook"))
        try:
            if isinstance(path, (str, PathLike)) and ("\0" in str(path) or not str(path)):
                raise OSError(0, "not a name a file can have")
            if isinstance(path, (str, PathLike)):
                fsencode(path)  # a name the file system cannot write (a lone surrogate)
            renderings().batch_xlsx(self, path, locale)
        except (OSError, UnicodeError) as exc:
            raise ArgumentError(f"path: cannot write the workbook there: "
                                f"{getattr(exc, 'strerror', None) or exc}",
                                code="cannot_write", words=("workbook_cannot_write", {
                                    "reason": KindInWords(_os_reason(exc))})) from None

    def clause_failures(self) -> dict[str, int]:
        """How many applications fail each clause (errors only), in the call's order of
        clauses (the order of first failure for a clause the call does not list)."""
        counts: dict[str, int] = {}
        order: dict[str, int] = {}
        for report in self.reports:
            if report.call is not None and not order:
                order = {cid: i for i, cid in enumerate(report.call.clauses)}
            for clause in report.failed_clauses:
                counts[clause] = counts.get(clause, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: order.get(kv[0], len(order))))
