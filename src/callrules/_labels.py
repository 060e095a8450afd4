"""A call's own labels: the values of its vocabularies, its parameters, its milestones and its
declared fields, each in every language the call offers.

Written in the call file::

    [vocabularies.staff_category]
    fields = ["visitors.category"]
    values.engineer = { fr = "ingénieur ou ingénieure", en = "engineer", es = "…", pt = "…" }

    [labels.milestones]
    deadline = { fr = "la date limite de dépôt", en = "the submission deadline", … }

The built-in fields of an application are labelled by the library's catalogs
(``_messages.FIELDS``); a call may relabel one, or label an answer, in ``[labels.fields]``.
The tables' format is in ``_definitions`` (``VocabularyFile``, ``LabelsFile``).
These labels are data: they are checked when the call loads (every language the call declares,
and every name they label exists) and read when a finding, a table or a checklist is worded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from callrules._messages import N_
from callrules._spacing import french_spaced, is_french
from callrules._vocabularies import Vocabulary
from callrules.exceptions import DefinitionError

__all__ = ["BUILT_IN_MILESTONES", "BUILT_IN_MILESTONE_NOUNS", "BUILT_IN_VALUES", "CallLabels",
           "in_sentence", "load_labels"]

#: The milestones every call may have, labelled in the catalogs: what they read when the
#: call gives them no label of its own (a call's ``[labels.milestones]`` takes precedence).
#: Any other milestone needs the call's label in each of its languages.
BUILT_IN_MILESTONES: Mapping[str, str] = MappingProxyType({
    "opening": N_("Opening of the call"),
    "deadline": N_("Submission deadline"),
    "evaluation": N_("Evaluation"),
    "results": N_("Publication of the results"),
})

#: The same milestones as a sentence names them after a preposition, with their article:
#: "1 day after the submission deadline", « après la date limite de dépôt ».
BUILT_IN_MILESTONE_NOUNS: Mapping[str, str] = MappingProxyType({
    "opening": N_("the opening of the call"),
    "deadline": N_("the submission deadline"),
    "evaluation": N_("the evaluation"),
    "results": N_("the publication of the results"),
})

#: The codes of the built-in coded fields that callrules knows, labelled in its catalogs:
#: what a value reads when the call declares no vocabulary for its field (a call's own
#: vocabulary takes precedence). A code outside them reads with its underscores as spaces.
BUILT_IN_VALUES: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "visitors.category": {
        "engineer": N_("engineer"),
        "technician": N_("technician"),
        "technical_staff": N_("other technical staff"),
        "researcher": N_("researcher"),
        "faculty": N_("faculty member"),
        "doctoral_student": N_("doctoral student"),
        "postdoc": N_("postdoctoral researcher"),
    },
    "host.role": {
        "engineer": N_("engineer"),
        "technician": N_("technician"),
        "researcher": N_("researcher"),
        "faculty": N_("faculty member"),
    },
    "host.status": {
        "permanent": N_("permanent staff"),
        "contract": N_("fixed-term contract"),
        "postdoc": N_("postdoctoral fellow"),
        "student": N_("student"),
    },
    "budget.lines.category": {
        "transport": N_("travel"),
        "subsistence": N_("subsistence"),
        "lodging": N_("accommodation"),
        "meals": N_("meals"),
        "visa": N_("visa fees"),
        "registration": N_("registration fees"),
        "equipment": N_("equipment"),
        "insurance": N_("insurance"),
    },
    "documents.kind": {
        "project_description": N_("project description"),
        "cv": N_("CV"),
    },
    "approvals.kind": {
        "unit_director": N_("the approval of the unit director"),
    },
})


@dataclass(frozen=True, slots=True)
class CallLabels:
    """The labels of one call, ready to read: by parameter, milestone, field and value."""

    languages: tuple[str, ...] = ("en",)
    parameters: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    milestones: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    fields: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: The vocabulary of each field it serves: field path → value → language → label.
    values: Mapping[str, Mapping[str, Mapping[str, str]]] = field(default_factory=dict)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as plain dicts (a mapping proxy cannot be), read only again once read:
        an input error names its places by these labels, and reaches another process."""
        return (_labels_again, (self.languages, *(_plain(getattr(self, name)) for name in (
            "parameters", "milestones", "fields", "values"))))

    def pick(self, texts: Mapping[str, str] | None, lang: str) -> str | None:
        """The text for ``lang``, else in the call's first language that has one; spaced as
        the language it is written in spaces it (French: a narrow no-break space before
        ``: ; ! ?``), whatever the language of the sentence it goes into."""
        found = self.picked(texts, lang)
        if found is None or not texts:
            return None
        text = texts[found]
        return french_spaced(text) if is_french(str(found)) else text

    def picked(self, texts: Mapping[str, str] | None, lang: str) -> str | None:
        """The language :meth:`pick` takes ``texts``' text in for ``lang`` (None when there
        is none): an HTML view marks the text with it, whatever the page's language."""
        if not texts:
            return None
        own = str(getattr(lang, "own", ""))  # the language asked for, that the call has
        return own if own in texts else lang if lang in texts else next(
            (other for other in self.languages if other in texts), next(iter(texts)))

    def value(self, path: str, code: object, lang: str) -> str | None:
        """The label of ``code`` as a value of the field at ``path`` (None when unlabelled)."""
        vocabulary = self.values.get(path)
        if vocabulary is None or not isinstance(code, str):
            return None
        return self.pick(vocabulary.get(code), lang)

    def built_in(self, path: str, code: object) -> str | None:
        """The catalogs' message (to translate) for the built-in ``code`` of the field at
        ``path``, when the call declares no vocabulary for it (:data:`BUILT_IN_VALUES`)."""
        if path in self.values or not isinstance(code, str):
            return None
        return BUILT_IN_VALUES.get(path, {}).get(code)

    def parameter(self, name: str, lang: str) -> str | None:
        """The label of the parameter ``name``."""
        return self.pick(self.parameters.get(name), lang)

    def milestone(self, name: str, lang: str) -> str | None:
        """The call's own label of the milestone ``name`` (``la date limite de dépôt``); a
        built-in milestone the call does not label reads the catalogs' label
        (:data:`BUILT_IN_MILESTONES`, translated by :func:`callrules._phrasing.milestone_label`)."""
        return self.pick(self.milestones.get(name), lang)

    def field(self, path: str, lang: str) -> str | None:
        """The call's own label for the field at ``path``, if it gives one."""
        return self.pick(self.fields.get(path), lang)


