"""What a caller gives failing as it is read (issue 16: N records in, N results out; the
Python API raises only ``CallrulesError``): a batch's iterable raising after k records, a
record of theirs whose own methods raise, a function of theirs called by ``records``, an
empty file named. The records before are kept, then one problem in words, the caller's
exception chained as its ``__cause__``."""

from __future__ import annotations

import copy
import enum
import io
import json
import re
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import callrules
from callrules import _cli, evaluate_many, evaluate_stream
from callrules._i18n import words_said
from callrules._sources import Stop
from tests.laws import settings
from tests.test_nothing_lost import as_dict

CALL = callrules.calls.load("cnrs-amsud-2026")
NOW = datetime(2026, 6, 1, tzinfo=UTC)
LANGS = ("en", "fr", "es", "pt")

#: Exceptions a caller's generator may raise (StopIteration inside one: a RuntimeError).
FAILURES: tuple[Callable[[], Exception], ...] = (
    lambda: ValueError("x"), lambda: KeyError("k"), lambda: StopIteration(),
    lambda: RuntimeError(), lambda: UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad"),
    lambda: OSError(5, "io"), lambda: RecursionError(), lambda: MemoryError(),
    lambda: TypeError("t"), lambda: ZeroDivisionError(), lambda: AttributeError("a"),
    lambda: Exception("plain"))


def raising(records: list[Any], failure: Exception) -> Iterator[Any]:
    yield from records
    raise failure


def dask_items(records: Any) -> list[callrules.BatchItem]:
    dask = pytest.importorskip("dask")
    from callrules.distributed import evaluate_dask
    with dask.config.set(scheduler="sync"):
        return list(evaluate_dask(CALL, records, now=NOW).compute())


#: Every way a batch is given in Python: each gives the results of the records.
WAYS: dict[str, Callable[[Any], list[Any]]] = {
    "evaluate_many": lambda it: list(evaluate_many(CALL, it, now=NOW, progress=False)),
    "evaluate_stream": lambda it: list(evaluate_stream(CALL, it, now=NOW, progress=False)),
    "evaluate_dask": dask_items,
}


def assert_said(error: Any, cause: type[BaseException] | None = None) -> None:
    """One ``given_failed`` problem, said in four languages with no code token and no
    Python class name, the caller's exception chained."""
    assert isinstance(error, callrules.InputError)
    (problem,) = error.problems
    assert problem.type == "given_failed"
    for lang in LANGS:
        said = problem.message(lang)
        assert said.strip()
        assert not re.search(r"\b[a-z]+_[a-z_]+\b|Error\b|Exception\b", said), said
        assert lang == "en" or said != problem.message("en")
    if cause is not None:
        assert isinstance(error.__cause__, cause)


class TestAnIterableThatRaises:
    @settings(max_examples=60, deadline=None)
    @given(k=st.integers(0, 4), failure=st.sampled_from(FAILURES),
           way=st.sampled_from(sorted(WAYS)))
    def test_k_records_then_a_failure_are_k_results_and_one_problem(
            self, k: int, failure: Callable[[], Exception], way: str) -> None:
        """Any iterable raising any ``Exception`` after k records, given to any way in: k
        results (each record checked), then one problem saying where it stopped and what
        kind of failure it was, never the exception itself."""
        records = [as_dict(n, "note", "name") for n in range(k)]
        expected = WAYS[way](list(records))
        items = WAYS[way](raising(records, failure()))
        assert len(items) == k + 1
        assert [(i.report is None, str(i.error)) for i in items[:k]] == [
            (i.report is None, str(i.error)) for i in expected]
        last = items[-1]
        assert last.report is None and last.index == k
        assert_said(last.error)
        assert last.error.problems[0].ctx["record"] == str(k + 1)
        if way != "evaluate_dask" or k:  # (its cause kept where the batch is checked)
            assert last.error.__cause__ is not None

    def test_an_iterable_whose_iter_raises_is_one_problem(self) -> None:
        """An iterable whose ``__iter__`` raises: nothing to keep, one problem."""
        class Broken:
            def __iter__(self) -> Iterator[Any]:
                raise ValueError("it")
        for way in sorted(WAYS):
            (item,) = WAYS[way](Broken())
            assert_said(item.error)

    @pytest.mark.parametrize("interrupt", [KeyboardInterrupt, SystemExit, GeneratorExit])
    def test_an_interrupt_still_propagates(self, interrupt: type[BaseException]) -> None:
        """``KeyboardInterrupt``, ``SystemExit`` and ``GeneratorExit`` are not failures of
        the batch: they propagate."""
        with pytest.raises(interrupt):
            evaluate_many(CALL, raising([as_dict(0, "n", "x")], interrupt()), now=NOW)

    @pytest.mark.parametrize("k", [0, 2])
    @pytest.mark.parametrize("way", [*sorted(WAYS), "records_from_csv"])
    def test_a_stop_on_purpose_passes_through_every_way(self, way: str, k: int) -> None:
        """A stream that stops the reading on purpose (the command line's standard input
        when the process has none) is no failure of the batch: it propagates from every
        way in, after k records as at the first, never said as a record (given_failed)."""
        with pytest.raises(Stop):
            if way == "records_from_csv":
                list(callrules.records_from_csv(raising(
                    ["id,note\n", *(f"A-{n},x\n" for n in range(k))], Stop())))
            else:
                WAYS[way](raising([as_dict(n, "n", "x") for n in range(k)], Stop()))

    @pytest.mark.parametrize("way", sorted(WAYS))
    def test_standard_input_closed_is_said_by_no_record(self, way: str) -> None:
        """The command line's standard input when the process has none, read as a batch:
        its stop propagates, for the command line to say it."""
        with pytest.raises(Stop):
            WAYS[way](callrules.records("-", stdin=_cli._ClosedInput()))

    def test_an_error_of_the_library_passes_through(self) -> None:
        """A misuse inside (a mapping that is not one, given to ``records``): its
        ``ArgumentError``, as ever."""
        with pytest.raises(callrules.ArgumentError):
            evaluate_many(CALL, callrules.records(io.StringIO("{}"), mapping=[1]), now=NOW)

    def test_a_record_whose_own_methods_raise_is_a_problem_of_its_own(self) -> None:
        """A mapping of the caller's whose ``keys`` raise: that record a problem, the
        others checked."""
        class Bad(dict):  # type: ignore[type-arg]
            def keys(self) -> Any:
                raise RuntimeError("boom")
        items = evaluate_many(CALL, [Bad(as_dict(0, "n", "x")), as_dict(1, "n", "x")],
                              now=NOW)
        assert len(items) == 2
        assert [p.type for p in items[1].error.problems] != ["given_failed"]
        assert_said(items[0].error, RuntimeError)


