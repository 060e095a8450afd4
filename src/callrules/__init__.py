"""callrules: is an application to a research-funding call eligible, and why?

>>> import callrules
>>> call = callrules.calls.load("cnrs-amsud-2026")
>>> call.currency
'EUR'
"""

from callrules import calls, rules
from callrules._call import Call, Clause
from callrules._evaluate import (
    Evaluation,
    evaluate,
    evaluate_many,
    evaluate_stream,
    parse_application,
)
from callrules._i18n import languages, register_catalogs
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
from callrules.exceptions import (
    CallrulesError,
    CurrencyMismatchError,
    DefinitionError,
    InputError,
    InputProblem,
    MissingExchangeRateError,
    TimeError,
    UnknownCallError,
)

__version__ = "0.1.0"

__all__ = [
    "Application",
    "Approval",
    "BatchItem",
    "BatchResult",
    "Budget",
    "BudgetLine",
    "Call",
    "CallrulesError",
    "Clause",
    "CurrencyMismatchError",
    "DefinitionError",
    "Document",
    "Evaluation",
    "ExchangeRate",
    "Finding",
    "Host",
    "InputError",
    "InputProblem",
    "Institution",
    "Location",
    "Milestone",
    "MissingExchangeRateError",
    "Money",
    "Person",
    "Phase",
    "Replay",
    "Report",
    "Severity",
    "Stay",
    "TimeError",
    "Unit",
    "UnknownCallError",
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
    "records",
    "records_from_csv",
    "register_catalogs",
    "replay",
    "rules",
    "suggest_zone",
    "time_left",
]
