"""What a failed write was writing: an error that names no file (a full disk while writing to
the standard output, or to a file already open) is given the name of its target, so that the
command line says "cannot write to decisions.jsonl: No space left on device", never "None"."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["WriteError", "writing"]


class WriteError(OSError):
    """Writing ``filename`` failed: a file, or the standard output in words."""


@contextmanager
def writing(target: str) -> Iterator[None]:
    """Name ``target`` (a file, or the standard output in words) in an error that does not
    name what was being written (a full disk: "No space left on device")."""
    try:
        yield
    except (BrokenPipeError, WriteError):
        raise
    except OSError as exc:
        if exc.filename is not None:
            raise
        raise WriteError(exc.errno, exc.strerror or str(exc), target) from exc
