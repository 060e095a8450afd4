"""The slot where the presentation layer installs its renderings.

Reports, findings, input problems and calls are data: they never import the modules that put
them into words (``_wording``, ``_text``, ``_html``, ``_tables``, ``_checklist``). Those
modules import the data; ``callrules._present`` gathers them and installs them here (the
package loads it with its first public name, ``callrules.evaluate``…), and a data object's
``message()``, ``render()``, ``html()``, ``_repr_html_()``… call through this slot. So every
import points one way, and nothing is imported inside a function to hide a cycle.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from pathlib import Path

    from callrules._report import BatchItem, BatchResult, Finding, Report
    from callrules.exceptions import CallrulesError, InputProblem

__all__ = ["Renderings", "install", "renderings"]


class Renderings(Protocol):
    """What the presentation layer provides (``locale=None`` is the session's language)."""

    def languages(self) -> tuple[str, ...]:
        """The languages the library's own words are translated into."""

    def finding(self, finding: Finding, locale: str | None, zone: str | None) -> str:
        """A finding's message."""

    def problem(self, problem: InputProblem, locale: str | None) -> str:
        """An input problem's message."""

    def holes(self, finding: Finding) -> tuple[frozenset[str], frozenset[str]]:
        """The placeholders of a finding's own wordings, and of the library's sentence for
        it, that the finding does not fill (each would read ``?``)."""

    def report_finding(self, report: Report, finding: Finding, locale: str | None,
                       zone: str | None) -> str:
        """A finding's message, with its report's call labels and application names."""

    def phrase(self, key: str, locale: str | None, **values: object) -> str:
        """One of the library's phrases, in ``locale``'s language, filled with ``values``."""

    def error(self, error: CallrulesError, locale: str | None) -> str:
        """An error in ``locale``'s language (:meth:`CallrulesError.message_in`)."""

    def report_text(self, report: Report, locale: str | None, zone: str | None) -> str:
        """A report as text."""

    def item_text(self, item: BatchItem, locale: str | None, zone: str | None) -> str:
        """A record of a batch as text."""

    def record_language(self, item: BatchItem, locale: str | None) -> str | None:
        """The language a record that could not be read is said in for ``locale`` (one of
        its call's own languages too); None stays None (the session's)."""

    def report_html(self, report: Report, locale: str | None, zone: str | None) -> str:
        """A report as an HTML fragment."""

    def batch_html(self, result: BatchResult, locale: str | None) -> str:
        """A batch as an HTML fragment."""

    def batch_rows(self, result: BatchResult, locale: str | None) -> list[dict[str, object]]:
        """A batch as rows with labelled columns."""

    def batch_dataframe(self, result: BatchResult, locale: str | None) -> Any:
        """A batch as a pandas DataFrame."""

    def batch_xlsx(self, result: BatchResult, path: str | Path, locale: str | None) -> None:
        """A batch as an Excel workbook."""

    def checklist(self, call: Any, locale: str | None, format: str, zone: str | None,
                  audience: str) -> str:
        """A call's checklist."""

    def progress(self, total: int | None) -> Any:
        """A progress bar: an object with ``update(n)`` and ``close()``."""

    def plan_text(self, plan: Any, locale: str | None) -> str:
        """A budget plan as text."""

    def plan_html(self, plan: Any, locale: str | None) -> str:
        """A budget plan as an HTML fragment."""

    def plan_line_label(self, plan: Any, line: Any, locale: str | None) -> str:
        """A planned line's label, from the call's template."""

    def plan_line_explanation(self, plan: Any, line: Any, locale: str | None) -> str:
        """How a planned line's amount comes about."""

    def plan_trim(self, plan: Any, trim: Any, locale: str | None) -> str:
        """Which line a plan trimmed, by how much and why."""

    def plan_left_out(self, plan: Any, left: Any, locale: str | None) -> str:
        """Which line of the application a plan left out, and why."""

    def plan_minimum(self, plan: Any, minimum: Any, locale: str | None) -> str:
        """Which minimum of the call's rules a plan's trims stopped at, and where."""


_INSTALLED: list[Renderings] = []


def install(implementation: Renderings) -> None:
    """Install the renderings (``callrules._present`` does, when the package loads)."""
    _INSTALLED[:] = [implementation]


def renderings() -> Renderings:
    """The installed renderings."""
    if not _INSTALLED:
        # the package's first public name installs them; a report read back from a pickle,
        # in a process that named none yet, has them installed now, as that name would
        import_module("callrules._present")
    if not _INSTALLED:  # pragma: no cover - importing the presentation installs them
        raise RuntimeError("callrules renderings are not installed: use callrules.<name>, or "
                           "import callrules._present")
    return _INSTALLED[0]
