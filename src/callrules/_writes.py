"""Where a command writes a file of its own, and what a failed write was writing.

A command's output file (``--record``) is never one of its inputs: the same file as one
given or one in a folder given (by device and inode, so through a symbolic or a hard link
too), the file standard input reads when it is an input (``-``: ``< apps.jsonl``, however
the output names it: ``/dev/stdin``, ``/dev/fd/0``), or a new file directly inside a folder
given as input (which the next run would
read as an application), is refused before anything is read or written
(:class:`~callrules.ArgumentError`, ``output_is_input``); nor is it the standard output or
error itself (``output_is_output``: the records would cover or spoil what is printed), nor
something that is not a regular file (``output_not_a_file``: a pipe no one reads would hang
the command).

An error that names no file (a full disk while writing to the standard output, or to a
file already open) is given the name of its target, so that the command line says "cannot
write to decisions.jsonl: No space left on device", never "None".

A file of records is written whole or not at all (:func:`replacing`): into a temporary file
beside it, renamed over it when the run ends; a run stopped by a signal (SIGTERM, SIGHUP,
Ctrl-C) or by an error removes the temporary file and leaves the file as it was."""

from __future__ import annotations

import io
import os
import secrets
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

from callrules._i18n import phrase_sentence
from callrules._loading import names_standard_input
from callrules._safe import terminal
from callrules._signals import check
from callrules.exceptions import ArgumentError, CallrulesError

__all__ = ["WriteError", "refuse_input", "refuse_output", "replacing", "writing"]

_T = TypeVar("_T")


class WriteError(OSError):
    """Writing ``filename`` failed: a file, or the standard output in words."""


@contextmanager
def writing(target: str) -> Iterator[None]:
    """Name ``target`` (a file, or the standard output in words) in an error that does not
    name what was being written (a full disk: "No space left on device"), and say that an
    error opening ``target`` itself (a folder that does not exist) was one of writing, not
    of reading. A typed error
    that is also an :class:`OSError` (a folder that is not one) is not about writing: it
    passes as it is."""
    try:
        yield
    except (BrokenPipeError, WriteError, CallrulesError):
        raise
    except OSError as exc:
        if exc.filename is not None and str(exc.filename) != target:
            raise  # another file, read while writing: said as it is
        raise WriteError(exc.errno, exc.strerror or str(exc), target) from exc


@contextmanager
def replacing(target: str) -> Iterator[Callable[[str], None]]:
    """A function writing text to ``target`` whole or not at all: the text goes to a
    temporary file beside it (created at the first write: a run that writes nothing leaves
    ``target`` as it was), renamed over ``target`` when the block ends without an error; a
    signal (:class:`BaseException`: Ctrl-C, SIGTERM or SIGHUP unwinding) or an error removes
    the temporary file, ``target`` left as it was. A symbolic link's file is replaced, the
    link kept; an existing file's permissions are kept. Errors name ``target``."""
    place = os.path.realpath(target) if os.path.islink(target) else target
    opened: list[tuple[str, io.TextIOWrapper]] = []

    def write(text: str) -> None:
        if not opened:
            opened.append(_beside(place, target))
        opened[0][1].write(text)

    try:
        with writing(target):
            yield write
            if opened:
                temporary, handle = opened[0]
                handle.close()  # written out: a full disk says so here, naming ``target``
                check()  # a signal a library's code swallowed: never put in place
                _named(target, os.replace, temporary, place)
                opened.clear()
    finally:
        for _, handle in opened:  # not renamed over ``target``: removed
            with suppress(OSError):  # a full disk: the file is removed all the same
                handle.close()
        _removed(name for name, _ in opened)


def _removed(files: Iterable[str]) -> None:
    """Remove each of ``files`` that is still there."""
    for name in files:
        with suppress(OSError):
            os.unlink(name)


def _beside(place: str, target: str) -> tuple[str, io.TextIOWrapper]:
    """A new temporary file in the folder of ``place``, open for writing text, with the
    permissions of the file at ``place`` if there is one (errors naming ``target``)."""
    folder = os.path.dirname(place) or "."
    temporary = os.path.join(folder, f".callrules-{secrets.token_hex(6)}.part")
    descriptor = _named(target, os.open, temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL,
                        0o666)
    try:
        with suppress(FileNotFoundError):  # a new file: the permissions the umask gives
            os.chmod(temporary, stat.S_IMODE(os.stat(place).st_mode))
        return temporary, open(descriptor, "w", encoding="utf-8")
    except BaseException:
        os.close(descriptor)
        os.unlink(temporary)
        raise


