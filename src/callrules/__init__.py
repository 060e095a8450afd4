"""callrules: is an application to a research-funding call eligible, and why?

>>> import callrules
>>> call = callrules.calls.load("cnrs-amsud-2026")
>>> call.currency
'EUR'
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from callrules.exceptions import (
    ArgumentError,
    BatchStateError,
    CallrulesError,
    CurrencyMismatchError,
    DefinitionError,
    InputError,
    InputProblem,
    KeysUnreadableError,
    MissingExchangeRateError,
    NoRateError,
    NoRoomError,
    NotAFolderError,
    TimeError,
    UnknownCallError,
    UnknownIdError,
)

if TYPE_CHECKING:
    from callrules import calls, rules
    from callrules._call import Call, Clause
    from callrules._evaluate import (
        Evaluation,
        evaluate,
        evaluate_many,
        evaluate_stream,
        parse_application,
    )
    from callrules._i18n import languages, register_catalogs, set_language
    from callrules._models import (
        Application,
        Approval,
        Budget,
        BudgetLine,
        Document,
        ExchangeRate,
        Host,
        Institution,
        Location,
        Person,
        Stay,
        Unit,
        Visitor,
    )
    from callrules._money import Money
    from callrules._record import Replay, decision_record, replay
    from callrules._report import BatchItem, BatchResult, Finding, Report, Severity
    from callrules._schema import schema
    from callrules._sources import records, records_from_csv
    from callrules._time import (
        Milestone,
        Phase,
        ZoneSuggestion,
        parse_instant,
        phase_at,
        suggest_zone,
        time_left,
    )
    from callrules.budget.splits import split
    from callrules.planning.planner import plan
    from callrules.planning.result import BudgetPlan, PlannedLine
    from callrules.selection.criteria import (
        Criterion,
        PortfolioLimit,
        Scale,
        SelectionRules,
        selection_rules,
    )
    from callrules.selection.frame import selection_frame
    from callrules.selection.ranking import select
    from callrules.selection.record import SelectionReplay, replay_selection, selection_record
    from callrules.selection.render import (
        problem_text,
        reason_text,
        selection_html,
        selection_text,
    )
    from callrules.selection.result import Decision, Reason, Selection, SelectionEntry
    from callrules.selection.scores import ScoreProblem, ScoreRow, ScoreSheet, read_scores

__version__ = "0.1.0"

__all__ = [
    "Application",
    "Approval",
    "ArgumentError",
    "BatchItem",
    "BatchResult",
    "BatchStateError",
    "Budget",
    "BudgetLine",
    "BudgetPlan",
    "Call",
    "CallrulesError",
    "Clause",
    "Criterion",
    "CurrencyMismatchError",
    "Decision",
    "DefinitionError",
    "Document",
    "Evaluation",
    "ExchangeRate",
    "Finding",
    "Host",
    "InputError",
    "InputProblem",
    "Institution",
    "KeysUnreadableError",
    "Location",
    "Milestone",
    "MissingExchangeRateError",
    "Money",
    "NoRateError",
    "NoRoomError",
    "NotAFolderError",
    "Person",
    "Phase",
    "PlannedLine",
    "PortfolioLimit",
    "Reason",
    "Replay",
    "Report",
    "Scale",
    "ScoreProblem",
    "ScoreRow",
    "ScoreSheet",
    "Selection",
    "SelectionEntry",
    "SelectionReplay",
    "SelectionRules",
    "Severity",
    "Stay",
    "TimeError",
    "Unit",
    "UnknownCallError",
    "UnknownIdError",
    "Visitor",
    "ZoneSuggestion",
    "__version__",
    "calls",
    "decision_record",
    "evaluate",
    "evaluate_many",
    "evaluate_stream",
    "languages",
    "parse_application",
    "parse_instant",
    "phase_at",
    "plan",
    "problem_text",
    "read_scores",
    "reason_text",
    "records",
    "records_from_csv",
    "register_catalogs",
    "replay",
    "replay_selection",
    "rules",
    "schema",
    "select",
    "selection_frame",
    "selection_html",
    "selection_record",
    "selection_rules",
    "selection_text",
    "set_language",
    "split",
    "suggest_zone",
    "time_left",
]


#: Where each public name lives. They are imported on first use (PEP 562), so that
#: ``import callrules`` stays light: pydantic, babel, pycountry and dateutil load when needed.
_LAZY = {
    "calls": "callrules.calls", "rules": "callrules.rules",
    "Call": "callrules._call", "Clause": "callrules._call",
    "Evaluation": "callrules._evaluate", "evaluate": "callrules._evaluate",
    "evaluate_many": "callrules._evaluate", "evaluate_stream": "callrules._evaluate",
    "parse_application": "callrules._evaluate",
    "languages": "callrules._i18n", "register_catalogs": "callrules._i18n",
    "set_language": "callrules._i18n",
    "Application": "callrules._models", "Approval": "callrules._models",
    "Budget": "callrules._models", "BudgetLine": "callrules._models",
    "Document": "callrules._models", "ExchangeRate": "callrules._models",
    "Host": "callrules._models", "Institution": "callrules._models",
    "Location": "callrules._models", "Person": "callrules._models",
    "Stay": "callrules._models", "Unit": "callrules._models", "Visitor": "callrules._models",
    "Money": "callrules._money",
    "split": "callrules.budget.splits",
    "Replay": "callrules._record", "decision_record": "callrules._record",
    "replay": "callrules._record",
    "BatchItem": "callrules._report", "BatchResult": "callrules._report",
    "Finding": "callrules._report", "Report": "callrules._report",
    "Severity": "callrules._report",
    "schema": "callrules._schema",
    "records": "callrules._sources", "records_from_csv": "callrules._sources",
    "Milestone": "callrules._time", "Phase": "callrules._time",
    "ZoneSuggestion": "callrules._time", "parse_instant": "callrules._time",
    "phase_at": "callrules._time", "suggest_zone": "callrules._time",
    "time_left": "callrules._time",
    # selection: criteria, scores, ranking and the envelope
    "Criterion": "callrules.selection.criteria",
    "PortfolioLimit": "callrules.selection.criteria", "Scale": "callrules.selection.criteria",
    "SelectionRules": "callrules.selection.criteria",
    "selection_rules": "callrules.selection.criteria",
    "selection_frame": "callrules.selection.frame",
    "select": "callrules.selection.ranking",
    "SelectionReplay": "callrules.selection.record",
    "replay_selection": "callrules.selection.record",
    "selection_record": "callrules.selection.record",
    "problem_text": "callrules.selection.render", "reason_text": "callrules.selection.render",
    "selection_html": "callrules.selection.render",
    "selection_text": "callrules.selection.render",
    "Decision": "callrules.selection.result", "Reason": "callrules.selection.result",
    "Selection": "callrules.selection.result", "SelectionEntry": "callrules.selection.result",
    "ScoreProblem": "callrules.selection.scores", "ScoreRow": "callrules.selection.scores",
    "ScoreSheet": "callrules.selection.scores", "read_scores": "callrules.selection.scores",
    # the budget planner
    "plan": "callrules.planning.planner", "BudgetPlan": "callrules.planning.result",
    "PlannedLine": "callrules.planning.result",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'callrules' has no attribute {name!r}")
    # The first public name also loads the presentation layer, which installs the renderings
    # of reports and calls into the data (``callrules._renderings``): data never imports it.
    import_module("callrules._present")
    target = import_module(module)
    value = target if module.endswith("." + name) else getattr(target, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
