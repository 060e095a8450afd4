"""Rate tables: a parameter whose value is looked up by one or more keys, in versions that
take effect on given dates, each version with its source.

Written in a call file::

    [parameters.lodging_night]
    table = { keys = ["place"], value = "money", currency = "EUR" }

    [[parameters.lodging_night.versions]]
    from = 2023-09-22
    source = "Arrêté du 20 septembre 2023 modifiant l'arrêté du 3 juillet 2006, art. 1"
    rows = [ { key = ["paris"], value = "140.00" },
             { key = ["large_city"], value = "120.00" },
             { key = ["*"], value = "90.00" } ]

Keys are codes (text); a row's key has one code per key of the table, or ``"*"``, which the
call's author writes to mean "any other" (there is never an implicit default). Rows are tried
in the order written and the first that matches wins. The version used is the last whose
``from`` is on or before the day the rule names (the day of the stay, of submission…); codes
match as people write names (:func:`callrules._keys.code_key`: "ATHIS MONS" is the row
"Athis-Mons"), for a rule and the budget planner alike; before
the first version, or when no row matches, :meth:`RateTable.lookup` raises
:class:`~callrules.exceptions.NoRateError`, which a rule reports as a finding. Values are money
(in the table's one currency), decimals, whole numbers or codes. Every row is read and checked
when the call loads, and each version indexes its rows by the shape of their keys (which
positions hold ``"*"``) and then by their codes as they match, so that a lookup is one
dictionary access per shape (at most 2 to the number of keys, 16), whatever the number of
rows: :attr:`RateTable.probes` is what the work estimate counts for it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from callrules._definitions import LIMITS
from callrules._keys import code_key, text_key
from callrules._money import Money, parse_amount
from callrules.exceptions import NoRateError

__all__ = ["ANY", "KEY_STEPS", "KINDS", "Rate", "RateTable", "TableSyntaxError", "TableVersion",
           "is_table", "parse_table"]

#: The key code that matches any value, written by the call's author.
ANY = "*"
#: The kinds of value a table holds, as written in ``value = …``, and the kind of an
#: expression that looks one up.
KINDS = {"money": "money", "decimal": "decimal", "integer": "int", "code": "str"}
_MAX_CODE = 100
#: The steps of the call's work (:mod:`callrules.language.quantifiers`, about half a
#: microsecond each) one key of a lookup costs: its code put in the form rows are matched by
#: (:func:`callrules._keys.code_key`), measured by ``benchmarks/table_lookup.py``.
KEY_STEPS = 10
_MAX_SOURCE = 500

Loc = tuple[str | int, ...]


class TableSyntaxError(ValueError):
    """A table as written is not one: the message says what is expected, ``loc`` where in
    the parameter (``("versions", 0, "rows", 2, "key")``)."""

    def __init__(self, message: str, loc: Loc = ()) -> None:
        super().__init__(message)
        self.loc = loc


def _keyed(codes: tuple[str | None, ...]) -> tuple[str | None, ...]:
    """The keys ``codes`` match by (None, a code not given, matches only ``"*"``)."""
    return tuple(code_key(code) if isinstance(code, str) and code != ANY else code
                 for code in codes)


@dataclass(frozen=True, slots=True)
class Rate:
    """A value looked up in a table, and where it comes from: the version's first day and
    source, and the row's key as written (``("*",)`` for "any other")."""

    value: Any
    start: date
    source: str
    row: tuple[str, ...]


#: A pattern of a row's key: the positions that hold a code (not ``"*"``).
Shape = tuple[int, ...]