def in_sentence(text: str) -> str:
    """A label as it reads inside a sentence: « Date limite » becomes « date limite »; a
    first word that is not a plain capitalised word (« PhD », « ORCID ») stays as written.

    >>> in_sentence("PhD award date"), in_sentence("Career stage")
    ('PhD award date', 'career stage')
    """
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first[1:] == first[1:].lower() else text


def load_labels(vocabularies: Mapping[str, Vocabulary], labels: Any, *,
                languages: Sequence[str], parameters: Mapping[str, object],
                milestones: Mapping[str, object], source: str,
                declared: Mapping[str, Mapping[str, str]] | None = None) -> CallLabels:
    """The call's labels, checked: each in every language of the call (a shared vocabulary's
    too), each naming a parameter or milestone the call has.
    ``declared`` are the labels of the fields the call declares, by path (their own
    ``label``), as read inside a sentence; ``[labels.fields]`` takes precedence."""
    needed = set(languages)

    def check(texts: Mapping[str, str], loc: tuple[str | int, ...], what: str = "") -> None:
        missing = needed - set(texts)
        if missing:
            raise DefinitionError(
                f"{what}no {', '.join(sorted(missing))} label, though the call declares languages "
                f"{', '.join(languages)}", code="missing_translation", source=source, loc=loc,
                hint="add a label in every language of the call")

    values: dict[str, Mapping[str, Mapping[str, str]]] = {}
    for name, vocabulary in vocabularies.items():
        for code, texts in vocabulary.values.items():
            if vocabulary.shared:  # the shared vocabulary, registered by the platform
                check(texts, ("vocabularies", name, "shared"), f"{code!r}: ")
            else:
                check(texts, ("vocabularies", name, "values", code))
        for path in vocabulary.fields:  # each served once (``_vocabularies``)
            values[path] = MappingProxyType(dict(vocabulary.values))
    for section, known in (("parameters", parameters), ("milestones", milestones)):
        for name, texts in getattr(labels, section).items():
            if name not in known:
                raise DefinitionError(f"a label for {name!r}, which is not one of the call's "
                                      f"{section}", code="unknown_label", source=source,
                                      loc=("labels", section, name))
            check(texts, ("labels", section, name))
    for name in milestones:  # shown to people: in the timeline, in findings
        if name not in BUILT_IN_MILESTONES:
            check(labels.milestones.get(name, {}), ("labels", "milestones", name),
                  f"the milestone {name!r}: ")
    for name, parameter in parameters.items():  # a rate table is named by its label
        if getattr(parameter, "kind", None) == "table":
            check(labels.parameters.get(name, {}), ("labels", "parameters", name),
                  f"the rate table {name!r}: ")
    for path, texts in labels.fields.items():
        check(texts, ("labels", "fields", path))
    fields = {path: {lang: in_sentence(text) for lang, text in texts.items()}
              for path, texts in (declared or {}).items()}
    fields.update(labels.fields)
    return CallLabels(tuple(languages), _read_only(labels.parameters),  # (read only, down
                      _read_only(labels.milestones),  # to each text: what a finding hands
                      _read_only(fields), _read_only(values))  # out never changes the call)


def _plain(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """``mapping`` and the mappings it holds, as dicts."""
    return {key: _plain(value) if isinstance(value, Mapping) else value
            for key, value in mapping.items()}


def _read_only(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    """``mapping`` and the mappings it holds, read only."""
    return MappingProxyType({key: _read_only(value) if isinstance(value, Mapping) else value
                             for key, value in mapping.items()})


def _labels_again(languages: tuple[str, ...], *parts: Mapping[str, Any]) -> CallLabels:
    """The :class:`CallLabels` :meth:`CallLabels.__reduce__` pickled."""
    parameters, milestones, fields, values = (_read_only(part) for part in parts)
    return CallLabels(languages, parameters, milestones, fields, values)
