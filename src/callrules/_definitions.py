"""The call file format and the rule grammar, as pydantic models.

A rule is a tree of nodes discriminated on ``op``. The grammar is closed: these are all the
operators there are. Operands that may name a parameter, a milestone or another field are
written ``{param = "cap"}``, ``{milestone = "deadline"}`` or ``{path = "host.person.email"}``;
anything else is a literal. Types are checked by the rule language (``callrules.language``),
which knows the models.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    field_validator,
)
from pydantic_core import PydanticCustomError

from callrules._messages import CODES
from callrules._suggest import did_you_mean

__all__ = ["FIELD_TYPES", "LEVELS", "LIMITS", "OPS", "SLUG", "BudgetFile", "CallFile",
           "CriterionFile", "EnvelopeFile", "FieldSpec", "Flag", "LabelsFile", "LimitFile",
           "Node", "RuleEntry", "ScaleFile", "SelectionFile", "SelectionNumber",
           "SelectionTable", "VocabularyFile", "Whole", "check_template", "not_a_boolean",
           "template_names", "translation_hint"]


def not_a_boolean(value: Any) -> Any:
    """``value``, unless it is a boolean: ``true`` is not 1 in a call file, wherever a
    number is read (``bad_number``)."""
    if isinstance(value, bool):
        raise PydanticCustomError("bad_number", "a number is expected here, not a boolean "
                                  "({value})", {"value": str(value).lower()})
    return value


#: A whole number of a call file: never a boolean, never text (``"5"``) nor a decimal
#: (``5.0``), as the call's JSON Schema says (``integer``); pydantic's lax mode would read them.
Whole = Annotated[int, BeforeValidator(not_a_boolean), Strict()]
#: A true/false of a call file: ``true`` or ``false`` only, never ``"yes"``, ``"no"``, ``1``
#: or ``"off"`` (which pydantic's lax mode reads as booleans, silently making a field a list or
#: optional), as the call's JSON Schema says (``boolean``).
Flag = Annotated[bool, Strict()]

#: Bounds on what a call file may hold (untrusted files cannot exhaust memory or time); the
#: resource model in docs/reference/call-file.md says what happens at each.
LIMITS = {
    "file_bytes": 1_000_000,
    "depth": 32,
    "key_parts": 16,  # the parts of one dotted TOML key (a.b.c…), checked before parsing
    "keys": 100_000,  # the keys and values of a TOML file, checked before parsing
    "rules": 500,
    "nodes": 5_000,
    "set_items": 10_000,
    "parameters": 500,
    "history": 100,  # entries in one value's history
    "history_entries": 20_000,  # entries in all the histories of a call
    "template_chars": 1_000,  # one message template of a call's own wording
    "template_placeholders": 10,
    "table_keys": 4,  # the keys of one rate table (country, city, season…)
    "table_versions": 50,  # the dated versions of one rate table
    "table_rows": 5_000,  # the rows of one version of a rate table
    "rounding_unit": 1_000,  # the largest rounding unit (units of the currency: 1,000 €)
}

#: ``%(name)s`` or ``%%``; a name may start with a capital (``%(Field)s``, the field's label
#: with its first letter capital, which the library's own templates and rules' messages use).
_PLACEHOLDER = re.compile(r"%(?:%|\(([A-Za-z_][A-Za-z0-9_]{0,39})\)s)")
#: A placeholder written the way of another template language (``{name}``, ``{0}``,
#: ``{0.attr}``, ``${name}``): shown raw to the reader, the author's intent lost.
_BRACED = re.compile(r"\$?\{[^{}\s]{0,60}\}")


def template_names(text: str) -> set[str]:
    """The placeholders a template (accepted by :func:`check_template`) names.

    >>> sorted(template_names("%(rate)s × %(quantity)s (100 %%)"))
    ['quantity', 'rate']
    """
    return {m.group(1) for m in _PLACEHOLDER.finditer(text) if m.group(1) is not None}


def check_template(text: str) -> str:
    """Refuse a message template that is not plain text with ``%(name)s`` placeholders and
    ``%%``: no width, precision, flag or other conversion (``%(x)999999999s`` would make
    each message arbitrarily large), at most ``LIMITS['template_chars']`` characters and
    ``LIMITS['template_placeholders']`` placeholders.

    >>> check_template("%(value)s is over %(limit)s (100 %%)")
    '%(value)s is over %(limit)s (100 %%)'
    >>> try:
    ...     check_template("%(value)999s")
    ... except PydanticCustomError as error:
    ...     error.type
    'bad_template'
    """
    if len(text) > LIMITS["template_chars"]:
        raise PydanticCustomError("template_too_long",
                                  "a message template holds at most {limit} characters",
                                  {"limit": LIMITS["template_chars"]})
    found = list(_PLACEHOLDER.finditer(text))
    if text.count("%") != sum(2 if m.group(0) == "%%" else 1 for m in found):
        raise PydanticCustomError(
            "bad_template", "not a message template: write values as %(name)s (only %(name)s "
            "placeholders, without width or precision) and a percent sign as %%")
    braced = _BRACED.search(text)
    if braced is not None:
        raise PydanticCustomError(
            "bad_template", "{found} is not a placeholder: write a value as %(name)s, and "
            "a percent sign as %%", {"found": braced.group(0)})
    if sum(m.group(1) is not None for m in found) > LIMITS["template_placeholders"]:
        raise PydanticCustomError("bad_template",
                                  "a message template holds at most {limit} placeholders",
                                  {"limit": LIMITS["template_placeholders"]})
    return text


def _finding_code(code: str) -> str:
    if code not in CODES:
        hint = did_you_mean(code, CODES)
        raise PydanticCustomError(
            "unknown_finding_code", "'{code}' is not a finding code{hint}",
            {"code": code, "hint": f" ({hint})" if hint else ""})
    return code


def _one_kind(value: Any) -> Any:
    """A literal set whose items are all of one type (``true`` is not ``1``: a set mixing
    them would lose an item)."""
    if isinstance(value, list) and len({type(item) for item in value}) > 1:
        raise PydanticCustomError("mixed_set", "a set's items are all of one kind (all "
                                  "text, all whole numbers, all true/false…)")
    return value

#: A name a call file writes (an id, ``shared = "name"``): also a registered vocabulary's.
SLUG = r"[a-z][a-z0-9_\-]{0,63}"
Slug = Annotated[str, StringConstraints(pattern=rf"^{SLUG}$")]
Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
PathText = Annotated[str, StringConstraints(max_length=300)]
#: The letters of a language a call file names (ISO 639-1's two lower-case letters): the one
#: place the model states the rule, and the most languages it can name (26², 676: a
#: registered vocabulary's labels are bounded by it).
LANG_LETTERS = 2
LANG_PATTERN = rf"^[a-z]{{{LANG_LETTERS}}}$"
MOST_LANGUAGES = 26 ** LANG_LETTERS
Lang = Annotated[str, StringConstraints(pattern=LANG_PATTERN)]
Texts = dict[Annotated[str, StringConstraints(pattern=LANG_PATTERN)],
             Annotated[str, StringConstraints(min_length=1, max_length=5000)]]


FindingCode = Annotated[str, AfterValidator(_finding_code)]
Template = Annotated[str, StringConstraints(min_length=1), AfterValidator(check_template)]


class _Node(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class AllOf(_Node):
    """Every rule holds; every failing one is reported."""

    op: Literal["all"]
    rules: list[Node] = Field(min_length=1, max_length=200)


class AnyOf(_Node):
    """At least one rule holds; if none does, each alternative's failure is reported."""

    op: Literal["any"]
    rules: list[Node] = Field(min_length=1, max_length=200)