@dataclass(frozen=True, slots=True)
class TableVersion:
    """One version of a table: in force from ``start``, its source, and its rows in order."""

    start: date
    source: str
    rows: tuple[tuple[tuple[str, ...], Any], ...]
    #: For each shape of key written (the positions holding a code, the others ``"*"``), the
    #: first row of each key of that shape, by the codes at those positions as they match
    #: (:func:`callrules._keys.code_key`): a lookup is one dictionary access per shape.
    _index: tuple[tuple[Shape, Mapping[tuple[str, ...], int]], ...] = field(
        repr=False, compare=False)

    @classmethod
    def of(cls, start: date, source: str, rows: Sequence[tuple[tuple[str, ...], Any]]
           ) -> TableVersion:
        index: dict[Shape, dict[tuple[str, ...], int]] = {}
        for position, (key, _) in enumerate(rows):
            keyed = _keyed(key)
            shape = tuple(i for i, code in enumerate(key) if code != ANY)
            index.setdefault(shape, {}).setdefault(
                tuple(str(keyed[i]) for i in shape), position)
        return cls(start, source, tuple(rows), tuple(index.items()))

    @property
    def probes(self) -> int:
        """The dictionary accesses one lookup in this version makes: one per shape of key."""
        return len(self._index)

    def patterns(self) -> frozenset[tuple[str | None, ...]]:
        """The keys of its rows as they match, ``"*"`` kept."""
        return frozenset(_keyed(key) for key, _ in self.rows)

    def row_for(self, key: tuple[str | None, ...]) -> int | None:
        """The position of the first row matching ``key``, if one does: codes match by their
        keys (:func:`callrules._keys.code_key`), so that ``SAO PAULO`` or ``São Paulo``
        written with a combining tilde is the row ``São Paulo``; a code not given (None)
        matches only ``"*"``. The first row in the order written wins, whatever its shape:
        each shape gives its first match, and the earliest of those is the row."""
        keyed = _keyed(key)
        found: int | None = None
        for shape, rows in self._index:
            if any(keyed[i] is None for i in shape):
                continue  # a code not given is matched by "*" only
            position = rows.get(tuple(str(keyed[i]) for i in shape))
            if position is not None and (found is None or position < found):
                found = position
        return found


@dataclass(frozen=True, slots=True)
class RateTable:
    """A dated table of rates, as a call's parameter holds it."""

    name: str
    #: The names of its keys, in order (``("country", "city")``), as the call wrote them.
    keys: tuple[str, ...]
    #: The kind of its values: money, decimal, int or str.
    kind: str
    currency: str | None
    #: Its versions, in order of their first day.
    versions: tuple[TableVersion, ...]
    #: What :meth:`may_match` and :meth:`yields` read, once worked out.
    _seen: dict[tuple[str, int], frozenset[str | None]] = field(
        default_factory=dict, repr=False, compare=False)

    @property
    def probes(self) -> int:
        """The most dictionary accesses one lookup makes, in any version (one per shape of
        key its rows are written in): what a lookup costs, counted in the call's work."""
        return max(version.probes for version in self.versions)

    @property
    def steps(self) -> int:
        """The steps of the call's work one lookup takes: each key put in the form rows are
        matched by, and one dictionary access per shape of key (:attr:`probes`), whatever
        the number of rows."""
        return len(self.keys) * KEY_STEPS + self.probes

    def version_on(self, day: date) -> TableVersion | None:
        """The version in force on ``day``: the last that starts on or before it."""
        index = bisect_right([v.start for v in self.versions], day)
        return self.versions[index - 1] if index else None

    def lookup(self, key: Sequence[Any], on: date | datetime) -> Rate:
        """The rate for ``key`` (one code per key of the table; None for a code not given,
        which only ``"*"`` matches; any other value by its ``repr``) on the day ``on``;
        :class:`~callrules.exceptions.NoRateError` if no version is in force then or no row
        matches. ``on`` is a day (an instant is read as its own day: give it in the call's
        zone)."""
        day = on.date() if isinstance(on, datetime) else on
        codes = tuple(code if code is None or isinstance(code, str) else repr(code)
                      for code in key)
        shown = tuple("" if code is None else code for code in codes)
        if len(codes) != len(self.keys):
            raise NoRateError(self.name, shown, day)
        version = self.version_on(day)
        if version is None:
            raise NoRateError(self.name, shown, day, first=self.versions[0].start)
        index = version.row_for(codes)
        if index is None:
            raise NoRateError(self.name, shown, day)
        row, value = version.rows[index]
        return Rate(value, version.start, version.source, row)

    def may_match(self, position: int, code: str) -> bool:
        """Whether a key whose code at ``position`` is ``code`` can match a row of some
        version: a row holds that code there (as codes match, :func:`code_key`) or
        ``"*"``. A code written in a call for which this is false can never be looked up:
        every application would be refused for the call's own mistake."""
        codes = self._known("key", position)
        return ANY in codes or code_key(code) in codes

    def yields(self, code: str) -> bool:
        """Whether some row of some version holds the value ``code`` (a table of codes, its
        values compared as a rule compares texts, :func:`text_key`): a rule comparing the
        value looked up with a code no row yields could never tell one application from
        another."""
        return self.kind == "str" and text_key(code, False) in self._known("value", 0)

    def _known(self, what: str, position: int) -> frozenset[str | None]:
        """The codes the rows of every version hold at key ``position`` (as matched, ``"*"``
        kept), or their values as texts are compared; read once, then kept."""
        found = self._seen.get((what, position))
        if found is None:
            if what == "key":
                found = frozenset(key[position] for version in self.versions
                                  for key in version.patterns())
            else:
                found = frozenset(text_key(value, False) for version in self.versions
                                  for _, value in version.rows if isinstance(value, str))
            self._seen[(what, position)] = found
        return found

    def same_shape(self, other: RateTable) -> bool:
        """Whether ``other`` has the same keys and values of the same kind and currency (two
        entries of one parameter's history must: rules are typed once)."""
        return (len(self.keys), self.kind, self.currency) == (
            len(other.keys), other.kind, other.currency)


