"""``calls.load`` given a file's path (a ``Path``, any path-like) says the path as written
and that it is a path, not a call's id, in each language: never Python's ``PosixPath('…')``."""

from __future__ import annotations

from pathlib import Path

import pytest

import callrules
from callrules._i18n import words_said


@pytest.mark.parametrize("lang", ["en", "fr", "es", "pt"])
def test_a_path_given_as_a_call_id_is_said_as_a_path(lang: str, tmp_path: Path) -> None:
    """The words quote the path as text, with no repr, and say it is a file's path."""
    path = tmp_path / "mycall.toml"
    with pytest.raises(callrules.UnknownCallError) as caught:
        callrules.calls.load(path)  # type: ignore[arg-type]
    assert caught.value.words is not None
    said = words_said(caught.value.words, lang)
    assert str(path) in said and "PosixPath" not in said and "Path(" not in said, said
    assert "PosixPath" not in str(caught.value)
