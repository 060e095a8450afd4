"""Every exception callrules raises.

An ineligible application is *not* an exception: :func:`callrules.evaluate` returns a
:class:`~callrules.Report`. Exceptions are for bad input and misuse::

    CallrulesError
    ├── InputError (ValueError)              an application (or another value) is malformed
    ├── DefinitionError (ValueError)         a call file is malformed; file, place, code, hint
    ├── UnknownCallError (LookupError)       no call has that id
    ├── NotAFolderError (NotADirectoryError)  a folder to register is not one
    ├── NoRoomError (OSError)                a batch's keys: no room on disk, nor in memory
    ├── KeysUnreadableError (OSError)        a batch's keys: their file cannot be read back
    ├── BatchStateError (RuntimeError)       a batch stopped, closed, or not read to its end
    ├── ArgumentError (ValueError, TypeError)  an argument of the wrong type or value
    │   └── UnknownIdError (KeyError)        an id that names no entry, no criterion
    ├── CurrencyMismatchError (ValueError)   two currencies mixed without a conversion
    ├── MissingExchangeRateError (LookupError)  no rate supplied for a needed conversion
    ├── NoRateError (LookupError)            a call's rate table has no rate for a key on a day
    └── TimeError (ValueError)               a naive datetime, an unknown zone, a local time
                                             that does not exist or exists twice

Each carries a stable ``code`` (a slug) so that callers can branch without parsing text.
"""

from __future__ import annotations

import errno
import hashlib
import io
import pickle
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from numbers import Integral
from operator import index
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from callrules._in_words import (
    TYPED_SHOWN,
    ExactInWords,
    InWords,
    ListInWords,
    PointedInWords,
    cut,
)
from callrules._messages import PHRASES, PLURALS
from callrules._renderings import renderings
from callrules._tags import as_tag, language_of

if TYPE_CHECKING:
    from callrules._labels import CallLabels

_T = TypeVar("_T")

#: The most problems an :class:`InputError` reports: the others are counted in one last
#: problem, ``more_problems``, so that what a record costs to tell is bounded by a constant.
MAX_PROBLEMS = 50
#: The problems listed for a record of a batch read from text, whatever its size: a record of
#: ``{}`` has 6. Beyond them, one more for each :data:`PROBLEM_BYTES` of the record, up to
#: :data:`MAX_PROBLEMS` (:func:`listed_for`): what a record costs to tell (about 200 bytes a
#: problem) stays proportional to what it weighs, so no batch within the limits of its body
#: is answered at a hundred times its size.
MIN_LISTED = 8
#: See :data:`MIN_LISTED`.
PROBLEM_BYTES = 64

__all__ = [
    "ArgumentError",
    "BatchStateError",
    "CallrulesError",
    "CurrencyMismatchError",
    "DefinitionError",
    "InputError",
    "InputProblem",
    "KeysUnreadableError",
    "MissingExchangeRateError",
    "NoRateError",
    "NoRoomError",
    "NotAFolderError",
    "TimeError",
    "UnknownCallError",
    "UnknownIdError",
]