class Not(_Node):
    """The rule does not hold."""

    op: Literal["not"]
    rule: Node


class Each(_Node):
    """``rule`` holds for every item of the list at ``path`` (those matching ``where``)."""

    op: Literal["each"]
    path: PathText
    rule: Node
    where: Node | None = None
    as_: Name | None = Field(default=None, alias="as")


class Exists(_Node):
    """At least one item of the list at ``path`` matches ``where``."""

    op: Literal["exists"]
    path: PathText
    where: Node | None = None
    as_: Name | None = Field(default=None, alias="as")
    requirement: Texts | None = None


class Present(_Node):
    """The field at ``path`` has a value (not null, not an empty string or list)."""

    op: Literal["present"]
    path: PathText


class Compare(_Node):
    """The field at ``path`` (or the expression ``left``) compares with ``to`` (a literal,
    parameter, milestone, path or expression)."""

    op: Literal["compare"]
    path: PathText | None = None
    left: Any = None
    cmp: Literal["==", "!=", "<", "<=", ">", ">="]
    to: Any
    case_insensitive: Flag = False


class In(_Node):
    """The field at ``path`` is one of ``set`` (a list, a set parameter, or another list)."""

    op: Literal["in"]
    path: PathText
    set_: Any = Field(alias="set")

    _set_of_one_kind = field_validator("set_")(_one_kind)


