"""What a caller gives failing while it is read: the iterable of a batch (a generator that
raises after some records, an iterable whose ``__iter__`` raises), or a function of theirs
called on the way (``records(folder, hidden=…)``). Never their exception out of the
library: the records given before are kept, then one input problem (``given_failed``) says
where it stopped and what kind of failure it was, in the reader's words, the exception
chained as its ``__cause__``. An error of the library's own (:class:`CallrulesError`: an
``ArgumentError`` for a misused argument) passes through; ``KeyboardInterrupt``,
``SystemExit`` and ``GeneratorExit`` are no ``Exception`` and pass through too."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from callrules._sourced import Sourced
from callrules.exceptions import ArgumentError, CallrulesError, InputError, InputProblem

__all__ = [
    "CalledFailed",
    "Ended",
    "called",
    "failed",
    "failed_given",
    "given",
    "iterated",
    "record_failed",
    "record_unread",
    "record_unsent",
    "then_failure",
]

#: The kind of a failure, in words (a key of the input problems' words, ``failure_…``).
_KINDS: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
    (MemoryError, "failure_memory"),
    (RecursionError, "failure_depth"),
    (UnicodeError, "failure_encoding"),
    (OSError, "failure_system"),
    ((ValueError, TypeError, LookupError, ArithmeticError, AttributeError), "failure_value"),
)
#: The same, in English, for the problem's ``msg``.
_SAID = {"failure_memory": "it ran out of memory",
         "failure_depth": "it went too deep (a function calling itself without end)",
         "failure_encoding": "it met text that is not in the encoding it expected",
         "failure_system": "a read or a write of the system failed (a disk, a network)",
         "failure_value": "a value it worked on was wrong, missing or of another kind",
         "failure_other": "it stopped with a failure of its own"}


def failure_kind(exc: BaseException) -> str:
    """The key of the words saying what kind of failure ``exc`` is (never its class name)."""
    for kinds, key in _KINDS:
        if isinstance(exc, kinds):
            return key
    return "failure_other"


class CalledFailed(Exception):
    """A function of the caller's (``records``' ``hidden`` or ``skipped``) raised for
    ``file``: ``template`` says which (a key of the input problems' words)."""

    def __init__(self, template: str, file: str) -> None:
        super().__init__(template, file)
        self.template = template
        self.file = file


def called(function: Callable[..., object], template: str, file: Any, *args: Any) -> None:
    """``function(file, *args)``; anything it raises (an ``Exception``) raised again as
    :class:`CalledFailed`, chained."""
    try:
        function(file, *args)
    except CallrulesError:
        raise
    except Exception as exc:
        raise CalledFailed(template, str(file)) from exc


def failed(exc: BaseException, record: int, source: str | None = None) -> InputError:
    """The input problem saying that what was given failed when its record ``record``
    (counted from 1) was asked for: what kind of failure, where (a function of the caller's
    failing for a file: that file), ``exc`` chained as the error's ``__cause__``."""
    cause = exc.__cause__ if isinstance(exc, CalledFailed) else exc
    reason = failure_kind(cause if cause is not None else exc)
    ctx = {"record": str(record), "reason_code": reason}
    if isinstance(exc, CalledFailed):
        ctx |= {"template": exc.template, "file": exc.file}
        said = f"the function given to be told of such files failed for {exc.file}"
    else:
        said = f"what was given for the batch failed when its record {record} was asked for"
    message = (f"{said}: {_SAID[reason]}; the records before are checked, the rest is "
               "not read")
    error = InputError([InputProblem((), "given_failed", message, ctx=ctx)], source=source)
    error.__cause__ = cause if cause is not None else exc
    return error


def given(items: Iterable[Any], source: Callable[[int], str | None] | None = None,
          sourced: bool = False, only: type[Exception] = Exception) -> Iterator[Any]:
    """The items of ``items``, then, if iterating it raises an ``Exception`` that is no
    :class:`CallrulesError`, one :func:`failed` item in their place and no more
    (``sourced``: as a :class:`Sourced` labelled ``source(count)``, as a reader's
    records are; otherwise the input error itself). ``only``: the exceptions so said
    (the others raised as they are)."""
    count = 0
    try:
        for item in items:
            yield item
            count += 1
    except CallrulesError:
        raise
    except only as exc:
        if getattr(exc, "passes_through", False):  # (a stop on purpose: the service's
            # ClientGone, the readers' Stop for a closed standard input)
            raise
        where = exc.file if isinstance(exc, CalledFailed) else \
            source(count) if source is not None else None
        error = failed(exc, count + 1, where)
        yield Sourced(where or "", error) if sourced else error


def iterated(value: Any, what: str, *, argument: str,
             each: str | None = None) -> Iterator[Any]:
    """An iterator over ``value`` as :meth:`ArgumentError.iterable` gives it (that error for
    a value that is no collection of items, at once); an ``__iter__`` of the caller's that
    raises anything else: an iterator raising it when it is first asked, for :func:`given`
    to say."""
    try:
        return ArgumentError.iterable(value, what, argument=argument, each=each)
    except CallrulesError:
        raise
    except Exception as exc:
        return _raising(exc)


def _raising(exc: Exception) -> Iterator[Any]:
    raise exc
    yield  # (a generator)


def record_failed(exc: BaseException, source: str | None) -> InputError:
    """The input problem of one record of the caller's that failed as it was read (a
    mapping whose own methods raise): what kind of failure; the batch goes on."""
    reason = failure_kind(exc)
    return InputError([InputProblem(
        (), "given_failed", f"this record could not be read: {_SAID[reason]}; it is not "
        "checked, the others are", ctx={"template": "given_failed_record",
                                        "reason_code": reason})], source=source)


def record_unsent(exc: BaseException, source: str | None) -> InputError:
    """The input problem of one record of the caller's that cannot be sent to a worker of
    another process (Dask's ``processes`` scheduler, a ``distributed`` cluster): it cannot
    be pickled (a lock, an open file, a generator, an object whose ``__reduce__`` raises,
    one nested too deeply); ``exc``, the pickler's failure, chained. The batch goes on."""
    return _not_checked(exc, source, "given_unsent", (
        "this record cannot be sent to the workers that check the batch in other processes: "
        "it holds something that cannot be copied to another process (a lock, an open file "
        "or connection, a generator, an object that refuses to be copied) or is nested too "
        "deeply; it is not checked, the others are"))


def record_unread(exc: BaseException, source: str | None) -> InputError:
    """The input problem of one record of the caller's that a worker of another process
    cannot read back (rebuild) from what the client sent: its class defined in a module
    the worker cannot import (one the caller imported from a folder only the client has),
    or a rebuild of the caller's that raises there only; ``exc``, the worker's failure,
    chained. The partition's other records are checked."""
    return _not_checked(exc, source, "given_unread", (
        "this record could not be read back by the workers that check the batch in other "
        "processes: something in it is of a kind they do not know (a class of a module they "
        "cannot import: make that module importable on every worker) or could not be "
        "rebuilt there; it is not checked, the others are"))


def _not_checked(exc: BaseException, source: str | None, template: str,
                 message: str) -> InputError:
    """A record of a batch for worker processes not checked (``given_failed``, its words
    ``template``), ``exc`` chained as its cause; the batch goes on."""
    error = InputError([InputProblem((), "given_failed", message, ctx={
        "template": template, "reason_code": failure_kind(exc)})], source=source)
    error.__cause__ = exc
    return error


def failed_given(error: InputError) -> bool:
    """Whether ``error`` says that something the caller gave failed (its ``__cause__`` the
    caller's exception, kept for their programs)."""
    return any(problem.type == "given_failed" for problem in error.problems)


class Ended:
    """The items of ``items`` as an iterable ending at the first ``Exception`` it raises
    (no :class:`CallrulesError`), kept in ``failure``: for a reader whose pipeline holds
    pieces (a CSV row until the next line), which then ends as at an end of file, its
    records read, before :func:`then_failure` says it."""

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items
        self.failure: Exception | None = None

    def __iter__(self) -> Iterator[Any]:
        try:
            yield from self.items
        except CallrulesError:
            raise
        except Exception as exc:
            if getattr(exc, "passes_through", False):  # (a stop on purpose, as above)
                raise
            self.failure = exc


def then_failure(records: Iterable[Any], ended: Ended, source: str) -> Iterator[Any]:
    """``records``, then, if ``ended`` failed, one :func:`failed` record labelled
    ``source``."""
    count = 0
    for record in records:
        yield record
        count += 1
    if ended.failure is not None:
        yield Sourced(source, failed(ended.failure, count + 1, source))