class CallrulesError(Exception):
    """Base class of every error raised by callrules.

    ``words``, when given, is what a person is told in any language: a key of the library's
    phrases and the values that fill it (the command line says it in the reader's language);
    None: the error's text is English only."""

    code: str = "callrules_error"
    words: tuple[str, Mapping[str, str]] | None = None

    def __init__(self, *args: object,
                 words: tuple[str, Mapping[str, str]] | None = None) -> None:
        super().__init__(*args)
        if words is not None:
            self.words = words

    def message_in(self, locale: str | None = None) -> str:
        """The error in ``locale``'s language (None: the session's language), as the command
        line and the service say it: its :attr:`words` in that language; an
        :class:`InputError` without words, its problems' messages, one a line; else its
        English text (``str(error)``: a mistake in a call file said to its author). Its
        words end as a sentence does, with a full stop. A ``locale`` that is not text (nor
        None): :class:`ArgumentError`, never English said in its place; a babel ``Locale``,
        its tag (``pt_BR``)."""
        return renderings().error(self, given_locale(locale))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its arguments and attributes, not by calling ``__init__`` again (whose
        own arguments differ by kind of error): an error raised in a Dask worker or another
        process reaches the caller as the same typed error, its problems and words kept, and
        its ``__cause__`` (the caller's own exception, of a ``given_failed`` problem): the
        same exception if it can be pickled and read back, else a :class:`CauseAsText`
        saying its kind and its text."""
        state = dict(self.__dict__)
        if self.__cause__ is not None:
            state[_CAUSE] = portable_cause(self.__cause__)
        return (_rebuilt, (type(self), self.args, state))


class CauseAsText(Exception):  # (a cause, not an error of the library's)
    """The ``__cause__`` of a :class:`CallrulesError` that crossed processes (Dask, a
    process pool) whose own exception could not be pickled (its class defined in the
    caller's script, a lock or an open file among its attributes): ``kind``, its class
    (``module.QualifiedName``), and ``text``, what ``str()`` said of it (at most
    :data:`CAUSE_TEXT` characters). ``str()`` says both."""

    def __init__(self, kind: str, text: str) -> None:
        super().__init__(kind, text)
        self.kind, self.text = kind, text

    def __str__(self) -> str:
        return f"{self.kind}: {self.text}" if self.text else self.kind


#: The most characters of a cause's text kept when it crosses processes as text.
CAUSE_TEXT = 2_000
#: The key under which a pickled error carries its ``__cause__``.
_CAUSE = "__callrules_cause__"


def portable_cause(cause: BaseException) -> BaseException:
    """``cause`` if it pickles and reads back as an exception, else :class:`CauseAsText`."""
    if isinstance(cause, CauseAsText):
        return cause
    try:
        if isinstance(pickle.loads(pickle.dumps(cause)), BaseException):
            return cause
    except Exception:  # (anything the caller's exception raises: said as text)
        pass
    kind = type(cause)
    try:
        text = str(cause)[:CAUSE_TEXT]
    except Exception:  # (a __str__ of the caller's that raises)
        text = ""
    return CauseAsText(f"{kind.__module__}.{kind.__qualname__}", text)


def _rebuilt(kind: type[CallrulesError], args: tuple[object, ...],
             state: dict[str, object]) -> CallrulesError:
    """An error of ``kind`` with these ``args`` and attributes, as it was pickled."""
    error = kind.__new__(kind, *args)
    error.args = args
    cause = state.pop(_CAUSE, None)
    error.__dict__.update(state)
    if isinstance(cause, BaseException):
        error.__cause__ = cause
    return error


@dataclass(frozen=True, slots=True)
class InputProblem:
    """One problem in an input record: where (``loc``), what (``type``), and a message."""

    loc: tuple[str | int, ...]
    type: str
    msg: str
    input: object = None
    ctx: Mapping[str, str | tuple[str, ...]] | None = None

    def __post_init__(self) -> None:
        """A problem built with arguments of the wrong kind is refused here
        (:class:`ArgumentError`), never when it is shown. Each value of ``ctx`` is a text,
        or a tuple of texts (a list: the labels a refusal lists, each apart)."""
        check_loc(self.loc, "InputProblem(loc)")
        ArgumentError.check(self.type, str, "InputProblem(type): its code, a text",
                            BUILT["code"])
        ArgumentError.check(self.msg, str, "InputProblem(msg): its message, a text",
                            BUILT["code"])
        check_value(self.input, "InputProblem(input): the value found")
        if self.ctx is not None:
            ArgumentError.check(self.ctx, Mapping, "InputProblem(ctx): a mapping of names "
                                "to values, or None", BUILT["context"])
            ArgumentError.tuple_of(tuple(self.ctx), str, "InputProblem(ctx): a mapping of "
                                   "names to values, or None", BUILT["context"])
            for key, value in self.ctx.items():
                if not isinstance(value, str) and not (
                        type(value) is tuple and all(isinstance(x, str) for x in value)):
                    raise ArgumentError(f"InputProblem(ctx): its value {key[:40]!r}, a text "
                                        "or a tuple of texts, was expected, not "
                                        f"{type(value).__name__}", words=BUILT["context"])
        if self.type == "more_problems" and not _count_text((self.ctx or {}).get("count")):
            raise ArgumentError("InputProblem(ctx): the count of the problems not listed, "
                                "a whole number written as text (such as '12'), was "
                                "expected for a more_problems problem", words=BUILT["more"])

    @property
    def path(self) -> str:
        """``loc`` written as ``visitors[1].institution.country``."""
        return format_loc(self.loc)

    @property
    def pointer(self) -> str:
        """``loc`` as an RFC 6901 JSON Pointer into the record: ``/visitors/1/stay/arrival``
        (empty for the record itself), as forms and HTTP problem details use."""
        return json_pointer(self.loc)

    def to_dict(self, locale: str | None = None) -> dict[str, object]:
        """A JSON-ready dict: ``loc``, ``pointer``, ``path``, ``type``, ``msg``, ``ctx``, and
        with ``locale`` the ``message`` in that language.

        ``msg`` is the problem in English, the very words :meth:`message` gives in English
        (pydantic's ``msg``: one language whatever the reader's, for a log or a program that
        shows English; ``message`` for the reader); a program decides by ``type`` and
        ``ctx``, never by these words. A key of the place longer than 100 characters is
        shown cut, its digest after (:func:`shown_key`); the attributes keep it whole."""
        return problem_dict(self, locale)

    def message(self, locale: str | None = None) -> str:
        """The problem in words, in ``locale``'s language (None: the session's language)."""
        given_locale(locale)  # (not text: refused at once, said in words)
        return renderings().problem(self, locale)


#: The most digits a number carried by a result has before its point: as many as the readers
#: read (a JSON integer of more digits is refused where it is read, ``number out of range``:
#: :mod:`callrules._json_numbers`), and as Python writes as text.
NUMBER_DIGITS = 4300
_NUMBER_LIMIT = 10 ** NUMBER_DIGITS


#: The largest list position a location may hold: a list of Python holds no more items.
MOST_POSITION = sys.maxsize

#: What a person is told of a result built by hand refused where it is built, by the part
#: refused: a key of the library's phrases (``built_<part>``) and the values that fill it.
BUILT: dict[str, tuple[str, Mapping[str, str]]] = {
    part: (f"built_{part}", {"most": ExactInWords(MOST_POSITION)} if part in ("place", "index")
           else {})
    for part in ("code", "severity", "place", "context", "more", "wording", "wording_empty",
                 "wording_unfilled", "labels", "report_ids", "report_lists", "report_call",
                 "item", "index", "source", "batch", "error", "error_empty")}


def check_loc(loc: object, what: str, words: tuple[str, Mapping[str, str]] = BUILT["place"]
              ) -> None:
    """``loc`` if it is a location (a tuple of names and list positions, each position a
    whole number from 0 to :data:`MOST_POSITION`, never ``True``); else an
    :class:`ArgumentError` naming ``what`` and the part that is not one: a position of
    5,000 digits could not be written as a path or a JSON Pointer, ``True`` would be
    written ``/True``, ``-1`` names no item."""
    ArgumentError.tuple_of(loc, (str, int), f"{what}: a tuple of names and list positions",
                           words)
    for part in loc:  # type: ignore[attr-defined]
        if isinstance(part, bool) or (isinstance(part, int) and not 0 <= part <= MOST_POSITION):
            shown = (f"a number of about {part.bit_length() * 30103 // 100000 + 1:,} digits"
                     if too_many_digits(part) or abs(part) > 10 ** 30 else repr(part))
            raise ArgumentError(f"{what}: a list position, a whole number from 0 to "
                                f"{MOST_POSITION:,}, was expected, not {shown}",
                                words=words)


def too_many_digits(value: object) -> bool:
    """True if ``value`` is a whole number of more than :data:`NUMBER_DIGITS` digits."""
    return (isinstance(value, int) and value.bit_length() > 14_000
            and abs(value) >= _NUMBER_LIMIT)


#: The deepest lists and mappings nest in a value carried by a result (an application's
#: values nest a few levels; a value nested deeper could not be shown as JSON or in words).
NESTING = 100
_CONTAINERS = (list, tuple, set, frozenset, Mapping)
#: Values shown as they are, whatever they hold.
_PLAIN = frozenset({str, bool, type(None)})


def check_value(value: object, what: str,
                wrong: Callable[[object], str | None] = lambda item: None) -> None:
    """Refuse (:class:`ArgumentError`, saying that ``what`` was expected) a value carried
    by a result built by hand that could not be shown: lists and mappings nested more than
    :data:`NESTING` deep or holding themselves, a whole number of more than
    :data:`NUMBER_DIGITS` digits, or an item (a key too) for which ``wrong`` says what is
    wrong. Each list is read once (a list shared by two places too): linear in the value's
    size."""
    stack: list[tuple[object, int, bool]] = [(value, 0, False)]
    open_: set[int] = set()
    done: set[int] = set()
    if type(value) in _PLAIN:  # (most values a finding carries: at once)
        return
    while stack:
        item, depth, leaving = stack.pop()
        if leaving:
            open_.discard(id(item))
            done.add(id(item))
            continue
        if type(item) in _PLAIN:
            continue
        said = (f"a whole number of more than {NUMBER_DIGITS:,} digits"
                if too_many_digits(item) else wrong(item))
        if said is not None:
            raise ArgumentError(f"{what} was expected, not {said}", words=_REFUSED)
        if not isinstance(item, _CONTAINERS) and type(item) not in _SHOWN:
            _written(item, what)  # (an object of the caller's: shown by its own text)
        if not isinstance(item, _CONTAINERS) or id(item) in done:
            continue
        if id(item) in open_:
            raise ArgumentError(f"{what} was expected, not a {type(item).__name__} that "
                                "holds itself", words=_REFUSED)
        if depth >= NESTING:
            raise ArgumentError(f"{what} was expected, not lists or mappings nested more "
                                f"than {NESTING} deep", words=_REFUSED)
        open_.add(id(item))
        stack.append((item, depth, True))
        inner = [*item.keys(), *item.values()] if isinstance(item, Mapping) else list(item)
        stack.extend((part, depth + 1, False) for part in inner)


#: What a person is told of a value :func:`check_value` refuses, in their language.
_REFUSED: tuple[str, Mapping[str, str]] = ("value_refused", {})
#: The kinds of value a reader or a call gives, shown without asking them for their text.
_SHOWN = frozenset({int, float, Decimal, datetime, date, time, timedelta})


def _written(item: object, what: str) -> None:
    """Refuse (:class:`ArgumentError`, in words) an object a result could not show: its
    text or its ``repr`` raising (an object of the caller's whose ``__str__`` fails, a
    ``Money`` built without its amount)."""
    try:
        str(item)
        repr(item)
    except Exception:  # (whatever the caller's code raises: refused here, not when shown)
        raise ArgumentError(f"{what} was expected, not a {type(item).__name__} that "
                            "cannot be written as text", words=_REFUSED) from None


def _count_text(value: object) -> bool:
    """True if ``value`` is a count written as text: ``"12"``, at most 18 digits."""
    return isinstance(value, str) and 0 < len(value) <= 18 and value.isascii() and \
        value.isdigit()


def json_pointer(loc: Sequence[str | int]) -> str:
    """Write a location tuple as an RFC 6901 JSON Pointer (``~`` and ``/`` escaped).

    >>> json_pointer(("visitors", 1, "institution", "country"))
    '/visitors/1/institution/country'
    >>> json_pointer(("answers", "a/b~c"))
    '/answers/a~1b~0c'
    """
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in loc)


def problem_dict(problem: InputProblem, locale: str | None = None, *,
                 keys_whole: bool = False) -> dict[str, object]:
    """:meth:`InputProblem.to_dict`: each key of the place as :func:`shown_key` shows it
    (in ``loc``, ``pointer``, ``path`` and the ``ctx`` value that repeats it); with
    ``keys_whole``, as written, whatever its length (the service, whose request is bounded,
    answers a batch's problem as it answers a single check's: key and pointer whole)."""
    given_locale(locale)  # (not text: refused at once, said in words)
    show: Callable[[str], str] = (lambda key: key) if keys_whole else shown_key
    loc = problem.loc if keys_whole else shown_loc(problem.loc)
    out: dict[str, object] = {"loc": list(loc), "pointer": json_pointer(loc),
                              "path": format_loc(loc), "type": problem.type,
                              "msg": problem.message("en")}
    if problem.ctx:  # (a tuple of texts as a JSON array; the key of the place, as it)
        keys = {part for part in problem.loc if isinstance(part, str)}
        out["ctx"] = {key: list(value) if isinstance(value, tuple) else show(value)
                      if value in keys else value for key, value in problem.ctx.items()}
    if locale is not None:
        out["message"] = problem.message(locale)
    return out


def shown_key(key: str) -> str:
    """``key`` as an output's place shows it: whole if at most
    :data:`~callrules._in_words.TYPED_SHOWN` characters long; else its first that many, an
    ellipsis, ``sha256:`` and the SHA-256 digest (hex) of the whole key in UTF-8 (a lone
    surrogate as its three bytes), 172 characters. A key shown cut is longer than any key
    shown whole, and two keys shown cut differ by their digest: two different keys are
    shown alike only for a collision of SHA-256, none known. (A cut to the first 100
    characters alone showed ``"a" * 100 + "x"``, ``"a" * 100 + "y"`` and a real key
    ``"a" * 100 + "…"`` alike.) A key shown cut
    locates nothing by itself: a program finds it among the keys it wrote by that digest.

    >>> shown_key("k" * 100) == "k" * 100
    True
    >>> shown_key("k" * 101)[100:] == "…sha256:" + hashlib.sha256(b"k" * 101).hexdigest()
    True
    """
    if len(key) <= TYPED_SHOWN:
        return key
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{cut(key)}sha256:{digest}"  # (cut as words cut it, then what tells it apart)


def shown_loc(loc: Sequence[str | int]) -> tuple[str | int, ...]:
    """``loc`` as an output shows it (a problem's ``loc``, ``pointer`` and ``path`` in
    ``check``'s JSON and CSV): each key as :func:`shown_key` shows it, cut if longer than
    :data:`~callrules._in_words.TYPED_SHOWN` characters, its digest after. A key the
    application wrote may be of any length (a key of 3 MB given twice was written whole in
    each of the four, 12 MB for a 6 MB application: att85 F2); no field's is that long. So
    a part of at most that many characters is the key as written; a longer one is a cut
    key, told from every other key by its digest.

    >>> shown_loc(("visitors", 0, "k" * 150))[2].startswith("k" * 100 + "…sha256:")
    True
    """
    return tuple(shown_key(part) if isinstance(part, str) else part for part in loc)


def format_loc(loc: Sequence[str | int]) -> str:
    """Write a location tuple as a dotted path with list indices in brackets.

    >>> format_loc(("visitors", 1, "institution", "country"))
    'visitors[1].institution.country'
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


#: The problems of a record read whole that the call's rules cannot judge (the record is
#: "not judged", not "unreadable": :attr:`InputError.verdict`).
_NOT_JUDGED = frozenset({"missing_exchange_rate", "no_rate", "no_rate_in_force",
                         "call_figure_too_large", "date_out_of_calendar",
                         # (a note on a record not judged: its id is a judged one's)
                         "same_id_unjudged"})


class InputError(CallrulesError, ValueError):
    """A record (an application, a date, an amount…) is not valid input.

    ``problems`` lists every problem found, each naming its field and what was expected.
    """

    code = "invalid_input"
    #: The labels of the call the record was read for (its own names of the fields it
    #: declares, in each of its languages), when one was: the places of the problems are
    #: named with them.
    labels: CallLabels | None = None

    def __init__(self, problems: Sequence[InputProblem], *, source: str | None = None) -> None:
        if isinstance(problems, (str, bytes, Mapping)) or not isinstance(problems, Iterable):
            raise ArgumentError("InputError(problems): a list of InputProblem was expected, "
                                f"not {type(problems).__name__}", words=BUILT["error"])
        self.problems = _capped(ArgumentError.tuple_of(
            tuple(problems), InputProblem, "InputError(problems): a list of InputProblem",
            BUILT["error"]))
        if not self.problems:  # a record "NOT ADMISSIBLE" without a reason
            raise ArgumentError("InputError(problems): at least one InputProblem, saying why "
                                "the record cannot be read, was expected, not an empty list",
                                words=BUILT["error_empty"])
        if source is not None:
            ArgumentError.check(source, str, "InputError(source): where the record comes "
                                "from, a text (or None)", BUILT["source"])
        self.source = source
        super().__init__(self._text())

    @property
    def verdict(self) -> str:
        """The code of the word a person reads for the record: ``not_judged`` ("NOT
        JUDGED") when every problem is one of a record read whole that the call's rules
        cannot judge (an exchange rate or a table's rate missing, a figure or a date the
        call's own numbers take beyond their bounds), ``invalid_input`` ("NOT ADMISSIBLE")
        otherwise."""
        if all(p.type in _NOT_JUDGED for p in self.problems):
            return "not_judged"
        return "invalid_input"

    def _text(self) -> str:
        count = len(self.problems)
        head = f"{count} {'problem' if count == 1 else 'problems'} in {self.source or 'the input'}"
        lines = [head]
        for problem in self.problems:
            lines.append(f"  {problem.path or '(the record itself)'}")
            lines.append(f"    {problem.msg}")
        return "\n".join(lines)


def listed_for(size: int) -> int:
    """The problems listed for a record of ``size`` bytes (or characters) of text: at least
    :data:`MIN_LISTED`, one more for each :data:`PROBLEM_BYTES`, at most
    :data:`MAX_PROBLEMS`."""
    return min(MAX_PROBLEMS, max(MIN_LISTED, size // PROBLEM_BYTES))


def weighed(error: InputError, size: int | None) -> InputError:
    """``error``, the input error of a record of ``size`` bytes kept in a batch's results:
    its problems listed as :func:`listed_for` allows (the others counted in the last), and
    without its traceback (whose frames hold the record and its parse). ``size`` None: a
    record built in Python, not read from text (:func:`callrules._sourced.text_size`),
    told as one of the largest (:data:`MAX_PROBLEMS`)."""
    problems = _capped(error.problems, listed_for(
        MAX_PROBLEMS * PROBLEM_BYTES if size is None else size))
    if problems != error.problems:
        error.problems = problems
        error.args = (error._text(),)
    error.__traceback__ = error.__context__ = error.__cause__ = None
    return error


def _capped(problems: tuple[InputProblem, ...], most: int = MAX_PROBLEMS
            ) -> tuple[InputProblem, ...]:
    """The first ``most`` problems, then one that counts the others."""
    if len(problems) <= most or (
            len(problems) == most + 1 and problems[-1].type == "more_problems"):
        return problems
    more = len(problems) - most
    if problems[-1].type == "more_problems" and problems[-1].ctx:  # capped once already
        more += int(str(problems[-1].ctx["count"])) - 1
    ctx = {"count": str(more)}
    return (*problems[:most],
            InputProblem((), "more_problems", PLURALS["more_problems"][more != 1] % ctx,
                         None, ctx))


#: The characters of a key shown in a call file's problem; a longer key is cut with "…"
#: (``loc`` keeps it whole, for programs).
_KEY_SHOWN = 64


def bare_number_words(raw: object) -> tuple[str, Mapping[str, str]] | None:
    """The words telling a call's author that a decimal (a figure, an amount, a rounding
    unit) is written as a bare number, which TOML and JSON read as a binary float, inexact:
    when ``raw`` is one, or a table whose ``amount``, ``unit`` or ``decimal`` is one; None
    otherwise.
    What it was read as is said, not offered as the text to write (the digits typed beyond a
    float's were lost before the library saw them)."""
    found = raw if isinstance(raw, float) else next(
        (raw[key] for key in ("amount", "unit", "decimal")
         if isinstance(raw, Mapping) and isinstance(raw.get(key), float)), None)
    if not isinstance(found, float):
        return None
    text = f"{Decimal(repr(found)):f}" if found - found == 0 else repr(found)  # (finite)
    if len(text) > 24:  # (5e-324 written out is 323 zeros: said as the float reads it)
        text = repr(found)
    return ("definition_decimal_as_number", {"value": text})


class DefinitionError(CallrulesError, ValueError):
    """A call definition is malformed: it says which file, where in it, what, and a hint."""

    def __init__(self, message: str, *, code: str, source: str = "<call>",
                 loc: Sequence[str | int] = (), hint: str | None = None,
                 words: tuple[str, Mapping[str, str]] | None = None) -> None:
        self.code = code
        self.source = source
        self.loc = tuple(loc)
        self.hint = hint
        self.message = message
        #: What a person is told, in any language: a key of the library's phrases and the
        #: values that fill it (None: the message is in English only, for the call's author).
        self.words = words
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """The error's lines for its author: where and what, then the hint if there is one;
        each is one line for a person once its control characters are escaped (a file name
        holding a line break cannot forge a line: ``_said.lines_of`` escapes each)."""
        shown = [p if isinstance(p, int) or len(p) <= _KEY_SHOWN else p[:_KEY_SHOWN] + "…"
                 for p in self.loc]  # a key is cut as a value is: the place stays readable
        where = f"{self.source}: {format_loc(shown)}" if self.loc else self.source
        out = [f"{where}: {self.message} [{self.code}]"]
        if self.hint:
            out.append(f"  hint: {self.hint}")
        return out


class UnknownCallError(CallrulesError, LookupError):
    """No call has the requested id."""

    code = "unknown_call"

    def __init__(self, call_id: str, known: Sequence[str], *, path: bool = False) -> None:
        self.call_id = call_id
        self.known = tuple(known)
        said = {"call": f"{call_id:.100}", "known": ListInWords(self.known[:20])}
        super().__init__(f"no call {call_id!r}; known calls: {', '.join(self.known) or 'none'}",
                         words=("unknown_call_path", said) if path and self.known else
                         ("unknown_call_path_none", said) if path else
                         ("unknown_call", said) if self.known else
                         ("unknown_call_none", {"call": said["call"]}))


class ArgumentError(CallrulesError, ValueError, TypeError):
    """A function was given an argument of the wrong type, or a value it does not take (a
    checklist format that does not exist, a locale that is not text)."""

    def __init__(self, message: str, *, code: str = "bad_argument",
                 words: tuple[str, Mapping[str, str]] | None = None) -> None:
        self.code = code
        super().__init__(message, words=words)

    @classmethod
    def check(cls, value: _T, kind: type | tuple[type, ...], what: str,
              words: tuple[str, Mapping[str, str]] | None = None, *,
              argument: str | None = None) -> _T:
        """``value`` if it is an instance of ``kind``; otherwise this error, saying that
        ``what`` was expected and what was given (``words``: what a person is told, in
        their language; else said of ``argument``, the argument's name as the code spells
        it, or of a value when None).

        >>> ArgumentError.check(None, str, "call: a Call")
        Traceback (most recent call last):
        ...
        callrules.exceptions.ArgumentError: call: a Call was expected, not NoneType
        """
        if isinstance(value, kind):
            return value
        raise cls(f"{what} was expected, not {type(value).__name__}",
                  words=words or argument_words(argument, value, kind))

    @classmethod
    def tuple_of(cls, value: _T, kind: type | tuple[type, ...], what: str,
                 words: tuple[str, Mapping[str, str]] | None = None, *,
                 argument: str | None = None) -> _T:
        """``value`` if it is a tuple of instances of ``kind``; otherwise this error, saying
        that ``what`` was expected and what was given (a result built by hand with a list,
        or with an item of another kind, refused where it is built, not where it is shown).

        >>> ArgumentError.tuple_of(["a"], str, "loc: a tuple of names and list positions")
        Traceback (most recent call last):
        ...
        callrules.exceptions.ArgumentError: loc: a tuple of names and list positions was \
expected, not list
        """
        if not isinstance(value, tuple):
            raise cls(f"{what} was expected, not {type(value).__name__}",
                      words=words or argument_words(argument, value, tuple))
        for item in value:
            if not isinstance(item, kind):
                raise cls(f"{what} was expected, not a tuple holding a "
                          f"{type(item).__name__}",
                          words=words or argument_words(argument, item, kind))
        return value

    @classmethod
    def callable_or_none(cls, value: _T, what: str, *, argument: str | None = None) -> _T:
        """``value`` if it is None or can be called; otherwise this error, saying that
        ``what`` was expected and what was given (``skipped=True`` would fail only once a
        file is skipped, records perhaps already read).

        >>> ArgumentError.callable_or_none(True, "skipped: a function")
        Traceback (most recent call last):
        ...
        callrules.exceptions.ArgumentError: skipped: a function (or None) was expected, not bool
        """
        if value is None or callable(value):
            return value
        raise cls(f"{what} (or None) was expected, not {type(value).__name__}",
                  words=argument_words(argument, value, "kind_function"))

    @classmethod
    def iterable(cls, value: Iterable[_T], what: str, *, argument: str,
                 each: str | None = None) -> Iterator[_T]:
        """An iterator over ``value``, a collection of items (a list, a generator, an open
        file…); this error for a value that is not one, or that is one item by mistake (a
        text, bytes or a view of them, a mapping), or a table whose items are its column
        names (a pandas, polars or dask ``DataFrame``). ``each``: the ``kind_`` phrase of
        each item wanted (``kind_money``); None, records: a table's rows are wanted
        (``df.to_dict("records")``); ``kind_text``, lines of CSV text (``df.to_csv()``)."""
        table = _is_table(value)
        if not table and not isinstance(value, (str, bytes, bytearray, memoryview, Mapping)):
            try:
                return iter(value)
            except TypeError:
                pass
        if table:
            raise cls(f"{what} was expected (a list, a generator…), not "
                      f"{type(value).__name__}: {_TABLE_ADVICE.get(each, _TABLE_ITEMS)}",
                      words=_table_words(argument, each))
        rows = ": to read the bytes of a file held in memory, give io.BytesIO(data)" \
            if isinstance(value, (bytes, bytearray, memoryview)) else ""
        raise cls(f"{what} was expected (a list, a generator…), not {type(value).__name__}"
                  f"{rows}", words=argument_words(argument, value, "kind_items"))


#: What the English text of :meth:`ArgumentError.iterable` advises for a table given, by the
#: kind of item wanted (None: records; else :data:`_TABLE_ITEMS`).
_TABLE_ADVICE: dict[str | None, str] = {
    None: "give its rows, e.g. df.to_dict(\"records\") (pandas) or df.to_dicts() (polars), "
          "not its column names",
    "kind_text": "give its CSV text, e.g. df.to_csv(index=False), not its column names"}
_TABLE_ITEMS = "its column names are not the items wanted"


def _table_words(argument: str, each: str | None) -> tuple[str, Mapping[str, str]]:
    """The words of a table given to ``argument``, whose items are each ``each`` (a
    ``kind_`` phrase; None: records, its rows wanted; ``kind_text``: CSV text)."""
    if each is None:
        return ("argument_table", {"argument": argument})
    if each == "kind_text":
        return ("argument_table_csv", {"argument": argument})
    return ("argument_table_items", {"argument": argument, "expected": KindInWords(each)})


#: The words of a kind of value (``kind_<name>`` of the library's phrases) by the class's
#: name, for the classes of the library (matched by name: they are defined above it).
_LIBRARY_KINDS = {
    "Call": "kind_call", "Money": "kind_money", "Report": "kind_report",
    "Finding": "kind_finding", "Selection": "kind_selection",
    "ScoreProblem": "kind_score_problem", "Reason": "kind_reason",
    "InputProblem": "kind_input_problem", "InputError": "kind_input_error",
    "BatchItem": "kind_batch_item", "BatchResult": "kind_batch",
    "Severity": "kind_severity", "_Node": "kind_rule",
    "Application": "kind_application", "Milestone": "kind_milestone"}
#: The words of the other kinds, by class, the first that matches said.
_KINDS: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (type(None), "kind_none"), (bool, "kind_bool"), (int, "kind_whole"),
    (float, "kind_float"), (Decimal, "kind_decimal"), (str, "kind_text"),
    ((bytes, bytearray, memoryview), "kind_bytes"), (datetime, "kind_aware"),
    (date, "kind_date"), (time, "kind_time"), (timedelta, "kind_duration"),
    (PathLike, "kind_path"), (io.IOBase, "kind_file"), (Mapping, "kind_mapping"),
    (list, "kind_list"), (tuple, "kind_tuple"), ((set, frozenset), "kind_set"),
    (Iterator, "kind_iterator"))


class KindInWords(InWords):
    """A kind of value of an error's words (what an argument takes, what it was given),
    said in the reader's words (« une date et une heure avec leur fuseau horaire »): as text,
    its English words."""

    __slots__ = ("key",)
    key: str

    def __new__(cls, key: str) -> KindInWords:
        made = super().__new__(cls, PHRASES[key])
        made.key = key
        return made

    def __reduce__(self) -> tuple[type[KindInWords], tuple[str]]:
        return (type(self), (self.key,))  # (an error is pickled by Dask's workers)

    def said(self, locale: str) -> str:
        return renderings().phrase(self.key, locale)


def kind_key(kind: type) -> str:
    """The phrase saying a value of class ``kind`` in words: ``kind_text`` for ``str``… (a
    class whose ``__module__`` is not text said too: building an error's words never
    raises)."""
    for part in kind.__mro__:
        if str(getattr(part, "__module__", "")).split(".")[0] in ("callrules", "pydantic") \
                and part.__name__ in _LIBRARY_KINDS:
            return _LIBRARY_KINDS[part.__name__]
    return next((key for known, key in _KINDS if issubclass(kind, known)), "kind_other")


def as_text(value: object) -> str:
    """``str(value)``, or the name of its class when that raises (a date and time whose zone
    raises): a wrong value said in an error's text never raises in its place.

    >>> as_text(3), as_text(type("Mute", (), {"__str__": lambda self: 1/0})())
    ('3', 'Mute')
    """
    try:
        return str(value)
    except Exception:  # (the text of an error is never an error)
        return type(value).__name__


def given_key(value: object) -> str:
    """The phrase saying what ``value`` is, in words: a date and time without its zone is
    not one with it; one whose zone cannot say its offset (``pandas.NaT``, an offset of
    30 hours) is said a value of another kind, never an error raised in place of the one
    meant."""
    try:
        if isinstance(value, datetime) and value.utcoffset() is None:
            return "kind_naive"
    except Exception:  # (the words of an error are never an error)
        return "kind_other"
    key = kind_key(type(value))
    return "kind_function" if key == "kind_other" and callable(value) and not isinstance(
        value, type) else key


#: The least number of more than 18 digits: a number given is said by its digits below it.
_HUGE = 10 ** 18


def locale_tag(locale: object) -> str | None:
    """``locale`` as the library reads one inside: text or None as given, a babel ``Locale``
    as its tag (``pt_BR``); anything else (a number, a list, a pandas column of languages,
    whose truth numpy refuses to tell) an :class:`ArgumentError` naming ``locale``, at once,
    never a language chosen in its place. Text naming no language is left to the reader
    (``CALLRULES_LANG`` set blank: the session's language); a public function refuses it
    (:func:`given_locale`)."""
    tag = as_tag(locale)
    if tag is not None and not isinstance(tag, str):
        raise ArgumentError(f"locale: a language tag (str) or None was expected, not "
                            f"{type(tag).__name__}", code="bad_locale",
                            words=argument_words("locale", tag, "kind_locale"))
    return tag


def given_locale(locale: object) -> str | None:
    """``locale`` as a public function takes it: :func:`locale_tag`'s, and a text that names
    no language (``""``, blanks, ``-FR``) an :class:`ArgumentError` naming ``locale`` in
    words, never English or the session's language chosen in its place.

    >>> given_locale("pt-BR"), given_locale(None)
    ('pt-BR', None)
    >>> given_locale(" ")
    Traceback (most recent call last):
    ...
    callrules.exceptions.ArgumentError: locale: a language tag such as 'fr' or 'en-GB' was \
expected, not ' '
    """
    tag = locale_tag(locale)
    if tag is not None and not language_of(tag):
        raise ArgumentError(f"locale: a language tag such as 'fr' or 'en-GB' was expected, "
                            f"not {tag[:40]!r}", code="bad_locale",
                            words=blank_words("locale", tag))
    return tag


def blank_words(argument: str, text: str, expected: str = "kind_locale"
                ) -> tuple[str, Mapping[str, str]]:
    """The words of an :class:`ArgumentError` for ``text`` given to ``argument`` where
    ``expected`` (a ``kind_`` phrase; a language tag by default) was: said empty, of spaces
    only, or (where a language tag was) naming no language, never echoed (it may hold
    anything)."""
    given = ("kind_empty_text" if not text else "kind_blank_text" if not text.strip()
             else "kind_no_language")
    return ("argument_expected", {"argument": argument, "expected": KindInWords(expected),
                                  "given": KindInWords(given)})


def given_words(value: object) -> InWords:
    """What was given where a number was expected, in the reader's words: a whole number
    (``int``, numpy's) that is short by its digits (« 0 », « -3 »); a float or a decimal
    with a fraction by its digits (« 1,5 »), one with none by its digits and its point
    (« 2 048,0, un nombre à virgule »: never the digits of a whole number it is not); one of
    more than 18 digits by its size; any other value by its kind (never its text: it may be
    anything).

    >>> given_words(-3), given_words(10 ** 40).key, given_words("x").key, given_words(2.0)
    ('-3', 'kind_huge', 'kind_text', '2.0')
    """
    number: int | Decimal | None = None
    if isinstance(value, Integral) and not isinstance(value, bool):
        number = index(value)
    elif isinstance(value, (float, Decimal)):
        number = Decimal(str(value))  # (nan and inf too: said by their kind below)
    if number is None or (isinstance(number, Decimal) and not number.is_finite()):
        return KindInWords(given_key(value))
    if not -_HUGE < number < _HUGE:  # (a longer one said by its size)
        return KindInWords("kind_huge")
    if isinstance(number, Decimal) and number == number.to_integral_value():
        return PointedInWords(int(number))
    return ExactInWords(number)


def argument_words(argument: str | None, value: object,
                   expected: type | tuple[type, ...] | str) -> tuple[str, Mapping[str, str]]:
    """The words of an :class:`ArgumentError` (or a :class:`TimeError`) for ``value`` given
    where ``expected`` was (a class, classes, or a ``kind_`` phrase): the argument, named
    as the code spells it (``now``; None: a value that is no argument of its own, an item
    of a list), what it takes and what it was given, each in the reader's words. The name
    is given by the caller, never read back from an English sentence."""
    if isinstance(expected, str):
        key = expected
    else:
        kinds = expected if isinstance(expected, tuple) else (expected,)
        key = next((kind_key(k) for k in kinds if issubclass(k, PathLike)),
                   kind_key(kinds[0]))
    said = {"expected": KindInWords(key), "given": KindInWords(given_key(value))}
    none = "_none" if value is None else ""  # ("but nothing was given", never "not nothing")
    if argument is None:
        return ("value_expected" + none, said)
    if argument in _ARGUMENTS_IN_WORDS:  # (a name that is no word, said in words)
        return (_ARGUMENTS_IN_WORDS[argument] + none, {"argument": argument, **said})
    return ("argument_expected" + none, {"argument": argument, **said})


#: The arguments whose name in the code is no word (``decided_at``), each named in words by
#: the phrases (of this key, and with ``_none``) that say it was given a wrong value:
#: « L’instant où la décision a été prise : on attendait… ».
_ARGUMENTS_IN_WORDS = {"decided_at": "decided_at_expected"}


def choice_words(argument: str, value: object, accepted: Sequence[str]
                 ) -> tuple[str, Mapping[str, str]]:
    """The words of an :class:`ArgumentError` for ``value`` given to ``argument``, which
    takes one of ``accepted`` (values the caller types, each shown as code): a text given
    is shown (its first 40 characters), another value said by its kind in words."""
    said = {"argument": argument, "accepted": ", ".join(f"`{one}`" for one in accepted)}
    if isinstance(value, str):
        return ("argument_one_of_text", {**said, "given": value[:40]})
    return ("argument_one_of_none" if value is None else "argument_one_of",
            {**said, "given": KindInWords(given_key(value))})


def _is_table(value: object) -> bool:
    """Whether ``value`` is a table of rows and named columns whose iteration gives the
    names of its columns, not its rows (a pandas, polars, dask or modin ``DataFrame``)."""
    kind = type(value)
    return hasattr(kind, "columns") and any(
        hasattr(kind, name) for name in ("to_dict", "to_dicts", "iterrows", "iter_rows"))


class UnknownIdError(ArgumentError, KeyError):
    """An id that names nothing where one thing was looked up by id (a selection's entry, a
    criterion): an :class:`ArgumentError` (``unknown_id``) that is also the ``KeyError``
    such a lookup raised before."""

    #: The phrase saying an id not found, by the argument that gave it.
    _NOT_FOUND: ClassVar[Mapping[str, str]] = {"application_id": "unknown_application_id",
                                               "criterion_id": "unknown_criterion_id"}

    def __init__(self, what: str, found: object) -> None:
        shown = f"{found!r:.80}" if isinstance(found, str) else type(found).__name__
        # (an id that is no text, or names nothing: said by its kind; one not found, never
        # echoed, as it may hold anything)
        # (an argument with no phrase of its own: its English words, never a KeyError)
        key = self._NOT_FOUND.get(what)
        words = (argument_words(what, found, "kind_id") if not isinstance(found, str)
                 else blank_words(what, found, "kind_id") if not found.strip()
                 else None if key is None else (key, {}))
        super().__init__(f"{what}: no {what.replace('_', ' ')} {shown}", code="unknown_id",
                         words=words)

    def __str__(self) -> str:
        return str(self.args[0])


class NotAFolderError(CallrulesError, NotADirectoryError):
    """A folder given to register (call files, catalogs) is not a folder that can be read."""

    code = "not_a_folder"

    def __init__(self, folder: object) -> None:
        self.folder = folder
        named = isinstance(folder, (str, PathLike))  # (a folder's name, else what was given)
        super().__init__(f"{as_text(folder):.300} is not a folder that can be read", words=(
            ("not_a_folder", {"folder": f"{as_text(folder):.300}"}) if named
            else argument_words("folder", folder, "kind_path")))

    def __str__(self) -> str:
        return str(self.args[0])

    @classmethod
    def check(cls, folder: object) -> Path:
        """``folder`` as a :class:`~pathlib.Path` if it is a folder; this error otherwise
        (not a path, a NUL byte, a name too long, a file, nothing there)."""
        try:
            path = Path(folder)  # type: ignore[arg-type]
            if path.is_dir():
                return path
        except (TypeError, ValueError, OSError):
            pass
        raise cls(folder) from None


class NoRoomError(CallrulesError, OSError):
    """The temporary folder still refuses the file of a batch's keys when memory holds the
    most it may of them (:attr:`most`, the entries it held then: the bound of entries, or
    fewer where their characters reached theirs first): the batch stops there, said in
    words, where memory would otherwise grow without bound. The records judged before it
    keep their results; it is an :class:`OSError` too (``ENOSPC``), as a full disk is."""

    code = "no_room_for_keys"

    def __init__(self, most: int) -> None:
        self.most = most
        super().__init__(errno.ENOSPC, (
            f"the temporary folder (TMPDIR) refuses the file that keeps the batch's keys "
            f"for the rules spanning its applications, and memory holds the most it may "
            f"of them ({most:,}): the batch stops here, before its end, and the findings of "
            f"those rules are not given"), words=(
            "spill_limit", {"most": ExactInWords(most)}))

    def __str__(self) -> str:
        return str(self.args[1])

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.most,))  # (its number kept: a Dask worker's error)


class KeysUnreadableError(CallrulesError, OSError):
    """The file of a batch's keys (for the rules spanning its applications) can no longer be
    read back: what it held is lost, and the batch stops before its next record, said in
    words; the records judged before it keep their results. An :class:`OSError` too
    (``EIO``, as the disk's error is), without a file's name: the file is the library's own,
    in the temporary folder, which nobody named (before, the folder's path was said)."""

    code = "keys_unreadable"

    def __init__(self) -> None:
        # (its English, the catalog's own words: one text to keep, look75v 4c)
        super().__init__(errno.EIO, PHRASES["spill_unreadable"],
                         words=("spill_unreadable", {}))

    def __str__(self) -> str:
        return str(self.args[1])

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), ())