class NotIn(_Node):
    """The field at ``path`` is none of ``set``."""

    op: Literal["not_in"]
    path: PathText
    set_: Any = Field(alias="set")

    _set_of_one_kind = field_validator("set_")(_one_kind)


class Contains(_Node):
    """The list at ``path`` contains ``value``."""

    op: Literal["contains"]
    path: PathText
    value: Any
    case_insensitive: Flag = False


class Days(_Node):
    """The days from ``start`` to ``end`` (nights, or calendar days inclusive) lie in bounds."""

    op: Literal["days"]
    start: PathText
    end: PathText
    min: Any = None
    max: Any = None
    count: Literal["nights", "days", "months", "years"] = "nights"


class WithinYear(_Node):
    """The date at ``path`` falls within calendar year ``year``."""

    op: Literal["within_year"]
    path: PathText
    year: Any


class Total(_Node):
    """The sum of the money at ``path`` (or each item's ``of``), converted, is at most ``max``."""

    op: Literal["total"]
    path: PathText
    of: PathText | None = None
    max: Any


class Unique(_Node):
    """Across a batch, at most one application has a given value at ``path``; the first by
    ``order_by`` stands and each later one fails."""

    op: Literal["unique"]
    path: PathText
    order_by: PathText | None = None
    case_insensitive: Flag = False


Node = Annotated[
    AllOf | AnyOf | Not | Each | Exists | Present | Compare | In | NotIn | Contains | Days
    | WithinYear | Total | Unique,
    Field(discriminator="op"),
]

OPS = ("all", "any", "not", "each", "exists", "present", "compare", "in", "not_in", "contains",
       "days", "within_year", "total", "unique")

for _model in (AllOf, AnyOf, Not, Each, Exists):
    _model.model_rebuild()




class RuleEntry(_Node):
    """A rule of a call: the clause it implements, how much it weighs, and its check."""

    clause: Slug
    severity: Literal["error", "warning"] = "error"
    check: Node
    description: Texts | None = None
    #: The call's own wording for some finding codes of this rule, in each language, with
    #: the same %(name)s placeholders as the library's templates.
    messages: dict[FindingCode, dict[Lang, Template]] | None = Field(default=None,
                                                                     max_length=30)


class ClauseFile(_Node):
    """A clause of the call: its id, its title, and its wording in each language."""

    id: Slug
    title: Texts
    text: Texts