class TestReadersOfTheCaller:
    @pytest.mark.parametrize("k", [0, 1, 3])
    def test_records_from_csv_rows_failing_keep_the_rows_before(self, k: int) -> None:
        """CSV rows failing after the header and k rows: the k rows read, then one
        problem."""
        rows = ["id,note\n", *(f"A-{n},x\n" for n in range(k))]
        out = list(callrules.records_from_csv(raising(rows, OSError(5, "io"))))
        assert len(out) == k + 1
        assert all(not isinstance(r.data, callrules.InputError) for r in out[:k])
        assert_said(out[-1].data, OSError)

    @pytest.mark.parametrize("which", ["hidden", "skipped"])
    def test_a_function_of_the_caller_failing_is_a_problem_naming_the_file(
            self, tmp_path: Path, which: str) -> None:
        """``records(folder, hidden=f)`` or ``skipped=f`` whose ``f`` raises: one problem
        naming the file it failed for, its exception chained, never raised."""
        (tmp_path / ".x.json").write_text("{}")
        (tmp_path / "a.json.part").write_text("{}")

        def fail(*_: Any) -> None:
            raise ZeroDivisionError
        out = list(callrules.records(tmp_path, **{which: fail}))
        assert_said(out[-1].data, ZeroDivisionError)
        assert out[-1].data.problems[0].ctx["file"] in {str(tmp_path / ".x.json"),
                                                        str(tmp_path / "a.json.part")}
        items = evaluate_many(CALL, callrules.records(tmp_path, **{which: fail}), now=NOW)
        assert len(items) == len(out)


class TestEmptyFileNamed:
    @pytest.mark.parametrize("content", [b"", b"\x00" * 100, b"\n \r\n", b"\xef\xbb\xbf"])
    def test_an_empty_file_named_is_a_problem_every_way(self, tmp_path: Path,
                                                       content: bytes) -> None:
        """A file named and empty (or blanks alone) is ``empty_file`` in its place, by
        ``records``, Dask and the command line (exit 2), as a folder's is."""
        full = tmp_path / "a.json"
        full.write_text(json.dumps([as_dict(0, "n", "x")]))
        empty = tmp_path / "j.json"
        empty.write_bytes(content)
        out = list(callrules.records(full, empty))
        assert [r.source for r in out] == [f"{full}[0]", str(empty)]
        assert out[1].data.problems[0].type == "empty_file"
        said = {lang: out[1].data.problems[0].message(lang) for lang in LANGS}
        assert "folder" not in said["en"] and len(set(said.values())) == 4
        assert [i.source for i in dask_items([str(full), str(empty)])] == [
            r.source for r in out]
        from callrules._cli import main
        for alone in ([str(empty)], [str(full), str(empty)]):
            code = main(["check", "cnrs-amsud-2026", *alone], out=io.StringIO(),
                        err=io.StringIO())
            assert code == 2