class BatchStateError(CallrulesError, RuntimeError):
    """A batch being evaluated (:func:`~callrules.evaluate_stream`) asked for what it no
    longer gives, or not yet, said in words; ``code`` says which:

    - ``batch_stopped``: a record asked (:func:`next`) of a batch that stopped before its end
      because its records could not go on (their source raised, the keys of its rules
      spanning applications could not be kept, a signal);
    - ``batch_closed``: its corrections asked after :meth:`~callrules.Evaluation.close`
      (or leaving its ``with`` block), or after it stopped dropping the keys it kept on
      disk, before they were given: the keys they are found from are gone;
    - ``batch_not_read``: its corrections asked before every record was read.

    Not the caller's argument's fault, nor the records': the batch's own state. Also a
    :class:`RuntimeError`, as a generator's misuse is. Made with another code, it refuses
    it (:class:`ArgumentError`, naming the three):

    >>> BatchStateError("something else")
    Traceback (most recent call last):
    ...
    callrules.exceptions.ArgumentError: a batch's state is batch_stopped, batch_closed, \
batch_not_read, not 'something else'
    """

    def __init__(self, code: str) -> None:
        if not isinstance(code, str) or code not in _BATCH_STATES:  # (one built by hand)
            shown = f"{code!r:.40}" if isinstance(code, str) else type(code).__name__
            raise ArgumentError(f"a batch's state is {', '.join(_BATCH_STATES)}, not {shown}",
                                words=choice_words("code", code, tuple(_BATCH_STATES)))
        self.code = code
        super().__init__(_BATCH_STATES[code], words=(code, {}))

    def __str__(self) -> str:
        return str(self.args[0])