class Recurrence(_Node):
    """A call that returns every year with the same rules and new dates: its editions are
    derived, each with its own id, its timeline moved by whole years in the call's zone."""

    every: Literal["year"] = "year"
    count: Whole = Field(ge=1, le=50, description="editions, the file's own included")
    id: Annotated[str, StringConstraints(
        pattern=r"^[a-z][a-z0-9_\-]{0,40}\{year\}[a-z0-9_\-]{0,20}$")]
    year_parameters: list[Slug] = Field(default_factory=list, max_length=50)


_Lang = Annotated[str, StringConstraints(pattern=LANG_PATTERN)]
_Text = Annotated[str, StringConstraints(min_length=1, max_length=500)]
LabelTexts = dict[_Lang, _Text]
_Key = Annotated[str, StringConstraints(min_length=1, max_length=100)]
_Path = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$",
                                         max_length=200)]


class VocabularyFile(_Node):
    """A coded vocabulary: the fields whose values come from it, and each value's label, or
    the name of a vocabulary the platform shares between calls (``callrules._vocabularies``).
    """

    fields: list[_Path] = Field(default_factory=list, max_length=50)
    values: dict[_Key, LabelTexts] | None = Field(default=None, min_length=1,
                                                  max_length=10_000)
    shared: Slug | None = None


class LabelsFile(_Node):
    """Labels of a call's parameters, milestones and fields (declared ones, answers)."""

    parameters: dict[_Key, LabelTexts] = Field(default_factory=dict, max_length=500)
    milestones: dict[_Key, LabelTexts] = Field(default_factory=dict, max_length=50)
    fields: dict[_Path, LabelTexts] = Field(default_factory=dict, max_length=500)


#: The types a call may declare a field of.
FIELD_TYPES = ("text", "integer", "decimal", "boolean", "date", "instant", "money", "country",
               "subdivision", "language", "email", "choice")
#: The levels of an application where a call declares fields, and where they live in it.
LEVELS = {"application": (), "host": ("host",), "visitors": ("visitors",),
          "budget_lines": ("budget", "lines"), "documents": ("documents",)}
Level = Literal["application", "host", "visitors", "budget_lines", "documents"]


class FieldSpec(_Node):
    """A field the call declares: its type, whether it is a list or required, its bounds,
    its accepted values (a choice) and its label. Which option fits which type is checked
    when the call loads (``callrules._form``)."""

    type: Literal["text", "integer", "decimal", "boolean", "date", "instant", "money",
                  "country", "subdivision", "language", "email", "choice"]
    #: ``list = true`` in the file: a list of values of ``type``.
    many: Flag = Field(default=False, alias="list")
    required: Flag = False
    label: Texts | None = None
    min: Any = None
    max: Any = None
    min_length: Whole | None = Field(default=None, ge=0, le=10_000)
    max_length: Whole | None = Field(default=None, ge=1, le=10_000)
    values: list[Annotated[str, StringConstraints(min_length=1, max_length=100)]] | None = (
        Field(default=None, min_length=1, max_length=1_000))


# -- selection: the shape of ``[[criteria]]`` and ``[selection]`` ------------------------------
CriterionId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{0,39}$")]
#: A number of the selection settings: a whole number or decimal text, never a boolean.
SelectionNumber = Annotated[Annotated[int, Strict()] | str | Decimal,
                            BeforeValidator(not_a_boolean)]


