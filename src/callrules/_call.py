"""A call: its definition checked, its values read, and its rules compiled, once.

A :class:`Call` is immutable. Loading is :mod:`callrules._loading`; the values of a call
over time, and the one routine that picks those in force at an instant, are
:mod:`callrules._versions`; yearly editions are :mod:`callrules._recurrence`. Each version of
a call (the values of one span of time between two amendments) is compiled once, the first
time it is asked for, and kept: :meth:`Call.at` is then a bisection and a dictionary lookup.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import FrozenInstanceError, dataclass, field
from datetime import datetime
from pathlib import Path
from threading import Lock
from types import MappingProxyType
from typing import Any, Literal
from zoneinfo import ZoneInfo

from callrules._definitions import LEVELS, CallFile
from callrules._form import Form, build_form
from callrules._in_words import KeysInWords, LanguagesInWords
from callrules._labels import CallLabels, load_labels
from callrules._loading import check_definition, definition_from_data, read_file, read_text
from callrules._models import Application, constrained_texts, standard_codes
from callrules._parameters import Parameter, named_set
from callrules._paths import FieldType
from callrules._portable import portable
from callrules._recurrence import edition_id
from callrules._renderings import renderings
from callrules._tags import (
    as_tag,
    asked_code,
    each_locale_once,
    keys_in_language,
    language_names,
    language_of,
    nameable,
    named_code,
    text_key_for,
)
from callrules._time import Milestone, in_utc, reader_zone
from callrules._versions import Values, Version, check_editions, read_values
from callrules._vocabularies import (
    Labels,
    Vocabulary,
    check_rule_codes,
    load_vocabularies,
    shared_vocabulary,
)
from callrules.exceptions import (
    ArgumentError,
    DefinitionError,
    InputError,
    TimeError,
    argument_words,
    as_text,
    blank_words,
    choice_words,
    given_locale,
)
from callrules.language.program import Program, Rule
from callrules.language.program import compile_rules as compile_program
from callrules.language.unique import BatchRule
from callrules.planning.declaration import budget_categories, build_plan
from callrules.selection.declaration import read_selection

__all__ = ["Call", "Clause", "generated_when_used"]

#: Whether a call loaded now has its decision generated at once (the library's default), or
#: when first asked for (:meth:`Call.at`: once, under its versions' lock, however many ask).
_GENERATED_AT_LOAD: ContextVar[bool] = ContextVar("callrules_generated_at_load", default=True)


@contextmanager
def generated_when_used() -> Iterator[None]:
    """Within, a call loaded has its decision generated when first asked for
    (:meth:`Call.at`, as a later edition's always was), not at load: the service's start,
    which reads and checks every call (a broken one stops it) but generates none (14–22% of
    its time: 1.3–2.0 s of 8–11 s for 50 calls). Its rules are checked at load all the same;
    until generated, a check explains every rule, with the same findings."""
    token = _GENERATED_AT_LOAD.set(False)
    try:
        yield
    finally:
        _GENERATED_AT_LOAD.reset(token)


@portable
@dataclass(frozen=True, slots=True)
class Clause:
    """A clause of a call, with its id and its wording in each of the call's languages."""

    id: str
    title: Mapping[str, str]
    text: Mapping[str, str]


def declared_labels(definition: CallFile) -> dict[str, Mapping[str, str]]:
    """The labels of the fields ``definition`` declares, by the path rules read them at."""
    return {".".join((*LEVELS[level], "fields", name)): spec.label
            for level, specs in definition.fields.items() for name, spec in specs.items()
            if spec.label}


def compile_rules(definition: CallFile, version: Version, zone: ZoneInfo, source: str,
                  form: Form, values: Values, generate: bool = True,
                  paths: dict[tuple[Any, ...], Any] | None = None) -> Program:
    """The rules of ``definition`` compiled with one version's values, against the
    application model of the call's ``form`` (its declared fields typed): the one place where
    a call meets the rule language (:mod:`callrules.language`). Every dated value of the
    int, money and set parameters (``values``) is checked against the bounds of the rules
    that read them, so that every version loads if the latest does."""
    history: dict[str, tuple[Any, ...]] = {
        dated.name: tuple(int(p.value) if p.kind == "int" else p.value for p in dated.values)
        for dated in values.parameters if dated.values[0].kind in ("int", "money", "set")}
    return compile_program(definition.rules, FieldType("model", model=form.application),
                           version.parameters, version.timeline, zone, source=source,
                           name=definition.id, currency=definition.currency, history=history,
                           rounding=definition.budget.rounding if definition.budget else None,
                           generate=generate, paths=paths,
                           labels=definition.labels.parameters,
                           milestone_labels=definition.labels.milestones,
                           # a coded field's values are its vocabulary's codes, once read
                           code_chars={path: max(map(len, vocabulary.values), default=0)
                                       for path, vocabulary in form.vocabularies.items()})


@dataclass(frozen=True, slots=True)
class _Loaded:
    """The values a call was loaded with that its definition only names: each named set it
    reads (``{set = "name"}``, :func:`callrules.calls.register_set`) and each shared
    vocabulary (``shared = "name"``, :func:`callrules.calls.register_vocabulary`), by name.
    A call keeps them (its editions read them, not the registries again) and its pickle
    carries them, so that it judges the same in a process that registered other values, or
    none."""

    sets: Mapping[str, frozenset[str]] = field(default_factory=dict)
    vocabularies: Mapping[str, Labels] = field(default_factory=dict)

    @classmethod
    def read(cls, values: Values, vocabularies: Mapping[str, Vocabulary]) -> _Loaded:
        """The values a call read: those of its parameters' named sets (every dated value)
        and of its shared vocabularies."""
        return cls({p.named_set: p.value for dated in values.parameters
                    for p in dated.values if p.named_set is not None},
                   {v.shared: v.values for v in vocabularies.values() if v.shared is not None})

    def named_set(self, name: str) -> frozenset[str]:
        """The set ``name`` as the call was loaded with it; LookupError if it read none."""
        try:
            return self.sets[name]
        except KeyError:
            raise LookupError(f"the call was loaded with no named set {name!r}") from None

    def vocabulary(self, name: str) -> Labels:
        """The shared vocabulary ``name`` as the call was loaded with it."""
        try:
            return self.vocabularies[name]
        except KeyError:
            raise LookupError(f"the call was loaded with no shared vocabulary {name!r}"
                              ) from None

    def to_json(self) -> dict[str, Any]:
        """The values as JSON (a set's sorted), empty when the call reads none: what a
        pickle carries, what a fingerprint and a decision record's digest cover."""
        sets = {name: sorted(values) for name, values in sorted(self.sets.items())}
        shared = {name: {code: dict(texts) for code, texts in labels.items()}
                  for name, labels in sorted(self.vocabularies.items())}
        return {part: values for part, values in (("sets", sets), ("vocabularies", shared))
                if values}

    @classmethod
    def from_json(cls, data: object, source: str) -> _Loaded:
        """The values :meth:`to_json` gave (a pickle's); DefinitionError if they are not."""
        sets = data.get("sets", {}) if isinstance(data, dict) else None
        shared = data.get("vocabularies", {}) if isinstance(data, dict) else None
        if not (isinstance(data, dict) and set(data) <= {"sets", "vocabularies"}
                and isinstance(sets, dict) and isinstance(shared, dict)
                and all(isinstance(n, str) and isinstance(v, list)
                        and all(isinstance(x, str) for x in v) for n, v in sets.items())
                and all(isinstance(n, str) and isinstance(labels, dict) and all(
                    isinstance(code, str) and isinstance(texts, dict) and all(
                        isinstance(lang, str) and isinstance(text, str)
                        for lang, text in texts.items()) for code, texts in labels.items())
                    for n, labels in shared.items())):
            raise DefinitionError("a pickled call holds the values it was loaded with",
                                  source=source, code="not_a_definition")
        return cls({name: frozenset(values) for name, values in sets.items()},
                   {name: MappingProxyType({code: MappingProxyType(dict(texts))
                                            for code, texts in labels.items()})
                    for name, labels in shared.items()})


#: A call that reads nothing registered: it was loaded with no values of the platform's.
_NOTHING = _Loaded()


#: How many versions of one call file are kept, all its editions together (each holds its
#: checked rules, and its generated code once asked for twice): the one asked for least
#: recently is dropped for the next, and checked again if asked for again.
KEPT_VERSIONS = 32


@dataclass(slots=True)
class _Kept:
    """The versions kept for one call file, all the editions of a recurring call together
    (at most :data:`KEPT_VERSIONS`), least recently asked for first, each with the versions
    of its edition (:class:`_Versions`) that hold it; and the lock they all share."""

    lock: Lock = field(default_factory=Lock)
    order: dict[tuple[int, tuple[int, ...]], _Versions] = field(default_factory=dict)


_LOG = logging.getLogger("callrules")


def _generated(program: Program, shared: _Versions) -> Program:
    """``program`` with its decision generated; else, when generating it fails in any way
    (no memory left, a recursion too deep, a bug of the generator: logged with its
    traceback, never hidden), ``program`` as it was, its rules deciding by their
    explanations (the same findings, more slowly), logged once and never tried again for
    this call (look76v F4: a call generated at its first check answered 500 to every
    check, generating again each time). Called under ``shared.lock``."""
    if shared.failed:
        return program
    try:
        return program.generated()
    except Exception:  # (any: the explanations decide as the code would)
        shared.failed = True
        _LOG.warning("callrules: the decision of %s (%s) could not be generated; its rules "
                     "decide by their explanations", program.origin[1], program.origin[0],
                     exc_info=True)
        return program


@dataclass(slots=True)
class _Versions:
    """The versions of one edition of a call kept so far, shared by all of them: by span of
    time (what :meth:`Call.at` looks up) and by the values they select; the versions whose
    code was generated once (never generated again: dropped, they are only checked); and
    those asked for once while all places were taken (kept if asked for again: at most
    ``4 * KEPT_VERSIONS`` of them remembered). How many are kept is counted for the file
    (``kept``, shared by its editions)."""

    kept: _Kept = field(default_factory=_Kept)
    by_span: dict[int, Call] = field(default_factory=dict)
    by_key: dict[tuple[int, ...], Call] = field(default_factory=dict)
    generated: set[tuple[int, ...]] = field(default_factory=set)
    #: Whether generating a decision failed once (:func:`_generated`): never tried again.
    failed: bool = False
    #: The paths the rules read, checked once for all versions (they depend on types only).
    paths: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    seen: dict[tuple[int, ...], None] = field(default_factory=dict)
    editions: tuple[Call, ...] | None = None
    #: The parameters of the file as parsed (by their place in it), shared by its editions.
    parsed: dict[tuple[str | int, ...], Parameter] = field(default_factory=dict)

    @property
    def lock(self) -> Lock:
        """The lock of the file's versions, all editions together."""
        return self.kept.lock


class Call:
    """A loaded, checked call: timeline, parameters, clauses, and compiled rules.

    Build one with :func:`callrules.calls.load` (bundled or registered calls) or
    :meth:`Call.from_file` / :meth:`Call.from_text` / :meth:`Call.from_dict`. A call is
    immutable; :meth:`at` gives the call as it stood at an instant.
    """

    __slots__ = (
        "__weakref__",
        "_key",
        "_loaded",
        "_shared",
        "_values",
        "amendments",
        "as_of",
        "batch_rules",
        "clauses",
        "currency",
        "definition",
        "edition",
        "form",
        "id",
        "labels",
        "languages",
        "parameters",
        "program",
        "rules",
        "source",
        "timeline",
        "timezone",
        "version",
        "zone",
    )

    definition: CallFile
    source: str
    #: Which edition of a recurring call this is: 0 for the file's own, 1 the next year…
    edition: int
    id: str
    version: str
    languages: tuple[str, ...]
    currency: str
    timezone: str
    zone: ZoneInfo
    #: An instant at which this version of the call is in force: the first one it was asked
    #: for (``Call.at`` shares a version between all the instants of a span between two
    #: amendments); None for the call as its file stands, every amendment in.
    as_of: datetime | None
    #: The amendments in force, as ``"parameters.cap: 2026-05-15T12:00:00+02:00"``.
    amendments: tuple[str, ...]
    timeline: Mapping[str, Milestone]
    parameters: Mapping[str, Parameter]
    clauses: Mapping[str, Clause]
    #: The call's form: the fields it declares and the application model reading them.
    form: Form
    #: What the call's coded values, parameters and milestones are called, by language.
    labels: CallLabels
    #: The rules, compiled: their typed form and the generated decision function.
    program: Program
    #: The rules of one application (``program.rules``)…
    rules: tuple[Rule, ...]
    #: … and those that span the applications of a batch (one application per host).
    batch_rules: tuple[BatchRule, ...]
    _values: Values
    _key: tuple[int, ...]
    _shared: _Versions
    #: The values of the platform's it was loaded with (named sets, shared vocabularies).
    _loaded: _Loaded

    def __init__(self, definition: CallFile, *, source: str = "<call>",
                 as_of: datetime | None = None, edition: int = 0) -> None:
        self._load(definition, source=source, as_of=as_of, edition=edition, parsed={},
                   loaded=None)

    @classmethod
    def _edition(cls, definition: CallFile, source: str, edition: int,
                 parsed: dict[tuple[str | int, ...], Parameter],
                 loaded: _Loaded | None = None) -> Call:
        """Edition ``edition`` of the recurring call ``definition``, its parameters taken
        from those of the file already parsed (``parsed``): an edition moves dates, never a
        table's rows, so 50 editions of a call of large tables read them once. ``loaded``:
        the named sets and shared vocabularies it reads (None: the registered ones)."""
        made = object.__new__(cls)
        made._load(definition, source=source, as_of=None, edition=edition, parsed=parsed,
                   loaded=loaded)
        return made

    def _load(self, definition: CallFile, *, source: str, as_of: datetime | None,
              edition: int, parsed: dict[tuple[str | int, ...], Parameter],
              loaded: _Loaded | None) -> None:
        if not isinstance(definition, CallFile):
            raise DefinitionError("a Call is built from a checked definition: use "
                                  "Call.from_dict, Call.from_text or Call.from_file",
                                  code="not_a_definition", source=str(source))
        if isinstance(edition, bool) or not isinstance(edition, int) or edition < 0 or (
                edition >= (definition.recurrence.count if definition.recurrence else 1)):
            raise DefinitionError(f"the call has no edition {edition!r}", code="bad_recurrence",
                                  source=str(source), loc=("recurrence",))
        source = str(source)
        zone = check_definition(definition, source)
        # the platform's values it names: the registered ones, or those it was loaded with
        sets = named_set if loaded is None else loaded.named_set
        values = read_values(definition, zone, source=source, edition=edition, parsed=parsed,
                             named_sets=sets)
        latest_key = values.key_at(None)
        latest = values.version(latest_key)
        years = [m.start.year for m in latest.timeline.values()]
        call_id = edition_id(definition, min(years, default=None), edition,
                             ((d.name, v.kind) for d in values.parameters for v in d.values),
                             source=source)
        if edition == 0 and years:  # every later edition loads too, or the file does not
            check_editions(definition, zone, min(years), source=source, parsed=parsed,
                           named_sets=sets)
        #: the fields it declares, its vocabularies, and the application model that reads them
        vocabularies = load_vocabularies(
            definition.vocabularies, source=source,
            shared=shared_vocabulary if loaded is None else loaded.vocabulary)
        read = _Loaded.read(values, vocabularies)
        form = build_form(definition.fields, languages=tuple(definition.languages),
                          currency=definition.currency, zone=zone, source=source,
                          vocabularies=vocabularies, field_labels=definition.labels.fields)
        shared = _Versions(parsed=parsed)
        # a later edition's decision is generated when it is first asked for (Call.at), not
        # at load: 50 editions of a large call took 39 s to load, each generated; so is the
        # first edition's, loaded where decisions are generated when used (the service's
        # start: a call is generated at its first check, not while every call is read)
        program = compile_rules(definition, latest, zone, source, form, values,
                                generate=edition == 0 and _GENERATED_AT_LOAD.get(),
                                paths=shared.paths)
        # a code a rule (or the plan) names that can never be met (a field's vocabulary, a
        # table's keys or values lack it) would never match: a typo
        check_rule_codes(definition.rules, form.vocabularies,
                         {d.name: d.values for d in values.parameters}, source=source,
                         choices={f.path: f.spec.values for f in form.declared
                                  if f.spec.values is not None}, plan=definition.plan,
                         standard=standard_codes(form.application),
                         texts=constrained_texts(form.application))
        # the budget plan's amounts are expressions, typed now like the rules
        build_plan(definition.plan, root=FieldType("model", model=form.application),
                   parameters=latest.parameters, timeline=latest.timeline, zone=zone,
                   source=source, currency=definition.currency,
                   clauses=frozenset(c.id for c in definition.clauses),
                   categories=budget_categories(form), languages=definition.languages)
        # the selection's criteria and rules, read now as ``select`` reads them: a call that
        # loads (that ``validate`` accepts) is one ``select`` accepts (a call that declares
        # neither is an eligibility call: ``select`` alone refuses it, with no_criteria)
        if definition.criteria or definition.selection is not None:
            read_selection(definition, source=source)
        clauses = MappingProxyType(
            {c.id: Clause(c.id, MappingProxyType(dict(c.title)), MappingProxyType(dict(c.text)))
             for c in definition.clauses})
        # what its values, parameters and milestones are called, in each of its languages
        labels = load_labels(vocabularies, definition.labels,
                             languages=tuple(definition.languages),
                             parameters=latest.parameters, milestones=latest.timeline,
                             source=source, declared=declared_labels(definition))
        set_ = object.__setattr__
        for name, value in (("definition", definition), ("source", source),
                            ("edition", edition), ("id", call_id),
                            ("version", definition.version),
                            ("languages", tuple(definition.languages)),
                            ("currency", definition.currency),
                            ("timezone", definition.timezone), ("zone", zone),
                            ("clauses", clauses), ("_values", values),
                            ("labels", labels), ("form", form), ("_shared", shared),
                            ("_loaded", read if read.sets or read.vocabularies else _NOTHING)):
            set_(self, name, value)
        self._become(latest_key, latest, None, program)
        if as_of is not None:  # the version in force then, compiled like any other
            version = self.at(as_of)
            for name in ("as_of", "amendments", "timeline", "parameters", "program", "rules",
                         "batch_rules", "_key"):
                set_(self, name, getattr(version, name))

    def _become(self, key: tuple[int, ...], version: Version, as_of: datetime | None,
                program: Program) -> None:
        """Fill in the attributes that differ between versions of one edition."""
        set_ = object.__setattr__
        set_(self, "_key", key)
        set_(self, "as_of", as_of)
        set_(self, "amendments", version.amendments)
        set_(self, "timeline", version.timeline)
        set_(self, "parameters", version.parameters)
        set_(self, "program", program)
        set_(self, "rules", program.rules)
        set_(self, "batch_rules", program.batch_rules)

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"a Call is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"a Call is immutable: cannot delete {name!r}")

    # -- copies and pickles ----------------------------------------------------------------
    # A call is immutable: a copy is the call itself. A pickle (a process pool, Dask, a cache
    # of reports) holds what the call was loaded from, its checked definition and the values
    # of the platform's it read (named sets, shared vocabularies: :class:`_Loaded`), never
    # its compiled rules nor the lock its versions share: the process that reads it compiles
    # it again, once per definition and values (:func:`_rebuilt`), the same version in force,
    # whatever that process has registered.
    def __copy__(self) -> Call:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Call:
        return self

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        loaded = self._loaded.to_json()
        if self.as_of is None:  # read back in this process: this very call
            _keep(_fingerprint(self.definition, loaded), self.source, self.edition, self)
        return (_rebuilt, (self.definition, self.source, self.edition, self.as_of, loaded)
                if loaded else (self.definition, self.source, self.edition, self.as_of))

    # -- loading ---------------------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "<dict>") -> Call:
        """A call from the structure of a call file (as parsed from TOML or JSON)."""
        return cls(definition_from_data(data, as_text(source)), source=as_text(source))

    @classmethod
    def from_text(cls, text: str | bytes, *, format: str = "toml", source: str = "<text>"
                  ) -> Call:
        """A call from the text of a TOML (``format="toml"``) or JSON file."""
        return cls.from_dict(read_text(text, format, as_text(source)), source=as_text(source))

    @classmethod
    def from_file(cls, path: str | Path) -> Call:
        """A call from a ``.toml`` or ``.json`` file."""
        text, format, source = read_file(path)
        return cls.from_text(text, format=format, source=source)

    # -- versions and editions -------------------------------------------------------------
    @property
    def dated(self) -> bool:
        """True when some parameter or milestone has a history of amendments."""
        return self._values.dated

    def at(self, instant: datetime) -> Call:
        """This call as it stood at ``instant`` (aware): each dated parameter and milestone
        takes the value in force then. Calls without history return themselves.

        The version in force at an instant is checked the first time it is asked for (its
        rules then decide by their explanations), and shared by every instant up to the next
        amendment; asked for again while it is among the :data:`KEPT_VERSIONS` kept, its
        decision is generated, once only (dropped and asked for again, it is checked, not
        generated again). Once all places are taken, a version is kept (the least recently
        asked for dropped) only when asked for a second time, so that versions asked for in
        turn, more than are kept, do not push out each other. So the work of an evaluation
        does not depend on the order in which versions are asked for: at most a check of
        the rules (a version not kept), and code is generated at most once per version."""
        utc = in_utc(instant, "instant")
        values = self._values
        shared = self._shared
        if not values.changes:
            if not self.program.is_generated and not shared.failed:  # first asked for
                with shared.lock:
                    if not self.program.is_generated:
                        object.__setattr__(self, "program", _generated(self.program, shared))
            return self
        span = values.span_at(utc)
        pool = shared.kept.order
        with shared.lock:
            found = shared.by_span.get(span)
            key = values.key_at(utc) if found is None else found._key
            kept = shared.by_key.pop(key, None)
            pool.pop((id(shared), key), None)
            found = kept or self._version(key, instant)
            if kept is not None and key not in shared.generated \
                    and not found.program.is_generated:
                shared.generated.add(key)  # asked for again: worth generating, once
                # the same rules deciding by generated code: the same findings, so the
                # version stays the same object (an evaluation under way reads either)
                object.__setattr__(found, "program", _generated(found.program, shared))
            if kept is None and len(pool) >= KEPT_VERSIONS \
                    and shared.seen.pop(key, None) is None:
                # all places taken: a version is kept when asked for a second time, so that
                # versions asked for in turn, more than are kept, do not push out each other
                shared.seen[key] = None
                if len(shared.seen) > 4 * KEPT_VERSIONS:
                    del shared.seen[next(iter(shared.seen))]
                return found
            shared.by_key[key] = found
            shared.by_span[span] = found
            pool[(id(shared), key)] = shared  # the most recently asked for last
            if len(pool) > KEPT_VERSIONS:  # the least recently asked for, of any edition, goes
                (_, old), owner = next(iter(pool.items()))
                del pool[(id(owner), old)]
                gone = owner.by_key.pop(old)
                owner.by_span = {s: c for s, c in owner.by_span.items() if c is not gone}
        return found

    def _version(self, key: tuple[int, ...], as_of: datetime) -> Call:
        """The version of this edition whose values ``key`` selects: nothing is read again;
        the rules are checked with its values (reused, generated, when they are this call's
        own), their decision not yet generated."""
        version = self._values.version(key)
        program = self.program if key == self._key else compile_rules(
            self.definition, version, self.zone, self.source, self.form, self._values,
            generate=False, paths=self._shared.paths)
        return self._made(key, version, as_of, program)

    def _made(self, key: tuple[int, ...], version: Version, as_of: datetime | None,
              program: Program) -> Call:
        """A version of this edition: what all versions share, and its own values."""
        made = object.__new__(Call)
        for name in ("definition", "source", "edition", "id", "version", "languages",
                     "currency", "timezone", "zone", "clauses", "labels", "form", "_values",
                     "_shared", "_loaded"):
            object.__setattr__(made, name, getattr(self, name))
        made._become(key, version, as_of, program)
        return made

    def editions(self) -> tuple[Call, ...]:
        """Every edition of a recurring call, the file's own first (this call alone if it
        does not recur); each is built once."""
        recurrence = self.definition.recurrence
        if recurrence is None:
            return (self,)
        shared = self._shared
        if shared.editions is None:
            with shared.lock:
                if shared.editions is None:
                    # (each with the named sets and shared vocabularies this one was loaded
                    # with, not those registered now)
                    first = self if self.edition == 0 and self.as_of is None else \
                        Call._edition(self.definition, self.source, 0, {}, self._loaded)
                    later = (Call._edition(self.definition, self.source, k, shared.parsed,
                                           self._loaded)
                             for k in range(1, recurrence.count))
                    # the versions kept are counted for the file, all its editions together
                    every = tuple(_joined(c, shared.kept) for c in (first, *later))
                    for edition in every:  # each edition gives these, not others built again
                        edition._shared.editions = every
                    shared.editions = every
        return shared.editions

    # -- reading ---------------------------------------------------------------------------
    def parse(self, record: Any, *, source: str | None = None) -> Application:
        """An application to this call from a model, a dict or JSON text, its declared fields
        read and checked with the rest (:class:`~callrules.InputError` naming each problem).

        :func:`callrules.parse_application` reads any application, its ``fields`` untyped;
        :func:`callrules.evaluate` reads a record with this method.
        """
        try:
            return self.form.parse(record, source=source)
        except InputError as exc:
            exc.labels = self.labels  # the places of its problems named by the call's labels
            raise

    def title_in(self, locale: str) -> str:
        """The call's title in ``locale``'s language, or in its first language."""
        return self.text(self.definition.title, locale)

    def text(self, texts: Mapping[str, str], locale: str) -> str:
        """The text of ``texts`` for ``locale`` (falling back to the call's first language).

        A key matches a locale as BCP 47 and babel read tags, whatever their spelling (case,
        ``-`` or ``_``, a POSIX ``.UTF-8`` or ``@euro``): the same tag first (``fr-CA`` for
        ``fr_CA``), then the language alone (``fr`` for ``fr-CA``), then the one key in the
        language written in the script the locale names or implies (``pt_BR`` for ``pt``;
        never ``zh-Hans`` for ``zh-TW``), never a key of another language, nor one of two
        regions of it picked at random. A key whose text is empty (``""``, ``None``) holds
        no text and hides none: ``{"pt": "Título", "pt_BR": ""}`` gives ``Título`` in
        ``pt-BR``. When no key holds a text for the locale nor for the call's first
        language, the first language's empty text is the text (``""``: a text left empty
        on purpose, as before); else :class:`~callrules.ArgumentError` names the languages
        there are, each locale once however many spellings of it are keys. Two spellings of
        one locale (``pt_BR`` and ``pt-BR``; ``zh_Hant`` and ``zh-TW``) are one region, its
        first spelling the text. A ``locale`` that names no language (``""``, spaces):
        :class:`~callrules.ArgumentError` (``bad_locale``), never the first language's text.

        >>> import callrules
        >>> call = callrules.calls.load("cnrs-amsud-2026")
        >>> call.text({"fr": "a", "fr-CA": "b", "PT_br": "c"}, "fr_CA"), call.text(
        ...     {"fr": "a", "PT_br": "c"}, "pt"), call.text({"pt": "c", "pt_BR": ""}, "pt-BR")
        ('b', 'c', 'c')
        >>> call.text({"fr": "", "en": ""}, "en")
        ''
        """
        ArgumentError.check(texts, Mapping, "texts: a mapping of languages to texts",
                            argument="texts")
        tag = _locale(locale)
        lang = language_of(tag)
        # a reader answered in a library language who asked for one of the call's own; a
        # key that names no language (``""``) is never chosen, whatever the locale
        own = getattr(locale, "own", None)
        found = None
        held = [key for key, value in texts.items() if _holds(value)]
        for asked in (own, tag, self.languages[0]):
            key = text_key_for(held, asked) if isinstance(asked, str) else None
            if key is not None:
                found = texts[key]
                break
        else:  # no text at all in either: the first language's text left empty, if it is
            first = text_key_for(texts, self.languages[0])
            if first is not None and isinstance(texts[first], str) and not texts[first]:
                found = ""
        if found is None and texts:  # neither the language asked nor the call's first
            raise ArgumentError("texts: a text in the call's first language was expected, "
                                "not NoneType", words=_text_missing(
                                    texts, lang, self.languages[0], held, tag))
        if not isinstance(found, str):
            raise ArgumentError("texts: a text in the call's first language was expected, "
                                f"not {type(found).__name__}",
                                words=argument_words("texts", found, str))
        return found

    def checklist(self, locale: str | None = None, *,
                  format: Literal["text", "markdown", "html"] = "text", zone: str | None = None,
                  audience: Literal["applicants", "officers"] = "applicants") -> str:
        """The call's timeline and conditions, in ``locale`` (None: the session's language),
        for ``audience``: ``applicants`` (what to do and by when, in plain words) or
        ``officers`` (each clause's id and how the library reads it, from the rules).

        ``zone`` (an IANA name such as ``America/Sao_Paulo``) also shows each instant there.
        """
        if not isinstance(format, str) or format not in ("text", "markdown", "html"):
            raise ArgumentError(f"a checklist's format is text, markdown or html, not "
                                f"{_shown(format)}", words=choice_words(
                                    "format", format, ("text", "markdown", "html")))
        if not isinstance(audience, str) or audience not in ("applicants", "officers"):
            raise ArgumentError(f"a checklist is for applicants or officers, not "
                                f"{_shown(audience)}", words=choice_words(
                                    "audience", audience, ("applicants", "officers")))
        if isinstance(zone, str) and not zone.strip():  # (empty: said so, never quoted)
            raise TimeError(f"{zone!r} is not a time zone", code="unknown_zone",
                            words=blank_words("zone", zone, "kind_zone"))
        if zone is not None:
            reader_zone(zone)  # TimeError: not an IANA zone, or not a place
        return renderings().checklist(self, None if locale is None else _locale(locale),
                                      format, zone, audience)

    def __repr__(self) -> str:
        return f"<Call {self.id} version {self.version}>"


#: How many calls read back from pickles (or pickled here) are kept, by their fingerprint
#: (definition and the values of the platform's it was loaded with), source and edition, the
#: least recently read dropped first: the reports of a batch read back one by one compile
#: their call once.
KEPT_PICKLED = 16

_PICKLED: dict[tuple[str, str, int], Call] = {}
_PICKLED_LOCK = Lock()


def _fingerprint(definition: CallFile, loaded: Mapping[str, Any] | None = None) -> str:
    """What tells one call from another: a digest of its definition's JSON form and of the
    values of the platform's it was loaded with (``loaded``, :meth:`_Loaded.to_json`): one
    definition read with other values of a named set is another call. (A call that reads
    none has the digest of its definition alone.)"""
    text = definition.model_dump_json()
    if loaded:
        text += "\n" + json.dumps(loaded, sort_keys=True)  # (any text: escaped)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint(call: Call) -> str:
    """``call``'s fingerprint: its definition and the values it was loaded with."""
    return _fingerprint(call.definition, call._loaded.to_json())


def sourced_as(call: Call, source: str) -> Call:
    """``call`` as its file stands (no version asked for), saying ``source`` as its own: its
    definition compiled again with the values it was loaded with, as a pickle of it read
    back (:func:`_rebuilt`, once per process for a definition, values, source and edition).
    A Dask worker's registered call, whose file is at another path than the client's, is
    given the client's source so (:mod:`callrules.distributed`)."""
    return _rebuilt(call.definition, source, call.edition, None,
                    call._loaded.to_json() or None)


def _keep(fingerprint: str, source: str, edition: int, call: Call) -> Call:
    """``call`` kept as the one a pickle of this definition, source and edition reads back
    into (the one kept already, if any)."""
    key = (fingerprint, source, edition)
    with _PICKLED_LOCK:
        kept = _PICKLED.pop(key, call)
        _PICKLED[key] = kept  # the most recently used last
        while len(_PICKLED) > KEPT_PICKLED:
            del _PICKLED[next(iter(_PICKLED))]
    return kept


def _rebuilt(definition: CallFile, source: str, edition: int, as_of: datetime | None,
             loaded: Mapping[str, Any] | None = None) -> Call:
    """The call a pickle holds (:meth:`Call.__reduce__`): its definition compiled again with
    the named sets and shared vocabularies it was loaded with (``loaded``), once per process
    for a definition, values, source and edition; then the version in force at ``as_of``."""
    if not isinstance(definition, CallFile):
        raise DefinitionError("a pickled call holds a checked definition", source=str(source),
                              code="not_a_definition")
    # (a pickle that carries no values: a call that reads none, or one pickled by an earlier
    # version of the library, which reads the registered ones)
    values = None if loaded is None else _Loaded.from_json(loaded, str(source))
    key = _fingerprint(definition, None if values is None else values.to_json())
    with _PICKLED_LOCK:
        call = _PICKLED.get((key, source, edition))
    if call is None:
        call = _keep(key, source, edition, Call._edition(definition, source, edition, {}, values))
    return call if as_of is None else call.at(as_of)


def _joined(call: Call, kept: _Kept) -> Call:
    """``call`` (an edition just built, no version of it kept yet) counting the versions it
    keeps in ``kept``, with the other editions of its file."""
    if call._shared.kept is not kept:
        object.__setattr__(call, "_shared", _Versions(kept=kept, paths=call._shared.paths))
    return call


def _text_missing(texts: Mapping[Any, Any], lang: str, first: str,
                  held: Sequence[object] = (), tag: str = "") -> tuple[str, Mapping[str, str]]:
    """The words of :meth:`Call.text` finding no text in ``lang`` (of the locale ``tag``)
    nor in the call's ``first`` language: the key of either that holds no text (``None``,
    ``""``), named; else the language asked, or the first, whose texts (``held``: the keys
    holding one) are for several regions, none chosen, named with their regions; else each
    language asked once (one babel does not know is not said), and the keys given, the
    languages among them by name, the others counted, never echoed."""
    for code, asked in ((first, first), (lang, tag or lang)):
        key = text_key_for(texts, asked) if code else None
        if key is not None and key not in held:  # (a key naming no language: no language's)
            return ("call_text_not_text", {"language": LanguagesInWords((code,))})
    for code, asked in ((lang, tag or lang), (first, first)):
        regions = [named_code(key) for key in each_locale_once(keys_in_language(held, asked))] \
            if code else []
        named = tuple(dict.fromkeys(region for region in regions if nameable(region)))
        if len(named) > 1:  # (never "no text in French; the texts given are in French")
            return ("call_text_regions", {"language": LanguagesInWords((code,)),
                                          "regions": LanguagesInWords(named[:10])})
    codes: list[str] = []
    others = 0
    for key in each_locale_once(texts):
        code = named_code(key) if isinstance(key, str) else ""
        if not nameable(code):  # (a region babel does not name: its language's name)
            code = code.split("_")[0]
        if not nameable(code):
            others += 1
        elif len(codes) < 10 and code not in codes:  # (a thousand languages: ten said)
            codes.append(code)
    keys = KeysInWords(tuple(codes), others)
    if lang == first or lang not in language_names():
        return ("call_text_missing_first", {"first": LanguagesInWords((first,)), "has": keys})
    return ("call_text_missing", {"asked": LanguagesInWords((asked_code(tag or lang, held),)),
                                  "first": LanguagesInWords((first,)), "has": keys})


def _holds(value: object) -> bool:
    """Whether a value of a call's texts holds something (a text, or a value said not to
    be one): not ``""``, ``None``, ``0`` or another empty value, which hides no other text.
    A value that will not say whether it is empty (an array) holds something."""
    try:
        return bool(value)
    except Exception:
        return True


def _shown(value: object) -> str:
    """A value given where a choice was, in an English text: a text as the code writes it
    (its first 40 characters), anything else by its class (a pandas column's text has lines,
    an object's may raise)."""
    return f"{value!r:.40}" if isinstance(value, str) else type(value).__name__


def _locale(locale: object) -> str:
    """``locale`` if it is text naming a language (a babel ``Locale``, its tag);
    ArgumentError otherwise (None, a number, ``""``, blanks), naming ``locale`` in words."""
    tag = as_tag(locale)
    if not isinstance(tag, str):
        raise ArgumentError(f"a locale is text such as 'fr' or 'en-GB', not "
                            f"{type(tag).__name__}", code="bad_locale",
                            words=argument_words("locale", tag, "kind_locale"))
    return given_locale(tag)  # type: ignore[return-value]  # (text: None never returned)