def is_table(raw: object) -> bool:
    """Whether a parameter as written is a table (``table = …`` and ``versions = …``)."""
    return isinstance(raw, Mapping) and "table" in raw


def parse_table(name: str, raw: Mapping[str, Any]) -> RateTable:
    """Read and check a table as written; :class:`TableSyntaxError` saying what is expected
    and where."""
    if set(raw) != {"table", "versions"}:
        raise TableSyntaxError("a table parameter holds 'table' (its keys and the kind of "
                               "its values) and 'versions' (its dated rows), nothing else")
    spec = raw["table"]
    if not isinstance(spec, Mapping) or not {"keys", "value"} <= set(spec) or set(spec) - {
            "keys", "value", "currency"}:
        raise TableSyntaxError("table is { keys = [\"place\"], value = \"money\", currency = "
                               "\"EUR\" }: its keys, the kind of its values (money, decimal, "
                               "integer or code) and, for money, the currency", ("table",))
    keys = spec["keys"]
    if not isinstance(keys, list) or not 1 <= len(keys) <= LIMITS["table_keys"] or not all(
            isinstance(k, str) and 0 < len(k) <= 64 for k in keys) or len(set(keys)) < len(keys):
        raise TableSyntaxError(f"keys is a list of 1 to {LIMITS['table_keys']} distinct names",
                               ("table", "keys"))
    kind = KINDS.get(spec["value"]) if isinstance(spec["value"], str) else None
    if kind is None:
        raise TableSyntaxError("value is the kind of the table's values: money, decimal, "
                               "integer or code", ("table", "value"))
    currency = spec.get("currency")
    if (kind == "money") != (currency is not None):
        raise TableSyntaxError("a table of money states its currency (and only money has one)",
                               ("table", "currency"))
    if currency is not None:
        try:
            Money(0, currency)
        except ValueError as exc:
            raise TableSyntaxError(str(exc), ("table", "currency")) from None
    versions = raw["versions"]
    if not isinstance(versions, list) or not 1 <= len(versions) <= LIMITS["table_versions"]:
        raise TableSyntaxError(f"versions is a list of 1 to {LIMITS['table_versions']} "
                               "{from, source, rows} tables", ("versions",))
    read: list[TableVersion] = []
    for index, version in enumerate(versions):
        read.append(_version(version, len(keys), kind, currency, ("versions", index)))
        _no_dead_row(name, read[-1], ("versions", index))
        if len(read) > 1 and read[-1].start <= read[-2].start:
            raise TableSyntaxError("versions are in order of 'from', each later than the one "
                                   "before", ("versions", index, "from"))
    return RateTable(name, tuple(keys), kind, currency, tuple(read))


