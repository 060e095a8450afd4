"""A ``given_failed`` problem keeps what the caller needs of its cause across processes
(Dask's ``processes`` scheduler, pickling): the caller's exception itself when it can be
pickled, else its kind and its text (:class:`callrules.exceptions.CauseAsText`)."""

from __future__ import annotations

import pickle
import threading
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

import callrules
from callrules.exceptions import CAUSE_TEXT, CauseAsText, InputError, InputProblem
from tests.conftest import eligible_dict

NOW = callrules.parse_instant("2026-06-01T10:00:00+02:00")


class Unpicklable(Exception):
    """A caller's exception holding a lock: it cannot be pickled."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.lock = threading.Lock()


class Refusing(Mapping[str, Any]):
    """A record of the caller's class whose keys fail with ``kind``."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __getitem__(self, key: str) -> Any:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        if self.kind == "lock":
            raise Unpicklable("the database connection was lost")
        raise PermissionError("access to the record was denied")

    def __len__(self) -> int:
        return 1


def with_cause(cause: BaseException) -> InputError:
    error = InputError([InputProblem((), "given_failed", "what was given failed")])
    error.__cause__ = cause
    return error


class TestPickledCauses:
    def test_a_cause_that_pickles_comes_back_itself(self) -> None:
        """A builtin exception as the cause: the same kind and text after pickling."""
        back = pickle.loads(pickle.dumps(with_cause(PermissionError("denied"))))
        assert isinstance(back.__cause__, PermissionError)
        assert str(back.__cause__) == "denied"
        assert [p.type for p in back.problems] == ["given_failed"]

    def test_a_cause_that_cannot_be_pickled_comes_back_as_its_kind_and_text(self) -> None:
        """A cause holding a lock (or whose class the other side cannot import): its kind
        (module and qualified name) and its text, cut at ``CAUSE_TEXT`` characters."""
        back = pickle.loads(pickle.dumps(with_cause(Unpicklable("x" * (CAUSE_TEXT + 10)))))
        assert isinstance(back.__cause__, CauseAsText)
        assert back.__cause__.kind == f"{__name__}.Unpicklable"
        assert back.__cause__.text == "x" * CAUSE_TEXT
        assert str(back.__cause__).startswith(f"{__name__}.Unpicklable: xxx")

    def test_a_cause_whose_str_raises_is_its_kind_alone(self) -> None:
        """A cause whose ``__str__`` raises, unpicklable: its kind, no text, no exception."""
        class Mute(Unpicklable):
            def __str__(self) -> str:
                raise RuntimeError("no words")
        back = pickle.loads(pickle.dumps(with_cause(Mute("x"))))
        assert isinstance(back.__cause__, CauseAsText) and back.__cause__.text == ""
        assert str(back.__cause__) == back.__cause__.kind

    def test_an_error_without_a_cause_has_none_after_pickling(self) -> None:
        """No cause before, none after."""
        assert pickle.loads(pickle.dumps(with_cause(None))).__cause__ is None  # type: ignore[arg-type]


class TestOnDaskProcesses:
    @pytest.mark.parametrize(("kind", "expected"), [
        ("denied", (PermissionError, "access to the record was denied")),
        ("lock", (CauseAsText, f"{__name__}.Unpicklable: the database connection was lost"))])
    def test_a_record_failing_in_a_worker_process_keeps_its_cause(
            self, kind: str, expected: tuple[type, str]) -> None:
        """A record of the caller's class failing in another process (Dask's ``processes``
        scheduler): its ``given_failed`` problem arrives with the failure's kind and text
        as ``__cause__``, the records beside it judged."""
        from callrules.distributed import evaluate_dask
        call = callrules.calls.load("cnrs-amsud-2026")
        records = [eligible_dict(), Refusing(kind), eligible_dict()]
        items = evaluate_dask(call, records, now=NOW, npartitions=2).compute(
            scheduler="processes", num_workers=2)
        assert [item.error is None for item in items] == [True, False, True]
        failed = items[1].error
        assert failed is not None and [p.type for p in failed.problems] == ["given_failed"]
        assert isinstance(failed.__cause__, expected[0])
        assert str(failed.__cause__) == expected[1]