#: What a :class:`BatchStateError` says in English, by its ``code``.
_BATCH_STATES = {
    "batch_stopped": "the batch stopped on an error before its end: it gives no more results",
    "batch_closed": "the batch was closed, or stopped on an error, before its corrections "
                    "were asked for: the keys they are found from are gone",
    "batch_not_read": "corrections are known once every record has been read",
}


class CurrencyMismatchError(CallrulesError, ValueError):
    """Two amounts in different currencies were combined without a conversion."""

    code = "currency_mismatch"


class MissingExchangeRateError(CallrulesError, LookupError):
    """A conversion needs a rate that the caller did not supply."""

    code = "missing_exchange_rate"

    def __init__(self, base: str, quote: str) -> None:
        self.base = base
        self.quote = quote
        super().__init__(f"no exchange rate from {base} to {quote} was supplied")


class NoRateError(CallrulesError, LookupError):
    """A call's rate table has no rate for a key on a day: no version of the table is in
    force on that day (``code`` ``no_rate_in_force``; ``first`` is the day its first version
    takes effect), or the version in force has no row for the key (``no_rate``). Never a
    silent default: a table says ``"*"`` where it means "any other"."""

    def __init__(self, table: str, key: Sequence[str], on: object, *,
                 first: object = None) -> None:
        self.table = table
        self.key = tuple(key)
        self.on = on
        self.first = first
        self.code = "no_rate" if first is None else "no_rate_in_force"
        shown = ", ".join(self.key)
        if first is None:
            text = f"the table {table!r} has no row for ({shown}) in its version in force on {on}"
        else:
            text = f"no version of the table {table!r} is in force on {on} (the first from {first})"
        super().__init__(text)


class TimeError(CallrulesError, ValueError):
    """A datetime is naive, a zone unknown, or a local time ambiguous or nonexistent."""

    def __init__(self, message: str, *, code: str = "invalid_time",
                 words: tuple[str, Mapping[str, str]] | None = None) -> None:
        self.code = code
        #: What a person is told, in any language: a key of the library's phrases and the
        #: values that fill it (None: the message is in English only).
        self.words = words
        super().__init__(message)