class SelectionTable(BaseModel):
    """A table of the call file's selection (``[[criteria]]``, ``[selection]``): its keys
    checked when the call loads (:func:`callrules._loading.check_definition`), its values
    read and checked by :mod:`callrules.selection.declaration` (the scale, the tie-break…)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ScaleFile(SelectionTable):
    min: SelectionNumber
    max: SelectionNumber
    step: SelectionNumber | None = None


class CriterionFile(SelectionTable):
    id: CriterionId
    label: dict[_Lang, _Text]
    scale: ScaleFile
    weight: SelectionNumber = 1
    threshold: SelectionNumber | None = None


class LimitFile(SelectionTable):
    per: Literal["host_unit", "country"]
    at_most: Whole = Field(ge=1, le=100_000)


class EnvelopeFile(SelectionTable):
    """The keys of ``[selection] envelope``: an amount and its currency (read as money, and
    checked against the call's currency, by :mod:`callrules.selection.declaration`)."""

    amount: Any = None
    currency: Any = None


class SelectionFile(SelectionTable):
    combine: Literal["mean", "median", "trimmed_mean"] = "mean"
    trim: Whole = Field(default=1, ge=1, le=10)
    min_reviewers: Whole = Field(default=1, ge=1, le=100)
    precision: SelectionNumber = "0.01"
    threshold: SelectionNumber | None = None
    tie_break: list[CriterionId] | None = Field(default=None, max_length=50)
    envelope: dict[str, Any] | None = None
    partial_funding: Flag = False
    fill: Flag = False
    limits: list[LimitFile] = Field(default_factory=list, max_length=10)


class BudgetFile(_Node):
    """How the call computes money: ``rounding = { unit = "0.01", mode = "half_up" }`` is how
    a product of money by a number is rounded (default: half-even to the currency's minor
    unit). Read and checked with the rules (``callrules.budget.rounding``)."""

    rounding: dict[str, Any] | None = None


class CallFile(_Node):
    """The whole call file (TOML for people; the same structure from JSON or a dict)."""

    format: Annotated[Literal[1], BeforeValidator(not_a_boolean)] = 1
    id: Slug
    version: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    languages: list[Annotated[str, StringConstraints(pattern=LANG_PATTERN)]] = Field(
        default_factory=lambda: ["fr", "en"], min_length=1, max_length=10)
    title: Texts
    timezone: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    authoritative_language: Annotated[str, StringConstraints(pattern=LANG_PATTERN)] | None = None
    timeline: dict[Slug, Any] = Field(default_factory=dict, max_length=50)
    parameters: dict[Slug, Any] = Field(default_factory=dict, max_length=500)
    #: The fields the call declares, by level of the application, then by name.
    fields: dict[Level, Annotated[dict[Name, FieldSpec], Field(max_length=200)]] = Field(
        default_factory=dict, max_length=5)
    clauses: list[ClauseFile] = Field(min_length=1, max_length=500)
    rules: list[RuleEntry] = Field(min_length=1, max_length=500)
    notes: dict[Slug, Texts] = Field(default_factory=dict, max_length=100)
    recurrence: Recurrence | None = None
    # -- selection (read, typed and checked by ``callrules.selection.declaration``) ---------------
    #: ``[[criteria]]``: the criteria reviewers score, as written; ``[selection]``: how scores
    #: combine, thresholds, ties, the envelope, partial funding and portfolio limits.
    criteria: list[dict[str, Any]] = Field(default_factory=list, max_length=50)
    selection: dict[str, Any] | None = None
    #: ``[plan]``: how the budget planner proposes a budget (read, typed and checked when the
    #: call loads by ``callrules.planning.declaration``).
    plan: dict[str, Any] | None = None
    #: The values of the call's coded vocabularies, and its labels, in each of its languages.
    vocabularies: dict[Slug, VocabularyFile] = Field(default_factory=dict, max_length=100)
    labels: LabelsFile = LabelsFile()
    #: ``[budget]``: how the call computes money (its rounding).
    budget: BudgetFile | None = None


def translation_hint(declared: Sequence[str], text: Mapping[str, str]) -> str:
    """What to do about a text missing some of the ``declared`` languages: add them, or
    declare the call in those the text has (never a language it lacks: att64 found "declare
    the call monolingual with languages = ["fr"]" said of a call with no French)."""
    has = [lang for lang in declared if lang in text]
    missing = "language" if len(declared) - len(has) == 1 else "languages"
    if not has:
        return f"add the missing {missing}"
    kept = ", ".join(f'"{lang}"' for lang in has)
    return f"add the missing {missing}, or declare only those this text has: languages = [{kept}]"