class TestMappingInWords:
    @pytest.mark.parametrize(("mapping", "shown"), [
        ({"a": 5}, "5"), ({3: "id"}, "3"), ([1, 2], None), ({"a": b"id"}, "b'id'")])
    def test_a_wrong_mapping_names_the_wrong_entry_in_four_languages(
            self, mapping: Any, shown: str | None) -> None:
        """A mapping that is not one of columns to field paths: the entry that is wrong
        named (its value as written), in the reader's language, no code token."""
        with pytest.raises(callrules.ArgumentError) as caught:
            list(callrules.records(io.StringIO("id\nA\n"), mapping=mapping))
        assert caught.value.words is not None
        for lang in LANGS:
            said = words_said(caught.value.words, lang)
            assert shown is None or shown in said
            assert not re.search(r"\b[a-z]+_[a-z_]+\b|\bdict\b|\bNone\b", said), said
        assert shown is None or shown in str(caught.value)


def test_a_failure_of_the_library_s_own_reading_of_a_plain_record_is_a_crash() -> None:
    """A plain record (a ``dict``, a text) runs none of the caller's code: a failure while
    the library reads it is the library's own, raised as it is (the command line's exit 70),
    never said as the caller's record failing (``given_failed``)."""
    from unittest import mock

    from callrules import _form

    call = callrules.calls.load("cnrs-amsud-2026")
    for record in ({"id": "x"}, '{"id": "x"}'):
        with mock.patch.object(_form.Form, "parse", side_effect=ZeroDivisionError("ours")), \
                pytest.raises(ZeroDivisionError):
            list(callrules.evaluate_many(call, [record]))


@pytest.mark.parametrize("error", [
    callrules.DefinitionError("call broken", code="bad_call"),
    callrules.ArgumentError("misused", code="bad_argument")])
@pytest.mark.parametrize("holder", [dict, OrderedDict])
def test_the_library_s_own_typed_error_passes_through_whatever_the_record_holds(
        error: Exception, holder: type) -> None:
    """The library's own typed error (a broken call, a misuse) while it reads a record is
    raised as it is, a record of the caller's kind (an ``OrderedDict``) as a plain ``dict``:
    never said as that record failing (``given_failed``), once for every record (look76b
    F1: 3 in, 3 ``given_failed`` for an ``OrderedDict``, raised for a ``dict``)."""
    from unittest import mock

    from callrules import _form

    record = holder(copy.deepcopy(ELIGIBLE))
    with mock.patch.object(_form.Form, "parse", side_effect=error), \
            pytest.raises(type(error)):
        list(callrules.evaluate_many(CALL, [record] * 3, now=NOW, progress=False))


class _RaisingMapping(Mapping[str, Any]):
    """A mapping of the caller's whose every reading raises ``failure``."""

    def __init__(self, failure: Exception) -> None:
        self.failure = failure

    def __getitem__(self, key: str) -> Any:
        raise self.failure

    def __iter__(self) -> Iterator[str]:
        raise self.failure

    def __len__(self) -> int:
        return 3


class _RaisingSequence(Sequence[Any]):
    """A sequence of the caller's whose every reading raises ``failure``."""

    def __init__(self, failure: Exception) -> None:
        self.failure = failure

    def __getitem__(self, index: Any) -> Any:
        raise self.failure

    def __iter__(self) -> Iterator[Any]:
        raise self.failure

    def __len__(self) -> int:
        return 2


class _RaisingNumber(Decimal):
    """A number of the caller's whose conversions and comparisons raise."""

    failure: Exception = RuntimeError("number")

    def _raise(self, *args: Any) -> Any:
        raise self.failure

    __str__ = __repr__ = __format__ = __float__ = __int__ = __eq__ = __lt__ = _raise
    __le__ = __gt__ = __ge__ = __hash__ = __bool__ = as_tuple = is_finite = _raise


class _RaisingText(str):
    """A text of the caller's whose own methods raise (its length, items, text, equality)."""

    failure: Exception = RuntimeError("text")

    def _raise(self, *args: Any) -> Any:
        raise self.failure

    __len__ = __getitem__ = __iter__ = __str__ = __repr__ = __format__ = _raise
    __eq__ = __hash__ = __contains__ = encode = strip = startswith = _raise


class _RaisingFloat(float):
    """A number of the caller's that cannot be written as text: the library's own refusal of
    it, an ``ArgumentError`` of the problem that would show it, lost the batch (bat76)."""

    failure: Exception = RuntimeError("float")

    def _raise(self, *args: Any) -> Any:
        raise self.failure

    __str__ = __repr__ = __format__ = _raise