def _version(raw: object, width: int, kind: str, currency: str | None, loc: Loc
             ) -> TableVersion:
    if not isinstance(raw, Mapping) or set(raw) != {"from", "source", "rows"}:
        raise TableSyntaxError("each version holds 'from' (the day it takes effect), "
                               "'source' (the text it comes from) and 'rows'", loc)
    start = raw["from"]
    try:
        if isinstance(start, str):
            start = date.fromisoformat(start)
    except ValueError:
        start = None
    if not isinstance(start, date) or isinstance(start, datetime):
        raise TableSyntaxError("from is a day, such as 2023-09-22", loc + ("from",))
    source = raw["source"]
    if not isinstance(source, str) or not 0 < len(source.strip()) <= _MAX_SOURCE:
        raise TableSyntaxError(f"source is the text the rates come from, 1 to {_MAX_SOURCE} "
                               "characters (\"Arrêté du 20 septembre 2023, art. 1\")",
                               loc + ("source",))
    rows = raw["rows"]
    if not isinstance(rows, list) or not 1 <= len(rows) <= LIMITS["table_rows"]:
        raise TableSyntaxError(f"rows is a list of 1 to {LIMITS['table_rows']} "
                               "{ key = […], value = … } tables", loc + ("rows",))
    read = [_row(row, width, kind, currency, loc + ("rows", i)) for i, row in enumerate(rows)]
    return TableVersion.of(start, source, read)


def _no_dead_row(name: str, version: TableVersion, loc: Loc) -> None:
    """:class:`TableSyntaxError` for a row no lookup can reach: an earlier row matches every
    key it matches (the same codes as codes match, ``paris`` and ``PARIS``, or ``"*"``
    where it has a code), so the first silently wins and the author's later row is dead."""
    for position, (key, value) in enumerate(version.rows):
        first = version.row_for(tuple(None if code == ANY else code for code in key))
        if first is None or first >= position:
            continue
        earlier, before = version.rows[first]
        same = "the same codes" if _keyed(earlier) == _keyed(key) else "every key it matches"
        said = ("with the same value" if value == before
                else f"with another value ({_shown(before)}, not {_shown(value)})")
        raise TableSyntaxError(
            f"the table {name} gives a rate twice: its row {_shown(list(key))} is never used, "
            f"since the row {_shown(list(earlier))} before it matches {same} ({said}) and the "
            "first row that matches wins (codes match whatever their case, accents, spaces or "
            "hyphens); remove one of the two rows, or put the more particular one first",
            loc + ("rows", position, "key"))


def _shown(value: object) -> str:
    """A code, a list of codes or a value as the call author wrote it, quoted as the message
    of an unknown key quotes it: letters of any script as written (``'Saint-Étienne'``,
    never ``'Saint-\\xc9tienne'``), only what cannot be seen escaped."""
    if isinstance(value, list):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    return repr(value) if isinstance(value, str) else repr(str(value))


def _row(raw: object, width: int, kind: str, currency: str | None, loc: Loc
         ) -> tuple[tuple[str, ...], Any]:
    if not isinstance(raw, Mapping) or set(raw) != {"key", "value"}:
        raise TableSyntaxError("a row is { key = [\"paris\"], value = \"140.00\" }", loc)
    key = raw["key"]
    if not isinstance(key, list) or len(key) != width or not all(
            isinstance(k, str) and 0 < len(k) <= _MAX_CODE for k in key):
        codes = "code" if width == 1 else "codes"
        raise TableSyntaxError(f"a row's key is a list of {width} {codes}, one per key of the "
                               f"table, each a text of 1 to {_MAX_CODE} characters, or \"*\" "
                               "for any other", loc + ("key",))
    return tuple(key), _value(raw["value"], kind, currency, loc + ("value",))


def _value(raw: object, kind: str, currency: str | None, loc: Loc) -> Any:
    try:
        if kind == "money":
            assert currency is not None
            return Money(parse_amount(raw), currency)
        if kind == "decimal":
            return parse_amount(raw)
        if kind == "int" and isinstance(raw, int) and not isinstance(raw, bool) and abs(
                raw) <= 10**15:
            return raw
        if kind == "str" and isinstance(raw, str) and 0 < len(raw) <= _MAX_CODE:
            return raw
    except ValueError as exc:
        raise TableSyntaxError(f"not an amount: {exc}", loc) from None
    wanted = {"int": "a whole number of at most 15 digits",
              "str": f"a code of 1 to {_MAX_CODE} characters"}[kind]
    raise TableSyntaxError(f"a value of this table is {wanted}", loc)
