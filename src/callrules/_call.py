"""A call: its definition loaded from a file, checked, and its rules compiled once."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from callrules import _codes
from callrules._definitions import LIMITS, OPS, CallFile
from callrules._form import Form, build_form
from callrules._models import Application
from callrules._parameters import Parameter, parse_parameter
from callrules._paths import FieldType
from callrules._suggest import did_you_mean
from callrules._time import Milestone, get_zone, localize, require_aware
from callrules.exceptions import DefinitionError, TimeError
from callrules.language.program import Program, Rule, compile_rules
from callrules.language.unique import BatchRule

__all__ = ["Call", "Clause"]

_T = TypeVar("_T")

_MONTH = re.compile(r"^\d{4}-\d{2}$")


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause of a call, with its id and its wording in each of the call's languages."""

    id: str
    title: Mapping[str, str]
    text: Mapping[str, str]


def _depth(value: object, limit: int) -> int:
    """Nesting depth of ``value``, stopping (with ``limit + 1``) once past ``limit``."""
    stack: list[tuple[object, int]] = [(value, 1)]
    deepest = 0
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > limit:
            return deepest
        if isinstance(item, Mapping):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest


def _clean_loc(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """A pydantic error location without the union tags it inserts (``'compare'``…)."""
    return tuple(p for p in loc if not (isinstance(p, str) and (p in OPS or "[" in p)))


def _node_texts(node: object, loc: tuple[str | int, ...]
                ) -> list[tuple[tuple[str | int, ...], Mapping[str, str]]]:
    """The bilingual texts inside a rule tree (an ``exists`` requirement…), with their places.

    Walked without recursion, in document order, and no deeper than the compiler accepts: a
    tree built in Python (``rules.not_`` 10,000 times) is never validated as nested data, and
    the compiler refuses it (``too_deep``) with its place."""
    out: list[tuple[tuple[str | int, ...], Mapping[str, str]]] = []
    stack: list[tuple[object, tuple[str | int, ...], int]] = [(node, loc, 1)]
    while stack:
        node, loc, depth = stack.pop()
        if depth > LIMITS["depth"]:
            continue
        requirement = getattr(node, "requirement", None)
        if requirement is not None:
            out.append((loc + ("requirement",), requirement))
        children: list[tuple[object, tuple[str | int, ...], int]] = []
        for key in ("rule", "where"):
            child = getattr(node, key, None)
            if child is not None:
                children.append((child, loc + (key,), depth + 1))
        for index, child in enumerate(getattr(node, "rules", None) or ()):
            children.append((child, loc + ("rules", index), depth + 1))
        stack.extend(reversed(children))
    return out


class Call:
    """A loaded, checked call: timeline, parameters, clauses, and compiled rules.

    Build one with :func:`callrules.calls.load` (bundled or registered calls) or
    :meth:`Call.from_file` / :meth:`Call.from_dict`.
    """

    def __init__(self, definition: CallFile, *, source: str = "<call>",
                 as_of: datetime | None = None, edition: int = 0,
                 form: Form | None = None) -> None:
        self.definition = definition
        self.source = source
        #: Which edition of a recurring call this is: 0 for the file's own, 1 the next year…
        self.edition = edition
        self.id = definition.id
        self.version = definition.version
        self.languages = tuple(definition.languages)
        self.currency = definition.currency
        self.timezone = definition.timezone
        try:
            self.zone: ZoneInfo = get_zone(definition.timezone)
        except TimeError as exc:
            raise DefinitionError(str(exc), code=exc.code, source=source, loc=("timezone",)
                                  ) from None
        if "/" not in definition.timezone and definition.timezone != "UTC":
            raise DefinitionError(
                f"{definition.timezone!r} is a legacy abbreviation-like zone: it does not say "
                "where the call is, and reads wrongly in messages", code="zone_not_a_place",
                source=source, loc=("timezone",),
                hint="use the zone of a place, such as 'Europe/Paris' or 'Europe/Helsinki'")
        self._check_languages(definition)
        if not _codes.is_currency(definition.currency):
            raise DefinitionError(f"{definition.currency!r} is not an ISO 4217 currency code",
                                  code="bad_currency", source=source, loc=("currency",))
        #: An instant at which this version of the call is in force: the first one it was
        #: asked for (``Call.at`` reuses a version for every instant between two amendments);
        #: None for the call as its file stands, every amendment in.
        self.as_of = as_of
        #: The amendments in force, as ``"parameters.cap: 2026-05-15T12:00:00+02:00"``.
        self.amendments: tuple[str, ...] = ()
        self._dated = False
        self._selection: list[int] = []
        self.timeline: Mapping[str, Milestone] = MappingProxyType(
            {name: self._dated_value("timeline", name, raw, self._milestone)
             for name, raw in definition.timeline.items()})
        self.parameters: Mapping[str, Parameter] = MappingProxyType(
            {name: self._dated_value("parameters", name, raw, self._parameter)
             for name, raw in definition.parameters.items()})
        self._editions: dict[tuple[int, ...], Call] = {}
        self._check_recurrence()
        self.clauses: Mapping[str, Clause] = MappingProxyType(
            {c.id: Clause(c.id, MappingProxyType(dict(c.title)), MappingProxyType(dict(c.text)))
             for c in definition.clauses})
        if len(self.clauses) != len(definition.clauses):
            raise DefinitionError("two clauses have the same id", code="duplicate_clause",
                                  source=source, loc=("clauses",))
        for index, entry in enumerate(definition.rules):
            if entry.clause not in self.clauses:
                raise DefinitionError(
                    f"rule cites clause {entry.clause!r}, which the call does not define",
                    code="unknown_clause", source=source, loc=("rules", index, "clause"),
                    hint=did_you_mean(entry.clause, self.clauses))
        #: The call's form: the fields it declares and the application model reading them
        #: (shared by every version and edition of the call).
        self.form: Form = form if form is not None else build_form(
            definition.fields, languages=self.languages, currency=self.currency,
            zone=self.zone, source=source)
        #: The rules, compiled: their typed form and the generated decision function.
        self.program: Program = compile_rules(
            definition.rules, FieldType("model", model=self.form.application), self.parameters,
            self.timeline, self.zone, source=source, name=definition.id,
            currency=definition.currency)
        self.rules: tuple[Rule, ...] = self.program.rules
        #: The rules that span the applications of a batch (one application per host).
        self.batch_rules: tuple[BatchRule, ...] = self.program.batch_rules

    # -- loading ---------------------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "<dict>") -> Call:
        """A call from the structure of a call file (as parsed from TOML or JSON)."""
        if not isinstance(data, Mapping):
            raise DefinitionError("a call file holds a table (an object) at its top",
                                  code="not_a_table", source=source)
        if _depth(data, LIMITS["depth"] + 8) > LIMITS["depth"] + 8:
            raise DefinitionError(f"nested deeper than {LIMITS['depth']} levels",
                                  code="too_deep", source=source)
        try:
            definition = CallFile.model_validate(data)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            more = exc.error_count() - 1
            loc = _clean_loc(tuple(first["loc"]))
            message = first["msg"] + (f" (and {more} more problem(s))" if more else "")
            hint = None
            if first["type"] == "extra_forbidden":
                hint = "remove this key, or check its spelling"
            elif first["type"] == "union_tag_invalid":
                hint = f"op is one of: {', '.join(OPS)}"
            raise DefinitionError(message, code=first["type"], source=source, loc=loc,
                                  hint=hint) from None
        return cls(definition, source=source)

    @classmethod
    def from_text(cls, text: str | bytes, *, format: str = "toml", source: str = "<text>"
                  ) -> Call:
        """A call from the text of a TOML (``format="toml"``) or JSON file."""
        size = len(text)
        if isinstance(text, str) and size <= LIMITS["file_bytes"] < size * 4:
            size = len(text.encode("utf-8", "surrogatepass"))  # the bytes of the file it would be
        if size > LIMITS["file_bytes"]:
            raise DefinitionError(f"larger than {LIMITS['file_bytes']} bytes", code="too_large",
                                  source=source)
        try:
            if isinstance(text, bytes):
                text = text.decode("utf-8")
            data = tomllib.loads(text) if format == "toml" else json.loads(text)
        except UnicodeDecodeError:
            raise DefinitionError("not UTF-8 text", code="not_utf8", source=source) from None
        except ValueError as exc:  # TOML or JSON syntax; an integer over Python's digit limit
            raise DefinitionError(f"not valid {format.upper()}: {exc}", code="syntax",
                                  source=source) from None
        except RecursionError:
            raise DefinitionError("nested too deeply to read", code="too_deep",
                                  source=source) from None
        return cls.from_dict(data, source=source)

    @classmethod
    def from_file(cls, path: str | Path) -> Call:
        """A call from a ``.toml`` or ``.json`` file."""
        file = Path(path)
        try:
            size = file.stat().st_size
            if size > LIMITS["file_bytes"]:
                raise DefinitionError(f"larger than {LIMITS['file_bytes']} bytes",
                                      code="too_large", source=str(file))
            data = file.read_bytes()
        except OSError as exc:
            raise DefinitionError(f"cannot read the file: {exc.strerror}", code="unreadable",
                                  source=str(file)) from None
        fmt = "json" if file.suffix.lower() == ".json" else "toml"
        return cls.from_text(data, format=fmt, source=str(file))

    # -- pieces ----------------------------------------------------------------------------
    def _check_languages(self, definition: CallFile) -> None:
        for lang in definition.languages:
            if not _codes.is_language(lang):
                raise DefinitionError(f"{lang!r} is not an ISO 639-1 language code",
                                      code="bad_language", source=self.source,
                                      loc=("languages",))
        needed = set(definition.languages)
        texts: list[tuple[tuple[str | int, ...], Mapping[str, str]]] = [
            (("title",), definition.title)]
        for i, clause in enumerate(definition.clauses):
            texts.append((("clauses", i, "title"), clause.title))
            texts.append((("clauses", i, "text"), clause.text))
        for key, note in definition.notes.items():
            texts.append((("notes", key), note))
        for i, rule in enumerate(definition.rules):
            if rule.description is not None:
                texts.append((("rules", i, "description"), rule.description))
            texts.extend(_node_texts(rule.check, ("rules", i, "check")))
            for code, words in (rule.messages or {}).items():
                texts.append((("rules", i, "messages", code), words))
        for loc, text in texts:
            missing = needed - set(text)
            if missing:
                raise DefinitionError(
                    f"no {', '.join(sorted(missing))} text, though the call declares "
                    f"languages {', '.join(definition.languages)}", code="missing_translation",
                    source=self.source, loc=loc,
                    hint="add the missing language, or declare the call monolingual with "
                         "languages = [\"fr\"]")

    def _milestone(self, name: str, raw: object) -> Milestone:
        """A milestone as written, moved by whole years for a later edition."""
        milestone = self._read_milestone(name, raw)
        try:
            if self.edition:
                milestone = Milestone(name, milestone.shifted(years=self.edition).start,
                                      milestone.precision)
            milestone.end  # noqa: B018 - a day or month ending after 9999-12-31 has no end
        except (OverflowError, ValueError) as exc:
            raise DefinitionError(f"not a date or time the calendar can hold: {exc}",
                                  code="bad_milestone", source=self.source,
                                  loc=("timeline", name)) from None
        return milestone

    def _read_milestone(self, name: str, raw: object) -> Milestone:
        loc: tuple[str | int, ...] = ("timeline", name)
        fold = None
        if isinstance(raw, Mapping):
            if set(raw) - {"at", "fold"} or "at" not in raw or raw.get("fold", 0) not in (0, 1):
                raise DefinitionError("a milestone table holds 'at' and optionally 'fold' "
                                      "(0 or 1)", code="bad_milestone", source=self.source,
                                      loc=loc)
            fold = raw.get("fold")
            raw = raw["at"]
        try:
            if isinstance(raw, datetime):
                if raw.tzinfo is None:
                    start = localize(raw, self.zone, fold=fold, what=f"timeline.{name}")
                else:
                    start = raw.astimezone(self.zone)
                return Milestone(name, start, "instant")
            if isinstance(raw, date):
                return Milestone(name, localize(datetime(raw.year, raw.month, raw.day),
                                                self.zone, fold=fold), "day")
            if isinstance(raw, str):
                if _MONTH.match(raw):
                    year, month = int(raw[:4]), int(raw[5:])
                    return Milestone(name, localize(datetime(year, month, 1), self.zone,
                                                    fold=fold), "month")
                if len(raw) == 10:
                    return self._read_milestone(name, {"at": date.fromisoformat(raw), "fold": fold}
                                           if fold is not None else date.fromisoformat(raw))
                parsed = datetime.fromisoformat(raw)
                return self._read_milestone(name, {"at": parsed, "fold": fold}
                                       if fold is not None else parsed)
        except DefinitionError:
            raise
        except TimeError as exc:
            raise DefinitionError(str(exc), code=exc.code, source=self.source, loc=loc,
                                  hint="fold = 0 reads the earlier offset, fold = 1 the later"
                                  ) from None
        except ValueError as exc:
            raise DefinitionError(f"not a date or time: {exc}", code="bad_milestone",
                                  source=self.source, loc=loc) from None
        raise DefinitionError(
            "a milestone is a local date-time (2026-06-01T17:00:00), a date (2026-07-01), a "
            "month (\"2026-06\") or a table {at = …, fold = 0|1}", code="bad_milestone",
            source=self.source, loc=loc)

    def _dated_value(self, section: str, name: str, raw: object,
                     parse: Callable[[str, object], _T]) -> _T:
        """A value, or for ``{history = [{from = …, value = …}, …]}`` the one in force as of
        ``self.as_of`` (the latest when ``as_of`` is None; the first before any ``from``)."""
        if not (isinstance(raw, Mapping) and set(raw) == {"history"}):
            return parse(name, raw)
        loc: tuple[str | int, ...] = (section, name, "history")
        history = raw["history"]
        if not isinstance(history, list) or not history or len(history) > 100:
            raise DefinitionError("history is a list of 1 to 100 {from = …, value = …} tables",
                                  code="bad_history", source=self.source, loc=loc)
        entries: list[tuple[datetime, object, str]] = []
        for index, entry in enumerate(history):
            if not isinstance(entry, Mapping) or not {"from", "value"} <= set(entry) or set(
                    entry) - {"from", "value", "label"}:
                raise DefinitionError("each entry holds 'from' (when the value takes effect), "
                                      "'value', and optionally 'label'", code="bad_history",
                                      source=self.source, loc=loc + (index,))
            start = self._milestone(f"{name}.history[{index}].from", entry["from"]).start
            if entries and start <= entries[-1][0]:
                raise DefinitionError("history entries must be in order of 'from'",
                                      code="bad_history", source=self.source,
                                      loc=loc + (index, "from"))
            label = entry.get("label")
            entries.append((start, entry["value"],
                            str(label) if label is not None else start.isoformat()))
        chosen = len(entries) - 1 if self.as_of is None else max(
            [0] + [i for i, (start, _, _) in enumerate(entries) if start <= self.as_of])
        self._dated = True
        self._selection.append(chosen)
        if chosen > 0:
            self.amendments += (f"{section}.{name}: {entries[chosen][2]}",)
        return parse(name, entries[chosen][1])

    @property
    def dated(self) -> bool:
        """True when some parameter or milestone has a history of amendments."""
        return self._dated

    def at(self, instant: datetime) -> Call:
        """This call as it stood at ``instant`` (aware): each dated parameter and milestone
        takes the value in force then. Calls without history return themselves."""
        require_aware(instant, "as of")
        if not self._dated:
            return self
        probe = Call.__new__(Call)
        probe.as_of, probe.source, probe._selection = instant, self.source, []
        probe.edition, probe.definition = self.edition, self.definition
        probe.zone = self.zone
        for section in ("timeline", "parameters"):
            for name, raw in getattr(self.definition, section).items():
                probe._select(section, name, raw)
        key = tuple(probe._selection)
        found = self._editions.get(key)
        if found is None:
            found = Call(self.definition, source=self.source, as_of=instant,
                         edition=self.edition, form=self.form)
            self._editions[key] = found
        return found

    def _select(self, section: str, name: str, raw: object) -> None:
        """Record which history entry is in force at ``self.as_of`` (no parsing of values)."""
        if isinstance(raw, Mapping) and set(raw) == {"history"}:
            starts = [self._milestone("from", e["from"]).start for e in raw["history"]]
            assert self.as_of is not None
            self._selection.append(max([0] + [i for i, s in enumerate(starts)
                                              if s <= self.as_of]))

    def _check_recurrence(self) -> None:
        """The edition's id from the recurrence's pattern; the file's own id must be its first."""
        recurrence = self.definition.recurrence
        if recurrence is None:
            return
        if not self.timeline:
            raise DefinitionError("a recurring call needs a timeline to move",
                                  code="bad_recurrence", source=self.source,
                                  loc=("recurrence",))
        year = min(m.start.year for m in self.timeline.values())
        derived = recurrence.id.replace("{year}", str(year))
        if self.edition == 0 and derived != self.definition.id:
            raise DefinitionError(
                f"the recurrence's id gives {derived!r} for the first edition, but the call's id "
                f"is {self.definition.id!r}", code="bad_recurrence", source=self.source,
                loc=("recurrence", "id"))
        for name in recurrence.year_parameters:
            if name not in self.parameters or self.parameters[name].kind != "int":
                raise DefinitionError(f"year parameter {name!r} is not a whole-number parameter",
                                      code="bad_recurrence", source=self.source,
                                      loc=("recurrence", "year_parameters"))
        self.id = derived

    def editions(self) -> tuple[Call, ...]:
        """Every edition of a recurring call (this call alone if it does not recur)."""
        recurrence = self.definition.recurrence
        if recurrence is None:
            return (self,)
        return (self, *(Call(self.definition, source=self.source, edition=k, form=self.form)
                        for k in range(1, recurrence.count)))

    def _parameter(self, name: str, raw: object) -> Parameter:
        recurrence = self.definition.recurrence
        if self.edition and recurrence is not None and name in recurrence.year_parameters:
            parsed = self._parse_parameter(name, raw)
            if parsed.kind == "int":
                return Parameter(name, "int", parsed.value + self.edition)
            return parsed
        return self._parse_parameter(name, raw)

    def _parse_parameter(self, name: str, raw: object) -> Parameter:
        try:
            return parse_parameter(name, raw)
        except ValueError as exc:
            raise DefinitionError(str(exc), code="bad_parameter", source=self.source,
                                  loc=("parameters", name)) from None

    # -- reading ---------------------------------------------------------------------------
    def parse(self, record: Any, *, source: str | None = None) -> Application:
        """An application to this call from a model, a dict or JSON text, its declared fields
        read and checked with the rest (:class:`~callrules.InputError` naming each problem).

        :func:`callrules.parse_application` reads any application, its ``fields`` untyped;
        :func:`callrules.evaluate` reads a record with this method.
        """
        return self.form.parse(record, source=source)

    def title_in(self, locale: str) -> str:
        """The call's title in ``locale``'s language, or in its first language."""
        return self.text(self.definition.title, locale)

    def text(self, texts: Mapping[str, str], locale: str) -> str:
        """The text of ``texts`` for ``locale`` (falling back to the call's first language)."""
        lang = locale.replace("-", "_").split("_")[0].lower()
        return texts.get(lang) or texts[self.languages[0]]

    def checklist(self, locale: str = "en", *, format: Literal["text", "markdown", "html"]
                  = "text", zone: str | None = None) -> str:
        """The call's timeline and conditions, generated from its rules, in ``locale``.

        ``zone`` (an IANA name such as ``America/Sao_Paulo``) also shows each instant there.
        """
        from callrules._checklist import checklist

        return checklist(self, locale, format=format, zone=zone)

    def __repr__(self) -> str:
        return f"<Call {self.id} version {self.version}>"
