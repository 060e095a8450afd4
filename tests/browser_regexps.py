"""A browser's regular expressions, for the laws that compare them with Python's: one
headless Chromium (which CI installs, and must run: without it a law fails under CI, as the
page's tests do; elsewhere it is skipped) evaluating a script of the caller's."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@contextmanager
def evaluating(script: str) -> Iterator[Callable[[Any, Any], Any]]:
    """A function of two arguments that Chromium's ``script`` (a JavaScript function of one
    array, the two arguments) is evaluated on, in one page kept open while it is used."""
    reason: str | None = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "Playwright is not installed (pip install playwright)"
    else:
        if not Path(CHROMIUM).is_file():
            reason = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if reason is not None:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"CI must read the patterns in a browser, but: {reason}")
        pytest.skip(reason)
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM,
                                         args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        yield lambda first, second: page.evaluate(script, [first, second])
        browser.close()


#: The keywords of a schema whose value maps names (of properties, definitions…) to schemas.
_NAMING = frozenset({"properties", "$defs", "definitions", "patternProperties",
                     "dependentSchemas"})
#: The keywords whose value is data a schema lists, never a schema.
_LISTED = frozenset({"enum", "const", "examples", "default"})


def schema_patterns(node: Any, names: bool = False) -> Iterator[str]:
    """Every pattern of a schema: each ``pattern`` and each key of a ``patternProperties``,
    never a value the schema lists (an ``enum``, ``examples``), whatever a property is
    named (a field named ``default`` or ``examples`` is a schema like any other)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if names:  # (a name, its value a schema)
                yield from schema_patterns(value)
                continue
            if key == "pattern" and isinstance(value, str):
                yield value
            elif key == "patternProperties" and isinstance(value, dict):
                yield from value
            if key not in _LISTED:
                yield from schema_patterns(value, key in _NAMING)
    elif isinstance(node, list):
        for value in node:
            yield from schema_patterns(value)