class _Proxy:
    """A lazy proxy of the caller's outside its context (werkzeug's ``LocalProxy``,
    Django's ``SimpleLazyObject``): asked for its ``__class__`` (as ``isinstance`` does)
    or any attribute, it raises."""

    def __init__(self, failure: Exception) -> None:
        object.__setattr__(self, "_failure", failure)

    @property  # type: ignore[misc]
    def __class__(self) -> Any:
        raise object.__getattribute__(self, "_failure")

    def __getattr__(self, name: str) -> Any:
        raise object.__getattribute__(self, "_failure")


def _places(value: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) of ``value``, a plain record, nested at any depth."""
    out: list[tuple[Any, Any]] = []
    stack = [value]
    while stack:
        item = stack.pop()
        keys = (item.keys() if isinstance(item, dict) else range(len(item))
                if isinstance(item, list) else ())
        for key in keys:
            out.append((item, key))
            stack.append(item[key])
    return out


def _raising(kind: str, failure: Exception) -> Any:
    if kind in ("number", "text", "float"):
        value = {"number": _RaisingNumber, "text": _RaisingText,
                 "float": _RaisingFloat}[kind]("1")
        value.failure = failure
        return value
    return {"mapping": _RaisingMapping, "sequence": _RaisingSequence,
            "proxy": _Proxy}[kind](failure)


ELIGIBLE = json.loads(Path("examples/eligible.json").read_text("utf-8"))


class TestAFailureAtAnyDepth:
    @settings(max_examples=60, deadline=None)
    @given(data=st.data(), kind=st.sampled_from(["mapping", "sequence", "number", "text",
                                                 "float", "proxy"]),
           failure=st.sampled_from(FAILURES), way=st.sampled_from(sorted(WAYS)))
    def test_a_record_whose_part_raises_is_its_own_problem_the_others_checked(
            self, data: st.DataObject, kind: str, failure: Callable[[], Exception],
            way: str) -> None:
        """A record of plain dicts and lists holding, at any place, or being, a mapping, a
        sequence, a number, a text or a lazy proxy of the caller's whose reading raises
        anything: N in, N out, that record's result an input problem (``given_failed`` when
        the reading failed), the others judged as without it (att82 F1: 3 in, 0 out, the
        caller's ``RuntimeError``; bat76: a text whose ``len`` raises, a number whose
        ``repr`` raises, a proxy whose ``__class__`` raises, each 3 in, 0 out)."""
        record: Any = copy.deepcopy(ELIGIBLE)
        place = data.draw(st.none() | st.sampled_from(_places(record)))
        if place is None:  # (the record itself)
            record = _raising(kind, failure())
        else:
            container, key = place
            container[key] = _raising(kind, failure())
        pair = WAYS[way]([ELIGIBLE, ELIGIBLE])  # (the batch without it)
        items = WAYS[way]([ELIGIBLE, record, ELIGIBLE])
        assert len(items) == 3
        for item, alone in zip((items[0], items[2]), pair, strict=True):
            assert item.error is None and item.report.eligible == alone.report.eligible
        bad = items[1]
        assert bad.report is not None or isinstance(bad.error, callrules.InputError)
        if isinstance(bad.error, callrules.InputError) and callrules._given.failed_given(
                bad.error):
            assert_said(bad.error)


class _Role(enum.StrEnum):
    PROFESSOR = "professor"


class _Text(str):
    def __repr__(self) -> str:
        raise RuntimeError("repr")


class _Float(float):
    def __repr__(self) -> str:
        raise RuntimeError("repr")


class _Whole(int):
    def __repr__(self) -> str:
        raise RuntimeError("repr")


@pytest.mark.parametrize(("place", "value", "plain"), [
    (("visitors", 0, "stay", "arrival"), _Text("14/09/2026"), "14/09/2026"),
    (("documents", 1, "pages"), _Float(2.5), 2.5),
    (("host", "role"), _Role.PROFESSOR, "professor"),
    (("visitors", 0, "stay", "arrival"), _Whole(14), 14)],
    ids=["text", "float", "str_enum", "whole"])  # (ids: their repr raises)
def test_a_wrong_value_of_a_subclass_is_kept_as_its_plain_copy(
        place: tuple[Any, ...], value: Any, plain: Any) -> None:
    """A wrong value of a subclass of text, whole number or float (numpy's ``str_`` and
    ``float64``, a ``StrEnum``, a class whose ``repr`` raises) is the problem's ``input``
    as its plain copy, of exactly the plain type: what it holds kept, none of its class's
    code kept to run when shown (look76b F3: ``input`` None for each)."""
    record: Any = copy.deepcopy(ELIGIBLE)
    container = record
    for step in place[:-1]:
        container = container[step]
    container[place[-1]] = value
    (item,) = evaluate_many(CALL, [record], now=NOW, progress=False)
    assert item.error is not None
    (problem,) = [p for p in item.error.problems if tuple(p.loc) == place]
    assert problem.input == plain and type(problem.input) is type(plain)
