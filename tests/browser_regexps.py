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