def _named(target: str, action: Callable[..., _T], *args: object) -> _T:
    """``action(*args)``, an error it raises naming ``target`` (not the temporary file)."""
    try:
        return action(*args)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror or str(exc), target) from exc


def _identity(path: str | Path) -> tuple[int, int, bool] | None:
    """The device, inode and whether it is a folder of what ``path`` names (links
    followed), or None if nothing can be found there."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):  # nothing there, a NUL in the name, a name too long
        return None
    return found.st_dev, found.st_ino, stat.S_ISDIR(found.st_mode)


def _entries(folder: str) -> list[Path]:
    """The entries of ``folder`` (none if it cannot be listed)."""
    try:
        return list(Path(folder).iterdir())
    except OSError:
        return []


def refuse_input(output: str, inputs: Iterable[str | None], lang: str | None,
                 stdin: object = None) -> None:
    """Refuse (:class:`~callrules.ArgumentError`, ``output_is_input``, in ``lang``) to
    write ``output`` if it is one of ``inputs`` or of the files of a folder among them (the
    same file, through any link), the file or pipe standard input is open on when ``-`` (or
    any name of standard input: :func:`callrules._loading.names_standard_input`) is
    among them (descriptor 0, and that of ``stdin``, the stream the command reads, if it has
    one), or a new file directly inside such a folder; what does not exist is no input."""
    inputs = list(inputs)
    named = [name for name in inputs if name is not None and name != "-"]
    given = [_identity(name) for name in named]
    folders = {found[:2] for found in given if found is not None and found[2]}
    inside = [_identity(entry) for name, found in zip(named, given, strict=True)
              if found is not None and found[2] for entry in _entries(name)]
    files = {found[:2] for found in given + inside if found is not None}
    if any(name == "-" or (isinstance(name, str) and names_standard_input(name))
           for name in inputs):  # what standard input reads is an input too, whatever names
        # it (``/dev/fd/00`` too, which the system does not know but which reads it)
        files |= {found for found in (_stream_identity(0), _stream_identity(
            _descriptor(stdin))) if found is not None}
    target = _identity(output)
    try:
        parent = _identity(Path(output).resolve().parent)
    except (OSError, ValueError, RuntimeError):  # a loop of links: opening it says so
        parent = None
    if (target is not None and target[:2] in files) or (
            parent is not None and parent[:2] in folders):
        raise _refusal("output_is_input", output, lang)
    refuse_output(output, lang)


def _descriptor(stream: object) -> int | None:
    """The descriptor ``stream`` reads (None for a stream in memory, or one closed)."""
    try:
        number = stream.fileno()  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return None
    return number if isinstance(number, int) else None


def _stream_identity(descriptor: int | None) -> tuple[int, int] | None:
    """The device and inode of what the descriptor is open on (None if it is closed)."""
    if descriptor is None:
        return None
    try:
        found = os.fstat(descriptor)
    except (OSError, ValueError):
        return None
    return found.st_dev, found.st_ino


def refuse_output(output: str, lang: str | None) -> None:
    """Refuse (:class:`~callrules.ArgumentError`, in ``lang``) to write a file of the
    command's own at ``output`` when it is the standard output or error itself (the same
    file or pipe, ``/dev/stdout``, by device and inode: what is written there would cover,
    or be mixed into, what the command prints: ``output_is_output``), or something there
    that is not a regular file (a pipe no one may read, which would hang the command; a
    device; a folder: ``output_not_a_file``). What does not exist yet is written. ``-``,
    which names standard output wherever the command line writes, is ``output_is_output``
    too, never a file of that name (``./-`` names one)."""
    if output == "-":
        raise _refusal("output_is_output", output, lang)
    try:
        found = os.stat(output)
    except (OSError, ValueError):  # nothing there (written), a name that cannot be: said
        return                      # when it is opened
    if (found.st_dev, found.st_ino) in {_stream_identity(1), _stream_identity(2)}:
        raise _refusal("output_is_output", output, lang)
    if not stat.S_ISREG(found.st_mode):
        raise _refusal("output_not_a_file", output, lang)


def _refusal(code: str, output: str, lang: str | None) -> ArgumentError:
    """The refusal ``code`` of writing to ``output``, in ``lang``."""
    said = {"output": terminal(output)}
    return ArgumentError(phrase_sentence(code, lang, **said), code=code, words=(code, said))
