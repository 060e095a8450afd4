"""A write that fails (a full disk) is told by naming what was being written, in the reader's
language, with exit code 2: never "None: No space left on device", never a traceback."""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path

import pytest

from callrules import _writes
from callrules._cli import main

EXAMPLE = "examples/eligible.json"
TARGETS = {"en": "the standard output", "fr": "la sortie standard",
           "es": "la salida estándar", "pt": "a saída padrão"}


class FullDisk(io.StringIO):
    """Standard output on a full disk: every write (or flush) fails without a file name."""

    def __init__(self, after: int = 0) -> None:
        super().__init__()
        self.after = after

    def write(self, text: str) -> int:
        if self.tell() + len(text) > self.after:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return super().write(text)


COMMANDS = [
    ["check", "cnrs-amsud-2026", EXAMPLE],
    ["check", "cnrs-amsud-2026", EXAMPLE, "--format", "json"],
    ["check", "cnrs-amsud-2026", EXAMPLE, "--format", "jsonl"],
    ["check", "cnrs-amsud-2026", EXAMPLE, "--format", "csv"],
    ["show", "cnrs-amsud-2026"],
    ["calls"],
    ["schema", "application"],
]


class TestAFullDisk:
    @pytest.mark.parametrize("lang", sorted(TARGETS))
    @pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
    @pytest.mark.parametrize("after", [0, 40])
    def test_standard_output_is_named_in_the_reader_s_language(
            self, command: list[str], lang: str, after: int) -> None:
        """Any command, any language, failing at the first byte or later: exit 2 and one
        line naming the standard output in words."""
        err = io.StringIO()
        args = [*command, "--lang", lang] if command[0] in ("check", "show") else command
        assert main(args, out=FullDisk(after), err=err) == 2
        text = err.getvalue()
        if command[0] in ("check", "show"):
            assert TARGETS[lang] in text, text
        else:
            assert "the standard output" in text, text
        assert "None" not in text and "Traceback" not in text
        assert text.count("\n") == 1

    def test_a_record_file_on_a_full_disk_is_named(self, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
        """A record file on a full disk (each write "No space left on device"): the record
        file is named, exit 2. (``/dev/full``, which showed it, is no regular file: a record
        is refused there before anything is read, ``output_not_a_file``.)"""
        target = tmp_path / "records.jsonl"
        real_open = open

        class Full(io.StringIO):
            def write(self, text: str) -> int:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def full_open(file: object, *args: object, **kwargs: object) -> object:
            if isinstance(file, int):  # the file written beside the target, then renamed
                os.close(file)
                return Full()
            return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

        monkeypatch.setattr(_writes, "open", full_open, raising=False)
        err = io.StringIO()
        code = main(["check", "cnrs-amsud-2026", EXAMPLE, "--record", str(target),
                     "--lang", "fr"], out=io.StringIO(), err=err)
        assert code == 2
        assert f"Impossible d’écrire dans {target}\u202f: " in err.getvalue()
        assert list(tmp_path.iterdir()) == []  # nothing half written left behind

    def test_a_file_that_cannot_be_opened_keeps_its_own_name(self, tmp_path: Path) -> None:
        """An error that names its file (a folder given as the record file) says that
        name, as before."""
        err = io.StringIO()
        code = main(["check", "cnrs-amsud-2026", EXAMPLE, "--record", str(tmp_path)],
                    out=io.StringIO(), err=err)
        assert code == 2
        assert str(tmp_path) in err.getvalue() and "None" not in err.getvalue()
